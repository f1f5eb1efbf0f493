/**
 * `meshkit publish --catalog <target>` for every kind of target: the embedded catalog (`dir:`, `git:`)
 * through `publishProducts`, and the catalogs consumers already use — DataHub, OpenMetadata, Backstage
 * — one product at a time through their emitters. A dry run builds what would be sent and writes nothing; from DataHub and
 * OpenMetadata it reads what a real run would withdraw or take out of the product's assets.
 *
 * Lineage. DataHub (`upstreamLineage`) and Backstage (`dependsOn`) draw an edge from each output
 * dataset to the datasets its input ports read, so each product is sent with the upstream documents
 * its input ports (and its output ports' `inputContracts`) name, found in this order:
 * 1. the products published in the same run (a repository with several products);
 * 2. ODCS contracts among the documents that no product of the run serves (a copy of an upstream
 *    contract kept in the consuming repository) — enough for DataHub, which locates datasets from
 *    the contract's server; Backstage needs the upstream product to name its Resources;
 * 3. the products registered in a lineage catalog (`lineageCatalog`: a `dir:` or `git:` catalog,
 *    e.g. the platform's git catalog every domain publishes to), read once.
 * A contract found nowhere is an info finding (`catalog-lineage-unresolved`) at the port that names it.
 *
 * What a target could not take (an OpenMetadata table it does not know, a missing service mapping, an
 * unknown owner) is a warning (`catalog-target-incomplete`) at the product. A request that fails for
 * good stops the publication with one error that says which products were written before it, which
 * part of the failing one was, and which products were not sent.
 */
import { type DataContract, type DataProduct, type Finding, StoppedRunError, UsageError, isMapping, plural, validateContractSchema, validateProductSchema } from "@meshkit/core";
import { previewBackstageCatalog, writeBackstageCatalog } from "./backstage.js";
import { type DataHubPreviewedAssets, type FormerOutputs, type ProductDocuments, type QualityRunInput, type UpstreamDocuments, buildDataHubPlan, missingPortContracts, previewDataHubWithdrawals, publishToDataHub } from "./datahub.js";
import { type CatalogEntry, type ProductBundle, assembleProducts, productDomainOf, productDisplayName, productLabel as entryLabel, productVersionOf } from "./entry.js";
import { CatalogRequestError, type HttpRetryOptions } from "./http.js";
import { type OpenMetadataContractPlan, type OpenMetadataPreviewedAssets, type OpenMetadataRemovals, OpenMetadataPublishError, buildOpenMetadataPlan, previewOpenMetadataPublication, publishToOpenMetadata } from "./openmetadata.js";
import { type CatalogChange, type PublishOptions, type PublishResult, publishProducts, qualityRunOf, unmatchedResults } from "./publish.js";
import { CATALOG_RULES } from "./rules.js";
import type { QualityRun } from "./results.js";
import { compareEntries, readCatalogDir } from "./store.js";
import { openCatalogStore } from "./targets/open.js";
import { type CatalogTargetSpec, parseCatalogTarget, redactUrl } from "./targets/target.js";
import { arrangeVersions, compareVersions, latestOf } from "./versions.js";
import { CatalogContentError } from "./content-error.js";

export interface DeliverOptions extends PublishOptions {
  target: string;
  cwd: string;
  /**
   * A `dir:` or `git:` catalog whose registered products resolve the input ports of the products
   * published to DataHub or Backstage (lineage across repositories). Read only.
   */
  lineageCatalog?: string;
  /** Retries, timeouts and transport of the DataHub and OpenMetadata clients (tests: `sleep`). */
  http?: HttpRetryOptions;
  /** Where the DataHub / OpenMetadata clients read their token (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Publishing to a catalog service stopped at a product: `published` were written before it (whole),
 * `failed` is the product whose publication failed (the message says which part of it was written),
 * `notPublished` were not sent. A stopped run (`StoppedRunError`) whose `findings` are those made before it
 * (`result.findings`: an OpenMetadata table or team not found, a DataHub note), which the catalog-publish action
 * annotates beside the one-line failure, as the CLI reports them.
 */
export class CatalogDeliveryError extends StoppedRunError {
  override readonly rules = CATALOG_RULES;

