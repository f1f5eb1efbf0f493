/**
 * Folders meshkit writes into whose content others control: a catalog branch (anyone who can push to
 * it), a shared catalog folder, a Backstage directory, a site folder, a project's `.meshkit/` (anyone who
 * opens a pull request). A committed symbolic link in one of them (`products/<id> -> /elsewhere`,
 * `.meshkit -> /elsewhere`) must not carry a write, or a read, to files outside: every folder on the way
 * is checked from the root down before it is used. A link that stays inside is harmless and followed.
 */
import { realpathSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { isSymbolicLink, pathExists, realFolder } from "./config.js";
import { isInsideFolder } from "./discover.js";
import { UsageError } from "./findings.js";
import { writeFileAtomic } from "./write.js";

export interface ConfinedFolder {
  root: string;
  /** The root with its own links resolved: where paths must end up. */
  realRoot: string;
  /** How the folder is named in messages, e.g. `the catalog git:…#catalog`. */
  where: string;
}

/** The folder `root` as a confinement for the paths under it (a root not there yet is its own real path). */
export function confinedFolder(root: string, where: string): ConfinedFolder {
  const resolved = resolve(root);
  return { root: resolved, realRoot: realFolder(resolved), where };
}

/**
 * The first folder on the way from the folder's root down to `path` (itself included) that is a symbolic
 * link leading outside the folder, `/`-separated and relative to the root; undefined when there is none.
 * A folder that is not there yet ends the walk: a write makes it, inside the last one checked.
 */
export function linkOutOf(folder: ConfinedFolder, path: string): string | undefined {
  const parts = relative(folder.root, resolve(path)).split(sep).filter((part) => part !== "");
  let current = folder.root;
  for (const [i, part] of parts.entries()) {
    current = join(current, part);
    if (!pathExists(current)) return undefined;
    if (linksOutside(folder, current)) return parts.slice(0, i + 1).join("/");
  }
  return undefined;
}

/**
 * `relative` (`/`-separated) under the folder, for a write: refused (a one-line UsageError naming the
 * path) when it is outside the folder or a folder on its way is a link that leads outside. The file
 * itself may be a link: a write that replaces the file (temp file + rename) replaces the link, not
 * what it points at; a caller that reads the file first checks it with `linksOutside`.
 */
export function confinedPath(folder: ConfinedFolder, relativePath: string): string {
  const target = resolve(folder.root, ...relativePath.split("/"));
  if (!isInsideFolder(target, folder.root)) throw new UsageError(`Refusing to write ${relativePath}: it is outside ${folder.where}`);
  const link = linkOutOf(folder, dirname(target));
  if (link !== undefined) throw new UsageError(`Refusing to write ${relativePath}: ${link} is a link that leads outside ${folder.where}`);
  return target;
}

/** Writes files (paths relative to the folder) atomically, every path checked before the first is written: a refused one leaves the folder as it was. */
export function writeConfined(folder: ConfinedFolder, files: readonly { path: string; text: string }[]): void {
  const targets = files.map((file) => confinedPath(folder, file.path));
  files.forEach((file, i) => writeFileAtomic(targets[i]!, file.text));
}

/**
 * Whether `file` is a symbolic link leading outside the folder. A link that leads nowhere (or into a
 * loop) cannot be shown to stay inside: it counts as leading out.
 */
export function linksOutside(folder: ConfinedFolder, file: string): boolean {
  if (!isSymbolicLink(file)) return false;
  try {
    return !isInsideFolder(realpathSync(file), folder.realRoot);
  } catch {
    return true;
  }
}
