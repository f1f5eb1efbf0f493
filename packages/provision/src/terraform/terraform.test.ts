import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding, LoadedDocument } from "@meshkit/core";
import { provisionModel } from "../model.js";
import { TERRAFORM_TARGETS, type TerraformTarget, childProcessExec, renderTerraform, runTerraform } from "./index.js";
import { PROVIDERS_FILE, VARIABLES_FILE } from "./module.js";
import { ROLES_FILE } from "./snowflake.js";
import { TERRAFORM, buildCli, documentsFrom, exampleModel, pluginDirFor, policyCheck, terraform, writeFiles } from "./test-support.js";

type Json = Record<string, unknown>;
type Resources = Record<string, Record<string, Json>>;

const parse = (text: string): Json => JSON.parse(text) as Json;

/** Every resource of a render, by type then label. */
function resources(files: Record<string, string>): Resources {
  const out: Resources = {};
  for (const text of Object.values(files)) {
    for (const [type, byLabel] of Object.entries((parse(text).resource ?? {}) as Resources)) out[type] = { ...out[type], ...byLabel };
  }
  return out;
}

const scratch = mkdtempSync(join(tmpdir(), "meshkit-terraform-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("renderTerraform on the repository's examples (golden files; UPDATE_GOLDEN=1 rewrites them)", () => {
  for (const target of TERRAFORM_TARGETS) {
    it(`${target}: the rendered files match __golden__/${target}/`, () => {
      const model = exampleModel();
      expect(model.findings).toEqual([]);
      const render = renderTerraform(target, model);
      // inventory_snapshot's data is in S3 (its s3 server): it is not made on Snowflake or BigQuery too.
      const onS3 = ["supply_chain/inventory_snapshot"];
      expect(render.products).toEqual(["customer/customer_360", "finance/quarterly_ledger", "marketing/customer_campaigns", ...(target === "aws" ? onS3 : [])]);
      expect(render.skipped).toEqual(target === "aws" ? [] : [{ product: "supply_chain/inventory_snapshot", reason: `its contracts name servers of other targets only, not of ${target}` }]);
      const goldenDir = new URL(`./__golden__/${target}/`, import.meta.url);
      if (process.env.UPDATE_GOLDEN === "1") {
        rmSync(goldenDir, { recursive: true, force: true });
        mkdirSync(goldenDir, { recursive: true });
        for (const [name, text] of Object.entries(render.files)) writeFileSync(new URL(name, goldenDir), text);
      }
      expect(existsSync(goldenDir), `missing ${goldenDir.pathname}: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(Object.keys(render.files)).toEqual(readdirSync(goldenDir).sort());
      for (const [name, text] of Object.entries(render.files)) expect(text, name).toBe(readFileSync(new URL(name, goldenDir), "utf8"));
    });
  }

  it("lays the files out as providers, variables, one file per domain and one per product (plus roles on Snowflake)", () => {
    const model = exampleModel();
    const products = ["customer.customer_360", "finance.quarterly_ledger", "marketing.customer_campaigns"].map((p) => `${p}.tf.json`);
    const domains = ["customer", "finance", "marketing"].map((d) => `${d}.tf.json`);
    // (supply_chain's only product is on S3: see the golden test.)
    expect(Object.keys(renderTerraform("aws", model).files)).toEqual([...domains, "supply_chain.tf.json", ...products, "supply_chain.inventory_snapshot.tf.json", PROVIDERS_FILE, VARIABLES_FILE].sort());
    expect(Object.keys(renderTerraform("snowflake", model).files)).toEqual([...domains, ...products, PROVIDERS_FILE, ROLES_FILE, VARIABLES_FILE].sort());
    expect(Object.keys(renderTerraform("bigquery", model).files)).toEqual([...products, PROVIDERS_FILE, VARIABLES_FILE].sort());
  });
});

describe("determinism and syntax", () => {
  const shuffle = (seed: number) => (docs: LoadedDocument[]) => {
    const copy = [...docs];
    let state = seed;
    for (let i = copy.length - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const j = state % (i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };

  for (const target of TERRAFORM_TARGETS) {
    it(`${target}: rendering twice, or from shuffled documents, gives identical files`, () => {
      const first = renderTerraform(target, exampleModel()).files;
      expect(renderTerraform(target, exampleModel()).files).toEqual(first);
      for (const seed of [1, 7, 42]) expect(renderTerraform(target, exampleModel(shuffle(seed))).files).toEqual(first);
      expect(renderTerraform(target, exampleModel((d) => [...d].reverse())).files).toEqual(first);
    });

    it(`${target}: every file is JSON with sorted keys, 2-space indentation and only Terraform's top-level blocks`, () => {
      for (const [name, text] of Object.entries(renderTerraform(target, exampleModel()).files)) {
        const value = parse(text);
        expect(`${JSON.stringify(value, null, 2)}\n`, name).toBe(text);
        expect(Object.keys(value).every((k) => ["//", "terraform", "provider", "variable", "resource", "data", "output"].includes(k)), name).toBe(true);
        const sorted = (v: unknown): boolean =>
          Array.isArray(v) ? v.every(sorted) : typeof v === "object" && v !== null ? Object.keys(v).join("\u0000") === Object.keys(v).sort().join("\u0000") && Object.values(v).every(sorted) : true;
        expect(sorted(value), name).toBe(true);
      }
    });
  }

  it("requires current providers and a Terraform version that reads this JSON", () => {
    const providers = (target: TerraformTarget) => parse(renderTerraform(target, exampleModel()).files[PROVIDERS_FILE]!).terraform as Json;
    expect(providers("aws")).toEqual({ required_version: ">= 1.5.0", required_providers: { aws: { source: "hashicorp/aws", version: ">= 5.0, < 7.0" } } });
    expect(providers("snowflake")).toEqual({ required_version: ">= 1.5.0", required_providers: { snowflake: { source: "snowflakedb/snowflake", version: ">= 1.0.0, < 3.0.0" } } });
    expect(providers("bigquery")).toEqual({ required_version: ">= 1.5.0", required_providers: { google: { source: "hashicorp/google", version: ">= 5.0.0, < 8.0.0" } } });
  });
});

describe("aws", () => {
  const render = renderTerraform("aws", exampleModel());
  const r = resources(render.files);

  it("gives each domain a bucket with the current companion resources, never the deprecated inline arguments", () => {
    expect(Object.keys(r.aws_s3_bucket!).sort()).toEqual(["customer", "finance", "marketing", "supply_chain"]);
    for (const [name, bucket] of Object.entries(r.aws_s3_bucket!)) {
      for (const inline of ["acl", "policy", "versioning", "server_side_encryption_configuration", "lifecycle_rule", "logging", "replication_configuration", "website", "cors_rule", "grant", "object_lock_configuration", "acceleration_status", "request_payer"]) {
        expect(bucket, `${name}.${inline}`).not.toHaveProperty(inline);
      }
      expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
      const id = `\${aws_s3_bucket.${name}.id}`;
      expect(r.aws_s3_bucket_server_side_encryption_configuration![name]).toEqual({
        bucket: id,
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: `\${aws_kms_key.${name}.arn}` }, bucket_key_enabled: true }],
      });
      expect(r.aws_s3_bucket_public_access_block![name]).toEqual({ bucket: id, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      expect(r.aws_s3_bucket_ownership_controls![name]).toEqual({ bucket: id, rule: { object_ownership: "BucketOwnerEnforced" } });
      expect(r.aws_s3_bucket_versioning![name]).toEqual({ bucket: id, versioning_configuration: { status: "Enabled" } });
      expect(r.aws_kms_key![name]).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
      const policy = JSON.parse(r.aws_s3_bucket_policy![name]!.policy as string) as { Statement: Json[] };
      expect(policy.Statement).toEqual([
        expect.objectContaining({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } }, Resource: [`\${aws_s3_bucket.${name}.arn}`, `\${aws_s3_bucket.${name}.arn}/*`] }),
      ]);
    }
  });

  it("names buckets <lake_bucket_prefix>-<domain>, or the bucket a contract's s3 server location names", () => {
    expect(r.aws_s3_bucket!.customer!.bucket).toBe("${var.lake_bucket_prefix}-customer");
    expect(r.aws_s3_bucket!.finance!.bucket).toBe("${var.lake_bucket_prefix}-finance");
    // inventory_snapshot.odcs.yaml: location s3://acme-data-lake/domain=supply_chain/product=inventory_snapshot/
    expect(r.aws_s3_bucket!.supply_chain!.bucket).toBe("acme-data-lake");
    expect((r.aws_glue_catalog_table!.supply_chain_inventory_snapshot_warehouses!.storage_descriptor as Json).location).toBe("s3://${aws_s3_bucket.supply_chain.bucket}/domain=supply_chain/product=inventory_snapshot/warehouses/");
    expect((r.aws_glue_catalog_table!.customer_customer_360_customer_profiles!.storage_descriptor as Json).location).toBe("s3://${aws_s3_bucket.customer.bucket}/domain=customer/product=customer_360/gold/customer_profiles/");
  });

  it("expires objects after a retention SLA under the prefix of the table its element names, with their previous versions the next day, and cleans up old versions bucket-wide", () => {
    const rules = r.aws_s3_bucket_lifecycle_configuration!.customer!.rule as Json[];
    expect(rules[0]).toEqual({ id: "meshkit-housekeeping", status: "Enabled", filter: {}, abort_incomplete_multipart_upload: { days_after_initiation: 7 }, noncurrent_version_expiration: { noncurrent_days: 30 } });
    // retention: 10 y (3,650 days as contract-test counts it; 3,649 as S3 rounds the expiry up to the next midnight), element
    // customer_profiles.updated_at: customer_consents' data is not expired by it.
    expect(rules.slice(1)).toEqual([
      {
        id: "meshkit-retention-customer_360-customer_profiles",
        status: "Enabled",
        filter: { prefix: "domain=customer/product=customer_360/gold/customer_profiles/" },
        expiration: { days: 3649 },
        // The bucket is versioned: an expired object becomes a previous version, which must not outlive
        // the retention by the housekeeping rule's 30 days (S3 honours the shorter overlapping expiration).
        noncurrent_version_expiration: { noncurrent_days: 1 },
      },
    ]);
    expect(r.aws_s3_bucket_lifecycle_configuration!.customer!.depends_on).toEqual(["aws_s3_bucket_versioning.customer"]);
  });

  it("maps the schema to Glue tables (Parquet) with Glue types, lower-case names and the product metadata", () => {
    const table = r.aws_glue_catalog_table!.customer_customer_360_customer_profiles!;
    expect(table).toMatchObject({ name: "customer_profiles", database_name: "${aws_glue_catalog_database.customer.name}", table_type: "EXTERNAL_TABLE" });
    const sd = table.storage_descriptor as Json;
    expect(sd.ser_de_info).toEqual({ name: "parquet", serialization_library: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", parameters: { "serialization.format": "1" } });
    const columns = sd.columns as Json[];
    expect(columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      "customer_id string",
      "full_name string",
      "email string",
      "phone_number string",
      "date_of_birth date",
      "street_address string",
      "postal_code string",
      "city string",
      "country_code string",
      "customer_since date",
      "loyalty_tier string",
      "preferred_channel string",
      "order_count int", // physicalType INTEGER: an i32
      "lifetime_value_eur decimal(12,2)",
      "last_campaign_id string",
      "campaign_conversions_90d int",
      "updated_at timestamp",
    ]);
    expect(JSON.parse((table.parameters as Json)["meshkit.metadata"] as string)).toMatchObject({ product: "customer_360", domain: "customer", contract: "532d783c-fba8-4fb6-9955-558a0a5672a2", managedBy: "meshkit" });
  });

  it("grants Lake Formation access per contract role: readers without privacy approval never see sensitive columns", () => {
    const lf = r.aws_lakeformation_permissions!;
    const principal = (role: string) => `\${lookup(var.role_principals, "${role}", "arn:\${var.aws_partition}:iam::\${var.aws_account_id}:role/${role}")}`;
    const profiles = { database_name: "${aws_glue_catalog_table.customer_customer_360_customer_profiles.database_name}", name: "${aws_glue_catalog_table.customer_customer_360_customer_profiles.name}" };
    expect(lf.customer_customer_360_customer_profiles_customer_profile_reader).toEqual({
      principal: principal("customer_profile_reader"),
      permissions: ["SELECT"],
      table_with_columns: {
        ...profiles,
        wildcard: true,
        excluded_column_names: ["city", "date_of_birth", "email", "full_name", "lifetime_value_eur", "phone_number", "postal_code", "street_address"],
      },
    });
    expect(lf.customer_customer_360_customer_profiles_customer_profile_reader_describe).toEqual({ principal: principal("customer_profile_reader"), permissions: ["DESCRIBE"], table: profiles });
    expect(lf.customer_customer_360_customer_profiles_customer_pipeline_writer).toEqual({ principal: principal("customer_pipeline_writer"), permissions: ["DELETE", "DESCRIBE", "INSERT", "SELECT"], table: profiles });
    // customer_consents has no sensitive column: one grant.
    expect(lf.customer_customer_360_customer_consents_marketing_segmentation).toMatchObject({ permissions: ["DESCRIBE", "SELECT"] });
    expect(lf).not.toHaveProperty("customer_customer_360_customer_consents_marketing_segmentation_describe");
    // A role gets grants only on its own contract's tables (quarterly_ledger has two contracts).
    expect(Object.keys(lf).filter((k) => k.includes("management_reporting"))).toEqual([
      "finance_quarterly_ledger_quarterly_account_balances_management_reporting",
      "finance_quarterly_ledger_quarterly_account_balances_management_reporting_describe",
    ]);
  });

  it("tags every taggable resource with Domain, DataProduct=true, ManagedBy and CostCenter", () => {
    for (const type of ["aws_s3_bucket", "aws_kms_key", "aws_glue_catalog_database"]) {
      for (const [name, resource] of Object.entries(r[type]!)) {
        expect(resource.tags, `${type}.${name}`).toEqual({ Domain: name, DataProduct: "true", ManagedBy: "meshkit", CostCenter: { customer: "CC-220", finance: "CC-100", marketing: "CC-410", supply_chain: "CC-530" }[name] });
      }
    }
  });

  it("declares what meshkit cannot know as variables, with params as defaults", () => {
    const variables = parse(render.files[VARIABLES_FILE]!).variable as Record<string, Json>;
    expect(Object.keys(variables).sort()).toEqual(["aws_account_id", "aws_partition", "aws_region", "lake_bucket_prefix", "role_principals"]);
    expect(variables.aws_region).not.toHaveProperty("default");
    const withParams = parse(renderTerraform("aws", exampleModel(), { params: { region: "eu-west-1", accountId: "123456789012", lakeBucketPrefix: "acme-lake" } }).files[VARIABLES_FILE]!).variable as Record<string, Json>;
    expect(withParams.aws_region!.default).toBe("eu-west-1");
    expect(withParams.aws_account_id!.default).toBe("123456789012");
    expect(withParams.lake_bucket_prefix!.default).toBe("acme-lake");
    expect(parse(render.files[PROVIDERS_FILE]!).provider).toEqual({ aws: { region: "${var.aws_region}", allowed_account_ids: ["${var.aws_account_id}"] } });
  });
});

