/**
 * Runs a check plan through any SQL engine: a runner supplies a `QueryExecutor` (a connection, the
 * object's columns, its dialect) and gets one outcome per check. Per object: columns are compared with
 * the contract first; checks whose column is missing or of the wrong type are reported as errors and
 * left out; the rest run as one scan, one query per duplicate column set (which brings its own sample of
 * repeated keys; several read a copy of their columns where the executor offers one, see stageColumns) and
 * one per SQL rule the scan cannot measure; samples are fetched for failed row-level checks only. No check
 * is ever dropped: it passes, fails or errors.
 */
import { type JsonValue, numberInText } from "@meshkit/core";
import { type Check, type NestedReading, type ObjectPlan, type PropertyPlan, type QualityPlan, type RowCondition, type TemporalReading, characterLengthCheck, maskedColumns } from "./checks.js";
import {
  type ColumnReading,
  type CompileOptions,
  columnReading,
  convertsText,
  type CompiledQuery,
  type SampleOptions,
  compileDuplicateQueries,
  compileFailingSample,
  compileFailingSamples,
  compileObjectScan,
  compileSqlRule,
  type DuplicateQuery,
  duplicateGroupKey,
  isScanCheck,
  nestedSteps,
  notCheckedReason,
  readsNested,
} from "./compile.js";
import { MUST_BE_ZERO, type Threshold, describeThreshold } from "./comparison.js";
import { type Dialect, isJsonScalarFamily } from "./dialects.js";
import {
  type AvailableColumns,
  type CheckOutcome,
  availableColumns,
  errorOutcome,
  evaluateAge,
  evaluateDuplicates,
  evaluateFailingRows,
  evaluateKey,
  evaluateNestedPresence,
  evaluateNestedType,
  evaluatePresence,
  evaluateRowCount,
  evaluateSqlValue,
  evaluateType,
  notCheckedOutcome,
  propertyName,
  shortList,
  unrunnableOutcome,
} from "./evaluate.js";
import { type NestedStep, resolveNestedType } from "./nested-types.js";
import type { SampleRow } from "./results.js";
import { withTextComparisons } from "./text-comparisons.js";
import { type TypeFamily, characterTypeLength, decimalHeldAsDouble, decimalTypeDigits, familyOfSqlType, isBinaryType, isCompatibleFamily } from "./type-families.js";
import { exactNumberText, optional } from "./values.js";

/** A scalar as measurements need it: numeric SQL types as numbers, temporal ones as ISO text. */
export type ScalarValue = number | string | boolean | null;

export interface ColumnInfo {
  name: string;
  /** The engine's type name, e.g. `VARCHAR`, `DECIMAL(12,2)`, `timestamp with time zone`. */
  type: string;
  /**
   * For a column the runner converted from text to `type` (a CSV field declared DECIMAL(p,s)): the column
   * holding the text, NULL where empty. The converted value is NULL where the text did not convert, and the
   * type check counts those rows.
   */
  text?: string;
  /**
   * For a converted column (`text`) whose values are not text: what its values that did not convert are, as the
   * type check says it (`of another JSON type than string`, for a JSON `5` where a string is declared).
   */
  unconverted?: string;
  /**
   * For a date or timestamp column read as the text of JSON values of mixed types: the column that is true where
   * the value is a JSON string. Only those are read as dates: `20240102` is a JSON number, no date string, though
   * its text reads as one by `yyyyMMdd`.
   */
  isString?: string;
  /** How the runner read the column otherwise than the contract declares it: a warning at its type check. */
  note?: string;
  /** A column whose values the relation masks (`meshkit provision`'s view for unapproved readers): see MaskedColumn. */
  masked?: MaskedColumn;
  /**
   * For a CSV column whose header cell is blank (`id,,amount`): the cell's position, 1 for the first. The
   * reader names such a column itself (`column1`), and a missing property's check says where the name is missing.
   */
  blankHeader?: number;
}

/**
 * A column masked for the reader: its values are SHA-256 digests of the data's (`digest`: nulls and equal values
 * kept, so null and duplicate counts still hold) or always NULL. `note` says where and what to test instead.
 */
export interface MaskedColumn {
  digest: boolean;
  note: string;
}

export interface DescribedRelation {
  /** Name parts of the object's table or view in the engine, e.g. `["customer", "orders"]`. */
  relation: string[];
  columns: ColumnInfo[];
  /**
   * The relation SQL rules read `{object}` as, where not `relation`: the same rows with parts the checks read as
   * the data holds them (nested values of mixed JSON types) read as the contract declares them.
   */
  ruleRelation?: string[];
  /** Where the rows are read from, as messages show it (`data/orders.csv`, a glob): an error met reading them names it. */
  source?: string;
}

/** The data of an object cannot be read; `message` says which and why (shown as is). */
export class DataSourceError extends Error {}

/**
 * For a missing table's message: a physicalName written schema-qualified (`sales.orders`, `"Sales"."Orders"`, as dbt
 * and SQL name tables) is looked up as one table's name, which no table has. When `exists` finds a table of such a
 * schema and name, the sentence that says so (to append), else "". A name that also leads with the server's
 * `database` (dbt's `"analytics"."sales"."orders"`) is read the same, that database being the one meshkit reads.
 */
export async function qualifiedNameHint(written: string, exists: (schema: string, table: string) => Promise<boolean>, database?: string): Promise<string> {
  const unquote = (part: string) => (/^"(?:[^"]|"")+"$/.test(part) ? part.slice(1, -1).replaceAll('""', '"') : part);
  // Every way to cut `text` at a dot in two (a dot may be inside a quoted or an unquoted name).
  const cuts = (text: string) => [...text.matchAll(/\./g)].filter((dot) => dot.index > 0).map((dot) => [text.slice(0, dot.index), text.slice(dot.index + 1)] as const);
  for (const [qualifier, name] of cuts(written)) {
    const table = unquote(name);
    const inDatabase = database === undefined ? [] : cuts(qualifier).filter(([head]) => unquote(head).toLowerCase() === database.toLowerCase());
    for (const schema of [qualifier, ...inDatabase.map(([, rest]) => rest)].map(unquote)) {
      if (await exists(schema, table)) {
        return `. A physicalName is the table's own name, not schema-qualified: \`${written}\` is the table \`${table}\` of schema \`${schema}\`, so write \`physicalName: ${table}\` and \`schema: ${schema}\` in the server entry`;
      }
    }
  }
  return "";
}

/**
 * An engine's error (one line) with meshkit's own words after it, saying why and what to do: where the engine's
 * part is redacted (redactValues) the note is kept whole, as it quotes no value.
 */
export class NotedEngineError extends Error {
  constructor(
    readonly engineText: string,
    readonly note: string,
  ) {
    super(`${engineText} (${note})`);
  }
}

/**
 * queryFirstFlagged's query stopped at the time limit: `rows[i]`, the rows of flag i when it had all it
 * wanted by then, else undefined.
 */
export class FlaggedRowsTimeout extends Error {
  constructor(
    message: string,
    readonly rows: readonly (JsonValue[][] | undefined)[],
  ) {
    super(message);
  }
}

/** What a runner provides. Errors other than DataSourceError make the affected checks errors. */
export interface QueryExecutor {
  readonly dialect: Dialect;
  /** How the executor takes values: `$n` parameters, or inlined literals. */
  readonly parameters: "bound" | "inline";
  describe(object: ObjectPlan): Promise<DescribedRelation>;
  /** Rows of a measurement query as scalars. */
  queryValues(query: CompiledQuery): Promise<ScalarValue[][]>;
  /**
   * Rows as `queryValues` gives them, with the engine's type name of each column: a SQL rule that returns
   * something other than a number is reported by its type, never by its value (it may be a secret).
   */
  queryTypedValues?(query: CompiledQuery): Promise<{ rows: ScalarValue[][]; types: string[] }>;
  /** Rows of a sample query as JSON values the way the engine prints them. */
  queryJson(query: CompiledQuery): Promise<JsonValue[][]>;
  /**
   * For a query whose first `wanted.length` columns flag which of several checks a row fails (see
   * compileFailingSamples): the first `wanted[i]` rows of each flag, in the data's order, as `queryJson`
   * gives them without the flags, read in one pass that stops once every flag has its rows. The caller
   * knows the rows are there (the scan counted them): fewer is an error. A query stopped at the time limit
   * rejects with a FlaggedRowsTimeout. With `rowBudget`, reading stops after that many rows: a flag without
   * all its rows by then comes back undefined. Where absent, each check's sample is a query of its own.
   */
  queryFirstFlagged?(query: CompiledQuery, wanted: readonly number[], rowBudget?: number): Promise<(JsonValue[][] | undefined)[]>;
  /**
   * For an object every query of which parses its files whole (DuckDB over CSV or JSON: the reader tokenises
   * every field, whatever the query reads), `columns` copied once into a table of the engine, as the object
   * holds them (same names, types and values): the duplicate queries then read it, at one parse for all of
   * them instead of one each. Undefined for an object whose queries read only their columns (Parquet, a table).
   */
  stageColumns?(object: ObjectPlan, columns: readonly string[]): Promise<StagedColumns | undefined>;
  /**
   * For an engine error reading `columns` (each as its `type`) that says where but not what (DuckDB's JSON reader on a
   * value past the rows it typed the column from): what is there, the value as the engine reads it (bounded), and
   * in which column where several were read, where it can tell; undefined for an error that says what already.
   * Never asked for a classified column.
   */
  describeUnreadValue?(error: string, columns: readonly { name: string; type: string }[]): Promise<string | undefined>;
}

/** A copy of some of an object's columns (see QueryExecutor.stageColumns). */
export interface StagedColumns {
  /** Name parts of the table holding the copy. */
  relation: string[];
  drop(): Promise<void>;
}

