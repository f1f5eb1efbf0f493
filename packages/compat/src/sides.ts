import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import {
  CLI_OPTION_NAMES,
  CONFIG_FILE_NAMES,
  type Finding,
  type LoadedDocument,
  type MeshkitConfig,
  decodeSource,
  defaultConfig,
  discoverFiles,
  checkedOutSubmoduleFiles,
  configGlobFilter,
  docsUrlFor,
  displayPath,
  gitTopLevel,
  listTree,
  MAX_FILE_BYTES,
  OVERSIZED_PREVIEW_BYTES,
  openBlobReader,
  type TreeLinkTarget,
  treeLinkTargets,
  type TreeSubmodule,
  loadText,
  mayBeMeshkitDocument,
  headMayBeMeshkitDocument,
  loadConfig,
  OversizedBlob,
  namedAsMeshkitDocument,
  readOrPassOver,
  resolveCommit,
  unreadDocumentFindings,
  UsageError,
  git,
  tryResolveCommit,
} from "@meshkit/core";
import type { Side } from "./compare.js";

export interface LoadedSide {
  side: Side;
  /** Files that could not be read or parsed, and contracts or products of an apiVersion meshkit does not read. */
  findings: Finding[];
  /** Contracts and products of an apiVersion meshkit does not read: found, but not compared. */
  unsupported: LoadedDocument[];
  /**
   * A side's files that cannot be read as text (binary, not UTF-8, too large) and say nothing of being a
   * document, so are passed over, as lint passes over a PNG saved as `logo.yaml`: why each is not read, for
   * when the other side has a contract or product in its place (run.ts).
   */
  passedOver?: Finding[];
}

const COMPARED_KINDS = ["DataContract", "DataProduct"] as const;

/** A contract or product of an apiVersion meshkit does not read (ODCS v3.2.0, say). */
function isUnsupported(doc: LoadedDocument): boolean {
  return doc.kind.type === "unsupported" && (COMPARED_KINDS as readonly string[]).includes(doc.kind.kind);
}

/**
 * `unsupported-api-version` for each such document, as lint words it: it is not compared, and must not
 * pass in silence (on a base side it becomes compat-base-unreadable).
 */
function unsupportedFindings(file: string, documents: readonly LoadedDocument[], config: MeshkitConfig): Finding[] {
  const unsupported = documents.filter(isUnsupported);
  if (unsupported.length === 0) return [];
  // Not a named file: only the apiVersion findings, none for a file holding no document.
  return unreadDocumentFindings({ path: "", display: file, explicit: false }, unsupported, [...COMPARED_KINDS], config).filter((f) => f.ruleId === "unsupported-api-version");
}

/** Keeps the contracts and products of a parsed text; its findings say why there are none, or which it cannot read. */
function documentsOf(file: string, text: string, config: MeshkitConfig): { documents: LoadedDocument[]; findings: Finding[]; unsupported: LoadedDocument[] } {
  const { documents, findings } = loadText(file, text);
  const compared = documents.filter((d) => d.kind.type === "DataContract" || d.kind.type === "DataProduct");
  return { documents: compared, findings: [...findings, ...unsupportedFindings(file, documents, config)], unsupported: documents.filter(isUnsupported) };
}

/**
 * `a DataContract of apiVersion "v3.2.0" (line 24), which meshkit does not read (it reads v3.0.0, …, v3.1.0)`:
 * what a file holds instead of a document compat can compare.
 */
function unsupportedText(documents: readonly LoadedDocument[]): string {
  const held = documents.map((doc) => {
    const kind = doc.kind as Extract<LoadedDocument["kind"], { type: "unsupported" }>;
    return { text: `a ${kind.kind} of apiVersion ${JSON.stringify(kind.apiVersion)} (line ${doc.locate("/apiVersion").line})`, reads: `${kind.kind} ${kind.supported.join(", ")}` };
  });
  const reads = [...new Set(held.map((h) => h.reads))].join("; ");
  return `${held.map((h) => h.text).join(", ")}, which meshkit does not read (it reads ${reads})`;
}

/**
 * The head (or a folder base) as it is on disk: the files `paths` names, found as `meshkit lint` finds them.
 * `reportUnread` (the head): a named file holding no contract or product, or one of an apiVersion meshkit
 * does not read, is a finding, not a file with nothing to compare.
 */