describe("snowflake", () => {
  const render = renderTerraform("snowflake", exampleModel());
  const r = resources(render.files);

  it("creates a database per domain, a managed-access schema and a warehouse per product, upper-case", () => {
    expect(r.snowflake_database!.customer).toEqual({ name: "CUSTOMER", comment: "meshkit: data products of the customer domain", is_transient: false, lifecycle: { prevent_destroy: true } });
    expect(r.snowflake_schema!.customer_customer_360).toMatchObject({ name: "CUSTOMER_360", database: "${snowflake_database.customer.name}", with_managed_access: "true" });
    expect(r.snowflake_warehouse!.customer_customer_360).toMatchObject({ name: "CUSTOMER_CUSTOMER_360_WH", auto_suspend: 60, auto_resume: "true", initially_suspended: true, warehouse_size: "${var.snowflake_warehouse_size}" });
  });

  it("uses only the current grant resources", () => {
    const types = Object.keys(r);
    for (const removed of ["snowflake_role", "snowflake_role_grants", "snowflake_database_grant", "snowflake_schema_grant", "snowflake_table_grant", "snowflake_warehouse_grant", "snowflake_grant_privileges_to_role", "snowflake_tag_masking_policy_association"]) {
      expect(types).not.toContain(removed);
    }
    expect(types.filter((t) => t.includes("grant")).sort()).toEqual(["snowflake_grant_account_role", "snowflake_grant_privileges_to_account_role"]);
    expect(r.snowflake_account_role!.customer_profile_reader).toMatchObject({ name: "CUSTOMER_PROFILE_READER" });
    expect(r.snowflake_grant_account_role!.customer_profile_reader_parent).toEqual({ role_name: "${snowflake_account_role.customer_profile_reader.name}", parent_role_name: "${var.snowflake_parent_role}" });
  });

  it("grants least privilege: USAGE on database and schema, SELECT (readers) or DML (writers) on the contract's own tables", () => {
    const g = r.snowflake_grant_privileges_to_account_role!;
    expect(g.customer_customer_profile_reader_usage).toEqual({ account_role_name: "${snowflake_account_role.customer_profile_reader.name}", privileges: ["USAGE"], on_account_object: { object_type: "DATABASE", object_name: "${snowflake_database.customer.name}" } });
    expect(g.customer_customer_360_customer_profile_reader_usage).toEqual({ account_role_name: "${snowflake_account_role.customer_profile_reader.name}", privileges: ["USAGE"], on_schema: { schema_name: "${snowflake_schema.customer_customer_360.fully_qualified_name}" } });
    expect(g.customer_customer_360_customer_profiles_customer_profile_reader).toEqual({
      account_role_name: "${snowflake_account_role.customer_profile_reader.name}",
      privileges: ["SELECT"],
      on_schema_object: { object_type: "TABLE", object_name: "${snowflake_table.customer_customer_360_customer_profiles.fully_qualified_name}" },
    });
    expect(g.customer_customer_360_customer_profiles_customer_pipeline_writer!.privileges).toEqual(["DELETE", "INSERT", "SELECT", "TRUNCATE", "UPDATE"]);
    // Only writers use the producer's warehouse.
    expect(Object.keys(g).filter((k) => k.endsWith("_warehouse")).sort()).toEqual([
      "customer_customer_360_customer_pipeline_writer_warehouse",
      "finance_quarterly_ledger_finance_pipeline_writer_warehouse",
      "marketing_customer_campaigns_marketing_pipeline_writer_warehouse",
    ]);
    expect(Object.keys(g).filter((k) => k.includes("management_reporting") && k.startsWith("finance_quarterly_ledger_") && !k.endsWith("_usage"))).toEqual(["finance_quarterly_ledger_quarterly_account_balances_management_reporting"]);
  });

  it("masks sensitive columns for every role but the contract's writers and privacy-approved readers", () => {
    const table = r.snowflake_table!.customer_customer_360_customer_profiles!;
    const columns = table.column as Json[];
    const email = columns.find((c) => c.name === "EMAIL")!;
    expect(email).toMatchObject({ type: "VARCHAR(254)", nullable: false, masking_policy: "${snowflake_masking_policy.customer_customer_360_customer_profiles_varchar_mask.fully_qualified_name}" });
    expect(columns.find((c) => c.name === "DATE_OF_BIRTH")!.masking_policy).toBe("${snowflake_masking_policy.customer_customer_360_customer_profiles_date_mask.fully_qualified_name}");
    expect(columns.find((c) => c.name === "CUSTOMER_ID")).not.toHaveProperty("masking_policy");
    expect(r.snowflake_masking_policy!.customer_customer_360_customer_profiles_varchar_mask).toMatchObject({
      name: "CUSTOMER_PROFILES_VARCHAR_MASK",
      argument: [{ name: "VAL", type: "VARCHAR" }],
      return_data_type: "VARCHAR",
      body: "CASE WHEN IS_ROLE_IN_SESSION('CUSTOMER_PIPELINE_WRITER') THEN VAL ELSE '***MASKED***' END",
    });
    expect(r.snowflake_masking_policy!.customer_customer_360_customer_profiles_number_mask!.body).toBe("CASE WHEN IS_ROLE_IN_SESSION('CUSTOMER_PIPELINE_WRITER') THEN VAL ELSE NULL END");
    expect(parse(render.files[PROVIDERS_FILE]!).provider).toMatchObject({ snowflake: { preview_features_enabled: ["snowflake_table_resource"] } });
  });

  it("tags databases, schemas and warehouses; one association per tag, value and object type", () => {
    const assoc = r.snowflake_tag_association!;
    expect(assoc.customer_data_product_schema_true).toEqual({
      tag_id: "${snowflake_tag.customer_data_product.fully_qualified_name}",
      tag_value: "true",
      object_type: "SCHEMA",
      object_identifiers: ["${snowflake_schema.customer_customer_360.fully_qualified_name}"],
    });
    const cost = Object.entries(assoc).filter(([k]) => k.startsWith("customer_cost_center_"));
    expect(cost.map(([, v]) => [v.tag_value, v.object_type]).sort()).toEqual([
      ["CC-220", "DATABASE"],
      ["CC-220", "SCHEMA"],
      ["CC-220", "WAREHOUSE"],
    ]);
    // The domain's database, as the AWS bucket: Domain, DataProduct=true, ManagedBy and its products' cost center.
    const onDatabase = Object.values(assoc).filter((a) => a.object_type === "DATABASE" && (a.object_identifiers as string[]).includes("${snowflake_database.customer.fully_qualified_name}"));
    expect(onDatabase.map((a) => [String(a.tag_id).replace(/^\$\{snowflake_tag\.customer_|\.fully_qualified_name\}$/g, ""), a.tag_value]).sort()).toEqual([
      ["cost_center", "CC-220"],
      ["data_product", "true"],
      ["domain", "customer"],
      ["managed_by", "meshkit"],
    ]);
    const keys = Object.values(assoc).map((a) => `${a.tag_id} ${a.tag_value} ${a.object_type}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(r.snowflake_tag!).filter((k) => k.startsWith("customer_")).sort()).toEqual(["customer_cost_center", "customer_data_product", "customer_domain", "customer_managed_by", "customer_product"]);
  });
});

describe("bigquery", () => {
  const render = renderTerraform("bigquery", exampleModel());
  const r = resources(render.files);

  it("creates an encrypted, labelled dataset, a producer service account and its dataset access per product", () => {
    expect(r.google_bigquery_dataset!.customer_customer_360).toMatchObject({
      dataset_id: "customer_customer_360",
      location: "${var.bigquery_location}",
      default_encryption_configuration: { kms_key_name: "${var.bigquery_kms_key_name}" },
      labels: { domain: "customer", data_product: "true", product: "customer_360", managed_by: "meshkit", cost_center: "cc-220" },
      delete_contents_on_destroy: false,
    });
    expect(r.google_service_account!.customer_customer_360).toMatchObject({ account_id: "dp-customer-customer-360" });
    expect(r.google_bigquery_dataset!.customer_customer_360!.access).toContainEqual({ role: "WRITER", user_by_email: "${google_service_account.customer_customer_360.email}" });
    for (const sa of Object.values(r.google_service_account!)) expect(sa.account_id).toMatch(/^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/);
    for (const resource of [...Object.values(r.google_bigquery_dataset!), ...Object.values(r.google_bigquery_table!)]) {
      for (const [key, value] of Object.entries(resource.labels as Record<string, string>)) {
        expect(key).toMatch(/^[a-z][a-z0-9_-]{0,62}$/);
        expect(value).toMatch(/^[a-z0-9_-]{0,63}$/);
      }
    }
  });

  it("writes every dataset's access list, so project Viewers and Editors get no default READER/WRITER on it", () => {
    // Without an access list BigQuery adds projectReaders READER and projectWriters WRITER to a new dataset:
    // every project Viewer would read the sensitive tables withheld from unapproved readers.
    for (const [name, dataset] of Object.entries(r.google_bigquery_dataset!)) {
      expect(dataset.access, name).toEqual([
        { role: "OWNER", special_group: "projectOwners" },
        { role: "WRITER", user_by_email: `\${google_service_account.${name}.email}` },
      ]);
    }
    // An authoritative access list and dataset IAM members would fight over the same list.
    expect(r.google_bigquery_dataset_iam_member).toBeUndefined();
  });

  it("writes table schemas with BigQuery's field types and modes", () => {
    const schema = JSON.parse(r.google_bigquery_table!.finance_quarterly_ledger_ledger_entries!.schema as string) as Json[];
    expect(schema.every((f) => typeof f.name === "string" && ["REQUIRED", "NULLABLE", "REPEATED"].includes(f.mode as string))).toBe(true);
    expect(schema.map((f) => f.type)).not.toContain("INT64");
    expect(schema.find((f) => f.type === "NUMERIC")).toMatchObject({ precision: expect.stringMatching(/^\d+$/), scale: expect.stringMatching(/^\d+$/) });
    expect(r.google_bigquery_table!.finance_quarterly_ledger_ledger_entries).toMatchObject({ deletion_protection: true, encryption_configuration: { kms_key_name: "${var.bigquery_kms_key_name}" } });
  });

  it("withholds a table from readers not approved for its sensitive columns, with a warning (no policy tags)", () => {
    const iam = r.google_bigquery_table_iam_member!;
    expect(iam).not.toHaveProperty("customer_customer_360_customer_profiles_customer_profile_reader");
    expect(iam.customer_customer_360_customer_consents_customer_profile_reader).toMatchObject({ role: "roles/bigquery.dataViewer" });
    expect(iam.customer_customer_360_customer_profiles_customer_pipeline_writer).toMatchObject({ role: "roles/bigquery.dataEditor" });
    const withheld = render.findings.filter((f) => f.ruleId === "provision-access-withheld");
    expect(withheld.length).toBeGreaterThan(0);
    expect(withheld.every((f) => f.severity === "warning" && f.stage === "provision" && f.path.startsWith("/roles/"))).toBe(true);
    expect(withheld.map((f) => f.message)).toContain(
      "Role `customer_profile_reader` gets no access to BigQuery table `customer_profiles`: it is not approved for the sensitive columns `full_name`, `email`, `phone_number`, `date_of_birth`, `street_address`, `postal_code`, `city`, `lifetime_value_eur`, and meshkit does not render BigQuery column-level security (policy tags). Approve the role (customProperties privacyApproved: true) or give it a view without those columns.",
    );
    expect(iam.customer_customer_360_customer_consents_customer_profile_reader!.member).toBe('${lookup(var.role_members, "customer_profile_reader", "group:customer_profile_reader@${var.iam_group_domain}")}');
  });
});

// --- inputs that are not the examples ---------------------------------------------------------

function contract(overrides: { domain?: string; name?: string; table?: string; columns?: string; roles?: string; extra?: string; id?: string; description?: string }): string {
  return `apiVersion: v3.1.0
kind: DataContract
id: ${overrides.id ?? "c-1"}
name: ${overrides.name ?? "orders"}
version: 1.0.0
status: active
domain: ${overrides.domain ?? "sales"}
${overrides.extra ?? ""}
schema:
  - name: ${overrides.table ?? "orders"}
    description: ${JSON.stringify(overrides.description ?? "Orders.")}
    properties:
${
  overrides.columns ??
  `      - name: order_id
        logicalType: string
        required: true
      - name: email
        logicalType: string
        classification: restricted`
}
roles:
${overrides.roles ?? "  - role: sales_reader\n    access: read"}
`;
}

/** The products `renderTerraform("aws")` renders and its findings (rule, path, message), for a contract whose s3 server has `location`; with `twoObjects`, a second object. */
function awsLocationOutcome(location: string, twoObjects = false): [string[], string[][]] {
  const text = contract({ extra: `servers:\n  - server: lake\n    type: s3\n    location: ${location}` });
  const document = twoObjects ? text.replace("roles:\n", "  - name: customers\n    properties:\n      - name: id\n        logicalType: string\nroles:\n") : text;
  const render = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": document })));
  return [render.products, render.findings.map((f) => [f.ruleId, f.path, f.message])];
}

describe("privacy approval (role customProperties privacyApproved: true)", () => {
  const roles = `  - role: analyst
    access: read
  - role: privacy_office
    access: read
    customProperties:
      - property: privacyApproved
        value: true
  - role: loader
    access: write`;
  const model = provisionModel(documentsFrom({ "x.odcs.yaml": contract({ roles }) }));

  it("aws: approved readers and writers get every column, other readers every column but the sensitive ones", () => {
    const lf = resources(renderTerraform("aws", model).files).aws_lakeformation_permissions!;
    expect(lf.sales_orders_orders_privacy_office).toMatchObject({ permissions: ["DESCRIBE", "SELECT"], table: expect.any(Object) });
    expect(lf.sales_orders_orders_loader).toMatchObject({ permissions: ["DELETE", "DESCRIBE", "INSERT", "SELECT"] });
    expect(lf.sales_orders_orders_analyst).toMatchObject({ permissions: ["SELECT"], table_with_columns: { excluded_column_names: ["email"], wildcard: true } });
  });

  it("snowflake: the masking policy shows clear values to approved readers and writers only", () => {
    const policies = resources(renderTerraform("snowflake", model).files).snowflake_masking_policy!;
    expect(policies.sales_orders_orders_varchar_mask!.body).toBe("CASE WHEN IS_ROLE_IN_SESSION('LOADER') OR IS_ROLE_IN_SESSION('PRIVACY_OFFICE') THEN VAL ELSE '***MASKED***' END");
  });

  it("snowflake: a sensitive VARCHAR(n) shorter than ***MASKED*** is masked with n asterisks, which its column holds (Snowflake fails a query whose masked value is longer)", () => {
    const columns = `      - name: ssn
        logicalType: string
        logicalTypeOptions: { maxLength: 11 }
        classification: restricted
      - name: country
        logicalType: string
        physicalType: char(2)
        classification: restricted
      - name: email
        logicalType: string
        logicalTypeOptions: { maxLength: 254 }
        classification: restricted`;
    const r = resources(renderTerraform("snowflake", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ roles, columns }) }))).files);
    const policies = r.snowflake_masking_policy!;
    expect(policies.sales_orders_orders_varchar_11_mask).toMatchObject({
      name: "ORDERS_VARCHAR_11_MASK",
      argument: [{ name: "VAL", type: "VARCHAR" }],
      return_data_type: "VARCHAR",
      body: "CASE WHEN IS_ROLE_IN_SESSION('LOADER') OR IS_ROLE_IN_SESSION('PRIVACY_OFFICE') THEN VAL ELSE '***********' END",
    });
    expect(policies.sales_orders_orders_varchar_2_mask!.body).toBe("CASE WHEN IS_ROLE_IN_SESSION('LOADER') OR IS_ROLE_IN_SESSION('PRIVACY_OFFICE') THEN VAL ELSE '**' END");
    expect(policies.sales_orders_orders_varchar_mask!.body).toContain("ELSE '***MASKED***' END");
    const masked = Object.fromEntries((r.snowflake_table!.sales_orders_orders!.column as Json[]).map((c) => [c.name, [c.type, c.masking_policy]]));
    expect(masked).toMatchObject({
      SSN: ["VARCHAR(11)", "${snowflake_masking_policy.sales_orders_orders_varchar_11_mask.fully_qualified_name}"],
      COUNTRY: ["VARCHAR(2)", "${snowflake_masking_policy.sales_orders_orders_varchar_2_mask.fully_qualified_name}"],
      EMAIL: ["VARCHAR(254)", "${snowflake_masking_policy.sales_orders_orders_varchar_mask.fully_qualified_name}"],
    });
  });

  it("bigquery: approved readers get the table, other readers are withheld with a warning", () => {
    const render = renderTerraform("bigquery", model);
    expect(Object.keys(resources(render.files).google_bigquery_table_iam_member!).sort()).toEqual(["sales_orders_orders_loader", "sales_orders_orders_privacy_office"]);
    expect(render.findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([
      ["provision-no-server", "warning", ""],
      ["provision-access-withheld", "warning", "/roles/0"],
    ]);
  });

  it("aws, bigquery: a role named twice with another access, or in another case, is a name collision, not two answers for one principal", () => {
    // IAM role names and Google group addresses ignore case: `Analyst` is the principal `analyst` is.
    const table = { aws: "sales.orders", bigquery: "sales_orders.orders" };
    const principal = { aws: "IAM role", bigquery: "Google group" };
    for (const target of ["aws", "bigquery"] as const) {
      for (const twice of ["  - role: analyst\n    access: write", "  - role: Analyst\n    access: write"]) {
        const render = renderTerraform(target, provisionModel(documentsFrom({ "x.odcs.yaml": contract({ roles: `${roles}\n${twice}` }) })));
        expect(render.products, `${target} ${twice}`).toEqual([]);
        expect(render.findings.map((f) => [f.ruleId, f.severity, f.path]), `${target} ${twice}`).toEqual([["provision-name-collision", "error", "/roles/3"]]);
        expect(render.findings[0]!.message).toMatch(new RegExp(`^The grant of ${principal[target]} \\w+ \\(write\\) on table ${table[target].replace(".", "\\.")} goes to the same principal as role analyst \\(read\\) in the same contract`));
      }
      // The same entry twice says one thing: rendered once.
      const same = renderTerraform(target, provisionModel(documentsFrom({ "x.odcs.yaml": contract({ roles: `${roles}\n  - role: loader\n    access: write` }) })));
      expect(same.products, target).toEqual(["sales/orders"]);
    }
  });

  it("snowflake: a role named twice with another access or approval is a name collision, not a masking policy that shows it the sensitive columns", () => {
    // Rendered as written, `analyst` would get SELECT twice and the masking policy, clear for approved roles, would show
    // it `email` in clear although its first entry says it is not approved.
    const approvedToo = "  - role: analyst\n    access: read\n    customProperties:\n      - property: privacyApproved\n        value: true";
    for (const [twice, access] of [[approvedToo, "read, privacy approved"], ["  - role: analyst\n    access: write", "write"]] as const) {
      const render = renderTerraform("snowflake", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ roles: `${roles}\n${twice}` }) })));
      expect(render.products, access).toEqual([]);
      expect(Object.values(render.files).join("")).not.toContain("IS_ROLE_IN_SESSION('ANALYST')");
      expect(render.findings.map((f) => [f.ruleId, f.severity, f.path]), access).toEqual([["provision-name-collision", "error", "/roles/3"]]);
      expect(render.findings[0]!.message).toBe(
        `The grant of Snowflake role analyst (${access}) on table SALES.ORDERS.ORDERS goes to the same principal as role analyst (read) in the same contract (Snowflake role names ignore case): one principal gets one access per table, so list the role once, with the access and privacyApproved it should have; product sales/orders is not rendered.`,
      );
    }
    // The same entry twice says one thing: rendered once.
    const same = renderTerraform("snowflake", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ roles: `${roles}\n  - role: loader\n    access: write` }) })));
    expect(same.products).toEqual(["sales/orders"]);
    expect(Object.keys(resources(same.files).snowflake_grant_privileges_to_account_role!).filter((k) => k.startsWith("sales_orders_orders_"))).toEqual([
      "sales_orders_orders_analyst",
      "sales_orders_orders_loader",
      "sales_orders_orders_privacy_office",
    ]);
  });
});

describe("schema objects that are not tables, or have no columns", () => {
  // After the `orders` table: a view, and a table without properties.
  const columns = `      - { name: order_id, logicalType: string }
  - { name: orders_by_day, physicalType: view, properties: [{ name: day, logicalType: date }] }
  - { name: audit, physicalType: table }`;
  const text = contract({ columns });
  const model = provisionModel(documentsFrom({ "x.odcs.yaml": text }));

  it("renders the product's tables beside a view (provision-not-a-table, info), never leaving the product out in silence", () => {
    for (const target of TERRAFORM_TARGETS) {
      const render = renderTerraform(target, model);
      expect(render.products, target).toEqual(["sales/orders"]);
      expect(render.skipped, target).toEqual([]);
      const tableType = { aws: "aws_glue_catalog_table", snowflake: "snowflake_table", bigquery: "google_bigquery_table" }[target];
      expect(Object.keys(resources(render.files)[tableType]!), target).toContain("sales_orders_orders");
      expect(render.files["sales.orders.tf.json"], target).not.toMatch(/orders_by_day/i);
    }
  });

  it("snowflake: an object without columns gets no table (Snowflake has none) and a provision-no-columns warning at the object; aws and bigquery render it", () => {
    const snowflake = renderTerraform("snowflake", model);
    expect(Object.keys(resources(snowflake.files).snowflake_table!)).toEqual(["sales_orders_orders"]);
    expect(snowflake.findings.filter((f) => f.ruleId === "provision-no-columns").map((f) => [f.severity, f.path, f.line, f.message])).toEqual([
      ["warning", "/schema/2", 15, "Object `audit` has no property with a column type, so no Snowflake table `SALES.ORDERS.AUDIT` is created (Snowflake has no tables without columns): add properties."],
    ]);
    expect(Object.keys(resources(renderTerraform("aws", model).files).aws_glue_catalog_table!).sort()).toEqual(["sales_orders_audit", "sales_orders_orders"]);
    expect(Object.keys(resources(renderTerraform("bigquery", model).files).google_bigquery_table!).sort()).toEqual(["sales_orders_audit", "sales_orders_orders"]);
  });
});

describe("bad input", () => {
  it("renders nothing for a product whose contract has an invalid name: the model reports it, the renderer skips the product", () => {
    const docs = documentsFrom({ "good.odcs.yaml": contract({ id: "good", name: "good" }), "bad.odcs.yaml": contract({ id: "bad", name: "bad", domain: "sales", table: '"bad table"' }) });
    const model = provisionModel(docs);
    expect(model.findings.map((f) => [f.ruleId, f.file, f.path])).toEqual([["provision-invalid-name", "bad.odcs.yaml", "/schema/0/name"]]);
    for (const target of TERRAFORM_TARGETS) {
      const render = renderTerraform(target, model);
      expect(render.products).toEqual(["sales/good"]);
      expect(render.skipped).toEqual([{ product: "sales/bad", reason: "its contracts have names the model could not use (see the model's findings)" }]);
      expect(Object.values(render.files).join("\n")).not.toMatch(/sales_bad|bad table/);
    }
  });

  it("reports every problem of a skipped product: a type the target cannot hold is not hidden by an invalid role name", () => {
    const columns = "      - name: order_id\n        logicalType: string\n      - name: big\n        logicalType: integer\n        logicalTypeOptions: {format: i128}";
    const model = provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns, roles: '  - role: "reader; drop"\n    access: read' }) }));
    expect(model.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-invalid-name", "/roles/0/role"]]);
    for (const target of ["aws", "snowflake"] as const) {
      const render = renderTerraform(target, model);
      expect(render.findings.map((f) => [f.ruleId, f.path]), target).toEqual([["provision-type-unmapped", "/schema/0/properties/1"]]);
      expect(render.skipped, target).toEqual([{ product: "sales/orders", reason: "its contracts have names the model could not use (see the model's findings)" }]);
      expect(render.files, target).toEqual({});
    }
  });

  it("refuses, on BigQuery only, a column with a prefix BigQuery keeps for its pseudo-columns, which its API would refuse at the apply", () => {
    const columns = "      - name: order_id\n        logicalType: string\n      - name: _partitionDate\n        logicalType: date\n      - name: _TABLE_SUFFIX\n        logicalType: string";
    const model = provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns }) }));
    const bigquery = renderTerraform("bigquery", model);
    expect(bigquery.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["provision-invalid-name", "/schema/0/properties/1", 'The column name "_partitionDate" starts with _PARTITION, which BigQuery reserves for its pseudo-columns (in any case); rename the column (or set its physicalName).'],
      ["provision-invalid-name", "/schema/0/properties/2", 'The column name "_TABLE_SUFFIX" starts with _TABLE_, which BigQuery reserves for its pseudo-columns (in any case); rename the column (or set its physicalName).'],
    ]);
    expect([bigquery.products, bigquery.files]).toEqual([[], {}]);
    for (const target of ["aws", "snowflake"] as const) expect(renderTerraform(target, model).products, target).toEqual(["sales/orders"]);
  });

  it("refuses, on Snowflake only, a contract role that is a system role or the parent role, which the apply could not create (PUBLIC is every user)", () => {
    const roles = "  - role: public\n    access: read\n  - role: SysAdmin\n    access: write\n  - role: sales_reader\n    access: read\n  - role: data_admin\n    access: read";
    const model = provisionModel(documentsFrom({ "x.odcs.yaml": contract({ roles }) }));
    expect(model.findings).toEqual([]);
    const snowflake = renderTerraform("snowflake", model, { params: { snowflakeParentRole: "DATA_ADMIN" } });
    expect(snowflake.findings.map((f) => [f.ruleId, f.path, f.message.split(":")[0]])).toEqual([
      ["provision-invalid-name", "/roles/0/role", "Role `public` is a Snowflake system role, which every user has"],
      ["provision-invalid-name", "/roles/1/role", "Role `SysAdmin` is a Snowflake system role"],
      ["provision-invalid-name", "/roles/3/role", "Role `data_admin` is the role every meshkit account role is granted to (snowflake_parent_role)"],
    ]);
    expect([snowflake.products, snowflake.files]).toEqual([[], {}]);
    // Another parent role frees the name; PUBLIC stays refused. The other targets name no such roles.
    expect(renderTerraform("snowflake", model).findings.map((f) => f.path)).toEqual(["/roles/0/role", "/roles/1/role"]);
    for (const target of ["aws", "bigquery"] as const) expect(renderTerraform(target, model).products, target).toEqual(["sales/orders"]);
  });

  it("refuses, on Snowflake only, a product whose schema would be PUBLIC or INFORMATION_SCHEMA, which every database has, or a domain named SNOWFLAKE", () => {
    const model = provisionModel(
      documentsFrom({
        "a.odcs.yaml": contract({ id: "a", name: "public", table: "a" }),
        "b.odcs.yaml": contract({ id: "b", name: "Information_Schema", table: "b" }),
        "c.odcs.yaml": contract({ id: "c", extra: "dataProduct: orders" }),
      }),
    );
    expect(model.findings).toEqual([]);
    const snowflake = renderTerraform("snowflake", model);
    expect(snowflake.findings.filter((f) => f.ruleId === "provision-invalid-name").map((f) => [f.file, f.path, f.message.split(",")[0]])).toEqual([
      ["b.odcs.yaml", "/name", "Product `Information_Schema` would be the Snowflake schema SALES.INFORMATION_SCHEMA"],
      ["a.odcs.yaml", "/name", "Product `public` would be the Snowflake schema SALES.PUBLIC"],
    ]);
    expect(snowflake.products).toEqual(["sales/orders"]);
    for (const target of ["aws", "bigquery"] as const) expect(renderTerraform(target, model).products.sort(), target).toEqual(["sales/Information_Schema", "sales/orders", "sales/public"]);
    // Nor can a domain's database be SNOWFLAKE, the database Snowflake shares with every account.
    const shared = renderTerraform("snowflake", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ domain: "Snowflake" }) })));
    expect(shared.findings.filter((f) => f.ruleId === "provision-invalid-name").map((f) => [f.path, f.message])).toEqual([
      ["/domain", "Domain `Snowflake` would be the Snowflake database SNOWFLAKE, which Snowflake shares with every account (read-only). Rename the domain."],
    ]);
    expect(shared.products).toEqual([]);
  });

  it("renders nothing when the domain or product name is not an identifier (the model drops the product)", () => {
    const model = provisionModel(documentsFrom({ "x.odcs.yaml": contract({ domain: '"sales; drop"' }) }));
    expect(model.findings[0]!.ruleId).toBe("provision-invalid-name");
    for (const target of TERRAFORM_TARGETS) expect(renderTerraform(target, model)).toMatchObject({ files: {}, products: [], resources: 0 });
  });

  it("reports names that fold to the same bucket, table or address and leaves the later product out", () => {
    // Glue and S3 lower-case: domains Sales and sales are one Glue database and one bucket name.
    const folded = provisionModel(documentsFrom({ "a.odcs.yaml": contract({ id: "a", domain: "Sales", name: "orders" }), "b.odcs.yaml": contract({ id: "b", domain: "sales", name: "orders" }) }));
    const aws = renderTerraform("aws", folded);
    expect(aws.products).toEqual(["Sales/orders"]);
    expect(aws.skipped.map((s) => s.product)).toEqual(["sales/orders"]);
    // (the rendered product has no s3 server: a warning)
    expect(aws.findings.map((f) => [f.ruleId, f.file])).toEqual([
      ["provision-no-server", "a.odcs.yaml"],
      ["provision-name-collision", "b.odcs.yaml"],
    ]);
    expect(aws.findings[1]!.message).toMatch(/already used by domain Sales.*product sales\/orders is not rendered/);
    // Snowflake upper-cases: the same two products collide on the database.
    expect(renderTerraform("snowflake", folded).findings.map((f) => f.ruleId)).toEqual(["provision-no-server", "provision-name-collision"]);
    // `_` joins: sales_eu/orders and sales/eu_orders are the same BigQuery dataset sales_eu_orders.
    const joined = provisionModel(documentsFrom({ "a.odcs.yaml": contract({ id: "a", domain: "sales_eu", name: "orders" }), "b.odcs.yaml": contract({ id: "b", domain: "sales", name: "eu_orders" }) }));
    const bq = renderTerraform("bigquery", joined);
    expect(bq.products).toEqual(["sales/eu_orders"]);
    const collisions = bq.findings.filter((f) => f.ruleId === "provision-name-collision");
    expect(collisions.map((f) => f.file)).toEqual(["a.odcs.yaml"]);
    expect(collisions[0]!.message).toContain("BigQuery dataset sales_eu_orders is already used by product sales/eu_orders");
    // Columns that differ only in case are one Glue column: the model says so (provision-object-conflict), and the product is left out.
    const columns = provisionModel(
      documentsFrom({ "c.odcs.yaml": contract({ columns: "      - name: Email\n        logicalType: string\n      - name: email\n        logicalType: string" }) }),
      { target: "aws" },
    );
    expect(columns.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-object-conflict", "/schema/0/properties/1/name"]]);
    const glue = renderTerraform("aws", columns);
    expect(glue.products).toEqual([]);
    expect(glue.findings).toEqual([]);
  });

  // On macOS's and Windows' default file systems sales.Orders.tf.json and sales.orders.tf.json are one file: the second
  // product's configuration would silently replace the first's. Glue, S3 and Lake Formation tell the two products apart.
  it("reports two products whose rendered files differ only in case, and leaves the later one out", () => {
    const model = provisionModel(
      documentsFrom({ "a.odcs.yaml": contract({ id: "a", name: "Orders", table: "big_orders" }), "b.odcs.yaml": contract({ id: "b", name: "orders", table: "small_orders", roles: "  - role: other_reader\n    access: read" }) }),
    );
    const aws = renderTerraform("aws", model);
    expect(aws.products).toEqual(["sales/Orders"]);
    expect(Object.keys(aws.files).filter((name) => name.toLowerCase() === "sales.orders.tf.json")).toEqual(["sales.Orders.tf.json"]);
    const collisions = aws.findings.filter((f) => f.ruleId === "provision-name-collision");
    expect(collisions.map((f) => [f.file, f.line, f.message])).toEqual([
      [
        "b.odcs.yaml",
        4,
        "Terraform file sales.orders.tf.json is the same file as sales.Orders.tf.json on a case-insensitive file system (the default on macOS and Windows), where one would overwrite the other: give the products (or domains) names that differ in more than case; product sales/orders is not rendered.",
      ],
    ]);
  });

  // "already used by product sales/orders" for a table of sales/orders itself named nothing to rename.
  it("names both tables of one product whose names fold to one, and where the first is", () => {
    const model = provisionModel(documentsFrom({ "a.odcs.yaml": contract({ id: "a", table: "orders" }), "b.odcs.yaml": contract({ id: "b", table: "Orders" }) }));
    for (const [target, what] of [["aws", "Glue table sales.orders"], ["snowflake", "Snowflake table SALES.ORDERS.ORDERS"]] as const) {
      const collisions = renderTerraform(target, model).findings.filter((f) => f.ruleId === "provision-name-collision");
      expect(collisions.map((f) => [f.file, f.line, f.column, f.path]), target).toEqual([["b.odcs.yaml", 10, 5, "/schema/0"]]);
      expect(collisions[0]!.message, target).toBe(
        `${what} is already used by \`orders\` (a.odcs.yaml:10) of the same product sales/orders, so \`Orders\` cannot have it: both get this one name on this target (the same name, or names that differ only in case or \`_\` joins). Rename one; product sales/orders is not rendered.`,
      );
    }
  });

  // Two products of one domain whose tables have one name share one Glue database: the message said the
  // names "fold" to one (nothing folded) and named no place of the other product's table.
  it("names where another product's table of the same name is, without saying the names fold", () => {
    const model = provisionModel(documentsFrom({ "a.odcs.yaml": contract({ id: "a", name: "orders" }), "b.odcs.yaml": contract({ id: "b", name: "returns" }) }));
    const collisions = renderTerraform("aws", model).findings.filter((f) => f.ruleId === "provision-name-collision");
    expect(collisions.map((f) => [f.file, f.line, f.message])).toEqual([
      [
        "b.odcs.yaml",
        10,
        "Glue table sales.orders is already used by product sales/orders (a.odcs.yaml:10): both get this one name on this target (the same name, or names that differ only in case or `_` joins). Rename one; product sales/returns is not rendered.",
      ],
    ]);
  });

  // Two contracts without a product descriptor that name one product are two products of one id: the
  // render threw "internal error: resource … collides after the products were checked one by one".
  it("reports a table two contracts of one product want, rendering the first", () => {
    const model = provisionModel(documentsFrom({ "a.odcs.yaml": contract({ id: "a" }), "b.odcs.yaml": contract({ id: "b" }) }));
    for (const [target, what] of [["aws", "Glue table sales.orders"], ["snowflake", "Snowflake table SALES.ORDERS.ORDERS"], ["bigquery", "BigQuery table sales_orders.orders"]] as const) {
      const render = renderTerraform(target, model);
      expect(render.products, target).toEqual(["sales/orders"]);
      expect(render.skipped.map((s) => s.product), target).toEqual(["sales/orders"]);
      const collisions = render.findings.filter((f) => f.ruleId === "provision-name-collision");
      expect(collisions.map((f) => [f.file, f.line, f.message]), target).toEqual([
        ["b.odcs.yaml", 10, `${what} is already wanted by another contract of product sales/orders (a.odcs.yaml:10): give one of the objects another physicalName. This contract is not rendered.`],
      ]);
    }
  });

  it("escapes Terraform template sequences in anything taken from a contract", () => {
    const model = provisionModel(documentsFrom({ "x.odcs.yaml": contract({ description: "Costs ${var.secret} and %{ if true }x%{ endif }" }) }));
    for (const target of TERRAFORM_TARGETS) {
      const text = Object.values(renderTerraform(target, model).files).join("\n");
      expect(text, target).toContain("Costs $${var.secret} and %%{ if true }x%%{ endif }");
      expect(text, target).not.toMatch(/[^$]\$\{var\.secret\}/);
    }
  });

  it("requires a server of the target's type when asked to", () => {
    const model = exampleModel();
    const snowflake = renderTerraform("snowflake", model, { requireServer: true });
    expect(snowflake.files).toEqual({});
    expect(snowflake.findings.length).toBe(5);
    // inventory_snapshot's s3 server places it on aws: not an error here, only left out.
    expect(new Set(snowflake.findings.map((f) => `${f.ruleId} ${f.severity} ${f.path}`))).toEqual(new Set(["provision-no-server error /servers", "provision-on-other-target info /servers/2"]));
    // Only supply_chain's contract has an s3 server.
    expect(renderTerraform("aws", model, { requireServer: true }).products).toEqual(["supply_chain/inventory_snapshot"]);
  });

  it("renders a contract without a server of the target's type where the platform's defaults put it, with a warning that says so", () => {
    const aws = renderTerraform("aws", exampleModel());
    expect(aws.products).toHaveLength(4);
    const unserved = aws.findings.filter((f) => f.ruleId === "provision-no-server");
    expect(unserved.map((f) => [f.severity, f.path])).toEqual(Array.from({ length: 4 }, () => ["warning", "/servers"]));
    expect(unserved[0]!.message).toMatch(/^Contract `\S+` has no server of type s3 or glue or athena: it is rendered where the platform's defaults put its domain\. Add one .*provision\.requireServer: true makes this an error\)\.$/);
  });

  it("leaves out, with an info finding, a contract whose servers place it on another Terraform target only", () => {
    const servers = (...entries: string[]) => `servers:\n${entries.map((e) => `  - ${e}\n`).join("")}`;
    const snowflakeServer = "{ server: sf_prod, type: snowflake, account: acme-xy12345, database: SALES, schema: ORDERS }";
    const render = (target: (typeof TERRAFORM_TARGETS)[number], ...entries: string[]) => renderTerraform(target, provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: servers(...entries) }) })));
    const bigquery = render("bigquery", "{ server: local, type: local }", snowflakeServer);
    expect([bigquery.files, bigquery.products, bigquery.skipped]).toEqual([{}, [], [{ product: "sales/orders", reason: "its contracts name servers of other targets only, not of bigquery" }]]);
    expect(bigquery.findings.map((f) => [f.ruleId, f.severity, f.path, f.message])).toEqual([
      [
        "provision-on-other-target",
        "info",
        "/servers/1",
        "Contract `orders` is not rendered on bigquery: its servers place it on another target only, `sf_prod` (type snowflake: the snowflake target). Provision it there, or add a server of type bigquery to provision it on bigquery too.",
      ],
    ]);
    // Not an error where the platform requires a server of the target: the contract has one, elsewhere.
    expect(renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: servers(snowflakeServer) }) })), { requireServer: true }).findings.map((f) => [f.ruleId, f.severity])).toEqual([["provision-on-other-target", "info"]]);
    // Its own target renders it; a server of no Terraform target (postgres) places it nowhere: rendered with the usual warning.
    expect(render("snowflake", snowflakeServer).products).toEqual(["sales/orders"]);
    const postgres = render("bigquery", "{ server: pg, type: postgres, host: db, port: 5432, database: sales }");
    expect([postgres.products, postgres.findings.filter((f) => f.ruleId === "provision-no-server").map((f) => f.severity)]).toEqual([["sales/orders"], ["warning"]]);
    // Of a product with contracts on two targets, only the contract of this one is rendered.
    const product = "apiVersion: v1.0.0\nkind: DataProduct\nid: orders\nname: orders\ndomain: sales\nstatus: active\noutputPorts:\n  - { name: a, version: 1.0.0, contractId: c-a }\n  - { name: b, version: 1.0.0, contractId: c-b }\n";
    const two = provisionModel(
      documentsFrom({
        "orders.odps.yaml": product,
        "a.odcs.yaml": contract({ id: "c-a", table: "on_bq", extra: servers("{ server: bq, type: bigquery, project: p, dataset: sales_orders }") }),
        "b.odcs.yaml": contract({ id: "c-b", table: "on_sf", extra: servers(snowflakeServer) }),
      }),
    );
    const mixed = renderTerraform("bigquery", two);
    expect([mixed.products, Object.keys(resources(mixed.files).google_bigquery_table!)]).toEqual([["sales/orders"], ["sales_orders_on_bq"]]);
  });

  it("aws: reads a table's files in the format its s3 (or glue) server names: csv and json as text, a format with no Glue table of files refused", () => {
    const columns = "      - { name: order_id, logicalType: integer }\n      - { name: placed, logicalType: date }\n";
    const render = (server: string, cols = columns) => renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: cols, extra: `servers:\n  - server: lake\n${server}` }) })));
    const table = (result: ReturnType<typeof render>) => resources(result.files).aws_glue_catalog_table!.sales_orders_orders!;
    const csv = render("    type: s3\n    location: s3://acme-sales/orders/\n    format: csv\n");
    expect(csv.findings).toEqual([]);
    expect(table(csv)).toMatchObject({
      parameters: { classification: "csv", "skip.header.line.count": "1" },
      storage_descriptor: {
        location: "s3://${aws_s3_bucket.sales.bucket}/orders/orders/",
        input_format: "org.apache.hadoop.mapred.TextInputFormat",
        output_format: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        ser_de_info: { serialization_library: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", parameters: { "field.delim": "," } },
      },
    });
    expect(JSON.stringify(table(csv))).not.toMatch(/parquet/i);
    const json = render("    type: glue\n    account: \"123456789012\"\n    database: sales\n    format: json\n");
    expect(table(json)).toMatchObject({ parameters: { classification: "json" }, storage_descriptor: { input_format: "org.apache.hadoop.mapred.TextInputFormat", ser_de_info: { serialization_library: "org.openx.data.jsonserde.JsonSerDe" } } });
    // No format: the extension of the files the location names, as contract-test reads them.
    expect(table(render("    type: s3\n    location: s3://acme-sales/orders/{model}/*.csv.gz\n"))).toMatchObject({ parameters: { classification: "csv" } });
    expect(table(render("    type: s3\n    location: s3://acme-sales/orders/{model}/*.ndjson\n"))).toMatchObject({ parameters: { classification: "json" } });
    // No format, or parquet: Parquet, as before.
    for (const server of ["    type: s3\n    location: s3://acme-sales/orders/\n", "    type: s3\n    location: s3://acme-sales/orders/\n    format: parquet\n"]) {
      expect(table(render(server))).toMatchObject({ parameters: { classification: "parquet" }, storage_descriptor: { ser_de_info: { serialization_library: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" } } });
    }
    const delta = render("    type: s3\n    location: s3://acme-sales/orders/\n    format: delta\n");
    expect([delta.files, delta.findings.map((f) => [f.ruleId, f.severity, f.path])]).toEqual([{}, [["provision-server-invalid", "error", "/servers/0/format"]]]);
    expect(delta.findings[0]!.message).toMatch(/^The s3 server's format "delta" is not one meshkit renders a Glue table for \(parquet, csv or json files\)/);
    // CSV text has no nesting: a struct or array column is refused at the property.
    const nested = render("    type: s3\n    location: s3://acme-sales/orders/\n    format: csv\n", `${columns}      - { name: tags, logicalType: array, items: { logicalType: string } }\n`);
    expect(nested.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-type-unmapped", "/schema/0/properties/2"]]);
  });

  it("aws: writes descriptions as Glue takes them: a column comment on one line, no control character in a comment or a table description", () => {
    // Glue's API refuses, at apply, a column comment outside its single-line pattern (no \r, \n or other control
    // character but \t) and a table description outside its multi-line one (\r, \n and \t allowed).
    const singleLine = /^[\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}\t]*$/u;
    const multiLine = /^[\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}\t\r\n]*$/u;
    const columns = `      - name: order_id
        logicalType: string
        description: "Order number.\\r\\n  Issued by the shop;\\n\\nnever reused \\"as is\\" \\u0000\\a\\x1b."
      - name: note
        logicalType: string
        description: "\\n"
      - name: placed
        logicalType: date
        partitioned: true
        description: "Day\\nof the order"`;
    const render = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns, description: "Orders.\r\nOne row \u0000 per order.\n" }) })));
    expect(render.findings.filter((f) => f.severity === "error")).toEqual([]);
    const table = resources(render.files).aws_glue_catalog_table!.sales_orders_orders!;
    const storage = table.storage_descriptor as { columns: Json[] };
    expect(storage.columns.map((c) => c.comment)).toEqual(['Order number. Issued by the shop; never reused "as is" \uFFFD\uFFFD\uFFFD.', undefined]);
    expect((table.partition_keys as Json[]).map((c) => c.comment)).toEqual(["Day of the order"]);
    expect(table.description).toBe("Orders.\r\nOne row \uFFFD per order.\n");
    for (const column of [...storage.columns, ...(table.partition_keys as Json[])]) if (column.comment !== undefined) expect(column.comment).toMatch(singleLine);
    expect(table.description).toMatch(multiLine);
  });

  it("aws: takes the glue server's format when the s3 server names none, and refuses JSON files written as one array each", () => {
    const render = (servers: string) => renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: `servers:\n${servers}` }) })));
    const table = (result: ReturnType<typeof render>) => resources(result.files).aws_glue_catalog_table!.sales_orders_orders!;
    const s3 = "  - server: lake\n    type: s3\n    location: s3://acme-sales/orders/\n";
    const glue = (format: string) => `  - server: catalog\n    type: glue\n    account: "123456789012"\n    database: sales\n    format: ${format}\n`;
    const csv = render(s3 + glue("csv"));
    expect(csv.findings).toEqual([]);
    expect(table(csv)).toMatchObject({ parameters: { classification: "csv" }, storage_descriptor: { ser_de_info: { serialization_library: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe" } } });
    // The s3 server's own format still comes first.
    expect(table(render(`${s3}    format: json\n${glue("csv")}`))).toMatchObject({ parameters: { classification: "json" } });
    const delta = render(s3 + glue("delta"));
    expect(delta.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-server-invalid", "/servers/1/format"]]);
    // ODCS's `delimiter: array` (one JSON array per file) is no table the JSON SerDe reads; `new_line` is.
    const array = render(`${s3}    format: json\n    delimiter: array\n`);
    expect([array.files, array.findings.map((f) => [f.ruleId, f.severity, f.path])]).toEqual([{}, [["provision-server-invalid", "error", "/servers/0/delimiter"]]]);
    expect(array.findings[0]!.message).toMatch(/^The s3 server's delimiter "array" says each file is one JSON array, which a Glue table cannot read/);
    expect(table(render(`${s3}    format: json\n    delimiter: new_line\n`))).toMatchObject({ parameters: { classification: "json" } });
    // The s3 server's delimiter counts whichever says the files are JSON: the glue server's format, or the location's extension.
    for (const servers of [`${s3}    delimiter: array\n${glue("json")}`, "  - server: lake\n    type: s3\n    location: s3://acme-sales/orders/*.json\n    delimiter: array\n"]) {
      const refused = render(servers);
      expect([refused.files, refused.findings.map((f) => [f.ruleId, f.path])]).toEqual([{}, [["provision-server-invalid", "/servers/0/delimiter"]]]);
    }
    // A csv table has no delimiter of JSON arrays to refuse.
    expect(render(`${s3}    delimiter: array\n${glue("csv")}`).findings).toEqual([]);
  });

  it("warns where a server entry names a database, schema or dataset other than the one the tables are made in", () => {
    const render = (target: "snowflake" | "bigquery", server: string) =>
      renderTerraform(target, provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: `servers:\n  - server: wh\n${server}` }) })));
    const snowflake = render("snowflake", "    type: snowflake\n    account: acme\n    database: SALES_DB\n    schema: orders\n");
    expect(snowflake.findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([["provision-server-location", "warning", "/servers/0/database"]]);
    expect(snowflake.findings[0]!.message).toBe(
      "Server `wh` names database `SALES_DB`, but provisioning to snowflake makes the tables in database `SALES` (a database per domain, a schema per product): whoever reads this entry (consumers, contract-test, the catalog) looks in the wrong place. Write database: SALES.",
    );
    // Snowflake folds unquoted names to upper case: `sales` is SALES.
    expect(render("snowflake", "    type: snowflake\n    account: acme\n    database: sales\n    schema: ORDERS\n").findings).toEqual([]);
    const bigquery = render("bigquery", "    type: bigquery\n    project: my-proj\n    dataset: ds\n");
    const located = (findings: readonly Finding[]) => findings.filter((f) => f.ruleId === "provision-server-location");
    expect(located(bigquery.findings).map((f) => f.path)).toEqual(["/servers/0/dataset"]);
    expect(located(bigquery.findings)[0]!.message).toContain("makes the tables in dataset `sales_orders` (a dataset per product, named <domain>_<product>)");
    expect(located(render("bigquery", "    type: bigquery\n    project: my-proj\n    dataset: sales_orders\n").findings)).toEqual([]);
    // AWS: a glue server's database and an athena server's schema name the Glue database, the domain's (lower case: Glue folds names); an s3 server names none.
    const aws = (servers: string) => renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: `servers:\n${servers}` }) })));
    const s3 = "  - server: lake\n    type: s3\n    location: s3://acme-sales/orders/{model}/\n";
    const glue = aws(`${s3}  - server: catalog\n    type: glue\n    account: "123456789012"\n    database: orders_db\n`);
    expect(located(glue.findings).map((f) => [f.severity, f.path, f.message])).toEqual([
      [
        "warning",
        "/servers/1/database",
        "Server `catalog` names database `orders_db`, but provisioning to aws makes the tables in database `sales` (a Glue database per domain): whoever reads this entry (consumers, contract-test, the catalog) looks in the wrong place. Write database: sales.",
      ],
    ]);
    expect(located(aws("  - server: query\n    type: athena\n    stagingDir: s3://acme-results/\n    schema: analytics\n").findings).map((f) => f.path)).toEqual(["/servers/0/schema"]);
    expect(located(aws(`${s3}  - server: catalog\n    type: glue\n    account: "123456789012"\n    database: Sales\n`).findings)).toEqual([]);
  });

  it("refuses an s3 server location that is not a bucket and a plain prefix, and a bucket two domains name", () => {
    const server = (location: string) => `servers:\n  - server: lake\n    type: s3\n    location: ${location}`;
    // The last ones: prefixes and suffixes S3 reserves (CreateBucket refuses them).
    for (const location of ["https://example.com/x", "s3://Bad_Bucket/x/", "s3://acme-lake/../x/", "s3://acme-lake/a//b/", "s3://xn--acme-lake/x/", "s3://acme-lake-s3alias/x/", "s3://acme--x-s3/x/"]) {
      const render = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: server(location) }) })));
      expect(render.products, location).toEqual([]);
      expect(render.findings.map((f) => [f.ruleId, f.path]), location).toEqual([["provision-server-invalid", "/servers/0/location"]]);
    }
    // No location at all (ODCS requires one): refused at the server, not sent to a bucket meshkit would guess.
    const unlocated = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: "servers:\n  - server: lake\n    type: s3" }) })));
    expect([unlocated.products, unlocated.findings.map((f) => [f.ruleId, f.path, f.message.split(",")[0]])]).toEqual([[], [["provision-server-invalid", "/servers/0", "The s3 server has no location"]]]);
    const shared = renderTerraform(
      "aws",
      provisionModel(
        documentsFrom({
          "a.odcs.yaml": contract({ id: "a", domain: "sales", extra: server("s3://acme-lake/domain=sales/") }),
          "b.odcs.yaml": contract({ id: "b", domain: "stock", extra: server("s3://acme-lake/domain=stock/") }),
        }),
      ),
    );
    expect(shared.products).toEqual(["sales/orders"]);
    expect(shared.findings.map((f) => [f.ruleId, f.file, f.message.split(":")[0]])).toEqual([["provision-name-collision", "b.odcs.yaml", "S3 bucket acme-lake is already used by domain sales"]]);
  });

  it("puts a table's Glue location at its folder when the s3 location names its files, as ODCS's own example does", () => {
    const server = (location: string) => `servers:\n  - server: lake\n    type: s3\n    location: ${location}`;
    const tableFolder = (location: string) => {
      const render = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: server(location) }) })));
      const [table] = Object.values(resources(render.files).aws_glue_catalog_table ?? {});
      return (table?.storage_descriptor as Json | undefined)?.location;
    };
    expect(tableFolder("s3://acme-lake/data/{object}/*.parquet")).toBe("s3://${aws_s3_bucket.sales.bucket}/data/orders/");
    expect(tableFolder("s3://acme-lake/data/{model}")).toBe("s3://${aws_s3_bucket.sales.bucket}/data/orders/");
    expect(tableFolder("s3://acme-lake/data/*.parquet")).toBe("s3://${aws_s3_bucket.sales.bucket}/data/");
    // A placeholder in the files' pattern names files, not a folder: no `*` in a Glue location.
    expect(tableFolder("s3://acme-lake/data/{object}_*.parquet")).toBe("s3://${aws_s3_bucket.sales.bucket}/data/");
    expect(tableFolder("s3://acme-lake/data")).toBe("s3://${aws_s3_bucket.sales.bucket}/data/orders/");
  });

  it("aws: takes the bucket, table folder and file format from a glue server's location (ODCS: the AWS S3 path) when there is no s3 server", () => {
    const render = (servers: string) => renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: `servers:\n${servers}` }) })));
    const glue = "  - server: catalog\n    type: glue\n    account: \"123456789012\"\n    database: sales\n";
    const located = render(`${glue}    location: s3://acme-sales-lake/curated/{model}/*.csv\n`);
    expect(located.findings).toEqual([]);
    const r = resources(located.files);
    expect(r.aws_s3_bucket!.sales!.bucket).toBe("acme-sales-lake");
    expect(r.aws_glue_catalog_table!.sales_orders_orders).toMatchObject({ parameters: { classification: "csv" }, storage_descriptor: { location: "s3://${aws_s3_bucket.sales.bucket}/curated/orders/" } });
    // The glue location is checked as an s3 server's is.
    const bad = render(`${glue}    location: s3://Bad_Bucket/x/\n`);
    expect([bad.products, bad.findings.map((f) => [f.ruleId, f.path, f.message.split(",")[0]])]).toEqual([[], [["provision-server-invalid", "/servers/0/location", 'The glue server location names bucket "Bad_Bucket"']]]);
    // ODCS makes a glue server's location optional: without one, the naming convention; an athena server's stagingDir holds query results, not the data.
    expect(resources(render(glue).files).aws_s3_bucket!.sales!.bucket).toBe("${var.lake_bucket_prefix}-sales");
    expect(resources(render("  - server: query\n    type: athena\n    stagingDir: s3://acme-results/\n    schema: sales\n").files).aws_s3_bucket!.sales!.bucket).toBe("${var.lake_bucket_prefix}-sales");
  });

  it("aws: warns at a glue server's location that names another place than the s3 server's, under which the tables are made", () => {
    const render = (servers: string) => renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: `servers:\n${servers}` }) })));
    const glue = "  - server: catalog\n    type: glue\n    account: \"123456789012\"\n    database: sales\n";
    // An s3 server's location comes first; a glue location naming the same folders says nothing else.
    const s3 = "  - server: lake\n    type: s3\n    location: s3://acme-lake/data/{model}/*.parquet\n";
    const both = render(`${s3}${glue}    location: s3://acme-lake/data/{model}\n`);
    expect(both.findings).toEqual([]);
    expect(resources(both.files).aws_glue_catalog_table!.sales_orders_orders).toMatchObject({ storage_descriptor: { location: "s3://${aws_s3_bucket.sales.bucket}/data/orders/" } });
    // A glue location naming another place than the s3 server's, where the tables are made, is said where it is written.
    const apart = render(`${s3}${glue}    location: s3://acme-lake/curated/{model}/\n`);
    expect(resources(apart.files).aws_glue_catalog_table!.sales_orders_orders).toMatchObject({ storage_descriptor: { location: "s3://${aws_s3_bucket.sales.bucket}/data/orders/" } });
    expect(apart.findings.map((f) => [f.ruleId, f.severity, f.path, f.message])).toEqual([
      [
        "provision-server-location",
        "warning",
        "/servers/1/location",
        "Server `catalog` names location `s3://acme-lake/curated/{model}/`, but provisioning to aws makes the Glue tables under the s3 server's location `s3://acme-lake/data/{model}/*.parquet`: whoever reads this entry (consumers, contract-test, the catalog) looks in the wrong place. Write location: s3://acme-lake/data/{model}/*.parquet.",
      ],
    ]);
  });

  it("aws: warns at a glue server's location, beside an s3 server, that names files of another format, or no S3 path meshkit reads", () => {
    const render = (servers: string) => renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: `servers:\n${servers}` }) })));
    const glue = "  - server: catalog\n    type: glue\n    account: \"123456789012\"\n    database: sales\n";
    const s3 = "  - server: lake\n    type: s3\n    location: s3://acme-lake/data/{model}/*.parquet\n";
    const warned = (location: string, servers = s3) => render(`${servers}${glue}    location: ${location}\n`).findings.map((f) => [f.ruleId, f.severity, f.path, f.message]);
    // The same folders, but CSV files: the tables made read Parquet, contract-test would read the glue entry's files as CSV.
    expect(warned("s3://acme-lake/data/{model}/*.csv")).toEqual([
      [
        "provision-server-location",
        "warning",
        "/servers/1/location",
        "Server `catalog` names location `s3://acme-lake/data/{model}/*.csv`, csv files, but provisioning to aws makes the Glue tables read parquet files under the s3 server's location `s3://acme-lake/data/{model}/*.parquet`: whoever reads this entry (consumers, contract-test, the catalog) reads the files as the wrong format. Write location: s3://acme-lake/data/{model}/*.parquet.",
      ],
    ]);
    // The s3 server's format says CSV: a glue location naming CSV files agrees.
    expect(warned("s3://acme-lake/data/{model}/*.csv", "  - server: lake\n    type: s3\n    location: s3://acme-lake/data/{model}/\n    format: csv\n")).toEqual([]);
    // A glue location that is no S3 path meshkit reads names no place the tables are made: said, not passed over.
    expect(warned("s3://Acme_Lake/data/{model}/").map(([rule, , path, message]) => [rule, path, message!.split(":")[0]])).toEqual([["provision-server-location", "/servers/1/location", "Server `catalog` names location `s3"]]);
    expect(warned("s3a://acme-lake/data/{model}/")).toHaveLength(1);
    // The glue server's format (ODCS: the format of the files) is the s3 server's too, or said where it is written.
    const formats = (glueFormat: string) => render(`  - server: lake\n    type: s3\n    location: s3://acme-lake/data/{model}/\n    format: parquet\n${glue}    format: ${glueFormat}\n`).findings.map((f) => [f.path, f.message]);
    expect(formats("Parquet")).toEqual([]);
    expect(formats("csv")).toEqual([
      [
        "/servers/1/format",
        "Server `catalog` names format `csv`, but provisioning to aws makes the Glue tables read parquet files, the s3 server's format: whoever reads this entry (consumers, contract-test, the catalog) reads the files as the wrong format. Write format: parquet.",
      ],
    ]);
  });

  it("refuses a location naming a contract's one object's files at the bucket's root, rather than reading the table (and expiring it) at <table>/, where those files are not", () => {
    const refused = (location: string) => awsLocationOutcome(location);
    expect(refused("s3://acme-lake/*.parquet")).toEqual([
      [],
      [
        [
          "provision-server-invalid",
          "/servers/0/location",
          'The s3 server location "s3://acme-lake/*.parquet" names the object\'s files at the bucket\'s root; a Glue table\'s location is a folder, and every file in it is the table\'s (at the root, the whole bucket\'s, and its retention rule would expire the whole bucket). Give the object a folder of its own: s3://acme-lake/{model}/*.parquet.',
        ],
      ],
    ]);
    expect(refused("s3://acme-lake/{model}_*.parquet")[1]).toEqual([["provision-server-invalid", "/servers/0/location", expect.stringContaining("Give the object a folder of its own: s3://acme-lake/{model}/{model}_*.parquet.")]]);
    // A folder at the root is still the table's prefix: the bucket's root itself, or the object's folder.
    expect(refused("s3://acme-lake/")).toEqual([["sales/orders"], []]);
    expect(refused("s3://acme-lake/{model}/*.parquet")).toEqual([["sales/orders"], []]);
  });

  it("puts in the object's physicalName (else its name) for `{object}`, as the catalog registers the data", () => {
    const tableFolder = (table: string) => {
      const render = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ table, extra: "servers:\n  - server: lake\n    type: s3\n    location: s3://acme-lake/data/{object}/*.parquet" }) })));
      const [glue] = Object.values(resources(render.files).aws_glue_catalog_table ?? {});
      return [glue?.name, (glue?.storage_descriptor as Json | undefined)?.location];
    };
    expect(tableFolder("sales_orders\n    physicalName: orders")).toEqual(["orders", "s3://${aws_s3_bucket.sales.bucket}/data/orders/"]);
    expect(tableFolder('orders\n    physicalName: ""')).toEqual(["orders", "s3://${aws_s3_bucket.sales.bucket}/data/orders/"]);
  });

  it("puts a table's Glue location at the folder of its one file when the s3 location names a file per object, and refuses such a location where that folder is not the object's own", () => {
    const server = (location: string) => `servers:\n  - server: lake\n    type: s3\n    location: ${location}`;
    const render = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: server("s3://acme-lake/data/{model}.parquet") }) })));
    const [table] = Object.values(resources(render.files).aws_glue_catalog_table ?? {});
    // Not `data/orders.parquet/`: a Glue (Athena) table's location is a folder, and the file is in `data/`.
    expect((table?.storage_descriptor as Json | undefined)?.location).toBe("s3://${aws_s3_bucket.sales.bucket}/data/");
    expect(render.findings).toEqual([]);
    const twoObjects = contract({ extra: server("s3://acme-lake/data/{object}.parquet") }).replace("roles:\n", "  - name: customers\n    properties:\n      - name: id\n        logicalType: string\nroles:\n");
    const shared = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": twoObjects })));
    expect(shared.products).toEqual([]);
    expect(shared.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      [
        "provision-server-invalid",
        "/servers/0/location",
        'The s3 server location "s3://acme-lake/data/{object}.parquet" names one file per object, in one folder (data/) with the files of the contract\'s other object; a Glue table\'s location is a folder, and every file in it is the table\'s. Give each object a folder of its own: s3://acme-lake/data/{model}/*.parquet.',
      ],
    ]);
    const root = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: server("s3://acme-lake/{model}.parquet") }) })));
    expect(root.findings.map((f) => [f.ruleId, f.message.split(";")[0]])).toEqual([["provision-server-invalid", 'The s3 server location "s3://acme-lake/{model}.parquet" names one file per object, at the bucket\'s root']]);
  });

  it("refuses a location naming each object's files by a pattern in one folder the objects share, rather than reading each table at <folder>/<table>/, where none of them is", () => {
    const refused = (location: string) => awsLocationOutcome(location, true);
    const shared = 'The s3 server location "s3://acme-lake/data/{model}_*.csv.gz" names each object\'s files, in one folder (data/) with the files of the contract\'s other object; a Glue table\'s location is a folder, and every file in it is the table\'s. Give each object a folder of its own: s3://acme-lake/data/{model}/*.csv.gz.';
    expect(refused("s3://acme-lake/data/{model}_*.csv.gz")).toEqual([[], [["provision-server-invalid", "/servers/0/location", shared]]]);
    expect(refused("s3://acme-lake/{object}_*.parquet")[1]).toEqual([["provision-server-invalid", "/servers/0/location", expect.stringContaining("names each object's files, at the bucket's root;")]]);
    // Each object's own folder, or one object's files: the table is that folder.
    expect(refused("s3://acme-lake/data/{model}/*.parquet")).toEqual([["sales/orders"], []]);
    const one = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: `servers:\n  - server: lake\n    type: s3\n    location: s3://acme-lake/data/{model}_*.parquet` }) })));
    expect([one.findings, Object.values(resources(one.files).aws_glue_catalog_table ?? {}).map((t) => (t.storage_descriptor as Json | undefined)?.location)]).toEqual([[], ["s3://${aws_s3_bucket.sales.bucket}/data/"]]);
  });

  it("reads a table's one file per object from the object's own folder when the location names that folder too (data/{model}/{model}.parquet)", () => {
    const server = (location: string) => `servers:\n  - server: lake\n    type: s3\n    location: ${location}`;
    const locations = (text: string) => {
      const render = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": text })));
      return { findings: render.findings.map((f) => [f.ruleId, f.message]), locations: Object.values(resources(render.files).aws_glue_catalog_table ?? {}).map((t) => (t.storage_descriptor as Json | undefined)?.location) };
    };
    // The folder holding the file is the object's own, `data/orders/`: not the placeholder itself (`data/{model}/`).
    expect(locations(contract({ extra: server("s3://acme-lake/data/{model}/{model}.parquet") }))).toEqual({ findings: [], locations: ["s3://${aws_s3_bucket.sales.bucket}/data/orders/"] });
    // Each object has a folder of its own, so several objects share none: not refused.
    const twoObjects = contract({ extra: server("s3://acme-lake/data/{object}/{object}.parquet") }).replace("roles:\n", "  - name: customers\n    properties:\n      - name: id\n        logicalType: string\nroles:\n");
    expect(locations(twoObjects)).toEqual({ findings: [], locations: ["s3://${aws_s3_bucket.sales.bucket}/data/customers/", "s3://${aws_s3_bucket.sales.bucket}/data/orders/"] });
  });

  it("refuses two contracts of a domain whose one file per object would be read from one folder, each table reading the other's files", () => {
    const server = (location: string) => `servers:\n  - server: lake\n    type: s3\n    location: ${location}`;
    const render = renderTerraform(
      "aws",
      provisionModel(
        documentsFrom({
          "a.odcs.yaml": contract({ id: "a", name: "orders", extra: server("s3://acme-lake/data/{model}.parquet") }),
          "b.odcs.yaml": contract({ id: "b", name: "refunds", table: "refunds", extra: server("s3://acme-lake/data/{model}.parquet") }),
        }),
      ),
    );
    expect(render.products).toEqual(["sales/orders"]);
    expect(render.findings.map((f) => [f.ruleId, f.file, f.message])).toEqual([
      [
        "provision-name-collision",
        "b.odcs.yaml",
        "S3 folder data/ of domain sales's bucket is already the Glue location of product sales/orders, and a Glue table reads every file in its folder: give each object a folder of its own (s3://<bucket>/<prefix>/{model}/*.parquet); product sales/refunds is not rendered.",
      ],
    ]);
  });

  it("refuses two tables of a domain one of whose folders is inside the other's, the outer table reading the inner one's files", () => {
    const server = (location: string) => `servers:\n  - server: lake\n    type: s3\n    location: ${location}`;
    const render = (a: string, b: string) => {
      const r = renderTerraform(
        "aws",
        provisionModel(
          documentsFrom({
            "a.odcs.yaml": contract({ id: "a", name: "orders", extra: server(a) }),
            "b.odcs.yaml": contract({ id: "b", name: "refunds", table: "refunds", extra: server(b) }),
          }),
        ),
      );
      return { products: r.products, findings: r.findings.map((f) => [f.ruleId, f.file, f.message]) };
    };
    const advice = "a Glue table reads every file in its folder and the folders below it: give each object a folder of its own, none inside another's (s3://<bucket>/<prefix>/{model}/*.parquet); product sales/refunds is not rendered.";
    // orders is read from data/, refunds from data/refunds/: the later one holds, or is inside, the earlier one's folder.
    expect(render("s3://acme-lake/data/*.parquet", "s3://acme-lake/data/{model}/*.parquet")).toEqual({
      products: ["sales/orders"],
      findings: [["provision-name-collision", "b.odcs.yaml", `S3 folder data/refunds/ of domain sales's bucket is inside data/, the Glue location of product sales/orders, and ${advice}`]],
    });
    expect(render("s3://acme-lake/data/{model}/*.parquet", "s3://acme-lake/data/*.parquet")).toEqual({
      products: ["sales/orders"],
      findings: [["provision-name-collision", "b.odcs.yaml", `S3 folder data/ of domain sales's bucket holds data/orders/, the Glue location of product sales/orders, and ${advice}`]],
    });
    // A folder whose name only starts with another's is beside it, not inside: both are rendered.
    expect(render("s3://acme-lake/data/{model}/*.parquet", "s3://acme-lake/data/orders_archive/*.parquet")).toEqual({ products: ["sales/orders", "sales/refunds"], findings: [] });
  });

  it("says that a domain has one lake bucket when two of its products' contracts name two, not that two names fold to one", () => {
    const server = (location: string) => `servers:\n  - server: lake\n    type: s3\n    location: ${location}`;
    const render = renderTerraform(
      "aws",
      provisionModel(
        documentsFrom({
          "a.odcs.yaml": contract({ id: "a", name: "orders", extra: `dataProduct: orders\n${server("s3://acme-sales-a/orders/")}` }),
          "b.odcs.yaml": contract({ id: "b", name: "refunds", table: "refunds", extra: `dataProduct: refunds\n${server("s3://acme-sales-b/refunds/")}` }),
        }),
      ),
    );
    expect(render.products).toEqual(["sales/orders"]);
    expect(render.findings.map((f) => [f.ruleId, f.file, f.path, f.message])).toEqual([
      [
        "provision-name-collision",
        "b.odcs.yaml",
        "/servers/0/location",
        "The lake bucket of domain sales (acme-sales-b) is not bucket acme-sales-a, which another contract of domain sales names: a domain has one lake bucket (one key, one set of lifecycle rules, one Lake Formation location). Name the same bucket in the s3 (or glue) server location of every contract of domain sales (the path after it may differ); product sales/refunds is not rendered.",
      ],
    ]);
  });

  it("refuses a domain whose bucket <prefix>-<domain> would end with a suffix S3 reserves, and prefixes S3 reserves in lake_bucket_prefix", () => {
    const render = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ domain: "sales_s3alias" }) })));
    expect(render.products).toEqual([]);
    expect(render.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["provision-invalid-name", "/domain", "Domain `sales_s3alias` would make the S3 bucket name `<prefix>-sales-s3alias`, whose suffix -s3alias S3 reserves for access point aliases: use another domain name or an s3 (or glue) server location."],
    ]);
    const variables = parse(renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({}) }))).files[VARIABLES_FILE]!).variable as Record<string, Json>;
    const [validation] = variables.lake_bucket_prefix!.validation as Json[];
    for (const reserved of ['!strcontains(var.lake_bucket_prefix, "..")', '!startswith(var.lake_bucket_prefix, "xn--")', '!startswith(var.lake_bucket_prefix, "sthree-")', '!startswith(var.lake_bucket_prefix, "amzn-s3-demo-")']) {
      expect(validation!.condition).toContain(reserved);
    }
  });

  it("refuses, on AWS, a cost center its tags cannot carry, at the customProperty it was read from", () => {
    const costCenter = (value: string) => `customProperties:\n  - property: owner_note\n    value: x\n  - property: cost_center\n    value: ${JSON.stringify(value)}`;
    const refused = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: costCenter("CC#220, R&D") }) })));
    expect([refused.products, refused.findings.map((f) => [f.ruleId, f.path, f.message])]).toEqual([
      [],
      [["provision-invalid-name", "/customProperties/1/value", 'The cost center "CC#220, R&D" cannot be the value of the CostCenter tag AWS resources carry: use at most 256 letters, digits, spaces and `_ . : / = + - @`.']],
    ]);
    // Letters of any script, spaces and AWS's own punctuation are tag values; the other targets write labels of their own.
    expect(renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: costCenter("Kostenstelle 4711/Vertrieb: Zürich+@") }) }))).products).toEqual(["sales/orders"]);
    for (const target of ["snowflake", "bigquery"] as const) {
      expect(renderTerraform(target, provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: costCenter("CC#220, R&D") }) }))).products, target).toEqual(["sales/orders"]);
    }
  });

  it("refuses, on Snowflake, a cost center longer than a tag value holds (256 characters), at the customProperty it was read from", () => {
    const costCenter = (value: string) => `customProperties:\n  - property: costCenter\n    value: ${JSON.stringify(value)}`;
    const long = `CC-${"x".repeat(254)}`;
    const refused = renderTerraform("snowflake", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: costCenter(long) }) })));
    expect([refused.products, refused.findings.map((f) => [f.ruleId, f.path, f.message])]).toEqual([
      [],
      [["provision-invalid-name", "/customProperties/0/value", `The cost center "CC-${"x".repeat(64)}..." is longer than the 256 characters a Snowflake tag value holds (the COST_CENTER tag): use a shorter cost center.`]],
    ]);
    // 256 characters, of any script, are a tag value.
    expect(renderTerraform("snowflake", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ extra: costCenter("é".repeat(256)) }) }))).products).toEqual(["sales/orders"]);
  });

  it("refuses, on AWS and Snowflake, a domain whose products' cost centers, joined for what they share, are longer than a tag value holds", () => {
    const costCenter = (value: string) => `customProperties:\n  - property: costCenter\n    value: ${value}`;
    const domain = (a: string, b: string) =>
      provisionModel(
        documentsFrom({
          "orders.odcs.yaml": contract({ extra: costCenter(a) }),
          "refunds.odcs.yaml": contract({ id: "c-2", name: "refunds", table: "refunds", extra: costCenter(b) }),
        }),
      );
    // 150 + 1 + 150 characters: each fits a tag, their join does not.
    const long = domain(`A-${"a".repeat(148)}`, `B-${"b".repeat(148)}`);
    for (const [target, tag] of [
      ["aws", "the CostCenter tag of the domain's bucket, key and Glue database"],
      ["snowflake", "the COST_CENTER tag of the domain's database"],
    ] as const) {
      const render = renderTerraform(target, long);
      const message = `The cost centers of domain \`sales\`'s products, joined with \`+\` as ${tag} ("A-${"a".repeat(65)}..."), make 301 characters, more than the 256 a tag value holds: give the domain's products one cost center, or shorter ones.`;
      expect(render.findings.filter((f) => f.ruleId !== "provision-no-server").map((f) => [f.ruleId, f.file, f.path, f.message]), target).toEqual([
        ["provision-invalid-name", "orders.odcs.yaml", "/customProperties/0/value", message],
        ["provision-invalid-name", "refunds.odcs.yaml", "/customProperties/0/value", message],
      ]);
      // Still rendered: the error stops the apply, and leaving them out would plan their destruction.
      expect(render.products, target).toEqual(["sales/orders", "sales/refunds"]);
    }
    // A join of 256 characters fits; BigQuery labels each dataset with its own product's cost center.
    expect(renderTerraform("snowflake", domain(`A-${"a".repeat(125)}`, `B-${"b".repeat(126)}`)).findings.filter((f) => f.ruleId === "provision-invalid-name")).toEqual([]);
    expect(renderTerraform("bigquery", long).findings.filter((f) => f.ruleId === "provision-invalid-name")).toEqual([]);
  });

  it("aws: refuses a domain whose bucket would get more than the 1,000 lifecycle rules S3 takes, at the retention SLAs of each contract with such a table", () => {
    const retention = "slaProperties:\n  - property: retention\n    value: 7\n    unit: y";
    const objects = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `  - name: ${prefix}_${i}\n    properties:\n      - name: id\n        logicalType: string`).join("\n");
    // One contract-wide retention: a rule per table, and the bucket's housekeeping rule.
    const domain = (tables: number) =>
      provisionModel(
        documentsFrom({
          "orders.odcs.yaml": contract({ extra: retention, columns: "      - name: id\n        logicalType: string" }).replace("roles:\n", `${objects(tables - 501, "orders")}\nroles:\n`),
          "refunds.odcs.yaml": contract({ id: "c-2", name: "refunds", table: "refunds", extra: retention, columns: "      - name: id\n        logicalType: string" }).replace("roles:\n", `${objects(499, "refunds")}\nroles:\n`),
          "audit.odcs.yaml": contract({ id: "c-3", name: "audit", table: "audit" }),
        }),
      );
    const rules = (render: ReturnType<typeof renderTerraform>) => (resources(render.files).aws_s3_bucket_lifecycle_configuration!.sales!.rule as unknown[]).length;
    const fits = renderTerraform("aws", domain(999));
    expect([rules(fits), fits.findings.filter((f) => f.ruleId === "provision-server-invalid")]).toEqual([1000, []]);
    const over = renderTerraform("aws", domain(1000));
    const message =
      "The lake bucket of domain `sales` would get 1001 lifecycle rules (one per table a retention SLA is about, and one for housekeeping), more than the 1000 S3 takes in a bucket, which it would refuse at the apply: give fewer of the domain's tables a retention SLA, or split the domain (each domain has a bucket of its own).";
    // The contract without a retention has no rule to give up.
    expect(over.findings.filter((f) => f.ruleId === "provision-server-invalid").map((f) => [f.severity, f.file, f.path, f.message])).toEqual([
      ["error", "orders.odcs.yaml", "/slaProperties", message],
      ["error", "refunds.odcs.yaml", "/slaProperties", message],
    ]);
    // Still rendered: the error stops the apply, and leaving them out would plan their destruction.
    expect([rules(over), over.products]).toEqual([1001, ["sales/audit", "sales/orders", "sales/refunds"]]);
  });

  it("refuses an array as a partition key on every target: Hive-style partition columns, BigQuery's and Snowflake's clustering keys are scalar", () => {
    const columns = "      - name: order_id\n        logicalType: string\n      - name: regions\n        logicalType: array\n        partitioned: true\n        items:\n          logicalType: string\n      - name: country\n        logicalType: string\n        partitioned: true";
    const model = provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns }) }));
    const messages = {
      aws: "Column `orders.regions` is a partition key (partitioned: true), but its Glue type array<string> is not a primitive type, which a Hive-style partition column must be; partition by a scalar column.",
      snowflake: "Column `orders.regions` is a partition key (partitioned: true), which Snowflake makes a clustering key, but a column of type ARRAY cannot be one; partition by a scalar column.",
      bigquery:
        "Column `orders.regions` is a partition key (partitioned: true), but BigQuery can neither partition by its type ARRAY<STRING> (only a DATE, DATETIME or TIMESTAMP column, by day) nor cluster by it; partition by a date, timestamp, string, integer, numeric or boolean column.",
    };
    for (const target of TERRAFORM_TARGETS) {
      const render = renderTerraform(target, model);
      expect([render.products, render.findings.map((f) => [f.ruleId, f.path, f.message])], target).toEqual([[], [["provision-type-unmapped", "/schema/0/properties/1/partitioned", messages[target]]]]);
    }
  });

  // Nested objects are Parquet groups in the lake: a Glue `string` column would not read them.
  it("types a Glue object column as the struct of its properties, and says when a field cannot be one", () => {
    const nested =
      "      - name: order_id\n        logicalType: string\n      - name: address\n        logicalType: object\n        properties:\n          - name: Street\n            logicalType: string\n          - name: geo\n            logicalType: object\n            properties:\n              - name: lat\n                logicalType: number\n" +
      "      - name: lines\n        logicalType: array\n        items:\n          logicalType: object\n          properties:\n            - name: amount\n              logicalType: number\n              physicalType: decimal(10,2)\n      - name: extra\n        logicalType: object";
    const render = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: nested }) })));
    const errors = <F extends { severity: string }>(findings: F[]) => findings.filter((f) => f.severity === "error");
    expect(errors(render.findings)).toEqual([]);
    const table = JSON.parse(render.files["sales.orders.tf.json"]!).resource.aws_glue_catalog_table.sales_orders_orders;
    expect(table.storage_descriptor.columns.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ["order_id", "string"],
      ["address", "struct<street:string,geo:struct<lat:double>>"],
      ["lines", "array<struct<amount:decimal(10,2)>>"],
      ["extra", "string"],
    ]);
    // A field no struct type can name leaves the product out of the Glue configuration, with the reason; a struct is no partition key.
    const unnamed = "      - name: address\n        logicalType: object\n        properties:\n          - name: street name\n            logicalType: string";
    const refused = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: unnamed }) })));
    expect([refused.products, errors(refused.findings).map((f) => [f.ruleId, f.path, f.message])]).toEqual([
      [],
      [["provision-type-unmapped", "/schema/0/properties/0", 'Column `orders.address` has no glue type: its field "street name" cannot be a field of a Glue struct type (letters, digits and _, not starting with a digit).']],
    ]);
    const keyed = "      - name: address\n        logicalType: object\n        partitioned: true\n        properties:\n          - name: city\n            logicalType: string";
    expect(errors(renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: keyed }) }))).findings).map((f) => f.message)).toEqual([
      "Column `orders.address` is a partition key (partitioned: true), but its Glue type struct<city:string> is not a primitive type, which a Hive-style partition column must be; partition by a scalar column.",
    ]);
  });

  it("refuses raw bytes and an object as a Glue partition key: Hive-style partition values are folder names", () => {
    const columns =
      "      - name: order_id\n        logicalType: string\n      - name: digest\n        logicalType: string\n        partitioned: true\n        logicalTypeOptions:\n          format: binary\n" +
      "      - name: meta\n        logicalType: object\n        partitioned: true\n      - name: country\n        logicalType: string\n        partitioned: true";
    const render = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns }) })));
    expect([render.products, render.findings.map((f) => [f.ruleId, f.path, f.message])]).toEqual([
      [],
      [
        [
          "provision-type-unmapped",
          "/schema/0/properties/1/partitioned",
          "Column `orders.digest` is a partition key (partitioned: true), but its Glue type binary (raw bytes) cannot be a Hive-style partition column, whose values are folder names; partition by a scalar column.",
        ],
        [
          "provision-type-unmapped",
          "/schema/0/properties/2/partitioned",
          "Column `orders.meta` is a partition key (partitioned: true), but it is an object, written as JSON text on Glue, which cannot be a Hive-style partition column, whose values are folder names; partition by a scalar column.",
        ],
      ],
    ]);
    // A string, a time (text on Glue) and the other scalars stay partition keys.
    const scalars = "      - name: country\n        logicalType: string\n        partitioned: true\n      - name: slot\n        logicalType: time\n        partitioned: true\n";
    expect(renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: scalars }) }))).products).toEqual(["sales/orders"]);
  });

  it("aws: refuses a sensitive partition key, whose values would be folder names in every object key, readable past the column's masking", () => {
    const columns =
      "      - name: order_id\n        logicalType: string\n      - name: email\n        logicalType: string\n        classification: restricted\n        partitioned: true\n" +
      "      - name: phone\n        logicalType: string\n        tags: [PII]\n        partitioned: true\n      - name: country\n        logicalType: string\n        classification: public\n        partitioned: true\n" +
      // Tagged pii, classified internal: the tag is why, not the classification.
      "      - name: customer_ref\n        logicalType: string\n        classification: internal\n        tags: [pii]\n        partitioned: true";
    const model = provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns }) }));
    const render = renderTerraform("aws", model);
    const message = (column: string, why: string) =>
      `Column \`orders.${column}\` is a partition key (partitioned: true), but it is sensitive (${why}): on Glue its values become folder names (…/${column}=<value>/), in every object key, which SSE-KMS does not encrypt and S3 access logs and CloudTrail record, and which a role not approved for the column still reads (Glue's partitions, Athena's "$path"). Partition by a column that is not sensitive.`;
    expect([render.products, render.findings.map((f) => [f.ruleId, f.severity, f.path, f.message])]).toEqual([
      [],
      [
        ["provision-type-unmapped", "error", "/schema/0/properties/1/partitioned", message("email", "classification restricted")],
        ["provision-type-unmapped", "error", "/schema/0/properties/2/partitioned", message("phone", "tagged pii")],
        ["provision-type-unmapped", "error", "/schema/0/properties/4/partitioned", message("customer_ref", "tagged pii")],
      ],
    ]);
    // BigQuery and Snowflake keep partition values inside the table, where the column's masking holds.
    for (const target of ["bigquery", "snowflake"] as const) expect(renderTerraform(target, model).products, target).toEqual(["sales/orders"]);
  });

  it("warns, on every Terraform target, at a partition key whose partitionKeyPosition an earlier key of its table has (provision-partition-key-position)", () => {
    const key = (name: string, position?: number) => `      - name: ${name}\n        logicalType: string\n        partitioned: true\n${position === undefined ? "" : `        partitionKeyPosition: ${position}\n`}`;
    const render = (target: (typeof TERRAFORM_TARGETS)[number], columns: string) => renderTerraform(target, provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: `      - name: id\n        logicalType: string\n${columns}` }) })));
    const warnings = (result: ReturnType<typeof render>) => result.findings.filter((f) => f.ruleId === "provision-partition-key-position").map((f) => [f.severity, f.path, f.message]);
    for (const target of TERRAFORM_TARGETS) {
      const tied = render(target, key("region", 1) + key("country", 1) + key("city", 2));
      expect(warnings(tied), target).toEqual([
        [
          "warning",
          "/schema/0/properties/2/partitionKeyPosition",
          "Partition keys `orders.region` and `orders.country` both have partitionKeyPosition 1, so their order is the order the properties are listed in, which reordering them would change: number the partition keys 1, 2, ….",
        ],
      ]);
      // Still rendered, in the order listed.
      expect(tied.products, target).toEqual(["sales/orders"]);
      // Numbered 1, 2, …, or one key left without a number (it goes last): nothing to say.
      expect(warnings(render(target, key("region", 2) + key("country", 1))), target).toEqual([]);
      expect(warnings(render(target, key("region", 1) + key("country"))), target).toEqual([]);
      // Two or more without a number (absent, or ODCS's default -1) are as tied as two numbered 1: each after the first is reported.
      const unnumbered = (earlier: string, later: string) => `Partition keys \`orders.${earlier}\` and \`orders.${later}\` have no partitionKeyPosition of 1, 2, …, so their order is the order the properties are listed in, which reordering them would change: number the partition keys 1, 2, ….`;
      expect(warnings(render(target, key("region") + key("country") + key("city", -1))), target).toEqual([
        ["warning", "/schema/0/properties/2/partitioned", unnumbered("region", "country")],
        ["warning", "/schema/0/properties/3/partitionKeyPosition", unnumbered("region", "city")],
      ]);
    }
    const glue = resources(render("aws", key("region", 1) + key("country", 1)).files).aws_glue_catalog_table!.sales_orders_orders!;
    expect((glue.partition_keys as Json[]).map((c) => c.name)).toEqual(["region", "country"]);
  });

  it("does not warn on bigquery about tied partition keys whose order makes the same table: one partitions by day, the other clusters", () => {
    const key = (name: string, type: string, position?: number) => `      - name: ${name}\n        logicalType: ${type}\n        partitioned: true\n${position === undefined ? "" : `        partitionKeyPosition: ${position}\n`}`;
    const render = (target: (typeof TERRAFORM_TARGETS)[number], columns: string) => renderTerraform(target, provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: `      - name: id\n        logicalType: string\n${columns}` }) })));
    const warnings = (target: (typeof TERRAFORM_TARGETS)[number], columns: string) => render(target, columns).findings.filter((f) => f.ruleId === "provision-partition-key-position").map((f) => [f.path, f.message]);
    const unnumbered = (earlier: string, later: string) => `Partition keys \`orders.${earlier}\` and \`orders.${later}\` have no partitionKeyPosition of 1, 2, …, so their order is the order the properties are listed in, which reordering them would change: number the partition keys 1, 2, ….`;
    // ordered_on partitions the table by day and country clusters it, listed either way: nothing to number.
    expect(warnings("bigquery", key("ordered_on", "date") + key("country", "string"))).toEqual([]);
    expect(warnings("bigquery", key("country", "string", 1) + key("ordered_on", "date", 1))).toEqual([]);
    // On aws and snowflake the order is the layout itself.
    for (const target of ["aws", "snowflake"] as const) expect(warnings(target, key("ordered_on", "date") + key("country", "string")), target).toHaveLength(1);
    // Two clustering keys after the day-partitioning one: their clustering order is the listed one, said of the earlier key it is tied with.
    expect(warnings("bigquery", key("ordered_on", "date") + key("country", "string") + key("store", "string"))).toEqual([["/schema/0/properties/3/partitioned", unnumbered("country", "store")]]);
    // Two date keys: which one partitions the table is the listed order.
    expect(warnings("bigquery", key("ordered_on", "date") + key("country", "string") + key("shipped_on", "date"))).toEqual([["/schema/0/properties/3/partitioned", unnumbered("ordered_on", "shipped_on")]]);
  });

  it("lays partition keys out as BigQuery can: the first date or timestamp partitions by day, the others cluster (at most four)", () => {
    const key = (name: string, type: string, position: number) => `      - name: ${name}\n        logicalType: ${type}\n        partitioned: true\n        partitionKeyPosition: ${position}\n`;
    const table = (columns: string) => resources(renderTerraform("bigquery", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns }) }))).files).google_bigquery_table!.sales_orders_orders as Record<string, Json>;
    const both = table(key("country", "string", 1) + key("ordered_at", "timestamp", 2) + key("store", "integer", 3) + key("shipped_on", "date", 4));
    expect([both.time_partitioning, both.clustering]).toEqual([{ type: "DAY", field: "ordered_at" }, ["country", "store", "shipped_on"]]);
    // Integer-range partitioning needs bounds a contract does not give: an integer key clusters.
    const integers = table(key("store", "integer", 1));
    expect([integers.time_partitioning, integers.clustering]).toEqual([undefined, ["store"]]);
    const none = table("      - name: id\n        logicalType: integer\n");
    expect([none.time_partitioning, none.clustering]).toEqual([undefined, undefined]);

    const tooMany = renderTerraform("bigquery", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: ["a", "b", "c", "d", "e"].map((name, i) => key(name, "string", i + 1)).join("") }) })));
    expect(tooMany.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["provision-type-unmapped", "/schema/0/properties/4/partitioned", "Table `orders` has 5 partition keys: BigQuery partitions by one date or timestamp column and clusters by at most 4 others (a, b, c, d, e are 5); mark fewer properties partitioned."],
    ]);
    const float = renderTerraform("bigquery", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: key("score", "number", 1) }) })));
    expect(float.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-type-unmapped", "/schema/0/properties/0/partitioned"]]);
  });

  it("expires a BigQuery table's day partitions after the retention SLA measured at its partitioning column, and only that one", () => {
    const columns =
      "      - name: order_id\n        logicalType: string\n" +
      "      - name: ordered_at\n        physicalName: ordered_ts\n        logicalType: timestamp\n        partitioned: true\n" +
      "      - name: shipped_at\n        logicalType: timestamp\n";
    const sla = (...entries: string[]) => `slaProperties:\n${entries.map((e) => `  - property: retention\n${e}`).join("")}`;
    const partitioning = (extra: string) => (resources(renderTerraform("bigquery", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns, extra }) }))).files).google_bigquery_table!.sales_orders_orders as Record<string, Json>).time_partitioning;
    const day = 86_400_000;
    // 2 y = 730 days, less one (as S3's rule waits); by the property's name, its physicalName, or the bare column.
    expect(partitioning(sla("    value: 2\n    unit: y\n    element: orders.ordered_at\n"))).toEqual({ type: "DAY", field: "ordered_ts", expiration_ms: 729 * day });
    expect(partitioning(sla("    value: 90\n    unit: d\n    element: orders.ordered_ts\n"))).toEqual({ type: "DAY", field: "ordered_ts", expiration_ms: 89 * day });
    expect(partitioning(sla("    value: 90\n    unit: d\n    element: ordered_at\n"))).toEqual({ type: "DAY", field: "ordered_ts", expiration_ms: 89 * day });
    // The shortest of two measured at the column; one measured at another column, or at no column, has no partition to expire by.
    expect(partitioning(sla("    value: 2\n    unit: y\n    element: orders.ordered_at\n", "    value: 1\n    unit: y\n    element: orders.ordered_at\n"))).toMatchObject({ expiration_ms: 364 * day });
    expect(partitioning(sla("    value: 30\n    unit: d\n    element: orders.shipped_at\n"))).toEqual({ type: "DAY", field: "ordered_ts" });
    expect(partitioning(sla("    value: 30\n    unit: d\n"))).toEqual({ type: "DAY", field: "ordered_ts" });
    expect(partitioning(sla("    value: 30\n    unit: d\n    element: orders.ordered_at, orders.shipped_at\n"))).toEqual({ type: "DAY", field: "ordered_ts" });

    // One SLA measured at a column of each of two tables: contract-test checks each element on its own, so each table whose
    // element is its partitioning column expires its partitions, whatever the other table's element is.
    const returns = (partition: string) => `  - name: returns\n    properties:\n      - name: returned_at\n        logicalType: date\n        partitioned: ${partition === "returned_at"}\n      - name: logged_at\n        logicalType: date\n        partitioned: ${partition === "logged_at"}\n`;
    const render = (partition: string) => renderTerraform("bigquery", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: columns + returns(partition), extra: sla("    value: 90\n    unit: d\n    element: orders.ordered_at, returns.returned_at\n") }) })));
    const tables = (result: ReturnType<typeof render>) => resources(result.files).google_bigquery_table as Record<string, Record<string, Json>>;
    const both = render("returned_at");
    expect([tables(both).sales_orders_orders!.time_partitioning, tables(both).sales_orders_returns!.time_partitioning]).toEqual([
      { type: "DAY", field: "ordered_ts", expiration_ms: 89 * day },
      { type: "DAY", field: "returned_at", expiration_ms: 89 * day },
    ]);
    expect(both.findings.filter((f) => f.ruleId === "provision-retention-unenforced")).toEqual([]);
    // `returns` partitioned by another column than its element: only `orders` expires, and the info is about `returns` only.
    const one = render("logged_at");
    expect([tables(one).sales_orders_orders!.time_partitioning, tables(one).sales_orders_returns!.time_partitioning]).toEqual([
      { type: "DAY", field: "ordered_ts", expiration_ms: 89 * day },
      { type: "DAY", field: "logged_at" },
    ]);
    expect(one.findings.filter((f) => f.ruleId === "provision-retention-unenforced").map((f) => f.message)).toEqual([
      "The retention SLA (90 d of `orders.ordered_at, returns.returned_at`) deletes nothing on bigquery for table `returns`: BigQuery deletes rows by age only by expiring the day partitions of a table, when the retention is measured at the column that partitions it, and table `returns` is partitioned by `logged_at` (measure the retention there, element: returns.logged_at); the retention is in the table's description only. Rows older than it stay until something else (a scheduled job) deletes them; meshkit test reports them.",
    ]);
  });

  it("says, at a retention SLA, that it deletes nothing on BigQuery when it is not measured at the partitioning column, and on Snowflake always (provision-retention-unenforced)", () => {
    const columns = (partitioned: boolean) =>
      "      - name: order_id\n        logicalType: string\n" +
      `      - name: ordered_at\n        physicalName: ordered_ts\n        logicalType: timestamp\n${partitioned ? "        partitioned: true\n" : ""}` +
      "      - name: shipped_at\n        logicalType: timestamp\n";
    const sla = (element: string) => `slaProperties:\n  - property: latency\n    value: 1\n    unit: d\n  - property: retention\n    value: 30\n    unit: d\n${element ? `    element: ${element}\n` : ""}`;
    const unenforced = (target: "aws" | "snowflake" | "bigquery", element: string, partitioned = true) =>
      renderTerraform(target, provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: columns(partitioned), extra: sla(element) }) })))
        .findings.filter((f) => f.ruleId === "provision-retention-unenforced")
        .map((f) => [f.severity, f.path, f.message]);
    const tail = "Rows older than it stay until something else (a scheduled job) deletes them; meshkit test reports them.";
    // Measured at the partitioning column (by its name or physicalName): BigQuery expires the partitions.
    expect(unenforced("bigquery", "orders.ordered_at")).toEqual([]);
    expect(unenforced("bigquery", "ordered_ts")).toEqual([]);
    expect(unenforced("bigquery", "orders.shipped_at")).toEqual([
      [
        "info",
        "/slaProperties/1",
        `The retention SLA (30 d of \`orders.shipped_at\`) deletes nothing on bigquery: BigQuery deletes rows by age only by expiring the day partitions of a table, when the retention is measured at the column that partitions it, and table \`orders\` is partitioned by \`ordered_ts\` (measure the retention there, element: orders.ordered_ts); the retention is in the table's description only. ${tail}`,
      ],
    ]);
    expect(unenforced("bigquery", "", false)).toEqual([
      [
        "info",
        "/slaProperties/1",
        `The retention SLA (30 d) deletes nothing on bigquery: BigQuery deletes rows by age only by expiring the day partitions of a table, when the retention is measured at the column that partitions it, and table \`orders\` is not partitioned by day (mark a date or timestamp property of it partitioned: true, and measure the retention there); the retention is in the table's description only. ${tail}`,
      ],
    ]);
    expect(unenforced("snowflake", "orders.ordered_at")).toEqual([
      [
        "info",
        "/slaProperties/1",
        `The retention SLA (30 d of \`orders.ordered_at\`) deletes nothing on snowflake: Snowflake has no setting that deletes rows by age (its data_retention_time_in_days is how long Time Travel keeps changed and deleted rows), so the retention is in the comment of table \`ORDERS\` only. ${tail}`,
      ],
    ]);
    // S3's lifecycle rule expires the table's objects.
    expect(unenforced("aws", "orders.shipped_at")).toEqual([]);
  });

  it("refuses, at the plan, a BigQuery table wider than BigQuery's 10,000 columns, at its schema object; the other targets render it", () => {
    const columns = (count: number) => Array.from({ length: count }, (_, i) => `      - name: c${i}\n        logicalType: integer\n`).join("");
    const wide = (count: number) => provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns: columns(count) }) }));
    // (The contract has no server: a warning on every target, left out here.)
    const errors = (result: ReturnType<typeof renderTerraform>) => result.findings.filter((f) => f.severity === "error");
    expect(errors(renderTerraform("bigquery", wide(10_000)))).toEqual([]);
    const tooWide = renderTerraform("bigquery", wide(10_001));
    expect(errors(tooWide).map((f) => [f.ruleId, f.severity, f.path, f.message])).toEqual([
      ["provision-too-many-columns", "error", "/schema/0", "Table `orders` has 10001 columns, and a BigQuery table can have at most 10000: split the schema object into narrower ones (or nest related properties in an object)."],
    ]);
    expect(tooWide.products).toEqual([]);
    expect(errors(renderTerraform("aws", wide(10_001)))).toEqual([]);
    // Ten thousand properties take a few seconds to load and render on a busy runner.
  }, 60_000);

  it("makes partition keys Snowflake's clustering key, in partitionKeyPosition order", () => {
    const columns = "      - name: id\n        logicalType: integer\n      - name: country\n        logicalType: string\n        partitioned: true\n        partitionKeyPosition: 2\n      - name: Order_Date\n        logicalType: date\n        partitioned: true\n        partitionKeyPosition: 1\n";
    const table = resources(renderTerraform("snowflake", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns }) }))).files).snowflake_table!;
    expect(Object.values(table).map((t) => (t as Record<string, Json>).cluster_by)).toEqual([["ORDER_DATE", "COUNTRY"]]);
  });

  it("double-quotes a clustering key column named as a Snowflake reserved word: the provider writes cluster_by as raw SQL (CLUSTER BY LINEAR(...))", () => {
    const columns = "      - name: order\n        logicalType: string\n        partitioned: true\n        partitionKeyPosition: 1\n      - name: region\n        logicalType: string\n        partitioned: true\n        partitionKeyPosition: 2\n";
    const table = resources(renderTerraform("snowflake", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ columns }) }))).files).snowflake_table!.sales_orders_orders!;
    expect(table.cluster_by).toEqual(['"ORDER"', "REGION"]);
    expect((table.column as Json[]).map((c) => c.name)).toEqual(["ORDER", "REGION"]);
  });

  it("declares a required cost_center variable for products that name no cost center", () => {
    const model = provisionModel(documentsFrom({ "x.odcs.yaml": contract({}) }));
    for (const target of TERRAFORM_TARGETS) {
      const render = renderTerraform(target, model);
      const variables = parse(render.files[VARIABLES_FILE]!).variable as Record<string, Json>;
      expect(variables.cost_center, target).toMatchObject({ type: "string" });
      expect(variables.cost_center, target).not.toHaveProperty("default");
      expect(Object.values(render.files).join("\n"), target).toContain("var.cost_center");
    }
    const withDefault = renderTerraform("aws", model, { params: { costCenter: "CC-999" } });
    expect((parse(withDefault.files[VARIABLES_FILE]!).variable as Record<string, Json>).cost_center!.default).toBe("CC-999");
  });

  it("aws: holds the cost_center variable to what AWS takes as a tag value, so terraform plan refuses one S3, KMS and Glue would refuse at the apply", () => {
    const variables = parse(renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": contract({}) }))).files[VARIABLES_FILE]!).variable as Record<string, Json>;
    const conditions = (variables.cost_center!.validation as Json[]).map((v) => String(v.condition));
    const tagRule = conditions.map((c) => /^\$\{can\(regex\("(.+)", var\.cost_center\)\)\}$/.exec(c)?.[1]).find((r) => r !== undefined);
    expect(tagRule, conditions.join("\n")).toBeDefined();
    // The HCL string literal's `\\` is one backslash of the RE2 pattern, whose \p{…} classes JavaScript reads alike with the u flag.
    const pattern = new RegExp(tagRule!.replace(/\\\\/g, "\\"), "u");
    for (const ok of ["CC-220", "CC-220 EU/Ops", "Kostenstelle Ü+1", "a".repeat(256)]) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ["Sales & Marketing", "CC#220", "(EU)", "a".repeat(257)]) expect(pattern.test(bad), bad).toBe(false);
    // BigQuery labels fold any value to [a-z0-9_-] and 63 characters: no rule there.
    const bigquery = parse(renderTerraform("bigquery", provisionModel(documentsFrom({ "x.odcs.yaml": contract({}) }))).files[VARIABLES_FILE]!).variable as Record<string, Json>;
    expect(bigquery.cost_center!.validation as Json[]).toHaveLength(1);
  });

  it("snowflake: holds the cost_center variable to the 256 characters a tag value holds, as a contract's cost center is", () => {
    const variables = parse(renderTerraform("snowflake", provisionModel(documentsFrom({ "x.odcs.yaml": contract({}) }))).files[VARIABLES_FILE]!).variable as Record<string, Json>;
    expect((variables.cost_center!.validation as Json[]).map((v) => v.condition)).toContain("${length(var.cost_center) <= 256}");
  });

  it("renders no configuration for a model without products", () => {
    for (const target of TERRAFORM_TARGETS) expect(renderTerraform(target, { products: [], findings: [] })).toEqual({ target, files: {}, findings: [], products: [], skipped: [], resources: 0 });
    expect(() => renderTerraform("azure" as TerraformTarget, { products: [], findings: [] })).toThrow(/unknown terraform target/);
  });
});

