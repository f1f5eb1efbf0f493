/**
 * How two logical or physical types relate: the same, the new one accepts more (widened), fewer
 * (narrowed), or something else (changed). Documented in docs/compat.md.
 */
import { ownValue } from "@meshkit/core";

export type TypeRelation = "same" | "widened" | "narrowed" | "changed";
/**
 * Physical types relate as values do (TypeRelation), and struct types also by their fields, which readers
 * find by name as they find columns: a field added is as an optional property added, one removed as a property removed.
 */
export type PhysicalTypeRelation = TypeRelation | "fields-added" | "fields-removed";

/**
 * Logical type → the logical types that accept every value it accepts. ODCS logical types are typed
 * values, as in JSON Schema (integer ⊂ number), not their text: `string` holds no integers, booleans or
 * dates, so a change to or from it is `changed` and breaks consumers on both sides.
 */
const LOGICAL_SUPERTYPES: Record<string, readonly string[]> = {
  integer: ["number"],
  date: ["timestamp"],
};

/**
 * No logical type (none written, and none the physical type gives) declares no type: any value, as an array's
 * dropped `items` leaves its elements. Dropping one widens what the values may be, writing one narrows it.
 */
export function relateLogicalTypes(before: string | undefined, after: string | undefined): TypeRelation {
  if (before === after) return "same";
  if (after === undefined) return "widened";
  if (before === undefined) return "narrowed";
  if (ownValue(LOGICAL_SUPERTYPES, before)?.includes(after)) return "widened";
  if (ownValue(LOGICAL_SUPERTYPES, after)?.includes(before)) return "narrowed";
  return "changed";
}

interface PhysicalType {
  family: string;
  rank: number;
  args: number[];
}

/**
 * Physical type families, each ordered from narrowest to widest; names of one rank are spellings of one
 * type. Types within a family widen by rank (int → bigint) or by their arguments (varchar(20) →
 * varchar(50), decimal(10,2) → decimal(18,4)).
 * - integers by their bytes: MySQL's `mediumint` is 3, between `smallint` (2) and `int` (4);
 * - floats by their bytes, as DuckDB (meshkit's default warehouse), Spark, Hive/Glue and MySQL read them:
 *   a bare `float` is `real` (4 bytes), as the FLOAT meshkit provisions for an f32 there, unless the
 *   contract's servers make it 8 bytes (PhysicalDialect: PostgreSQL, SQL Server, Snowflake…; docs/compat.md);
 * - `bool` is PostgreSQL's and DuckDB's spelling of `boolean`;
 * - every spelling provision and the contract test read (packages/provision/src/types.ts,
 *   packages/quality/src/type-families.ts) is a spelling here too, so a contract that only respells a type
 *   (Snowflake's TIMESTAMP_LTZ → TIMESTAMPLTZ, SQL's NATIONAL CHARACTER VARYING → NVARCHAR) is no change.
 */
const PHYSICAL_FAMILIES: Record<string, Record<string, number>> = {
  // BigQuery's INT64, DuckDB's and Spark's LONG / SHORT, Teradata's and Snowflake's BYTEINT, PostgreSQL's serials.
  integer: {
    tinyint: 1, int1: 1, byteint: 1, smallint: 2, int2: 2, short: 2, smallserial: 2, mediumint: 3,
    int: 4, int4: 4, integer: 4, serial: 4, bigint: 5, int8: 5, int64: 5, long: 5, bigserial: 5, hugeint: 6,
  },
  // DuckDB's unsigned integers: an unsigned type holds no negative value, so a change to or from a signed one is `changed`.
  unsigned: { utinyint: 1, usmallint: 2, uinteger: 3, ubigint: 4, uhugeint: 5 },
  // Informix's SMALLFLOAT is its REAL.
  float: { real: 1, float4: 1, float32: 1, smallfloat: 1, float: 1, double: 2, "double precision": 2, float8: 2, float64: 2 },
  // BigQuery's BIGNUMERIC (alias BIGDECIMAL) is its wider exact decimal; its bare name's digits are BIGNUMERIC_DIGITS.
  decimal: { decimal: 1, numeric: 1, number: 1, bignumeric: 1, bigdecimal: 1 },
  // PostgreSQL's bpchar is its name for char; Oracle's NVARCHAR2 and NCLOB are its national varchar2 and clob.
  text: {
    char: 1, character: 1, nchar: 1, "national character": 1, "national char": 1, bpchar: 1,
    varchar: 2, "character varying": 2, "char varying": 2, nvarchar: 2, "nchar varying": 2, "national character varying": 2, "national char varying": 2, varchar2: 2, nvarchar2: 2,
    string: 3, text: 3, clob: 3, nclob: 3,
  },
  // Snowflake also spells its three without the `_`: TIMESTAMPNTZ, TIMESTAMPTZ, TIMESTAMPLTZ. SQL Server's
  // DATETIME2 / SMALLDATETIME and DuckDB's TIMESTAMP_S / _MS / _US / _NS are timestamps of a set precision
  // (FRACTIONAL_SECONDS_WHEN_BARE); SQL Server's DATETIMEOFFSET and Oracle's TIMESTAMP WITH LOCAL TIME ZONE carry a zone.
  timestamp: {
    date: 1,
    datetime: 2, timestamp: 2, timestamp_ntz: 2, timestampntz: 2, datetime2: 2, smalldatetime: 2, timestamp_s: 2, timestamp_ms: 2, timestamp_us: 2, timestamp_ns: 2,
    timestamptz: 3, "timestamp with time zone": 3, timestamp_tz: 3, timestamp_ltz: 3, timestampltz: 3, "timestamp with local time zone": 3, datetimeoffset: 3,
  },
  // A time of day, as timestamps: a zone (PostgreSQL's and DuckDB's TIMETZ) or more fractional digits widen it.
  time: { time: 1, timetz: 2, "time with time zone": 2 },
  boolean: { boolean: 1, bool: 1 },
};