export interface ExecuteOptions {
  /** "Now" for SLA ages. */
  now: Date;
  /** Failing rows fetched per failed check. */
  sampleSize: number;
}

export interface Execution {
  /** One per check of the plan, in plan order. */
  outcomes: CheckOutcome[];
  /** Objects whose data could not be read, and why: one finding each, at the object. */
  unreadable: { object: ObjectPlan; message: string }[];
  /**
   * Objects whose data has no row and no `rowCount` rule to fail on that: every row-level check passes
   * on nothing (a truncated export, an empty file), which is said rather than left to read as clean data.
   */
  empty: ObjectPlan[];
}

export async function executePlan(plan: QualityPlan, executor: QueryExecutor, options: ExecuteOptions): Promise<Execution> {
  const execution: Execution = { outcomes: [], unreadable: [], empty: [] };
  for (const object of plan.objects) {
    let described: DescribedRelation;
    try {
      described = await executor.describe(object);
    } catch (error) {
      const message = error instanceof DataSourceError ? error.message : `Cannot read \`${object.name}\`: ${errorText(error)}`;
      execution.unreadable.push({ object, message });
      execution.outcomes.push(...object.checks.map((check) => notRunOutcome(check, message)));
      continue;
    }
    const { outcomes, rows, unreadable } = await executeObject(object, described, executor, options);
    if (unreadable !== undefined) {
      const message = `Cannot read \`${object.name}\`${described.source === undefined ? "" : ` from ${described.source}`} to its end: ${unreadable}`;
      execution.unreadable.push({ object, message });
      execution.outcomes.push(...object.checks.map((check) => notRunOutcome(check, message)));
      continue;
    }
    execution.outcomes.push(...outcomes);
    if (rows === 0 && !object.checks.some((check) => check.measure.kind === "rowCount")) execution.empty.push(object);
  }
  execution.outcomes.push(...plan.unassigned.map(unrunnableOutcome));
  return execution;
}

/** A check that did not run because of `cause`, reported once elsewhere; a rule that is invalid anyway still says so. */
export function notRunOutcome(check: Check, cause: string): CheckOutcome {
  return check.measure.kind === "unrunnable" ? unrunnableOutcome(check) : errorOutcome(check, `Not checked: ${cause}`, null, "reported");
}

/**
 * Whether a property's `physicalType` names the column's type in the data (`inet` for `inet`, any case and
 * spacing): a type with no family (PostgreSQL's `inet`, `macaddr`, `hstore`) is what the contract declares,
 * not a mismatch with its logicalType.
 */
function physicalTypeNames(property: PropertyPlan, dataType: string): boolean {
  const normal = (type: string) => type.trim().replace(/\s+/g, " ").toLowerCase();
  return property.physicalType !== undefined && normal(property.physicalType) === normal(dataType);
}

function errorText(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]!.trim();
}

/** errorText of `error` without the values it may quote (redactValues, `query` as there); a NotedEngineError's note kept. */
function redactedErrorText(error: unknown, query?: string): string {
  return error instanceof NotedEngineError ? `${redactValues(error.engineText, query)} (${error.note})` : redactValues(errorText(error), query);
}

/** What the data says about one declared column. */
interface ColumnState {
  property: PropertyPlan;
  actual?: ColumnInfo;
  family?: TypeFamily;
  /** Declared and actual types agree (or nothing was declared). */
  typeOk: boolean;
}

/**
 * The outcome of each of the object's checks, in plan order, and its number of rows (null when it could not
 * be counted); or why the data cannot be read at all past what describing it read.
 */
async function executeObject(
  object: ObjectPlan,
  described: DescribedRelation,
  executor: QueryExecutor,
  options: ExecuteOptions,
): Promise<{ outcomes: CheckOutcome[]; rows: number | null; unreadable?: string }> {
  // The data's columns by name, the first of a name as a search would find it: one lookup per property and check.
  const describedByName = new Map<string, ColumnInfo>();
  for (const column of described.columns) if (!describedByName.has(column.name)) describedByName.set(column.name, column);
  const available = availableColumns(
    described.columns.map((c) => c.name),
    new Map(described.columns.flatMap((c) => (c.blankHeader === undefined ? [] : [[c.name, c.blankHeader] as const]))),
  );
  const columns = new Map<string, ColumnState>();
  for (const property of object.properties) {
    const actual = describedByName.get(property.column);
    const family = actual ? familyOfSqlType(actual.type) : undefined;
    const typeOk =
      !property.expected ||
      isCompatibleFamily(property.expected, family) ||
      (actual !== undefined && family === undefined && (physicalTypeNames(property, actual.type) || (property.binary === true && isBinaryType(actual.type))));
    columns.set(property.column, { property, ...(actual ? { actual } : {}), ...(family ? { family } : {}), typeOk });
  }
  const readings = columnReadings(columns, executor.dialect);
  const columnTypes = new Map(described.columns.map((c) => [c.name, c.type]));
  const compileOptions: CompileOptions = { relation: described.relation, parameters: executor.parameters, sampleSize: options.sampleSize, readings, columnTypes };
  const outcomes = new Map<string, CheckOutcome>();
  const runnable: Check[] = [];
  // Type checks the column names pass; the scan reads those columns to find a value the type cannot hold.
  const typeReads: Check[] = [];
  const typeOf = (column: string) => columns.get(column)?.actual?.type;
  // A string property stored in a type of no family its physicalType names (PostgreSQL's `inet`): its values are compared as text.
  const stringOfOtherType = (column: string) => {
    const state = columns.get(column);
    return state?.property.expected === "string" && state.family === undefined && state.typeOk;
  };
  for (const planned of object.checks) {
    const check = readNestedAsDeclared(readListsAsHeldText(planned, columns), object, columns, executor.dialect);
    const settled = settleWithoutQuery(check, object, columns, available, executor.dialect);
    const measure = check.measure;
    const reading = measure.kind === "columnType" && !measure.steps ? readings.get(measure.column) : undefined;
    const textColumn = reading?.from === "text" || reading?.from === "converted" ? (measure as { column: string }).column : undefined;
    // A narrow decimal held as a double or an integer: its type check counts the values the decimal cannot hold.
    const decimalRange = settled?.result.status === "pass" && textColumn === undefined ? decimalRangeTypeCheck(check, columns) : undefined;
    // A VARCHAR(n) or CHAR(n) held in a column of no such limit: its type check counts the values longer than n.
    const characterLength = settled?.result.status === "pass" && textColumn === undefined ? characterLengthTypeCheck(check, columns, executor.dialect) : undefined;
    // A date, timestamp or decimal held as text: its type check counts the values that do not read as one.
    if (textColumn !== undefined && settled?.result.status === "pass") runnable.push(textTypeCheck(check, columns.get(textColumn)!, reading!));
    else if (decimalRange) runnable.push(decimalRange);
    else if (characterLength) runnable.push(withTextComparisons(characterLength, typeOf, stringOfOtherType));
    else if (settled) outcomes.set(check.id, settled);
    else runnable.push(withTextComparisons(check, typeOf, stringOfOtherType));
    if (measure.kind === "columnType" && !measure.steps && textColumn === undefined && settled?.result.status === "pass") typeReads.push(check);
  }
  const runnableObject: ObjectPlan = { ...object, checks: runnable };
  // The scan and the duplicate queries each read the whole table and need nothing from each other, so
  // they are sent together: an engine with spare capacity (DuckDB parsing a CSV file leaves some) runs
  // them side by side. The scan's samples and SQL rules follow while the grouping may still run.
  const grouping = queryDuplicates(runnableObject, executor, compileOptions);
  // SQL rules read their own relation, where there is one: not folded into the scan, which reads the checks'.
  const ruleOptions: CompileOptions = described.ruleRelation ? { ...compileOptions, relation: described.ruleRelation } : compileOptions;
  const scanned = await runScan(runnableObject, executor, compileOptions, options.now, typeReads, described.ruleRelation === undefined);
  if (scanned.unreadable !== undefined) {
    await grouping;
    return { outcomes: [], rows: null, unreadable: scanned.unreadable };
  }
  for (const [id, outcome] of scanned.outcomes) outcomes.set(id, outcome);
  const masked = maskedColumns(object);
  // Columns holding a value their type cannot hold, by name: their type check's id and the data's type.
  const unreadableColumns = new Map<string, { typeCheck: string; type: string }>();
  for (const [id, error] of scanned.unreadableColumns) {
    const check = typeReads.find((c) => c.id === id)!;
    const measure = check.measure as Extract<Check["measure"], { kind: "columnType" }>;
    const state = columns.get(measure.column)!;
    // The engine names the value it could not read: not a classified one.
    outcomes.set(id, evaluateType(check, object, measure.column, state.actual!.type, false, masked.has(measure.column) ? redactValues(error) : error));
    unreadableColumns.set(measure.column, { typeCheck: id, type: state.actual!.type });
  }
  const rows = scanned.rows;
  // SQL rules the scan measured have their outcome; the others (or those it could not) run on their own.
  for (const check of runnable.filter((c) => c.measure.kind === "sqlValue" && !outcomes.has(c.id))) outcomes.set(check.id, await runSqlRule(check, object, executor, ruleOptions, rows));
  // Each column once (two properties may describe it), masked where either is classified.
  // A column that cannot be read whole is left out of the samples: reading it would fail every other check's
  // sample query with that column's conversion error.
  const shownColumns = [...new Set(object.properties.filter((p) => columns.get(p.column)?.actual && !unreadableColumns.has(p.column)).map((p) => p.column))].map((column) => ({
    column,
    masked: masked.has(column),
  }));
  const keyColumns = object.checks.flatMap((c) => (c.measure.kind === "keyViolations" ? c.measure.columns : []));
  const sampleOptions = (check: Check): SampleOptions => ({ ...compileOptions, columns: sampleColumns(check, shownColumns, keyColumns), limit: options.sampleSize });
  const isUniqueness = (check: Check) => check.measure.kind === "duplicateRows" || check.measure.kind === "keyViolations";
  // A key's null rows are also its `required` check's failing rows: one query serves both.
  const sources: SampleSources = { queries: new Map(), repeatedKeys: new Map() };
  // With no samples wanted (`--samples 0`), no sample query is sent and no result carries a sample.
  const sampled = options.sampleSize > 0;
  // The scan counted the rows each sample query can find: the query stops at the last of them instead
  // of reading on for a fifth that is not there, and is not sent at all when there are none.
  const matchingRows = (check: Check): number | undefined =>
    check.measure.kind === "keyViolations" ? scanned.nullKeys.get(check.id) : (outcomes.get(check.id)?.result.failedRows ?? undefined);
  // A type check that found its column unreadable has no rows to show (its range term, a decimal's, was not measured).
  const sampleable = runnable.filter((c) => !scanned.unreadableColumns.has(c.id));
  if (sampled) {
    // Every failing-row sample this object needs: the failed row-level checks', and the null keys of a key
    // that has some (which fail it, whatever its duplicates).
    const failingRowSamples = sampleable.filter((c) => (c.measure.kind === "keyViolations" ? (matchingRows(c) ?? 0) > 0 : c.measure.kind === "failingRows" && needsSample(outcomes.get(c.id))));
    sources.firstRows = prefetchFailingRows(failingRowSamples, object, executor, compileOptions, sampleOptions, (check) => Math.min(options.sampleSize, matchingRows(check) ?? options.sampleSize));
    await attachSamples(sampleable.filter((c) => !isUniqueness(c)), outcomes, matchingRows, (check) => fetchSample(check, object, executor, sampleOptions(check), sources, matchingRows(check)));
  }
  const groups = await grouping;
  if (rows !== null) {
    const duplicates = evaluateDuplicateQueries(runnableObject, groups, scanned.nullKeys, rows, options.sampleSize);
    for (const [id, outcome] of duplicates.outcomes) outcomes.set(id, outcome);
    // Uniqueness checks on the same columns (unique, duplicateValues, a primary key) show the same
    // repeated keys, which their duplicate query brought along.
    if (sampled) {
      const repeated: SampleSources = { ...sources, repeatedKeys: duplicates.repeatedKeys };
      await attachSamples(runnable.filter(isUniqueness), outcomes, matchingRows, (check) => fetchSample(check, object, executor, sampleOptions(check), repeated, matchingRows(check)));
    }
  } else {
    for (const check of runnable.filter((c) => c.measure.kind === "duplicateRows")) {
      outcomes.set(check.id, errorOutcome(check, `Could not run: counting the rows of \`${object.name}\` failed (${scanned.failure ?? "no result"})`, null, "quality-check-error"));
    }
  }
  settleOnUnreadableColumns(runnable, object, unreadableColumns, outcomes);
  // How the runner read a column otherwise than declared: a warning at its type check.
  for (const check of object.checks) {
    const measure = check.measure;
    const note = measure.kind === "columnType" && !measure.steps ? columns.get(measure.column)?.actual?.note : undefined;
    const outcome = outcomes.get(check.id)!;
    if (note !== undefined) outcome.notes = [...(outcome.notes ?? []), { ruleId: "quality-not-checked", severity: "warning", message: note }];
  }
  return { outcomes: object.checks.map((check) => outcomes.get(check.id)!), rows };
}

