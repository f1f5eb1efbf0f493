/**
 * Column types per target, from a property's ODCS `logicalType` (the portable truth), refined by its
 * `physicalType` where that carries what the logical type cannot (decimal precision and scale) or what
 * the options leave out (`varchar(18)`, `int`, `real`, `timestamptz`), and by `logicalTypeOptions`
 * (string length, integer width, float width, time zones); without a logicalType, by the family its
 * physicalType names (see logicalTypeOf). One table for every planner, so a
 * column is the same type family in the local warehouse, PostgreSQL, Glue, Snowflake and BigQuery.
 *
 * | logicalType | duckdb | postgres | glue | snowflake | bigquery |
 * |---|---|---|---|---|---|
 * | string | VARCHAR | text, varchar(n) with maxLength | string | VARCHAR, VARCHAR(n) | STRING, STRING(n) (schema maxLength) |
 * | string, format binary (or physicalType bytea, blob, varbinary…) | BLOB | bytea | binary | BINARY | BYTES |
 * | integer | BIGINT (INTEGER for i32/u16…) | bigint (integer) | bigint (int) | NUMBER(38,0) | INT64 |
 * | integer, physicalType DECIMAL(p,0) with p > 18, no format | DECIMAL(p,0) | numeric(p,0) | decimal(p,0) | NUMBER(38,0) | NUMERIC(p, 0) / BIGNUMERIC(p, 0) |
 * | integer bounded beyond i64, no format | as u64 / i128 / u128 | as u64 / i128 / u128 | as u64, decimal(38,0) | NUMBER(38,0) | as u64 / i128 |
 * | integer u64 / i128, u128 | UBIGINT / HUGEINT, UHUGEINT | numeric(20,0) / numeric(39,0) | decimal(20,0) / — | NUMBER(38,0) / — | NUMERIC(20, 0) / BIGNUMERIC |
 * | number, physicalType an integer wider than 53 bits (bigint…) | as integer | as integer | as integer | as integer | as integer |
 * | number | DOUBLE (FLOAT for f32), DECIMAL(p,s) | double precision (real), numeric(p,s) | double (float), decimal(p,s) | FLOAT, NUMBER(p,s) | FLOAT64, NUMERIC(p,s) / BIGNUMERIC |
 * | boolean | BOOLEAN | boolean | boolean | BOOLEAN | BOOL |
 * | date | DATE | date | date | DATE | DATE |
 * | timestamp | TIMESTAMP, TIMESTAMPTZ with timezone | timestamp, timestamptz | timestamp | TIMESTAMP_NTZ, TIMESTAMP_TZ | DATETIME, TIMESTAMP |
 * | time | TIME, TIMETZ with timezone | time, timetz | string | TIME (none with timezone) | TIME (none with timezone) |
 * | object | JSON | jsonb | struct<field:type,...> of its properties (string, JSON text, without) | OBJECT | JSON |
 * | array of T | T[] | T[] | array<T> | ARRAY | ARRAY<T> |
 */
import type { SchemaProperty } from "@meshkit/core";

export const TARGET_DIALECTS = ["duckdb", "postgres", "glue", "snowflake", "bigquery"] as const;
export type TargetDialect = (typeof TARGET_DIALECTS)[number];

export type ColumnType = { ok: true; type: string } | { ok: false; problem: string };

type Property = Pick<SchemaProperty, "logicalType" | "logicalTypeOptions" | "physicalType" | "items" | "properties">;

/**
 * `decimal(p[,s])` and its spellings, with any number of digits: a precision out of range must be a
 * finding, not a physicalType that no longer reads as a decimal and silently becomes a float.
 */
const DECIMAL = /^\s*(?:decimal|numeric|number|bignumeric)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)\s*$/i;
/** An exact decimal type named without usable precision and scale: `DECIMAL`, `numeric`, `NUMBER(12,-2)`, `bignumeric(*)`... */
const EXACT_DECIMAL_NAME = /^\s*(?:decimal|numeric|number|bignumeric|bigdecimal)\b/i;
/**
 * A currency type: exact, with a scale that is the source's (PostgreSQL's `money` follows lc_monetary, two
 * digits by default; SQL Server's `money` and `smallmoney` have four), so no one DECIMAL holds it for sure.
 */