  constructor(
    message: string,
    readonly published: readonly string[],
    readonly failed: string,
    readonly notPublished: readonly string[],
    /**
     * What the run did before it stopped: the changes of the products published (`published`), the findings made
     * so far, the files written (Backstage). A machine-read report (`-f json`) carries it beside the error.
     */
    readonly result?: PublishResult,
    /** The files the documents published came from (the reports' file count). */
    files = 0,
  ) {
    super(message, result?.findings ?? [], files);
    this.name = "CatalogDeliveryError";
  }
}

export async function publishToCatalog(options: DeliverOptions): Promise<PublishResult> {
  const spec = parseCatalogTarget(options.target, { cwd: options.cwd });
  // Only DataHub and Backstage get lineage edges across repositories: a lineage catalog given with any
  // other target would be ignored, and a value that is not even a catalog would pass unnoticed.
  if (options.lineageCatalog && spec.type !== "datahub" && spec.type !== "backstage") {
    throw new UsageError(`a lineage catalog is read only when publishing to datahub: or backstage: (for their lineage edges); ${spec.type}: catalogs take none, so leave it out`);
  }
  if (spec.type === "dir" || spec.type === "git") return publishProducts({ ...options, target: spec });

  const { bundles, findings } = assembleProducts(options.products);
  const changes: CatalogChange[] = [];
  const files: string[] = [];
  const run = qualityRunOf(options.results);
  if (run) findings.push(...unmatchedResults(run, bundles));
  const results = emitterResults(run);
  const lineage = spec.type === "datahub" || spec.type === "backstage" ? await lineageSources(options, bundles) : undefined;
  const http = { ...options.http, ...(options.env ? { env: options.env } : {}) };
  const display = redactUrl(spec.text);
  const published: string[] = [];
  // The DataHub dataset or OpenMetadata table each output dataset of the run lands on, and the product that serves it.
  const outputOwners = new Map<string, { id: string; label: string }>();
  // The DataHub datasets (OpenMetadata tables) each product of the run serves: one no longer among a product's outputs is withdrawn
  // (taken out of its assets), unless another serves it now.
  const servedBy =
    spec.type === "datahub"
      ? placesServed(bundles, (docs) => buildDataHubPlan(docs).datasets.map((d) => d.urn))
      : spec.type === "openmetadata"
        ? placesServed(bundles, (docs) => buildOpenMetadataPlan(docs, spec.settings).contracts.flatMap(tableNames))
        : new Map<string, ProductBundle[]>();
  // A service holds one entity per product id, which the version sent last describes: the latest, whatever the file order.
  const order = sendOrder(bundles);
  const sentAt = new Map(order.map((bundle, at) => [bundle, at]));
  const inputAt = new Map(bundles.map((bundle, at) => [bundle, at]));
  const changeOf = new Map<CatalogChange, number>();
  // A dry run's look-ups (what a real run would remove) that failed: the service is not read again for the products after
  // it (a wrong token, a host that does not answer would fail each of them the same way, the latter only after its timeout).
  let unreadable: string | undefined;
  const preview = async (read: () => Promise<string>): Promise<string | undefined> => {
    if (unreadable !== undefined) return undefined;
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof CatalogRequestError)) throw error;
      unreadable = error.message.replace(/\.$/, "");
      return undefined;
    }
  };
  // What each DataHub data product would list after the versions of it the dry run previewed: the next version reads that.
  const previewedAssets: DataHubPreviewedAssets = new Map();
  // The same for each OpenMetadata data product.
  const previewedTables: OpenMetadataPreviewedAssets = new Map();

  for (const [index, bundle] of order.entries()) {
    const label = productLabel(bundle.product);
    const upstream = lineage ? resolveUpstream(bundle, lineage, spec, findings) : [];
    // A port whose contract is missing was reported (catalog-contract-missing); the rest of the product is published.
    const docs: ProductDocuments = { product: bundle.product, contracts: bundle.contracts, missingContracts: "skip", ...(results ? { results } : {}), ...(upstream.length > 0 ? { upstream } : {}) };
    const change = (message: string): CatalogChange => {
      const made: CatalogChange = {
        action: "upsert",
        id: bundle.product.id,
        name: productDisplayName(bundle.product),
        domain: productDomainOf(bundle.product),
        version: productVersionOf(bundle.product),
        file: display,
        message: `${label}: ${message}`,
      };
      changeOf.set(made, inputAt.get(bundle)!);
      return made;
    };
    // Notes that repeat a finding already made (lineage: catalog-lineage-unresolved; no domain: catalog-product-incomplete), or say what is
    // documented behaviour (two versions of a port over one table), are skipped.
    const incomplete = (notes: readonly string[], skip: (note: string) => boolean) => {
      for (const note of notes) {
        if (skip(note)) continue;
        findings.push(
          bundle.document.finding({
            ruleId: "catalog-target-incomplete",
            severity: "warning",
            message: `${display}: ${note}.`,
            path: /^(team|user) /.test(note) && isMapping(bundle.product.team) ? "/team" : "",
            stage: "catalog",
            target: "key",
          }),
        );
      }
    };
    try {
      if (spec.type === "datahub") {
        const plan = buildDataHubPlan(docs);
        claimOutputs(plan.datasets.map((d) => ({ place: d.urn, contractId: d.contractId, object: d.object })), "dataset", bundle.product, label, outputOwners);
        incomplete(plan.notes, (note) => note.startsWith("lineage:") || note.startsWith("the product has no domain") || isPortVersionNote(note));
        const withLineage = plan.datasets.filter((d) => d.proposals.some((p) => p.aspectName === "upstreamLineage")).length;
        const lineageText = withLineage > 0 ? ` (upstream lineage on ${withLineage} of ${plan.datasets.length} datasets)` : "";
        const servedElsewhere = new Set([...servedBy].filter(([, servers]) => servers.some((other) => servesInstead(other, bundle, sentAt))).map(([urn]) => urn));
        // What happens to the datasets the product no longer serves, as a run says it and a dry run says it would be.
        const formerText = (former: FormerOutputs, would: boolean) =>
          (former.withdrawn.length > 0 ? `; ${would ? "would withdraw" : "withdrew"} ${plural(former.withdrawn.length, "dataset")} no longer among its outputs (soft-deleted and deprecated): ${former.withdrawn.join(", ")}` : "") +
          (former.handedOver.length > 0
            ? `; ${would ? "would take" : "took"} ${plural(former.handedOver.length, "dataset")} another data product lists now out of its assets, left active: ${former.handedOver.map((h) => `${h.urn} (${h.products.join(", ")})`).join(", ")}`
            : "");
        if (options.dryRun) {
          // Read only (GMS look-ups, once each: a preview does not wait out retries); a catalog that cannot be read (no token on a
          // fork's pull request, GMS down) leaves the removals unknown, not the dry run failed. A port whose contract is not among
          // the documents withdraws nothing (publishToDataHub): said without waiting for DataHub, unless a later version of the
          // product follows, which withdraws what this one would list (the listing DataHub has, and this one's datasets).
          const withdrawsNothing = missingPortContracts(docs).size > 0;
          // A real run sends the proposals withdrawing the datasets it no longer has beside the plan's: counted as it would.
          let withdrawalProposals = 0;
          const read =
            withdrawsNothing && !order.slice(index + 1).some((later) => later.product.id === bundle.product.id)
              ? ""
              : ((await preview(async () => {
                  const former = await previewDataHubWithdrawals(spec.url, docs, previewedAssets, { ...http, retries: 0, servedElsewhere });
                  withdrawalProposals = former.withdrawalProposals;
                  return formerText(former, true);
                })) ?? `; what it would withdraw is not known: ${unreadable}`);
          const former = withdrawsNothing ? "" : read;
          changes.push(change(`would send ${plan.proposals.length + withdrawalProposals} metadata change proposals${lineageText}${former}`));
        } else {
          const sent = await publishToDataHub(spec.url, docs, { ...http, servedElsewhere });
          const kept = sent.keptDeprecations.length > 0 ? `; kept the deprecation set in DataHub on ${sent.keptDeprecations.join(", ")}, which the documents do not deprecate` : "";
          changes.push(change(`sent ${sent.written.length} metadata change proposals${lineageText}${formerText(sent, false)}${kept}`));
        }
      } else if (spec.type === "openmetadata") {
        const settings = { ...spec.settings, ...http };
        const tables = buildOpenMetadataPlan(docs, settings).contracts.flatMap((c) => tableNames(c).map((place) => ({ place, contractId: c.dataset.contractId, object: c.dataset.object })));
        claimOutputs(tables, "table", bundle.product, label, outputOwners);
        // A data product's assets are its own: only another version of it keeps a table among them, not another product.
        const servedElsewhere = new Set([...servedBy].filter(([, servers]) => servers.some((other) => other.product.id === bundle.product.id && servesInstead(other, bundle, sentAt))).map(([fqn]) => fqn));
        // A table's data contract is the table's, whichever product serves it: one another product serves now stays in force.
        const servedByOtherProducts = new Set([...servedBy].filter(([, servers]) => servers.some((other) => other.product.id !== bundle.product.id)).map(([fqn]) => fqn));
        // What happens to the tables the product no longer has, as a run says it and a dry run says it would be.
        const removalText = (removals: OpenMetadataRemovals, would: boolean) =>
          (removals.removedAssets.length > 0 ? `; ${would ? "would take" : "took"} ${plural(removals.removedAssets.length, "table")} no longer among its outputs out of its assets: ${removals.removedAssets.join(", ")}` : "") +
          (removals.deprecatedContracts.length > 0 ? `; ${would ? "would deprecate" : "deprecated"} meshkit's data contract on ${removals.deprecatedContracts.join(", ")}` : "");
        if (options.dryRun) {
          const plan = buildOpenMetadataPlan(docs, settings);
          const placed = plan.contracts.filter((c) => c.tableFqn !== undefined).length;
          // Read only, each look-up once; OpenMetadata unreadable (no token, a wrong one, down) leaves the removals unknown, not the dry run failed.
          // What the look-ups find missing (a table, team or user OpenMetadata does not know) is warned about as a run warns, also
          // while a contract's table cannot be placed: a run takes nothing out then (publishToOpenMetadata), but looks the others up.
          let notes = plan.notes;
          const unknown = placed < plan.contracts.length ? "whether OpenMetadata knows its tables, team and users" : "what it would take out of its assets";
          const removals =
            (await preview(async () => {
              const previewed = await previewOpenMetadataPublication(spec.url, docs, previewedTables, { ...settings, retries: 0, servedElsewhere, servedByOtherProducts });
              notes = previewed.notes;
              return removalText(previewed, true);
            })) ?? `; ${unknown} is not known: ${unreadable}`;
          incomplete(notes, () => false);
          changes.push(change(`would upsert the domain (when missing), the data product, and the data contracts of the ${placed} of ${plan.contracts.length} tables that have an OpenMetadata service (those OpenMetadata has ingested)${removals}`));
        } else {
          const written = await publishToOpenMetadata(spec.url, docs, { ...settings, servedElsewhere, servedByOtherProducts });
          incomplete(written.notes, () => false);
          const count = (prefix: string) => written.written.filter((w) => w.startsWith(prefix)).length;
          const parts = [
            ...(count("domain ") > 0 ? ["the domain"] : []),
            `${count("dataContract ")} of ${buildOpenMetadataPlan(docs, settings).contracts.length} data contracts`,
            ...(count("result of ") > 0 ? [plural(count("result of "), "contract-test result")] : []),
            "the data product",
            ...(count("assets of ") > 0 ? ["its tables as assets"] : []),
          ];
          changes.push(change(`upserted ${parts.join(", ")}${written.kept.length > 0 ? `; kept the existing ${written.kept.join(", ")}` : ""}${removalText(written, false)}`));
        }
      } else {
        // A dry run reads the folder as a real run would (what it would remove, the relations it would leave stale, what Backstage
        // could not take) and writes nothing.
        const dry = options.dryRun === true;
        const written = dry ? previewBackstageCatalog(spec.dir, docs) : writeBackstageCatalog(spec.dir, docs);
        incomplete(written.notes, (note) => note.startsWith("dependsOn:") || note.startsWith("the product has no domain") || isPortVersionNote(note));
        if (!dry) files.push(...written.files.filter((f) => f.action === "created" || f.action === "updated" || f.action === "removed").map((f) => f.path));
        const dependsOn = written.entities.filter((e) => e.kind === "Resource" && Array.isArray(e.spec.dependsOn)).length;
        const removed = (folder: string) => written.files.filter((f) => f.action === "removed" && f.path.startsWith(folder)).map((f) => f.path);
        const remove = dry ? "would remove" : "removed";
        const removedText = [
          ...(removed("products/").length > 0 ? [`; ${remove} ${removed("products/").join(", ")}, its System under an earlier name`] : []),
          ...(removed("groups/").length > 0 ? [`; ${remove} ${removed("groups/").join(", ")}, the Group of its earlier team, which nothing else names`] : []),
        ].join("");
        for (const relation of written.staleRelations) {
          findings.push(
            bundle.document.finding({
              ruleId: "catalog-lineage-stale",
              severity: "warning",
              message: `${display}: ${relation}, a Resource this publish ${remove} (the product's earlier name or a dataset it no longer has); Backstage relates entities by name only, so publish that product again (together with this one, or with a lineage catalog where this one is registered) to point it at this product's Resources.`,
              path: "",
              stage: "catalog",
              target: "key",
            }),
          );
        }
        changes.push(change(`${dry ? "would write " : ""}${written.entities.length} Backstage entities${dependsOn > 0 ? ` (${dependsOn} Resources with dependsOn)` : ""}${removedText}`));
      }
    } catch (error) {
      // What the product says cannot be put there: a finding on it, and the other products go on.
      if (error instanceof CatalogContentError) {
        findings.push(bundle.document.finding({ ruleId: "catalog-product-invalid", severity: "error", message: `${display}: ${error.message.replace(/\.$/, "")}; not published there.`, path: error.path, stage: "catalog" }));
        continue;
      }
      if (!(error instanceof UsageError) || options.dryRun) throw error;
      // What OpenMetadata's look-ups found missing before the failure is left out of what was written: said as in a run that completes.
      if (error instanceof OpenMetadataPublishError) incomplete(error.notes, () => false);
      const rest = order.slice(index + 1).map((b) => productLabel(b.product));
      const before = published.length > 0 ? ` Published to ${display} before it: ${published.join(", ")}.` : "";
      const after = rest.length > 0 ? ` Not sent: ${rest.join(", ")}.` : "";
      // The target's message may end without a full stop (a file system error's text): the next sentence must not run into it.
      const reason = /[.!?]$/.test(error.message.trimEnd()) ? error.message.trimEnd() : `${error.message.trimEnd()}.`;
      changes.sort((a, b) => changeOf.get(a)! - changeOf.get(b)!);
      const partial: PublishResult = { target: display, dryRun: false, changes, findings: findings as Finding[], written: changes.length > 0, files, attempts: 1 };
      throw new CatalogDeliveryError(`${label}: ${reason}${before}${after}`, [...published], label, rest, partial, new Set(options.products.map((d) => d.file)).size);
    }
    published.push(label);
  }
  // Reported in input order, as for the dir and git catalogs, whatever order they were sent in.
  changes.sort((a, b) => changeOf.get(a)! - changeOf.get(b)!);
  return { target: display, dryRun: options.dryRun === true, changes, findings: findings as Finding[], written: !options.dryRun && changes.length > 0, files, attempts: 1 };
}

