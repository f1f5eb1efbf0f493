/**
 * `publishToCatalog` — what `meshkit publish` and the catalog-publish action call — for the catalog
 * services: the OpenMetadata service mapping (target settings and the contract server's custom
 * property), lineage across the products of a run, kept contracts and a lineage catalog (DataHub
 * `upstreamLineage`, Backstage `dependsOn`), what a target could not take as findings, and a failure
 * in the middle of several products.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DataContract, type DataProduct, type LoadedDocument, StoppedRunError, UsageError, loadText, plural } from "@meshkit/core";
import { parse, parseAllDocuments } from "yaml";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { DATAHUB_TOKEN_ENV, type DataHubProposal, buildDataHubPlan, dataProductUrn, datasetLocation, datasetUrn, selectServer } from "./datahub.js";
import { DATAHUB_REFERENCE_DIR, type DataHubSchemaChecker, type GmsServer, loadDataHubSchemaChecker, startGmsServer } from "./datahub-test-support.js";
import { CatalogDeliveryError, publishToCatalog } from "./deliver.js";
import { OPENMETADATA_TOKEN_ENV, buildOpenMetadataPlan } from "./openmetadata.js";
import { type OpenMetadataServer, startOpenMetadataServer } from "./openmetadata-test-support.js";
import { publishProducts } from "./publish.js";
import { parseQualityRun } from "./results.js";
import { parseCatalogTarget } from "./targets/target.js";
import { REPO_ROOT, exampleDocuments, exampleResults, productDocuments, publisher, qualityRun, tempDir } from "./test-support.js";

const DH_TOKEN = "dh-deliver-token-77";
const OM_TOKEN = "om-deliver-jwt-31";
const env = { [DATAHUB_TOKEN_ENV]: DH_TOKEN, [OPENMETADATA_TOKEN_ENV]: OM_TOKEN };
const noWait = async () => {};
const http = { sleep: noWait, retries: 1, backoffMs: 1 };

const CUSTOMER_360 = "a510d348-3221-4b2c-97a4-629bf6b373c7";
const CAMPAIGNS_CONTRACT = "776c618b-3130-4fcd-8699-e5aa488bdc4c";
const CRM_CONTRACT = "0ad90c30-9cbd-4ecb-8b1d-3fe8b84e79a3";

let checker: DataHubSchemaChecker;
beforeAll(() => {
  checker = loadDataHubSchemaChecker(DATAHUB_REFERENCE_DIR);
});

const contracts = (docs: readonly LoadedDocument[]): DataContract[] => docs.filter((d) => d.kind.type === "DataContract").map((d) => d.value as unknown as DataContract);
const productFolder = (docs: readonly LoadedDocument[], folder: string) => docs.filter((d) => d.file.startsWith(`examples/domains/${folder}/`));
const aspectOf = (p: DataHubProposal): Record<string, unknown> => JSON.parse(p.aspect.value) as Record<string, unknown>;

/** The DataHub URNs of a contract's datasets, as its own publication names them. */
function datasetUrns(contract: DataContract): string[] {
  const server = selectServer(contract);
  return (contract.schema ?? []).map((object) => {
    const { platform, name } = datasetLocation(server, object, contract);
    return datasetUrn(platform, name, "PROD");
  });
}

/** The datasets of marketing's campaigns contract that customer_360 reads: its input port's usedColumns are all campaign_contacts columns. */
function contactsOf(contract: DataContract): string[] {
  return datasetUrns(contract).filter((urn) => urn.includes(".campaign_contacts,"));
}

/** Every output table of the examples as OpenMetadata knows it once `service` has ingested the warehouse. */
function exampleTables(service: string): Record<string, string[]> {
  const tables: Record<string, string[]> = {};
  for (const contract of contracts(exampleDocuments())) {
    const server = contract.servers?.find((s) => s.server === "warehouse");
    for (const object of contract.schema ?? []) {
      tables[`${service}.${server?.database}.${server?.schema}.${object.physicalName ?? object.name}`] = (object.properties ?? []).map((p) => p.physicalName ?? p.name);
    }
  }
  return tables;
}

/** The owning teams of the products among `docs`. */
function teamsOf(docs: readonly LoadedDocument[]): string[] {
  return docs.filter((d) => d.kind.type === "DataProduct").map((d) => (d.value as { team: { name: string } }).team.name);
}

/** The example documents with `edit` applied to the text of one file. */
function editedExamples(file: string, edit: (text: string) => string): LoadedDocument[] {
  return exampleDocuments().flatMap((doc) => (doc.file.endsWith(file) ? loadText(doc.file, edit(readFileSync(join(REPO_ROOT, doc.file), "utf8"))).documents : [doc]));
}

const isLedgerPort = (port: { name?: unknown }) => port.name === "ledger_entries";
const ports = (doc: LoadedDocument) => (doc.value as { outputPorts: { name: string; contractId: string }[] }).outputPorts;
const withPorts = (doc: LoadedDocument, outputPorts: object[]): LoadedDocument => ({ ...doc, value: { ...(doc.value as object), outputPorts } as unknown as LoadedDocument["value"] });

/**
 * The ledger's output port moved from quarterly_ledger to customer_360 in two repositories: `takeover`, customer's documents
 * with the port (and the ledger's contract), published from its repository; `finance`, finance's without it, published later.
 */
function ledgerTakeover(docs: LoadedDocument[]): { ledgerUrns: string[]; takeover: LoadedDocument[]; finance: LoadedDocument[] } {
  const ledgerProduct = docs.find((d) => d.file.endsWith("quarterly_ledger/product.odps.yaml"))!;
  const ledgerPort = ports(ledgerProduct).find(isLedgerPort)!;
  const ledgerContract = docs.find((d) => d.kind.type === "DataContract" && (d.value as { id?: unknown }).id === ledgerPort.contractId)!;
  return {
    ledgerUrns: datasetUrns(ledgerContract.value as unknown as DataContract),
    takeover: [...productFolder(docs, "customer").map((d) => (d.file.endsWith("customer_360/product.odps.yaml") ? withPorts(d, [...ports(d), ledgerPort]) : d)), ledgerContract],
    finance: productFolder(docs, "finance").map((d) => (d === ledgerProduct ? withPorts(d, ports(d).filter((p) => !isLedgerPort(p))) : d)),
  };
}

/** quarterly_ledger among `docs`, and an older version of it without the ledger's port. */
function olderLedgerVersion(docs: readonly LoadedDocument[]) {
  const current = docs.find((d) => d.file.endsWith("quarterly_ledger/product.odps.yaml"))!;
  const value = current.value as { id: string; version: string; outputPorts: { name: string }[] };
  const older = { ...current, file: current.file.replace("product.odps.yaml", "0.0.1/product.odps.yaml"), value: { ...value, version: "0.0.1", outputPorts: value.outputPorts.filter((p) => p.name !== "ledger_entries") } as unknown as LoadedDocument["value"] };
  return { current, value, older };
}

/** quarterly_ledger, which no longer has the ledger's port, took its table out of its assets and left its data contract, now another product's, in force. */
function expectLedgerLeftInForce(om: OpenMetadataServer, result: Awaited<ReturnType<typeof publishToCatalog>>): void {
  const ledger = "acme_pg.analytics.finance.ledger_entries";
  expect(result.changes.find((c) => c.name === "quarterly_ledger")?.message).toMatch(new RegExp(`took 1 table no longer among its outputs out of its assets: ${ledger.replace(/\./g, "\\.")}$`));
  expect(om.requests.filter((r) => r.method === "PATCH")).toEqual([]);
  const contracts = [...(om.store.get("dataContracts") ?? [])].filter(([fqn]) => fqn.startsWith(`${ledger}.`)).map(([, contract]) => contract);
  expect(contracts).toMatchObject([{ entityStatus: "Approved" }]);
}

