import { type JsonValue, type QualityComparator, QUALITY_COMPARATORS, numberInText, yaml11BooleanHint } from "@meshkit/core";
import { compareDecimalText, decimalOfNumber, exactNumberText } from "./values.js";

/**
 * One comparison: `{ comparator: "mustBeLessThan", value: 5 }` for `mustBeLessThan: 5`. `exact` is the
 * number's exact decimal text where the contract writes one a double does not hold (`9007199254740993`, which
 * reads as …992): a SQL rule's value is compared with it exactly (see meetsThreshold).
 */
export type Comparison =
  | { comparator: "mustBe" | "mustNotBe"; value: JsonValue; exact?: string }
  | { comparator: "mustBeGreaterThan" | "mustBeGreaterOrEqualTo" | "mustBeLessThan" | "mustBeLessOrEqualTo"; value: number; exact?: string }
  | { comparator: "mustBeBetween" | "mustNotBeBetween"; value: [number, number]; exact?: [string | undefined, string | undefined] };

/** The exact decimal text of the value at a comparator (`index` in a between pair), where the contract writes more than its double holds. */
export type ExactValueAt = (comparator: QualityComparator, index?: number) => string | undefined;

/**
 * What a rule's measured value must meet: its one comparison, or all of several. ODCS writes a range
 * as `mustBeGreaterThan: 0` plus `mustBeLessThan: 100` on one rule ("`mustBeBetween` is the equivalent
 * to `mustBeGreaterThan` and `mustBeLessThan`"), so a rule with several comparisons must meet each.
 */
export type Threshold = Comparison | { comparator: "allOf"; value: Comparison[] };

/** The threshold of schema checks (`required`, `unique`, …) and of v3.0 assertion rules. */
export const MUST_BE_ZERO: Threshold = { comparator: "mustBe", value: 0 };

/** `at`, on a refusal: the comparator at fault, as a JSON pointer from the rule (`/mustBe`), where the finding points (as lint's quality-comparator does). */
export type ThresholdReading = { ok: true; threshold: Threshold } | { ok: false; reason: string; at: string } | { ok: "absent" };

/**
 * Reads the comparisons of a quality rule (all must hold when there are several). Numbers are required
 * wherever the comparator orders values, and a between pair must be two numbers, smallest first.
 * `mustBe` / `mustNotBe` also take text that spells a number (`'5'` is 5), as a SQL rule's measured text
 * is read; a SQL rule's may also be a boolean. Other text could never equal what a rule measures (a count,
 * or a SQL rule's number or boolean): it is refused, not left to fail (or pass `mustNotBe`) on any data.
 */
export function readThreshold(rule: Record<string, unknown>, measures: "count" | "value" = "value", exactAt?: ExactValueAt): ThresholdReading {
  const present = QUALITY_COMPARATORS.filter((c) => c in rule);
  if (present.length === 0) return { ok: "absent" };
  const comparisons: Comparison[] = [];
  for (const comparator of present) {
    const reading = readComparison(comparator, rule[comparator], measures);
    if (reading.ok === false) return { ...reading, at: `/${comparator}` };
    comparisons.push(exactAt ? withExactValue(reading.comparison, exactAt) : reading.comparison);
  }
  return { ok: true, threshold: comparisons.length === 1 ? comparisons[0]! : { comparator: "allOf", value: comparisons } };
}

/** `comparison` with the exact text of its numbers, where the contract writes more than their doubles hold. */
function withExactValue(comparison: Comparison, exactAt: ExactValueAt): Comparison {
  if (comparison.comparator === "mustBeBetween" || comparison.comparator === "mustNotBeBetween") {
    const exact: [string | undefined, string | undefined] = [exactAt(comparison.comparator, 0), exactAt(comparison.comparator, 1)];
    return exact.every((e) => e === undefined) ? comparison : { ...comparison, exact };
  }
  const exact = exactAt(comparison.comparator);
  return exact === undefined ? comparison : ({ ...comparison, exact } as Comparison);
}

/** "a number", or "a finite number" for a YAML `.inf` or `.nan`, which is a number and still not one a rule can use. */
function aNumber(value: unknown): string {
  return typeof value === "number" && !Number.isFinite(value) ? "a finite number" : "a number";
}

