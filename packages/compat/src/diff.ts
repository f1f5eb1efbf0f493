import { isMapping, toPointer, type PathSegment } from "@meshkit/core";
import type { ChangeKindId } from "./kinds.js";
import { relateLogicalTypes, relatePhysicalTypes, type TypeRelation } from "./types.js";
import { canonical, compareQualityRule, compareSla, CLASSIFICATION_ORDER } from "./guarantees.js";

type Mapping = Record<string, unknown>;

/** One difference between the base and the head version of a document. */
export interface Change {
  kind: ChangeKindId;
  /** What changed, as a person names it: `orders.amount`, `server prod`, `port orders`. */
  element: string;
  /** JSON pointer in the head document; for a removal, its nearest surviving parent. */
  headPath: string;
  /** JSON pointer in the base document, when the element existed there. */
  basePath?: string;
  message: string;
}

export interface DiffOptions {
  /** "Now", for deprecation dates: removal is allowed after the date the base version announced. */
  now?: Date;
}

/** Where an element sits in each document, and its value there. */
interface Located {
  value: Mapping;
  path: PathSegment[];
}

/**
 * The customProperty that announces a removal: `{ property: deprecated, value: "2026-12-31" }` on a
 * property, object, server or output port. After that date the element may go in a minor version.
 */
export const DEPRECATION_PROPERTY = "deprecated";
/** The customProperty that names an element's previous name: `{ property: renamedFrom, value: old_name }`. */
export const RENAME_PROPERTY = "renamedFrom";

/** Every change between two versions of one ODCS contract. */
export function diffContracts(base: unknown, head: unknown, options: DiffOptions = {}): Change[] {
  const differ = new Differ(options);
  const b = asMapping(base);
  const h = asMapping(head);
  differ.documentFields(b, h, "contract");
  differ.objects(b, h);
  differ.slas(b, h);
  differ.servers(b, h);
  differ.roles(b, h);
  return differ.changes;
}

/** Every change between two versions of one ODPS product. */
export function diffProducts(base: unknown, head: unknown, options: DiffOptions = {}): Change[] {
  const differ = new Differ(options);
  const b = asMapping(base);
  const h = asMapping(head);
  differ.documentFields(b, h, "product");
  differ.ports(b, h);
  return differ.changes;
}

function asMapping(value: unknown): Mapping {
  return isMapping(value) ? value : {};
}

