import { type Finding, defaultConfig } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import type { DocumentReport } from "./compare.js";
import type { CompatRun } from "./run.js";
import { compatStageReport } from "./stage-report.js";

const unchanged: DocumentReport = { id: "c-orders", kind: "DataContract", file: "orders.odcs.yaml", baseVersion: "1.4.2", headVersion: "1.4.2", declaredBump: "none", requiredBump: "none", changes: [] };

function run(findings: Finding[]): CompatRun {
  return { findings, files: 1, contracts: [unchanged], mode: "forward", config: defaultConfig("/") };
}

function finding(ruleId: string, severity: Finding["severity"], stage: Finding["stage"] = "compat"): Finding {
  return { ruleId, severity, message: "…", file: "orders.odcs.yaml", line: 3, column: 1, path: "/schema", stage };
}

describe("compatStageReport", () => {
  it("gives the required bump, whether it breaks, and the changelog of a comparison of everything", () => {
    const report = compatStageReport(run([]), "main");
    expect(report.outputs).toEqual({ "required-bump": "none", breaking: "false", changelog: "## Contract changes since main\n\nNo contract or product changes.\n" });
  });

  it("gives none of them while a document was not read or compared: its changes are unknown, not none", () => {
    for (const uncompared of [finding("compat-document-invalid", "error"), finding("yaml-syntax", "error", "input"), finding("compat-duplicate-id", "error")]) {
      const report = compatStageReport(run([uncompared]), "main");
      expect(report.outputs, uncompared.ruleId).toEqual({ "required-bump": "", breaking: "", changelog: "" });
      expect(report.summary, uncompared.ruleId).toBe("## Contract changes since main\n\nNo changelog: an error above says what could not be read or compared, so the changes and the bump they require are not known.\n\n_Compatibility mode: forward._\n");
    }
    // A warning about what was read (a release tag missing from a shallow clone) leaves the comparison whole.
    expect(compatStageReport(run([finding("compat-history-incomplete", "warning", "input")]), "main").outputs).toMatchObject({ "required-bump": "none", breaking: "false" });
  });
});
