/**
 * The postgres planner against a real server (initdb + pg_ctl on a loopback port, password
 * authentication). Access control is proven the only way that counts: by logging in as a member of
 * each contract role and reading. Fails, never skips, when PostgreSQL is not installed.
 */
import { createHash, randomBytes } from "node:crypto";
import { loadText } from "@meshkit/core";
import { type PostgresServer, startPostgres } from "@meshkit/core/testing/postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProvisionModel, provisionModel } from "./model.js";
import { type PostgresConnection, PostgresProvisionError, applyPostgres, planPostgres, postgresConnectionFor } from "./postgres.js";

let server: PostgresServer;
/** A superuser session for setting up and inspecting; planner and role sessions have their own. */
let admin: pg.Client;

beforeAll(async () => {
  server = await startPostgres({ database: "warehouse" });
  admin = new pg.Client({ host: server.host, port: server.port, database: server.database, user: server.user, password: server.password });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

function connection(): PostgresConnection {
  return { label: "prod", host: server.host, port: server.port, database: server.database, user: server.user, password: server.password };
}

interface ContractOptions {
  domain: string;
  id?: string;
  version?: string;
  schema: string;
  roles?: string;
}

function contractYaml(o: ContractOptions): string {
  return `apiVersion: v3.1.0
kind: DataContract
id: ${o.id ?? `${o.domain}-contract`}
version: ${o.version ?? "1.0.0"}
status: active
name: ${o.id ?? o.domain}
domain: ${o.domain}
team:
  name: ${o.domain}-data
  members:
    - username: ana@example.com
      role: owner
slaProperties:
  - property: retention
    value: 1
    unit: y
schema:
${o.schema}
${o.roles ? `roles:\n${o.roles}` : ""}`;
}

function modelOf(...contracts: string[]): ProvisionModel {
  const documents = contracts.flatMap((text, i) => loadText(`contract-${i}.odcs.yaml`, text).documents);
  const model = provisionModel({ contracts: documents, products: [] });
  return model;
}

/** Runs SQL as a login user, on a connection of its own. */
async function as<T extends pg.QueryResultRow = Record<string, unknown>>(user: string, password: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ host: server.host, port: server.port, database: server.database, user, password });
  await client.connect();
  try {
    const result = (await client.query<T>(sql)) as pg.QueryResult<T> | pg.QueryResult<T>[];
    // Several statements give one result each: the last one's rows.
    return Array.isArray(result) ? result[result.length - 1]!.rows : result.rows;
  } finally {
    await client.end();
  }
}

async function superuser<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string): Promise<T[]> {
  const result = (await admin.query<T>(sql)) as pg.QueryResult<T> | pg.QueryResult<T>[];
  return Array.isArray(result) ? result[result.length - 1]!.rows : result.rows;
}

async function expectDenied(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code: "42501" });
}

