import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { parse } from "yaml";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DataContract, DataProduct, SchemaObject, Server } from "@meshkit/core";
import {
  DATAHUB_TOKEN_ENV,
  DataHubPublishError,
  buildDataHubPlan,
  corpGroupUrn,
  corpUserUrn,
  dataPlatformUrn,
  dataProductUrn,
  datasetLocation,
  datasetUrn,
  deprecationOf,
  domainUrn,
  fabricOf,
  isMeshkitDeprecation,
  ownershipTypeForRole,
  publishToDataHub,
  productQualityStatus,
  qualityStatus,
  selectServer,
  tagUrn,
  urnPart,
  type ProductDocuments,
  type DataHubProposal,
  type QualityRunInput,
} from "./datahub.js";
import {
  DATAHUB_REFERENCE_DIR,
  exampleDocuments,
  loadDataHubSchemaChecker,
  loadExampleProducts,
  readGoldenProposals,
  shapeOf,
  startGmsServer,
  type DataHubSchemaChecker,
  type ExampleProduct,
  type GmsServer,
} from "./datahub-test-support.js";

const TOKEN = "dh-secret-token-4f1c";
const PUBLISHED_AT = "2026-06-30T06:00:00Z";

let checker: DataHubSchemaChecker;
let examples: ExampleProduct[];

beforeAll(() => {
  if (!existsSync(DATAHUB_REFERENCE_DIR)) {
    throw new Error(`DataHub reference files not found at ${DATAHUB_REFERENCE_DIR}: these tests check proposals against them (see DESIGN.md)`);
  }
  checker = loadDataHubSchemaChecker(DATAHUB_REFERENCE_DIR);
  examples = loadExampleProducts(parse);
});

/** Results of a contract-test run over the customer_profile contract: one failing check on customer_consents. */
function resultsFor(contract: DataContract, failingObject?: string): QualityRunInput {
  const checks = [
    { object: "customer_profiles", status: "pass" },
    { object: "customer_profiles", status: "pass" },
    { object: "customer_consents", status: failingObject === "customer_consents" ? "fail" : "pass" },
  ];
  const failed = checks.filter((c) => c.status === "fail").length;
  return {
    finishedAt: "2026-06-30T05:59:00.000Z",
    contracts: [
      {
        contract: { id: contract.id, version: contract.version },
        finishedAt: "2026-06-30T05:58:00.000Z",
        summary: { checks: checks.length, passed: checks.length - failed, failed, warned: 0, errors: 0 },
        checks,
      },
    ],
  };
}

const aspectOf = (p: DataHubProposal): Record<string, unknown> => JSON.parse(p.aspect.value) as Record<string, unknown>;
const docsOf = (name: string, results?: QualityRunInput): ProductDocuments => exampleDocuments(examples, name, results);

describe("DataHub URNs", () => {
  it("are built in DataHub's formats", () => {
    expect(dataPlatformUrn("postgres")).toBe("urn:li:dataPlatform:postgres");
    expect(datasetUrn("postgres", "analytics.customer.customer_profiles", "PROD")).toBe(
      "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.customer.customer_profiles,PROD)",
    );
    expect(dataProductUrn("a510d348-3221-4b2c-97a4-629bf6b373c7")).toBe("urn:li:dataProduct:a510d348-3221-4b2c-97a4-629bf6b373c7");
    expect(domainUrn("customer")).toBe("urn:li:domain:customer");
    expect(corpUserUrn("sofia.rossi@acme-retail.example")).toBe("urn:li:corpuser:sofia.rossi@acme-retail.example");
    expect(corpGroupUrn("customer-data")).toBe("urn:li:corpGroup:customer-data");
    expect(tagUrn("classification:restricted")).toBe("urn:li:tag:classification:restricted");
  });

  it("percent-encode the characters DataHub reserves in URN parts and refuse empty or control characters", () => {
    expect(datasetUrn("s3", "bucket/a,b(c)", "DEV")).toBe("urn:li:dataset:(urn:li:dataPlatform:s3,bucket/a%2Cb%28c%29,DEV)");
    expect(() => urnPart("  ", "tag")).toThrow(/empty or has control characters/);
    expect(() => tagUrn("a\nb")).toThrow(/control characters/);
    // GMS refuses a URN holding the browse-path separator ␟; the SDK's UrnEncoder sends it encoded (UTF-8 bytes).
    expect(datasetUrn("s3", "a\u241fb", "PROD")).toBe("urn:li:dataset:(urn:li:dataPlatform:s3,a%E2%90%9Fb,PROD)");
    expect(tagUrn("x\u241f")).toBe("urn:li:tag:x%E2%90%9F");
  });

  it("give a technical owner (any spelling) the TECHNICAL_OWNER type, other owners BUSINESS_OWNER, stewards DATA_STEWARD", () => {
    expect(["owner", "Product Owner", "business owner", "Technical Owner", "tech_owner", "tech-lead", "data steward", "engineer", "", undefined].map(ownershipTypeForRole)).toEqual([
      "BUSINESS_OWNER",
      "BUSINESS_OWNER",
      "BUSINESS_OWNER",
      "TECHNICAL_OWNER",
      "TECHNICAL_OWNER",
      "TECHNICAL_OWNER",
      "DATA_STEWARD",
      "TECHNICAL_OWNER",
      "TECHNICAL_OWNER",
      "TECHNICAL_OWNER",
    ]);
  });

  it("refuse a URN GMS refuses: longer than 512 bytes once URL encoded (as Java's URLEncoder counts them)", () => {
    // DataHub GMS, UrnValidationUtil: URN_NUM_BYTES_LIMIT = 512, "cannot provide an URN longer than 512 bytes (when URL encoded)".
    // The dataset URN around a name takes 71 bytes URL encoded (":" "(" "," ")" are %XX).
    expect(datasetUrn("postgres", "a".repeat(441), "PROD")).toHaveLength(441 + 51);
    expect(() => datasetUrn("postgres", "a".repeat(442), "PROD")).toThrow(/longer than 512 bytes/);
    // A non-ASCII character is its UTF-8 bytes, each %XX; a space is one "+".
    expect(() => dataProductUrn("ü".repeat(84))).toThrow(/longer than 512 bytes/);
    expect(dataProductUrn(" x".repeat(240).trim())).toMatch(/^urn:li:dataProduct:x/);
    // In a plan the failure comes before anything is sent, naming what is too long.
    const docs = docsOf("customer_360");
    const contract = docs.contracts[0] as DataContract;
    const long = { ...contract, schema: (contract.schema ?? []).map((o, i) => (i === 0 ? { ...o, physicalName: "t".repeat(460) } : o)) };
    expect(() => buildDataHubPlan({ ...docs, contracts: [long] })).toThrow(/dataset .*longer than 512 bytes/);
  });

  it("map ODCS server environments to DataHub fabrics", () => {
    expect(fabricOf("prod")).toBe("PROD");
    expect(fabricOf("Production")).toBe("PROD");
    expect(fabricOf("dev")).toBe("DEV");
    expect(fabricOf("staging")).toBe("STG");
    expect(fabricOf("uat")).toBe("UAT");
    // FabricType's later values, and its alternative spellings written as the main ones (one URN per dataset).
    expect(fabricOf("SIT")).toBe("SIT");
    expect(fabricOf("tst")).toBe("TEST");
    expect(fabricOf("sbx")).toBe("SANDBOX");
    expect(fabricOf("prd")).toBe("PROD");
    expect(fabricOf(undefined)).toBe("PROD");
    expect(fabricOf("somewhere")).toBe("PROD");
  });

  it("locate a contract on the server whose environment names production, not one whose environment is only unknown", () => {
    const servers = [
      { server: "sandbox", type: "postgres", environment: "sbx-eu", database: "sandbox", schema: "s" },
      { server: "warehouse", type: "postgres", environment: "Production", database: "analytics", schema: "sales" },
    ];
    const contract = { id: "c", version: "1.0.0", status: "active", servers } as unknown as DataContract;
    expect(selectServer(contract)?.server).toBe("warehouse");
    expect(selectServer({ ...contract, servers: [{ ...servers[0]!, environment: "live" }, servers[1]!] } as unknown as DataContract)?.server).toBe("sandbox");
    // Without a production server: the first that is not local.
    expect(selectServer({ ...contract, servers: [{ server: "files", type: "local", path: "x" }, servers[0]!] } as unknown as DataContract)?.server).toBe("sandbox");
  });

  it("name an object-store dataset by its table folder, as DataHub's S3 and Azure sources do: no file globs, no storage account host", () => {
    const contract = { id: "c", version: "1.0.0", status: "active" } as unknown as DataContract;
    const object = { name: "orders", physicalName: "orders" } as SchemaObject;
    const nameOf = (type: string, location: string) => datasetLocation({ server: "lake", type, location } as Server, object, contract).name;
    // ODCS's own S3 example: the `{model}` folder of JSON files is DataHub's `{table}` dataset.
    expect(nameOf("s3", "s3://datacontract-example-orders-latest/data/{model}/*.json")).toBe("datacontract-example-orders-latest/data/orders");
    expect(nameOf("s3", "s3://bucket/data/{object}/year=*/part-*.parquet")).toBe("bucket/data/orders");
    expect(nameOf("s3", "s3://bucket/data/{model}.parquet")).toBe("bucket/data/orders.parquet");
    // Files without a placeholder: the folder holding them, not the glob with the table after it.
    expect(nameOf("s3", "s3://bucket/data/*.json")).toBe("bucket/data");
    // A prefix holds one folder per object (as before).
    expect(nameOf("s3", "s3://acme-data-lake/domain=sales/product=orders/")).toBe("acme-data-lake/domain=sales/product=orders/orders");
    // ODCS's Azure examples: container and path, without the account's host.
    expect(nameOf("azure", "az://my_storage_account_name.blob.core.windows.net/my_container/path/*.parquet")).toBe("my_container/path");
    expect(nameOf("azure", "abfss://lake@acme.dfs.core.windows.net/sales/{model}/*.parquet")).toBe("lake/sales/orders");
    // ODCS's `{object}` placeholder in a local path, like `{model}`.
    expect(datasetLocation({ server: "local", type: "local", path: "./data/{object}.csv" } as Server, object, contract).name).toBe("data/orders.csv");
  });

  it("name an Athena table <database>.<table> (the ODCS schema), without the data catalog, as DataHub's Athena source does", () => {
    const contract = { id: "c", version: "1.0.0", status: "active" } as unknown as DataContract;
    const object = { name: "orders", physicalName: "orders_v1" } as SchemaObject;
    const athena = { server: "prod", type: "athena", schema: "sales", catalog: "awsdatacatalog", stagingDir: "s3://bucket/athena/" } as Server;
    expect(datasetLocation(athena, object, contract)).toEqual({ platform: "athena", name: "sales.orders_v1" });
    expect(datasetLocation({ ...athena, catalog: undefined } as Server, object, contract).name).toBe("sales.orders_v1");
  });

  it("name a table in lower case where its catalog stores names so (Unity Catalog, Glue, Athena, the Hive metastore), as DataHub's sources find it", () => {
    const contract = { id: "c", version: "1.0.0", status: "active" } as unknown as DataContract;
    const object = { name: "orders", physicalName: "Orders_EU" } as SchemaObject;
    const nameOf = (server: Record<string, unknown>) => datasetLocation({ server: "prod", ...server } as Server, object, contract);
    expect(nameOf({ type: "databricks", catalog: "Main", schema: "Sales" })).toEqual({ platform: "databricks", name: "main.sales.orders_eu" });
    expect(nameOf({ type: "glue", account: "1234", database: "Sales_DB" })).toEqual({ platform: "glue", name: "sales_db.orders_eu" });
    expect(nameOf({ type: "athena", schema: "Sales", catalog: "AwsDataCatalog", stagingDir: "s3://b/" })).toEqual({ platform: "athena", name: "sales.orders_eu" });
    expect(nameOf({ type: "hive", host: "h", database: "Sales" })).toEqual({ platform: "hive", name: "sales.orders_eu" });
    expect(nameOf({ type: "impala", host: "h", database: "Sales" })).toEqual({ platform: "hive", name: "sales.orders_eu" });
    // Catalogs that keep the case written keep it.
    expect(nameOf({ type: "postgres", host: "h", port: 5432, database: "Analytics", schema: "Sales" }).name).toBe("Analytics.Sales.Orders_EU");
    expect(nameOf({ type: "bigquery", project: "acme-prod", dataset: "Sales" }).name).toBe("acme-prod.Sales.Orders_EU");
  });

  it("put in for `{object}` the object's physicalName, else its name (an empty one names nothing), as provision creates it", () => {
    const contract = { id: "c", version: "1.0.0", status: "active" } as unknown as DataContract;
    const local = (object: Partial<SchemaObject>) => datasetLocation({ server: "local", type: "local", path: "./data/{model}.csv" } as Server, object as SchemaObject, contract).name;
    const s3 = (object: Partial<SchemaObject>) => datasetLocation({ server: "lake", type: "s3", location: "s3://bucket/data/{object}/*.parquet" } as Server, object as SchemaObject, contract).name;
    expect(local({ name: "sales_orders", physicalName: "orders" })).toBe("data/orders.csv");
    expect(s3({ name: "sales_orders", physicalName: "orders" })).toBe("bucket/data/orders");
    expect(local({ name: "orders", physicalName: "" })).toBe("data/orders.csv");
    expect(s3({ name: "orders", physicalName: "" })).toBe("bucket/data/orders");
    // A `$` is the name's (`$&` is no replacement pattern).
    expect(local({ name: "x", physicalName: "o$&" })).toBe("data/o$&.csv");
  });

  it("give each object of a contract its own dataset when they share files of a location without a placeholder", () => {
    const docs = docsOf("customer_360");
    const [first, ...rest] = docs.contracts;
    const lake = { server: "lake", type: "s3", environment: "prod", location: "s3://bucket/data/*.parquet" };
    const contract = { ...first, servers: [lake] } as DataContract;
    expect((contract.schema ?? []).length).toBe(2);
    const plan = buildDataHubPlan({ ...docs, contracts: [contract, ...rest] }, { publishedAt: PUBLISHED_AT });
    expect(plan.datasets.map((d) => d.urn).filter((urn) => urn.includes("dataPlatform:s3"))).toEqual([
      "urn:li:dataset:(urn:li:dataPlatform:s3,bucket/data/customer_profiles,PROD)",
      "urn:li:dataset:(urn:li:dataPlatform:s3,bucket/data/customer_consents,PROD)",
    ]);
  });

  it("keep a shared local path's root and leave one file one dataset, when several objects share it", () => {
    const contract = { id: "c", version: "1.0.0", status: "active", schema: [{ name: "a" }, { name: "b" }] } as unknown as DataContract;
    const name = (type: string, path: string) => datasetLocation({ server: "files", type, path } as Server, { name: "a" } as SchemaObject, contract).name;
    // An absolute folder stays absolute; an sftp URL keeps its `scheme://`.
    expect(name("local", "/srv/data/")).toBe("/srv/data/a");
    expect(name("sftp", "sftp://host/data/*.csv")).toBe("sftp://host/data/a");
    // One file read for every object is that file (the objects then map to one dataset, refused as such), not a made-up `<file>/<object>`.
    expect(name("local", "./data/all.csv")).toBe("data/all.csv");
    expect(name("sftp", "sftp://host/data/all.jsonl.gz")).toBe("sftp://host/data/all.jsonl.gz");
    // A folder named with a dot is a folder of `<object>.<ext>` files, as `meshkit test` reads it, not one file.
    expect(name("local", "./exports/v1.2")).toBe("exports/v1.2/a");
    expect(name("local", "/srv/2024.06")).toBe("/srv/2024.06/a");
  });

  it("give each object of a contract its own local-files dataset when its path is a folder or files without a placeholder, as `meshkit test` reads one file per object there", () => {
    const docs = docsOf("customer_360");
    const [first, ...rest] = docs.contracts;
    const urnsOf = (path: string) => {
      const contract = { ...first, servers: [{ server: "files", type: "local", environment: "prod", path }] } as DataContract;
      return buildDataHubPlan({ ...docs, contracts: [contract, ...rest] }, { publishedAt: PUBLISHED_AT }).datasets.map((d) => d.urn).filter((urn) => urn.includes("dataPlatform:file"));
    };
    // `meshkit test` reads data/customer_profiles.<ext> and data/customer_consents.<ext>: two datasets, not one refused for both.
    expect(urnsOf("./data/")).toEqual([
      "urn:li:dataset:(urn:li:dataPlatform:file,data/customer_profiles,PROD)",
      "urn:li:dataset:(urn:li:dataPlatform:file,data/customer_consents,PROD)",
    ]);
    expect(urnsOf("./data/*.csv")).toEqual([
      "urn:li:dataset:(urn:li:dataPlatform:file,data/customer_profiles,PROD)",
      "urn:li:dataset:(urn:li:dataPlatform:file,data/customer_consents,PROD)",
    ]);
    // With a placeholder, each object's own file, as before.
    expect(urnsOf("./data/{model}.csv")).toEqual([
      "urn:li:dataset:(urn:li:dataPlatform:file,data/customer_profiles.csv,PROD)",
      "urn:li:dataset:(urn:li:dataPlatform:file,data/customer_consents.csv,PROD)",
    ]);
  });
});

