/**
 * The one result shape every meshkit stage produces (DESIGN.md, "One shape for every result").
 * Reporters, exit codes and the GitHub glue all work from this and nothing else.
 */
export type Severity = "error" | "warning" | "info";
/** A rule's configured level: a severity, or `off` to drop its findings. */
export type RuleLevel = Severity | "off";
export type Stage = "lint" | "compat" | "policy" | "test" | "provision" | "catalog" | "config" | "input";

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Path of the file as the user named it (relative to the working directory when possible). */
  file: string;
  /** 1-based line and column of the YAML node the finding is about. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** JSON pointer (RFC 6901) of the node inside the document; "" for the whole document. */
  path: string;
  stage: Stage;
  docsUrl?: string;
}

/**
 * A finding a waiver accepted (policy-check's `policy.waivers`): reported apart, never counted in the
 * summary or the exit code. SARIF shows it as a result with an external, accepted suppression.
 */
export interface SuppressedFinding extends Finding {
  suppression: { justification: string; approver: string; expires: string };
}

/**
 * A finding a comment in its own file suppressed (`# meshkit-disable-next-line <rule> -- <reason>`): the
 * author silenced it where it stands, so the human formats leave it out (as linters do), and SARIF and
 * JSON, which code scanning and other programs read, keep it: SARIF as a result with an in-source suppression.
 */
export interface InSourceSuppressedFinding extends Finding {
  /** The reason after ` -- ` ("" when the comment gives none). */
  justification: string;
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
}

/** Exit codes shared by every command (DESIGN.md). */
export const ExitCode = { ok: 0, findings: 1, badInput: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Rule ids that mean "this input could not be processed" (unreadable, unparseable, not text).
 * They are reported as findings like any other, but make the command exit 2, not 1.
 */
export const INPUT_RULES: readonly RuleMeta[] = [
  { id: "file-unreadable", defaultSeverity: "error", stage: "input", description: "The file cannot be read (missing, a directory, no permission)." },
  { id: "file-too-large", defaultSeverity: "error", stage: "input", description: "The file is larger than meshkit reads (10 MiB)." },
  { id: "file-not-text", defaultSeverity: "error", stage: "input", description: "The file is binary or not valid UTF-8." },
  { id: "yaml-syntax", defaultSeverity: "error", stage: "input", description: "The file is not valid YAML or JSON." },
  { id: "yaml-duplicate-key", defaultSeverity: "error", stage: "input", description: "A mapping repeats a key." },
  { id: "yaml-alias-limit", defaultSeverity: "error", stage: "input", description: "YAML aliases expand beyond the safe limit (\"billion laughs\"), or without end (an alias inside its own anchor)." },
  { id: "config-invalid", defaultSeverity: "error", stage: "config", description: "meshkit.yaml has an unknown key or a bad value." },
];

export const INPUT_RULE_IDS: ReadonlySet<string> = new Set(INPUT_RULES.map((r) => r.id));

export const DOCS_BASE_URL = "https://github.com/meshkit/meshkit/blob/main/docs/rules";

export function docsUrlFor(ruleId: string): string {
  return `${DOCS_BASE_URL}/${ruleId}.md`;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Locale-independent string order (UTF-16 code units): the same on every machine. `localeCompare` follows
 * the process's locale (LANG), so a report's order would differ between a laptop and a CI runner.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of every report: file, position, severity, rule id, then message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

/** Stable order for every reporter: file, position, then rule id. */
export function sortFindings<F extends Finding>(findings: readonly F[]): F[] {
  return [...findings].sort(compareFindings);
}

/** What tells two findings apart: the same rule saying the same thing at the same place is the same finding. */
export function findingKey(f: Finding): string {
  return JSON.stringify([f.ruleId, f.severity, f.file, f.line, f.column, f.message]);
}

/**
 * `findings` with each finding once, the first kept: several runs over one file (the stages of `meshkit ci`,
 * lint and policy in a hook) each report an input problem of it, such as a `yaml-syntax` error, and one
 * report of them all lists it once.
 */
export function withoutRepeats<F extends Finding>(findings: readonly F[]): F[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = findingKey(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function summarize(findings: readonly Finding[], files: number): Summary {
  const summary: Summary = { errors: 0, warnings: 0, infos: 0, files };
  for (const f of findings) {
    if (f.severity === "error") summary.errors++;
    else if (f.severity === "warning") summary.warnings++;
    else summary.infos++;
  }
  return summary;
}

/** How many files the findings are in: the files a run that stopped at them (a bad meshkit.yaml) has read. */
export function filesWithFindings(findings: readonly Finding[]): number {
  return new Set(findings.map((f) => f.file)).size;
}

export type FailOn = "error" | "warning";

/** Whether a finding fails the run under `--fail-on`. */
export function failsRun(f: Finding, failOn: FailOn = "error"): boolean {
  return f.severity === "error" || (failOn === "warning" && f.severity === "warning");
}

export function exitCodeFor(findings: readonly Finding[], failOn: FailOn = "error", inputRuleIds: ReadonlySet<string> = INPUT_RULE_IDS): ExitCode {
  if (findings.some((f) => inputRuleIds.has(f.ruleId))) return ExitCode.badInput;
  return findings.some((f) => failsRun(f, failOn)) ? ExitCode.findings : ExitCode.ok;
}

/**
 * An error that stops a command before it can produce findings (bad arguments, unreadable config).
 * The CLI prints `message` on one line and exits with `exitCode`; never a stack trace.
 */
export class UsageError extends Error {
  readonly exitCode: ExitCode = ExitCode.badInput;
}

/**
 * A `UsageError` raised after the command had findings (provision: the server or `terraform` failed
 * once the contracts were read). The CLI and the actions report `findings` with the one-line error,
 * so that what was found (a warning about a contract) is not lost to, say, a network failure.
 * `outputs`: the action outputs of the stage that what it found settles (schema-compat's `required-bump`).
 */
export class StoppedRunError extends UsageError {
  /**
   * The rules of the stage that stopped (set by each stage's subclass): a report of `findings` describes them as the
   * stage's finished report does (SARIF `tool.driver.rules`, docs links), not by their ids alone.
   */
  readonly rules: readonly RuleMeta[] = [];

  constructor(
    message: string,
    readonly findings: readonly Finding[],
    readonly files: number,
    readonly outputs: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** What a reporter (SARIF `tool.driver.rules`, docs links) needs to know about a rule. */
export interface RuleMeta {
  id: string;
  defaultSeverity: RuleLevel;
  /** One line: what the rule checks. */
  description: string;
  stage: Stage;
  /**
   * Where the rule is documented, when not at meshkit's docs/rules/<id>.md; `null` when nowhere (a policy
   * pack's rule that names no docsUrl): reports then link nothing rather than a page that does not exist.
   */
  docsUrl?: string | null;
  /**
   * An error of this rule means its stage checked no document (a policy pack that does not compile: no policy runs),
   * as a config that could not be used does: SARIF then says the run did not succeed.
   */
  stopsStage?: boolean;
}
