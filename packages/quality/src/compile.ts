/**
 * Check plan → SQL. All of an object's row-level checks (null, missing, invalid, length, pattern, range,
 * key nulls, newest/oldest timestamps, SQL rules that count rows matching a predicate) and its row count
 * are compiled into ONE aggregate scan; each distinct set of uniqueness columns is one GROUP BY query,
 * which also returns the most repeated keys; every other SQL rule is its own query. Values go through
 * `ValueSink`: bound `$n` parameters for runners that bind them, escaped literals otherwise.
 */
import { type Check, type NestedReading, type NestedStep, type ObjectPlan, type PropertyPlan, type QualityPlan, type RowCondition, type SqlLiteral, characterLengthCheck, maskedColumns, nestedPlace } from "./checks.js";
import { substituteSqlPlaceholders } from "./quality-rules.js";
import { withoutFinalSemicolon } from "@meshkit/core";
import { type Dialect, rawControlCharacter } from "./dialects.js";
import { postgresReadsTextFormats } from "./postgres-text-dates.js";
import { MASKED_VALUE } from "./masking.js";
import { resolveNestedType } from "./nested-types.js";
import type { StrptimeFormat } from "./temporal-formats.js";
import { withTextComparisons } from "./text-comparisons.js";
import { DOUBLE_EXACT_DIGITS, type TypeFamily, decimalTypeDigits, familyOfSqlType, hasTimeZone, isBinaryType, isNanosecondTimestamp, isSingleFloat, isUnsignedHugeInteger, isZonedTime } from "./type-families.js";
import { optional } from "./values.js";

/** A bigint is a whole number beyond 2^53 written in the contract, which no double holds. */
export type SqlParameter = string | number | bigint | boolean;

export interface CompiledQuery {
  sql: string;
  /** Values of `$1`, `$2`, … in order; empty when values are inlined. */
  params: SqlParameter[];
}

export interface CompileOptions {
  /** Name parts of the object's table or view (e.g. `[schema, table]`); default `[object.physicalName]`. */
  relation?: readonly string[];
  /** `bound`: values as `$n` parameters (needs a dialect that has them); `inline` (default): escaped literals. */
  parameters?: "bound" | "inline";
  /** Repeated keys a duplicate query returns (default DEFAULT_SAMPLE_SIZE). */
  sampleSize?: number;
  /**
   * The scan also reads every column whose type check is among the checks (`count(column)`): a file's
   * types are inferred from its first rows, and a value further down that the type cannot hold is only
   * met by a query that reads the column.
   */
  readTypedColumns?: boolean;
  /** Columns read otherwise than as stored, by column name (see ColumnReading). */
  readings?: ReadonlyMap<string, ColumnReading>;
  /** The data's type of each column (the engine's name for it, or the declared physicalType), by column name, where known. */
  columnTypes?: ReadonlyMap<string, string>;
}

/**
 * How checks read a column the data does not type fully: text converted to the declared date or timestamp
 * (with the property's strptime formats, else as ISO 8601; NULL where a value does not convert, which the
 * type check counts as `unreadableText`); a column the engine compares otherwise than its property's family
 * would (Dialect.comparableValue: PostgreSQL's `money`, a padded `character(n)`); a timestamp without time zone read as wall-clock time in the
 * property's `defaultTimezone`; or a column the runner already converted from text (a CSV field declared
 * DECIMAL(p,s)), whose text is in the column `text` (NULL where empty) and whose value is NULL where the
 * text did not convert. A text reading's `isString` names the column that is true where the text is a JSON
 * string's (see ColumnInfo.isString): the text of another JSON value is read as no date.
 */
export type ColumnReading =
  | { from: "text"; type: "date" | "timestamp"; formats: readonly StrptimeFormat[]; zone?: string; isString?: string }
  | { from: "localTimestamp"; zone: string }
  | { from: "converted"; text: string; type: string }
  | { from: "comparable"; type: string; family: TypeFamily };

/**
 * How the checks of `property` read its column, of type `column.type`: the engine's name for it, or, where
 * there is no data (`--emit-sql`), the type the contract declares. Undefined when they read it as stored.
 */
export function columnReading(property: PropertyPlan, column: { type: string; text?: string; isString?: string }, dialect: Dialect): ColumnReading | undefined {
  if (column.text !== undefined) return { from: "converted", text: column.text, type: column.type };
  const expected = property.expected;
  if (expected !== undefined && dialect.comparableValue?.("", column.type, expected) !== undefined) return { from: "comparable", type: column.type, family: expected };
  if (expected !== "date" && expected !== "timestamp") return undefined;
  const family = familyOfSqlType(column.type);
  const zone = property.temporal?.defaultTimezone;
  const formats = property.temporal?.format?.strptime ?? [];
  if (family === "string" && convertsText(dialect, formats)) return { from: "text", type: expected, formats, ...optional("zone", zone), ...optional("isString", column.isString) };
  if (family === "timestamp" && !hasTimeZone(column.type) && dialect.inTimeZone && zone !== undefined && zone.toUpperCase() !== "UTC") return { from: "localTimestamp", zone };
  return undefined;
}

/** Whether the dialect reads text as dates by `formats` (strptime; ISO 8601 when none): see Dialect.convertText. */
export function convertsText(dialect: Dialect, formats: readonly StrptimeFormat[]): boolean {
  return dialect.convertText !== undefined && (dialect.readsTextFormats?.(formats) ?? true);
}

/** The SQL of a column's value as checks compare it: its name, or its reading (the dialect quotes its formats and zone). */
function columnValue(column: string, dialect: Dialect, options: CompileOptions): string {
  const name = dialect.quoteIdentifier(column);
  const reading = options.readings?.get(column);
  if (!reading || reading.from === "converted") return name;
  if (reading.from === "comparable") return dialect.comparableValue!(name, reading.type, reading.family)!;
  if (reading.from === "text") {
    if (!dialect.convertText) throw new Error(`the ${dialect.name} dialect does not convert text to dates`);
    const converted = dialect.convertText(name, reading.type, reading.formats, reading.zone);
    return reading.isString === undefined ? converted : `CASE WHEN ${dialect.quoteIdentifier(reading.isString)} THEN ${converted} END`;
  }
  if (!dialect.inTimeZone) throw new Error(`the ${dialect.name} dialect does not read timestamps in a time zone`);
  return dialect.inTimeZone(name, reading.zone);
}

/**
 * Whether a column's values, as checks read them, are dates or timestamps: text converted to the declared
 * type, else by the data's type, else as the contract declares the property; undefined where nothing says.
 */
function temporalFamily(object: ObjectPlan, column: string, options: CompileOptions): "date" | "timestamp" | undefined {
  const reading = options.readings?.get(column);
  if (reading?.from === "text") return reading.type;
  const type = options.columnTypes?.get(column);
  const family = type !== undefined ? familyOfSqlType(type) : object.properties.find((p) => p.column === column)?.expected;
  return family === "date" || family === "timestamp" ? family : undefined;
}

/**
 * Where a check's measurement is in the scan's single result row (column 0 is the row count): failing
 * rows, a key's null rows, or the epoch seconds of the newest/oldest value, by the check's measure.
 */
export interface ScanTerm {
  checkId: string;
  column: number;
}

export interface ObjectScan {
  query: CompiledQuery;
  terms: ScanTerm[];
}

/**
 * Rows of a duplicate query: one per repeated key, most repeated first, at most the sample size (and at
 * least one row when there are repeated keys at all). Each row holds the key columns (masked where
 * classified), the key's number of rows, then the two counts over all repeated keys.
 */
export interface DuplicateQuery {
  /** duplicateGroupKey of its checks. */
  key: string;
  columns: string[];
  /** The duplicateRows and keyViolations checks that read this query's `duplicate_rows`. */
  checkIds: string[];
  query: CompiledQuery;
}

/** Failing rows fetched per failed check unless told otherwise. */
export const DEFAULT_SAMPLE_SIZE = 5;

