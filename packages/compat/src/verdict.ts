import semver from "semver";
import { compareSemverText, isSemverText } from "@meshkit/core";
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
  // §11 with exact numbers: the semver library compares a pre-release's numeric identifiers beyond 2^53
  // as doubles (-rc.9007199254740992 and …993 would be one version).
  const order = compareSemverText(head.version, base.version);
  if (order === 0) return "none";
  if (order < 0) return "downgrade";
  const release = `${head.major}.${head.minor}.${head.patch}`;
  return BUMPS.find((bump) => semver.gte(release, semver.inc(base.version, bump)!)) ?? "patch";
}

/**
 * A released base version that is not semver, read as semver reads it loosely (1.0 → 1.0.0, v2 → 2.0.0,
 * 1.3.0-rc.01 → 1.3.0-rc.1), when the head's is semver or missing: a released version cannot be fixed any
 * more, the head can be judged, or (without a version) told which one to add.
 */
function looseBase(baseVersion: unknown, headVersion: unknown): string | undefined {
  return (headVersion === undefined || parseStrict(headVersion)) && typeof baseVersion === "string" ? (semver.valid(semver.coerce(withoutLeadingZeros(baseVersion), { includePrerelease: true })) ?? undefined) : undefined;
}

/**
 * `version` without the leading zeros semver forbids in numbers (§2, §9): semver.coerce reads no number
 * with one, so 01.0.0 is read as 1.0.0 first. A pre-release is kept, its numeric identifiers read the same
 * way (rc.01 is rc.1): without it 1.3.0-rc.01 would be read as the release 1.3.0, and 1.3.0-rc.01 →
 * 1.3.0-rc.2 judged a downgrade. Alphanumeric identifiers may have leading zeros (§9) and stay as written.
 */
function withoutLeadingZeros(version: string): string {
  const [, core = version, preRelease] = /^([^-+]*)(?:-([^+]*))?/.exec(version) ?? [];
  const numbers = core.replace(/(^|[.v])0+(?=\d)/g, "$1");
  if (preRelease === undefined) return numbers;
  return `${numbers}-${preRelease.split(".").map((identifier) => (/^\d+$/.test(identifier) ? identifier.replace(/^0+(?=\d)/, "") : identifier)).join(".")}`;
}

/**
 * What a version change from a 0.x base says to consumers, read as semver's caret range reads it (and as
 * meshkit reads an output port's version): `^0.3.1` takes 0.3.2 but not 0.4.0, so under 0.y.z a new
 * minor version (or 1.0.0) is the **breaking** position and a new patch version carries compatible
 * changes, features included (semver §4: anything may change in 0.x, so 0.x has no other place for
 * them); every 0.0.z is a line of its own, so any bump from it is breaking. Returned as `major` for the
 * breaking position and `minor` for the compatible one; a base of 1.0.0 or more is read as declared.
 */
function consumerBump(base: semver.SemVer, declared: DeclaredBump, head: string): DeclaredBump {
  if (base.major !== 0 || (declared !== "major" && declared !== "minor" && declared !== "patch")) return declared;
  // The range decides, a pre-release base's too: ^0.3.1-rc.1 takes 0.3.1 and 0.3.2 (its line), not 0.4.0.
  return semver.satisfies(head, `^${base.version}`, { includePrerelease: true }) ? "minor" : "major";
}

/**
 * The bump as the verdict judges it: from a base that is not semver, from its loose reading; from a 0.x
 * base, as the caret range reads it (0.3.1 → 0.4.0 is major, 0.3.1 → 0.3.2 minor: see consumerBump).
 */
/**
 * A bump (a version's, as judgedBump reads it, or the changes') in the words of the base's line: under 0.x,
 * where the caret range gives the positions their meaning, "breaking" or "compatible"; else major, minor
 * or patch. `strong` marks the word (`**major**`), for markdown; `noun` ends it (`version bump` in a change's finding).
 */
