/**
 * The check plan: what a contract promises about its data, as a list of checks per schema object,
 * independent of any engine. `planChecks` reads the schema here (existence, types, required, unique,
 * primary keys, logicalTypeOptions), the `quality` rules in quality-rules.ts and the `slaProperties` in
 * sla.ts; `compile.ts` turns a plan into SQL for a dialect and a runner measures it. A rule that cannot
 * be checked as written becomes an `unrunnable` check, so it is reported as an error instead of disappearing.
 */
import { type ClassifiedNames, type DataContract, ODCS_30_API_VERSIONS, type SchemaObject, type SchemaProperty, type QualityUnit, type Severity, UsageError, knownTimeZone, objectPhysicalName, readIsoDateTime, readIsoTime, temporalBoundProblem, unknownTimeZoneProblem, ownValue, plural, sensitivePart, toPointer } from "@meshkit/core";
import { MUST_BE_ZERO, type Threshold } from "./comparison.js";
import { type JsonScalarFamily, REMAINDER_DECIMAL_PLACES, REMAINDER_LIMIT } from "./dialects.js";
import { maskClassifiedSqlValues, planQualityRule, unknownMetricReason } from "./quality-rules.js";
import type { QualityRuleId } from "./rules.js";
import { planSlas } from "./sla.js";
import { type TypeFamily, characterTypeLength, declaredTypeFamily, isBinaryType, isTypeFamily } from "./type-families.js";
import { ExactDecimal, type SourceText, contractPattern, decimalDigits, decimalOfNumber, exactNumber, isRecord, optional } from "./values.js";
import type { NestedStep } from "./nested-types.js";
import { type StrptimeFormat, jdkPatternToStrptime } from "./temporal-formats.js";

export type { NestedStep } from "./nested-types.js";

/** How a count is expressed: rows, or percent of all rows of the object (ODCS's `unit`, read by core's readQualityUnit). */
export type CountUnit = QualityUnit;

/** A constant in a condition; bound as a parameter or rendered as an escaped literal by the compiler. */
export type SqlLiteral =
  | { type: "string"; value: string }
  | { type: "number"; value: number }
  /** A whole number beyond 2^53 as the contract wrote it (exact decimal digits), which no double holds. */
  | { type: "integer"; value: string }
  /** A number with more significant digits than a double holds, as its exact decimal text (ExactDecimal): an exact numeric literal. */
  | { type: "decimal"; value: string }
  | { type: "boolean"; value: boolean }
  /** A double that has no number literal: NaN and the infinities, from their canonical text. */
  | { type: "float"; value: "NaN" | "Infinity" | "-Infinity" }
  | { type: "date" | "timestamp" | "time"; value: string; wallClock?: true };

/**
 * A predicate selecting the failing rows of a check. `text: true` compares the column cast to text. A
 * list's `textValues` are compared with the column cast to text, its `values` as `text` says: a numeric
 * column meets the numbers of a list as numbers (`1.00` is 1) and any other string as text. `heldAsText`
 * is the list as a text column compares it (each value as written: `[-1, 'n/a']` is `'-1', 'n/a'`), for a
 * column the data holds as text where the contract declares another type (a CSV column of numbers with an
 * `n/a` in it): its value lists still count, as text (see readListsAsHeldText).
 */
export type RowCondition =
  | { kind: "isNull"; columns: string[] }
  | { kind: "inList"; column: string; values: SqlLiteral[]; text: boolean; orNull: boolean; textValues?: SqlLiteral[]; heldAsText?: SqlLiteral[] }
  | { kind: "notInList"; column: string; values: SqlLiteral[]; text: boolean; textValues?: SqlLiteral[]; heldAsText?: SqlLiteral[] }
  | { kind: "notMatching"; column: string; pattern: string; text: boolean }
  /**
   * `storedLength`: the length a declared `VARCHAR(n)` / `CHAR(n)` holds (characterLengthCheck), where the dialect's
   * types trim the spaces past it (Dialect.trimsExcessSpaces) rather than refuse the value.
   */
  | { kind: "length"; column: string; operator: "<" | ">"; value: number; text: boolean; storedLength?: true }
  | { kind: "itemCount"; column: string; operator: "<" | ">"; value: number }
  /** An array with an item twice (two nulls included): `uniqueItems`. */
  | { kind: "repeatedItems"; column: string }
  /**
   * `float`: the column is a `number`, which may hold NaN (above every number, as DuckDB orders it). `dayStart`: a
   * time bound written with an offset is compared within that offset's day, which starts at this UTC time (readIsoTime).
   */
  | { kind: "compare"; column: string; operator: "<" | "<=" | ">" | ">="; value: SqlLiteral; float?: boolean; dayStart?: SqlLiteral }
  /** Not a whole multiple of `divisor`; `exact` when both are integers (else compared as decimals). */
  | { kind: "notMultiple"; column: string; divisor: number; exact: boolean }
  /** A value the data holds as text that does not read as the property's date or timestamp (see ColumnReading). */
  | { kind: "unreadableText"; column: string }
  | { kind: "anyOf"; conditions: RowCondition[] }
  /**
   * `condition` on the value at `steps` inside `column` (a nested property): for a field of a struct, where
   * its parent is present (so a null parent is no null field); through the items of a list, a row fails
   * when any item does. `condition` names its column as the nested property's last name; it means the value.
   * `physicalType`: the nested property's, its value's type where no data says (`--emit-sql`).
   */
  | { kind: "nested"; column: string; steps: NestedStep[]; condition: RowCondition; physicalType?: string; reading?: NestedReading };

/**
 * How a nested property the data does not hold as its declared type is read by its checks, as a top-level column
 * of the same data would be (see ColumnReading): a date or timestamp held as text (JSON strings some of which are
 * no date, or values of mixed JSON types, read as VARCHAR) converted to `type` by `formats` (ISO 8601 when none)
 * in `zone`; a string, integer, number or boolean of mixed JSON types (JSON) as its `family`, each value of
 * another JSON type NULL. The type check counts the values that read as NULL there (`unreadableText`), row by row.
 */
export type NestedReading =
  | { kind: "text"; type: "date" | "timestamp"; formats: readonly StrptimeFormat[]; zone?: string }
  | { kind: "jsonScalar"; family: JsonScalarFamily };

