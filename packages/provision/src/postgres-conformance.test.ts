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

  it("refuses, at the plan, a unique constraint the rows break, counting the repeated values (never showing one); applies nothing", async () => {
    const strict = modelOf("stock", schema({ code: true, label: true }));
    const planned = await planPostgres(strict, connection());
    expect(changes(planned.plan)).toEqual([
      `create constraint stock.items.code: unique items_code_key (needs every value of the column to occur once): 1 value of the column occurs more than once, so the UNIQUE constraint cannot be added`,
      `create constraint stock.items.label: unique items_label_key (needs every value of the column to occur once): 1 value of the column occurs more than once, so the UNIQUE constraint cannot be added`,
    ]);
    expect(JSON.stringify(planned)).not.toMatch(/"A"|same/);
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

describe("data values never reach provision's output", () => {
  it("counts the repeated values of a restricted column made unique, and prints none of them", async () => {
    const schema = (unique: boolean) => `  - name: people
    properties:
      - { name: id, logicalType: integer, primaryKey: true }
      - { name: email, logicalType: string, classification: restricted${unique ? ", unique: true" : ""} }
      - { name: city, logicalType: string${unique ? ", unique: true" : ""} }
`;
    expect((await applyPostgres(modelOf("hr", schema(false)), connection())).applied).toBe(true);
    await admin.query("INSERT INTO hr.people VALUES (1, 'secret.person@corp.example', 'Oslo'), (2, 'secret.person@corp.example', 'Oslo'), (3, 'other@corp.example', 'Bergen'), (4, 'other@corp.example', 'Bergen')");
    const planned = await planPostgres(modelOf("hr", schema(true)), connection(), { allowDestructive: true });
    expect(planned.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["provision-data-conflict", "/schema/0/properties/1"],
      ["provision-data-conflict", "/schema/0/properties/2"],
    ]);
    expect(planned.findings[0]!.message).toBe(
      "create constraint hr.people.email (unique people_email_key (needs every value of the column to occur once): 2 values of the column occur more than once, so the UNIQUE constraint cannot be added). Nothing is applied while the data stops a change: fix the data (or the contract), then plan again.",
    );
    const refused = await applyPostgres(modelOf("hr", schema(true)), connection(), { allowDestructive: true });
    expect(refused.applied).toBe(false);
    for (const output of [planned, refused]) expect(JSON.stringify(output)).not.toMatch(/corp\.example|Oslo|Bergen/);
  });
});

describe("NOT NULL on a table that has rows", () => {
  const schema = (o: { note?: boolean; added?: "optional" | "required" }) => `  - name: tickets
    properties:
      - { name: id, logicalType: integer, primaryKey: true }
      - { name: note, logicalType: string${o.note ? ", required: true" : ""} }
${o.added ? `      - { name: channel, logicalType: string${o.added === "required" ? ", required: true" : ""} }\n` : ""}`;

  beforeAll(async () => {
    expect((await applyPostgres(modelOf("desk", schema({})), connection())).applied).toBe(true);
    await admin.query("INSERT INTO desk.tickets VALUES (1, NULL), (2, NULL), (3, 'private words')");
  });

  it("refuses, at the plan, a column with NULLs made required, counting the rows; applies nothing", async () => {
    const model = modelOf("desk", schema({ note: true }));
    const planned = await planPostgres(model, connection());
    expect(changes(planned.plan)).toEqual(["update column desk.tickets.note: required (NOT NULL): 2 rows have no value (NULL) in the column, so it cannot be made NOT NULL: fill them in, or keep the property optional"]);
    expect(planned.findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([["provision-data-conflict", "error", "/schema/0/properties/1"]]);
    const refused = await applyPostgres(model, connection());
    expect(refused.applied).toBe(false);
    expect(refused.findings.map((f) => f.ruleId)).toEqual(["provision-data-conflict"]);
    expect(JSON.stringify([planned, refused])).not.toContain("private words");
    expect(await rows("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'desk.tickets'::regclass AND attname = 'note'")).toEqual([{ attnotnull: false }]);
  });

  it("refuses, at the plan, a new required column on a table with rows (it would have no value in them); an optional one is added", async () => {
    const required = modelOf("desk", schema({ added: "required" }));
    const planned = await planPostgres(required, connection());
    expect(changes(planned.plan)).toEqual([
      "create column desk.tickets.channel: text NOT NULL: the table has 3 rows, which the new column would leave without a value, so it cannot be added as NOT NULL: add it optional, fill it in, then make it required",
      "update view desk_safe.tickets: replaced: of desk.tickets, nothing to mask",
    ]);
    expect(planned.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-data-conflict", "/schema/0/properties/2"]]);
    expect((await applyPostgres(required, connection())).applied).toBe(false);
    expect(await rows("SELECT attname FROM pg_attribute WHERE attrelid = 'desk.tickets'::regclass AND attname = 'channel'")).toEqual([]);

    // The documented way: add it optional, fill it in, then require it.
    expect((await applyPostgres(modelOf("desk", schema({ added: "optional" })), connection())).applied).toBe(true);
    await admin.query("UPDATE desk.tickets SET channel = 'mail', note = coalesce(note, '')");
    const now = await applyPostgres(modelOf("desk", schema({ note: true, added: "required" })), connection());
    expect(now.findings).toEqual([]);
    expect(now.applied).toBe(true);
    expect((await rows<{ attname: string }>("SELECT attname FROM pg_attribute WHERE attrelid = 'desk.tickets'::regclass AND attnotnull AND attnum > 0 ORDER BY attnum")).map((r) => r.attname)).toEqual(["id", "note", "channel"]);
  });

  it("adds a new required column to an empty table without a word", async () => {
    await admin.query("CREATE TABLE IF NOT EXISTS public.unrelated (x int)");
    expect((await applyPostgres(modelOf("empty", schema({})), connection())).applied).toBe(true);
    const planned = await planPostgres(modelOf("empty", schema({ added: "required" })), connection());
    expect(planned.findings).toEqual([]);
    expect(changes(planned.plan)).toEqual(["create column empty.tickets.channel: text NOT NULL", "update view empty_safe.tickets: replaced: of empty.tickets, nothing to mask"]);
  });
});

describe("text PostgreSQL cannot hold", () => {
  it("writes a description with NUL (U+0000) as U+FFFD, as local does, and then finds nothing to change", async () => {
    const schema = `  - name: notes
    description: "table \\0 text"
    properties:
      - { name: id, logicalType: integer, description: "before\\0after" }
      - { name: body, logicalType: string, classification: pii, description: "a\\0b" }
`;
    const model = modelOf("nul", schema);
    expect(model.products[0]!.contracts[0]!.tables[0]!.columns[0]!.description).toBe("before\0after");
    const applied = await applyPostgres(model, connection());
    expect(applied.findings).toEqual([]);
    expect(applied.applied).toBe(true);
    expect(applied.statements.join("\n")).not.toContain("\0");
    const comments = await rows<{ comment: string }>("SELECT col_description('nul.notes'::regclass, 1) AS comment UNION ALL SELECT col_description('nul_safe.notes'::regclass, 2)");
    expect(comments.map((c) => c.comment)).toEqual(["before\uFFFDafter", expect.stringMatching(/^a\uFFFDb\. Masked/)]);
    expect((await planPostgres(model, connection())).plan.changes).toEqual([]);
  });
});
