/**
 * ODCS conformance of the postgres planner against a real server: what a contract says about a column
 * (types from logicalType or physicalType and their options, required, primaryKey and its position,
 * unique, physicalName, description) is what the server holds afterwards, read back from its catalog;
 * and `unique` changes on a table with rows are planned with the right weight. Fails, never skips,
 * when PostgreSQL is not installed.
 */
import { loadText } from "@meshkit/core";
import { type PostgresServer, startPostgres } from "@meshkit/core/testing/postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProvisionModel, provisionModel } from "./model.js";
import { type PostgresConnection, applyPostgres, planPostgres } from "./postgres.js";

let server: PostgresServer;
let admin: pg.Client;

beforeAll(async () => {
  server = await startPostgres({ database: "conformance" });
  admin = new pg.Client({ host: server.host, port: server.port, database: server.database, user: server.user, password: server.password });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

const connection = (): PostgresConnection => ({ host: server.host, port: server.port, database: server.database, user: server.user, password: server.password });

function modelOf(domain: string, schema: string): ProvisionModel {
  const text = `apiVersion: v3.1.0
kind: DataContract
id: ${domain}-contract
version: 1.0.0
status: active
name: ${domain}
domain: ${domain}
schema:
${schema}`;
  return provisionModel({ contracts: loadText(`${domain}.odcs.yaml`, text).documents, products: [] });
}

async function rows<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  return (await admin.query<T>(sql, values)).rows;
}

const changes = (plan: { changes: { action: string; kind: string; address: string; detail?: string; destructive?: boolean }[] }) =>
  plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}${c.detail ? `: ${c.detail}` : ""}${c.destructive ? " !" : ""}`);

describe("what a contract says about columns is what PostgreSQL holds", () => {
  const SCHEMA = `  - name: receivers
    physicalName: receivers_master
    physicalType: table
    description: "Receivers' master data; it's \\"quoted\\"."
    properties:
      - { name: country_code, primaryKey: true, primaryKeyPosition: 2, logicalType: string, physicalType: varchar(2), description: Country code }
      - { name: id, primaryKey: true, primaryKeyPosition: 1, logicalType: string, physicalType: varchar(18), unique: true }
      - { name: receiver_name, physicalName: rcvr_nm, logicalType: string, required: true }
      - { name: legacy_code, physicalType: CHAR(4) }
      - { name: score, logicalType: number, logicalTypeOptions: { format: f32 } }
      - { name: balance, logicalType: number, physicalType: "DECIMAL(12, 2)" }
      - { name: visits, logicalType: integer }
      - { name: rank, logicalType: integer, physicalType: INT }
      - { name: created_at, logicalType: timestamp, logicalTypeOptions: { timezone: true } }
      - { name: loaded_at, logicalType: timestamp, physicalType: timestamptz }
      - { name: local_time, logicalType: timestamp }
      - { name: opens_at, logicalType: time, logicalTypeOptions: { timezone: true } }
      - { name: birthday, logicalType: date }
      - { name: attributes, logicalType: object }
      - { name: tags, logicalType: array, items: { logicalType: string } }
      - { name: email, logicalType: string, unique: true, logicalTypeOptions: { maxLength: 254 } }
      - { name: select, logicalType: boolean }
  - name: receivers_view
    physicalType: view
    properties:
      - { name: id, logicalType: string }
