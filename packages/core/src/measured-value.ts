/**
 * A quality check's measured value as a reader takes it in, the same in contract-test's Markdown
 * report and on the catalog site: an SLA age or a share rounded (`1.67`, not 1.6666666666666667;
 * `0.3`, not 0.30000000000000004), every digit where the rounded value would read as one of the
 * promised bounds it is not (0.3000001 against mustBeLessOrEqualTo 0.3), or as 0 when it is not.
 * The results documents keep the exact value.
 */

/** Two decimals, no thousands separator (as the reports' counts); two significant digits where that would show 0. */
const ROUNDED = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2, useGrouping: false });
const SIGNIFICANT = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 2, useGrouping: false });

/**
 * `value` for reading, next to the check's `threshold` (`{ mustBeLessOrEqualTo: 0.3 }`, a range's
 * `{ mustBeBetween: [0, 1] }`): anything but a non-integer finite number is shown as it is.
 */
export function measuredForReading(value: unknown, threshold: unknown): string {
  if (typeof value !== "number" || Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  const rounded = ROUNDED.format(value);
  const shown = /^-?0$/.test(rounded) ? SIGNIFICANT.format(value) : rounded;
  const bounds = (threshold !== null && typeof threshold === "object" ? Object.values(threshold) : [])
    .flatMap((v: unknown) => (Array.isArray(v) ? (v as unknown[]) : [v]))
    .filter((v): v is number => typeof v === "number");
  return bounds.some((bound) => bound !== value && (ROUNDED.format(bound) === shown || SIGNIFICANT.format(bound) === shown)) ? String(value) : shown;
}
