import semver from "semver";
import { compareText } from "./stable-json.js";

/** Orders versions: semver order when both are valid semver (a valid one sorts after one that is not), else text order. */
export function compareVersions(a: string, b: string): number {
  const va = semver.valid(a);
  const vb = semver.valid(b);
  if (va && vb) return semver.compareBuild(va, vb) || compareText(a, b);
  if (va) return 1;
  if (vb) return -1;
  return compareText(a, b);
}
