/*
 * Cases written from the standards rather than from meshkit's own tables: what ODCS 3.x / ODPS 1.0.0
 * say an element is, and what that means for the consumers of a changed contract or product.
 */
import { describe, expect, it, vi } from "vitest";
import { diffContracts, diffProducts } from "./diff.js";
import { touchedElements } from "./touches.js";
import { type Json, baseContract, baseProduct, clone, prop } from "./test-support.js";

const kinds = (base: Json, head: Json) => diffContracts(base, head).map((c) => c.kind);
const orders = (c: Json) => c.schema[0] as Json;

describe("ODPS output ports: `name` + `version` is the key", () => {
  // ODPS 1.0.0 OutputPort.version: "For each version, a different instance of the output port is
  // listed. The combination of the name and version is the key."
  const twoInstances = () => {
    const product = baseProduct();
    product.outputPorts.push({ name: "orders", version: "2.0.0", contractId: "c-orders", type: "tables" });
    return product;
  };
  it("finds nothing between a product with two instances of a port and itself", () => {
    expect(diffProducts(twoInstances(), twoInstances())).toEqual([]);
  });
  it("does not care in which order the instances are listed", () => {
    const head = twoInstances();
    head.outputPorts.reverse();
    expect(diffProducts(twoInstances(), head)).toEqual([]);
  });
  it("removes only the instance that went", () => {
    const head = twoInstances();
    head.outputPorts.shift();
    expect(diffProducts(twoInstances(), head).map((c) => `${c.kind} ${c.basePath}`)).toEqual(["output-port-removed /outputPorts/0"]);
  });
  it("adds a new instance next to the released ones", () => {
    const head = twoInstances();
    head.outputPorts.push({ name: "orders", version: "3.0.0", contractId: "c-orders", type: "tables" });
    expect(diffProducts(twoInstances(), head).map((c) => `${c.kind} ${c.headPath}`)).toEqual(["output-port-added /outputPorts/2"]);
  });
  it("still follows a single instance whose version moved on", () => {
    const head = baseProduct();
    head.outputPorts[0].version = "2.0.0";
    expect(diffProducts(baseProduct(), head).map((c) => c.kind)).toEqual(["output-port-changed"]);
  });
});

describe("ODPS output ports are the product's API: what moves a port for its consumers", () => {
  const products = (mutate: (p: Json) => void, mutateBase: (p: Json) => void = () => {}) => {
    const base = baseProduct();
    mutateBase(base);
    const head = clone(base);
    mutate(head);
    return diffProducts(base, head, { now: new Date("2026-11-25") }).map((c) => `${c.kind} ${c.element}`);
  };
  const version = (v: string) => (p: Json) => (p.outputPorts[0].version = v);

  it("follows the contract version behind a port along semver's caret range: a newer version of the same line is metadata", () => {
    expect(products(version("1.5.0"))).toEqual(["output-port-upgraded port orders"]);
    expect(products(version("1.4.3"))).toEqual(["metadata-changed port orders"]);
    expect(products(version("1.4.3"))).toEqual(["metadata-changed port orders"]);
  });
  it("reports a port moved to an older version of its contract: what the newer one added is gone", () => {
    expect(products(version("1.3.0"))).toEqual(["output-port-changed port orders"]);
  });
  it("treats another minor under 0.x as another line (semver §4: anything may change)", () => {
    expect(products(version("0.4.0"), version("0.3.0"))).toEqual(["output-port-changed port orders"]);
    expect(products(version("0.3.1"), version("0.3.0"))).toEqual(["output-port-upgraded port orders"]);
    expect(products(version("0.0.4"), version("0.0.3"))).toEqual(["output-port-changed port orders"]);
  });
  it("reads the `v` prefix the ODPS examples use for port versions", () => {
    expect(products(version("v1.5.0"))).toEqual(["output-port-upgraded port orders"]);
    expect(products(version("v2.0.0"))).toEqual(["output-port-changed port orders"]);
  });
  it("names only what moved a port in the message: an unchanged contract is not listed", () => {
    const messages = (mutate: (p: Json) => void, mutateBase: (p: Json) => void = () => {}) => {
      const base = baseProduct();
      mutateBase(base);
      const head = clone(base);
      mutate(head);
      return diffProducts(base, head, { now: new Date("2026-11-25") }).map((c) => c.message);
    };
    expect(messages((p) => (p.outputPorts[0].type = "topic"))).toEqual(["Output port `orders` now points elsewhere: type tables → topic."]);
    expect(messages((p) => (p.outputPorts[0].server = "eu"))).toEqual(["Output port `orders` now points elsewhere: server none → eu."]);
    expect(messages(version("2.0.0"))).toEqual(["Output port `orders` now points elsewhere: version 1.4.2 → 2.0.0 (another major version)."]);
    expect(messages(version("1.3.0"))).toEqual(["Output port `orders` now points elsewhere: version 1.4.2 → 1.3.0 (an older version of its contract)."]);
    expect(messages(version("0.4.0"), version("0.3.0"))).toEqual(["Output port `orders` now points elsewhere: version 0.3.0 → 0.4.0 (another minor version under 0.x)."]);
    expect(messages(version("0.0.4"), version("0.0.3"))).toEqual(["Output port `orders` now points elsewhere: version 0.0.3 → 0.0.4 (another 0.0.x version)."]);
    // A head that gives only a wider line under 0.x takes versions its consumers' caret range does not: no other major.
    expect(messages(version("0.x"), version("0.3.0"))).toEqual(["Output port `orders` now points elsewhere: version 0.3.0 → 0.x (another minor version under 0.x)."]);
    expect(messages(version("0.0.x"), version("0.0.3"))).toEqual(["Output port `orders` now points elsewhere: version 0.0.3 → 0.0.x (another 0.0.x version)."]);
    expect(messages(version("1.5.0"))).toEqual(["Output port `orders` now serves version 1.5.0 of its contract (was 1.4.2): a newer minor version in the same line, with new compatible features."]);
    expect(messages(version("0.3.1"), version("0.3.0"))).toEqual(["Output port `orders` now serves version 0.3.1 of its contract (was 0.3.0): a newer version in the same 0.x line, where a patch may carry new features."]);
    expect(messages(version("1.1.0"), version("0.1.0"))).toEqual(["Output port `orders` now points elsewhere: version 0.1.0 → 1.1.0 (another major version)."]);
    expect(messages(version("1.0.0"), version("0.0.3"))).toEqual(["Output port `orders` now points elsewhere: version 0.0.3 → 1.0.0 (another major version)."]);
    // Another contract: both named with their versions, which say which release of each.
    expect(messages((p) => (p.outputPorts[0].contractId = "c-sales"))).toEqual(["Output port `orders` now points elsewhere: contract c-orders@1.4.2 → c-sales@1.4.2."]);
    expect(messages((p) => Object.assign(p.outputPorts[0], { contractId: "c-sales", version: "1.0.0", type: "topic" }))).toEqual([
      "Output port `orders` now points elsewhere: contract c-orders@1.4.2 → c-sales@1.0.0; type tables → topic.",
    ]);
  });
  it("names what changed in a port's metadata: its version within the line, sbom, inputContracts", () => {
    const base = baseProduct();
    const head = clone(base);
    head.outputPorts[0].version = "1.4.3";
    head.outputPorts[0].sbom = [{ url: "https://sbom.example.com/orders" }];
    expect(diffProducts(base, head).map((c) => c.message)).toEqual(["Output port `orders` changed: version 1.4.2 → 1.4.3, sbom."]);
  });
  it("reports a port renamed with a renamedFrom hint as renamed, not as metadata", () => {
    expect(products((p) => Object.assign(p.outputPorts[0], { name: "sales_orders", customProperties: [{ property: "renamedFrom", value: "orders" }] }))).toEqual(["output-port-renamed port sales_orders"]);
  });
  it("lets a port deprecated with a past date be replaced by its next major version in place (a minor change)", () => {
    const deprecated = (p: Json) => (p.outputPorts[0].customProperties = [{ property: "deprecated", value: "2026-06-30" }]);
    const replace = (p: Json) => Object.assign(p.outputPorts[0], { version: "2.0.0", customProperties: undefined });
    expect(products(replace, deprecated)).toEqual(["deprecated-element-removed port orders", "output-port-added port orders"]);
    // Before the date, the consumers of 1.x had no notice yet.
    const notYet = (p: Json) => (p.outputPorts[0].customProperties = [{ property: "deprecated", value: "2027-06-30" }]);
    expect(products(replace, notYet)).toEqual(["output-port-changed port orders", "metadata-changed port orders"]);
  });
  it("reports a port's description and tags as documentation, and sbom or inputContracts as metadata", () => {
    expect(products((p) => (p.outputPorts[0].description = "All orders."))).toEqual(["description-changed port orders"]);
    expect(products((p) => (p.outputPorts[0].tags = ["sales"]))).toEqual(["tags-changed port orders"]);
    expect(products((p) => (p.outputPorts[0].inputContracts = [{ id: "erp-orders", version: "1.0.0" }]))).toEqual(["metadata-changed port orders"]);
    expect(products((p) => (p.outputPorts[0].sbom = [{ url: "https://sbom.example.com/orders" }]))).toEqual(["metadata-changed port orders"]);
  });
});

