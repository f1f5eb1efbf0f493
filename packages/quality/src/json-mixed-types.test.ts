import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { duckdb } from "@meshkit/core/duckdb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { QualityRun } from "./run.js";
import { contractYaml, resultOf, runContract } from "./test-support.js";

/**
 * A JSON file whose top-level fields mix JSON types is typed JSON by DuckDB's reader. Each is read as its
 * declared type: the type check counts the rows of another JSON type, and the other checks still run,
 * value lists meeting each value's text (`5` as '5', `"n/a"` as 'n/a').
 * - code (string): "A1", 5, "A3", null, "" → type 1 (5); validValues [A1, A3, ""]: 1 (5); missingValues [null, '5']: 2;
 *   maxLength 2: none (5 is no string, "" is 0 long).
 * - score (number): 10, "n/a", 30.5, 40, {} → type 2 ("n/a", {}); validValues [10, 30.5, 40]: 2; missingValues ['n/a']: 1; minimum 20: 1 (10).
 * - qty (integer): 1, 2.5, "3", 1, null → type 2 (2.5, "3"); unique: 1 (1 twice).
 * - flag (boolean): true, "yes", false, null, true → type 1.
 */
const ROWS = [
  { id: 1, code: "A1", score: 10, qty: 1, flag: true },
  { id: 2, code: 5, score: "n/a", qty: 2.5, flag: "yes" },
  { id: 3, code: "A3", score: 30.5, qty: "3", flag: false },
  { id: 4, code: null, score: 40, qty: 1, flag: null },
  { id: 5, code: "", score: {}, qty: null, flag: true },
];

const CONTRACT = contractYaml(`servers:
  - server: local
    type: local
    path: ./t.json
    format: json
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
      - name: code
        logicalType: string
        logicalTypeOptions: { maxLength: 2 }
        quality:
          - { name: code_valid, metric: invalidValues, arguments: { validValues: [A1, A3, ''] }, mustBe: 0 }
          - { name: code_missing, metric: missingValues, arguments: { missingValues: [null, '5'] }, mustBe: 0 }
      - name: score
        logicalType: number
        logicalTypeOptions: { minimum: 20 }
        quality:
          - { name: score_valid, metric: invalidValues, arguments: { validValues: [10, 30.5, 40] }, mustBe: 0 }
          - { name: score_missing, metric: missingValues, arguments: { missingValues: ['n/a'] }, mustBe: 0 }
      - name: qty
        logicalType: integer
        unique: true
      - name: flag
        logicalType: boolean
`);

describe("top-level JSON fields of mixed types, on DuckDB", () => {
  let run: QualityRun;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "meshkit-json-mixed-"));
    writeFileSync(join(dir, "t.json"), JSON.stringify(ROWS));
    run = await runContract(dir, CONTRACT);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("counts the rows whose value is of another JSON type in the type check", () => {
    expect(resultOf(run, "t.code.type")).toMatchObject({ status: "fail", measured: 1, failedRows: 1, message: "1 of 5 rows (20%) have `code` of another JSON type than string; must be 0" });
    expect(resultOf(run, "t.score.type")).toMatchObject({ status: "fail", measured: 2, message: expect.stringContaining("of another JSON type than number") });
    expect(resultOf(run, "t.qty.type")).toMatchObject({ status: "fail", measured: 2, message: expect.stringContaining("of another JSON type than integer") });
    expect(resultOf(run, "t.flag.type")).toMatchObject({ status: "fail", measured: 1, message: expect.stringContaining("of another JSON type than boolean") });
  });

  it("still counts value lists, by each value's text", () => {
    expect(resultOf(run, "t.code.code_valid")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(resultOf(run, "t.code.code_missing")).toMatchObject({ status: "fail", failedRows: 2 });
    expect(resultOf(run, "t.score.score_valid")).toMatchObject({ status: "fail", failedRows: 2 });
    expect(resultOf(run, "t.score.score_missing")).toMatchObject({ status: "fail", failedRows: 1 });
  });

  it("checks bounds, lengths and uniqueness on the values of the declared type", () => {
    expect(resultOf(run, "t.code.maxLength")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(resultOf(run, "t.score.minimum")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(resultOf(run, "t.qty.unique")).toMatchObject({ status: "fail", failedRows: 1 });
  });
});

/**
 * An `object` field of mixed JSON types (an object in some records, a string, number or array in others) is typed
 * JSON by the reader, which the `object` family takes: the type check counts the rows holding no object, top-level
 * and nested alike, instead of passing the column.
 * - extra: {"k": 1}, [1], null, 5, "x" → type 3 ([1], 5, "x").
 * - o.meta: {"a": 1}, "x", null (o itself a STRUCT) → type 1.
 * - l[].m: [{"z": 1}, 3], [{"z": 2}], [] → type 1 (the first row's 3).
 */
describe("object JSON fields of mixed types, on DuckDB", () => {
  let run: QualityRun;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "meshkit-json-mixed-object-"));
    const extra = [{ k: 1 }, [1], null, 5, "x"];
    const meta = [{ a: 1 }, "x", null, { a: 2 }, { a: 3 }];
    const l = [[{ m: { z: 1 } }, { m: 3 }], [{ m: { z: 2 } }], [], null, [{ m: null }]];
    writeFileSync(join(dir, "t.jsonl"), extra.map((value, i) => JSON.stringify({ id: i + 1, extra: value, o: { meta: meta[i], k: "k" }, l: l[i] })).join("\n"));
    run = await runContract(
      dir,
      contractYaml(`servers:
  - server: local
    type: local
    path: ./t.jsonl
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
      - name: extra
        logicalType: object
      - name: o
        logicalType: object
        properties:
          - { name: meta, logicalType: object }
      - name: l
        logicalType: array
        items:
          logicalType: object
          properties:
            - { name: m, logicalType: object }
`),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("counts the rows whose value is no JSON object in the type check, rather than passing the JSON column", () => {
    expect(resultOf(run, "t.extra.type")).toMatchObject({ status: "fail", measured: 3, failedRows: 3, message: "3 of 5 rows (60%) have `extra` of another JSON type than object; must be 0" });
    expect(resultOf(run, "t.extra.type").sample?.map((row) => row.extra)).toEqual(["[1]", "5", "x"]);
    expect(resultOf(run, "t.o.meta.type")).toMatchObject({ status: "fail", measured: 1, message: "1 of 5 rows (20%) have `o.meta` of another JSON type than object; must be 0" });
    expect(resultOf(run, "t.l[].m.type")).toMatchObject({ status: "fail", measured: 1, message: "1 of 5 rows (20%) have `l[].m` of another JSON type than object in at least one item; must be 0" });
  });
});