/**
 * The order the products of a run are sent to a catalog service in: input (file) order, except that the versions of one
 * product take the places they hold in it oldest first, and its latest last — the newest release, as the catalog's index
 * and site show it (`latestOf`: a pre-release does not replace the release). DataHub, OpenMetadata and Backstage hold one
 * entity per product id (its data product, its System), which describes the version sent last: `products/orders/2.0.0/`
 * before `products/orders/1.0.0/` in file order must still leave the catalog describing 2.0.0.
 */
function sendOrder<T extends Pick<ProductBundle, "product">>(bundles: readonly T[]): T[] {
  return arrangeVersions(
    bundles,
    (bundle) => bundle.product.id,
    (versions) => {
      const sorted = [...versions].sort((a, b) => compareVersions(productVersionOf(a.product), productVersionOf(b.product)));
      const latest = latestOf(sorted, (bundle) => productVersionOf(bundle.product))!;
      return [...sorted.filter((bundle) => bundle !== latest), latest];
    },
  );
}

/**
 * Whether `other`, a product of the run, serves a dataset in `bundle`'s stead, so that `bundle` does not withdraw it (take it out of its assets): another
 * product (a port moved to it), or another version of the same product that is newer (a pre-release sent before the release)
 * or is sent after it (`sentAt`: the latest, which describes the product once the run is over).
 */
