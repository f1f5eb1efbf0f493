import { type Severity, isMapping, isoDurationSeconds, isoInstant, isQualityComparator, normalizedQualityRule, numberInText, odcsSlaProperty, ownValue, QUALITY_COMPARATORS, readQualityUnit, ruleSeverity, secondsPerSlaUnit, slaValueNumber, timeBoundSeconds } from "@meshkit/core";

type Mapping = Record<string, unknown>;

/** Classifications from least to most sensitive; an unknown one counts as more sensitive than any known. */
export const CLASSIFICATION_ORDER = ["public", "internal", "confidential", "sensitive", "restricted", "secret"];

/** How a guarantee changed: the new one accepts more (relaxed), less (tightened), or neither. */
export type GuaranteeRelation = "same" | "relaxed" | "tightened" | "changed" | "description";

interface Interval {
  lo: number;
  hi: number;
  loOpen: boolean;
  hiOpen: boolean;
}

/**
 * The values a rule's comparisons accept, as a union of intervals: all of them must hold (ODCS 3.0 writes
 * a range as `mustBeGreaterThan` with `mustBeLessThan`), within what its metric can measure (a count of
 * rows is a whole number, a percent is 0–100). Undefined when a comparison is not numeric.
 */
export function acceptedValues(rule: Mapping): Interval[] | undefined {
  const present = QUALITY_COMPARATORS.filter((c) => c in rule);
  if (present.length === 0) return undefined;
  let accepted: Interval[] = [{ lo: -Infinity, hi: Infinity, loOpen: true, hiOpen: true }];
  const domain = metricDomain(rule);
  for (const comparator of present) {
    const values = comparatorValues(comparator, rule[comparator], domain !== undefined);
    if (!values) return undefined;
    accepted = intersect(accepted, values);
  }
  return merged(measurable(accepted, domain), domain === "rows");
}

/** `counts`: the rule's metric counts rows (a library metric), whose `mustBe: '0'` contract-test reads as the number 0. */
function comparatorValues(comparator: (typeof QUALITY_COMPARATORS)[number], v: unknown, counts: boolean): Interval[] | undefined {
  const closed = (lo: number, hi: number): Interval => ({ lo, hi, loOpen: false, hiOpen: false });
  const num = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
  const pair = Array.isArray(v) && v.length === 2 && num(v[0]) && num(v[1]) ? [Math.min(v[0], v[1]), Math.max(v[0], v[1])] as const : undefined;
  switch (comparator) {
    // `mustBe` and `mustNotBe` may be text (ODCS gives them no type): contract-test reads a count's `'0'` as the
    // number it spells (a SQL rule's text result is compared with text as written, so there it stays text).
    case "mustBe": {
      const n = equalityNumber(v, counts);
      return n === undefined ? undefined : [closed(n, n)];
    }
    case "mustNotBe": {
      const n = equalityNumber(v, counts);
      return n === undefined ? undefined : [{ lo: -Infinity, hi: n, loOpen: true, hiOpen: true }, { lo: n, hi: Infinity, loOpen: true, hiOpen: true }];
    }
    case "mustBeGreaterThan":
      return num(v) ? [{ lo: v, hi: Infinity, loOpen: true, hiOpen: true }] : undefined;
    case "mustBeGreaterOrEqualTo":
      return num(v) ? [{ lo: v, hi: Infinity, loOpen: false, hiOpen: true }] : undefined;
    case "mustBeLessThan":
      return num(v) ? [{ lo: -Infinity, hi: v, loOpen: true, hiOpen: true }] : undefined;
    case "mustBeLessOrEqualTo":
      return num(v) ? [{ lo: -Infinity, hi: v, loOpen: true, hiOpen: false }] : undefined;
    // ODCS: mustBeBetween is mustBeGreaterThan and mustBeLessThan (bounds excluded); mustNotBeBetween its complement.
    case "mustBeBetween":
      return pair ? [{ lo: pair[0], hi: pair[1], loOpen: true, hiOpen: true }] : undefined;
    case "mustNotBeBetween":
      return pair ? [{ lo: -Infinity, hi: pair[0], loOpen: true, hiOpen: false }, { lo: pair[1], hi: Infinity, loOpen: false, hiOpen: true }] : undefined;
  }
}

/** The number a `mustBe` / `mustNotBe` compares with: a finite number, or for a count text that spells one (`'5'`). */
function equalityNumber(v: unknown, counts: boolean): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  return counts && typeof v === "string" ? numberInText(v) : undefined;
}

/** The values both unions accept. */
function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const lo = Math.max(x.lo, y.lo);
      const hi = Math.min(x.hi, y.hi);
      const loOpen = x.lo === y.lo ? x.loOpen || y.loOpen : x.lo > y.lo ? x.loOpen : y.loOpen;
      const hiOpen = x.hi === y.hi ? x.hiOpen || y.hiOpen : x.hi < y.hi ? x.hiOpen : y.hiOpen;
      if (lo < hi || (lo === hi && !loOpen && !hiOpen)) out.push({ lo, hi, loOpen, hiOpen });
    }
  }
  return out;
}