/**
 * A check that could not run because its column holds a value the column's type cannot hold (a `4e38` in a
 * CSV column typed BIGINT from its first rows) fails for the reason its type check already reports: one
 * cause, one finding. It becomes `Not checked`, pointing at that type check, without a finding of its own,
 * as the checks of a column of the wrong type do. A SQL rule keeps its own error: its query is the
 * author's, and may fail for a reason of its own.
 */
function settleOnUnreadableColumns(
  checks: readonly Check[],
  object: ObjectPlan,
  unreadableColumns: ReadonlyMap<string, { typeCheck: string; type: string }>,
  outcomes: Map<string, CheckOutcome>,
): void {
  if (unreadableColumns.size === 0) return;
  for (const check of checks) {
    if (check.measure.kind === "sqlValue" || check.measure.kind === "columnType" || outcomes.get(check.id)?.result.status !== "error") continue;
    const column = neededColumns(check).find(({ column }) => unreadableColumns.has(column))?.column;
    if (column === undefined) continue;
    const { typeCheck, type } = unreadableColumns.get(column)!;
    outcomes.set(check.id, errorOutcome(check, `Not checked: \`${propertyName(object, column)}\` holds a value that is not ${type} (see its type check \`${typeCheck}\`).`, null, "reported"));
  }
}

/**
 * Columns the checks read otherwise than as stored (see columnReading), by the data's types. A column held
 * as text and read as its declared date or timestamp then counts as of the declared type.
 */
function columnReadings(columns: Map<string, ColumnState>, dialect: Dialect): Map<string, ColumnReading> {
  const readings = new Map<string, ColumnReading>();
  for (const [column, state] of columns) {
    if (!state.actual) continue;
    const reading = columnReading(state.property, state.actual, dialect);
    if (!reading) continue;
    readings.set(column, reading);
    if (reading.from === "text") {
      state.family = reading.type;
      state.typeOk = true;
    }
  }
  return readings;
}

/**
 * The type check of a `number` declared a DECIMAL(p,s) of up to 15 digits, held as a double or an integer (a
 * CSV or JSON number, a Parquet DOUBLE): the rows whose magnitude rounds to 10^(p-s) or more (the infinities, and NaN,
 * which DuckDB and PostgreSQL compare above every number, too) fail it, as a value too large for a wider declared decimal
 * (read as text and converted) does; so do those of a DECIMAL column wider than the declared one. Undefined for
 * any other type check, and where the data's column is a DECIMAL no wider than the declared one (it holds what it can).
 */
function decimalRangeTypeCheck(check: Check, columns: ReadonlyMap<string, ColumnState>): Check | undefined {
  const measure = check.measure;
  if (measure.kind !== "columnType" || measure.steps) return undefined;
  const state = columns.get(measure.column);
  const declared = state?.property.expected === "number" ? decimalHeldAsDouble(state.property.physicalType) : undefined;
  if (!declared || !state?.actual || (state.family !== "number" && state.family !== "integer")) return undefined;
  // A DECIMAL column no wider than the declared one (no more whole digits, no more fraction digits) holds only
  // what it can; a wider one (a Parquet DECIMAL(10,2) declared decimal(5,2)) may hold what it cannot, as a double.
  const held = decimalTypeDigits(state.actual.type);
  const wanted = decimalTypeDigits(state.property.physicalType!)!;
  if (held && held.precision - held.scale <= wanted.precision - wanted.scale && held.scale <= wanted.scale) return undefined;
  const column = measure.column;
  const condition: RowCondition = {
    kind: "anyOf",
    conditions: [
      { kind: "compare", column, operator: "<=", value: { type: "number", value: -declared.limit }, float: true },
      { kind: "compare", column, operator: ">=", value: { type: "number", value: declared.limit }, float: true },
    ],
  };
  const failing = `have \`${state.property.name}\` that ${declared.type} cannot hold (magnitude ${declared.limitText} or more, NaN or infinite)`;
  return { ...check, threshold: MUST_BE_ZERO, measure: { kind: "failingRows", condition, unit: "rows", failing } };
}

/**
 * The type check of a `string` declared a character type of a set length (characterLengthCheck), where the data's
 * column does not limit it as much (a CSV or JSON file's VARCHAR, a Parquet string, PostgreSQL's `text` or a wider
 * `varchar`), or, for a nested property, the field or items inside it where the dialect reads nested values (DuckDB;
 * elsewhere its type is read from the type name only, as its other checks are not run). Undefined for any other
 * type check, and where the data's column holds no more than the declared length.
 */
function characterLengthTypeCheck(check: Check, columns: ReadonlyMap<string, ColumnState>, dialect: Dialect): Check | undefined {
  const measure = check.measure;
  if (measure.kind !== "columnType" || measure.maxCharacters === undefined || (measure.steps && !readsNested(dialect))) return undefined;
  const state = columns.get(measure.column);
  if (!state?.actual) return undefined;
  const nested = measure.steps ? resolveNestedType(state.actual.type, measure.steps) : undefined;
  if (nested !== undefined && nested.kind !== "found") return undefined;
  const type = nested?.type ?? state.actual.type;
  if (familyOfSqlType(type) !== "string") return undefined;
  const held = characterTypeLength(type);
  return held !== undefined && held <= measure.maxCharacters.length ? undefined : characterLengthCheck(check);
}

/** The type check of a date, timestamp or decimal held as text: the rows whose text does not read as one fail it. */
function textTypeCheck(check: Check, state: ColumnState, reading: ColumnReading): Check {
  const type = reading.from === "converted" ? reading.type : temporalTextName(state.property.expected!, state.property.temporal);
  const unconverted = state.actual?.unconverted;
  const notText = `have \`${state.property.name}\` text that is not a ${type}`;
  // A converted column's values that did not convert are all of another JSON type; a date or timestamp read from
  // JSON values of mixed types (a `5` among strings) fails them and the strings that are no date alike.
  const failing = unconverted === undefined ? notText : reading.from === "converted" ? `have \`${state.property.name}\` ${unconverted}` : `${notText} or a value ${unconverted}`;
  return { ...check, threshold: MUST_BE_ZERO, measure: { kind: "failingRows", condition: { kind: "unreadableText", column: state.property.column }, unit: "rows", failing } };
}

