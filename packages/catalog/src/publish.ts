/**
 * catalog-publish: registers data products (ODPS + the ODCS contracts of their output ports, with
 * their latest contract-test results) in a dir or git catalog.
 *
 * The plan is a pure function of the catalog's current content, so the git target can run it again
 * after a rejected push. Per product: the id must stay with its domain (and source repository);
 * the entry of its version is created, or merged (same documents and results: nothing written);
 * then the index is recomputed from all entries, and rewritten only if its text changes. A damaged
 * or stale index is reported (a warning) and rebuilt.
 */
import { type Finding, type GitIdentity, type LoadedDocument, MESHKIT_GIT_IDENTITY, isMapping, isRetiredStatus } from "@meshkit/core";
import { type CatalogEntry, type ProductBundle, type Publisher, assembleProducts, createEntry, mergeEntry, productDomainOf, productLabel, productVersionOf, relevantResults } from "./entry.js";
import { caseOnlyLookalike } from "./case-collision.js";
import type { RepositoryLayout } from "./documents.js";
import { INDEX_FILE, MAX_ENCODED_NAME, entryPath, nameTooLong } from "./paths.js";
import { type ContractQuality, type QualityRun, isQualityRun, parseQualityRun, worstStatus } from "./results.js";
import { catalogFinding } from "./rules.js";
import { compareText, stableStringify } from "./stable-json.js";
import { arrangeVersions, compareVersions, latestOf, sameVersionAs } from "./versions.js";
import { checkIndex, compareEntries, groupProducts, indexText, readCatalogDir } from "./store.js";
import { type OpenCatalogOptions, openCatalogStore } from "./targets/open.js";
import type { CatalogStore, CatalogTargetSpec, CatalogWrite, PlannedUpdate } from "./targets/target.js";

export interface PublishOptions extends OpenCatalogOptions {
  /** A catalog target (`dir:…`, `git:…#…`), parsed or opened. */
  target: string | CatalogTargetSpec | CatalogStore;
  /** The documents to publish: ODPS products and the ODCS contracts their output ports name. */
  products: readonly LoadedDocument[];
  /** Contract-test results: the document `meshkit test --results FILE` writes (parsed JSON), or `readQualityRun(file)`'s value. */
  results?: unknown;
  /** Compute and report the changes, write nothing. */
  dryRun?: boolean;
  publisher: Publisher;
  /** Release notes per product id, kept in the entry of the version published. */
  changelogs?: Readonly<Record<string, string>>;
  /**
   * Release notes of a new version when `changelogs` gives none: from the entry of the version before it
   * in the catalog (the highest lower one) to the entry being added (the CLI and the action compare
   * their documents with schema-compat, which this package may not import).
   */
  changelogFor?: (previous: CatalogEntry, next: CatalogEntry) => string | undefined;
  /**
   * The documents are every product of the source repository (`meshkit publish` without paths: the whole
   * project), so a product registered from `publisher.repo` that is not among them was removed from it
   * (catalog-product-orphaned). A publish of some paths says nothing about the products it left out.
   */
  wholeRepository?: boolean;
  /**
   * The projects of the source repository's checkout (`repositoryLayout`): a product is recorded as the project's
   * whose folder holds its file, and a whole-project publish reports the products of a project folder the checkout
   * no longer has (renamed or removed) as orphaned. Without it, a product is the publishing project's.
   */
  layout?: RepositoryLayout;
}

/** `upsert`: sent to a catalog service (DataHub, OpenMetadata, Backstage), which keeps or replaces what it had: meshkit does not read it back to tell. */
export type ChangeAction = "add-product" | "add-version" | "update-version" | "update-quality" | "upsert" | "unchanged";

export interface CatalogChange {
  action: ChangeAction;
  id: string;
  name: string;
  domain: string;
  version: string;
  /** The entry's path in the catalog. */
  file: string;
  /** One line for people: what happens to this product version. */
  message: string;
}

export interface PublishResult {
  /** The target as printed (credentials redacted). */
  target: string;
  dryRun: boolean;
  /** One per product that could be published (refused ones are findings only), in input order. */
  changes: CatalogChange[];
  findings: Finding[];
  /** Whether the catalog was (dry run: would be) written: an entry or the index. */
  written: boolean;
  /** Paths written (or that would be), entries first, index last. */
  files: string[];
  /** git: how many times the publish was tried (rejected pushes + 1) and the catalog commit pushed. */
  attempts: number;
  commit?: string;
}

