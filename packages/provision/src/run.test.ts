import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadText } from "@meshkit/core";
import { startPostgres } from "@meshkit/core/testing/postgres";
import { postgresServer, runProvision } from "./run.js";
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

describe("runProvision on a Terraform target", () => {
  it("reports every problem of a product that cannot be rendered, and runs no terraform on an empty configuration", async () => {
    const cwd = projectWithTwoProblems();
    const calls: string[] = [];
    const terraformExec: TerraformExec = async (_command, args) => {
      calls.push(args[0]!);
      return { exitCode: 1, stdout: "", stderr: "Error: No configuration files" };
    };
    for (const mode of ["plan", "apply"] as const) {
      const run = await runProvision({ cwd, paths: [], target: "snowflake", mode, terraformExec });
      expect(run.findings.map((f) => [f.ruleId, f.line])).toEqual([
        ["provision-invalid-name", 15],
        ["provision-type-unmapped", 11],
      ]);
      expect(run).toMatchObject({ applied: false, plan: { unknown: "no product could be rendered (see the findings below)" } });
    }
    expect(calls).toEqual([]);
  });
});

describe("runProvision on the local warehouse", () => {
  it("says nothing was compared, not 'No changes', when no product could be planned", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
    dirs.push(cwd);
    writeFileSync(join(cwd, "c.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\ndomain: sales\ndataProduct: \"my'quantum\"\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n");
    for (const mode of ["plan", "apply"] as const) {
      const run = await runProvision({ cwd, paths: [], target: "local", mode });
      expect(run.findings.map((f) => f.ruleId)).toEqual(["provision-invalid-name"]);
      expect(run).toMatchObject({ applied: false, plan: { unknown: "no product could be planned (see the findings below)", changes: [] } });
    }
  });
});

describe("runProvision on PostgreSQL", () => {
  it("reports a contract without a postgres server instead of planning it into the database the others name", async () => {
    const server = await startPostgres({ database: "runs" });
    try {
      const cwd = mkdtempSync(join(tmpdir(), "meshkit-provision-run-"));
      dirs.push(cwd);
      const contract = (id: string, servers: string) =>
        `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\ndomain: sales\ndataProduct: ${id}\n${servers}schema:\n  - name: t_${id}\n    properties:\n      - name: a\n        logicalType: string\n`;
      writeFileSync(join(cwd, "a.odcs.yaml"), contract("a", `servers:\n  - { server: pg, type: postgres, host: ${server.host}, port: ${server.port}, database: ${server.database} }\n`));
      writeFileSync(join(cwd, "b.odcs.yaml"), contract("b", "servers:\n  - { server: lake, type: s3, location: 's3://x/y' }\n"));
      const env = { MESHKIT_POSTGRES_USER: server.user, MESHKIT_POSTGRES_PASSWORD: server.password };
      const run = await runProvision({ cwd, paths: [], target: "postgres", mode: "plan", env });
      expect(run.findings.map((f) => [f.ruleId, f.file, f.path])).toEqual([["provision-no-server", "b.odcs.yaml", "/servers"]]);
      expect(run.plan.changes.map((c) => c.address).filter((a) => a.includes("t_"))).toEqual(expect.arrayContaining(["sales.t_a"]));
      expect(run.plan.changes.some((c) => c.address.includes("t_b"))).toBe(false);
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
    expect(postgresServer([contract("a", "  - { server: x, type: PostgreSQL, host: h, database: d }\n".replace("PostgreSQL", "Postgres"))], undefined)).toMatchObject({ server: "x" });
  });

  it("refuses contracts whose servers are different databases rather than provisioning all of them into the first", () => {
    expect(() => postgresServer([contract("a", dev + prod), contract("b", dev)], undefined)).toThrow(/different postgres servers \(a\.odcs\.yaml: prod-db:5432\/analytics, b\.odcs\.yaml: dev-db:5432\/analytics\)/);
    expect(() => postgresServer([contract("a", dev)], "prod")).toThrow(/no contract has a postgres server named prod/);
  });
});