/** What a check measures. */
export type Measure =
  /** `steps`: a nested property, found inside the column's type (STRUCT fields, LIST items). */
  | { kind: "columnPresent"; column: string; steps?: NestedStep[] }
  /** `temporal`: a nested date or timestamp's format and zone, by which its values held as text are read (see NestedReading). */
  | {
      kind: "columnType";
      column: string;
      expected: TypeFamily;
      steps?: NestedStep[];
      temporal?: TemporalReading;
      /**
       * The characters a string's physicalType holds (`VARCHAR(3)`), where no `logicalTypeOptions.maxLength` as small
       * counts the longer values already, with the type as written and where (see characterLengthCheck).
       */
      maxCharacters?: { length: number; physicalType: string; pointer: string };
    }
  | { kind: "rowCount" }
  /** Rows matching `condition`; `failing` completes "12 of 100 rows …" in messages. */
  | { kind: "failingRows"; condition: RowCondition; unit: CountUnit; failing: string }
  /**
   * Rows repeating an earlier row's values of `columns`: every copy after the first. A row with a null in
   * any of them is left out, or with `nullsEqual` (whole rows and column sets of an object's rule, as SQL's
   * GROUP BY) only a row whose columns are all null.
   */
  | { kind: "duplicateRows"; columns: string[]; unit: CountUnit; nullsEqual?: boolean }
  /** Rows with a null key column plus rows repeating another row's key. */
  | { kind: "keyViolations"; columns: string[] }
  /** The single value of a read-only query; `{object}`/`{property}` are substituted at compile time. */
  | {
      kind: "sqlValue";
      query: string;
      column?: string;
      /** The predicate of a `SELECT count(*) FROM {object} WHERE …` query: measured by the object's scan. */
      countWhere?: string;
      /** The rule's `unit`, the unit of the query's value (meshkit does not convert it): `percent`, `rows` or as written. */
      unit?: string;
      /** The query may return a classified value (see mayReturnClassifiedValue): its measured value is shown masked. */
      masked?: true;
    }
  /** Age of the newest (latency, freshness) or oldest (retention) value, in `unit`. */
  | { kind: "age"; column: string; end: "newest" | "oldest"; unit: string; unitSeconds: number }
  /**
   * A rule that cannot be checked as written; `ruleId` is the finding it produces. `unit`: the unit of its threshold
   * where the rule states one that could be read (`percent`, an SLA's `d`), so that its results entry reads as written.
   * `about`: the field the schema requires that the reason says is missing (an SLA's `value`), so that the schema's
   * issue about it (SchemaIssue.about, at the same node) is not said a second time, in less helpful words.
   */
  | { kind: "unrunnable"; ruleId: QualityRuleId; reason: string; unit?: string; about?: string }
  /** A check meshkit does not run (yet) for a valid contract: a `quality-not-checked` warning, never a silent pass. */
  | {
      kind: "notChecked";
      reason: string;
      /** A library rule's `rule` that names no ODCS metric: valid in v3.0 (any rule name), refused in v3.1 (see refuseV30RuleNames). */
      v30RuleName?: string;
    };

export interface Check {
  /** Stable and unique in the plan: `<object>[.<property>].<rule id, name, metric or schema key>`. */
  id: string;
  ruleId: QualityRuleId;
  object: string;
  property?: string;
  /** JSON pointer of the contract node the check comes from: its findings point there. */
  pointer: string;
  severity: Severity;
  /** The comparison the measured value must meet (absent only when the rule could not be read). */
  threshold?: Threshold;
  measure: Measure;
  /** The rule's `name` (or `id`), to name it in messages. */
  title?: string;
}

export interface PropertyPlan {
  name: string;
  /** Column name in the data: `physicalName`, else `name`. */
  column: string;
  pointer: string;
  /** Declared type family: the logicalType, else the family of the physicalType; undefined when neither says. */
  expected?: TypeFamily;
  /** `physicalType` as written: what the data's column type is declared to be, where the data is not there to say (`--emit-sql`, CSV files). */
  physicalType?: string;
  /** Sample rows show `***` instead of its values (classified or PII). */
  masked: boolean;
  /**
   * A `string` property of `logicalTypeOptions.format: binary` (ODCS's, OpenAPI's bytes): a binary column (BLOB,
   * bytea, BYTES, BINARY, as provision makes it) is its type, and its lengths are counted in bytes.
   */
  binary?: true;
  /** A date or timestamp property's `format` and `defaultTimezone`: how values held as text or without a zone are read. */
  temporal?: TemporalReading;
}

/** How a date or timestamp property's values are read where the data does not type them fully. */
export interface TemporalReading {
  /** `logicalTypeOptions.format` as written (JDK DateTimeFormatter), and as strptime formats (any may match). */
  format?: { pattern: string; strptime: StrptimeFormat[] };
  /** `logicalTypeOptions.defaultTimezone`: the zone of a timestamp without one (UTC when absent). */
  defaultTimezone?: string;
}

export interface ObjectPlan {
  name: string;
  /** Table, view or file stem in the data: `physicalName`, else `name`. */
  physicalName: string;
  pointer: string;
  properties: PropertyPlan[];
  checks: Check[];
}

/**
 * The columns whose values sample rows and messages hide: two properties may describe one column, and one
 * classified is enough (the other's name for it must not show what the classified one hides).
 */
export function maskedColumns(object: ObjectPlan): ReadonlySet<string> {
  return new Set(object.properties.filter((p) => p.masked).map((p) => p.column));
}

export interface QualityPlan {
  /** Who the results belong to: the catalog and the metrics label them by domain and product. */
  contract: { id: string; version: string; name?: string; domain?: string; dataProduct?: string };
  objects: ObjectPlan[];
  /** Unrunnable checks that belong to no object of the plan (an SLA naming an unknown object, a repeated object). */
  unassigned: Check[];
  /** What is said of the contract that is no check, so no result (an SLA property of the contract's own name): a finding each. */
  notes: PlanNote[];
}

/** A finding of the plan at a contract node, with no result of its own. */
export interface PlanNote {
  pointer: string;
  ruleId: QualityRuleId;
  severity: Severity;
  message: string;
}

export interface PlanOptions {
  /** Only these schema objects (by name or physicalName); all when absent. */
  objects?: readonly string[];
  /**
   * The contract's source text at a pointer (LoadedDocument.sourceAt): whole numbers beyond 2^53 in bounds and
   * value lists are read from it exactly. Without it they are the doubles YAML read.
   */
  sourceAt?: SourceText;
}

/** Makes a check id unique in the plan (`-2`, `-3`… on a repeat). */
export type UniqueId = (base: string) => string;

/**
 * RFC 3339's `full-date`, `full-time` (with its required offset) and `date-time` as JSON Schema's formats
 * name them, as portable regular expressions: months 01–12, the days each month has (29 February in leap
 * years only: divisible by 4, centuries by 400), hours 00–23, minutes 00–59, seconds 00–60 (a leap second).
 */
const RFC3339_DATE = (() => {
  const year = "[0-9]{4}";
  const leapYear = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|(00|0[48]|[2468][048]|[13579][26])00)";
  return `(${year}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|${year}-(0[469]|11)-(0[1-9]|[12][0-9]|30)|${year}-02-(0[1-9]|1[0-9]|2[0-8])|${leapYear}-02-29)`;
})();
const RFC3339_TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)([.][0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])";

/**
 * Formats JSON Schema names for strings, as portable regular expressions (no lookarounds, no `\d`:
 * the same text must mean the same in RE2, PostgreSQL AREs and Java). Dates and times are RFC 3339's, as
 * JSON Schema defines them: real calendar days, and an offset on every `date-time` and `time` (a wall-clock
 * timestamp is `logicalType: timestamp` with a `defaultTimezone`).
 */
export const STRING_FORMAT_PATTERNS: Record<string, string> = {
  email: "^[^@ ]+@[^@ ]+[.][^@ ]+$",
  uuid: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
  date: `^${RFC3339_DATE}$`,
  "date-time": `^${RFC3339_DATE}[Tt]${RFC3339_TIME}$`,
  time: `^${RFC3339_TIME}$`,
  ipv4: "^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])([.](25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$",
  uri: "^[A-Za-z][A-Za-z0-9+.-]*:[^ ]+$",
  ipv6: ipv6Pattern(),
  // RFC 1123 labels (letters, digits, inner hyphens, 1–63 characters) joined by dots; the 253-character limit is a length check.
  hostname: "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?([.][A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$",
};

/** RFC 3986's `IPv6address` rule, alternative by alternative (`h16` 1–4 hex digits; `ls32` two of them or an IPv4 address). */
function ipv6Pattern(): string {
  const h16 = "[0-9A-Fa-f]{1,4}";
  const ipv4 = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])([.](25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}";
  const ls32 = `(${h16}:${h16}|${ipv4})`;
  // `[ *n( h16 ":" ) h16 ]` before "::"
  const before = (n: number) => (n === 0 ? `(${h16})?` : `((${h16}:){0,${n}}${h16})?`);
  const alternatives = [
    `(${h16}:){6}${ls32}`,
    `::(${h16}:){5}${ls32}`,
    `${before(0)}::(${h16}:){4}${ls32}`,
    `${before(1)}::(${h16}:){3}${ls32}`,
    `${before(2)}::(${h16}:){2}${ls32}`,
    `${before(3)}::${h16}:${ls32}`,
    `${before(4)}::${ls32}`,
    `${before(5)}::${h16}`,
    `${before(6)}::`,
  ];
  return `^(${alternatives.join("|")})$`;
}