/**
 * Bytes of the integers by rank: an unsigned integer fits in a signed one of more bytes (`utinyint` → `smallint`,
 * `uinteger` → `bigint` is widened); to one of as many or fewer, or a signed one to an unsigned one, is `changed`.
 */
const UNSIGNED_BYTES: Record<number, number> = { 1: 1, 2: 2, 3: 4, 4: 8, 5: 16 };
const SIGNED_BYTES: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 8, 6: 16 };

/**
 * Timestamps whose bare name has a fractional-second precision other than the 6 assumed for the others:
 * SQL Server's DATETIME2 and DATETIMEOFFSET are 100 ns (7 digits), its SMALLDATETIME whole seconds or less;
 * DuckDB's TIMESTAMP_S / _MS / _US / _NS are seconds, milliseconds, microseconds and nanoseconds.
 */
const FRACTIONAL_SECONDS_WHEN_BARE: Record<string, number> = { datetime2: 7, datetimeoffset: 7, smalldatetime: 0, timestamp_s: 0, timestamp_ms: 3, timestamp_us: 6, timestamp_ns: 9 };

/**
 * Fixed-length character types, whose bare name has a length of 1 (SQL: CHARACTER is CHARACTER(1);
 * Snowflake's CHAR is VARCHAR(1)). A bare varchar, text or string is instead the widest of its rank.
 */
const ONE_CHARACTER_WHEN_BARE: ReadonlySet<string> = new Set(["char", "character", "nchar", "national character", "national char"]);

/**
 * BigQuery's bare BIGNUMERIC: 76.76 digits of precision, 38 of them after the point, so 38 before it, where a
 * bare decimal is read as decimal(38,0): NUMERIC → BIGNUMERIC is widened, BIGNUMERIC → NUMERIC narrowed.
 */
const BIGNUMERIC_DIGITS: readonly number[] = [76, 38];

/**
 * How the servers a contract's physical types are written for spell the types whose meaning differs by
 * engine. `bareFloat`: a bare FLOAT is 4 bytes (`real`) on DuckDB, Spark / Databricks, Hive / Glue, Athena,
 * MySQL and ClickHouse, 8 (`double precision`) on PostgreSQL, Redshift, Snowflake, SQL Server / Synapse,
 * BigQuery (an alias of FLOAT64), Oracle (FLOAT(126)), Db2, Informix and Vertica. `realIsDouble`: REAL is
 * 8 bytes on Vertica and Impala (an alias of DOUBLE). `floatPrecisionIgnored`: Vertica's FLOAT(n) is 8 bytes
 * whatever n (all its floats are 64-bit IEEE), not a real up to 24 bits. `longIsText`: Oracle's LONG is character
 * data up to 2 GB, where Avro's, Spark's and Java's `long` is a 64-bit integer.
 */
export interface PhysicalDialect {
  bareFloat: "single" | "double";
  realIsDouble: boolean;
  floatPrecisionIgnored: boolean;
  longIsText: boolean;
  /** Oracle: a bare DECIMAL or NUMERIC is NUMBER(38,0) (the ANSI names are fixed-point, their scale 0), not its bare NUMBER. */
  bareAnsiDecimalIsFixed: boolean;
  /** The precision and scale of a bare DECIMAL / NUMERIC / NUMBER (BARE_DECIMAL_DIGITS). */
  bareDecimal: readonly [precision: number, scale: number];
  /**
   * Whether bareDecimal is the servers' own (BARE_DECIMAL_DIGITS), not the (38,0) read where there are none, they
   * are not listed there, or they disagree: only their own digits give a bare decimal integer a width (integerFormatOfPhysical).
   */
  bareDecimalOfServers?: boolean;
  /**
   * Whether `T[n]` holds exactly n elements, as DuckDB's fixed-size ARRAY does (`T[]` is its LIST, of any
   * length). PostgreSQL accepts the size and ignores it: there `int[3]` is `int[]`.
   */
  arraySizeCounts: boolean;
  /**
   * The one ODCS integer `format` every integer type name (INT, SMALLINT, BIGINT, TINYINT…) holds on these servers,
   * where they are all one type (INTEGER_FORMAT_SERVERS): Snowflake's and Oracle's are NUMBER(38,0), an i128, and
   * BigQuery's INT64. `mixed` where the servers read them apart (no one width: the compat diff then judges an integer on each server's own reading); undefined where each name has its own.
   */
  integerFormat?: string;
}

