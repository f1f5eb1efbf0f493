/**
 * Testing through `meshkit provision`'s masked view (`<domain>_safe.<table>`), as a reader not approved for
 * sensitive data must: the masked columns hold SHA-256 digests or NULL, not the data, so the checks that read
 * their values are not run there (a digest is never an email, a NULL always missing: every row failed), while
 * null and duplicate counts of a digest column, which keeps nulls and equal values, still run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskedColumnNote } from "@meshkit/core";
import { type PostgresServer, startPostgres } from "@meshkit/core/testing/postgres";
import { maskedViewColumn } from "./postgres.js";
import { contractYaml, resultOf, runContract } from "./test-support.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let server: PostgresServer;
let dir: string;

beforeAll(async () => {
  server = await startPostgres({ database: "analytics" });
  dir = mkdtempSync(join(tmpdir(), "meshkit-pg-masked-"));
  // The table, view and comments as `meshkit provision --target postgres` makes them (postgres-desired.ts, with core's maskedColumnNote).
  await server.psql(
    `CREATE SCHEMA crm;
     CREATE SCHEMA crm_safe;
     CREATE TABLE crm.customers (id bigint PRIMARY KEY, email varchar(40) NOT NULL UNIQUE, amount numeric(10,2) NOT NULL, born date);
     INSERT INTO crm.customers VALUES (1, 'a@example.com', 1.10, '1990-01-01'), (2, 'b@example.com', 2.00, '1991-01-01');
     CREATE VIEW crm_safe.customers AS SELECT id, pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(email, 'UTF8')), 'hex') AS email, NULL::numeric(10,2) AS amount, born FROM crm.customers;
     COMMENT ON COLUMN crm_safe.customers.email IS 'Contact address. ${maskedColumnNote("restricted", "sha256", "crm.customers")}';
     COMMENT ON COLUMN crm_safe.customers.amount IS '${maskedColumnNote("confidential", "null", "crm.customers")}';
     COMMENT ON COLUMN crm_safe.customers.born IS 'Masked (restricted): always NULL, as a comment written by hand may say';
     CREATE ROLE crm_analyst NOLOGIN;
     GRANT USAGE ON SCHEMA crm_safe TO crm_analyst;
     GRANT SELECT ON crm_safe.customers TO crm_analyst;
     CREATE ROLE analyst LOGIN PASSWORD 'analyst-pw' IN ROLE crm_analyst;`,
    { database: "analytics" },
  );
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const contract = (schema: string) =>
  contractYaml(`servers:
  - server: prod
    type: postgres
    host: 127.0.0.1
    port: ${server.port}
    database: analytics
    schema: ${schema}
schema:
  - name: customers
    properties:
      - { name: id, logicalType: integer, primaryKey: true }
      - { name: email, logicalType: string, classification: restricted, required: true, unique: true, logicalTypeOptions: { format: email, maxLength: 40 } }
      - { name: amount, logicalType: number, classification: confidential, required: true, logicalTypeOptions: { minimum: 0 } }
      - { name: born, logicalType: date, logicalTypeOptions: { minimum: "1900-01-01" } }
`);

const env = () => ({ MESHKIT_POSTGRES_USER: server.user, MESHKIT_POSTGRES_PASSWORD: server.password });

describe("a table read through meshkit provision's masked view", () => {
  it("does not run the checks that read a masked column's values, saying where the data is", async () => {
    const run = await runContract(dir, contract("crm_safe"), { server: "prod", env: env() });
    const notChecked = (id: string, note: string) => expect(resultOf(run, id)).toMatchObject({ status: "warn", severity: "warning", message: `Not checked: ${note}.` });
    const digest = "`email` is masked in the view `crm_safe.customers` (restricted: the SHA-256 digest of each value, for readers not approved for it): test `crm.customers` as a role approved for it";
    const nulls = "`amount` is masked in the view `crm_safe.customers` (confidential: always NULL, for readers not approved for it): test `crm.customers` as a role approved for it";
    notChecked("customers.email.format", digest);
    notChecked("customers.email.maxLength", digest);
    notChecked("customers.amount.required", nulls);
    notChecked("customers.amount.minimum", nulls);
    // A digest keeps nulls and equal values: those counts measure the data.
    expect(resultOf(run, "customers.email.required")).toMatchObject({ status: "pass", measured: 0 });
    expect(resultOf(run, "customers.email.unique")).toMatchObject({ status: "pass", measured: 0 });
    // Its columns are there, of their types; a comment provision did not write is no mask.
    for (const id of ["customers.email.type", "customers.amount.type", "customers.born.minimum", "customers.id.primaryKey"]) expect(resultOf(run, id)).toMatchObject({ status: "pass" });
    expect(run.results.summary).toMatchObject({ failed: 0, errors: 0 });
  });

  it("checks a primary key of a digest column (nulls and duplicates, which the digest keeps), not of a NULL one", async () => {
    const keyed = contract("crm_safe")
      .replace("{ name: id, logicalType: integer, primaryKey: true }", "{ name: id, logicalType: integer }")
      .replace("classification: restricted, required: true,", "classification: restricted, primaryKey: true,");
    const run = await runContract(dir, keyed, { server: "prod", env: env() });
    expect(resultOf(run, "customers.email.primaryKey")).toMatchObject({ status: "pass", measured: 0 });
    const nullKey = keyed.replace("classification: confidential, required: true,", "classification: confidential, primaryKey: true,");
    expect(resultOf(await runContract(dir, nullKey, { server: "prod", env: env() }), "customers.primaryKey")).toMatchObject({ status: "warn", message: expect.stringContaining("`amount` is masked in the view") });
  });

  it("checks the table itself as before", async () => {
    const run = await runContract(dir, contract("crm"), { server: "prod", env: env() });
    expect(resultOf(run, "customers.email.format")).toMatchObject({ status: "pass", measured: 0 });
    expect(resultOf(run, "customers.amount.required")).toMatchObject({ status: "pass", measured: 0 });
    expect(run.results.summary).toMatchObject({ failed: 0, warned: 0, errors: 0 });
  });
});

describe("a reader granted only the masked view", () => {
  it("is told, when denied the domain's schema, that the masked view is there to test", async () => {
    const run = await runContract(dir, contract("crm"), { server: "prod", env: { MESHKIT_POSTGRES_USER: "analyst", MESHKIT_POSTGRES_PASSWORD: "analyst-pw" } });
    const where = `PostgreSQL server \`prod\` (127.0.0.1:${server.port}/analytics)`;
    expect(run.findings.filter((f) => f.ruleId === "quality-data-unreadable").map((f) => f.message)).toEqual([
      `Permission denied for \`analyst\` on schema \`crm\` of ${where}: it exists, but \`analyst\` may not read it (GRANT USAGE ON SCHEMA … TO …); \`analyst\` may read the masked view \`crm_safe.customers\` that meshkit provision makes for readers not approved for sensitive data: write \`schema: crm_safe\` to test that`,
    ]);
    const safe = await runContract(dir, contract("crm_safe"), { server: "prod", env: { MESHKIT_POSTGRES_USER: "analyst", MESHKIT_POSTGRES_PASSWORD: "analyst-pw" } });
    expect(safe.results.summary).toMatchObject({ failed: 0, errors: 0 });
  });
});

describe("maskedViewColumn", () => {
  it("reads provision's comment, after a description too, and nothing else", () => {
    expect(maskedViewColumn("Masked (pii): always NULL; roles approved for it read sales.orders.", "sales_safe", "orders")).toEqual({
      digest: false,
      note: "masked in the view `sales_safe.orders` (pii: always NULL, for readers not approved for it): test `sales.orders` as a role approved for it",
    });
    expect(maskedViewColumn("The buyer's address. Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read sales.orders.", "sales_safe", "orders")?.digest).toBe(true);
    expect(maskedViewColumn(null, "s", "t")).toBeUndefined();
    expect(maskedViewColumn("Unmasked (restricted): always NULL; roles approved for it read sales.orders.", "s", "t")).toBeUndefined();
    expect(maskedViewColumn("Masked (restricted): always NULL", "s", "t")).toBeUndefined();
  });
});