interface PublishPlan extends PlannedUpdate {
  changes: CatalogChange[];
  findings: Finding[];
}

/** Who a publish is by, for git: the catalog commit's author and the release tags' tagger (a runner has no git identity of its own). */
export function publisherIdentity(publisher: Publisher): GitIdentity {
  return { name: publisher.name, email: publisher.email ?? MESHKIT_GIT_IDENTITY.email };
}

export async function publishProducts(options: PublishOptions): Promise<PublishResult> {
  const author = options.author ?? publisherIdentity(options.publisher);
  const store = isStore(options.target) ? options.target : openCatalogStore(options.target, { ...options, author });
  const { bundles, findings } = assembleProducts(options.products);
  // Every product the repository declares, published or refused below: only the others are gone from it.
  const repositoryProducts = options.wholeRepository ? new Set(options.products.filter((d) => d.kind.type === "DataProduct" && isMapping(d.value) && typeof d.value.id === "string").map((d) => (d.value as { id: string }).id)) : undefined;
  const run = qualityRunOf(options.results);
  const results = run?.contracts ?? [];
  const now = (options.publisher.now ?? new Date()).toISOString();
  const dryRun = options.dryRun ?? false;
  const outcome = await store.update((dir) => planPublish(dir, store, bundles, { ...options, results, now, dryRun, repositoryProducts }), { dryRun });
  return {
    target: store.display,
    dryRun,
    changes: outcome.changes,
    findings: [...findings, ...(run ? unmatchedResults(run, bundles) : []), ...outcome.findings],
    written: outcome.writes.length > 0,
    files: outcome.writes.map((w) => w.path),
    attempts: outcome.attempts,
    ...(outcome.commit ? { commit: outcome.commit } : {}),
  };
}

/** `PublishOptions.results` as the catalog reads it: a results document (parsed JSON) or `readQualityRun`'s value. */
export function qualityRunOf(results: unknown): QualityRun | undefined {
  if (results === undefined) return undefined;
  return isQualityRun(results) ? results : parseQualityRun(results);
}

/**
 * Contract-test results that no product published here shows: nothing tells, so the products keep looking
 * untested while the publisher takes them for tested. Warned at the results file: results of a contract the
 * products serve at another version (a run over other documents, or from before the contract was bumped), and
 * a run none of whose results is of a contract they serve (the wrong file). Results of other products beside
 * some that match are what a publish of some paths gets from a run over the whole project: not warned.
 */
export function unmatchedResults(run: QualityRun, bundles: readonly Pick<ProductBundle, "contracts">[]): Finding[] {
  const served = bundles.flatMap((b) => b.contracts);
  const file = run.file ?? "results";
  const isServed = (r: ContractQuality) => served.some((c) => c.id === r.contractId && c.version === r.contractVersion);
  const otherVersions = run.contracts.filter((r) => !isServed(r) && served.some((c) => c.id === r.contractId));
  const findings = otherVersions.map((r) => {
    const versions = [...new Set(served.filter((c) => c.id === r.contractId).map((c) => c.version))];
    return catalogFinding(
      "catalog-results-unmatched",
      "warning",
      `The contract-test results of contract ${r.contractId} ${r.contractVersion} (${r.status}, checked ${r.checkedAt}) are not published: the products published serve that contract at version ${versions.join(", ")}. Test the documents you publish, and publish their results.`,
      file,
    );
  });
  if (bundles.length > 0 && run.contracts.length > 0 && otherVersions.length === 0 && !run.contracts.some(isServed)) {
    const contracts = run.contracts.map((r) => `${r.contractId} ${r.contractVersion}`);
    findings.push(
      catalogFinding(
        "catalog-results-unmatched",
        "warning",
        `None of the contract-test results is published: they are of contract${contracts.length === 1 ? "" : "s"} ${contracts.join(", ")}, which no product published here serves. Publish the results of the run over these products' contracts.`,
        file,
      ),
    );
  }
  return findings;
}