export async function loadWorkingTree(paths: readonly string[], config: MeshkitConfig, cwd: string, label = "the working tree", options: { allowEmpty?: boolean; gitignore?: "repository" | "folder"; reportUnread?: boolean; reportUnsupported?: boolean } = {}): Promise<LoadedSide> {
  const documents: LoadedDocument[] = [];
  const unsupported: LoadedDocument[] = [];
  const findings: Finding[] = [];
  const passedOver: Finding[] = [];
  for (const file of await discoverFiles(paths, config, cwd, options)) {
    const { read, passedOver: why } = readOrPassOver(file);
    if (why) passedOver.push(why);
    if (!read) continue;
    if (!read.ok) {
      findings.push(read.finding);
      continue;
    }
    const loaded = loadText(file.display, read.text);
    documents.push(...loaded.documents.filter((d) => d.kind.type === "DataContract" || d.kind.type === "DataProduct"));
    unsupported.push(...loaded.documents.filter(isUnsupported));
    findings.push(...loaded.findings);
    // The head: a file named for comparing that holds nothing to compare is reported, as lint reports it.
    if (options.reportUnread && loaded.findings.length === 0) findings.push(...unreadDocumentFindings(file, loaded.documents, [...COMPARED_KINDS], config));
    // A base: a document it cannot read is said, not passed over (compat-base-unreadable).
    else if (options.reportUnsupported) findings.push(...unsupportedFindings(file.display, loaded.documents, config));
  }
  return { side: { label, documents }, findings, unsupported, passedOver };
}

/**
 * The documents of a commit, read straight from git (`ls-tree` + one `cat-file --batch`), without a
 * checkout: every file the config's globs cover, kept when its content is a contract or product.
 * Paths are shown as the working tree's would be (relative to `cwd`), so a file keeps its name on both sides.
 */
export async function loadGitSide(ref: string, config: MeshkitConfig, cwd: string, label = ref, follow?: ReadonlySet<string>, baseOption?: string): Promise<LoadedSide> {
  const commit = await resolveCommit(ref, cwd, baseOption);
  const [side] = await loadGitSides([{ commit, label }], config, cwd, follow);
  return side!;
}

/**
 * The documents of several commits (resolved ids: release tags, oldest first), as loadGitSide reads one: through one
 * `git cat-file` process, and each file content parsed once — releases share most of their files (500
 * tags took 31 s when each started six git processes and parsed every file again).
 */
/**
 * `follow`: the documents (documentKey) of the head. A released one that moved, in a commit whose own meshkit.yaml
 * covered other files than the head's (see committedConfigFilter), is read where that config reached it, and
 * followed. Nothing else is read there: a document the head's config no longer covers is not the head's to
 * have removed (nor is a file there that cannot be read its to report).
 */
export async function loadGitSides(commits: readonly { commit: string; label: string }[], config: MeshkitConfig, cwd: string, follow?: ReadonlySet<string>): Promise<LoadedSide[]> {
  if (commits.length === 0) return [];
  const top = await gitTopLevel(cwd);
  // Blobs are read by id (`ls-tree -z`), so a name with a line break is covered like any other. What a `../` glob
  // reaches is covered too: the working tree's side has it when run in the config's folder (a platform's
  // `../domains`), and a run whose head does not is scoped to its folder (scopedRemovals).
  const covered = configGlobFilter(config, top, { lineBreaks: true, outside: true });
  const reader = openBlobReader(top);
  // By the config's blob id: the files its own meshkit.yaml covers (releases mostly share one config).
  const ownFilters = new Map<string, ((path: string) => boolean) | undefined>();
  // By object id and path (a file's findings name it): what its content holds.
  const parsed = new Map<string, ParsedFile>();
  try {
    const sides: LoadedSide[] = [];
    for (const { commit, label } of commits) {
      const tree = await listTree(commit, top, { resolved: true });
      const ownCovered = follow && follow.size > 0 ? await committedConfigFilter(tree.blobIds, config, top, cwd, reader, ownFilters) : undefined;
      const listed = (path: string) => covered(path) || ownCovered?.(path) === true;
      const { paths, blobOf, linksUnread } = await followLinks(tree, tree.files.filter(listed), listed, reader, top, cwd);
      const key = (path: string) => `${blobOf(path)}\u0000${path}`;
      const unread = paths.filter((path) => !parsed.has(key(path)));
      const blobs = await reader.read([...new Set(unread.map(blobOf))], { maxBytes: MAX_FILE_BYTES, preview: OVERSIZED_PREVIEW_BYTES });
      for (const path of unread) {
        const bytes = blobs.get(blobOf(path));
        if (bytes) parsed.set(key(path), parseCommittedFile(join(top, path), bytes, config, cwd));
      }
      // A checked-out submodule's files, from its own repository (rare: read as before).
      const inner = await checkedOutSubmoduleFiles(tree.submodules, top, covered);
      // A file only the commit's own config covers: only the head's documents that moved there.
      const followed = (file: ParsedFile): ParsedFile => ({ documents: file.documents.filter((doc) => follow!.has(documentKey(doc))), findings: [], unsupported: [] });
      const read = paths.flatMap((path) => {
        const file = parsed.get(key(path));
        return file === undefined ? [] : [covered(path) ? file : followed(file)];
      });
      const files = [...read, ...inner.files.map(({ path, bytes }) => parseCommittedFile(path, bytes, config, cwd))];
      const side: LoadedSide = { side: { label, documents: [] }, findings: inner.unread.map((submodule) => submoduleUnread(submodule, cwd, label)), unsupported: [], passedOver: [...linksUnread] };
      for (const file of files) {
        side.side.documents.push(...file.documents);
        side.unsupported.push(...file.unsupported);
        side.findings.push(...file.findings);
        side.passedOver!.push(...(file.passedOver ?? []));
      }
      sides.push(side);
    }
    return sides;
  } finally {
    await reader.close();
  }
}

