import { summarize, type Finding, type ReportInput } from "@meshkit/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { capMarkdown } from "@meshkit/core";
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

describe("writeJobSummary with more markdown", () => {
  it("appends the stage's markdown after the findings", async () => {
    expect(await writeJobSummary(input(findings.slice(0, 2)), { append: "## Contract changes\n\n- `property-removed-required` amount\n" })).toBe(true);
    const summary = env.summary();
    expect(summary.indexOf("## contract-lint")).toBeLessThan(summary.indexOf("## Contract changes"));
    expect(summary).toContain("- `property-removed-required` amount");
  });

  it("keeps the whole summary within its budget, cutting the markdown at a line", async () => {
    const long = Array.from({ length: 200 }, (_, i) => `- change ${i}`).join("\n");
    await writeJobSummary(input(findings), { append: long, maxBytes: 4000 });
    const summary = env.summary();
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(4000);
    expect(summary).toContain("- change 0\n");
    expect(summary).not.toContain("- change 199");
    expect(summary).toContain("_(cut here: a step summary is limited to 1 MiB.)_");
  });
});

describe("capMarkdown", () => {
  it("returns text that fits unchanged, and cuts longer text at a line boundary", () => {
    expect(capMarkdown("a\nb\n", 100)).toBe("a\nb\n");
    const cut = capMarkdown("x".repeat(30) + "\n" + "y".repeat(60), 90);
    expect(cut.startsWith("x".repeat(30))).toBe(true);
    expect(cut).not.toContain("yy");
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(90);
  });
});

describe("capMarkdown with folds", () => {
  it("closes the folds a cut leaves open, within the budget", () => {
    const text = ["<details><summary>a</summary>", "", ...Array.from({ length: 50 }, (_, i) => `row ${i}`), "</details>"].join("\n");
    const cut = capMarkdown(text, 200, "test budget");
    expect(cut).toContain("_(cut here: test budget.)_");
    expect(cut.match(/<details>/g)).toHaveLength(1);
    expect(cut.match(/<\/details>/g)).toHaveLength(1);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(200);
  });
});
