import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { encodeName, entryPath } from "./paths.js";
import { publishProducts } from "./publish.js";
import { readQualityRun } from "./results.js";
import { productPagePath } from "./search.js";
import { buildSite } from "./site/build.js";
import { type CatalogIndex, indexText, readCatalogDir } from "./store.js";
import { catalogTargetFor, parseCatalogTarget, redactUrl } from "./targets/target.js";
import { exampleDocuments, exampleResults, productDocuments, publisher, qualityRun, tempDir } from "./test-support.js";

function readIndex(dir: string): CatalogIndex {
  return JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as CatalogIndex;
}

function snapshot(dir: string): Map<string, { text: string; mtimeMs: number }> {
  const files = new Map<string, { text: string; mtimeMs: number }>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const path = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else files.set(path, { text: readFileSync(join(dir, path), "utf8"), mtimeMs: statSync(join(dir, path)).mtimeMs });
    }
  };
  walk("");
  return files;
}

describe("publishProducts to a dir target", () => {
  it("registers the example products with their results, and publishing them again writes nothing", async () => {
    const dir = join(tempDir(), "catalog");
    const options = { target: `dir:${dir}`, products: exampleDocuments(), results: exampleResults(), publisher: publisher() };
    const first = await publishProducts(options);
    expect(first.findings).toEqual([]);
    expect(first.changes.map((c) => [c.action, c.name, c.version])).toEqual([
      ["add-product", "customer_360", "2.1.0"],
      ["add-product", "quarterly_ledger", "1.1.0"],
      ["add-product", "customer_campaigns", "1.3.0"],
      ["add-product", "inventory_snapshot", "1.4.0"],
    ]);
    expect(first.written).toBe(true);
    expect(first.files.at(-1)).toBe("index.json");
    const index = readIndex(dir);
    expect(index.products.map((p) => [p.domain, p.name, p.latestVersion, p.quality])).toEqual([
      ["customer", "customer_360", "2.1.0", "pass"],
      ["finance", "quarterly_ledger", "1.1.0", "pass"],
      ["marketing", "customer_campaigns", "1.3.0", "pass"],
      ["supply_chain", "inventory_snapshot", "1.4.0", "fail"],
    ]);
    const before = snapshot(dir);

    const again = await publishProducts({ ...options, publisher: publisher({ now: new Date("2026-08-01T00:00:00Z"), commit: "another" }) });
    expect(again.changes.map((c) => c.action)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(again.written).toBe(false);
    expect(again.files).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it("keeps every version: a new version is added beside the earlier ones", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "1.0.0" }), publisher: publisher() });
    const second = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "1.1.0" }), publisher: publisher() });
    expect(second.changes).toMatchObject([{ action: "add-version", version: "1.1.0", message: "orders 1.1.0 (sales): new version after 1.0.0" }]);
    expect(existsSync(join(dir, entryPath("orders", "1.0.0")))).toBe(true);
    expect(existsSync(join(dir, entryPath("orders", "1.1.0")))).toBe(true);
    expect(readIndex(dir).products).toMatchObject([{ id: "orders", latestVersion: "1.1.0", versions: [{ version: "1.0.0" }, { version: "1.1.0" }] }]);
    // versions are ordered by semver, not as text
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "1.10.0" }), publisher: publisher() });
    expect(readIndex(dir).products[0]!.versions.map((v) => v.version)).toEqual(["1.0.0", "1.1.0", "1.10.0"]);
    // An older version published later is history: the latest stays, and the message says so.
    const older = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "0.9.0" }), publisher: publisher() });
    expect(older.changes).toMatchObject([{ action: "add-version", message: "orders 0.9.0 (sales): earlier version added (the latest stays 1.10.0)" }]);
    expect(readIndex(dir).products[0]!.latestVersion).toBe("1.10.0");
  });

  it("records new results of a published version in its quality history", async () => {
    const dir = tempDir();
    const products = productDocuments({ id: "orders" });
    const run = (finishedAt: string, status: "pass" | "fail") => qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt, statuses: [status] }]);
    await publishProducts({ target: `dir:${dir}`, products, results: run("2026-06-29T06:00:00Z", "pass"), publisher: publisher() });
    const update = await publishProducts({ target: `dir:${dir}`, products, results: run("2026-06-30T06:00:00Z", "fail"), publisher: publisher() });
    expect(update.changes).toMatchObject([{ action: "update-quality", message: "orders 1.0.0 (sales): contract-test results of 2026-06-30T06:00:00.000Z (fail)" }]);
    const entry = JSON.parse(readFileSync(join(dir, entryPath("orders", "1.0.0")), "utf8"));
    expect(entry.quality.history.map((h: { status: string }) => h.status)).toEqual(["pass", "fail"]);
    expect(readIndex(dir).products[0]!.quality).toBe("fail");
    // Results older than the latest only join the history: the message names them, not the results still shown.
    const earlier = await publishProducts({ target: `dir:${dir}`, products, results: run("2026-06-28T06:00:00Z", "pass"), publisher: publisher() });
    expect(earlier.changes).toMatchObject([
      {
        action: "update-quality",
        message: "orders 1.0.0 (sales): earlier contract-test results of 2026-06-28T06:00:00.000Z (pass) added to its quality history; the latest are still the contract-test results of 2026-06-30T06:00:00.000Z (fail)",
      },
    ]);
    expect(readIndex(dir).products[0]!.quality).toBe("fail");
  });

  it("warns at the results file when its results are of another contract version, or of no product published", async () => {
    const dir = tempDir();
    const products = productDocuments({ id: "orders", contractVersion: "1.1.0" });
    const file = join(tempDir(), "results.json");
    // Run before the contract was bumped: its results do not describe 1.1.0.
    writeFileSync(file, JSON.stringify(qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["pass"] }])));
    const stale = await publishProducts({ target: `dir:${dir}`, products, results: readQualityRun(file), publisher: publisher() });
    expect(stale.findings.map((f) => [f.ruleId, f.severity, f.file, f.message])).toEqual([
      [
        "catalog-results-unmatched",
        "warning",
        file,
        "The contract-test results of contract orders-contract 1.0.0 (pass, checked 2026-06-30T06:00:00.000Z) are not published: the products published serve that contract at version 1.1.0. Test the documents you publish, and publish their results.",
      ],
    ]);
    expect(JSON.parse(readFileSync(join(dir, entryPath("orders", "1.0.0")), "utf8")).quality).toBeNull();
    // Another product's results only: the wrong file.
    const other = qualityRun([{ id: "refunds-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z" }]);
    const wrong = await publishProducts({ target: `dir:${dir}`, products, results: other, publisher: publisher() });
    expect(wrong.findings.map((f) => [f.ruleId, f.file, f.message])).toEqual([
      ["catalog-results-unmatched", "results", "None of the contract-test results is published: they are of contract refunds-contract 1.0.0, which no product published here serves. Publish the results of the run over these products' contracts."],
    ]);
    // A run over more products than are published: the results of this one are published, the rest are no concern.
    const both = qualityRun([
      { id: "orders-contract", version: "1.1.0", finishedAt: "2026-06-30T06:00:00Z" },
      { id: "refunds-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z" },
    ]);
    const some = await publishProducts({ target: `dir:${dir}`, products, results: both, publisher: publisher() });
    expect(some.findings).toEqual([]);
    expect(some.changes).toMatchObject([{ action: "update-quality" }]);
  });

  it("replaces a version published again with different documents, with a warning", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders" }), publisher: publisher() });
    const again = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", description: "Reworded." }), publisher: publisher() });
    expect(again.changes).toMatchObject([{ action: "update-version" }]);
    expect(again.findings).toMatchObject([{ ruleId: "catalog-version-changed", severity: "warning", file: "orders/product.odps.yaml", path: "/version" }]);
  });

  // Deprecating or retiring a product is a new (minor) version, as schema-compat's element-deprecated requires: a
  // released version whose status alone changed is a changed version, not news of the same one.
  it("replaces a version published again with only its status changed, with the same warning", async () => {
    const dir = tempDir();
    const withStatus = (docs: ReturnType<typeof productDocuments>, status: string) => docs.map((d) => (d.kind.type === "DataProduct" ? { ...d, value: { ...(d.value as Record<string, unknown>), status } } : d));
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders" }), publisher: publisher() });
    const again = await publishProducts({ target: `dir:${dir}`, products: withStatus(productDocuments({ id: "orders" }), "deprecated"), publisher: publisher() });
    expect(again.changes).toMatchObject([{ action: "update-version", message: expect.stringMatching(/documents replaced \(same version\)$/) }]);
    expect(again.findings).toMatchObject([{ ruleId: "catalog-version-changed", path: "/version" }]);
  });

  it("takes a version that differs in build metadata only as the same version (semver §10): one entry, replaced with a warning", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "1.0.0", contractVersion: "1.0.0" }), publisher: publisher() });
    const again = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "1.0.0+build.7", contractVersion: "1.0.0" }), publisher: publisher() });
    expect(again.changes).toMatchObject([{ action: "update-version", version: "1.0.0" }]);
    expect(again.findings).toMatchObject([{ ruleId: "catalog-version-changed", path: "/version" }]);
    expect(readIndex(dir).products[0]!.versions.map((v) => v.version)).toEqual(["1.0.0"]);
    expect(existsSync(join(dir, entryPath("orders", "1.0.0+build.7")))).toBe(false);
  });

  it("keeps pre-releases apart that semver's doubles would take for one (identifiers beyond 2^53): two entries", async () => {
    const dir = tempDir();
    for (const version of ["1.0.0-rc.9007199254740993", "1.0.0-rc.9007199254740992"]) {
      await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version, contractVersion: "1.0.0" }), publisher: publisher() });
    }
    const again = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "1.0.0-rc.9007199254740992+b2", contractVersion: "1.0.0" }), publisher: publisher() });
    // Build metadata still makes no other version: it is the entry of rc.9007199254740992.
    expect(again.changes).toMatchObject([{ action: "update-version", version: "1.0.0-rc.9007199254740992" }]);
    const product = readIndex(dir).products[0]!;
    expect(product.versions.map((v) => v.version)).toEqual(["1.0.0-rc.9007199254740992", "1.0.0-rc.9007199254740993"]);
    expect(product.latestVersion).toBe("1.0.0-rc.9007199254740993");
  });

  it("orders versions by semver precedence, numbers of any size included (latestVersion)", async () => {
    const dir = tempDir();
    for (const version of ["1.9.0", "1.12.0", "99999999999999999999.0.0", "1.10.0-rc.1"]) {
      await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version, contractVersion: "1.0.0" }), publisher: publisher() });
    }
    const product = readIndex(dir).products[0]!;
    expect(product.versions.map((v) => v.version)).toEqual(["1.9.0", "1.10.0-rc.1", "1.12.0", "99999999999999999999.0.0"]);
    expect(product.latestVersion).toBe("99999999999999999999.0.0");
  });

  it("takes the newest release as latestVersion, not a newer pre-release; a pre-release when there is nothing else", async () => {
    const dir = tempDir();
    const publish = (id: string, version: string) => publishProducts({ target: `dir:${dir}`, products: productDocuments({ id, version, contractVersion: "1.0.0" }), publisher: publisher() });
    for (const version of ["1.4.0", "2.0.0-rc.1", "v2.0.0-rc.2"]) await publish("orders", version);
    await publish("returns", "0.1.0-alpha");
    await publish("returns", "0.1.0-beta");
    // A version that is not semver sorts first and is never the latest while a semver one exists.
    await publish("stock", "draft");
    await publish("stock", "1.0.0-rc.1");
    const products = readIndex(dir).products;
    expect(products.map((p) => [p.id, p.latestVersion, p.versions.map((v) => v.version)])).toEqual([
      ["orders", "1.4.0", ["1.4.0", "2.0.0-rc.1", "v2.0.0-rc.2"]],
      ["returns", "0.1.0-beta", ["0.1.0-alpha", "0.1.0-beta"]],
      ["stock", "1.0.0-rc.1", ["draft", "1.0.0-rc.1"]],
    ]);
  });

  it("keeps a changelog with the version, and updates it without a warning", async () => {
    const dir = tempDir();
    const products = productDocuments({ id: "orders" });
    await publishProducts({ target: `dir:${dir}`, products, publisher: publisher(), changelogs: { orders: "First release." } });
    const update = await publishProducts({ target: `dir:${dir}`, products, publisher: publisher(), changelogs: { orders: "First release.\nFixes the docs." } });
    expect(update).toMatchObject({ findings: [], changes: [{ action: "update-version", message: "orders 1.0.0 (sales): changelog updated" }] });
    // publishing without one keeps it
    expect((await publishProducts({ target: `dir:${dir}`, products, publisher: publisher() })).changes).toMatchObject([{ action: "unchanged" }]);
    expect(JSON.parse(readFileSync(join(dir, entryPath("orders", "1.0.0")), "utf8")).changelog).toBe("First release.\nFixes the docs.");
  });

  it("dry run reports the changes and writes nothing", async () => {
    const dir = join(tempDir(), "catalog");
    const result = await publishProducts({ target: `dir:${dir}`, products: exampleDocuments(), publisher: publisher(), dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.changes).toHaveLength(4);
    expect(result.changes.every((c) => c.action === "add-product")).toBe(true);
    expect(result.files).toHaveLength(5);
    expect(existsSync(dir)).toBe(false);
  });

  it("refuses a product id registered by another domain, naming the owner", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", domain: "sales" }), publisher: publisher() });
    const before = snapshot(dir);
    const other = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", domain: "finance", version: "9.0.0" }), publisher: publisher({ repo: "acme/finance" }) });
    expect(other.changes).toEqual([]);
    expect(other.written).toBe(false);
    expect(other.findings).toHaveLength(1);
    expect(other.findings[0]).toMatchObject({ ruleId: "catalog-ownership", severity: "error", file: "orders/product.odps.yaml", path: "/domain" });
    expect(other.findings[0]!.message).toBe(
      "Product id orders is registered in the catalog by domain sales (orders, from acme/domain-repo); domain finance may not publish it: ownership is by domain. Give this product its own id, or have sales hand it over.",
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it("warns at the port of a product serving a contract another product in the catalog serves, and publishes it; a retired one does not count", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", domain: "sales", contractId: "orders-contract" }), publisher: publisher() });
    const copied = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "returns", domain: "service", contractId: "orders-contract" }), publisher: publisher() });
    expect(copied.changes.map((c) => [c.action, c.id])).toEqual([["add-product", "returns"]]);
    expect(copied.findings).toHaveLength(1);
    expect(copied.findings[0]).toMatchObject({ ruleId: "catalog-contract-shared", severity: "warning", file: "returns/product.odps.yaml", path: "/outputPorts/0/contractId" });
    expect(copied.findings[0]!.message).toBe(
      "Output port returns serves contract orders-contract, which orders (sales) 1.0.0 serves too in the catalog: a contract id names one product's output, so products reading it are shown as consumers of only one of the two. Give this port's contract its own id; if the port moved here from orders, publish a new version of orders without it.",
    );
    // Publishing the product again says so again; a product of its own contract is no finding.
    expect((await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", domain: "sales", contractId: "orders-contract" }), publisher: publisher() })).findings.map((f) => f.ruleId)).toEqual(["catalog-contract-shared"]);
    expect((await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "refunds", domain: "service" }), publisher: publisher() })).findings).toEqual([]);

    // The port moved: once the product it left is retired, the one it joined serves it alone.
    const [orders, contract] = productDocuments({ id: "orders", domain: "sales", version: "1.1.0", contractId: "orders-contract" });
    (orders!.value as { status: string }).status = "retired";
    // Its retired version, still listing the port, serves nothing: no finding there either.
    expect((await publishProducts({ target: `dir:${dir}`, products: [orders!, contract!], publisher: publisher() })).findings).toEqual([]);
    expect((await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "returns", domain: "service", contractId: "orders-contract" }), publisher: publisher() })).findings).toEqual([]);
  });

  it("judges a contract shared by what the whole run leaves in the catalog, whatever the order the products are given in", async () => {
    // A port moved from orders to returns in one run: no finding, returns given before orders or after.
    for (const order of ["returns first", "orders first"]) {
      const dir = tempDir();
      await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", domain: "sales", contractId: "orders-contract" }), publisher: publisher() });
      const [orders, ordersContract] = productDocuments({ id: "orders", domain: "sales", version: "1.1.0", contractId: "orders-v2" });
      const returns = productDocuments({ id: "returns", domain: "sales", contractId: "orders-contract" });
      const products = order === "returns first" ? [...returns, orders!, ordersContract!] : [orders!, ordersContract!, ...returns];
      const moved = await publishProducts({ target: `dir:${dir}`, products, publisher: publisher() });
      expect([moved.changes.map((c) => `${c.id} ${c.version}`).sort(), moved.findings], order).toEqual([["orders 1.1.0", "returns 1.0.0"], []]);
    }
    // Two new products serving one contract: each is warned, not only the one that happens to come second.
    const both = await publishProducts({
      target: `dir:${tempDir()}`,
      products: [...productDocuments({ id: "returns", domain: "service", contractId: "orders-contract" }), ...productDocuments({ id: "orders", domain: "sales", contractId: "orders-contract" })],
      publisher: publisher(),
    });
    expect(both.findings.filter((f) => f.ruleId === "catalog-contract-shared").map((f) => [f.ruleId, f.file])).toEqual([
      ["catalog-contract-shared", "returns/product.odps.yaml"],
      ["catalog-contract-shared", "orders/product.odps.yaml"],
    ]);
  });

  it("refuses a product id, or a version, that differs from one in the catalog only in letter case (one file on macOS and Windows)", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders" }), publisher: publisher() });
    const before = snapshot(dir);
    const other = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "Orders", version: "2.0.0" }), publisher: publisher() });
    expect(other.changes).toEqual([]);
    expect(other.findings).toMatchObject([{ ruleId: "catalog-case-collision", severity: "error", path: "/id" }]);
    expect(other.findings[0]!.message).toMatch(/^Product id Orders differs only in letter case from orders \(orders, domain sales\), already in the catalog/);
    expect(snapshot(dir)).toEqual(before);
    // Two such products in one publish: the first is published, the second refused.
    const fresh = tempDir();
    const both = await publishProducts({ target: `dir:${fresh}`, products: [...productDocuments({ id: "refunds" }), ...productDocuments({ id: "REFUNDS" })], publisher: publisher() });
    expect(both.changes.map((c) => c.id)).toEqual(["refunds"]);
    expect(both.findings).toMatchObject([{ ruleId: "catalog-case-collision", path: "/id" }]);
    // Pre-releases RC1 and rc1 are two versions to semver, and one file where case is not told apart.
    await publishProducts({ target: `dir:${fresh}`, products: productDocuments({ id: "refunds", version: "2.0.0-RC1" }), publisher: publisher() });
    const lower = await publishProducts({ target: `dir:${fresh}`, products: productDocuments({ id: "refunds", version: "2.0.0-rc1" }), publisher: publisher() });
    expect(lower.changes).toEqual([]);
    expect(lower.findings).toMatchObject([{ ruleId: "catalog-case-collision", path: "/version" }]);
    expect(lower.findings[0]!.message).toMatch(/^Version 2\.0\.0-rc1 of refunds differs only in letter case from version 2\.0\.0-RC1, already in the catalog/);
  });

  it("refuses, alone, a product whose id or version makes a file name longer than file systems take (28 Chinese characters do)", async () => {
    const dir = tempDir();
    const longId = "客户画像客户三百六十度视图数据产品第二版本客户画像客户画";
    const products = [
      ...productDocuments({ id: "orders" }),
      ...productDocuments({ id: longId, contractId: "profiles" }),
      ...productDocuments({ id: "refunds", version: `1.0.0-${"rc.".repeat(84)}1` }),
      ...productDocuments({ id: "returns" }),
    ];
    const result = await publishProducts({ target: `dir:${dir}`, products, publisher: publisher() });
    expect(result.changes.map((c) => c.id)).toEqual(["orders", "returns"]);
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([
      ["catalog-product-invalid", "error", "/id"],
      ["catalog-product-invalid", "error", "/version"],
    ]);
    expect(result.findings[0]!.message).toMatch(/^Data product 客户画像\S+ is not published: its id, encoded as a catalog file name \(its entry folder and site page\), is 252 bytes, and file systems take at most 250 /);
    expect(readIndex(dir).products.map((p) => p.id)).toEqual(["orders", "returns"]);
  });

  it("publishes, and builds the site of, a product whose id and version encode to the longest names it takes (250 bytes)", async () => {
    const dir = tempDir();
    const id = `${"客".repeat(27)}${"x".repeat(7)}`;
    const version = `1.0.0-${"r".repeat(244)}`;
    expect([encodeName(id).length, encodeName(version).length]).toEqual([250, 250]);
    const result = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id, version }), publisher: publisher() });
    expect([result.findings, result.changes.map((c) => c.action)]).toEqual([[], ["add-product"]]);
    expect(existsSync(join(dir, entryPath(id, version)))).toBe(true);
    const site = tempDir();
    buildSite(dir, site);
    expect(readFileSync(join(site, productPagePath(id)), "utf8")).toContain(`<h1 id="product-name">${id}</h1>`);
  });

  it("refuses a product id registered from another repository of the same domain", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders" }), publisher: publisher({ repo: "acme/sales" }) });
    const other = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "2.0.0" }), publisher: publisher({ repo: "acme/sales-fork" }) });
    expect(other.findings).toMatchObject([{ ruleId: "catalog-ownership", path: "/id" }]);
    expect(other.findings[0]!.message).toContain("registered in the catalog from repository acme/sales; acme/sales-fork may not publish it");
    // other products of the same run are still published
    const mixed = await publishProducts({ target: `dir:${dir}`, products: [...productDocuments({ id: "orders", version: "2.0.0" }), ...productDocuments({ id: "refunds" })], publisher: publisher({ repo: "acme/sales-fork" }) });
    expect(mixed.changes.map((c) => c.id)).toEqual(["refunds"]);
    expect(readIndex(dir).products.map((p) => p.id)).toEqual(["orders", "refunds"]);
  });

  it("keeps the id with its first repository and domain after a version published from an unnamed checkout or without a domain", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "1.0.0" }), publisher: publisher({ repo: "acme/sales" }) });
    // A checkout that names no repository (no GITHUB_REPOSITORY, no origin) may publish: it claims nothing.
    const unnamed = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "1.1.0" }), publisher: publisher({ repo: "" }) });
    expect(unnamed.findings).toEqual([]);
    const other = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "1.2.0" }), publisher: publisher({ repo: "acme/sales-fork" }) });
    expect(other.findings).toMatchObject([{ ruleId: "catalog-ownership", path: "/id" }]);
    expect(other.findings[0]!.message).toContain("registered in the catalog from repository acme/sales; acme/sales-fork may not publish it");
    // Likewise a version without a domain does not free the id for another domain.
    const domainless = tempDir();
    await publishProducts({ target: `dir:${domainless}`, products: productDocuments({ id: "orders", version: "1.0.0", domain: "sales" }), publisher: publisher() });
    await publishProducts({ target: `dir:${domainless}`, products: productDocuments({ id: "orders", version: "1.1.0", domain: "" }), publisher: publisher() });
    const finance = await publishProducts({ target: `dir:${domainless}`, products: productDocuments({ id: "orders", version: "1.2.0", domain: "finance" }), publisher: publisher() });
    expect(finance.findings).toMatchObject([{ ruleId: "catalog-ownership", path: "/domain" }]);
  });

  it("reports the products a whole-repository publish no longer has, registered from that repository and not retired; removes nothing", async () => {
    const dir = tempDir();
    const sales = publisher({ repo: "acme/sales" });
    const withStatus = (docs: ReturnType<typeof productDocuments>, status: string | undefined) =>
      docs.map((d) => (d.kind.type === "DataProduct" ? { ...d, value: { ...(d.value as Record<string, unknown>), status } } : d));
    await publishProducts({ target: `dir:${dir}`, products: [...productDocuments({ id: "orders" }), ...productDocuments({ id: "refunds" })], publisher: sales, wholeRepository: true });
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "payments", domain: "finance" }), publisher: publisher({ repo: "acme/finance" }), wholeRepository: true });

    // A publish of some paths says nothing about the products it left out.
    const partial = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders" }), publisher: sales });
    expect(partial.findings).toEqual([]);

    // refunds was deleted from acme/sales; payments is acme/finance's, not this repository's business.
    const whole = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders" }), publisher: sales, wholeRepository: true, dryRun: true });
    expect(whole.findings).toMatchObject([{ ruleId: "catalog-product-orphaned", severity: "warning", file: join(dir, entryPath("refunds", "1.0.0")), line: 1 }]);
    expect(whole.findings[0]!.message).toBe(
      "refunds 1.0.0 (sales), status active, is registered from repository acme/sales, which no longer has a product with id refunds; consumers still find it in the catalog. If it was retired, publish it once more with status: retired and a new version; if it is gone for good, remove products/refunds/ from the catalog (the next publish rebuilds the index).",
    );
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders" }), publisher: sales, wholeRepository: true });
    expect(readIndex(dir).products.map((p) => p.id)).toEqual(["payments", "orders", "refunds"]);

    // A product still in the repository, even one refused for breaking ODPS, is not gone.
    const refused = await publishProducts({ target: `dir:${dir}`, products: [...productDocuments({ id: "orders" }), ...withStatus(productDocuments({ id: "refunds" }), undefined)], publisher: sales, wholeRepository: true });
    expect(refused.findings.map((f) => f.ruleId)).toEqual(["catalog-product-invalid"]);

    // Retired, then deleted: consumers are told by its status, nothing more to say.
    await publishProducts({ target: `dir:${dir}`, products: [...productDocuments({ id: "orders" }), ...withStatus(productDocuments({ id: "refunds", version: "1.1.0" }), "retired")], publisher: sales, wholeRepository: true });
    const retired = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders" }), publisher: sales, wholeRepository: true });
    expect(retired.findings).toEqual([]);
  });

  it("does not take another project's products of the same repository for removed ones (two domain folders publish on their own)", async () => {
    // `meshkit init domain sales --dir domains/sales` and `... billing --dir domains/billing`: one repository,
    // two projects, each publishing all of its own products and none of the other's.
    const dir = tempDir();
    const sales = publisher({ repo: "acme/company", project: "domains/sales" });
    const billing = publisher({ repo: "acme/company", project: "domains/billing" });
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", domain: "sales" }), publisher: sales, wholeRepository: true });
    expect((await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "invoices", domain: "billing" }), publisher: billing, wholeRepository: true })).findings).toEqual([]);
    expect((await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", domain: "sales" }), publisher: sales, wholeRepository: true, dryRun: true })).findings).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, entryPath("invoices", "1.0.0")), "utf8")).publication).toMatchObject({ repo: "acme/company", project: "domains/billing" });

    // A product gone from its own project is still reported, naming the project.
    const removed = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "credit_notes", domain: "billing" }), publisher: billing, wholeRepository: true, dryRun: true });
    expect(removed.findings.map((f) => [f.ruleId, f.file])).toEqual([["catalog-product-orphaned", join(dir, entryPath("invoices", "1.0.0"))]]);
    expect(removed.findings[0]!.message).toContain("is registered from repository acme/company (project domains/billing), which no longer has a product with id invoices;");
  });

  it("follows a product moved to another project of its repository: the project it left does not call it removed, the one it joined does", async () => {
    const dir = tempDir();
    const sales = publisher({ repo: "acme/company", project: "domains/sales" });
    const billing = publisher({ repo: "acme/company", project: "domains/billing" });
    const products = (...ids: string[]) => ids.flatMap((id) => productDocuments({ id, domain: "sales" }));
    await publishProducts({ target: `dir:${dir}`, products: products("orders", "refunds"), publisher: sales, wholeRepository: true });
    // refunds moves to domains/billing, unchanged (same version, same documents): billing publishes it, then sales publishes without it.
    const joined = await publishProducts({ target: `dir:${dir}`, products: products("refunds"), publisher: billing, wholeRepository: true });
    expect(joined.changes.map((c) => [c.action, c.message])).toEqual([["update-version", expect.stringContaining("unchanged, now published from project domains/billing")]]);
    expect(JSON.parse(readFileSync(join(dir, entryPath("refunds", "1.0.0")), "utf8")).publication).toMatchObject({ project: "domains/billing" });
    expect((await publishProducts({ target: `dir:${dir}`, products: products("orders"), publisher: sales, wholeRepository: true, dryRun: true })).findings).toEqual([]);
    // Removed from billing later: billing's publish says so.
    const removed = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "invoices", domain: "billing" }), publisher: billing, wholeRepository: true, dryRun: true });
    expect(removed.findings.map((f) => [f.ruleId, f.file])).toEqual([["catalog-product-orphaned", join(dir, entryPath("refunds", "1.0.0"))]]);

    // A top-level project whose globs reach into domains/billing reads refunds too: it claims nothing, so the
    // entry does not change hands (and is not rewritten) on each publish of the one or the other.
    const top = await publishProducts({ target: `dir:${dir}`, products: products("orders", "refunds"), publisher: publisher({ repo: "acme/company" }), wholeRepository: true });
    expect(top.changes.find((c) => c.id === "refunds")?.action).toBe("unchanged");
    expect(JSON.parse(readFileSync(join(dir, entryPath("refunds", "1.0.0")), "utf8")).publication).toMatchObject({ project: "domains/billing" });
  });

  it("records a product as the project's whose folder holds its file: one moved from a nested project up to the top is the top's", async () => {
    const dir = tempDir();
    const projects = new Map<string, string>([["orders", "domains/sales"], ["refunds", "domains/sales"]]);
    const layout = { projectOf: (file: string) => projects.get(file.split("/")[0] as string), hasProject: (folder: string) => folder === "" || folder === "domains/sales" };
    const products = (...ids: string[]) => ids.flatMap((id) => productDocuments({ id, domain: "sales" }));
    const sales = publisher({ repo: "acme/company", project: "domains/sales" });
    const top = publisher({ repo: "acme/company" });
    await publishProducts({ target: `dir:${dir}`, products: products("orders", "refunds"), publisher: sales, wholeRepository: true, layout });
    // The top's globs reach domains/sales: it reads orders there, and claims nothing.
    const reached = await publishProducts({ target: `dir:${dir}`, products: products("orders"), publisher: top, layout });
    expect(reached.changes.map((c) => c.action)).toEqual(["unchanged"]);
    // refunds moves up to the top's own folder: the top publishes it and has it now; domains/sales does not call it removed.
    projects.set("refunds", "");
    const moved = await publishProducts({ target: `dir:${dir}`, products: products("refunds"), publisher: top, wholeRepository: true, layout });
    expect(moved.changes.map((c) => [c.action, c.message])).toEqual([["update-version", expect.stringContaining("now published from the repository's top")]]);
    expect(JSON.parse(readFileSync(join(dir, entryPath("refunds", "1.0.0")), "utf8")).publication.project).toBeUndefined();
    expect((await publishProducts({ target: `dir:${dir}`, products: products("orders"), publisher: sales, wholeRepository: true, dryRun: true, layout })).findings).toEqual([]);
  });

  it("reports the products of a project folder the repository no longer has: renamed in the change that removed one of them", async () => {
    const dir = tempDir();
    const products = (...ids: string[]) => ids.flatMap((id) => productDocuments({ id, domain: "sales" }));
    const before = { projectOf: () => "domains/sales", hasProject: (folder: string) => folder === "domains/sales" };
    await publishProducts({ target: `dir:${dir}`, products: products("orders", "refunds"), publisher: publisher({ repo: "acme/company", project: "domains/sales" }), wholeRepository: true, layout: before });
    // domains/sales is now domains/retail, without refunds: retail takes orders over, and refunds is nobody's.
    const after = { projectOf: () => "domains/retail", hasProject: (folder: string) => folder === "domains/retail" };
    const retail = publisher({ repo: "acme/company", project: "domains/retail" });
    const renamed = await publishProducts({ target: `dir:${dir}`, products: products("orders"), publisher: retail, wholeRepository: true, layout: after });
    expect(renamed.changes.map((c) => c.action)).toEqual(["update-version"]);
    expect(renamed.findings.map((f) => [f.ruleId, f.file])).toEqual([["catalog-product-orphaned", join(dir, entryPath("refunds", "1.0.0"))]]);
    expect(renamed.findings[0]!.message).toContain("is registered from repository acme/company (project domains/sales), which no longer has that project;");
    // Another repository's products, and a project the checkout still has, are not this publish's to report.
    const other = { ...after, hasProject: (folder: string) => folder === "domains/retail" || folder === "domains/sales" };
    expect((await publishProducts({ target: `dir:${dir}`, products: products("orders"), publisher: retail, wholeRepository: true, dryRun: true, layout: other })).findings).toEqual([]);
  });

  it("keeps release notes of a new version from changelogFor, against the version before it (given changelogs win)", async () => {
    const dir = tempDir();
    const calls: string[] = [];
    const changelogFor = (previous: { productVersion: string }, next: { productVersion: string }) => {
      calls.push(`${previous.productVersion} -> ${next.productVersion}`);
      return `Changes since ${previous.productVersion}`;
    };
    const publish = (version: string, changelogs?: Record<string, string>) =>
      publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version }), publisher: publisher(), changelogFor, ...(changelogs ? { changelogs } : {}) });
    await publish("1.0.0");
    await publish("2.0.0");
    await publish("1.5.0");
    const again = await publish("1.5.0"); // the same version again: the same notes, nothing to write
    expect(again.changes.map((c) => c.action)).toEqual(["unchanged"]);
    await publish("3.0.0", { orders: "Hand-written notes." });
    expect(calls).toEqual(["1.0.0 -> 2.0.0", "1.0.0 -> 1.5.0", "1.0.0 -> 1.5.0"]);
    const entry = (version: string) => JSON.parse(readFileSync(join(dir, entryPath("orders", version)), "utf8")) as { changelog?: string };
    expect([entry("1.0.0").changelog, entry("2.0.0").changelog, entry("1.5.0").changelog, entry("3.0.0").changelog]).toEqual([undefined, "Changes since 1.0.0", "Changes since 1.0.0", "Hand-written notes."]);
    // A version published again with other documents gets the notes of its new documents.
    const described = (previous: { productVersion: string }, next: { product: { description?: { purpose?: string } } }) => `Since ${previous.productVersion}: ${next.product.description?.purpose ?? "?"}`;
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "2.0.0", description: "Orders, now with refunds." }), publisher: publisher(), changelogFor: described });
    expect(entry("2.0.0").changelog).toBe("Since 1.5.0: Orders, now with refunds.");
  });

  it("makes the same catalog of several versions of one product in one run whatever their file order: notes against the version before, messages", async () => {
    const changelogFor = (previous: { productVersion: string }, next: { productVersion: string }) => `Changes from ${previous.productVersion} to ${next.productVersion}`;
    const versions = (order: string[]) => order.flatMap((version) => productDocuments({ id: "orders", version }).map((d) => ({ ...d, file: `${version}/${d.file}` })));
    const catalogs: string[] = [];
    for (const order of [["1.0.0", "1.1.0", "2.0.0"], ["2.0.0", "1.1.0", "1.0.0"]]) {
      const dir = tempDir();
      await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "0.9.0" }), publisher: publisher(), changelogFor });
      const result = await publishProducts({ target: `dir:${dir}`, products: versions(order), publisher: publisher(), changelogFor });
      // Listed in input order; each version added after the one below it.
      expect(result.changes.map((c) => c.version)).toEqual(order);
      expect(result.changes.find((c) => c.version === "2.0.0")!.message).toBe("orders 2.0.0 (sales): new version after 1.1.0");
      catalogs.push(JSON.stringify(["0.9.0", "1.0.0", "1.1.0", "2.0.0"].map((v) => JSON.parse(readFileSync(join(dir, entryPath("orders", v)), "utf8")) as { changelog?: string }).map((e) => e.changelog)));
    }
    expect(catalogs[0]).toBe(JSON.stringify([undefined, "Changes from 0.9.0 to 1.0.0", "Changes from 1.0.0 to 1.1.0", "Changes from 1.1.0 to 2.0.0"]).replace("undefined", "null"));
    expect(catalogs[1]).toBe(catalogs[0]);
  });

  it("says whether a new version is the latest: a pre-release above it is not, nor is a release below a pre-release", async () => {
    const dir = tempDir();
    const publish = async (version: string) => (await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version }), publisher: publisher() })).changes[0]!.message;
    await publish("1.0.0");
    await publish("1.10.0");
    expect(await publish("2.0.0-rc.10")).toBe("orders 2.0.0-rc.10 (sales): pre-release added (the latest stays 1.10.0)");
    expect(await publish("2.0.0-rc.2")).toBe("orders 2.0.0-rc.2 (sales): pre-release added (the latest stays 1.10.0)");
    expect(await publish("1.11.0")).toBe("orders 1.11.0 (sales): new version after 1.10.0");
    expect(readIndex(dir).products[0]!.latestVersion).toBe("1.11.0");
    expect(await publish("1.9.0")).toBe("orders 1.9.0 (sales): earlier version added (the latest stays 1.11.0)");
    expect(await publish("2.0.0")).toBe("orders 2.0.0 (sales): new version after 1.11.0");
  });

  it("detects a corrupted index (not JSON), reports it and rebuilds it from the entries", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: [...productDocuments({ id: "a" }), ...productDocuments({ id: "b" })], publisher: publisher() });
    const good = readFileSync(join(dir, "index.json"), "utf8");
    writeFileSync(join(dir, "index.json"), '{"kind": "meshkit-catalog-index", "products": [');
    const result = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "a" }), publisher: publisher() });
    expect(result.changes).toMatchObject([{ action: "unchanged" }]);
    expect(result.findings).toMatchObject([{ ruleId: "catalog-index-rebuilt", severity: "warning", file: join(dir, "index.json"), line: 1 }]);
    expect(result.findings[0]!.message).toMatch(/^index\.json is not valid JSON \(.+\); it was rebuilt from the 2 entries\.$/);
    expect(readFileSync(join(dir, "index.json"), "utf8")).toBe(good);
  });

  it("detects an index that lost entries, names them, and rebuilds it", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: [...productDocuments({ id: "a" }), ...productDocuments({ id: "b" }), ...productDocuments({ id: "c" })], publisher: publisher() });
    const index = readIndex(dir);
    writeFileSync(join(dir, "index.json"), JSON.stringify({ ...index, products: index.products.slice(0, 1) }));
    const result = await publishProducts({ target: `dir:${dir}`, products: [], publisher: publisher() });
    expect(result.findings.map((f) => f.message)).toEqual(["index.json does not list 2 of 3 entries (b 1.0.0, c 1.0.0); it was rebuilt from the 3 entries."]);
    expect(readIndex(dir).products.map((p) => p.id)).toEqual(["a", "b", "c"]);
    // a missing index is rebuilt as well
    const state = readCatalogDir(dir);
    writeFileSync(join(dir, "index.json"), "");
    await publishProducts({ target: `dir:${dir}`, products: [], publisher: publisher() });
    expect(readFileSync(join(dir, "index.json"), "utf8")).toBe(indexText(state.entries));
  });

  it("reports an entry file that is not an entry, leaves it alone and does not index it", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "a" }), publisher: publisher() });
    mkdirSync(join(dir, "products/zz"), { recursive: true });
    writeFileSync(join(dir, "products/zz/1.0.0.json"), "{ not json");
    const result = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "b" }), publisher: publisher() });
    expect(result.findings).toMatchObject([{ ruleId: "catalog-entry-unreadable", severity: "error", file: join(dir, "products/zz/1.0.0.json") }]);
    expect(readIndex(dir).products.map((p) => p.id)).toEqual(["a", "b"]);
    expect(readFileSync(join(dir, "products/zz/1.0.0.json"), "utf8")).toBe("{ not json");
  });

  it("a target that is not a folder is a one-line error", async () => {
    const file = join(tempDir(), "file");
    writeFileSync(file, "x");
    const attempt = publishProducts({ target: `dir:${file}`, products: productDocuments({ id: "a" }), publisher: publisher() });
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(/^catalog dir:.+ is a file, not a folder: name a folder for the dir: catalog$/);
    await expect(publishProducts({ target: "ftp://x", products: [], publisher: publisher() })).rejects.toThrow("unknown catalog target ftp://x: use dir:<path>, git:<repo>#<branch>, datahub:<gms-url>, openmetadata:<url> or backstage:<dir>");
    await expect(publishProducts({ target: "datahub:http://localhost:8080", products: [], publisher: publisher() })).rejects.toThrow(/does not hold catalog entries/);
  });

  it("rejects a results file that is not a results document with a one-line error", async () => {
    await expect(publishProducts({ target: `dir:${tempDir()}`, products: [], results: { kind: "something" }, publisher: publisher() })).rejects.toThrow(
      'results: kind "something" is not a contract-test results document (meshkit-quality-run, the results file contract-test writes)',
    );
    // A results document whose checks are missing or malformed would show as a pass of nothing.
    const run = (checks: unknown) => ({ kind: "meshkit-quality-run", contracts: [{ kind: "meshkit-quality-results", contract: { id: "c", version: "1.0.0" }, finishedAt: "2026-06-30T06:00:00Z", checks }] });
    const target = `dir:${tempDir()}`;
    await expect(publishProducts({ target, products: [], results: run("x"), publisher: publisher() })).rejects.toThrow('results: contracts[0]: "checks" must be a list of check results');
    await expect(publishProducts({ target, products: [], results: run([null]), publisher: publisher() })).rejects.toThrow("results: contracts[0]: checks[0] is not a check result (an object with id, status, …)");
  });
});

