/**
 * Parity: one contract over the same rows gives the same verdicts on DuckDB (Parquet files) and on a real
 * PostgreSQL server. The rows are written once, as text, into a DuckDB table and a PostgreSQL table of
 * equivalent column types (bound parameters, cast by each engine's own input functions); the DuckDB
 * tables become Parquet files. The contract exercises every check kind on edge values: empty strings
 * and nulls, spaces, multi-byte characters, line breaks, NaN and infinities, the extremes of BIGINT,
 * time zones, dates at the ends of the calendar. Every check's status, measurement, failed rows,
 * threshold and message must be the same on both engines; samples the same rows in any order.
 */
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresServer, startPostgres } from "@meshkit/core/testing/postgres";
import type { CheckResult } from "./results.js";
import type { QualityRun } from "./run.js";
import { type TestData, contractYaml, createTestData, resultOf, runContract } from "./test-support.js";

/** A column in both engines' type names. */
interface Column {
  name: string;
  duckdb: string;
  postgres: string;
}

/** A value as text in both engines' input syntax; arrays as lists of items. */
type Cell = string | null | string[];

interface Table {
  name: string;
  columns: Column[];
  rows: Cell[][];
}

const text = (name: string): Column => ({ name, duckdb: "VARCHAR", postgres: "text" });
const bigint = (name: string): Column => ({ name, duckdb: "BIGINT", postgres: "bigint" });
const integer = (name: string): Column => ({ name, duckdb: "INTEGER", postgres: "integer" });
const double = (name: string): Column => ({ name, duckdb: "DOUBLE", postgres: "double precision" });

const UUID = "123e4567-e89b-12d3-a456-426614174000";

/** Strings: lengths in code points, patterns, formats, missing values, duplicates. */
const PEOPLE: Table = {
  name: "people",
  columns: [bigint("id"), text("name"), text("email"), text("uid"), text("day"), text("code"), { name: "tags", duckdb: "VARCHAR[]", postgres: "text[]" }],
  rows: [
    ["1", "abc", "a@b.co", UUID, "2024-02-29", "123-AB", ["x"]],
    ["2", "", "", "not-a-uuid", "2024-2-01", "12-AB", []],
    ["3", null, null, null, null, null, null],
    ["4", " abc ", " a@b.co", UUID.toUpperCase(), " 2024-01-01", "\u0661\u0662\u0663-AB", ["x", "y", "z"]],
    ["5", "Ünïc", "ü@exämple.de", `{${UUID}}`, "2024-01-01T00:00", "123-ab", ["a", "b"]],
    ["6", "日本語", "n/a", "", "9999-12-31", "123-ÀB", ["日本"]],
    ["7", "😀😀", "N/A", UUID, "0001-01-01", "\uff11\uff12\uff13-AB", ["😀"]],
    ["8", "a\nb", "a@b@c.d", UUID, "2024-13-45", "123-AB\n", null],
    // e + combining acute + e: 3 code points, 2 graphemes; a flag: 2 code points, 1 grapheme.
    ["9", "e\u0301e", "x@y.z", UUID, "2024-01-01", "123-AB", ["a"]],
    ["10", "🇵🇹🇵🇹", "A@B.CO ", UUID, "2024-01-01", "123-AB", ["a"]],
    ["11", "Straße", "a b@c.de", UUID, "2024-01-01", "123-AB", ["a"]],
    ["12", "STRASSE", "\t", UUID, "2024-01-01", "123-AB", ["a"]],
    ["13", "abc", "a@b.co", UUID, "2024-01-01", "123-AB", ["a"]],
    ["14", "ABC", "a@b.co", UUID, "2024-01-01", "123-AB", ["a"]],
    ["15", "İıi", "a@b.co", UUID, "2024-01-01", "123-AB", ["a"]],
    ["16", "ab_1", "a@b.co", UUID, "2024-01-01", "123-AB", ["a"]],
  ],
};

