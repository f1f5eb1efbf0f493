/*
 * How single guarantees compare, as ODCS 3.x defines them: the ends of a range in both its forms,
 * integer and number formats by the values their bits hold, and SLA properties by their ODCS names.
 */
import { describe, expect, it } from "vitest";
import { compareQualityRule, compareSla, literalAlternatives, relateConstraint, relateRangeEnd, slaPropertyName } from "./guarantees.js";

describe("relateRangeEnd: one end of a range, however ODCS writes it", () => {
  it.each([
    // ODCS 3.1: an exclusive bound at the same value accepts less.
    ["upper", { maximum: 10 }, { exclusiveMaximum: 10 }, "tightened"],
    ["upper", { exclusiveMaximum: 10 }, { maximum: 10 }, "loosened"],
    ["lower", { minimum: 0 }, { exclusiveMinimum: 0 }, "tightened"],
    ["lower", { minimum: 5 }, { exclusiveMinimum: 0 }, "loosened"],
    ["upper", { exclusiveMaximum: 10 }, { maximum: 9 }, "tightened"],
    // ODCS 3.0.x flag → 3.1 bound: the same set of values.
    ["upper", { maximum: 10, exclusiveMaximum: true }, { exclusiveMaximum: 10 }, "same"],
    ["lower", { minimum: 0, exclusiveMinimum: true }, { exclusiveMinimum: 0 }, "same"],
    ["upper", { maximum: 10, exclusiveMaximum: false }, { maximum: 10 }, "same"],
    // Both given: the stricter one is the end.
    ["upper", { maximum: 10, exclusiveMaximum: 5 }, { maximum: 8 }, "loosened"],
    ["upper", { maximum: 10, exclusiveMaximum: 5 }, { maximum: 10 }, "loosened"],
    ["upper", { maximum: 10, exclusiveMaximum: 5 }, { exclusiveMaximum: 5 }, "same"],
    // Unbounded on one side.
    ["lower", {}, { exclusiveMinimum: 0 }, "tightened"],
    ["upper", { exclusiveMaximum: 10 }, {}, "loosened"],
    // Date bounds are strings (ODCS 3.1), and do not compare with numbers.
    ["lower", { minimum: "2020-01-01" }, { exclusiveMinimum: "2020-01-01" }, "tightened"],
    ["upper", { maximum: "2030-01-01" }, { maximum: 1893456000000 }, "changed"],
    ["upper", { maximum: "soon" }, { maximum: "later" }, "changed"],
    // A time bound with an offset is read within that offset's day, as contract-test compares it.
    ["lower", { minimum: "09:00+01:00" }, { minimum: "09:00:00+0100" }, "same"],
    ["lower", { minimum: "09:00+01:00" }, { minimum: "10:00+01:00" }, "tightened"],
    ["upper", { maximum: "01:00+02:00" }, { maximum: "03:00+02:00" }, "loosened"],
    ["lower", { minimum: "08:00Z" }, { minimum: "08:00" }, "same"],
    // Two offsets are two days: 09:00+01:00 accepts nothing after 23:00 at UTC, 08:00Z does.
    ["lower", { minimum: "08:00Z" }, { minimum: "09:00+01:00" }, "changed"],
    // A time of day and a date lie on no one scale.
    ["lower", { minimum: "10:00" }, { minimum: "2020-01-01" }, "changed"],
  ] as const)("%s end %j → %j is %s", (end, before, after, relation) => {
    expect(relateRangeEnd(end, before, after)).toBe(relation);
  });
});

describe("relateConstraint: integer and number formats (ODCS 3.1, Rust's types)", () => {
  it.each([
    ["i32", "i64", "loosened"],
    ["i64", "i32", "tightened"],
    ["u8", "i16", "loosened"],
    ["u8", "u16", "loosened"],
    ["i16", "u16", "changed"],
    ["u32", "i32", "changed"],
    ["f32", "f64", "loosened"],
    ["f64", "f32", "tightened"],
    ["i64", "f64", "changed"],
    // Other formats are not ordered.
    ["email", "uuid", "changed"],
    ["yyyy-MM-dd", "dd.MM.yyyy", "changed"],
  ])("format %s → %s is %s", (before, after, relation) => {
    expect(relateConstraint("format", before, after)).toBe(relation);
  });
});

