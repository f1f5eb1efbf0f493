import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runProvision } from "./run.js";
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
