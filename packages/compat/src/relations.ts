import { isMapping } from "@meshkit/core";

type Mapping = Record<string, unknown>;

/**
 * Foreign keys (ODCS 3.1 `relationships`) in a form that does not depend on where or how they are written.
 * ODCS lets one foreign key be declared on the property (`from` is implicit) or on its object (`from` names
 * the column), and lets either side name a column by shorthand (`orders.customer_id`) or by ids
 * (`schema/orders_obj/properties/customer_id_prop`). Consumers join on the columns, not on where the key is
 * written: a key moved between the two levels, or rewritten in the other notation, is the same join.
 */

function mappings(value: unknown): Mapping[] {
  return Array.isArray(value) ? value.filter(isMapping) : [];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** What an element is called in the data source (its physicalName, else its name): what a join names. */
function physical(element: Mapping): string | undefined {
  return text(element.physicalName) ?? text(element.name);
}

/** The names a reference may call an element by: its name and its physicalName, in lower case. */
function names(element: Mapping): string[] {
  return [text(element.name), text(element.physicalName)].filter((name) => name !== undefined).map((name) => name.toLowerCase());
}

/** The columns of one side's schema by every reference that names them (see referenceIndex). */
export type ReferenceIndex = ReadonlyMap<string, string>;

/**
 * The columns of a contract's schema by every reference that names them: `table.column` by name or physicalName
 * in lower case (warehouses fold unquoted names), and `schema/<object id>/properties/<property id>`. Built once
 * per side of a comparison, so a contract with thousands of keys resolves each in constant time.
 */
export function referenceIndex(schema: unknown): ReferenceIndex {
  const index = new Map<string, string>();
  for (const object of mappings(schema)) {
    for (const property of mappings(object.properties)) {
      const target = column(object, property);
      if (target === undefined) continue;
      for (const table of names(object)) for (const name of names(property)) if (!index.has(`${table}.${name}`)) index.set(`${table}.${name}`, target);
      if (typeof object.id === "string" && typeof property.id === "string") index.set(`schema/${object.id}/properties/${property.id}`, target);
    }
  }
  return index;
}

/**
 * The column a reference names within `schema` (`table.column`, by the names in the data source, so a key
 * rewritten for an object renamed in the contract alone still names the same join), or the reference itself
 * when it names none (another contract's column, another file's).
 */
function resolveReference(reference: string, index: ReferenceIndex): string {
  // A fully qualified reference to this contract is written with or without its leading `/`.
  return index.get(reference.replace(/^\//, "")) ?? index.get(reference.toLowerCase()) ?? reference;
}

/** A property's column as `table.column` in the data source, lower case (warehouses fold unquoted names). */
function column(object: Mapping, property: Mapping): string | undefined {
  const [table, name] = [physical(object), physical(property)];
  return table !== undefined && name !== undefined ? `${table}.${name}`.toLowerCase() : undefined;
}

function columnList(side: unknown): unknown[] | undefined {
  return typeof side === "string" ? [side] : Array.isArray(side) ? side : undefined;
}

/**
 * One foreign key's canonical key: its type and its (from, to) column pairs, sorted (a composite key's pairs in
 * any order are one key), each column resolved with `index` (its side's schema). `property`: the property it is written on (its
 * implicit `from`); `object`: the object that property, or the key, belongs to.
 */
export function relationKey(relation: Mapping, object: Mapping, property: Mapping | undefined, index: ReferenceIndex): string {
  const resolve = (reference: unknown) => (typeof reference === "string" ? resolveReference(reference, index) : JSON.stringify(reference));
  const implicit = property === undefined ? undefined : column(object, property);
  const from = property === undefined ? columnList(relation.from) : implicit === undefined ? undefined : [implicit];
  const to = columnList(relation.to);
  const pairs = from !== undefined && to !== undefined && from.length === to.length ? from.map((reference, i) => `${resolve(reference)} → ${resolve(to[i])}`).sort() : [JSON.stringify([relation.from ?? null, relation.to ?? null])];
  return JSON.stringify([relation.type ?? "foreignKey", ...pairs]);
}

/**
 * How many times `object` declares each foreign key (by canonical key), on the object and on its own properties:
 * one written on both levels is declared twice, and dropping either copy leaves the join in place.
 */
export function objectRelationKeys(object: Mapping, index: ReferenceIndex): Map<string, number> {
  const keys = mappings(object.relationships).map((r) => relationKey(r, object, undefined, index));
  for (const property of mappings(object.properties)) keys.push(...mappings(property.relationships).map((r) => relationKey(r, object, property, index)));
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
