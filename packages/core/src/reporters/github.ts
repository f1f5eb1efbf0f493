/**
 * `github`: GitHub Actions workflow commands (`::error file=…,line=…::message`), capped at what GitHub
 * shows, plus the job summary (Markdown for GITHUB_STEP_SUMMARY) that lists every finding.
 */
import { sortFindings, type Finding, type Severity } from "../findings.js";
import { plural, regionOf, stoppedBeforeChecking, stripControlChars, toPosixPath } from "./common.js";
import { summaryLine } from "./text.js";
import {
  SEVERITY_LABEL,
  capMarkdown,
  closeReport,
  closingBytes,
  escapeMarkdown,
  inlineCode,
  reportHead,
  renderWithinBudget,
  ruleLink,
  tableHeader,
  tableRow,
  toolFooter,
  waivedSection,
} from "./markdown-text.js";
import { titleOf, type ReportInput } from "./types.js";

/**
 * How many annotations GitHub shows. From actions/toolkit, docs/problem-matchers.md, "Limitations"
 * (https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations):
 * "10 warning annotations, 10 error annotations, and 10 notice annotations per step;
 *  50 annotations per job (sum of annotations from all the steps)". Further ones are silently dropped.
 */
export const ANNOTATION_LIMITS = {
  perStep: { error: 10, warning: 10, notice: 10 },
  perJob: 50,
} as const;

/**
 * The runner refuses a step summary over 1024k and drops all of it
 * ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k").
 */
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;
/** What `renderJobSummary` uses by default: the limit minus room for whatever else the step writes. */
export const JOB_SUMMARY_BUDGET_BYTES = 960 * 1024;

export type AnnotationLevel = "error" | "warning" | "notice";

export const ANNOTATION_LEVEL: Record<Severity, AnnotationLevel> = { error: "error", warning: "warning", info: "notice" };