function servesInstead(other: ProductBundle, bundle: ProductBundle, sentAt: ReadonlyMap<ProductBundle, number>): boolean {
  if (other.product.id !== bundle.product.id) return true;
  return other !== bundle && (compareVersions(productVersionOf(other.product), productVersionOf(bundle.product)) > 0 || sentAt.get(other)! > sentAt.get(bundle)!);
}

/**
 * The places of a catalog service (`placesOf`: DataHub dataset URNs, OpenMetadata table names) the products of a run serve,
 * with the products (bundles) serving each (a product whose plan fails serves none).
 */
function placesServed(bundles: readonly ProductBundle[], placesOf: (docs: ProductDocuments) => string[]): Map<string, ProductBundle[]> {
  const served = new Map<string, ProductBundle[]>();
  for (const bundle of bundles) {
    let places: string[];
    try {
      places = placesOf({ product: bundle.product, contracts: bundle.contracts, missingContracts: "skip" });
    } catch (error) {
      if (error instanceof UsageError) continue;
      throw error;
    }
    for (const place of places) served.set(place, [...(served.get(place) ?? []), bundle]);
  }
  return served;
}

/** One place of a catalog service an output dataset of a product lands on (a DataHub dataset, an OpenMetadata table). */
interface ClaimedOutput {
  /** The place, as the service knows it: a DataHub dataset URN, an OpenMetadata table's fully qualified name. */
  place: string;
  contractId: string;
  object: string;
}

