import { describe, expect, it } from "vitest";
import { diffContracts, diffProducts } from "./diff.js";
import { CHANGE_KINDS, type ChangeKindId, MODES, type Mode, requiredBump } from "./kinds.js";
import { type Json, baseContract, baseProduct, clone, prop } from "./test-support.js";

type Case = [ChangeKindId, (c: Json) => void, { forward: string; backward: string; full: string; none: string }];

// The spec, written out independently of the registry: what each kind requires under each mode.
const MAJOR_F = { forward: "major", backward: "minor", full: "major", none: "minor" };
const MAJOR_B = { forward: "minor", backward: "major", full: "major", none: "minor" };
const MAJOR_BOTH = { forward: "major", backward: "major", full: "major", none: "minor" };
const MINOR = { forward: "minor", backward: "minor", full: "minor", none: "minor" };
const PATCH = { forward: "patch", backward: "patch", full: "patch", none: "patch" };
const NONE = { forward: "none", backward: "none", full: "none", none: "none" };

const objects = (c: Json) => c.schema as Json[];
const orders = (c: Json) => objects(c)[0]!;

const CONTRACT_CASES: Case[] = [
  ["object-added", (c) => objects(c).push({ name: "refunds", properties: [] }), MINOR],
  ["object-removed", (c) => objects(c).pop(), MAJOR_F],
  ["object-renamed", (c) => Object.assign(objects(c)[1]!, { name: "clients", customProperties: [{ property: "renamedFrom", value: "customers" }] }), MAJOR_BOTH],
  ["property-added-optional", (c) => orders(c).properties.push({ name: "coupon", logicalType: "string" }), MINOR],
  ["property-added-required", (c) => orders(c).properties.push({ name: "channel", logicalType: "string", required: true }), MAJOR_B],
  ["property-removed-optional", (c) => orders(c).properties.splice(2, 1), MAJOR_F],
  ["property-removed-required", (c) => orders(c).properties.splice(1, 1), MAJOR_F],
  ["property-renamed", (c) => Object.assign(prop(c, "email"), { name: "email_address", customProperties: [{ property: "renamedFrom", value: "email" }] }), MAJOR_BOTH],
  ["property-reordered", (c) => orders(c).properties.reverse(), NONE],
  ["logical-type-widened", (c) => (prop(c, "amount").logicalType = "number"), MAJOR_F],
  ["logical-type-narrowed", (c) => (prop(c, "amount").logicalType = "integer"), MAJOR_B], // base: number (see baseFor)
  ["logical-type-changed", (c) => (prop(c, "ordered_at").logicalType = "boolean"), MAJOR_BOTH],
  ["physical-type-widened", (c) => (prop(c, "status").physicalType = "varchar(50)"), MAJOR_F],
  ["physical-type-narrowed", (c) => (prop(c, "email").physicalType = "varchar(50)"), MAJOR_B],
  ["physical-type-changed", (c) => (prop(c, "amount").physicalType = "varchar(10)"), MAJOR_BOTH],
  // base: customers.customer_id is STRUCT<id STRING, region STRING> (see baseFor).
  ["physical-type-fields-added", (c) => (prop(c, "customer_id", "customers").physicalType = "STRUCT<id STRING, region STRING, tier STRING>"), MINOR],
  ["physical-type-fields-removed", (c) => (prop(c, "customer_id", "customers").physicalType = "STRUCT<id STRING>"), MAJOR_F],
  ["property-made-optional", (c) => (prop(c, "amount").required = false), MAJOR_F],
  ["property-made-required", (c) => (prop(c, "status").required = true), MAJOR_B],
  ["unique-added", (c) => (prop(c, "email").unique = true), MAJOR_B],
  ["unique-removed", (c) => (prop(c, "amount").unique = false), MAJOR_F], // base: amount unique (see baseFor)
  ["primary-key-added", (c) => Object.assign(prop(c, "customer_id", "customers"), { primaryKey: true, primaryKeyPosition: 1 }), MAJOR_B],
  ["primary-key-removed", (c) => Object.assign(prop(c, "order_id"), { primaryKey: false, primaryKeyPosition: -1 }), MAJOR_F],
  ["primary-key-changed", (c) => Object.assign(prop(c, "amount"), { primaryKey: true, primaryKeyPosition: 2 }), MAJOR_BOTH],
  ["valid-values-added", (c) => prop(c, "status").quality[0].arguments.validValues.push("cancelled"), MAJOR_F],
  ["valid-values-removed", (c) => prop(c, "status").quality[0].arguments.validValues.pop(), MAJOR_B],
  ["constraint-loosened", (c) => (prop(c, "amount").logicalTypeOptions.maximum = 2000), MAJOR_F],
  ["constraint-tightened", (c) => (prop(c, "amount").logicalTypeOptions.minimum = 10), MAJOR_B],
  ["constraint-changed", (c) => (prop(c, "email").logicalTypeOptions.pattern = "^[a-z]+@example\\.com$"), MAJOR_BOTH],
  ["quality-rule-added", (c) => (prop(c, "amount").quality = [{ metric: "nullValues", mustBe: 0 }]), MAJOR_B],
  ["quality-rule-removed", (c) => delete orders(c).quality, MAJOR_F],
  ["relationship-added", (c) => (prop(c, "email").relationships = [{ to: "customers.email" }]), MAJOR_B],
  ["relationship-removed", (c) => delete orders(c).relationships, MAJOR_F], // base: orders.order_id → customers.customer_id (see baseFor)
  ["relationship-changed", (c) => (orders(c).relationships[0].to = "customers.email"), MAJOR_BOTH], // base: as relationship-removed's
  ["quality-rule-relaxed", (c) => (prop(c, "ordered_at").quality[0].mustBeLessThan = 10), MAJOR_F],
  ["quality-rule-tightened", (c) => (prop(c, "ordered_at").quality[0].mustBeLessThan = 1), MAJOR_B],
  ["quality-rule-changed", (c) => (prop(c, "ordered_at").quality[0].unit = "rows"), MAJOR_BOTH],
  ["sla-added", (c) => c.slaProperties.push({ property: "frequency", value: 1, unit: "d" }), MINOR],
  ["sla-removed", (c) => c.slaProperties.pop(), MAJOR_F],
  ["sla-relaxed", (c) => (c.slaProperties[0].value = 8), MAJOR_F],
  ["sla-tightened", (c) => (c.slaProperties[1].value = 10), MINOR],
  ["classification-raised", (c) => (prop(c, "email").classification = "restricted"), MAJOR_F],
  ["classification-lowered", (c) => (prop(c, "email").classification = "internal"), MINOR],
  ["role-removed", (c) => (c.roles = []), MAJOR_F],
  ["role-added", (c) => c.roles.push({ role: "finance", access: "read" }), MINOR],
  ["role-changed", (c) => (c.roles[0].access = "write"), MAJOR_F],
  ["server-added", (c) => c.servers.push({ server: "dev", type: "duckdb", path: "dev.duckdb" }), MINOR],
  ["server-removed", (c) => (c.servers = []), MAJOR_F],
  ["server-moved", (c) => (c.servers[0].host = "db2.internal"), MAJOR_F],
  ["description-changed", (c) => (c.description.purpose = "All orders."), PATCH],
  ["tags-changed", (c) => c.tags.push("web"), PATCH],
  ["owner-changed", (c) => c.team.members.push({ username: "bo", role: "steward" }), PATCH],
  ["metadata-changed", (c) => (c.customProperties = [{ property: "costCenter", value: "cc-1" }]), PATCH],
  ["status-withdrawn", (c) => (c.status = "proposed"), MINOR],
  ["status-changed", (c) => (c.status = "sunset"), PATCH],
  ["element-deprecated", (c) => (c.status = "deprecated"), MINOR],
  [
    "deprecated-element-removed",
    (c) => orders(c).properties.splice(2, 1),
    MINOR,
  ],
];

/** The base for the deprecation case announces the removal of `status` for a date in the past; for narrowing, `amount` is a number; for unique-removed, unique. */
function baseFor(kind: ChangeKindId): Json {
  const base = baseContract();
  if (kind === "deprecated-element-removed") prop(base, "status").customProperties = [{ property: "deprecated", value: "2026-01-31" }];
  if (kind === "logical-type-narrowed") prop(base, "amount").logicalType = "number";
  if (kind === "unique-removed") prop(base, "amount").unique = true;
  if (kind === "physical-type-fields-added" || kind === "physical-type-fields-removed") prop(base, "customer_id", "customers").physicalType = "STRUCT<id STRING, region STRING>";
  if (kind === "relationship-removed" || kind === "relationship-changed") orders(base).relationships = [{ from: "orders.order_id", to: "customers.customer_id" }];
  return base;
}

const NOW = new Date("2026-11-25T00:00:00Z");

