/**
 * The ODCS quality vocabulary that both the schema layer (schemas.ts: one comparator per v3.1 rule) and
 * the metric table (quality-metrics.ts: a v3.0 assertion rule means `mustBe: 0`) read. It lives apart so
 * that neither of those modules has to import the other.
 */
import type { Severity } from "./findings.js";
import { closest } from "./suggest.js";

/** The ODCS quality comparators; a v3.1.0 library or SQL rule has exactly one (v3.0.x: any number, all holding). */
export const QUALITY_COMPARATORS = [
  "mustBe",
  "mustNotBe",
  "mustBeGreaterThan",
  "mustBeGreaterOrEqualTo",
  "mustBeLessThan",
  "mustBeLessOrEqualTo",
  "mustBeBetween",
  "mustNotBeBetween",
] as const;
export type QualityComparator = (typeof QUALITY_COMPARATORS)[number];

export function isQualityComparator(key: string): key is QualityComparator {
  return (QUALITY_COMPARATORS as readonly string[]).includes(key);
}

/**
 * The first key of a quality rule that is no comparator but a likely misspelling of one (`mustBeLessThen`), with the
 * comparator meant. Such a rule has no comparison: said at the misspelt key, the fix is a rename, not an addition.
 * The spelling of the Data Contract Specification and of SQL ("greater than or equal to": `mustBeGreaterThanOrEqualTo`,
 * `mustBeLessThanOrEqualTo`) is four letters from ODCS's, too far for a typo, and as likely: it is read without `Than`.
 */
export function misspeltComparator(rule: Readonly<Record<string, unknown>>): { key: string; meant: QualityComparator } | undefined {
  for (const key of Object.keys(rule)) {
    // `mustBeGreaterThanOrEqualTo` / `mustBeLessThanOrEqualTo`, the way English (and many validation libraries) says
    // it, is four letters from ODCS's `mustBeGreaterOrEqualTo` / `mustBeLessOrEqualTo`: past a typo's budget, so
    // without the `Than` it is compared, or such a bound would be read as no comparator at all (v3.0.x: silently unchecked).
    const meant = isQualityComparator(key) ? undefined : (closest(key.replace(/ThanOr/i, "Or"), QUALITY_COMPARATORS) as QualityComparator | undefined);
    if (meant !== undefined) return { key, meant };
  }
  return undefined;
}

/** ODCS v3.0 quality `rule`s that assert without a comparison ("no nulls", "only valid values"): they mean `mustBe: 0`. */
export const ODCS_30_ASSERTION_RULES: ReadonlySet<string> = new Set(["nullCheck", "notNull", "validValues", "unique"]);

/**
 * How hard a quality rule's failure is, as ODCS's free-text `severity` is read everywhere (contract-test fails
 * the run on it, compat orders a change of it): `warning`/`warn` → warning, `info` → info, in any case; anything
 * else (error, critical, absent…) fails the run, so it is an error.
 */
export function ruleSeverity(value: unknown): Severity {
  const severity = typeof value === "string" ? value.trim().toLowerCase() : "";
  if (severity === "warning" || severity === "warn") return "warning";
  if (severity === "info") return "info";
  return "error";
}