/**
 * The files of a commit's tree to read (`files`, those the globs cover), each with the blob it is read from, as the
 * working tree reads them: git records a symbolic link as a blob holding its target's path, not the document, so a
 * link is read as the file it leads to, under its own name (the head's walk reads it so, and a released contract
 * kept behind a link would otherwise pass as new, its changes unjudged). A link to a file read already under its own
 * name, or another link's, is that file, read once (as the head's walk lists it once, by its real path); a link to a
 * folder is not a file. A link that
 * leads to no file of the commit (outside the repository, missing, a loop) is passed over, and said where the head
 * has a document in its place (compat-base-unreadable), as a file that cannot be read is.
 */
async function followLinks(
  tree: Awaited<ReturnType<typeof listTree>>,
  files: readonly string[],
  listed: (path: string) => boolean,
  reader: ReturnType<typeof openBlobReader>,
  top: string,
  cwd: string,
): Promise<{ paths: string[]; blobOf: (path: string) => string; linksUnread: Finding[] }> {
  const links = files.filter((path) => tree.links.has(path));
  const targets = links.length === 0 ? new Map<string, TreeLinkTarget>() : await treeLinkTargets(tree, links, reader);
  const linksUnread: Finding[] = [];
  const read = new Map<string, string>();
  // The files links lead to, read once each: the working tree lists a file by its real path, once.
  const reached = new Set<string>();
  for (const path of files) {
    const target = targets.get(path);
    if (target === undefined) read.set(path, tree.blobIds.get(path)!);
    else if ("file" in target) {
      if (!listed(target.file) && !reached.has(target.file)) read.set(path, tree.blobIds.get(target.file)!);
      reached.add(target.file);
    } else if ("unresolved" in target) {
      const file = displayPath(join(top, path), cwd);
      linksUnread.push({ ruleId: "file-unreadable", severity: "error", message: `${file} is a symbolic link to ${JSON.stringify(target.unresolved)}, ${target.why}: its released content cannot be read from git`, file, line: 1, column: 1, path: "", stage: "compat" });
    }
  }
  return { paths: [...read.keys()], blobOf: (path) => read.get(path)!, linksUnread };
}

/**
 * The files a commit's own meshkit.yaml (the head's config file, as the commit holds it) covers, when it is
 * another config: a release was made with the `files` it set. A repository reorganised in the change compared
 * (products/ moved to dp/, and `files.include` with it) would otherwise not see the released documents where
 * they were, and pass each moved one as new, its changes unjudged. A commit with no config there was checked with
 * the defaults (every YAML and JSON file): a meshkit.yaml added with `files.include` in the change is such a
 * reorganisation too. A project folder the commit holds nothing of (renamed, or moved into place) is followed
 * through the commit's files that are no longer in the working tree, as the defaults from the top cover them.
 * Undefined when the commit's config has the same `files`, or cannot be read (the head's globs then, as before).
 */