export function bumpInWords(bump: Bump, baseVersion: unknown, strong = false, noun = "bump"): string {
  const mark = (word: string) => (strong ? `**${word}**` : word);
  if (bump === "none") return `${mark("no")} ${noun}`;
  if (onZeroLine(baseVersion)) return `a ${mark(bump === "major" ? "breaking" : "compatible")} (0.x) ${noun}`;
  return `a ${mark(bump)} ${noun}`;
}

/**
 * The released version the verdict judges the head against: as written when it is semver, else (a head that is
 * semver) its loose reading (1.0 → 1.0.0, `0.1` → 0.1.0, see looseBase); undefined when there is none. Messages and
 * the changelog word bumps by its line, so a `0.1` base reads as 0.x everywhere the verdict reads it so.
 */
export function judgedBaseVersion(baseVersion: unknown, headVersion: unknown): string | undefined {
  return parseStrict(baseVersion) ? (baseVersion as string) : looseBase(baseVersion, headVersion);
}

/**
 * A product's version as semver judges it: without a `v` before a semver version. ODPS does not require
 * semver and its own example writes `version: v1.0.0` (lint only warns there); a contract's version is
 * what releases are tagged by, and stays exactly semver.
 */
export function productSemverText(version: string): string {
  const bare = version.replace(/^v(?=\d)/, "");
  return bare !== version && isSemverVersion(bare) ? bare : version;
}

/** Whether a version is 0.x (semver §4: initial development, read by its caret range). */
export function onZeroLine(version: unknown): boolean {
  return parseStrict(version)?.major === 0;
}

export function judgedBump(baseVersion: unknown, headVersion: unknown): DeclaredBump {
  const declared = declaredBump(baseVersion, headVersion);
  const loose = declared === "invalid" ? looseBase(baseVersion, headVersion) : undefined;
  const from = parseStrict(loose ?? baseVersion);
  const bump = loose ? declaredBump(loose, headVersion) : declared;
  return from ? consumerBump(from, bump, String(headVersion)) : bump;
}

/**
 * The smallest version above `baseVersion` that carries `bump` (2.0.0-rc.1 → 2.0.0 for major, as
 * `semver.inc`). Under 0.x, the position the caret range gives it: a breaking change goes to the first
 * version outside ^base (0.3.1 and 0.3.0-rc.1 → 0.4.0; 0.0.3 → 0.0.4), anything else to the next one
 * inside it (0.3.1 → 0.3.2, 0.3.1-rc.1 → 0.3.1).
 */
export function suggestedVersion(baseVersion: string, bump: Exclude<Bump, "none">): string | undefined {
  const base = parseStrict(baseVersion);
  if (!base) return undefined;
  if (base.major > 0) return semver.inc(base.version, bump) ?? undefined;
  if (bump !== "major") return semver.inc(base.version, "patch") ?? undefined;
  return base.minor > 0 ? `0.${base.minor + 1}.0` : `0.0.${base.patch + 1}`;
}

/**
 * The pre-release to suggest (`candidate`, the head's pre-release moved to the right line), or, when that is
 * not above the base (1.0.0-rc.1 → 1.0.0-rc.1+b2 needs a bump: `1.0.0-rc.1` is the released version itself),
 * the base's next pre-release (1.0.0-rc.2), which stays on the same line.
 */
function preReleaseAbove(baseVersion: string, candidate: string): string {
  return semver.gt(candidate, baseVersion) ? candidate : (semver.inc(baseVersion, "prerelease") ?? candidate);
}

/**
 * How the document writes the versions judged, where that is not how semver writes them: a product's
 * `v1.2.0` (ODPS's own example writes `version: v1.0.0`) is judged as 1.2.0, but its author reads `v1.2.0`,
 * so the verdict shows the versions as written and names the version to make it with the same `v`.
 */
