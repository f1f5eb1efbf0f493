/**
 * The policy results as markdown, for the job summary and the PR comment: counts like conftest's
 * (passed, failed, warned, errors, skipped, and waived apart), then every waived failure with its
 * approver and expiry, so a reviewer sees what is being accepted and until when.
 */
import type { PolicyResult } from "./engine.js";
import type { PolicySummary } from "./run.js";

export function renderPolicySummary(summary: PolicySummary, results: readonly PolicyResult[]): string {
  const lines = [
    "| passed | failed | warned | errors | skipped | waived |",
    "|---:|---:|---:|---:|---:|---:|",
    `| ${summary.pass} | ${summary.fail} | ${summary.warn} | ${summary.error} | ${summary.skip} | ${summary.waived} |`,
  ];
  const waived = results.filter((r) => r.waiver);
  if (waived.length > 0) {
    lines.push("", "**Waived** (accepted until the expiry date, then enforced again):", "", "| rule | document | approver | expires | justification |", "|---|---|---|---|---|");
    for (const r of waived) lines.push(`| \`${r.rule}\` | ${cell(r.resource)} | ${cell(r.waiver!.approver)} | ${r.waiver!.expires} | ${cell(r.waiver!.justification)} |`);
  }
  return `${lines.join("\n")}\n`;
}

/** Table cell text: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\|/g, "\\|");
}
