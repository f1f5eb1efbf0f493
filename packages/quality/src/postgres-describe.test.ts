/**
 * How the PostgreSQL runner reads a table from the catalog, against a real server: the types of columns of
 * domains (over domains, arrays of them) and of arrays of arrays, arrays of enums and domains in samples, and
 * what it says when the schema or the table is not there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresServer, startPostgres } from "@meshkit/core/testing/postgres";
import type { QualityRun } from "./run.js";
import { contractYaml, resultOf, runContract } from "./test-support.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let server: PostgresServer;
let dir: string;

beforeAll(async () => {
  server = await startPostgres({ database: "analytics" });
  dir = mkdtempSync(join(tmpdir(), "meshkit-pg-describe-"));
  await server.psql(
    `CREATE SCHEMA doms;
     CREATE DOMAIN doms.posint AS integer CHECK (VALUE > 0);
     CREATE DOMAIN doms.small_posint AS doms.posint CHECK (VALUE < 100);
     CREATE DOMAIN doms.email AS varchar(100);
     CREATE DOMAIN doms.emails AS doms.email[];
     CREATE TYPE doms.mood AS ENUM ('sad', 'ok');
     CREATE DOMAIN doms.mood_d AS doms.mood;
     CREATE TABLE doms.t (id doms.posint, score doms.small_posint, scores doms.small_posint[], mails doms.email[], mail_list doms.emails, moods doms.mood_d[]);
     INSERT INTO doms.t VALUES (1, 5, '{5,6}', '{a@example.com}', '{a@example.com}', '{ok}'), (2, 50, '{60}', '{b@example.com}', '{x}', '{sad,ok}');
     CREATE TABLE doms.grid (m integer[][], ids integer[], cells varchar(5)[][][]);
     INSERT INTO doms.grid VALUES ('{{1,2},{3,4}}', '{1,2}', '{{{a}}}');
     CREATE TABLE doms.shapes (id integer, boxes box[], points point[]);
     INSERT INTO doms.shapes VALUES (1, ARRAY[box '((1,1),(0,0))', box '((2,2),(1,1))'], ARRAY[point '(1,2)', point '(3,4)']);
     CREATE TABLE doms.pairs (id integer, p integer[][]);
     INSERT INTO doms.pairs VALUES (1, '{{1,2},{1,3}}'), (2, '{{5,6},{5,6}}'), (3, '{{1,2},{3,4},{5,6}}'), (4, '{}'), (5, NULL);
     CREATE TABLE doms.flags (id integer, kind "char", code char(2));
     INSERT INTO doms.flags VALUES (1, 'a', 'ab'), (2, 'b', 'cd'), (3, NULL, 'ef');
     CREATE SCHEMA "Sales";
     CREATE TABLE "Sales"."Orders" (id integer);`,
    { database: "analytics" },
  );
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(schema: string, body: string, extra = ""): Promise<QualityRun> {
  const yaml = contractYaml(`${extra}servers:
  - server: prod
    type: postgres
    host: 127.0.0.1
    port: ${server.port}
    database: analytics
    schema: ${JSON.stringify(schema)}
schema:
${body}`);
  return runContract(dir, yaml, { server: "prod", env: { MESHKIT_POSTGRES_USER: server.user, MESHKIT_POSTGRES_PASSWORD: server.password } });
}

/** Each type check's status and the type it read, by check id. */
function typeChecks(result: QualityRun): Record<string, unknown> {
  return Object.fromEntries(result.results.checks.filter((c) => c.rule === "schema-column-type").map((c) => [c.id, [c.status, c.measured]]));
}

