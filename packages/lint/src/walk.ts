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
}

/**
 * Most rules walk the same objects and properties: each walk is computed once per contract. The rules
 * check one document after another, so remembering the last contract is enough, and costs the
 * garbage collector nothing (a WeakMap's entries do). Documents are never mutated after loading.
 */
function lastOnly<T>(compute: (contract: Mapping) => T): (contract: Mapping) => T {
  let key: Mapping | undefined;
  let value: T | undefined;
  return (contract) => {
    if (key !== contract) {
      value = compute(contract);
      key = contract;
    }
    return value as T;
  };
}

export const schemaObjects = lastOnly((contract): SchemaObjectRef[] => mappingsIn(contract.schema).map(([object, i]) => ({ object, path: ["schema", i] })));

/** A mapping that describes one value (a property, or an array's `items`), and its path. */
export interface ValueDefinitionRef {
  owner: Mapping;
  path: PathSegment[];
}

/**
 * Every property of every object, nested ones (`properties` of object-typed properties and of array
 * `items`, at any depth) included, and every array's `items` definition (items of items too).
 */
const nesting = lastOnly((contract): { properties: PropertyRef[]; items: ValueDefinitionRef[] } => {
  const properties: PropertyRef[] = [];
  const items: ValueDefinitionRef[] = [];
  const visit = (owner: Mapping, ownerPath: PathSegment[], object: Mapping) => {
    for (const [property, i] of mappingsIn(owner.properties)) {
      const path = [...ownerPath, "properties", i];
      properties.push({ property, path, object });
      visit(property, path, object);
    }
    if (isMapping(owner.items)) {
      const path = [...ownerPath, "items"];
      items.push({ owner: owner.items, path });
      visit(owner.items, path, object);
    }
  };
  for (const { object, path } of schemaObjects(contract)) visit(object, path, object);
  return { properties, items };
});

export const allProperties = (contract: Mapping): PropertyRef[] => nesting(contract).properties;

/** Every property and every array `items` definition: what can hold nested `properties` and `quality`. */
export function valueDefinitions(contract: Mapping): ValueDefinitionRef[] {
  const { properties, items } = nesting(contract);
  return [...properties.map(({ property, path }) => ({ owner: property, path })), ...items];
}

export interface QualityRef {
  rule: Mapping;
  path: PathSegment[];
  level: "property" | "object";
}

/** Every quality rule with its level: on a schema object, or on a (possibly nested) property or array items. */
export const qualityRules = lastOnly((contract): QualityRef[] => {
  const out: QualityRef[] = [];
  for (const { object, path } of schemaObjects(contract))
    for (const [rule, i] of mappingsIn(object.quality)) out.push({ rule, path: [...path, "quality", i], level: "object" });
  for (const { owner, path } of valueDefinitions(contract))
    for (const [rule, i] of mappingsIn(owner.quality)) out.push({ rule, path: [...path, "quality", i], level: "property" });
  return out;
});

/** Finds the child of `owner` (in `contract`) whose key field holds `key`. */
export type ChildLookup = (contract: Mapping, owner: Mapping, key: string) => Mapping | undefined;

/**
 * Looks children up by name or id through a Map built once per owner and contract: references (SLA
 * elements, relationships) name properties, and a contract with thousands of columns and of references
 * took seconds to lint while each reference searched its object's properties from the start. A child matched by any
 * of `fields` counts (`name` or `physicalName`), an earlier field first: a property's own `name` comes before another's
 * `physicalName` (`ts`, beside `ts_open` reading the column `ts`), as `meshkit test` resolves an SLA element. Among
 * children matched by one field, the first in document order wins, as a search would find it. Only text values are
 * keys: references are text.
 */
export function childLookup(childrenOf: (owner: Mapping) => readonly Mapping[], fields: readonly string[]): ChildLookup {
  const indexes = lastOnly(() => new Map<Mapping, Map<string, Mapping>>());
  return (contract, owner, key) => {
    const byOwner = indexes(contract);
    let index = byOwner.get(owner);
    if (!index) {
      index = new Map();
      const children = childrenOf(owner);
      for (const field of fields) {
        for (const child of children) {
          const value = child[field];
          if (typeof value === "string" && !index.has(value)) index.set(value, child);
        }
      }
      byOwner.set(owner, index);
    }
    return index.get(key);
  };
}

/** childLookup over the schema objects of a contract. */
export function objectLookup(fields: readonly string[]): (contract: Mapping, key: string) => Mapping | undefined {
  const lookup = childLookup((contract) => schemaObjects(contract).map(({ object }) => object), fields);
  return (contract, key) => lookup(contract, contract, key);
}

/**
 * Keys whose lists hold no elements of the standard, so their `id`s are not element ids: free-form data
 * (a custom property's `value`, a property's `examples`, a quality rule's `arguments` and a custom
 * engine's `implementation`) and ODPS `inputContracts`, whose `id` names a contract, which a port may
 * read at two versions.
 */
const NOT_ELEMENT_LISTS: ReadonlySet<string> = new Set(["value", "examples", "arguments", "implementation", "inputContracts"]);

/**
 * Calls `onList` with every list of a document and its path (the live path: copy it to keep it), skipping
 * free-form data (NOT_ELEMENT_LISTS). One path, pushed and popped: rules using it visit every node of every
 * linted document.
 */
export function forEachList(root: unknown, onList: (list: unknown[], path: PathSegment[]) => void): void {
  const path: PathSegment[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      onList(value, path);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item !== "object" || item === null) continue;
        path.push(i);
        visit(item);
        path.pop();
      }
    } else if (isMapping(value)) {
      for (const key of Object.keys(value)) {
        const child = value[key];
        if (typeof child !== "object" || child === null || NOT_ELEMENT_LISTS.has(key)) continue;
        path.push(key);
        visit(child);
        path.pop();
      }
    }
  };
  visit(root);
}

/** Calls `onList` with every list of a document held under `key` (`customProperties`, `authoritativeDefinitions`), wherever it is. */
export function forEachListAt(root: unknown, key: string, onList: (entries: readonly [Mapping, number][], path: PathSegment[]) => void): void {
  forEachList(root, (list, path) => {
    if (path.at(-1) === key) onList(mappingsIn(list), [...path]);
  });
}

export const pointer = toPointer;