/** Builds the checks of a contract. Throws a UsageError when `options.objects` names an unknown object. */
export function planChecks(contract: DataContract, options: PlanOptions = {}): QualityPlan {
  const schema = Array.isArray(contract.schema) ? contract.schema : [];
  const selected = selectObjects(schema, options.objects);
  const ids = new Set<string>();
  // The next suffix to try per base: thousands of unnamed rules of one property stay linear.
  const nextSuffix = new Map<string, number>();
  const uniqueId = (base: string) => {
    let id = base;
    let n = nextSuffix.get(base) ?? 2;
    for (; ids.has(id); n++) id = `${base}-${n}`;
    nextSuffix.set(base, n);
    ids.add(id);
    return id;
  };
  const objects: ObjectPlan[] = [];
  const refused: Check[] = [];
  for (const { object, index } of selected) {
    const plan = planObject(object, index, uniqueId, options.sourceAt, typeReader(contract));
    // An object's name is its checks' and results' name: a second object of that name would make every
    // check id a guess (and one view name twice). The first is tested, the repeat reported. Two objects
    // of one table under different names are fine: each checks its own properties.
    const first = objects.find((o) => o.name === plan.name);
    if (first) refused.push(refusedObject(plan, uniqueId, `schema object ${plan.pointer} has the name \`${plan.name}\`, as ${first.pointer} does: an object is tested once, as the first`));
    // No engine reads a zero-length quoted name (`FROM ""`): the object's every query would be refused.
    else if (plan.physicalName === "") refused.push(refusedObject(plan, uniqueId, `schema object ${plan.pointer} has an empty name and no physicalName: SQL cannot name an empty table (\`""\` is refused); name the table; none of its checks run`));
    else objects.push(plan);
  }
  if (!(ODCS_30_API_VERSIONS as readonly unknown[]).includes(contract.apiVersion)) {
    objects.forEach(refuseSeveralComparisons);
    objects.forEach(refuseV30RuleNames);
  }
  // Of every object, selected or not: a SQL rule may join any table of the contract.
  const classified = classifiedNames(schema);
  for (const object of objects) maskClassifiedSqlValues(object, classified);
  const slas = planSlas(contract, schema, objects, uniqueId);
  const unassigned = [...refused, ...slas.unassigned];
  return {
    contract: {
      id: String(contract.id ?? ""),
      version: String(contract.version ?? ""),
      ...(typeof contract.name === "string" ? { name: contract.name } : {}),
      ...(typeof contract.domain === "string" ? { domain: contract.domain } : {}),
      ...(typeof contract.dataProduct === "string" ? { dataProduct: contract.dataProduct } : {}),
    },
    objects,
    unassigned,
    notes: slas.notes,
  };
}

/**
 * ODCS v3.1 gives a rule one comparison (its schema reports a second, and so does lint); v3.0.x allowed
 * several, all holding. In a v3.1 contract such a rule is not run: its result is an error, as the schema's
 * finding says, never a pass measured against a reading of it.
 */
function refuseSeveralComparisons(object: ObjectPlan): void {
  for (const check of object.checks) {
    if (check.threshold?.comparator !== "allOf") continue;
    const written = check.threshold.value.map((c) => c.comparator).join(", ");
    check.measure = { kind: "unrunnable", ruleId: "quality-rule-invalid", reason: `has ${check.threshold.value.length} comparisons (${written}): an ODCS v3.1 rule has one (a range is \`mustBeBetween\`, or one rule per bound)` };
  }
}

/**
 * ODCS v3.0 lets `rule` name any check (`rule: countCheck`); v3.1.0 reads `rule` only beside a `metric` (its
 * schema requires one, and lint says so). In a v3.1 contract such a rule is an unknown metric, an error, as
 * before v3.0 names were read: never a "not checked" warning that calls the contract valid.
 */
function refuseV30RuleNames(object: ObjectPlan): void {
  for (const check of object.checks) {
    if (check.measure.kind !== "notChecked" || check.measure.v30RuleName === undefined) continue;
    check.ruleId = "quality-rule-invalid";
    check.measure = { kind: "unrunnable", ruleId: "quality-rule-invalid", reason: unknownMetricReason(check.measure.v30RuleName) };
  }
}

/** The columns holding classified values, and the tables holding them, of every object of the contract. */
function classifiedNames(schema: readonly SchemaObject[]): ClassifiedNames {
  const columns = new Set<string>();
  const relations = new Set<string>();
  for (const object of schema.filter(isRecord)) {
    const properties = (Array.isArray(object.properties) ? object.properties : []).filter((p) => isRecord(p) && sensitivePart(p) !== undefined);
    // Both names: a query may name the column either way where the data has it under its name.
    const names = (node: { name?: unknown; physicalName?: unknown }) => [node.name, node.physicalName].filter((n): n is string => typeof n === "string" && n !== "").map((n) => n.toLowerCase());
    for (const property of properties) names(property).forEach((name) => columns.add(name));
    if (properties.length > 0) names(object).forEach((name) => relations.add(name));
  }
  return { columns, relations };
}

/** The check that reports a schema object of a name an earlier one already has: it is not tested. */
/** An object refused as a whole: its one check is this error, and none of its own run. */
function refusedObject(plan: ObjectPlan, uniqueId: UniqueId, reason: string): Check {
  return {
    id: uniqueId(`${plan.name}.object`),
    ruleId: "quality-contract-invalid",
    object: plan.name,
    pointer: plan.pointer,
    severity: "error",
    measure: { kind: "unrunnable", ruleId: "quality-contract-invalid", reason },
  };
}

function selectObjects(schema: readonly SchemaObject[], names: readonly string[] | undefined): { object: SchemaObject; index: number }[] {
  const all = schema.map((object, index) => ({ object, index })).filter(({ object }) => isRecord(object) && typeof object.name === "string");
  if (!names || names.length === 0) return all;
  for (const name of names) {
    if (!all.some(({ object }) => object.name === name || object.physicalName === name)) {
      throw new UsageError(`no schema object named \`${name}\` in the contract (objects: ${all.map(({ object }) => object.name).join(", ") || "none"})`);
    }
  }
  return all.filter(({ object }) => names.includes(object.name) || (object.physicalName !== undefined && names.includes(object.physicalName)));
}

