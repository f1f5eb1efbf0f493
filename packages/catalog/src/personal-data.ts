/** Which columns of a contract hold personal data, as every catalog target and the site mark them. */

/** A property as written: typed by the contract's schema, or read back from a catalog entry. */
interface PropertyLike {
  classification?: unknown;
  tags?: unknown;
  items?: unknown;
  properties?: unknown;
}

/**
 * Personal data: tagged `pii` or classified `pii` (other sensitive classifications are tagged by their name).
 * An array whose items are (`phones` of `items: {classification: pii}`) holds them as its values, so it is
 * personal data itself: it has no field of its own for its items to be marked on.
 */
export function isPersonalData(property: PropertyLike): boolean {
  const tags = Array.isArray(property.tags) ? property.tags : [];
  if (tags.some((t) => typeof t === "string" && t.trim().toLowerCase() === "pii")) return true;
  if (typeof property.classification === "string" && property.classification.trim().toLowerCase() === "pii") return true;
  return isProperty(property.items) && isPersonalData(property.items);
}

/** Whether a column holds personal data anywhere: itself, or any field of it (nested objects, array items) at any depth. */
export function holdsPersonalData(property: PropertyLike): boolean {
  if (isPersonalData(property)) return true;
  const fields = [...(Array.isArray(property.properties) ? property.properties : []), property.items];
  return fields.some((field) => isProperty(field) && holdsPersonalData(field));
}

function isProperty(value: unknown): value is PropertyLike {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
