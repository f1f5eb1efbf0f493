import { WHOLE_CONTRACT, fromPointer, isMapping } from "@meshkit/core";

// What a contract change touches, in the syntax input ports declare used columns with.
export { WHOLE_CONTRACT };

/**
 * What the element at `pointer` of an ODCS contract is, named as consumers name columns: `*` (the
 * whole contract: its id, servers, roles, an SLA without an element), `object.*` (an object: its
 * primary key, column order, an object-level quality rule) or `object.column` (nested fields with
 * dots: `object.address.city`; array items are their property). An SLA names what its `element`
 * names (`object.column`, or a comma-separated list of them), else the contract's `slaDefaultElement`.
 */
export function touchedElements(contract: unknown, pointer: string): string[] {
  let segments: string[];
  try {
    segments = fromPointer(pointer);
  } catch {
    return [WHOLE_CONTRACT];
  }
  const root = isMapping(contract) ? contract : {};
  if (segments[0] === "slaProperties" && segments[1] !== undefined) {
    const sla = Array.isArray(root.slaProperties) ? root.slaProperties[Number(segments[1])] : undefined;
    // An SLA without an element applies to the contract's slaDefaultElement (ODCS).
    const named = isMapping(sla) ? (sla.element ?? root.slaDefaultElement) : undefined;
    const element = typeof named === "string" ? named : "";
    const names = element
      .split(",")
      .map((e) => e.trim())
      .filter((e) => e !== "");
    return names.length > 0 ? names.map((n) => (n.includes(".") ? n : `${n}.*`)) : [WHOLE_CONTRACT];
  }
  if (segments[0] !== "schema" || segments[1] === undefined) return [WHOLE_CONTRACT];
  const object = Array.isArray(root.schema) ? root.schema[Number(segments[1])] : undefined;
  if (!isMapping(object) || typeof object.name !== "string") return [WHOLE_CONTRACT];
  const path: string[] = [];
  let current: Record<string, unknown> = object;
  for (let i = 2; i < segments.length; ) {
    if (segments[i] === "properties" && segments[i + 1] !== undefined && /^\d+$/.test(segments[i + 1]!)) {
      const next: unknown = Array.isArray(current.properties) ? current.properties[Number(segments[i + 1])] : undefined;
      if (!isMapping(next) || typeof next.name !== "string") break;
      path.push(next.name);
      current = next;
      i += 2;
    } else if (segments[i] === "items" && isMapping(current.items)) {
      current = current.items;
      i += 1;
    } else break;
  }
  return [`${object.name}.${path.length > 0 ? path.join(".") : "*"}`];
}