/** Numbers, timestamps and dates: bounds, integer formats, multipleOf, SLA ages. */
const MEASURES: Table = {
  name: "measures",
  columns: [
    bigint("id"),
    bigint("big"),
    integer("small"),
    double("ratio"),
    { name: "price", duckdb: "DECIMAL(12,2)", postgres: "numeric(12,2)" },
    { name: "ts", duckdb: "TIMESTAMP", postgres: "timestamp" },
    { name: "tstz", duckdb: "TIMESTAMPTZ", postgres: "timestamptz" },
    { name: "day", duckdb: "DATE", postgres: "date" },
    double("extreme"),
    // 30 decimals: DuckDB's own cast to a double is not the nearest (0.1 was 0.09999999999999999 there).
    { name: "fine", duckdb: "DECIMAL(38,30)", postgres: "numeric(38,30)" },
  ],
  rows: [
    ["1", "9223372036854775807", "127", "0.25", "10.05", "2024-05-31 22:00:00", "2024-05-31 23:00:00+00", "2024-05-31", "1e300", "0.1"],
    ["2", "-9223372036854775808", "-128", "NaN", "0.01", "2024-05-31 21:59:59.999999", "2024-06-01 00:30:00+02", "0001-01-01", "-1e300", "0.000000000000000000000000000001"],
    ["3", "0", "128", "Infinity", "0.00", "1970-01-01 00:00:00", "1970-01-01 00:00:00+00", "9999-12-31", "5e-324", "1.7"],
    ["4", "3", "-129", "-Infinity", "-5.00", "2024-06-01 00:00:00", "2024-06-01 01:00:00+01", "2024-01-01", "-1.7976931348623157e308", "0.3"],
    ["5", "2147483648", "255", "-0", "9999999999.99", "2000-02-29 12:00:00", "2024-05-31 21:00:00-01", "2000-02-29", "1.7976931348623157e308", "99999999.999999999999999999999999999999"],
    ["6", "-1", "256", "1e15", "1.10", "2024-05-31 23:59:59", "2024-05-31 22:00:00.000001+00", "2024-12-31", "1e15", "0"],
    ["7", "4294967295", "0", "0.3", "0.05", "2024-01-01 00:00:00", "2024-01-01 00:00:00+00", "2024-01-01", "-0", "-0.000000000000000000000000000001"],
    ["8", "4294967296", null, "1e-300", "0.15", "2024-01-02 00:00:00", "2024-01-02 00:00:00+00", "2024-01-02", "NaN", "0.7"],
    ["9", null, null, null, null, null, null, null, null, null],
    ["10", "6", "100", "0.75", "1.00", "2024-01-03 00:00:00", "2024-01-03 00:00:00+00", "2024-01-03", "123.456", "12345678.123456789012345678901234567890"],
  ],
};

/**
 * A composite key with repeats and a null; doubles whose duplicates depend on NaN and -0 equality; a boolean
 * compared with lists that mix booleans and other values (PostgreSQL prints a boolean `t`, DuckDB `true`).
 */
const LINES: Table = {
  name: "lines",
  columns: [bigint("order_id"), integer("line_no"), text("sku"), double("weight"), { name: "gift", duckdb: "BOOLEAN", postgres: "boolean" }],
  rows: [
    ["1", "1", "a", "0", "true"],
    ["1", "2", "a ", "-0", "false"],
    ["1", "1", "A", "NaN", "true"],
    ["2", "1", "b", "NaN", null],
    ["2", null, "b", "1.5", "false"],
    ["3", "1", "", "1.5", "true"],
    ["3", "2", null, "Infinity", null],
    ["3", "2", "", "Infinity", "false"],
  ],
};

/**
 * A 4-byte float (`real`, DuckDB's FLOAT) against the contract's decimals, which no float holds exactly:
 * 0.1 stored there is 0.1 to the checks. 0.30000004 is the next float after 0.3; 16777217 is stored as
 * 16777216. JSON values whose text both engines keep as written (jsonb's own spelling).
 */
const FLOATS: Table = {
  name: "floats",
  columns: [
    bigint("id"),
    { name: "r", duckdb: "FLOAT", postgres: "real" },
    { name: "j", duckdb: "JSON", postgres: "json" },
    { name: "jb", duckdb: "JSON", postgres: "jsonb" },
  ],
  rows: [
    ["1", "0.1", '{"a": 1, "n": 12345678901234567890}', '{"a": 1, "n": 12345678901234567890}'],
    ["2", "0.2", "null", "null"],
    ["3", "0.3", '"str"', '"str"'],
    ["4", "0.1", "[1, 2]", "[1, 2]"],
    ["5", "0.30000004", null, null],
    ["6", "NaN", "{}", "{}"],
    ["7", null, "1.5", "1.5"],
    ["8", "16777217", "true", "true"],
  ],
};

