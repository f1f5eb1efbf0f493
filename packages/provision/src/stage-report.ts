/**
 * A provision run as a StageReport: its findings, the number of changes and the plan file
 * as outputs, and the plan (what would change, or what changed) in the job summary.
 */
import { basename } from "node:path";
import type { RuleMeta, StageReport } from "@meshkit/core";
import { renderPlanMarkdown } from "./plan.js";
import { ALL_PROVISION_RULES } from "./rules.js";
import type { ProvisionRun } from "./run.js";

/** The outputs this action sets besides runStage's (each is declared in action.yml; checked by action-metadata.test.ts). */
export const PROVISION_OUTPUTS = { changes: "changes", planFile: "plan-file", applied: "applied" } as const;

/**
 * `inputRules`: the rules of the policy check the run was given (a pack that does not compile means
 * the infrastructure could not be checked: exit 2, and a SARIF run that did not succeed); passed in, as provision
 * does not import policy.
 */
export function provisionStageReport(run: ProvisionRun, inputRules: readonly RuleMeta[] = []): StageReport {
  // meshkit's plan.json (not Terraform's meshkit.tfplan.json beside it).
  const planFile = run.written.find((file) => basename(file) === "plan.json") ?? "";
  const notes = run.notices.map((n) => `> ${n}`).join("\n");
  return {
    findings: run.findings,
    files: run.files,
    rules: [...ALL_PROVISION_RULES, ...inputRules],
    inputRuleIds: inputRules.map((rule) => rule.id),
    outputs: { [PROVISION_OUTPUTS.changes]: String(run.plan.changes.length), [PROVISION_OUTPUTS.planFile]: planFile, [PROVISION_OUTPUTS.applied]: String(run.applied) },
    summary: `${run.applied ? "**Applied.** " : ""}${renderPlanMarkdown(run.plan)}${notes ? `\n${notes}\n` : ""}`,
    notices: run.notices,
  };
}