describe("domains on PostgreSQL are the types they are over", () => {
  it("reads a domain over a domain, an array of domains and a domain over an array of domains as their base types", async () => {
    const result = await run(
      "doms",
      `  - name: t
    properties:
      - { name: id, logicalType: integer }
      - { name: score, logicalType: integer, logicalTypeOptions: { maximum: 10 } }
      - { name: scores, logicalType: array, items: { logicalType: integer }, logicalTypeOptions: { maxItems: 1 } }
      - { name: mails, logicalType: array, items: { logicalType: string } }
      - { name: mail_list, logicalType: array, items: { logicalType: string } }
      - { name: moods, logicalType: array, items: { logicalType: string } }
`,
    );
    expect(typeChecks(result)).toEqual({
      "t.id.type": ["pass", "integer"],
      // A domain over a domain: was `posint`, a type of no family, and so a type mismatch with its range not checked.
      "t.score.type": ["pass", "integer"],
      "t.scores.type": ["pass", "integer[]"],
      // An array's element that is a domain: was `small_posint` / `email`, a mismatch of the items' type.
      "t.scores[].type": ["pass", "integer"],
      "t.mails.type": ["pass", "character varying(100)[]"],
      "t.mails[].type": ["pass", "character varying(100)"],
      "t.mail_list.type": ["pass", "character varying(100)[]"],
      "t.mail_list[].type": ["pass", "character varying(100)"],
      "t.moods.type": ["pass", "enum mood[]"],
      "t.moods[].type": ["pass", "enum mood"],
    });
    expect(resultOf(result, "t.score.maximum")).toMatchObject({ status: "fail", failedRows: 1, rowsChecked: 2 });
    expect(result.findings.map((f) => f.ruleId)).toEqual(["schema-range", "schema-items"]);
  });

  it("shows arrays of enums and domains in samples as lists, as any PostgreSQL array (and a DuckDB LIST), numbers as numbers", async () => {
    const result = await run("doms", `  - name: t\n    properties:\n      - { name: id, logicalType: integer }\n      - { name: scores, logicalType: array, logicalTypeOptions: { maxItems: 1 } }\n      - { name: mails }\n      - { name: mail_list }\n      - { name: moods }\n`);
    // Were the server's text: "{5,6}", "{a@example.com}", "{sad,ok}".
    expect(resultOf(result, "t.scores.maxItems").sample).toEqual([{ id: 1, scores: [5, 6], mails: ["a@example.com"], mail_list: ["a@example.com"], moods: ["ok"] }]);
  });
});

describe("arrays in samples on PostgreSQL", () => {
  it("splits the items of an array in a sample at its type's delimiter: a box's is `;`, as its items hold commas", async () => {
    // Read at `,`, `{(1,1),(0,0);(2,2),(1,1)}` was the list "(1", "1)", "(0", "0);(2", "2)", "(1", "1)".
    const result = await run("doms", `  - name: shapes\n    properties:\n      - { name: id, logicalType: integer, logicalTypeOptions: { maximum: 0 } }\n      - { name: boxes }\n      - { name: points }\n`);
    expect(resultOf(result, "shapes.id.maximum").sample).toEqual([{ id: 1, boxes: ["(1,1),(0,0)", "(2,2),(1,1)"], points: ["(1,2)", "(3,4)"] }]);
  });
});

describe("arrays of arrays on PostgreSQL, whose array types keep no number of dimensions", () => {
  it("reads an array column with the dimensions the contract declares (integer[][] is integer[] to PostgreSQL)", async () => {
    const result = await run(
      "doms",
      `  - name: grid
    properties:
      - { name: m, logicalType: array, physicalType: "integer[][]", items: { logicalType: array, items: { logicalType: integer } } }
      - { name: ids, logicalType: array, items: { logicalType: integer } }
      - name: cells
        logicalType: array
        items: { logicalType: array, items: { logicalType: array, items: { logicalType: string } } }
`,
    );
    expect(typeChecks(result)).toEqual({
      // Was `m[]` "integer in the data, but the contract declares array", and `m[][]` not checked.
      "grid.m.type": ["pass", "integer[][]"],
      "grid.m[].type": ["pass", "integer[]"],
      "grid.m[][].type": ["pass", "integer"],
      "grid.ids.type": ["pass", "integer[]"],
      "grid.ids[].type": ["pass", "integer"],
      "grid.cells.type": ["pass", "character varying(5)[][][]"],
      "grid.cells[].type": ["pass", "character varying(5)[][]"],
      "grid.cells[][].type": ["pass", "character varying(5)[]"],
      "grid.cells[][][].type": ["pass", "character varying(5)"],
    });
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("still fails an array of integers declared an array of strings, whatever its dimensions", async () => {
    const result = await run("doms", `  - name: grid
    properties:
      - { name: m, logicalType: array, items: { logicalType: array, items: { logicalType: string } } }
`);
    expect(resultOf(result, "grid.m[][].type")).toMatchObject({ status: "fail", measured: "integer" });
  });

  it("counts and compares the items of an array of arrays as its first dimension's, as DuckDB's LIST of LISTs", async () => {
    // PostgreSQL's cardinality and unnest count and walk every element: `{{1,2},{1,3}}` had 4 items, of which 1 repeated.
    const result = await run(
      "doms",
      `  - name: pairs
    properties:
      - { name: id, logicalType: integer }
      - name: p
        logicalType: array
        logicalTypeOptions: { minItems: 1, maxItems: 2, uniqueItems: true }
        items: { logicalType: array, items: { logicalType: integer } }
`,
    );
    expect(resultOf(result, "pairs.p.minItems")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ id: 4, p: [] }] });
    expect(resultOf(result, "pairs.p.maxItems")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ id: 3, p: [[1, 2], [3, 4], [5, 6]] }] });
    expect(resultOf(result, "pairs.p.uniqueItems")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ id: 2, p: [[5, 6], [5, 6]] }] });
  });
});

