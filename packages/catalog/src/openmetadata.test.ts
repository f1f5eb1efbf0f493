import { parse } from "yaml";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DataContract, DataProduct } from "@meshkit/core";
import type { ProductDocuments, QualityRunInput } from "./datahub.js";
import { exampleDocuments, loadExampleProducts, type ExampleProduct } from "./datahub-test-support.js";
import {
  OPENMETADATA_TOKEN_ENV,
  OpenMetadataPublishError,
  buildOpenMetadataPlan,
  fqnPart,
  openMetadataServiceOf,
  openMetadataType,
  publishToOpenMetadata,
} from "./openmetadata.js";
import { startOpenMetadataServer, type OpenMetadataServer } from "./openmetadata-test-support.js";

const TOKEN = "om-bot-jwt-91ab";
const env = { [OPENMETADATA_TOKEN_ENV]: TOKEN };
const services = { warehouse: "acme_pg" };
let examples: ExampleProduct[];

beforeAll(() => {
  examples = loadExampleProducts(parse);
});

const docsOf = (name: string, results?: QualityRunInput): ProductDocuments => exampleDocuments(examples, name, results);
const columnsOf = (contract: DataContract, object: string): string[] =>
  (contract.schema?.find((o) => o.name === object)?.properties ?? []).map((p) => p.physicalName ?? p.name);

/** The tables of customer_360 as OpenMetadata would know them after ingesting the warehouse. */
function customerTables(): Record<string, string[]> {
  const contract = docsOf("customer_360").contracts[0] as DataContract;
  return {
    "acme_pg.analytics.customer.customer_profiles": columnsOf(contract, "customer_profiles"),
    "acme_pg.analytics.customer.customer_consents": columnsOf(contract, "customer_consents"),
  };
}

function results(contract: DataContract, status: "pass" | "fail"): QualityRunInput {
  return {
    contracts: [
      {
        contract: { id: contract.id, version: contract.version },
        finishedAt: "2026-06-30T05:58:00.000Z",
        summary: { checks: 2, passed: status === "pass" ? 2 : 1, failed: status === "pass" ? 0 : 1, warned: 0, errors: 0 },
        checks: [
          { object: "customer_profiles", status: "pass" },
          { object: "customer_profiles", status },
        ],
      },
    ],
  };
}

