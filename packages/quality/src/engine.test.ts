import type { DataContract } from "@meshkit/core";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planChecks } from "./checks.js";
import type { CompiledQuery } from "./compile.js";
import { openDuckDb } from "./duckdb.js";
import { getDialect } from "./dialects.js";
import { type QueryExecutor, executePlan, redactValues } from "./engine.js";
import { resolveDataSource } from "./sources.js";
import type { CheckResult } from "./results.js";
import type { CheckOutcome } from "./evaluate.js";
import { NOW, type TestData, contractDocument, contractYaml, createTestData, resultOf, runContract } from "./test-support.js";

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

/** Runs `body` in a contract on orders.parquet through DuckDB, recording every query sent (`failSamples`: sample queries fail). */
async function runRecorded(body: string, failSamples = false): Promise<{ results: (id: string) => CheckResult; sent: string[]; outcomes: CheckOutcome[] }> {
  const contract = contractDocument(data.dir, contractYaml(body)).value as DataContract;
  const plan = planChecks(contract);
  const resolution = resolveDataSource(contract, { baseDir: data.dir, cwd: data.dir, data: join(data.data, "orders.parquet"), objects: ["orders"] });
  if (!resolution.ok || resolution.source.kind === "postgres") throw new Error("expected a DuckDB source");
  const duckdb = await openDuckDb(resolution.source, plan.objects, (path) => path);
  const sent: string[] = [];
  const recording: QueryExecutor = {
    dialect: duckdb.dialect,
    parameters: duckdb.parameters,
    describe: (object) => duckdb.describe(object),
    queryValues: (query: CompiledQuery) => (sent.push(query.sql), duckdb.queryValues(query)),
    queryJson: (query: CompiledQuery) => (sent.push(query.sql), failSamples && query.sql.includes(" LIMIT ") && !query.sql.includes("GROUP BY") ? Promise.reject(new Error("Out of Memory Error: sample")) : duckdb.queryJson(query)),
  };
  try {
    const { outcomes } = await executePlan(plan, recording, { now: NOW, sampleSize: 5 });
    return { results: (id) => outcomes.find((o) => o.result.id === id)!.result, sent, outcomes };
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

describe("a sample query that fails", () => {
  it("leaves the check's result as measured and says so in a warning", async () => {
    const { results, outcomes } = await runRecorded(`schema:\n  - name: orders\n    properties:\n      - name: email\n        logicalType: string\n        required: true\n`, true);
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
      // 10 rows, one null in every column: each required check fails, and its sample is the row of nulls.
      queryValues: async () => [[10, ...Array.from({ length: 2 * width }, () => 1)]],
      queryJson: async () => [Array.from({ length: width }, () => null)],
    };
    const { outcomes } = await executePlan(plan, executor, { now: NOW, sampleSize: 5 });
    const required = outcomes.find((o) => o.result.id === "wide.c7.required")!.result;
    expect(required.status).toBe("fail");
    expect(required.sample).toEqual([Object.fromEntries(Array.from({ length: width }, (_, i) => [`c${i}`, null]))]);
    // Before: each value of each sample searched the properties (width × width × width / 2 reads).
    expect(declared.reads()).toBeLessThan(20 * width);
  });
});
