import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadText } from "@meshkit/core";
import { startPostgres } from "@meshkit/core/testing/postgres";
import { provisionModel } from "./model.js";
import { renderPlanMarkdown, renderPlanText } from "./plan.js";
import { ALL_PROVISION_RULES } from "./rules.js";
import { renderTerraform } from "./terraform/index.js";
import { ProvisionStoppedError, postgresServer, runProvision, terraformReason } from "./run.js";
import type { TerraformExec } from "./terraform/run.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A project folder holding one contract with an invalid role name and an i128 column. */
function projectWithTwoProblems(): string {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
  dirs.push(dir);
  writeFileSync(
    join(dir, "c.odcs.yaml"),
    'apiVersion: v3.1.0\nkind: DataContract\nid: c1\nname: t\nversion: 1.0.0\nstatus: active\ndomain: sales\nschema:\n  - name: t\n    properties:\n      - name: big\n        logicalType: integer\n        logicalTypeOptions: {format: i128}\nroles:\n  - role: "reader; drop"\n    access: read\n',
  );
  return dir;
}

/** A terraform that fails as on an empty configuration, recording the commands it was asked to run. */
function failingOnEmptyConfiguration(calls: string[]): TerraformExec {
  return async (_command, args) => {
    calls.push(args[0]!);
    return { exitCode: 1, stdout: "", stderr: "Error: No configuration files" };
  };
}

/** A terraform whose plan (`show -json`) is `plan`, recording the commands it was asked to run. */
function terraformPlanning(plan: { resource_changes: { address: string; mode: string; type: string; change: { actions: string[]; before?: unknown; after?: unknown } }[] }, calls: string[] = []): TerraformExec {
  const changes = plan.resource_changes.some((rc) => !rc.change.actions.includes("no-op"));
  return async (_command, args) => {
    calls.push(args[0]!);
    if (args[0] === "plan") return changes ? { exitCode: 2, stdout: "Plan: 0 to add, 0 to change, 1 to destroy.", stderr: "" } : { exitCode: 0, stdout: "No changes.", stderr: "" };
    if (args[0] === "show") return { exitCode: 0, stdout: JSON.stringify(plan), stderr: "" };
    return { exitCode: 0, stdout: "", stderr: "" };
  };
}

