/**
 * `quality` rules as checks: library metrics (with the ODCS v3.0 `rule` names), at property or object
 * level, and `type: sql` rules, whose query must pass the read-only guard before it can be planned.
 */
import { type ClassifiedNames, EMPTY_VALID_VALUES, type JsonValue, METRIC_ARGUMENTS, OBJECT_LEVEL_METRICS, ODCS_30_ASSERTION_RULES, type OdcsLibraryMetric, PROPERTY_LEVEL_METRICS, QUALITY_COMPARATORS, misspeltComparator, nonJsonNumberIn, odcsLibraryMetric, readQualityUnit, ruleSeverity, countingPredicate, mayReturnClassifiedValue, replaceInCode, selectsCount, sqlQueryProblem, unreadMetricArgument } from "@meshkit/core";
import { type Check, type ObjectPlan, type PropertyPlan, type RowCondition, type SqlLiteral, type UniqueId, numberLiteral, temporalLiteral } from "./checks.js";
import { MUST_BE_ZERO, readThreshold } from "./comparison.js";
import { DIALECT_NAMES, type DialectName } from "./dialects.js";
import type { QualityRuleId } from "./rules.js";
import type { TypeFamily } from "./type-families.js";
import { type ExactDecimal, type SourceText, contractPattern, decimalOfNumber, exactDecimal, exactNumber, exactWrittenNumber, isRecord, isScalar, optional } from "./values.js";

const METRIC_RULE_IDS: Record<OdcsLibraryMetric, QualityRuleId> = {
  nullValues: "quality-null-values",
  missingValues: "quality-missing-values",
  invalidValues: "quality-invalid-values",
  duplicateValues: "quality-duplicate-values",
  rowCount: "quality-row-count",
};
const METRICS_HINT = Object.keys(METRIC_RULE_IDS).join(", ");

/** Why a library rule naming `metric` (no ODCS library metric) is not run. */
export function unknownMetricReason(metric: string): string {
  return `has an unknown metric \`${metric}\`: use one of ${METRICS_HINT}`;
}

export interface RuleContext {
  object: ObjectPlan;
  property?: PropertyPlan;
  pointer: string;
  uniqueId: UniqueId;
  /** The contract's source text, for whole numbers beyond 2^53 in value lists (see exactNumber). */
  sourceAt?: SourceText | undefined;
}

/**
 * One quality rule as a check; undefined for a rule meant for people (`type: text`). A rule for another
 * engine (`type: custom`: Soda, Great Expectations, …) is a `notChecked` check: reported, never a silent pass.
 */
