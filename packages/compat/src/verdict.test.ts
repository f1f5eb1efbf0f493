import { describe, expect, it } from "vitest";
import { declaredBump, judgeVersion, judgedBump, suggestedVersion } from "./verdict.js";

describe("declaredBump", () => {
  it.each([
    ["1.2.3", "2.0.0", "major"],
    ["1.2.3", "1.3.0", "minor"],
    ["1.2.3", "1.2.4", "patch"],
    ["1.2.3", "1.2.3", "none"],
    ["1.2.3", "1.2.2", "downgrade"],
    // A pre-release base: the release of its line carries that line's bump (semver §9, as `semver.inc` reads it).
    ["2.0.0-rc.1", "2.0.0", "major"],
    ["1.3.0-rc.1", "1.3.0", "minor"],
    ["1.2.4-rc.1", "1.2.4", "patch"],
    ["2.0.0-rc.1", "2.0.0-rc.2", "major"],
    ["1.2.4-rc.1", "1.3.0", "minor"],
    ["1.0.0-alpha", "1.0.0-alpha.1", "major"],
    ["1.0.0-alpha.1", "1.0.0-beta", "major"],
    ["1.0.0-beta", "1.0.0-alpha", "downgrade"],
    ["1.0.0", "1.0.0-rc.1", "downgrade"],
    // A pre-release head announces the bump of its normal version.
    ["1.2.3", "2.0.0-rc.1", "major"],
    ["1.2.3", "1.2.4-rc.1", "patch"],
    // Build metadata does not count in precedence (semver §10).
    ["1.2.3+build.1", "1.2.3+build.2", "none"],
    ["1.2.3", "1.2.3+build.1", "none"],
    ["1.2.3", "one", "invalid"],
    // Not semver 2.0.0: a `v` prefix (semver FAQ), leading zeros (§2, §9), a missing part, spaces.
    ["1.2.3", "v1.3.0", "invalid"],
    ["v1.2.3", "1.3.0", "invalid"],
    ["1.2.3", "1.03.0", "invalid"],
    ["1.2.3", "1.3.0-01", "invalid"],
    ["1.2", "1.3", "invalid"],
    ["1.2.3", " 1.3.0", "invalid"],
  ])("%s → %s is %s", (a, b, bump) => expect(declaredBump(a, b)).toBe(bump));
});

