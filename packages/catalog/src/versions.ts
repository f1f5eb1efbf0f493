import semver from "semver";
import { SEMVER_2_0_0, compareSemverText, isSemverText } from "@meshkit/core";
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
  // Exact precedence first, as compareVersions orders them: semver.eq compares a pre-release's numeric
  // identifiers as doubles, so 1.0.0-rc.9007199254740992 would take the place of 1.0.0-rc.9007199254740993.
  const own = semverOf(version);
  if (own) {
    return published.find((v) => {
      const other = semverOf(v);
      return other !== null && compareSemverText(other[0], own[0]) === 0;
    });
  }
  if (semver.valid(version) === null) return undefined;
  return published.find((v) => semver.valid(v) !== null && semver.eq(v, version));
}

/** The version's semver form (a written `v` aside), or undefined for one that is not semver (`""`, `draft`, `1.0`). */
function semverOf(version: string): RegExpExecArray | null {
  return SEMVER_2_0_0.exec(version.replace(/^v(?=\d)/, ""));
}

/**
 * The latest of versions sorted oldest first: the newest release, as npm's `latest` is, so a published
 * 2.0.0-rc.1 does not take the place of 1.4.0 on the site and in search; else the newest pre-release; and
 * only when no version is semver, the newest of them (an unversioned entry, a `draft`).
 */
export function latestOf<T>(sorted: readonly T[], versionOf: (item: T) => string): T | undefined {
  const semver = (item: T) => semverOf(versionOf(item));
  return sorted.findLast((item) => semver(item) !== null && semver(item)![4] === undefined) ?? sorted.findLast((item) => semver(item) !== null) ?? sorted.at(-1);
}

/**
 * `items` with the versions of each product (the items of one `idOf`) in the places they hold among them, rearranged by
 * `arrange` (given them in input order); other items keep their places. What a publication of several versions of one
 * product in one run makes of the catalog must not depend on the order their files were found in.
 */
export function arrangeVersions<T>(items: readonly T[], idOf: (item: T) => string, arrange: (versions: readonly T[]) => T[]): T[] {
  const versions = new Map<string, T[]>();
  for (const item of items) {
    const list = versions.get(idOf(item));
    if (list) list.push(item);
    else versions.set(idOf(item), [item]);
  }
  const arranged = new Map([...versions].map(([id, list]) => [id, arrange(list)]));
  const taken = new Map<string, number>();
  return items.map((item) => {
    const at = taken.get(idOf(item)) ?? 0;
    taken.set(idOf(item), at + 1);
    return arranged.get(idOf(item))![at]!;
  });
}