`;

  it("maps types, keys in position order, unique, NOT NULL, physical names and comments; a view object is left alone", async () => {
    const model = modelOf("odcs", SCHEMA);
    expect(model.findings.map((f) => [f.ruleId, f.severity])).toEqual([["provision-not-a-table", "info"]]);
    const applied = await applyPostgres(model, connection());
    expect(applied.findings).toEqual([]);
    expect(applied.applied).toBe(true);
    expect(changes(applied.plan)).toContain("create table odcs.receivers_master: 17 columns, primary key (id, country_code), unique (id), (email)");

    const columns = await rows<{ name: string; type: string; not_null: boolean; comment: string | null }>(
      "SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS not_null, col_description(attrelid, attnum) AS comment FROM pg_attribute WHERE attrelid = 'odcs.receivers_master'::regclass AND attnum > 0 ORDER BY attnum",
    );
    expect(columns.map((c) => `${c.name} ${c.type}${c.not_null ? " NOT NULL" : ""}`)).toEqual([
      "country_code character varying(2) NOT NULL",
      "id character varying(18) NOT NULL",
      "rcvr_nm text NOT NULL",
      "legacy_code character varying(4)",
      "score real",
      "balance numeric(12,2)",
      "visits bigint",
      "rank integer",
      "created_at timestamp with time zone",
      "loaded_at timestamp with time zone",
      "local_time timestamp without time zone",
      "opens_at time with time zone",
      "birthday date",
      "attributes jsonb",
      "tags text[]",
      "email character varying(254)",
      "select boolean",
    ]);
    expect(columns[0]!.comment).toBe("Country code");
    const constraints = await rows<{ def: string; comment: string | null }>(
      "SELECT pg_get_constraintdef(oid) AS def, obj_description(oid, 'pg_constraint') AS comment FROM pg_constraint WHERE conrelid = 'odcs.receivers_master'::regclass ORDER BY contype, conname",
    );
    expect(constraints).toEqual([
      { def: "PRIMARY KEY (id, country_code)", comment: null },
      { def: "UNIQUE (email)", comment: "managed by meshkit: unique in the data contract" },
      // id is unique on its own, which the composite key does not say.
      { def: "UNIQUE (id)", comment: "managed by meshkit: unique in the data contract" },
    ]);
    const [table] = await rows<{ comment: string }>("SELECT obj_description('odcs.receivers_master'::regclass, 'pg_class') AS comment");
    expect(JSON.parse(table!.comment)).toMatchObject({ object: "receivers", description: `Receivers' master data; it's "quoted".`, managedBy: "meshkit" });
    expect(await rows("SELECT relname FROM pg_class WHERE relname = 'receivers_view'")).toEqual([]);

    // Unique is enforced; NULLs do not collide.
    await admin.query("INSERT INTO odcs.receivers_master (country_code, id, rcvr_nm, email) VALUES ('DE', 'a', 'A', 'x@example.com'), ('FR', 'b', 'B', NULL), ('IT', 'c', 'C', NULL)");
    await expect(admin.query("INSERT INTO odcs.receivers_master (country_code, id, rcvr_nm, email) VALUES ('ES', 'd', 'D', 'x@example.com')")).rejects.toMatchObject({ code: "23505" });
    expect((await planPostgres(model, connection())).plan.changes).toEqual([]);
  });
});

describe("unique on a table that has rows", () => {
  const schema = (unique: { code?: boolean; label?: boolean }) => `  - name: items
    properties:
      - { name: id, logicalType: integer, primaryKey: true }
      - { name: code, logicalType: string${unique.code ? ", unique: true" : ""} }
      - { name: label, logicalType: string${unique.label ? ", unique: true" : ""} }
