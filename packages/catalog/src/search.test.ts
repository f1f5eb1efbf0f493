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

  it("finds a product by the id of a contract it serves, whole or by its first words", async () => {
    const byContract = tempDir();
    const contractId = "53581432-6c55-4ba2-a65f-72344a91553a";
    await publishProducts({
      target: `dir:${byContract}`,
      products: [...productDocuments({ id: "payments", domain: "finance", contractId }), ...productDocuments({ id: "invoices", domain: "finance" })],
      publisher: publisher(),
    });
    expect(searchCatalog(byContract, contractId).hits.map((h) => h.id)).toEqual(["payments"]);
    expect(searchCatalog(byContract, "53581432").hits.map((h) => h.id)).toEqual(["payments"]);
    expect(searchCatalog(byContract, "invoices-contract").hits.map((h) => h.id)).toEqual(["invoices"]);
  });

  it("says which columns matched", () => {
    expect(searchCatalog(catalog, "email").hits).toMatchObject([{ id: "orders", columns: ["orders_rows.customer_email"] }]);
    expect(searchCatalog(catalog, "customer_id").hits[0]).toMatchObject({ id: "customers", columns: ["customers_rows.customer_id"] });
  });

  it("does not name a column whose matching words another column matches too, and more", async () => {
    const german = tempDir();
    await publishProducts({ target: `dir:${german}`, products: productDocuments({ id: "bestellungen", domain: "sales", columns: [{ name: "montant_eur" }, { name: "e_mail_kunde" }, { name: "order_id" }] }), publisher: publisher() });
    const columnsFor = (query: string) => searchCatalog(german, query).hits[0]?.columns;
    // `e_mail` is `e` + `mail`: `montant_eur` matches only the `e` that `e_mail_kunde` matches too.
    expect(columnsFor("e_mail")).toEqual(["bestellungen_rows.e_mail_kunde"]);
    // Columns matching different words are each named.
    expect(columnsFor("order_id e_mail")).toEqual(["bestellungen_rows.e_mail_kunde", "bestellungen_rows.order_id"]);
    expect(columnsFor("eur")).toEqual(["bestellungen_rows.montant_eur"]);
  });

  it("finds camelCase and PascalCase columns and words by the words inside them, and still by the whole word", async () => {
    const camel = tempDir();
    const columns = [{ name: "customerEmailAddress", tags: ["pii"] }, { name: "orderID" }, { name: "totalAmountEUR" }, { name: "ShippingCountry" }];
    await publishProducts({ target: `dir:${camel}`, products: productDocuments({ id: "webOrders", domain: "sales", description: "Orders keyed by their shopOrderRef.", columns }), publisher: publisher() });
    const columnsFor = (query: string) => searchCatalog(camel, query).hits.map((h) => h.columns);
    expect(columnsFor("email")).toEqual([["webOrders_rows.customerEmailAddress"]]);
    expect(columnsFor("Email Address")).toEqual([["webOrders_rows.customerEmailAddress"]]);
    expect(columnsFor("amount eur")).toEqual([["webOrders_rows.totalAmountEUR"]]);
    expect(columnsFor("order id")).toEqual([["webOrders_rows.orderID"]]);
    expect(columnsFor("country")).toEqual([["webOrders_rows.ShippingCountry"]]);
    // The whole word still matches, typed in any case, and the name counts as the name.
    expect(columnsFor("customeremail")).toEqual([["webOrders_rows.customerEmailAddress"]]);
    expect(columnsFor("customerEmailAddress")).toEqual([["webOrders_rows.customerEmailAddress"]]);
    expect(searchCatalog(camel, "orders").hits.map((h) => h.id)).toEqual(["webOrders"]);
    // Descriptions too.
    expect(searchCatalog(camel, "ref").hits.map((h) => h.id)).toEqual(["webOrders"]);
  });

  it("ranks the product whose id is the query first, over one named with the same word", async () => {
    const shop = tempDir();
    await publishProducts({ target: `dir:${shop}`, products: [...productDocuments({ id: "orders", name: "Web shop orders" }), ...productDocuments({ id: "orders-archive", name: "Orders archive" })], publisher: publisher() });
    expect(searchCatalog(shop, "orders").hits.map((h) => h.id)).toEqual(["orders", "orders-archive"]);
  });

  it("names the closest matching columns first, since only five are named: the exact name, then whole words, then prefixes", async () => {
    const people = tempDir();
    const names = ["emailing_batch", "email_verified_at", "emails_sent", "email_opt_in", "mailbox_email_x", "user_email", "email"];
    await publishProducts({ target: `dir:${people}`, products: productDocuments({ id: "people", domain: "crm", columns: names.map((name) => ({ name })) }), publisher: publisher() });
    expect(searchCatalog(people, "EMAIL").hits[0]?.columns).toEqual(["people_rows.email", "people_rows.email_verified_at", "people_rows.email_opt_in", "people_rows.mailbox_email_x", "people_rows.user_email"]);
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

  it("folds the letters that carry their accent in their shape, so a name is found as typed on any keyboard", () => {
    const { tokenize } = createSearchEngine();
    expect(tokenize("Søren Ørsted · Łódź · Straße · Æble · Œuvre · Þór")).toEqual(["soren", "orsted", "lodz", "strasse", "aeble", "oeuvre", "thor"]);
    expect(tokenize("İstanbul")).toEqual(["istanbul"]);
  });

  it("keeps a word whole across its combining marks (Indic vowel signs), instead of cutting it into letters", () => {
    const { tokenize } = createSearchEngine();
    expect(tokenize("हिन्दी डेटा")).toHaveLength(2);
    // Cut into letters, `ह` alone would prefix-match every word starting with it.
    const index = { kind: "meshkit-catalog-search", version: 1, products: [{ id: "h", name: "हवा", domain: "", version: "1.0.0", status: "active", quality: null, owner: "", purpose: "", tags: [], url: "", columns: [], fields: { name: "हवा h", domain: "", status: "active", tags: "", owners: "", columns: "", text: "" } }] } as const;
    expect(createSearchEngine().search(index as never, "हिन्दी")).toEqual([]);
  });

  it("finds a word inside a run of Chinese, Japanese or Thai, which are written without spaces", async () => {
    const cjk = tempDir();
    const columns = [{ name: "顧客番号" }, { name: "注文日" }];
    await publishProducts({
      target: `dir:${cjk}`,
      products: [
        ...productDocuments({ id: "kokyaku", name: "顧客分析データ", domain: "marketing", description: "โครงการวิเคราะห์ลูกค้า", columns }),
        ...productDocuments({ id: "zaiko", name: "在庫スナップショット", domain: "supply", columns: [{ name: "倉庫コード" }] }),
      ],
      publisher: publisher(),
    });
    const ids = (query: string) => searchCatalog(cjk, query).hits.map((h) => h.id);
    expect(ids("分析")).toEqual(["kokyaku"]);
    expect(ids("データ")).toEqual(["kokyaku"]);
    expect(ids("スナップ")).toEqual(["zaiko"]);
    expect(ids("วิเคราะห์")).toEqual(["kokyaku"]);
    expect(searchCatalog(cjk, "番号").hits[0]?.columns).toEqual(["顧客分析データ_rows.顧客番号"]);
    expect(searchCatalog(cjk, "コード").hits[0]?.columns).toEqual(["在庫スナップショット_rows.倉庫コード"]);
    // From its start, as before; and a word of neither product finds nothing.
    expect(ids("顧客")).toEqual(["kokyaku"]);
    expect(ids("分解")).toEqual([]);
  });

  it("finds an owner by the name typed without its special letters", async () => {
    const owned = tempDir();
    const [product, contract] = productDocuments({ id: "ledger", domain: "finance" });
    (product!.value as { team: { name: string; members: { username: string; name: string; role: string }[] } }).team = { name: "finans-teamet", members: [{ username: "sk", name: "Søren Kierkegaard", role: "owner" }] };
    await publishProducts({ target: `dir:${owned}`, products: [product!, contract!], publisher: publisher() });
    expect(searchCatalog(owned, "soren kierkegaard").hits.map((h) => h.id)).toEqual(["ledger"]);
    expect(searchCatalog(owned, "SØREN").hits.map((h) => h.id)).toEqual(["ledger"]);
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

  it("finds a product by the name and description of an output port, which its consumers and the lineage graph name it by", async () => {
    const [product, contract] = productDocuments({ id: "shipping", domain: "logistics" });
    const value = product!.value as { outputPorts: { name: string; description?: string }[] };
    value.outputPorts[0]!.name = "parcel_scans_api";
    value.outputPorts[0]!.description = "Scan events as a Kafka topic";
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: [product!, contract!], publisher: publisher() });
    for (const query of ["parcel_scans_api", "parcel scans", "kafka topic"]) expect(searchCatalog(dir, query).hits.map((h) => h.id)).toEqual(["shipping"]);
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
    // The status the card shows is searched too: a consumer finds what to move off, or what is not built yet.
    expect(searchCatalog(statuses, "deprecated").hits.map((h) => h.id)).toEqual(["orders_next"]);
    expect(searchCatalog(statuses, "retired orders").hits.map((h) => h.id)).toEqual(["orders_old"]);
    expect(searchCatalog(statuses, "active").hits.map((h) => h.id)).toEqual(["orders_new"]);
  });

  it("a catalog folder that does not exist is a one-line error", () => {
    expect(() => searchCatalog(`${catalog}/nope`, "x")).toThrow(UsageError);
  });
});
