import { appendFileSync, existsSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  INPUT_RULE_IDS,
  type FailOn,
  type Finding,
  type InSourceSuppressedFinding,
  type ReportFormat,
  type ReportInput,
  type RuleMeta,
  type SuppressedFinding,
  REPORT_FORMATS,
  UsageError,
  exitCodeFor,
  isReportFormat,
  fileInTheWay,
  besideName,
  placeFindings,
  isInsideFolder,
  realPathOf,
  reportPlacer,
  workflowRepositoryOf,
  renderJobSummary,
  renderMarkdown,
  renderReport,
  renderReportPieces,
  summarize,
  singleLine,
  summaryLine,
  writeFailureReason,
  type WrittenText,
  writeOutputFile,
} from "@meshkit/core";
import { VERSION } from "./version.js";
import { writeInert } from "./workflow-commands.js";

export interface ReportOptions {
  format?: string;
  output?: string;
  failOn?: string;
}

/** What a command adds to a report: a stage's own input rules (exit 2, e.g. `policy-invalid`), and extra JSON fields. */
export interface ReportExtras {
  inputRuleIds?: readonly string[];
  /** The findings' files are already where the format shows them (placedFor): meshkit ci places them once, for all its outputs. */
  placed?: boolean;
  /** Failures a waiver accepted: shown apart in every format, never counted. */
  suppressed?: readonly SuppressedFinding[];
  /** Findings a comment in their file suppressed: in SARIF and JSON only, never counted. */
  suppressedInSource?: readonly InSourceSuppressedFinding[];
  extra?: Record<string, unknown>;
  /**
   * The stage's own markdown (its plan, changelog, checks table), after the findings: in the job summary (`-f github`),
   * as its action writes it, and in `-f markdown`, which a workflow posts as it is. Built only then.
   */
  summary?: () => string;
  /** Where the report goes without --output: stdout, or stderr when stdout carries something else (emitted SQL). */
  stream?: NodeJS.WritableStream;
  /** A step after the findings failed (exit 2): machine formats say so beside them (json `error`, SARIF's invocation). */
  error?: string;
  /**
   * The SARIF run's code scanning category when the title carries options (`schema-compat (forward)`,
   * `provision plan (local)`): the stage alone, as its action names it. Code scanning compares a pull request's
   * analysis with the base branch's of the same category, and keeps a category's alerts until that category is
   * uploaded again: a plan on pull requests and an apply on main, or a changed compat mode, must not make two.
   */
  sarifCategory?: string;
  /** JUnit's test cases in place of the findings of one rule (`meshkit policy test`: one per expectation). */
  testCases?: ReportInput["testCases"];
}

export function parseFormat(format: string | undefined, stream: NodeJS.WriteStream): ReportFormat {
  if (format === undefined) return process.env.GITHUB_ACTIONS === "true" && !stream.isTTY ? "github" : "text";
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown --format ${format}; use one of ${REPORT_FORMATS.join(", ")}`);
  return format as ReportFormat;
}

export function parseFailOn(failOn: string | undefined): FailOn {
  if (failOn === undefined) return "error";
  if (failOn !== "error" && failOn !== "warning") throw new UsageError(`unknown --fail-on ${failOn}; use error or warning`);
  return failOn;
}

/** Whether this process wrote its report: a run that stops after it (a failed push of metrics) keeps that one. */
let reported = false;

/** Renders findings in the chosen format to --output or stdout, and returns the exit code. */
export function report(found: Finding[], files: number, rules: readonly RuleMeta[], title: string, options: ReportOptions, cwd: string, extras: ReportExtras = {}): number {
  reported = true;
  const { extra, inputRuleIds = [], error, sarifCategory } = extras;
  const format = parseFormat(options.format, process.stdout);
  const failOn = parseFailOn(options.failOn);
  const placed = extras.placed ? <F extends Finding>(findings: readonly F[]) => [...findings] : placedFor(format, cwd);
  const findings = placed(found);
  const suppressed = extras.suppressed && placed(extras.suppressed);
  const suppressedInSource = extras.suppressedInSource && placed(extras.suppressedInSource);
  // The github format's job summary, which lists every finding: GitHub's step summary file, when there is one.
  const summaryFile = process.env.GITHUB_STEP_SUMMARY ?? "";
  const inputRules = inputRuleIds.length > 0 ? new Set([...INPUT_RULE_IDS, ...inputRuleIds]) : INPUT_RULE_IDS;
  const input = {
    findings,
    summary: summarize(findings, files),
    tool: { name: "meshkit", version: VERSION, informationUri: "https://github.com/meshkit/meshkit" },
    rules: [...rules],
    title,
    ...(sarifCategory !== undefined ? { sarifCategory } : {}),
    failOn,
    inputRuleIds: inputRules,
    ...(format === "github" ? { jobSummary: summaryFile !== "" } : {}),
    color: format === "text" && !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR,
    ...(extra ? { extra } : {}),
    // Text on stdout leaves it out: the command's one line on stderr says it to the same reader; a file says it.
    ...(error !== undefined && (format !== "text" || options.output) ? { error } : {}),
    ...(suppressed?.length ? { suppressed } : {}),
    ...(suppressedInSource?.length ? { suppressedInSource } : {}),
    ...(extras.testCases ? { testCases: extras.testCases } : {}),
  };
  // Markdown is read by people (a PR comment): it carries what the stage found, not only its findings.
  const pieces = (): Iterable<string> => (format === "markdown" && extras.summary ? [renderMarkdown(input, { append: extras.summary() })] : renderReportPieces(format, input));
  if (options.output) {
    writeOutputOption(options.output, pieces(), cwd);
    // The report is in the file; one line on stderr still says how the run went, so a failing
    // command never exits silently.
    process.stderr.write(`${summaryLine(input.summary, false, input.suppressed?.length)}; report written to ${options.output}\n`);
  } else if (format === "text" || format === "markdown") {
    // Text for people, written inert in a CI log: markdown keeps code spans as written (a column named `x ##[error]y`).
    writeInert([...pieces()].join(""), extras.stream ?? process.stdout);
  } else for (const piece of pieces()) (extras.stream ?? process.stdout).write(piece);
  // The github format is annotations and the job summary: the annotations GitHub shows are capped, the
  // summary lists every finding.
  if (format === "github") appendJobSummary(summaryFile, input, extras.summary);
  return exitCodeFor(findings, failOn, inputRules);
}

