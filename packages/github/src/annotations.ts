/**
 * Findings as GitHub annotations, through `@actions/core` (`::error file=…,line=…,col=…::message`).
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and 50 per job (the sum
 * over its steps), and drops the rest silently (actions/toolkit, docs/problem-matchers.md, "Limitations").
 * So only what will be shown is emitted, errors first; when findings are left out, one notice says how
 * many of each severity, and where they all are (the job summary, the log).
 *
 * The 50 per job are shared by every step: meshkit's steps keep a tally in the job's RUNNER_TEMP (emptied
 * at the start and end of each job), so the fifth stage of a job knows what the first four used. Other
 * steps' annotations (and the runner's own) are not known: the tally is a lower bound.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as core from "@actions/core";
import { ANNOTATION_LEVEL, ANNOTATION_LIMITS, annotationPropertiesOf, sortFindings, writeFileAtomic, type AnnotationLevel, type Finding, type Severity } from "@meshkit/core";
import { stripControls } from "./text.js";

export interface AnnotationResult {
  /** Finding annotations written. */
  emitted: number;
  /** Findings not annotated because of GitHub's limits (they are in the job summary and the log). */
  omitted: number;
  /** The omitted findings by severity. */
  omittedBySeverity: Record<Severity, number>;
}

/** Annotations the step writes besides its findings, by level (they count against the same limits). */
export type ReservedAnnotations = Partial<Record<AnnotationLevel, number>>;

export interface EmitAnnotationsOptions {
  /** Annotations the whole job may still show (default: 50 less what meshkit's earlier steps in this job used). */
  maxTotal?: number;
  /** Plain `::notice::` lines the step writes (a stage's notices, the PR comment's). Same as `reserved.notice`. */
  reservedNotices?: number;
  /** Other annotations the step writes, e.g. one error for `setFailed` when the step fails. */
  reserved?: ReservedAnnotations;
  /** Names the step in the "left out" notice, e.g. "contract-lint". */
  title?: string;
}

/**
 * `@actions/core`'s annotation properties for a finding: core's, which `meshkit … -f github` writes too (a
 * finding that spans lines is annotated at the start of its node, line and column, no end).
 */
export function annotationOf(finding: Finding): core.AnnotationProperties {
  return annotationPropertiesOf(finding);
}

const EMIT: Record<AnnotationLevel, (message: string, properties?: core.AnnotationProperties) => void> = {
  error: core.error,
  warning: core.warning,
  notice: core.notice,
};

const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/**
 * The findings to annotate: errors first, then warnings, then notices, each in report order, within
 * `perLevel` of each level and `total` in all.
 */
export function pickAnnotations(findings: readonly Finding[], perLevel: Record<AnnotationLevel, number>, total: number): Finding[] {
  const sorted = sortFindings(findings);
  const picked: Finding[] = [];
  for (const severity of SEVERITIES) {
    const room = Math.max(0, Math.min(perLevel[ANNOTATION_LEVEL[severity]], total - picked.length));
    picked.push(...sorted.filter((f) => f.severity === severity).slice(0, room));
  }
  return picked;
}

/**
 * Emits the annotations GitHub will show and, when some findings do not fit, one notice that says how
 * many of each severity were left out (it takes one of the slots). Adds what the step used, reserved
 * annotations included, to the job's tally.
 */