function planObject(object: SchemaObject, index: number, uniqueId: UniqueId, sourceAt: SourceText | undefined, familyOf: ExpectedFamily): ObjectPlan {
  const pointer = toPointer(["schema", index]);
  const properties: PropertyPlan[] = [];
  // In the contract's order, so that check ids are numbered as the properties come (`-2` on the later one).
  // Two properties may describe one column (one constraint each), but not as two types: the column
  // cannot be read as both, and the type check would judge one type against the other's data.
  const declared: ({ property: SchemaProperty; plan: PropertyPlan } | { refused: string; check: Omit<Check, "id"> })[] = [];
  // The typed property each column is read as (every other typed one of that column has its type, or was refused).
  const typedColumns = new Map<string, { plan: PropertyPlan; reading?: TemporalReadingOfColumn }>();
  (Array.isArray(object.properties) ? object.properties : []).forEach((property, i) => {
    if (!isRecord(property) || typeof property.name !== "string") return;
    const plan: PropertyPlan = {
      name: property.name,
      column: typeof property.physicalName === "string" && property.physicalName !== "" ? property.physicalName : property.name,
      pointer: `${pointer}/properties/${i}`,
      ...optional("expected", familyOf(property)),
      ...optional("physicalType", declaredPhysicalType(property)),
      // A classified nested property's values are inside this column: samples show none of it.
      masked: sensitivePart(property) !== undefined,
      ...(familyOf(property) === "string" && declaresBinaryFormat(property) ? { binary: true as const } : {}),
    };
    // A property refused as a whole: its one check is this error, and none of its own run.
    const refuse = (reason: string) =>
      declared.push({
        refused: `${object.name}.${plan.name}.exists`,
        check: { ruleId: "schema-column-exists", object: object.name, property: plan.name, pointer: plan.pointer, severity: "error", measure: { kind: "unrunnable", ruleId: "quality-rule-invalid", reason } },
      });
    // No engine reads a zero-length quoted name (`""`, ``` `` ```): every query naming the column would be refused whole.
    if (plan.column === "") {
      refuse("property has an empty name and no physicalName: SQL cannot name an empty column (`\"\"` is refused); name the column; none of its checks run");
      return;
    }
    const typed = typedColumns.get(plan.column);
    const first = typed !== undefined && plan.expected !== undefined && typed.plan.expected !== plan.expected ? typed.plan : undefined;
    if (first) {
      refuse(`property \`${plan.name}\` reads column \`${plan.column}\` as ${plan.expected}, but property \`${first.name}\` reads it as ${first.expected}: one column has one type; none of its checks run`);
      return;
    }
    // The engines read a column one way: of two zones (or formats) for it, one property's SLA ages and bounds were the other's.
    const reading = temporalReadingOfColumn(property, plan.expected);
    if (typed !== undefined && reading !== undefined && typed.reading?.same !== reading.same) {
      refuse(`property \`${plan.name}\` reads column \`${plan.column}\` ${reading.text}, but property \`${typed.plan.name}\` reads it ${typed.reading?.text}: one column is read one way; none of its checks run`);
      return;
    }
    if (plan.expected !== undefined && !typedColumns.has(plan.column)) typedColumns.set(plan.column, { plan, ...optional("reading", reading) });
    properties.push(plan);
    declared.push({ property, plan });
  });
  const plan: ObjectPlan = { name: object.name, physicalName: objectPhysicalName(object), pointer, properties, checks: [] };
  const read: { property: SchemaProperty; plan: PropertyPlan }[] = [];
  for (const entry of declared) {
    if ("refused" in entry) {
      plan.checks.push({ id: uniqueId(entry.refused), ...entry.check });
      continue;
    }
    read.push(entry);
    plan.checks.push(...planProperty(plan, entry.property, entry.plan, uniqueId, sourceAt));
    plan.checks.push(...planNestedProperties(plan, entry.property, entry.plan, uniqueId, sourceAt, familyOf));
  }
  const key = planPrimaryKey(plan, read, uniqueId);
  if (key) plan.checks.push(key);
  (Array.isArray(object.quality) ? object.quality : []).forEach((rule, i) => {
    const check = planQualityRule(rule, { object: plan, pointer: `${pointer}/quality/${i}`, uniqueId, sourceAt });
    if (check) plan.checks.push(check);
  });
  return plan;
}

/** `physicalType` as written, without surrounding spaces; undefined when there is none. */
function declaredPhysicalType(property: SchemaProperty): string | undefined {
  return typeof property.physicalType === "string" && property.physicalType.trim() !== "" ? property.physicalType.trim() : undefined;
}

/** The type family a property declares. */
type ExpectedFamily = (property: SchemaProperty) => TypeFamily | undefined;

/** How a contract's properties declare their family (core's declaredTypeFamily, which reads ODCS v3.0's `date` timestamps). */
function typeReader(contract: DataContract): ExpectedFamily {
  return (property) => declaredTypeFamily(property, contract.apiVersion);
}

function planProperty(object: ObjectPlan, property: SchemaProperty, plan: PropertyPlan, uniqueId: UniqueId, sourceAt: SourceText | undefined): Check[] {
  const base = { object: object.name, property: plan.name, severity: "error" as const };
  const id = (key: string) => uniqueId(`${object.name}.${plan.name}.${key}`);
  const column = plan.column;
  const checks: Check[] = [
    { ...base, id: id("exists"), ruleId: "schema-column-exists", pointer: plan.pointer, threshold: { comparator: "mustBe", value: true }, measure: { kind: "columnPresent", column } },
  ];
  if (plan.expected) {
    const typePointer = `${plan.pointer}/${isTypeFamily(property.logicalType) ? "logicalType" : "physicalType"}`;
    const maxCharacters = plan.expected === "string" && plan.binary !== true && plan.physicalType !== undefined ? characterTypeLength(plan.physicalType) : undefined;
    const options: unknown = property.logicalTypeOptions;
    const maxLength = isRecord(options) ? options.maxLength : undefined;
    // A maxLength no longer than the type's is its own check of the same values, at least as strict: one failure, not two.
    const lengthChecked = maxCharacters !== undefined && Number.isInteger(maxLength) && (maxLength as number) >= 0 && (maxLength as number) <= maxCharacters;
    const declared = maxCharacters === undefined || lengthChecked ? undefined : { length: maxCharacters, physicalType: plan.physicalType!, pointer: `${plan.pointer}/physicalType` };
    const measure: Measure = { kind: "columnType", column, expected: plan.expected, ...optional("maxCharacters", declared) };
    checks.push({ ...base, id: id("type"), ruleId: "schema-column-type", pointer: typePointer, threshold: { comparator: "mustBe", value: plan.expected }, measure });
  }
  if (property.required === true) {
    checks.push({
      ...base,
      id: id("required"),
      ruleId: "schema-required",
      pointer: `${plan.pointer}/required`,
      threshold: MUST_BE_ZERO,
      measure: { kind: "failingRows", condition: { kind: "isNull", columns: [column] }, unit: "rows", failing: `have a null \`${plan.name}\`` },
    });
  }
  if (property.unique === true) {
    checks.push({ ...base, id: id("unique"), ruleId: "schema-unique", pointer: `${plan.pointer}/unique`, threshold: MUST_BE_ZERO, measure: { kind: "duplicateRows", columns: [column], unit: "rows" } });
  }
  checks.push(...planTypeOptions(property, plan, base, id, sourceAt));
  (Array.isArray(property.quality) ? property.quality : []).forEach((rule, i) => {
    const check = planQualityRule(rule, { object, property: plan, pointer: `${plan.pointer}/quality/${i}`, uniqueId, sourceAt });
    if (check) checks.push(check);
  });
  return holdsBytes(plan) ? checks.map((check) => withoutTextOfBytes(check, plan)) : checks;
}

/**
 * The type check of a `string` property declared a character type of a set length (`VARCHAR(3)`, `CHAR(2)`,
 * `character varying(4)`: the measure's maxCharacters), as the rows with a longer value, which would not load into
 * the declared column: ODCS's physicalType is the column's type in the data source, which
 * `logicalTypeOptions.maxLength` need not repeat. Reported at the physicalType, where the length is written; for a
 * nested property (`steps`), the rows with a longer value there (in at least one item of an array), as its maxLength.
 * Undefined for any other check. The runners use it where the data's column holds longer values (a file's VARCHAR,
 * PostgreSQL's `text`), and `--emit-sql` always, as the warehouse's column may (BigQuery's STRING) and the SQL cannot see it.
 */
