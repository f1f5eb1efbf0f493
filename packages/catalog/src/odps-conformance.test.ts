/**
 * Conformance of catalog-publish with ODPS 1.0.0 (and the ODCS 3.x contracts its ports name): the
 * official ODPS examples (read from ../shared/reference/odps, never copied) publish to every target —
 * the dir catalog and its site, DataHub, OpenMetadata and Backstage — and the fields ODPS defines
 * (optional version and domain, statuses, ports with and without contracts, several versions of a
 * port, management ports, custom properties, support channels, team members, tags, authoritative
 * definitions, input ports) reach the places a consumer looks.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type LoadedDocument, validateProductSchema } from "@meshkit/core";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { buildBackstageEntities } from "./backstage.js";
import { CatalogContentError } from "./content-error.js";
import { DATAHUB_TOKEN_ENV, type DataHubProposal, type ProductDocuments, buildDataHubPlan } from "./datahub.js";
import { DATAHUB_REFERENCE_DIR, type DataHubSchemaChecker, loadDataHubSchemaChecker, readGoldenProposals, shapeOf, startGmsServer } from "./datahub-test-support.js";
import { publishToCatalog } from "./deliver.js";
import { type CatalogEntry, assembleProducts, versionLabel } from "./entry.js";
import { OPENMETADATA_TOKEN_ENV, buildOpenMetadataPlan } from "./openmetadata.js";
import { type OpenMetadataServer, startOpenMetadataServer } from "./openmetadata-test-support.js";
import { entryPath } from "./paths.js";
import { publishProducts } from "./publish.js";
import { productPagePath, searchCatalog } from "./search.js";
import { buildSite } from "./site/build.js";
import { readCatalogDir } from "./store.js";
import { parseCatalogTarget } from "./targets/target.js";
import { ODPS_REFERENCE_DIR, documentsOf, officialOdpsExamples, publisher, tempDir } from "./test-support.js";

const CUSTOMER = "fbe8d147-28db-4f1d-bedf-a3fe9f458427";
const SIMPLE = "064c4630-8aad-4dc0-ba95-0f69940e6b18";
const DH_TOKEN = "dh-odps-token";
const OM_TOKEN = "om-odps-token";
const env = { [DATAHUB_TOKEN_ENV]: DH_TOKEN, [OPENMETADATA_TOKEN_ENV]: OM_TOKEN };
const http = { sleep: async () => {}, retries: 1, backoffMs: 1 };
const cwd = process.cwd();

let checker: DataHubSchemaChecker;
beforeAll(() => {
  checker = loadDataHubSchemaChecker(DATAHUB_REFERENCE_DIR);
});

const aspectOf = (p: DataHubProposal | unknown): Record<string, unknown> => JSON.parse((p as DataHubProposal).aspect.value) as Record<string, unknown>;
const errorsOf = (findings: readonly { severity: string }[]) => findings.filter((f) => f.severity === "error");
const rules = (findings: readonly { ruleId: string; severity: string }[]) => [...new Set(findings.map((f) => `${f.severity} ${f.ruleId}`))].sort();
const entryOf = (dir: string, id: string): CatalogEntry => {
  const entry = readCatalogDir(dir).entries.filter((e) => e.id === id).at(-1);
  if (!entry) throw new Error(`no entry of ${id}`);
  return entry;
};
/** The text of an HTML page without tags, whitespace collapsed. */
const textOf = (page: string) => page.replace(/<svg[\s\S]*?<\/svg>/g, " ").replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/\s+/g, " ");
const section = (page: string, id: string) => {
  const start = page.indexOf(`<section id="${id}">`);
  return start === -1 ? "" : page.slice(start, page.indexOf("</section>", start));
};

// ---------------------------------------------------------------------------------------------
// A product of our own, built field by field from ODPS 1.0.0
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function contractValue(id: string, version: string, table: string, extra: Json = {}): Json {
  return {
    apiVersion: "v3.1.0",
    kind: "DataContract",
    id,
    version,
    status: "active",
    name: table,
    servers: [{ server: "warehouse", type: "postgres", environment: "prod", host: "db.example", port: 5432, database: "analytics", schema: "sales" }],
    schema: [{ name: table, physicalName: table, physicalType: "table", properties: [{ name: "order_id", logicalType: "string", primaryKey: true, required: true }] }],
    ...extra,
  };
}

function productValue(extra: Json = {}): Json {
  return {
    apiVersion: "v1.0.0",
    kind: "DataProduct",
    id: "orders-product",
    name: "orders",
    version: "1.0.0",
    status: "active",
    domain: "sales",
    description: { purpose: "Every order placed in a shop." },
    outputPorts: [{ name: "orders", version: "1.0.0", type: "tables", contractId: "orders-contract" }],
    team: { name: "sales-data", members: [{ username: "ann@example.com", name: "Ann", role: "owner" }] },
    ...extra,
  };
}

function docsWith(product: Json, contracts: Json[] = [contractValue("orders-contract", "1.0.0", "orders")]): LoadedDocument[] {
  return [...documentsOf("product.odps.yaml", product), ...contracts.flatMap((c, i) => documentsOf(`contract-${i}.odcs.yaml`, c))];
}

async function publishDir(docs: readonly LoadedDocument[], dir = tempDir(), now = new Date("2026-07-01T08:00:00Z")) {
  const result = await publishProducts({ target: `dir:${dir}`, products: docs, publisher: publisher({ now }) });
  return { dir, result };
}

function siteOf(dir: string): { page: (id: string) => string; index: string } {
  const out = tempDir("catalog-site-");
  buildSite(dir, out);
  return { page: (id) => readFileSync(join(out, productPagePath(id)), "utf8"), index: readFileSync(join(out, "index.html"), "utf8") };
}

function bundleDocs(docs: readonly LoadedDocument[]): ProductDocuments {
  const { bundles } = assembleProducts(docs);
  const bundle = bundles[0];
  if (!bundle) throw new Error("no product");
  return { product: bundle.product, contracts: bundle.contracts, missingContracts: "skip" };
}

// ---------------------------------------------------------------------------------------------
// The official examples
// ---------------------------------------------------------------------------------------------