export function emitAnnotations(findings: readonly Finding[], options: EmitAnnotationsOptions = {}): AnnotationResult {
  const reserved: Record<AnnotationLevel, number> = {
    error: options.reserved?.error ?? 0,
    warning: options.reserved?.warning ?? 0,
    notice: (options.reserved?.notice ?? 0) + (options.reservedNotices ?? 0),
  };
  const reservedTotal = reserved.error + reserved.warning + reserved.notice;
  const jobRoom = Math.max(0, (options.maxTotal ?? ANNOTATION_LIMITS.perJob - jobAnnotationsUsed()) - reservedTotal);
  const perLevel = (overflowNotice: number): Record<AnnotationLevel, number> => ({
    error: Math.max(0, ANNOTATION_LIMITS.perStep.error - reserved.error),
    warning: Math.max(0, ANNOTATION_LIMITS.perStep.warning - reserved.warning),
    notice: Math.max(0, ANNOTATION_LIMITS.perStep.notice - reserved.notice - overflowNotice),
  });
  let selected = pickAnnotations(findings, perLevel(0), jobRoom);
  // Something is left out: keep a slot for the notice that says so (if there is any slot at all).
  const overflow = selected.length < findings.length && jobRoom > 0 && perLevel(0).notice > 0;
  if (overflow) selected = pickAnnotations(findings, perLevel(1), jobRoom - 1);
  for (const finding of selected) {
    EMIT[ANNOTATION_LEVEL[finding.severity]](stripControls(finding.message), annotationOf(finding));
  }
  const omittedBySeverity = { error: 0, warning: 0, info: 0 } satisfies Record<Severity, number>;
  const shown = new Set(selected);
  for (const finding of findings) if (!shown.has(finding)) omittedBySeverity[finding.severity]++;
  const omitted = findings.length - selected.length;
  if (overflow && omitted > 0) core.notice(leftOutMessage(omittedBySeverity, options.title), { title: "meshkit: more findings than annotations" });
  addJobAnnotationsUsed(reservedTotal + selected.length + (overflow && omitted > 0 ? 1 : 0));
  return { emitted: selected.length, omitted, omittedBySeverity };
}

/** "contract-lint: 7 more findings (5 errors, 2 warnings) are not annotated: …". */
export function leftOutMessage(omitted: Record<Severity, number>, title?: string): string {
  const total = omitted.error + omitted.warning + omitted.info;
  const parts = ([["error", "error"], ["warning", "warning"], ["info", "info finding"]] as const)
    .filter(([severity]) => omitted[severity] > 0)
    .map(([severity, word]) => `${omitted[severity]} ${word}${omitted[severity] === 1 ? "" : "s"}`);
  const { error, warning, notice } = ANNOTATION_LIMITS.perStep;
  return (
    `${title ? `${title}: ` : ""}${total} more ${total === 1 ? "finding is" : "findings are"} not annotated (${parts.join(", ")}): ` +
    `GitHub shows at most ${error} error, ${warning} warning and ${notice} notice annotations per step and ${ANNOTATION_LIMITS.perJob} per job. ` +
    "The job summary and the step's log list every finding."
  );
}

/** The tally of this job's annotations written by meshkit's steps: a file in RUNNER_TEMP, or none outside a runner. */
function ledgerFile(): string | undefined {
  const dir = process.env.RUNNER_TEMP;
  const job = process.env.GITHUB_JOB;
  if (!dir || !job || !existsSync(dir)) return undefined;
  const id = `${process.env.GITHUB_RUN_ID ?? "run"}-${process.env.GITHUB_RUN_ATTEMPT ?? "1"}-${job}`.replace(/[^A-Za-z0-9._-]/g, "_");
  return join(dir, `meshkit-annotations-${id}.json`);
}

/** Annotations meshkit's earlier steps of this job wrote (0 when unknown). */
export function jobAnnotationsUsed(): number {
  const file = ledgerFile();
  if (!file || !existsSync(file)) return 0;
  try {
    const used = (JSON.parse(readFileSync(file, "utf8")) as { used?: unknown }).used;
    return typeof used === "number" && Number.isFinite(used) && used >= 0 ? used : 0;
  } catch {
    return 0;
  }
}

function addJobAnnotationsUsed(count: number): void {
  const file = ledgerFile();
  if (!file || count === 0) return;
  try {
    writeFileAtomic(file, `${JSON.stringify({ used: jobAnnotationsUsed() + count })}\n`);
  } catch {
    // The tally is a help, never a reason to fail the step.
  }
}
