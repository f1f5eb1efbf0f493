import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { glob, isDynamicPattern } from "tinyglobby";
import { ALWAYS_EXCLUDED, DEFAULT_INCLUDE, type MeshkitConfig, displayPath } from "./config.js";
import { UsageError } from "./findings.js";

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
}

/**
 * The files a command should look at. With no paths: every candidate under the working directory;
 * a directory: the candidates under it; a glob: its matches; a file: that file, always.
 * Candidates are the config's `files.include` globs minus `files.exclude`, node_modules and whatever
 * the .gitignore files between the config's folder and the git root ignore. Whether a candidate is a
 * contract or product is decided later, by its content.
 */
export async function discoverFiles(paths: readonly string[], config: MeshkitConfig, cwd: string, options: DiscoverOptions = {}): Promise<DiscoveredFile[]> {
  const found = new Map<string, DiscoveredFile>();
  const add = (path: string, explicit: boolean) => {
    const existing = found.get(path);
    if (!existing || (explicit && !existing.explicit)) found.set(path, { path, display: displayPath(path, cwd), explicit });
  };
  const gitignored = gitignoreFilter(config.root);
  let candidates: string[] | undefined;
  const configCandidates = async () => (candidates ??= await globFiles(config.files.include, config.root, config.files.exclude, gitignored));

  const targets = paths.length > 0 ? paths : ["."];
  for (const target of targets) {
    const absolute = resolve(cwd, target);
    if (isDynamicPattern(target)) {
      const matches = await globFiles([target], cwd, config.files.exclude, gitignored);
      if (matches.length === 0 && paths.length > 0 && !options.allowEmpty) throw new UsageError(`no file matches ${target}`);
      for (const file of matches) add(file, false);
      continue;
    }
    const info = statIfExists(absolute);
    if (!info) throw new UsageError(`no such file or directory: ${target}`);
    if (info.isFile()) {
      add(absolute, true);
      continue;
    }
    const inside = (await configCandidates()).filter((file) => isInside(file, absolute));
    // A folder outside the config's reach (or a config whose globs miss it) still gets the default globs.
    const configured = inside.length > 0 || isInside(absolute, config.root);
    const files = configured ? inside : await globFiles(DEFAULT_INCLUDE, absolute, config.files.exclude, gitignored);
    if (files.length === 0 && paths.length > 0 && !options.allowEmpty) {
      throw new UsageError(`no file to check in ${target}${configured ? ` (files.include: ${config.files.include.join(", ")}; files.exclude and .gitignore apply)` : " (no YAML or JSON file there)"}`);
    }
    for (const file of files) add(file, false);
  }
  return [...found.values()].sort((a, b) => a.display.localeCompare(b.display));
}

async function globFiles(patterns: readonly string[], cwd: string, exclude: readonly string[], gitignored: (file: string) => boolean): Promise<string[]> {
  const files = await glob([...patterns], {
    cwd,
    absolute: true,
    onlyFiles: true,
    dot: false,
    followSymbolicLinks: false,
    ignore: [...ALWAYS_EXCLUDED, ...exclude],
  });
  return files.map((f) => resolve(f)).filter((f) => !gitignored(f));
}

function statIfExists(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function isInside(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && rel !== "..");
}

/**
 * A predicate that is true for files ignored by a .gitignore: those in `root`'s ancestors up to the git
 * root, and those below `root`. Each file's rules apply relative to its own folder, as git does.
 */
function gitignoreFilter(root: string): (file: string) => boolean {
  const rules: { dir: string; matcher: Ignore }[] = [];
  const checkedDirs = new Set<string>();
  const addIgnoreFile = (dir: string) => {
    const file = join(dir, ".gitignore");
    if (!existsSync(file)) return;
    try {
      rules.push({ dir, matcher: ignore().add(readFileSync(file, "utf8")) });
    } catch {
      // An unreadable .gitignore ignores nothing, as in git.
    }
  };
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    addIgnoreFile(dir);
    if (existsSync(join(dir, ".git")) || dirname(dir) === dir) break;
  }
  return (file: string) => {
    // Nested .gitignore files are found lazily, once per folder, on the way from the file up.
    for (let dir = dirname(file); isInside(dir, root) && dir !== root; dir = dirname(dir)) {
      if (!checkedDirs.has(dir)) {
        checkedDirs.add(dir);
        addIgnoreFile(dir);
      }
    }
    return rules.some(({ dir, matcher }) => {
      const rel = relative(dir, file);
      return isInside(file, dir) && rel !== "" && matcher.ignores(rel.split(sep).join("/"));
    });
  };
}

/**
 * Whether a path relative to the git top level `top` is one the config's `files` globs cover: for
 * paths that come from git (staged files, a commit's tree) rather than from the disk.
 */
export function configGlobFilter(config: MeshkitConfig, top: string): (path: string) => boolean {
  const include = picomatch(config.files.include, { dot: false });
  const exclude = picomatch([...ALWAYS_EXCLUDED, ...config.files.exclude], { dot: true });
  return (path) => {
    if (path.includes("\n")) return false;
    const fromRoot = relative(config.root, join(top, path)).split(sep).join("/");
    return !fromRoot.startsWith("..") && !isAbsolute(fromRoot) && include(fromRoot) && !exclude(fromRoot);
  };
}