/** What text held for a date or timestamp must read as: `date (ISO 8601)`, `timestamp in the format \`dd/MM/yyyy HH:mm\``. */
function temporalTextName(family: TypeFamily, temporal: TemporalReading | undefined): string {
  const format = temporal?.format;
  return `${family}${format ? ` in the format \`${format.pattern}\`` : " (ISO 8601)"}`;
}

/** Sample rows of an object with more columns than this show only its key and the columns of the check. */
const SAMPLE_ALL_COLUMNS_UP_TO = 20;

/**
 * The columns a check's sample rows show, of the object's declared columns in the data (`shown`, in order):
 * all of them, up to SAMPLE_ALL_COLUMNS_UP_TO; beyond, the primary key's (in key order, to find the row by)
 * then those the check reads, so that a wide table's sample is not every column of every failing row.
 */
function sampleColumns(check: Check, shown: SampleOptions["columns"], key: readonly string[]): SampleOptions["columns"] {
  if (shown.length <= SAMPLE_ALL_COLUMNS_UP_TO) return shown;
  const read = new Set(neededColumns(check).map(({ column }) => column));
  const keyShown = key.flatMap((column) => shown.filter((c) => c.column === column));
  return [...keyShown, ...shown.filter((c) => read.has(c.column) && !key.includes(c.column))];
}

/** Sample queries in flight at once: each stops at its fifth row, and several overlap their reads. */
const SAMPLE_CONCURRENCY = 4;

/**
 * Samples for the checks among `checks` that failed or warned, the rarest failures first: their
 * queries read furthest into the data before they have their rows, so they start while the quick
 * ones share the other slots, rather than running alone at the end.
 */
async function attachSamples(
  checks: readonly Check[],
  outcomes: Map<string, CheckOutcome>,
  matchingRows: (check: Check) => number | undefined,
  sampleOf: (check: Check) => Promise<SampleRow[] | undefined>,
): Promise<void> {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const rarity = (o: CheckOutcome) => matchingRows(byId.get(o.result.id)!) ?? Number.POSITIVE_INFINITY;
  const failed = checks
    .map((check) => outcomes.get(check.id))
    .filter(needsSample)
    .sort((a, b) => rarity(a) - rarity(b));
  let next = 0;
  const worker = async () => {
    while (next < failed.length) {
      const outcome = failed[next++]!;
      try {
        const sample = await sampleOf(byId.get(outcome.result.id)!);
        if (sample) outcome.result.sample = sample;
      } catch (error) {
        if (!(error instanceof SampleError)) throw error;
        outcome.notes = [...(outcome.notes ?? []), { ruleId: "quality-check-error", severity: "warning", message: error.message }];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SAMPLE_CONCURRENCY, failed.length) }, worker));
}

/** Whether a check's result shows sample rows: it failed or warned. */
function needsSample(outcome: CheckOutcome | undefined): outcome is CheckOutcome {
  return outcome !== undefined && (outcome.result.status === "fail" || outcome.result.status === "warn");
}

/**
 * The failing rows of `checks` (as `limit` asks of each, in each check's sample columns) from queries the
 * executor streams, when there are several; a check the map leaves out (none, when that query fails) has
 * a query of its own, so that an error is its check's.
 */
async function prefetchFailingRows(
  checks: readonly Check[],
  object: ObjectPlan,
  executor: QueryExecutor,
  options: CompileOptions,
  sampleOptions: (check: Check) => SampleOptions,
  limit: (check: Check) => number,
): Promise<Map<string, JsonValue[][] | Error> | undefined> {
  const queryFirstFlagged = executor.queryFirstFlagged?.bind(executor);
  if (checks.length < 2 || !queryFirstFlagged) return undefined;
  /** One streamed query for `some` of the checks: the rows of each that has them all; undefined when it fails. */
  const readFlagged = async (some: readonly Check[], rowBudget: number | undefined): Promise<Map<string, JsonValue[][] | Error> | undefined> => {
    const columnsOf = new Map(some.map((check) => [check.id, sampleOptions(check).columns]));
    const columns = [...new Map([...columnsOf.values()].flat().map((c) => [c.column, c])).values()];
    const position = new Map(columns.map((c, i) => [c.column, i]));
    const rowsOf = (check: Check, rows: JsonValue[][]) => rows.map((row) => columnsOf.get(check.id)!.map((c) => row[position.get(c.column)!]!));
    try {
      const found = await queryFirstFlagged(compileFailingSamples(object, some, executor.dialect, { ...options, columns }), some.map(limit), rowBudget);
      return new Map(some.flatMap((check, i) => (found[i] ? [[check.id, rowsOf(check, found[i])] as const] : [])));
    } catch (error) {
      // Out of time, the checks it had read all the rows of keep them, and the others ask nothing more: a
      // query of their own would read as far, for up to another time limit each. Any other error (one
      // check's condition failing on a value) leaves each check to its own query, where it fails alone.
      if (!(error instanceof FlaggedRowsTimeout)) return undefined;
      return new Map(some.map((check, i) => [check.id, error.rows[i] ? rowsOf(check, error.rows[i]) : error]));
    }
  };
  const found = new Map<string, JsonValue[][] | Error>();
  // First every check, for FLAGGED_ROW_BUDGET rows: failures are often dense in some checks and rare in
  // others, and once the dense ones have their rows every row they flag is read for nothing. The checks
  // still without their rows then ask again by themselves (a rare check's rows are few: that query reads
  // on fast); one left alone has a LIMIT query of its own.
  let pending = checks;
  for (const rowBudget of [FLAGGED_ROW_BUDGET, undefined]) {
    if (pending.length < 2) break;
    const read = await readFlagged(pending, rowBudget);
    if (!read) break;
    for (const [id, rows] of read) found.set(id, rows);
    pending = pending.filter((check) => !found.has(check.id));
  }
  return found;
}

/**
 * Rows the streamed samples query reads for all of its checks before the checks still without their rows
 * ask on their own (see prefetchFailingRows): on 5M rows of CSV with 15 failed checks, all but the null key's
 * had their five rows within 10,000 rows, and the null key's fifth is 500,000 rows in.
 */
const FLAGGED_ROW_BUDGET = 16_384;

/** Checks decided by the columns alone, and checks that cannot run because of them. */
function settleWithoutQuery(check: Check, object: ObjectPlan, columns: Map<string, ColumnState>, available: AvailableColumns, dialect: Dialect): CheckOutcome | undefined {
  const measure = check.measure;
  if (measure.kind === "unrunnable") return unrunnableOutcome(check);
  const notChecked = notCheckedReason(check, dialect);
  if (notChecked !== undefined) return notCheckedOutcome(check, notChecked);
  const steps = nestedSteps(check);
  if (steps) return settleNested(check, steps, object, columns);
  if (measure.kind === "columnPresent") return evaluatePresence(check, object, measure.column, available);
  // Every column a check reads is a declared property's: its existence and type checks report the cause.
  const needed = neededColumns(check);
  for (const { column } of needed) {
    const state = columns.get(column)!;
    if (!state.actual) return errorOutcome(check, `Not checked: \`${state.property.name}\` is not a column of \`${object.name}\`.`, null, "reported");
  }
  if (measure.kind === "columnType") {
    const state = columns.get(measure.column)!;
    return evaluateType(check, object, measure.column, state.actual!.type, state.typeOk);
  }
  // A masked column's values are not the data's: a digest is never an email, a NULL always missing. A digest keeps
  // the nulls and which values are equal, so null and duplicate counts still measure the data (a primary key's are
  // both); nothing else does.
  const keepsNullsAndEquality = (measure.kind === "failingRows" && measure.condition.kind === "isNull") || measure.kind === "duplicateRows" || measure.kind === "keyViolations";
  for (const { column } of needed) {
    const state = columns.get(column)!;
    const masked = state.actual!.masked;
    if (masked && !(masked.digest && keepsNullsAndEquality)) return notCheckedOutcome(check, `\`${state.property.name}\` is ${masked.note}`);
  }
  for (const { column, typed, asText } of needed) {
    const state = columns.get(column)!;
    // A check that reads the column only as text runs on a text column of another declared type.
    if (typed && !state.typeOk && !(asText && state.family === "string")) {
      return errorOutcome(check, `Not checked: \`${state.property.name}\` is ${state.actual!.type} in the data, not ${state.property.expected}.`, null, "reported");
    }
  }
  if (measure.kind === "age") {
    const state = columns.get(measure.column)!;
    if (state.family !== "date" && state.family !== "timestamp") {
      return errorOutcome(check, `Not checked: \`${state.property.name}\` is ${state.actual!.type} in the data; an SLA element must be a date or timestamp column.`, null, "quality-check-error");
    }
  }
  return undefined;
}

/** A nested property's path from its column's property name: `customer.address`, `lines[].sku`. */
function nestedPathName(root: string, steps: readonly NestedStep[]): string {
  return steps.reduce((name, step) => (step.kind === "items" ? `${name}[]` : `${name}.${step.name}`), root);
}

/**
 * A nested property's check, judged by its column's type: its existence and type are read from the
 * column's STRUCT / LIST type name; its row-level checks run in the scan only where the path is there and
 * (for checks that compare values) of the declared type. What stops them is reported once, by the check
 * of the column or nested property at fault.
 */
