import type { CompatChangeKindId } from "@meshkit/core";

/**
 * Every change meshkit can find between two versions of a contract or product, with the readers it
 * breaks. A change "breaks forward" when consumers still on the old contract cannot read data
 * produced under the new one (a column they select is gone, values they do not expect appear); it
 * "breaks backward" when consumers on the new contract cannot read data produced under the old one
 * (a required column that old rows lack, a guarantee old rows never had).
 */
export type Bump = "major" | "minor" | "patch" | "none";

export interface ChangeKind {
  id: string;
  breaks: { forward: boolean; backward: boolean };
  /** The bump when the change breaks no reader the mode protects. */
  safeBump: Exclude<Bump, "major">;
  description: string;
}

// Typed with core's ids, which lint checks meshkit.yaml's compat.rules and compat.ignore against.
const kind = (id: CompatChangeKindId, forward: boolean, backward: boolean, safeBump: ChangeKind["safeBump"], description: string): ChangeKind => ({
  id,
  breaks: { forward, backward },
  safeBump,
  description,
});

export const CHANGE_KINDS = [
  // Contracts and products as a whole
  kind("contract-added", false, false, "minor", "A contract appears that the base does not have (nothing to compare yet), or a retired one comes back (status `retired` → any other): consumers can use it again."),
  kind("contract-removed", true, false, "minor", "A contract that was released is gone (unless every product serving it was retired after a `deprecated` release, or every output port serving it was removed after its deprecation date: `deprecated-element-removed`), or its status went to `retired` without a `deprecated` release first (provision leaves retired contracts out)."),
  kind("contract-id-changed", true, true, "minor", "The file keeps its place but its contract id changed: consumers and history lose track of it. (A product's id is `product-id-changed`.)"),
  kind("product-id-changed", true, true, "minor", "The file keeps its place but its data product id changed: the catalog, lineage and consumers follow the id, so to them the product is gone and another one appeared."),
  kind("product-added", false, false, "minor", "A data product appears that the base does not have, or a retired one comes back (status `retired` → any other)."),
  kind("product-removed", true, false, "minor", "A data product that was released is gone, or its status went to `retired` without a `deprecated` release first (provision leaves it out, the catalog marks it removed)."),
  kind("deprecated-element-removed", false, false, "minor", "An object, property, server or port deprecated (with a date now past) in the released version was removed; or a contract or product released as `deprecated` was removed, retired (status `deprecated` → `retired`) or given another id; or a contract was removed whose products, released as `deprecated`, are retired (provision leaves their contracts out), or whose output ports, deprecated with a date now past, were removed; or an output port moved to the version of its contract that retires it after a deprecated release."),
  kind("element-deprecated", false, false, "minor", "The contract or product (status → `deprecated`), or an object, property, server or port (a `deprecated` custom property), was marked deprecated: semver §7 makes that a minor change."),
  kind("status-withdrawn", false, false, "minor", "A released contract or product (status `active` or `deprecated`) went back to `draft` or `proposed`: consumers are told it may change without notice and not to build on it. Like a deprecation (semver §7) it announces, and breaks no reader yet: the changes that follow still need their own bump."),
  kind("status-changed", false, false, "patch", "The contract or product status changed otherwise (draft → active, deprecated → active, proposed ↔ draft, a status of its own, or only the case of its letters)."),
  // Objects (tables)
  kind("object-added", false, false, "minor", "A schema object (table) was added."),
  kind("object-removed", true, false, "minor", "A schema object (table) was removed."),
  kind("object-renamed", true, true, "minor", "A schema object was renamed: its name (same id, or a renamedFrom hint) or its physicalName, the table queries name."),
  // Properties (columns)
  kind("property-added-optional", false, false, "minor", "An optional property (nullable column) was added, or the encrypted column (`encryptedName`) of an optional one."),
  kind("property-added-required", false, true, "minor", "A required property was added, or the encrypted column (`encryptedName`) of a required one: rows written before it lack it."),
  kind("property-removed-optional", true, false, "minor", "An optional property was removed, or the encrypted column (`encryptedName`) of an optional one: queries selecting it fail."),
  kind("property-removed-required", true, false, "minor", "A required property was removed, or the encrypted column (`encryptedName`) of a required one: queries selecting it fail."),
  kind("property-renamed", true, true, "minor", "A property was renamed: its name (same id, or a renamedFrom hint) or its physicalName, the column queries name; or its `encryptedName`, the column that holds its encrypted values."),
  kind("property-reordered", false, false, "none", "Properties are in another order (column order). Only the order: a property renamed or retyped on the way is reported under its own kind as well."),
  kind("logical-type-widened", true, false, "minor", "The logical type accepts more values (integer → number, date → timestamp), or is no longer declared (its logicalType, or an array's `items`, dropped: any value)."),
  kind("logical-type-narrowed", false, true, "minor", "The logical type accepts fewer values (number → integer, timestamp → date), or is declared where none was."),
  kind("logical-type-changed", true, true, "minor", "The logical type changed to an unrelated type (string ↔ integer, boolean → string, …)."),
  kind("physical-type-widened", true, false, "minor", "The physical type holds more values (varchar(20) → varchar(50), int → bigint)."),
  kind("physical-type-narrowed", false, true, "minor", "The physical type holds fewer values (bigint → int, decimal(18,2) → decimal(10,2))."),
  kind("physical-type-changed", true, true, "minor", "The physical type changed to an unrelated type, or to one the contract's servers read apart (widened on one, narrowed on another: the message says which)."),
  kind("physical-type-fields-added", false, false, "minor", "A struct physical type gained fields (`STRUCT<a INT64>` → `STRUCT<a INT64, b STRING>`): readers find struct fields by name, as columns, so this is as an optional property added (a field added `NOT NULL` is `physical-type-narrowed`, as a required property added). When the property's nested `properties` (or its array `items`' ones) name exactly the struct's fields on both sides, each field is reported there instead, once, as `property-added-*`."),
  kind("physical-type-fields-removed", true, false, "minor", "A struct physical type lost fields (`STRUCT<a INT64, b STRING>` → `STRUCT<a INT64>`): as a property removed, queries reading the field fail. When the property's nested `properties` (or its array `items`' ones) name exactly the struct's fields on both sides, each field is reported there instead, once, as `property-removed-*`."),
  kind("property-made-optional", true, false, "minor", "A required property became optional: consumers that assumed no nulls get nulls."),
  kind("property-made-required", false, true, "minor", "An optional property became required: rows written before may hold nulls."),
  kind("unique-added", false, true, "minor", "A property became unique: rows written before may repeat values."),
  kind("unique-removed", true, false, "minor", "A property is no longer unique: consumers that join or dedupe on it break."),
  kind("primary-key-added", false, true, "minor", "An object got a primary key."),
  kind("primary-key-removed", true, false, "minor", "An object lost its primary key."),
  kind("primary-key-changed", true, true, "minor", "The primary key columns or their order changed."),
  kind("valid-values-added", true, false, "minor", "Values were added to a property's valid values (invalidValues arguments): old consumers meet values they do not handle."),
  kind("valid-values-removed", false, true, "minor", "Values were removed from a property's valid values: rows written before may hold them."),
  kind("constraint-loosened", true, false, "minor", "A length, range, multipleOf, uniqueItems, required-keys, pattern or format constraint (logicalTypeOptions) accepts more values."),
  kind("constraint-tightened", false, true, "minor", "A length, range, pattern or format constraint accepts fewer values."),
  kind("constraint-changed", true, true, "minor", "A pattern or format constraint changed to one that is neither looser nor tighter (or an integer's format or range that the contract's servers read apart, looser on one and tighter on another: the message says which), or a timestamp's defaultTimezone changed (none is Etc/UTC) or whether its values carry an offset (timezone; none is false)."),
  // Quality rules
  kind("quality-rule-added", false, true, "minor", "A quality rule was added: a new guarantee that rows written before may not meet (a nullValues or duplicateValues rule that replaces the `required` or `unique` flag it restates is metadata-changed)."),
  kind("quality-rule-removed", true, false, "minor", "A quality rule was removed: a guarantee consumers relied on is gone (unless a `required` or `unique` flag written in its place promises it: metadata-changed)."),
  kind("relationship-added", false, true, "minor", "A relationship (a foreign key: ODCS `relationships`) was added: a new guarantee that rows written before may not meet."),
  kind("relationship-removed", true, false, "minor", "A relationship (a foreign key) was removed, or now joins from other columns (with `relationship-added` for the new key): consumers' joins relied on it."),
  kind("relationship-changed", true, true, "minor", "A relationship (a foreign key) written on the same element, from the same columns, now references other columns (`customer_id → customers.id` → `customers.alt_id`): consumers' joins on the old columns break, and rows written before may not meet the new key."),
  kind("quality-rule-relaxed", true, false, "minor", "A quality rule accepts worse data (a looser threshold)."),
  kind("quality-rule-tightened", false, true, "minor", "A quality rule accepts less (a stricter threshold)."),
  kind("quality-rule-changed", true, true, "minor", "A quality rule changed in a way that is neither looser nor stricter (other query, unit or metric)."),
  // SLAs
  kind("sla-added", false, false, "minor", "An SLA property was added, or an entry now promises another property or element (with `sla-removed` for the old promise)."),
  kind("sla-removed", true, false, "minor", "An SLA property was removed, or an entry (whatever its `id`) now promises another property, or of another element (its `element`, else the `slaDefaultElement`): its guarantee is gone."),
  kind("sla-relaxed", true, false, "minor", "An SLA got weaker: later data, shorter retention, less often, lower availability, earlier end of support."),
  kind("sla-tightened", false, false, "minor", "An SLA got stronger."),
  // Classification and access
  kind("classification-raised", true, false, "minor", "A property's classification got more sensitive, or a `pii` tag made an open one personal data: consumers may lose access."),
  kind("classification-lowered", false, false, "minor", "A property's classification got less sensitive, or an open one lost its `pii` tag."),
  kind("role-removed", true, false, "minor", "An access role was removed, from the contract or from a server's `roles`: its consumers lose access (there)."),
  kind("role-added", false, false, "minor", "An access role was added, to the contract or to a server's `roles`."),
  kind("role-changed", true, false, "minor", "An access role (of the contract or of a server) was renamed, or its access or approvers changed."),
  // Where the data lives
  kind("server-added", false, false, "minor", "A server (where the data lives) was added."),
  kind("server-removed", true, false, "minor", "A server was removed: consumers reading there break."),
  kind("server-moved", true, false, "minor", "A server's name (`server`, when an `id` pairs it), type or location (host, database, schema, path, …) changed; a `local` or `duckdb` server's relative file counts by where it leads from the contract's folder, so moving the contract can move it."),
  kind("domain-changed", true, false, "minor", "The `domain` of a contract or product changed: provision makes its tables in the new domain's schema and lake prefix (`domain=<domain>/`) and the catalog files it under another domain, so consumers' queries and links break, as when a server moves."),
  kind("product-renamed", true, false, "minor", "A product's `name` changed: provision keeps its files under the lake prefix `product=<name>/` (and refuses tables another product name claims), and the catalog lists it by that name, so consumers' paths and links to the old place break, as when its domain changes."),
  kind("output-port-added", false, false, "minor", "A product output port was added."),
  kind("output-port-removed", true, false, "minor", "A product output port was removed."),
  kind("output-port-renamed", true, true, "minor", "A product output port was renamed (a renamedFrom hint on it): consumers name a port by its name and version."),
  kind("output-port-changed", true, false, "minor", "An output port now points at another contract, type or server, at a version outside the released one's caret range (another major; another minor under 0.x; a pre-release), at an older version, at a version meshkit cannot compare (not semver), or at the version of its contract that the change retires without a deprecated release first (the port serves nothing)."),
  kind("output-port-upgraded", false, false, "minor", "An output port moved to a newer minor version of its contract in the released one's line (1.4.2 → 1.5.0; 0.3.0 → 0.3.1 under 0.x): it serves new compatible features, a minor change (semver §7). A patch release (1.4.2 → 1.4.3) is metadata-changed."),
  kind("input-port-changed", false, false, "patch", "A product input port was added, removed or changed (lineage only)."),
  // Documentation
  kind("description-changed", false, false, "patch", "A description, business name or example changed."),
  kind("tags-changed", false, false, "patch", "Tags changed."),
  kind("owner-changed", false, false, "patch", "The team, its members or the support channels changed."),
  kind("metadata-changed", false, false, "patch", "Other metadata changed (custom properties, authoritative definitions, price, tenant; a product's management port added, removed or changed; an element's id, relationships written in another order, with other customProperties, moved between a property and its object, or added on the object over a column the same version adds (old rows hold null there, which no foreign key checks), transformation, partitioning, the primaryKeyPosition of a column that is no key, key positions renumbered in the same order, a nullValues or duplicateValues rule written in place of the `required` or `unique` flag it restates, or the reverse, a classification in another case, a logicalType written or dropped where the physicalType holds that type, an SLA's element written in another case or order, or following a rename the same change reports): the message names each field."),
] as const satisfies readonly ChangeKind[];