const MONEY = /^\s*(?:small)?money\s*$/i;
/** The longest VARCHAR(n) Snowflake takes (its VARCHAR without a length holds 16,777,216 characters). */
const SNOWFLAKE_MAX_VARCHAR = 134_217_728;
/** The bytes a Snowflake BINARY without a length holds, and the most a BINARY(n) takes. */
const SNOWFLAKE_BINARY = 8_388_608;
const SNOWFLAKE_MAX_BINARY = 67_108_864;
/** The most decimal digits an i64 (BIGINT, INT64) holds whatever they are: 999,999,999,999,999,999. */
const I64_DIGITS = 18;
/**
 * Formats that fit a 4-byte INTEGER. An integer with no format (and no physicalType that names a width)
 * is a BIGINT, although ODCS 3.1 says such an integer is an i32 (compat reads it so): the column must hold
 * whatever the producer writes that the contract admits, BIGINT holds every i32, and it is what
 * meshkit has always made, so a warehouse is never narrowed (a destructive change) by an upgrade; a
 * later `format: i64` needs no change, and the i32 bound itself is a value rule, not a storage one. An
 * explicit `format: i32` or `physicalType: int` asks for 4 bytes and gets them.
 */
const SMALL_INTEGERS = new Set(["i8", "i16", "i32", "u8", "u16"]);
/** Integer formats every value of which a DOUBLE (53 bits of mantissa) holds exactly. */
const DOUBLE_EXACT_INTEGERS = new Set(["i8", "i16", "i32", "u8", "u16", "u32"]);
/**
 * ODCS integer formats (Rust's integer types) whose values overflow a signed 64-bit BIGINT / INT64:
 * u64 needs 20 decimal digits, i128 and u128 need 39 — more than Glue's decimal and Snowflake's NUMBER
 * hold (38), so those two targets have no type for them rather than one that overflows on load.
 */
const WIDE_INTEGERS: Record<string, Partial<Record<TargetDialect, string>>> = {
  u64: { duckdb: "UBIGINT", postgres: "numeric(20,0)", glue: "decimal(20,0)", snowflake: "NUMBER(38,0)", bigquery: "NUMERIC(20, 0)" },
  i128: { duckdb: "HUGEINT", postgres: "numeric(39,0)", bigquery: "BIGNUMERIC" },
  u128: { duckdb: "UHUGEINT", postgres: "numeric(39,0)", bigquery: "BIGNUMERIC" },
};

/**
 * The width an integer without a `format` needs for the bounds its options write (`minimum`, `maximum`
 * and their exclusive forms), with the digits of the largest: none when they fit the BIGINT such an
 * integer gets, else the narrowest of u64 (no value below 0), i128 and u128 that holds them — a BIGINT
 * column would refuse, on load, values the contract admits. Bounds are JSON numbers: i64's largest,
 * 9223372036854775807, reads as 2^63, so 2^63 (and 2^64 for u64) is taken to fit.
 */
