/**
 * schema-compat: read the inputs, choose the base (src/base.ts), compare, report. Everything
 * GitHub-specific (annotations, job summary, SARIF, outputs, failing the step) is `@meshkit/github`'s `runStage`.
 */
import { MODES, runCompat } from "@meshkit/compat";
import { readDirectory, readEnum, readEvent, readList, readPath, readString, runAction, runStage } from "@meshkit/github";
import { resolveBase } from "./base.js";
import { compatStageResult, nothingToCompare } from "./result.js";

const TITLE = "schema-compat";

/** The inputs this action reads; each is declared in action.yml (checked by action-metadata.test.ts). */
export const INPUTS = {
  paths: "paths",
  base: "base",
  mode: "mode",
  config: "config",
  failOn: "fail-on",
  sarifFile: "sarif-file",
  workingDirectory: "working-directory",
} as const;

export { COMPAT_OUTPUTS } from "./result.js";

export async function run(): Promise<void> {
  await runAction(async () => {
    // Paths, config and the SARIF file are relative to the working directory, as in a `run:` step.
    const cwd = readDirectory(INPUTS.workingDirectory, ".");
    const paths = readList(INPUTS.paths);
    const base = readString(INPUTS.base);
    // Empty: meshkit.yaml's compat.mode (else forward).
    const mode = readString(INPUTS.mode) === "" ? undefined : readEnum(INPUTS.mode, MODES, "forward");
    const config = readString(INPUTS.config);
    const failOn = readEnum(INPUTS.failOn, ["error", "warning"], "error");
    const sarifFile = readPath(INPUTS.sarifFile, cwd);
    await runStage({
      title: TITLE,
      failOn,
      sarifFile,
      workingDirectory: cwd,
      run: async () => {
        const resolved = await resolveBase({ input: base, event: () => readEvent(), cwd, log: (line) => console.log(line) });
        if (resolved.ref === undefined) return nothingToCompare(resolved.reason);
        const result = await runCompat({ cwd, paths, base: resolved.ref, ...(mode ? { mode } : {}), ...(config ? { configPath: config } : {}) });
        return compatStageResult(result, resolved.label);
      },
    });
  }, TITLE);
}
