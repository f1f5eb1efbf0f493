/**
 * The folders provision writes into under a project — the plan folder (`.meshkit/provision/<target>`),
 * the local warehouse's folder — are in a repository whose content anyone who opens a pull request
 * controls. A committed symbolic link (`.meshkit -> /elsewhere`) must not carry a write out of the
 * project: every folder on the way is checked before the first write. A link that stays inside the
 * project is harmless. A folder the user named outside the project (`--out /tmp/plans`) is theirs.
 * (The catalog has the same rule for its folders, in @meshkit/catalog's confined.ts.)
 */
import { readdirSync, realpathSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { UsageError, isInsideFolder, isSymbolicLink, pathExists, realFolder } from "@meshkit/core";

/**
 * Refuses (one line, exit 2) `folder` when it is inside `root` and a folder on its way from `root`
 * down, itself included, is a link that leads outside `root`. `what` names the folder in the message.
 */
export function refuseLinksOutOfProject(root: string, folder: string, what: string): void {
  const top = resolve(root);
  const target = resolve(folder);
  if (!isInsideFolder(target, top)) return;
  const realTop = realFolder(top);
  let current = top;
  for (const part of relative(top, target).split(sep).filter((p) => p !== "")) {
    current = join(current, part);
    if (!isSymbolicLink(current)) {
      // A folder that is not there yet is made by the write, inside the last one checked.
      if (!pathExists(current)) return;
      continue;
    }
    if (leadsOutside(current, realTop)) throw new UsageError(`Refusing to write ${what} ${target}: ${relative(top, current)} is a symbolic link that leads outside the project ${top}`);
  }
}

/**
 * Refuses (one line, exit 2) a link directly in `folder` that leads outside `root` (or outside the
 * folder itself when the folder is outside `root`). meshkit replaces a link where it writes a file,
 * but terraform writes through one: a committed `meshkit.tfplan -> ~/.bashrc` or `.terraform -> /elsewhere`
 * would have terraform overwrite a file outside.
 */
export function refuseLinksOutOfFolder(root: string, folder: string, what: string): void {
  const dir = resolve(folder);
  const bound = isInsideFolder(dir, resolve(root)) ? resolve(root) : dir;
  const realBound = realFolder(bound);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return; // not made yet: nothing in it
  }
  const outside = names.filter((name) => isSymbolicLink(join(dir, name)) && leadsOutside(join(dir, name), realBound));
  if (outside.length > 0) throw new UsageError(`Refusing to use ${what} ${dir}: ${outside.join(", ")} ${outside.length === 1 ? "is a symbolic link that leads" : "are symbolic links that lead"} outside ${bound}`);
}

/** A link that leads nowhere (or into a loop) cannot be shown to stay inside: it counts as leading out. */
function leadsOutside(link: string, realBound: string): boolean {
  try {
    return !isInsideFolder(realpathSync(link), realBound);
  } catch {
    return true;
  }
}