describe("publishToCatalog to OpenMetadata", () => {
  let om: OpenMetadataServer | undefined;
  afterEach(async () => {
    await om?.close();
    om = undefined;
  });

  it("parses the service mapping after # in the target, and refuses unknown settings", () => {
    expect(parseCatalogTarget("openmetadata:http://om:8585/#service=acme_pg&service.lake=acme%20s3&server=warehouse")).toEqual({
      type: "openmetadata",
      url: "http://om:8585",
      text: "openmetadata:http://om:8585/#service=acme_pg&service.lake=acme%20s3&server=warehouse",
      settings: { service: "acme_pg", services: { lake: "acme s3" }, server: "warehouse" },
    });
    expect(parseCatalogTarget("openmetadata:http://om:8585")).toMatchObject({ url: "http://om:8585", settings: {} });
    expect(() => parseCatalogTarget("openmetadata:http://om:8585#services=x")).toThrow(
      'catalog target openmetadata:http://om:8585#services=x: unknown setting "services" after "#"; use service=<name>, service.<server or type>=<name>, server=<name> or domain=<name>',
    );
    expect(() => parseCatalogTarget("openmetadata:http://om:8585#service=")).toThrow('"service" needs a value');
  });

  it("writes the domains, data products and data contracts of every example product with the service named in the target", async () => {
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables: exampleTables("acme_pg"), teams: teamsOf(exampleDocuments()) });
    const result = await publishToCatalog({ target: `openmetadata:${om.url}#service=acme_pg`, cwd: process.cwd(), products: exampleDocuments(), results: exampleResults(), publisher: publisher(), env, http });
    expect(result.findings).toEqual([]);
    expect(result.changes.map((c) => c.message)).toEqual([
      "customer_360 2.1.0 (customer): upserted the domain, 2 of 2 data contracts, 1 contract-test result, the data product, its tables as assets",
      "quarterly_ledger 1.1.0 (finance): upserted the domain, 2 of 2 data contracts, 2 contract-test results, the data product, its tables as assets",
      "customer_campaigns 1.3.0 (marketing): upserted the domain, 2 of 2 data contracts, 1 contract-test result, the data product, its tables as assets",
      "inventory_snapshot 1.4.0 (supply_chain): upserted the domain, 2 of 2 data contracts, 1 contract-test result, the data product, its tables as assets",
    ]);
    expect([...(om.store.get("domains")?.keys() ?? [])].sort()).toEqual(["customer", "finance", "marketing", "supply_chain"]);
    expect(om.store.get("dataProducts")?.size).toBe(4);
    const written = [...(om.store.get("dataContracts")?.keys() ?? [])];
    expect(written).toHaveLength(8);
    expect(written).toContain("acme_pg.analytics.customer.customer_profiles.dataContract_customer_profile");
    expect(om.requests.every((r) => r.authorization === `Bearer ${OM_TOKEN}`)).toBe(true);
    // Results of the contracts that were tested went with them.
    expect([...om.results.values()].flat().length).toBeGreaterThan(0);

    // Publishing again is a no-op for OpenMetadata: every write is an upsert of the same entity.
    const snapshot = JSON.stringify([...om.store].map(([k, v]) => [k, [...v]]));
    await publishToCatalog({ target: `openmetadata:${om.url}#service=acme_pg`, cwd: process.cwd(), products: exampleDocuments(), results: exampleResults(), publisher: publisher(), env, http });
    expect(JSON.stringify([...om.store].map(([k, v]) => [k, [...v]]))).toBe(snapshot);
  });

  it("says which tables it took out of a data product's assets: those its outputs no longer are (a table moved)", async () => {
    const tables = exampleTables("acme_pg");
    tables["acme_pg.analytics.customer.customer_consents_v2"] = tables["acme_pg.analytics.customer.customer_consents"]!;
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables, teams: ["customer-data"] });
    const target = `openmetadata:${om.url}#service=acme_pg`;
    await publishToCatalog({ target, cwd: process.cwd(), products: productFolder(exampleDocuments(), "customer"), publisher: publisher(), env, http });
    const moved = editedExamples("customer_profile.odcs.yaml", (text) => text.replace("    physicalName: customer_consents\n", "    physicalName: customer_consents_v2\n"));
    // A dry run says the same, reading only.
    const requests = om.requests.length;
    const dry = await publishToCatalog({ target, cwd: process.cwd(), products: productFolder(moved, "customer"), publisher: publisher(), env, http, dryRun: true });
    expect(dry.changes.map((c) => c.message)).toEqual([
      "customer_360 2.1.0 (customer): would upsert the domain (when missing), the data product, and the data contracts of the 2 of 2 tables that have an OpenMetadata service (those OpenMetadata has ingested); would take 1 table no longer among its outputs out of its assets: acme_pg.analytics.customer.customer_consents; would deprecate meshkit's data contract on acme_pg.analytics.customer.customer_consents",
    ]);
    expect(om.requests.slice(requests).filter((r) => r.method !== "GET")).toEqual([]);
    // OpenMetadata unreadable (a wrong token): the removals are not known, and the dry run goes on.
    const unread = await publishToCatalog({ target, cwd: process.cwd(), products: productFolder(moved, "customer"), publisher: publisher(), env: { [OPENMETADATA_TOKEN_ENV]: "wrong-jwt-00" }, http, dryRun: true });
    expect(unread.changes[0]?.message).toMatch(/\(those OpenMetadata has ingested\); what it would take out of its assets is not known: OpenMetadata at .*401/);
    const result = await publishToCatalog({ target, cwd: process.cwd(), products: productFolder(moved, "customer"), publisher: publisher(), env, http });
    expect(result.changes.map((c) => c.message)).toEqual([
      "customer_360 2.1.0 (customer): upserted 2 of 2 data contracts, the data product, its tables as assets; kept the existing domain customer; took 1 table no longer among its outputs out of its assets: acme_pg.analytics.customer.customer_consents; deprecated meshkit's data contract on acme_pg.analytics.customer.customer_consents",
    ]);
    const id = (fqn: string) => om?.store.get("tables")?.get(fqn)?.id;
    expect(om.assets.get("a510d348-3221-4b2c-97a4-629bf6b373c7")?.map((a) => a.id)).toEqual([id("acme_pg.analytics.customer.customer_profiles"), id("acme_pg.analytics.customer.customer_consents_v2")]);
  });

  it("does not take, publishing an older version of a product before the newer one in one run, the tables the newer one serves out of its assets", async () => {
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables: exampleTables("acme_pg"), teams: teamsOf(exampleDocuments()) });
    const target = `openmetadata:${om.url}#service=acme_pg`;
    const docs = productFolder(exampleDocuments(), "finance");
    // An older version, without the ledger's port, sent before the newer one, which describes the product once the run is over.
    const { current, value, older } = olderLedgerVersion(docs);
    const ledger = "acme_pg.analytics.finance.ledger_entries";
    for (let run = 0; run < 2; run++) {
      const result = await publishToCatalog({ target, cwd: process.cwd(), products: [...docs, older], publisher: publisher(), env, http });
      // Was, publishing again: the older version took the ledger's table out of the assets, which the newer one put back.
      expect(result.changes.map((c) => c.message).join("\n")).not.toContain("took");
    }
    expect(om.requests.filter((r) => r.url.endsWith("/assets/remove"))).toEqual([]);
    expect(om.assets.get(value.id)?.map((a) => a.id)).toContain(om.store.get("tables")?.get(ledger)?.id);
    // The newer version sent last takes out what only an older one served.
    const newer = await publishToCatalog({ target, cwd: process.cwd(), products: [older, ...docs.filter((d) => d !== current), { ...current, value: { ...value, outputPorts: value.outputPorts.filter((p) => p.name === "ledger_entries") } as unknown as LoadedDocument["value"] }], publisher: publisher(), env, http });
    expect(newer.changes.map((c) => c.message).join("\n")).toContain("took 1 table no longer among its outputs out of its assets: acme_pg.analytics.finance.quarterly_account_balances");
  });

  it("a dry run of several versions of a product says what each would take out of its assets once the versions sent before it were published", async () => {
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables: exampleTables("acme_pg"), teams: teamsOf(exampleDocuments()) });
    const target = `openmetadata:${om.url}#service=acme_pg`;
    const docs = productFolder(exampleDocuments(), "finance");
    // 0.0.1 without the ledger's port, sent first, lists the balances; 1.1.0, with the ledger's port only, then takes them out.
    const { current, value, older } = olderLedgerVersion(docs);
    const products = [older, ...docs.filter((d) => d !== current), withPorts(current, value.outputPorts.filter(isLedgerPort))];
    const removals = (result: Awaited<ReturnType<typeof publishToCatalog>>) => result.changes.map((c) => /; (?:would take|took) .*$/.exec(c.message)?.[0].replace(/would (take|deprecate)/g, (_all, verb: string) => (verb === "take" ? "took" : "deprecated")));
    for (const round of ["a first publication", "publishing again"]) {
      const dry = await publishToCatalog({ target, cwd: process.cwd(), products, publisher: publisher(), env, http, dryRun: true });
      const run = await publishToCatalog({ target, cwd: process.cwd(), products, publisher: publisher(), env, http });
      expect(removals(run), round).toEqual([undefined, expect.stringMatching(/^; took 1 table no longer among its outputs out of its assets: acme_pg\.analytics\.finance\.quarterly_account_balances; deprecated /)]);
      expect(removals(dry), round).toEqual(removals(run));
    }
  });

  it("a dry run of a product one of whose tables cannot be placed, which takes nothing out, says when OpenMetadata could not be read for its look-ups", async () => {
    // The ledger's warehouse a SQL Server one, which the target names no service for: quarterly_ledger's tables are not all known.
    const docs = productFolder(editedExamples("ledger_entries.odcs.yaml", (text) => text.replace("    type: postgres\n", "    type: sqlserver\n")), "finance");
    const dry = await publishToCatalog({ target: "openmetadata:http://127.0.0.1:1#service.postgres=acme_pg", cwd: process.cwd(), products: docs, publisher: publisher(), env, http, dryRun: true });
    expect(dry.changes.map((c) => c.message)).toEqual([
      expect.stringMatching(
        /^quarterly_ledger 1\.1\.0 \(finance\): would upsert the domain \(when missing\), the data product, and the data contracts of the 1 of 2 tables that have an OpenMetadata service \(those OpenMetadata has ingested\); whether OpenMetadata knows its tables, team and users is not known: OpenMetadata at http:\/\/127\.0\.0\.1:1: GET \/api\/v1\/teams\/name\/finance-data failed: /,
      ),
    ]);
  });

  it("does not take a Snowflake table, which OpenMetadata lists under the upper-case names Snowflake keeps, out of the assets when an older version of its product is sent first", async () => {
    const tables = exampleTables("acme_pg");
    const lower = "acme_pg.analytics.finance.ledger_entries";
    const ledger = "acme_pg.ANALYTICS.FINANCE.LEDGER_ENTRIES";
    tables[ledger] = tables[lower]!.map((c) => c.toUpperCase());
    delete tables[lower];
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables, teams: teamsOf(exampleDocuments()) });
    const target = `openmetadata:${om.url}#service=acme_pg`;
    const docs = productFolder(
      editedExamples("ledger_entries.odcs.yaml", (text) => text.replace("    type: postgres\n", "    type: snowflake\n    account: acme\n")),
      "finance",
    );
    const { value, older } = olderLedgerVersion(docs);
    for (let run = 0; run < 2; run++) {
      const result = await publishToCatalog({ target, cwd: process.cwd(), products: [...docs, older], publisher: publisher(), env, http });
      expect(result.changes.map((c) => c.message).join("\n")).not.toContain("took");
    }
    expect(om.requests.filter((r) => r.url.endsWith("/assets/remove"))).toEqual([]);
    expect(om.assets.get(value.id)?.map((a) => a.id)).toContain(om.store.get("tables")?.get(ledger)?.id);
  });

  it("takes a table whose output port moved to another product of the run out of the former product's assets, and leaves its data contract, now the other product's, in force", async () => {
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables: exampleTables("acme_pg"), teams: teamsOf(exampleDocuments()) });
    const target = `openmetadata:${om.url}#service=acme_pg`;
    const docs = exampleDocuments();
    await publishToCatalog({ target, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
    // The ledger's port moves from quarterly_ledger to customer_360, which the run sends first.
    const ledgerPort = ports(docs.find((d) => d.file.endsWith("quarterly_ledger/product.odps.yaml"))!).find(isLedgerPort)!;
    const moved = docs.map((d) =>
      d.file.endsWith("quarterly_ledger/product.odps.yaml") ? withPorts(d, ports(d).filter((p) => !isLedgerPort(p))) : d.file.endsWith("customer_360/product.odps.yaml") ? withPorts(d, [...ports(d), ledgerPort]) : d,
    );
    const result = await publishToCatalog({ target, cwd: process.cwd(), products: moved, publisher: publisher(), env, http });
    expectLedgerLeftInForce(om, result);
  });

  it("leaves in force the data contract of a table another product took over in an earlier run, when the former product, published later, takes it out of its assets", async () => {
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables: exampleTables("acme_pg"), teams: teamsOf(exampleDocuments()) });
    const target = `openmetadata:${om.url}#service=acme_pg`;
    const docs = exampleDocuments();
    await publishToCatalog({ target, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
    const ledgerProduct = docs.find((d) => d.file.endsWith("quarterly_ledger/product.odps.yaml"))!;
    const ledgerPort = ports(ledgerProduct).find(isLedgerPort)!;
    // customer_360's repository takes the ledger's port over and publishes first, alone; finance's publishes later, without the port.
    const takeover = productFolder(docs, "customer").map((d) => (d.file.endsWith("customer_360/product.odps.yaml") ? withPorts(d, [...ports(d), ledgerPort]) : d));
    const ledgerContract = docs.find((d) => d.kind.type === "DataContract" && (d.value as { id?: unknown }).id === ledgerPort.contractId)!;
    await publishToCatalog({ target, cwd: process.cwd(), products: [...takeover, ledgerContract], publisher: publisher(), env, http });
    const finance = productFolder(docs, "finance").map((d) => (d === ledgerProduct ? withPorts(d, ports(d).filter((p) => !isLedgerPort(p))) : d));
    // A dry run says it would take the table out of the product's assets and leave its data contract in force.
    const dry = await publishToCatalog({ target, cwd: process.cwd(), products: finance, publisher: publisher(), env, http, dryRun: true });
    expect(dry.changes.find((c) => c.name === "quarterly_ledger")?.message).toMatch(/; would take 1 table no longer among its outputs out of its assets: acme_pg\.analytics\.finance\.ledger_entries$/);
    const result = await publishToCatalog({ target, cwd: process.cwd(), products: finance, publisher: publisher(), env, http });
    expectLedgerLeftInForce(om, result);
  });

  it("takes a contract server's openmetadataService custom property over the target's service, and its database and schema overrides", async () => {
    const docs = editedExamples("customer_profile.odcs.yaml", (text) =>
      text.replace(
        "    database: analytics\n    schema: customer\n",
        "    database: analytics\n    schema: customer\n    customProperties:\n      - property: openmetadataService\n        value: customer_pg\n      - property: openmetadataSchema\n        value: crm\n",
      ),
    );
    const tables = { ...exampleTables("acme_pg"), ...Object.fromEntries(Object.entries(exampleTables("customer_pg")).map(([k, v]) => [k.replace(".customer.", ".crm."), v])) };
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables, teams: ["customer-data"] });
    const result = await publishToCatalog({ target: `openmetadata:${om.url}#service=acme_pg`, cwd: process.cwd(), products: productFolder(docs, "customer"), publisher: publisher(), env, http });
    expect(result.findings).toEqual([]);
    expect([...(om.store.get("dataContracts")?.keys() ?? [])]).toEqual([
      "customer_pg.analytics.crm.customer_profiles.dataContract_customer_profile",
      "customer_pg.analytics.crm.customer_consents.dataContract_customer_profile",
    ]);
  });

  it("without a service mapping writes the domain and the product, and says at the product why no contract was written", async () => {
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables: exampleTables("acme_pg"), teams: ["marketing-data"] });
    const docs = productFolder(exampleDocuments(), "marketing");
    const dry = await publishToCatalog({ target: `openmetadata:${om.url}`, cwd: process.cwd(), products: docs, publisher: publisher(), env, http, dryRun: true });
    // Looked up as the run looks up (the team), written nothing.
    expect(om.requests.map((r) => `${r.method} ${r.url}`)).toContain("GET /api/v1/teams/name/marketing-data");
    expect(om.requests.every((r) => r.method === "GET")).toBe(true);
    expect(dry.changes.map((c) => c.message)).toEqual([
      "customer_campaigns 1.3.0 (marketing): would upsert the domain (when missing), the data product, and the data contracts of the 0 of 2 tables that have an OpenMetadata service (those OpenMetadata has ingested)",
    ]);
    const result = await publishToCatalog({ target: `openmetadata:${om.url}`, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.file, f.line])).toEqual([
      ["catalog-target-incomplete", "warning", "examples/domains/marketing/customer_campaigns/product.odps.yaml", 2],
      ["catalog-target-incomplete", "warning", "examples/domains/marketing/customer_campaigns/product.odps.yaml", 2],
    ]);
    expect(result.findings[0]?.message).toBe(
      `openmetadata:${om.url}: campaigns of contract ${CAMPAIGNS_CONTRACT}: no OpenMetadata service for server warehouse (postgres); give one (the server's openmetadataService custom property, or service=<name> after "#" in the openmetadata: target) to publish its contract.`,
    );
    expect(om.store.get("dataContracts")).toBeUndefined();
    expect(om.store.get("dataProducts")?.size).toBe(1);
  });

  it("reports a table OpenMetadata does not know as a warning, and writes the rest", async () => {
    const tables = exampleTables("acme_pg");
    delete tables["acme_pg.analytics.marketing.campaign_contacts"];
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables, teams: ["marketing-data"] });
    const result = await publishToCatalog({ target: `openmetadata:${om.url}#service.warehouse=acme_pg`, cwd: process.cwd(), products: productFolder(exampleDocuments(), "marketing"), publisher: publisher(), env, http });
    expect(result.findings.map((f) => f.message)).toEqual([
      `openmetadata:${om.url}#service.warehouse=acme_pg: table acme_pg.analytics.marketing.campaign_contacts is not in OpenMetadata (ingest it first, or correct the service / database it is looked up in): the contract of campaign_contacts is not published.`,
    ]);
    expect([...(om.store.get("dataContracts")?.keys() ?? [])]).toEqual(["acme_pg.analytics.marketing.campaigns.dataContract_customer_campaigns"]);
  });

  it("a dry run warns about what OpenMetadata lacks (a table, the team, a user) as the real run does, writing nothing", async () => {
    const tables = exampleTables("acme_pg");
    delete tables["acme_pg.analytics.marketing.campaign_contacts"];
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables });
    const target = `openmetadata:${om.url}#service.warehouse=acme_pg`;
    const products = productFolder(exampleDocuments(), "marketing");
    const dry = await publishToCatalog({ target, cwd: process.cwd(), products, publisher: publisher(), env, http, dryRun: true });
    expect(dry.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ["catalog-target-incomplete", "warning", `${target}: team marketing-data is not in OpenMetadata: its owners are named instead.`],
      ["catalog-target-incomplete", "warning", `${target}: user lena.fischer@acme-retail.example is not in OpenMetadata: not named as an owner.`],
      ["catalog-target-incomplete", "warning", expect.stringMatching(/^openmetadata:.*: table acme_pg\.analytics\.marketing\.campaign_contacts is not in OpenMetadata .*: the contract of campaign_contacts is not published\.$/)],
    ]);
    expect(om.requests.every((r) => r.method === "GET")).toBe(true);
    expect(om.store.get("dataProducts")).toBeUndefined();
    const run = await publishToCatalog({ target, cwd: process.cwd(), products, publisher: publisher(), env, http });
    expect(run.findings).toEqual(dry.findings);
  });

  it("a dry run of a product one of whose tables cannot be placed still warns about what OpenMetadata lacks (a table, the team), as the real run does", async () => {
    // The ledger's warehouse a SQL Server one, which the target names no service for: nothing is taken out, but the team and the
    // balances' table are looked up, and neither is in OpenMetadata.
    const tables = exampleTables("acme_pg");
    delete tables["acme_pg.analytics.finance.quarterly_account_balances"];
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables });
    const target = `openmetadata:${om.url}#service.postgres=acme_pg`;
    const products = productFolder(editedExamples("ledger_entries.odcs.yaml", (text) => text.replace("    type: postgres\n", "    type: sqlserver\n")), "finance");
    const dry = await publishToCatalog({ target, cwd: process.cwd(), products, publisher: publisher(), env, http, dryRun: true });
    const lacking = (result: Awaited<ReturnType<typeof publishToCatalog>>) => result.findings.filter((f) => / is not in OpenMetadata/.test(f.message)).map((f) => f.message.slice(target.length + 2).replace(/ is not in OpenMetadata.*$/, ""));
    expect(lacking(dry)).toEqual(["team finance-data", "user marta.silva@acme-retail.example", "table acme_pg.analytics.finance.quarterly_account_balances"]);
    expect(om.requests.every((r) => r.method === "GET")).toBe(true);
    const run = await publishToCatalog({ target, cwd: process.cwd(), products, publisher: publisher(), env, http });
    expect(run.findings).toEqual(dry.findings);
  });

  it("a failure after the look-ups still reports what they found missing (a table, the team): the parts left out of what was written", async () => {
    const tables = exampleTables("acme_pg");
    delete tables["acme_pg.analytics.marketing.campaign_contacts"];
    om = await startOpenMetadataServer({ token: OM_TOKEN, tables, fail: (_n, method, url) => (method === "PUT" && url === "/api/v1/dataProducts" ? 500 : undefined) });
    const target = `openmetadata:${om.url}#service.warehouse=acme_pg`;
    const error = await publishToCatalog({ target, cwd: process.cwd(), products: productFolder(exampleDocuments(), "marketing"), publisher: publisher(), env, http }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogDeliveryError);
    const failure = error as CatalogDeliveryError;
    expect(failure.message).toMatch(/PUT \/api\/v1\/dataProducts answered HTTP 500 .*Written: domain marketing, dataContract customer_campaigns on acme_pg\.analytics\.marketing\.campaigns;/);
    // As in a run that completes (the test above): the table OpenMetadata does not know, the team it does not know and its members.
    expect(failure.result?.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ["catalog-target-incomplete", "warning", `${target}: team marketing-data is not in OpenMetadata: its owners are named instead.`],
      ["catalog-target-incomplete", "warning", `${target}: user lena.fischer@acme-retail.example is not in OpenMetadata: not named as an owner.`],
      ["catalog-target-incomplete", "warning", expect.stringMatching(/^openmetadata:.*: table acme_pg\.analytics\.marketing\.campaign_contacts is not in OpenMetadata .*: the contract of campaign_contacts is not published\.$/)],
    ]);
    // A stopped run with those findings, which the catalog-publish action annotates beside its one-line failure (as
    // provision's after terraform fails): not only the CLI's reports carry them.
    expect(failure).toBeInstanceOf(StoppedRunError);
    expect(failure.findings).toEqual(failure.result?.findings);
    expect(failure.files).toBeGreaterThan(0);
  });

  it("an unreachable OpenMetadata and a wrong token are one-line errors that never show the token", async () => {
    om = await startOpenMetadataServer({ token: OM_TOKEN });
    const url = om.url;
    const wrong = await publishToCatalog({ target: `openmetadata:${url}#service=acme_pg`, cwd: process.cwd(), products: productFolder(exampleDocuments(), "marketing"), publisher: publisher(), env: { [OPENMETADATA_TOKEN_ENV]: "stale-jwt-000" }, http }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(UsageError);
    expect((wrong as Error).message).toBe(
      `customer_campaigns 1.3.0 (marketing): OpenMetadata at ${url}: GET /api/v1/domains/name/marketing answered HTTP 401 Unauthorized: Not Authorized! Token verification failed; check the token in MESHKIT_OPENMETADATA_TOKEN and its permissions. Nothing was written; publishing again sends everything.`,
    );
    await om.close();
    om = undefined;
    const unreachable = await publishToCatalog({ target: `openmetadata:${url}#service=acme_pg`, cwd: process.cwd(), products: productFolder(exampleDocuments(), "marketing"), publisher: publisher(), env, http }).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(UsageError);
    expect((unreachable as Error).message).toMatch(/^customer_campaigns 1\.3\.0 \(marketing\): OpenMetadata at http:\/\/127\.0\.0\.1:\d+: GET \/api\/v1\/system\/version failed: connection refused .* \(after 2 attempts\)\. Nothing was written; publishing again sends everything\.$/);
    for (const error of [wrong, unreachable]) {
      expect((error as Error).message).not.toContain("\n");
      expect((error as Error).message).not.toContain(OM_TOKEN);
      expect((error as Error).message).not.toContain("stale-jwt-000");
    }
  });
});

