/**
 * Golden files of the SQL the local (DuckDB) and postgres planners write for an empty warehouse, the
 * `plan.sql` a reviewer reads (UPDATE_GOLDEN=1 rewrites them): the repository's examples, and a contract
 * made to be awkward for SQL — reserved words as domain, table, column and role names, mixed case,
 * descriptions with quotes, newlines, backslashes, `$$`, comment markers and non-ASCII text, and every
 * ODCS logicalType with the options that change its column type. Each golden file is then run as it is,
 * by the dialect itself, on an empty DuckDB file and an empty PostgreSQL database, and the planner finds
 * nothing left to do there: the text is SQL the dialect accepts, and it makes what the contract says.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { loadText } from "@meshkit/core";
import { type PostgresServer, startPostgres } from "@meshkit/core/testing/postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planLocal } from "./local.js";
import { type ProvisionModel, provisionModel } from "./model.js";
import { type PostgresConnection, planPostgres } from "./postgres.js";
import { planSqlPieces } from "./run.js";
import { exampleDocuments } from "./terraform/test-support.js";

const ODD = String.raw`apiVersion: v3.1.0
kind: DataContract
id: golden-odd-names
name: odd_names
version: 1.2.3
status: active
domain: select
team:
  name: select-data
  members:
    - username: o'brien@example.com
      role: owner
roles:
  - role: user
    access: read
  - role: Approved_Readers
    access: read
    customProperties:
      - property: privacyApproved
        value: true
  - role: loader
    access: write
schema:
  - name: order
    physicalType: table
    description: "It's the \"order\" table.\nSecond line: a back\\slash, $$dollar$$ quoting, */ and -- markers, ünïcödé ✓ 🎉"
    properties:
      - name: user
        logicalType: string
        required: true
        primaryKey: true
        description: "who's \"user\"\r\nnext line\ttab"
      - name: select
        logicalType: integer
        unique: true
      - name: group
        logicalType: number
        physicalType: DECIMAL(38,10)
      - name: CamelCase
        logicalType: string
        logicalTypeOptions: { maxLength: 20 }
      - { name: small_int, logicalType: integer, logicalTypeOptions: { format: i16 } }
      - { name: unsigned_big, logicalType: integer, logicalTypeOptions: { format: u64 } }
      - { name: huge, logicalType: integer, logicalTypeOptions: { format: i128 } }
      - { name: wide_decimal_int, logicalType: integer, physicalType: "NUMBER(38,0)" }
      - { name: ratio, logicalType: number, physicalType: "numeric(5,5)" }
      - { name: score, logicalType: number }
      - { name: score_f32, logicalType: number, logicalTypeOptions: { format: f32 } }
      - { name: flag, logicalType: boolean }
      - { name: day, logicalType: date }
      - { name: at_local, logicalType: timestamp }
      - { name: at_zoned, logicalType: timestamp, logicalTypeOptions: { timezone: true } }
      - { name: clock, logicalType: time }
      - { name: clock_zoned, logicalType: time, logicalTypeOptions: { timezone: true } }
      - { name: payload, logicalType: object, properties: [ { name: a, logicalType: string } ] }
      - { name: raw, logicalType: string, logicalTypeOptions: { format: binary } }
      - { name: labels, logicalType: array, items: { logicalType: string, logicalTypeOptions: { maxLength: 5 } } }
      - { name: amounts, logicalType: array, items: { logicalType: number, physicalType: "DECIMAL(10,2)" } }
      - { name: no_logical, physicalType: "timestamp(3) with time zone" }
      - name: email
        logicalType: string
        classification: restricted
        description: "Primary e-mail; 'hashed' for readers not approved"
`;

/**
 * The next version of ODD, with one change of each kind a plan diff has: the table renamed (renamedFrom), a
 * column renamed (renamedFrom), one added, one dropped, one widened (i16 → i64), one narrowed (varchar(20) →
 * varchar(10), where the dialect has lengths), one made required, a unique constraint dropped, and a
 * description changed (with a quote).
 */
const ODD_V2 = (
  [
    ["version: 1.2.3", "version: 2.0.0"],
    ["  - name: order\n    physicalType: table\n", "  - name: orders\n    physicalType: table\n    customProperties:\n      - { property: renamedFrom, value: order }\n"],
    ["        logicalType: integer\n        unique: true\n", "        logicalType: integer\n"],
    ["logicalTypeOptions: { maxLength: 20 }", "logicalTypeOptions: { maxLength: 10 }"],
    ["{ name: small_int, logicalType: integer, logicalTypeOptions: { format: i16 } }", "{ name: small_int, logicalType: integer, logicalTypeOptions: { format: i64 } }"],
    ["      - { name: score_f32, logicalType: number, logicalTypeOptions: { format: f32 } }\n", ""],
    ["{ name: flag, logicalType: boolean }", "{ name: flag, logicalType: boolean, required: true }"],
    ["{ name: clock, logicalType: time }", "{ name: clock_local, logicalType: time, customProperties: [ { property: renamedFrom, value: clock } ] }"],
    ['"Primary e-mail; \'hashed\' for readers not approved"', '"Primary e-mail (the customer\'s own)"'],
  ] as const
).reduce((text, [from, to]) => {
  // Each change must find its text: a silent no-op would leave the diff golden without the change it names.
  if (!text.includes(from)) throw new Error(`ODD has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}, ODD).concat('      - { name: added_note, logicalType: string, description: "Added in 2.0.0: it\'s optional" }\n');

