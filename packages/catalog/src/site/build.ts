/**
 * `meshkit catalog build`: the static catalog site, for GitHub Pages or any static host, built from
 * a catalog folder (a dir target, or a checkout of a git catalog). Fully offline: CSS and script are
 * inline, the search index is inline in the front page (and also written as search-index.json for
 * other tools), the lineage graphs are inline SVG. The output is a function of the entries: no
 * build time, no random ids, so rebuilding an unchanged catalog rewrites nothing.
 *
 *   index.html                 search and product cards
 *   products/<id>.html         one page per product
 *   search-index.json          the search index (the same data as inline)
 *   catalog-index.json         the catalog index (as index.json of the catalog)
 *   .nojekyll                  GitHub Pages: serve the files as they are
 *   .meshkit-site.json         the files this build wrote: the next build prunes only those
 *
 * The folder may hold files of the user's too (GitHub Pages' `docs/`): a build removes only pages an earlier
 * build wrote, and refuses, before writing anything, to replace a file it did not write.
 */
import { existsSync, realpathSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type Finding, UsageError, isInsideFolder, makeDirectory, confinedFolder, confinedPath, linkOutOf, writeConfined, writeFailureReason } from "@meshkit/core";
import { buildSearchIndex, productPagePath } from "../search.js";
import { fileHoldsText } from "../catalog-file.js";
import { stableStringify } from "../stable-json.js";
import { buildIndex, checkIndex, groupProducts, readCatalogDir } from "../store.js";
import { catalogFinding } from "../rules.js";
import { INDEX_FILE, entryLocation } from "../paths.js";
import { type OpenCatalogOptions, openCatalogStore } from "../targets/open.js";
import type { CatalogStore, CatalogTargetSpec } from "../targets/target.js";
import { buildLineage } from "../view.js";
import { indexPage } from "./index-page.js";
import { productPage } from "./product-page.js";
import { SITE_MANIFEST, earlierBuildFiles, siteManifest } from "./earlier-build.js";

export interface SiteBuildResult {
  outDir: string;
  /** Files of the site, relative to `outDir`, in write order. */
  files: string[];
  /** Files whose content changed (or were created) in this build. */
  written: string[];
  /** Stale product pages an earlier build wrote, removed (a file meshkit did not write is never removed). */
  removed: string[];
  products: number;
  versions: number;
  /** Unreadable entries (left out of the site) and a stale catalog index (reported, not rewritten). */
  findings: Finding[];
}

/** How the site is built: `label` names a catalog file in findings; `outLabel` names the site folder in errors. */
export interface SiteBuildOptions {
  label?: (path: string) => string;
  /** The option and path the user gave for the site (`--out site`), as provision's `outLabel`; default `outDir`. */
  outLabel?: string;
}

export function buildSite(catalogDir: string, outDir: string, options: SiteBuildOptions = {}): SiteBuildResult {
  const shownOut = options.outLabel ?? outDir;
  if (!existsSync(catalogDir) || !statSync(catalogDir).isDirectory()) throw new UsageError(`catalog folder ${catalogDir} does not exist`);
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`site output ${shownOut} is a file, not a folder: choose a folder for the site`);
  // The site's pages and the catalog's entries in one folder would mix, and a build prunes the site's
  // products/*.html as stale pages: the site goes neither in the catalog nor around it at products/.
  const real = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path));
  const [catalogPath, sitePath] = [real(catalogDir), real(outDir)];
  if (isInsideFolder(sitePath, catalogPath) || isInsideFolder(catalogPath, join(sitePath, "products"))) {
    throw new UsageError(`site output ${shownOut} is the catalog folder or inside it (or holds it in its products/): choose another --out for the site`);
  }
  const label = options.label ?? ((path: string) => join(catalogDir, path));
  const state = readCatalogDir(catalogDir, label);
  const findings = [...state.findings];
  const indexProblem = checkIndex(state);
  if (indexProblem) findings.push(catalogFinding("catalog-index-rebuilt", "warning", `${indexProblem}; the site is built from the entries (publish again to rebuild the index).`, label(INDEX_FILE)));
  const products = groupProducts(state.entries);
  const lineage = buildLineage(products);
  const search = buildSearchIndex(products);
  const files = new Map<string, string>();
  // Entries that could not be read are findings on stderr; the site says so too, or a consumer takes an earlier
  // version for the latest, and a product whose every entry is damaged for one that does not exist.
  const unreadable = state.unreadable.map((path) => ({ path, ...entryLocation(path) }));
  files.set("index.html", indexPage(search, { versions: state.entries.length }, unreadable));
  for (const product of products) files.set(productPagePath(product.id), productPage(product, lineage, unreadable.filter((u) => u.productId === product.id)));
  files.set("search-index.json", stableStringify(search));
  files.set("catalog-index.json", stableStringify(buildIndex(state.entries)));
  files.set(".nojekyll", "");
  files.set(SITE_MANIFEST, siteManifest(files.keys()));

  try {
    makeDirectory(outDir);
  } catch (error) {
    throw new UsageError(`cannot create site output ${shownOut}: ${writeFailureReason(outDir, error)}`);
  }
  // The folder may hold links (a checkout's `products -> /elsewhere`): nothing is written, or removed, through one that leads out of it.
  const site = confinedFolder(outDir, `site output ${shownOut}`);
  const earlier = earlierBuildFiles(site);
  const changed = [...files].map(([path, text]) => ({ path, text, target: confinedPath(site, path) })).filter((file) => !fileHoldsText(file.target, file.text));
  // As static-site generators do (Hugo and Vite never empty an output folder they cannot tell is theirs), a file
  // meshkit did not write stays the user's: replacing it would lose it, so the build stops before writing anything.
  const foreign = changed.filter((file) => file.path !== SITE_MANIFEST && !earlier.has(file.path) && existsSync(file.target)).map((file) => file.path);
  if (foreign.length > 0) {
    const named = foreign.slice(0, 5).join(", ") + (foreign.length > 5 ? `, … (${foreign.length} files)` : "");
    throw new UsageError(`site output ${shownOut} holds files meshkit catalog build did not write, which the site would replace: ${named}. Choose an empty or new folder for --out, or move those files away`);
  }
  writeConfined(site, changed);
  const written = changed.map((file) => file.path);
  const removed: string[] = [];
  for (const path of [...earlier].filter((path) => !files.has(path)).sort()) {
    const target = join(site.root, ...path.split("/"));
    const link = linkOutOf(site, dirname(target));
    if (link !== undefined) throw new UsageError(`Refusing to remove stale pages: ${link} is a link that leads outside ${site.where}`);
    if (!existsSync(target)) continue;
    rmSync(target, { force: true });
    removed.push(path);
  }
  return { outDir, files: [...files.keys()], written, removed, products: products.length, versions: state.entries.length, findings };
}

/** `buildSite` from a catalog target (`dir:…`, `git:…#…`): a git catalog is checked out for the build. */
export async function buildCatalogSite(target: string | CatalogTargetSpec | CatalogStore, outDir: string, options: OpenCatalogOptions & Pick<SiteBuildOptions, "outLabel"> = {}): Promise<SiteBuildResult> {
  const store = typeof target === "object" && "read" in target ? target : openCatalogStore(target, options);
  return store.read((dir) => buildSite(dir, outDir, { label: store.label, ...(options.outLabel !== undefined ? { outLabel: options.outLabel } : {}) }));
}
