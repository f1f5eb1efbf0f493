/**
 * Column types per target, from a property's ODCS `logicalType` (the portable truth), refined by its
 * `physicalType` where that carries what the logical type cannot (decimal precision and scale) and by
 * `logicalTypeOptions` (string length, integer width, time zones). One table for every planner, so a
 * column is the same type family in the local warehouse, PostgreSQL, Glue, Snowflake and BigQuery.
 *
 * | logicalType | duckdb | postgres | glue | snowflake | bigquery |
 * |---|---|---|---|---|---|
 * | string | VARCHAR | text, varchar(n) with maxLength | string | VARCHAR, VARCHAR(n) | STRING |
 * | integer | BIGINT (INTEGER for i32/u16…) | bigint (integer) | bigint (int) | NUMBER(38,0) | INT64 |
 * | integer u64 / i128, u128 | UBIGINT / HUGEINT, UHUGEINT | numeric(20,0) / numeric(39,0) | decimal(20,0) / — | NUMBER(38,0) / — | NUMERIC(20, 0) / BIGNUMERIC |
 * | number | DOUBLE, DECIMAL(p,s) | double precision, numeric(p,s) | double, decimal(p,s) | FLOAT, NUMBER(p,s) | FLOAT64, NUMERIC(p,s) / BIGNUMERIC |
 * | boolean | BOOLEAN | boolean | boolean | BOOLEAN | BOOL |
 * | date | DATE | date | date | DATE | DATE |
 * | timestamp | TIMESTAMP, TIMESTAMPTZ with timezone | timestamp, timestamptz | timestamp | TIMESTAMP_NTZ, TIMESTAMP_TZ | DATETIME, TIMESTAMP |
 * | time | TIME | time | string | TIME | TIME |
 * | object | JSON | jsonb | string (JSON text) | OBJECT | JSON |
 * | array of T | T[] | T[] | array<T> | ARRAY | ARRAY<T> |
 */
import type { SchemaProperty } from "@meshkit/core";

export const TARGET_DIALECTS = ["duckdb", "postgres", "glue", "snowflake", "bigquery"] as const;
export type TargetDialect = (typeof TARGET_DIALECTS)[number];

export type ColumnType = { ok: true; type: string } | { ok: false; problem: string };

type Property = Pick<SchemaProperty, "logicalType" | "logicalTypeOptions" | "physicalType" | "items">;

/**
 * `decimal(p[,s])` and its spellings, with any number of digits: a precision out of range must be a
 * finding, not a physicalType that no longer reads as a decimal and silently becomes a float.
 */
const DECIMAL = /^\s*(?:decimal|numeric|number|bignumeric)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)\s*$/i;
const SMALL_INTEGERS = new Set(["i8", "i16", "i32", "u8", "u16"]);
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

/** The `dialect` type of a property, or why it has none. */
export function columnType(dialect: TargetDialect, property: Property): ColumnType {
  const logical = property.logicalType;
  const options = (property.logicalTypeOptions ?? {}) as Record<string, unknown>;
  switch (logical) {
    case "string": {
      const max = typeof options.maxLength === "number" && Number.isInteger(options.maxLength) && options.maxLength > 0 ? options.maxLength : undefined;
      return ok({ duckdb: "VARCHAR", postgres: max ? `varchar(${max})` : "text", glue: "string", snowflake: max ? `VARCHAR(${max})` : "VARCHAR", bigquery: "STRING" }[dialect]);
    }
    case "integer": {
      const wide = typeof options.format === "string" && Object.hasOwn(WIDE_INTEGERS, options.format) ? WIDE_INTEGERS[options.format]! : undefined;
      if (wide) {
        const type = wide[dialect];
        return type ? ok(type) : { ok: false, problem: `integer format ${String(options.format)} needs 39 digits; ${dialect} holds at most 38 digits in an exact numeric type` };
      }
      const small = typeof options.format === "string" && SMALL_INTEGERS.has(options.format);
      return ok({ duckdb: small ? "INTEGER" : "BIGINT", postgres: small ? "integer" : "bigint", glue: small ? "int" : "bigint", snowflake: "NUMBER(38,0)", bigquery: "INT64" }[dialect]);
    }
    case "number": {
      const decimal = typeof property.physicalType === "string" ? DECIMAL.exec(property.physicalType) : null;
      if (decimal) {
        const precision = Number(decimal[1]);
        const scale = Number(decimal[2] ?? 0);
        if (precision < 1 || precision > 38 || scale > precision) return { ok: false, problem: `physicalType ${property.physicalType} is not a decimal meshkit can map (precision 1..38, scale ≤ precision)` };
        const bigquery = precision - scale > 29 || scale > 9 ? `BIGNUMERIC(${precision}, ${scale})` : `NUMERIC(${precision}, ${scale})`;
        return ok({ duckdb: `DECIMAL(${precision},${scale})`, postgres: `numeric(${precision},${scale})`, glue: `decimal(${precision},${scale})`, snowflake: `NUMBER(${precision},${scale})`, bigquery }[dialect]);
      }
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
    case "time":
      return ok({ duckdb: "TIME", postgres: "time", glue: "string", snowflake: "TIME", bigquery: "TIME" }[dialect]);
    case "object":
      return ok({ duckdb: "JSON", postgres: "jsonb", glue: "string", snowflake: "OBJECT", bigquery: "JSON" }[dialect]);
    case "array": {
      if (dialect === "snowflake") return ok("ARRAY");
      const items = property.items;
      if (!items || typeof items !== "object" || items.logicalType === undefined) return { ok: false, problem: "an array needs `items` with a logicalType to have a column type" };
      if (items.logicalType === "array") return { ok: false, problem: "arrays of arrays have no column type in every target; use logicalType object" };
      const element = columnType(dialect, items);
      if (!element.ok) return { ok: false, problem: `its items: ${element.problem}` };
      return ok({ duckdb: `${element.type}[]`, postgres: `${element.type}[]`, glue: `array<${element.type}>`, bigquery: `ARRAY<${element.type}>` }[dialect]);
    }
    default:
      return {
        ok: false,
        problem: logical === undefined ? "no logicalType: meshkit maps columns from the logical type (string, integer, number, boolean, date, timestamp, time, object, array)" : `logicalType ${JSON.stringify(logical)} has no column type`,
      };
  }
}

function ok(type: string): ColumnType {
  return { ok: true, type };
}
