import { describe, expect, it } from "vitest";
import { declaredBump, judgeVersion, suggestedVersion } from "./verdict.js";

describe("declaredBump", () => {
  it.each([
    ["1.2.3", "2.0.0", "major"],
    ["1.2.3", "1.3.0", "minor"],
    ["1.2.3", "1.2.4", "patch"],
    ["1.2.3", "1.2.3", "none"],
    ["1.2.3", "1.2.2", "downgrade"],
    ["2.0.0-rc.1", "2.0.0", "patch"],
    ["1.2.3", "one", "invalid"],
  ])("%s → %s is %s", (a, b, bump) => expect(declaredBump(a, b)).toBe(bump));
});

describe("judgeVersion", () => {
  it("fails a breaking change with a minor bump and names the version it should be", () => {
    expect(judgeVersion("1.4.2", "1.5.0", "major")).toEqual({ severity: "error", message: expect.stringContaining("make it 2.0.0") });
  });
  it("fails a feature with only a patch bump", () => {
    expect(judgeVersion("1.4.2", "1.4.3", "minor")).toMatchObject({ severity: "error", message: expect.stringContaining("1.5.0") });
  });
  it("warns when documentation changes come without any bump", () => {
    expect(judgeVersion("1.4.2", "1.4.2", "patch")).toMatchObject({ severity: "warning", message: expect.stringContaining("1.4.3") });
  });
  it("passes an exact bump and informs about a bigger one", () => {
    expect(judgeVersion("1.4.2", "2.0.0", "major").severity).toBeUndefined();
    expect(judgeVersion("1.4.2", "2.0.0", "minor").severity).toBe("info");
    expect(judgeVersion("1.4.2", "1.4.2", "none").severity).toBeUndefined();
  });
  it("only warns under 0.x, where semver allows anything", () => {
    expect(judgeVersion("0.3.1", "0.4.0", "major")).toMatchObject({ severity: "warning", message: expect.stringContaining("1.0.0") });
  });
  it("rejects a lower version and versions that are not semver", () => {
    expect(judgeVersion("1.4.2", "1.4.0", "patch").severity).toBe("error");
    expect(judgeVersion("1.4.2", "v-next", "minor").severity).toBe("error");
  });
  it("suggests the release of a pre-release line", () => {
    expect(suggestedVersion("2.0.0-rc.1", "major")).toBe("3.0.0");
    expect(suggestedVersion("1.9.9", "minor")).toBe("1.10.0");
  });
});