function widthOfBounds(options: Options): { format: string; digits: number } | { ok: false; problem: string } | undefined {
  const bound = (key: string): number[] => {
    const value = options[key];
    return typeof value === "number" && Number.isFinite(value) ? [value] : [];
  };
  // As inclusive integer bounds (an exclusiveMinimum of -1 admits 0 and up); values meet every bound written, so the tightest counts.
  const uppers = [...bound("maximum"), ...bound("exclusiveMaximum").map((value) => Math.ceil(value) - 1)];
  const lowers = [...bound("minimum"), ...bound("exclusiveMinimum").map((value) => Math.floor(value) + 1)];
  const upper = uppers.length > 0 ? Math.min(...uppers) : undefined;
  const lower = lowers.length > 0 ? Math.max(...lowers) : undefined;
  const written = [lower, upper].filter((value): value is number => value !== undefined);
  const within = (least: number, most: number) => written.every((value) => value >= least && value <= most);
  if (within(-(2 ** 63), 2 ** 63)) return undefined;
  const digits = Math.max(...written.map((value) => BigInt(Math.abs(value)).toString().length));
  if (lower !== undefined && within(0, 2 ** 64)) return { format: "u64", digits };
  if (within(-(2 ** 127), 2 ** 127)) return { format: "i128", digits };
  if (lower !== undefined && within(0, 2 ** 128)) return { format: "u128", digits };
  return { ok: false, problem: `an integer bounded by ${boundsText(options)} needs more than 128 bits, and no target has an integer type that wide` };
}

function boundsText(options: Options): string {
  return ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"].filter((key) => typeof options[key] === "number").map((key) => `${key} ${String(options[key])}`).join(", ");
}

