import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QualityRun } from "./run.js";
import { contractYaml, resultOf, runContract } from "./test-support.js";

/**
 * Nested dates and timestamps the data holds as text are counted row by row, as top-level ones are:
 * - meta.created (date, minimum 2024-01-01, required): "2024-01-05", "not a date", 5, null, "2023-12-31"
 *   → type 2 (rows 2, 3: JSON of mixed types, read as text); minimum 1 (row 5); required 1 (row 4).
 * - events[].on (timestamp): [two ISO], ["yesterday"], [7], [null], [] → type 2, in at least one item.
 * - plain.d (date, maximum 2024-06-30): all strings, "31/02/2024" no date → type 1 (row 2); maximum 1 (row 5).
 * - local.d (date, format dd/MM/yyyy): "05/01/2024", "32/01/2024", … → type 1 (row 2).
 */
const ROWS = [
  { id: 1, meta: { created: "2024-01-05" }, events: [{ on: "2024-01-05T10:00:00" }, { on: "2024-01-06T10:00:00" }], plain: { d: "2024-02-01" }, local: { d: "05/01/2024" } },
  { id: 2, meta: { created: "not a date" }, events: [{ on: "yesterday" }], plain: { d: "31/02/2024" }, local: { d: "32/01/2024" } },
  { id: 3, meta: { created: 5 }, events: [{ on: 7 }], plain: { d: null }, local: { d: "01/02/2024" } },
  { id: 4, meta: { created: null }, events: [{ on: null }], plain: null, local: null },
  { id: 5, meta: { created: "2023-12-31" }, events: [], plain: { d: "2024-12-31" }, local: { d: "31/12/2023" } },
];

const contract = (path: string, format: string) =>
  contractYaml(`servers:
  - server: local
    type: local
    path: ./${path}
    format: ${format}
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
      - name: meta
        logicalType: object
        properties:
          - name: created
            logicalType: date
            required: true
            logicalTypeOptions: { minimum: '2024-01-01' }
      - name: events
        logicalType: array
        items:
          logicalType: object
          properties:
            - name: on
              logicalType: date
              physicalType: timestamp
      - name: plain
        logicalType: object
        properties:
          - name: d
            logicalType: date
            logicalTypeOptions: { maximum: '2024-06-30' }
      - name: local
        logicalType: object
        properties:
          - name: d
            logicalType: date
            logicalTypeOptions: { format: dd/MM/yyyy }
`);

const EXPECTED: [string, number, string][] = [
  ["t.meta.created.type", 2, "2 of 5 rows (40%) have `meta.created` text that is not a date (ISO 8601); must be 0"],
  ["t.meta.created.minimum", 1, "below the minimum"],
  ["t.meta.created.required", 1, "null"],
  ["t.events[].on.type", 2, "2 of 5 rows (40%) have `events[].on` text that is not a date (ISO 8601) in at least one item; must be 0"],
  ["t.plain.d.type", 1, "1 of 5 rows (20%) have `plain.d` text that is not a date (ISO 8601); must be 0"],
  ["t.plain.d.maximum", 1, "above the maximum"],
  ["t.local.d.type", 1, "have `local.d` text that is not a date in the format `dd/MM/yyyy`"],
];

