import type { DataContract } from "@meshkit/core";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planChecks } from "./checks.js";
import type { CompiledQuery } from "./compile.js";
import { openDuckDb } from "./duckdb.js";
import { getDialect } from "./dialects.js";
import { FlaggedRowsTimeout, type QueryExecutor, executePlan, redactValues } from "./engine.js";
import { resolveDataSource } from "./sources.js";
import type { CheckResult } from "./results.js";
import type { CheckOutcome } from "./evaluate.js";
import { NOW, type TestData, contractDocument, contractYaml, createTestData, resultOf, runContract, runOnFile } from "./test-support.js";

let data: TestData;
beforeAll(async () => {
  data = await createTestData();
});
afterAll(() => data.cleanup());

/** `unique` and a duplicateValues rule on the same column; email repeats 9 rows over 3 values, so both fail. */
const TWO_UNIQUENESS_CHECKS = `schema:
  - name: orders
    properties:
      - name: email
        logicalType: string
        unique: true
        quality:
          - name: email_duplicates
            metric: duplicateValues
            mustBe: 0
`;

/** The plan of `body` in a contract, and DuckDB over `file` of the test data for its `orders`. */
async function openOrders(body: string, file = "orders.parquet") {
  const contract = contractDocument(data.dir, contractYaml(body)).value as DataContract;
  const plan = planChecks(contract);
  const resolution = resolveDataSource(contract, { baseDir: data.dir, cwd: data.dir, data: join(data.data, file), objects: ["orders"] });
  if (!resolution.ok || resolution.source.kind === "postgres") throw new Error("expected a DuckDB source");
  return { plan, duckdb: await openDuckDb(resolution.source, plan.objects, (path) => path) };
}

/**
 * Runs `body` in a contract on `file` (default orders.parquet) through DuckDB, recording every query sent, the
 * copies of columns made (`staged`) included. `failSamples`: sample queries fail; `stage: false`: the executor
 * makes no copy, so every duplicate query reads the data; `flagged`: the executor streams the failing rows of
 * several checks in one query (as DuckDB's does; "fails": that query fails), else each has a query of its own.
 */
async function runRecorded(
  body: string,
  { failSamples = false, file = "orders.parquet", stage = true, flagged = false }: { failSamples?: boolean; file?: string; stage?: boolean; flagged?: boolean | "fails" | "times out" } = {},
): Promise<{ results: (id: string) => CheckResult; sent: string[]; staged: string[][]; outcomes: CheckOutcome[]; tablesAfter: string[] }> {
  const { plan, duckdb } = await openOrders(body, file);
  const sent: string[] = [];
  const staged: string[][] = [];
  const recording: QueryExecutor = {
    dialect: duckdb.dialect,
    parameters: duckdb.parameters,
    describe: (object) => duckdb.describe(object),
    queryValues: (query: CompiledQuery) => (sent.push(query.sql), duckdb.queryValues(query)),
    queryJson: (query: CompiledQuery) => (sent.push(query.sql), failSamples && query.sql.includes(" LIMIT ") && !query.sql.includes("GROUP BY") ? Promise.reject(new Error("Out of Memory Error: sample")) : duckdb.queryJson(query)),
    ...(stage ? { stageColumns: (object, columns) => (staged.push([...columns]), duckdb.stageColumns!(object, columns)) } : {}),
    ...(flagged
      ? {
          queryFirstFlagged: async (query: CompiledQuery, wanted: readonly number[]) => {
            sent.push(query.sql);
            if (flagged === "fails") throw new Error("Out of Memory Error: flagged");
            const found = await duckdb.queryFirstFlagged(query, wanted);
            // As if stopped at the time limit once the even flags had all their rows and the odd ones not.
            if (flagged === "times out") throw new FlaggedRowsTimeout("the query ran longer than 300 s and was stopped", found.map((rows, i) => (i % 2 === 0 ? rows : undefined)));
            return found;
          },
        }
      : {}),
  };
  try {
    const { outcomes } = await executePlan(plan, recording, { now: NOW, sampleSize: 5 });
    const tablesAfter = (await duckdb.queryValues({ sql: "SELECT table_name FROM duckdb_tables()", params: [] })).map(([name]) => String(name));
    return { results: (id) => outcomes.find((o) => o.result.id === id)!.result, sent, staged, outcomes, tablesAfter };
  } finally {
    duckdb.close();
  }
}