export interface WrittenVersions {
  base?: string;
  head?: string;
  /** Written before every version the verdict suggests (`v`); none by default. */
  prefix?: string;
  /**
   * Whether a `v` before the version is read (a product's, see productSemverText): the message for a
   * version meshkit cannot judge must not forbid the `v` the released version was judged with.
   */
  vAllowed?: boolean;
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
export function judgeVersion(baseVersion: unknown, headVersion: unknown, required: Bump, written: WrittenVersions = {}): Verdict {
  const shownFrom = written.base ?? String(baseVersion);
  const shownTo = written.head ?? String(headVersion);
  const asWritten = (version: string) => `${written.prefix ?? ""}${version}`;
  // ODPS makes a product's version optional ("not required, but highly recommended"): one without a
  // version can still be given one, and one that drops it cannot say its changes to consumers.
  if (headVersion === undefined) {
    // Dropping a released version hides every later change from consumers, even when this one has none.
    if (required === "none" && baseVersion !== undefined) return { severity: "error", message: `The \`version\` (${shownFrom}) was removed: consumers and meshkit can no longer tell releases apart; keep \`version: ${shownFrom}\`.` };
    if (required === "none") return { severity: undefined, message: "No version, and no change that needs one." };
    // A released `0.1` is read as 0.1.0 (looseBase): its next version can still be named, in the words of its line.
    const judged = baseVersion === undefined ? undefined : judgedBaseVersion(baseVersion, headVersion);
    const should = baseVersion === undefined ? "1.0.0" : judged === undefined ? undefined : suggestedVersion(judged, required);
    const readAs = judged !== undefined && judged !== baseVersion ? ` (the released version ${shownFrom} is not semver; read as ${judged})` : "";
    return { severity: "error", message: `There is no \`version\`, so consumers cannot see that it changed: the changes require ${bumpInWords(required, judged ?? baseVersion)}; add \`version: ${should === undefined ? "<a higher version>" : asWritten(should)}\`${readAs}.` };
  }
  if (baseVersion === undefined) return { severity: "info", message: `Versioned from now on, as ${shownTo}: the released side had no version to compare with.` };
  const declared = declaredBump(baseVersion, headVersion);
  const from = String(baseVersion);
  const to = String(headVersion);
  if (declared === "invalid") {
    const loose = looseBase(baseVersion, headVersion);
    if (loose) {
      const verdict = judgeVersion(loose, headVersion, required, { ...written, base: undefined });
      return { ...verdict, message: `The released version ${shownFrom} is not semver; read as ${loose}. ${verdict.message}` };
    }
    const why = [from, to].every(isSemverText)
      ? `a number in them is larger than meshkit compares (${Number.MAX_SAFE_INTEGER}); semver sets no limit, but keep version numbers smaller`
      : `both must be semver 2.0.0 versions (MAJOR.MINOR.PATCH, ${written.vAllowed ? "optionally after a `v`, no" : "no `v` prefix or"} leading zeros)`;
    // Unchanged and nothing to judge: the released version stays what it was. A version changed to one
    // meshkit cannot read is an error even without changes: the next release could not be judged either.
    // A released semver version says what to write: the version the changes need (the released one when none).
    const should = isSemverText(from) && !isSemverText(to) ? (required === "none" ? from : suggestedVersion(from, required)) : undefined;
    const fix = should !== undefined && should !== to ? `; make it ${asWritten(should)}` : "";
    return { severity: required === "none" && from === to ? undefined : "error", message: `Cannot judge the version change ${shownFrom} → ${shownTo}: ${why}. The changes require ${bumpInWords(required, from)}${fix}.` };
  }
  if (declared === "downgrade") {
    // As for a bump too small, the version that carries the changes; with none to carry, the released one kept.
    const suggested = required === "none" ? undefined : suggestedVersion(from, required);
    const fix = required === "none" ? `, or keep ${shownFrom}` : `: make it ${suggested === undefined ? "a higher version" : asWritten(suggested)}`;
    return { severity: "error", message: `The version went down (${shownFrom} → ${shownTo}); a new release needs a higher version${fix}.` };
  }
  const base = parseStrict(from)!;
  const zero = base.major === 0;
  const unstable = zero || base.prerelease.length > 0;
  // Under 0.x the caret range decides what a bump says (consumerBump): 0.3.1 → 0.4.0 carries a breaking change.
  const position = consumerBump(base, declared, to) as Bump; // "invalid" and "downgrade" are handled above
  // What the bump says, in the words of the line it is in: under 0.x, breaking or compatible (as the JSON's declaredBump, major or minor).
  const said = declared === "none" ? "no bump" : zero ? bumpInWords(position, from) : `a ${declared} bump`;
  // 0.x has one position for every compatible change (the next patch; none at all under 0.0.z): it carries a patch-level change exactly.
  const exact = zero && required !== "none" && compareBumps(position, required) > 0 && (base.minor === 0 || position === "minor");
  const cmp = exact ? 0 : compareBumps(position, required);
  const zeroNote = zero ? ` (under 0.x the caret range ^${base.version} ${base.minor > 0 ? `takes every 0.${base.minor}.z, so a breaking change goes to the next minor version, compatible ones to the next patch` : "takes no other version, so every bump is a new line"})` : "";
  if (cmp < 0) {
    const should = required === "none" ? undefined : suggestedVersion(from, required);
    const stable = zero && required === "major" && should !== "1.0.0" ? ` (or ${asWritten("1.0.0")}, to declare it stable)` : "";
    // A pre-release declared on the wrong line (1.2.3 → 1.3.0-rc.1 for a breaking change) moves to the right line's pre-release.
    const headPrerelease = parseStrict(to)?.prerelease ?? [];
    const preRelease = should && headPrerelease.length > 0 ? ` (or a pre-release of it, as ${asWritten(preReleaseAbove(from, `${should}-${headPrerelease.join(".")}`))})` : "";
    // Under 0.x in the line's own words, as `said` is (a minor change there is a compatible bump).
    const need = zero && required !== "none" ? bumpInWords(required, from) : `a ${required} version bump`;
    const text = `The changes require ${need}, but ${shownFrom} → ${shownTo} is ${said}; make it ${should === undefined ? "a higher version" : asWritten(should)}${stable}${preRelease}.`;
    if (declared === "none") return { severity: "error", message: `${text} A released version must not change (semver §3).` };
    // Only a breaking change breaks consumers; a feature released as a patch (1.2.4-rc.1 → 1.2.4) breaks no one,
    // but its version does not tell them there is something new.
    const cost = required === "major" ? "consumers still break" : "the version does not tell consumers about the new features";
    if (unstable) return { severity: "warning", message: `${text}${zeroNote} (${shownFrom} is a 0.x or pre-release version: semver allows anything, but ${cost}.)` };
    return { severity: "error", message: text };
  }
  if (cmp > 0) {
    // Under 0.x in the line's own words, as `said` is: "a breaking (0.x) bump; the changes need only a compatible (0.x) bump".
    const need = required === "none" ? "no bump" : `only ${zero ? bumpInWords(required, from) : `a ${required} bump`}`;
    // 2.0.0-rc.1 → 2.0.0 (or → 2.0.0-rc.2) is how a pre-release is released, not a bigger bump than needed.
    const line = `${base.major}.${base.minor}.${base.patch}`;
    const head = parseStrict(to)!;
    if (base.prerelease.length > 0 && `${head.major}.${head.minor}.${head.patch}` === line) {
      return { severity: undefined, message: `${shownFrom} → ${shownTo} stays on the line of ${line} (${said} over the release before it); the changes need ${need}.` };
    }
    return { severity: "info", message: `${shownFrom} → ${shownTo} is ${said}; the changes need ${need}.` };
  }
  return { severity: undefined, message: `${shownFrom} → ${shownTo} matches the ${required} changes${zero && required !== "none" ? zeroNote : ""}.` };
}
