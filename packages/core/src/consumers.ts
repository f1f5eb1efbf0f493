/**
 * Who reads a contract: the registered consumer products whose ODPS input ports name it. compat
 * asks a `ConsumerDirectory` (the catalog implements one) which consumers a breaking change reaches,
 * without importing the catalog package.
 *
 * An input port declares the columns it reads with the custom property `usedColumns` (ODPS 1.0.0
 * allows any value in `customProperties[].value`):
 *
 *   inputPorts:
 *     - name: customer_campaigns
 *       version: 1.3.0
 *       contractId: 776c618b-3130-4fcd-8699-e5aa488bdc4c
 *       customProperties:
 *         - property: usedColumns
 *           value: [campaign_contacts.customer_id, campaign_contacts.converted]
 *
 * Each name is `object.column` (a nested field: `object.column.field`), `object.*` (every column of
 * the object) or a bare `column` (that column in whichever object has it). See docs/compat.md,
 * "Consumer impact".
 */
import type { Finding } from "./findings.js";
import { isMapping } from "./kinds.js";

/** The customProperty of an ODPS input port that lists the columns the consumer reads. */
export const USED_COLUMNS_PROPERTY = "usedColumns";

/** A product that reads a contract through one of its input ports. */
export interface ContractConsumer {
  /** ODPS `id` of the consuming product. */
  productId: string;
  /** ODPS `name` (the id when it has none). */
  productName: string;
  domain: string;
  /** The consuming product's version (the latest registered). */
  version?: string;
  /** Name of the input port that reads the contract. */
  port: string;
  /** The contract version the port names. */
  contractVersion?: string;
  /** The columns the port declares it reads (`usedColumns`), as declared; undefined when it declares none. */
  columns?: string[];
  /** The owning team. */
  owner?: string;
  /** Where to reach the owners: the first support channel (`#channel`, an address or a URL). */
  support?: string;
}

/** Where compat looks up the consumers of a contract (the catalog, or a test double). */
export interface ConsumerDirectory {
  /** Every registered consumer of a contract id, in a stable order. Throws a UsageError when the directory cannot be read. */
  consumersOf(contractId: string): Promise<ContractConsumer[]>;
  /** Problems met reading the directory (e.g. catalog entries that could not be read), as warnings; called after consumersOf. */
  findings?(): Promise<Finding[]>;
}

/**
 * The columns an input port declares it reads: the value of its `usedColumns` custom property, a
 * list of strings (a single string is split on commas and whitespace). Undefined when the port
 * declares none, declares an empty list, or the value is not a list of names.
 */
export function declaredColumns(port: unknown): string[] | undefined {
  if (typeof port !== "object" || port === null || !Array.isArray((port as { customProperties?: unknown }).customProperties)) return undefined;
  const entry = ((port as { customProperties: unknown[] }).customProperties).find(
    (p): p is { property: string; value?: unknown } => typeof p === "object" && p !== null && (p as { property?: unknown }).property === USED_COLUMNS_PROPERTY,
  );
  if (!entry) return undefined;
  const value = entry.value;
  const names = typeof value === "string" ? value.split(/[\s,]+/) : Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
  if (!names) return undefined;
  const cleaned = [...new Set(names.map((n) => n.trim()).filter((n) => n !== ""))];
  // An empty list says nothing about what the port reads: the same as no declaration.
  return cleaned.length > 0 ? cleaned : undefined;
}

/** A `usedColumns` name that stands for the whole contract (and what a change to all of it touches). */
export const WHOLE_CONTRACT = "*";

/** A used column as declared (or touched): `object` undefined for a bare column (any object), `*` for the whole contract. */
export interface ColumnName {
  object: string | undefined;
  path: string[];
}

/** A used column name, lower-cased (names are compared without regard to case), `[]` of array fields and trailing `.*` dropped. */
export function parseColumnName(text: string): ColumnName {
  const parts = text
    .trim()
    .toLowerCase()
    .split(".")
    .map((p) => p.replace(/\[\]$/, ""));
  if (parts.length === 1) return parts[0] === WHOLE_CONTRACT ? { object: WHOLE_CONTRACT, path: [] } : { object: undefined, path: parts };
  const [object, ...path] = parts;
  // `object.*` and `object.column.*`: everything below.
  while (path.at(-1) === "*") path.pop();
  return { object: object!, path };
}

/**
 * The schema objects of an ODCS contract that a declared used column reaches: the object it names holding the column
 * (nested fields followed into objects and array items), any object holding a bare column, every object for `*`.
 */
export function objectsHolding<T>(contract: unknown, declared: string): T[] {
  const name = parseColumnName(declared);
  const objects = isMapping(contract) && Array.isArray(contract.schema) ? (contract.schema.filter(isMapping) as T[]) : [];
  if (name.object === WHOLE_CONTRACT) return objects;
  const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : undefined);
  const resolves = (element: Record<string, unknown>, path: readonly string[]): boolean => {
    if (path.length === 0) return true;
    const holder = isMapping(element.items) ? element.items : element;
    const properties = Array.isArray(holder.properties) ? holder.properties.filter(isMapping) : [];
    const next = properties.find((p) => lower(p.name) === path[0]);
    return next !== undefined && resolves(next, path.slice(1));
  };
  return objects.filter((o) => (name.object === undefined || lower((o as Record<string, unknown>).name) === name.object) && resolves(o as Record<string, unknown>, name.path));
}