/** A login user (as the identity provider would make one) who is a member of `roles`. */
async function loginUser(name: string, roles: string[]): Promise<string> {
  const password = randomBytes(12).toString("base64url");
  await superuser(`CREATE USER ${pg.escapeIdentifier(name)} PASSWORD ${pg.escapeLiteral(password)}${roles.length ? ` IN ROLE ${roles.map(pg.escapeIdentifier).join(", ")}` : ""}`);
  return password;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const CRM_SCHEMA = `  - name: customers
    description: One row per customer.
    properties:
      - name: customer_id
        logicalType: integer
        primaryKey: true
        description: The customer's number.
      - name: email
        logicalType: string
        classification: restricted
        tags: [pii]
        description: Where we write to.
      - name: name
        logicalType: string
        logicalTypeOptions: { maxLength: 40 }
      - name: birth_date
        logicalType: date
        classification: confidential
  - name: order
    description: A reserved word as a table name.
    properties:
      - name: id
        logicalType: integer
        primaryKey: true
      - name: user
        logicalType: string
        required: true
`;

const CRM_ROLES = `  - role: crm_privacy_team
    access: read
    customProperties:
      - property: privacyApproved
        value: true
  - role: crm_analyst
    access: read
  - role: crm_loader
    access: write
`;

describe("access control, proven by logging in as each role", () => {
  const crm = () => modelOf(contractYaml({ domain: "crm", schema: CRM_SCHEMA, roles: CRM_ROLES }));
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    const first = await applyPostgres(crm(), connection());
    expect(first.findings).toEqual([]);
    expect(first.applied).toBe(true);
    await superuser(`INSERT INTO crm.customers VALUES (1, 'ana@example.com', 'Ana', '1990-01-02'), (2, 'bo@example.com', 'Bo', NULL), (3, NULL, 'Cy', '1985-05-05')`);
    await superuser(`INSERT INTO crm."order" (id, "user") VALUES (10, 'ana')`);
    passwords.alice = await loginUser("alice", ["crm_privacy_team"]);
    passwords.bob = await loginUser("bob", ["crm_analyst"]);
    passwords.carol = await loginUser("carol", ["crm_loader"]);
    passwords.dave = await loginUser("dave", []);
  });

  it("plans every object on an empty server, and nothing once applied (idempotent)", async () => {
    const fresh = await planPostgres(modelOf(contractYaml({ domain: "crm_fresh", schema: CRM_SCHEMA, roles: CRM_ROLES.replaceAll("crm_", "crmf_") })), connection());
    expect(fresh.findings).toEqual([]);
    const lines = fresh.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}${c.detail ? ` (${c.detail})` : ""}`);
    expect(lines).toEqual([
      "create role crm_fresh_owner (owner role (NOLOGIN))",
      "create role crmf_analyst (group role (NOLOGIN))",
      "create role crmf_loader (group role (NOLOGIN))",
      "create role crmf_privacy_team (group role (NOLOGIN))",
      "create schema crm_fresh (owner crm_fresh_owner)",
      "create schema crm_fresh_safe (owner crm_fresh_owner)",
      "create table crm_fresh.customers (4 columns, primary key (customer_id))",
      "create table crm_fresh.order (2 columns, primary key (id))",
      "create view crm_fresh_safe.customers (of crm_fresh.customers, masking email, birth_date)",
      "create view crm_fresh_safe.order (of crm_fresh.order, nothing to mask)",
      "create grant crm_fresh.customers (SELECT, INSERT, UPDATE, DELETE to crmf_loader)",
      "create grant crm_fresh.customers (SELECT to crmf_privacy_team)",
      "create grant crm_fresh.order (SELECT, INSERT, UPDATE, DELETE to crmf_loader)",
      "create grant crm_fresh.order (SELECT to crmf_privacy_team)",
      "create grant crm_fresh_safe.customers (SELECT to crmf_analyst)",
      "create grant crm_fresh_safe.order (SELECT to crmf_analyst)",
      "create grant crm_fresh (USAGE to crmf_loader)",
      "create grant crm_fresh (USAGE to crmf_privacy_team)",
      "create grant crm_fresh_safe (USAGE to crmf_analyst)",
    ]);
    expect(fresh.plan.changes.some((c) => c.destructive)).toBe(false);
    // Every identifier is quoted; the reserved words only work that way.
    expect(fresh.statements).toContain('CREATE TABLE "crm_fresh"."order" ("id" bigint NOT NULL, "user" text NOT NULL, PRIMARY KEY ("id"))');

    const again = await planPostgres(crm(), connection());
    expect(again.plan.changes).toEqual([]);
    expect(again.statements).toEqual([]);
    const reapplied = await applyPostgres(crm(), connection());
    expect(reapplied).toMatchObject({ applied: true, plan: { changes: [] } });
    // A plain, serialisable result: what --out writes.
    expect(Object.keys(reapplied).sort()).toEqual(["applied", "findings", "plan", "statements"]);
    expect(JSON.parse(JSON.stringify(fresh.plan))).toEqual(fresh.plan);
  });

  it("lets a privacy-approved reader read the table, sensitive columns in clear, and nothing more", async () => {
    const rows = await as("alice", passwords.alice!, "SELECT customer_id, email, birth_date::text AS birth_date FROM crm.customers ORDER BY customer_id");
    expect(rows).toEqual([
      { customer_id: "1", email: "ana@example.com", birth_date: "1990-01-02" },
      { customer_id: "2", email: "bo@example.com", birth_date: null },
      { customer_id: "3", email: null, birth_date: "1985-05-05" },
    ]);
    expect(await as("alice", passwords.alice!, 'SELECT "user" FROM crm."order"')).toEqual([{ user: "ana" }]);
    await expectDenied(as("alice", passwords.alice!, "INSERT INTO crm.customers (customer_id) VALUES (99)"));
    await expectDenied(as("alice", passwords.alice!, "SELECT * FROM crm_safe.customers"));
  });

  it("keeps a reader not approved for PII out of the table, and shows it the masked view", async () => {
    await expectDenied(as("bob", passwords.bob!, "SELECT * FROM crm.customers"));
    await expectDenied(as("bob", passwords.bob!, "SELECT customer_id FROM crm.customers"));
    const rows = await as("bob", passwords.bob!, "SET search_path = crm_safe; SELECT customer_id, email, name, birth_date FROM customers ORDER BY customer_id");
    expect(rows).toEqual([
      { customer_id: "1", email: sha256("ana@example.com"), name: "Ana", birth_date: null },
      { customer_id: "2", email: sha256("bo@example.com"), name: "Bo", birth_date: null },
      { customer_id: "3", email: null, name: "Cy", birth_date: null },
    ]);
    expect(await as("bob", passwords.bob!, 'SELECT "user" FROM crm_safe."order"')).toEqual([{ user: "ana" }]);
    await expectDenied(as("bob", passwords.bob!, "INSERT INTO crm_safe.\"order\" (id, \"user\") VALUES (11, 'x')"));
  });

  it("lets a writer insert, update and delete, and nothing more", async () => {
    await as("carol", passwords.carol!, "INSERT INTO crm.customers VALUES (4, 'di@example.com', 'Di', NULL)");
    await as("carol", passwords.carol!, "UPDATE crm.customers SET name = 'Diana' WHERE customer_id = 4");
    expect(await as("carol", passwords.carol!, "SELECT name FROM crm.customers WHERE customer_id = 4")).toEqual([{ name: "Diana" }]);
    await as("carol", passwords.carol!, "DELETE FROM crm.customers WHERE customer_id = 4");
    await expectDenied(as("carol", passwords.carol!, "TRUNCATE crm.customers"));
    await expectDenied(as("carol", passwords.carol!, "SELECT * FROM crm_safe.customers"));
    await expectDenied(as("carol", passwords.carol!, "CREATE TABLE crm.mine (x int)"));
  });

  it("gives a user with no contract role, and PUBLIC, nothing at all", async () => {
    for (const sql of ["SELECT 1 FROM crm.customers", "SELECT 1 FROM crm_safe.customers", 'SELECT 1 FROM crm."order"', 'SELECT 1 FROM crm_safe."order"']) {
      await expectDenied(as("dave", passwords.dave!, sql));
    }
    const publicAccess = await superuser<{ object: string }>(
      "SELECT n.nspname AS object FROM pg_namespace n WHERE n.nspname IN ('crm', 'crm_safe') AND (has_schema_privilege('public', n.oid, 'USAGE') OR has_schema_privilege('public', n.oid, 'CREATE')) " +
        "UNION ALL SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('crm', 'crm_safe') AND c.relkind IN ('r', 'v') " +
        "AND has_table_privilege('public', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')",
    );
    expect(publicAccess).toEqual([]);
  });

  it("marks what it made: table metadata, column notes, masked-view notes, managed roles", async () => {
    const [table] = await superuser<{ comment: string; email: string; safe: string; view: string; role: string }>(
      "SELECT obj_description('crm.customers'::regclass, 'pg_class') AS comment, col_description('crm.customers'::regclass, 2) AS email, " +
        "col_description('crm_safe.customers'::regclass, 2) AS safe, obj_description('crm_safe.customers'::regclass, 'pg_class') AS view, " +
        "shobj_description((SELECT oid FROM pg_roles WHERE rolname = 'crm_analyst'), 'pg_authid') AS role",
    );
    expect(JSON.parse(table!.comment)).toMatchObject({ product: "crm", domain: "crm", owner: "ana@example.com", contract: "crm-contract", contractVersion: "1.0.0", sla: [{ property: "retention", value: "1 y" }], managedBy: "meshkit" });
    expect(table!.email).toBe("Where we write to. Sensitive (restricted): readable in clear only by roles approved for it; masked in crm_safe.customers.");
    expect(table!.safe).toBe("Where we write to. Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read crm.customers.");
    expect(JSON.parse(table!.view)).toMatchObject({ masked: ["email (sha256)", "birth_date (null)"], managedBy: "meshkit" });
    expect(table!.role).toContain("managed by meshkit");
    const owners = await superuser<{ owner: string }>("SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace IN ('crm'::regnamespace, 'crm_safe'::regnamespace) AND relkind IN ('r', 'v')");
    expect(owners).toEqual([{ owner: "crm_owner" }]);
    const [login] = await superuser<{ rolcanlogin: boolean }>("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'crm_owner'");
    expect(login!.rolcanlogin).toBe(false);
  });

  it("finds a masked view replaced by hand to show a sensitive column in clear (its comment unchanged), and masks it again", async () => {
    // CREATE OR REPLACE VIEW keeps the comment, its marker and the grants: only the definition tells.
    await superuser("CREATE OR REPLACE VIEW crm_safe.customers AS SELECT customer_id, email, name, birth_date FROM crm.customers");
    expect(await as("bob", passwords.bob!, "SELECT email FROM crm_safe.customers WHERE customer_id = 1")).toEqual([{ email: "ana@example.com" }]);
    const drift = await planPostgres(crm(), connection());
    expect(drift.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual([
      "update view crm_safe.customers: replaced (its definition was changed outside meshkit): of crm.customers, masking email, birth_date",
    ]);
    expect((await applyPostgres(crm(), connection())).applied).toBe(true);
    expect(await as("bob", passwords.bob!, "SELECT email FROM crm_safe.customers WHERE customer_id = 1")).toEqual([{ email: sha256("ana@example.com") }]);
    expect((await planPostgres(crm(), connection())).plan.changes).toEqual([]);
  });
});

const SHOP_ROLES = `  - role: shop_reader
    access: read
  - role: shop_writer
    access: write
`;

function shopSchema(o: { noteLength?: number; phone?: boolean; note?: boolean; refunds?: boolean } = {}): string {
  return `  - name: orders
    properties:
      - name: order_id
        logicalType: integer
        primaryKey: true
      - name: email
        logicalType: string
        tags: [pii]
      - name: amount
        logicalType: number
        physicalType: DECIMAL(12,2)
${o.note === false ? "" : `      - name: note\n        logicalType: string\n        logicalTypeOptions: { maxLength: ${o.noteLength ?? 20} }\n`}${o.phone ? "      - name: phone\n        logicalType: string\n        classification: restricted\n" : ""}${o.refunds === false ? "" : "  - name: refunds\n    properties:\n      - name: refund_id\n        logicalType: integer\n        primaryKey: true\n"}`;
}

describe("changes: additive in place, destructive only when allowed, drift revoked", () => {
  const shop = (schema = shopSchema(), roles = SHOP_ROLES, version = "1.0.0") => modelOf(contractYaml({ domain: "shop", schema, roles, version }));
  let readerPassword = "";
  let writerPassword = "";

  beforeAll(async () => {
    expect((await applyPostgres(shop(), connection())).applied).toBe(true);
    await superuser("INSERT INTO shop.orders VALUES (1, 'ana@example.com', 12.50, 'first'), (2, 'bo@example.com', 7.25, 'second')");
    readerPassword = await loginUser("shop_reader_login", ["shop_reader"]);
    writerPassword = await loginUser("shop_writer_login", ["shop_writer"]);
  });

  it("adds a column and widens another in place, keeping the rows and the readers' access", async () => {
    const next = shop(shopSchema({ noteLength: 40, phone: true }), SHOP_ROLES, "1.1.0");
    const planned = await planPostgres(next, connection());
    expect(planned.findings).toEqual([]);
    expect(planned.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}${c.destructive ? " !" : ""}`)).toEqual([
      "update column shop.orders.note",
      "create column shop.orders.phone",
      "update view shop_safe.orders",
      "update comment shop.orders",
      "update comment shop.refunds",
      "update comment shop_safe.refunds",
    ]);
    const applied = await applyPostgres(next, connection());
    expect(applied.applied).toBe(true);
    await superuser("UPDATE shop.orders SET phone = '+1 555' WHERE order_id = 1");
    expect(await superuser("SELECT order_id, amount::text AS amount, note FROM shop.orders ORDER BY order_id")).toEqual([
      { order_id: "1", amount: "12.50", note: "first" },
      { order_id: "2", amount: "7.25", note: "second" },
    ]);
    const [note] = await superuser<{ type: string }>("SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'shop.orders'::regclass AND attname = 'note'");
    expect(note!.type).toBe("character varying(40)");
    // The recreated view still has its reader, and masks the new column too.
    expect(await as("shop_reader_login", readerPassword, "SELECT order_id, email, phone FROM shop_safe.orders ORDER BY order_id")).toEqual([
      { order_id: "1", email: sha256("ana@example.com"), phone: sha256("+1 555") },
      { order_id: "2", email: sha256("bo@example.com"), phone: null },
    ]);
    expect((await planPostgres(next, connection())).plan.changes).toEqual([]);
  });

  it("refuses to drop a column or a table without allowDestructive, changing nothing, and drops them with it", async () => {
    const smaller = shop(shopSchema({ noteLength: 40, phone: true, note: false, refunds: false }), SHOP_ROLES, "2.0.0");
    const refused = await applyPostgres(smaller, connection());
    expect(refused.applied).toBe(false);
    const destructive = refused.plan.changes.filter((c) => c.destructive).map((c) => `${c.action} ${c.kind} ${c.address}`);
    expect(destructive).toEqual(["delete view shop_safe.refunds", "delete column shop.orders.note", "delete table shop.refunds"]);
    expect(refused.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["provision-destructive-change", "/schema"],
      ["provision-destructive-change", "/schema/0"],
      ["provision-destructive-change", "/schema"],
    ]);
    expect(refused.findings[1]!.message).toMatch(/^Refused: delete column shop\.orders\.note .*--allow-destructive/);
    const columns = await superuser("SELECT attname FROM pg_attribute WHERE attrelid = 'shop.orders'::regclass AND attname = 'note'");
    expect(columns).toHaveLength(1);
    expect(await superuser("SELECT to_regclass('shop.refunds')::text AS t")).toEqual([{ t: "shop.refunds" }]);
    const [comment] = await superuser<{ c: string }>("SELECT obj_description('shop.orders'::regclass, 'pg_class') AS c");
    expect(JSON.parse(comment!.c).contractVersion).toBe("1.1.0");

    const allowed = await applyPostgres(smaller, connection(), { allowDestructive: true });
    expect(allowed).toMatchObject({ applied: true, findings: [] });
    expect(await superuser("SELECT to_regclass('shop.refunds')::text AS t, to_regclass('shop_safe.refunds')::text AS v")).toEqual([{ t: null, v: null }]);
    expect(await superuser("SELECT order_id, email FROM shop.orders ORDER BY order_id")).toEqual([
      { order_id: "1", email: "ana@example.com" },
      { order_id: "2", email: "bo@example.com" },
    ]);
    expect(await as("shop_reader_login", readerPassword, "SELECT order_id FROM shop_safe.orders ORDER BY order_id")).toEqual([{ order_id: "1" }, { order_id: "2" }]);
    expect((await planPostgres(smaller, connection())).plan.changes).toEqual([]);
  });

  it("never drops the tables of a product's contract that is not in the run, even when allowed", async () => {
    const product = `apiVersion: v1.0.0
kind: DataProduct
id: ads-product
name: ads
status: active
domain: ads
outputPorts:
  - { name: campaigns, version: 1.0.0, contractId: ads-campaigns }
  - { name: clicks, version: 1.0.0, contractId: ads-clicks }
`;
    const contract = (id: string, table: string) => contractYaml({ domain: "ads", id, schema: `  - name: ${table}\n    properties:\n      - { name: id, logicalType: integer }\n` });
    const model = (...contracts: string[]) =>
      provisionModel({ contracts: contracts.flatMap((text, i) => loadText(`c${i}.odcs.yaml`, text).documents), products: loadText("ads.odps.yaml", product).documents });
    expect((await applyPostgres(model(contract("ads-campaigns", "campaigns"), contract("ads-clicks", "clicks")), connection())).applied).toBe(true);

    // Only one contract of the product: the model warns that the other is missing, and its tables stay.
    const partial = model(contract("ads-campaigns", "campaigns"));
    expect(partial.findings.map((f) => f.ruleId)).toEqual(["provision-contract-missing"]);
    expect(await applyPostgres(partial, connection(), { allowDestructive: true })).toMatchObject({ applied: true, plan: { changes: [] } });
    expect(await superuser("SELECT to_regclass('ads.clicks')::text AS t, to_regclass('ads_safe.clicks')::text AS v")).toEqual([{ t: "ads.clicks", v: "ads_safe.clicks" }]);

    // The contract in the run that no longer has a table is asked, and its finding points at it.
    const dropped = await planPostgres(model(contract("ads-campaigns", "campaign_days"), contract("ads-clicks", "clicks")), connection());
    expect(dropped.plan.changes.filter((c) => c.action === "delete").map((c) => `${c.address}: ${c.detail}`)).toEqual(["ads_safe.campaigns: no longer in contract ads-campaigns", "ads.campaigns: no longer in contract ads-campaigns; its rows are lost"]);
    expect(dropped.findings.filter((f) => f.ruleId === "provision-destructive-change").map((f) => f.file)).toEqual(["c0.odcs.yaml", "c0.odcs.yaml"]);
  });

  it("names what a contract moved to another domain left in the old one, which no plan touches any more (it is still read), and changes nothing there", async () => {
    const schema = "  - name: visits\n    properties:\n      - { name: id, logicalType: integer }\n      - { name: email, logicalType: string, classification: restricted }\n";
    const visits = (domain: string, id = "web-visits") => contractYaml({ domain, id, schema: schema.replace("visits", id === "web-visits" ? "visits" : "pages"), roles: "  - role: web_reader\n    access: read\n" });
    expect((await applyPostgres(modelOf(visits("web"), visits("web", "web-pages")), connection())).applied).toBe(true);

    const moved = modelOf(visits("site"), visits("web", "web-pages"));
    const planned = await planPostgres(moved, connection());
    expect(planned.findings.map((f) => [f.ruleId, f.severity, f.file, f.path, f.line])).toEqual([["provision-left-behind", "warning", "contract-0.odcs.yaml", "/id", 3]]);
    expect(planned.findings[0]!.message).toMatch(
      /^Contract web-visits is provisioned as product site\/web_visits now, but what was made for it as product web\/web_visits \(table web\.visits, view web_safe\.visits\) is still there, with its grants \(whoever could read it still can\)\. No plan will update or drop it: .* drop it by hand/,
    );
    expect(planned.plan.changes.filter((c) => /^web(_safe)?\./.test(c.address))).toEqual([]);

    const applied = await applyPostgres(moved, connection(), { allowDestructive: true });
    expect([applied.applied, applied.findings.map((f) => f.ruleId)]).toEqual([true, ["provision-left-behind"]]);
    expect(await superuser("SELECT to_regclass('web.visits')::text AS old, to_regclass('site.visits')::text AS new")).toEqual([{ old: "web.visits", new: "site.visits" }]);
    expect(await superuser("SELECT has_table_privilege('web_reader', 'web_safe.visits', 'SELECT') AS reads")).toEqual([{ reads: true }]);
    // Once dropped by hand, nothing is left to name.
    await superuser("DROP VIEW web_safe.visits; DROP TABLE web.visits");
    expect(await planPostgres(moved, connection())).toMatchObject({ findings: [], plan: { changes: [] } });
  });

  it("names on a whole-project run what a contract no longer in the project left in the run's domains, and never drops it", async () => {
    const schema = (table: string) => `  - name: ${table}\n    properties:\n      - { name: id, logicalType: integer }\n      - { name: email, logicalType: string, classification: restricted }\n`;
    const of = (id: string, table: string, domain = "hr") => contractYaml({ domain, id, schema: schema(table), roles: "  - role: hr_reader\n    access: read\n" });
    expect((await applyPostgres(modelOf(of("hr-staff", "staff"), of("hr-leave", "leave"), of("fin-pay", "pay", "fin")), connection())).applied).toBe(true);

    // hr-leave's file deleted; fin-pay is another repository's domain in the same database: not this run's to name.
    const project = { projectContracts: new Set(["hr-staff"]) };
    for (const run of [() => planPostgres(modelOf(of("hr-staff", "staff")), connection(), project), () => applyPostgres(modelOf(of("hr-staff", "staff")), connection(), { ...project, allowDestructive: true })]) {
      const result = await run();
      expect(result.findings.map((f) => [f.ruleId, f.severity, f.file, f.path, f.line])).toEqual([["provision-unclaimed", "warning", "contract-0.odcs.yaml", "/id", 3]]);
      expect(result.findings[0]!.message).toMatch(/^What meshkit made for contracts that are no longer in the project is still there, with its grants \(whoever could read it still can\): contract hr-leave of product hr\/hr_leave \(table hr\.leave, view hr_safe\.leave\)\. No plan will update or drop it/);
      expect(result.plan.changes).toEqual([]);
    }
    expect(await superuser("SELECT to_regclass('hr.leave')::text AS leave, to_regclass('hr_safe.leave')::text AS masked")).toEqual([{ leave: "hr.leave", masked: "hr_safe.leave" }]);
    // A run given some paths (no projectContracts) cannot tell a contract it was not given from one that is gone.
    expect((await planPostgres(modelOf(of("hr-staff", "staff")), connection())).findings).toEqual([]);
  });

  it("revokes what a role removed from the contract had, without allowDestructive (no data is lost)", async () => {
    const schema = shopSchema({ noteLength: 40, phone: true, note: false, refunds: false });
    await as("shop_writer_login", writerPassword, "INSERT INTO shop.orders (order_id, amount) VALUES (3, 1)");
    const withoutWriter = shop(schema, "  - role: shop_reader\n    access: read\n", "3.0.0");
    const revoked = await applyPostgres(withoutWriter, connection());
    expect(revoked).toMatchObject({ applied: true, findings: [] });
    expect(revoked.plan.changes.filter((c) => c.kind === "grant").map((c) => `${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual([
      "shop.orders: revoke SELECT, INSERT, UPDATE, DELETE from shop_writer",
      "shop: revoke USAGE from shop_writer",
    ]);
    await expectDenied(as("shop_writer_login", writerPassword, "INSERT INTO shop.orders (order_id, amount) VALUES (5, 1)"));
    // The role itself stays: roles are cluster-wide and never dropped.
    expect(await superuser("SELECT rolname FROM pg_roles WHERE rolname = 'shop_writer'")).toHaveLength(1);
  });

  it("revokes drift at once: PUBLIC's grants and hand-made ones, without allowDestructive", async () => {
    const current = shop(shopSchema({ noteLength: 40, phone: true, note: false, refunds: false }), "  - role: shop_reader\n    access: read\n", "3.0.0");
    await superuser("GRANT SELECT ON shop.orders TO PUBLIC; GRANT USAGE ON SCHEMA shop TO PUBLIC");
    const publicOnly = await applyPostgres(current, connection());
    expect(publicOnly.applied).toBe(true);
    expect(publicOnly.plan.changes.map((c) => `${c.kind} ${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual(["grant shop.orders: revoke SELECT from PUBLIC", "grant shop: revoke USAGE from PUBLIC"]);

    await superuser("CREATE ROLE shop_intruder; GRANT SELECT, UPDATE ON shop.orders TO shop_intruder WITH GRANT OPTION; GRANT SELECT (email) ON shop_safe.orders TO shop_intruder");
    const revoked = await applyPostgres(current, connection());
    expect(revoked).toMatchObject({ applied: true, findings: [] });
    expect(revoked.plan.changes.map((c) => `${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual([
      "shop.orders: revoke SELECT, UPDATE from shop_intruder",
      "shop_safe.orders.email: revoke SELECT from shop_intruder (column privileges are not part of the contract)",
    ]);
    const left = await superuser("SELECT has_table_privilege('shop_intruder', 'shop.orders', 'SELECT') AS t, has_column_privilege('shop_intruder', 'shop_safe.orders', 'email', 'SELECT') AS c");
    expect(left).toEqual([{ t: false, c: false }]);
    expect((await planPostgres(current, connection())).plan.changes).toEqual([]);
  });
});

describe("a privacy approval withdrawn", () => {
  const schema = `  - name: staff
    properties:
      - { name: staff_id, logicalType: integer, primaryKey: true }
      - { name: email, logicalType: string, tags: [pii] }
`;
  const roles = (approved: boolean) => `  - role: payroll_reader
    access: read
${approved ? "    customProperties:\n      - { property: privacyApproved, value: true }\n" : ""}`;
  const payroll = (approved: boolean, version: string) => modelOf(contractYaml({ domain: "payroll", schema, roles: roles(approved), version }));

  it("moves the reader to the masked view at once, without allowDestructive: it reads PII in clear no more", async () => {
    expect((await applyPostgres(payroll(true, "1.0.0"), connection())).applied).toBe(true);
    await superuser("INSERT INTO payroll.staff VALUES (1, 'eve@example.com')");
    const password = await loginUser("payroll_login", ["payroll_reader"]);
    expect(await as("payroll_login", password, "SELECT email FROM payroll.staff")).toEqual([{ email: "eve@example.com" }]);

    const withdrawn = await applyPostgres(payroll(false, "1.1.0"), connection());
    expect(withdrawn).toMatchObject({ applied: true, findings: [] });
    expect(withdrawn.plan.changes.filter((c) => c.kind === "grant").map((c) => `${c.action} ${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual([
      "delete payroll.staff: revoke SELECT from payroll_reader",
      "create payroll_safe.staff: SELECT to payroll_reader",
      "delete payroll: revoke USAGE from payroll_reader",
      "create payroll_safe: USAGE to payroll_reader",
    ]);
    await expectDenied(as("payroll_login", password, "SELECT email FROM payroll.staff"));
    expect(await as("payroll_login", password, "SELECT email FROM payroll_safe.staff")).toEqual([{ email: sha256("eve@example.com") }]);
    expect((await planPostgres(payroll(false, "1.1.0"), connection())).plan.changes).toEqual([]);
  });
});

describe("a column renamed with a renamedFrom hint", () => {
  const roles = `  - role: depot_analyst
    access: read
  - role: depot_privacy
    access: read
    customProperties:
      - property: privacyApproved
        value: true
  - role: depot_loader
    access: write
`;
  const column = (name: string, extra = "") => `      - name: ${name}
        logicalType: string
        unique: true
        classification: restricted
        description: Where it ships from.
${extra}`;
  const schema = (code: string) => `  - name: shipments
    properties:
      - name: shipment_id
        logicalType: integer
        primaryKey: true
${code}`;
  const renamed = (extra = "") => column("site_code", `${extra}        customProperties:\n          - property: renamedFrom\n            value: warehouse_code\n`);
  const depot = (code: string, version = "1.0.0") => modelOf(contractYaml({ domain: "depot", schema: schema(code), roles, version }));
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    expect((await applyPostgres(depot(column("warehouse_code")), connection())).applied).toBe(true);
    await superuser("INSERT INTO depot.shipments VALUES (1, 'WH-01'), (2, 'WH-''02'), (3, NULL)");
    passwords.analyst = await loginUser("depot_analyst_login", ["depot_analyst"]);
    passwords.privacy = await loginUser("depot_privacy_login", ["depot_privacy"]);
    passwords.loader = await loginUser("depot_loader_login", ["depot_loader"]);
  });

  it("counts the NULLs of a renamed column made required under its current name", async () => {
    const planned = await planPostgres(depot(renamed("        required: true\n"), "2.0.0"), connection());
    expect(planned.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-data-conflict", "/schema/0/properties/1"]]);
    expect(planned.plan.changes.find((c) => c.detail?.startsWith("required"))?.detail).toBe("required (NOT NULL): 1 row has no value (NULL) in the column, so it cannot be made NOT NULL: fill it in, or keep the property optional");
  });

  it("renames it in place: values, key, UNIQUE constraint, grants and the masked view follow, without allowDestructive", async () => {
    const next = depot(renamed(), "2.0.0");
    const planned = await planPostgres(next, connection());
    expect(planned.findings).toEqual([]);
    expect(planned.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual([
      "update column depot.shipments.site_code: rename warehouse_code → site_code (values kept)",
      "update view depot_safe.shipments: recreated: of depot.shipments, masking site_code",
      "update comment depot.shipments: table comment (product metadata)",
    ]);
    // Comments aside (a view's is written by a DO block that records its definition's digest).
    expect(planned.statements.filter((s) => !s.startsWith("COMMENT") && !s.startsWith("DO "))).toEqual([
      'DROP VIEW "depot_safe"."shipments"',
      'ALTER TABLE "depot"."shipments" RENAME COLUMN "warehouse_code" TO "site_code"',
      `CREATE VIEW "depot_safe"."shipments" AS SELECT "shipment_id", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("site_code", 'UTF8')), 'hex') AS "site_code" FROM "depot"."shipments"`,
      'ALTER VIEW "depot_safe"."shipments" OWNER TO "depot_owner"',
      'REVOKE ALL ON TABLE "depot_safe"."shipments" FROM PUBLIC',
      'GRANT SELECT ON TABLE "depot_safe"."shipments" TO "depot_analyst"',
    ]);

    const applied = await applyPostgres(next, connection());
    expect(applied).toMatchObject({ applied: true, findings: [] });
    expect(await superuser("SELECT shipment_id, site_code FROM depot.shipments ORDER BY shipment_id")).toEqual([
      { shipment_id: "1", site_code: "WH-01" },
      { shipment_id: "2", site_code: "WH-'02" },
      { shipment_id: "3", site_code: null },
    ]);
    expect(await superuser("SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'depot.shipments'::regclass ORDER BY conname")).toEqual([
      { conname: "shipments_pkey", def: "PRIMARY KEY (shipment_id)" },
      { conname: "shipments_warehouse_code_key", def: "UNIQUE (site_code)" },
    ]);
    // Every role reads the new name where it read the old one.
    expect(await as("depot_privacy_login", passwords.privacy!, "SELECT site_code FROM depot.shipments ORDER BY shipment_id")).toEqual([{ site_code: "WH-01" }, { site_code: "WH-'02" }, { site_code: null }]);
    expect(await as("depot_analyst_login", passwords.analyst!, "SELECT site_code FROM depot_safe.shipments ORDER BY shipment_id")).toEqual([{ site_code: sha256("WH-01") }, { site_code: sha256("WH-'02") }, { site_code: null }]);
    await expectDenied(as("depot_analyst_login", passwords.analyst!, "SELECT site_code FROM depot.shipments"));
    await as("depot_loader_login", passwords.loader!, "INSERT INTO depot.shipments VALUES (4, 'WH-04')");
    const [comment] = await superuser<{ c: string }>("SELECT col_description('depot.shipments'::regclass, 2) AS c");
    expect(comment!.c).toBe("Where it ships from. Sensitive (restricted): readable in clear only by roles approved for it; masked in depot_safe.shipments.");

    // Idempotent, with the hint still in the contract.
    expect((await planPostgres(next, connection())).plan.changes).toEqual([]);
    expect(await applyPostgres(next, connection())).toMatchObject({ applied: true, plan: { changes: [] } });
  });

  it("adds the column, with a note, when the hint names no column; keeps both when both are there", async () => {
    const elsewhere = depot(renamed().replace("value: warehouse_code", "value: depot_code").replace("site_code", "dock_code"), "3.0.0");
    const planned = await planPostgres(elsewhere, connection());
    expect(planned.plan.changes.filter((c) => c.kind === "column").map((c) => `${c.action} ${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual([
      "delete depot.shipments.site_code: no longer in the contract; its values are lost !",
      "create depot.shipments.dock_code: text (renamedFrom depot_code: the table has no such column, nothing to rename)",
    ]);
    await superuser("ALTER TABLE depot.shipments ADD COLUMN warehouse_code text");
    const both = await planPostgres(depot(renamed(), "2.0.0"), connection());
    expect(both.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}${c.destructive ? " !" : ""}`)).toEqual(["delete column depot.shipments.warehouse_code !", "update view depot_safe.shipments"]);
    await superuser("ALTER TABLE depot.shipments DROP COLUMN warehouse_code");
  });
});

describe("a schema object renamed with a renamedFrom hint", () => {
  const roles = `  - role: pantry_analyst
    access: read
  - role: pantry_loader
    access: write
`;
  const table = (name: string, extra = "") => `  - name: ${name}
${extra}    properties:
      - name: item_id
        logicalType: integer
        primaryKey: true
      - name: supplier_email
        logicalType: string
        unique: true
        classification: restricted
`;
  const renamed = (extra = "") => `${table("pantry_levels", "    customProperties:\n      - property: renamedFrom\n        value: inventory\n")}${extra}`;
  const pantryOf = (schema: string, version = "1.0.0") => modelOf(contractYaml({ domain: "pantry", schema, roles, version }));
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    expect((await applyPostgres(pantryOf(table("inventory")), connection())).applied).toBe(true);
    await superuser("INSERT INTO pantry.inventory VALUES (1, 'a@example.com'), (2, NULL)");
    passwords.analyst = await loginUser("pantry_analyst_login", ["pantry_analyst"]);
    passwords.loader = await loginUser("pantry_loader_login", ["pantry_loader"]);
  });

  it("counts the rows a required column added with the rename would leave empty under the table's current name", async () => {
    const planned = await planPostgres(pantryOf(renamed("      - name: bin\n        logicalType: string\n        required: true\n"), "2.0.0"), connection());
    expect(planned.findings.map((f) => f.ruleId)).toEqual(["provision-data-conflict"]);
    expect(planned.plan.changes.find((c) => c.kind === "column")?.detail).toMatch(/^text NOT NULL: the table has 2 rows/);
  });

  it("renames the table in place: rows, key, UNIQUE constraint, grants and the masked view follow, without allowDestructive", async () => {
    const next = pantryOf(renamed(), "2.0.0");
    const planned = await planPostgres(next, connection());
    expect(planned.findings).toEqual([]);
    expect(planned.plan.changes.filter((c) => c.kind === "table" || c.kind === "view").map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual([
      "update table pantry.pantry_levels: rename inventory → pantry_levels (rows, constraints and grants kept; masked view pantry_safe.inventory made again as pantry_safe.pantry_levels)",
      "create view pantry_safe.pantry_levels: of pantry.pantry_levels, masking supplier_email",
    ]);
    expect(planned.plan.changes.some((c) => c.destructive)).toBe(false);
    expect(planned.statements.slice(0, 2)).toEqual(['DROP VIEW "pantry_safe"."inventory"', 'ALTER TABLE "pantry"."inventory" RENAME TO "pantry_levels"']);

    expect(await applyPostgres(next, connection())).toMatchObject({ applied: true, findings: [] });
    expect(await superuser("SELECT item_id, supplier_email FROM pantry.pantry_levels ORDER BY item_id")).toEqual([
      { item_id: "1", supplier_email: "a@example.com" },
      { item_id: "2", supplier_email: null },
    ]);
    expect(await superuser("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('pantry', 'pantry_safe') AND c.relkind IN ('r', 'v') ORDER BY 1")).toEqual([
      { relname: "pantry_levels" },
      { relname: "pantry_levels" },
    ]);
    expect(await superuser("SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'pantry.pantry_levels'::regclass ORDER BY 1")).toEqual([{ def: "PRIMARY KEY (item_id)" }, { def: "UNIQUE (supplier_email)" }]);
    // Every role reads the new name where it read the old one, masked where it was.
    expect(await as("pantry_analyst_login", passwords.analyst!, "SELECT supplier_email FROM pantry_safe.pantry_levels ORDER BY item_id")).toEqual([{ supplier_email: sha256("a@example.com") }, { supplier_email: null }]);
    await expectDenied(as("pantry_analyst_login", passwords.analyst!, "SELECT supplier_email FROM pantry.pantry_levels"));
    await as("pantry_loader_login", passwords.loader!, "INSERT INTO pantry.pantry_levels VALUES (3, 'c@example.com')");

    // Idempotent, with the hint still in the contract.
    expect((await planPostgres(next, connection())).plan.changes).toEqual([]);
  });
});

describe("a failed apply leaves the database as it was", () => {
  it("rolls back roles, schemas and tables when a statement fails half-way", async () => {
    const model = modelOf(
      contractYaml({
        domain: "billing",
        schema: "  - name: invoices\n    properties:\n      - name: id\n        logicalType: integer\n  - name: payments\n    properties:\n      - name: id\n        logicalType: integer\n",
        roles: "  - role: billing_payer\n    access: read\n",
      }),
    );
    // A type the server does not know, as a broken mapping would produce: CREATE TABLE payments fails after
    // the roles, the schemas and the invoices table were created in the same transaction.
    model.products[0]!.contracts[0]!.tables[1]!.columns[0]!.types.postgres = "no_such_type";
    const planned = await planPostgres(model, connection());
    expect(planned.plan.changes.map((c) => c.address).indexOf("billing.payments")).toBeGreaterThan(planned.plan.changes.map((c) => c.address).indexOf("billing.invoices"));
    const failure = await applyPostgres(model, connection()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PostgresProvisionError);
    expect((failure as Error).message).toMatch(/^Apply failed at create table billing\.payments .*type "no_such_type" does not exist.*rolled back: nothing was changed/);
    expect((failure as PostgresProvisionError).statement).toBe('CREATE TABLE "billing"."payments" ("id" no_such_type)');
    const left = await superuser(
      "SELECT (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'billing%') AS schemas, (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'billing%') AS roles, to_regclass('billing.invoices') AS invoices",
    );
    expect(left).toEqual([{ schemas: "0", roles: "0", invoices: null }]);
  });

  it("refuses, at the plan, an additive change that must recreate a masked view another view reads (DROP VIEW would fail at the apply); applies nothing", async () => {
    const schema = (length: number, extra = "") => `  - name: events\n    properties:\n      - name: id\n        logicalType: integer\n      - name: label\n        logicalType: string\n        logicalTypeOptions: { maxLength: ${length} }\n${extra}`;
    const v1 = modelOf(contractYaml({ domain: "audit", schema: schema(10), roles: "  - role: audit_reader\n    access: read\n" }));
    expect((await applyPostgres(v1, connection())).applied).toBe(true);
    await superuser("INSERT INTO audit.events VALUES (1, 'x'); CREATE VIEW public.audit_report AS SELECT id, label FROM audit_safe.events");
    const v2 = modelOf(contractYaml({ domain: "audit", schema: schema(30, "      - name: added\n        logicalType: boolean\n"), roles: "  - role: audit_reader\n    access: read\n", version: "1.1.0" }));
    const planned = await planPostgres(v2, connection());
    expect(planned.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-object-conflict", "/schema/0"]]);
    expect(planned.findings[0]!.message).toMatch(/^update view audit_safe\.events \(recreated: .*: 1 object meshkit did not make \(view public\.audit_report\) reads the view, and PostgreSQL cannot drop the view while it does\)\. Nothing is applied while another object depends on it/);
    const refused = await applyPostgres(v2, connection());
    expect([refused.applied, refused.findings.map((f) => f.ruleId)]).toEqual([false, ["provision-object-conflict"]]);
    const columns = await superuser("SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'audit.events'::regclass AND attnum > 0 ORDER BY attnum");
    expect(columns).toEqual([
      { attname: "id", type: "bigint" },
      { attname: "label", type: "character varying(10)" },
    ]);
    expect(await superuser("SELECT * FROM public.audit_report")).toEqual([{ id: "1", label: "x" }]);
    await superuser("DROP VIEW public.audit_report");
    expect((await applyPostgres(v2, connection())).applied).toBe(true);
    expect((await planPostgres(v2, connection())).plan.changes).toEqual([]);
  });

  it("refuses, at the plan, to retype or drop a column or table that a view or row security policy meshkit did not make reads (PostgreSQL would refuse at apply); applies nothing", async () => {
    const events = (length: number, flag: boolean) => `  - name: events\n    properties:\n      - { name: id, logicalType: integer }\n      - { name: label, logicalType: string, logicalTypeOptions: { maxLength: ${length} } }\n${flag ? "      - { name: flag, logicalType: boolean }\n" : ""}`;
    const extras = "  - name: extras\n    properties:\n      - { name: id, logicalType: integer }\n";
    expect((await applyPostgres(modelOf(contractYaml({ domain: "ledger", schema: events(10, true) + extras })), connection())).applied).toBe(true);
    await superuser("INSERT INTO ledger.events VALUES (1, 'x', true); INSERT INTO ledger.extras VALUES (1); CREATE VIEW public.ledger_report AS SELECT e.id, e.label, e.flag FROM ledger.events e JOIN ledger.extras x USING (id); CREATE POLICY labelled ON ledger.events USING (label <> ''); CREATE POLICY numbered ON ledger.extras USING (id > 0)");
    const v2 = modelOf(contractYaml({ domain: "ledger", schema: events(30, false), version: "2.0.0" }));
    const planned = await planPostgres(v2, connection(), { allowDestructive: true });
    expect(planned.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["provision-object-conflict", "/schema/0"],
      ["provision-object-conflict", "/schema/0/properties/1"],
      ["provision-object-conflict", "/schema"],
    ]);
    expect(planned.findings.map((f) => f.message)).toEqual([
      "delete column ledger.events.flag (no longer in the contract; its values are lost: 1 object meshkit did not make (view public.ledger_report) reads the column, and PostgreSQL cannot drop the column while it does). Nothing is applied while another object depends on it: drop the dependent views, policies or foreign keys before the apply and make them again after it (or keep the contract as it was), then plan again.",
      expect.stringMatching(/^update column ledger\.events\.label \(type character varying\(10\) → character varying\(30\): 2 objects meshkit did not make \(policy labelled on ledger\.events, view public\.ledger_report\) read the column, and PostgreSQL cannot change the type of the column while they do\)\. /),
      // extras' own policy goes with the table, and stops nothing; the view does.
      expect.stringMatching(/^delete table ledger\.extras \(.*: 1 object meshkit did not make \(view public\.ledger_report\) reads the table, and PostgreSQL cannot drop the table while it does\)\. /),
    ]);
    const refused = await applyPostgres(v2, connection(), { allowDestructive: true });
    expect([refused.applied, refused.findings.map((f) => f.ruleId)]).toEqual([false, ["provision-object-conflict", "provision-object-conflict", "provision-object-conflict"]]);
    expect(await superuser("SELECT * FROM public.ledger_report")).toEqual([{ id: "1", label: "x", flag: true }]);
    // meshkit's own masked views are made again by the plan, so they stop nothing; once the view is gone, the change goes through.
    await superuser("DROP VIEW public.ledger_report; DROP POLICY labelled ON ledger.events");
    const applied = await applyPostgres(v2, connection(), { allowDestructive: true });
    expect([applied.applied, applied.findings]).toEqual([true, []]);
    expect((await planPostgres(v2, connection())).plan.changes).toEqual([]);
  });

  it("locks a table whose column it narrows before it checks the values, so a value written meanwhile is refused, not cut by the ALTER's cast", async () => {
    const schema = (length: number) => `  - name: parcels\n    properties:\n      - { name: id, logicalType: integer }\n      - { name: label, logicalType: string, logicalTypeOptions: { maxLength: ${length} } }\n`;
    expect((await applyPostgres(modelOf(contractYaml({ domain: "shipping", schema: schema(30) })), connection())).applied).toBe(true);
    await superuser("INSERT INTO shipping.parcels VALUES (1, 'short')");
    const v2 = modelOf(contractYaml({ domain: "shipping", schema: schema(5), version: "2.0.0" }));
    // A loader's transaction writes a value the narrower column cannot hold, and commits only once the apply waits for it.
    const loader = new pg.Client({ host: server.host, port: server.port, database: server.database, user: server.user, password: server.password });
    await loader.connect();
    try {
      await loader.query("BEGIN");
      await loader.query("INSERT INTO shipping.parcels VALUES (2, 'far too long for five')");
      // Refused anyway (a narrowing without --allow-destructive): answered at once, without waiting for the loader.
      const unflagged = await applyPostgres(v2, connection());
      expect([unflagged.applied, unflagged.findings.map((f) => f.ruleId)]).toEqual([false, ["provision-destructive-change"]]);
      const applying = applyPostgres(v2, connection(), { allowDestructive: true });
      // Waits on the state, not on time: until the apply's session waits for a lock on the table.
      const waiting = async () =>
        (await superuser<{ n: number }>("SELECT count(*)::int AS n FROM pg_catalog.pg_locks WHERE NOT granted AND relation = 'shipping.parcels'::regclass"))[0]!.n > 0;
      while (!(await waiting())) await new Promise((resolve) => setTimeout(resolve, 20));
      await loader.query("COMMIT");
      const refused = await applying;
      expect([refused.applied, refused.findings.map((f) => f.ruleId)]).toEqual([false, ["provision-data-conflict"]]);
      expect(refused.findings[0]!.message).toMatch(/^update column shipping\.parcels\.label \(.*1 value of the column would be changed by the conversion to varchar\(5\) \(cut or rounded\)\)/);
    } finally {
      await loader.end();
    }
    expect(await superuser("SELECT id::int, label FROM shipping.parcels ORDER BY id")).toEqual([
      { id: 1, label: "short" },
      { id: 2, label: "far too long for five" },
    ]);
  });

  it("fails at the change whose table it waited for when a writer holds it past lock_timeout (not as a failure to read the state), with nothing changed", async () => {
    const schema = (length: number) => `  - name: crates\n    properties:\n      - { name: id, logicalType: integer }\n      - { name: label, logicalType: string, logicalTypeOptions: { maxLength: ${length} } }\n`;
    expect((await applyPostgres(modelOf(contractYaml({ domain: "storage", schema: schema(30) })), connection())).applied).toBe(true);
    const v2 = modelOf(contractYaml({ domain: "storage", schema: schema(5), version: "2.0.0" }));
    const loader = new pg.Client({ host: server.host, port: server.port, database: server.database, user: server.user, password: server.password });
    await loader.connect();
    try {
      await loader.query("BEGIN");
      await loader.query("INSERT INTO storage.crates VALUES (1, 'short')");
      const failed = await applyPostgres(v2, connection(), { allowDestructive: true, lockTimeoutMs: 100 }).then(() => undefined, (error: unknown) => error);
      expect(failed).toBeInstanceOf(PostgresProvisionError);
      // It did read the state: it was "Cannot read the current state of PostgreSQL server …: canceling statement due to lock timeout".
      expect((failed as Error).message).toMatch(
        /^Apply failed at update column storage\.crates\.label \(type .*\), locking its table against writers to check the values it would convert: canceling statement due to lock timeout\. The transaction was rolled back: nothing was changed\.$/,
      );
    } finally {
      await loader.query("ROLLBACK");
      await loader.end();
    }
  });

  it("refuses, at the plan, to drop a table or column that another's foreign key references (PostgreSQL would refuse at apply); applies nothing", async () => {
    const schema = (v1: boolean) =>
      `${v1 ? "  - name: accounts\n    properties:\n      - { name: id, logicalType: integer, primaryKey: true }\n" : ""}  - name: branches\n    properties:\n${v1 ? "      - { name: id, logicalType: integer, primaryKey: true }\n" : ""}      - { name: label, logicalType: string }\n`;
    expect((await applyPostgres(modelOf(contractYaml({ domain: "bank", schema: schema(true) })), connection())).applied).toBe(true);
    await superuser("INSERT INTO bank.accounts VALUES (1); INSERT INTO bank.branches VALUES (1, 'x'); CREATE TABLE public.bank_links (account bigint CONSTRAINT link_account REFERENCES bank.accounts (id), branch bigint CONSTRAINT link_branch REFERENCES bank.branches (id)); INSERT INTO public.bank_links VALUES (1, 1)");
    const v2 = modelOf(contractYaml({ domain: "bank", schema: schema(false), version: "2.0.0" }));
    const planned = await planPostgres(v2, connection(), { allowDestructive: true });
    expect(planned.findings.map((f) => f.ruleId)).toEqual(["provision-object-conflict", "provision-object-conflict"]);
    expect(planned.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^delete column bank\.branches\.id \(.*: 1 object meshkit did not make \(foreign key link_branch on public\.bank_links\) reads the column, and PostgreSQL cannot drop the column while it does\)\. .*drop the dependent views, policies or foreign keys before the apply/),
      expect.stringMatching(/^delete table bank\.accounts \(.*: 1 object meshkit did not make \(foreign key link_account on public\.bank_links\) reads the table, and PostgreSQL cannot drop the table while it does\)\. /),
    ]);
    const refused = await applyPostgres(v2, connection(), { allowDestructive: true });
    expect([refused.applied, refused.findings.map((f) => f.ruleId)]).toEqual([false, ["provision-object-conflict", "provision-object-conflict"]]);
    expect(await superuser("SELECT count(*)::int AS n FROM bank.accounts")).toEqual([{ n: 1 }]);
    // Once the other table's keys are gone, the change goes through.
    await superuser("DROP TABLE public.bank_links");
    expect((await applyPostgres(v2, connection(), { allowDestructive: true })).applied).toBe(true);
  });

  it("refuses, at the plan, to drop a primary key or unique constraint that another's foreign key references; applies nothing", async () => {
    const schema = (v1: boolean) =>
      `  - name: tills\n    properties:\n      - { name: id, logicalType: integer${v1 ? ", primaryKey: true" : ""} }\n      - { name: code, logicalType: string${v1 ? ", unique: true" : ""} }\n`;
    expect((await applyPostgres(modelOf(contractYaml({ domain: "till", schema: schema(true) })), connection())).applied).toBe(true);
    await superuser("INSERT INTO till.tills VALUES (1, 'a'); CREATE TABLE public.till_sales (till bigint CONSTRAINT sale_till REFERENCES till.tills (id), code text CONSTRAINT sale_code REFERENCES till.tills (code)); INSERT INTO public.till_sales VALUES (1, 'a')");
    const v2 = modelOf(contractYaml({ domain: "till", schema: schema(false), version: "2.0.0" }));
    const planned = await planPostgres(v2, connection());
    expect(planned.findings.map((f) => f.ruleId)).toEqual(["provision-object-conflict", "provision-object-conflict"]);
    expect(planned.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^update table till\.tills \(primary key \(id\) → none: 1 object meshkit did not make \(foreign key sale_till on public\.till_sales\) reads the primary key, and PostgreSQL cannot drop the primary key while it does\)\. /),
      expect.stringMatching(/^delete constraint till\.tills\.code \(.*: 1 object meshkit did not make \(foreign key sale_code on public\.till_sales\) reads the unique constraint, and PostgreSQL cannot drop the unique constraint while it does\)\. /),
    ]);
    const refused = await applyPostgres(v2, connection());
    expect([refused.applied, refused.findings.map((f) => f.ruleId)]).toEqual([false, ["provision-object-conflict", "provision-object-conflict"]]);
    await superuser("DROP TABLE public.till_sales");
    expect((await applyPostgres(v2, connection())).applied).toBe(true);
  });

  it("refuses, at the plan, to drop a primary key a view reads other columns through (grouping by the key); applies nothing", async () => {
    const schema = (v1: boolean) => `  - name: registers\n    properties:\n      - { name: id, logicalType: integer${v1 ? ", primaryKey: true" : ""} }\n      - { name: code, logicalType: string }\n`;
    expect((await applyPostgres(modelOf(contractYaml({ domain: "register", schema: schema(true) })), connection())).applied).toBe(true);
    // PostgreSQL: `cannot drop constraint registers_pkey … because other objects depend on it` (the view reads `code` through the key).
    await superuser("CREATE VIEW public.register_codes AS SELECT r.id, r.code, pg_catalog.count(*) AS n FROM register.registers r GROUP BY r.id");
    const v2 = modelOf(contractYaml({ domain: "register", schema: schema(false), version: "2.0.0" }));
    const planned = await planPostgres(v2, connection());
    expect(planned.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["provision-object-conflict", expect.stringMatching(/^update table register\.registers \(primary key \(id\) → none: 1 object meshkit did not make \(view public\.register_codes\) reads the primary key, and PostgreSQL cannot drop the primary key while it does\)\. /)],
    ]);
    expect((await applyPostgres(v2, connection())).applied).toBe(false);
    await superuser("DROP VIEW public.register_codes");
    expect((await applyPostgres(v2, connection())).applied).toBe(true);
  });

  it("refuses, at the plan, a primary key the rows do not hold, counting the repeated keys (never showing one); changes nothing", async () => {
    const schema = (key: "id" | "code" | "none") => `  - name: items\n    properties:\n      - { name: id, logicalType: integer${key === "id" ? ", primaryKey: true" : ""} }\n      - { name: code, logicalType: string${key === "code" ? ", primaryKey: true" : ""} }\n`;
    expect((await applyPostgres(modelOf(contractYaml({ domain: "stock", schema: schema("id") })), connection())).applied).toBe(true);
    await superuser("INSERT INTO stock.items VALUES (1, 'A'), (2, 'A')");
    const refused = "update table stock.items: primary key (id) → (code): 1 value of the key occurs more than once, so the PRIMARY KEY cannot be added: fix the rows, or keep the key";
    const planned = await planPostgres(modelOf(contractYaml({ domain: "stock", schema: schema("code") })), connection());
    expect(planned.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}`)).toContain(refused);
    expect(planned.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-data-conflict", "/schema/0"]]);
    const applied = await applyPostgres(modelOf(contractYaml({ domain: "stock", schema: schema("code") })), connection());
    expect(applied.applied).toBe(false);
    expect(applied.findings.map((f) => f.ruleId)).toEqual(["provision-data-conflict"]);
    expect(JSON.stringify([planned, applied])).not.toContain('"A"'); // values may be personal data: never in a plan or message
    expect(await superuser("SELECT pg_get_constraintdef(oid) AS key FROM pg_constraint WHERE conrelid = 'stock.items'::regclass AND contype = 'p'")).toEqual([{ key: "PRIMARY KEY (id)" }]);
    // A table without a key that gets one is counted as well.
    expect((await applyPostgres(modelOf(contractYaml({ domain: "stock", schema: schema("none") })), connection())).applied).toBe(true);
    const added = await planPostgres(modelOf(contractYaml({ domain: "stock", schema: schema("code") })), connection());
    expect(added.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}`)).toContain(refused.replace("(id) →", "none →"));
    expect(added.findings.map((f) => f.ruleId)).toEqual(["provision-data-conflict"]);
    await superuser("DELETE FROM stock.items WHERE id = 2");
    expect((await applyPostgres(modelOf(contractYaml({ domain: "stock", schema: schema("code") })), connection())).applied).toBe(true);
  });

  it("refuses, at the plan, a type change PostgreSQL has no conversion for (date → integer), with rows or without; changes nothing", async () => {
    const schema = (type: "date" | "integer") => `  - name: visits\n    properties:\n      - { name: id, logicalType: integer, primaryKey: true }\n      - { name: seen, logicalType: ${type}${type === "integer" ? ", logicalTypeOptions: { format: i32 }" : ""} }\n`;
    expect((await applyPostgres(modelOf(contractYaml({ domain: "visits", schema: schema("date") })), connection())).applied).toBe(true);
    const retyped = modelOf(contractYaml({ domain: "visits", schema: schema("integer"), version: "2.0.0" }));
    for (const rows of ["none", "one"]) {
      if (rows === "one") await superuser("INSERT INTO visits.visits VALUES (1, '2024-01-02')");
      const planned = await planPostgres(retyped, connection(), { allowDestructive: true });
      expect(planned.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-data-conflict", "/schema/0/properties/1"]]);
      expect(planned.findings[0]!.message).toMatch(/^update column visits\.visits\.seen .*cannot convert the column's values to the new type \(cannot cast type date to integer\)/);
      const applied = await applyPostgres(retyped, connection(), { allowDestructive: true });
      expect(applied.applied).toBe(false);
      expect(applied.findings.map((f) => f.ruleId)).toEqual(["provision-data-conflict"]);
      expect(await superuser("SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'visits.visits'::regclass AND attname = 'seen'")).toEqual([{ type: "date" }]);
    }
  });

  it("refuses a type change with a cast one way only (timestamp → time) while the column holds a value, and makes it when it holds none", async () => {
    // No cast back cannot prove that no value is cut: the dates would go. A column of NULLs loses nothing.
    const clock = (type: "timestamp" | "time") => `  - name: clocks\n    properties:\n      - { name: id, logicalType: integer }\n      - { name: at, logicalType: ${type} }\n`;
    expect((await applyPostgres(modelOf(contractYaml({ domain: "clocks", schema: clock("timestamp") })), connection())).applied).toBe(true);
    await superuser("INSERT INTO clocks.clocks VALUES (1, '2024-01-02 03:04:05'), (2, NULL)");
    const toTime = modelOf(contractYaml({ domain: "clocks", schema: clock("time"), version: "2.0.0" }));
    const refused = await applyPostgres(toTime, connection(), { allowDestructive: true });
    expect([refused.applied, refused.findings.map((f) => [f.ruleId, f.path])]).toEqual([false, [["provision-data-conflict", "/schema/0/properties/1"]]]);
    expect(refused.findings[0]!.message).toMatch(/PostgreSQL has no cast from time back to timestamp without time zone, so none of the column's 1 value can be shown to survive/);
    expect(await superuser("SELECT id::int AS id, at::text AS at FROM clocks.clocks ORDER BY id")).toEqual([{ id: 1, at: "2024-01-02 03:04:05" }, { id: 2, at: null }]);
    await superuser("UPDATE clocks.clocks SET at = NULL");
    const applied = await applyPostgres(toTime, connection(), { allowDestructive: true });
    expect([applied.applied, applied.findings]).toEqual([true, []]);
    expect(await superuser("SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'clocks.clocks'::regclass AND attname = 'at'")).toEqual([{ type: "time without time zone" }]);
    expect(await superuser("SELECT pg_catalog.count(*)::int AS n FROM clocks.clocks")).toEqual([{ n: 2 }]);
  });

  it("converts timestamptz to timestamp in UTC, whatever time zone the applying role's settings give its sessions", async () => {
    const events = (zoned: boolean) => `  - name: events\n    properties:\n      - { name: id, logicalType: integer }\n      - { name: at, logicalType: timestamp${zoned ? ", logicalTypeOptions: { timezone: true }" : ""} }\n`;
    expect((await applyPostgres(modelOf(contractYaml({ domain: "zones", schema: events(true) })), connection())).applied).toBe(true);
    await superuser("INSERT INTO zones.events VALUES (1, '2024-01-01 00:00:00+00')");
    await superuser(`ALTER ROLE "${server.user}" SET timezone = 'America/New_York'`);
    try {
      const applied = await applyPostgres(modelOf(contractYaml({ domain: "zones", schema: events(false), version: "2.0.0" })), connection(), { allowDestructive: true });
      expect([applied.applied, applied.findings]).toEqual([true, []]);
    } finally {
      await superuser(`ALTER ROLE "${server.user}" RESET timezone`);
    }
    // The instant as UTC wall-clock time, as contract-test reads it: not 2023-12-31 19:00:00, New York's.
    expect(await superuser("SELECT at::text AS at FROM zones.events")).toEqual([{ at: "2024-01-01 00:00:00" }]);
  });

  it("takes turns when two applies run at once: both succeed, the second finds nothing to do", async () => {
    const model = () => modelOf(contractYaml({ domain: "Ops", schema: "  - name: Incidents\n    properties:\n      - name: Id\n        logicalType: integer\n", roles: "  - role: Ops_Reader\n    access: read\n" }));
    const [a, b] = await Promise.all([applyPostgres(model(), connection()), applyPostgres(model(), connection())]);
    expect([a.applied, b.applied]).toEqual([true, true]);
    expect([a.plan.changes.length, b.plan.changes.length].sort((x, y) => x - y)[0]).toBe(0);
    // Case is kept, because every name is quoted.
    expect(await superuser(`SELECT to_regclass('"Ops"."Incidents"')::text AS t, to_regclass('"Ops_safe"."Incidents"')::text AS v`)).toEqual([{ t: '"Ops"."Incidents"', v: '"Ops_safe"."Incidents"' }]);
  });
});

describe("objects meshkit did not make, and names PostgreSQL cannot take", () => {
  it("refuses to take over an existing schema or table, and applies nothing", async () => {
    await superuser("CREATE SCHEMA legacy; CREATE TABLE legacy.accounts (id int); INSERT INTO legacy.accounts VALUES (1)");
    const model = modelOf(contractYaml({ domain: "legacy", schema: "  - name: accounts\n    properties:\n      - name: id\n        logicalType: integer\n", roles: "  - role: legacy_reader\n    access: read\n" }));
    const refused = await applyPostgres(model, connection());
    expect(refused.applied).toBe(false);
    // Both at once, so one round trip fixes them.
    expect(refused.findings.map((f) => [f.ruleId, f.path, f.line])).toEqual([
      ["provision-object-conflict", "/domain", 7],
      ["provision-object-conflict", "/schema/0", 18],
    ]);
    expect(refused.findings[0]!.message).toMatch(/^Schema legacy exists and was not created by meshkit/);
    expect(await superuser("SELECT rolname FROM pg_roles WHERE rolname LIKE 'legacy%'")).toEqual([]);

    // Handing the schema over is explicit; the table still is not meshkit's.
    await superuser(`COMMENT ON SCHEMA legacy IS '{"managedBy":"meshkit"}'`);
    const table = await applyPostgres(model, connection());
    expect(table.applied).toBe(false);
    expect(table.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-object-conflict", "/schema/0"]]);
    expect(table.findings[0]!.message).toMatch(/^Table legacy\.accounts exists and was not created by meshkit/);
    expect(table.plan.changes.some((c) => c.address === "legacy.accounts")).toBe(false);
    expect(await superuser("SELECT * FROM legacy.accounts")).toEqual([{ id: 1 }]);
  });

  it("says how to hand over a schema and table whose names need quotes with statements that name them, not their lower-case namesakes", async () => {
    // `COMMENT ON SCHEMA Old_Crm` is old_crm's: it would hand over the wrong schema. `Old_Crm.Order` does not even parse.
    await superuser(`CREATE SCHEMA "Old_Crm"; CREATE SCHEMA old_crm; CREATE TABLE "Old_Crm"."Order" (id bigint)`);
    const model = modelOf(contractYaml({ domain: "Old_Crm", schema: "  - name: Order\n    properties:\n      - name: id\n        logicalType: integer\n" }));
    const advice = (message: string) => message.match(/ with (COMMENT ON .*)\.$/)![1]!;
    const refused = await planPostgres(model, connection());
    expect(refused.findings.map((f) => advice(f.message))).toEqual([`COMMENT ON SCHEMA "Old_Crm" IS '{"managedBy":"meshkit"}'`, `COMMENT ON TABLE "Old_Crm"."Order" IS '{"managedBy":"meshkit"}'`]);

    for (const statement of refused.findings.map((f) => advice(f.message))) await superuser(statement);
    expect(await superuser("SELECT obj_description('old_crm'::regnamespace, 'pg_namespace') AS c")).toEqual([{ c: null }]);
    expect(await applyPostgres(model, connection())).toMatchObject({ applied: true, findings: [] });
  });

  it("says how to hand over the table and view a renamed product's contract made, rather than to rename the object and leave the rows behind", async () => {
    const invoices = contractYaml({ domain: "billing", id: "billing-invoices", schema: "  - name: invoices\n    properties:\n      - { name: id, logicalType: integer }\n" });
    expect((await applyPostgres(modelOf(invoices), connection())).applied).toBe(true);
    await superuser("INSERT INTO billing.invoices VALUES (7)");
    const renamed = modelOf(invoices.replace("\nname: billing-invoices\n", "\nname: receivables\n"));

    const table = await planPostgres(renamed, connection());
    expect(table.findings.map((f) => f.message)).toEqual([
      `Table billing.invoices belongs to product billing/billing_invoices (per its comment), not billing/receivables, although it was made for this contract (billing-invoices): meshkit does not move a table between products by itself. If the product was renamed, hand the table over with COMMENT ON TABLE "billing"."invoices" IS '{"managedBy":"meshkit"}'; otherwise give this schema object another name (or physicalName).`,
    ]);
    await superuser(`COMMENT ON TABLE "billing"."invoices" IS '{"managedBy":"meshkit"}'`);
    const view = await planPostgres(renamed, connection());
    expect(view.findings.map((f) => f.message.match(/If the product was renamed, (.*); otherwise/)![1])).toEqual([`hand the view over with COMMENT ON VIEW "billing_safe"."invoices" IS '{"managedBy":"meshkit"}'`]);
    await superuser(`COMMENT ON VIEW "billing_safe"."invoices" IS '{"managedBy":"meshkit"}'`);
    expect(await applyPostgres(renamed, connection())).toMatchObject({ applied: true, findings: [] });
    expect(await superuser("SELECT obj_description('billing.invoices'::regclass, 'pg_class')::json->>'product' AS product, (SELECT count(*)::int FROM billing.invoices) AS n")).toEqual([{ product: "receivables", n: 1 }]);
  });

  it("applies a domain and roles that only in lower case would be names PostgreSQL reserves (PG_Sales, PUBLIC, None, PG_reader)", async () => {
    const model = modelOf(
      contractYaml({
        domain: "PG_Sales",
        schema: "  - name: t\n    properties:\n      - name: id\n        logicalType: integer\n",
        roles: "  - role: PUBLIC\n    access: read\n  - role: None\n    access: read\n  - role: PG_reader\n    access: read\n",
      }),
    );
    const applied = await applyPostgres(model, connection());
    expect(applied.findings).toEqual([]);
    expect(applied.applied).toBe(true);
    expect(await superuser("SELECT rolname FROM pg_roles WHERE rolname IN ('PUBLIC', 'None', 'PG_reader', 'PG_Sales_owner') ORDER BY rolname")).toEqual([
      { rolname: "None" },
      { rolname: "PG_Sales_owner" },
      { rolname: "PG_reader" },
      { rolname: "PUBLIC" },
    ]);
    expect(await superuser(`SELECT count(*)::int AS n FROM "PG_Sales".t`)).toEqual([{ n: 0 }]);
  });

  it("never touches a table whose contract has a column it cannot write, and applies nothing", async () => {
    const items = (extra = "") => `  - name: items\n    properties:\n      - name: id\n        logicalType: integer\n${extra}`;
    expect((await applyPostgres(modelOf(contractYaml({ domain: "inv", schema: items() })), connection())).applied).toBe(true);
    await superuser("INSERT INTO inv.items VALUES (1)");
    const broken = modelOf(contractYaml({ domain: "inv", schema: items("      - name: weird\n        logicalType: number\n        physicalType: DECIMAL(50,2)\n      - name: id\n        logicalType: integer\n") }));
    expect(broken.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["provision-type-unmapped", "/schema/0/properties/1/logicalType"],
      ["provision-object-conflict", "/schema/0/properties/2/name"],
    ]);
    const planned = await planPostgres(broken, connection(), { allowDestructive: true });
    // The model's findings are not repeated.
    expect(planned.findings).toEqual([]);
    expect(planned.plan.changes).toEqual([]);
    const refused = await applyPostgres(broken, connection(), { allowDestructive: true });
    expect(refused.applied).toBe(false);
    expect(await superuser("SELECT id FROM inv.items")).toEqual([{ id: "1" }]);
  });

  it("leaves names the model refuses (quotes, spaces, ;) out, and reports names PostgreSQL reserves", async () => {
    const model = modelOf(
      contractYaml({
        domain: "names",
        schema: '  - name: my table\n    properties:\n      - name: id\n        logicalType: integer\n  - name: ok\n    properties:\n      - name: e"mail\n        logicalType: string\n      - name: id\n        logicalType: integer\n',
        roles: "  - role: bad;role\n    access: read\n  - role: pg_reader\n    access: read\n  - role: public\n    access: read\n  - role: names_owner\n    access: read\n",
      }),
    );
    expect(model.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["provision-invalid-name", "/schema/0/name"],
      ["provision-invalid-name", "/schema/1/properties/0/name"],
      ["provision-invalid-name", "/roles/0/role"],
    ]);
    const planned = await planPostgres(model, connection());
    expect(planned.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["provision-invalid-name", "/roles/1/role"],
      ["provision-invalid-name", "/roles/2/role"],
      ["provision-invalid-name", "/roles/3/role"],
    ]);
    expect(planned.statements.join("\n")).not.toMatch(/my table|e"mail|bad;role|pg_reader|"public"/);
    expect(planned.statements).toContain('CREATE TABLE "names"."ok" ("id" bigint)');
    const refused = await applyPostgres(model, connection());
    expect(refused.applied).toBe(false);
    expect(await superuser("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'names%'")).toEqual([]);

    const long = modelOf(contractYaml({ domain: `d${"x".repeat(59)}`, schema: "  - name: t\n    properties:\n      - name: id\n        logicalType: integer\n" }));
    const tooLong = await planPostgres(long, connection());
    expect(tooLong.findings.map((f) => f.message)).toEqual([expect.stringMatching(/too long for PostgreSQL: its owner role dx+_owner would be longer than 63 characters/)]);
    expect(tooLong.plan.changes).toEqual([]);
  });
});

  it("refuses, at the plan, a table wider than PostgreSQL's 1,600 columns (its masked view too), which CREATE TABLE would refuse at apply; applies nothing", async () => {
    const wide = (domain: string, count: number) => {
      const columns = Array.from({ length: count }, (_, i) => `      - name: c${i}\n        logicalType: integer\n${i === 0 ? "        classification: restricted\n" : ""}`).join("");
      return modelOf(contractYaml({ domain, schema: `  - name: wide\n    properties:\n${columns}`, roles: "  - role: wide_reader\n    access: read\n" }));
    };
    const widest = await planPostgres(wide("wide_ok", 1600), connection());
    expect(widest.findings).toEqual([]);
    const tooWide = await planPostgres(wide("wide_no", 1601), connection());
    expect(tooWide.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["provision-too-many-columns", "/schema/0", "Table `wide_no.wide` has 1601 columns, and a PostgreSQL table (and its masked view) can have at most 1600: split the schema object into narrower ones (or nest related properties in an object); the table is not provisioned until then."],
    ]);
    expect(tooWide.statements.join("\n")).not.toMatch(/"wide"/);
    expect((await applyPostgres(wide("wide_no", 1601), connection())).applied).toBe(false);
    expect(await superuser("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'wide_no%'")).toEqual([]);
  });

  it("refuses, at the plan, a column added to a table whose dropped columns used up PostgreSQL's 1,600 column numbers; applies nothing", async () => {
    const gaps = (extra = "") => modelOf(contractYaml({ domain: "gaps", schema: `  - name: t\n    properties:\n      - name: id\n        logicalType: integer\n      - name: a\n        logicalType: integer\n${extra}` }));
    expect((await applyPostgres(gaps(), connection())).applied).toBe(true);
    // A dropped column keeps its number: 2 live columns, 1,600 numbers used.
    await superuser("DO $$ BEGIN FOR i IN 1..1598 LOOP EXECUTE format('ALTER TABLE gaps.t ADD COLUMN g%s integer', i); EXECUTE format('ALTER TABLE gaps.t DROP COLUMN g%s', i); END LOOP; END $$");
    await expect(superuser("ALTER TABLE gaps.t ADD COLUMN probe integer")).rejects.toThrow(/at most 1600 columns/);
    const widened = gaps("      - name: b\n        logicalType: integer\n");
    const planned = await planPostgres(widened, connection());
    expect(planned.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["provision-too-many-columns", "/schema/0", "Table gaps.t has used 1600 of PostgreSQL's 1600 column numbers (a dropped column keeps its number until the table is made anew), so adding 1 column would fail at apply: recreate the table (CREATE TABLE … AS SELECT, then swap the names), or add fewer columns."],
    ]);
    expect(planned.plan.changes.filter((c) => c.address.startsWith("gaps.t"))).toEqual([]);
    expect((await applyPostgres(widened, connection())).applied).toBe(false);
    // The same contract without the new column plans nothing for the table.
    expect((await planPostgres(gaps(), connection())).findings).toEqual([]);
  });

  it("refuses, at the plan, a table or UNIQUE constraint named as an index PostgreSQL would make in the same schema; applies nothing", async () => {
    const table = (name: string, columns: string) => `  - name: ${name}\n    properties:\n${columns}`;
    const column = (name: string, extra = "") => `      - { name: ${name}, logicalType: string${extra} }\n`;
    const model = modelOf(
      contractYaml({
        domain: "idx",
        schema: [
          table("orders", column("id", ", primaryKey: true") + column("code", ", unique: true")),
          table("orders_code_key", column("a")), // the name of orders.code's UNIQUE constraint
          table("orders_pkey", column("a")), // the name PostgreSQL gives orders' primary key, which is created first
          table("a_b", column("c", ", unique: true")), // a_b_c_key, taken by …
          table("a", column("b_c", ", unique: true")), // … a.b_c's, created first
        ].join(""),
      }),
    );
    const planned = await planPostgres(model, connection());
    expect(planned.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["provision-object-conflict", "/schema/3/properties/0"],
      ["provision-object-conflict", "/schema/2"],
      ["provision-object-conflict", "/schema/0/properties/1"],
    ]);
    expect(planned.findings[2]!.message).toBe(
      "The UNIQUE constraint of idx.orders.code is named orders_code_key, the name of table idx.orders_code_key of this plan (indexes and tables share one namespace in a schema); rename the table or the column (or set its physicalName).",
    );
    expect(planned.findings[1]!.message).toMatch(/^Table idx\.orders_pkey has the name PostgreSQL gives the primary key index of table idx\.orders, /);
    expect((await applyPostgres(model, connection())).applied).toBe(false);
    expect(await superuser("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'idx%'")).toEqual([]);

    // An index already in the schema takes the name of a UNIQUE constraint added to an existing table.
    const plain = modelOf(contractYaml({ domain: "idx", schema: table("orders", column("id", ", primaryKey: true") + column("code")) }));
    expect((await applyPostgres(plain, connection())).applied).toBe(true);
    await superuser("CREATE INDEX orders_code_key ON idx.orders (id)");
    const unique = await planPostgres(modelOf(contractYaml({ domain: "idx", schema: table("orders", column("id", ", primaryKey: true") + column("code", ", unique: true")) })), connection());
    expect(unique.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["provision-object-conflict", "/schema/0/properties/1", expect.stringContaining("is named orders_code_key, the name of idx.orders_code_key, which the schema already has")],
    ]);

    // A key added to an existing table is named when it is made, before a new table of that name.
    const orders = table("orders", column("id", ", primaryKey: true") + column("code"));
    expect((await applyPostgres(modelOf(contractYaml({ domain: "idx", schema: orders + table("lines", column("n")) })), connection())).applied).toBe(true);
    const keyed = await planPostgres(modelOf(contractYaml({ domain: "idx", schema: orders + table("lines", column("n", ", primaryKey: true")) + table("lines_pkey", column("a")) })), connection());
    expect(keyed.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["provision-object-conflict", "/schema/2", expect.stringMatching(/^Table idx\.lines_pkey has the name PostgreSQL gives the primary key index of table idx\.lines, which is made before it/)],
    ]);
  });