/** The `dialect` type of a property, or why it has none. */
export function columnType(dialect: TargetDialect, property: Property): ColumnType {
  const resolved = logicalTypeOf(property);
  if (!resolved.ok) return resolved;
  const { logical, options } = resolved;
  switch (logical) {
    case "string": {
      // ODCS's string `format: binary` (OpenAPI's: any octets, where `byte` is base64 text) is raw bytes, which
      // a text column refuses (PostgreSQL and DuckDB text must be valid UTF-8, without NUL).
      const max = typeof options.maxLength === "number" && Number.isInteger(options.maxLength) && options.maxLength > 0 ? options.maxLength : undefined;
      if (options.format === "binary") {
        // Snowflake's BINARY without a length holds 8,388,608 bytes, a BINARY(n) up to 67,108,864: as for VARCHAR, a
        // longer maxLength gets its length (the largest at most). A shorter one keeps the bare BINARY it always had.
        const snowflake = max !== undefined && max > SNOWFLAKE_BINARY ? `BINARY(${Math.min(max, SNOWFLAKE_MAX_BINARY)})` : "BINARY";
        return ok({ duckdb: "BLOB", postgres: "bytea", glue: "binary", snowflake, bigquery: "BYTES" }[dialect]);
      }
      // PostgreSQL's varchar holds at most 10,485,760 characters: beyond, the unbounded text. Snowflake's VARCHAR
      // without a length holds 16,777,216, but a length may go up to 134,217,728 (docs.snowflake.com/sql-reference/data-types-text):
      // a longer maxLength gets its length, not the shorter default, and one beyond the largest gets the largest.
      const postgres = max !== undefined && max <= 10_485_760 ? `varchar(${max})` : "text";
      const snowflake = max !== undefined ? `VARCHAR(${Math.min(max, SNOWFLAKE_MAX_VARCHAR)})` : "VARCHAR";
      return ok({ duckdb: "VARCHAR", postgres, glue: "string", snowflake, bigquery: max !== undefined ? `STRING(${max})` : "STRING" }[dialect]);
    }
    case "integer": {
      // An integer stored as an exact decimal of more digits than an i64 holds (Snowflake's NUMBER(38,0),
      // which is how Snowflake stores every integer) keeps them: a BIGINT would refuse its large values on load.
      const decimal = typeof options.format === "string" || typeof property.physicalType !== "string" ? null : DECIMAL.exec(property.physicalType);
      const digits = decimal ? Number(decimal[1]) - Number(decimal[2] ?? 0) : 0;
      if (digits > I64_DIGITS) {
        if (digits > 38) return { ok: false, problem: `physicalType ${property.physicalType as string} holds integers of ${digits} digits; every target holds at most 38 digits in an exact numeric type` };
        // Snowflake's integers are all NUMBER(38,0), which holds them already.
        return ok(dialect === "snowflake" ? "NUMBER(38,0)" : exactDecimal(dialect, digits, 0));
      }
      const bounded = typeof options.format === "string" ? undefined : widthOfBounds(options);
      if (bounded && !("format" in bounded)) return bounded;
      const format = typeof options.format === "string" ? options.format : bounded?.format;
      const wide = format !== undefined && Object.hasOwn(WIDE_INTEGERS, format) ? WIDE_INTEGERS[format]! : undefined;
      if (wide) {
        // Bounds of at most 38 digits fit the exact numbers of Glue and Snowflake, which hold no full i128.
        const type = wide[dialect] ?? (bounded && bounded.digits <= 38 ? { glue: "decimal(38,0)", snowflake: "NUMBER(38,0)" }[dialect as "glue" | "snowflake"] : undefined);
        const why = format === options.format ? `integer format ${format}` : `an integer bounded by ${boundsText(options)} (format ${format})`;
        return type ? ok(type) : { ok: false, problem: `${why} needs 39 digits; ${dialect} holds at most 38 digits in an exact numeric type` };
      }
      const small = format !== undefined && SMALL_INTEGERS.has(format);
      return ok({ duckdb: small ? "INTEGER" : "BIGINT", postgres: small ? "integer" : "bigint", glue: small ? "int" : "bigint", snowflake: "NUMBER(38,0)", bigquery: "INT64" }[dialect]);
    }
    case "number": {
      const decimal = typeof property.physicalType === "string" ? DECIMAL.exec(property.physicalType) : null;
      if (decimal) {
        const precision = Number(decimal[1]);
        const scale = Number(decimal[2] ?? 0);
        if (precision < 1 || precision > 38 || scale > precision) return { ok: false, problem: `physicalType ${property.physicalType} is not a decimal meshkit can map (precision 1..38, scale ≤ precision)` };
        return ok(exactDecimal(dialect, precision, scale));
      }
      // A float would round the amounts: the column must be exact, and of the source's scale.
      if (typeof property.physicalType === "string" && MONEY.test(property.physicalType)) {
        return { ok: false, problem: `physicalType ${property.physicalType} is an exact currency amount whose scale depends on its source (PostgreSQL: lc_monetary, 2 digits by default; SQL Server: 4); write it as DECIMAL(p,s), e.g. DECIMAL(19,2)` };
      }
      // An exact decimal named without precision and scale (`DECIMAL`, `NUMERIC`, `NUMBER`) is no float: each
      // target reads the bare name differently (PostgreSQL unbounded, DuckDB DECIMAL(18,3), Snowflake
      // NUMBER(38,0), Glue decimal(10,0), BigQuery NUMERIC(38,9)), so there is no one type to give it, and a
      // DOUBLE would round every amount it holds.
      if (typeof property.physicalType === "string" && EXACT_DECIMAL_NAME.test(property.physicalType)) {
        return { ok: false, problem: `physicalType ${property.physicalType} is an exact decimal without precision and scale, which every target reads differently; write it as DECIMAL(p,s) (precision 1..38, scale ≤ precision)` };
      }
      // A number stored as an integer wider than a DOUBLE holds exactly (2^53: `bigint`, `ubigint`…) keeps its
      // integer type: a float column would round its large values without a word. Narrower ones fit a DOUBLE.
      const stored = typeof property.physicalType === "string" && options.format === undefined ? physicalFamily(property.physicalType) : undefined;
      if (stored?.logical === "integer" && !DOUBLE_EXACT_INTEGERS.has(stored.options.format as string)) return columnType(dialect, { logicalType: "integer", physicalType: property.physicalType });
      // f32 (ODCS's Rust float formats): a 4-byte float where the target has one; Snowflake and BigQuery floats are all 8 bytes.
      if (options.format === "f32") return ok({ duckdb: "FLOAT", postgres: "real", glue: "float", snowflake: "FLOAT", bigquery: "FLOAT64" }[dialect]);
      return ok({ duckdb: "DOUBLE", postgres: "double precision", glue: "double", snowflake: "FLOAT", bigquery: "FLOAT64" }[dialect]);
    }
    case "boolean":
      return ok({ duckdb: "BOOLEAN", postgres: "boolean", glue: "boolean", snowflake: "BOOLEAN", bigquery: "BOOL" }[dialect]);
    case "date":
      return ok({ duckdb: "DATE", postgres: "date", glue: "date", snowflake: "DATE", bigquery: "DATE" }[dialect]);
    case "timestamp": {
      const zoned = options.timezone === true;
      return ok({ duckdb: zoned ? "TIMESTAMPTZ" : "TIMESTAMP", postgres: zoned ? "timestamptz" : "timestamp", glue: "timestamp", snowflake: zoned ? "TIMESTAMP_TZ" : "TIMESTAMP_NTZ", bigquery: zoned ? "TIMESTAMP" : "DATETIME" }[dialect]);
    }
    case "time": {
      if (options.timezone !== true) return ok({ duckdb: "TIME", postgres: "time", glue: "string", snowflake: "TIME", bigquery: "TIME" }[dialect]);
      // Snowflake's and BigQuery's TIME have no offset: writing one there would drop it without a word.
      const zoned = { duckdb: "TIMETZ", postgres: "timetz", glue: "string" }[dialect as "duckdb" | "postgres" | "glue"];
      return zoned ? ok(zoned) : { ok: false, problem: `a time with timezone: true has no type in ${dialect} (its TIME has no offset); use a timestamp with timezone, or a string` };
    }
    case "object":
      if (dialect === "glue") return glueObjectType(property);
      return ok({ duckdb: "JSON", postgres: "jsonb", snowflake: "OBJECT", bigquery: "JSON" }[dialect]);
    case "array": {
      if (dialect === "snowflake") return ok("ARRAY");
      const items = property.items;
      // Items are typed as a property is: by their logicalType, else by the family of their physicalType (`items: { physicalType: int }`).
      if (!items || typeof items !== "object" || (items.logicalType === undefined && items.physicalType === undefined)) return { ok: false, problem: "an array needs `items` with a logicalType to have a column type" };
      const itemsType = logicalTypeOf(items as Property);
      if (itemsType.ok && itemsType.logical === "array") return { ok: false, problem: "arrays of arrays have no column type in every target; use logicalType object" };
      const element = columnType(dialect, items as Property);
      if (!element.ok) return { ok: false, problem: `its items: ${element.problem}` };
      return ok({ duckdb: `${element.type}[]`, postgres: `${element.type}[]`, glue: `array<${element.type}>`, bigquery: `ARRAY<${element.type}>` }[dialect]);
    }
    default:
      return { ok: false, problem: `logicalType ${JSON.stringify(logical)} has no column type` };
  }
}