export function planQualityRule(rule: unknown, context: RuleContext): Check | undefined {
  if (!isRecord(rule)) return undefined;
  const metricName = typeof rule.metric === "string" ? rule.metric : typeof rule.rule === "string" ? rule.rule : undefined;
  // ODCS v3.0 called library rules `type: default`; v3.1 renamed it `library`.
  const declared = rule.type === "default" ? "library" : rule.type;
  const type = typeof declared === "string" ? declared : metricName !== undefined ? "library" : typeof rule.query === "string" ? "sql" : "library";
  if (type === "text") return undefined;
  const title = typeof rule.name === "string" ? rule.name : typeof rule.id === "string" ? rule.id : undefined;
  const key = title ?? (type === "sql" || type === "custom" ? type : (metricName ?? "quality"));
  const where = context.property ? `${context.object.name}.${context.property.name}` : context.object.name;
  const base = {
    id: context.uniqueId(`${where}.${key}`),
    object: context.object.name,
    ...(context.property ? { property: context.property.name } : {}),
    pointer: context.pointer,
    severity: ruleSeverity(rule.severity),
    ...optional("title", title),
  };
  // `unit`: its threshold's, where the rule was read that far (`{ mustBeLessThan: 5 }` of a percent rule is 5%, not 5 rows).
  const unrunnable = (ruleId: QualityRuleId, reason: string, findingRuleId: QualityRuleId = "quality-rule-invalid", unit?: string): Check => ({ ...base, ruleId, measure: { kind: "unrunnable", ruleId: findingRuleId, reason, ...optional("unit", unit) } });
  if (type === "custom") {
    const engine = typeof rule.engine === "string" && rule.engine.trim() !== "" ? ` (engine \`${rule.engine}\`)` : "";
    const reason = `the custom rule${title !== undefined ? ` \`${title}\`` : ""} of ${where}${engine} is run by its own engine, not by meshkit test (which runs library and sql rules)`;
    return { ...base, ruleId: "quality-not-checked", measure: { kind: "notChecked", reason } };
  }
  if (type === "sql") return planSqlRule(rule, context, base, unrunnable);
  if (type !== "library") return unrunnable("quality-rule-invalid", `has an unknown type \`${type}\`: use library, sql, text or custom`);
  // v3.0's `rule` names (nullCheck, duplicateCount, …) are read as the v3.1 metric each became.
  const metric = odcsLibraryMetric(metricName);
  if (!metric && rule.metric === undefined && typeof rule.rule === "string") {
    // ODCS v3.0 lets `rule` name any check (its full example has `rule: countCheck`): a valid contract, with a
    // rule meshkit test has no measure for. Reported, like a custom rule, never a silent pass nor a refusal.
    // Only the metrics that run at this rule's level (as lint's quality-metric-level says): rowCount under a property is refused.
    const level = context.property ? "property" : "object";
    const metrics = (context.property ? PROPERTY_LEVEL_METRICS : OBJECT_LEVEL_METRICS).join(", ");
    const reason = `the rule \`${rule.rule}\` of ${where} is no ODCS library metric (ODCS v3.0 allows any rule name), so meshkit test cannot run it: use one of ${metrics} at ${level} level, a sql rule, or a custom rule for the engine that runs it`;
    return { ...base, ruleId: "quality-not-checked", measure: { kind: "notChecked", reason, v30RuleName: rule.rule } };
  }
  if (!metric) {
    return unrunnable("quality-rule-invalid", metricName === undefined ? `names no metric: set \`metric\` to one of ${METRICS_HINT} (or \`type: text\` for a rule in prose)` : unknownMetricReason(metricName));
  }
  const ruleId = METRIC_RULE_IDS[metric];
  const reading = readThreshold(rule, "count");
  if (reading.ok === false) return { ...unrunnable(ruleId, reading.reason), pointer: `${context.pointer}${reading.at}` };
  // A v3.0 assertion means `mustBe: 0` without a comparison; with a misspelt one (`mustBeLessThen: 5`) it has the
  // bound the author wrote, which is not that: refused at the key, as lint's quality-comparator reports it.
  const misspelt = misspeltComparator(rule);
  const threshold = reading.ok === true ? reading.threshold : ODCS_30_ASSERTION_RULES.has(metricName ?? "") && !misspelt ? MUST_BE_ZERO : undefined;
  if (!threshold) return noComparison(rule, context, ruleId, unrunnable);
  // Refused from here on, the rule still says what it asked for: its results entry shows the threshold.
  // `at`: the node of the rule at fault (`/arguments/properties/1`), where the finding points.
  const unit = readQualityUnit(rule.unit);
  // Its unit too, where it reads as one (a rowCount rule's percent is refused below: it counts rows, whatever it wrote).
  const thresholdUnit = metric === "rowCount" && unit === "percent" ? undefined : unit;
  const refused = (reason: string, at = ""): Check => ({ ...unrunnable(ruleId, reason, undefined, thresholdUnit), threshold, ...(at ? { pointer: `${context.pointer}${at}` } : {}) });
  if (misspelt) return refused(misspeltBeside(rule, misspelt), `/${pointerSegment(misspelt.key)}`);
  if (!unit) return refused(`has unit \`${String(rule.unit)}\`: use rows or percent`, "/unit");
  const args = isRecord(rule.arguments) ? rule.arguments : {};
  const unread = unreadArgument(metric, args);
  if (unread) return refused(unread.reason, `/arguments/${pointerSegment(unread.name)}`);
  const property = context.property;
  if (metric === "rowCount") {
    if (unit === "percent") return refused("counts rows: unit percent does not apply", "/unit");
    // ODCS defines rowCount on the schema object; under a property it is misplaced (as lint reports), not a count of that column.
    if (property) return refused("is a rowCount rule on a property: it counts the object's rows, so move it under the object's `quality`");
    return { ...base, ruleId, threshold, measure: { kind: "rowCount" } };
  }
  if (metric === "duplicateValues") {
    // A property's rule compares that property alone: properties listed there would be silently left out.
    if (property && args.properties !== undefined) return refused("has arguments.properties, which only an object's duplicateValues rule reads: move the rule under the object's `quality` to compare a combination", "/arguments/properties");
    const columns = property ? [property.column] : duplicateColumns(args.properties, context.object);
    if ("problem" in columns) return refused(columns.problem, columns.at);
    // Rows of an object compare as rows: nulls equal, as in a GROUP BY (Soda, Great Expectations' compound uniqueness).
    return { ...base, ruleId, threshold, measure: { kind: "duplicateRows", columns, unit, ...(property ? {} : { nullsEqual: true }) } };
  }
  if (!property) return refused(`is ${metric === "invalidValues" ? "an" : "a"} ${metric} rule on the object: it counts the values of one property, so move it under that property's \`quality\``);
  const condition = metric === "nullValues" ? nullCondition(property) : metric === "missingValues" ? missingCondition(property, args, context) : invalidCondition(property, args, rule, context);
  if ("problem" in condition) return refused(condition.problem, condition.at);
  return { ...base, ruleId, threshold, measure: { kind: "failingRows", condition: condition.condition, unit, failing: condition.failing } };
}

