/**
 * What every meshkit action's main does once it has its inputs: run the stage, then report its
 * findings the GitHub way (annotations, job summary, optional SARIF, outputs) and fail the step
 * with a one-line reason when the exit code is not 0. Nothing here prints environment values.
 */
import { randomBytes } from "node:crypto";
import { accessSync, constants, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import * as core from "@actions/core";
import {
  ExitCode,
  INPUT_RULE_IDS,
  StoppedRunError,
  UsageError,
  capMarkdown,
  exitCodeFor,
  placeFindings,
  renderReport,
  renderReportPieces,
  sortFindings,
  summarize,
  summaryLine,
  type FailOn,
  type Finding,
  type ReportInput,
  type StageReport,
  type Summary,
  writeOutputFile,
} from "@meshkit/core";
import pkg from "../package.json" with { type: "json" };
import { emitAnnotations, leftOutMessage, type AnnotationResult } from "./annotations.js";
import type { GithubEvent } from "./event.js";
import { type StageSection, errorStageSection, mergeStageSection, renderStageSection } from "./pr-comment.js";
import { type PullRequestRef, pullRequestOf, upsertStickyComment } from "./sticky-comment.js";
import { checkWritableFile, reportPlace, workspaceRoot } from "./inputs.js";
import { writeFailureSummary, writeJobSummary } from "./summary.js";
import { oneLine } from "./text.js";

/** The outputs every stage action sets (declare them in its action.yml). */
export const STAGE_OUTPUTS = { errors: "errors", warnings: "warnings", sarifFile: "sarif-file" } as const;

/**
 * The longest value a stage sets as a step output (in UTF-8 bytes, which is never fewer than GitHub's
 * characters). GitHub keeps at most 1 MB of outputs per job (sized as UTF-16, 2 bytes a character), and a
 * value such as schema-compat's `changelog` is typically pasted into a PR comment, whose body may have at
 * most 65,536 characters. A longer value is cut at a line, with a note that says so.
 */
export const OUTPUT_MAX_BYTES = 60_000;

/** `value`, or its first lines and a note when it is over `OUTPUT_MAX_BYTES` (`capMarkdown`). */
export function capOutput(name: string, value: string, maxBytes = OUTPUT_MAX_BYTES): string {
  if (Buffer.byteLength(value, "utf8") <= maxBytes) return value;
  return capMarkdown(value, maxBytes, `the \`${name}\` output is limited to ${maxBytes.toLocaleString("en-US")} bytes, to fit a PR comment (65,536 characters) and GitHub's 1 MB of outputs per job; the job summary has all of it`);
}

/** What a stage's `run` returns (core's `StageReport`, built by each stage package). */
export type StageResult = StageReport;

export interface RunStageOptions {
  /** The check's name, e.g. "contract-lint": headings, the failure message. */
  title: string;
  run: () => Promise<StageResult>;
  /** Where to write SARIF 2.1.0 (relative paths: to the workspace); nothing is written when empty. */
  sarifFile?: string;
  /** Files the stage reads, named by its inputs (absolute): the SARIF file must not be one of them. */
  readPaths?: readonly string[];
  failOn: FailOn;
  /**
   * The directory the findings' file paths are relative to (the stage's working directory).
   * They are rewritten relative to their repository's root in the workspace (`reportPlace`), which is what annotations
   * and code scanning expect.
   */
  workingDirectory?: string;
  tool?: ReportInput["tool"];
  /** On a pull request: write this stage's section of meshkit's PR comment with this token. */
  prComment?: PrCommentOptions;
}

export interface PrCommentOptions {
  token: string;
  /** The triggering event (read only when a comment may be written). */
  event: () => GithubEvent | undefined;
  /** GITHUB_API_URL. */
  apiUrl: string;
  /**
   * The stage's working directory: below the workspace, its section is that project's, so the jobs of a
   * repository with several meshkit projects do not overwrite each other's sections.
   */
  workingDirectory?: string;
}

export interface StageOutcome {
  exitCode: ExitCode;
  summary?: Summary;
  annotations?: AnnotationResult;
  /** Absolute path of the SARIF file written, if any. */
  sarifFile?: string;
}

export const DEFAULT_TOOL: ReportInput["tool"] = {
  name: "meshkit",
  version: pkg.version,
  informationUri: "https://github.com/meshkit/meshkit",
};

/** Runs a stage and reports it; never throws (a thrown error fails the step with one line). */
export async function runStage(options: RunStageOptions): Promise<StageOutcome> {
  let result: StageResult;
  try {
    checkOutputFile();
    // Written after the stage, which for provision's apply and catalog-publish is after production changed.
    if (options.sarifFile) checkWritableFile(sarifPath(options.sarifFile), "sarif-file", options.readPaths);
    result = await options.run();
  } catch (error) {
    // Stopped after it had found things (provision's terraform failed): they are annotated, then the one-line failure;
    // the job summary and the PR comment list them under the reason, as `meshkit ci` does.
    if (error instanceof StoppedRunError && error.findings.length > 0) {
      const found = sortFindings(options.workingDirectory ? placeFindings(error.findings, reportPlace(options.workingDirectory)) : error.findings);
      emitAnnotations(found, { title: options.title, reserved: { error: 1 } });
      const sarifFile = reportStopped(options, found, error);
      return { exitCode: await failStage(error, options.title, options.prComment, { findings: found, files: error.files, rules: error.rules }), ...(sarifFile ? { sarifFile } : {}) };
    }
    return { exitCode: await failStage(error, options.title, options.prComment) };
  }
  try {
    return await reportStage(options, result);
  } catch (error) {
    return { exitCode: await failStage(error, options.title, options.prComment) };
  }
}

/**
 * The runner's file for step outputs (GITHUB_OUTPUT), checked before the stage runs: one that is missing or
 * not a writable file fails the step in one line (it was "internal error: Missing file at path …", after
 * the stage's work). Unset, @actions/core writes outputs as workflow commands instead.
 */
function checkOutputFile(): void {
  const path = process.env.GITHUB_OUTPUT;
  if (!path) return;
  let problem: string | undefined;
  try {
    if (!statSync(path).isFile()) problem = "is not a file";
    else accessSync(path, constants.W_OK);
  } catch (error) {
    problem = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be written (${firstLine(error)})`;
  }
  if (problem) throw new UsageError(`GITHUB_OUTPUT ${path} ${problem}: the step's outputs cannot be set (the runner provides this file)`);
}

/**
 * The SARIF file and outputs of a stage that stopped after it had found things, as `meshkit <command> -f sarif` reports
 * such a run: what it found, and why it stopped (`executionSuccessful: false`), so the upload step guarded by the
 * `sarif-file` output still sees them; with the counts, and the outputs what it found settles (`StoppedRunError.outputs`).
 * Returns the SARIF file's absolute path, if one was written.
 */
function reportStopped(options: RunStageOptions, findings: Finding[], error: StoppedRunError): string | undefined {
  const summary = summarize(findings, error.files);
  let sarifFile = "";
  if (options.sarifFile) {
    try {
      const input: ReportInput = { findings, summary, tool: options.tool ?? DEFAULT_TOOL, rules: [...error.rules], title: options.title, ...sarifCategoryOf(options.title, projectOf(options.workingDirectory)), failOn: options.failOn, error: failureMessage(error) };
      writeOutputFile(sarifPath(options.sarifFile), renderReportPieces("sarif", input));
      sarifFile = sarifPath(options.sarifFile);
      core.info(`SARIF written to ${sarifFile}`);
    } catch (failed) {
      core.warning(`${options.title}: could not write the SARIF file: ${firstLine(failed)}`);
    }
  }
  core.setOutput(STAGE_OUTPUTS.errors, summary.errors);
  core.setOutput(STAGE_OUTPUTS.warnings, summary.warnings);
  core.setOutput(STAGE_OUTPUTS.sarifFile, sarifFile);
  for (const [name, value] of Object.entries(error.outputs)) core.setOutput(name, value);
  return sarifFile || undefined;
}

/** The SARIF file's absolute path (a relative one is relative to the workspace). */
function sarifPath(sarifFile: string): string {
  return isAbsolute(sarifFile) ? resolve(sarifFile) : resolve(workspaceRoot(), sarifFile);
}

/**
 * A stage that could not run (a thrown error: a bad input, an unreadable base, an internal error):
 * fails the step with one line, and puts that line in the stage's section of the PR comment, so the
 * comment never goes on showing the stage's report from an earlier run.
 */
export async function failStage(error: unknown, title: string, prComment?: PrCommentOptions, found?: Pick<StageResult, "findings" | "files" | "rules">): Promise<ExitCode> {
  const exitCode = failAction(error, title);
  const report = found ? { report: found, tool: DEFAULT_TOOL } : undefined;
  await writeFailureSummary(errorStageSection(title, failureMessage(error), undefined, report).text);
  if (prComment) await commentOnPullRequest(title, (project) => errorStageSection(title, failureMessage(error), project, report), prComment);
  return exitCode;
}

async function reportStage(options: RunStageOptions, result: StageResult): Promise<StageOutcome> {
  const place = options.workingDirectory ? reportPlace(options.workingDirectory) : undefined;
  const findings = sortFindings(place ? placeFindings(result.findings, place) : result.findings);
  const summary = summarize(findings, result.files);
  const inputRuleIds = new Set([...INPUT_RULE_IDS, ...(result.inputRuleIds ?? [])]);
  const exitCode = exitCodeFor(findings, options.failOn, inputRuleIds);
  // Waived failures go to the SARIF file (as suppressed results), and to the summary and PR comment in a table of their own.
  const suppressed = place && result.suppressed ? placeFindings(result.suppressed, place) : result.suppressed;
  const inSource = place && result.suppressedInSource ? placeFindings(result.suppressedInSource, place) : result.suppressedInSource;
  const input: ReportInput = {
    findings,
    summary,
    tool: options.tool ?? DEFAULT_TOOL,
    rules: [...result.rules],
    title: options.title,
    ...sarifCategoryOf(options.title, projectOf(options.workingDirectory)),
    failOn: options.failOn,
    ...(suppressed?.length ? { suppressed } : {}),
    ...(inSource?.length ? { suppressedInSource: inSource } : {}),
  };

  // The PR comment first: a notice or warning it leaves (a fork, a token that may not comment) is one of
  // GitHub's 10 per level and step, and written after ten warning findings it would not be shown at all.
  const commentAnnotation = options.prComment
    ? await commentOnPullRequest(options.title, (project) => renderStageSection(options.title, { ...result, findings, ...(suppressed ? { suppressed } : {}) }, exitCode, input.tool, { project }), options.prComment)
    : undefined;
  const notices = result.notices ?? [];
  for (const notice of notices) core.notice(`${options.title}: ${oneLine(notice)}`);
  // The stage's notices and the PR comment's share GitHub's 10 notices per step with info findings; a
  // failing step's one-line reason (setFailed) is an error annotation too.
  const annotations = emitAnnotations(findings, {
    title: options.title,
    reservedNotices: notices.length + (commentAnnotation === "notice" ? 1 : 0),
    reserved: { error: exitCode !== ExitCode.ok ? 1 : 0, warning: commentAnnotation === "warning" ? 1 : 0 },
  });
  logFindings(input);

  let summaryWritten = false;
  try {
    summaryWritten = await writeJobSummary(input, result.summary ? { append: result.summary } : {});
  } catch (error) {
    core.warning(`${options.title}: could not write the job summary: ${firstLine(error)}`);
  }
  if (annotations.omitted > 0) {
    core.info(`${leftOutMessage(annotations.omittedBySeverity).replace(/ The job summary and the step's log list every finding\.$/, "")} ${summaryWritten ? "The job summary lists every finding." : "The log above lists every finding."}`);
  }

  let sarifFile = "";
  if (options.sarifFile) {
    sarifFile = sarifPath(options.sarifFile);
    // In pieces, as the commands' -f sarif: a log of half a million findings is more text than one string holds.
    writeOutputFile(sarifFile, renderReportPieces("sarif", input));
    core.info(`SARIF written to ${sarifFile}`);
  }

  core.setOutput(STAGE_OUTPUTS.errors, summary.errors);
  core.setOutput(STAGE_OUTPUTS.warnings, summary.warnings);
  core.setOutput(STAGE_OUTPUTS.sarifFile, sarifFile);
  for (const [name, value] of Object.entries(result.outputs ?? {})) {
    const capped = capOutput(name, value);
    if (capped !== value) core.info(`${options.title}: the ${name} output was cut to ${OUTPUT_MAX_BYTES.toLocaleString("en-US")} bytes (from ${Buffer.byteLength(value, "utf8").toLocaleString("en-US")}); the job summary has all of it.`);
    core.setOutput(name, capped);
  }

  if (exitCode !== ExitCode.ok) {
    core.setFailed(`${options.title}: ${failureReason(findings, summary, options.failOn, inputRuleIds)}`);
    process.exitCode = exitCode;
  }
  return { exitCode, summary, annotations, ...(sarifFile ? { sarifFile } : {}) };
}

/**
 * Puts the stage's section into meshkit's PR comment. Never fails the step: a fork's read-only token or an
 * API error leave a notice or a warning (the level it used is returned: it counts against GitHub's limits),
 * an empty token (set on purpose) an info line, and the job summary keeps the stage's report.
 */
async function commentOnPullRequest(title: string, sectionOf: (project: string | undefined) => StageSection, options: PrCommentOptions): Promise<"notice" | "warning" | undefined> {
  const degraded = "this stage's report is in the job summary";
  let pullRequest: PullRequestRef | undefined;
  try {
    pullRequest = pullRequestOf(options.event());
  } catch (error) {
    core.warning(`${title}: no PR comment: ${firstLine(error)}; ${degraded}.`);
    return "warning";
  }
  if (!pullRequest) return undefined;
  if (pullRequest.fromFork) {
    core.notice(`${title}: the pull request comes from a fork, whose token is read-only, so there is no PR comment; ${degraded}.`);
    return "notice";
  }
  if (options.token === "") {
    core.info(`${title}: no github-token, so there is no PR comment; ${degraded}.`);
    return undefined;
  }
  const section = sectionOf(projectOf(options.workingDirectory));
  try {
    const result = await upsertStickyComment({ token: options.token, apiUrl: options.apiUrl, pullRequest, update: (body) => mergeStageSection(body, section, "pull_request", "", pullRequest.headSha) });
    core.info(`PR comment ${result.action}: ${result.url}`);
    return undefined;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    const why = status === 403 || status === 404 ? `the token may not write pull request comments (HTTP ${String(status)}; the job needs pull-requests: write)` : firstLine(error);
    core.warning(`${title}: could not write the PR comment: ${why}; ${degraded}.`);
    return "warning";
  }
}

/**
 * The SARIF file's code scanning category: the stage, and the project below the workspace when there is one
 * (`contract-lint/domains/sales`). upload-sarif keeps the category a file names, and an upload replaces the
 * alerts of an earlier one with the same tool and category: two projects' files of one stage must not share one.
 */
function sarifCategoryOf(title: string, project: string | undefined): Pick<ReportInput, "sarifCategory"> {
  return project === undefined ? {} : { sarifCategory: `${title}/${project}` };
}

/** A working directory below the workspace, as a relative path with `/`; undefined for the workspace itself (or outside it). */
function projectOf(workingDirectory: string | undefined): string | undefined {
  if (!workingDirectory) return undefined;
  const path = relative(workspaceRoot(), resolve(workingDirectory));
  return path === "" || path.startsWith("..") || isAbsolute(path) ? undefined : path.split(sep).join("/");
}

/** Runs an action's main (reading inputs, then `runStage`), turning anything thrown into a one-line failure. */
export async function runAction(main: () => Promise<unknown>, title?: string): Promise<void> {
  try {
    await main();
  } catch (error) {
    failAction(error, title);
  }
}

/**
 * Fails the step with one line: a `UsageError`'s message (bad input, missing file), or
 * "internal error: <first line>". The stack goes to the debug log only when step debugging is on.
 */
export function failAction(error: unknown, title?: string): ExitCode {
  const prefix = title ? `${title}: ` : "";
  core.setFailed(`${prefix}${failureMessage(error)}`);
  if (!(error instanceof UsageError) && core.isDebug() && error instanceof Error && error.stack) core.debug(error.stack);
  process.exitCode = ExitCode.badInput;
  return ExitCode.badInput;
}

/** A thrown error in one line: a `UsageError`'s message, or "internal error: <first line>". */
function failureMessage(error: unknown): string {
  return error instanceof UsageError ? firstLine(error) : `internal error: ${firstLine(error)}`;
}

/**
 * Why the step fails, in one line: "3 error findings", or the first input that could not be processed
 * (a finding whose rule is in `inputRuleIds`, by default core's input rules).
 */
export function failureReason(findings: readonly Finding[], summary: Summary, failOn: FailOn, inputRuleIds: ReadonlySet<string> = INPUT_RULE_IDS): string {
  const unprocessable = findings.filter((f) => inputRuleIds.has(f.ruleId));
  const first = unprocessable[0];
  if (first) {
    const more = unprocessable.length > 1 ? ` (and ${unprocessable.length - 1} more)` : "";
    return oneLine(`input could not be processed: ${first.file}:${first.line}:${first.column}: ${first.message}${more}`);
  }
  const countWarnings = failOn === "warning" && summary.warnings > 0;
  if (summary.errors > 0) {
    return `${count(summary.errors, "error finding")}${countWarnings ? ` and ${count(summary.warnings, "warning finding")} (fail-on: warning)` : ""}`;
  }
  return `${count(summary.warnings, "warning finding")} (fail-on: warning)`;
}


/**
 * The summary line, and every finding gcc style (`file:line:col: severity rule-id message`) in a
 * group folded under it. Workflow commands are stopped around the findings, so a file name or
 * message that starts with `::` cannot become an annotation or any other command.
 */
function logFindings(input: ReportInput): void {
  const headline = summaryLine(input.summary, false, input.suppressed?.length);
  if (input.findings.length === 0) {
    core.info(headline);
    return;
  }
  const text = renderReport("text", { ...input, color: false });
  const token = `meshkit-${randomBytes(16).toString("hex")}`;
  core.startGroup(headline);
  process.stdout.write(`::stop-commands::${token}\n`);
  process.stdout.write(text);
  process.stdout.write(`::${token}::\n`);
  core.endGroup();
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(message.split(/\r?\n/)[0] ?? "") || "unknown error";
}