/** Checks measured by the scan. */
export function isScanCheck(check: Check): boolean {
  const measure = check.measure;
  const kind = measure.kind;
  return kind === "failingRows" || kind === "keyViolations" || kind === "age" || kind === "rowCount" || (kind === "sqlValue" && measure.countWhere !== undefined);
}

/** The path inside its column a nested property's check reads; undefined for a top-level check. */
export function nestedSteps(check: Check): readonly NestedStep[] | undefined {
  const measure = check.measure;
  if (measure.kind === "columnPresent" || measure.kind === "columnType") return measure.steps;
  if (measure.kind === "failingRows" && measure.condition.kind === "nested") return measure.condition.steps;
  return undefined;
}

/** Whether a dialect reaches into STRUCT fields and LIST items (DuckDB). */
export function readsNested(dialect: Dialect): boolean {
  return dialect.fieldAccess !== undefined && dialect.anyItem !== undefined;
}

/** Whether a column is declared a list or a structure (`array`, `object`): values no engine orders alike. */
function isCollection(object: ObjectPlan, column: string): boolean {
  const expected = object.properties.find((p) => p.column === column)?.expected;
  return expected === "array" || expected === "object";
}

/**
 * Why a check is not run in `dialect` (a `quality-not-checked` warning): a check the plan does not run, a
 * nested property's check where the dialect cannot reach nested values, or a pattern it cannot read.
 * Undefined when it runs.
 */
export function notCheckedReason(check: Check, dialect: Dialect): string | undefined {
  if (check.measure.kind === "notChecked") return check.measure.reason;
  // A nested property's existence and type are read from the column's type name, on any engine; its values need the dialect.
  const steps = check.measure.kind === "failingRows" ? nestedSteps(check) : undefined;
  if (steps && !readsNested(dialect)) return `nested property \`${check.property ?? check.id}\` (${nestedPlace(steps)}) is checked on DuckDB only, not on ${dialect.name}`;
  const measure = check.measure;
  if (measure.kind !== "failingRows") return undefined;
  const name = check.property ?? check.id;
  if (!dialect.hasRepeatedItems && findCondition(measure.condition, (c) => (c.kind === "repeatedItems" ? true : undefined))) return `uniqueItems of \`${name}\` is checked on DuckDB and PostgreSQL only, not on ${dialect.name}`;
  if (dialect.timeType === false && findCondition(measure.condition, (c) => (c.kind === "compare" && c.value.type === "time" ? true : undefined))) return `the time bound of \`${name}\` is not checked on ${dialect.name}, which has no TIME type`;
  // The engine would refuse the pattern, and with it the whole scan: every other check of the object too.
  const unreadable = findCondition(measure.condition, (c) => {
    const read = c.kind === "notMatching" ? dialect.regexPattern?.(c.pattern) : undefined;
    return read && "unsupported" in read ? read.unsupported : undefined;
  });
  if (unreadable !== undefined) return `the pattern of \`${name}\` uses ${unreadable}, which ${dialect.name} cannot read`;
  return undefined;
}

/**
 * notCheckedReason for SQL written from the contract alone (`--emit-sql`), where no data says how a column
 * is held: also a date or timestamp the contract declares held as text (a physicalType such as VARCHAR),
 * whose bounds, dated value lists and ages only DuckDB's and PostgreSQL's SQL convert the text for (PostgreSQL's
 * not by every format: Dialect.readsTextFormats). Elsewhere the comparison fails (Trino: text against a
 * timestamp) or compares text (BigQuery).
 */
export function emittedNotCheckedReason(check: Check, object: ObjectPlan, dialect: Dialect, relation: readonly string[] = [object.physicalName]): string | undefined {
  const own = notCheckedReason(check, dialect) ?? rawControlReason(check, object, dialect, relation);
  if (own !== undefined) return own;
  const property = object.properties.find((p) => p.name === check.property);
  if ((property?.expected !== "date" && property?.expected !== "timestamp") || property.physicalType === undefined || familyOfSqlType(property.physicalType) !== "string") return undefined;
  if (convertsText(dialect, property.temporal?.format?.strptime ?? [])) return undefined;
  const dated = (literal: SqlLiteral) => literal.type === "date" || literal.type === "timestamp";
  const readsAsDate =
    check.measure.kind === "age" ||
    (check.measure.kind === "failingRows" &&
      findCondition(check.measure.condition, (c) => ((c.kind === "compare" && dated(c.value)) || ((c.kind === "inList" || c.kind === "notInList") && c.values.some(dated)) ? true : undefined)) === true);
  if (!readsAsDate) return undefined;
  // PostgreSQL's SQL converts text, but not by every format (a 12-hour clock without AM/PM); DuckDB's converts by any
  // (the runners meshkit test executes): only those that convert this property's text are named.
  const byPostgres = dialect.convertText === undefined && postgresReadsTextFormats(property.temporal?.format?.strptime ?? []);
  const how = dialect.convertText ? ` by its format \`${property.temporal?.format?.pattern}\`` : "";
  return `\`${property.name}\` is a ${property.expected} held as text (${property.physicalType}), which ${dialect.name}'s SQL here does not convert${how} (${byPostgres ? "DuckDB's and PostgreSQL's do" : "DuckDB's does"})`;
}

/** The names of the columns (and nested fields) a check's SQL names: `column`, `columns` and nested `steps` anywhere in its measure. */
function namesInMeasure(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(namesInMeasure);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    if ((key === "column" || key === "name") && typeof inner === "string") return [inner];
    if (key === "columns" && Array.isArray(inner)) return inner.filter((c): c is string => typeof c === "string");
    return key === "condition" || key === "conditions" || key === "steps" ? namesInMeasure(inner) : [];
  });
}

/**
 * Why a check's SQL is not printed: a name it puts in SQL (the object's table and the server's containers it is
 * named in, `relation`; a column, a nested field) or its SQL rule's query holds a control character (an ESC, a NUL)
 * that the dialect's quoting would write raw, where no identifier syntax spells it (values are spelled out, `chr(27)`;
 * BigQuery's quoted names take `\u001b`). A NUL ends the statement for PostgreSQL's wire protocol, and an ESC drives
 * the terminal `--emit-sql` prints to.
 */
function rawControlReason(check: Check, object: ObjectPlan, dialect: Dialect, relation: readonly string[]): string | undefined {
  const measure = check.measure;
  if (measure.kind === "notChecked" || measure.kind === "unrunnable" || measure.kind === "columnPresent" || measure.kind === "columnType") return undefined;
  // The server's database, schema or dataset the table is named in, then the table and the columns.
  const containers = relation.slice(0, -1);
  for (const [i, name] of [...containers, ...relation.slice(-1), ...namesInMeasure(measure)].entries()) {
    const control = rawControlCharacter(dialect.quoteIdentifier(name));
    const rename = i < containers.length ? "rename it in the server, or emit for another --server" : "rename the column or table";
    if (control !== undefined) return `the name \`${name}\` holds the control character ${control}, which ${dialect.name} SQL cannot spell in a name: its SQL is not printed (${rename})`;
  }
  const control = measure.kind === "sqlValue" ? rawControlCharacter(measure.query) : undefined;
  return control === undefined ? undefined : `its query holds the control character ${control}, which is not printed raw: write it with the engine's function (\`chr(27)\`, \`CHR(27)\`)`;
}

/** The first answer `read` gives for `condition` or a condition inside it (of `anyOf`, `nested`). */
function findCondition<T>(condition: RowCondition, read: (c: RowCondition) => T | undefined): T | undefined {
  const own = read(condition);
  if (own !== undefined || (condition.kind !== "anyOf" && condition.kind !== "nested")) return own;
  const inner = condition.kind === "nested" ? [condition.condition] : condition.conditions;
  for (const c of inner) {
    const found = findCondition(c, read);
    if (found !== undefined) return found;
  }
  return undefined;
}