describe("runProvision on a Terraform target", () => {
  it("reports every problem of a product that cannot be rendered, and runs no terraform on an empty configuration", async () => {
    const cwd = projectWithTwoProblems();
    const calls: string[] = [];
    const terraformExec = failingOnEmptyConfiguration(calls);
    for (const mode of ["plan", "apply"] as const) {
      const run = await runProvision({ cwd, paths: [], target: "snowflake", mode, terraformExec });
      expect(run.findings.map((f) => [f.ruleId, f.line])).toEqual([
        ["provision-invalid-name", 15],
        ["provision-type-unmapped", 11],
      ]);
      expect(run).toMatchObject({ applied: false, plan: { unknown: "no product could be rendered (see the findings)" } });
    }
    expect(calls).toEqual([]);
  });

  it("says, and runs no terraform, when every contract given lives on another Terraform target", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "c.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\ndomain: sales\nservers:\n  - { server: sf, type: snowflake, account: a-b, database: SALES, schema: ORDERS }\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n");
    const calls: string[] = [];
    const terraformExec = failingOnEmptyConfiguration(calls);
    for (const mode of ["plan", "apply"] as const) {
      const run = await runProvision({ cwd, paths: [], target: "bigquery", mode, terraformExec });
      expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["provision-on-other-target", "info"]]);
      expect(run).toMatchObject({ applied: false, plan: { unknown: "no contract given is on bigquery: their servers place them on other targets (see the findings)" } });
    }
    expect(calls).toEqual([]);

    // With a retired contract beside it, neither reason alone is true of every contract: the active one is not retired.
    writeFileSync(join(cwd, "r.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: r1\nversion: 1.0.0\nstatus: retired\ndomain: returns\nservers:\n  - { server: bq, type: bigquery, project: p, dataset: returns }\nschema:\n  - name: r\n    properties:\n      - name: a\n        logicalType: string\n");
    const both = await runProvision({ cwd, paths: [], target: "bigquery", mode: "plan", terraformExec });
    expect(both.findings.map((f) => f.ruleId).sort()).toEqual(["provision-on-other-target", "provision-retired"]);
    expect(both.plan.unknown).toBe("every contract given is retired, or on another target than bigquery (its servers place it there) (see the findings)");
    expect(calls).toEqual([]);
  });

  it("still plans, with the providers and variables only, when the last product leaves a target whose state may hold it, so that its resources are destroyed", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    const contract = (status: string) =>
      `apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: ${status}\ndomain: sales\ndataProduct: orders\nservers:\n  - { server: bq, type: bigquery, project: p, dataset: sales_orders }\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n`;
    writeFileSync(join(cwd, "c.odcs.yaml"), contract("retired"));
    const out = join(cwd, ".meshkit", "provision", "bigquery");
    const calls: string[] = [];
    const terraformExec = terraformPlanning({ resource_changes: [{ address: "google_bigquery_dataset.sales_orders", mode: "managed", type: "google_bigquery_dataset", change: { actions: ["delete"] } }] }, calls);
    // Never applied from here (no state, no backend): nothing to destroy, and terraform is not run.
    const fresh = await runProvision({ cwd, paths: [], target: "bigquery", mode: "plan", terraformExec });
    expect(fresh.plan.unknown).toBe("every contract given is retired (see the findings)");
    expect(calls).toEqual([]);

    const folderWith = (files: Record<string, string>) => {
      rmSync(out, { recursive: true, force: true });
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(dirname(join(out, file)), { recursive: true });
        writeFileSync(join(out, file), text);
      }
    };
    // The state of a workspace terraform does not select there holds nothing it would plan: still not run.
    folderWith({ "terraform.tfstate.d/prod/terraform.tfstate": "{}" });
    expect((await runProvision({ cwd, paths: [], target: "bigquery", mode: "plan", terraformExec })).plan.unknown).toBe("every contract given is retired (see the findings)");
    expect(calls).toEqual([]);

    // A backend-only file (CI's folder is new on every run) or the local state of the workspace terraform selects (the
    // default, the one `terraform workspace select` left in .terraform/environment, or TF_WORKSPACE's): the empty
    // configuration is planned, and the destroy of the retired product's dataset refused, as the provision-retired
    // warning says.
    const prodState = "terraform.tfstate.d/prod/terraform.tfstate";
    for (const [files, env] of [
      [{ "backend.tf.json": JSON.stringify({ terraform: { backend: { gcs: { bucket: "acme-tf-state" } } } }) }, {}],
      [{ "terraform.tfstate": "{}" }, {}],
      [{ [prodState]: "{}", ".terraform/environment": "prod" }, {}],
      [{ [prodState]: "{}" }, { TF_WORKSPACE: "prod" }],
      [{ [prodState]: "{}", "tfdata/environment": "prod\n" }, { TF_DATA_DIR: "tfdata" }],
    ] as const) {
      const file = Object.keys(files).join(", ");
      folderWith(files);
      calls.length = 0;
      const run = await runProvision({ cwd, paths: [], target: "bigquery", mode: "apply", terraformExec, env });
      expect(calls, file).toEqual(["init", "plan", "show"]);
      expect(readdirSync(out).filter((name) => name.endsWith(".tf.json") && !(name in files)).sort(), file).toEqual(["meshkit-providers.tf.json", "meshkit-variables.tf.json"]);
      expect(run.findings.map((f) => [f.ruleId, f.severity]), file).toEqual([
        ["provision-retired", "warning"],
        ["provision-destructive-change", "error"],
      ]);
      expect(run.plan).toMatchObject({ products: [], changes: [{ address: "google_bigquery_dataset.sales_orders", action: "delete", destructive: true }] });
      expect(run.applied).toBe(false);
    }
  });

  it("warns that a BigQuery table's partitions still expire when the retention that set it no longer renders one (provision-expiration-kept)", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    const contract = (retention: string) =>
      `apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\ndomain: sales\ndataProduct: orders\nservers:\n  - { server: bq, type: bigquery, project: p, dataset: sales_orders }\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n      - name: d\n        logicalType: date\n        partitioned: true\n      - name: e\n        logicalType: date\n${retention}`;
    // The state: partitions expire after 89 days (a 90 d retention at `d`), and the provider plans no change without it.
    const before = { dataset_id: "sales_orders", table_id: "t", time_partitioning: [{ type: "DAY", field: "d", expiration_ms: 89 * 86_400_000 }] };
    const terraformExec = terraformPlanning({ resource_changes: [{ address: "google_bigquery_table.sales_orders_t", mode: "managed", type: "google_bigquery_table", change: { actions: ["no-op"], before, after: before } }] });
    const kept = async (retention: string) => {
      writeFileSync(join(cwd, "c.odcs.yaml"), contract(retention));
      const run = await runProvision({ cwd, paths: [], target: "bigquery", mode: "plan", terraformExec });
      return run.findings.filter((f) => f.ruleId === "provision-expiration-kept").map((f) => [f.severity, f.message]);
    };
    const message =
      "google_bigquery_table.sales_orders_t: BigQuery still deletes each day partition of table sales_orders.t 89 days after its date (the expiration_ms in its state), though no retention SLA measured at its partitioning column asks for it any more: " +
      "the Google provider keeps an expiration the configuration no longer sets. If the rows must be kept, clear it in BigQuery (ALTER TABLE `sales_orders.t` SET OPTIONS (partition_expiration_days = NULL)); else measure the retention at the partitioning column again.";
    // Removed, or moved to another column: kept, and said.
    expect(await kept("")).toEqual([["warning", message]]);
    expect(await kept("slaProperties:\n  - { property: retention, value: 90, unit: d, element: t.e }\n")).toEqual([["warning", message]]);
    // Still measured at the partitioning column: the configuration sets it (a changed age is a planned update).
    expect(await kept("slaProperties:\n  - { property: retention, value: 90, unit: d, element: t.d }\n")).toEqual([]);
  });

  it("refuses a destructive terraform plan on plan as on apply (the pull request fails, not the merge's apply), unless destructive changes are allowed", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "c.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\ndomain: sales\ndataProduct: orders\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n");
    const calls: string[] = [];
    const terraformExec = terraformPlanning({ resource_changes: [{ address: "aws_glue_catalog_table.sales_orders_old", mode: "managed", type: "aws_glue_catalog_table", change: { actions: ["delete"] } }] }, calls);
    for (const mode of ["plan", "apply"] as const) {
      const run = await runProvision({ cwd, paths: [], target: "aws", mode, terraformExec });
      expect(run.findings.filter((f) => f.severity === "error").map((f) => [f.ruleId, f.message]), mode).toEqual([
        ["provision-destructive-change", "aws_glue_catalog_table.sales_orders_old: delete loses data; allow destructive changes (--allow-destructive) to apply it."],
      ]);
      expect(run.applied).toBe(false);
    }
    // The provision action names its input, as on local and postgres: a workflow has no flag to pass.
    const inAction = await runProvision({ cwd, paths: [], target: "aws", mode: "apply", terraformExec, allowDestructiveLabel: "allow-destructive: true" });
    expect(inAction.findings.filter((f) => f.severity === "error").map((f) => f.message)).toEqual(["aws_glue_catalog_table.sales_orders_old: delete loses data; allow destructive changes (allow-destructive: true) to apply it."]);
    expect(inAction.notices).toEqual(["Not applied: the plan destroys, replaces or loses data in 1 resource (aws_glue_catalog_table.sales_orders_old); allow destructive changes (allow-destructive: true) to apply it."]);
    const allowed = await runProvision({ cwd, paths: [], target: "aws", mode: "plan", terraformExec, allowDestructive: true });
    expect(allowed.findings.filter((f) => f.ruleId === "provision-destructive-change")).toEqual([]);
    expect(calls).not.toContain("apply");
  });

  // Snowflake refuses a shorter VARCHAR, and the google provider a table's deletion_protection (every BigQuery table meshkit
  // renders), at apply time, after the resources before the table changed: the pull request's plan must fail, and the flag cannot approve it.
  it.each([
    {
      what: "a Snowflake text column narrowed in place",
      target: "snowflake" as const,
      address: "snowflake_table.sales_orders_t",
      change: { actions: ["update"], before: { column: [{ name: "A", type: "VARCHAR(100)" }] }, after: { column: [{ name: "A", type: "VARCHAR(50)" }] } },
      message: (address: string) =>
        `${address}: changes the type of column A: VARCHAR(100) → VARCHAR(50) (Snowflake cannot shorten a text column in place); the apply would fail even with destructive changes allowed. Keep the old type, or add a column of the new type, backfill it and remove the old one in a later release.`,
    },
    {
      what: "a BigQuery table destroyed with deletion_protection on",
      target: "bigquery" as const,
      address: "google_bigquery_table.sales_orders_refunds",
      change: { actions: ["delete"], before: { deletion_protection: true, table_id: "refunds" }, after: null },
      message: (address: string) =>
        `${address}: destroy, which the provider refuses in the apply: its state has deletion_protection on; the apply would fail even with destructive changes allowed. Keep its object in the contract, or delete the table by hand and remove it from the state (\`terraform state rm ${address}\`) first.`,
    },
  ])("fails the plan of $what, with or without --allow-destructive", async ({ target, address, change, message }) => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "c.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\ndomain: sales\ndataProduct: orders\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n");
    const plan = { resource_changes: [{ address, mode: "managed", type: address.split(".")[0], change }] };
    const calls: string[] = [];
    const terraformExec: TerraformExec = async (_command, args) => {
      calls.push(args[0]!);
      if (args[0] === "plan") return { exitCode: 2, stdout: "Plan: 0 to add, 1 to change, 0 to destroy.", stderr: "" };
      if (args[0] === "show") return { exitCode: 0, stdout: JSON.stringify(plan), stderr: "" };
      return { exitCode: 0, stdout: "", stderr: "" };
    };
    for (const allowDestructive of [false, true]) {
      for (const mode of ["plan", "apply"] as const) {
        const run = await runProvision({ cwd, paths: [], target, mode, terraformExec, allowDestructive });
        expect(run.findings.filter((f) => f.severity === "error").map((f) => [f.ruleId, f.message]), `${mode} ${allowDestructive}`).toEqual([["provision-destructive-change", message(address)]]);
        expect(run.applied).toBe(false);
      }
    }
    expect(calls).not.toContain("apply");
  });

  it("warns that a Snowflake column made required, or a required column added, is a change the rows decide and the plan cannot count", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "c.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 2.0.0\nstatus: active\ndomain: sales\ndataProduct: orders\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n        required: true\n      - name: b\n        logicalType: string\n        required: true\n");
    const address = "snowflake_table.sales_orders_t";
    const before = { column: [{ name: "A", type: "VARCHAR", nullable: true }] };
    const after = { column: [{ name: "A", type: "VARCHAR", nullable: false }, { name: "B", type: "VARCHAR", nullable: false }] };
    const plan = { resource_changes: [{ address, mode: "managed", type: "snowflake_table", change: { actions: ["update"], before, after } }] };
    const terraformExec: TerraformExec = async (_command, args) => {
      if (args[0] === "plan") return { exitCode: 2, stdout: "Plan: 0 to add, 1 to change, 0 to destroy.", stderr: "" };
      if (args[0] === "show") return { exitCode: 0, stdout: JSON.stringify(plan), stderr: "" };
      return { exitCode: 0, stdout: "", stderr: "" };
    };
    const run = await runProvision({ cwd, paths: [], target: "snowflake", mode: "plan", terraformExec });
    const detail = "makes column A required (NOT NULL: Snowflake refuses it while the column holds a NULL); adds required column B (NOT NULL, no default: Snowflake refuses it on a table with rows)";
    expect(run.plan.changes).toEqual([{ action: "update", kind: "snowflake_table", address, detail }]);
    expect(run.findings.filter((f) => f.ruleId !== "provision-no-server").map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      [
        "provision-data-unchecked",
        "warning",
        `${address}: ${detail}; this plan cannot count the rows, so it cannot tell whether the data allows it, and an apply the data stops fails half-way. Fill the column in (or add it optional, backfill it, then make it required) before applying.`,
      ],
    ]);
    // The rule's description (SARIF's, which code scanning shows beside the alert) holds for this warning too: it
    // said only that the plan's user may not read the table and that apply counts the rows again, which no Snowflake apply does.
    const description = ALL_PROVISION_RULES.find((rule) => rule.id === "provision-data-unchecked")!.description;
    expect(description).toContain("on Snowflake, terraform's plan counts no rows for a column made NOT NULL, and a NULL stops the apply half-way");
    expect(description).not.toMatch(/^The plan's user may not read/);
  });
});

