/** Dates and timestamps the data holds as text, their `format`, and `defaultTimezone` (DuckDB, real files). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jdkPatternToStrptime } from "./temporal-formats.js";
import { resultOf, runOnFile } from "./test-support.js";

const root = mkdtempSync(join(tmpdir(), "meshkit-temporal-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SLA_NOW = new Date("2024-05-09T04:30:00Z");
const runOn = (file: string, content: string, properties: string, extra?: string) => runOnFile(root, file, content, properties, { now: SLA_NOW, ...(extra ? { extra } : {}) });

describe("ISO 8601 text in a date or timestamp column (JSON)", () => {
  const rows = [
    { ts: "2024-01-01T00:00:00.123456+00:00", d: "2024-01-01" },
    { ts: "2024-01-02T00:00:00Z", d: "2024-01-02" },
    { ts: "2024-01-01T00:00:00+02:00", d: "nope" },
    { ts: "garbage", d: null },
  ];
  const properties = `      - name: ts
        logicalType: timestamp
        logicalTypeOptions:
          maximum: "2024-01-01T23:00:00Z"
      - name: d
        logicalType: date
        required: true
        logicalTypeOptions:
          minimum: "2024-01-02"
`;
  it("converts the text: only values that do not convert fail the type check, with samples; the range reads the instants", async () => {
    const run = await runOn("t.json", JSON.stringify(rows), properties);
    expect(resultOf(run, "t.ts.type")).toMatchObject({ rule: "schema-column-type", status: "fail", failedRows: 1, sample: [{ ts: "garbage", d: null }] });
    expect(resultOf(run, "t.d.type")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ ts: "2024-01-01T00:00:00+02:00", d: "nope" }] });
    // 2024-01-02T00:00:00Z is after the maximum; 2024-01-01T00:00:00+02:00 is 2023-12-31 22:00 UTC, before it.
    expect(resultOf(run, "t.ts.maximum")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ ts: "2024-01-02T00:00:00Z" }] });
    expect(resultOf(run, "t.d.minimum")).toMatchObject({ status: "fail", failedRows: 1 });
    // Text that is no date is a type failure, not a null: only the real null fails `required`.
    expect(resultOf(run, "t.d.required")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ ts: "garbage", d: null }] });
  });
});

describe("logicalTypeOptions.format of a date or timestamp", () => {
  it("translates JDK DateTimeFormatter patterns to strptime", () => {
    expect(jdkPatternToStrptime("MM/dd/yyyy")).toEqual({ formats: [{ format: "%m/%d/%Y", offset: "none" }] });
    expect(jdkPatternToStrptime("dd.MM.yyyy HH:mm:ss")).toEqual({ formats: [{ format: "%d.%m.%Y %H:%M:%S", offset: "none" }] });
    expect(jdkPatternToStrptime("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")).toEqual({
      formats: [
        { format: "%Y-%m-%dT%H:%M:%S.%g%z", offset: "parsed" },
        { format: "%Y-%m-%dT%H:%M:%S.%gZ", offset: "utc" },
      ],
    });
    expect(jdkPatternToStrptime("yyyy-MM-dd HH:mm:ss.SSSSSSxxx")).toEqual({ formats: [{ format: "%Y-%m-%d %H:%M:%S.%f%z", offset: "parsed" }] });
    expect(jdkPatternToStrptime("EEE, d MMM yy h:mm a '%'''")).toEqual({ formats: [{ format: "%a, %-d %b %y %-I:%M %p %%'", offset: "none" }] });
    expect(jdkPatternToStrptime("yyyy-DDD G")).toEqual({ unsupported: ["DDD", "G"] });
  });

  it("CSV: the column is read as text and parsed by the format (01/02/2024 is 2 January with dd/MM/yyyy)", async () => {
    const properties = `      - name: d
        logicalType: date
        logicalTypeOptions:
          format: dd/MM/yyyy
          maximum: "2024-01-31"
`;
    const run = await runOn("t.csv", "d\n01/02/2024\n12/01/2024\n31/12/2023\n2024-01-05\n", properties);
    // 01/02 is 1 February (after the maximum); 2024-01-05 is not in the format.
    expect(resultOf(run, "t.d.maximum")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ d: "01/02/2024" }] });
    expect(resultOf(run, "t.d.type")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ d: "2024-01-05" }], message: expect.stringContaining("not a date in the format `dd/MM/yyyy`") });
  });

  it("an offset written Z or +02:00 (XXX)", async () => {
    const properties = `      - name: ts
        logicalType: timestamp
        logicalTypeOptions:
          format: "yyyy-MM-dd'T'HH:mm:ssXXX"
          minimum: "2024-01-01T00:00:00Z"
`;
    const run = await runOn("t.json", JSON.stringify([{ ts: "2024-01-01T01:00:00+02:00" }, { ts: "2024-01-01T00:00:00Z" }, { ts: "2024-01-01 00:00:00" }]), properties);
    expect(resultOf(run, "t.ts.minimum")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ ts: "2024-01-01T01:00:00+02:00" }] });
    expect(resultOf(run, "t.ts.type")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ ts: "2024-01-01 00:00:00" }] });
  });

  it("a pattern that cannot be translated is a not-checked warning naming the letters", async () => {
    const properties = `      - name: d
        logicalType: date
        logicalTypeOptions:
          format: yyyy-DDD
`;
    const run = await runOn("t.csv", "d\n2024-01-05\n", properties);
    expect(resultOf(run, "t.d.format")).toMatchObject({ rule: "schema-format", status: "warn", message: expect.stringContaining("`DDD`") });
    expect(run.findings.find((f) => f.ruleId === "quality-not-checked")?.message).toContain("`DDD`");
  });
});

describe("defaultTimezone", () => {
  const properties = (zone: string) => `      - name: ts
        logicalType: timestamp
        logicalTypeOptions:
          timezone: false
          defaultTimezone: ${zone}
          maximum: "2024-05-08T21:00:00-04:00"
`;
  const sla = `slaProperties:\n  - { property: latency, value: 1, unit: h, element: t.ts }\n`;
  it("a timestamp without zone is wall-clock time in that zone, for bounds and SLA ages", async () => {
    const run = await runOn("t.csv", "ts\n2024-05-01 00:00:00\n2024-05-09 00:00:00\n", properties("America/New_York"), sla);
    // 2024-05-09 00:00 in New York is 04:00 UTC: after the maximum (01:00 UTC), and 30 min before now.
    expect(resultOf(run, "t.ts.maximum")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(resultOf(run, "t.ts.latency")).toMatchObject({ status: "pass", measured: 0.5 });
  });

  it("JSON text without an offset is in that zone too; text with one keeps it", async () => {
    const rows = [{ ts: "2024-05-09 00:00:00" }, { ts: "2024-05-08T20:00:00-04:00" }];
    const run = await runOn("t.json", JSON.stringify(rows), properties("America/New_York"), sla);
    expect(resultOf(run, "t.ts.type")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(resultOf(run, "t.ts.maximum")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ ts: "2024-05-09 00:00:00" }] });
    expect(resultOf(run, "t.ts.latency")).toMatchObject({ status: "pass", measured: 0.5 });
  });

  it("an unknown zone is an invalid rule", async () => {
    const run = await runOn("t.csv", "ts\n2024-05-01 00:00:00\n", properties("Mars/Olympus"));
    expect(resultOf(run, "t.ts.defaultTimezone")).toMatchObject({ status: "error" });
    expect(run.findings.find((f) => f.ruleId === "quality-rule-invalid")?.message).toContain("Mars/Olympus");
  });
});

describe("a newest value in the future", () => {
  it("the SLA still measures it, and a warning says it is after now", async () => {
    const properties = "      - name: ts\n        logicalType: timestamp\n";
    const run = await runOn("t.csv", "ts\n2024-05-01 00:00:00\n9999-12-31 00:00:00\n", properties, "slaProperties:\n  - { property: freshness, value: 1, unit: d, element: t.ts }\n");
    expect(resultOf(run, "t.ts.freshness")).toMatchObject({ status: "pass", measured: expect.any(Number) });
    expect(resultOf(run, "t.ts.freshness").measured as number).toBeLessThan(0);
    const warnings = run.findings.filter((f) => f.severity === "warning");
    expect(warnings.map((f) => [f.ruleId, f.message])).toEqual([["sla-freshness", expect.stringContaining("(9999-12-31T00:00:00.000Z) is after now (2024-05-09T04:30:00.000Z)")]]);    // The results document carries the same warning, for a reader without the findings (the catalog).
    expect(resultOf(run, "t.ts.freshness").notes).toEqual([{ ruleId: "sla-freshness", severity: "warning", message: warnings[0]!.message }]);
    expect(resultOf(run, "t.ts.type").notes).toBeUndefined();
  });
});