const NAN: SqlLiteral = { type: "float", value: "NaN" };

function isNaNLiteral(literal: SqlLiteral): boolean {
  return literal.type === "float" && literal.value === "NaN";
}

/** The smallest normal 4-byte float, 2^-126. */
const SMALLEST_NORMAL_SINGLE = 2 ** -126;

/** The largest 64-bit integer; its negative is the smallest one a literal writes (`-` then a BIGINT). */
const INT64_MAX = 2n ** 63n - 1n;

/** Collects the values of a query as parameters or literals. */
class ValueSink {
  readonly params: SqlParameter[] = [];

  constructor(
    private readonly dialect: Dialect,
    private readonly mode: "bound" | "inline",
  ) {
    if (mode === "bound" && !dialect.parameterPlaceholder) throw new Error(`the ${dialect.name} dialect has no bound parameters; compile it with parameters: "inline"`);
  }

  value(value: SqlParameter): string {
    if (this.mode === "bound") {
      this.params.push(value);
      const placeholder = this.dialect.parameterPlaceholder!(this.params.length);
      return (typeof value === "number" || typeof value === "bigint") && this.dialect.numberParameter ? this.dialect.numberParameter(placeholder) : placeholder;
    }
    if (typeof value === "string") return this.dialect.stringLiteral(value);
    if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
    // Its digits, which DuckDB reads as a HUGEINT and PostgreSQL, Snowflake and Spark as a decimal; where a
    // literal is a 64-bit integer at most, a wider one is the dialect's own.
    if (typeof value === "bigint") {
      const wide = value > INT64_MAX || value < -INT64_MAX;
      return wide && this.dialect.wideIntegerLiteral ? this.dialect.wideIntegerLiteral(this.dialect.stringLiteral(value.toString()), value.toString()) : value.toString();
    }
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    const text = String(value);
    // A double that is a whole number beyond 64 bits and below 1e21 prints as bare digits (`1e19` is
    // `10000000000000000000`), which Trino and BigQuery read as a 64-bit integer literal and refuse: such a
    // number is written as the whole number it is.
    if (/^-?\d+$/.test(text) && (BigInt(text) > INT64_MAX || BigInt(text) < -INT64_MAX)) return this.value(BigInt(text));
    return text;
  }

  /** A timestamp as written, without an offset: the wall-clock time a zone then reads. */
  wallClock(text: string): string {
    return this.dialect.typedLiteral(this.value(text), "timestamp");
  }

  /**
   * A number as the 4-byte float a single-precision column holds for it (see Dialect.singleFloatLiteral);
   * undefined for any other literal, and for a number no float stands for: beyond a float's range (every
   * float is below 1e39, an infinity excepted) or too small for a normal float (1e-40 is not 0).
   */
  singleFloat(literal: SqlLiteral): string | undefined {
    if (!this.dialect.singleFloatLiteral) return undefined;
    const text = literal.type === "number" ? String(literal.value) : literal.type === "integer" || literal.type === "decimal" ? literal.value : undefined;
    if (text === undefined) return undefined;
    const single = Math.abs(Math.fround(Number(text)));
    if (single !== 0 ? !(single >= SMALLEST_NORMAL_SINGLE && single < Number.POSITIVE_INFINITY) : Number(text) !== 0) return undefined;
    return this.dialect.singleFloatLiteral(this.value(text));
  }

  literal(literal: SqlLiteral): string {
    if (literal.type === "timestamp" && this.dialect.utcTimestampText) return this.dialect.typedLiteral(this.value(this.dialect.utcTimestampText(literal.value)), literal.type);
    if (literal.type === "date" || literal.type === "timestamp" || literal.type === "time") return this.dialect.typedLiteral(this.value(literal.value), literal.type);
    if (literal.type === "integer") return this.value(BigInt(literal.value));
    // Its text, bound or quoted, cast to the engine's exact decimal: a bare literal, or a number parameter, may be a double.
    if (literal.type === "decimal") return this.dialect.decimalLiteral(this.value(literal.value), literal.value);
    if (literal.type === "float") return this.dialect.floatLiteral(this.value(literal.value));
    return this.value(literal.value);
  }
}

function relationOf(object: ObjectPlan, dialect: Dialect, options: CompileOptions): string {
  return (options.relation ?? [object.physicalName]).map((part) => dialect.quoteIdentifier(part)).join(".");
}

/** Text for a `--` comment: names come from the contract, and a line break would end the comment. */
export function commentText(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, " ");
}

/**
 * Text for a `--` comment that ends its line (commentText). Spark's lexer continues a `--` comment over a
 * line break that follows a backslash (`'--' ('\\\n' | ~[\r\n])*`), so a check id ending in one (a rule
 * named `nulls\`) would comment out the next line of SQL: a scan term, or a SQL rule's whole query. Such
 * text is followed by words that say so (a space alone would be lost to an editor trimming lines).
 */
export function endOfLineCommentText(text: string): string {
  const comment = commentText(text);
  return comment.endsWith("\\") ? `${comment} (ends in a backslash)` : comment;
}

/**
 * Lists up to this long are written as `=`/`<>` chains in sample queries. DuckDB plans `x NOT IN (…)`
 * of five or more values as a join against the list, and with that plan a `LIMIT 5` sample reads the
 * whole file instead of stopping at the fifth failing row; a chain stops. In the scan, which reads
 * everything anyway, the list form is as fast and shorter.
 */
const CHAINED_LIST_MAX = 64;

type ConditionForm = "scan" | "sample";

/**
 * A nested property's condition: the value is reached field by field (`("customer")."email"`); a field's
 * condition holds only where its parent is present (a null `customer` has no null `email`); through a
 * list's items, the row fails when any item does (nested lists nest the same way).
 */
function renderNested(condition: Extract<RowCondition, { kind: "nested" }>, dialect: Dialect, sink: ValueSink, form: ConditionForm, columns: ColumnSql): string {
  const { fieldAccess, anyItem } = dialect;
  if (!fieldAccess || !anyItem) throw new Error(`the ${dialect.name} dialect does not check nested properties`);
  // The value's type: found inside the column's type in the data, else as the nested property declares it (`--emit-sql`).
  const columnType = columns.type(condition.column);
  const resolved = columnType === undefined ? undefined : resolveNestedType(columnType, condition.steps);
  const singleFloat = isSingleFloatIn(dialect, resolved?.kind === "found" ? resolved.type : condition.physicalType);
  const walk = (expression: string, steps: readonly NestedStep[], depth: number): string => {
    let value = expression;
    let parent: string | undefined;
    for (const [i, step] of steps.entries()) {
      if (step.kind === "items") {
        // Our own name, not the contract's: a lambda's variable hides any column of the same name.
        const variable = `meshkit_item_${depth + 1}`;
        return anyItem(value, variable, walk(variable, steps.slice(i + 1), depth + 1));
      }
      parent = value;
      value = fieldAccess(value, step.name);
    }
    // A value read otherwise than held (NestedReading) is compared as it reads (NULL where it does not), tested
    // for nulls as held, and met by value lists as its text, as a top-level column read so is (ColumnSql).
    const reading = condition.reading;
    const read = reading ? readNested(value, reading, dialect) : value;
    const text = reading?.kind === "jsonScalar" ? `(${value} ->> '$')` : value;
    const inner = renderCondition(condition.condition, dialect, sink, form, {
      value: () => read,
      stored: () => value,
      ...(reading ? { heldText: () => text } : {}),
      type: () => undefined,
      singleFloat: () => singleFloat,
      mayHoldNaN: () => true,
    });
    return parent === undefined ? inner : `${parent} IS NOT NULL AND (${inner})`;
  };
  return `(${walk(dialect.quoteIdentifier(condition.column), condition.steps, 0)})`;
}

