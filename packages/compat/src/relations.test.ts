import { describe, expect, it } from "vitest";
import { diffContracts } from "./diff.js";
import { referenceIndex } from "./relations.js";
import { type Json, baseContract, clone, prop } from "./test-support.js";

const kinds = (base: Json, head: Json) => diffContracts(base, head).map((c) => c.kind);

/** The base contract with orders.order_id → customers.customer_id declared on the property (ODCS 3.1: `from` implicit). */
function withPropertyKey(): Json {
  const contract = baseContract();
  prop(contract, "order_id").relationships = [{ type: "foreignKey", to: "customers.customer_id" }];
  return contract;
}

/** `contract` with that foreign key moved to its object (`from` written). */
function movedToObject(contract: Json, from: unknown = "orders.order_id", to: unknown = "customers.customer_id"): Json {
  const head = clone(contract);
  delete prop(head, "order_id").relationships;
  head.schema[0].relationships = [{ type: "foreignKey", from, to }];
  return head;
}

describe("foreign keys moved between a property and its object", () => {
  it("reports a key moved from the property to the object as metadata, not as removed and added", () => {
    const base = withPropertyKey();
    const changes = diffContracts(base, movedToObject(base));
    expect(changes.map((c) => c.kind)).toEqual(["metadata-changed"]);
    expect(changes[0]!.message).toContain("already declared in the released version");
    expect(changes[0]!.headPath).toBe("/schema/0/relationships/0");
  });

  it("reports a key moved from the object to the property as metadata (either direction, either case of the names)", () => {
    const head = withPropertyKey();
    expect(kinds(movedToObject(head, "ORDERS.order_id"), head)).toEqual(["metadata-changed"]);
  });

  it("follows a key rewritten with ids (schema/<object id>/properties/<property id>) to the same columns", () => {
    const base = withPropertyKey();
    base.schema[0].id = "orders_obj";
    base.schema[1].id = "customers_obj";
    prop(base, "order_id").id = "order_id_prop";
    prop(base, "customer_id", "customers").id = "customer_id_prop";
    expect(kinds(base, movedToObject(base, "schema/orders_obj/properties/order_id_prop", "schema/customers_obj/properties/customer_id_prop"))).toEqual(["metadata-changed"]);
  });

  it("reports dropping one of two copies of a key (on the property and on the object) as metadata: the join stays", () => {
    const base = withPropertyKey();
    base.schema[0].relationships = [{ type: "foreignKey", from: "orders.order_id", to: "customers.customer_id" }];
    const changes = diffContracts(base, movedToObject(base));
    expect(changes.map((c) => c.kind)).toEqual(["metadata-changed"]);
    expect(changes[0]!.message).toContain("no longer written here");
  });

  it("follows a key rewritten for an object renamed in the contract only (its physicalName kept): the same join", () => {
    const base = baseContract();
    Object.assign(base.schema[0], { physicalName: "orders_tbl", relationships: [{ from: "orders.order_id", to: "customers.customer_id" }] });
    const head = clone(base);
    Object.assign(head.schema[0], { name: "sales_orders", relationships: [{ from: "sales_orders.order_id", to: "customers.customer_id" }] });
    expect(kinds(base, head).sort()).toEqual(["metadata-changed", "object-renamed"]);
  });

  it("still reports a key that names other columns once moved as removed and added", () => {
    const base = withPropertyKey();
    expect(kinds(base, movedToObject(base, "orders.order_id", "customers.email")).sort()).toEqual(["relationship-added", "relationship-removed"]);
    expect(kinds(base, movedToObject(base, "orders.amount")).sort()).toEqual(["relationship-added", "relationship-removed"]);
  });

  it("does not take one composite key on the object for the single keys of its columns", () => {
    const base = withPropertyKey();
    const head = movedToObject(base, ["orders.order_id", "orders.email"], ["customers.customer_id", "customers.email"]);
    expect(kinds(base, head).sort()).toEqual(["relationship-added", "relationship-removed"]);
  });
});

