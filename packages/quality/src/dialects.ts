import { DIALECT_NAMES, type DialectName, type PatternTranslation, SNOWFLAKE_RESERVED_WORDS, UsageError, javaPattern, javaProperties, postgresPattern, snowflakeRegexPattern } from "@meshkit/core";
import type { StrptimeFormat } from "./temporal-formats.js";
import { ISO_OFFSET_END, isoTextPattern, postgresConvertText, postgresReadsTextFormats } from "./postgres-text-dates.js";
import type { TypeFamily } from "./type-families.js";
import { decimalDigits } from "./values.js";

/**
 * What differs between the SQL engines checks are compiled for. Everything user-supplied reaches SQL
 * through `quoteIdentifier` or `stringLiteral` (or as a bound parameter), each escaping by the engine's
 * own lexical rules, so no name or value from a contract is ever pasted into a query as is.
 */
export interface Dialect {
  readonly name: DialectName;
  /** One part of a (possibly qualified) name, quoted when needed, with its quote character escaped. */
  quoteIdentifier(name: string): string;
  /** A string literal, escaped for this engine's lexer. */
  stringLiteral(value: string): string;
  /** An aggregate: the number of rows for which `condition` is true. */
  countWhere(condition: string): string;
  /** True when `text` contains a match of `pattern` (an unanchored search, like JSON Schema `pattern`). */
  regexContains(text: string, pattern: string): string;
  /**
   * A contract's pattern rewritten so that this engine reads it as RE2 and ECMA-262 do, where its own
   * syntax means something else for the same text, or what in it the engine cannot read (the check is then
   * not run there); absent when nothing needs rewriting.
   */
  regexPattern?(pattern: string): PatternTranslation;
  /** Length of a string in characters. */
  charLength(text: string): string;
  /**
   * Whether this engine's `VARCHAR(n)` / `CHAR(n)` column takes a longer value whose characters past n are all
   * spaces, trimming them, as the SQL standard says (PostgreSQL, Trino, Spark; DuckDB ignores the length, and its
   * runner judges a file as the standard does): such spaces make no value too long for a declared length. Snowflake
   * and BigQuery (`STRING(n)`) refuse every longer value.
   */
  trimsExcessSpaces: boolean;
  /**
   * Length of a binary value (isBinaryType) in bytes: its text would be another thing on every engine (DuckDB's
   * `\xAA` escapes, Snowflake's hex), and no text at all on Trino (no cast of varbinary to varchar) or BigQuery
   * (bytes that are not UTF-8), where the cast stops the whole scan.
   */
  byteLength(bytes: string): string;
  /** Number of items of an array (a LIST in DuckDB). */
  itemCount(array: string): string;
  /** Whether a (non-null) array has an item twice, two nulls included (`uniqueItems`); absent where not checked. */
  hasRepeatedItems?(array: string): string;
  /** False where the engine has no TIME type to compare a time bound with (Spark before 4.1, Databricks). */
  readonly timeType?: false;
  /**
   * The remainder of `dividend` / `divisor` (multipleOf): of the integers when `exact`, else of both as
   * decimals with REMAINDER_DECIMAL_PLACES places, since a binary double leaves 0.3 / 0.1 a remainder of 0.09999….
   * A number is read as the decimal its shortest text writes (a double's, or a 4-byte float's where
   * `singleFloat`: the column is one, so that 0.1 stored there is 0.1, as on DuckDB and PostgreSQL).
   */
  remainder(dividend: string, divisor: string, exact: boolean, singleFloat?: boolean): string;
  /** A date, timestamp or time constant from its string literal (or parameter), to compare a column with. */
  typedLiteral(literal: string, type: TemporalType): string;
  /**
   * A time constant (written without an offset) to compare a time-with-time-zone column with, where the engine
   * compares no such column with a plain time: DuckDB stops the whole check at `timetz_column > TIME '22:00:00'`
   * (a Binder Error). The time at UTC, as a timestamp written without an offset is read.
   */
  zonedTimeLiteral?(literal: string): string;
  /**
   * A number (its literal or parameter) to compare an unsigned 128-bit column with, where the engine would
   * otherwise read the column as the number's type: DuckDB meets a UHUGEINT with an INTEGER or BIGINT parameter
   * by casting the column to BIGINT, which stops the check at any value beyond it (a Conversion Error). A whole
   * number the type holds (0 to 2^128 - 1) as the column's type (exactly); any other as a double, below, above or
   * between every value (a cast of 1e39 to UHUGEINT fails).
   */
  unsignedHugeLiteral?(literal: string, nonNegativeWhole: boolean): string;
  /**
   * A timestamp constant to compare a nanosecond timestamp column with, where the engine's TIMESTAMP holds
   * microseconds: DuckDB's `CAST('…10:00:00.123456789' AS TIMESTAMP)` drops the last three digits, so a
   * TIMESTAMP_NS value equal to an exclusive bound (or between the cut bound and the bound) passed it.
   */
  nanosecondTimestampLiteral?(literal: string): string;
  /**
   * An exact decimal from its text (`digits`, e.g. `12345678901234567890123456.1234567891`) given as a string
   * literal or parameter: the engine's exact numeric type that holds it (PostgreSQL's numeric, DuckDB's
   * DECIMAL(p,s) up to 38 digits), else a double.
   */
  decimalLiteral(text: string, digits: string): string;
  /**
   * A whole number beyond what a 64-bit integer holds, from its digits given as a string literal (`digits`,
   * as written), where a bare number literal is at most one and is refused beyond (Trino's BIGINT, BigQuery's
   * INT64), or a decimal of at most 38 digits (Spark, Snowflake); absent where a bare literal reads any whole
   * number exactly (DuckDB's HUGEINT up to ±2^127, PostgreSQL's numeric).
   */
  wideIntegerLiteral?(text: string, digits: string): string;
  /** A double from its text `'NaN'`, `'Infinity'` or `'-Infinity'` (a string literal or parameter), which no number literal writes. */
  floatLiteral(text: string): string;
  /**
   * A number as a 4-byte float, from its text given as a string literal or parameter (rounded once, from the
   * text), to compare a single-precision column with: such a column holds 0.1 as the float nearest to it,
   * which is above the double 0.1. Absent where the engine has no 4-byte float (Snowflake's FLOAT and
   * BigQuery's FLOAT64 are doubles).
   */
  singleFloatLiteral?(text: string): string;
  /**
   * What a bare `FLOAT` column is where the engine has 4-byte floats: one (DuckDB, Spark, Trino, whose Hive
   * and Iceberg `float` is its REAL) unless this says `double` (PostgreSQL's `float` is `double precision`).
   */
  readonly bareFloat?: "double";
  /**
   * A DECIMAL column of more than DOUBLE_EXACT_DIGITS digits as the double nearest to each value, to compare
   * with a contract's number (a double); absent where the engine's own cast of a decimal to a double gives that.
   */
  wideDecimalAsDouble?(expression: string): string;
  /** Any value as text (to compare a column of any type with a list of strings). */
  castToText(expression: string): string;
  /**
   * A column of the data's type `type` as the checks of a property of family `family` compare it, where the
   * engine's own comparisons would read it otherwise: PostgreSQL's `money` as a number (there is no
   * `money < numeric`), a blank-padded `character(n)` as its text without the padding (which its length and
   * equality ignore, and a regular expression would read). Undefined for any other type: it compares as it is.
   */
  comparableValue?(expression: string, type: string, family: TypeFamily): string | undefined;
  /**
   * A binary float's text as PostgreSQL prints it (see floatTextAsPostgres), where the engine's own text
   * differs: a pattern or a list of strings then reads a float column the same on every runner. Absent:
   * castToText.
   */
  floatToText?(expression: string, single: boolean): string;
  /**
   * A column of the data's type `type` as a GROUP BY can group it: the column itself, or its text where the
   * engine has no equality for the type (PostgreSQL's `json`); absent where every type groups.
   */
  groupableValue?(expression: string, type: string): string;
  /**
   * Seconds since 1970-01-01 UTC of a date or timestamp (a timestamp without time zone is read as UTC, a date
   * as its midnight UTC); `family` is what the expression holds, where known.
   */
  epochSeconds(expression: string, family?: "date" | "timestamp"): string;
  /**
   * A timestamp bound's text (UTC, without an offset) as this engine must read it to mean that UTC instant,
   * where a bare text would be read in the session's time zone or not read at all; absent when nothing
   * needs changing.
   */
  utcTimestampText?(text: string): string;
  /**
   * `expression IS NaN`, for engines whose `<` `>` follow IEEE 754 (every comparison with NaN false),
   * where DuckDB and PostgreSQL order NaN above every number: a maximum must still catch it.
   */
  isNaN?(expression: string): string;
  /**
   * What the session must be set to for timestamp bounds and SLA ages to mean what they mean on the
   * runners, as a comment line for the emitted scan; absent when the engine's reading does not depend on it.
   */
  readonly sessionTimeZoneNote?: string;
  /**
   * A field of a STRUCT value (`("customer")."email"`: the parentheses keep a column from being read as a
   * table); absent for engines where meshkit does not check nested properties.
   */
  fieldAccess?(expression: string, field: string): string;
  /** Whether any item of a list satisfies `predicate(item)`, as a condition; with fieldAccess. */
  anyItem?(list: string, variable: string, predicate: string): string;
  /**
   * Text as a date or a timestamp with time zone, NULL where it does not convert: by any of `formats`
   * (strptime), else as ISO 8601; text without an offset is wall-clock time in `zone` (an IANA name; UTC
   * when absent). Absent where meshkit reads no text as dates.
   */
  convertText?(text: string, type: "date" | "timestamp", formats: readonly StrptimeFormat[], zone?: string): string;
  /** Whether convertText reads text by every one of `formats` (absent: by any format); text of other formats is not read as dates. */
  readsTextFormats?(formats: readonly StrptimeFormat[]): boolean;
  /** A timestamp without time zone as wall-clock time in `zone` (an IANA name): a timestamp with time zone. */
  inTimeZone?(timestamp: string, zone: string): string;
  /** A JSON value as `family`'s type where it is of one of that family's JSON types, else NULL (see duckdbJsonScalar); with fieldAccess. */
  jsonScalar?(json: string, family: JsonScalarFamily): string;
  /** `$n` when the engine's runner binds parameters; dialects only emitted as text have none. */
  readonly parameterPlaceholder?: (index: number) => string;
  /**
   * A bound number parameter as the engine must read it when the parameter's type would otherwise be
   * taken from the column it is compared with (so that `0.5` against an integer column is not refused).
   */
  readonly numberParameter?: (placeholder: string) => string;
}