describe("bigquery: table descriptions within BigQuery's 16,384 characters", () => {
  const describedAs = (description: string) => {
    const r = resources(renderTerraform("bigquery", provisionModel(documentsFrom({ "x.odcs.yaml": contract({ description }) }))).files);
    return r.google_bigquery_table!.sales_orders_orders!.description as string;
  };
  const characters = (text: string) => [...text].length;

  it("cuts a long object description, with `...`, so that the metadata comment fits and stays one JSON document", () => {
    // Quotes and line breaks take two characters each in the JSON comment: the cut accounts for them.
    for (const description of ["x".repeat(20_000), 'said "no"\n'.repeat(2_000), "ü€𝄞".repeat(7_000)]) {
      const written = describedAs(description);
      // The Terraform literal escapes `${`, never in these; BigQuery gets the text as written.
      expect(characters(written)).toBeLessThanOrEqual(16_384);
      expect(characters(written)).toBeGreaterThan(16_300);
      const comment = JSON.parse(written) as Json;
      expect(comment).toMatchObject({ product: "orders", domain: "sales", contract: "c-1", contractVersion: "1.0.0", object: "orders", managedBy: "meshkit" });
      expect(comment.description).toMatch(/\.\.\.$/);
      expect(description.startsWith((comment.description as string).slice(0, -3))).toBe(true);
    }
  });

  it("keeps a description that fits as it is", () => {
    const description = "Orders, one row per order line.\nSee the wiki.";
    expect(JSON.parse(describedAs(description))).toMatchObject({ description });
  });

  it("drops SLAs from the end when the comment is too long even without the description", () => {
    const slas = Array.from({ length: 400 }, (_, i) => `  - property: latency\n    value: ${i + 1}\n    unit: h\n    driver: operational`).join("\n");
    const model = provisionModel(documentsFrom({ "x.odcs.yaml": contract({ description: "x".repeat(5_000), extra: `slaProperties:\n${slas}` }) }));
    const written = resources(renderTerraform("bigquery", model).files).google_bigquery_table!.sales_orders_orders!.description as string;
    expect(characters(written)).toBeLessThanOrEqual(16_384);
    const comment = JSON.parse(written) as { sla: { value: string }[]; description?: string };
    expect(comment.description).toBeUndefined();
    expect(comment.sla.length).toBeGreaterThan(200);
    expect(comment.sla.map((entry) => entry.value)).toEqual(Array.from({ length: comment.sla.length }, (_, i) => `${i + 1} h`));
  });
});

