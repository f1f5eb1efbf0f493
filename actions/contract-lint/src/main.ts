/**
 * contract-lint: read the inputs, lint, report. Everything GitHub-specific (annotations, job
 * summary, SARIF, outputs, failing the step) is `@meshkit/github`'s `runStage`.
 */
import { LINT_RULES, lintPaths } from "@meshkit/lint";
import { readDirectory, readEnum, readList, readPath, readString, runAction, runStage } from "@meshkit/github";

const TITLE = "contract-lint";

/** The inputs this action reads; each is declared in action.yml (checked by action.test.ts). */
export const INPUTS = {
  paths: "paths",
  config: "config",
  failOn: "fail-on",
  sarifFile: "sarif-file",
  workingDirectory: "working-directory",
} as const;

export async function run(): Promise<void> {
  await runAction(async () => {
    // Paths, config and the SARIF file are relative to the working directory, as in a `run:` step.
    const cwd = readDirectory(INPUTS.workingDirectory, ".");
    const paths = readList(INPUTS.paths);
    const config = readString(INPUTS.config);
    const failOn = readEnum(INPUTS.failOn, ["error", "warning"], "error");
    const sarifFile = readPath(INPUTS.sarifFile, cwd);
    await runStage({
      title: TITLE,
      failOn,
      sarifFile,
      workingDirectory: cwd,
      run: async () => {
        const { findings, files } = await lintPaths(paths, { cwd, ...(config ? { configPath: config } : {}) });
        return { findings, files, rules: LINT_RULES };
      },
    });
  }, TITLE);
}