/**
 * Records the places a product's output datasets land on as its own in this run, or throws when one is already
 * another product's: two products serving one contract (or locating tables at one place) would each replace the
 * other's description of it — on DataHub the dataset's whole `ownership`, `datasetProperties` and `upstreamLineage`,
 * on OpenMetadata the table's data contract —, the later silently, and both would list it as an asset. A dataset
 * has one owning product, as a product id has one domain; the finding is at the output port that serves it, and
 * nothing of the product is sent.
 */
function claimOutputs(outputs: readonly ClaimedOutput[], what: string, product: DataProduct, label: string, owners: Map<string, { id: string; label: string }>): void {
  for (const output of outputs) {
    const owner = owners.get(output.place);
    // Versions of one product (one id) describe its datasets in turn, as publishing them one by one would.
    if (owner === undefined || owner.id === product.id) continue;
    const portIndex = (product.outputPorts ?? []).findIndex((port) => port.contractId === output.contractId);
    throw new CatalogContentError(
      `its ${what} ${output.place} (table ${output.object} of contract ${output.contractId}) is already an output of ${owner.label} in this publish; a dataset belongs to one product, and the catalog would take the description of whichever was sent last. Serve the contract from one product and read it through an input port in the others`,
      portIndex >= 0 ? `/outputPorts/${portIndex}/contractId` : "/outputPorts",
    );
  }
  for (const output of outputs) owners.set(output.place, { id: product.id, label });
}