describe("the official ODPS examples", () => {
  const examples = officialOdpsExamples();

  it("are valid ODPS (the reference copies are what ODPS 1.0.0's schema accepts: no version, no domain are allowed)", () => {
    expect(examples.map((d) => [d.file, d.kind.type])).toEqual([
      ["customer-data-product.odps.yaml", "DataProduct"],
      ["simple-data-product.odps.yaml", "DataProduct"],
    ]);
    for (const doc of examples) expect(validateProductSchema(doc.value)).toEqual([]);
    const schema = JSON.parse(readFileSync(join(ODPS_REFERENCE_DIR, "schema/odps-json-schema-v1.0.0.json"), "utf8")) as { required: string[] };
    expect(schema.required).toEqual(["apiVersion", "kind", "id", "status"]);
  });

  it("publish to a dir catalog with warnings only: the customer product unversioned, the simple one without domain", async () => {
    const { dir, result } = await publishDir(examples);
    expect(errorsOf(result.findings)).toEqual([]);
    expect(rules(result.findings)).toEqual(["warning catalog-contract-missing", "warning catalog-product-incomplete"]);
    expect(result.findings.filter((f) => f.ruleId === "catalog-product-incomplete").map((f) => [f.file, f.message.split(":")[0]])).toEqual([
      ["customer-data-product.odps.yaml", `Data product ${CUSTOMER} has no version`],
      ["simple-data-product.odps.yaml", `Data product ${SIMPLE} has no domain`],
    ]);
    expect(result.changes.map((c) => [c.action, c.message])).toEqual([
      ["add-product", "Customer Data Product unversioned (seller): new product"],
      ["add-product", "Simple Data Product v1.0.0 (no domain): new product"],
    ]);
    expect(result.files).toEqual([entryPath(CUSTOMER, ""), entryPath(SIMPLE, "v1.0.0"), "index.json"]);
    expect(entryPath(CUSTOMER, "")).toBe(`products/${CUSTOMER}/~.json`);

    const customer = entryOf(dir, CUSTOMER);
    expect(customer).toMatchObject({ name: "Customer Data Product", productVersion: "", domain: "seller", status: "draft", contracts: [], quality: null });
    // The document is kept as published: every port, the management port, the team.
    expect(customer.product.outputPorts).toHaveLength(4);
    expect(customer.product.managementPorts?.[0]).toMatchObject({ name: "tpc-dict-update", content: "dictionary", type: "topic" });
    const simple = entryOf(dir, SIMPLE);
    expect(simple).toMatchObject({ name: "Simple Data Product", productVersion: "v1.0.0", domain: "", status: "active" });

    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as { products: { id: string; domain: string; latestVersion: string }[] };
    expect(index.products.map((p) => [p.id, p.domain, p.latestVersion])).toEqual([
      [SIMPLE, "", "v1.0.0"],
      [CUSTOMER, "seller", ""],
    ]);

    // Publishing the same documents again writes nothing.
    const again = await publishProducts({ target: `dir:${dir}`, products: examples, publisher: publisher({ now: new Date("2026-07-02T08:00:00Z") }) });
    expect(again.changes.map((c) => c.action)).toEqual(["unchanged", "unchanged"]);
    expect(again.written).toBe(false);
  });

  it("build a site page each: versions and domains as a consumer reads them, the status, the management port, the ports and the team", async () => {
    const { dir } = await publishDir(examples);
    const site = siteOf(dir);
    const customer = site.page(CUSTOMER);
    expect(customer).toContain('<span class="badge" id="product-version">unversioned</span>');
    expect(customer).toContain('id="status-notice"');
    expect(textOf(section(customer, "overview"))).toContain("this product declares no version");
    expect(textOf(section(customer, "overview"))).toContain("created 2023-01-15 10:30:00 UTC");
    const management = textOf(section(customer, "management-ports"));
    expect(management).toContain("Management ports");
    expect(management).toContain("tpc-dict-update kafka dictionary topic");
    expect(management).toContain("Kafka topic for dictionary updates");
    expect(section(customer, "management-ports")).toContain('<a href="https://mykafka/topic" rel="noopener">kafka_topic</a>');
    const ports = textOf(section(customer, "output-ports"));
    for (const port of ["rawtransactions 1.0.0", "rawtransactions transactions 2.0.0", "consolidatedtransactions 1.0.0", "fulltransactionswithreturns 0.3.0"]) expect(ports).toContain(port);
    expect(ports).toContain("(not published with the product)");
    expect(section(customer, "output-ports")).toContain('<a href="https://mysbomserver/mysbom" rel="noopener">');
    expect(section(customer, "output-ports")).toContain('<a href="https://mydata/dictionary" rel="noopener">data_dictionary</a>');
    const inputs = textOf(section(customer, "lineage"));
    for (const port of ["payments 1.0.0", "payments 2.0.0", "onlinetransactions 1.0.0", "onlinetransactions transactions 1.1.0"]) expect(inputs).toContain(port);
    expect(inputs).toContain("Definitions: data_dictionary Properties: transactions_version = 1.1.0");
    const owners = textOf(section(customer, "owners"));
    expect(owners).toContain("Team Data Team");
    expect(owners).toContain("John Doe john.doe@retailcorp.com owner");
    expect(owners).toContain("Jane Smith jane.smith@retailcorp.com data steward");
    expect(section(customer, "owners")).toContain('<a href="mailto:data-support@retailcorp.com" rel="noopener">');

    const simple = site.page(SIMPLE);
    expect(simple).toContain('<span class="badge" id="product-version">v1.0.0</span>');
    expect(simple).not.toContain("vv1.0.0");
    expect(simple).toContain(">no domain</span>");
    expect(simple).not.toContain('id="status-notice"');
    expect(simple).not.toContain('id="management-ports"');

    expect(site.index).toContain("2 products in 1 domain");
    expect(site.index).not.toContain(">vv1.0.0<");
    expect(site.index).toContain('<span class="badge">unversioned</span>');
    expect(site.index).toContain('<span class="badge status" data-status="draft">draft</span>');

    const hits = searchCatalog(dir, "transactions").hits.map((h) => [h.id, h.version, h.domain]);
    expect(hits).toEqual([[CUSTOMER, "", "seller"]]);
  });

  it("publish to DataHub: conformant proposals for both, no domain aspect where ODPS gives none, the management port as a custom property", async () => {
    const gms = await startGmsServer({ token: DH_TOKEN });
    try {
      const result = await publishToCatalog({ target: `datahub:${gms.url}`, cwd, products: examples, publisher: publisher(), env, http });
      expect(errorsOf(result.findings)).toEqual([]);
      expect(result.changes.map((c) => c.message)).toEqual([
        "Customer Data Product unversioned (seller): sent 5 metadata change proposals",
        "Simple Data Product v1.0.0 (no domain): sent 3 metadata change proposals",
      ]);
      expect(gms.accepted).toHaveLength(8);
      for (const proposal of gms.accepted) expect(checker.checkProposal(proposal)).toEqual([]);
      const byUrn = (id: string) => (gms.accepted as DataHubProposal[]).filter((p) => p.entityUrn === `urn:li:dataProduct:${id}`);
      expect(byUrn(CUSTOMER).map((p) => p.aspectName)).toEqual(["domains", "ownership", "globalTags", "status", "dataProductProperties"]);
      // The simple product names no owners: no ownership aspect, which would wipe owners curated in DataHub.
      expect(byUrn(SIMPLE).map((p) => p.aspectName)).toEqual(["globalTags", "status", "dataProductProperties"]);
      const customer = aspectOf(byUrn(CUSTOMER).at(-1)) as { name: string; customProperties: Record<string, string>; assets: unknown[] };
      expect(customer.name).toBe("Customer Data Product");
      expect(customer.assets).toEqual([]);
      expect(customer.customProperties).toMatchObject({ product_id: CUSTOMER, status: "draft", domain: "seller", management_ports: "tpc-dict-update (dictionary, topic)" });
      expect(customer.customProperties.version).toBeUndefined();
      expect(aspectOf(byUrn(SIMPLE).at(-1)).customProperties).toMatchObject({ version: "v1.0.0", status: "active" });
      expect(aspectOf(byUrn(CUSTOMER)[1])).toMatchObject({
        owners: [
          { owner: "urn:li:corpGroup:Data Team", type: "TECHNICAL_OWNER" },
          { owner: "urn:li:corpuser:john.doe@retailcorp.com", type: "BUSINESS_OWNER" },
          { owner: "urn:li:corpuser:jane.smith@retailcorp.com", type: "DATA_STEWARD" },
        ],
      });

      // Shapes as in DataHub's golden files, where both have a path.
      const goldens = readGoldenProposals(DATAHUB_REFERENCE_DIR);
      for (const proposal of gms.accepted as DataHubProposal[]) {
        const golden = goldens.filter((g) => g.entityType === proposal.entityType && g.aspectName === proposal.aspectName);
        if (golden.length === 0) continue;
        const expected = new Map<string, Set<string>>();
        for (const g of golden) shapeOf(g.json, "", expected);
        for (const [at, kinds] of shapeOf(aspectOf(proposal))) {
          const want = expected.get(at);
          if (want) expect({ at, kinds: [...kinds].filter((k) => !want.has(k)) }).toEqual({ at, kinds: [] });
        }
      }
    } finally {
      await gms.close();
    }
  });

  it("publish to OpenMetadata: the simple product in the default domain (unassigned), or the one the target names", async () => {
    let om: OpenMetadataServer | undefined = await startOpenMetadataServer({ token: OM_TOKEN, teams: ["Data Team"] });
    try {
      const result = await publishToCatalog({ target: `openmetadata:${om.url}`, cwd, products: examples, publisher: publisher(), env, http });
      expect(errorsOf(result.findings)).toEqual([]);
      expect(result.changes.map((c) => c.message)).toEqual([
        "Customer Data Product unversioned (seller): upserted the domain, 0 of 0 data contracts, the data product",
        "Simple Data Product v1.0.0 (no domain): upserted the domain, 0 of 0 data contracts, the data product",
      ]);
      expect([...(om.store.get("domains")?.keys() ?? [])].sort()).toEqual(["seller", "unassigned"]);
      expect(om.store.get("dataProducts")?.get(CUSTOMER)).toMatchObject({ displayName: "Customer Data Product", domains: ["seller"] });
      expect(om.store.get("dataProducts")?.get(CUSTOMER)?.description).toContain("**Management ports**\n- tpc-dict-update (dictionary, topic) — Kafka topic for dictionary updates");
      expect(om.store.get("dataProducts")?.get(SIMPLE)).toMatchObject({ displayName: "Simple Data Product", domains: ["unassigned"] });
      expect(result.findings.filter((f) => f.ruleId === "catalog-target-incomplete").map((f) => [f.file, f.message.replace(om!.url, "OM")])).toEqual([
        [
          "simple-data-product.odps.yaml",
          'openmetadata:OM: the product names no domain, and OpenMetadata needs one for every data product: it is published in domain unassigned (created when missing); give the product a domain, or name the platform\'s default with domain=<name> after "#" in the openmetadata: target.',
        ],
      ]);
      await om.close();
      om = await startOpenMetadataServer({ token: OM_TOKEN, domains: ["shared"] });
      await publishToCatalog({ target: `openmetadata:${om.url}#domain=shared`, cwd, products: examples, publisher: publisher(), env, http });
      expect(om.store.get("dataProducts")?.get(SIMPLE)).toMatchObject({ domains: ["shared"] });
      expect(om.store.get("domains")?.get("shared")).toMatchObject({ description: "curated" });
    } finally {
      await om?.close();
    }
  });

  it("publish to Backstage: valid entities for both, the simple product owned by the default owner", async () => {
    const dir = tempDir("backstage-");
    const result = await publishToCatalog({ target: `backstage:${dir}`, cwd, products: examples, publisher: publisher(), env, http });
    expect(errorsOf(result.findings)).toEqual([]);
    expect(result.changes.map((c) => c.message)).toEqual(["Customer Data Product unversioned (seller): 3 Backstage entities", "Simple Data Product v1.0.0 (no domain): 1 Backstage entities"]);
    const customer = parse(readFileSync(join(dir, "products/Customer-Data-Product.yaml"), "utf8")) as { metadata: { annotations: Record<string, string>; links: { url: string; title: string }[] }; spec: Json };
    expect(customer.spec).toEqual({ owner: "group:default/Data-Team", domain: "seller" });
    // Its ports name no contract that is here: nothing was tested, which is no pass.
    expect(customer.metadata.annotations).toEqual({ "meshkit.io/product-id": CUSTOMER, "meshkit.io/status": "draft", "meshkit.io/quality-status": "untested", "meshkit.io/team-members": "user:default/john.doe, user:default/jane.smith" });
    expect(customer.metadata.links.map((l) => l.title)).toEqual(["Data Team Slack (slack)", "Email Support (email)"]);
    const simple = parse(readFileSync(join(dir, "products/Simple-Data-Product.yaml"), "utf8")) as { metadata: { annotations: Record<string, string> }; spec: Json };
    expect(simple.spec).toEqual({ owner: "group:default/unowned" });
    expect(simple.metadata.annotations["meshkit.io/product-version"]).toBe("v1.0.0");
    expect(readFileSync(join(dir, "groups/Data-Team.yaml"), "utf8")).toContain("user:default/john.doe");
    expect(result.findings.filter((f) => f.ruleId === "catalog-target-incomplete").map((f) => f.message.replace(dir, "DIR"))).toEqual([
      "backstage:DIR: the product names no team and no members: its entities are owned by group:default/unowned; add a team to the product.",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// ODPS 1.0.0, field by field
// ---------------------------------------------------------------------------------------------

describe("ODPS products and the catalog", () => {
  it("refuses what ODPS refuses: no id, no status, a blank id", () => {
    const { id: _id, ...noId } = productValue();
    const { status: _status, ...noStatus } = productValue();
    const found = [noId, noStatus, productValue({ id: "  " })].map((value) => assembleProducts(documentsOf("p.odps.yaml", value)));
    for (const { bundles } of found) expect(bundles).toEqual([]);
    expect(found.map(({ findings }) => findings.map((f) => `${f.severity} ${f.ruleId}`))).toEqual([["error catalog-product-invalid"], ["error catalog-product-invalid"], ["error catalog-product-invalid"]]);
    expect(found[0]!.findings[0]!.message).toMatch(/^This data product is not published: .*id/);
    expect(found[2]!.findings[0]!.message).toBe("This data product is not published: its `id` is blank, and catalogs know a product by its id. Give it a unique id (a UUID).");
  });

  it("accepts apiVersion v0.9.0 and a product without name (the id names it)", async () => {
    const { name: _name, ...rest } = productValue({ apiVersion: "v0.9.0" });
    const { dir, result } = await publishDir(docsWith(rest));
    expect(result.findings).toEqual([]);
    expect(entryOf(dir, "orders-product").name).toBe("orders-product");
  });

  it("keeps an unversioned product as one entry that later versions supersede, and says so", async () => {
    const { version: _version, ...unversioned } = productValue();
    const { dir } = await publishDir(docsWith(unversioned));
    const changed = await publishProducts({ target: `dir:${dir}`, products: docsWith({ ...unversioned, tags: ["new"] }), publisher: publisher() });
    expect(changed.changes.map((c) => c.message)).toEqual(["orders unversioned (sales): documents replaced (same version)"]);
    expect(changed.findings.find((f) => f.ruleId === "catalog-version-changed")?.message).toBe(
      "orders (unversioned) is already in the catalog with different documents; its entry is replaced. Give the product a version, and bump it when its documents change, so consumers can tell versions apart.",
    );
    const versioned = await publishProducts({ target: `dir:${dir}`, products: docsWith(productValue({ version: "1.0.0" })), publisher: publisher() });
    expect(versioned.changes.map((c) => c.message)).toEqual(["orders 1.0.0 (sales): new version after unversioned"]);
    const page = siteOf(dir).page("orders-product");
    expect(page).toContain('id="product-version">v1.0.0</span>');
    expect(textOf(section(page, "versions"))).toMatch(/1\.0\.0 latest .* unversioned /);
  });

  it("orders a v-prefixed version (the official example's v1.0.0) as the semver after the v", async () => {
    const { dir } = await publishDir(docsWith(productValue({ version: "v1.0.0" })));
    await publishProducts({ target: `dir:${dir}`, products: docsWith(productValue({ version: "0.9.0" })), publisher: publisher() });
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as { products: { latestVersion: string; versions: { version: string }[] }[] };
    expect(index.products[0]).toMatchObject({ latestVersion: "v1.0.0", versions: [{ version: "0.9.0" }, { version: "v1.0.0" }] });
    expect(versionLabel("v1.0.0")).toBe("v1.0.0");
    expect(versionLabel("1.0.0")).toBe("v1.0.0");
    expect(versionLabel("")).toBe("unversioned");
    // A version that is a word (ODPS does not require semver) is shown as written, on the cards and pages.
    expect(versionLabel("latest")).toBe("latest");
    expect(versionLabel("V2")).toBe("V2");
    const { dir: worded } = await publishDir(docsWith(productValue({ version: "latest" })));
    const site = siteOf(worded);
    expect(site.page("orders-product")).toContain('id="product-version">latest</span>');
    expect(site.index).toContain('<span class="badge">latest</span>');
    expect(site.index).not.toContain("vlatest");
  });

  it("lets a domain claim an id first published without one, and refuses a product without domain over an id a domain owns", async () => {
    const { domain: _domain, ...domainless } = productValue();
    const { dir } = await publishDir(docsWith(domainless));
    const claimed = await publishProducts({ target: `dir:${dir}`, products: docsWith(productValue({ version: "1.1.0" })), publisher: publisher() });
    expect(errorsOf(claimed.findings)).toEqual([]);
    expect(claimed.changes.map((c) => c.message)).toEqual(["orders 1.1.0 (sales): new version after 1.0.0"]);
    const refused = await publishProducts({ target: `dir:${dir}`, products: docsWith({ ...domainless, version: "1.2.0" }), publisher: publisher() });
    expect(refused.changes).toEqual([]);
    expect(refused.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["catalog-product-incomplete", "warning"],
      ["catalog-ownership", "error"],
    ]);
    expect(refused.findings[1]!.message).toContain("this product, which names no domain, may not publish it");
    // A domain publishing from another repository may not claim an id registered without domain.
    const fresh = tempDir();
    await publishProducts({ target: `dir:${fresh}`, products: docsWith(domainless), publisher: publisher({ repo: "acme/a" }) });
    const other = await publishProducts({ target: `dir:${fresh}`, products: docsWith(productValue({ version: "2.0.0" })), publisher: publisher({ repo: "acme/b" }) });
    expect(other.findings.map((f) => [f.ruleId, f.severity])).toEqual([["catalog-ownership", "error"]]);
    expect(other.findings[0]!.message).toContain("is registered in the catalog from repository acme/a; acme/b may not publish it");
  });

  for (const status of ["proposed", "draft", "deprecated", "retired"]) {
    it(`shows status ${status} on the card and the page, before anyone relies on the product`, async () => {
      const { dir } = await publishDir(docsWith(productValue({ status })));
      const site = siteOf(dir);
      expect(site.index).toContain(`<span class="badge status" data-status="${status}">${status}</span>`);
      const page = site.page("orders-product");
      expect(page).toContain(`<p class="notice status-${status}" id="status-notice" role="note">This product is ${status === "proposed" ? "proposed" : status === "draft" ? "a draft" : status}`);
      expect(page).toContain(`id="product-status" data-status="${status}">${status}</span>`);
    });
  }

  it("shows an unknown status as such, and none for active", async () => {
    const { dir } = await publishDir(docsWith(productValue({ status: "sunsetting" })));
    expect(siteOf(dir).page("orders-product")).toContain("This product&#39;s status is sunsetting: check with its owners before relying on it.");
    const active = await publishDir(docsWith(productValue({ status: "Active" })));
    const site = siteOf(active.dir);
    expect(site.page("orders-product")).not.toContain("status-notice");
    expect(site.index).not.toContain('class="badge status"');
  });

  it("soft-deletes a retired product and its datasets in DataHub (Status removed: true), and restores them when it is active again", () => {
    const docs = (status: string) => bundleDocs(docsWith(productValue({ status })));
    const statusOf = (plan: ReturnType<typeof buildDataHubPlan>) => plan.proposals.filter((p) => p.aspectName === "status").map((p) => [p.entityType, aspectOf(p).removed]);
    const retired = buildDataHubPlan(docs("retired"));
    expect(statusOf(retired)).toEqual([
      ["dataset", true],
      ["dataProduct", true],
    ]);
    for (const proposal of retired.proposals) expect(checker.checkProposal(proposal)).toEqual([]);
    for (const status of ["active", "deprecated", "draft", "proposed"]) {
      expect(statusOf(buildDataHubPlan(docs(status)))).toEqual([
        ["dataset", false],
        ["dataProduct", false],
      ]);
    }
    const deprecated = buildDataHubPlan(docs("deprecated"));
    expect(aspectOf(deprecated.datasets[0]!.proposals[0]).customProperties).toMatchObject({ product_status: "deprecated" });
    expect(aspectOf(deprecated.product.at(-1)).customProperties).toMatchObject({ status: "deprecated" });
  });

  it("keeps the product's status in Backstage and its contracts' lifecycle on the APIs", () => {
    const built = buildBackstageEntities(bundleDocs(docsWith(productValue({ status: "retired" }), [contractValue("orders-contract", "1.0.0", "orders", { status: "deprecated" })])));
    expect(built.system.metadata.annotations?.["meshkit.io/status"]).toBe("retired");
    expect(built.apis[0]?.spec.lifecycle).toBe("deprecated");
  });

  it("publishes an output port without contractId (ODPS makes it optional) with no finding, and lists it on the site", async () => {
    const value = productValue({ outputPorts: [{ name: "orders", version: "1.0.0", contractId: "orders-contract" }, { name: "events", version: "1.0.0", type: "topic", description: "Order events." }] });
    const { dir, result } = await publishDir(docsWith(value));
    expect(result.findings).toEqual([]);
    const ports = textOf(section(siteOf(dir).page("orders-product"), "output-ports"));
    expect(ports).toContain("events 1.0.0 topic no contract none declared Order events.");
    const docs = bundleDocs(docsWith(value));
    expect(buildDataHubPlan(docs).datasets.map((d) => d.object)).toEqual(["orders"]);
    expect(buildBackstageEntities(docs).resources.map((r) => r.metadata.name)).toEqual(["orders.orders"]);
    expect(buildOpenMetadataPlan(docs).contracts.map((c) => c.dataset.object)).toEqual(["orders"]);
  });

  it("publishes the rest of a product whose port names a contract that is not given, to every target", async () => {
    const value = productValue({ outputPorts: [{ name: "orders", version: "1.0.0", contractId: "orders-contract" }, { name: "refunds", version: "1.0.0", contractId: "refunds-contract" }] });
    const gms = await startGmsServer({ token: DH_TOKEN });
    try {
      const result = await publishToCatalog({ target: `datahub:${gms.url}`, cwd, products: docsWith(value), publisher: publisher(), env, http });
      expect(result.findings.map((f) => [f.ruleId, f.path])).toEqual([["catalog-contract-missing", "/outputPorts/1/contractId"]]);
      expect(new Set((gms.accepted as DataHubProposal[]).map((p) => p.entityUrn))).toEqual(new Set(["urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.sales.orders,PROD)", "urn:li:dataProduct:orders-product"]));
    } finally {
      await gms.close();
    }
    const backstage = await publishToCatalog({ target: `backstage:${tempDir()}`, cwd, products: docsWith(value), publisher: publisher(), env, http });
    expect(backstage.changes.map((c) => c.message)).toEqual(["orders 1.0.0 (sales): 5 Backstage entities"]);
    // The library function alone still refuses, unless asked to skip.
    const { bundles } = assembleProducts(docsWith(value));
    expect(() => buildDataHubPlan({ product: bundles[0]!.product, contracts: bundles[0]!.contracts })).toThrow(/refunds serves contract refunds-contract, which is not among the documents given/);
  });

  it("serves two versions of one output port, each with its own contract, in the entry, on the site and in the targets", async () => {
    const value = productValue({
      outputPorts: [
        { name: "orders", version: "1.0.0", type: "tables", contractId: "orders-v1" },
        { name: "orders", version: "2.0.0", type: "tables", contractId: "orders-v2", tags: ["v2"] },
      ],
    });
    const docs = docsWith(value, [contractValue("orders-v1", "1.0.0", "orders"), contractValue("orders-v2", "2.0.0", "orders", { schema: [{ name: "orders", physicalName: "orders_v2", properties: [{ name: "order_id", logicalType: "string" }] }] })]);
    const { dir, result } = await publishDir(docs);
    expect(result.findings).toEqual([]);
    expect(entryOf(dir, "orders-product").contracts.map((c) => [c.id, c.version])).toEqual([
      ["orders-v1", "1.0.0"],
      ["orders-v2", "2.0.0"],
    ]);
    const page = siteOf(dir).page("orders-product");
    expect(textOf(section(page, "schema"))).toContain("contract orders v2.0.0, table orders_v2");
    expect(buildDataHubPlan(bundleDocs(docs)).datasets.map((d) => d.urn)).toEqual([
      "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.sales.orders,PROD)",
      "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.sales.orders_v2,PROD)",
    ]);
  });

  it("describes a table two versions of one port share by the newest version, in DataHub and Backstage, instead of refusing the product", async () => {
    const value = productValue({
      outputPorts: [
        { name: "orders", version: "2.0.0", contractId: "orders-v2" },
        { name: "orders", version: "1.0.0", contractId: "orders-v1" },
      ],
    });
    const docs = docsWith(value, [contractValue("orders-v1", "1.0.0", "orders"), contractValue("orders-v2", "2.0.0", "orders")]);
    const plan = buildDataHubPlan(bundleDocs(docs));
    expect(plan.datasets).toHaveLength(1);
    expect(aspectOf(plan.datasets[0]!.proposals[0]).customProperties).toMatchObject({ contract_id: "orders-v2", output_port: "orders@2.0.0" });
    expect(plan.notes).toEqual(["output port orders versions 2.0.0 and 1.0.0 both locate urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.sales.orders,PROD): DataHub gets version 2.0.0's description of it"]);
    const built = buildBackstageEntities(bundleDocs(docs));
    expect(built.resources.map((r) => [r.metadata.name, r.metadata.annotations?.["meshkit.io/contract-id"]])).toEqual([["orders.orders", "orders-v2"]]);
    // Their contracts share a name too: one API, the newest port version's (Backstage would take two for one entity).
    expect(built.apis.map((a) => [a.metadata.name, a.metadata.annotations?.["meshkit.io/contract-id"]])).toEqual([["orders.orders", "orders-v2"]]);
    // Through publishToCatalog that is documented behaviour, not a finding.
    const result = await publishToCatalog({ target: `backstage:${tempDir()}`, cwd, products: docs, publisher: publisher(), env, http });
    expect(result.findings).toEqual([]);
    // Two different ports over one table are still a conflict.
    const clash = docsWith(productValue({ outputPorts: [{ name: "a", version: "1.0.0", contractId: "orders-v1" }, { name: "b", version: "1.0.0", contractId: "orders-v2" }] }), [contractValue("orders-v1", "1.0.0", "orders"), contractValue("orders-v2", "1.0.0", "orders")]);
    expect(() => buildDataHubPlan(bundleDocs(clash))).toThrow(/output ports a and b map to the same DataHub dataset/);
    // ...of that product alone: a catalog-product-invalid finding, while the run goes on (Backstage: one Resource name).
    expect(() => buildDataHubPlan(bundleDocs(clash))).toThrow(CatalogContentError);
    const refused = await publishToCatalog({ target: `backstage:${tempDir()}`, cwd, products: clash, publisher: publisher(), env, http });
    expect(refused.findings.map((f) => [f.ruleId, f.message])).toEqual([["catalog-product-invalid", expect.stringMatching(/output ports a 1\.0\.0 and b 1\.0\.0 have datasets that make one Backstage Resource name, orders\.orders/)]]);
  });

  it("serves two versions of one contract, a port version each, to every service: a moved table is a dataset of each, a table both locate the newest version's", () => {
    const ports = { outputPorts: [{ name: "orders", version: "1.0.0", contractId: "orders-contract" }, { name: "orders", version: "2.0.0", contractId: "orders-contract" }] };
    const moved = bundleDocs(docsWith(productValue(ports), [contractValue("orders-contract", "1.0.0", "orders"), contractValue("orders-contract", "2.0.0", "orders", { schema: [{ name: "orders", physicalName: "orders_v2", properties: [{ name: "order_id", logicalType: "string" }] }] })]));
    const movedPlan = buildDataHubPlan(moved);
    expect(movedPlan.datasets.map((d) => d.urn)).toEqual([
      "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.sales.orders,PROD)",
      "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.sales.orders_v2,PROD)",
    ]);
    expect((aspectOf(movedPlan.product.at(-1)).assets as unknown[]).length).toBe(2);
    expect(buildOpenMetadataPlan(moved).contracts.map((c) => [c.dataset.contractVersion, c.dataset.object])).toEqual([
      ["1.0.0", "orders"],
      ["2.0.0", "orders"],
    ]);

    const shared = bundleDocs(docsWith(productValue(ports), [contractValue("orders-contract", "1.0.0", "orders"), contractValue("orders-contract", "2.0.0", "orders")]));
    const sharedPlan = buildDataHubPlan(shared);
    expect(sharedPlan.datasets).toHaveLength(1);
    expect(aspectOf(sharedPlan.datasets[0]!.proposals[0]).customProperties).toMatchObject({ contract_version: "2.0.0", output_port: "orders@2.0.0" });
    expect(buildOpenMetadataPlan(shared).contracts.map((c) => c.dataset.contractVersion)).toEqual(["2.0.0"]);
    const built = buildBackstageEntities(shared);
    expect(built.resources.map((r) => [r.metadata.name, r.metadata.annotations?.["meshkit.io/contract-version"]])).toEqual([["orders.orders", "2.0.0"]]);
    expect(built.apis.map((a) => [a.metadata.name, a.metadata.annotations?.["meshkit.io/contract-version"]])).toEqual([["orders.orders", "2.0.0"]]);

    // Ports named after their version (not ODPS's way, but common) serve the versions of one contract alike: no refusal.
    const renamed = bundleDocs(
      docsWith(productValue({ outputPorts: [{ name: "orders_v1", version: "1.0.0", contractId: "orders-contract" }, { name: "orders_v2", version: "2.0.0", contractId: "orders-contract" }] }), [
        contractValue("orders-contract", "1.0.0", "orders"),
        contractValue("orders-contract", "2.0.0", "orders", { schema: [{ name: "orders", physicalName: "orders_v2", properties: [{ name: "order_id", logicalType: "string" }] }] }),
      ]),
    );
    expect(buildDataHubPlan(renamed).datasets.map((d) => d.urn)).toEqual(movedPlan.datasets.map((d) => d.urn));
    const renamedEntities = buildBackstageEntities(renamed);
    expect(renamedEntities.resources.map((r) => [r.metadata.name, r.metadata.annotations?.["meshkit.io/contract-version"]])).toEqual([["orders.orders", "2.0.0"]]);
    expect(renamedEntities.apis.map((a) => a.metadata.annotations?.["meshkit.io/contract-version"])).toEqual(["2.0.0"]);
    // A table both versions locate, under a server the new version renamed, is one DataHub dataset: the newest version's.
    const serverRenamed = bundleDocs(
      docsWith(productValue({ outputPorts: [{ name: "orders_v1", version: "1.0.0", contractId: "orders-contract" }, { name: "orders_v2", version: "2.0.0", contractId: "orders-contract" }] }), [
        contractValue("orders-contract", "1.0.0", "orders"),
        contractValue("orders-contract", "2.0.0", "orders", { servers: [{ server: "main", type: "postgres", environment: "prod", host: "db.example", port: 5432, database: "analytics", schema: "sales" }] }),
      ]),
    );
    const serverRenamedPlan = buildDataHubPlan(serverRenamed);
    expect(serverRenamedPlan.datasets.map((d) => [d.urn, aspectOf(d.proposals[0]).customProperties])).toEqual([
      ["urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.sales.orders,PROD)", expect.objectContaining({ contract_version: "2.0.0" })],
    ]);
  });

  it("draws lineage to the version of an upstream contract the input port reads, when the upstream product serves several", () => {
    const upstream = bundleDocs(
      docsWith(productValue({ id: "shop-orders", name: "shop_orders", outputPorts: [{ name: "orders", version: "1.0.0", contractId: "orders-contract" }, { name: "orders", version: "2.0.0", contractId: "orders-contract" }] }), [
        contractValue("orders-contract", "1.0.0", "orders"),
        contractValue("orders-contract", "2.0.0", "orders_v2"),
      ]),
    );
    const consumerReading = (version: string): ProductDocuments => ({
      ...bundleDocs(docsWith(productValue({ id: "order-stats", name: "order_stats", inputPorts: [{ name: "orders", version, contractId: "orders-contract" }], outputPorts: [{ name: "stats", version: "1.0.0", contractId: "stats-contract" }] }), [contractValue("stats-contract", "1.0.0", "stats")])),
      upstream: [{ product: upstream.product, contracts: upstream.contracts }],
    });
    const upstreamsOf = (docs: ProductDocuments) => (aspectOf(buildDataHubPlan(docs).datasets[0]!.proposals.find((p) => p.aspectName === "upstreamLineage")).upstreams as { dataset: string }[]).map((u) => u.dataset);
    expect(upstreamsOf(consumerReading("2.0.0"))).toEqual(["urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.sales.orders_v2,PROD)"]);
    expect(upstreamsOf(consumerReading("1.0.0"))).toEqual(["urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.sales.orders,PROD)"]);
    // A version the upstream product does not serve reads its newest, as the lineage catalog resolves it.
    expect(upstreamsOf(consumerReading("3.0.0"))).toEqual(["urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.sales.orders_v2,PROD)"]);
    expect(buildBackstageEntities(consumerReading("2.0.0")).resources[0]?.spec.dependsOn).toEqual(["resource:default/shop_orders.orders_v2"]);
    expect(buildBackstageEntities(consumerReading("1.0.0")).resources[0]?.spec.dependsOn).toEqual(["resource:default/shop_orders.orders"]);
  });

  it("shows input ports, several versions of one, with their upstream products when registered", async () => {
    const upstream = docsWith(productValue({ id: "shop-events", name: "shop_events", outputPorts: [{ name: "events", version: "1.0.0", contractId: "events-contract" }] }), [contractValue("events-contract", "1.0.0", "events")]);
    const consumer = docsWith(
      productValue({
        inputPorts: [
          { name: "events", version: "1.0.0", contractId: "events-contract" },
          { name: "events", version: "2.0.0", contractId: "events-contract-v2", tags: ["next"] },
        ],
      }),
    );
    const { dir, result } = await publishDir([...upstream, ...consumer]);
    expect(result.findings).toEqual([]);
    const site = siteOf(dir);
    const lineage = textOf(section(site.page("orders-product"), "lineage"));
    expect(lineage).toContain("events 1.0.0 events-contract shop_events (sales)");
    expect(lineage).toContain("events next 2.0.0 events-contract-v2 not in the catalog (external)");
    expect(textOf(section(site.page("shop-events"), "lineage"))).toContain("orders (sales) via events");
  });

  it("shows custom properties (text and JSON values) and authoritative definitions, and sends them to DataHub", async () => {
    const value = productValue({
      customProperties: [
        { property: "costCenter", value: "CC-410", description: "Who pays" },
        { property: "refresh", value: { every: "1h" } },
      ],
      authoritativeDefinitions: [{ type: "businessDefinition", url: "https://wiki.example/orders", description: "What an order is" }],
      description: { purpose: "Orders.", authoritativeDefinitions: [{ type: "tutorial", url: "https://wiki.example/orders/tutorial" }] },
    });
    const { dir } = await publishDir(docsWith(value));
    const overview = section(siteOf(dir).page("orders-product"), "overview");
    expect(textOf(overview)).toContain("costCenter CC-410 Who pays");
    expect(textOf(overview)).toContain('refresh {"every":"1h"}');
    expect(overview).toContain('<a href="https://wiki.example/orders" rel="noopener">businessDefinition</a> <span class="muted">(What an order is)</span>');
    expect(overview).toContain('<a href="https://wiki.example/orders/tutorial" rel="noopener">tutorial</a>');
    const product = aspectOf(buildDataHubPlan(bundleDocs(docsWith(value))).product.at(-1)).customProperties;
    expect(product).toMatchObject({
      custom_costCenter: "CC-410",
      custom_refresh: '{"every":"1h"}',
      authoritative_definitions: "businessDefinition https://wiki.example/orders; tutorial https://wiki.example/orders/tutorial",
    });
    const links = buildBackstageEntities(bundleDocs(docsWith(value))).system.metadata.links;
    expect(links?.map((l) => l.title)).toEqual(["businessDefinition", "tutorial"]);
  });

  it("shows what each port declares: tags, definitions, custom properties, and the contracts an output port is built from", async () => {
    const value = productValue({
      inputPorts: [
        {
          name: "payments",
          version: "2.0.0",
          contractId: "payments-contract",
          tags: ["pci"],
          customProperties: [{ property: "usedColumns", value: ["payment_id", "amount"], description: "Read <only>" }],
          authoritativeDefinitions: [{ type: "implementation", url: "https://git.example/payments" }],
        },
      ],
      outputPorts: [
        {
          name: "orders",
          version: "1.0.0",
          type: "tables",
          contractId: "orders-contract",
          description: "Orders, hourly.",
          inputContracts: [{ id: "payments-contract", version: "2.0.0" }],
          customProperties: [{ property: "refresh", value: "hourly" }, { property: "format", value: { file: "parquet" } }],
        },
      ],
      managementPorts: [{ name: "observability", content: "observability", url: "https://obs.example/orders", customProperties: [{ property: "dashboard", value: "orders-slo" }] }],
    });
    const { dir } = await publishDir(docsWith(value));
    const page = siteOf(dir).page("orders-product");
    const lineage = textOf(section(page, "lineage"));
    expect(lineage).toContain('payments pci 2.0.0 payments-contract not in the catalog (external) Definitions: implementation Properties: usedColumns = ["payment_id","amount"] (Read <only>)');
    expect(section(page, "lineage")).toContain("(Read &lt;only&gt;)");
    expect(section(page, "lineage")).toContain('<a href="https://git.example/payments" rel="noopener">implementation</a>');
    expect(textOf(section(page, "output-ports"))).toContain('Orders, hourly. Built from: payments-contract 2.0.0 Properties: refresh = hourly; format = {"file":"parquet"}');
    expect(textOf(section(page, "management-ports"))).toContain("https://obs.example/orders Properties: dashboard = orders-slo");
  });

  it("shows support channels with their invitation URL, links only safe URLs, and keeps them in DataHub and Backstage", async () => {
    const value = productValue({
      support: [
        { channel: "#orders", url: "https://chat.example/orders", tool: "slack", scope: "interactive", invitationUrl: "https://chat.example/join/orders" },
        { channel: "tickets", url: "javascript:alert(1)", tool: "ticket", scope: "issues" },
      ],
    });
    const { dir } = await publishDir(docsWith(value));
    const owners = section(siteOf(dir).page("orders-product"), "owners");
    expect(owners).toContain('<a href="https://chat.example/orders" rel="noopener">');
    expect(owners).toContain('Join: <a href="https://chat.example/join/orders" rel="noopener">');
    expect(owners).not.toContain('href="javascript:');
    expect(textOf(owners)).toContain("tickets (ticket, issues) — javascript:alert(1)");
    expect(aspectOf(buildDataHubPlan(bundleDocs(docsWith(value))).product.at(-1)).customProperties).toMatchObject({ support: "#orders (slack) https://chat.example/orders; tickets (ticket) javascript:alert(1)" });
  });

  it("names current team members only (dateOut is the day they left), by role, on the site and in DataHub", async () => {
    const value = productValue({
      team: {
        name: "sales-data",
        members: [
          { username: "ann@example.com", name: "Ann", role: "owner" },
          { username: "bob@example.com", name: "Bob", role: "data steward" },
          { username: "old@example.com", name: "Old", role: "owner", dateIn: "2020-01-01", dateOut: "2023-01-01", replacedByUsername: "ann@example.com" },
          { username: "eve@example.com" },
          { username: "leaving@example.com", name: "Lee", role: "owner", dateIn: "2021-01-01", dateOut: "2999-12-31" },
        ],
      },
    });
    const { dir } = await publishDir(docsWith(value));
    const owners = textOf(section(siteOf(dir).page("orders-product"), "owners"));
    expect(owners).toContain("Lee leaving@example.com owner"); // a leave still to come
    expect(owners).toContain("Ann ann@example.com owner");
    expect(owners).toContain("Bob bob@example.com data steward");
    expect(owners).toContain("eve@example.com");
    expect(owners).not.toContain("old@example.com");
    const ownership = aspectOf(buildDataHubPlan(bundleDocs(docsWith(value))).product.find((p) => p.aspectName === "ownership"));
    expect(ownership.owners).toEqual([
      { owner: "urn:li:corpGroup:sales-data", type: "TECHNICAL_OWNER" },
      { owner: "urn:li:corpuser:ann@example.com", type: "BUSINESS_OWNER" },
      { owner: "urn:li:corpuser:bob@example.com", type: "DATA_STEWARD" },
      { owner: "urn:li:corpuser:eve@example.com", type: "TECHNICAL_OWNER" },
      { owner: "urn:li:corpuser:leaving@example.com", type: "BUSINESS_OWNER" },
    ]);
  });

  it("finds a product by its tags and its output ports' tags", async () => {
    const value = productValue({ tags: ["retail", "finance"], outputPorts: [{ name: "orders", version: "1.0.0", contractId: "orders-contract", tags: ["gold"] }] });
    const { dir } = await publishDir(docsWith(value));
    for (const query of ["retail", "finance", "gold"]) expect(searchCatalog(dir, query).hits.map((h) => h.id)).toEqual(["orders-product"]);
    expect(siteOf(dir).index).toContain('<span class="tag">retail</span><span class="tag">finance</span>');
  });

  it("shows management ports (REST by default, topics, a channel) with safe links and escaped text, and gives them to every target", async () => {
    const value = productValue({
      managementPorts: [
        { name: "observability", content: "observability", url: "https://obs.example/orders", description: "Metrics <b>live</b>", tags: ["ops"] },
        { name: "control", content: "control", type: "rest", url: "javascript:alert(1)" },
        { name: "dictionary", content: "dictionary", type: "topic", channel: "orders.dictionary" },
      ],
    });
    const { dir } = await publishDir(docsWith(value));
    const management = section(siteOf(dir).page("orders-product"), "management-ports");
    expect(textOf(management)).toContain("observability ops observability rest https://obs.example/orders Metrics <b>live</b>");
    expect(management).toContain("Metrics &lt;b&gt;live&lt;/b&gt;");
    expect(management).toContain('<a href="https://obs.example/orders" rel="noopener">');
    expect(management).not.toContain('href="javascript:');
    expect(management).toContain("<code>javascript:alert(1)</code>");
    expect(textOf(management)).toContain("dictionary dictionary topic channel orders.dictionary");

    const docs = bundleDocs(docsWith(value));
    expect(aspectOf(buildDataHubPlan(docs).product.at(-1)).customProperties).toMatchObject({
      management_ports: "observability (observability, rest): https://obs.example/orders; control (control, rest): javascript:alert(1); dictionary (dictionary, topic): channel orders.dictionary",
    });
    expect(buildBackstageEntities(docs).system.metadata.links).toEqual([
      { url: "https://obs.example/orders", title: "observability (observability, rest)" },
      // javascript: is no link, in Backstage as on the site
    ]);
    expect(buildOpenMetadataPlan(docs).dataProduct.request.description).toBe(
      "Every order placed in a shop.\n\n**Management ports**\n- observability (observability, rest): https://obs.example/orders — Metrics &lt;b&gt;live&lt;/b&gt;\n- control (control, rest): javascript:alert(1)\n- dictionary (dictionary, topic): channel orders.dictionary",
    );
  });

  it("publishes a product without description, team or output ports", async () => {
    const { description: _d, team: _t, outputPorts: _o, ...bare } = productValue();
    const { dir, result } = await publishDir(docsWith(bare, []));
    expect(result.findings).toEqual([]);
    const page = siteOf(dir).page("orders-product");
    expect(textOf(section(page, "output-ports"))).toContain("No output ports.");
    expect(textOf(section(page, "owners"))).toContain("Team not named");
    const docs = bundleDocs(docsWith(bare, []));
    expect(buildDataHubPlan(docs).notes).toEqual(["the product has no output datasets: urn:li:dataProduct:orders-product lists no assets"]);
    expect(buildOpenMetadataPlan(docs).dataProduct.request.description).toBe("Data product orders.");
    expect(buildBackstageEntities(docs).system.spec.owner).toBe("group:default/unowned");
  });

  it("parses the OpenMetadata target's default domain", () => {
    expect(parseCatalogTarget("openmetadata:http://om:8585#service=acme_pg&domain=shared%20data")).toMatchObject({ settings: { service: "acme_pg", defaultDomain: "shared data" } });
  });
});