function settleNested(check: Check, steps: readonly NestedStep[], object: ObjectPlan, columns: Map<string, ColumnState>): CheckOutcome | undefined {
  const measure = check.measure;
  const column = measure.kind === "failingRows" && measure.condition.kind === "nested" ? measure.condition.column : (measure as { column: string }).column;
  const state = columns.get(column)!;
  const name = check.property ?? check.id;
  if (!state.actual) return errorOutcome(check, `Not checked: \`${state.property.name}\` is not a column of \`${object.name}\`.`, null, "reported");
  const sameSteps = (a: readonly NestedStep[] | undefined, b: readonly NestedStep[]) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);
  const typeCheckAt = (at: readonly NestedStep[]) =>
    object.checks.find((c) => c.measure.kind === "columnType" && c.measure.column === column && (at.length === 0 ? c.measure.steps === undefined : sameSteps(c.measure.steps, at)));
  const resolution = resolveNestedType(state.actual.type, steps);
  if (resolution.kind === "notNested") {
    const at = steps.slice(0, resolution.depth);
    const parent = nestedPathName(state.property.name, at);
    const wanted = resolution.step.kind === "field" ? "a STRUCT" : "a LIST";
    const declared = typeCheckAt(at);
    const family = familyOfSqlType(resolution.type);
    // A parent of another declared type fails its own type check; one that is an object or array of
    // another kind (JSON, MAP) holds the values, but not where a scan can reach them.
    if (declared?.measure.kind === "columnType" && !isCompatibleFamily(declared.measure.expected, family)) {
      return errorOutcome(check, `Not checked: \`${parent}\` is ${resolution.type} in the data, not ${declared.measure.expected}.`, null, "reported");
    }
    if (family === "object" || family === "array") {
      const where = `inside \`${parent}\`, which is ${resolution.type} in the data, not ${wanted}: nested properties are checked inside STRUCT and LIST values`;
      // One cause, one warning: the first check below the parent names every nested property it stops;
      // the others say so in their results only.
      const stopped = checksBelow(object, column, at, state.actual.type, columns);
      if (stopped[0]?.id !== check.id) return withoutFinding(notCheckedOutcome(check, `nested property \`${name}\` is ${where}`));
      const names = [...new Set(stopped.map((c) => c.property ?? c.id))];
      // A capped list, as a missing column's hint is: one finding for 3,000 properties in a MAP is one line, not 40 KB.
      const named = names.length === 1 ? `nested property \`${names[0]!}\` is` : `nested properties ${shortList(names.map((n) => `\`${n}\``))} are`;
      return notCheckedOutcome(check, `${named} ${where}`);
    }
    return errorOutcome(check, `Not checked: \`${parent}\` is ${resolution.type} in the data, not ${wanted}, so \`${name}\` cannot be inside it.`, null, "quality-check-error");
  }
  if (resolution.kind === "missing") {
    const parent = nestedPathName(state.property.name, steps.slice(0, resolution.depth));
    if (measure.kind === "columnPresent" && resolution.depth === steps.length - 1) return evaluateNestedPresence(check, parent, resolution);
    const missing = nestedPathName(state.property.name, steps.slice(0, resolution.depth + 1));
    return errorOutcome(check, `Not checked: \`${missing}\` is not a field of \`${parent}\`.`, null, "reported");
  }
  if (measure.kind === "columnPresent") return evaluateNestedPresence(check, nestedPathName(state.property.name, steps.slice(0, -1)), undefined);
  const family = familyOfSqlType(resolution.type);
  if (measure.kind === "columnType") return evaluateNestedType(check, resolution.type, isCompatibleFamily(measure.expected, family));
  // Comparing values needs the declared type; counting nulls does not.
  const own = typeCheckAt(steps);
  // (A nested value held otherwise is read as the declared type: see readNestedAsDeclared.)
  const typed = measure.kind === "failingRows" && measure.condition.kind === "nested" && measure.condition.condition.kind !== "isNull" && measure.condition.reading === undefined;
  if (typed && own?.measure.kind === "columnType" && !isCompatibleFamily(own.measure.expected, family)) {
    return errorOutcome(check, `Not checked: \`${name}\` is ${resolution.type} in the data, not ${own.measure.expected}.`, null, "reported");
  }
  return undefined;
}

/**
 * checksBelow's lists for one run of an object (keyed by its column states, made once per run): every check
 * below a parent asks for the same list, and finding it anew for each read the object's checks once per check,
 * quadratic in them (3,000 nested properties in a MAP took a minute and a half).
 */
const checksBelowOfRun = new WeakMap<Map<string, ColumnState>, Map<string, Check[]>>();

/**
 * The object's checks of nested properties the column's type stops at `at` (a parent that is no STRUCT or
 * LIST, such as a MAP or JSON), in plan order.
 */
function checksBelow(object: ObjectPlan, column: string, at: readonly NestedStep[], columnType: string, run: Map<string, ColumnState>): Check[] {
  const key = JSON.stringify(at);
  const lists = checksBelowOfRun.get(run) ?? new Map<string, Check[]>();
  checksBelowOfRun.set(run, lists);
  const listKey = JSON.stringify([column, columnType, at]);
  const known = lists.get(listKey);
  if (known) return known;
  const list = object.checks.filter((c) => {
    const steps = nestedSteps(c);
    const measure = c.measure;
    const own = measure.kind === "failingRows" && measure.condition.kind === "nested" ? measure.condition.column : (measure as { column?: string }).column;
    if (!steps || own !== column) return false;
    const resolution = resolveNestedType(columnType, steps);
    return resolution.kind === "notNested" && JSON.stringify(steps.slice(0, resolution.depth)) === key;
  });
  lists.set(listKey, list);
  return list;
}

/** An outcome whose cause another check's finding reports: its result only. */
function withoutFinding(outcome: CheckOutcome): CheckOutcome {
  return { result: outcome.result };
}

/**
 * `check` reading a nested property the data does not hold as its declared type as a top-level column of the
 * same data is read (see NestedReading, columnReading): a date or timestamp held as text (VARCHAR inside a STRUCT
 * or LIST: JSON strings some of which are no date, or values of mixed JSON types, read as their text), or a
 * string, integer, number, boolean or object of mixed JSON types (JSON). Its type check counts the rows with a value there
 * that does not read as the declared type, instead of failing the whole property, and its other checks compare
 * the values that do.
 */
function readNestedAsDeclared(check: Check, object: ObjectPlan, columns: Map<string, ColumnState>, dialect: Dialect): Check {
  const measure = check.measure;
  const steps = nestedSteps(check);
  // Only where nested values are read at all: elsewhere (PostgreSQL's `text[]`) the type name still decides the type check.
  if (!steps || !readsNested(dialect) || (measure.kind !== "columnType" && !(measure.kind === "failingRows" && measure.condition.kind === "nested"))) return check;
  const column = measure.kind === "columnType" ? measure.column : (measure.condition as Extract<RowCondition, { kind: "nested" }>).column;
  const actual = columns.get(column)?.actual;
  const resolution = actual ? resolveNestedType(actual.type, steps) : undefined;
  if (resolution?.kind !== "found") return check;
  // The nested property's declaration is on its type check (a nested property has one whenever it declares a type).
  const sameSteps = JSON.stringify(steps);
  const declared = object.checks.find((c) => c.measure.kind === "columnType" && c.measure.column === column && JSON.stringify(c.measure.steps) === sameSteps)?.measure;
  if (declared?.kind !== "columnType") return check;
  const expected = declared.expected;
  const family = familyOfSqlType(resolution.type);
  let reading: NestedReading;
  let notRead: string;
  const temporal = declared.temporal;
  if ((expected === "date" || expected === "timestamp") && family === "string" && convertsText(dialect, temporal?.format?.strptime ?? [])) {
    reading = { kind: "text", type: expected, formats: temporal?.format?.strptime ?? [], ...optional("zone", temporal?.defaultTimezone) };
    notRead = `text that is not a ${temporalTextName(expected, temporal)}`;
  } else if (isJsonScalarFamily(expected) && resolution.type.trim().toUpperCase() === "JSON" && dialect.jsonScalar) {
    reading = { kind: "jsonScalar", family: expected };
    notRead = `of another JSON type than ${expected}`;
  } else {
    return check;
  }
  if (measure.kind === "failingRows") return { ...check, measure: { ...measure, condition: { ...(measure.condition as Extract<RowCondition, { kind: "nested" }>), reading } } };
  const last = steps[steps.length - 1]!;
  const name = check.property ?? check.id;
  const inItems = steps.some((step) => step.kind === "items") ? " in at least one item" : "";
  const condition: RowCondition = { kind: "nested", column, steps: [...steps], reading, condition: { kind: "unreadableText", column: last.kind === "field" ? last.name : name } };
  return { ...check, threshold: MUST_BE_ZERO, measure: { kind: "failingRows", condition, unit: "rows", failing: `have \`${name}\` ${notRead}${inItems}` } };
}

/**
 * Columns a check reads; `typed` when its SQL only makes sense if the column has the declared type, and then
 * `asText` when it compares the column's text only (a value list of text, a pattern), which a column the data
 * holds as text has whatever the declared type.
 */
function neededColumns(check: Check): { column: string; typed: boolean; asText?: boolean }[] {
  const measure = check.measure;
  switch (measure.kind) {
    case "columnPresent":
    case "columnType":
      return [{ column: measure.column, typed: false }];
    case "failingRows": {
      const asText = readsOnlyText(measure.condition);
      return conditionColumns(measure.condition).map((column) => ({ column, typed: measure.condition.kind !== "isNull", asText }));
    }
    case "duplicateRows":
    case "keyViolations":
      return measure.columns.map((column) => ({ column, typed: false }));
    case "age":
      return [{ column: measure.column, typed: true }];
    case "sqlValue":
      // A property's SQL rule names its column through {property}: without the column it cannot work.
      return measure.column === undefined ? [] : [{ column: measure.column, typed: false }];
    case "rowCount":
    case "unrunnable":
    case "notChecked":
      return [];
  }
}

/** Whether a condition reads its column's text only (or its nulls): value lists compared as text, patterns. */
function readsOnlyText(condition: RowCondition): boolean {
  switch (condition.kind) {
    case "isNull":
      return true;
    case "inList":
    case "notInList":
      return condition.text && (condition.textValues ?? []).length === 0;
    case "notMatching":
      return condition.text;
    case "anyOf":
      return condition.conditions.every(readsOnlyText);
    default:
      return false;
  }
}

/**
 * `check` with the value lists of a column the data holds as text, where the contract declares another type
 * (a CSV column of integers with an `n/a` in it, which the reader types VARCHAR), compared as text: its type
 * check fails, and its missingValues and invalidValues rules still count what they list (`'n/a'`, `-1` as
 * `'-1'`), instead of being left unchecked (a number list would not compare with text on any engine).
 */