describe("OpenMetadata requests", () => {
  it("link only http(s) and mailto URLs in the Markdown descriptions OpenMetadata renders, as the catalog site does, and fetch no image", () => {
    const docs = docsOf("customer_360");
    const usage = "See [the runbook](https://wiki.example/runbook) or [mail us](mailto:data@acme.example). [Open](javascript:alert(document.cookie)) [a [nested] one](\n  data:text/html;base64,PHNjcmlwdD4=) ![pixel](https://tracker.example/p.png)\n\n[ref]: javascript:alert(1)";
    const plan = buildOpenMetadataPlan({ ...docs, product: { ...docs.product, description: { purpose: "Purpose.", usage } } }, { services });
    expect(plan.dataProduct.request.description).toBe(
      "Purpose.\n\n**Usage:** See [the runbook](https://wiki.example/runbook) or [mail us](mailto:data@acme.example). [Open]\\(javascript:alert(document.cookie)) [a [nested] one]\\(\n  data:text/html;base64,PHNjcmlwdD4=) \\![pixel](https://tracker.example/p.png)\n\n[ref]\\: javascript:alert(1)",
    );
  });

  it("describe the domain, the data product and a data contract per output table", () => {
    const plan = buildOpenMetadataPlan(docsOf("customer_360"), { services });
    expect(plan.domain).toEqual({
      name: "customer",
      request: { name: "customer", displayName: "customer", description: "Domain customer (created by meshkit when publishing customer_360).", domainType: "Source-aligned" },
    });
    expect(plan.dataProduct.request).toMatchObject({ name: "a510d348-3221-4b2c-97a4-629bf6b373c7", displayName: "customer_360", domains: ["customer"] });
    expect(plan.dataProduct.request.description).toMatch(/^The golden customer record/);
    expect(plan.owners).toEqual({ team: "customer-data", users: ["sofia.rossi@acme-retail.example"] });
    expect(plan.contracts.map((c) => c.tableFqn)).toEqual(["acme_pg.analytics.customer.customer_profiles", "acme_pg.analytics.customer.customer_consents"]);
    expect(plan.contracts[0]?.status).toBe("Active");
    const profiles = plan.contracts[0]?.request;
    expect(profiles).toMatchObject({
      name: "customer_profile",
      displayName: "Customer profile (customer_profile 2.1.0)",
      effectiveFrom: "2024-01-15T00:00:00.000Z",
      effectiveUntil: "2027-12-31T23:59:59.000Z",
    });
    expect(profiles?.description).toContain("ODCS contract `532d783c-fba8-4fb6-9955-558a0a5672a2` version 2.1.0 (active), object `customer_profiles`");
    expect(profiles?.description).toContain("- latency: 24 h (customer_profiles.updated_at)");
    expect(profiles?.description).toContain("**Quality:** not tested for this version.");
    const byName = new Map(profiles?.schema.map((c) => [c.name, c]));
    expect(byName.get("customer_id")).toEqual({
      name: "customer_id",
      dataType: "VARCHAR",
      dataLength: 11,
      dataTypeDisplay: "varchar(11)",
      description: "Customer identifier from the customer master.",
      constraint: "PRIMARY_KEY",
      ordinalPosition: 1,
    });
    expect(byName.get("email")).toMatchObject({ constraint: "UNIQUE", tags: [{ tagFQN: "PII.Sensitive", source: "Classification", labelType: "Manual", state: "Confirmed" }] });
    expect(byName.get("phone_number")).toMatchObject({ constraint: "NULL" });
    expect(byName.get("country_code")).toMatchObject({ dataType: "CHAR", dataLength: 2, constraint: "NOT_NULL" });
    expect(byName.get("country_code")?.tags).toBeUndefined();
    expect(byName.get("lifetime_value_eur")).toMatchObject({ dataType: "DECIMAL", precision: 12, scale: 2 });
    expect(byName.get("order_count")).toMatchObject({ dataType: "INT" });
    expect(byName.get("updated_at")).toMatchObject({ dataType: "TIMESTAMP" });
    expect(byName.get("date_of_birth")).toMatchObject({ dataType: "DATE" });
    expect(plan.notes).toEqual([]);
  });

  it("name a column by its physicalName, else its name: an empty physicalName names nothing, as provision creates the column", () => {
    const docs = docsOf("customer_360");
    const contracts = docs.contracts.map((contract) => ({
      ...contract,
      schema: contract.schema?.map((object) => ({ ...object, properties: object.properties?.map((p) => (p.name === "customer_id" ? { ...p, physicalName: "" } : p)) })),
    }));
    const plan = buildOpenMetadataPlan({ ...docs, contracts }, { services });
    const names = plan.contracts[0]?.request.schema.map((c) => c.name);
    expect(names).toContain("customer_id");
    expect(names).not.toContain("");
  });

  it("say first in the data product's description that a product is not active: OpenMetadata's data product has no lifecycle of its own", () => {
    const docs = docsOf("customer_360");
    const described = (status: string) => buildOpenMetadataPlan({ ...docs, product: { ...docs.product, status } }, { services }).dataProduct.request.description;
    expect(described("deprecated")).toMatch(/^\*\*This product is deprecated: it is still served, but will be retired\. Do not start using it; plan a move to its replacement\.\*\*\n\nThe golden customer record/);
    expect(described("retired")).toMatch(/^\*\*This product is retired: it is no longer served or supported\./);
    expect(described("sunset <soon>")).toMatch(/^\*\*This product's status is sunset &lt;soon&gt;: check with its owners before relying on it\.\*\*/);
    expect(described("active")).toMatch(/^The golden customer record/);
    const bare = { ...docs.product, status: "retired", description: undefined };
    expect(buildOpenMetadataPlan({ ...docs, product: bare }, { services }).dataProduct.request.description).toBe(
      "**This product is retired: it is no longer served or supported. The page is kept for reference.**",
    );
  });

  it("say in a data contract's quality which server the checks read, when it is not the table's", () => {
    const docs = docsOf("customer_360");
    const contract = docs.contracts[0] as DataContract;
    const run = results(contract, "pass");
    const plan = buildOpenMetadataPlan({ ...docs, results: { contracts: run.contracts.map((c) => ({ ...c, source: "local" })) } }, { services });
    expect(plan.contracts[0]?.qualityServer).toBe("local, not warehouse where this dataset is");
    expect(plan.contracts[0]?.request.description).toContain("**Quality:** passed (2 checks: 2 passed, 0 failed, 0 warned, 0 errors; tested 2026-06-30T05:58:00.000Z; on server local, not warehouse where this dataset is).");
  });

  it("map physical types OpenMetadata knows, fall back to the logical type, and never send a length-less VARCHAR", () => {
    expect(openMetadataType({ physicalType: "VARCHAR" })).toEqual({ dataType: "STRING", dataTypeDisplay: "varchar" });
    expect(openMetadataType({ physicalType: "double precision" })).toEqual({ dataType: "DOUBLE", dataTypeDisplay: "double precision" });
    expect(openMetadataType({ physicalType: "TIMESTAMP WITH TIME ZONE" })).toEqual({ dataType: "TIMESTAMPZ", dataTypeDisplay: "timestamp with time zone" });
    expect(openMetadataType({ physicalType: "NUMERIC(10)" })).toEqual({ dataType: "NUMERIC", precision: 10, dataTypeDisplay: "numeric(10)" });
    expect(openMetadataType({ physicalType: "Int64", logicalType: "integer" })).toEqual({ dataType: "BIGINT", dataTypeDisplay: "int64" });
    expect(openMetadataType({ logicalType: "array", items: { logicalType: "string" } })).toEqual({ dataType: "ARRAY", dataTypeDisplay: "array", arrayDataType: "STRING" });
    expect(openMetadataType({})).toEqual({ dataType: "UNKNOWN" });
  });

  it("map the physical types of every warehouse ODCS servers name, with or without a logical type: underscores, zone clauses, arrays and structs written in the type", () => {
    const type = (physicalType: string, logicalType?: string) => openMetadataType({ physicalType, ...(logicalType ? { logicalType } : {}) } as Parameters<typeof openMetadataType>[0]);
    // Snowflake
    expect(type("TIMESTAMP_NTZ(9)", "timestamp")).toEqual({ dataType: "TIMESTAMP", dataTypeDisplay: "timestamp_ntz(9)" });
    expect(type("TIMESTAMP_TZ", "timestamp")).toEqual({ dataType: "TIMESTAMPZ", dataTypeDisplay: "timestamp_tz" });
    expect(type("TIMESTAMP_LTZ")).toEqual({ dataType: "TIMESTAMPZ", dataTypeDisplay: "timestamp_ltz" });
    expect(type("OBJECT", "object")).toEqual({ dataType: "STRUCT", dataTypeDisplay: "object" });
    // PostgreSQL: the precision before the zone clause
    expect(type("timestamp(6) with time zone", "timestamp")).toEqual({ dataType: "TIMESTAMPZ", dataTypeDisplay: "timestamp(6) with time zone" });
    expect(type("timestamp(3) without time zone")).toEqual({ dataType: "TIMESTAMP", dataTypeDisplay: "timestamp(3) without time zone" });
    expect(type("text[]", "array")).toEqual({ dataType: "ARRAY", dataTypeDisplay: "text[]", arrayDataType: "TEXT" });
    expect(type("bigserial")).toEqual({ dataType: "BIGINT", dataTypeDisplay: "bigserial" });
    // BigQuery, without a logical type
    expect(type("INT64")).toEqual({ dataType: "BIGINT", dataTypeDisplay: "int64" });
    expect(type("FLOAT64", "number")).toEqual({ dataType: "DOUBLE", dataTypeDisplay: "float64" });
    expect(type("BYTES")).toEqual({ dataType: "BYTES", dataTypeDisplay: "bytes" });
    expect(type("BIGNUMERIC")).toEqual({ dataType: "NUMERIC", dataTypeDisplay: "bignumeric" });
    expect(type("ARRAY<STRING>")).toEqual({ dataType: "ARRAY", dataTypeDisplay: "array<string>", arrayDataType: "STRING" });
    expect(type("STRUCT<a INT64, b ARRAY<STRING>>", "object")).toEqual({ dataType: "STRUCT", dataTypeDisplay: "struct<a int64, b array<string>>" });
    // SQL Server, DuckDB
    expect(type("VARCHAR(MAX)")).toEqual({ dataType: "STRING", dataTypeDisplay: "varchar(max)" });
    expect(type("datetime2")).toEqual({ dataType: "DATETIME", dataTypeDisplay: "datetime2" });
    expect(type("TIMESTAMP_NS")).toEqual({ dataType: "TIMESTAMP", dataTypeDisplay: "timestamp_ns" });
    expect(type("HUGEINT", "integer")).toEqual({ dataType: "NUMERIC", dataTypeDisplay: "hugeint" });
    // An array whose element type nothing names still names one: OpenMetadata requires it.
    expect(type("ARRAY", "array")).toEqual({ dataType: "ARRAY", dataTypeDisplay: "array", arrayDataType: "UNKNOWN" });
    expect(openMetadataType({ logicalType: "array" })).toEqual({ dataType: "ARRAY", dataTypeDisplay: "array", arrayDataType: "UNKNOWN" });
  });

  it("map an array written as Trino and ClickHouse write it, array(varchar) / Array(String), to an ARRAY of its element type", () => {
    expect(openMetadataType({ physicalType: "array(varchar)" })).toEqual({ dataType: "ARRAY", dataTypeDisplay: "array(varchar)", arrayDataType: "STRING" });
    expect(openMetadataType({ physicalType: "Array(String)", logicalType: "array" })).toEqual({ dataType: "ARRAY", dataTypeDisplay: "array(string)", arrayDataType: "STRING" });
    expect(openMetadataType({ physicalType: "array(row(a integer, b varchar))" })).toMatchObject({ dataType: "ARRAY", arrayDataType: "STRUCT" });
  });

  it("read a physical type with its blanks collapsed: the type patterns, which allow blanks at several places in a row, would backtrack over a long run of them in cubic time", () => {
    const blanks = " ".repeat(40);
    const types = [`timestamp${blanks}with time zon`, `text${blanks}!`, `timestamp${blanks}with${blanks}time zone`, `integer${blanks}[]`, `array${blanks}<int>`];
    // What the type patterns are run on (the global one that collapses blanks aside).
    const read: string[] = [];
    const exec = RegExp.prototype.exec;
    const spy = vi.spyOn(RegExp.prototype, "exec").mockImplementation(function (this: RegExp, input: string) {
      if (!this.global) read.push(input);
      return exec.call(this, input);
    });
    let mapped: unknown[];
    try {
      mapped = types.map((physicalType) => openMetadataType({ physicalType, logicalType: "string" }));
    } finally {
      spy.mockRestore();
    }
    expect(read.filter((input) => /\s\s/.test(input))).toEqual([]);
    expect(mapped).toEqual([
      { dataType: "STRING", dataTypeDisplay: types[0] },
      { dataType: "STRING", dataTypeDisplay: types[1] },
      { dataType: "TIMESTAMPZ", dataTypeDisplay: types[2] },
      { dataType: "ARRAY", dataTypeDisplay: types[3], arrayDataType: "INT" },
      { dataType: "ARRAY", dataTypeDisplay: types[4], arrayDataType: "INT" },
    ]);
  });

  it("quote fully qualified name parts that hold a dot, and refuse names OpenMetadata refuses", () => {
    expect(fqnPart("orders")).toBe("orders");
    expect(fqnPart("sales.eu")).toBe('"sales.eu"');
    // As OpenMetadata's quoteName: quotes in a name are escaped, a quoted name without a dot loses its quotes.
    expect(fqnPart('order "lines"')).toBe('order \\"lines\\"');
    expect(fqnPart('"orders"')).toBe("orders");
    expect(fqnPart('"sales.eu"')).toBe('"sales.eu"');
    const docs = docsOf("customer_campaigns");
    expect(() => buildOpenMetadataPlan({ ...docs, product: { ...docs.product, domain: "a::b" } })).toThrow(/without "::" or quotes/);
    const { domain: _domain, ...withoutDomain } = docs.product;
    // ODPS makes domain optional; OpenMetadata needs one: the default domain, with a note.
    const unassigned = buildOpenMetadataPlan({ ...docs, product: withoutDomain as DataProduct });
    expect(unassigned.domain.name).toBe("unassigned");
    expect(unassigned.dataProduct.request.domains).toEqual(["unassigned"]);
    expect(unassigned.notes[0]).toMatch(/^the product names no domain, and OpenMetadata needs one for every data product: it is published in domain unassigned/);
    expect(buildOpenMetadataPlan({ ...docs, product: withoutDomain as DataProduct }, { defaultDomain: "shared" }).domain.name).toBe("shared");
  });

  it("find a server's service: its openmetadataService custom property, then services by server name, by type, then service", () => {
    const server = { server: "warehouse", type: "postgres" as const };
    const own = { ...server, customProperties: [{ property: "openmetadataService", value: "own_pg" }] };
    const options = { services: { warehouse: "by_name", postgres: "by_type" }, service: "fallback" };
    expect(openMetadataServiceOf(own, options)).toBe("own_pg");
    expect(openMetadataServiceOf(server, options)).toBe("by_name");
    expect(openMetadataServiceOf({ ...server, server: "other" }, options)).toBe("by_type");
    // ODCS's other spelling of PostgreSQL finds the service given for postgres.
    expect(openMetadataServiceOf({ server: "other", type: "postgresql" as const }, options)).toBe("by_type");
    expect(openMetadataServiceOf({ server: "lake", type: "s3" }, options)).toBe("fallback");
    expect(openMetadataServiceOf({ server: "lake", type: "s3" }, {})).toBeUndefined();
  });

  it("say which contracts cannot be placed without a service for their server", () => {
    const plan = buildOpenMetadataPlan(docsOf("customer_campaigns"), {});
    expect(plan.contracts.every((c) => c.tableFqn === undefined)).toBe(true);
    expect(plan.notes[0]).toBe(
      'campaigns of contract 776c618b-3130-4fcd-8699-e5aa488bdc4c: no OpenMetadata service for server warehouse (postgres); give one (the server\'s openmetadataService custom property, or service=<name> after "#" in the openmetadata: target) to publish its contract',
    );
  });

  it("say a topic's contract is not published (OpenMetadata keeps topics under messaging services), rather than look it up as a table", () => {
    const docs = docsOf("customer_campaigns");
    const contract = docs.contracts[0] as DataContract;
    const topics = { ...contract, servers: [{ server: "events", type: "kafka" as const, environment: "prod", host: "kafka:9092" }] };
    const plan = buildOpenMetadataPlan({ ...docs, contracts: [topics] }, { service: "acme_pg" });
    expect(plan.contracts.map((c) => c.tableFqn)).toEqual([undefined, undefined]);
    expect(plan.notes).toEqual([
      "campaigns of contract 776c618b-3130-4fcd-8699-e5aa488bdc4c: a kafka topic (server events); meshkit publishes data contracts on OpenMetadata tables only in this release, so its contract is not published there",
      "campaign_contacts of contract 776c618b-3130-4fcd-8699-e5aa488bdc4c: a kafka topic (server events); meshkit publishes data contracts on OpenMetadata tables only in this release, so its contract is not published there",
    ]);
  });
});

describe("publishToOpenMetadata against a local server that answers as OpenMetadata does", () => {
  let om: OpenMetadataServer | undefined;
  afterEach(async () => {
    await om?.close();
    om = undefined;
  });
  const sleeps: number[] = [];
  const noWait = async (ms: number) => {
    sleeps.push(ms);
  };

  it("reports the tables OpenMetadata refused to add as assets (a 200 BulkOperationResult with partialSuccess)", async () => {
    const reason = "Asset acme_pg.analytics.customer.customer_consents belongs to domain sales, not customer";
    om = await startOpenMetadataServer({ token: TOKEN, tables: customerTables(), teams: ["customer-data"], refuseAssets: { "acme_pg.analytics.customer.customer_consents": reason } });
    const result = await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait });
    expect(om.assets.get("a510d348-3221-4b2c-97a4-629bf6b373c7")).toHaveLength(1);
    expect(result.notes).toContainEqual(
      `OpenMetadata did not add 1 of 2 tables to the data product a510d348-3221-4b2c-97a4-629bf6b373c7 as assets (acme_pg.analytics.customer.customer_consents: ${reason}); the rest were added`,
    );
  });

  it("creates the missing domain, upserts the contracts with their results, then the product and its assets", async () => {
    om = await startOpenMetadataServer({ token: TOKEN, tables: customerTables(), teams: ["customer-data"] });
    const docs = docsOf("customer_360");
    const contract = docs.contracts[0] as DataContract;
    const result = await publishToOpenMetadata(om.url, { ...docs, results: results(contract, "fail") }, { env, services, sleep: noWait });
    expect(om.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/v1/system/version",
      "GET /api/v1/domains/name/customer",
      "GET /api/v1/teams/name/customer-data",
      "GET /api/v1/tables/name/acme_pg.analytics.customer.customer_profiles?fields=columns",
      // the data contract the table holds, if any: OpenMetadata holds one per table
      "GET /api/v1/dataContracts/entity?entityId=00000000-0000-4000-8000-000000000001&entityType=table",
      "GET /api/v1/tables/name/acme_pg.analytics.customer.customer_consents?fields=columns",
      "GET /api/v1/dataContracts/entity?entityId=00000000-0000-4000-8000-000000000002&entityType=table",
      // the assets the data product has, for the tables it no longer has: a first publication, so it is not there (404), also
      // where a release without the paginated endpoint lists them
      "GET /api/v1/dataProducts/name/a510d348-3221-4b2c-97a4-629bf6b373c7/assets?limit=1000&offset=0",
      "GET /api/v1/dataProducts/name/a510d348-3221-4b2c-97a4-629bf6b373c7?fields=assets",
      "PUT /api/v1/domains",
      "PUT /api/v1/dataContracts",
      "PUT /api/v1/dataContracts/00000000-0000-4000-8000-000000000005/results",
      "PUT /api/v1/dataContracts",
      "PUT /api/v1/dataProducts",
      "PUT /api/v1/dataProducts/a510d348-3221-4b2c-97a4-629bf6b373c7/assets/add",
    ]);
    for (const request of om.requests) expect(request.authorization).toBe(`Bearer ${TOKEN}`);
    expect(result.written).toEqual([
      "domain customer",
      "dataContract customer_profile on acme_pg.analytics.customer.customer_profiles",
      "result of dataContract customer_profile on acme_pg.analytics.customer.customer_profiles",
      "dataContract customer_profile on acme_pg.analytics.customer.customer_consents",
      "dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7",
      "assets of dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7",
    ]);
    const team = om.store.get("teams")?.get("customer-data");
    const product = om.store.get("dataProducts")?.get("a510d348-3221-4b2c-97a4-629bf6b373c7");
    expect(product).toMatchObject({ displayName: "customer_360", domains: ["customer"], owners: [{ id: team?.id, type: "team" }] });
    const contracts = om.store.get("dataContracts");
    const profiles = contracts?.get("acme_pg.analytics.customer.customer_profiles.dataContract_customer_profile");
    const tables = om.store.get("tables");
    expect(profiles).toMatchObject({ entityStatus: "Approved", entity: { id: tables?.get("acme_pg.analytics.customer.customer_profiles")?.id, type: "table" } });
    expect(om.results.get(profiles?.id as string)).toEqual([
      expect.objectContaining({
        dataContractFQN: "acme_pg.analytics.customer.customer_profiles.dataContract_customer_profile",
        timestamp: Date.parse("2026-06-30T05:58:00.000Z"),
        contractExecutionStatus: "Failed",
      }),
    ]);
    expect(om.assets.get("a510d348-3221-4b2c-97a4-629bf6b373c7")?.map((a) => a.id)).toEqual([
      tables?.get("acme_pg.analytics.customer.customer_profiles")?.id,
      tables?.get("acme_pg.analytics.customer.customer_consents")?.id,
    ]);
  });

  it("is idempotent: publishing again changes nothing and leaves an existing domain as it was", async () => {
    om = await startOpenMetadataServer({ token: TOKEN, tables: customerTables(), teams: ["customer-data"], domains: ["customer"] });
    const docs = docsOf("customer_360");
    const first = await publishToOpenMetadata(om.url, docs, { env, services, sleep: noWait });
    const snapshot = JSON.stringify([...om.store].map(([k, v]) => [k, [...v]]));
    const second = await publishToOpenMetadata(om.url, docs, { env, services, sleep: noWait });
    expect(JSON.stringify([...om.store].map(([k, v]) => [k, [...v]]))).toBe(snapshot);
    expect(second.written).toEqual(first.written);
    expect(first.kept).toEqual(["domain customer"]);
    expect(om.requests.filter((r) => r.method === "PUT" && r.url === "/api/v1/domains")).toEqual([]);
    expect(om.store.get("domains")?.get("customer")).toMatchObject({ description: "curated", domainType: "Aggregate" });
  });

  it("takes a table the product no longer has out of its assets, as DataHub withdraws its dataset; what a steward added stays", async () => {
    const steward = "acme_pg.analytics.customer.customer_notes";
    om = await startOpenMetadataServer({ token: TOKEN, tables: { ...customerTables(), [steward]: ["note"] }, teams: ["customer-data"], domains: ["customer"] });
    const product = "a510d348-3221-4b2c-97a4-629bf6b373c7";
    const docs = docsOf("customer_360");
    await publishToOpenMetadata(om.url, docs, { env, services, sleep: noWait });
    const tables = om.store.get("tables");
    const id = (fqn: string) => tables?.get(fqn)?.id;
    // A steward adds a table without meshkit's data contract and a dashboard to the data product in OpenMetadata's UI.
    const dashboard = { id: "00000000-0000-4000-8000-0000000000aa", type: "dashboard" };
    om.assets.get(product)?.push({ id: id(steward), type: "table" }, dashboard);

    // The contract drops its customer_consents object: the product no longer serves that table.
    const contract = docs.contracts[0] as DataContract;
    const without = { ...docs, contracts: [{ ...contract, schema: (contract.schema ?? []).filter((o) => o.name !== "customer_consents") }] };
    const result = await publishToOpenMetadata(om.url, without, { env, services, sleep: noWait });
    expect(result.removedAssets).toEqual(["acme_pg.analytics.customer.customer_consents"]);
    expect(result.written.slice(-3)).toEqual([
      `assets of dataProduct ${product}`,
      `removal of a former asset from dataProduct ${product}`,
      "deprecation of the data contract on acme_pg.analytics.customer.customer_consents",
    ]);
    expect(om.requests.at(-2)).toMatchObject({ method: "PUT", url: `/api/v1/dataProducts/${product}/assets/remove`, body: { assets: [{ id: id("acme_pg.analytics.customer.customer_consents"), type: "table" }] } });
    // Its data contract was left Approved, telling consumers who find the table that the product still serves it under contract.
    const consents = om.store.get("dataContracts")?.get("acme_pg.analytics.customer.customer_consents.dataContract_customer_profile");
    expect(om.requests.at(-1)).toMatchObject({ method: "PATCH", url: `/api/v1/dataContracts/${String(consents?.id)}`, body: [{ op: "add", path: "/entityStatus", value: "Deprecated" }] });
    expect(consents?.entityStatus).toBe("Deprecated");
    expect(result.deprecatedContracts).toEqual(["acme_pg.analytics.customer.customer_consents"]);
    expect(om.store.get("dataContracts")?.get("acme_pg.analytics.customer.customer_profiles.dataContract_customer_profile")?.entityStatus).toBe("Approved");
    expect(om.assets.get(product)?.map((a) => a.id)).toEqual([id("acme_pg.analytics.customer.customer_profiles"), id(steward), dashboard.id]);

    // Again: nothing left to take out.
    const again = await publishToOpenMetadata(om.url, without, { env, services, sleep: noWait });
    expect(again.removedAssets).toEqual([]);
    expect(om.requests.filter((r) => r.url.endsWith("/assets/remove"))).toHaveLength(1);

    // A table the publication cannot place (no service for its server): the product's tables are not all known, so none is taken out.
    const before = om.requests.length;
    const unplaced = await publishToOpenMetadata(om.url, docs, { env, sleep: noWait });
    expect(unplaced.removedAssets).toEqual([]);
    expect(om.requests.slice(before).filter((r) => r.url.includes("/assets"))).toEqual([]);
    expect(om.assets.get(product)?.map((a) => a.id)).toEqual([id("acme_pg.analytics.customer.customer_profiles"), id(steward), dashboard.id]);
  });

  it("leaves in force the data contract of a former table OpenMetadata refused to take out of the assets: the product still lists it", async () => {
    const kept = "acme_pg.analytics.customer.customer_notes";
    const contract = docsOf("customer_360").contracts[0] as DataContract;
    const consents = (contract.schema ?? []).find((o) => o.name === "customer_consents")!;
    // A third table, so that OpenMetadata takes one former table out and refuses the other (a partial success).
    const withNotes = { ...contract, schema: [...(contract.schema ?? []), { ...consents, name: "customer_notes", physicalName: "customer_notes" }] };
    om = await startOpenMetadataServer({
      token: TOKEN,
      tables: { ...customerTables(), [kept]: columnsOf(contract, "customer_consents") },
      teams: ["customer-data"],
      domains: ["customer"],
      refuseAssetRemovals: { [kept]: "asset is locked by a governance rule" },
    });
    const docs = docsOf("customer_360");
    await publishToOpenMetadata(om.url, { ...docs, contracts: [withNotes] }, { env, services, sleep: noWait });
    const onlyProfiles = { ...contract, schema: (contract.schema ?? []).filter((o) => o.name === "customer_profiles") };
    const result = await publishToOpenMetadata(om.url, { ...docs, contracts: [onlyProfiles] }, { env, services, sleep: noWait });

    expect(result.removedAssets).toEqual(["acme_pg.analytics.customer.customer_consents"]);
    expect(result.deprecatedContracts).toEqual(["acme_pg.analytics.customer.customer_consents"]);
    expect(result.notes).toContainEqual(expect.stringContaining(`did not take 1 of 2 tables the product no longer has out of the data product`));
    expect(result.written.filter((step) => step.startsWith("deprecation"))).toEqual(["deprecation of the data contract on acme_pg.analytics.customer.customer_consents"]);
    const contracts = om.store.get("dataContracts");
    expect(contracts?.get("acme_pg.analytics.customer.customer_consents.dataContract_customer_profile")?.entityStatus).toBe("Deprecated");
    // Was Deprecated while the data product went on listing the table: consumers found it there with a contract said to be out of force.
    expect(contracts?.get(`${kept}.dataContract_customer_profile`)?.entityStatus).toBe("Approved");
    expect(om.requests.filter((r) => r.method === "PATCH")).toHaveLength(1);
  });

  it("takes a former table out of the assets on a release without the paginated assets endpoint, reading the data product's own list", async () => {
    om = await startOpenMetadataServer({ token: TOKEN, version: "1.9.4", inlineAssetsOnly: true, tables: customerTables(), teams: ["customer-data"], domains: ["customer"] });
    const product = "a510d348-3221-4b2c-97a4-629bf6b373c7";
    const docs = docsOf("customer_360");
    // A first publication: the data product is not there yet, so both look-ups answer 404 and nothing is taken out.
    expect((await publishToOpenMetadata(om.url, docs, { env, services, sleep: noWait })).removedAssets).toEqual([]);
    const contract = docs.contracts[0] as DataContract;
    const without = { ...docs, contracts: [{ ...contract, schema: (contract.schema ?? []).filter((o) => o.name !== "customer_consents") }] };
    const before = om.requests.length;
    const result = await publishToOpenMetadata(om.url, without, { env, services, sleep: noWait });
    // Was []: the paginated endpoint's 404 was taken for a product not written yet, and the table stayed among its assets.
    expect(result.removedAssets).toEqual(["acme_pg.analytics.customer.customer_consents"]);
    expect(om.requests.slice(before).map((r) => `${r.method} ${r.url}`)).toContain(`GET /api/v1/dataProducts/name/${product}?fields=assets`);
    expect(om.assets.get(product)?.map((a) => a.id)).toEqual([om.store.get("tables")?.get("acme_pg.analytics.customer.customer_profiles")?.id]);
    // 1.9 names a data contract's status `status`.
    expect(om.store.get("dataContracts")?.get("acme_pg.analytics.customer.customer_consents.dataContract_customer_profile")?.status).toBe("Deprecated");
  });

  it("says, when taking a former table out of the assets fails, that the data product still lists it, not that it lacks assets", async () => {
    let refuse: string | undefined;
    om = await startOpenMetadataServer({
      token: TOKEN,
      tables: customerTables(),
      teams: ["customer-data"],
      domains: ["customer"],
      fail: (_n, method, url) => (refuse !== undefined && `${method} ${url}`.startsWith(refuse) ? { status: 403, message: "Principal: bot does not have EditAll" } : undefined),
    });
    const product = "a510d348-3221-4b2c-97a4-629bf6b373c7";
    const docs = docsOf("customer_360");
    await publishToOpenMetadata(om.url, docs, { env, services, sleep: noWait });
    const contract = docs.contracts[0] as DataContract;
    const without = { ...docs, contracts: [{ ...contract, schema: (contract.schema ?? []).filter((o) => o.name !== "customer_consents") }] };
    refuse = `PUT /api/v1/dataProducts/${product}/assets/remove`;
    const error = await publishToOpenMetadata(om.url, without, { env, services, sleep: noWait }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenMetadataPublishError);
    // Was "…; the data product … was written without all its assets; …": it has them all, and one it no longer has.
    expect((error as Error).message).toBe(
      `OpenMetadata at ${om.url}: PUT /api/v1/dataProducts/${product}/assets/remove answered HTTP 403 Forbidden: Principal: bot does not have EditAll; check the token in MESHKIT_OPENMETADATA_TOKEN and its permissions. ` +
        `Written: dataContract customer_profile on acme_pg.analytics.customer.customer_profiles, dataProduct ${product}, assets of dataProduct ${product}; ` +
        `not written: removal of a former asset from dataProduct ${product}, deprecation of the data contract on acme_pg.analytics.customer.customer_consents; ` +
        `the data product ${product} still lists among its assets acme_pg.analytics.customer.customer_consents, which it no longer has; once what OpenMetadata refused is corrected, publishing again completes it (every write is an upsert).`,
    );

    // Taken out, but its data contract is not deprecated: the product has its assets right, and that contract is what is left.
    refuse = "PATCH /api/v1/dataContracts/";
    const patchError = await publishToOpenMetadata(om.url, without, { env, services, sleep: noWait }).catch((e: unknown) => e);
    expect((patchError as Error).message).toMatch(
      new RegExp(
        `not written: deprecation of the data contract on acme_pg\\.analytics\\.customer\\.customer_consents; the data product ${product} no longer lists acme_pg\\.analytics\\.customer\\.customer_consents among its assets, but the data contract on acme_pg\\.analytics\\.customer\\.customer_consents is not deprecated yet; once`,
      ),
    );
  });

  it("names users as owners when the team is unknown, and reports tables and users OpenMetadata does not know", async () => {
    const tables = customerTables();
    delete (tables as Record<string, string[] | undefined>)["acme_pg.analytics.customer.customer_consents"];
    om = await startOpenMetadataServer({ token: TOKEN, tables, users: ["sofia.rossi"] });
    const result = await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait });
    expect(om.requests.filter((r) => r.method === "GET").map((r) => r.url)).toEqual([
      "/api/v1/system/version",
      "/api/v1/domains/name/customer",
      "/api/v1/teams/name/customer-data",
      // user names holding a dot are quoted in fully qualified names, as OpenMetadata quotes them
      "/api/v1/users/name/%22sofia.rossi%40acme-retail.example%22",
      "/api/v1/users/name/%22sofia.rossi%22",
      "/api/v1/tables/name/acme_pg.analytics.customer.customer_profiles?fields=columns",
      "/api/v1/dataContracts/entity?entityId=00000000-0000-4000-8000-000000000001&entityType=table",
      "/api/v1/tables/name/acme_pg.analytics.customer.customer_consents?fields=columns",
      "/api/v1/dataProducts/name/a510d348-3221-4b2c-97a4-629bf6b373c7/assets?limit=1000&offset=0",
      "/api/v1/dataProducts/name/a510d348-3221-4b2c-97a4-629bf6b373c7?fields=assets",
    ]);
    expect(result.notes).toEqual([
      "team customer-data is not in OpenMetadata: its owners are named instead",
      "table acme_pg.analytics.customer.customer_consents is not in OpenMetadata (ingest it first, or correct the service / database it is looked up in): the contract of customer_consents is not published",
    ]);
    const user = om.store.get("users")?.get('"sofia.rossi"');
    expect(om.store.get("dataProducts")?.get("a510d348-3221-4b2c-97a4-629bf6b373c7")).toMatchObject({ owners: [{ id: user?.id, type: "user" }] });
    expect([...(om.store.get("dataContracts")?.keys() ?? [])]).toEqual(["acme_pg.analytics.customer.customer_profiles.dataContract_customer_profile"]);
  });

  it("finds the owners whatever the case of their usernames: OpenMetadata's user names are lower case", async () => {
    om = await startOpenMetadataServer({ token: TOKEN, tables: customerTables(), users: ["sofia.rossi"] });
    const docs = docsOf("customer_360");
    const members = (docs.product.team?.members ?? []).map((m) => (m.username === "sofia.rossi@acme-retail.example" ? { ...m, username: "Sofia.Rossi@Acme-Retail.example" } : m));
    const result = await publishToOpenMetadata(om.url, { ...docs, product: { ...docs.product, team: { ...docs.product.team, members } } }, { env, services, sleep: noWait });
    expect(om.requests.filter((r) => r.url.startsWith("/api/v1/users/")).map((r) => r.url)).toEqual([
      "/api/v1/users/name/%22sofia.rossi%40acme-retail.example%22",
      "/api/v1/users/name/%22sofia.rossi%22",
    ]);
    expect(result.notes.filter((n) => n.startsWith("user "))).toEqual([]);
    const user = om.store.get("users")?.get('"sofia.rossi"');
    expect(om.store.get("dataProducts")?.get("a510d348-3221-4b2c-97a4-629bf6b373c7")).toMatchObject({ owners: [{ id: user?.id, type: "user" }] });
  });

  it("names the team's members as owners when the team is of a type OpenMetadata lets own nothing (a Department), rather than fail the publication on its 400", async () => {
    om = await startOpenMetadataServer({ token: TOKEN, tables: customerTables(), teams: ["customer-data"], teamTypes: { "customer-data": "Department" }, users: ["sofia.rossi"] });
    const result = await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait });
    expect(result.notes).toEqual([
      "team customer-data is a team of type Department in OpenMetadata, which owns no entities (only a team of type Group does): its owners are named instead",
    ]);
    const user = om.store.get("users")?.get('"sofia.rossi"');
    expect(om.store.get("dataProducts")?.get("a510d348-3221-4b2c-97a4-629bf6b373c7")).toMatchObject({ owners: [{ id: user?.id, type: "user" }] });
    for (const contract of om.store.get("dataContracts")?.values() ?? []) expect(contract.owners).toEqual([{ id: user?.id, type: "user" }]);
    expect(result.written).toContain("assets of dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7");
  });

  it("says which address to give when the URL has a path OpenMetadata does not serve (/api), and takes a trailing slash", async () => {
    om = await startOpenMetadataServer({ token: TOKEN, tables: customerTables() });
    const error = await publishToOpenMetadata(`${om.url}/api`, docsOf("customer_360"), { env: { [OPENMETADATA_TOKEN_ENV]: TOKEN }, services, sleep: noWait }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenMetadataPublishError);
    expect((error as Error).message).toBe(
      `OpenMetadata at ${om.url}/api: GET /api/v1/system/version answered HTTP 404 Not Found: HTTP 404 Not Found: GET /api/api/v1/system/version; ${om.url}/api is not where OpenMetadata answers GET /api/v1/system/version: give the address OpenMetadata's UI and API share, without /api/v1 (e.g. openmetadata:http://openmetadata:8585). Nothing was written; publishing again sends everything.`,
    );
    expect(om.requests).toHaveLength(1);
    await expect(publishToOpenMetadata(`${om.url}/`, docsOf("customer_360"), { env: { [OPENMETADATA_TOKEN_ENV]: TOKEN }, services, sleep: noWait })).resolves.toMatchObject({ url: om.url });
  });

  it("reports a wrong token with OpenMetadata's message, before writing anything and without the token", async () => {
    om = await startOpenMetadataServer({ token: TOKEN, tables: customerTables() });
    const error = await publishToOpenMetadata(om.url, docsOf("customer_360"), { env: { [OPENMETADATA_TOKEN_ENV]: "stale-jwt-xyz" }, services, sleep: noWait }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenMetadataPublishError);
    expect((error as Error).message).toBe(
      `OpenMetadata at ${om.url}: GET /api/v1/domains/name/customer answered HTTP 401 Unauthorized: Not Authorized! Token verification failed; check the token in MESHKIT_OPENMETADATA_TOKEN and its permissions. Nothing was written; publishing again sends everything.`,
    );
    // The version, which OpenMetadata tells without a token, then the first look-up that needs one.
    expect(om.requests.map((r) => r.url)).toEqual(["/api/v1/system/version", "/api/v1/domains/name/customer"]);
  });

  it("retries a 503 and a 429 with backoff, then completes", async () => {
    sleeps.length = 0;
    om = await startOpenMetadataServer({ token: TOKEN, tables: customerTables(), teams: ["customer-data"], fail: { 6: 503, 7: 429 } });
    const result = await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait, backoffMs: 50 });
    expect(sleeps).toEqual([50, 100]);
    expect(result.written).toHaveLength(5);
  });

  it("stops at a 500 that outlasts the retries and reports exactly what was and was not written", async () => {
    sleeps.length = 0;
    om = await startOpenMetadataServer({
      token: TOKEN,
      tables: customerTables(),
      teams: ["customer-data"],
      domains: ["customer"],
      fail: (_n, method, url) => (method === "PUT" && url === "/api/v1/dataProducts" ? 500 : undefined),
    });
    const error = await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait, retries: 1, backoffMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenMetadataPublishError);
    const failure = error as OpenMetadataPublishError;
    expect(sleeps).toEqual([5]);
    expect(failure.message).toBe(
      `OpenMetadata at ${om.url}: PUT /api/v1/dataProducts answered HTTP 500 Internal Server Error: Internal Server Error: connection to the database lost (after 2 attempts). ` +
        "Written: dataContract customer_profile on acme_pg.analytics.customer.customer_profiles, dataContract customer_profile on acme_pg.analytics.customer.customer_consents; " +
        "not written: dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7, assets of dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7; " +
        "the data product a510d348-3221-4b2c-97a4-629bf6b373c7 was not written, so no consumer sees it before its contracts; publishing again completes it (every write is an upsert).",
    );
    expect(failure.failed).toBe("dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7");
    expect(om.store.get("dataProducts")).toBeUndefined();
  });

  it("sends a contract's status as the server's version names it: status (Active) on 1.9, entityStatus (Approved) from 1.10, each refused by the other", async () => {
    const sent = async (version: string) => {
      om = await startOpenMetadataServer({ token: TOKEN, version, tables: customerTables(), teams: ["customer-data"], domains: ["customer"] });
      await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait });
      const contract = om.requests.find((r) => r.method === "PUT" && r.url === "/api/v1/dataContracts")?.body as Record<string, unknown>;
      await om.close();
      om = undefined;
      return { status: contract.status, entityStatus: contract.entityStatus };
    };
    expect(await sent("1.9.12")).toEqual({ status: "Active", entityStatus: undefined });
    expect(await sent("1.10.0")).toEqual({ status: undefined, entityStatus: "Approved" });
    expect(await sent("1.12.8")).toEqual({ status: undefined, entityStatus: "Approved" });
    const deprecated = docsOf("customer_360");
    const retired = { ...deprecated, contracts: deprecated.contracts.map((c) => ({ ...c, status: "retired" })) };
    om = await startOpenMetadataServer({ token: TOKEN, tables: customerTables(), teams: ["customer-data"], domains: ["customer"] });
    await publishToOpenMetadata(om.url, retired, { env, services, sleep: noWait });
    expect((om.requests.find((r) => r.url === "/api/v1/dataContracts")?.body as Record<string, unknown>).entityStatus).toBe("Deprecated");
  });

  it("deprecates the data contracts of a deprecated or retired product, whose contracts are still active (as DataHub and Backstage do)", () => {
    const docs = docsOf("customer_360");
    const statusesOf = (status: string) => buildOpenMetadataPlan({ ...docs, product: { ...docs.product, status } }, { services }).contracts.map((c) => c.status);
    expect(docs.contracts.map((c) => c.status)).toEqual(["active"]);
    expect(statusesOf("active")).toEqual(["Active", "Active"]);
    expect(statusesOf("Retired")).toEqual(["Deprecated", "Deprecated"]);
    expect(statusesOf("deprecated")).toEqual(["Deprecated", "Deprecated"]);
  });

  it("sends the active contracts of a proposed or draft product as Draft, not approved (as Backstage's lifecycle is experimental)", () => {
    const docs = docsOf("customer_360");
    const statusesOf = (status: unknown) => buildOpenMetadataPlan({ ...docs, product: { ...docs.product, status } as typeof docs.product }, { services }).contracts.map((c) => c.status);
    expect(statusesOf("proposed")).toEqual(["Draft", "Draft"]);
    expect(statusesOf("Draft")).toEqual(["Draft", "Draft"]);
    expect(statusesOf(" Active ")).toEqual(["Active", "Active"]);
  });

  it("refuses an OpenMetadata older than 1.9 (no data contracts) before writing anything", async () => {
    om = await startOpenMetadataServer({ token: TOKEN, version: "1.8.5", tables: customerTables(), teams: ["customer-data"] });
    const error = await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `OpenMetadata at ${om.url} is version 1.8.5; meshkit publishes to OpenMetadata 1.9 or later (data contracts, and data products in a list of domains, came in 1.9.0): upgrade it. Nothing was written.`,
    );
    expect(om.requests.map((r) => r.url)).toEqual(["/api/v1/system/version"]);
  });

  it("refuses answers that are not OpenMetadata's (no version, an entity without id) rather than taking a domain for existing or a write for done", async () => {
    const answering = (answer: (method: string, path: string) => unknown) => {
      const calls: string[] = [];
      const fetch: typeof globalThis.fetch = async (input, init) => {
        const path = new URL(String(input)).pathname;
        calls.push(`${init?.method ?? "GET"} ${path}`);
        return new Response(JSON.stringify(answer(init?.method ?? "GET", path)), { status: 200, headers: { "content-type": "application/json" } });
      };
      return { fetch, calls };
    };
    const publish = async (fetch: typeof globalThis.fetch) =>
      (await publishToOpenMetadata("http://om:8585", docsOf("customer_360"), { env, services, fetch, sleep: noWait }).catch((e: unknown) => e)) as OpenMetadataPublishError;

    // Something that answers 200 {} to anything: found out at the first request, which reads the version.
    const anything = answering(() => ({}));
    const error = await publish(anything.fetch);
    expect(error).toBeInstanceOf(OpenMetadataPublishError);
    expect(error.message).toBe(
      'OpenMetadata at http://om:8585: GET /api/v1/system/version answered HTTP 200 with {}, which is not OpenMetadata\'s answer (OpenMetadata names its version: {"version": "1.9.0", …}): give the address of OpenMetadata\'s API. Nothing was written; publishing again sends everything.',
    );
    expect(anything.calls).toEqual(["GET /api/v1/system/version"]);

    // A version, then a domain look-up answered without an entity: not taken for an existing domain.
    const noEntity = answering((_method, path) => (path.endsWith("/system/version") ? { version: "1.12.8" } : { name: "customer" }));
    const lookup = await publish(noEntity.fetch);
    expect(lookup.message).toMatch(/^OpenMetadata at http:\/\/om:8585: GET \/api\/v1\/domains\/name\/customer answered HTTP 200 with \{"name":"customer"\}, which is not OpenMetadata's answer \(an OpenMetadata entity has an "id"\).* Nothing was written/);
    expect(noEntity.calls.filter((c) => c.startsWith("PUT"))).toEqual([]);

    // Look-ups answered as OpenMetadata does, a write answered without the entity: not reported as written.
    let ids = 0;
    const noWrite = answering((method, path) =>
      path.endsWith("/system/version") ? { version: "1.12.8" } : path.endsWith("/assets") ? { data: [], paging: { total: 0 } } : method === "GET" ? { id: `00000000-0000-4000-8000-${String(++ids).padStart(12, "0")}` } : {},
    );
    const write = await publish(noWrite.fetch);
    expect(write.message).toMatch(/^OpenMetadata at http:\/\/om:8585: PUT \/api\/v1\/dataContracts answered HTTP 200 with \{\}, which is not OpenMetadata's answer/);
    expect(write.written).toEqual([]);
  });

  it("leaves out the data contract of a table that lacks some of its columns, which OpenMetadata would refuse, and publishes the rest", async () => {
    const tables = customerTables();
    // Ingested before the contract added its other columns: OpenMetadata refuses a contract naming them (HTTP 400).
    tables["acme_pg.analytics.customer.customer_consents"] = ["customer_id"];
    om = await startOpenMetadataServer({ token: TOKEN, tables, teams: ["customer-data"], domains: ["customer"] });
    const result = await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait });
    const missing = columnsOf(docsOf("customer_360").contracts[0] as DataContract, "customer_consents").filter((c) => c !== "customer_id");
    expect(missing.length).toBeGreaterThan(0);
    expect(result.notes).toEqual([
      `table acme_pg.analytics.customer.customer_consents in OpenMetadata has no column ${missing.join(", ")} of the contract of customer_consents, and OpenMetadata refuses a data contract that names a column its table lacks (ingest the table again once the columns exist, or correct their physicalName): its contract is not published; the table is still an asset of the data product`,
    ]);
    expect(result.written).toEqual([
      "dataContract customer_profile on acme_pg.analytics.customer.customer_profiles",
      "dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7",
      "assets of dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7",
    ]);
    expect([...(om.store.get("dataContracts")?.keys() ?? [])]).toEqual(["acme_pg.analytics.customer.customer_profiles.dataContract_customer_profile"]);
    expect(om.assets.get("a510d348-3221-4b2c-97a4-629bf6b373c7")).toHaveLength(2);
  });

  it("leaves out the data contract of a table OpenMetadata lists without any column, which it refuses field by field", async () => {
    const tables = customerTables();
    tables["acme_pg.analytics.customer.customer_consents"] = [];
    om = await startOpenMetadataServer({ token: TOKEN, tables, teams: ["customer-data"], domains: ["customer"] });
    const result = await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait });
    const all = columnsOf(docsOf("customer_360").contracts[0] as DataContract, "customer_consents");
    expect(result.notes).toEqual([
      `table acme_pg.analytics.customer.customer_consents in OpenMetadata has no column ${all.join(", ")} of the contract of customer_consents, and OpenMetadata refuses a data contract that names a column its table lacks (ingest the table again once the columns exist, or correct their physicalName): its contract is not published; the table is still an asset of the data product`,
    ]);
    expect([...(om.store.get("dataContracts")?.keys() ?? [])]).toEqual(["acme_pg.analytics.customer.customer_profiles.dataContract_customer_profile"]);
    expect(om.assets.get("a510d348-3221-4b2c-97a4-629bf6b373c7")).toHaveLength(2);
  });

  it("finds a Snowflake table the contract names in lower case under the upper-case names Snowflake keeps and OpenMetadata's connector ingests, columns included", async () => {
    const docs = docsOf("customer_360");
    const contract = docs.contracts[0] as DataContract;
    const snowflake = { ...contract, servers: [{ server: "sf", type: "snowflake" as const, environment: "prod", account: "acme", database: "analytics", schema: "customer" }] };
    const upper = (names: string[]) => names.map((n) => n.toUpperCase());
    const tables = {
      "acme_sf.ANALYTICS.CUSTOMER.CUSTOMER_PROFILES": upper(columnsOf(contract, "customer_profiles")),
      "acme_sf.ANALYTICS.CUSTOMER.CUSTOMER_CONSENTS": upper(columnsOf(contract, "customer_consents")),
    };
    om = await startOpenMetadataServer({ token: TOKEN, tables, teams: ["customer-data"], domains: ["customer"] });
    const sfDocs = { ...docs, contracts: [snowflake] };
    const options = { env, services: { snowflake: "acme_sf" }, sleep: noWait };
    const result = await publishToOpenMetadata(om.url, sfDocs, options);
    expect(result.notes).toEqual([]);
    expect(result.written).toEqual([
      "dataContract customer_profile on acme_sf.ANALYTICS.CUSTOMER.CUSTOMER_PROFILES",
      "dataContract customer_profile on acme_sf.ANALYTICS.CUSTOMER.CUSTOMER_CONSENTS",
      "dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7",
      "assets of dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7",
    ]);
    const profile = om.store.get("dataContracts")?.get("acme_sf.ANALYTICS.CUSTOMER.CUSTOMER_PROFILES.dataContract_customer_profile");
    expect((profile?.schema as { name: string }[]).map((c) => c.name)).toEqual(upper(columnsOf(contract, "customer_profiles")));
    expect(om.assets.get("a510d348-3221-4b2c-97a4-629bf6b373c7")).toHaveLength(2);
    // Names Snowflake keeps as written (quoted: not plain identifiers) are looked up as written only.
    expect(buildOpenMetadataPlan({ ...sfDocs, contracts: [{ ...snowflake, servers: [{ ...snowflake.servers[0]!, schema: "Customer Data" }] }] }, options).contracts[0]).toMatchObject({
      tableFqn: "acme_sf.analytics.Customer Data.customer_profiles",
      foldedTableFqn: "acme_sf.ANALYTICS.Customer Data.CUSTOMER_PROFILES",
    });
    // Publishing again is a no-op, and a Snowflake table not ingested is reported under both names.
    const again = await publishToOpenMetadata(om.url, sfDocs, options);
    expect(again.written).toEqual(result.written);
    om.store.get("tables")?.delete("acme_sf.ANALYTICS.CUSTOMER.CUSTOMER_CONSENTS");
    const lacking = await publishToOpenMetadata(om.url, sfDocs, options);
    expect(lacking.notes).toEqual([
      "table acme_sf.analytics.customer.customer_consents is not in OpenMetadata (nor as acme_sf.ANALYTICS.CUSTOMER.CUSTOMER_CONSENTS, as Snowflake keeps unquoted names) (ingest it first, or correct the service / database it is looked up in): the contract of customer_consents is not published",
    ]);
  });

  it("finds tables whose names hold a dot or quotes under the fully qualified names OpenMetadata gives them", async () => {
    const docs = docsOf("customer_360");
    const contract = docs.contracts[0] as DataContract;
    const renamed = { ...contract, schema: contract.schema?.map((o, i) => ({ ...o, physicalName: i === 0 ? 'customer "profiles"' : "customer.consents" })) };
    const tables = {
      'acme_pg.analytics.customer.customer \\"profiles\\"': columnsOf(contract, "customer_profiles"),
      'acme_pg.analytics.customer."customer.consents"': columnsOf(contract, "customer_consents"),
    };
    om = await startOpenMetadataServer({ token: TOKEN, tables, teams: ["customer-data"], domains: ["customer"] });
    const result = await publishToOpenMetadata(om.url, { ...docs, contracts: [renamed] }, { env, services, sleep: noWait });
    expect(result.notes).toEqual([]);
    expect(result.written.filter((w) => w.startsWith("dataContract "))).toEqual(Object.keys(tables).map((fqn) => `dataContract customer_profile on ${fqn}`));
    expect(om.assets.get("a510d348-3221-4b2c-97a4-629bf6b373c7")).toHaveLength(2);
  });

  it("updates the table's data contract when the ODCS contract was renamed, and leaves one meshkit did not write alone: OpenMetadata holds one per table", async () => {
    om = await startOpenMetadataServer({ token: TOKEN, tables: customerTables(), teams: ["customer-data"], domains: ["customer"] });
    const docs = docsOf("customer_360");
    const contract = docs.contracts[0] as DataContract;
    await publishToOpenMetadata(om.url, docs, { env, services, sleep: noWait });
    const before = new Map([...(om.store.get("dataContracts") ?? [])].map(([fqn, c]) => [fqn, c.id]));
    expect([...before.keys()]).toEqual([
      "acme_pg.analytics.customer.customer_profiles.dataContract_customer_profile",
      "acme_pg.analytics.customer.customer_consents.dataContract_customer_profile",
    ]);

    // The next version renames the contract: its tables' contracts are updated in place (same entity), not refused as second ones.
    const renamed = { ...docs, contracts: [{ ...contract, name: "customer_profile_v2" }] };
    const result = await publishToOpenMetadata(om.url, renamed, { env, services, sleep: noWait });
    expect(result.notes).toEqual([]);
    expect(result.written).toContain("dataContract customer_profile on acme_pg.analytics.customer.customer_profiles");
    expect(new Map([...(om.store.get("dataContracts") ?? [])].map(([fqn, c]) => [fqn, c.id]))).toEqual(before);
    expect(om.store.get("dataContracts")?.get("acme_pg.analytics.customer.customer_profiles.dataContract_customer_profile")?.displayName).toBe(
      `Customer profile (customer_profile_v2 ${contract.version})`,
    );

    // Another contract on one of the tables (a steward's, written in OpenMetadata): left alone, and said.
    const steward = om.store.get("dataContracts")?.get("acme_pg.analytics.customer.customer_consents.dataContract_customer_profile") as Record<string, unknown>;
    om.store.get("dataContracts")?.delete("acme_pg.analytics.customer.customer_consents.dataContract_customer_profile");
    om.store.get("dataContracts")?.set("acme_pg.analytics.customer.customer_consents.dataContract_consents_by_privacy", { ...steward, name: "consents_by_privacy", description: "Written by the privacy office." });
    const third = await publishToOpenMetadata(om.url, renamed, { env, services, sleep: noWait });
    expect(third.notes).toEqual([
      `table acme_pg.analytics.customer.customer_consents already has the data contract consents_by_privacy in OpenMetadata, which meshkit did not write for contract ${contract.id}, and OpenMetadata holds one data contract per table: the contract of customer_consents is not published (remove consents_by_privacy in OpenMetadata to publish it); the table is still an asset of the data product`,
    ]);
    expect(om.store.get("dataContracts")?.get("acme_pg.analytics.customer.customer_consents.dataContract_consents_by_privacy")?.description).toBe("Written by the privacy office.");
    expect(third.written).toContain("assets of dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7");
  });

  it("publishes the contract of a table that only inherits its data product's contract: it is not the table's own, and OpenMetadata takes the table's", async () => {
    om = await startOpenMetadataServer({
      token: TOKEN,
      tables: customerTables(),
      teams: ["customer-data"],
      domains: ["customer"],
      inheritedContracts: { "acme_pg.analytics.customer.customer_consents": "customer_360_terms" },
    });
    const result = await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait });
    expect(result.notes).toEqual([]);
    expect([...(om.store.get("dataContracts")?.keys() ?? [])]).toEqual([
      "acme_pg.analytics.customer.customer_profiles.dataContract_customer_profile",
      "acme_pg.analytics.customer.customer_consents.dataContract_customer_profile",
    ]);
  });

  it("publishes one data contract on a table two contracts of the product locate, rather than have OpenMetadata refuse the second (HTTP 400) half-way", async () => {
    om = await startOpenMetadataServer({ token: TOKEN, tables: customerTables(), teams: ["customer-data"], domains: ["customer"] });
    const docs = docsOf("customer_360");
    const contract = docs.contracts[0] as DataContract;
    // A second contract of the product describes one of the first one's tables (same server, same physical name).
    const audit: DataContract = { ...contract, id: "consents-audit", name: "consents_audit", schema: contract.schema?.filter((o) => o.name === "customer_consents") };
    const product = { ...docs.product, outputPorts: [...(docs.product.outputPorts ?? []), { name: "consents-audit", version: "1.0.0", contractId: "consents-audit" }] } as DataProduct;
    const result = await publishToOpenMetadata(om.url, { ...docs, product, contracts: [contract, audit] }, { env, services, sleep: noWait });
    expect(result.notes).toEqual([
      `table acme_pg.analytics.customer.customer_consents is also the table of customer_consents of contract ${contract.id} in this product, whose data contract is published on it, and OpenMetadata holds one data contract per table: the contract of customer_consents of contract consents-audit is not published (give the two objects different tables, or one contract); the table is still an asset of the data product`,
    ]);
    expect([...(om.store.get("dataContracts")?.keys() ?? [])]).toEqual([
      "acme_pg.analytics.customer.customer_profiles.dataContract_customer_profile",
      "acme_pg.analytics.customer.customer_consents.dataContract_customer_profile",
    ]);
    expect(result.written).toContain("assets of dataProduct a510d348-3221-4b2c-97a4-629bf6b373c7");
  });

  it("does not retry OpenMetadata's 400 and passes its message on", async () => {
    const message = "Schema validation failed. The following fields specified in the data contract do not exist in the table: full_name";
    om = await startOpenMetadataServer({
      token: TOKEN,
      tables: customerTables(),
      teams: ["customer-data"],
      domains: ["customer"],
      fail: (_n, method, url) => (method === "PUT" && url === "/api/v1/dataContracts" ? { status: 400, message } : undefined),
    });
    const error = await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`OpenMetadata at ${om.url}: PUT /api/v1/dataContracts answered HTTP 400 Bad Request: ${message}. Nothing was written; publishing again sends everything.`);
    expect(om.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
  });

  it("says a refused request must be corrected before publishing again completes the product, which a request that outlasted the retries does not need", async () => {
    const refusing = (status: number) => async () => {
      om = await startOpenMetadataServer({
        token: TOKEN,
        tables: customerTables(),
        teams: ["customer-data"],
        domains: ["customer"],
        fail: (_n, method, url) => (method === "PUT" && url === "/api/v1/dataProducts" ? { status, message: "refused" } : undefined),
      });
      const error = (await publishToOpenMetadata(om.url, docsOf("customer_360"), { env, services, sleep: noWait, retries: 0 }).catch((e: unknown) => e)) as Error;
      await om.close();
      om = undefined;
      return error.message;
    };
    expect(await refusing(400)()).toMatch(/was not written, so no consumer sees it before its contracts; once what OpenMetadata refused is corrected, publishing again completes it \(every write is an upsert\)\.$/);
    expect(await refusing(409)()).toMatch(/; once what OpenMetadata refused is corrected, publishing again completes it/);
    expect(await refusing(503)()).toMatch(/before its contracts; publishing again completes it \(every write is an upsert\)\.$/);
  });

});
