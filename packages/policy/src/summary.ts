/**
 * The policy results as markdown, for the job summary and the PR comment: counts like conftest's
 * (passed, failed, warned, errors, skipped, and waived apart), then every waived failure with its
 * approver and expiry, so a reviewer sees what is being accepted and until when.
 */
import { escapeMarkdown, inlineCode } from "@meshkit/core";
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
    // Waivers are written in the pull request: their text is escaped, so it can neither render HTML nor end the comment's section.
    for (const r of waived) lines.push(`| ${inlineCode(r.rule, TABLE)} | ${cell(r.resource)} | ${cell(r.waiver!.approver)} | ${cell(r.waiver!.expires)} | ${cell(r.waiver!.justification)} |`);
  }
  return `${lines.join("\n")}\n`;
}

const TABLE = { table: true };

/** Table cell text: one line, Markdown and HTML escaped. */
function cell(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, " "), TABLE);
}