/** Workflow command data (the message): `%`, CR, LF as in @actions/core's `escapeData`. */
export function escapeWorkflowData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Workflow command property values: data escaping plus `:` and `,`, as in @actions/core's `escapeProperty`. */
export function escapeWorkflowProperty(text: string): string {
  return escapeWorkflowData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * The findings GitHub will actually show as annotations: errors first, then warnings, then notices,
 * each in report order, at most the per-step limit of each level and `maxTotal` in all
 * (lower it when several steps of one job annotate).
 */
export function selectAnnotations(findings: readonly Finding[], maxTotal: number = ANNOTATION_LIMITS.perJob, errorsBefore = 0): Finding[] {
  const sorted = sortFindings(findings);
  const selected: Finding[] = [];
  for (const severity of ["error", "warning", "info"] as const) {
    // `errorsBefore`: error annotations the step makes first (a stopped run's), which count against the same limit.
    const limit = ANNOTATION_LIMITS.perStep[ANNOTATION_LEVEL[severity]] - (severity === "error" ? errorsBefore : 0);
    selected.push(...sorted.filter((f) => f.severity === severity).slice(0, Math.max(0, limit)));
  }
  return selected.slice(0, Math.max(0, maxTotal - errorsBefore));
}

/** The properties `@actions/core`'s `error()/warning()/notice()` take, for glue that uses the toolkit. */
export interface AnnotationProperties {
  title: string;
  file: string;
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * Where GitHub annotates a finding. Columns "cannot be sent when `startLine` and `endLine` are different values"
 * (@actions/core's AnnotationProperties): the runner calls such a command invalid and drops both columns. So a
 * finding that spans lines (a whole document, a mapping) is annotated at the start of its node, line and
 * column without an end: the column is what points at the exact YAML node. One on a single line keeps its end.
 */
export function annotationPropertiesOf(finding: Finding): AnnotationProperties {
  const region = regionOf(finding);
  const start = {
    title: stripControlChars(finding.ruleId),
    file: toPosixPath(stripControlChars(finding.file)),
    startLine: region.line,
    startColumn: region.column,
  };
  if (region.endLine !== undefined && region.endLine !== region.line) return start;
  return {
    ...start,
    ...(region.endLine !== undefined || region.endColumn !== undefined ? { endLine: region.line } : {}),
    ...(region.endColumn !== undefined ? { endColumn: region.endColumn } : {}),
  };
}

/** One `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=rule-id::message` line. */
export function formatAnnotation(finding: Finding): string {
  const p = annotationPropertiesOf(finding);
  const props: [string, string | number | undefined][] = [
    ["file", p.file],
    ["line", p.startLine],
    ["col", p.startColumn],
    ["endLine", p.endLine],
    ["endColumn", p.endColumn],
    ["title", p.title],
  ];
  const properties = props
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeWorkflowProperty(String(value))}`)
    .join(",");
  const message = escapeWorkflowData(stripControlChars(finding.message));
  return `::${ANNOTATION_LEVEL[finding.severity]} ${properties}::${message}`;
}

/**
 * A run that stopped (ReportInput.error) is an error annotation of its own, without a file, as @actions/core's
 * setFailed makes: the step's annotations then say why it failed, not only the runner's "exit code 2".
 */
function stoppedAnnotation(input: ReportInput): string {
  return `::error title=${escapeWorkflowProperty(stripControlChars(titleOf(input)))}::${escapeWorkflowData(stripControlChars(input.error ?? ""))}`;
}

export function renderGithub(input: ReportInput): string {
  const stopped = input.error !== undefined ? [stoppedAnnotation(input)] : [];
  const annotations = input.jobSummary === false ? sortFindings(input.findings) : selectAnnotations(input.findings, ANNOTATION_LIMITS.perJob, stopped.length);
  const lines = [...stopped, ...annotations.map(formatAnnotation)];
  if (!stoppedBeforeChecking(input)) lines.push(summaryLine(input.summary, false, input.suppressed?.length));
  const omitted = input.findings.length - annotations.length;
  if (omitted > 0) {
    const { error, warning, notice } = ANNOTATION_LIMITS.perStep;
    lines.push(
      `${plural(omitted, "more finding")} in the job summary (GitHub shows at most ${error} error, ${warning} warning and ${notice} notice annotations per step)`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export interface JobSummaryOptions {
  /** Markdown the stage adds after the findings (its changelog, checks table, plan); it gets at most half of the budget. */
  append?: string;
  /** The whole summary's budget (GitHub refuses a step summary over 1 MiB). */
  maxBytes?: number;
}

/**
 * Markdown for GITHUB_STEP_SUMMARY: heading, verdict, counts, a table of every finding
 * (Severity | Rule | Location | Message), the waived failures apart, the stage's own markdown, then the footer.
 * Rows are only cut when the summary would exceed `maxBytes`. The actions and `meshkit … -f github` share it.
 */
export function renderJobSummary(input: ReportInput, options: JobSummaryOptions = {}): string {
  const budget = options.maxBytes ?? JOB_SUMMARY_BUDGET_BYTES;
  const extra = options.append ? capMarkdown(options.append, Math.floor(budget / 2)) : "";
  const table = { table: true };
  const findings = sortFindings(input.findings);
  const row = (index: number) => {
    const f = findings[index]!;
    return tableRow([SEVERITY_LABEL[f.severity], ruleLink(f, table, input.rules), inlineCode(`${f.file}:${f.line}:${f.column}`, table), escapeMarkdown(f.message, table)]);
  };
  const sections = [{ heading: tableHeader(["Severity", "Rule", "Location", "Message"]), count: findings.length, row }, ...waivedSection(input)];
  const tail = (omitted: number) => (omitted > 0 ? `_${plural(omitted, "more finding")} not shown: a step summary is limited to 1 MiB._` : "");
  const footer = toolFooter(input);
  const report = renderWithinBudget(reportHead(input), sections, tail, budget - closingBytes(extra, footer));
  return closeReport(report, extra, footer);
}