/**
 * A bare exact decimal's precision and scale per ODCS server type, from each engine's docs: PostgreSQL's is
 * unbounded (131,072 digits before the point, 16,383 after), DuckDB's DECIMAL(18,3), SQL Server's, Synapse's
 * and Redshift's (18,0), MySQL's and Spark's (Databricks, Glue, Hive) (10,0), BigQuery's NUMERIC(38,9),
 * Snowflake's NUMBER(38,0). Oracle's bare NUMBER is a decimal float that holds every NUMBER(p,s) (p ≤ 38,
 * s from -84 to 127), so, like PostgreSQL's, it is wider than each: 126 digits before the point, 130 after
 * (its bare DECIMAL and NUMERIC, though, are NUMBER(38,0): PhysicalDialect.bareAnsiDecimalIsFixed).
 * Others are read as (38,0).
 */
const BARE_DECIMAL_DIGITS: Record<string, readonly [number, number]> = {
  postgres: [131_072 + 16_383, 16_383], postgresql: [131_072 + 16_383, 16_383],
  duckdb: [18, 3], local: [18, 3], sqlserver: [18, 0], synapse: [18, 0], redshift: [18, 0],
  mysql: [10, 0], databricks: [10, 0], glue: [10, 0], hive: [10, 0], bigquery: [38, 9], snowflake: [38, 0],
  oracle: [126 + 130, 130],
};
const DEFAULT_BARE_DECIMAL: readonly [number, number] = [38, 0];
/** Oracle's widest NUMBER precision, what `*` stands for in NUMBER(*,s) (its INTEGER is NUMBER(*,0)). */
const ORACLE_MAX_PRECISION = 38;

/**
 * Servers on which every integer type name is one type (PhysicalDialect.integerFormat): Snowflake's INT, INTEGER,
 * BIGINT, SMALLINT, TINYINT and BYTEINT are NUMBER(38,0), Oracle's INTEGER, INT and SMALLINT are NUMBER(38), and
 * BigQuery's INT, SMALLINT, INTEGER, BIGINT, TINYINT and BYTEINT are INT64.
 */
const INTEGER_FORMAT_SERVERS: Record<string, string> = { snowflake: "i128", oracle: "i128", bigquery: "i64" };
const MIXED_INTEGER_FORMATS = "mixed";

/** The reading when the servers do not say otherwise: DuckDB's (meshkit's default warehouse) and Spark's floats. */
export const DEFAULT_PHYSICAL_DIALECT: PhysicalDialect = { bareFloat: "single", realIsDouble: false, floatPrecisionIgnored: false, longIsText: false, bareAnsiDecimalIsFixed: false, bareDecimal: DEFAULT_BARE_DECIMAL, arraySizeCounts: true };

/** ODCS server types whose bare FLOAT is 8 bytes (see PhysicalDialect). */
const DOUBLE_FLOAT_SERVERS: ReadonlySet<string> = new Set(["postgres", "postgresql", "redshift", "snowflake", "sqlserver", "synapse", "bigquery", "oracle", "db2", "informix", "vertica"]);
/** ODCS server types whose REAL is 8 bytes (see PhysicalDialect). */
const DOUBLE_REAL_SERVERS: ReadonlySet<string> = new Set(["vertica", "impala"]);

/**
 * The reading of the servers a contract lists (their ODCS `type`, on either side of a diff): an engine's own
 * reading when every server agrees on it, else the default (no servers, or servers that read a type apart).
 * It says which logical type a physical type implies; a physical type change is judged on each server's own
 * reading instead (serverDialectsOf).
 */
export function physicalDialectOf(serverTypes: readonly string[]): PhysicalDialect {
  const types = serverTypes.map((type) => type.trim().toLowerCase());
  if (types.length === 0) return DEFAULT_PHYSICAL_DIALECT;
  const decimals = new Set(types.map((type) => ownValue(BARE_DECIMAL_DIGITS, type)?.join(",")));
  const [decimal] = decimals;
  return {
    bareFloat: types.every((type) => DOUBLE_FLOAT_SERVERS.has(type)) ? "double" : "single",
    realIsDouble: types.every((type) => DOUBLE_REAL_SERVERS.has(type)),
    floatPrecisionIgnored: types.every((type) => type === "vertica"),
    longIsText: types.every((type) => type === "oracle"),
    bareAnsiDecimalIsFixed: types.every((type) => type === "oracle"),
    bareDecimal: decimals.size === 1 && decimal !== undefined ? (decimal.split(",").map(Number) as [number, number]) : DEFAULT_BARE_DECIMAL,
    ...(decimals.size === 1 && decimal !== undefined ? { bareDecimalOfServers: true } : {}),
    arraySizeCounts: !types.every((type) => type === "postgres" || type === "postgresql"),
    ...integerFormatOn(types),
  };
}

/** PhysicalDialect.integerFormat of servers: the one their integer types all are, `mixed` where they disagree, else none. */
function integerFormatOn(types: readonly string[]): Pick<PhysicalDialect, "integerFormat"> {
  const formats = new Set(types.map((type) => ownValue(INTEGER_FORMAT_SERVERS, type)));
  const [format] = formats;
  if (formats.size > 1) return { integerFormat: MIXED_INTEGER_FORMATS };
  return format === undefined ? {} : { integerFormat: format };
}