/**
 * An argument the metric does not read, as a reason to refuse the rule. A misspelt name is no slip to
 * pass over: `arguments: { property: [a, b] }` would compare whole rows instead of (a, b), and
 * `{ missingvalues: ['n/a'] }` count null and '' instead, so the check would measure something else
 * than the contract asks and could pass on data that breaks it.
 */
function unreadArgument(metric: OdcsLibraryMetric, args: Record<string, unknown>): { name: string; reason: string } | undefined {
  const unknown = unreadMetricArgument(metric, args);
  if (unknown === undefined) return undefined;
  const names = METRIC_ARGUMENTS[metric]!.map((name) => `\`${name}\``).join(" and ");
  return { name: unknown, reason: `has arguments.${unknown}, which ${metric} does not read (it reads ${names}): fix the name, or remove it` };
}

/** A key as one segment of a JSON pointer (RFC 6901: `~` and `/` escaped). */
function pointerSegment(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** A row condition, or why the rule is refused and (`at`, from the rule) the argument at fault, where the finding points. */
type ConditionOrProblem = { condition: RowCondition; failing: string } | { problem: string; at?: string };

function nullCondition(property: PropertyPlan): ConditionOrProblem {
  return { condition: { kind: "isNull", columns: [property.column] }, failing: `have a null \`${property.name}\`` };
}

/** Missing values default to null and the empty string, the usual meaning of "missing". */
function missingCondition(property: PropertyPlan, args: Record<string, unknown>, context: RuleContext): ConditionOrProblem {
  const listed = args.missingValues ?? [null, ""];
  const at = "/arguments/missingValues";
  const unheld = nonJsonNumberIn("missingValues", listed);
  if (unheld) return { problem: unheld, at };
  if (!Array.isArray(listed) || !listed.every(isScalar)) return { problem: "needs arguments.missingValues: a list of values that count as missing, e.g. [null, '', 'n/a']", at };
  // An empty list counts nothing: a check that can never fail is refused, not passed.
  if (listed.length === 0) return { problem: "has an empty arguments.missingValues, which counts nothing: list the values that count as missing, e.g. [null, '', 'n/a'] (or leave it out for null and '')", at };
  const values = writtenValues(listed, `${context.pointer}/arguments/missingValues`, context.sourceAt, property.expected);
  const nonNull = values.filter((v) => v !== null);
  const { literals, text, textLiterals } = listLiterals(nonNull, property.expected);
  const orNull = values.includes(null);
  return {
    condition: { kind: "inList", column: property.column, values: literals, text, orNull, ...optional("textValues", textLiterals), ...optional("heldAsText", listHeldAsText(nonNull, property.expected)) },
    failing: `have a missing \`${property.name}\` (${values.map(showValue).join(", ")})`,
  };
}

/**
 * Invalid values: non-null values outside arguments.validValues, or not matching arguments.pattern (both
 * when both are given). Nulls are never invalid here; nullValues and `required` count them.
 */
function invalidCondition(property: PropertyPlan, args: Record<string, unknown>, rule: Record<string, unknown>, context: RuleContext): ConditionOrProblem {
  // ODCS v3.0 put `validValues` on the rule itself.
  const validValues = args.validValues ?? rule.validValues;
  const validValuesPointer = `${context.pointer}${args.validValues !== undefined ? "/arguments" : ""}/validValues`;
  const pattern = args.pattern;
  if (validValues === undefined && pattern === undefined) return { problem: "needs arguments.validValues (a list) or arguments.pattern (a regular expression)" };
  const conditions: RowCondition[] = [];
  const failing: string[] = [];
  if (validValues !== undefined) {
    const at = validValuesPointer.slice(context.pointer.length);
    const unheld = nonJsonNumberIn("validValues", validValues);
    if (unheld) return { problem: unheld, at };
    if (!Array.isArray(validValues) || !validValues.every(isScalar)) return { problem: "arguments.validValues must be a list of values", at };
    // No value listed (nulls are never invalid here): every value would count as invalid, whatever the data holds.
    if (validValues.every((value) => value === null)) return { problem: `has ${EMPTY_VALID_VALUES}`, at };
    const nonNull = writtenValues(validValues, validValuesPointer, context.sourceAt, property.expected).filter((v) => v !== null);
    const { literals, text, textLiterals } = listLiterals(nonNull, property.expected);
    conditions.push({ kind: "notInList", column: property.column, values: literals, text, ...optional("textValues", textLiterals), ...optional("heldAsText", listHeldAsText(nonNull, property.expected)) });
    failing.push(`not in ${abbreviatedList(nonNull)}`);
  }
  if (pattern !== undefined) {
    const read = contractPattern(pattern);
    if ("problem" in read) return { problem: `arguments.pattern ${read.problem}`, at: "/arguments/pattern" };
    conditions.push({ kind: "notMatching", column: property.column, pattern: read.pattern, text: property.expected !== "string" });
    failing.push(`not matching \`${String(pattern)}\``);
  }
  return {
    condition: conditions.length === 1 ? conditions[0]! : { kind: "anyOf", conditions },
    failing: `have an invalid \`${property.name}\` (${failing.join(", or ")})`,
  };
}

/** A value of a list as the contract wrote it: a whole number beyond 2^53 is a bigint, one with more digits than a double holds an ExactDecimal (see exactNumber). */
type ListValue = string | number | bigint | ExactDecimal | boolean;

/**
 * The values of the list at `pointer`, numbers a double does not hold read exactly from the contract's text.
 * For a string property a number is the text it was written as: an unquoted `01234` (a zip code), `2.50` or
 * `1.0` in YAML is the text `'01234'`, `'2.50'`, `'1.0'` the column holds, not the number's own text
 * (`1234`, `2.5`, `1`), which would make every such row invalid.
 */
function writtenValues(values: readonly (ListValue | null)[], pointer: string, sourceAt: SourceText | undefined, family: TypeFamily | undefined): (ListValue | null)[] {
  return values.map((value, i) => {
    if (family === "string") {
      const text = numberAsWritten(value, `${pointer}/${i}`, sourceAt);
      if (text !== undefined) return text;
    }
    return exactNumber(value, `${pointer}/${i}`, sourceAt) as ListValue | null;
  });
}

/** A list's number as its source text (`01234`), when that text is the number read (a pointer that resolved to another node, or an alias, is not). */
function numberAsWritten(value: unknown, pointer: string, sourceAt: SourceText | undefined): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || !sourceAt) return undefined;
  const text = sourceAt(pointer).trim();
  return text !== "" && Number(text) === value ? text : undefined;
}

