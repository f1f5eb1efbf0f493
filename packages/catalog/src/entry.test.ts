import fc from "fast-check";
import { loadText } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { type CatalogEntry, assembleProducts, contentKey, createEntry, entryQualityStatus, mergeEntry, untestedContracts } from "./entry.js";
import { decodeName, encodeName, entryPath } from "./paths.js";
import { parseQualityRun } from "./results.js";
import { stableStringify } from "./stable-json.js";
import { buildIndex } from "./store.js";
import { NOW, documentsOf, exampleDocuments, exampleResults, productDocuments, publisher, qualityRun } from "./test-support.js";

const now = NOW.toISOString();

function entryFor(spec: Parameters<typeof productDocuments>[0], results: unknown = undefined): CatalogEntry {
  const { bundles } = assembleProducts(productDocuments(spec));
  const contracts = results === undefined ? [] : parseQualityRun(results).contracts;
  return createEntry(bundles[0]!, { publisher: publisher(), now, results: contracts });
}

describe("assembleProducts", () => {
  it("pairs each example product with the contracts of its output ports", () => {
    const { bundles, findings } = assembleProducts(exampleDocuments());
    expect(findings).toEqual([]);
    const summary = bundles.map((b) => [b.product.name, b.contracts.map((c) => c.name)]);
    expect(summary).toEqual([
      ["customer_360", ["customer_profile"]],
      ["quarterly_ledger", ["ledger_entries", "quarterly_balances"]],
      ["customer_campaigns", ["customer_campaigns"]],
      ["inventory_snapshot", ["inventory_snapshot"]],
    ]);
  });

  it("publishes a product without domain (ODPS makes it optional), with a warning at its node", () => {
    const docs = productDocuments({ id: "p1" });
    const product = docs[0]!.value as Record<string, unknown>;
    delete product.domain;
    const { bundles, findings } = assembleProducts(docs);
    expect(bundles).toHaveLength(1);
    expect(findings).toMatchObject([{ ruleId: "catalog-product-incomplete", severity: "warning", file: "p1/product.odps.yaml", stage: "catalog" }]);
    expect(findings[0]!.message).toContain("has no domain");
    expect(createEntry(bundles[0]!, { publisher: publisher(), now })).toMatchObject({ id: "p1", domain: "", productVersion: "1.0.0" });
  });

  it("publishes a domain that is not a plain name as written: no target makes a path of it", () => {
    const { bundles, findings } = assembleProducts(productDocuments({ id: "p1", domain: "../../etc" }));
    expect([bundles.length, findings]).toEqual([1, []]);
  });

  it("refuses a product that breaks the ODPS schema, at the offending node, instead of publishing less than it says", () => {
    const docs = productDocuments({ id: "p1" });
    (docs[0]!.value as Record<string, unknown>).outputPorts = "nope";
    const { bundles, findings } = assembleProducts(docs);
    expect(bundles).toEqual([]);
    expect(findings).toMatchObject([{ ruleId: "catalog-product-invalid", severity: "error", path: "/outputPorts", stage: "catalog" }]);
    expect(findings[0]!.message).toMatch(/^Data product p1 is not published: .*outputPorts/);
  });

  it("warns about an output port whose contract is not among the documents, and keeps the product", () => {
    const [productDoc] = productDocuments({ id: "p1" });
    const { bundles, findings } = assembleProducts([productDoc!]);
    expect(bundles).toHaveLength(1);
    expect(bundles[0]!.contracts).toEqual([]);
    expect(findings).toMatchObject([{ ruleId: "catalog-contract-missing", severity: "warning", path: "/outputPorts/0/contractId" }]);
    expect(findings[0]!.line).toBeGreaterThan(1);
  });

  it("warns about an output port whose contract is here only at other versions: the entry holds the newest of them, said at the port's version", () => {
    const [product, contract] = productDocuments({ id: "p1", contractId: "c1", contractVersion: "1.1.0" }).map((d) => d.value as Record<string, unknown>);
    const docs = [...documentsOf("p1.odps.yaml", product), ...documentsOf("c1.odcs.yaml", { ...contract, version: "1.2.0" }), ...documentsOf("c1-new.odcs.yaml", { ...contract, version: "1.3.0" })];
    const { bundles, findings } = assembleProducts(docs);
    expect(bundles.map((b) => b.contracts.map((c) => c.version))).toEqual([["1.3.0"]]);
    expect(findings).toMatchObject([{ ruleId: "catalog-contract-missing", severity: "warning", path: "/outputPorts/0/version", stage: "catalog" }]);
    expect(findings[0]!.message).toBe(
      "Output port p1 1.1.0 names contract c1 at a version that is not among the documents published (1.2.0, 1.3.0); the catalog shows version 1.3.0's schema, SLAs and datasets for that port. Make the port's version the contract's.",
    );
    // The same version written with other build metadata is that version (semver §10): no finding.
    const built = [...documentsOf("p1.odps.yaml", product), ...documentsOf("c1.odcs.yaml", { ...contract, version: "1.1.0+build.7" })];
    expect(assembleProducts(built).findings).toEqual([]);
  });

  it("refuses a contract that breaks the ODCS schema, at the offending node, once, and the products whose ports name it, at each port", () => {
    const [product, contract] = productDocuments({ id: "p1", contractId: "c1" }).map((d) => d.value as Record<string, unknown>);
    const broken = { ...contract, schema: [{ name: "rows", properties: "x" }] };
    const second = { ...product, id: "p2", name: "p2" };
    // A valid other version of the contract does not stand in for the refused one the port names.
    const older = { ...contract, version: "0.9.0" };
    const docs = [...documentsOf("p1.odps.yaml", product), ...documentsOf("p2.odps.yaml", second), ...documentsOf("c1.odcs.yaml", broken), ...documentsOf("c1-old.odcs.yaml", older)];
    const { bundles, findings } = assembleProducts(docs);
    // Published without the port, a product would lose its datasets in the catalog (and DataHub's assets) on a run that fails (exit 1).
    expect(bundles).toEqual([]);
    expect(findings).toMatchObject([
      { ruleId: "catalog-contract-invalid", severity: "error", file: "c1.odcs.yaml", path: "/schema/0/properties", stage: "catalog" },
      { ruleId: "catalog-contract-invalid", severity: "error", file: "p1.odps.yaml", path: "/outputPorts/0/contractId", stage: "catalog" },
      { ruleId: "catalog-contract-invalid", severity: "error", file: "p2.odps.yaml", path: "/outputPorts/0/contractId", stage: "catalog" },
    ]);
    expect(findings[0]!.line).toBeGreaterThan(1);
    expect(findings[0]!.message).toMatch(/^Data contract c1 is not published: `properties` must be an array\. Neither are the products whose output ports name it/);
    expect(findings[1]!.message).toMatch(/^Data product p1 is not published: output port p1 names contract c1 1\.0\.0, which breaks the ODCS schema \(c1\.odcs\.yaml\); published without that port, it would lose/);
    // The other products of the run are published.
    const valid = productDocuments({ id: "p3", contractId: "c3" });
    expect(assembleProducts([...docs, ...valid]).bundles.map((b) => b.product.id)).toEqual(["p3"]);
  });

  it("reports a contract id and version two documents declare differently, and publishes a port with the one beside its product only", () => {
    const [product, contract] = productDocuments({ id: "p1", contractId: "c1" }).map((d) => d.value as Record<string, unknown>);
    const copied = { ...contract, schema: [{ name: "other_table", properties: [{ name: "x", logicalType: "string" }] }] };
    const second = { ...product, id: "p2", name: "p2" };
    const third = { ...product, id: "p3", name: "p3" };
    const docs = [
      ...documentsOf("a/p1.odps.yaml", product),
      ...documentsOf("a/c1.odcs.yaml", contract),
      ...documentsOf("b/p2.odps.yaml", second),
      ...documentsOf("b/c1.odcs.yaml", copied),
      ...documentsOf("c/p3.odps.yaml", third),
    ];
    const { bundles, findings } = assembleProducts(docs);
    // Without the check, p2 got a/c1.odcs.yaml's table (the first found) and no finding.
    expect(bundles.map((b) => [b.product.id, b.contracts.map((c) => c.schema?.[0]?.name)])).toEqual([["p1", ["p1_rows"]], ["p2", ["other_table"]]]);
    expect(findings).toMatchObject([
      { ruleId: "catalog-duplicate-contract", severity: "error", file: "a/p1.odps.yaml", path: "/outputPorts/0/contractId", stage: "catalog" },
      { ruleId: "catalog-duplicate-contract", severity: "error", file: "b/p2.odps.yaml", path: "/outputPorts/0/contractId", stage: "catalog" },
      { ruleId: "catalog-duplicate-contract", severity: "error", file: "c/p3.odps.yaml", path: "/outputPorts/0/contractId", stage: "catalog" },
    ]);
    expect(findings[1]!.message).toBe(
      "Output port p1 names contract c1 1.0.0, which a/c1.odcs.yaml, b/c1.odcs.yaml declare differently; the port is published with b/c1.odcs.yaml, the one beside the product. Give each contract its own id (a new UUID), or remove the stale copy.",
    );
    // Which contract p3's port serves cannot be told: p3 is not published, rather than published without the port.
    expect(findings[2]!.message).toContain("data product p3 is not published (published without that port, it would lose");
    // A copy equal to the contract (an upstream contract kept beside its consumer) is that contract.
    const same = [...documentsOf("a/p1.odps.yaml", product), ...documentsOf("a/c1.odcs.yaml", contract), ...documentsOf("b/c1.odcs.yaml", { ...contract })];
    expect(assembleProducts(same).findings).toEqual([]);
    expect(assembleProducts(same).bundles[0]!.contracts).toHaveLength(1);
  });

  it("refuses a second document with the same product id and version", () => {
    const docs = [...productDocuments({ id: "p1" }), ...productDocuments({ id: "p1", name: "copy", contractId: "copy-contract" })];
    const { bundles, findings } = assembleProducts(docs);
    expect(bundles.map((b) => b.product.name)).toEqual(["p1"]);
    expect(findings).toMatchObject([{ ruleId: "catalog-duplicate-product", severity: "error" }]);
    // A copy whose contract is named differently under the same id and version is reported too (catalog-duplicate-contract), and
    // which contract the first product's port serves cannot be told: neither is published.
    const copied = [...productDocuments({ id: "p1" }), ...productDocuments({ id: "p1", name: "copy" })];
    expect(assembleProducts(copied).bundles).toEqual([]);
    expect(assembleProducts(copied).findings).toMatchObject([{ ruleId: "catalog-duplicate-contract", severity: "error" }, { ruleId: "catalog-duplicate-product", severity: "error" }]);
  });
});