describe("samples", () => {
  it("groups a column set once, for its counts and its repeated keys, however many of its uniqueness checks fail", async () => {
    const { results, sent } = await runRecorded(TWO_UNIQUENESS_CHECKS);
    const unique = results("orders.email.unique");
    const rule = results("orders.email.email_duplicates");
    expect([unique.status, rule.status]).toEqual(["fail", "fail"]);
    expect(sent.filter((sql) => sql.includes("GROUP BY"))).toHaveLength(1);
    expect(unique.sample).toEqual([
      { key: { email: "" }, rows: 5 },
      { key: { email: "N/A" }, rows: 5 },
      { key: { email: "dup@example.com" }, rows: 2 },
    ]);
    expect(rule.sample).toEqual(unique.sample);
    // Each result has its own rows: a change to one sample does not show in the other.
    expect(rule.sample![0]).not.toBe(unique.sample![0]);
  });

  it("asks for no more rows than the scan counted, rarest first, and sends no query for rows it counted none of", async () => {
    // status: 1 null row; shipped_on: 4; quantity as a primary key repeats (14 rows of each of 0…6, less) but is never null.
    const { results, sent } = await runRecorded(`schema:
  - name: orders
    properties:
      - name: shipped_on
        logicalType: date
        required: true
      - name: status
        logicalType: string
        required: true
      - name: quantity
        logicalType: integer
        primaryKey: true
`);
    const samples = sent.filter((sql) => !sql.includes("GROUP BY") && / LIMIT \d+$/.test(sql));
    // The rarer failure first, though the contract declares it second: its query reads furthest.
    expect(samples.map((sql) => sql.match(/WHERE (.*) LIMIT (\d+)$/)!.slice(1))).toEqual([
      ['"status" IS NULL', "1"],
      ['"shipped_on" IS NULL', "4"],
    ]);
    expect(results("orders.status.required").sample).toHaveLength(1);
    expect(results("orders.shipped_on.required").sample).toHaveLength(4);
    const key = results("orders.quantity.primaryKey");
    expect(key.status).toBe("fail");
    // No null key: the key's most repeated values, from its GROUP BY, without a query for null keys.
    expect(key.sample).toHaveLength(5);
    expect(key.sample![0]).toMatchObject({ rows: expect.any(Number) });
  });
});

/**
 * Failing rows of every kind of row-level check over the orders (see ORDERS_SQL): nulls (1, 4 and 5 rows, the
 * 5 in a classified column, masked), values out of a list, a pattern, a range, a length, and a primary key
 * with no null (its sample is its repeated keys, from its GROUP BY).
 */
const MANY_FAILING_ROW_CHECKS = `schema:
  - name: orders
    properties:
      - { name: order_id, logicalType: integer, primaryKey: true }
      - { name: status, logicalType: string, required: true, quality: [{ metric: invalidValues, arguments: { validValues: [placed, shipped, refunded, cancelled] }, mustBe: 0 }] }
      - { name: email, logicalType: string, required: true, classification: restricted }
      - { name: amount, logicalType: number, logicalTypeOptions: { minimum: 0, maximum: 900 } }
      - { name: code, logicalType: string, logicalTypeOptions: { pattern: "^AB-[0-9]{3}$", maxLength: 6 } }
      - { name: shipped_on, logicalType: date, required: true }
      - { name: quantity, logicalType: integer, quality: [{ metric: nullValues, mustBe: 0 }, { metric: invalidValues, arguments: { validValues: [0, 1, 2, 3, 4, 5] }, mustBe: 0, severity: warning }] }
`;

