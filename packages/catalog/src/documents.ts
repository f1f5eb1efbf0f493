/**
 * Finding the documents to publish: as `meshkit lint` finds them (the config's file globs, paths,
 * folders or globs given), kept when they are ODPS products or ODCS contracts. Detection is by
 * content (apiVersion + kind), never by file name.
 */
import { type Finding, type LoadedDocument, loadProjectDocuments } from "@meshkit/core";

export interface CatalogDocuments {
  documents: LoadedDocument[];
  /** Unreadable or unparseable files (input findings), and config problems. */
  findings: Finding[];
}

export async function readCatalogDocuments(paths: readonly string[], options: { cwd: string; configPath?: string }): Promise<CatalogDocuments> {
  const { documents, findings } = await loadProjectDocuments(paths, options, ["DataProduct", "DataContract"]);
  return { documents, findings };
}