`;

  beforeAll(async () => {
    expect((await applyPostgres(modelOf("stock", schema({ code: true })), connection())).applied).toBe(true);
    await admin.query("INSERT INTO stock.items VALUES (1, 'A', 'same'), (2, 'B', 'same'), (3, NULL, 'same'), (4, NULL, 'other')");
  });

  it("drops a constraint meshkit made when the contract no longer says unique: not destructive, no flag needed", async () => {
    const loose = modelOf("stock", schema({}));
    const planned = await planPostgres(loose, connection());
    expect(planned.findings).toEqual([]);
    expect(changes(planned.plan)).toEqual(["delete constraint stock.items.code: unique items_code_key: the contract no longer says unique (no values are lost; duplicates become possible)"]);
    expect((await applyPostgres(loose, connection())).applied).toBe(true);
    await admin.query("INSERT INTO stock.items VALUES (5, 'A', 'fifth')");
    expect((await planPostgres(loose, connection())).plan.changes).toEqual([]);
  });

  it("refuses, at the plan, a unique constraint the rows break, naming a repeated value; applies nothing", async () => {
    const strict = modelOf("stock", schema({ code: true, label: true }));
    const planned = await planPostgres(strict, connection());
    expect(changes(planned.plan)).toEqual([
      `create constraint stock.items.code: unique items_code_key (needs every value of the column to occur once): 1 value of the column occurs more than once (e.g. "A"), so the UNIQUE constraint cannot be added`,
      `create constraint stock.items.label: unique items_label_key (needs every value of the column to occur once): 1 value of the column occurs more than once (e.g. "same"), so the UNIQUE constraint cannot be added`,
    ]);
    expect(planned.findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([
      ["provision-data-conflict", "error", "/schema/0/properties/1"],
      ["provision-data-conflict", "error", "/schema/0/properties/2"],
    ]);
    const refused = await applyPostgres(strict, connection());
    expect(refused.applied).toBe(false);
    expect(refused.findings.map((f) => f.ruleId)).toEqual(["provision-data-conflict", "provision-data-conflict"]);
    expect(await rows("SELECT conname FROM pg_constraint WHERE conrelid = 'stock.items'::regclass AND contype = 'u'")).toEqual([]);

    // Once the data holds it, the same contract applies.
    await admin.query("DELETE FROM stock.items WHERE id = 5; UPDATE stock.items SET label = 'label ' || id");
    const applied = await applyPostgres(strict, connection());
    expect(applied.findings).toEqual([]);
    expect(applied.applied).toBe(true);
    expect((await rows<{ conname: string }>("SELECT conname FROM pg_constraint WHERE conrelid = 'stock.items'::regclass AND contype = 'u' ORDER BY conname")).map((r) => r.conname)).toEqual(["items_code_key", "items_label_key"]);
  });

  it("counts a unique constraint made by hand as the contract's, and never drops one it did not make", async () => {
    await admin.query("CREATE TABLE stock.tmp_names (x int)"); // unrelated, unmanaged: left alone
    await admin.query("ALTER TABLE stock.items DROP CONSTRAINT items_label_key; ALTER TABLE stock.items ADD CONSTRAINT by_hand UNIQUE (label)");
    expect((await planPostgres(modelOf("stock", schema({ code: true, label: true })), connection())).plan.changes).toEqual([]);
    const planned = await planPostgres(modelOf("stock", schema({ code: true })), connection());
    expect(changes(planned.plan)).toEqual([]);
  });
});

describe("a type change on a table that has rows", () => {
  /** `code` and `amount` as logicalType + physicalType. */
  const schema = (code: [string, string], amount: [string, string]) => `  - name: parts
    properties:
      - { name: id, logicalType: integer, primaryKey: true }
      - { name: code, logicalType: ${code[0]}, physicalType: "${code[1]}" }
      - { name: amount, logicalType: ${amount[0]}, physicalType: "${amount[1]}" }
`;

  beforeAll(async () => {
    expect((await applyPostgres(modelOf("parts", schema(["string", "varchar(18)"], ["number", "double precision"])), connection())).applied).toBe(true);
    await admin.query("INSERT INTO parts.parts VALUES (1, '123456789012345', 1.5), (2, 'short', 2), (3, NULL, NULL)");
  });

  it("refuses, at the plan, a narrowing that would cut or round existing values (an explicit cast would do it silently)", async () => {
    const narrow = modelOf("parts", schema(["string", "varchar(10)"], ["integer", "bigint"]));
    const planned = await planPostgres(narrow, connection(), { allowDestructive: true });
    expect(planned.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["provision-data-conflict", "/schema/0/properties/1"],
      ["provision-data-conflict", "/schema/0/properties/2"],
    ]);
    expect(planned.findings[0]!.message).toContain("1 value of the column would be changed by the conversion to varchar(10) (cut or rounded)");
    expect(planned.findings[0]!.message).not.toContain("123456789012345"); // values may be personal data
    const refused = await applyPostgres(narrow, connection(), { allowDestructive: true });
    expect(refused.applied).toBe(false);
    expect(await rows("SELECT code, amount FROM parts.parts WHERE id = 1")).toEqual([{ code: "123456789012345", amount: 1.5 }]);

    // Once every value fits, the same narrowing applies and keeps them.
    await admin.query("UPDATE parts.parts SET code = '1234567890', amount = 2 WHERE id = 1");
    const applied = await applyPostgres(narrow, connection(), { allowDestructive: true });
    expect(applied.findings).toEqual([]);
    expect(applied.applied).toBe(true);
    expect(await rows("SELECT code, amount::text AS amount FROM parts.parts ORDER BY id")).toEqual([
      { code: "1234567890", amount: "2" },
      { code: "short", amount: "2" },
      { code: null, amount: null },
    ]);
  });

  it("refuses a conversion a value cannot take at all, naming why, instead of failing the apply half-way", async () => {
    await admin.query("UPDATE parts.parts SET code = 'abc' WHERE id = 2");
    const planned = await planPostgres(modelOf("parts", schema(["integer", "integer"], ["integer", "bigint"])), connection(), { allowDestructive: true });
    expect(planned.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-data-conflict", "/schema/0/properties/1"]]);
    expect(planned.findings[0]!.message).toContain("a value of the column cannot be converted (invalid input syntax for type integer)");
  });
});