describe("a column two properties describe", () => {
  const classified = "- { name: email, logicalType: string, classification: restricted }";
  const plain = "- { name: contact, physicalName: email, logicalType: string, logicalTypeOptions: { minLength: 4 } }";
  for (const [order, first, second] of [
    ["classified first", classified, plain],
    ["classified second", plain, classified],
  ] as const) {
    for (const flagged of [false, true]) {
      it(`is masked in every sample where either property is classified, and shown once (${order}${flagged ? ", streamed" : ""})`, async () => {
        const { outcomes } = await runRecorded(
          `schema:\n  - name: orders\n    properties:\n      - { name: order_id, logicalType: integer, logicalTypeOptions: { maximum: 2 } }\n      ${first}\n      ${second}\n`,
          { flagged },
        );
        // order_id above 2 (rows 3…), email shorter than 4 ('' and 'N/A'): named by the first property of the column.
        const name = first === classified ? "email" : "contact";
        const samples = outcomes.filter((o) => o.result.sample).map((o) => [o.result.id, o.result.sample]);
        expect(samples).toEqual([
          ["orders.order_id.maximum", [3, 4, 5, 6, 7].map((id) => ({ order_id: String(id), [name]: "***" }))],
          ["orders.contact.minLength", [2, 3, 22, 23, 42].map((id) => ({ order_id: String(id), [name]: "***" }))],
        ]);
      });
    }
  }
});