describe("parseCatalogTarget", () => {
  it("parses dir and git targets, resolving paths against cwd", () => {
    expect(parseCatalogTarget("dir:catalog", { cwd: "/work" })).toEqual({ type: "dir", path: "/work/catalog", text: "dir:catalog" });
    expect(parseCatalogTarget("git:../catalog.git#main", { cwd: "/work/repo" })).toMatchObject({ type: "git", repo: "/work/catalog.git", branch: "main" });
    expect(parseCatalogTarget("git:https://github.com/acme/catalog.git#catalog/v1")).toMatchObject({ type: "git", repo: "https://github.com/acme/catalog.git", branch: "catalog/v1" });
    expect(parseCatalogTarget("git:git@github.com:acme/catalog.git")).toMatchObject({ type: "git", repo: "git@github.com:acme/catalog.git", branch: "catalog" });
    expect(parseCatalogTarget("datahub:http://localhost:8080/")).toMatchObject({ type: "datahub", url: "http://localhost:8080" });
    expect(parseCatalogTarget("backstage:out", { cwd: "/w" })).toMatchObject({ type: "backstage", dir: "/w/out" });
  });

  it("refuses bad branches and option-like repositories, and never prints a URL's token", () => {
    expect(() => parseCatalogTarget("git:/r.git#-f")).toThrow('catalog target git:/r.git#-f: "-f" is not a valid branch name');
    expect(() => parseCatalogTarget("git:/r.git#a..b")).toThrow(/not a valid branch name/);
    expect(() => parseCatalogTarget("git:--upload-pack=x#main")).toThrow(/cannot start with "-"/);
    expect(() => parseCatalogTarget("git:https://user:s3cret@example.com/r.git#bad branch")).toThrow("catalog target git:https://***@example.com/r.git#bad branch");
    expect(() => parseCatalogTarget("dir:")).toThrow(/give a folder/);
  });

  it("refuses credentials in a DataHub or OpenMetadata URL when the target is read, before any product is sent", () => {
    expect(() => parseCatalogTarget("datahub:http://user:pw@127.0.0.1:18080")).toThrow(/^The DataHub URL must not contain credentials: give the token in MESHKIT_DATAHUB_TOKEN$/);
    expect(() => parseCatalogTarget("openmetadata:https://admin:pw@om.example#service=pg")).toThrow(/^The OpenMetadata URL must not contain credentials: give the token in MESHKIT_OPENMETADATA_TOKEN$/);
    expect(parseCatalogTarget("openmetadata:https://om.example#service=pg")).toMatchObject({ type: "openmetadata", url: "https://om.example", settings: { service: "pg" } });
    // A password pasted unencoded may hold "#": the URL is not cut there (its user and password read as a host
    // and port, and were quoted in the error), and is refused for its credentials.
    for (const [scheme, service] of [["datahub", "DataHub"], ["openmetadata", "OpenMetadata"]] as const) {
      expect(() => parseCatalogTarget(`${scheme}:http://u:p#w@gms:8080`)).toThrow(new RegExp(`^The ${service} URL must not contain credentials: give the token in MESHKIT_${scheme.toUpperCase()}_TOKEN$`));
    }
    // Also where the part before the "#" is a URL (`u:12`, a host and port): not cut there, nor quoted in any error.
    for (const [scheme, service] of [["datahub", "DataHub"], ["openmetadata", "OpenMetadata"]] as const) {
      expect(() => parseCatalogTarget(`${scheme}:http://u:12#secret@gms:8080`)).toThrow(new RegExp(`^The ${service} URL must not contain credentials: give the token in MESHKIT_${scheme.toUpperCase()}_TOKEN$`));
    }
    expect(() => parseCatalogTarget("datahub:htp://u:12#secret@gms")).toThrow('catalog target datahub:htp://***@gms: give the server\'s http(s) URL after "datahub:"');
    expect(() => parseCatalogTarget("datahubb:http://u:12#secret@gms")).toThrow(/^unknown catalog target datahubb:http:\/\/\*\*\*@gms: /);
    // A git target's branch may hold an "@", after the repository's path: shown as written.
    expect(redactUrl("git:https://github.com/a/b.git#user@feature")).toBe("git:https://github.com/a/b.git#user@feature");
  });

  it("refuses settings after # in a DataHub target when the target is read (a dry run passed, and each product failed)", () => {
    expect(() => parseCatalogTarget("datahub:http://127.0.0.1:18080#server=warehouse")).toThrow(
      /^catalog target datahub:http:\/\/127\.0\.0\.1:18080#server=warehouse: datahub: takes no settings after "#"; give GMS's base address, e.g\. datahub:http:\/\/localhost:8080$/,
    );
    expect(() => parseCatalogTarget("datahub:http://127.0.0.1:18080/#")).toThrow(/takes no settings after "#"/);
  });

  it("refuses a token put in a DataHub or OpenMetadata target, saying where it goes and never showing it", () => {
    const secret = "s3cret-token-value";
    const refusals: [string, string][] = [
      [`datahub:http://gms:8080#token=${secret}`, "catalog target datahub:http://gms:8080#token=***: a target takes no token; set MESHKIT_DATAHUB_TOKEN to it (it is not shown here)"],
      [`openmetadata:http://om:8585#service=pg&access_token=${secret}`, "catalog target openmetadata:http://om:8585#service=pg&access_token=***: a target takes no token; set MESHKIT_OPENMETADATA_TOKEN to it (it is not shown here)"],
      [`openmetadata:http://om:8585#apiKey=${secret}`, "catalog target openmetadata:http://om:8585#apiKey=***: a target takes no token; set MESHKIT_OPENMETADATA_TOKEN to it (it is not shown here)"],
      [`datahub:http://gms:8080/api/gms?token=${secret}`, "The DataHub URL http://gms:8080/api/gms must not carry a token in its query: give it in MESHKIT_DATAHUB_TOKEN (it is not shown here)"],
      [`datahub:ftp://gms?private_token=${secret}`, 'catalog target datahub:ftp://gms?private_token=***: give the server\'s http(s) URL after "datahub:", e.g. datahub:http://localhost:8080'],
      // camelCase names (as OAuth clients and many APIs spell them) and a percent-encoded name are credentials too.
      [`datahub:http://gms:8080#accessToken=${secret}`, "catalog target datahub:http://gms:8080#accessToken=***: a target takes no token; set MESHKIT_DATAHUB_TOKEN to it (it is not shown here)"],
      [`datahub:http://gms:8080#tok%65n=${secret}`, "catalog target datahub:http://gms:8080#tok%65n=***: a target takes no token; set MESHKIT_DATAHUB_TOKEN to it (it is not shown here)"],
      [`openmetadata:http://om:8585#service=pg&authToken=${secret}`, "catalog target openmetadata:http://om:8585#service=pg&authToken=***: a target takes no token; set MESHKIT_OPENMETADATA_TOKEN to it (it is not shown here)"],
      [`openmetadata:http://om:8585#service=pg&%74oken=${secret}`, "catalog target openmetadata:http://om:8585#service=pg&%74oken=***: a target takes no token; set MESHKIT_OPENMETADATA_TOKEN to it (it is not shown here)"],
      [`openmetadata:http://om:8585#bearer=${secret}`, "catalog target openmetadata:http://om:8585#bearer=***: a target takes no token; set MESHKIT_OPENMETADATA_TOKEN to it (it is not shown here)"],
      [`openmetadata:http://om:8585/?apiToken=${secret}`, "The OpenMetadata URL http://om:8585/ must not carry a token in its query: give it in MESHKIT_OPENMETADATA_TOKEN (it is not shown here)"],
      [`git:https://git.example/r.git?accessToken=${secret}#bad branch`, 'catalog target git:https://git.example/r.git?accessToken=***#bad branch: "bad branch" is not a valid branch name'],
      [`nexus:http://x?password=${secret}`, "unknown catalog target nexus:http://x?password=***: use dir:<path>, git:<repo>#<branch>, datahub:<gms-url>, openmetadata:<url> or backstage:<dir>"],
    ];
    for (const [target, message] of refusals) {
      const error = (() => {
        try {
          parseCatalogTarget(target);
        } catch (e) {
          return e as Error;
        }
        throw new Error(`${target} was accepted`);
      })();
      expect(error.message).toBe(message);
      expect(error.message).not.toContain(secret);
    }
    // Settings that merely hold such a word are settings: a service or server may be named anything.
    expect(parseCatalogTarget("openmetadata:http://om:8585#service.keystore=pg&server=token")).toMatchObject({ settings: { services: { keystore: "pg" }, server: "token" } });
  });

  it("refuses a --catalog that cannot be a catalog when the command takes it, before it reads anything else", async () => {
    const options = { cwd: tempDir("target"), missing: "name the catalog with --catalog" };
    await expect(catalogTargetFor("ftp://catalog.example", options)).rejects.toThrow(/^unknown catalog target ftp:\/\/catalog\.example: use dir:<path>/);
    await expect(catalogTargetFor("dir:", options)).rejects.toThrow(/give a folder/);
    await expect(catalogTargetFor("dir:catalog", options)).resolves.toBe("dir:catalog");
  });
});
