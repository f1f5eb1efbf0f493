import { existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import {
  type Finding,
  type LoadedDocument,
  type MeshkitConfig,
  decodeSource,
  defaultConfig,
  discoverFiles,
  configGlobFilter,
  displayPath,
  gitTopLevel,
  listTreeFiles,
  loadText,
  mayBeMeshkitDocument,
  namedAsMeshkitDocument,
  readBlobs,
  readDocumentFile,
  resolveCommit,
  unreadDocumentFindings,
  UsageError,
} from "@meshkit/core";
import type { Side } from "./compare.js";

export interface LoadedSide {
  side: Side;
  /** Files that could not be read or parsed. */
  findings: Finding[];
}

/** Keeps the contracts and products of a parsed text; its input findings say why there are none. */
function documentsOf(file: string, text: string): { documents: LoadedDocument[]; findings: Finding[] } {
  const { documents, findings } = loadText(file, text);
  return { documents: documents.filter((d) => d.kind.type === "DataContract" || d.kind.type === "DataProduct"), findings };
}

/**
 * The head (or a folder base) as it is on disk: the files `paths` names, found as `meshkit lint` finds them.
 * `reportUnread` (the head): a named file holding no contract or product, or one of an apiVersion meshkit
 * does not read, is a finding, not a file with nothing to compare.
 */
export async function loadWorkingTree(paths: readonly string[], config: MeshkitConfig, cwd: string, label = "working tree", options: { allowEmpty?: boolean; reportUnread?: boolean } = {}): Promise<LoadedSide> {
  const documents: LoadedDocument[] = [];
  const findings: Finding[] = [];
  for (const file of await discoverFiles(paths, config, cwd, options)) {
    const read = readDocumentFile(file);
    if (!read) continue;
    if (!read.ok) {
      findings.push(read.finding);
      continue;
    }
    const loaded = loadText(file.display, read.text);
    documents.push(...loaded.documents.filter((d) => d.kind.type === "DataContract" || d.kind.type === "DataProduct"));
    findings.push(...loaded.findings);
    // The head: a file named for comparing that holds nothing to compare is reported, as lint reports it.
    if (options.reportUnread && loaded.findings.length === 0) findings.push(...unreadDocumentFindings(file, loaded.documents, ["DataContract", "DataProduct"], config));
  }
  return { side: { label, documents }, findings };
}

/**
 * The documents of a commit, read straight from git (`ls-tree` + one `cat-file --batch`), without a
 * checkout: every file the config's globs cover, kept when its content is a contract or product.
 * Paths are shown as the working tree's would be (relative to `cwd`), so a file keeps its name on both sides.
 */
export async function loadGitSide(ref: string, config: MeshkitConfig, cwd: string, label = ref): Promise<LoadedSide> {
  const commit = await resolveCommit(ref, cwd);
  const top = await gitTopLevel(cwd);
  const covered = configGlobFilter(config, top);
  const paths = (await listTreeFiles(commit, top)).filter(covered);
  const blobs = await readBlobs(commit, paths, top);
  const documents: LoadedDocument[] = [];
  const findings: Finding[] = [];
  for (const [path, bytes] of blobs) {
    const file = displayPath(join(top, path), cwd);
    const decoded = decodeSource(bytes, file);
    if (!decoded.ok) {
      // As lint treats files: binary or oversized content is reported when it is meant to be a document.
      if (namedAsMeshkitDocument(path) || mayBeMeshkitDocument(Buffer.from(bytes.subarray(0, 64 * 1024)).toString("utf8"))) findings.push(decoded.finding);
      continue;
    }
    if (!mayBeMeshkitDocument(decoded.text)) continue;
    const loaded = documentsOf(file, decoded.text);
    documents.push(...loaded.documents);
    findings.push(...loaded.findings);
  }
  return { side: { label, documents }, findings };
}

/**
 * `--base`: a file or folder on disk when one exists at that path, otherwise a git ref.
 * A folder is read with the default globs (it is usually a copy of a release, outside the config's reach).
 */
export async function loadBase(base: string, config: MeshkitConfig, cwd: string): Promise<LoadedSide> {
  const path = resolve(cwd, base);
  if (!existsSync(path)) {
    return loadGitSide(base, config, cwd).catch((error: unknown) => {
      // Outside git, a base can still be a released folder or file.
      if (error instanceof UsageError && / is not in a git repository/.test(error.message)) {
        throw new UsageError(`--base ${base} is not a file or folder, and ${cwd} is not in a git repository where it could be a ref: run meshkit in a clone, or give --base the released contract's file or folder`);
      }
      throw error;
    });
  }
  if (statSync(path).isDirectory()) {
    const folder = defaultConfig(path);
    // An empty base folder is a release with nothing in it yet: every document of the head is added.
    const loaded = await loadWorkingTree([base], { ...folder, files: { ...folder.files, exclude: config.files.exclude } }, cwd, base, { allowEmpty: true });
    // A released folder holds the project's files at their paths below it.
    loaded.side.place = (file) => displayPath(resolve(cwd, relative(path, resolve(cwd, file))), cwd);
    return loaded;
  }
  const loaded = await loadWorkingTree([base], config, cwd, base);
  // A file named as the base that holds nothing to compare (or nothing readable) is the wrong file:
  // comparing with it would pass every head document as new.
  if (loaded.side.documents.length === 0) {
    const why = loaded.findings[0] ? `cannot be read (${loaded.findings[0].line}:${loaded.findings[0].column} ${loaded.findings[0].message})` : "holds no contract or product";
    throw new UsageError(`--base ${base} ${why}; name the released contract or product file, or an empty folder for a first release`);
  }
  return loaded;
}
