/**
 * Dates and timestamps held as text (a `text` / `varchar` column declared `logicalType: date` or `timestamp`, with
 * and without `logicalTypeOptions.format`) on a real PostgreSQL server: read as DuckDB's runner reads the same text,
 * so that the type check counts the values that are no date, and the bounds and SLA ages of the rest are measured,
 * instead of the type check failing on the column's type and every other check of it not running.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresServer, startPostgres } from "@meshkit/core/testing/postgres";
import { loadText } from "@meshkit/core";
import { planChecks } from "./checks.js";
import { compilePlanStatements } from "./compile.js";
import { getDialect } from "./dialects.js";
import { jdkPatternToStrptime } from "./temporal-formats.js";
import { contractYaml, runContract, runOnFile } from "./test-support.js";

let server: PostgresServer;
let dir: string;

const ROWS: [number, string | null, string | null, string | null][] = [
  [1, "2024-01-01", "2024-01-05 10:00:00", "05/01/2024 10:00"],
  [2, "nope", "2024-01-05T11:00:00Z", "31/12/2023 23:00"],
  [3, "2023-12-01", "bad", "45/01/2024 10:00"],
  [4, null, null, null],
  [5, "2023-02-29", "2024-01-05T12:30:00+02:00", "29/02/2023 10:00"],
  [6, "2024-2-29", "2024-01-04 23:00:00-05", "1/2/2024 9:05"],
];

beforeAll(async () => {
  server = await startPostgres({ database: "analytics" });
  dir = mkdtempSync(join(tmpdir(), "meshkit-pg-text-dates-"));
  const values = ROWS.map((row) => `(${row.map((v) => (v === null ? "NULL" : typeof v === "number" ? v : `'${v}'`)).join(", ")})`).join(", ");
  await server.psql(`CREATE SCHEMA s; CREATE TABLE s.t (id integer, day text, at varchar(40), eu text); INSERT INTO s.t VALUES ${values};`, { database: "analytics" });
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const PROPERTIES = `      - name: id
        logicalType: integer
      - name: day
        logicalType: date
        logicalTypeOptions: { minimum: '2024-01-01' }
      - name: at
        logicalType: timestamp
        logicalTypeOptions: { maximum: '2024-01-05T10:30:00Z' }
      - name: eu
        logicalType: timestamp
        logicalTypeOptions: { format: 'd/M/yyyy H:mm', minimum: '2024-01-01T00:00:00Z' }
`;
const SLAS = `slaProperties:
  - { property: latency, value: 1, unit: d, element: t.at }
  - { property: retention, value: 10, unit: d, element: t.eu }
`;
const NOW = new Date("2024-01-06T00:00:00Z");

/** Every check's status, measured value and failed rows. */
function verdicts(run: Awaited<ReturnType<typeof runContract>>): Record<string, string> {
  // (`t.id.type` measures the engine's own name for the integer column: `integer`, `BIGINT`.)
  return Object.fromEntries(run.results.checks.filter((c) => c.id !== "t.id.type").map((c) => [c.id, `${c.status} ${c.measured} ${c.failedRows}`]));
}