/**
 * The names of a contract's OpenMetadata table: a Snowflake table by either name (`orders` as written, `ORDERS` as Snowflake
 * keeps it), since OpenMetadata lists it by the one Snowflake keeps, looked up when the other is not found; two products
 * naming it each way serve one table.
 */
function tableNames(contract: OpenMetadataContractPlan): string[] {
  return [contract.tableFqn, contract.foldedTableFqn].filter((fqn): fqn is string => fqn !== undefined);
}

/** Two versions of one output port over the same table: the newest describes it, as documented; not a finding. */
function isPortVersionNote(note: string): boolean {
  return /^output port .+ versions .+ and .+ both /.test(note);
}

function productLabel(product: DataProduct): string {
  return entryLabel({ name: productDisplayName(product), version: productVersionOf(product), domain: productDomainOf(product) });
}

// ---------------------------------------------------------------------------------------------
// Lineage
// ---------------------------------------------------------------------------------------------

interface LineageSources {
  bundles: readonly ProductBundle[];
  /** Contracts among the documents that no product of the run serves. */
  loose: readonly DataContract[];
  /** Entries of the lineage catalog, when one is given. */
  entries: readonly CatalogEntry[];
  /** The lineage catalog as printed, for messages. */
  catalog?: string;
}

async function lineageSources(options: DeliverOptions, bundles: readonly ProductBundle[]): Promise<LineageSources> {
  const served = new Set(bundles.flatMap((b) => b.contracts));
  const loose = options.products
    .filter((d) => d.kind.type === "DataContract" && isMapping(d.value) && typeof d.value.id === "string")
    .map((d) => d.value as unknown as DataContract)
    .filter((c) => !served.has(c));
  if (!options.lineageCatalog) return { bundles, loose, entries: [] };
  try {
    const store = openCatalogStore(options.lineageCatalog, { cwd: options.cwd });
    const entries = await store.read((dir) => readCatalogDir(dir, (path) => store.label(path)).entries);
    // An entry is a file anyone who can push to the catalog may edit: one whose documents no longer meet the ODPS and
    // ODCS schemas (a product `name: 5`, a contract `schema: 5`) resolves nothing, and the ports that read it are
    // reported unresolved, as for a product the catalog does not have, instead of stopping the publish.
    return { bundles, loose, entries: entries.filter(hasValidDocuments), catalog: store.display };
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`lineage catalog: ${error.message}; nothing was published`);
    throw error;
  }
}