export type ChangeKindId = (typeof CHANGE_KINDS)[number]["id"];

/**
 * Kinds whose document has no version verdict: it is gone from the head (or goes on under another id),
 * so no version can declare the change. When the mode makes one major, it is an error of its own.
 * (`contract-removed` / `product-removed` for a document that stays but is retired have their verdict.)
 */
/**
 * Minor changes that consumers of the element must hear of: the deprecation path's (see docs/compat.md,
 * Deprecation), since a consumer that still reads the element breaks (the removal) or will (the announcement),
 * and a release withdrawn (`status-withdrawn`), since consumers built on it are told, without a date, that it may
 * now change without notice. Consumer impact (`--catalog`) looks up their readers as it does a breaking change's.
 */
export const NOTICE_KINDS: ReadonlySet<ChangeKindId> = new Set<ChangeKindId>(["deprecated-element-removed", "element-deprecated", "status-withdrawn"]);

export const KINDS_WITHOUT_VERDICT: ReadonlySet<ChangeKindId> = new Set<ChangeKindId>(["contract-removed", "product-removed", "contract-id-changed", "product-id-changed"]);

export const CHANGE_KINDS_BY_ID: ReadonlyMap<string, ChangeKind> = new Map(CHANGE_KINDS.map((k) => [k.id, k]));