describe("DataHub proposals", () => {
  it("describe customer_360: its output datasets first, then the product with dataProductProperties last", () => {
    const plan = buildDataHubPlan(docsOf("customer_360"), { publishedAt: PUBLISHED_AT });
    const profiles = "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.customer.customer_profiles,PROD)";
    const consents = "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.customer.customer_consents,PROD)";
    expect(plan.productUrn).toBe("urn:li:dataProduct:a510d348-3221-4b2c-97a4-629bf6b373c7");
    expect(plan.datasets.map((d) => d.urn)).toEqual([profiles, consents]);
    expect(plan.proposals.map((p) => `${p.entityType}:${p.aspectName}`)).toEqual([
      ...["datasetProperties", "schemaMetadata", "subTypes", "upstreamLineage", "ownership", "globalTags", "domains", "status", "deprecation"].map((a) => `dataset:${a}`),
      ...["datasetProperties", "schemaMetadata", "subTypes", "upstreamLineage", "ownership", "globalTags", "domains", "status", "deprecation"].map((a) => `dataset:${a}`),
      ...["domains", "ownership", "globalTags", "status", "dataProductProperties"].map((a) => `dataProduct:${a}`),
    ]);
    const last = plan.proposals[plan.proposals.length - 1] as DataHubProposal;
    expect(last.aspectName).toBe("dataProductProperties");
    const properties = aspectOf(last);
    expect(properties.name).toBe("customer_360");
    expect(properties.assets).toEqual([
      { destinationUrn: profiles, created: { time: Date.parse(PUBLISHED_AT), actor: "urn:li:corpuser:datahub", message: "meshkit" }, outputPort: true },
      { destinationUrn: consents, created: { time: Date.parse(PUBLISHED_AT), actor: "urn:li:corpuser:datahub", message: "meshkit" }, outputPort: true },
    ]);
    expect(String(properties.description)).toMatch(/^The golden customer record.*\n\n\*\*Usage:\*\* .*\n\n\*\*Limitations:\*\* /s);
    expect(properties.customProperties).toMatchObject({
      product_id: "a510d348-3221-4b2c-97a4-629bf6b373c7",
      version: "2.1.0",
      domain: "customer",
      input_ports: "customer_campaigns@1.3.0, crm_accounts@5.2.0",
      output_ports: "customer_profile@2.1.0",
      custom_costCenter: "CC-220",
      quality_status: "untested",
    });
  });

  it("build schemaMetadata from the contract: types, native types, nullability, keys, descriptions, PII and classification tags", () => {
    const plan = buildDataHubPlan(docsOf("customer_360"), { publishedAt: PUBLISHED_AT });
    const schema = aspectOf(plan.datasets[0]?.proposals.find((p) => p.aspectName === "schemaMetadata") as DataHubProposal);
    expect(schema).toMatchObject({
      schemaName: "customer_profiles",
      platform: "urn:li:dataPlatform:postgres",
      version: 0,
      primaryKeys: ["customer_id"],
    });
    // The schema object as the contract writes it, as DataHub's REST docs give a raw schema: OtherSchema.rawSchema.
    expect(Object.keys(schema.platformSchema as object)).toEqual(["com.linkedin.schema.OtherSchema"]);
    const raw = (schema.platformSchema as Record<string, { rawSchema: string }>)["com.linkedin.schema.OtherSchema"]?.rawSchema as string;
    expect(JSON.parse(raw)).toMatchObject({ name: "customer_profiles", properties: expect.arrayContaining([expect.objectContaining({ name: "customer_id" })]) });
    expect(schema.hash).toMatch(/^[0-9a-f]{40}$/);
    const fields = schema.fields as Record<string, unknown>[];
    const byPath = new Map(fields.map((f) => [f.fieldPath, f]));
    expect(byPath.get("customer_id")).toEqual({
      fieldPath: "customer_id",
      nullable: false,
      description: "Customer identifier from the customer master.",
      type: { type: { "com.linkedin.schema.StringType": {} } },
      nativeDataType: "VARCHAR(11)",
      recursive: false,
      globalTags: { tags: [{ tag: "urn:li:tag:classification:internal" }] },
      isPartOfKey: true,
    });
    expect(byPath.get("email")).toMatchObject({
      nullable: false,
      globalTags: { tags: [{ tag: "urn:li:tag:pii" }, { tag: "urn:li:tag:classification:restricted" }] },
      isPartOfKey: false,
    });
    expect(byPath.get("phone_number")).toMatchObject({ nullable: true });
    expect(byPath.get("order_count")).toMatchObject({ type: { type: { "com.linkedin.schema.NumberType": {} } }, nativeDataType: "INTEGER" });
    expect(byPath.get("date_of_birth")).toMatchObject({ type: { type: { "com.linkedin.schema.DateType": {} } } });
    expect(byPath.get("updated_at")).toMatchObject({ type: { type: { "com.linkedin.schema.TimeType": {} } } });
    expect(byPath.get("country_code")).toMatchObject({ globalTags: { tags: [{ tag: "urn:li:tag:classification:public" }] } });

    const tags = aspectOf(plan.datasets[0]?.proposals.find((p) => p.aspectName === "globalTags") as DataHubProposal);
    expect((tags.tags as { tag: string }[]).map((t) => t.tag)).toEqual(
      ["customer", "customer_360", "golden_record", "pii", "gdpr"].map((t) => `urn:li:tag:${t}`),
    );
  });

  it("send no ownership or globalTags aspect when the documents name no owners or tags: an UPSERT of an empty one would wipe what a steward curated in DataHub", () => {
    const docs = structuredClone(docsOf("customer_campaigns")) as unknown as { product: Record<string, unknown> & { outputPorts: Record<string, unknown>[] }; contracts: (Record<string, unknown> & { schema: Record<string, unknown>[] })[] };
    delete docs.product.team;
    delete docs.product.tags;
    for (const port of docs.product.outputPorts) delete port.tags;
    for (const contract of docs.contracts) {
      delete contract.team;
      delete contract.tags;
      for (const object of contract.schema) delete object.tags;
    }
    const plan = buildDataHubPlan(docs as unknown as ProductDocuments, { publishedAt: PUBLISHED_AT });
    const aspects = (proposals: readonly DataHubProposal[]) => proposals.map((p) => p.aspectName);
    // campaigns has neither owners nor tags; campaign_contacts still has its `pii` tag (a column holds personal data).
    expect(aspects(plan.datasets[0]?.proposals ?? [])).toEqual(["datasetProperties", "schemaMetadata", "subTypes", "domains", "status", "deprecation"]);
    expect(aspects(plan.datasets[1]?.proposals ?? [])).toEqual(["datasetProperties", "schemaMetadata", "subTypes", "globalTags", "domains", "status", "deprecation"]);
    expect(aspectOf(plan.datasets[1]?.proposals.find((p) => p.aspectName === "globalTags") as DataHubProposal)).toEqual({ tags: [{ tag: "urn:li:tag:pii" }] });
    expect(aspects(plan.product)).toEqual(["domains", "status", "dataProductProperties"]);
  });

  it("send the authoritative definitions of the product, and of each dataset's contract and schema object, as institutionalMemory links", () => {
    const docs = structuredClone(docsOf("customer_campaigns")) as unknown as { product: Record<string, unknown>; contracts: (Record<string, unknown> & { schema: Record<string, unknown>[] })[] };
    docs.product.authoritativeDefinitions = [{ type: "businessDefinition", url: "https://wiki.example/campaigns" }];
    docs.product.description = { purpose: "Campaigns.", authoritativeDefinitions: [{ type: "tutorial", url: "https://wiki.example/campaigns", description: "the same link twice" }, { type: "video", url: "javascript:alert(1)" }] };
    const contract = docs.contracts[0] as (typeof docs.contracts)[number];
    contract.authoritativeDefinitions = [{ type: "canonicalUrl", url: "https://git.example/contracts/campaigns.yaml", description: "The contract's source" }];
    (contract.schema[0] as Record<string, unknown>).authoritativeDefinitions = [{ type: "transformationImplementation", url: "https://git.example/dbt/campaigns.sql" }];
    const plan = buildDataHubPlan(docs as unknown as ProductDocuments, { publishedAt: PUBLISHED_AT });
    const stamp = { time: Date.parse(PUBLISHED_AT), actor: "urn:li:corpuser:datahub" };
    const memory = (proposals: readonly DataHubProposal[]) => proposals.filter((p) => p.aspectName === "institutionalMemory");
    expect(memory(plan.product).map(aspectOf)).toEqual([{ elements: [{ url: "https://wiki.example/campaigns", description: "businessDefinition", createStamp: stamp }] }]);
    const dataset = plan.datasets.find((d) => d.contractId === contract.id && d.object === (contract.schema[0] as { name: string }).name);
    expect(memory(dataset?.proposals ?? []).map(aspectOf)).toEqual([
      {
        elements: [
          { url: "https://git.example/contracts/campaigns.yaml", description: "The contract's source", createStamp: stamp },
          { url: "https://git.example/dbt/campaigns.sql", description: "transformationImplementation", createStamp: stamp },
        ],
      },
    ]);
    for (const proposal of plan.proposals) expect(checker.checkProposal(proposal)).toEqual([]);
    // Without definitions no aspect: an UPSERT of an empty list would wipe the links a steward added in DataHub.
    expect(memory(buildDataHubPlan(docsOf("customer_campaigns"), { publishedAt: PUBLISHED_AT }).proposals)).toEqual([]);
  });

  it("name owners (the team as a group, members by role), the domain and upstream lineage from input ports", () => {
    const plan = buildDataHubPlan(docsOf("customer_360"), { publishedAt: PUBLISHED_AT });
    const dataset = plan.datasets[0]?.proposals ?? [];
    const ownership = aspectOf(dataset.find((p) => p.aspectName === "ownership") as DataHubProposal);
    expect(ownership).toEqual({
      owners: [
        { owner: "urn:li:corpGroup:customer-data", type: "TECHNICAL_OWNER" },
        { owner: "urn:li:corpuser:sofia.rossi@acme-retail.example", type: "BUSINESS_OWNER" },
        { owner: "urn:li:corpuser:jan.kowalski@acme-retail.example", type: "DATA_STEWARD" },
        { owner: "urn:li:corpuser:priya.nair@acme-retail.example", type: "TECHNICAL_OWNER" },
      ],
      lastModified: { time: Date.parse(PUBLISHED_AT), actor: "urn:li:corpuser:datahub" },
    });
    expect(aspectOf(dataset.find((p) => p.aspectName === "domains") as DataHubProposal)).toEqual({ domains: ["urn:li:domain:customer"] });
    const lineage = aspectOf(dataset.find((p) => p.aspectName === "upstreamLineage") as DataHubProposal);
    // The port's usedColumns are all campaign_contacts columns: marketing's campaigns table is not read.
    expect((lineage.upstreams as { dataset: string; type: string }[]).map((u) => [u.dataset, u.type])).toEqual([
      ["urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.marketing.campaign_contacts,PROD)", "TRANSFORMED"],
    ]);
    // crm_accounts is contracted outside the examples: said, not guessed.
    expect(plan.notes).toEqual([
      "lineage: output port customer_profile reads contract 0ad90c30-9cbd-4ecb-8b1d-3fe8b84e79a3, whose documents were not given; no upstream dataset is recorded for it",
    ]);
  });

  it("record as upstream only the tables holding the columns an input port declares (usedColumns), every table when it declares none or none resolves", () => {
    const docs = docsOf("customer_360");
    const [campaigns] = docsOf("customer_campaigns").contracts;
    const upstreamOf = (usedColumns: string | string[] | undefined) => {
      const inputPorts = (docs.product.inputPorts ?? []).map((port) =>
        port.contractId === campaigns!.id ? { ...port, customProperties: usedColumns === undefined ? [] : [{ property: "usedColumns", value: usedColumns }] } : port,
      );
      const plan = buildDataHubPlan({ ...docs, product: { ...docs.product, inputPorts }, upstream: [{ contracts: [campaigns!] }] }, { publishedAt: PUBLISHED_AT });
      const lineage = plan.datasets[0]?.proposals.find((p) => p.aspectName === "upstreamLineage") as DataHubProposal;
      return (aspectOf(lineage).upstreams as { dataset: string }[]).map((u) => u.dataset.replace(/^.*analytics\.marketing\.(\w+),PROD\)$/, "$1"));
    };
    expect(upstreamOf(["campaign_contacts.customer_id"])).toEqual(["campaign_contacts"]);
    // Names compare without case; `object.*` is the whole table; a bare column is every table that has it.
    expect(upstreamOf(["CAMPAIGNS.Channel"])).toEqual(["campaigns"]);
    expect(upstreamOf(["campaigns.*"])).toEqual(["campaigns"]);
    expect(upstreamOf("campaign_id")).toEqual(["campaigns", "campaign_contacts"]);
    // No declaration, `*`, or only names the contract does not have: every table, as before (a typo does not drop the edge).
    expect(upstreamOf(undefined)).toEqual(["campaigns", "campaign_contacts"]);
    expect(upstreamOf(["*"])).toEqual(["campaigns", "campaign_contacts"]);
    expect(upstreamOf(["campaign_contact.customer_id"])).toEqual(["campaigns", "campaign_contacts"]);
  });

  it("read each input port's usedColumns for the contract version it reads, when two ports read two versions of one contract", () => {
    const docs = docsOf("customer_360");
    const [campaigns] = docsOf("customer_campaigns").contracts;
    const port = docs.product.inputPorts!.find((p) => p.contractId === campaigns!.id)!;
    const upstreamOf = (newer: string[] | undefined) => {
      const inputPorts = [
        ...docs.product.inputPorts!.filter((p) => p !== port),
        { ...port, version: String(campaigns!.version), customProperties: [{ property: "usedColumns", value: ["campaign_contacts.customer_id"] }] },
        { ...port, name: "customer_campaigns_v2", version: "2.0.0", customProperties: newer ? [{ property: "usedColumns", value: newer }] : [] },
      ];
      const plan = buildDataHubPlan({ ...docs, product: { ...docs.product, inputPorts }, upstream: [{ contracts: [campaigns!, { ...campaigns!, version: "2.0.0" }] }] }, { publishedAt: PUBLISHED_AT });
      const lineage = plan.datasets[0]?.proposals.find((p) => p.aspectName === "upstreamLineage") as DataHubProposal;
      return (aspectOf(lineage).upstreams as { dataset: string }[]).map((u) => u.dataset.replace(/^.*analytics\.marketing\.(\w+),PROD\)$/, "$1"));
    };
    // The 2.0.0 port declares none: it reads every table, whatever the 1.3.0 port declares.
    expect(upstreamOf(undefined).sort()).toEqual(["campaign_contacts", "campaigns"]);
    expect(upstreamOf(["campaigns.channel"]).sort()).toEqual(["campaign_contacts", "campaigns"]);
    expect(upstreamOf(["campaign_contacts.sent_at"])).toEqual(["campaign_contacts"]);
  });

  it("follow an output port's inputContracts for lineage, including another port of the same product", () => {
    const plan = buildDataHubPlan(docsOf("quarterly_ledger"), { publishedAt: PUBLISHED_AT });
    const balances = plan.datasets.find((d) => d.object === "quarterly_account_balances");
    const lineage = aspectOf(balances?.proposals.find((p) => p.aspectName === "upstreamLineage") as DataHubProposal);
    expect((lineage.upstreams as { dataset: string }[]).map((u) => u.dataset)).toEqual([
      "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.finance.ledger_entries,PROD)",
    ]);
    const entries = plan.datasets.find((d) => d.object === "ledger_entries");
    expect(entries?.proposals.some((p) => p.aspectName === "upstreamLineage")).toBe(false);
  });

  it("say when a contract names no server: its dataset's name is meshkit's, not the one DataHub's ingestion finds", () => {
    const docs = docsOf("customer_360");
    const contracts = docs.contracts.map((c) => ({ ...c, servers: undefined }));
    const plan = buildDataHubPlan({ ...docs, contracts }, { publishedAt: PUBLISHED_AT });
    const urn = plan.datasets[0]!.urn;
    expect(urn).toMatch(/^urn:li:dataset:\(urn:li:dataPlatform:external,/);
    expect(plan.notes).toContain(`${plan.datasets[0]!.object} of contract ${contracts[0]!.id}: the contract names no server, so its dataset is ${urn}, not the one DataHub's ingestion of the table finds; add the server its data lives on`);
    expect(buildDataHubPlan(docs, { publishedAt: PUBLISHED_AT }).notes.some((n) => n.includes("names no server"))).toBe(false);
  });

  it("locate datasets on the server asked for: an S3 location, a local path, a DEV environment", () => {
    const docs = docsOf("inventory_snapshot");
    const lake = buildDataHubPlan(docs, { server: "lake" });
    expect(lake.datasets.map((d) => d.urn)).toEqual([
      "urn:li:dataset:(urn:li:dataPlatform:s3,acme-data-lake/domain=supply_chain/product=inventory_snapshot/inventory_positions,PROD)",
      "urn:li:dataset:(urn:li:dataPlatform:s3,acme-data-lake/domain=supply_chain/product=inventory_snapshot/warehouses,PROD)",
    ]);
    const local = buildDataHubPlan(docs, { server: "local" });
    expect(local.datasets.map((d) => d.urn)).toEqual([
      "urn:li:dataset:(urn:li:dataPlatform:file,data/inventory_positions.csv,DEV)",
      "urn:li:dataset:(urn:li:dataPlatform:file,data/warehouses.csv,DEV)",
    ]);
    expect(buildDataHubPlan(docs, { datasetEnv: "QA", platforms: { postgres: "postgresql-custom" } }).datasets[0]?.urn).toBe(
      "urn:li:dataset:(urn:li:dataPlatform:postgresql-custom,analytics.supply_chain.inventory_positions,QA)",
    );
  });

  it("give a dataset on a streaming server (Kafka, Kinesis, Pub/Sub) the Topic sub type, as DataHub's Kafka source does, whatever its physicalType", () => {
    const docs = docsOf("inventory_snapshot");
    const onServer = (server: Record<string, unknown>, physicalType?: string) => {
      const contracts = docs.contracts.map((c) => ({ ...c, servers: [{ server: "events", ...server } as Server], schema: c.schema?.map((o) => ({ ...o, physicalType })) }));
      const plan = buildDataHubPlan({ ...docs, contracts });
      return plan.datasets.map((d) => aspectOf(d.proposals.find((p) => p.aspectName === "subTypes")!).typeNames);
    };
    expect(onServer({ type: "kafka", host: "broker:9092", format: "avro" })).toEqual([["Topic"], ["Topic"]]);
    expect(onServer({ type: "kinesis", region: "eu-west-1" }, "table")).toEqual([["Topic"], ["Topic"]]);
    expect(onServer({ type: "postgres", host: "h", port: 5432, database: "d", schema: "s" }, "view")).toEqual([["View"], ["View"]]);
    expect(onServer({ type: "postgres", host: "h", port: 5432, database: "d", schema: "s" })).toEqual([["Table"], ["Table"]]);
  });

  it("tag personal data urn:li:tag:pii on the dataset and the product however the documents spell the tag (DataHub's tags are case-sensitive)", () => {
    const docs = docsOf("customer_360");
    const contracts = docs.contracts.map((c) => ({ ...c, tags: ["PII", ...(c.tags ?? [])] }));
    const product = { ...docs.product, tags: ["Pii", ...(docs.product.tags ?? [])] };
    const plan = buildDataHubPlan({ ...docs, product, contracts }, { publishedAt: PUBLISHED_AT });
    const tagsOf = (proposals: readonly DataHubProposal[]) =>
      ((aspectOf(proposals.find((p) => p.aspectName === "globalTags") as DataHubProposal).tags as { tag: string }[]) ?? []).map((t) => t.tag);
    for (const dataset of plan.datasets) {
      expect(tagsOf(dataset.proposals)).toContain("urn:li:tag:pii");
      expect(tagsOf(dataset.proposals)).not.toContain("urn:li:tag:PII");
    }
    expect(tagsOf(plan.product)).toContain("urn:li:tag:pii");
    expect(tagsOf(plan.product)).not.toContain("urn:li:tag:Pii");
  });

  it("carry the latest quality results of the contract version per dataset and for the product", () => {
    const docs = docsOf("customer_360");
    const contract = docs.contracts[0] as DataContract;
    const plan = buildDataHubPlan({ ...docs, results: resultsFor(contract, "customer_consents") }, { publishedAt: PUBLISHED_AT });
    const props = (i: number) => aspectOf(plan.datasets[i]?.proposals.find((p) => p.aspectName === "datasetProperties") as DataHubProposal).customProperties;
    expect(props(0)).toMatchObject({
      contract_id: contract.id,
      contract_version: "2.1.0",
      output_port: "customer_profile@2.1.0",
      server: "warehouse (postgres, prod)",
      sla_latency: "24 h (customer_profiles.updated_at)",
      sla_retention: "10 y (customer_profiles.updated_at)",
      quality_status: "passed",
      quality_checks: "2 checks: 2 passed, 0 failed, 0 warned, 0 errors",
      quality_tested_at: "2026-06-30T05:58:00.000Z",
    });
    expect(props(1)).toMatchObject({ sla_latency: "1 h (customer_consents.captured_at)", quality_status: "failed" });
    const product = aspectOf(plan.product[plan.product.length - 1] as DataHubProposal).customProperties as Record<string, string>;
    expect(product.quality_status).toBe("failed");
    // Results of another contract version do not describe this one.
    expect(qualityStatus(resultsFor(contract), { id: contract.id, version: "9.9.9" }).status).toBe("untested");
  });

  it("say which server the checks read: the dataset's own, or another one (sample data), which is not the dataset's quality", () => {
    const docs = docsOf("customer_360");
    const contract = docs.contracts[0] as DataContract;
    const serverOf = (source: string | undefined) => {
      const results = resultsFor(contract);
      const run = { ...results, contracts: results.contracts.map((c) => ({ ...c, ...(source ? { source } : {}) })) };
      const plan = buildDataHubPlan({ ...docs, results: run }, { publishedAt: PUBLISHED_AT });
      return (aspectOf(plan.datasets[0]?.proposals.find((p) => p.aspectName === "datasetProperties") as DataHubProposal).customProperties as Record<string, string>).quality_server;
    };
    expect(serverOf("local")).toBe("local, not warehouse where this dataset is");
    expect(serverOf("warehouse")).toBe("warehouse");
    expect(serverOf(undefined)).toBeUndefined();
  });

  it("count a note about a whole object: checks that passed on no rows are warned, beside unreadable data failed", () => {
    const docs = docsOf("customer_360");
    const contract = docs.contracts[0] as DataContract;
    const withNote = (severity: string): QualityRunInput => {
      const results = resultsFor(contract);
      return { ...results, contracts: results.contracts.map((c) => ({ ...c, notes: [{ object: "customer_consents", severity }] })) };
    };
    const plan = buildDataHubPlan({ ...docs, results: withNote("warning") }, { publishedAt: PUBLISHED_AT });
    const props = (i: number) => aspectOf(plan.datasets[i]?.proposals.find((p) => p.aspectName === "datasetProperties") as DataHubProposal).customProperties;
    expect(props(0)).toMatchObject({ quality_status: "passed" });
    expect(props(1)).toMatchObject({ quality_status: "warned" });
    expect((aspectOf(plan.product[plan.product.length - 1] as DataHubProposal).customProperties as Record<string, string>).quality_status).toBe("warned");
    expect(qualityStatus(withNote("error"), contract).status).toBe("failed");
    expect(qualityStatus(withNote("error"), contract, "customer_consents").status).toBe("failed");
    expect(qualityStatus(withNote("error"), contract, "customer_profiles").status).toBe("passed");
  });

  it("a product's quality: passed only when every contract was tested and passed; no contract is untested, not passed", () => {
    expect(productQualityStatus([])).toBe("untested");
    expect(productQualityStatus(["passed", "passed"])).toBe("passed");
    expect(productQualityStatus(["passed", "untested"])).toBe("untested");
    expect(productQualityStatus(["untested", "warned"])).toBe("warned");
    expect(productQualityStatus(["warned", "failed", "untested"])).toBe("failed");
  });

  it("validate, every one of every example product, against the reference aspect models (MCP envelope, JSON-string aspect)", () => {
    let count = 0;
    for (const example of examples) {
      const plan = buildDataHubPlan(exampleDocuments(examples, example.product.name as string), { publishedAt: PUBLISHED_AT, externalUrl: "https://catalog.example/p" });
      for (const proposal of plan.proposals) {
        expect(Object.keys(proposal)).toEqual(["entityType", "entityUrn", "changeType", "aspectName", "aspect"]);
        expect(Object.keys(proposal.aspect)).toEqual(["value", "contentType"]);
        expect(typeof proposal.aspect.value).toBe("string");
        expect({ proposal: `${proposal.entityUrn} ${proposal.aspectName}`, problems: checker.checkProposal(proposal) }).toEqual({
          proposal: `${proposal.entityUrn} ${proposal.aspectName}`,
          problems: [],
        });
        count++;
      }
    }
    expect(count).toBeGreaterThan(40);
  });

  it("match the golden files' structure: entity types, envelope fields, URN formats and value types where both have a path", () => {
    const goldens = readGoldenProposals(DATAHUB_REFERENCE_DIR);
    const goldenShapes = new Map<string, Map<string, Set<string>>>();
    for (const g of goldens) goldenShapes.set(`${g.entityType}:${g.aspectName}`, shapeOf(g.json, "", goldenShapes.get(`${g.entityType}:${g.aspectName}`)));
    const goldenKeys = new Set(goldens.flatMap((g) => g.keys));
    const plan = buildDataHubPlan(docsOf("customer_360"), { publishedAt: PUBLISHED_AT });
    let compared = 0;
    for (const proposal of plan.proposals) {
      for (const key of Object.keys(proposal)) expect(goldenKeys.has(key) || key === "aspect").toBe(true);
      expect(goldens.some((g) => g.entityType === proposal.entityType)).toBe(true);
      const golden = goldenShapes.get(`${proposal.entityType}:${proposal.aspectName}`);
      if (!golden) continue;
      for (const [at, kinds] of shapeOf(aspectOf(proposal))) {
        const expected = golden.get(at);
        if (!expected) continue;
        expect({ aspect: proposal.aspectName, at, kinds: [...kinds] }).toEqual({ aspect: proposal.aspectName, at, kinds: [...kinds].filter((k) => expected.has(k)) });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
    // The goldens wrap aspects as `aspect.json`; the REST wire form is the same object as a JSON string.
    const golden = goldens.find((g) => g.aspectName === "dataProductProperties") as (typeof goldens)[number];
    const wire = { entityType: golden.entityType, entityUrn: golden.entityUrn, changeType: golden.changeType, aspectName: golden.aspectName, aspect: { value: JSON.stringify(golden.json), contentType: "application/json" } };
    expect(checker.checkProposal(wire)).toEqual([]);
  });

  it("are the same for the same documents (deterministic), whatever the order of the contracts given", () => {
    const docs = docsOf("quarterly_ledger");
    const a = buildDataHubPlan(docs, { publishedAt: PUBLISHED_AT });
    const b = buildDataHubPlan({ ...docs, contracts: [...docs.contracts].reverse() }, { publishedAt: PUBLISHED_AT });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("escape HTML in descriptions and keep quotes, backslashes and newlines intact through the JSON string", () => {
    const docs = docsOf("customer_campaigns");
    const product: DataProduct = { ...docs.product, description: { purpose: `<script>alert("x")</script> & "quoted" \\ back\nline` } };
    const plan = buildDataHubPlan({ ...docs, product }, {});
    const last = plan.product[plan.product.length - 1] as DataHubProposal;
    expect(last.aspect.value).not.toContain("<script>");
    expect(aspectOf(last).description).toBe(`&lt;script&gt;alert("x")&lt;/script&gt; &amp; "quoted" \\ back\nline`);
  });

  it("keep links to other URLs than http(s) and mailto out of the Markdown descriptions DataHub renders, on the product and its datasets", () => {
    const docs = docsOf("customer_campaigns");
    const product: DataProduct = { ...docs.product, description: { purpose: "[Open](javascript:alert(1)) [docs](https://docs.example)" } };
    const contracts = docs.contracts.map((c) => ({ ...c, schema: (c.schema ?? []).map((o) => ({ ...o, description: "![x](https://tracker.example/p.png)" })) }));
    const plan = buildDataHubPlan({ ...docs, product, contracts }, {});
    expect(aspectOf(plan.product[plan.product.length - 1] as DataHubProposal).description).toBe("[Open]\\(javascript:alert(1)) [docs](https://docs.example)");
    const properties = plan.datasets[0]?.proposals.find((p) => p.aspectName === "datasetProperties") as DataHubProposal;
    expect(aspectOf(properties).description).toBe("\\![x](https://tracker.example/p.png)");
  });

  it("name a field by its column's physicalName, else its name: an empty physicalName names nothing, as provision creates the column", () => {
    const docs = docsOf("customer_360");
    const contracts = docs.contracts.map((contract) => ({
      ...contract,
      schema: contract.schema?.map((object, index) =>
        index > 0 ? object : { ...object, properties: object.properties?.map((p) => (p.name === "customer_id" ? { ...p, physicalName: "" } : p.name === "email" ? { ...p, physicalName: "email_addr" } : p)) },
      ),
    }));
    const plan = buildDataHubPlan({ ...docs, contracts }, { publishedAt: PUBLISHED_AT });
    const schema = aspectOf(plan.proposals.find((p) => p.aspectName === "schemaMetadata") as DataHubProposal);
    const paths = (schema.fields as Record<string, unknown>[]).map((f) => f.fieldPath);
    expect(paths).toContain("customer_id");
    expect(paths).toContain("email_addr");
    expect(paths).not.toContain("");
    expect(schema.primaryKeys).toEqual(["customer_id"]);
  });

  it("say a primary key column is not nullable even when the contract leaves out required", () => {
    const docs = docsOf("customer_360");
    const contracts = docs.contracts.map((contract) => ({
      ...contract,
      schema: contract.schema?.map((object) => ({ ...object, properties: object.properties?.map((p) => (p.primaryKey === true ? { ...p, required: undefined } : p)) })),
    }));
    const plan = buildDataHubPlan({ ...docs, contracts }, { publishedAt: PUBLISHED_AT });
    const schema = aspectOf(plan.proposals.find((p) => p.aspectName === "schemaMetadata") as DataHubProposal);
    const key = (schema.fields as Record<string, unknown>[]).find((f) => f.fieldPath === "customer_id");
    expect(key).toMatchObject({ isPartOfKey: true, nullable: false });
    expect(contracts[0]!.schema![0]!.properties!.find((p) => p.name === "customer_id")!.required).toBeUndefined();
  });

  it("type a column that has only a physical type by its leading type name: ARRAY<INT> is an array, MAP<…> a map, POINT no number", () => {
    const docs = docsOf("customer_360");
    const physicalTypes: Record<string, string> = {
      "ARRAY<INT64>": "ArrayType",
      "ARRAY<STRING>": "ArrayType",
      "INTEGER[]": "ArrayType",
      "MAP<STRING, INT>": "MapType",
      "STRUCT<city STRING, zip INT>": "RecordType",
      "ROW(x INTEGER)": "RecordType",
      JSONB: "RecordType",
      POINT: "NullType",
      "INTERVAL DAY TO SECOND": "TimeType",
      "ENUM('a','b')": "EnumType",
      INT64: "NumberType",
      BIGINT: "NumberType",
      "DECIMAL(10,2)": "NumberType",
      "DOUBLE PRECISION": "NumberType",
      "VARCHAR(20)": "StringType",
      "CHARACTER VARYING": "StringType",
      "TIMESTAMP WITH TIME ZONE": "TimeType",
      DATETIME: "TimeType",
      DATE: "DateType",
      BOOLEAN: "BooleanType",
      BYTEA: "BytesType",
    };
    const properties = Object.keys(physicalTypes).map((physicalType, i) => ({ name: `c${i}`, physicalType }));
    const contract = docs.contracts[0] as DataContract;
    const object = contract.schema?.[0] as NonNullable<DataContract["schema"]>[number];
    const plan = buildDataHubPlan({ ...docs, contracts: [{ ...contract, schema: [{ ...object, properties }] }] }, { publishedAt: PUBLISHED_AT });
    const proposal = plan.proposals.find((p) => p.aspectName === "schemaMetadata") as DataHubProposal;
    const typed = Object.fromEntries(
      (aspectOf(proposal).fields as { nativeDataType: string; type: { type: Record<string, unknown> } }[]).map((f) => [f.nativeDataType, Object.keys(f.type.type)[0]?.replace("com.linkedin.schema.", "")]),
    );
    expect(typed).toEqual(physicalTypes);
    expect(checker.checkProposal(proposal)).toEqual([]);
  });

  it("tag an array whose items are personal data as PII, on the field and the dataset", () => {
    const docs = docsOf("customer_360");
    const phones = { name: "phones", logicalType: "array" as const, items: { logicalType: "string" as const, classification: "pii" } };
    const contracts = docs.contracts.map((contract, index) =>
      index === 0 ? { ...contract, tags: [], schema: contract.schema?.map((object, o) => (o === 0 ? { ...object, tags: [], properties: [{ name: "id", logicalType: "string" as const }, phones] } : object)) } : contract,
    );
    const plan = buildDataHubPlan({ ...docs, contracts }, { publishedAt: PUBLISHED_AT });
    const schema = plan.proposals.find((p) => p.aspectName === "schemaMetadata") as DataHubProposal;
    const field = (aspectOf(schema).fields as Record<string, unknown>[]).find((f) => f.fieldPath === "phones");
    expect(field?.globalTags).toEqual({ tags: [{ tag: "urn:li:tag:pii" }] });
    const datasetTags = plan.proposals.find((p) => p.entityUrn === schema.entityUrn && p.aspectName === "globalTags") as DataHubProposal;
    expect(aspectOf(datasetTags).tags).toContainEqual({ tag: "urn:li:tag:pii" });
  });

  it("give the fields of the objects an array holds a path, however deep its arrays nest", () => {
    const docs = docsOf("customer_360");
    const matrix = { name: "matrix", logicalType: "array" as const, items: { logicalType: "array" as const, items: { logicalType: "object" as const, properties: [{ name: "v", logicalType: "integer" as const }] } } };
    const contracts = docs.contracts.map((contract, index) =>
      index === 0 ? { ...contract, schema: contract.schema?.map((object, o) => (o === 0 ? { ...object, properties: [{ name: "id", logicalType: "string" as const }, matrix] } : object)) } : contract,
    );
    const plan = buildDataHubPlan({ ...docs, contracts }, { publishedAt: PUBLISHED_AT });
    const schema = plan.proposals.find((p) => p.aspectName === "schemaMetadata") as DataHubProposal;
    expect((aspectOf(schema).fields as Record<string, unknown>[]).map((f) => f.fieldPath)).toEqual(["id", "matrix", "matrix.v"]);
  });

  /** customer_360 with the properties of its first schema object (customer_profiles) replaced. */
  const withProfileProperties = (properties: unknown[]): ProductDocuments => {
    const docs = docsOf("customer_360");
    const contracts = docs.contracts.map((contract, index) =>
      index === 0 ? { ...contract, schema: contract.schema?.map((object, o) => (o === 0 ? { ...object, properties } : object)) } : contract,
    ) as DataContract[];
    return { ...docs, contracts };
  };
  const fieldPathsOf = (plan: ReturnType<typeof buildDataHubPlan>): string[] =>
    (aspectOf(plan.datasets[0]?.proposals.find((p) => p.aspectName === "schemaMetadata") as DataHubProposal).fields as { fieldPath: string }[]).map((f) => f.fieldPath);

  it("switch a schema to DataHub's v2 field paths when two fields would get one v1 path: a column named address.city beside an address object's city", () => {
    const docs = withProfileProperties([
      { name: "customer_id", logicalType: "string", physicalType: "VARCHAR(11)", primaryKey: true },
      { name: "address.city", logicalType: "string", physicalType: "TEXT" },
      { name: "address", logicalType: "object", properties: [{ name: "city", logicalType: "string" }, { name: "zip", logicalType: "integer" }] },
      { name: "lines", logicalType: "array", items: { logicalType: "object", properties: [{ name: "sku", logicalType: "string" }] } },
      { name: "labels", logicalType: "array", items: { logicalType: "string" } },
    ]);
    const plan = buildDataHubPlan(docs, { publishedAt: PUBLISHED_AT });
    const paths = fieldPathsOf(plan);
    expect(paths).toEqual([
      "[version=2.0].[type=struct].[type=string].customer_id",
      "[version=2.0].[type=struct].[type=string].address.city",
      "[version=2.0].[type=struct].[type=struct].address",
      "[version=2.0].[type=struct].[type=struct].address.[type=string].city",
      "[version=2.0].[type=struct].[type=struct].address.[type=long].zip",
      "[version=2.0].[type=struct].[type=array].[type=struct].lines",
      "[version=2.0].[type=struct].[type=array].[type=struct].lines.[type=string].sku",
      "[version=2.0].[type=struct].[type=array].[type=string].labels",
    ]);
    expect(new Set(paths).size).toBe(paths.length);
    // DataHub's rule for v1 paths: stripping the [..] tokens gives them back.
    expect(paths.map((p) => p.replace(/\[[^\]]*\]\.?/g, ""))).toEqual(["customer_id", "address.city", "address", "address.city", "address.zip", "lines", "lines.sku", "labels"]);
    const schema = aspectOf(plan.datasets[0]?.proposals.find((p) => p.aspectName === "schemaMetadata") as DataHubProposal);
    // primaryKeys are field paths (SchemaMetadata.pdl: "Value is a SchemaField@fieldPath").
    expect(schema.primaryKeys).toEqual(["[version=2.0].[type=struct].[type=string].customer_id"]);
    expect(plan.notes.join("\n")).toMatch(/customer_profiles of contract .*: two of its fields would have one v1 field path .* DataHub's v2 field paths/);
    for (const proposal of plan.proposals) expect(checker.checkProposal(proposal)).toEqual([]);
    // The other schema object (customer_consents) keeps v1 paths.
    const consents = aspectOf(plan.datasets[1]?.proposals.find((p) => p.aspectName === "schemaMetadata") as DataHubProposal).fields as { fieldPath: string }[];
    expect(consents.every((f) => !f.fieldPath.startsWith("["))).toBe(true);
  });

  it("keep v1 field paths while they are unique, and refuse two fields of one name at one level, which v2 cannot tell apart either", () => {
    expect(fieldPathsOf(buildDataHubPlan(withProfileProperties([{ name: "address.city", logicalType: "string" }, { name: "address", logicalType: "object", properties: [{ name: "zip", logicalType: "string" }] }])))).toEqual([
      "address.city",
      "address",
      "address.zip",
    ]);
    const twice = withProfileProperties([{ name: "address", logicalType: "object", properties: [{ name: "city", logicalType: "string" }, { name: "city", logicalType: "string" }] }]);
    expect(() => buildDataHubPlan(twice)).toThrow(/Schema object customer_profiles of contract .* has two fields named "address\.city" at one level, which DataHub cannot tell apart/);
  });

  it("mark each output dataset of a deprecated or retired product, or of a deprecated contract, with DataHub's deprecation aspect", () => {
    const docs = docsOf("customer_360");
    const withStatus = (status: string, contractStatus?: string): ProductDocuments => ({
      ...docs,
      product: { ...docs.product, status },
      contracts: contractStatus ? docs.contracts.map((c) => ({ ...c, status: contractStatus })) : docs.contracts,
    });
    const deprecationOf = (plan: ReturnType<typeof buildDataHubPlan>) => plan.proposals.filter((p) => p.aspectName === "deprecation").map((p) => [p.entityType, aspectOf(p)]);
    const deprecated = buildDataHubPlan(withStatus("deprecated"), { actor: "urn:li:corpuser:ci-bot" });
    const note = "This product is deprecated: it is still served, but will be retired. Do not start using it; plan a move to its replacement.";
    expect(deprecationOf(deprecated)).toEqual([
      ["dataset", { deprecated: true, note, actor: "urn:li:corpuser:ci-bot" }],
      ["dataset", { deprecated: true, note, actor: "urn:li:corpuser:ci-bot" }],
    ]);
    // The data product entity has no deprecation aspect in DataHub's entity registry: none is sent for it, so its
    // description says it first, as the catalog site's page and OpenMetadata's data product do.
    expect(deprecated.product.map((p) => p.aspectName)).not.toContain("deprecation");
    const productDescription = (plan: ReturnType<typeof buildDataHubPlan>) => String(aspectOf(plan.product.find((p) => p.aspectName === "dataProductProperties")!).description);
    expect(productDescription(deprecated)).toBe(`**${note}**\n\n${productDescription(buildDataHubPlan(withStatus("active")))}`);
    expect(productDescription(buildDataHubPlan(withStatus("draft")))).toMatch(/^\*\*This product is a draft: it may change without notice; do not build on it yet\.\*\*\n\nThe golden customer record/);
    expect(productDescription(buildDataHubPlan(withStatus("<b>gone</b>")))).toMatch(/^\*\*This product's status is &lt;b&gt;gone&lt;\/b&gt;: check with its owners/);
    for (const proposal of deprecated.proposals) expect(checker.checkProposal(proposal)).toEqual([]);
    const retired = deprecationOf(buildDataHubPlan(withStatus("Retired")));
    expect(retired.map(([, aspect]) => aspect)).toEqual(Array(2).fill({ deprecated: true, note: expect.stringMatching(/^This product is retired: it is no longer served/), actor: "urn:li:corpuser:datahub" }));
    const contract = deprecationOf(buildDataHubPlan(withStatus("active", "deprecated")))[0]?.[1] as Record<string, unknown>;
    expect(contract).toEqual({ deprecated: true, note: `Its contract ${docs.contracts[0]?.id} ${docs.contracts[0]?.version} is deprecated.`, actor: "urn:li:corpuser:datahub" });
    // Active again: deprecated false, so DataHub no longer shows the badge an earlier publication set.
    expect(deprecationOf(buildDataHubPlan(withStatus("active"))).map(([, aspect]) => aspect)).toEqual(Array(2).fill({ deprecated: false, note: "", actor: "urn:li:corpuser:datahub" }));
  });

  it("send the deprecation to a local server that answers as DataHub GMS does, each dataset's before the product's properties", async () => {
    const gms = await startGmsServer({ token: TOKEN });
    try {
      const docs = docsOf("customer_360");
      await publishToDataHub(gms.url, { ...docs, product: { ...docs.product, status: "deprecated" } }, { env: { [DATAHUB_TOKEN_ENV]: TOKEN }, sleep: async () => {} });
      const accepted = gms.accepted as DataHubProposal[];
      const deprecations = accepted.filter((p) => p.aspectName === "deprecation");
      expect(deprecations.map((p) => [p.entityType, aspectOf(p).deprecated])).toEqual([
        ["dataset", true],
        ["dataset", true],
      ]);
      for (const proposal of deprecations) expect(checker.checkProposal(proposal)).toEqual([]);
      expect(accepted.findIndex((p) => p.aspectName === "dataProductProperties")).toBeGreaterThan(accepted.lastIndexOf(deprecations[1] as DataHubProposal));
    } finally {
      await gms.close();
    }
  });

  it("refuse an output port whose contract is not given", () => {
    const docs = docsOf("customer_360");
    expect(() => buildDataHubPlan({ ...docs, contracts: [] })).toThrow(/output port customer_profile serves contract 532d783c-fba8-4fb6-9955-558a0a5672a2, which is not among the documents given/);
  });
});

describe("the reference checker", () => {
  it("accepts the golden files' aspects it models, apart from the fields newer than the reference PDL", () => {
    const goldens = readGoldenProposals(DATAHUB_REFERENCE_DIR).filter((g) => checker.aspects.has(g.aspectName));
    expect(goldens.length).toBeGreaterThan(15);
    const problems = goldens.flatMap((g) => checker.checkAspect(g.aspectName, g.json).map((p) => `${g.file}: ${p}`));
    // DatasetProperties.pdl in the reference set predates `created` / `lastModified` (see PROVENANCE.md).
    expect(problems).toEqual([
      "golden/datasets/test_dataset_ingestion_golden.json: datasetProperties/created: not a field of DatasetProperties",
      "golden/datasets/test_dataset_ingestion_golden.json: datasetProperties/lastModified: not a field of DatasetProperties",
    ]);
  });

  it("rejects unknown fields, missing required fields, wrong types, bad URNs, bad enums and non-JSON aspect values", () => {
    const plan = buildDataHubPlan(docsOf("customer_campaigns"), {});
    const ownership = plan.datasets[0]?.proposals.find((p) => p.aspectName === "ownership") as DataHubProposal;
    const withAspect = (value: unknown): DataHubProposal => ({ ...ownership, aspect: { value: JSON.stringify(value), contentType: "application/json" } });
    expect(checker.checkProposal(withAspect({ owners: [{ owner: "urn:li:corpuser:a", type: "TECHNICAL_OWNER", extra: 1 }] }))).toEqual([
      "ownership/owners/0/extra: not a field of Owner",
    ]);
    expect(checker.checkProposal(withAspect({ owners: [{ owner: "urn:li:corpuser:a" }] }))).toEqual(["ownership/owners/0/type: required field missing"]);
    expect(checker.checkProposal(withAspect({ owners: [{ owner: "corpuser:a", type: "OWNER" }] }))).toEqual([
      'ownership/owners/0/owner: "corpuser:a" is not a Urn',
      expect.stringMatching(/^ownership\/owners\/0\/type: "OWNER" is not one of OwnershipType/),
    ]);
    expect(checker.checkProposal({ ...ownership, aspect: { value: "{not json", contentType: "application/json" } })).toEqual(["proposal/aspect/value: not a JSON string"]);
    expect(checker.checkProposal({ ...ownership, entityUrn: "dataset:x", changeType: "MERGE" })).toEqual([
      'proposal/entityUrn: "dataset:x" is not a Urn',
      'proposal/changeType: "MERGE" is not one of ChangeType UPSERT|CREATE|UPDATE|DELETE|PATCH|RESTATE|CREATE_ENTITY',
    ]);
    const upstream = { upstreams: [{ dataset: "urn:li:dataset:(urn:li:dataPlatform:x,y,NOWHERE)", type: "TRANSFORMED" }] };
    expect(checker.checkAspect("upstreamLineage", upstream)).toEqual(['upstreamLineage/upstreams/0/dataset: "urn:li:dataset:(urn:li:dataPlatform:x,y,NOWHERE)" is not a DatasetUrn']);
    expect(checker.checkAspect("schemaMetadata", { schemaName: "s", platform: "urn:li:dataPlatform:p", version: 0, hash: "", platformSchema: { Schemaless: {} }, fields: [] })).toEqual([
      "schemaMetadata/platformSchema: Schemaless is not a member of the union",
    ]);
  });
});

describe("publishToDataHub against a local server that answers as DataHub GMS does", () => {
  let gms: GmsServer | undefined;
  afterEach(async () => {
    await gms?.close();
    gms = undefined;
  });
  const sleeps: number[] = [];
  const noWait = async (ms: number) => {
    sleeps.push(ms);
  };
  const env = { [DATAHUB_TOKEN_ENV]: TOKEN };

  it("sends one ingestProposalBatch per entity, datasets first, with the bearer token and Rest.li headers", async () => {
    gms = await startGmsServer({ token: TOKEN });
    const docs = docsOf("customer_360");
    const result = await publishToDataHub(`${gms.url}/`, docs, { env, publishedAt: PUBLISHED_AT, sleep: noWait });
    const plan = buildDataHubPlan(docs, { publishedAt: PUBLISHED_AT });
    expect(result).toMatchObject({ url: gms.url, productUrn: plan.productUrn, requests: 3 });
    expect(result.written).toHaveLength(plan.proposals.length);
    // Look-ups of the datasets' deprecation (none yet: nothing a steward set to keep), the datasets, a look-up of the assets the
    // product has in DataHub (none yet: nothing to withdraw), then the product.
    const key = (urn: string) => encodeURIComponent(urn).replace(/[()]/g, (c) => (c === "(" ? "%28" : "%29"));
    const lookup = (urn: string, aspect: string) => `GET /aspects/${key(urn)}?aspect=${aspect}&version=0`;
    expect(gms.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      ...plan.datasets.map((d) => lookup(d.urn, "deprecation")),
      ...Array(2).fill("POST /aspects?action=ingestProposalBatch"),
      lookup(plan.productUrn, "dataProductProperties"),
      "POST /aspects?action=ingestProposalBatch",
    ]);
    const posts = gms.requests.filter((r) => r.method === "POST");
    for (const request of posts) {
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.headers["x-restli-protocol-version"]).toBe("2.0.0");
      expect(request.headers["content-type"]).toBe("application/json");
      const body = JSON.parse(request.body) as { proposals: DataHubProposal[]; async: string };
      expect(body.async).toBe("false");
      expect(new Set(body.proposals.map((p) => p.entityUrn)).size).toBe(1);
    }
    expect(JSON.parse(posts[2]?.body ?? "{}").proposals.map((p: DataHubProposal) => p.aspectName)).toEqual([
      "domains",
      "ownership",
      "globalTags",
      "status",
      "dataProductProperties",
    ]);
    expect(gms.accepted).toEqual(plan.proposals);
    for (const accepted of gms.accepted) expect(checker.checkProposal(accepted)).toEqual([]);
  });

  it("withdraws the datasets of an output port the product no longer has: soft-deleted and deprecated before the product drops them", async () => {
    gms = await startGmsServer({ token: TOKEN });
    const before = docsOf("quarterly_ledger");
    await publishToDataHub(gms.url, before, { env, sleep: noWait });
    const ledgerPort = before.product.outputPorts?.find((p) => p.name === "ledger_entries");
    const removedUrns = buildDataHubPlan(before).datasets.filter((d) => d.contractId === ledgerPort?.contractId).map((d) => d.urn);
    expect(removedUrns.length).toBeGreaterThan(0);
    const after: ProductDocuments = { ...before, product: { ...before.product, version: "2.0.0", outputPorts: before.product.outputPorts?.filter((p) => p !== ledgerPort) } };
    const accepted = gms.accepted.length;
    const result = await publishToDataHub(gms.url, after, { env, sleep: noWait });
    const sent = gms.accepted.slice(accepted) as DataHubProposal[];
    for (const proposal of sent) expect(checker.checkProposal(proposal)).toEqual([]);
    const productAt = sent.findIndex((p) => p.aspectName === "dataProductProperties");
    for (const urn of removedUrns) {
      const status = sent.findIndex((p) => p.entityUrn === urn && p.aspectName === "status");
      expect(aspectOf(sent[status]!)).toEqual({ removed: true });
      expect(status).toBeLessThan(productAt);
      const deprecation = aspectOf(sent.find((p) => p.entityUrn === urn && p.aspectName === "deprecation")!);
      expect(deprecation).toMatchObject({ deprecated: true, actor: "urn:li:corpuser:datahub" });
      expect(deprecation.note).toMatch(/^No longer an output of data product quarterly_ledger as of version 2\.0\.0/);
    }
    expect((aspectOf(sent[productAt]!).assets as { destinationUrn: string }[]).map((a) => a.destinationUrn)).not.toContain(removedUrns[0]);
    expect(result.withdrawn).toEqual(removedUrns);
    // Published again: the product lists them no more, so nothing more is withdrawn.
    const again = gms.accepted.length;
    await publishToDataHub(gms.url, after, { env, sleep: noWait });
    expect((gms.accepted.slice(again) as DataHubProposal[]).filter((p) => removedUrns.includes(p.entityUrn))).toEqual([]);
  });

  it("withdraws nothing when a port's contract is not among the documents, nor an asset a steward added, nor a dataset another product serves", async () => {
    gms = await startGmsServer({ token: TOKEN });
    const before = docsOf("quarterly_ledger");
    await publishToDataHub(gms.url, before, { env, sleep: noWait });
    const urns = buildDataHubPlan(before).datasets.map((d) => d.urn);
    const ledgerPort = before.product.outputPorts?.find((p) => p.name === "ledger_entries");
    const withoutContract: ProductDocuments = { ...before, contracts: before.contracts.filter((c) => c.id !== ledgerPort?.contractId), missingContracts: "skip" };
    let accepted = gms.accepted.length;
    await publishToDataHub(gms.url, withoutContract, { env, sleep: noWait });
    // The ledger's port is still there, its contract left out of this publish (catalog-contract-missing): its datasets stay as they are.
    expect((gms.accepted.slice(accepted) as DataHubProposal[]).some((p) => p.aspectName === "status" && aspectOf(p).removed === true)).toBe(false);
    // ... and they stay the product's assets: the product does not drop the datasets of a port it still has.
    const assetsSent = (aspectOf((gms.accepted.slice(accepted) as DataHubProposal[]).find((p) => p.aspectName === "dataProductProperties")!).assets as { destinationUrn: string }[]).map((a) => a.destinationUrn);
    expect(assetsSent.toSorted()).toEqual(urns.toSorted());
    // None of its contracts among the documents: it keeps them all, and no note says it lists none.
    accepted = gms.accepted.length;
    const bare = await publishToDataHub(gms.url, { ...before, contracts: [], missingContracts: "skip" }, { env, sleep: noWait });
    expect(bare.notes.filter((n) => n.includes("lists no assets"))).toEqual([]);
    const keptAll = aspectOf((gms.accepted.slice(accepted) as DataHubProposal[]).find((p) => p.aspectName === "dataProductProperties")!).assets as { destinationUrn: string }[];
    expect(keptAll.map((a) => a.destinationUrn).toSorted()).toEqual(urns.toSorted());
    // A product whose assets include one a steward added (no outputPort) and one another product of the publish serves.
    const steward = "urn:li:dataset:(urn:li:dataPlatform:postgres,finance.curated.by_hand,PROD)";
    const lastProperties = (gms.accepted as DataHubProposal[]).filter((p) => p.aspectName === "dataProductProperties").at(-1)!;
    const properties = aspectOf(lastProperties);
    gms.accepted.push({ ...lastProperties, aspect: { ...lastProperties.aspect, value: JSON.stringify({ ...properties, assets: [...(properties.assets as object[]), { destinationUrn: steward, created: { time: 0, actor: "urn:li:corpuser:steward" } }] }) } });
    const onePort: ProductDocuments = { ...before, product: { ...before.product, outputPorts: [] } };
    accepted = gms.accepted.length;
    await publishToDataHub(gms.url, onePort, { env, sleep: noWait, servedElsewhere: new Set([urns[0]!]) });
    const withdrawn = (gms.accepted.slice(accepted) as DataHubProposal[]).filter((p) => p.aspectName === "status" && aspectOf(p).removed === true).map((p) => p.entityUrn);
    expect(withdrawn).toEqual(urns.slice(1));
  });

  it("takes out the lineage it wrote when the output ports read nothing any more, and keeps the edges others wrote", async () => {
    gms = await startGmsServer({ token: TOKEN });
    const before = docsOf("customer_360");
    const plan = buildDataHubPlan(before);
    const [profiles, consents] = plan.datasets.map((d) => d.urn) as [string, string];
    await publishToDataHub(gms.url, before, { env, sleep: noWait });
    const lineageOf = (urn: string) => (gms!.accepted as DataHubProposal[]).filter((p) => p.entityUrn === urn && p.aspectName === "upstreamLineage").at(-1);
    const published = lineageOf(profiles)!;
    const ours = aspectOf(published).upstreams as { auditStamp: { message?: string } }[];
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.map((edge) => edge.auditStamp.message)).toEqual(ours.map(() => "meshkit"));
    // An edge DataHub's ingestion of the warehouse wrote beside meshkit's (another job loads the table too).
    const ingested = { auditStamp: { time: 1700000000000, actor: "urn:li:corpuser:_ingestion" }, dataset: "urn:li:dataset:(urn:li:dataPlatform:postgres,crm.public.accounts,PROD)", type: "TRANSFORMED" };
    gms.accepted.push({ ...published, aspect: { ...published.aspect, value: JSON.stringify({ upstreams: [...ours, ingested] }) } });
    // Its upstream documents not found this time (no lineage catalog given): the ports still read them, so the edges stay.
    const unresolved = gms.accepted.length;
    await publishToDataHub(gms.url, { ...before, upstream: [] }, { env, sleep: noWait });
    expect(gms.requests.some((r) => r.url.includes("aspect=upstreamLineage"))).toBe(false);
    expect((gms.accepted.slice(unresolved) as DataHubProposal[]).filter((p) => p.aspectName === "upstreamLineage")).toEqual([]);
    // The product reads nothing any more: no input ports, no inputContracts.
    const after: ProductDocuments = { ...before, product: { ...before.product, inputPorts: [], outputPorts: before.product.outputPorts?.map((port) => ({ ...port, inputContracts: undefined })) } };
    expect(buildDataHubPlan(after).proposals.filter((p) => p.aspectName === "upstreamLineage")).toEqual([]);
    const from = gms.accepted.length;
    const result = await publishToDataHub(gms.url, after, { env, sleep: noWait });
    const sent = (gms.accepted.slice(from) as DataHubProposal[]).filter((p) => p.aspectName === "upstreamLineage");
    for (const proposal of sent) expect(checker.checkProposal(proposal)).toEqual([]);
    expect(sent.map((p) => [p.entityUrn, aspectOf(p).upstreams])).toEqual([
      [profiles, [ingested]],
      [consents, []],
    ]);
    expect(result.written).toContainEqual({ entityUrn: profiles, aspectName: "upstreamLineage" });
    // Nothing of meshkit's is left to take out: publishing again sends no lineage.
    const again = gms.accepted.length;
    await publishToDataHub(gms.url, after, { env, sleep: noWait });
    expect((gms.accepted.slice(again) as DataHubProposal[]).filter((p) => p.aspectName === "upstreamLineage")).toEqual([]);
  });

  it("keeps a deprecation a steward set in DataHub on a dataset the documents do not deprecate, and clears only its own", async () => {
    gms = await startGmsServer({ token: TOKEN });
    const docs = docsOf("customer_campaigns");
    const plan = buildDataHubPlan(docs);
    const [first, second] = plan.datasets.map((d) => d.urn) as [string, string];
    await publishToDataHub(gms.url, docs, { env, sleep: noWait });
    // Deprecated in DataHub's UI: by a steward, and by someone signed in as the datahub user (meshkit's actor) with a note of their own.
    const curated = (urn: string, actor: string, note: string) => ({ entityType: "dataset", entityUrn: urn, changeType: "UPSERT", aspectName: "deprecation", aspect: { value: JSON.stringify({ deprecated: true, note, actor }), contentType: "application/json" } });
    gms.accepted.push(curated(first, "urn:li:corpuser:jane", "Use campaigns_v2 instead."), curated(second, "urn:li:corpuser:datahub", "Being replaced; ask #marketing-data."));
    let from = gms.accepted.length;
    const result = await publishToDataHub(gms.url, docs, { env, sleep: noWait });
    expect(result.keptDeprecations).toEqual([first, second]);
    expect((gms.accepted.slice(from) as DataHubProposal[]).filter((p) => p.aspectName === "deprecation")).toEqual([]);
    expect(result.written).toHaveLength(plan.proposals.length - 2);

    // A deprecation meshkit wrote (the product deprecated) is cleared when the product is active again.
    const deprecated: ProductDocuments = { ...docs, product: { ...docs.product, status: "deprecated" } };
    await publishToDataHub(gms.url, deprecated, { env, sleep: noWait });
    from = gms.accepted.length;
    const active = await publishToDataHub(gms.url, docs, { env, sleep: noWait });
    expect(active.keptDeprecations).toEqual([]);
    expect((gms.accepted.slice(from) as DataHubProposal[]).filter((p) => p.aspectName === "deprecation").map((p) => [p.entityUrn, aspectOf(p).deprecated])).toEqual([
      [first, false],
      [second, false],
    ]);
    expect(isMeshkitDeprecation({ deprecated: true, actor: "urn:li:corpuser:datahub", note: "Its contract c 1.0.0 is deprecated." }, "urn:li:corpuser:datahub")).toBe(true);
    expect(isMeshkitDeprecation({ deprecated: true, actor: "urn:li:corpuser:jane", note: "Its contract c 1.0.0 is deprecated." }, "urn:li:corpuser:datahub")).toBe(false);
  });

  /** The product's latest dataProductProperties GMS accepted. */
  const propertiesOf = () => (gms!.accepted as DataHubProposal[]).filter((p) => p.aspectName === "dataProductProperties").at(-1)!;

  /** Publishes `docs` to a fresh GMS, then lists `assets` after its own, as if added in DataHub; its own datasets' URNs and assets as published. */
  async function publishedWithAssetsAdded(docs: ProductDocuments, assets: readonly object[]): Promise<{ own: string[]; published: unknown[] }> {
    gms = await startGmsServer({ token: TOKEN });
    await publishToDataHub(gms.url, docs, { env, sleep: noWait });
    const published = propertiesOf();
    const value = aspectOf(published);
    gms.accepted.push({ ...published, aspect: { ...published.aspect, value: JSON.stringify({ ...value, assets: [...(value.assets as object[]), ...assets] }) } });
    return { own: buildDataHubPlan(docs).datasets.map((d) => d.urn), published: value.assets as unknown[] };
  }

  it("keeps the assets a steward added to the data product in DataHub's UI when it replaces the product's dataProductProperties", async () => {
    const docs = docsOf("customer_campaigns");
    // Added in DataHub's UI: a dashboard (outputPort false, as DataHub writes it) and a table (no outputPort).
    const dashboard = { destinationUrn: "urn:li:dashboard:(looker,campaigns.overview)", created: { time: 1700000000000, actor: "urn:li:corpuser:jane" }, outputPort: false };
    const table = { destinationUrn: "urn:li:dataset:(urn:li:dataPlatform:postgres,marketing.curated.by_hand,PROD)", created: { time: 1700000000000, actor: "urn:li:corpuser:jane" } };
    const { own } = await publishedWithAssetsAdded(docs, [dashboard, table]);
    const result = await publishToDataHub(gms!.url, docs, { env, sleep: noWait });
    expect(result.withdrawn).toEqual([]);
    const after = propertiesOf();
    expect(checker.checkProposal(after)).toEqual([]);
    expect((aspectOf(after).assets as { destinationUrn: string }[]).map((a) => a.destinationUrn)).toEqual([...own, dashboard.destinationUrn, table.destinationUrn]);
    expect((aspectOf(after).assets as object[]).slice(own.length)).toEqual([dashboard, table]);
    // Publishing again sends the same aspect.
    await publishToDataHub(gms!.url, docs, { env, sleep: noWait });
    expect(propertiesOf().aspect.value).toBe(after.aspect.value);
  });

  it("withdraws only the output ports it listed itself: one a steward or DataHub's YAML marked (another team's table, a container) stays, and is not soft-deleted", async () => {
    const docs = docsOf("customer_campaigns");
    // Marked as output ports by others: `datahub dataproduct upsert` with output_ports (message "yaml", actor datahub),
    // and a steward in DataHub's UI; and a table an earlier meshkit listed (its actor, no message), which it withdraws.
    const yamlTable = { destinationUrn: "urn:li:dataset:(urn:li:dataPlatform:snowflake,crm.public.accounts,PROD)", created: { time: 1681455600000, actor: "urn:li:corpuser:datahub", message: "yaml" }, outputPort: true };
    const container = { destinationUrn: "urn:li:container:SCHEMA", created: { time: 1681455600000, actor: "urn:li:corpuser:datahub", message: "yaml" }, outputPort: true };
    const stewardTable = { destinationUrn: "urn:li:dataset:(urn:li:dataPlatform:postgres,marketing.curated.by_hand,PROD)", created: { time: 1700000000000, actor: "urn:li:corpuser:jane" }, outputPort: true };
    const earlier = { destinationUrn: "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.marketing.campaigns_old,PROD)", created: { time: 0, actor: "urn:li:corpuser:datahub" }, outputPort: true };
    const { own, published } = await publishedWithAssetsAdded(docs, [yamlTable, container, stewardTable, earlier]);
    expect((published as { created: { message?: string } }[]).map((a) => a.created.message)).toEqual(own.map(() => "meshkit"));
    const from = gms!.accepted.length;
    const result = await publishToDataHub(gms!.url, docs, { env, sleep: noWait });
    expect(result.withdrawn).toEqual([earlier.destinationUrn]);
    const sent = gms!.accepted.slice(from) as DataHubProposal[];
    for (const proposal of sent) expect(checker.checkProposal(proposal)).toEqual([]);
    expect(sent.filter((p) => p.aspectName === "status" && aspectOf(p).removed === true).map((p) => p.entityUrn)).toEqual([earlier.destinationUrn]);
    expect((aspectOf(propertiesOf()).assets as object[]).slice(own.length)).toEqual([yamlTable, container, stewardTable]);
  });

  it("tells meshkit's deprecation notes by their whole text: a steward signed in as the datahub user may start a note as meshkit does", async () => {
    const actor = "urn:li:corpuser:datahub";
    const contract = { id: "c-1", version: "1.0.0", status: "deprecated" };
    // Every note meshkit writes is its own.
    for (const status of ["deprecated", "retired", "active"]) expect(isMeshkitDeprecation(deprecationOf(status, contract, actor), actor)).toBe(true);
    expect(isMeshkitDeprecation(deprecationOf("retired", { ...contract, status: "active" }, actor), actor)).toBe(true);
    // Notes of a steward that begin as meshkit's do are theirs, and kept.
    for (const note of ["This product is replaced by campaigns_v2; use that.", "Its contract is under review, ask #marketing-data.", "No longer an output of data product campaigns: moved to the lake."]) {
      expect(isMeshkitDeprecation({ deprecated: true, actor, note }, actor)).toBe(false);
    }
    gms = await startGmsServer({ token: TOKEN });
    const docs = docsOf("customer_campaigns");
    const [first] = buildDataHubPlan(docs).datasets.map((d) => d.urn) as [string];
    await publishToDataHub(gms.url, docs, { env, sleep: noWait });
    gms.accepted.push({ entityType: "dataset", entityUrn: first, changeType: "UPSERT", aspectName: "deprecation", aspect: { value: JSON.stringify({ deprecated: true, note: "This product is replaced by campaigns_v2; use that.", actor }), contentType: "application/json" } });
    const result = await publishToDataHub(gms.url, docs, { env, sleep: noWait });
    expect(result.keptDeprecations).toEqual([first]);
  });

  it("counts a kept deprecation neither as a proposal of the publication nor against its dataset when a later request fails", async () => {
    const docs = docsOf("customer_campaigns");
    const plan = buildDataHubPlan(docs);
    const [first, second] = plan.datasets.map((d) => d.urn) as [string, string];
    // A steward deprecated the first dataset; the product's request fails for good: both datasets were written, the first without
    // the deprecation meshkit keeps, so it is complete and that proposal is no part of the publication.
    const failing = (_n: number, body: unknown) => ((body as { proposals?: DataHubProposal[] } | undefined)?.proposals?.some((p) => p.aspectName === "dataProductProperties") ? 400 : undefined);
    gms = await startGmsServer({ token: TOKEN, fail: failing });
    gms.accepted.push({ entityType: "dataset", entityUrn: first, changeType: "UPSERT", aspectName: "deprecation", aspect: { value: JSON.stringify({ deprecated: true, note: "Use campaigns_v2 instead.", actor: "urn:li:corpuser:jane" }), contentType: "application/json" } });
    const error = (await publishToDataHub(gms.url, docs, { env, sleep: noWait }).catch((e: unknown) => e)) as DataHubPublishError;
    expect(error).toBeInstanceOf(DataHubPublishError);
    const datasetProposals = plan.datasets.flatMap((d) => d.proposals).length - 1;
    expect(error.written).toHaveLength(datasetProposals);
    expect(error.message).toContain(`Written: ${datasetProposals} of ${plan.proposals.length - 1} proposals (complete datasets: ${first}, ${second});`);
  });

  it("counts a kept deprecation no part of the publication when reading a later dataset's deprecation fails", async () => {
    const docs = docsOf("customer_campaigns");
    const plan = buildDataHubPlan(docs);
    const [first] = plan.datasets.map((d) => d.urn) as [string, string];
    // A steward deprecated the first dataset (kept: its proposal is never sent); reading the second one's deprecation fails.
    gms = await startGmsServer({ token: TOKEN, fail: (n) => (n === 2 ? 400 : undefined) });
    gms.accepted.push({ entityType: "dataset", entityUrn: first, changeType: "UPSERT", aspectName: "deprecation", aspect: { value: JSON.stringify({ deprecated: true, note: "Use campaigns_v2 instead.", actor: "urn:li:corpuser:jane" }), contentType: "application/json" } });
    const error = (await publishToDataHub(gms.url, docs, { env, sleep: noWait }).catch((e: unknown) => e)) as DataHubPublishError;
    expect(error).toBeInstanceOf(DataHubPublishError);
    expect(error.written).toEqual([]);
    expect(error.notSent).toHaveLength(plan.proposals.length - 1);
    expect(error.notSent).not.toContainEqual({ entityUrn: first, aspectName: "deprecation" });
    expect(error.message).toContain(`Nothing was written before the failure (0 of ${plan.proposals.length - 1} proposals)`);
  });

  it("sends one ingestProposal per aspect in single mode", async () => {
    gms = await startGmsServer({ token: TOKEN });
    const docs = docsOf("customer_campaigns");
    const result = await publishToDataHub(gms.url, docs, { env, mode: "single", sleep: noWait });
    const plan = buildDataHubPlan(docs);
    expect(result.requests).toBe(plan.proposals.length);
    const posts = gms.requests.filter((r) => r.method === "POST");
    expect(new Set(posts.map((r) => r.url))).toEqual(new Set(["/aspects?action=ingestProposal"]));
    expect(posts.map((r) => JSON.parse(r.body) as { proposal: DataHubProposal; async: string })).toEqual(plan.proposals.map((proposal) => ({ proposal, async: "false" })));
  });

  it("reports a wrong token in one line, with DataHub's answer, without retrying or printing the token", async () => {
    gms = await startGmsServer({ token: TOKEN });
    const error = await publishToDataHub(gms.url, docsOf("customer_campaigns"), { env: { [DATAHUB_TOKEN_ENV]: "wrong-token-123" }, sleep: noWait }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataHubPublishError);
    const message = (error as Error).message;
    // The first request looks up a dataset's deprecation (one a steward set is kept).
    expect(message).toMatch(
      new RegExp(`^DataHub at ${gms.url.replace(/\./g, "\\.")}: GET /aspects/\\S+\\?aspect=deprecation&version=0 answered HTTP 401 Unauthorized: Unauthorized to perform this action; check the token in MESHKIT_DATAHUB_TOKEN and its permissions\\. Nothing was written`),
    );
    expect(message).not.toContain("\n");
    expect(message).not.toContain("wrong-token-123");
    expect(gms.requests).toHaveLength(1);
    expect((error as DataHubPublishError).written).toEqual([]);
    expect((error as DataHubPublishError).status).toBe(401);
  });

  it("says to set MESHKIT_DATAHUB_TOKEN when no token is given and GMS asks for one", async () => {
    gms = await startGmsServer({ token: TOKEN });
    const error = await publishToDataHub(gms.url, docsOf("customer_campaigns"), { env: {}, sleep: noWait }).catch((e: unknown) => e);
    expect((error as Error).message).toContain("answered HTTP 401 Unauthorized: Unauthorized to perform this action; set MESHKIT_DATAHUB_TOKEN to a token");
    expect(gms.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("retries 500 and 429 answers with exponential backoff (honouring Retry-After) and then writes everything", async () => {
    sleeps.length = 0;
    gms = await startGmsServer({ token: TOKEN, fail: { 2: 500, 3: 502, 4: 429 }, retryAfter: "3" });
    const docs = docsOf("customer_360");
    const result = await publishToDataHub(gms.url, docs, { env, sleep: noWait, backoffMs: 100, maxBackoffMs: 10_000 });
    expect(sleeps).toEqual([100, 200, 3000]);
    // 3 ingest requests, 3 retried answers (of the second dataset's deprecation look-up), and the look-ups of the 2 datasets' deprecation and the product's assets.
    expect(gms.requests).toHaveLength(9);
    expect(gms.accepted).toEqual(buildDataHubPlan(docs).proposals);
    expect(result.written).toHaveLength(gms.accepted.length);
  });

  it("stops at a 500 that outlasts the retries in the middle of a publication, reports what was and was not written, and never writes the product half", async () => {
    sleeps.length = 0;
    // Requests 1-2: the datasets' deprecation look-ups; request 3: first dataset (ok); requests 4-6: second dataset, failing every time.
    gms = await startGmsServer({ token: TOKEN, fail: (n) => (n >= 4 && n <= 6 ? 500 : undefined) });
    const docs = docsOf("customer_360");
    const plan = buildDataHubPlan(docs);
    const error = await publishToDataHub(gms.url, docs, { env, retries: 2, backoffMs: 10, sleep: noWait }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataHubPublishError);
    const failure = error as DataHubPublishError;
    expect(sleeps).toEqual([10, 20]);
    expect(failure.status).toBe(500);
    expect(failure.message).not.toContain("\n");
    expect(failure.message).toContain("answered HTTP 500 Internal Server Error: java.lang.RuntimeException: Failed to ingest proposals (after 3 attempts)");
    expect(failure.message).toContain(`Written: 9 of ${plan.proposals.length} proposals (complete datasets: ${plan.datasets[0]?.urn})`);
    expect(failure.message).toContain(`so no consumer sees ${plan.productUrn} listing datasets that are missing`);
    expect(failure.written.map((w) => w.entityUrn)).toEqual(Array(9).fill(plan.datasets[0]?.urn));
    expect(failure.unconfirmed.map((w) => w.entityUrn)).toEqual(Array(9).fill(plan.datasets[1]?.urn));
    expect(failure.notSent).toEqual(plan.product.map((p) => ({ entityUrn: p.entityUrn, aspectName: p.aspectName })));
    // The catalog stays consistent: no aspect of the product reached GMS.
    expect((gms.accepted as DataHubProposal[]).filter((p) => p.entityType === "dataProduct")).toEqual([]);

    // Publishing again (GMS healthy) completes it; UPSERTs make the repeated dataset a no-op.
    const again = await publishToDataHub(gms.url, docs, { env, sleep: noWait });
    expect(again.written).toHaveLength(plan.proposals.length);
    expect((gms.accepted as DataHubProposal[]).slice(-plan.proposals.length)).toEqual(plan.proposals);
  });

  it("says where GMS answers when the address has a path it does not serve (a 404 for the ingest action), and takes a trailing slash", async () => {
    gms = await startGmsServer({ token: TOKEN });
    // GMS answers an unknown root resource with Rest.li's 404, as it answers an aspect it does not have: the look-ups find nothing, the ingest action fails.
    const error = await publishToDataHub(`${gms.url}/datahub`, docsOf("customer_campaigns"), { env, sleep: noWait }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataHubPublishError);
    const message = (error as Error).message;
    expect(message).toContain(
      `POST /aspects?action=ingestProposalBatch answered HTTP 404 Not Found: No resource for /datahub/aspects?action=ingestProposalBatch; ${gms.url}/datahub is not where DataHub answers POST /aspects: give GMS's address (e.g. datahub:http://datahub-gms:8080), or DataHub's frontend followed by /api/gms (e.g. datahub:https://datahub.example.com/api/gms). Nothing was written`,
    );
    expect(message).not.toContain("\n");
    // Not retried: the same address gives the same answer.
    expect(gms.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(gms.accepted).toEqual([]);
    await expect(publishToDataHub(`${gms.url}/`, docsOf("customer_campaigns"), { env, sleep: noWait })).resolves.toMatchObject({ url: gms.url });
  });

  it("does not retry a 4xx other than 429 (a proposal GMS refuses)", async () => {
    gms = await startGmsServer({ token: TOKEN, fail: { 1: 422 } });
    const error = await publishToDataHub(gms.url, docsOf("customer_campaigns"), { env, sleep: noWait }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/answered HTTP 422 Unprocessable Entity: java\.lang\.RuntimeException: Failed to ingest proposals\. Nothing was written/);
    expect(gms.requests).toHaveLength(1);
  });

  it("reports an unreachable GMS after the bounded retries", async () => {
    const port = await freePort();
    sleeps.length = 0;
    const error = await publishToDataHub(`http://127.0.0.1:${port}`, docsOf("customer_campaigns"), { env, retries: 2, backoffMs: 1, sleep: noWait }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(new RegExp(`^DataHub at http://127\\.0\\.0\\.1:${port}: GET /aspects/\\S+\\?aspect=deprecation&version=0 failed: connection refused by 127\\.0\\.0\\.1:${port} \\(is DataHub running and listening there\\?\\) \\(after 3 attempts\\)\\. Nothing was written`));
    expect(sleeps).toEqual([1, 2]);
  });

  it("refuses a 200 answer that is not GMS's Rest.li action result (an empty body, JSON without value): nothing is confirmed as written", async () => {
    for (const body of ["", "{}", '{"status":"ok"}', "[]", "null"]) {
      const calls: string[] = [];
      const fetch: typeof globalThis.fetch = async (input, init) => {
        // Look-ups (a dataset's deprecation, the product's assets) find nothing; the ingest requests get the body.
        if (init?.method === "GET") return new Response('{"status":404}', { status: 404, headers: { "content-type": "application/json" } });
        calls.push(String(input));
        return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
      };
      const error = await publishToDataHub("http://gms:8080", docsOf("customer_campaigns"), { env, fetch, sleep: noWait }).catch((e: unknown) => e);
      expect(error, body).toBeInstanceOf(DataHubPublishError);
      const message = (error as Error).message;
      expect(message).toMatch(/^DataHub at http:\/\/gms:8080: POST \/aspects\?action=ingestProposalBatch answered HTTP 200 with .*, which is not DataHub's answer \(a Rest\.li action result is \{"value": …\}\): give the address of DataHub's API\. Nothing was written before the failure/);
      expect(message).not.toContain("\n");
      expect(message).not.toContain(TOKEN);
      expect((error as DataHubPublishError).written).toEqual([]);
      // Not retried: the same address gives the same answer.
      expect(calls).toHaveLength(1);
    }
  });

  it("refuses a URL with credentials or without http(s)", async () => {
    await expect(publishToDataHub("http://user:pw@gms:8080", docsOf("customer_campaigns"), { env })).rejects.toThrow(
      "The DataHub URL must not contain credentials: give the token in MESHKIT_DATAHUB_TOKEN",
    );
    await expect(publishToDataHub("gms:8080", docsOf("customer_campaigns"), { env })).rejects.toThrow(/must start with http:\/\/ or https:\/\//);
  });
});

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