describe("publishToCatalog to DataHub: lineage from the input ports", () => {
  let gms: GmsServer | undefined;
  afterEach(async () => {
    await gms?.close();
    gms = undefined;
  });

  it("withdraws the datasets of an output port a product no longer has, unless another product of the run serves them now", async () => {
    gms = await startGmsServer({ token: DH_TOKEN });
    const docs = exampleDocuments();
    await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
    const isLedgerPort = (port: { name?: unknown }) => port.name === "ledger_entries";
    const ledgerPort = (docs.find((d) => d.file.endsWith("quarterly_ledger/product.odps.yaml"))?.value as { outputPorts: { name: string }[] }).outputPorts.find(isLedgerPort)!;
    const withoutPort = (doc: LoadedDocument): LoadedDocument => {
      const value = doc.value as { outputPorts: { name: string }[] };
      return { ...doc, value: { ...value, outputPorts: value.outputPorts.filter((p) => !isLedgerPort(p)) } as unknown as LoadedDocument["value"] };
    };
    const removed = docs.map((d) => (d.file.endsWith("quarterly_ledger/product.odps.yaml") ? withoutPort(d) : d));
    let accepted = gms.accepted.length;
    const result = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: removed, publisher: publisher(), env, http });
    const ledgerUrns = datasetUrns(contracts(docs).find((c) => c.name === "ledger_entries")!);
    expect(result.changes.find((c) => c.name === "quarterly_ledger")?.message).toContain(`withdrew ${ledgerUrns.length === 1 ? "1 dataset" : `${ledgerUrns.length} datasets`} no longer among its outputs (soft-deleted and deprecated): ${ledgerUrns.join(", ")}`);
    expect((gms.accepted.slice(accepted) as DataHubProposal[]).filter((p) => p.aspectName === "status" && aspectOf(p).removed === true).map((p) => p.entityUrn)).toEqual(ledgerUrns);
    // The port moved to customer_360, published first in the run: the ledger datasets stay active, now customer_360's.
    await gms.close();
    gms = await startGmsServer({ token: DH_TOKEN });
    await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
    const moved = removed.map((d) => {
      if (!d.file.endsWith("customer_360/product.odps.yaml")) return d;
      const value = d.value as { outputPorts: object[] };
      return { ...d, value: { ...value, outputPorts: [...value.outputPorts, ledgerPort] } as unknown as LoadedDocument["value"] };
    });
    accepted = gms.accepted.length;
    const after = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: moved, publisher: publisher(), env, http });
    expect(after.changes.map((c) => c.message).join("\n")).not.toContain("withdrew");
    expect((gms.accepted.slice(accepted) as DataHubProposal[]).some((p) => p.aspectName === "status" && aspectOf(p).removed === true)).toBe(false);
  });

  it("leaves active a dataset another product took over in an earlier run, when the former product, published later, no longer serves it", async () => {
    gms = await startGmsServer({ token: DH_TOKEN });
    const target = `datahub:${gms.url}`;
    const docs = exampleDocuments();
    await publishToCatalog({ target, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
    const { ledgerUrns, takeover, finance } = ledgerTakeover(docs);
    // customer_360's repository takes the ledger's port over and publishes first, alone; finance's publishes later, without the port.
    await publishToCatalog({ target, cwd: process.cwd(), products: takeover, publisher: publisher(), env, http });
    const accepted = gms.accepted.length;
    const result = await publishToCatalog({ target, cwd: process.cwd(), products: finance, publisher: publisher(), env, http });
    const sent = gms.accepted.slice(accepted) as DataHubProposal[];
    // Neither soft-deleted nor deprecated: customer_360 serves them now.
    expect(sent.filter((p) => ledgerUrns.includes(p.entityUrn))).toEqual([]);
    const productUrnOf = (folder: string) => dataProductUrn((docs.find((d) => d.file.endsWith(`${folder}/product.odps.yaml`))!.value as { id: string }).id);
    const ledgerAssets = aspectOf(sent.filter((p) => p.aspectName === "dataProductProperties" && p.entityUrn === productUrnOf("quarterly_ledger")).at(-1)!).assets as { destinationUrn: string }[];
    expect(ledgerAssets.map((a) => a.destinationUrn).filter((urn) => ledgerUrns.includes(urn))).toEqual([]);
    const message = result.changes.find((c) => c.name === "quarterly_ledger")?.message ?? "";
    expect(message).not.toContain("withdrew");
    expect(message).toContain(`another data product lists now out of its assets, left active: ${ledgerUrns.map((urn) => `${urn} (${productUrnOf("customer_360")})`).join(", ")}`);
  });

  it("a dry run says which datasets a real run would withdraw or leave to the product that took them over, writing nothing", async () => {
    gms = await startGmsServer({ token: DH_TOKEN });
    const target = `datahub:${gms.url}`;
    const docs = exampleDocuments();
    await publishToCatalog({ target, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
    const { ledgerUrns, takeover, finance } = ledgerTakeover(docs);
    const accepted = gms.accepted.length;
    const requests = gms.requests.length;
    const dry = await publishToCatalog({ target, cwd: process.cwd(), products: finance, publisher: publisher(), env, http, dryRun: true });
    expect(dry.changes.find((c) => c.name === "quarterly_ledger")?.message).toContain(`would withdraw ${plural(ledgerUrns.length, "dataset")} no longer among its outputs (soft-deleted and deprecated): ${ledgerUrns.join(", ")}`);
    expect(gms.accepted.length).toBe(accepted);
    expect(gms.requests.slice(requests).every((r) => r.method === "GET")).toBe(true);
    // The real run does what the dry run said.
    const run = await publishToCatalog({ target, cwd: process.cwd(), products: finance, publisher: publisher(), env, http });
    expect(run.changes.find((c) => c.name === "quarterly_ledger")?.message).toContain(`withdrew ${plural(ledgerUrns.length, "dataset")} no longer among its outputs (soft-deleted and deprecated): ${ledgerUrns.join(", ")}`);
    // Taken over by customer_360 in the meantime: the dry run says it would leave them active.
    await gms.close();
    gms = await startGmsServer({ token: DH_TOKEN });
    await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
    await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: takeover, publisher: publisher(), env, http });
    const handedOver = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: finance, publisher: publisher(), env, http, dryRun: true });
    const message = handedOver.changes.find((c) => c.name === "quarterly_ledger")?.message ?? "";
    expect(message).not.toContain("would withdraw");
    expect(message).toContain(`would take ${plural(ledgerUrns.length, "dataset")} another data product lists now out of its assets, left active: ${ledgerUrns[0]} (`);
    // A catalog that cannot be read (a wrong token, as on a fork's pull request) leaves the removals unknown; the dry run goes on,
    // and does not ask again for each product.
    const before = gms.requests.length;
    const unread = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: docs, publisher: publisher(), env: { [DATAHUB_TOKEN_ENV]: "wrong-token-00" }, http, dryRun: true });
    expect(unread.changes).toHaveLength(4);
    for (const change of unread.changes) expect(change.message).toMatch(/would send \d+ metadata change proposals.*; what it would withdraw is not known: DataHub at .*401/);
    expect(gms.requests.length - before).toBe(1);
  });

  it("a dry run counts the proposals withdrawing the datasets a product no longer has among those it would send, as the real run sends them", async () => {
    gms = await startGmsServer({ token: DH_TOKEN });
    const target = `datahub:${gms.url}`;
    const docs = exampleDocuments();
    await publishToCatalog({ target, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
    const { ledgerUrns, finance } = ledgerTakeover(docs);
    const counted = (result: Awaited<ReturnType<typeof publishToCatalog>>) => Number(/(?:would send|sent) (\d+) metadata change proposals/.exec(result.changes.find((c) => c.name === "quarterly_ledger")!.message)?.[1]);
    const dry = await publishToCatalog({ target, cwd: process.cwd(), products: finance, publisher: publisher(), env, http, dryRun: true });
    const ledger = finance.find((d) => d.kind.type === "DataProduct")!.value as unknown as DataProduct;
    const planned = buildDataHubPlan({ product: ledger, contracts: contracts(finance), missingContracts: "skip" }).proposals.length;
    // A soft delete and a deprecation for each dataset withdrawn, beside the product's own proposals.
    expect(counted(dry)).toBe(planned + 2 * ledgerUrns.length);
    const run = await publishToCatalog({ target, cwd: process.cwd(), products: finance, publisher: publisher(), env, http });
    expect(run.changes.find((c) => c.name === "quarterly_ledger")?.message).toContain("withdrew");
    expect(counted(run)).toBe(counted(dry));
  });

  it("does not withdraw, publishing an older version of a product after a newer one in one run, the datasets the newer one serves", async () => {
    gms = await startGmsServer({ token: DH_TOKEN });
    const docs = exampleDocuments();
    const current = docs.find((d) => d.file.endsWith("quarterly_ledger/product.odps.yaml"))!;
    const value = current.value as { version: string; outputPorts: { name: string }[] };
    // An older version, without the ledger's port, after the newer one in file order (products/quarterly_ledger/0.0.1/...).
    const older = { ...current, file: current.file.replace("product.odps.yaml", "0.0.1/product.odps.yaml"), value: { ...value, version: "0.0.1", outputPorts: value.outputPorts.filter((p) => p.name !== "ledger_entries") } as unknown as LoadedDocument["value"] };
    const result = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: [...docs, older], publisher: publisher(), env, http });
    expect(result.changes.map((c) => c.message).join("\n")).not.toContain("withdrew");
    expect((gms.accepted as DataHubProposal[]).filter((p) => p.aspectName === "status" && aspectOf(p).removed === true)).toEqual([]);
    // In the other order the newer version does withdraw what only the older one served.
    await gms.close();
    gms = await startGmsServer({ token: DH_TOKEN });
    const newer = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: [older, ...docs.filter((d) => d !== current), { ...current, value: { ...value, outputPorts: value.outputPorts.filter((p) => p.name === "ledger_entries") } as unknown as LoadedDocument["value"] }], publisher: publisher(), env, http });
    expect(newer.changes.map((c) => c.message).join("\n")).toContain("withdrew");
  });

  it("a dry run of several versions of a product says what each would withdraw once the versions sent before it were published", async () => {
    gms = await startGmsServer({ token: DH_TOKEN });
    const target = `datahub:${gms.url}`;
    const { current, value, older } = olderLedgerVersion(exampleDocuments());
    // 0.0.1 without the ledger's port, sent first, lists the balances; 1.1.0, with the ledger's port only, then withdraws them.
    const products = [older, ...exampleDocuments().filter((d) => !d.file.endsWith("quarterly_ledger/product.odps.yaml")), withPorts(current, value.outputPorts.filter(isLedgerPort))];
    const withdrawals = (result: Awaited<ReturnType<typeof publishToCatalog>>) => result.changes.map((c) => /; (?:would withdraw|withdrew) .*$/.exec(c.message)?.[0].replace("would withdraw", "withdrew"));
    for (const round of ["a first publication", "publishing again"]) {
      const dry = await publishToCatalog({ target, cwd: process.cwd(), products, publisher: publisher(), env, http, dryRun: true });
      const run = await publishToCatalog({ target, cwd: process.cwd(), products, publisher: publisher(), env, http });
      expect(withdrawals(run).filter((w) => w !== undefined), round).toHaveLength(1);
      expect(withdrawals(dry), round).toEqual(withdrawals(run));
    }
  });

  it("a dry run of a product version with a port whose contract is missing reads what it would list when a later version of the product follows", async () => {
    gms = await startGmsServer({ token: DH_TOKEN });
    const target = `datahub:${gms.url}`;
    const { current, value, older } = olderLedgerVersion(exampleDocuments());
    // 0.0.1 also has a port whose contract is in no document: it withdraws nothing, yet lists the balances, which 1.1.0 then withdraws.
    const lacking = withPorts(older, [...ports(older), { name: "archive", version: "1.0.0", contractId: "no-such-contract" }]);
    const products = [lacking, ...exampleDocuments().filter((d) => !d.file.endsWith("quarterly_ledger/product.odps.yaml")), withPorts(current, value.outputPorts.filter(isLedgerPort))];
    const lines = (result: Awaited<ReturnType<typeof publishToCatalog>>) => result.changes.filter((c) => c.name === "quarterly_ledger").map((c) => /; (?:would withdraw|withdrew) .*$/.exec(c.message)?.[0].replace("would withdraw", "withdrew"));
    const dry = await publishToCatalog({ target, cwd: process.cwd(), products, publisher: publisher(), env, http, dryRun: true });
    const run = await publishToCatalog({ target, cwd: process.cwd(), products, publisher: publisher(), env, http });
    expect(lines(run)).toEqual([undefined, expect.stringMatching(/^; withdrew /)]);
    expect(lines(dry)).toEqual(lines(run));
  });

  it("a dry run of a product with a port whose contract is missing, which withdraws nothing, does not wait for DataHub to say so", async () => {
    const finance = productFolder(exampleDocuments(), "finance");
    const ledgerContract = finance.find((d) => d.kind.type === "DataContract" && (d.value as { id?: unknown }).id === ports(finance.find((p) => p.kind.type === "DataProduct")!).find(isLedgerPort)!.contractId)!;
    const dry = await publishToCatalog({ target: "datahub:http://127.0.0.1:1", cwd: process.cwd(), products: finance.filter((d) => d !== ledgerContract), publisher: publisher(), env, http, dryRun: true });
    expect(dry.changes.map((c) => c.message)).toEqual([expect.stringMatching(/^quarterly_ledger 1\.1\.0 \(finance\): would send \d+ metadata change proposals[^;]*$/)]);
  });

  it("sends nothing of a product one of whose contracts is refused (exit 1), rather than the product without that port's datasets", async () => {
    gms = await startGmsServer({ token: DH_TOKEN });
    // The ledger's first schema object's properties made a string: catalog-contract-invalid.
    const docs = editedExamples("quarterly_ledger/ledger_entries.odcs.yaml", (text) => text.replace(/^ {4}properties:$/m, '    properties: "x"\n    x_properties:'));
    const ledger = docs.find((d) => d.kind.type === "DataProduct" && d.file.includes("quarterly_ledger"))?.value as { id: string };
    const result = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
    expect([...new Set(result.findings.filter((f) => f.severity === "error").map((f) => `${f.ruleId} ${f.file.replace(/^.*\//, "")}`))]).toEqual([
      "catalog-contract-invalid ledger_entries.odcs.yaml",
      "catalog-contract-invalid product.odps.yaml",
    ]);
    // An UPSERT of its dataProductProperties without the ledger's datasets would have taken them out of the product in DataHub.
    expect((gms.accepted as DataHubProposal[]).filter((p) => p.entityUrn.includes(ledger.id) || p.entityUrn.includes("ledger") || p.entityUrn.includes("quarterly"))).toEqual([]);
    expect(result.changes.map((c) => c.name)).not.toContain("quarterly_ledger");
    expect(result.changes).toHaveLength(3);
  });

  it("sends upstreamLineage from the products published together, every proposal valid against the reference aspect models", async () => {
    gms = await startGmsServer({ token: DH_TOKEN });
    const docs = exampleDocuments();
    const result = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: docs, results: exampleResults(), publisher: publisher(), env, http });
    for (const proposal of gms.accepted) expect(checker.checkProposal(proposal)).toEqual([]);
    const accepted = gms.accepted as DataHubProposal[];
    const campaigns = contracts(docs).find((c) => c.id === CAMPAIGNS_CONTRACT) as DataContract;
    const profile = contracts(docs).find((c) => c.name === "customer_profile") as DataContract;
    const product = docs.find((d) => d.kind.type === "DataProduct" && (d.value as { id?: unknown }).id === CUSTOMER_360)?.value as { productCreatedTs: string };
    const created = Date.parse(product.productCreatedTs);
    const lineage = accepted.filter((p) => p.aspectName === "upstreamLineage");
    for (const urn of datasetUrns(profile)) {
      const aspect = aspectOf(lineage.find((p) => p.entityUrn === urn) as DataHubProposal);
      expect(checker.checkAspect("upstreamLineage", aspect)).toEqual([]);
      expect(aspect).toEqual({
        upstreams: contactsOf(campaigns).map((dataset) => ({ auditStamp: { time: created, actor: "urn:li:corpuser:datahub", message: "meshkit" }, dataset, type: "TRANSFORMED" })),
      });
    }
    expect(result.changes[0]?.message).toBe("customer_360 2.1.0 (customer): sent 23 metadata change proposals (upstream lineage on 2 of 2 datasets)");
    // The other input ports read contracts kept in no document here: an info finding at each port.
    const unresolved = result.findings.filter((f) => f.ruleId === "catalog-lineage-unresolved");
    expect(unresolved.map((f) => [f.file, f.path, f.severity])).toContainEqual(["examples/domains/customer/customer_360/product.odps.yaml", "/inputPorts/1/contractId", "info"]);
    expect(unresolved.find((f) => f.path === "/inputPorts/1/contractId" && f.file.includes("customer_360"))?.message).toBe(
      `input port crm_accounts reads contract ${CRM_CONTRACT}, whose documents are not among the documents published; DataHub gets no upstream lineage for it. Keep a copy of the upstream contract with the documents, publish its product together with this one, or give a lineage catalog (dir: or git:) where it is registered.`,
    );
    expect(result.findings.filter((f) => f.ruleId !== "catalog-lineage-unresolved")).toEqual([]);
  });

  it("resolves an upstream contract kept as a copy beside the product (no upstream product needed)", async () => {
    gms = await startGmsServer({ token: DH_TOKEN });
    const all = exampleDocuments();
    const campaignsContract = all.filter((d) => d.kind.type === "DataContract" && (d.value as { id?: unknown }).id === CAMPAIGNS_CONTRACT);
    const result = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: [...productFolder(all, "customer"), ...campaignsContract], publisher: publisher(), env, http });
    // Only customer_360 is a product here: the kept contract is read for lineage and not published.
    expect(result.changes.map((c) => c.name)).toEqual(["customer_360"]);
    const lineage = (gms.accepted as DataHubProposal[]).filter((p) => p.aspectName === "upstreamLineage");
    expect(lineage).toHaveLength(2);
    expect((aspectOf(lineage[0] as DataHubProposal).upstreams as { dataset: string }[]).map((u) => u.dataset)).toEqual(contactsOf(contracts(campaignsContract)[0] as DataContract));
    expect((gms.accepted as DataHubProposal[]).some((p) => p.entityUrn.includes("campaign_contacts") && p.aspectName !== "upstreamLineage")).toBe(false);
  });

  it("resolves upstream products registered in a lineage catalog (another repository published them)", async () => {
    const catalog = join(tempDir(), "catalog");
    await publishProducts({ target: `dir:${catalog}`, products: productFolder(exampleDocuments(), "marketing"), publisher: publisher({ repo: "acme/marketing" }) });
    gms = await startGmsServer({ token: DH_TOKEN });
    const result = await publishToCatalog({
      target: `datahub:${gms.url}`,
      cwd: process.cwd(),
      products: productFolder(exampleDocuments(), "customer"),
      publisher: publisher(),
      env,
      http,
      lineageCatalog: `dir:${catalog}`,
    });
    const lineage = (gms.accepted as DataHubProposal[]).filter((p) => p.aspectName === "upstreamLineage");
    const campaigns = contracts(exampleDocuments()).find((c) => c.id === CAMPAIGNS_CONTRACT) as DataContract;
    expect(lineage.map((p) => (aspectOf(p).upstreams as { dataset: string }[]).map((u) => u.dataset))).toEqual([contactsOf(campaigns), contactsOf(campaigns)]);
    expect(result.findings.map((f) => f.message)).toEqual([
      `input port crm_accounts reads contract ${CRM_CONTRACT}, whose documents are not among the documents published nor registered in the lineage catalog dir:${catalog}; DataHub gets no upstream lineage for it. Publish the upstream product to the lineage catalog first, or publish it together with this one.`,
    ]);
  });

  it("an entry of the lineage catalog edited so that its documents break their schemas resolves nothing, and publishing goes on", async () => {
    const catalog = join(tempDir(), "catalog");
    await publishProducts({ target: `dir:${catalog}`, products: productFolder(exampleDocuments(), "marketing"), publisher: publisher({ repo: "acme/marketing" }) });
    const file = join(catalog, "products/f3984b68-2c4b-415b-9b2b-91088803152d/1.3.0.json");
    const entry = JSON.parse(readFileSync(file, "utf8")) as { product: { name: unknown }; contracts: { schema: unknown; servers: unknown }[] };
    entry.product.name = 5;
    entry.contracts[0]!.schema = 5;
    entry.contracts[0]!.servers = 5;
    writeFileSync(file, JSON.stringify(entry));
    const options = { cwd: process.cwd(), products: productFolder(exampleDocuments(), "customer"), publisher: publisher(), env, lineageCatalog: `dir:${catalog}` };
    const datahub = await publishToCatalog({ ...options, target: "datahub:http://127.0.0.1:1", dryRun: true });
    const backstage = await publishToCatalog({ ...options, target: `backstage:${join(tempDir(), "backstage")}` });
    for (const result of [datahub, backstage]) {
      expect(result.changes.map((c) => c.id)).toEqual([CUSTOMER_360]);
      expect(result.findings.filter((f) => f.ruleId === "catalog-lineage-unresolved").map((f) => f.path)).toContain("/inputPorts/0/contractId");
    }
  });

  it("a lineage catalog that cannot be read stops the publication before anything is sent", async () => {
    gms = await startGmsServer({ token: DH_TOKEN });
    const missing = join(tempDir(), "no-such-catalog.git");
    const error = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: exampleDocuments(), publisher: publisher(), env, http, lineageCatalog: `git:${missing}#catalog` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^lineage catalog: cannot reach catalog git:.*no-such-catalog\.git#catalog: .*; nothing was published$/);
    expect(gms.requests).toEqual([]);
  });

  it.each(["dir", "git"])("a lineage catalog with a %s: catalog, which takes no lineage, is refused before anything is written", async (type) => {
    const catalog = join(tempDir(), "catalog");
    const target = type === "dir" ? `dir:${catalog}` : `git:${join(tempDir(), "catalog.git")}#catalog`;
    const error = await publishToCatalog({ target, cwd: process.cwd(), products: exampleDocuments(), publisher: publisher(), lineageCatalog: "garbage" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`a lineage catalog is read only when publishing to datahub: or backstage: (for their lineage edges); ${type}: catalogs take none, so leave it out`);
    expect(existsSync(catalog)).toBe(false);
  });

  it("a 500 that outlasts the retries in the middle of several products says which were published, which part of the failing one was, and which were not sent", async () => {
    // Requests: customer_360 = 6 (2 deprecation look-ups, 2 datasets, the look-up of its assets, the product); quarterly_ledger's
    // 2 deprecation look-ups are requests 7-8 and its first dataset request 9.
    gms = await startGmsServer({ token: DH_TOKEN, fail: (n) => (n >= 10 ? 500 : undefined) });
    const error = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: exampleDocuments(), publisher: publisher(), env, http }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogDeliveryError);
    const failure = error as CatalogDeliveryError;
    expect(failure.published).toEqual(["customer_360 2.1.0 (customer)"]);
    expect(failure.failed).toBe("quarterly_ledger 1.1.0 (finance)");
    expect(failure.notPublished).toEqual(["customer_campaigns 1.3.0 (marketing)", "inventory_snapshot 1.4.0 (supply_chain)"]);
    expect(failure.message).not.toContain("\n");
    // What was done before the failure, for a machine-read report: the change of the product published, in input order.
    expect(failure.result?.changes.map((c) => `${c.name} ${c.action}: ${c.message}`)).toEqual([expect.stringMatching(/^customer_360 upsert: customer_360 2\.1\.0 \(customer\): sent \d+ metadata change proposals/)]);
    expect(failure.result).toMatchObject({ target: `datahub:${gms.url}`, dryRun: false, written: true });
    expect(failure.message).toMatch(/^quarterly_ledger 1\.1\.0 \(finance\): DataHub at .*: POST \/aspects\?action=ingestProposalBatch answered HTTP 500 .* \(after 2 attempts\)\. Written: \d+ of \d+ proposals .*; the data product's dataProductProperties \(its name and assets\) was not written/);
    expect(failure.message).toContain(
      `Published to datahub:${gms.url} before it: customer_360 2.1.0 (customer). Not sent: customer_campaigns 1.3.0 (marketing), inventory_snapshot 1.4.0 (supply_chain).`,
    );
    // Consistent: the failing product's dataProductProperties never reached GMS; the first product's did.
    const products = (gms.accepted as DataHubProposal[]).filter((p) => p.aspectName === "dataProductProperties").map((p) => p.entityUrn);
    expect(products).toEqual([`urn:li:dataProduct:${CUSTOMER_360}`]);
  });
});