describe("PostgreSQL's one-byte internal type \"char\" (format_type writes it quoted)", () => {
  it("is text: a string property of it passes its type check (it failed as a type of no family), and its rules read it", async () => {
    const result = await run(
      "doms",
      `  - name: flags
    properties:
      - { name: id, logicalType: integer }
      - name: kind
        logicalType: string
        logicalTypeOptions: { maxLength: 1 }
        quality: [{ metric: invalidValues, arguments: { validValues: [a] }, mustBe: 0 }, { metric: nullValues, mustBe: 1 }]
      - { name: code, logicalType: string }
`,
    );
    expect(typeChecks(result)).toEqual({ "flags.id.type": ["pass", "integer"], "flags.kind.type": ["pass", "\"char\""], "flags.code.type": ["pass", "character(2)"] });
    expect(result.results.checks.filter((c) => c.status === "error")).toEqual([]);
    expect(resultOf(result, "flags.kind.invalidValues")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(resultOf(result, "flags.kind.nullValues")).toMatchObject({ status: "pass" });
  });
});

describe("a table that is not there on PostgreSQL", () => {
  const orders = `  - name: Orders
    properties:
      - { name: id, logicalType: integer }
`;

  it("says that the schema does not exist, and which one differs only by case, rather than listing its tables as none", async () => {
    const result = await run("sales", orders);
    expect(result.findings.map((f) => [f.ruleId, f.message])).toEqual([
      [
        "quality-data-unreadable",
        `No table \`Orders\` in schema \`sales\` of PostgreSQL server \`prod\` (127.0.0.1:${server.port}/analytics; there is no schema \`sales\`; did you mean \`Sales\`? (names are matched exactly))`,
      ],
    ]);
  });

  it("lists the server's schemas when none is named like it", async () => {
    const result = await run("nowhere", orders);
    expect(result.findings.map((f) => f.message)).toEqual([
      `No table \`Orders\` in schema \`nowhere\` of PostgreSQL server \`prod\` (127.0.0.1:${server.port}/analytics; there is no schema \`nowhere\`; schemas: Sales, doms, public)`,
    ]);
  });

  it("names the table that differs only by case", async () => {
    const result = await run("Sales", orders.replace("name: Orders", "name: orders"));
    expect(result.findings.map((f) => f.message)).toEqual([
      `No table \`orders\` in schema \`Sales\` of PostgreSQL server \`prod\` (127.0.0.1:${server.port}/analytics; tables: Orders; did you mean \`Orders\`? (names are matched exactly))`,
    ]);
    // A schema that exists but is empty still says so.
    const empty = await run("public", orders);
    expect(empty.findings.map((f) => f.message)).toEqual([`No table \`Orders\` in schema \`public\` of PostgreSQL server \`prod\` (127.0.0.1:${server.port}/analytics; tables: none)`]);
  });
});
