/**
 * The PostgreSQL runner against a real server (initdb + pg_ctl on a loopback port, password
 * authentication), loaded with the same rows as the DuckDB fixtures (test-support.ts), so every
 * measurement can be compared with DuckDB's. Fails, never skips, when PostgreSQL is not installed.
 */
import { readFileSync } from "node:fs";
import { type AddressInfo, type Server, type Socket, createServer } from "node:net";
import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresServer, startPostgres } from "@meshkit/core/testing/postgres";
import { loadText } from "@meshkit/core";
import { planChecks } from "./checks.js";
import { compilePlanStatements } from "./compile.js";
import { getDialect } from "./dialects.js";
import { postgresCredentialsFromEnv } from "@meshkit/core";
import { openPostgres } from "./postgres.js";
import { QUALITY_INPUT_RULE_IDS } from "./rules.js";
import type { QualityRun, QualityRunOptions } from "./run.js";
import { EXACT_DECIMALS, EXACT_DECIMAL_COUNTS, EXACT_DECIMAL_PROPERTIES, ORDERS_SQL, ORDER_LINES_SQL, type TestData, contractYaml, createTestData, resultOf, runContract, runOnFile } from "./test-support.js";

const ORDERS_CONTRACT = readFileSync(new URL("./__fixtures__/orders.odcs.yaml", import.meta.url), "utf8");

/** Names that must be quoted: a quote, a double quote, spaces, an ampersand, reserved words, upper case. */
const ODD_SCHEMA = `it's "odd" schema`;
const ODD_TABLE = `order "lines" & select`;

let server: PostgresServer;
let data: TestData;
let duckdb: QualityRun;
let postgres: QualityRun;

/** The fixture contract with its `prod` server pointed at the test server. */
function pgContract(yaml = ORDERS_CONTRACT): string {
  const replaced = yaml.replace("host: localhost\n    port: 5432", `host: 127.0.0.1\n    port: ${server.port}`);
  if (replaced === yaml) throw new Error("the fixture's prod server moved: update pgContract()");
  return replaced;
}

function credentials(password = server.password): Record<string, string> {
  return { MESHKIT_POSTGRES_USER: server.user, MESHKIT_POSTGRES_PASSWORD: password };
}

function runOnPostgres(yaml: string, options: Omit<QualityRunOptions, "document"> = {}): Promise<QualityRun> {
  return runContract(data.dir, yaml, { server: "prod", env: credentials(), ...options });
}

/** A contract of its own with one postgres server. */
function serverYaml(fields: Record<string, string | number>): string {
  return `servers:\n  - server: prod\n    type: postgres\n${Object.entries(fields)
    .map(([key, value]) => `    ${key}: ${JSON.stringify(value)}\n`)
    .join("")}`;
}

/** The test server's `sales` schema. */
function salesServer(): string {
  return serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "sales" });
}

const SMALL_SCHEMA = `schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: integer
        required: true
      - name: amount
        logicalType: number
        logicalTypeOptions: { minimum: 0 }
    quality:
      - { metric: rowCount, mustBeGreaterThan: 0 }
`;

/** The rows of a DuckDB query as JSON values (BIGINT, DATE and TIMESTAMP as text, which PostgreSQL parses into its types). */
async function duckRows(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowsJson();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** One INSERT with bound parameters for all rows. */
async function insertRows(client: pg.Client, table: string, rows: unknown[][]): Promise<void> {
  const width = rows[0]!.length;
  const values = rows.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(", ")})`).join(", ");
  await client.query(`INSERT INTO ${table} VALUES ${values}`, rows.flat());
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

beforeAll(async () => {
  [server, data] = await Promise.all([startPostgres({ database: "analytics" }), createTestData()]);
  const client = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database });
  await client.connect();
  try {
    await client.query(`
      CREATE SCHEMA sales;
      CREATE TABLE sales.orders (
        order_id bigint, status text, email text, amount double precision, quantity integer, code text,
        created_at timestamp, shipped_on date, "ship region" text, "select" integer, "it's ""quoted""" text
      );
      CREATE TABLE sales.order_lines (order_id bigint, line_no integer, sku text);
      CREATE SCHEMA audit;
      CREATE TABLE audit.touched (at timestamptz);
      -- Passes the SQL guard (an ordinary function call) but writes: the read-only transaction must stop it.
      CREATE FUNCTION audit.touch() RETURNS bigint LANGUAGE sql AS 'INSERT INTO audit.touched VALUES (now()); SELECT count(*) FROM audit.touched';
      CREATE SCHEMA ${q(ODD_SCHEMA)};
      CREATE TABLE ${q(ODD_SCHEMA)}.${q(ODD_TABLE)} ("Order ID" bigint, "ship region" text, "select" integer, "it's ""quoted""" text, "from" date);
      CREATE SCHEMA endless;
      CREATE TABLE endless.t (d date, ts timestamp, tz timestamptz);
      INSERT INTO endless.t VALUES
        ('2024-01-01', '2024-01-01 00:00:00', '2024-01-01 00:00:00+00'), ('infinity', 'infinity', 'infinity'), ('-infinity', '-infinity', '-infinity'), (NULL, NULL, NULL);
      CREATE SCHEMA lists;
      CREATE TABLE lists.events (tags text[], at timestamptz);
      INSERT INTO lists.events VALUES
        ('{a,b}', '2024-05-31 21:00:00+00'), ('{}', '2024-05-31 23:00:00+00'), ('{a}', NULL), ('{a,b,c,d}', NULL), (NULL, NULL);
      CREATE SCHEMA kinds;
      CREATE TABLE kinds.things (id uuid, n bigint);
      INSERT INTO kinds.things VALUES
        (NULL, 9007199254740992), ('123e4567-e89b-12d3-a456-426614174000', 9007199254740993),
        ('00000000-0000-0000-0000-000000000000', 9007199254740993), ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 9007199254740994);
    `);
    await insertRows(client, "sales.orders", await duckRows(`SELECT * FROM (${ORDERS_SQL}) ORDER BY order_id`));
    await insertRows(client, "sales.order_lines", await duckRows(ORDER_LINES_SQL));
    await insertRows(
      client,
      `${q(ODD_SCHEMA)}.${q(ODD_TABLE)}`,
      await duckRows(`SELECT order_id, "ship region", "select", "it's ""quoted""", CASE WHEN order_id % 10 = 0 THEN NULL ELSE DATE '2024-01-01' END FROM (${ORDERS_SQL}) ORDER BY order_id`),
    );
  } finally {
    await client.end();
  }
  [duckdb, postgres] = await Promise.all([runContract(data.dir, ORDERS_CONTRACT), runOnPostgres(pgContract())]);
});

afterAll(async () => {
  await server?.stop();
  data?.cleanup();
});

describe("the orders fixture on PostgreSQL", () => {
  it("runs on PostgreSQL only when its server is chosen; DuckDB stays the default", () => {
    expect(duckdb.results).toMatchObject({ engine: "duckdb", source: "local" });
    expect(postgres.results).toMatchObject({ engine: "postgres", source: "prod" });
    expect(postgres.results.checks.length).toBe(duckdb.results.checks.length);
  });

  it("measures exactly what DuckDB measures, check by check", () => {
    // Type names are the engine's own (`bigint` vs `BIGINT`) and error texts differ; everything else is equal.
    const comparable = (run: QualityRun) =>
      run.results.checks.map((c) => ({
        id: c.id,
        status: c.status,
        measured: c.rule === "schema-column-type" ? "(type)" : c.measured,
        rowsChecked: c.rowsChecked,
        failedRows: c.failedRows,
        threshold: c.threshold,
        message: c.status === "error" || c.rule === "schema-column-type" ? "(engine's own)" : c.message,
      }));
    expect(comparable(postgres)).toEqual(comparable(duckdb));
  });

  it("fetches the same failing samples, classified columns masked", () => {
    const samples = (run: QualityRun) => run.results.checks.filter((c) => c.sample).map((c) => [c.id, c.sample]);
    expect(samples(postgres)).toEqual(samples(duckdb));
    expect(resultOf(postgres, "orders.status.status_invalid").sample?.map((row) => [row.order_id, row.status, row.email])).toEqual([
      ["6", "lost", "***"],
      ["18", "lost", "***"],
      ["34", "lost", "***"],
    ]);
  });

  it("reports its findings at the same contract lines", () => {
    const findings = (run: QualityRun) => run.findings.filter((f) => f.ruleId !== "quality-check-error").map((f) => [f.ruleId, f.severity, f.line, f.message]);
    expect(findings(postgres)).toEqual(findings(duckdb));
  });

  it.each([
    // id, status, measured: every comparator, each metric, percent units, a composite key, SQL rules, SLAs at a fixed now.
    ["orders.rc_mustBe_pass", "pass", 100],
    ["orders.rc_mustNotBe_fail", "fail", 100],
    ["orders.rc_mustBeGreaterThan_pass", "pass", 100],
    ["orders.rc_mustBeGreaterOrEqualTo_fail", "fail", 100],
    ["orders.rc_mustBeLessThan_fail", "fail", 100],
    ["orders.rc_mustBeLessOrEqualTo_pass", "pass", 100],
    ["orders.rc_mustBeBetween_pass", "pass", 100],
    ["orders.rc_mustNotBeBetween_fail", "fail", 100],
    ["orders.status.status_invalid", "fail", 3],
    ["orders.status.status_pattern", "pass", 0],
    ["orders.status.status_has_nulls", "pass", 1],
    ["orders.email.email_nulls_percent_strict", "warn", 5],
    ["orders.email.email_missing_default", "fail", 10],
    ["orders.email.email_missing_listed", "pass", 15],
    ["orders.email.email_duplicates", "fail", 9],
    ["orders.ship region.region_invalid", "pass", 50],
    ["orders.email.format", "fail", 10],
    ["orders.amount.minimum", "fail", 5],
    ["orders.amount_exclusive.exclusiveMaximum", "fail", 5],
    ["orders.code.pattern", "fail", 2],
    ["orders.code.minLength", "fail", 2],
    ["orders.created_at.minimum", "fail", 24],
    ["orders.shipped_on.maximum", "fail", 38],
    ["orders.select.unique", "fail", 99],
    [`orders.it's "quoted".required`, "pass", 0],
    ["order_lines.primaryKey", "fail", 3],
    ["order_lines.lines_key_duplicates", "pass", 2],
    ["orders.negative_amounts", "pass", 5],
    ["orders.ids_positive", "pass", true],
    ["orders.lines_of_orders", "pass", 33],
    ["orders.email.email_na_count", "pass", 5],
    ["orders.created_at.latency-2", "fail", 21],
    ["orders.created_at.retention", "pass", 5 / 7],
  ] as const)("%s is %s with %s", (id, status, measured) => {
    const result = resultOf(postgres, id);
    expect(result.status).toBe(status);
    if (typeof measured === "number") expect(result.measured).toBeCloseTo(measured, 9);
    else expect(result.measured).toBe(measured);
  });

  it("reads PostgreSQL's type names", () => {
    expect(resultOf(postgres, "orders.order_id.type")).toMatchObject({ status: "pass", measured: "bigint" });
    expect(resultOf(postgres, "orders.amount.type")).toMatchObject({ status: "pass", measured: "double precision" });
    expect(resultOf(postgres, "orders.created_at.type")).toMatchObject({ status: "pass", measured: "timestamp without time zone" });
  });

  it("makes SQL errors errors, and refuses a query that is not read-only before it runs", () => {
    expect(resultOf(postgres, "orders.syntax_error")).toMatchObject({ status: "error", message: 'SQL rule `syntax_error` failed: syntax error at or near "FROM"' });
    expect(resultOf(postgres, "orders.null_value")).toMatchObject({ status: "error", message: expect.stringContaining("returned NULL") });
    expect(resultOf(postgres, "orders.deletes")).toMatchObject({ status: "error", measured: null });
    expect(postgres.findings.find((f) => f.ruleId === "quality-sql-not-read-only")?.message).toBe("Not checked: query must be a SELECT (or WITH … SELECT) query, not one starting with `DELETE`.");
  });

  it("cuts a syntax error that quotes a value the query parsed, as it cuts any error quoting a value", async () => {
    // The type name's parser reads each value: its `syntax error at or near "example"` quotes the value, not the query.
    // A value it reads as a name is quoted as one: `relation "user1" does not exist`.
    const quality = `    quality:\n      - { name: parsed_value, type: sql, query: "SELECT count(*) FROM {object} WHERE email LIKE 'user%' AND replace(email, '@', ' ')::regtype IS NOT NULL", mustBe: 0 }\n      - { name: parsed_name, type: sql, query: "SELECT count(*) FROM {object} WHERE email LIKE 'user%' AND quote_ident(split_part(email, '@', 1))::regclass IS NOT NULL", mustBe: 0 }\n`;
    const run = await runOnPostgres(`${salesServer()}schema:\n  - name: orders\n${quality}`);
    expect(resultOf(run, "orders.parsed_value")).toMatchObject({ status: "error", message: 'SQL rule `parsed_value` failed: syntax error at or near "***" (the rest of the engine\'s message is not shown: it quotes a value)' });
    expect(resultOf(run, "orders.parsed_name")).toMatchObject({ status: "error", message: 'SQL rule `parsed_name` failed: relation "***" (the rest of the engine\'s message is not shown: it quotes a value)' });
  });

  it("never shows the password", () => {
    expect(JSON.stringify(postgres)).not.toContain(server.password);
  });
});

