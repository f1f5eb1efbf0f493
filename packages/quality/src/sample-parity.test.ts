/**
 * The failing rows of several checks come from one streamed query on DuckDB (QueryExecutor.queryFirstFlagged,
 * compileFailingSamples); without it, each check's sample is a query of its own. The two must show the same
 * rows, in the same order, masked, chosen, converted and formatted alike: every contract here runs through
 * executePlan twice on the same data, with DuckDB's executor and with one that has no queryFirstFlagged.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { DataContract } from "@meshkit/core";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planChecks } from "./checks.js";
import type { CompiledQuery } from "./compile.js";
import { type DuckDbExecutor, type DuckDbOptions, openDuckDb } from "./duckdb.js";
import { type QueryExecutor, executePlan } from "./engine.js";
import type { CheckOutcome } from "./evaluate.js";
import { resolveDataSource } from "./sources.js";
import { EXACT_DECIMALS, EXACT_DECIMAL_PROPERTIES, NOW, ORDERS_SQL, ORDER_LINES_SQL, type TestData, contractDocument, contractYaml, createTestData } from "./test-support.js";

let data: TestData;
/** Folders of `<object>.<ext>` files: `csv/` and `json/` hold orders and order_lines, `wide/` and `big/` their own. */
let folder: (name: string) => string;

/** 26 columns (more than a sample shows whole): a key, its NULLs, a classified column and failing values. */
const WIDE_SQL = `SELECT i AS id, CASE WHEN i % 9 = 0 THEN NULL ELSE i % 3 END AS part,
  CASE WHEN i % 11 = 0 THEN NULL ELSE 'p' || i || '@x.io' END AS email,
  CAST(i * 1.25 AS DOUBLE) AS score, CASE WHEN i % 13 = 0 THEN 'bad' ELSE 'ok' END AS flag,
  ${Array.from({ length: 21 }, (_, n) => `CASE WHEN i % ${n + 5} = 0 THEN NULL ELSE 'c${n}-' || i END AS c${n}`).join(", ")}
FROM range(60) t(i)`;

/**
 * 200,000 rows, in several Parquet row groups and many CSV chunks: failures rare and late (rows 150,000 on),
 * common and early, a float that prints short, a DECIMAL, and a list, so that the streamed rows cross chunks
 * read by several threads.
 */
const BIG_SQL = `SELECT i AS id,
  CASE WHEN i >= 150000 AND i % 997 = 0 THEN NULL ELSE 'v' || i END AS late,
  CASE WHEN i % 3 = 0 THEN -1 ELSE i END AS often,
  CAST(i / 10.0 AS FLOAT) AS f, CAST(i / 100 AS DECIMAL(12,2)) AS d,
  CASE WHEN i % 50000 = 49999 THEN 'X' ELSE 'ok' END AS rare,
  [CAST(i AS FLOAT) / 4, 0.1::FLOAT] AS fl
FROM range(200000) t(i)`;

/** Checks of BIG_SQL's columns: rare failures late in the data, frequent ones from its start. */
const BIG_BODY = `schema:
  - name: big
    properties:
      - { name: id, logicalType: integer, primaryKey: true }
      - { name: late, logicalType: string, required: true }
      - { name: often, logicalType: integer, logicalTypeOptions: { minimum: 0 } }
      - { name: f, logicalType: number, logicalTypeOptions: { maximum: 19000.5 } }
      - { name: d, logicalType: number, logicalTypeOptions: { maximum: 1990 } }
      - { name: rare, logicalType: string, quality: [{ metric: invalidValues, arguments: { validValues: [ok] }, mustBe: 0 }] }
`;

/** Columns whose names need quoting: a space, a quote, a reserved word, a double quote. */
const QUOTED_SQL = `SELECT i AS "order id", CASE WHEN i % 4 = 0 THEN 'south' ELSE 'north' END AS "ship region", i % 3 AS "select",
  CASE WHEN i % 5 = 0 THEN NULL ELSE 'x' END AS "it's ""quoted""", CASE WHEN i % 6 = 0 THEN 'BAD' ELSE 'ok' END AS "group"
FROM range(40) t(i)`;