describe("publishToCatalog: a target that fails for good stops the run", () => {
  it("in one line of sentences, the target's reason ended before the products not sent are named", async () => {
    const file = join(tempDir(), "not-a-folder");
    writeFileSync(file, "");
    const products = [...productDocuments({ id: "alpha", name: "alpha", domain: "sales" }), ...productDocuments({ id: "beta", name: "beta", domain: "sales" })];
    const error = await publishToCatalog({ target: `backstage:${file}`, cwd: process.cwd(), products, publisher: publisher() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogDeliveryError);
    const message = (error as Error).message;
    expect(message).toMatch(/^alpha 1\.0\.0 \(sales\): Cannot create the Backstage catalog directory .*not-a-folder: .*\. Not sent: beta 1\.0\.0 \(sales\)\.$/);
    // Why, in words and with the file in the way, not Node's `ENOTDIR: not a directory, mkdir '…'`.
    expect(message).toContain(`${file}: ${file} is a file, not a folder (ENOTDIR): choose another path.`);
    expect(message).not.toContain("\n");
  });
});

describe("publishToCatalog: what a product says that the target cannot hold is a finding on it, and the others are published", () => {
  it("Backstage: two products whose names make one entity name; a name without ASCII letters takes the id", async () => {
    const dir = join(tempDir(), "backstage-names");
    const products = [
      ...productDocuments({ id: "alpha-orders", name: "orders", domain: "alpha" }),
      ...productDocuments({ id: "beta-orders", name: "orders", domain: "beta" }),
      ...productDocuments({ id: "cjk-1", name: "中文", domain: "gamma" }),
    ];
    const result = await publishToCatalog({ target: `backstage:${dir}`, cwd: process.cwd(), products, publisher: publisher() });
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([["catalog-product-invalid", "error"]]);
    expect(result.findings[0]!.message).toContain("its Backstage System would be products/orders.yaml, which is product alpha-orders's");
    expect(result.changes.map((c) => `${c.action} ${c.id}`)).toEqual(["upsert alpha-orders", "upsert cjk-1"]);
    expect(readFileSync(join(dir, "products/orders.yaml"), "utf8")).toContain("product-id: alpha-orders");
    expect(readFileSync(join(dir, "products/cjk-1.yaml"), "utf8")).toContain("title: 中文");
    // Publishing the first one again is no collision with itself.
    const again = await publishToCatalog({ target: `backstage:${dir}`, cwd: process.cwd(), products: products.slice(0, 2), publisher: publisher() });
    expect(again.findings).toEqual([]);
  });

  it("Backstage: a domain with no ASCII letter is a finding at the domain's node that says what a Backstage name is", async () => {
    const dir = join(tempDir(), "backstage-domain");
    const products = [...productDocuments({ id: "cjk-domain", domain: "营销" }), ...productDocuments({ id: "latin-domain" })];
    const result = await publishToCatalog({ target: `backstage:${dir}`, cwd: process.cwd(), products, publisher: publisher() });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.path])).toEqual([["catalog-product-invalid", "cjk-domain/product.odps.yaml", 8, 13, "/domain"]]);
    expect(result.findings[0]!.message).toMatch(/: domain "营销" makes no Backstage entity name: .*Backstage entity names are 1-63 ASCII letters and digits/);
    expect(result.changes.map((c) => c.id)).toEqual(["latin-domain"]);
  });

  it("Backstage: a product published under a new name replaces its System, and the run says so", async () => {
    const dir = join(tempDir(), "backstage-rename");
    await publishToCatalog({ target: `backstage:${dir}`, cwd: process.cwd(), products: productDocuments({ id: "orders-id", name: "orders" }), publisher: publisher() });
    const renamed = await publishToCatalog({ target: `backstage:${dir}`, cwd: process.cwd(), products: productDocuments({ id: "orders-id", name: "sales_orders" }), publisher: publisher() });
    expect(renamed.changes[0]?.message).toMatch(/; removed products\/orders\.yaml, its System under an earlier name$/);
    expect(renamed.files).toContain("products/orders.yaml");
    expect(existsSync(join(dir, "products/orders.yaml"))).toBe(false);
  });

  it("Backstage (dry run): says which files a real run would remove and which relations it would leave stale, writing nothing", async () => {
    const dir = join(tempDir(), "backstage-dry-rename");
    const target = `backstage:${dir}`;
    // Before the first publish: the entities it would write, and no folder made.
    const first = await publishToCatalog({ target, cwd: process.cwd(), products: productFolder(exampleDocuments(), "marketing"), publisher: publisher(), dryRun: true });
    expect(first.changes.map((c) => c.message)).toEqual([expect.stringMatching(/^customer_campaigns 1\.\d+\.\d+ \(marketing\): would write \d+ Backstage entities$/)]);
    expect(existsSync(dir)).toBe(false);
    await publishToCatalog({ target, cwd: process.cwd(), products: exampleDocuments(), publisher: publisher() });
    // marketing renames customer_campaigns, whose Resources customer_360 (published from its own repository) dependsOn.
    const renamed = productFolder(editedExamples("customer_campaigns/product.odps.yaml", (text) => text.replace(/^name: customer_campaigns$/m, "name: campaign_outcomes")), "marketing");
    const folderText = () => ["catalog-info.yaml", "products/customer_campaigns.yaml", "products/customer_360.yaml"].map((file) => readFileSync(join(dir, file), "utf8"));
    const before = folderText();
    const dry = await publishToCatalog({ target, cwd: process.cwd(), products: renamed, publisher: publisher(), dryRun: true });
    expect(dry.changes.map((c) => c.message)).toEqual([expect.stringMatching(/^campaign_outcomes 1\.\d+\.\d+ \(marketing\): would write \d+ Backstage entities; would remove products\/customer_campaigns\.yaml, its System under an earlier name$/)]);
    expect(dry.findings.filter((f) => f.ruleId === "catalog-lineage-stale").map((f) => /: (products\/\S+: Resource \S+ dependsOn \S+), a Resource this publish would remove /.exec(f.message)?.[1])).toEqual([
      "products/customer_360.yaml: Resource customer_360.customer_profiles dependsOn resource:default/customer_campaigns.campaign_contacts",
      "products/customer_360.yaml: Resource customer_360.customer_consents dependsOn resource:default/customer_campaigns.campaign_contacts",
    ]);
    expect(dry.files).toEqual([]);
    expect(dry.written).toBe(false);
    expect(folderText()).toEqual(before);
    expect(existsSync(join(dir, "products/campaign_outcomes.yaml"))).toBe(false);
    // The real run does what the dry run said.
    const run = await publishToCatalog({ target, cwd: process.cwd(), products: renamed, publisher: publisher() });
    expect(run.changes.map((c) => c.message.replace(/^(.*?: )/, "$1would write ").replace("; removed", "; would remove"))).toEqual(dry.changes.map((c) => c.message));
    expect(run.findings.filter((f) => f.ruleId === "catalog-lineage-stale").map((f) => f.message.replace("this publish removed", "this publish would remove"))).toEqual(
      dry.findings.filter((f) => f.ruleId === "catalog-lineage-stale").map((f) => f.message),
    );
  });

  it("OpenMetadata (dry run): a domain OpenMetadata cannot name stops only its product, with a finding at the domain", async () => {
    const products = [...productDocuments({ id: "colons", domain: "sales::eu" }), ...productDocuments({ id: "plain" })];
    const result = await publishToCatalog({ target: "openmetadata:http://127.0.0.1:9#service=acme_pg", cwd: process.cwd(), products, publisher: publisher(), dryRun: true });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.path])).toEqual([["catalog-product-invalid", "colons/product.odps.yaml", 8, "/domain"]]);
    expect(result.findings[0]!.message).toContain('Cannot name an OpenMetadata entity after the domain "sales::eu": it must be 1 to 256 characters without "::" or quotes; not published there.');
    expect(result.changes.map((c) => c.id)).toEqual(["plain"]);
  });

  it("DataHub: a second product serving the datasets of another product's contract is refused at its output port; versions of one product are not", async () => {
    const gms = await startGmsServer({ token: DH_TOKEN });
    try {
      const products = [
        ...productDocuments({ id: "orders", contractId: "shared-orders" }),
        ...productDocuments({ id: "orders", version: "1.1.0", contractId: "shared-orders" }),
        // Another product (its own document only) whose output port names the same contract: the same tables.
        ...productDocuments({ id: "orders-eu", name: "orders", contractId: "shared-orders" }).filter((d) => d.kind.type === "DataProduct"),
        ...productDocuments({ id: "returns" }),
      ];
      const result = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products, publisher: publisher(), env, http });
      expect(result.findings.map((f) => [f.ruleId, f.severity, f.file, f.path])).toEqual([["catalog-product-invalid", "error", "orders-eu/product.odps.yaml", "/outputPorts/0/contractId"]]);
      expect(result.findings[0]!.message).toContain("its dataset urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.sales.orders_rows,PROD) (table orders_rows of contract shared-orders) is already an output of orders 1.1.0 (sales) in this publish");
      expect(result.changes.map((c) => `${c.id} ${c.version}`)).toEqual(["orders 1.0.0", "orders 1.1.0", "returns 1.0.0"]);
      // Nothing of the refused product reached GMS: the dataset's owners are those of the product that serves it.
      expect((gms.accepted as DataHubProposal[]).some((p) => p.entityUrn === "urn:li:dataProduct:orders-eu")).toBe(false);
      for (const proposal of gms.accepted) expect(checker.checkProposal(proposal)).toEqual([]);
    } finally {
      await gms.close();
    }
  });

  it("OpenMetadata (dry run): a second product serving another product's table is refused at its output port", async () => {
    const products = [
      ...productDocuments({ id: "orders", contractId: "shared-orders" }),
      ...productDocuments({ id: "orders-eu", name: "orders", contractId: "shared-orders" }).filter((d) => d.kind.type === "DataProduct"),
      ...productDocuments({ id: "returns" }),
    ];
    const result = await publishToCatalog({ target: "openmetadata:http://127.0.0.1:9#service=acme_pg", cwd: process.cwd(), products, publisher: publisher(), dryRun: true });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.path])).toEqual([["catalog-product-invalid", "orders-eu/product.odps.yaml", "/outputPorts/0/contractId"]]);
    expect(result.findings[0]!.message).toContain("its table acme_pg.analytics.sales.orders_rows (table orders_rows of contract shared-orders) is already an output of orders 1.0.0 (sales) in this publish");
    expect(result.changes.map((c) => c.id)).toEqual(["orders", "returns"]);
  });

  it("OpenMetadata (dry run): a second product serving the same Snowflake table under its upper-case name is refused at its output port", async () => {
    // Two contracts naming one Snowflake table, as SQL reads it (`orders_rows`) and as Snowflake keeps it (`ORDERS_ROWS`).
    const onSnowflake = (docs: LoadedDocument[], table: string) =>
      docs.map((d) => {
        if (d.kind.type !== "DataContract") return d;
        const contract = d.value as unknown as DataContract;
        const value = { ...contract, servers: [{ server: "warehouse", type: "snowflake", account: "acme", database: "analytics", schema: "sales" }], schema: [{ ...contract.schema![0]!, physicalName: table }] };
        return loadText(d.file, JSON.stringify(value, null, 2)).documents[0]!;
      });
    const products = [...onSnowflake(productDocuments({ id: "orders" }), "orders_rows"), ...onSnowflake(productDocuments({ id: "orders-eu" }), "ORDERS_ROWS")];
    const result = await publishToCatalog({ target: "openmetadata:http://127.0.0.1:9#service=acme_sf", cwd: process.cwd(), products, publisher: publisher(), dryRun: true });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.path])).toEqual([["catalog-product-invalid", "orders-eu/product.odps.yaml", "/outputPorts/0/contractId"]]);
    expect(result.findings[0]!.message).toContain("its table acme_sf.ANALYTICS.SALES.ORDERS_ROWS (table orders-eu_rows of contract orders-eu-contract) is already an output of orders 1.0.0 (sales) in this publish");
    expect(result.changes.map((c) => c.id)).toEqual(["orders"]);
  });

  it("names a product whose name is blank (`name: \"\"`, which ODPS allows) by its id on every target, as the dir catalog does", async () => {
    for (const name of ["", "  "]) {
      const products = productDocuments({ id: "orders-eu", contractId: "orders-contract" });
      (products[0]!.value as { name: string }).name = name;
      const docs = { product: products[0]!.value as unknown as DataProduct, contracts: contracts(products) };
      const entry = await publishProducts({ target: `dir:${tempDir()}`, products, publisher: publisher() });
      expect(entry.changes.map((c) => [c.name, c.message])).toEqual([["orders-eu", "orders-eu 1.0.0 (sales): new product"]]);
      const properties = buildDataHubPlan(docs).product.find((p) => p.aspectName === "dataProductProperties")!;
      expect(aspectOf(properties).name).toBe("orders-eu");
      expect(buildOpenMetadataPlan(docs).dataProduct.request.displayName).toBe("orders-eu");
      for (const target of ["datahub:http://127.0.0.1:9", "openmetadata:http://127.0.0.1:9#service=pg"]) {
        const sent = await publishToCatalog({ target, cwd: process.cwd(), products, publisher: publisher(), env, dryRun: true });
        expect(sent.changes.map((c) => [c.name, c.message.split(":")[0]])).toEqual([["orders-eu", "orders-eu 1.0.0 (sales)"]]);
      }
      const backstage = await publishToCatalog({ target: `backstage:${join(tempDir(), "bs")}`, cwd: process.cwd(), products, publisher: publisher() });
      expect(backstage.changes.map((c) => c.message.split(":")[0])).toEqual(["orders-eu 1.0.0 (sales)"]);
    }
  });

  it("DataHub (dry run): a URN DataHub would refuse stops only its product", async () => {
    const products = [...productDocuments({ id: "long-".padEnd(600, "x") }), ...productDocuments({ id: "short" })];
    const result = await publishToCatalog({ target: "datahub:http://127.0.0.1:9", cwd: process.cwd(), products, publisher: publisher(), dryRun: true });
    expect(result.findings.map((f) => f.ruleId)).toEqual(["catalog-product-invalid"]);
    expect(result.findings[0]!.message).toMatch(/longer than 512 bytes, which DataHub refuses; give it a shorter name; not published there\.$/);
    expect(result.changes.map((c) => c.id)).toEqual(["short"]);
  });
});

