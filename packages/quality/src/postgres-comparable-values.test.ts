/**
 * Columns PostgreSQL compares otherwise than their property's family would, against a real server, by the
 * runner and by the SQL `--emit-sql --dialect postgres` prints alike:
 * - number properties held in `money` or `oid`, which no comparison with a number takes: the type check
 *   accepts them when the physicalType names the type, so their bounds, value lists and formats must be
 *   measured, not fail with "operator does not exist: money < numeric";
 * - string properties held in a blank-padded `character(n)`, whose padding char_length and `=` ignore but a
 *   regular expression reads: a pattern or format must read the value as its length does, and as DuckDB
 *   reads the same values.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresServer, startPostgres } from "@meshkit/core/testing/postgres";
import { loadText } from "@meshkit/core";
import { planChecks } from "./checks.js";
import { compilePlanStatements } from "./compile.js";
import { getDialect } from "./dialects.js";
import { contractYaml, runContract, runOnFile } from "./test-support.js";

let server: PostgresServer;
let dir: string;

beforeAll(async () => {
  server = await startPostgres({ database: "analytics" });
  dir = mkdtempSync(join(tmpdir(), "meshkit-pg-number-types-"));
  // lc_monetary decides money's text ($10.50), never its value: the cast to numeric reads none of it.
  await server.psql(
    `CREATE SCHEMA ledger;
     CREATE TABLE ledger.entries (id integer, amount money, ref oid);
     INSERT INTO ledger.entries VALUES (1, 10.50, 5), (2, -1, 6), (3, 0, 300), (4, 10.50, 7), (5, NULL, NULL);
     CREATE TABLE ledger.codes (code char(3), mail character(12));
     INSERT INTO ledger.codes VALUES ('x', 'a@b.co'), ('ab', 'a@b.co'), ('abc', 'not mail'), ('x  ', 'c@d.org'), (NULL, NULL);`,
    { database: "analytics" },
  );
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The test server's `ledger` schema as the contract's server. */
function ledgerServer(): string {
  return `servers:
  - server: prod
    type: postgres
    host: 127.0.0.1
    port: ${server.port}
    database: analytics
    schema: ledger
`;
}

function runOnPostgres(body: string) {
  return runContract(dir, contractYaml(`${ledgerServer()}${body}`), { server: "prod", env: { MESHKIT_POSTGRES_USER: server.user, MESHKIT_POSTGRES_PASSWORD: server.password } });
}

/** The counts of the scan `--emit-sql --dialect postgres` prints for the contract's first object, run on the server, by check id. */
async function emittedCounts(body: string, table: string): Promise<Record<string, number>> {
  const plan = planChecks(loadText("c.odcs.yaml", contractYaml(body)).documents[0]!.value as never);
  const scan = compilePlanStatements(plan, getDialect("postgres"), { relation: () => ["ledger", table] })[0]!.sql;
  const values = (await server.psql(`${scan};`, { database: "analytics" })).trim().split("|").map(Number);
  const counts: Record<string, number> = {};
  for (const match of scan.matchAll(/ AS m(\d+),? -- (.+)$/gm)) for (const id of match[2]!.split(", ")) counts[id] = values[Number(match[1])]!;
  return counts;
}

const SCHEMA = `schema:
  - name: entries
    properties:
      - name: amount
        logicalType: number
        physicalType: money
        unique: true
        logicalTypeOptions: { minimum: 0, exclusiveMaximum: 10.5, multipleOf: 0.5 }
        quality:
          - { name: zero, metric: missingValues, arguments: { missingValues: [0] }, mustBe: 0 }
          - { name: listed, metric: invalidValues, arguments: { validValues: [10.5, '0.00'] }, mustBe: 0 }
      - name: ref
        logicalType: integer
        physicalType: oid
        logicalTypeOptions: { minimum: 6, format: u8 }
        quality:
          - { name: refs, metric: invalidValues, arguments: { validValues: [5, 6] }, mustBe: 0 }
`;

/** Measured rows per check (the failing rows), as every engine must count them on ledger.entries. */
const EXPECTED = {
  "entries.amount.unique": 1,
  "entries.amount.minimum": 1,
  "entries.amount.exclusiveMaximum": 2,
  "entries.amount.multipleOf": 0,
  "entries.amount.zero": 1,
  "entries.amount.listed": 1,
  "entries.ref.minimum": 1,
  "entries.ref.format": 1,
  "entries.ref.refs": 2,
};

