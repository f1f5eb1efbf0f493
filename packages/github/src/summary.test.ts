import { summarize, type Finding, type ReportInput } from "@meshkit/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeJobSummary } from "./summary.js";
import { setupActionEnv, type ActionEnv } from "./testing.js";

let env: ActionEnv;
beforeAll(() => {
  env = setupActionEnv();
});
beforeEach(() => env.reset());
afterAll(() => env.restore());

function input(findings: Finding[]): ReportInput {
  return { findings, summary: summarize(findings, 2), tool: { name: "meshkit", version: "0.1.0" }, rules: [], title: "contract-lint" };
}

const findings: Finding[] = Array.from({ length: 25 }, (_, i) => ({
  ruleId: "naming-convention",
  severity: "error",
  message: `property name_${i} is not snake_case`,
  file: "contracts/orders.yaml",
  line: 10 + i,
  column: 15,
  path: `/schema/0/properties/${i}/name`,
  stage: "lint",
}));

describe("writeJobSummary", () => {
  it("appends the findings table to GITHUB_STEP_SUMMARY", async () => {
    expect(await writeJobSummary(input(findings))).toBe(true);
    const summary = env.summary();
    expect(summary).toContain("## contract-lint");
    expect(summary).toContain("| Severity | Rule | Location | Message |");
    for (let i = 0; i < 25; i++) expect(summary).toContain(`contracts/orders.yaml:${10 + i}:15`);
  });

  it("appends, keeping what earlier steps wrote", async () => {
    await writeJobSummary(input([]));
    await writeJobSummary(input(findings.slice(0, 1)));
    expect(env.summary().match(/## contract-lint/g)).toHaveLength(2);
  });

  it("writes nothing outside a runner", async () => {
    const saved = process.env.GITHUB_STEP_SUMMARY;
    delete process.env.GITHUB_STEP_SUMMARY;
    try {
      expect(await writeJobSummary(input(findings))).toBe(false);
    } finally {
      process.env.GITHUB_STEP_SUMMARY = saved;
    }
    expect(env.summary()).toBe("");
  });
});
