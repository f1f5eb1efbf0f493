import { describe, expect, it } from "vitest";
import { type Finding, loadText } from "@meshkit/core";
import { type ExecResult, type TerraformExec, TerraformError, provisionPlanFromTerraform, runTerraform, unsupportedChanges } from "./run.js";

const PLAN = {
  format_version: "1.2",
  resource_changes: [
    { address: "aws_s3_bucket.sales", mode: "managed", type: "aws_s3_bucket", change: { actions: ["create"] } },
    { address: "aws_glue_catalog_table.sales_orders_orders", mode: "managed", type: "aws_glue_catalog_table", change: { actions: ["update"] } },
    { address: "aws_kms_key.sales", mode: "managed", type: "aws_kms_key", change: { actions: ["no-op"] } },
    { address: "data.aws_caller_identity.current", mode: "data", type: "aws_caller_identity", change: { actions: ["read"] } },
  ],
};
const DESTRUCTIVE_PLAN = {
  resource_changes: [
    { address: "aws_glue_catalog_table.sales_orders_old", mode: "managed", type: "aws_glue_catalog_table", change: { actions: ["delete"] } },
    { address: "aws_s3_bucket.sales", mode: "managed", type: "aws_s3_bucket", change: { actions: ["delete", "create"] } },
  ],
};

interface Call {
  command: string;
  args: readonly string[];
  cwd: string;
  env?: Record<string, string>;
}

/** A terraform that answers from a script: exit codes per subcommand, the plan JSON for `show`. */
function fakeTerraform(plan: unknown, exits: Partial<Record<string, ExecResult>> = {}): { exec: TerraformExec; calls: Call[] } {
  const calls: Call[] = [];
  const exec: TerraformExec = async (command, args, options) => {
    calls.push({ command, args, cwd: options.cwd, env: options.env });
    const sub = args[0]!;
    if (exits[sub]) return exits[sub]!;
    if (sub === "plan") return { exitCode: 2, stdout: "Plan: 1 to add", stderr: "" };
    if (sub === "show") return { exitCode: 0, stdout: JSON.stringify(plan), stderr: "" };
    return { exitCode: 0, stdout: "", stderr: "" };
  };
  return { exec, calls };
}

const policyFinding = (severity: Finding["severity"]): Finding =>
  loadText("plan.json", "{}").documents[0]!.finding({ ruleId: "s3-bucket-encryption", severity, message: "not encrypted", path: "", stage: "policy" });

/** A plan with one change of one `type` resource `t`. */
const change = (type: string, actions: string[], before: unknown, after: unknown) => ({ resource_changes: [{ address: `${type}.t`, type, mode: "managed", change: { actions, before, after } }] });