/**
 * The decimal places of a remainder of decimals (Dialect.remainder): DECIMAL(38, 9), and BigQuery's NUMERIC,
 * which has 9. A divisor with more would be another number there (1e-20 is 0), so it is not checked.
 */
export const REMAINDER_DECIMAL_PLACES = 9;
const REMAINDER_DECIMAL = `DECIMAL(38, ${REMAINDER_DECIMAL_PLACES})`;
/**
 * The magnitude from which a number has more whole digits (29) than REMAINDER_DECIMAL (and NUMERIC) holds:
 * its cast overflows, an error that stops the whole scan (NULL on Spark without ANSI mode, which would pass).
 * The remainder of such a value is not computed, and it counts as no multiple.
 */
export const REMAINDER_LIMIT = `1e${38 - REMAINDER_DECIMAL_PLACES}`;

// The names are core's, where the read-only guard reads a query as each dialect's engine does.
export { DIALECT_NAMES, type DialectName };

export type TemporalType = "date" | "timestamp" | "time";

function doubleQuoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Standard SQL string: quotes doubled, backslashes literal, control characters as written. Dialects spell those
 * out (spelledOutControls) for the SQL they print; this is for constants DuckDB parses itself where only a literal
 * is taken (a table function's named parameters, a path, the field names of a `columns` struct), which a
 * `('a' || chr(1))` expression would make a syntax error: a CSV delimited by U+0001, a column named with an ESC.
 */
export function quotedString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Control characters other than tab, newline and carriage return, which a quoted string would hold raw: a NUL
 * ends the statement for PostgreSQL's wire protocol (and cuts the printed --emit-sql), an ESC drives the
 * terminal it is printed to. Split out, captured, by spelledOutControls.
 */
const RAW_CONTROL = /((?![\t\n\r])\p{Cc})/u;

/** The first control character of `text` that SQL must not hold raw (RAW_CONTROL), as `U+001B`; undefined when none. */
export function rawControlCharacter(text: string): string | undefined {
  const found = RAW_CONTROL.exec(text)?.[1];
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * A string literal written by `quote`, with each control character (RAW_CONTROL) as `chr(code)` joined by
 * `||`, for engines whose plain strings have no escape for them (DuckDB, PostgreSQL and Trino all have chr).
 * PostgreSQL's text holds no NUL: there `chr(0)` is refused by the server ("null character not permitted"),
 * an error rather than a statement cut short.
 */
function spelledOutControls(quote: (value: string) => string): (value: string) => string {
  return (value) => {
    if (!RAW_CONTROL.test(value)) return quote(value);
    const pieces = value.split(RAW_CONTROL).flatMap((piece, i) => (i % 2 === 1 ? [`chr(${piece.codePointAt(0)!})`] : piece === "" ? [] : [quote(piece)]));
    return `(${pieces.join(" || ")})`;
  };
}

const standardString = spelledOutControls(quotedString);

/** Text between `quote`s for engines whose lexer reads backslash escapes there. */
function backslashQuoted(value: string, quote: "'" | "`"): string {
  const escaped = value.replace(/[\\'`\p{Cc}]/gu, (ch) => {
    if (ch === "\\") return "\\\\";
    if (ch === "'" || ch === "`") return ch === quote ? `\\${ch}` : ch;
    if (ch === "\n") return "\\n";
    if (ch === "\r") return "\\r";
    if (ch === "\t") return "\\t";
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `${quote}${escaped}${quote}`;
}

const backslashString = (value: string) => backslashQuoted(value, "'");
const castLiteral = (literal: string, type: TemporalType) => `CAST(${literal} AS ${type.toUpperCase()})`;

/** A remainder written as `%` or a function (`mod`, `MOD`), over decimals of `decimalType` unless exact. */
const remainderWith = (form: (a: string, b: string) => string, decimalType: string) => (a: string, b: string, exact: boolean) =>
  exact ? form(a, b) : form(`CAST(${a} AS ${decimalType})`, `CAST(${b} AS ${decimalType})`);
const percent = (a: string, b: string) => `(${a} % ${b})`;

/**
 * A decimal remainder only for values `belowLimit` (of REMAINDER_LIMIT in magnitude): others cannot become
 * decimals (the cast fails, or gives NULL, which would pass) and count as no multiple: remainder 1. NaN and
 * ±infinity, no multiple of anything, are not below it either (NaN is above every number, or compares false).
 */
const boundedRemainder =
  (belowLimit: (x: string) => string, decimal: (a: string, b: string, exact: boolean) => string) => (a: string, b: string, exact: boolean) =>
    exact ? decimal(a, b, true) : `(CASE WHEN ${belowLimit(a)} THEN ${decimal(a, b, false)} ELSE 1 END)`;
/** Two comparisons rather than `abs(x)`, which overflows on the smallest BIGINT. */
const betweenLimits = (x: string) => `${x} > -${REMAINDER_LIMIT} AND ${x} < ${REMAINDER_LIMIT}`;

/**
 * An exact decimal where the engine compares two decimals in a common DECIMAL of at most 38 digits, and
 * fails or cuts when the column's digits and the literal's do not fit together (DuckDB: a DECIMAL(38,18)
 * column against 100000000000000000000.5 is a conversion error; a BIGINT against a DECIMAL(25,24) too): a
 * double, as every other number is, so that no check fails on the literal's account.
 */
const asDouble = (double: string) => (text: string) => `CAST(${text} AS ${double})`;
/**
 * A whole number beyond 64 bits where a bare literal is a decimal of at most 38 digits (Spark's DECIMAL, Snowflake's
 * NUMBER): its digits while they fit, else the double nearest to it. Spark refuses a 39-digit literal (an i128
 * format's ends, ±2^127) and stops the whole scan; no column of 38 digits holds a value that far out.
 */
const decimalOrDouble = (double: string) => (text: string, digits: string) => (decimalDigits(digits).precision <= 38 ? digits : `CAST(${text} AS ${double})`);

const dollarPlaceholder = (index: number) => `$${index}`;
const filterCount = (condition: string) => `count(*) FILTER (WHERE ${condition})`;
/**
 * DuckDB plans every `FILTER` clause of an aggregate as a filter of its own over the input: with a
 * thousand checks on a wide table, a scan took seconds and gigabytes before the first row. A CASE in the
 * aggregate's argument is evaluated in the one projection, and counts the same rows (NULL is not counted).
 */
const caseCount = (condition: string) => `count(CASE WHEN ${condition} THEN 1 END)`;

/**
 * DuckDB casts a DOUBLE to a DECIMAL by binary arithmetic (1e15 becomes 999999999999999.983222784, no
 * multiple of 0.1): the value goes through its shortest text, which reads exactly. It cannot cast NaN, an
 * infinity or a value of REMAINDER_LIMIT or more to a DECIMAL: such values fail (remainder 1).
 */
const duckdbRemainder = boundedRemainder(
  betweenLimits,
  (a, b, exact) => (exact ? percent(a, b) : `CAST(CAST(${a} AS VARCHAR) AS ${REMAINDER_DECIMAL}) % CAST(${b} AS ${REMAINDER_DECIMAL})`),
);

/** See Dialect.inTimeZone (ICU's `timezone(zone, timestamp)`). */
const duckdbInTimeZone = (timestamp: string, zone: string) => `timezone(${standardString(zone)}, ${timestamp})`;

/**
 * The families a JSON value of mixed types is read as (see duckdbJsonScalar): the scalars, and `object`, kept as
 * JSON, which the `object` family takes whatever it holds, so that a string or array where an object is declared
 * fails the type check instead of passing with the column.
 */
export type JsonScalarFamily = "string" | "integer" | "number" | "boolean" | "object";
export const JSON_SCALAR_TYPES: Record<JsonScalarFamily, string> = { string: "VARCHAR", integer: "HUGEINT", number: "DOUBLE", boolean: "BOOLEAN", object: "JSON" };
/** The json_type names of the values of each family: JSON has one kind of number, its integers are whole ones written without a point. */
const JSON_TYPES_OF_FAMILY: Record<JsonScalarFamily, readonly string[]> = {
  string: ["VARCHAR"],
  integer: ["BIGINT", "UBIGINT"],
  number: ["BIGINT", "UBIGINT", "DOUBLE"],
  boolean: ["BOOLEAN"],
  object: ["OBJECT"],
};
export const isJsonScalarFamily = (family: TypeFamily | undefined): family is JsonScalarFamily => family !== undefined && family in JSON_SCALAR_TYPES;

/**
 * A DuckDB JSON value read as `family`: a value of one of its JSON types converted (`"A1"` to 'A1', `5` to 5), any
 * other (`5` where a string is declared, `"n/a"` where a number is, an object or array; anything but an object where
 * an object is) NULL.
 */
export function duckdbJsonScalar(json: string, family: JsonScalarFamily): string {
  const types = JSON_TYPES_OF_FAMILY[family].map(standardString).join(", ");
  return `CASE WHEN json_type(${json}) IN (${types}) THEN TRY_CAST((${json} ->> '$') AS ${JSON_SCALAR_TYPES[family]}) END`;
}

/** ISO 8601 text (its spaces trimmed) whose time ends at the minutes before its offset: the date and time, then the offset's start. */
const MINUTES_BEFORE_OFFSET = "^([^T ]+[T ][0-9]{1,2}:[0-9]{1,2})(Z| UTC|[+-])";

/** See Dialect.convertText. A TIMESTAMP (no zone) becomes a TIMESTAMPTZ in `zone`, or in the session's UTC. */
function duckdbConvertText(text: string, type: "date" | "timestamp", formats: readonly StrptimeFormat[], zone?: string): string {
  const local = (timestamp: string) => (zone === undefined ? `CAST(${timestamp} AS TIMESTAMPTZ)` : duckdbInTimeZone(timestamp, zone));
  if (formats.length === 0) {
    // Only text of the ISO shape PostgreSQL's runner reads too: DuckDB's casts alone also read `2024/01/05` and more.
    const iso = `regexp_matches(${text}, ${standardString(isoTextPattern(type))})`;
    if (type === "date") return `CASE WHEN ${iso} THEN TRY_CAST(${text} AS DATE) END`;
    // The spaces around it trimmed: DuckDB's cast to a timestamp refuses some (`2024-01-05 `, ` …T24:00 `). Its seconds
    // written where ISO 8601 leaves them out before an offset: the cast reads `10:00:00Z`, not `10:00Z` (nor `10:00+02`).
    const trimmed = `regexp_replace(trim(${text}), ${standardString(MINUTES_BEFORE_OFFSET)}, ${standardString("\\1:00\\2")})`;
    if (zone === undefined) return `CASE WHEN ${iso} THEN TRY_CAST(${trimmed} AS TIMESTAMPTZ) END`;
    return `CASE WHEN NOT ${iso} THEN NULL WHEN regexp_matches(${trimmed}, ${standardString(ISO_OFFSET_END)}) THEN TRY_CAST(${trimmed} AS TIMESTAMPTZ) ELSE ${local(`TRY_CAST(${trimmed} AS TIMESTAMP)`)} END`;
  }
  // try_strptime gives a TIMESTAMPTZ for a format with %z, else a TIMESTAMP.
  const parsed = formats.map(({ format, offset }) => {
    const value = `try_strptime(${text}, ${standardString(format)})`;
    if (type === "date") return `CAST(${value} AS DATE)`;
    return offset === "none" ? local(value) : `CAST(${value} AS TIMESTAMPTZ)`;
  });
  return parsed.length === 1 ? parsed[0]! : `coalesce(${parsed.join(", ")})`;
}

/**
 * A DOUBLE's (`single`: a FLOAT's) text as PostgreSQL prints it, so that a pattern reads a float column alike on
 * both runners. Both print the shortest digits that read back as the value, but DuckDB writes a whole number
 * with `.0` (`1.0`, where PostgreSQL and ECMAScript write `1`), keeps plain notation up to 1e16 (PostgreSQL
 * switches to an exponent at 1e15, 1e6 for a 4-byte float: `1e+15`, `1.234567e+06`) and spells NaN and the
 * infinities `nan`, `inf`. Below 1e-4 and from 1e16 both write the same exponent form (`1e-05`, `1e+16`).
 */
function duckdbFloatText(expression: string, single: boolean): string {
  const text = `CAST(${expression} AS VARCHAR)`;
  const unsigned = `ltrim(${text}, '-')`;
  const whole = `split_part(${unsigned}, '.', 1)`;
  // The digits without the point and without trailing zeros: `1000000000000000.5` → `10000000000000005`.
  const digits = `rtrim(${whole} || split_part(${unsigned}, '.', 2), '0')`;
  const sign = `CASE WHEN ${expression} < 0 THEN '-' ELSE '' END`;
  const exponentForm = `${sign} || left(${digits}, 1) || CASE WHEN length(${digits}) > 1 THEN '.' || substr(${digits}, 2) ELSE '' END || 'e+' || lpad(CAST(length(${whole}) - 1 AS VARCHAR), 2, '0')`;
  return (
    `CASE WHEN isnan(${expression}) THEN 'NaN' WHEN isinf(${expression}) THEN CASE WHEN ${expression} > 0 THEN 'Infinity' ELSE '-Infinity' END ` +
    `WHEN contains(${text}, 'e') THEN ${text} WHEN abs(${expression}) >= ${single ? "1e6" : "1e15"} THEN ${exponentForm} ` +
    `ELSE regexp_replace(${text}, '\\.0$', '') END`
  );
}

const duckdb: Dialect = {
  name: "duckdb",
  decimalLiteral: asDouble("DOUBLE"),
  floatLiteral: (text) => `CAST(${text} AS DOUBLE)`,
  singleFloatLiteral: (text) => `CAST(${text} AS FLOAT)`,
  quoteIdentifier: doubleQuoted,
  stringLiteral: standardString,
  countWhere: caseCount,
  regexContains: (text, pattern) => `regexp_matches(${text}, ${pattern})`,
  charLength: (text) => `length(${text})`,
  trimsExcessSpaces: true,
  byteLength: (bytes) => `octet_length(${bytes})`,
  itemCount: (array) => `len(${array})`,
  // list_distinct leaves nulls out: a second null is a repeat too.
  hasRepeatedItems: (array) => `len(list_distinct(${array})) + least(len(${array}) - len(list_filter(${array}, lambda meshkit_item: meshkit_item IS NOT NULL)), 1) < len(${array})`,
  remainder: duckdbRemainder,
  // DuckDB casts a DECIMAL of more than 15 digits to a DOUBLE by binary arithmetic on its integer and 10^scale,
  // which is not the nearest double: a DECIMAL(38,30) 0.1 becomes 0.09999999999999999 and 1e-30 9.999999999999999e-31,
  // so a value equal to a bound failed it. Its text reads as the nearest double (as duckdbRemainder reads a double).
  wideDecimalAsDouble: (expression) => `CAST(CAST(${expression} AS VARCHAR) AS DOUBLE)`,
  castToText: (expression) => `CAST(${expression} AS VARCHAR)`,
  floatToText: duckdbFloatText,
  typedLiteral: castLiteral,
  zonedTimeLiteral: (literal) => `CAST(${literal} AS TIMETZ)`,
  unsignedHugeLiteral: (literal, nonNegativeWhole) => `CAST(${literal} AS ${nonNegativeWhole ? "UHUGEINT" : "DOUBLE"})`,
  nanosecondTimestampLiteral: (literal) => `CAST(${literal} AS TIMESTAMP_NS)`,
  // epoch() of `infinity` / `-infinity` (a DATE or TIMESTAMP may hold them) is NULL, which would read as "no value":
  // they are ±Infinity, as PostgreSQL's EXTRACT(EPOCH FROM …) gives them. The literal takes the column's type.
  epochSeconds: (expression) =>
    `CASE WHEN isinf(${expression}) THEN CASE WHEN ${expression} = 'infinity' THEN CAST('Infinity' AS DOUBLE) ELSE CAST('-Infinity' AS DOUBLE) END ELSE epoch(${expression}) END`,
  fieldAccess: (expression, field) => `(${expression}).${doubleQuoted(field)}`,
  // A row fails when at least one item does: a NULL list (or none failing) counts nothing.
  anyItem: (list, variable, predicate) => `len(list_filter(${list}, lambda ${variable}: ${predicate})) > 0`,
  convertText: duckdbConvertText,
  inTimeZone: duckdbInTimeZone,
  jsonScalar: duckdbJsonScalar,
  parameterPlaceholder: dollarPlaceholder,
  sessionTimeZoneNote: "a TIMESTAMPTZ column meets the timestamp bounds in the session's TimeZone: run SET TimeZone = 'UTC' first",
};

/** A PostgreSQL string: standard, or an E'' string where a backslash must stay one. */
function postgresQuoted(value: string): string {
  return value.includes("\\") ? `E'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'` : quotedString(value);
}

const postgresString = spelledOutControls(postgresQuoted);

/** The number of items of a PostgreSQL array: the length of its first dimension (none in an empty array). */
function postgresItemCount(array: string): string {
  return `coalesce(array_length(${array}, 1), 0)`;
}

const postgres: Dialect = {
  name: "postgres",
  // numeric holds any decimal exactly.
  decimalLiteral: (text) => `CAST(${text} AS numeric)`,
  floatLiteral: (text) => `CAST(${text} AS double precision)`,
  singleFloatLiteral: (text) => `CAST(${text} AS real)`,
  bareFloat: "double",
  quoteIdentifier: doubleQuoted,
  // An E'' string reads backslash escapes whatever standard_conforming_strings is set to, so a value
  // with a backslash means the same on every server.
  stringLiteral: postgresString,
  countWhere: filterCount,
  regexContains: (text, pattern) => `(${text} ~ ${pattern})`,
  regexPattern: postgresPattern,
  charLength: (text) => `char_length(${text})`,
  trimsExcessSpaces: true,
  byteLength: (bytes) => `octet_length(${bytes})`,
  // An array's items are those of its first dimension, as a DuckDB LIST of LISTs has them: PostgreSQL keeps an
  // array of arrays (`integer[][]`, `{{1,2},{3,4}}`) as one array of many dimensions, whose cardinality and
  // unnest count and walk every element (4 items, and 1, 2, 3, 4), not its 2 items `{1,2}` and `{3,4}`.
  itemCount: postgresItemCount,
  // Each item is the slice of the first dimension at its subscript (`{1}`, or `{{1,2}}` of an array of arrays),
  // so items are compared whole; slices holding only NULL are equal, so a second null is a repeat too.
  hasRepeatedItems: (array) =>
    `(SELECT count(DISTINCT (${array})[meshkit_at:meshkit_at]) FROM generate_subscripts(${array}, 1) AS meshkit_items(meshkit_at)) < ${postgresItemCount(array)}`,
  // Decimals rounded to 9 places, as on the other engines (a bare numeric keeps every digit, and 1e-300
  // would be no multiple of 0.1 here while it is 0 everywhere else). numeric would hold any value, but
  // one of REMAINDER_LIMIT or more fails, as everywhere else; so do NaN and ±Infinity (above every number
  // here). A float goes through its shortest text, as on DuckDB: PostgreSQL's own cast to numeric keeps
  // 6 digits of a real (15 of a double), so the real 0.30000004 would be a multiple of 0.1.
  remainder: boundedRemainder(
    betweenLimits,
    (a, b, exact) => (exact ? `mod(${a}, ${b})` : `mod(round(CAST(CAST(${a} AS text) AS numeric), ${REMAINDER_DECIMAL_PLACES}), round(CAST(${b} AS numeric), ${REMAINDER_DECIMAL_PLACES}))`),
  ),
  // A value as PostgreSQL prints it (its type's output function, as format's %s writes it): an inet's cast to
  // text adds its netmask (`10.0.0.1/32`), which the value as stored and shown has not. NULL stays NULL (%s writes '').
  castToText: (expression) => `CASE WHEN ${expression} IS NULL THEN NULL ELSE format('%s', ${expression}) END`,
  // `money` and `oid` have no comparison with a number (`operator does not exist: money < numeric`): a number or
  // integer property held in one is read as its value, exactly (money's cast to numeric does not read the locale).
  // A `character(n)` is padded with spaces that char_length and `=` ignore but `~` reads (`'x  ' ~ '^x$'` is
  // false): its text, as a cast to text gives it, has none, as the same value in any other engine's CHAR.
  comparableValue: (expression, type, family) => {
    if (family === "number" || family === "integer") {
      if (/^\s*money\s*$/i.test(type)) return `CAST(${expression} AS numeric)`;
      if (/^\s*oid\s*$/i.test(type)) return `CAST(${expression} AS bigint)`;
    }
    // (PostgreSQL spells it `character(n)`, `char(n)`, `bpchar`, and as the standard's `nchar(n)` or `national character(n)`)
    return family === "string" && /^\s*(national\s+(character|char)|nchar|character|char|bpchar)\s*(\(\s*\d+\s*\))?\s*$/i.test(type) ? `CAST(${expression} AS text)` : undefined;
  },
  // These types have no btree or hash equality: GROUP BY refuses them ("could not identify an equality
  // operator for type json"), also as an array's items. Their text groups them, as DuckDB groups JSON.
  groupableValue: (expression, type) => (/^\s*(json|xml|point|line|lseg|box|path|polygon|circle)\s*(\[\d*\]\s*)*$/i.test(type) ? `CAST(${expression} AS TEXT)` : expression),
  typedLiteral: castLiteral,
  epochSeconds: (expression) => `EXTRACT(EPOCH FROM ${expression})`,
  inTimeZone: (timestamp, zone) => `(${timestamp} AT TIME ZONE ${postgresString(zone)})`,
  convertText: (text, type, formats, zone) => postgresConvertText(text, type, formats, postgresString, zone),
  readsTextFormats: postgresReadsTextFormats,
  parameterPlaceholder: dollarPlaceholder,
  // An untyped parameter takes the type of the column it meets: `bigint_column < $1` refuses 0.5 and
  // 1e19. numeric holds every number exactly; against a double column it is compared as a double.
  numberParameter: (placeholder) => `CAST(${placeholder} AS numeric)`,
  sessionTimeZoneNote: "a timestamptz column meets the timestamp bounds in the session's TimeZone: run SET TIME ZONE 'UTC' first",
};

/**
 * A wall-clock timestamp's text (`2024-01-02`, `2024-01-02t10:30`, `2024-01-02T10:30:00.5`) as its date and its
 * time written to the seconds (`10:30:00`, `10:30:00.5`; midnight for a date alone), or undefined for other text.
 */
function timestampParts(text: string): { date: string; time: string } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?)?$/.exec(text);
  if (!match) return undefined;
  const [, date, hoursMinutes = "00:00", seconds = ":00"] = match;
  return { date: date!, time: `${hoursMinutes}${seconds}` };
}

/**
 * A wall-clock timestamp's text as `YYYY-MM-DD HH:MM:SS[.fraction]`, the form every engine's cast reads,
 * with at most `fractionDigits` decimals (the engine's finest; more are cut, as DuckDB's cast cuts them);
 * other text as it is.
 */
function canonicalTimestampText(text: string, fractionDigits: number): string {
  const parts = timestampParts(text);
  if (!parts) return text;
  const [seconds, fraction] = parts.time.split(".");
  return `${parts.date} ${seconds}${fraction ? `.${fraction.slice(0, fractionDigits)}` : ""}`;
}

/**
 * Snowflake folds unquoted names to upper case, and tables are usually created unquoted (meshkit
 * provision writes every name upper case): a quoted lower-case name would miss them. Plain names (what
 * Snowflake reads unquoted: a letter or `_`, then letters, digits, `_` and `$`, as in `amount$usd`) stay
 * bare so they resolve as Snowflake users expect; a reserved word must be quoted, so it is quoted as it
 * folds (`order` → `"ORDER"`, the table provision made); anything else (spaces, quotes, non-ASCII) is
 * quoted and matched exactly.
 */
function snowflakeIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name)) return doubleQuoted(name);
  const folded = name.toUpperCase();
  return SNOWFLAKE_RESERVED_WORDS.has(folded) ? doubleQuoted(folded) : name;
}

