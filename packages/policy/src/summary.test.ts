/** The policy summary: conftest-like counts; the waived failures are listed by the report's own table. */
import { describe, expect, it } from "vitest";
import { renderPolicySummary, renderPolicyTestSummary } from "./summary.js";

describe("renderPolicySummary", () => {
  it("counts results, waived apart, and says when waived failures are enforced again", () => {
    const markdown = renderPolicySummary({ pass: 3, fail: 1, warn: 0, error: 0, skip: 2, waived: 1 });
    expect(markdown).toContain("| passed | failed | warned | errors | skipped | waived |\n|---:|---:|---:|---:|---:|---:|\n| 3 | 1 | 0 | 0 | 2 | 1 |");
    expect(markdown).toContain("accepted until their waiver's expiry date, then enforced again");
    expect(renderPolicySummary({ pass: 3, fail: 0, warn: 0, error: 0, skip: 0, waived: 0 })).not.toContain("expiry");
  });

  it("has no table when nothing was evaluated (a config or pack that did not load): zeros would read as a clean run", () => {
    expect(renderPolicySummary({ pass: 0, fail: 0, warn: 0, error: 0, skip: 0, waived: 0 })).toBe("");
    expect(renderPolicySummary({ pass: 0, fail: 0, warn: 0, error: 0, skip: 1, waived: 0 })).toContain("| 0 | 0 | 0 | 0 | 1 | 0 |");
  });
});

describe("renderPolicyTestSummary", () => {
  it("counts the fixtures and the expectations met, as text output's stderr line does", () => {
    expect(renderPolicyTestSummary({ fixtures: 2, expectations: 4, passed: 3 })).toBe("| fixtures | expectations | met |\n|---:|---:|---:|\n| 2 | 4 | 3 |\n");
  });
});
