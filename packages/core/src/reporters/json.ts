/** `json`: `{ findings, summary }`, findings sorted, keys in a fixed order, 2-space indent. */
import { sortFindings, type Finding, type InSourceSuppressedFinding, type SuppressedFinding, type Summary } from "../findings.js";
import { jsonPieces } from "../json-pieces.js";
import type { ReportInput } from "./types.js";

export interface JsonReport {
  findings: Finding[];
  summary: Summary;
  [extra: string]: unknown;
}

/** A finding with exactly the documented keys, in the documented order, optional ones only when set. */
function normalizeFinding(f: Finding): Finding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    ...(f.endLine !== undefined ? { endLine: f.endLine } : {}),
    ...(f.endColumn !== undefined ? { endColumn: f.endColumn } : {}),
    path: f.path,
    stage: f.stage,
    ...(f.docsUrl !== undefined ? { docsUrl: f.docsUrl } : {}),
  };
}

export function toJsonReport(input: ReportInput): JsonReport {
  const { errors, warnings, infos, files } = input.summary;
  const suppressed = sortFindings(input.suppressed ?? []).map((f): SuppressedFinding => ({ ...normalizeFinding(f), suppression: f.suppression }));
  const inSource = sortFindings(input.suppressedInSource ?? []).map((f): InSourceSuppressedFinding => ({ ...normalizeFinding(f), justification: f.justification }));
  return {
    findings: sortFindings(input.findings).map(normalizeFinding),
    summary: { errors, warnings, infos, files },
    ...(suppressed.length > 0 ? { suppressed } : {}),
    ...(inSource.length > 0 ? { suppressedInSource: inSource } : {}),
    ...(input.error !== undefined ? { error: input.error } : {}),
    ...input.extra,
  };
}

/**
 * `##[` (GitHub's legacy workflow command prefix, which the runner reads anywhere in a printed line) only
 * occurs inside JSON strings: written `##\u005b`, the same JSON to a parser and no command in a CI log.
 */
export function inertJson(json: string): string {
  return json.replace(/##\[/g, "##\\u005b");
}

export function renderJson(input: ReportInput): string {
  return `${inertJson(JSON.stringify(toJsonReport(input), null, 2))}\n`;
}

/** renderJson in pieces (one per finding), for a report larger than one string can hold. */
export function* renderJsonPieces(input: ReportInput): Generator<string> {
  for (const piece of jsonPieces(toJsonReport(input), 2)) yield inertJson(piece);
  yield "\n";
}
