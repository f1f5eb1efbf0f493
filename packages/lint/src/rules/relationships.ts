import { posix } from "node:path";
import { ODCS_30_API_VERSIONS, type PathSegment } from "@meshkit/core";
import { defineRule } from "../rule.js";
import { childLookup, mappingsIn, objectLookup, pointer, schemaObjects, stringAt, valueDefinitions, type Mapping } from "../walk.js";

/**
 * ODCS v3.1.0 relationships (foreign keys): at a schema object, `from` and `to`; at a property, `to`
 * (`from` is the property). Each side is one reference, or a list of them for a composite key.
 */
interface RelationshipRef {
  relationship: Mapping;
  path: PathSegment[];
  /** At a property, `from` is that one property (ODCS forbids writing it); at a schema object both sides are written. */
  level: "object" | "property";
  /** The property (or an array property's `items`) a property-level relationship starts from. */
  owner?: Mapping;
  /** How messages name the owner: its name, or `tag_ids[]` for the items of the array `tag_ids`. */
  ownerName?: string;
}

function relationships(contract: Mapping): RelationshipRef[] {
  const found: RelationshipRef[] = [];
  // ODCS v3.0.x defines no relationships: schema-valid reports the key ("valid in ODCS v3.1.0"), and checking
  // what it holds would only report the same lines again, under rules whose advice assumes v3.1.0.
  if ((ODCS_30_API_VERSIONS as readonly unknown[]).includes(contract.apiVersion)) return found;
  for (const { object, path } of schemaObjects(contract)) {
    for (const [relationship, i] of mappingsIn(object.relationships)) found.push({ relationship, path: [...path, "relationships", i], level: "object" });
  }
  // Properties, nested ones, and arrays' `items` (ODCS gives items a property's fields, `relationships` included:
  // an array of keys, each referencing another table).
  for (const { owner, path } of valueDefinitions(contract)) {
    const ownerName = path.at(-1) === "items" ? `${nameAt(contract, path.slice(0, -1)) ?? "array"}[]` : stringAt(owner, "name");
    for (const [relationship, i] of mappingsIn(owner.relationships)) found.push({ relationship, path: [...path, "relationships", i], level: "property", owner, ownerName });
  }
  return found;
}

/** The `name` of the mapping at `path` in the document (an array property, for its `items`), if it has one. */
function nameAt(root: Mapping, path: readonly PathSegment[]): string | undefined {
  let node: unknown = root;
  for (const segment of path) node = node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[segment] : undefined;
  return node !== null && typeof node === "object" && !Array.isArray(node) ? stringAt(node as Mapping, "name") : undefined;
}

/** The properties below a property or object: its own, and those of its array `items`. */
function children(owner: Mapping): Mapping[] {
  const items = owner.items !== null && typeof owner.items === "object" && !Array.isArray(owner.items) ? (owner.items as Mapping) : undefined;
  return [...mappingsIn(owner.properties), ...(items ? mappingsIn(items.properties) : [])].map(([p]) => p);
}

const objectById = objectLookup(["id"]);
const objectByName = objectLookup(["name"]);
const childById = childLookup(children, ["id"]);
const childByName = childLookup(children, ["name"]);

/** A property of this contract a reference names, and the schema object (table) it belongs to, nested or not. */
interface Resolved {
  object: Mapping;
  property: Mapping;
}

/**
 * The property of this contract a reference names: the fully qualified notation by ids
 * (`schema/<object id>/properties/<property id>`, nested `.../properties/<id>`, optionally after a `/`), the shorthand by names
 * (`object.property`, nested `object.property.child`). A reference into another contract (a file or URL,
 * then `#`) is not this contract's: "external".
 */
function resolveReference(contract: Mapping, reference: string): Resolved | undefined | "external" {
  if (reference.includes("#")) return "external";
  const found = walkReference(contract, reference);
  return typeof found === "string" ? undefined : found;
}

/** The property a reference of this contract names, or why it names none (see resolveReference). */
function walkReference(contract: Mapping, reference: string): Resolved | string {
  return reference.includes("/") ? propertyById(contract, idSegments(reference)) : propertyByName(contract, reference.split("."));
}

/**
 * The segments of a fully qualified reference. ODCS's FullyQualifiedReference pattern allows one leading
 * `/` (`/schema/<object id>/...`, as after `file.yaml#/`): it names the same property as without it.
 */
function idSegments(reference: string): string[] {
  return (reference.startsWith("/") ? reference.slice(1) : reference).split("/");
}

/** How a message names an element by its other key: ` (its id is `x`)`, ` (it has no id)`. */
function otherKey(element: Mapping, key: "id" | "name"): string {
  const value = stringAt(element, key);
  return value === undefined ? ` (it has no ${key})` : ` (its ${key} is \`${value}\`)`;
}

