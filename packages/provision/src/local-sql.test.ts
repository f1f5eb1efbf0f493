import { describe, expect, it } from "vitest";
import { columnComment } from "./local-sql.js";
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
