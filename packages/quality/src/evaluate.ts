/**
 * Measurements → check results: the status (threshold met or not, by the rule's severity) and the one
 * sentence that says what was measured and what was required, shared by the result and its finding.
 */
import { type Severity, valueWithUnit } from "@meshkit/core";
import { type Check, type ObjectPlan, type PropertyPlan, maskedColumns } from "./checks.js";
import { type Threshold, describeThreshold, meetsThreshold, thresholdAsJson } from "./comparison.js";
import { formatAge } from "./durations.js";
import { MASKED_VALUE } from "./masking.js";
import type { CheckNote, CheckResult, CheckStatus } from "./results.js";
import type { QualityRuleId } from "./rules.js";
import { familyOfSqlType } from "./type-families.js";
import { optional } from "./values.js";

/**
 * A result and, unless the check passed (or its failure is already reported elsewhere), the rule and
 * severity of its finding: the result's message at the check's node.
 */
export interface CheckOutcome {
  result: CheckResult;
  finding?: { ruleId: QualityRuleId; severity: Severity };
  /** More findings at the check's node, beside its result (a warning that its sample could not be fetched…). */
  notes?: CheckNote[];
}

const counts = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
/** Up to 15 significant digits (what a double holds for sure), trailing zeros trimmed: 1,000.0001 stays so. */
const precise = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 15 });
const twoSignificant = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 2 });

/** Rounded to 2 decimals, unless that reads as 0 when the number is not (a 1-day age is 0.0027 y, not 0 y). */
function formatNumber(n: number): string {
  const shown = counts.format(n);
  return n !== 0 && /^-?0$/.test(shown) ? twoSignificant.format(n) : shown;
}

/** Whole numbers of 16 digits or more, to the last digit the double holds. */
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * A number as written in a contract or returned by a SQL rule: every digit that means something. From 10^15 up
 * a double holds no fraction that matters, and 15 significant digits would end in zeros that are no digits of
 * the number (`max(id)` 1234567890123456 read 1,234,567,890,123,460): it is shown whole.
 */
export function formatPrecise(n: number): string {
  return Math.abs(n) >= 1e15 ? whole.format(n) : precise.format(n);
}

/** Exact decimal text with thousands separators, every digit kept (Intl rounds beyond 21 significant digits). */
function formatExactDecimal(text: string): string {
  const [whole = "", fraction] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/**
 * `formatPrecise`, unless that would show a value as a bound it is not (0.30000000000000004 against
 * mustBeLessOrEqualTo: 0.3): then every digit of the double, so the failure explains itself.
 */
function distinguishable(value: number, bounds: readonly number[]): string {
  const text = formatPrecise(value);
  return bounds.some((bound) => bound !== value && formatPrecise(bound) === text) ? String(value) : text;
}

/** Rounded to 2 decimals, never to 0% or 100% when some but not all rows count: 99,999 of 100,000 rows is >99.99%. */
function formatPercent(p: number): string {
  if (p > 0 && p < 0.01) return "<0.01%";
  if (p > 99.99 && p < 100) return ">99.99%";
  return `${counts.format(p)}%`;
}

function formatPrecisePercent(p: number): string {
  return `${precise.format(p)}%`;
}

/** Every digit of the double, the shortest that reads back as it (33.333333333333336), with thousands separators. */
const shortest = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 21 });
function formatEveryDigit(n: number): string {
  return shortest.format(String(n) as `${number}`);
}

function formatEveryDigitPercent(p: number): string {
  return `${formatEveryDigit(p)}%`;
}

/** The numbers a threshold compares with. */
function thresholdNumbers(threshold: Threshold): number[] {
  if (threshold.comparator === "allOf") return threshold.value.flatMap(thresholdNumbers);
  const value: unknown = threshold.value;
  return (Array.isArray(value) ? value : [value]).filter((n): n is number => typeof n === "number");
}

/**
 * A measurement rounded for reading (`format`), unless rounding makes it read as one of the threshold's
 * numbers it is not: 1000.004 against `mustBeLessOrEqualTo: 1000` must not read "1,000", nor 56.001% read
 * "56%", so it is shown with up to 15 significant digits (`exact`) instead — or with every digit (`every`)
 * where 15 still read as the bound, as `exact` shows it: 1 of 3 rows, 33.333333333333336%, against
 * `mustBe: 33.3333333333333` must not read "33.3333333333333%; must be 33.3333333333333%".
 */
