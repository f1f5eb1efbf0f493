/**
 * A contract-test run as markdown, for the job summary and the PR comment: per contract, a table of the
 * checks that did not pass with what was measured against what was promised; then, after every contract,
 * each contract's passing checks folded away.
 */
import { escapeHtmlText, escapeMarkdown, inlineCode, measuredForReading, thresholdForReading, valueWithUnit } from "@meshkit/core";
import type { CheckResult } from "./results.js";
import type { QualityRunDocument } from "./project.js";

const STATUS_MARK: Record<CheckResult["status"], string> = { pass: "✅ pass", fail: "❌ fail", warn: "⚠️ warn", error: "⛔ error" };

export interface QualityMarkdownOptions {
  /**
   * How a contract's file is shown; default: as the results document has it (relative to the run's folder).
   * An action run in a working-directory shows it relative to the workspace, as its annotations do.
   */
  fileLabel?: (file: string) => string;
}

export function renderQualityMarkdown(run: QualityRunDocument, options: QualityMarkdownOptions = {}): string {
  const fileLabel = options.fileLabel ?? ((file: string) => file);
  const { summary } = run;
  // No contract tested (the config did not load, no contract matched): "0 checks: 0 passed, 0 failed" beside the
  // findings that say why would read as a run that tested and found nothing wrong.
  if (run.contracts.length === 0) return "";
  const lines = [`**${summary.checks} ${summary.checks === 1 ? "check" : "checks"}**: ${summary.passed} passed, ${summary.failed} failed, ${summary.warned} warned, ${summary.errors} could not run.`, ""];
  const passingFolds: string[] = [];
  for (const contract of run.contracts) {
    const name = `${contract.contract.name ?? contract.contract.id} ${contract.contract.version}`;
    const file = fileLabel(contract.contract.file);
    lines.push(`### ${escapeMarkdown(name)} — ${inlineCode(file)}`, "", dataLine(contract.source, contract.engine), "");
    // An object with no rows passes every check: said above the table, not left for the reader to infer.
    for (const note of contract.notes ?? []) lines.push(`${note.severity === "error" ? "⛔" : "⚠️"} ${inlineCode(note.ruleId)}: ${escapeMarkdown(note.message.replace(/\s+/g, " "))}`, "");
    const notPassing = contract.checks.filter((c) => c.status !== "pass");
    const passing = contract.checks.filter((c) => c.status === "pass");
    if (notPassing.length > 0) lines.push(...checksTable(notPassing), "");
    else if (passing.length > 0) lines.push(`All ${passing.length} ${passing.length === 1 ? "check" : "checks"} passed.`, "");
    // Named as the heading is, file included: the folds are away from it, and two domains may each have an `orders 1.0.0`.
    if (passing.length > 0) passingFolds.push(`<details><summary>${escapeHtmlText(`${name} — ${file}`)}: ${passing.length} passing ${passing.length === 1 ? "check" : "checks"}</summary>`, "", ...checksTable(passing), "", "</details>", "");
  }
  // The passing checks come after every contract's failing ones: the PR comment keeps about 12,000 characters of
  // a stage, and a contract's passing rows (dozens each) must not push the next contracts' failures out of it.
  return `${[...lines, ...passingFolds].join("\n").trimEnd()}\n`;
}

/**
 * Where the checks read the data: the server (`local`, `warehouse`) or `data:<path>`, and the engine. A run
 * that had no data to read (a contract without a `local` or `duckdb` server, or one that checks nothing)
 * has no source: it says so, rather than an empty name before the engine (`Data:  (duckdb).`).
 */
function dataLine(source: string, engine: string): string {
  return source === "" ? "Data: none." : `Data: ${escapeMarkdown(source)} (${engine}).`;
}

/**
 * One row per check. The last column is the check's id (as in the results file): two checks of one rule on one
 * column (a `minimum` and a `maximum`, two `rowCount` rules) would otherwise be two rows alike.
 */
function checksTable(checks: readonly CheckResult[]): string[] {
  return [
    "| status | rule | column | measured | promised | rows | failing rows | check |",
    "|---|---|---|---:|---|---:|---:|---|",
    ...checks.map((c) => {
      const where = c.property ? `${c.object}.${c.property}` : c.object;
      // As the catalog site reads them (`1.67 days`, `≤ 1 row`, `between 0% and 5% (exclusive)`); a threshold
      // thresholdForReading cannot read is shown as the results document has it.
      const measured = c.measured === null ? "–" : valueWithUnit(measuredForReading(c.measured, c.threshold), c.unit);
      const promised = c.threshold ? (thresholdForReading(c.threshold, c.unit) ?? JSON.stringify(c.threshold)) : "–";
      return `| ${STATUS_MARK[c.status]} | ${inlineCode(c.rule, TABLE)} | ${cell(where)} | ${cell(measured)} | ${cell(promised)} | ${c.rowsChecked ?? "–"} | ${c.failedRows ?? "–"} | ${inlineCode(c.id, TABLE)} |`;
    }),
  ];
}

const TABLE = { table: true };

/**
 * Table cell text: one line; Markdown and HTML escaped, since names and values come from the contract and the data.
 * A name is text, not Markdown: each of its backticks is one (`x`y`z` is not `x`, code `y`, `z`), where
 * escapeMarkdown keeps a message's code spans.
 */
function cell(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .split("`")
    .map((part) => escapeMarkdown(part, TABLE))
    .join("\\`");
}