beforeAll(async () => {
  data = await createTestData();
  folder = (name) => join(data.data, "parity", name);
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const path = (file: string) => `'${file.replaceAll("'", "''")}'`;
  await connection.run(`CREATE TABLE orders AS ${ORDERS_SQL}`);
  await connection.run(`CREATE TABLE order_lines AS ${ORDER_LINES_SQL}`);
  for (const [name, format] of [
    ["csv", "csv"],
    ["json", "json"],
  ] as const) {
    mkdirSync(folder(name), { recursive: true });
    for (const table of ["orders", "order_lines"]) await connection.run(`COPY ${table} TO ${path(join(folder(name), `${table}.${name}`))} (FORMAT ${format}${format === "json" ? ", ARRAY true" : ""})`);
  }
  mkdirSync(folder("wide"), { recursive: true });
  await connection.run(`COPY (${WIDE_SQL}) TO ${path(join(folder("wide"), "wide.csv"))} (FORMAT csv)`);
  await connection.run(`COPY (${WIDE_SQL}) TO ${path(join(folder("wide"), "wide.parquet"))} (FORMAT parquet)`);
  mkdirSync(folder("big"), { recursive: true });
  await connection.run(`COPY (${BIG_SQL}) TO ${path(join(folder("big"), "big.parquet"))} (FORMAT parquet, ROW_GROUP_SIZE 20000)`);
  await connection.run(`COPY (SELECT * EXCLUDE (fl) FROM (${BIG_SQL})) TO ${path(join(folder("big"), "big.csv"))} (FORMAT csv)`);
  await connection.run(`COPY (${BIG_SQL}) TO ${path(join(folder("big"), "big.json"))} (FORMAT json)`);
  // The orders in three files of a glob, read as one table in the files' order.
  mkdirSync(folder("glob"), { recursive: true });
  for (const [n, format] of [0, 1, 2].flatMap((n) => (["csv", "parquet", "json"] as const).map((format) => [n, format] as const))) {
    await connection.run(`COPY (SELECT * FROM orders WHERE order_id > ${n * 34} AND order_id <= ${(n + 1) * 34} ORDER BY order_id) TO ${path(join(folder("glob"), `orders-${n}.${format}`))} (FORMAT ${format}${format === "json" ? ", ARRAY true" : ""})`);
  }
  mkdirSync(folder("quoted"), { recursive: true });
  await connection.run(`COPY (${QUOTED_SQL}) TO ${path(join(folder("quoted"), "weird.csv"))} (FORMAT csv)`);
  await connection.run(`COPY (${QUOTED_SQL}) TO ${path(join(folder("quoted"), "weird.parquet"))} (FORMAT parquet)`);
  // A database file whose tables are in a schema of their own.
  await connection.run(`ATTACH ${path(join(data.data, "shop.duckdb"))} AS shop_db`);
  await connection.run("CREATE SCHEMA shop_db.sales");
  await connection.run("CREATE TABLE shop_db.sales.orders AS SELECT * FROM orders");
  await connection.run("CREATE TABLE shop_db.sales.order_lines AS SELECT * FROM order_lines");
  await connection.run(`CREATE TABLE shop_db.sales.wide AS ${WIDE_SQL}`);
  await connection.run("DETACH shop_db");
  connection.closeSync();
  instance.closeSync();
  mkdirSync(folder("text"), { recursive: true });
  // Quoted empty fields ("") in typed columns (qty, day): read through the tolerant views. A DECIMAL and a
  // date with a format held as text; values that do not read as either.
  writeFileSync(
    join(folder("text"), "t.csv"),
    [
      "id,qty,price,day,stamp,note",
      '1,5,12.50,01/02/2024,2024-01-01 10:00:00,"a"',
      '2,"",abc,31/12/2023,2024-01-02 11:00:00,""',
      "3,7,1234567.891,2024-01-05,bad,b",
      '4,-1,-3.10,"",2024-01-04 09:00:00,c',
      "5,,99999999.99,15/13/2024,,d",
      '6,"",0.005,10/10/2024,2024-01-06 00:00:00,""',
      "7,2,,01/01/2024,2024-01-07 00:00:00,e",
    ].join("\n") + "\n",
  );
  writeFileSync(
    join(folder("text"), "t.json"),
    JSON.stringify([
      { id: 1, price: "12.50", day: "01/02/2024", tags: ["ok"], customer: { email: "a@x.io", zip: "12345" }, lines: [{ sku: "A", qty: 1 }] },
      { id: 2, price: "abc", day: "31/12/2023", tags: ["UP", "ok"], customer: { email: null, zip: "1234567" }, lines: [{ sku: null, qty: 0 }] },
      { id: 3, price: "1234567.891", day: "2024-01-05", tags: [], customer: { email: "not-an-email", zip: null }, lines: [] },
      { id: 4, price: null, day: null, tags: null, customer: null, lines: null },
      { id: 5, price: "-3.1", day: "15/13/2024", tags: ["x1"], customer: { email: "e@x.io", zip: "abcde" }, lines: [{ sku: "C", qty: -1 }] },
      { id: 6, price: "0.005", day: "10/10/2024", tags: ["ok"], customer: { email: "f@x.io", zip: "54321" }, lines: [{ sku: "D", qty: 5 }] },
    ]),
  );
}, 120_000);
afterAll(() => data.cleanup());