/**
 * Literals for an IN list. With a numeric column, numbers and strings that spell a number (`'3'`,
 * `'1.50'`), NaN or an infinity (`'NaN'`, `'Infinity'`) compare as numbers, so `1` finds a DECIMAL's `1.00`
 * (whose text is `'1.00'`, not `'1'`), and any other string (`''`, `'n/a'`) compares with the column's text
 * (`textLiterals`). With a boolean column, booleans (and `'true'` / `'false'`) compare as booleans and
 * nothing else equals a value; otherwise both sides compare as text, so `validValues: [1, 2]` works on
 * a string column without a conversion error in the engine.
 */
function listLiterals(values: readonly ListValue[], family: TypeFamily | undefined): { literals: SqlLiteral[]; text: boolean; textLiterals?: SqlLiteral[] } {
  if (family === "integer" || family === "number") {
    const numbers: SqlLiteral[] = [];
    const others: SqlLiteral[] = [];
    for (const value of values) {
      // A string that spells more digits than a double holds is that exact decimal, as the number written so is.
      const written = typeof value === "string" ? (exactDecimal(value) ?? spelledNumber(value)) : value;
      const literal = typeof written === "boolean" ? undefined : numberLiteral(written);
      const special = typeof value === "string" ? spelledSpecialFloat(value) : undefined;
      if (literal) numbers.push(literal);
      else if (special !== undefined) numbers.push({ type: "float", value: special });
      else others.push({ type: "string", value: String(value) });
    }
    if (numbers.length > 0) return { literals: exactTogether(numbers), text: false, ...(others.length > 0 ? { textLiterals: others } : {}) };
    return { literals: others, text: true };
  }
  // Dates and timestamps compare as such (text would depend on how the engine prints them: `…T…`, `+00`).
  if (family === "date" || family === "timestamp") {
    const typed: SqlLiteral[] = [];
    const others: SqlLiteral[] = [];
    for (const value of values) {
      const literal = typeof value === "string" ? temporalLiteral(family, value) : undefined;
      if (literal) typed.push(literal);
      else others.push({ type: "string", value: String(value) });
    }
    if (typed.length > 0) return { literals: typed, text: false, ...(others.length > 0 ? { textLiterals: others } : {}) };
    return { literals: others, text: true };
  }
  // A boolean column holds true or false and nothing else: the list's booleans (and 'true' / 'false' as text)
  // are compared as booleans, whatever else the list holds. The rest ('', 'n/a', 't', 1) equals no boolean,
  // and is not compared as text, which differs by engine (DuckDB prints `true`, PostgreSQL `t`).
  if (family === "boolean") {
    const booleans = values.map(spelledBoolean).filter((value) => value !== undefined);
    return { literals: booleans.map((value) => ({ type: "boolean", value })), text: false };
  }
  return { literals: values.map((value) => ({ type: "string", value: String(value) })), text: family !== "string" };
}

