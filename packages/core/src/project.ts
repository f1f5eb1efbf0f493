/**
 * A project's documents of some kinds, found as `meshkit lint` finds them: the config (`--config`, else
 * the nearest meshkit.yaml), then every file among the paths given (default: the whole project,
 * narrowed by the config's globs, .gitignore honoured), recognised by content, never by name. What
 * contract-test, provision and catalog-publish start from.
 */
import { type MeshkitConfig, loadConfig } from "./config.js";
import { discoverFiles } from "./discover.js";
import { type LoadedDocument, loadText } from "./document.js";
import type { Finding } from "./findings.js";
import { type DocumentKind, mayBeMeshkitDocument } from "./kinds.js";
import { readSourceFile } from "./source.js";

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
    const read = readSourceFile(file.path, file.display);
    if (!read.ok) {
      if (file.explicit) findings.push(read.finding);
      continue;
    }
    if (!file.explicit && !mayBeMeshkitDocument(read.text)) continue;
    const text = loadText(file.display, read.text);
    findings.push(...text.findings);
    const wanted = text.documents.filter((doc) => kinds.includes(doc.kind.type));
    documents.push(...wanted);
    if (wanted.length > 0) files++;
  }
  return { config: loaded.config, documents, findings, files };
}