describe("a plan by a user that may read the catalog, not the tables", () => {
  it("says which changes it could not count the rows of, rather than pass them", async () => {
    const schema = (required: boolean) => `  - name: people\n    properties:\n      - { name: id, logicalType: integer }\n      - { name: email, logicalType: string${required ? ", required: true" : ""} }\n`;
    expect((await applyPostgres(modelOf(contractYaml({ domain: "hr", schema: schema(false) })), connection())).applied).toBe(true);
    await superuser("INSERT INTO hr.people VALUES (1, NULL)");
    const password = randomBytes(9).toString("hex");
    await superuser(`CREATE ROLE hr_plan_reader LOGIN PASSWORD '${password}'`);
    const strict = modelOf(contractYaml({ domain: "hr", schema: schema(true) }));
    const planned = await planPostgres(strict, { ...connection(), user: "hr_plan_reader", password });
    expect(planned.findings.map((f) => [f.ruleId, f.severity, f.path, f.message])).toEqual([
      [
        "provision-data-unchecked",
        "warning",
        "/schema/0/properties/1",
        "update column hr.people.email (required (NOT NULL)): the rows it needs were not counted (permission denied for schema hr), so this plan cannot tell whether the data allows it; apply counts them again and refuses the change if not. Let the plan's user read the table to check it here.",
      ],
    ]);
    // A narrowing is checked twice (its values, and the views that read the column): it is said once.
    const narrowed = modelOf(contractYaml({ domain: "hr", schema: schema(false).replace("{ name: id, logicalType: integer }", "{ name: id, logicalType: integer, logicalTypeOptions: { format: i32 } }") }));
    const unchecked = await planPostgres(narrowed, { ...connection(), user: "hr_plan_reader", password });
    expect(unchecked.findings.filter((f) => f.ruleId === "provision-data-unchecked").map((f) => [f.path, f.message.replace(/ \(.*\): /, " …: ")])).toEqual([
      // The masked view made again: whether another view reads it, which would stop its DROP, is not a count of rows.
      ["/schema/0", "update view hr_safe.people …: the objects that depend on it were not looked up (permission denied for schema hr_safe), so this plan cannot tell whether PostgreSQL allows it; apply looks them up again and refuses the change if one does. Give the plan's user USAGE on the schema to check it here."],
      ["/schema/0/properties/0", expect.stringMatching(/^update column hr\.people\.id …: the rows it needs were not counted /)],
    ]);
    // The user that applies counts them.
    const refused = await applyPostgres(strict, connection());
    expect(refused.applied).toBe(false);
    expect(refused.findings.map((f) => f.ruleId)).toEqual(["provision-data-conflict"]);
  });
});

