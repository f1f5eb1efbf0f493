import { describe, expect, it } from "vitest";
import { diffContracts } from "./diff.js";
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
