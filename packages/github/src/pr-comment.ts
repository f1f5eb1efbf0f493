/**
 * meshkit's one PR comment: a verdict line, then one section per stage (lint, compat, policy,
 * contract-test, provision). Each stage action writes only its own section (between hidden markers)
 * into the comment found by its marker, so the stages of a job fill one comment in place, in any
 * order and on every re-run; `meshkit ci` renders all sections at once with the same functions.
 * Pure text functions: no I/O here.
 */
import {
  compareText,
  ExitCode,
  PR_COMMENT_MAX_CHARS,
  capMarkdown,
  escapeHtmlText,
  escapeMarkdown,
  renderMarkdown,
  summarize,
  type ReportInput,
  type StageReport,
} from "@meshkit/core";
import { oneLine } from "./text.js";

/** Finds the comment among a pull request's comments (never shown: an HTML comment). */
export const PR_COMMENT_MARKER = "<!-- meshkit:pr-comment -->";

/**
 * The commit the comment's sections are for (the pull request's head), on the line after the marker.
 * A section written for another commit is stale: a new push starts the comment over, so the verdict
 * never counts a stage that passed on an earlier commit as passed on this one.
 */
const HEAD_PATTERN = /^<!-- meshkit:head ([0-9a-f]{40,64}) -->$/m;
const HEAD_SHA = /^[0-9a-f]{40,64}$/;

/** The stages of each event, in the order the pipeline runs them (and the comment lists them). */
export const PIPELINE_STAGES = {
  pull_request: ["contract-lint", "schema-compat", "policy-check", "contract-test", "provision"],
  push: ["provision", "contract-test", "catalog-publish"],
} as const satisfies Record<string, readonly string[]>;

export type PipelineEvent = keyof typeof PIPELINE_STAGES;

/** `passed` with warnings is `warned`; `error`: an input could not be processed (exit code 2); `skipped`: not run, and why. */
export type StageStatus = "passed" | "warned" | "failed" | "error" | "skipped";

/** One stage's section, as rendered into the comment (and read back from it). */
export interface StageSection {
  stage: string;
  /**
   * The project the stage ran in (its working directory, relative to the workspace), when not the
   * workspace itself: jobs of one pull request that check two projects each keep their own section.
   */
  project?: string;
  status: StageStatus;
  /** The whole section, markers included. */
  text: string;
}

const STATUS_ICON: Record<StageStatus, string> = { passed: "✅", warned: "⚠️", failed: "❌", error: "⛔", skipped: "⏭️" };
const STATUS_WORD: Record<StageStatus, string> = { passed: "passed", warned: "passed with warnings", failed: "failed", error: "could not run", skipped: "skipped" };
/** The comment's room for sections: GitHub's limit less the verdict, the footer and some slack. */
const SECTIONS_BUDGET_CHARS = PR_COMMENT_MAX_CHARS - 4_000;
// A project is written URI-encoded (no space, no `-->`); comments written before projects had none.
const SECTION_PATTERN = /^<!-- meshkit:stage ([a-z0-9-]+)(?: in=(\S+))? (passed|warned|failed|error|skipped) -->\n[\s\S]*?\n<!-- \/meshkit:stage \1(?: in=\2)? -->$/gm;

/** The status a stage's exit code and findings stand for. */
export function stageStatus(exitCode: ExitCode, warnings: number): StageStatus {
  if (exitCode === ExitCode.badInput) return "error";
  if (exitCode !== ExitCode.ok) return "failed";
  return warnings > 0 ? "warned" : "passed";
}

/**
 * A stage's section: a heading with its status, the finding counts and tables, then the stage's own
 * markdown (changelog, checks with measured values, the plan). Passing stages are folded.
 * `maxChars` bounds the section, so that five stages always fit in one comment.
 */
export function renderStageSection(
  stage: string,
  report: StageReport,
  exitCode: ExitCode,
  tool: ReportInput["tool"],
  { maxChars = Math.floor(SECTIONS_BUDGET_CHARS / PIPELINE_STAGES.pull_request.length), project }: { maxChars?: number; project?: string } = {},
): StageSection {
  const summary = summarize(report.findings, report.files);
  const status = stageStatus(exitCode, summary.warnings);
  const details = report.summary ? demoteHeadings(report.summary.trim()) : "";
  // The findings get at least half the room; the stage's markdown what is left.
  const findings = renderMarkdown({ findings: report.findings, ...(report.suppressed?.length ? { suppressed: report.suppressed } : {}), summary, tool, rules: [...report.rules], title: stage }, { asSection: true, maxBytes: Math.floor(maxChars / 2) }).trim();
  // A stage's notices are annotations; what they say is in its markdown too.
  const body = [findings, details ? capMarkdown(details, maxChars - findings.length - 400, "the PR comment has room for about 12,000 characters per stage; the job summary has it all") : ""].filter((part) => part !== "").join("\n\n");
  return sectionOf(stage, status, body, project);
}

