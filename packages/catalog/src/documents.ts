/**
 * Finding the documents to publish: as `meshkit lint` finds them (the config's file globs, paths,
 * folders or globs given), kept when they are ODPS products or ODCS contracts. Detection is by
 * content (apiVersion + kind), never by file name.
 */
import { readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { type Finding, type LoadedDocument, type MeshkitConfig, findPortContracts, loadProjectDocuments } from "@meshkit/core";

export interface CatalogDocuments {
  documents: LoadedDocument[];
  /** Unreadable or unparseable files (input findings), and config problems. */
  findings: Finding[];
  /** The meshkit.yaml the documents were found with (its compat settings judge release notes). */
  config: MeshkitConfig;
}

export async function readCatalogDocuments(paths: readonly string[], options: { cwd: string; configPath?: string }): Promise<CatalogDocuments> {
  // An empty folder is how a catalog is repaired without publishing a product (the publish rebuilds a
  // damaged index): it is nothing to publish, not a mistyped path.
  const emptyFolders = paths.length > 0 && paths.every((path) => isEmptyFolder(resolve(options.cwd, path)));
  const { documents, findings, config } = await loadProjectDocuments(paths, { ...options, allowEmpty: emptyFolders }, ["DataProduct", "DataContract"]);
  // A product named without its contracts (`meshkit publish product.odps.yaml`) is published with them, found in the rest of the project.
  const ofKind = (type: string) => documents.filter((d) => d.kind.type === type);
  const { found } = paths.length > 0 ? await findPortContracts(ofKind("DataProduct"), ofKind("DataContract"), options) : { found: [] };
  return { documents: [...documents, ...found], findings, config };
}

function isEmptyFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory() && readdirSync(path).length === 0;
  } catch {
    return false;
  }
}
