import type { SchemaProperty } from "@meshkit/core";

/** Classifications that may be shown in sample rows; any other classification hides the value. */
const SHOWN_CLASSIFICATIONS = new Set(["public", "internal"]);

/**
 * Whether sample rows must hide a property's values. The same reading as the platform-baseline
 * `pii-handling` policy: a property is personal data when tagged `pii` or classified `pii`; beyond
 * that, any classification other than public/internal (confidential, restricted, sensitive...) is
 * treated as not for display. Compared case-insensitively, surrounding spaces ignored.
 */
export function isMaskedProperty(property: Pick<SchemaProperty, "classification" | "tags">): boolean {
  const tags = Array.isArray(property.tags) ? property.tags : [];
  if (tags.some((t) => typeof t === "string" && t.trim().toLowerCase() === "pii")) return true;
  const classification = typeof property.classification === "string" ? property.classification.trim().toLowerCase() : "";
  return classification !== "" && !SHOWN_CLASSIFICATIONS.has(classification);
}

/** What a masked value looks like in a sample (nulls stay null: "is it missing?" is often the question). */
export const MASKED_VALUE = "***";
