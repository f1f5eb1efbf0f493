import { describe, expect, it } from "vitest";
import { columnComment, isLocalWidening } from "./local-sql.js";
import type { ColumnSpec, TableSpec } from "./model.js";

describe("columnComment", () => {
  const column = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, types: { duckdb: "VARCHAR" }, required: false, unique: false, sensitive: false, pointer: "", ...extra });
  const table = (columns: ColumnSpec[], primaryKey: string[]): TableSpec => ({ name: "t", object: "t", columns, primaryKey, partitionKeys: [], pointer: "" });

  // DuckDB's UNIQUE cannot be dropped, nor its column retyped or dropped (local.ts): the comment says it instead.
  it("says a column is unique, after its key position and classification", () => {
    const email = column("email", { unique: true, classification: "restricted", description: "Where we write to." });
    const id = column("id", { unique: true });
    const t = table([column("a"), id, email], ["a", "id"]);
    expect(columnComment(t, email)).toBe("Where we write to. [classification: restricted; unique]");
    expect(columnComment(t, id)).toBe("[primary key (2 of 2); unique]");
    expect(columnComment(t, column("b"))).toBeUndefined();
  });
});

describe("isLocalWidening", () => {
  // The types formats u64, i128 and u128 give: a contract moving to a wider one keeps every value.
  it("widens an integer into HUGEINT or a DECIMAL with room for its digits, an unsigned one into a wider type, and arrays by their elements", () => {
    const widenings = [["INTEGER", "HUGEINT"], ["BIGINT", "HUGEINT"], ["BIGINT", "DECIMAL(19,0)"], ["UBIGINT", "HUGEINT"], ["UBIGINT", "UHUGEINT"], ["UBIGINT", "DECIMAL(20,0)"], ["INTEGER[]", "BIGINT[]"], ["FLOAT[]", "DOUBLE[]"]];
    expect(widenings.filter(([from, to]) => !isLocalWidening(from!, to!))).toEqual([]);
  });

  it("keeps calling a change that may not hold every value destructive", () => {
    const others = [["HUGEINT", "BIGINT"], ["BIGINT", "UBIGINT"], ["INTEGER", "UHUGEINT"], ["HUGEINT", "UHUGEINT"], ["UHUGEINT", "UBIGINT"], ["UBIGINT", "BIGINT"], ["HUGEINT", "DECIMAL(38,0)"], ["BIGINT", "DECIMAL(18,0)"], ["BIGINT[]", "INTEGER[]"], ["INTEGER", "BIGINT[]"]];
    expect(others.filter(([from, to]) => isLocalWidening(from!, to!))).toEqual([]);
  });

  it("calls format u128 → i128 (UHUGEINT → HUGEINT) destructive: the same 39 digits, but HUGEINT stops at 2^127 − 1", () => {
    // Read as PostgreSQL's numeric(39,0) both look alike; a u128 value above i128's maximum fails the cast.
    expect(isLocalWidening("UHUGEINT", "HUGEINT")).toBe(false);
    expect(isLocalWidening("UHUGEINT[]", "HUGEINT[]")).toBe(false);
    expect(isLocalWidening("HUGEINT", "HUGEINT")).toBe(true);
  });
});