/** Library metrics that count rows (as a number of rows, or a percent of them). */
const COUNTING_METRICS = new Set(["nullvalues", "missingvalues", "invalidvalues", "duplicatevalues", "rowcount"]);

/** What a rule measures: whole numbers of rows, a percent, or (a SQL rule, another metric) any number. */
function metricDomain(rule: Mapping): "rows" | "percent" | undefined {
  const metric = typeof rule.metric === "string" ? rule.metric : typeof rule.rule === "string" ? rule.rule : undefined;
  if (metric === undefined || !COUNTING_METRICS.has(metric.trim().toLowerCase())) return undefined;
  return readQualityUnit(rule.unit) === "percent" ? "percent" : "rows";
}

/**
 * The accepted values a metric can measure: `mustBe: 0`, `mustBeLessOrEqualTo: 0` and `mustBeLessThan: 1`
 * accept the same null counts (none), so rewriting one as another neither relaxes nor tightens the rule.
 */
function measurable(accepted: Interval[], domain: "rows" | "percent" | undefined): Interval[] {
  if (domain === undefined) return accepted;
  const range = intersect(accepted, [{ lo: 0, hi: domain === "percent" ? 100 : Infinity, loOpen: false, hiOpen: domain === "rows" }]);
  if (domain === "percent") return range;
  // Whole numbers of rows: each interval as the closed range of the counts it holds.
  return range.flatMap(({ lo, hi, loOpen, hiOpen }) => {
    const first = loOpen ? Math.floor(lo) + 1 : Math.ceil(lo);
    const last = hiOpen ? Math.ceil(hi) - 1 : Math.floor(hi);
    return first <= last ? [{ lo: first, hi: last, loOpen: false, hiOpen: false }] : [];
  });
}

/**
 * The same values as disjoint intervals, none touching another. `within` compares interval by interval,
 * so a union written in pieces that meet (`mustNotBeBetween: [5, 5]` is ≤ 5 or ≥ 5: every value; counts
 * 0–5 and 6–∞ are every count) must be one piece, or a range it covers would not be found within it.
 */
function merged(intervals: Interval[], wholeNumbers: boolean): Interval[] {
  const sorted = [...intervals].sort((x, y) => x.lo - y.lo || Number(x.loOpen) - Number(y.loOpen));
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out.at(-1);
    const meets =
      last !== undefined &&
      (next.lo < last.hi || (next.lo === last.hi && !(next.loOpen && last.hiOpen)) || (wholeNumbers && next.lo === last.hi + 1));
    if (!last || !meets) {
      out.push({ ...next });
      continue;
    }
    if (next.hi > last.hi || (next.hi === last.hi && !next.hiOpen)) {
      last.hi = next.hi;
      last.hiOpen = next.hiOpen;
    }
  }
  return out;
}

function intervalWithin(a: Interval, b: Interval): boolean {
  const loOk = a.lo > b.lo || (a.lo === b.lo && (!b.loOpen || a.loOpen));
  const hiOk = a.hi < b.hi || (a.hi === b.hi && (!b.hiOpen || a.hiOpen));
  return loOk && hiOk;
}

/** Whether every value `a` accepts is accepted by `b`. */
export function within(a: Interval[], b: Interval[]): boolean {
  return a.every((x) => b.some((y) => intervalWithin(x, y)));
}

/** Fields of a quality rule that only document it. */
const DESCRIPTIVE = new Set(["id", "name", "description", "dimension", "businessImpact", "schedule", "scheduler", "tags", "customProperties", "authoritativeDefinitions", "method"]);

/** Whether a field of a quality rule only describes it (a change there is description-changed). */
export function isDescriptiveQualityField(key: string): boolean {
  return DESCRIPTIVE.has(key);
}
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * An SQL rule's query as it runs: whitespace before and after it is no part of any statement, so a query moved to a
 * YAML block (`query: |`, which ends it with a line break) or out of one is the same query. Between tokens a run of
 * whitespace is one separator, so a query over several lines written on one (or folded, `query: >`) is the same
 * too; but only where no text, quoted name or comment could hold that whitespace (`'on  hold'`, a `--` comment
 * ended by its line break): a query with quotes, a comment or `$` is compared as written, trimmed.
 */
