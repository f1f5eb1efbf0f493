/**
 * The policy result counts as markdown, for the job summary and the PR comment, like conftest's:
 * passed, failed, warned, errors, skipped, and waived apart. The waived failures themselves (with
 * approver, expiry and justification) are listed by the report's own "Waived" table.
 */
import type { PolicySummary } from "./run.js";
import type { PolicyTestRun } from "./verify.js";

export function renderPolicySummary(summary: PolicySummary): string {
  // Nothing evaluated (the config or a pack did not load, no document was read): a table of zeros beside the
  // findings that say why would read as a run that checked and passed nothing wrong.
  if (Object.values(summary).every((count) => count === 0)) return "";
  return [
    "| passed | failed | warned | errors | skipped | waived |",
    "|---:|---:|---:|---:|---:|---:|",
    `| ${summary.pass} | ${summary.fail} | ${summary.warn} | ${summary.error} | ${summary.skip} | ${summary.waived} |`,
    ...(summary.waived > 0 ? ["", "_Waived failures are accepted until their waiver's expiry date, then enforced again._"] : []),
    "",
  ].join("\n");
}

/**
 * `meshkit policy test`'s counts as markdown, for `-f markdown` and the job summary of `-f github`: what
 * text output says on stderr (`policy test: 2 fixtures, 3 of 4 expectations met`), which those formats
 * did not say at all (their "no problems in 2 files" is no test count).
 */
export function renderPolicyTestSummary(run: Pick<PolicyTestRun, "fixtures" | "expectations" | "passed">): string {
  return ["| fixtures | expectations | met |", "|---:|---:|---:|", `| ${run.fixtures} | ${run.expectations} | ${run.passed} |`, ""].join("\n");
}
