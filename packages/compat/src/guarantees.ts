import { isMapping, isQualityComparator, QUALITY_COMPARATORS, secondsPerSlaUnit } from "@meshkit/core";

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

/** The metric values a comparator accepts, as a union of intervals; undefined when it is not numeric. */
export function acceptedValues(rule: Mapping): Interval[] | undefined {
  const comparator = QUALITY_COMPARATORS.find((c) => c in rule);
  if (!comparator) return undefined;
  const v = rule[comparator];
  const closed = (lo: number, hi: number): Interval => ({ lo, hi, loOpen: false, hiOpen: false });
  const num = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
  const pair = Array.isArray(v) && v.length === 2 && num(v[0]) && num(v[1]) ? [Math.min(v[0], v[1]), Math.max(v[0], v[1])] as const : undefined;
  switch (comparator) {
    case "mustBe":
      return num(v) ? [closed(v, v)] : undefined;
    case "mustNotBe":
      return num(v) ? [{ lo: -Infinity, hi: v, loOpen: true, hiOpen: true }, { lo: v, hi: Infinity, loOpen: true, hiOpen: true }] : undefined;
    case "mustBeGreaterThan":
      return num(v) ? [{ lo: v, hi: Infinity, loOpen: true, hiOpen: true }] : undefined;
    case "mustBeGreaterOrEqualTo":
      return num(v) ? [{ lo: v, hi: Infinity, loOpen: false, hiOpen: true }] : undefined;
    case "mustBeLessThan":
      return num(v) ? [{ lo: -Infinity, hi: v, loOpen: true, hiOpen: true }] : undefined;
    case "mustBeLessOrEqualTo":
      return num(v) ? [{ lo: -Infinity, hi: v, loOpen: true, hiOpen: false }] : undefined;
    case "mustBeBetween":
      return pair ? [closed(pair[0], pair[1])] : undefined;
    case "mustNotBeBetween":
      return pair ? [{ lo: -Infinity, hi: pair[0], loOpen: true, hiOpen: true }, { lo: pair[1], hi: Infinity, loOpen: true, hiOpen: true }] : undefined;
  }
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
const SEVERITY_RANK: Record<string, number> = { info: 0, warning: 1, error: 2 };

/** How a quality rule changed between versions (the same rule, matched by id, name or metric). */
export function compareQualityRule(before: Mapping, after: Mapping): GuaranteeRelation {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const differing = [...keys].filter((k) => canonical(before[k]) !== canonical(after[k]));
  if (differing.length === 0) return "same";
  if (differing.every((k) => DESCRIPTIVE.has(k))) return "description";
  const semantic = differing.filter((k) => !DESCRIPTIVE.has(k) && !isQualityComparator(k) && k !== "severity");
  if (semantic.length > 0) return "changed";
  // Only the comparator and/or the severity changed.
  const relations: GuaranteeRelation[] = [];
  if (differing.some(isQualityComparator)) {
    const a = acceptedValues(before);
    const b = acceptedValues(after);
    if (!a || !b) return "changed";
    const wider = within(a, b);
    const narrower = within(b, a);
    relations.push(wider && narrower ? "same" : wider ? "relaxed" : narrower ? "tightened" : "changed");
  }
  if (differing.includes("severity")) {
    const x = SEVERITY_RANK[String(before.severity ?? "error")];
    const y = SEVERITY_RANK[String(after.severity ?? "error")];
    relations.push(x === undefined || y === undefined ? "changed" : y < x ? "relaxed" : y > x ? "tightened" : "same");
  }
  return combine(relations);
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

/** A comparable number for an SLA value: durations in seconds, dates in ms, percentages, times of day in minutes. */
function slaMagnitude(sla: Mapping): number | undefined {
  const value = sla.value;
  const unit = typeof sla.unit === "string" ? sla.unit : undefined;
  const seconds = unit ? secondsPerSlaUnit(unit) : undefined;
  if (typeof value === "number") return seconds !== undefined ? value * seconds : unit && unit !== "%" && unit !== "percent" ? undefined : value;
  if (typeof value !== "string") return undefined;
  const percent = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (percent) return Number(percent[1]);
  const time = /^(\d{1,2}):(\d{2})/.exec(value);
  if (time && sla.property === "timeOfAvailability") return Number(time[1]) * 60 + Number(time[2]);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date;
}

/** How an SLA property changed (the same property on the same element). */
export function compareSla(before: Mapping, after: Mapping): GuaranteeRelation {
  const core = (m: Mapping) => canonical({ value: m.value, unit: m.unit, valueExt: m.valueExt });
  if (core(before) === core(after)) return canonical(before) === canonical(after) ? "same" : "description";
  const direction = STRONGER_WHEN_LARGER[String(after.property)];
  const a = slaMagnitude(before);
  const b = slaMagnitude(after);
  if (direction === undefined || a === undefined || b === undefined) return "changed";
  if (a === b) return "same";
  return Math.sign(b - a) === direction ? "tightened" : "relaxed";
}

/** Bounds of logicalTypeOptions: +1 when a larger value accepts more (upper bounds), -1 when fewer. */
const BOUNDS: Record<string, 1 | -1> = {
  maxLength: 1,
  maximum: 1,
  exclusiveMaximum: 1,
  maxItems: 1,
  maxProperties: 1,
  minLength: -1,
  minimum: -1,
  exclusiveMinimum: -1,
  minItems: -1,
  minProperties: -1,
};

/**
 * Options that are off unless true, and accept fewer values when on: `uniqueItems` (arrays), and the
 * ODCS 3.0.x `exclusiveMaximum` / `exclusiveMinimum` flags (in 3.1 they are bounds of their own).
 */
const FLAGS = new Set(["uniqueItems", "exclusiveMaximum", "exclusiveMinimum"]);

/** A bound as a number: numbers, times of day (HH:mm[:ss], in seconds) and dates (ODCS 3.1 date/timestamp bounds are strings). */
function boundValue(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  const time = /^(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(value);
  if (time) return Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3] ?? 0);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date;
}

/** Whether `a` is a whole multiple of `b` (multipleOf 0.1 is a multiple of 0.01, despite floating point). */
function isMultiple(a: number, b: number): boolean {
  const ratio = a / b;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

/** How a constraint changed: the new one accepts more values (loosened), fewer (tightened), or neither. */
export type ConstraintRelation = "same" | "loosened" | "tightened" | "changed";

/**
 * How one logicalTypeOptions entry changed, `undefined` meaning absent: adding a constraint tightens,
 * removing one loosens; bounds compare by value, `multipleOf` by divisibility, object `required` as a set
 * of keys; a pattern, format or anything else that changed is `changed`.
 */
export function relateConstraint(key: string, before: unknown, after: unknown): ConstraintRelation {
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
  if (key === "multipleOf" && typeof before === "number" && typeof after === "number" && before > 0 && after > 0) {
    return isMultiple(after, before) ? "tightened" : isMultiple(before, after) ? "loosened" : "changed";
  }
  const direction = BOUNDS[key];
  const x = boundValue(before);
  const y = boundValue(after);
  if (direction === undefined || x === undefined || y === undefined || typeof before !== typeof after) return "changed";
  return x === y ? "same" : Math.sign(y - x) === direction ? "loosened" : "tightened";
}

export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isMapping(value)) return `{${Object.keys(value).sort().filter((k) => value[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  return JSON.stringify(value) ?? "null";
}