describe("failing rows of several checks", () => {
  for (const file of ["orders.parquet", "formats/orders.csv", "formats/orders.json"]) {
    it(`come from one streamed query, the same rows each check's own query finds (${file})`, async () => {
      const oneQuery = await runRecorded(MANY_FAILING_ROW_CHECKS, { file, flagged: true });
      const perCheck = await runRecorded(MANY_FAILING_ROW_CHECKS, { file });
      expect(oneQuery.outcomes).toEqual(perCheck.outcomes);
      const sampleQueries = (sent: string[]) => sent.filter((sql) => !sql.includes("GROUP BY") && !sql.includes("count(*)"));
      // status twice (null, not listed), email, amount twice, code, shipped_on, quantity (warned): 8 samples.
      expect(sampleQueries(perCheck.sent)).toHaveLength(8);
      expect(sampleQueries(oneQuery.sent)).toEqual([expect.stringMatching(/^SELECT CASE WHEN .* FROM "orders" WHERE \(.*\)$/)]);
      // What they found (ORDERS_SQL): the first failing rows in the data's order, no more than the scan counted.
      const sample = (id: string) => oneQuery.results(id).sample?.map((row) => Number(row["order_id"]));
      expect(sample("orders.status.required")).toEqual([51]);
      expect(sample("orders.status.invalidValues")).toEqual([6, 18, 34]);
      expect(sample("orders.email.required")).toEqual([1, 21, 41, 61, 81]);
      expect(oneQuery.results("orders.code.pattern").sample).toMatchObject([{ code: "bad" }, { code: "bad" }]);
      expect(sample("orders.code.pattern")).toEqual([11, 12]);
      expect(sample("orders.amount.minimum")).toEqual([1, 2, 3, 4, 5]);
      expect(sample("orders.amount.maximum")).toEqual([97, 98, 99, 100]);
      expect(sample("orders.shipped_on.required")).toEqual([1, 26, 51, 76]);
      expect(oneQuery.results("orders.quantity.invalidValues")).toMatchObject({ status: "warn", failedRows: 14 });
      expect(sample("orders.quantity.invalidValues")).toEqual([7, 14, 21, 28, 35]);
      // The classified column is masked in every sample, a null shown as null.
      expect(oneQuery.results("orders.status.required").sample![0]!["email"]).toBe("***");
      expect(oneQuery.results("orders.email.required").sample!.every((row) => row["email"] === null)).toBe(true);
    });
  }

  it("are read by DuckDB only until every flag has its rows", async () => {
    const { duckdb } = await openOrders(MANY_FAILING_ROW_CHECKS);
    try {
      // Rows past the tenth million raise an error when read: the stream stops long before them.
      const flagged = (wanted: number[]) =>
        duckdb.queryFirstFlagged(
          { sql: "SELECT i IN (3, 7), i % 2 = 0, NULL, CAST(i AS INTEGER) AS i, i * 0.5 AS half, current_setting('streaming_buffer_size') AS buffer FROM range(20000000) t(i) WHERE i IN (3, 7) OR i % 2 = 0 OR CAST(CASE WHEN i > 10000000 THEN 'read too far: ' || i ELSE '1' END AS INTEGER) = 0", params: [] },
          wanted,
        );
      // (a DECIMAL as its text, as queryJson gives it)
      // (read ahead of what is fetched by 64 KiB, not DuckDB's ~1 MB)
      expect(await flagged([2, 3, 0])).toEqual([
        [[3, "1.5", "64.0 KiB"], [7, "3.5", "64.0 KiB"]],
        [[0, "0.0", "64.0 KiB"], [2, "1.0", "64.0 KiB"], [4, "2.0", "64.0 KiB"]],
        [],
      ]);
      // A flag with fewer rows than wanted is read to the end, past the error: which the binding does not
      // report while streaming, so the rows it did not find are the error.
      await expect(flagged([3, 1, 0])).rejects.toThrow("the query's rows ended before those it was to find: it failed while streaming");
    } finally {
      duckdb.close();
    }
  });

  it("stop being read for every flag at a row budget: the flags without all their rows by then come back undefined", async () => {
    const { duckdb } = await openOrders(MANY_FAILING_ROW_CHECKS);
    try {
      const query = { sql: "SELECT i % 2 = 0, i = 1000000, CAST(i AS INTEGER) AS i FROM range(2000000) t(i) WHERE i % 2 = 0 OR i = 1000000", params: [] };
      expect(await duckdb.queryFirstFlagged(query, [2, 1], 4096)).toEqual([[[0], [2]], undefined]);
      expect(await duckdb.queryFirstFlagged(query, [2, 1])).toEqual([[[0], [2]], [[1000000]]]);
    } finally {
      duckdb.close();
    }
  });

  it("of a rare check come from a query of their own once the dense checks have theirs, the same rows", async () => {
    // 40,000 rows: every amount fails its minimum, status is null only past row 30,000 (five rows).
    const dir = mkdtempSync(join(data.dir, "budget-"));
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT CAST(i AS INTEGER) AS order_id, -1.5 AS amount, CASE WHEN i % 1000 = 999 AND i > 30000 THEN NULL ELSE 'placed' END AS status, 'x' AS code FROM range(40000) t(i)) TO '${join(dir, "orders.parquet").replaceAll("'", "''")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const body = "schema:\n  - name: orders\n    properties:\n      - { name: order_id, logicalType: integer }\n      - { name: amount, logicalType: number, logicalTypeOptions: { minimum: 0 } }\n      - { name: status, logicalType: string, required: true }\n      - { name: code, logicalType: string, logicalTypeOptions: { maxLength: 0 } }\n";
    const contract = contractDocument(dir, contractYaml(body)).value as DataContract;
    const run = async (streamed: boolean) => {
      const plan = planChecks(contract);
      const resolution = resolveDataSource(contract, { baseDir: dir, cwd: dir, data: join(dir, "orders.parquet"), objects: ["orders"] });
      if (!resolution.ok || resolution.source.kind === "postgres") throw new Error("expected a DuckDB source");
      const duckdb = await openDuckDb(resolution.source, plan.objects, (path) => path);
      const flaggedCalls: number[][] = [];
      const limitQueries: string[] = [];
      const executor: QueryExecutor = {
        dialect: duckdb.dialect,
        parameters: duckdb.parameters,
        describe: (object) => duckdb.describe(object),
        queryValues: (query) => duckdb.queryValues(query),
        queryJson: (query) => (/ LIMIT \d+$/.test(query.sql) && !query.sql.includes("GROUP BY") && limitQueries.push(query.sql), duckdb.queryJson(query)),
        ...(streamed ? { queryFirstFlagged: (query: CompiledQuery, wanted: readonly number[], budget?: number) => (flaggedCalls.push([...wanted]), duckdb.queryFirstFlagged(query, wanted, budget)) } : {}),
      };
      try {
        const { outcomes } = await executePlan(plan, executor, { now: NOW, sampleSize: 5 });
        return { outcomes, flaggedCalls, limitQueries };
      } finally {
        duckdb.close();
      }
    };
    const streamed = await run(true);
    const perCheck = await run(false);
    expect(streamed.outcomes).toEqual(perCheck.outcomes);
    expect(streamed.outcomes.find((o) => o.result.id === "orders.status.required")!.result.sample!.map((row) => row["order_id"])).toEqual([30999, 31999, 32999, 33999, 34999]);
    // All three at first; the two dense ones had their rows within the budget, the rare one asked alone (a LIMIT query).
    expect(streamed.flaggedCalls).toEqual([[5, 5, 5]]);
    expect(streamed.limitQueries).toEqual([expect.stringMatching(/WHERE "status" IS NULL LIMIT 5$/)]);
  });

  it("come from each check's own query when the streamed one fails, without a warning", async () => {
    const failed = await runRecorded(MANY_FAILING_ROW_CHECKS, { flagged: "fails" });
    const perCheck = await runRecorded(MANY_FAILING_ROW_CHECKS);
    expect(failed.outcomes).toEqual(perCheck.outcomes);
    expect(failed.sent.filter((sql) => / LIMIT \d+$/.test(sql) && !sql.includes("GROUP BY"))).toHaveLength(8);
  });

  it("are those the streamed query read when it stopped at the time limit; the others ask nothing more and say why", async () => {
    const stopped = await runRecorded(MANY_FAILING_ROW_CHECKS, { flagged: "times out" });
    const perCheck = await runRecorded(MANY_FAILING_ROW_CHECKS);
    expect(stopped.sent.filter((sql) => / LIMIT \d+$/.test(sql) && !sql.includes("GROUP BY"))).toEqual([]);
    // The eight failing-row samples of "come from one streamed query", all flags of the one query.
    const sampled = perCheck.outcomes.filter((o) => o.result.sample !== undefined && o.result.sample.length > 0);
    expect(sampled).toHaveLength(8);
    let kept = 0;
    for (const own of sampled) {
      const outcome = stopped.outcomes.find((o) => o.result.id === own.result.id)!;
      if (outcome.result.sample !== undefined) {
        kept++;
        expect(outcome, own.result.id).toEqual(own);
      } else {
        expect({ ...outcome.result }).toEqual({ ...own.result, sample: undefined });
        expect(outcome.notes!.map((n) => n.message), own.result.id).toEqual([`No sample rows for \`${own.result.id}\`: the sample query failed (the query ran longer than 300 s and was stopped); the check's result stands`]);
      }
    }
    // The even flags of the eight (see runRecorded).
    expect(kept).toBe(4);
  });

  it("of a key with null values come from the streamed query too, beside its repeated keys", async () => {
    const body = `schema:
  - name: orders
    properties:
      - { name: status, logicalType: string, primaryKey: true }
      - { name: shipped_on, logicalType: date, required: true }
`;
    const oneQuery = await runRecorded(body, { flagged: true });
    const perCheck = await runRecorded(body);
    expect(oneQuery.outcomes).toEqual(perCheck.outcomes);
    expect(oneQuery.sent.filter((sql) => / LIMIT \d+$/.test(sql) && !sql.includes("GROUP BY"))).toEqual([]);
    const key = oneQuery.results("orders.status.primaryKey");
    expect(key.sample![0]).toMatchObject({ status: null });
    expect(key.sample!.slice(1).every((row) => typeof row["rows"] === "number")).toBe(true);
  });
});

