/**
 * Helpers every reporter shares: text sanitising, positions, counts, docs links, grouping.
 * Format-specific escaping lives in `markdown-text.ts` (Markdown) and `xml.ts` (XML);
 * workflow-command escaping is in `github.ts`.
 */
import { sep } from "node:path";
import { docsUrlFor, type Finding, type RuleMeta, type Severity, type SuppressedFinding, type Summary } from "../findings.js";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** Replace lone UTF-16 surrogates with U+FFFD so the text can be encoded (URIs, UTF-8, XML). */
export function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/**
 * C0 controls other than tab, LF and CR; DEL; C1 controls (ESC sequences could recolour a terminal or log).
 * Also the bidirectional embeddings, overrides and isolates: in a report they would make text read in an
 * order other than the one written (CVE-2021-42574, "Trojan Source").
 */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const UNSAFE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Drop control characters except tab, LF and CR (and bidirectional controls), and make the string
 * well-formed UTF-16. One replace, not a string grown a character at a time: that left each message a
 * rope of one node per character (~10 KB for 300 characters) until joined, and 500,000 findings of a
 * text report held 4 GB.
 */
export function stripControlChars(text: string): string {
  return toWellFormed(text).replace(UNSAFE_CONTROLS, "");
}

const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;

/** Replace line breaks with `replacement` (a space by default). */
export function replaceLineBreaks(text: string, replacement = " "): string {
  return text.replace(LINE_BREAKS, replacement);
}

/** For one-line outputs (the text format): no line breaks, no control characters. */
export function singleLine(text: string): string {
  return stripControlChars(replaceLineBreaks(text));
}

/**
 * A file as tools that want repository-relative, forward-slash paths see it (GitHub, SARIF). A backslash is a
 * separator where the path's system says so (`separator`, Windows'): on Linux and macOS it is a character of
 * the name (`a\b.yaml` is one file in the folder), and a `/` there would name another file.
 */
export function toPosixPath(file: string, separator: string = sep): string {
  return (separator === "\\" ? file.replace(/\\/g, "/") : file).replace(/^(?:\.\/)+/, "");
}

/** Positions clamped to what every consumer accepts: 1-based integers, end not before start. */
export interface Region {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

function positiveInt(n: number | undefined): number | undefined {
  if (n === undefined || !Number.isFinite(n)) return undefined;
  const i = Math.floor(n);
  return i >= 1 ? i : undefined;
}

export function regionOf(finding: Finding): Region {
  const line = positiveInt(finding.line) ?? 1;
  const column = positiveInt(finding.column) ?? 1;
  const region: Region = { line, column };
  const endLine = positiveInt(finding.endLine);
  const endColumn = positiveInt(finding.endColumn);
  if (endLine !== undefined && endLine >= line) region.endLine = endLine;
  if (endColumn !== undefined && (region.endLine ?? line) > line) region.endColumn = endColumn;
  else if (endColumn !== undefined && endColumn >= column) region.endColumn = endColumn;
  return region;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function totalOf(summary: Summary): number {
  return summary.errors + summary.warnings + summary.infos;
}

/** `3 errors, 1 warning, 0 infos in 12 files`, or `no problems in 12 files`. */
export function summaryPhrase(summary: Summary, waived = 0): string {
  // Waived failures are counted apart (conftest's exceptions): not problems, and not out of sight either.
  const files = `in ${plural(summary.files, "file")}${waived > 0 ? ` (${waived} waived)` : ""}`;
  if (totalOf(summary) === 0) return `no problems ${files}`;
  return `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${plural(summary.infos, "info")} ${files}`;
}

/**
 * A run that stopped (ReportInput.error) before it read a file or found anything: it has no counts to give, and
 * "no problems in 0 files" beside the reason would read as a pass.
 */
export function stoppedBeforeChecking(input: { error?: string; findings: readonly unknown[]; summary: Summary }): boolean {
  return input.error !== undefined && input.findings.length === 0 && input.summary.files === 0;
}

/** An http(s) URL, normalised (percent-encoded), or undefined: never a `javascript:` link in a report. */
export function httpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(toWellFormed(url));
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The docs page of a rule (`docs/rules/<id>.md`), safe for any id. */
export function ruleDocsUrl(ruleId: string): string {
  return docsUrlFor(encodeURIComponent(toWellFormed(ruleId)));
}

/**
 * Where a finding's rule is documented: its own `docsUrl` when usable, else the rule's (`rules`: those of
 * the report), else meshkit's docs page for it; nowhere when the rule says it has none.
 */
export function docsUrlOf(finding: Finding, rules: readonly RuleMeta[] = []): string | undefined {
  const own = httpUrl(finding.docsUrl);
  if (own !== undefined) return own;
  const meta = rules.find((r) => r.id === finding.ruleId);
  if (meta?.docsUrl === null) return undefined;
  return httpUrl(meta?.docsUrl) ?? ruleDocsUrl(finding.ruleId);
}

/** How a suppressed finding's waiver reads in every format: `waived by <approver> until <expires>: <justification>`. */
export function waiverNote(f: SuppressedFinding): string {
  const { approver, expires, justification } = f.suppression;
  return `waived by ${approver} until ${expires}: ${justification}`;
}

/** Group already-sorted findings by file, keeping their order. */
export function groupByFile<F extends Finding>(findings: readonly F[]): Map<string, F[]> {
  const groups = new Map<string, F[]>();
  for (const f of findings) {
    const group = groups.get(f.file);
    if (group) group.push(f);
    else groups.set(f.file, [f]);
  }
  return groups;
}

/** Byte length in UTF-8 (GitHub's size limits are in bytes; bytes ≥ UTF-16 units, so also safe for character limits). */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