function formatAgainst(n: number, threshold: Threshold, format: (n: number) => string, exact: (n: number) => string, every: (n: number) => string): string {
  const bounds = thresholdNumbers(threshold).filter((bound) => bound !== n);
  const shown = format(n);
  if (!bounds.some((bound) => format(bound) === shown || exact(bound) === shown)) return shown;
  const precisely = exact(n);
  return bounds.some((bound) => exact(bound) === precisely) ? every(n) : precisely;
}

/**
 * Failing rows as a percentage of all rows; 0 on an empty object (no row fails when there is none).
 * `failing × 100 / rows` in that order: one rounding, so 14 of 25 rows is exactly 56 and meets
 * `mustBeLessOrEqualTo: 56` (`failing / rows × 100` rounds twice: 56.00000000000001).
 */
export function percentOf(failing: number, rows: number): number {
  return rows === 0 ? 0 : (failing * 100) / rows;
}

/**
 * Property name by column, per object's property list (shared by the copies of an object the engine makes):
 * every check's message and every value of a sample row names its property, and searching the list for
 * each grew with columns × checks (× columns again for samples).
 */
const propertyNamesByColumn = new WeakMap<readonly PropertyPlan[], Map<string, string>>();

export function propertyName(object: ObjectPlan, column: string): string {
  let names = propertyNamesByColumn.get(object.properties);
  if (!names) {
    names = new Map();
    // The first property of a column names it, as a search of the list would.
    for (const property of object.properties) if (!names.has(property.column)) names.set(property.column, property.name);
    propertyNamesByColumn.set(object.properties, names);
  }
  return names.get(column) ?? column;
}

function columnsLabel(object: ObjectPlan, columns: readonly string[]): string {
  const names = columns.map((c) => `\`${propertyName(object, c)}\``);
  return names.length === 1 ? names[0]! : `(${names.join(", ")})`;
}

interface Measured {
  measured: CheckResult["measured"];
  rowsChecked: number | null;
  failedRows: number | null;
  unit?: string;
  message: string;
}

function judged(check: Check, threshold: Threshold, value: number | string | boolean, fields: Measured, exact?: string): CheckOutcome {
  const met = meetsThreshold(value, threshold, exact);
  const status: CheckStatus = met ? "pass" : check.severity === "error" ? "fail" : "warn";
  const result = buildResult(check, status, fields);
  return met ? { result } : { result, finding: { ruleId: check.ruleId, severity: check.severity } };
}

function buildResult(check: Check, status: CheckStatus, fields: Measured): CheckResult {
  return {
    id: check.id,
    rule: check.ruleId,
    object: check.object,
    ...(check.property !== undefined ? { property: check.property } : {}),
    status,
    severity: status === "error" ? "error" : check.severity,
    measured: fields.measured,
    threshold: check.threshold ? thresholdAsJson(check.threshold) : null,
    ...(fields.unit !== undefined ? { unit: fields.unit } : {}),
    rowsChecked: fields.rowsChecked,
    failedRows: fields.failedRows,
    message: fields.message,
    path: check.pointer,
  };
}

function requireThreshold(check: Check): Threshold {
  if (!check.threshold) throw new Error(`check ${check.id} has no threshold`);
  return check.threshold;
}

/**
 * A check that could not run: always an error, whatever the rule's severity (a check that did not run
 * must not look like a pass). `reported` means the cause already has its own finding (a missing column,
 * an unreadable file), so this result adds none.
 */
export function errorOutcome(check: Check, message: string, rowsChecked: number | null, findingRuleId: QualityRuleId | "reported"): CheckOutcome {
  const result = buildResult(check, "error", { measured: null, rowsChecked, failedRows: null, ...optional("unit", thresholdUnit(check)), message });
  return findingRuleId === "reported" ? { result } : { result, finding: { ruleId: findingRuleId, severity: "error" } };
}

/**
 * The unit a check's measured value and threshold are in, as the result of a check that ran gives it: a check
 * that did not run keeps it too, so that its threshold reads as written (a 1 d latency `≤ 1 d`, a percent rule
 * `< 5 percent`), not as a bare number of rows. Undefined for a check whose rule could not be read.
 */