describe("judgeVersion", () => {
  it("says a semver version with a number too large to compare is that, not an invalid version", () => {
    expect(judgeVersion("9007199254740993.0.0", "9007199254740994.0.0", "major")).toEqual({ severity: "error", message: expect.stringContaining("a number in them is larger than meshkit compares (9007199254740991); semver sets no limit") });
    expect(judgeVersion("1.4.2", "1.4.99999999999999999999", "patch").message).toContain("larger than meshkit compares");
    expect(judgeVersion("1.4", "1.5.0-", "patch").message).toContain("both must be semver 2.0.0 versions");
  });
  it("says which version to write when only the head's cannot be read", () => {
    expect(judgeVersion("1.2.0", "v1.3.0", "minor").message).toBe(
      "Cannot judge the version change 1.2.0 → v1.3.0: both must be semver 2.0.0 versions (MAJOR.MINOR.PATCH, no `v` prefix or leading zeros). The changes require a minor bump; make it 1.3.0.",
    );
    expect(judgeVersion("1.2.0", "v1.2.0", "none").message).toMatch(/require no bump; make it 1\.2\.0\.$/);
    expect(judgeVersion("0.3.1", "0.4", "major").message).toMatch(/; make it 0\.4\.0\.$/);
    expect(judgeVersion("1.4", "1.5.0-", "patch").message).not.toContain("make it");
  });
  it("fails a version changed to one it cannot read, or removed, even when nothing else changed; an unchanged one is left alone", () => {
    for (const head of ["banana", "2", "1.0"]) expect(judgeVersion("1.0.0", head, "none"), head).toEqual({ severity: "error", message: expect.stringContaining("both must be semver 2.0.0 versions") });
    expect(judgeVersion("1.0.0", undefined, "none")).toEqual({ severity: "error", message: expect.stringContaining("The `version` (1.0.0) was removed") });
    expect(judgeVersion("draft", "draft", "none").severity).toBeUndefined();
    expect(judgeVersion(undefined, undefined, "none").severity).toBeUndefined();
  });
  it("names the version to write when the version went down, as for a bump too small", () => {
    expect(judgeVersion("1.2.3", "1.2.2", "major")).toEqual({ severity: "error", message: "The version went down (1.2.3 → 1.2.2); a new release needs a higher version: make it 2.0.0." });
    expect(judgeVersion("1.0.0", "1.0.0-rc.1", "minor").message).toMatch(/: make it 1\.1\.0\.$/);
    expect(judgeVersion("0.3.1", "0.3.0", "major").message).toMatch(/: make it 0\.4\.0\.$/);
    expect(judgeVersion("1.2.3", "1.2.2", "none").message).toBe("The version went down (1.2.3 → 1.2.2); a new release needs a higher version, or keep 1.2.3.");
  });
  it("fails a breaking change with a minor bump and names the version it should be", () => {
    expect(judgeVersion("1.4.2", "1.5.0", "major")).toEqual({ severity: "error", message: expect.stringContaining("make it 2.0.0") });
  });
  it("fails a feature with only a patch bump", () => {
    expect(judgeVersion("1.4.2", "1.4.3", "minor")).toMatchObject({ severity: "error", message: expect.stringContaining("1.5.0") });
  });
  it("fails any change released under the same version (semver §3: a released version MUST NOT be modified)", () => {
    expect(judgeVersion("1.4.2", "1.4.2", "patch")).toMatchObject({ severity: "error", message: expect.stringContaining("1.4.3") });
    expect(judgeVersion("0.4.2", "0.4.2", "patch").severity).toBe("error");
    expect(judgeVersion("1.4.2-rc.1", "1.4.2-rc.1", "minor").severity).toBe("error");
    expect(judgeVersion("1.4.2+b.1", "1.4.2+b.2", "patch").severity).toBe("error");
  });
  it("accepts the release of a pre-release line as that line's bump", () => {
    expect(judgeVersion("2.0.0-rc.1", "2.0.0", "major").severity).toBeUndefined();
    expect(judgeVersion("1.0.0-rc.1", "1.0.0", "major").severity).toBeUndefined();
    expect(judgeVersion("1.3.0-rc.1", "1.3.0", "major")).toMatchObject({ severity: "warning", message: expect.stringContaining("make it 2.0.0") });
    // Releasing a candidate with fewer changes than its line's bump is the normal flow, not an over-declared bump.
    expect(judgeVersion("2.0.0-rc.1", "2.0.0", "none")).toEqual({ severity: undefined, message: "2.0.0-rc.1 → 2.0.0 stays on the line of 2.0.0 (a major bump over the release before it); the changes need no bump." });
    expect(judgeVersion("1.3.0-rc.1", "1.3.0-rc.2", "patch").severity).toBeUndefined();
    expect(judgeVersion("2.0.0-rc.1", "2.1.0", "none")).toMatchObject({ severity: "info", message: "2.0.0-rc.1 → 2.1.0 is a major bump; the changes need no bump." });
  });
  it("fails a pre-release head that falls short after a stable base: its release could not be held to that base without tags", () => {
    expect(judgeVersion("1.2.3", "1.3.0-rc.1", "major")).toMatchObject({ severity: "error", message: expect.stringContaining("make it 2.0.0 (or a pre-release of it, as 2.0.0-rc.1).") });
    expect(judgeVersion("1.2.3", "2.0.0-rc.1", "major").severity).toBeUndefined();
  });
  it("rejects a `v` prefix: v1.2.3 is not a semantic version", () => {
    expect(judgeVersion("1.4.2", "v1.5.0", "minor")).toMatchObject({ severity: "error", message: expect.stringContaining("v1.5.0") });
  });
  it("passes an exact bump and informs about a bigger one", () => {
    expect(judgeVersion("1.4.2", "2.0.0", "major").severity).toBeUndefined();
    expect(judgeVersion("1.4.2", "2.0.0", "minor").severity).toBe("info");
    expect(judgeVersion("1.4.2", "1.4.2", "none").severity).toBeUndefined();
  });
  it("only warns under 0.x, where semver allows anything", () => {
    expect(judgeVersion("0.3.2", "0.3.3", "major")).toMatchObject({ severity: "warning", message: expect.stringContaining("make it 0.4.0 (or 1.0.0, to declare it stable)") });
  });
  it("says a too-small bump from a pre-release breaks consumers only when the changes do", () => {
    expect(judgeVersion("1.3.0-rc.1", "1.3.0-rc.2", "major")).toEqual({ severity: "warning", message: expect.stringMatching(/make it 2\.0\.0.*but consumers still break\.\)$/) });
    // A new optional column released as a patch of its release candidate: nobody breaks, the version understates it.
    const feature = judgeVersion("1.2.4-rc.1", "1.2.4", "minor");
    expect(feature).toEqual({ severity: "warning", message: expect.stringMatching(/make it 1\.3\.0\..*but the version does not tell consumers about the new features\.\)$/) });
    expect(feature.message).not.toContain("break");
  });
  it("rejects a lower version and versions that are not semver", () => {
    expect(judgeVersion("1.4.2", "1.4.0", "patch").severity).toBe("error");
    expect(judgeVersion("1.4.2", "v-next", "minor").severity).toBe("error");
  });
  it("suggests the release of a pre-release line", () => {
    expect(suggestedVersion("2.0.0-rc.1", "major")).toBe("2.0.0");
    expect(suggestedVersion("1.3.0-rc.1", "major")).toBe("2.0.0");
    expect(suggestedVersion("1.3.0-rc.1", "minor")).toBe("1.3.0");
    expect(suggestedVersion("1.9.9", "minor")).toBe("1.10.0");
  });
});

