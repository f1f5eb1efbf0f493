import { describe, expect, it } from "vitest";
import { UsageError } from "./findings.js";
import { policyPackProblem } from "./policy-packs.js";

describe("policyPackProblem", () => {
  it("takes the reason `exists` gives (a UsageError: the pre-commit hook's untracked pack) for the pack's problem, and throws any other error", () => {
    const untracked = (path: string): boolean => {
      throw new UsageError(`policy pack ${path} is not in the commit: its files are untracked`);
    };
    expect(policyPackProblem("./policies", "/repo", untracked)).toBe("policy pack /repo/policies is not in the commit: its files are untracked");
    const broken = (): boolean => {
      throw new TypeError("a bug");
    };
    expect(() => policyPackProblem("./policies", "/repo", broken)).toThrow(TypeError);
    expect(policyPackProblem("./policies", "/repo", () => true)).toBeUndefined();
  });
});
