import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractYaml, resultOf, runContract } from "./test-support.js";

/**
 * Several files read as one table (a glob `path`). CSV files (a glob `path`) are matched by column name: a file whose header is not read
 * as one puts its values in columns of its own (`column0`, …), and the declared columns are NULL in its rows.
 */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "meshkit-glob-files-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(root, "run-"));
  mkdirSync(join(dir, "parts"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "parts", name), text);
  return dir;
}

/** A contract of one object `t` read from `./parts/*.<ext>`: an integer `id` of minimum 0, then `properties`. */
function globContract(ext: string, properties: string): string {
  return contractYaml(`servers:
  - server: local
    type: local
    path: ./parts/*.${ext}
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
        logicalTypeOptions: { minimum: 0 }
${properties}`);
}

describe("a glob of CSV files, one of them without a header row", () => {
  const contract = globContract("csv", `      - name: name
        logicalType: string
`);

  it("is unreadable, naming the file, rather than a pass over NULLs where its values should be", async () => {
    const dir = folder({ "a.csv": "id,name\n1,ann\n", "b.csv": "id;name\n2;bob\n", "c.csv": "3,-5\n4,eve\n" });
    const run = await runContract(dir, contract);
    const id = resultOf(run, "t.id.minimum");
    expect(id.status).toBe("error");
    expect(run.results.notes).toEqual([
      expect.objectContaining({
        ruleId: "quality-data-unreadable",
        message: expect.stringMatching(/^Cannot read `t` from .*parts\/\*\.csv: .*parts\/c\.csv: no header row was detected \(DuckDB named the columns column0…column1\)/),
      }),
    ]);
  });

  it("names the line of the file whose row is of another length than its header, which kept the sniffer from reading the header", async () => {
    const dir = folder({ "a.csv": "id,name\n1,ann\n", "b.csv": "id,name\n2,bob\n3,eve,x\n4,kim\n" });
    const run = await runContract(dir, contract);
    expect(run.results.notes).toEqual([
      expect.objectContaining({
        ruleId: "quality-data-unreadable",
        message: expect.stringMatching(/^Cannot read `t` from .*parts\/\*\.csv: .*parts\/b\.csv: Invalid Input Error: CSV Error on Line: 3: Expected Number of Columns: 2 Found: 3$/),
      }),
    ]);
  });

  it("reads a file of no content (zero bytes, blank lines) as no rows, as it reads such a file alone, not as one without a header row", async () => {
    for (const blank of ["", "\n", "\n\n", " \r\n \r\n"]) {
      const run = await runContract(folder({ "a.csv": "id,name\n1,ann\n2,bob\n", "b.csv": blank }), contract);
      expect(run.findings, JSON.stringify(blank)).toEqual([]);
      expect(resultOf(run, "t.id.minimum"), JSON.stringify(blank)).toMatchObject({ status: "pass", rowsChecked: 2 });
    }
    // Every file so: an empty table of the contract's columns.
    const empty = await runContract(folder({ "a.csv": "\n\n", "b.csv": "" }), contract);
    expect(empty.findings.map((f) => f.ruleId)).toEqual(["quality-no-rows"]);
    expect(resultOf(empty, "t.id.minimum")).toMatchObject({ status: "pass", rowsChecked: 0 });
  });

  it("reads files of other delimiters and column orders, each with its header, as one table", async () => {
    const dir = folder({ "a.csv": "id,name\n1,ann\n", "b.csv": "\uFEFFid;name\n2;\"b;c\"\n", "c.csv": "name,id\neve,-3\n" });
    const run = await runContract(dir, contract);
    expect(resultOf(run, "t.id.minimum")).toMatchObject({ status: "fail", measured: 1, rowsChecked: 3 });
  });
});

/**
 * A JSON array after a UTF-8 byte order mark (PowerShell, .NET) among a glob's files made DuckDB's reader take every
 * file's records for one JSON value each: one column `json`, every declared column "missing".
 */
describe("a glob of JSON files, one of them an array after a byte order mark", () => {
  const contract = globContract("json", `      - name: c
        logicalType: object
        properties:
          - name: e
            logicalType: string
            required: true
`);
  const BOM = "\uFEFF";

  it("reads the files as the arrays they all are", async () => {
    const dir = folder({ "a.json": '[{"id":1,"c":{"e":"x"}},{"id":2,"c":{"e":null}}]', "b.json": `${BOM}[{"id":-3,"c":null}]` });
    const run = await runContract(dir, contract);
    expect(resultOf(run, "t.id.type")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "t.id.minimum")).toMatchObject({ status: "fail", measured: 1, rowsChecked: 3 });
    expect(resultOf(run, "t.c.e.required")).toMatchObject({ status: "fail", measured: 1 });
  });

  it("reads a gzipped one as the array it is, and names it among JSON lines: its byte order mark is inside the compression", async () => {
    const contractOfAny = contract.replace("path: ./parts/*.json", "path: ./parts/*.json*\n    format: json");
    const arrays = await runContract(folder({ "a.json": '[{"id":1,"c":{"e":"x"}},{"id":2,"c":{"e":null}}]', "b.json.gz": gzipSync(`${BOM}[{"id":-3,"c":null}]`) }), contractOfAny);
    expect(arrays.results.notes ?? []).toEqual([]);
    expect(resultOf(arrays, "t.id.minimum")).toMatchObject({ status: "fail", measured: 1, rowsChecked: 3 });
    const lines = await runContract(folder({ "a.json": '{"id":1,"c":{"e":"x"}}\n{"id":2}\n', "b.json.gz": gzipSync(`${BOM}[{"id":3,"c":null}]`) }), contractOfAny);
    expect(lines.results.notes).toEqual([expect.objectContaining({ ruleId: "quality-data-unreadable", message: expect.stringMatching(/parts\/b\.json\.gz is a JSON array after a UTF-8 byte order mark, /) })]);
  });

  it("names the file when the others are JSON lines, rather than reporting every declared column missing", async () => {
    const dir = folder({ "a.json": '{"id":1,"c":{"e":"x"}}\n{"id":2}\n', "b.json": `${BOM}[{"id":3,"c":null}]` });
    const run = await runContract(dir, contract);
    expect(resultOf(run, "t.id.exists")).toMatchObject({ status: "error" });
    expect(run.results.notes).toEqual([
      expect.objectContaining({
        ruleId: "quality-data-unreadable",
        message: expect.stringMatching(/parts\/b\.json is a JSON array after a UTF-8 byte order mark, .*: save it without the byte order mark, or as JSON lines$/),
      }),
    ]);
  });
});

