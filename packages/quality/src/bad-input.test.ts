import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { QualityRun } from "./run.js";
import type { DataContract } from "@meshkit/core";
import { planChecks } from "./checks.js";
import { duckdb } from "@meshkit/core/duckdb";
import { openDuckDb } from "./duckdb.js";
import { resolveDataSource } from "./sources.js";
import { type TestData, contractDocument, contractYaml, createTestData, resultOf, runContract } from "./test-support.js";

let data: TestData;
beforeAll(async () => {
  data = await createTestData();
});
afterAll(() => data.cleanup());

/** A DuckDB database `name` in the test data's `data` folder, made by `sql`; its path. */
async function duckDbFile(name: string, sql: string): Promise<string> {
  const file = join(data.dir, "data", name);
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
  return file;
}

function localServer(path: string, format?: string): string {
  return `servers:\n  - server: local\n    type: local\n    path: ${JSON.stringify(path)}\n${format ? `    format: ${format}\n` : ""}`;
}

const ORDERS_SCHEMA = `schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: integer
        required: true
      - name: amount
        logicalType: number
        logicalTypeOptions:
          minimum: 0
        quality:
          - metric: nullValues
            unit: percent
            mustBeLessThan: 1
    quality:
      - metric: rowCount
        mustBeGreaterThan: 0
`;

/** Every check's status and the findings' rule ids. */
function statuses(run: QualityRun): Record<string, string> {
  return Object.fromEntries(run.results.checks.map((c) => [c.id, c.status]));
}

/** A query run straight on the DuckDB runner a contract's data opens, past the SQL guard: its own walls. */
async function queryOnRunner(yaml: string, sql: string): Promise<unknown> {
  const document = contractDocument(data.dir, yaml);
  const contract = document.value as DataContract;
  const plan = planChecks(contract);
  const resolution = resolveDataSource(contract, { baseDir: data.dir, cwd: data.dir, objects: plan.objects.map((o) => o.name) });
  if (!resolution.ok || resolution.source.kind === "postgres") throw new Error(`no DuckDB source: ${JSON.stringify(resolution)}`);
  const executor = await openDuckDb(resolution.source, plan.objects, (path) => path);
  try {
    return await executor.queryValues({ sql, params: [] });
  } finally {
    executor.close();
  }
}

/**
 * DuckDB failing internally, simulated: a query holding `fails internally` fails so, and the database that ran it fails
 * every query after it (as an INTERNAL error invalidates it). `before` runs first on every statement (to hold one back),
 * `onFailure` before the failing query rejects.
 * Restore the returned spy.
 */
function failingInternally(before: (sql: string) => Promise<void> = async () => {}, onFailure: () => unknown = () => {}) {
  const { DuckDBInstance: Instance } = duckdb();
  const create = Instance.create.bind(Instance);
  return vi.spyOn(Instance, "create").mockImplementation(async (path, options) => {
    const instance = await create(path, options);
    let invalidated = false;
    const connect = instance.connect.bind(instance);
    instance.connect = async () => {
      const connection = await connect();
      for (const method of ["prepare", "run", "runAndReadAll"] as const) {
        const original = (connection[method] as (sql: string) => Promise<unknown>).bind(connection);
        (connection as unknown as Record<string, unknown>)[method] = async (sql: string) => {
          await before(sql);
          if (invalidated) throw new Error("FATAL Error: Failed: database has been invalidated because of a previous fatal error.");
          if (sql.includes("fails internally")) {
            invalidated = true;
            await onFailure();
            throw new Error("INTERNAL Error: Attempted to access index 0 within vector of size 0");
          }
          return original(sql);
        };
      }
      return connection;
    };
    return instance;
  });
}

/** A duplicate query reading the copy of an object's key columns (see DuckDbRunner.stageColumns), not the copy made or dropped. */
const isDuplicateQueryOnCopy = (sql: string) => sql.includes("(meshkit: staged)") && !/^(?:CREATE|DROP) /.test(sql);

/**
 * A contract of orders with a repeated key, two uniqueness checks (their duplicate queries read a copy of the key
 * columns) and a SQL rule `boom` that failingInternally fails; its data written under `folder`.
 */
function stagedOrdersContract(folder: string): string {
  mkdirSync(join(data.dir, folder), { recursive: true });
  writeFileSync(join(data.dir, folder, "orders.csv"), "order_id,name\n1,a\n2,b\n2,c\n");
  const schema = `schema:
  - name: orders
    properties:
      - { name: order_id, logicalType: integer, unique: true }
      - { name: name, logicalType: string, unique: true }
    quality:
      - { name: boom, type: sql, query: "SELECT count(*) FROM {object} WHERE name <> 'fails internally'", mustBe: 3 }
`;
  return contractYaml(localServer(`./${folder}/{model}.csv`) + schema);
}

/**
 * Runs stagedOrdersContract's `yaml` with failingInternally's `spy` (restored after): the rule is its own error, both
 * uniqueness checks are measured, and the databases opened are the runner's, then a diagnosis and a reopening for the
 * scan holding the rule, and another pair for the rule run on its own (it fails so again): no more.
 */