describe("publishToCatalog to Backstage: dependsOn across products", () => {
  it("names the upstream product's Resources in dependsOn, and reports an upstream known only by its contract", async () => {
    const dir = join(tempDir(), "backstage");
    const all = exampleDocuments();
    const result = await publishToCatalog({ target: `backstage:${dir}`, cwd: process.cwd(), products: all, publisher: publisher() });
    expect(result.changes[0]?.message).toMatch(/^customer_360 2\.1\.0 \(customer\): \d+ Backstage entities \(2 Resources with dependsOn\)$/);
    const entities = readFileSync(join(dir, "products/customer_360.yaml"), "utf8")
      .split(/^---$/m)
      .map((text) => parse(text) as { kind: string; metadata: { name: string }; spec: { dependsOn?: string[] } });
    for (const resource of entities.filter((e) => e.kind === "Resource")) {
      expect(resource.spec.dependsOn).toEqual(["resource:default/customer_campaigns.campaign_contacts"]);
    }
    const upstream = readFileSync(join(dir, "products/customer_campaigns.yaml"), "utf8");
    expect(upstream).toContain("name: customer_campaigns.campaigns\n");

    // Only the upstream contract (no product): Backstage cannot name its Resources.
    const alone = join(tempDir(), "backstage");
    const kept = all.filter((d) => d.kind.type === "DataContract" && (d.value as { id?: unknown }).id === CAMPAIGNS_CONTRACT);
    const partial = await publishToCatalog({ target: `backstage:${alone}`, cwd: process.cwd(), products: [...productFolder(all, "customer"), ...kept], publisher: publisher() });
    expect(partial.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["catalog-lineage-unresolved", "/inputPorts/0/contractId"],
      ["catalog-lineage-unresolved", "/inputPorts/1/contractId"],
    ]);
    expect(partial.findings[0]?.message).toBe(
      `input port customer_campaigns reads contract ${CAMPAIGNS_CONTRACT}, whose product is not among the products published; Backstage gets no dependsOn for it. Publish the upstream product together with this one, or give a lineage catalog (dir: or git:) where it is registered.`,
    );
    expect(existsSync(join(alone, "products/customer_360.yaml"))).toBe(true);
  });

  it("follows products declared together when a product is built from documents made in code", async () => {
    const upstream = productDocuments({ id: "orders", domain: "sales" });
    const downstream = productDocuments({ id: "order_stats", domain: "sales", inputs: [{ name: "orders", contractId: "orders-contract", version: "1.0.0" }] });
    const dir = join(tempDir(), "backstage");
    const result = await publishToCatalog({ target: `backstage:${dir}`, cwd: process.cwd(), products: [...downstream, ...upstream], publisher: publisher() });
    expect(result.findings).toEqual([]);
    expect(readFileSync(join(dir, "products/order_stats.yaml"), "utf8")).toContain("dependsOn:\n    - resource:default/orders.orders_rows\n");
  });
});