/**
 * Uniqueness checks of every kind over orders.csv (see ORDERS_SQL): repeats and NULLs (status, email, quantity,
 * code), a classified column (email, masked), a DECIMAL converted from text (quantity), a date read from text
 * by its format (shipped_on), a primary key, and an object's duplicateValues over two columns (NULLs equal).
 */
const MANY_UNIQUENESS_CHECKS = `schema:
  - name: orders
    properties:
      - { name: order_id, logicalType: integer, primaryKey: true }
      - { name: status, logicalType: string, unique: true }
      - { name: email, logicalType: string, unique: true, classification: restricted }
      - { name: quantity, logicalType: number, physicalType: "DECIMAL(5,1)", unique: true }
      - { name: code, logicalType: string, unique: true }
      - { name: shipped_on, logicalType: date, logicalTypeOptions: { format: yyyy-MM-dd }, unique: true }
      - { name: ship region, logicalType: string }
    quality:
      - name: status_region_duplicates
        metric: duplicateValues
        arguments:
          properties: [status, ship region]
        mustBe: 0
`;

describe("many uniqueness checks over a CSV file", () => {
  it("group a copy of their columns, made with one read of the file, and give the counts and keys of reading the file each", async () => {
    const onCopy = await runRecorded(MANY_UNIQUENESS_CHECKS, { file: "formats/orders.csv" });
    const onFile = await runRecorded(MANY_UNIQUENESS_CHECKS, { file: "formats/orders.csv", stage: false });
    expect(onCopy.staged).toEqual([["status", "email", "quantity", "code", "shipped_on", "order_id", "ship region"]]);
    const groupings = (sent: string[]) => sent.filter((sql) => sql.includes("GROUP BY"));
    expect(groupings(onCopy.sent)).toHaveLength(7);
    expect(groupings(onCopy.sent).every((sql) => sql.includes('FROM "orders (meshkit: staged)"'))).toBe(true);
    expect(groupings(onFile.sent).every((sql) => sql.includes('FROM "orders"\n'))).toBe(true);
    expect(onCopy.outcomes).toEqual(onFile.outcomes);
    expect(onCopy.tablesAfter).toEqual([]);
    // What they measured (ORDERS_SQL): the copy holds the values as the file's reader gives them.
    expect(onCopy.results("orders.email.unique")).toMatchObject({ status: "fail", failedRows: 9, sample: [{ key: { email: "***" }, rows: 5 }, { key: { email: "***" }, rows: 5 }, { key: { email: "***" }, rows: 2 }] });
    expect(onCopy.results("orders.quantity.unique")).toMatchObject({ status: "fail", failedRows: 93, sample: expect.arrayContaining([{ key: { quantity: 0 }, rows: 15 }]) });
    expect(onCopy.results("orders.code.unique")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ key: { code: "bad" }, rows: 2 }] });
    expect(onCopy.results("orders.shipped_on.unique")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(onCopy.results("orders.order_id.primaryKey")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(onCopy.results("orders.status_region_duplicates")).toMatchObject({ status: "fail", failedRows: 94 });
  });

  it("reads Parquet directly: its reader reads only the columns a query names", async () => {
    const { staged, sent } = await runRecorded(MANY_UNIQUENESS_CHECKS);
    expect(staged).toHaveLength(1);
    expect(sent.filter((sql) => sql.includes("GROUP BY")).every((sql) => sql.includes('FROM "orders"\n'))).toBe(true);
  });
});