describe("SLA properties by their ODCS names", () => {
  it("reads names case-insensitively and with their ODCS synonyms", () => {
    expect(["latency", "Latency", "LATENCY", "ly"].map(slaPropertyName)).toEqual(["latency", "latency", "latency", "latency"]);
    expect(["av", "er", "ga", "es", "el", "re", "fy", "td", "tn", "tr", "th"].map(slaPropertyName)).toEqual([
      "availability",
      "errorRate",
      "generalAvailability",
      "endOfSupport",
      "endOfLife",
      "retention",
      "frequency",
      "timeToDetect",
      "timeToNotify",
      "timeToRepair",
      "throughput",
    ]);
    expect(slaPropertyName("customPromise")).toBe("customPromise");
  });
  it.each([
    [{ property: "Latency", value: 4, unit: "h" }, { property: "Latency", value: 2, unit: "h" }, "tightened"],
    [{ property: "ly", value: 4, unit: "h" }, { property: "ly", value: 8, unit: "h" }, "relaxed"],
    [{ property: "RETENTION", value: 7, unit: "y" }, { property: "RETENTION", value: 5, unit: "y" }, "relaxed"],
    [{ property: "latency", value: 4, unit: "h" }, { property: "ly", value: 4, unit: "h" }, "same"],
    [{ property: "latency", value: 4, unit: "h" }, { property: "Latency", value: 4, unit: "hours" }, "same"],
    // One duration in other units: a year is 12 months of every stage's SLA units, and 365 days.
    [{ property: "retention", value: 3, unit: "y" }, { property: "retention", value: 36, unit: "m" }, "same"],
    [{ property: "retention", value: 1, unit: "y" }, { property: "retention", value: 12, unit: "months" }, "same"],
    [{ property: "retention", value: 0.1, unit: "y" }, { property: "retention", value: 1.2, unit: "mo" }, "same"],
    [{ property: "retention", value: 3, unit: "y" }, { property: "retention", value: 1095, unit: "d" }, "same"],
    [{ property: "retention", value: 3, unit: "y" }, { property: "retention", value: 35, unit: "m" }, "relaxed"],
    // A time of day is one instant however its offset is written; without one it is UTC.
    [{ property: "timeOfAvailability", value: "05:00+00:00" }, { property: "timeOfAvailability", value: "07:00+02:00" }, "same"],
    [{ property: "timeOfAvailability", value: "05:00Z" }, { property: "timeOfAvailability", value: "05:00" }, "same"],
    [{ property: "timeOfAvailability", value: "05:00Z" }, { property: "timeOfAvailability", value: "06:30+02:00" }, "tightened"],
    [{ property: "timeOfAvailability", value: "05:00" }, { property: "timeOfAvailability", value: "05:30" }, "relaxed"],
    // A number written as text is that number, not a date Date.parse would make of it.
    [{ property: "availability", value: "99.9" }, { property: "availability", value: "100" }, "tightened"],
    [{ property: "availability", value: "99.95" }, { property: "availability", value: "99.9" }, "relaxed"],
    // A percent on one side only: a bare 0.999 may be the fraction 99.9 %, so 99 % is no stronger promise.
    [{ property: "availability", value: 0.999 }, { property: "availability", value: 99, unit: "percent" }, "changed"],
    [{ property: "availability", value: "99.9 %" }, { property: "availability", value: 0.99 }, "changed"],
    [{ property: "availability", value: 99.9, unit: "%" }, { property: "availability", value: "99.95%" }, "tightened"],
    [{ property: "latency", value: "4", unit: "h" }, { property: "latency", value: "2", unit: "h" }, "tightened"],
    // Dates are ISO 8601 ones; other text cannot be compared.
    [{ property: "endOfSupport", value: "2032-05-12T09:30:10-08:00" }, { property: "endOfSupport", value: "2030-05-12T09:30:10-08:00" }, "relaxed"],
    [{ property: "endOfSupport", value: "next year" }, { property: "endOfSupport", value: "12.5.22" }, "changed"],
    // What valueExt extends a value with is the property's to say (ODCS): any change of it is one meshkit cannot judge.
    [{ property: "frequency", value: 1, valueExt: 1, unit: "d" }, { property: "frequency", value: 1, valueExt: 5, unit: "d" }, "changed"],
    [{ property: "latency", value: 4, unit: "d" }, { property: "latency", value: 4, valueExt: 6, unit: "d" }, "changed"],
    [{ property: "retention", value: 3, valueExt: 1, unit: "y" }, { property: "retention", value: 36, valueExt: 1, unit: "m" }, "same"],
    // An ISO 8601 duration holds its unit (`PT24H`): lint and contract-test say to write it `value: 24` with `unit: h`,
    // which keeps the promise.
    [{ property: "latency", value: "PT24H" }, { property: "latency", value: 24, unit: "h" }, "same"],
    [{ property: "latency", value: "P1D" }, { property: "latency", value: "PT24H" }, "same"],
    [{ property: "retention", value: "P1Y2M" }, { property: "retention", value: 14, unit: "mo" }, "same"],
    [{ property: "latency", value: "PT4H" }, { property: "latency", value: 2, unit: "h" }, "tightened"],
    [{ property: "freshness", value: 1, unit: "d" }, { property: "freshness", value: "P1DT12H" }, "relaxed"],
    // A duration's unit dropped or added: seconds and a bare number are no one scale (4 d is not 4 s).
    [{ property: "latency", value: 4, unit: "d" }, { property: "latency", value: 4 }, "changed"],
    [{ property: "latency", value: 4 }, { property: "latency", value: 4, unit: "d" }, "changed"],
    [{ property: "retention", value: 3, unit: "y" }, { property: "retention", value: "3" }, "changed"],
    // A unit meshkit has no scale for, the same on both sides, is one scale: the numbers compare as written.
    [{ property: "throughput", value: 1000, unit: "rows/s" }, { property: "throughput", value: 2000, unit: "rows/s" }, "tightened"],
    [{ property: "throughput", value: 1000, unit: "rows/s" }, { property: "throughput", value: "500", unit: "rows/s" }, "relaxed"],
    [{ property: "throughput", value: 1000, unit: "rows/s" }, { property: "throughput", value: "1000", unit: " rows/s" }, "same"],
    [{ property: "errorRate", value: 5, unit: "errors/day" }, { property: "errorRate", value: 2, unit: "errors/day" }, "tightened"],
    // A property whose value is a duration or a time, in such a unit, is no number meshkit can read: `runs/day` is a
    // rate, where more is a stronger frequency (every 1 d is weaker than every 2 h), so which way it moved is unknown.
    [{ property: "frequency", value: 4, unit: "runs/day" }, { property: "frequency", value: 2, unit: "runs/day" }, "changed"],
    [{ property: "latency", value: 2, unit: "batches" }, { property: "latency", value: 1, unit: "batches" }, "changed"],
    [{ property: "retention", value: 100, unit: "GB" }, { property: "retention", value: 50, unit: "GB" }, "relaxed"],
    // Two such units, or one in another case (Mb is not MB), still cannot be compared.
    [{ property: "throughput", value: 1000, unit: "rows/s" }, { property: "throughput", value: 2000, unit: "rows/min" }, "changed"],
    [{ property: "throughput", value: 100, unit: "MB" }, { property: "throughput", value: 200, unit: "Mb" }, "changed"],
    [{ property: "throughput", value: 1000, unit: "rows/s" }, { property: "throughput", value: 2000 }, "changed"],
  ])("%j → %j is %s", (before, after, relation) => {
    expect(compareSla(before, after)).toBe(relation);
  });
});

