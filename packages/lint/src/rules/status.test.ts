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
  it("shows a character that does not show in the value as its escape, in every message quoting it", () => {
    // `active` with a zero-width space: the author sees `active`, and a message quoting it raw said `active` too.
    expect(lintOne(withStatus('"active\u200b"')).map((f) => f.message)).toEqual([
      "Status `active\\u200b` is not a standard status; did you mean `active`? meshkit reads proposed, draft, active, deprecated, retired (a retired contract is not provisioned).",
    ]);
    // A right-to-left override would reorder the message around it (reporters drop it, which hid it); a no-break space looks like a space.
    const named = (name: string) => VALID_CONTRACT.replace("- name: ordered_at", `- name: "${name}"`);
    // The rename offered is the name its author sees: a character that does not show is no word break (a no-break space is a space).
    expect(lintOne(named("ordered\u202eat")).map((f) => f.message)).toEqual(["Property name `ordered\\u202eat` does not follow snake_case; rename it to `orderedat` (keep the source name in physicalName)."]);
    expect(lintOne(named("ordered\u00a0at")).map((f) => f.message)).toEqual(["Property name `ordered\\u00a0at` does not follow snake_case; rename it to `ordered_at` (keep the source name in physicalName)."]);
    expect(lintOne(named("order\u200bed_at")).map((f) => f.message)).toEqual(["Property name `order\\u200bed_at` does not follow snake_case; rename it to `ordered_at` (keep the source name in physicalName)."]);
    // So do the messages of suppressions and of YAML input errors, which are not made at a document's node.
    const suppressed = lintOne(withStatus("actve").replace("status:", "# meshkit-disable-next-line status\u200b-value -- legacy\nstatus:"));
    expect(suppressed.map((f) => f.message)).toContainEqual(expect.stringContaining("unknown rule id(s) status\\u200b-value"));
    expect(lintOne(`${VALID_CONTRACT}"tag\u00a0": 1\n"tag\u00a0": 2\n`).map((f) => f.message)).toEqual([expect.stringMatching(/^Duplicate key `tag\\u00a0` in a mapping/)]);
    // A schema enum quotes the value only when it holds such a character: `string` with a byte order mark.
    const typed = VALID_CONTRACT.replace("logicalType: timestamp", 'logicalType: "time\ufeffstamp"');
    expect(lintOne(typed).map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "schema-valid@26:22 ODCS schema: `logicalType` must be one of: `string`, `date`, `timestamp`, `time`, `number`, `integer`, `object`, `array`, `boolean`; `time\\ufeffstamp` holds a character that does not show (written as an escape here): delete it",
    ]);
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
