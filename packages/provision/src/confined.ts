/**
 * The folders provision writes into under a project — the plan folder (`.meshkit/provision/<target>`),
 * the local warehouse's folder — are in a repository whose content anyone who opens a pull request
 * controls: a committed symbolic link (`.meshkit -> /elsewhere`) must not carry a write out of the
 * project (core's confined folders, which the catalog's folders use too). A folder the user named
 * outside the project (`--out /tmp/plans`) is theirs.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError, confinedFolder, isInsideFolder, linkOutOf, linksOutside } from "@meshkit/core";

/**
 * Refuses (one line, exit 2) `folder` when it is inside `root` and a folder on its way from `root`
 * down, itself included, is a link that leads outside `root`. `what` names the folder in the message.
 */
export function refuseLinksOutOfProject(root: string, folder: string, what: string): void {
  const project = confinedFolder(root, "the project");
  const target = resolve(folder);
  if (!isInsideFolder(target, project.root)) return;
  const link = linkOutOf(project, target);
  if (link !== undefined) throw new UsageError(`Refusing to write ${what} ${target}: ${link} is a symbolic link that leads outside the project ${project.root}`);
}

/**
 * Refuses (one line, exit 2) a link directly in `folder` that leads outside `root` (or outside the
 * folder itself when the folder is outside `root`). meshkit replaces a link where it writes a file,
 * but terraform writes through one: a committed `meshkit.tfplan -> ~/.bashrc` or `.terraform -> /elsewhere`
 * would have terraform overwrite a file outside.
 */
export function refuseLinksOutOfFolder(root: string, folder: string, what: string): void {
  const dir = resolve(folder);
  const bound = confinedFolder(isInsideFolder(dir, resolve(root)) ? root : dir, "");
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return; // not made yet: nothing in it
  }
  const outside = names.filter((name) => linksOutside(bound, join(dir, name)));
  if (outside.length > 0) throw new UsageError(`Refusing to use ${what} ${dir}: ${outside.join(", ")} ${outside.length === 1 ? "is a symbolic link that leads" : "are symbolic links that lead"} outside ${bound.root}`);
}