describe("compareQualityRule: between bounds are excluded, as ODCS defines mustBeBetween", () => {
  const rule = (threshold: Record<string, unknown>) => ({ type: "library", metric: "nullValues", ...threshold });
  it.each([
    // (0, 10) → (0, ∞): accepts more.
    [{ mustBeBetween: [0, 10] }, { mustBeGreaterThan: 0 }, "relaxed"],
    // (0, 10) → [0, 10]'s inside plus 0: accepts more.
    [{ mustBeBetween: [0, 10] }, { mustBeGreaterOrEqualTo: 0 }, "relaxed"],
    // ≤ 0 or ≥ 10 → ≤ 0: accepts less.
    [{ mustNotBeBetween: [0, 10] }, { mustBeLessOrEqualTo: 0 }, "tightened"],
    // ≤ 0 or ≥ 10 → < 0: 0 no longer accepted, and less overall.
    [{ mustNotBeBetween: [0, 10] }, { mustBeLessThan: 0 }, "tightened"],
    [{ mustBeBetween: [0, 10] }, { mustBeBetween: [0, 20] }, "relaxed"],
    // ≤ 5 or ≥ 5 is every value, in one piece: a range inside it accepts less, whatever piece it falls in.
    [{ mustNotBeBetween: [5, 5], unit: "percent" }, { mustBeGreaterOrEqualTo: 1, mustNotBe: 0, unit: "percent" }, "tightened"],
    [{ mustBeGreaterOrEqualTo: 1, unit: "percent" }, { mustNotBeBetween: [5, 5], unit: "percent" }, "relaxed"],
    // Whole counts: ≤ 0 or ≥ 1 row is every count, and ≠ 5 is 0–4 and 6–∞, nothing between them.
    [{ mustNotBeBetween: [0, 1] }, { mustBeLessOrEqualTo: 10 }, "tightened"],
    [{ mustNotBe: 1000 }, { mustNotBeBetween: [100, 100] }, "relaxed"],
    [{ mustBeGreaterThan: 100 }, { mustBeGreaterThan: 100, mustNotBeBetween: [1000, 1000] }, "description"],
  ])("%j → %j is %s", (before, after, relation) => {
    expect(compareQualityRule(rule(before), rule(after))).toBe(relation);
  });
});

