/**
 * Reading a catalog folder (a directory target, or the checkout of a catalog branch): its entries,
 * and its index checked against them. The entries are the source of truth; the index is a function
 * of them (`buildIndex`), so a damaged or stale index is detected by recomputing it and is rebuilt.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Finding, UsageError, isMapping, pathExists, type ConfinedFolder, confinedFolder, linksOutside } from "@meshkit/core";
import { caseCollisionFindings } from "./case-collision.js";
import { MAX_ENTRY_DEPTH, parseCatalogJson, readCatalogFile } from "./catalog-file.js";
import { type CatalogEntry, entryQualityStatus, isCatalogEntry } from "./entry.js";
import { INDEX_FILE, PRODUCTS_DIR, entryPath } from "./paths.js";
import type { QualityStatus } from "./results.js";
import { catalogFinding } from "./rules.js";
import { compareText, stableStringify } from "./stable-json.js";
import { compareVersions, latestOf } from "./versions.js";

export const INDEX_KIND = "meshkit-catalog-index";

export interface CatalogIndex {
  kind: typeof INDEX_KIND;
  version: 1;
  /** Ordered by domain, name, id. */
  products: IndexProduct[];
}

export interface IndexProduct {
  id: string;
  name: string;
  domain: string;
  status: string;
  /** ODPS description.purpose of the latest version. */
  purpose?: string;
  /** The owning team's name. */
  owner?: string;
  tags: string[];
  latestVersion: string;
  /** Quality status of the latest version; null without results. */
  quality: QualityStatus | null;
  /** Every version, oldest first. */
  versions: IndexVersion[];
}

export interface IndexVersion {
  version: string;
  /** Path of the entry, relative to the catalog root. */
  file: string;
  publishedAt: string;
  quality: QualityStatus | null;
}

/** A catalog's content as read from a folder. */
export interface CatalogState {
  /** Every readable entry, ordered by product id then version. */
  entries: CatalogEntry[];
  /** The text of index.json, or undefined when there is none (or it cannot be read). */
  indexText: string | undefined;
  /** Why index.json exists but cannot be read (not a regular file, too large, not text); it is rebuilt like a damaged one. */
  indexUnreadable?: string;
  /** Entry files that could not be read (errors); they are left alone and not indexed. */
  findings: Finding[];
  /**
   * The catalog paths (`products/<id>/<version>.json`, or a product folder) of those entries, so that what is built
   * from the catalog can say which products and versions it leaves out.
   */
  unreadable: string[];
}

/** A product with all its versions. */
export interface CatalogProduct {
  id: string;
  /** Oldest first. */
  versions: CatalogEntry[];
  latest: CatalogEntry;
}

/**
 * Reads every entry of the catalog in `dir`. `label(path)` names a catalog file in findings.
 * A folder that does not exist is an empty catalog; one that cannot be read is a UsageError.
 */
export function readCatalogDir(dir: string, label: (path: string) => string = (p) => join(dir, p)): CatalogState {
  const entries: CatalogEntry[] = [];
  const findings: Finding[] = [];
  const unreadable: string[] = [];
  if (!existsSync(dir)) return { entries, indexText: undefined, findings, unreadable };
  // A catalog branch holds what anyone who can push to it wrote, links included: none is followed out of the catalog.
  const catalog = confinedFolder(dir, "the catalog");
  const productsDir = join(dir, PRODUCTS_DIR);
  if (linksOutside(catalog, productsDir)) throw new UsageError(`cannot read catalog folder ${label(PRODUCTS_DIR)}: it is a link that leads outside the catalog; replace it with the folder from the catalog's history`);
  for (const productFolder of listDir(productsDir)) {
    const folder = join(productsDir, productFolder);
    if (linksOutside(catalog, folder)) {
      const rel = `${PRODUCTS_DIR}/${productFolder}`;
      findings.push(catalogFinding("catalog-entry-unreadable", "error", `Catalog folder ${rel} is a link that leads outside the catalog; its entries are not read or indexed. Replace it with the folder from the catalog's history, or remove it.`, label(rel)));
      unreadable.push(rel);
      continue;
    }
    if (!isDirectory(folder)) continue;
    for (const file of listDir(folder)) {
      if (!file.endsWith(".json")) continue;
      const rel = `${PRODUCTS_DIR}/${productFolder}/${file}`;
      const problem = (message: string, at: { line: number; column: number } = { line: 1, column: 1 }) => {
        findings.push({ ...catalogFinding("catalog-entry-unreadable", "error", message, label(rel)), line: at.line, column: at.column });
        unreadable.push(rel);
      };
      if (linksOutToFile(catalog, join(folder, file))) {
        problem(`Catalog entry ${rel} is a link that leads outside the catalog; it is not read or indexed. Restore the entry from the catalog's history or publish the product again.`);
        continue;
      }
      const read = readCatalogFile(join(folder, file));
      if (!read.ok) {
        problem(`Catalog entry ${rel} cannot be read (${read.reason}); it is not indexed. Restore it from the catalog's history or publish the product again.`, read);
        continue;
      }
      const parsed = parseCatalogJson(read.text, MAX_ENTRY_DEPTH);
      if (!parsed.ok) {
        const what = parsed.kind === "depth" ? `is not a catalog entry (its ${parsed.reason})` : `is not valid JSON (${parsed.reason} at line ${parsed.line}, column ${parsed.column})`;
        problem(`Catalog entry ${rel} ${what}; it is not indexed. Restore it from the catalog's history or publish the product again.`, parsed);
        continue;
      }
      const value = parsed.value;
      if (!isCatalogEntry(value)) {
        problem(`${rel} is not a catalog entry (meshkit-catalog-entry, version 1); it is not indexed. Remove it or publish the product again.`);
        continue;
      }
      const expected = entryPath(value.id, value.productVersion);
      if (expected !== rel) {
        problem(`${rel} holds product ${value.id} version ${value.productVersion}, whose entry belongs at ${expected}; it is not indexed. Move it there or remove it.`);
        continue;
      }
      entries.push(value);
    }
  }
  entries.sort(compareEntries);
  findings.push(...caseCollisionFindings(entries, label));
  const indexFile = join(dir, INDEX_FILE);
  // lstat: a link that leads nowhere is an index that cannot be read, not a missing one.
  if (!pathExists(indexFile)) return { entries, indexText: undefined, findings, unreadable };
  if (linksOutToFile(catalog, indexFile)) return { entries, indexText: undefined, indexUnreadable: "it is a link that leads outside the catalog", findings, unreadable };
  const read = readCatalogFile(indexFile);
  if (!read.ok) return { entries, indexText: undefined, indexUnreadable: read.reason, findings, unreadable };
  return { entries, indexText: read.text, findings, unreadable };
}

