/**
 * The local planner on a machine whose time zone is not UTC. DuckDB takes its session time zone from the
 * machine (TZ) when its first instance loads, so this file sets TZ before any DuckDB is opened, in a file
 * of its own (each test file runs in its own process).
 */
process.env.TZ = "America/New_York";

import { DuckDBInstance } from "@duckdb/node-api";
import { loadText } from "@meshkit/core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyLocal } from "./local.js";
import { provisionModel } from "./model.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const contract = (zoned: boolean) => `apiVersion: v3.1.0
kind: DataContract
id: events-contract
version: 1.0.0
status: active
name: events
domain: ops
dataProduct: events
schema:
  - name: events
    properties:
      - name: seen_at
        logicalType: timestamp${zoned ? "\n        logicalTypeOptions:\n          timezone: true" : ""}
`;

const modelOf = (zoned: boolean) => provisionModel({ contracts: loadText("events.odcs.yaml", contract(zoned)).documents, products: [] });

async function sql(warehouse: string, text: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(warehouse);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(text)).getRowsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("time zone of the local warehouse", () => {
  it("converts TIMESTAMP WITH TIME ZONE to TIMESTAMP in UTC, whatever the machine's time zone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-local-tz-"));
    dirs.push(dir);
    const options = { warehouse: join(dir, ".meshkit", "warehouse.duckdb"), lake: join(dir, "lake") };
    await applyLocal(modelOf(true), options);
    // The machine's zone is New York here, as DuckDB sees it (else this test would prove nothing).
    expect(await sql(options.warehouse, "SELECT current_setting('TimeZone')")).toEqual([["America/New_York"]]);
    await sql(options.warehouse, "INSERT INTO ops.events VALUES (TIMESTAMPTZ '2024-01-01 00:00:00+00')");

    const result = await applyLocal(modelOf(false), { ...options, allowDestructive: true });
    expect(result.applied).toBe(true);
    // The instant as UTC wall-clock time, as contract-test reads it: not 2023-12-31 19:00:00, New York's.
    expect(await sql(options.warehouse, "SELECT CAST(seen_at AS VARCHAR) FROM ops.events")).toEqual([["2024-01-01 00:00:00"]]);
  });
});