const TABLES = [PEOPLE, MEASURES, LINES, FLOATS];

const CONTRACT = (port: number) =>
  contractYaml(`servers:
  - server: local
    type: local
    path: ./data/{model}.parquet
    format: parquet
  - server: prod
    type: postgres
    host: 127.0.0.1
    port: ${port}
    database: analytics
    schema: parity
schema:
  - name: people
    properties:
      - name: id
        logicalType: integer
        required: true
        unique: true
      - name: name
        logicalType: string
        required: true
        logicalTypeOptions: { minLength: 3, maxLength: 5 }
        quality:
          - { name: name_alpha, metric: invalidValues, arguments: { pattern: '^[[:alpha:]]+$' }, mustBe: 0 }
          - { name: name_upper, metric: invalidValues, arguments: { pattern: '^[[:upper:]]+$' }, mustBe: 0 }
          - { name: name_word, metric: invalidValues, arguments: { pattern: '^\\w+$' }, mustBe: 0 }
          - { name: name_dot, metric: invalidValues, arguments: { pattern: '^a.b$' }, mustBe: 0 }
          - { name: name_trimmed, metric: invalidValues, arguments: { pattern: '^\\S(.*\\S)?$' }, mustBe: 0 }
          - { name: name_valid, metric: invalidValues, arguments: { validValues: [abc, Straße, STRASSE, 'e\u0301e'] }, unit: percent, mustBeLessThan: 50 }
          - { name: name_missing, metric: missingValues, unit: percent, mustBeLessThan: 10 }
          - { name: name_duplicates, metric: duplicateValues, mustBe: 0 }
          - { name: name_duplicates_percent, metric: duplicateValues, unit: percent, mustBeLessOrEqualTo: 10 }
          - { name: name_nulls, metric: nullValues, mustBe: 1 }
          - { name: name_empty, type: sql, query: "SELECT count(*) FROM {object} WHERE {property} = ''", mustBe: 1 }
      - name: email
        logicalType: string
        logicalTypeOptions: { format: email }
        quality:
          - { name: email_missing, metric: missingValues, arguments: { missingValues: ['', n/a, N/A, ' '] }, mustBe: 0 }
          - { name: email_missing_with_null, metric: missingValues, arguments: { missingValues: [null, n/a] }, unit: percent, mustBeLessThan: 20 }
          - { name: email_nulls, metric: nullValues, unit: percent, mustBeLessOrEqualTo: 10 }
      - name: uid
        logicalType: string
        logicalTypeOptions: { format: uuid }
      - name: day
        logicalType: string
        logicalTypeOptions: { format: date }
      - name: code
        logicalType: string
        logicalTypeOptions: { pattern: '^\\d{3}-[A-Z]+$' }
        quality:
          - { name: code_ascii, metric: invalidValues, arguments: { pattern: '^[0-9]{3}-[A-Z]+$' }, mustBe: 0 }
          - { name: code_valid, metric: invalidValues, arguments: { validValues: ['123-AB', '123-ab'], pattern: '^[0-9]' }, mustBe: 0 }
      - name: tags
        logicalType: array
        items: { logicalType: string }
        logicalTypeOptions: { minItems: 1, maxItems: 2 }
    quality:
      - { name: rc_is, metric: rowCount, mustBe: 16 }
      - { name: rc_is_not, metric: rowCount, mustNotBe: 16 }
      - { name: rc_more, metric: rowCount, mustBeGreaterThan: 15 }
      - { name: rc_at_least, metric: rowCount, mustBeGreaterOrEqualTo: 17 }
      - { name: rc_less, metric: rowCount, mustBeLessThan: 16 }
      - { name: rc_at_most, metric: rowCount, mustBeLessOrEqualTo: 16 }
      - { name: rc_between, metric: rowCount, mustBeBetween: [15, 17] }
      - { name: rc_not_between, metric: rowCount, mustNotBeBetween: [15, 17] }
      - { name: name_and_email, metric: duplicateValues, arguments: { properties: [name, email] }, mustBe: 0 }
      - { name: whole_rows, metric: duplicateValues, unit: percent, mustBe: 0 }
      - { name: distinct_names, type: sql, query: 'SELECT count(DISTINCT name) FROM {object}', mustBe: 14 }
  - name: measures
    properties:
      - name: id
        logicalType: integer
        primaryKey: true
      - name: big
        logicalType: integer
        logicalTypeOptions: { format: i32, multipleOf: 3, minimum: -0.5, maximum: 10000000000000000000 }
      - name: big_u64
        physicalName: big
        logicalType: integer
        logicalTypeOptions: { format: u64, exclusiveMinimum: -9223372036854775808, exclusiveMaximum: 4294967295.5 }
      - name: small
        logicalType: integer
        logicalTypeOptions: { format: i8, minimum: 0, exclusiveMaximum: 100, multipleOf: 2 }
        quality:
          - { name: small_nulls, type: sql, query: 'SELECT count(*) FROM {object} WHERE {property} IS NULL', mustBe: 2 }
      - name: small_u8
        physicalName: small
        logicalType: integer
        logicalTypeOptions: { format: u8 }
      - name: small_i16
        physicalName: small
        logicalType: integer
        logicalTypeOptions: { format: i16, multipleOf: 0.5 }
      - name: ratio
        logicalType: number
        logicalTypeOptions: { minimum: 0, maximum: 1, multipleOf: 0.25 }
        quality:
          - { name: ratio_nulls, metric: nullValues, mustBe: 1 }
          - { name: ratio_valid, metric: invalidValues, arguments: { validValues: [0, 0.25, 0.75] }, mustBe: 0 }
          - { name: ratio_duplicates, metric: duplicateValues, mustBe: 0 }
      - name: ratio_open
        physicalName: ratio
        logicalType: number
        logicalTypeOptions: { exclusiveMinimum: 0, exclusiveMaximum: 1, multipleOf: 0.1 }
      - name: price
        logicalType: number
        logicalTypeOptions: { exclusiveMinimum: 0, maximum: 1000, multipleOf: 0.05 }
        quality:
          - { name: price_valid, metric: invalidValues, arguments: { validValues: [10.05, 0.01, '1.10'] }, mustBe: 0 }
      - name: fine
        logicalType: number
        logicalTypeOptions: { minimum: 0.000000000000000000000000000001, maximum: 100000000 }
        quality:
          - { name: fine_valid, metric: invalidValues, arguments: { validValues: [0.1, 0.3, 1.7, 0.7, 0.000000000000000000000000000001] }, mustBe: 0 }
          - { name: fine_max, type: sql, query: 'SELECT max(fine) FROM {object} WHERE fine < 1', mustBe: 0.7 }
      - name: ts
        logicalType: timestamp
        logicalTypeOptions: { minimum: "2024-06-01T00:00:00+02:00", maximum: "2024-06-01 00:00:00" }
      - name: ts_open
        physicalName: ts
        logicalType: timestamp
        logicalTypeOptions: { exclusiveMinimum: "2000-02-29", exclusiveMaximum: "2024-06-01T00:00:00Z" }
      - name: tstz
        logicalType: timestamp
        logicalTypeOptions: { minimum: "1970-01-01", maximum: "2024-06-01T00:00:00+02:00" }
        quality:
          - { name: tstz_duplicates, metric: duplicateValues, mustBe: 0 }
      - name: day
        logicalType: date
        logicalTypeOptions: { exclusiveMinimum: "0001-01-01", maximum: "9999-12-30" }
      - name: day_min
        physicalName: day
        logicalType: date
        logicalTypeOptions: { minimum: "2000-02-29", exclusiveMaximum: "9999-12-31" }
      - name: extreme
        logicalType: number
        logicalTypeOptions: { minimum: -1e308, exclusiveMaximum: 1e300, multipleOf: 1e-9 }
        quality:
          - { name: extreme_valid, metric: invalidValues, arguments: { validValues: [1e300, 5e-324, 0] }, mustBe: 0 }
          - { name: extreme_duplicates, metric: duplicateValues, mustBe: 0 }
    quality:
      - { name: not_finite, type: sql, query: 'SELECT count(*) FROM {object} WHERE ratio > 1 OR ratio < 0', mustBe: 0 }
      - { name: biggest, type: sql, query: 'SELECT max(big) FROM {object}', mustBeGreaterThan: 0 }
      - { name: biggest_written, type: sql, query: 'SELECT max(big) FROM {object}', mustBe: 9223372036854775806 }
      - { name: total_price, type: sql, query: 'SELECT sum(price) FROM {object}', mustBeLessThan: 1000 }
      - { name: mean_small, type: sql, query: 'SELECT avg(small) FROM {object}', mustBeGreaterThan: 0 }
      - { name: any_negative, type: sql, query: 'SELECT count(*) > 0 FROM {object} WHERE big < 0', mustBe: true }
      - { name: days, type: sql, query: 'SELECT count(DISTINCT day) FROM {object}', mustBeGreaterOrEqualTo: 9 }
  - name: lines
    properties:
      - name: order_id
        logicalType: integer
        primaryKey: true
        primaryKeyPosition: 1
      - name: line_no
        logicalType: integer
        primaryKey: true
        primaryKeyPosition: 2
      - name: sku
        logicalType: string
        quality:
          - { name: sku_missing, metric: missingValues, mustBe: 0 }
          - { name: sku_duplicates, metric: duplicateValues, mustBe: 0 }
      - name: weight
        logicalType: number
        quality:
          - { name: weight_duplicates, metric: duplicateValues, mustBe: 0 }
      - name: gift
        logicalType: boolean
        quality:
          - { name: gift_missing, metric: missingValues, arguments: { missingValues: ['', true] }, mustBe: 0 }
          - { name: gift_missing_spelt, metric: missingValues, arguments: { missingValues: [null, 'TRUE', 't'] }, mustBe: 0 }
          - { name: gift_valid, metric: invalidValues, arguments: { validValues: [false, n/a] }, mustBe: 0 }
          - { name: gift_valid_none, metric: invalidValues, arguments: { validValues: [n/a, 1] }, mustBe: 0 }
    quality:
      - { name: key_duplicates, metric: duplicateValues, arguments: { properties: [order_id, line_no] }, mustBe: 0 }
      - { name: sku_weight, metric: duplicateValues, arguments: { properties: [sku, weight] }, unit: percent, mustBe: 0 }
  - name: floats
    properties:
      - name: id
        logicalType: integer
      - name: r
        logicalType: number
        logicalTypeOptions: { minimum: 0.1, maximum: 0.3, multipleOf: 0.1 }
        quality:
          - { name: r_valid, metric: invalidValues, arguments: { validValues: [0.1, 0.2] }, mustBe: 0 }
          - { name: r_valid_one, metric: invalidValues, arguments: { validValues: [0.1] }, mustBe: 0 }
          - { name: r_missing, metric: missingValues, arguments: { missingValues: [0.1] }, mustBe: 0 }
          - { name: r_missing_two, metric: missingValues, arguments: { missingValues: [0.1, '0.3'] }, mustBe: 0 }
          - { name: r_duplicates, metric: duplicateValues, mustBe: 0 }
      - name: r_open
        physicalName: r
        logicalType: number
        logicalTypeOptions: { exclusiveMinimum: 0.1, exclusiveMaximum: 0.3 }
      - name: r_wide
        physicalName: r
        logicalType: number
        logicalTypeOptions: { minimum: 1e-50, exclusiveMaximum: 1e39 }
      - name: j
        logicalType: object
      - name: jb
        logicalType: object
slaProperties:
  - { property: latency, value: 1, unit: h, element: measures.ts }
  - { property: freshness, value: 2, unit: h, element: measures.tstz }
  - { property: retention, value: 10, unit: y, element: measures.tstz }
  - { property: retention, value: 30, unit: y, element: measures.ts }
  - { property: latency, value: 1, unit: d, element: measures.day }
`);

