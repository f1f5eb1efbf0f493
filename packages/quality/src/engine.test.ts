import type { DataContract } from "@meshkit/core";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planChecks } from "./checks.js";
import type { CompiledQuery } from "./compile.js";
import { openDuckDb } from "./duckdb.js";
import { type QueryExecutor, executePlan } from "./engine.js";
import { resolveDataSource } from "./sources.js";
import { NOW, type TestData, contractDocument, contractYaml, createTestData } from "./test-support.js";

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
  it("asks for the repeated keys of a column set once, however many of its uniqueness checks fail", async () => {
    const contract = contractDocument(data.dir, contractYaml(TWO_UNIQUENESS_CHECKS)).value as DataContract;
    const plan = planChecks(contract);
    const resolution = resolveDataSource(contract, { baseDir: data.dir, cwd: data.dir, data: join(data.data, "orders.parquet"), objects: ["orders"] });
    if (!resolution.ok || resolution.source.kind === "postgres") throw new Error("expected a DuckDB source");
    const duckdb = await openDuckDb(resolution.source, plan.objects, (path) => path);
    const repeatedKeyQueries: string[] = [];
    const counting: QueryExecutor = {
      dialect: duckdb.dialect,
      parameters: duckdb.parameters,
      describe: (object) => duckdb.describe(object),
      queryValues: (query) => duckdb.queryValues(query),
      queryJson: (query: CompiledQuery) => {
        if (query.sql.includes("HAVING count(*) > 1 ORDER BY")) repeatedKeyQueries.push(query.sql);
        return duckdb.queryJson(query);
      },
    };
    try {
      const { outcomes } = await executePlan(plan, counting, { now: NOW, sampleSize: 5 });
      const unique = outcomes.find((o) => o.result.id === "orders.email.unique")!.result;
      const rule = outcomes.find((o) => o.result.id === "orders.email.email_duplicates")!.result;
      expect([unique.status, rule.status]).toEqual(["fail", "fail"]);
      expect(repeatedKeyQueries).toHaveLength(1);
      expect(unique.sample).toEqual([
        { email: "", rows: "5" },
        { email: "N/A", rows: "5" },
        { email: "dup@example.com", rows: "2" },
      ]);
      expect(rule.sample).toEqual(unique.sample);
      // Each result has its own rows: a change to one sample does not show in the other.
      expect(rule.sample![0]).not.toBe(unique.sample![0]);
    } finally {
      duckdb.close();
    }
  });
});
