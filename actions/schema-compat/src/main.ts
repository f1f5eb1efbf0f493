/**
 * schema-compat: choose the base (`resolveBase` of @meshkit/github), compare, report. Reading the shared inputs and
 * everything GitHub-specific (annotations, job summary, SARIF, outputs, failing the step) is
 * `@meshkit/github`'s `runStageAction`. With the `catalog` input, each breaking contract also lists
 * the consumer products registered there (in the changelog, so in the summary and the PR comment).
 */
import { catalogConsumers } from "@meshkit/catalog";
import { MODES, compatStageReport, nothingToCompare, runCompat } from "@meshkit/compat";
import { STAGE_INPUTS, inputOptionNames, maskGitAuthHeader, readEnum, readEvent, readString, resolveBase, runStageAction } from "@meshkit/github";

const TITLE = "schema-compat";

/** The inputs this action reads; each is declared in action.yml (checked by action-metadata.test.ts). */
export const INPUTS = { ...STAGE_INPUTS, base: "base", mode: "mode", catalog: "catalog" } as const;

export { COMPAT_OUTPUTS } from "@meshkit/compat";

export async function run(): Promise<void> {
  await runStageAction(TITLE, async ({ cwd, paths, configPath, githubToken, displayFile }) => {
    // A base commit the clone lacks is fetched with github-token (a checkout may keep no credentials).
    maskGitAuthHeader(githubToken);
    const base = readString(INPUTS.base);
    // Empty: meshkit.yaml's compat.mode (else forward).
    const mode = readString(INPUTS.mode) === "" ? undefined : readEnum(INPUTS.mode, MODES, "forward");
    // Parsed before anything runs, so a bad target fails the step at once (read only if something breaks).
    const catalog = readString(INPUTS.catalog);
    const consumers = catalog === "" ? undefined : catalogConsumers(catalog, { cwd });
    const resolved = await resolveBase({ input: base, event: () => readEvent(), cwd, token: githubToken, log: (line) => console.log(line) });
    if (resolved.ref === undefined) return nothingToCompare(resolved.reason);
    // Messages name the input: a workflow has no --base to pass.
    const result = await runCompat({ cwd, paths, base: resolved.ref, optionNames: inputOptionNames({ base: INPUTS.base }), displayFile, ...(mode ? { mode } : {}), ...(configPath ? { configPath } : {}), ...(consumers ? { consumers } : {}) });
    return compatStageReport(result, resolved.label);
  }, { fileInputs: [INPUTS.base] });
}
