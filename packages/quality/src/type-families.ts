/**
 * Type compatibility between a contract and the data: the families themselves are core's (type-families.ts there,
 * which lint reads too); these are what the runners need besides.
 */
import type { TypeFamily } from "@meshkit/core";

export { TYPE_FAMILIES, type TypeFamily, declaredTypeFamily, familyOfSqlType, isTypeFamily } from "@meshkit/core";

/** The most digits DuckDB's DECIMAL holds. */
export const DUCKDB_DECIMAL_DIGITS = 38;

/** Significant digits every double holds exactly through a round trip (IEEE 754 binary64: 15). */
export const DOUBLE_EXACT_DIGITS = 15;

/**
 * The exact decimal a declared `physicalType` asks for, as files without types (CSV, JSON) are read for a
 * `number` property: a `DECIMAL(p,s)` / `NUMERIC(p,s)` / `NUMBER(p,s)` (or `(p)`), a scale of 0 included (the
 * integer family's `NUMBER(38)` ids, which a number property reads as doubles otherwise, would lose digits),
 * whose values a double cannot all hold (p over 15) and DuckDB's DECIMAL can (p up to 38) is
 * `{ type: "DECIMAL(p,s)" }`; p over 38, or a scale outside 0 to p, is `{ unheld }`, saying why it is read as a double. Anything else
 * is undefined: up to 15 digits a double holds every value as written (and reading it so costs nothing),
 * and a type without a precision (`numeric`, Snowflake's `NUMBER`) promises none to keep.
 */
export function declaredDecimal(physicalType: string | undefined): { type: string } | { unheld: string } | undefined {
  if (physicalType === undefined) return undefined;
  const digits = decimalTypeDigits(physicalType);
  if (!digits) return undefined;
  const { precision, scale } = digits;
  if (precision <= DOUBLE_EXACT_DIGITS) return undefined;
  // PostgreSQL 15 and later take a scale above the precision (NUMERIC(20,25) holds 0.00000123…) or below 0
  // (NUMERIC(20,-3) rounds to thousands); DuckDB's DECIMAL neither, and reading such a column as a double
  // without a word would lose the digits the type promises, as beyond 38.
  if (scale > precision || scale < 0) return { unheld: `its scale ${scale} is outside 0 to its precision ${precision}, which DuckDB's DECIMAL does not hold` };
  if (precision > DUCKDB_DECIMAL_DIGITS) return { unheld: `its ${precision} digits are more than DuckDB's DECIMAL holds (${DUCKDB_DECIMAL_DIGITS})` };
  return { type: `DECIMAL(${precision},${scale})` };
}

/**
 * A declared `DECIMAL(p,s)` (`NUMERIC`, `NUMBER`) of no more digits than a double holds exactly, which the runner
 * reads as the data's double or integer (see declaredDecimal): its type check counts the values it cannot hold.
 * Those are the values that round, at scale s, to 10^(p-s) or more: from `limit` (999.995 for DECIMAL(5,2), written
 * so in `limitText`), since DuckDB and PostgreSQL round a double to the scale and then refuse 1000.00.
 * Undefined for any other type, and for a scale outside 0 to p.
 */
export function decimalHeldAsDouble(physicalType: string | undefined): { type: string; limit: number; limitText: string } | undefined {
  const digits = physicalType === undefined ? undefined : decimalTypeDigits(physicalType);
  if (!digits || digits.precision > DOUBLE_EXACT_DIGITS || digits.precision < 1 || digits.scale < 0 || digits.scale > digits.precision) return undefined;
  // The largest value of the type (99.99…) and half a unit of its last place: 999.99 + 0.005.
  const limitText = `${"9".repeat(digits.precision - digits.scale) || "0"}.${"9".repeat(digits.scale)}5`;
  return { type: `DECIMAL(${digits.precision},${digits.scale})`, limit: Number(limitText), limitText };
}

/** The precision and scale of `DECIMAL(p,s)`, `NUMERIC(p,s)` or `NUMBER(p,s)` (`(p)`: scale 0); undefined for any other type. */
export function decimalTypeDigits(typeName: string): { precision: number; scale: number } | undefined {
  const match = /^(?:DECIMAL|NUMERIC|NUMBER)\s*\(\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?\)$/.exec(typeName.trim().toUpperCase());
  return match ? { precision: Number(match[1]), scale: Number(match[2] ?? 0) } : undefined;
}

/**
 * The characters a character type of a set length holds at most: `VARCHAR(10)`, `CHAR(2)`, `CHARACTER VARYING(4)`,
 * `NVARCHAR(10)`, Oracle's `VARCHAR2(10 CHAR)`, BigQuery's `STRING(10)`, PostgreSQL's `character varying(20)` and
 * `character(2)` as format_type prints them. Undefined for any other type, and for a bare `CHAR`, which is one
 * character to SQL and PostgreSQL but any length to DuckDB, and for a length in bytes (`VARCHAR2(10 BYTE)`).
 */