describe("a date or timestamp held as text, on PostgreSQL", () => {
  it("is read as DuckDB reads it: the type check counts what is no date, bounds and SLAs are measured on the rest", async () => {
    const server_ = `servers:\n  - server: prod\n    type: postgres\n    host: 127.0.0.1\n    port: ${server.port}\n    database: analytics\n    schema: s\n`;
    const onPostgres = await runContract(dir, contractYaml(`${server_}schema:\n  - name: t\n    properties:\n${PROPERTIES}${SLAS}`), {
      server: "prod",
      now: NOW,
      env: { MESHKIT_POSTGRES_USER: server.user, MESHKIT_POSTGRES_PASSWORD: server.password },
    });
    const csv = ["id,day,at,eu", ...ROWS.map((row) => row.map((v) => v ?? "").join(","))].join("\n");
    const onDuckdb = await runOnFile(dir, "t.csv", `${csv}\n`, PROPERTIES, { now: NOW, extra: SLAS });
    const measured = verdicts(onPostgres);
    expect(measured).toEqual(verdicts(onDuckdb));
    expect(measured).toMatchObject({
      "t.day.type": "fail 2 2",
      "t.day.minimum": "fail 1 1",
      "t.at.type": "fail 1 1",
      "t.at.maximum": "fail 1 1",
      "t.eu.type": "fail 2 2",
      "t.eu.minimum": "fail 1 1",
      "t.at.latency": expect.stringMatching(/^pass /),
      "t.eu.retention": expect.stringMatching(/^pass /),
    });
    expect(onPostgres.results.checks.filter((c) => c.status === "error").map((c) => c.message)).toEqual([]);
  });

  it("converts each value as DuckDB does, whatever the session's TimeZone, in the SQL --emit-sql prints too", async () => {
    const values = [
      "2024-01-01", " 2024-01-01 ", "2024-1-5", "2024-01-01T10:00", "2024-01-01 1:2:3", "2024-01-01 10:00:00.123456", "2024-01-01T10:00:00.5Z",
      "2024-01-01T10:00:00+02", "2024-01-01T10:00:00+0230", "2024-01-01T10:00:00-02:30", "2024-01-01 10:00:00 UTC", "2024-01-01 24:00:00",
      "2024-02-29", "2023-02-29", "2024-02-30", "2024-04-31", "1900-02-29", "2000-02-29", "2024-13-01", "2024-00-10", "2024-01-01 10:60:00",
      "2024-01-01 10:00:60", "2024-01-01 25:00:00", "20240101", "", "not a date", "05/01/2024", "5/1/2024 9:05", "31/02/2024 10:00",
      " 1/12/2023 23:59 ", "05/01/2024 10:00:00", "2024-01-05T10:00:00+01:00", "2024-01-05T10:00:00Z",
      "05 Jan 2024", "05 jan 2024", "05 JAN 2024", "05 January 2024", "05 Sept 2024", "5 february 24", "29 Feb 23", "1 May 69", "1 May 68",
      "Fri 05/01/2024 12:30 AM", "Mon 05/01/2024 12:30 pm", "xyz 05/01/2024 01:00 PM", "Fri 05/01/2024 13:00 PM", "Fri 05/01/2024 00:30 AM",
      "2024年1月5日", "2024年13月5日", "2024.01.05 [x]", "5/1/2024 25:00", "5/1/2024 9:60",
      "2024-01-05 24:00:00.5", "2024-01-05 24:00:00.000", "2024-12-31 24:00",
      // What DuckDB's casts alone read and PostgreSQL's reading did not, or the other way round: one ISO shape on both.
      "2024/01/05", "02024-01-05", "0000-01-01", "2024-01-05T", "2024-01-05 10:00:00 America/New_York", "2024-01-05 10:00:00.", "2024-01-05 10:00:00-08:00:00",
      "2024-01-05 10:00:00 utc", "2024-01-05 10:00:00UTC", "2024-01-05T10:00Z", "2024-01-05T10:00+02", "2024-01-05\u3000",
      " 2024-01-05 10:00:00", "2024-01-05 10:00:00 ", "2024-01-05 ", "2024-01-05T10:00:00Z  ", "\t2024-01-05\n", "2024-01-05 10:00:00.123456789", "1999-01-29 1:5:7+02",
      // An offset's colon with no minutes after it, a fraction of 24:00 that is zero to the microsecond.
      "1999-01-29 10:00:00+02:", "2024-01-05 24:00:00.0000001",
      // ISO 8601 leaves the seconds out before an offset as before none (RFC 3339 writes them): read as with `:00`.
      "2024-01-05 10:00 UTC", "2024-01-05T10:00-02:30", "2024-01-05T24:00Z", "2024-01-05T10:60Z", "2024-01-05T10:00:Z",
    ];
    const conversions: { type: "date" | "timestamp"; pattern?: string; zone?: string }[] = [
      { type: "date" },
      { type: "timestamp" },
      { type: "timestamp", zone: "America/Sao_Paulo" },
      { type: "date", pattern: "dd/MM/yyyy" },
      { type: "timestamp", pattern: "d/M/yyyy H:mm" },
      { type: "timestamp", pattern: "d/M/yyyy H:mm", zone: "Asia/Kolkata" },
      { type: "timestamp", pattern: "yyyy-MM-dd'T'HH:mm:ssXXX" },
      // Month and day names, two-digit years, a 12-hour clock.
      { type: "date", pattern: "dd MMM yyyy" },
      { type: "date", pattern: "d MMMM yy" },
      { type: "timestamp", pattern: "EEE dd/MM/yyyy hh:mm a", zone: "Europe/Lisbon" },
      // A date by a format with a time: strptime reads the time too, and text with no such time (25:00, 13 PM) is no date.
      { type: "date", pattern: "d/M/yyyy H:mm" },
      { type: "date", pattern: "EEE dd/MM/yyyy hh:mm a" },
      // Literal text: other scripts as they are, punctuation that means something in a regular expression.
      { type: "date", pattern: "yyyy年M月d日" },
      { type: "date", pattern: "yyyy.MM.dd '[x]'" },
    ];
    const duckdb = await (await DuckDBInstance.create(":memory:")).connect();
    await duckdb.run("SET TimeZone = 'UTC'");
    const client = new pg.Client({ host: "127.0.0.1", port: server.port, user: server.user, password: server.password, database: "analytics" });
    await client.connect();
    try {
      // Text without an offset must not be read in the session's zone (the runner sets UTC; a user's psql may not).
      await client.query("SET TimeZone = 'Pacific/Auckland'");
      await client.query(`CREATE TEMPORARY TABLE v AS SELECT * FROM unnest($1::text[]) WITH ORDINALITY AS v(t, n)`, [values]);
      await duckdb.run(`CREATE TABLE v AS SELECT * FROM (VALUES ${values.map((v, i) => `('${v.replaceAll("'", "''")}', ${i + 1})`).join(", ")}) AS v(t, n)`);
      for (const { type, pattern, zone } of conversions) {
        const translated = pattern === undefined ? { formats: [] } : jdkPatternToStrptime(pattern);
        if (!("formats" in translated)) throw new Error(pattern);
        const read = (dialect: "duckdb" | "postgres") => {
          const value = getDialect(dialect).convertText!('"t"', type, translated.formats, zone);
          return type === "date" ? `CAST(${value} AS ${dialect === "duckdb" ? "VARCHAR" : "text"})` : getDialect(dialect).epochSeconds(value);
        };
        const duck = (await duckdb.runAndReadAll(`SELECT CAST(${read("duckdb")} AS VARCHAR) FROM v ORDER BY n`)).getRows().map((r) => (r[0] === null ? null : String(Number(r[0]) || r[0])));
        const pgRows = (await client.query(`SELECT CAST(${read("postgres")} AS text) AS x FROM v ORDER BY n`)).rows.map((r: { x: string | null }) => (r.x === null ? null : String(Number(r.x) || r.x)));
        const label = `${type} ${pattern ?? "ISO 8601"} ${zone ?? "UTC"}`;
        expect(Object.fromEntries(values.map((v, i) => [v, pgRows[i]])), label).toEqual(Object.fromEntries(values.map((v, i) => [v, duck[i]])));
        expect(pgRows.filter((r) => r !== null).length, label).toBeGreaterThan(0);
        // An explicit UTC is that instant in any default zone (DuckDB's runner read it in the zone too).
        if (type === "timestamp" && pattern === undefined) expect(pgRows[values.indexOf("2024-01-01 10:00:00 UTC")], label).toBe(String(Date.UTC(2024, 0, 1, 10) / 1000));
        if (pattern === undefined) {
          // Not ISO 8601 (slashes, five-digit or zero years, a lower-case zone, a colon with no seconds): no date on either engine.
          for (const text of ["2024/01/05", "02024-01-05", "0000-01-01", "2024-01-05 10:00:00 utc", "2024-01-05T10:00:Z"]) expect(pgRows[values.indexOf(text)], `${label} ${text}`).toBeNull();
          // ISO 8601's minute precision with a zone is that instant in any default zone, on both engines (the toEqual above).
          if (type === "timestamp") {
            const minutePrecision = { "2024-01-05T10:00Z": Date.UTC(2024, 0, 5, 10), "2024-01-05T10:00+02": Date.UTC(2024, 0, 5, 8), "2024-01-05 10:00 UTC": Date.UTC(2024, 0, 5, 10), "2024-01-05T10:00-02:30": Date.UTC(2024, 0, 5, 12, 30), "2024-01-05T24:00Z": Date.UTC(2024, 0, 6) };
            for (const [text, utc] of Object.entries(minutePrecision)) expect(pgRows[values.indexOf(text)], `${label} ${text}`).toBe(String(utc / 1000));
            expect(pgRows[values.indexOf("2024-01-05T10:60Z")], label).toBeNull();
          } else expect(pgRows[values.indexOf("2024-01-05T10:00Z")], label).toBe("2024-01-05");
          // Spaces around it are no reason to refuse one.
          expect(pgRows[values.indexOf(" 2024-01-05 10:00:00")], label).not.toBeNull();
          // An offset after one-digit minutes and seconds is that instant in any default zone.
          if (type === "timestamp") expect(pgRows[values.indexOf("1999-01-29 1:5:7+02")], label).toBe(String(Date.UTC(1999, 0, 28, 23, 5, 7) / 1000));
          // So is one written `+02:` (the offset isoTextPattern reads), not wall-clock time in the default zone.
          if (type === "timestamp") expect(pgRows[values.indexOf("1999-01-29 10:00:00+02:")], label).toBe(String(Date.UTC(1999, 0, 29, 8) / 1000));
          // Digits beyond microseconds are cut on both: 24:00:00.0000001 is 24:00 exactly, the next midnight.
          if (type === "timestamp" && zone === undefined) expect(pgRows[values.indexOf("2024-01-05 24:00:00.0000001")], label).toBe(String(Date.UTC(2024, 0, 6) / 1000));
        }
      }
    } finally {
      await client.end();
    }
  });

  it("is read so by the SQL --emit-sql --dialect postgres prints for a physicalType text, which the server runs", async () => {
    const body = `schema:\n  - name: t\n    physicalName: t\n    properties:\n${PROPERTIES.replaceAll("logicalType: date\n", "logicalType: date\n        physicalType: text\n").replaceAll("logicalType: timestamp\n", "logicalType: timestamp\n        physicalType: text\n")}`;
    const plan = planChecks(loadText("c.odcs.yaml", contractYaml(body)).documents[0]!.value as never);
    const statements = compilePlanStatements(plan, getDialect("postgres"), { relation: () => ["s", "t"] });
    const scan = statements[0]!.sql;
    expect(scan).not.toMatch(/not checked/i);
    // The emitted SQL asks for a session in UTC, for its timestamp bounds (its conversions of text need none: see above).
    const values = (await server.psql(`SET TimeZone = 'UTC'; ${scan};`, { database: "analytics" })).trim().split("|").map(Number);
    const counts: Record<string, number> = {};
    for (const match of scan.matchAll(/ AS m(\d+),? -- (.+)$/gm)) for (const id of match[2]!.split(", ")) counts[id] = values[Number(match[1])]!;
    expect(counts).toMatchObject({ "t.day.minimum": 1, "t.at.maximum": 1, "t.eu.minimum": 1 });
  });

  it("names a format PostgreSQL does not read (a 12-hour clock without AM/PM) at the type check, as before, rather than misreading it", async () => {
    const properties = `      - name: eu
        logicalType: timestamp
        logicalTypeOptions: { format: 'dd/MM/yyyy hh:mm' }
`;
    const run = await runContract(dir, contractYaml(`servers:\n  - server: prod\n    type: postgres\n    host: 127.0.0.1\n    port: ${server.port}\n    database: analytics\n    schema: s\nschema:\n  - name: t\n    properties:\n${properties}`), {
      server: "prod",
      env: { MESHKIT_POSTGRES_USER: server.user, MESHKIT_POSTGRES_PASSWORD: server.password },
    });
    expect(run.results.checks.find((c) => c.id === "t.eu.type")).toMatchObject({ status: "fail" });
  });
});