describe("diffContracts", () => {
  it("finds nothing between a contract and itself", () => {
    expect(diffContracts(baseContract(), baseContract(), { now: NOW })).toEqual([]);
  });

  it.each(CONTRACT_CASES)("detects exactly %s", (kind, mutate) => {
    const base = baseFor(kind);
    const head = clone(base);
    mutate(head);
    expect(diffContracts(base, head, { now: NOW }).map((c) => c.kind)).toEqual([kind]);
  });

  it("reports marking an object, property or server deprecated as element-deprecated (semver §7: a minor change), and moving or dropping the date as metadata", () => {
    const kinds = (mutate: (c: Json) => void, base = baseContract()) => {
      const head = clone(base);
      mutate(head);
      return diffContracts(base, head, { now: NOW }).map((c) => `${c.kind} ${c.element}: ${c.message}`);
    };
    const mark = (value: string) => [{ property: "deprecated", value }];
    expect(kinds((c) => (prop(c, "email").customProperties = mark("2027-06-30")))).toEqual(["element-deprecated orders.email: `orders.email` is marked deprecated until 2027-06-30."]);
    expect(kinds((c) => (orders(c).customProperties = mark("2027-06-30")))).toEqual(["element-deprecated orders: `orders` is marked deprecated until 2027-06-30."]);
    expect(kinds((c) => (c.servers[0].customProperties = mark("2027-06-30")))).toEqual([expect.stringMatching(/^element-deprecated server \S+: Server `\S+` is marked deprecated until 2027-06-30\.$/)]);
    expect(kinds((c) => (c.status = "deprecated"))).toEqual(["element-deprecated contract: Status changed from active to deprecated."]);
    const marked = baseContract();
    prop(marked, "email").customProperties = mark("2027-06-30");
    expect(kinds((c) => (prop(c, "email").customProperties = mark("2027-12-31")), marked)).toEqual(["metadata-changed orders.email: The deprecation date of `orders.email` changed from 2027-06-30 to 2027-12-31."]);
    expect(kinds((c) => delete prop(c, "email").customProperties, marked)).toEqual(["metadata-changed orders.email: `orders.email` is no longer marked deprecated."]);
    const retired = { ...baseContract(), status: "deprecated" };
    expect(kinds((c) => (c.status = "retired"), retired)).toEqual([expect.stringMatching(/^deprecated-element-removed \S+: Status changed from deprecated to retired: the contract released as deprecated is retired/)]);
  });

  it("reports the quality rules a new property comes with as added rules: rows written before it have no value there", () => {
    const base = baseContract();
    const head = clone(base);
    orders(head).properties.push(
      { name: "coupon", logicalType: "string", quality: [{ metric: "nullValues", mustBe: 0 }] },
      { name: "shipping", logicalType: "object", properties: [{ name: "carrier", logicalType: "string", quality: [{ name: "known_carrier", metric: "invalidValues", arguments: { validValues: ["dhl", "ups"] }, mustBe: 0 }] }] },
    );
    const changes = diffContracts(base, head, { now: NOW });
    expect(changes.map((c) => `${c.kind} ${c.element} ${c.headPath}`)).toEqual([
      "property-added-optional orders.coupon /schema/0/properties/5",
      "quality-rule-added orders.coupon /schema/0/properties/5/quality/0",
      "property-added-optional orders.shipping /schema/0/properties/6",
      "quality-rule-added orders.shipping.carrier /schema/0/properties/6/properties/0/quality/0",
    ]);
    // An optional column that must not be null is as breaking as a required one for readers of old rows.
    expect(requiredBump("quality-rule-added", "backward")).toBe("major");
    expect(changes[1]!.message).toBe("Quality rule nullValues was added to `orders.coupon`, a new property: rows written before it have no value there.");
  });

  it("reports a changed SLA valueExt, which no magnitude comparison sees, as a change it cannot judge", () => {
    const base = baseContract();
    base.slaProperties.push({ property: "frequency", value: 1, valueExt: 1, unit: "d" });
    const head = clone(base);
    head.slaProperties.at(-1).valueExt = 5;
    expect(diffContracts(base, head, { now: NOW }).map((c) => `${c.kind}: ${c.message}`)).toEqual(["sla-relaxed: SLA frequency changed: 1 d (valueExt 1) → 1 d (valueExt 5)."]);
  });

  it("reads an SLA value written as decimal text as its number, and not hexadecimal or Infinity text (core's slaValueNumber)", () => {
    const kinds = (value: unknown) => {
      const head = baseContract();
      head.slaProperties[0].value = value;
      return diffContracts(baseContract(), head, { now: NOW }).map((c) => c.kind);
    };
    const base = baseContract().slaProperties[0];
    // The same length as text: the same promise; in exponent notation, a shorter one is tightened, as its number would be.
    expect(kinds(` ${String(base.value)} `)).toEqual(["metadata-changed"]);
    expect(kinds("2e0")).toEqual(["sla-tightened"]);
    expect(kinds("2.")).toEqual(kinds(2));
    // "0x2" is no number lint, contract-test or provision reads: a change compat cannot size, not a tightening to 2.
    expect(kinds(2)).toEqual(["sla-tightened"]);
    expect(kinds("0x2")).toEqual(["sla-relaxed"]);
  });

  it("pairs an SLA whose element is written in another case, spacing or order with itself: the same element, metadata", () => {
    const base = baseContract();
    base.slaProperties[0].element = "orders.ordered_at, orders.order_id";
    const head = clone(base);
    head.slaProperties[0].element = "Orders.Ordered_At,orders.ORDER_ID";
    expect(diffContracts(base, head, { now: NOW }).map((c) => [c.kind, c.element, c.message])).toEqual([
      ["metadata-changed", "sla latency", "SLA latency element written differently: orders.ordered_at, orders.order_id → Orders.Ordered_At,orders.ORDER_ID (the same elements: names are compared without case, order or the spaces around them)."],
    ]);
    // Several columns are a set of them (ODCS: "Element(s) to check on … separated by commas"): in another order, or
    // one named twice, the same element; one of them dropped, another.
    head.slaProperties[0].element = "orders.order_id,orders.ordered_at";
    expect(diffContracts(base, head, { now: NOW }).map((c) => c.kind)).toEqual(["metadata-changed"]);
    head.slaProperties[0].element = "orders.order_id, orders.ordered_at, orders.order_id";
    expect(diffContracts(base, head, { now: NOW }).map((c) => c.kind)).toEqual(["metadata-changed"]);
    head.slaProperties[0].element = "orders.order_id";
    expect(diffContracts(base, head, { now: NOW }).map((c) => c.kind)).toEqual(["sla-removed", "sla-added"]);
    // Another element is another SLA, case or not.
    head.slaProperties[0].element = "Orders.Amount";
    expect(diffContracts(base, head, { now: NOW }).map((c) => c.kind)).toEqual(["sla-removed", "sla-added"]);
  });

  it("pairs an SLA whose element follows its column's rename (or its object's) with itself: the rename is reported once, not the SLA removed", () => {
    const base = baseContract();
    const head = clone(base);
    Object.assign(prop(head, "ordered_at"), { name: "order_date", customProperties: [{ property: "renamedFrom", value: "ordered_at" }] });
    head.slaProperties[0].element = "orders.order_date";
    expect(diffContracts(base, head, { now: NOW }).map((c) => [c.kind, c.element, c.message])).toEqual([
      ["property-renamed", "orders.order_date", "Property `orders.ordered_at` was renamed to `orders.order_date`."],
      ["metadata-changed", "sla latency", "SLA latency element written differently: orders.ordered_at → orders.order_date (the same elements under their new names: the rename is reported where it was made)."],
    ]);
    // Its object renamed too: the SLA names the column by both new names.
    Object.assign(objects(head)[0]!, { name: "sales", customProperties: [{ property: "renamedFrom", value: "orders" }] });
    head.slaProperties[0].element = "sales.order_date";
    expect(diffContracts(base, head, { now: NOW }).map((c) => c.kind)).toEqual(["object-renamed", "property-renamed", "metadata-changed"]);
    // Relaxed on the way: judged as the same SLA.
    head.slaProperties[0].value = 8;
    expect(diffContracts(base, head, { now: NOW }).map((c) => c.kind)).toEqual(["object-renamed", "property-renamed", "metadata-changed", "sla-relaxed"]);
    // Left naming the column as released, it is still that SLA (as for a rename in the contract alone); another column is another SLA.
    head.slaProperties[0].value = 4;
    head.slaProperties[0].element = "orders.ordered_at";
    expect(diffContracts(base, head, { now: NOW }).map((c) => c.kind)).toEqual(["object-renamed", "property-renamed"]);
    head.slaProperties[0].element = "sales.order_id";
    expect(diffContracts(base, head, { now: NOW }).map((c) => c.kind)).toEqual(["object-renamed", "property-renamed", "sla-removed", "sla-added"]);
  });

  it("reports an SLA that keeps its id but promises another property, or of another element, as removed: the old promise is gone", () => {
    const base = baseContract();
    base.slaProperties[0].id = "orders_latency";
    const head = clone(base);
    head.slaProperties[0].element = "orders.amount";
    expect(diffContracts(base, head, { now: NOW }).map((c) => [c.kind, c.headPath, c.basePath, c.message])).toEqual([
      ["sla-removed", "/slaProperties/0", "/slaProperties/0", "SLA latency of orders.ordered_at is no longer promised: this entry (the same id) now promises latency of orders.amount."],
      ["sla-added", "/slaProperties/0", undefined, "SLA latency of orders.amount was added."],
    ]);
    // Without an element it applies to the whole contract.
    delete head.slaProperties[0].element;
    expect(diffContracts(base, head, { now: NOW }).map((c) => c.message)).toEqual([
      "SLA latency of orders.ordered_at is no longer promised: this entry (the same id) now promises latency of the whole contract.",
      "SLA latency of the whole contract was added.",
    ]);
    // Another property under the same id is another promise too; a synonym (`ly`) is the same one.
    const other = clone(base);
    other.slaProperties[0].property = "frequency";
    expect(diffContracts(base, other, { now: NOW }).map((c) => [c.kind, c.element])).toEqual([
      ["sla-removed", "sla latency"],
      ["sla-added", "sla frequency"],
    ]);
    // The same promise written another way changes no guarantee, but the released document (semver §3): a patch.
    const synonym = clone(base);
    synonym.slaProperties[0].property = "ly";
    expect(diffContracts(base, synonym, { now: NOW }).map((c) => [c.kind, c.headPath])).toEqual([["metadata-changed", "/slaProperties/0/property"]]);
    expect(requiredBump("metadata-changed", "full")).toBe("patch");
  });

  it("reports an SLA written another way with the same value (1 d → 24 h) as metadata, a patch: the released document changed, no promise did", () => {
    const base: Json = { ...baseContract(), slaProperties: [{ property: "latency", value: 1, unit: "d" }] };
    const head = clone(base);
    head.slaProperties[0] = { property: "latency", value: 24, unit: "h" };
    const changes = diffContracts(base, head, { now: NOW });
    expect(changes.map((c) => [c.kind, c.headPath, c.message])).toEqual([["metadata-changed", "/slaProperties/0/value", "SLA latency written differently: latency 1 d → latency 24 h (the same promise)."]]);
    // With its description rewritten too, both are said.
    head.slaProperties[0].description = "A day.";
    expect(diffContracts(base, head, { now: NOW }).map((c) => c.kind)).toEqual(["metadata-changed", "description-changed"]);
    expect(diffContracts(base, clone(base), { now: NOW })).toEqual([]);
    const text: Json = { ...baseContract(), slaProperties: [{ property: "availability", value: 99.9, unit: "percent" }] };
    const quoted = clone(text);
    quoted.slaProperties[0].value = "99.9";
    expect(diffContracts(text, quoted, { now: NOW }).map((c) => c.message)).toEqual(["SLA availability written differently: availability 99.9 percent → availability \"99.9\" percent (the same promise)."]);
  });

  it.each(CONTRACT_CASES)("%s requires the documented bump under each mode", (kind, _mutate, expected) => expectBumps(kind, expected));
  it.each(DOCUMENT_CASES)("%s requires the documented bump under each mode", (kind, expected) => expectBumps(kind, expected));

  it("removes a deprecated element as a breaking change while its date has not passed", () => {
    const base = baseFor("deprecated-element-removed");
    const head = clone(base);
    orders(head).properties.splice(2, 1);
    expect(diffContracts(base, head, { now: new Date("2025-12-01") }).map((c) => c.kind)).toEqual(["property-removed-optional"]);
  });

  it("lets a deprecated element go only after its date: from the next day, an ISO date read strictly", () => {
    const removedWith = (value: string, now: string) => {
      const base = baseFor("deprecated-element-removed");
      prop(base, "status").customProperties = [{ property: "deprecated", value }];
      const head = clone(base);
      orders(head).properties.splice(2, 1);
      return diffContracts(base, head, { now: new Date(now) }).map((c) => `${c.kind}: ${c.message}`);
    };
    // On the date itself it is not "after" it yet.
    expect(removedWith("2026-12-02", "2026-12-02T23:59:59Z")).toEqual([expect.stringMatching(/^property-removed-optional: .*\(deprecated until 2026-12-02, which has not passed\)/)]);
    expect(removedWith("2026-12-02", "2026-12-03T00:00:00Z")).toEqual([expect.stringMatching(/^deprecated-element-removed: .*after its deprecation date 2026-12-02\./)]);
    expect(removedWith("2026-12-02T12:00:00+01:00", "2026-12-02T11:00:00Z")).toEqual([expect.stringMatching(/^deprecated-element-removed/)]);
    // Date.parse would read these as dates long past.
    for (const value of ["1.5.0", "1", "June 30", "2025-02-30", "2025-13-01", "2025-06-30T25:00:00Z", "2025-06-30T10:00:00"]) {
      expect(removedWith(value, "2026-12-02")).toEqual([expect.stringMatching(new RegExp(`^property-removed-optional: .*is not an ISO date such as 2026-06-30\\)`))]);
    }
  });

  it("reports valid values rewritten as something else than a list (which contract-test refuses) as a changed rule", () => {
    const base = baseContract();
    const head = clone(base);
    prop(head, "status").quality[0].arguments.validValues = "placed";
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.element}`)).toEqual(["quality-rule-changed orders.status"]);
  });

  it("reports an invalidValues rule that drops (or gains) its list of valid values as a changed rule: any value passes it now", () => {
    const base = baseContract();
    const head = clone(base);
    delete prop(head, "status").quality[0].arguments.validValues;
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.element}`)).toEqual(["quality-rule-changed orders.status"]);
    expect(diffContracts(head, base).map((c) => `${c.kind} ${c.element}`)).toEqual(["quality-rule-changed orders.status"]);
    // An empty list is still a list: its values are compared one by one.
    prop(head, "status").quality[0].arguments.validValues = [];
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.element}`)).toEqual(["valid-values-removed orders.status"]);
  });

  it("compares the valid values of each invalidValues rule with those of the rule it is paired with (tiers reordered: no change)", () => {
    const base = baseContract();
    const tiers = (c: Json) => prop(c, "status").quality as Json[];
    tiers(base).push({ metric: "invalidValues", arguments: { validValues: ["open", "closed", "on_hold"] }, mustBe: 0, severity: "warning" });
    const head = clone(base);
    tiers(head).reverse();
    expect(diffContracts(base, head)).toEqual([]);
    // A value added to the warning tier only is found there, at that rule's list.
    tiers(head)[0]!.arguments.validValues.push("lost");
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.headPath}: ${c.message}`)).toEqual(['valid-values-added /schema/0/properties/2/quality/0/arguments/validValues: Valid values of `orders.status` added: "lost".']);
    // An object's rule with a list is compared too, not passed over.
    orders(base).quality.push({ metric: "invalidValues", arguments: { validValues: ["EUR", "USD"] }, mustBe: 0 });
    const objectHead = clone(base);
    orders(objectHead).quality[1].arguments.validValues.pop();
    expect(diffContracts(base, objectHead).map((c) => `${c.kind} ${c.element}`)).toEqual(["valid-values-removed orders"]);
  });

  it("reads an invalidValues rule's arguments.pattern that lists literal values as its valid values", () => {
    const base = baseContract();
    prop(base, "status").quality = [{ metric: "invalidValues", arguments: { pattern: "^(open|closed)$" }, mustBe: 0 }];
    const head = clone(base);
    const rule = (c: Json) => prop(c, "status").quality[0];
    rule(head).arguments.pattern = "^(open|closed|lost)$";
    const found = () => diffContracts(base, head).map((c) => `${c.kind} ${c.headPath}`);
    expect(found()).toEqual(["valid-values-added /schema/0/properties/2/quality/0/arguments/pattern"]);
    rule(head).arguments.pattern = "^(open)$";
    expect(found()).toEqual(["valid-values-removed /schema/0/properties/2/quality/0/arguments/pattern"]);
    // The same values as a list: no guarantee changed, but the released document did (a patch, as the same
    // threshold written another way is); a pattern that lists no values is another rule, named as written.
    rule(head).arguments = { validValues: ["closed", "open"] };
    expect(found()).toEqual(["description-changed /schema/0/properties/2/quality/0/arguments/validValues"]);
    expect(diffContracts(head, base).map((c) => `${c.kind}: ${c.message}`)).toEqual([
      'description-changed: Quality rule invalidValues on `orders.status` was rewritten without changing what it accepts: arguments.validValues [closed, open] → none, arguments.pattern none → "^(open|closed)$".',
    ]);
    const reordered = clone(head);
    rule(reordered).arguments.validValues.reverse();
    expect(diffContracts(head, reordered)).toEqual([]);
    rule(head).arguments = { pattern: "^[a-z]+$" };
    expect(diffContracts(base, head).map((c) => `${c.kind}: ${c.message}`)).toEqual(['quality-rule-changed: Quality rule invalidValues on `orders.status` was changed: arguments.pattern "^(open|closed)$" → "^[a-z]+$".']);
  });

  it("compares an enum moved between a pattern and an invalidValues rule that allows no invalid row as one list of values", () => {
    const base = baseContract();
    const status = prop(base, "status");
    delete status.quality;
    status.logicalTypeOptions = { pattern: "^(open|closed)$" };
    const head = clone(base);
    delete prop(head, "status").logicalTypeOptions;
    prop(head, "status").quality = [{ metric: "invalidValues", arguments: { validValues: ["closed", "open"] }, mustBeLessThan: 1 }];
    const found = (from: Json, to: Json) => diffContracts(from, to).map((c) => `${c.kind} ${c.element} ${c.headPath} ${c.basePath ?? ""}`);
    expect(found(base, head)).toEqual(["metadata-changed orders.status /schema/0/properties/2/quality/0/arguments/validValues /schema/0/properties/2/logicalTypeOptions/pattern"]);
    expect(found(head, base)).toEqual(["metadata-changed orders.status /schema/0/properties/2/logicalTypeOptions/pattern /schema/0/properties/2/quality/0/arguments/validValues"]);
    prop(head, "status").quality[0].arguments.validValues.push("lost");
    expect(found(base, head)).toEqual(["valid-values-added orders.status /schema/0/properties/2/quality/0/arguments/validValues "]);
    expect(found(head, base)).toEqual(["valid-values-removed orders.status /schema/0/properties/2/logicalTypeOptions/pattern "]);
    // A rule that lets invalid rows through (or only warns) promises less than the pattern: the pattern is gone, a rule added.
    prop(head, "status").quality[0] = { metric: "invalidValues", arguments: { validValues: ["open", "closed"] }, mustBeLessThan: 10 };
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["constraint-loosened", "quality-rule-added"]);
    prop(head, "status").quality[0] = { metric: "invalidValues", arguments: { validValues: ["open", "closed"] }, mustBe: 0, severity: "warning" };
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["constraint-loosened", "quality-rule-added"]);
    // Severity is read as contract-test reads it: `Error`, `CRITICAL` or `critical` fail the run as `error` does.
    for (const severity of ["Error", "ERROR", "critical"]) {
      prop(head, "status").quality[0] = { metric: "invalidValues", arguments: { validValues: ["open", "closed"] }, mustBe: 0, severity };
      expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["metadata-changed"]);
      expect(diffContracts(head, base).map((c) => c.kind)).toEqual(["metadata-changed"]);
    }
  });

  it("finds an enum moved to a strict invalidValues rule written after a wider warning tier (tiers in either order)", () => {
    const base = baseContract();
    const status = prop(base, "status");
    delete status.quality;
    status.logicalTypeOptions = { pattern: "^(open|closed)$" };
    const head = clone(base);
    delete prop(head, "status").logicalTypeOptions;
    const warningTier = { metric: "invalidValues", arguments: { validValues: ["open", "closed", "lost"] }, mustBe: 0, severity: "warning" };
    const strict = { metric: "invalidValues", arguments: { validValues: ["closed", "open"] }, mustBe: 0 };
    prop(head, "status").quality = [warningTier, strict];
    const found = (from: Json, to: Json) => diffContracts(from, to).map((c) => `${c.kind} ${c.headPath ?? ""}`);
    expect(found(base, head)).toEqual(["metadata-changed /schema/0/properties/2/quality/1/arguments/validValues", "quality-rule-added /schema/0/properties/2/quality/0"]);
    expect(found(head, base).map((line) => line.split(" ")[0])).toEqual(["metadata-changed", "quality-rule-removed"]);
  });

  it("pairs an SQL rule whose query changed with its new query (quality-rule-changed), and says what changed in a changed rule", () => {
    const base = baseContract();
    const sql = (query: string) => ({ type: "sql", query, mustBe: 0 });
    orders(base).quality.push(sql("SELECT COUNT(*) FROM orders WHERE amount < 0"));
    const head = clone(base);
    orders(head).quality[1] = sql("SELECT COUNT(*) FROM orders WHERE amount <= 0");
    expect(diffContracts(base, head).map((c) => `${c.kind}: ${c.message}`)).toEqual([
      'quality-rule-changed: Quality rule SQL rule on `orders` was changed: query "SELECT COUNT(*) FROM orders WHERE amount < 0" → "SELECT COUNT(*) FROM orders WHERE amount <= 0".',
    ]);
    // Rules of a metric: their unit, comparators and arguments by name.
    const rules = clone(base);
    prop(rules, "ordered_at").quality[0].unit = "rows";
    orders(rules).quality[0] = { metric: "rowCount", mustBeLessThan: 100 };
    prop(rules, "status").quality[0].arguments.validValues = "open";
    expect(diffContracts(base, rules).map((c) => c.message)).toEqual(
      expect.arrayContaining([
        "Quality rule nullValues on `orders.ordered_at` was changed: unit percent → rows.",
        "Quality rule rowCount on `orders` was changed: mustBeGreaterThan 100 → none, mustBeLessThan none → 100.",
        "Quality rule invalidValues on `orders.status` was changed: arguments.validValues [open, closed] → open.",
      ]),
    );
    // A between pair or a list of columns is shown, not only named: the reader sees the new range.
    const between = clone(base);
    orders(between).quality[0] = { metric: "rowCount", mustBeBetween: [100, 1000] };
    orders(between).quality.push({ type: "library", metric: "duplicateValues", arguments: { properties: ["order_id"] }, mustBe: 0 });
    const pair = clone(between);
    orders(pair).quality[2].arguments.properties = ["order_id", "status"];
    expect(diffContracts(base, between).map((c) => c.message)).toContain("Quality rule rowCount on `orders` was tightened: mustBeGreaterThan 100 → none, mustBeBetween none → [100, 1000].");
    expect(diffContracts(between, pair).map((c) => c.message)).toEqual(["Quality rule duplicateValues on `orders` was changed: arguments.properties [order_id] → [order_id, status]."]);
  });

  it("quotes a listed text that reads as a number, null or a boolean: `[\"null\"]` → `[null]` does not read as no change", () => {
    const base = baseContract();
    prop(base, "status").quality = [{ metric: "missingValues", arguments: { missingValues: ["null", "0", "n/a"] }, mustBe: 0 }];
    const head = clone(base);
    prop(head, "status").quality = [{ metric: "missingValues", arguments: { missingValues: [null, 0, "n/a"] }, mustBe: 0 }];
    expect(diffContracts(base, head).map((c) => c.message)).toEqual(['Quality rule missingValues on `orders.status` was changed: arguments.missingValues ["null", "0", n/a] → [null, 0, n/a].']);
  });

  it("reads a count's `mustBe: '0'` as contract-test does, the number 0, and tells the two apart in the message", () => {
    const base = baseContract();
    const head = clone(base);
    prop(head, "status").quality[0].mustBe = "0";
    expect(diffContracts(base, head).map((c) => [c.kind, c.message])).toEqual([
      ["description-changed", 'Quality rule invalidValues on `orders.status` was rewritten without changing what it accepts: mustBe 0 → "0".'],
    ]);
    // A nullValues rule accepting '0' nulls restates `required: true`, as with 0.
    const restated = clone(base);
    Object.assign(prop(restated, "amount"), { required: false, quality: [{ metric: "nullValues", mustBe: "0" }] });
    expect(diffContracts(base, restated).map((c) => c.kind)).toEqual(["metadata-changed"]);
  });

  it("reads an SQL rule's query without the whitespace around it: moved into a YAML block (`query: |`) it is the same query", () => {
    const base = baseContract();
    const sql = (query: string, threshold: Record<string, unknown> = { mustBe: 0 }) => ({ type: "sql", query, ...threshold });
    orders(base).quality.push(sql("SELECT COUNT(*) FROM orders WHERE amount < 0"), sql("SELECT COUNT(*) FROM orders WHERE status IS NULL", { mustBeLessThan: 5 }));
    const head = clone(base);
    // `query: |` ends the text with a line break; `query: >-` over indented lines, a leading one is possible too.
    orders(head).quality[1].query = "SELECT COUNT(*) FROM orders WHERE amount < 0\n";
    orders(head).quality[2].query = "\n  SELECT COUNT(*) FROM orders WHERE status IS NULL  \n";
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.headPath}`)).toEqual(["description-changed /schema/0/quality/1/query", "description-changed /schema/0/quality/2/query"]);
    // Out of a block over several lines (or into a folded one, `query: >`), its line breaks become spaces: the same
    // statement, where no text, quoted name or comment holds them.
    const lines = clone(base);
    orders(lines).quality[1].query = "SELECT COUNT(*)\nFROM orders\n  WHERE amount < 0\n";
    expect(diffContracts(base, lines).map((c) => `${c.kind} ${c.headPath}`)).toEqual(["description-changed /schema/0/quality/1/query"]);
    const quoted = clone(base);
    orders(quoted).quality.push(sql("SELECT COUNT(*) FROM orders WHERE status = 'on  hold'"));
    const requoted = clone(quoted);
    orders(requoted).quality[3].query = "SELECT COUNT(*) FROM orders WHERE status = 'on hold'";
    expect(diffContracts(quoted, requoted).map((c) => c.kind)).toEqual(["quality-rule-changed"]);
    // Its threshold relaxed beside it is judged by the threshold; a changed statement is still a changed rule.
    orders(head).quality[2].mustBeLessThan = 10;
    orders(head).quality[1].query = "SELECT COUNT(*) FROM orders WHERE amount <= 0\n";
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["quality-rule-changed", "quality-rule-relaxed"]);
  });

  it("pairs a nullValues rule with the missingValues rule that replaces it: counting blanks too tightens it", () => {
    const base = baseContract();
    prop(base, "status").quality = [{ metric: "nullValues", mustBe: 0 }];
    const head = clone(base);
    prop(head, "status").quality = [{ metric: "missingValues", arguments: { missingValues: [null, "", "N/A"] }, mustBe: 0 }];
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.element}`)).toEqual(["quality-rule-tightened orders.status"]);
    expect(diffContracts(head, base).map((c) => `${c.kind} ${c.element}`)).toEqual(["quality-rule-relaxed orders.status"]);
    // Two tiers replaced in another order: each is paired with the one of its unit and comparisons.
    const tiers = clone(base);
    prop(tiers, "status").quality = [{ metric: "nullValues", mustBeLessThan: 5, unit: "percent", severity: "warning" }, { metric: "nullValues", mustBe: 0 }];
    const replaced = clone(base);
    prop(replaced, "status").quality = [{ metric: "missingValues", mustBe: 0 }, { metric: "missingValues", mustBeLessThan: 5, unit: "percent", severity: "warning" }];
    expect(diffContracts(tiers, replaced).map((c) => `${c.kind} ${c.headPath}`)).toEqual(["quality-rule-tightened /schema/0/properties/2/quality/1/metric", "quality-rule-tightened /schema/0/properties/2/quality/0/metric"]);
    // A property with both rules, reordered and each kept: each is paired with itself first.
    const both = clone(base);
    prop(both, "status").quality.push({ metric: "missingValues", arguments: { missingValues: ["", "N/A"] }, mustBeLessThan: 5, unit: "percent" });
    const reordered = clone(both);
    prop(reordered, "status").quality.reverse();
    prop(reordered, "status").quality[0].mustBeLessThan = 2;
    expect(diffContracts(both, reordered).map((c) => `${c.kind} ${c.headPath}`)).toEqual(["quality-rule-tightened /schema/0/properties/2/quality/0/mustBeLessThan"]);
  });

  it("says when a renamedFrom hint pairs the element with nothing (a typo, or the old one still there), instead of passing it over", () => {
    const base = baseContract();
    const head = clone(base);
    Object.assign(prop(head, "email"), { name: "email_address", customProperties: [{ property: "renamedFrom", value: "e_mail" }] });
    expect(diffContracts(base, head).map((c) => `${c.kind}: ${c.message}`)).toEqual([
      "property-removed-optional: Property `orders.email` was removed.",
      "property-added-optional: Optional property `orders.email_address` was added. Its `renamedFrom: e_mail` pairs it with nothing: the released version has no property of `orders` named `e_mail` that this version lacks, so it is not read as a rename.",
    ]);
    // Spelt right, it is the rename it declares.
    prop(head, "email_address").customProperties[0].value = "email";
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["property-renamed"]);
    const objectHead = clone(base);
    objects(objectHead).push({ name: "clients", properties: [], customProperties: [{ property: "renamedFrom", value: "customers" }] });
    expect(diffContracts(base, objectHead).map((c) => c.message)).toEqual([expect.stringContaining("Its `renamedFrom: customers` pairs it with nothing: the released version has no object named `customers`")]);
  });

  it("says when a deprecation is marked with a value that is no date", () => {
    const base = baseContract();
    const head = clone(base);
    prop(head, "email").customProperties = [{ property: "deprecated", value: "soon" }];
    expect(diffContracts(base, head).map((c) => `${c.kind}: ${c.message}`)).toEqual([expect.stringMatching(/^element-deprecated: .*until soon \("soon" is not an ISO date such as 2026-06-30: removing it will still be a breaking change\)\./)]);
  });

  it("points a change of a documentation or metadata field at that field, where the head writes it, not at its element", () => {
    const base = baseContract();
    const paths = (mutate: (c: Json) => void, from = base) => {
      const head = clone(from);
      mutate(head);
      return diffContracts(from, head, { now: NOW }).map((c) => `${c.kind} ${c.headPath}`);
    };
    expect(paths((c) => (prop(c, "email").description = "Where receipts go."))).toEqual(["description-changed /schema/0/properties/3/description"]);
    expect(paths((c) => (prop(c, "email").businessName = "E-mail"))).toEqual(["description-changed /schema/0/properties/3/businessName"]);
    expect(paths((c) => (prop(c, "email").tags = ["contact"]))).toEqual(["tags-changed /schema/0/properties/3/tags"]);
    expect(paths((c) => (orders(c).description = "Every order."))).toEqual(["description-changed /schema/0/description"]);
    expect(paths((c) => (orders(c).tags = ["sales"]))).toEqual(["tags-changed /schema/0/tags"]);
    expect(paths((c) => (prop(c, "email").criticalDataElement = true))).toEqual(["metadata-changed /schema/0/properties/3/criticalDataElement"]);
    expect(paths((c) => (c.slaProperties[0].description = "Within the hour."))).toEqual(["description-changed /slaProperties/0/description"]);
    // An SLA judged by its value points at what changed: the value, else its unit or valueExt.
    expect(paths((c) => (c.slaProperties[0].value = 8))).toEqual(["sla-relaxed /slaProperties/0/value"]);
    expect(paths((c) => (c.slaProperties[0].unit = "d"))).toEqual(["sla-relaxed /slaProperties/0/unit"]);
    expect(paths((c) => (c.slaProperties[0].valueExt = 2))).toEqual(["sla-relaxed /slaProperties/0/valueExt"]);
    expect(paths((c) => (c.roles[0].description = "Reads orders."))).toEqual(["description-changed /roles/0/description"]);
    const role = (mutate: (c: Json) => void) => {
      const head = clone(base);
      mutate(head);
      return diffContracts(base, head, { now: NOW }).map((c) => `${c.kind} ${c.headPath}: ${c.message}`);
    };
    expect(role((c) => (c.roles[0].access = "write"))).toEqual(["role-changed /roles/0/access: Role `analyst` changed: access read → write."]);
    expect(role((c) => (c.roles[0].firstLevelApprovers = "data-owners"))).toEqual(["role-changed /roles/0/firstLevelApprovers: Role `analyst` changed: firstLevelApprovers none → data-owners."]);
    expect(paths((c) => (c.servers[0].description = "Production."))).toEqual(["metadata-changed /servers/0/description"]);
    // A field the head no longer writes: the element around it, the nearest node that is still there.
    const described = clone(base);
    prop(described, "email").description = "Where receipts go.";
    expect(paths((c) => delete prop(c, "email").description, described)).toEqual(["description-changed /schema/0/properties/3"]);
    const port = (mutate: (p: Json) => void) => {
      const head = clone(baseProduct());
      mutate(head.outputPorts[0]);
      return diffProducts(baseProduct(), head).map((c) => `${c.kind} ${c.headPath}`);
    };
    expect(port((p) => (p.description = "Orders."))).toEqual(["description-changed /outputPorts/0/description"]);
    expect(port((p) => (p.tags = ["sales"]))).toEqual(["tags-changed /outputPorts/0/tags"]);
    expect(port((p) => (p.sbom = [{ type: "external", url: "https://sbom.example/orders" }]))).toEqual(["metadata-changed /outputPorts/0/sbom"]);
  });

  it("says why a rename in the contract only, its name in the data source kept, still breaks: consumers name it by its contract name", () => {
    const base = baseContract();
    orders(base).physicalName = "orders_tbl";
    const head = clone(base);
    // Its old name kept as the new physicalName (`email` → `contact_email`, `physicalName: email`) pairs it too.
    Object.assign(prop(head, "email"), { name: "contact_email", physicalName: "email" });
    orders(head).name = "customer_orders";
    const kept = (physical: string) => `; its name in the data source, \`${physical}\`, is kept, so queries still read it, but what names it by its contract name breaks (consumers' usedColumns, relationships, SLA elements, code generated from the contract).`;
    expect(diffContracts(base, head).map((c) => [c.kind, c.message])).toEqual([
      ["object-renamed", `Object \`orders\` was renamed to \`customer_orders\`${kept("orders_tbl")}`],
      ["property-renamed", `Property \`customer_orders.email\` was renamed to \`customer_orders.contact_email\`${kept("email")}`],
    ]);
    // Renamed in the data source as well (paired by a hint): the plain words, with the physical names.
    Object.assign(objects(head)[0]!, { physicalName: "customer_orders_tbl", customProperties: [{ property: "renamedFrom", value: "orders" }] });
    expect(diffContracts(base, head)[0]!.message).toBe("Object `orders` was renamed to `customer_orders` (physical name orders_tbl → customer_orders_tbl).");
  });

  it("follows a property by its stable id across a rename, without a hint", () => {
    const base = baseContract();
    prop(base, "email").id = "email_prop";
    const head = clone(base);
    prop(head, "email").name = "contact_email";
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.element}`)).toEqual(["property-renamed orders.contact_email"]);
  });

  it("says two properties whose ids were swapped are reordered under new names, not that each keeps its name", () => {
    const base = baseContract();
    Object.assign(orders(base).properties[0], { id: "p_a" });
    Object.assign(orders(base).properties[1], { id: "p_b" });
    const head = clone(base);
    Object.assign(orders(head).properties[0], { id: "p_b" });
    Object.assign(orders(head).properties[1], { id: "p_a" });
    const [first, second] = [orders(base).properties[0].name, orders(base).properties[1].name];
    // Each now has the other's type and keys too, reported as such: only the order and the names are looked at here.
    expect(diffContracts(base, head).filter((c) => c.kind === "property-reordered" || c.kind === "property-renamed").map((c) => [c.kind, c.message])).toEqual([
      ["property-reordered", `Properties of \`orders\` are in another order (column order); as their ids or renamedFrom hints pair them: \`orders.${first}\`, \`orders.${second}\` have new names (property-renamed).`],
      ["property-renamed", `Property \`orders.${second}\` was renamed to \`orders.${first}\`.`],
      ["property-renamed", `Property \`orders.${first}\` was renamed to \`orders.${second}\`.`],
    ]);
    // Moved without a new name: the plain words.
    const moved = clone(base);
    orders(moved).properties.reverse();
    expect(diffContracts(base, moved).map((c) => c.message)).toEqual(["Properties of `orders` are in another order (column order); each keeps its name."]);
  });

  it("names no rename in the reordering of a property whose name changed in case only, which is no rename", () => {
    const base = baseContract();
    prop(base, "email").id = "p_email";
    const head = clone(base);
    orders(head).properties.reverse();
    prop(head, "email").name = "EMAIL";
    expect(diffContracts(base, head).map((c) => [c.kind, c.message])).toEqual([
      ["property-reordered", "Properties of `orders` are in another order (column order); each keeps its name."],
      ["metadata-changed", "The name of property `orders.email` changed in case only, to `orders.EMAIL`; warehouses fold unquoted names, so it is the same element."],
    ]);
    // Its column renamed in the data source as well: that is a rename, and the reordering names it.
    prop(head, "EMAIL").physicalName = "email_address";
    expect(diffContracts(base, head).map((c) => c.message)[0]).toBe(
      "Properties of `orders` are in another order (column order); as their ids or renamedFrom hints pair them: `orders.EMAIL` has a new name (property-renamed).",
    );
  });

  it("judges the column holding a property's encrypted values (encryptedName) as a column of the data source", () => {
    const base = baseContract();
    prop(base, "email").encryptedName = "email_encrypted";
    const changes = (head: Json) => diffContracts(base, head).map((c) => [c.kind, c.element, c.headPath, c.message]);
    const renamed = clone(base);
    prop(renamed, "email").encryptedName = "email_enc";
    expect(changes(renamed)).toEqual([["property-renamed", "orders.email", "/schema/0/properties/3/encryptedName", "The encrypted column of `orders.email` was renamed in the data source: `email_encrypted` → `email_enc` (encryptedName)."]]);
    const dropped = clone(base);
    delete prop(dropped, "email").encryptedName;
    expect(changes(dropped)).toEqual([["property-removed-optional", "orders.email", "/schema/0/properties/3", "The encrypted column `email_encrypted` of `orders.email` was removed (encryptedName)."]]);
    // Added: rows written before have no value there; a required property's encrypted column is required too.
    expect(diffContracts(dropped, base).map((c) => [c.kind, c.message])).toEqual([["property-added-optional", "The encrypted column `email_encrypted` of `orders.email` was added (encryptedName)."]]);
    const required = clone(base);
    prop(required, "amount").encryptedName = "amount_enc";
    expect(diffContracts(base, required).map((c) => c.kind)).toEqual(["property-added-required"]);
    // Warehouses fold unquoted names: a change of case is the same column, as for a property's name.
    const cased = clone(base);
    prop(cased, "email").encryptedName = "EMAIL_ENCRYPTED";
    expect(changes(cased)).toEqual([["metadata-changed", "orders.email", "/schema/0/properties/3/encryptedName", "Metadata of `orders.email` changed: encryptedName email_encrypted → EMAIL_ENCRYPTED."]]);
  });

  it("points a removal at the surviving parent in the head and the element in the base", () => {
    const base = baseContract();
    const head = clone(base);
    orders(head).properties.splice(1, 1);
    const [change] = diffContracts(base, head);
    expect(change).toMatchObject({ kind: "property-removed-required", element: "orders.amount", headPath: "/schema/0/properties", basePath: "/schema/0/properties/1" });
  });

  it("compares nested properties and array items", () => {
    const base = baseContract();
    orders(base).properties.push({ name: "address", logicalType: "object", properties: [{ name: "city", logicalType: "string", required: true }] });
    orders(base).properties.push({ name: "lines", logicalType: "array", items: { logicalType: "integer" } });
    const head = clone(base);
    prop(head, "address").properties.pop();
    prop(head, "lines").items.logicalType = "number";
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.element}`)).toEqual(["property-removed-required orders.address.city", "logical-type-widened orders.lines[]"]);
  });

  it("reads a logical type no longer declared (an array's items dropped, a logicalType with no physical type) as widened: any value", () => {
    const base = baseContract();
    orders(base).properties.push({ name: "labels", logicalType: "array", items: { logicalType: "string" } });
    orders(base).properties.push({ name: "note", logicalType: "string" });
    const dropped = clone(base);
    delete prop(dropped, "labels").items;
    delete prop(dropped, "note").logicalType;
    const changes = diffContracts(base, dropped).map((c) => [c.kind, c.element, c.headPath, c.message]);
    expect(changes).toEqual([
      ["logical-type-widened", "orders.labels[]", "/schema/0/properties/5", "Logical type of `orders.labels[]` was widened: string → none (any type)."],
      ["logical-type-widened", "orders.note", "/schema/0/properties/6", "Logical type of `orders.note` was widened: string → none (any type)."],
    ]);
    // Declared again: the values may again be only strings.
    expect(diffContracts(dropped, base).map((c) => `${c.kind} ${c.element}`)).toEqual(["logical-type-narrowed orders.labels[]", "logical-type-narrowed orders.note"]);
  });

  it("covers every contract change kind in these tests", () => {
    const tested = new Set<string>([...CONTRACT_CASES, ...PRODUCT_CASES, ...DOCUMENT_CASES].map(([k]) => k));
    expect(CHANGE_KINDS.map((k) => k.id).filter((id) => !tested.has(id))).toEqual([]);
  });
});

const PRODUCT_CASES: Case[] = [
  ["output-port-added", (p) => p.outputPorts.push({ name: "refunds", version: "1.0.0", contractId: "c-refunds" }), MINOR],
  ["output-port-removed", (p) => (p.outputPorts = []), MAJOR_F],
  ["output-port-renamed", (p) => Object.assign(p.outputPorts[0], { name: "sales_orders", customProperties: [{ property: "renamedFrom", value: "orders" }] }), MAJOR_BOTH],
  ["output-port-changed", (p) => (p.outputPorts[0].version = "2.0.0"), MAJOR_F],
  ["output-port-upgraded", (p) => (p.outputPorts[0].version = "1.5.0"), MINOR],
  ["domain-changed", (p) => (p.domain = "finance"), MAJOR_F],
  ["product-renamed", (p) => (p.name = "sales_orders"), MAJOR_F],
  ["input-port-changed", (p) => p.inputPorts.push({ name: "crm", version: "1.0.0", contractId: "crm" }), PATCH],
];

/** Kinds about whole documents, detected by compareSides (see compare.test.ts), with their bump per mode. */
const DOCUMENT_CASES: [ChangeKindId, Case[2]][] = [
  ["contract-added", MINOR],
  ["product-added", MINOR],
  ["contract-removed", MAJOR_F],
  ["product-removed", MAJOR_F],
  ["contract-id-changed", MAJOR_BOTH],
  ["product-id-changed", MAJOR_BOTH],
];

function expectBumps(kind: ChangeKindId, expected: Case[2]) {
  for (const mode of ["forward", "backward", "full", "none"] as const) expect(`${mode}: ${requiredBump(kind, mode)}`).toBe(`${mode}: ${expected[mode]}`);
  // Transitive modes judge each comparison like their base mode.
  for (const mode of ["forward", "backward", "full"] as const) expect(requiredBump(kind, `${mode}-transitive`)).toBe(expected[mode]);
}

describe("diffProducts", () => {
  it("finds nothing between a product and itself", () => {
    expect(diffProducts(baseProduct(), baseProduct())).toEqual([]);
  });
  it.each(PRODUCT_CASES)("detects exactly %s with its bump per mode", (kind, mutate, expected) => {
    const head = clone(baseProduct());
    mutate(head);
    expect(diffProducts(baseProduct(), head).map((c) => c.kind)).toEqual([kind]);
    expectBumps(kind, expected);
  });
  it("names the property metadata that changed: partitioning, critical data element, custom properties", () => {
    const base = baseContract();
    Object.assign(prop(base, "ordered_at"), { partitioned: true, partitionKeyPosition: 1 });
    const messages = (mutate: (c: Json) => void) => {
      const head = clone(base);
      mutate(head);
      return diffContracts(base, head).map((c) => `${c.kind}: ${c.message}`);
    };
    expect(messages((c) => (prop(c, "ordered_at").partitioned = false))).toEqual(["metadata-changed: Metadata of `orders.ordered_at` changed: partitioned true → false."]);
    expect(messages((c) => Object.assign(prop(c, "ordered_at"), { partitioned: undefined, partitionKeyPosition: undefined }))).toEqual([
      "metadata-changed: Metadata of `orders.ordered_at` changed: partitioned true → none, partitionKeyPosition 1 → none.",
    ]);
    expect(messages((c) => Object.assign(prop(c, "amount"), { partitioned: true, partitionKeyPosition: 2 }))).toEqual(["metadata-changed: Metadata of `orders.amount` changed: partitioned none → true, partitionKeyPosition none → 2."]);
    expect(messages((c) => Object.assign(prop(c, "amount"), { criticalDataElement: true, customProperties: [{ property: "owner", value: "ana" }] }))).toEqual([
      "metadata-changed: Metadata of `orders.amount` changed: customProperties, criticalDataElement none → true.",
    ]);
    expect(messages((c) => (prop(c, "amount").transformLogic = "select amount from erp.orders where amount is not null"))).toEqual(["metadata-changed: Metadata of `orders.amount` changed: transformLogic none → \"select amount from erp.orders where amount is not null\"."]);
    expect(messages((c) => (orders(c).physicalName = "orders"))).toEqual(["metadata-changed: Metadata of `orders` changed: physicalName none → orders."]);
  });
  it("names what changed on a server or a role, not every field that might have", () => {
    const head = clone(baseContract());
    Object.assign(head.servers[0], { environment: "prod", description: "The warehouse." });
    head.roles[0].customProperties = [{ property: "ticket", value: "IAM-1" }];
    expect(diffContracts(baseContract(), head).map((c) => c.message)).toEqual(["Server `prod` changed: environment none → prod, description none → \"The warehouse.\".", "Role `analyst` changed: customProperties."]);
  });
  it("names the fields that changed inside a mapping, such as the contract's price", () => {
    const base = baseContract();
    base.price = { priceAmount: 9.95, priceCurrency: "USD", priceUnit: "megabyte" };
    const head = clone(base);
    Object.assign(head.price, { priceAmount: 19.95, priceUnit: "gigabyte" });
    expect(diffContracts(base, head).map((c) => `${c.kind}: ${c.message}`)).toEqual(["metadata-changed: Metadata of the contract changed: price.priceAmount 9.95 → 19.95, price.priceUnit megabyte → gigabyte."]);
    // Pointed at the first field the message names, not at the whole mapping.
    expect(diffContracts(base, head).map((c) => c.headPath)).toEqual(["/price/priceAmount"]);
    // One it no longer writes: at the mapping.
    head.price = { priceCurrency: "USD", priceUnit: "megabyte" };
    expect(diffContracts(base, head).map((c) => c.headPath)).toEqual(["/price"]);
  });
  it("names what changed on an input port: the upstream contract or version it reads", () => {
    const head = clone(baseProduct());
    Object.assign(head.inputPorts[0], { version: "2.0.0", tags: ["erp"] });
    expect(diffProducts(baseProduct(), head).map((c) => `${c.kind}: ${c.message}`)).toEqual(["input-port-changed: Input port `erp` changed: version 1.0.0 → 2.0.0, tags none → [erp]."]);
    const moved = clone(baseProduct());
    moved.inputPorts[0].contractId = "erp-orders-v2";
    expect(diffProducts(baseProduct(), moved).map((c) => c.message)).toEqual(["Input port `erp` changed: contractId erp-orders → erp-orders-v2."]);
  });
  it("names each management port added, removed or changed (metadata: consumers' data does not go through them)", () => {
    const base = clone(baseProduct());
    base.managementPorts = [
      { name: "metrics", content: "observability", url: "https://obs.example/orders" },
      { name: "dictionary", content: "dictionary", type: "topic", channel: "orders.dictionary" },
    ];
    const head = clone(base);
    head.managementPorts[0].url = "https://obs.example/v2/orders";
    head.managementPorts.splice(1, 1, { name: "control", content: "control", url: "https://ctl.example/orders" });
    expect(diffProducts(base, head).map((c) => `${c.kind} ${c.headPath}: ${c.message}`)).toEqual([
      "metadata-changed /managementPorts: Management port `dictionary` was removed.",
      "metadata-changed /managementPorts/1: Management port `control` was added.",
      "metadata-changed /managementPorts/0/url: Management port `metrics` changed: url https://obs.example/orders → https://obs.example/v2/orders.",
    ]);
  });
  it("names what a schema-invalid document writes readably: no `undefined`, no `[object Object]`", () => {
    const head = clone(baseProduct());
    head.outputPorts.push({ version: "0.1.0", contractId: "c-new" });
    head.inputPorts.push({});
    head.outputPorts[0].contractId = { value: "c-orders" };
    const messages = diffProducts(baseProduct(), head).map((c) => c.message);
    expect(messages).toContain("Output port `(unnamed)` 0.1.0 was added.");
    expect(messages).toContain("Input port `(unnamed)` was added.");
    expect(messages.join("\n")).toContain('contract c-orders@1.4.2 → {"value":"c-orders"}@1.4.2');
    const contract = clone(baseContract());
    prop(contract, "amount").physicalType = { v: 1 };
    expect(diffContracts(baseContract(), contract).map((c) => c.message)).toContain('Physical type of `orders.amount` changed: int → {"v":1}.');
    for (const message of messages) expect(message).not.toMatch(/undefined|\[object Object\]/);
  });

  it("treats a newer patch of the port's contract as metadata, a newer minor as output-port-upgraded (semver §7: new compatible features)", () => {
    const head = clone(baseProduct());
    head.outputPorts[0].version = "1.4.3";
    expect(diffProducts(baseProduct(), head).map((c) => c.kind)).toEqual(["metadata-changed"]);
    head.outputPorts[0].version = "1.5.0";
    expect(diffProducts(baseProduct(), head).map((c) => c.kind)).toEqual(["output-port-upgraded"]);
  });

  it("follows two instances of one port (name + version is the key, ODPS) each in its own version line, in any order", () => {
    const base = clone(baseProduct());
    const port = base.outputPorts[0];
    base.outputPorts = [{ ...port, version: "1.4.2" }, { ...port, version: "2.0.0" }];
    const head = clone(base);
    head.outputPorts = [{ ...port, version: "2.1.0" }, { ...port, version: "1.5.0" }];
    expect(diffProducts(base, head).map((c) => `${c.kind} ${c.message.match(/version (\S+) of its contract \(was (\S+)\)/)?.slice(1).join(" <- ")}`)).toEqual(["output-port-upgraded 2.1.0 <- 2.0.0", "output-port-upgraded 1.5.0 <- 1.4.2"]);
    // The older line retired after its deprecation date: a minor change, the newer one still followed.
    base.outputPorts[0].customProperties = [{ property: "deprecated", value: "2020-01-01" }];
    head.outputPorts = [{ ...port, version: "2.1.0" }];
    expect(diffProducts(base, head).map((c) => c.kind)).toEqual(["deprecated-element-removed", "output-port-upgraded"]);
  });
});

describe("modes", () => {
  it("none never requires a major bump", () => {
    for (const kind of CHANGE_KINDS) expect(requiredBump(kind.id, "none")).not.toBe("major");
  });
  it("lists every Confluent mode", () => {
    expect([...MODES].sort()).toEqual(["backward", "backward-transitive", "forward", "forward-transitive", "full", "full-transitive", "none"] satisfies Mode[]);
  });
});

describe("type and classification edge cases", () => {
  it.each([
    ["int4", "int8", "physical-type-widened"],
    ["varchar2(10)", "varchar2(20)", "physical-type-widened"],
    ["float8", "float4", "physical-type-narrowed"],
    // float(p): a real up to 24 bits of precision, a double from 25.
    ["float(53)", "float(24)", "physical-type-narrowed"],
    ["float(10)", "double", "physical-type-widened"],
    ["real", "float(24)", undefined],
  ])("physical %s → %s is %s", (before, after, kind) => {
    const base = baseContract();
    prop(base, "amount").physicalType = before;
    const head = clone(base);
    prop(head, "amount").physicalType = after;
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(kind ? [kind] : []);
  });

  // A bare FLOAT, LONG and DECIMAL are read as the contract's servers spell them (PhysicalDialect in types.ts).
  it.each([
    [["postgres"], "float", "double precision", undefined],
    [["snowflake", "bigquery"], "double", "float", undefined],
    [["duckdb"], "float", "double", "physical-type-widened"],
    [["postgres", "duckdb"], "double", "float", "physical-type-narrowed"],
    [[], "float", "float8", "physical-type-widened"],
    [["oracle"], "long", "clob", undefined],
    [["oracle"], "varchar2(4000)", "long", "physical-type-widened"],
    [["glue"], "int", "long", "physical-type-widened"],
    [["postgres"], "numeric(12,2)", "numeric", "physical-type-widened"],
    [["snowflake"], "NUMBER(12,2)", "NUMBER", "physical-type-changed"],
    // Servers that read a bare DECIMAL apart: judged on each, not as the default (38,0) neither of them reads.
    [["mysql", "sqlserver"], "decimal(18,0)", "decimal", "physical-type-narrowed"],
    [["duckdb", "sqlserver"], "decimal(18,0)", "decimal", "physical-type-changed"],
    [["postgres", "duckdb"], "numeric(10,2)", "numeric", "physical-type-widened"],
    [["oracle"], "NUMBER(10,2)", "NUMBER", "physical-type-widened"],
    [["informix"], "FLOAT", "DOUBLE PRECISION", undefined],
    [["vertica"], "REAL", "DOUBLE PRECISION", undefined],
  ])("with servers %j, physical %s → %s is %s", (types, before, after, kind) => {
    const base = baseContract();
    base.servers = types.map((type, i) => ({ server: `s${i}`, type }));
    prop(base, "email").physicalType = before;
    prop(base, "email").logicalType = undefined;
    prop(base, "email").logicalTypeOptions = undefined;
    const head = clone(base);
    prop(head, "email").physicalType = after;
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(kind ? [kind] : []);
  });

  // A change the servers read apart is `changed`; its message says how each server read it.
  it.each([
    [["postgres", "mysql"], "decimal(18,0)", "decimal", {}, {}, ["physical-type-changed: Physical type of `orders.amount` changed: decimal(18,0) → decimal (widened on postgres; narrowed on mysql)."]],
    [["PostgreSQL", "duckdb", "sqlserver"], "decimal(18,0)", "decimal", {}, {}, ["physical-type-changed: Physical type of `orders.amount` changed: decimal(18,0) → decimal (widened on postgres; changed on duckdb; no change on sqlserver)."]],
    [["postgres", "snowflake"], "int", "bigint", {}, {}, ["physical-type-widened: Physical type of `orders.amount` was widened: int → bigint."]],
    [["snowflake", "bigquery"], "smallint", "int", {}, {}, []],
    [["postgres", "snowflake"], "int", "int", {}, { format: "i64" }, ['constraint-changed: Constraints of `orders.amount` changed: format none (default "i32" or "i128", by server) → "i64" (loosened on postgres; tightened on snowflake).']],
    [["postgres", "snowflake"], "bigint", "int", { format: "i64" }, {}, [
      "physical-type-narrowed: Physical type of `orders.amount` was narrowed: bigint → int.",
      'constraint-changed: Constraints of `orders.amount` changed: format "i64" → none (default "i32" or "i128", by server) (tightened on postgres; loosened on snowflake).',
    ]],
    [["postgres", "snowflake"], "int", "int", { maximum: 10, format: "i64" }, { maximum: 3000000000 }, [
      "constraint-loosened: Constraints of `orders.amount` loosened: maximum 10 → 3000000000.",
      'constraint-changed: Constraints of `orders.amount` changed: format "i64" → none (default "i32" or "i128", by server) (changed on postgres; loosened on snowflake).',
    ]],
  ])("with servers %j, %s → %s (%j → %j) says %j", (types, before, after, optionsBefore, optionsAfter, expected) => {
    const base = baseContract();
    base.servers = types.map((type, i) => ({ server: `s${i}`, type }));
    Object.assign(prop(base, "amount"), { physicalType: before, logicalTypeOptions: optionsBefore });
    const head = clone(base);
    Object.assign(prop(head, "amount"), { physicalType: after, logicalTypeOptions: optionsAfter });
    expect(diffContracts(base, head).map((c) => `${c.kind}: ${c.message}`)).toEqual(expected);
  });

  // A server added or removed is its own change: its consumers read nothing on the side without it, so a type
  // is judged on the servers both sides list (every server of either side when they share none).
  it.each([
    [["postgres"], ["postgres", "duckdb"], "float", "double precision", ["server-added"]],
    [["postgres", "duckdb"], ["postgresql"], "double precision", "float", ["metadata-changed", "server-removed"]],
    [["postgres"], ["postgres", "mysql"], "numeric(10,2)", "numeric", ["physical-type-widened", "server-added"]],
    [["duckdb"], ["duckdb", "postgres"], "float", "double", ["physical-type-widened", "server-added"]],
    [["duckdb"], ["postgres"], "float", "double precision", ["physical-type-widened", "server-moved"]],
  ])("with servers %j → %j, physical %s → %s is %j", (baseTypes, headTypes, before, after, kinds) => {
    const base = baseContract();
    base.servers = baseTypes.map((type, i) => ({ server: `s${i}`, type }));
    prop(base, "email").physicalType = before;
    prop(base, "email").logicalType = undefined;
    prop(base, "email").logicalTypeOptions = undefined;
    const head = clone(base);
    head.servers = headTypes.map((type, i) => ({ server: `s${i}`, type }));
    prop(head, "email").physicalType = after;
    expect(diffContracts(base, head).map((c) => c.kind).sort()).toEqual(kinds);
  });

  it("reports struct fields the nested properties describe once, as the properties added or removed", () => {
    const struct = (fields: string[], properties = fields) => ({
      name: "payload", logicalType: "object", physicalType: `STRUCT<${fields.map((f) => `${f} STRING`).join(", ")}>`,
      properties: properties.map((name) => ({ name, logicalType: "string" })),
    });
    const withPayload = (payload: Json) => {
      const contract = baseContract();
      orders(contract).properties.push(payload);
      return contract;
    };
    const kinds = (before: Json, after: Json) => diffContracts(withPayload(before), withPayload(after)).map((c) => [c.kind, c.headPath]);
    expect(kinds(struct(["a"]), struct(["a", "b"]))).toEqual([["property-added-optional", "/schema/0/properties/5/properties/1"]]);
    expect(kinds(struct(["a", "b"]), struct(["a"]))).toEqual([["property-removed-optional", "/schema/0/properties/5/properties"]]);
    // An array of structs whose `items` describe the element's fields, as Spark's and BigQuery's repeated records.
    const repeated = (fields: string[]) => {
      const { physicalType, properties, ...rest } = struct(fields);
      return { ...rest, logicalType: "array", physicalType: `ARRAY<${physicalType}>`, items: { logicalType: "object", properties } };
    };
    expect(kinds(repeated(["a"]), repeated(["a", "b"]))).toEqual([["property-added-optional", "/schema/0/properties/5/items/properties/1"]]);
    // A field of a nested struct added or removed is the struct's finding: the nested properties need not say it.
    const nested = (inner: string, fields: string[]) => ({ ...struct(fields), physicalType: `STRUCT<${[`a STRUCT<${inner}>`, ...fields.slice(1).map((f) => `${f} INT64`)].join(", ")}>` });
    expect(kinds(nested("x INT64", ["a"]), nested("x INT64, y INT64", ["a"])).map(([kind]) => kind)).toEqual(["physical-type-fields-added"]);
    expect(kinds(nested("x INT64, y INT64", ["a"]), nested("x INT64", ["a", "b"])).map(([kind]) => kind)).toEqual(["physical-type-fields-removed", "property-added-optional"]);
    // Nested properties that describe other fields than the struct's: the struct's own finding stays.
    expect(kinds(struct(["a"], []), struct(["a", "b"], [])).map(([kind]) => kind)).toEqual(["physical-type-fields-added"]);
  });

  it("pairs an unchanged quality rule with itself wherever it moved: a tier inserted before it is one added rule", () => {
    const base = baseContract();
    prop(base, "amount").quality = [{ metric: "nullValues", mustBe: 0 }, { metric: "duplicateValues", mustBe: 0 }];
    const head = clone(base);
    prop(head, "amount").quality = [{ metric: "nullValues", mustBeLessThan: 5, unit: "percent", severity: "warning" }, { metric: "duplicateValues", mustBe: 0 }, { metric: "nullValues", mustBe: 0 }];
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["quality-rule-added"]);
  });

  it("pairs a changed quality rule with one of the same comparisons first: one bound of a range relaxed, the other removed", () => {
    const base = baseContract();
    base.schema[0].quality = [{ metric: "rowCount", mustBeGreaterThan: 100 }, { metric: "rowCount", mustBeLessThan: 1000000 }];
    const head = clone(base);
    head.schema[0].quality = [{ metric: "rowCount", mustBeLessThan: 2000000 }];
    const changes = diffContracts(base, head);
    expect(changes.map((c) => c.kind).sort()).toEqual(["quality-rule-relaxed", "quality-rule-removed"]);
    expect(changes.find((c) => c.kind === "quality-rule-removed")?.basePath).toBe("/schema/0/quality/0");
  });

  it("reads ODCS's default unit (rows) and `%` as written out, and a lower bound of 0 as none: no change", () => {
    const base = baseContract();
    prop(base, "amount").quality = [{ metric: "nullValues", mustBe: 0 }, { metric: "missingValues", mustBeLessThan: 5, unit: "%" }];
    prop(base, "email").logicalTypeOptions = { minLength: 0, maxLength: 10 };
    const head = clone(base);
    prop(head, "amount").quality = [{ type: "library", metric: "nullValues", mustBe: 0, unit: "rows" }, { metric: "missingValues", mustBeLessThan: 5, unit: "percent" }];
    prop(head, "email").logicalTypeOptions = { maxLength: 10 };
    expect(diffContracts(base, head)).toEqual([]);
    prop(head, "email").logicalTypeOptions = { minLength: 1, maxLength: 10 };
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["constraint-tightened"]);
  });

  it("reads an integer's multipleOf of 1 (or 0.5) as none: every integer is one, so no change", () => {
    const base = baseContract();
    prop(base, "amount").logicalTypeOptions = { minimum: 0, maximum: 1000, multipleOf: 1 };
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = { minimum: 0, maximum: 1000 };
    expect(diffContracts(base, head)).toEqual([]);
    expect(diffContracts(head, base)).toEqual([]);
    prop(head, "amount").logicalTypeOptions = { minimum: 0, maximum: 1000, multipleOf: 0.5 };
    expect(diffContracts(base, head)).toEqual([]);
    prop(head, "amount").logicalTypeOptions = { minimum: 0, maximum: 1000, multipleOf: 2 };
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["constraint-tightened"]);
    // A number's multipleOf of 1 makes it whole: dropping it still loosens.
    Object.assign(prop(base, "amount"), { logicalType: "number", physicalType: "decimal(10,2)" });
    Object.assign(prop(head, "amount"), { logicalType: "number", physicalType: "decimal(10,2)", logicalTypeOptions: { minimum: 0, maximum: 1000 } });
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["constraint-loosened"]);
  });

  it("reads a v3.0.x `date` with a time of day in its format as the timestamp or time v3.1.0 names", () => {
    const base = baseContract();
    Object.assign(prop(base, "amount"), { logicalType: "date", logicalTypeOptions: { format: "yyyy-MM-dd'T'HH:mm:ss" } });
    const head = clone(base);
    Object.assign(prop(head, "amount"), { logicalType: "timestamp" });
    expect(diffContracts(base, head).map((c) => c.kind).filter((k) => k.includes("type"))).toEqual([]);
    // Its format is still a promise v3.1.0's timestamp keeps: written the same, nothing changed; dropped, any layout
    // is accepted (docs/compat.md).
    expect(diffContracts(base, head)).toEqual([]);
    delete prop(head, "amount").logicalTypeOptions;
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["constraint-loosened"]);
    Object.assign(prop(base, "amount"), { logicalTypeOptions: { format: "HH:mm:ss" } });
    Object.assign(prop(head, "amount"), { logicalType: "time", logicalTypeOptions: { format: "HH:mm:ss" } });
    expect(diffContracts(base, head)).toEqual([]);
    // A plain date that becomes a timestamp is still a type change.
    Object.assign(prop(base, "amount"), { logicalTypeOptions: { format: "yyyy-MM-dd" } });
    Object.assign(prop(head, "amount"), { logicalType: "timestamp", logicalTypeOptions: { format: "yyyy-MM-dd" } });
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["logical-type-widened"]);
  });

  it("names a logical type written beside NUMBER(12) as widened from the integers its physical type holds, not from any type", () => {
    const base = baseContract();
    Object.assign(prop(base, "amount"), { physicalType: "NUMBER(12)" });
    delete prop(base, "amount").logicalType;
    const head = clone(base);
    prop(head, "amount").logicalType = "number";
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.message}`)).toEqual([
      "logical-type-widened Logical type of `orders.amount` was widened: none (integer, as its physical type NUMBER(12) holds) → number.",
    ]);
  });

  it("a server renamed under the same id is moved, as it is without one: consumers and ports select it by name", () => {
    const base = baseContract();
    base.servers[0].id = "warehouse";
    const head = clone(base);
    head.servers[0].server = "production";
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.message}`)).toEqual(['server-moved Server `production` moved: server "prod" → "production".']);
    expect(requiredBump("server-moved", "forward")).toBe("major");
  });

  it("a server renamed without an id is a removal and an addition, the removal naming the server added at its location", () => {
    const base = baseContract();
    const head = clone(base);
    head.servers[0].server = "production";
    head.servers[0].host = "DB.internal";
    head.servers[0].description = "The warehouse.";
    head.servers.push({ server: "dev", type: "duckdb", path: "dev.duckdb" });
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.message}`)).toEqual([
      "server-removed Server `prod` was removed. Server `production`, added, is at the same location: if it is this one renamed, consumers and output ports that select `prod` by name break all the same; keep the name, or release the rename as a major version.",
      "server-added Server `production` was added.",
      "server-added Server `dev` was added.",
    ]);
    // Elsewhere, it is only a removal.
    head.servers[0].schema = "sales_v2";
    expect(diffContracts(base, head)[0]!.message).toBe("Server `prod` was removed.");
  });

  it("reads ODCS's two spellings of PostgreSQL's server type (postgres, postgresql) as one engine: written differently, not moved", () => {
    const base = baseContract();
    const head = clone(base);
    head.servers[0].type = "postgresql";
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.message}`)).toEqual(["metadata-changed Server `prod` changed: type postgres → postgresql."]);
    head.servers[0].type = "snowflake";
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["server-moved"]);
  });

  // ODCS 3.1 servers list the roles that may read them: one removed there takes that access away, as at the top.
  it("compares a server's roles as the contract's", () => {
    const base = baseContract();
    base.servers[0].roles = [{ role: "analyst", access: "read" }, { role: "auditor", access: "read" }];
    const head = clone(base);
    head.servers[0].roles = [{ role: "analyst", access: "write", description: "Analysts." }, { role: "ops", access: "read" }];
    const changes = diffContracts(base, head);
    expect(changes.map((c) => `${c.kind} ${c.message}`)).toEqual([
      "role-removed Role `auditor` of server `prod` was removed: its consumers lose access.",
      "role-added Role `ops` of server `prod` was added.",
      "role-changed Role `analyst` of server `prod` changed: access read → write.",
      "description-changed Role `analyst` of server `prod` description changed.",
    ]);
    expect(changes.map((c) => [c.element, c.headPath, c.basePath])).toEqual([
      ["server prod role auditor", "/servers/0/roles", "/servers/0/roles/1"],
      ["server prod role ops", "/servers/0/roles/1", undefined],
      ["server prod role analyst", "/servers/0/roles/0/access", "/servers/0/roles/0"],
      ["server prod role analyst", "/servers/0/roles/0/description", "/servers/0/roles/0"],
    ]);
    delete head.servers[0].roles;
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.headPath}`)).toEqual(["role-removed /servers/0", "role-removed /servers/0"]);
  });

  it("compares server hosts without case (RFC 4343): written differently, not moved", () => {
    const base = baseContract();
    base.servers[0].host = "db1.internal";
    const head = clone(base);
    head.servers[0].host = "DB1.Internal";
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(["metadata-changed"]);
  });

  it("compares a local or duckdb server's relative file by where it leads from each side's contract file", () => {
    const base = baseContract();
    base.servers = [{ server: "local", type: "local", path: "./data/{model}.csv", format: "csv" }, { server: "wh", type: "duckdb", database: "wh.duckdb" }];
    const moved = clone(base);
    moved.servers[0].path = "../../products/orders/data/{model}.csv";
    moved.servers[1].database = "../../products/orders/wh.duckdb";
    const files = { base: "products/orders/orders.odcs.yaml", head: "contracts/v1/orders.odcs.yaml" };
    // The file moved and its paths were rewritten to lead to the same data: nothing moved.
    expect(diffContracts(base, moved, { files }).map((c) => c.kind)).toEqual(["metadata-changed", "metadata-changed"]);
    // The file moved with its paths unchanged: the data is read from elsewhere now.
    const same = diffContracts(base, clone(base), { files }).filter((c) => c.kind === "server-moved");
    expect(same.map((c) => c.message)).toEqual([
      'Server `local` moved: path "products/orders/data/{model}.csv" → "contracts/v1/data/{model}.csv".',
      'Server `wh` moved: database "products/orders/wh.duckdb" → "contracts/v1/wh.duckdb".',
    ]);
    // Absolute paths, URLs and other servers' fields are the same from anywhere.
    const elsewhere = clone(base);
    elsewhere.servers = [
      { server: "local", type: "local", path: "/srv/data/{model}.csv" },
      { server: "lake", type: "s3", location: "s3://bucket/x/" },
      { server: "mem", type: "duckdb", database: ":memory:" },
      { server: "win", type: "local", path: "C:\\data\\{model}.csv" },
      { server: "unc", type: "local", path: "\\\\srv\\share\\{model}.csv" },
    ];
    expect(diffContracts(elsewhere, clone(elsewhere), { files }).map((c) => c.kind)).toEqual([]);
    // A Windows file name (outside the working directory, shown absolute) is read with / as separator.
    const windows = { base: "C:\\repo\\products\\orders\\orders.odcs.yaml", head: "C:\\repo\\contracts\\orders.odcs.yaml" };
    expect(diffContracts(base, clone(base), { files: windows }).filter((c) => c.kind === "server-moved")).toHaveLength(2);
  });

  it.each([
    ["pii", "public", "classification-lowered"],
    ["public", "pii", "classification-raised"],
    // Read without case, but the released document changed: a patch, as a status changed in case only is.
    ["Internal", "internal", "metadata-changed"],
    ["restricted", "Restricted", "metadata-changed"],
    // Unclassified and public restrict no one: writing either is no more sensitive.
    [undefined, "public", "metadata-changed"],
    ["public", undefined, "metadata-changed"],
    [undefined, "internal", "classification-raised"],
    // One meshkit does not know is sensitive but unordered: only an open one is surely less sensitive.
    ["pii", "secret", "classification-raised"],
    ["PII", "confidential", "classification-raised"],
    ["1", "restricted", "classification-raised"],
    ["3", "1", "classification-raised"],
    ["pii", "internal", "classification-lowered"],
    ["pii", undefined, "classification-lowered"],
  ])("classification %s → %s is %s", (before, after, kind) => {
    const base = baseContract();
    prop(base, "email").classification = before;
    const head = clone(base);
    prop(head, "email").classification = after;
    expect(diffContracts(base, head).map((c) => c.kind)).toEqual(kind ? [kind] : []);
  });

  it.each([
    // A `pii` tag makes the column personal data (masked for roles not approved for it), as provision reads it.
    [{ classification: "internal" }, { classification: "internal", tags: ["pii"] }, ["tags-changed", "classification-raised"]],
    [{ tags: [" PII "] }, {}, ["tags-changed", "classification-lowered"]],
    [{ classification: "public", tags: ["pii"] }, { classification: "public", tags: ["pii", "gdpr"] }, ["tags-changed"]],
    // Already sensitive by its classification: the tag adds nothing to mask.
    [{ classification: "confidential" }, { classification: "confidential", tags: ["pii"] }, ["tags-changed"]],
    // Said once when the classification says it already; said by the tag when the classification says the opposite.
    [{ classification: "public" }, { classification: "restricted", tags: ["pii"] }, ["classification-raised", "tags-changed"]],
    [{ classification: "internal" }, { classification: "public", tags: ["pii"] }, ["classification-lowered", "classification-raised", "tags-changed"]],
  ])("a property %j → %j is %j", (before, after, kinds) => {
    const base = baseContract();
    const email = prop(base, "email");
    delete email.classification;
    Object.assign(email, before);
    const head = clone(base);
    const changed = prop(head, "email");
    delete changed.classification;
    delete changed.tags;
    Object.assign(changed, after);
    expect(diffContracts(base, head).map((c) => c.kind).sort()).toEqual([...kinds].sort());
  });

  it("reports a classification and a status changed in case only alike, as a patch", () => {
    const base = baseContract();
    prop(base, "email").classification = "restricted";
    const head = clone(base);
    prop(head, "email").classification = "Restricted";
    head.status = "Active";
    expect(diffContracts(base, head).map((c) => [c.kind, c.headPath])).toEqual([
      ["status-changed", "/status"],
      ["metadata-changed", "/schema/0/properties/3/classification"],
    ]);
  });

  it("reads a key column added or removed without `required: true` as required: a key is not null", () => {
    const base = baseContract();
    const head = clone(base);
    objects(head)[1]!.properties.push({ name: "region", logicalType: "string", primaryKey: true, primaryKeyPosition: 1 });
    expect(diffContracts(base, head).map((c) => [c.kind, c.element])).toEqual([
      ["property-added-required", "customers.region"],
      ["primary-key-added", "customers"],
    ]);
    expect(diffContracts(head, base).map((c) => [c.kind, c.element])).toEqual([
      ["property-removed-required", "customers.region"],
      ["primary-key-removed", "customers"],
    ]);
  });

  it("compares the primary key of an object-typed property's nested properties as an object's key", () => {
    const base = baseContract();
    orders(base).properties.push({ name: "address", logicalType: "object", properties: [{ name: "city", logicalType: "string", required: true }, { name: "zip", logicalType: "string" }] });
    const head = clone(base);
    Object.assign(prop(head, "address").properties[0], { primaryKey: true, primaryKeyPosition: 1 });
    expect(diffContracts(base, head).map((c) => [c.kind, c.element, c.message])).toEqual([["primary-key-added", "orders.address", "Primary key of `orders.address`: (none) → (city)."]]);
    expect(diffContracts(head, base).map((c) => c.kind)).toEqual(["primary-key-removed"]);
    const changed = clone(head);
    Object.assign(prop(changed, "address").properties[1], { primaryKey: true, primaryKeyPosition: 2 });
    // As at the top level: `city`, the only key column, was unique; one column of a composite key is not.
    expect(diffContracts(head, changed).map((c) => [c.kind, c.element])).toEqual([
      ["unique-removed", "orders.address.city"],
      ["primary-key-changed", "orders.address"],
    ]);
  });

  it("keeps a key whose column is renamed (by id or a renamedFrom hint) the same key: only the rename is reported", () => {
    const base = baseContract();
    prop(base, "order_id").id = "order_id_prop";
    const changes = (head: Json) => diffContracts(base, head).map((c) => [c.kind, c.message]);
    const byId = clone(base);
    prop(byId, "order_id").name = "id";
    expect(changes(byId)).toEqual([["property-renamed", "Property `orders.order_id` was renamed to `orders.id`."]]);
    const byHint = clone(base);
    delete prop(byHint, "order_id").id;
    Object.assign(prop(byHint, "order_id"), { name: "order_key", customProperties: [{ property: "renamedFrom", value: "order_id" }] });
    // (The hint itself is new metadata.)
    expect(changes(byHint).map(([kind]) => kind)).toEqual(["property-renamed", "metadata-changed"]);
    // The key moved to another column as well: that is a key change, named as each side writes it.
    const moved = clone(byId);
    prop(moved, "id").primaryKey = false;
    Object.assign(prop(moved, "amount"), { primaryKey: true, primaryKeyPosition: 1 });
    expect(changes(moved)).toContainEqual(["primary-key-changed", "Primary key of `orders`: (order_id) → (amount)."]);
  });

  it("says a key moved to a new column under the renamed key column's released name, which the names alone do not show", () => {
    const base = baseContract();
    prop(base, "order_id").id = "order_id_prop";
    const head = clone(base);
    Object.assign(prop(head, "order_id"), { name: "legacy_id", primaryKey: false });
    delete prop(head, "legacy_id").primaryKeyPosition;
    orders(head).properties.push({ name: "order_id", logicalType: "string", physicalType: "varchar(36)", required: true, primaryKey: true, primaryKeyPosition: 1 });
    expect(diffContracts(base, head).filter((c) => c.kind === "primary-key-changed").map((c) => c.message)).toEqual([
      "Primary key of `orders`: (order_id) → (order_id); the names are the released key's, but its columns are now called (legacy_id).",
    ]);
  });

  it("reports a primaryKeyPosition on a property that is no key column as metadata", () => {
    const base = baseContract();
    const head = clone(base);
    prop(head, "amount").primaryKeyPosition = 3;
    Object.assign(prop(head, "status"), { primaryKey: false, primaryKeyPosition: 2 });
    expect(diffContracts(base, head).map((c) => c.message)).toEqual([
      "Metadata of `orders.amount` changed: primaryKeyPosition none → 3.",
      "Metadata of `orders.status` changed: primaryKeyPosition none → 2.",
    ]);
    // ODCS's default, -1, is the position of a column that is no key: writing it is no change.
    const written = clone(base);
    prop(written, "amount").primaryKeyPosition = -1;
    expect(diffContracts(base, written)).toEqual([]);
    // On a key column the position is part of the key: primary-key-changed, not metadata as well.
    const moved = clone(base);
    Object.assign(prop(moved, "amount"), { primaryKey: true, primaryKeyPosition: 0 });
    expect(diffContracts(base, moved).map((c) => c.kind)).toEqual(["primary-key-changed"]);
  });

  it("reports key positions renumbered in the same order as metadata, not as a key change", () => {
    const base = baseContract();
    const head = clone(base);
    prop(head, "order_id").primaryKeyPosition = 10;
    expect(diffContracts(base, head).map((c) => [c.kind, c.message])).toEqual([
      ["metadata-changed", "Primary key positions of `orders` renumbered: (1) → (10); the key's columns and order are unchanged."],
    ]);
  });

  it("orders a key as provision and contract-test do: numbered columns first, then the rest in property order", () => {
    const base = baseContract();
    objects(base)[1]!.properties = [
      { name: "customer_id", logicalType: "string", primaryKey: true },
      { name: "region", logicalType: "string", primaryKey: true },
      { name: "tier", logicalType: "string" },
    ];
    const kinds = (head: Json) => diffContracts(base, head).map((c) => [c.kind, c.message]);
    // ODCS's default position, -1, numbers nothing: writing it on a key column changes no key.
    const defaulted = clone(base);
    objects(defaulted)[1]!.properties[1].primaryKeyPosition = -1;
    expect(kinds(defaulted)).toEqual([]);
    // Position 2 on customer_id alone: it comes first, region (no position) after it, so the same key.
    const numbered = clone(base);
    objects(numbered)[1]!.properties[0].primaryKeyPosition = 2;
    expect(kinds(numbered)).toEqual([["metadata-changed", "Primary key positions of `customers` renumbered: (none, none) → (2, none); the key's columns and order are unchanged."]]);
    // Without a position on either side the key declares no order: reordered properties leave it as it was.
    const reordered = clone(base);
    objects(reordered)[1]!.properties.reverse();
    expect(kinds(reordered).map(([kind]) => kind)).toEqual(["property-reordered"]);
    // Positions that put the columns in another order still change the key.
    const swapped = clone(base);
    Object.assign(objects(swapped)[1]!.properties[0], { primaryKeyPosition: 2 });
    Object.assign(objects(swapped)[1]!.properties[1], { primaryKeyPosition: 1 });
    expect(kinds(swapped)).toEqual([["primary-key-changed", "Primary key of `customers`: (customer_id, region) → (region, customer_id)."]]);
  });

  it("does not report the options or items of a logical type a property no longer has (the type change says it)", () => {
    const base = baseContract();
    orders(base).properties.push({ name: "tags", logicalType: "array", logicalTypeOptions: { maxItems: 3 }, items: { logicalType: "string", logicalTypeOptions: { maxLength: 5 } } });
    const tags = (c: Json) => prop(c, "tags");
    const itemsToInteger = clone(base);
    tags(itemsToInteger).items = { logicalType: "integer", logicalTypeOptions: { minimum: 0 } };
    expect(diffContracts(base, itemsToInteger).map((c) => c.message)).toEqual(["Logical type of `orders.tags[]` changed: string → integer."]);
    const toString = clone(base);
    Object.assign(tags(toString), { logicalType: "string", logicalTypeOptions: { maxLength: 50 }, items: undefined });
    expect(diffContracts(base, toString).map((c) => c.message)).toEqual(["Logical type of `orders.tags` changed: array → string."]);
    // Options both types have are still compared: integer → number keeps its range.
    const widened = clone(base);
    Object.assign(prop(widened, "amount"), { logicalType: "number", logicalTypeOptions: { minimum: 0, maximum: 2000 } });
    expect(diffContracts(base, widened).map((c) => c.kind)).toEqual(["logical-type-widened", "constraint-loosened"]);
  });
});

describe("names from the contract that are members of Object.prototype", () => {
  // Tables keyed by a logicalType, physicalType, SLA property or quality severity found `constructor`,
  // `__proto__`… on Object.prototype: `logicalType: constructor` ended the run with an internal error.
  it("are compared as the unknown names they are, never read from a lookup table's prototype", () => {
    for (const name of ["constructor", "__proto__", "toString"]) {
      const head = clone(baseContract());
      prop(head, "amount").logicalType = name;
      prop(head, "email").physicalType = name;
      head.slaProperties[0].property = name;
      prop(head, "ordered_at").quality[0].severity = name;
      const kinds = diffContracts(baseContract(), head, { now: NOW }).map((c) => `${c.kind} ${c.element}`);
      expect(kinds, name).toEqual(expect.arrayContaining(["logical-type-changed orders.amount", "physical-type-changed orders.email"]));
      // And the reverse direction: the unknown name on the base side.
      expect(() => diffContracts(head, baseContract(), { now: NOW }), name).not.toThrow();
    }
  });
});