/** Where a contract's data is: a server of the contract, or a file or folder (`--data`) for `objects`. */
type Source = { server: string } | { data: string; objects: readonly string[] };

interface Runs {
  flagged: CheckOutcome[];
  perCheck: CheckOutcome[];
  /** The flagged queries the first run sent, each with the object it was for and how many checks it flags. */
  flaggedQueries: { object: string; checks: number }[];
  /** Failing-row queries of one check each (`… WHERE … LIMIT n`), by object, in either run. */
  singleQueries: { flagged: Map<string, number>; perCheck: Map<string, number> };
}

/** DuckDB over `source` for the contract `yaml` (in the test data's folder, as the CLI would load it). */
async function open(yaml: string, source: Source, options: DuckDbOptions = {}) {
  const contract = contractDocument(data.dir, yaml).value as DataContract;
  const plan = planChecks(contract);
  const located = "server" in source ? { server: source.server } : { data: source.data };
  const resolution = resolveDataSource(contract, { baseDir: data.dir, cwd: data.dir, objects: "objects" in source ? source.objects : plan.objects.map((o) => o.name), ...located });
  if (!resolution.ok || resolution.source.kind === "postgres") throw new Error(`expected a DuckDB source: ${JSON.stringify(resolution)}`);
  return { plan, duckdb: await openDuckDb(resolution.source, plan.objects, (path) => path, options) };
}

/**
 * DuckDB's executor, recording what it is sent. `flagged: false` leaves out queryFirstFlagged, as an engine
 * that cannot stream has none; a function stands in for DuckDB's (see rewritten).
 */
function recording(duckdb: DuckDbExecutor, flagged: boolean | QueryExecutor["queryFirstFlagged"]) {
  let object = "";
  const flaggedQueries: { object: string; checks: number }[] = [];
  const singleQueries = new Map<string, number>();
  const executor: QueryExecutor = {
    dialect: duckdb.dialect,
    parameters: duckdb.parameters,
    describe: (plan) => ((object = plan.name), duckdb.describe(plan)),
    queryValues: (query) => duckdb.queryValues(query),
    queryTypedValues: (query) => duckdb.queryTypedValues!(query),
    queryJson: (query) => {
      if (/ LIMIT \d+$/.test(query.sql) && !query.sql.includes("GROUP BY")) singleQueries.set(object, (singleQueries.get(object) ?? 0) + 1);
      return duckdb.queryJson(query);
    },
    stageColumns: (plan, columns) => duckdb.stageColumns!(plan, columns),
    ...(flagged
      ? {
          queryFirstFlagged: (query: CompiledQuery, wanted: readonly number[]) => {
            flaggedQueries.push({ object, checks: wanted.length });
            return typeof flagged === "function" ? flagged(query, wanted) : duckdb.queryFirstFlagged(query, wanted);
          },
        }
      : {}),
  };
  return { executor, flaggedQueries, singleQueries };
}

async function runOnce(yaml: string, source: Source, sampleSize: number, flagged: boolean | ((duckdb: DuckDbExecutor) => QueryExecutor["queryFirstFlagged"]), options: DuckDbOptions = {}) {
  const { plan, duckdb } = await open(yaml, source, options);
  try {
    const recorder = recording(duckdb, typeof flagged === "function" ? flagged(duckdb) : flagged);
    const { outcomes } = await executePlan(plan, recorder.executor, { now: NOW, sampleSize });
    return { plan, outcomes, ...recorder };
  } finally {
    duckdb.close();
  }
}

/** `yaml` run with the streamed query and without it, each on a DuckDB of its own over the same data. */
async function runBoth(yaml: string, source: Source, sampleSize = 5): Promise<Runs & { plan: ReturnType<typeof planChecks> }> {
  const flagged = await runOnce(yaml, source, sampleSize, true);
  const perCheck = await runOnce(yaml, source, sampleSize, false);
  return {
    plan: flagged.plan,
    flagged: flagged.outcomes,
    perCheck: perCheck.outcomes,
    flaggedQueries: flagged.flaggedQueries,
    singleQueries: { flagged: flagged.singleQueries, perCheck: perCheck.singleQueries },
  };
}