describe("runTerraform", () => {
  it("plan: init, plan -out, show -json in the directory, and the plan as meshkit changes", async () => {
    const { exec, calls } = fakeTerraform(PLAN);
    const run = await runTerraform("/work/infra", "plan", { exec, target: "aws", products: ["sales/orders"], pluginDir: "/opt/tf-plugins", varFiles: ["prod.tfvars"] });
    expect(calls.map((c) => [c.command, ...c.args])).toEqual([
      ["terraform", "init", "-input=false", "-no-color", "-plugin-dir=/opt/tf-plugins"],
      ["terraform", "plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=meshkit.tfplan", "-var-file=prod.tfvars"],
      ["terraform", "show", "-json", "-no-color", "meshkit.tfplan"],
    ]);
    expect(calls.every((c) => c.cwd === "/work/infra" && c.env?.TF_IN_AUTOMATION === "1")).toBe(true);
    expect(run).toMatchObject({ mode: "plan", applied: false, planFile: "meshkit.tfplan", planJson: PLAN, policyFindings: [] });
    expect(run.plan).toEqual({
      kind: "meshkit-provision-plan",
      version: 1,
      target: "aws",
      products: ["sales/orders"],
      changes: [
        { action: "create", kind: "aws_s3_bucket", address: "aws_s3_bucket.sales" },
        { action: "update", kind: "aws_glue_catalog_table", address: "aws_glue_catalog_table.sales_orders_orders" },
      ],
    });
  });

  it("plan: feeds the plan JSON to the policy check and reports its findings without applying", async () => {
    const { exec, calls } = fakeTerraform(PLAN);
    const seen: unknown[] = [];
    const run = await runTerraform("/d", "plan", {
      exec,
      target: "aws",
      policyCheck: (plan) => {
        seen.push(plan);
        return [policyFinding("error")];
      },
    });
    expect(seen).toEqual([{ json: PLAN, text: JSON.stringify(PLAN), planFile: "meshkit.tfplan" }]);
    expect(run.policyFindings.map((f) => f.ruleId)).toEqual(["s3-bucket-encryption"]);
    expect(calls.map((c) => c.args[0])).not.toContain("apply");
  });

  it("apply: checks the plan against policy first, then applies exactly the saved plan", async () => {
    const { exec, calls } = fakeTerraform(PLAN);
    const order: string[] = [];
    const run = await runTerraform("/d", "apply", {
      exec: async (command, args, options) => {
        order.push(args[0]!);
        return exec(command, args, options);
      },
      target: "aws",
      policyCheck: async () => {
        order.push("policy");
        return [policyFinding("warning")];
      },
    });
    expect(order).toEqual(["init", "plan", "show", "policy", "apply"]);
    expect(calls.at(-1)!.args).toEqual(["apply", "-input=false", "-no-color", "meshkit.tfplan"]);
    expect(run).toMatchObject({ mode: "apply", applied: true });
    expect(run.blocked).toBeUndefined();
  });

  it("apply: refuses when the policy check reports an error", async () => {
    const { exec, calls } = fakeTerraform(PLAN);
    const run = await runTerraform("/d", "apply", { exec, target: "aws", policyCheck: () => [policyFinding("error")] });
    expect(run.applied).toBe(false);
    expect(run.blocked).toEqual({ reason: "policy", message: "Not applied: the plan fails 1 policy check (s3-bucket-encryption)." });
    expect(calls.map((c) => c.args[0])).toEqual(["init", "plan", "show"]);
  });

  it("apply: refuses a plan that destroys or replaces resources unless destructive changes are allowed", async () => {
    const refused = fakeTerraform(DESTRUCTIVE_PLAN);
    const run = await runTerraform("/d", "apply", { exec: refused.exec, target: "aws" });
    expect(run.blocked).toEqual({
      reason: "destructive",
      message: "Not applied: the plan destroys, replaces or loses data in 2 resources (aws_glue_catalog_table.sales_orders_old, aws_s3_bucket.sales); allow destructive changes (--allow-destructive) to apply it.",
    });
    expect(refused.calls.map((c) => c.args[0])).not.toContain("apply");

    const allowed = fakeTerraform(DESTRUCTIVE_PLAN);
    expect(await runTerraform("/d", "apply", { exec: allowed.exec, target: "aws", allowDestructive: true })).toMatchObject({ applied: true });
    expect(allowed.calls.map((c) => c.args[0])).toContain("apply");
  });

  it("apply: nothing to apply when the plan has no changes", async () => {
    const { exec, calls } = fakeTerraform({ resource_changes: [] }, { plan: { exitCode: 0, stdout: "No changes.", stderr: "" } });
    const run = await runTerraform("/d", "apply", { exec, target: "snowflake" });
    expect(run).toMatchObject({ applied: false, plan: { target: "snowflake", changes: [] } });
    expect(run.blocked).toBeUndefined();
    expect(calls.map((c) => c.args[0])).toEqual(["init", "plan", "show"]);
  });

  it("fails with the command and the end of its stderr, never printing -var values", async () => {
    const { exec } = fakeTerraform(PLAN, { plan: { exitCode: 1, stdout: "", stderr: "Error: Invalid provider configuration\n\nno credentials" } });
    const run = runTerraform("/d", "plan", { exec, target: "aws", vars: { snowflake_password: "hunter2", aws_region: "eu-west-1" } });
    await expect(run).rejects.toBeInstanceOf(TerraformError);
    await expect(run).rejects.toThrow(/`terraform plan .* -var=snowflake_password=\*\*\* -var=aws_region=\*\*\*` failed \(exit 1\): Error: Invalid provider configuration\s+no credentials/);
    await expect(run).rejects.not.toThrow(/hunter2/);
  });

  it("fails when show prints no JSON, or init fails", async () => {
    await expect(runTerraform("/d", "plan", { exec: fakeTerraform(PLAN, { show: { exitCode: 0, stdout: "not json", stderr: "" } }).exec, target: "aws" })).rejects.toThrow(/did not print JSON/);
    await expect(runTerraform("/d", "plan", { exec: fakeTerraform(PLAN, { init: { exitCode: 1, stdout: "", stderr: "Failed to query available provider packages" } }).exec, target: "aws" })).rejects.toThrow(
      /`terraform init -input=false -no-color` failed \(exit 1\): Failed to query/,
    );
  });

  it("uses another binary and plan file when told", async () => {
    const { exec, calls } = fakeTerraform(PLAN);
    await runTerraform("/d", "plan", { exec, target: "aws", binary: "/usr/local/bin/tofu", planFile: "out/plan.bin" });
    expect(calls.map((c) => c.command)).toEqual(["/usr/local/bin/tofu", "/usr/local/bin/tofu", "/usr/local/bin/tofu"]);
    expect(calls[2]!.args).toEqual(["show", "-json", "-no-color", "out/plan.bin"]);
  });
});

