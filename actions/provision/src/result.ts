/**
 * A provision run as what `runStage` reports: its findings, the number of changes and the plan file
 * as outputs, and the plan (what would change, or what changed) in the job summary.
 */
import { basename } from "node:path";
import { POLICY_INPUT_RULE_IDS } from "@meshkit/policy";
import { ALL_PROVISION_RULES, type ProvisionRun, renderPlanMarkdown } from "@meshkit/provision";
import type { StageResult } from "@meshkit/github";

/** The outputs this action sets besides runStage's (each is declared in action.yml; checked by action-metadata.test.ts). */
export const PROVISION_OUTPUTS = { changes: "changes", planFile: "plan-file", applied: "applied" } as const;

export function provisionStageResult(run: ProvisionRun): StageResult {
  // meshkit's plan.json (not Terraform's meshkit.tfplan.json beside it).
  const planFile = run.written.find((file) => basename(file) === "plan.json") ?? "";
  const notes = run.notices.map((n) => `> ${n}`).join("\n");
  return {
    findings: run.findings,
    files: run.files,
    rules: ALL_PROVISION_RULES,
    inputRuleIds: POLICY_INPUT_RULE_IDS,
    outputs: { [PROVISION_OUTPUTS.changes]: String(run.plan.changes.length), [PROVISION_OUTPUTS.planFile]: planFile, [PROVISION_OUTPUTS.applied]: String(run.applied) },
    summary: `${run.applied ? "**Applied.** " : ""}${renderPlanMarkdown(run.plan)}${notes ? `\n${notes}\n` : ""}`,
    notices: run.notices,
  };
}