describe("a read-only transaction, the second line of defence", () => {
  it("stops a query that passes the guard but writes (a function with side effects)", async () => {
    const yaml = contractYaml(salesServer() + SMALL_SCHEMA + "      - { name: sneaky, type: sql, query: 'SELECT audit.touch()', mustBe: 1 }\n");
    const run = await runOnPostgres(yaml);
    expect(resultOf(run, "orders.sneaky")).toMatchObject({ status: "error", message: expect.stringContaining("read-only transaction") });
    // The failed statement did not abort the transaction: the other checks still ran.
    expect(resultOf(run, "orders.rowCount")).toMatchObject({ status: "pass", measured: 100 });
    expect((await server.psql("SELECT count(*) FROM audit.touched", { database: "analytics" })).trim()).toBe("0");
  });

  it("opens one REPEATABLE READ, READ ONLY transaction, one statement per query", async () => {
    const executor = await openPostgres({ label: "prod", host: server.host, port: server.port, database: "analytics", schema: "sales" }, { user: server.user, password: server.password });
    try {
      expect(await executor.queryValues({ sql: "SHOW transaction_read_only", params: [] })).toEqual([["on"]]);
      expect(await executor.queryValues({ sql: "SELECT current_setting('transaction_isolation'), current_setting('search_path'), current_setting('TimeZone')", params: [] })).toEqual([
        ["repeatable read", '"sales"', "UTC"],
      ]);
      await expect(executor.queryValues({ sql: "CREATE TABLE sales.x (i int)", params: [] })).rejects.toThrow("cannot execute CREATE TABLE in a read-only transaction");
      await expect(executor.queryValues({ sql: "SET TRANSACTION READ WRITE", params: [] })).rejects.toThrow(/cannot set transaction read-write mode/);
      await expect(executor.queryValues({ sql: "SELECT 1; DELETE FROM sales.orders", params: [] })).rejects.toThrow("cannot insert multiple commands into a prepared statement");
      // After all those errors the transaction is still usable, with bound parameters converted to numbers.
      expect(await executor.queryValues({ sql: "SELECT count(*), sum(amount), $1::int + 1 FROM orders", params: [41] })).toEqual([[100, 44500, 42]]);
    } finally {
      await executor.close();
    }
  });

  it("gives up a connection whose server stops answering (a stalled server or network): bounded, and every later query fails at once", async () => {
    const executor = await openPostgres({ label: "prod", host: server.host, port: server.port, database: "analytics", schema: "sales" }, { user: server.user, password: server.password }, { statementTimeoutMs: 300, readGraceMs: 300 });
    const [[pid]] = (await executor.queryValues({ sql: "SELECT pg_backend_pid()", params: [] })) as [[number]];
    process.kill(pid, "SIGSTOP");
    try {
      await expect(executor.queryValues({ sql: "SELECT count(*) FROM orders", params: [] })).rejects.toThrow("no answer from the PostgreSQL server within 0.6 s (the server or the network stalled); the connection was closed");
      await expect(executor.queryValues({ sql: "SELECT 1", params: [] })).rejects.toThrow("no answer from the PostgreSQL server within 0.6 s");
    } finally {
      process.kill(pid, "SIGCONT");
      await executor.close();
    }
  });

  it("cancels a query that runs past the statement timeout; the other checks still run", async () => {
    const yaml = contractYaml(salesServer() + SMALL_SCHEMA + "      - { name: slow, type: sql, query: 'SELECT count(*) FROM generate_series(1, 100000000000)', mustBe: 1 }\n");
    const run = await runOnPostgres(yaml, { postgres: { statementTimeoutMs: 200 } });
    // Worded as on DuckDB, with the limit to raise (--query-timeout), not PostgreSQL's "canceling statement due to statement timeout".
    expect(resultOf(run, "orders.slow")).toMatchObject({ status: "error", message: "SQL rule `slow` failed: the query ran longer than 0.2 s and was stopped" });
    expect(resultOf(run, "orders.rowCount").status).toBe("pass");
  });
});

describe("names that need quoting", () => {
  it("schema, table and columns with quotes, spaces, reserved words and upper case", async () => {
    const yaml = contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: ODD_SCHEMA })}schema:
  - name: odd
    physicalName: ${JSON.stringify(ODD_TABLE)}
    properties:
      - name: Order ID
        logicalType: integer
        required: true
        unique: true
      - name: ship region
        logicalType: string
        quality:
          - { metric: invalidValues, arguments: { validValues: [north] }, mustBe: 50 }
      - name: select
        logicalType: integer
        quality:
          - { metric: duplicateValues, mustBe: 99 }
      - name: it's "quoted"
        logicalType: string
        logicalTypeOptions: { pattern: "^x$" }
      - name: from
        logicalType: date
        required: true
    quality:
      - type: sql
        query: SELECT count(*) FROM {object} WHERE "ship region" = 'south' AND "from" IS NULL
        mustBe: 10
`);
    const run = await runOnPostgres(yaml);
    expect(run.results.checks.map((c) => [c.id, c.status, c.measured])).toEqual([
      ["odd.Order ID.exists", "pass", true],
      ["odd.Order ID.type", "pass", "bigint"],
      ["odd.Order ID.required", "pass", 0],
      ["odd.Order ID.unique", "pass", 0],
      ["odd.ship region.exists", "pass", true],
      ["odd.ship region.type", "pass", "text"],
      ["odd.ship region.invalidValues", "pass", 50],
      ["odd.select.exists", "pass", true],
      ["odd.select.type", "pass", "integer"],
      ["odd.select.duplicateValues", "pass", 99],
      [`odd.it's "quoted".exists`, "pass", true],
      [`odd.it's "quoted".type`, "pass", "text"],
      [`odd.it's "quoted".pattern`, "pass", 0],
      ["odd.from.exists", "pass", true],
      ["odd.from.type", "pass", "date"],
      ["odd.from.required", "fail", 10],
      ["odd.sql", "pass", 10],
    ]);
    expect(resultOf(run, "odd.from.required").sample?.[0]).toEqual({ "Order ID": "10", "ship region": "south", select: 1, [`it's "quoted"`]: "x", from: null });
  });

  it("reads names longer than 63 bytes as PostgreSQL does, cut to 63 bytes: the table and its column alike", async () => {
    // The table's name is 70 bytes; the column's `é`s are two bytes each: PostgreSQL keeps 62 bytes, not half of the 32nd `é`.
    const table = `t${"x".repeat(69)}`;
    const column = `cc${"é".repeat(40)}`;
    await server.psql(`CREATE SCHEMA longnames; CREATE TABLE longnames.${JSON.stringify(table)} (${JSON.stringify(column)} integer); INSERT INTO longnames.${JSON.stringify(table)} VALUES (1), (NULL);`, {
      database: "analytics",
    });
    const run = await runOnPostgres(
      contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "longnames" })}schema:
  - name: ${table}
    properties:
      - name: ${column}
        logicalType: integer
        required: true