/**
 * The list as a column the data holds as text compares it, each value as its text (as a string column's list
 * is): for a property of another declared type, whose column may be text in the data (a CSV field). Undefined
 * for a string property, whose list is that already.
 */
function listHeldAsText(values: readonly ListValue[], family: TypeFamily | undefined): SqlLiteral[] | undefined {
  return family === undefined || family === "string" ? undefined : listLiterals(values, "string").literals;
}

/**
 * A list's numbers, all written as exact decimals when one of them is: an engine compares a list of mixed
 * types as their common type, and a double among them (a bound `10.5`) would make DuckDB compare the
 * whole list, the exact decimal too, as doubles.
 */
function exactTogether(literals: readonly SqlLiteral[]): SqlLiteral[] {
  if (!literals.some((l) => l.type === "decimal")) return [...literals];
  return literals.map((l) => (l.type === "number" || l.type === "integer" ? { type: "decimal", value: decimalOfNumber(l.type === "integer" ? BigInt(l.value) : l.value).text } : l));
}

/** The boolean a list value is: `true` / `false`, or the text `'true'` / `'false'` in any case; else undefined. */
function spelledBoolean(value: ListValue): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return undefined;
  const word = value.trim().toLowerCase();
  return word === "true" ? true : word === "false" ? false : undefined;
}

/**
 * The finite number a string spells in decimal (`'3'`, `' -1.50 '`, `'1e3'`), or undefined (`''`, `'NaN'`,
 * `'0x10'`, and a whole number beyond 2^53, which a double cannot hold exactly: `'9007199254740993'`
 * then compares as text, exactly, as it did before numbers compared as numbers).
 */
function spelledNumber(text: string): number | undefined {
  if (!/^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(text)) return undefined;
  const number = Number(text);
  if (!Number.isFinite(number)) return undefined;
  return /^\s*[+-]?\d+\s*$/.test(text) && !Number.isSafeInteger(number) ? undefined : number;
}

/**
 * NaN or an infinity as a string spells it (`'NaN'`, `'Infinity'`, `'-inf'`, any case): on a numeric column
 * it compares as that double, since engines print them differently (DuckDB `nan`/`inf`, PostgreSQL
 * `NaN`/`Infinity`) and a text comparison would depend on the engine.
 */
