/**
 * policy-check: run the policy packs, report. Reading the shared inputs and everything
 * GitHub-specific (annotations, job summary, SARIF, outputs, failing the step) is `@meshkit/github`'s
 * `runStageAction`; the policy results table and the waivers for the summary are `policyStageReport`.
 */
import { OPA_TOKEN_ENV, policyStageReport, runPolicy } from "@meshkit/policy";
import { STAGE_INPUTS, inputOptionNames, readPathList, readString, runStageAction } from "@meshkit/github";

const TITLE = "policy-check";

/** The inputs this action reads; each is declared in action.yml (checked by action-metadata.test.ts). */
export const INPUTS = { ...STAGE_INPUTS, policies: "policies", params: "params" } as const;

export { POLICY_OUTPUTS } from "@meshkit/policy";

export async function run(): Promise<void> {
  await runStageAction(TITLE, async ({ cwd, paths, configPath }) => {
    // Empty: meshkit.yaml's policy.packs (else builtin:platform-baseline).
    const policies = readPathList(INPUTS.policies, cwd);
    const params = readString(INPUTS.params);
    // Messages name these inputs: a workflow has no --policies, --params or -c to pass.
    const optionNames = inputOptionNames({ policies: INPUTS.policies, params: INPUTS.params, config: INPUTS.config });
    const result = await runPolicy({ cwd, paths, optionNames, ...(policies.length > 0 ? { policies } : {}), ...(params ? { paramsFile: params } : {}), ...(configPath ? { configPath } : {}) });
    return policyStageReport(result);
    // An OPA server's token (meshkit.yaml's policy.opa) comes from the environment, never an input: masked as a secret input is.
  }, { fileInputs: [INPUTS.policies, INPUTS.params], secretEnv: [OPA_TOKEN_ENV] });
}