`),
    );
    expect(run.results.checks.map((c) => [c.id, c.status, c.measured])).toEqual([
      [`${table}.${column}.exists`, "pass", true],
      [`${table}.${column}.type`, "pass", "integer"],
      [`${table}.${column}.required`, "fail", 1],
    ]);
  });
});

describe("a server that cannot be used: one finding at the server entry, exit 2, every check an error", () => {
  const contract = (fields: Record<string, string | number>) => contractYaml(serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "sales", ...fields }) + SMALL_SCHEMA);

  function expectUnreadable(run: QualityRun, message: string | RegExp): void {
    expect(run.findings).toEqual([expect.objectContaining({ ruleId: "quality-data-unreadable", severity: "error", path: "/servers/0", line: 7 })]);
    expect(run.findings[0]!.message).toMatch(message);
    expect(run.findings[0]!.message).not.toContain("\n");
    expect(QUALITY_INPUT_RULE_IDS.has(run.findings[0]!.ruleId as never)).toBe(true);
    expect(run.results.summary).toMatchObject({ checks: 7, passed: 0, failed: 0, errors: 7 });
    expect(new Set(run.results.checks.map((c) => c.message))).toEqual(new Set([`Not checked: ${run.findings[0]!.message}`]));
  }

  it("connection refused (nothing listens on the port)", async () => {
    const closed = await closedPort();
    const run = await runOnPostgres(contract({ port: closed }));
    expectUnreadable(run, `Cannot connect to PostgreSQL server \`prod\` at 127.0.0.1:${closed}/analytics as \`meshkit\`: connection refused (is the server running and listening on that host and port?)`);
  });

  it("a wrong password, which is never shown", async () => {
    const wrong = `wrong-${server.password.slice(0, 6)}-pw`;
    const run = await runOnPostgres(contract({}), { env: credentials(wrong) });
    expectUnreadable(
      run,
      `Cannot connect to PostgreSQL server \`prod\` at 127.0.0.1:${server.port}/analytics as \`meshkit\`: password authentication failed for user "meshkit" (the password comes from MESHKIT_POSTGRES_PASSWORD or PGPASSWORD)`,
    );
    const everything = JSON.stringify(run);
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(server.password);
  });

  it("no password at all", async () => {
    const run = await runOnPostgres(contract({}), { env: { MESHKIT_POSTGRES_USER: server.user } });
    expectUnreadable(run, /as `meshkit`: the server asks for a password and none was given: set MESHKIT_POSTGRES_PASSWORD \(or PGPASSWORD\)$/);
  });

  it("a database that does not exist", async () => {
    const run = await runOnPostgres(contract({ database: "nope" }));
    expectUnreadable(run, `Cannot connect to PostgreSQL server \`prod\` at 127.0.0.1:${server.port}/nope as \`meshkit\`: database "nope" does not exist`);
  });

  it("a server that never answers (connection timeout)", async () => {
    const silent = await silentServer();
    try {
      const run = await runOnPostgres(contract({ port: silent.port }), { postgres: { connectTimeoutMs: 300 } });
      expectUnreadable(run, `Cannot connect to PostgreSQL server \`prod\` at 127.0.0.1:${silent.port}/analytics as \`meshkit\`: no answer within 0.3 s (connection timeout)`);
    } finally {
      await silent.close();
    }
  });

  it("PGSSLMODE=require on a server without TLS, which only prefer (libpq's default) and allow fall back from", async () => {
    for (const mode of ["prefer", "allow", "disable", ""]) {
      const run = await runOnPostgres(contract({}), { env: { ...credentials(), PGSSLMODE: mode } });
      expect([mode, run.results.summary]).toEqual([mode, { checks: 7, passed: 6, failed: 1, warned: 0, errors: 0 }]);
    }
    const run = await runOnPostgres(contract({}), { env: { ...credentials(), PGSSLMODE: "require" } });
    expectUnreadable(
      run,
      `Cannot connect to PostgreSQL server \`prod\` at 127.0.0.1:${server.port}/analytics as \`meshkit\`: the server does not accept TLS connections, and PGSSLMODE=require requires TLS (enable ssl on the server, or set PGSSLMODE=prefer to fall back to a connection without TLS)`,
    );
    const unknown = await runOnPostgres(contract({}), { env: { ...credentials(), PGSSLMODE: "no-verify" } });
    expectUnreadable(unknown, "PGSSLMODE is `no-verify`, which libpq does not know: use one of disable, allow, prefer, require, verify-ca, verify-full");
  });

  it("a server entry without a host", async () => {
    const run = await runOnPostgres(contractYaml(serverYaml({ database: "analytics" }) + SMALL_SCHEMA));
    expect(run.findings.map((f) => [f.ruleId, f.message, f.path])).toEqual([["quality-data-unreadable", "No data to test: server `prod` (postgres) has no `host`.", "/servers/0"]]);
  });
});

describe("arrays and time zones", () => {
  it("counts array items (those of the first dimension), and reads a timestamp bound's UTC offset", async () => {
    // 2024-06-01T00:00:00+02:00 is 22:00 UTC: 23:00 UTC is above it (by the wall clock it would not be).
    const schema = `schema:
  - name: events
    properties:
      - { name: tags, logicalType: array, items: { logicalType: string }, logicalTypeOptions: { minItems: 1, maxItems: 3 } }
      - { name: at, logicalType: timestamp, logicalTypeOptions: { maximum: "2024-06-01T00:00:00+02:00" } }
`;
    const run = await runOnPostgres(contractYaml(serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "lists" }) + schema));
    expect(resultOf(run, "events.tags.type")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "events.tags.minItems")).toMatchObject({ rule: "schema-items", status: "fail", measured: 1 });
    expect(resultOf(run, "events.tags.maxItems")).toMatchObject({ status: "fail", measured: 1, sample: [{ tags: ["a", "b", "c", "d"], at: null }] });
    expect(resultOf(run, "events.at.maximum")).toMatchObject({ status: "fail", measured: 1 });
  });

  it("fails a list of text declared as dates by its type name (nested values are read on DuckDB only)", async () => {
    const schema = `schema:
  - name: events
    properties:
      - { name: tags, logicalType: array, items: { logicalType: date } }
`;
    const run = await runOnPostgres(contractYaml(serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "lists" }) + schema));
    expect(resultOf(run, "events.tags[].type")).toMatchObject({ status: "fail", measured: "text" });
  });

  it("reads a list's items declared of a set length (varchar(1)) by their type name, as their other checks are not run here", async () => {
    const schema = `schema:
  - name: events
    properties:
      - { name: tags, logicalType: array, items: { logicalType: string, physicalType: varchar(1), logicalTypeOptions: { minLength: 1 } } }
`;
    const run = await runOnPostgres(contractYaml(serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "lists" }) + schema));
    expect(resultOf(run, "events.tags[].type")).toMatchObject({ status: "pass", measured: "text" });
    expect(resultOf(run, "events.tags[].minLength")).toMatchObject({ status: "warn" });
  });
});

describe("dates and timestamps at infinity", () => {
  it("measures an SLA age of ±infinity as DuckDB does: latency met (in the future), retention failed", async () => {
    // EXTRACT(EPOCH FROM 'infinity') is the numeric Infinity, which the driver gives as text: it was an error
    // ("expected a number, got \"Infinity\""), while DuckDB's epoch() of it is NULL and read as no value.
    const columns = ["d", "ts", "tz"];
    const slas = columns.map((c) => `  - { property: latency, value: 1, unit: d, element: t.${c} }\n  - { property: retention, value: 1, unit: y, element: t.${c} }\n`).join("");
    const schema = `schema:
  - name: t
    properties:
      - { name: d, logicalType: date }
      - { name: ts, logicalType: timestamp }
      - { name: tz, logicalType: timestamp, logicalTypeOptions: { timezone: true } }
slaProperties:
${slas}`;
    const run = await runOnPostgres(contractYaml(serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "endless" }) + schema));
    for (const column of columns) {
      expect(resultOf(run, `t.${column}.latency`)).toMatchObject({ status: "pass", message: `The newest \`${column}\` in \`t\` is in the future (infinity); latency must be at most 1 d` });
      expect(resultOf(run, `t.${column}.retention`)).toMatchObject({ status: "fail", message: `The oldest \`${column}\` in \`t\` is older than any age (-infinity); retention must be at most 1 y` });
    }
  });
});