export function characterLengthCheck(check: Check): Check | undefined {
  const measure = check.measure;
  if (measure.kind !== "columnType" || measure.maxCharacters === undefined) return undefined;
  const { length, physicalType, pointer } = measure.maxCharacters;
  const name = check.property ?? measure.column;
  const steps = measure.steps;
  const last = steps?.at(-1);
  const inItems = steps?.some((step) => step.kind === "items") ? " in at least one item" : "";
  // The runners trim spaces past the length, as the SQL standard's types store them (Dialect.trimsExcessSpaces): the
  // message says so, or `'ab   '` passing a CHAR(2) while a sample shows `'ab c'` failing would read as a miscount.
  const failing = `have \`${name}\` longer than its physicalType ${physicalType} holds (${length === 1 ? "1 character; spaces past it" : `${length} characters; spaces past them`} do not count)${inItems}`;
  // A nested value is named as planNestedProperty names it for its other checks: its field, or the items' path.
  const longer: RowCondition = { kind: "length", column: last === undefined ? measure.column : last.kind === "field" ? last.name : name, operator: ">", value: length, text: false, storedLength: true };
  const condition: RowCondition = steps === undefined ? longer : { kind: "nested", column: measure.column, steps, condition: longer, physicalType };
  return { ...check, pointer, threshold: MUST_BE_ZERO, measure: { kind: "failingRows", condition, unit: "rows", failing } };
}

/** Whether a `string` property is declared a binary column (`format: binary`, or a physicalType such as BLOB, bytea, BYTES). */
function holdsBytes(plan: PropertyPlan): boolean {
  return plan.expected === "string" && (plan.binary === true || isBinaryType(plan.physicalType ?? ""));
}

/** Whether a condition reads a value's text: a pattern or format, or a list of values (nulls and lengths do not). */
function readsValueText(condition: RowCondition): boolean {
  switch (condition.kind) {
    case "notMatching":
      return true;
    case "inList":
    case "notInList":
      return condition.values.length > 0 || (condition.textValues?.length ?? 0) > 0;
    case "anyOf":
      return condition.conditions.some(readsValueText);
    default:
      return false;
  }
}

/**
 * A binary column's check that reads its values as text (a pattern, a format, a value list), not checked: bytes
 * have no one text. Each engine would read another (DuckDB's `\xAA` escapes, PostgreSQL's `\x61626364` hex, so
 * `abcd` matched neither `^ab` nor the value `abcd` there), or none (Trino, BigQuery and PostgreSQL refuse a regular
 * expression or a text comparison on bytes, which stopped the whole scan). Its lengths are counted in bytes.
 */
function withoutTextOfBytes(check: Check, plan: PropertyPlan): Check {
  if (check.measure.kind !== "failingRows" || !readsValueText(check.measure.condition)) return check;
  const what = plan.binary === true ? "`format: binary`" : `physicalType ${plan.physicalType ?? ""}`;
  return {
    ...check,
    measure: {
      kind: "notChecked",
      reason: `\`${plan.name}\` holds bytes (${what}), which have no text: a pattern, a format or a list of values is not checked on it (its lengths are, in bytes)`,
    },
  };
}

/**
 * Checks of the properties nested in a property: the `properties` of an object and the `items` of an
 * array (with their own `properties`), at any depth. Each is named by its path (`customer.email`, the
 * items of `lines` as `lines[]`, so `lines[].sku`) and gets the checks a column would get that a scan can
 * measure row by row: existence and type (inside the column's STRUCT / LIST type), `required`,
 * `logicalTypeOptions`, and nullValues / missingValues / invalidValues rules. The others (unique, primary
 * key, duplicateValues, SQL rules) are `notChecked`: reported, never dropped.
 */
function planNestedProperties(object: ObjectPlan, property: SchemaProperty, plan: PropertyPlan, uniqueId: UniqueId, sourceAt: SourceText | undefined, familyOf: ExpectedFamily): Check[] {
  const checks: Check[] = [];
  const visit = (node: Record<string, unknown>, name: string, pointer: string, steps: NestedStep[]) => {
    (Array.isArray(node.properties) ? node.properties : []).forEach((child: unknown, i: number) => {
      if (!isRecord(child) || typeof child.name !== "string") return;
      const field = typeof child.physicalName === "string" && child.physicalName !== "" ? child.physicalName : child.name;
      const path = `${name}.${child.name}`;
      const childSteps: NestedStep[] = [...steps, { kind: "field", name: field }];
      checks.push(...planNestedProperty(object, child, path, `${pointer}/properties/${i}`, plan.column, childSteps, uniqueId, sourceAt, familyOf));
      visit(child, path, `${pointer}/properties/${i}`, childSteps);
    });
    if (isRecord(node.items)) {
      const itemSteps: NestedStep[] = [...steps, { kind: "items" }];
      checks.push(...planNestedProperty(object, node.items, `${name}[]`, `${pointer}/items`, plan.column, itemSteps, uniqueId, sourceAt, familyOf));
      visit(node.items, `${name}[]`, `${pointer}/items`, itemSteps);
    }
  };
  visit(property as unknown as Record<string, unknown>, plan.name, plan.pointer, []);
  return checks;
}

/** Where a nested property is: under objects only, or in the items of an array (counted per row). */
export function nestedPlace(steps: readonly NestedStep[]): string {
  return steps.some((s) => s.kind === "items") ? "in the items of an array" : "under an object";
}

function planNestedProperty(
  object: ObjectPlan,
  node: Record<string, unknown>,
  name: string,
  pointer: string,
  column: string,
  steps: NestedStep[],
  uniqueId: UniqueId,
  sourceAt: SourceText | undefined,
  familyOf: ExpectedFamily,
): Check[] {
  const property = node as unknown as SchemaProperty;
  const last = steps[steps.length - 1]!;
  const plan: PropertyPlan = {
    name,
    column: last.kind === "field" ? last.name : name,
    pointer,
    ...optional("expected", familyOf(property)),
    ...optional("physicalType", declaredPhysicalType(property)),
    masked: sensitivePart(property) !== undefined,
  };
  const inItems = steps.some((s) => s.kind === "items");
  const notChecked = (check: Check, what: string): Check => ({
    ...check,
    measure: { kind: "notChecked", reason: `${what} of nested property \`${name}\` (${nestedPlace(steps)}) is not checked: nested properties get the row-level checks only (existence, type, required, logicalTypeOptions, nullValues, missingValues, invalidValues)` },
  });
  const checks: Check[] = [];
  for (const check of planProperty(object, property, plan, uniqueId, sourceAt)) {
    const measure = check.measure;
    switch (measure.kind) {
      case "columnPresent":
        // The items of a list are there whenever the list is: only fields can be missing.
        if (last.kind === "field") checks.push({ ...check, measure: { kind: "columnPresent", column, steps } });
        break;
      case "columnType":
        checks.push({ ...check, measure: { kind: "columnType", column, expected: measure.expected, steps, ...optional("temporal", plan.temporal), ...optional("maxCharacters", measure.maxCharacters) } });
        break;
      case "failingRows":
        checks.push({
          ...check,
          measure: {
            ...measure,
            condition: { kind: "nested", column, steps, condition: measure.condition, ...optional("physicalType", plan.physicalType) },
            failing: inItems ? `${measure.failing} in at least one item` : measure.failing,
          },
        });
        break;
      case "unrunnable":
      case "notChecked":
        checks.push(check);
        break;
      case "duplicateRows":
        checks.push(notChecked(check, check.ruleId === "schema-unique" ? "`unique`" : "A duplicateValues rule"));
        break;
      case "sqlValue":
        checks.push(notChecked(check, "A SQL rule"));
        break;
      default:
        checks.push(notChecked(check, `A ${measure.kind} check`));
    }
  }
  if (property.primaryKey === true) {
    checks.push({ id: uniqueId(`${object.name}.${name}.primaryKey`), ruleId: "schema-primary-key", object: object.name, property: name, pointer: `${pointer}/primaryKey`, severity: "error", measure: { kind: "notChecked", reason: `\`primaryKey\` of nested property \`${name}\` is not checked: a primary key is made of top-level columns` } });
  }
  return checks;
}