export function characterTypeLength(typeName: string): number | undefined {
  const match = /^(?:N?VARCHAR2?|N?CHAR|BPCHAR|CHARACTER|STRING|(?:NATIONAL\s+)?(?:CHARACTER|CHAR)(?:\s+VARYING)?|NCHAR\s+VARYING)\s*\(\s*(\d+)(?:\s+CHAR)?\s*\)$/.exec(
    typeName.trim().toUpperCase().replace(/\s+/g, " "),
  );
  return match ? Number(match[1]) : undefined;
}

/**
 * Whether a number type is a 4-byte float: `REAL`, `FLOAT4`, `FLOAT(p)` for p up to 24, and a bare `FLOAT`
 * where `bareFloat` says it is one, as DuckDB and Spark read it (and compat). PostgreSQL reads a bare `float`
 * as `double precision` (`bareFloat: "double"`); Snowflake's FLOAT, a double, has no 4-byte type to compare with anyway.
 */
export function isSingleFloat(typeName: string, bareFloat: "single" | "double" = "single"): boolean {
  const name = typeName.trim().toUpperCase();
  const precision = /^FLOAT\s*\(\s*(\d+)\s*\)$/.exec(name);
  return name === "REAL" || name === "FLOAT4" || (name === "FLOAT" && bareFloat === "single") || (precision !== null && Number(precision[1]) >= 1 && Number(precision[1]) <= 24);
}

/**
 * Whether a timestamp type carries its zone (`TIMESTAMP WITH TIME ZONE`, `timestamptz`, Snowflake's `TIMESTAMP_TZ` /
 * `TIMESTAMP_LTZ`, or `TIMESTAMPLTZ`, Oracle's `TIMESTAMP WITH LOCAL TIME ZONE`, SQL Server's `DATETIMEOFFSET`), as provision reads them.
 */
export function hasTimeZone(type: string): boolean {
  return /with\s+(?:local\s+)?time\s+zone|timestamp_?l?tz|datetimeoffset/i.test(type);
}

/** Whether a column of `type` is DuckDB's timestamp of nanoseconds (`TIMESTAMP_NS`, a Parquet TIMESTAMP(NANOS)). */
export function isNanosecondTimestamp(type: string): boolean {
  return /^\s*timestamp_ns\s*$/i.test(type);
}

/** Whether a column of `type` is DuckDB's unsigned 128-bit integer (`UHUGEINT`, `UINT128`). */
export function isUnsignedHugeInteger(type: string): boolean {
  return /^\s*(?:uhugeint|uint128)\s*$/i.test(type);
}

/**
 * Whether a column of `type` holds bytes, not text: DuckDB's BLOB (also spelt BYTEA, BINARY, VARBINARY), PostgreSQL's
 * bytea, BigQuery's BYTES, Snowflake's BINARY / VARBINARY, Trino's varbinary, Spark's BINARY. ODCS writes such a column
 * `logicalType: string` with `format: binary`; its length is its number of bytes.
 */
export function isBinaryType(type: string): boolean {
  return /^\s*(?:blob|bytea|bytes|binary|varbinary)\s*(?:\(\s*\d+\s*\))?\s*$/i.test(type);
}

/** Whether a column of `type` is a time of day with a UTC offset (DuckDB's and PostgreSQL's `TIMETZ`, `TIME WITH TIME ZONE`). */
export function isZonedTime(type: string): boolean {
  return /^\s*(?:timetz\b|time\s+with\s+time\s+zone\b)/i.test(type);
}

/** Whether a column of family `actual` can hold the values of a property declared as `expected`. */
export function isCompatibleFamily(expected: TypeFamily, actual: TypeFamily | undefined): boolean {
  if (actual === expected) return true;
  return expected === "number" && actual === "integer";
}


/**
 * String-family types an engine does not hold as text: DuckDB's and PostgreSQL's UUID, a 128-bit number, and
 * enums (DuckDB's `ENUM('a', 'b')`, PostgreSQL's `enum <name>`). Text functions (`length`, `regexp_matches`)
 * take no UUID, and a string compared with one must spell a UUID (`''` is "Could not convert string '' to
 * INT128"), or one of the enum's labels (`invalid input value for enum`: a valid value the type lacks is
 * no error), so checks that read such a column as text cast it.
 */
export function isStringHeldAsNonText(typeName: string): boolean {
  return /^(UUID|ENUM\b.*)$/is.test(typeName.trim());
}