/**
 * Appends the github format's job summary to GitHub's step summary file, when there is one (`summaryFile`), as
 * GitHub documents. The run is already reported (annotations): a summary file that cannot be written is a
 * warning, as the actions treat it, not an internal error that would hide the run's own exit code.
 */
function appendJobSummary(summaryFile: string, input: ReportInput, append?: () => string): void {
  if (summaryFile === "") return;
  try {
    appendFileSync(summaryFile, renderJobSummary(input, append ? { append: append() } : {}));
  } catch (error) {
    process.stderr.write(`meshkit: warning: the job summary could not be written to ${singleLine(summaryFile)}: ${singleLine(error instanceof Error ? error.message : String(error))}\n`);
  }
}

/**
 * The findings' paths as `format` needs them. GitHub places an annotation (`github`) and code scanning a SARIF
 * result (`sarif`) by the path in the repository: inside GitHub Actions, a run in the workspace names files from
 * the root of their repository there (core's `reportPlacer`: the workspace, or the checkout below it that
 * actions/checkout's `path:` made), as the actions do; otherwise they stay relative to the folder meshkit ran in.
 */
function placedFor(format: ReportFormat, cwd: string): <F extends Finding>(findings: readonly F[]) => F[] {
  const place = workspacePlacer(format, cwd);
  return place === undefined ? (findings) => [...findings] : (findings) => placeFindings(findings, place);
}

/**
 * Findings' files and the files their messages name, both as the report in `format` shows them: for meshkit ci,
 * whose progress lines and PR comment name files as its report does; undefined when they stay from `cwd`.
 */
export function reportPlaces(format: ReportFormat, cwd: string): { placeFindings: <F extends Finding>(findings: readonly F[]) => F[]; displayFile: (file: string) => string } | undefined {
  if (workspacePlacer(format, cwd) === undefined) return undefined;
  return { placeFindings: placedFor(format, cwd), displayFile: reportedFile(format, cwd) };
}

/**
 * A file (given from `cwd`) as the report in `format` shows findings' files (see placedFor): for a command whose
 * messages name files (compat's `was at …`), so a message's path reads as its finding's file does.
 */
export function reportedFile(format: ReportFormat, cwd: string): (file: string) => string {
  return workspacePlacer(format, cwd) ?? ((file) => file);
}

/**
 * How the report names files when not from `cwd` (see placedFor): for the github and sarif formats of a run inside
 * GitHub Actions' workspace. Compared by their real paths, as the actions take them: a self-hosted runner's work
 * folder is often a link to another disk, which GITHUB_WORKSPACE keeps while a `run:` step's current directory is
 * the real path; compared as written, the run seemed outside the workspace and its paths stayed from `cwd`.
 */
function workspacePlacer(format: ReportFormat, cwd: string): ((file: string) => string) | undefined {
  const written = process.env.GITHUB_ACTIONS === "true" && process.env.GITHUB_WORKSPACE ? resolve(process.env.GITHUB_WORKSPACE) : "";
  if (written === "" || (format !== "github" && format !== "sarif")) return undefined;
  if (!isInsideFolder(realPathOf(resolve(cwd)), realPathOf(written))) return undefined;
  return reportPlacer(written, cwd, workflowRepositoryOf());
}