/**
 * Each server's own reading (physicalDialectOf of its type alone), once per distinct reading; the default's
 * alone for none. Where servers read a type apart, a change is judged on each (relatePhysicalTypesOn), since
 * no one reading stands for them all: SQL Server's bare DECIMAL is (18,0) and MySQL's (10,0), so `decimal(18,0)` →
 * `decimal` is no change on one and narrows on the other, where the default (38,0) would call it widened.
 */
export function serverDialectsOf(serverTypes: readonly string[]): PhysicalDialect[] {
  return serverReadingsOf(serverTypes).map((reading) => reading.dialect);
}

/** One distinct reading of serverDialectsOf, with the server types (lower case, `postgresql` as `postgres`) that read so. */
export interface ServerReading {
  dialect: PhysicalDialect;
  servers: string[];
}

/** serverDialectsOf with the servers of each reading, for messages that say which server reads a change how. */
export function serverReadingsOf(serverTypes: readonly string[]): ServerReading[] {
  const readings = new Map<string, ServerReading>();
  for (const type of serverTypes.length === 0 ? [undefined] : serverTypes) {
    const dialect = type === undefined ? DEFAULT_PHYSICAL_DIALECT : physicalDialectOf([type]);
    const key = JSON.stringify(dialect);
    const reading = readings.get(key) ?? { dialect, servers: [] };
    const server = type?.trim().toLowerCase().replace(/^postgresql$/, "postgres");
    if (server !== undefined && !reading.servers.includes(server)) reading.servers.push(server);
    readings.set(key, reading);
  }
  return [...readings.values()];
}

/**
 * Two physical types as every one of `dialects` reads them, together (combinedRelation): no change only when
 * none reads one, widened when some read it widened and the rest no change, and a mix (widened on one, changed
 * on another) changed.
 */
export function relatePhysicalTypesOn(before: string | undefined, after: string | undefined, dialects: readonly PhysicalDialect[]): PhysicalTypeRelation {
  return combinedRelation(dialects.map((dialect) => relatePhysicalTypes(before, after, dialect)));
}

function parsePhysical(type: string, dialect: PhysicalDialect): PhysicalType | undefined {
  // SQL Server's varchar(max) / nvarchar(max) / varbinary(max): no length limit, as a length-less text type.
  // Oracle's NUMBER(p,s) may have a negative scale (NUMBER(5,-2) rounds to hundreds).
  // SQL's `timestamp(p) with time zone` puts the precision before the zone clause (PostgreSQL, Trino).
  // Oracle's `timestamp(p) with local time zone` likewise. Oracle's NUMBER(*,s) is NUMBER(38,s), its widest precision.
  const match = /^\s*([a-z_][a-z0-9_ ]*?)\s*(?:\(\s*([-\d\s,]+|\*\s*,[-\d\s]+|max)\s*\))?\s*((?:with|without)\s+(?:local\s+)?time\s+zone)?\s*$/i.exec(type);
  if (!match) return undefined;
  const zoneClause = match[3]?.toLowerCase().replace(/\s+/g, " ");
  const zone = zoneClause?.startsWith("with ") ? ` ${zoneClause}` : "";
  // `without time zone` is the plain type.
  const name = `${match[1]!.toLowerCase().replace(/\s+/g, " ")}${zone}`.replace(/ without time zone$/, "");
  const written = match[2] && match[2].toLowerCase() !== "max" ? match[2].split(",").map((a) => (a.trim() === "*" ? ORACLE_MAX_PRECISION : Number(a.trim()))) : [];
  if (match[2]?.trim().startsWith("*") && name !== "number") return undefined;
  const bare = ONE_CHARACTER_WHEN_BARE.has(name) ? [1] : Object.hasOwn(FRACTIONAL_SECONDS_WHEN_BARE, name) ? [FRACTIONAL_SECONDS_WHEN_BARE[name]!] : name === "bignumeric" || name === "bigdecimal" ? [...BIGNUMERIC_DIGITS] : [];
  const args = written.length === 0 ? bare : written;
  if (name === "float" && args.length === 0 && dialect.bareFloat === "double") return { family: "float", rank: PHYSICAL_FAMILIES.float!.double!, args: [] };
  if (name === "real" && dialect.realIsDouble) return { family: "float", rank: PHYSICAL_FAMILIES.float!.double!, args: [] };
  // Oracle's LONG: text of no set length, as its CLOB.
  if (name === "long" && dialect.longIsText) return { family: "text", rank: PHYSICAL_FAMILIES.text!.clob!, args: [] };
  if ((name === "decimal" || name === "numeric") && args.length === 0 && dialect.bareAnsiDecimalIsFixed) return { family: "decimal", rank: PHYSICAL_FAMILIES.decimal!.decimal!, args: [...DEFAULT_BARE_DECIMAL] };
  // float(p) is a real for 1–24 bits of precision and a double for 25–53 (SQL standard, PostgreSQL, DuckDB).
  if (name === "float" && args.length === 1 && dialect.floatPrecisionIgnored) return { family: "float", rank: PHYSICAL_FAMILIES.float!.double!, args: [] };
  if (name === "float" && args.length === 1) return { family: "float", rank: args[0]! <= 24 ? 1 : 2, args: [] };
  for (const [family, members] of Object.entries(PHYSICAL_FAMILIES)) {
    const rank = ownValue(members, name);
    if (rank === undefined) continue;
    // Where every integer name is one type (PhysicalDialect.integerFormat), each is that type: Snowflake's and Oracle's
    // INT and SMALLINT are NUMBER(38,0), BigQuery's INTEGER and SMALLINT its INT64.
    if (family === "integer" && dialect.integerFormat === "i128") return { family: "decimal", rank: PHYSICAL_FAMILIES.decimal!.number!, args: [...DEFAULT_BARE_DECIMAL] };
    if (family === "integer" && dialect.integerFormat === "i64") return { family, rank: PHYSICAL_FAMILIES.integer!.int64!, args };
    return { family, rank, args };
  }
  return undefined;
}