/** Whether a property's `logicalTypeOptions.format` is `binary` (any case): its values are bytes. */
function declaresBinaryFormat(property: SchemaProperty): boolean {
  const options: unknown = property.logicalTypeOptions;
  return isRecord(options) && typeof options.format === "string" && options.format.trim().toLowerCase() === "binary";
}

type CheckBase = Pick<Check, "object" | "property" | "severity">;

function planTypeOptions(property: SchemaProperty, plan: PropertyPlan, base: CheckBase, id: (key: string) => string, sourceAt: SourceText | undefined): Check[] {
  // Read as plain data: which keys are allowed depends on the logicalType, and the contract may not be valid.
  const options: unknown = property.logicalTypeOptions;
  if (!isRecord(options)) return [];
  const pointer = (key: string) => `${plan.pointer}/logicalTypeOptions/${key}`;
  const name = `\`${plan.name}\``;
  const column = plan.column;
  const text = plan.expected !== "string";
  const checks: Check[] = [];
  const rowCheck = (key: string, ruleId: QualityRuleId, condition: RowCondition, failing: string): Check => ({
    ...base,
    id: id(key),
    ruleId,
    pointer: pointer(key),
    threshold: MUST_BE_ZERO,
    measure: { kind: "failingRows", condition, unit: "rows", failing },
  });
  const invalid = (key: string, ruleId: QualityRuleId, reason: string): Check => ({
    ...base,
    id: id(key),
    ruleId,
    pointer: pointer(key),
    measure: { kind: "unrunnable", ruleId: "quality-rule-invalid", reason: `logicalTypeOptions.${key} ${reason}` },
  });
  const notChecked = (key: string, ruleId: QualityRuleId, reason: string): Check => ({
    ...base,
    id: id(key),
    ruleId,
    pointer: pointer(key),
    measure: { kind: "notChecked", reason: `logicalTypeOptions.${key} \`${typeof options[key] === "string" ? options[key] : JSON.stringify(options[key])}\` of ${name} ${reason}` },
  });
  // The logicalType's family as the plan reads it (a v3.0 `date` of a timestamp physicalType is a timestamp).
  const family = isTypeFamily(property.logicalType) ? plan.expected : undefined;
  if (family === "string") {
    // A binary value's length is its number of bytes (compile.ts counts them so).
    const unit = plan.binary || isBinaryType(plan.physicalType ?? "") ? "byte" : "character";
    for (const [key, operator, word] of [
      ["minLength", "<", "shorter"],
      ["maxLength", ">", "longer"],
    ] as const) {
      const value = options[key];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || (value as number) < 0) checks.push(invalid(key, "schema-length", `must be a whole number of ${unit}s`));
      else checks.push(rowCheck(key, "schema-length", { kind: "length", column, operator, value: value as number, text }, `have ${name} ${word} than ${plural(value as number, unit)}`));
    }
    if (options.pattern !== undefined) {
      const read = contractPattern(options.pattern);
      if ("problem" in read) checks.push(invalid("pattern", "schema-pattern", read.problem));
      else checks.push(rowCheck("pattern", "schema-pattern", { kind: "notMatching", column, pattern: read.pattern, text }, `have ${name} not matching \`${String(options.pattern)}\``));
    }
    const format = typeof options.format === "string" ? options.format.trim().toLowerCase() : undefined;
    const formatPattern = format === undefined ? undefined : ownValue(STRING_FORMAT_PATTERNS, format);
    const notInFormat: RowCondition = { kind: "notMatching", column, pattern: formatPattern ?? "", text };
    // RFC 1123 limits a whole host name to 253 characters, which its labels' pattern cannot count.
    const condition: RowCondition = format === "hostname" ? { kind: "anyOf", conditions: [notInFormat, { kind: "length", column, operator: ">", value: 253, text }] } : notInFormat;
    if (formatPattern) checks.push(rowCheck("format", "schema-format", condition, `have ${name} not in ${format} format`));
    // `binary` is read as the column's kind (PropertyPlan.binary): a binary column is its type, its lengths are bytes.
    else if (options.format !== undefined && !plan.binary) checks.push(notChecked("format", "schema-format", `is not a string format meshkit checks (${Object.keys(STRING_FORMAT_PATTERNS).join(", ")})`));
  }
  if (family === "array" && options.uniqueItems === true) {
    checks.push(rowCheck("uniqueItems", "schema-items", { kind: "repeatedItems", column }, `have ${name} with an item repeated`));
  }
  if (family === "object") {
    for (const key of ["required", "minProperties", "maxProperties"] as const) {
      if (options[key] !== undefined) checks.push(notChecked(key, "schema-column-type", "of an object is not checked: meshkit reads an object's fields from its declared properties"));
    }
  }
  if (family === "number" && options.format !== undefined && String(options.format).trim().toLowerCase() !== "f64") {
    // A double holds every f64; f32 would need its rounding too, not only its range.
    checks.push(notChecked("format", "schema-format", "of a number is not checked (only `f64`, which every double holds)"));
  }
  if (family === "integer" && options.format !== undefined && !/^[iu](8|16|32|64|128)$/.test(String(options.format).trim().toLowerCase())) {
    checks.push(notChecked("format", "schema-format", "is not an integer format meshkit checks (i8 … i128, u8 … u128)"));
  }
  if (family === "time" && options.format !== undefined) {
    checks.push(notChecked("format", "schema-format", "of a time is not checked"));
  }
  if (family === "array") {
    for (const [key, operator, word] of [
      ["minItems", "<", "fewer"],
      ["maxItems", ">", "more"],
    ] as const) {
      const value = options[key];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || (value as number) < 0) checks.push(invalid(key, "schema-items", "must be a whole number of items"));
      else checks.push(rowCheck(key, "schema-items", { kind: "itemCount", column, operator, value: value as number }, `have ${name} with ${word} than ${plural(value as number, "item")}`));
    }
  }
  if (family === "integer" || family === "number" || family === "date" || family === "timestamp" || family === "time") {
    const bound = (key: string, written: unknown, operator: "<" | "<=" | ">" | ">=", word: string): Check => {
      const value = exactNumber(written, pointer(key), sourceAt);
      const literal = boundLiteral(family, value);
      if (!literal) return invalid(key, "schema-range", family === "integer" || family === "number" ? "must be a number" : (temporalBoundProblem(family, written) ?? `must be a ${family}`));
      const dayStart = family === "time" && typeof value === "string" ? readIsoTime(value)?.dayStart : undefined;
      const compare: RowCondition = { kind: "compare", column, operator, value: literal, ...(family === "number" ? { float: true } : {}), ...(dayStart !== undefined ? { dayStart: { type: "time", value: dayStart } } : {}) };
      return rowCheck(key, "schema-range", compare, `have ${name} ${word} ${String(value)}`);
    };
    for (const [key, flag, operator, exclusiveOperator, word, exclusiveWord] of [
      ["minimum", "exclusiveMinimum", "<", "<=", "below the minimum", "at or below the exclusive minimum"],
      ["maximum", "exclusiveMaximum", ">", ">=", "above the maximum", "at or above the exclusive maximum"],
    ] as const) {
      // ODCS v3.0.x: exclusiveMinimum/exclusiveMaximum are booleans making minimum/maximum exclusive
      // (`false` is the default); from v3.1.0 they are bounds of their own (values > n, values < n).
      const exclusive = options[flag] === true;
      if (options[key] !== undefined) checks.push(exclusive ? bound(key, options[key], exclusiveOperator, exclusiveWord) : bound(key, options[key], operator, word));
      else if (exclusive) checks.push(invalid(flag, "schema-range", `is true, which makes \`${key}\` exclusive, but there is no \`${key}\``));
      if (options[flag] !== undefined && typeof options[flag] !== "boolean") checks.push(bound(flag, options[flag], exclusiveOperator, exclusiveWord));
    }
  }
  if (family === "date" || family === "timestamp") checks.push(...planTemporalReading(options, family, plan, notChecked, invalid));
  const range = family === "integer" ? integerFormatRange(options.format) : undefined;
  if (range) {
    const below: RowCondition = { kind: "compare", column, operator: "<", value: numberLiteral(range.min)! };
    const outside: RowCondition = range.max === undefined ? below : { kind: "anyOf", conditions: [below, { kind: "compare", column, operator: ">", value: numberLiteral(range.max)! }] };
    const held = range.max === undefined ? "negative" : `outside ${String(options.format).trim()} (${range.min} to ${range.max})`;
    checks.push(rowCheck("format", "schema-format", outside, `have ${name} ${held}`));
  }
  if ((family === "integer" || family === "number") && options.multipleOf !== undefined) {
    const divisor = options.multipleOf;
    const written = exactNumber(divisor, pointer("multipleOf"), sourceAt);
    if (typeof divisor !== "number" || !Number.isFinite(divisor) || divisor <= 0) checks.push(invalid("multipleOf", "schema-range", "must be a number greater than 0"));
    // A remainder by the nearest double would count other rows: said, not measured wrongly.
    else if (typeof written === "bigint") checks.push(invalid("multipleOf", "schema-range", `is ${written}, a whole number beyond 2^53, which is not checked exactly`));
    else if (written instanceof ExactDecimal) checks.push(invalid("multipleOf", "schema-range", `is ${written.text}, with more significant digits than a double holds, which is not checked exactly`));
    else {
      const exact = family === "integer" && Number.isInteger(divisor);
      const places = decimalDigits(decimalOfNumber(divisor).text).scale;
      // A remainder of decimals keeps REMAINDER_DECIMAL_PLACES places: 1e-20 would be 0 (PostgreSQL stops the
      // scan at the division by zero, DuckDB counts no row) and 1.5e-10 another divisor.
      if (!exact && places > REMAINDER_DECIMAL_PLACES) {
        checks.push(invalid("multipleOf", "schema-range", `is ${String(divisor)}, with ${places} decimal places, more than the ${REMAINDER_DECIMAL_PLACES} a remainder is taken with, which is not checked exactly`));
      } else {
        // A remainder of decimals is not taken of values beyond what the decimals hold: they count, and say so.
        const beyond = exact ? "" : ` or too large for a remainder (magnitude ${REMAINDER_LIMIT} or more)`;
        checks.push(rowCheck("multipleOf", "schema-range", { kind: "notMultiple", column, divisor, exact }, `have ${name} not a multiple of ${String(divisor)}${beyond}`));
      }
    }
  }
  return checks;
}

