import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError, declaredColumns } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { catalogConsumers } from "./consumers.js";
import { entryPath } from "./paths.js";
import { publishProducts } from "./publish.js";
import { exampleDocuments, productDocuments, publisher, tempDir } from "./test-support.js";

/** Marketing's customer_campaigns contract, which customer_360 reads (examples/domains). */
const CUSTOMER_CAMPAIGNS = "776c618b-3130-4fcd-8699-e5aa488bdc4c";
const CUSTOMER_360 = "a510d348-3221-4b2c-97a4-629bf6b373c7";

async function exampleCatalog(): Promise<string> {
  const dir = join(tempDir(), "catalog");
  const published = await publishProducts({ target: `dir:${dir}`, products: exampleDocuments(), publisher: publisher() });
  expect(published.findings).toEqual([]);
  return dir;
}

describe("catalogConsumers", () => {
  it("lists customer_360 as the consumer of customer_campaigns, with the columns its input port declares", async () => {
    const directory = catalogConsumers(`dir:${await exampleCatalog()}`);
    expect(await directory.consumersOf(CUSTOMER_CAMPAIGNS)).toEqual([
      {
        productId: CUSTOMER_360,
        productName: "customer_360",
        domain: "customer",
        version: "2.1.0",
        port: "customer_campaigns",
        contractVersion: "1.3.0",
        columns: ["campaign_contacts.campaign_id", "campaign_contacts.customer_id", "campaign_contacts.sent_at", "campaign_contacts.converted"],
        owner: "customer-data",
        support: "#customer-360",
      },
    ]);
    // An upstream outside the catalog has consumers too (customer_360's CRM port); a contract nobody reads has none.
    expect((await directory.consumersOf("0ad90c30-9cbd-4ecb-8b1d-3fe8b84e79a3")).map((c) => [c.productName, c.port, c.columns])).toEqual([["customer_360", "crm_accounts", undefined]]);
    expect(await directory.consumersOf("532d783c-fba8-4fb6-9955-558a0a5672a2")).toEqual([]);
    expect(await directory.findings()).toEqual([]);
    expect(directory.display).toContain("dir:");
  });

  it("reads the latest release of each product, skips retired ones, and orders consumers by domain and name", async () => {
    const dir = join(tempDir(), "catalog");
    const input = (columns?: string[]) => [{ name: "orders_in", contractId: "orders-contract", version: "1.0.0", ...(columns ? { customProperties: [{ property: "usedColumns", value: columns }] } : {}) }];
    const publish = (docs: ReturnType<typeof productDocuments>) => publishProducts({ target: `dir:${dir}`, products: docs, publisher: publisher({ repo: undefined }) });
    await publish(productDocuments({ id: "orders" }));
    await publish(productDocuments({ id: "zeta-report", domain: "analytics", version: "1.0.0", inputs: input(["orders_rows.row_id"]) }));
    // Version 2 of zeta-report reads other columns: only the latest counts.
    await publish(productDocuments({ id: "zeta-report", domain: "analytics", version: "2.0.0", inputs: input(["orders_rows.amount"]) }));
    // A pre-release is not the latest: 2.0.0 is what consumers run.
    await publish(productDocuments({ id: "zeta-report", domain: "analytics", version: "3.0.0-rc.1", inputs: input(["orders_rows.status"]) }));
    await publish(productDocuments({ id: "alpha-report", domain: "analytics", inputs: input() }));
    await publish(productDocuments({ id: "billing", domain: "finance", inputs: input(["row_id"]) }));
    const retired = productDocuments({ id: "old-report", domain: "analytics", inputs: input() });
    (retired[0]!.value as { status: string }).status = "retired";
    await publish(retired);
    // ODPS status is free text: `Retired` is retired too, as DataHub's soft delete and the orphan check take it.
    const capitalized = productDocuments({ id: "older-report", domain: "analytics", inputs: input() });
    (capitalized[0]!.value as { status: string }).status = " Retired";
    await publish(capitalized);

    const consumers = await catalogConsumers(`dir:${dir}`).consumersOf("orders-contract");
    expect(consumers.map((c) => [c.domain, c.productName, c.version, c.columns])).toEqual([
      ["analytics", "alpha-report", "1.0.0", undefined],
      ["analytics", "zeta-report", "2.0.0", ["orders_rows.amount"]],
      ["finance", "billing", "1.0.0", ["row_id"]],
    ]);
  });

  it("reads a git catalog the same way", async () => {
    const repo = join(tempDir("catalog-consumers-git-"), "catalog.git");
    execFileSync("git", ["init", "-q", "--bare", repo]);
    await publishProducts({ target: `git:${repo}#catalog`, products: exampleDocuments(), publisher: publisher() });
    const consumers = await catalogConsumers(`git:${repo}#catalog`).consumersOf(CUSTOMER_CAMPAIGNS);
    expect(consumers.map((c) => [c.productName, c.port, c.columns?.length])).toEqual([["customer_360", "customer_campaigns", 4]]);
  });

  it("reads the catalog once, and only when asked", async () => {
    const dir = await exampleCatalog();
    const directory = catalogConsumers(`dir:${dir}`);
    expect(await directory.findings()).toEqual([]);
    await directory.consumersOf(CUSTOMER_CAMPAIGNS);
    // A product published afterwards is not seen by this directory: one read per comparison.
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "late", inputs: [{ name: "c", contractId: CUSTOMER_CAMPAIGNS, version: "1.3.0" }] }), publisher: publisher() });
    expect((await directory.consumersOf(CUSTOMER_CAMPAIGNS)).map((c) => c.productName)).toEqual(["customer_360"]);
    expect((await catalogConsumers(`dir:${dir}`).consumersOf(CUSTOMER_CAMPAIGNS)).map((c) => c.productName)).toEqual(["customer_360", "late"]);
  });

  it("reports an unreadable entry as a warning and lists the rest", async () => {
    const dir = await exampleCatalog();
    const broken = join(dir, entryPath("broken-product", "1.0.0"));
    mkdirSync(join(broken, ".."), { recursive: true });
    writeFileSync(broken, "{ not json");
    const directory = catalogConsumers(`dir:${dir}`);
    expect((await directory.consumersOf(CUSTOMER_CAMPAIGNS)).map((c) => c.productName)).toEqual(["customer_360"]);
    const findings = await directory.findings();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "catalog-entry-unreadable", severity: "warning", stage: "catalog" });
    expect(findings[0]!.message).toContain("Consumers registered in it are not listed.");
  });

  it("refuses targets that hold no entries at once, and a missing catalog when read", async () => {
    expect(() => catalogConsumers("datahub:http://127.0.0.1:1")).toThrow(UsageError);
    expect(() => catalogConsumers("nowhere")).toThrow(/unknown catalog target/);
    const missing = catalogConsumers(`dir:${join(tempDir(), "missing")}`);
    await expect(missing.consumersOf("x")).rejects.toThrow(/does not exist: publish to it first/);
  });
});

describe("declaredColumns (core): how an input port declares the columns it reads", () => {
  it.each([
    [{ customProperties: [{ property: "usedColumns", value: ["a.b", "c", "a.b"] }] }, ["a.b", "c"]],
    [{ customProperties: [{ property: "usedColumns", value: "a.b, c  d" }] }, ["a.b", "c", "d"]],
    [{ customProperties: [{ property: "usedColumns", value: [] }] }, undefined],
    [{ customProperties: [{ property: "usedColumns", value: [1, 2] }] }, undefined],
    [{ customProperties: [{ property: "columns", value: ["a.b"] }] }, undefined],
    [{ name: "no-properties" }, undefined],
    [null, undefined],
  ])("%j declares %j", (port, expected) => {
    expect(declaredColumns(port)).toEqual(expected);
  });
});