/**
 * The section of a stage that could not run (a bad input, an unreadable event, an internal error), with the
 * one-line reason the step failed with. A stage that stopped after it had found things (`found`: a catalog
 * that stopped answering after some products, terraform failing once the contracts were read) lists them
 * under the reason: they hold whatever the stage had to say before it stopped.
 */
export function errorStageSection(
  stage: string,
  reason: string,
  project?: string,
  found?: { report: Pick<StageReport, "findings" | "files" | "rules">; tool: ReportInput["tool"]; maxChars?: number },
): StageSection {
  const why = `${escapeMarkdown(oneLine(reason))}\n\nThe step's log has the details.`;
  if (!found || found.report.findings.length === 0) return sectionOf(stage, "error", why, project);
  const { report, tool, maxChars = Math.floor(SECTIONS_BUDGET_CHARS / PIPELINE_STAGES.pull_request.length) } = found;
  const findings = renderMarkdown({ findings: report.findings, summary: summarize(report.findings, report.files), tool, rules: [...report.rules], title: stage }, { asSection: true, maxBytes: Math.max(1_000, maxChars - why.length - 400) }).trim();
  return sectionOf(stage, "error", `${why}\n\nFound before it stopped:\n\n${findings}`, project);
}

/**
 * The section of a stage that did not run (e.g. publishing after a failed test), saying why. The reason
 * may name branches (`looked for origin/HEAD, main, …`): text, escaped as errorStageSection's.
 */
export function skippedStageSection(stage: string, reason: string): StageSection {
  return sectionOf(stage, "skipped", `${escapeMarkdown(oneLine(reason.replace(/\s+/g, " ")))}.`);
}

/**
 * A document's text that spells a section marker (a property named `<!-- /meshkit:stage contract-lint -->`,
 * kept verbatim in a code span) would end its section early when the comment is read back, hiding the
 * findings after it: a zero-width space after `meshkit` breaks the spelling and shows nothing.
 */
const MARKER_SPELLING = /(<!--\s*\/?\s*meshkit)(:stage)/g;

function sectionOf(stage: string, status: StageStatus, text: string, project?: string): StageSection {
  const heading = (label: string) => `${STATUS_ICON[status]} ${label}: ${STATUS_WORD[status]}`;
  const body = text.replace(MARKER_SPELLING, "$1\u200b$2");
  // Folded when there is nothing to act on; open when the reviewer has something to read. A `<summary>` is
  // HTML, where GitHub reads no Markdown (a project's `data\\_products` would show its backslash): HTML-escaped.
  const label = sectionLabel({ stage, project });
  const content = status === "passed" ? `<details>\n<summary>${heading(escapeHtmlText(label))}</summary>\n\n${body}\n\n</details>` : `### ${heading(escapeMarkdown(label))}\n\n${body}`;
  const key = project ? `${stage} in=${encodeURIComponent(project)}` : stage;
  return { stage, ...(project ? { project } : {}), status, text: `<!-- meshkit:stage ${key} ${status} -->\n${content}\n<!-- /meshkit:stage ${key} -->` };
}