/** "Now" for the SLAs: an hour after the newest `ts`, a day after the newest `tstz`. */
const NOW = new Date("2024-06-01T01:00:00Z");

let server: PostgresServer;
let data: TestData;
let duckdb: QualityRun;
let postgres: QualityRun;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** DuckDB list text: `['a', 'b']`, each item a quoted string. */
const duckList = (items: string[]) => `[${items.map((item) => `'${item.replaceAll("'", "''")}'`).join(", ")}]`;

async function writeParquet(dir: string): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    for (const table of TABLES) {
      await connection.run(`CREATE TABLE ${quoted(table.name)} (${table.columns.map((c) => `${quoted(c.name)} ${c.duckdb}`).join(", ")})`);
      const insert = await connection.prepare(`INSERT INTO ${quoted(table.name)} VALUES (${table.columns.map((c, i) => `CAST($${i + 1} AS ${c.duckdb})`).join(", ")})`);
      for (const row of table.rows) {
        insert.bind(row.map((cell) => (Array.isArray(cell) ? duckList(cell) : cell)));
        await insert.run();
      }
      const file = join(dir, `${table.name}.parquet`).replaceAll("'", "''");
      await connection.run(`COPY ${quoted(table.name)} TO '${file}' (FORMAT parquet)`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function loadPostgres(): Promise<void> {
  const client = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database });
  await client.connect();
  try {
    await client.query("SET TimeZone = 'UTC'");
    await client.query("CREATE SCHEMA parity");
    for (const table of TABLES) {
      const name = `parity.${quoted(table.name)}`;
      await client.query(`CREATE TABLE ${name} (${table.columns.map((c) => `${quoted(c.name)} ${c.postgres}`).join(", ")})`);
      const insert = `INSERT INTO ${name} VALUES (${table.columns.map((c, i) => `$${i + 1}::${c.postgres}`).join(", ")})`;
      // pg sends a JS array as an array literal, each item quoted.
      for (const row of table.rows) await client.query(insert, row);
    }
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  [server, data] = await Promise.all([startPostgres({ database: "analytics" }), createTestData()]);
  await Promise.all([writeParquet(data.data), loadPostgres()]);
  const yaml = CONTRACT(server.port);
  const options = { now: NOW, sampleSize: 100 };
  [duckdb, postgres] = await Promise.all([
    runContract(data.dir, yaml, options),
    runContract(data.dir, yaml, { ...options, server: "prod", env: { MESHKIT_POSTGRES_USER: server.user, MESHKIT_POSTGRES_PASSWORD: server.password } }),
  ]);
});

