/**
 * The policy result counts as markdown, for the job summary and the PR comment, like conftest's:
 * passed, failed, warned, errors, skipped, and waived apart. The waived failures themselves (with
 * approver, expiry and justification) are listed by the report's own "Waived" table.
 */
import type { PolicySummary } from "./run.js";

export function renderPolicySummary(summary: PolicySummary): string {
  return [
    "| passed | failed | warned | errors | skipped | waived |",
    "|---:|---:|---:|---:|---:|---:|",
    `| ${summary.pass} | ${summary.fail} | ${summary.warn} | ${summary.error} | ${summary.skip} | ${summary.waived} |`,
    ...(summary.waived > 0 ? ["", "_Waived failures are accepted until their waiver's expiry date, then enforced again._"] : []),
    "",
  ].join("\n");
}