/** How a section is named in its heading and the verdict (as code): the stage, and its project when it has one. */
function sectionLabel(section: Pick<StageSection, "stage" | "project">): string {
  return section.project ? `${section.stage} (${oneLine(section.project).replace(/`/g, "'")})` : section.stage;
}

/** Sections are one per stage and project: a stage's new section replaces the one of its own project only. */
function sameSection(a: StageSection, b: StageSection): boolean {
  return a.stage === b.stage && (a.project ?? "") === (b.project ?? "");
}

/** The sections of a comment written by `renderPipelineComment`, in their order. */
export function parseStageSections(body: string): StageSection[] {
  return [...withLineFeeds(body).matchAll(SECTION_PATTERN)].map((m) => ({ stage: m[1] ?? "", ...(m[2] ? { project: decodeProject(m[2]) } : {}), status: m[3] as StageStatus, text: m[0] }));
}

function decodeProject(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** The commit a comment's sections are for, when it names one. */
export function commentHeadOf(body: string): string | undefined {
  return HEAD_PATTERN.exec(withLineFeeds(body))?.[1];
}

/**
 * A comment body with its line breaks as meshkit writes them (`\n`). GitHub returns a body as it was last
 * saved, and its web editor saves `\r\n`: once anyone edits meshkit's comment in the browser, the markers
 * sit on lines ending in `\r`, and a body read as written would name no commit and hold no sections, so the
 * next stage would drop every other stage's section (and failure) from the comment and its verdict.
 */
function withLineFeeds(body: string): string {
  return body.replace(/\r\n?/g, "\n");
}

/**
 * `body` (the comment as it is, or undefined when there is none yet) with `section` put in or replaced.
 * With `head` (the pull request's head commit): the other sections are kept only when the comment is for
 * that same commit (a re-run, or the next stage of the same job); after a new push they are dropped, and
 * the verdict lists those stages as not reported yet.
 */
export function mergeStageSection(body: string | undefined, section: StageSection, event: PipelineEvent, footer = "", head?: string): string {
  const current = head !== undefined && HEAD_SHA.test(head) ? head : undefined;
  const sameCommit = current === undefined || (body !== undefined && commentHeadOf(body) === current);
  const others = body === undefined || !sameCommit ? [] : parseStageSections(body).filter((s) => !sameSection(s, section));
  let merged = renderPipelineComment([...others, section], event, footer, current);
  // Sections shortened to fit (fitSections) leave room the next merge gives the others: settle that here,
  // so merging the same section again leaves the comment as it is (the sticky comment then writes once).
  for (let pass = 0; pass < 3; pass++) {
    const again = renderPipelineComment([...parseStageSections(merged).filter((s) => !sameSection(s, section)), section], event, footer, current);
    if (again === merged) break;
    merged = again;
  }
  return merged;
}

/**
 * The whole comment: marker (and, with `head`, the hidden commit line), verdict, then the sections in
 * pipeline order (stages the event does not list, e.g. a custom step, after them). The verdict counts
 * what has reported; stages still missing are named, so a reviewer never reads "safe" while a stage
 * has not run.
 */
export function renderPipelineComment(sections: readonly StageSection[], event: PipelineEvent, footer = "", head?: string): string {
  const order: readonly string[] = PIPELINE_STAGES[event];
  const rank = (stage: string) => (order.includes(stage) ? order.indexOf(stage) : order.length);
  const sorted = [...sections].sort((a, b) => rank(a.stage) - rank(b.stage) || compareText(a.stage, b.stage) || compareText(a.project ?? "", b.project ?? ""));
  const headLine = head !== undefined && HEAD_SHA.test(head) ? [`<!-- meshkit:head ${head} -->`] : [];
  const top = [PR_COMMENT_MARKER, ...headLine, "## meshkit", "", verdictOf(sorted, order, event), ""];
  const bottom = footer ? [footer, ""] : [];
  // What the sections may take: the limit less everything else, the blank line after each section included.
  const room = PR_COMMENT_MAX_CHARS - [...top, ...bottom].join("\n").length - 2 * sorted.length - 1;
  return capComment([...top, ...fitSections(sorted, room).flatMap((s) => [s.text, ""]), ...bottom].join("\n"));
}

/**
 * The sections, each shortened to its share of `room` when together they do not fit. Every section
 * stays whole at its markers: a comment cut at its end would lose the last sections' closing markers, so
 * the next stage to write (or a re-run) reads the comment back without them, and the verdict drops
 * their failures or calls them not reported. Five stages fit their own budgets; several projects (five
 * sections each) or extra stages need this.
 */
function fitSections(sections: readonly StageSection[], room: number): StageSection[] {
  if (sections.reduce((sum, s) => sum + s.text.length, 0) <= room) return [...sections];
  // Shortest first: a section under its fair share leaves the rest to the longer ones.
  const bySize = sections.map((section, index) => ({ section, index })).sort((a, b) => a.section.text.length - b.section.text.length);
  const share = new Array<number>(sections.length);
  let left = room;
  bySize.forEach(({ section, index }, rank) => {
    share[index] = Math.min(section.text.length, Math.max(0, Math.floor(left / (bySize.length - rank))));
    left -= share[index]!;
  });
  return sections.map((section, index) => (section.text.length <= share[index]! ? section : shortenSection(section, share[index]!)));
}

/** A section cut to about `maxChars`, its opening and closing markers kept (and any fold closed). */
function shortenSection(section: StageSection, maxChars: number): StageSection {
  const lines = section.text.split("\n");
  const open = lines[0]!;
  const close = lines[lines.length - 1]!;
  const content = capMarkdown(lines.slice(1, -1).join("\n"), Math.max(0, maxChars - open.length - close.length - 2), "the PR comment is shared by more sections than fit in full; the job summary has it all").replace(/\n+$/, "");
  return { ...section, text: `${open}\n${content}\n${close}` };
}

/**
 * A comment body GitHub accepts: at most `PR_COMMENT_MAX_CHARS` (65,536) characters, or it refuses the
 * whole comment (422). Each section has its own budget, so this cut is a last resort (a comment that
 * holds more sections than the pipeline's stages); it cuts at a line, closes open folds and says so.
 * Measured in UTF-16 units (never fewer than GitHub's characters), cut in UTF-8 bytes (never fewer still).
 */
export function capComment(body: string): string {
  if (body.length <= PR_COMMENT_MAX_CHARS) return body;
  return capMarkdown(body, PR_COMMENT_MAX_CHARS, `a GitHub comment is limited to ${PR_COMMENT_MAX_CHARS.toLocaleString("en-US")} characters; each stage's job summary has its whole report`);
}