describe("a missing table", () => {
  it("is unreadable for its object only, listing the schema's tables", async () => {
    const schema = `${SMALL_SCHEMA}  - name: invoices\n    properties:\n      - name: id\n        required: true\n`;
    const run = await runOnPostgres(contractYaml(salesServer() + schema));
    expect(run.findings.filter((f) => f.ruleId === "quality-data-unreadable").map((f) => [f.path, f.message])).toEqual([
      ["/schema/1", `No table \`invoices\` in schema \`sales\` of PostgreSQL server \`prod\` (127.0.0.1:${server.port}/analytics; tables: order_lines, orders)`],
    ]);
    expect(resultOf(run, "invoices.id.required").status).toBe("error");
    expect(resultOf(run, "orders.rowCount")).toMatchObject({ status: "pass", measured: 100 });
  });

  it("lists the schema's tables without the partitions of a partitioned one, which would fill the list", async () => {
    const days = Array.from({ length: 25 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
    await server.psql(
      "CREATE SCHEMA daily; CREATE TABLE daily.events (at date) PARTITION BY RANGE (at); CREATE TABLE daily.orders (id int);\n" +
        days.map((day, i) => `CREATE TABLE daily.events_${day.replaceAll("-", "_")} PARTITION OF daily.events FOR VALUES FROM ('${day}') TO ('${days[i + 1] ?? "2024-01-26"}');`).join("\n"),
    );
    const run = await runOnPostgres(contractYaml(serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "daily" }) + "schema:\n  - name: order\n"));
    expect(run.findings.filter((f) => f.ruleId === "quality-data-unreadable").map((f) => f.message)).toEqual([
      `No table \`order\` in schema \`daily\` of PostgreSQL server \`prod\` (127.0.0.1:${server.port}/analytics; tables: events, orders)`,
    ]);
  });

  it("written schema-qualified (or database-qualified, as dbt does), says which table of which schema it names and how to write it", async () => {
    const qualified = `"${ODD_SCHEMA.replaceAll('"', '""')}"."${ODD_TABLE.replaceAll('"', '""')}"`;
    // The third as dbt names a relation, database first (the server's database).
    const schema = `${SMALL_SCHEMA}  - name: audit.touched\n    properties:\n      - name: at\n  - name: analytics.audit.touched\n    properties:\n      - name: at\n  - name: lines\n    physicalName: '${qualified.replaceAll("'", "''")}'\n    properties:\n      - name: from\n`;
    const run = await runOnPostgres(contractYaml(salesServer() + schema));
    const messages = run.findings.filter((f) => f.ruleId === "quality-data-unreadable").map((f) => f.message);
    expect(messages).toEqual([
      `No table \`audit.touched\` in schema \`sales\` of PostgreSQL server \`prod\` (127.0.0.1:${server.port}/analytics; tables: order_lines, orders). ` +
        "A physicalName is the table's own name, not schema-qualified: `audit.touched` is the table `touched` of schema `audit`, so write `physicalName: touched` and `schema: audit` in the server entry",
      `No table \`analytics.audit.touched\` in schema \`sales\` of PostgreSQL server \`prod\` (127.0.0.1:${server.port}/analytics; tables: order_lines, orders). ` +
        "A physicalName is the table's own name, not schema-qualified: `analytics.audit.touched` is the table `touched` of schema `audit`, so write `physicalName: touched` and `schema: audit` in the server entry",
      `No table \`${qualified}\` in schema \`sales\` of PostgreSQL server \`prod\` (127.0.0.1:${server.port}/analytics; tables: order_lines, orders). ` +
        `A physicalName is the table's own name, not schema-qualified: \`${qualified}\` is the table \`${ODD_TABLE}\` of schema \`${ODD_SCHEMA}\`, so write \`physicalName: ${ODD_TABLE}\` and \`schema: ${ODD_SCHEMA}\` in the server entry`,
    ]);
  });
});

describe("credentials from the environment", () => {
  it("prefers MESHKIT_POSTGRES_* over libpq's PGUSER / PGPASSWORD, and ignores empty values", () => {
    expect(postgresCredentialsFromEnv({ PGUSER: "u", PGPASSWORD: "p" })).toEqual({ user: "u", password: "p" });
    expect(postgresCredentialsFromEnv({ MESHKIT_POSTGRES_USER: "m", PGUSER: "u", MESHKIT_POSTGRES_PASSWORD: "", PGPASSWORD: "p" })).toEqual({ user: "m", password: "p" });
    expect(postgresCredentialsFromEnv({})).toEqual({});
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const listener: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  return {
    port: (listener.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        listener.close(() => resolve());
      }),
  };
}

describe("QA findings on PostgreSQL: numeric lists, views of every kind, permissions, what SQL rules may read and print", () => {
  const READER_PASSWORD = "reader-pw-not-printed";
  const qaServer = () => serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "qa" });
  const asReader = { env: { MESHKIT_POSTGRES_USER: "qa_reader", MESHKIT_POSTGRES_PASSWORD: READER_PASSWORD } };

  beforeAll(async () => {
    await server.psql(
      `CREATE SCHEMA qa;
       CREATE TABLE qa.amounts (amt numeric(10,2), email text);
       INSERT INTO qa.amounts VALUES (1, 'alice@example.com'), (2, 'bob@example.com'), (3, NULL), (3.5, NULL), (NULL, NULL), (10.25, NULL);
       CREATE MATERIALIZED VIEW qa.amounts_mv AS SELECT amt, amt * 2 AS doubled FROM qa.amounts;
       CREATE TABLE qa.events (at timestamptz, amt numeric(10,2)) PARTITION BY RANGE (at);
       CREATE TABLE qa.events_2024 PARTITION OF qa.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
       INSERT INTO qa.events VALUES ('2024-03-01 00:00:00+00', 1), ('2024-04-01 00:00:00+00', 2);
       CREATE TABLE qa.secret (id integer);
       INSERT INTO qa.secret VALUES (1);
       CREATE ROLE qa_reader LOGIN PASSWORD '${READER_PASSWORD}';
       GRANT USAGE ON SCHEMA qa TO qa_reader;
       GRANT SELECT (amt) ON qa.amounts TO qa_reader;`,
      { database: "analytics" },
    );
  });

  it("compares a list's numbers with a numeric(10,2) column as numbers (1.00 is 1)", async () => {
    const run = await runOnPostgres(
      contractYaml(`${qaServer()}schema:
  - name: amounts
    properties:
      - name: amt
        logicalType: number
        quality:
          - { name: missing, metric: missingValues, arguments: { missingValues: [1, 2.0, '3'] }, mustBe: 0 }
          - { name: missing_or_word, metric: missingValues, arguments: { missingValues: [1, n/a, null] }, mustBe: 0 }
          - { name: invalid, metric: invalidValues, arguments: { validValues: [1, '2', 3.5] }, mustBe: 0 }
`),
    );
    expect(resultOf(run, "amounts.amt.type")).toMatchObject({ status: "pass", measured: "numeric(10,2)" });
    expect(resultOf(run, "amounts.amt.missing")).toMatchObject({ status: "fail", measured: 3 });
    expect(resultOf(run, "amounts.amt.missing_or_word")).toMatchObject({ status: "fail", measured: 2 });
    expect(resultOf(run, "amounts.amt.invalid")).toMatchObject({ status: "fail", measured: 2, sample: [{ amt: "3.00" }, { amt: "10.25" }] });
  });

  it("finds a table meshkit provision created in the domain's schema when the server's schema does not have it", async () => {
    const publicServer = serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "public" });
    const run = await runOnPostgres(
      contractYaml(`domain: qa\n${publicServer}schema:
  - name: amounts
    properties:
      - { name: amt, logicalType: number }
    quality:
      - { type: sql, query: "SELECT count(*) FROM amounts WHERE amt > 3", mustBe: 2 }
  - name: nowhere
    properties:
      - { name: id }
`),
    );
    expect(resultOf(run, "amounts.amt.type")).toMatchObject({ status: "pass", measured: "numeric(10,2)" });
    // Unqualified names in SQL rules resolve there too (search_path: the server's schema, then the domain's).
    expect(run.results.checks.find((c) => c.rule === "quality-sql")).toMatchObject({ status: "pass", measured: 2 });
    expect(run.findings.filter((f) => f.ruleId === "quality-data-unreadable").map((f) => f.message)).toEqual([
      expect.stringMatching(/^No table `nowhere` in schema `public` \(nor in schema `qa`, the contract's domain, where meshkit provision creates tables\) of PostgreSQL server/),
    ]);
  });

  it("reads a server of type postgresql (ODCS's other spelling) as a postgres server", async () => {
    const run = await runOnPostgres(contractYaml(`${salesServer().replace("type: postgres", "type: postgresql")}${SMALL_SCHEMA}`));
    expect(run.results).toMatchObject({ engine: "postgres", source: "prod" });
    expect(run.results.checks.filter((c) => c.status === "error")).toEqual([]);
    expect(resultOf(run, "orders.amount.minimum")).toMatchObject({ status: "fail", measured: 5, rowsChecked: 100 });
  });

  it("reads a materialized view and a partitioned table as it reads a table", async () => {
    const run = await runOnPostgres(
      contractYaml(`${qaServer()}schema:
  - name: mv
    physicalName: amounts_mv
    properties:
      - { name: amt, logicalType: number }
      - { name: doubled, logicalType: number, logicalTypeOptions: { maximum: 20 } }
    quality:
      - { metric: rowCount, mustBe: 6 }
  - name: events
    properties:
      - { name: at, logicalType: timestamp, required: true }
      - { name: amt, logicalType: number }
    quality:
      - { metric: rowCount, mustBe: 2 }
`),
    );
    expect(run.findings.filter((f) => f.ruleId === "quality-data-unreadable")).toEqual([]);
    expect(resultOf(run, "mv.amt.type")).toMatchObject({ status: "pass", measured: "numeric(10,2)" });
    expect(resultOf(run, "mv.doubled.type")).toMatchObject({ status: "pass", measured: "numeric" });
    expect(resultOf(run, "mv.doubled.maximum")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "mv.rowCount")).toMatchObject({ status: "pass", measured: 6 });
    expect(resultOf(run, "events.at.type")).toMatchObject({ status: "pass", measured: "timestamp with time zone" });
    expect(resultOf(run, "events.rowCount")).toMatchObject({ status: "pass", measured: 2 });
  });

  it("says permission denied, not missing, for a table or a column the user may not read (exit 2)", async () => {
    const run = await runOnPostgres(
      contractYaml(`${qaServer()}schema:
  - name: secret
    properties:
      - { name: id, logicalType: integer }
  - name: amounts
    properties:
      - { name: amt, logicalType: number }
      - { name: email, logicalType: string }
  - name: amounts_only
    physicalName: amounts
    properties:
      - { name: amt, logicalType: number, required: true }
`),
      asReader,
    );
    const where = `PostgreSQL server \`prod\` (127.0.0.1:${server.port}/analytics)`;
    expect(run.findings.filter((f) => f.ruleId === "quality-data-unreadable").map((f) => [f.path, f.message])).toEqual([
      ["/schema/0", `Permission denied for \`qa_reader\` on table \`qa.secret\` of ${where}: it exists, but \`qa_reader\` may not read it (GRANT SELECT ON … TO …)`],
      ["/schema/1", `Permission denied for \`qa_reader\` on column \`email\` of \`qa.amounts\` of ${where}: it exists, but \`qa_reader\` may not read it (GRANT SELECT (column) ON … TO …)`],
    ]);
    expect(QUALITY_INPUT_RULE_IDS.has("quality-data-unreadable")).toBe(true);
    expect(run.findings.some((f) => f.ruleId === "schema-column-exists")).toBe(false);
    expect(resultOf(run, "secret.id.exists").status).toBe("error");
    // The columns it may read are checked.
    expect(resultOf(run, "amounts_only.amt.required")).toMatchObject({ status: "fail", measured: 1 });
    expect(JSON.stringify(run)).not.toContain(READER_PASSWORD);
  });

  it("refuses SQL that runs text as SQL or reads credentials, before running it; prints no text result", async () => {
    const run = await runOnPostgres(
      contractYaml(`${qaServer()}schema:
  - name: amounts
    properties:
      - name: email
        logicalType: string
        classification: restricted
    quality:
      - { name: xml, type: sql, query: "SELECT length(query_to_xml('delete from qa.amounts', true, true, '')::text)", mustBe: 1 }
      - { name: xml-qualified, type: sql, query: "SELECT length(pg_catalog.\\"query_to_xml\\"('delete from qa.amounts', true, true, '')::text)", mustBe: 1 }
      - { name: password, type: sql, query: "SELECT rolpassword FROM pg_authid WHERE rolname = current_user", mustBe: 1 }
      - { name: setting, type: sql, query: "SELECT current_setting('data_directory')", mustBe: 1 }
      - { name: email, type: sql, query: "SELECT min(email) FROM {object}", mustBeGreaterThan: 0 }
      - { name: email-cast, type: sql, query: "SELECT CAST(min(email) AS integer) FROM {object}", mustBe: 1 }
      - { name: over, type: sql, query: "SELECT 1000.0001::numeric", mustBeLessOrEqualTo: 1000 }
      - { name: nan, type: sql, query: "SELECT 'NaN'::float8", mustNotBe: 0 }
      - { name: minus-infinity, type: sql, query: "SELECT '-Infinity'::float8", mustBeLessThan: 0 }
      - { name: numeric-nan, type: sql, query: "SELECT 'NaN'::numeric", mustNotBe: 0 }
`),
    );
    const refused: [string, string][] = [
      ["xml", "calls `query_to_xml()`"],
      ["xml-qualified", "calls `query_to_xml()`"],
      ["password", "reads `pg_authid`"],
      ["setting", "calls `current_setting()`"],
    ];
    refused.forEach(([id, reason], i) => {
      expect(resultOf(run, `amounts.${id}`)).toMatchObject({ status: "error", message: expect.stringContaining(reason) });
      expect(run.findings.find((f) => f.path === `/schema/0/quality/${i}`)?.ruleId).toBe("quality-sql-not-read-only");
    });
    expect((await server.psql("SELECT count(*) FROM qa.amounts", { database: "analytics" })).trim()).toBe("6");
    expect(resultOf(run, "amounts.email")).toMatchObject({ status: "error", measured: null, message: expect.stringContaining("returned a value of type text, not a number") });
    expect(resultOf(run, "amounts.email-cast")).toMatchObject({ status: "error", message: "SQL rule `email-cast` failed: invalid input syntax for type integer: \"***\" (the rest of the engine's message is not shown: it quotes a value)" });
    expect(resultOf(run, "amounts.over")).toMatchObject({ status: "fail", message: "SQL rule `over` returned 1,000.0001; must be at most 1,000" });
    // No finite number: an error as on DuckDB, said as DuckDB says it (the driver gives PostgreSQL's text).
    expect(resultOf(run, "amounts.nan")).toMatchObject({ status: "error", message: "SQL rule `nan` returned NaN; it must return a finite number" });
    expect(resultOf(run, "amounts.minus-infinity")).toMatchObject({ status: "error", message: "SQL rule `minus-infinity` returned -Infinity; it must return a finite number" });
    expect(resultOf(run, "amounts.numeric-nan")).toMatchObject({ status: "error", message: "SQL rule `numeric-nan` returned NaN; it must return a finite number" });
    const printed = JSON.stringify(run);
    expect(printed).not.toContain("alice@example.com");
    expect(printed).not.toContain("SCRAM-SHA-256$");
  });
});

