/**
 * Creating a folder of new files all at once: they are written into a hidden staging folder, then moved
 * into place. A new target is the staging folder (beside it) renamed in one step. An existing empty
 * folder is kept (its permissions, and the shell whose working directory it is): the staging folder is
 * inside it and its entries are moved up. A failure half-way (a full disk, git missing) removes what was
 * written: the target either appears complete or is as it was, and nothing that was there is overwritten.
 *
 * A domain in a folder of a bigger repository also puts a few files at that repository's top (its workflow,
 * hooks, dependabot.yml): `placeFiles` writes them once the folder is complete, each only where nothing is,
 * and on a failure removes them and, with the undo `createTree` returns, the folder.
 */
import { constants, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { UsageError, besideName, isInsideFolder, makeDirectory, writeFailureReason } from "@meshkit/core";

/** Why `target` cannot be created (it exists and is not an empty folder), or undefined. */
export function existingTargetProblem(target: string, shown: string, options: { allowEmptyDir: boolean; allowGitOnly?: boolean }): string | undefined {
  let stats;
  try {
    stats = lstatSync(target);
  } catch {
    return wayProblem(target, shown); // does not exist: fine, if it can be made
  }
  if (stats.isSymbolicLink()) return `${shown} is a symbolic link; meshkit init writes only into a new or empty folder`;
  if (!stats.isDirectory()) return `${shown} exists and is not a folder; meshkit init never overwrites`;
  if (!options.allowEmptyDir) return `${shown} already exists; meshkit init never overwrites`;
  // A fresh clone of an empty repository (`git clone …/sales && cd sales`) holds only its `.git`.
  const entries = readdirSync(target).filter((entry) => !(options.allowGitOnly && entry === ".git"));
  if (entries.length > 0) return `${shown} is not empty (${entries.length} entr${entries.length === 1 ? "y" : "ies"}, e.g. ${entries.sort()[0]}); meshkit init never overwrites: choose a new or empty folder`;
  return undefined;
}

/**
 * Why the missing `target` cannot be made: the nearest existing path above it is a file, or a symbolic link to
 * nothing (or to a file), not a folder; undefined when it is a folder (or a link to one).
 */
function wayProblem(target: string, shown: string): string | undefined {
  for (let at = dirname(target); dirname(at) !== at; at = dirname(at)) {
    let stats;
    try {
      stats = lstatSync(at);
    } catch {
      continue; // missing too: made on the way
    }
    const folder = existsSync(at) && statSync(at).isDirectory();
    if (folder) return undefined;
    // `at` as the user wrote it: `shown` without the names below `at`.
    const below = relative(at, target);
    const atShown = shown.endsWith(`${sep}${below}`) ? shown.slice(0, -below.length - 1) : at;
    const what = stats.isSymbolicLink() ? `a symbolic link to ${readlinkSync(at)} (${existsSync(at) ? "a file" : "missing"})` : "a file";
    return `${shown} cannot be created: ${atShown} is ${what}, not a folder; meshkit init never overwrites`;
  }
  return undefined;
}

/**
 * Why `target` would be written outside `root` — a folder on the way is a symbolic link out of it
 * (`products` -> /elsewhere) — or undefined. `target` itself is existingTargetProblem's.
 */
export function outsideRootProblem(root: string, target: string, shown: string): string | undefined {
  let existing = dirname(target);
  while (!existsSync(existing)) existing = dirname(existing);
  const real = realpathSync(existing);
  if (isInsideFolder(real, realpathSync(root))) return undefined;
  return `${shown} would be written outside the repository: ${relative(root, existing) || "."} leads to ${real} (a symbolic link); meshkit init writes only inside the repository`;
}

/**
 * Why `path` (relative to `root`, `/`-separated, nothing there yet) could not be written: a folder on the
 * way is a file, or a symbolic link out of `root` — or undefined.
 */
export function blockedPathProblem(root: string, path: string): string | undefined {
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const folder = parts.slice(0, i).join("/");
    let stats;
    try {
      stats = lstatSync(join(root, folder));
    } catch {
      break; // missing: created
    }
    if (stats.isSymbolicLink()) return outsideRootProblem(root, join(root, path), path);
    if (!stats.isDirectory()) return `${folder} at the top of ${root} is not a folder, so ${path} cannot be written; meshkit init never overwrites`;
  }
  return undefined;
}