describe("runProvision on every target but postgres (its own tests need a server)", () => {
  const project = (files: Record<string, string>): string => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(cwd, file), text);
    return cwd;
  };
  const contract = (id: string, schema: string) => `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\ndomain: sales\ndataProduct: ${id}\n${schema}`;
  const TABLE = (name: string, columns = "      - name: a\n        logicalType: string\n") => `schema:\n  - name: ${name}\n    properties:\n${columns}`;
  // No terraform runs: nothing of these projects can be rendered.
  const terraformExec: TerraformExec = async () => ({ exitCode: 1, stdout: "", stderr: "Error: terraform ran" });

  it("refuses a table with a column named twice, at the later name, and plans or renders nothing of it", async () => {
    const cwd = project({ "c.odcs.yaml": contract("c", TABLE("t", "      - name: status\n        logicalType: string\n      - name: status\n        logicalType: integer\n")) });
    for (const target of ["local", "aws", "snowflake", "bigquery"] as const) {
      const run = await runProvision({ cwd, paths: [], target, mode: "plan", terraformExec });
      expect(run.findings.map((f) => [f.ruleId, f.severity, f.path, f.line]), target).toEqual([["provision-object-conflict", "error", "/schema/0/properties/1/name", 13]]);
      if (target !== "local") expect(run.plan.unknown, target).toBe("no product could be rendered (see the findings)");
    }
  });

  it("refuses a contract that breaks the ODCS schema where provision reads it, and plans the others", async () => {
    const bad = contract("bad", TABLE("t_bad").replace("    properties:\n", '    properties: "x"\n    x_props:\n'));
    const at = [["provision-contract-invalid", "error", "/schema/0/properties", 10], ["provision-contract-invalid", "error", "/schema/0/x_props", 11]];
    const local = await runProvision({ cwd: project({ "bad.odcs.yaml": bad, "good.odcs.yaml": contract("good", TABLE("t_good")) }), paths: [], target: "local", mode: "plan" });
    expect(local.findings.map((f) => [f.ruleId, f.severity, f.path, f.line])).toEqual(at);
    expect(local.plan.products).toEqual(["sales/good"]);
    expect(local.plan.changes.some((c) => c.address.includes("t_good"))).toBe(true);
    expect(local.plan.changes.some((c) => c.address.includes("t_bad"))).toBe(false);
    for (const target of ["aws", "snowflake", "bigquery"] as const) {
      const run = await runProvision({ cwd: project({ "bad.odcs.yaml": bad }), paths: [], target, mode: "plan", terraformExec });
      expect(run.findings.map((f) => [f.ruleId, f.severity, f.path, f.line]), target).toEqual(at);
      expect(run.plan.unknown, target).toBe("no product could be rendered (see the findings)");
    }
  });

  it("refuses a server named for a target that reads none, before planning (it was ignored, and something else planned)", async () => {
    const cwd = project({ "c.odcs.yaml": contract("c", TABLE("t")) });
    for (const target of ["local", "aws", "snowflake", "bigquery"] as const) {
      await expect(runProvision({ cwd, paths: [], target, mode: "plan", server: "prod", serverLabel: "--server prod", terraformExec }), target).rejects.toThrow(
        new RegExp(`^--server prod names the postgres server to provision, and the target is ${target}, which reads none`),
      );
    }
    // The target from meshkit.yaml counts as a --target given.
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nprovision:\n  target: aws\n");
    await expect(runProvision({ cwd, paths: [], mode: "plan", server: "prod", terraformExec })).rejects.toThrow(/^server prod names the postgres server to provision, and the target is aws/);
    expect(existsSync(join(cwd, ".meshkit"))).toBe(false);
  });

  it("refuses a report that would replace one of the plan's files, before anything is planned or applied; another file in the folder is fine", async () => {
    const cwd = project({ "c.odcs.yaml": contract("c", TABLE("t")) });
    for (const [target, file] of [["local", "plans/plan.json"], ["local", "plans/plan.sql"], ["aws", "plans/main.tf.json"], ["aws", "./plans/meshkit.tfplan.json"]] as const) {
      for (const mode of ["plan", "apply"] as const) {
        await expect(runProvision({ cwd, paths: [], target, mode, out: "plans", outLabel: "--out plans", report: { file, label: `--output ${file}` }, terraformExec }), `${target} ${file}`).rejects.toThrow(
          `--output ${file} is ${file.split("/").pop()} of the plan in --out plans: the report would replace it; write to another file`,
        );
      }
    }
    expect(existsSync(join(cwd, "plans"))).toBe(false);
    const run = await runProvision({ cwd, paths: [], target: "local", mode: "plan", out: "plans", report: { file: "plans/report.sarif", label: "--output plans/report.sarif" } });
    expect(run.written.map((file) => file.slice(cwd.length + 1))).toEqual(["plans/plan.json", "plans/plan.sql"]);
  });

  it("refuses a report over what terraform reads in the plan folder (its state, lock file, variables), and over a plan file named through a linked folder", async () => {
    // The state of a backend-less apply is terraform.tfstate in the plan folder: a SARIF log written over it after the
    // apply lost what the infrastructure holds, and the next apply planned every resource anew.
    const cwd = project({ "c.odcs.yaml": contract("c", TABLE("t")) });
    for (const name of ["terraform.tfstate", "terraform.tfstate.backup", ".terraform.lock.hcl", "terraform.tfvars", "prod.auto.tfvars.json", ".terraform/terraform.tfstate", "terraform.tfstate.d/prod/terraform.tfstate"]) {
      const file = `tf/${name}`;
      await expect(runProvision({ cwd, paths: [], target: "aws", mode: "apply", out: "tf", outLabel: "--out tf", report: { file, label: `--output ${file}` }, terraformExec }), name).rejects.toThrow(
        `--output ${file} is ${name} of the plan in --out tf: the report would replace it; write to another file`,
      );
    }
    expect(existsSync(join(cwd, "tf"))).toBe(false);
    mkdirSync(join(cwd, "plans"));
    symlinkSync(join(cwd, "plans"), join(cwd, "plans-link"));
    await expect(runProvision({ cwd, paths: [], target: "local", mode: "plan", out: "plans-link", outLabel: "--out plans-link", report: { file: "plans/plan.json", label: "--output plans/plan.json" } })).rejects.toThrow(
      "--output plans/plan.json is plan.json of the plan in --out plans-link: the report would replace it; write to another file",
    );
    expect(readdirSync(join(cwd, "plans"))).toEqual([]);
  });
});