/** A nested value as its checks read it (see NestedReading). */
function readNested(value: string, reading: NestedReading, dialect: Dialect): string {
  if (reading.kind === "text") {
    if (!dialect.convertText) throw new Error(`the ${dialect.name} dialect does not convert text to dates`);
    return dialect.convertText(value, reading.type, reading.formats, reading.zone);
  }
  if (!dialect.jsonScalar) throw new Error(`the ${dialect.name} dialect does not read JSON values`);
  return dialect.jsonScalar(value, reading.family);
}

/**
 * The SQL of a column by its name, as a condition reads it: `value` for comparisons (a column's reading, see
 * ColumnReading; inside a nested condition, the nested value), `stored` for null tests (a text that does
 * not read as a date is still a value there, not a null).
 */
interface ColumnSql {
  value(column: string): string;
  stored(column: string): string;
  /**
   * The text the column's values are read from, where they are converted (a CSV field declared DECIMAL(p,s),
   * text read as dates): text in value lists compares with it, since a value that did not convert is NULL.
   */
  heldText?(column: string): string | undefined;
  /** The data's type of the column (CompileOptions.columnTypes), where known. */
  type(column: string): string | undefined;
  /** The zone a timestamp written without an offset is wall-clock time in (the property's `defaultTimezone`), where the dialect converts it. */
  zone?(column: string): string | undefined;
  /** Whether the column is a 4-byte float (`real`, DuckDB's FLOAT), whose values numbers are compared with as such floats. */
  singleFloat(column: string): boolean;
  /** Whether the column may hold NaN: not when its type (the data's, else the declared physicalType) is an exact number. */
  mayHoldNaN(column: string): boolean;
  /** Whether the column holds binary floats (its type, the data's else the declared physicalType, is no integer or decimal): read as text by Dialect.floatToText. */
  binaryFloat?(column: string): boolean;
  /** Whether the column holds bytes (its type, the data's else the declared physicalType: isBinaryType), whose lengths are counted in bytes. */
  bytes?(column: string): boolean;
}

/**
 * Whether a column of `type` can hold NaN in `dialect`: an integer or a DECIMAL cannot (PostgreSQL's numeric
 * can); a float or a type not known may. Comparing an exact column with NaN would also cast every value to a
 * double, in the one scan that every check shares.
 */
function mayHoldNaNIn(dialect: Dialect, type: string | undefined): boolean {
  if (type === undefined) return true;
  if (familyOfSqlType(type) === "integer") return false;
  return !/^\s*(?:DECIMAL|NUMERIC|DEC|NUMBER)\b/i.test(type) || dialect.name === "postgres";
}

/** Whether a column of `type` holds binary floats (DOUBLE, REAL, FLOAT, `double precision`): a number that is no integer or decimal. */
function isBinaryFloat(dialect: Dialect, type: string | undefined): boolean {
  return type !== undefined && familyOfSqlType(type) === "number" && mayHoldNaNIn(dialect, type) && !/^\s*(?:DECIMAL|NUMERIC|DEC|NUMBER)\b/i.test(type);
}

/** Whether a column of `type` holds 4-byte floats in `dialect`: never where the engine has none (Snowflake's, BigQuery's floats are doubles). */
function isSingleFloatIn(dialect: Dialect, type: string | undefined): boolean {
  return type !== undefined && dialect.singleFloatLiteral !== undefined && isSingleFloat(type, dialect.bareFloat ?? "single");
}

/**
 * Whether numbers compared with a column of `type` must meet it as doubles read by Dialect.wideDecimalAsDouble:
 * a DECIMAL(p,s) of more than DOUBLE_EXACT_DIGITS digits with a fraction, against any of `values` but a whole
 * number of at most its p - s whole digits (which the engine compares exactly, as a decimal). A whole number of
 * more cannot become that decimal at all: DuckDB's `DECIMAL(38,30) < 10000000000` is a conversion error.
 */
function readsWideDecimalAsDouble(dialect: Dialect, type: string | undefined, values: readonly SqlLiteral[]): boolean {
  const digits = dialect.wideDecimalAsDouble && type !== undefined ? decimalTypeDigits(type) : undefined;
  if (!digits || digits.precision <= DOUBLE_EXACT_DIGITS || digits.scale === 0) return false;
  const wholeDigits = digits.precision - digits.scale;
  const fitsExactly = (value: SqlLiteral) =>
    (value.type === "integer" && value.value.replace(/^-/, "").length <= wholeDigits) ||
    (value.type === "number" && Number.isInteger(value.value) && Math.abs(value.value) < 10 ** wholeDigits);
  return values.some((value) => !fitsExactly(value));
}

function columnSql(object: ObjectPlan, dialect: Dialect, options: CompileOptions): ColumnSql {
  // A converted column's text is where a value that did not convert is still a value.
  const stored = (column: string) => {
    const reading = options.readings?.get(column);
    return dialect.quoteIdentifier(reading?.from === "converted" ? reading.text : column);
  };
  // The contract's own zone, whatever the column's type: a bound written without an offset on a column WITH
  // time zone is still the contract's wall-clock time (its values carry their instants; the bound does not).
  const zone = (column: string) => {
    const declared = object.properties.find((p) => p.column === column)?.temporal?.defaultTimezone;
    return dialect.inTimeZone && declared !== undefined && declared.toUpperCase() !== "UTC" ? declared : undefined;
  };
  const type = (column: string) => options.columnTypes?.get(column);
  const declared = (column: string) => object.properties.find((p) => p.column === column)?.physicalType;
  return {
    value: (column) => columnValue(column, dialect, options),
    stored,
    heldText: (column) => {
      const from = options.readings?.get(column)?.from;
      return from === "converted" || from === "text" ? stored(column) : undefined;
    },
    type,
    zone,
    singleFloat: (column) => isSingleFloatIn(dialect, type(column)),
    mayHoldNaN: (column) => mayHoldNaNIn(dialect, type(column) ?? declared(column)),
    binaryFloat: (column) => isBinaryFloat(dialect, type(column) ?? declared(column)),
    // (the data's type where known; else the declared physicalType, else `format: binary`)
    bytes: (column) => {
      const known = type(column) ?? declared(column);
      return known !== undefined ? isBinaryType(known) : object.properties.some((p) => p.column === column && p.binary === true);
    },
  };
}

/**
 * The last instant a nanosecond timestamp holds as a finite value (2^63 - 2 ns after 1970, as DuckDB reads it from
 * text). A TIMESTAMP_NS spans 1677-09-21 to 2262-04-11 only, and a bound beyond it (a `maximum` of
 * `9999-12-31T23:59:59Z`, a `minimum` of `1600-01-01`) does not convert to one: the whole check would stop.
 */
const LAST_NANOSECOND_TIMESTAMP = "2262-04-11 23:47:16.854775806";
/** The first day DuckDB reads a nanosecond timestamp from text (it refuses every time of 1677-09-21, the range's first day). */
const FIRST_NANOSECOND_DAY = "1677-09-22";

/**
 * A timestamp bound (`YYYY-MM-DD[T ]hh:mm:ss…`) a nanosecond timestamp column is compared with: as written when
 * a TIMESTAMP_NS holds it, else the edge it lies beyond — every finite value is inside a bound beyond the range.
 * Past the end, the last finite instant (an `infinity` value still exceeds a maximum); before the start,
 * `-infinity`, as no earlier finite value reads from text.
 */
function withinNanosecondRange(text: string): string {
  const written = text.replace(/^(\d{4,}-\d{2}-\d{2})[Tt]/, "$1 ");
  // A year of five digits (10000, which a negative offset may carry a 9999-12-31 bound into) is past the end, though
  // its text sorts before `2262`.
  if (/^\d{5,}-/.test(written) || written > LAST_NANOSECOND_TIMESTAMP) return LAST_NANOSECOND_TIMESTAMP;
  return written < FIRST_NANOSECOND_DAY ? "-infinity" : text;
}

