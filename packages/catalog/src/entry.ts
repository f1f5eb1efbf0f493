/**
 * The catalog model: one entry per product version. An entry holds the ODPS product and the ODCS
 * contracts of its output ports as published (the source of truth for schema, SLAs, classification,
 * owners, support, input ports → lineage, output ports → servers), the latest contract-test results
 * of those contracts with a short history, an optional changelog, and publication metadata.
 *
 * Entries are written as canonical JSON (sorted keys, see stable-json.ts). Merging is idempotent:
 * publishing the same documents and results again gives an identical entry, so nothing is written.
 */
import { dirname } from "node:path";
import { type DataContract, type DataProduct, type Finding, type LoadedDocument, isMapping, validateContractSchema, validateProductSchema } from "@meshkit/core";
import { type ContractQuality, type QualityStatus, type QualitySummary, addSummaries, worstStatus } from "./results.js";
import { compareText, stableStringify } from "./stable-json.js";
import { compareVersions, sameVersionAs } from "./versions.js";

export const ENTRY_KIND = "meshkit-catalog-entry";
/** How many past runs an entry's quality history keeps (oldest dropped first). */
export const QUALITY_HISTORY_LIMIT = 100;

export interface CatalogEntry {
  kind: typeof ENTRY_KIND;
  /** Version of this file format. */
  version: 1;
  /** The product's id (ODPS `id`): the key of the product in the catalog. */
  id: string;
  /** ODPS `name`, or the id when the product has none. */
  name: string;
  /** ODPS `version`: one entry per version. */
  productVersion: string;
  /** ODPS `domain`: the owner of the product id in the catalog. */
  domain: string;
  status: string;
  /** The ODPS document as published. */
  product: DataProduct;
  /** The ODCS documents its output ports name, ordered by id then version. */
  contracts: DataContract[];
  /** Latest contract-test results of those contracts; null until results are published. */
  quality: EntryQuality | null;
  /** Release notes of this version, when the publisher gave some. */
  changelog?: string;
  publication: Publication;
}

export interface EntryQuality {
  /** Worst status over the contracts' latest results. */
  status: QualityStatus;
  /** When the newest of those results finished. */
  checkedAt: string;
  summary: QualitySummary;
  /** The newest results of each contract (id and version) of the entry, ordered by contract id then version. */
  contracts: ContractQuality[];
  /** One line per results run published for this version, oldest first. */
  history: QualityHistoryItem[];
}

export interface QualityHistoryItem {
  checkedAt: string;
  status: QualityStatus;
  summary: QualitySummary;
}

export interface Publication {
  /** When this version was first published. */
  publishedAt: string;
  /** When the entry last changed (new results, replaced documents). */
  updatedAt: string;
  /** Who published it (a user, or a CI identity such as `github-actions[bot]`). */
  publisher: string;
  /** The source repository it was published from (`org/repo`); the ownership check compares it. */
  repo?: string;
  /**
   * The project's folder in that repository (its meshkit.yaml's, relative to the repository's top), when it
   * is not the top: one repository may hold several domain projects that publish on their own.
   */
  project?: string;
  /** The source commit the documents come from. */
  commit?: string;
}

/** Who publishes, from where, and when (`now` is for reproducible runs and tests). */
export interface Publisher {
  name: string;
  repo?: string;
  /** The project's folder in the repository (`domains/sales`); empty or absent at its top. */
  project?: string;
  commit?: string;
  /** Used as the git author of catalog commits. */
  email?: string;
  now?: Date;
}

/** A product document with the contracts its output ports name. */
export interface ProductBundle {
  document: LoadedDocument;
  product: DataProduct;
  contracts: DataContract[];
}

/**
 * Groups documents into products: each ODPS product with the ODCS contracts its output ports name
 * (by `contractId`, the port's version preferred). Products that break the ODPS schema are refused
 * (errors), and so are the contracts a port names that break the ODCS schema, with the products that name them: a
 * publish that fails leaves a product as the catalog has it, not without a port. A contract that is not among the
 * documents is a warning: the product is published without that port. A product without a version or domain is
 * published with a warning.
 */
