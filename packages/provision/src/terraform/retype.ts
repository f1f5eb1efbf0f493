/**
 * What an in-place column type change of a rendered table does to its data, by the warehouse's rules:
 * a plan that only says `changes the type of column NAME: VARCHAR(100) → VARCHAR(50)` lets the apply
 * after the merge fail (Snowflake) or leave a table no query can read (Glue over Parquet).
 *
 * - Glue retypes the catalog table, not its Parquet files: Athena reads a file written with the old type
 *   only where its documented compatible types allow (docs.aws.amazon.com/athena/latest/ug/updates-changing-column-type.html:
 *   a wider integer, `float` → `double`). Any other retype leaves the existing files unreadable as the
 *   new type: destructive.
 * - Snowflake's `ALTER COLUMN … SET DATA TYPE` (docs.snowflake.com/sql-reference/sql/alter-table-column)
 *   takes a synonym, a longer text or binary column and a change of a number's precision only. A shorter
 *   text or binary column, another scale or another type is refused by Snowflake whatever the flag says;
 *   a lower precision is applied only when every value fits, so it needs the flag like any narrowing.
 * - BigQuery: the Google provider replaces a table whose column changes its type name (`INTEGER` →
 *   `STRING`), but updates in place one whose `maxLength`, `precision` or `scale` changes, and the
 *   tables API, like `ALTER COLUMN … SET DATA TYPE` (cloud.google.com/bigquery/docs/reference/standard-sql/data-definition-language),
 *   only loosens a parameterized type: a longer or unbounded `STRING`/`BYTES`, a `NUMERIC`/`BIGNUMERIC`
 *   with no fewer digits before or after the point. A tighter one fails the apply, flag or not.
 */

export type RetypeVerdict =
  /** The same type spelled another way (the state's `TIMESTAMP_NTZ(9)`, the configuration's `TIMESTAMP_NTZ`): no change. */
  | { kind: "same" }
  /** Every value already there stays readable as the new type. */
  | { kind: "safe" }
  /** Values may be lost or become unreadable: apply only with destructive changes allowed. */
  | { kind: "destructive"; why: string }
  /** The warehouse cannot make the change in place: its apply would fail, flag or not. */
  | { kind: "unsupported"; why: string };

const SAME: RetypeVerdict = { kind: "same" };
const SAFE: RetypeVerdict = { kind: "safe" };

/** The verdict on changing a column of a `resourceType` table from type `from` to `to` in place. */
export function judgeRetype(resourceType: string, from: string, to: string): RetypeVerdict {
  switch (resourceType) {
    case "aws_glue_catalog_table":
      return judgeGlueRetype(from, to);
    case "snowflake_table":
      return judgeSnowflakeRetype(from, to);
    case "google_bigquery_table":
      return judgeBigQueryRetype(from, to);
    default:
      return SAFE;
  }
}

/** Athena's integer widths, narrowest first (`byte` is Hive's other name for `tinyint`). */
const GLUE_INTEGER_RANK: Readonly<Record<string, number>> = { tinyint: 0, byte: 0, smallint: 1, int: 2, integer: 2, bigint: 3 };

function judgeGlueRetype(from: string, to: string): RetypeVerdict {
  const old = spelled(from).toLowerCase();
  const now = spelled(to).toLowerCase();
  if (old === now) return SAME;
  const oldRank = GLUE_INTEGER_RANK[old];
  const newRank = GLUE_INTEGER_RANK[now];
  // `int` and `integer`, `tinyint` and `byte` are one type: no retype at all.
  if (oldRank !== undefined && newRank !== undefined && newRank >= oldRank) return newRank === oldRank ? SAME : SAFE;
  if (old === "float" && now === "double") return SAFE;
  return { kind: "destructive", why: "Athena cannot read the Parquet files already written as the old type as the new one" };
}

