import { isMapping, toPointer, type PathSegment } from "@meshkit/core";

export type Mapping = Record<string, unknown>;

/** Rules run on documents that may be schema-invalid: these read a shape without trusting it. */
export function mappingsIn(value: unknown): [Mapping, number][] {
  return Array.isArray(value) ? value.flatMap((item, i): [Mapping, number][] => (isMapping(item) ? [[item, i]] : [])) : [];
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

export function schemaObjects(contract: Mapping): SchemaObjectRef[] {
  return mappingsIn(contract.schema).map(([object, i]) => ({ object, path: ["schema", i] }));
}

/** Every property of every object, nested ones (`properties` of object-typed properties and `items`) included. */
export function allProperties(contract: Mapping): PropertyRef[] {
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
  return out;
}

export const pointer = toPointer;
