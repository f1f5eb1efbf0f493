/**
 * ODCS library quality metrics. v3.1 names them in `metric`; v3.0 wrote `rule`, with names of its own
 * (`nullCheck`, `duplicateCount`, `validValues`, …) and rules that assert without a comparison. One
 * table serves contract-test (what to measure) and schema-compat (a v3.0 rule rewritten the v3.1 way is
 * the same rule).
 */
import { ODCS_30_ASSERTION_RULES, isQualityComparator } from "./quality-comparators.js";

export type OdcsLibraryMetric = "nullValues" | "missingValues" | "invalidValues" | "duplicateValues" | "rowCount";

const METRIC_BY_NAME: Readonly<Record<string, OdcsLibraryMetric>> = {
  nullCheck: "nullValues",
  notNull: "nullValues",
  nullValues: "nullValues",
  missingValues: "missingValues",
  invalidValues: "invalidValues",
  validValues: "invalidValues",
  duplicateCount: "duplicateValues",
  duplicateValues: "duplicateValues",
  unique: "duplicateValues",
  rowCount: "rowCount",
};

/** The v3.1 metric a `metric` (or v3.0 `rule`) name means; undefined for a name ODCS does not define. */
export function odcsLibraryMetric(name: unknown): OdcsLibraryMetric | undefined {
  return typeof name === "string" && Object.hasOwn(METRIC_BY_NAME, name) ? METRIC_BY_NAME[name] : undefined;
}

/**
 * Whether a `type: sql` rule's query returns a count (`SELECT count(*) FROM {object} WHERE …`): a number
 * of rows or values, never a percentage, whatever the rule's `unit` says. A count that is only part of
 * the value (`SELECT 100.0 * count(*) FILTER (…) / count(*) FROM …`) is no count.
 */
export function selectsCount(query: unknown): boolean {
  return typeof query === "string" && /^\s*select\s+count\s*\([^()]*\)\s+(?:as\s+\w+\s+)?from\s/i.test(query);
}

/** The metric names contract-test measures, for messages. */
export const ODCS_LIBRARY_METRICS: readonly OdcsLibraryMetric[] = ["nullValues", "missingValues", "invalidValues", "duplicateValues", "rowCount"];

/**
 * The library metrics that mean something at each level of a contract (ODCS v3.1.0, "Metrics"): a property's
 * rules count that column's values; rowCount counts an object's rows; duplicateValues compares one property or,
 * on an object, a combination of them. Lint's quality-metric-level and contract-test's messages read this one table.
 */
export const PROPERTY_LEVEL_METRICS: readonly OdcsLibraryMetric[] = ["nullValues", "missingValues", "invalidValues", "duplicateValues"];
export const OBJECT_LEVEL_METRICS: readonly OdcsLibraryMetric[] = ["rowCount", "duplicateValues"];

/** What a library rule counts in: ODCS's `unit` (rows, the default, or percent). */
/** The `arguments` each library metric reads (ODCS v3.1.0, "Metrics"); nullValues and rowCount read none. */
export const METRIC_ARGUMENTS: Readonly<Partial<Record<OdcsLibraryMetric, readonly string[]>>> = {
  missingValues: ["missingValues"],
  invalidValues: ["validValues", "pattern"],
  duplicateValues: ["properties"],
};

/** The first of `args`' names that `metric` does not read (a misspelt `property` for `properties`), if any. */
export function unreadMetricArgument(metric: OdcsLibraryMetric, args: Readonly<Record<string, unknown>>): string | undefined {
  const read = METRIC_ARGUMENTS[metric];
  return read ? Object.keys(args).find((name) => !read.includes(name)) : undefined;
}

export type QualityUnit = "rows" | "percent";

/**
 * A library rule's `unit` as every stage reads it: none is rows (ODCS's default); `rows`/`row` and
 * `percent`/`%` in any case, spaces around them allowed; undefined for anything else (contract-test
 * refuses the rule, lint and compat say so or compare it as written).
 */
export function readQualityUnit(unit: unknown): QualityUnit | undefined {
  if (unit === undefined) return "rows";
  const name = typeof unit === "string" ? unit.trim().toLowerCase() : "";
  if (name === "rows" || name === "row") return "rows";
  if (name === "percent" || name === "%") return "percent";
  return undefined;
}

/**
 * A library rule as v3.1 writes it: `rule` → `metric` (its v3.1 name), `type: default` or no type →
 * `library`, a v3.0 assertion rule without a comparison (`rule: nullCheck`) → its implied `mustBe: 0`,
 * and v3.0's `validValues` on the rule → `arguments.validValues`.
 * Other rules (sql, text, custom) and unknown names are returned as they are.
 */
export function normalizedQualityRule(rule: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const type = rule.type === undefined || rule.type === "default" ? "library" : rule.type;
  if (type !== "library") return { ...rule };
  const { rule: legacy, ...rest } = rule;
  const name = rule.metric ?? legacy;
  const metric = odcsLibraryMetric(name);
  if (!metric) return { ...rule };
  const asserts = typeof legacy === "string" && rule.metric === undefined && ODCS_30_ASSERTION_RULES.has(legacy) && !Object.keys(rule).some(isQualityComparator);
  // v3.0 wrote a rule's valid values on the rule itself; v3.1 writes them in its arguments.
  const { validValues, ...unmoved } = rest;
  const args = rule.arguments !== null && typeof rule.arguments === "object" && !Array.isArray(rule.arguments) ? (rule.arguments as Record<string, unknown>) : undefined;
  const moved = validValues !== undefined && (rule.arguments === undefined || (args !== undefined && args.validValues === undefined));
  return { ...(moved ? { ...unmoved, arguments: { ...args, validValues } } : rest), type: "library", metric, ...(asserts ? { mustBe: 0 } : {}) };
}

/**
 * A number in decimal notation, as ODCS's numbers and SQL's numeric text are written (`5`, `-1.5`, `.5`, `1e3`).
 * Not JavaScript's other number syntax, which `Number()` also reads: `'0x10'` (16), `'0o17'`, `'0b11'`.
 */
const DECIMAL_NUMBER_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * The finite number a threshold's or a SQL rule's text spells in decimal (`'5'`, `' 1.5 '`, `'1e3'`), or
 * undefined (`''`, `'abc'`, `'NaN'`, and `'0x10'`: hexadecimal, octal and binary text is no number a contract
 * or an engine writes, so it is refused rather than read as 16). `mustBe: '5'` compares as 5. One reading
 * for contract-test, which runs the rule, and lint, which checks it would run.
 */
export function numberInText(text: string): number | undefined {
  if (!DECIMAL_NUMBER_TEXT.test(text)) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Why an invalidValues rule whose validValues lists no value (`[]`, `[null]`) cannot be run: every value would be
 * invalid, whatever the data holds. Said alike by contract-test, which refuses the rule, and contract-lint.
 */
export const EMPTY_VALID_VALUES = "an arguments.validValues that lists no value (nulls are never invalid here), so every value would be invalid: list the valid values (e.g. ['pounds', 'kg']), or use arguments.pattern";