describe("decimals with more significant digits than a double holds, on PostgreSQL", () => {
  it("counts what DuckDB counts on a DECIMAL(38,10) column (qa-edge-cases.test.ts): the exact values", async () => {
    await server.psql(
      `CREATE SCHEMA exact; CREATE TABLE exact.t (amount numeric(38,10));
       INSERT INTO exact.t VALUES ${EXACT_DECIMALS.map((v) => (v === null ? "(NULL)" : `('${v}')`)).join(", ")};`,
      { database: "analytics" },
    );
    const run = await runOnPostgres(contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "exact" })}schema:\n  - name: t\n    properties:\n${EXACT_DECIMAL_PROPERTIES}`));
    for (const [id, failed] of Object.entries(EXACT_DECIMAL_COUNTS)) expect(resultOf(run, id), id).toMatchObject({ failedRows: failed });
  });
});

describe("value lists on a text column the contract declares an integer, on PostgreSQL", () => {
  it("count what they list as text, as on DuckDB over a CSV (qa-edge-cases.test.ts), instead of leaving them unchecked", async () => {
    await server.psql(`CREATE SCHEMA heldtext; CREATE TABLE heldtext.t (qty text); INSERT INTO heldtext.t VALUES ('5'), ('n/a'), (NULL), ('7'), ('abc'), ('-1');`, { database: "analytics" });
    const run = await runOnPostgres(
      contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "heldtext" })}schema:
  - name: t
    properties:
      - name: qty
        logicalType: integer
        quality:
          - { name: qty_missing, metric: missingValues, arguments: { missingValues: [null, '', 'n/a'] }, mustBe: 0 }
          - { name: qty_missing_mixed, metric: missingValues, arguments: { missingValues: ['n/a', -1] }, mustBe: 0 }
          - { name: qty_valid, metric: invalidValues, arguments: { validValues: [5, 7, 'n/a'] }, mustBe: 0 }
          - { name: qty_pattern, metric: invalidValues, arguments: { pattern: '^-?[0-9]+$' }, mustBe: 0 }
`),
    );
    expect(resultOf(run, "t.qty.type")).toMatchObject({ status: "fail", measured: "text" });
    for (const id of ["t.qty.qty_missing", "t.qty.qty_missing_mixed", "t.qty.qty_valid", "t.qty.qty_pattern"]) expect(resultOf(run, id), id).toMatchObject({ status: "fail", failedRows: 2 });
  });
});

describe("an empty table on PostgreSQL: percentages, a SQL rule's share of no rows, SLAs", () => {
  it("reads a percent of no rows as 0% and says so; a division by zero says what to write; latency fails and retention passes", async () => {
    await server.psql(`CREATE SCHEMA emptyrows; CREATE TABLE emptyrows.t (v integer, ts timestamptz);`, { database: "analytics" });
    const run = await runOnPostgres(
      contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "emptyrows" })}schema:
  - name: t
    properties:
      - name: v
        logicalType: integer
        quality:
          - { metric: invalidValues, arguments: { validValues: [1, 2] }, unit: percent, mustBeGreaterThan: 50 }
      - name: ts
        logicalType: timestamp
    quality:
      - { name: share, type: sql, unit: percent, query: "SELECT 100.0 * count(*) FILTER (WHERE v IS NULL) / count(*) FROM t", mustBeLessThan: 10 }
slaProperties:
  - { property: latency, value: 2, unit: h, element: t.ts }
  - { property: retention, value: 1, unit: y, element: t.ts }
`),
    );
    expect(resultOf(run, "t.v.invalidValues")).toMatchObject({ status: "fail", measured: 0, message: "0 of 0 rows (taken as 0%: there are none) have an invalid `v` (not in 1, 2); must be more than 50%" });
    expect(resultOf(run, "t.share")).toMatchObject({ status: "error", message: expect.stringMatching(/^SQL rule `share` failed: division by zero \(`t` has no rows, over which a share divides by zero .*nullif\(count\(\*\), 0\)/) });
    expect(resultOf(run, "t.ts.latency")).toMatchObject({ status: "fail", message: "`t` has no `ts` value (0 rows); latency must be at most 2 h" });
    expect(resultOf(run, "t.ts.retention")).toMatchObject({ status: "pass", message: "`t` has no `ts` value (0 rows); retention must be at most 1 y" });
  });
});

describe("a multipleOf of numbers of 1e29 or more, on PostgreSQL", () => {
  it("counts them as failing, as DuckDB does (qa-edge-cases.test.ts), though numeric would hold them", async () => {
    await server.psql(
      `CREATE SCHEMA huge; CREATE TABLE huge.t (x double precision, n numeric, i bigint);
       INSERT INTO huge.t VALUES ${["0.5", "1.5", "0.3", "1e30", "-1e30", "9e28", "NaN"].map((v, row) => `('${v}', '${v}', ${row === 0 ? "-9223372036854775808" : row})`).join(", ")};`,
      { database: "analytics" },
    );
    const yaml = contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "huge" })}schema:
  - name: t
    properties:
      - { name: x, logicalType: number, logicalTypeOptions: { multipleOf: 0.5 } }
      - { name: n, logicalType: number, logicalTypeOptions: { multipleOf: 0.5 } }
      - { name: i, logicalType: integer, logicalTypeOptions: { multipleOf: 0.5 } }
`);
    const run = await runOnPostgres(yaml);
    expect(resultOf(run, "t.x.multipleOf")).toMatchObject({ status: "fail", measured: 4 });
    expect(resultOf(run, "t.n.multipleOf")).toMatchObject({ status: "fail", measured: 4 });
    expect(resultOf(run, "t.i.multipleOf")).toMatchObject({ status: "pass", measured: 0 });
  });
});