/** A name a Glue (Hive) struct type can hold unquoted: its type string is parsed, `,`, `:` and `<` separate fields. */
const STRUCT_FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Glue's type of an object column: `struct<field:type,...>` of its nested `properties`, in order and at any
 * depth. The Glue tables are Parquet, where a nested object is a group — what Spark or a Glue job writes
 * and a Glue crawler reads as a struct — and Athena cannot read a group as a `string` column. An object
 * with no properties says nothing of its fields: it stays JSON text, `string`. Field names are lower case,
 * as Glue writes column names.
 */
function glueObjectType(property: Property): ColumnType {
  const fields = Array.isArray(property.properties) ? property.properties.filter(isOptions) : [];
  if (fields.length === 0) return ok("string");
  const written: string[] = [];
  const names = new Set<string>();
  for (const field of fields) {
    const name = typeof field.physicalName === "string" && field.physicalName !== "" ? field.physicalName : field.name;
    if (typeof name !== "string" || !STRUCT_FIELD_NAME.test(name)) return { ok: false, problem: `its field ${JSON.stringify(name)} cannot be a field of a Glue struct type (letters, digits and _, not starting with a digit)` };
    const key = name.toLowerCase();
    if (names.has(key)) return { ok: false, problem: `its field ${name} is in it twice (Glue struct field names ignore case)` };
    names.add(key);
    const type = columnType("glue", field);
    if (!type.ok) return { ok: false, problem: `its field ${name}: ${type.problem}` };
    written.push(`${key}:${type.type}`);
  }
  return ok(`struct<${written.join(",")}>`);
}