/**
 * How many of each object's checks have failing rows to show, by the per-check run: failed or warned
 * row-level checks (a type check of text is one), and keys whose sample shows rows with a null key.
 */
function failingRowChecks(runs: Runs & { plan: ReturnType<typeof planChecks> }): Map<string, number> {
  const counts = new Map<string, number>();
  for (const object of runs.plan.objects) {
    const failing = object.checks.filter((check) => {
      const result = runs.perCheck.find((o) => o.result.id === check.id)!.result;
      if (result.status !== "fail" && result.status !== "warn") return false;
      if (check.measure.kind === "failingRows") return true;
      if (check.measure.kind === "columnType") return result.failedRows !== null;
      if (check.measure.kind === "keyViolations") return (result.sample ?? []).some((row) => !("key" in row));
      return false;
    });
    counts.set(object.name, failing.length);
  }
  return counts;
}

/** Both runs agree, the streamed query was sent once per object with several checks to show, and nothing fell back. */
async function expectParity(yaml: string, source: Source, sampleSize = 5): Promise<Runs> {
  const runs = await runBoth(yaml, source, sampleSize);
  expect(runs.flagged).toEqual(runs.perCheck);
  const failing = failingRowChecks(runs);
  for (const [object, checks] of failing) {
    const sent = runs.flaggedQueries.filter((q) => q.object === object);
    if (checks >= 2) {
      expect(sent, object).toEqual([{ object, checks }]);
      // Every sample came from it: none fell back to a query of its own.
      expect(runs.singleQueries.flagged.get(object) ?? 0, object).toBe(0);
    } else {
      expect(sent, object).toEqual([]);
    }
  }
  // The cases below are meant to exercise the streamed query: at least one object had several failing checks.
  expect(runs.flaggedQueries.length).toBeGreaterThan(0);
  return runs;
}

const fixture = () => readFileSync(join(import.meta.dirname, "__fixtures__", "orders.odcs.yaml"), "utf8");

/** Failing rows of every kind of row-level check over the orders (see ORDERS_SQL), a key with null values of order_lines. */
const ORDERS_BODY = `schema:
  - name: orders
    properties:
      - { name: order_id, logicalType: integer, primaryKey: true }
      - { name: status, logicalType: string, required: true, quality: [{ metric: invalidValues, arguments: { validValues: [placed, shipped, refunded, cancelled] }, mustBe: 0 }] }
      - { name: email, logicalType: string, required: true, classification: restricted, logicalTypeOptions: { format: email } }
      - { name: amount, logicalType: number, logicalTypeOptions: { minimum: 0, maximum: 900, multipleOf: 20 } }
      - { name: code, logicalType: string, logicalTypeOptions: { pattern: "^AB-[0-9]{3}$", maxLength: 5, minLength: 4 } }
      - { name: shipped_on, logicalType: date, required: true, logicalTypeOptions: { maximum: "2024-03-01" } }
      - { name: created_at, logicalType: timestamp, logicalTypeOptions: { minimum: "2024-01-02 00:00:00" } }
      - { name: quantity, logicalType: integer, quality: [{ metric: nullValues, mustBe: 0 }, { metric: invalidValues, arguments: { validValues: [0, 1, 2, 3, 4, 5] }, mustBe: 0, severity: warning }, { metric: missingValues, arguments: { missingValues: [0, 6] }, unit: percent, mustBeLessThan: 1 }] }
      - { name: ship region, logicalType: string, quality: [{ metric: invalidValues, arguments: { validValues: [north] }, mustBe: 0 }] }
  - name: order_lines
    properties:
      - { name: order_id, logicalType: integer, primaryKey: true, primaryKeyPosition: 1 }
      - { name: line_no, logicalType: integer, primaryKey: true, primaryKeyPosition: 2, required: true }
      - { name: sku, logicalType: string, logicalTypeOptions: { pattern: "^sku-[0-9]+$" }, quality: [{ metric: duplicateValues, mustBe: 0 }] }
`;

const servers = (path: string, format: string) => `servers:
  - server: files
    type: local
    path: ${path}
    format: ${format}
  - server: warehouse
    type: duckdb
    database: ./data/warehouse.duckdb
  - server: sales
    type: duckdb
    database: ./data/shop.duckdb
    schema: sales
`;

