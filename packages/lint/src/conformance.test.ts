/**
 * What the ODCS and ODPS standards allow must lint without errors: the official examples (kept outside
 * the project, in ../shared/reference) and v3.0.x contracts read by v3.0 rules. meshkit's own
 * governance rules may warn about them, never fail them.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { globSync } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { VALID_CONTRACT, lint, lintOne, where } from "./test-support.js";

const referenceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../shared/reference");
if (!existsSync(referenceDir)) throw new Error(`reference examples not found at ${referenceDir}: see DESIGN.md`);
const examples = globSync(["odcs/examples/**/*.yaml", "odps/examples/*.yaml"], { cwd: referenceDir }).sort();

const errorsOf = (findings: ReturnType<typeof lintOne>) => findings.filter((f) => f.severity === "error").map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`);

describe("official examples", () => {
  it("are all found", () => expect(examples.length).toBeGreaterThanOrEqual(8));
  it.each(examples)("%s lints alone without errors", (file) => {
    expect(errorsOf(lintOne(readFileSync(path.join(referenceDir, file), "utf8")))).toEqual([]);
  });
});

describe("ODCS v3.1.0 features the official examples do not use", () => {
  const contract = (body: string) => `apiVersion: v3.1.0\nkind: DataContract\nid: features\nversion: 1.0.0\nstatus: active\nteam: {name: sales}\n${body}`;
  it("lints without errors", () => {
    const body = `schema:
  - id: orders_obj
    name: orders
    relationships:
      - {from: [orders.customer_id, orders.country], to: [customers.id, customers.country]}
    quality:
      - {type: custom, engine: soda, implementation: {checks: [{id: c1}, {id: c1}]}}
      - {metric: duplicateValues, mustBe: 0, arguments: {properties: [customer_id, country]}}
    properties:
      - {id: customer_id, name: customer_id, logicalType: string, primaryKey: true, primaryKeyPosition: -1, relationships: [{to: customers.id}]}
      - {name: country, logicalType: string, examples: [{id: fr}, {id: fr}], customProperties: [{property: codes, value: [{id: fr}, {id: fr}]}]}
      - name: lines
        logicalType: array
        items:
          logicalType: array
          items:
            logicalType: object
            properties: [{name: qty, logicalType: integer, logicalTypeOptions: {minimum: 1, exclusiveMaximum: 1000, format: u16}}]
  - name: customers
    properties:
      - {name: id, logicalType: string}
      - {name: country, logicalType: string}
slaProperties:
  - {property: ly, value: 4, unit: h, element: orders.country}
  - {property: Retention, value: 3, unit: y}
  - {property: ga, value: 2022-05-12T09:30:10-08:00}
`;
    expect(errorsOf(lintOne(contract(body)))).toEqual([]);
  });
});

describe("rules the standards do not make", () => {
  it("warns, not fails, about a contract without owner (ODCS requires no team or support)", () => {
    const findings = lintOne(VALID_CONTRACT.replace(/team:\n( {2}.*\n)+/, ""));
    expect(findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(["contract-owner:warning"]);
  });
  it("warns, not fails, about an SLA element that names nothing in the contract", () => {
    const findings = lintOne(VALID_CONTRACT.replace("element: orders", "element: tab1.txn_ref_dt"));
    expect(findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(["sla-element:warning"]);
  });
  it("warns about a product's v-prefixed version, and fails a contract's and other non-semver versions", () => {
    const at = (version: string) => lintOne(VALID_CONTRACT.replace("version: 1.2.0", `version: ${version}`)).map((f) => `${f.ruleId}:${f.severity}@${f.line}:${f.column}`);
    expect(at("v1.2.0")).toEqual(["semver-version:error@5:10"]);
    expect(at('"1.2"')).toEqual(["semver-version:error@5:10"]);
    expect(at("v1.2")).toEqual(["semver-version:error@5:10"]);
    const product = (version: string) => lint({ "p.yaml": `apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\nversion: ${version}\n` }).map((f) => `${f.ruleId}:${f.severity}@${f.line}:${f.column}`);
    expect(product("v1.0.0")).toEqual(["output-port-contract:warning@1:1", "semver-version:warning@5:10"]);
    expect(product("v1.0")).toEqual(["output-port-contract:warning@1:1", "semver-version:error@5:10"]);
  });
  it("warns about an output port whose contract lives elsewhere, and still fails a version mismatch", () => {
    const product = (version: string, contractId: string) =>
      `apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\noutputPorts:\n  - name: out\n    version: ${version}\n    contractId: ${contractId}\n`;
    const external = lint({ "p.yaml": product("1.0.0", "elsewhere") });
    expect(external.map((f) => `${f.ruleId}:${f.severity}@${f.line}:${f.column}`)).toEqual(["output-port-contract:warning@8:17"]);
    const mismatch = lint({ "p.yaml": product("1.0.0", "0a6d2a3c-orders") }, undefined, { "c.yaml": VALID_CONTRACT });
    expect(mismatch.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(["output-port-contract:error"]);
  });
});

describe("one finding per problem", () => {
  it("reports an SLA without value once, at the SLA", () => {
    const findings = lintOne(VALID_CONTRACT.replace("    value: 4\n", ""));
    expect(where(findings)).toEqual(["sla-property@32:5"]);
    expect(findings[0]!.message).toMatch(/latency has no value/);
  });
  it.each([
    ["endOfLife", "", "endOfLife has no value; add value: <ISO 8601 date or date-time>."],
    ["availability", "    unit: percent\n", "availability has no value; add value: <number from 0 to 100>."],
  ])("reports a %s SLA without value once, at the SLA, saying what to write", (property, rest, message) => {
    const findings = lintOne(`${VALID_CONTRACT}  - property: ${property}\n${rest}`);
    expect(findings.map((f) => `${f.ruleId}:${f.severity}@${f.line}:${f.column} ${f.path} ${f.message}`)).toEqual([`sla-property:error@36:5 /slaProperties/1 ${message}`]);
  });
  const problems = (findings: ReturnType<typeof lintOne>) => findings.map((f) => `${f.ruleId}:${f.severity}@${f.line}:${f.column} ${f.message}`);
  it("still reports the document's missing required fields when it also names no owner", () => {
    const findings = lintOne(VALID_CONTRACT.replace(/team:\n( {2}.*\n)+/, "").replace("id: 0a6d2a3c-orders\n", "").replace("status: active\n", ""));
    expect(problems(findings)).toEqual([
      "schema-valid:error@1:1 ODCS schema: missing required property `id`",
      "schema-valid:error@1:1 ODCS schema: missing required property `status`",
      "contract-owner:warning@1:1 Contract has no owner: add a `team` (name and members) or a `support` channel so consumers know whom to ask.",
    ]);
  });
  it("keeps the schema's error about a node a warning is about", () => {
    const findings = lintOne(VALID_CONTRACT.replace("status: active\n", "status: active\ndataProduct: 5\n"));
    expect(where(findings)).toEqual(["deprecated-field@7:1", "schema-valid@7:14"]);
  });
  it("reports each missing property of an object, the one a rule words better once", () => {
    const sql = lintOne(VALID_CONTRACT.replace("      - metric: rowCount\n        mustBeGreaterThan: 0\n", "      - type: sql\n"));
    expect(problems(sql).map((p) => p.replace(/ (add|Quality).*/, ""))).toEqual(["quality-comparator:error@29:9", "schema-valid:error@29:9 ODCS schema: missing required property `query`"]);
    const port = lint({ "p.yaml": "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\ninputPorts:\n  - name: erp\n" });
    expect(problems(port).map((p) => p.replace(/;.*/, ""))).toEqual([
      "output-port-contract:warning@1:1 The product has no output port",
      "input-port-contract:error@6:5 Input port `erp` has no contractId",
      "schema-valid:error@6:5 ODPS schema: missing required property `version`",
    ]);
  });
});

