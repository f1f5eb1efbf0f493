/**
 * contract-test: test the contracts against their data, report. Reading the shared inputs and
 * everything GitHub-specific (annotations, job summary, SARIF, outputs, failing the step) is
 * `@meshkit/github`'s `runStageAction`; the checks table and the results file are `contractTestStageReport`.
 */
import { contractTestStageReport, parseAsOf, parseQueryTimeout, testContracts } from "@meshkit/quality";
import { POSTGRES_PASSWORD_ENV, refuseSharedOutputFile } from "@meshkit/core";
import { STAGE_INPUTS, checkWritableFile, inputOptionNames, readList, readPath, readString, reportPlace, runStageAction } from "@meshkit/github";

const TITLE = "contract-test";

/** The inputs this action reads; each is declared in action.yml (checked by action-metadata.test.ts). */
export const INPUTS = { ...STAGE_INPUTS, server: "server", data: "data", objects: "objects", resultsFile: "results-file", asOf: "as-of", queryTimeout: "query-timeout" } as const;

export { CONTRACT_TEST_OUTPUTS } from "@meshkit/quality";

export async function run(): Promise<void> {
  await runStageAction(TITLE, async ({ cwd, paths, configPath, sarifFile, readPaths }) => {
    const server = readString(INPUTS.server);
    const data = readString(INPUTS.data);
    const objects = readList(INPUTS.objects);
    const resultsFile = readPath(INPUTS.resultsFile, cwd);
    // Written after every check has run: a path that cannot take it is refused before the run, not after.
    if (resultsFile) {
      // One file for both: the SARIF log, written last, replaced the results document the results-file output names.
      refuseSharedOutputFile([[`input "${INPUTS.sarifFile}"`, sarifFile], [`input "${INPUTS.resultsFile}"`, resultsFile]], cwd);
      checkWritableFile(resultsFile, INPUTS.resultsFile, readPaths);
    }
    const asOf = readString(INPUTS.asOf);
    const queryTimeout = readString(INPUTS.queryTimeout);
    const run = await testContracts({
      cwd,
      paths,
      ...(configPath ? { configPath } : {}),
      ...(server ? { server } : {}),
      ...(data ? { data } : {}),
      ...(objects.length > 0 ? { objects } : {}),
      ...(asOf ? { now: parseAsOf(asOf, INPUTS.asOf) } : {}),
      ...(queryTimeout ? { queryTimeoutMs: parseQueryTimeout(queryTimeout, INPUTS.queryTimeout) } : {}),
      // Messages name these inputs: a workflow has no --server or --data to pass.
      optionNames: inputOptionNames({ server: INPUTS.server, data: INPUTS.data }),
    });
    // The checks table names each contract's file as the annotations do: relative to the workspace, not to working-directory.
    return contractTestStageReport(run, resultsFile, { fileLabel: reportPlace(cwd) });
    // The PostgreSQL password comes from the environment, never an input: masked as a secret input is.
  }, { fileInputs: [INPUTS.data], secretEnv: POSTGRES_PASSWORD_ENV });
}
