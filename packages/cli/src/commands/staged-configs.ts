import { posix } from "node:path";
import { CONFIG_FILE_NAMES } from "@meshkit/core";

/**
 * The config file of each folder that has one among `files` (paths relative to the top level, `/`-separated,
 * as git lists them: the index, or a commit's tree), by folder ("." for the top level): the first of
 * CONFIG_FILE_NAMES there, as `configFileIn` picks one on disk.
 */
export function configFilesByFolder(files: Iterable<string>): Map<string, string> {
  const byFolder = new Map<string, string>();
  const rank = (file: string) => CONFIG_FILE_NAMES.indexOf(posix.basename(file));
  for (const file of files) {
    if (rank(file) === -1) continue;
    const folder = posix.dirname(file);
    const current = byFolder.get(folder);
    if (current === undefined || rank(file) < rank(current)) byFolder.set(folder, file);
  }
  return byFolder;
}

/**
 * Paths grouped by the config file that governs each: the nearest one from the path's folder upwards,
 * stopping at the top level — the one `meshkit lint` run in that folder would use, among the configs
 * `configs` holds (configFilesByFolder: those of the index, not the working tree, for the pre-commit
 * hook). `undefined` groups the paths no config governs (the defaults). Groups come in the order of their
 * first path.
 */
export function pathsByConfig(paths: readonly string[], configs: ReadonlyMap<string, string>): Map<string | undefined, string[]> {
  const governing = governingConfig(configs);
  const groups = new Map<string | undefined, string[]>();
  for (const path of paths) {
    const file = governing(path);
    const group = groups.get(file);
    if (group) group.push(path);
    else groups.set(file, [path]);
  }
  return groups;
}

/** The config file (of `configs`, by folder) that governs a path: the nearest from its folder upwards; undefined for none. */
export function governingConfig(configs: ReadonlyMap<string, string>): (path: string) => string | undefined {
  const nearest = new Map<string, string | undefined>();
  const inFolder = (folder: string): string | undefined => {
    if (nearest.has(folder)) return nearest.get(folder);
    const found = configs.get(folder) ?? (folder === "." || folder === "/" ? undefined : inFolder(posix.dirname(folder)));
    nearest.set(folder, found);
    return found;
  };
  return (path) => inFolder(posix.dirname(path));
}
