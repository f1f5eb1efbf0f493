/**
 * provision: plan on pull requests, apply only on the default branch. Reading the shared inputs and
 * everything GitHub-specific is `@meshkit/github`'s `runStageAction`; whether this run may change
 * production is its `workflowProductionGate` (the CLI's apply asks it too), whatever the inputs say; the plan summary is `provisionStageReport`.
 */
import { OPA_TOKEN_ENV, POLICY_INPUT_RULES, checkInfrastructureDocuments } from "@meshkit/policy";
import { PROVISION_TARGETS, provisionStageReport, runProvision } from "@meshkit/provision";
import { STAGE_INPUTS, inputOptionNames, readBoolean, readEnum, readPath, readString, runStageAction, workflowProductionGate } from "@meshkit/github";
import { POSTGRES_PASSWORD_ENV, UsageError } from "@meshkit/core";

const TITLE = "provision";

/** The inputs this action reads; each is declared in action.yml (checked by action-metadata.test.ts). */
export const INPUTS = { ...STAGE_INPUTS, command: "command", target: "target", server: "server", planDir: "plan-dir", allowDestructive: "allow-destructive" } as const;

export { PROVISION_OUTPUTS } from "@meshkit/provision";

export async function run(): Promise<void> {
  await runStageAction(TITLE, async ({ cwd, paths, configPath, displayFile, sarifFile }) => {
    const command = readEnum(INPUTS.command, ["plan", "apply"], "plan");
    if (command === "apply") {
      const gate = workflowProductionGate();
      if (!gate.allowed) throw new UsageError(`apply is refused: ${gate.reason}`);
    }
    // Empty: meshkit.yaml's provision.target, else local.
    const target = readEnum(INPUTS.target, PROVISION_TARGETS);
    const server = readString(INPUTS.server);
    const out = readPath(INPUTS.planDir, cwd);
    const result = await runProvision({
      cwd,
      paths,
      mode: command,
      displayFile,
      ...(target ? { target } : {}),
      ...(configPath ? { configPath } : {}),
      ...(out ? { out, outLabel: `the ${INPUTS.planDir} input ${out}` } : {}),
      // Written after the run: it must not replace the plan the plan-file output names.
      ...(sarifFile ? { report: { file: sarifFile, label: `input "${INPUTS.sarifFile}" ${sarifFile}` } } : {}),
      ...(server ? { server, serverLabel: `the ${INPUTS.server} input ${server}` } : {}),
      // Messages name these inputs: a workflow has no --server or --target to pass.
      optionNames: inputOptionNames({ server: INPUTS.server, target: INPUTS.target }),
      ...(readBoolean(INPUTS.allowDestructive, false) ? { allowDestructive: true } : {}),
      // A refusal says how to allow the change here: with this input, not the CLI's --allow-destructive.
      allowDestructiveLabel: `${INPUTS.allowDestructive}: true`,
      policyCheck: (documents) => checkInfrastructureDocuments(documents, { cwd, ...(configPath ? { configPath } : {}) }),
    });
    return provisionStageReport(result, POLICY_INPUT_RULES);
    // The PostgreSQL password, and the token of the OPA server the policy check may ask, come from the environment,
    // never an input: masked as a secret input is.
  }, { secretEnv: [...POSTGRES_PASSWORD_ENV, OPA_TOKEN_ENV] });
}
