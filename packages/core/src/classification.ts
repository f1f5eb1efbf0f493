import type { SchemaProperty } from "./types/odcs.js";

/** Classifications anyone with access to the data may see; any other one is sensitive. */
const OPEN_CLASSIFICATIONS = new Set(["public", "internal"]);

type Classified = Pick<SchemaProperty, "classification" | "tags">;

/**
 * Whether a property's values are sensitive: contract-test masks them in sample rows, provision masks
 * them in the views of roles not approved for them. The same reading as the platform-baseline
 * `pii-handling` policy: personal data when tagged `pii` or classified `pii`; beyond that, any
 * classification other than public/internal (confidential, restricted, sensitive...). Compared
 * case-insensitively, surrounding spaces ignored.
 */
export function isSensitiveProperty(property: Classified): boolean {
  const tags = Array.isArray(property.tags) ? property.tags : [];
  if (tags.some((t) => typeof t === "string" && t.trim().toLowerCase() === "pii")) return true;
  const classification = typeof property.classification === "string" ? property.classification.trim().toLowerCase() : "";
  return classification !== "" && !OPEN_CLASSIFICATIONS.has(classification);
}

/**
 * What makes a column's values sensitive: the property itself when it is, else the first of its nested
 * `properties` or `items` (at any depth) that is; undefined when none is. A column is one value in the
 * warehouse: an object whose `email` field is PII, or a list of tagged items, holds that data whole,
 * so it is masked (or withheld) whole.
 */
export function sensitivePart(property: unknown): Classified | undefined {
  if (property === null || typeof property !== "object") return undefined;
  const node = property as Record<string, unknown>;
  if (isSensitiveProperty(node as Classified)) return node as Classified;
  const children = [...(Array.isArray(node.properties) ? node.properties : []), ...(node.items !== undefined ? [node.items] : [])];
  for (const child of children) {
    const part = sensitivePart(child);
    if (part !== undefined) return part;
  }
  return undefined;
}
