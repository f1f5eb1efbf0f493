import { describe, expect, it } from "vitest";
import { familyOfSqlType, isCompatibleFamily } from "./type-families.js";

describe("type families", () => {
  it.each([
    ["VARCHAR", "string"],
    ["VARCHAR(11)", "string"],
    ["character varying", "string"],
    ["UUID", "string"],
    ["ENUM('a', 'b')", "string"],
    ["BIGINT", "integer"],
    ["int4", "integer"],
    ["UHUGEINT", "integer"],
    ["DECIMAL(10,0)", "integer"],
    ["NUMBER(38, 0)", "integer"],
    ["DECIMAL(12,2)", "number"],
    ["double precision", "number"],
    ["FLOAT64", "number"],
    ["BOOLEAN", "boolean"],
    ["DATE", "date"],
    ["TIMESTAMP WITH TIME ZONE", "timestamp"],
    ["timestamp without time zone", "timestamp"],
    ["TIMESTAMP_NS", "timestamp"],
    ["DATETIME", "timestamp"],
    ["TIME", "time"],
    ["STRUCT(a INTEGER)", "object"],
    ["JSON", "object"],
    ["INTEGER[]", "array"],
    ["VARCHAR[3]", "array"],
    ["BLOB", undefined],
    ["INTERVAL", undefined],
    ["", undefined],
  ])("%s → %s", (type, family) => {
    expect(familyOfSqlType(type)).toBe(family);
  });

  it("a number property accepts integer columns, not the other way round", () => {
    expect(isCompatibleFamily("number", "integer")).toBe(true);
    expect(isCompatibleFamily("integer", "number")).toBe(false);
    expect(isCompatibleFamily("date", "timestamp")).toBe(false);
    expect(isCompatibleFamily("string", undefined)).toBe(false);
  });
});