describe("relateConstraint: a pattern that lists literal values (a string's enum)", () => {
  it.each([
    ["^(open|shipped)$", "^(open|shipped|closed)$", "loosened"],
    ["^(open|shipped|closed)$", "^(?:open|closed)$", "tightened"],
    ["^open$", "^(open|closed)$", "loosened"],
    ["^(open|shipped)$", "^(shipped|open)$", "same"],
    ["^(open|shipped)$", "^(open|closed)$", "changed"],
    ["^(EUR|US\\$)$", "^(EUR|US\\$|GBP)$", "loosened"],
    // Not a list of values: compared as before, a changed pattern.
    ["^(open|shipped)$", "^(open|ship.*)$", "changed"],
    ["^a|b$", "^a|b|c$", "changed"],
    ["^(a|b)", "^(a|b|c)", "changed"],
    ["^[a-z]+$", "^[a-z]*$", "changed"],
  ])("%s → %s is %s", (before, after, relation) => {
    expect(relateConstraint("pattern", before, after)).toBe(relation);
  });

  it("reads only anchored alternations of literals", () => {
    expect(literalAlternatives("^(a\\.b|c-d| e)$")).toEqual(new Set(["a.b", "c-d", " e"]));
    expect(literalAlternatives("^(a)|(b)$")).toBeUndefined();
    expect(literalAlternatives("^(a|b)\\$")).toBeUndefined();
    expect(literalAlternatives("^(\\d|x)$")).toBeUndefined();
    expect(literalAlternatives("^(?=a)$")).toBeUndefined();
  });
});