describe("ODCS v3.0.x", () => {
  const v30 = (apiVersion: string) =>
    VALID_CONTRACT.replace("apiVersion: v3.1.0", `apiVersion: ${apiVersion}`)
      .replace(/team:\n( {2}.*\n)+/, "team:\n  - username: ana\n    role: owner\ndataProduct: orders\nslaDefaultElement: orders.ordered_at\n")
      .replace("logicalType: timestamp", "logicalType: date");
  it.each(["v3.0.0", "v3.0.1", "v3.0.2"])("%s: array-form team, dataProduct and slaDefaultElement are current, not deprecated", (apiVersion) => {
    expect(lintOne(v30(apiVersion))).toEqual([]);
  });
  it("v3.1.0: the same fields are deprecated", () => {
    expect(where(lintOne(v30("v3.1.0")))).toEqual(["deprecated-field@7:1", "deprecated-field@10:1", "deprecated-field@11:1"]);
  });
  it("v3.0.x: a rule may combine comparisons and assert without one (rule: nullCheck); v3.1.0 takes exactly one", () => {
    const rules = (text: string) =>
      text
        .replace("          - metric: nullValues\n            mustBe: 0\n", "          - rule: nullCheck\n")
        .replace("      - metric: rowCount\n        mustBeGreaterThan: 0\n", "      - rule: rowCount\n        mustBeGreaterThan: 0\n        mustBeLessThan: [1]\n");
    // Both comparisons are checked: the malformed second one is still reported.
    expect(where(lintOne(rules(v30("v3.0.2"))))).toEqual(["quality-comparator@30:25"]);
    const wellFormed = (text: string) => rules(text).replace("mustBeLessThan: [1]", "mustBeLessThan: 1000");
    expect(lintOne(wellFormed(v30("v3.0.2")))).toEqual([]);
    const asV31 = wellFormed(VALID_CONTRACT).replace("          - rule: nullCheck\n", "          - metric: nullValues\n            mustBe: 0\n").replace("- rule: rowCount", "- metric: rowCount");
    const v31 = lintOne(asV31);
    expect(where(v31)).toEqual(["quality-comparator@29:9"]);
    expect(v31[0]!.message).toMatch(/2 comparators .*keep exactly one/);
  });
});

