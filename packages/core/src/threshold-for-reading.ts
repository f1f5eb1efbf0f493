/**
 * A quality check's threshold as a reader takes it in: `≤ 1 row`, `between 0% and 5% (exclusive)`,
 * `= true`, instead of the ODCS form the results document keeps (`{"mustBeLessOrEqualTo":1}`). The
 * catalog site shows it beside the measured value; the exact ODCS form stays in the cell's title.
 */
import { slaUnitForReading } from "./sla-units.js";

/** Per ODCS comparator, the symbol a single bound reads with. */
const SYMBOLS: Readonly<Record<string, string>> = {
  mustBe: "=",
  mustNotBe: "≠",
  mustBeGreaterThan: ">",
  mustBeGreaterOrEqualTo: "≥",
  mustBeLessThan: "<",
  mustBeLessOrEqualTo: "≤",
};

/**
 * A value with its unit, as a reader says it: `25%` (unit `percent`), `1 row` / `3 rows` (unit `rows`),
 * `4 h` / `1 day` (an SLA's unit, a word agreeing with the number: slaUnitForReading). A value that is not a
 * number (`true`, `string`) takes no unit.
 */
export function valueWithUnit(value: string, unit: string | undefined): string {
  if (!unit || !/^-?\d/.test(value)) return value;
  if (unit === "percent") return `${value}%`;
  if (unit === "rows") return `${value} ${value === "1" ? "row" : "rows"}`;
  return `${value} ${slaUnitForReading(value, unit) ?? unit}`;
}

function bound(value: unknown, unit: string | undefined): string | undefined {
  if (typeof value === "number" || typeof value === "boolean") return valueWithUnit(String(value), unit);
  // An exact number a double does not hold is kept as its text (`"9007199254740993"`): it reads as that number.
  if (typeof value === "string") return valueWithUnit(value, /^-?\d+(\.\d+)?$/.test(value) ? unit : undefined);
  return undefined;
}

/**
 * `{ mustBeLessOrEqualTo: 1 }` → `≤ 1`; `{ mustBeBetween: [0, 5] }` with unit `percent` → `between 0% and 5%
 * (exclusive)` (ODCS defines it as `mustBeGreaterThan` and `mustBeLessThan`); `{ mustNotBeBetween: [10, 90] }` →
 * `≤ 10 or ≥ 90`; several comparators (an ODCS v3.0 rule) are joined with `and`, as they all must hold.
 * Undefined for anything else (no comparator, a malformed bound): the caller shows the threshold as written.
 */
export function thresholdForReading(threshold: unknown, unit?: string): string | undefined {
  if (threshold === null || typeof threshold !== "object" || Array.isArray(threshold)) return undefined;
  const parts: string[] = [];
  for (const [comparator, value] of Object.entries(threshold)) {
    const symbol = SYMBOLS[comparator];
    if (symbol !== undefined) {
      const shown = bound(value, unit);
      if (shown === undefined) return undefined;
      parts.push(`${symbol} ${shown}`);
      continue;
    }
    if ((comparator !== "mustBeBetween" && comparator !== "mustNotBeBetween") || !Array.isArray(value) || value.length !== 2) return undefined;
    const [low, high] = value.map((v: unknown) => (typeof v === "boolean" ? undefined : bound(v, unit)));
    if (low === undefined || high === undefined) return undefined;
    parts.push(comparator === "mustBeBetween" ? `between ${low} and ${high} (exclusive)` : `≤ ${low} or ≥ ${high}`);
  }
  if (parts.length === 0) return undefined;
  // `(≤ 10 or ≥ 90) and < 95`: an alternative among conditions that all hold keeps its own parentheses.
  return parts.length === 1 ? parts[0] : parts.map((part) => (part.includes(" or ") ? `(${part})` : part)).join(" and ");
}
