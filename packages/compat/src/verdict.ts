import semver from "semver";
import { type Bump, compareBumps } from "./kinds.js";

/** What the version change between base and head says. */
export type DeclaredBump = Bump | "downgrade" | "invalid";

const BUMPS = ["major", "minor", "patch"] as const;

/**
 * A version string that is exactly a semver 2.0.0 version. `semver.parse` also takes a `v` prefix and
 * surrounding spaces, which semver.org does not ("Is v1.2.3 a semantic version? No."); leading zeros
 * it already rejects (§2, §9).
 */
function parseStrict(version: unknown): semver.SemVer | undefined {
  if (typeof version !== "string") return undefined;
  const parsed = semver.parse(version);
  if (!parsed) return undefined;
  const exact = parsed.build.length > 0 ? `${parsed.version}+${parsed.build.join(".")}` : parsed.version;
  return exact === version ? parsed : undefined;
}

/** The regular expression semver.org suggests for a semver 2.0.0 version (any size of number). */
const SEMVER_2_0_0 =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Whether `version` is exactly a semver 2.0.0 version (no `v`, no spaces, no leading zeros). */
export function isSemverVersion(version: unknown): boolean {
  return parseStrict(version) !== undefined;
}

/**
 * The bump a version change declares: the largest one whose smallest version (`semver.inc`) the head
 * reaches. From a pre-release that is the bump of its line: 2.0.0-rc.1 → 2.0.0 (and → 2.0.0-rc.2) is
 * major, 1.3.0-rc.1 → 1.3.0 minor, 1.2.4-rc.1 → 1.2.4 patch. A pre-release head declares the bump of
 * its normal version (1.2.3 → 2.0.0-rc.1 is major). Build metadata does not count (semver §10).
 */
export function declaredBump(baseVersion: unknown, headVersion: unknown): DeclaredBump {
  const base = parseStrict(baseVersion);
  const head = parseStrict(headVersion);
  if (!base || !head) return "invalid";
  const order = semver.compare(head, base);
  if (order === 0) return "none";
  if (order < 0) return "downgrade";
  const release = `${head.major}.${head.minor}.${head.patch}`;
  return BUMPS.find((bump) => semver.gte(release, semver.inc(base.version, bump)!)) ?? "patch";
}

/**
 * A released base version that is not semver, read as semver reads it loosely (1.0 → 1.0.0, v2 → 2.0.0),
 * when the head's is semver: a released version cannot be fixed any more, the head can be judged.
 */
function looseBase(baseVersion: unknown, headVersion: unknown): string | undefined {
  return parseStrict(headVersion) && typeof baseVersion === "string" ? (semver.valid(semver.coerce(baseVersion)) ?? undefined) : undefined;
}

/** The bump as the verdict judges it: from a base that is not semver, from its loose reading. */
export function judgedBump(baseVersion: unknown, headVersion: unknown): DeclaredBump {
  const declared = declaredBump(baseVersion, headVersion);
  const loose = declared === "invalid" ? looseBase(baseVersion, headVersion) : undefined;
  return loose ? declaredBump(loose, headVersion) : declared;
}

/** The smallest version above `baseVersion` that carries `bump` (2.0.0-rc.1 → 2.0.0 for major, as `semver.inc`). */
export function suggestedVersion(baseVersion: string, bump: Exclude<Bump, "none">): string | undefined {
  const base = parseStrict(baseVersion);
  return base ? (semver.inc(base.version, bump) ?? undefined) : undefined;
}

export interface Verdict {
  severity: "error" | "warning" | "info" | undefined;
  message: string;
}

/**
 * Compares the bump the changes require with the one the version declares. An under-declared
 * breaking or feature change is an error naming the version it should be; under 0.x or from a
 * pre-release (semver §4, §9: anything may change) it is a warning; a bigger bump than needed is info.
 * Any change released under the same version is an error whatever the version (semver §3: "Once a
 * versioned package has been released, the contents of that version MUST NOT be modified").
 */
export function judgeVersion(baseVersion: unknown, headVersion: unknown, required: Bump): Verdict {
  // ODPS makes a product's version optional ("not required, but highly recommended"): one without a
  // version can still be given one, and one that drops it cannot say its changes to consumers.
  if (headVersion === undefined) {
    if (required === "none") return { severity: undefined, message: "No version, and no change that needs one." };
    const should = baseVersion === undefined ? "1.0.0" : suggestedVersion(String(baseVersion), required);
    return { severity: "error", message: `There is no \`version\`, so consumers cannot see that it changed: the changes require a ${required} bump; add \`version: ${should ?? "<a higher version>"}\`.` };
  }
  if (baseVersion === undefined) return { severity: "info", message: `Versioned from now on, as ${String(headVersion)}: the released side had no version to compare with.` };
  const declared = declaredBump(baseVersion, headVersion);
  const from = String(baseVersion);
  const to = String(headVersion);
  if (declared === "invalid") {
    const loose = looseBase(baseVersion, headVersion);
    if (loose) {
      const verdict = judgeVersion(loose, headVersion, required);
      return { ...verdict, message: `The released version ${from} is not semver; read as ${loose}. ${verdict.message}` };
    }
    const why = [from, to].every((v) => SEMVER_2_0_0.test(v))
      ? `a number in them is larger than meshkit compares (${Number.MAX_SAFE_INTEGER}); semver sets no limit, but keep version numbers smaller`
      : "both must be semver 2.0.0 versions (MAJOR.MINOR.PATCH, no `v` prefix or leading zeros)";
    return { severity: required === "none" ? undefined : "error", message: `Cannot judge the version change ${from} → ${to}: ${why}. The changes require a ${required} bump.` };
  }
  if (declared === "downgrade") return { severity: "error", message: `The version went down (${from} → ${to}); a new release needs a higher version.` };
  const unstable = semver.major(from) === 0 || semver.prerelease(from) !== null;
  const cmp = compareBumps(declared, required);
  if (cmp < 0) {
    const should = required === "none" ? undefined : suggestedVersion(from, required);
    const text = `The changes require a ${required} version bump, but ${from} → ${to} is ${declared === "none" ? "no bump" : `a ${declared} bump`}; make it ${should ?? "a higher version"}.`;
    if (declared === "none") return { severity: "error", message: `${text} A released version must not change (semver §3).` };
    if (unstable) return { severity: "warning", message: `${text} (${from} is a 0.x or pre-release version: semver allows anything, but consumers still break.)` };
    return { severity: "error", message: text };
  }
  if (cmp > 0) return { severity: "info", message: `${from} → ${to} is a ${declared} bump; the changes need ${required === "none" ? "no bump" : `only a ${required} bump`}.` };
  return { severity: undefined, message: `${from} → ${to} matches the ${required} changes.` };
}
