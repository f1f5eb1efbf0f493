import { type Dirent, closeSync, existsSync, openSync, readFileSync, readSync, lstatSync, readdir, readdirSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { glob, isDynamicPattern } from "tinyglobby";
import { ALWAYS_EXCLUDED, DEFAULT_INCLUDE, type MeshkitConfig, displayPath } from "./config.js";
import { type Finding, UsageError, compareText } from "./findings.js";
import { git } from "./git.js";
import { mayBeMeshkitDocument, namedAsMeshkitDocument } from "./kinds.js";
import { OVERSIZED_PREVIEW_BYTES, type SourceText, headMayBeMeshkitDocument, readSourceFile } from "./source.js";

export interface DiscoveredFile {
  /** Absolute path. */
  path: string;
  /** Path as shown in findings: relative to the working directory when inside it. */
  display: string;
  /** Named on the command line: a file that is not a document is reported instead of skipped. */
  explicit: boolean;
}

export interface DiscoverOptions {
  /**
   * A named folder or glob that yields no file is a usage error by default: a mistyped path in a
   * workflow's `paths` input would otherwise pass in silence. Whole-project searches that may find
   * nothing (the contracts index) set this.
   */
  allowEmpty?: boolean;
  /**
   * Which .gitignore files leave files out: those of the whole repository, from the git root down (`repository`,
   * the default), or only those in the config's folder and below (`folder`), for a folder read as a copy of
   * another tree (compat's released base). Such a copy is often downloaded into a folder the project ignores,
   * and skipping its files would read it as empty, every document of the head then new; its own .gitignore
   * files still hold, so a base that is a checkout (`--base .`, a worktree of the release) reads what git tracks
   * there, not a copy its build left in an ignored folder.
   */
  gitignore?: "repository" | "folder";
}

/**
 * The files a command should look at. With no paths: every candidate under the working directory;
 * a directory: the candidates under it; a glob: its matches; a file: that file, always.
 * Candidates are the config's `files.include` globs minus `files.exclude`, node_modules and whatever
 * the .gitignore files between the config's folder and the git root ignore. Whether a candidate is a
 * contract or product is decided later, by its content.
 */
export async function discoverFiles(paths: readonly string[], config: MeshkitConfig, cwd: string, options: DiscoverOptions = {}): Promise<DiscoveredFile[]> {
  // One entry per real file: a file named beside a link to it, or a folder holding the file a named link
  // leads to, is one document (else it would duplicate its own id). The file itself is kept over a link
  // to it, as the folder walk keeps it; it counts as named when either was.
  const found = new Map<string, DiscoveredFile>();
  const fixture = packFixtureFilter(config);
  const add = (path: string, explicit: boolean) => {
    if (!explicit && fixture(path)) return;
    const real = realPathOf(path);
    const existing = found.get(real);
    const kept = !existing || (isSymbolicLink(existing.path) && !isSymbolicLink(path)) ? path : existing.path;
    found.set(real, { path: kept, display: displayPath(kept, cwd), explicit: explicit || existing?.explicit === true });
  };
  const gitignored = gitignoreFilter(config.root, options.gitignore ?? "repository");
  let candidates: WalkEntry[] | undefined;
  const configCandidates = async () => (candidates ??= await globFiles(config.files.include, config.root, config.files.exclude, gitignored));

  // `meshkit lint "$FILES"` with an empty variable would otherwise check the whole working directory.
  if (paths.some((path) => path.trim() === "")) throw new UsageError('an empty path was given (""): name files, folders or globs, or none for the whole project');
  const targets = paths.length > 0 ? paths : ["."];
  for (const target of targets) {
    const absolute = resolve(cwd, target);
    if (isGlob(target, cwd)) {
      // files.exclude is relative to the config's folder, as for a folder named: from a subfolder, `build/**` there
      // left out the glob's own `build/` (and kept what the config excludes there), whatever `meshkit lint build` said.
      const matches = await globFiles([target], cwd, config.files.exclude, gitignored, { excludeFrom: config.root });
      if (matches.length === 0 && paths.length > 0 && !options.allowEmpty) throw new UsageError(await emptyGlobProblem(target, cwd));
      for (const entry of matches) add(entry.path, entry.unreadable);
      continue;
    }
    const info = statIfAccessible(absolute);
    // A path that cannot be looked at (missing, a symlink loop, under a folder without permission) is
    // listed like a file: reading it reports why (file-unreadable), in the report, in every format.
    if (!info || info.isFile()) {
      add(absolute, true);
      continue;
    }
    // With no path named, in the config's own folder: every file its globs select, those they reach outside it
    // too (a platform's `../domains/**/*.yaml`), else the run checked 0 files and passed.
    const ownFolder = paths.length === 0 && absolute === resolve(config.root);
    const inside = (await configCandidates()).filter((entry) => ownFolder || isInsideFolder(entry.path, absolute));
    // A folder outside the config's reach (or a config whose globs miss it) still gets the default globs;
    // so does a dot-folder named on the command line, which the project's walk passes over.
    const configured = inside.length > 0 || (isInsideFolder(absolute, config.root) && !relative(config.root, absolute).split(sep).some((segment) => segment.startsWith(".") && segment !== "." && segment !== ".."));
    // files.exclude is relative to the config's folder, as for a glob: `gen/**` (the project's gen/) left out `.hidden/gen`.
    const files = configured ? inside : await globFiles(DEFAULT_INCLUDE, absolute, config.files.exclude, gitignored, { excludeFrom: config.root });
    if (files.length === 0 && paths.length > 0 && !options.allowEmpty) {
      // A folder whose files are all in node_modules (`node_modules/@acme/contracts`, or one holding only such
      // folders), or all left out, is told so, as its glob is: "files.include …" or "no YAML or JSON file there"
      // sent the author to a config or a folder that was right.
      const walked = (await globFiles(DEFAULT_INCLUDE, absolute, [], NOTHING_IGNORED, { excludeFrom: config.root })).length;
      const hidden = walked === 0 ? await neverWalkedCount(DEFAULT_INCLUDE, absolute) : 0;
      const neverWalked = hidden > 0 ? `every YAML or JSON file in ${target} (${hidden}) is ${NEVER_WALKED}; name a file to check it anyway` : undefined;
      const leftOut = !configured && walked > 0 ? `every YAML or JSON file in ${target} (${walked}) is ${LEFT_OUT}; name a file to check it anyway` : undefined;
      throw new UsageError(neverWalked ?? leftOut ?? `no file to check in ${target}${configured ? ` (files.include: ${config.files.include.join(", ")}; files.exclude and .gitignore apply)` : " (no YAML or JSON file there)"}`);
    }
    for (const entry of files) add(entry.path, entry.unreadable);
  }
  return [...found.values()].sort((a, b) => compareText(a.display, b.display));
}

/**
 * Why a glob named on the command line yields no file. The files it matches may all be left out: "no file matches"
 * would send the author to fix a right pattern. Only then is the glob walked again without the folders never walked
 * (`node_modules/@acme/contracts/*.yaml`, a package's contracts), which may be large.
 */
async function emptyGlobProblem(target: string, cwd: string): Promise<string> {
  const left = await leftOutMatches(target, cwd);
  return left ? `every file ${target} matches (${left.count}) is ${left.reason}; name a file to check it anyway` : `no file matches ${target}`;
}

/**
 * For a glob (relative to `cwd`) that yields no file: the files it matches that are all left out, and why (`left out by
 * files.exclude or .gitignore`, or `in a node_modules, .git or .turbo folder, which meshkit never walks`); undefined when it
 * matches none at all.
 */
export async function leftOutMatches(target: string, cwd: string): Promise<{ count: number; reason: string } | undefined> {
  const left = (await globFiles([target], cwd, [], NOTHING_IGNORED)).length;
  if (left > 0) return { count: left, reason: LEFT_OUT };
  const hidden = await neverWalkedCount([target], cwd);
  return hidden > 0 ? { count: hidden, reason: NEVER_WALKED } : undefined;
}

const LEFT_OUT = "left out by files.exclude or .gitignore";
const NEVER_WALKED = "in a node_modules, .git or .turbo folder, which meshkit never walks";

/** How many files the patterns (relative to `cwd`) match in the folders meshkit never walks (NEVER_WALKED). */
async function neverWalkedCount(patterns: readonly string[], cwd: string): Promise<number> {
  return (await globFiles(patterns, cwd, [], NOTHING_IGNORED, { alwaysExcluded: false })).length;
}

/**
 * The folder whose documents are one project, for cross-file checks: the folder of `meshkit.yaml`; without
 * one, the top of the git work tree the config's folder (the working directory) is in, as the pre-commit hook
 * and `meshkit compat` take it, so that `meshkit lint` run in a subfolder sees the contracts of the
 * repository's other folders; outside both, undefined (no project).
 */
export function projectFolder(config: MeshkitConfig): string | undefined {
  return config.file !== undefined ? config.root : gitWorkTreeTop(config.root);
}

/**
 * The files around `paths` that cross-file checks read (the contracts a product's ports name, an id used
 * twice): everything in the project (see projectFolder). Outside one the working directory may be a home
 * folder or /tmp (reading all of it took minutes): the folders of the paths named (a file's own folder, a
 * glob's fixed part), each walked with the default globs as its own root; the working directory when none
 * is named.
 */
export async function discoverContextFiles(paths: readonly string[], config: MeshkitConfig, cwd: string): Promise<DiscoveredFile[]> {
  const project = projectFolder(config);
  if (project !== undefined) return discoverFiles([project], { ...config, root: project }, cwd, { allowEmpty: true });
  if (paths.length === 0) return discoverFiles([config.root], config, cwd, { allowEmpty: true });
  const folders = new Set(paths.map((path) => (isGlob(path, cwd) ? resolve(cwd, picomatch.scan(path).base) : resolve(cwd, path))).map((path) => (statIfAccessible(path)?.isDirectory() ? path : dirname(path))));
  const walks = await Promise.all([...folders].filter((folder) => statIfAccessible(folder)?.isDirectory()).map((folder) => discoverFiles([folder], { ...config, root: folder }, cwd, { allowEmpty: true })));
  // A folder inside another named one is walked twice: each file is listed once.
  return [...new Map(walks.flat().map((file) => [file.path, file])).values()].sort((a, b) => compareText(a.display, b.display));
}

/** The nearest folder from `folder` upwards that holds a `.git` (a repository's folder, or a worktree's or submodule's file), or undefined. */
function gitWorkTreeTop(folder: string): string | undefined {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Whether a file (as `discoverFiles` shows it: relative to `cwd`, or absolute) lies within what `paths`
 * name: one of the files, under one of the folders, or matched by one of the globs. Also for files that
 * no longer exist (a base side's): what a command run on some paths answers for.
 */
export function withinPaths(paths: readonly string[], cwd: string): (file: string) => boolean {
  const globs = paths.filter((p) => isGlob(p, cwd)).map((p) => picomatch(p.split(sep).join("/"), { dot: false }));
  // A glob-looking path that is not there may be a folder deleted since (`orders (old)`, `sales [eu]` on a base side):
  // its files are within it by that very name, as they are when it exists.
  const folders = paths.map((p) => resolve(cwd, p));
  return (file) => {
    const absolute = resolve(cwd, file);
    if (folders.some((folder) => isInsideFolder(absolute, folder))) return true;
    const rel = relative(cwd, absolute).split(sep).join("/");
    return globs.some((match) => match(rel) || match(absolute.split(sep).join("/")));
  };
}

/** A file the walk found, or a folder it could not open (`unreadable`): listed as if named, so that reading it says why. */
interface WalkEntry {
  path: string;
  unreadable: boolean;
}

/**
 * The files under `cwd` that the patterns match, and the folders the walk could not open: those are
 * listed as if named explicitly, so that reading them reports why (file-unreadable) instead of the
 * walk skipping their contracts in silence. `exclude` globs are relative to `scope.excludeFrom` (default `cwd`);
 * node_modules, .git and .turbo are left out too, unless `scope.alwaysExcluded` is false.
 */
async function globFiles(patterns: readonly string[], cwd: string, exclude: readonly string[], gitignored: GitignoreFilter, scope: { excludeFrom?: string; alwaysExcluded?: boolean } = {}): Promise<WalkEntry[]> {
  const unreadable: string[] = [];
  const special: string[] = [];
  const lineBreakFolders: string[] = [];
  const excludeFrom = scope.excludeFrom ?? cwd;
  const always = scope.alwaysExcluded === false ? [] : ALWAYS_EXCLUDED;
  const ignored = [...always, ...exclude];
  const files = await glob([...patterns], {
    cwd,
    absolute: true,
    onlyFiles: true,
    dot: false,
    followSymbolicLinks: false,
    // The walk reads its ignore globs from `cwd`: from elsewhere, `exclude` is applied to what it lists (below).
    ignore: resolve(excludeFrom) === resolve(cwd) ? ignored : always,
    fs: { readdir: readdirNotingFailures(unreadable, special, lineBreakFolders) },
  });
  // Links and other non-regular files the walk passes over (it follows no link, so it cannot loop): those
  // the globs name are listed like files, so that a linked document is checked and a dangling link, a
  // loop or a FIFO is reported (file-unreadable) rather than skipped without a word.
  // Patterns as the walk reads them: relative to `cwd` (./ and ../ included) or absolute; matched as
  // absolute paths, the folder they start from escaped (it may hold `(`, `[`, `{` …).
  // (`.`, `..` and doubled slashes anywhere are resolved as the walk resolves them: sub/../sub//*.yaml.)
  const folder = cwd.split(sep).join("/").replace(/[\\*?[\](){}!+@|]/g, "\\$&");
  const absolutePattern = (p: string): string => (p.startsWith("!") ? `!${absolutePattern(p.slice(1))}` : posix.normalize(isAbsolute(p) ? p : `${folder}/${p}`));
  // With the `s` flag a line break in a name is one more character `*` and `**` match (the walk's own
  // matcher never lists a file under a folder so named: those are added below).
  const matchesPattern = picomatch(patterns.map(absolutePattern), { dot: false, flags: "s" });
  const excluded = picomatch(ignored, { dot: true, flags: "s" });
  const relativePath = (path: string) => relative(excludeFrom, path).split(sep).join("/");
  const included = (path: string) => matchesPattern(path.split(sep).join("/"));
  // The walk also returns the files inside a folder whose own name matches (`**/*.yaml` and a folder
  // `product.odps.yaml/`, holding x.txt): only files the patterns name are the project's.
  const isExcluded = (path: string) => excludedReach(excluded, relativePath(path));
  const matched = [...new Set([...files, ...lineBreakFolders.flatMap((folder) => filesUnder(folder, unreadable))].map((p) => resolve(p)))].filter(
    (path) => included(path) && !isExcluded(path),
  );
  const seen = new Set(matched);
  // The walk reached its files through real folders below `cwd`: their real paths, to know a link to one of them.
  const realCwd = realPathIfAccessible(cwd) ?? cwd;
  const listedReal = special.length > 0 ? new Set(matched.map((p) => join(realCwd, relative(cwd, p)))) : new Set<string>();
  const named = special.filter((path) => {
    // A link to a folder is not walked into (links are not followed), nor reported; a link to a file the
    // walk lists already is that file, checked once (else a contract would duplicate its own id).
    if (!included(path) || isExcluded(path) || statIfAccessible(path)?.isDirectory()) return false;
    const target = realPathIfAccessible(path);
    return target === undefined || !listedReal.has(target);
  });
  const entries = (paths: string[], isUnreadable: boolean): WalkEntry[] => paths.map((p) => ({ path: resolve(p), unreadable: isUnreadable }));
  const listed = [...entries(matched, false), ...entries(named.filter((p) => !seen.has(p)), false), ...entries(unreadable.filter((p) => !isExcluded(p)), true)];
  const gitIgnored = new Set(listed.filter((e) => gitignored.ignores(e.path, e.unreadable)));
  if (gitIgnored.size === 0) return listed;
  // A .gitignore only keeps untracked files out: a file git tracks (added with `git add -f`, or before the
  // pattern was written) is committed and checked out like any other, so it is checked like any other.
  const tracked = [...gitIgnored].some((e) => !e.unreadable) ? await gitignored.trackedIgnored() : new Set<string>();
  return listed.filter((e) => !gitIgnored.has(e) || (!e.unreadable && tracked.has(e.path)));
}

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: Dirent[]) => void;

/**
 * Every regular file below `folder` (links not followed), for a folder whose name holds a line break: the
 * glob walk lists nothing under such a folder (its matcher stops at the line break), and its contracts
 * must not go unchecked in silence. Folders that cannot be opened are noted in `unreadable`.
 */
function filesUnder(folder: string, unreadable: string[]): string[] {
  const files: string[] = [];
  const pending = [folder];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(next, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") unreadable.push(next);
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) pending.push(join(next, entry.name));
      else if (entry.isFile()) files.push(join(next, entry.name));
    }
  }
  return files;
}