export function changeKind(id: ChangeKindId): ChangeKind {
  return CHANGE_KINDS_BY_ID.get(id)!;
}

/**
 * Compatibility modes as in Confluent Schema Registry. `*-transitive` checks the head against every
 * earlier released version, not only the base.
 */
export const MODES = ["none", "backward", "forward", "full", "backward-transitive", "forward-transitive", "full-transitive"] as const;
export type Mode = (typeof MODES)[number];
export const DEFAULT_MODE: Mode = "forward";

export function isTransitive(mode: Mode): boolean {
  return mode.endsWith("-transitive");
}

/** The bump a change of this kind requires under `mode`: major when it breaks a reader the mode protects. */
export function requiredBump(kindId: ChangeKindId, mode: Mode): Bump {
  const { breaks, safeBump } = changeKind(kindId);
  const base = mode.replace("-transitive", "");
  const breaking = (base === "forward" || base === "full" ? breaks.forward : false) || (base === "backward" || base === "full" ? breaks.backward : false);
  return breaking ? "major" : safeBump;
}

const BUMP_RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function maxBump(bumps: Iterable<Bump>): Bump {
  let best: Bump = "none";
  for (const bump of bumps) if (BUMP_RANK[bump] > BUMP_RANK[best]) best = bump;
  return best;
}

export function compareBumps(a: Bump, b: Bump): number {
  return BUMP_RANK[a] - BUMP_RANK[b];
}