function readListsAsHeldText(check: Check, columns: Map<string, ColumnState>): Check {
  const measure = check.measure;
  if (measure.kind !== "failingRows") return check;
  const heldAsText = (column: string) => {
    const state = columns.get(column);
    return state !== undefined && !state.typeOk && state.family === "string";
  };
  const convertedString = (column: string) => {
    const state = columns.get(column);
    return state?.property.expected === "string" && state.actual?.text !== undefined && state.actual.unconverted !== undefined;
  };
  const reread = (condition: RowCondition): RowCondition => {
    if (condition.kind === "anyOf") {
      const conditions = condition.conditions.map(reread);
      return conditions.some((c, i) => c !== condition.conditions[i]) ? { ...condition, conditions } : condition;
    }
    if (condition.kind !== "inList" && condition.kind !== "notInList") return condition;
    // A string column converted from values of several JSON types (`5` among strings): its list meets each
    // value's text, where `5` is '5' (the converted value is NULL there).
    if (!condition.text && convertedString(condition.column)) return { ...condition, text: true };
    if (!condition.heldAsText || !heldAsText(condition.column)) return condition;
    const { textValues: _numbersRead, heldAsText: values, ...list } = condition;
    return { ...list, values, text: true };
  };
  const condition = reread(measure.condition);
  return condition === measure.condition ? check : { ...check, measure: { ...measure, condition } };
}

function conditionColumns(condition: RowCondition): string[] {
  if (condition.kind === "anyOf") return [...new Set(condition.conditions.flatMap(conditionColumns))];
  if (condition.kind === "nested") return [condition.column];
  return condition.kind === "isNull" ? condition.columns : [condition.column];
}

interface ScanOutcome {
  outcomes: Map<string, CheckOutcome>;
  /** Type checks whose column could not be read whole: the engine's error. */
  unreadableColumns: Map<string, string>;
  /** Row count, or null when even counting failed. */
  rows: number | null;
  nullKeys: Map<string, number>;
  failure?: string;
  /**
   * Set when not even the rows can be counted, or a query rejected with a DataSourceError: the data is
   * unreadable (a broken CSV row past the part read to describe it, a JSON record that repeats a key).
   */
  unreadable?: string;
}

/**
 * Runs the object's one scan. If it fails, the SQL rules folded into it are the likeliest cause (their
 * text is the contract author's): the scan is retried without them, and they run as their own queries,
 * with their own errors. If it still fails (a conversion error in one column, an engine limit), each
 * check is re-run in a scan of its own, so one bad check is an error and the others still get measured.
 */
async function runScan(object: ObjectPlan, executor: QueryExecutor, compileOptions: CompileOptions, now: Date, typeReads: readonly Check[], foldSqlRules = true): Promise<ScanOutcome> {
  const outcomes = new Map<string, CheckOutcome>();
  const unreadableColumns = new Map<string, string>();
  const nullKeys = new Map<string, number>();
  let rows: number | null = null;
  let failure: string | undefined;
  const attempt = async (checks: Check[], reads: readonly Check[]) => {
    const scan = compileObjectScan({ ...object, checks: [...checks, ...reads] }, executor.dialect, { ...compileOptions, readTypedColumns: true });
    const row = (await executor.queryValues(scan.query))[0] ?? [];
    rows = toCount(row[0]);
    recordScan(object, checks, scan.terms, row, rows, now, outcomes, nullKeys);
  };
  // A query that found the data itself unreadable (a DataSourceError: the runner recognised its engine's
  // error) blames no check, and no smaller scan would read past it.
  const unreadableData = (error: DataSourceError): ScanOutcome => ({ outcomes, unreadableColumns, rows: null, nullKeys, unreadable: error.message });
  const scanChecks = object.checks.filter((c) => isScanCheck(c) && (foldSqlRules || c.measure.kind !== "sqlValue"));
  const withoutSqlRules = scanChecks.filter((c) => c.measure.kind !== "sqlValue");
  const attempts = withoutSqlRules.length < scanChecks.length ? [scanChecks, withoutSqlRules] : [scanChecks];
  for (const checks of attempts) {
    try {
      await attempt(checks, typeReads);
      return { outcomes, unreadableColumns, rows, nullKeys };
    } catch (error) {
      if (error instanceof DataSourceError) return unreadableData(error);
      // The whole scan's error may quote a value of any column it read.
      failure ??= object.properties.some((p) => p.masked) ? redactedErrorText(error) : errorText(error);
    }
  }
  // Counting rows reads no column's values: when that fails too, no check's columns are at fault but
  // the data itself (DuckDB describes a CSV file from its first 20,480 rows; a ragged row after them).
  try {
    await attempt([], []);
  } catch (error) {
    return { outcomes, unreadableColumns, rows: null, nullKeys, unreadable: object.properties.some((p) => p.masked) ? redactedErrorText(error) : errorText(error) };
  }
  for (const check of withoutSqlRules) {
    try {
      await attempt([check], []);
    } catch (error) {
      if (error instanceof DataSourceError) return unreadableData(error);
      const text = await checkErrorText(error, neededColumns(check).map(({ column }) => column), object, executor);
      outcomes.set(check.id, errorOutcome(check, `Could not run: ${text}`, rows, "quality-check-error"));
    }
  }
  for (const read of typeReads) {
    try {
      await attempt([], [read]);
    } catch (error) {
      if (error instanceof DataSourceError) return unreadableData(error);
      const measure = read.measure;
      unreadableColumns.set(read.id, measure.kind === "columnType" ? await describeReadError(nameConvertedColumn(errorText(error), measure.column), [measure.column], object, executor) : errorText(error));
    }
  }
  return { outcomes, unreadableColumns, rows, nullKeys, ...(failure !== undefined ? { failure } : {}) };
}

/**
 * DuckDB's CSV reader, given the view's column types, names the column a value does not convert in by its place
 * among the columns the query reads: a type read reads one, so its error named the file's first column.
 */
const CONVERTED_COLUMN = /Error when converting column "(.*?)"\. Could not convert/;

/** A type read's error naming the column it read (DuckDB's CSV reader names it by its place among the columns read). */
const nameConvertedColumn = (error: string, column: string) => error.replace(CONVERTED_COLUMN, () => `Error when converting column "${column}". Could not convert`);

/**
 * The error of a check that read `columns`: redacted where one is classified, else with the value the engine could not
 * read where its error says only where (describeReadError), as the type read says it, whether of one column or several.
 */
async function checkErrorText(error: unknown, columns: readonly string[], object: ObjectPlan, executor: QueryExecutor): Promise<string> {
  const read = [...new Set(columns)];
  const masked = read.some((column) => object.properties.some((p) => p.column === column && p.masked));
  return masked ? redactedErrorText(error) : describeReadError(errorText(error), read, object, executor);
}

/**
 * A read error of `columns`, with the value the engine could not read where its error ends without one (DuckDB's
 * JSON reader: `in line 25001:`): a message that says where but not what leaves the author searching the file. A
 * classified column's value is not read: its message is redacted anyway.
 */
async function describeReadError(error: string, columns: readonly string[], object: ObjectPlan, executor: QueryExecutor): Promise<string> {
  if (!executor.describeUnreadValue || columns.length === 0 || object.properties.some((p) => columns.includes(p.column) && p.masked)) return error;
  const described = (await executor.describe(object)).columns;
  const typed = columns.flatMap((name) => {
    const type = described.find((c) => c.name === name)?.type;
    return type === undefined ? [] : [{ name, type }];
  });
  const what = typed.length === columns.length ? await executor.describeUnreadValue(error, typed) : undefined;
  return what === undefined ? error : `${error.trimEnd()} ${what}`;
}

function recordScan(
  object: ObjectPlan,
  checks: readonly Check[],
  terms: readonly { checkId: string; column: number }[],
  row: readonly ScalarValue[],
  rows: number,
  now: Date,
  outcomes: Map<string, CheckOutcome>,
  nullKeys: Map<string, number>,
): void {
  const columnOf = new Map<string, number>();
  for (const term of terms) if (!columnOf.has(term.checkId)) columnOf.set(term.checkId, term.column);
  const valueOf = (check: Check) => {
    const column = columnOf.get(check.id);
    return column !== undefined ? row[column] ?? null : null;
  };
  for (const check of checks) {
    const measure = check.measure;
    if (measure.kind === "rowCount") outcomes.set(check.id, evaluateRowCount(check, object, rows));
    else if (measure.kind === "failingRows") outcomes.set(check.id, evaluateFailingRows(check, toCount(valueOf(check)), rows));
    else if (measure.kind === "keyViolations") nullKeys.set(check.id, toCount(valueOf(check)));
    else if (measure.kind === "sqlValue") outcomes.set(check.id, evaluateSqlValue(check, toCount(valueOf(check)), rows));
    else if (measure.kind === "age") {
      const value = valueOf(check);
      outcomes.set(check.id, evaluateAge(check, object, value === null ? null : toEpochSeconds(value), now, rows));
    }
  }
}

/** The rows of each duplicate query, or why it failed. Never rejects: its caller awaits other work first. */
type GroupResult = { group: DuplicateQuery; rows: JsonValue[][] } | { group: DuplicateQuery; error: string };

/**
 * Duplicate queries above this many over an object whose every query parses its files read a copy of
 * their columns instead (see QueryExecutor.stageColumns): the copy costs one parse and a write of those
 * columns, which two queries already repay (200,000 rows of 200 CSV columns, 2 keys: 2.5–6.1 s against
 * 4.7–7.1 s read directly, and less memory); for one it would be a parse more.
 */
const STAGED_DUPLICATE_QUERIES_ABOVE = 1;