describe("physical names: what consumers' queries name", () => {
  it("reports a table whose physicalName changed as renamed", () => {
    const base = baseContract();
    orders(base).physicalName = "orders_v1";
    const head = clone(base);
    orders(head).physicalName = "orders_v2";
    expect(kinds(base, head)).toEqual(["object-renamed"]);
  });
  it("follows an element renamed in the contract whose physicalName stayed: a rename, not a removal and an addition", () => {
    const base = baseContract();
    orders(base).physicalName = "orders_tbl";
    prop(base, "email").physicalName = "email_col";
    const head = clone(base);
    prop(head, "email").name = "contact_email";
    orders(head).name = "sales_orders";
    const changes = diffContracts(base, head);
    expect(changes.map((c) => c.kind).sort()).toEqual(["object-renamed", "property-renamed"]);
    expect(changes.find((c) => c.kind === "property-renamed")!.message).toMatch(/^Property `sales_orders.email` was renamed to `sales_orders.contact_email`; its name in the data source, `email_col`, is kept, /);
  });
  it("follows a rename that keeps the old name as the new physicalName, one side writing none: a rename, not a removal and an addition", () => {
    const base = baseContract();
    const head = clone(base);
    prop(head, "email").physicalName = "email";
    prop(head, "email").name = "contact_email";
    orders(head).physicalName = "orders";
    orders(head).name = "sales_orders";
    expect(kinds(base, head)).toEqual(["object-renamed", "property-renamed"]);
    // And back: the physicalName dropped, the name the column's.
    expect(kinds(head, base)).toEqual(["object-renamed", "property-renamed"]);
  });
  it("reports a column whose physicalName changed as renamed", () => {
    const base = baseContract();
    const head = clone(base);
    prop(head, "email").physicalName = "email_address";
    expect(kinds(base, head)).toEqual(["property-renamed"]);
  });
  it("does not call it a rename when the new physicalName is the name it already had", () => {
    const base = baseContract();
    const head = clone(base);
    orders(head).physicalName = "orders";
    expect(kinds(base, head)).toEqual(["metadata-changed"]);
  });
  it("does not call a physicalName that only differs in case a rename (warehouses fold unquoted names)", () => {
    const base = baseContract();
    const head = clone(base);
    prop(head, "order_id").physicalName = "ORDER_ID";
    expect(kinds(base, head)).toEqual(["metadata-changed"]);
  });
  it("does not call a name that only changes case a rename when it is also the physical name, with or without ids", () => {
    const base = baseContract();
    const head = clone(base);
    prop(head, "email").name = "EMAIL";
    orders(head).name = "Orders";
    const changes = diffContracts(base, head);
    expect(changes.map((c) => `${c.kind} ${c.element} ${c.headPath}`)).toEqual(["metadata-changed Orders /schema/0/name", "metadata-changed Orders.EMAIL /schema/0/properties/3/name"]);
    expect(changes[1]!.message).toBe("The name of property `Orders.email` changed in case only, to `Orders.EMAIL`; warehouses fold unquoted names, so it is the same element.");
    // A physicalName that really changes keeps it a rename.
    const moved = clone(head);
    orders(moved).properties[3].physicalName = "contact_email";
    expect(kinds(base, moved)).toContain("property-renamed");
  });
  it("a primary-key column renamed in case only keeps the same key", () => {
    const base = baseContract();
    const head = clone(base);
    prop(head, "order_id").name = "Order_ID";
    expect(prop(base, "order_id").primaryKey).toBe(true);
    expect(kinds(base, head)).toEqual(["metadata-changed"]);
  });
  it("reports a table that became a view or topic (object physicalType)", () => {
    const base = baseContract();
    const head = clone(base);
    orders(head).physicalType = "topic";
    expect(kinds(base, head)).toEqual(["physical-type-changed"]);
  });
});

describe("every change to a released contract is reported (semver §3)", () => {
  it.each([
    ["dataGranularityDescription", (c: Json) => (orders(c).dataGranularityDescription = "One row per order line."), "description-changed"],
    ["apiVersion", (c: Json) => (c.apiVersion = "v3.0.2"), "metadata-changed"],
  ])("%s", (_name, mutate, kind) => {
    const base = baseContract();
    const head = clone(base);
    mutate(head);
    expect(kinds(base, head)).toEqual([kind]);
  });
  it("names the document's metadata that changed with its values, as an element's metadata message does", () => {
    const base = baseContract();
    const head = clone(base);
    head.name = "order_lines";
    head.apiVersion = "v3.0.2";
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.headPath}: ${c.message}`)).toEqual([
      `metadata-changed /apiVersion: Metadata of the contract changed: apiVersion ${String(base.apiVersion)} → v3.0.2, name ${String(base.name)} → order_lines.`,
    ]);
  });
  it("moves the SLAs without an element when slaDefaultElement changes", () => {
    const base = baseContract();
    base.slaDefaultElement = "orders.ordered_at";
    const head = clone(base);
    head.slaDefaultElement = "customers.customer_id";
    expect(kinds(base, head).sort()).toEqual(["metadata-changed", "sla-added", "sla-removed"]);
  });
  it("reads slaDefaultElement moved into each SLA's element (the v3.1 way) as no change to the SLAs", () => {
    const base = baseContract();
    base.apiVersion = "v3.0.2";
    base.slaDefaultElement = "orders.ordered_at";
    for (const sla of base.slaProperties) delete sla.element;
    const head = clone(base);
    head.apiVersion = "v3.1.0";
    delete head.slaDefaultElement;
    for (const sla of head.slaProperties) sla.element = "orders.ordered_at";
    expect(kinds(base, head)).toEqual(["metadata-changed"]);
  });
  it("reads v3.0's list-form team rewritten as v3.1's team.members as the same owners, and a member change as one", () => {
    const base = baseContract();
    base.apiVersion = "v3.0.2";
    base.team = [{ username: "ana@example.com", role: "owner" }];
    const head = clone(base);
    head.apiVersion = "v3.1.0";
    head.team = { members: [{ username: "ana@example.com", role: "owner" }] };
    expect(kinds(base, head)).toEqual(["metadata-changed"]);
    head.team.members[0].username = "bo@example.com";
    expect(kinds(base, head)).toEqual(["owner-changed", "metadata-changed"]);
  });
  it("says an SLA without an element touches the slaDefaultElement (for consumer impact)", () => {
    const contract = baseContract();
    contract.slaDefaultElement = "orders.ordered_at";
    expect(touchedElements(contract, "/slaProperties/1")).toEqual(["orders.ordered_at"]);
  });
  it("reads a v3.0 quality rule rewritten the v3.1 way (rule → metric, the assertion's implied mustBe: 0) as the same rule", () => {
    const base = baseContract();
    base.apiVersion = "v3.0.2";
    prop(base, "amount").quality = [{ rule: "nullCheck" }, { type: "default", rule: "duplicateCount", mustBeLessThan: 1 }];
    const head = clone(base);
    head.apiVersion = "v3.1.0";
    prop(head, "amount").quality = [{ metric: "nullValues", mustBe: 0 }, { type: "library", metric: "duplicateValues", mustBe: 0 }];
    expect(kinds(base, head)).toEqual(["metadata-changed", "description-changed"]);
    // A real change still shows through the rewriting.
    prop(head, "amount").quality[0].mustBeLessThan = 5;
    delete prop(head, "amount").quality[0].mustBe;
    expect(kinds(base, head)).toContain("quality-rule-relaxed");
  });
  it("names a v3.0 library rule by its `rule`, not by its type", () => {
    const base = baseContract();
    base.apiVersion = "v3.0.2";
    prop(base, "amount").quality = [{ type: "library", rule: "nullCheck", mustBeLessThan: 10 }];
    const head = clone(base);
    prop(head, "amount").quality[0].mustBeLessThan = 5;
    expect(diffContracts(base, head).map((c) => c.message)).toEqual(["Quality rule nullCheck on `orders.amount` was tightened: mustBeLessThan 10 → 5."]);
  });
  it("reads v3.0's validValues on the rule as v3.1's arguments.validValues, and still sees values added", () => {
    const base = baseContract();
    base.apiVersion = "v3.0.2";
    prop(base, "status").quality = [{ rule: "validValues", validValues: ["open", "shipped"], mustBe: 0 }];
    const head = clone(base);
    head.apiVersion = "v3.1.0";
    prop(head, "status").quality = [{ metric: "invalidValues", arguments: { validValues: ["open", "shipped"] }, mustBe: 0 }];
    expect(kinds(base, head)).toEqual(["metadata-changed"]);
    prop(head, "status").quality[0].arguments.validValues.push("lost");
    expect(kinds(base, head)).toEqual(["metadata-changed", "valid-values-added"]);
    // Both sides v3.0: the values are still compared.
    const older = clone(base);
    prop(older, "status").quality = [{ rule: "validValues", validValues: ["open"], mustBe: 0 }];
    expect(kinds(older, base)).toEqual(["valid-values-added"]);
  });
  it("leaves a rule's value list out of its own finding, which valid-values-added reports: named and pointed at what else changed", () => {
    const base = baseContract();
    prop(base, "status").quality = [{ metric: "invalidValues", arguments: { validValues: ["open", "shipped"] }, mustBe: 0 }];
    const relaxed = clone(base);
    prop(relaxed, "status").quality[0].arguments.validValues.push("lost");
    prop(relaxed, "status").quality[0].severity = "warning";
    expect(diffContracts(base, relaxed).map((c) => `${c.kind} ${c.headPath}: ${c.message}`)).toEqual([
      'valid-values-added /schema/0/properties/2/quality/0/arguments/validValues: Valid values of `orders.status` added: "lost".',
      "quality-rule-relaxed /schema/0/properties/2/quality/0/severity: Quality rule invalidValues on `orders.status` was relaxed: severity none → warning.",
    ]);
    const described = clone(base);
    prop(described, "status").quality[0].arguments.validValues.push("lost");
    prop(described, "status").quality[0].description = "lost orders too";
    expect(diffContracts(base, described).find((c) => c.kind === "description-changed")).toMatchObject({
      headPath: "/schema/0/properties/2/quality/0/description",
      message: 'Quality rule invalidValues on `orders.status` was rewritten without changing what it accepts: description none → "lost orders too".',
    });
  });
  it("names the descriptive fields of a rule rewritten alone (its schedule, dimension)", () => {
    const base = baseContract();
    orders(base).quality = [{ metric: "rowCount", mustBeGreaterThan: 100, schedule: "0 20 * * *", scheduler: "cron", dimension: "completeness" }];
    const head = clone(base);
    Object.assign(orders(head).quality[0], { schedule: "0 21 * * *", dimension: "coverage" });
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.headPath}: ${c.message}`)).toEqual([
      'description-changed /schema/0/quality/0/schedule: Quality rule rowCount on `orders` was rewritten without changing what it accepts: schedule "0 20 * * *" → "0 21 * * *", dimension completeness → coverage.',
    ]);
  });
  it("reports array items that lost their type as widened: items not declared may be any value", () => {
    const base = baseContract();
    orders(base).properties.push({ name: "lines", logicalType: "array", items: { logicalType: "integer" } });
    const head = clone(base);
    delete prop(head, "lines").items;
    expect(kinds(base, head)).toEqual(["logical-type-widened"]);
  });
});