/**
 * The values an integer type or a decimal holds: its least and greatest value, whether it holds every whole number
 * between them (not a decimal of a negative scale, Oracle's NUMBER(5,-2): only multiples of 100), and whether only
 * whole numbers (not a decimal of a scale above 0, which holds fractions too).
 */
interface NumericRange {
  least: number;
  greatest: number;
  /** Every whole number between least and greatest. */
  wholeNumbers: boolean;
  /** Only whole numbers (none between). */
  integersOnly: boolean;
}

function numericRange(type: PhysicalType, dialect: PhysicalDialect): NumericRange | undefined {
  if (type.family === "integer" || type.family === "unsigned") {
    const bits = 8 * (type.family === "integer" ? SIGNED_BYTES : UNSIGNED_BYTES)[type.rank]!;
    return type.family === "integer"
      ? { least: -(2 ** (bits - 1)), greatest: 2 ** (bits - 1) - 1, wholeNumbers: true, integersOnly: true }
      : { least: 0, greatest: 2 ** bits - 1, wholeNumbers: true, integersOnly: true };
  }
  if (type.family !== "decimal") return undefined;
  const [precision, scale = 0] = type.args.length > 0 ? type.args : dialect.bareDecimal;
  // 10^(p−s) − 10^−s: decimal(5,2) up to 999.99, NUMBER(5,-2) up to 9,999,900; PostgreSQL's bare numeric past any float.
  const greatest = 10 ** (precision - scale) - 10 ** -scale;
  return { least: -greatest, greatest, wholeNumbers: scale >= 0, integersOnly: scale <= 0 };
}

/**
 * An integer type and a decimal, by the values each holds: `int` → `numeric(38,0)` is widened (every int fits),
 * `numeric(9,0)` → `int` widened too, `bigint` → `numeric(10,0)` narrowed, `int` ↔ `numeric(12,2)`… by the same rule
 * (the decimal's fractions are values an integer lacks).
 */
function relateIntegerDecimal(a: PhysicalType, b: PhysicalType, dialect: PhysicalDialect): TypeRelation {
  const [x, y] = [numericRange(a, dialect), numericRange(b, dialect)];
  if (!x || !y) return "changed";
  const within = (inner: NumericRange, outer: NumericRange) =>
    inner.least >= outer.least && inner.greatest <= outer.greatest && outer.wholeNumbers && (inner.integersOnly || !outer.integersOnly);
  const [widened, narrowed] = [within(x, y), within(y, x)];
  return widened && narrowed ? "same" : widened ? "widened" : narrowed ? "narrowed" : "changed";
}

/** The logical type a physical family's values are (DECIMAL(p,0) holds integers); undefined for a type not known here. */
const LOGICAL_TYPE_OF_FAMILY: Record<string, string> = { integer: "integer", unsigned: "integer", time: "time", float: "number", decimal: "number", text: "string", boolean: "boolean", timestamp: "timestamp" };

/**
 * The logical type a physicalType's values are (`varchar(10)` → string, `date` → date, `numeric(12,0)` →
 * integer), or undefined for one meshkit does not know.
 */
export function logicalTypeOfPhysical(physicalType: string | undefined, dialect: PhysicalDialect = DEFAULT_PHYSICAL_DIALECT): string | undefined {
  const parsed = physicalType === undefined ? undefined : parsePhysical(physicalType, dialect);
  if (!parsed) return undefined;
  if (parsed.family === "timestamp" && parsed.rank === PHYSICAL_FAMILIES.timestamp!.date) return "date";
  // decimal(p) is decimal(p,0) (SQL standard; Snowflake's NUMBER(p)), as compareWidth reads it.
  if (parsed.family === "decimal" && parsed.args.length >= 1 && (parsed.args[1] ?? 0) === 0) return "integer";
  return LOGICAL_TYPE_OF_FAMILY[parsed.family];
}

/**
 * What integerFormatOfPhysical gives a column whose integers no ODCS format holds: a decimal of more than 38 whole
 * digits (`numeric(50,0)`, Oracle's `NUMBER(40)`, PostgreSQL's bare `numeric`) holds more than an `i128` (or `u128`),
 * the widest format, so its integers have no format: none written is no bound, and writing one tightens it.
 */
export const WIDER_THAN_EVERY_FORMAT = "wider than every format";

/**
 * The ODCS integer `format` (Rust's integer types) a physical integer type holds: `bigint` → i64, `smallint` →
 * i16, DuckDB's `utinyint` → u8, and for a `decimal(p,s)` the narrowest signed one its p − s whole digits fit (`decimal(18,0)`
 * → i64), WIDER_THAN_EVERY_FORMAT past 38 digits. Undefined for any other type, and for one of no such width (MySQL's 3-byte `mediumint`). An integer
 * column of such a type holds that many bits whatever ODCS's default format (i32) says. On servers whose integer
 * names are all one type (PhysicalDialect.integerFormat) each is that type: Snowflake's `smallint` is an i128.
 */