describe("createEntry", () => {
  it("gives the same bytes for the same input, keys sorted at every level", () => {
    const a = stableStringify(entryFor({ id: "orders" }));
    const b = stableStringify(entryFor({ id: "orders" }));
    expect(a).toBe(b);
    const keys = Object.keys(JSON.parse(a) as object);
    expect(keys).toEqual([...keys].sort());
    expect(a.endsWith("}\n")).toBe(true);
  });

  it("is independent of the key order of the YAML documents", () => {
    const docs = productDocuments({ id: "orders" });
    const reversed = docs.map((d) => ({ ...d, value: Object.fromEntries(Object.entries(d.value as object).reverse()) }));
    const one = createEntry(assembleProducts(docs).bundles[0]!, { publisher: publisher(), now });
    const two = createEntry(assembleProducts(reversed).bundles[0]!, { publisher: publisher(), now });
    expect(stableStringify(one)).toBe(stableStringify(two));
  });

  it("records the product, its contracts, quality and publication", () => {
    const entry = entryFor({ id: "orders", domain: "sales" }, qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["pass", "fail"] }]));
    expect(entry).toMatchObject({
      kind: "meshkit-catalog-entry",
      version: 1,
      id: "orders",
      productVersion: "1.0.0",
      domain: "sales",
      contracts: [{ id: "orders-contract" }],
      quality: { status: "fail", checkedAt: "2026-06-30T06:00:00.000Z", summary: { checks: 2, passed: 1, failed: 1 }, history: [{ status: "fail" }] },
      publication: { publishedAt: now, updatedAt: now, publisher: "ci-bot", repo: "acme/domain-repo", commit: "0123456789abcdef0123456789abcdef01234567" },
    });
  });

  it("states the product's quality as every catalog target does: pass only when each of its contracts has results", () => {
    const passed = entryFor({ id: "orders" }, qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["pass"] }]));
    expect(entryQualityStatus(passed)).toBe("pass");
    // A second contract (another output port) without results: the product is not tested as a whole.
    const partly: CatalogEntry = { ...passed, contracts: [...passed.contracts, { ...passed.contracts[0]!, id: "orders-archive" }] };
    expect([partly.quality!.status, entryQualityStatus(partly), untestedContracts(partly).map((c) => c.id)]).toEqual(["pass", null, ["orders-archive"]]);
    expect(buildIndex([partly]).products[0]).toMatchObject({ quality: null, versions: [{ quality: null }] });
    // A failure is a failure whatever else is untested.
    const failed = entryFor({ id: "orders" }, qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["fail"] }]));
    expect(entryQualityStatus({ ...failed, contracts: partly.contracts })).toBe("fail");
    expect(entryQualityStatus(entryFor({ id: "orders" }))).toBeNull();
  });

  it("shows a failed check as failing, not hidden by a check that could not run (as DataHub, OpenMetadata and Backstage count both as failed)", () => {
    // One contract: a failed check beside an errored one.
    const mixed = entryFor({ id: "orders" }, qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["error", "fail", "pass"] }]));
    expect([mixed.quality!.contracts[0]!.status, mixed.quality!.status, mixed.quality!.history[0]!.status, entryQualityStatus(mixed)]).toEqual(["fail", "fail", "fail", "fail"]);
    // Two contracts: one failing, one whose checks all errored.
    const run = parseQualityRun(
      qualityRun([
        { id: "orders-archive", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["error"] },
        { id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["fail"] },
      ]),
    ).contracts;
    expect(run.map((c) => c.status)).toEqual(["error", "fail"]);
    const { bundles } = assembleProducts(productDocuments({ id: "orders" }));
    const two = createEntry({ ...bundles[0]!, contracts: [...bundles[0]!.contracts, { ...bundles[0]!.contracts[0]!, id: "orders-archive" }] }, { publisher: publisher(), now, results: run });
    expect([two.quality!.status, entryQualityStatus(two)]).toEqual(["fail", "fail"]);
    // Errors alone still say so: the data is not known to be right.
    expect(entryQualityStatus(entryFor({ id: "orders" }, qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["error", "warn", "pass"] }])))).toBe("error");
  });

  it("holds every part of the catalog model for an example product: contracts, owners, support, ports, servers, per-check results and publication", () => {
    const { bundles } = assembleProducts(exampleDocuments());
    const results = parseQualityRun(exampleResults()).contracts;
    const entry = createEntry(bundles.find((b) => b.product.name === "customer_360")!, { publisher: publisher(), now, results });
    // The ODPS product: owners and support, input ports (lineage), output ports (→ contracts).
    expect(entry.product.team?.name).toBe("customer-data");
    expect(entry.product.support?.length).toBeGreaterThan(0);
    expect(entry.product.inputPorts?.map((p) => p.contractId)).toEqual(["776c618b-3130-4fcd-8699-e5aa488bdc4c", "0ad90c30-9cbd-4ecb-8b1d-3fe8b84e79a3"]);
    expect(entry.product.outputPorts?.map((p) => p.contractId)).toEqual(["532d783c-fba8-4fb6-9955-558a0a5672a2"]);
    // The ODCS contract: schema with classification, SLAs, and the servers that locate the output ports.
    const contract = entry.contracts[0]!;
    expect(contract.schema?.[0]?.properties?.every((p) => typeof p.classification === "string")).toBe(true);
    expect(contract.slaProperties?.map((s) => s.property)).toContain("latency");
    expect(contract.servers?.map((s) => [s.server, s.type])).toEqual([
      ["local", "local"],
      ["warehouse", "postgres"],
    ]);
    // The latest contract-test results: pass/fail per check, measured values, when.
    const quality = entry.quality!.contracts[0]!;
    expect(quality).toMatchObject({ contractId: contract.id, contractVersion: "2.1.0", checkedAt: "2026-06-30T06:00:00.500Z" });
    expect(quality.checks[0]).toMatchObject({ id: "customer_profiles.customer_id.exists", status: "pass", measured: true, threshold: { mustBe: true } });
    expect(quality.checks.every((c) => ["pass", "warn", "fail", "error"].includes(c.status) && "measured" in c)).toBe(true);
    // Publication: git commit, time, publisher.
    expect(entry.publication).toEqual({ publishedAt: now, updatedAt: now, publisher: "ci-bot", repo: "acme/domain-repo", commit: "0123456789abcdef0123456789abcdef01234567" });
  });

  it("never keeps sample rows from the results", () => {
    const entry = entryFor({ id: "orders" }, qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["fail"] }]));
    expect(stableStringify(entry)).not.toContain("should never reach the catalog");
  });

  it("ignores results of other contracts and of other versions of its contracts", () => {
    const entry = entryFor({ id: "orders" }, qualityRun([{ id: "orders-contract", version: "0.9.0", finishedAt: "2026-06-30T06:00:00Z" }, { id: "other", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z" }]));
    expect(entry.quality).toBeNull();
  });

  it("keeps the results of each version of a contract its output ports serve (a port per version)", () => {
    const [product, contract] = productDocuments({ id: "orders", version: "2.0.0", contractVersion: "1.0.0" });
    const value = product!.value as { outputPorts: unknown[] };
    value.outputPorts.push({ name: "orders_v2", version: "2.0.0", type: "tables", contractId: "orders-contract" });
    const v2 = loadText("v2.odcs.yaml", JSON.stringify({ ...(contract!.value as object), version: "2.0.0" })).documents;
    const bundle = assembleProducts([product!, contract!, ...v2]).bundles[0]!;
    const run = qualityRun([
      { id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["pass"] },
      { id: "orders-contract", version: "2.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["fail"] },
    ]);
    const entry = createEntry(bundle, { publisher: publisher(), now, results: parseQualityRun(run).contracts });
    expect(entry.quality?.contracts.map((c) => [c.contractVersion, c.status])).toEqual([
      ["1.0.0", "pass"],
      ["2.0.0", "fail"],
    ]);
    expect(entry.quality).toMatchObject({ status: "fail", summary: { checks: 2, passed: 1, failed: 1 } });
  });

  it("a contract whose object had no rows (the results' notes) is not a plain pass: its status warns and the note is kept", () => {
    const run = qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["pass"] }]) as { contracts: Record<string, unknown>[] };
    const message = "`orders` has no rows, so its checks passed on no data: add a rowCount rule.";
    run.contracts[0]!.notes = [{ object: "orders", ruleId: "quality-no-rows", severity: "warning", message }, "not a note"];
    const [contract] = parseQualityRun(run).contracts;
    expect(contract).toMatchObject({ status: "warn", summary: { checks: 1, passed: 1 }, notes: [{ object: "orders", ruleId: "quality-no-rows", severity: "warning", message }] });
  });

  it("a passing check with a warning beside it (the results' check notes: a newest value after now) is not a plain pass: its contract warns and the note is kept", () => {
    const run = qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["pass", "pass"] }]) as { contracts: { checks: Record<string, unknown>[] }[] };
    // As `meshkit test --results` writes it: the latency passes (an age below zero meets any), a warning finding says why.
    const message = "The newest `ts` in `orders` (2030-01-01T00:00:00.000Z) is after now (2026-06-30T06:00:00.000Z) by 3 y 185 d: an age below zero meets any latency; check the data or the clock that wrote it";
    Object.assign(run.contracts[0]!.checks[1]!, { id: "orders.ts.latency", rule: "sla-latency", object: "orders", property: "ts", notes: [{ ruleId: "sla-latency", severity: "warning", message }, "not a note"] });
    const [contract] = parseQualityRun(run).contracts;
    expect(contract).toMatchObject({ status: "warn", summary: { checks: 2, passed: 2, warned: 0 }, notes: [{ object: "orders", ruleId: "sla-latency", severity: "warning", message }] });
  });

  it("reads the examples' results for the examples' products", () => {
    const { bundles } = assembleProducts(exampleDocuments());
    const results = parseQualityRun(exampleResults()).contracts;
    const inventory = createEntry(bundles.find((b) => b.product.name === "inventory_snapshot")!, { publisher: publisher(), now, results });
    expect(inventory.quality).toMatchObject({ status: "fail", summary: { checks: 13, failed: 1 } });
  });
});