function hasValidDocuments(entry: CatalogEntry): boolean {
  return validateProductSchema(entry.product).length === 0 && entry.contracts.every((contract) => validateContractSchema(contract).length === 0);
}

/** What the product reads: its input ports' contracts and its output ports' `inputContracts`. */
function readContracts(product: DataProduct): { id: string; version?: string; port: string; path: string }[] {
  const out: { id: string; version?: string; port: string; path: string }[] = [];
  (Array.isArray(product.inputPorts) ? product.inputPorts : []).forEach((port, i) => {
    if (!isMapping(port) || typeof port.contractId !== "string" || port.contractId === "") return;
    out.push({ id: port.contractId, ...(typeof port.version === "string" ? { version: port.version } : {}), port: `input port ${String(port.name)}`, path: `/inputPorts/${i}/contractId` });
  });
  (Array.isArray(product.outputPorts) ? product.outputPorts : []).forEach((port, i) => {
    if (!isMapping(port) || !Array.isArray(port.inputContracts)) return;
    port.inputContracts.forEach((input, j) => {
      if (!isMapping(input) || typeof input.id !== "string" || input.id === "") return;
      out.push({ id: input.id, ...(typeof input.version === "string" ? { version: input.version } : {}), port: `output port ${String(port.name)}`, path: `/outputPorts/${i}/inputContracts/${j}/id` });
    });
  });
  return out;
}