describe("a sample query that fails", () => {
  it("leaves the check's result as measured and says so in a warning", async () => {
    const { results, outcomes } = await runRecorded(`schema:\n  - name: orders\n    properties:\n      - name: email\n        logicalType: string\n        required: true\n`, { failSamples: true });
    expect(results("orders.email.required")).toMatchObject({ status: "fail", failedRows: 5 });
    expect(results("orders.email.required").sample).toBeUndefined();
    expect(outcomes.find((o) => o.result.id === "orders.email.required")!.notes).toEqual([
      { ruleId: "quality-check-error", severity: "warning", message: "No sample rows for `orders.email.required`: the sample query failed (Out of Memory Error: sample); the check's result stands" },
    ]);
  });
});

/** amount < 0 on 5 of the 100 rows (test-support); a second rule names a column the data does not have. */
const COUNTING_SQL_RULES = (extra: string) => `schema:
  - name: orders
    properties:
      - name: amount
        logicalType: number
        required: true
    quality:
      - name: negative_amounts
        type: sql
        query: SELECT count(*) FROM {object} WHERE amount < 0
        mustBe: 5
${extra}`;

describe("SQL rules that count rows matching a predicate", () => {
  const parquet = () => join(data.data, "orders.parquet");

  it("are measured by the object's scan, with the same value as a query of their own", async () => {
    const run = await runContract(data.dir, contractYaml(COUNTING_SQL_RULES("")), { data: parquet() });
    expect(resultOf(run, "orders.negative_amounts")).toMatchObject({ status: "pass", measured: 5 });
    expect(run.results.checks.every((c) => c.status === "pass")).toBe(true);
  });

  it("run on their own when the scan fails because of one, and the other checks are still measured", async () => {
    const broken = `      - name: unknown_column
        type: sql
        query: SELECT count(*) FROM {object} WHERE no_such_column > 0
        mustBe: 0
`;
    const run = await runContract(data.dir, contractYaml(COUNTING_SQL_RULES(broken)), { data: parquet() });
    const failed = resultOf(run, "orders.unknown_column");
    expect(failed.status).toBe("error");
    expect(failed.message).toMatch(/^SQL rule `unknown_column` failed: .*no_such_column/);
    expect(resultOf(run, "orders.negative_amounts")).toMatchObject({ status: "pass", measured: 5 });
    expect(resultOf(run, "orders.amount.required")).toMatchObject({ status: "pass", measured: 0 });
  });
});

