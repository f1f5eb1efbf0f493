import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitContractSql } from "./project.js";
import { contractYaml, runContract, runOnFile } from "./test-support.js";

const root = mkdtempSync(join(tmpdir(), "meshkit-sla-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A contract of `lines` (schema, SLAs) whose objects' data is `<object>.csv` beside it. */
function localContract(lines: readonly string[]): string {
  return contractYaml(["servers:", "  - { server: local, type: local, path: './{model}.csv', format: csv }", ...lines].join("\n"));
}

describe("SLAs of objects left out by --object", () => {
  const yaml = localContract(
    [
      "schema:",
      "  - name: events",
      "    physicalName: ev",
      "    properties:",
      "      - { name: ts, logicalType: timestamp }",
      "  - name: other",
      "    properties:",
      "      - { name: a, logicalType: integer }",
      "slaProperties:",
      "  - { property: latency, value: 1, unit: d, element: events.missing }",
      "  - { property: latency, value: 1, unit: d, element: ev.missing }",
      "  - { property: latency, value: 1, unit: fortnights, element: events.ts }",
      "  - { property: latency, value: 1, unit: d, element: nosuch.ts }",
      "  - { property: retention, value: 1, unit: y, element: ev }",
      "",
    ],
  );
  const dir = mkdtempSync(join(root, "run-"));
  writeFileSync(join(dir, "events.csv"), "ts\n2024-01-05T00:00:00Z\n");
  writeFileSync(join(dir, "other.csv"), "a\n1\n");

  it("are neither checked nor reported, whether their element is valid or not; an element naming no object still is", async () => {
    const run = await runContract(dir, yaml, { objects: ["other"] });
    expect(run.findings.map((f) => f.message)).toEqual(["Not checked: SLA latency names element `nosuch.ts`, but the contract has no object `nosuch`."]);
    expect(run.results.checks.filter((c) => c.rule === "sla-latency").map((c) => c.object)).toEqual(["nosuch"]);
  });

  it("are reported when their object is tested", async () => {
    const run = await runContract(dir, yaml, { objects: ["events"] });
    expect(run.findings.map((f) => f.message).sort()).toEqual([
      "Not checked: SLA latency names element `events.missing`, but `events` has no property `missing`.",
      "Not checked: SLA latency names element `ev.missing`, but `ev` has no property `missing`.",
      "Not checked: SLA latency names element `nosuch.ts`, but the contract has no object `nosuch`.",
      "Not checked: SLA latency has unit `fortnights`, not a duration: use y, m/mo (month), w, d, h, min, s, ms.",
      "Not checked: SLA retention names element `ev`, an object: name the date or timestamp column to measure, `ev.ts`.",
    ].sort());
  });

  it("are their object's, by its name, when the element writes the object's physicalName", async () => {
    const run = await runContract(dir, yaml, { objects: ["events"] });
    const slas = run.results.checks.filter((c) => c.rule === "sla-latency" || c.rule === "sla-retention");
    // `ev.missing` and `ev` are `events`'s, as `events.ts` is: not checks of an object `ev` the contract does not have.
    expect(slas.map((c) => `${c.object} ${c.rule}`).sort()).toEqual(["events sla-latency", "events sla-latency", "events sla-latency", "events sla-retention", "nosuch sla-latency"]);
  });
});

describe("an SLA whose element names an object rather than its column", () => {
  const yaml = localContract(
    [
      "schema:",
      "  - name: events",
      "    properties:",
      "      - { name: created_at, logicalType: timestamp }",
      "      - { name: updated_at, physicalType: TIMESTAMP_NTZ }",
      "      - { name: label, logicalType: string }",
      "  - name: other",
      "    properties:",
      "      - { name: a, logicalType: integer }",
      "slaProperties:",
      "  - { property: latency, value: 1, unit: d, element: events }",
      "  - { property: latency, value: 1, unit: d, element: other }",
      "",
    ],
  );
  const dir = mkdtempSync(join(root, "object-"));
  writeFileSync(join(dir, "events.csv"), "created_at,updated_at,label\n2024-01-05T00:00:00Z,2024-01-05T00:00:00,x\n");
  writeFileSync(join(dir, "other.csv"), "a\n1\n");

  it("says it names an object, and which columns to name instead", async () => {
    const run = await runContract(dir, yaml);
    expect(run.findings.map((f) => f.message)).toEqual([
      "Not checked: SLA latency names element `events`, an object: name the date or timestamp column to measure, one of `events.created_at`, `events.updated_at`.",
      "Not checked: SLA latency names element `other`, an object: name the date or timestamp column to measure, as `other.<column>` (`other` declares none).",
    ]);
    expect(run.results.checks.filter((c) => c.rule === "sla-latency").map((c) => c.object)).toEqual(["events", "other"]);
  });

  it("is that object's: left out with it by --object", async () => {
    const run = await runContract(dir, yaml, { objects: ["other"] });
    expect(run.results.checks.filter((c) => c.rule === "sla-latency").map((c) => c.object)).toEqual(["other"]);
  });
});


describe("an SLA property meshkit does not know", () => {
  const slas = [
    "{ property: freshnes, value: 1, unit: d, element: events.ts }",
    "{ property: Latancy, value: 1, unit: h, element: events.ts }",
    "{ property: supportHours, value: '9-17' }",
    "{ property: availability, value: 99.9, unit: percent }",
    "{ property: retention, value: 1, unit: y, element: events.ts }",
  ];
  const yaml = localContract(["schema:", "  - { name: events, properties: [{ name: ts, logicalType: timestamp }] }", `slaProperties: [${slas.join(", ")}]`, ""]);
  const dir = mkdtempSync(join(root, "unknown-"));
  writeFileSync(join(dir, "events.csv"), "ts\n2024-01-05T00:00:00Z\n");

  it("is a quality-not-checked warning at its name when it is a near miss of a known property, never a silent pass; an info when it is a name of the contract's own", async () => {
    const run = await runContract(dir, yaml, { now: new Date("2024-01-06T00:00:00Z") });
    const warnings = run.findings.filter((f) => f.ruleId === "quality-not-checked");
    expect(warnings.map((f) => [f.severity, f.path, f.message])).toEqual([
      ["info", "/slaProperties/2/property", "Not checked: SLA property `supportHours` is a name of this contract's own (ODCS allows it), so nothing of it is measured: meshkit test checks latency (or freshness) and retention."],
      ["warning", "/slaProperties/0/property", "Not checked: SLA property `freshnes` is no ODCS SLA property (did you mean `freshness`?), so nothing of it is measured: meshkit test checks latency (or freshness) and retention."],
      ["warning", "/slaProperties/1/property", "Not checked: SLA property `Latancy` is no ODCS SLA property (did you mean `latency`?), so nothing of it is measured: meshkit test checks latency (or freshness) and retention."],
    ]);
    // Each typo is a `warn` result of the run; availability (an ODCS property about the service) is not one, nor is a name of
    // the contract's own (ODCS allows it: it must not lower the quality score of every run), and the known retention is measured.
    expect(run.results.checks.filter((c) => c.status === "warn").map((c) => c.id)).toEqual(["sla.freshnes", "sla.Latancy"]);
    expect(run.results.summary).toMatchObject({ warned: 2, failed: 0, errors: 0 });
    // Of the object and column its element names, as a known SLA's check is (a dashboard groups checks by object).
    expect(run.results.checks.filter((c) => c.status === "warn").map((c) => [c.object, c.property])).toEqual([["events", "ts"], ["events", "ts"]]);
    expect(run.results.checks.find((c) => c.id === "events.ts.retention")?.status).toBe("pass");
    expect(run.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("is a warning when blank: it names nothing, of its own or ODCS's", async () => {
    const run = await runContract(dir, localContract(["schema:", "  - { name: events, properties: [{ name: ts, logicalType: timestamp }] }", "slaProperties: [{ property: ' ', value: 1, unit: d, element: events.ts }]", ""]));
    expect(run.findings.map((f) => [f.severity, f.path, f.message])).toEqual([["warning", "/slaProperties/0/property", "Not checked: SLA property ` ` is no ODCS SLA property, so nothing of it is measured: meshkit test checks latency (or freshness) and retention."]]);
  });

  it("is not reported when its element is of an object left out by --object, as a known SLA's is not", async () => {
    const yaml = localContract(["schema:", "  - { name: events, properties: [{ name: ts, logicalType: timestamp }] }", "  - { name: other, properties: [{ name: a, logicalType: integer }] }", `slaProperties: [${slas[0]}]`, ""]);
    writeFileSync(join(dir, "other.csv"), "a\n1\n");
    expect((await runContract(dir, yaml, { objects: ["other"] })).findings).toEqual([]);
    expect((await runContract(dir, yaml, { objects: ["events"] })).findings.map((f) => f.ruleId)).toEqual(["quality-not-checked"]);
  });

  it("needs no data: a contract that checks nothing else passes without a data source, with its warnings", async () => {
    for (const body of ["", "schema:\n  - name: events\n"]) {
      const run = await runContract(dir, contractYaml(`${body}slaProperties:\n  - { property: supportHours, value: '9-17' }\n  - { property: latancy, value: 1, unit: d }\n`));
      expect(run.findings.map((f) => [f.ruleId, f.severity]), body).toEqual([
        ["quality-not-checked", "info"],
        ["quality-no-checks", "warning"],
        ["quality-not-checked", "warning"],
      ]);
      expect(run.results.summary, body).toMatchObject({ checks: 1, warned: 1, errors: 0 });
    }
  });

  it("is not reported when its element is a bare column of an object left out by --object, as a known SLA's is not", async () => {
    const bare = (property: string) => `{ property: ${property}, value: 1, unit: d, element: ts }`;
    const yaml = localContract(["schema:", "  - { name: events, properties: [{ name: ts, logicalType: timestamp }] }", "  - { name: other, properties: [{ name: a, logicalType: integer }] }", `slaProperties: [${bare("latency")}, ${bare("freshnes")}]`, ""]);
    writeFileSync(join(dir, "other.csv"), "a\n1\n");
    expect((await runContract(dir, yaml, { objects: ["other"] })).findings).toEqual([]);
    expect((await runContract(dir, yaml, { objects: ["events"], now: new Date("2024-01-06T00:00:00Z") })).findings.map((f) => f.ruleId)).toEqual(["quality-not-checked"]);
  });
});

describe("checks that cannot run, in the results document", () => {
  it("keep what their rule promises, threshold and unit, wherever the rule reads that far (an SLA on a column that is no date, a refused percent rule)", async () => {
    const dir = mkdtempSync(join(root, "unrunnable-"));
    writeFileSync(join(dir, "t.csv"), "id,ts,note\n1,2024-01-05 10:00:00,x\n");
    const yaml = localContract([
      "schema:",
      "  - name: t",
      "    properties:",
      "      - { name: id, logicalType: integer }",
      "      - { name: ts, logicalType: timestamp }",
      "      - name: note",
      "        logicalType: string",
      "        quality:",
      "          - { name: pct, metric: invalidValues, arguments: { validvalues: [x] }, unit: percent, mustBeLessThan: 5 }",
      "    quality:",
      "      - { name: writes, type: sql, query: 'DELETE FROM {object}', unit: percent, mustBeLessThan: 5 }",
      "slaProperties:",
      "  - { property: latency, value: 2, unit: h, element: t.id }",
      "  - { property: retention, value: 1, unit: y, element: t.nosuch }",
      "  - { property: freshness, value: 1, unit: fortnights, element: t.ts }",
    ]);
    const run = await runContract(dir, yaml, { now: new Date("2024-01-05T11:00:00Z") });
    const entry = (id: string) => run.results.checks.find((c) => c.id === id);
    expect(entry("t.id.latency")).toMatchObject({ status: "error", threshold: { mustBeLessOrEqualTo: 2 }, unit: "h" });
    expect(entry("t.retention")).toMatchObject({ status: "error", threshold: { mustBeLessOrEqualTo: 1 }, unit: "y" });
    expect(entry("t.note.pct")).toMatchObject({ status: "error", threshold: { mustBeLessThan: 5 }, unit: "percent" });
    expect(entry("t.writes")).toMatchObject({ status: "error", rule: "quality-sql", threshold: { mustBeLessThan: 5 }, unit: "percent" });
    // A unit that is no duration says nothing the threshold could be read in: neither is given.
    const fortnights = entry("t.ts.freshness");
    expect(fortnights).toMatchObject({ status: "error", threshold: null });
    expect(fortnights).not.toHaveProperty("unit");
  });
});

describe("an SLA whose element names one column twice", () => {
  it("is measured once: one entry in the results document, not a second pass (or failure) counted in the summary", async () => {
    const properties = "      - { name: id, logicalType: integer }\n      - { name: ts, logicalType: timestamp }\n";
    const extra = "slaProperties:\n  - { property: latency, value: 2, unit: h, element: 't.ts, ts, t.ts' }\n  - { property: retention, value: 1, unit: y, element: 't.id, id' }\n";
    const run = await runOnFile(root, "t.csv", "id,ts\n1,2024-01-05 10:00:00\n", properties, { extra, now: new Date("2024-01-05T11:00:00Z") });
    expect(run.results.checks.filter((c) => c.rule.startsWith("sla-")).map((c) => `${c.id} ${c.status}`)).toEqual(["t.ts.latency pass", "t.id.retention error"]);
    expect(run.findings.map((f) => f.path)).toEqual(["/slaProperties/1/element"]);
  });
});

describe("an SLA without `value`", () => {
  const properties = "      - { name: ts, logicalType: timestamp }\n";
  const data = "ts\n2024-01-05 10:00:00\n";

  it("is said once, in words that say what to write, not as the schema's `missing required property`", async () => {
    const extra = "slaProperties:\n  - { property: retention, unit: d, element: t.ts }\n";
    const run = await runOnFile(root, "t.csv", data, properties, { extra });
    expect(run.findings.map((f) => `${f.ruleId} ${f.path} ${f.message}`)).toEqual(["quality-rule-invalid /slaProperties/0 Not checked: SLA retention has no `value`: add a positive number of d."]);
    expect(run.results.checks.filter((c) => c.status === "error").map((c) => c.message)).toEqual([run.findings[0]!.message]);
    // So in the emitted SQL's findings.
    const dir = mkdtempSync(join(root, "emit-"));
    writeFileSync(join(dir, "c.odcs.yaml"), localContract(["schema:", "  - name: t", "    properties:", properties.trimEnd(), extra]));
    const emitted = await emitContractSql({ cwd: dir, paths: ["c.odcs.yaml"], dialect: "duckdb" });
    expect(emitted.notChecked.map((f) => f.message)).toEqual([run.findings[0]!.message]);
  });

  it("is said by the check also when it refuses something else first (no unit, no element), which the schema's finding would hide", async () => {
    const extra = "slaProperties:\n  - { property: latency, element: t.ts }\n  - { property: freshness, unit: h, element: t.nope }\n  - { property: retention, unit: d }\n";
    const run = await runOnFile(root, "t.csv", data, properties, { extra });
    expect(run.findings.map((f) => `${f.ruleId} ${f.path} ${f.message}`)).toEqual([
      "quality-rule-invalid /slaProperties/0 Not checked: SLA latency has no `unit`: add one of y, m/mo (month), w, d, h, min, s, ms; and it has no `value`: add a positive number.",
      "quality-rule-invalid /slaProperties/1/element Not checked: SLA freshness names element `t.nope`, but `t` has no property `nope`; and it has no `value`: add a positive number of h.",
      "quality-rule-invalid /slaProperties/2 Not checked: SLA retention names no element: set `element` to the timestamp column, as `object.column`; and it has no `value`: add a positive number of d.",
    ]);
  });

  it("keeps the schema's word on the missing value when another schema problem there holds the check's finding back", async () => {
    const run = await runOnFile(root, "t.csv", data, properties, { extra: "slaProperties:\n  - { property: latency, unit: 5, element: t.ts }\n" });
    expect(run.findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([
      "quality-contract-invalid Contract: missing required property `value`; this part may not be checked as meant (run meshkit lint)",
      "quality-contract-invalid Contract: `unit` must be a string; this part may not be checked as meant (run meshkit lint)",
    ]);
  });
});