describe("publishToCatalog: versions of one product in one run", () => {
  /** The examples with quarterly_ledger also at 2.0.0-rc.1 (draft, listed first) and 1.0.0 (deprecated, listed last): 1.1.0 is the latest release. */
  function ledgerVersions(): { docs: LoadedDocument[]; id: string } {
    const docs = exampleDocuments();
    const current = docs.find((d) => d.file.endsWith("quarterly_ledger/product.odps.yaml"))!;
    const value = current.value as { id: string; version: string; status: string };
    const at = (version: string, status: string): LoadedDocument => ({ ...current, file: current.file.replace("product.odps.yaml", `${version}/product.odps.yaml`), value: { ...value, version, status } as unknown as LoadedDocument["value"] });
    return { docs: [at("2.0.0-rc.1", "draft"), ...docs, at("1.0.0", "deprecated")], id: value.id };
  }

  it("leave DataHub, OpenMetadata, Backstage and the dir catalog describing the latest release, whatever the file order", async () => {
    const { docs, id } = ledgerVersions();
    const gms = await startGmsServer({ token: DH_TOKEN });
    try {
      const result = await publishToCatalog({ target: `datahub:${gms.url}`, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
      const properties = (gms.accepted as DataHubProposal[]).filter((p) => p.entityUrn === `urn:li:dataProduct:${id}` && p.aspectName === "dataProductProperties");
      expect((aspectOf(properties.at(-1)!).customProperties as Record<string, string>).version).toBe("1.1.0");
      // Reported in input order all the same.
      expect(result.changes.filter((c) => c.name === "quarterly_ledger").map((c) => c.version)).toEqual(["2.0.0-rc.1", "1.1.0", "1.0.0"]);
    } finally {
      await gms.close();
    }
    const om = await startOpenMetadataServer({ token: OM_TOKEN, tables: exampleTables("acme_pg"), teams: teamsOf(exampleDocuments()) });
    try {
      await publishToCatalog({ target: `openmetadata:${om.url}#service=acme_pg`, cwd: process.cwd(), products: docs, publisher: publisher(), env, http });
      const description = String((om.store.get("dataProducts")?.get(id) as { description?: unknown } | undefined)?.description);
      expect(description).toContain("Posted general ledger lines");
      expect(description).not.toMatch(/This product is (deprecated|a draft)/);
    } finally {
      await om.close();
    }
    const backstage = join(tempDir(), "backstage");
    await publishToCatalog({ target: `backstage:${backstage}`, cwd: process.cwd(), products: docs, publisher: publisher() });
    expect(readFileSync(join(backstage, "products/quarterly_ledger.yaml"), "utf8")).toMatch(/product-version: 1\.1\.0\n/);
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: docs, publisher: publisher() });
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as { products: { id: string; latestVersion: string; status: string }[] };
    expect(index.products.find((p) => p.id === id)).toMatchObject({ latestVersion: "1.1.0", status: "active" });
  });
});