function thresholdUnit(check: Check): string | undefined {
  const measure = check.measure;
  switch (measure.kind) {
    case "age":
    case "failingRows":
    case "duplicateRows":
    case "sqlValue":
      return measure.unit;
    case "rowCount":
    case "keyViolations":
      return "rows";
    case "unrunnable":
      return measure.unit;
    default:
      return undefined;
  }
}

/** A rule that cannot be checked as written: an error with its own finding (an invalid rule, a refused query). */
export function unrunnableOutcome(check: Check): CheckOutcome {
  // A check planned as not checked (an SLA property meshkit does not know) is a warning, not an error.
  if (check.measure.kind === "notChecked") return notCheckedOutcome(check, check.measure.reason);
  if (check.measure.kind !== "unrunnable") throw new Error(`${check.id} is runnable`);
  return errorOutcome(check, `Not checked: ${check.measure.reason}.`, null, check.measure.ruleId);
}

/**
 * A check that is not run here (a nested property on an engine that does not reach into it, a check nested
 * properties do not get): a warning (`quality-not-checked`), never a pass.
 */
export function notCheckedOutcome(check: Check, reason: string): CheckOutcome {
  const result = buildResult(check, "warn", { measured: null, rowsChecked: null, failedRows: null, ...optional("unit", thresholdUnit(check)), message: `Not checked: ${reason}.` });
  result.severity = "warning";
  return { result, finding: { ruleId: "quality-not-checked", severity: "warning" } };
}

/** A nested property's field in its parent's STRUCT type: `fields` are the parent's, when it is missing. */
export function evaluateNestedPresence(check: Check, parent: string, missing: { fields: readonly string[] } | undefined): CheckOutcome {
  const name = check.property ?? check.id;
  const present = missing === undefined;
  const message = present
    ? `\`${name}\` is a field of \`${parent}\``
    : `\`${name}\` is declared but is not a field of \`${parent}\` (fields: ${missing.fields.length > 0 ? shortList(missing.fields) : "none"})`;
  return judged(check, requireThreshold(check), present, { measured: present, rowsChecked: null, failedRows: null, message });
}

/** A nested property's type, as its parent's STRUCT (or LIST) type names it. */
export function evaluateNestedType(check: Check, actualType: string, compatible: boolean): CheckOutcome {
  const expected = check.measure.kind === "columnType" ? check.measure.expected : "";
  const name = check.property ?? check.id;
  const message = compatible
    ? `\`${name}\` is ${actualType} in the data, compatible with ${expected}`
    : `\`${name}\` is ${actualType} in the data, but the contract declares ${expected}: fix the data or the contract's type`;
  return judged(check, { comparator: "mustBe", value: true }, compatible, { measured: actualType, rowsChecked: null, failedRows: null, message });
}

/** The data's column names, indexed once per table: each column's presence check looks its name up. */
export interface AvailableColumns {
  names: readonly string[];
  exact: ReadonlySet<string>;
  /** Lower-cased name → the first column of that name. */
  byLowerCase: ReadonlyMap<string, string>;
  /** Columns whose CSV header cell is blank, named by the reader (`column1`) → the cell's position (1 for the first). */
  blankHeaders: ReadonlyMap<string, number>;
}

export function availableColumns(names: readonly string[], blankHeaders: ReadonlyMap<string, number> = new Map()): AvailableColumns {
  const byLowerCase = new Map<string, string>();
  for (const name of names) if (!byLowerCase.has(name.toLowerCase())) byLowerCase.set(name.toLowerCase(), name);
  return { names, exact: new Set(names), byLowerCase, blankHeaders };
}

/**
 * Why a declared column may be missing from a CSV file: a header cell left blank, which the reader names
 * itself (`column1`). The property may be that column, its name not written; or nothing, when no cell is blank.
 */
function blankHeaderHint(available: AvailableColumns): string {
  if (available.blankHeaders.size === 0) return "";
  const cells = [...available.blankHeaders].map(([name, position]) => `cell ${position} (read as \`${name}\`)`);
  return `; the header's ${cells.join(", ")} ${cells.length === 1 ? "is" : "are"} blank: if the column is there, write its name in the header`;
}