export function sqlQueryText(query: unknown): unknown {
  if (typeof query !== "string") return query;
  const text = query.trim();
  return /['"`$#]|--|\/\*/.test(text) ? text : text.replace(/\s+/g, " ");
}

/**
 * The metric a library rule measures, for pairing rules across versions: a `nullValues` rule counts what a
 * `missingValues` rule listing only `null` counts (as contract-test reads both), so the two are one metric.
 */
export function measuredMetric(metric: unknown): unknown {
  return typeof metric === "string" && metric.trim().toLowerCase() === "nullvalues" ? "missingValues" : metric;
}

/**
 * A rule read as what it measures: an SQL rule's query without the whitespace around it (sqlQueryText); a
 * `nullValues` rule as the `missingValues` rule that counts only `null`, and a `missingValues` rule without a list
 * as the one listing contract-test's default, `[null, ""]` (so `nullValues` → `missingValues` counts more: tightened
 * under an upper bound, as a value added to the list is); and an object's `duplicateValues` rule's
 * `arguments.properties` as a set: the rule counts the rows that repeat that combination of columns, which has no
 * order (contract-test groups by them), so `[order_id, line_no]` → `[line_no, order_id]` is the same rule.
 */
function measuredRule(written: Mapping): Mapping {
  const rule = typeof written.query === "string" ? { ...written, query: sqlQueryText(written.query) } : written;
  const metric = typeof rule.metric === "string" ? rule.metric.trim().toLowerCase() : undefined;
  const args = isMapping(rule.arguments) ? rule.arguments : {};
  if (metric === "nullvalues") return { ...rule, metric: "missingValues", arguments: { ...args, missingValues: [null] } };
  if (metric === "missingvalues") return { ...rule, metric: "missingValues", arguments: { ...args, missingValues: args.missingValues ?? [null, ""] } };
  if (metric !== "duplicatevalues" || !isMapping(rule.arguments)) return rule;
  const columns = rule.arguments.properties;
  if (!Array.isArray(columns) || !columns.every((column) => typeof column === "string")) return rule;
  return { ...rule, arguments: { ...rule.arguments, properties: [...new Set(columns)].sort() } };
}

/** What a property's flags promise that a library rule can say too: no null (`required`), no value twice (`unique`). */
export type RestatedFlag = "required" | "unique";

/**
 * The flag a property's quality rule restates, as contract-test checks both with one query: a `nullValues` rule
 * (or a `missingValues` rule counting only `null`) that accepts no row is `required: true`, a `duplicateValues` rule
 * that accepts none is `unique: true` (the rows repeating a non-null value), in rows or percent (0 rows is 0 %).
 * `promise`: the rule says what the flag says, no less (it accepts only none, and fails the run, severity error);
 * otherwise it is enough that the flag's data meets the rule (it accepts none among others: `mustBeLessThan: 5`),
 * so the rule adds nothing to the flag. Undefined for any other rule (an SQL one, other arguments, a lower bound).
 */
export function restatedFlag(written: Mapping, promise: boolean): RestatedFlag | undefined {
  const rule = countingRule(written, promise);
  if (rule === undefined) return undefined;
  const args = rule.arguments === undefined ? {} : rule.arguments;
  if (rule.metric === "missingValues" && canonical(args) === canonical({ missingValues: [null] })) return "required";
  return rule.metric === "duplicateValues" && canonical(args) === "{}" ? "unique" : undefined;
}

/**
 * The columns an object's `duplicateValues` rule over `arguments.properties` makes unique together, when it accepts
 * no row (restatedFlag reads `promise`): the rule counts rows repeating that combination with nulls equal, leaving
 * out those whose columns are all null, as contract-test groups them, so over required columns it promises what a
 * primary key of them does, and over one column, required or not, that column's `unique: true` (nulls never repeat).
 */
export function restatedUniqueColumns(written: Mapping, promise: boolean): string[] | undefined {
  const rule = countingRule(written, promise);
  if (rule?.metric !== "duplicateValues" || !isMapping(rule.arguments)) return undefined;
  const { properties, ...others } = rule.arguments;
  const named = Array.isArray(properties) && properties.length > 0 && properties.every((name) => typeof name === "string");
  return Object.keys(others).length === 0 && named ? (properties as string[]) : undefined;
}

/** A library rule as it measures (measuredRule) when it accepts no row (see restatedFlag's `promise`), else undefined. */
function countingRule(written: Mapping, promise: boolean): Mapping | undefined {
  const normalized = normalizedQualityRule(written);
  if (normalized.type !== "library" || typeof normalized.metric !== "string") return undefined;
  const rule = measuredRule(normalized);
  const known = new Set(["type", "metric", "arguments", "unit", "severity", ...QUALITY_COMPARATORS]);
  if (Object.keys(rule).some((key) => !known.has(key) && !DESCRIPTIVE.has(key))) return undefined;
  const accepted = acceptedValues(rule);
  if (!accepted || !within(NONE, accepted)) return undefined;
  if (promise && (!within(accepted, NONE) || ruleSeverity(rule.severity) !== "error")) return undefined;
  return rule;
}

/** How a quality rule changed between versions (the same rule, matched by id, name or metric). */
export function compareQualityRule(writtenBefore: Mapping, writtenAfter: Mapping): GuaranteeRelation {
  const [before, after] = [measuredRule(writtenBefore), measuredRule(writtenAfter)];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const differing = [...keys].filter((k) => canonical(before[k]) !== canonical(after[k]));
  // Written another way (columns reordered) that measures the same: the released document still changed.
  if (differing.length === 0) return canonical(writtenBefore) === canonical(writtenAfter) ? "same" : "description";
  if (differing.every((k) => DESCRIPTIVE.has(k))) return "description";
  const semantic = differing.filter((k) => !DESCRIPTIVE.has(k) && !isQualityComparator(k) && k !== "severity");
  const relations: GuaranteeRelation[] = [];
  // Between rows and percent the comparisons are on two scales: unitChangeRelation compares them whole.
  const unitChanged = semantic.length === 1 && semantic[0] === "unit";
  if (semantic.length === 1 && semantic[0] === "arguments" && !differing.some(isQualityComparator)) {
    const counted = missingValuesRelation(before, after);
    if (counted === undefined) return "changed";
    relations.push(counted);
  } else if (unitChanged) {
    const across = unitChangeRelation(before, after);
    if (across === undefined) return "changed";
    relations.push(across);
  } else if (semantic.length > 0) return "changed";
  // Otherwise only the comparator and/or the severity changed.
  if (differing.some(isQualityComparator) && !unitChanged) {
    const a = acceptedValues(before);
    const b = acceptedValues(after);
    if (!a || !b) return "changed";
    const wider = within(a, b);
    const narrower = within(b, a);
    relations.push(wider && narrower ? "same" : wider ? "relaxed" : narrower ? "tightened" : "changed");
  }
  if (differing.includes("severity")) {
    // Read as contract-test reads it, so only what changes whether a failure fails the run counts:
    // `error` → `ERROR` or `critical` (both fail it) is the same rule, `error` → `warn` a relaxed one.
    const x = SEVERITY_RANK[ruleSeverity(before.severity)];
    const y = SEVERITY_RANK[ruleSeverity(after.severity)];
    relations.push(y < x ? "relaxed" : y > x ? "tightened" : "same");
  }
  // The comparisons were rewritten but accept the same values (`mustBe: 0` → `mustBeLessThan: 1` rows).
  const relation = combine(relations);
  return relation === "same" ? "description" : relation;
}

/** The one count a rule accepts when it accepts no row at all: 0 rows, which is 0 %. */
const NONE: Interval[] = [{ lo: 0, hi: 0, loOpen: false, hiOpen: false }];

/**
 * A counting rule (nullValues, invalidValues, …) moved between `rows` and `percent`: the two scales meet only
 * at zero (no row is 0 % of the rows, in a dataset of any size), so a rule that accepts exactly none on one
 * side is compared with the other by whether that accepts none too: `mustBe: 0` rows → `mustBe: 0` percent is
 * the same rule, → `mustBeLessThan: 5` percent accepts more (relaxed). Undefined when neither side accepts
 * exactly none (5 rows and 5 % are not comparable), or for a rowCount, which counts no share of rows.
 */
function unitChangeRelation(before: Mapping, after: Mapping): GuaranteeRelation | undefined {
  const [was, now] = [metricDomain(before), metricDomain(after)];
  const metric = typeof before.metric === "string" ? before.metric.trim().toLowerCase() : undefined;
  if (was === undefined || now === undefined || was === now || metric === "rowcount") return undefined;
  const [a, b] = [acceptedValues(before), acceptedValues(after)];
  if (!a || !b) return undefined;
  const onlyNone = (accepted: Interval[]) => within(accepted, NONE) && accepted.length > 0;
  if (onlyNone(a) && onlyNone(b)) return "same";
  if (onlyNone(a)) return within(NONE, b) ? "relaxed" : "changed";
  if (onlyNone(b)) return within(NONE, a) ? "tightened" : "changed";
  return undefined;
}

/**
 * A `missingValues` rule whose list of values that count as missing (`arguments.missingValues`) is all that
 * changed, its comparisons the same: more values counted (`[null, ""]` → `[null, "", "N/A"]`) gives each dataset
 * a count as high or higher, so a rule that bounds the count from above (`mustBe: 0`, `mustBeLessThan: 5`)
 * accepts fewer datasets (tightened) and one that bounds it from below accepts more (relaxed); fewer values
 * counted, the other way. Undefined when that cannot be said (other arguments, lists that are neither
 * larger nor smaller, or comparisons that bound the count on both sides).
 */
function missingValuesRelation(before: Mapping, after: Mapping): GuaranteeRelation | undefined {
  if (typeof before.metric !== "string" || before.metric.trim().toLowerCase() !== "missingvalues" || before.metric !== after.metric) return undefined;
  const [b, a] = [before.arguments, after.arguments];
  if (!isMapping(b) || !isMapping(a)) return undefined;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  if ([...keys].some((k) => k !== "missingValues" && canonical(b[k]) !== canonical(a[k]))) return undefined;
  if (!Array.isArray(b.missingValues) || !Array.isArray(a.missingValues)) return undefined;
  const [was, now] = [new Set(b.missingValues.map(canonical)), new Set(a.missingValues.map(canonical))];
  const more = [...was].every((v) => now.has(v));
  const fewer = [...now].every((v) => was.has(v));
  if (more && fewer) return "same";
  if (!more && !fewer) return undefined;
  const accepted = acceptedValues(after);
  const domain = metricDomain(after);
  if (accepted?.length !== 1 || domain === undefined) return undefined;
  const [{ lo, hi, loOpen, hiOpen }] = accepted as [Interval];
  const fromZero = lo === 0 && !loOpen;
  const toTop = domain === "percent" ? hi === 100 && !hiOpen : hi === Infinity;
  if (fromZero && toTop) return "same";
  if (fromZero) return more ? "tightened" : "relaxed";
  if (toTop) return more ? "relaxed" : "tightened";
  return undefined;
}

function combine(relations: GuaranteeRelation[]): GuaranteeRelation {
  const set = new Set(relations.filter((r) => r !== "same"));
  if (set.size === 0) return "same";
  if (set.size === 1) return [...set][0]!;
  return "changed";
}


/** For each SLA property, whether a larger value is a stronger (+1) or weaker (-1) promise. */
const STRONGER_WHEN_LARGER: Record<string, 1 | -1> = {
  latency: -1,
  freshness: -1,
  frequency: -1,
  timeToDetect: -1,
  timeToNotify: -1,
  timeToRepair: -1,
  errorRate: -1,
  retention: 1,
  availability: 1,
  throughput: 1,
  endOfSupport: 1,
  endOfLife: 1,
  generalAvailability: -1,
  timeOfAvailability: -1,
};

/**
 * The name of an SLA property as meshkit knows it: ODCS says the names "are case-insensitive" and
 * gives each a synonym (`ly` is `latency`), so `Latency` and `ly` are the same promise. An unknown
 * name is kept as written.
 */
export function slaPropertyName(property: unknown): string {
  const name = String(property);
  return odcsSlaProperty(name) ?? name;
}

/**
 * A comparable number for an SLA value: durations in seconds, dates in ms, percentages, times of day in minutes (UTC).
 * With `ownUnit` its unit is one meshkit has no scale for, written the same on the other side: the number as written.
 */
function slaMagnitude(sla: Mapping, ownUnit = false): number | undefined {
  // A number written as text ("99.9", "2e1") is that number, as lint, contract-test and provision read it (core's
  // slaValueNumber: not "0x2" or "Infinity"), and not a date Date.parse would find in it.
  const value = typeof sla.value === "string" ? (slaValueNumber(sla.value) ?? sla.value) : sla.value;
  // An ISO 8601 duration (`PT24H`) holds its unit: what lint and contract-test say to write instead (`24` `h`) is the same promise.
  const iso = isoDurationSeconds(value);
  if (iso !== undefined) return iso;
  const unit = typeof sla.unit === "string" && !ownUnit ? sla.unit : undefined;
  const seconds = unit ? secondsPerSlaUnit(unit) : undefined;
  if (typeof value === "number") return seconds !== undefined ? value * seconds : unit && unit !== "%" && unit !== "percent" ? undefined : value;
  if (typeof value !== "string") return undefined;
  const percent = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (percent) return Number(percent[1]);
  if (slaPropertyName(sla.property) === "timeOfAvailability") return timeOfDay(value);
  return isoInstant(value);
}

/**
 * A time of day (`09:00`, `09:00:30`, `07:00+02:00`, `05:00Z`) in minutes since midnight UTC, so that
 * one instant written with two offsets is one value; a time without an offset is read as UTC. Not
 * wrapped to 0–1440: `01:00+02:00` is -60, still before `00:30Z`.
 */
function timeOfDay(value: string): number | undefined {
  const time = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/i.exec(value);
  if (!time) return undefined;
  const offset = time[4] && time[4].toUpperCase() !== "Z" ? /^([+-])(\d{2}):?(\d{2})?$/.exec(time[4]) : undefined;
  const offsetMinutes = offset ? (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) : 0;
  return Number(time[1]) * 60 + Number(time[2]) + Number(time[3] ?? 0) / 60 - offsetMinutes;
}

/** Whether an SLA value has a duration unit (`d`, `hours`) or is an ISO 8601 duration (`PT4H`), so that slaMagnitude reads it in seconds. */
function isSlaDuration(sla: Mapping): boolean {
  return (typeof sla.unit === "string" && secondsPerSlaUnit(sla.unit) !== undefined) || isoDurationSeconds(sla.value) !== undefined;
}

/** Whether an SLA value is in percent: by its unit, or written so (`99.9 %`), as slaMagnitude reads it. */
function isSlaPercent(sla: Mapping): boolean {
  return sla.unit === "%" || sla.unit === "percent" || (typeof sla.value === "string" && /%\s*$/.test(sla.value));
}

/** SLA properties whose value is a duration (`latency: 4 h`) or a time or date (`timeOfAvailability`, `endOfLife`). */
const TIMED_SLA_PROPERTIES = new Set(["latency", "freshness", "frequency", "timeToDetect", "timeToNotify", "timeToRepair", "timeOfAvailability", "generalAvailability", "endOfSupport", "endOfLife"]);

/**
 * Whether both SLA values are in one unit meshkit has no scale for (`rows/s`, `GB`, `requests/min`: no duration, no
 * percent), written exactly the same (`Mb` is not `MB`): then their numbers are on that one scale, and compare as
 * written (`1000 rows/s` → `2000 rows/s` is more throughput), where two such units could not be compared at all.
 */
function sameOwnUnit(before: Mapping, after: Mapping): boolean {
  // A property whose value is a duration or a time (latency, frequency, endOfLife…) has its direction as one: in
  // another unit its number is no duration (`frequency: 4 runs/day` is a rate, where more is stronger).
  if (TIMED_SLA_PROPERTIES.has(slaPropertyName(after.property)) || TIMED_SLA_PROPERTIES.has(slaPropertyName(before.property))) return false;
  const unit = (sla: Mapping) => (typeof sla.unit === "string" ? sla.unit.trim() : undefined);
  const written = unit(before);
  return written !== undefined && written !== "" && written === unit(after) && secondsPerSlaUnit(written) === undefined && written !== "%" && written !== "percent";
}

/** How an SLA property changed (the same property on the same element). */
export function compareSla(before: Mapping, after: Mapping): GuaranteeRelation {
  const core = (m: Mapping) => canonical({ value: m.value, unit: m.unit, valueExt: m.valueExt });
  // The property's synonyms and case (`ly`, `Latency`) are one name: renaming it so changes nothing.
  const named = (m: Mapping) => canonical({ ...m, property: slaPropertyName(m.property) });
  if (core(before) === core(after)) return named(before) === named(after) ? "same" : "description";
  // ODCS leaves what `valueExt` extends a value with to the property, so meshkit cannot say which way it moved.
  if (canonical(before.valueExt) !== canonical(after.valueExt)) return "changed";
  // A duration on one side only (`4 d` → `4`, the unit dropped or added): seconds and a bare number are no
  // one scale, so which way it moved is unknown (ODCS gives a duration no default unit).
  if (isSlaDuration(before) !== isSlaDuration(after)) return "changed";
  // A percent on one side only (`0.999` → `99 percent`): a bare availability or error rate may be a fraction or
  // a percent, so the two numbers are on no one scale (0.999 → 99 % would read as a stronger promise).
  if (isSlaPercent(before) !== isSlaPercent(after)) return "changed";
  const direction = ownValue(STRONGER_WHEN_LARGER, slaPropertyName(after.property));
  const ownUnit = sameOwnUnit(before, after);
  const a = slaMagnitude(before, ownUnit);
  const b = slaMagnitude(after, ownUnit);
  if (direction === undefined || a === undefined || b === undefined) return "changed";
  // One magnitude in two units (`3 y` and `36 m`) may differ in the last bits of a product.
  if (Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b))) return "same";
  return Math.sign(b - a) === direction ? "tightened" : "relaxed";
}

