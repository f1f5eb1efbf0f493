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