describe("compareQualityRule: the values a missingValues rule counts as missing", () => {
  const missing = (values: unknown, threshold: Record<string, unknown> = { mustBe: 0 }, more: Record<string, unknown> = {}) => ({ metric: "missingValues", arguments: { missingValues: values, ...more }, ...threshold });
  it.each([
    // More values counted, each dataset's count as high or higher: a bound from above accepts fewer datasets.
    [missing([null, ""]), missing([null, "", "N/A"]), "tightened"],
    [missing([null, "", "N/A"]), missing([null, ""]), "relaxed"],
    [missing([null, ""], { mustBeLessThan: 5, unit: "percent" }), missing([null, "", "N/A"], { mustBeLessThan: 5, unit: "percent" }), "tightened"],
    // A bound from below (at least 10 missing) the other way round.
    [missing([null], { mustBeGreaterThan: 10 }), missing([null, ""], { mustBeGreaterThan: 10 }), "relaxed"],
    // The same values written in another order: what the rule accepts is the same.
    [missing([null, ""]), missing(["", null]), "description"],
    // Neither more nor fewer, a bound on both sides, another argument too, or other comparisons as well: changed.
    [missing([null, ""]), missing([null, "N/A"]), "changed"],
    [missing([null], { mustBeBetween: [5, 10] }), missing([null, ""], { mustBeBetween: [5, 10] }), "changed"],
    [missing([null]), missing([null, ""], { mustBe: 0 }, { caseSensitive: true }), "changed"],
    [missing([null]), missing([null, ""], { mustBeLessThan: 3 }), "changed"],
  ])("%j → %j is %s", (before, after, relation) => {
    expect(compareQualityRule(before, after)).toBe(relation);
  });
});

describe("compareQualityRule: a nullValues rule is the missingValues rule that counts only null", () => {
  const nulls = (threshold: Record<string, unknown> = { mustBe: 0 }) => ({ type: "library", metric: "nullValues", ...threshold });
  const missing = (values?: unknown[], threshold: Record<string, unknown> = { mustBe: 0 }) => ({ type: "library", metric: "missingValues", ...(values ? { arguments: { missingValues: values } } : {}), ...threshold });
  it.each([
    // Blanks counted as well: every count as high or higher, so a bound from above accepts fewer datasets.
    [nulls(), missing([null, ""]), "tightened"],
    [missing([null, "", "N/A"]), nulls(), "relaxed"],
    [nulls({ mustBeGreaterThan: 10 }), missing([null, ""], { mustBeGreaterThan: 10 }), "relaxed"],
    // The same count written another way; a missingValues rule without a list counts null and "", as contract-test reads it.
    [nulls(), missing([null]), "description"],
    [missing(), missing([null, ""]), "description"],
    [missing(), nulls(), "relaxed"],
    // More values counted and a looser threshold: neither.
    [nulls(), missing([null, ""], { mustBeLessThan: 5 }), "changed"],
  ])("%j → %j is %s", (before, after, relation) => {
    expect(compareQualityRule(before, after)).toBe(relation);
  });
});

describe("compareQualityRule: the combination an object's duplicateValues rule compares", () => {
  const duplicates = (properties: unknown, threshold: Record<string, unknown> = { mustBe: 0 }) => ({ type: "library", metric: "duplicateValues", arguments: { properties }, ...threshold });
  it.each([
    // A combination of columns has no order: contract-test groups by them, in any order.
    [duplicates(["order_id", "line_no"]), duplicates(["line_no", "order_id"]), "description"],
    [duplicates(["order_id", "line_no"]), duplicates(["line_no", "order_id", "line_no"]), "description"],
    // The order and a threshold: judged by the threshold alone.
    [duplicates(["order_id", "line_no"]), duplicates(["line_no", "order_id"], { mustBeLessThan: 10 }), "relaxed"],
    [duplicates(["order_id", "line_no"], { mustBeLessThan: 10 }), duplicates(["line_no", "order_id"]), "tightened"],
    // Other columns are another combination (nulls make the counts of a column and of a pair unordered).
    [duplicates(["order_id", "line_no"]), duplicates(["order_id"]), "changed"],
    [duplicates(["order_id"]), duplicates(["order_id", "line_no"]), "changed"],
  ])("%j → %j is %s", (before, after, relation) => {
    expect(compareQualityRule(before, after)).toBe(relation);
  });
});