describe("a number property held as money or oid, on PostgreSQL", () => {
  it("is measured as its value: bounds, multiples, value lists, formats and uniqueness, none an error", async () => {
    const run = await runOnPostgres(SCHEMA);
    const checks = run.results.checks.filter((c) => c.id in EXPECTED);
    expect(checks.filter((c) => c.status === "error").map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(Object.fromEntries(checks.map((c) => [c.id, c.failedRows]))).toEqual(EXPECTED);
    expect(run.results.checks.find((c) => c.id === "entries.amount.type")?.status).toBe("pass");
  });

  it("is read so by the SQL --emit-sql prints, which PostgreSQL runs and counts alike", async () => {
    const counts = await emittedCounts(SCHEMA, "entries");
    const { "entries.amount.unique": _grouped, ...scanned } = EXPECTED;
    expect(counts).toEqual(scanned);
  });
});

const CODES = `schema:
  - name: codes
    properties:
      - name: code
        logicalType: string
        physicalType: char(3)
        unique: true
        logicalTypeOptions: { pattern: '^[a-z]{1,2}$', maxLength: 2 }
        quality:
          - { name: listed, metric: invalidValues, arguments: { validValues: [x, ab] }, mustBe: 0 }
          - { name: shaped, metric: invalidValues, arguments: { pattern: '^x$' }, mustBe: 0 }
      - name: mail
        logicalType: string
        physicalType: character(12)
        logicalTypeOptions: { format: email }
`;

/** Failing rows of the checks on ledger.codes: what DuckDB counts on the same values unpadded (one row 'abc', one 'not mail'). */
const CODE_COUNTS = {
  "codes.code.unique": 1,
  "codes.code.pattern": 1,
  "codes.code.maxLength": 1,
  "codes.code.listed": 1,
  "codes.code.shaped": 2,
  "codes.mail.format": 1,
};

describe("a string property held in a blank-padded character(n), on PostgreSQL", () => {
  it("reads its values without the padding in patterns and formats, as its length and value lists do, and as DuckDB does", async () => {
    const run = await runOnPostgres(CODES);
    // runOnFile names its object `t`: its checks are read as `codes.…`.
    const measured = (r: typeof run) =>
      Object.fromEntries(r.results.checks.map((c) => [c.id.replace(/^t\./, "codes."), c.failedRows] as const).filter(([id]) => id in CODE_COUNTS));
    expect(measured(run)).toEqual(CODE_COUNTS);
    const properties = CODES.slice(CODES.indexOf("      - name: code"));
    const duckdb = await runOnFile(dir, "codes.csv", "code,mail\nx,a@b.co\nab,a@b.co\nabc,not mail\nx,c@d.org\n,\n", properties);
    expect(measured(duckdb)).toEqual(CODE_COUNTS);
  });

  it("is read so by the SQL --emit-sql prints for a physicalType char(n), which PostgreSQL runs and counts alike", async () => {
    const { "codes.code.unique": _grouped, ...scanned } = CODE_COUNTS;
    // The emitted SQL checks character(12)'s length too (the warehouse's column may be wider than the contract
    // says); the scan leaves it to the column's own type. code's is left to its shorter maxLength.
    expect(await emittedCounts(CODES, "codes")).toEqual({ ...scanned, "codes.mail.type": 0 });
  });

  it("is read so for every spelling PostgreSQL takes for it: nchar(n) and national character(n) are character(n) too", async () => {
    const { "codes.code.unique": _grouped, ...scanned } = CODE_COUNTS;
    for (const [code, mail, mailLength] of [
      ["nchar(3)", "national character(12)", { "codes.mail.type": 0 }],
      ["NATIONAL CHAR(3)", "bpchar", {}],
    ] as const) {
      const spelled = CODES.replace("physicalType: char(3)", `physicalType: ${code}`).replace("physicalType: character(12)", `physicalType: ${mail}`);
      expect(await emittedCounts(spelled, "codes"), `${code}, ${mail}`).toEqual({ ...scanned, ...mailLength });
    }
  });
});
