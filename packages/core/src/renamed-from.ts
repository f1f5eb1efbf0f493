/**
 * The `renamedFrom` hint of ODCS/ODPS elements, read one way by every stage: compat pairs a renamed
 * property, object or output port with its old self by it (`property-renamed`), and provision renames
 * the column in place instead of dropping it and adding another.
 */
import { isMapping } from "./kinds.js";

/** The customProperty that names an element's previous name: `{ property: renamedFrom, value: old_name }`. */
export const RENAME_PROPERTY = "renamedFrom";

/**
 * The previous name an element's `renamedFrom` customProperty gives: the value of the first
 * customProperty named `renamedFrom`, when it is a string; undefined otherwise (none, or not a string).
 */
export function renamedFromOf(element: unknown): string | undefined {
  if (!isMapping(element) || !Array.isArray(element.customProperties)) return undefined;
  const value = element.customProperties.filter(isMapping).find((p) => p.property === RENAME_PROPERTY)?.value;
  return typeof value === "string" ? value : undefined;
}