afterAll(async () => {
  await server?.stop();
  data?.cleanup();
});

/** What must be equal on both engines: a type check's measurement is the engine's own type name. */
function comparable(check: CheckResult) {
  const type = check.rule === "schema-column-type";
  const sample = check.sample?.map((row) => JSON.stringify(row)).sort();
  return {
    id: check.id,
    status: check.status,
    measured: type ? "(type name)" : check.measured,
    rowsChecked: check.rowsChecked,
    failedRows: check.failedRows,
    threshold: check.threshold,
    unit: check.unit,
    message: type ? "(type name)" : check.message,
    sample,
  };
}

describe("DuckDB and PostgreSQL agree on the same rows", () => {
  it("runs every check on both engines without errors", () => {
    expect(duckdb.results.engine).toBe("duckdb");
    expect(postgres.results.engine).toBe("postgres");
    const errors = (run: QualityRun) => run.results.checks.filter((c) => c.status === "error").map((c) => `${c.id}: ${c.message}`);
    expect(errors(duckdb)).toEqual([]);
    expect(errors(postgres)).toEqual([]);
    expect(postgres.results.checks.map((c) => c.id)).toEqual(duckdb.results.checks.map((c) => c.id));
  });

  it("gives each check the same status, measurement, failed rows, threshold, message and sample", () => {
    const pgById = new Map(postgres.results.checks.map((c) => [c.id, comparable(c)]));
    const differences = duckdb.results.checks
      .map(comparable)
      .filter((d) => JSON.stringify(d) !== JSON.stringify(pgById.get(d.id)))
      .map((d) => ({ duckdb: d, postgres: pgById.get(d.id) }));
    expect(differences).toEqual([]);
  });

  it.each([
    ["people.rc_is", "pass", 16],
    ["people.name.required", "fail", 1],
    // Code points, not graphemes or UTF-16 units: '' and '😀😀' are short, 'e\u0301e' (3) and '🇵🇹🇵🇹' (4) are not.
    ["people.name.minLength", "fail", 2],
    ["people.name.maxLength", "fail", 2],
    // `.` does not match a line break (RE2, ECMA-262): 'a\nb' does not match ^a.b$ on PostgreSQL either.
    ["people.name.name_dot", "fail", 15],
    // '', 'n/a' and 'N/A' are listed as missing; null is not in the list, and '\t' is not ' '.
    ["people.email.email_missing", "fail", 3],
    // Integer columns against bounds a BIGINT cannot hold or that are not whole.
    ["measures.big.minimum", "fail", 2],
    ["measures.big.maximum", "pass", 0],
    ["measures.big_u64.exclusiveMinimum", "fail", 1],
    ["measures.big_u64.exclusiveMaximum", "fail", 2],
    // NaN and ±Infinity are no multiple of anything; 1e15 is a multiple of 0.1; 1e-300 is 0 at 9 places.
    ["measures.ratio.multipleOf", "fail", 4],
    ["measures.ratio_open.multipleOf", "fail", 5],
    // Values of 1e29 or more (±1e300, ±1.7976931348623157e308) have no remainder of decimals: they fail, as
    // NaN does. (Of 0.1, 5e-324 would fail on DuckDB only, whose cast reads the text "5e-324" as 1e-9.)
    ["measures.extreme.multipleOf", "fail", 5],
    // A BIGINT beyond 2^53 is measured exactly (its text), so comparators apply to it, and not to the double
    // both it and the contract's 9223372036854775806 round to (2^63): …807 is not …806.
    ["measures.biggest", "pass", "9223372036854775807"],
    ["measures.biggest_written", "fail", "9223372036854775807"],
    // A DECIMAL(38,30) meets the contract's numbers as its nearest doubles on DuckDB, exact on PostgreSQL: a value
    // equal to a bound or listed (0.1, 1e-30) passes; 0 and -1e-30 are below the minimum; they, 99999999.99… and
    // 12345678.12… are not listed; the maximum, beyond its 8 whole digits, is checked rather than a conversion error.
    ["measures.fine.minimum", "fail", 2],
    ["measures.fine.maximum", "pass", 0],
    ["measures.fine.fine_valid", "fail", 4],
    ["measures.fine.fine_max", "pass", 0.7],
    // A 4-byte float stored as 0.1 (or 0.3) is the contract's 0.1 (0.3), in bounds and in value lists alike:
    // above 0.3 are 0.30000004, NaN and 16777216; at or beyond the open bounds also 0.1 twice and 0.3.
    // NaN is in no range: it fails the minimum as the maximum.
    ["floats.r.minimum", "fail", 1],
    ["floats.r.maximum", "fail", 3],
    ["floats.r_open.exclusiveMinimum", "fail", 3],
    ["floats.r_open.exclusiveMaximum", "fail", 4],
    ["floats.r.r_valid", "fail", 4],
    ["floats.r.r_valid_one", "fail", 5],
    ["floats.r.r_missing", "fail", 2],
    ["floats.r.r_missing_two", "fail", 3],
    ["floats.r.r_duplicates", "fail", 1],
    // A float is a multiple by its shortest text: 0.30000004 is none of 0.1 (nor is NaN).
    ["floats.r.multipleOf", "fail", 2],
    // Bounds no 4-byte float stands for are compared as they are: only NaN is at or above 1e39 (and below 1e-50).
    ["floats.r_wide.minimum", "fail", 1],
    ["floats.r_wide.exclusiveMaximum", "fail", 1],
    // A boolean column compares with a list's booleans (and 'true' / 'false' in any case) as booleans, on both
    // engines, whatever else the list holds; '', 'n/a', 't' or 1 is no boolean and equals none.
    ["lines.gift.gift_missing", "fail", 3],
    ["lines.gift.gift_missing_spelt", "fail", 5],
    ["lines.gift.gift_valid", "fail", 3],
    ["lines.gift.gift_valid_none", "fail", 6],
  ] as const)("%s is %s with %s on both engines", (id, status, measured) => {
    for (const run of [duckdb, postgres]) expect(resultOf(run, id)).toMatchObject({ status, measured });
  });

  it("shows a 4-byte float by its shortest text, and a JSON value as its text, on both engines", () => {
    for (const run of [duckdb, postgres]) {
      const invalid = resultOf(run, "floats.r.r_valid_one").sample as Record<string, unknown>[];
      expect(invalid.find((row) => row.id === "5")).toEqual({ id: "5", r: 0.30000004, j: null, jb: null });
      // A JSON null is not SQL's NULL, a JSON string is not text, and a number keeps every digit.
      expect(invalid.find((row) => row.id === "2")).toEqual({ id: "2", r: 0.2, j: "null", jb: "null" });
      expect(invalid.find((row) => row.id === "3")).toEqual({ id: "3", r: 0.3, j: '"str"', jb: '"str"' });
      const missing = resultOf(run, "floats.r.r_missing").sample as Record<string, unknown>[];
      expect(missing.find((row) => row.id === "1")).toEqual({ id: "1", r: 0.1, j: '{"a": 1, "n": 12345678901234567890}', jb: '{"a": 1, "n": 12345678901234567890}' });
    }
  });
});