async function committedConfigFilter(
  blobIds: ReadonlyMap<string, string>,
  config: MeshkitConfig,
  top: string,
  cwd: string,
  reader: ReturnType<typeof openBlobReader>,
  cache: Map<string, ((path: string) => boolean) | undefined>,
): Promise<((path: string) => boolean) | undefined> {
  if (config.file === undefined) return undefined;
  const file = relative(top, config.file);
  if (file === "" || file.startsWith("..") || isAbsolute(file)) return undefined;
  // The config as the commit holds it: under the head's file name, or another one meshkit reads there (meshkit.yml
  // renamed to meshkit.yaml). None at all: the commit was checked with the defaults (a meshkit.yaml added since).
  const folder = posix.dirname(file.split(sep).join("/"));
  const held = [file.split(sep).join("/"), ...CONFIG_FILE_NAMES.map((name) => posix.join(folder, name))].find((path) => blobIds.has(path));
  // A project folder the commit has no file in at all was renamed (`git mv domains/sales domains/sales_eu`) or
  // moved into place since: its released documents are in files the commit had elsewhere and the working tree no
  // longer has (moved away), so they are followed through those, as the defaults from the repository's top cover
  // them. Read from the folder alone, each would be new, and a breaking change made with the move passed unjudged
  // (the pre-push hook and CI judge a project from its folder). A file still in place is another project's own
  // document, the same id in two projects (a new project that copied it is not its release).
  const moved = held === undefined && folder !== "." && ![...blobIds.keys()].some((path) => path.startsWith(`${folder}/`));
  const blob = moved ? "\0moved" : held === undefined ? "" : blobIds.get(held)!;
  if (cache.has(blob)) return cache.get(blob);
  cache.set(blob, undefined);
  const committed = moved ? defaultConfig(top) : held === undefined ? defaultConfig(dirname(config.file)) : await readCommittedConfig(blob, config.file, cwd, reader);
  // The same globs from another folder (a moved project's) cover other files.
  if (committed === undefined || (!moved && sameFiles(committed.files, config.files))) return undefined;
  // Its `../` globs too (a platform folder's config reaching `../domains`), as the head's are read (loadGitSides).
  const covered = configGlobFilter(committed, top, { lineBreaks: true, outside: true });
  const filter = moved ? (path: string) => covered(path) && !existsSync(join(top, path)) : covered;
  cache.set(blob, filter);
  return filter;
}

/** A committed config (blob `blob`), read as if it were at `file`; undefined when it cannot be read or is invalid. */
async function readCommittedConfig(blob: string, file: string, cwd: string, reader: ReturnType<typeof openBlobReader>): Promise<MeshkitConfig | undefined> {
  const bytes = (await reader.read([blob], { maxBytes: MAX_FILE_BYTES })).get(blob);
  if (bytes === undefined) return undefined;
  const source = decodeSource(bytes, displayPath(file, cwd));
  if (!source.ok) return undefined;
  // Its `extends`, if any, from the disk (a platform config installed there, as the head's).
  const loaded = await loadConfig({ cwd, configPath: file, read: async (path) => (path === file ? source : undefined) }).catch(() => undefined);
  return !loaded || loaded.findings.length > 0 ? undefined : loaded.config;
}

