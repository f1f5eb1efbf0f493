/**
 * Folders meshkit writes into whose content others control: a catalog branch (anyone who can push
 * to it), a shared catalog folder, a Backstage directory, a site folder. A symbolic link in one of
 * them (`products/<id> -> /elsewhere`) must not carry a write, or a read, to files outside: every
 * path under the folder is checked from its root down before it is used. A link that stays inside
 * the folder is harmless and followed.
 */
import { existsSync, lstatSync, realpathSync } from "node:fs";
import path from "node:path";
import { UsageError, writeFileAtomic } from "@meshkit/core";

export interface ConfinedFolder {
  root: string;
  /** The root with its own links resolved: where paths must end up. */
  realRoot: string;
  /** How the folder is named in messages, e.g. `the catalog git:…#catalog`. */
  where: string;
}

/** The folder `root` (which must exist) as a confinement for the paths under it. */
export function confinedFolder(root: string, where: string): ConfinedFolder {
  const resolved = path.resolve(root);
  return { root: resolved, realRoot: realpathSync(resolved), where };
}

/**
 * `relative` (`/`-separated) under the folder, for a write: refused (a one-line UsageError naming the
 * path) when it is outside the folder or a folder on its way is a link that leads outside. The file
 * itself may be a link: a write that replaces the file (temp file + rename) replaces the link, not
 * what it points at; a caller that reads the file first checks it with `linksOutside`.
 */
export function confinedPath(folder: ConfinedFolder, relative: string): string {
  const target = path.resolve(folder.root, ...relative.split("/"));
  if (!isInside(folder.root, target)) throw new UsageError(`Refusing to write ${relative}: it is outside ${folder.where}`);
  const parts = path.relative(folder.root, path.dirname(target)).split(path.sep).filter((p) => p !== "");
  let current = folder.root;
  for (const [i, part] of parts.entries()) {
    current = path.join(current, part);
    // A folder that is not there yet is created by the write, inside the last one checked.
    if (!isPresent(current)) break;
    if (linksOutside(folder, current)) throw new UsageError(`Refusing to write ${relative}: ${parts.slice(0, i + 1).join("/")} is a link that leads outside ${folder.where}`);
  }
  return target;
}

/** Writes files (paths relative to the folder) atomically, every path checked before the first is written: a refused one leaves the folder as it was. */
export function writeConfined(folder: ConfinedFolder, files: readonly { path: string; text: string }[]): void {
  const targets = files.map((file) => confinedPath(folder, file.path));
  files.forEach((file, i) => writeFileAtomic(targets[i]!, file.text));
}

/**
 * Whether `file` (a path under the folder whose parent is inside it) is a symbolic link leading
 * outside the folder. A link that leads nowhere (or into a loop) cannot be shown to stay inside: it counts as leading out.
 */
export function linksOutside(folder: ConfinedFolder, file: string): boolean {
  if (!isLink(file)) return false;
  try {
    return !isInside(folder.realRoot, realpathSync(file));
  } catch {
    return true;
  }
}

function isInside(base: string, candidate: string): boolean {
  const rel = path.relative(base, candidate);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Present as a file, folder or link (a link that leads nowhere included). */
function isPresent(file: string): boolean {
  return existsSync(file) || isLink(file);
}
