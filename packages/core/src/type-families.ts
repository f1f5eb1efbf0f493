import { ODCS_30_API_VERSIONS } from "./schemas.js";

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
  // PostgreSQL's format_type quotes a name that is a keyword of its own: its one-byte internal type is `"char"`
  // (`char` alone being character(1)), a column of single characters, text to every function.
  const base = name.match(/^[A-Z_][A-Z0-9_]*/)?.[0] ?? name.match(/^"([A-Z_][A-Z0-9_]*)"$/)?.[1];
  if (!base) return undefined;
  // "DOUBLE PRECISION", "CHARACTER VARYING", "TIMESTAMP WITH TIME ZONE" are named by their first word.
  const family = FAMILY_BY_BASE_NAME[base];
  // DECIMAL(p) is DECIMAL(p,0) (SQL standard; Snowflake's NUMBER(p)), as decimalTypeDigits reads it: integers.
  if ((base === "DECIMAL" || base === "NUMERIC" || base === "NUMBER") && /\(\s*\d+\s*(?:,\s*0\s*)?\)/.test(name)) return "integer";
  return family;
}

export function isTypeFamily(value: unknown): value is TypeFamily {
  return typeof value === "string" && (TYPE_FAMILIES as readonly string[]).includes(value);
}

/**
 * The family a schema property declares: its `logicalType`, else what its `physicalType`'s name says; undefined
 * when neither says. ODCS v3.0.x has no `timestamp` or `time` logicalType: its timestamps are `logicalType: date`
 * (`physicalType: timestamp`), so there a `date` whose physicalType is a timestamp or time type is that family.
 * What `meshkit test` checks a column against, and lint reads as the property's type.
 */
export function declaredTypeFamily(property: { logicalType?: unknown; physicalType?: unknown }, apiVersion?: unknown): TypeFamily | undefined {
  const physical = typeof property.physicalType === "string" ? familyOfSqlType(property.physicalType) : undefined;
  if (!isTypeFamily(property.logicalType)) return physical;
  const odcs30 = (ODCS_30_API_VERSIONS as readonly unknown[]).includes(apiVersion);
  return odcs30 && property.logicalType === "date" && (physical === "timestamp" || physical === "time") ? physical : property.logicalType;
}
