import { describe, expect, it } from "vitest";
import { VALID_CONTRACT, lint, lintOne } from "../test-support.js";

const withStatus = (status: string) => VALID_CONTRACT.replace(/^status: .*$/m, `status: ${status}`);

describe("status-value", () => {
  it("warns of a misspelt standard status, at the status, naming the one meant", () => {
    const findings = lintOne(withStatus("retierd"));
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      "status-value@6:9 warning Status `retierd` is not a standard status; did you mean `retired`? meshkit reads proposed, draft, active, deprecated, retired (a retired contract is not provisioned).",
    ]);
    for (const typo of ["actve", "Deprecatd", "propsed", "drfat", "depreacted", "Depricatd", "retird"]) expect(lintOne(withStatus(typo)).map((f) => f.ruleId), typo).toEqual(["status-value"]);
  });
  it("takes the standard statuses in any case, and statuses of a team's own", () => {
    for (const status of ["proposed", "draft", "active", "deprecated", "retired", "Active", "RETIRED", "inactive", "deactivated", "beta", "live", "sunset", "archived", "promoted", "revised", "retained", "drafted", "proposal"])
      expect(lintOne(withStatus(status)), status).toEqual([]);
  });
  it("checks a data product's status too", () => {
    const product = "apiVersion: v1.0.0\nkind: DataProduct\nid: p-orders\nstatus: activ\noutputPorts:\n  - {name: orders, version: 1.2.0, contractId: 0a6d2a3c-orders}\n";
    const findings = lint({ "p.yaml": product }, undefined, { "c.yaml": VALID_CONTRACT });
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual(["status-value@4:9"]);
    expect(findings[0]!.message).toContain("a retired product is not provisioned");
  });
});
