import { isMapping, toPointer, type PathSegment } from "@meshkit/core";

export type Mapping = Record<string, unknown>;

/** Rules run on documents that may be schema-invalid: these read a shape without trusting it. */
const NONE: readonly [Mapping, number][] = Object.freeze([]);

export function mappingsIn(value: unknown): readonly [Mapping, number][] {
  if (!Array.isArray(value)) return NONE;
  const out: [Mapping, number][] = [];
  for (let i = 0; i < value.length; i++) if (isMapping(value[i])) out.push([value[i] as Mapping, i]);
  return out;
}

export function stringAt(value: Mapping, key: string): string | undefined {
  const v = value[key];
  return typeof v === "string" ? v : undefined;
}

export interface SchemaObjectRef {
  object: Mapping;
  path: PathSegment[];
}

export interface PropertyRef {
  property: Mapping;
  path: PathSegment[];
  /** The object the property belongs to (top-level schema object). */
  object: Mapping;
  /** Sibling list the property is in: names must be unique within it. */
  siblingsPath: PathSegment[];
}

// Most rules walk the same objects and properties: walk each contract once (linting is the hot path
// of CI runs over thousands of contracts). Documents are never mutated after loading.
const objectsCache = new WeakMap<Mapping, SchemaObjectRef[]>();
const propertiesCache = new WeakMap<Mapping, PropertyRef[]>();

export function schemaObjects(contract: Mapping): SchemaObjectRef[] {
  let objects = objectsCache.get(contract);
  if (!objects) {
    objects = mappingsIn(contract.schema).map(([object, i]) => ({ object, path: ["schema", i] }));
    objectsCache.set(contract, objects);
  }
  return objects;
}

/** Every property of every object, nested ones (`properties` of object-typed properties and `items`) included. */
export function allProperties(contract: Mapping): PropertyRef[] {
  const cached = propertiesCache.get(contract);
  if (cached) return cached;
  const out: PropertyRef[] = [];
  const visit = (owner: Mapping, ownerPath: PathSegment[], object: Mapping) => {
    for (const [property, i] of mappingsIn(owner.properties)) {
      const path = [...ownerPath, "properties", i];
      out.push({ property, path, object, siblingsPath: [...ownerPath, "properties"] });
      visit(property, path, object);
      if (isMapping(property.items)) visit(property.items, [...path, "items"], object);
    }
  };
  for (const { object, path } of schemaObjects(contract)) visit(object, path, object);
  propertiesCache.set(contract, out);
  return out;
}

export interface QualityRef {
  rule: Mapping;
  path: PathSegment[];
  level: "property" | "object";
}

const qualityCache = new WeakMap<Mapping, QualityRef[]>();

/** Every quality rule with its level: on a schema object, or on a (possibly nested) property. */
export function qualityRules(contract: Mapping): QualityRef[] {
  let out = qualityCache.get(contract);
  if (out) return out;
  out = [];
  for (const { object, path } of schemaObjects(contract))
    for (const [rule, i] of mappingsIn(object.quality)) out.push({ rule, path: [...path, "quality", i], level: "object" });
  for (const { property, path } of allProperties(contract))
    for (const [rule, i] of mappingsIn(property.quality)) out.push({ rule, path: [...path, "quality", i], level: "property" });
  qualityCache.set(contract, out);
  return out;
}

export const pointer = toPointer;