/** DECIMAL(p,s) in `dialect` (precision 1..38); BigQuery's NUMERIC holds 29 digits before the point and 9 after, BIGNUMERIC more. */
function exactDecimal(dialect: TargetDialect, precision: number, scale: number): string {
  const bigquery = precision - scale > 29 || scale > 9 ? `BIGNUMERIC(${precision}, ${scale})` : `NUMERIC(${precision}, ${scale})`;
  return { duckdb: `DECIMAL(${precision},${scale})`, postgres: `numeric(${precision},${scale})`, glue: `decimal(${precision},${scale})`, snowflake: `NUMBER(${precision},${scale})`, bigquery }[dialect];
}

type Options = Record<string, unknown>;

/**
 * The logical type a property is mapped from, and its options: the `logicalType` as written, else the
 * family its `physicalType` names (`VARCHAR(18)` is a string, `BIGINT` an integer: ODCS makes
 * logicalType optional). The physicalType also says what an option left out would: a string's length
 * (`varchar(18)` → maxLength 18), an integer's width (`int` → i32), a 4-byte float (`real` → f32) and a
 * time zone (`timestamptz` → timezone: true). What the options say always wins, and a physicalType of
 * another family than the logicalType refines nothing.
 */
export function logicalTypeOf(property: Property): { ok: true; logical: string; options: Options } | { ok: false; problem: string } {
  const written = isOptions(property.logicalTypeOptions) ? property.logicalTypeOptions : {};
  const physical = typeof property.physicalType === "string" ? physicalFamily(property.physicalType) : undefined;
  const logical = typeof property.logicalType === "string" ? property.logicalType : physical?.logical;
  if (logical === undefined) {
    const problem =
      typeof property.physicalType === "string"
        ? `no logicalType, and physicalType ${JSON.stringify(property.physicalType)} is not a type meshkit reads as one: set logicalType (string, integer, number, boolean, date, timestamp, time, object, array)`
        : "no logicalType: meshkit maps columns from the logical type (string, integer, number, boolean, date, timestamp, time, object, array), or from a physicalType such as VARCHAR(20) or BIGINT";
    return { ok: false, problem };
  }
  if (!physical || physical.logical !== logical) return { ok: true, logical, options: written };
  const options: Options = { ...written };
  for (const [key, value] of Object.entries(physical.options)) if (options[key] === undefined) options[key] = value;
  return { ok: true, logical, options };
}

interface PhysicalFamily {
  logical: string;
  options: Options;
}

const INTEGER_NAMES: Record<string, string> = {
  tinyint: "i8", int1: "i8", byteint: "i8", utinyint: "u8",
  smallint: "i16", int2: "i16", smallserial: "i16", usmallint: "u16",
  int: "i32", integer: "i32", int4: "i32", mediumint: "i32", serial: "i32", uinteger: "u32",
  bigint: "i64", int8: "i64", int64: "i64", long: "i64", bigserial: "i64", ubigint: "u64",
  hugeint: "i128", uhugeint: "u128",
};
// The SQL standard's national spellings too: Snowflake documents `NCHAR VARYING` as VARCHAR.
const STRING_NAMES = new Set([
  "varchar", "character varying", "char varying", "char", "character", "nvarchar", "nchar", "nchar varying",
  "national character varying", "national char varying", "national character", "national char",
  "varchar2", "nvarchar2", "text", "string", "clob", "nclob", "citext", "uuid", "bpchar",
]);
/** Raw bytes: a string of ODCS `format: binary`. */
const BINARY_NAMES = new Set(["bytea", "blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary", "binary varying", "bytes", "image", "raw", "long raw"]);
/**
 * `float` (bare, or `float(p)`) implies no f32: PostgreSQL, Snowflake, SQL Server and BigQuery read a bare FLOAT
 * as 8 bytes, and where it is 4 (DuckDB and Glue, as compat reads it there; `float(1..24)` everywhere) a DOUBLE
 * holds every value it does. Reading it as f32 would narrow the DOUBLE columns meshkit has always made for it,
 * a destructive change on upgrade. `real`, `float4` and `float32` name 4 bytes and get them.
 */
