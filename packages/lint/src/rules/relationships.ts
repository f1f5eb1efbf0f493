import type { PathSegment } from "@meshkit/core";
import { defineRule } from "../rule.js";
import { allProperties, childLookup, mappingsIn, objectLookup, pointer, schemaObjects, stringAt, type Mapping } from "../walk.js";

/**
 * ODCS v3.1.0 relationships (foreign keys): at a schema object, `from` and `to`; at a property, `to`
 * (`from` is the property). Each side is one reference, or a list of them for a composite key.
 */
interface RelationshipRef {
  relationship: Mapping;
  path: PathSegment[];
  /** At a property, `from` is that one property (ODCS forbids writing it); at a schema object both sides are written. */
  level: "object" | "property";
  /** The property a property-level relationship starts from. */
  owner?: Mapping;
}

function relationships(contract: Mapping): RelationshipRef[] {
  const found: RelationshipRef[] = [];
  for (const { object, path } of schemaObjects(contract)) {
    for (const [relationship, i] of mappingsIn(object.relationships)) found.push({ relationship, path: [...path, "relationships", i], level: "object" });
  }
  for (const { property, path } of allProperties(contract)) {
    for (const [relationship, i] of mappingsIn(property.relationships)) found.push({ relationship, path: [...path, "relationships", i], level: "property", owner: property });
  }
  return found;
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

/**
 * The property of this contract a reference names: the fully qualified notation by ids
 * (`schema/<object id>/properties/<property id>`, nested `.../properties/<id>`, optionally after a `/`), the shorthand by names
 * (`object.property`, nested `object.property.child`). A reference into another contract (a file or URL,
 * then `#`) is not this contract's: "external".
 */
function referencedProperty(contract: Mapping, reference: string): Mapping | undefined | "external" {
  if (reference.includes("#")) return "external";
  return reference.includes("/") ? propertyById(contract, idSegments(reference)) : propertyByName(contract, reference.split("."));
}

/**
 * The segments of a fully qualified reference. ODCS's FullyQualifiedReference pattern allows one leading
 * `/` (`/schema/<object id>/...`, as after `file.yaml#/`): it names the same property as without it.
 */
function idSegments(reference: string): string[] {
  return (reference.startsWith("/") ? reference.slice(1) : reference).split("/");
}

/** `schema`, an object id, then `properties`/<id> pairs down to the property. */
function propertyById(contract: Mapping, parts: readonly string[]): Mapping | undefined {
  if (parts[0] !== "schema" || parts.length < 4 || parts.length % 2 !== 0) return undefined;
  let current = objectById(contract, parts[1]!);
  for (let i = 2; current && i < parts.length; i += 2) {
    current = parts[i] === "properties" ? childById(contract, current, parts[i + 1]!) : undefined;
  }
  return current;
}

/** An object name, then property names down to the property. */
function propertyByName(contract: Mapping, [first, ...rest]: readonly string[]): Mapping | undefined {
  if (rest.length === 0) return undefined;
  let current = objectByName(contract, first!);
  for (const name of rest) current = current && childByName(contract, current, name);
  return current;
}

export const relationshipReference = defineRule({
  // A warning by default: a reference that does not resolve may be a table this contract does not
  // describe (ODCS's own full example points at one), but usually it is a rename left behind.
  meta: { id: "relationship-reference", defaultSeverity: "warning", description: "A relationship's `from` and `to` name properties of this contract (or another contract, after `#`)." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const contract = doc.value as Mapping;
    for (const { relationship, path } of relationships(contract)) {
      for (const side of ["from", "to"] as const) {
        const value = relationship[side];
        const references = Array.isArray(value) ? value.map((v, i) => [v, [...path, side, i]] as const) : [[value, [...path, side]] as const];
        for (const [reference, at] of references) {
          if (typeof reference !== "string" || referencedProperty(contract, reference) !== undefined) continue;
          const notation = reference.includes("/") ? "schema/<object id>/properties/<property id> (by ids)" : "object.property (by names)";
          report({ path: pointer(at), message: `Relationship \`${side}\` \`${reference}\` names no property of this contract (as ${notation}); point it at an existing property, or at another contract's with \`<contract file>#<reference>\`.` });
        }
      }
    }
  },
});

export const relationshipKeyLength = defineRule({
  meta: { id: "relationship-key-length", defaultSeverity: "error", description: "A composite-key relationship has as many `from` as `to` properties, each listed once (at a property, `from` is that one property)." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    for (const { relationship, path, level } of relationships(doc.value as Mapping)) {
      const { from, to } = relationship;
      // A property's relationship keys that one column: a `to` list of several has nothing to pair them with.
      // (A `from` written there is the schema's error: then the written sides are compared as below.)
      if (level === "property" && from === undefined && Array.isArray(to) && to.length > 1) {
        report({ path: pointer([...path, "to"]), message: `A property's relationship starts from that one property, but \`to\` lists ${to.length} properties; name one (one relationship per target), or move it to the object's \`relationships\` with \`from\` listing the ${to.length} key properties.` });
        continue;
      }
      // A composite key names each column once: SQL refuses `FOREIGN KEY (a, a)`, and a repeated target pairs two
      // source columns with one. Usually a copied line whose name was not changed.
      for (const side of ["from", "to"] as const) {
        const listed = relationship[side];
        if (!Array.isArray(listed)) continue;
        listed.forEach((reference, i) => {
          const first = listed.indexOf(reference);
          if (typeof reference !== "string" || first === i) return;
          report({ path: pointer([...path, side, i]), message: `Composite key: \`${side}\` lists \`${reference}\` twice (positions ${first + 1} and ${i + 1}); a key names each property once: remove the copy, or name the property meant.` });
        });
      }
      if (!Array.isArray(from) || !Array.isArray(to) || from.length === to.length) continue;
      report({ path: pointer([...path, "to"]), message: `Composite key: \`from\` lists ${from.length} properties and \`to\` ${to.length}; each \`from\` property pairs with the \`to\` property at its position, so the lists must be as long.` });
    }
  },
});

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
    for (const { relationship, path, owner } of relationships(contract)) {
      // Pairs (from, to) by position; at a property, `from` is that property itself.
      const from: unknown[] = owner ? [owner] : Array.isArray(relationship.from) ? relationship.from : [relationship.from];
      const to: unknown[] = Array.isArray(relationship.to) ? relationship.to : [relationship.to];
      // Lists of different lengths are relationship-key-length's finding: nothing pairs up reliably.
      if (from.length !== to.length) continue;
      for (let i = 0; i < to.length; i++) {
        const source = owner ?? referencedHere(contract, from[i]);
        const target = referencedHere(contract, to[i]);
        const fromType = source && stringAt(source, "logicalType");
        const toType = target && stringAt(target, "logicalType");
        if (fromType === undefined || toType === undefined || comparableTypes(fromType, toType)) continue;
        const fromName = owner ? stringAt(owner, "name") ?? "this property" : String(from[i]);
        report({
          path: pointer(Array.isArray(relationship.to) ? [...path, "to", i] : [...path, "to"]),
          message: `Relationship joins \`${fromName}\` (${fromType}) to \`${String(to[i])}\` (${toType}): a key and the property it references need the same logical type, or the join never matches without a cast; change one of the two logicalTypes.`,
        });
      }
    }
  },
});

/** The property of this contract a relationship side names; undefined for another contract's or one that does not resolve. */
function referencedHere(contract: Mapping, reference: unknown): Mapping | undefined {
  if (typeof reference !== "string") return undefined;
  const property = referencedProperty(contract, reference);
  return property === "external" ? undefined : property;
}