/** 2^128 - 1, the largest value of an unsigned 128-bit integer (DuckDB's UHUGEINT). */
const UNSIGNED_HUGE_MAX = 2n ** 128n - 1n;
/** 2^127 - 1, the largest value of a signed 128-bit integer (DuckDB's HUGEINT). */
const SIGNED_HUGE_MAX = 2n ** 127n - 1n;

/**
 * Whether a number is a whole one a UHUGEINT holds (0 to 2^128 - 1), so that it can meet such a column as one:
 * a bound beyond (`maximum: 1e39`) does not convert to it, and would stop the check with a Conversion Error.
 */
function isUnsignedHugeValue(value: Extract<SqlLiteral, { type: "number" | "integer" }>): boolean {
  if (value.type === "integer") return BigInt(value.value) >= 0n && BigInt(value.value) <= UNSIGNED_HUGE_MAX;
  return Number.isInteger(value.value) && value.value >= 0 && value.value < 2 ** 128;
}

function renderCondition(condition: RowCondition, dialect: Dialect, sink: ValueSink, form: ConditionForm, columns: ColumnSql): string {
  const q = columns.value;
  // A float's text is PostgreSQL's on every runner that can write it so (`1`, not DuckDB's `1.0`): a pattern reads it alike.
  const asText = (column: string) => (dialect.floatToText && columns.binaryFloat?.(column) ? dialect.floatToText(q(column), columns.singleFloat(column)) : dialect.castToText(q(column)));
  const operand = (column: string, text: boolean) => (text ? asText(column) : q(column));
  // The column as numbers from the contract meet it: a wide decimal as its nearest doubles (readsWideDecimalAsDouble).
  const numeric = (column: string, values: readonly SqlLiteral[]) => (readsWideDecimalAsDouble(dialect, columns.type(column), values) ? dialect.wideDecimalAsDouble!(q(column)) : q(column));
  const chained = (values: readonly SqlLiteral[]) => form === "sample" && values.length <= CHAINED_LIST_MAX;
  // The list's values are literals, never NULL, so `x IN (a, b)` is `x = a OR x = b` and `NOT IN` the `<>` chain.
  // A timestamp written without an offset is wall-clock time in the contract's zone.
  // A number against a 4-byte float column is that float: a `real` stored as 0.1 equals the contract's 0.1,
  // where the double 0.1 is below it (and the engines would compare it so, or as a real, case by case).
  const literalAt = (column: string, value: SqlLiteral) => {
    const single = columns.singleFloat(column) ? sink.singleFloat(value) : undefined;
    if (single !== undefined) return single;
    const wallClock = value.type === "timestamp" && value.wallClock ? value.value : undefined;
    const zone = wallClock !== undefined ? columns.zone?.(column) : undefined;
    if (wallClock !== undefined && zone !== undefined && dialect.inTimeZone) return dialect.inTimeZone(sink.wallClock(wallClock), zone);
    const type = columns.type(column);
    if (value.type === "timestamp" && dialect.nanosecondTimestampLiteral && type !== undefined && isNanosecondTimestamp(type)) return dialect.nanosecondTimestampLiteral(sink.value(withinNanosecondRange(value.value)));
    if (value.type === "time" && dialect.zonedTimeLiteral && type !== undefined && isZonedTime(type)) return dialect.zonedTimeLiteral(sink.value(value.value));
    if ((value.type === "number" || value.type === "integer") && dialect.unsignedHugeLiteral && type !== undefined && isUnsignedHugeInteger(type)) {
      return dialect.unsignedHugeLiteral(sink.literal(value), isUnsignedHugeValue(value));
    }
    // A whole number beyond HUGEINT (u128's 2^128 - 1) is a UHUGEINT to DuckDB, which it cannot convert to another
    // integer type to compare: it meets any other column as the double it rounds to, which no value of theirs reaches.
    if (value.type === "integer" && dialect.unsignedHugeLiteral && BigInt(value.value) > SIGNED_HUGE_MAX) return dialect.unsignedHugeLiteral(sink.literal(value), false);
    return sink.literal(value);
  };
  const listed = (column: string, target: string, values: readonly SqlLiteral[], negated: boolean) => {
    if (!chained(values)) return `${target} ${negated ? "NOT IN" : "IN"} (${values.map((v) => literalAt(column, v)).join(", ")})`;
    const terms = values.map((v) => `${target} ${negated ? "<>" : "="} ${literalAt(column, v)}`);
    return terms.length === 1 ? terms[0]! : `(${terms.join(negated ? " AND " : " OR ")})`;
  };
  const membership = (column: string, text: boolean, values: readonly SqlLiteral[], negated: boolean) => {
    // Text meets a converted column's text as the data holds it ('n/a', where the value is NULL), not the converted value's.
    const target = (text ? columns.heldText?.(column) : undefined) ?? (text ? asText(column) : numeric(column, values));
    // NaN equals nothing, itself included, where `=` follows IEEE 754 (the dialects with `isNaN`): it is tested by name.
    const nan = !text && dialect.isNaN !== undefined && values.some(isNaNLiteral);
    if (!nan) return listed(column, target, values, negated);
    const others = values.filter((v) => !isNaNLiteral(v));
    const parts = [...(others.length > 0 ? [listed(column, target, others, negated)] : []), negated ? `NOT ${dialect.isNaN!(target)}` : dialect.isNaN!(target)];
    return parts.length === 1 ? parts[0]! : `(${parts.join(negated ? " AND " : " OR ")})`;
  };
  switch (condition.kind) {
    case "isNull":
      return condition.columns.map((c) => `${columns.stored(c)} IS NULL`).join(" OR ");
    case "inList": {
      const textValues = condition.textValues ?? [];
      const parts = [
        ...(condition.orNull ? [`${columns.stored(condition.column)} IS NULL`] : []),
        ...(condition.values.length > 0 ? [membership(condition.column, condition.text, condition.values, false)] : []),
        ...(textValues.length > 0 ? [membership(condition.column, true, textValues, false)] : []),
      ];
      return parts.length > 0 ? parts.join(" OR ") : "FALSE";
    }
    case "notInList": {
      const textValues = condition.textValues ?? [];
      // A converted column's value is NULL where its text did not convert ('abc'): that text is a value, in no list of numbers or dates.
      const held = columns.heldText?.(condition.column);
      const numbers = (list: string) => (held !== undefined && !condition.text ? `(${q(condition.column)} IS NULL OR ${list})` : list);
      const parts = [
        `${held ?? q(condition.column)} IS NOT NULL`,
        ...(condition.values.length > 0 ? [numbers(membership(condition.column, condition.text, condition.values, true))] : []),
        ...(textValues.length > 0 ? [membership(condition.column, true, textValues, true)] : []),
      ];
      return parts.join(" AND ");
    }
    case "notMatching": {
      const read = dialect.regexPattern ? dialect.regexPattern(condition.pattern) : { pattern: condition.pattern };
      if ("unsupported" in read) throw new Error(`the ${dialect.name} dialect cannot read a pattern with ${read.unsupported}`);
      return `${q(condition.column)} IS NOT NULL AND NOT ${dialect.regexContains(operand(condition.column, condition.text), sink.value(read.pattern))}`;
    }
    case "length": {
      const text = operand(condition.column, condition.text);
      // `'ab   '` fits a VARCHAR(2) or CHAR(2) of the SQL standard, which trims the spaces past its length on storing it.
      const stored = condition.storedLength && dialect.trimsExcessSpaces ? `trim(TRAILING ' ' FROM ${text})` : text;
      const length = columns.bytes?.(condition.column) ? dialect.byteLength(q(condition.column)) : dialect.charLength(stored);
      return `${length} ${condition.operator} ${sink.value(condition.value)}`;
    }
    case "compare": {
      const comparison = `${numeric(condition.column, [condition.value])} ${condition.operator} ${literalAt(condition.column, condition.value)}`;
      if (condition.dayStart !== undefined) return withinDay(q(condition.column), comparison, condition.operator, condition.value.value as string, condition.dayStart.value as string, literalAt(condition.column, condition.dayStart));
      if (!condition.float || !columns.mayHoldNaN(condition.column)) return comparison;
      // NaN is no number in any range (ODCS: "values >= minimum"; JSON Schema validators fail it on either bound),
      // so it fails a minimum as a maximum. Where `<` `>` follow IEEE 754 (the dialects with `isNaN`) it compares
      // false both ways and is tested by name; DuckDB, PostgreSQL, Snowflake and Spark order it above every
      // number, so it fails a maximum already, and a minimum by its equality with NaN (NaN = NaN there).
      if (dialect.isNaN) return `(${comparison} OR ${dialect.isNaN(q(condition.column))})`;
      const above = condition.operator === ">" || condition.operator === ">=";
      return above ? comparison : `(${comparison} OR ${q(condition.column)} = ${literalAt(condition.column, NAN)})`;
    }
    case "itemCount":
      // Spark's size(NULL) is -1, not NULL: a null array must not count as one with too few items.
      return `${q(condition.column)} IS NOT NULL AND ${dialect.itemCount(q(condition.column))} ${condition.operator} ${sink.value(condition.value)}`;
    case "repeatedItems":
      if (!dialect.hasRepeatedItems) throw new Error(`the ${dialect.name} dialect does not check uniqueItems`);
      return `${q(condition.column)} IS NOT NULL AND ${dialect.hasRepeatedItems(q(condition.column))}`;
    case "notMultiple": {
      const type = columns.type(condition.column);
      // An exact divisor of a UHUGEINT column is one too: DuckDB takes `uhugeint % $1` (an INTEGER) wrongly.
      const unsignedHuge = condition.exact && dialect.unsignedHugeLiteral && type !== undefined && isUnsignedHugeInteger(type);
      const divisor = unsignedHuge ? dialect.unsignedHugeLiteral!(sink.value(condition.divisor), true) : sink.value(condition.divisor);
      return `${q(condition.column)} IS NOT NULL AND ${dialect.remainder(q(condition.column), divisor, condition.exact, columns.singleFloat(condition.column))} <> 0`;
    }
    case "unreadableText":
      // A value is there as text, and its reading (q) is NULL: it did not convert.
      return `${columns.stored(condition.column)} IS NOT NULL AND ${q(condition.column)} IS NULL`;
    case "anyOf":
      return condition.conditions.map((c) => `(${renderCondition(c, dialect, sink, form, columns)})`).join(" OR ");
    case "nested":
      return renderNested(condition, dialect, sink, form, columns);
  }
}

