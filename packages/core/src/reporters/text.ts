/** `text`: gcc style, one line per finding (`file:line:col: severity rule-id message`), then one per waived failure, then a summary line (and why the run stopped). */
import { sortFindings, type Severity, type Summary } from "../findings.js";
import { singleLine, stoppedBeforeChecking, summaryPhrase, totalOf, waiverNote } from "./common.js";
import type { ReportInput } from "./types.js";

const ANSI: Record<Severity | "ok", string> = { error: "31", warning: "33", info: "36", ok: "32" };

function paint(text: string, colour: keyof typeof ANSI, enabled: boolean): string {
  return enabled ? `\u001b[${ANSI[colour]}m${text}\u001b[39m` : text;
}

/** `✖ 3 errors, 1 warning, 0 infos in 12 files` or `✔ no problems in 12 files`, then `(2 waived)` where failures were waived. */
export function summaryLine(summary: Summary, color = false, waived = 0): string {
  if (totalOf(summary) === 0) return paint(`✔ ${summaryPhrase(summary, waived)}`, "ok", color);
  const tone: Severity = summary.errors > 0 ? "error" : summary.warnings > 0 ? "warning" : "info";
  // Infos alone are not problems: the check passed.
  const mark = tone === "info" ? "✔" : "✖";
  return paint(`${mark} ${summaryPhrase(summary, waived)}`, tone, color);
}

export function renderText(input: ReportInput): string {
  const color = input.color === true;
  const lines = sortFindings(input.findings).map(
    (f) =>
      `${singleLine(f.file)}:${f.line}:${f.column}: ${paint(f.severity, f.severity, color)} ${singleLine(f.ruleId)} ${singleLine(f.message)}`,
  );
  // Waived failures after the others, marked so: they do not count, and they are not hidden.
  for (const f of sortFindings(input.suppressed ?? [])) lines.push(`${singleLine(f.file)}:${f.line}:${f.column}: waived ${singleLine(f.ruleId)} ${singleLine(f.message)} (${singleLine(waiverNote(f))})`);
  if (lines.length > 0) lines.push("");
  // A run that stopped says why (a report file -o names must not read as an earlier run's, or as a pass); one
  // that stopped before reading a file has no counts to give: "no problems in 0 files" would read as a pass.
  if (!stoppedBeforeChecking(input)) lines.push(summaryLine(input.summary, color, input.suppressed?.length));
  if (input.error !== undefined) lines.push(paint(`✖ stopped: ${singleLine(input.error)}`, "error", color));
  return `${lines.join("\n")}\n`;
}
