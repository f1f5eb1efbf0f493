/**
 * A project's documents of some kinds, found as `meshkit lint` finds them: the config (`--config`, else
 * the nearest meshkit.yaml), then every file among the paths given (default: the whole project,
 * narrowed by the config's globs, .gitignore honoured), recognised by content (a file named `*.odcs.yaml`
 * that is not one is reported, as one named on the command line). What
 * contract-test, provision and catalog-publish start from.
 */
import { type MeshkitConfig, loadConfig } from "./config.js";
import { discoverFiles, readDocumentFile } from "./discover.js";
import { type LoadedDocument, loadText } from "./document.js";
import type { Finding } from "./findings.js";
import type { DocumentKind } from "./kinds.js";

export interface ProjectDocuments {
  config: MeshkitConfig;
  documents: LoadedDocument[];
  /** Config problems, and files named or found that cannot be read or parsed (input findings). */
  findings: Finding[];
  /** Files that held at least one document of the kinds asked for. */
  files: number;
}

export async function loadProjectDocuments(
  paths: readonly string[],
  options: { cwd: string; configPath?: string },
  kinds: readonly DocumentKind["type"][],
): Promise<ProjectDocuments> {
  const loaded = await loadConfig(options);
  const findings: Finding[] = [...loaded.findings];
  const documents: LoadedDocument[] = [];
  let files = 0;
  if (findings.length > 0) return { config: loaded.config, documents, findings, files };
  for (const file of await discoverFiles(paths, loaded.config, options.cwd)) {
    const read = readDocumentFile(file);
    if (!read) continue;
    if (!read.ok) {
      findings.push(read.finding);
      continue;
    }
    const text = loadText(file.display, read.text);
    findings.push(...text.findings);
    const wanted = text.documents.filter((doc) => kinds.includes(doc.kind.type));
    documents.push(...wanted);
    if (wanted.length > 0) files++;
  }
  return { config: loaded.config, documents, findings, files };
}