describe("the probes of a JSON file's fields typed JSON", () => {
  it("read a field that is null in every record once, not once per reason to look (a full read of the file each)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-json-probes-"));
    try {
      writeFileSync(join(dir, "t.json"), JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ id: i, note: null, code: i % 2 ? "A" : 1 }))));
      const yaml = contractYaml(`servers:
  - server: local
    type: local
    path: ./t.json
    format: json
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
      - name: note
        logicalType: string
      - name: code
        logicalType: string
`);
      const run = duckdb().DuckDBConnection.prototype.runAndReadAll;
      const spy = vi.spyOn(duckdb().DuckDBConnection.prototype, "runAndReadAll");
      try {
        const result = await runContract(dir, yaml);
        expect(resultOf(result, "t.note.type")).toMatchObject({ status: "pass" });
        expect(resultOf(result, "t.code.type")).toMatchObject({ status: "fail", failedRows: 25 });
        const probes = spy.mock.calls.map(([sql]) => String(sql)).filter((sql) => / IS NOT NULL LIMIT 1$/.test(sql));
        expect(probes.filter((sql) => sql.includes('WHERE "note" IS NOT NULL'))).toHaveLength(1);
        expect(probes.filter((sql) => sql.includes('WHERE "code" IS NOT NULL'))).toHaveLength(1);
      } finally {
        spy.mockRestore();
        expect(duckdb().DuckDBConnection.prototype.runAndReadAll).toBe(run);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A date or timestamp field of mixed JSON types (an ISO string in most rows, a number or boolean in some) is read
 * as its values' text and converted like any date held as text: the type check counts the rows that are no
 * such string, and bounds and SLAs read the rest — the whole column no longer fails as `JSON`.
 * - at: "2024-01-05T12:00:00Z", 5, "2024-01-04T00:00:00+02:00", true, null, "soon" → type 3 (5, true, "soon"); minimum 2024-01-01: 0.
 * - day: "2024-01-01", 20240101, "2024-01-03", "x", null, "2024-01-02" → type 2 (20240101, "x").
 * - compact (date, format yyyyMMdd): "20240101", 20240102, "20240103", "x", null, "20240104" → type 2 (20240102, "x"):
 *   a JSON number is no date string, though its text reads as one by the format.
 */
describe("date and timestamp JSON fields of mixed types, on DuckDB", () => {
  let run: QualityRun;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "meshkit-json-mixed-temporal-"));
    const at = ["2024-01-05T12:00:00Z", 5, "2024-01-04T00:00:00+02:00", true, null, "soon"];
    const day = ["2024-01-01", 20240101, "2024-01-03", "x", null, "2024-01-02"];
    const compact = ["20240101", 20240102, "20240103", "x", null, "20240104"];
    writeFileSync(join(dir, "t.json"), JSON.stringify(at.map((value, i) => ({ id: i + 1, at: value, day: day[i], compact: compact[i] }))));
    run = await runContract(
      dir,
      contractYaml(`servers:
  - server: local
    type: local
    path: ./t.json
    format: json
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
      - name: at
        logicalType: timestamp
        logicalTypeOptions: { minimum: "2024-01-01T00:00:00Z" }
      - name: day
        logicalType: date
      - name: compact
        logicalType: date
        logicalTypeOptions: { format: yyyyMMdd }
slaProperties:
  - { property: freshness, value: 1, unit: d, element: t.at }
`),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("counts the rows that are no ISO string of the type, rather than failing the column as JSON", () => {
    expect(resultOf(run, "t.at.type")).toMatchObject({ status: "fail", measured: 3, failedRows: 3, message: "3 of 6 rows (50%) have `at` text that is not a timestamp (ISO 8601) or a value of another JSON type than string; must be 0" });
    expect(resultOf(run, "t.day.type")).toMatchObject({ status: "fail", measured: 2, failedRows: 2, message: expect.stringContaining("text that is not a date (ISO 8601) or a value of another JSON type than string") });
  });

  it("fails a JSON number whose text reads as a date by a digits-only format: it is no date string", () => {
    expect(resultOf(run, "t.compact.type")).toMatchObject({
      status: "fail",
      measured: 2,
      message: "2 of 6 rows (33.33%) have `compact` text that is not a date in the format `yyyyMMdd` or a value of another JSON type than string; must be 0",
    });
    // The sample shows the number's text, as the data holds it.
    expect(resultOf(run, "t.compact.type").sample?.map((row) => row.compact)).toEqual(["20240102", "x"]);
  });

  it("checks bounds and SLAs on the values that read as the type", () => {
    expect(resultOf(run, "t.at.minimum")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(resultOf(run, "t.at.freshness")).toMatchObject({ status: "pass", measured: 0.5 });
  });
});
