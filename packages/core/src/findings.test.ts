import { describe, expect, it } from "vitest";
import { type Finding, withoutRepeats } from "./findings.js";

const syntax: Finding = { ruleId: "yaml-syntax", severity: "error", message: "YAML syntax error: Unexpected : in flow sequence", file: "a.odcs.yaml", line: 3, column: 7, path: "", stage: "input" };

describe("withoutRepeats", () => {
  it("keeps the first of findings that say the same thing at the same place, and every other finding", () => {
    const elsewhere = { ...syntax, line: 4 };
    const otherRule = { ...syntax, ruleId: "yaml-duplicate-key" };
    expect(withoutRepeats([syntax, elsewhere, { ...syntax }, otherRule, { ...syntax }])).toEqual([syntax, elsewhere, otherRule]);
  });
});
