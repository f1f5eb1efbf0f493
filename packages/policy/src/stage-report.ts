/**
 * A `runPolicy` run as a StageReport: its findings and rules, the policy result counts as
 * outputs, and the results table (with waivers) in the job summary. A pack that does not compile
 * (`policy-invalid`) makes the step exit 2, like a bad config.
 */
import type { StageReport } from "@meshkit/core";
import { POLICY_INPUT_RULE_IDS, type PolicyRun } from "./run.js";
import { renderPolicySummary } from "./summary.js";

/** The outputs this action sets besides runStage's (each is declared in action.yml; checked by action-metadata.test.ts). */
export const POLICY_OUTPUTS = { passed: "passed", failed: "failed", errored: "errored", warned: "warned", waived: "waived" } as const;

export function policyStageReport(run: PolicyRun): StageReport {
  return {
    findings: run.findings,
    suppressed: run.waived,
    files: run.files,
    rules: run.rules,
    inputRuleIds: POLICY_INPUT_RULE_IDS,
    outputs: {
      [POLICY_OUTPUTS.passed]: String(run.summary.pass),
      // A rule that could not be evaluated is no pass: `failed` counts it, so a workflow gating on
      // `failed == 0` does not let it through (as contract-test's `failed` counts checks that could not run).
      [POLICY_OUTPUTS.failed]: String(run.summary.fail + run.summary.error),
      [POLICY_OUTPUTS.errored]: String(run.summary.error),
      [POLICY_OUTPUTS.warned]: String(run.summary.warn),
      [POLICY_OUTPUTS.waived]: String(run.summary.waived),
    },
    summary: renderPolicySummary(run.summary),
  };
}