/** `measures`: a library metric measures a count (of rows, or a percent), a SQL rule any one value. */
function readComparison(comparator: QualityComparator, value: unknown, measures: "count" | "value"): { ok: true; comparison: Comparison } | { ok: false; reason: string } {
  switch (comparator) {
    case "mustBe":
    case "mustNotBe": {
      const numeric = isFiniteNumber(value) || (typeof value === "string" && numberInText(value) !== undefined);
      const other = typeof value === "string" && !numeric ? otherNumberSyntax(value) : undefined;
      if (other !== undefined) return { ok: false, reason: `\`${comparator}\` is '${String(value).trim()}', which is no decimal number: ODCS compares numbers, so write it as one (${other}, without quotes)` };
      if (measures === "count" && !numeric) return { ok: false, reason: `\`${comparator}\` must be ${aNumber(value)} (or text that spells one, such as '5'): the metric counts rows` };
      if (measures === "value" && !numeric && typeof value !== "boolean") {
        // `mustBe: yes` is YAML 1.2 text: said why, as lint's quality-comparator says it (core's yaml11BooleanHint).
        return { ok: false, reason: `\`${comparator}\` must be ${aNumber(value)} (or text that spells one, such as '5') or a boolean: a SQL rule returns one number or boolean${yaml11BooleanHint(value)}` };
      }
      return { ok: true, comparison: { comparator, value: value as JsonValue } };
    }
    case "mustBeBetween":
    case "mustNotBeBetween": {
      const [low, high] = Array.isArray(value) && value.length === 2 ? value : [];
      if (!isFiniteNumber(low) || !isFiniteNumber(high) || low >= high) {
        return { ok: false, reason: `\`${comparator}\` must be two numbers, smallest first, e.g. [0, 100]` };
      }
      return { ok: true, comparison: { comparator, value: [low, high] } };
    }
    default:
      if (!isFiniteNumber(value)) return { ok: false, reason: `\`${comparator}\` must be ${aNumber(value)}` };
      return { ok: true, comparison: { comparator, value } };
  }
}

/**
 * Whether `measured` satisfies the threshold; `measuredExact` is its exact decimal text where its double is
 * another number (a BIGINT count beyond 2^53, a wide DECIMAL). Where either side has an exact text, the two
 * compare as exact decimals: 9007199254740993 is not 9007199254740992, which both read as in a double. Between bounds are exclusive, as ODCS defines them:
 * "`mustBeBetween` is the equivalent to `mustBeGreaterThan` and `mustBeLessThan`" (`[0, 100]` is
 * `> 0` and `< 100`), and `mustNotBeBetween` is its complement (`<= 0` or `>= 100`).
 * Equality compares numbers numerically and booleans/strings as they are.
 */
export function meetsThreshold(measured: number | string | boolean, threshold: Threshold, measuredExact?: string): boolean {
  if (threshold.comparator === "allOf") return threshold.value.every((comparison) => meetsThreshold(measured, comparison, measuredExact));
  if (typeof measured === "number" && (measuredExact !== undefined || threshold.exact !== undefined)) return meetsExactly(measuredExact ?? decimalOfNumber(measured).text, threshold);
  switch (threshold.comparator) {
    case "mustBe":
      return sameValue(measured, threshold.value);
    case "mustNotBe":
      return !sameValue(measured, threshold.value);
    case "mustBeGreaterThan":
      return typeof measured === "number" && measured > threshold.value;
    case "mustBeGreaterOrEqualTo":
      return typeof measured === "number" && measured >= threshold.value;
    case "mustBeLessThan":
      return typeof measured === "number" && measured < threshold.value;
    case "mustBeLessOrEqualTo":
      return typeof measured === "number" && measured <= threshold.value;
    case "mustBeBetween":
      return typeof measured === "number" && measured > threshold.value[0] && measured < threshold.value[1];
    case "mustNotBeBetween":
      return typeof measured === "number" && (measured <= threshold.value[0] || measured >= threshold.value[1]);
  }
}

/** A numeric comparison of exact decimal text; undefined bounds are their doubles' exact text. */
function meetsExactly(measured: string, comparison: Comparison): boolean {
  const against = (value: number, exact: string | undefined) => compareDecimalText(measured, exact ?? decimalOfNumber(value).text);
  switch (comparison.comparator) {
    case "mustBe":
    case "mustNotBe": {
      const number = typeof comparison.value === "number" ? comparison.value : typeof comparison.value === "string" ? numberInText(comparison.value) : undefined;
      const same = number !== undefined && against(number, comparison.exact) === 0;
      return comparison.comparator === "mustBe" ? same : !same;
    }
    case "mustBeGreaterThan":
      return against(comparison.value, comparison.exact) > 0;
    case "mustBeGreaterOrEqualTo":
      return against(comparison.value, comparison.exact) >= 0;
    case "mustBeLessThan":
      return against(comparison.value, comparison.exact) < 0;
    case "mustBeLessOrEqualTo":
      return against(comparison.value, comparison.exact) <= 0;
    case "mustBeBetween":
      return against(comparison.value[0], comparison.exact?.[0]) > 0 && against(comparison.value[1], comparison.exact?.[1]) < 0;
    case "mustNotBeBetween":
      return against(comparison.value[0], comparison.exact?.[0]) <= 0 || against(comparison.value[1], comparison.exact?.[1]) >= 0;
  }
}