function planPublish(
  dir: string,
  store: CatalogStore,
  bundles: readonly ProductBundle[],
  options: Pick<PublishOptions, "publisher" | "changelogs" | "changelogFor" | "layout"> & { results: readonly ContractQuality[]; now: string; dryRun: boolean; repositoryProducts: ReadonlySet<string> | undefined },
): PublishPlan {
  const state = readCatalogDir(dir, store.label);
  const findings: Finding[] = [...state.findings];
  const indexProblem = checkIndex(state);
  const entries = new Map<string, CatalogEntry>(state.entries.map((e) => [entryKey(e.id, e.productVersion), e]));
  // The latest version of each product, kept as the run adds versions: what contractsServedElsewhere compares with once
  // the run is planned, so a port moved between two products published together is no finding, whatever their order.
  const latestById = new Map(groupProducts(state.entries).map((p) => [p.id, p.latest]));
  const published: ProductBundle[] = [];
  const writes: CatalogWrite[] = [];
  const changes: CatalogChange[] = [];
  const { publisher } = options;

  // Versions of one product oldest first, whatever their file order: each is added after the one below it (its release
  // notes, its message), as when they are published one by one. The changes are listed in input order all the same.
  const inputAt = new Map(bundles.map((bundle, at) => [bundle, at]));
  const changeAt = new Map<CatalogChange, number>();
  const oldestFirst = (versions: readonly ProductBundle[]) => [...versions].sort((a, b) => compareVersions(productVersionOf(a.product), productVersionOf(b.product)));
  for (const bundle of arrangeVersions(bundles, (b) => b.product.id, oldestFirst)) {
    const { document, product, contracts } = bundle;
    // A name no file system holds would stop the whole publish half-way (ENAMETOOLONG): this product alone is refused.
    const tooLong = ([["id", product.id], ["version", productVersionOf(product)]] as const).map(([field, text]) => ({ field, text, length: nameTooLong(text) })).find((name) => name.length !== undefined);
    if (tooLong !== undefined) {
      const { field, text, length } = tooLong;
      const shown = [...product.id].length > 40 ? `${[...product.id].slice(0, 40).join("")}…` : product.id;
      findings.push(
        document.finding({
          ruleId: "catalog-product-invalid",
          severity: "error",
          message: `Data product ${shown} is not published: its ${field}${field === "version" ? ` ${text}` : ""}, encoded as a catalog file name (its ${field === "id" ? "entry folder and site page" : "entry file"}), is ${length} bytes, and file systems take at most ${MAX_ENCODED_NAME} (plus \`.json\` or \`.html\`). Give it a shorter ${field}${field === "id" ? " (a UUID)" : ""}: ASCII letters, digits, \`-\`, \`_\` and \`.\` take one byte each, any other character three per byte of its UTF-8.`,
          path: `/${field}`,
          stage: "catalog",
        }),
      );
      continue;
    }
    const lookalike = caseOnlyLookalike([...entries.values()].map((e) => e.id), product.id);
    if (lookalike !== undefined) {
      const other = [...entries.values()].find((e) => e.id === lookalike)!;
      findings.push(
        document.finding({
          ruleId: "catalog-case-collision",
          severity: "error",
          message: `Product id ${product.id} differs only in letter case from ${lookalike} (${other.name}${other.domain ? `, domain ${other.domain}` : ""}), already in the catalog: on a case-insensitive file system (macOS, Windows) their entry folders and site pages would be one, so a checkout of the catalog would mix them up. Give this product an id that differs by more than case.`,
          path: "/id",
          stage: "catalog",
        }),
      );
      continue;
    }
    const versions = [...entries.values()].filter((e) => e.id === product.id).sort(compareEntries);
    // Ownership is what any version recorded (they all agree, as others are refused): a version published
    // without a domain, or from a checkout that names no repository, hands the id to no one.
    const owner = versions.find((v) => v.domain !== "");
    const sourceRepo = versions.find((v) => v.publication.repo)?.publication.repo;
    const domain = productDomainOf(product);
    // An id registered without a domain is claimed by the first domain that publishes it (from the same repository, below).
    if (owner && owner.domain !== domain) {
      findings.push(
        document.finding({
          ruleId: "catalog-ownership",
          severity: "error",
          message: `Product id ${product.id} is registered in the catalog by domain ${owner.domain} (${owner.name}${owner.publication.repo ? `, from ${owner.publication.repo}` : ""}); ${domain === "" ? "this product, which names no domain," : `domain ${domain}`} may not publish it: ownership is by domain. Give this product its own id, or have ${owner.domain} hand it over.`,
          path: domain === "" ? "" : "/domain",
          stage: "catalog",
        }),
      );
      continue;
    }
    if (sourceRepo && publisher.repo && sourceRepo !== publisher.repo) {
      findings.push(
        document.finding({
          ruleId: "catalog-ownership",
          severity: "error",
          message: `Product id ${product.id} is registered in the catalog from repository ${sourceRepo}; ${publisher.repo} may not publish it: each product has one source repository. Give this product its own id, or publish it from ${sourceRepo}.`,
          path: "/id",
          stage: "catalog",
        }),
      );
      continue;
    }
    // A version that differs from a published one in build metadata only is that version (semver §10):
    // its entry, replaced if the documents differ (catalog-version-changed), not a second entry.
    const version = sameVersionAs(versions.map((v) => v.productVersion), productVersionOf(product)) ?? productVersionOf(product);
    const versionLookalike = caseOnlyLookalike(versions.map((v) => v.productVersion), version);
    if (versionLookalike !== undefined) {
      findings.push(
        document.finding({
          ruleId: "catalog-case-collision",
          severity: "error",
          message: `Version ${version} of ${product.id} differs only in letter case from version ${versionLookalike}, already in the catalog: semver tells them apart, but on a case-insensitive file system (macOS, Windows) their entry files would be one. Use another version.`,
          path: "/version",
          stage: "catalog",
        }),
      );
      continue;
    }
    published.push(bundle);
    const file = entryPath(product.id, version);
    const existing = entries.get(entryKey(product.id, version));
    // Under the catalog's version (the one first published), whatever build metadata this one carries.
    const fileProject = options.layout?.projectOf(document.file);
    const publishedBy = fileProject === undefined ? publisher : { ...publisher, project: fileProject };
    const created = { ...createEntry({ product, contracts }, { publisher: publishedBy, now: options.now, results: options.results }), productVersion: version };
    // Computed for a version published again too: when its documents were replaced, so are its notes.
    const before = versions.filter((v) => compareVersions(v.productVersion, version) < 0).at(-1);
    const changelog = options.changelogs?.[product.id] ?? (before && options.changelogFor?.(before, created));
    const incoming: CatalogEntry = changelog?.trim() ? { ...created, changelog: changelog.trim() } : created;
    const { entry, change } = mergeEntry(existing, incoming, options.results, fileProject !== undefined);
    if (change !== "unchanged") {
      writes.push({ path: file, text: stableStringify(entry) });
      entries.set(entryKey(product.id, version), entry);
    }
    if (change === "documents") {
      findings.push(
        document.finding({
          ruleId: "catalog-version-changed",
          severity: "warning",
          message:
            version === ""
              ? `${entry.name} (unversioned) is already in the catalog with different documents; its entry is ${options.dryRun ? "to be " : ""}replaced. Give the product a version, and bump it when its documents change, so consumers can tell versions apart.`
              : `${entry.name} ${version} is already in the catalog with different documents; its entry is ${options.dryRun ? "to be " : ""}replaced. Bump the product version when its documents change, so consumers can tell versions apart.`,
          path: version === "" ? "" : "/version",
          stage: "catalog",
        }),
      );
    }
    const action: ChangeAction =
      change === "add" ? (versions.length === 0 ? "add-product" : "add-version") : change === "documents" || change === "changelog" || change === "project" ? "update-version" : change === "quality" ? "update-quality" : "unchanged";
    // The latest is the newest release (a pre-release does not replace it): the message says whether this version is it now.
    const others = versions.filter((v) => v.productVersion !== version);
    const latest = (list: readonly CatalogEntry[]) => latestOf(list, (v) => v.productVersion);
    const latestNow = latest([...others, entry].sort(compareEntries));
    if (latestNow) latestById.set(product.id, latestNow);
    const message =
      change === "changelog"
        ? `${label(entry)}: changelog updated`
        : change === "project"
          ? `${label(entry)}: unchanged, now published from ${entry.publication.project ? `project ${entry.publication.project}` : "the repository's top"}`
        : change === "quality"
          ? describeQualityChange(entry, relevantResults(entry, options.results))
          : describeChange(action, entry, latest(others), latestNow);
    const made: CatalogChange = { action, id: product.id, name: entry.name, domain: entry.domain, version, file, message };
    changes.push(made);
    changeAt.set(made, inputAt.get(bundle)!);
  }
  changes.sort((a, b) => changeAt.get(a)! - changeAt.get(b)!);
  for (const bundle of published) findings.push(...contractsServedElsewhere(bundle, latestById));

  const allEntries = [...entries.values()].sort(compareEntries);
  if (options.repositoryProducts && publisher.repo) findings.push(...orphanedProducts(allEntries, { repo: publisher.repo, project: publisher.project ?? "", layout: options.layout }, options.repositoryProducts, store));
  const index = indexText(allEntries);
  if (indexProblem) {
    findings.push(catalogFinding("catalog-index-rebuilt", "warning", `${indexProblem}; ${options.dryRun ? "it would be" : "it was"} rebuilt from the ${allEntries.length} entries.`, store.label(INDEX_FILE)));
  }
  if (index !== state.indexText) writes.push({ path: INDEX_FILE, text: index });
  return { writes, changes, findings, message: commitMessage(changes, writes, options.publisher) };
}