/** A Snowflake type in the terms its ALTER COLUMN rules use. */
type SnowflakeType =
  | { family: "text" | "binary"; length: number }
  | { family: "number"; precision: number; scale: number }
  | { family: "other"; name: string };

/** Snowflake's maximum lengths, the length of a text or binary type written without one. */
const MAX_TEXT_LENGTH = 16_777_216;
const MAX_BINARY_LENGTH = 8_388_608;
// `CHARACTER VARYING` is the SQL standard's spelling, which Snowflake takes like `CHAR VARYING`.
const TEXT = new Set(["VARCHAR", "STRING", "TEXT", "NVARCHAR", "NVARCHAR2", "CHARVARYING", "NCHARVARYING", "CHARACTERVARYING"]);
const FIXED_TEXT = new Set(["CHAR", "CHARACTER", "NCHAR"]);
const BINARY = new Set(["BINARY", "VARBINARY"]);
const NUMBER = new Set(["NUMBER", "DECIMAL", "DEC", "NUMERIC"]);
const INTEGER = new Set(["INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT"]);
const FLOAT = new Set(["FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "DOUBLEPRECISION", "REAL"]);

/** Snowflake's time types by their synonyms (TIMESTAMP as the default TIMESTAMP_TYPE_MAPPING reads it). */
const TIME_TYPES: Readonly<Record<string, string>> = {
  TIME: "TIME",
  TIMESTAMP: "TIMESTAMP_NTZ",
  DATETIME: "TIMESTAMP_NTZ",
  TIMESTAMP_NTZ: "TIMESTAMP_NTZ",
  TIMESTAMPNTZ: "TIMESTAMP_NTZ",
  TIMESTAMPWITHOUTTIMEZONE: "TIMESTAMP_NTZ",
  TIMESTAMP_TZ: "TIMESTAMP_TZ",
  TIMESTAMPTZ: "TIMESTAMP_TZ",
  TIMESTAMPWITHTIMEZONE: "TIMESTAMP_TZ",
  TIMESTAMP_LTZ: "TIMESTAMP_LTZ",
  TIMESTAMPLTZ: "TIMESTAMP_LTZ",
  TIMESTAMPWITHLOCALTIMEZONE: "TIMESTAMP_LTZ",
};

function snowflakeType(type: string): SnowflakeType {
  const match = /^([A-Z0-9_]+)(?:\((\d+)(?:,(\d+))?\))?$/.exec(spelled(type).toUpperCase());
  const name = match?.[1] ?? spelled(type).toUpperCase();
  const first = match?.[2] === undefined ? undefined : Number(match[2]);
  const second = match?.[3] === undefined ? undefined : Number(match[3]);
  if (TEXT.has(name)) return { family: "text", length: first ?? MAX_TEXT_LENGTH };
  if (FIXED_TEXT.has(name)) return { family: "text", length: first ?? 1 };
  if (BINARY.has(name)) return { family: "binary", length: first ?? MAX_BINARY_LENGTH };
  if (NUMBER.has(name)) return { family: "number", precision: first ?? 38, scale: second ?? 0 };
  if (INTEGER.has(name)) return { family: "number", precision: 38, scale: 0 };
  if (FLOAT.has(name)) return { family: "other", name: "FLOAT" };
  // DESCRIBE (so the provider's state) spells a time type with its precision, the configuration may not.
  const time = TIME_TYPES[name];
  if (time !== undefined) return { family: "other", name: `${time}(${first ?? 9})` };
  return { family: "other", name: spelled(type).toUpperCase() };
}

function judgeSnowflakeRetype(from: string, to: string): RetypeVerdict {
  const old = snowflakeType(from);
  const now = snowflakeType(to);
  const otherType: RetypeVerdict = { kind: "unsupported", why: "Snowflake cannot change a column to another type in place" };
  if (old.family === "other" || now.family === "other") {
    return old.family === "other" && now.family === "other" && old.name === now.name ? SAME : otherType;
  }
  if (old.family !== now.family) return otherType;
  if (old.family === "number" && now.family === "number") {
    if (old.scale !== now.scale) return { kind: "unsupported", why: "Snowflake cannot change the scale of a number column in place" };
    if (now.precision < old.precision) return { kind: "destructive", why: `Snowflake applies a lower precision only if every value fits in ${now.precision} digits, and fails the apply otherwise` };
    return now.precision === old.precision ? SAME : SAFE;
  }
  if (old.family !== "number" && now.family !== "number" && now.length < old.length) {
    return { kind: "unsupported", why: `Snowflake cannot shorten a ${old.family} column in place` };
  }
  return old.family !== "number" && now.family !== "number" && now.length === old.length ? SAME : SAFE;
}

/** A BigQuery type in the terms its parameterized types use: a bound of `undefined` is no bound. */
type BigQueryType =
  | { family: "length"; name: string; maxLength: number | undefined }
  | { family: "decimal"; name: string; integerDigits: number; scale: number }
  | { family: "other"; name: string };

/**
 * The digits before and after the point of BigQuery's unparameterized decimals: NUMERIC is
 * NUMERIC(38, 9); BIGNUMERIC holds 38 digits before the point (and part of a 39th) and 38 after.
 */
const BIGQUERY_DECIMAL_BOUNDS: Readonly<Record<string, { integerDigits: number; scale: number }>> = {
  NUMERIC: { integerDigits: 29, scale: 9 },
  BIGNUMERIC: { integerDigits: 38, scale: 38 },
};

/** A BigQuery type as tableColumns writes a schema field: `STRING(50)`, `NUMERIC(12,2)`, `INTEGER`. */
function bigqueryType(type: string): BigQueryType {
  const match = /^([A-Z0-9_]+)(?:\((\d+)(?:,(\d+))?\))?$/.exec(spelled(type).toUpperCase());
  const name = match?.[1] ?? spelled(type).toUpperCase();
  const first = match?.[2] === undefined ? undefined : Number(match[2]);
  const second = match?.[3] === undefined ? undefined : Number(match[3]);
  if (name === "STRING" || name === "BYTES") return { family: "length", name, maxLength: first };
  // The API's legacy names of the same decimals.
  const decimal = name === "BIGDECIMAL" ? "BIGNUMERIC" : name === "DECIMAL" ? "NUMERIC" : name;
  const bounds = BIGQUERY_DECIMAL_BOUNDS[decimal];
  if (bounds !== undefined) {
    // NUMERIC(P) is NUMERIC(P, 0).
    return first === undefined ? { family: "decimal", name: decimal, ...bounds } : { family: "decimal", name: decimal, integerDigits: first - (second ?? 0), scale: second ?? 0 };
  }
  return { family: "other", name };
}

function judgeBigQueryRetype(from: string, to: string): RetypeVerdict {
  const old = bigqueryType(from);
  const now = bigqueryType(to);
  // Another type name: the provider replaces the table, which its plan shows as destructive already.
  if (old.name !== now.name) return SAFE;
  if (old.family === "length" && now.family === "length") {
    if (now.maxLength === old.maxLength) return SAME;
    if (now.maxLength !== undefined && (old.maxLength === undefined || now.maxLength < old.maxLength)) {
      return { kind: "unsupported", why: `BigQuery cannot lower the maximum length of a ${old.name} column in place` };
    }
    return SAFE;
  }
  if (old.family === "decimal" && now.family === "decimal") {
    if (now.integerDigits === old.integerDigits && now.scale === old.scale) return SAME;
    if (now.integerDigits < old.integerDigits || now.scale < old.scale) {
      return { kind: "unsupported", why: `BigQuery cannot lower the digits a ${old.name} column holds before or after the point in place` };
    }
    return SAFE;
  }
  return SAME;
}

/** A type as written with its spaces left out: `number(38, 0)` and `NUMBER(38,0)` are one type. */
function spelled(type: string): string {
  return type.replace(/\s+/g, "");
}