export function integerFormatOfPhysical(physicalType: string | undefined, dialect: PhysicalDialect = DEFAULT_PHYSICAL_DIALECT): string | undefined {
  const parsed = physicalType === undefined ? undefined : parsePhysical(physicalType, dialect);
  // A bare one has the servers' default digits (PhysicalDialect.bareDecimal): Snowflake's NUMBER is NUMBER(38,0). With
  // no server that gives it digits (none listed, or an unknown type) it has no set width: ODCS's default, i32, applies.
  const bare = dialect.bareDecimalOfServers === true ? dialect.bareDecimal : [];
  const [precision, scale = 0] = parsed?.family !== "decimal" ? [] : parsed.args.length > 0 ? parsed.args : bare;
  if (precision !== undefined) {
    // The whole numbers a decimal(p,s) holds have p − s digits: decimal(12,2) up to 9,999,999,999 (an i64), Oracle's
    // NUMBER(5,-2) up to 9,999,900, PostgreSQL's bare numeric 131,072 digits, more than any format holds.
    const digits = precision - scale;
    const bits = [8, 16, 32, 64, 128].find((width) => 2 ** (width - 1) - 1 >= 10 ** digits - 1);
    return bits === undefined ? WIDER_THAN_EVERY_FORMAT : `i${bits}`;
  }
  // Where every integer name is one type (Snowflake's NUMBER(38,0), BigQuery's INT64), a `smallint` holds what it does;
  // where the servers read them apart, no one width is known here (the compat diff judges such a column on each server).
  if (parsed?.family === "integer" && dialect.integerFormat !== undefined) return dialect.integerFormat === MIXED_INTEGER_FORMATS ? undefined : dialect.integerFormat;
  const bytes = parsed?.family === "integer" ? SIGNED_BYTES[parsed.rank] : parsed?.family === "unsigned" ? UNSIGNED_BYTES[parsed.rank] : undefined;
  if (bytes === undefined || bytes === 3) return undefined;
  return `${parsed!.family === "unsigned" ? "u" : "i"}${bytes * 8}`;
}

export function relatePhysicalTypes(before: string | undefined, after: string | undefined, dialect: PhysicalDialect = DEFAULT_PHYSICAL_DIALECT): PhysicalTypeRelation {
  if (before === after || (before !== undefined && after !== undefined && before.trim().toLowerCase() === after.trim().toLowerCase())) return "same";
  if (before === undefined || after === undefined) return "changed";
  // An array holds more values when its elements do (array<int> → array<bigint> is widened) and its size does.
  const [arrayBefore, arrayAfter] = [arrayType(before), arrayType(after)];
  if (arrayBefore !== undefined || arrayAfter !== undefined) return arrayBefore !== undefined && arrayAfter !== undefined ? relateArrays(arrayBefore, arrayAfter, dialect) : "changed";
  const [fieldsBefore, fieldsAfter] = [structFields(before), structFields(after)];
  if (fieldsBefore !== undefined || fieldsAfter !== undefined) return fieldsBefore !== undefined && fieldsAfter !== undefined ? relateStructs(fieldsBefore, fieldsAfter, dialect) : "changed";
  const a = parsePhysical(before, dialect);
  const b = parsePhysical(after, dialect);
  if (a && b && a.family === "unsigned" && b.family === "integer") return UNSIGNED_BYTES[a.rank]! < SIGNED_BYTES[b.rank]! ? "widened" : "changed";
  const integerFamilies = new Set(["integer", "unsigned"]);
  if (a && b && ((integerFamilies.has(a.family) && b.family === "decimal") || (a.family === "decimal" && integerFamilies.has(b.family)))) return relateIntegerDecimal(a, b, dialect);
  if (!a || !b || a.family !== b.family) return "changed";
  // A length-less text type (text, string) is the widest of its family.
  const wider = compareWidth(a, b, dialect);
  return wider === 0 ? "same" : wider > 0 ? "widened" : wider < 0 ? "narrowed" : "changed";
}

/** An array type's element type and, when written `T[n]`, its size (undefined: any length). */
interface ArrayType {
  element: string;
  size: number | undefined;
}

/**
 * An array type, written `array<int>` (Spark, Hive / Glue, Databricks, BigQuery, Trino's `array(int)`), DuckDB's
 * `list<int>` / `list(int)`, or `int[]` / `int[3]` (PostgreSQL, which ignores the size, and DuckDB, whose `int[3]`
 * is a fixed-size ARRAY); undefined for any other type.
 */
function arrayType(type: string): ArrayType | undefined {
  const generic = /^\s*(?:array|list)\s*(?:<(.+)>|\((.+)\))\s*$/i.exec(type);
  if (generic) return { element: (generic[1] ?? generic[2])!, size: undefined };
  const brackets = /^(.+?)\s*\[\s*(\d*)\s*\]\s*$/.exec(type);
  return brackets ? { element: brackets[1]!, size: brackets[2] ? Number(brackets[2]) : undefined } : undefined;
}