/** `schema`, an object id, then `properties`/<id> pairs down to the property; or why it names none. */
function propertyById(contract: Mapping, parts: readonly string[]): Resolved | string {
  if (parts[0] === "schema" && parts.length === 2) return `it names the object \`${parts[1]}\`, not one of its properties: add \`/properties/<property id>\``;
  if (parts[0] !== "schema" || parts.length < 4 || parts.length % 2 !== 0) return "write it `schema/<object id>/properties/<property id>` (nested: `.../properties/<id>`)";
  const object = objectById(contract, parts[1]!);
  if (!object) {
    const named = objectByName(contract, parts[1]!);
    return named ? `\`${parts[1]}\` is an object's name, not its id${otherKey(named, "id")}` : `no schema object has the id \`${parts[1]}\``;
  }
  let current = object;
  for (let i = 2; i < parts.length; i += 2) {
    const id = parts[i + 1]!;
    const child = parts[i] === "properties" ? childById(contract, current, id) : undefined;
    if (!child) {
      const named = parts[i] === "properties" ? childByName(contract, current, id) : undefined;
      const owner = `\`${parts.slice(0, i).join("/")}\``;
      if (parts[i] !== "properties") return `after ${owner} comes \`properties\`, not \`${parts[i]}\``;
      return named ? `\`${id}\` is the name of a property of ${owner}, not its id${otherKey(named, "id")}` : `${owner} has no property with the id \`${id}\``;
    }
    current = child;
  }
  return { object, property: current };
}

/** An object name, then property names down to the property; or why it names none. */
function propertyByName(contract: Mapping, parts: readonly string[]): Resolved | string {
  const [first, ...rest] = parts;
  if (rest.length === 0) return "write it `object.property`";
  const object = objectByName(contract, first!);
  if (!object) {
    const byId = objectById(contract, first!);
    return byId ? `\`${first}\` is an object's id, not its name${otherKey(byId, "name")}` : `no schema object is named \`${first}\``;
  }
  let current = object;
  for (const [i, name] of rest.entries()) {
    const child = childByName(contract, current, name);
    if (!child) {
      const byId = childById(contract, current, name);
      const owner = `\`${parts.slice(0, i + 1).join(".")}\``;
      return byId ? `\`${name}\` is the id of a property of ${owner}, not its name${otherKey(byId, "name")}` : `${owner} has no property named \`${name}\``;
    }
    current = child;
  }
  return { object, property: current };
}

/**
 * What a reference stands for, so that two spellings of one reference compare equal: the property of this contract
 * it resolves to; else its text, with ODCS's optional leading `/` of the fully qualified notation (also after `#`) dropped.
 */
function referenceIdentity(contract: Mapping, reference: string): Mapping | string {
  const resolved = resolveReference(contract, reference);
  if (resolved !== undefined && resolved !== "external") return resolved.property;
  const { file, local } = referenceParts(reference);
  return file === undefined ? local : `${file}#${local}`;
}

/**
 * A reference's contract file (undefined: this contract's), as a relative path normalised (`./customers.yaml` and
 * `customers.yaml` are one file; a URL is kept as written), and the reference after `#` without ODCS's optional
 * leading `/` of the fully qualified notation.
 */
function referenceParts(reference: string): { file: string | undefined; local: string } {
  const hash = reference.indexOf("#");
  const written = reference.slice(hash + 1);
  const local = written.startsWith("/") ? written.slice(1) : written;
  if (hash < 0) return { file: undefined, local };
  const file = reference.slice(0, hash);
  return { file: file.includes("://") ? file : posix.normalize(file), local };
}

/** The table a reference is a column of (see referencedTable). */
interface ReferencedTable {
  key: Mapping | string;
  name: string;
  /** In another contract: its file, and whether the reference names the object by its id or by its name. */
  external?: { file: string; by: "id" | "name" };
}

/**
 * The table a reference is a column of: the schema object of this contract it resolves in, or, in another contract,
 * that contract and its object (`customers.yaml#customers_tbl`); undefined when that cannot be told (a reference that
 * does not resolve, or is written in neither notation).
 */
function referencedTable(contract: Mapping, reference: string): ReferencedTable | undefined {
  const resolved = resolveReference(contract, reference);
  if (resolved === undefined) return undefined;
  if (resolved !== "external") return { key: resolved.object, name: stringAt(resolved.object, "name") ?? stringAt(resolved.object, "id") ?? "an unnamed object" };
  const { file = "", local } = referenceParts(reference);
  // After `#`: `schema/<object id>/...` (ODCS's notation there), or the shorthand `<object name>.<property>`.
  const by = local.includes("/") ? "id" : "name";
  const [section, object] = by === "id" ? idSegments(local) : ["schema", ...local.split(".")];
  if (section !== "schema" || object === undefined || object === local) return undefined;
  const key = `${file}#${object}`;
  return { key, name: key, external: { file, by } };
}