export function assembleProducts(documents: readonly LoadedDocument[]): { bundles: ProductBundle[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const contractsById = new Map<string, LoadedDocument[]>();
  for (const doc of documents) {
    if (doc.kind.type !== "DataContract" || !isMapping(doc.value) || typeof doc.value.id !== "string") continue;
    const list = contractsById.get(doc.value.id) ?? [];
    list.push(doc);
    contractsById.set(doc.value.id, list);
  }
  const versionOf = (contract: LoadedDocument) => (contract.value as unknown as DataContract).version;
  const publishable = publishableContracts(findings);
  const bundles: ProductBundle[] = [];
  const seen = new Map<string, LoadedDocument>();
  for (const doc of documents) {
    if (doc.kind.type !== "DataProduct" || !isMapping(doc.value)) continue;
    const product = doc.value as unknown as DataProduct;
    // What breaks the ODPS schema (`outputPorts: nope`, no `id` or `status`) would be published as an entry that
    // says less than its document: the product is refused instead, each problem where it is.
    const issues = validateProductSchema(product);
    if (issues.length > 0) {
      const name = typeof product.id === "string" && product.id.trim() !== "" ? `Data product ${product.id}` : "This data product";
      for (const issue of issues) {
        findings.push(doc.finding({ ruleId: "catalog-product-invalid", severity: "error", message: `${name} is not published: ${issue.message}.`, path: issue.pointer, target: issue.target, stage: "catalog" }));
      }
      continue;
    }
    if (product.id.trim() === "") {
      findings.push(doc.finding({ ruleId: "catalog-product-invalid", severity: "error", message: "This data product is not published: its `id` is blank, and catalogs know a product by its id. Give it a unique id (a UUID).", path: "/id", stage: "catalog" }));
      continue;
    }
    // ODPS makes `version` ("highly recommended") and `domain` optional: a product without them is published, with a warning.
    if (productVersionOf(product) === "") {
      findings.push(
        doc.finding({
          ruleId: "catalog-product-incomplete",
          severity: "warning",
          message: `Data product ${product.id} has no version: it is published as ${UNVERSIONED}, and each publication replaces the last, so consumers cannot tell its releases apart. Add \`version\` (semver, e.g. 1.0.0).`,
          path: typeof product.version === "string" ? "/version" : "",
          stage: "catalog",
          target: "key",
        }),
      );
    }
    if (productDomainOf(product) === "") {
      findings.push(
        doc.finding({
          ruleId: "catalog-product-incomplete",
          severity: "warning",
          message: `Data product ${product.id} has no domain: it is published without one (OpenMetadata, which needs one, gets it in its default domain), and until a domain publishes it, only its source repository guards its id. Add \`domain\`.`,
          path: typeof product.domain === "string" ? "/domain" : "",
          stage: "catalog",
          target: "key",
        }),
      );
    }
    const key = JSON.stringify([product.id, productVersionOf(product)]);
    const first = seen.get(key);
    if (first) {
      findings.push(
        doc.finding({
          ruleId: "catalog-duplicate-product",
          severity: "error",
          message: `Data product ${product.id} ${versionLabel(productVersionOf(product))} is also declared in ${first.file}; only the first is published. Give each product its own id.`,
          path: "/id",
          stage: "catalog",
        }),
      );
      continue;
    }
    seen.set(key, doc);
    const contracts: DataContract[] = [];
    // A port whose contract is refused by an error: the product is not published either (see below).
    let refused = false;
    (Array.isArray(product.outputPorts) ? product.outputPorts : []).forEach((port, index) => {
      if (!isMapping(port) || typeof port.contractId !== "string") return;
      const candidates = contractsById.get(port.contractId) ?? [];
      const found = candidates.find((c) => versionOf(c) === port.version) ?? [...candidates].sort((a, b) => compareVersions(versionOf(b), versionOf(a)))[0];
      if (!found) {
        findings.push(
          doc.finding({
            ruleId: "catalog-contract-missing",
            severity: "warning",
            message: `Output port ${String(port.name)} names contract ${port.contractId}, which is not among the documents published; the catalog gets no schema, SLAs or datasets for that port (the rest of the product is published). Add the contract to the project, or correct the port's contractId.`,
            path: `/outputPorts/${index}/contractId`,
            stage: "catalog",
          }),
        );
        return;
      }
      let chosen: LoadedDocument = found;
      // Only other versions of the contract are here: the entry holds the newest of them for the port, which
      // is not what the port promises, so it is said (meshkit lint refuses such a port: output-port-contract).
      const versions = candidates.map((c) => String(versionOf(c)));
      if (typeof port.version === "string" && sameVersionAs(versions, port.version) === undefined) {
        findings.push(
          doc.finding({
            ruleId: "catalog-contract-missing",
            severity: "warning",
            message: `Output port ${String(port.name)} ${port.version} names contract ${port.contractId} at a version that is not among the documents published (${versions.join(", ")}); the catalog shows version ${String(versionOf(chosen))}'s schema, SLAs and datasets for that port. Make the port's version the contract's.`,
            path: `/outputPorts/${index}/version`,
            stage: "catalog",
          }),
        );
      }
      // Two documents declaring this contract id and version differently (a contract copied with its id kept): the
      // one beside the product is the one its port serves; where that does not tell, taking the first found would
      // publish another table's schema under this port, so the port gets none. Either way the id is ambiguous to
      // every consumer that looks the contract up by it (lineage, consumer impact): an error.
      const rivals = candidates.filter((c) => versionOf(c) === versionOf(chosen) && stableStringify(c.value) !== stableStringify(chosen.value));
      if (rivals.length > 0) {
        const declaring = [chosen, ...rivals].map((c) => c.file);
        const beside = distinctContents(candidates.filter((c) => versionOf(c) === versionOf(chosen) && dirname(c.file) === dirname(doc.file)));
        findings.push(
          doc.finding({
            ruleId: "catalog-duplicate-contract",
            severity: "error",
            message: `Output port ${String(port.name)} names contract ${port.contractId} ${String(versionOf(chosen))}, which ${declaring.join(", ")} declare differently; ${beside.length === 1 ? `the port is published with ${beside[0]!.file}, the one beside the product` : `data product ${product.id} is not published (${NOT_PUBLISHED_WITHOUT_PORT})`}. Give each contract its own id (a new UUID), or remove the stale copy.`,
            path: `/outputPorts/${index}/contractId`,
            stage: "catalog",
          }),
        );
        if (beside.length !== 1) {
          refused = true;
          return;
        }
        chosen = beside[0]!;
      }
      // The port's own contract, refused, leaves the port without one (another version of the id would not be the contract it names): the product is not published.
      if (!publishable(chosen)) {
        refused = true;
        findings.push(
          doc.finding({
            ruleId: "catalog-contract-invalid",
            severity: "error",
            message: `Data product ${product.id} is not published: output port ${String(port.name)} names contract ${port.contractId} ${String(versionOf(chosen))}, which breaks the ODCS schema (${chosen.file}); ${NOT_PUBLISHED_WITHOUT_PORT}.`,
            path: `/outputPorts/${index}/contractId`,
            stage: "catalog",
          }),
        );
        return;
      }
      const contract = chosen.value as unknown as DataContract;
      if (!contracts.includes(contract)) contracts.push(contract);
    });
    // A publish that fails (an error, exit code 1) leaves the product as the catalog has it: published without the port, it would
    // lose that port's schema, SLAs and datasets (in DataHub and OpenMetadata, its datasets would leave the product's assets).
    if (refused) continue;
    contracts.sort((a, b) => compareText(String(a.id), String(b.id)) || compareVersions(String(a.version), String(b.version)));
    bundles.push({ document: doc, product, contracts });
  }
  return { bundles, findings };
}

/** `documents` with those of equal content given once (a contract copied unchanged is that contract). */
function distinctContents(documents: readonly LoadedDocument[]): LoadedDocument[] {
  const seen = new Set<string>();
  return documents.filter((d) => {
    const key = stableStringify(d.value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Whether a contract document may go into the catalog: valid against the ODCS schema of its
 * apiVersion, as `meshkit lint`'s schema-valid checks it. An entry holds contracts as published and
 * the site, search, lineage and the service emitters read them by that schema (`schema` a list of
 * objects with `properties` lists), so a contract that breaks it is refused, each problem reported
 * where it is, once however many ports name it.
 */
function publishableContracts(findings: Finding[]): (doc: LoadedDocument) => boolean {
  const checked = new Map<LoadedDocument, boolean>();
  return (doc) => {
    let ok = checked.get(doc);
    if (ok === undefined) {
      const issues = validateContractSchema(doc.value);
      const id = String((doc.value as unknown as DataContract).id);
      for (const issue of issues) {
        findings.push(
          doc.finding({
            ruleId: "catalog-contract-invalid",
            severity: "error",
            message: `Data contract ${id} is not published: ${issue.message}. Neither are the products whose output ports name it, on any target: the catalog keeps what it has of them.`,
            path: issue.pointer,
            target: issue.target,
            stage: "catalog",
          }),
        );
      }
      ok = issues.length === 0;
      checked.set(doc, ok);
    }
    return ok;
  };
}

/** Why a product is not published without a port whose contract is refused. */
const NOT_PUBLISHED_WITHOUT_PORT = "published without that port, it would lose the port's schema, SLAs and datasets in the catalog, and in DataHub and OpenMetadata its datasets would leave the product; the catalog keeps what it has of the product";

/** What a catalog shows for a product that has no version. */
export const UNVERSIONED = "unversioned";

/**
 * The product's version as the catalog keys it: ODPS `version` trimmed, `""` when it has none (ODPS
 * recommends one but does not require it). Such a product has one entry, `products/<id>/~.json`, shown
 * as "unversioned", which each publication replaces; it sorts before every version.
 */
export function productVersionOf(product: Pick<DataProduct, "version">): string {
  return typeof product.version === "string" ? product.version.trim() : "";
}

/**
 * The product's name for people: ODPS `name` (optional), else its id when it has none or a blank one (`name: ""`),
 * alike in the catalog's entries, its site and search, and on DataHub, OpenMetadata and Backstage.
 */
export function productDisplayName(product: Pick<DataProduct, "id" | "name">): string {
  return typeof product.name === "string" && product.name.trim() !== "" ? product.name : product.id;
}

/** The product's domain (ODPS `domain` trimmed), `""` when it has none. */
export function productDomainOf(product: Pick<DataProduct, "domain">): string {
  return typeof product.domain === "string" ? product.domain.trim() : "";
}

/**
 * A version for people: `v1.2.0`, or "unversioned". Only a version that starts with a digit gets a v: one
 * written `v1.0.0` keeps its one v, and a word (`latest`, `beta`) stays the word, not `vlatest`.
 */
export function versionLabel(version: string): string {
  if (version === "") return UNVERSIONED;
  return /^\d/.test(version) ? `v${version}` : version;
}

/** A product for people, in one line: `name 1.2.0 (domain)`, "unversioned" and "no domain" where they are missing. */
export function productLabel(product: { name: string; version: string; domain: string }): string {
  return `${product.name} ${product.version === "" ? UNVERSIONED : product.version} (${product.domain === "" ? "no domain" : product.domain})`;
}

/** A new entry for a product version (publication times: `now`). */
export function createEntry(
  bundle: Pick<ProductBundle, "product" | "contracts">,
  options: { publisher: Publisher; now: string; results?: readonly ContractQuality[] },
): CatalogEntry {
  const { product, contracts } = bundle;
  const entry: CatalogEntry = {
    kind: ENTRY_KIND,
    version: 1,
    id: product.id,
    name: productDisplayName(product),
    productVersion: productVersionOf(product),
    domain: productDomainOf(product),
    status: typeof product.status === "string" ? product.status : "",
    product: plain(product),
    contracts: contracts.map(plain),
    quality: null,
    publication: {
      publishedAt: options.now,
      updatedAt: options.now,
      publisher: options.publisher.name,
      ...(options.publisher.repo ? { repo: options.publisher.repo } : {}),
      ...(options.publisher.project ? { project: options.publisher.project } : {}),
      ...(options.publisher.commit ? { commit: options.publisher.commit } : {}),
    },
  };
  entry.quality = mergeQuality(null, relevantResults(entry, options.results ?? []));
  return entry;
}

/** `project`: the same documents, now published from another project of the repository (moved to it). */
export type EntryChange = "add" | "documents" | "changelog" | "quality" | "project" | "unchanged";

/**
 * What publishing `incoming` (a fresh entry of the same id and version) over `existing` gives:
 * the existing entry when nothing changed (no write, publication untouched); otherwise the incoming
 * documents and changelog, the results merged into the existing ones, and the first publication
 * time kept.
 */
export function mergeEntry(
  existing: CatalogEntry | undefined,
  incoming: CatalogEntry,
  results: readonly ContractQuality[],
  /** `incoming`'s project is the one whose folder holds the product's file (RepositoryLayout), not just the publisher's. */
  projectOfFile = false,
): { entry: CatalogEntry; change: EntryChange } {
  if (!existing) return { entry: incoming, change: "add" };
  const documentsChanged = documentsKey(existing) !== documentsKey(incoming);
  const changelogChanged = incoming.changelog !== undefined && incoming.changelog !== existing.changelog;
  const merged: CatalogEntry = {
    ...(documentsChanged ? incoming : existing),
    changelog: incoming.changelog ?? existing.changelog,
    publication: existing.publication,
    quality: null,
  };
  if (merged.changelog === undefined) delete merged.changelog;
  // Results of contracts that are no longer part of the entry are dropped with them.
  const kept = (existing.quality?.contracts ?? []).filter((c) => merged.contracts.some((k) => k.id === c.contractId && k.version === c.contractVersion));
  const base = existing.quality && kept.length > 0 ? { ...existing.quality, contracts: kept } : null;
  merged.quality = mergeQuality(base, relevantResults(merged, results));
  const contentChanged = contentKey(merged) !== contentKey(existing);
  // A product moved to another project of its repository is that project's now: its removal from there is what
  // catalog-product-orphaned must see, and the project it left must not call it removed. A project folder above
  // the recorded one (the top's globs reach a nested project's files) claims nothing: the nested one publishes it.
  // When the project is the one that holds the product's file, it is the product's wherever it lies: a product moved
  // from a nested project up to the top is the top's.
  const recorded = existing.publication.project ?? "";
  const publishing = incoming.publication.project ?? "";
  const projectChanged = recorded !== publishing && (projectOfFile || !isFolderWithin(recorded, publishing));
  if (!contentChanged && !projectChanged) return { entry: existing, change: "unchanged" };
  return {
    entry: { ...merged, publication: { ...incoming.publication, publishedAt: existing.publication.publishedAt } },
    change: documentsChanged ? "documents" : changelogChanged ? "changelog" : contentChanged ? "quality" : "project",
  };
}

/** Whether repository folder `inner` (`domains/sales`, "" for the top) lies below `outer`. */
function isFolderWithin(inner: string, outer: string): boolean {
  return outer === "" ? inner !== "" : inner.startsWith(`${outer}/`);
}

/** The results that belong to an entry: those of its contracts, by id and version. */
export function relevantResults(entry: Pick<CatalogEntry, "contracts">, results: readonly ContractQuality[]): ContractQuality[] {
  return results.filter((r) => entry.contracts.some((c) => c.id === r.contractId && c.version === r.contractVersion));
}

/**
 * Merges newly published results into an entry's quality. Per contract version the newest results win
 * (results older than, or as old as, what the entry has are history only); the run is added to the
 * history once (keyed by its time), so publishing the same results again changes nothing.
 */
export function mergeQuality(existing: EntryQuality | null, incoming: readonly ContractQuality[]): EntryQuality | null {
  // Keyed by id and version: an entry can serve two versions of one contract (an output port per version).
  const key = (c: ContractQuality) => JSON.stringify([c.contractId, c.contractVersion]);
  const latest = new Map<string, ContractQuality>((existing?.contracts ?? []).map((c) => [key(c), c]));
  for (const result of incoming) {
    const current = latest.get(key(result));
    if (!current || result.checkedAt > current.checkedAt) latest.set(key(result), result);
  }
  if (latest.size === 0) return null;
  const history = [...(existing?.history ?? [])];
  if (incoming.length > 0) {
    const checkedAt = incoming.map((r) => r.checkedAt).sort(compareText).at(-1)!;
    const run: QualityHistoryItem = { checkedAt, status: worstStatus(incoming.map((r) => r.status)), summary: addSummaries(incoming.map((r) => r.summary)) };
    if (!history.some((h) => h.checkedAt === run.checkedAt)) history.push(run);
    history.sort((a, b) => compareText(a.checkedAt, b.checkedAt));
  }
  const contracts = [...latest.values()].sort((a, b) => compareText(a.contractId, b.contractId) || compareVersions(a.contractVersion, b.contractVersion));
  return {
    status: worstStatus(contracts.map((c) => c.status)),
    checkedAt: contracts.map((c) => c.checkedAt).sort(compareText).at(-1)!,
    summary: addSummaries(contracts.map((c) => c.summary)),
    contracts,
    history: history.slice(-QUALITY_HISTORY_LIMIT),
  };
}

/**
 * The product's quality as every catalog target states it (as productQualityStatus does for DataHub, OpenMetadata
 * and Backstage): failing or warned when one contract's latest results are, pass only when each of its
 * contracts (at its version) has results, and null (no results) while one has none: a product does not pass
 * on the strength of some of its contracts. `quality.status` keeps the worst of the results there are.
 */
export function entryQualityStatus(entry: Pick<CatalogEntry, "contracts" | "quality">): QualityStatus | null {
  const quality = entry.quality;
  if (!quality || quality.status !== "pass") return quality?.status ?? null;
  return untestedContracts(entry).length === 0 ? "pass" : null;
}

/** The entry's contracts (id and version) without published results. */
export function untestedContracts(entry: Pick<CatalogEntry, "contracts" | "quality">): DataContract[] {
  const tested = entry.quality?.contracts ?? [];
  return entry.contracts.filter((c) => !tested.some((t) => t.contractId === c.id && t.contractVersion === c.version));
}

/** The entry's content without its publication metadata: equal keys mean "nothing to publish". */
export function contentKey(entry: CatalogEntry): string {
  const { publication: _publication, ...content } = entry;
  return stableStringify(content);
}

function documentsKey(entry: CatalogEntry): string {
  return stableStringify({ product: entry.product, contracts: entry.contracts });
}

/**
 * Whether a parsed file is a catalog entry this release can read: each field the catalog reads as text,
 * a list or a count (the index, search, the site, the orphan check) is one. An entry is a file anyone who
 * can push to the catalog may edit; one with `status: null` is reported as unreadable, not a crash.
 */
export function isCatalogEntry(value: unknown): value is CatalogEntry {
  if (!isMapping(value) || value.kind !== ENTRY_KIND || value.version !== 1) return false;
  const strings = ["id", "name", "productVersion", "domain", "status"].every((key) => typeof value[key] === "string");
  const changelog = value.changelog === undefined || typeof value.changelog === "string";
  return strings && changelog && isMapping(value.product) && Array.isArray(value.contracts) && isPublication(value.publication) && (value.quality === null || isEntryQuality(value.quality));
}

function isPublication(value: unknown): boolean {
  if (!isMapping(value)) return false;
  const optionalText = (key: string) => value[key] === undefined || typeof value[key] === "string";
  return typeof value.publishedAt === "string" && typeof value.updatedAt === "string" && typeof value.publisher === "string" && optionalText("repo") && optionalText("project") && optionalText("commit");
}

const isSummary = (value: unknown): boolean => isMapping(value) && ["checks", "passed", "failed", "warned", "errors"].every((key) => typeof value[key] === "number");

function isEntryQuality(value: unknown): boolean {
  if (!isMapping(value) || typeof value.status !== "string" || typeof value.checkedAt !== "string" || !isSummary(value.summary)) return false;
  const isList = (list: unknown) => Array.isArray(list) && list.every(isMapping);
  const contracts =
    Array.isArray(value.contracts) &&
    value.contracts.every(
      (c) => isMapping(c) && typeof c.contractId === "string" && typeof c.contractVersion === "string" && typeof c.checkedAt === "string" && isSummary(c.summary) && isList(c.checks) && (c.notes === undefined || isList(c.notes)),
    );
  const history = Array.isArray(value.history) && value.history.every((h) => isMapping(h) && typeof h.checkedAt === "string" && isSummary(h.summary));
  return contracts && history;
}

/** A JSON copy: documents from YAML hold plain data, and the entry must not share objects with them. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