describe("provisionPlanFromTerraform", () => {
  it("maps create, update, delete and replace; skips no-op, reads and data sources; marks losses destructive", () => {
    expect(provisionPlanFromTerraform("aws", DESTRUCTIVE_PLAN).changes).toEqual([
      { action: "delete", kind: "aws_glue_catalog_table", address: "aws_glue_catalog_table.sales_orders_old", destructive: true },
      { action: "update", kind: "aws_s3_bucket", address: "aws_s3_bucket.sales", detail: "replace (destroy, then create)", destructive: true },
    ]);
    expect(provisionPlanFromTerraform("bigquery", { resource_changes: [{ address: "x.y", type: "x", change: { actions: ["create", "delete"] } }] }).changes[0]).toMatchObject({ action: "update", destructive: true });
  });

  it("never marks a grant destroyed or replaced destructive: a revoke loses no data", () => {
    const changes = (type: string, actions: string[]) => provisionPlanFromTerraform("aws", { resource_changes: [{ address: `${type}.g`, type, mode: "managed", change: { actions } }] }).changes;
    for (const type of ["aws_lakeformation_permissions", "snowflake_grant_privileges_to_account_role", "snowflake_grant_account_role", "google_bigquery_table_iam_member"]) {
      expect(changes(type, ["delete"])).toEqual([{ action: "delete", kind: type, address: `${type}.g` }]);
      expect(changes(type, ["delete", "create"])).toEqual([{ action: "update", kind: type, address: `${type}.g`, detail: "replace (destroy, then create)" }]);
    }
    expect(changes("snowflake_account_role", ["delete"])[0]!.destructive).toBe(true);
  });

  // A tag association is one resource per tag, value and object type: a contract's new cost center destroys the old value's.
  it("never marks a Snowflake tag association destroyed or replaced destructive: a tag's value loses no data", () => {
    const changes = (actions: string[]) => provisionPlanFromTerraform("snowflake", { resource_changes: [{ address: "snowflake_tag_association.sales_cost_center_schema_cc_100", type: "snowflake_tag_association", mode: "managed", change: { actions } }] }).changes;
    expect(changes(["delete"])).toEqual([{ action: "delete", kind: "snowflake_tag_association", address: "snowflake_tag_association.sales_cost_center_schema_cc_100" }]);
    expect(changes(["delete", "create"])).toEqual([{ action: "update", kind: "snowflake_tag_association", address: "snowflake_tag_association.sales_cost_center_schema_cc_100", detail: "replace (destroy, then create)" }]);
    expect(provisionPlanFromTerraform("snowflake", { resource_changes: [{ address: "snowflake_tag.t", type: "snowflake_tag", mode: "managed", change: { actions: ["delete"] } }] }).changes[0]!.destructive).toBe(true);
  });

  it("marks an in-place update of a table that drops a column (a renamed one included) destructive, naming the columns", () => {
    const update = (type: string, before: unknown, after: unknown) => ({ resource_changes: [{ address: `${type}.t`, type, mode: "managed", change: { actions: ["update"], before, after } }] });
    const snowflake = update("snowflake_table", { column: [{ name: "ID" }, { name: "WAREHOUSE_CODE" }] }, { column: [{ name: "ID" }, { name: "SITE_CODE" }] });
    expect(provisionPlanFromTerraform("snowflake", snowflake).changes).toEqual([
      { action: "update", kind: "snowflake_table", address: "snowflake_table.t", detail: "drops column WAREHOUSE_CODE and its values (the provider renames no column: a renamed column is dropped and a new one added)", destructive: true },
    ]);
    const bigquery = update("google_bigquery_table", { schema: JSON.stringify([{ name: "id" }, { name: "a" }, { name: "b" }]) }, { schema: JSON.stringify([{ name: "id" }]) });
    expect(provisionPlanFromTerraform("bigquery", bigquery).changes[0]).toMatchObject({ detail: "drops columns a, b and their values (the provider renames no column: a renamed column is dropped and a new one added)", destructive: true });
    const glue = update("aws_glue_catalog_table", { storage_descriptor: [{ columns: [{ name: "id" }, { name: "warehouse_code" }] }], partition_keys: [{ name: "day" }] }, { storage_descriptor: [{ columns: [{ name: "id" }, { name: "site_code" }] }], partition_keys: [{ name: "day" }] });
    expect(provisionPlanFromTerraform("aws", glue).changes[0]).toMatchObject({ detail: expect.stringMatching(/^drops column warehouse_code \(the files keep its values, but the table no longer reads them; /), destructive: true });
    // Columns added or commented, and resources that are not tables, stay plain updates.
    expect(provisionPlanFromTerraform("snowflake", update("snowflake_table", { column: [{ name: "ID" }] }, { column: [{ name: "ID", comment: "x" }, { name: "NEW" }] })).changes[0]).toEqual({ action: "update", kind: "snowflake_table", address: "snowflake_table.t" });
    expect(provisionPlanFromTerraform("aws", update("aws_s3_bucket", { column: [{ name: "a" }] }, { column: [] })).changes[0]!.destructive).toBeUndefined();
    // Columns known only after apply are left out of `after`: that is no drop.
    expect(provisionPlanFromTerraform("aws", update("aws_glue_catalog_table", { storage_descriptor: [{ columns: [{ name: "id" }] }] }, {})).changes[0]!.destructive).toBeUndefined();
  });

  it("names the Snowflake columns an in-place update makes NOT NULL or adds NOT NULL, which the rows may refuse", () => {
    const snowflake = change("snowflake_table", ["update"], { column: [{ name: "ID", nullable: false }, { name: "A", nullable: true }, { name: "B" }] }, { column: [{ name: "ID", nullable: false }, { name: "A", nullable: false }, { name: "B", nullable: false }, { name: "C", nullable: false }, { name: "D", nullable: true }] });
    expect(provisionPlanFromTerraform("snowflake", snowflake).changes).toEqual([
      { action: "update", kind: "snowflake_table", address: "snowflake_table.t", detail: "makes columns A, B required (NOT NULL: Snowflake refuses it while a column holds a NULL); adds required column C (NOT NULL, no default: Snowflake refuses it on a table with rows)" },
    ]);
    // A column made optional, or a created table, needs no such word; BigQuery replaces the table instead.
    expect(provisionPlanFromTerraform("snowflake", change("snowflake_table", ["update"], { column: [{ name: "A", nullable: false }] }, { column: [{ name: "A", nullable: true }] })).changes[0]).toEqual({ action: "update", kind: "snowflake_table", address: "snowflake_table.t" });
    expect(provisionPlanFromTerraform("snowflake", change("snowflake_table", ["create"], null, { column: [{ name: "A", nullable: false }] })).changes[0]).toEqual({ action: "create", kind: "snowflake_table", address: "snowflake_table.t" });
  });

  it("marks a Glue table moved to another location or file format (the contract's s3 server changed) destructive, naming both", () => {
    const glue = (location: string) => ({ storage_descriptor: [{ location, columns: [{ name: "id", type: "bigint" }] }] });
    const moved = change("aws_glue_catalog_table", ["update"], glue("s3://lake/orders/order/"), glue("s3://lake/orders_v2/order/"));
    expect(provisionPlanFromTerraform("aws", moved).changes).toEqual([
      {
        action: "update",
        kind: "aws_glue_catalog_table",
        address: "aws_glue_catalog_table.t",
        detail: "moves the table from s3://lake/orders/order/ to s3://lake/orders_v2/order/ (the files under the old location stay there, but the table no longer reads them)",
        destructive: true,
      },
    ]);
    // A table with a retention rule: the rule follows the table, and no longer expires the files left behind.
    const rule = (prefix: string) => ({ bucket: "lake", rule: [{ id: "meshkit-retention-orders-order", status: "Enabled", filter: [{ prefix }], expiration: [{ days: 364 }] }] });
    const lifecycle = { address: "aws_s3_bucket_lifecycle_configuration.l", type: "aws_s3_bucket_lifecycle_configuration", mode: "managed", change: { actions: ["update"], before: rule("orders/order/"), after: rule("orders_v2/order/") } };
    expect(provisionPlanFromTerraform("aws", { resource_changes: [...moved.resource_changes, lifecycle] }).changes[0]!.detail).toBe(
      "moves the table from s3://lake/orders/order/ to s3://lake/orders_v2/order/ (the files under the old location stay there, but the table no longer reads them and its retention rule no longer expires them)",
    );
    // Another file format (the server's format changed from parquet to csv) leaves the files unreadable.
    const serde = (name: string, library: string) => ({ storage_descriptor: [{ location: "s3://lake/o/", ser_de_info: [{ name, serialization_library: library }] }] });
    const reformatted = change("aws_glue_catalog_table", ["update"], serde("parquet", "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"), serde("csv", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"));
    expect(provisionPlanFromTerraform("aws", reformatted).changes[0]).toMatchObject({
      detail: "reads its files as csv instead of parquet (the files already written stay parquet, which the table can no longer read)",
      destructive: true,
    });
    // The same location, or one known only after apply, is no move.
    expect(provisionPlanFromTerraform("aws", change("aws_glue_catalog_table", ["update"], glue("s3://lake/o/"), glue("s3://lake/o/"))).changes[0]!.destructive).toBeUndefined();
    expect(provisionPlanFromTerraform("aws", change("aws_glue_catalog_table", ["update"], glue("s3://lake/o/"), { storage_descriptor: [{ columns: [{ name: "id", type: "bigint" }] }] })).changes[0]!.destructive).toBeUndefined();
  });

  it("marks a bucket lifecycle update whose retention rule expires sooner (the retention SLA shortened) destructive", () => {
    const lifecycle = (days: number, more: object[] = []) => ({
      rule: [
        { id: "meshkit-housekeeping", status: "Enabled", filter: [{}], expiration: [], noncurrent_version_expiration: [{ noncurrent_days: 30 }] },
        { id: "meshkit-retention-orders-order", status: "Enabled", filter: [{ prefix: "orders/order/" }], expiration: [{ days, date: null }] },
        ...more,
      ],
    });
    const shortened = change("aws_s3_bucket_lifecycle_configuration", ["update"], lifecycle(3649), lifecycle(364));
    expect(provisionPlanFromTerraform("aws", shortened).changes).toEqual([
      {
        action: "update",
        kind: "aws_s3_bucket_lifecycle_configuration",
        address: "aws_s3_bucket_lifecycle_configuration.t",
        detail: "expires objects under orders/order/ after 364 days instead of 3649 (rule meshkit-retention-orders-order): those between 364 and 3649 days old are deleted at once",
        destructive: true,
      },
    ]);
    // A longer retention, or a rule for a new table (its Glue table created by the same plan), deletes nothing that was kept before.
    const added = { id: "meshkit-retention-orders-line", status: "Enabled", filter: [{ prefix: "orders/line/" }], expiration: [{ days: 30 }] };
    const withTable = (plan: { resource_changes: object[] }, actions: string[], location = "s3://lake/orders/line/") => ({
      resource_changes: [...plan.resource_changes, { address: "aws_glue_catalog_table.line", type: "aws_glue_catalog_table", mode: "managed", change: { actions, before: null, after: { storage_descriptor: [{ location }] } } }],
    });
    const lengthened = change("aws_s3_bucket_lifecycle_configuration", ["update"], lifecycle(364), { bucket: "lake", ...lifecycle(3649, [added]) });
    expect(provisionPlanFromTerraform("aws", withTable(lengthened, ["create"])).changes[0]).toEqual({
      action: "update",
      kind: "aws_s3_bucket_lifecycle_configuration",
      address: "aws_s3_bucket_lifecycle_configuration.t",
    });
  });

  it("marks a BigQuery table update whose partition expiration comes sooner, or is new, destructive (the retention SLA shortened or added)", () => {
    const day = 86_400_000;
    const table = (expiration?: number) => ({ time_partitioning: [{ type: "DAY", field: "ordered_at", expiration_ms: expiration ?? null }] });
    const shortened = change("google_bigquery_table", ["update"], table(729 * day), table(364 * day));
    expect(provisionPlanFromTerraform("bigquery", shortened).changes).toEqual([
      { action: "update", kind: "google_bigquery_table", address: "google_bigquery_table.t", detail: "expires partitions after 364 days instead of 729 days: those between 364 days and 729 days old are deleted at once", destructive: true },
    ]);
    expect(provisionPlanFromTerraform("bigquery", change("google_bigquery_table", ["update"], table(), table(89 * day))).changes[0]).toMatchObject({
      detail: "expires partitions after 89 days, which no expiration deleted before: those older than 89 days are deleted at once",
      destructive: true,
    });
    // A longer expiration, one removed, or a new table's deletes nothing that was kept before.
    expect(provisionPlanFromTerraform("bigquery", change("google_bigquery_table", ["update"], table(364 * day), table(729 * day))).changes[0]!.destructive).toBeUndefined();
    expect(provisionPlanFromTerraform("bigquery", change("google_bigquery_table", ["update"], table(364 * day), table())).changes[0]!.destructive).toBeUndefined();
    expect(provisionPlanFromTerraform("bigquery", change("google_bigquery_table", ["create"], null, table(89 * day))).changes[0]).toEqual({ action: "create", kind: "google_bigquery_table", address: "google_bigquery_table.t" });
  });

  it("marks a bucket lifecycle update that adds a retention rule over a table's existing objects (a retention SLA added) destructive", () => {
    const housekeeping = { id: "meshkit-housekeeping", status: "Enabled", filter: [{}], expiration: [], noncurrent_version_expiration: [{ noncurrent_days: 30 }] };
    const retention = (id: string, days: number) => ({ id, status: "Enabled", filter: [{ prefix: "orders/order/" }], expiration: [{ days }] });
    const lifecycle = (...rules: object[]) => ({ bucket: "lake", rule: [housekeeping, ...rules] });
    const detail = "expires objects under orders/order/ after 364 days, which no rule expired before (rule meshkit-retention-orders-order): those older than 364 days are deleted at once";
    // The table exists (its Glue table unchanged, or updated): S3 deletes every object older than the new age at once, as a shortened retention does.
    const added = change("aws_s3_bucket_lifecycle_configuration", ["update"], lifecycle(), lifecycle(retention("meshkit-retention-orders-order", 364)));
    expect(provisionPlanFromTerraform("aws", added).changes).toEqual([{ action: "update", kind: "aws_s3_bucket_lifecycle_configuration", address: "aws_s3_bucket_lifecycle_configuration.t", detail, destructive: true }]);
    const table = (actions: string[], location: string) => ({ address: "aws_glue_catalog_table.order", type: "aws_glue_catalog_table", mode: "managed", change: { actions, before: null, after: { storage_descriptor: [{ location }] } } });
    const plan = (...more: object[]) => ({ resource_changes: [...added.resource_changes, ...more] });
    // A Glue table replaced keeps the files under its folder; one created in another bucket is not this folder's.
    expect(provisionPlanFromTerraform("aws", plan(table(["delete", "create"], "s3://lake/orders/order/"))).changes[0]).toMatchObject({ detail, destructive: true });
    expect(provisionPlanFromTerraform("aws", plan(table(["create"], "s3://other/orders/order/"))).changes[0]).toMatchObject({ detail, destructive: true });
    // A new table's folder holds nothing yet.
    expect(provisionPlanFromTerraform("aws", plan(table(["create"], "s3://lake/orders/order/"))).changes[0]!.destructive).toBeUndefined();
    // A rule renamed (its product renamed) over the same prefix is compared with the one it replaces.
    const renamed = change("aws_s3_bucket_lifecycle_configuration", ["update"], lifecycle(retention("meshkit-retention-sales-order", 364)), lifecycle(retention("meshkit-retention-orders-order", 364)));
    expect(provisionPlanFromTerraform("aws", renamed).changes[0]!.destructive).toBeUndefined();
    // A rule that had no expiration (or was disabled) expired nothing: giving it one is the same as adding it.
    const disabled = { ...retention("meshkit-retention-orders-order", 364), status: "Disabled" };
    expect(provisionPlanFromTerraform("aws", change("aws_s3_bucket_lifecycle_configuration", ["update"], lifecycle(disabled), lifecycle(retention("meshkit-retention-orders-order", 364)))).changes[0]).toMatchObject({ detail, destructive: true });
  });

  // A narrowed or retyped column is what a reviewer must see: `~ snowflake_table.t` alone hid it.
  it("names the columns a table change retypes, in place or by a replacement, and says which lose data", () => {
    const snowflake = change("snowflake_table", ["update"], { column: [{ name: "ID", type: "NUMBER(38,0)" }, { name: "NAME", type: "VARCHAR(40)" }] }, { column: [{ name: "ID", type: "number(38, 0)" }, { name: "NAME", type: "VARCHAR(80)" }] });
    expect(provisionPlanFromTerraform("snowflake", snowflake).changes).toEqual([
      { action: "update", kind: "snowflake_table", address: "snowflake_table.t", detail: "changes the type of column NAME: VARCHAR(40) → VARCHAR(80)" },
    ]);
    const glue = change(
      "aws_glue_catalog_table",
      ["update"],
      { storage_descriptor: [{ columns: [{ name: "id", type: "bigint" }, { name: "note", type: "string" }, { name: "address", type: "string" }] }], partition_keys: [{ name: "day", type: "string" }] },
      { storage_descriptor: [{ columns: [{ name: "id", type: "int" }, { name: "address", type: "struct<city:string>" }] }], partition_keys: [{ name: "day", type: "date" }] },
    );
    expect(provisionPlanFromTerraform("aws", glue).changes[0]).toEqual({
      action: "update",
      kind: "aws_glue_catalog_table",
      address: "aws_glue_catalog_table.t",
      detail: expect.stringMatching(/^drops column note \(.*\); changes the type of columns id: bigint → int \(Athena cannot read .*\), address: string → struct<city:string> \(.*\), day: string → date \(.*\)$/),
      destructive: true,
    });
    const bigquery = change("google_bigquery_table", ["delete", "create"], { schema: JSON.stringify([{ name: "id", type: "INTEGER" }]) }, { schema: JSON.stringify([{ name: "id", type: "STRING" }]) });
    expect(provisionPlanFromTerraform("bigquery", bigquery).changes[0]).toEqual({
      action: "update",
      kind: "google_bigquery_table",
      address: "google_bigquery_table.t",
      detail: "replace (destroy, then create): changes the type of column id: INTEGER → STRING",
      destructive: true,
    });
  });

  // Glue retypes the catalog, not the Parquet files: only the retypes Athena reads old files as are safe.
  it("marks a Glue in-place retype destructive unless Athena reads the old files as the new type", () => {
    const glue = (from: string, to: string) =>
      provisionPlanFromTerraform("aws", change("aws_glue_catalog_table", ["update"], { storage_descriptor: [{ columns: [{ name: "qty", type: from }] }] }, { storage_descriptor: [{ columns: [{ name: "qty", type: to }] }] })).changes[0]!;
    for (const [from, to] of [["int", "bigint"], ["tinyint", "int"], ["smallint", "BIGINT"], ["float", "double"]] as const) {
      expect(glue(from, to), `${from} → ${to}`).toEqual({ action: "update", kind: "aws_glue_catalog_table", address: "aws_glue_catalog_table.t", detail: `changes the type of column qty: ${from} → ${to}` });
    }
    // Hive's other names of one integer type are no retype: nothing to name in the plan.
    for (const [from, to] of [["int", "integer"], ["byte", "TINYINT"]] as const) {
      expect(glue(from, to), `${from} → ${to}`).toEqual({ action: "update", kind: "aws_glue_catalog_table", address: "aws_glue_catalog_table.t" });
    }
    for (const [from, to] of [["bigint", "int"], ["int", "string"], ["string", "int"], ["decimal(10,2)", "decimal(12,2)"], ["double", "float"], ["date", "timestamp"], ["int", "double"]] as const) {
      expect(glue(from, to), `${from} → ${to}`).toEqual({
        action: "update",
        kind: "aws_glue_catalog_table",
        address: "aws_glue_catalog_table.t",
        detail: `changes the type of column qty: ${from} → ${to} (Athena cannot read the Parquet files already written as the old type as the new one)`,
        destructive: true,
      });
    }
  });

  // Snowflake refuses these at apply time, after the resources before the table were changed.
  it("reports Snowflake retypes that Snowflake refuses at plan time, and a lower precision as destructive", () => {
    const snowflake = (columns: [string, string, string][]) =>
      change("snowflake_table", ["update"], { column: columns.map(([name, from]) => ({ name, type: from })) }, { column: columns.map(([name, , to]) => ({ name, type: to })) });
    const narrowed = snowflake([
      ["NAME", "VARCHAR(100)", "VARCHAR(50)"],
      ["NOTE", "VARCHAR", "VARCHAR(200)"],
      ["PRICE", "NUMBER(12,2)", "NUMBER(12,4)"],
      ["CODE", "NUMBER(38,0)", "VARCHAR(20)"],
      ["BLOB", "BINARY(16)", "BINARY(8)"],
      ["AT", "TIMESTAMP_NTZ(9)", "TIMESTAMP_TZ"],
    ]);
    expect(provisionPlanFromTerraform("snowflake", narrowed).changes[0]).toMatchObject({ destructive: true });
    expect(unsupportedChanges(narrowed)).toEqual([
      {
        address: "snowflake_table.t",
        advice: "Keep the old type, or add a column of the new type, backfill it and remove the old one in a later release.",
        detail:
          "changes the type of columns NAME: VARCHAR(100) → VARCHAR(50) (Snowflake cannot shorten a text column in place), NOTE: VARCHAR → VARCHAR(200) (Snowflake cannot shorten a text column in place), PRICE: NUMBER(12,2) → NUMBER(12,4) (Snowflake cannot change the scale of a number column in place), CODE: NUMBER(38,0) → VARCHAR(20) (Snowflake cannot change a column to another type in place), BLOB: BINARY(16) → BINARY(8) (Snowflake cannot shorten a binary column in place), AT: TIMESTAMP_NTZ(9) → TIMESTAMP_TZ (Snowflake cannot change a column to another type in place)",
      },
    ]);

    const precision = snowflake([["ID", "NUMBER(38,0)", "NUMBER(10,0)"]]);
    expect(unsupportedChanges(precision)).toEqual([]);
    expect(provisionPlanFromTerraform("snowflake", precision).changes[0]).toEqual({
      action: "update",
      kind: "snowflake_table",
      address: "snowflake_table.t",
      detail: "changes the type of column ID: NUMBER(38,0) → NUMBER(10,0) (Snowflake applies a lower precision only if every value fits in 10 digits, and fails the apply otherwise)",
      destructive: true,
    });

    // Synonyms and widenings Snowflake makes in place.
    const widened = snowflake([
      ["A", "VARCHAR(10)", "STRING"],
      ["B", "INT", "NUMBER(38,0)"],
      ["C", "NUMBER(10,2)", "NUMBER(20,2)"],
      ["D", "FLOAT", "DOUBLE"],
      ["E", "TEXT", "VARCHAR(16777216)"],
      // The state spells what DESCRIBE shows, the configuration what meshkit renders.
      ["F", "TIMESTAMP_NTZ(9)", "TIMESTAMP_NTZ"],
      ["G", "TIMESTAMP_TZ(9)", "TIMESTAMP WITH TIME ZONE"],
      ["H", "CHARACTER VARYING(10)", "VARCHAR(10)"],
      ["I", "VARCHAR(10)", "character varying(20)"],
    ]);
    expect(unsupportedChanges(widened)).toEqual([]);
    // Only real changes are named: a synonym is the same type, as the provider itself reads it.
    expect(provisionPlanFromTerraform("snowflake", widened).changes[0]).toEqual({
      action: "update",
      kind: "snowflake_table",
      address: "snowflake_table.t",
      detail: "changes the type of columns A: VARCHAR(10) → STRING, C: NUMBER(10,2) → NUMBER(20,2), I: VARCHAR(10) → character varying(20)",
    });
  });

  // The provider updates a maxLength, precision or scale in place; BigQuery refuses any that tightens the type.
  it("reports BigQuery parameterized types tightened in place as refused, and names the widened ones", () => {
    const field = (name: string, type: string) => {
      const match = /^(\w+)(?:\((\d+)(?:,(\d+))?\))?$/.exec(type)!;
      const parameters = match[2] === undefined ? {} : match[1] === "STRING" || match[1] === "BYTES" ? { maxLength: match[2] } : { precision: match[2], ...(match[3] === undefined ? {} : { scale: match[3] }) };
      return { name, mode: "NULLABLE", type: match[1], ...parameters };
    };
    const bigquery = (columns: [string, string, string][]) =>
      change("google_bigquery_table", ["update"], { schema: JSON.stringify(columns.map(([name, from]) => field(name, from))) }, { schema: JSON.stringify(columns.map(([name, , to]) => field(name, to))) });
    const narrowed = bigquery([
      ["name", "STRING(100)", "STRING(50)"],
      ["note", "STRING", "STRING(200)"],
      ["price", "NUMERIC(12,2)", "NUMERIC(12,1)"],
      ["total", "NUMERIC(12,2)", "NUMERIC(11,2)"],
      ["rate", "BIGNUMERIC(40,20)", "BIGNUMERIC(40,30)"],
      ["amount", "NUMERIC", "NUMERIC(20,2)"],
    ]);
    const why = (type: string) => `(BigQuery cannot lower the digits a ${type} column holds before or after the point in place)`;
    expect(unsupportedChanges(narrowed)).toEqual([
      {
        address: "google_bigquery_table.t",
        advice: "Keep the old type, or add a column of the new type, backfill it and remove the old one in a later release.",
        detail: `changes the type of columns name: STRING(100) → STRING(50) (BigQuery cannot lower the maximum length of a STRING column in place), note: STRING → STRING(200) (BigQuery cannot lower the maximum length of a STRING column in place), price: NUMERIC(12,2) → NUMERIC(12,1) ${why("NUMERIC")}, total: NUMERIC(12,2) → NUMERIC(11,2) ${why("NUMERIC")}, rate: BIGNUMERIC(40,20) → BIGNUMERIC(40,30) ${why("BIGNUMERIC")}, amount: NUMERIC → NUMERIC(20,2) ${why("NUMERIC")}`,
      },
    ]);
    expect(provisionPlanFromTerraform("bigquery", narrowed).changes[0]).toMatchObject({ action: "update", destructive: true });

    const widened = bigquery([
      ["name", "STRING(50)", "STRING(100)"],
      ["note", "STRING(200)", "STRING"],
      ["price", "NUMERIC(12,2)", "NUMERIC(14,3)"],
      ["total", "NUMERIC(12,2)", "NUMERIC"],
      ["same", "NUMERIC(10)", "NUMERIC(10,0)"],
    ]);
    expect(unsupportedChanges(widened)).toEqual([]);
    expect(provisionPlanFromTerraform("bigquery", widened).changes[0]).toEqual({
      action: "update",
      kind: "google_bigquery_table",
      address: "google_bigquery_table.t",
      detail: "changes the type of columns name: STRING(50) → STRING(100), note: STRING(200) → STRING, price: NUMERIC(12,2) → NUMERIC(14,3), total: NUMERIC(12,2) → NUMERIC",
    });
  });

  it("apply: refuses a change the warehouse cannot make in place even with destructive changes allowed", async () => {
    const plan = change("snowflake_table", ["update"], { column: [{ name: "NAME", type: "VARCHAR(100)" }] }, { column: [{ name: "NAME", type: "VARCHAR(50)" }] });
    const { exec, calls } = fakeTerraform(plan);
    const run = await runTerraform("/d", "apply", { exec, target: "snowflake", allowDestructive: true });
    expect(run.applied).toBe(false);
    expect(run.blocked).toEqual({ reason: "unsupported", message: "Not applied: the apply would fail on 1 table change (snowflake_table.t), destructive changes allowed or not." });
    expect(calls.map((c) => c.args[0])).not.toContain("apply");
  });

  // The provider checks a table's deletion_protection when the apply comes to delete it, after the resources before it changed.
  it("reports the destroy or replacement of a table whose state has deletion_protection on as refused, flag or not", async () => {
    const schema = (type: string) => JSON.stringify([{ name: "qty", mode: "NULLABLE", type }]);
    const destroyed = change("google_bigquery_table", ["delete"], { deletion_protection: true, schema: schema("INTEGER") }, null);
    expect(unsupportedChanges(destroyed)).toEqual([
      {
        address: "google_bigquery_table.t",
        detail: "destroy, which the provider refuses in the apply: its state has deletion_protection on",
        advice: "Keep its object in the contract, or delete the table by hand and remove it from the state (`terraform state rm google_bigquery_table.t`) first.",
      },
    ]);
    const replaced = change("google_bigquery_table", ["delete", "create"], { deletion_protection: true, schema: schema("INTEGER") }, { deletion_protection: true, schema: schema("STRING") });
    expect(unsupportedChanges(replaced)).toEqual([
      {
        address: "google_bigquery_table.t",
        detail: "replace (destroy, then create): changes the type of column qty: INTEGER → STRING, which the provider refuses in the apply: its state has deletion_protection on",
        advice: "Keep the table as it is (its column types, required columns and partitioning), or delete it by hand and remove it from the state (`terraform state rm google_bigquery_table.t`) so that the apply makes it again, empty.",
      },
    ]);
    // Without the protection in its state (turned off by hand), the provider deletes it: destructive, not refused.
    for (const before of [{ deletion_protection: false }, {}, null]) expect(unsupportedChanges(change("google_bigquery_table", ["delete"], before, null))).toEqual([]);

    const { exec, calls } = fakeTerraform(destroyed);
    const run = await runTerraform("/d", "apply", { exec, target: "bigquery", allowDestructive: true });
    expect(run.applied).toBe(false);
    expect(run.blocked).toEqual({ reason: "unsupported", message: "Not applied: the apply would fail on 1 table change (google_bigquery_table.t), destructive changes allowed or not." });
    expect(calls.map((c) => c.args[0])).not.toContain("apply");
  });

  it("reads anything that is not a plan as no changes", () => {
    for (const value of [null, 42, "plan", [], {}, { resource_changes: "x" }, { resource_changes: [null, { change: {} }] }]) {
      expect(provisionPlanFromTerraform("aws", value).changes).toEqual([]);
    }
  });
});
