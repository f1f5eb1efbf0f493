import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { publishProducts } from "../publish.js";
import { type SearchIndex, createSearchEngine, productPagePath, searchCatalog } from "../search.js";
import { exampleDocuments, exampleResults, productDocuments, publisher, qualityRun, tempDir } from "../test-support.js";
import { buildSite } from "./build.js";
import { SITE_MANIFEST } from "./earlier-build.js";
import { escapeHtml, html, safeUrl } from "./html.js";

const CUSTOMER_360 = "a510d348-3221-4b2c-97a4-629bf6b373c7";
const CAMPAIGNS = "f3984b68-2c4b-415b-9b2b-91088803152d";
const INVENTORY = "2b620c8d-eb58-4f87-8b1d-651560263742";

function readAll(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(dir, path), "utf8");
    }
  };
  walk("");
  return files;
}

describe("the static site built from the example products", () => {
  let catalog: string;
  let site: string;
  let built: ReturnType<typeof buildSite>;
  const pageOf = (id: string) => readFileSync(join(site, productPagePath(id)), "utf8");

  /** The results say one object had no rows (contract-test's `quality-no-rows`). */
  const withNote = (run: unknown) => {
    (run as { contracts: Record<string, unknown>[] }).contracts[0]!.notes = [{ object: "campaign_contacts", ruleId: "quality-no-rows", severity: "warning", message: "`campaign_contacts` has no rows, so its checks passed on <no> data." }];
    return run;
  };

  beforeAll(async () => {
    catalog = join(tempDir(), "catalog");
    await publishProducts({ target: `dir:${catalog}`, products: exampleDocuments(), results: exampleResults(), publisher: publisher({ name: "release-bot" }) });
    // A second version of customer_campaigns with a changelog, and a later results run.
    const next = exampleDocuments().map((doc) => {
      if (doc.kind.type !== "DataProduct" || (doc.value as { id: string }).id !== CAMPAIGNS) return doc;
      return { ...doc, value: { ...(doc.value as object), version: "1.4.0" } };
    });
    await publishProducts({
      target: `dir:${catalog}`,
      products: next.filter((d) => (d.value as { id?: string }).id === CAMPAIGNS || d.file.includes("customer_campaigns.odcs")),
      results: withNote(qualityRun([{ id: "776c618b-3130-4fcd-8699-e5aa488bdc4c", version: "1.3.0", finishedAt: "2026-07-01T06:00:00Z", statuses: ["pass", "pass", "warn"] }])),
      publisher: publisher({ now: new Date("2026-07-02T09:30:00Z") }),
      changelogs: { [CAMPAIGNS]: "Adds the attribution window.\nNo breaking changes." },
    });
    site = join(tempDir(), "site");
    built = buildSite(catalog, site);
  });

  it("writes an index page, one page per product and the search index, nothing else", () => {
    expect(built.findings).toEqual([]);
    expect(built.products).toBe(4);
    expect(built.versions).toBe(5);
    expect(Object.keys(readAll(site)).sort()).toEqual(
      [".meshkit-site.json", ".nojekyll", "catalog-index.json", "index.html", "search-index.json", ...[CUSTOMER_360, "e0682ab7-ad49-415e-920f-62ae687f6ed8", CAMPAIGNS, INVENTORY].map(productPagePath)].sort(),
    );
  });

  it("refuses a site folder that is the catalog folder, inside it, or holds it among its pages: pages and entries would mix", () => {
    const before = readdirSync(catalog).sort();
    for (const out of [catalog, join(catalog, "site")]) {
      expect(() => buildSite(catalog, out), out).toThrow(/is the catalog folder or inside it \(or holds it in its products\/\): choose another --out/);
    }
    expect(readdirSync(catalog).sort()).toEqual(before);
    // A catalog kept at <site>/products/… would have its files among the pages a build prunes.
    const nested = join(dirname(catalog), "pages");
    mkdirSync(join(nested, "products"), { recursive: true });
    cpSync(catalog, join(nested, "products", "catalog"), { recursive: true });
    expect(() => buildSite(join(nested, "products", "catalog"), nested)).toThrow(/holds it in its products\//);
  });

  it("refuses a site folder that is a file, or lies under one, in one line that names the file, writing nothing", () => {
    const file = join(tempDir(), "notes.txt");
    writeFileSync(file, "x");
    expect(() => buildSite(catalog, file)).toThrow(`site output ${file} is a file, not a folder: choose a folder for the site`);
    expect(() => buildSite(catalog, join(file, "site"))).toThrow(`cannot create site output ${join(file, "site")}: ${file} is a file, not a folder (ENOTDIR): choose another path`);
    expect(readFileSync(file, "utf8")).toBe("x");
  });

  it("is fully offline: no external scripts, styles, fonts or images", () => {
    for (const [path, text] of Object.entries(readAll(site))) {
      if (!path.endsWith(".html")) continue;
      expect(text).not.toMatch(/<script[^>]+src=/i);
      expect(text).not.toMatch(/<link[^>]+stylesheet/i);
      expect(text).not.toMatch(/<img/i);
      expect(text).not.toMatch(/@import|url\(\s*["']?https?:/i);
    }
  });

  it("is deterministic: a second build gives the same bytes and rewrites nothing", () => {
    const other = join(tempDir(), "site");
    buildSite(catalog, other);
    expect(readAll(other)).toEqual(readAll(site));
    const again = buildSite(catalog, site);
    expect(again.written).toEqual([]);
    expect(again.removed).toEqual([]);
  });

  it("lists every product on the index page, with the search index inline", () => {
    const index = readFileSync(join(site, "index.html"), "utf8");
    for (const name of ["customer_360", "quarterly_ledger", "customer_campaigns", "inventory_snapshot"]) expect(index).toContain(`>${name}</a>`);
    expect(index).toContain('<input id="search"');
    const inline = /<script type="application\/json" id="search-index">([^<]*)<\/script>/.exec(index);
    expect(JSON.parse(inline![1]!)).toEqual(JSON.parse(readFileSync(join(site, "search-index.json"), "utf8")));
    expect(index).toContain('data-quality="fail"');
  });

  it("shows a product's schema with types and classification, personal data highlighted", () => {
    const page = pageOf(CUSTOMER_360);
    expect(page).toContain('<table class="schema" data-object="customer_profiles">');
    expect(page).toMatch(/<tr class="sensitive" data-column="email"><td><code>email<\/code><\/td><td>string<\/td><td>VARCHAR\(254\)<\/td><td>yes<\/td><td>unique<\/td><td>restricted<span class="pii" title="personal data">PII<\/span>/);
    expect(page).toMatch(/<tr data-column="customer_id"><td><code>customer_id<\/code><\/td><td>string<\/td><td>VARCHAR\(11\)<\/td><td>yes<\/td><td>primary key, unique<\/td><td>internal<\/td>/);
    expect(page).toMatch(/<tr class="sensitive" data-column="lifetime_value_eur">.*<td>confidential<span class="pii" title="sensitive: confidential">sensitive<\/span>/);
  });

  it("shows SLAs, output ports with where their data lives, owners and support channels", () => {
    const page = pageOf(CUSTOMER_360);
    expect(page).toContain("<tr><td>customer_profile</td><td>latency</td><td>1 h</td><td><code>customer_consents.captured_at</code></td><td>regulatory</td><td>A withdrawn consent is visible within an hour.</td></tr>");
    expect(page).toContain("<li><strong>warehouse</strong> (postgres, prod) <code>localhost:5432/analytics.customer</code></li>");
    expect(page).toContain('<span id="owner-team">customer-data</span>');
    expect(page).toContain("<tr><td>Sofia Rossi</td><td>sofia.rossi@acme-retail.example</td><td>owner</td></tr>");
    expect(page).toContain('<li><strong>#customer-360</strong> (slack, interactive) — <a href="https://acme-retail.slack.com/archives/C03CUST360" rel="noopener">https://acme-retail.slack.com/archives/C03CUST360</a></li>');
  });

  it("draws the lineage: upstream products (linked) and external contracts → the product → its output datasets → consumers", () => {
    const customer = pageOf(CUSTOMER_360);
    expect(customer).toContain('<svg class="lineage"');
    expect(customer).toContain(`<a href="../${productPagePath(CAMPAIGNS)}"><g class="node upstream" data-key="p:${CAMPAIGNS}"`);
    expect(customer).toContain('<g class="node external" data-key="c:0ad90c30-9cbd-4ecb-8b1d-3fe8b84e79a3:crm_accounts"');
    expect(customer).toContain('<g class="node self" data-key="self"');
    expect(customer).toContain('<g class="node output" data-key="o:0"');
    expect(customer).toContain(`data-from="p:${CAMPAIGNS}" data-to="self"`);
    expect(customer).toContain('data-from="self" data-to="o:0"');
    const campaigns = pageOf(CAMPAIGNS);
    expect(campaigns).toContain(`<a href="../${productPagePath(CUSTOMER_360)}"><g class="node consumer" data-key="k:${CUSTOMER_360}"`);
    expect(campaigns).toContain(`data-from="o:0" data-to="k:${CUSTOMER_360}"`);
    expect(campaigns).toMatch(/<li><a href="[^"]+">customer_360<\/a> \(customer\) via customer_campaigns<\/li>/);
  });

  it("shows quality status, failing checks and the history across versions", () => {
    const inventory = pageOf(INVENTORY);
    expect(inventory).toContain('<span class="badge q-fail" data-quality="fail">quality: failing</span> 12 of 13 checks passed, 1 failed · checked 2026-06-30 06:00:04 UTC');
    expect(inventory).toMatch(/<h3>Checks not passing<\/h3><table class="checks">.*<tr class="check-fail"><td><code>inventory_positions\.snapshot_taken_at\.latency<\/code><\/td><td>.*<\/td><td>10 h<\/td><td><span title="\{&quot;mustBeLessOrEqualTo&quot;:6\}">≤ 6 h<\/span><\/td>/s);
    // Version 1.4.0 serves the same contract version as 1.3.0, so the later run's results are its
    // own; the history table shows the runs of both versions, newest first.
    const campaigns = pageOf(CAMPAIGNS);
    expect(campaigns).toContain('<span class="badge q-warn" data-quality="warn">quality: warnings</span> 2 of 3 checks passed, 1 warnings · checked 2026-07-01 06:00:00 UTC');
    // What the results say about a whole object is on the page, escaped.
    expect(campaigns).toContain('<p class="note"><span class="badge q-warn" data-quality="warn">quality: warnings</span> <code>quality-no-rows</code>: &#96;campaign_contacts&#96; has no rows, so its checks passed on &lt;no&gt; data.</p>');
    expect(campaigns).toMatch(/<table class="history">.*<td>2026-07-01 06:00:00 UTC<\/td><td>1\.4\.0<\/td>.*<td>2026-06-30 06:00:03 UTC<\/td><td>1\.3\.0<\/td>/s);
    expect(pageOf(CUSTOMER_360)).toMatch(/<table class="history">.*<td>2026-06-30 06:00:00 UTC<\/td><td>2\.1\.0<\/td>/s);
  });

  it("lists versions with publication dates and changelog", () => {
    const campaigns = pageOf(CAMPAIGNS);
    expect(campaigns).toMatch(/<tr data-version="1\.4\.0"><td>1\.4\.0 <span class="badge">latest<\/span><\/td><td>2026-07-02 09:30:00 UTC<\/td>.*<td class="prose">Adds the attribution window.\nNo breaking changes.<\/td><\/tr>/);
    expect(campaigns).toMatch(/<tr data-version="1\.4\.0">.*data-quality="warn"/);
    expect(campaigns).toMatch(/<tr data-version="1\.3\.0"><td>1\.3\.0<\/td><td>2026-07-01 08:00:00 UTC<\/td><td>2026-07-01 08:00:00 UTC<\/td>.*data-quality="pass".*<td class="prose"><\/td><\/tr>/);
    expect(campaigns.indexOf('data-version="1.4.0"')).toBeLessThan(campaigns.indexOf('data-version="1.3.0"'));
  });

  it("removes pages of products that are gone from the catalog", async () => {
    const smaller = join(tempDir(), "catalog");
    cpSync(catalog, smaller, { recursive: true });
    const copy = join(tempDir(), "site");
    buildSite(smaller, copy);
    rmSync(join(smaller, "products", INVENTORY), { recursive: true });
    expect(buildSite(smaller, copy).removed).toEqual([productPagePath(INVENTORY)]);
    expect(existsSync(join(copy, productPagePath(INVENTORY)))).toBe(false);
  });

  it("runs the same search in the page as searchCatalog: the embedded engine evaluated on its own", () => {
    const index = JSON.parse(readFileSync(join(site, "search-index.json"), "utf8")) as SearchIndex;
    // The page embeds createSearchEngine's source: it must work with no imports and no outer scope.
    const engine = runInNewContext(`(${createSearchEngine.toString()})()`, {}) as ReturnType<typeof createSearchEngine>;
    for (const query of ["", "customer", "email", "marta", "pii", "sox", "ledger entries", "campaign_id", "nothing-matches-this"]) {
      const inPage = engine.search(index, query).map((h) => [h.product.id, h.score, h.columns]);
      const inNode = searchCatalog(catalog, query).hits.map((h) => [h.id, h.score, h.columns]);
      expect(inPage).toEqual(inNode);
    }
  });
});

describe("a site folder that holds files meshkit did not write", () => {
  /** A catalog of one product, and a folder of the user's (GitHub Pages' docs/) with pages of their own. */
  async function setUp(): Promise<{ catalog: string; site: string }> {
    const catalog = tempDir();
    await publishProducts({ target: `dir:${catalog}`, products: productDocuments({ id: "orders" }), publisher: publisher() });
    const site = tempDir("site-");
    mkdirSync(join(site, "products"));
    writeFileSync(join(site, "products", "my-notes.html"), "<p>my notes</p>");
    writeFileSync(join(site, "about.html"), "<p>about us</p>");
    return { catalog, site };
  }

  it("keeps them: a build, and the next one, remove only pages a build wrote", async () => {
    const { catalog, site } = await setUp();
    expect(buildSite(catalog, site).removed).toEqual([]);
    await publishProducts({ target: `dir:${catalog}`, products: productDocuments({ id: "invoices" }), publisher: publisher() });
    buildSite(catalog, site);
    // orders leaves the catalog: its page goes, the user's pages stay.
    rmSync(join(catalog, "products", "orders"), { recursive: true });
    expect(buildSite(catalog, site).removed).toEqual([productPagePath("orders")]);
    expect(readFileSync(join(site, "products", "my-notes.html"), "utf8")).toBe("<p>my notes</p>");
    expect(readFileSync(join(site, "about.html"), "utf8")).toBe("<p>about us</p>");
    expect(existsSync(join(site, productPagePath("invoices")))).toBe(true);
  });

  it("refuses, before writing anything, to replace a file a build did not write", async () => {
    const { catalog, site } = await setUp();
    writeFileSync(join(site, "index.html"), "<p>my home page</p>");
    expect(() => buildSite(catalog, site)).toThrow(`site output ${site} holds files meshkit catalog build did not write, which the site would replace: index.html. Choose an empty or new folder for --out, or move those files away`);
    expect(readdirSync(site).sort()).toEqual(["about.html", "index.html", "products"]);
    expect(readFileSync(join(site, "index.html"), "utf8")).toBe("<p>my home page</p>");
  });

  it("recognises a site built before manifests by its generator mark, and prunes only pages that carry it", async () => {
    const { catalog, site } = await setUp();
    buildSite(catalog, site);
    rmSync(join(site, SITE_MANIFEST));
    const page = readFileSync(join(site, productPagePath("orders")), "utf8");
    writeFileSync(join(site, "products", "gone.html"), page); // a page of a product since removed
    expect(buildSite(catalog, site).removed).toEqual(["products/gone.html"]);
    expect(existsSync(join(site, "products", "my-notes.html"))).toBe(true);
  });

  it("removes only site pages a manifest names: not a file elsewhere that someone wrote into it", async () => {
    const { catalog, site } = await setUp();
    buildSite(catalog, site);
    const manifest = JSON.parse(readFileSync(join(site, SITE_MANIFEST), "utf8")) as { files: string[] };
    manifest.files.push("about.html", "products/../about.html", "products/my-notes.html/../../about.html");
    writeFileSync(join(site, SITE_MANIFEST), JSON.stringify(manifest));
    buildSite(catalog, site);
    expect(readFileSync(join(site, "about.html"), "utf8")).toBe("<p>about us</p>");
  });
});

describe("product status on the index page", () => {
  it("marks a product that is not active (draft, deprecated, retired) on its card, and an active one not", async () => {
    const catalog = tempDir();
    const docs = ["active", "deprecated", "retired"].flatMap((status) => {
      const product = productDocuments({ id: `orders_${status}` });
      (product[0]!.value as { status: string }).status = status;
      return product;
    });
    await publishProducts({ target: `dir:${catalog}`, products: docs, publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const cards = readFileSync(join(site, "index.html"), "utf8").split('<li class="product-card"').slice(1);
    const statusOf = (id: string) => /data-status="([^"]*)"/.exec(cards.find((c) => c.includes(`data-id="${id}"`))!.split("</li>")[0]!)?.[1];
    expect([statusOf("orders_active"), statusOf("orders_deprecated"), statusOf("orders_retired")]).toEqual([undefined, "deprecated", "retired"]);
  });
});

describe("a primary key column not marked required", () => {
  it("is shown required: it never holds NULL (contract-test checks it, provision makes it NOT NULL, DataHub says not nullable)", async () => {
    const catalog = tempDir();
    const docs = productDocuments({ id: "keys", columns: [{ name: "key_id", classification: "internal" }, { name: "note", classification: "internal" }] });
    const contract = docs[1]!.value as { schema: { properties: Record<string, unknown>[] }[] };
    contract.schema[0]!.properties[0]!.primaryKey = true;
    await publishProducts({ target: `dir:${catalog}`, products: docs, publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const page = readFileSync(join(site, productPagePath("keys")), "utf8");
    expect(page).toMatch(/<tr data-column="key_id"><td><code>key_id<\/code><\/td><td>string<\/td><td><\/td><td>yes<\/td><td>primary key<\/td>/);
    expect(page).toMatch(/<tr data-column="note"><td><code>note<\/code><\/td><td>string<\/td><td><\/td><td>no<\/td>/);
  });
});

describe("a column sensitive for what it holds", () => {
  it("names the nested field or array item that makes it sensitive in its badge's title", async () => {
    const catalog = tempDir();
    const docs = productDocuments({
      id: "customers",
      columns: [
        { name: "contact", logicalType: "object", classification: "internal", properties: [{ name: "email", logicalType: "string", classification: "pii" }] },
        { name: "notes", logicalType: "array", items: { logicalType: "object", properties: [{ name: "text", logicalType: "string", classification: "restricted" }] } },
      ],
    });
    await publishProducts({ target: `dir:${catalog}`, products: docs, publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const page = readFileSync(join(site, productPagePath("customers")), "utf8");
    expect(page).toMatch(/<tr class="sensitive" data-column="contact">.*?<td>internal<span class="pii" title="sensitive: holds email: personal data">sensitive<\/span>/);
    expect(page).toMatch(/<tr class="sensitive" data-column="notes">.*?<span class="pii" title="sensitive: holds text: restricted">sensitive<\/span>/);
  });
});

describe("quality measured on another server than the one the data is served from", () => {
  /** A product whose contract is served from `warehouse` (prod) and has a `local` sample, tested on `source`. */
  const pageTestedOn = async (source: string) => {
    const catalog = tempDir();
    const docs = productDocuments({ id: "orders" });
    const contract = docs[1]!.value as { servers: Record<string, unknown>[] };
    contract.servers.unshift({ server: "local", type: "local", environment: "dev", path: "./data/{model}.csv", format: "csv" });
    const run = qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-07-01T06:00:00Z" }]) as { contracts: { source: string }[] };
    run.contracts[0]!.source = source;
    await publishProducts({ target: `dir:${catalog}`, products: docs, results: run, publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    return readFileSync(join(site, productPagePath("orders")), "utf8");
  };

  it("says so beside the status, as DataHub, OpenMetadata and Backstage do: a sample's quality is not the served table's", async () => {
    expect(await pageTestedOn("local")).toContain(
      '<p class="note measured-elsewhere">Contract <code>orders-contract</code> v1.0.0 was checked on <code>local</code>, not on <code>warehouse</code> (prod) where its data is served',
    );
  });

  it("says nothing more when the checks read the served data", async () => {
    expect(await pageTestedOn("warehouse")).not.toContain("measured-elsewhere");
  });
});

describe("quality of a version not tested yet", () => {
  it("says so, and still shows the history of the runs of earlier versions", async () => {
    const catalog = tempDir();
    const tested = productDocuments({ id: "refunds" });
    await publishProducts({ target: `dir:${catalog}`, products: tested, results: qualityRun([{ id: "refunds-contract", version: "1.0.0", finishedAt: "2026-07-01T06:00:00Z", statuses: ["pass", "fail"] }]), publisher: publisher() });
    await publishProducts({ target: `dir:${catalog}`, products: productDocuments({ id: "refunds", version: "1.1.0" }), publisher: publisher({ now: new Date("2026-07-02T09:30:00Z") }) });
    const site = tempDir();
    buildSite(catalog, site);
    const page = readFileSync(join(site, productPagePath("refunds")), "utf8");
    expect(page).toContain("No contract-test results were published for this version.");
    expect(page).toMatch(/<section id="quality">.*<table class="history">.*<td>2026-07-01 06:00:00 UTC<\/td><td>1\.0\.0<\/td>.*<\/section>/s);
  });

  it("shows no empty history when no version was tested", async () => {
    const catalog = tempDir();
    await publishProducts({ target: `dir:${catalog}`, products: productDocuments({ id: "refunds" }), publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    expect(readFileSync(join(site, productPagePath("refunds")), "utf8")).not.toContain('<table class="history">');
  });
});

describe("lineage to a product that is not active", () => {
  it("shows the status of a deprecated upstream product beside its link, not of an active one", async () => {
    const catalog = tempDir();
    const [refunds, refundsContract] = productDocuments({ id: "refunds" });
    (refunds!.value as { status: string }).status = "deprecated";
    const ledger = productDocuments({ id: "ledger", domain: "finance", inputs: [{ name: "refunds_in", contractId: "refunds-contract", version: "1.0.0" }] });
    await publishProducts({ target: `dir:${catalog}`, products: [refunds!, refundsContract!, ...ledger], publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const ledgerPage = readFileSync(join(site, productPagePath("ledger")), "utf8");
    expect(ledgerPage).toContain(`<td><a href="../${productPagePath("refunds")}">refunds</a> (sales) <span class="badge status" data-status="deprecated">deprecated</span></td>`);
    const refundsPage = readFileSync(join(site, productPagePath("refunds")), "utf8");
    expect(refundsPage).toContain(`<li><a href="../${productPagePath("ledger")}">ledger</a> (finance) via refunds_in</li>`);
  });

  it("marks a deprecated upstream on the lineage graph too, and an active consumer not", async () => {
    const catalog = tempDir();
    const [refunds, refundsContract] = productDocuments({ id: "refunds" });
    (refunds!.value as { status: string }).status = "Deprecated";
    const ledger = productDocuments({ id: "ledger", domain: "finance", inputs: [{ name: "refunds_in", contractId: "refunds-contract", version: "1.0.0" }] });
    await publishProducts({ target: `dir:${catalog}`, products: [refunds!, refundsContract!, ...ledger], publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const ledgerSvg = /<svg class="lineage"[\s\S]*?<\/svg>/.exec(readFileSync(join(site, productPagePath("ledger")), "utf8"))![0];
    expect(ledgerSvg).toContain(`<g class="node upstream not-active" data-key="p:refunds" data-status="Deprecated"`);
    expect(ledgerSvg).toContain(`<title>refunds (Deprecated) — sales · v1.0.0</title>`);
    expect(ledgerSvg).toContain(`<text class="sublabel" x="10" y="36"><tspan class="status">Deprecated</tspan> · sales · v1.0.0</text>`);
    const refundsSvg = /<svg class="lineage"[\s\S]*?<\/svg>/.exec(readFileSync(join(site, productPagePath("refunds")), "utf8"))![0];
    expect(refundsSvg).toContain(`<g class="node consumer" data-key="k:ledger"`);
    expect(refundsSvg).not.toContain("not-active");
  });
});

describe("lineage through a contract the upstream product's latest version no longer serves", () => {
  it("links the consumer to that product, says which version serves it, and lists the consumer on the product's page", async () => {
    const catalog = tempDir();
    const ledger = productDocuments({ id: "ledger", domain: "finance", inputs: [{ name: "refunds_in", contractId: "refunds-contract", version: "1.0.0" }] });
    await publishProducts({ target: `dir:${catalog}`, products: [...productDocuments({ id: "refunds" }), ...ledger], publisher: publisher() });
    // refunds 2.0.0 serves a new contract; ledger still reads the one 1.0.0 serves.
    await publishProducts({ target: `dir:${catalog}`, products: productDocuments({ id: "refunds", version: "2.0.0", contractId: "refunds-v2" }), publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const ledgerPage = readFileSync(join(site, productPagePath("ledger")), "utf8");
    expect(ledgerPage).not.toContain("not in the catalog (external)");
    expect(ledgerPage).toContain(`<td><a href="../${productPagePath("refunds")}">refunds</a> (sales)<br><span class="muted not-in-latest">served by its version v1.0.0, not by its latest, v2.0.0</span></td>`);
    const ledgerSvg = /<svg class="lineage"[\s\S]*?<\/svg>/.exec(ledgerPage)![0];
    expect(ledgerSvg).toContain(`<g class="node upstream not-active" data-key="p:refunds" data-status="not in latest"`);
    const refundsPage = readFileSync(join(site, productPagePath("refunds")), "utf8");
    expect(refundsPage).not.toContain("No product in the catalog declares an input port on this product yet.");
    expect(refundsPage).toContain(`<li><a href="../${productPagePath("ledger")}">ledger</a> (finance) via refunds_in<br><span class="muted not-in-latest">refunds_in reads contract <code>refunds-contract</code>, which version v1.0.0 of this product serves, not this one, v2.0.0</span></li>`);
    const refundsSvg = /<svg class="lineage"[\s\S]*?<\/svg>/.exec(refundsPage)![0];
    // No output of refunds 2.0.0 feeds ledger: no edge, and its node says what it reads.
    expect(refundsSvg).not.toContain(`data-to="k:ledger"`);
    expect(refundsSvg).toContain(`<g class="node consumer not-active" data-key="k:ledger" data-status="reads v1.0.0"`);
  });
});

describe("the lineage graph of a product reading several ports of one upstream product", () => {
  it("draws one node for the upstream with every port's version, not only the last one's", async () => {
    const catalog = tempDir();
    const refunds = productDocuments({ id: "refunds" });
    const inputs = [
      { name: "refunds_now", contractId: "refunds-contract", version: "2.0.0" },
      { name: "refunds_before", contractId: "refunds-contract", version: "1.0.0" },
    ];
    const ledger = productDocuments({ id: "ledger", domain: "finance", inputs });
    await publishProducts({ target: `dir:${catalog}`, products: [...refunds, ...ledger], publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const ledgerSvg = /<svg class="lineage"[\s\S]*?<\/svg>/.exec(readFileSync(join(site, productPagePath("ledger")), "utf8"))![0];
    expect(ledgerSvg.match(/data-key="p:refunds"/g)).toHaveLength(1);
    expect(ledgerSvg).toContain(`<text class="sublabel" x="10" y="36">sales · v2.0.0, v1.0.0</text>`);
  });
});

describe("the lineage graph to assistive technology", () => {
  it("is a labelled group when it links to other products' pages (an image's links are hidden from a screen reader), an image when it links nowhere", async () => {
    const catalog = tempDir();
    const alone = productDocuments({ id: "alone" });
    const ledger = productDocuments({ id: "ledger", domain: "finance", inputs: [{ name: "orders_in", contractId: "orders-contract", version: "1.0.0" }] });
    await publishProducts({ target: `dir:${catalog}`, products: [...productDocuments({ id: "orders" }), ...ledger, ...alone], publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const svgOf = (id: string) => /<svg class="lineage"[^>]*>/.exec(readFileSync(join(site, productPagePath(id)), "utf8"))![0];
    expect(svgOf("ledger")).toContain('role="group" aria-label="Lineage of ledger"');
    expect(svgOf("orders")).toContain('role="group" aria-label="Lineage of orders"');
    expect(svgOf("alone")).toContain('role="img" aria-label="Lineage of alone"');
  });
});

describe("the front page of a catalog of one product", () => {
  it("counts it in the singular", async () => {
    const catalog = tempDir();
    await publishProducts({ target: `dir:${catalog}`, products: productDocuments({ id: "orders" }), publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const index = readFileSync(join(site, "index.html"), "utf8");
    expect(index).toContain('<p class="muted">1 product in 1 domain, 1 published version.</p>');
    expect(index).toContain('<p id="result-count" class="muted" aria-live="polite">1 product</p>');
  });
});

describe("measured values on the product page", () => {
  it("are rounded for reading, the exact value in the title, as contract-test's report shows them", async () => {
    const catalog = tempDir();
    const run = qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-07-01T06:00:00Z", statuses: ["fail", "pass"] }]) as { contracts: { checks: Record<string, unknown>[] }[] };
    Object.assign(run.contracts[0]!.checks[0]!, { measured: 0.1 + 0.2, threshold: { mustBeLessOrEqualTo: 0.25 }, unit: "percent" });
    Object.assign(run.contracts[0]!.checks[1]!, { measured: 0.3000001, threshold: { mustBeLessOrEqualTo: 0.3 }, unit: "d" });
    await publishProducts({ target: `dir:${catalog}`, products: productDocuments({ id: "orders" }), results: run, publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const page = readFileSync(join(site, productPagePath("orders")), "utf8");
    expect(page).toContain('<td><span title="0.30000000000000004">0.3%</span></td>');
    // Rounded, it would read as the bound it breaks: every digit.
    expect(page).toContain("<td>0.3000001 d</td>");
  });

  it("show thresholds as a consumer reads them (a range's bounds excluded, as ODCS says), the ODCS form in the title", async () => {
    const catalog = tempDir();
    const run = qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-07-01T06:00:00Z", statuses: ["fail", "fail"] }]) as { contracts: { checks: Record<string, unknown>[] }[] };
    Object.assign(run.contracts[0]!.checks[0]!, { measured: 25, threshold: { mustBeBetween: [0, 5] }, unit: "percent" });
    Object.assign(run.contracts[0]!.checks[1]!, { measured: 2, threshold: { mustBeLessOrEqualTo: 1 }, unit: "rows" });
    await publishProducts({ target: `dir:${catalog}`, products: productDocuments({ id: "orders" }), results: run, publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const page = readFileSync(join(site, productPagePath("orders")), "utf8");
    expect(page).toContain('<td>25%</td><td><span title="{&quot;mustBeBetween&quot;:[0,5]}">between 0% and 5% (exclusive)</span></td>');
    expect(page).toContain('<td>2 rows</td><td><span title="{&quot;mustBeLessOrEqualTo&quot;:1}">≤ 1 row</span></td>');
    expect(page).not.toMatch(/<td>\{&quot;must/);
  });
});

describe("HTML escaping", () => {
  const evil = '<script>alert("x")</script> "><img src=x onerror=alert(1)>';

  it("escapes everything interpolated, unless it is markup built the same way", () => {
    expect(escapeHtml(`a & b < c > d " e ' f \``)).toBe("a &amp; b &lt; c &gt; d &quot; e &#39; f &#96;");
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(`<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`);
    expect(html`<ul>${["<a>", html`<li>${"<b>"}</li>`]}</ul>`.value).toBe("<ul>&lt;a&gt;<li>&lt;b&gt;</li></ul>");
    expect(safeUrl("javascript:alert(1)")).toBeUndefined();
    expect(safeUrl(" https://ok.example/x ")).toBe("https://ok.example/x");
    expect(safeUrl("mailto:team@example.com")).toBe("mailto:team@example.com");
  });

  it("shows document content with markup as text on every page", async () => {
    const catalog = tempDir();
    const docs = productDocuments({
      id: "evil</script><script>alert(1)</script>",
      name: `orders ${evil}`,
      description: evil,
      tags: [evil],
      team: evil,
      columns: [{ name: `col"><svg onload=alert(1)>`, classification: evil, description: evil, tags: ["pii"] }],
      inputs: [{ name: evil, contractId: evil, version: "1.0.0" }],
    });
    const productValue = docs[0]!.value as { support: { url: string }[] };
    productValue.support[0]!.url = "javascript:alert(document.cookie)";
    await publishProducts({ target: `dir:${catalog}`, products: docs, publisher: publisher({ name: evil }), changelogs: { [String((docs[0]!.value as { id: string }).id)]: evil } });
    const site = tempDir();
    buildSite(catalog, site);
    const files = readAll(site);
    const pages = Object.entries(files).filter(([path]) => path.endsWith(".html"));
    expect(pages).toHaveLength(2);
    for (const [, text] of pages) {
      expect(text).not.toContain("<script>alert");
      expect(text).not.toContain("<img src=x");
      expect(text).not.toContain("<svg onload");
      expect(text).not.toContain('href="javascript:');
      expect(text).not.toContain("</script><script>alert(1)");
      // exactly the site's own scripts: none on product pages, two on the index (inline data + search)
      expect((text.match(/<script/g) ?? []).length).toBe(text.includes('id="search-index"') ? 2 : 0);
    }
    const product = pages.find(([path]) => path.startsWith("products/"))![1];
    expect(product).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(product).toContain("javascript:alert(document.cookie)"); // shown as text, not a link
    const index = files["index.html"]!;
    expect(index).toContain("\\u003cscript\\u003e"); // the inline search index cannot close its script element
  });
});