describe("the platform-baseline policy pack, run by the built CLI on the rendered files", () => {
  beforeAll(() => buildCli(), 120_000);

  for (const target of TERRAFORM_TARGETS) {
    it(`${target}: meshkit policy --policies builtin:platform-baseline finds nothing`, () => {
      const dir = join(scratch, `policy-${target}`);
      const files = writeFiles(dir, renderTerraform(target, exampleModel()).files);
      const { status, report, stderr } = policyCheck(dir, files);
      expect(report.findings, stderr).toEqual([]);
      expect(status).toBe(0);
      if (target === "aws") {
        // The infrastructure rules ran on the buckets and taggable resources, and passed.
        const passed = new Set(report.results.filter((x) => x.result === "pass").map((x) => x.rule));
        for (const rule of ["s3-bucket-encryption", "s3-bucket-tags", "resource-cost-tags"]) expect(passed, rule).toContain(rule);
      }
    });
  }

  it("and the pack does catch a rendered bucket whose encryption configuration is removed", () => {
    const dir = join(scratch, "policy-tampered");
    const files = renderTerraform("aws", exampleModel()).files;
    const domain = parse(files["customer.tf.json"]!);
    delete (domain.resource as Resources).aws_s3_bucket_server_side_encryption_configuration;
    const paths = writeFiles(dir, { ...files, "customer.tf.json": `${JSON.stringify(domain, null, 2)}\n` });
    const { status, report } = policyCheck(dir, paths);
    expect(status).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: "s3-bucket-encryption", file: "customer.tf.json", path: "/resource/aws_s3_bucket/customer" })]);
  });
});