const snowflake: Dialect = {
  name: "snowflake",
  decimalLiteral: asDouble("FLOAT"),
  wideIntegerLiteral: decimalOrDouble("FLOAT"),
  floatLiteral: (text) => `CAST(${text} AS FLOAT)`,
  quoteIdentifier: snowflakeIdentifier,
  stringLiteral: backslashString,
  countWhere: (condition) => `COUNT_IF(${condition})`,
  // REGEXP_LIKE anchors the pattern at both ends; REGEXP_INSTR searches, as a JSON Schema pattern does.
  regexContains: (text, pattern) => `(REGEXP_INSTR(${text}, ${pattern}) > 0)`,
  regexPattern: snowflakeRegexPattern,
  charLength: (text) => `LENGTH(${text})`,
  trimsExcessSpaces: false,
  // LENGTH of a BINARY value is its number of bytes.
  byteLength: (bytes) => `LENGTH(${bytes})`,
  itemCount: (array) => `ARRAY_SIZE(${array})`,
  // NUMBER cannot hold NaN, ±inf or 1e29 (the cast fails): they are no multiple. NaN is above every number here.
  remainder: boundedRemainder((x) => `ABS(CAST(${x} AS FLOAT)) < ${REMAINDER_LIMIT}`, remainderWith((a, b) => `MOD(${a}, ${b})`, `NUMBER(38, ${REMAINDER_DECIMAL_PLACES})`)),
  castToText: (expression) => `CAST(${expression} AS VARCHAR)`,
  // TIMESTAMP is whatever TIMESTAMP_TYPE_MAPPING says (LTZ on some accounts, read in the session's zone);
  // the bound is a UTC wall clock, which TIMESTAMP_NTZ holds as written.
  typedLiteral: (literal, type) => (type === "timestamp" ? `CAST(${literal} AS TIMESTAMP_NTZ)` : castLiteral(literal, type)),
  // The cast reads the text by TIMESTAMP_INPUT_FORMAT, AUTO by default: a list of formats written with an
  // upper-case `T` or a space, and timestamps hold at most 9 decimals (nanoseconds). A bound written
  // `2024-01-02t10:30`, or with ten decimals, is written as none of them, and a text the cast does not read
  // stops the whole scan: it is written `2024-01-02 10:30:00`, the form of the list's `YYYY-MM-DD HH24:MI:SS.FF`.
  utcTimestampText: (text) => canonicalTimestampText(text, 9),
  // The epoch parts read a TIMESTAMP_NTZ as UTC, and a TIMESTAMP_LTZ / _TZ as its instant. EPOCH_SECOND drops
  // the fraction (`…59.9` is a second older, failing a `ms` SLA it meets): microseconds, as DuckDB and
  // PostgreSQL hold them, divided into seconds. The epoch parts are for timestamps: a DATE becomes the
  // TIMESTAMP_NTZ of its midnight first (not a TIMESTAMP, which TIMESTAMP_TYPE_MAPPING may make an LTZ,
  // midnight in the session's zone).
  epochSeconds: (expression, family) => `(DATE_PART(EPOCH_MICROSECOND, ${family === "date" ? `CAST(${expression} AS TIMESTAMP_NTZ)` : expression}) / 1000000)`,
  sessionTimeZoneNote: "TIMESTAMP_LTZ and TIMESTAMP_TZ columns meet the timestamp bounds in the session's TIMEZONE: run ALTER SESSION SET TIMEZONE = 'UTC' first",
};