/**
 * The report of a run that stopped before it had findings (an input it could not process), in the format
 * report() would write — the one asked for, or (`byDefault`: the command reports without --format, as
 * `meshkit ci` does not) github by default inside GitHub Actions — to `--output` or
 * stdout: without it, the step that uploads SARIF or parses the JSON finds nothing, the github format makes no
 * annotation saying why the step failed, and the comment a workflow posts is none, or an earlier run's "Passed"
 * left at `--output` (a text report too). Text on stdout is left out: the one-line error on stderr, written
 * anyway, says it to the same reader. Its SARIF run is in the command's code scanning category (`sarifCategory`,
 * the stage's: `contract-lint`), so that its upload replaces the analysis the command's other runs upload.
 */
export function reportStoppedRun(error: string, options: ReportOptions, title: string, cwd: string, { byDefault, sarifCategory }: { byDefault: boolean; sarifCategory?: string }): void {
  if (reported || (options.format === undefined && !byDefault)) return;
  const format = options.format ?? parseFormat(undefined, process.stdout);
  if (!isReportFormat(format) || (format === "text" && !options.output)) return;
  const input: ReportInput = { findings: [], summary: summarize([], 0), tool: { name: "meshkit", version: VERSION, informationUri: "https://github.com/meshkit/meshkit" }, rules: [], title, error, ...(sarifCategory !== undefined ? { sarifCategory } : {}) };
  const text = renderReport(format, input);
  // The step's summary says the run stopped, and why, where a finished run's table would be: without it the
  // summary of a failed step is empty (or only an earlier step's), and the annotation alone says why.
  if (format === "github") appendJobSummary(process.env.GITHUB_STEP_SUMMARY ?? "", input);
  // Markdown is text for people, written inert in a CI log as report() writes it.
  if (!options.output) return void (format === "markdown" ? writeInert(text) : process.stdout.write(text));
  try {
    writeOutputOption(options.output, text, cwd);
  } catch (failed) {
    // Not a stack trace and exit code 1 in place of the usage error's 2. When the run stopped for this very
    // --output, its one line has said so; otherwise a second line says the report is missing too.
    if (!(failed instanceof UsageError)) throw failed;
    if (!error.includes(resolve(cwd, options.output)) && !error.includes(outputLabel(options.output))) process.stderr.write(`meshkit: no ${format} report either: ${singleLine(failed.message)}\n`);
  }
}

/** How an error names the file `-o/--output` gave: by the option and the path as typed, as `provision plan --out` does. */
function outputLabel(output: string): string {
  return `--output ${output}`;
}

/** Writes what a command reports to the file `-o/--output` names (from `cwd`); an error names the option. */
export function writeOutputOption(output: string, text: WrittenText, cwd: string): void {
  writeOutputFile(resolve(cwd, output), text, outputLabel(output));
}

/**
 * Whether a file an option names (`--results`, `--markdown`) can be written, found before the run: a probe
 * is written and removed in its folder, as the atomic write will — or, when that folder is not there yet, in
 * the nearest one above it, where the write will make it. Nothing is left behind: a usage error found after
 * this check (`--server` with `--data`, an unknown `--object`) leaves no empty folder. A device or a pipe
 * (`/dev/stdout`) is written in place, and is not probed.
 */
export function checkWritable(file: string, option: string): void {
  const stats = existsSync(file) ? statSync(file) : undefined;
  if (stats?.isDirectory()) throw new UsageError(`cannot write ${option} ${file}: it is a folder`);
  if (stats && !stats.isFile()) return;
  if (fileInTheWay(dirname(file)) !== undefined) {
    throw new UsageError(`cannot write ${option} ${file}: ${writeFailureReason(file, Object.assign(new Error("ENOTDIR"), { code: "ENOTDIR" }))}`);
  }
  const folder = nearestExistingFolder(dirname(file));
  const probe = join(folder, besideName(basename(file), "probe"));
  try {
    writeFileSync(probe, "");
  } catch (error) {
    // Node names the probe ("EACCES: permission denied, open '<probe>'"): say why, not the probe's name.
    const errno = /^(E[A-Z]+): ([^,]+)/.exec(firstLine(error));
    throw new UsageError(`cannot write ${option} ${file}: ${errno ? `${errno[2]} in ${folder} (${errno[1]})` : firstLine(error)}`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** `folder` itself, or the nearest folder above it that exists (no part of the path is a file: checked first). */
function nearestExistingFolder(folder: string): string {
  let at = resolve(folder);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0]!;
}