function oddModel(target: "local" | "postgres", text = ODD): ProvisionModel {
  return provisionModel({ contracts: loadText("odd.odcs.yaml", text).documents, products: [] }, { target });
}

function examplesModel(target: "local" | "postgres"): ProvisionModel {
  return provisionModel(exampleDocuments(), { target });
}

const planText = (statements: readonly string[]): string => [...planSqlPieces(statements)].join("");

/** `text` against `__golden__/<dialect>/<name>.sql`, rewritten with UPDATE_GOLDEN=1. */
function expectGolden(dialect: string, name: string, text: string): void {
  const dir = new URL(`./__golden__/${dialect}/`, import.meta.url);
  const file = new URL(`${name}.sql`, dir);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
  }
  expect(existsSync(file), `missing ${file.pathname}: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(text).toBe(readFileSync(file, "utf8"));
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function emptyWarehouse(): { warehouse: string; lake: string } {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-golden-"));
  dirs.push(dir);
  return { warehouse: join(dir, "warehouse.duckdb"), lake: join(dir, "lake") };
}

/** Runs `text` on the DuckDB file as one script in one transaction, as a reviewer would paste plan.sql. */
async function runDuckDb(warehouse: string, text: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(warehouse);
  const connection = await instance.connect();
  try {
    await connection.run(`BEGIN TRANSACTION;\n${text}\nCOMMIT;`);
    const reader = await connection.runAndReadAll("SELECT schema_name, table_name, column_name, data_type, is_nullable, comment FROM duckdb_columns() WHERE NOT internal ORDER BY schema_name, table_name, column_index");
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("local (DuckDB): plan.sql for an empty warehouse", () => {
  for (const [name, model] of [["examples", () => examplesModel("local")], ["odd-names", () => oddModel("local")]] as const) {
    it(`${name}: matches __golden__/duckdb/${name}.sql, runs on an empty DuckDB file, and leaves nothing to plan`, async () => {
      const built = model();
      expect(built.findings.filter((f) => f.severity === "error")).toEqual([]);
      const { statements, findings } = await planLocal(built, emptyWarehouse());
      expect(findings).toEqual([]);
      const text = planText(statements);
      expectGolden("duckdb", name, text);

      const target = emptyWarehouse();
      const columns = await runDuckDb(target.warehouse, text);
      expect(columns.length).toBe(built.products.flatMap((p) => p.contracts.flatMap((c) => c.tables.flatMap((t) => t.columns))).length);
      const again = await planLocal(built, target);
      expect(again.statements).toEqual([]);
      if (name === "odd-names") {
        const user = columns.find((c) => c.column_name === "user")!;
        // Quotes, a CR LF and a tab kept as written: nothing was cut at a quote or a line break.
        expect(user).toMatchObject({ schema_name: "select", table_name: "order", data_type: "VARCHAR", is_nullable: false, comment: `who's "user"\r\nnext line\ttab [primary key]` });
      }
    });
  }

  it("odd-names 1.2.3 → 2.0.0: the diff matches __golden__/duckdb/odd-names-v2.sql, runs on the warehouse of 1.2.3 with a row, and leaves nothing to plan", async () => {
    const target = emptyWarehouse();
    await runDuckDb(target.warehouse, planText((await planLocal(oddModel("local"), target)).statements));
    await runDuckDb(target.warehouse, `INSERT INTO "select"."order" ("user", "select", "CamelCase", "small_int", "flag", "clock") VALUES ('o''brien', 1, 'ten chars!', 7, true, '12:34:56');`);
    const v2 = oddModel("local", ODD_V2);
    expect(v2.findings.filter((f) => f.severity === "error")).toEqual([]);
    const planned = await planLocal(v2, { ...target, allowDestructive: true });
    expect(planned.findings).toEqual([]);
    const text = planText(planned.statements);
    expectGolden("duckdb", "odd-names-v2", text);
    const columns = await runDuckDb(target.warehouse, text);
    expect(columns.filter((c) => c.table_name === "orders").map((c) => c.column_name)).toContain("clock_local");
    expect((await planLocal(v2, target)).statements).toEqual([]);
    // The row survived the rename of its table and columns.
    const instance = await DuckDBInstance.create(target.warehouse);
    const connection = await instance.connect();
    try {
      const rows = (await connection.runAndReadAll(`SELECT "user", CAST("small_int" AS VARCHAR) AS small_int, CAST("clock_local" AS VARCHAR) AS clock_local FROM "select"."orders"`)).getRowObjectsJS();
      expect(rows).toEqual([{ user: "o'brien", small_int: "7", clock_local: "12:34:56" }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe("postgres: plan.sql for an empty database", () => {
  let server: PostgresServer;
  let admin: pg.Client;
  let database = 0;

  beforeAll(async () => {
    server = await startPostgres({ database: "golden" });
    admin = new pg.Client({ host: server.host, port: server.port, database: server.database, user: server.user, password: server.password });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });

  /** A new, empty database of the server (roles are the cluster's, so each test drops the ones it made). */
  async function emptyDatabase(): Promise<PostgresConnection> {
    const name = `golden_${++database}`;
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return { label: "golden", host: server.host, port: server.port, database: name, user: server.user, password: server.password };
  }

  async function dropManagedRoles(): Promise<void> {
    const { rows } = await admin.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE pg_catalog.shobj_description(oid, 'pg_authid') LIKE 'managed by meshkit%'");
    for (const { rolname } of rows) {
      for (let i = 1; i <= database; i++) {
        const client = new pg.Client({ host: server.host, port: server.port, database: `golden_${i}`, user: server.user, password: server.password });
        await client.connect();
        await client.query(`DROP OWNED BY ${pg.escapeIdentifier(rolname)}`);
        await client.end();
      }
      await admin.query(`DROP ROLE ${pg.escapeIdentifier(rolname)}`);
    }
  }

  for (const [name, model] of [["examples", () => examplesModel("postgres")], ["odd-names", () => oddModel("postgres")]] as const) {
    it(`${name}: matches __golden__/postgres/${name}.sql, runs on an empty database in one transaction, and leaves nothing to plan`, async () => {
      const built = model();
      expect(built.findings.filter((f) => f.severity === "error")).toEqual([]);
      const planned = await planPostgres(built, await emptyDatabase());
      expect(planned.findings).toEqual([]);
      const text = planText(planned.statements);
      expectGolden("postgres", name, text);

      const target = await emptyDatabase();
      const client = new pg.Client({ ...target });
      await client.connect();
      try {
        // The simple query protocol runs the whole file, in one implicit transaction.
        await client.query(text);
        if (name === "odd-names") {
          const { rows } = await client.query<{ comment: string }>(`SELECT pg_catalog.col_description('"select"."order"'::regclass, 1) AS comment`);
          expect(rows[0]!.comment).toBe(`who's "user"\r\nnext line\ttab`);
        }
      } finally {
        await client.end();
      }
      const again = await planPostgres(built, target);
      expect(again.statements).toEqual([]);
      await dropManagedRoles();
    });
  }

  it("odd-names 1.2.3 → 2.0.0: the diff matches __golden__/postgres/odd-names-v2.sql, runs on the database of 1.2.3 with a row in one transaction, and leaves nothing to plan", async () => {
    const target = await emptyDatabase();
    const client = new pg.Client({ ...target });
    await client.connect();
    try {
      await client.query(planText((await planPostgres(oddModel("postgres"), target)).statements));
      await client.query(`INSERT INTO "select"."order" ("user", "select", "CamelCase", "small_int", "flag", "clock") VALUES ('o''brien', 1, 'ten chars!', 7, true, '12:34:56')`);
      const v2 = oddModel("postgres", ODD_V2);
      expect(v2.findings.filter((f) => f.severity === "error")).toEqual([]);
      const planned = await planPostgres(v2, target, { allowDestructive: true });
      expect(planned.findings).toEqual([]);
      const text = planText(planned.statements);
      expectGolden("postgres", "odd-names-v2", text);
      await client.query(text);
      expect((await planPostgres(v2, target)).statements).toEqual([]);
      // The row survived the rename of its table and columns, and the narrowing its value fits.
      const { rows } = await client.query(`SELECT "user", "small_int"::text AS small_int, "clock_local"::text AS clock_local, "CamelCase" FROM "select"."orders"`);
      expect(rows).toEqual([{ user: "o'brien", small_int: "7", clock_local: "12:34:56", CamelCase: "ten chars!" }]);
    } finally {
      await client.end();
    }
    await dropManagedRoles();
  });
});