/** BIGNUMERIC: 76 digits, 38 after the point; BigQuery compares INT64 and NUMERIC with it as BIGNUMERIC, FLOAT64 as FLOAT64. */
function bigqueryDecimal(text: string, digits: string): string {
  const { precision, scale } = decimalDigits(digits);
  return `CAST(${text} AS ${precision <= 76 && scale <= 38 ? "BIGNUMERIC" : "FLOAT64"})`;
}

const bigquery: Dialect = {
  name: "bigquery",
  decimalLiteral: bigqueryDecimal,
  // An integer literal is an INT64: a wider one (up to 2^127) is a BIGNUMERIC, compared with an INT64 column exactly.
  wideIntegerLiteral: bigqueryDecimal,
  floatLiteral: (text) => `CAST(${text} AS FLOAT64)`,
  // Quoted identifiers take the same escapes as strings (and, like them, no raw line break).
  quoteIdentifier: (name) => backslashQuoted(name, "`"),
  stringLiteral: backslashString,
  countWhere: (condition) => `COUNTIF(${condition})`,
  regexContains: (text, pattern) => `REGEXP_CONTAINS(${text}, ${pattern})`,
  charLength: (text) => `CHAR_LENGTH(${text})`,
  trimsExcessSpaces: false,
  byteLength: (bytes) => `BYTE_LENGTH(${bytes})`,
  itemCount: (array) => `ARRAY_LENGTH(${array})`,
  // MOD takes INT64, NUMERIC and BIGNUMERIC, not FLOAT64; NUMERIC has 9 decimal places.
  // NUMERIC cannot hold NaN, ±inf or 1e29 (the cast fails): they are no multiple. NaN compares false.
  remainder: boundedRemainder(betweenLimits, remainderWith((a, b) => `MOD(${a}, ${b})`, "NUMERIC")),
  castToText: (expression) => `CAST(${expression} AS STRING)`,
  // GROUP BY takes every type "except for: GEOGRAPHY, JSON", which are not orderable either (the whole
  // duplicates query would fail): their text groups them, as DuckDB groups JSON.
  groupableValue: (expression, type) => {
    if (/^\s*json\s*$/i.test(type)) return `TO_JSON_STRING(${expression})`;
    return /^\s*geography\s*$/i.test(type) ? `ST_ASTEXT(${expression})` : expression;
  },
  // DATETIME and TIMESTAMP do not coerce to each other, so `datetime_column < CAST('…' AS TIMESTAMP)` has
  // no matching signature; a string literal coerces to the type of the column it is compared with.
  typedLiteral: (literal) => literal,
  // BigQuery coerces a timestamp text in its canonical format only, `YYYY-[M]M-[D]D[( |T)[H]H:[M]M:[S]S[.DDDDDD]]`:
  // seconds written and at most six decimals, else the literal, and the whole scan, fails.
  utcTimestampText: (text) => canonicalTimestampText(text, 6),
  // UNIX_SECONDS drops the fraction of a second; DuckDB's epoch keeps it. A DATETIME or DATE is read as UTC.
  epochSeconds: (expression) => `(UNIX_MICROS(CAST(${expression} AS TIMESTAMP)) / 1000000)`,
  // Comparisons follow IEEE 754: `NaN > 900` is false.
  isNaN: (expression) => `IS_NAN(${expression})`,
  // A TIMESTAMP is an instant and a DATETIME is read as UTC, but a project or organisation may set a
  // `default_time_zone` (and a script `@@time_zone`) that a zoneless text is then read in: the bounds
  // would move by the offset. Tools that compare across engines pin the session to UTC for that reason.
  sessionTimeZoneNote: "a timestamp bound written without a zone is read in the default time zone a project or session may set: run SET @@time_zone = 'UTC' first",
};