/**
 * A time bound's `comparison` made within the bound's own day, which starts at `dayStart` (UTC) rather than at
 * midnight: `01:00+02:00` to `03:00+02:00` is 23:00 to 01:00 at UTC, and 23:30 lies within it, where a plain
 * comparison would find it above 01:00. Times of that day before the bound are those from `dayStart` on to the
 * bound, across midnight when the bound is earlier on the clock than `dayStart`; times after it are the others.
 * `bound` and `dayStart` are `HH:MM:SS` texts (boundLiteral), which order as the times they write.
 */
function withinDay(column: string, comparison: string, operator: "<" | "<=" | ">" | ">=", bound: string, dayStart: string, start: string): string {
  const wraps = bound < dayStart;
  if (operator === "<" || operator === "<=") return `(${column} >= ${start} ${wraps ? "OR" : "AND"} ${comparison})`;
  return `(${comparison} ${wraps ? "AND" : "OR"} ${column} < ${start})`;
}

/**
 * The one aggregate query of an object: `count(*)` first, then one term per distinct measurement.
 * Checks asking the same question (e.g. `required` and a nullValues rule on one column) share a term.
 */
export function compileObjectScan(object: ObjectPlan, dialect: Dialect, options: CompileOptions = {}): ObjectScan {
  const sink = new ValueSink(dialect, options.parameters ?? "inline");
  const columns = columnSql(object, dialect, options);
  const expressions: { sql: string; checkIds: string[] }[] = [{ sql: "count(*) AS row_count", checkIds: [] }];
  const columnByKey = new Map<string, number>();
  const terms: ScanTerm[] = [];
  const addTerm = (check: Check, key: string, render: () => string) => {
    let column = columnByKey.get(key);
    if (column === undefined) {
      column = expressions.length;
      expressions.push({ sql: `${render()} AS m${column}`, checkIds: [] });
      columnByKey.set(key, column);
    }
    expressions[column]!.checkIds.push(check.id);
    terms.push({ checkId: check.id, column });
  };
  for (const check of object.checks) {
    const measure = check.measure;
    if (measure.kind === "failingRows") {
      addTerm(check, JSON.stringify(measure.condition), () => dialect.countWhere(renderCondition(measure.condition, dialect, sink, "scan", columns)));
    } else if (measure.kind === "keyViolations") {
      const condition: RowCondition = { kind: "isNull", columns: measure.columns };
      addTerm(check, JSON.stringify(condition), () => dialect.countWhere(renderCondition(condition, dialect, sink, "scan", columns)));
    } else if (measure.kind === "age") {
      const aggregate = measure.end === "newest" ? "max" : "min";
      addTerm(check, `${measure.end}\u0000${measure.column}`, () => dialect.epochSeconds(`${aggregate}(${columns.value(measure.column)})`, temporalFamily(object, measure.column, options)));
    } else if (measure.kind === "sqlValue" && measure.countWhere !== undefined) {
      const predicate = sqlRuleText(measure.countWhere, check, object, dialect, options);
      addTerm(check, `sql\u0000${predicate}`, () => dialect.countWhere(`(${predicate})`));
    } else if (measure.kind === "columnType" && options.readTypedColumns) {
      addTerm(check, `read\u0000${measure.column}`, () => `count(${dialect.quoteIdentifier(measure.column)})`);
    }
  }
  const scanned = object.checks.filter(isScanCheck).length;
  const lines = expressions.map((e, i) => {
    const separator = i < expressions.length - 1 ? "," : "";
    const comment = e.checkIds.length > 0 ? ` -- ${endOfLineCommentText(e.checkIds.join(", "))}` : "";
    return `  ${e.sql}${separator}${comment}`;
  });
  const sql = [`-- ${commentText(object.name)}: one scan for ${scanned} check${scanned === 1 ? "" : "s"}`, "SELECT", ...lines, `FROM ${relationOf(object, dialect, options)}`].join("\n");
  return { query: { sql, params: sink.params }, terms };
}

/**
 * One GROUP BY per distinct column set of the object's uniqueness checks (unique, duplicateValues,
 * primary key), which measures the duplicates and fetches the most repeated keys at once: grouping the
 * keys is as costly as reading the table, so it happens once. Rows with a null in the columns are left
 * out (SQL keys ignore them, and null counts are other checks), but for an object's duplicateValues rule
 * (`nullsEqual`), where only rows with every column null are. `duplicate_rows` counts every copy after
 * the first; `duplicated_values` the repeated keys; no row at all means no duplicates.
 */
export function compileDuplicateQueries(object: ObjectPlan, dialect: Dialect, options: CompileOptions = {}): DuplicateQuery[] {
  // Grouped first, so that each query's comment names every check it measures.
  const groups = new Map<string, { measure: DuplicateMeasure; checkIds: string[] }>();
  for (const check of object.checks) {
    const measure = check.measure;
    if (measure.kind !== "duplicateRows" && measure.kind !== "keyViolations") continue;
    const key = duplicateGroupKey(measure);
    const group = groups.get(key);
    if (group) group.checkIds.push(check.id);
    else groups.set(key, { measure, checkIds: [check.id] });
  }
  return [...groups].map(([key, { measure, checkIds }]) => ({ key, columns: measure.columns, checkIds, query: { sql: duplicateQuerySql(object, measure, checkIds, dialect, options), params: [] } }));
}