describe("a uuid column and whole numbers beyond 2^53, on PostgreSQL", () => {
  it("reads the uuid as text where a string check does, and compares the numbers as written", async () => {
    const yaml = contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "kinds" })}schema:
  - name: things
    properties:
      - name: id
        logicalType: string
        logicalTypeOptions: { maxLength: 35, pattern: '^0', format: uuid }
        quality:
          - { metric: missingValues, mustBe: 0 }
          - { metric: invalidValues, arguments: { validValues: ['00000000-0000-0000-0000-000000000000', ''] }, mustBe: 0 }
      - name: n
        logicalType: integer
        logicalTypeOptions: { minimum: 9007199254740993, maximum: 9007199254740993 }
        quality:
          - { metric: invalidValues, arguments: { validValues: [9007199254740993] }, mustBe: 0 }
`);
    const run = await runOnPostgres(yaml);
    for (const [id, failed] of [
      ["things.id.maxLength", 3],
      ["things.id.pattern", 2],
      ["things.id.format", 0],
      ["things.id.missingValues", 1],
      ["things.id.invalidValues", 2],
      ["things.n.minimum", 1],
      ["things.n.maximum", 1],
      ["things.n.invalidValues", 2],
    ] as const) {
      expect(resultOf(run, id), id).toMatchObject({ failedRows: failed, rowsChecked: 4 });
    }
  });
});

describe("a string declared a character type of a set length (VARCHAR(n), CHAR(n)), on PostgreSQL", () => {
  it("counts the values longer than it in a column that holds longer ones, and none where the column holds no more", async () => {
    await server.psql(
      `CREATE SCHEMA lengths;
       CREATE TABLE lengths.codes (t text, v varchar(10), c varchar(3), b char(5), u uuid);
       INSERT INTO lengths.codes VALUES ('abc', 'ab', 'abc', 'ab', '00000000-0000-0000-0000-000000000000'), ('abcdef', 'abcdefg', 'a', 'abcd', NULL);`,
      { database: "analytics" },
    );
    const run = await runOnPostgres(
      contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "lengths" })}schema:
  - name: codes
    properties:
      - { name: t, logicalType: string, physicalType: varchar(3) }
      - { name: v, logicalType: string, physicalType: character varying(3) }
      - { name: c, logicalType: string, physicalType: VARCHAR(3) }
      - { name: b, logicalType: string, physicalType: CHAR(2) }
      - { name: u, logicalType: string, physicalType: VARCHAR(36) }
`),
    );
    expect(resultOf(run, "codes.t.type")).toMatchObject({ status: "fail", failedRows: 1, message: "1 of 2 rows (50%) have `t` longer than its physicalType varchar(3) holds (3 characters; spaces past them do not count); must be 0" });
    expect(resultOf(run, "codes.v.type")).toMatchObject({ status: "fail", failedRows: 1 });
    // character(5)'s padding is no part of its value: 'ab' is 2 characters long.
    expect(resultOf(run, "codes.b.type")).toMatchObject({ status: "fail", failedRows: 1, sample: [expect.objectContaining({ b: "abcd " })] });
    expect(resultOf(run, "codes.c.type")).toMatchObject({ status: "pass", measured: "character varying(3)" });
    // A uuid has no char_length of its own: it is read as its text, of 36 characters.
    expect(resultOf(run, "codes.u.type")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(run.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(["schema-column-type /schema/0/properties/0/physicalType", "schema-column-type /schema/0/properties/1/physicalType", "schema-column-type /schema/0/properties/3/physicalType"]);
  });

  it("does not count the spaces past the length, which PostgreSQL trims storing the value in such a column", async () => {
    // `INSERT … VALUES ('ab   ')` into a varchar(3) or char(2) stores 'ab': only a longer value of other characters is refused.
    await server.psql(
      `CREATE SCHEMA spaced;
       CREATE TABLE spaced.codes (t text, b varchar(10));
       INSERT INTO spaced.codes VALUES ('ab    ', 'DE        '), ('abc d', 'D E'), ('  ab', E'DE\\t');`,
      { database: "analytics" },
    );
    const run = await runOnPostgres(
      contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "spaced" })}schema:
  - name: codes
    properties:
      - { name: t, logicalType: string, physicalType: varchar(3) }
      - { name: b, logicalType: string, physicalType: character(2) }
`),
    );
    expect(resultOf(run, "codes.t.type")).toMatchObject({ status: "fail", failedRows: 2 });
    expect(resultOf(run, "codes.b.type")).toMatchObject({ status: "fail", failedRows: 2 });
  });
});

describe("--emit-sql over a string column PostgreSQL does not hold as text (uuid, inet), executed on PostgreSQL", () => {
  /** The scan's counts by check id: psql prints row_count, then m1, m2, … in the order of the SQL's `AS mN -- ids` lines. */
  async function emittedCounts(yaml: string, relation: readonly string[]): Promise<Map<string, number>> {
    const plan = planChecks(loadText("c.odcs.yaml", yaml).documents[0]!.value as never);
    const scan = compilePlanStatements(plan, getDialect("postgres"), { relation: () => relation })[0]!.sql;
    const values = (await server.psql(`${scan};`, { database: "analytics" })).trim().split("|").map(Number);
    const counts = new Map<string, number>();
    for (const match of scan.matchAll(/ AS m(\d+),? -- (.+)$/gm)) for (const id of match[2]!.split(", ")) counts.set(id, values[Number(match[1])]!);
    return counts;
  }

  it("casts a uuid or inet by its physicalType where a length, pattern or value list reads text, and counts what the runner counts", async () => {
    await server.psql("CREATE SCHEMA emitted; CREATE TABLE emitted.hosts (id uuid, ip inet); INSERT INTO emitted.hosts VALUES (NULL, '10.0.0.1'), ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '192.168.1.20'), ('00000000-0000-0000-0000-000000000000', NULL);", { database: "analytics" });
    const yaml = contractYaml(`schema:
  - name: hosts
    properties:
      - name: id
        logicalType: string
        physicalType: uuid
        logicalTypeOptions: { maxLength: 35, pattern: '^0' }
        quality:
          - { metric: missingValues, mustBe: 0 }
          - { metric: invalidValues, arguments: { validValues: ['00000000-0000-0000-0000-000000000000'] }, mustBe: 0 }
      - name: ip
        logicalType: string
        physicalType: inet
        logicalTypeOptions: { pattern: '^10[.]', maxLength: 8 }
`);
    expect(Object.fromEntries(await emittedCounts(yaml, ["emitted", "hosts"]))).toEqual({
      "hosts.id.maxLength": 2,
      "hosts.id.pattern": 1,
      "hosts.id.missingValues": 1,
      "hosts.id.invalidValues": 1,
      "hosts.ip.maxLength": 1,
      "hosts.ip.pattern": 1,
    });
  });
});

describe("types of PostgreSQL's own: an enum is a string, a composite type an object, an inet what its physicalType says", () => {
  beforeAll(async () => {
    await server.psql(
      `CREATE SCHEMA udt;
       CREATE TYPE udt.order_status AS ENUM ('placed', 'shipped', 'cancelled');
       CREATE TYPE udt.address AS (street text, city text);
       CREATE TABLE udt.orders (status udt.order_status, shipping udt.address, history udt.order_status[], ip inet, mac macaddr);
       INSERT INTO udt.orders VALUES ('placed', ROW('Main St 1', 'Oslo'), '{placed}', '10.0.0.1', '08:00:2b:01:02:03'),
         ('shipped', NULL, '{placed,shipped}', '192.168.1.20', NULL), ('cancelled', ROW('Elm 2', 'Bergen'), '{}', NULL, NULL), (NULL, NULL, NULL, '10.1.2.3', NULL);`,
      { database: "analytics" },
    );
  });

  it("checks an enum column as text (a valid value the enum does not have is no error) and a composite as an object", async () => {
    const yaml = contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "udt" })}schema:
  - name: orders
    properties:
      - name: status
        logicalType: string
        logicalTypeOptions: { pattern: '^[a-z]+$', maxLength: 7 }
        quality:
          - { metric: invalidValues, arguments: { validValues: [placed, shipped, returned] }, mustBe: 0 }
      - name: shipping
        logicalType: object
        properties:
          - { name: city, logicalType: string, logicalTypeOptions: { maxLength: 4 } }
      - name: history
        logicalType: array
        items: { logicalType: string }
      - name: ip
        logicalType: string
        physicalType: INET
        logicalTypeOptions: { pattern: '^10[.]', maxLength: 8 }
        quality:
          - { metric: invalidValues, arguments: { validValues: ['10.0.0.1', '10.1.2.3'] }, mustBe: 0 }
          - { metric: missingValues, mustBe: 0 }
      - name: mac
        logicalType: string
`);
    const run = await runOnPostgres(yaml);
    // A type of no family is what the contract declares when its physicalType names it; without one, a mismatch.
    expect(run.findings.filter((f) => f.ruleId === "schema-column-type").map((f) => f.message)).toEqual([
      "`mac` is macaddr in the data, but the contract declares string: fix the data or the contract's type",
    ]);
    expect(run.results.checks.filter((c) => c.status === "error" && c.property !== "mac").map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    for (const id of ["orders.status.type", "orders.shipping.type", "orders.history.type", "orders.ip.type"]) expect(resultOf(run, id), id).toMatchObject({ status: "pass" });
    // inet values compared as their text (PostgreSQL prints 10.0.0.1 as "10.0.0.1"; a length or pattern of an inet is no function).
    for (const [id, failed] of [
      ["orders.ip.pattern", 1],
      ["orders.ip.maxLength", 1],
      ["orders.ip.invalidValues", 1],
      ["orders.ip.missingValues", 1],
    ] as const) {
      expect(resultOf(run, id), id).toMatchObject({ failedRows: failed, rowsChecked: 4 });
    }
    expect(resultOf(run, "orders.status.invalidValues")).toMatchObject({ failedRows: 1, rowsChecked: 4 });
    expect(resultOf(run, "orders.status.maxLength")).toMatchObject({ failedRows: 1 });
    expect(resultOf(run, "orders.status.pattern")).toMatchObject({ failedRows: 0 });
    // Fields of a composite value are not read (nested properties are checked inside STRUCT and LIST values): said, not passed.
    expect(resultOf(run, "orders.shipping.city.exists")).toMatchObject({ status: "warn", message: expect.stringContaining("composite address in the data, not a STRUCT") });
  });
});

