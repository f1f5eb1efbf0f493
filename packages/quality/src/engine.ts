/**
 * Runs a check plan through any SQL engine: a runner supplies a `QueryExecutor` (a connection, the
 * object's columns, its dialect) and gets one outcome per check. Per object: columns are compared with
 * the contract first; checks whose column is missing or of the wrong type are reported as errors and
 * left out; the rest run as one scan, one query per duplicate column set and one per SQL rule; samples
 * are fetched for failed row-level checks only. No check is ever dropped: it passes, fails or errors.
 */
import type { JsonValue } from "@meshkit/core";
import type { Check, ObjectPlan, PropertyPlan, QualityPlan, RowCondition } from "./checks.js";
import {
  type CompileOptions,
  type CompiledQuery,
  type SampleOptions,
  compileDuplicateQueries,
  compileDuplicateSample,
  compileFailingSample,
  compileObjectScan,
  compileSqlRule,
  isScanCheck,
} from "./compile.js";
import type { Dialect } from "./dialects.js";
import {
  type CheckOutcome,
  errorOutcome,
  evaluateAge,
  evaluateDuplicates,
  evaluateFailingRows,
  evaluateKey,
  evaluatePresence,
  evaluateRowCount,
  evaluateSqlValue,
  evaluateType,
  unrunnableOutcome,
} from "./evaluate.js";
import type { SampleRow } from "./results.js";
import { type TypeFamily, familyOfSqlType, isCompatibleFamily } from "./type-families.js";

/** A scalar as measurements need it: numeric SQL types as numbers, temporal ones as ISO text. */
export type ScalarValue = number | string | boolean | null;

export interface ColumnInfo {
  name: string;
  /** The engine's type name, e.g. `VARCHAR`, `DECIMAL(12,2)`, `timestamp with time zone`. */
  type: string;
}

export interface DescribedRelation {
  /** Name parts of the object's table or view in the engine, e.g. `["customer", "orders"]`. */
  relation: string[];
  columns: ColumnInfo[];
}

/** The data of an object cannot be read; `message` says which and why (shown as is). */
export class DataSourceError extends Error {}

/** What a runner provides. Errors other than DataSourceError make the affected checks errors. */
export interface QueryExecutor {
  readonly dialect: Dialect;
  /** How the executor takes values: `$n` parameters, or inlined literals. */
  readonly parameters: "bound" | "inline";
  describe(object: ObjectPlan): Promise<DescribedRelation>;
  /** Rows of a measurement query as scalars. */
  queryValues(query: CompiledQuery): Promise<ScalarValue[][]>;
  /** Rows of a sample query as JSON values the way the engine prints them. */
  queryJson(query: CompiledQuery): Promise<JsonValue[][]>;
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
}

export async function executePlan(plan: QualityPlan, executor: QueryExecutor, options: ExecuteOptions): Promise<Execution> {
  const execution: Execution = { outcomes: [], unreadable: [] };
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
    execution.outcomes.push(...(await executeObject(object, described, executor, options)));
  }
  execution.outcomes.push(...plan.unassigned.map(unrunnableOutcome));
  return execution;
}

/** A check that did not run because of `cause`, reported once elsewhere; a rule that is invalid anyway still says so. */
export function notRunOutcome(check: Check, cause: string): CheckOutcome {
  return check.measure.kind === "unrunnable" ? unrunnableOutcome(check) : errorOutcome(check, `Not checked: ${cause}`, null, "reported");
}

function errorText(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]!.trim();
}

/** What the data says about one declared column. */
interface ColumnState {
  property: PropertyPlan;
  actual?: ColumnInfo;
  family?: TypeFamily;
  /** Declared and actual types agree (or nothing was declared). */
  typeOk: boolean;
}

