import type { DataContract } from "@meshkit/core";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planChecks } from "./checks.js";
import type { CompiledQuery } from "./compile.js";
import { openDuckDb } from "./duckdb.js";
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