/** Trino's and Spark's regular expressions are Java's: see javaPattern; each names Unicode scripts its own way (javaProperties). */
const trinoRegexPattern = (pattern: string): PatternTranslation => ({ pattern: javaProperties(javaPattern(pattern), "trino") });
const sparkRegexPattern = (pattern: string): PatternTranslation => ({ pattern: javaProperties(javaPattern(pattern), "java") });

const trino: Dialect = {
  name: "trino",
  decimalLiteral: asDouble("DOUBLE"),
  // A number literal without a point is a BIGINT ("Invalid numeric literal" beyond): a wider integer is a
  // DECIMAL literal of its digits, which a BIGINT column meets exactly, up to DECIMAL's 38 digits.
  wideIntegerLiteral: (text, digits) => (decimalDigits(digits).precision <= 38 ? `DECIMAL ${text}` : `CAST(${text} AS DOUBLE)`),
  floatLiteral: (text) => `CAST(${text} AS DOUBLE)`,
  singleFloatLiteral: (text) => `CAST(${text} AS REAL)`,
  quoteIdentifier: doubleQuoted,
  stringLiteral: standardString,
  countWhere: filterCount,
  regexContains: (text, pattern) => `regexp_like(${text}, ${pattern})`,
  regexPattern: trinoRegexPattern,
  charLength: (text) => `length(${text})`,
  trimsExcessSpaces: true,
  // length of a varbinary is its number of bytes.
  byteLength: (bytes) => `length(${bytes})`,
  itemCount: (array) => `cardinality(${array})`,
  // A DECIMAL cannot hold NaN, ±Infinity or 1e29 (the cast fails): they are no multiple (NaN compares
  // false). The cast reads a DOUBLE by its shortest text and a REAL by the float's own (Java's
  // `BigDecimal.valueOf(double)`, and `new BigDecimal(String.valueOf(float))`), as DuckDB does: a REAL needs no detour, and must not take
  // one through VARCHAR, which keeps 7 digits of it (`CAST(REAL '0.30000004' AS VARCHAR)` is `3.0E-1`).
  remainder: boundedRemainder(betweenLimits, remainderWith((a, b) => `mod(${a}, ${b})`, REMAINDER_DECIMAL)),
  castToText: (expression) => `CAST(${expression} AS VARCHAR)`,
  // TIMESTAMP is timestamp(3), so a cast rounds `…59.123456` to `…59.123`; a timestamp literal keeps the
  // precision written (`TIMESTAMP '… 23:59:59.123456'` is a timestamp(6)).
  typedLiteral: (literal, type) => (type === "timestamp" ? `TIMESTAMP ${literal}` : castLiteral(literal, type)),
  // Trino's timestamp text has a space between date and time, never a `T`; a literal holds at most 12
  // decimals (picoseconds: "precision must be in the range [0, 12]"), so a finer fraction is cut, as DuckDB's cast cuts it.
  utcTimestampText: (text) => text.replace(/^(\d{4}-\d{2}-\d{2})[Tt](?=\d)/, "$1 ").replace(/(:\d{2}\.\d{12})\d+$/, "$1"),
  // to_unixtime takes a timestamp with time zone, and a plain one would get the session's zone on the way:
  // with_timezone reads it as UTC instead. (A column with its own zone is read by its wall clock.) To the
  // microsecond, as DuckDB and PostgreSQL hold it: a bare TIMESTAMP is timestamp(3), whose cast rounds
  // `…59.9996` up to the next second, an age 0.4 ms short (or a newest value in the future).
  epochSeconds: (expression) => `to_unixtime(with_timezone(CAST(${expression} AS TIMESTAMP(6)), 'UTC'))`,
  // Comparisons follow IEEE 754: `nan() > 900` is false.
  isNaN: (expression) => `is_nan(${expression})`,
  sessionTimeZoneNote:
    "a timestamp with time zone column meets the timestamp bounds in the session's time zone (run SET TIME ZONE 'UTC' first), and its age is read from its wall clock in its own zone (right for values stored in UTC)",
};