/**
 * A warning at each output port of the bundle's product whose contract the latest version of another product in the
 * catalog serves too (unless that product is retired): the catalog knows a contract by its id, and links the products
 * whose input ports read it to one producer, so the other loses its consumers on the site — a contract copied with its
 * id is the usual cause. A port moved between products is said so until the product it left publishes without it
 * (in the same run or later), or is retired. A retired version of the bundle's product serves nothing, so is no finding.
 */
function contractsServedElsewhere(bundle: ProductBundle, latestById: ReadonlyMap<string, CatalogEntry>): Finding[] {
  // A retired version serves nothing either: retiring the product a port left is a way out the warning names.
  if (isRetiredStatus(bundle.product.status)) return [];
  const others = [...latestById.values()].filter((latest) => latest.id !== bundle.product.id && !isRetiredStatus(latest.status));
  const findings: Finding[] = [];
  for (const [index, port] of (bundle.product.outputPorts ?? []).entries()) {
    const contractId = port.contractId;
    if (typeof contractId !== "string" || contractId === "") continue;
    const other = others.find((entry) => (entry.product.outputPorts ?? []).some((p) => p.contractId === contractId));
    if (!other) continue;
    findings.push(
      bundle.document.finding({
        ruleId: "catalog-contract-shared",
        severity: "warning",
        message: `Output port ${port.name} serves contract ${contractId}, which ${other.name}${other.domain ? ` (${other.domain})` : ""} ${other.productVersion} serves too in the catalog: a contract id names one product's output, so products reading it are shown as consumers of only one of the two. Give this port's contract its own id; if the port moved here from ${other.name}, publish a new version of ${other.name} without it.`,
        path: `/outputPorts/${index}/contractId`,
        stage: "catalog",
      }),
    );
  }
  return findings;
}

