/** Dates and timestamps the data holds as text, their `format`, and `defaultTimezone` (DuckDB, real files). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { loadText } from "@meshkit/core";
import { planChecks } from "./checks.js";
import { compilePlanStatements } from "./compile.js";
import { getDialect } from "./dialects.js";
import { jdkPatternToStrptime } from "./temporal-formats.js";
import { contractYaml, resultOf, runContract, runOnFile } from "./test-support.js";

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

  it("reads only the ISO shape, as PostgreSQL's runner reads text: not strings the JSON reader typed by a format it guessed", async () => {
    // Every value of a column in one non-ISO shape: DuckDB's JSON reader typed `01-05-2024` a DATE (1 May), `24-01-05`
    // one (2024-01-05), `…-08:00:00` a TIMESTAMP, and the type checks passed where PostgreSQL's runner reads no date.
    const guessed = [
      { d: "01-05-2024", y: "24-01-05", ts: "2024-01-05T10:00:00-08:00:00", ok: "2024-01-05", at: "2024-01-05T10:00:00Z" },
      { d: "02-05-2024", y: "24-01-06", ts: "2024-01-06T10:00:00-08:00:00", ok: "2024-01-06", at: "2024-01-06 10:00:00+02" },
    ];
    const declared = ["d: date", "y: date", "ts: timestamp", "ok: date", "at: timestamp"].map((p) => `      - { name: ${p.replace(": ", ", logicalType: ")} }\n`).join("");
    const run = await runOn("t.json", JSON.stringify(guessed), declared);
    for (const id of ["t.d.type", "t.y.type", "t.ts.type"]) expect(resultOf(run, id), id).toMatchObject({ status: "fail", failedRows: 2 });
    for (const id of ["t.ok.type", "t.at.type"]) expect(resultOf(run, id), id).toMatchObject({ status: "pass" });
  });

  it("so are a nested field's and a list's items", async () => {
    const record = (d: string, t: string) => ({ o: { d, t }, ds: [d] });
    const declared = `      - name: o
        logicalType: object
        properties:
          - { name: d, logicalType: date }
          - { name: t, logicalType: timestamp }
      - { name: ds, logicalType: array, items: { logicalType: date } }
`;
    const guessed = await runOn("t.json", JSON.stringify([record("01-05-2024", "2024-01-05T10:00:00-08:00:00"), record("02-05-2024", "2024-01-06T10:00:00-08:00:00")]), declared);
    const failed = guessed.results.checks.filter((c) => c.rule === "schema-column-type" && c.status === "fail").map((c) => [c.property, c.failedRows]);
    expect(failed).toEqual([["o.d", 2], ["o.t", 2], ["ds[]", 2]]);
    const iso = await runOn("t.json", JSON.stringify([record("2024-01-05", "2024-01-05T10:00:00Z"), record("2024-01-06", "2024-01-06 10:00:00+02")]), declared);
    expect(iso.findings).toEqual([]);
  });
});

describe("ISO 8601 text with minute precision and a zone (2024-01-05T10:00Z)", () => {
  const properties = (zone?: string) => `      - name: ts
        logicalType: timestamp
        logicalTypeOptions:
${zone ? `          defaultTimezone: ${zone}\n` : ""}          maximum: "2024-05-08T23:00:00Z"
`;
  const sla = `slaProperties:\n  - { property: latency, value: 1, unit: h, element: t.ts }\n`;
  // ISO 8601 leaves out the seconds before a zone as before none: `10:00Z` is the instant `10:00:00Z`, in any default zone.
  for (const zone of [undefined, "America/New_York"]) {
    it(`is that instant, as with its seconds written (defaultTimezone ${zone ?? "none"})`, async () => {
      const rows = [{ ts: "2024-05-08T22:00Z" }, { ts: "2024-05-09T06:00+02" }, { ts: "2024-05-09 04:00 UTC" }, { ts: "2024-05-08T23:30-00:30" }, { ts: "2024-05-09T04:00:Z" }];
      const run = await runOn("t.json", JSON.stringify(rows), properties(zone), sla);
      // Only the colon with no seconds after it is no timestamp.
      expect(resultOf(run, "t.ts.type")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ ts: "2024-05-09T04:00:Z" }] });
      // 06:00+02 and 04:00 UTC are 04:00 UTC, after the maximum (23:00); 23:30-00:30 is 00:00 UTC, after it too.
      expect(resultOf(run, "t.ts.maximum")).toMatchObject({ status: "fail", failedRows: 3 });
      // The newest is 04:00 UTC, 30 minutes before now.
      expect(resultOf(run, "t.ts.latency")).toMatchObject({ status: "pass", measured: 0.5 });
    });
  }
});

describe("dates where a timestamp is declared", () => {
  const properties = `      - name: id
        logicalType: integer
      - name: ts
        logicalType: timestamp
        logicalTypeOptions:
          minimum: "2024-01-01T00:00:00Z"
`;
  // The readers type a column DATE when every value they sample is a date, TIMESTAMP when one has a time:
  // the same value must not pass or fail the type check by its neighbours. A date is its midnight.
  it.each([
    ["CSV of dates only", "t.csv", "id,ts\n1,2024-01-01\n2,2023-12-31\n"],
    ["CSV of dates and date-times", "t.csv", "id,ts\n1,2024-01-01\n2,2023-12-31\n3,2024-02-01 10:00:00\n"],
    ["JSON of dates only", "t.json", JSON.stringify([{ id: 1, ts: "2024-01-01" }, { id: 2, ts: "2023-12-31" }])],
  ])("%s: the type check passes and the bound reads midnights", async (_label, file, content) => {
    const run = await runOn(file, content, properties);
    expect(resultOf(run, "t.ts.type")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "t.ts.minimum")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ id: "2" }] });
  });

  it("a struct field of dates in JSON", async () => {
    const nested = `      - name: info
        logicalType: object
        properties:
          - name: ts
            logicalType: timestamp
            logicalTypeOptions:
              minimum: "2024-01-01T00:00:00Z"
`;
    const run = await runOn("t.json", JSON.stringify([{ info: { ts: "2024-01-01" } }, { info: { ts: "2023-12-31" } }]), nested);
    expect(resultOf(run, "t.info.ts.minimum")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(run.results.checks.filter((c) => c.status === "error")).toEqual([]);
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

  it("value lists meet the text of dates held as text, where a value that is no date ('n/a') reads as NULL", async () => {
    const properties = `      - name: d
        logicalType: date
        quality:
          - { name: d_missing, metric: missingValues, arguments: { missingValues: [null, 'n/a'] }, mustBe: 0 }
          - { name: d_valid, metric: invalidValues, arguments: { validValues: ['2024-01-01'] }, mustBe: 0 }
`;
    const run = await runOn("t.csv", "d\n2024-01-01\nn/a\n2024-01-03\n\n", properties);
    // The empty field and 'n/a'; 'n/a' and 2024-01-03 (a value that is no date is no valid one either), as on PostgreSQL's text.
    expect(resultOf(run, "t.d.d_missing")).toMatchObject({ status: "fail", failedRows: 2 });
    expect(resultOf(run, "t.d.d_valid")).toMatchObject({ status: "fail", failedRows: 2 });
  });

  it("JSON Schema's `date-time` or `date` format names ISO 8601 text, read so without a warning (not a pattern of letters t, e, i)", async () => {
    const properties = `      - name: ts
        logicalType: timestamp
        logicalTypeOptions: { format: date-time }
      - name: d
        logicalType: date
        logicalTypeOptions: { format: date }
`;
    const run = await runOn("t.csv", "ts,d\n2024-01-05T10:00:00Z,2024-01-05\nyesterday,today\n", properties);
    expect(run.results.checks.filter((c) => c.id.endsWith(".format"))).toEqual([]);
    expect(run.findings.filter((f) => f.ruleId === "quality-not-checked")).toEqual([]);
    // The text is read as ISO 8601: what is none fails the type check.
    expect(resultOf(run, "t.ts.type")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(resultOf(run, "t.d.type")).toMatchObject({ status: "fail", failedRows: 1 });
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

  it("CSV values with and without an offset in one column: those without are in that zone, not UTC", async () => {
    // DuckDB's reader types such a column TIMESTAMP WITH TIME ZONE, which would read 2024-05-09 00:00:00 as UTC.
    const run = await runOn("t.csv", "ts\n2024-05-09 00:00:00\n2024-05-08T20:00:00-04:00\n", properties("America/New_York"), sla);
    expect(resultOf(run, "t.ts.type")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(resultOf(run, "t.ts.maximum")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ ts: "2024-05-09 00:00:00" }] });
    expect(resultOf(run, "t.ts.latency")).toMatchObject({ status: "pass", measured: 0.5 });
  });

  it("a bound written without an offset is wall-clock time in that zone too, as the values are (CSV and JSON text)", async () => {
    const bounds = `      - name: ts
        logicalType: timestamp
        logicalTypeOptions:
          defaultTimezone: Europe/Berlin
          minimum: "2024-01-01T00:00:00"
          maximum: "2024-01-01 00:45:00"
          exclusiveMaximum: "2023-12-31T23:40:00Z"
`;
    for (const [file, data] of [["t.csv", "ts\n2024-01-01 00:30:00\n2024-01-01 00:50:00\n2023-12-31 23:50:00\n"], ["t.json", JSON.stringify([{ ts: "2024-01-01 00:30:00" }, { ts: "2024-01-01 00:50:00" }, { ts: "2023-12-31 23:50:00" }])]] as const) {
      const run = await runOn(file, data, bounds);
      // 00:30 Berlin is within [00:00, 00:45] Berlin and before 00:40 Berlin (23:40 UTC); 00:50 is above both; 23:50 the day before is below the minimum.
      expect([file, resultOf(run, "t.ts.minimum").failedRows, resultOf(run, "t.ts.maximum").failedRows, resultOf(run, "t.ts.exclusiveMaximum").failedRows]).toEqual([file, 1, 1, 1]);
    }
  });

  it("a bound written without an offset is in that zone on a column WITH time zone too (a DuckDB database table)", async () => {
    const dir = mkdtempSync(join(root, "zoned-"));
    const database = join(dir, "zoned.duckdb");
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    await connection.run("CREATE TABLE t AS SELECT CAST(ts AS TIMESTAMPTZ) AS ts FROM (VALUES ('2024-01-01 00:30:00+00'), ('2023-12-31 22:50:00+00')) AS v(ts)");
    connection.closeSync();
    instance.closeSync();
    const bounds = "      - { name: ts, logicalType: timestamp, logicalTypeOptions: { defaultTimezone: Europe/Berlin, maximum: '2024-01-01T00:45:00' } }\n";
    const run = await runContract(dir, contractYaml(`schema:\n  - name: t\n    properties:\n${bounds}`), { data: database });
    // 00:45 in Berlin is 23:45 UTC the day before: 00:30 UTC is after it, 22:50 UTC before (read as UTC, neither was).
    expect(resultOf(run, "t.ts.maximum")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ ts: expect.stringContaining("2024-01-01") }] });
  });

  it("dates and timestamps in value lists compare as such, however the file stores the column (text would depend on how the engine prints it)", async () => {
    const rules = `      - name: ts
        logicalType: timestamp
        quality:
          - { name: m_iso, metric: missingValues, arguments: { missingValues: [null, '1900-01-01T00:00:00'] }, mustBe: 2 }
          - { name: m_z, metric: missingValues, arguments: { missingValues: [null, '1900-01-01T00:00:00Z', 'n/a'] }, mustBe: 2 }
          - { name: v_iso, metric: invalidValues, arguments: { validValues: ['2024-01-01T10:00:00', '1900-01-01 00:00:00'] }, mustBe: 0 }
`;
    for (const [file, data] of [["t.csv", "ts\n1900-01-01 00:00:00\n2024-01-01 10:00:00\n\n"], ["t.json", JSON.stringify([{ ts: "1900-01-01T00:00:00" }, { ts: "2024-01-01T10:00:00Z" }, { ts: null }])]] as const) {
      const run = await runOn(file, data, rules);
      expect([file, resultOf(run, "t.ts.m_iso").measured, resultOf(run, "t.ts.m_z").measured, resultOf(run, "t.ts.v_iso").measured]).toEqual([file, 2, 2, 0]);
    }
  });

  it("two properties reading one column in two zones: the later is refused, and the first's SLA age stays in its own zone (UTC)", async () => {
    const properties = `      - { name: ts, logicalType: timestamp }
      - { name: ts_ny, physicalName: ts, logicalType: timestamp, logicalTypeOptions: { defaultTimezone: America/New_York } }
`;
    const slas = "slaProperties:\n  - { property: latency, value: 2, unit: d, element: t.ts }\n  - { property: retention, value: 40, unit: d, element: t.ts_ny }\n";
    const run = await runOn("t.csv", "ts\n2024-05-07 04:30:00\n", properties, slas);
    // 04:30 UTC two days before now is exactly 2 d old; read in New York (08:30 UTC) it was 1 d 20 h, the other property's zone.
    expect(resultOf(run, "t.ts.latency")).toMatchObject({ status: "pass", measured: 2 });
    expect(resultOf(run, "t.ts_ny.exists")).toMatchObject({ status: "error" });
    expect(resultOf(run, "t.ts_ny.retention")).toMatchObject({ status: "error" });
    expect(run.findings.map((f) => f.message)).toContain(
      "Not checked: property `ts_ny` reads column `ts` in America/New_York, but property `ts` reads it in UTC: one column is read one way; none of its checks run.",
    );
  });

  it("an unknown zone is an invalid rule", async () => {
    const run = await runOn("t.csv", "ts\n2024-05-01 00:00:00\n", properties("Mars/Olympus"));
    expect(resultOf(run, "t.ts.defaultTimezone")).toMatchObject({ status: "error" });
    expect(run.findings.find((f) => f.ruleId === "quality-rule-invalid")?.message).toContain("Mars/Olympus");
  });
});

describe("defaultTimezone in --emit-sql, where there is no data to tell the column's type", () => {
  const contract = (physicalType: string) =>
    contractYaml(`schema:
  - name: t
    properties:
      - name: ts
        logicalType: timestamp
${physicalType}        logicalTypeOptions: { defaultTimezone: Europe/Berlin, maximum: '2024-05-02T00:45:00+02:00' }
slaProperties:
  - { property: latency, value: 23, unit: h, element: t.ts }
`);
  const scanOf = (yaml: string, dialect = "duckdb") => {
    const plan = planChecks(loadText("t.odcs.yaml", yaml).documents[0]!.value as never);
    return compilePlanStatements(plan, getDialect(dialect)).find((s) => s.sql.includes("one scan"))!.sql;
  };
  const csv = "ts\n2024-05-01 10:00:00\n2024-05-02 00:30:00\n2024-05-03 00:00:00\n";

  it("reads a declared zone-less timestamp in the zone, and measures what the runner measures", async () => {
    const now = new Date("2024-05-03T23:30:00Z");
    const run = await runOnFile(root, "t.csv", csv, "      - name: ts\n        logicalType: timestamp\n        logicalTypeOptions: { defaultTimezone: Europe/Berlin, maximum: '2024-05-02T00:45:00+02:00' }\n", {
      now,
      extra: "slaProperties:\n  - { property: latency, value: 23, unit: h, element: t.ts }\n",
    });
    expect(resultOf(run, "t.ts.maximum")).toMatchObject({ failedRows: 1 });
    expect(resultOf(run, "t.ts.latency")).toMatchObject({ status: "fail", measured: 25.5 });
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      await connection.run(`CREATE TABLE t AS SELECT CAST(ts AS TIMESTAMP) AS ts FROM (VALUES ${csv.split("\n").slice(1, -1).map((v) => `('${v}')`).join(", ")}) AS v(ts)`);
      for (const physicalType of ["", "        physicalType: timestamp\n"]) {
        const row = (await connection.runAndReadAll(scanOf(contract(physicalType)))).getRowObjectsJS()[0]!;
        // m1: rows above the maximum; m2: epoch seconds of the newest value.
        expect(Number(row.m1)).toBe(1);
        expect((now.getTime() / 1000 - Number(row.m2)) / 3600).toBe(25.5);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it("says what it assumed when the contract declares no physicalType, and reads a zoned column as it is", () => {
    expect(scanOf(contract(""))).toContain("-- assumed: `ts` (no physicalType) is a timestamp without time zone, read as wall-clock time in Europe/Berlin");
    expect(scanOf(contract(""))).toContain(`timezone('Europe/Berlin', "ts")`);
    expect(scanOf(contract("        physicalType: timestamp without time zone\n"), "postgres")).toContain(`("ts" AT TIME ZONE 'Europe/Berlin')`);
    expect(scanOf(contract("        physicalType: timestamp without time zone\n"), "postgres")).not.toContain("assumed");
    expect(scanOf(contract("        physicalType: timestamptz\n"))).not.toContain("timezone(");
  });
});

describe("a newest value in the future", () => {
  it("the SLA still measures it, and a warning says it is after now", async () => {
    const properties = "      - name: ts\n        logicalType: timestamp\n";
    const run = await runOn("t.csv", "ts\n2024-05-01 00:00:00\n9999-12-31 00:00:00\n", properties, "slaProperties:\n  - { property: freshness, value: 1, unit: d, element: t.ts }\n");
    expect(resultOf(run, "t.ts.freshness")).toMatchObject({ status: "pass", measured: expect.any(Number) });
    expect(resultOf(run, "t.ts.freshness").measured as number).toBeLessThan(0);
    const warnings = run.findings.filter((f) => f.severity === "warning");
    expect(warnings.map((f) => [f.ruleId, f.message])).toEqual([["sla-freshness", expect.stringMatching(/\(9999-12-31T00:00:00\.000Z\) is after now \(2024-05-09T04:30:00\.000Z\) by \d+ y \d+ d: an age below zero meets any freshness/)]]);    // The results document carries the same warning, for a reader without the findings (the catalog).
    expect(resultOf(run, "t.ts.freshness").notes).toEqual([{ ruleId: "sla-freshness", severity: "warning", message: warnings[0]!.message }]);
    expect(resultOf(run, "t.ts.type").notes).toBeUndefined();
  });

  it("an oldest value in the future (every value is) meets any retention, and a warning says so; one in the past says nothing", async () => {
    const properties = "      - { name: ts, logicalType: timestamp }\n      - { name: dob, logicalType: date, classification: restricted }\n";
    const slas = "slaProperties:\n  - { property: retention, value: 1, unit: y, element: t.ts }\n  - { property: retention, value: 1, unit: y, element: t.dob }\n";
    const future = await runOn("t.csv", "ts,dob\n2099-01-01 00:00:00,2099-01-01\n9999-12-31 00:00:00,9999-12-31\n", properties, slas);
    expect(resultOf(future, "t.ts.retention")).toMatchObject({ status: "pass", message: "The oldest `ts` in `t` is in the future (2099-01-01T00:00:00.000Z); retention must be at most 1 y" });
    expect(future.findings.filter((f) => f.severity === "warning").map((f) => [f.ruleId, f.message])).toEqual([
      ["sla-retention", expect.stringMatching(/^The oldest `ts` in `t` \(2099-01-01T00:00:00\.000Z\) is after now \(2024-05-09T04:30:00\.000Z\) by 74 y \d+ d: every value is in the future, and an age below zero meets any retention; check the data or the clock that wrote it$/)],
      // A classified element's value is not shown (its age and the run's time would give it away).
      ["sla-retention", "The oldest `dob` in `t` is after now: every value is in the future, and an age below zero meets any retention; check the data or the clock that wrote it"],
    ]);
    const past = await runOn("t.csv", "ts,dob\n2024-05-01 00:00:00,2024-05-01\n9999-12-31 00:00:00,9999-12-31\n", properties, slas);
    expect(past.findings.filter((f) => f.severity === "warning")).toEqual([]);
  });
});

describe("a CSV's dates read as text (a `format`, a value the reader could not type)", () => {
  // Rows: a valid value, a quoted empty field (""), an unquoted empty one, and (in the second file) a bad value.
  const properties = `      - { name: id, logicalType: integer }
      - { name: dtxt, logicalType: date, logicalTypeOptions: { format: dd/MM/yyyy } }
      - { name: ts, logicalType: timestamp }
      - { name: d, logicalType: date }
`;
  it('reads "" as no value, as in a date column the reader types (2 rows with a value: 0 fail; with a bad one: 1)', async () => {
    const clean = await runOn("t.csv", 'id,dtxt,ts\n1,01/02/2024,2024-01-01 10:00:00\n2,"",""\n3,,\n', properties.split("\n").slice(0, 3).join("\n") + "\n");
    expect(resultOf(clean, "t.dtxt.type")).toMatchObject({ status: "pass", failedRows: 0, rowsChecked: 3 });
    const bad = await runOn("t.csv", 'id,dtxt,ts\n1,01/02/2024,2024-01-01 10:00:00\n2,"",""\n3,,\n4,31/02/2024,2024-01-01 25:00:00\n', properties.split("\n").slice(0, 3).join("\n") + "\n");
    expect(resultOf(bad, "t.dtxt.type")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ id: "4", dtxt: "31/02/2024", ts: "2024-01-01 25:00:00" }] });
    expect(resultOf(bad, "t.ts.type")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ id: "4", dtxt: "31/02/2024", ts: "2024-01-01 25:00:00" }] });
  });

  it("reads ISO dates as dates where the file's one date format is another column's (the reader then typed them TIMESTAMP)", async () => {
    // DuckDB's sniffer takes one date format per file: %d/%m/%Y from dtxt, so 2024-01-31 is no DATE to it.
    const run = await runOn("t.csv", "id,dtxt,ts,d\n1,01/02/2024,2024-01-01 10:00:00,2024-01-31\n2,15/03/2024,2024-01-02 10:00:00,\n", properties, "slaProperties:\n  - { property: latency, value: 100, unit: d, element: t.d }\n");
    expect(resultOf(run, "t.d.type")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(resultOf(run, "t.d.latency")).toMatchObject({ status: "pass", measured: 99.1875 }); // 2024-01-31 to 2024-05-09T04:30Z
    // A column with a time in it is still no date column.
    const times = await runOn("t.csv", "id,dtxt,ts,d\n1,01/02/2024,2024-01-01 10:00:00,2024-01-31 10:00:00\n", properties);
    expect(resultOf(times, "t.d.type")).toMatchObject({ status: "fail", measured: "TIMESTAMP" });
  });
});

describe("dates and timestamps at infinity", () => {
  // PostgreSQL and DuckDB both hold `infinity` / `-infinity` (an open end: `valid_to = 'infinity'`). The newest
  // value is then after now (latency met, with the future warning) and the oldest older than any retention.
  const properties = "      - { name: d, logicalType: date, logicalTypeOptions: { minimum: '2000-01-01', maximum: '2030-01-01' } }\n      - { name: ts, logicalType: timestamp }\n";
  const slas = "slaProperties:\n  - { property: latency, value: 1, unit: d, element: t.d }\n  - { property: retention, value: 1, unit: y, element: t.d }\n  - { property: latency, value: 1, unit: d, element: t.ts }\n  - { property: retention, value: 1, unit: y, element: t.ts }\n";
  const csv = "d,ts\n2024-01-01,2024-01-01 00:00:00\ninfinity,infinity\n-infinity,-infinity\n,\n";

  it("an age of ±infinity, not `no value`; the bounds see them as the latest and earliest values (CSV)", async () => {
    const run = await runOn("t.csv", csv, properties, slas);
    for (const column of ["d", "ts"]) {
      expect(resultOf(run, `t.${column}.latency`)).toMatchObject({ status: "pass", message: `The newest \`${column}\` in \`t\` is in the future (infinity); latency must be at most 1 d` });
      expect(resultOf(run, `t.${column}.retention`)).toMatchObject({ status: "fail", message: `The oldest \`${column}\` in \`t\` is older than any age (-infinity); retention must be at most 1 y` });
    }
    // read_csv's dateformat '%Y-%m-%d' made both infinities 1900-01-01: 2 below the minimum, none above the maximum
    expect(resultOf(run, "t.d.minimum")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "t.d.maximum")).toMatchObject({ status: "fail", measured: 1 });
  });
});