/**
 * Two arrays by their elements and, where the dialect's `T[n]` holds exactly n (PhysicalDialect.arraySizeCounts),
 * their sizes: `int[3]` → `int[]` is widened (a list of any length), `int[]` → `int[3]` narrowed, `int[3]` → `int[4]` changed.
 */
function relateArrays(before: ArrayType, after: ArrayType, dialect: PhysicalDialect): PhysicalTypeRelation {
  const sizes: PhysicalTypeRelation =
    !dialect.arraySizeCounts || before.size === after.size ? "same" : after.size === undefined ? "widened" : before.size === undefined ? "narrowed" : "changed";
  return combinedRelation([sizes, relatePhysicalTypes(before.element, after.element, dialect)]);
}

/**
 * One relation for several parts of a type (an array's size and elements, a struct's fields): the parts' one
 * relation besides `same`; fields added beside another relation are dominated by it (they break no reader);
 * any other mix is `changed`.
 */
function combinedRelation(parts: Iterable<PhysicalTypeRelation>): PhysicalTypeRelation {
  const relations = new Set(parts);
  relations.delete("same");
  if (relations.size > 1) relations.delete("fields-added");
  if (relations.size === 0) return "same";
  return relations.size === 1 ? [...relations][0]! : "changed";
}

/** A struct field's type, and whether it is declared `NOT NULL` (BigQuery, Databricks). */
interface StructField {
  type: string;
  notNull: boolean;
}

/**
 * The fields of a struct type, by lower-cased name: `struct<a:int,b:string>` (Spark, Hive / Glue),
 * `STRUCT<a INT64 NOT NULL, b STRING>` (BigQuery, Databricks, whose fields may also carry `NOT NULL` and a
 * `COMMENT '…'` or BigQuery's `OPTIONS(description = '…')`, which hold no values and are no change), `STRUCT(a INTEGER)` (DuckDB), `ROW(a INTEGER)` (Trino); a
 * name may be quoted (`` `order id` ``, `"order id"`); a field written without a name (BigQuery's `STRUCT<INT64>`)
 * is named by its position. Undefined for any other type.
 */
function structFields(type: string): Map<string, StructField> | undefined {
  const match = /^\s*(?:struct|row)\s*(?:<(.*)>|\((.*)\))\s*$/is.exec(type);
  if (!match) return undefined;
  const fields = new Map<string, StructField>();
  splitTopLevel(match[1] ?? match[2] ?? "").forEach((written, position) => {
    const field = written.replace(FIELD_COMMENT, "").replace(FIELD_OPTIONS, "");
    const notNull = /\s+NOT\s+NULL\s*$/i.test(field);
    const declared = field.replace(/\s+NOT\s+NULL\s*$/i, "");
    const named = /^\s*(?:`((?:[^`]|``)+)`|"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_]*))\s*(?::\s*|\s+)(\S.*?)\s*$/s.exec(declared);
    if (named) fields.set((named[1] ?? named[2] ?? named[3])!.toLowerCase(), { type: named[4]!, notNull });
    else fields.set(`#${position}`, { type: declared.trim(), notNull });
  });
  return fields;
}

/**
 * The field names of a struct type, or of an array's struct elements (`ARRAY<STRUCT<…>>`), lower-cased
 * (structFields); undefined for any other type.
 */
export function structFieldNames(type: string | undefined): string[] | undefined {
  if (type === undefined) return undefined;
  const array = arrayType(type);
  if (array !== undefined) return structFieldNames(array.element);
  const fields = structFields(type);
  return fields && [...fields.keys()];
}

/**
 * Two struct types (or arrays of structs) as every one of `dialects` reads the fields both have: `same` when
 * only whole fields were added or removed, at the top level (a field of a nested struct is part of its
 * field's type). Undefined when either is no struct.
 */
export function relateSharedStructFields(before: string | undefined, after: string | undefined, dialects: readonly PhysicalDialect[]): PhysicalTypeRelation | undefined {
  if (before === undefined || after === undefined) return undefined;
  const [arrayBefore, arrayAfter] = [arrayType(before), arrayType(after)];
  if (arrayBefore !== undefined && arrayAfter !== undefined) return relateSharedStructFields(arrayBefore.element, arrayAfter.element, dialects);
  const [fieldsBefore, fieldsAfter] = [structFields(before), structFields(after)];
  if (fieldsBefore === undefined || fieldsAfter === undefined) return undefined;
  const shared = (fields: Map<string, StructField>, other: Map<string, StructField>) => new Map([...fields].filter(([name]) => other.has(name)));
  return combinedRelation(dialects.map((dialect) => relateStructs(shared(fieldsBefore, fieldsAfter), shared(fieldsAfter, fieldsBefore), dialect)));
}

/** A quoted SQL string: '…' or "…", with a quote escaped by a backslash or doubled. */
const QUOTED = String.raw`(?:'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")`;
/** A struct field's trailing `COMMENT '…'` (Spark, Databricks, Hive). */
const FIELD_COMMENT = new RegExp(String.raw`\s+COMMENT\s+${QUOTED}\s*$`, "is");
/**
 * A quoted string without the doubled-quote escape, for use inside a repetition: there `'it''s'` reads as two
 * strings in a row. QUOTED's `''` would read it as one as well, and a run of quotes could then be split in
 * exponentially many ways before a match fails (`OPTIONS(description = ''''…` with no `)` took minutes).
 */
