import { posix } from "node:path";
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
  return [...new Set([text(element.name), text(element.physicalName)].filter((name) => name !== undefined).map((name) => name.toLowerCase()))];
}

/** The columns of one side's schema by every reference that names them (see referenceIndex). */
export interface ReferenceIndex {
  /** The column (`table.column[.field…]`, lower case) a reference names: a shorthand one in lower case, or a fully qualified one. */
  get(reference: string): string | undefined;
}

/**
 * The fields below a property or object (ODCS 3.1, as lint's relationship-reference reads them): its own
 * `properties`, and those of its array `items`, which references name as the array's own
 * (`schema/<object id>/properties/<array id>/properties/<field id>`, `orders.lines.sku`).
 */
function children(owner: Mapping): Mapping[] {
  return [...mappings(owner.properties), ...(isMapping(owner.items) ? mappings(owner.items.properties) : [])];
}

/** An object or property as shorthand references reach it: the names it may be called by, its column, the fields below it. */
interface NamedColumn {
  names: string[];
  column: string;
  fields: NamedColumn[];
}

/**
 * The columns of a contract's schema by every reference that names them: `table.column` by name or physicalName
 * in lower case (warehouses fold unquoted names), a nested one `table.column.field`, and
 * `schema/<object id>/properties/<property id>` (nested `.../properties/<id>`). Built once per side of a comparison.
 * A shorthand reference is followed name by name down the schema, not looked up among every way of writing each
 * column: each level of nesting may be called by its name or its physicalName, and listing every combination
 * doubles with each level (a contract nested 24 deep took minutes and gigabytes). Where two columns answer to one
 * reference, the first in the schema's order is the one it names.
 */