/**
 * `fs.readdir` as the glob walk calls it, noting each folder it fails to open (the walk skips those
 * silently) and each entry that is neither a file nor a folder (links, FIFOs, sockets, devices).
 */
function readdirNotingFailures(unreadable: string[], special: string[], lineBreakFolders: string[]): typeof readdir {
  const noting = (path: string, options: { withFileTypes: true }, callback: ReaddirCallback) =>
    readdir(path, options, (error, entries) => {
      // A folder removed while the walk ran is simply gone, as if listed a moment later.
      if (error && error.code !== "ENOENT") unreadable.push(path);
      for (const entry of entries ?? []) {
        if (!entry.isFile() && !entry.isDirectory()) special.push(resolve(path, entry.name));
        else if (entry.isDirectory() && entry.name.includes("\n")) lineBreakFolders.push(resolve(path, entry.name));
      }
      callback(error, entries);
    });
  return noting as typeof readdir;
}

function realPathIfAccessible(path: string): string | undefined {
  try {
    // The system's realpath(3): one call per file, where Node's own walks and lstats every folder of the
    // path again (discovery asks it of every candidate file).
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** The file a path leads to, links followed; the path itself when that cannot be told (missing, a link loop): reading it says why. */
export function realPathOf(path: string): string {
  return realPathIfAccessible(path) ?? path;
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The paths among `paths` (not globs) that name nothing at all, not even a dangling link: a command that
 * runs several stages over the same paths (`meshkit ci`) says so once, before any stage, instead of each
 * stage reporting the same unreadable file.
 */
export function missingPaths(paths: readonly string[], cwd: string): string[] {
  const missing = (path: string) => {
    try {
      return lstatSync(resolve(cwd, path), { throwIfNoEntry: false }) === undefined;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ENOTDIR"; // `a.yaml/b`: under a file, nothing is there
    }
  };
  return paths.filter((path) => !isGlob(path, cwd) && path.trim() !== "" && missing(path));
}

/**
 * Whether a path named on the command line is a glob: it reads as one (`*`, `?`, `[…]`, `{a,b}`, `(…)`) and no
 * file or folder (or link) is there by that very name. An existing path is that path, as Prettier takes it:
 * folder names such as `orders (old)` or `sales [eu]` are common, and read as a glob, the file named under one
 * (from lint-staged, an editor, a shell's tab completion) matched nothing and was refused with "no file matches".
 */
function isGlob(path: string, cwd: string): boolean {
  if (!isDynamicPattern(path)) return false;
  try {
    return lstatSync(resolve(cwd, path), { throwIfNoEntry: false }) === undefined;
  } catch {
    return true; // a path the file system cannot even look up (`a.yaml/b*`) is no file by that name
  }
}

function statIfAccessible(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether `path` is `folder` or inside it (both resolved the same way; symlinks are the caller's to follow). */
/**
 * Whether a path is a fixture of one of the config's local policy packs: a file under a `tests` folder
 * of the pack's folder, which the pack loader skips and `meshkit policy test` runs. Fixtures are
 * non-compliant on purpose: found by a walk, they would fail the project's own checks (a file named on
 * the command line is still checked).
 */
function packFixtureFilter(config: MeshkitConfig): (path: string) => boolean {
  const packs = config.policy.packs.filter((pack) => !pack.startsWith("builtin:") && statIfAccessible(pack)?.isDirectory());
  if (packs.length === 0) return () => false;
  return (path) => packs.some((pack) => isInsideFolder(path, pack) && relative(pack, path).split(sep).slice(0, -1).includes("tests"));
}

export function isInsideFolder(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

const NOTHING_IGNORED: GitignoreFilter = { ignores: () => false, trackedIgnored: async () => new Set() };

interface GitignoreFilter {
  /** Whether a .gitignore (or the repository's info/exclude) ignores the file, or the folder when `directory`. */
  ignores(path: string, directory?: boolean): boolean;
  /** The files (absolute paths) that git tracks although its ignore rules match them; asked of git once. */
  trackedIgnored(): Promise<Set<string>>;
}

/**
 * A predicate that is true for files (and folders) ignored by a .gitignore: those in `root`'s ancestors
 * up to the git root (with `scope: "folder"`, none above `root`), and those below `root`. As in git, each
 * file's rules apply relative to its own folder; a deeper .gitignore's match overrides a shallower one's
 * (`!keep.yaml` in a folder re-includes a file the top's `*.yaml` ignores); and nothing in an ignored folder
 * is re-included (git does not look in it).
 */
function gitignoreFilter(root: string, scope: "repository" | "folder"): GitignoreFilter {
  const rules: { dir: string; matcher: Ignore }[] = [];
  const checkedDirs = new Set<string>();
  const readIgnoreFile = (dir: string, file: string): { dir: string; matcher: Ignore } | undefined => {
    if (!existsSync(file)) return undefined;
    try {
      return { dir, matcher: ignore().add(readFileSync(file, "utf8")) };
    } catch {
      // An unreadable .gitignore ignores nothing, as in git.
      return undefined;
    }
  };
  const addIgnoreFile = (dir: string) => {
    const rule = readIgnoreFile(dir, join(dir, ".gitignore"));
    if (!rule) return;
    rules.push(rule);
    // Shallowest first: the order in which git lets a deeper file's match override (a stable sort).
    rules.sort((a, b) => a.dir.length - b.dir.length);
  };
  let top = resolve(root);
  for (; ; top = dirname(top)) {
    addIgnoreFile(top);
    if (scope === "folder" || existsSync(join(top, ".git")) || dirname(top) === top) break;
  }
  // The repository's own exclude file holds patterns relative to the top level, below every .gitignore in
  // precedence (a `!name` in the top's .gitignore re-includes what it excludes): first of all the rules.
  const excludeFile = repositoryExcludeFile(top);
  const exclude = excludeFile ? readIgnoreFile(top, excludeFile) : undefined;
  if (exclude) rules.unshift(exclude);
  /** What the .gitignore files above `path` say of it alone, the deepest one that matches deciding. */
  const matched = (path: string, directory: boolean): boolean => {
    let ignored = false;
    for (const { dir, matcher } of rules) {
      const rel = relative(dir, path);
      if (rel === "" || !isInsideFolder(path, dir)) continue;
      const verdict = matcher.test(rel.split(sep).join("/") + (directory ? "/" : ""));
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  };
  const folders = new Map<string, boolean>();
  /** Whether `folder` is ignored, itself or through a folder above it (below the git root). */
  const folderIgnored = (folder: string): boolean => {
    if (folder === top || !isInsideFolder(folder, top)) return false;
    let ignored = folders.get(folder);
    if (ignored === undefined) {
      ignored = folderIgnored(dirname(folder)) || matched(folder, true);
      folders.set(folder, ignored);
    }
    return ignored;
  };
  let tracked: Promise<Set<string>> | undefined;
  return {
    ignores: (file: string, directory = false) => {
      // Nested .gitignore files are found lazily, once per folder, on the way from the file up (before any
      // folder's verdict is kept: it depends only on the .gitignore files above that folder, all found by then).
      for (let dir = dirname(file); isInsideFolder(dir, root) && dir !== root; dir = dirname(dir)) {
        if (!checkedDirs.has(dir)) {
          checkedDirs.add(dir);
          addIgnoreFile(dir);
        }
      }
      return folderIgnored(dirname(file)) || matched(file, directory);
    },
    trackedIgnored: () => (tracked ??= trackedIgnoredFiles(top)),
  };
}

/**
 * The files of the repository at `top` that are in its index although its ignore rules match them, as
 * absolute paths. Outside a repository, or without git, there are none.
 */
async function trackedIgnoredFiles(top: string): Promise<Set<string>> {
  if (!existsSync(join(top, ".git"))) return new Set();
  try {
    // -z: names as they are (no quoting); relative to `top`, where git runs.
    const listed = await git(["ls-files", "-z", "--cached", "--ignored", "--exclude-standard"], top);
    return new Set(listed.split("\0").filter(Boolean).map((path) => resolve(top, path)));
  } catch {
    return new Set();
  }
}

/**
 * The `info/exclude` file of the repository whose top level is `top` (git reads it as a .gitignore of the
 * top level that is not committed), or undefined when `top` has no `.git`. A linked worktree or a
 * submodule has a `.git` file (`gitdir: <path>`); a worktree's git folder names the main one, which holds
 * the exclude file every worktree shares, in its `commondir` file.
 */
function repositoryExcludeFile(top: string): string | undefined {
  const dotGit = join(top, ".git");
  try {
    let gitDir = dotGit;
    if (!statSync(dotGit).isDirectory()) {
      const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, "utf8"));
      if (!pointer) return undefined;
      gitDir = resolve(top, pointer[1]!);
      const common = join(gitDir, "commondir");
      if (existsSync(common)) gitDir = resolve(gitDir, readFileSync(common, "utf8").trim());
    }
    return join(gitDir, "info", "exclude");
  } catch {
    // No .git, or one that cannot be read: nothing more is ignored, as git would not run there either.
    return undefined;
  }
}

// Whether `files.exclude` (`excluded`) leaves out a path relative to the config's folder. A file a `../` glob reaches
// is also matched without its leading `../`: `**/data/**` keeps the sample data of a platform's `../domains/**/*.json`
// out, as it does below the folder (`**` matches no `..`).
function excludedReach(excluded: (path: string) => boolean, path: string): boolean {
  return excluded(path) || (path.startsWith("../") && excluded(path.replace(/^(?:\.\.\/)+/, "")));
}

/**
 * Whether a path relative to the git top level `top` is one the config's `files` globs cover: for
 * paths that come from git (staged files, a commit's tree) rather than from the disk.
 *
 * A path with a line break is covered by nothing, unless `lineBreaks` says the caller reads files by
 * object id (the pre-commit hook) rather than as `<commit>:<path>`, which git's batch protocol cannot
 * carry for such a name; then a line break is one more character that `*` and `**` match.
 *
 * A path outside the config's folder (reached by a `../` glob) is covered only with `outside`, as discoverFiles
 * covers it when run in that folder with no path named: compat's git side, whose documents must be those the working
 * tree's are compared with, else each one there is "new" and its breaking changes pass unjudged.
 */
export function configGlobFilter(config: MeshkitConfig, top: string, options: { lineBreaks?: boolean; outside?: boolean } = {}): (path: string) => boolean {
  // picomatch's `.` stops at a line break (so would `**` in a folder's name); the `s` flag lets it match one.
  const flags = options.lineBreaks ? { flags: "s" } : {};
  const include = picomatch(config.files.include, { dot: false, ...flags });
  const exclude = picomatch([...ALWAYS_EXCLUDED, ...config.files.exclude], { dot: true, ...flags });
  const fixture = packFixtureFilter(config);
  // The pre-commit hook asks this of every path of the index, in every commit: 100,000 files cost 100,000
  // joins and relatives (most of a second), where a config's folder inside the top level (the usual case)
  // needs only the path's rest after that folder's: the same answer, as git's paths are normalized.
  const rootFromTop = relative(top, config.root).split(sep).join("/");
  const inside = rootFromTop === "" || (rootFromTop !== ".." && !rootFromTop.startsWith("../") && !isAbsolute(rootFromTop));
  const prefix = rootFromTop === "" ? "" : `${rootFromTop}/`;
  const fromRootOf = (path: string) => {
    if (inside && path.startsWith(prefix)) return path.slice(prefix.length);
    if (inside && !options.outside) return undefined;
    const fromRoot = relative(config.root, join(top, path)).split(sep).join("/");
    if (isAbsolute(fromRoot)) return undefined;
    return fromRoot.startsWith("..") && !options.outside ? undefined : fromRoot;
  };
  return (path) => {
    if (path.includes("\n") && !options.lineBreaks) return false;
    const fromRoot = fromRootOf(path);
    return fromRoot !== undefined && include(fromRoot) && !excludedReach(exclude, fromRoot) && !fixture(join(top, path));
  };
}

/** Named on the command line, or named like a contract or product (`*.odcs.yaml`…): reported when it is not one. */
export function isNamedDocument(file: DiscoveredFile): boolean {
  return file.explicit || namedAsMeshkitDocument(file.path);
}

/**
 * A discovered file's text, for every stage that reads documents. Undefined for a file a folder walk
 * found that is not a meshkit document (other YAML, a binary, a huge file that is not ours): a folder of
 * thousands of other files costs one read and one regex each. A file that is named, or may be ours,
 * comes back as read — its finding when it cannot be read, never a silent skip.
 */
export function readDocumentFile(file: DiscoveredFile): SourceText | undefined {
  return readOrPassOver(file).read;
}

/**
 * readDocumentFile, with why a file that could not be read was passed over (binary, not UTF-8, too large,
 * with nothing saying it is a document): compat's released folder says so when the head has a contract
 * where that file was, as a git base does.
 */
export function readOrPassOver(file: DiscoveredFile): { read?: SourceText; passedOver?: Finding } {
  const read = readSourceFile(file.path, file.display);
  if (isNamedDocument(file)) return { read };
  if (read.ok) return mayBeMeshkitDocument(read.text) ? { read } : {};
  // A file too large to read, or not UTF-8 text (a contract saved as Windows-1252, a NUL byte), is reported
  // when its beginning says it is a meshkit document: passing over it would pass the contract unchecked.
  const reportable = read.finding.ruleId === "file-unreadable" || ((read.finding.ruleId === "file-too-large" || read.finding.ruleId === "file-not-text") && headLooksLikeDocument(file.path));
  return reportable ? { read } : { passedOver: read.finding };
}

/** Whether the first 64 KiB of a file (too large to read whole, or not text) mention a meshkit kind. */
function headLooksLikeDocument(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(OVERSIZED_PREVIEW_BYTES);
    const length = readSync(fd, head, 0, head.length, 0);
    return headMayBeMeshkitDocument(head.subarray(0, length));
  } finally {
    closeSync(fd);
  }
}