/** Bounds of logicalTypeOptions: +1 when a larger value accepts more (upper bounds), -1 when fewer. */
const BOUNDS: Record<string, 1 | -1> = {
  maxLength: 1,
  maxItems: 1,
  maxProperties: 1,
  minLength: -1,
  minItems: -1,
  minProperties: -1,
};

/** Options that are off unless true, and accept fewer values when on. */
const FLAGS = new Set(["uniqueItems"]);

/**
 * A bound as a number on its scale: numbers; times of day in seconds into their own offset's day, as
 * contract-test compares them (core's timeBoundSeconds: `09:00+01:00` and `09:00:00+0100` are one bound, and
 * each offset's day is a scale of its own); dates (ODCS 3.1 date/timestamp bounds are strings; one without an
 * offset is in `zone`, see core's isoInstant).
 */
function boundValue(value: unknown, zone?: string): { value: number; scale: string } | undefined {
  if (typeof value === "number") return { value, scale: "number" };
  if (typeof value !== "string") return undefined;
  const time = timeBoundSeconds(value);
  if (time) return { value: time.seconds, scale: `time from ${time.dayStart ?? "00:00:00"}` };
  const instant = isoInstant(value, zone);
  return instant === undefined ? undefined : { value: instant, scale: "date" };
}

/** Whether `a` is a whole multiple of `b` (multipleOf 0.1 is a multiple of 0.01, despite floating point). */
export function isMultiple(a: number, b: number): boolean {
  const ratio = a / b;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

/** How a constraint changed: the new one accepts more values (loosened), fewer (tightened), or neither. */
export type ConstraintRelation = "same" | "loosened" | "tightened" | "changed";

/**
 * The two ends of a range. ODCS 3.1 gives each end an inclusive and an exclusive bound of its own
 * (`maximum: 10`, `exclusiveMaximum: 10`); ODCS 3.0.x made `exclusiveMaximum: true` a flag on
 * `maximum`. Either way one end is one constraint: `maximum: 10` → `exclusiveMaximum: 10` tightens
 * it, and `maximum: 10, exclusiveMaximum: true` → `exclusiveMaximum: 10` (3.0 → 3.1) keeps it.
 */
export const RANGE_ENDS = {
  lower: { inclusive: "minimum", exclusive: "exclusiveMinimum", larger: -1 },
  upper: { inclusive: "maximum", exclusive: "exclusiveMaximum", larger: 1 },
} as const;
export type RangeEnd = keyof typeof RANGE_ENDS;

interface Bound {
  value: number;
  open: boolean;
  /** What `value` is on (boundValue): bounds on two scales do not compare. */
  scale: string;
}

/** One end of the range `options` give: undefined when unbounded, "unknown" when a bound is neither a number, a date nor a time. */
function rangeBound(options: Mapping, end: RangeEnd): Bound | undefined | "unknown" {
  const { inclusive, exclusive, larger } = RANGE_ENDS[end];
  const flag = typeof options[exclusive] === "boolean";
  const written: [unknown, boolean][] = [[options[inclusive], flag && options[exclusive] === true], ...(flag ? [] : [[options[exclusive], true] as [unknown, boolean]])];
  // A timestamp's bounds without an offset are wall-clock times in its zone.
  const zone = typeof options.defaultTimezone === "string" ? options.defaultTimezone : undefined;
  let strictest: Bound | undefined;
  for (const [raw, open] of written.filter(([raw]) => raw !== undefined)) {
    const read = boundValue(raw, zone);
    if (read === undefined) return "unknown";
    const { value, scale } = read;
    const bound = { value, open, scale };
    // The end that accepts less wins: the smaller maximum, the larger minimum, exclusive at a tie.
    if (!strictest || Math.sign(strictest.value - value) === larger || (value === strictest.value && open)) strictest = bound;
  }
  return strictest;
}

/** How one end of a range changed between two sets of logicalTypeOptions. */
export function relateRangeEnd(end: RangeEnd, before: Mapping, after: Mapping): ConstraintRelation {
  const a = rangeBound(before, end);
  const b = rangeBound(after, end);
  if (a === "unknown" || b === "unknown") return "changed";
  if (a === undefined || b === undefined) return a === b ? "same" : a === undefined ? "tightened" : "loosened";
  if (a.scale !== b.scale) return "changed";
  const wider = Math.sign(b.value - a.value) * RANGE_ENDS[end].larger;
  if (wider !== 0) return wider > 0 ? "loosened" : "tightened";
  return a.open === b.open ? "same" : b.open ? "tightened" : "loosened";
}

/** The `format` an ODCS 3.1 integer has when it gives none (the JSON Schema's default). */
export const INTEGER_DEFAULT_FORMAT = "i32";

/** The `defaultTimezone` an ODCS 3.1 timestamp or time has when it gives none (the JSON Schema's default). */
export const TEMPORAL_DEFAULT_TIMEZONE = "Etc/UTC";

/**
 * The logicalTypeOptions ODCS 3.1's JSON Schema gives a default, per logical type: an option left out
 * holds that value, so writing it is no change and writing another changes it from the default. A
 * timestamp's or time's `timezone` has none in the schema, but a flag left out is off: its values carry
 * no offset (provision makes the column TIMESTAMP, not TIMESTAMPTZ), as with `timezone: false`.
 */
export const OPTION_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  integer: { format: INTEGER_DEFAULT_FORMAT },
  timestamp: { defaultTimezone: TEMPORAL_DEFAULT_TIMEZONE, timezone: false },
  time: { defaultTimezone: TEMPORAL_DEFAULT_TIMEZONE, timezone: false },
};