describe("documents meshkit cannot read", () => {
  it("says a contract has no apiVersion, at the document", () => {
    const findings = lintOne(VALID_CONTRACT.replace("apiVersion: v3.1.0\n", ""));
    expect(where(findings)).toEqual(["unsupported-api-version@1:1"]);
    expect(findings[0]!.message).toMatch(/no apiVersion/);
  });
  it("says ODCS v3.2.0 is newer than meshkit reads", () => {
    const findings = lintOne(VALID_CONTRACT.replace("apiVersion: v3.1.0", "apiVersion: v3.2.0"));
    expect(where(findings)).toEqual(["unsupported-api-version@1:13"]);
    expect(findings[0]!.severity).toBe("error");
    expect(findings[0]!.message).toMatch(/newer than .*v3\.1\.0/);
  });
  it("suggests the v the standard writes before the apiVersion", () => {
    const findings = lintOne(VALID_CONTRACT.replace("apiVersion: v3.1.0", "apiVersion: 3.1.0"));
    expect(where(findings)).toEqual(["unsupported-api-version@1:13"]);
    expect(findings[0]!.message).toContain("write v3.1.0");
  });
  it("shows an apiVersion YAML reads as a number as it is written (`1.0`, not 1)", () => {
    const findings = lint({ "p.yaml": "apiVersion: 1.0\nkind: DataProduct\nid: p\nstatus: active\n" });
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual(["unsupported-api-version@1:13"]);
    expect(findings[0]!.message).toBe("DataProduct apiVersion 1.0 (a number, not a string) is not supported; use one of v0.9.0, v1.0.0.");
  });
  it("shows an apiVersion written as a block list on the message's one line", () => {
    const findings = lint({ "p.yaml": "apiVersion:\n  - url: https://x\n    type: t\nkind: DataProduct\nid: p\nstatus: active\n" });
    expect(findings.map((f) => f.message)).toEqual(['DataProduct apiVersion [{"url":"https://x","type":"t"}] (not a string) is not supported; use one of v0.9.0, v1.0.0.']);
  });
  it("points at an unknown kind's value", () => {
    const findings = lintOne(VALID_CONTRACT.replace("kind: DataContract", "kind: Datacontract"));
    expect(where(findings)).toEqual(["not-a-document@2:7"]);
    expect(findings[0]!.severity).toBe("error");
    expect(findings[0]!.message).toContain("DataContract");
  });
});