describe("nested dates held as text, counted row by row", () => {
  let dir: string;
  const runs: Record<string, QualityRun> = {};
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "meshkit-nested-temporal-"));
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "t.json"), JSON.stringify(ROWS));
    runs.json = await runContract(dir, contract("data/t.json", "json"));
    // The same values in Parquet, where the nested fields are VARCHAR (a JSON 5 as the text '5').
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const parquet = join(dir, "data", "t.parquet").replaceAll("'", "''");
    await connection.run(`COPY (SELECT * FROM read_json('${join(dir, "data", "t.json").replaceAll("'", "''")}', columns = {id: 'BIGINT', meta: 'STRUCT(created VARCHAR)', events: 'STRUCT("on" VARCHAR)[]', plain: 'STRUCT(d VARCHAR)', local: 'STRUCT(d VARCHAR)'})) TO '${parquet}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    runs.parquet = await runContract(dir, contract("data/t.parquet", "parquet"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ["json", "parquet"]) {
    it.each(EXPECTED)(`${format}: %s fails %i rows`, (id, failed, message) => {
      expect(resultOf(runs[format]!, id)).toMatchObject({ status: "fail", failedRows: failed, message: expect.stringContaining(message) });
    });
  }

  it("shows the failing rows of a nested type check", () => {
    const sample = resultOf(runs.json!, "t.meta.created.type").sample;
    expect(sample?.map((row) => row.id)).toEqual(["2", "3"]);
  });
});

/**
 * Nested scalars of mixed JSON types (JSON to DuckDB's reader) are read as their declared type, as top-level ones are:
 * - meta.code (string, maxLength 2, validValues [A1]): "A1", 5, "A33", null, {"x": 1} → type 2 (5, {}); maxLength 1
 *   ("A33"); invalidValues 3 (5 as '5', "A33", the object's text).
 * - lines[].qty (integer, minimum 1): [1, "2"], [0], [2.5], [], null → type 2 (rows 1, 3); minimum 1 (row 2).
 * - meta.flag (boolean): true, "yes", false, null, true → type 1.
 */
const SCALAR_ROWS = [
  { id: 1, meta: { code: "A1", flag: true }, lines: [{ qty: 1 }, { qty: "2" }] },
  { id: 2, meta: { code: 5, flag: "yes" }, lines: [{ qty: 0 }] },
  { id: 3, meta: { code: "A33", flag: false }, lines: [{ qty: 2.5 }] },
  { id: 4, meta: { code: null, flag: null }, lines: [] },
  { id: 5, meta: { code: { x: 1 }, flag: true }, lines: null },
];

const SCALAR_CONTRACT = contractYaml(`servers:
  - server: local
    type: local
    path: ./t.json
    format: json
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
      - name: meta
        logicalType: object
        properties:
          - name: code
            logicalType: string
            logicalTypeOptions: { maxLength: 2 }
            quality:
              - { name: code_valid, metric: invalidValues, arguments: { validValues: [A1] }, mustBe: 0 }
          - name: flag
            logicalType: boolean
      - name: lines
        logicalType: array
        items:
          logicalType: object
          properties:
            - name: qty
              logicalType: integer
              logicalTypeOptions: { minimum: 1 }
    quality:
      - { name: qty_total, type: sql, query: "SELECT sum(l.qty) FROM (SELECT unnest(lines) AS l FROM {object})", mustBe: 1 }
      - { name: flagged, type: sql, query: "SELECT count(*) FROM {object} WHERE meta.flag", mustBe: 2 }
      - { name: coded, type: sql, query: "SELECT count(*) FROM {object} WHERE meta.code = 'A1'", mustBe: 1 }
`);

describe("nested scalars of mixed JSON types, counted row by row", () => {
  let dir: string;
  let run: QualityRun;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "meshkit-nested-mixed-"));
    writeFileSync(join(dir, "t.json"), JSON.stringify(SCALAR_ROWS));
    run = await runContract(dir, SCALAR_CONTRACT);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["t.meta.code.type", 2, "2 of 5 rows (40%) have `meta.code` of another JSON type than string; must be 0"],
    ["t.meta.code.maxLength", 1, "longer than 2 characters"],
    ["t.meta.code.code_valid", 3, "invalid"],
    ["t.meta.flag.type", 1, "1 of 5 rows (20%) have `meta.flag` of another JSON type than boolean; must be 0"],
    ["t.lines[].qty.type", 2, "2 of 5 rows (40%) have `lines[].qty` of another JSON type than integer in at least one item; must be 0"],
    ["t.lines[].qty.minimum", 1, "below the minimum"],
  ] as const)("%s fails %i rows", (id, failed, message) => {
    expect(resultOf(run, id)).toMatchObject({ status: "fail", failedRows: failed, message: expect.stringContaining(message) });
  });

  it("SQL rules read those parts as declared, as they read such a column: a value of another JSON type is NULL there", () => {
    // The parts are JSON to the reader: `sum(l.qty)` had no function for JSON, and `WHERE meta.flag` compared JSON.
    // qty: 1, "2", 0, 2.5 → 1 + 0; flag true in rows 1 and 5 ("yes" is none); code 'A1' in row 1.
    expect(resultOf(run, "t.qty_total")).toMatchObject({ status: "pass", measured: 1 });
    expect(resultOf(run, "t.flagged")).toMatchObject({ status: "pass", measured: 2 });
    expect(resultOf(run, "t.coded")).toMatchObject({ status: "pass", measured: 1 });
  });

  it("so do they when a late value of another JSON type made a part of one type JSON", async () => {
    // Past the 20,480 records DuckDB's reader types from: `o.n` is BIGINT to it, read as JSON for the late 1.5.
    const rows = Array.from({ length: 21_000 }, (_, i) => JSON.stringify({ id: i + 1, o: { n: i === 20_999 ? 1.5 : 1 } }));
    writeFileSync(join(dir, "late.jsonl"), `${rows.join("\n")}\n`);
    const late = await runContract(
      dir,
      contractYaml(`servers:
  - { server: local, type: local, path: ./late.jsonl }
schema:
  - name: late
    properties:
      - { name: id, logicalType: integer }
      - name: o
        logicalType: object
        properties:
          - { name: n, logicalType: integer }
    quality:
      - { name: total, type: sql, query: "SELECT sum(o.n) FROM {object}", mustBe: 20999 }
`),
    );
    expect(resultOf(late, "late.o.n.type")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(resultOf(late, "late.total")).toMatchObject({ status: "pass", measured: 20_999 });
  });
});
