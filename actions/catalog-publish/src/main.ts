/**
 * catalog-publish: register the project's data products (ODPS, with the ODCS contracts of their
 * output ports and the latest contract-test results) in the catalog. Reading the shared inputs and
 * everything GitHub-specific is `@meshkit/github`'s `runStageAction`; whether this run may write
 * to the catalog is its `productionGate`, whatever the inputs say: anywhere but a push (or a manual
 * run) on the default branch it is a dry run that shows what would change. The publisher, the token
 * and the summary are src/result.ts.
 */
import { resolve } from "node:path";
import { parseCatalogTarget, publishToCatalog, readCatalogDocuments, readQualityRun } from "@meshkit/catalog";
import { STAGE_INPUTS, productionGate, readEvent, readPath, readRequiredString, readString, runStageAction } from "@meshkit/github";
import { catalogStageResult, maskToken, nothingToPublish, publisherOf, targetCredentials, unreadableDocuments } from "./result.js";

const TITLE = "catalog-publish";

/** The inputs this action reads; each is declared in action.yml (checked by action-metadata.test.ts). */
export const INPUTS = { ...STAGE_INPUTS, catalog: "catalog", resultsFile: "results-file", token: "token" } as const;

export { CATALOG_OUTPUTS } from "./result.js";

export async function run(): Promise<void> {
  await runStageAction(TITLE, async ({ cwd, paths, configPath }) => {
    // First of all, so nothing after this can print the token.
    const token = readString(INPUTS.token);
    maskToken(token);
    const spec = parseCatalogTarget(readRequiredString(INPUTS.catalog), { cwd });
    const event = readEvent();
    const gate = productionGate(event);
    const dryRun = gate.allowed ? undefined : gate.reason;

    const { documents, findings } = await readCatalogDocuments(paths, { cwd, ...(configPath ? { configPath } : {}) });
    if (findings.length > 0) return unreadableDocuments(spec, findings);
    if (!documents.some((d) => d.kind.type === "DataProduct")) return nothingToPublish(spec, paths);

    const resultsFile = readPath(INPUTS.resultsFile, cwd);
    const results = resultsFile ? readQualityRun(resolve(resultsFile)) : undefined;
    const result = await publishToCatalog({
      target: spec.text,
      cwd,
      products: documents,
      ...(results ? { results } : {}),
      dryRun: dryRun !== undefined,
      publisher: publisherOf(event),
      ...targetCredentials(spec, token),
    });
    return catalogStageResult(result, { files: new Set(documents.map((d) => d.file)).size, dryRunReason: dryRun });
  });
}
