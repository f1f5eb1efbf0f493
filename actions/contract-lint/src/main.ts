/**
 * contract-lint: lint, report. Reading the shared inputs and everything GitHub-specific
 * (annotations, job summary, SARIF, outputs, failing the step) is `@meshkit/github`'s `runStageAction`.
 */
import { LINT_RULES, lintPaths } from "@meshkit/lint";
import { STAGE_INPUTS, runStageAction } from "@meshkit/github";

const TITLE = "contract-lint";

/** The inputs this action reads; each is declared in action.yml (checked by action-metadata.test.ts). */
export const INPUTS = STAGE_INPUTS;

export async function run(): Promise<void> {
  await runStageAction(TITLE, async ({ cwd, paths, configPath, displayFile }) => {
    const { findings, suppressed, files } = await lintPaths(paths, { cwd, displayFile, ...(configPath ? { configPath } : {}) });
    return { findings, suppressedInSource: suppressed, files, rules: LINT_RULES };
  });
}