async function expectStagedOrdersMeasured(yaml: string, spy: ReturnType<typeof failingInternally>): Promise<void> {
  try {
    const run = await runContract(data.dir, yaml);
    expect(resultOf(run, "orders.boom")).toMatchObject({ status: "error", message: expect.stringContaining("DuckDB failed internally on this query, while the data reads whole") });
    expect(resultOf(run, "orders.order_id.unique")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(resultOf(run, "orders.name.unique")).toMatchObject({ status: "pass" });
    expect(spy.mock.calls.length).toBe(5);
  } finally {
    spy.mockRestore();
  }
}

describe("data that cannot be read", () => {
  it("a SQL rule reads no file beside a glob's matches (.git/ next to the data): the guard refuses it, and DuckDB could not read it", async () => {
    const top = join(data.dir, "data", "formats");
    mkdirSync(join(top, ".git"), { recursive: true });
    writeFileSync(join(top, ".git", "x.csv"), "token\nghs_secret\n");
    try {
      const leak = join(top, ".git", "x.csv").replaceAll("'", "''");
      const query = `SELECT count(*) FROM '${leak}' WHERE token LIKE 'ghs%'`;
      const yaml = contractYaml(localServer("./data/formats/*.csv") + `${ORDERS_SCHEMA}      - { name: probe, type: sql, query: ${JSON.stringify(query)}, mustBe: 0 }\n`);
      const run = await runContract(data.dir, yaml);
      expect(resultOf(run, "orders.probe")).toMatchObject({ status: "error", message: expect.stringContaining("reads a file named as a table") });
      expect(run.findings.map((f) => f.ruleId)).toContain("quality-sql-not-read-only");
      expect(resultOf(run, "orders.rowCount")).toMatchObject({ status: "pass" });
      expect(JSON.stringify(run)).not.toContain("ghs_secret");
      // The runner's own wall, were the guard to miss such a query: DuckDB may read the glob's files only.
      await expect(queryOnRunner(yaml, query)).rejects.toThrow(/Permission Error|disabled by configuration/);
    } finally {
      rmSync(join(top, ".git"), { recursive: true, force: true });
    }
  });

  it("a glob's files are one table by column name: columns in another order, or an optional one missing from a file", async () => {
    const dir = join(data.dir, "data", "parts");
    mkdirSync(dir, { recursive: true });
    const schema = "schema:\n  - name: t\n    properties:\n      - { name: id, logicalType: integer, required: true }\n      - { name: name, logicalType: string }\n    quality:\n      - { name: total, type: sql, query: \"SELECT sum(id) FROM t\", mustBe: 10 }\n";
    for (const [form, second] of [["reordered", "name,id\nc,3\nd,4\n"], ["narrower", "id\n3\n4\n"]] as const) {
      writeFileSync(join(dir, "p1.csv"), "id,name\n1,a\n2,b\n");
      writeFileSync(join(dir, "p2.csv"), second);
      const run = await runContract(data.dir, contractYaml(localServer("./data/parts/*.csv") + schema));
      expect([form, run.findings, resultOf(run, "t.total").measured, resultOf(run, "t.id.type").status]).toEqual([form, [], 10, "pass"]);
    }
  });

  it("a file whose name holds `*`, `?` or `[` is that file: not a glob read again (a1.csv for a[1].csv, every y….csv for y*.csv)", async () => {
    const dir = join(data.dir, "data", "named");
    mkdirSync(dir, { recursive: true });
    for (const [file, id] of [["a[1].csv", 1], ["a1.csv", 2], ["y*.csv", 3], ["yy.csv", 4]] as const) writeFileSync(join(dir, file), `id\n${id}\n`);
    const schema = (name: string) => `schema:\n  - name: "${name}"\n    properties:\n      - { name: id, logicalType: integer, unique: true }\n    quality:\n      - { name: total, type: sql, query: "SELECT sum(id) FROM {object}", mustBeGreaterThan: 0 }\n`;
    const total = async (server: string, name: string, options: { data?: string } = {}) => {
      const run = await runContract(data.dir, contractYaml(server + schema(name)), options);
      return [run.findings.map((f) => f.message), resultOf(run, `${name}.total`).measured];
    };
    // The glob's matches, each read once: 1 + 2 + 3 + 4 (a[1].csv read as a glob was a1.csv again, y*.csv was y*.csv and yy.csv).
    expect(await total(localServer("./data/named/*.csv"), "t")).toEqual([[], 10]);
    // An object's name put into a path without wildcards, a --data folder and a --data file: the file of that name.
    expect(await total(localServer("./data/named/{model}.csv"), "a[1]")).toEqual([[], 1]);
    expect(await total("", "y*", { data: "data/named" })).toEqual([[], 3]);
    expect(await total("", "a[1]", { data: "data/named/a[1].csv" })).toEqual([[], 1]);
    // In a glob the name's characters are its own: `*/{model}.csv` for `a[1]` is a[1].csv in any folder, not a1.csv.
    expect(await total(localServer("./data/nam*/{model}.csv"), "a[1]")).toEqual([[], 1]);
    // A checkout in a folder named `repo[1]`: the server's path has no wildcard, whatever the folder's name (not repo1/).
    for (const [folder, id] of [["repo[1]", 5], ["repo1", 6]] as const) {
      mkdirSync(join(data.dir, folder), { recursive: true });
      writeFileSync(join(data.dir, folder, "t.csv"), `id\n${id}\n`);
    }
    const checkout = join(data.dir, "repo[1]");
    const run = await runContract(checkout, contractYaml(localServer("./t.csv") + schema("t")));
    expect([run.findings, resultOf(run, "t.total").measured]).toEqual([[], 5]);
  });

  it("a glob in the project whose match links out of it, or data under .git: refused before a header is read", async () => {
    const outside = mkdtempSync(join(tmpdir(), "meshkit-outside-"));
    writeFileSync(join(outside, "env.csv"), "GITHUB_TOKEN=ghs_secret\nx\n");
    mkdirSync(join(data.dir, "linked"));
    symlinkSync(join(outside, "env.csv"), join(data.dir, "linked", "t.csv"));
    mkdirSync(join(data.dir, ".git"), { recursive: true });
    writeFileSync(join(data.dir, ".git", "config"), "[core]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n");
    try {
      for (const [path, why] of [
        ["./linked/*.csv", "linked/t.csv is outside the project"],
        ["./.git/config", ".git/config is inside a .git folder"],
        ["./.git/*", ".git/* is inside a .git folder"],
        ["./*/config", "config is inside a .git folder"],
      ] as const) {
        const run = await runContract(data.dir, contractYaml(localServer(path, "csv") + ORDERS_SCHEMA));
        const text = JSON.stringify(run);
        expect(text).not.toContain("ghs_secret");
        expect(text).not.toContain("c2VjcmV0");
        expect(run.findings).toMatchObject([{ ruleId: "quality-data-unreadable", message: expect.stringContaining(why) }]);
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(join(data.dir, "linked"), { recursive: true, force: true });
      rmSync(join(data.dir, ".git"), { recursive: true, force: true });
    }
  });

  it("a broken row after the part DuckDB reads to describe the file (20,480 rows): unreadable, not a type failure of every column", async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i + 1},${i % 7}`);
    const cases = [
      ["late-ragged.csv", `order_id,amount\n${rows.join("\n")}\n30001,5,extra\n`, "CSV Error on Line: 30002: Expected Number of Columns: 2 Found: 3"],
      ["late-broken.ndjson", `${rows.map((r) => `{"order_id": ${r.split(",")[0]}, "amount": ${r.split(",")[1]}}`).join("\n")}\n{"order_id": 30001, "amount": 5\n`, "Malformed JSON"],
    ] as const;
    for (const [file, text, why] of cases) {
      writeFileSync(join(data.dir, "data", file), text);
      const run = await runContract(data.dir, contractYaml(localServer(`./data/${file}`) + ORDERS_SCHEMA));
      expect(run.findings.map((f) => [f.ruleId, f.path])).toEqual([["quality-data-unreadable", "/schema/0"]]);
      // (the file is named: a contract's objects may read several)
      expect(run.findings[0]!.message.startsWith(`Cannot read \`orders\` from data/${file} to its end: `), run.findings[0]!.message).toBe(true);
      expect(run.findings[0]!.message).toContain(why);
      // The row's values ("Original Line") are not repeated.
      expect(run.findings[0]!.message).not.toContain("30001,5,extra");
      expect(new Set(Object.values(statuses(run)))).toEqual(new Set(["error"]));
    }
    // An unterminated quote makes the "Original Line" run over the next rows: none of them is shown, only DuckDB's diagnosis.
    const emails = Array.from({ length: 30_000 }, (_, i) => `${i + 1},user${i}@example.com`);
    writeFileSync(join(data.dir, "data", "late-quote.csv"), `order_id,email\n${emails.join("\n")}\n30001,"secret@corp.example\n30002,next@corp.example\n30003,third@corp.example\n`);
    const classified = `schema:\n  - name: orders\n    properties:\n      - { name: order_id, logicalType: integer }\n      - { name: email, logicalType: string, classification: restricted }\n`;
    const quoted = await runContract(data.dir, contractYaml(localServer("./data/late-quote.csv") + classified));
    expect(quoted.findings.map((f) => [f.ruleId, f.message])).toEqual([["quality-data-unreadable", "Cannot read `orders` from data/late-quote.csv to its end: Invalid Input Error: CSV Error on Line: 30002: Value with unterminated quote found."]]);
    expect(JSON.stringify(quoted)).not.toMatch(/corp\.example/);
    // A value its column's type cannot hold there is still that column's type failure.
    writeFileSync(join(data.dir, "data", "late-value.csv"), `order_id,amount\n${rows.join("\n")}\nabc,5\n`);
    const run = await runContract(data.dir, contractYaml(localServer("./data/late-value.csv") + ORDERS_SCHEMA));
    expect(resultOf(run, "orders.order_id.type")).toMatchObject({ status: "fail" });
    expect(run.findings.map((f) => f.ruleId)).not.toContain("quality-data-unreadable");
  });

  it("a CSV error after quoted fields holding line breaks names the line the row is on, not DuckDB's row number", async () => {
    // DuckDB counts rows: each of these ten notes is one row over two lines, so its "Line: 30002" was ten lines above the row.
    const rows = Array.from({ length: 30_000 }, (_, i) => (i < 10 ? `${i + 1},"first line\r\nsecond line"` : `${i + 1},${i % 7}`));
    // A quote inside a value (`5" tall`) opens no field for DuckDB: the rows after it end at their line breaks, and
    // `"q"` further down is a quoted field. In UTF-16, `Т` (U+0422) is the bytes 22 04: no quote either.
    const inches = rows.map((row, i) => (i >= 100 && i < 105 ? `${i + 1},5" tall` : i >= 200 && i < 205 ? `${i + 1},"q"` : i >= 300 && i < 305 ? `${i + 1},Тест` : row));
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const cases = [
      ["notes-ragged.csv", `order_id,amount\n${rows.join("\n")}\n30001,5,extra\n`, "Cannot read `orders` from data/notes-ragged.csv to its end: Invalid Input Error: CSV Error on Line: 30012: Expected Number of Columns: 2 Found: 3"],
      ["notes-value.csv", `order_id,amount\n${rows.join("\n")}\nabc,5\n`, 'Conversion Error: CSV Error on Line: 30012: Error when converting column "order_id".'],
      ["notes-inches.csv", `order_id,amount\n${inches.join("\n")}\n30001,5,extra\n`, "Cannot read `orders` from data/notes-inches.csv to its end: Invalid Input Error: CSV Error on Line: 30012: Expected Number of Columns: 2 Found: 3"],
      ["notes-utf16.csv", `order_id,amount\n${inches.join("\n")}\n30001,5,extra\n`, "Cannot read `orders` from data/notes-utf16.csv to its end: Invalid Input Error: CSV Error on Line: 30012: Expected Number of Columns: 2 Found: 3"],
    ] as const;
    for (const [file, text, message] of cases) {
      writeFileSync(join(data.dir, "data", file), file.includes("utf16") ? utf16(text) : text);
      expect(text.split("\n").findIndex((line) => line.startsWith("30001,") || line.startsWith("abc,")) + 1).toBe(30012);
      const schema = `schema:\n  - name: orders\n    properties:\n      - { name: order_id, logicalType: integer }\n      - { name: amount, logicalType: string }\n`;
      const run = await runContract(data.dir, contractYaml(localServer(`./data/${file}`) + schema));
      expect(run.findings.map((f) => f.message).join("\n")).toContain(message);
    }
  });

  it("a CSV error's line is counted in the file DuckDB names in its settings, not one a value of the bad row names in a line of that shape", async () => {
    // DuckDB quotes the bad row above its settings (`Original Line: …`): a quoted field's line `  file = …` there was
    // taken for the setting, and its file counted (a missing one left DuckDB's row number; `/dev/zero` never ended).
    const rows = Array.from({ length: 30_000 }, (_, i) => (i < 10 ? `${i + 1},"first line\nsecond line"` : `${i + 1},${i % 7}`));
    const text = `order_id,amount\n${rows.join("\n")}\n30001,"x\n  file = data/no-such-file.csv\n  quote = (empty)\n",extra\n`;
    writeFileSync(join(data.dir, "data", "notes-settings.csv"), text);
    expect(text.split("\n").findIndex((line) => line.startsWith("30001,")) + 1).toBe(30012);
    const schema = `schema:\n  - name: orders\n    properties:\n      - { name: order_id, logicalType: integer }\n      - { name: amount, logicalType: string }\n`;
    const run = await runContract(data.dir, contractYaml(localServer("./data/notes-settings.csv") + schema));
    expect(run.findings.map((f) => f.message).join("\n")).toContain("Cannot read `orders` from data/notes-settings.csv to its end: Invalid Input Error: CSV Error on Line: 30012: Expected Number of Columns: 2 Found: 3");
  });

  it("DuckDB's errors show the data's path as every other message does (relative to the working directory), never the checkout's absolute location", async () => {
    // DuckDB quotes the absolute path meshkit gives its reader: `Malformed JSON in file "/home/runner/work/…/data/x.json"`.
    const rows = Array.from({ length: 30_000 }, (_, i) => `{"order_id": ${i + 1}, "amount": ${i % 7}}`);
    const cases = [
      ["paths-early.json", '{"order_id": 1, "amount": 2}\n{"order_id": \n', /^Cannot read `orders` from data\/paths-early\.json: Invalid Input Error: Malformed JSON in file "data\/paths-early\.json", /],
      ["paths-late.ndjson", `${rows.join("\n")}\n{"order_id": 30001, "amount": 5\n`, /^Cannot read `orders` from data\/paths-late\.ndjson to its end: Invalid Input Error: Malformed JSON in file "data\/paths-late\.ndjson", /],
    ] as const;
    for (const [file, text, message] of cases) {
      writeFileSync(join(data.dir, "data", file), text);
      const run = await runContract(data.dir, contractYaml(localServer(`./data/${file}`) + ORDERS_SCHEMA));
      expect(run.findings.map((f) => f.ruleId)).toEqual(["quality-data-unreadable"]);
      expect(run.findings[0]!.message).toMatch(message);
      expect(JSON.stringify(run)).not.toContain(data.dir);
    }
  });

  it("Latin-1 bytes after the rows DuckDB sniffs: unreadable with the reader's diagnosis, not checks run on an invalidated database", async () => {
    // DuckDB 1.5 fails internally reading one column of such a file, which invalidates its database: every later
    // query failed with `database has been invalidated`, and the checks run before it passed (exit 1, not 2).
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i + 1},name${i}`);
    const latin1 = Buffer.concat([Buffer.from(`order_id,name\n${rows.join("\n")}\n`), Buffer.from("30001,caf\xe9\n", "latin1")]);
    mkdirSync(join(data.dir, "latin1"), { recursive: true });
    writeFileSync(join(data.dir, "latin1", "orders.csv"), latin1);
    writeFileSync(join(data.dir, "latin1", "customers.csv"), "customer_id\n1\n2\n");
    const schema = `schema:
  - name: orders
    properties:
      - { name: order_id, logicalType: integer, required: true }
      - { name: name, logicalType: string, unique: true }
  - name: customers
    properties:
      - { name: customer_id, logicalType: integer, required: true }
`;
    const run = await runContract(data.dir, contractYaml(localServer("./latin1/{model}.csv") + schema));
    expect(run.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["quality-data-unreadable", "/schema/0"],
      ["quality-data-unreadable", "/schema/1"],
    ]);
    expect(run.findings[0]!.message).toContain("the data of `orders` read whole: Invalid Input Error: CSV Error on Line: 30002: Invalid unicode (byte sequence mismatch) detected. This file is not utf-8 encoded.");
    expect(JSON.stringify(run)).not.toContain("database has been invalidated");
    expect(new Set(Object.values(statuses(run)))).toEqual(new Set(["error"]));
  });

  /**
   * Orders (2 rows, a `name` column) and customers (3 rows), as CSV files or as the tables of a DuckDB database file
   * (with `views`, a view external_orders over a Parquet file too, which meshkit does not read): a server for them.
   */
  async function internalData(kind: "files" | "database" | "views"): Promise<string> {
    if (kind === "files") {
      mkdirSync(join(data.dir, "internal"), { recursive: true });
      writeFileSync(join(data.dir, "internal", "orders.csv"), "order_id,name\n1,a\n2,b\n");
      writeFileSync(join(data.dir, "internal", "customers.csv"), "customer_id\n1\n2\n3\n");
      return localServer("./internal/{model}.csv");
    }
    const instance = await DuckDBInstance.create(join(data.dir, "data", "internal.duckdb"));
    const connection = await instance.connect();
    await connection.run("CREATE OR REPLACE TABLE orders (order_id INTEGER, name VARCHAR); INSERT INTO orders VALUES (1, 'a'), (2, 'b'); CREATE OR REPLACE TABLE customers AS SELECT i + 1 AS customer_id FROM range(3) t(i)");
    if (kind === "views") await connection.run(`CREATE OR REPLACE VIEW external_orders AS SELECT * FROM read_parquet('${join(data.data, "orders.parquet").replaceAll("'", "''")}')`);
    connection.closeSync();
    instance.closeSync();
    return "servers:\n  - { server: db, type: duckdb, database: ./data/internal.duckdb }\n";
  }

  it.each([
    ["files", "files"],
    // (the diagnosis had no views to read there: every object was unreadable, where the files' database was opened afresh)
    ["a DuckDB database file, whose tables described are read whole to tell", "database"],
    // (the view, described first, is not read in the file opened afresh either: it told nothing, yet every object was unreadable)
    ["a DuckDB database file with a view over files, which is that view's own error alone", "views"],
  ] as const)("DuckDB failing internally on a SQL rule's own query is that rule's error (over %s); the data is not unreadable, and the other checks run", async (_, kind) => {
    // An INTERNAL error invalidates DuckDB's database: every later query failed, and the object (each one after it)
    // was reported unreadable ("DuckDB failed internally reading the data") though its data reads whole. Simulated:
    // a query holding the marker fails internally, and the database that ran it fails every query after it.
    const external = kind === "views" ? "  - { name: external_orders, properties: [{ name: order_id, logicalType: integer }] }\n" : "";
    const schema = `schema:
${external}  - name: orders
    properties:
      - { name: order_id, logicalType: integer, required: true, unique: true }
      - { name: name, logicalType: string }
    quality:
      - { metric: rowCount, mustBe: 2 }
      - { name: boom, type: sql, query: "SELECT count(*) FROM {object} WHERE name <> 'fails internally'", mustBe: 2 }
  - name: customers
    properties:
      - { name: customer_id, logicalType: integer, required: true }
    quality:
      - { metric: rowCount, mustBe: 3 }
`;
    const server = await internalData(kind);
    const spy = failingInternally();
    try {
      const run = await runContract(data.dir, contractYaml(server + schema));
      expect(run.findings.map((f) => f.ruleId)).toEqual([...(kind === "views" ? ["quality-data-unreadable"] : []), "quality-check-error"]);
      if (kind === "views") expect(run.findings[0]!.message).toMatch(/^Cannot read `external_orders` to its end: Permission Error: .* \(meshkit reads a DuckDB database file's own tables/);
      expect(resultOf(run, "orders.boom")).toMatchObject({
        status: "error",
        message: expect.stringMatching(/^SQL rule `boom` failed: INTERNAL Error: Attempted to access index 0 within vector of size 0 \(DuckDB failed internally on this query, while the data reads whole/),
      });
      expect(resultOf(run, "orders.rowCount")).toMatchObject({ status: "pass", measured: 2 });
      expect(resultOf(run, "orders.order_id.unique")).toMatchObject({ status: "pass" });
      expect(resultOf(run, "customers.rowCount")).toMatchObject({ status: "pass", measured: 3 });
      // The database file's tables are read whole in the file opened afresh, read-only and reading no other file (a
      // view in it may name any), as the runner reads it.
      if (kind !== "files") expect(spy.mock.calls[1]).toMatchObject([expect.stringMatching(/internal\.duckdb$/), { access_mode: "READ_ONLY", enable_external_access: "false" }]);
    } finally {
      spy.mockRestore();
    }
  });

  it.each([
    ["at once", false],
    ["after a query beside it, told the database was invalidated, had it opened afresh", true],
  ] as const)("DuckDB failing internally on a SQL rule while duplicate queries read their copy of the key columns (its error answering %s)", async (_, late) => {
    // Two uniqueness checks read a copy of their columns (a table of the database). The database opened afresh after the
    // rule's failure lacked that table: they failed with "Table … (meshkit: staged) does not exist". And when the rule's
    // own error came after a query beside it had the database opened afresh, the data was read whole and the database
    // opened afresh once more (each counted against the run's few).
    const yaml = stagedOrdersContract("staged");
    let failedInternally!: () => void;
    const internalFailure = new Promise<void>((resolve) => (failedInternally = resolve));
    let reopened!: () => void;
    const reopening = new Promise<void>((resolve) => (reopened = resolve));
    let queriesOnCopy = 0;
    const spy = failingInternally(
      async (sql) => {
        if (!isDuplicateQueryOnCopy(sql)) return;
        // The first duplicate query is still running when the rule fails; run again, it is on the database opened afresh.
        if (++queriesOnCopy === 1) await internalFailure;
        else reopened();
      },
      async () => {
        failedInternally();
        if (late) await reopening;
      },
    );
    await expectStagedOrdersMeasured(yaml, spy);
  });

  it("a duplicate query beside a SQL rule DuckDB fails internally on twice (in the scan, then on its own) runs again each time the database is opened afresh", async () => {
    // The duplicate query, told the database was invalidated by the rule's first failure, ran again on the database
    // opened afresh; told so again by the rule's second failure, it was not run again but blamed: "FATAL Error: … (DuckDB
    // failed internally on this query, …)" as the uniqueness check's error, and (answering after the second opening) the
    // data was read whole and the database opened afresh once more for a failure already dealt with.
    const yaml = stagedOrdersContract("staged-twice");
    let failures = 0;
    const failed = [0, 1].map(() => {
      let resolve!: () => void;
      return { promise: new Promise<void>((r) => (resolve = r)), resolve };
    });
    const spy = failingInternally(
      async (sql) => {
        // Each duplicate query sent before the rule's second failure answers only after it (on the database it ran on).
        if (isDuplicateQueryOnCopy(sql) && failures < 2) await failed[failures]!.promise;
      },
      async () => {
        failed[failures++]?.resolve();
        // (the failure answers once the duplicate query it released has been told)
        await new Promise((resolve) => setTimeout(resolve, 50));
      },
    );
    await expectStagedOrdersMeasured(yaml, spy);
    expect(failures).toBe(2);
  });

  it("the diagnosis after DuckDB's internal failure is bounded by the run's memory limit and its statement time limit", async () => {
    // The file of the test above: DuckDB 1.5 fails internally on it, and the diagnosis reads the view whole in a
    // database of its own. That database gets the run's memory limit, and a read that never ends is stopped at
    // the run's time limit: the run ends with the general message rather than waiting on the diagnosis.
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i + 1},name${i}`);
    const latin1 = Buffer.concat([Buffer.from(`order_id,name\n${rows.join("\n")}\n`), Buffer.from("30001,caf\xe9\n", "latin1")]);
    mkdirSync(join(data.dir, "latin1-bounded"), { recursive: true });
    writeFileSync(join(data.dir, "latin1-bounded", "orders.csv"), latin1);
    const schema = `schema:
  - name: orders
    properties:
      - { name: order_id, logicalType: integer, required: true }
      - { name: name, logicalType: string, unique: true }
`;
    const { DuckDBInstance: Instance } = duckdb();
    const create = Instance.create.bind(Instance);
    const created: { path: string | undefined; options: Record<string, string> | undefined }[] = [];
    const spy = vi.spyOn(Instance, "create").mockImplementation(async (path, options) => {
      const instance = await create(path, options);
      created.push({ path, options });
      // The second database is the diagnosis's: its reads hang until interrupted.
      if (created.length !== 2) return instance;
      const connect = instance.connect.bind(instance);
      instance.connect = async () => {
        const connection = await connect();
        let interrupted: (error: Error) => void = () => {};
        connection.run = () => new Promise((_, reject) => (interrupted = reject));
        connection.interrupt = () => interrupted(new Error("Interrupted!"));
        return connection;
      };
      return instance;
    });
    try {
      const started = Date.now();
      const run = await runContract(data.dir, contractYaml(localServer("./latin1-bounded/{model}.csv") + schema), { duckdb: { statementTimeoutMs: 1500, memoryShare: 0.5 } });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(created).toHaveLength(2);
      expect(created[1]!.path).toBe(":memory:");
      expect(created[1]!.options?.memory_limit).toMatch(/^\d+MiB$/);
      expect(created[1]!.options?.memory_limit).toBe(created[0]!.options?.memory_limit);
      expect(run.findings.map((f) => f.ruleId)).toEqual(["quality-data-unreadable"]);
      expect(run.findings[0]!.message).toContain("DuckDB failed internally reading the data");
    } finally {
      spy.mockRestore();
    }
  });

  it("two objects whose table names DuckDB cannot tell apart (case only, or one physicalName): the first is tested, the second says why not", async () => {
    mkdirSync(join(data.dir, "cased"), { recursive: true });
    writeFileSync(join(data.dir, "cased", "Orders.csv"), "id\n1\n");
    writeFileSync(join(data.dir, "cased", "orders.csv"), "id\n1\n2\n");
    const schema = (second: string) => `schema:
  - name: Orders
    properties: [{ name: id, logicalType: integer }]
    quality: [{ metric: rowCount, mustBe: 1 }]
  - ${second}
    properties: [{ name: id, logicalType: integer }]
    quality: [{ metric: rowCount, mustBe: 2 }]
`;
    for (const [second, why] of [
      ["name: orders", "`orders` and `Orders` are one table name to DuckDB, which compares names without case"],
      ["name: orders_again\n    physicalName: Orders", "`orders_again` and `Orders` are one table name to DuckDB"],
    ] as const) {
      const run = await runContract(data.dir, contractYaml(localServer("./cased/{model}.csv") + schema(second)));
      expect(resultOf(run, "Orders.rowCount")).toMatchObject({ status: "pass", measured: 1 });
      expect(run.findings.map((f) => [f.ruleId, f.path])).toEqual([["quality-data-unreadable", "/schema/1"]]);
      expect(run.findings[0]!.message).toContain(why);
    }
    // DuckDB folds ASCII case only: `Ärger` and `ärger` are two views, both tested.
    writeFileSync(join(data.dir, "cased", "Ärger.csv"), "id\n1\n");
    writeFileSync(join(data.dir, "cased", "ärger.csv"), "id\n1\n2\n");
    const accented = await runContract(data.dir, contractYaml(localServer("./cased/{model}.csv") + schema("name: ärger").replace("name: Orders", "name: Ärger")));
    expect(accented.findings).toEqual([]);
    expect([resultOf(accented, "Ärger.rowCount")?.measured, resultOf(accented, "ärger.rowCount")?.measured]).toEqual([1, 2]);
  });

  it("a missing file: one finding at the object, every check an error", async () => {
    const run = await runContract(data.dir, contractYaml(localServer("./data/missing.parquet") + ORDERS_SCHEMA));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ ruleId: "quality-data-unreadable", severity: "error", path: "/schema/0", line: 11 });
    expect(run.findings[0]!.message).toBe("No data for `orders`: no such file: data/missing.parquet");
    expect(resultOf(run, "orders.order_id.required").message).toBe("Not checked: No data for `orders`: no such file: data/missing.parquet");
    expect(new Set(Object.values(statuses(run)))).toEqual(new Set(["error"]));
  });

  it("no object with data: DuckDB is not started, and the run says the same", async () => {
    // Each start and close costs ~20 ms: over a repository whose checkout has no sample data, most of the run.
    const starts = vi.spyOn(DuckDBInstance, "create");
    try {
      const run = await runContract(data.dir, contractYaml(localServer("./data/missing.parquet") + ORDERS_SCHEMA));
      expect(starts).not.toHaveBeenCalled();
      expect(run.findings.map((f) => f.message)).toEqual(["No data for `orders`: no such file: data/missing.parquet"]);
      expect(new Set(Object.values(statuses(run)))).toEqual(new Set(["error"]));
    } finally {
      starts.mockRestore();
    }
  });

  it("a rule that cannot be checked as written is still reported when the data is missing", async () => {
    const schema = `${ORDERS_SCHEMA}      - { name: wipe, type: sql, query: "DELETE FROM orders", mustBe: 0 }\n`;
    const run = await runContract(data.dir, contractYaml(localServer("./data/missing.parquet") + schema));
    expect(run.findings.map((f) => f.ruleId)).toEqual(["quality-data-unreadable", "quality-sql-not-read-only"]);
    const noServer = await runContract(data.dir, contractYaml(schema));
    expect(noServer.findings.map((f) => f.ruleId)).toEqual(["quality-data-unreadable", "quality-sql-not-read-only"]);
  });

  it("no data for any object (no server, a server refusing): the results note it for each object, in a missing file's words, the finding said once", async () => {
    const twoObjects = `${ORDERS_SCHEMA}  - name: returns\n    properties:\n      - { name: id, logicalType: integer }\n`;
    const noServer = await runContract(data.dir, contractYaml(twoObjects));
    expect(noServer.findings.filter((f) => f.ruleId === "quality-data-unreadable")).toHaveLength(1);
    const cause = noServer.findings[0]!.message.replace("No data to test: ", "");
    expect(noServer.results.notes).toEqual(["orders", "returns"].map((object) => ({ object, ruleId: "quality-data-unreadable", severity: "error", message: `No data for \`${object}\`: ${cause}` })));
    const refused = await runContract(data.dir, contractYaml(`servers:\n  - { server: pg, type: postgres, host: 127.0.0.1, port: 1, database: db, schema: public }\n${twoObjects}`), { server: "pg", env: { MESHKIT_POSTGRES_USER: "u", MESHKIT_POSTGRES_PASSWORD: "p" } });
    expect(refused.results.notes?.map((n) => [n.object, n.ruleId, n.message])).toEqual(["orders", "returns"].map((object) => [object, "quality-data-unreadable", `No data for \`${object}\`: ${refused.findings[0]!.message}`]));
    expect(refused.findings[0]!.message).toContain("connection refused");
  });

  it("schema parts that break ODCS are reported where they are, not silently left unchecked", async () => {
    const broken = ORDERS_SCHEMA.replace("        required: true", '        required: "yes"').replace("        logicalType: number", "        logicalType: nmber").replace("    quality:\n      - metric: rowCount", "    quality:\n      - just a string\n      - metric: rowCount");
    const run = await runContract(data.dir, contractYaml(localServer("./data/orders.parquet") + broken));
    const invalid = run.findings.filter((f) => f.ruleId === "quality-contract-invalid");
    expect(invalid.slice(0, 2).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "15:19 Contract: `required` must be a boolean (true or false); `yes` is text, not a boolean: meshkit reads YAML 1.2, where only true and false are booleans (also under a %YAML 1.1 directive): write true; this part may not be checked as meant (run meshkit lint)",
      "17:22 Contract: `logicalType` must be one of: `string`, `date`, `timestamp`, `time`, `number`, `integer`, `object`, `array`, `boolean`; did you mean `number`?; this part may not be checked as meant (run meshkit lint)",
    ]);
    expect(invalid.slice(2).map((f) => `${f.line}:${f.column}`)).toContain("25:9"); // the string among the quality rules
    expect(invalid.every((f) => f.severity === "error")).toBe(true);
    // The results document says so too: one error entry each, so its summary cannot pass a failing run.
    const entries = run.results.checks.filter((c) => c.rule === "quality-contract-invalid");
    expect(entries.map((c) => [c.status, c.path, c.message])).toEqual(invalid.map((f) => ["error", f.path, f.message]));
    expect(entries.slice(0, 2).map((c) => [c.id, c.object, c.property])).toEqual([
      ["orders.order_id.contract-invalid", "orders", "order_id"],
      ["orders.amount.contract-invalid", "orders", "amount"],
    ]);
    expect(run.results.summary.errors).toBeGreaterThanOrEqual(invalid.length);
  });

  it("schema problems' entries have ids of their own, repeats numbered -2, -3 as every other check id", async () => {
    // A rule may be named `contract-invalid`: its entry and a schema problem's must not share an id.
    const schema = ORDERS_SCHEMA.replace("        required: true", '        required: "yes"\n        unique: "no"\n        quality: [{ name: contract-invalid, metric: nullValues, mustBe: 0 }]');
    const run = await runContract(data.dir, contractYaml(localServer("./data/orders.parquet") + schema));
    const ids = run.results.checks.map((c) => c.id);
    expect(ids.filter((id) => id.startsWith("orders.order_id.contract-invalid"))).toEqual(["orders.order_id.contract-invalid", "orders.order_id.contract-invalid-2", "orders.order_id.contract-invalid-3"]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("a file that is not what its format says", async () => {
    const run = await runContract(data.dir, contractYaml(localServer("./data/garbage.parquet") + ORDERS_SCHEMA));
    expect(run.findings.map((f) => f.ruleId)).toEqual(["quality-data-unreadable"]);
    expect(run.findings[0]!.message).toMatch(/^Cannot read `orders` from data\/garbage\.parquet: Invalid Input Error: /);
    expect(run.results.summary.errors).toBe(run.results.summary.checks);
  });

  it("a folder without the object's file", async () => {
    const run = await runContract(data.dir, contractYaml(ORDERS_SCHEMA), { data: join(data.data, "formats", "..", "empty", "..", "quoted") });
    expect(run.findings[0]!.message).toMatch(/^No data for `orders`: no data file for `orders` in data\/quoted \(looked for orders with \.parquet, \.pq, \.csv, \.tsv, \.json, \.jsonl, \.ndjson, CSV and JSON also compressed \(\.csv\.gz, \.csv\.zst, …\)\)$/);
  });

  it.each([
    ["an unknown server", { server: "nope" }, localServer("./data/{model}.parquet"), "No data to test: no server named `nope` in the contract (servers: local).", "/servers"],
    ["a server of a type meshkit test does not read", { server: "prod" }, "servers:\n  - server: prod\n    type: snowflake\n    account: acme\n    database: x\n    schema: y\n", "No data to test: server `prod` is of type snowflake; meshkit test reads `local` files, `duckdb` databases and `postgres` servers.", "/servers/0"],
    ["no servers at all", {}, "", "No data to test: no `local` or `duckdb` server in the contract (servers: none): add one (`type: local`, `path: ./data/{model}.csv`, `format: csv`), pass the data with --data (a file or folder), or name a server with --server.", ""],
    ["a data path that does not exist", { data: "nowhere" }, "", "No data to test: no such file or folder: nowhere.", ""],
    ["a local server with an unknown format", {}, localServer("./data/{model}.avro", "avro"), "No data to test: server `local` has format `avro`; the DuckDB runner reads parquet, csv and json.", "/servers/0"],
  ])("%s is one finding, and every check an error", async (_, options, servers, message, path) => {
    const run = await runContract(data.dir, contractYaml(servers + ORDERS_SCHEMA), options);
    expect(run.findings).toEqual([expect.objectContaining({ ruleId: "quality-data-unreadable", message, path })]);
    expect(run.results.summary.errors).toBe(run.results.summary.checks);
  });

  it("one data file for two objects is ambiguous", async () => {
    const schema = `${ORDERS_SCHEMA}  - name: order_lines\n    properties:\n      - name: sku\n`;
    const run = await runContract(data.dir, contractYaml(schema), { data: join(data.data, "orders.parquet") });
    expect(run.findings[0]!.message).toBe("No data to test: data/orders.parquet is one file but 2 objects are tested: pass a folder of <object>.<ext> files, or select one object.");
    const one = await runContract(data.dir, contractYaml(schema), { data: join(data.data, "orders.parquet"), objects: ["orders"] });
    expect(one.results.summary).toMatchObject({ checks: 8, errors: 0 });
  });

  it("a postgres server whose host carries credentials (a URI, user:password@host) is refused before connecting, the password never shown", async () => {
    for (const host of ["postgresql://tester:s3cret-pw@db.internal:5432/analytics", "tester:s3cret-pw@db.internal", "db.internal password=s3cret-pw", "db.internal?password=s3cret-pw"]) {
      const server = `servers:\n  - server: prod\n    type: postgres\n    host: ${JSON.stringify(host)}\n    database: analytics\n`;
      const run = await runContract(data.dir, contractYaml(server + ORDERS_SCHEMA), { server: "prod", env: {} });
      expect(JSON.stringify(run), host).not.toContain("s3cret-pw");
      expect(run.findings.map((f) => [f.ruleId, f.message, f.path]), host).toContainEqual([
        "quality-data-unreadable",
        "No data to test: server `prod` has a host that is not a host name, address or socket directory (a connection URI, user and password before an @, or a password=); write the host alone and pass the credentials in MESHKIT_POSTGRES_USER and MESHKIT_POSTGRES_PASSWORD.",
        "/servers/0",
      ]);
    }
  });

  it("a postgres server whose database carries credentials (a URI, user:password@, password=) is refused before connecting, the password never shown", async () => {
    for (const database of ["postgresql://tester:s3cret-pw@db.internal/analytics", "tester:s3cret-pw@analytics", "dbname=analytics password=s3cret-pw"]) {
      const server = `servers:\n  - server: prod\n    type: postgres\n    host: 127.0.0.1\n    port: 1\n    database: ${JSON.stringify(database)}\n`;
      const run = await runContract(data.dir, contractYaml(server + ORDERS_SCHEMA), { server: "prod", env: {} });
      expect(JSON.stringify(run), database).not.toContain("s3cret-pw");
      expect(run.findings.map((f) => [f.ruleId, f.message, f.path]), database).toContainEqual([
        "quality-data-unreadable",
        "No data to test: server `prod` has a database that is not a database name (a connection URI, user and password before an @, or a password=); write the database name alone and pass the credentials in MESHKIT_POSTGRES_USER and MESHKIT_POSTGRES_PASSWORD.",
        "/servers/0",
      ]);
    }
  });

  it("--data with a DuckDB database reads the schema of the duckdb server it replaces, not main", async () => {
    const file = await duckDbFile("sales-copy.duckdb", "CREATE SCHEMA sales; CREATE TABLE sales.orders (order_id INTEGER); INSERT INTO sales.orders VALUES (1), (NULL)");
    const schema = "schema:\n  - name: orders\n    properties:\n      - { name: order_id, logicalType: integer, required: true }\n";
    const run = await runContract(data.dir, contractYaml("servers:\n  - { server: wh, type: duckdb, database: ./data/warehouse.duckdb, schema: sales }\n" + schema), { data: file });
    expect(run.findings.map((f) => f.message)).toEqual(["1 of 2 rows (50%) have a null `order_id`; must be 0"]);
  });

  it("a DuckDB server whose database file or table is missing", async () => {
    const missingFile = await runContract(data.dir, contractYaml("servers:\n  - server: db\n    type: duckdb\n    database: ./data/nothing.duckdb\n" + ORDERS_SCHEMA));
    // Once, at the server that names it (line 7), not once per object.
    expect(missingFile.findings.map((f) => `${f.line} ${f.message}`)).toEqual(["7 No data to test: server `db` (duckdb): no such database file: data/nothing.duckdb."]);
    const notText = await runContract(data.dir, contractYaml("servers:\n  - server: files\n    type: local\n    path: 5\n" + ORDERS_SCHEMA));
    expect(notText.findings.map((f) => f.message)).toEqual(["No data to test: server `files` (local) has `path` 5; it must be a file, folder or glob (text)."]);
    const schema = ORDERS_SCHEMA.replace("- name: orders", "- name: orders\n    physicalName: invoices");
    const missingTable = await runContract(data.dir, contractYaml("servers:\n  - server: db\n    type: duckdb\n    database: ./data/warehouse.duckdb\n" + schema));
    expect(missingTable.findings[0]!.message).toBe("No table `invoices` in schema `main` of the DuckDB database (tables: order_lines, orders)");
    // Written schema-qualified, as dbt and SQL name tables: one table name to meshkit, and the message says what to write.
    const qualified = await runContract(data.dir, contractYaml("servers:\n  - server: db\n    type: duckdb\n    database: ./data/warehouse.duckdb\n" + ORDERS_SCHEMA.replace("- name: orders", "- name: orders\n    physicalName: '\"main\".orders'")));
    expect(qualified.findings[0]!.message).toBe(
      "No table `\"main\".orders` in schema `main` of the DuckDB database (tables: order_lines, orders). " +
        "A physicalName is the table's own name, not schema-qualified: `\"main\".orders` is the table `orders` of schema `main`, so write `physicalName: orders` and `schema: main` in the server entry",
    );
    // dbt names a relation database first (`"warehouse"."main"."orders"`, the database being the file's): the same hint.
    const dbtName = '"warehouse"."main"."orders"';
    const threePart = await runContract(data.dir, contractYaml("servers:\n  - server: db\n    type: duckdb\n    database: ./data/warehouse.duckdb\n" + ORDERS_SCHEMA.replace("- name: orders", `- name: orders\n    physicalName: '${dbtName}'`)));
    expect(threePart.findings[0]!.message).toBe(
      `No table \`${dbtName}\` in schema \`main\` of the DuckDB database (tables: order_lines, orders). ` +
        `A physicalName is the table's own name, not schema-qualified: \`${dbtName}\` is the table \`orders\` of schema \`main\`, so write \`physicalName: orders\` and \`schema: main\` in the server entry`,
    );
    // DuckDB compares table names without case, as `FROM ORDERS` reads `orders`: the table is found, and queried as spelt in the file.
    const cased = await runContract(data.dir, contractYaml("servers:\n  - server: db\n    type: duckdb\n    database: ./data/warehouse.duckdb\n" + ORDERS_SCHEMA.replace("- name: orders", "- name: orders\n    physicalName: ORDERS")));
    expect(cased.findings.filter((f) => f.ruleId === "quality-data-unreadable")).toEqual([]);
    expect(cased.results.summary.errors).toBe(0);
  });

  it("a DuckDB database file's view over files is unreadable, saying that meshkit reads the file's own tables only and what to do", async () => {
    // dbt-duckdb's external models are such views. DuckDB's own words ("file system operations are disabled by
    // configuration") named no configuration the user wrote: it is meshkit's, which reads no file but the database.
    const file = join(data.dir, "data", "views.duckdb");
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    const parquet = join(data.data, "orders.parquet").replaceAll("'", "''");
    await connection.run(`CREATE VIEW orders AS SELECT * FROM read_parquet('${parquet}')`);
    connection.closeSync();
    instance.closeSync();
    const run = await runContract(data.dir, contractYaml("servers:\n  - { server: db, type: duckdb, database: ./data/views.duckdb }\n" + ORDERS_SCHEMA));
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      [
        "quality-data-unreadable",
        expect.stringMatching(
          /^Cannot read `orders` to its end: Permission Error: Cannot access file ".*orders\.parquet" - file system operations are disabled by configuration \(meshkit reads a DuckDB database file's own tables and no other file: a view over files, or a query naming one, is not read; test those files with a `local` server, or store the data as a table\)$/,
        ),
      ],
    ]);
  });

  it("a DuckDB database file's view over files, read by a SQL rule or holding a classified column: the engine's message redacted, meshkit's explanation kept", async () => {
    // The message is cut at the first quote, where a value may stand (the file's path here): what meshkit added
    // after it, saying what is read and what to do, was cut with it.
    const file = join(data.dir, "data", "views-classified.duckdb");
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    const parquet = join(data.data, "orders.parquet").replaceAll("'", "''");
    await connection.run(`CREATE VIEW external_orders AS SELECT * FROM read_parquet('${parquet}'); CREATE TABLE orders AS SELECT 1 AS order_id`);
    connection.closeSync();
    instance.closeSync();
    const schema = `schema:
  - name: orders
    properties:
      - { name: order_id, logicalType: integer }
    quality:
      - { name: joined, type: sql, query: "SELECT count(*) FROM {object} JOIN external_orders USING (order_id)", mustBe: 1 }
  - name: external_orders
    properties:
      - { name: order_id, logicalType: integer }
      - { name: email, logicalType: string, classification: restricted }
`;
    const run = await runContract(data.dir, contractYaml("servers:\n  - { server: db, type: duckdb, database: ./data/views-classified.duckdb }\n" + schema));
    const explained = "Permission Error: Cannot access file \"***\" (the rest of the engine's message is not shown: it quotes a value) (meshkit reads a DuckDB database file's own tables and no other file: a view over files, or a query naming one, is not read; test those files with a `local` server, or store the data as a table)";
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-data-unreadable", `Cannot read \`external_orders\` to its end: ${explained}`],
      ["quality-check-error", `SQL rule \`joined\` failed: ${explained}`],
    ]);
  });

  it("a DuckDB server's `schema` is where SQL rules' unqualified names are looked up (as PostgreSQL's search_path); an unknown one is said", async () => {
    await duckDbFile("shop.duckdb", "CREATE SCHEMA sales; CREATE TABLE sales.orders (order_id INTEGER, amount DOUBLE); INSERT INTO sales.orders VALUES (1, 5), (2, 7)");
    const rules = "    quality:\n      - { name: plain, type: sql, query: \"SELECT count(*) FROM orders\", mustBe: 2 }\n      - { name: sub, type: sql, query: \"SELECT count(*) FROM {object} WHERE order_id IN (SELECT order_id FROM orders)\", mustBe: 2 }\n";
    const schema = "schema:\n  - name: orders\n    properties:\n      - { name: order_id, logicalType: integer }\n" + rules;
    const server = (name: string) => `servers:\n  - { server: db, type: duckdb, database: ./data/shop.duckdb, schema: ${name} }\n`;
    const run = await runContract(data.dir, contractYaml(server("sales") + schema));
    expect(run.findings).toEqual([]);
    expect([resultOf(run, "orders.plain").measured, resultOf(run, "orders.sub").measured]).toEqual([2, 2]);
    const unknown = await runContract(data.dir, contractYaml(server("nope") + schema));
    // (main is the file's schema too, though DuckDB marks it internal)
    expect(unknown.findings.map((f) => [f.ruleId, f.message])).toEqual([["quality-data-unreadable", "Cannot open the DuckDB database data/shop.duckdb: No schema `nope` in the DuckDB database (schemas: main, sales)"]]);
    // DuckDB compares names without case, as `FROM Sales.orders` does.
    for (const name of ["Sales", "SALES", "MAIN"]) {
      const cased = await runContract(data.dir, contractYaml(server(name) + (name === "MAIN" ? "schema:\n  - name: orders\n    properties:\n      - { name: order_id, logicalType: integer }\n" : schema)));
      expect(cased.findings.map((f) => f.message), name).toEqual(name === "MAIN" ? ["No table `orders` in schema `main` of the DuckDB database (tables: none)"] : []);
    }
  });
});