function sameFiles(a: MeshkitConfig["files"], b: MeshkitConfig["files"]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A document's identity across sides and releases: its kind and id. */
export function documentKey(doc: LoadedDocument): string {
  return `${doc.kind.type}:${String((doc.value as { id?: unknown }).id)}`;
}

/** What one committed file holds for compat: its contracts and products, and why it has none when it should. */
interface ParsedFile {
  documents: LoadedDocument[];
  findings: Finding[];
  unsupported: LoadedDocument[];
  passedOver?: Finding[];
}

function parseCommittedFile(path: string, bytes: Buffer | OversizedBlob, config: MeshkitConfig, cwd: string): ParsedFile {
  const file = displayPath(path, cwd);
  const decoded = decodeSource(bytes, file);
  if (!decoded.ok) {
    // As lint treats files: binary or oversized content is reported when it is meant to be a document.
    const meant = namedAsMeshkitDocument(path) || headMayBeMeshkitDocument(bytes);
    return meant ? { documents: [], findings: [decoded.finding], unsupported: [] } : { documents: [], findings: [], unsupported: [], passedOver: [decoded.finding] };
  }
  if (!mayBeMeshkitDocument(decoded.text)) return { documents: [], findings: [], unsupported: [] };
  return documentsOf(file, decoded.text, config);
}

/** A submodule whose recorded commit its repository lacks: its documents cannot be compared (a warning, not a silent pass). */
function submoduleUnread(submodule: TreeSubmodule, cwd: string, label: string): Finding {
  const folder = displayPath(submodule.path, cwd);
  return {
    ruleId: "compat-base-unreadable",
    severity: "warning",
    message: `The submodule ${folder} is at commit ${submodule.commit.slice(0, 12)} in ${label}, which its repository does not have: its contracts and products are not compared with it. Fetch it (\`git submodule update --init\`, or \`git -C ${folder} fetch\`).`,
    file: folder,
    line: 1,
    column: 1,
    path: "",
    stage: "compat",
    docsUrl: docsUrlFor("compat-base-unreadable"),
  };
}

/**
 * A base that names a file or folder here and a git ref too (a folder `main` and the branch, a released copy in
 * `v1.2.0` and the tag) is ambiguous, as git says of such an argument: taking the path without a word would
 * compare with another release than the one meant. Written as a path (`./main`, absolute) it is the path.
 */
async function refuseAmbiguousBase(base: string, path: string, cwd: string, option: string): Promise<void> {
  if (isAbsolute(base) || /^\.\.?(?:[/\\]|$)/.test(base) || base.startsWith("-")) return;
  // Outside a git repository there is no ref to take it for.
  const commit = await tryResolveCommit(base, cwd).catch(() => undefined);
  if (commit === undefined) return;
  const ref = (await git(["rev-parse", "--verify", "--quiet", "--symbolic-full-name", "--end-of-options", base], cwd)).trim();
  const what = statSync(path).isDirectory() ? "folder" : "file";
  throw new UsageError(`${option} ${base} is both a ${what} here and a git ref: write ./${base} for the ${what}, or ${ref || commit} for the ref`);
}

/**
 * `--base`: a file or folder on disk when one exists at that path, otherwise a git ref (a name that is both is refused).
 * A folder is read with the default globs (it is usually a copy of a release, outside the config's reach).
 * `head`: the head as loaded, so that a base file refused for holding only documents meshkit does not
 * read can say when the head's are the same. `option`: how the user names the base (`--base`, or the action's input).
 * `headFolder`: the one head folder the run names, which a base folder may be a copy of (releasedFolderAnchor).
 */
export async function loadBase(base: string, config: MeshkitConfig, cwd: string, head?: LoadedSide, option: string = CLI_OPTION_NAMES.base, headFolder?: string): Promise<LoadedSide> {
  const path = resolve(cwd, base);
  if (!existsSync(path)) {
    return loadGitSide(base, config, cwd, base, head && new Set(head.side.documents.map(documentKey)), option).catch((error: unknown) => {
      // Outside git, a base can still be a released folder or file.
      if (error instanceof UsageError && / is not in a git repository/.test(error.message)) {
        throw new UsageError(`${option} ${base} is not a file or folder, and ${cwd} is not in a git repository where it could be a ref: run meshkit in a clone, or give ${option} the released contract's file or folder`);
      }
      throw error;
    });
  }
  await refuseAmbiguousBase(base, path, cwd, option);
  if (statSync(path).isDirectory()) {
    const folder = defaultConfig(path);
    // An empty base folder is a release with nothing in it yet: every document of the head is added. It is read
    // whatever the project's .gitignore says (a released copy is often fetched into an ignored folder, which is
    // not empty), but its own .gitignore files hold: a checkout of the release (`--base .`, a worktree) is what
    // git tracks there, not a copy of a contract its build left in an ignored folder, which would duplicate an id.
    const loaded = await loadWorkingTree([base], { ...folder, files: { ...folder.files, exclude: config.files.exclude } }, cwd, base, { allowEmpty: true, gitignore: "folder", reportUnsupported: true });
    // A released folder holds the files at their paths below it: the project's from where meshkit runs, or
    // the folder it is a copy of (releasedFolderAnchor).
    const anchor = releasedFolderAnchor(loaded.side.documents, path, cwd, head?.side.documents ?? [], headFolder);
    loaded.side.place = (file) => displayPath(resolve(anchor, relative(path, resolve(cwd, file))), cwd);
    loaded.side.onDisk = true;
    return loaded;
  }
  const loaded = await loadWorkingTree([base], config, cwd, base, { reportUnsupported: true });
  loaded.side.onDisk = true;
  // A file named as the base that holds nothing to compare (or nothing readable) is the wrong file:
  // comparing with it would pass every head document as new.
  if (loaded.side.documents.length === 0) {
    const unread = loaded.findings.find((f) => f.ruleId !== "unsupported-api-version");
    if (!unread && loaded.unsupported.length > 0) throw new UsageError(unsupportedBaseMessage(`${option} ${base}`, loaded.unsupported, head));
    const why = unread ? `cannot be read (${unread.line}:${unread.column} ${unread.message})` : "holds no contract or product";
    throw new UsageError(`${option} ${base} ${why}; name the released contract or product file, or an empty folder for a first release`);
  }
  return loaded;
}

/**
 * The head folder a released folder (`--base released/`) is a copy of: where meshkit runs, unless the head's
 * documents say otherwise. A copy of one folder (`dom/orders`' files downloaded into `released/`) read as a
 * copy of the whole project would put each file where the head has none: every `local` server's path called
 * moved, a contract deleted from the folder named on the command line missed. So each released document whose
 * id the head has at the same path below some folder votes for that folder, and the most voted wins (on a tie,
 * where meshkit runs; or the one head folder named, `headFolder`, when no released file stands in the project's folder
 * that holds it (`dom/` for `dom/orders`) and that it has not, so the release is no copy of the whole project: `meshkit compat head --base released` where the head's only
 * contract was deleted, or cannot be read, leaves no document to vote, and the release is still a copy of `head`).
 */
function releasedFolderAnchor(released: readonly LoadedDocument[], folder: string, cwd: string, head: readonly LoadedDocument[], headFolder?: string): string {
  const headFiles = new Map<string, string[]>();
  for (const doc of head) headFiles.set(documentKey(doc), [...(headFiles.get(documentKey(doc)) ?? []), resolve(cwd, doc.file)]);
  const named = headFolder === undefined ? undefined : resolve(cwd, headFolder);
  // A released file in a folder the project has where meshkit runs, and the named folder has not (`released/dom/other/`
  // beside the head's `dom/`, or `released/head/` itself), is the whole project's copy: read below the named folder,
  // another folder's deleted contract would be called removed from it.
  // Only the folder the named one is in counts: a copy of `domains/sales` holds `contracts/` (deleted from the head with
  // its contracts) beside a project's own `contracts/`, and read from the top, its removal passed in silence.
  const isFolder = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  const namedTop = named === undefined ? undefined : relative(resolve(cwd), named).split(sep)[0];
  const projectFolderOnly = (doc: LoadedDocument) => {
    const [first, ...rest] = relative(folder, resolve(cwd, doc.file)).split(sep);
    return rest.length > 0 && first === namedTop && isFolder(resolve(cwd, first!)) && !isFolder(join(named!, first!));
  };
  const copyOfNamed = named !== undefined && !released.some(projectFolderOnly);
  const votes = new Map<string, number>([[copyOfNamed ? named : resolve(cwd), 0]]);
  for (const doc of released) {
    const below = relative(folder, resolve(cwd, doc.file));
    for (const file of new Set(headFiles.get(documentKey(doc)) ?? [])) {
      if (file.endsWith(sep + below)) {
        const anchor = file.slice(0, -(below.length + 1)) || sep;
        votes.set(anchor, (votes.get(anchor) ?? 0) + 1);
      }
    }
  }
  // The first of the most voted: the default above, when it has as many votes as any other.
  return [...votes].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/**
 * A base file (`named` as its user named it: `--base x.yaml`) whose contracts or products are all of an apiVersion meshkit does not read: what it holds,
 * what meshkit reads, and when the head's documents are of such an apiVersion too, that they are.
 */
function unsupportedBaseMessage(named: string, unsupported: readonly LoadedDocument[], head: LoadedSide | undefined): string {
  const held = unsupportedText(unsupported);
  const message = `${named} holds ${held}, so there is nothing to compare with; name a released contract or product file meshkit reads, or an empty folder for a first release`;
  const byFile = new Map<string, LoadedDocument[]>();
  for (const doc of head?.unsupported ?? []) byFile.set(doc.file, [...(byFile.get(doc.file) ?? []), doc]);
  if (byFile.size === 0) return message;
  // `--base x.yaml x.yaml`: said once.
  const files = [...byFile].map(([file, docs]) => (unsupportedText(docs) === held ? `${file} holds the same` : `${file} holds ${unsupportedText(docs)}`));
  return `${message}. The head cannot be compared either: ${files.join("; ")}; run meshkit lint for the fix`;
}
