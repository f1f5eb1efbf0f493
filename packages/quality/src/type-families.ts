/**
 * Type compatibility between a contract and the data. Both sides are reduced to a family: the contract's
 * `logicalType` is one already; a `physicalType` or a column's SQL type is mapped by its base name.
 *
 * | family    | SQL type names (DuckDB, PostgreSQL and the usual warehouse spellings)                       |
 * |-----------|---------------------------------------------------------------------------------------------|
 * | string    | VARCHAR, CHAR, BPCHAR, TEXT, STRING, CHARACTER [VARYING], NVARCHAR, NCHAR, VARCHAR2, NVARCHAR2, CLOB, NCLOB, CITEXT, UUID, ENUM |
 * | integer   | TINYINT … HUGEINT, their unsigned forms, INT/INT2/INT4/INT8/INT64, SERIAL, BYTEINT; DECIMAL(p,0), DECIMAL(p) |
 * | number    | FLOAT, REAL, DOUBLE [PRECISION], FLOAT4/FLOAT8/FLOAT32/FLOAT64, DECIMAL, NUMERIC, NUMBER, BIGNUMERIC |
 * | boolean   | BOOLEAN, BOOL                                                                                |
 * | date      | DATE                                                                                         |
 * | timestamp | TIMESTAMP [WITH [LOCAL]/WITHOUT TIME ZONE], TIMESTAMPTZ, TIMESTAMP_S/_MS/_NS/_NTZ/_LTZ/_TZ, DATETIME, DATETIME2, SMALLDATETIME, DATETIMEOFFSET |
 * | time      | TIME [WITH/WITHOUT TIME ZONE], TIMETZ, TIME_NS                                               |
 * | object    | STRUCT, MAP, JSON, JSONB, OBJECT, VARIANT, RECORD, ROW, UNION, PostgreSQL composite types    |
 * | array     | LIST, ARRAY, any `T[]` or `T[n]`                                                             |
 *
 * PostgreSQL's enum and composite types are described as `enum <name>` and `composite <name>` (postgres.ts).
 *
 * A declared family accepts a column of the same family; `number` also accepts `integer` columns.
 * Anything else (BLOB, INTERVAL, unknown names) has no family: the type check reports it as a mismatch
 * when the contract declares a type, and no check is made when it does not.
 */
export const TYPE_FAMILIES = ["string", "integer", "number", "boolean", "date", "timestamp", "time", "object", "array"] as const;
export type TypeFamily = (typeof TYPE_FAMILIES)[number];

const FAMILY_BY_BASE_NAME: Record<string, TypeFamily> = {};
function register(family: TypeFamily, names: string): void {
  for (const name of names.split(/\s+/).filter(Boolean)) FAMILY_BY_BASE_NAME[name] = family;
}
// NATIONAL: the SQL standard's `NATIONAL CHARACTER [VARYING]`, which provision also maps to text; Oracle's
// VARCHAR2, NVARCHAR2, CLOB and NCLOB, which provision and compat read as strings too.
register("string", "VARCHAR CHAR BPCHAR TEXT STRING CHARACTER NVARCHAR NCHAR NATIONAL VARCHAR2 NVARCHAR2 CLOB NCLOB CITEXT UUID ENUM NAME");
register(
  "integer",
  "TINYINT SMALLINT INTEGER INT BIGINT HUGEINT UTINYINT USMALLINT UINTEGER UBIGINT UHUGEINT INT1 INT2 INT4 INT8 INT16 INT32 INT64 INT128 SERIAL SMALLSERIAL BIGSERIAL BYTEINT LONG SHORT",
);
register("number", "FLOAT REAL DOUBLE FLOAT4 FLOAT8 FLOAT32 FLOAT64 DECIMAL NUMERIC NUMBER BIGNUMERIC BIGDECIMAL");
register("boolean", "BOOLEAN BOOL");
register("date", "DATE");
// Snowflake also spells its three without the `_` (TIMESTAMPNTZ, TIMESTAMPLTZ), as provision reads them; SQL Server's
// DATETIMEOFFSET is its timestamp with time zone.
register("timestamp", "TIMESTAMP TIMESTAMPTZ TIMESTAMP_S TIMESTAMP_MS TIMESTAMP_NS TIMESTAMP_US TIMESTAMP_NTZ TIMESTAMPNTZ TIMESTAMP_LTZ TIMESTAMPLTZ TIMESTAMP_TZ DATETIME DATETIME2 SMALLDATETIME DATETIMEOFFSET");
// DuckDB 1.3 added TIME_NS (nanoseconds), which its driver hands over as a bigint like TIME.
register("time", "TIME TIMETZ TIME_NS");
register("object", "STRUCT MAP JSON JSONB OBJECT VARIANT RECORD ROW UNION COMPOSITE");
register("array", "LIST ARRAY");

/** The family of a SQL type name such as `VARCHAR(11)`, `DECIMAL(12,2)`, `INTEGER[]` or `timestamp with time zone`. */
export function familyOfSqlType(typeName: string): TypeFamily | undefined {
  const name = typeName.trim().toUpperCase();
  if (/\[\d*\]$/.test(name)) return "array";
  const base = name.match(/^[A-Z_][A-Z0-9_]*/)?.[0];
  if (!base) return undefined;
  // "DOUBLE PRECISION", "CHARACTER VARYING", "TIMESTAMP WITH TIME ZONE" are named by their first word.
  const family = FAMILY_BY_BASE_NAME[base];
  // DECIMAL(p) is DECIMAL(p,0) (SQL standard; Snowflake's NUMBER(p)), as decimalTypeDigits reads it: integers.
  if ((base === "DECIMAL" || base === "NUMERIC" || base === "NUMBER") && /\(\s*\d+\s*(?:,\s*0\s*)?\)/.test(name)) return "integer";
  return family;
}

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

export function isTypeFamily(value: unknown): value is TypeFamily {
  return typeof value === "string" && (TYPE_FAMILIES as readonly string[]).includes(value);
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