describe("owner roles meshkit did not make", () => {
  const schema = `  - name: staff\n    properties:\n      - { name: id, logicalType: integer, primaryKey: true }\n      - { name: email, logicalType: string, classification: restricted }\n`;
  it("never makes a role made by hand (a login) the owner of a domain, and says how to hand it over", async () => {
    const password = randomBytes(9).toString("hex");
    await superuser(`CREATE ROLE opsx_owner LOGIN PASSWORD '${password}'`);
    const model = modelOf(contractYaml({ domain: "opsx", schema }));
    const planned = await planPostgres(model, connection());
    expect(planned.findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([["provision-object-conflict", "error", "/domain"]]);
    expect(planned.findings[0]!.message).toMatch(/^Role opsx_owner, the owner role of domain opsx, exists and was not made by meshkit: .* hand it over with COMMENT ON ROLE "opsx_owner" IS 'managed by meshkit: owner of the schemas, tables and views of domain opsx'\.$/);
    expect((await applyPostgres(model, connection())).applied).toBe(false);
    expect(await superuser("SELECT nspname FROM pg_namespace WHERE nspname IN ('opsx', 'opsx_safe')")).toEqual([]);
    // Handed over as the message says, it is the domain's owner.
    await superuser(`COMMENT ON ROLE opsx_owner IS 'managed by meshkit: owner of the schemas, tables and views of domain opsx'`);
    expect((await applyPostgres(model, connection())).applied).toBe(true);
  });

  it("grants nothing to another domain's owner role named as a contract role, whether or not that domain is planned too", async () => {
    expect((await applyPostgres(modelOf(contractYaml({ domain: "vault", schema })), connection())).applied).toBe(true);
    const model = modelOf(contractYaml({ domain: "probe", schema, roles: "  - role: vault_owner\n    access: write\n" }));
    const planned = await planPostgres(model, connection());
    expect(planned.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["provision-object-conflict", "/roles/0/role", "Role vault_owner is the owner role meshkit made for a domain, which owns everything in it; name a consumer role instead."],
    ]);
    expect((await applyPostgres(model, connection())).applied).toBe(false);
    expect(await superuser("SELECT nspname FROM pg_namespace WHERE nspname = 'probe'")).toEqual([]);
  });
});