describe("logical types are JSON-Schema-like types, not text", () => {
  // ODCS logicalType: string, date, timestamp, time, number, integer, object, array, boolean. A
  // consumer of a `string` column does not read integers (and the other way), whatever the mode.
  it.each([
    ["string", "integer", "logical-type-changed"],
    ["integer", "string", "logical-type-changed"],
    ["boolean", "string", "logical-type-changed"],
    ["string", "date", "logical-type-changed"],
    ["integer", "number", "logical-type-widened"],
    ["number", "integer", "logical-type-narrowed"],
  ])("%s → %s is %s", (before, after, kind) => {
    const base = baseContract();
    prop(base, "status").logicalType = before;
    const head = clone(base);
    prop(head, "status").logicalType = after;
    expect(kinds(base, head)).toEqual([kind]);
  });
});

describe("a logical type written beside a physical type that says the same", () => {
  // ODCS: physicalType is the type in the data source; a varchar(10) column holds strings whether or
  // not logicalType says so. Writing or dropping that logicalType changes no value (a patch).
  const column = (physicalType: string, logicalType?: string) => {
    const contract = baseContract();
    orders(contract).properties.push({ name: "code", physicalType, ...(logicalType ? { logicalType } : {}) });
    return contract;
  };
  it.each([
    ["varchar(10)", "string"],
    ["bigint", "integer"],
    ["numeric(12,0)", "integer"],
    ["numeric(12,2)", "number"],
    ["DATE", "date"],
    ["timestamp with time zone", "timestamp"],
    ["bool", "boolean"],
  ])("%s gains or loses logicalType %s: metadata only", (physicalType, logicalType) => {
    expect(kinds(column(physicalType), column(physicalType, logicalType))).toEqual(["metadata-changed"]);
    expect(kinds(column(physicalType, logicalType), column(physicalType))).toEqual(["metadata-changed"]);
  });
  it.each([
    ["varchar(10)", "integer", "logical-type-changed"],
    ["bigint", "number", "logical-type-widened"],
    ["uuid", "string", "logical-type-narrowed"],
  ])("%s gaining logicalType %s is %s (another type, or declared where the physical type meshkit cannot read gave none)", (physicalType, logicalType, kind) => {
    expect(kinds(column(physicalType), column(physicalType, logicalType))).toEqual([kind]);
  });
});

describe("relationships are foreign keys", () => {
  // ODCS 3.1 RelationshipBase: "relationships between properties, typically for foreign key constraints";
  // at property level `from` is the property itself.
  const withKeys = (relationships: Json[], on: "object" | "property" = "property") => {
    const contract = baseContract();
    (on === "object" ? orders(contract) : prop(contract, "email")).relationships = relationships;
    return contract;
  };
  it("finds a key added, removed or pointed elsewhere, at object and property level", () => {
    expect(kinds(baseContract(), withKeys([{ to: "customers.email" }]))).toEqual(["relationship-added"]);
    expect(kinds(withKeys([{ to: "customers.email" }]), baseContract())).toEqual(["relationship-removed"]);
    expect(kinds(withKeys([{ to: "customers.email" }]), withKeys([{ to: "customers.mail" }]))).toEqual(["relationship-changed"]);
    const composite = [{ type: "foreignKey", from: ["orders.order_id", "orders.email"], to: ["customers.a", "customers.b"] }];
    expect(kinds(baseContract(), withKeys(composite, "object"))).toEqual(["relationship-added"]);
  });
  it("reads the same keys in another order, with the default type written or other customProperties, as metadata", () => {
    const two = [{ to: "customers.email" }, { to: "customers.mail" }];
    expect(kinds(withKeys(two), withKeys([...two].reverse()))).toEqual(["metadata-changed"]);
    expect(kinds(withKeys([{ to: "customers.email" }]), withKeys([{ to: "customers.email", customProperties: [{ property: "enforced", value: false }] }]))).toEqual(["metadata-changed"]);
    expect(kinds(withKeys([{ to: "customers.email" }]), withKeys([{ type: "foreignKey", to: "customers.email" }]))).toEqual(["metadata-changed"]);
  });
  it("names what changed in the same keys, by their columns", () => {
    const messages = (before: Json[], after: Json[]) => diffContracts(withKeys(before), withKeys(after)).map((c) => c.message);
    expect(messages([{ to: "customers.email" }], [{ to: "customers.email", customProperties: [{ property: "enforced", value: false }] }])).toEqual([
      'Metadata of `orders.email` changed: relationships (changed customProperties of "→ customers.email").',
    ]);
    expect(messages([{ to: "customers.email" }], [{ type: "foreignKey", to: "customers.email" }])).toEqual(['Metadata of `orders.email` changed: relationships (changed type none → foreignKey of "→ customers.email").']);
    const two = [{ to: "customers.email" }, { to: "customers.mail" }];
    expect(messages(two, [...two].reverse())).toEqual(['Metadata of `orders.email` changed: relationships (listed in another order ("→ customers.mail", "→ customers.email")).']);
  });
  it("reads a composite key's column pairs listed in another order as the same key (metadata), other pairs as another key", () => {
    const composite = (from: string[], to: string[]) => withKeys([{ type: "foreignKey", from, to }], "object");
    const key = composite(["orders.order_id", "orders.email"], ["customers.a", "customers.b"]);
    expect(kinds(key, composite(["orders.email", "orders.order_id"], ["customers.b", "customers.a"]))).toEqual(["metadata-changed"]);
    // The same columns joined to the other columns of the key: it now references other columns.
    expect(kinds(key, composite(["orders.order_id", "orders.email"], ["customers.b", "customers.a"]))).toEqual(["relationship-changed"]);
  });
  it("names a composite key by its column lists as ODCS writes them, not as escaped JSON", () => {
    const key = { type: "foreignKey", from: ["orders.order_id", "orders.email"], to: ["customers.a", "customers.b"] };
    const head = withKeys([{ ...key, customProperties: [{ property: "enforced", value: false }] }], "object");
    expect(diffContracts(withKeys([key], "object"), head).map((c) => c.message)).toEqual([
      'Metadata of `orders` changed: relationships (changed customProperties of "[orders.order_id, orders.email] → [customers.a, customers.b]").',
    ]);
  });
  it("reads one column written as a string or as a list of one (ODCS: minItems 1) as the same key, at object and property level", () => {
    const single = withKeys([{ from: "orders.order_id", to: "customers.customer_id" }], "object");
    expect(kinds(single, withKeys([{ from: ["orders.order_id"], to: ["customers.customer_id"] }], "object"))).toEqual(["metadata-changed"]);
    expect(kinds(withKeys([{ to: "customers.email" }]), withKeys([{ to: ["customers.email"] }]))).toEqual(["metadata-changed"]);
    // A list of another length is another key, not read as the string.
    expect(kinds(single, withKeys([{ from: ["orders.order_id", "orders.email"], to: ["customers.customer_id"] }], "object"))).toEqual(["relationship-removed", "relationship-added"]);
  });
});