describe("redactValues: an engine error never shows the value it quotes", () => {
  it("cuts the message at the first quoted value, in any of the engines' forms, quotes inside the value included", () => {
    const tail = " (the rest of the engine's message is not shown: it quotes a value)";
    expect(redactValues('Conversion Error: invalid date field format: "u0@x.com", expected format is (YYYY-MM-DD)')).toBe(`Conversion Error: invalid date field format: "***"${tail}`);
    expect(redactValues("Could not convert string 'it's' to INT32")).toBe(`Could not convert string '***'${tail}`);
    expect(redactValues('invalid input syntax for type integer: "a"b"')).toBe(`invalid input syntax for type integer: "***"${tail}`);
    expect(redactValues("Could not cast value 1.5 to INT32")).toBe("Could not cast value *** to INT32");
  });
  it("hides the values DuckDB spells unquoted: a cast's out of range, an overflow's operands", () => {
    expect(redactValues("Conversion Error: Type INT64 with value 123456789012 can't be cast because the value is out of range for the destination type INT32 when casting from source column n")).toBe(
      "Conversion Error: Type INT64 with value *** can't be cast because the value is out of range for the destination type INT32 when casting from source column n",
    );
    expect(redactValues("Out of Range Error: Overflow in multiplication of INT64 (123456789012 * -123456789012)!")).toBe("Out of Range Error: Overflow in multiplication of INT64 (*** * ***)!");
    expect(redactValues("Out of Range Error: Overflow in HUGEINT addition: 7 + 170141183460469231731687303715884105727")).toBe("Out of Range Error: Overflow in HUGEINT addition: *** + ***");
    expect(redactValues("Out of Range Error: Overflow on abs(-9223372036854775808)")).toBe("Out of Range Error: Overflow on abs(***)");
  });
  it("keeps a name a SQL rule's error quotes only when the query names it: a value the query read as a name is hidden", () => {
    const query = 'SELECT count(*) FROM "sales"."orders" WHERE split_part(email, \'@\', 1)::regtype IS NOT NULL AND Amount > 0';
    expect(redactValues('type "alice" does not exist', query)).toBe(`type "***" (the rest of the engine's message is not shown: it quotes a value)`);
    expect(redactValues('relation "alice.smith" does not exist', query)).toBe(`relation "***" (the rest of the engine's message is not shown: it quotes a value)`);
    expect(redactValues('relation "sales.orders" does not exist', query)).toBe('relation "sales.orders" does not exist');
    expect(redactValues('column "amount" does not exist', query)).toBe('column "amount" does not exist');
    // Without a query (meshkit's own queries), names are kept as before.
    expect(redactValues('type "alice" does not exist')).toBe('type "alice" does not exist');
  });
  it("keeps the names of columns, tables and the like", () => {
    expect(redactValues('column "email" does not exist')).toBe('column "email" does not exist');
    expect(redactValues('relation "sales.orders" does not exist')).toBe('relation "sales.orders" does not exist');
  });
});

