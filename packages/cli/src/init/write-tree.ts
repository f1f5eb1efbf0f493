/**
 * Creating a folder of new files all at once: they are written into a hidden staging folder, then moved
 * into place. A new target is the staging folder (beside it) renamed in one step. An existing empty
 * folder is kept (its permissions, and the shell whose working directory it is): the staging folder is
 * inside it and its entries are moved up. A failure half-way (a full disk, git missing) removes what was
 * written: the target either appears complete or is as it was, and nothing that was there is overwritten.
 */
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { UsageError, isInsideFolder, makeDirectory } from "@meshkit/core";

/** Why `target` cannot be created (it exists and is not an empty folder), or undefined. */
export function existingTargetProblem(target: string, shown: string, options: { allowEmptyDir: boolean; allowGitOnly?: boolean }): string | undefined {
  let stats;
  try {
    stats = lstatSync(target);
  } catch {
    return undefined; // does not exist: fine
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
 * Writes `files` (paths relative to the target, `/`-separated) into `target`, which must not exist or be
 * an empty folder. `prepare` runs in the staging folder after the files are written (e.g. `git init`).
 */
export async function createTree(target: string, files: Record<string, string>, prepare?: (staging: string) => Promise<void>): Promise<void> {
  const keep = existsSync(target);
  const there = new Set(keep ? readdirSync(target) : []);
  const parent = keep ? target : dirname(target);
  try {
    makeDirectory(parent);
  } catch (error) {
    throw new UsageError(`cannot create ${parent}: ${(error as Error).message.split("\n")[0]}`);
  }
  const staging = join(parent, `.${keep ? "" : basename(target)}.meshkit-init-${randomBytes(4).toString("hex")}`);
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
    throw new UsageError(`cannot create ${target}: ${(error as Error).message.split("\n")[0]}`);
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