/**
 * Products registered from the publishing project (`repo`, and `project`, its folder there) that it no longer
 * declares (`present`: the ids it does), unless their latest version is retired: consumers still find them, so
 * say so. Nothing is removed: whether a product is retired or moved is for its domain to say. Another
 * repository's products are not this publish's business, and neither are another project's of the same
 * repository (`meshkit init domain billing --dir domains/billing` beside `domains/sales`), which publishes its
 * own. An entry that records no project (published from the top, or by a meshkit that did not record it) is
 * the top's. A project folder the checkout no longer has (`domains/sales` renamed `domains/retail` in the change
 * that removed one of its products) publishes nothing any more: its products are reported by every project of the
 * repository that publishes, since none of them has them.
 */
function orphanedProducts(entries: readonly CatalogEntry[], source: { repo: string; project: string; layout?: RepositoryLayout }, present: ReadonlySet<string>, store: CatalogStore): Finding[] {
  const findings: Finding[] = [];
  const projectGone = (project: string) => project !== "" && source.layout !== undefined && !source.layout.hasProject(project);
  const fromSource = (entry: CatalogEntry) => entry.publication.repo === source.repo && ((entry.publication.project ?? "") === source.project || projectGone(entry.publication.project ?? ""));
  const repoOf = (project: string) => (project === "" ? source.repo : `${source.repo} (project ${project})`);
  for (const { id, versions, latest } of groupProducts(entries)) {
    // The project that published its latest version (of those that record a repository) has it: a product moved
    // to another project of the repository is that one's once it published there, not still the first one's.
    const registered = latestOf(versions.filter((v) => v.publication.repo !== undefined), (v) => v.productVersion);
    if (present.has(id) || registered === undefined || !fromSource(registered) || latest.status.trim().toLowerCase() === "retired") continue;
    const folder = entryPath(id, latest.productVersion).replace(/\/[^/]*$/, "/");
    findings.push(
      catalogFinding(
        "catalog-product-orphaned",
        "warning",
        `${label(latest)}, status ${latest.status}, is registered from repository ${repoOf(registered.publication.project ?? "")}, which no longer has ${projectGone(registered.publication.project ?? "") ? "that project" : `a product with id ${id}`}; consumers still find it in the catalog. If it was retired, publish it once more with status: retired and a new version; if it is gone for good, remove ${folder} from the catalog (the next publish rebuilds the index).`,
        store.label(entryPath(id, latest.productVersion)),
      ),
    );
  }
  return findings;
}