async function executeObject(object: ObjectPlan, described: DescribedRelation, executor: QueryExecutor, options: ExecuteOptions): Promise<CheckOutcome[]> {
  const compileOptions: CompileOptions = { relation: described.relation, parameters: executor.parameters };
  const columns = new Map<string, ColumnState>();
  for (const property of object.properties) {
    const actual = described.columns.find((c) => c.name === property.column);
    const family = actual ? familyOfSqlType(actual.type) : undefined;
    columns.set(property.column, { property, ...(actual ? { actual } : {}), ...(family ? { family } : {}), typeOk: !property.expected || isCompatibleFamily(property.expected, family) });
  }
  const outcomes = new Map<string, CheckOutcome>();
  const runnable: Check[] = [];
  for (const check of object.checks) {
    const settled = settleWithoutQuery(check, object, columns, described.columns);
    if (settled) outcomes.set(check.id, settled);
    else runnable.push(check);
  }
  const runnableObject: ObjectPlan = { ...object, checks: runnable };
  const scanned = await runScan(runnableObject, executor, compileOptions, options.now);
  for (const [id, outcome] of scanned.outcomes) outcomes.set(id, outcome);
  const rows = scanned.rows;
  if (rows !== null) {
    for (const [id, outcome] of await runDuplicateQueries(runnableObject, executor, compileOptions, scanned.nullKeys, rows)) outcomes.set(id, outcome);
  } else {
    for (const check of runnable.filter((c) => c.measure.kind === "duplicateRows")) {
      outcomes.set(check.id, errorOutcome(check, `Could not run: counting the rows of \`${object.name}\` failed (${scanned.failure ?? "no result"})`, null, "quality-check-error"));
    }
  }
  for (const check of runnable.filter((c) => c.measure.kind === "sqlValue")) outcomes.set(check.id, await runSqlRule(check, object, executor, compileOptions, rows));
  const sampleColumns = object.properties.filter((p) => columns.get(p.column)?.actual).map((p) => ({ column: p.column, masked: p.masked }));
  // Uniqueness checks on the same columns (unique, duplicateValues, a primary key) show the same repeated
  // keys: one GROUP BY over the whole table for all of them, not one per failed check.
  const repeatedKeys = new Map<string, Promise<SampleRow[]>>();
  for (const check of runnable) {
    const outcome = outcomes.get(check.id);
    if (outcome && (outcome.result.status === "fail" || outcome.result.status === "warn")) {
      const sample = await fetchSample(check, object, executor, { ...compileOptions, columns: sampleColumns, limit: options.sampleSize }, repeatedKeys);
      if (sample) outcome.result.sample = sample;
    }
  }
  return object.checks.map((check) => outcomes.get(check.id)!);
}

