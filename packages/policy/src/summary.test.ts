/** The policy summary: conftest-like counts; the waived failures are listed by the report's own table. */
import { describe, expect, it } from "vitest";
import { renderPolicySummary } from "./summary.js";

describe("renderPolicySummary", () => {
  it("counts results, waived apart, and says when waived failures are enforced again", () => {
    const markdown = renderPolicySummary({ pass: 3, fail: 1, warn: 0, error: 0, skip: 2, waived: 1 });
    expect(markdown).toContain("| passed | failed | warned | errors | skipped | waived |\n|---:|---:|---:|---:|---:|---:|\n| 3 | 1 | 0 | 0 | 2 | 1 |");
    expect(markdown).toContain("accepted until their waiver's expiry date, then enforced again");
    expect(renderPolicySummary({ pass: 3, fail: 0, warn: 0, error: 0, skip: 0, waived: 0 })).not.toContain("expiry");
  });
});