const FLOAT_NAMES: Record<string, string | undefined> = { real: "f32", float4: "f32", float32: "f32", double: undefined, "double precision": undefined, float: undefined, float8: undefined, float64: undefined };
const TIMESTAMP_NAMES: Record<string, boolean> = {
  // Snowflake also spells its three without the `_`: TIMESTAMPNTZ, TIMESTAMPTZ, TIMESTAMPLTZ.
  timestamp: false, "timestamp without time zone": false, timestamp_ntz: false, timestampntz: false, datetime: false, datetime2: false, smalldatetime: false,
  timestamptz: true, "timestamp with time zone": true, timestamp_tz: true, timestamp_ltz: true, timestampltz: true, "timestamp with local time zone": true, datetimeoffset: true,
};
const TIME_NAMES: Record<string, boolean> = { time: false, "time without time zone": false, timetz: true, "time with time zone": true };
const OBJECT_NAMES = new Set(["json", "jsonb", "variant", "object", "struct", "record", "map", "super"]);

/** The logical family (and implied options) of a physicalType, by its name; undefined for a name meshkit does not read. */
export function physicalFamily(physicalType: string): PhysicalFamily | undefined {
  // SQL writes a timestamp's or a time's precision before its zone: `timestamp(3) with time zone`.
  const match = /^\s*([A-Za-z][A-Za-z0-9_ ]*?)\s*(?:\(\s*([^)]*?)\s*\)(\s+[A-Za-z][A-Za-z ]*?)?)?\s*$/.exec(physicalType);
  if (!match) return undefined;
  const name = `${match[1]!}${match[3] ?? ""}`.toLowerCase().replace(/\s+/g, " ");
  const args = match[2]?.split(/\s*,\s*/) ?? [];
  if (STRING_NAMES.has(name)) {
    const length = args.length === 1 && /^\d+$/.test(args[0]!) ? Number(args[0]) : undefined;
    return { logical: "string", options: length !== undefined && length > 0 ? { maxLength: length } : {} };
  }
  if (BINARY_NAMES.has(name)) return { logical: "string", options: { format: "binary" } };
  if (Object.hasOwn(INTEGER_NAMES, name)) return { logical: "integer", options: { format: INTEGER_NAMES[name] } };
  // `money` is a number too, one with no column type (see MONEY): said as such, not as a name meshkit does not read.
  if (/^(decimal|numeric|number|bignumeric|bigdecimal|money|smallmoney)$/.test(name)) return { logical: "number", options: {} };
  if (Object.hasOwn(FLOAT_NAMES, name)) return { logical: "number", options: FLOAT_NAMES[name] ? { format: FLOAT_NAMES[name] } : {} };
  if (name === "boolean" || name === "bool") return { logical: "boolean", options: {} };
  if (name === "date") return { logical: "date", options: {} };
  if (Object.hasOwn(TIMESTAMP_NAMES, name)) return { logical: "timestamp", options: TIMESTAMP_NAMES[name] ? { timezone: true } : {} };
  if (Object.hasOwn(TIME_NAMES, name)) return { logical: "time", options: TIME_NAMES[name] ? { timezone: true } : {} };
  if (OBJECT_NAMES.has(name)) return { logical: "object", options: {} };
  if (name === "array") return { logical: "array", options: {} };
  return undefined;
}

function isOptions(value: unknown): value is Options {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function ok(type: string): ColumnType {
  return { ok: true, type };
}
