import semver from "semver";
import { type Bump, compareBumps } from "./kinds.js";

/** What the version change between base and head says. */
export type DeclaredBump = Bump | "downgrade" | "invalid";

export function declaredBump(baseVersion: unknown, headVersion: unknown): DeclaredBump {
  if (typeof baseVersion !== "string" || typeof headVersion !== "string") return "invalid";
  const base = semver.parse(baseVersion);
  const head = semver.parse(headVersion);
  if (!base || !head) return "invalid";
  const order = semver.compare(head, base);
  if (order === 0) return "none";
  if (order < 0) return "downgrade";
  if (head.major !== base.major) return "major";
  if (head.minor !== base.minor) return "minor";
  // 1.2.3-rc.1 → 1.2.3 and 1.2.3 → 1.2.4 are both patch-level releases.
  return "patch";
}

/** The smallest version above `baseVersion` that carries `bump`. */
export function suggestedVersion(baseVersion: string, bump: Exclude<Bump, "none">): string | undefined {
  const base = semver.parse(baseVersion);
  if (!base) return undefined;
  // A pre-release of the next version already counts: 2.0.0-rc.1 → 2.0.0 is the major release.
  return semver.inc(base.prerelease.length > 0 ? `${base.major}.${base.minor}.${base.patch}` : base.version, bump) ?? undefined;
}

export interface Verdict {
  severity: "error" | "warning" | "info" | undefined;
  message: string;
}

/**
 * Compares the bump the changes require with the one the version declares. An under-declared
 * breaking or feature change is an error naming the version it should be; under 0.x (semver: anything
 * may change) it is a warning; a bigger bump than needed is info.
 */
export function judgeVersion(baseVersion: unknown, headVersion: unknown, required: Bump): Verdict {
  const declared = declaredBump(baseVersion, headVersion);
  const from = String(baseVersion);
  const to = String(headVersion);
  if (declared === "invalid") {
    return { severity: required === "none" ? undefined : "error", message: `Cannot judge the version change ${from} → ${to}: both must be semver. The changes require a ${required} bump.` };
  }
  if (declared === "downgrade") return { severity: "error", message: `The version went down (${from} → ${to}); a new release needs a higher version.` };
  const unstable = semver.major(from) === 0 || semver.prerelease(from) !== null;
  const cmp = compareBumps(declared, required);
  if (cmp < 0) {
    const should = required === "none" ? undefined : suggestedVersion(from, required);
    const text = `The changes require a ${required} version bump, but ${from} → ${to} is ${declared === "none" ? "no bump" : `a ${declared} bump`}; make it ${should ?? "a higher version"}.`;
    if (unstable) return { severity: "warning", message: `${text} (${from} is a 0.x or pre-release version: semver allows anything, but consumers still break.)` };
    return { severity: required === "patch" ? "warning" : "error", message: text };
  }
  if (cmp > 0) return { severity: "info", message: `${from} → ${to} is a ${declared} bump; the changes need only ${required === "none" ? "no bump" : `a ${required} bump`}.` };
  return { severity: undefined, message: `${from} → ${to} matches the ${required} changes.` };
}