describe("runProvision on the local warehouse", () => {
  it("says nothing was planned, not 'No changes', when no product could be planned", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "c.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\ndomain: sales\ndataProduct: \"my'quantum\"\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n");
    for (const mode of ["plan", "apply"] as const) {
      const run = await runProvision({ cwd, paths: [], target: "local", mode });
      expect(run.findings.map((f) => f.ruleId)).toEqual(["provision-invalid-name"]);
      expect(run).toMatchObject({ applied: false, plan: { unknown: "no product could be planned (see the findings)", changes: [] } });
      // Not "below": the text format prints the plan before the findings, markdown (the PR comment, job summary) after them.
      expect(renderPlanText(run.plan)).toBe("Nothing planned (local): no product could be planned (see the findings).\n");
      expect(renderPlanMarkdown(run.plan)).toBe("**Nothing planned** (local): no product could be planned (see the findings).\n");
    }
  });

  it("escapes names and details that come from the contracts in the markdown plan", () => {
    const markdown = renderPlanMarkdown({ kind: "meshkit-provision-plan", version: 1, target: "local", products: ["sales/orders"], changes: [{ action: "create", kind: "column", address: "sales.orders.a|b", detail: "VARCHAR — <img src=x> *note*" }] });
    expect(markdown).toContain("| + create | column | `sales.orders.a\\|b` | VARCHAR — \\<img src=x\\> \\*note\\* |");
  });

  const contract = (id: string, status: string) => `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: ${status}\ndomain: sales\ndataProduct: ${id}\nschema:\n  - name: t_${id}\n    properties:\n      - name: a\n        logicalType: string\n`;

  it("provisions nothing for a retired contract, and says so", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "c.odcs.yaml"), contract("c", "retired"));
    for (const mode of ["plan", "apply"] as const) {
      const run = await runProvision({ cwd, paths: [], target: "local", mode });
      expect(run.findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([["provision-retired", "warning", "/status"]]);
      expect(run).toMatchObject({ applied: false, plan: { unknown: "every contract given is retired (see the findings)", changes: [] } });
      expect(renderPlanText(run.plan)).toBe("Nothing planned (local): every contract given is retired (see the findings).\n");
    }
  });

  it("keeps the tables of a contract that became retired: neither changed nor dropped, with or without --allow-destructive", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "a.odcs.yaml"), contract("a", "active"));
    writeFileSync(join(cwd, "b.odcs.yaml"), contract("b", "active"));
    const first = await runProvision({ cwd, paths: [], target: "local", mode: "apply" });
    expect(first.plan.changes.filter((c) => c.kind === "table").map((c) => c.address)).toEqual(["sales.t_a", "sales.t_b"]);
    writeFileSync(join(cwd, "b.odcs.yaml"), contract("b", "retired").replace("logicalType: string", "logicalType: integer"));
    for (const allowDestructive of [false, true]) {
      for (const mode of ["plan", "apply"] as const) {
        const run = await runProvision({ cwd, paths: [], target: "local", mode, allowDestructive });
        expect(run.findings.map((f) => [f.ruleId, f.file])).toEqual([["provision-retired", "b.odcs.yaml"]]);
        // The warning says what happens: kept, whatever the flag (not "not dropped without --allow-destructive").
        expect(run.findings[0]!.message).toContain("is kept: meshkit never drops it, with or without --allow-destructive");
        expect(run.plan.changes).toEqual([]);
        expect(renderPlanText(run.plan)).toBe("No changes (local): the infrastructure matches the contracts.\n");
      }
    }
  });

  it("names the caller's switch for destructive changes (the action's allow-destructive: true) in its refusals and retired warnings, not the CLI's flag", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "a.odcs.yaml"), contract("a", "active"));
    writeFileSync(join(cwd, "b.odcs.yaml"), contract("b", "active"));
    expect((await runProvision({ cwd, paths: [], target: "local", mode: "apply" })).applied).toBe(true);
    writeFileSync(join(cwd, "a.odcs.yaml"), contract("a", "active").replace("logicalType: string", "logicalType: integer"));
    writeFileSync(join(cwd, "b.odcs.yaml"), contract("b", "retired"));
    const labelled = await runProvision({ cwd, paths: [], target: "local", mode: "plan", allowDestructiveLabel: "allow-destructive: true" });
    const messages = Object.fromEntries(labelled.findings.map((f) => [f.ruleId, f.message]));
    expect(Object.keys(messages).sort()).toEqual(["provision-destructive-change", "provision-retired"]);
    expect(messages["provision-destructive-change"]).toContain("; re-run with allow-destructive: true if it is intended.");
    expect(messages["provision-retired"]).toContain("with or without allow-destructive: true,");
    expect(labelled.findings.map((f) => f.message).join("\n")).not.toContain("--allow-destructive");
    // The command line keeps its flag.
    const cli = await runProvision({ cwd, paths: [], target: "local", mode: "plan" });
    expect(cli.findings.find((f) => f.ruleId === "provision-destructive-change")?.message).toContain("; re-run with --allow-destructive if it is intended.");
  });

  it("says nothing is planned for what error findings left out, instead of 'No changes: the infrastructure matches the contracts'", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "a.odcs.yaml"), contract("a", "active"));
    expect((await runProvision({ cwd, paths: [], target: "local", mode: "apply" })).applied).toBe(true);
    writeFileSync(join(cwd, "b.odcs.yaml"), contract("b", "active").replace("domain: sales", "domain: \"sa;les\""));
    for (const mode of ["plan", "apply"] as const) {
      const run = await runProvision({ cwd, paths: [], target: "local", mode });
      expect(run.findings.map((f) => [f.ruleId, f.severity, f.file])).toEqual([["provision-invalid-name", "error", "b.odcs.yaml"]]);
      expect(run.plan).toMatchObject({ changes: [], leftOut: 1 });
      expect(run.applied).toBe(false);
      expect(renderPlanText(run.plan)).toBe("No changes (local) for the products planned; 1 file left out (in whole or in part) because of the errors below.\n");
      expect(renderPlanMarkdown(run.plan)).toBe("**No changes** (local) for the products planned; 1 file left out (in whole or in part) because of the errors below.\n");
    }
    // Once the error is fixed, the plan covers everything again.
    writeFileSync(join(cwd, "b.odcs.yaml"), contract("b", "active"));
    const fixed = await runProvision({ cwd, paths: [], target: "local", mode: "plan" });
    expect(fixed.plan.leftOut).toBeUndefined();
    expect(fixed.plan.changes.map((c) => c.address)).toContain("sales.t_b");
  });

  it("ends an apply that error findings stopped with the line saying nothing was applied, as on the Terraform targets", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "a.odcs.yaml"), contract("a", "active"));
    writeFileSync(join(cwd, "b.odcs.yaml"), contract("b", "active").replace("name: a\n", "name: bad-name\n"));
    const apply = await runProvision({ cwd, paths: [], target: "local", mode: "apply" });
    // The plan of a still lists what would be made, so without the line the log reads as if it had been.
    expect(apply.plan.changes.map((c) => c.address)).toContain("sales.t_a");
    expect(apply).toMatchObject({ applied: false, notices: ["Not applied: 1 error finding (provision-invalid-name); fix them and apply again."] });
    // A plan applies nothing anyway, and an apply without errors is applied: neither has the line.
    expect((await runProvision({ cwd, paths: [], target: "local", mode: "plan" })).notices).toEqual([]);
    rmSync(join(cwd, "b.odcs.yaml"));
    expect(await runProvision({ cwd, paths: [], target: "local", mode: "apply" })).toMatchObject({ applied: true, notices: [] });
  });
});

describe("a retired contract on the Terraform targets", () => {
  it("is left out of the rendered configuration (so terraform plans destroying what it had, which apply refuses without --allow-destructive)", () => {
    const contract = (id: string, status: string) => loadText(`${id}.odcs.yaml`, `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: ${status}\ndomain: sales\ndataProduct: ${id}\nschema:\n  - name: t_${id}\n    properties:\n      - name: a\n        logicalType: string\n`).documents;
    const model = provisionModel({ contracts: [...contract("a", "active"), ...contract("b", "retired")], products: [] });
    for (const target of ["aws", "snowflake", "bigquery"] as const) {
      const files = Object.keys(renderTerraform(target, model).files);
      expect(files).toContain("sales.a.tf.json");
      expect(files.filter((f) => f.includes(".b."))).toEqual([]);
    }
  });
});