describe("publishToCatalog: an output port without a contract (ODPS makes contractId optional)", () => {
  /** orders with a second output port that names no contract, e.g. an API. */
  function withContractlessPort(): LoadedDocument[] {
    const [product, contract] = productDocuments({ id: "orders", domain: "sales" });
    const value = { ...(product!.value as { outputPorts: unknown[] }) };
    value.outputPorts = [...value.outputPorts, { name: "orders_api", version: "1.0.0", type: "api", description: "REST access" }];
    return [...loadText("orders/product.odps.yaml", JSON.stringify(value)).documents, contract!];
  }

  it("publishes the rest of the product to DataHub, OpenMetadata and Backstage, as to a dir catalog", async () => {
    const docs = withContractlessPort();
    const options = { cwd: process.cwd(), products: docs, publisher: publisher(), env };
    const datahub = await publishToCatalog({ ...options, target: "datahub:http://127.0.0.1:1", dryRun: true });
    // (No DataHub there to read what it would withdraw: the dry run says so and goes on.)
    expect(datahub.changes.map((c) => c.message)).toEqual([expect.stringMatching(/^orders 1\.0\.0 \(sales\): would send 12 metadata change proposals; what it would withdraw is not known: /)]);
    const openmetadata = await publishToCatalog({ ...options, target: "openmetadata:http://127.0.0.1:1#service=pg", dryRun: true });
    expect(openmetadata.changes[0]?.message).toContain("the 1 of 1 tables");
    const dir = join(tempDir(), "backstage");
    const backstage = await publishToCatalog({ ...options, target: `backstage:${dir}` });
    expect(backstage.findings).toEqual([]);
    expect(readFileSync(join(dir, "products/orders.yaml"), "utf8")).toContain("name: orders.orders_rows\n");
    const catalog = await publishProducts({ target: `dir:${tempDir()}`, products: docs, publisher: publisher() });
    expect(catalog.changes.map((c) => c.action)).toEqual(["add-product"]);
  });
});