/** JSON Schema's format names for ISO 8601 (RFC 3339) dates and date-times: a date or timestamp property reads its text so by default. */
const ISO_FORMAT_NAMES: ReadonlySet<string> = new Set(["date-time", "date"]);

/**
 * A date or timestamp property's `format` and `defaultTimezone`, kept on its plan for the runner (see
 * TemporalReading). What cannot be applied is a check of its own: a pattern with letters strptime has no
 * equivalent for is a `quality-not-checked` warning naming them; a zone no engine knows, an invalid rule.
 */
function planTemporalReading(
  options: Record<string, unknown>,
  family: "date" | "timestamp",
  plan: PropertyPlan,
  notChecked: (key: string, ruleId: QualityRuleId, reason: string) => Check,
  invalid: (key: string, ruleId: QualityRuleId, reason: string) => Check,
): Check[] {
  const checks: Check[] = [];
  const { temporal, unsupportedLetters, unknownZone } = temporalReadingOf(options, family);
  if (unsupportedLetters !== undefined) {
    const letters = unsupportedLetters.map((u) => `\`${u}\``).join(", ");
    const reason = `is not applied: ${letters} ${unsupportedLetters.length === 1 ? "has" : "have"} no strptime equivalent, so text values are read as ISO 8601 (pattern letters read: y, u, M, L, d, H, h, a, m, s, SSS, SSSSSS, SSSSSSSSS, E, X, x, Z and quoted text)`;
    checks.push(notChecked("format", "schema-format", reason));
  }
  if (unknownZone !== undefined) {
    const reason = `${unknownTimeZoneProblem(unknownZone.zone)}: fix it (until then values without a zone are read as UTC)`;
    checks.push(invalid("defaultTimezone", "schema-column-type", reason));
  }
  if (temporal) plan.temporal = temporal;
  return checks;
}

/**
 * How a date or timestamp property's `logicalTypeOptions` have its values read: its `format` and
 * `defaultTimezone` when they can be applied (`temporal`), and what cannot be (a pattern's letters strptime
 * has no equivalent for; a zone no engine knows, read as UTC).
 */
function temporalReadingOf(
  options: Record<string, unknown>,
  family: "date" | "timestamp",
): { temporal?: TemporalReading; unsupportedLetters?: string[]; unknownZone?: { zone: unknown } } {
  const temporal: TemporalReading = {};
  const result: { temporal?: TemporalReading; unsupportedLetters?: string[]; unknownZone?: { zone: unknown } } = {};
  // JSON Schema's names for ISO 8601 text (`format: date-time`, as on a string property) say what the text is
  // read as anyway: not a DateTimeFormatter pattern whose letters `t`, `e`, `i` have no strptime equivalent.
  if (typeof options.format === "string" && options.format.trim() !== "" && !ISO_FORMAT_NAMES.has(options.format.trim().toLowerCase())) {
    const pattern = options.format.trim();
    const translated = jdkPatternToStrptime(pattern);
    if ("formats" in translated) temporal.format = { pattern, strptime: translated.formats };
    else result.unsupportedLetters = translated.unsupported;
  }
  if (family === "timestamp" && options.defaultTimezone !== undefined) {
    const zone = options.defaultTimezone;
    const known = typeof zone === "string" ? knownTimeZone(zone.trim()) : undefined;
    if (known !== undefined) temporal.defaultTimezone = known;
    else result.unknownZone = { zone };
  }
  if (temporal.format || temporal.defaultTimezone) result.temporal = temporal;
  return result;
}

/**
 * How a property's checks read its column's dates or timestamps: `text` in words (`in UTC`, `in Europe/Berlin with
 * format dd.MM.yyyy HH:mm`, `with no format`), `same` equal for two readings that read every value alike. Two
 * properties of one column that read it differently would share one reading of it, the engines' (one per column),
 * and one of them would be judged by the other's time zone. Undefined for other types.
 */
interface TemporalReadingOfColumn {
  text: string;
  /**
   * The zone by its canonical name and the format by the strptime formats it reads with: `europe/berlin` is
   * `Europe/Berlin` and `US/Eastern` `America/New_York` (the engines take either), `dd.MM.uuuu` is `dd.MM.yyyy`.
   */
  same: string;
}

function temporalReadingOfColumn(property: SchemaProperty, expected: TypeFamily | undefined): TemporalReadingOfColumn | undefined {
  if (expected !== "date" && expected !== "timestamp") return undefined;
  const options = isRecord(property.logicalTypeOptions) ? property.logicalTypeOptions : {};
  const { temporal } = isTypeFamily(property.logicalType) ? temporalReadingOf(options, expected) : {};
  const format = temporal?.format ? `with format ${temporal.format.pattern}` : undefined;
  const formatSame = JSON.stringify(temporal?.format?.strptime ?? null);
  if (expected === "date") return { text: format ?? "with no format", same: formatSame };
  const zone = temporal?.defaultTimezone ?? "UTC";
  return { text: `in ${zone}${format ? ` ${format}` : ""}`, same: `${canonicalTimeZone(zone)} ${formatSame}` };
}

