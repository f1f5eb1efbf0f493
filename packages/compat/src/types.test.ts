import { describe, expect, it } from "vitest";
import { integerFormatOfPhysical, logicalTypeOfPhysical, physicalDialectOf, relatePhysicalTypes, relatePhysicalTypesOn, serverDialectsOf } from "./types.js";

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

  it("reads the other spellings provision and the contract test read: bpchar, INT64, FLOAT64, NVARCHAR2, DATETIME2, DATETIMEOFFSET…", () => {
    expect(relatePhysicalTypes("bpchar(5)", "char(5)")).toBe("same");
    expect(relatePhysicalTypes("char(5)", "bpchar(10)")).toBe("widened");
    expect(relatePhysicalTypes("INT64", "bigint")).toBe("same");
    expect(relatePhysicalTypes("int", "INT64")).toBe("widened");
    expect(relatePhysicalTypes("long", "int8")).toBe("same");
    expect(relatePhysicalTypes("serial", "bigserial")).toBe("widened");
    expect(relatePhysicalTypes("byteint", "tinyint")).toBe("same");
    expect(relatePhysicalTypes("FLOAT64", "double precision")).toBe("same");
    expect(relatePhysicalTypes("float32", "float64")).toBe("widened");
    expect(relatePhysicalTypes("NVARCHAR2(20)", "NVARCHAR2(10)")).toBe("narrowed");
    expect(relatePhysicalTypes("varchar2(10)", "nvarchar2(10)")).toBe("same");
    expect(relatePhysicalTypes("nclob", "clob")).toBe("same");
    expect(relatePhysicalTypes("datetime2(3)", "datetime2(7)")).toBe("widened");
    expect(relatePhysicalTypes("datetime2", "datetime2(7)")).toBe("same");
    expect(relatePhysicalTypes("smalldatetime", "datetime2")).toBe("widened");
    expect(relatePhysicalTypes("datetime2", "datetimeoffset")).toBe("widened");
    expect(relatePhysicalTypes("timestamp_ms", "timestamp(3)")).toBe("same");
    expect(relatePhysicalTypes("timestamp_ns", "timestamp")).toBe("narrowed");
    expect(relatePhysicalTypes("TIMESTAMP(6) WITH LOCAL TIME ZONE", "timestamp_ltz")).toBe("same");
    expect(relatePhysicalTypes("timestamp with local time zone", "TIMESTAMPLTZ")).toBe("same");
    expect(logicalTypeOfPhysical("datetimeoffset")).toBe("timestamp");
    expect(logicalTypeOfPhysical("int64")).toBe("integer");
    expect(logicalTypeOfPhysical("nvarchar2(10)")).toBe("string");
    expect(logicalTypeOfPhysical("NUMBER(38)")).toBe("integer");
    expect(logicalTypeOfPhysical("numeric(12)")).toBe("integer");
    expect(logicalTypeOfPhysical("numeric")).toBe("number");
  });

  it("keeps DuckDB's unsigned integers apart from signed ones: they hold no negative value", () => {
    expect(relatePhysicalTypes("utinyint", "usmallint")).toBe("widened");
    expect(relatePhysicalTypes("ubigint", "uinteger")).toBe("narrowed");
    expect(relatePhysicalTypes("utinyint", "smallint")).toBe("widened");
    expect(relatePhysicalTypes("uinteger", "bigint")).toBe("widened");
    expect(relatePhysicalTypes("uinteger", "int")).toBe("changed");
    expect(relatePhysicalTypes("smallint", "usmallint")).toBe("changed");
    expect(relatePhysicalTypes("bigint", "ubigint")).toBe("changed");
    expect(logicalTypeOfPhysical("UBIGINT")).toBe("integer");
  });

  it("judges a timestamp that gains a zone but loses fractional digits as changed, not widened", () => {
    expect(relatePhysicalTypes("timestamp(9)", "timestamptz(3)")).toBe("changed");
    expect(relatePhysicalTypes("timestamptz(6)", "timestamp(3)")).toBe("narrowed");
    expect(relatePhysicalTypes("timestamp(3)", "timestamp(6) with time zone")).toBe("widened");
    expect(relatePhysicalTypes("date", "timestamptz(0)")).toBe("widened");
    expect(relatePhysicalTypes("timestamp(0)", "date")).toBe("narrowed");
  });

  it("lets the zone decide when one side's precision is the engine's default (Snowflake's is 9, PostgreSQL's 6)", () => {
    expect(relatePhysicalTypes("TIMESTAMP_NTZ(9)", "TIMESTAMP_TZ")).toBe("widened");
    expect(relatePhysicalTypes("timestamptz", "timestamp(3)")).toBe("narrowed");
    expect(relatePhysicalTypes("timestamp(9)", "timestamptz(3)")).toBe("changed");
  });

  it("still weighs a precision below every engine's default across a zone change: those digits are dropped everywhere", () => {
    expect(relatePhysicalTypes("timestamp", "timestamptz(0)")).toBe("changed");
    expect(relatePhysicalTypes("TIMESTAMP_NTZ", "TIMESTAMP_TZ(2)")).toBe("changed");
    expect(relatePhysicalTypes("time", "timetz(0)")).toBe("changed");
    expect(relatePhysicalTypes("timestamptz(0)", "timestamp")).toBe("changed");
    expect(relatePhysicalTypes("timestamp", "timestamptz(3)")).toBe("widened");
    expect(relatePhysicalTypes("timestamptz(6)", "timestamp")).toBe("narrowed");
  });

  it("reads times of day as a family: a zone or more fractional digits widen them", () => {
    expect(relatePhysicalTypes("time(3)", "time")).toBe("widened");
    expect(relatePhysicalTypes("time", "timetz")).toBe("widened");
    expect(relatePhysicalTypes("TIME(6) WITH TIME ZONE", "timetz")).toBe("same");
    expect(relatePhysicalTypes("timetz(6)", "time(0)")).toBe("narrowed");
    expect(relatePhysicalTypes("time(6)", "timetz(0)")).toBe("changed");
    expect(relatePhysicalTypes("time", "timestamp")).toBe("changed");
    expect(logicalTypeOfPhysical("time with time zone")).toBe("time");
  });

  it("reads SQL Server's (max) as no length limit: the widest of its family", () => {
    expect(relatePhysicalTypes("varchar(max)", "varchar(100)")).toBe("narrowed");
    expect(relatePhysicalTypes("nvarchar(100)", "NVARCHAR(MAX)")).toBe("widened");
    expect(relatePhysicalTypes("varchar(max)", "text")).toBe("widened");
    expect(relatePhysicalTypes("varchar(max)", "varchar(MAX)")).toBe("same");
  });

  it("reads BigQuery's BIGNUMERIC as the widest exact decimal: 38 digits before the point and 38 after", () => {
    expect(relatePhysicalTypes("NUMERIC", "BIGNUMERIC")).toBe("widened");
    expect(relatePhysicalTypes("BIGNUMERIC", "NUMERIC")).toBe("narrowed");
    expect(relatePhysicalTypes("NUMERIC(10,2)", "BIGNUMERIC(40,2)")).toBe("widened");
    expect(relatePhysicalTypes("BIGDECIMAL", "bignumeric")).toBe("same");
    expect(relatePhysicalTypes("BIGNUMERIC(40,2)", "NUMERIC(38,2)")).toBe("narrowed");
    expect(logicalTypeOfPhysical("BIGNUMERIC")).toBe("number");
    expect(logicalTypeOfPhysical("BIGNUMERIC(40,0)")).toBe("integer");
  });

  it("compares struct types field by field, by name: fields added or removed are their own relations", () => {
    expect(relatePhysicalTypes("STRUCT<a INT64>", "STRUCT<a INT64, b INT64>")).toBe("fields-added");
    expect(relatePhysicalTypes("ROW(a INTEGER, b INTEGER)", "ROW(a INTEGER)")).toBe("fields-removed");
    expect(relatePhysicalTypes("struct<a:int>", "STRUCT<a INT>")).toBe("same");
    expect(relatePhysicalTypes("struct<a:int,b:string>", "struct<b:string,a:int>")).toBe("same");
    expect(relatePhysicalTypes("struct<a:int>", "struct<a:bigint>")).toBe("widened");
    // A field added beside a wider field is the widening: the added one breaks no reader.
    expect(relatePhysicalTypes("struct<a:decimal(10,2),b:struct<c:int>>", "struct<a:decimal(12,2),b:struct<c:int,d:string>>")).toBe("widened");
    expect(relatePhysicalTypes("struct<a:int,b:int>", "struct<a:bigint>")).toBe("changed");
    expect(relatePhysicalTypes("struct<a:int>", "struct<a:varchar(10)>")).toBe("changed");
    expect(relatePhysicalTypes("array<struct<a:int>>", "array<struct<a:int,b:int>>")).toBe("fields-added");
    expect(relatePhysicalTypes("STRUCT<INT64>", "STRUCT<INT64, STRING>")).toBe("fields-added");
    expect(relatePhysicalTypes("struct<a:int>", "json")).toBe("changed");
  });

  it("reads a struct field's NOT NULL as a required property and its COMMENT as no change", () => {
    // Values written before lack a NOT NULL field added: as a required property added, not an optional one.
    expect(relatePhysicalTypes("STRUCT<a INT64>", "STRUCT<a INT64, b INT64 NOT NULL>")).toBe("narrowed");
    expect(relatePhysicalTypes("struct<a:int>", "struct<a:int NOT NULL>")).toBe("narrowed");
    expect(relatePhysicalTypes("STRUCT<a: INT NOT NULL COMMENT 'id'>", "STRUCT<a: INT>")).toBe("widened");
    expect(relatePhysicalTypes("struct<a:int COMMENT 'x, y'>", "struct<a:int COMMENT 'x, z'>")).toBe("same");
    expect(relatePhysicalTypes("struct<a:int COMMENT 'a<b'>", "struct<a:bigint COMMENT 'a<b', c:int>")).toBe("widened");
  });

  it("reads a BigQuery struct field's OPTIONS(description = …) as no change, as a COMMENT", () => {
    expect(relatePhysicalTypes("STRUCT<a STRING>", "STRUCT<a STRING OPTIONS(description='the a')>")).toBe("same");
    expect(relatePhysicalTypes("STRUCT<a STRING NOT NULL>", 'STRUCT<a STRING NOT NULL OPTIONS(description="x, (y)")>')).toBe("same");
    expect(relatePhysicalTypes("STRUCT<a INT64 OPTIONS(description='a<b')>", "STRUCT<a STRING OPTIONS (description = 'a<b')>")).toBe("changed");
    expect(relatePhysicalTypes("STRUCT<a INT64 NOT NULL OPTIONS(description='id')>", "STRUCT<a INT64>")).toBe("widened");
    expect(relatePhysicalTypes("STRUCT<a INT64>", "STRUCT<a INT64 OPTIONS(description = 'it''s the ''a'' (id)')>")).toBe("same");
    // A run of quotes in OPTIONS with no closing parenthesis is no OPTIONS, read at once (the pattern once
    // tried every way to split the run into strings: minutes for 64 quotes).
    const unclosed = `STRUCT<a INT64 OPTIONS(description = ${"'".repeat(200)}>`;
    expect(relatePhysicalTypes("STRUCT<a INT64>", unclosed)).toBe("changed");
  });

  it("names a struct field by its quoted name, whatever its characters, not by its position", () => {
    expect(relatePhysicalTypes("struct<`order id`:int>", "struct<x:int,`order id`:int>")).toBe("fields-added");
    expect(relatePhysicalTypes('STRUCT("order id" INTEGER)', 'STRUCT("order id" BIGINT)')).toBe("widened");
    expect(relatePhysicalTypes("struct<`a,b`:int>", "struct<`a,b`:int,c:int>")).toBe("fields-added");
  });

  it("counts the size of DuckDB's fixed-size T[n], which PostgreSQL ignores", () => {
    expect(relatePhysicalTypes("INTEGER[3]", "INTEGER[4]")).toBe("changed");
    expect(relatePhysicalTypes("INTEGER[3]", "INTEGER[]")).toBe("widened");
    expect(relatePhysicalTypes("INTEGER[]", "INTEGER[3]")).toBe("narrowed");
    expect(relatePhysicalTypes("INTEGER[3]", "BIGINT[]")).toBe("widened");
    expect(relatePhysicalTypes("BIGINT[3]", "INTEGER[]")).toBe("changed");
    expect(relatePhysicalTypes("INTEGER[3]", "INTEGER[4]", physicalDialectOf(["postgres"]))).toBe("same");
    expect(relatePhysicalTypes("INTEGER[3]", "INTEGER[4]", physicalDialectOf(["postgres", "duckdb"]))).toBe("changed");
  });

  it("reads DuckDB's list<T> and sized T[n] as arrays of T", () => {
    expect(relatePhysicalTypes("INTEGER[3]", "BIGINT[3]")).toBe("widened");
    expect(relatePhysicalTypes("list<integer>", "integer[]")).toBe("same");
  });

  it("reads a bare FLOAT and LONG as the contract's servers do", () => {
    const postgres = physicalDialectOf(["postgres"]);
    expect(relatePhysicalTypes("float", "double precision", postgres)).toBe("same");
    expect(relatePhysicalTypes("real", "float", postgres)).toBe("widened");
    expect(relatePhysicalTypes("float", "double precision", physicalDialectOf(["postgres", "duckdb"]))).toBe("widened");
    expect(relatePhysicalTypes("float(24)", "real", postgres)).toBe("same");
    const oracle = physicalDialectOf(["oracle"]);
    expect(relatePhysicalTypes("long", "clob", oracle)).toBe("same");
    expect(logicalTypeOfPhysical("LONG", oracle)).toBe("string");
    expect(logicalTypeOfPhysical("long")).toBe("integer");
  });

  it("reads Informix's and Vertica's bare FLOAT and Vertica's and Impala's REAL as 8 bytes", () => {
    expect(relatePhysicalTypes("FLOAT", "DOUBLE PRECISION", physicalDialectOf(["informix"]))).toBe("same");
    expect(relatePhysicalTypes("FLOAT", "FLOAT8", physicalDialectOf(["vertica"]))).toBe("same");
    expect(relatePhysicalTypes("REAL", "DOUBLE PRECISION", physicalDialectOf(["vertica"]))).toBe("same");
    expect(relatePhysicalTypes("REAL", "DOUBLE", physicalDialectOf(["impala"]))).toBe("same");
    expect(relatePhysicalTypes("FLOAT", "DOUBLE", physicalDialectOf(["impala"]))).toBe("widened");
    expect(relatePhysicalTypes("REAL", "DOUBLE PRECISION", physicalDialectOf(["informix"]))).toBe("widened");
    expect(relatePhysicalTypes("SMALLFLOAT", "REAL", physicalDialectOf(["informix"]))).toBe("same");
    expect(relatePhysicalTypes("FLOAT(10)", "FLOAT", physicalDialectOf(["vertica"]))).toBe("same");
    expect(relatePhysicalTypes("FLOAT(10)", "FLOAT", physicalDialectOf(["postgres"]))).toBe("widened");
  });

  it("reads a bare DECIMAL / NUMERIC / NUMBER with the precision and scale the contract's servers give it", () => {
    expect(relatePhysicalTypes("numeric(10,2)", "numeric", physicalDialectOf(["postgres"]))).toBe("widened");
    expect(relatePhysicalTypes("numeric", "numeric(38,10)", physicalDialectOf(["postgresql"]))).toBe("narrowed");
    expect(relatePhysicalTypes("decimal(10,2)", "decimal", physicalDialectOf(["duckdb"]))).toBe("widened");
    expect(relatePhysicalTypes("decimal(18,4)", "decimal", physicalDialectOf(["duckdb"]))).toBe("changed");
    expect(relatePhysicalTypes("NUMBER(10,2)", "NUMBER", physicalDialectOf(["snowflake"]))).toBe("changed");
    expect(relatePhysicalTypes("NUMBER(12,0)", "NUMBER", physicalDialectOf(["snowflake"]))).toBe("widened");
    expect(relatePhysicalTypes("NUMERIC(20,9)", "NUMERIC", physicalDialectOf(["bigquery"]))).toBe("widened");
    // Oracle's bare NUMBER holds every NUMBER(p,s), as PostgreSQL's bare numeric does.
    expect(relatePhysicalTypes("NUMBER(10,2)", "NUMBER", physicalDialectOf(["oracle"]))).toBe("widened");
    expect(relatePhysicalTypes("NUMBER(38,-84)", "NUMBER", physicalDialectOf(["oracle"]))).toBe("widened");
    expect(relatePhysicalTypes("NUMBER", "NUMBER(38,0)", physicalDialectOf(["oracle"]))).toBe("narrowed");
    // Its bare DECIMAL and NUMERIC, though, are NUMBER(38,0): their scale defaults to 0.
    expect(relatePhysicalTypes("DECIMAL(10,2)", "DECIMAL", physicalDialectOf(["oracle"]))).toBe("changed");
    expect(relatePhysicalTypes("NUMERIC(12,0)", "NUMERIC", physicalDialectOf(["oracle"]))).toBe("widened");
    expect(relatePhysicalTypes("NUMBER", "DECIMAL", physicalDialectOf(["oracle"]))).toBe("narrowed");
    expect(relatePhysicalTypes("DECIMAL", "NUMBER(38,0)", physicalDialectOf(["oracle"]))).toBe("same");
    // Servers that read it apart: (38,0), as with none.
    expect(relatePhysicalTypes("numeric(10,2)", "numeric", physicalDialectOf(["postgres", "snowflake"]))).toBe("changed");
    expect(relatePhysicalTypes("numeric(10,2)", "numeric")).toBe("changed");
  });

  // An integer type and an exact decimal hold numbers both: one holds the other when it holds every value of it.
  it.each([
    ["int", "numeric(38,0)", "widened"],
    ["numeric(38,0)", "int", "narrowed"],
    ["numeric(9,0)", "int", "widened"],
    ["bigint", "numeric(10,0)", "narrowed"],
    ["int", "numeric(12,2)", "widened"],
    ["numeric(12,2)", "int", "narrowed"],
    ["bigint", "decimal(12,2)", "changed"],
    ["utinyint", "decimal(3,0)", "widened"],
    ["ubigint", "decimal(10,0)", "changed"],
    ["decimal(38,0)", "hugeint", "widened"],
  ])("%s → %s is %s", (before, after, relation) => {
    expect(relatePhysicalTypes(before, after)).toBe(relation);
  });

  it("reads every integer name as the one type it is on Snowflake and Oracle (NUMBER(38,0)) and BigQuery (INT64)", () => {
    expect(relatePhysicalTypes("smallint", "int", physicalDialectOf(["snowflake"]))).toBe("same");
    expect(relatePhysicalTypes("int", "NUMBER(38,0)", physicalDialectOf(["snowflake"]))).toBe("same");
    expect(relatePhysicalTypes("int", "NUMBER(18,0)", physicalDialectOf(["snowflake"]))).toBe("narrowed");
    expect(relatePhysicalTypes("INTEGER", "NUMBER", physicalDialectOf(["oracle"]))).toBe("widened");
    expect(relatePhysicalTypes("int", "bigint", physicalDialectOf(["bigquery"]))).toBe("same");
    expect(relatePhysicalTypes("int", "bigint", physicalDialectOf(["postgres"]))).toBe("widened");
    expect(relatePhysicalTypesOn("int", "bigint", serverDialectsOf(["snowflake", "bigquery"]))).toBe("same");
  });

  it("reads Oracle's NUMBER(*,s) as NUMBER(38,s) (how its data dictionary writes an INTEGER column)", () => {
    const oracle = physicalDialectOf(["oracle"]);
    expect(relatePhysicalTypes("INTEGER", "NUMBER(*,0)", oracle)).toBe("same");
    expect(relatePhysicalTypes("NUMBER(* , 0)", "NUMBER(38,0)", oracle)).toBe("same");
    expect(relatePhysicalTypes("NUMBER(10,0)", "NUMBER(*,0)", oracle)).toBe("widened");
    expect(relatePhysicalTypes("NUMBER(*,2)", "NUMBER(*,0)", oracle)).toBe("changed");
    expect(logicalTypeOfPhysical("NUMBER(*,0)", oracle)).toBe("integer");
    expect(integerFormatOfPhysical("NUMBER(*,0)", oracle)).toBe("i128");
    // Only NUMBER takes `*`: any other name with it is no type meshkit reads.
    expect(relatePhysicalTypes("decimal(*,0)", "decimal(38,0)", oracle)).toBe("changed");
  });

  it("judges a change on each server when the servers read a type apart", () => {
    expect(serverDialectsOf(["postgres", "PostgreSQL", "snowflake"])).toHaveLength(2);
    expect(relatePhysicalTypesOn("decimal(18,0)", "decimal", serverDialectsOf(["mysql", "sqlserver"]))).toBe("narrowed");
    expect(relatePhysicalTypesOn("decimal(18,0)", "decimal", serverDialectsOf(["duckdb", "sqlserver"]))).toBe("changed");
    expect(relatePhysicalTypesOn("float", "double precision", serverDialectsOf(["postgres", "duckdb"]))).toBe("widened");
    expect(relatePhysicalTypesOn("float", "double precision", serverDialectsOf([]))).toBe("widened");
    expect(relatePhysicalTypesOn("double", "float", serverDialectsOf(["snowflake", "bigquery"]))).toBe("same");
  });
});