function spelledSpecialFloat(text: string): "NaN" | "Infinity" | "-Infinity" | undefined {
  const match = /^\s*([+-]?)(nan|inf|infinity)\s*$/i.exec(text);
  if (!match) return undefined;
  if (match[2]!.toLowerCase() === "nan") return "NaN";
  return match[1] === "-" ? "-Infinity" : "Infinity";
}

function duplicateColumns(names: unknown, object: ObjectPlan): string[] | { problem: string; at?: string } {
  // Without arguments.properties, a duplicate is a whole row repeated (all declared properties).
  if (names === undefined) return object.properties.length > 0 ? object.properties.map((p) => p.column) : { problem: "has no properties to compare: declare the object's properties or set arguments.properties" };
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string")) return { problem: "arguments.properties must be a non-empty list of property names", at: "/arguments/properties" };
  const columns: string[] = [];
  for (const [i, name] of (names as string[]).entries()) {
    const property = object.properties.find((p) => p.name === name);
    if (!property) return { problem: `arguments.properties names \`${name}\`, which is not a property of \`${object.name}\``, at: `/arguments/properties/${i}` };
    columns.push(property.column);
  }
  return columns;
}

/**
 * A rule without a comparison, refused; at its misspelt comparator when it has one (`mustBeLessThen`), named with
 * the one meant, as lint's quality-comparator says it: the fix is a rename, not a comparator to add.
 */
function noComparison(rule: Record<string, unknown>, context: RuleContext, ruleId: QualityRuleId, unrunnable: (ruleId: QualityRuleId, reason: string) => Check): Check {
  const misspelt = misspeltComparator(rule);
  if (!misspelt) return unrunnable(ruleId, "has no comparison: add one of mustBe, mustBeLessThan, mustBeBetween, …");
  return { ...unrunnable(ruleId, `has no comparison: \`${misspelt.key}\` is no ODCS comparator (did you mean \`${misspelt.meant}\`?)`), pointer: `${context.pointer}/${pointerSegment(misspelt.key)}` };
}

/**
 * Why a rule that has comparators is refused when it also has a misspelt one (`mustBeLessThen: 5` beside
 * `mustBeGreaterThan: 0`, which the v3.0 schema lets by): the bound it writes would go unchecked, a pass on data it
 * was meant to fail. Said as lint's quality-comparator says it.
 */
function misspeltBeside(rule: Record<string, unknown>, misspelt: { key: string; meant: string }): string {
  const present = QUALITY_COMPARATORS.filter((c) => c in rule);
  return `checks ${present.join(", ")} only: \`${misspelt.key}\` is no ODCS comparator (did you mean \`${misspelt.meant}\`?)`;
}