describe("the streamed samples equal each check's own query", () => {
  describe("the test contract (every library metric, two objects, quoted names, a classified column)", () => {
    for (const [label, source] of [
      ["Parquet", { server: "local" }],
      ["a DuckDB database", { server: "warehouse" }],
      ["CSV", { data: "./data/parity/csv", objects: ["orders", "order_lines"] }],
      ["JSON", { data: "./data/parity/json", objects: ["orders", "order_lines"] }],
    ] as const) {
      for (const sampleSize of [1, 5, 100]) {
        it(`${label}, ${sampleSize} sample row${sampleSize === 1 ? "" : "s"}`, async () => {
          await expectParity(fixture(), source, sampleSize);
        });
      }
    }
  });

  describe("row-level checks of every kind over two objects", () => {
    for (const [label, yaml] of [
      ["Parquet", contractYaml(`${servers("./data/{model}.parquet", "parquet")}${ORDERS_BODY}`)],
      ["CSV", contractYaml(`${servers("./data/parity/csv/{model}.csv", "csv")}${ORDERS_BODY}`)],
      ["JSON", contractYaml(`${servers("./data/parity/json/{model}.json", "json")}${ORDERS_BODY}`)],
    ] as const) {
      for (const sampleSize of [1, 5, 100]) {
        it(`${label}, ${sampleSize} sample rows`, async () => {
          await expectParity(yaml, { server: "files" }, sampleSize);
        });
      }
    }
    it("a DuckDB database file, and one whose tables are in a schema", async () => {
      const yaml = contractYaml(`${servers("./data/{model}.parquet", "parquet")}${ORDERS_BODY}`);
      await expectParity(yaml, { server: "warehouse" });
      await expectParity(yaml, { server: "sales" }, 100);
    });
  });

  describe("a table wider than a sample shows whole (key and read columns only)", () => {
    const body = (key: string) => `schema:
  - name: wide
    properties:
${key}
      - { name: email, logicalType: string, required: true, classification: confidential }
      - { name: score, logicalType: number, logicalTypeOptions: { maximum: 40 } }
      - { name: flag, logicalType: string, quality: [{ metric: invalidValues, arguments: { validValues: [ok] }, mustBe: 0 }] }
${Array.from({ length: 21 }, (_, n) => `      - { name: c${n}, logicalType: string${n % 4 === 0 ? ", required: true" : ""}${n === 3 ? ", logicalTypeOptions: { pattern: '^c3-[0-9]$' }" : ""} }`).join("\n")}
`;
    const singleKey = "      - { name: id, logicalType: integer, primaryKey: true }\n      - { name: part, logicalType: integer, required: true }";
    const compositeKey = "      - { name: id, logicalType: integer, primaryKey: true, primaryKeyPosition: 2 }\n      - { name: part, logicalType: integer, primaryKey: true, primaryKeyPosition: 1 }";
    for (const [label, source, key] of [
      ["CSV", { data: "./data/parity/wide/wide.csv", objects: ["wide"] }, singleKey],
      ["Parquet, a composite key with NULLs", { data: "./data/parity/wide/wide.parquet", objects: ["wide"] }, compositeKey],
      ["a database in a schema, a composite key with NULLs", { server: "sales" }, compositeKey],
    ] as const) {
      it(label, async () => {
        const runs = await expectParity(contractYaml(`${servers("./data/{model}.parquet", "parquet")}${body(key)}`), source);
        // (the sample shows the key and the checked column, not 26 columns)
        const score = runs.flagged.find((o) => o.result.id === "wide.score.maximum")!.result;
        expect(Object.keys(score.sample![0]!).sort()).toEqual(key === singleKey ? ["id", "score"] : ["id", "part", "score"]);
      });
    }
  });

  describe("a glob of files read as one table", () => {
    for (const format of ["csv", "parquet", "json"]) {
      it(format, async () => {
        const yaml = contractYaml(`${servers(`./data/parity/glob/orders-*.${format}`, format)}${ORDERS_BODY.split("  - name: order_lines")[0]!}`);
        await expectParity(yaml, { server: "files" }, 100);
        await expectParity(yaml, { server: "files" }, 5);
      });
    }
  });

  describe("names that need quoting", () => {
    const body = `schema:
  - name: weird
    properties:
      - { name: order id, logicalType: integer, primaryKey: true, logicalTypeOptions: { maximum: 30 } }
      - { name: ship region, logicalType: string, quality: [{ metric: invalidValues, arguments: { validValues: [north] }, mustBe: 0 }] }
      - { name: select, logicalType: integer, logicalTypeOptions: { maximum: 1 } }
      - { name: "it's \\"quoted\\"", logicalType: string, required: true, classification: pii }
      - { name: group, logicalType: string, logicalTypeOptions: { pattern: "^[a-z]+$" } }
`;
    for (const file of ["weird.csv", "weird.parquet"]) {
      it(file, async () => {
        await expectParity(contractYaml(body), { data: `./data/parity/quoted/${file}`, objects: ["weird"] });
      });
    }
  });

  describe("values held as text: DECIMALs, dates in a format, quoted empty fields in typed columns", () => {
    const body = `schema:
  - name: t
    properties:
      - { name: id, logicalType: integer, primaryKey: true }
      - { name: qty, logicalType: integer, required: true, logicalTypeOptions: { minimum: 0 } }
      - { name: price, logicalType: number, physicalType: DECIMAL(10,2), logicalTypeOptions: { maximum: 1000, minimum: 0 } }
      - { name: day, logicalType: date, required: true, logicalTypeOptions: { format: dd/MM/yyyy, maximum: "2024-06-30" } }
      - { name: stamp, logicalType: timestamp, required: true, logicalTypeOptions: { minimum: "2024-01-02 00:00:00" } }
      - { name: note, logicalType: string, classification: secret, quality: [{ metric: missingValues, arguments: { missingValues: [''] }, mustBe: 0 }] }
`;
    it("CSV", async () => {
      await expectParity(contractYaml(body), { data: "./data/parity/text/t.csv", objects: ["t"] });
    });
    it("CSV, 1 and 100 sample rows", async () => {
      await expectParity(contractYaml(body), { data: "./data/parity/text/t.csv", objects: ["t"] }, 1);
      await expectParity(contractYaml(body), { data: "./data/parity/text/t.csv", objects: ["t"] }, 100);
    });
    it('CSV: a "" in a typed column no check reads (the scan, which parses every field, switches the views)', async () => {
      writeFileSync(join(folder("text"), "extra.csv"), ["id,qty,extra", "1,-1,10", '2,-2,""', "3,5,30", "4,-4,40", "5,,50"].join("\n") + "\n");
      const yaml = contractYaml(`schema:
  - name: extra
    properties:
      - { name: id, logicalType: integer, logicalTypeOptions: { maximum: 1 } }
      - { name: qty, logicalType: integer, required: true, logicalTypeOptions: { minimum: 0 } }
      - { name: extra }
`);
      const runs = await expectParity(yaml, { data: "./data/parity/text/extra.csv", objects: ["extra"] });
      // ("" read as no value)
      expect(runs.flagged.find((o) => o.result.id === "extra.id.maximum")!.result.sample).toEqual([
        { id: "2", qty: "-2", extra: null },
        { id: "3", qty: "5", extra: "30" },
        { id: "4", qty: "-4", extra: "40" },
        { id: "5", qty: null, extra: "50" },
      ]);
    });
    it("JSON, with nested fields and arrays", async () => {
      const json = `schema:
  - name: t
    properties:
      - { name: id, logicalType: integer }
      - { name: price, logicalType: number, physicalType: "decimal(12, 3)", logicalTypeOptions: { maximum: 100 } }
      - { name: day, logicalType: date, required: true, logicalTypeOptions: { format: dd/MM/yyyy } }
      - name: tags
        logicalType: array
        items: { logicalType: string, logicalTypeOptions: { pattern: "^[a-z]+$" } }
      - name: customer
        logicalType: object
        properties:
          - { name: email, logicalType: string, required: true, classification: restricted, logicalTypeOptions: { format: email } }
          - { name: zip, logicalType: string, required: true, logicalTypeOptions: { maxLength: 5, pattern: "^[0-9]+$" } }
      - name: lines
        logicalType: array
        items:
          logicalType: object
          properties:
            - { name: sku, logicalType: string, required: true }
            - { name: qty, logicalType: integer, logicalTypeOptions: { minimum: 1 } }
`;
      await expectParity(contractYaml(json), { data: "./data/parity/text/t.json", objects: ["t"] });
    });
  });

  describe("columns of two properties, exact decimals, failures without failing rows", () => {
    it("a column two properties describe, one of them classified; a failed check that counts no row", async () => {
      const body = `schema:
  - name: orders
    properties:
      - { name: order_id, logicalType: integer, quality: [{ metric: nullValues, mustBeGreaterThan: 0 }] }
      - { name: email, logicalType: string, classification: restricted, required: true }
      - { name: email_again, physicalName: email, logicalType: string, logicalTypeOptions: { minLength: 3 } }
      - { name: amount, logicalType: number, logicalTypeOptions: { minimum: 0 } }
      - { name: amount_again, physicalName: amount, logicalType: number, logicalTypeOptions: { exclusiveMaximum: 900 }, classification: pii }
      - { name: quantity, logicalType: integer, quality: [{ metric: invalidValues, arguments: { validValues: [0, 1, 2, 3, 4, 5, 9007199254740993] }, mustBe: 0 }] }
`;
      for (const file of ["orders.parquet", "parity/csv/orders.csv"]) await expectParity(contractYaml(body), { data: `./data/${file}`, objects: ["orders"] });
    });
    it("DECIMAL(38,10) values a double would round, read from CSV text", async () => {
      // (on DuckDB the bounds are doubles: of these checks, the type check and missing_string fail)
      writeFileSync(join(folder("text"), "exact.csv"), `amount\n${EXACT_DECIMALS.map((v) => v ?? "").join("\n")}\nabc\n""\n`);
      const yaml = contractYaml(`schema:\n  - name: exact\n    properties:\n${EXACT_DECIMAL_PROPERTIES}`);
      await expectParity(yaml, { data: "./data/parity/text/exact.csv", objects: ["exact"] });
    });
  });

  describe("200,000 rows: failures early, late and rare, floats, DECIMALs and lists shown", () => {
    const withList = `${BIG_BODY}      - { name: fl, logicalType: array, items: { logicalType: number } }\n`;
    for (const [file, yaml] of [
      ["big.parquet", withList],
      ["big.csv", BIG_BODY],
      ["big.json", withList],
    ] as const) {
      it(file, async () => {
        await expectParity(contractYaml(yaml), { data: `./data/parity/big/${file}`, objects: ["big"] }, 100);
        await expectParity(contractYaml(yaml), { data: `./data/parity/big/${file}`, objects: ["big"] }, 5);
      }, 120_000);
    }
  });
});