describe("logicalTypeOptions of every logical type", () => {
  const change = (before: Json, after: Json) => {
    const base = baseContract();
    prop(base, "amount").logicalTypeOptions = before;
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = after;
    return kinds(base, head);
  };
  it.each([
    // number / integer: multiples of 10 are multiples of 5.
    [{ multipleOf: 5 }, { multipleOf: 10 }, "constraint-tightened"],
    [{ multipleOf: 10 }, { multipleOf: 5 }, "constraint-loosened"],
    [{ multipleOf: 4 }, { multipleOf: 6 }, "constraint-changed"],
    // date / timestamp / time bounds are strings (ODCS 3.1).
    [{ minimum: "2020-01-01" }, { minimum: "2021-01-01" }, "constraint-tightened"],
    [{ maximum: "2030-01-01" }, { maximum: "2031-01-01" }, "constraint-loosened"],
    [{ exclusiveMaximum: "2030-01-01T00:00:00Z" }, { exclusiveMaximum: "2029-12-31T00:00:00Z" }, "constraint-tightened"],
    // array: uniqueItems true accepts fewer arrays.
    [{ uniqueItems: false }, { uniqueItems: true }, "constraint-tightened"],
    [{ uniqueItems: true }, { uniqueItems: false }, "constraint-loosened"],
    // object: more required keys accept fewer objects.
    [{ required: ["city"] }, { required: ["city", "zip"] }, "constraint-tightened"],
    [{ required: ["city", "zip"] }, { required: ["zip"] }, "constraint-loosened"],
    // ODCS 3.0.x: exclusiveMaximum / exclusiveMinimum are flags on maximum / minimum.
    [{ maximum: 10, exclusiveMaximum: false }, { maximum: 10, exclusiveMaximum: true }, "constraint-tightened"],
    [{ minimum: 0, exclusiveMinimum: true }, { minimum: 0, exclusiveMinimum: false }, "constraint-loosened"],
  ])("%j → %j is %s", (before, after, kind) => {
    expect(change(before, after)).toEqual([kind]);
  });
  it.each([
    // `amount` is an integer: an exclusive end is the inclusive one next to it, however it is written. The same
    // range written another way changes no guarantee, but the released document (semver §3): a patch.
    [{ maximum: 1000 }, { exclusiveMaximum: 1001 }, ["metadata-changed"]],
    [{ minimum: 0 }, { exclusiveMinimum: -1 }, ["metadata-changed"]],
    [{ minimum: 0, maximum: 10, exclusiveMaximum: true }, { minimum: 0, maximum: 9 }, ["metadata-changed"]],
    // An end between two whole numbers holds the one inside it.
    [{ exclusiveMaximum: 10.5 }, { maximum: 10 }, ["metadata-changed"]],
    [{ minimum: 0.5 }, { exclusiveMinimum: 0 }, ["metadata-changed"]],
    [{ maximum: 10.5 }, { maximum: 11 }, ["constraint-loosened"]],
    // Writing a 3.0 flag that says nothing is no change at all.
    [{ maximum: 10 }, { maximum: 10, exclusiveMaximum: false }, []],
    [{ maximum: 1000 }, { exclusiveMaximum: 1000 }, ["constraint-tightened"]],
    [{ maximum: 1000 }, { exclusiveMaximum: 1002 }, ["constraint-loosened"]],
    // Its format is a range too, compared with its bounds by the whole numbers both allow (none: an i32).
    [{ maximum: 1000 }, { format: "i8" }, ["constraint-tightened"]],
    [{ minimum: 0, maximum: 10 }, { format: "u8", maximum: 10 }, ["metadata-changed"]],
    [{ format: "i64", minimum: 0, maximum: 100 }, { minimum: 0, maximum: 100 }, ["metadata-changed"]],
    [{ format: "i64", maximum: 100 }, { maximum: 100 }, ["constraint-tightened"]],
    [{ maximum: 1000 }, { format: "i64" }, ["constraint-loosened"]],
    [{}, { format: "u32" }, ["constraint-changed"]],
    // With no format on either side the bounds compare as written, beyond what i32 holds too.
    [{ maximum: 5_000_000_000 }, { maximum: 6_000_000_000 }, ["constraint-loosened"]],
    [{ minimum: -5_000_000_000 }, { minimum: -4_000_000_000 }, ["constraint-tightened"]],
    [{ format: "i8", maximum: 1000 }, { format: "i8", maximum: 2000 }, ["metadata-changed"]],
  ])("an integer's %j → %j is %j", (before, after, expected) => {
    expect(change(before, after)).toEqual(expected);
  });
  it("says what was written differently, at the option the head writes", () => {
    const base = baseContract();
    prop(base, "amount").logicalTypeOptions = { maximum: 1000 };
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = { exclusiveMaximum: 1001 };
    expect(diffContracts(base, head)).toMatchObject([
      {
        kind: "metadata-changed",
        headPath: "/schema/0/properties/1/logicalTypeOptions/exclusiveMaximum",
        message: "Constraints of `orders.amount` written differently, accepting the same values: maximum 1000 → none, exclusiveMaximum none → 1001.",
      },
    ]);
    // With a real change to the constraints, that change is what is said.
    prop(head, "amount").logicalTypeOptions = { exclusiveMaximum: 1001, minimum: 1 };
    expect(kinds(base, head)).toEqual(["constraint-tightened"]);
  });
  it("points at the option that changed, on both sides", () => {
    const base = baseContract();
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = { minimum: 0, maximum: 500 };
    const [change] = diffContracts(base, head);
    expect(change).toMatchObject({ kind: "constraint-tightened", headPath: "/schema/0/properties/1/logicalTypeOptions/maximum", basePath: "/schema/0/properties/1/logicalTypeOptions/maximum" });
  });
});

describe("what a primary key already guarantees", () => {
  it("a key column that drops a redundant required or unique flag changes nothing; a composite key's column is not unique by itself", () => {
    const base = baseContract(); // orders.order_id: the only key column, required and unique
    const head = clone(base);
    delete prop(head, "order_id").required;
    prop(head, "order_id").unique = false;
    expect(kinds(base, head)).toEqual([]);
    // With a second key column, order_id alone is no longer unique: dropping its flag is unique-removed.
    const composite = clone(base);
    Object.assign(prop(composite, "amount"), { primaryKey: true, primaryKeyPosition: 2 });
    const looser = clone(composite);
    prop(looser, "order_id").unique = false;
    expect(kinds(composite, looser)).toEqual(["unique-removed"]);
    // A key dropped is primary-key-removed, and the flags it no longer implies are measured as written.
    const unkeyed = clone(base);
    delete prop(unkeyed, "order_id").primaryKey;
    expect(kinds(base, unkeyed)).toEqual(["primary-key-removed"]);
  });
  it("judges the flags of a column that leaves or joins the key by what the key guaranteed", () => {
    // order_id, the only key column, wrote no flags: the key made it not null and unique.
    const keyed = baseContract();
    delete prop(keyed, "order_id").required;
    delete prop(keyed, "order_id").unique;
    // Dropping the key but writing what it guaranteed: the column is as required and unique as before.
    const restated = clone(keyed);
    Object.assign(prop(restated, "order_id"), { primaryKey: false, required: true, unique: true });
    expect(kinds(keyed, restated)).toEqual(["primary-key-removed"]);
    // A required, unique column that becomes the key and drops the flags the key now implies.
    expect(kinds(restated, keyed)).toEqual(["primary-key-added"]);
    // The key added or dropped with the flags left as written is said by primary-key-* alone.
    const unkeyed = clone(keyed);
    prop(unkeyed, "order_id").primaryKey = false;
    expect(kinds(keyed, unkeyed)).toEqual(["primary-key-removed"]);
    expect(kinds(unkeyed, keyed)).toEqual(["primary-key-added"]);
  });
});