describe("data that does not match the contract", () => {
  it("a missing column: a finding per missing property; its checks are errors without findings of their own", async () => {
    const schema = ORDERS_SCHEMA.replace(
      "      - name: amount\n",
      "      - name: discount\n        logicalType: number\n        required: true\n        quality:\n          - { metric: nullValues, mustBe: 0 }\n      - name: ORDER_ID\n      - name: amount\n",
    );
    const run = await runContract(data.dir, contractYaml(localServer("./data/{model}.parquet") + schema));
    expect(run.findings.filter((f) => f.ruleId !== "schema-range").map((f) => [f.ruleId, f.message])).toEqual([
      ["schema-column-exists", "`discount` is declared but is not a column of `orders` (columns: order_id, status, email, amount, quantity, code, created_at, shipped_on, … 11 in all)"],
      ["schema-column-exists", "`ORDER_ID` is declared but is not a column of `orders`; did you mean `order_id`? (names are matched exactly)"],
    ]);
    expect(statuses(run)).toMatchObject({ "orders.discount.exists": "fail", "orders.discount.type": "error", "orders.discount.required": "error", "orders.discount.nullValues": "error", "orders.amount.minimum": "fail" });
    expect(resultOf(run, "orders.discount.required").message).toBe("Not checked: `discount` is not a column of `orders`.");
  });

  it("a CSV header cell left blank: the missing property's finding says which cell, not only that DuckDB read `column1`", async () => {
    mkdirSync(join(data.dir, "blank-header"), { recursive: true });
    writeFileSync(join(data.dir, "blank-header", "orders.csv"), "order_id,,amount\n1,x,5\n2,y,6\n");
    writeFileSync(join(data.dir, "blank-header", "named.csv"), "order_id,column1,amount\n1,x,5\n");
    const schema = (model: string) => `schema:
  - name: ${model}
    properties:
      - { name: order_id, logicalType: integer }
      - { name: name, logicalType: string }
      - { name: amount, logicalType: integer }
`;
    const run = await runContract(data.dir, contractYaml(localServer("./blank-header/{model}.csv") + schema("orders")));
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      [
        "schema-column-exists",
        "`name` is declared but is not a column of `orders` (columns: order_id, column1, amount); the header's cell 2 (read as `column1`) is blank: if the column is there, write its name in the header",
      ],
    ]);
    // A column the header names `column1` is that name, not a blank cell.
    const named = await runContract(data.dir, contractYaml(localServer("./blank-header/{model}.csv") + schema("named")));
    expect(named.findings.map((f) => f.message)).toEqual(["`name` is declared but is not a column of `named` (columns: order_id, column1, amount)"]);
  });

  it("a type mismatch fails the type check; checks that need the type are errors, the others still run", async () => {
    const schema = ORDERS_SCHEMA.replace("      - name: amount\n        logicalType: number", "      - name: amount\n        logicalType: date");
    const run = await runContract(data.dir, contractYaml(localServer("./data/{model}.parquet") + schema.replace("minimum: 0", 'minimum: "2024-01-01"')));
    expect(resultOf(run, "orders.amount.type")).toMatchObject({ status: "fail", measured: "DOUBLE", threshold: { mustBe: "date" }, message: "`amount` is DOUBLE in the data, but the contract declares date: fix the data or the contract's type" });
    expect(resultOf(run, "orders.amount.minimum")).toMatchObject({ status: "error", message: "Not checked: `amount` is DOUBLE in the data, not date." });
    expect(resultOf(run, "orders.amount.nullValues").status).toBe("pass");
    expect(run.findings.map((f) => f.ruleId)).toEqual(["schema-column-type"]);
  });

  it("an SLA on a column that is not a date or timestamp is an error", async () => {
    const run = await runContract(data.dir, contractYaml(localServer("./data/{model}.parquet") + ORDERS_SCHEMA.replace("logicalType: number", "physicalType: blob") + "slaProperties:\n  - { property: latency, value: 1, unit: d, element: amount }\n"));
    expect(resultOf(run, "orders.amount.latency")).toMatchObject({ status: "error", message: "Not checked: `amount` is DOUBLE in the data; an SLA element must be a date or timestamp column." });
  });
});