describe("a foreign key that now references other columns (relationship-changed)", () => {
  it("reports a property's key retargeted as one change, at the new key, with the old and new columns", () => {
    const base = withPropertyKey();
    const head = clone(base);
    prop(head, "order_id").relationships[0].to = "customers.email";
    const changes = diffContracts(base, head);
    expect(changes.map(({ kind, element, headPath, basePath, message }) => ({ kind, element, headPath, basePath, message }))).toEqual([
      {
        kind: "relationship-changed",
        element: "orders.order_id",
        headPath: "/schema/0/properties/0/relationships/0",
        basePath: "/schema/0/properties/0/relationships/0",
        message: "Relationship → customers.customer_id of `orders.order_id` now references other columns: → customers.email.",
      },
    ]);
  });

  it("pairs an object's keys by their `from` columns, however written, and leaves a key from other columns removed and added", () => {
    const base = movedToObject(withPropertyKey());
    base.schema[0].id = "orders_obj";
    prop(base, "order_id").id = "order_id_prop";
    const head = clone(base);
    head.schema[0].relationships = [{ type: "foreignKey", from: "schema/orders_obj/properties/order_id_prop", to: "customers.email" }];
    expect(diffContracts(base, head).map((c) => `${c.kind}: ${c.message}`)).toEqual([
      "relationship-changed: Relationship orders.order_id → customers.customer_id of `orders` now references other columns: schema/orders_obj/properties/order_id_prop → customers.email.",
    ]);
    // From another column: another join, not this key retargeted.
    const otherColumn = clone(base);
    otherColumn.schema[0].relationships = [{ type: "foreignKey", from: "orders.email", to: "customers.email" }];
    expect(kinds(base, otherColumn)).toEqual(["relationship-removed", "relationship-added"]);
  });

  it("pairs each key removed with one added: a second key added from the same column is added", () => {
    const base = withPropertyKey();
    const head = clone(base);
    prop(head, "order_id").relationships = [{ type: "foreignKey", to: "customers.email" }, { type: "foreignKey", to: "customers.mail" }];
    expect(kinds(base, head)).toEqual(["relationship-changed", "relationship-added"]);
  });
});