const QUOTED_PART = String.raw`(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")`;
/** A struct field's trailing BigQuery `OPTIONS(description = '…')`: column metadata, as a COMMENT is. */
const FIELD_OPTIONS = new RegExp(String.raw`\s+OPTIONS\s*\((?:[^()'"]|${QUOTED_PART})*\)\s*$`, "is");

/**
 * `text` split at its commas outside brackets and quotes (`a decimal(10,2), b struct<c:int,d:int>` is two fields,
 * and so is `` a int COMMENT 'x, y', `b,c` int ``).
 */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote !== undefined) {
      if (char === "\\") i++;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"' || char === "`") quote = char;
    else if (char === "<" || char === "(") depth++;
    else if (char === ">" || char === ")") depth--;
    else if (char === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (text.trim() !== "") parts.push(text.slice(start));
  return parts;
}

/**
 * Two structs compared field by field, by name (readers of Parquet, BigQuery, Spark and Trino structs find
 * fields by name, so their order is no change): fields added only are `fields-added` (as optional properties
 * added: struct fields are nullable), fields removed only `fields-removed` (as properties removed), a field's
 * own type counts as its relation. `NOT NULL` counts as a required property does: a field added with it is
 * `narrowed` (values written before lack it, as a required property added), `NOT NULL` added to a field narrows
 * it and dropped widens it. The parts combine as combinedRelation says.
 */
function relateStructs(before: Map<string, StructField>, after: Map<string, StructField>, dialect: PhysicalDialect): PhysicalTypeRelation {
  const relations: PhysicalTypeRelation[] = [];
  for (const [name, field] of before) {
    const now = after.get(name);
    if (now === undefined) relations.push("fields-removed");
    else relations.push(relatePhysicalTypes(field.type, now.type, dialect), field.notNull === now.notNull ? "same" : now.notNull ? "narrowed" : "widened");
  }
  for (const [name, field] of after) if (!before.has(name)) relations.push(field.notNull ? "narrowed" : "fields-added");
  return combinedRelation(relations);
}

/** The fractional-second precisions engines give a bare timestamp or time (Trino 3 … Snowflake 9). */
const ENGINE_DEFAULT_PRECISION = { least: 3, most: 9 } as const;

/**
 * A precision set against a bare one: below every engine's default, -1; above every one, 1; the bare one
 * itself, or one within the defaults' range (narrower on one engine, wider on another), 0.
 */
function engineDefaultGap(precision: number | undefined): number {
  if (precision === undefined) return 0;
  return precision < ENGINE_DEFAULT_PRECISION.least ? -1 : precision > ENGINE_DEFAULT_PRECISION.most ? 1 : 0;
}

/** >0 when b is wider than a, <0 when narrower, 0 when equal, NaN when neither contains the other. */
function compareWidth(a: PhysicalType, b: PhysicalType, dialect: PhysicalDialect): number {
  const rank = Math.sign(b.rank - a.rank);
  if (a.family === "text" && a.args.length + b.args.length > 0) {
    const lengthA = a.args[0] ?? Infinity;
    const lengthB = b.args[0] ?? Infinity;
    const length = Math.sign(lengthB - lengthA);
    if (rank !== 0 && length !== 0 && rank !== length) return NaN;
    return rank || length;
  }
  if (a.family === "decimal") {
    // decimal(p, s): b holds every value of a when it has at least as many integer and fraction digits.
    // A bare one has the servers' default digits (PhysicalDialect.bareDecimal); decimal(p) is decimal(p,0).
    const [pa, sa = 0] = a.args.length > 0 ? a.args : dialect.bareDecimal;
    const [pb, sb = 0] = b.args.length > 0 ? b.args : dialect.bareDecimal;
    const integer = Math.sign(pb - sb - (pa - sa));
    const fraction = Math.sign(sb - sa);
    if (integer !== 0 && fraction !== 0 && integer !== fraction) return NaN;
    return integer || fraction;
  }
  // A timestamp's or time's fractional seconds count as a length does: timestamp(9) → timestamptz(3) adds a zone
  // but drops digits, so it is `changed`, not widened. A date has no fraction to compare.
  const dateRank = PHYSICAL_FAMILIES.timestamp!.date;
  const fractional = a.family === "time" || (a.family === "timestamp" && a.rank !== dateRank && b.rank !== dateRank);
  if (fractional && a.args.length + b.args.length > 0) {
    // A bare name's precision depends on the engine (6 on PostgreSQL and DuckDB, 9 on Snowflake, 3 on Trino):
    // across a zone change it is weighed only where every engine agrees, so Snowflake's TIMESTAMP_NTZ(9) →
    // TIMESTAMP_TZ stays widened, but `timestamp` → `timestamptz(0)` drops the digits each engine keeps.
    const precision = rank !== 0 && (a.args.length === 0 || b.args.length === 0)
      ? Math.sign(engineDefaultGap(b.args[0]) - engineDefaultGap(a.args[0]))
      : Math.sign((b.args[0] ?? 6) - (a.args[0] ?? 6));
    if (rank !== 0 && precision !== 0 && rank !== precision) return NaN;
    return rank || precision;
  }
  return rank;
}
