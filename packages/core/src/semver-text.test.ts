import { describe, expect, it } from "vitest";
import { compareSemverText, isSemverText } from "./semver-text.js";

describe("semver 2.0.0 as semver.org writes it", () => {
  it("accepts the grammar's versions, numbers of any size, and nothing around them", () => {
    for (const v of ["0.0.0", "1.0.0-0a", "1.0.0---", "1.0.0+build.01", "99999999999999999999.0.0", "1.0.0-alpha.1+001"]) expect(isSemverText(v), v).toBe(true);
    for (const v of ["1.0", "v1.0.0", "01.0.0", "1.0.0-01", "1.0.0-alpha..1", "1.0.0-", "1.0.0+", "1.0.0 ", " 1.0.0", 1]) expect(isSemverText(v), String(v)).toBe(false);
  });

  it("orders by §11: the specification's own chain, numeric identifiers by value, build metadata ignored", () => {
    const chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"];
    for (let i = 0; i + 1 < chain.length; i++) {
      expect(compareSemverText(chain[i]!, chain[i + 1]!), `${chain[i]} < ${chain[i + 1]}`).toBeLessThan(0);
      expect(compareSemverText(chain[i + 1]!, chain[i]!)).toBeGreaterThan(0);
    }
    expect(compareSemverText("1.0.0-1", "1.0.0-alpha")).toBeLessThan(0);
    expect(compareSemverText("1.0.0-rc.9007199254740992", "1.0.0-rc.9007199254740993")).toBeLessThan(0);
    expect(compareSemverText("99999999999999999999.0.0", "1.12.0")).toBeGreaterThan(0);
    expect(compareSemverText("1.0.0+a", "1.0.0+b")).toBe(0);
  });
});