describe("foreign keys on nested properties and array items", () => {
  /** orders with ids, a `shipping` object and a `lines` array of objects, each with a customer reference keyed to customers.customer_id. */
  function nestedKeys(): Json {
    const contract = baseContract();
    Object.assign(contract.schema[0], { id: "orders_obj" });
    Object.assign(contract.schema[1], { id: "customers_obj" });
    prop(contract, "customer_id", "customers").id = "customer_id_prop";
    contract.schema[0].properties.push(
      { id: "shipping_prop", name: "shipping", logicalType: "object", properties: [{ id: "ship_cust", name: "customer_ref", logicalType: "string", relationships: [{ to: "customers.customer_id" }] }] },
      { id: "lines_prop", name: "lines", logicalType: "array", items: { logicalType: "object", properties: [{ id: "line_cust", name: "customer_ref", logicalType: "string", relationships: [{ to: "customers.customer_id" }] }] } },
    );
    return contract;
  }
  const shippingRef = (contract: Json) => prop(contract, "shipping").properties[0];
  const lineRef = (contract: Json) => prop(contract, "lines").items.properties[0];

  it("reports a nested property's or an array item's key rewritten in the other notation as metadata, not as removed and added", () => {
    const base = nestedKeys();
    for (const [owner, to] of [
      [shippingRef, "schema/customers_obj/properties/customer_id_prop"],
      [lineRef, "/schema/customers_obj/properties/customer_id_prop"],
    ] as const) {
      const head = clone(base);
      owner(head).relationships = [{ to }];
      expect(kinds(base, head)).toEqual(["metadata-changed"]);
    }
  });

  it("reports a nested property's key moved to its object (`from` fully qualified down to it) as metadata", () => {
    const base = nestedKeys();
    const head = clone(base);
    delete shippingRef(head).relationships;
    delete lineRef(head).relationships;
    head.schema[0].relationships = [
      { from: "schema/orders_obj/properties/shipping_prop/properties/ship_cust", to: "customers.customer_id" },
      { from: "/schema/orders_obj/properties/lines_prop/properties/line_cust", to: "customers.customer_id" },
    ];
    expect(kinds(base, head)).toEqual(["metadata-changed", "metadata-changed"]);
    expect(kinds(head, base)).toEqual(["metadata-changed", "metadata-changed"]);
  });

  it("reports a nested key retargeted as relationship-changed, and one moved to the object naming another column as removed and added", () => {
    const base = nestedKeys();
    const retargeted = clone(base);
    shippingRef(retargeted).relationships = [{ to: "customers.email" }];
    expect(kinds(base, retargeted)).toEqual(["relationship-changed"]);
    const moved = clone(base);
    delete shippingRef(moved).relationships;
    moved.schema[0].relationships = [{ from: "orders.email", to: "customers.customer_id" }];
    expect(kinds(base, moved).sort()).toEqual(["relationship-added", "relationship-removed"]);
  });

  it("takes a reference into another contract written with or without the `/` ODCS allows (after `#` too) as one", () => {
    const base = nestedKeys();
    shippingRef(base).relationships = [{ to: "customers.odcs.yaml#/schema/cust_tbl/properties/id" }];
    prop(base, "email").relationships = [{ to: "/schema/people_tbl/properties/email" }];
    const head = clone(base);
    shippingRef(head).relationships = [{ to: "customers.odcs.yaml#schema/cust_tbl/properties/id" }];
    prop(head, "email").relationships = [{ to: "schema/people_tbl/properties/email" }];
    expect(kinds(base, head)).toEqual(["metadata-changed", "metadata-changed"]);
  });

  it("takes the file written as another path to it (`./`, `dir/../`) as the same file, as lint does: one join", () => {
    const base = nestedKeys();
    shippingRef(base).relationships = [{ to: "customers.odcs.yaml#schema/cust_tbl/properties/id" }];
    prop(base, "email").relationships = [{ to: "shared/people.odcs.yaml#people.email" }];
    const head = clone(base);
    shippingRef(head).relationships = [{ to: "./customers.odcs.yaml#/schema/cust_tbl/properties/id" }];
    prop(head, "email").relationships = [{ to: "shared/../shared/./people.odcs.yaml#People.Email" }];
    expect(kinds(base, head)).toEqual(["metadata-changed", "metadata-changed"]);
  });

  it("still tells apart two files, a URL from a path, and two columns of one file", () => {
    const base = nestedKeys();
    shippingRef(base).relationships = [{ to: "customers.odcs.yaml#schema/cust_tbl/properties/id" }];
    for (const to of ["../customers.odcs.yaml#schema/cust_tbl/properties/id", "https://example.com/customers.odcs.yaml#schema/cust_tbl/properties/id", "customers.odcs.yaml#schema/cust_tbl/properties/key"]) {
      const head = clone(base);
      shippingRef(head).relationships = [{ to }];
      expect(kinds(base, head)).toEqual(["relationship-changed"]);
    }
  });

  it("takes a shorthand reference to a table the contract does not describe in any case as one, as it does one it describes", () => {
    const base = nestedKeys();
    shippingRef(base).relationships = [{ to: "receiver_types.type_code" }];
    const head = clone(base);
    shippingRef(head).relationships = [{ to: "Receiver_Types.TYPE_CODE" }];
    expect(kinds(base, head)).toEqual(["metadata-changed"]);
  });

  it("does not report a nested key removed while the head writes a property's or the object's list as no list", () => {
    const base = nestedKeys();
    const head = clone(base);
    delete shippingRef(head).relationships;
    head.schema[0].relationships = { from: "schema/orders_obj/properties/shipping_prop/properties/ship_cust", to: "customers.customer_id" };
    expect(kinds(base, head)).toEqual([]);
  });
});

