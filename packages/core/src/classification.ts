import type { SchemaProperty } from "./types/odcs.js";

/** Classifications anyone with access to the data may see; any other one is sensitive. */
const OPEN_CLASSIFICATIONS = new Set(["public", "internal"]);

/**
 * Whether a property's values are sensitive: contract-test masks them in sample rows, provision masks
 * them in the views of roles not approved for them. The same reading as the platform-baseline
 * `pii-handling` policy: personal data when tagged `pii` or classified `pii`; beyond that, any
 * classification other than public/internal (confidential, restricted, sensitive...). Compared
 * case-insensitively, surrounding spaces ignored.
 */
export function isSensitiveProperty(property: Pick<SchemaProperty, "classification" | "tags">): boolean {
  const tags = Array.isArray(property.tags) ? property.tags : [];
  if (tags.some((t) => typeof t === "string" && t.trim().toLowerCase() === "pii")) return true;
  const classification = typeof property.classification === "string" ? property.classification.trim().toLowerCase() : "";
  return classification !== "" && !OPEN_CLASSIFICATIONS.has(classification);
}