describe("empty data", () => {
  const slas = "slaProperties:\n  - { property: latency, value: 1, unit: d, element: created_at }\n  - { property: retention, value: 1, unit: d, element: created_at }\n";
  const schema = ORDERS_SCHEMA.replace("    quality:\n      - metric: rowCount", "      - name: created_at\n        logicalType: timestamp\n    quality:\n      - metric: rowCount");
  it.each([["parquet"], ["csv"], ["json"]])("an empty %s file: row counts work, percentages are 0, freshness fails, retention passes", async (format) => {
    const run = await runContract(data.dir, contractYaml(localServer(`./data/empty/{model}.${format}`) + schema + slas));
    expect(statuses(run)).toEqual({
      "orders.order_id.exists": "pass",
      "orders.order_id.type": "pass",
      "orders.order_id.required": "pass",
      "orders.amount.exists": "pass",
      "orders.amount.type": "pass",
      "orders.amount.minimum": "pass",
      "orders.amount.nullValues": "pass",
      "orders.created_at.exists": "pass",
      "orders.created_at.type": "pass",
      "orders.rowCount": "fail",
      "orders.created_at.latency": "fail",
      "orders.created_at.retention": "pass",
    });
    expect(resultOf(run, "orders.amount.nullValues")).toMatchObject({ measured: 0, rowsChecked: 0, message: "0 of 0 rows (taken as 0%: there are none) have a null `amount`; must be less than 1%" });
    expect(resultOf(run, "orders.rowCount").message).toBe("`orders` has 0 rows; must be more than 0");
    expect(resultOf(run, "orders.created_at.latency").message).toBe("`orders` has no `created_at` value (0 rows); latency must be at most 1 d");
  });

  it("a percent rule that 0% fails says why on no rows; a SQL rule's share of no rows is an error that says what to write", async () => {
    const rules = ORDERS_SCHEMA.replace("            mustBeLessThan: 1\n", "            mustBeGreaterThan: 50\n").replace(
      "    quality:\n      - metric: rowCount",
      "    quality:\n      - { name: null_share, type: sql, unit: percent, query: 'SELECT 100.0 * count(*) FILTER (WHERE amount IS NULL) / count(*) FROM orders', mustBeLessThan: 10 }\n      - { name: share_int, type: sql, unit: percent, query: 'SELECT count(*) FILTER (WHERE amount IS NULL) * 100 // count(*) FROM orders', mustBeLessThan: 10 }\n      - { name: infinite, type: sql, query: 'SELECT 1/0 FROM (SELECT count(*) FROM orders)', mustBeLessThan: 10 }\n      - metric: rowCount",
    );
    const run = await runContract(data.dir, contractYaml(localServer("./data/empty/{model}.csv") + rules));
    expect(resultOf(run, "orders.amount.nullValues")).toMatchObject({ status: "fail", measured: 0, message: "0 of 0 rows (taken as 0%: there are none) have a null `amount`; must be more than 50%" });
    const hint = "(`orders` has no rows, over which a share divides by zero and avg, min or max have no value: give the query a value for no rows, e.g. `coalesce(100.0 * count(*) FILTER (WHERE …) / nullif(count(*), 0), 0)`)";
    expect(resultOf(run, "orders.null_share")).toMatchObject({ status: "error", message: `SQL rule \`null_share\` returned NaN; it must return a finite number ${hint}` });
    expect(resultOf(run, "orders.share_int")).toMatchObject({ status: "error", message: `SQL rule \`share_int\` returned NULL; it must return a number ${hint}` });
    // A non-zero value divided by zero is no share of no rows: the hint would send the author the wrong way.
    expect(resultOf(run, "orders.infinite")).toMatchObject({ status: "error", message: "SQL rule `infinite` returned Infinity; it must return a finite number" });
  });
});

