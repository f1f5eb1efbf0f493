import { describe, expect, it } from "vitest";
import { canonicalType, commentLiteral, ident, isSafeType, isWidening, maskedExpression } from "./postgres-sql.js";
import { TARGET_DIALECTS, columnType } from "./types.js";

describe("postgres SQL pieces", () => {
  it("quotes identifiers and escapes literals", () => {
    expect(ident("order")).toBe('"order"');
    expect(ident('a"b')).toBe('"a""b"');
    expect(commentLiteral("it's")).toBe("'it''s'");
    expect(commentLiteral("back\\slash")).toBe("E'back\\\\slash'");
    expect(commentLiteral(null)).toBe("NULL");
  });

  it("spells every type types.ts writes as format_type prints it", () => {
    const written = ["text", "varchar(20)", "bigint", "integer", "double precision", "numeric(12,2)", "boolean", "date", "timestamp", "timestamptz", "time", "jsonb", "varchar(20)[]", "timestamptz[]"];
    expect(written.map(canonicalType)).toEqual([
      "text",
      "character varying(20)",
      "bigint",
      "integer",
      "double precision",
      "numeric(12,2)",
      "boolean",
      "date",
      "timestamp without time zone",
      "timestamp with time zone",
      "time without time zone",
      "jsonb",
      "character varying(20)[]",
      "timestamp with time zone[]",
    ]);
    expect(written.every(isSafeType)).toBe(true);
    expect(TARGET_DIALECTS).toContain("postgres");
    expect(columnType("postgres", { logicalType: "array", items: { logicalType: "string" } })).toEqual({ ok: true, type: "text[]" });
  });

  it("writes every varchar length PostgreSQL takes (up to 10,485,760), a zoned time and a 4-byte float", () => {
    for (const type of ["varchar(65535)", "varchar(10485760)", "timetz", "real"]) expect(isSafeType(type)).toBe(true);
    expect(canonicalType("timetz")).toBe("time with time zone");
    expect(canonicalType("real")).toBe("real");
  });

  it("refuses a type that is not one of those shapes", () => {
    for (const type of ["text; DROP TABLE x", "text)", "int -- x", "TEXT", 'text"', "varchar(1,2,3)"]) expect(isSafeType(type)).toBe(false);
  });

  it("calls only value-keeping type changes widenings", () => {
    const w = (from: string, to: string) => isWidening(canonicalType(from), canonicalType(to));
    expect([w("varchar(20)", "varchar(40)"), w("varchar(20)", "text"), w("integer", "bigint"), w("numeric(12,2)", "numeric(14,2)"), w("numeric(12,2)", "numeric(13,3)")]).toEqual([true, true, true, true, true]);
    expect([w("varchar(40)", "varchar(20)"), w("text", "varchar(40)"), w("bigint", "integer"), w("numeric(12,2)", "numeric(12,3)"), w("timestamp", "timestamptz"), w("text", "bigint")]).toEqual([false, false, false, false, false, false]);
  });

  // format i64 → u64 or i128 makes a bigint a numeric(20,0) or numeric(39,0): every value is kept, so no --allow-destructive.
  it("calls an integer into a numeric with room for its digits, and an array of widened elements, widenings", () => {
    const w = (from: string, to: string) => isWidening(canonicalType(from), canonicalType(to));
    expect([w("bigint", "numeric(20,0)"), w("bigint", "numeric(39,0)"), w("integer", "numeric(12,2)"), w("smallint", "numeric(5,0)"), w("integer[]", "bigint[]"), w("varchar(5)[]", "varchar(10)[]")]).toEqual([true, true, true, true, true, true]);
    expect([w("bigint", "numeric(18,0)"), w("integer", "numeric(10,1)"), w("numeric(20,0)", "bigint"), w("bigint[]", "integer[]"), w("integer", "bigint[]"), w("integer[]", "bigint[][]")]).toEqual([false, false, false, false, false, false]);
  });

  it("hashes text and nulls everything else, keeping the column's type", () => {
    expect(maskedExpression("email", "character varying(20)", "varchar(20)")).toEqual({ sql: `pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("email", 'UTF8')), 'hex')`, type: "text", masking: "sha256" });
    expect(maskedExpression("born", "date", "date")).toEqual({ sql: "NULL::date", type: "date", masking: "null" });
  });
});
