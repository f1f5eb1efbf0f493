import { type RuleMeta, renderReport, summarize } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import type { ProvisionRun } from "./run.js";
import { provisionStageReport } from "./stage-report.js";

describe("provisionStageReport", () => {
  it("lists the policy check's input rules it is given, so that the SARIF of a run whose packs do not load says it did not succeed", () => {
    // As policy passes it in (provision does not import policy): a pack that does not compile checks no infrastructure.
    const packRule: RuleMeta = { id: "policy-invalid", defaultSeverity: "error", stage: "policy", description: "A policy does not load.", stopsStage: true };
    const broken = { ruleId: "policy-invalid", severity: "error" as const, message: "policy broken: syntax error", file: "policies/broken.yaml", line: 7, column: 19, path: "", stage: "policy" as const };
    const run: ProvisionRun = { plan: { kind: "meshkit-provision-plan", version: 1, target: "aws", products: [], changes: [], unknown: "no product could be rendered (see the findings)" }, findings: [broken], files: 1, applied: false, written: [], notices: [] };
    const report = provisionStageReport(run, [packRule]);
    expect(report.inputRuleIds).toEqual(["policy-invalid"]);
    const sarif = JSON.parse(renderReport("sarif", { findings: report.findings, summary: summarize(report.findings, report.files), tool: { name: "meshkit", version: "0" }, rules: [...report.rules], title: "provision" }));
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
  });
});