/** A zone the ICU database knows (knownTimeZone) by its canonical name, as every engine resolves it. */
function canonicalTimeZone(zone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
}

/**
 * The values an ODCS integer `format` holds (Rust's integer types, `i8` … `i128`, `u8` … `u128`), as
 * bounds a scan compares exactly: numbers up to 32 bits; beyond, bigints (written as whole-number literals,
 * as a bound beyond 2^53 is), since 2^63 - 1 and 2^64 - 1 are no doubles. Even i64 is checked: integer
 * columns wider than BIGINT (HUGEINT, UBIGINT, DECIMAL(38,0), PostgreSQL's numeric(38,0)) hold values it does not.
 * So is u128's 2^128 - 1: PostgreSQL's numeric(39,0) and wider hold more (DuckDB's widest, UHUGEINT, does not; see
 * compile.ts for how it meets the other integer columns there). Undefined for anything else.
 */
export function integerFormatRange(format: unknown): { min: number | bigint; max?: number | bigint } | undefined {
  const match = typeof format === "string" ? /^([iu])(8|16|32|64|128)$/.exec(format.trim().toLowerCase()) : null;
  if (!match) return undefined;
  const bits = Number(match[2]);
  if (bits <= 32) return match[1] === "u" ? { min: 0, max: 2 ** bits - 1 } : { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 };
  const wide = BigInt(bits);
  if (match[1] === "i") return { min: -(2n ** (wide - 1n)), max: 2n ** (wide - 1n) - 1n };
  return { min: 0, max: 2n ** wide - 1n };
}

/** What a date, timestamp or time bound must look like, for the message that refuses another. */
/**
 * A bound as a literal; undefined for a value no engine reads as the family's: a date or timestamp bound
 * that is no ISO 8601 date or time of a real day (`not a date`, `2024-13-45`) would stop the whole scan
 * at its cast (the runners' and the emitted SQL alike), so it is refused here, for every engine.
 */
function boundLiteral(family: "integer" | "number" | "date" | "timestamp" | "time", value: unknown): SqlLiteral | undefined {
  if (family === "integer" || family === "number") return numberLiteral(value);
  if (typeof value !== "string") return undefined;
  if (family === "date") {
    // A date bound written with a time (`2024-01-01T00:00:00`) is that day, as the engines' casts to DATE read it.
    const timestamp = temporalLiteral("date", value) ? undefined : temporalLiteral("timestamp", value);
    return timestamp ? { type: "date", value: value.trim().slice(0, 10) } : temporalLiteral("date", value);
  }
  if (family !== "time") return temporalLiteral(family, value);
  const time = readIsoTime(value);
  if (!time) return undefined;
  // Written whole, `HH:MM:SS[.ffffff]`: BigQuery reads a TIME text in that canonical form only (`10:00` fails
  // its scan), and no engine keeps more than microseconds.
  return { type: "time", value: `${time.hour.padStart(2, "0")}:${time.minute}:${time.second ?? "00"}${(time.fraction ?? "").slice(0, 7)}` };
}

/** A number as the contract wrote it (see exactNumber) as a literal, exactly; undefined for anything else. */
export function numberLiteral(value: unknown): SqlLiteral | undefined {
  if (typeof value === "bigint") return { type: "integer", value: value.toString() };
  if (value instanceof ExactDecimal) return { type: "decimal", value: value.text };
  return typeof value === "number" && Number.isFinite(value) ? { type: "number", value } : undefined;
}

/**
 * A date or timestamp a bound or a value list writes (`minimum: '2024-01-01T00:00:00'`,
 * `missingValues: ['1900-01-01']`), as the typed literal the column is compared with: with an offset, that
 * instant (as its UTC wall clock); without, wall-clock time, read in the property's `defaultTimezone`
 * whatever the column's type, where the dialect converts zones (compile.ts). Undefined for text that is no ISO 8601 date or time of a
 * real day, and for a date with a time.
 */
export function temporalLiteral(family: "date" | "timestamp", text: string): SqlLiteral | undefined {
  const read = readIsoDateTime(text);
  if (!read) return undefined;
  const { trimmed } = read;
  if (family === "date") return read.hasTime ? undefined : { type: "date", value: trimmed };
  return { type: "timestamp", value: timestampInUtc(trimmed), ...(ZONED_TIMESTAMP.test(trimmed) ? {} : { wallClock: true as const }) };
}

const ZONED_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/**
 * A timestamp bound with a UTC offset (`2024-06-01T00:00:00+02:00`, `…Z`) as the same instant in UTC
 * without one (`2024-05-31 22:00:00`). Engines cast such text to TIMESTAMP by its wall clock, dropping
 * the offset, while a column without a time zone is read as UTC (ODCS's default `defaultTimezone`): the
 * bound would be off by the offset. Text without an offset, or that is no timestamp, is left as it is.
 */
function timestampInUtc(text: string): string {
  const match = ZONED_TIMESTAMP.exec(text);
  if (!match) return text;
  const [, year, month, day, hour, minute, second = "00", fraction = "", zulu, sign, offsetHours, offsetMinutes] = match;
  const offset = zulu ? 0 : (sign === "-" ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  // setUTCFullYear and setUTCHours: Date.UTC reads a year below 100 as 19xx (`0001-01-01T00:00:00Z`, Go's zero time).
  const utc = new Date(0);
  utc.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  utc.setUTCHours(Number(hour), Number(minute) - offset, Number(second), 0);
  if (Number.isNaN(utc.getTime())) return text;
  // Offsets are whole minutes, so the fraction of a second is kept as written (microseconds included).
  return `${utcDateTimeText(utc)}${fraction}`;
}

/**
 * `YYYY-MM-DD hh:mm:ss` of a UTC instant, as engines read timestamp text. A negative offset can carry a bound into
 * year 10000 (`9999-12-31T23:00:00-05:00`): that year is written as its digits (`10000-01-01 04:00:00`), which
 * DuckDB and PostgreSQL read, not as toISOString's `+010000-01-01T04:00:00`, which no engine does.
 */
function utcDateTimeText(utc: Date): string {
  const year = utc.getUTCFullYear();
  if (year <= 9999) return utc.toISOString().slice(0, 19).replace("T", " ");
  const two = (n: number) => String(n).padStart(2, "0");
  return `${year}-${two(utc.getUTCMonth() + 1)}-${two(utc.getUTCDate())} ${two(utc.getUTCHours())}:${two(utc.getUTCMinutes())}:${two(utc.getUTCSeconds())}`;
}

function planPrimaryKey(object: ObjectPlan, declared: readonly { property: SchemaProperty; plan: PropertyPlan }[], uniqueId: UniqueId): Check | undefined {
  // Declared positions first (1, 2, …), then key properties without one, in declaration order.
  const position = (p: SchemaProperty) => (typeof p.primaryKeyPosition === "number" && p.primaryKeyPosition > 0 ? p.primaryKeyPosition : Number.POSITIVE_INFINITY);
  const keys = declared.filter(({ property }) => property.primaryKey === true).sort((a, b) => position(a.property) - position(b.property));
  const first = keys[0];
  if (!first) return undefined;
  const single = keys.length === 1;
  return {
    id: uniqueId(single ? `${object.name}.${first.plan.name}.primaryKey` : `${object.name}.primaryKey`),
    ruleId: "schema-primary-key",
    object: object.name,
    ...(single ? { property: first.plan.name } : {}),
    pointer: `${first.plan.pointer}/primaryKey`,
    severity: "error",
    threshold: MUST_BE_ZERO,
    measure: { kind: "keyViolations", columns: keys.map((k) => k.plan.column) },
  };
}