describe("a flag and a quality rule that promise the same (contract-test checks both with one query)", () => {
  // `required: true` is a nullValues rule accepting no row, `unique: true` a duplicateValues rule accepting none.
  const change = (base: (p: Json) => void, head: (p: Json) => void, name = "email") => {
    const before = baseContract();
    base(prop(before, name));
    const after = clone(before);
    head(prop(after, name));
    return [kinds(before, after), kinds(after, before)];
  };
  const rule = (p: Json, q: Json) => (p.quality = [...(p.quality ?? []), q]);
  it.each([
    ["unique → duplicateValues mustBe 0", { metric: "duplicateValues", mustBe: 0 }],
    ["unique → duplicateValues mustBe 0 percent", { metric: "duplicateValues", mustBe: 0, unit: "percent" }],
    ["unique → duplicateValues mustBeLessThan 1", { metric: "duplicateValues", mustBeLessThan: 1, description: "no repeats" }],
  ])("%s is the same promise, both ways", (_label, written) => {
    const [forward, backward] = change((p) => (p.unique = true), (p) => (delete p.unique, rule(p, written)));
    expect(forward).toEqual(["metadata-changed"]);
    expect(backward).toEqual(["metadata-changed"]);
  });
  it.each([
    ["nullValues mustBe 0", { metric: "nullValues", mustBe: 0 }],
    ["nullValues mustBe 0 percent", { metric: "nullValues", mustBe: 0, unit: "percent" }],
    ["missingValues [null] mustBe 0", { metric: "missingValues", arguments: { missingValues: [null] }, mustBe: 0 }],
    ["v3.0 rule: nullCheck", { rule: "nullCheck" }],
  ])("required → %s is the same promise, both ways", (_label, written) => {
    const [forward, backward] = change((p) => (p.required = true), (p) => (delete p.required, rule(p, written)));
    expect(forward).toEqual(["metadata-changed"]);
    expect(backward).toEqual(["metadata-changed"]);
  });
  it("a rule that asks less than the flag it replaces is the flag dropped, and no new promise", () => {
    const [forward, backward] = change((p) => (p.unique = true), (p) => (delete p.unique, rule(p, { metric: "duplicateValues", mustBeLessThan: 5 })));
    expect(forward).toEqual(["unique-removed", "metadata-changed"]);
    expect(backward).toEqual(["unique-added", "metadata-changed"]);
  });
  it("a rule that asks more, or only warns, is not the flag", () => {
    // Blanks counted too: a new promise beside the one kept.
    const [blanks] = change((p) => (p.required = true), (p) => (delete p.required, rule(p, { metric: "missingValues", mustBe: 0 })));
    expect(blanks).toEqual(["property-made-optional", "quality-rule-added"]);
    // A warning fails no run: the column may hold nulls, but data that met the flag meets the rule.
    const [warned] = change((p) => (p.required = true), (p) => (delete p.required, rule(p, { metric: "nullValues", mustBe: 0, severity: "warning" })));
    expect(warned).toEqual(["property-made-optional", "metadata-changed"]);
    // A rule on a column without the flag is a new promise; the flag written beside it restates it.
    const [added] = change(() => {}, (p) => rule(p, { metric: "nullValues", mustBe: 0 }));
    expect(added).toEqual(["quality-rule-added"]);
    const [flagged] = change((p) => rule(p, { metric: "duplicateValues", mustBe: 0 }), (p) => (p.unique = true));
    expect(flagged).toEqual([]);
  });
  it("says which flag the rule restates, at the rule", () => {
    const before = baseContract();
    prop(before, "email").unique = true;
    const after = clone(before);
    delete prop(after, "email").unique;
    prop(after, "email").quality = [{ metric: "duplicateValues", mustBe: 0 }];
    expect(diffContracts(before, after).map((c) => [c.headPath, c.message])).toEqual([
      ["/schema/0/properties/3/quality/0", "Quality rule duplicateValues was added to `orders.email`: `orders.email` was already unique, which the rule restates."],
    ]);
    expect(diffContracts(after, before).map((c) => c.message)).toEqual([
      "Quality rule duplicateValues on `orders.email` was removed: `orders.email` is still unique, which the rule restated.",
    ]);
  });
  it("an object's duplicateValues rule over one column is its `unique: true`, required or not", () => {
    const dup = { metric: "duplicateValues", arguments: { properties: ["email"] }, mustBe: 0 };
    const base = baseContract();
    Object.assign(prop(base, "email"), { unique: true, required: true });
    const head = clone(base);
    delete prop(head, "email").unique;
    orders(head).quality.push(dup);
    expect(diffContracts(base, head).map((c) => [c.kind, c.message])).toEqual([
      ["metadata-changed", "Quality rule duplicateValues was added to `orders`: `orders.email` was already required and unique, which the rule restates."],
    ]);
    expect(kinds(head, base)).toEqual(["metadata-changed"]);
    // Optional: contract-test leaves out the rows whose columns are all null, so, as for the flag, nulls never repeat.
    delete prop(base, "email").required;
    delete prop(head, "email").required;
    expect(diffContracts(base, head).map((c) => [c.kind, c.message])).toEqual([
      ["metadata-changed", "Quality rule duplicateValues was added to `orders`: `orders.email` was already unique, which the rule restates."],
    ]);
    expect(diffContracts(head, base).map((c) => [c.kind, c.message])).toEqual([
      ["metadata-changed", "Quality rule duplicateValues on `orders` was removed: `orders.email` is still unique, which the rule restated."],
    ]);
    // Beside a flag that stays, it is a check of its own.
    prop(head, "email").unique = true;
    expect(kinds(base, head)).toEqual(["quality-rule-added"]);
    expect(kinds(head, base)).toEqual(["quality-rule-removed"]);
    delete prop(head, "email").unique;
    // Over two columns it promises neither column unique.
    orders(head).quality.at(-1).arguments.properties = ["email", "status"];
    expect(kinds(base, head)).toEqual(["unique-removed", "quality-rule-added"]);
  });
  it("an object-typed property's duplicateValues rule over a nested column is no `unique: true` (contract-test refuses it)", () => {
    // A property's rule compares that property alone: one listing arguments.properties is refused, never run.
    const base = baseContract();
    orders(base).properties.push({ name: "address", logicalType: "object", properties: [{ name: "zip", logicalType: "string", required: true, unique: true }] });
    const head = clone(base);
    delete prop(head, "address").properties[0].unique;
    prop(head, "address").quality = [{ metric: "duplicateValues", arguments: { properties: ["zip"] }, mustBe: 0 }];
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.element}`).sort()).toEqual(["quality-rule-added orders.address", "unique-removed orders.address.zip"]);
    expect(diffContracts(head, base).map((c) => `${c.kind} ${c.element}`).sort()).toEqual(["quality-rule-removed orders.address", "unique-added orders.address.zip"]);
  });
  it("a composite primary key is its required columns and a duplicateValues rule over them", () => {
    const keyed = baseContract();
    delete prop(keyed, "order_id").unique;
    Object.assign(prop(keyed, "amount"), { primaryKey: true, primaryKeyPosition: 2 });
    const ruled = clone(keyed);
    for (const name of ["order_id", "amount"]) Object.assign(prop(ruled, name), { primaryKey: undefined, primaryKeyPosition: undefined });
    orders(ruled).quality.push({ metric: "duplicateValues", arguments: { properties: ["amount", "order_id"] }, mustBe: 0 });
    // The key is its own finding (primary-key-*, as any key written or dropped); the rule that takes over its promise is none.
    expect(diffContracts(keyed, ruled).map((c) => [c.kind, c.message])).toEqual([
      ["primary-key-removed", "Primary key of `orders`: (order_id, amount) → (none)."],
      ["metadata-changed", "Quality rule duplicateValues was added to `orders`: `(amount, order_id) of orders` was already required and unique together, which the rule restates."],
    ]);
    expect(kinds(ruled, keyed)).toEqual(["primary-key-added", "metadata-changed"]);
    // A rule that only warns fails no run: the key's promise is gone, though the rule asks nothing new.
    orders(ruled).quality.at(-1).severity = "warning";
    expect(kinds(keyed, ruled)).toEqual(["primary-key-removed", "metadata-changed"]);
  });
  it("two rules written in place of one flag both restate it; one added beside a rule that stays is its own", () => {
    const nullCheck = { metric: "nullValues", mustBe: 0 };
    const named = { metric: "missingValues", arguments: { missingValues: [null] }, mustBe: 0, name: "no_nulls" };
    const [forward, backward] = change((p) => (p.required = true), (p) => (delete p.required, rule(p, nullCheck), rule(p, named)));
    expect(forward).toEqual(["metadata-changed", "metadata-changed"]);
    expect(backward).toEqual(["metadata-changed", "metadata-changed"]);
    // The promise stays in the rule kept: the second is a check of its own.
    const [beside, besideRemoved] = change((p) => rule(p, nullCheck), (p) => rule(p, named));
    expect(beside).toEqual(["quality-rule-added"]);
    expect(besideRemoved).toEqual(["quality-rule-removed"]);
    // An object's two duplicateValues rules over the key's columns, in place of the key.
    const keyed = baseContract();
    delete prop(keyed, "order_id").unique;
    Object.assign(prop(keyed, "amount"), { primaryKey: true, primaryKeyPosition: 2 });
    const ruled = clone(keyed);
    for (const name of ["order_id", "amount"]) Object.assign(prop(ruled, name), { primaryKey: undefined, primaryKeyPosition: undefined });
    const dup = { metric: "duplicateValues", arguments: { properties: ["order_id", "amount"] }, mustBe: 0 };
    orders(ruled).quality.push(dup, { ...dup, name: "no_repeats" });
    expect(kinds(keyed, ruled)).toEqual(["primary-key-removed", "metadata-changed", "metadata-changed"]);
    expect(kinds(ruled, keyed)).toEqual(["primary-key-added", "metadata-changed", "metadata-changed"]);
  });
  it("a rule added or removed beside a flag that stays is a rule of its own", () => {
    // A new explicit check (contract-test runs it) though the flag promised it already: the document's own finding.
    const [added, removed] = change((p) => (p.required = true), (p) => rule(p, { metric: "nullValues", mustBe: 0 }));
    expect(added).toEqual(["quality-rule-added"]);
    expect(removed).toEqual(["quality-rule-removed"]);
    const [uniqueAdded] = change((p) => (p.unique = true), (p) => rule(p, { metric: "duplicateValues", mustBe: 0 }));
    expect(uniqueAdded).toEqual(["quality-rule-added"]);
  });
});

describe("ownership", () => {
  it("points at what changed: the support channels, the team, or the team when both did", () => {
    const paths = (mutate: (c: Json) => void) => {
      const base = baseContract();
      base.team = { name: "sales", members: [{ username: "ana@example.com", role: "owner" }] };
      base.support = [{ channel: "#sales", tool: "slack" }];
      const head = clone(base);
      mutate(head);
      return diffContracts(base, head).map((c) => `${c.kind} ${c.headPath} ${c.message}`);
    };
    expect(paths((c) => (c.support[0].channel = "#sales-data"))).toEqual(["owner-changed /support The support channels changed (added \"#sales-data\"; removed \"#sales\")."]);
    expect(paths((c) => (c.team.name = "sales-core"))).toEqual(["owner-changed /team The team changed (name sales → sales-core)."]);
    expect(paths((c) => ((c.team.name = "x"), delete c.support))).toEqual(["owner-changed /team The team changed (name sales → x) and the support channels changed (removed \"#sales\")."]);
  });

  it("names who gains or loses ownership: members added, removed or changed by username, a v3.0 list team read as members", () => {
    const base = baseContract();
    base.team = { name: "sales", members: [{ username: "ana@example.com", role: "owner" }, { username: "bob@example.com", role: "steward" }] };
    const head = clone(base);
    head.team.members = [{ username: "ana@example.com", role: "steward" }, { username: "cy@example.com", role: "owner" }];
    expect(diffContracts(base, head).map((c) => c.message)).toEqual([
      "The team changed (members added cy@example.com; members removed bob@example.com; members changed role owner → steward of ana@example.com).",
    ]);
    const listed = { ...baseContract(), apiVersion: "v3.0.2", team: [{ username: "ana@example.com" }] };
    expect(diffContracts(listed, { ...listed, team: [{ username: "ana@example.com" }, { username: "dee" }] }).map((c) => c.message)).toEqual(["The team changed (members added dee)."]);
  });

  it("says when members or support channels are only listed in another order", () => {
    const base = baseContract();
    base.team.members.push({ username: "bo", role: "steward" });
    base.support = [{ channel: "#sales", tool: "slack" }, { channel: "sales@example.com", tool: "email" }];
    const head = clone(base);
    head.team.members.reverse();
    head.support.reverse();
    expect(diffContracts(base, head).map((c) => c.message)).toEqual([
      "The team changed (members listed in another order (bo, ana)) and the support channels changed (listed in another order (sales@example.com, \"#sales\")).",
    ]);
  });

  it("says no one entry changed where a key is listed twice (which of the two changed is not known)", () => {
    const base = baseContract();
    base.team.members = [{ username: "ana", role: "owner" }, { username: "ana", role: "steward" }];
    const head = clone(base);
    head.team.members.reverse();
    expect(diffContracts(base, head).map((c) => c.message)).toEqual(["The team changed."]);
  });
});

describe("a range's ends, in ODCS 3.0.x and 3.1 form", () => {
  const change = (before: Json, after: Json) => {
    const base = baseContract();
    prop(base, "amount").logicalTypeOptions = before;
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = after;
    return kinds(base, head);
  };
  it.each([
    // An exclusive bound at the same value accepts less: only readers of old rows can break.
    [{ maximum: 10 }, { exclusiveMaximum: 10 }, ["constraint-tightened"]],
    [{ minimum: 5 }, { exclusiveMinimum: 0 }, ["constraint-loosened"]],
    // Moving to ODCS 3.1 rewrites the 3.0.x flag as a bound of its own: the same values.
    [{ minimum: 0, maximum: 10, exclusiveMaximum: true }, { minimum: 0, exclusiveMaximum: 10 }, ["metadata-changed"]],
    // Each end is judged on its own.
    [{ minimum: 0, maximum: 1000 }, { exclusiveMinimum: 0, maximum: 2000 }, ["constraint-loosened", "constraint-tightened"]],
  ])("%j → %j is %j", (before, after, expected) => {
    expect(change(before, after)).toEqual(expected);
  });
  it("names the keys of the end that changed", () => {
    const base = baseContract();
    prop(base, "amount").logicalTypeOptions = { maximum: 10 };
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = { exclusiveMaximum: 10 };
    expect(diffContracts(base, head)[0]!.message).toBe("Constraints of `orders.amount` tightened: maximum 10 → none, exclusiveMaximum none → 10.");
  });
});

describe("an integer without a format is an i32 (ODCS 3.1 default), or what its physical integer type holds", () => {
  const change = (before: Json, after: Json) => {
    const base = baseContract();
    prop(base, "amount").logicalTypeOptions = before;
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = after;
    return kinds(base, head);
  };
  it.each([
    // i64 values do not fit old readers' i32: widening, not a new constraint.
    [{}, { format: "i64" }, ["constraint-loosened"]],
    [{ format: "i64" }, {}, ["constraint-tightened"]],
    [{}, { format: "i32" }, []],
    [{ format: "i16" }, { format: "u16" }, ["constraint-changed"]],
  ])("%j → %j is %j", (before, after, expected) => {
    expect(change(before, after)).toEqual(expected);
  });
  it("gives a number no default format", () => {
    const base = baseContract();
    prop(base, "amount").logicalType = "number";
    prop(base, "amount").logicalTypeOptions = {};
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = { format: "f64" };
    expect(kinds(base, head)).toEqual(["constraint-tightened"]);
  });
  // The column holds what its physical integer type holds: a bigint's values are i64 with or without the format
  // written, so writing it (or dropping it) accepts no other value; i32 is the default only where no width is known.
  it.each([
    ["bigint", {}, { format: "i64" }, []],
    ["BIGINT", { format: "i64" }, {}, []],
    ["int8", { minimum: 0 }, { minimum: 0, format: "i64" }, []],
    ["bigint", {}, { format: "i32" }, ["constraint-tightened"]],
    ["bigint", {}, { format: "i128" }, ["constraint-loosened"]],
    ["smallint", {}, { format: "i16" }, []],
    ["utinyint", {}, { format: "u8" }, []],
    ["hugeint", { format: "i128" }, {}, []],
    ["mediumint", {}, { format: "i64" }, ["constraint-loosened"]],
    // A decimal of scale 0 holds integers of its digits: 18 fit an i64, 19 do not.
    ["decimal(18,0)", {}, { format: "i64" }, []],
    ["numeric(19)", {}, { format: "i64" }, ["constraint-tightened"]],
    ["decimal(9,0)", {}, { format: "i32" }, []],
    ["varchar(10)", {}, { format: "i64" }, ["constraint-loosened"]],
  ])("on a %s column, %j → %j is %j", (physicalType, before, after, expected) => {
    const base = baseContract();
    Object.assign(prop(base, "amount"), { physicalType, logicalTypeOptions: before });
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = after;
    expect(kinds(base, head)).toEqual(expected);
  });
  // Snowflake's and Oracle's integer names are all NUMBER(38,0) (an i128), BigQuery's all INT64: a `smallint` there
  // holds what they hold, so `format: i16` on it tightens, and `format: i64` on BigQuery's INTEGER is no change.
  it.each([
    ["snowflake", "bigint", { format: "i64" }, ["constraint-tightened"]],
    ["snowflake", "smallint", { format: "i16" }, ["constraint-tightened"]],
    ["snowflake", "int", { format: "i128" }, []],
    ["oracle", "integer", { format: "i32" }, ["constraint-tightened"]],
    ["bigquery", "integer", { format: "i64" }, []],
    ["bigquery", "smallint", { format: "i16" }, ["constraint-tightened"]],
    ["bigquery", "int64", { format: "i128" }, ["constraint-loosened"]],
    ["snowflake", "number(18,0)", { format: "i64" }, []],
    // A bare decimal has the server's default digits: Snowflake's NUMBER is NUMBER(38,0), MySQL's DECIMAL DECIMAL(10,0).
    ["snowflake", "number", { format: "i128" }, []],
    ["snowflake", "number", { format: "i64" }, ["constraint-tightened"]],
    ["mysql", "decimal", { format: "i64" }, []],
    ["snowflake,mysql", "decimal", { format: "i64" }, ["constraint-tightened"]],
    // Servers that read the names apart: judged as each holds it (PostgreSQL's integer is an i32, Snowflake's an i128).
    ["snowflake,postgres", "integer", { format: "i32" }, ["constraint-tightened"]],
    ["snowflake,postgres", "bigint", { format: "i64" }, ["constraint-tightened"]],
    ["bigquery,postgres", "bigint", { format: "i64" }, []],
    ["bigquery,duckdb", "integer", { format: "i64" }, ["constraint-loosened"]],
    ["snowflake,postgres", "bigint", { format: "i128" }, ["constraint-loosened"]],
  ])("on %s, a %s column with no format → %j is %j", (servers, physicalType, after, expected) => {
    const base = baseContract();
    base.servers = servers.split(",").map((type, i) => ({ server: `s${i}`, type }));
    Object.assign(prop(base, "amount"), { physicalType, logicalTypeOptions: {} });
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = after;
    expect(kinds(base, head)).toEqual(expected);
  });
  it("names the physical type's format as the default it compares", () => {
    const base = baseContract();
    Object.assign(prop(base, "amount"), { physicalType: "bigint", logicalTypeOptions: {} });
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = { format: "i32" };
    expect(diffContracts(base, head)[0]!.message).toBe('Constraints of `orders.amount` tightened: format none (default "i64") → "i32".');
  });
  it("reads a bare decimal by ODCS's default where no server gives it digits (none listed, or an unknown type)", () => {
    for (const servers of [[], [{ server: "stream", type: "kafka" }]]) {
      const base = baseContract();
      base.servers = servers;
      Object.assign(prop(base, "amount"), { physicalType: "decimal", logicalTypeOptions: {} });
      const head = clone(base);
      prop(head, "amount").logicalTypeOptions = { format: "i32" };
      expect(diffContracts(base, head)).toEqual([]);
      prop(head, "amount").logicalTypeOptions = { format: "i64" };
      expect(diffContracts(base, head).map((c) => c.message)).toEqual(['Constraints of `orders.amount` loosened: format none (default "i32") → "i64".']);
    }
  });
  // ODCS's widest format is i128 (u128): a decimal of more than 38 whole digits holds integers none of them holds, so
  // its column has no format, not ODCS's i32, and writing one (i128 too) tightens it. A decimal's whole digits are p − s.
  it.each([
    [[], "numeric(50,0)", { format: "i128" }, ["constraint-tightened"]],
    [[], "numeric(39)", { format: "u128" }, ["constraint-tightened"]],
    [["oracle"], "NUMBER(40)", { format: "i64" }, ["constraint-tightened"]],
    [["postgres"], "numeric", { format: "i128" }, ["constraint-tightened"]],
    [["oracle"], "NUMBER", { format: "i128" }, ["constraint-tightened"]],
    [["postgres", "mysql"], "decimal", { format: "i64" }, ["constraint-tightened"]],
    [["duckdb"], "decimal", { format: "i64" }, []],
    [["bigquery"], "numeric", { format: "i128" }, []],
    [[], "decimal(12,2)", { format: "i64" }, []],
    [[], "numeric(38,0)", { format: "i128" }, []],
  ])("on %j, a %s integer column with no format → %j is %j", (servers, physicalType, after, expected) => {
    const base = baseContract();
    base.servers = servers.map((type, i) => ({ server: `s${i}`, type }));
    Object.assign(prop(base, "amount"), { physicalType, logicalTypeOptions: {} });
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = after;
    expect(kinds(base, head)).toEqual(expected);
    // Dropping the format again is the reverse.
    expect(kinds(head, base)).toEqual(expected.map((kind) => kind.replace("tightened", "loosened")));
  });
  it("says a decimal past 38 digits holds integers wider than every format", () => {
    const base = baseContract();
    base.servers = [{ server: "pg", type: "postgres" }, { server: "wh", type: "snowflake" }];
    Object.assign(prop(base, "amount"), { physicalType: "numeric(50,0)", logicalTypeOptions: {} });
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = { format: "i128" };
    expect(diffContracts(base, head).map((c) => c.message)).toEqual(['Constraints of `orders.amount` tightened: format none (numeric(50,0) holds integers wider than every format) → "i128".']);
    Object.assign(prop(base, "amount"), { physicalType: "numeric" });
    Object.assign(prop(head, "amount"), { physicalType: "numeric", logicalTypeOptions: { format: "i64" } });
    expect(diffContracts(base, head).map((c) => c.message)).toEqual(['Constraints of `orders.amount` tightened: format none (default "i128" or wider than every format, by server) → "i64".']);
  });
  it("names each server's default where their integer names hold different widths", () => {
    const base = baseContract();
    base.servers = [{ server: "wh", type: "snowflake" }, { server: "pg", type: "postgres" }];
    Object.assign(prop(base, "amount"), { physicalType: "bigint", logicalTypeOptions: {} });
    const head = clone(base);
    prop(head, "amount").logicalTypeOptions = { format: "i64" };
    expect(diffContracts(base, head).map((c) => c.message)).toEqual(['Constraints of `orders.amount` tightened: format none (default "i128" or "i64", by server) → "i64".']);
  });
});

describe("a timestamp or time without a defaultTimezone is in Etc/UTC (ODCS 3.1 default)", () => {
  const change = (before: Json, after: Json, logicalType = "timestamp") => {
    const base = baseContract();
    Object.assign(prop(base, "ordered_at"), { logicalType, physicalType: undefined, logicalTypeOptions: before });
    const head = clone(base);
    prop(head, "ordered_at").logicalTypeOptions = after;
    return diffContracts(base, head);
  };
  it.each([
    // Another zone: the same wall-clock values are other instants, to old and new readers alike.
    [{}, { defaultTimezone: "Europe/Paris" }, ["constraint-changed"]],
    [{ defaultTimezone: "Europe/Paris" }, {}, ["constraint-changed"]],
    [{ defaultTimezone: "Etc/UTC" }, { defaultTimezone: "America/New_York" }, ["constraint-changed"]],
    // The default written out, or dropped: the same zone.
    [{}, { defaultTimezone: "Etc/UTC" }, []],
    [{ defaultTimezone: "Etc/UTC" }, {}, []],
    // Zones are compared as the zones they are (as contract-test reads them): other names of UTC, or of one zone, are no change.
    [{}, { defaultTimezone: "UTC" }, []],
    [{ defaultTimezone: "Zulu" }, { defaultTimezone: "Etc/UTC" }, []],
    [{ defaultTimezone: "GB" }, { defaultTimezone: "Europe/London" }, []],
    [{ defaultTimezone: "GMT" }, { defaultTimezone: "Europe/London" }, ["constraint-changed"]],
  ])("%j → %j is %j", (before, after, expected) => {
    expect(change(before, after).map((c) => c.kind)).toEqual(expected);
    expect(change(before, after, "time").map((c) => c.kind)).toEqual(expected);
  });
  it("resolves a zone name once, not once per column", () => {
    const base = baseContract();
    for (let i = 0; i < 50; i++) base.schema[0].properties.push({ name: `at_${i}`, logicalType: "timestamp", logicalTypeOptions: { defaultTimezone: "Europe/Vienna" } });
    const formats = vi.spyOn(Intl, "DateTimeFormat");
    try {
      expect(diffContracts(base, clone(base))).toEqual([]);
      expect(formats.mock.calls.filter(([, options]) => options?.timeZone === "Europe/Vienna").length).toBeLessThanOrEqual(1);
    } finally {
      formats.mockRestore();
    }
  });
  it("names the default an unset zone stands for", () => {
    expect(change({}, { defaultTimezone: "Europe/Paris" })[0]!.message).toBe('Constraints of `orders.ordered_at` changed: defaultTimezone none (default "Etc/UTC") → "Europe/Paris".');
  });
  it("gives a plain date no default zone, and a v3.0.x date with a time of day the timestamp's", () => {
    expect(change({}, { defaultTimezone: "Etc/UTC" }, "date").map((c) => c.kind)).toEqual(["constraint-tightened"]);
    const format = "yyyy-MM-dd HH:mm:ss";
    expect(change({ format }, { format, defaultTimezone: "Etc/UTC" }, "date")).toEqual([]);
  });
});

describe("a timestamp or time without `timezone` holds no zone (provision makes it TIMESTAMP, not TIMESTAMPTZ)", () => {
  const change = (before: Json, after: Json, logicalType = "timestamp") => {
    const base = baseContract();
    Object.assign(prop(base, "ordered_at"), { logicalType, physicalType: undefined, logicalTypeOptions: before });
    const head = clone(base);
    prop(head, "ordered_at").logicalTypeOptions = after;
    return kinds(base, head);
  };
  it.each([
    // `timezone: false` written out, or dropped: the same values.
    [{}, { timezone: false }, []],
    [{ timezone: false }, {}, []],
    // Values that now carry an offset, or no longer do: neither looser nor tighter, however the old side wrote it.
    [{}, { timezone: true }, ["constraint-changed"]],
    [{ timezone: false }, { timezone: true }, ["constraint-changed"]],
    [{ timezone: true }, {}, ["constraint-changed"]],
  ])("%j → %j is %j", (before, after, expected) => {
    expect(change(before, after)).toEqual(expected);
    expect(change(before, after, "time")).toEqual(expected);
  });
});

describe("a date or timestamp without an offset is wall-clock time in its zone, not the machine's", () => {
  const inZone = <T>(zone: string, run: () => T): T => {
    const before = process.env.TZ;
    process.env.TZ = zone;
    try {
      return run();
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  };
  const bound = (before: Json, after: Json) => {
    const base = baseContract();
    Object.assign(prop(base, "ordered_at"), { logicalType: "timestamp", physicalType: undefined, logicalTypeOptions: before });
    const head = clone(base);
    prop(head, "ordered_at").logicalTypeOptions = after;
    return kinds(base, head);
  };
  it.each(["Etc/UTC", "Asia/Tokyo", "America/New_York"])("reads a bound without an offset in the property's defaultTimezone (the machine in %s)", (zone) => {
    inZone(zone, () => {
      // The same instant written another way: no constraint change, but the released document changed.
      expect(bound({ minimum: "2024-01-01T00:00:00Z" }, { minimum: "2024-01-01T00:00:00" })).toEqual(["metadata-changed"]);
      expect(bound({ minimum: "2024-01-01T00:00:00Z" }, { minimum: "2024-01-01 01:00:00" })).toEqual(["constraint-tightened"]);
      const paris = { defaultTimezone: "Europe/Paris" };
      expect(bound({ ...paris, maximum: "2023-12-31T23:00:00Z" }, { ...paris, maximum: "2024-01-01T00:00:00" })).toEqual(["metadata-changed"]);
      expect(bound({ ...paris, maximum: "2024-07-01T00:00:00" }, { ...paris, maximum: "2024-06-30T22:00:00Z" })).toEqual(["metadata-changed"]);
    });
  });
  it.each(["Etc/UTC", "Asia/Tokyo", "America/New_York"])("reads an SLA date without an offset as UTC (the machine in %s)", (zone) => {
    inZone(zone, () => {
      const base = baseContract();
      base.slaProperties.push({ property: "endOfSupport", value: "2032-05-12T09:30:10-08:00" });
      const head = clone(base);
      head.slaProperties[2].value = "2032-05-12T17:30:10";
      expect(kinds(base, head)).toEqual(["metadata-changed"]); // the same instant, written another way: no sla-* change
    });
  });
});

describe("SLA properties as ODCS names them", () => {
  // ODCS's own SLA example: timeOfAvailability twice for one element, once per driver.
  const twoDrivers = () => {
    const contract = baseContract();
    contract.slaProperties.push(
      { property: "timeOfAvailability", value: "09:00-08:00", element: "orders.ordered_at", driver: "regulatory" },
      { property: "timeOfAvailability", value: "08:00-08:00", element: "orders.ordered_at", driver: "analytics" },
    );
    return contract;
  };
  it("finds nothing between a contract promising one property twice for an element and itself", () => {
    expect(kinds(twoDrivers(), twoDrivers())).toEqual([]);
  });
  it("pairs such promises by driver, whatever their order", () => {
    const head = twoDrivers();
    head.slaProperties.reverse();
    expect(kinds(twoDrivers(), head)).toEqual([]);
    head.slaProperties.find((s: Json) => s.driver === "analytics").value = "07:00-08:00";
    expect(diffContracts(twoDrivers(), head).map((c) => `${c.kind} ${c.basePath}`)).toEqual(["sla-tightened /slaProperties/3/value"]);
  });
  it("reads property names case-insensitively, with their synonyms", () => {
    const base = baseContract();
    base.slaProperties[0].property = "Latency";
    const head = clone(base);
    head.slaProperties[0].value = 2;
    expect(kinds(base, head)).toEqual(["sla-tightened"]);
    const synonym = clone(base);
    synonym.slaProperties[0].property = "ly";
    expect(kinds(base, synonym)).toEqual(["metadata-changed"]); // the same promise, spelt another way: the document changed (a patch)
  });
});

describe("ids: a rule or element that gains or changes one (ODCS 3.1 `id`)", () => {
  it.each([
    ["gains an id", (c: Json) => (orders(c).quality[0].id = "enough_rows"), "id"],
    ["gains a name", (c: Json) => (orders(c).quality[0].name = "enough rows"), "name"],
  ])("a quality rule that %s is the same rule, and the finding points at that field", (_what, mutate, field) => {
    const base = baseContract();
    const head = clone(base);
    mutate(head);
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.headPath}`)).toEqual([`description-changed /schema/0/quality/0/${field}`]);
  });
  it("points a relaxed rule at the field that changed, and names it", () => {
    const base = baseContract();
    orders(base).quality = [{ metric: "rowCount", mustBeGreaterThan: 100, severity: "error" }];
    const head = clone(base);
    orders(head).quality[0].severity = "warning";
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.headPath}: ${c.message}`)).toEqual(["quality-rule-relaxed /schema/0/quality/0/severity: Quality rule rowCount on `orders` was relaxed: severity error → warning."]);
  });
  it("points a rule at the field its message names, not at a description rewritten before it", () => {
    const base = baseContract();
    orders(base).quality = [{ metric: "rowCount", description: "enough rows", mustBeGreaterThan: 100 }];
    const head = clone(base);
    orders(head).quality[0].description = "at least a thousand rows";
    orders(head).quality[0].mustBeGreaterThan = 1000;
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.headPath}: ${c.message}`)).toEqual(["quality-rule-tightened /schema/0/quality/0/mustBeGreaterThan: Quality rule rowCount on `orders` was tightened: mustBeGreaterThan 100 → 1000."]);
  });
  it("still tells a rule from another with the same metric by its id", () => {
    const base = baseContract();
    orders(base).quality = [{ id: "min_rows", metric: "rowCount", mustBeGreaterThan: 100 }];
    const head = clone(base);
    orders(head).quality.push({ id: "max_rows", metric: "rowCount", mustBeLessThan: 1e6 });
    expect(kinds(base, head)).toEqual(["quality-rule-added"]);
  });
  it.each([
    ["a property", (c: Json) => (prop(c, "amount").id = "amount_v2"), "orders.amount"],
    ["an object", (c: Json) => (orders(c).id = "orders_v2"), "orders"],
  ])("reports a changed id of %s (references name it) as metadata", (_what, mutate, element) => {
    const base = baseContract();
    prop(base, "amount").id = "amount_v1";
    orders(base).id = "orders_v1";
    const head = clone(base);
    mutate(head);
    expect(diffContracts(base, head).map((c) => `${c.kind} ${c.element}`)).toEqual([`metadata-changed ${element}`]);
  });
  it.each([
    ["its id", (r: Json) => (r.id = "analyst_v2"), ["metadata-changed"]],
    ["its custom properties", (r: Json) => (r.customProperties = [{ property: "ticket", value: "IAM-1" }]), ["metadata-changed"]],
    ["its description", (r: Json) => (r.description = "Read access for analysts."), ["description-changed"]],
    ["its name (same id)", (r: Json) => (r.role = "analysts"), ["role-changed"]],
    ["its approvers", (r: Json) => (r.firstLevelApprovers = "data-owner"), ["role-changed"]],
  ])("a role changing %s", (_what, mutate, expected) => {
    const base = baseContract();
    base.roles[0].id = "analyst_v1";
    const head = clone(base);
    mutate(head.roles[0]);
    expect(kinds(base, head)).toEqual(expected);
  });
});