/**
 * A DECIMAL cannot hold NaN, ±Infinity or 1e29 (NULL, or an error in ANSI mode): they are no multiple. NaN is
 * above every number here. The cast to DECIMAL reads a DOUBLE by its shortest text (Java's `Double.toString`),
 * but widens a FLOAT to a DOUBLE first (0.1 becomes 0.100000001): a FLOAT goes through its own text (`Float.toString`,
 * `0.1`, or `1.0E10`, which the cast reads too).
 */
function sparkRemainder(a: string, b: string, exact: boolean, singleFloat = false): string {
  const decimalRemainder = remainderWith(percent, REMAINDER_DECIMAL);
  const fromText = (x: string, y: string, e: boolean) => decimalRemainder(singleFloat && !e ? `CAST(${x} AS STRING)` : x, y, e);
  return boundedRemainder((x) => `abs(CAST(${x} AS DOUBLE)) < ${REMAINDER_LIMIT}`, fromText)(a, b, exact);
}

/**
 * A bare text cast to TIMESTAMP is read in spark.sql.session.timeZone; a `Z` suffix makes it the UTC instant.
 * Spark's cast takes a zone only after the seconds, and only `T` or a space before the time: `2024-01-02 00:00Z`,
 * `2024-01-02Z` and `2024-01-02t00:00:00Z` are NULL (an error in ANSI mode), and a bound of NULL counts no row.
 * So the text is written out whole: `2024-01-02` is `2024-01-02 00:00:00Z`, `2024-01-02t10:30` `2024-01-02 10:30:00Z`.
 */
