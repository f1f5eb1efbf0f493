/**
 * The bundled contract-test action on a real PostgreSQL server (`@meshkit/core/testing/postgres`), run the way the
 * runner runs it (`bundledAction`): the contract names a `postgres` server, the credentials come from the step's
 * environment as a workflow passes them, and the password must never reach the log, the summary or the outputs.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type PostgresServer, startPostgres } from "@meshkit/core/testing/postgres";
import { type BundledAction, type BundledActionRun, bundledAction, expectNoStackTrace } from "@meshkit/github/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const actionDir = join(dirname(fileURLToPath(import.meta.url)), "..");

let server: PostgresServer;
let action: BundledAction;
let runs = 0;

/** Orders in the schema `Sales Data`, table `Customer Orders`: names a workflow's warehouse really has, quoted. */
function contract(port: number): string {
  return `kind: DataContract
apiVersion: v3.0.2
id: warehouse-orders
servers:
  - { server: warehouse, type: postgres, host: 127.0.0.1, port: ${port}, database: analytics, schema: Sales Data }
name: orders
version: 2.1.0
status: active
domain: sales
schema:
  - name: Customer Orders
    properties:
      - name: Order ID
        logicalType: integer
        required: true
        unique: true
      - name: status
        logicalType: string
        quality:
          - type: sql
            query: SELECT count(*) FROM {object} WHERE {property} NOT IN ('open', 'shipped')
            mustBe: 0
`;
}

function workspace(): string {
  const dir = join(action.tmp, `workspace-${++runs}`);
  mkdirSync(join(dir, ".git"), { recursive: true });
  writeFileSync(join(dir, "orders.odcs.yaml"), contract(server.port));
  return dir;
}

/** Where the run shows `secret`: every line of its log but the mask itself, its summary and its outputs. */
function shownSecret(run: BundledActionRun, secret: string): string[] {
  const log = `${run.stdout}\n${run.stderr}`.split("\n").filter((line) => line !== `::add-mask::${secret}`);
  return [...log, run.summary, ...Object.values(run.outputs)].filter((text) => text.includes(secret));
}

beforeAll(async () => {
  action = bundledAction(actionDir);
  server = await startPostgres({ database: "analytics" });
  await server.psql(
    `CREATE SCHEMA "Sales Data"; CREATE TABLE "Sales Data"."Customer Orders" ("Order ID" integer, status text);
     INSERT INTO "Sales Data"."Customer Orders" VALUES (1, 'open'), (2, 'shipped'), (2, 'lost');`,
    { database: "analytics" },
  );
});

afterAll(async () => {
  await server?.stop();
  action?.cleanup();
});

describe("contract-test action on a PostgreSQL server (credentials from the environment)", () => {
  it("tests the server's table, and masks the password of PGPASSWORD before it prints anything", () => {
    const dir = workspace();
    const run = action.run(dir, { server: "warehouse", "results-file": "quality.json" }, { env: { PGUSER: server.user, PGPASSWORD: server.password } });
    expectNoStackTrace(run);
    expect(run.status).toBe(1);
    expect(run.stdout.split("\n")[0]).toBe(`::add-mask::${server.password}`);
    const results = JSON.parse(readFileSync(join(dir, "quality.json"), "utf8"));
    expect(results.contracts[0].engine).toBe("postgres");
    expect(results.contracts[0].checks.filter((c: { status: string }) => c.status !== "pass").map((c: { id: string; measured: unknown }) => [c.id, c.measured])).toEqual([
      ["Customer Orders.Order ID.unique", 1],
      ["Customer Orders.status.sql", 1],
    ]);
    expect(run.outputs).toMatchObject({ failed: "2", passed: String(results.summary.passed) });
    expect(shownSecret(run, server.password)).toEqual([]);
  });

  it("fails a wrong password of MESHKIT_POSTGRES_PASSWORD with exit 2 and one line naming the server, the password masked and never shown", () => {
    const wrong = "Wr0ng-pa55word-for-meshkit";
    const run = action.run(workspace(), { server: "warehouse" }, { env: { MESHKIT_POSTGRES_USER: server.user, MESHKIT_POSTGRES_PASSWORD: wrong } });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(run.stdout.split("\n")[0]).toBe(`::add-mask::${wrong}`);
    expect(run.failures).toEqual([
      `contract-test: input could not be processed: orders.odcs.yaml:5:5: Cannot connect to PostgreSQL server \`warehouse\` at 127.0.0.1:${server.port}/analytics as \`${server.user}\`: password authentication failed for user "${server.user}" (the password comes from MESHKIT_POSTGRES_PASSWORD or PGPASSWORD)`,
    ]);
    expect(run.outputs).toMatchObject({ passed: "0", failed: "7" });
    expect(shownSecret(run, wrong)).toEqual([]);
  });
});
