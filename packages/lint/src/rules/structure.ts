import { defineRule } from "../rule.js";
import { allProperties, mappingsIn, pointer, schemaObjects, stringAt, type Mapping } from "../walk.js";
import type { PathSegment } from "@meshkit/core";

/** Reports every entry whose `name` repeats an earlier sibling's. */
function reportDuplicateNames(
  entries: readonly [Mapping, number][],
  listPath: PathSegment[],
  what: string,
  report: (path: string, message: string) => void,
) {
  const first = new Map<string, number>();
  for (const [entry, i] of entries) {
    const name = stringAt(entry, "name");
    if (name === undefined) continue;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, i);
    else report(pointer([...listPath, i, "name"]), `Duplicate ${what} name \`${name}\` (also at index ${earlier}); give each ${what} its own name.`);
  }
}

export const uniqueObjectName = defineRule({
  meta: { id: "unique-object-name", defaultSeverity: "error", description: "Schema object names are unique within a contract." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    reportDuplicateNames(mappingsIn((doc.value as Mapping).schema), ["schema"], "object", (path, message) => report({ path, message }));
  },
});

export const uniquePropertyName = defineRule({
  meta: { id: "unique-property-name", defaultSeverity: "error", description: "Property names are unique within their object." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    const contract = doc.value as Mapping;
    const owners: { list: unknown; path: PathSegment[] }[] = schemaObjects(contract).map(({ object, path }) => ({ list: object.properties, path: [...path, "properties"] }));
    // Nested lists (properties of object-typed properties and of array items) are rare: only those that exist.
    for (const { property, path } of allProperties(contract)) {
      if (Array.isArray(property.properties)) owners.push({ list: property.properties, path: [...path, "properties"] });
      const items = property.items as Mapping | undefined;
      if (items && Array.isArray(items.properties)) owners.push({ list: items.properties, path: [...path, "items", "properties"] });
    }
    for (const { list, path } of owners) reportDuplicateNames(mappingsIn(list), path, "property", (p, message) => report({ path: p, message }));
  },
});

export const primaryKeyPosition = defineRule({
  meta: { id: "primary-key-position", defaultSeverity: "error", description: "Primary key positions are numbered 1..n, unique, and only on key properties." },
  appliesTo: ["DataContract"],
  check(doc, { report }) {
    for (const { object, path } of schemaObjects(doc.value as Mapping)) {
      const keys: { name: string; position: unknown; path: PathSegment[] }[] = [];
      for (const [property, i] of mappingsIn(object.properties)) {
        const propertyPath = [...path, "properties", i];
        const position = property.primaryKeyPosition;
        if (property.primaryKey === true) {
          keys.push({ name: stringAt(property, "name") ?? `#${i}`, position, path: propertyPath });
        } else if (typeof position === "number" && position > 0) {
          report({
            path: pointer([...propertyPath, "primaryKeyPosition"]),
            message: `primaryKeyPosition ${position} on a property that is not a primary key; set primaryKey: true or use -1.`,
          });
        }
      }
      if (keys.length === 0) continue;
      const objectName = stringAt(object, "name") ?? "object";
      const seen = new Map<number, string>();
      for (const key of keys) {
        const position = key.position;
        if (position === undefined) {
          if (keys.length > 1)
            report({ path: pointer(key.path), message: `\`${key.name}\` is part of a composite primary key of \`${objectName}\` but has no primaryKeyPosition; number the key columns 1..${keys.length}.` });
          continue;
        }
        if (typeof position !== "number" || !Number.isInteger(position) || position < 1 || position > keys.length) {
          report({ path: pointer([...key.path, "primaryKeyPosition"]), message: `primaryKeyPosition of \`${key.name}\` is ${JSON.stringify(position)}; \`${objectName}\` has ${keys.length} key column(s), so use 1..${keys.length}.` });
          continue;
        }
        const other = seen.get(position);
        if (other !== undefined) {
          report({ path: pointer([...key.path, "primaryKeyPosition"]), message: `primaryKeyPosition ${position} of \`${key.name}\` is already used by \`${other}\`; each key column needs its own position.` });
        } else seen.set(position, key.name);
      }
    }
  },
});

