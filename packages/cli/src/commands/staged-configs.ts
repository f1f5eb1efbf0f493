import { join, posix } from "node:path";
import { configFileIn } from "@meshkit/core";

/**
 * Staged paths (relative to the top level, `/`-separated, as git lists them) grouped by the config file
 * that governs each: the nearest one from the path's folder upwards, stopping at the top level — the
 * one `meshkit lint` run in that folder would use. `undefined` groups the paths no config governs (the
 * defaults). Groups come in the order of their first path; each folder is looked at once, however many
 * staged paths share it or its ancestors (a few `stat` calls per folder, no git process).
 */
export function stagedPathsByConfig(top: string, paths: readonly string[]): Map<string | undefined, string[]> {
  const nearest = new Map<string, string | undefined>();
  const governing = (folder: string): string | undefined => {
    if (nearest.has(folder)) return nearest.get(folder);
    // A staged path's folder may be gone from the working tree (added, then deleted): its parents still count.
    const found = configFileIn(join(top, folder)) ?? (folder === "." ? undefined : governing(posix.dirname(folder)));
    nearest.set(folder, found);
    return found;
  };
  const groups = new Map<string | undefined, string[]>();
  for (const path of paths) {
    const file = governing(posix.dirname(path));
    const group = groups.get(file);
    if (group) group.push(path);
    else groups.set(file, [path]);
  }
  return groups;
}