describe("connection", () => {
  it("reports a refused password in one line without the password", async () => {
    const wrong = `not-it-${randomBytes(6).toString("hex")}`;
    const failure = await planPostgres(modelOf(), { ...connection(), password: wrong }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PostgresProvisionError);
    const message = (failure as Error).message;
    expect(message).toMatch(/^Cannot connect to PostgreSQL server `prod` at 127\.0\.0\.1:\d+\/warehouse as `meshkit`: .*password authentication failed.*MESHKIT_POSTGRES_PASSWORD or PGPASSWORD/);
    expect(message).not.toContain(wrong);
    expect(message).not.toContain("\n");
  });

  it("connects with TLS as libpq reads PGSSLMODE: prefer falls back to a server without TLS, require says why it cannot", async () => {
    // The test server has no TLS; pg alone reads prefer as require and fails.
    for (const mode of ["prefer", "allow", "disable"]) {
      await expect(planPostgres(modelOf(), { ...connection(), tls: { mode } }), mode).resolves.toMatchObject({ plan: { target: "postgres" } });
    }
    const failure = await planPostgres(modelOf(), { ...connection(), tls: { mode: "require" } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PostgresProvisionError);
    expect((failure as Error).message).toMatch(/^Cannot connect to PostgreSQL server `prod` at 127\.0\.0\.1:\d+\/warehouse as `meshkit`: the server does not accept TLS connections, and PGSSLMODE=require requires TLS/);
    const unknown = await planPostgres(modelOf(), { ...connection(), tls: { mode: "no-verify" } }).catch((error: unknown) => error);
    expect((unknown as Error).message).toContain("PGSSLMODE is `no-verify`, which libpq does not know");
  });

  it("takes host, port and database from the contract's server and credentials from the environment", () => {
    expect(postgresConnectionFor({ server: "prod", type: "postgres", host: "db.internal", port: 6432, database: "analytics", schema: "sales" }, { PGUSER: "u1", MESHKIT_POSTGRES_USER: "u2", PGPASSWORD: "p1" })).toEqual({
      ok: true,
      connection: { label: "prod", host: "db.internal", port: 6432, database: "analytics", user: "u2", password: "p1", tls: {} },
    });
    expect(postgresConnectionFor({ server: "prod", host: "db", database: "a" }, { PGSSLMODE: "verify-full" })).toEqual({ ok: true, connection: { label: "prod", host: "db", port: 5432, database: "a", tls: { mode: "verify-full" } } });
    expect(postgresConnectionFor({ server: "prod", host: "db" }, {})).toEqual({ ok: false, problem: "server `prod` (postgres) has no `database`" });
    // The spaces around a quoted host are no part of it, as contract-test reads the entry: not a "host with a space" refused.
    expect(postgresConnectionFor({ server: "prod", host: " db.internal ", database: "a" }, {})).toMatchObject({ ok: true, connection: { host: "db.internal" } });
    expect(postgresConnectionFor({ server: "prod", host: "  ", database: "a" }, {})).toEqual({ ok: false, problem: "server `prod` (postgres) has no `host`" });
    expect(postgresConnectionFor({ server: "prod", host: "db", database: "a", port: "x" }, {})).toMatchObject({ ok: false });
    // Its digits as text are a port, as contract-test reads them; `true` (Number(true) is 1) and `0x1538` are none.
    expect(postgresConnectionFor({ server: "prod", host: "db", database: "a", port: "6432" }, {})).toMatchObject({ ok: true, connection: { port: 6432 } });
    for (const port of [true, "0x1538", "5e3"]) expect(postgresConnectionFor({ server: "prod", host: "db", database: "a", port }, {}), String(port)).toMatchObject({ ok: false });
  });

  // The host is printed in every connection message: a password written into it must not be.
  it("refuses a host that carries credentials or a connection URI, without repeating it", () => {
    for (const host of ["postgresql://admin:Hunter2pw@db.internal:5432/shop", "admin:Hunter2pw@db.internal", "db internal", "db.internal?password=Hunter2pw"]) {
      const result = postgresConnectionFor({ server: "prod", host, database: "shop" }, {});
      expect(result, host).toEqual({
        ok: false,
        problem: "server `prod` has a host that is not a host name, address or socket directory (a connection URI, user and password before an @, or a password=); write the host alone and pass the credentials in MESHKIT_POSTGRES_USER and MESHKIT_POSTGRES_PASSWORD",
      });
    }
    for (const host of ["db.internal", "10.0.0.5", "::1", "/var/run/postgresql"]) expect(postgresConnectionFor({ server: "prod", host, database: "shop" }, {}).ok, host).toBe(true);
  });

  // A socket directory is a path, whose name may hold a space or an @; an IPv6 address may be written as in a URL.
  it("accepts socket directories with any name and IPv6 addresses with or without brackets", () => {
    for (const host of ["/run/my postgres", "/home/ci@runner/pg"]) expect(postgresConnectionFor({ server: "prod", host, database: "shop" }, {}), host).toMatchObject({ ok: true, connection: { host } });
    for (const host of ["[::1]", "::1", "[fe80::1%eth0]"]) expect(postgresConnectionFor({ server: "prod", host, database: "shop" }, {}), host).toMatchObject({ ok: true, connection: { host } });
  });

  // The database is printed too (host:port/database).
  it("refuses a database that carries credentials or a connection URI, without repeating it", () => {
    for (const database of ["postgresql://admin:Hunter2pw@db.internal:5432/shop", "admin:Hunter2pw@shop", "dbname=shop password=Hunter2pw"]) {
      const result = postgresConnectionFor({ server: "prod", host: "db.internal", database }, {});
      expect(result, database).toMatchObject({ ok: false, problem: expect.stringMatching(/^server `prod` has a database that is not a database name/) });
      expect(JSON.stringify(result), database).not.toContain("Hunter2pw");
    }
  });
});