function queryDuplicates(object: ObjectPlan, executor: QueryExecutor, compileOptions: CompileOptions): Promise<GroupResult[]> {
  const groups = compileDuplicateQueries(object, executor.dialect, compileOptions);
  return groups.length > STAGED_DUPLICATE_QUERIES_ABOVE && executor.stageColumns ? queryDuplicatesOnCopy(object, groups, executor, compileOptions) : queryDuplicateGroups(groups, object, executor);
}

function queryDuplicateGroups(groups: readonly DuplicateQuery[], object: ObjectPlan, executor: QueryExecutor): Promise<GroupResult[]> {
  return Promise.all(
    groups.map((group) =>
      executor.queryJson(group.query).then(
        (rows): GroupResult => ({ group, rows }),
        // Said as a scan's check says it: a classified key's value redacted, a value the reader could not read named.
        async (error: unknown): Promise<GroupResult> => ({ group, error: await checkErrorText(error, group.columns, object, executor).catch(() => errorText(error)) }),
      ),
    ),
  );
}

async function queryDuplicatesOnCopy(object: ObjectPlan, groups: readonly DuplicateQuery[], executor: QueryExecutor, compileOptions: CompileOptions): Promise<GroupResult[]> {
  const columns = [...new Set(groups.flatMap((group) => group.columns))];
  // A copy that cannot be made (memory, a value the reader refuses) leaves the queries to read the object, each with its own error.
  const staged = await executor.stageColumns!(object, columns).catch(() => undefined);
  if (staged === undefined) return queryDuplicateGroups(groups, object, executor);
  try {
    // The same queries, reading the copy: same columns, types and values, so the same counts and keys.
    const onCopy = compileDuplicateQueries(object, executor.dialect, { ...compileOptions, relation: staged.relation });
    // One after the other: the engine spreads each over its threads, and side by side they only hold more
    // memory at once (1,000 keys of 20,000 rows: as fast, 0.3 GB less than sent together).
    const results: GroupResult[] = [];
    for (const group of onCopy) results.push(...(await queryDuplicateGroups([group], object, executor)));
    return results;
  } finally {
    await staged.drop().catch(() => undefined);
  }
}

/** Outcomes of the uniqueness checks, and the most repeated keys of each duplicate query (by its duplicateGroupKey). */
function evaluateDuplicateQueries(
  object: ObjectPlan,
  groups: readonly GroupResult[],
  nullKeys: Map<string, number>,
  rows: number,
  sampleSize: number,
): { outcomes: Map<string, CheckOutcome>; repeatedKeys: Map<string, SampleRow[]> } {
  const outcomes = new Map<string, CheckOutcome>();
  const repeatedKeys = new Map<string, SampleRow[]>();
  const nameOf = (column: string) => object.properties.find((p) => p.column === column)?.name ?? column;
  for (const result of groups) {
    const { group } = result;
    const checks = object.checks.filter((c) => group.checkIds.includes(c.id));
    if ("error" in result) {
      for (const check of checks) outcomes.set(check.id, errorOutcome(check, `Could not run: ${result.error}`, rows, "quality-check-error"));
      continue;
    }
    // Each row: the key columns, the key's rows, then duplicated_values and duplicate_rows over all keys.
    const keyCount = group.columns.length;
    const counts = result.rows[0] ?? [];
    const count = (value: JsonValue | undefined) => toCount(value as ScalarValue | undefined);
    const duplicatedValues = count(counts[keyCount + 1]);
    const duplicateRows = count(counts[keyCount + 2]);
    repeatedKeys.set(
      group.key,
      // The key's values are nested under `key`: beside `rows`, a property named `rows` would lose its value.
      result.rows.slice(0, sampleSize).map((row) => ({ key: Object.fromEntries(group.columns.map((column, i) => [nameOf(column), row[i] ?? null])), rows: count(row[keyCount]) })),
    );
    for (const check of checks) {
      if (check.measure.kind === "keyViolations") {
        const nulls = nullKeys.get(check.id);
        // The null count comes from the scan; if the scan could not measure it, the key check errs there.
        if (nulls !== undefined) outcomes.set(check.id, evaluateKey(check, object, nulls, duplicateRows, rows));
      } else {
        outcomes.set(check.id, evaluateDuplicates(check, object, duplicateRows, duplicatedValues, rows));
      }
    }
  }
  return { outcomes, repeatedKeys };
}

const NUMERIC_FAMILIES: ReadonlySet<string> = new Set(["integer", "number"]);

/** PostgreSQL's error for a division by zero (`… / count(*)` on no rows); DuckDB's is NaN or NULL instead. */
const DIVISION_BY_ZERO = /\bdivision by zero\b/i;

/**
 * Why a SQL rule came out NULL or NaN, or stopped at a division by zero, when its object has no rows: a percentage
 * of no rows (`100.0 * count(*) FILTER (…) / count(*)`) divides by zero on every engine, each in its own way
 * (PostgreSQL stops, DuckDB gives NaN or NULL), and `avg`, `min` or `max` of no rows are NULL.
 */
function noRowsHint(object: ObjectPlan, rows: number | null): string {
  if (rows !== 0) return "";
  return ` (\`${object.name}\` has no rows, over which a share divides by zero and avg, min or max have no value: give the query a value for no rows, e.g. \`coalesce(100.0 * count(*) FILTER (WHERE …) / nullif(count(*), 0), 0)\`)`;
}

/**
 * A SQL rule must return exactly one row of one number (or a boolean, for `mustBe: true`). Anything else
 * is an error of the rule that names the type it returned, never the value: a rule could select a
 * classified column or a server's secret, and its result would be printed in the PR comment.
 */
async function runSqlRule(check: Check, object: ObjectPlan, executor: QueryExecutor, compileOptions: CompileOptions, rows: number | null): Promise<CheckOutcome> {
  const name = `SQL rule \`${check.title ?? check.id}\``;
  let result: ScalarValue[][];
  let types: string[] = [];
  let sql = "";
  try {
    const query = compileSqlRule(check, object, executor.dialect, compileOptions);
    sql = query.sql;
    if (executor.queryTypedValues) ({ rows: result, types } = await executor.queryTypedValues(query));
    else result = await executor.queryValues(query);
  } catch (error) {
    const engineText = errorText(error);
    const text = quotesTheQueryOnly(engineText, sql) ? engineText : redactedErrorText(error, sql === "" ? undefined : sql);
    return errorOutcome(check, `${name} failed: ${text}${DIVISION_BY_ZERO.test(text) ? noRowsHint(object, rows) : ""}`, rows, "quality-check-error");
  }
  // With no row, the result holds no value to count columns by.
  const shape = result.length === 0 ? "no row" : `${result.length} row${result.length === 1 ? "" : "s"} of ${result[0]!.length} column${result[0]!.length === 1 ? "" : "s"}`;
  if (result.length !== 1 || result[0]!.length !== 1) {
    return errorOutcome(check, `${name} must return exactly one value (one row, one column), but returned ${shape}`, rows, "quality-check-error");
  }
  const value = result[0]![0]!;
  // A boolean rule (`mustBe: true`) returns NULL too, e.g. `bool_and` over no rows: say what it must return.
  const expected = check.threshold ? equalityValues(check.threshold) : [];
  if (value === null) return errorOutcome(check, `${name} returned NULL; it must return ${expected.length > 0 && expected.every((v) => typeof v === "boolean") ? "a boolean" : "a number"}${noRowsHint(object, rows)}`, rows, "quality-check-error");
  // NaN compares unequal to everything, so `mustNotBe: 0` would pass it; infinities are no measurement either.
  // Only NaN is a share of no rows (0/0); an infinity is a non-zero value divided by zero, which no rows do not explain.
  if (typeof value === "number" && !Number.isFinite(value)) return errorOutcome(check, `${name} returned ${value}; it must return a finite number${Number.isNaN(value) ? noRowsHint(object, rows) : ""}`, rows, "quality-check-error");
  // DuckDB's driver gives a TIME as its microseconds (a bigint), which would read as a number: `SELECT TIME
  // '00:00:00'` would pass `mustBe: 0`. A value of a type known to be no number nor boolean is never measured.
  const family = types[0] !== undefined ? familyOfSqlType(types[0]) : undefined;
  if (family !== undefined && !NUMERIC_FAMILIES.has(family) && family !== "boolean") return notANumber(check, name, types[0]!, rows);
  // A DECIMAL the driver gives as a string is that number. Text is not read, even when it spells a number:
  // `SELECT min(ssn)` would show a classified value as the measure.
  const textType = types[0] !== undefined && !NUMERIC_FAMILIES.has(family ?? "");
  // PostgreSQL's driver gives a float's or numeric's NaN and infinities as the text PostgreSQL writes them.
  const nonFinite = typeof value === "string" && types[0] !== undefined && !textType ? NON_FINITE_TEXT.exec(value.trim())?.[0] : undefined;
  if (nonFinite !== undefined) return errorOutcome(check, `${name} returned ${nonFinite}; it must return a finite number${nonFinite === "NaN" ? noRowsHint(object, rows) : ""}`, rows, "quality-check-error");
  const numeric = typeof value === "string" && !textType ? (numberInText(value) ?? value) : value;
  if (typeof numeric === "string") return notANumber(check, name, types[0], rows);
  if (typeof numeric === "boolean" && check.threshold && ordersValues(check.threshold)) {
    return errorOutcome(check, `${name} returned a boolean, not a number, so it cannot be compared (${describeThreshold(check.threshold, String)})`, rows, "quality-check-error");
  }
  // `SELECT true` against `mustBe: 1`, or a count against `mustBe: true`: never equal, so neither a pass nor a fail.
  if (expected.length > 0 && expected.every((v) => typeof v !== typeof numeric)) {
    const [got, wanted] = typeof numeric === "boolean" ? ["a boolean", "a number"] : ["a number", "a boolean"];
    return errorOutcome(check, `${name} returned ${got}, but its rule compares it with ${wanted} (${describeThreshold(check.threshold!, String)}): return ${wanted}, or compare with one`, rows, "quality-check-error");
  }
  // A BIGINT beyond 2^53 or a wide DECIMAL comes as its text: compared exactly, not as the double it rounds to.
  const exact = typeof value === "string" && typeof numeric === "number" ? exactNumberText(value) : undefined;
  return evaluateSqlValue(check, numeric, rows, exact);
}