type DuplicateMeasure = Extract<Check["measure"], { kind: "duplicateRows" | "keyViolations" }>;

/** The duplicate query of one column set (see compileDuplicateQueries), its first line a comment naming its checks. */
function duplicateQuerySql(object: ObjectPlan, measure: DuplicateMeasure, checkIds: readonly string[], dialect: Dialect, options: CompileOptions): string {
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const masked = maskedColumns(object);
  const nullsEqual = measure.kind === "duplicateRows" && measure.nullsEqual === true;
  // The keys are renamed key_1, key_2, … so that no column name can clash with the count's name.
  const keys = measure.columns.map((column, i) => ({ column: groupingValue(column, dialect, options), alias: `key_${i + 1}` }));
  const shown = sampleSelectList(
    measure.columns.map((column, i) => ({ column: `key_${i + 1}`, masked: masked.has(column) })),
    dialect,
    false,
  );
  return [
    `-- ${checkIds.map(commentText).join(", ")}: duplicates of (${commentText(measure.columns.join(", "))}) in ${commentText(object.name)} and the ${sampleSize} most repeated keys; no row: none`,
    `SELECT ${shown}, key_rows, count(*) OVER () AS duplicated_values, sum(key_rows) OVER () - count(*) OVER () AS duplicate_rows`,
    "FROM (",
    `  SELECT ${keys.map((k) => `${k.column} AS ${k.alias}`).join(", ")}, count(*) AS key_rows FROM ${relationOf(object, dialect, options)}`,
    nullsEqual ? `  WHERE NOT (${keys.map((k) => `${k.column} IS NULL`).join(" AND ")})` : `  WHERE ${keys.map((k) => `${k.column} IS NOT NULL`).join(" AND ")}`,
    `  GROUP BY ${keys.map((k) => k.column).join(", ")}`,
    "  HAVING count(*) > 1",
    ") AS duplicates",
    // (BigQuery cannot order by an ARRAY or STRUCT: such keys are left out of the tie-break)
    `ORDER BY ${["key_rows DESC", ...keys.filter((_, i) => !isCollection(object, measure.columns[i]!)).map((k) => k.alias)].join(", ")}`,
    // With no sample wanted, one row still carries the counts.
    `LIMIT ${Math.max(1, sampleSize)}`,
  ].join("\n");
}

/**
 * A uniqueness key column as it is grouped: its value, or, for a type the engine cannot compare for
 * equality (PostgreSQL's `json`, `xml`, geometric types), its text, as DuckDB compares a JSON column.
 */
function groupingValue(column: string, dialect: Dialect, options: CompileOptions): string {
  const value = columnValue(column, dialect, options);
  const type = options.columnTypes?.get(column);
  return type !== undefined && dialect.groupableValue ? dialect.groupableValue(value, type) : value;
}

/** Uniqueness checks with the same key share one duplicate query: the same columns, nulls read the same way. */
export function duplicateGroupKey(measure: DuplicateMeasure): string {
  return JSON.stringify([measure.columns, measure.kind === "duplicateRows" && measure.nullsEqual === true]);
}

/** A SQL rule's text with `{object}`/`{property}` replaced by quoted names. */
function sqlRuleText(text: string, check: Check, object: ObjectPlan, dialect: Dialect, options: CompileOptions): string {
  const measure = check.measure;
  const column = measure.kind === "sqlValue" && measure.column !== undefined ? dialect.quoteIdentifier(measure.column) : undefined;
  return substituteSqlPlaceholders(text, relationOf(object, dialect, options), column, dialect.name);
}

/**
 * A SQL rule's query with `{object}`/`{property}` replaced by quoted names, and no trailing `;` (nor comments after it). A last
 * line that may end in a line comment (`--`, BigQuery's `#`, Snowflake's `//`) is followed by a line
 * break, so the `;` that ends the statement in `--emit-sql` is not commented out with it.
 */
export function compileSqlRule(check: Check, object: ObjectPlan, dialect: Dialect, options: CompileOptions = {}): CompiledQuery {
  if (check.measure.kind !== "sqlValue") throw new Error(`${check.id} is not a SQL rule`);
  const sql = withoutFinalSemicolon(sqlRuleText(check.measure.query, check, object, dialect, options), dialect.name).trim();
  const lastLine = sql.slice(sql.lastIndexOf("\n") + 1);
  // Spark goes on with a comment over a line break right after a backslash: a blank line then ends it.
  const lineBreaks = /--|#|\/\//.test(lastLine) ? (lastLine.endsWith("\\") ? "\n\n" : "\n") : "";
  return { sql: `-- ${endOfLineCommentText(check.id)}\n${sql}${lineBreaks}`, params: [] };
}

export interface SampleOptions extends CompileOptions {
  /** Columns present in the data, in the order to show; masked ones show `***` for any non-null value. */
  columns: readonly { column: string; masked: boolean }[];
  limit: number;
}

/**
 * Masking happens in SQL, so classified values never leave the engine. `***` is a constant of ours, not a
 * value: it is inlined. `quoted: false` is for our own aliases (key_1, …), which need no quoting.
 */
function sampleSelectList(columns: SampleOptions["columns"], dialect: Dialect, quoted = true, readings?: CompileOptions["readings"]): string {
  return columns
    .map(({ column, masked }) => {
      const q = quoted ? dialect.quoteIdentifier(column) : column;
      // A converted column is shown as the text it was read from: a value that did not convert is NULL in it.
      const reading = readings?.get(column);
      const shown = reading?.from === "converted" ? dialect.quoteIdentifier(reading.text) : q;
      const value = masked ? `CASE WHEN ${shown} IS NULL THEN NULL ELSE ${dialect.stringLiteral(MASKED_VALUE)} END` : shown;
      return shown === q ? value : `${value} AS ${q}`;
    })
    .join(", ");
}

/** The rows a row-level check fails on (for a primary key: rows with a null key column). */
function failingCondition(check: Check): RowCondition {
  const measure = check.measure;
  const condition: RowCondition | undefined = measure.kind === "failingRows" ? measure.condition : measure.kind === "keyViolations" ? { kind: "isNull", columns: measure.columns } : undefined;
  if (!condition) throw new Error(`${check.id} has no failing rows to sample`);
  return condition;
}

/** A few rows failing a row-level check (for a primary key: rows with a null key column). */
export function compileFailingSample(object: ObjectPlan, check: Check, dialect: Dialect, options: SampleOptions): CompiledQuery {
  const sink = new ValueSink(dialect, options.parameters ?? "inline");
  const select = sampleSelectList(options.columns, dialect, true, options.readings);
  const where = renderCondition(failingCondition(check), dialect, sink, "sample", columnSql(object, dialect, options));
  return { sql: `SELECT ${select} FROM ${relationOf(object, dialect, options)} WHERE ${where} LIMIT ${options.limit}`, params: sink.params };
}

/**
 * The failing rows of several row-level checks in one query, for an engine that streams its rows (see
 * QueryExecutor.queryFirstFlagged): one flag per check, true where the row fails it, then `columns`, over
 * the rows that fail any of them. Reading until each check has its rows is one pass over the data where a
 * query per check is one each (over a CSV file, each a parse up to its last sample row).
 */
export function compileFailingSamples(object: ObjectPlan, checks: readonly Check[], dialect: Dialect, options: CompileOptions & Pick<SampleOptions, "columns">): CompiledQuery {
  const sink = new ValueSink(dialect, options.parameters ?? "inline");
  const columns = columnSql(object, dialect, options);
  const conditions = checks.map((check) => renderCondition(failingCondition(check), dialect, sink, "sample", columns));
  // A condition is NULL where a value it reads is: such a row does not fail it (as in the scan's counts).
  const flags = conditions.map((condition) => `CASE WHEN ${condition} THEN true ELSE false END`);
  const where = conditions.map((condition) => `(${condition})`).join(" OR ");
  const select = [...flags, sampleSelectList(options.columns, dialect, true, options.readings)].join(", ");
  return { sql: `SELECT ${select} FROM ${relationOf(object, dialect, options)} WHERE ${where}`, params: sink.params };
}

