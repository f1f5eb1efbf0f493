/**
 * The bundled provision action, run the way the runner runs it (`bundledAction`: dist/ — index.js and
 * the DuckDB addon — copied outside the repository, a fresh process, INPUT_* for every declared input,
 * the event payload at GITHUB_EVENT_PATH): plan on a pull request, apply refused there (forks too),
 * apply on a push to the default branch, on a workspace with a contract made in a temp folder.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundledAction, bundledAction, expectNoStackTrace } from "@meshkit/github/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const actionDir = join(dirname(fileURLToPath(import.meta.url)), "..");

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: orders-contract
version: 1.0.0
status: active
name: orders
domain: sales
team:
  name: sales-data
  members:
    - username: ana@example.com
      role: owner
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
        primaryKey: true
      - name: amount
        logicalType: number
        physicalType: DECIMAL(12,2)
`;

const repository = { default_branch: "main", full_name: "acme/sales" };
const pullRequest = (fork: boolean) => ({ name: "pull_request", payload: { action: "synchronize", number: 3, repository, pull_request: { number: 3, head: { ref: "feature", repo: { fork } }, base: { ref: "main" } } } });
const push = (ref: string) => ({ name: "push", payload: { ref, repository } });

let action: BundledAction;
let runs = 0;

function workspace(): string {
  const dir = join(action.tmp, `workspace-${++runs}`);
  mkdirSync(join(dir, ".git"), { recursive: true });
  writeFileSync(join(dir, "orders.odcs.yaml"), CONTRACT);
  return dir;
}

beforeAll(() => {
  action = bundledAction(actionDir);
});
afterAll(() => action?.cleanup());

describe("provision action (bundled, run like the runner)", () => {
  it("plans on a pull request: the changes in the summary and outputs, nothing created", () => {
    const dir = workspace();
    const run = action.run(dir, {}, { event: pullRequest(false) });
    expectNoStackTrace(run);
    expect(run.status).toBe(0);
    expect(Number(run.outputs.changes)).toBeGreaterThanOrEqual(6);
    expect(run.outputs).toMatchObject({ applied: "false", "plan-file": join(dir, ".meshkit/provision/local/plan.json") });
    expect(run.summary).toMatch(/\*\*Plan \(local\)\*\*: \d+ to create, 0 to change, 0 to destroy\./);
    expect(run.summary).toContain("| + create | table | `sales.orders` |");
    expect(JSON.parse(readFileSync(run.outputs["plan-file"]!, "utf8")).kind).toBe("meshkit-provision-plan");
    expect(existsSync(join(dir, ".meshkit/warehouse.duckdb"))).toBe(false);
  });

  it("masks the PostgreSQL password the step's environment holds before it prints anything (GitHub masks only `secrets`)", () => {
    const dir = workspace();
    const password = "pr0vision-pa55word";
    for (const name of ["MESHKIT_POSTGRES_PASSWORD", "PGPASSWORD"]) {
      const run = action.run(dir, {}, { event: pullRequest(false), env: { [name]: password } });
      expect(run.status).toBe(0);
      expect(run.stdout.split("\n")[0]).toBe(`::add-mask::${password}`);
      expect(run.stdout.split(password).length - 1).toBe(1);
      expect(`${run.stderr}${run.summary}${JSON.stringify(run.outputs)}`).not.toContain(password);
    }
  });

  it("masks the OPA token the step's environment holds (MESHKIT_OPA_TOKEN, for meshkit.yaml's policy.opa) before it prints anything", () => {
    const token = "0pa-b3arer-t0ken";
    const run = action.run(workspace(), {}, { event: pullRequest(false), env: { MESHKIT_OPA_TOKEN: token } });
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(`::add-mask::${token}`);
    expect(run.stdout.split(token).length - 1).toBe(1);
    expect(`${run.stderr}${run.summary}${JSON.stringify(run.outputs)}`).not.toContain(token);
  });

  it.each([
    ["a pull request", pullRequest(false), "the pull_request event may not change production; only a push to the default branch may"],
    ["a fork's pull request", pullRequest(true), "the pull_request event may not change production; only a push to the default branch may"],
    ["a push to another branch", push("refs/heads/feature"), "refs/heads/feature is not the default branch (main)"],
  ])("refuses apply on %s, whatever the inputs say", (_what, event, reason) => {
    const dir = workspace();
    const run = action.run(dir, { command: "apply", "allow-destructive": "true" }, { event });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([`provision: apply is refused: ${reason}`]);
    expect(existsSync(join(dir, ".meshkit/warehouse.duckdb"))).toBe(false);
  });

  it("applies on a push to the default branch, and a second apply has nothing to do", () => {
    const dir = workspace();
    const first = action.run(dir, { command: "apply" }, { event: push("refs/heads/main") });
    expectNoStackTrace(first);
    expect(first.status).toBe(0);
    expect(first.outputs.applied).toBe("true");
    expect(first.summary).toContain("**Applied.**");
    expect(existsSync(join(dir, ".meshkit/warehouse.duckdb"))).toBe(true);
    expect(existsSync(join(dir, "lake/domain=sales/product=orders/gold"))).toBe(true);
    const second = action.run(dir, { command: "apply" }, { event: push("refs/heads/main") });
    expect(second.status).toBe(0);
    expect(second.outputs.changes).toBe("0");
    expect(second.summary).toContain("**No changes** (local)");
  });

  it("refuses a destructive apply without allow-destructive, with the change at the contract, and applies nothing; the refusal names the input, not the CLI's flag", () => {
    const dir = workspace();
    expect(action.run(dir, { command: "apply" }, { event: push("refs/heads/main") }).status).toBe(0);
    writeFileSync(join(dir, "orders.odcs.yaml"), CONTRACT.replace(/ {6}- name: amount\n.*\n.*\n/, ""));
    const run = action.run(dir, { command: "apply" }, { event: push("refs/heads/main") });
    expect(run.status).toBe(1);
    expect(run.outputs.applied).toBe("false");
    const refusal = run.annotations.find((a) => a.properties.title === "provision-destructive-change");
    expect(refusal?.message).toContain("; re-run with allow-destructive: true if it is intended.");
    expect(run.stdout).not.toContain("--allow-destructive");
  });

  it("names its server input, not the CLI's --server, when the contracts name different postgres servers", () => {
    const dir = workspace();
    const withServer = (id: string, host: string) => CONTRACT.replace("id: orders-contract", `id: ${id}`).replace("schema:", `servers:\n  - server: prod\n    type: postgres\n    host: ${host}\n    database: analytics\nschema:`);
    writeFileSync(join(dir, "orders.odcs.yaml"), withServer("orders-contract", "db-1"));
    writeFileSync(join(dir, "refunds.odcs.yaml"), withServer("refunds-contract", "db-2").replace("name: orders\n", "name: refunds\n").replaceAll("  - name: orders\n", "  - name: refunds\n"));
    const run = action.run(dir, { command: "plan", target: "postgres" });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([expect.stringMatching(/^provision: postgres: the contracts name different postgres servers \(.*\); provision one at a time, or choose one with the server input$/)]);
  });

  it("names its plan-dir input when the plan folder cannot be made (a file in the way)", () => {
    const dir = workspace();
    writeFileSync(join(dir, "a-file"), "not a folder\n");
    const run = action.run(dir, { command: "plan", "plan-dir": "a-file/p" });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([`provision: cannot write the plan-dir input ${join(dir, "a-file/p")}: ${join(dir, "a-file")} is a file, not a folder (ENOTDIR): choose another path`]);
  });

  it("refuses a sarif-file it could not write before applying, not after (exit 2 on a change it had made)", () => {
    const dir = workspace();
    mkdirSync(join(dir, "reports"));
    const run = action.run(dir, { command: "apply", "sarif-file": "reports" }, { event: push("refs/heads/main") });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([`provision: cannot write ${join(dir, "reports")}: it is a folder`]);
    expect(existsSync(join(dir, ".meshkit/warehouse.duckdb"))).toBe(false);
    expect(existsSync(join(dir, "lake"))).toBe(false);
  });

  it("refuses a sarif-file that would replace the plan in plan-dir (the plan-file output), before applying: one line, exit 2", () => {
    const dir = workspace();
    const run = action.run(dir, { command: "apply", "plan-dir": "plans", "sarif-file": "plans/plan.json" }, { event: push("refs/heads/main") });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([`provision: input "sarif-file" ${join(dir, "plans/plan.json")} is plan.json of the plan in the plan-dir input ${join(dir, "plans")}: the report would replace it; write to another file`]);
    expect(existsSync(join(dir, "plans/plan.json"))).toBe(false);
    expect(existsSync(join(dir, ".meshkit/warehouse.duckdb"))).toBe(false);
    expect(existsSync(join(dir, "lake"))).toBe(false);
  });
});
