/**
 * catalog-publish: register the project's data products (ODPS, with the ODCS contracts of their
 * output ports and the latest contract-test results) in the catalog. Reading the shared inputs and
 * everything GitHub-specific is `@meshkit/github`'s `runStageAction`; whether this run may write
 * to the catalog is its `workflowProductionGate` (provision and the CLI ask it too), whatever the inputs say:
 * anywhere but a push (or a manual run) on the default branch it is a dry run that shows what would change. The publisher and the token
 * are src/result.ts; the summary is `catalogStageReport`.
 */
import { resolve } from "node:path";
import { releaseNotesUnder } from "@meshkit/compat";
import { DATAHUB_TOKEN_ENV, OPENMETADATA_TOKEN_ENV, catalogStageReport, catalogTargetFor, checkoutBesideWorkingDirectory, nothingToPublish, parseCatalogTarget, productsSource, projectInRepository, publisherIdentity, publishToCatalog, readCatalogDocuments, readQualityRun, readsWholeProject, releasableProducts, repositoryLayout, unreadableDocuments, withUnpushedReleaseTags, withUntaggedReleases } from "@meshkit/catalog";
import { ExitCode, UsageError, exitCodeFor, gitTopLevel, pushReleaseTags, tagProductReleases, withReleaseTags } from "@meshkit/core";
import { STAGE_INPUTS, maskGitAuthHeader, readBoolean, readPath, readString, runStageAction, workflowProductionGate } from "@meshkit/github";
import { publisherOf, releaseTagsToken, targetCredentials, workflowEnvironment } from "./result.js";

const TITLE = "catalog-publish";

/** The inputs this action reads; each is declared in action.yml (checked by action-metadata.test.ts). */
export const INPUTS = { ...STAGE_INPUTS, catalog: "catalog", resultsFile: "results-file", token: "token", lineageCatalog: "lineage-catalog", tagReleases: "tag-releases" } as const;

export { CATALOG_OUTPUTS } from "@meshkit/catalog";

export async function run(): Promise<void> {
  await runStageAction(TITLE, async ({ cwd, paths, configPath, githubToken, secrets, failOn }) => {
    // Masked already, and out of the environment child processes inherit (secretInputs below); its git
    // header form masked before anything can print it.
    const token = secrets[INPUTS.token] ?? "";
    maskGitAuthHeader(token);
    // The release tags are pushed with the job's token, sent as a header: the workflow's checkout need
    // not leave it in .git/config for every step before this one to read.
    maskGitAuthHeader(githubToken);
    const target = await catalogTargetFor(readString(INPUTS.catalog) || undefined, { cwd, ...(configPath ? { configPath } : {}), missing: `input "${INPUTS.catalog}" is required` });
    const spec = parseCatalogTarget(target, { cwd });
    // Every input is checked before anything is published: a bad value must not fail the step half-way.
    const tagReleases = readBoolean(INPUTS.tagReleases, true);
    const resultsFile = readPath(INPUTS.resultsFile, cwd);
    const lineageCatalog = readString(INPUTS.lineageCatalog);
    const gate = workflowProductionGate();
    const dryRun = gate.allowed ? undefined : gate.reason;

    const publisher = publisherOf();
    const { documents, findings, config, unmatched } = await readCatalogDocuments(paths, { cwd, ...(configPath ? { configPath } : {}) });
    if (findings.length > 0) return unreadableDocuments(spec, findings);
    if (!documents.some((d) => d.kind.type === "DataProduct")) return nothingToPublish(spec, paths, unmatched);

    const results = resultsFile ? readQualityRun(resolve(resultsFile)) : undefined;
    // The products' own checkout: `paths` may name a repository checked out beside the workflow's (actions/checkout
    // `repository:` + `path:`), whose products are registered, and released, as that repository's.
    const source = await productsSource(documents, { cwd, configRoot: config.root, env: workflowEnvironment() });
    const result = await publishToCatalog({
      target: spec.text,
      cwd,
      products: documents,
      ...(results ? { results } : {}),
      ...(lineageCatalog !== "" ? { lineageCatalog } : {}),
      dryRun: dryRun !== undefined,
      publisher: { ...publisher, ...source.origin, project: await projectInRepository(source.projectRoot) },
      changelogFor: releaseNotesUnder(config.compat),
      // An empty paths input reads the whole project: every product of the repository.
      wholeRepository: readsWholeProject(paths, cwd, config),
      layout: await repositoryLayout(source.projectRoot, cwd),
      ...targetCredentials(spec, token),
    });
    const report = catalogStageReport(result, { files: new Set(documents.map((d) => d.file)).size, dryRunReason: dryRun });
    // Released: tag each product version so later compat runs and consumers can name it. Only when the step
    // passes as fail-on judges it: a publish that fails the step on a warning is not a release either.
    if (dryRun !== undefined || !tagReleases || exitCodeFor(report.findings, failOn) !== ExitCode.ok) return report;
    if (!(await isGitWorkTree(source.checkout))) {
      console.log("tag-releases: the products are in no git checkout, so no release tags");
      return report;
    }
    // Published with failing data: in the catalog, as it is, but not released.
    const { releasable, heldBack } = releasableProducts(documents, results);
    const published = heldBack.length > 0 ? { ...report, findings: [...report.findings, ...heldBack] } : report;
    // Tagged in the products' checkout, on the commit the catalog records, and pushed to its origin; what
    // origin released already is read from it first (a checkout without tags knows none of it).
    const pushWith = { token: await releaseTagsToken(source, githubToken) };
    const tags = await tagProductReleases(releasable, source.checkout, { tagger: publisherIdentity(publisher), fetchFrom: pushWith });
    try {
      await pushReleaseTags(tags, source.checkout, pushWith);
    } catch (error) {
      // git refused or failed (a UsageError): the catalog has the versions already, so report that, the tags
      // left as they were (conflicts), and the new ones as errors, not only git's line. Anything else is a bug.
      if (!(error instanceof UsageError)) throw error;
      return withUntaggedReleases(withUnpushedReleaseTags(withReleaseTags(published, tags.filter((t) => t.outcome !== "created")), tags, releasable, error.message, checkoutBesideWorkingDirectory(source.checkout, cwd)), tags, releasable);
    }
    return withUntaggedReleases(withReleaseTags(published, tags), tags, releasable);
    // A catalog token the step's env: gives (MESHKIT_DATAHUB_TOKEN from a vault step, not `secrets`) is masked as the input is.
  }, { secretInputs: [INPUTS.token], fileInputs: [INPUTS.resultsFile], secretEnv: [DATAHUB_TOKEN_ENV, OPENMETADATA_TOKEN_ENV] });
}

async function isGitWorkTree(cwd: string): Promise<boolean> {
  return gitTopLevel(cwd).then(
    () => true,
    () => false,
  );
}