/** Checks decided by the columns alone, and checks that cannot run because of them. */
function settleWithoutQuery(check: Check, object: ObjectPlan, columns: Map<string, ColumnState>, available: readonly ColumnInfo[]): CheckOutcome | undefined {
  const measure = check.measure;
  if (measure.kind === "unrunnable") return unrunnableOutcome(check);
  if (measure.kind === "columnPresent") return evaluatePresence(check, object, measure.column, available.map((c) => c.name));
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
  for (const { column, typed } of needed) {
    const state = columns.get(column)!;
    if (typed && !state.typeOk) {
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

/** Columns a check reads; `typed` when its SQL only makes sense if the column has the declared type. */
function neededColumns(check: Check): { column: string; typed: boolean }[] {
  const measure = check.measure;
  switch (measure.kind) {
    case "columnPresent":
    case "columnType":
      return [{ column: measure.column, typed: false }];
    case "failingRows":
      return conditionColumns(measure.condition).map((column) => ({ column, typed: measure.condition.kind !== "isNull" }));
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
      return [];
  }
}

function conditionColumns(condition: RowCondition): string[] {
  if (condition.kind === "anyOf") return [...new Set(condition.conditions.flatMap(conditionColumns))];
  return condition.kind === "isNull" ? condition.columns : [condition.column];
}

interface ScanOutcome {
  outcomes: Map<string, CheckOutcome>;
  /** Row count, or null when even counting failed. */
  rows: number | null;
  nullKeys: Map<string, number>;
  failure?: string;
}

/**
 * Runs the object's one scan. If it fails (a conversion error in one column, an engine limit), each
 * check is re-run in a scan of its own, so one bad check is an error and the others still get measured.
 */
async function runScan(object: ObjectPlan, executor: QueryExecutor, compileOptions: CompileOptions, now: Date): Promise<ScanOutcome> {
  const scanChecks = object.checks.filter(isScanCheck);
  const outcomes = new Map<string, CheckOutcome>();
  const nullKeys = new Map<string, number>();
  const attempt = async (checks: Check[]) => {
    const scan = compileObjectScan({ ...object, checks }, executor.dialect, compileOptions);
    const row = (await executor.queryValues(scan.query))[0] ?? [];
    return { scan, row };
  };
  let batches: Check[][] = [scanChecks];
  let rows: number | null = null;
  let failure: string | undefined;
  try {
    const { scan, row } = await attempt(scanChecks);
    rows = toCount(row[0]);
    recordScan(object, scanChecks, scan.terms, row, rows, now, outcomes, nullKeys);
    batches = [];
  } catch (error) {
    failure = errorText(error);
    batches = scanChecks.map((c) => [c]);
  }
  for (const batch of batches) {
    try {
      const { scan, row } = await attempt(batch);
      rows = toCount(row[0]);
      recordScan(object, batch, scan.terms, row, rows, now, outcomes, nullKeys);
    } catch (error) {
      for (const check of batch) outcomes.set(check.id, errorOutcome(check, `Could not run: ${errorText(error)}`, rows, "quality-check-error"));
    }
  }
  return { outcomes, rows, nullKeys, ...(failure !== undefined ? { failure } : {}) };
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
  const valueOf = (check: Check) => {
    const term = terms.find((t) => t.checkId === check.id);
    return term ? row[term.column] ?? null : null;
  };
  for (const check of checks) {
    const measure = check.measure;
    if (measure.kind === "rowCount") outcomes.set(check.id, evaluateRowCount(check, object, rows));
    else if (measure.kind === "failingRows") outcomes.set(check.id, evaluateFailingRows(check, toCount(valueOf(check)), rows));
    else if (measure.kind === "keyViolations") nullKeys.set(check.id, toCount(valueOf(check)));
    else if (measure.kind === "age") {
      const value = valueOf(check);
      outcomes.set(check.id, evaluateAge(check, object, value === null ? null : toNumber(value), now, rows));
    }
  }
}

async function runDuplicateQueries(object: ObjectPlan, executor: QueryExecutor, compileOptions: CompileOptions, nullKeys: Map<string, number>, rows: number): Promise<Map<string, CheckOutcome>> {
  const outcomes = new Map<string, CheckOutcome>();
  for (const group of compileDuplicateQueries(object, executor.dialect, compileOptions)) {
    const checks = object.checks.filter((c) => group.checkIds.includes(c.id));
    try {
      const row = (await executor.queryValues(group.query))[0] ?? [];
      const duplicatedValues = toCount(row[0]);
      const duplicateRows = toCount(row[1]);
      for (const check of checks) {
        if (check.measure.kind === "keyViolations") {
          const nulls = nullKeys.get(check.id);
          // The null count comes from the scan; if the scan could not measure it, the key check errs there.
          if (nulls !== undefined) outcomes.set(check.id, evaluateKey(check, object, nulls, duplicateRows, rows));
        } else {
          outcomes.set(check.id, evaluateDuplicates(check, object, duplicateRows, duplicatedValues, rows));
        }
      }
    } catch (error) {
      for (const check of checks) outcomes.set(check.id, errorOutcome(check, `Could not run: ${errorText(error)}`, rows, "quality-check-error"));
    }
  }
  return outcomes;
}

/** A SQL rule must return exactly one row of one non-null value. */
async function runSqlRule(check: Check, object: ObjectPlan, executor: QueryExecutor, compileOptions: CompileOptions, rows: number | null): Promise<CheckOutcome> {
  let result: ScalarValue[][];
  try {
    result = await executor.queryValues(compileSqlRule(check, object, executor.dialect, compileOptions));
  } catch (error) {
    return errorOutcome(check, `SQL rule \`${check.title ?? check.id}\` failed: ${errorText(error)}`, rows, "quality-check-error");
  }
  const shape = `${result.length} row${result.length === 1 ? "" : "s"} of ${result[0]?.length ?? 0} column${result[0]?.length === 1 ? "" : "s"}`;
  if (result.length !== 1 || result[0]!.length !== 1) {
    return errorOutcome(check, `SQL rule \`${check.title ?? check.id}\` must return exactly one value (one row, one column), but returned ${shape}`, rows, "quality-check-error");
  }
  const value = result[0]![0]!;
  if (value === null) return errorOutcome(check, `SQL rule \`${check.title ?? check.id}\` returned NULL; it must return a number or a boolean`, rows, "quality-check-error");
  return evaluateSqlValue(check, value, rows);
}

/** `repeatedKeysByColumns`: the repeated-keys samples already asked for in this object, by column set. */
async function fetchSample(
  check: Check,
  object: ObjectPlan,
  executor: QueryExecutor,
  options: SampleOptions,
  repeatedKeysByColumns: Map<string, Promise<SampleRow[]>>,
): Promise<SampleRow[] | undefined> {
  const measure = check.measure;
  const nameOf = (column: string) => object.properties.find((p) => p.column === column)?.name ?? column;
  const failingRows = async () => {
    const rows = await executor.queryJson(compileFailingSample(object, check, executor.dialect, options));
    return rows.map((row) => Object.fromEntries(options.columns.map((c, i) => [nameOf(c.column), row[i] ?? null])));
  };
  const queryRepeatedKeys = async (columns: readonly string[]) => {
    const shown = options.columns.filter((c) => columns.includes(c.column));
    const rows = await executor.queryJson(compileDuplicateSample(object, columns, executor.dialect, options));
    return rows.map((row) => ({ ...Object.fromEntries(shown.map((c, i) => [nameOf(c.column), row[i] ?? null])), rows: row[shown.length] ?? null }));
  };
  const repeatedKeys = async (columns: readonly string[]) => {
    const key = JSON.stringify(columns);
    const rows = repeatedKeysByColumns.get(key) ?? queryRepeatedKeys(columns);
    repeatedKeysByColumns.set(key, rows);
    // Each result gets its own row objects.
    return (await rows).map((row) => ({ ...row }));
  };
  try {
    if (measure.kind === "failingRows") return await failingRows();
    if (measure.kind === "duplicateRows") return await repeatedKeys(measure.columns);
    if (measure.kind === "keyViolations") {
      // Rows with a null key when there are some, else the most repeated keys.
      const withNullKey = await failingRows();
      return withNullKey.length > 0 ? withNullKey : await repeatedKeys(measure.columns);
    }
  } catch {
    // A sample only illustrates a failure: the check's result stands without it.
  }
  return undefined;
}

function toNumber(value: ScalarValue): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw new Error(`expected a number, got ${JSON.stringify(value)}`);
  return n;
}

/** A count from the engine; a NULL count (SUM over no rows) is 0. */
function toCount(value: ScalarValue | undefined): number {
  return value === null || value === undefined ? 0 : toNumber(value);
}