describe("semver 2.0.0 precedence and syntax (§9–§11)", () => {
  // §11's own chain: each version is higher than the one before it.
  const CHAIN = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"];
  it.each(CHAIN.slice(1).map((v, i) => [CHAIN[i]!, v]))("%s < %s: going up is a bump, going back a downgrade", (lower, higher) => {
    expect(declaredBump(lower, higher)).not.toMatch(/downgrade|none|invalid/);
    expect(declaredBump(higher, lower)).toBe("downgrade");
  });
  it.each([
    // Build metadata may have leading zeros and hyphens (§10); pre-release identifiers may be alphanumeric with a leading zero.
    ["1.0.0", "1.0.1+001", "patch"],
    ["1.0.0", "1.0.1+21AF26D3----117B344092BD", "patch"],
    ["1.0.0", "1.0.1-0a", "patch"],
    ["1.0.0", "1.0.1-x.7.z.92", "patch"],
    ["1.0.0+20130313144700", "1.0.0+exp.sha.5114f85", "none"],
    // Not versions: empty identifiers, a fourth part, an operator, a capital V, other characters, a leading zero.
    ["1.0.0", "1.0.1-", "invalid"],
    ["1.0.0", "1.0.1+", "invalid"],
    ["1.0.0", "1.0.1-rc..1", "invalid"],
    ["1.0.0", "1.2.3.4", "invalid"],
    ["1.0.0", "=1.0.1", "invalid"],
    ["1.0.0", "V1.0.1", "invalid"],
    ["1.0.0", "1.0.1-rc_1", "invalid"],
    ["1.0.0", "01.0.1", "invalid"],
    ["1.0.0-0", "1.0.0-00", "invalid"],
  ])("%s → %s is %s", (a, b, bump) => expect(declaredBump(a, b)).toBe(bump));
});

describe("judgeVersion: a released base version that is not semver", () => {
  it("reads it as semver reads it loosely, and judges a semver head against that", () => {
    expect(judgeVersion("1.0", "1.1.0", "minor")).toEqual({ severity: undefined, message: "The released version 1.0 is not semver; read as 1.0.0. 1.0.0 → 1.1.0 matches the minor changes." });
    expect(judgeVersion("v2", "2.0.1", "minor")).toMatchObject({ severity: "error", message: expect.stringMatching(/^The released version v2 is not semver; read as 2\.0\.0\. The changes require a minor version bump, .* make it 2\.1\.0\./) });
    // Leading zeros are as readable as a missing patch number.
    expect(judgeVersion("01.0.0", "2.0.0", "major")).toEqual({ severity: undefined, message: "The released version 01.0.0 is not semver; read as 1.0.0. 1.0.0 → 2.0.0 matches the major changes." });
  });
  it("keeps a pre-release, its numbers read without leading zeros: 1.3.0-rc.01 is no release of 1.3.0", () => {
    // Read as 1.3.0, the next candidate went down and the release of this one changed nothing.
    expect(judgeVersion("1.3.0-rc.01", "1.3.0-rc.2", "patch")).toMatchObject({ severity: undefined, message: expect.stringMatching(/^The released version 1\.3\.0-rc\.01 is not semver; read as 1\.3\.0-rc\.1\. /) });
    expect(judgeVersion("1.3.0-rc.01", "1.3.0", "minor").severity).toBeUndefined();
    expect(judgedBump("1.3.0-rc.01", "1.3.0-rc.2")).toBe("minor");
    // The same version written without the zero is still no bump; an alphanumeric identifier keeps its zeros (§9).
    expect(judgeVersion("1.3.0-rc.01", "1.3.0-rc.1", "patch")).toMatchObject({ severity: "error", message: expect.stringMatching(/is no bump/) });
    expect(judgeVersion("1.3.0-01a.01", "1.3.0-01a.2", "patch").message).toMatch(/read as 1\.3\.0-01a\.1\./);
  });
  it("reads it so for a head without a version too, and names the version to add", () => {
    expect(judgeVersion("1.0", undefined, "minor")).toEqual({ severity: "error", message: "There is no `version`, so consumers cannot see that it changed: the changes require a minor bump; add `version: 1.1.0` (the released version 1.0 is not semver; read as 1.0.0)." });
    expect(judgeVersion("latest", undefined, "minor").message).toContain("add `version: <a higher version>`.");
  });
  it("stays an error when the head is not semver either, or the base cannot be read at all", () => {
    expect(judgeVersion("1.0", "1.1", "minor")).toMatchObject({ severity: "error", message: expect.stringMatching(/^Cannot judge the version change 1\.0 → 1\.1/) });
    expect(judgeVersion("latest", "1.0.0", "minor")).toMatchObject({ severity: "error", message: expect.stringMatching(/^Cannot judge/) });
  });
});