/**
 * Whether two references' tables are told apart: not when both are of one other contract, one named by its id and the
 * other by its name (`customers.yaml#schema/customers_tbl/...` and `customers.yaml#customers.region` may be one object,
 * which only that contract can say).
 */
function differentTables(a: ReferencedTable, b: ReferencedTable): boolean {
  if (a.key === b.key) return false;
  return !(a.external && b.external && a.external.file === b.external.file && a.external.by !== b.external.by);
}

/** The properties a relationship pairs, by position: each `from` property (at a property, that property) with its `to` property. */
interface KeyPair {
  /** The `from` property, as resolved in this contract (undefined: another contract's, or unresolved), and as written. */
  source: Mapping | undefined;
  sourceText: string;
  target: Mapping | undefined;
  targetText: string;
  /** Where the `to` reference is written. */
  at: PathSegment[];
}

/**
 * The pairs of a relationship whose sides are as long as each other (one reference each, or lists of one length; at a
 * property, `from` is that one property); none otherwise: lists of different lengths are relationship-key-length's finding.
 */
function keyPairs(contract: Mapping, { relationship, path, owner, ownerName }: RelationshipRef): KeyPair[] {
  const from: unknown[] = owner ? [owner] : Array.isArray(relationship.from) ? relationship.from : [relationship.from];
  const to: unknown[] = Array.isArray(relationship.to) ? relationship.to : [relationship.to];
  if (from.length !== to.length) return [];
  return to.map((target, i) => ({
    source: owner ?? referencedHere(contract, from[i]),
    sourceText: owner ? (ownerName ?? "this property") : String(from[i]),
    target: referencedHere(contract, target),
    targetText: String(target),
    at: Array.isArray(relationship.to) ? [...path, "to", i] : [...path, "to"],
  }));
}

export const relationshipReference = defineRule({
  // A warning by default: a reference that does not resolve may be a table this contract does not
  // describe (ODCS's own full example points at one), but usually it is a rename left behind.
  meta: { id: "relationship-reference", defaultSeverity: "warning", description: "A relationship's `from` and `to` name properties of this contract (or another contract, after `#`), and `to` another property than `from`." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const contract = doc.value as Mapping;
    for (const ref of relationships(contract)) {
      const { relationship, path } = ref;
      for (const side of ["from", "to"] as const) {
        const value = relationship[side];
        const references = Array.isArray(value) ? value.map((v, i) => [v, [...path, side, i]] as const) : [[value, [...path, side]] as const];
        for (const [reference, at] of references) {
          if (typeof reference !== "string" || reference.includes("#")) continue;
          const found = walkReference(contract, reference);
          if (typeof found !== "string") continue;
          const notation = reference.includes("/") ? "id" : "name";
          report({ path: pointer(at), message: `Relationship \`${side}\` \`${reference}\` names no property of this contract: ${found}; point it at an existing property (this notation names objects and properties by ${notation}), or at another contract's with \`<contract file>#<reference>\`.` });
        }
      }
      // A key that references the very column it is (`customer_id` -> `orders.customer_id`) always matches and joins
      // nothing: a copied relationship whose target was not changed. (A column referencing another of its own table,
      // `manager_id` -> `employees.id`, is a hierarchy, and fine.)
      for (const { source, sourceText, target, targetText, at } of keyPairs(contract, ref)) {
        if (source === undefined || source !== target) continue;
        report({ path: pointer(at), message: `Relationship \`to\` \`${targetText}\` names the property it starts from (\`${sourceText}\`): a key that references itself always matches and says nothing; point \`to\` at the key of the table referenced.` });
      }
    }
  },
});

export const relationshipKeyLength = defineRule({
  meta: { id: "relationship-key-length", defaultSeverity: "error", description: "A composite-key relationship has as many `from` as `to` properties, each listed once, each side in one object (at a property, `from` is that one property)." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const contract = doc.value as Mapping;
    for (const { relationship, path, level } of relationships(contract)) {
      const { from, to } = relationship;
      // A property's relationship keys that one column: a `to` list of several has nothing to pair them with.
      // (A `from` written there is the schema's error: then the written sides are compared as below.)
      if (level === "property" && from === undefined && Array.isArray(to) && to.length > 1) {
        report({ path: pointer([...path, "to"]), message: `A property's relationship starts from that one property, but \`to\` lists ${to.length} properties; name one (one relationship per target), or move it to the object's \`relationships\` with \`from\` listing the ${to.length} key properties.` });
        continue;
      }
      for (const side of ["from", "to"] as const) {
        const listed = relationship[side];
        if (!Array.isArray(listed)) continue;
        reportRepeatedKeyColumns(contract, listed, [...path, side], side, report);
        reportKeySpanningTables(contract, listed, [...path, side], side, report);
      }
      if (!Array.isArray(from) || !Array.isArray(to) || from.length === to.length) continue;
      report({ path: pointer([...path, "to"]), message: `Composite key: \`from\` lists ${from.length} properties and \`to\` ${to.length}; each \`from\` property pairs with the \`to\` property at its position, so the lists must be as long.` });
    }
  },
});