describe("mergeEntry", () => {
  const run1 = qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z", statuses: ["pass"] }]);
  const run2 = qualityRun([{ id: "orders-contract", version: "1.0.0", finishedAt: "2026-07-01T06:00:00Z", statuses: ["fail"] }]);
  const later = (spec: Parameters<typeof productDocuments>[0], results: unknown) => {
    const contracts = results === undefined ? [] : parseQualityRun(results).contracts;
    const entry = createEntry(assembleProducts(productDocuments(spec)).bundles[0]!, { publisher: publisher({ commit: "fff" }), now: "2026-07-02T00:00:00.000Z", results: contracts });
    return { entry, contracts };
  };

  it("publishing the same documents and results again is a no-op (the existing entry, untouched)", () => {
    const existing = entryFor({ id: "orders" }, run1);
    const { entry, contracts } = later({ id: "orders" }, run1);
    const merged = mergeEntry(existing, entry, contracts);
    expect(merged.change).toBe("unchanged");
    expect(merged.entry).toBe(existing);
  });

  it("publishing without results keeps the results the entry has", () => {
    const existing = entryFor({ id: "orders" }, run1);
    const { entry, contracts } = later({ id: "orders" }, undefined);
    expect(mergeEntry(existing, entry, contracts)).toMatchObject({ change: "unchanged" });
  });

  it("newer results replace the latest and extend the history; the first publication time stays", () => {
    const existing = entryFor({ id: "orders" }, run1);
    const { entry, contracts } = later({ id: "orders" }, run2);
    const merged = mergeEntry(existing, entry, contracts);
    expect(merged.change).toBe("quality");
    expect(merged.entry.quality).toMatchObject({ status: "fail", checkedAt: "2026-07-01T06:00:00.000Z" });
    expect(merged.entry.quality!.history.map((h) => [h.checkedAt, h.status])).toEqual([
      ["2026-06-30T06:00:00.000Z", "pass"],
      ["2026-07-01T06:00:00.000Z", "fail"],
    ]);
    expect(merged.entry.publication).toMatchObject({ publishedAt: now, updatedAt: "2026-07-02T00:00:00.000Z", commit: "fff" });
  });

  it("older results only add history; the latest stays", () => {
    const existing = entryFor({ id: "orders" }, run2);
    const { entry, contracts } = later({ id: "orders" }, run1);
    const merged = mergeEntry(existing, entry, contracts);
    expect(merged.entry.quality).toMatchObject({ status: "fail", checkedAt: "2026-07-01T06:00:00.000Z" });
    expect(merged.entry.quality!.history).toHaveLength(2);
    // and the same older results once more change nothing
    expect(mergeEntry(merged.entry, entry, contracts).change).toBe("unchanged");
  });

  it("different documents for the same version replace them", () => {
    const existing = entryFor({ id: "orders" });
    const { entry, contracts } = later({ id: "orders", description: "changed" }, undefined);
    const merged = mergeEntry(existing, entry, contracts);
    expect(merged.change).toBe("documents");
    expect(merged.entry.product.description?.purpose).toBe("changed");
    expect(contentKey(merged.entry)).not.toBe(contentKey(existing));
  });
});

describe("entry file names", () => {
  it("keep safe ids readable and encode anything else reversibly", () => {
    expect(entryPath("a510d348-3221-4b2c-97a4-629bf6b373c7", "2.1.0")).toBe("products/a510d348-3221-4b2c-97a4-629bf6b373c7/2.1.0.json");
    expect(entryPath("../etc/passwd", "1.0.0+build.1")).toBe("products/~2e.~2fetc~2fpasswd/1.0.0~2bbuild.1.json");
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const encoded = encodeName(text);
        expect(encoded).toMatch(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/);
        expect(encoded.startsWith(".")).toBe(false);
        if (!text.includes("\uFFFD") && text === Buffer.from(text, "utf8").toString("utf8")) expect(decodeName(encoded)).toBe(text);
      }),
    );
  });
});