/** `latestBefore` / `latestAfter`: the product's latest version without this one, and with it. */
function describeChange(action: ChangeAction, entry: CatalogEntry, latestBefore?: CatalogEntry, latestAfter?: CatalogEntry): string {
  const what = label(entry);
  switch (action) {
    case "add-product":
      return `${what}: new product`;
    case "add-version":
      if (!latestBefore) return `${what}: new version`;
      if (latestAfter === entry) return `${what}: new version after ${shown(latestBefore.productVersion)}`;
      // Above the latest yet not it: a pre-release (or a version that is not semver).
      return `${what}: ${compareVersions(entry.productVersion, latestBefore.productVersion) > 0 ? "pre-release" : "earlier version"} added (the latest stays ${shown((latestAfter ?? latestBefore).productVersion)})`;
    case "update-version":
      return `${what}: documents replaced (same version)`;
    case "upsert":
      return `${what}: sent`;
    case "update-quality":
      return describeQualityChange(entry, []);
    case "unchanged":
      return `${what}: unchanged`;
  }
}

/**
 * What published results did to an entry: they are its latest now, or, older than the results it has (a
 * re-run of an earlier commit's tests, a stale file), they only joined its history: the message names them,
 * not the results the entry keeps showing.
 */
function describeQualityChange(entry: CatalogEntry, incoming: readonly ContractQuality[]): string {
  const what = label(entry);
  const quality = entry.quality;
  const latest = `contract-test results of ${quality?.checkedAt ?? "?"} (${quality?.status ?? "none"})`;
  const shownNow = incoming.some((r) => quality?.contracts.some((c) => c.contractId === r.contractId && c.contractVersion === r.contractVersion && c.checkedAt === r.checkedAt));
  if (incoming.length === 0 || shownNow) return `${what}: ${latest}`;
  const checkedAt = incoming.map((r) => r.checkedAt).sort(compareText).at(-1)!;
  return `${what}: earlier contract-test results of ${checkedAt} (${worstStatus(incoming.map((r) => r.status))}) added to its quality history; the latest are still the ${latest}`;
}

function label(entry: CatalogEntry): string {
  return productLabel({ name: entry.name, version: entry.productVersion, domain: entry.domain });
}

function shown(version: string): string {
  return version === "" ? "unversioned" : version;
}

function commitMessage(changes: readonly CatalogChange[], writes: readonly CatalogWrite[], publisher: Publisher): string {
  const changed = changes.filter((c) => c.action !== "unchanged");
  const subject =
    changed.length === 0
      ? "Rebuild the catalog index"
      : changed.length === 1
        ? `Publish ${productLabel(changed[0]!)}`
        : `Publish ${changed.length} product versions: ${changed.map((c) => `${c.name} ${shown(c.version)}`).join(", ")}`.slice(0, 200);
  const body = [
    ...changed.map((c) => `- ${c.message}`),
    "",
    `publisher: ${publisher.name}`,
    ...(publisher.repo ? [`repository: ${publisher.repo}`] : []),
    ...(publisher.commit ? [`commit: ${publisher.commit}`] : []),
    `files: ${writes.length}`,
  ];
  return `${subject}\n\n${body.join("\n")}\n`;
}

function entryKey(id: string, version: string): string {
  return JSON.stringify([id, version]);
}

function isStore(target: PublishOptions["target"]): target is CatalogStore {
  return typeof target === "object" && "update" in target && typeof target.update === "function";
}
