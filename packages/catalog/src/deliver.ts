/**
 * `meshkit publish --catalog <target>` for every kind of target: the embedded catalog (`dir:`, `git:`)
 * through `publishProducts`, and the catalogs consumers already use — DataHub, OpenMetadata, Backstage
 * — one product at a time through their emitters. A dry run builds what would be sent and sends nothing.
 */
import type { Finding } from "@meshkit/core";
import { writeBackstageCatalog } from "./backstage.js";
import { type QualityRunInput, buildDataHubPlan, publishToDataHub } from "./datahub.js";
import { isQualityRun, parseQualityRun } from "./results.js";
import { assembleProducts } from "./entry.js";
import { buildOpenMetadataPlan, publishToOpenMetadata } from "./openmetadata.js";
import { type CatalogChange, type PublishOptions, type PublishResult, publishProducts } from "./publish.js";
import { parseCatalogTarget } from "./targets/target.js";

export async function publishToCatalog(options: PublishOptions & { target: string; cwd: string }): Promise<PublishResult> {
  const spec = parseCatalogTarget(options.target, { cwd: options.cwd });
  if (spec.type === "dir" || spec.type === "git") return publishProducts({ ...options, target: spec });

  const { bundles, findings } = assembleProducts(options.products);
  const changes: CatalogChange[] = [];
  const files: string[] = [];
  const results = emitterResults(options.results);
  for (const bundle of bundles) {
    const docs = { product: bundle.product, contracts: bundle.contracts, ...(results ? { results } : {}) };
    const change = (message: string): CatalogChange => ({
      action: "update-version",
      id: bundle.product.id,
      name: bundle.product.name ?? bundle.product.id,
      domain: bundle.product.domain ?? "",
      version: bundle.product.version ?? "",
      file: spec.text,
      message,
    });
    if (spec.type === "datahub") {
      if (options.dryRun) changes.push(change(`would send ${buildDataHubPlan(docs).proposals.length} metadata change proposals`));
      else changes.push(change(`sent ${(await publishToDataHub(spec.url, docs)).written.length} metadata change proposals`));
    } else if (spec.type === "openmetadata") {
      if (options.dryRun) changes.push(change(`would upsert the domain, the data product and ${buildOpenMetadataPlan(docs).contracts.length} data contracts`));
      else changes.push(change(`upserted ${(await publishToOpenMetadata(spec.url, docs)).written.length} entities`));
    } else if (spec.type === "backstage") {
      if (options.dryRun) {
        changes.push(change("would write Backstage entities"));
        continue;
      }
      const written = writeBackstageCatalog(spec.dir, docs);
      files.push(...written.files.filter((f) => f.action === "created" || f.action === "updated").map((f) => f.path));
      changes.push(change(`${written.entities.length} Backstage entities`));
    }
  }
  return { target: spec.text, dryRun: options.dryRun === true, changes, findings: findings as Finding[], written: !options.dryRun && changes.length > 0, files, attempts: 1 };
}


/**
 * The emitters read contract-test results as `meshkit test --results` writes them (`contracts[]` of
 * `{contract, summary, checks}`); the CLI and the action hand over `readQualityRun`'s reduced form
 * (`contracts[]` of `{contractId, contractVersion, …}`). Either is accepted.
 */
function emitterResults(results: unknown): QualityRunInput | undefined {
  if (results === undefined) return undefined;
  const run = isQualityRun(results) ? results : parseQualityRun(results);
  return {
    contracts: run.contracts.map((c) => ({ contract: { id: c.contractId, version: c.contractVersion }, finishedAt: c.checkedAt, summary: c.summary, checks: c.checks.map((check) => ({ object: check.object, status: check.status })) })),
  };
}