function sparkUtcTimestampText(text: string): string {
  const parts = timestampParts(text);
  return parts ? `${parts.date} ${parts.time}Z` : text;
}

const spark: Dialect = {
  name: "spark",
  timeType: false,
  decimalLiteral: asDouble("DOUBLE"),
  wideIntegerLiteral: decimalOrDouble("DOUBLE"),
  floatLiteral: (text) => `CAST(${text} AS DOUBLE)`,
  singleFloatLiteral: (text) => `CAST(${text} AS FLOAT)`,
  quoteIdentifier: (name) => `\`${name.replaceAll("`", "``")}\``,
  stringLiteral: backslashString,
  countWhere: filterCount,
  regexContains: (text, pattern) => `(${text} RLIKE ${pattern})`,
  regexPattern: sparkRegexPattern,
  charLength: (text) => `char_length(${text})`,
  trimsExcessSpaces: true,
  byteLength: (bytes) => `octet_length(${bytes})`,
  itemCount: (array) => `size(${array})`,
  remainder: sparkRemainder,
  castToText: (expression) => `CAST(${expression} AS STRING)`,
  typedLiteral: castLiteral,
  // unix_timestamp drops the fraction of a second; unix_micros keeps it. A TIMESTAMP (with local time
  // zone, Spark's default) is an instant; a DATE or TIMESTAMP_NTZ is cast in spark.sql.session.timeZone.
  epochSeconds: (expression) => `(unix_micros(CAST(${expression} AS TIMESTAMP)) / 1000000)`,
  utcTimestampText: sparkUtcTimestampText,
  sessionTimeZoneNote: "DATE and TIMESTAMP_NTZ columns are read in spark.sql.session.timeZone for their ages and the timestamp bounds: run SET TIME ZONE 'UTC' first",
};

const DIALECTS: Record<DialectName, Dialect> = { duckdb, postgres, snowflake, bigquery, trino, spark };

export function isDialectName(name: string): name is DialectName {
  return (DIALECT_NAMES as readonly string[]).includes(name);
}

/** The dialect called `name`; a UsageError (exit 2) naming the choices otherwise. */
export function getDialect(name: string): Dialect {
  if (!isDialectName(name)) throw new UsageError(`unknown SQL dialect \`${name}\`: use one of ${DIALECT_NAMES.join(", ")}`);
  return DIALECTS[name];
}