export function compareEntries(a: CatalogEntry, b: CatalogEntry): number {
  return compareText(a.id, b.id) || compareVersions(a.productVersion, b.productVersion);
}

/** Entries grouped by product, each product's versions oldest first, its latest release apart; ordered by domain, name, id. */
export function groupProducts(entries: readonly CatalogEntry[]): CatalogProduct[] {
  const byId = new Map<string, CatalogEntry[]>();
  for (const entry of entries) byId.set(entry.id, [...(byId.get(entry.id) ?? []), entry]);
  const products = [...byId.entries()].map(([id, versions]) => {
    const sorted = [...versions].sort(compareEntries);
    return { id, versions: sorted, latest: latestOf(sorted, (entry) => entry.productVersion)! };
  });
  return products.sort((a, b) => compareText(a.latest.domain, b.latest.domain) || compareText(a.latest.name, b.latest.name) || compareText(a.id, b.id));
}

/** The index of a set of entries: a pure function of them (no clock), so an unchanged catalog has an unchanged index. */
export function buildIndex(entries: readonly CatalogEntry[]): CatalogIndex {
  return {
    kind: INDEX_KIND,
    version: 1,
    products: groupProducts(entries).map(({ id, versions, latest }) => {
      const product: IndexProduct = {
        id,
        name: latest.name,
        domain: latest.domain,
        status: latest.status,
        tags: stringList(latest.product.tags),
        latestVersion: latest.productVersion,
        quality: entryQualityStatus(latest),
        versions: versions.map((v) => ({ version: v.productVersion, file: entryPath(v.id, v.productVersion), publishedAt: v.publication.publishedAt, quality: entryQualityStatus(v) })),
      };
      const purpose = isMapping(latest.product.description) ? latest.product.description.purpose : undefined;
      if (typeof purpose === "string") product.purpose = purpose;
      const owner = isMapping(latest.product.team) ? latest.product.team.name : undefined;
      if (typeof owner === "string") product.owner = owner;
      return product;
    }),
  };
}

export function indexText(entries: readonly CatalogEntry[]): string {
  return stableStringify(buildIndex(entries));
}

/**
 * Checks the index a catalog holds against its entries. Undefined when it matches (or when an empty
 * catalog has none yet); otherwise a one-line description of what is wrong with it.
 */
export function checkIndex(state: Pick<CatalogState, "entries" | "indexText" | "indexUnreadable">): string | undefined {
  if (state.indexUnreadable !== undefined) return `index.json cannot be read (${state.indexUnreadable})`;
  const expected = indexText(state.entries);
  if (state.indexText === expected) return undefined;
  if (state.indexText === undefined) return state.entries.length === 0 ? undefined : `index.json is missing while the catalog has ${state.entries.length} entries`;
  const parsed = parseCatalogJson(state.indexText, MAX_ENTRY_DEPTH);
  if (!parsed.ok) return parsed.kind === "depth" ? `index.json is not a catalog index (its ${parsed.reason})` : `index.json is not valid JSON (${parsed.reason} at line ${parsed.line}, column ${parsed.column})`;
  const value = parsed.value;
  if (!isMapping(value) || value.kind !== INDEX_KIND || !Array.isArray(value.products)) return "index.json is not a catalog index (meshkit-catalog-index)";
  const listed = new Set<string>();
  for (const product of value.products) {
    if (!isMapping(product) || !Array.isArray(product.versions)) continue;
    for (const version of product.versions) if (isMapping(version)) listed.add(JSON.stringify([product.id, version.version]));
  }
  const missing = state.entries.filter((e) => !listed.has(JSON.stringify([e.id, e.productVersion])));
  if (missing.length > 0) {
    const names = missing.slice(0, 5).map((e) => `${e.name} ${e.productVersion}`);
    return `index.json does not list ${missing.length} of ${state.entries.length} entries (${names.join(", ")}${missing.length > 5 ? ", …" : ""})`;
  }
  const extra = listed.size - state.entries.length;
  if (extra > 0) return `index.json lists ${extra} version(s) that have no entry`;
  return "index.json is out of date with the entries";
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort(compareText);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return [];
    throw new UsageError(`cannot read catalog folder ${dir}: ${String((error as Error).message).split("\n")[0]}`);
  }
}


/**
 * A link out of the catalog to a file: its content could be anyone's (another catalog's entries, a
 * secret), so it is not read. A link to a device or a pipe is left to readCatalogFile, which reports
 * it as not a regular file without opening it.
 */
function linksOutToFile(catalog: ConfinedFolder, path: string): boolean {
  try {
    return linksOutside(catalog, path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
