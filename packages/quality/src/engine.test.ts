import type { DataContract } from "@meshkit/core";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planChecks } from "./checks.js";
import type { CompiledQuery } from "./compile.js";
import { openDuckDb } from "./duckdb.js";
import { type QueryExecutor, executePlan } from "./engine.js";
import { resolveDataSource } from "./sources.js";
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

describe("samples", () => {
  it("groups a column set once, for its counts and its repeated keys, however many of its uniqueness checks fail", async () => {
    const contract = contractDocument(data.dir, contractYaml(TWO_UNIQUENESS_CHECKS)).value as DataContract;
    const plan = planChecks(contract);
    const resolution = resolveDataSource(contract, { baseDir: data.dir, cwd: data.dir, data: join(data.data, "orders.parquet"), objects: ["orders"] });
    if (!resolution.ok || resolution.source.kind === "postgres") throw new Error("expected a DuckDB source");
    const duckdb = await openDuckDb(resolution.source, plan.objects, (path) => path);
    const groupings: string[] = [];
    const counting: QueryExecutor = {
      dialect: duckdb.dialect,
      parameters: duckdb.parameters,
      describe: (object) => duckdb.describe(object),
      queryValues: (query: CompiledQuery) => {
        if (query.sql.includes("GROUP BY")) groupings.push(query.sql);
        return duckdb.queryValues(query);
      },
      queryJson: (query: CompiledQuery) => {
        if (query.sql.includes("GROUP BY")) groupings.push(query.sql);
        return duckdb.queryJson(query);
      },
    };
    try {
      const { outcomes } = await executePlan(plan, counting, { now: NOW, sampleSize: 5 });
      const unique = outcomes.find((o) => o.result.id === "orders.email.unique")!.result;
      const rule = outcomes.find((o) => o.result.id === "orders.email.email_duplicates")!.result;
      expect([unique.status, rule.status]).toEqual(["fail", "fail"]);
      expect(groupings).toHaveLength(1);
      expect(unique.sample).toEqual([
        { email: "", rows: 5 },
        { email: "N/A", rows: 5 },
        { email: "dup@example.com", rows: 2 },
      ]);
      expect(rule.sample).toEqual(unique.sample);
      // Each result has its own rows: a change to one sample does not show in the other.
      expect(rule.sample![0]).not.toBe(unique.sample![0]);
    } finally {
      duckdb.close();
    }
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