describe("a bytea column: a string of format binary, its lengths in bytes", () => {
  it("is the type of `format: binary` and counts bytes, where its text (`\\xaabbcc`) would count 8 characters", async () => {
    await server.psql("CREATE SCHEMA bin; CREATE TABLE bin.files (b bytea); INSERT INTO bin.files VALUES ('\\xaabbcc'), ('abcd'), ('abcde'), (NULL);", { database: "analytics" });
    const yaml = contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "bin" })}schema:
  - name: files
    properties:
      - { name: b, logicalType: string, logicalTypeOptions: { format: binary, minLength: 4, maxLength: 4 } }
`);
    const run = await runOnPostgres(yaml);
    expect(resultOf(run, "files.b.type")).toMatchObject({ status: "pass", message: "`b` is bytea in the data, compatible with string" });
    expect(resultOf(run, "files.b.maxLength")).toMatchObject({ failedRows: 1, message: "1 of 4 rows (25%) have `b` longer than 4 bytes; must be 0" });
    expect(resultOf(run, "files.b.minLength")).toMatchObject({ failedRows: 1 });
  });

  // Read as text, bytea is its hex (`\x61626364`): `abcd` matched neither `^ab` nor the value `abcd`.
  it("has no pattern or value list checked on it, which would read its hex text", async () => {
    await server.psql("CREATE SCHEMA bin2; CREATE TABLE bin2.files (b bytea); INSERT INTO bin2.files VALUES ('\\xaabbcc'), ('abcd'), (NULL);", { database: "analytics" });
    const yaml = contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "bin2" })}schema:
  - name: files
    properties:
      - { name: b, logicalType: string, logicalTypeOptions: { format: binary, pattern: '^ab' }, quality: [ { metric: invalidValues, arguments: { validValues: [abcd] }, mustBe: 0 } ] }
`);
    const run = await runOnPostgres(yaml);
    expect(resultOf(run, "files.b.type")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "files.b.pattern")).toMatchObject({ status: "warn", failedRows: null });
    expect(resultOf(run, "files.b.invalidValues")).toMatchObject({ status: "warn", failedRows: null });
  });
});

describe("QA round 2 on PostgreSQL: NaN in lists, defaultTimezone, row duplicates with nulls, uniqueItems", () => {
  const qa2Server = () => serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "qa2" });

  beforeAll(async () => {
    await server.psql(
      `CREATE SCHEMA qa2;
       CREATE TABLE qa2.floats (x double precision);
       INSERT INTO qa2.floats VALUES ('NaN'), ('Infinity'), ('-Infinity'), (1);
       CREATE TABLE qa2.local (ts timestamp);
       INSERT INTO qa2.local VALUES ('2024-05-01 00:00:00'), ('2024-05-09 00:00:00');
       CREATE TABLE qa2.zoned (ts timestamptz);
       INSERT INTO qa2.zoned VALUES ('2024-05-09 00:30:00+00'), ('2024-05-09 02:00:00+00');
       CREATE TABLE qa2.rows (a integer, b text, note text, tags text[]);
       CREATE TABLE qa2.spaces (s text);
       INSERT INTO qa2.spaces VALUES (E'a\\u00a0b'), ('a b'), ('ab'), (E'a\\tb');
       INSERT INTO qa2.rows VALUES (1, 'x', NULL, ARRAY['a','b']), (1, 'x', NULL, ARRAY['a','a']), (NULL, NULL, NULL, ARRAY['a',NULL]), (NULL, NULL, NULL, ARRAY[NULL,NULL]::text[]);`,
      { database: "analytics" },
    );
  });

  it("compares 'NaN' and 'Infinity' in a list with a number column as numbers, as on DuckDB", async () => {
    const run = await runOnPostgres(
      contractYaml(`${qa2Server()}schema:
  - name: floats
    properties:
      - name: x
        logicalType: number
        quality:
          - { metric: missingValues, name: nan_missing, arguments: { missingValues: ['nan'] }, mustBe: 0 }
          - { metric: invalidValues, name: finite_or_inf, arguments: { validValues: [1, 'inf'] }, mustBe: 0 }
`),
    );
    expect(resultOf(run, "floats.x.nan_missing")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "floats.x.finite_or_inf")).toMatchObject({ status: "fail", measured: 2 });
  });

  it("reads a timestamp without time zone in its defaultTimezone, for bounds and SLA ages", async () => {
    const run = await runOnPostgres(
      contractYaml(`${qa2Server()}schema:
  - name: local
    properties:
      - name: ts
        logicalType: timestamp
        logicalTypeOptions: { timezone: false, defaultTimezone: America/New_York, maximum: "2024-05-08T21:00:00-04:00" }
slaProperties:
  - { property: latency, value: 1, unit: h, element: local.ts }
`),
      { now: new Date("2024-05-09T04:30:00Z") },
    );
    expect(resultOf(run, "local.ts.maximum")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(resultOf(run, "local.ts.latency")).toMatchObject({ status: "pass", measured: 0.5 });
  });

  it("reads a bound written without an offset in the defaultTimezone on a column WITH time zone too (runner and emitted SQL)", async () => {
    // 21:00 in New York is 01:00 UTC: 00:30 UTC is before it, 02:00 UTC after (read as 21:00 UTC, both were after).
    const yaml = contractYaml(`${qa2Server()}schema:
  - name: zoned
    properties:
      - { name: ts, logicalType: timestamp, physicalType: timestamptz, logicalTypeOptions: { defaultTimezone: America/New_York, maximum: "2024-05-08T21:00:00" } }
`);
    expect(resultOf(await runOnPostgres(yaml), "zoned.ts.maximum")).toMatchObject({ status: "fail", failedRows: 1 });
    const plan = planChecks(loadText("c.odcs.yaml", yaml).documents[0]!.value as never);
    const scan = compilePlanStatements(plan, getDialect("postgres"), { relation: () => ["qa2", "zoned"] })[0]!.sql;
    expect((await server.psql(`SET TIME ZONE 'UTC';\n${scan};`, { database: "analytics" })).trim().split("|")).toEqual(["2", "1"]);
  });

  it("emits SQL that reads it in its defaultTimezone too, by the declared type (or a zone-less one assumed)", async () => {
    for (const physicalType of ["", "physicalType: timestamp, "]) {
      const yaml = contractYaml(`schema:
  - name: local
    properties:
      - { name: ts, logicalType: timestamp, ${physicalType}logicalTypeOptions: { defaultTimezone: America/New_York, maximum: "2024-05-08T21:00:00-04:00" } }
slaProperties:
  - { property: latency, value: 1, unit: h, element: local.ts }
`);
      const plan = planChecks(loadText("c.odcs.yaml", yaml).documents[0]!.value as never);
      const scan = compilePlanStatements(plan, getDialect("postgres"), { relation: () => ["qa2", "local"] })[0]!.sql;
      const [rows, above, newest] = (await server.psql(`SET TIME ZONE 'UTC';\n${scan};`, { database: "analytics" })).trim().split("|");
      // As the runner measured above: 1 row after the maximum, the newest value 30 min before 04:30 UTC.
      expect([rows, above, Number(newest)]).toEqual(["2", "1", Date.parse("2024-05-09T04:00:00Z") / 1000]);
    }
  });

  it("reads a pattern's \\s as ECMA-262's spaces, as on DuckDB", async () => {
    const run = await runOnPostgres(
      contractYaml(`${qa2Server()}schema:
  - name: spaces
    properties:
      - { name: s, logicalType: string, logicalTypeOptions: { pattern: '^a\\sb$' } }
`),
    );
    expect(resultOf(run, "spaces.s.pattern")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ s: "ab" }] });
  });

  it("counts an object's duplicate rows with nulls equal (not rows all null), and repeated array items", async () => {
    const run = await runOnPostgres(
      contractYaml(`${qa2Server()}schema:
  - name: rows
    properties:
      - { name: a, logicalType: integer }
      - { name: b, logicalType: string }
      - { name: note, logicalType: string }
      - { name: tags, logicalType: array, items: { logicalType: string }, logicalTypeOptions: { uniqueItems: true } }
    quality:
      - { name: a_b_note, metric: duplicateValues, arguments: { properties: [a, b, note] }, mustBe: 0 }
`),
    );
    expect(resultOf(run, "rows.a_b_note")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "rows.tags.uniqueItems")).toMatchObject({ status: "fail", failedRows: 2 });
  });
});