/**
 * The logicalTypeOptions each logical type has in ODCS v3.1.0's JSON Schema (a string's `maxLength`, an
 * array's `maxItems`): an option of one type constrains nothing of another.
 */
export const TYPE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  string: ["minLength", "maxLength", "pattern", "format"],
  date: ["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"],
  timestamp: ["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "timezone", "defaultTimezone"],
  time: ["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "timezone", "defaultTimezone"],
  integer: ["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  number: ["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  boolean: [],
  object: ["minProperties", "maxProperties", "required"],
  array: ["minItems", "maxItems", "uniqueItems"],
};

interface NumericFormat {
  kind: string;
  bits: number;
}

/** An integer or number `format` of ODCS 3.1 (Rust's types: i8 … i128, u8 … u128, f32, f64). */
function numericFormat(value: unknown): NumericFormat | undefined {
  const match = typeof value === "string" ? /^([iuf])(8|16|32|64|128)$/.exec(value) : null;
  return match ? { kind: match[1]!, bits: Number(match[2]) } : undefined;
}

/** The whole numbers an integer `format` holds (i8: −128 to 127, u8: 0 to 255); none for a float or another format. */
export function integerFormatRange(value: unknown): { minimum: number; maximum: number } | undefined {
  const format = numericFormat(value);
  if (!format || format.kind === "f") return undefined;
  return format.kind === "u" ? { minimum: 0, maximum: 2 ** format.bits - 1 } : { minimum: -(2 ** (format.bits - 1)), maximum: 2 ** (format.bits - 1) - 1 };
}

/** How a range changed as a whole, from how each of its ends did: one looser and one tighter end is `changed`. */
export function relateRange(before: Mapping, after: Mapping): ConstraintRelation {
  const ends = new Set((Object.keys(RANGE_ENDS) as RangeEnd[]).map((end) => relateRangeEnd(end, before, after)).filter((r) => r !== "same"));
  return ends.size === 0 ? "same" : ends.size === 1 ? [...ends][0]! : "changed";
}

/** Whether format `b` holds every value of `a`: i8 ⊂ i16 ⊂ …, u8 ⊂ u16 ⊂ …, u8 ⊂ i16, f32 ⊂ f64. */
function formatWithin(a: NumericFormat, b: NumericFormat): boolean {
  if (a.kind === b.kind) return a.bits <= b.bits;
  return a.kind === "u" && b.kind === "i" && a.bits < b.bits;
}

/**
 * How one logicalTypeOptions entry changed, `undefined` meaning absent: adding a constraint tightens,
 * removing one loosens; bounds compare by value, `multipleOf` by divisibility, object `required` as a set
 * of keys, an integer or number `format` by the values its bits hold; a pattern, any other format or
 * anything else that changed is `changed`. The ends of a range are compared by relateRangeEnd.
 */
export function relateConstraint(key: string, before: unknown, after: unknown): ConstraintRelation {
  // One value, written or left to its default (a defaultTimezone of Etc/UTC either way).
  if (canonical(before) === canonical(after)) return "same";
  if (FLAGS.has(key) && (typeof before === "boolean" || typeof after === "boolean")) {
    const on = (v: unknown) => v === true;
    return on(before) === on(after) ? "same" : on(after) ? "tightened" : "loosened";
  }
  if (key === "required" && (Array.isArray(before) || Array.isArray(after))) {
    const keys = (v: unknown) => new Set(Array.isArray(v) ? v.map(canonical) : []);
    const x = keys(before);
    const y = keys(after);
    const more = [...y].some((k) => !x.has(k));
    const fewer = [...x].some((k) => !y.has(k));
    return more && fewer ? "changed" : more ? "tightened" : fewer ? "loosened" : "same";
  }
  if (before === undefined) return "tightened";
  if (after === undefined) return "loosened";
  const listed = key === "pattern" ? [literalAlternatives(before), literalAlternatives(after)] : [];
  if (listed[0] && listed[1]) {
    const [x, y] = listed as [Set<string>, Set<string>];
    const more = [...y].some((v) => !x.has(v));
    const fewer = [...x].some((v) => !y.has(v));
    return more && fewer ? "changed" : more ? "loosened" : fewer ? "tightened" : "same";
  }
  if (key === "multipleOf" && typeof before === "number" && typeof after === "number" && before > 0 && after > 0) {
    return isMultiple(after, before) ? "tightened" : isMultiple(before, after) ? "loosened" : "changed";
  }
  const formats = key === "format" ? [numericFormat(before), numericFormat(after)] : [];
  if (formats[0] && formats[1]) {
    const [a, b] = formats as [NumericFormat, NumericFormat];
    const wider = formatWithin(a, b);
    const narrower = formatWithin(b, a);
    return wider && narrower ? "same" : wider ? "loosened" : narrower ? "tightened" : "changed";
  }
  const direction = ownValue(BOUNDS, key);
  const x = boundValue(before);
  const y = boundValue(after);
  if (direction === undefined || x === undefined || y === undefined || x.scale !== y.scale) return "changed";
  return x.value === y.value ? "same" : Math.sign(y.value - x.value) === direction ? "loosened" : "tightened";
}

/**
 * The values a pattern that only lists literal values accepts (`^(open|shipped|closed)$`, `^(?:a|b)$`,
 * `^open$`): ODCS has no enum for a string, so a pattern is how a contract writes one, and values added to it
 * loosen the constraint as values added to an invalidValues list do. Undefined for any other pattern
 * (classes, quantifiers, an unanchored or partly anchored one such as `^a|b$`), which meshkit cannot compare.
 */
export function literalAlternatives(pattern: unknown): Set<string> | undefined {
  if (typeof pattern !== "string") return undefined;
  const anchored = /^\^(.*)\$$/s.exec(pattern);
  if (!anchored || /(^|[^\\])(\\\\)*\\$/.test(anchored[1]!)) return undefined; // `\$` at the end is a literal dollar
  const inner = anchored[1]!;
  const group = /^\((?:\?:)?(.*)\)$/s.exec(inner);
  const body = group ? group[1]! : inner;
  const values = new Set<string>();
  for (const alternative of splitAlternatives(body, group !== null) ?? []) {
    const literal = literalText(alternative);
    if (literal === undefined) return undefined;
    values.add(literal);
  }
  return values.size > 0 ? values : undefined;
}

/** `a|b|c` at the top level; undefined when there is a `|` outside a group (only `^(a|b)$` lists values). */
function splitAlternatives(body: string, grouped: boolean): string[] | undefined {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char === "\\") {
      current += body.slice(i, i + 2);
      i++;
    } else if (char === "|") {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts.length > 1 && !grouped ? undefined : parts;
}

/** The text a regular expression without metacharacters matches (`a\.b` is `a.b`), or undefined. */
function literalText(source: string): string | undefined {
  let text = "";
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === "\\") {
      const next = source[i + 1];
      // An escaped punctuation character is itself; `\d`, `\w`, `\b`… are classes or assertions.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      text += next;
      i++;
    } else if (/[.^$*+?()[\]{}|]/.test(char)) return undefined;
    else text += char;
  }
  return text;
}

export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isMapping(value)) return `{${Object.keys(value).sort().filter((k) => value[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  return JSON.stringify(value) ?? "null";
}
