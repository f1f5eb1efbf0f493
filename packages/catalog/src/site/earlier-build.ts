/**
 * What an earlier `meshkit catalog build` wrote in a site folder, so that a build replaces and prunes
 * only its own files. A site folder may be one the user shares with files of their own (GitHub Pages'
 * `docs/`): a file meshkit did not write is never removed, and never silently replaced.
 *
 * Each build leaves a manifest, `.meshkit-site.json`, naming the files it wrote. A site built before
 * manifests existed is recognised by the generator mark of its pages.
 */
import { readFileSync, readdirSync } from "node:fs";
import { type ConfinedFolder, confinedPath, linksOutside } from "@meshkit/core";
import { stableStringify } from "../stable-json.js";

export const SITE_MANIFEST = ".meshkit-site.json";
const MANIFEST_KIND = "meshkit-catalog-site";
/** The mark every page of the site carries (site/layout.ts). */
const GENERATOR_MARK = '<meta name="generator" content="meshkit">';
/** The files a build writes besides its product pages. */
const FIXED_FILES = ["index.html", "search-index.json", "catalog-index.json", ".nojekyll"];

/** The manifest of a build that wrote `files` (paths relative to the site folder). */
export function siteManifest(files: Iterable<string>): string {
  return stableStringify({ kind: MANIFEST_KIND, version: 1, files: [...files].filter((path) => path !== SITE_MANIFEST).sort() });
}

/**
 * The files of the site folder an earlier build wrote: those its manifest names, or — without a manifest —
 * those of a site built before manifests, when its front page carries the generator mark (the fixed files,
 * and the product pages that carry the mark). Only paths a build writes count, whatever a manifest says:
 * a manifest is a file anyone with access to the folder can edit, and it must not name other files for removal.
 */
export function earlierBuildFiles(site: ConfinedFolder): Set<string> {
  const read = (path: string) => {
    try {
      const target = confinedPath(site, path);
      return linksOutside(site, target) ? undefined : readFileSync(target, "utf8");
    } catch {
      return undefined;
    }
  };
  const listed = manifestFiles(read(SITE_MANIFEST));
  if (listed) return new Set(listed.filter(isSiteFile));
  if (!read("index.html")?.includes(GENERATOR_MARK)) return new Set();
  const pages = listPages(site).filter((path) => read(path)?.includes(GENERATOR_MARK));
  return new Set([...FIXED_FILES, ...pages]);
}

function manifestFiles(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as { kind?: unknown; files?: unknown };
    if (value?.kind !== MANIFEST_KIND || !Array.isArray(value.files)) return undefined;
    return value.files.filter((path): path is string => typeof path === "string");
  } catch {
    return undefined;
  }
}

/** A path a build writes: one of the fixed files, or a product page directly in `products/`. */
function isSiteFile(path: string): boolean {
  return FIXED_FILES.includes(path) || /^products\/[^/]+\.html$/.test(path);
}

function listPages(site: ConfinedFolder): string[] {
  try {
    return readdirSync(confinedPath(site, "products"))
      .map((name) => `products/${name}`)
      .filter(isSiteFile)
      .sort();
  } catch {
    return [];
  }
}