describe("pre-release numbers beyond 2^53", () => {
  it("are compared exactly (§11): a step up is a bump, a step down a downgrade", () => {
    expect(declaredBump("1.0.0-rc.9007199254740992", "1.0.0-rc.9007199254740993")).not.toBe("none");
    expect(declaredBump("1.0.0-rc.9007199254740993", "1.0.0-rc.9007199254740992")).toBe("downgrade");
  });
});

describe("a 0.x pre-release base", () => {
  it("is read by its caret range, as a stable 0.x base is: the first version outside it is the breaking position", () => {
    // ^0.3.0-rc.1 takes 0.3.0: releasing the candidate with a breaking change reaches its consumers.
    expect(judgeVersion("0.3.0-rc.1", "0.3.0", "major")).toMatchObject({ severity: "warning" });
    expect(judgeVersion("0.3.0-rc.1", "0.3.0", "major").message).toContain("is a compatible (0.x) bump; make it 0.4.0");
    expect(judgeVersion("0.3.0-rc.1", "0.3.0", "patch").severity).toBeUndefined();
    expect(suggestedVersion("0.3.0-rc.1", "major")).toBe("0.4.0");
    expect(suggestedVersion("0.3.1-rc.1", "minor")).toBe("0.3.1");
    expect(suggestedVersion("0.0.3-rc.1", "major")).toBe("0.0.4");
    // ^0.3.1-rc.1 does not take 0.4.0: a breaking change goes there, as from 0.3.1.
    expect(judgeVersion("0.3.1-rc.1", "0.4.0", "major").severity).toBeUndefined();
    expect(judgeVersion("0.3.1", "0.4.0", "major").severity).toBeUndefined();
    // A compatible change stays inside the range; a pre-release head of the line is inside it too.
    expect(judgeVersion("0.3.1", "0.3.2", "minor").severity).toBeUndefined();
    expect(judgeVersion("0.3.1", "0.3.2-rc.1", "minor").severity).toBeUndefined();
    expect(judgeVersion("0.3.1-rc.1", "0.3.1", "major").message).toContain("make it 0.4.0");
  });

  it("suggests a pre-release above the released version, never the released one itself", () => {
    expect(judgeVersion("1.0.0", "1.1.0-rc.1", "major").message).toContain("make it 2.0.0 (or a pre-release of it, as 2.0.0-rc.1)");
    // 1.0.0-rc.1 is what was released: its next pre-release instead.
    expect(judgeVersion("1.0.0-rc.1", "1.0.0-rc.1+b2", "minor").message).toContain("make it 1.0.0 (or a pre-release of it, as 1.0.0-rc.2)");
  });

  it("words the bump as the JSON's declaredBump reads it under 0.x", () => {
    // A bigger bump than needed is said in the same words on both sides, not "breaking (0.x)" against "minor".
    expect(judgeVersion("0.3.1", "0.4.0", "minor")).toEqual({ severity: "info", message: "0.3.1 → 0.4.0 is a breaking (0.x) bump; the changes need only a compatible (0.x) bump." });
    expect(judgedBump("0.3.1", "0.3.2")).toBe("minor");
    expect(judgeVersion("0.3.1", "0.3.2", "major").message).toBe(
      "The changes require a breaking (0.x) bump, but 0.3.1 → 0.3.2 is a compatible (0.x) bump; make it 0.4.0 (or 1.0.0, to declare it stable). (under 0.x the caret range ^0.3.1 takes every 0.3.z, so a breaking change goes to the next minor version, compatible ones to the next patch) (0.3.1 is a 0.x or pre-release version: semver allows anything, but consumers still break.)",
    );
    // What the changes require, in the same words: a minor change under 0.x is a compatible bump.
    expect(judgeVersion("0.1.0", "0.1.0", "minor").message).toMatch(/^The changes require a compatible \(0\.x\) bump, but 0\.1\.0 → 0\.1\.0 is no bump; make it 0\.1\.1\./);
  });
});