export function evaluatePresence(check: Check, object: ObjectPlan, column: string, available: AvailableColumns): CheckOutcome {
  const present = available.exact.has(column);
  const name = propertyName(object, column);
  const sameButCase = available.byLowerCase.get(column.toLowerCase());
  const hint = sameButCase ? `; did you mean \`${sameButCase}\`? (names are matched exactly)` : available.names.length > 0 ? ` (columns: ${shortList(available.names)})${blankHeaderHint(available)}` : "";
  const message = present ? `\`${name}\` is a column of \`${object.name}\`` : `\`${name}\` is declared but is not a column of \`${object.name}\`${hint}`;
  return judged(check, requireThreshold(check), present, { measured: present, rowsChecked: null, failedRows: null, message });
}

/**
 * How to declare a timestamp column that a contract declares `date`: ODCS v3.0.x has no `timestamp`
 * logicalType, so a v3.0 contract cannot simply write one (its `date` with a timestamp physicalType is one).
 */
function timestampAsDateHint(expected: string, actualType: string): string {
  if (expected !== "date" || familyOfSqlType(actualType) !== "timestamp") return "";
  return " (a timestamp column is `logicalType: timestamp` from ODCS v3.1.0; in v3.0.x, which has no such type, `logicalType: date` with `physicalType: timestamp`)";
}

/** `unreadable`: the engine's error when reading the whole column (a value its type cannot hold). */
export function evaluateType(check: Check, object: ObjectPlan, column: string, actualType: string, compatible: boolean, unreadable?: string): CheckOutcome {
  const expected = check.measure.kind === "columnType" ? check.measure.expected : "";
  const name = propertyName(object, column);
  const message = unreadable
    ? `\`${name}\` holds a value that is not ${actualType} (${expected} in the contract): ${unreadable}`
    : compatible
      ? `\`${name}\` is ${actualType} in the data, compatible with ${expected}`
      : `\`${name}\` is ${actualType} in the data, but the contract declares ${expected}: fix the data or the contract's type${timestampAsDateHint(expected, actualType)}`;
  // The threshold is the declared family; compatibility (not equality) decides, so judge on it directly.
  return judged(check, { comparator: "mustBe", value: true }, compatible, { measured: actualType, rowsChecked: null, failedRows: null, message });
}

export function evaluateRowCount(check: Check, object: ObjectPlan, rows: number): CheckOutcome {
  const threshold = requireThreshold(check);
  const message = `\`${object.name}\` has ${formatNumber(rows)} row${rows === 1 ? "" : "s"}; ${describeThreshold(threshold, formatPrecise)}`;
  return judged(check, threshold, rows, { measured: rows, rowsChecked: rows, failedRows: null, unit: "rows", message });
}

/** A count of failing rows against the rule's threshold, in rows or percent. */
function judgedCount(check: Check, failing: number, rows: number, unit: "rows" | "percent", what: string): CheckOutcome {
  const threshold = requireThreshold(check);
  const percent = percentOf(failing, rows);
  const measured = unit === "percent" ? percent : failing;
  // A share of no rows divides by zero: a percent rule reads it as 0% (no row fails), and says so, since a rule
  // such as `mustBeGreaterThan: 50` then fails on no data with nothing else to explain it.
  const share = rows > 0 ? ` (${unit === "percent" ? formatAgainst(percent, threshold, formatPercent, formatPrecisePercent, formatEveryDigitPercent) : formatPercent(percent)})` : unit === "percent" ? " (taken as 0%: there are none)" : "";
  const required = describeThreshold(threshold, unit === "percent" ? formatPrecisePercent : formatPrecise);
  const message = `${formatNumber(failing)} of ${formatNumber(rows)} row${rows === 1 ? "" : "s"}${share} ${what}; ${required}`;
  return judged(check, threshold, measured, { measured, rowsChecked: rows, failedRows: failing, unit, message });
}

export function evaluateFailingRows(check: Check, failing: number, rows: number): CheckOutcome {
  if (check.measure.kind !== "failingRows") throw new Error(`${check.id} does not count failing rows`);
  return judgedCount(check, failing, rows, check.measure.unit, check.measure.failing);
}

