/**
 * Numbers JSON cannot hold. YAML reads `.inf`, `-.inf` and `.nan` as numbers, but JSON has no
 * spelling for them: `JSON.stringify` writes `null`, so a value sent to OPA as JSON would silently
 * arrive as `null` and a `deny` that compares it would pass. Found before sending, they are refused.
 */
import { toPointer } from "@meshkit/core";

export interface NonFiniteNumber {
  /** JSON pointer of the value. */
  pointer: string;
  /** The value as YAML writes it: `.inf`, `-.inf` or `.nan`. */
  yaml: string;
}

/** The first infinity or NaN in a JSON-like value, depth first in key order; undefined when there is none. */
export function firstNonFiniteNumber(value: unknown): NonFiniteNumber | undefined {
  const path: (string | number)[] = [];
  const visit = (node: unknown): NonFiniteNumber | undefined => {
    if (typeof node === "number") return Number.isFinite(node) ? undefined : { pointer: toPointer(path), yaml: Number.isNaN(node) ? ".nan" : node > 0 ? ".inf" : "-.inf" };
    if (node === null || typeof node !== "object") return undefined;
    for (const [key, element] of Array.isArray(node) ? node.entries() : Object.entries(node)) {
      path.push(key);
      const found = visit(element);
      path.pop();
      if (found) return found;
    }
    return undefined;
  };
  return visit(value);
}