/** The verdict line: what blocks, or that nothing does, and which stages have not reported yet. */
export function verdictOf(sections: readonly StageSection[], expected: readonly string[], event: PipelineEvent): string {
  const labelled = (status: StageStatus) => sections.filter((s) => s.status === status).map((s) => `\`${sectionLabel(s)}\``);
  const failed = labelled("failed");
  // A stage that could not run did not fail a check: the verdict says so in the words of its own section.
  const stopped = labelled("error");
  const blocking = [...failed, ...stopped];
  // Each project that has reported a stage runs all of them (its own job): until it has, a project whose
  // job is still running, or was cancelled, must not let another project's finished stages read "safe".
  const projectOf = (s: Pick<StageSection, "project">) => s.project ?? "";
  const reported = sections.filter((s) => expected.includes(s.stage));
  const projects = reported.length > 0 ? [...new Set(reported.map(projectOf))] : [""];
  const missingIn = (stage: string) => projects.filter((project) => !sections.some((s) => s.stage === stage && projectOf(s) === project));
  const missing = expected.flatMap((stage) => missingIn(stage).map((project) => `\`${sectionLabel({ stage, ...(project ? { project } : {}) })}\``));
  const pending = missing.length > 0 ? ` Not reported yet: ${missing.join(", ")}.` : "";
  if (blocking.length > 0) {
    const what = event === "pull_request" ? "Not safe to merge" : "Not released";
    const why = [...(failed.length > 0 ? [`${failed.join(", ")} ${failed.length === 1 ? "fails" : "fail"}`] : []), ...(stopped.length > 0 ? [`${stopped.join(", ")} could not run`] : [])];
    return `❌ **${what}**: ${why.join("; ")}.${pending}`;
  }
  const passed = sections.filter((s) => s.status === "passed" || s.status === "warned").length;
  const warned = sections.filter((s) => s.status === "warned").length;
  const skipped = sections.filter((s) => s.status === "skipped").map((s) => `\`${sectionLabel(s)}\``);
  const note = `${warned > 0 ? ` (${warned} with warnings)` : ""}${skipped.length > 0 ? `; skipped: ${skipped.join(", ")}` : ""}`;
  // Of the expected stages (a stage run in two projects counts once, when both reported and passed).
  const stagesPassed = expected.filter((stage) => missingIn(stage).length === 0 && sections.every((s) => s.stage !== stage || s.status === "passed" || s.status === "warned")).length;
  if (missing.length > 0) return `⏳ **${stagesPassed} of ${expected.length} stages passed**${note}.${pending}`;
  const what = event === "pull_request" ? "Safe to merge" : "Released";
  return `✅ **${what}**: ${passed === 1 ? "1 stage" : `${passed} stages`} passed${note}.`;
}

/** Markdown headings two levels down (outside code fences), so a stage's `##` sits under its `###` section. */
function demoteHeadings(markdown: string): string {
  let fenced = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^(```|~~~)/.test(line)) fenced = !fenced;
      return !fenced && /^#{1,4} /.test(line) ? `##${line}` : line;
    })
    .join("\n");
}