describe("compareQualityRule: thresholds by the values the metric can measure", () => {
  const nulls = (threshold: Record<string, unknown>) => ({ type: "library", metric: "nullValues", ...threshold });
  it.each([
    // A count of rows is a whole number of 0 or more: these all accept exactly no null.
    [{ mustBe: 0 }, { mustBeLessOrEqualTo: 0 }, "description"],
    [{ mustBe: 0 }, { mustBeLessThan: 1 }, "description"],
    [{ mustBeLessThan: 1 }, { mustBeBetween: [-1, 1] }, "description"],
    // ODCS 3.0's two comparisons on one rule are the 3.1 between ("the equivalent").
    [{ mustBeGreaterThan: 0, mustBeLessThan: 100 }, { mustBeBetween: [0, 100] }, "description"],
    [{ mustBeGreaterThan: 0, mustBeLessThan: 100 }, { mustBeLessThan: 100 }, "relaxed"],
    [{ mustBe: 0 }, { mustBeLessThan: 2 }, "relaxed"],
    // A percent is not whole: below 1 % accepts more than none.
    [{ mustBe: 0, unit: "percent" }, { mustBeLessThan: 1, unit: "percent" }, "relaxed"],
    [{ mustBeLessOrEqualTo: 100, unit: "percent" }, { mustBeGreaterOrEqualTo: 0, unit: "percent" }, "description"],
    // Rows and percent meet only at zero: no null is 0 % nulls, whatever the size of the dataset.
    [{ mustBe: 0, unit: "rows" }, { mustBe: 0, unit: "percent" }, "description"],
    [{ mustBeLessThan: 1 }, { mustBeLessOrEqualTo: 0, unit: "percent" }, "description"],
    [{ mustBe: 0, unit: "rows" }, { mustBeLessThan: 5, unit: "percent" }, "relaxed"],
    [{ mustBeLessThan: 5, unit: "percent" }, { mustBe: 0 }, "tightened"],
    [{ mustBe: 0, unit: "percent" }, { mustBeGreaterThan: 0, unit: "rows" }, "changed"],
    [{ mustBeLessThan: 5, unit: "rows" }, { mustBeLessThan: 5, unit: "percent" }, "changed"],
    [{ mustBe: 0, unit: "rows", severity: "error" }, { mustBe: 0, unit: "percent", severity: "warning" }, "relaxed"],
    // ODCS gives mustBe and mustNotBe no type: contract-test reads a count's text `'0'` as the number it spells.
    [{ mustBe: 0 }, { mustBe: "0" }, "description"],
    [{ mustBe: "0" }, { mustBeLessThan: 5 }, "relaxed"],
    [{ mustBeLessThan: 5 }, { mustBe: " 0 " }, "tightened"],
    [{ mustNotBe: 3 }, { mustNotBe: "3" }, "description"],
    [{ mustBe: 0 }, { mustBe: "0x0" }, "changed"],
  ])("nullValues %j → %j is %s", (before, after, relation) => {
    expect(compareQualityRule(nulls(before), nulls(after))).toBe(relation);
  });

  it("a rowCount moved between rows and percent is changed: it counts no share of rows", () => {
    const rows = (unit: string) => ({ metric: "rowCount", mustBe: 0, unit });
    expect(compareQualityRule(rows("rows"), rows("percent"))).toBe("changed");
  });

  it.each([
    // Severity is read as contract-test reads it: what fails the run (error, any other word, none) is one level.
    ["error", "ERROR", "description"],
    ["error", "critical", "description"],
    [undefined, "error", "description"],
    ["error", "warn", "relaxed"],
    ["Warning", "info", "relaxed"],
    ["INFO", "critical", "tightened"],
  ])("severity %j → %j is %s", (before, after, relation) => {
    const rule = (severity: string | undefined) => ({ metric: "nullValues", mustBe: 0, ...(severity === undefined ? {} : { severity }) });
    expect(compareQualityRule(rule(before), rule(after))).toBe(relation);
  });

  it("a SQL rule's value is any number", () => {
    const sql = (threshold: Record<string, unknown>) => ({ type: "sql", query: "SELECT avg(x) FROM t", ...threshold });
    expect(compareQualityRule(sql({ mustBe: 0 }), sql({ mustBeLessThan: 1 }))).toBe("relaxed");
    // Its result may be text, which contract-test compares with a text mustBe as written: `'0'` is not 0 there.
    expect(compareQualityRule(sql({ mustBe: 0 }), sql({ mustBe: "0" }))).toBe("changed");
  });
});