describe("publishToCatalog: the contract-test results every target shows", () => {
  it("results of no contract the products serve are a warning on DataHub too", async () => {
    const results = qualityRun([{ id: "refunds-contract", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z" }]);
    const result = await publishToCatalog({ target: "datahub:http://127.0.0.1:1", cwd: process.cwd(), products: productDocuments({ id: "orders" }), results, publisher: publisher(), env, dryRun: true });
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([["catalog-results-unmatched", "warning"]]);
  });

  it("says which server the checks read, and that it is not the dataset's own when they read another (sample data)", async () => {
    const run = exampleResults() as { contracts: { contract: { id: string }; source: string }[] };
    const results = parseQualityRun(run);
    const products = productFolder(exampleDocuments(), "marketing");
    const dir = join(tempDir(), "backstage-quality-server");
    await publishToCatalog({ target: `backstage:${dir}`, cwd: process.cwd(), products, results, publisher: publisher() });
    const resources = () =>
      parseAllDocuments(readFileSync(join(dir, "products/customer_campaigns.yaml"), "utf8"))
        .map((d) => d.toJS() as { kind: string; metadata: { annotations: Record<string, string> } })
        .filter((e) => e.kind === "Resource" && e.metadata.annotations["meshkit.io/quality-status"] !== "untested");
    expect(resources().length).toBeGreaterThan(0);
    // The example results read the sample data of server local; the datasets are located on server warehouse.
    for (const e of resources()) expect(e.metadata.annotations["meshkit.io/quality-server"]).toBe("local, not warehouse where this dataset is");
    for (const contract of run.contracts) contract.source = "warehouse";
    await publishToCatalog({ target: `backstage:${dir}`, cwd: process.cwd(), products, results: parseQualityRun(run), publisher: publisher() });
    for (const e of resources()) expect(e.metadata.annotations["meshkit.io/quality-server"]).toBe("warehouse");
  });

  it("a note about a whole object (its checks passed on no rows) makes the product warned on Backstage, as in a dir catalog", async () => {
    const run = exampleResults() as { contracts: { contract: { id: string }; notes?: unknown[] }[] };
    const campaigns = run.contracts.find((c) => c.contract.id === CAMPAIGNS_CONTRACT)!;
    campaigns.notes = [{ object: "campaigns", ruleId: "quality-no-rows", severity: "warning", message: "`campaigns` has no rows, so its checks passed on no data" }];
    const results = parseQualityRun(run);
    const products = productFolder(exampleDocuments(), "marketing");
    const catalog = tempDir();
    await publishProducts({ target: `dir:${catalog}`, products, results, publisher: publisher() });
    const entry = JSON.parse(readFileSync(join(catalog, "products/f3984b68-2c4b-415b-9b2b-91088803152d/1.3.0.json"), "utf8")) as { quality: { status: string } };
    expect(entry.quality.status).toBe("warn");
    const dir = join(tempDir(), "backstage-quality");
    await publishToCatalog({ target: `backstage:${dir}`, cwd: process.cwd(), products, results, publisher: publisher() });
    const [system, ...parts] = parseAllDocuments(readFileSync(join(dir, "products/customer_campaigns.yaml"), "utf8")).map((d) => d.toJS() as { kind: string; metadata: { name: string; annotations: Record<string, string> } });
    expect(system?.metadata.annotations["meshkit.io/quality-status"]).toBe("warned");
    expect(parts.filter((e) => e.kind === "Resource").map((e) => [e.metadata.name, e.metadata.annotations["meshkit.io/quality-status"]])).toEqual([
      ["customer_campaigns.campaigns", "warned"],
      ["customer_campaigns.campaign_contacts", "untested"],
    ]);
  });
});