/** DuckDB's CSV reader names the file of its error only in the settings it lists below it: among a glob's files, which one. */
describe("a glob of CSV files, one of them with a value or bytes the reader cannot read", () => {
  const contract = globContract("csv", `      - name: name
        logicalType: string
`);

  it("names the file that is not UTF-8", async () => {
    const dir = folder({ "a.csv": "id,name\n1,ann\n" });
    writeFileSync(join(dir, "parts", "b.csv"), Buffer.from("id,name\n2,caf\xe9\n", "latin1"));
    const run = await runContract(dir, contract);
    expect(run.results.notes).toEqual([
      expect.objectContaining({ ruleId: "quality-data-unreadable", message: expect.stringMatching(/This file is not utf-8 encoded\. \(in .*parts\/b\.csv\)$/) }),
    ]);
  });

  it("names the file and its line holding a value the column's type cannot hold", async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},n\n`).join("");
    const dir = folder({ "a.csv": "id,name\n1,ann\n", "b.csv": `id,name\n${rows}abc,n\n` });
    const run = await runContract(dir, contract);
    expect(resultOf(run, "t.id.type")).toMatchObject({
      status: "fail",
      message: expect.stringMatching(/CSV Error on Line: 30002: Error when converting column "id"\. Could not convert string "abc" to 'BIGINT' \(in .*parts\/b\.csv\)$/),
    });
  });
});

/** In one CSV file a quoted empty field ("") in a typed column reads as no value (bad-input.test.ts): so in a glob's files. */
describe('a glob of CSV files with a quoted empty field ("") in a number column', () => {
  const contract = globContract("csv", `      - { name: amount, logicalType: number, quality: [{ metric: nullValues, mustBe: 0 }] }
      - { name: day, logicalType: date, quality: [{ metric: nullValues, mustBe: 0 }] }
      - { name: name, logicalType: string, quality: [{ metric: missingValues, mustBe: 0 }] }
`);

  it("reads it as NULL, as in one file, rather than failing the column's conversion; in a text column it stays an empty string", async () => {
    // Dates in a format the reader detects (not ISO) are still read as dates: they are not converted by meshkit.
    const dir = folder({ "a.csv": 'id,amount,day,name\n1,"",02/01/2024,a\n2,2.5,,""\n', "b.csv": 'id,amount,day,name\n3,4,13/01/2024,c\n4,"",14/01/2024,d\n' });
    const run = await runContract(dir, contract);
    expect(run.results.checks.filter((c) => c.status === "error")).toEqual([]);
    expect([resultOf(run, "t.amount.type").status, resultOf(run, "t.day.type").status]).toEqual(["pass", "pass"]);
    expect([resultOf(run, "t.amount.nullValues").failedRows, resultOf(run, "t.day.nullValues").failedRows, resultOf(run, "t.name.missingValues").failedRows]).toEqual([2, 1, 1]);
    expect(resultOf(run, "t.id.minimum")).toMatchObject({ status: "pass", rowsChecked: 4 });
  });

  it("keeps the columns of the files' key=value folders", async () => {
    const dir = mkdtempSync(join(root, "run-"));
    for (const [year, text] of [["2024", 'id,amount,day,name\n1,"",2024-01-02,a\n'], ["2025", "id,amount,day,name\n2,3,2025-01-02,b\n"]] as const) {
      mkdirSync(join(dir, "parts", `year=${year}`), { recursive: true });
      writeFileSync(join(dir, "parts", `year=${year}`, "f.csv"), text);
    }
    const run = await runContract(dir, contract.replace("./parts/*.csv", "./parts/*/*.csv").replace("schema:\n  - name: t\n    properties:\n", "schema:\n  - name: t\n    properties:\n      - { name: year, logicalType: integer, logicalTypeOptions: { minimum: 2025 } }\n"));
    expect(run.results.checks.filter((c) => c.status === "error")).toEqual([]);
    expect(resultOf(run, "t.amount.nullValues").failedRows).toBe(1);
    expect(resultOf(run, "t.year.minimum")).toMatchObject({ status: "fail", failedRows: 1, rowsChecked: 2 });
  });
});