export interface EmittedStatement {
  object: string;
  checkIds: string[];
  sql: string;
}

export interface EmitOptions extends Pick<CompileOptions, "sampleSize"> {
  /** Name parts of each object's table (e.g. from the contract's server); default its physicalName. */
  relation?: (object: ObjectPlan) => readonly string[];
}

/**
 * Every statement a plan needs in a dialect, values inlined as escaped literals: what `--emit-sql`
 * prints so the same checks can run where the data lives. One statement per batch: the object scan,
 * each duplicate query, each SQL rule not measured by the scan. Unrunnable checks have no SQL.
 */
export function compilePlanStatements(plan: QualityPlan, dialect: Dialect, options: EmitOptions = {}): EmittedStatement[] {
  const statements: EmittedStatement[] = [];
  for (const planned of plan.objects) {
    // Checks the dialect does not run have no SQL: `--emit-sql` lists them as not checked.
    const relation = options.relation?.(planned);
    const object: ObjectPlan = {
      ...planned,
      checks: planned.checks
        .map(emittedCheck)
        .filter((check) => emittedNotCheckedReason(check, planned, dialect, relation) === undefined)
        .map((check) => withDeclaredTextComparisons(check, planned)),
    };
    const declared = declaredReadings(object, dialect);
    const compileOptions: CompileOptions = {
      parameters: "inline",
      readings: declared.readings,
      columnTypes: new Map(object.properties.flatMap((p) => (p.physicalType !== undefined ? [[p.column, p.physicalType] as const] : []))),
      ...(relation ? { relation } : {}),
      ...(options.sampleSize !== undefined ? { sampleSize: options.sampleSize } : {}),
    };
    // A table whose name no SQL here spells (rawControlReason): its checks are listed as not checked, and it has no statement.
    if (rawControlCharacter(relationOf(object, dialect, compileOptions)) !== undefined) continue;
    const scan = compileObjectScan(object, dialect, compileOptions);
    const notes = [...(dialect.sessionTimeZoneNote && object.checks.some(readsTimeZone) ? [dialect.sessionTimeZoneNote] : []), ...declared.assumptions];
    statements.push({ object: object.name, checkIds: object.checks.filter(isScanCheck).map((c) => c.id), sql: `${notes.map((n) => `-- ${commentText(n)}\n`).join("")}${scan.query.sql}` });
    for (const duplicates of compileDuplicateQueries(object, dialect, compileOptions)) {
      statements.push({ object: object.name, checkIds: duplicates.checkIds, sql: duplicates.query.sql });
    }
    for (const check of object.checks.filter((c) => c.measure.kind === "sqlValue" && !isScanCheck(c))) {
      statements.push({ object: object.name, checkIds: [check.id], sql: compileSqlRule(check, object, dialect, compileOptions).sql });
    }
  }
  return statements;
}

/**
 * A check as `--emit-sql` prints it, and judges whether it can (emittedNotCheckedReason): the type check of a string
 * declared `VARCHAR(n)` or `CHAR(n)` as the values longer than n (characterLengthCheck), since the warehouse's column
 * may be of a wider type (BigQuery's STRING, PostgreSQL's text), which the SQL cannot see. A nested property's too,
 * as the DuckDB runner counts it: a dialect that reads no nested values lists it as not checked, at its physicalType.
 */
export function emittedCheck(check: Check): Check {
  return (check.measure.kind === "columnType" ? characterLengthCheck(check) : undefined) ?? check;
}

/**
 * The check reading as text, as the runners read them, the string properties whose `physicalType` the engine
 * does not hold as text: `uuid` and enums, and a type of no family (`inet`), which the runners accept when the
 * physicalType names the column's type. Without the cast, PostgreSQL has no `char_length(uuid)` and no
 * `inet ~ text`, and the object's whole scan would fail where it runs.
 */
function withDeclaredTextComparisons(check: Check, object: ObjectPlan): Check {
  const declared = (column: string) => object.properties.find((p) => p.column === column);
  const typeOf = (column: string) => declared(column)?.physicalType;
  const stringOfOtherType = (column: string) => {
    const property = declared(column);
    return property?.expected === "string" && property.physicalType !== undefined && familyOfSqlType(property.physicalType) === undefined;
  };
  return withTextComparisons(check, typeOf, stringOfOtherType);
}

/**
 * The readings of an object's columns by the types the contract declares (there is no data to ask), so
 * that the emitted SQL measures what a runner measures on such columns: a `physicalType`, else, for a
 * timestamp whose reading depends on it (a `defaultTimezone`), a timestamp without time zone, which
 * `assumptions` says in words for the SQL's comment.
 */
function declaredReadings(object: ObjectPlan, dialect: Dialect): { readings: Map<string, ColumnReading>; assumptions: string[] } {
  const readings = new Map<string, ColumnReading>();
  const assumptions: string[] = [];
  for (const property of object.properties) {
    const zone = property.temporal?.defaultTimezone;
    if (!dialect.inTimeZone && property.expected === "timestamp" && zone !== undefined && zone.toUpperCase() !== "UTC") {
      // The runners (DuckDB, PostgreSQL) apply the zone; this SQL cannot yet: say so, rather than compare in silence.
      // A column with time zone needs no converting; only the bounds written without an offset do.
      const checks = object.checks.filter((c) => c.property === property.name);
      if (property.physicalType !== undefined && hasTimeZone(property.physicalType)) {
        if (checks.some(comparesWallClock)) assumptions.push(`not applied: the defaultTimezone ${zone} of \`${property.name}\` — ${dialect.name}'s SQL here reads a bound written without an offset as UTC; write the bound with its offset`);
      } else if (checks.length > 0) {
        assumptions.push(`not applied: the defaultTimezone ${zone} of \`${property.name}\` — ${dialect.name}'s SQL here reads a timestamp without time zone as UTC; convert ${dialect.quoteIdentifier(property.column)} from ${zone} before comparing`);
      }
    }
    const assumed = property.physicalType === undefined && property.expected === "timestamp";
    const reading = columnReading(property, { type: property.physicalType ?? (assumed ? "TIMESTAMP" : "") }, dialect);
    if (!reading) continue;
    readings.set(property.column, reading);
    if (assumed && reading.from === "localTimestamp") {
      assumptions.push(
        `assumed: \`${property.name}\` (no physicalType) is a timestamp without time zone, read as wall-clock time in ${reading.zone}; if the column has a time zone, compare ${dialect.quoteIdentifier(property.column)} as it is instead`,
      );
    }
  }
  return { readings, assumptions };
}

/** A check whose meaning may depend on the session's time zone: an SLA age, a timestamp bound or listed timestamp. */
function readsTimeZone(check: Check): boolean {
  return check.measure.kind === "age" || comparesTimestamp(check, () => true);
}

/** A check comparing with a timestamp written without an offset (wall-clock time, see SqlLiteral): a bound or a listed value. */
function comparesWallClock(check: Check): boolean {
  return comparesTimestamp(check, (value) => value.wallClock === true);
}

function comparesTimestamp(check: Check, which: (value: { wallClock?: true }) => boolean): boolean {
  const matches = (value: SqlLiteral) => value.type === "timestamp" && which(value);
  const bound = (c: RowCondition): boolean => {
    if (c.kind === "compare") return matches(c.value);
    if (c.kind === "inList" || c.kind === "notInList") return c.values.some(matches);
    return (c.kind === "anyOf" && c.conditions.some(bound)) || (c.kind === "nested" && bound(c.condition));
  };
  return check.measure.kind === "failingRows" && bound(check.measure.condition);
}

/** Statements as one SQL script, each ended by `;`. */
export function renderStatements(statements: readonly EmittedStatement[]): string {
  return statements.map((s) => `${s.sql};\n`).join("\n");
}
