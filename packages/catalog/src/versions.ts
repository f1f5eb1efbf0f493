import semver from "semver";
import { compareSemverText, isSemverText } from "@meshkit/core";
import { compareText } from "./stable-json.js";

/** Orders versions: semver order when both are valid semver (a valid one sorts after one that is not), else text order. */
export function compareVersions(a: string, b: string): number {
  // semver.org's grammar first: numbers of any size (node-semver refuses those beyond 2^53); a written `v` aside.
  const [sa, sb] = [a.replace(/^v(?=\d)/, ""), b.replace(/^v(?=\d)/, "")];
  if (isSemverText(sa) && isSemverText(sb)) return compareSemverText(sa, sb) || compareText(a, b);
  const va = semver.valid(a);
  const vb = semver.valid(b);
  if (va && vb) return semver.compareBuild(va, vb) || compareText(a, b);
  if (va) return 1;
  if (vb) return -1;
  return compareText(a, b);
}

/**
 * The version of `published` that `version` is under semver: the same version, or one that differs in
 * build metadata only (`1.0.0` and `1.0.0+b2`: semver §10 ignores it in precedence). Undefined when none is.
 */
export function sameVersionAs(published: readonly string[], version: string): string | undefined {
  if (published.includes(version)) return version;
  if (semver.valid(version) === null) return undefined;
  return published.find((v) => semver.valid(v) !== null && semver.eq(v, version));
}