describe("plan headings", () => {
  it("says a rendered Terraform configuration was not planned when terraform did not run", () => {
    const plan = { kind: "meshkit-provision-plan", version: 1, target: "aws", products: ["sales/orders"], changes: [], unknown: "terraform is not installed: rendered 3 files (12 resources) in /x" } as const;
    expect(renderPlanText({ ...plan, products: [...plan.products], changes: [] })).toBe("Rendered, not planned (aws): terraform is not installed: rendered 3 files (12 resources) in /x.\n");
    expect(renderPlanMarkdown({ ...plan, products: [...plan.products], changes: [] })).toBe("**Rendered, not planned** (aws): terraform is not installed: rendered 3 files (12 resources) in /x.\n");
  });

  it("never uses compat's word 'compared' for a plan", () => {
    for (const products of [[], ["sales/orders"]]) {
      const plan = { kind: "meshkit-provision-plan" as const, version: 1 as const, target: "local" as const, products, changes: [], unknown: "why" };
      expect(renderPlanText(plan) + renderPlanMarkdown(plan)).not.toMatch(/compared/i);
    }
  });
});

describe("runProvision on PostgreSQL", () => {
  it("reports a contract without a postgres server instead of planning it into the database the others name, and applies none while it is there", async () => {
    const server = await startPostgres({ database: "runs" });
    try {
      const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
      dirs.push(cwd);
      const contract = (id: string, servers: string) =>
        `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\ndomain: sales\ndataProduct: ${id}\n${servers}schema:\n  - name: t_${id}\n    properties:\n      - name: a\n        logicalType: string\n`;
      writeFileSync(join(cwd, "a.odcs.yaml"), contract("a", `servers:\n  - { server: pg, type: postgres, host: ${server.host}, port: ${server.port}, database: ${server.database} }\n`));
      writeFileSync(join(cwd, "b.odcs.yaml"), contract("b", "servers:\n  - { server: lake, type: s3, location: 's3://x/y' }\n"));
      // A retired contract is not planned at all: no provision-no-server, and its other database is not "different".
      writeFileSync(join(cwd, "c.odcs.yaml"), contract("c", "servers:\n  - { server: old, type: postgres, host: old-db, database: gone }\n").replace("status: active", "status: retired"));
      const env = { MESHKIT_POSTGRES_USER: server.user, MESHKIT_POSTGRES_PASSWORD: server.password };
      const run = await runProvision({ cwd, paths: [], target: "postgres", mode: "plan", env });
      expect(run.findings.map((f) => [f.ruleId, f.file, f.path])).toEqual([
        ["provision-retired", "c.odcs.yaml", "/status"],
        ["provision-no-server", "b.odcs.yaml", "/servers"],
      ]);
      expect(run.plan.changes.some((c) => c.address.includes("t_c"))).toBe(false);
      expect(run.plan.changes.map((c) => c.address).filter((a) => a.includes("t_"))).toEqual(expect.arrayContaining(["sales.t_a"]));
      expect(run.plan.changes.some((c) => c.address.includes("t_b"))).toBe(false);
      // All or nothing, as for the planner's own errors: b's error stops the apply of a's additive changes too, and says so.
      const stopped = await runProvision({ cwd, paths: [], target: "postgres", mode: "apply", env });
      expect(stopped).toMatchObject({ applied: false, notices: ["Not applied: 1 error finding (provision-no-server); fix them and apply again."] });
      expect((await runProvision({ cwd, paths: [], target: "postgres", mode: "plan", env })).plan.changes.map((c) => c.address)).toContain("sales.t_a");

      // With b left out by its error, a plan without changes says so instead of "matches the contracts".
      const bText = contract("b", "servers:\n  - { server: lake, type: s3, location: 's3://x/y' }\n");
      rmSync(join(cwd, "b.odcs.yaml"));
      const pgServer = `servers:\n  - { server: pg, type: postgres, host: ${server.host}, port: ${server.port}, database: ${server.database} }\n`;
      writeFileSync(join(cwd, "c.odcs.yaml"), contract("c", pgServer));
      expect((await runProvision({ cwd, paths: [], target: "postgres", mode: "apply", env })).applied).toBe(true);
      writeFileSync(join(cwd, "b.odcs.yaml"), bText);
      for (const mode of ["plan", "apply"] as const) {
        const leftOut = await runProvision({ cwd, paths: [], target: "postgres", mode, env });
        expect(leftOut.findings.map((f) => f.ruleId)).toEqual(["provision-no-server"]);
        expect(leftOut.plan).toMatchObject({ changes: [], leftOut: 1 });
        expect(renderPlanText(leftOut.plan)).toBe("No changes (postgres) for the products planned; 1 file left out (in whole or in part) because of the errors below.\n");
      }

      // A contract retired after it was provisioned: its table is kept, with or without --allow-destructive, and the warning says so.
      rmSync(join(cwd, "b.odcs.yaml"));
      writeFileSync(join(cwd, "c.odcs.yaml"), contract("c", pgServer).replace("status: active", "status: retired"));
      for (const allowDestructive of [false, true]) {
        const retired = await runProvision({ cwd, paths: [], target: "postgres", mode: "apply", env, allowDestructive });
        expect(retired.findings.map((f) => [f.ruleId, f.file])).toEqual([["provision-retired", "c.odcs.yaml"]]);
        expect(retired.findings[0]!.message).toContain("is kept: meshkit never drops it, with or without --allow-destructive");
        expect(retired.plan.changes).toEqual([]);
        expect(renderPlanText(retired.plan)).toBe("No changes (postgres): the infrastructure matches the contracts.\n");
      }
      const after = await runProvision({ cwd, paths: [], target: "postgres", mode: "plan", env });
      expect(after.plan.changes).toEqual([]);
      writeFileSync(join(cwd, "c.odcs.yaml"), contract("c", pgServer));
      expect((await runProvision({ cwd, paths: [], target: "postgres", mode: "plan", env })).plan.changes).toEqual([]); // t_c is still there, as it was

      // A server entry that names another schema than the domain's, where the tables are: a warning at it.
      writeFileSync(join(cwd, "c.odcs.yaml"), contract("c", pgServer.replace(" }\n", ", schema: public }\n")));
      const elsewhere = await runProvision({ cwd, paths: [], target: "postgres", mode: "plan", env });
      expect(elsewhere.findings.map((f) => [f.ruleId, f.severity, f.file, f.path])).toEqual([["provision-server-location", "warning", "c.odcs.yaml", "/servers/0/schema"]]);
      expect(elsewhere.findings[0]!.message).toContain("names schema `public`, but provisioning to postgres makes the tables in schema `sales` (a schema per domain)");
    } finally {
      await server.stop();
    }
  });

  it("names no table of the project's other folders as unclaimed on a run without paths from a folder below its root", async () => {
    const server = await startPostgres({ database: "below" });
    try {
      const root = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
      dirs.push(root);
      writeFileSync(join(root, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
      const contract = (id: string) =>
        `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\ndomain: sales\ndataProduct: ${id}\nservers:\n  - { server: pg, type: postgres, host: ${server.host}, port: ${server.port}, database: ${server.database} }\nschema:\n  - name: t_${id}\n    properties:\n      - name: a\n        logicalType: string\n`;
      // One domain, its products in two folders of the project.
      for (const id of ["orders", "returns"]) {
        mkdirSync(join(root, id));
        writeFileSync(join(root, id, `${id}.odcs.yaml`), contract(id));
      }
      const env = { MESHKIT_POSTGRES_USER: server.user, MESHKIT_POSTGRES_PASSWORD: server.password };
      expect(await runProvision({ cwd: root, paths: [], target: "postgres", mode: "apply", env })).toMatchObject({ applied: true, findings: [] });

      // From orders/ the run reads orders/ only: returns, in the same domain's schema, is still in the project.
      const below = await runProvision({ cwd: join(root, "orders"), paths: [], target: "postgres", mode: "plan", env });
      expect(below.findings).toEqual([]);
      expect(below.plan.changes).toEqual([]);
      rmSync(join(root, "returns", "returns.odcs.yaml"));
      expect((await runProvision({ cwd: root, paths: [], target: "postgres", mode: "plan", env })).findings.map((f) => [f.ruleId, f.file])).toEqual([["provision-unclaimed", "orders/orders.odcs.yaml"]]);
    } finally {
      await server.stop();
    }
  });
});

describe("postgresServer", () => {
  const contract = (id: string, servers: string) => loadText(`${id}.odcs.yaml`, `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\nservers:\n${servers}`).documents[0]!;
  const dev = "  - { server: dev, type: postgres, environment: dev, host: dev-db, database: analytics }\n";
  const prod = "  - { server: prod, type: postgres, environment: prod, host: prod-db, database: analytics }\n";

  it("takes each contract's production server (as the Terraform targets do), else its first, else the one named", () => {
    expect(postgresServer([contract("a", dev + prod)], undefined)).toMatchObject({ server: "prod" });
    expect(postgresServer([contract("a", dev)], undefined)).toMatchObject({ server: "dev" });
    expect(postgresServer([contract("a", dev + prod), contract("b", dev)], "dev")).toMatchObject({ server: "dev" });
    expect(postgresServer([contract("a", "  - { server: x, type: Postgres, host: h, database: d }\n")], undefined)).toMatchObject({ server: "x" });
  });

  it("reads ODCS's other spelling, type postgresql, as a postgres server", () => {
    expect(postgresServer([contract("a", "  - { server: x, type: postgresql, host: h, database: d }\n")], undefined)).toMatchObject({ server: "x" });
    expect(postgresServer([contract("a", dev + "  - { server: p, type: postgresql, environment: prod, host: h, database: d }\n")], "p")).toMatchObject({ server: "p" });
  });

  it("refuses contracts whose servers are different databases rather than provisioning all of them into the first", () => {
    expect(() => postgresServer([contract("a", dev + prod), contract("b", dev)], undefined)).toThrow(/different postgres servers \(a\.odcs\.yaml: prod-db:5432\/analytics, b\.odcs\.yaml: dev-db:5432\/analytics\)/);
    expect(() => postgresServer([contract("a", dev)], "prod")).toThrow(/no contract has a postgres server named prod/);
    expect(() => postgresServer([contract("a", dev + prod), contract("b", dev)], undefined)).toThrow(/; provision one at a time, or choose one with --server$/);
    expect(() => postgresServer([contract("a", "")], undefined)).toThrow("no contract has a server of type postgres to provision (add one, or set --target to local)");
    // The provision action names its inputs: a workflow has no --server or --target to pass.
    const optionNames = { server: "the server input", target: "the target input" };
    expect(() => postgresServer([contract("a", dev + prod), contract("b", dev)], undefined, undefined, optionNames)).toThrow(/; provision one at a time, or choose one with the server input$/);
    expect(() => postgresServer([contract("a", "")], undefined, undefined, optionNames)).toThrow("no contract has a server of type postgres to provision (add one, or set the target input to local)");
  });

  it("says which type the server `--server` names has when it is not a postgres server, rather than that there is none", () => {
    const warehouse = "  - { server: wh, type: snowflake, account: acme, database: SALES, schema: ORDERS }\n";
    expect(() => postgresServer([contract("a", dev + warehouse)], "wh")).toThrow("no contract has a postgres server named wh (the contracts' server wh is of type snowflake: name a postgres server)");
    expect(() => postgresServer([contract("a", dev + warehouse)], "nope")).toThrow(/^no contract has a postgres server named nope$/);
    // An entry of that name without a type is said to have none, not to be of type "none".
    expect(() => postgresServer([contract("a", dev + "  - { server: bare, host: db }\n")], "bare")).toThrow("no contract has a postgres server named bare (the contracts' server bare has no type: name a postgres server)");
  });

  it("takes an IPv6 address written bare and in brackets for one server, and names a different one with its port apart", () => {
    const bare = "  - { server: prod, type: postgres, host: '::1', database: analytics }\n";
    const bracketed = "  - { server: prod, type: postgres, host: '[::1]', database: analytics }\n";
    expect(postgresServer([contract("a", bare), contract("b", bracketed)], undefined)).toMatchObject({ host: "::1" });
    const other = "  - { server: prod, type: postgres, host: 'fd00::2', port: 5433, database: analytics }\n";
    expect(() => postgresServer([contract("a", bare), contract("b", other)], undefined)).toThrow("(a.odcs.yaml: [::1]:5432/analytics, b.odcs.yaml: [fd00::2]:5433/analytics)");
  });

  it("refuses an entry it cannot connect to with the file, line and column of that entry, whichever contract has it", () => {
    const noHost = "  - { server: pg_nohost, type: postgresql, database: analytics }\n";
    expect(() => postgresServer([contract("a", dev), contract("b", noHost)], undefined)).toThrow(/^b\.odcs\.yaml:7:5: server `pg_nohost` \(postgres\) has no `host`$/);
    const noDatabase = "  - server: prod\n    type: postgres\n    host: prod-db\n";
    expect(() => postgresServer([contract("a", dev + noDatabase)], "prod")).toThrow(/^a\.odcs\.yaml:8:5: server `prod` \(postgres\) has no `database`$/);
    const badPort = "  - { server: prod, type: postgres, host: prod-db, port: true, database: analytics }\n";
    expect(() => postgresServer([contract("a", badPort)], undefined, (file) => `repo/${file}`)).toThrow(/^repo\/a\.odcs\.yaml:7:5: server `prod` \(postgres\) has port .*; a port is a whole number/);
  });

  it("takes a port written as its digits for the same server as the number, as the connection reads it", () => {
    const number = "  - { server: prod, type: postgres, host: db, port: 5433, database: analytics }\n";
    const quoted = "  - { server: prod, type: postgres, host: db, port: '05433', database: analytics }\n";
    expect(postgresServer([contract("a", number), contract("b", quoted)], undefined)).toMatchObject({ host: "db", port: 5433 });
  });

  it("refuses a host with credentials before comparing the servers, so the message does not print the password", () => {
    const leaky = "  - { server: prod, type: postgres, host: 'postgresql://admin:Hunter2pw@prod-db/analytics', database: analytics }\n";
    expect(() => postgresServer([contract("a", leaky), contract("b", dev)], undefined)).toThrow(/^a\.odcs\.yaml:7:5: server `prod` has a host that is not a host name, address or socket directory/);
    expect(() => postgresServer([contract("a", leaky), contract("b", dev)], undefined)).not.toThrow(/Hunter2pw/);
  });

  it("refuses a database with credentials (a URI, user:password@, password=) too, which the messages name as host:port/database", () => {
    for (const database of ["postgresql://admin:Hunter2pw@prod-db/analytics", "admin:Hunter2pw@analytics", "dbname=analytics password=Hunter2pw"]) {
      const leaky = `  - { server: prod, type: postgres, host: prod-db, database: '${database}' }\n`;
      expect(() => postgresServer([contract("a", leaky), contract("b", dev)], undefined), database).toThrow(/^a\.odcs\.yaml:7:5: server `prod` has a database that is not a database name/);
      expect(() => postgresServer([contract("a", leaky), contract("b", dev)], undefined), database).not.toThrow(/Hunter2pw/);
    }
    // Spaces and punctuation are PostgreSQL's to judge: only the credential shapes are refused.
    expect(postgresServer([contract("a", "  - { server: prod, type: postgres, host: prod-db, database: 'my db: 2024 @ eu' }\n")], undefined)).toMatchObject({ database: "my db: 2024 @ eu" });
  });
});

describe("runProvision's output folders in a repository whose content others control", () => {
  const CONTRACT = "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\ndomain: sales\ndataProduct: orders\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n";
  const scratch = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  const project = (): string => {
    const cwd = scratch("meshkit-provision-out-");
    writeFileSync(join(cwd, "c.odcs.yaml"), CONTRACT);
    return cwd;
  };
  const calls: string[] = [];
  const terraformExec: TerraformExec = async (_command, args) => {
    calls.push(args[0]!);
    return { exitCode: 1, stdout: "", stderr: "Error: terraform ran" };
  };

  it("refuses a committed link that leads the plan (and the warehouse) out of the project, and writes nothing there", async () => {
    for (const target of ["local", "aws"] as const) {
      for (const mode of ["plan", "apply"] as const) {
        const cwd = project();
        const victim = scratch("meshkit-provision-victim-");
        symlinkSync(victim, join(cwd, ".meshkit"));
        await expect(runProvision({ cwd, paths: [], target, mode, terraformExec }), `${target} ${mode}`).rejects.toThrow(/^Refusing to write the plan to .*: \.meshkit is a symbolic link that leads outside the project [^\n]*$/);
        expect(readdirSync(victim), `${target} ${mode}`).toEqual([]);
      }
    }
    // --out elsewhere does not let the warehouse through the link.
    const cwd = project();
    const victim = scratch("meshkit-provision-victim-");
    symlinkSync(victim, join(cwd, ".meshkit"));
    await expect(runProvision({ cwd, paths: [], target: "local", mode: "apply", out: "plans" })).rejects.toThrow(/^Refusing to write the warehouse in .*: \.meshkit is a symbolic link/);
    expect(readdirSync(victim)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("refuses a committed `lake` link that leads out of the project before anything is written (apply makes the lake folders)", async () => {
    const cwd = project();
    const victim = scratch("meshkit-provision-victim-");
    symlinkSync(victim, join(cwd, "lake"));
    for (const mode of ["plan", "apply"] as const) {
      await expect(runProvision({ cwd, paths: [], target: "local", mode }), mode).rejects.toThrow(/^Refusing to write the lake folders in .*: lake is a symbolic link that leads outside the project [^\n]*$/);
    }
    expect(readdirSync(victim)).toEqual([]);
  });

  it("refuses an --out it cannot write before applying anything (the plan is written after the apply)", async () => {
    const cwd = project();
    writeFileSync(join(cwd, "f"), "a file, not a folder\n");
    await expect(runProvision({ cwd, paths: [], target: "local", mode: "apply", out: "f" })).rejects.toThrow(/^cannot write f: .*not a folder/);
    expect(existsSync(join(cwd, "lake"))).toBe(false);
    expect(existsSync(join(cwd, ".meshkit", "provision", "warehouse.duckdb"))).toBe(false);
  });

  it("keeps the findings made before terraform failed on the error it throws (the CLI reports them, then exits 2)", async () => {
    const cwd = project();
    const failing: TerraformExec = async () => ({ exitCode: 1, stdout: "", stderr: "Error: Failed to query available provider packages" });
    for (const target of ["aws", "snowflake", "bigquery"] as const) {
      const stopped = await runProvision({ cwd, paths: [], target, mode: "plan", terraformExec: failing }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(stopped, target).toBeInstanceOf(ProvisionStoppedError);
      expect((stopped as ProvisionStoppedError).message).toBe(`${target}: \`terraform init -input=false -no-color\` failed (exit 1): Failed to query available provider packages`);
      // The contract names no server of the target: a warning the user must still see.
      expect((stopped as ProvisionStoppedError).findings.map((f) => [f.ruleId, f.severity]), target).toContainEqual(["provision-no-server", "warning"]);
      expect((stopped as ProvisionStoppedError).files).toBe(1);
    }
  });

  it("names what terraform's error is about, from the first sentence of its detail", () => {
    const stderr = [
      "There are some problems with the CLI configuration:",
      "╷",
      "│ Warning: Unable to open CLI configuration file",
      "│",
      '│ The CLI configuration file at "/root/.terraformrc" does not exist.',
      "╵",
      "",
      "Error: No value for required variable",
      "",
      "  on meshkit-variables.tf.json line 23, in variable:",
      '  23:     "cost_center": {',
      "",
      'The root module input variable "cost_center" is not set, and has no default',
      "value. Use a -var or -var-file command line argument to provide a value for",
      "this variable.",
      "",
      "Error: No value for required variable",
      "",
      'The root module input variable "lake_bucket_prefix" is not set, and has no default value.',
    ].join("\n");
    const message = "`terraform plan -input=false -no-color` failed (exit 1): " + stderr.split("\n").slice(-1)[0];
    expect(terraformReason({ message, stderr })).toBe('`terraform plan -input=false -no-color` failed (exit 1): No value for required variable: The root module input variable "cost_center" is not set, and has no default value.');
    // Framed diagnostics (`│`) read the same; an error without detail is its summary alone.
    const framed = ["╷", "│ Error: Invalid provider configuration", "│ ", "│ Provider \"registry.terraform.io/hashicorp/aws\" requires explicit configuration.", "╵"].join("\n");
    expect(terraformReason({ message: "`terraform plan` failed (exit 1): x", stderr: framed })).toBe('`terraform plan` failed (exit 1): Invalid provider configuration: Provider "registry.terraform.io/hashicorp/aws" requires explicit configuration.');
    expect(terraformReason({ message: "`terraform init` failed (exit 1): x", stderr: "Error: Failed to query available provider packages" })).toBe("`terraform init` failed (exit 1): Failed to query available provider packages");
  });

  it("reads terraform's detail to the end of its first sentence, past an abbreviation, and joins a summary ending in a full stop without it", () => {
    const invalid = ["╷", "│ Error: Invalid value for input variable", "│ ", "│   on meshkit.auto.tfvars.json line 2:", '│    2:   "x": 1,', "│ ", "│ The given value is not suitable for var.x declared at vars.tf:1,1-13: e.g. a string is required. Change it.", "╵"].join("\n");
    expect(terraformReason({ message: "`terraform plan` failed (exit 1): x", stderr: invalid })).toBe(
      "`terraform plan` failed (exit 1): Invalid value for input variable: The given value is not suitable for var.x declared at vars.tf:1,1-13: e.g. a string is required.",
    );
    const backend = "\nError: error configuring S3 Backend: no valid credential sources for S3 Backend found.\n\nPlease see https://www.terraform.io/docs/language/settings/backends/s3.html\nfor more information about providing credentials.\n";
    expect(terraformReason({ message: "`terraform init` failed (exit 1): x", stderr: backend })).toBe(
      "`terraform init` failed (exit 1): error configuring S3 Backend: no valid credential sources for S3 Backend found: Please see https://www.terraform.io/docs/language/settings/backends/s3.html for more information about providing credentials.",
    );
  });

  it("keeps the findings made before the local warehouse failed on the error it throws (the CLI reports them, then exits 2)", async () => {
    const cwd = project();
    writeFileSync(join(cwd, "r.odcs.yaml"), CONTRACT.replace("id: c1", "id: r1").replace("status: active", "status: retired").replace("orders", "shop"));
    mkdirSync(join(cwd, ".meshkit"));
    writeFileSync(join(cwd, ".meshkit", "warehouse.duckdb"), "not a DuckDB file, but not empty either\n");
    for (const mode of ["plan", "apply"] as const) {
      const stopped = await runProvision({ cwd, paths: [], target: "local", mode }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(stopped, mode).toBeInstanceOf(ProvisionStoppedError);
      expect((stopped as ProvisionStoppedError).message, mode).toMatch(/^cannot open the warehouse .*warehouse\.duckdb: /);
      // The retired contract's warning is not lost to an unreadable warehouse.
      expect((stopped as ProvisionStoppedError).findings.map((f) => [f.ruleId, f.severity, f.file]), mode).toEqual([["provision-retired", "warning", "r.odcs.yaml"]]);
      expect((stopped as ProvisionStoppedError).files).toBe(2);
    }
  });

  it("provisions where meshkit.yaml's provision.target says when no target is given", async () => {
    const cwd = project();
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nprovision:\n  target: aws\n");
    // The Terraform configuration is rendered for aws, and terraform (a stand-in that fails at once) is run on it.
    const failing: TerraformExec = async () => ({ exitCode: 1, stdout: "", stderr: "no network" });
    await expect(runProvision({ cwd, paths: [], mode: "plan", terraformExec: failing })).rejects.toThrow(/^aws: `terraform init/);
    expect(readdirSync(join(cwd, ".meshkit", "provision", "aws")).some((f) => f.endsWith(".tf.json"))).toBe(true);
    // A target given wins.
    expect((await runProvision({ cwd, paths: [], target: "local", mode: "plan" })).plan.target).toBe("local");
    // provision.requireServer: the contract has no s3 server, so it is an error and nothing is rendered for it.
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nprovision:\n  target: aws\n  requireServer: true\n");
    const required = await runProvision({ cwd, paths: [], mode: "plan", terraformExec: failing });
    expect(required.findings.map((f) => [f.ruleId, f.severity])).toContainEqual(["provision-no-server", "error"]);
    expect(required.plan.products).toEqual([]);
  });

  it("follows a link that stays inside the project, and writes where the user named a folder outside it", async () => {
    const cwd = project();
    mkdirSync(join(cwd, "cache"));
    symlinkSync("cache", join(cwd, ".meshkit"));
    const run = await runProvision({ cwd, paths: [], target: "local", mode: "plan" });
    expect(run.written).toEqual([join(cwd, ".meshkit", "provision", "local", "plan.json"), join(cwd, ".meshkit", "provision", "local", "plan.sql")]);
    expect(existsSync(join(cwd, "cache", "provision", "local", "plan.json"))).toBe(true);
    const elsewhere = scratch("meshkit-provision-named-");
    await runProvision({ cwd: project(), paths: [], target: "local", mode: "plan", out: elsewhere });
    expect(readdirSync(elsewhere).sort()).toEqual(["plan.json", "plan.sql"]);
  });

  it("refuses Terraform configuration meshkit did not render in the folder before terraform runs", async () => {
    const cwd = project();
    const out = join(cwd, ".meshkit", "provision", "aws");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "zz_extra.tf"), 'resource "aws_iam_user" "backdoor" { name = "x" }\n');
    for (const mode of ["plan", "apply"] as const) {
      await expect(runProvision({ cwd, paths: [], target: "aws", mode, terraformExec })).rejects.toThrow(/^Refusing to render into .*: zz_extra\.tf is Terraform configuration meshkit did not render/);
    }
    expect(readdirSync(out)).toEqual(["zz_extra.tf"]);
    expect(calls).toEqual([]);
  });

  it("refuses a link in the Terraform folder that terraform would write through to a file outside", async () => {
    const cwd = project();
    const out = join(cwd, ".meshkit", "provision", "aws");
    mkdirSync(out, { recursive: true });
    const victim = join(scratch("meshkit-provision-victim-"), "bashrc");
    writeFileSync(victim, "mine\n");
    symlinkSync(victim, join(out, "meshkit.tfplan"));
    await expect(runProvision({ cwd, paths: [], target: "aws", mode: "plan", terraformExec })).rejects.toThrow(/^Refusing to use the Terraform folder .*: meshkit\.tfplan is a symbolic link that leads outside /);
    expect(readdirSync(out)).toEqual(["meshkit.tfplan"]);
    expect(calls).toEqual([]);
  });
});

describe("runProvision on local: tables of contracts the project no longer holds", () => {
  const contract = (id: string, product: string, tables: string[], status = "active") =>
    `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: ${status}\ndomain: sales\ndataProduct: ${product}\nschema:\n${tables.map((t) => `  - name: ${t}\n    properties:\n      - name: id\n        logicalType: integer\n`).join("")}`;

  it("names them on a whole-project plan and apply, never drops them, and says nothing on a run given paths", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-unclaimed-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "orders.odcs.yaml"), contract("orders-contract", "orders", ["orders"]));
    writeFileSync(join(cwd, "returns.odcs.yaml"), contract("returns-contract", "returns", ["returns_log", "returns_audit"]));
    writeFileSync(join(cwd, "archive.odcs.yaml"), contract("archive-contract", "archive", ["archive"]));
    expect(await runProvision({ cwd, paths: [], mode: "apply" })).toMatchObject({ applied: true, findings: [] });
    rmSync(join(cwd, "returns.odcs.yaml"));
    // Retired: its own warning says its tables are kept; it is no contract gone.
    writeFileSync(join(cwd, "archive.odcs.yaml"), contract("archive-contract", "archive", ["archive"], "retired"));

    for (const [mode, allowDestructive] of [["plan", false], ["apply", true], ["plan", false]] as const) {
      const run = await runProvision({ cwd, paths: [], mode, allowDestructive });
      expect(run.findings.map((f) => [f.ruleId, f.severity, f.file, f.line])).toEqual([
        ["provision-retired", "warning", "archive.odcs.yaml", 5],
        ["provision-unclaimed", "warning", ".meshkit/warehouse.duckdb", 1],
      ]);
      expect(run.findings[1]!.message).toMatch(
        /^What meshkit made for contracts that are no longer in the project is still there: contract returns-contract of product sales\/returns \(table sales\.returns_audit, table sales\.returns_log\)\. No plan will update or drop it: .* drop it by hand; if its id was changed, give it back its earlier id; to keep the data on purpose, keep the contract with status: retired\.$/,
      );
      expect(run.plan.changes).toEqual([]);
    }
    // A run given paths plans a part of the project: a contract it was not given is not gone.
    expect((await runProvision({ cwd, paths: ["orders.odcs.yaml"], mode: "plan" })).findings).toEqual([]);
    // The contract back, under another id: its tables are its own again (taken over), so nothing is unclaimed.
    writeFileSync(join(cwd, "returns.odcs.yaml"), contract("returns-v2", "returns", ["returns_log", "returns_audit"]));
    expect((await runProvision({ cwd, paths: [], mode: "plan" })).findings.map((f) => f.ruleId)).toEqual(["provision-retired"]);
  });

  it("says nothing on a run without paths from a folder below the project's root, which reads that folder only", async () => {
    const root = mkdtempSync(join(tmpdir(), "meshkit-provision-unclaimed-"));
    dirs.push(root);
    writeFileSync(join(root, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    mkdirSync(join(root, "orders"));
    mkdirSync(join(root, "returns"));
    writeFileSync(join(root, "orders", "orders.odcs.yaml"), contract("orders-contract", "orders", ["orders"]));
    writeFileSync(join(root, "returns", "returns.odcs.yaml"), contract("returns-contract", "returns", ["returns_log"]));
    expect(await runProvision({ cwd: root, paths: [], mode: "apply" })).toMatchObject({ applied: true, findings: [] });

    // From orders/ the run reads orders/ only: returns-contract is still in the project, in the warehouse at its root.
    const below = await runProvision({ cwd: join(root, "orders"), paths: [], mode: "plan" });
    expect(below.findings).toEqual([]);
    expect(below.plan.changes).toEqual([]);
    rmSync(join(root, "returns", "returns.odcs.yaml"));
    expect((await runProvision({ cwd: root, paths: [], mode: "plan" })).findings.map((f) => [f.ruleId, f.file])).toEqual([["provision-unclaimed", ".meshkit/warehouse.duckdb"]]);
  });
});