describe("terraform CLI (validate, fmt, offline plan) where the binary and providers are installed", () => {
  const providers: Record<TerraformTarget, [string, string]> = { aws: ["hashicorp", "aws"], snowflake: ["snowflakedb", "snowflake"], bigquery: ["hashicorp", "google"] };
  for (const target of TERRAFORM_TARGETS) {
    const [namespace, type] = providers[target];
    const pluginDir = pluginDirFor(namespace, type);
    const reason = !TERRAFORM ? "terraform is not installed on this machine" : `provider ${namespace}/${type} is not in a local plugin directory (MESHKIT_TF_PLUGIN_DIR or /opt/tf-plugins) and tests have no network`;
    it.skipIf(!TERRAFORM || !pluginDir)(`${target}: terraform init + validate accepts the rendered configuration${!TERRAFORM || !pluginDir ? ` (skipped: ${reason})` : ""}`, () => {
      const dir = join(scratch, `validate-${target}`);
      writeFiles(dir, renderTerraform(target, exampleModel()).files);
      const init = terraform(dir, ["init", "-backend=false", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`]);
      expect(init.status, init.stderr).toBe(0);
      const validate = terraform(dir, ["validate", "-json", "-no-color"]);
      const result = JSON.parse(validate.stdout) as { valid: boolean; error_count: number; warning_count: number; diagnostics: { severity: string; summary: string; detail: string }[] };
      expect(result.diagnostics.map((d) => `${d.severity}: ${d.summary} ${d.detail}`)).toEqual([]);
      expect(result).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
      // fmt formats HCL files only; the check passes on JSON and keeps the directory fmt-clean.
      expect(terraform(dir, ["fmt", "-check", "-recursive"]).status).toBe(0);
    }, 180_000);
  }

  const awsPlugins = pluginDirFor("hashicorp", "aws");
  it.skipIf(!TERRAFORM || !awsPlugins)(
    `aws: runTerraform plans offline and the plan JSON passes the platform-baseline pack${!TERRAFORM ? " (skipped: terraform is not installed on this machine)" : !awsPlugins ? " (skipped: provider hashicorp/aws is not in a local plugin directory and tests have no network)" : ""}`,
    async () => {
      const dir = join(scratch, "plan-aws");
      const render = renderTerraform("aws", exampleModel());
      writeFiles(dir, render.files);
      // Test only: static fake credentials and no account lookups, so that planning (all creates, no
      // data sources) needs no AWS API. An override file, as a platform would add its backend.
      writeFiles(dir, {
        "test_override.tf.json": `${JSON.stringify({
          provider: {
            aws: {
              access_key: "AKIAIOSFODNN7EXAMPLE",
              secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
              skip_credentials_validation: true,
              skip_requesting_account_id: true,
              skip_metadata_api_check: "true",
              allowed_account_ids: null,
            },
          },
        })}\n`,
      });
      buildCli();
      const checked: string[] = [];
      const run = await runTerraform(dir, "plan", {
        exec: childProcessExec,
        target: "aws",
        products: render.products,
        pluginDir: awsPlugins,
        env: { TF_CLI_CONFIG_FILE: "/dev/null" },
        vars: { aws_region: "eu-west-1", aws_account_id: "123456789012", lake_bucket_prefix: "acme-lake" },
        policyCheck: ({ text }) => {
          const file = join(dir, "plan.json");
          writeFileSync(file, text);
          const { report } = policyCheck(dir, [file]);
          checked.push(...report.results.filter((x) => x.result === "pass").map((x) => x.rule));
          return report.findings as never[];
        },
      });
      expect(run.policyFindings).toEqual([]);
      expect(new Set(checked)).toEqual(new Set(["s3-bucket-encryption", "s3-bucket-tags", "resource-cost-tags", "storage-resource-tags"]));
      expect(run.plan.changes.length).toBe(render.resources);
      expect(run.plan.changes.every((c) => c.action === "create" && !c.destructive)).toBe(true);
      const planned = (run.planJson as { planned_values: { root_module: { resources: { address: string; values: Json }[] } } }).planned_values.root_module.resources;
      expect(planned.find((x) => x.address === "aws_s3_bucket.customer")!.values).toMatchObject({ bucket: "acme-lake-customer", tags_all: { CostCenter: "CC-220", DataProduct: "true", Domain: "customer", ManagedBy: "meshkit" } });
      const principal = planned.find((x) => x.address === "aws_lakeformation_permissions.customer_customer_360_customer_profiles_customer_profile_reader")!.values;
      expect(principal.principal).toBe("arn:aws:iam::123456789012:role/customer_profile_reader");
    },
    240_000,
  );
});