/**
 * Writes `files` (paths relative to the target, `/`-separated) into `target`, which must not exist or be
 * an empty folder. `prepare` runs in the staging folder after the files are written (e.g. `git init`).
 * Returns what undoes it: removes what it created (the target, or the entries moved into a kept one, and
 * the folders it made on the way).
 */
export async function createTree(target: string, files: Record<string, string>, prepare?: (staging: string) => Promise<void>): Promise<() => void> {
  const keep = existsSync(target);
  const there = new Set(keep ? readdirSync(target) : []);
  const parent = keep ? target : dirname(target);
  const made = keep ? undefined : highestMissing(target);
  try {
    makeDirectory(parent);
  } catch (error) {
    throw new UsageError(`cannot create ${parent}: ${writeFailureReason(parent, error)}`);
  }
  const staging = join(parent, besideName(keep ? "" : basename(target), "meshkit-init"));
  try {
    mkdirSync(staging);
    for (const [path, text] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const file = join(staging, ...path.split("/"));
      if (relative(staging, file).startsWith("..")) throw new Error(`template path ${path} leaves the target folder`);
      makeDirectory(dirname(file));
      writeFileSync(file, text, { flag: "wx" });
    }
    if (prepare) await prepare(staging);
    if (keep) moveEntriesUp(staging, target, there);
    else renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot create ${target}: ${writeFailureReason(target, error)}`);
  }
  const entries = new Set(Object.keys(files).map((path) => path.split("/")[0]!));
  return () => {
    if (made !== undefined) rmSync(made, { recursive: true, force: true });
    else for (const name of entries) if (!there.has(name)) rmSync(join(target, name), { recursive: true, force: true });
  };
}

/** The highest folder of `path`'s that does not exist yet (`path` itself when its parent does). */
function highestMissing(path: string): string {
  let missing = path;
  while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  return missing;
}

/**
 * Writes `files` (paths relative to `root`, `/`-separated) into the existing folder `root`, each only
 * where nothing is (even something that appeared after the caller looked): written beside its place under a
 * hidden name, then linked into it. On a failure the files placed so far, and the folders made for them,
 * are removed. Returns what undoes it.
 */
export function placeFiles(root: string, files: Record<string, string>): () => void {
  const placed: string[] = [];
  const made: string[] = [];
  const undo = (): void => {
    for (const file of placed.reverse()) rmSync(file, { force: true });
    for (const folder of made.reverse()) rmSync(folder, { recursive: true, force: true });
  };
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const file = join(root, ...path.split("/"));
    try {
      if (relative(root, file).startsWith("..")) throw new Error(`template path ${path} leaves ${root}`);
      const missing = highestMissing(dirname(file));
      if (!existsSync(missing)) {
        makeDirectory(dirname(file));
        made.push(missing);
      }
      const temp = join(dirname(file), besideName(basename(file), "meshkit-init"));
      writeFileSync(temp, text, { flag: "wx" });
      try {
        linkOrCopy(temp, file);
      } finally {
        rmSync(temp, { force: true });
      }
      placed.push(file);
    } catch (error) {
      undo();
      const reason = (error as NodeJS.ErrnoException).code === "EEXIST" ? "it already exists; meshkit init never overwrites" : (error as Error).message.split("\n")[0];
      throw new UsageError(`cannot create ${file}: ${reason}`);
    }
  }
  return undo;
}

/** `temp`'s content at `file`, only if nothing is there: a hard link (complete at once), else a copy that refuses to overwrite. */
function linkOrCopy(temp: string, file: string): void {
  try {
    linkSync(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV" && code !== "ENOSYS") throw error;
    copyFileSync(temp, file, constants.COPYFILE_EXCL);
  }
}

/** Moves the staging folder's entries into the target around it (which holds only `there`); on a failure, back again. */
function moveEntriesUp(staging: string, target: string, there: ReadonlySet<string>): void {
  const others = readdirSync(target).filter((name) => name !== basename(staging) && !there.has(name));
  if (others.length > 0) throw new UsageError(`${target} is no longer empty (${others.sort()[0]}); meshkit init never overwrites`);
  const moved: string[] = [];
  try {
    for (const name of readdirSync(staging)) {
      if (existsSync(join(target, name))) throw new UsageError(`${join(target, name)} already exists; meshkit init never overwrites`);
      renameSync(join(staging, name), join(target, name));
      moved.push(name);
    }
    rmdirSync(staging);
  } catch (error) {
    for (const name of moved) renameSync(join(target, name), join(staging, name));
    throw error;
  }
}
