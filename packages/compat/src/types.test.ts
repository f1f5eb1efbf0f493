import { describe, expect, it } from "vitest";
import { logicalTypeOfPhysical, relatePhysicalTypes } from "./types.js";

describe("relatePhysicalTypes", () => {
  it("compares arrays by their element types, in each dialect's spelling", () => {
    expect(relatePhysicalTypes("array<int>", "array<bigint>")).toBe("widened");
    expect(relatePhysicalTypes("ARRAY<BIGINT>", "array<int>")).toBe("narrowed");
    expect(relatePhysicalTypes("int[]", "bigint[]")).toBe("widened");
    expect(relatePhysicalTypes("array<varchar(20)>", "array<varchar(10)>")).toBe("narrowed");
    expect(relatePhysicalTypes("array<array<int>>", "array<array<bigint>>")).toBe("widened");
    expect(relatePhysicalTypes("array(integer)", "integer[]")).toBe("same");
    expect(relatePhysicalTypes("array<int>", "array<varchar(10)>")).toBe("changed");
    expect(relatePhysicalTypes("array<int>", "int")).toBe("changed");
  });

  it("reads SQL's `timestamp(p) with time zone` and `without time zone` spellings by precision, as timestamptz(p)", () => {
    expect(relatePhysicalTypes("timestamp(6) with time zone", "timestamp(3) with time zone")).toBe("narrowed");
    expect(relatePhysicalTypes("timestamp with time zone", "TIMESTAMP(3) WITH TIME ZONE")).toBe("narrowed");
    expect(relatePhysicalTypes("timestamp(3) without time zone", "timestamp(6) without time zone")).toBe("widened");
    expect(relatePhysicalTypes("timestamp without time zone", "timestamp")).toBe("same");
    expect(relatePhysicalTypes("timestamp with time zone", "timestamptz")).toBe("same");
  });

  it("ranks integers by their bytes: MySQL's 3-byte mediumint is narrower than int", () => {
    expect(relatePhysicalTypes("int", "mediumint")).toBe("narrowed");
    expect(relatePhysicalTypes("mediumint", "int")).toBe("widened");
    expect(relatePhysicalTypes("smallint", "mediumint")).toBe("widened");
    expect(relatePhysicalTypes("integer", "int4")).toBe("same");
  });

  it("reads a bare float as 4 bytes (DuckDB, Spark, Hive, MySQL): double → float narrows, float8 stays double", () => {
    expect(relatePhysicalTypes("double", "float")).toBe("narrowed");
    expect(relatePhysicalTypes("float", "double")).toBe("widened");
    expect(relatePhysicalTypes("FLOAT", "real")).toBe("same");
    expect(relatePhysicalTypes("float4", "float")).toBe("same");
    expect(relatePhysicalTypes("double precision", "float8")).toBe("same");
    expect(relatePhysicalTypes("float(53)", "double")).toBe("same");
  });

  it("reads bool as boolean (PostgreSQL's and DuckDB's spelling): a spelling change only", () => {
    expect(relatePhysicalTypes("boolean", "bool")).toBe("same");
    expect(relatePhysicalTypes("BOOL", "boolean")).toBe("same");
    expect(relatePhysicalTypes("bool", "varchar(5)")).toBe("changed");
  });

  it("reads a bare char, character or nchar as SQL's CHAR(1); a bare varchar or text stays the widest", () => {
    expect(relatePhysicalTypes("char(5)", "char")).toBe("narrowed");
    expect(relatePhysicalTypes("char", "char(5)")).toBe("widened");
    expect(relatePhysicalTypes("char(1)", "char")).toBe("same");
    expect(relatePhysicalTypes("nchar(10)", "nchar")).toBe("narrowed");
    expect(relatePhysicalTypes("character", "character(2)")).toBe("widened");
    expect(relatePhysicalTypes("char", "varchar(1)")).toBe("widened");
    expect(relatePhysicalTypes("varchar(5)", "varchar")).toBe("widened");
    expect(relatePhysicalTypes("text", "varchar(5)")).toBe("narrowed");
  });

  it("reads every spelling provision and the contract test read: Snowflake's TIMESTAMPLTZ/NTZ, SQL's national and varying characters", () => {
    expect(relatePhysicalTypes("TIMESTAMP_LTZ", "TIMESTAMPLTZ")).toBe("same");
    expect(relatePhysicalTypes("TIMESTAMP_NTZ(3)", "TIMESTAMPNTZ(3)")).toBe("same");
    expect(relatePhysicalTypes("TIMESTAMP_TZ", "TIMESTAMPTZ")).toBe("same");
    expect(relatePhysicalTypes("TIMESTAMPNTZ", "TIMESTAMPLTZ")).toBe("widened");
    expect(relatePhysicalTypes("NVARCHAR(20)", "NCHAR VARYING(20)")).toBe("same");
    expect(relatePhysicalTypes("CHARACTER VARYING(20)", "NATIONAL CHARACTER VARYING(20)")).toBe("same");
    expect(relatePhysicalTypes("char varying(20)", "national char varying(50)")).toBe("widened");
    expect(relatePhysicalTypes("NATIONAL CHARACTER(10)", "NCHAR(10)")).toBe("same");
    expect(relatePhysicalTypes("national char", "char(1)")).toBe("same");
    expect(relatePhysicalTypes("NATIONAL CHARACTER VARYING(10)", "NATIONAL CHARACTER(10)")).toBe("narrowed");
    expect(logicalTypeOfPhysical("TIMESTAMPLTZ")).toBe("timestamp");
    expect(logicalTypeOfPhysical("NATIONAL CHARACTER VARYING(30)")).toBe("string");
  });

  it("reads SQL Server's (max) as no length limit: the widest of its family", () => {
    expect(relatePhysicalTypes("varchar(max)", "varchar(100)")).toBe("narrowed");
    expect(relatePhysicalTypes("nvarchar(100)", "NVARCHAR(MAX)")).toBe("widened");
    expect(relatePhysicalTypes("varchar(max)", "text")).toBe("widened");
    expect(relatePhysicalTypes("varchar(max)", "varchar(MAX)")).toBe("same");
  });
});
