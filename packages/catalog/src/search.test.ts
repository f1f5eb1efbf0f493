import { UsageError } from "@meshkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { publishProducts } from "./publish.js";
import { createSearchEngine, searchCatalog, searchTextOutput } from "./search.js";
import { productDocuments, publisher, tempDir } from "./test-support.js";

describe("searchCatalog", () => {
  let catalog: string;
  const ids = (query: string) => searchCatalog(catalog, query).hits.map((h) => h.id);

  beforeAll(async () => {
    catalog = tempDir();
    await publishProducts({
      target: `dir:${catalog}`,
      products: [
        ...productDocuments({ id: "orders", domain: "sales", tags: ["sales", "gold"], description: "Every order placed in the web shop.", columns: [{ name: "order_id" }, { name: "customer_email", tags: ["pii"], classification: "restricted" }] }),
        ...productDocuments({ id: "customers", domain: "crm", team: "crm-core", description: "Customer master data.", columns: [{ name: "customer_id" }, { name: "full_name" }] }),
        ...productDocuments({ id: "refunds", domain: "finance", description: "Refunds of orders, with the order they refund.", columns: [{ name: "refund_id" }, { name: "order_ref" }] }),
        ...productDocuments({ id: "café_visits", domain: "retail", description: "Visits per store.", columns: [{ name: "store_id" }] }),
      ],
      publisher: publisher(),
    });
  });

  it("ranks a name match above a column match above a description match", () => {
    expect(ids("customer")).toEqual(["customers", "orders"]);
    expect(ids("order")).toEqual(["orders", "refunds"]);
    expect(searchCatalog(catalog, "orders").hits[0]).toMatchObject({ id: "orders", url: "products/orders.html", domain: "sales" });
  });

  it("needs every query token to match somewhere (prefixes count), case and accents ignored", () => {
    expect(ids("ord ref")).toEqual(["refunds"]);
    expect(ids("ORDER web")).toEqual(["orders"]);
    expect(ids("cafe")).toEqual(["café_visits"]);
    expect(ids("Café visits")).toEqual(["café_visits"]);
    expect(ids("orders crm")).toEqual([]);
  });

  it("finds products by owner, tag and domain", () => {
    expect(ids("crm-core")).toEqual(["customers"]);
    expect(ids("olivia")).toHaveLength(4);
    expect(ids("gold")).toEqual(["orders"]);
    expect(ids("pii")).toEqual(["orders"]);
    expect(ids("finance")).toEqual(["refunds"]);
  });

  it("says which columns matched", () => {
    expect(searchCatalog(catalog, "email").hits).toMatchObject([{ id: "orders", columns: ["orders_rows.customer_email"] }]);
    expect(searchCatalog(catalog, "customer_id").hits[0]).toMatchObject({ id: "customers", columns: ["customers_rows.customer_id"] });
  });

  it("names the column a hit matched through its tag, not only through its name", () => {
    expect(searchCatalog(catalog, "pii").hits).toMatchObject([{ id: "orders", columns: ["orders_rows.customer_email"] }]);
    expect(searchTextOutput("pii", searchCatalog(catalog, "pii")).stdout).toContain("columns: orders_rows.customer_email");
  });

  it("lists every product in catalog order for an empty query, and honours a limit", () => {
    // domain, then name: crm, finance, retail, sales
    expect(ids("  ")).toEqual(["customers", "refunds", "café_visits", "orders"]);
    expect(searchCatalog(catalog, "o", { limit: 2 }).hits).toHaveLength(2);
  });

  it("tokenizes like the site: snake_case and punctuation split, letters and digits kept", () => {
    expect(createSearchEngine().tokenize("customer_360 / Ünïcode-Name.v2")).toEqual(["customer", "360", "unicode", "name", "v2"]);
  });

  it("finds a product by the tags of its output ports, contracts and tables, not only its own and its columns'", async () => {
    const [product, contract] = productDocuments({ id: "payments", domain: "finance", tags: ["finance"] });
    const value = product!.value as { outputPorts: { tags?: string[] }[] };
    value.outputPorts[0]!.tags = ["gold-tier"];
    const odcs = contract!.value as { tags?: string[]; schema: { tags?: string[] }[] };
    odcs.tags = ["transactions"];
    odcs.schema[0]!.tags = ["receivers"];
    const tagged = tempDir();
    await publishProducts({ target: `dir:${tagged}`, products: [product!, contract!], publisher: publisher() });
    for (const tag of ["gold", "transactions", "receivers"]) expect(searchCatalog(tagged, tag).hits.map((h) => h.id)).toEqual(["payments"]);
  });

  it("says when a product found is not active (retired, deprecated), as the site's cards do; an active one says nothing", async () => {
    const statuses = tempDir();
    const withStatus = (id: string, status: string) => {
      const [product, contract] = productDocuments({ id, domain: "sales", description: "Orders of the shop." });
      (product!.value as { status: string }).status = status;
      return [product!, contract!];
    };
    await publishProducts({ target: `dir:${statuses}`, products: [...withStatus("orders_old", "retired"), ...withStatus("orders_new", "active"), ...withStatus("orders_next", "Deprecated")], publisher: publisher() });
    const result = searchCatalog(statuses, "orders");
    expect(Object.fromEntries(result.hits.map((h) => [h.id, h.status]))).toEqual({ orders_old: "retired", orders_new: "active", orders_next: "Deprecated" });
    expect(searchTextOutput("orders", result).stdout.split("\n").filter(Boolean).sort()).toEqual([
      "sales/orders_new 1.0.0  owner sales-team",
      "sales/orders_next 1.0.0 (Deprecated)  owner sales-team",
      "sales/orders_old 1.0.0 (retired)  owner sales-team",
    ]);
  });

  it("a catalog folder that does not exist is a one-line error", () => {
    expect(() => searchCatalog(`${catalog}/nope`, "x")).toThrow(UsageError);
  });
});
