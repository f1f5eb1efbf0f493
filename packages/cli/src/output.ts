import { type Stats, appendFileSync, existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import {
  INPUT_RULE_IDS,
  type FailOn,
  type Finding,
  type InSourceSuppressedFinding,
  type ReportFormat,
  type RuleMeta,
  type SuppressedFinding,
  REPORT_FORMATS,
  UsageError,
  exitCodeFor,
  loadText,
  mayBeMeshkitDocument,
  namedAsMeshkitDocument,
  readSourceFile,
  renderJobSummary,
  renderReport,
  renderReportPieces,
  summarize,
  singleLine,
  summaryLine,
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
  /** Failures a waiver accepted: shown apart in every format, never counted. */
  suppressed?: readonly SuppressedFinding[];
  /** Findings a comment in their file suppressed: in SARIF and JSON only, never counted. */
  suppressedInSource?: readonly InSourceSuppressedFinding[];
  extra?: Record<string, unknown>;
  /** The stage's own markdown for the job summary (`-f github`), after the findings, as its action writes it; built only then. */
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

/**
 * Refuses a file a command writes (`option`: --output, test's --results, ci's --markdown…) that would
 * replace what it reads (`meshkit lint orders.odcs.yaml -o orders.odcs.yaml`): a path named in its
 * arguments, any contract, product, config or policy, found or not, or an existing data file. Its own
 * earlier report is none of these, so re-running a command still overwrites that.
 */
export function refuseOutputOverInput(output: string, inputs: readonly string[], cwd: string, option = "--output"): void {
  const target = resolve(cwd, output);
  const input = inputs.some((path) => sameFile(resolve(cwd, path), target));
  const what = input ? "an input of this command" : holdsMeshkitDocument(target) ? "a meshkit document" : existsSync(target) && DATA_FILE.test(target) ? "a data file" : undefined;
  if (what) throw new UsageError(`${option} ${output} is ${what}; write to another file`);
}

/** Data a contract's server may name (a report is never written as one): overwriting it would lose data. */
const DATA_FILE = /\.(?:csv|tsv|parquet|pq|jsonl|ndjson|duckdb|db)$/i;

/** Whether two paths name one existing file, through symlinks and hard links too. */
function sameFile(a: string, b: string): boolean {
  const first = statIfReadable(a);
  const second = statIfReadable(b);
  return first !== undefined && second !== undefined && first.dev === second.dev && first.ino === second.ino;
}

function statIfReadable(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function holdsMeshkitDocument(path: string): boolean {
  const read = readSourceFile(path);
  if (!read.ok) return false;
  if (namedAsMeshkitDocument(path)) return true;
  return mayBeMeshkitDocument(read.text) && loadText(path, read.text).documents.some((doc) => doc.kind.type !== "other");
}

/** Whether this process wrote its report: a run that stops after it (a failed push of metrics) keeps that one. */
let reported = false;

/** Renders findings in the chosen format to --output or stdout, and returns the exit code. */
export function report(findings: Finding[], files: number, rules: readonly RuleMeta[], title: string, options: ReportOptions, cwd: string, extras: ReportExtras = {}): number {
  reported = true;
  const { extra, inputRuleIds = [], error, suppressed, suppressedInSource, sarifCategory } = extras;
  const format = parseFormat(options.format, process.stdout);
  const failOn = parseFailOn(options.failOn);
  const input = {
    findings,
    summary: summarize(findings, files),
    tool: { name: "meshkit", version: VERSION, informationUri: "https://github.com/meshkit/meshkit" },
    rules: [...rules],
    title,
    ...(sarifCategory !== undefined ? { sarifCategory } : {}),
    failOn,
    color: format === "text" && !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR,
    ...(extra ? { extra } : {}),
    ...(error !== undefined ? { error } : {}),
    ...(suppressed?.length ? { suppressed } : {}),
    ...(suppressedInSource?.length ? { suppressedInSource } : {}),
  };
  if (options.output) {
    writeOutputFile(resolve(cwd, options.output), renderReportPieces(format, input));
    // The report is in the file; one line on stderr still says how the run went, so a failing
    // command never exits silently.
    process.stderr.write(`${summaryLine(input.summary, false, input.suppressed?.length)}; report written to ${options.output}\n`);
  } else if (format === "text" || format === "markdown") {
    // Text for people, written inert in a CI log: markdown keeps code spans as written (a column named `x ##[error]y`).
    writeInert(renderReport(format, input), extras.stream ?? process.stdout);
  } else for (const piece of renderReportPieces(format, input)) (extras.stream ?? process.stdout).write(piece);
  // The github format is annotations and the job summary: the annotations GitHub shows are capped, the
  // summary lists every finding. A step's summary file is appended to, as GitHub documents.
  const summaryFile = process.env.GITHUB_STEP_SUMMARY ?? "";
  if (format === "github" && summaryFile !== "") {
    // The findings are already reported (annotations): a summary file that cannot be written is a warning,
    // as the actions treat it, not an internal error that would hide the run's own exit code.
    try {
      appendFileSync(summaryFile, renderJobSummary(input, extras.summary ? { append: extras.summary() } : {}));
    } catch (error) {
      process.stderr.write(`meshkit: warning: the job summary could not be written to ${singleLine(summaryFile)}: ${singleLine(error instanceof Error ? error.message : String(error))}\n`);
    }
  }
  return exitCodeFor(findings, failOn, inputRuleIds.length > 0 ? new Set([...INPUT_RULE_IDS, ...inputRuleIds]) : INPUT_RULE_IDS);
}

/** Formats a program reads: a run that stopped (exit 2) still gets one of them, saying why (`error`). */
const MACHINE_FORMATS: ReadonlySet<string> = new Set(["json", "sarif", "junit"]);

/**
 * The report of a run that stopped before it had findings (an input it could not process), in the
 * `--format` asked for when a program reads it, to `--output` or stdout: without it, the step that
 * uploads SARIF or parses the JSON finds nothing. The one-line error on stderr is written anyway.
 */
export function reportStoppedRun(error: string, options: ReportOptions, title: string, cwd: string): void {
  if (reported || options.format === undefined || !MACHINE_FORMATS.has(options.format)) return;
  const text = renderReport(options.format as ReportFormat, { findings: [], summary: summarize([], 0), tool: { name: "meshkit", version: VERSION, informationUri: "https://github.com/meshkit/meshkit" }, rules: [], title, error });
  if (options.output) writeOutputFile(resolve(cwd, options.output), text);
  else process.stdout.write(text);
}