describe("a wide table", () => {
  /** `items` behind a proxy that counts the reads of its elements, however the code walks it (find, map, for…of). */
  function counted<T>(items: T[]): { list: T[]; reads: () => number } {
    let reads = 0;
    const list = new Proxy(items, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    return { list, reads: () => reads };
  }

  /** The plan of one table of `width` required string columns, its properties read through `counted`. */
  function widePlan(width: number) {
    const properties = Array.from({ length: width }, (_, i) => `      - name: c${i}\n        logicalType: string\n        required: true\n`).join("");
    const contract = contractDocument(data.dir, contractYaml(`schema:\n  - name: wide\n    properties:\n${properties}`)).value as DataContract;
    const plan = planChecks(contract);
    const object = plan.objects[0]!;
    const declared = counted(object.properties);
    object.properties = declared.list;
    return { plan, declared };
  }

  it("reads the data's columns and the declared properties a few times each, not once per check", async () => {
    const width = 3000;
    const { plan, declared } = widePlan(width);
    // The data has every column, the last in upper case.
    const described = counted(Array.from({ length: width }, (_, i) => ({ name: i === width - 1 ? `C${i}` : `c${i}`, type: "VARCHAR" })));
    const executor: QueryExecutor = {
      dialect: getDialect("duckdb"),
      parameters: "bound",
      describe: async () => ({ relation: ["wide"], columns: described.list }),
      // One row of the scan: 10 rows, no null anywhere.
      queryValues: async () => [[10, ...Array.from({ length: 2 * width }, () => 0)]],
      queryJson: async () => [],
    };
    const { outcomes } = await executePlan(plan, executor, { now: NOW, sampleSize: 5 });
    const result = (id: string) => outcomes.find((o) => o.result.id === id)!.result;
    expect(result("wide.c1.exists").status).toBe("pass");
    expect(result("wide.c1.required").status).toBe("pass");
    expect(result(`wide.c${width - 1}.exists`)).toMatchObject({ status: "fail", message: expect.stringContaining(`did you mean \`C${width - 1}\`?`) });
    // Before: each property searched the described columns, and each check listed them and searched the properties.
    expect(described.reads()).toBeLessThan(10 * width);
    expect(declared.reads()).toBeLessThan(20 * width);
  });

  it("names the values of every failing check's sample rows without searching the properties for each", async () => {
    const width = 300;
    const { plan, declared } = widePlan(width);
    const executor: QueryExecutor = {
      dialect: getDialect("duckdb"),
      parameters: "bound",
      describe: async () => ({ relation: ["wide"], columns: Array.from({ length: width }, (_, i) => ({ name: `c${i}`, type: "VARCHAR" })) }),
      // 10 rows, one null in every column: each required check fails, and its sample is a row with its column null.
      queryValues: async () => [[10, ...Array.from({ length: 2 * width }, () => 1)]],
      queryJson: async () => [[null]],
    };
    const { outcomes } = await executePlan(plan, executor, { now: NOW, sampleSize: 5 });
    const required = outcomes.find((o) => o.result.id === "wide.c7.required")!.result;
    expect(required.status).toBe("fail");
    // (more than 20 columns: the sample shows the column the check reads)
    expect(required.sample).toEqual([{ c7: null }]);
    // Before: each value of each sample searched the properties (width × width × width / 2 reads).
    expect(declared.reads()).toBeLessThan(20 * width);
  });
});

describe("sample rows of a table", () => {
  /**
   * A CSV file of `width` columns, its key (id1, id2) declared out of order among them: the first row has a
   * classified `x` too long and no `c0`; the second is clean.
   */
  async function sampled(width: number) {
    const others = Array.from({ length: width - 3 }, (_, i) => `c${i}`);
    const header = ["id2", "x", "id1", ...others].join(",");
    const rows = [["1", "long", "1", "", ...others.slice(1).map(() => "v")], ["2", "ok", "1", ...others.map(() => "v")]];
    const properties = [
      "      - { name: id2, logicalType: integer, primaryKey: true, primaryKeyPosition: 2 }\n",
      "      - { name: x, logicalType: string, classification: restricted, logicalTypeOptions: { maxLength: 2 } }\n",
      "      - { name: id1, logicalType: integer, primaryKey: true, primaryKeyPosition: 1 }\n",
      ...others.map((name) => `      - { name: ${name}, logicalType: string, required: true }\n`),
    ].join("");
    const run = await runOnFile(data.dir, "t.csv", [header, ...rows.map((row) => row.join(","))].join("\n") + "\n", properties);
    return (id: string) => resultOf(run, id).sample;
  }

  it("show every declared column for a table of 20 columns or fewer", async () => {
    const sample = await sampled(20);
    const row = { id2: "1", x: "***", id1: "1", c0: null, ...Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`c${i + 1}`, "v"])) };
    expect(sample("t.x.maxLength")).toEqual([row]);
    expect(Object.keys(sample("t.c0.required")![0]!)).toEqual(Object.keys(row));
  });

  it("show the primary key's columns, in key order, then the columns the check reads, for a wider table", async () => {
    const sample = await sampled(21);
    expect(sample("t.x.maxLength")).toEqual([{ id1: "1", id2: "1", x: "***" }]);
    expect(sample("t.c0.required")).toEqual([{ id1: "1", id2: "1", c0: null }]);
    expect(Object.keys(sample("t.c0.required")![0]!)).toEqual(["id1", "id2", "c0"]);
  });
});