function mappings(value: unknown): Mapping[] {
  return Array.isArray(value) ? value.filter(isMapping) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function customProperty(element: Mapping, name: string): unknown {
  return mappings(element.customProperties).find((p) => p.property === name)?.value;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || canonical(a) === canonical(b);
}

interface Matched {
  pairs: { base: Located; head: Located; renamed: boolean }[];
  removed: Located[];
  added: Located[];
}

/**
 * Pairs the entries of two lists: by `id` when both have one, then by name, then by a renamedFrom
 * hint on the head entry. What is left is removed (base) or added (head).
 */
function matchEntries(baseList: unknown, headList: unknown, basePath: PathSegment[], headPath: PathSegment[], nameKey: string): Matched {
  const base = indexed(baseList, basePath);
  const head = indexed(headList, headPath);
  const pairs: Matched["pairs"] = [];
  const usedBase = new Set<Located>();
  const unmatchedHead: Located[] = [];
  const byId = new Map<string, Located>();
  const byName = new Map<string, Located>();
  for (const entry of base) {
    const id = str(entry.value.id);
    if (id !== undefined && !byId.has(id)) byId.set(id, entry);
    const name = str(entry.value[nameKey]);
    if (name !== undefined && !byName.has(name)) byName.set(name, entry);
  }
  const take = (entry: Located | undefined) => (entry && !usedBase.has(entry) ? entry : undefined);
  for (const entry of head) {
    const id = str(entry.value.id);
    const name = str(entry.value[nameKey]);
    const match = (id !== undefined ? take(byId.get(id)) : undefined) ?? take(byName.get(name ?? "\u0000"));
    if (match) {
      usedBase.add(match);
      pairs.push({ base: match, head: entry, renamed: str(match.value[nameKey]) !== name });
    } else unmatchedHead.push(entry);
  }
  const added: Located[] = [];
  for (const entry of unmatchedHead) {
    const from = str(customProperty(entry.value, RENAME_PROPERTY));
    const match = from !== undefined ? take(byName.get(from)) : undefined;
    if (match) {
      usedBase.add(match);
      pairs.push({ base: match, head: entry, renamed: true });
    } else added.push(entry);
  }
  return { pairs, removed: base.filter((e) => !usedBase.has(e)), added };
}

function indexed(list: unknown, path: PathSegment[]): Located[] {
  if (!Array.isArray(list)) return [];
  const out: Located[] = [];
  list.forEach((value, i) => {
    if (isMapping(value)) out.push({ value, path: [...path, i] });
  });
  return out;
}

class Differ {
  readonly changes: Change[] = [];
  private readonly now: Date;

  constructor(options: DiffOptions) {
    this.now = options.now ?? new Date();
  }

  private add(kind: ChangeKindId, element: string, head: PathSegment[], base: PathSegment[] | undefined, message: string) {
    this.changes.push({ kind, element, headPath: toPointer(head), ...(base ? { basePath: toPointer(base) } : {}), message });
  }

  /** A removal is a minor change when the base version announced it with a deprecation date now past. */
  private removal(kind: ChangeKindId, element: string, removed: Located, parentInHead: PathSegment[], what: string) {
    const date = str(customProperty(removed.value, DEPRECATION_PROPERTY));
    const until = date !== undefined ? Date.parse(date) : NaN;
    if (!Number.isNaN(until) && until <= this.now.getTime()) {
      this.add("deprecated-element-removed", element, parentInHead, removed.path, `${what} was removed after its deprecation date ${date}.`);
      return;
    }
    const note = date === undefined ? "" : Number.isNaN(until) ? ` (its deprecation date ${JSON.stringify(date)} is not a date)` : ` (deprecated until ${date}, which has not passed)`;
    this.add(kind, element, parentInHead, removed.path, `${what} was removed${note}.`);
  }

  /** Fields every contract and product has: status, description, tags, owner and the rest of its metadata. */
  documentFields(base: Mapping, head: Mapping, what: "contract" | "product") {
    const owner = (m: Mapping) => ({ team: m.team, support: m.support });
    if (!same(owner(base), owner(head))) this.add("owner-changed", what, "team" in head ? ["team"] : "support" in head ? ["support"] : [], [], "The team or support channels changed.");
    if (!same(base.status, head.status)) this.add("status-changed", what, ["status"], ["status"], `Status changed from ${String(base.status)} to ${String(head.status)}.`);
    if (!same(base.description, head.description)) this.add("description-changed", what, ["description"], ["description"], `The ${what} description changed.`);
    if (!same(base.tags, head.tags)) this.add("tags-changed", what, ["tags"], ["tags"], `The ${what} tags changed.`);
    const metadata = ["customProperties", "authoritativeDefinitions", "price", "tenant", "domain", "name", "dataProduct", "managementPorts", "productCreatedTs", "contractCreatedTs"];
    const changed = metadata.filter((key) => !same(base[key], head[key]));
    if (changed.length > 0) this.add("metadata-changed", what, changed[0]! in head ? [changed[0]!] : [], [], `${changed.join(", ")} changed.`);
  }

  objects(base: Mapping, head: Mapping) {
    const matched = matchEntries(base.schema, head.schema, ["schema"], ["schema"], "name");
    for (const removed of matched.removed) {
      const name = str(removed.value.name) ?? "?";
      this.removal("object-removed", name, removed, ["schema"], `Object \`${name}\``);
    }
    for (const added of matched.added) {
      const name = str(added.value.name) ?? "?";
      this.add("object-added", name, added.path, undefined, `Object \`${name}\` was added.`);
    }
    for (const { base: b, head: h, renamed } of matched.pairs) {
      const name = str(h.value.name) ?? "?";
      if (renamed) this.add("object-renamed", name, [...h.path, "name"], [...b.path, "name"], `Object \`${String(b.value.name)}\` was renamed to \`${name}\`.`);
      this.elementDocs(b, h, name);
      this.properties(b, h, name);
      this.primaryKey(b, h, name);
      this.quality(b, h, name);
    }
  }

  private elementDocs(b: Located, h: Located, element: string) {
    const docs = (m: Mapping) => ({ description: m.description, businessName: m.businessName, examples: m.examples });
    if (!same(docs(b.value), docs(h.value))) this.add("description-changed", element, h.path, b.path, `The description of \`${element}\` changed.`);
    if (!same(b.value.tags, h.value.tags)) this.add("tags-changed", element, h.path, b.path, `The tags of \`${element}\` changed.`);
    const ignored = new Set([DEPRECATION_PROPERTY, RENAME_PROPERTY]);
    const meta = (m: Mapping) => ({
      customProperties: mappings(m.customProperties).filter((p) => !ignored.has(String(p.property))),
      authoritativeDefinitions: m.authoritativeDefinitions,
      physicalName: m.physicalName,
      relationships: m.relationships,
      transform: [m.transformLogic, m.transformSourceObjects, m.transformDescription],
      partitioned: [m.partitioned, m.partitionKeyPosition],
      criticalDataElement: m.criticalDataElement,
      encryptedName: m.encryptedName,
    });
    if (!same(meta(b.value), meta(h.value))) this.add("metadata-changed", element, h.path, b.path, `Metadata of \`${element}\` changed (custom properties, definitions, physical name, relationships or transformation).`);
  }

  private properties(b: Located, h: Located, owner: string) {
    const matched = matchEntries(b.value.properties, h.value.properties, [...b.path, "properties"], [...h.path, "properties"], "name");
    const listInHead = "properties" in h.value ? [...h.path, "properties"] : h.path;
    for (const removed of matched.removed) {
      const name = `${owner}.${str(removed.value.name) ?? "?"}`;
      const kind = removed.value.required === true ? "property-removed-required" : "property-removed-optional";
      this.removal(kind, name, removed, listInHead, `Property \`${name}\`${removed.value.required === true ? " (required)" : ""}`);
    }
    for (const added of matched.added) {
      const name = `${owner}.${str(added.value.name) ?? "?"}`;
      if (added.value.required === true) this.add("property-added-required", name, added.path, undefined, `Required property \`${name}\` was added; rows written before it have no value.`);
      else this.add("property-added-optional", name, added.path, undefined, `Optional property \`${name}\` was added.`);
    }
    // Column order: the surviving properties, compared in their base and head order.
    const inHeadOrder = [...matched.pairs].sort((x, y) => Number(x.head.path.at(-1)) - Number(y.head.path.at(-1)));
    const baseOrder = inHeadOrder.map((p) => Number(p.base.path.at(-1)));
    if (baseOrder.some((v, i) => i > 0 && v < baseOrder[i - 1]!)) {
      this.add("property-reordered", owner, listInHead, [...b.path, "properties"], `Properties of \`${owner}\` are in another order (column order); each keeps its name and type.`);
    }
    for (const { base: pb, head: ph, renamed } of matched.pairs) {
      const name = `${owner}.${str(ph.value.name) ?? "?"}`;
      if (renamed) this.add("property-renamed", name, [...ph.path, "name"], [...pb.path, "name"], `Property \`${owner}.${String(pb.value.name)}\` was renamed to \`${name}\`.`);
      this.property(pb, ph, name);
    }
  }

  private property(b: Located, h: Located, name: string) {
    const at = (key: string): [PathSegment[], PathSegment[]] => [key in h.value ? [...h.path, key] : h.path, [...b.path, key]];
    const typeChange = (relation: TypeRelation, kinds: Record<Exclude<TypeRelation, "same">, ChangeKindId>, key: string, label: string) => {
      if (relation === "same") return;
      const [hp, bp] = at(key);
      this.add(kinds[relation], name, hp, bp, `${label} of \`${name}\` ${relation === "changed" ? "changed" : `was ${relation}`}: ${String(b.value[key] ?? "none")} → ${String(h.value[key] ?? "none")}.`);
    };
    typeChange(relateLogicalTypes(str(b.value.logicalType), str(h.value.logicalType)), { widened: "logical-type-widened", narrowed: "logical-type-narrowed", changed: "logical-type-changed" }, "logicalType", "Logical type");
    typeChange(relatePhysicalTypes(str(b.value.physicalType), str(h.value.physicalType)), { widened: "physical-type-widened", narrowed: "physical-type-narrowed", changed: "physical-type-changed" }, "physicalType", "Physical type");

    const wasRequired = b.value.required === true;
    const isRequired = h.value.required === true;
    if (wasRequired !== isRequired) {
      const [hp, bp] = at("required");
      this.add(isRequired ? "property-made-required" : "property-made-optional", name, hp, bp, `\`${name}\` is now ${isRequired ? "required" : "optional (may be null)"}.`);
    }
    const wasUnique = b.value.unique === true;
    const isUnique = h.value.unique === true;
    if (wasUnique !== isUnique) {
      const [hp, bp] = at("unique");
      this.add(isUnique ? "unique-added" : "unique-removed", name, hp, bp, `\`${name}\` is ${isUnique ? "now unique" : "no longer unique"}.`);
    }
    this.classification(b, h, name);
    this.constraints(b, h, name);
    this.validValues(b, h, name);
    this.elementDocs(b, h, name);
    this.quality(b, h, name);
    // Nested properties (object-typed properties) and array items are compared like top-level ones.
    if ("properties" in b.value || "properties" in h.value) this.properties(b, h, name);
    if (isMapping(b.value.items) && isMapping(h.value.items)) this.property({ value: b.value.items, path: [...b.path, "items"] }, { value: h.value.items, path: [...h.path, "items"] }, `${name}[]`);
  }

  private classification(b: Located, h: Located, name: string) {
    const before = str(b.value.classification);
    const after = str(h.value.classification);
    if (before?.toLowerCase() === after?.toLowerCase()) return;
    // None is the least sensitive; a classification meshkit does not know counts as the most sensitive.
    const rank = (c: string | undefined) => (c === undefined ? -1 : CLASSIFICATION_ORDER.includes(c.toLowerCase()) ? CLASSIFICATION_ORDER.indexOf(c.toLowerCase()) : CLASSIFICATION_ORDER.length);
    const raised = rank(after) >= rank(before);
    this.add(raised ? "classification-raised" : "classification-lowered", name, "classification" in h.value ? [...h.path, "classification"] : h.path, [...b.path, "classification"], `Classification of \`${name}\` changed: ${before ?? "none"} → ${after ?? "none"}.`);
  }

  /** logicalTypeOptions: lengths, ranges, patterns, formats. */
  private constraints(b: Located, h: Located, name: string) {
    const before = asMapping(b.value.logicalTypeOptions);
    const after = asMapping(h.value.logicalTypeOptions);
    const path: [PathSegment[], PathSegment[]] = ["logicalTypeOptions" in h.value ? [...h.path, "logicalTypeOptions"] : h.path, [...b.path, "logicalTypeOptions"]];
    // For each bound, whether a larger value accepts more (upper bounds) or fewer (lower bounds).
    const upper = ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"];
    const lower = ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"];
    const loosened: string[] = [];
    const tightened: string[] = [];
    const changed: string[] = [];
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const x = before[key];
      const y = after[key];
      if (same(x, y)) continue;
      const label = `${key} ${x === undefined ? "none" : JSON.stringify(x)} → ${y === undefined ? "none" : JSON.stringify(y)}`;
      if (upper.includes(key) || lower.includes(key)) {
        const dir = upper.includes(key) ? 1 : -1;
        if (x === undefined) tightened.push(label);
        else if (y === undefined) loosened.push(label);
        else if (typeof x === "number" && typeof y === "number") (Math.sign(y - x) === dir ? loosened : tightened).push(label);
        else changed.push(label);
      } else if (x === undefined) tightened.push(label);
      else if (y === undefined) loosened.push(label);
      else changed.push(label);
    }
    const [hp, bp] = path;
    if (loosened.length) this.add("constraint-loosened", name, hp, bp, `Constraints of \`${name}\` loosened: ${loosened.join(", ")}.`);
    if (tightened.length) this.add("constraint-tightened", name, hp, bp, `Constraints of \`${name}\` tightened: ${tightened.join(", ")}.`);
    if (changed.length) this.add("constraint-changed", name, hp, bp, `Constraints of \`${name}\` changed: ${changed.join(", ")}.`);
  }

  /** Valid values, from `invalidValues` quality rules' `arguments.validValues`. */
  private validValues(b: Located, h: Located, name: string) {
    const values = (m: Mapping) => {
      const rule = mappings(m.quality).find((q) => q.metric === "invalidValues" && Array.isArray(asMapping(q.arguments).validValues));
      return rule ? new Set((asMapping(rule.arguments).validValues as unknown[]).map(canonical)) : undefined;
    };
    const before = values(b.value);
    const after = values(h.value);
    if (!before || !after) return; // adding or removing the whole rule is a quality-rule change
    const added = [...after].filter((v) => !before.has(v));
    const removed = [...before].filter((v) => !after.has(v));
    const index = (h.value.quality as unknown[]).findIndex((q) => isMapping(q) && q.metric === "invalidValues");
    const hp = [...h.path, "quality", index, "arguments", "validValues"];
    if (added.length) this.add("valid-values-added", name, hp, undefined, `Valid values of \`${name}\` added: ${added.join(", ")}.`);
    if (removed.length) this.add("valid-values-removed", name, hp, undefined, `Valid values of \`${name}\` removed: ${removed.join(", ")}.`);
  }

  private primaryKey(b: Located, h: Located, owner: string) {
    const key = (object: Mapping) =>
      mappings(object.properties)
        .filter((p) => p.primaryKey === true)
        .sort((x, y) => Number(x.primaryKeyPosition ?? 0) - Number(y.primaryKeyPosition ?? 0))
        .map((p) => str(p.name) ?? "?");
    const before = key(b.value);
    const after = key(h.value);
    if (before.join(",") === after.join(",")) return;
    const kind: ChangeKindId = before.length === 0 ? "primary-key-added" : after.length === 0 ? "primary-key-removed" : "primary-key-changed";
    this.add(kind, owner, h.path, b.path, `Primary key of \`${owner}\`: (${before.join(", ") || "none"}) → (${after.join(", ") || "none"}).`);
  }

  /** Quality rules of one element, matched by id, then name, then metric/type + query. */
  private quality(b: Located, h: Located, element: string) {
    const keyOf = (rule: Mapping) => str(rule.id) ?? str(rule.name) ?? `${str(rule.type) ?? "library"}:${str(rule.metric) ?? str(rule.rule) ?? ""}:${str(rule.query) ?? ""}`;
    const base = indexed(b.value.quality, [...b.path, "quality"]);
    const head = indexed(h.value.quality, [...h.path, "quality"]);
    const headByKey = new Map<string, Located[]>();
    for (const entry of head) headByKey.set(keyOf(entry.value), [...(headByKey.get(keyOf(entry.value)) ?? []), entry]);
    const matchedHead = new Set<Located>();
    const listInHead = "quality" in h.value ? [...h.path, "quality"] : h.path;
    const describe = (rule: Mapping) => str(rule.name) ?? str(rule.metric) ?? (str(rule.query) ? "SQL rule" : str(rule.type) ?? "rule");
    for (const entry of base) {
      const candidates = headByKey.get(keyOf(entry.value)) ?? [];
      const match = candidates.find((c) => !matchedHead.has(c));
      if (!match) {
        this.add("quality-rule-removed", element, listInHead, entry.path, `Quality rule ${describe(entry.value)} on \`${element}\` was removed.`);
        continue;
      }
      matchedHead.add(match);
      // Valid values are compared on their own (valid-values-added/removed).
      const comparable = (rule: Mapping) => (rule.metric === "invalidValues" ? { ...rule, arguments: { ...asMapping(rule.arguments), validValues: undefined } } : rule);
      const relation = compareQualityRule(comparable(entry.value), comparable(match.value));
      if (relation === "same") continue;
      const kind: ChangeKindId =
        relation === "description" ? "description-changed" : relation === "relaxed" ? "quality-rule-relaxed" : relation === "tightened" ? "quality-rule-tightened" : "quality-rule-changed";
      this.add(kind, element, match.path, entry.path, `Quality rule ${describe(match.value)} on \`${element}\` was ${relation === "changed" ? "changed" : relation}.`);
    }
    for (const entry of head) {
      if (!matchedHead.has(entry)) this.add("quality-rule-added", element, entry.path, undefined, `Quality rule ${describe(entry.value)} was added to \`${element}\`.`);
    }
  }

  slas(base: Mapping, head: Mapping) {
    const keyOf = (sla: Mapping) => `${str(sla.property) ?? "?"}@${str(sla.element) ?? ""}`;
    const before = indexed(base.slaProperties, ["slaProperties"]);
    const after = indexed(head.slaProperties, ["slaProperties"]);
    const afterByKey = new Map(after.map((e) => [keyOf(e.value), e]));
    const beforeKeys = new Set(before.map((e) => keyOf(e.value)));
    const list = "slaProperties" in head ? ["slaProperties"] : [];
    for (const entry of before) {
      const name = str(entry.value.property) ?? "?";
      const match = afterByKey.get(keyOf(entry.value));
      if (!match) {
        this.add("sla-removed", `sla ${name}`, list, entry.path, `SLA ${name} was removed.`);
        continue;
      }
      const relation = compareSla(entry.value, match.value);
      if (relation === "same") continue;
      const described = `${String(entry.value.value)}${entry.value.unit ? ` ${String(entry.value.unit)}` : ""} → ${String(match.value.value)}${match.value.unit ? ` ${String(match.value.unit)}` : ""}`;
      if (relation === "description") this.add("description-changed", `sla ${name}`, match.path, entry.path, `SLA ${name} description or driver changed.`);
      else this.add(relation === "tightened" ? "sla-tightened" : "sla-relaxed", `sla ${name}`, [...match.path, "value"], [...entry.path, "value"], `SLA ${name} ${relation === "tightened" ? "tightened" : relation === "relaxed" ? "relaxed" : "changed"}: ${described}.`);
    }
    for (const entry of after) {
      if (!beforeKeys.has(keyOf(entry.value))) this.add("sla-added", `sla ${str(entry.value.property) ?? "?"}`, entry.path, undefined, `SLA ${String(entry.value.property)} was added.`);
    }
  }

  servers(base: Mapping, head: Mapping) {
    const matched = matchEntries(base.servers, head.servers, ["servers"], ["servers"], "server");
    const list = "servers" in head ? ["servers"] : [];
    for (const removed of matched.removed) {
      const name = str(removed.value.server) ?? "?";
      this.removal("server-removed", `server ${name}`, removed, list, `Server \`${name}\``);
    }
    for (const added of matched.added) this.add("server-added", `server ${String(added.value.server)}`, added.path, undefined, `Server \`${String(added.value.server)}\` was added.`);
    for (const { base: b, head: h } of matched.pairs) {
      const name = str(h.value.server) ?? "?";
      const location = (m: Mapping) => Object.fromEntries(Object.entries(m).filter(([k]) => !["server", "id", "description", "customProperties", "roles", "environment"].includes(k)));
      if (!same(location(b.value), location(h.value))) {
        const keys = [...new Set([...Object.keys(location(b.value)), ...Object.keys(location(h.value))])].filter((k) => !same(b.value[k], h.value[k]));
        this.add("server-moved", `server ${name}`, h.path, b.path, `Server \`${name}\` moved: ${keys.map((k) => `${k} ${JSON.stringify(b.value[k] ?? null)} → ${JSON.stringify(h.value[k] ?? null)}`).join(", ")}.`);
      } else if (!same(b.value, h.value)) {
        this.add("metadata-changed", `server ${name}`, h.path, b.path, `Server \`${name}\` description, environment or roles changed.`);
      }
    }
  }

  roles(base: Mapping, head: Mapping) {
    const matched = matchEntries(base.roles, head.roles, ["roles"], ["roles"], "role");
    const list = "roles" in head ? ["roles"] : [];
    for (const removed of matched.removed) this.add("role-removed", `role ${String(removed.value.role)}`, list, removed.path, `Role \`${String(removed.value.role)}\` was removed: its consumers lose access.`);
    for (const added of matched.added) this.add("role-added", `role ${String(added.value.role)}`, added.path, undefined, `Role \`${String(added.value.role)}\` was added.`);
    for (const { base: b, head: h } of matched.pairs) {
      if (same(b.value, h.value)) continue;
      const onlyDocs = same({ ...b.value, description: undefined }, { ...h.value, description: undefined });
      this.add(onlyDocs ? "description-changed" : "role-changed", `role ${String(h.value.role)}`, h.path, b.path, `Role \`${String(h.value.role)}\` ${onlyDocs ? "description" : "access or approvers"} changed.`);
    }
  }

  ports(base: Mapping, head: Mapping) {
    const output = matchEntries(base.outputPorts, head.outputPorts, ["outputPorts"], ["outputPorts"], "name");
    const list = "outputPorts" in head ? ["outputPorts"] : [];
    for (const removed of output.removed) this.removal("output-port-removed", `port ${String(removed.value.name)}`, removed, list, `Output port \`${String(removed.value.name)}\``);
    for (const added of output.added) this.add("output-port-added", `port ${String(added.value.name)}`, added.path, undefined, `Output port \`${String(added.value.name)}\` was added.`);
    for (const { base: b, head: h } of output.pairs) {
      const name = str(h.value.name) ?? "?";
      const major = (v: unknown) => (typeof v === "string" ? v.replace(/^v/, "").split(".")[0] : undefined);
      const target = (m: Mapping) => ({ contractId: m.contractId, major: major(m.version), type: m.type, server: m.server });
      if (!same(target(b.value), target(h.value))) this.add("output-port-changed", `port ${name}`, h.path, b.path, `Output port \`${name}\` now points elsewhere: contract ${String(b.value.contractId)}@${String(b.value.version)} → ${String(h.value.contractId)}@${String(h.value.version)}.`);
      else if (!same(b.value, h.value)) this.add("metadata-changed", `port ${name}`, h.path, b.path, `Output port \`${name}\` changed (version or metadata).`);
    }
    const input = matchEntries(base.inputPorts, head.inputPorts, ["inputPorts"], ["inputPorts"], "name");
    const inputs = "inputPorts" in head ? ["inputPorts"] : [];
    for (const removed of input.removed) this.add("input-port-changed", `input ${String(removed.value.name)}`, inputs, removed.path, `Input port \`${String(removed.value.name)}\` was removed.`);
    for (const added of input.added) this.add("input-port-changed", `input ${String(added.value.name)}`, added.path, undefined, `Input port \`${String(added.value.name)}\` was added.`);
    for (const { base: b, head: h } of input.pairs) {
      if (!same(b.value, h.value)) this.add("input-port-changed", `input ${String(h.value.name)}`, h.path, b.path, `Input port \`${String(h.value.name)}\` changed.`);
    }
  }
}