describe("a multipleOf with more than 9 decimal places, on PostgreSQL", () => {
  beforeAll(async () => {
    await server.psql("CREATE SCHEMA divisors; CREATE TABLE divisors.amounts (amt numeric(10,2)); INSERT INTO divisors.amounts VALUES (1), (3.5), (10.25), (NULL);", { database: "analytics" });
  });

  it("is a quality-rule-invalid error, and the scan's other checks run (a remainder by 0 would stop it)", async () => {
    const run = await runOnPostgres(
      contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "divisors" })}schema:
  - name: amounts
    properties:
      - { name: amt, logicalType: number, logicalTypeOptions: { multipleOf: 3e-10, maximum: 3 } }
`),
    );
    expect(resultOf(run, "amounts.amt.multipleOf")).toMatchObject({ status: "error", message: expect.stringContaining("is 3e-10, with 10 decimal places") });
    expect(run.findings.find((f) => f.path === "/schema/0/properties/0/logicalTypeOptions/multipleOf")?.ruleId).toBe("quality-rule-invalid");
    expect(resultOf(run, "amounts.amt.maximum")).toMatchObject({ status: "fail", failedRows: 2 });
  });
});

/** Properties (YAML, under `properties:`) of a string column per pattern, named by its key. */
function patternProperties(patterns: Record<string, string>): string {
  return Object.entries(patterns)
    .map(([column, pattern]) => `      - { name: ${column}, logicalType: string, logicalTypeOptions: { pattern: ${JSON.stringify(pattern)} } }\n`)
    .join("");
}

describe("patterns whose escapes PostgreSQL reads otherwise, on PostgreSQL", () => {
  // Each pattern as PostgreSQL would read it unwritten matches other rows: \b a backspace, \x41B the letter Л, \B a backslash.
  const VALUES: Record<string, string[]> = { w: ["a word", "swordfish", "\bword"], h: ["AB", "AB", "\u041b"], nb: ["ab", "ab", "a\\b"], l: ["abc", "é", "1"] };
  const PATTERNS: Record<string, string> = { w: "\\bword\\b", h: "^\\x41B$", nb: "^a\\Bb", l: "^\\p{L}+$" };
  const yaml = () => contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "escapes" })}schema:\n  - name: t\n    properties:\n${patternProperties(PATTERNS)}`);
  /** What ECMA-262 (and DuckDB) count: the values with no match. */
  const ecmaFailures = (column: string) => VALUES[column]!.filter((v) => !new RegExp(PATTERNS[column]!).test(v)).length;

  beforeAll(async () => {
    const rows = [0, 1, 2].map((i) => `(${Object.keys(VALUES).map((column) => `'${VALUES[column]![i]!.replaceAll("'", "''")}'`).join(", ")})`);
    await server.psql(`CREATE SCHEMA escapes; CREATE TABLE escapes.t (${Object.keys(VALUES).map((c) => `${c} text`).join(", ")}); INSERT INTO escapes.t VALUES ${rows.join(", ")};`, { database: "analytics" });
  });

  it("reads \\b and \\B as word boundaries and \\x41B as A then B, as ECMA-262 does; a \\p{L} pattern is not checked, and stops nothing", async () => {
    const run = await runOnPostgres(yaml());
    for (const column of ["w", "h", "nb"]) expect(resultOf(run, `t.${column}.pattern`), column).toMatchObject({ failedRows: ecmaFailures(column), rowsChecked: 3 });
    expect([ecmaFailures("w"), ecmaFailures("h"), ecmaFailures("nb")]).toEqual([1, 1, 1]);
    expect(resultOf(run, "t.l.pattern")).toMatchObject({ status: "warn", message: "Not checked: the pattern of `l` uses the Unicode property `\\p{L}`, which postgres cannot read." });
    expect(run.findings.find((f) => f.path === "/schema/0/properties/3/logicalTypeOptions/pattern")?.ruleId).toBe("quality-not-checked");
  });

  it("emits the same reading, which PostgreSQL runs as printed", async () => {
    const plan = planChecks(loadText("c.odcs.yaml", yaml()).documents[0]!.value as never);
    const scan = compilePlanStatements(plan, getDialect("postgres"), { relation: () => ["escapes", "t"] })[0]!.sql;
    for (const fragment of [`("h" ~ E'^\\\\u0041B$')`, "(?<![0-9A-Za-z_])(?=[0-9A-Za-z_])"]) expect(scan).toContain(fragment);
    expect(scan).not.toMatch(/\\\\[yY]/);
    expect(scan).not.toContain("p{L}");
    expect((await server.psql(`${scan};`, { database: "analytics" })).trim()).toBe(["3", ecmaFailures("w"), ecmaFailures("h"), ecmaFailures("nb")].join("|"));
  });
});

describe("patterns on a database whose locale is UTF-8 (C.UTF-8, en_US.UTF-8: what servers run), on PostgreSQL", () => {
  // There PostgreSQL's own \w, \d, \y follow the locale: \w matches é. ECMA-262 and DuckDB's RE2 read ASCII only.
  const VALUES = ["abc", "héllo", "x_1", "é", "a-b", null];
  const PATTERNS: Record<string, string> = { word: "^\\w+$", in_class: "^[\\w-]+$", non_word: "\\W", boundary: "^h\\b", not_non_word: "[^\\W]", digits: "^\\d+$", non_digit: "[\\D]" };
  /** What ECMA-262 counts, by hand: the non-null values with no match. */
  const EXPECTED: Record<string, number> = { word: 3, in_class: 2, non_word: 2, boundary: 4, not_non_word: 1, digits: 5, non_digit: 0 };
  const yaml = () => contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "utf8locale", schema: "public" })}schema:\n  - name: t\n    properties:\n${patternProperties(PATTERNS)}`);

  beforeAll(async () => {
    await server.psql("CREATE DATABASE utf8locale TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.utf8' LC_COLLATE 'C.utf8';", { database: "analytics" });
    const columns = Object.keys(PATTERNS);
    const rows = VALUES.map((v) => `(${columns.map(() => (v === null ? "NULL" : `'${v}'`)).join(", ")})`);
    await server.psql(`CREATE TABLE t (${columns.map((c) => `${c} text`).join(", ")}); INSERT INTO t VALUES ${rows.join(", ")};`, { database: "utf8locale" });
  });

  it("counts what ECMA-262 (and DuckDB) count: \\w, \\d and word boundaries of ASCII characters only", async () => {
    expect(Object.fromEntries(Object.entries(PATTERNS).map(([column, pattern]) => [column, VALUES.filter((v) => v !== null && !new RegExp(pattern).test(v)).length]))).toEqual(EXPECTED);
    expect((await server.psql("SELECT 'é' ~ '^\\w$';", { database: "utf8locale" })).trim()).toBe("t"); // the locale this is about
    const run = await runOnPostgres(yaml());
    for (const [column, failed] of Object.entries(EXPECTED)) expect(resultOf(run, `t.${column}.pattern`), column).toMatchObject({ failedRows: failed, rowsChecked: 6, status: failed === 0 ? "pass" : "fail" });
    const duck = await runOnFile(data.dir, "t.csv", `${Object.keys(PATTERNS).join(",")}\n${VALUES.map((v) => Object.keys(PATTERNS).map(() => v ?? "").join(",")).join("\n")}\n`, patternProperties(PATTERNS));
    for (const [column, failed] of Object.entries(EXPECTED)) expect(resultOf(duck, `t.${column}.pattern`).failedRows, column).toBe(failed);
  });
});

describe("uniqueness of columns PostgreSQL has no equality for (json, xml, point), on PostgreSQL", () => {
  beforeAll(async () => {
    await server.psql(
      `CREATE SCHEMA nogroup;
       CREATE TABLE nogroup.docs (id integer, j json, x xml, p point);
       INSERT INTO nogroup.docs VALUES (1, '{"a":1}', '<a/>', '(1,2)'), (2, '{"a":1}', '<a/>', '(1,2)'), (3, '{ "a":1}', '<b/>', '(3,4)'), (3, NULL, NULL, NULL);`,
      { database: "analytics" },
    );
  });

  it("groups them by their text, as DuckDB groups a JSON column, also in an object's whole-row duplicates", async () => {
    const run = await runOnPostgres(
      contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "nogroup" })}schema:
  - name: docs
    properties:
      - { name: id, logicalType: integer }
      - { name: j, logicalType: object, unique: true }
      - { name: x, logicalType: string, quality: [{ name: x_dups, metric: duplicateValues, mustBe: 0 }] }
      - { name: p, physicalType: point }
    quality:
      - { name: row_dups, metric: duplicateValues, mustBe: 0 }
      - { name: id_j, metric: duplicateValues, arguments: { properties: [id, j] }, mustBe: 0 }
`),
    );
    expect(run.results.checks.filter((c) => c.status === "error").map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    // '{"a":1}' twice; '{ "a":1}' is other text, as in DuckDB's JSON.
    expect(resultOf(run, "docs.j.unique")).toMatchObject({ status: "fail", measured: 1, sample: [{ key: { j: '{"a":1}' }, rows: 2 }] });
    expect(resultOf(run, "docs.x.x_dups")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "docs.row_dups")).toMatchObject({ status: "pass", measured: 0 });
    expect(resultOf(run, "docs.id_j")).toMatchObject({ status: "pass", measured: 0 });
  });
});

describe("u128 on a numeric column wider than 38 digits, on PostgreSQL", () => {
  beforeAll(async () => {
    await server.psql(
      `CREATE SCHEMA wide128;
       CREATE TABLE wide128.ids (n numeric(45,0));
       INSERT INTO wide128.ids VALUES (340282366920938463463374607431768211455), (340282366920938463463374607431768211456), (0), (-1);`,
      { database: "analytics" },
    );
  });

  it("counts the values above 2^128 - 1 as well as the negative ones", async () => {
    const run = await runOnPostgres(
      contractYaml(`${serverYaml({ host: "127.0.0.1", port: server.port, database: "analytics", schema: "wide128" })}schema:
  - name: ids
    properties:
      - { name: n, logicalType: integer, logicalTypeOptions: { format: u128 } }
`),
    );
    // 2^128 - 1 is a u128; 2^128 and -1 are not.
    expect(resultOf(run, "ids.n.format")).toMatchObject({ status: "fail", measured: 2, message: "2 of 4 rows (50%) have `n` outside u128 (0 to 340282366920938463463374607431768211455); must be 0" });
  });
});