function planSqlRule(rule: Record<string, unknown>, context: RuleContext, base: Omit<Check, "ruleId" | "measure">, unrunnable: (ruleId: QualityRuleId, reason: string, finding?: QualityRuleId, unit?: string) => Check): Check {
  // The query's problems are decided as contract-lint's quality-sql-query decides them (core's sqlQueryProblem).
  const queryProblem = sqlQueryProblem(rule.query, context.property ? "property" : "object");
  if (queryProblem?.kind === "missing") return unrunnable("quality-sql", queryProblem.reason);
  // (text: sqlQueryProblem calls anything else missing)
  const query = rule.query as string;
  // A query returns any number, a BIGINT or a wide DECIMAL too: a bound the contract writes beyond a double (a
  // count of 9007199254740993) is kept exactly, to be compared with the value exactly.
  const exactAt = (comparator: string, index?: number) => {
    const value = index === undefined ? rule[comparator] : Array.isArray(rule[comparator]) ? (rule[comparator] as unknown[])[index] : undefined;
    return exactWrittenNumber(value, `${context.pointer}/${comparator}${index === undefined ? "" : `/${index}`}`, context.sourceAt);
  };
  const reading = readThreshold(rule, "value", exactAt);
  if (reading.ok === false) return { ...unrunnable("quality-sql", reading.reason), pointer: `${context.pointer}${reading.at}` };
  if (reading.ok === "absent") return noComparison(rule, context, "quality-sql", unrunnable);
  // Refused from here on, the rule still says what it asked for: its results entry shows the threshold.
  // ODCS's `unit` is "the unit the rule is using": for a query, the unit of the value it returns, which
  // meshkit shows and reports (`returned 4.5%`) but cannot convert: the query computes it.
  const unit = rule.unit === undefined ? undefined : typeof rule.unit === "string" && rule.unit.trim() !== "" ? (readQualityUnit(rule.unit) ?? rule.unit.trim()) : null;
  const refused = (reason: string, finding?: QualityRuleId, at = ""): Check => ({ ...unrunnable("quality-sql", reason, finding, unit ?? undefined), threshold: reading.threshold, ...(at ? { pointer: `${context.pointer}${at}` } : {}) });
  const misspelt = misspeltComparator(rule);
  if (misspelt) return refused(misspeltBeside(rule, misspelt), undefined, `/${pointerSegment(misspelt.key)}`);
  if (queryProblem?.kind === "placeholder") return refused(queryProblem.reason);
  if (unit === null) return refused(`has unit ${JSON.stringify(rule.unit)}, which names no unit: name the unit of the query's value (percent, rows, seconds, …) or leave it out`, undefined, "/unit");
  // `SELECT count(*) FROM {object} WHERE …` returns a number of rows: shown as a percentage, 7 rows would read 7%.
  if (unit === "percent" && selectsCount(query)) return refused("counts rows: unit percent does not apply; have the query return the percentage, or use a library metric with unit percent", undefined, "/unit");
  if (queryProblem?.kind === "not-read-only") return refused(queryProblem.reason, "quality-sql-not-read-only");
  return { ...base, ruleId: "quality-sql", threshold: reading.threshold, measure: { kind: "sqlValue", query, ...optional("column", context.property?.column), ...optional("countWhere", countingPredicate(query)), ...optional("unit", unit) } };
}

/**
 * Marks the SQL rules of `object` whose query may return a classified value (see mayReturnClassifiedValue),
 * read with `{object}` and `{property}` put in as the names they stand for, where any engine's dialect puts them in
 * (`SELECT 1 // 2, max({property}) …` reads the column in DuckDB, where `//` divides; Snowflake's comment there).
 */
export function maskClassifiedSqlValues(object: ObjectPlan, classified: ClassifiedNames): void {
  // Double-quoted whatever the engine: mayReturnClassifiedValue reads the query under every engine's reading, each of
  // which tokenizes that; BigQuery's `o\`rders` does not tokenize under the others, and the query was masked as unsure.
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
  for (const check of object.checks) {
    const measure = check.measure;
    if (measure.kind !== "sqlValue") continue;
    const { query, column } = measure;
    const readsClassified = DIALECT_NAMES.some((name) =>
      mayReturnClassifiedValue(substituteSqlPlaceholders(query, quoted(object.physicalName), column === undefined ? undefined : quoted(column), name), classified),
    );
    if (readsClassified) measure.masked = true;
  }
}

/** Any placeholder, in one pass: a name put in for one is never searched for another. */
const SQL_PLACEHOLDER = /\$?\{(object|table|property|column)\}/g;

/**
 * Replaces `{object}`/`${object}`/`{table}` and `{property}`/`${property}`/`{column}` (ODCS and its
 * schema's spellings) with quoted names, where they stand in code as `dialect`'s engine reads the query: the
 * guard read the query with the placeholders, so one inside a string or a comment stays text (a name put there
 * could end it). Code there is code though another engine would read a comment (DuckDB's `//` divides; it starts
 * a comment in Snowflake).
 */
export function substituteSqlPlaceholders(query: string, relation: string, column: string | undefined, dialect: DialectName): string {
  return replaceInCode(
    query,
    SQL_PLACEHOLDER,
    (match) => {
      const name = match[1] === "object" || match[1] === "table" ? relation : column;
      return name ?? match[0];
    },
    dialect,
  );
}

function abbreviatedList(values: readonly ListValue[]): string {
  const shown = values.slice(0, 6).map(showValue).join(", ");
  return values.length > 6 ? `${shown}, … ${values.length} values` : shown || "an empty list";
}

function showValue(value: JsonValue | bigint | ExactDecimal): string {
  return typeof value === "string" ? `'${value}'` : String(value);
}
