/**
 * Names that differ only in letter case. A catalog's entries live at `products/<id>/<version>.json` and
 * its site pages at `products/<id>.html`: on a case-insensitive file system (macOS, Windows) two such
 * names are one folder or file, so a checkout of the catalog mixes the two products (or versions) up.
 */
import type { Finding } from "@meshkit/core";
import type { CatalogEntry } from "./entry.js";
import { encodeName, entryPath } from "./paths.js";
import { catalogFinding } from "./rules.js";
import { compareText } from "./stable-json.js";
import { compareVersions } from "./versions.js";

/**
 * Another of `names` (product ids, or one product's versions) that is `name` but for letter case.
 * Compared as encoded names, which is what reaches the file system (characters other than ASCII are hex there).
 */
export function caseOnlyLookalike(names: Iterable<string>, name: string): string | undefined {
  const folded = foldedName(name);
  for (const other of names) if (other !== name && foldedName(other) === folded) return other;
  return undefined;
}

/**
 * The case collisions a catalog already holds (written by hand, merged from another branch, or published
 * before meshkit refused them): each product id, and each version of a product, that differs only in
 * letter case from one that sorts before it. Reported at the later one's entry file; both stay indexed,
 * as they are on a case-sensitive file system, until someone removes or renames one of them.
 */
export function caseCollisionFindings(entries: readonly CatalogEntry[], label: (path: string) => string): Finding[] {
  const findings: Finding[] = [];
  const firstOfId = new Map<string, CatalogEntry>();
  const firstOfVersion = new Map<string, CatalogEntry>();
  const reportedIds = new Set<string>();
  const sorted = [...entries].sort((a, b) => compareText(a.id, b.id) || compareVersions(a.productVersion, b.productVersion) || compareText(a.productVersion, b.productVersion));
  for (const entry of sorted) {
    const file = entryPath(entry.id, entry.productVersion);
    const idKey = foldedName(entry.id);
    const sameId = firstOfId.get(idKey);
    if (sameId === undefined) firstOfId.set(idKey, entry);
    else if (sameId.id !== entry.id) {
      // One finding per product, at its oldest version (the one met first).
      if (!reportedIds.has(entry.id)) {
        reportedIds.add(entry.id);
        findings.push(
          catalogFinding(
            "catalog-case-collision",
            "error",
            `Product id ${entry.id} (${describe(entry)}) differs only in letter case from ${sameId.id} (${describe(sameId)}), also in the catalog: on a case-insensitive file system (macOS, Windows) their entry folders and site pages are one, so a checkout of the catalog mixes them up. Remove the folder of the one published by mistake, or publish it again under an id that differs by more than case.`,
            label(file),
          ),
        );
      }
      continue;
    }
    const versionKey = JSON.stringify([entry.id, foldedName(entry.productVersion)]);
    const sameVersion = firstOfVersion.get(versionKey);
    if (sameVersion === undefined) firstOfVersion.set(versionKey, entry);
    else {
      findings.push(
        catalogFinding(
          "catalog-case-collision",
          "error",
          `Version ${entry.productVersion} of ${entry.id} differs only in letter case from version ${sameVersion.productVersion}, also in the catalog: on a case-insensitive file system (macOS, Windows) their entry files are one. Remove the entry published by mistake.`,
          label(file),
        ),
      );
    }
  }
  return findings;
}

function foldedName(name: string): string {
  return encodeName(name).toLowerCase();
}

function describe(entry: CatalogEntry): string {
  return entry.domain ? `${entry.name}, domain ${entry.domain}` : entry.name;
}