/**
 * The upstream documents of one product, each contract it reads resolved once (see the module
 * comment for the order); what cannot be resolved for this target is an info finding.
 */
function resolveUpstream(bundle: ProductBundle, sources: LineageSources, spec: CatalogTargetSpec, findings: Finding[]): UpstreamDocuments[] {
  const upstream: UpstreamDocuments[] = [];
  const own = new Set(bundle.contracts.map((c) => c.id));
  const reported = new Set<string>();
  const add = (docs: UpstreamDocuments) => {
    if (!upstream.some((u) => (u.product && u.product === docs.product) || (!u.product && !docs.product && u.contracts[0] === docs.contracts[0]))) upstream.push(docs);
  };
  const needsProduct = spec.type === "backstage";
  for (const read of readContracts(bundle.product)) {
    if (own.has(read.id)) continue;
    const resolved = resolveContract(read, bundle, sources, needsProduct);
    if (resolved) {
      add(resolved);
      continue;
    }
    // Once per contract: at its input port (listed first), not again at each output port reading it.
    if (reported.has(read.id)) continue;
    reported.add(read.id);
    const what = needsProduct ? "whose product is not among the products published" : "whose documents are not among the documents published";
    const where = sources.catalog ? ` nor registered in the lineage catalog ${sources.catalog}` : "";
    const target = needsProduct ? "Backstage gets no dependsOn" : "DataHub gets no upstream lineage";
    const fix = sources.catalog
      ? "Publish the upstream product to the lineage catalog first, or publish it together with this one."
      : needsProduct
        ? "Publish the upstream product together with this one, or give a lineage catalog (dir: or git:) where it is registered."
        : "Keep a copy of the upstream contract with the documents, publish its product together with this one, or give a lineage catalog (dir: or git:) where it is registered.";
    findings.push(
      bundle.document.finding({
        ruleId: "catalog-lineage-unresolved",
        severity: "info",
        message: `${read.port} reads contract ${read.id}, ${what}${where}; ${target} for it. ${fix}`,
        path: read.path,
        stage: "catalog",
      }),
    );
  }
  return upstream;
}

function resolveContract(read: { id: string; version?: string }, self: ProductBundle, sources: LineageSources, needsProduct: boolean): UpstreamDocuments | undefined {
  const local = sources.bundles.filter((b) => b !== self && b.contracts.some((c) => c.id === read.id));
  const localMatch = local.find((b) => b.contracts.some((c) => c.id === read.id && c.version === read.version)) ?? local[0];
  if (localMatch) return { product: localMatch.product, contracts: localMatch.contracts };
  if (!needsProduct) {
    const loose = sources.loose.filter((c) => c.id === read.id);
    const contract = loose.find((c) => c.version === read.version) ?? [...loose].sort((a, b) => compareVersions(String(b.version), String(a.version)))[0];
    if (contract) return { contracts: [contract] };
  }
  const registered = sources.entries.filter((e) => e.id !== self.product.id && e.contracts.some((c) => c.id === read.id));
  if (registered.length === 0) return undefined;
  const newestFirst = [...registered].sort((a, b) => compareEntries(b, a));
  const entry = newestFirst.find((e) => e.contracts.some((c) => c.id === read.id && c.version === read.version)) ?? newestFirst[0]!;
  return { product: entry.product, contracts: entry.contracts, registered: true };
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/**
 * The emitters read contract-test results as `meshkit test --results` writes them (`contracts[]` of
 * `{contract, summary, checks, notes}`); the CLI and the action hand over a results document or
 * `readQualityRun`'s reduced form (`contracts[]` of `{contractId, contractVersion, …}`), read as the latter.
 */
function emitterResults(run: QualityRun | undefined): QualityRunInput | undefined {
  if (run === undefined) return undefined;
  return {
    contracts: run.contracts.map((c) => ({ contract: { id: c.contractId, version: c.contractVersion }, source: c.source, finishedAt: c.checkedAt, summary: c.summary, checks: c.checks.map((check) => ({ object: check.object, status: check.status })), ...(c.notes ? { notes: c.notes } : {}) })),
  };
}