/**
 * The streamed query DuckDB is sent for `object`, the first time, with its WHERE clause wrapped by `wrap`: to
 * make it fail in DuckDB as data or time would. `error()`: what it failed with.
 */
function rewritten(object: string, wrap: (where: string) => string) {
  let done = false;
  let error: unknown;
  const flagged = (duckdb: DuckDbExecutor) => async (query: CompiledQuery, wanted: readonly number[]) => {
    const from = `FROM "${object}" WHERE `;
    if (done || !query.sql.includes(from)) return duckdb.queryFirstFlagged(query, wanted);
    done = true;
    const [select, where] = query.sql.split(from) as [string, string];
    return duckdb.queryFirstFlagged({ ...query, sql: `${select}${from}${wrap(where)}` }, wanted).catch((e: unknown) => {
      error = e;
      throw e;
    });
  };
  return { flagged, error: () => String(error) };
}

describe("when the streamed query fails, each check has its own", () => {
  for (const file of ["big.parquet", "big.csv"]) {
    it(`an error met while streaming (${file}): the binding ends the stream without it, and the samples are each check's own`, async () => {
      const source = { data: `./data/parity/big/${file}`, objects: ["big"] };
      // Row 100,001 on raises a conversion error, after the frequent failures' rows and before the rare ones'.
      const failing = rewritten("big", (where) => `CAST(CASE WHEN "id" > 100000 THEN 'past the error' ELSE '1' END AS INTEGER) = 1 AND (${where})`);
      const streamed = await runOnce(contractYaml(BIG_BODY), source, 5, failing.flagged);
      const perCheck = await runOnce(contractYaml(BIG_BODY), source, 5, false);
      // The binding reports the error when a thread met it before the first rows came (with CSV's 4 MiB
      // buffers, one thread may parse row 100,001 first), else the stream just ends before the rows counted.
      expect(failing.error()).toMatch(/it failed while streaming|Could not convert string 'past the error'/);
      expect(streamed.flaggedQueries).toHaveLength(1);
      // Each check asked again on its own, as without the streamed query.
      expect(streamed.singleQueries.get("big")).toBe(perCheck.singleQueries.get("big"));
      expect(streamed.outcomes).toEqual(perCheck.outcomes);
      expect(streamed.outcomes.find((o) => o.result.id === "big.late.required")!.result.sample).toHaveLength(5);
    }, 120_000);
  }

  it("a streamed query stopped at the time limit while it reads: the checks it had read all the rows of keep them, the others ask nothing more", async () => {
    const source = { data: "./data/parity/big/big.parquet", objects: ["big"] };
    // From the second row group on, each row builds a 640 KB text: the query reads on long past the time limit
    // (DuckDB has the stream end, reporting nothing; a query that never starts is stopped in the next test).
    const slow = rewritten("big", (where) => `CASE WHEN "id" >= 20000 THEN length(repeat(md5(CAST("id" AS VARCHAR)), 20000)) ELSE 0 END >= 0 AND (${where})`);
    const options = { statementTimeoutMs: 2000 };
    const streamed = await runOnce(contractYaml(BIG_BODY), source, 5, slow.flagged, options);
    const perCheck = await runOnce(contractYaml(BIG_BODY), source, 5, false, options);
    expect(slow.error()).toContain("the query ran longer than 2 s and was stopped");
    // No query of a check's own after it: each would read as far, for up to another time limit.
    expect(streamed.singleQueries.get("big") ?? 0).toBe(0);
    const stopped = (o: CheckOutcome) => (o.notes ?? []).some((n) => n.message.includes("the query ran longer than 2 s and was stopped"));
    const kept = streamed.outcomes.filter((o) => o.result.sample !== undefined && !stopped(o)).map((o) => o.result.id);
    const noted = streamed.outcomes.filter(stopped).map((o) => o.result.id);
    // The frequent failures' rows come before row 20,000 (kept, unless the machine was too busy to read that
    // far in 2 s: engine.test.ts checks the rows kept without a clock); the late and rare ones' after it.
    expect(kept.filter((id) => id !== "big.often.minimum")).toEqual([]);
    expect([...kept, ...noted].sort()).toEqual(["big.d.maximum", "big.f.maximum", "big.late.required", "big.often.minimum", "big.rare.invalidValues"]);
    for (const outcome of streamed.outcomes) {
      const own = perCheck.outcomes.find((o) => o.result.id === outcome.result.id)!;
      // The same measurements; the samples read are each check's own, and the rest say why they are missing.
      expect({ ...outcome.result, sample: undefined }, outcome.result.id).toEqual({ ...own.result, sample: undefined });
      if (noted.includes(outcome.result.id)) expect(outcome.result.sample).toBeUndefined();
      else expect(outcome).toEqual(own);
    }
  }, 120_000);

  it("a streamed query stopped at the time limit before its first row: the run goes on without those samples, and the next object streams again", async () => {
    const yaml = contractYaml(`${servers("./data/{model}.parquet", "parquet")}${ORDERS_BODY}`);
    // (a sum over 10^15 rows, before any row: no time limit a test would wait for lets it end)
    const endless = rewritten("orders", (where) => `(SELECT sum(r.range % 7) FROM range(1000000000000000) r) >= 0 AND (${where})`);
    const options = { statementTimeoutMs: 2000 };
    const streamed = await runOnce(yaml, { server: "files" }, 5, endless.flagged, options);
    const perCheck = await runOnce(yaml, { server: "files" }, 5, false, options);
    expect(endless.error()).toContain("the query ran longer than 2 s and was stopped");
    expect(streamed.flaggedQueries.map((q) => q.object)).toEqual(["orders", "order_lines"]);
    expect(streamed.singleQueries.get("orders") ?? 0).toBe(0);
    for (const outcome of streamed.outcomes) {
      const own = perCheck.outcomes.find((o) => o.result.id === outcome.result.id)!;
      const asked = outcome.result.id.startsWith("orders.") && own.result.sample !== undefined && outcome.result.sample === undefined;
      // orders' checks whose samples the query was to read: none, and a warning that says why; the rest as ever.
      if (asked) expect(outcome.notes?.map((n) => n.message).join("\n"), outcome.result.id).toContain("the sample query failed (the query ran longer than 2 s and was stopped)");
      else expect(outcome, outcome.result.id).toEqual(own);
      expect({ ...outcome.result, sample: undefined }).toEqual({ ...own.result, sample: undefined });
    }
    expect(streamed.outcomes.filter((o) => o.result.id.startsWith("orders.") && o.result.sample === undefined && (o.notes ?? []).length > 0).length).toBeGreaterThan(1);
    // The connection the stopped query ran on streams order_lines' rows.
    expect(streamed.singleQueries.get("order_lines") ?? 0).toBe(0);
  }, 120_000);
});