function sameValue(measured: number | string | boolean, expected: JsonValue): boolean {
  const expectedNumber = typeof expected === "string" ? numberInText(expected) : undefined;
  if (typeof measured === "number" && expectedNumber !== undefined) return measured === expectedNumber;
  return measured === expected;
}


/** "must be 0", "must be at most 30%", "must be between 100 and 120 rows"...; `format` gets a number's exact text where it has one. */
export function describeThreshold(threshold: Threshold, format: (n: number, exact?: string) => string): string {
  // A number written as text (`mustBe: '5'`) is the number it spells: `must be 5`.
  const v = (value: JsonValue) => {
    const number = typeof value === "number" ? value : typeof value === "string" ? numberInText(value) : undefined;
    return number !== undefined ? format(number, threshold.comparator === "mustBe" || threshold.comparator === "mustNotBe" ? threshold.exact : undefined) : JSON.stringify(value);
  };
  switch (threshold.comparator) {
    case "allOf":
      // "must be more than 0 and less than 100": the repeated "must be" dropped.
      return threshold.value.map((c, i) => (i === 0 ? describeThreshold(c, format) : describeThreshold(c, format).replace(/^must be /, ""))).join(" and ");
    case "mustBe":
      return `must be ${v(threshold.value)}`;
    case "mustNotBe":
      return `must not be ${v(threshold.value)}`;
    case "mustBeGreaterThan":
      return `must be more than ${format(threshold.value, threshold.exact)}`;
    case "mustBeGreaterOrEqualTo":
      return `must be at least ${format(threshold.value, threshold.exact)}`;
    case "mustBeLessThan":
      return `must be less than ${format(threshold.value, threshold.exact)}`;
    case "mustBeLessOrEqualTo":
      return `must be at most ${format(threshold.value, threshold.exact)}`;
    // Said as the comparisons they are, so that the excluded bounds are plain in every message.
    case "mustBeBetween":
      return `must be more than ${format(threshold.value[0], threshold.exact?.[0])} and less than ${format(threshold.value[1], threshold.exact?.[1])}`;
    case "mustNotBeBetween":
      return `must be at most ${format(threshold.value[0], threshold.exact?.[0])} or at least ${format(threshold.value[1], threshold.exact?.[1])}`;
  }
}

/** The ODCS form of a threshold, as written in a contract and in the results document: `{ mustBe: 0 }`. */
export function thresholdAsJson(threshold: Threshold): Partial<Record<QualityComparator, JsonValue>> {
  if (threshold.comparator === "allOf") return Object.assign({}, ...threshold.value.map(thresholdAsJson)) as Partial<Record<QualityComparator, JsonValue>>;
  // A number a double does not hold is its exact text, as the measured value is: a JSON number would be read back as the double.
  if (threshold.exact === undefined) return { [threshold.comparator]: typeof threshold.value === "string" ? numberOfText(threshold.value) : threshold.value };
  if (threshold.comparator === "mustBeBetween" || threshold.comparator === "mustNotBeBetween") {
    const [low, high] = threshold.value;
    return { [threshold.comparator]: [threshold.exact[0] ?? low, threshold.exact[1] ?? high] };
  }
  return { [threshold.comparator]: threshold.exact as string };
}

/**
 * `mustBe: '5'` (text that spells a number, which the rule compares as that number) in the results document: the
 * number 5, as every other threshold and measured value is one, so that a reader of the document compares numbers
 * with numbers; the text (`'9007199254740993'`) where a double does not hold it exactly, as the measured value is
 * written then. Text that spells no number (a rule refused before it ran) is kept as written.
 */
function numberOfText(text: string): JsonValue {
  const number = numberInText(text);
  if (number === undefined) return text;
  return exactNumberText(text) ?? number;
}

/**
 * The number JavaScript reads from hexadecimal, octal or binary text (`'0x10'` is 16), which no contract
 * means as text to compare: undefined for any other text.
 */
function otherNumberSyntax(text: string): number | undefined {
  if (!/^\s*0[xob]/i.test(text)) return undefined;
  const number = Number(text.trim());
  return Number.isFinite(number) ? number : undefined;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}