export function evaluateDuplicates(check: Check, object: ObjectPlan, duplicateRows: number, duplicatedValues: number, rows: number): CheckOutcome {
  if (check.measure.kind !== "duplicateRows") throw new Error(`${check.id} does not count duplicates`);
  const columns = check.measure.columns;
  const what =
    columns.length === 1
      ? `repeat a value of ${columnsLabel(object, columns)} (${formatNumber(duplicatedValues)} ${duplicatedValues === 1 ? "value occurs" : "values occur"} more than once)`
      : `repeat a combination of ${columnsLabel(object, columns)} (${formatNumber(duplicatedValues)} ${duplicatedValues === 1 ? "combination occurs" : "combinations occur"} more than once)`;
  return judgedCount(check, duplicateRows, rows, check.measure.unit, what);
}

export function evaluateKey(check: Check, object: ObjectPlan, nullKeys: number, duplicateRows: number, rows: number): CheckOutcome {
  if (check.measure.kind !== "keyViolations") throw new Error(`${check.id} is not a key check`);
  const what = `break the primary key ${columnsLabel(object, check.measure.columns)}: ${formatNumber(nullKeys)} with a null key, ${formatNumber(duplicateRows)} repeating another row's key`;
  return judgedCount(check, nullKeys + duplicateRows, rows, "rows", what);
}

/**
 * A SQL rule's value against its threshold; `exact` is the value's exact decimal text where its double is
 * another number (a BIGINT beyond 2^53, a wide DECIMAL): it is compared and shown so.
 */
export function evaluateSqlValue(check: Check, value: number | boolean, rows: number | null, exact?: string): CheckOutcome {
  if (check.measure.kind !== "sqlValue") throw new Error(`${check.id} is not a SQL rule`);
  const threshold = requireThreshold(check);
  const unit = check.measure.unit;
  // The rule's unit follows its numbers: `4.5%`, `3,600 seconds` (rows, the count every message reads in, goes unsaid).
  const inUnit = (text: string) => (unit === undefined || unit === "rows" ? text : unit === "percent" ? `${text}%` : `${text} ${unit}`);
  // A SQL rule's value is any number (an average, a ratio): every significant digit is shown.
  // A value computed from a classified column is judged, but shown no more than a sample shows the column.
  const masked = check.measure.masked === true;
  const shown = masked
    ? `${MASKED_VALUE} (masked: the query reads a classified column)`
    : exact !== undefined
      ? inUnit(formatExactDecimal(exact))
      : typeof value === "number"
        ? inUnit(distinguishable(value, thresholdNumbers(threshold)))
        : String(value);
  const message = `SQL rule \`${check.title ?? check.id}\` returned ${shown}; ${describeThreshold(threshold, (n, written) => inUnit(written !== undefined ? formatExactDecimal(written) : formatPrecise(n)))}`;
  // The exact value as its text in the results document too: a JSON number there would be read back as the double.
  return judged(check, threshold, value, { measured: masked ? MASKED_VALUE : (exact ?? value), rowsChecked: rows, failedRows: null, ...optional("unit", unit), message }, exact);
}

/**
 * An SLA age: now minus the newest (latency, freshness) or oldest (retention) value, in the SLA's unit.
 * No value at all (an empty object, or only nulls) fails freshness (nothing is fresh) and passes
 * retention (nothing is too old).
 */