describe("a foreign key added over a column the same version adds", () => {
  const bumps = (base: Json, head: Json) => diffContracts(base, head).map((c) => [c.kind, c.element]);

  it("is the same change written on the new property or on its object: the column's addition, no new guarantee for old rows", () => {
    const base = withPropertyKey();
    const onProperty = clone(base);
    onProperty.schema[0].properties.push({ name: "referrer_id", logicalType: "string", relationships: [{ to: "customers.customer_id" }] });
    const onObject = clone(base);
    onObject.schema[0].properties.push({ name: "referrer_id", logicalType: "string" });
    onObject.schema[0].relationships = [{ from: "orders.referrer_id", to: "customers.customer_id" }];
    expect(bumps(base, onProperty)).toEqual([["property-added-optional", "orders.referrer_id"]]);
    expect(bumps(base, onObject)).toEqual([
      ["metadata-changed", "orders"],
      ["property-added-optional", "orders.referrer_id"],
    ]);
  });

  it("covers a composite key one of whose columns is new, and a nested field added inside an existing struct", () => {
    const base = baseContract();
    base.schema[0].id = "orders_obj";
    base.schema[0].properties.push({ id: "ship", name: "shipping", logicalType: "object", properties: [{ id: "city", name: "city", logicalType: "string" }] });
    const head = clone(base);
    head.schema[0].properties.push({ name: "region", logicalType: "string" });
    prop(head, "shipping").properties.push({ id: "zip", name: "zip", logicalType: "string" });
    head.schema[0].relationships = [
      { from: ["orders.order_id", "orders.region"], to: ["customers.customer_id", "customers.region"] },
      { from: "schema/orders_obj/properties/ship/properties/zip", to: "zips.zip" },
    ];
    expect(kinds(base, head).filter((kind) => kind.startsWith("relationship"))).toEqual([]);
  });

  it("still reports a key added over columns the released version has, or over a renamed one, as relationship-added", () => {
    const base = withPropertyKey();
    const head = clone(base);
    head.schema[0].relationships = [{ from: "orders.email", to: "customers.customer_id" }];
    expect(kinds(base, head)).toEqual(["relationship-added"]);
    const renamed = clone(base);
    Object.assign(prop(renamed, "email"), { name: "mail", customProperties: [{ property: "renamedFrom", value: "email" }] });
    renamed.schema[0].relationships = [{ from: "orders.mail", to: "customers.customer_id" }];
    expect(kinds(base, renamed).sort()).toEqual(["property-renamed", "relationship-added"]);
  });
});

describe("shorthand references into deeply nested properties", () => {
  /** A table whose properties nest `depth` deep, each level named `n<i>` and physically `p<i>`; `reads` counts how often a name is read. */
  function nested(depth: number): { schema: Json[]; reads: { count: number } } {
    const reads = { count: 0 };
    const level = (i: number): Json => {
      const element: Json = { logicalType: i === depth ? "string" : "object" };
      for (const [key, value] of [["name", `n${i}`], ["physicalName", `p${i}`]] as const) {
        Object.defineProperty(element, key, { enumerable: true, get: () => (reads.count++, value) });
      }
      if (i < depth) element.properties = [level(i + 1)];
      return element;
    };
    return { schema: [{ name: "t", physicalName: "t_phys", properties: [level(0)] }], reads };
  }

  it("follows a reference naming each level by its name or its physicalName, without listing every combination", () => {
    const depth = 16;
    const { schema, reads } = nested(depth);
    const index = referenceIndex(schema);
    const column = `t_phys.${Array.from({ length: depth + 1 }, (_, i) => `p${i}`).join(".")}`;
    const mixed = `t.${Array.from({ length: depth + 1 }, (_, i) => (i % 2 === 0 ? `n${i}` : `p${i}`)).join(".")}`;
    expect(index.get(mixed)).toBe(column);
    expect(index.get(`t_phys.${Array.from({ length: depth + 1 }, (_, i) => `n${i}`).join(".")}`)).toBe(column);
    expect(index.get("t.n0.p2")).toBeUndefined();
    // Each level's names are read a few times, not once per way of writing the levels above (2^16 of them):
    // a contract nested 24 deep with both names at every level took minutes and gigabytes.
    expect(reads.count).toBeLessThan(10 * (depth + 1));
  });
});
