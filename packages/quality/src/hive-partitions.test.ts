import { DuckDBInstance } from "@duckdb/node-api";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractYaml, resultOf, runContract } from "./test-support.js";

/**
 * Hive-partitioned folders (`orders/year=2024/region=eu/part-0.csv`): DuckDB's readers add a column per
 * `key=value` folder by themselves, typed by their guess (`year=2024` a BIGINT). A partition column the
 * contract declares is typed as declared, as the file's own columns are.
 */
describe("hive-partitioned data", () => {
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "meshkit-hive-"));
    const partitions = [
      ["year=2024/region=01", "id,amount\n1,10\n2,20\n", [{ id: 1 }, { id: 2 }]],
      ["year=2025/region=02", "id,amount\n3,30\n", [{ id: 3 }]],
    ] as const;
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    for (const [folder, csv, records] of partitions) {
      for (const format of ["csv", "json", "parquet"]) mkdirSync(join(root, format, folder), { recursive: true });
      writeFileSync(join(root, "csv", folder, "part-0.csv"), csv);
      writeFileSync(join(root, "json", folder, "part-0.jsonl"), records.map((r) => `${JSON.stringify(r)}\n`).join(""));
      const file = join(root, "parquet", folder, "part-0.parquet").replaceAll("'", "''");
      await connection.run(`COPY (SELECT unnest(${JSON.stringify(records.map((r) => r.id))}) AS id) TO '${file}' (FORMAT parquet)`);
    }
    connection.closeSync();
    instance.closeSync();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const regionAsString = `      - name: region
        logicalType: string
        logicalTypeOptions: { pattern: '^0[0-9]$' }
`;
  const contract = (path: string, year: string, region = regionAsString) =>
    contractYaml(`servers:
  - server: local
    type: local
    path: ${path}
schema:
  - name: orders
    properties:
      - name: id
        logicalType: integer
        required: true
${year}${region}`);
  const yearAsString = `      - name: year
        logicalType: string
        logicalTypeOptions: { pattern: '^[0-9]{4}$' }
`;

  it.each([
    ["CSV", "./csv/*/*/*.csv"],
    ["JSON", "./json/*/*/*.jsonl"],
    ["Parquet", "./parquet/*/*/*.parquet"],
  ])("reads a partition column declared a string as its folder's text (%s)", async (_, path) => {
    const run = await runContract(root, contract(path, yearAsString));
    expect(resultOf(run, "orders.year.type")).toMatchObject({ status: "pass", measured: "VARCHAR" });
    expect(resultOf(run, "orders.year.pattern")).toMatchObject({ status: "pass", measured: 0, rowsChecked: 3 });
    expect(resultOf(run, "orders.region.type")).toMatchObject({ status: "pass", measured: "VARCHAR" });
    expect(run.results.summary).toMatchObject({ failed: 0, errors: 0 });
  });

  it("types a CSV partition column declared a number as the file's columns are, and checks its values", async () => {
    const yearAsNumber = `      - name: year
        logicalType: number
        logicalTypeOptions: { minimum: 2025 }
`;
    const run = await runContract(root, contract("./csv/*/*/*.csv", yearAsNumber));
    expect(resultOf(run, "orders.year.type")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "orders.year.minimum")).toMatchObject({ status: "fail", measured: 2, rowsChecked: 3 });
    expect(run.results.summary).toMatchObject({ errors: 0 });
  });

  it.each([
    ["CSV", "id\n1\n", "csv"],
    ["JSON", '{"id": 1}\n', "jsonl"],
    ["Parquet", undefined, "parquet"],
  ])("reads a partition column declared a boolean as BOOLEAN when its folders say true or false (%s)", async (_, text, extension) => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    for (const folder of ["flag=true", "flag=False"]) {
      mkdirSync(join(root, `flags-${extension}`, folder), { recursive: true });
      const file = join(root, `flags-${extension}`, folder, `part-0.${extension}`);
      if (text === undefined) await connection.run(`COPY (SELECT 1 AS id) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
      else writeFileSync(file, text);
    }
    connection.closeSync();
    instance.closeSync();
    const flag = `      - name: flag
        logicalType: boolean
`;
    const run = await runContract(root, contractYaml(`servers:
  - server: local
    type: local
    path: ./flags-${extension}/*/*.${extension}
schema:
  - name: orders
    properties:
      - name: id
        logicalType: integer
${flag}`));
    expect(resultOf(run, "orders.flag.type")).toMatchObject({ status: "pass", measured: "BOOLEAN" });
    expect(run.results.summary).toMatchObject({ failed: 0, errors: 0 });
  });

  it.each([
    ["CSV", "./csv/*/*/*.csv", 3],
    ["JSON", "./json/*/*/*.jsonl", 3],
    ["Parquet", "./parquet/*/*/*.parquet", 3],
    ["CSV, one partition's file", "./csv/year=2024/region=01/part-0.csv", 2],
  ])("reads a partition column declared an integer as one when its folders hold integers with a leading zero (%s)", async (_, path, rows) => {
    // `region=01` is text to DuckDB's reader (for its leading zero): the column was VARCHAR, a type error.
    const run = await runContract(root, contract(path, "", "      - name: region\n        logicalType: integer\n        logicalTypeOptions: { minimum: 2 }\n"));
    expect(resultOf(run, "orders.region.type")).toMatchObject({ status: "pass", measured: "BIGINT" });
    expect(resultOf(run, "orders.region.minimum")).toMatchObject({ status: "fail", measured: 2, rowsChecked: rows });
    expect(run.results.summary).toMatchObject({ errors: 0 });
  });

  it("leaves a partition column declared an integer as text when a folder holds no integer: the type check says so", async () => {
    mkdirSync(join(root, "mixed", "region=01"), { recursive: true });
    mkdirSync(join(root, "mixed", "region=eu"), { recursive: true });
    writeFileSync(join(root, "mixed", "region=01", "part-0.jsonl"), '{"id": 1}\n');
    writeFileSync(join(root, "mixed", "region=eu", "part-0.jsonl"), '{"id": 2}\n');
    const run = await runContract(root, contract("./mixed/*/*.jsonl", "", "      - name: region\n        logicalType: integer\n"));
    expect(resultOf(run, "orders.region.type")).toMatchObject({ status: "fail", measured: "VARCHAR" });
    expect(run.results.summary).toMatchObject({ errors: 0 });
  });

  it("reads one partition's file given as its path alike", async () => {
    const run = await runContract(root, contract("./csv/year=2024/region=01/part-0.csv", yearAsString));
    expect(resultOf(run, "orders.year.type")).toMatchObject({ status: "pass", measured: "VARCHAR" });
    expect(resultOf(run, "orders.id.required")).toMatchObject({ status: "pass", rowsChecked: 2 });
  });
});