export function evaluateAge(check: Check, object: ObjectPlan, epochSeconds: number | null, now: Date, rows: number): CheckOutcome {
  if (check.measure.kind !== "age") throw new Error(`${check.id} is not an SLA age`);
  const threshold = requireThreshold(check);
  const { end, unit, unitSeconds, column } = check.measure;
  const name = propertyName(object, column);
  const sla = check.ruleId.replace(/^sla-/, "");
  // The unit as a reader says it after its number (`1 day`, `9 days`; the contract may write `1 days`, `9 Days`).
  const limit = `${sla} must be at most ${valueWithUnit(formatPrecise(threshold.value as number), unit)}`;
  if (epochSeconds === null) {
    const message = `\`${object.name}\` has no \`${name}\` value (${formatNumber(rows)} row${rows === 1 ? "" : "s"}); ${limit}`;
    if (end === "oldest") return { result: buildResult(check, "pass", { measured: null, rowsChecked: rows, failedRows: null, unit, message }) };
    return { result: buildResult(check, check.severity === "error" ? "fail" : "warn", { measured: null, rowsChecked: rows, failedRows: null, unit, message }), finding: { ruleId: check.ruleId, severity: check.severity } };
  }
  const { ageSeconds, age } = ageIn(now, epochSeconds, unitSeconds);
  // The newest or oldest value of a classified column is one of its values, and its age tells it to the second
  // (the run's time is in the results): judged as any other, shown as a sample shows the column.
  if (maskedColumns(object).has(column)) {
    const message = `The ${end} \`${name}\` in \`${object.name}\` is ${MASKED_VALUE} old (masked: \`${name}\` is classified); ${limit}`;
    const outcome = judged(check, threshold, age, { measured: MASKED_VALUE, rowsChecked: rows, failedRows: null, unit, message });
    if (ageSeconds < 0) outcome.notes = [futureNote(check, `The ${end} \`${name}\` in \`${object.name}\` is after now`, end, sla)];
    return outcome;
  }
  const instant = new Date(epochSeconds * 1000);
  // (a Date ends in the year 275760; DuckDB's timestamps go on to 294247)
  const at = infiniteInstant(epochSeconds) ?? (Number.isNaN(instant.getTime()) ? `${formatNumber(epochSeconds)} s after 1970` : instant.toISOString());
  const how =
    ageSeconds < 0 ? `in the future (${at})` : Number.isFinite(ageSeconds) ? `${formatAge(ageSeconds)} old (${at}, ${valueWithUnit(formatAgainst(age, threshold, formatNumber, formatPrecise, formatEveryDigit), unit)})` : `older than any age (${at})`;
  const message = `The ${end} \`${name}\` in \`${object.name}\` is ${how}; ${limit}`;
  const outcome = judged(check, threshold, age, { measured: age, rowsChecked: rows, failedRows: null, unit, message });
  if (ageSeconds < 0) {
    const by = Number.isFinite(ageSeconds) ? ` by ${formatAge(-ageSeconds)}` : "";
    outcome.notes = [futureNote(check, `The ${end} \`${name}\` in \`${object.name}\` (${at}) is after now (${now.toISOString()})${by}`, end, sla)];
  }
  return outcome;
}

/**
 * A newest value after "now" meets any latency, and an oldest one any retention (every value is then after
 * now), and either likely says the data (or a clock) is wrong: measured, and said, as a warning at the SLA.
 */
function futureNote(check: Check, after: string, end: "newest" | "oldest", sla: string): CheckNote {
  const every = end === "oldest" ? "every value is in the future, and " : "";
  return { ruleId: check.ruleId, severity: "warning", message: `${after}: ${every}an age below zero meets any ${sla}; check the data or the clock that wrote it` };
}

/**
 * now − an instant, in seconds and in the SLA's unit, counted in whole microseconds (the finest time
 * DuckDB and PostgreSQL hold): `now.getTime() / 1000 - epochSeconds` in doubles made an age of exactly
 * 2 ms read 2.00009 ms (1704067200.002 is no double), failing a `value: 2, unit: ms` SLA at its bound.
 */
export function ageIn(now: Date, epochSeconds: number, unitSeconds: number): { ageSeconds: number; age: number } {
  const epochMicros = Math.round(epochSeconds * 1_000_000);
  const ageMicros = now.getTime() * 1000 - epochMicros;
  const unitMicros = unitSeconds * 1_000_000;
  // Infinities (an open `valid_to`) and instants beyond 2^53 µs (after the year 2255) keep the plain subtraction.
  if (!Number.isSafeInteger(epochMicros) || !Number.isSafeInteger(ageMicros) || !Number.isInteger(unitMicros)) {
    const ageSeconds = now.getTime() / 1000 - epochSeconds;
    return { ageSeconds, age: ageSeconds / unitSeconds };
  }
  return { ageSeconds: ageMicros / 1_000_000, age: ageMicros / unitMicros };
}

/** A date or timestamp `infinity` / `-infinity` (its epoch seconds are ±Infinity) as PostgreSQL and DuckDB write it. */
function infiniteInstant(epochSeconds: number): string | undefined {
  if (Number.isFinite(epochSeconds)) return undefined;
  return epochSeconds > 0 ? "infinity" : "-infinity";
}

/** Names for a message: the first eight and how many there are in all, so a long list stays one readable line. */
export function shortList(names: readonly string[]): string {
  return names.length > 8 ? `${names.slice(0, 8).join(", ")}, … ${names.length} in all` : names.join(", ");
}