describe("formats and names", () => {
  const contract = readFileSync(new URL("./__fixtures__/orders.odcs.yaml", import.meta.url), "utf8");
  const measurements = (run: QualityRun) => run.results.checks.filter((c) => c.rule !== "schema-column-type" && !c.id.includes("lines_of_orders")).map((c) => [c.id, c.status, c.measured]);

  let parquet: QualityRun;
  beforeAll(async () => {
    parquet = await runContract(data.dir, contract, { objects: ["orders"] });
  });

  it.each([["csv"], ["json"]])("%s data gives the same measurements as parquet", async (format) => {
    const other = await runContract(data.dir, contract, { objects: ["orders"], data: join(data.data, "formats", `orders.${format}`) });
    expect(measurements(other)).toEqual(measurements(parquet));
    expect(other.results.checks.filter((c) => c.rule === "schema-column-type" && c.status !== "pass")).toEqual([]);
  });

  it("fetches as many sample rows as asked", async () => {
    const run = await runContract(data.dir, contractYaml(localServer("./data/{model}.parquet") + ORDERS_SCHEMA), { sampleSize: 2 });
    expect(resultOf(run, "orders.amount.minimum").sample).toEqual([
      { order_id: "1", amount: -50 },
      { order_id: "2", amount: -40 },
    ]);
  });

  it("CSV text keeps leading zeros when the contract says string", async () => {
    const file = join(data.dir, "codes.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, "code\n007\n012\n");
    const run = await runContract(data.dir, contractYaml(`schema:\n  - name: codes\n    properties:\n      - name: code\n        logicalType: string\n        logicalTypeOptions: { pattern: '^[0-9]{3}$' }\n`), { data: file });
    expect(statuses(run)).toEqual({ "codes.code.exists": "pass", "codes.code.type": "pass", "codes.code.pattern": "pass" });
  });

  /** `meshkit test` of an `orders` object with `properties` (YAML flow mappings) over a CSV file of `lines`. */
  /** `objectYaml`: more of the object's keys, after its properties (e.g. its `quality` list). */
  async function runCsv(name: string, lines: readonly string[], properties: readonly string[], objectYaml = ""): Promise<QualityRun> {
    const file = join(data.dir, `${name}.csv`);
    writeFileSync(file, lines.length > 0 ? lines.join("\n") + "\n" : "");
    return runContract(data.dir, contractYaml(`schema:\n  - name: orders\n    properties:\n${properties.map((p) => `      - ${p}\n`).join("")}${objectYaml}`), { data: file });
  }
  const NULL_FREE_AMOUNT = "{ name: amount, logicalType: number, quality: [{ metric: nullValues, mustBe: 0 }] }";
  /** `count` rows of `id,amount` (both i, from `from`): past DuckDB's 20,480-row sample, the parallel reader. */
  const filler = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `${from + i},${i}`);

  // "" is no number or date: such a column reads it as NULL, in the sniffer's sample and after it,
  // while a text column keeps "" as an empty string.
  it.each([
    ["in the rows DuckDB samples", 0],
    ["after them", 30_000],
  ])('CSV: a quoted empty field ("") in a number or date column is NULL, %s; in a text column an empty string', async (_, rows) => {
    const run = await runCsv(
      `quoted-empty-${rows}`,
      ["id,amount,day,name", '1,"",2024-01-02,"a"', "2,,,b", '3,30,"",""', ...filler(rows, 10).map((row, i) => `${row},2024-01-01,"n${i}"`), '4,"","",x'],
      [NULL_FREE_AMOUNT, "{ name: day, logicalType: date, quality: [{ metric: nullValues, mustBe: 0 }] }", "{ name: name, logicalType: string, quality: [{ metric: nullValues, mustBe: 0 }, { metric: missingValues, mustBe: 0 }] }"],
    );
    expect(run.results.checks.filter((c) => c.status === "error")).toEqual([]);
    expect(resultOf(run, "orders.amount.type").status).toBe("pass");
    expect(resultOf(run, "orders.day.type").status).toBe("pass");
    const failing = (id: string) => resultOf(run, `orders.${id}`).failedRows;
    expect([failing("amount.nullValues"), failing("day.nullValues"), failing("name.nullValues"), failing("name.missingValues")]).toEqual([3, 3, 0, 1]);
  });

  it('CSV: a "" that stops one of two queries running side by side late (the key\'s GROUP BY) after the other switched the views', async () => {
    // amount's "" stops the scan at once; id's "" on the last line stops the GROUP BY (which reads id alone) only at the end.
    const run = await runCsv("late-key", ["id,amount", '1,""', ...filler(200_000, 2), '"",5'], ["{ name: id, logicalType: integer, quality: [{ metric: duplicateValues, mustBe: 0 }] }", NULL_FREE_AMOUNT]);
    expect(run.results.checks.filter((c) => c.status === "error")).toEqual([]);
    expect([resultOf(run, "orders.id.duplicateValues").status, resultOf(run, "orders.amount.nullValues").failedRows]).toEqual(["pass", 1]);
  });

  it("CSV: a field quoted only after the rows DuckDB samples is read as CSV quotes it (its comma, and \"\" as empty)", async () => {
    const names = Array.from({ length: 30_000 }, (_, i) => `${i},n${i}`);
    const run = await runCsv("late-quotes", ["id,name", ...names, '30000,"Smith, John"', '30001,""'], [
      "{ name: name, logicalType: string, quality: [{ metric: missingValues, mustBe: 0 }, { metric: invalidValues, arguments: { validValues: ['Smith, John'] }, mustBeLessOrEqualTo: 30000 }] }",
    ]);
    expect(run.results.checks.filter((c) => c.status === "error")).toEqual([]);
    // The 30,000 n… names and '' are not valid values, "Smith, John" is; '' is also missing.
    expect([resultOf(run, "orders.name.missingValues").failedRows, resultOf(run, "orders.name.invalidValues").failedRows]).toEqual([1, 30_001]);
  });

  it.each([
    ["names the line, the column and the value", [], `Conversion Error: CSV Error on Line: 30002: Error when converting column "amount".`],
    ['names the column and the value, after a "" switched the views', ['1,""'], `Invalid Input Error: Error when converting column "amount".`],
  ])("CSV: a value a typed column cannot hold is an error that %s", async (_, first, error) => {
    const run = await runCsv("late-text", ["id,amount", ...first, ...filler(30_000, 2), "30002,abc"], [NULL_FREE_AMOUNT]);
    // The type check fails (its column holds a value that is not a number): one finding; the rule on the column is
    // not checked, for that reason, without a second finding.
    expect(run.findings.map((f) => f.message)).toEqual([`\`amount\` holds a value that is not DOUBLE (number in the contract): ${error} Could not convert string "abc" to 'DOUBLE'`]);
    expect(resultOf(run, "orders.amount.type").status).toBe("fail");
    expect(resultOf(run, "orders.amount.nullValues")).toMatchObject({ status: "error", message: "Not checked: `amount` holds a value that is not DOUBLE (see its type check `orders.amount.type`)." });
  });

  it("CSV: columns that each hold a value their type cannot hold: one finding per column, naming its own column and value; the other checks' samples leave those columns out", async () => {
    const lines = ["id,a,b,c,d", ...Array.from({ length: 25_000 }, (_, i) => `${i},${i},${i},${i},${i}`), "25000,4e38,4e38,4e38,4e38"];
    const run = await runCsv("late-overflow", lines, [
      "{ name: id, logicalType: integer, primaryKey: true }",
      "{ name: a, logicalType: integer, physicalType: bigint, unique: true, logicalTypeOptions: { minimum: 0 } }",
      "{ name: b, logicalType: integer, required: true, logicalTypeOptions: { format: i32 } }",
      "{ name: c, logicalType: number, physicalType: 'decimal(38,0)' }",
      "{ name: d, logicalType: number, physicalType: 'numeric(20,2)', logicalTypeOptions: { maximum: 100 } }",
    ]);
    const converting = (column: string) => `Conversion Error: CSV Error on Line: 25002: Error when converting column "${column}". Could not convert string "4e38" to 'BIGINT'`;
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["schema-column-type", `\`a\` holds a value that is not BIGINT (integer in the contract): ${converting("a")}`],
      ["schema-column-type", `\`b\` holds a value that is not BIGINT (integer in the contract): ${converting("b")}`],
      ["schema-column-type", "1 of 25,001 rows (<0.01%) have `c` text that is not a DECIMAL(38,0); must be 0"],
      ["schema-column-type", "1 of 25,001 rows (<0.01%) have `d` text that is not a DECIMAL(20,2); must be 0"],
      ["schema-range", "24,899 of 25,001 rows (99.59%) have `d` above the maximum 100; must be 0"],
    ]);
    const notChecked = (column: string) => ({ status: "error", message: `Not checked: \`${column}\` holds a value that is not BIGINT (see its type check \`orders.${column}.type\`).` });
    for (const id of ["a.unique", "a.minimum"]) expect(resultOf(run, `orders.${id}`)).toMatchObject(notChecked("a"));
    for (const id of ["b.required", "b.format"]) expect(resultOf(run, `orders.${id}`)).toMatchObject(notChecked("b"));
    expect(resultOf(run, "orders.id.primaryKey").status).toBe("pass");
    // The samples show the columns that can be read: `a` and `b` would stop their queries.
    expect(resultOf(run, "orders.c.type").sample).toEqual([{ id: "25000", c: "4e38", d: "4e38" }]);
    expect(resultOf(run, "orders.d.maximum").sample?.[0]).toEqual({ id: "101", c: "101", d: "101" });
  });

  it("CSV: a value a classified column cannot hold is not shown, though another property of the column is not classified", async () => {
    const classified = "{ name: amount, logicalType: number, classification: restricted }";
    const plain = "{ name: amount_again, physicalName: amount, logicalType: number }";
    const run = await runCsv("late-secret", ["id,amount", ...filler(30_000, 2), "30002,s3cr3t"], [classified, plain]);
    expect(resultOf(run, "orders.amount.type")).toMatchObject({ status: "fail", message: expect.stringContaining(`"***" (the rest of the engine's message is not shown: it quotes a value)`) });
    expect(JSON.stringify(run.results)).not.toContain("s3cr3t");
  });

  it("CSV: a fraction after the rows DuckDB samples, in a number column whose sampled values are whole, is not rounded", async () => {
    const run = await runCsv("late-fraction", ["id,amount", ...Array.from({ length: 30_000 }, (_, i) => `${i},0`), "30000,0.4"], [
      "{ name: amount, logicalType: number, logicalTypeOptions: { maximum: 0 } }",
    ]);
    expect([resultOf(run, "orders.amount.type").status, resultOf(run, "orders.amount.maximum").failedRows]).toEqual(["pass", 1]);
  });

  it("CSV: a column with no value at all has the contract's type (DuckDB would guess VARCHAR); one with a value keeps the type check", async () => {
    const run = await runCsv("valueless", ["id,opt,day,note", "1,,,", "2,,,", "3,,,"], [
      "{ name: id, logicalType: integer }",
      "{ name: opt, logicalType: integer, logicalTypeOptions: { minimum: 0 }, quality: [{ metric: nullValues, mustBeLessThan: 5 }] }",
      "{ name: day, logicalType: date }",
      "{ name: note, logicalType: string }",
    ]);
    expect(run.findings).toEqual([]);
    expect([resultOf(run, "orders.opt.type").status, resultOf(run, "orders.opt.minimum").status, resultOf(run, "orders.day.type").status]).toEqual(["pass", "pass", "pass"]);
    expect(resultOf(run, "orders.opt.nullValues")).toMatchObject({ status: "pass", measured: 3 });
    const text = await runCsv("one-value", ["id,opt", "1,", "2,x"], ["{ name: id, logicalType: integer }", "{ name: opt, logicalType: integer }"]);
    expect(resultOf(text, "orders.opt.type").status).toBe("fail");
  });

  it("CSV: a zero-byte file is an empty table of the contract's columns, whose passing checks are said to have checked nothing", async () => {
    const run = await runCsv("zero", [], ["{ name: id, logicalType: integer, required: true }", "{ name: amount, logicalType: number }"]);
    expect(run.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ["quality-no-rows", "warning", "`orders` has no rows, so its checks passed on no data: add a rowCount rule (e.g. mustBeGreaterThan: 0) to fail on empty data, or to accept it (mustBeGreaterOrEqualTo: 0)."],
    ]);
    expect([resultOf(run, "orders.id.exists").status, resultOf(run, "orders.amount.type").status, resultOf(run, "orders.id.required").rowsChecked]).toEqual(["pass", "pass", 0]);
    // The results document alone (what CI keeps, what the catalog shows) says so too.
    expect(run.results.notes).toEqual([{ object: "orders", ruleId: "quality-no-rows", severity: "warning", message: run.findings[0]!.message }]);
    // So is one of blank lines only, which DuckDB reads as rows of an empty `column0` (one line break alone as none):
    // not a file without a header row (exit 2).
    for (const blank of [["", ""], ["\r", "\r"], [" ", " ", ""]]) {
      const lines = await runCsv("blank-lines", blank, ["{ name: id, logicalType: integer, required: true }"]);
      expect(lines.findings.map((f) => f.ruleId), JSON.stringify(blank)).toEqual(["quality-no-rows"]);
      expect(resultOf(lines, "orders.id.required").rowsChecked).toBe(0);
    }
  });

  it("a blank file compressed (.csv.gz, .json.gz), in UTF-16 or past 4 KiB is an empty table too, alone or among a folder's files, not one without a header row", async () => {
    const blankFiles: ReadonlyArray<readonly [string, string | Buffer]> = [
      ["zero.csv.gz", gzipSync("")],
      ["lines.csv.gz", gzipSync("\n \r\n\n")],
      ["lines.json.gz", gzipSync("\n\n")],
      ["long.csv", "\n".repeat(5000)],
      ["spaces.csv", " ".repeat(5000)],
      ["long.csv.gz", gzipSync(" \n".repeat(5000))],
      ["utf16.csv", Buffer.from("\ufeff\r\n\r\n", "utf16le")],
      ["utf16.csv.gz", gzipSync(Buffer.from("\ufeff\r\n\r\n", "utf16le"))],
    ];
    for (const [name, bytes] of blankFiles) {
      const file = join(data.dir, name);
      writeFileSync(file, bytes);
      const alone = await runContract(data.dir, contractYaml("schema:\n  - name: orders\n    properties:\n      - { name: id, logicalType: integer, required: true }\n"), { data: file });
      expect(alone.findings.map((f) => f.ruleId), name).toEqual(["quality-no-rows"]);
      expect(resultOf(alone, "orders.id.required").rowsChecked, name).toBe(0);
    }
    const folder = join(data.dir, "blank-among");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "a.csv"), "id\n1\n2\n");
    writeFileSync(join(folder, "b.csv.gz"), gzipSync("\n\n"));
    const among = await runContract(data.dir, contractYaml(`${localServer("./blank-among/*.csv*", "csv")}schema:\n  - name: orders\n    properties:\n      - { name: id, logicalType: integer, required: true }\n`));
    expect(among.findings.map((f) => f.message)).toEqual([]);
    expect(resultOf(among, "orders.id.required")).toMatchObject({ status: "pass", rowsChecked: 2 });
  });

  it("a contract or an object that declares nothing to check is said to test nothing (a warning), not a silent pass", async () => {
    const file = join(data.dir, "nothing.csv");
    writeFileSync(file, "id,amount\n1,2\n");
    const bare = await runContract(data.dir, contractYaml("schema:\n  - name: orders\n    physicalName: nothing\n"), { data: file });
    expect(bare.findings.map((f) => [f.ruleId, f.severity, f.path, f.message])).toEqual([
      ["quality-no-checks", "warning", "/schema/0", "`orders` declares no property, quality rule or SLA, so nothing of its data is tested: list its properties (name, logicalType) for contract-test to check them."],
    ]);
    for (const body of ["", "schema: []\n"]) {
      const none = await runContract(data.dir, contractYaml(body), { data: file });
      expect(none.findings.map((f) => [f.ruleId, f.severity, f.path]), body).toEqual([["quality-no-checks", "warning", body ? "/schema" : ""]]);
    }
    // Nothing to check needs no data: a contract without servers still passes, with the warning only.
    for (const body of ["", "schema:\n  - name: orders\n"]) {
      const dataless = await runContract(data.dir, contractYaml(body));
      expect(dataless.findings.map((f) => [f.ruleId, f.severity]), body).toEqual([["quality-no-checks", "warning"]]);
      expect(dataless.results.summary, body).toMatchObject({ checks: 0, errors: 0 });
    }
    // A data source named on purpose is still read, and one that is not there is still said.
    const named = await runContract(data.dir, contractYaml(""), { server: "nosuch" });
    expect(named.findings.map((f) => f.ruleId)).toContain("quality-data-unreadable");
    // One property is a check (the column exists): nothing to say.
    const one = await runContract(data.dir, contractYaml("schema:\n  - name: orders\n    physicalName: nothing\n    properties:\n      - { name: id }\n"), { data: file });
    expect(one.findings).toEqual([]);
  });

  it("CSV: a header-only file with a rowCount rule is judged by it, with no warning besides", async () => {
    const columns = ["{ name: id, logicalType: integer, required: true }"];
    const strict = await runCsv("header-strict", ["id"], columns, "    quality:\n      - { metric: rowCount, mustBeGreaterThan: 0 }\n");
    expect(strict.findings.map((f) => f.ruleId)).toEqual(["quality-row-count"]);
    const lenient = await runCsv("header-lenient", ["id"], columns, "    quality:\n      - { metric: rowCount, mustBeGreaterOrEqualTo: 0 }\n");
    expect(lenient.findings).toEqual([]);
    expect([strict.results.notes, lenient.results.notes]).toEqual([undefined, undefined]);
  });

  it("a .tsv that is not tab-separated: data that cannot be read, saying the extension set its delimiter", async () => {
    const file = join(data.dir, "semicolons.tsv");
    writeFileSync(file, "id;amount\n1;5\n");
    const run = await runContract(data.dir, contractYaml("schema:\n  - name: orders\n    properties:\n      - { name: id, logicalType: integer }\n"), { data: file });
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-data-unreadable", expect.stringContaining('its header was read as one column named "id;amount": the file\'s extension says its delimiter is "\\t" (a .tsv is tab-separated: rename it .csv if it is not)')],
    ]);
  });

  it("CSV: a header with two fields without a name repeats nothing (DuckDB names them column1, column2)", async () => {
    const run = await runCsv("unnamed-fields", ["id,,", "1,2,3"], ["{ name: id, logicalType: integer }"]);
    expect(run.findings).toEqual([]);
  });

  it("CSV: a header-only file with other columns is still missing the contract's columns", async () => {
    const run = await runCsv("header-only", ["a,b"], ["{ name: id, logicalType: integer }"]);
    expect(resultOf(run, "orders.id.exists").status).toBe("fail");
  });

  it.each([
    ["an unterminated quote", ['id,amount', '1,"5', "2,6"], /its header was read as one column named "id,amount": the delimiter could not be detected/],
    // A row of another length than the header made the sniffer give up on the delimiter (or the header): the line is named.
    ["a header shorter than the rows", ["id,amount", ...Array.from({ length: 20 }, (_, i) => `${i},1,2`)], /broken-header\.csv: Invalid Input Error: CSV Error on Line: 2: Expected Number of Columns: 2 Found: 3$/],
    ["a row shorter than the header", ["id,amount,name", "1,5,a", "2,6", "3,7,c"], /broken-header\.csv: Invalid Input Error: CSV Error on Line: 3: Expected Number of Columns: 3 Found: 2$/],
    ["a row longer than the header, below a field over two lines", ["\uFEFFid;amount;name", '1;5;"a', 'b"', "2;6;b;x", "3;7;c"], /broken-header\.csv: Invalid Input Error: CSV Error on Line: 4: Expected Number of Columns: 3 Found: 4$/],
    // DuckDB reads a repeat as `id_1` (names compared without case): the checks of `id` would read one column of two.
    ["a header that repeats a name", ["id,amount,id", "1,5,", "2,6,"], /broken-header\.csv: its header repeats `id` \(columns 1, 3\)/],
    ["a header that repeats a name in another case", ["ID,amount,id", "1,5,1", "2,6,2"], /its header repeats `ID` \/ `id` \(columns 1, 3\)/],
    ["a header that repeats a name after a space", ["id, id,amount", "1,1,5"], /its header repeats `id` \(columns 1, 2\)/],
  ])("CSV: %s is data that cannot be read (exit 2), not every column missing", async (_, lines, problem) => {
    const run = await runCsv("broken-header", lines, ["{ name: id, logicalType: integer }", "{ name: amount, logicalType: number }"]);
    expect(run.findings.map((f) => f.ruleId)).toEqual(["quality-data-unreadable"]);
    expect(run.findings[0]!.message).toMatch(problem);
  });

  it.each([
    ["compressed with gzip", "ragged.csv.gz", (text: string) => gzipSync(text)],
    ["in UTF-16 with its byte order mark", "ragged-utf16.csv", (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
  ])("CSV %s: a row shorter than the header is named by its line, as the reader decodes the file", async (_, name, encode) => {
    const file = join(data.dir, name);
    writeFileSync(file, encode("id,amount,name\n1,5,a\n2,6\n3,7,c\n"));
    const run = await runContract(data.dir, contractYaml(`schema:\n  - name: orders\n    properties:\n      - { name: id, logicalType: integer }\n`), { data: file });
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([["quality-data-unreadable", `Cannot read \`orders\` from ${name}: Invalid Input Error: CSV Error on Line: 3: Expected Number of Columns: 3 Found: 2`]]);
  });

  it("CSV: a line longer than DuckDB's default 2 MB but within the reader's buffer is sniffed as the reader reads it: its header is still checked", async () => {
    // The sniffer used DuckDB's own line limit (and, beyond it, time growing with the square of the line's
    // length): it refused such a file, which was then read unsniffed, its repeated header unnoticed.
    const run = await runCsv("long-line", ["id,amount,id", `${"7".repeat(2_500_000)},5,`, "2,6,"], ["{ name: id, logicalType: string }", "{ name: amount, logicalType: number }"]);
    expect(run.findings.map((f) => f.ruleId)).toEqual(["quality-data-unreadable"]);
    expect(run.findings[0]!.message).toMatch(/long-line\.csv: its header repeats `id` \(columns 1, 3\)/);
  });

  it("CSV: a line longer than the reader's buffer is data that cannot be read, said without DuckDB's wrong line number and size", async () => {
    const run = await runCsv("too-long-line", ["id,amount", "1,5", `${"7".repeat(5_000_000)},6`], ["{ name: id, logicalType: string }", "{ name: amount, logicalType: number }"]);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-data-unreadable", "Cannot read `orders` from too-long-line.csv: a line is longer than 4 MiB, the longest CSV line meshkit reads: shorten its long values, or write the data as Parquet or JSON"],
    ]);
  });

  // The same hole in the other formats: DuckDB's JSON and Parquet readers also rename a repeat `<name>_1`.
  const ID_AND_AMOUNT = ["{ name: id, logicalType: integer, required: true }", "{ name: amount, logicalType: number }"];
  const runFile = (file: string, properties = ID_AND_AMOUNT) =>
    runContract(data.dir, contractYaml(`schema:\n  - name: orders\n    properties:\n${properties.map((p) => `      - ${p}\n`).join("")}`), { data: file });

  it("JSON: lines cut short (unclosed objects) are malformed JSON, as the reader says, not nested too deep", async () => {
    const file = join(data.dir, "cut-lines.jsonl");
    writeFileSync(file, Array.from({ length: 1_500 }, (_, i) => `{"id": ${i}, "amount": 5\n`).join(""));
    const run = await runFile(file);
    expect(run.findings.map((f) => f.ruleId)).toEqual(["quality-data-unreadable"]);
    expect(run.findings[0]!.message).toContain("Malformed JSON");
    expect(run.findings[0]!.message).not.toContain("levels deep");
  });

  it("JSON: a record nested deeper than DuckDB's reader can go is data that cannot be read, not a crash of the process", async () => {
    // DuckDB's reader recurses per level: 20,000 crashed `meshkit test` (a segmentation fault, no finding).
    const file = join(data.dir, "deep.jsonl");
    writeFileSync(file, `{"id": 1, "amount": 5}\n{"id": 2, "amount": ${"[".repeat(30_000)}${"]".repeat(30_000)}}\n`);
    const run = await runFile(file);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-data-unreadable", "Cannot read `orders` from deep.jsonl: its values nest more than 1000 levels deep (line 2), deeper than DuckDB's JSON reader can read"],
    ]);
  });

  it.each([
    ["one record's keys in two cases (JSON lines)", "case.jsonl", '{"id": 1, "ID": 2, "amount": 5}\n{"id": null, "ID": 3, "amount": 6}\n', "1, 2"],
    ["an array of records", "case.json", '[{"id": 1, "ID": 2, "amount": 5}, {"id": null, "ID": 3, "amount": 6}]', "1, 2"],
    // (numbered as DuckDB orders the columns: by where a key first appears)
    ["keys in two cases in different records", "split.jsonl", '{"id": 1, "amount": 5}\n{"ID": 2, "amount": 6}\n', "1, 3"],
  ])("JSON: %s is data that cannot be read (exit 2), not a check of one of the two columns", async (_, name, content, columns) => {
    const file = join(data.dir, name);
    writeFileSync(file, content);
    const run = await runFile(file);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-data-unreadable", expect.stringContaining(`${name}: its records' keys repeat \`id\` / \`ID\` (columns ${columns}): a check could not tell which column is the data`)],
    ]);
  });

  it("JSON: keys in two cases in a nested object (DuckDB's reader refuses them) say so, without DuckDB's advice to ignore errors", async () => {
    const file = join(data.dir, "nested-case.jsonl");
    writeFileSync(file, '{"id": 1, "amount": 5, "c": {"x": 1}}\n{"id": 2, "amount": 6, "c": {"X": 2}}\n');
    const run = await runFile(file);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-data-unreadable", "Cannot read `orders` from nested-case.jsonl: an object in its records repeats the key `X` in another case: a check could not tell which field is the data (DuckDB compares names without ASCII case); give every key a name of its own"],
    ]);
  });

  // DuckDB's reader refuses such a record only when a query reads the key's column (describing and counting
  // the file do not), and its error quotes the record: the type check of that column used to fail with it.
  it.each([
    ["a record (JSON lines)", "repeat.jsonl", '{"id": 1, "amount": 5, "ssn": "111-22-3333"}\n{"id": 2, "amount": 6, "ssn": "111-22-3333", "ssn": "444-55-6666"}\n', "line 2"],
    ["a record of an array", "repeat.json", '[{"id": 1, "amount": 5, "ssn": "111-22-3333", "ssn": "444-55-6666"}]', "record 1"],
  ])("JSON: a key repeated exactly in %s is data that cannot be read (exit 2), its values not shown", async (_, name, content, where) => {
    const file = join(data.dir, name);
    writeFileSync(file, content);
    const run = await runFile(file, [...ID_AND_AMOUNT, "{ name: ssn, logicalType: string, classification: restricted }"]);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      [
        "quality-data-unreadable",
        `Cannot read \`orders\` from ${name} to its end: its records repeat the key \`ssn\` (${name}, ${where}): a check could not tell which value is the data; give every key a name of its own`,
      ],
    ]);
  });

  it("JSON: a key repeated exactly in a nested object is data that cannot be read (exit 2)", async () => {
    const file = join(data.dir, "nested-repeat.jsonl");
    writeFileSync(file, '{"id": 1, "amount": 5, "c": {"x": 1}}\n{"id": 2, "amount": 6, "c": {"x": 2, "x": 3}}\n');
    const run = await runFile(file, [...ID_AND_AMOUNT, "{ name: c, logicalType: object, properties: [{ name: x, logicalType: integer }] }"]);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-data-unreadable", expect.stringContaining("its records repeat the key `x` (nested-repeat.jsonl, line 2): a check could not tell which value is the data")],
    ]);
  });

  // DuckDB types a column from the first 20,480 records, and a date or timestamp column by a format it guesses from
  // them: a column declared a date or timestamp is read as the text it is (JSON has no dates), so a later value that is
  // none fails the type check in its row, as in any text column.
  /** 25,000 records of `id` and `day` (a date), then `last`: as JSON lines, or as an array. */
  const lateValueJson = (last: Record<string, unknown>, array: boolean) => {
    const records = [...Array.from({ length: 25_000 }, (_, i) => ({ id: i, day: "2024-01-02" })), last].map((r) => JSON.stringify(r));
    return array ? `[${records.join(",\n")}]` : `${records.join("\n")}\n`;
  };
  const lateNoDate = "1 of 25,001 rows (<0.01%) have `day` text that is not a date (ISO 8601); must be 0";

  it.each([
    ["JSON lines", "late-date.jsonl", false],
    ["an array of records", "late-date.json", true],
  ])("JSON: a date past the records DuckDB types the column from, that is none (%s), fails the type check with its row shown", async (_, name, array) => {
    const file = join(data.dir, name);
    writeFileSync(file, lateValueJson({ id: 1, day: "not-a-date" }, array));
    const run = await runFile(file, ["{ name: id, logicalType: integer }", "{ name: day, logicalType: date }"]);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([["schema-column-type", lateNoDate]]);
    expect(JSON.stringify(resultOf(run, "orders.day.type").sample)).toContain("not-a-date");
  });

  it.each([
    ["pretty-printed records one after another", "", (r: object) => JSON.stringify(r, null, 1)],
    ["JSON lines after blank lines", "\n\n\n", (r: object) => JSON.stringify(r)],
  ])("JSON: a late date that is none, in %s, fails the type check too", async (_, start, write) => {
    const file = join(data.dir, "late-date-records.json");
    const records = [...Array.from({ length: 25_000 }, (_, i) => ({ id: i, day: "2024-01-02" })), { id: 1, day: "not-a-date" }];
    writeFileSync(file, `${start}${records.map(write).join("\n")}\n`);
    const run = await runFile(file, ["{ name: id, logicalType: integer }", "{ name: day, logicalType: date }"]);
    expect(run.findings.map((f) => f.message)).toEqual([lateNoDate]);
  });

  // A column declared another type keeps the reader's DATE (its type check says so), and a check reading it stops at a
  // later string that is none, with "JSON transform error in file …, in line 25001:" and nothing after the colon: the
  // value is read back from that record (DuckDB counts records, not lines).
  it.each([
    ["JSON lines", "late-date.jsonl", (r: object) => JSON.stringify(r), "", "line 25001"],
    ["an array of records", "late-date.json", (r: object) => JSON.stringify(r), "array", "record/value 25001"],
    ["pretty-printed records one after another", "late-date-records.json", (r: object) => JSON.stringify(r, null, 1), "", "record/value 25001"],
  ])("JSON: a late string that is no date, in a date column declared another type (%s), is named in the message of the check that read it", async (_, name, write, layout, where) => {
    const file = join(data.dir, name);
    const records = [...Array.from({ length: 25_000 }, (_, i) => ({ id: i, day: "2024-01-02" })), { id: 1, day: "not-a-date" }].map(write);
    writeFileSync(file, layout === "array" ? `[${records.join(",\n")}]` : `${records.join("\n")}\n`);
    const run = await runFile(file, ["{ name: id, logicalType: integer }", "{ name: day, logicalType: integer, required: true }"]);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["schema-column-type", "`day` is DATE in the data, but the contract declares integer: fix the data or the contract's type"],
      ["quality-check-error", expect.stringMatching(new RegExp(`^Could not run: .*, in ${where}: "not-a-date" is no DATE$`))],
    ]);
  });

  it("JSON: a late string that is no date, in a date column declared another type, is named in the message of a duplicate check that read it, of one column or several (at which)", async () => {
    const file = join(data.dir, "late-date-duplicates.jsonl");
    writeFileSync(file, `${[...Array.from({ length: 25_000 }, (_, i) => ({ id: i, day: "2024-01-02" })), { id: 1, day: "not-a-date" }].map((r) => JSON.stringify(r)).join("\n")}\n`);
    const yaml = contractYaml(`schema:
  - name: orders
    quality:
      - { name: pair, metric: duplicateValues, arguments: { properties: [id, day] }, mustBe: 0 }
    properties:
      - { name: id, logicalType: integer }
      - { name: day, logicalType: integer, quality: [{ name: once, metric: duplicateValues, mustBe: 0 }] }
`);
    const run = await runContract(data.dir, yaml, { data: file });
    expect(run.findings.filter((f) => f.ruleId === "quality-check-error").map((f) => f.message).sort()).toEqual([
      expect.stringMatching(/^Could not run: .*, in line 25001: "not-a-date" at `day` is no DATE$/),
      expect.stringMatching(/^Could not run: .*, in line 25001: "not-a-date" is no DATE$/),
    ]);
  });

  it.each([
    ["an integer column's 1.5 (which the reader rounds to 2)", "late-fraction.jsonl", { id: 1, day: "2024-01-02", n: 1.5 }, "n", "integer", false],
    ["a boolean column's \"yes\" (which the reader reads as true)", "late-yes.json", { id: 1, day: "2024-01-02", n: "yes" }, "n", "boolean", true],
    ["a number column's \"1.5\" (which the reader reads as 1.5)", "late-text-number.jsonl", { id: 1, day: "2024-01-02", n: "1.5" }, "n", "number", false],
  ])("JSON: %s past the records DuckDB types the column from fails the type check, not a silent pass", async (_, name, last, column, family, array) => {
    const file = join(data.dir, name);
    const first = { integer: 5, number: 2.5, boolean: true }[family];
    const records = [...Array.from({ length: 25_000 }, (_, i) => ({ id: i, day: "2024-01-02", n: first })), last].map((r) => JSON.stringify(r));
    writeFileSync(file, array ? `[${records.join(",\n")}]` : records.join("\n"));
    const run = await runFile(file, ["{ name: id, logicalType: integer }", `{ name: ${column}, logicalType: ${family} }`]);
    expect(resultOf(run, `orders.${column}.type`)).toMatchObject({ status: "fail", measured: 1, message: `1 of 25,001 rows (<0.01%) have \`n\` of another JSON type than ${family}; must be 0` });
  });

  it("JSON: a late value of another JSON type inside a nested object or list (o.n, tags[], lines[].qty) fails that part's type check, not a silent pass", async () => {
    // The reader converts such a value leniently (1.5 to 2, "yes" to true) and the checks passed; "n/a" failed the whole object's.
    const file = join(data.dir, "late-nested-types.jsonl");
    const typical = (i: number) => ({ id: i, o: { n: i, flag: true }, tags: [i, -i], lines: [{ qty: i }] });
    const records = [...Array.from({ length: 25_000 }, (_, i) => typical(i)), { id: 1, o: { n: 1.5, flag: "yes" }, tags: [1, 2.5], lines: [{ qty: 1 }, { qty: "n/a" }] }, typical(-7)];
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n"));
    const run = await runFile(file, [
      "{ name: id, logicalType: integer }",
      "{ name: o, logicalType: object, properties: [{ name: n, logicalType: integer }, { name: flag, logicalType: boolean }] }",
      "{ name: tags, logicalType: array, items: { logicalType: integer } }",
      "{ name: lines, logicalType: array, items: { logicalType: object, properties: [{ name: qty, logicalType: integer }] } }",
    ]);
    const failed = (part: string, family: string, items = "") => ({ status: "fail", measured: 1, message: `1 of 25,002 rows (<0.01%) have \`${part}\` of another JSON type than ${family}${items}; must be 0` });
    expect(resultOf(run, "orders.o.n.type")).toMatchObject(failed("o.n", "integer"));
    expect(resultOf(run, "orders.o.flag.type")).toMatchObject(failed("o.flag", "boolean"));
    expect(resultOf(run, "orders.tags[].type")).toMatchObject(failed("tags[]", "integer", " in at least one item"));
    expect(resultOf(run, "orders.lines[].qty.type")).toMatchObject(failed("lines[].qty", "integer", " in at least one item"));
    // The late value itself is shown in the failing row.
    expect(JSON.stringify(resultOf(run, "orders.lines[].qty.type").sample)).toContain("n/a");
    expect(resultOf(run, "orders.o.type")).toMatchObject({ status: "pass" });
    // A late whole number (-7) is no value of another type: the part stays the reader's.
    writeFileSync(file, [...Array.from({ length: 25_000 }, (_, i) => typical(i)), typical(-7)].map((r) => JSON.stringify(r)).join("\n"));
    const clean = await runFile(file, ["{ name: id, logicalType: integer }", "{ name: o, logicalType: object, properties: [{ name: n, logicalType: integer }] }"]);
    expect(resultOf(clean, "orders.o.n.type")).toMatchObject({ status: "pass", measured: "BIGINT" });
  });

  it("JSON: a late negative whole number in an integer column is no value of another type: the column stays BIGINT", async () => {
    const file = join(data.dir, "late-whole.jsonl");
    const records = [...Array.from({ length: 25_000 }, (_, i) => ({ id: i })), { id: -3 }].map((r) => JSON.stringify(r));
    writeFileSync(file, records.join("\n"));
    const run = await runFile(file, ["{ name: id, logicalType: integer }"]);
    expect(resultOf(run, "orders.id.type")).toMatchObject({ status: "pass", measured: "BIGINT" });
  });

  it("JSON: a late number written as text in a column declared an exact DECIMAL is read as that decimal, as an early one is", async () => {
    // Such a column is read as text and converted to its DECIMAL: the late-value probe must not make it JSON (a DOUBLE).
    const file = join(data.dir, "late-decimal-text.jsonl");
    const records = [...Array.from({ length: 25_000 }, (_, i) => `{"id": ${i}, "amt": ${i}.25}`), '{"id": 1, "amt": "12345678901234567890.1234567892"}'];
    writeFileSync(file, records.join("\n"));
    const run = await runFile(file, ["{ name: id, logicalType: integer }", "{ name: amt, logicalType: number, physicalType: \"decimal(38,10)\" }"]);
    expect(run.findings.map((f) => f.message)).toEqual([]);
    expect(resultOf(run, "orders.amt.type")).toMatchObject({ status: "pass" });
  });

  it("JSON: a late string that is no date, in a date column declared another type, read with some columns retyped as declared (where DuckDB gives its line as approximate), says so", async () => {
    // `u` holds UUIDs the reader types UUID; declared a string, it is read as VARCHAR, and the reader's line is then another one.
    const file = join(data.dir, "late-date-retyped.jsonl");
    const uuid = "6f1c1f0e-1c1b-4f6e-9d2a-0f0c3e3b9a11";
    const records = [...Array.from({ length: 25_000 }, (_, i) => ({ id: i, day: "2024-01-02", u: uuid })), { id: 1, day: "not-a-date", u: uuid }];
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n"));
    const run = await runFile(file, ["{ name: id, logicalType: integer }", "{ name: day, logicalType: integer, required: true }", "{ name: u, logicalType: string }"]);
    expect(run.findings.map((f) => f.message)).toEqual([
      "`day` is DATE in the data, but the contract declares integer: fix the data or the contract's type",
      expect.stringMatching(/^Could not run: .*"not-a-date".* \(DuckDB's line number here is approximate\)$/),
    ]);
  });

  it("JSON: a late value that is no date of a classified column is not read back; one in a nested object fails that field's type check", async () => {
    const classified = join(data.dir, "late-secret.jsonl");
    writeFileSync(classified, lateValueJson({ id: 1, day: "secret-not-a-date" }, false));
    const masked = await runFile(classified, ["{ name: id, logicalType: integer }", "{ name: day, logicalType: date, classification: restricted }"]);
    expect(masked.findings.map((f) => [f.ruleId, f.message])).toEqual([["schema-column-type", lateNoDate]]);
    expect(JSON.stringify(masked.results)).not.toContain("secret-not-a-date");
    const nested = join(data.dir, "late-nested.jsonl");
    const records = [...Array.from({ length: 25_000 }, (_, i) => ({ id: i, c: { day: "2024-01-02" } })), { id: 1, c: { day: "nope" } }];
    writeFileSync(nested, records.map((r) => JSON.stringify(r)).join("\n"));
    const run = await runFile(nested, ["{ name: id, logicalType: integer }", "{ name: c, logicalType: object, properties: [{ name: day, logicalType: date }] }"]);
    expect(run.findings.map((f) => f.message)).toEqual(["1 of 25,001 rows (<0.01%) have `c.day` text that is not a date (ISO 8601); must be 0"]);
    expect(JSON.stringify(resultOf(run, "orders.c.day.type").sample)).toContain("nope");
    // Two levels down, beside a field that reads.
    const deeper = join(data.dir, "late-nested-deeper.jsonl");
    const deep = [...Array.from({ length: 25_000 }, (_, i) => ({ id: i, c: { n: 1, d: { day: "2024-01-02" } } })), { id: 1, c: { n: 2, d: { day: "2024-13-45" } } }];
    writeFileSync(deeper, deep.map((r) => JSON.stringify(r)).join("\n"));
    const nestedProperties = "[{ name: n, logicalType: integer }, { name: d, logicalType: object, properties: [{ name: day, logicalType: date } ] }]";
    const deeperRun = await runFile(deeper, ["{ name: id, logicalType: integer }", `{ name: c, logicalType: object, properties: ${nestedProperties} }`]);
    expect(deeperRun.findings.map((f) => f.message)).toEqual(["1 of 25,001 rows (<0.01%) have `c.d.day` text that is not a date (ISO 8601); must be 0"]);
    // A nested classified field makes its column's values masked: not read back.
    const secret = nestedProperties.replace("logicalType: date", "logicalType: date, classification: restricted");
    const maskedRun = await runFile(deeper, ["{ name: id, logicalType: integer }", `{ name: c, logicalType: object, properties: ${secret} }`]);
    expect(maskedRun.findings.map((f) => f.ruleId)).toEqual(["schema-column-type"]);
    expect(JSON.stringify(maskedRun.results)).not.toContain("2024-13-45");
    // Declared another type, the field keeps the reader's DATE, and the object's reading names the late value by its path.
    const otherType = nestedProperties.replace("logicalType: date", "logicalType: integer");
    const otherRun = await runFile(deeper, ["{ name: id, logicalType: integer }", `{ name: c, logicalType: object, properties: ${otherType} }`]);
    expect(otherRun.findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/, in line 25001: "2024-13-45" at `c\.d\.day` is no DATE$/));
  });

  it("JSON: a late string that is no date in an object's field the contract does not declare is not checked: the object reads", async () => {
    // The reader types that field DATE from its first records; read so, the later "nope" failed the object's reading.
    const file = join(data.dir, "late-undeclared.jsonl");
    const records = [...Array.from({ length: 25_000 }, (_, i) => ({ id: i, c: { n: i, d: { day: "2024-01-02" }, at: ["2024-01-02T10:00:00"] } })), { id: 1, c: { n: 2, d: { day: "nope" }, at: ["later"] } }];
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n"));
    const run = await runFile(file, ["{ name: id, logicalType: integer }", "{ name: c, logicalType: object, required: true, properties: [{ name: n, logicalType: integer, required: true }] }"]);
    expect(run.findings).toEqual([]);
    expect(resultOf(run, "orders.c.type")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "orders.c.n.type")).toMatchObject({ status: "pass" });
  });

  it("JSON: keys `id` and `id_1` as written are two columns (only a name DuckDB made up is a repeat)", async () => {
    const file = join(data.dir, "suffixed.jsonl");
    writeFileSync(file, '{"id": 1, "id_1": 2, "amount": 5}\n');
    const run = await runFile(file, [...ID_AND_AMOUNT, "{ name: id_1, logicalType: integer }"]);
    expect(run.findings).toEqual([]);
  });

  it.each([
    ["bom.json", false],
    ["bom.json.gz", true],
  ])("JSON: an array of records after a UTF-8 byte order mark (%s) is read as its records, not one record holding the array", async (name, compressed) => {
    // DuckDB's detection looked at the BOM, took the file for one value, and every declared column was "missing".
    const text = Buffer.from('\ufeff[{"id": 1, "amount": 5}, {"id": null, "amount": -1}, {"id": 3, "amount": 2}]');
    const file = join(data.dir, name);
    writeFileSync(file, compressed ? gzipSync(text) : text);
    const run = await runFile(file, [...ID_AND_AMOUNT.slice(0, 1), "{ name: amount, logicalType: number, logicalTypeOptions: { minimum: 0 } }"]);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["schema-required", expect.stringMatching(/^1 of 3 rows .* null `id`/)],
      ["schema-range", expect.stringMatching(/^1 of 3 rows .* `amount` below the minimum 0/)],
    ]);
  });

  it("JSON: an empty array after a UTF-8 byte order mark has no rows, as `[]` without one has, not one row of a column `json`", async () => {
    for (const [name, text] of [
      ["empty-bom.json", "\ufeff[]"],
      ["empty.json", "[]"],
    ]) {
      const file = join(data.dir, name!);
      writeFileSync(file, text!);
      const run = await runFile(file);
      expect(run.findings.map((f) => f.ruleId)).toEqual(["quality-no-rows"]);
    }
  });

  it("CSV in UTF-16 with its byte order mark (Excel's \"Unicode Text\", tab-separated, or commas), gzipped too, is read, not \"Error when sniffing file\"", async () => {
    for (const [name, text] of [
      ["unicode-text.csv", "id\tname\tamount\r\n1\tcafé\t5\r\n\tx\t6\r\n3\ty\t-1\r\n"],
      ["unicode-commas.csv", 'id,name,amount\r\n1,"café, au lait",5\r\n,x,6\r\n3,y,-1\r\n'],
      // (the byte order mark is the text's, inside the compression)
      ["unicode-commas.csv.gz", 'id,name,amount\r\n1,"café, au lait",5\r\n,x,6\r\n3,y,-1\r\n'],
    ]) {
      const file = join(data.dir, name!);
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text!, "utf16le")]);
      writeFileSync(file, name!.endsWith(".gz") ? gzipSync(bytes) : bytes);
      const run = await runFile(file, [...ID_AND_AMOUNT, "{ name: name, logicalType: string, logicalTypeOptions: { maxLength: 3 } }"]);
      expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
        ["schema-required", expect.stringMatching(/^1 of 3 rows .* null `id`/)],
        ["schema-length", expect.stringMatching(/^1 of 3 rows .* `name`/)],
      ]);
    }
  });

  it("CSV in UTF-16 big-endian (byte order mark FE FF), which DuckDB reads as little-endian garble: unreadable, saying so", async () => {
    const text = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("id,amount\r\n1,5\r\n", "utf16le").swap16()]);
    for (const [name, bytes] of [
      ["big-endian.csv", text],
      ["big-endian.csv.gz", gzipSync(text)],
    ] as const) {
      const file = join(data.dir, name);
      writeFileSync(file, bytes);
      const run = await runFile(file, ID_AND_AMOUNT);
      expect(run.findings.map((f) => [f.ruleId, f.message]), name).toEqual([
        ["quality-data-unreadable", expect.stringContaining("the file is UTF-16 big-endian (its byte order mark is FE FF), which DuckDB's CSV reader does not read: save it as UTF-8 or UTF-16 little-endian")],
      ]);
    }
  });

  it.each([
    ["arrays.jsonl", "[1, 2]\n[3, 4]\n"],
    ["arrays-of-records.jsonl", '[{"id": 1, "amount": 5}]\n[{"id": 2, "amount": 6}]\n'],
    ["numbers.jsonl", "1\n2\n"],
    ["nulls.jsonl", "null\n"],
    ["one-array-line.jsonl", '{"id": 1, "amount": 5}\n[2, 6]\n'],
    ["values.json", '[1, "x"]'],
    ["records-and-a-value.json", '[{"id": 1, "amount": 5}, 7]'],
  ])("JSON: records that are no objects (%s) are unreadable data, not declared columns missing beside one column `json`", async (name, text) => {
    // The reader took each for one value, a column `json`: every declared column was "missing" (columns: json), exit 1.
    const file = join(data.dir, name);
    writeFileSync(file, text);
    const run = await runFile(file);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-data-unreadable", expect.stringContaining(`Cannot read \`orders\` from ${name}: its records are not JSON objects`)],
    ]);
  });

  it("JSON: records of one key `json` are records, read as such", async () => {
    const file = join(data.dir, "json-key.jsonl");
    writeFileSync(file, '{"json": 1}\n{"json": 2}\n');
    expect((await runFile(file)).findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["schema-column-exists", expect.stringContaining("`id` is declared but is not a column of `orders` (columns: json)")],
      ["schema-column-exists", expect.stringContaining("`amount` is declared but is not a column of `orders` (columns: json)")],
    ]);
    expect((await runFile(file, ["{ name: json, logicalType: integer, required: true }"])).findings).toEqual([]);
  });

  /** A Parquet file whose column `zz` (DuckDB's writer renames a repeat, so it cannot write one) is renamed `rename` in its footer. */
  async function parquetNaming(name: string, select: string, rename: string): Promise<string> {
    const file = join(data.dir, name);
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(`COPY (${select}) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
    connection.closeSync();
    const bytes = readFileSync(file);
    // The name is in the schema and in the column chunk's path: both are renamed, to a name as long.
    for (let at = bytes.indexOf("zz"); at !== -1; at = bytes.indexOf("zz", at + 2)) bytes.write(rename, at);
    writeFileSync(file, bytes);
    return file;
  }

  it.each([
    ["in another case", "SELECT 1 AS id, 2 AS zz, 5.0 AS amount", "ID", "its schema repeats `id` / `ID` (columns 1, 2)"],
    ["as it is", "SELECT 1 AS id, 2 AS zz, 5.0 AS amount", "id", "its schema repeats `id` (columns 1, 2)"],
    ["in a struct's fields", "SELECT 1 AS id, 5.0 AS amount, {'xy': 1, 'zz': 2} AS c", "XY", "its schema repeats `xy` / `XY` (fields 1, 2 of `c`)"],
  ])("Parquet: a column name repeated %s is data that cannot be read (exit 2)", async (_, select, rename, problem) => {
    const file = await parquetNaming(`repeated-${rename}-${select.length}.parquet`, select, rename);
    const run = await runFile(file);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([["quality-data-unreadable", expect.stringContaining(`.parquet: ${problem}: a check could not tell which column is the data`)]]);
  });

  it("a glob: JSON keys in two cases in two files (DuckDB's union keeps both), a Parquet file of several naming its file", async () => {
    const folder = join(data.dir, "globbed");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "a.jsonl"), '{"id": 1, "amount": 5}\n');
    writeFileSync(join(folder, "b.jsonl"), '{"ID": 2, "amount": 6}\n');
    const good = await parquetNaming("globbed/a.parquet", "SELECT 1 AS id, 2 AS zz, 5.0 AS amount", "no");
    await parquetNaming("globbed/b.parquet", "SELECT 1 AS id, 2 AS zz, 5.0 AS amount", "ID");
    const run = async (glob: string) => {
      const yaml = contractYaml(`servers:\n  - { server: local, type: local, path: "${glob}" }\nschema:\n  - name: orders\n    properties:\n${ID_AND_AMOUNT.map((p) => `      - ${p}\n`).join("")}`);
      return (await runContract(data.dir, yaml)).findings.map((f) => [f.ruleId, f.message]);
    };
    expect(await run("./globbed/*.jsonl")).toEqual([["quality-data-unreadable", expect.stringContaining("from globbed/*.jsonl: its records' keys repeat `id` / `ID` (columns 1, 3): ")]]);
    expect(await run("./globbed/*.parquet")).toEqual([["quality-data-unreadable", expect.stringContaining("from globbed/*.parquet: the schema of globbed/b.parquet repeats `id` / `ID` (columns 1, 2): ")]]);
    expect(await runFile(good)).toEqual(expect.objectContaining({ findings: [] }));
  });

  it("CSV: every file of a glob has its header checked, as the one file is; files of other columns are one table still", async () => {
    const folder = join(data.dir, "parts");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "a.csv"), "id,amount\n1,5\n");
    writeFileSync(join(folder, "b.csv"), "amount,id,note\n6,2,x\n");
    const contract = (glob: string) => contractYaml(`servers:\n  - { server: local, type: local, path: "${glob}", format: csv }\nschema:\n  - name: orders\n    properties:\n${ID_AND_AMOUNT.map((p) => `      - ${p}\n`).join("")}`);
    const clean = await runContract(data.dir, contract("./parts/*.csv"));
    expect([clean.findings, resultOf(clean, "orders.id.required").rowsChecked]).toEqual([[], 2]);
    writeFileSync(join(folder, "c.csv"), "id,amount,ID\n3,7,\n,8,4\n");
    const run = await runContract(data.dir, contract("./parts/*.csv"));
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-data-unreadable", expect.stringMatching(/^Cannot read `orders` from parts\/\*\.csv: the header of parts\/c\.csv repeats `id` \/ `ID` \(columns 1, 3\): a check could not tell which column is the data/)],
    ]);
  });

  it("CSV: a value the inferred type cannot hold fails the type check even when no rule reads the column", async () => {
    const run = await runCsv("late-unread", ["id,amount", ...filler(30_000, 1), "30001,abc"], ["{ name: id, logicalType: integer }", "{ name: amount, logicalType: number }"]);
    expect(resultOf(run, "orders.amount.type")).toMatchObject({ status: "fail", message: expect.stringContaining('holds a value that is not DOUBLE (number in the contract): Conversion Error: CSV Error on Line: 30002') });
    expect(resultOf(run, "orders.id.type").status).toBe("pass");
  });

  it("table and column names with quotes, spaces and reserved words", async () => {
    const schema = `schema:
  - name: weird
    physicalName: it's "weird" table
    properties:
      - name: ship region
        required: true
        quality:
          - { metric: invalidValues, arguments: { validValues: [north, south] }, mustBe: 0 }
    quality:
      - type: sql
        query: SELECT count(*) FROM {object} WHERE "ship region" = 'north'
        mustBe: 50
`;
    const run = await runContract(data.dir, contractYaml(schema), { data: join(data.data, "quoted") });
    expect(run.results.summary).toMatchObject({ checks: 4, passed: 4 });
  });

  it("a SQL rule cannot read files outside the data, even were the guard to let the query through", async () => {
    const secret = join(data.dir, "secret.csv").replaceAll("'", "''");
    const yaml = contractYaml(localServer("./data/{model}.parquet") + ORDERS_SCHEMA);
    await expect(queryOnRunner(yaml, `SELECT count(*) FROM '${secret}'`)).rejects.toThrow(/Permission Error|disabled by configuration/);
  });
});