export function referenceIndex(schema: unknown): ReferenceIndex {
  const qualifiedIds = new Map<string, string>();
  const walk = (owner: Mapping, target: string, qualified: string | undefined): NamedColumn[] =>
    children(owner).flatMap((property) => {
      const name = physical(property);
      if (name === undefined) return [];
      const column = `${target}.${name.toLowerCase()}`;
      const id = qualified !== undefined && typeof property.id === "string" ? `${qualified}/properties/${property.id}` : undefined;
      if (id !== undefined) qualifiedIds.set(id, column);
      return [{ names: names(property), column, fields: walk(property, column, id) }];
    });
  const tables = mappings(schema).flatMap((object) => {
    const table = physical(object)?.toLowerCase();
    return table === undefined ? [] : [{ names: names(object), column: table, fields: walk(object, table, typeof object.id === "string" ? `schema/${object.id}` : undefined) }];
  });
  // The first column, in the schema's order (an element before the fields below it), that `rest` names among
  // `within` (`columns`) or below one of them; a table alone is no column, so its own name answers for nothing.
  const below = (within: readonly NamedColumn[], rest: string, columns: boolean): string | undefined => {
    for (const element of within) {
      if (columns && element.names.includes(rest)) return element.column;
      for (const name of element.names) {
        const found = rest.startsWith(`${name}.`) ? below(element.fields, rest.slice(name.length + 1), true) : undefined;
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return { get: (reference) => qualifiedIds.get(reference) ?? below(tables, reference, false) };
}

/**
 * The column a reference names within `schema` (`table.column`, by the names in the data source, so a key
 * rewritten for an object renamed in the contract alone still names the same join), or the reference itself
 * when it names none (another contract's column, another file's).
 */
function resolveReference(reference: string, index: ReferenceIndex): string {
  // Another contract's column (`<file>#<reference>`): its file as a path normalised (`./customers.yaml`, `a/../customers.yaml`
  // and `customers.yaml` are one file, as lint reads them; a URL as written), then the reference within it as below.
  const hash = reference.indexOf("#");
  if (hash > 0) {
    const file = reference.slice(0, hash);
    return `${file.includes("://") ? file : posix.normalize(file)}#${localReference(reference.slice(hash + 1))}`;
  }
  const local = localReference(reference);
  return index.get(local) ?? local;
}

/**
 * A reference as one key whatever its notation's options: a fully qualified one is written with or without its
 * leading `/` (ODCS's FullyQualifiedReference pattern); a shorthand one names a table and a column by name, in any case
 * (as within this contract), wherever they are.
 */
function localReference(reference: string): string {
  return reference.includes("/") ? reference.replace(/^\//, "") : reference.toLowerCase();
}

/**
 * The column of the element at `path` below `object` (`["properties", 2]`, `["properties", 0, "items", "properties", 1]`)
 * as `table.column[.field…]` in the data source, lower case (warehouses fold unquoted names); an array's `items`
 * themselves are its elements, `table.column[]`. Undefined where a step is no named element.
 */
export function columnAt(object: Mapping, path: readonly (string | number)[]): string | undefined {
  let name = physical(object);
  let current: Mapping = object;
  for (let i = 0; i < path.length && name !== undefined; ) {
    if (path[i] === "items" && i === path.length - 1 && isMapping(current.items)) return `${name}[]`.toLowerCase();
    const owner = path[i] === "items" ? current.items : current;
    const step = path[i] === "items" ? 1 : 0;
    const list = isMapping(owner) && path[i + step] === "properties" ? owner.properties : undefined;
    const next = Array.isArray(list) ? (list as unknown[])[Number(path[i + step + 1])] : undefined;
    if (!isMapping(next)) return undefined;
    const field = physical(next);
    name = field === undefined ? undefined : `${name}.${field}`;
    current = next;
    i += step + 2;
  }
  return name?.toLowerCase();
}

function columnList(side: unknown): unknown[] | undefined {
  return typeof side === "string" ? [side] : Array.isArray(side) ? side : undefined;
}

/**
 * The `from` columns of a foreign key written on its object, each resolved with `index` (its side's schema), or
 * undefined where they cannot be read.
 */
export function relationFrom(relation: Mapping, index: ReferenceIndex): string[] | undefined {
  const from = columnList(relation.from);
  return from?.every((reference) => typeof reference === "string") ? from.map((reference) => resolveReference(reference as string, index)) : undefined;
}

/**
 * One foreign key's canonical key: its type and its (from, to) column pairs, sorted (a composite key's pairs in
 * any order are one key), each column resolved with `index` (its side's schema). `at`: where below `object` the key
 * is written (empty on the object itself, else the path of the property, nested or an array's items, whose column
 * is its implicit `from`: see columnAt).
 */
export function relationKey(relation: Mapping, object: Mapping, at: readonly (string | number)[], index: ReferenceIndex): string {
  const resolve = (reference: unknown) => (typeof reference === "string" ? resolveReference(reference, index) : JSON.stringify(reference));
  const implicit = at.length === 0 ? undefined : columnAt(object, at);
  const from = at.length === 0 ? columnList(relation.from) : implicit === undefined ? undefined : [implicit];
  const to = columnList(relation.to);
  const pairs = from !== undefined && to !== undefined && from.length === to.length ? from.map((reference, i) => `${resolve(reference)} → ${resolve(to[i])}`).sort() : [JSON.stringify([relation.from ?? null, relation.to ?? null])];
  return JSON.stringify([relation.type ?? "foreignKey", ...pairs]);
}

/** The paths below `object` of every element that may write property-level `relationships`: its properties at any depth, and arrays' `items`. */
export function relationOwners(object: Mapping): { value: Mapping; at: (string | number)[] }[] {
  const owners: { value: Mapping; at: (string | number)[] }[] = [];
  const walk = (owner: Mapping, at: (string | number)[]) => {
    if (Array.isArray(owner.properties)) owner.properties.forEach((property: unknown, i) => {
      if (!isMapping(property)) return;
      owners.push({ value: property, at: [...at, "properties", i] });
      walk(property, [...at, "properties", i]);
    });
    if (at.length > 0 && isMapping(owner.items)) {
      owners.push({ value: owner.items, at: [...at, "items"] });
      walk(owner.items, [...at, "items"]);
    }
  };
  walk(object, []);
  return owners;
}

/**
 * How many times `object` declares each foreign key (by canonical key), on the object and on its properties (nested
 * ones and arrays' items too): one written on both levels is declared twice, and dropping either copy leaves the join in place.
 */
export function objectRelationKeys(object: Mapping, index: ReferenceIndex): Map<string, number> {
  const keys = mappings(object.relationships).map((r) => relationKey(r, object, [], index));
  for (const { value, at } of relationOwners(object)) keys.push(...mappings(value.relationships).map((r) => relationKey(r, object, at, index)));
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
