/**
 * Whether some value can meet a quality rule's comparisons: a rule none can meet fails on any data, so
 * lint says so before contract-test runs it. The comparisons mean what contract-test's meetsThreshold
 * makes of them (@meshkit/quality's comparison.ts): several on one rule (ODCS v3.0.x) must all hold, and
 * the between-comparators exclude their bounds, as ODCS defines `mustBeBetween` ("the equivalent to
 * `mustBeGreaterThan` and `mustBeLessThan`") and `mustNotBeBetween` as its complement.
 */
import type { QualityComparator } from "@meshkit/core";

/** One comparison with its number(s): `mustBe: '5'` is read as 5, as contract-test reads it. */
export interface NumericComparison {
  comparator: QualityComparator;
  value: number | readonly [number, number];
}

/** The values a rule's measure can take: a count of rows is a whole number from 0, a percentage 0 to 100. */
export interface MeasureDomain {
  wholeNumbers: boolean;
  min?: number;
  max?: number;
}

function holds(x: number, { comparator, value }: NumericComparison): boolean {
  if (Array.isArray(value)) {
    const [low, high] = value as readonly [number, number];
    return comparator === "mustBeBetween" ? x > low && x < high : x <= low || x >= high;
  }
  const v = value as number;
  switch (comparator) {
    case "mustBe":
      return x === v;
    case "mustNotBe":
      return x !== v;
    case "mustBeGreaterThan":
      return x > v;
    case "mustBeGreaterOrEqualTo":
      return x >= v;
    case "mustBeLessThan":
      return x < v;
    case "mustBeLessOrEqualTo":
      return x <= v;
    default:
      return true;
  }
}

/**
 * The values worth trying. Every comparison (and the domain's bounds) cuts the number line at its numbers,
 * so the values meeting them all are a union of intervals whose ends are among those numbers. A non-empty
 * one holds one of those numbers, the midpoint of two neighbouring ones, or a value beyond them all; its
 * smallest whole number is the floor of its lower end or the next one (whole-number domains have a lower
 * bound, 0, so no such interval is unbounded below).
 */
function candidates(numbers: number[], domain: MeasureDomain): number[] {
  const cuts = [...new Set(numbers)].sort((a, b) => a - b);
  if (domain.wholeNumbers) return cuts.flatMap((n) => [Math.floor(n), Math.floor(n) + 1]);
  const between = cuts.slice(1).map((n, i) => (cuts[i]! + n) / 2);
  return [...cuts, ...between, cuts[0]! - 1, cuts[cuts.length - 1]! + 1];
}

/** Whether some value of `domain` meets every comparison. */
export function comparisonsSatisfiable(comparisons: readonly NumericComparison[], domain: MeasureDomain): boolean {
  const bounds = [domain.min, domain.max].filter((n): n is number => n !== undefined);
  const numbers = [...bounds, ...comparisons.flatMap((c) => (Array.isArray(c.value) ? [...(c.value as readonly number[])] : [c.value as number]))];
  if (numbers.length === 0) return true;
  const inDomain = (x: number) => (domain.min === undefined || x >= domain.min) && (domain.max === undefined || x <= domain.max);
  return candidates(numbers, domain).some((x) => inDomain(x) && comparisons.every((c) => holds(x, c)));
}

/** "more than 100 and less than 10": the comparisons as a reader says them. */
export function describeComparisons(comparisons: readonly NumericComparison[]): string {
  const say = ({ comparator, value }: NumericComparison): string => {
    if (Array.isArray(value)) {
      const [low, high] = value as readonly [number, number];
      return comparator === "mustBeBetween" ? `more than ${low} and less than ${high}` : `at most ${low} or at least ${high}`;
    }
    const words: Partial<Record<QualityComparator, string>> = {
      mustBe: "equal to",
      mustNotBe: "other than",
      mustBeGreaterThan: "more than",
      mustBeGreaterOrEqualTo: "at least",
      mustBeLessThan: "less than",
      mustBeLessOrEqualTo: "at most",
    };
    return `${words[comparator] ?? comparator} ${String(value)}`;
  };
  return comparisons.map(say).join(" and ");
}