type Report = (init: { path: string; message: string }) => void;

/**
 * A composite key names each column once: SQL refuses `FOREIGN KEY (a, a)`, and a repeated target pairs two source
 * columns with one. Usually a copied line whose name was not changed; or one column written in both notations
 * (`orders.customer_id` and `schema/orders_tbl/properties/cust_col`, `/schema/...` and `schema/...`).
 */
function reportRepeatedKeyColumns(contract: Mapping, listed: readonly unknown[], listPath: PathSegment[], side: string, report: Report) {
  const first = new Map<Mapping | string, number>();
  listed.forEach((reference, i) => {
    if (typeof reference !== "string") return;
    const identity = referenceIdentity(contract, reference);
    const earlier = first.get(identity);
    if (earlier === undefined) {
      first.set(identity, i);
      return;
    }
    const written = listed[earlier];
    const what = written === reference ? `\`${reference}\` twice (positions ${earlier + 1} and ${i + 1})` : `one property twice, written \`${String(written)}\` (position ${earlier + 1}) and \`${reference}\` (position ${i + 1})`;
    report({ path: pointer([...listPath, i]), message: `Composite key: \`${side}\` lists ${what}; a key names each property once: remove the copy, or name the property meant.` });
  });
}

/**
 * A foreign key is columns of one table referencing columns of one table: a composite key whose `from` (or `to`)
 * names properties of two objects (`[customers.id, accounts.region]`) can be created nowhere, and nobody can tell
 * which table it joins. Reported at the first property of another object than the first's; references that do not
 * resolve are relationship-reference's finding, and not compared.
 */
function reportKeySpanningTables(contract: Mapping, listed: readonly unknown[], listPath: PathSegment[], side: string, report: Report) {
  let first: ReferencedTable | undefined;
  for (let i = 0; i < listed.length; i++) {
    const reference = listed[i];
    const table = typeof reference === "string" ? referencedTable(contract, reference) : undefined;
    if (table === undefined) continue;
    if (first === undefined) first = table;
    else if (differentTables(first, table)) {
      report({ path: pointer([...listPath, i]), message: `Composite key: \`${side}\` names properties of \`${first.name}\` and of \`${table.name}\` (\`${String(reference)}\`, position ${i + 1}); a key's properties are all in one object, as a foreign key joins one table to one table: write one relationship per object, or name the property of \`${first.name}\` meant.` });
      return;
    }
  }
}

/** Logical types whose values compare with each other: an integer key may reference a number column. */
const NUMERIC_TYPES: ReadonlySet<string> = new Set(["integer", "number"]);

function comparableTypes(from: string, to: string): boolean {
  return from === to || (NUMERIC_TYPES.has(from) && NUMERIC_TYPES.has(to));
}

export const relationshipType = defineRule({
  // A warning by default, as relationship-reference: a platform that casts keys on join may want it off.
  meta: { id: "relationship-type", defaultSeverity: "warning", description: "The two properties a relationship joins have the same logical type (integer and number count as one)." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const contract = doc.value as Mapping;
    for (const ref of relationships(contract)) {
      for (const { source, sourceText, target, targetText, at } of keyPairs(contract, ref)) {
        const fromType = source && stringAt(source, "logicalType");
        const toType = target && stringAt(target, "logicalType");
        if (fromType === undefined || toType === undefined || comparableTypes(fromType, toType)) continue;
        report({
          path: pointer(at),
          message: `Relationship joins \`${sourceText}\` (${fromType}) to \`${targetText}\` (${toType}): a key and the property it references need the same logical type, or the join never matches without a cast; change one of the two logicalTypes.`,
        });
      }
    }
  },
});

/** The property of this contract a relationship side names; undefined for another contract's or one that does not resolve. */
function referencedHere(contract: Mapping, reference: unknown): Mapping | undefined {
  if (typeof reference !== "string") return undefined;
  const resolved = resolveReference(contract, reference);
  return resolved === undefined || resolved === "external" ? undefined : resolved.property;
}