/** A SQL rule's error for a value that is no number: it names the value's type, never the value (it may be classified). */
function notANumber(check: Check, name: string, type: string | undefined, rows: number | null): CheckOutcome {
  const what = type ? `a value of type ${type}` : "a value that is not a number";
  return errorOutcome(check, `${name} returned ${what}, not a number; it must return one number (e.g. \`SELECT count(*) …\`). The value is not shown: it may be classified`, rows, "quality-check-error");
}

/** How PostgreSQL writes a number that is not finite (`NaN`, `Infinity`, `-Infinity`). */
const NON_FINITE_TEXT = /^(?:NaN|[-+]?Infinity)$/;

/** The values a threshold's mustBe / mustNotBe comparisons name (a number, a boolean, or text spelling a number). */
function equalityValues(threshold: Threshold): JsonValue[] {
  if (threshold.comparator === "allOf") return threshold.value.flatMap(equalityValues);
  return threshold.comparator === "mustBe" || threshold.comparator === "mustNotBe" ? [typeof threshold.value === "string" ? (numberInText(threshold.value) ?? threshold.value) : threshold.value] : [];
}

/**
 * Whether an engine's error (`text`) for the SQL rule `sql` was raised before the query read any row, so what it quotes
 * is the query's own text (a token, a function's argument types), which the contract holds already: shown whole, so
 * the author sees where the query is wrong. DuckDB's binder's; the parser's `syntax error at or near "FORM"` (DuckDB's
 * and PostgreSQL's, and their other errors at a token: `zero-length delimited identifier at or near """"`) only when
 * the token it quotes is in the query: both engines parse text taken from the rows too, and quote it alike
 * (`replace(email, '@', ' ')::regtype` on PostgreSQL, `json_deserialize_sql(json_serialize_sql(email))` on DuckDB: `syntax error at or near "alice"`). (PostgreSQL's `invalid input syntax for type integer: "…"` is raised
 * as rows are read, and quotes a value.)
 */
function quotesTheQueryOnly(text: string, sql: string): boolean {
  if (/^Binder Error: /.test(text)) return true;
  if (/^(?:Parser Error: )?syntax error at end of input$/.test(text)) return true;
  // (any error of the lexer or parser at a token: `syntax error`, `unterminated quoted string`, `zero-length delimited identifier`)
  const token = /^(?:Parser Error: )?[a-z][a-z -]* at or near "(.*)"$/s.exec(text)?.[1];
  return token !== undefined && sql.includes(token);
}

/** Names an engine quotes that are identifiers, not values: kept in a redacted message. */
const QUOTED_IDENTIFIER = /\b(?:column|relation|table|view|schema|function|type|role|database|catalog|table with name|referenced column)\s+"((?:[^"]|"")*)"/gi;

/** Whether each part of a quoted name (`sales.orders`) is written in `query` (in any case: PostgreSQL folds unquoted names). */
function namedIn(query: string, quoted: string): boolean {
  const text = query.toLowerCase();
  return quoted
    .replaceAll('""', '"')
    .split(".")
    .every((part) => text.includes(part.toLowerCase()));
}

/**
 * An engine's error without the values it quotes: a conversion error names the value it could not
 * convert (`invalid input syntax for type integer: "alice@example.com"`, `Could not convert string
 * 'alice@example.com' to INT32`, `invalid date field format: "…"`), and the value may come from a
 * classified column. Engines quote values in more forms than can be listed, and a value may hold a
 * quote itself: so the message is cut at the first quote that does not name a column, table or the
 * like, and the rest is not shown. For a SQL rule's `query`, a name is kept only when the query names it: a query
 * may read a value as a name (`split_part(email, '@', 1)::regtype` on PostgreSQL: `type "alice" does not exist`).
 */
export function redactValues(message: string, query?: string): string {
  const kept = [...message.matchAll(QUOTED_IDENTIFIER)].filter((m) => query === undefined || namedIn(query, m[1]!)).map((m) => [m.index, m.index + m[0].length] as const);
  for (let i = 0; i < message.length; i++) {
    const inside = kept.find(([start, end]) => i >= start && i < end);
    if (inside) {
      i = inside[1] - 1;
      continue;
    }
    // (the apostrophe of DuckDB's `can't be cast`, `doesn't`, is no quote)
    if (message[i] === "'" && /^n't\b/.test(message.slice(i - 1, i + 3))) continue;
    if (message[i] === '"' || message[i] === "'") return `${withoutUnquotedValues(message.slice(0, i))}${message[i]}***${message[i]} (the rest of the engine's message is not shown: it quotes a value)`;
  }
  return withoutUnquotedValues(message);
}

/**
 * `text` without the values DuckDB spells unquoted: the one a cast could not convert (`Could not cast value 1.5 to
 * INT32`, `Type INT64 with value 123456789012 can't be cast …`) and an overflow's operands (`Overflow in addition of
 * INT64 (9223372036854775000 + 1000)!`, `Overflow in HUGEINT addition: 7 + …`, `Overflow on abs(…)`), each `***`.
 */
function withoutUnquotedValues(text: string): string {
  const cast = text.replace(/\b(Could not cast value) (.+?) to\b/gi, "$1 *** to").replace(/\b(with value) (.+?) (can't be cast)/gi, "$1 *** $3");
  // (a number not part of a name: INT64, UINT8 and the like keep their digits)
  return /\bOverflow\b/i.test(cast) ? cast.replace(/(?<![\w.])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])/gi, "***") : cast;
}

/** Whether a threshold orders values (more than, at most, between): only numbers can meet it. */
function ordersValues(threshold: Threshold): boolean {
  if (threshold.comparator === "allOf") return threshold.value.some(ordersValues);
  return threshold.comparator !== "mustBe" && threshold.comparator !== "mustNotBe";
}

/** A sample query that failed: a warning beside the check's result. */
class SampleError extends Error {}

interface SampleSources {
  /** Sample queries already sent for this object, by their SQL and values. */
  queries: Map<string, Promise<JsonValue[][]>>;
  /** The most repeated keys of each uniqueness column set (by its duplicateGroupKey), from its duplicate query. */
  repeatedKeys: ReadonlyMap<string, readonly SampleRow[]>;
  /** Failing rows of several checks fetched at once, by check id (see prefetchFailingRows). */
  firstRows?: Promise<ReadonlyMap<string, JsonValue[][] | Error> | undefined>;
}

/** `matching`: how many rows the check's failing-row query finds, where the scan counted them. */
async function fetchSample(check: Check, object: ObjectPlan, executor: QueryExecutor, options: SampleOptions, sources: SampleSources, matching: number | undefined): Promise<SampleRow[] | undefined> {
  const measure = check.measure;
  const failingRows = async () => {
    if (matching === 0) return [];
    const prefetched = (await sources.firstRows)?.get(check.id);
    if (prefetched instanceof Error) throw prefetched;
    const rows = prefetched ?? (await failingRowsQuery());
    return rows.map((row) => Object.fromEntries(options.columns.map((c, i) => [propertyName(object, c.column), row[i] ?? null])));
  };
  const failingRowsQuery = () => {
    const query = compileFailingSample(object, check, executor.dialect, { ...options, limit: Math.min(options.limit, matching ?? options.limit) });
    // (a bound beyond 2^53 is a bigint parameter, which JSON has no number for)
    const key = JSON.stringify(query, (_, value: unknown) => (typeof value === "bigint" ? `${value}n` : value));
    const sent = sources.queries.get(key) ?? executor.queryJson(query);
    sources.queries.set(key, sent);
    return sent;
  };
  // Each result gets its own row objects.
  const repeatedKeys = (uniqueness: Extract<Check["measure"], { kind: "duplicateRows" | "keyViolations" }>) => sources.repeatedKeys.get(duplicateGroupKey(uniqueness))?.map((row) => structuredClone(row));
  try {
    if (measure.kind === "failingRows") return await failingRows();
    if (measure.kind === "duplicateRows") return repeatedKeys(measure);
    if (measure.kind === "keyViolations") {
      // Both kinds of violation when there are both: rows with a null key, and the most repeated keys (at
      // least half of the sample, when there are that many), so that neither hides the other.
      const withNullKey = await failingRows();
      const repeated = repeatedKeys(measure) ?? [];
      if (withNullKey.length === 0) return repeatedKeys(measure);
      const nulls = options.limit - Math.min(repeated.length, Math.floor(options.limit / 2));
      return [...withNullKey.slice(0, nulls), ...repeated].slice(0, options.limit);
    }
  } catch (error) {
    // A sample only illustrates a failure: the check's result stands without it, and a warning says why
    // there is none (the engine's message without the values it may quote).
    throw new SampleError(`No sample rows for \`${check.id}\`: the sample query failed (${redactedErrorText(error)}); the check's result stands`);
  }
  return undefined;
}

function toNumber(value: ScalarValue): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw new Error(`expected a number, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * The epoch seconds of a newest or oldest value: a date or timestamp `infinity` / `-infinity` is ±Infinity
 * (PostgreSQL's driver gives it as the text `Infinity`), an age like any other; NaN is no instant.
 */
function toEpochSeconds(value: ScalarValue): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  if (Number.isNaN(n)) throw new Error(`expected a number, got ${JSON.stringify(value)}`);
  return n;
}

/** A count from the engine; a NULL count (SUM over no rows) is 0. */
function toCount(value: ScalarValue | undefined): number {
  return value === null || value === undefined ? 0 : toNumber(value);
}
