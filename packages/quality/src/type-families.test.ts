import { describe, expect, it } from "vitest";
import { characterTypeLength, decimalHeldAsDouble, declaredDecimal, familyOfSqlType, hasTimeZone, isCompatibleFamily } from "./type-families.js";

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
    ["NUMBER(38)", "integer"],
    ["numeric( 12 )", "integer"],
    ["DECIMAL(12,2)", "number"],
    ["double precision", "number"],
    ["FLOAT64", "number"],
    ["BOOLEAN", "boolean"],
    ["DATE", "date"],
    ["TIMESTAMP WITH TIME ZONE", "timestamp"],
    ["timestamp without time zone", "timestamp"],
    ["TIMESTAMP_NS", "timestamp"],
    // Snowflake's spellings without the `_`, and the standard's national text, which provision maps too.
    ["TIMESTAMPLTZ", "timestamp"],
    ["TIMESTAMPNTZ", "timestamp"],
    ["NATIONAL CHARACTER VARYING(10)", "string"],
    ["DATETIME", "timestamp"],
    ["TIME", "time"],
    ["TIME_NS", "time"],
    ["STRUCT(a INTEGER)", "object"],
    ["JSON", "object"],
    ["INTEGER[]", "array"],
    ["VARCHAR[3]", "array"],
    // PostgreSQL's one-byte `"char"`, quoted by format_type; a quoted name of no known type is still none.
    ['"char"', "string"],
    ['"Mood"', undefined],
    ["BLOB", undefined],
    ["INTERVAL", undefined],
    ["", undefined],
  ])("%s → %s", (type, family) => {
    expect(familyOfSqlType(type)).toBe(family);
  });

  // Provision reads TIMESTAMPLTZ as a zoned timestamp (an instant); contract-test read it as wall-clock time.
  it("a timestamp with a zone in any of Snowflake's spellings carries its zone", () => {
    expect(["TIMESTAMP_LTZ", "TIMESTAMPLTZ", "timestamp_tz", "TIMESTAMPTZ", "timestamp with time zone"].map(hasTimeZone)).toEqual([true, true, true, true, true]);
    expect(["TIMESTAMP_NTZ", "TIMESTAMPNTZ", "TIMESTAMP"].map(hasTimeZone)).toEqual([false, false, false]);
  });

  // Provision and compat read these as strings, numbers and timestamps; the contract test skipped the type check
  // of a property that only declares one, and read a v3.0 `date` with physicalType DATETIMEOFFSET as a date.
  it("reads Oracle's, SQL Server's and the float32 spellings provision and compat read", () => {
    expect(["VARCHAR2(10)", "nvarchar2(20)", "CLOB", "nclob"].map(familyOfSqlType)).toEqual(["string", "string", "string", "string"]);
    expect(familyOfSqlType("float32")).toBe("number");
    expect(["DATETIMEOFFSET", "datetimeoffset(7)", "TIMESTAMP(6) WITH LOCAL TIME ZONE"].map(familyOfSqlType)).toEqual(["timestamp", "timestamp", "timestamp"]);
    expect(["DATETIMEOFFSET(3)", "timestamp(6) with local time zone", "TIMESTAMP WITH  LOCAL TIME ZONE"].map(hasTimeZone)).toEqual([true, true, true]);
    expect(["timestamp without time zone", "DATETIME2"].map(hasTimeZone)).toEqual([false, false]);
  });

  it("a number property accepts integer columns, not the other way round", () => {
    expect(isCompatibleFamily("number", "integer")).toBe(true);
    expect(isCompatibleFamily("integer", "number")).toBe(false);
    expect(isCompatibleFamily("date", "timestamp")).toBe(false);
    expect(isCompatibleFamily("string", undefined)).toBe(false);
  });
});

describe("declaredDecimal: which declared decimals a CSV or JSON column is read as", () => {
  it.each([
    ["numeric(38,10)", { type: "DECIMAL(38,10)" }],
    // NUMBER(16) is NUMBER(16,0): whole numbers, of more digits than a double holds.
    ["NUMBER(16)", { type: "DECIMAL(16,0)" }],
    ["NUMBER(38)", { type: "DECIMAL(38,0)" }],
    ["decimal( 20 , 4 )", { type: "DECIMAL(20,4)" }],
    // A double holds every value of up to 15 digits as written: no conversion, which costs time.
    ["DECIMAL(12,2)", undefined],
    ["DECIMAL(15,2)", undefined],
    // No precision: nothing promised to keep.
    ["numeric", undefined],
    ["NUMBER", undefined],
    ["BIGNUMERIC", undefined],
    ["DOUBLE", undefined],
    ["DECIMAL(20,0)", { type: "DECIMAL(20,0)" }],
    ["numeric(50,10)", { unheld: "its 50 digits are more than DuckDB's DECIMAL holds (38)" }],
    // PostgreSQL 15's scales beyond the precision or below 0: not silently a double.
    ["NUMERIC(20,25)", { unheld: "its scale 25 is outside 0 to its precision 20, which DuckDB's DECIMAL does not hold" }],
    ["numeric(20, -3)", { unheld: "its scale -3 is outside 0 to its precision 20, which DuckDB's DECIMAL does not hold" }],
    ["numeric(10,12)", undefined], // a double holds its 10 digits
  ])("%s → %j", (type, expected) => {
    expect(declaredDecimal(type)).toEqual(expected);
  });
});

describe("decimalHeldAsDouble: which declared decimals a double column's type check bounds", () => {
  it.each([
    // From the values that round to 10^(p-s) at scale s: 999.995 is 1000.00, which DECIMAL(5,2) cannot hold.
    ["numeric(5,2)", { type: "DECIMAL(5,2)", limit: 999.995, limitText: "999.995" }],
    ["NUMBER(10)", { type: "DECIMAL(10,0)", limit: 9_999_999_999.5, limitText: "9999999999.5" }],
    ["decimal(15, 15)", { type: "DECIMAL(15,15)", limit: Number("0.9999999999999995"), limitText: "0.9999999999999995" }],
    // Read as text and converted, or beyond what a double bounds exactly: not this check.
    ["DECIMAL(16,2)", undefined],
    ["numeric(10,12)", undefined],
    ["numeric(10,-2)", undefined],
    ["numeric", undefined],
    ["DOUBLE", undefined],
    [undefined, undefined],
  ])("%s → %j", (type, expected) => {
    expect(decimalHeldAsDouble(type)).toEqual(expected);
  });
});

describe("characterTypeLength", () => {
  it.each([
    ["VARCHAR(3)", 3],
    ["varchar (3)", 3],
    ["character varying(20)", 20],
    ["CHAR(2)", 2],
    ["character(2)", 2],
    ["bpchar(4)", 4],
    ["NVARCHAR2(5)", 5],
    ["VARCHAR2(10 CHAR)", 10],
    ["STRING(10)", 10],
    ["national character varying(7)", 7],
    ["VARCHAR2(10 BYTE)", undefined],
    ["CHAR", undefined],
    ["VARCHAR", undefined],
    ["TEXT", undefined],
    ["VARCHAR(MAX)", undefined],
    ["character varying(20)[]", undefined],
  ])("%s holds at most %s characters", (type, length) => {
    expect(characterTypeLength(type)).toBe(length);
  });
});
