import { DuckDBInstance } from "@duckdb/node-api";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DataContract, loadText } from "@meshkit/core";
import { type ObjectPlan, planChecks } from "./checks.js";
import { compileDuplicateQueries, compileFailingSample, compileObjectScan, compilePlanStatements, compileSqlRule, emittedNotCheckedReason, notCheckedReason, renderStatements } from "./compile.js";
import { DIALECT_NAMES, getDialect, rawControlCharacter } from "./dialects.js";
import { type DuckDbExecutor, openDuckDb } from "./duckdb.js";
import { emitContractSql } from "./project.js";
import { runQualityChecks } from "./run.js";
import { resolveDuckDbSource } from "./sources.js";
import { isSingleFloat } from "./type-families.js";
import { NOW, type TestData, contractYaml, createTestData } from "./test-support.js";

const CONTRACT_TEXT = readFileSync(new URL("./__fixtures__/orders.odcs.yaml", import.meta.url), "utf8");
const contract = loadText("orders.odcs.yaml", CONTRACT_TEXT).documents[0]!.value as DataContract;
const plan = planChecks(contract);
const orders = plan.objects.find((o) => o.name === "orders")!;
const duckdb = getDialect("duckdb");
/** The plan of a test contract whose body (`schema:` …) is `body`. */
const planOfYaml = (body: string) => planChecks(loadText("t.odcs.yaml", contractYaml(body)).documents[0]!.value as DataContract);

describe("emitted SQL per dialect (golden files; UPDATE_GOLDEN=1 rewrites them)", () => {
  it.each(DIALECT_NAMES.map((d) => [d]))("%s", (name) => {
    const sql = renderStatements(compilePlanStatements(plan, getDialect(name)));
    const golden = new URL(`./__golden__/${name}.sql`, import.meta.url);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, sql);
    expect(existsSync(golden), `missing ${golden.pathname}: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(sql).toBe(readFileSync(golden, "utf8"));
  });
});

/**
 * The nested-property fixture (fields of objects, items of arrays): its SQL for every dialect, with the `-- not
 * checked:` lines of the dialects that read no nested values, as `meshkit test --emit-sql` prints it.
 */
const FIXTURES = fileURLToPath(new URL("./__fixtures__/", import.meta.url));
const emitShipments = (dialect: (typeof DIALECT_NAMES)[number]) => emitContractSql({ cwd: FIXTURES, paths: ["shipments.odcs.yaml"], dialect });

describe("emitted SQL for nested properties per dialect (golden files in __golden__/nested; UPDATE_GOLDEN=1 rewrites them)", () => {
  it.each(DIALECT_NAMES.map((d) => [d]))("%s", async (name) => {
    const { sql } = await emitShipments(name);
    const golden = new URL(`./__golden__/nested/${name}.sql`, import.meta.url);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, sql);
    expect(existsSync(golden), `missing ${golden.pathname}: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(sql).toBe(readFileSync(golden, "utf8"));
  });

  it("duckdb's scan, executed over the fixture's data, counts the known defects, as the run does", async () => {
    const { statements } = await emitShipments("duckdb");
    const scan = statements[0]!.sql;
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    let measured: Record<string, unknown>;
    try {
      await connection.run(`CREATE TABLE shipments AS SELECT * FROM read_json_auto('${join(FIXTURES, "shipments.json")}')`);
      measured = (await connection.runAndReadAll(scan)).getRowObjectsJson()[0]!;
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    // Each term is `… AS m<n>, -- <check ids>`: the counts by check, as the SQL's reader would take them.
    const counted = Object.fromEntries([...scan.matchAll(/ AS (m\d+),? -- (.+)$/gm)].flatMap(([, term, ids]) => ids!.split(", ").map((id) => [id, Number(measured[term!])])));
    // The counts of the fixture's header comment.
    expect(counted).toEqual({
      "shipments.ship to.email.required": 1,
      "shipments.ship to.email.format": 1,
      "shipments.ship to.zip.type": 1,
      "shipments.ship to.zip.pattern": 2,
      "shipments.ship to.country.country_invalid": 2,
      "shipments.ship to.country.country_missing": 1,
      "shipments.ship to.geo.lat.minimum": 1,
      "shipments.ship to.geo.lat.maximum": 1,
      "shipments.parcels[].weight.exclusiveMinimum": 2,
      "shipments.parcels[].label.required": 1,
      "shipments.parcels[].label.maxLength": 1,
      "shipments.tags.minItems": 1,
      "shipments.tags[].pattern": 2,
    });
    const file = join(FIXTURES, "shipments.odcs.yaml");
    const run = await runQualityChecks({ document: loadText(file, readFileSync(file, "utf8")).documents[0]!, cwd: FIXTURES, now: NOW });
    for (const [id, failed] of Object.entries(counted)) expect(run.results.checks.find((check) => check.id === id)?.failedRows, id).toBe(failed);
  });
});

describe("one scan per object", () => {
  it("compiles every row-level check, the row count and the SLA ages into one query", () => {
    const scan = compileObjectScan(orders, duckdb);
    expect(scan.query.sql.match(/\bSELECT\b/g)).toHaveLength(1);
    expect(scan.query.sql).toMatch(/^-- orders: one scan for \d+ checks\nSELECT\n {2}count\(\*\) AS row_count,/);
    const termed = new Set(scan.terms.map((t) => t.checkId));
    for (const check of orders.checks) {
      const kind = check.measure.kind;
      const countingSqlRule = kind === "sqlValue" && check.measure.countWhere !== undefined;
      expect(termed.has(check.id), check.id).toBe(kind === "failingRows" || kind === "keyViolations" || kind === "age" || countingSqlRule);
    }
  });

  it("shares one term between checks asking the same question", () => {
    const scan = compileObjectScan(orders, duckdb);
    const column = (id: string) => scan.terms.find((t) => t.checkId === id)!.column;
    expect(column("orders.order_id.required")).toBe(column("orders.order_id.primaryKey"));
    expect(column("orders.email.email_nulls")).toBe(column("orders.email.email_nulls_percent"));
    expect(scan.query.sql).toContain(`AS m${column("orders.email.email_nulls")}, -- orders.email.email_nulls, orders.email.email_nulls_percent, orders.email.email_nulls_percent_strict`);
  });

  it("binds values as parameters, or inlines them as escaped literals", () => {
    const bound = compileObjectScan(orders, duckdb, { parameters: "bound" });
    const inline = compileObjectScan(orders, duckdb);
    expect(bound.query.params).toContain("it's");
    expect(bound.query.sql).not.toContain("'it''s'");
    expect(inline.query.params).toEqual([]);
    expect(inline.query.sql).toContain("'it''s'");
    expect(() => compileObjectScan(orders, getDialect("bigquery"), { parameters: "bound" })).toThrow(/no bound parameters/);
  });

  it("qualifies the relation and quotes every part", () => {
    const scan = compileObjectScan(orders, getDialect("postgres"), { relation: ["sales team", 'it"s'] });
    expect(scan.query.sql).toMatch(/FROM "sales team"\."it""s"$/);
  });

  it("keeps names from the contract out of the SQL outside quotes, comments included", () => {
    const weird: ObjectPlan = { ...orders, name: "x\nDROP TABLE y; --", checks: orders.checks.map((c) => ({ ...c, id: `${c.id}\n; DROP TABLE z` })) };
    const sql = compileObjectScan(weird, duckdb).query.sql;
    expect(sql.split("\n").filter((line) => line.includes("DROP TABLE")).every((line) => line.trimStart().startsWith("--") || line.includes(" -- "))).toBe(true);
  });
});

describe("duplicates and SQL rules", () => {
  it("one GROUP BY per distinct column set", () => {
    const queries = compileDuplicateQueries(orders, duckdb);
    expect(queries.map((q) => q.columns)).toEqual([["order_id"], ["email"], ["select"]]);
    expect(queries[0]!.checkIds).toEqual(["orders.order_id.unique", "orders.order_id.primaryKey"]);
    expect(queries[1]!.checkIds).toEqual(["orders.email.email_duplicates", "orders.email.email_duplicates_percent"]);
  });

  it("breaks ties by the keys that are no lists or structures (BigQuery orders neither)", () => {
    const text = "apiVersion: v3.1.0\nkind: DataContract\nid: t\nversion: 1.0.0\nstatus: active\nschema:\n  - name: events\n    quality: [{metric: duplicateValues, mustBe: 0}]\n    properties:\n      - {name: id, logicalType: integer}\n      - {name: tags, logicalType: array, items: {logicalType: string}}\n      - {name: customer, logicalType: object, properties: [{name: name, logicalType: string}]}\n";
    const events = planChecks(loadText("t.yaml", text).documents[0]!.value as DataContract).objects[0]!;
    const [query] = compileDuplicateQueries(events, getDialect("bigquery"));
    expect(query!.columns).toEqual(["id", "tags", "customer"]);
    expect(query!.query.sql).toContain("\nORDER BY key_rows DESC, key_1\nLIMIT");
  });

  it("groups and orders BigQuery's JSON and GEOGRAPHY keys by their text: GROUP BY refuses both types", () => {
    const text = "apiVersion: v3.1.0\nkind: DataContract\nid: t\nversion: 1.0.0\nstatus: active\nschema:\n  - name: events\n    quality: [{metric: duplicateValues, mustBe: 0}]\n    properties:\n      - {name: id, logicalType: integer}\n      - {name: payload, logicalType: object, physicalType: JSON}\n      - {name: area, logicalType: string, physicalType: GEOGRAPHY, unique: true}\n";
    const statements = compilePlanStatements(planChecks(loadText("t.yaml", text).documents[0]!.value as DataContract), getDialect("bigquery"));
    const groupings = statements.map((s) => /GROUP BY (.*)/.exec(s.sql)?.[1]).filter((g) => g !== undefined);
    expect(groupings).toEqual(["ST_ASTEXT(`area`)", "`id`, TO_JSON_STRING(`payload`), ST_ASTEXT(`area`)"]);
    expect(statements.map((s) => s.sql).join("\n")).toContain("SELECT `id` AS key_1, TO_JSON_STRING(`payload`) AS key_2, ST_ASTEXT(`area`) AS key_3,");
  });

  it("substitutes {object} and {property} with quoted names per dialect, and drops a trailing semicolon", () => {
    const sqlRule = (id: string) => orders.checks.find((c) => c.id === id)!;
    expect(compileSqlRule(sqlRule("orders.email.email_na_count"), orders, getDialect("bigquery")).sql).toBe("-- orders.email.email_na_count\nSELECT count(*) FROM `orders` WHERE `email` = 'N/A'");
    expect(compileSqlRule(sqlRule("orders.ids_positive"), orders, getDialect("trino"), { relation: ["hive", "sales", "orders"] }).sql).toMatch(/FROM "hive"\."sales"\."orders"\)\nSELECT bool_and\(order_id > 0\) FROM ids$/);
  });

  it("writes value lists as comparison chains in samples, so LIMIT stops at the first failing rows", () => {
    const quantity = orders.checks.find((c) => c.id === "orders.quantity.quantity_invalid")!;
    const sample = compileFailingSample(orders, quantity, duckdb, { columns: [{ column: "quantity", masked: false }], limit: 5 });
    expect(sample.sql).toBe('SELECT "quantity" FROM "orders" WHERE "quantity" IS NOT NULL AND ("quantity" <> 0 AND "quantity" <> 1 AND "quantity" <> 2 AND "quantity" <> 3 AND "quantity" <> 4 AND "quantity" <> 5) LIMIT 5');
    expect(compileObjectScan(orders, duckdb).query.sql).toContain('"quantity" NOT IN (0, 1, 2, 3, 4, 5)');
  });

  it("masks classified columns in sample queries", () => {
    const status = orders.checks.find((c) => c.id === "orders.status.status_invalid")!;
    const sample = compileFailingSample(orders, status, duckdb, { columns: [{ column: "order_id", masked: false }, { column: "email", masked: true }], limit: 5 });
    expect(sample.sql).toMatch(/^SELECT "order_id", CASE WHEN "email" IS NULL THEN NULL ELSE '\*\*\*' END FROM "orders" WHERE .* LIMIT 5$/s);
  });
});

describe("names put into SQL rules", () => {
  // The guard reads the query with its placeholders; a name put inside a string or a comment could end it
  // (a quote in a quoted name, a line break after `--`) and make the rest of the name a statement of its own.
  const hostile = contractYaml(`schema:
  - name: o
    physicalName: "x'; DROP TABLE y; --"
    properties:
      - name: "a\\nDROP TABLE z"
        logicalType: string
        quality:
          - name: in_string
            type: sql
            query: "SELECT count(*) FROM {object} WHERE {property} = '{object}' -- {property}"
            mustBe: 0
`);
  const hostilePlan = planChecks(loadText("o.odcs.yaml", hostile).documents[0]!.value as DataContract);

  it.each(DIALECT_NAMES.map((d) => [d]))("%s: only placeholders in code are replaced, so no name reaches a string or a comment", (name) => {
    const dialect = getDialect(name);
    const statements = compilePlanStatements(hostilePlan, dialect);
    const rule = statements.find((s) => s.checkIds.includes("o.a\nDROP TABLE z.in_string"))!.sql;
    const table = dialect.quoteIdentifier("x'; DROP TABLE y; --");
    const column = dialect.quoteIdentifier("a\nDROP TABLE z");
    expect(rule).toBe(`-- o.a DROP TABLE z.in_string\nSELECT count(*) FROM ${table} WHERE ${column} = '{object}' -- {property}\n`);
    // The statement's `;` comes after the comment's line break, not inside the comment.
    expect(renderStatements(statements)).toContain("-- {property}\n;\n");
  });

  // Spark's lexer reads `--` comments as `'--' ('\\\n' | ~[\r\n])*`: a backslash before the line break
  // carries the comment on, over the next scan term or the SQL rule's whole query.
  it.each(DIALECT_NAMES.map((d) => [d]))("%s: no comment line ends in a backslash from a rule's name", (name) => {
    const named = contractYaml(`schema:
  - name: t
    properties:
      - name: a
        logicalType: string
        quality:
          - { name: 'nulls\\', metric: nullValues, mustBe: 0 }
          - { name: 'rows\\', type: sql, query: "SELECT count(*) FROM {object}", mustBeGreaterThan: 0 }
      - { name: b, logicalType: integer, required: true }
`);
    const sql = renderStatements(compilePlanStatements(planChecks(loadText("t.odcs.yaml", named).documents[0]!.value as DataContract), getDialect(name)));
    expect(sql.split("\n").filter((line) => line.includes("--") && line.endsWith("\\"))).toEqual([]);
    expect(sql).toContain("-- t.a.nulls\\ (ends in a backslash)\n");
    expect(sql).toMatch(/-- t\.a\.rows\\ \(ends in a backslash\)\nSELECT count\(\*\) FROM /);
  });

  it("a SQL rule whose last comment ends in a backslash gets a blank line before its `;`, which Spark's comment would take", () => {
    const object: ObjectPlan = { ...orders, checks: orders.checks.map((c) => (c.id === "orders.email.email_na_count" && c.measure.kind === "sqlValue" ? { ...c, measure: { ...c.measure, query: "SELECT count(*) FROM {object} -- under C:\\temp\\" } } : c)) };
    const rule = object.checks.find((c) => c.id === "orders.email.email_na_count")!;
    const { sql } = compileSqlRule(rule, object, getDialect("spark"));
    expect(sql).toBe('-- orders.email.email_na_count\nSELECT count(*) FROM `orders` -- under C:\\temp\\\n\n');
  });

  it("a SQL rule's final `;` goes with the comments after it, as each engine reads them, so the statement is ended once", () => {
    const withQuery = (query: string): ObjectPlan => ({ ...orders, checks: orders.checks.map((c) => (c.id === "orders.email.email_na_count" && c.measure.kind === "sqlValue" ? { ...c, measure: { ...c.measure, query } } : c)) });
    const compiled = (query: string, dialect: string) => {
      const object = withQuery(query);
      return compileSqlRule(object.checks.find((c) => c.id === "orders.email.email_na_count")!, object, getDialect(dialect)).sql;
    };
    for (const dialect of ["duckdb", "postgres", "snowflake", "bigquery", "trino", "spark"]) {
      expect(compiled("SELECT count(*) FROM {object}; -- done", dialect)).toMatch(/\nSELECT count\(\*\) FROM \S+$/);
      expect(compiled("SELECT count(*) FROM {object} ; /* done */ ;\n", dialect)).toMatch(/\nSELECT count\(\*\) FROM \S+$/);
      // A `;` in a string or a comment before the end is no end.
      expect(compiled("SELECT count(*) FROM {object} WHERE email <> ';' -- a;b\n;", dialect)).toMatch(/WHERE email <> ';' -- a;b\n$/);
    }
    // Snowflake reads a backslash escape in a string: the `;` after `\'` is inside it there, and ends the query elsewhere.
    expect(compiled("SELECT count(*) FROM {object} WHERE email <> 'a\\'; -- '", "snowflake")).toContain("; -- '");
    expect(compiled("SELECT count(*) FROM {object} WHERE email <> 'a\\'; -- '", "trino")).toMatch(/'a\\'$/);
  });

  it("a name holding another placeholder is put in once, not searched again", () => {
    const object: ObjectPlan = { ...orders, physicalName: "{column}" };
    const rule = orders.checks.find((c) => c.id === "orders.email.email_na_count")!;
    expect(compileSqlRule(rule, object, duckdb).sql).toBe(`-- orders.email.email_na_count\nSELECT count(*) FROM "{column}" WHERE "email" = 'N/A'`);
  });
});

describe("value lists on a numeric column, per engine", () => {
  const lists = planChecks(
    loadText(
      "l.odcs.yaml",
      contractYaml(`schema:
  - name: amounts
    properties:
      - name: amt
        logicalType: number
        quality:
          - { metric: missingValues, arguments: { missingValues: [1, 2.0, '3', n/a, null] }, mustBe: 0 }
          - { metric: invalidValues, arguments: { validValues: [0.5, '1e-4', ''] }, mustBe: 0 }
`),
    ).documents[0]!.value as DataContract,
  );

  it.each(DIALECT_NAMES.map((d) => [d]))("%s compares numbers with the column itself and other strings with its text", (name) => {
    const dialect = getDialect(name);
    const amt = dialect.quoteIdentifier("amt");
    const sql = compileObjectScan(lists.objects[0]!, dialect).query.sql;
    const text = dialect.castToText(amt);
    expect(sql).toContain(`${amt} IS NULL OR ${amt} IN (1, 2, 3) OR ${text} IN (${dialect.stringLiteral("n/a")})`);
    expect(sql).toContain(`${amt} IS NOT NULL AND ${amt} NOT IN (0.5, 0.0001) AND ${text} NOT IN (${dialect.stringLiteral("")})`);
    // No number of the list is compared as text ('1' would miss a DECIMAL's '1.00').
    expect(sql).not.toMatch(/IN \('1'|IN \('0\.5'/);
  });
});

describe("the length a VARCHAR(n) or CHAR(n) declares, per engine", () => {
  const declared = planOfYaml(`schema:
  - name: t
    properties:
      - { name: country, logicalType: string, physicalType: CHAR(2) }
      - { name: code, logicalType: string, physicalType: varchar(3), logicalTypeOptions: { minLength: 1 } }
`);
  // The SQL standard's types (PostgreSQL, Trino, Spark) store a longer value whose excess is spaces, trimmed; DuckDB's
  // runner judges files so. Snowflake's VARCHAR(n) and BigQuery's STRING(n) refuse any longer value.
  const trims: Record<string, boolean> = { duckdb: true, postgres: true, snowflake: false, bigquery: false, trino: true, spark: true };

  it.each(DIALECT_NAMES.map((d) => [d]))("%s counts trailing spaces past it as its types store them", (name) => {
    const dialect = getDialect(name);
    const sql = renderStatements(compilePlanStatements(declared, dialect));
    // PostgreSQL reads its own character(n) as text, without the padding.
    const value = (column: string) => (name === "postgres" && column === "country" ? `CAST("country" AS text)` : dialect.quoteIdentifier(column));
    const stored = (column: string) => (trims[name] ? `trim(TRAILING ' ' FROM ${value(column)})` : value(column));
    expect(sql).toContain(`${dialect.charLength(stored("country"))} > 2`);
    expect(sql).toContain(`${dialect.charLength(stored("code"))} > 3`);
    // A minLength is the value's own length, spaces and all, as JSON Schema counts it.
    expect(sql).toContain(`${dialect.charLength(value("code"))} < 1`);
  });
});

describe("lengths of a binary column, per engine", () => {
  const binaries = planOfYaml(`schema:
  - name: files
    properties:
      - { name: digest, logicalType: string, physicalType: BYTES, logicalTypeOptions: { minLength: 32, maxLength: 32 } }
      - { name: raw, logicalType: string, physicalType: 'VARBINARY(16)', logicalTypeOptions: { maxLength: 16 } }
      - { name: label, logicalType: string, physicalType: VARCHAR, logicalTypeOptions: { maxLength: 16 } }
      - { name: payload, logicalType: string, logicalTypeOptions: { format: binary, maxLength: 1024 } }
`);
  const byteLength: Record<string, string> = { duckdb: "octet_length", postgres: "octet_length", snowflake: "LENGTH", bigquery: "BYTE_LENGTH", trino: "length", spark: "octet_length" };

  // Trino casts no varbinary to varchar and BigQuery no BYTES that are not UTF-8: the whole scan would stop there.
  it.each(DIALECT_NAMES.map((d) => [d]))("%s counts bytes, without casting the value to text", (name) => {
    const dialect = getDialect(name);
    const sql = renderStatements(compilePlanStatements(binaries, dialect));
    const q = (column: string) => dialect.quoteIdentifier(column);
    expect(sql).toContain(`${byteLength[name]}(${q("digest")}) < 32`);
    expect(sql).toContain(`${byteLength[name]}(${q("digest")}) > 32`);
    expect(sql).toContain(`${byteLength[name]}(${q("raw")}) > 16`);
    expect(sql).toContain(`${dialect.charLength(q("label"))} > 16`);
    // ODCS's `format: binary`, with no physicalType: a binary column (what provision makes of it).
    expect(sql).toContain(`${byteLength[name]}(${q("payload")}) > 1024`);
    expect(sql).not.toContain("CAST(");
    expect(sql).not.toContain("not checked");
  });

  // A regular expression or a text comparison on bytes: no such function or operator on Trino, BigQuery, PostgreSQL.
  it.each(DIALECT_NAMES.map((d) => [d]))("%s emits no pattern or value list on a binary column", (name) => {
    const dialect = getDialect(name);
    const patterned = planOfYaml(`schema:
  - name: files
    properties:
      - { name: digest, logicalType: string, physicalType: BYTES, logicalTypeOptions: { pattern: '^ab', maxLength: 32 }, quality: [ { metric: invalidValues, arguments: { validValues: [abcd] }, mustBe: 0 } ] }
      - { name: payload, logicalType: string, logicalTypeOptions: { format: binary }, quality: [ { metric: missingValues, arguments: { missingValues: [''] }, mustBe: 0 } ] }
`);
    const sql = renderStatements(compilePlanStatements(patterned, dialect));
    const files = patterned.objects[0]!;
    expect(files.checks.filter((c) => c.measure.kind === "notChecked").map((c) => c.id)).toEqual(["files.digest.pattern", "files.digest.invalidValues", "files.payload.missingValues"]);
    expect(sql).toContain(`${dialect.byteLength(dialect.quoteIdentifier("digest"))} > 32`);
    expect(sql).not.toContain("'^ab'");
    expect(sql).not.toContain("'abcd'");
  });
});

describe("control characters in names and SQL rules, per engine", () => {
  const controls = planOfYaml(`schema:
  - name: t
    properties:
      - { name: "a\\e[31mb", logicalType: string, physicalType: varchar(3), required: true }
      - { name: ok, logicalType: string, required: true }
    quality:
      - { name: esc, type: sql, query: "SELECT count(*) FROM {object} WHERE ok = '\\e[2J'", mustBe: 0 }
  - name: "x\\0y"
    quality:
      - { metric: rowCount, mustBeGreaterThan: 0 }
`);

  // An ESC drives the terminal --emit-sql prints to, a NUL ends the statement for PostgreSQL's wire protocol. The
  // length its varchar(3) sets was printed raw (`char_length("a<ESC>[31mb") > 3`): judged as the type check it was.
  it.each(DIALECT_NAMES.map((d) => [d]))("%s prints none raw: a name no identifier spells there, or a query holding one, is not checked", (name) => {
    const dialect = getDialect(name);
    const sql = renderStatements(compilePlanStatements(controls, dialect));
    expect(rawControlCharacter(sql)).toBeUndefined();
    const reasons = new Map(controls.objects.flatMap((object) => object.checks.map((check) => [check.id, emittedNotCheckedReason(check, object, dialect)] as const)));
    expect(reasons.get("t.ok.required")).toBeUndefined();
    expect(reasons.get("t.esc")).toMatch(/^its query holds the control character U\+001B/);
    // BigQuery's quoted names take escapes (`\u001b`); the others' take none.
    const spelled = name === "bigquery";
    expect(reasons.get("t.a\u001b[31mb.required")).toBe(spelled ? undefined : `the name \`a\u001b[31mb\` holds the control character U+001B, which ${name} SQL cannot spell in a name: its SQL is not printed (rename the column or table)`);
    expect(reasons.get("x\u0000y.rowCount")).toBe(spelled ? undefined : `the name \`x\u0000y\` holds the control character U+0000, which ${name} SQL cannot spell in a name: its SQL is not printed (rename the column or table)`);
    expect(sql.includes("-- x")).toBe(spelled);
  });

  // `--server` names the table in the server's database and schema: one of those with an ESC stopped the table's
  // statements, and its checks were listed nowhere (no SQL, no warning, exit 0).
  it.each(DIALECT_NAMES.filter((d) => d !== "bigquery").map((d) => [d]))("%s lists every check of a table named in a server's schema it cannot spell", async (name) => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-emit-"));
    writeFileSync(
      join(dir, "contract.odcs.yaml"),
      contractYaml(`servers:
  - { server: pg, type: postgres, host: localhost, port: 5432, database: db, schema: "s\\e[2Jx" }
schema:
  - name: t
    properties:
      - { name: ok, logicalType: string, required: true }
`),
    );
    const emitted = await emitContractSql({ cwd: dir, paths: ["contract.odcs.yaml"], server: "pg", dialect: name });
    expect(emitted.statements).toEqual([]);
    expect(rawControlCharacter(emitted.sql)).toBeUndefined();
    expect(emitted.notChecked.map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-not-checked", `Not checked: the name \`s\\u001b[2Jx\` holds the control character U+001B, which ${name} SQL cannot spell in a name: its SQL is not printed (rename it in the server, or emit for another --server).`],
    ]);
    expect(emitted.sql).toContain("-- not checked: t.ok.required: the name `s [2Jx` holds the control character U+001B");
  });
});

describe("numbers against a 4-byte float column, per engine", () => {
  const floats = planChecks(
    loadText(
      "f.odcs.yaml",
      contractYaml(`schema:
  - name: t
    properties:
      - name: r
        logicalType: number
        physicalType: real
        logicalTypeOptions: { maximum: 0.1, exclusiveMinimum: 1e-50, minimum: -1e39 }
        quality:
          - { metric: invalidValues, arguments: { validValues: [0.1, 16777217, 'n/a'] }, mustBe: 0 }
      - { name: d, logicalType: number, physicalType: double precision, logicalTypeOptions: { maximum: 0.1 } }
`),
    ).documents[0]!.value as DataContract,
  );
  const scanOf = (dialect: string) => compilePlanStatements(floats, getDialect(dialect)).find((s) => s.sql.includes("one scan"))!.sql;

  it("compares them as the floats the column holds (0.1 stored there is 0.1), where the engine has 4-byte floats", () => {
    expect(scanOf("postgres")).toContain(`"r" > CAST('0.1' AS real)`);
    expect(scanOf("postgres")).toContain(`"r" IS NOT NULL AND "r" NOT IN (CAST('0.1' AS real), CAST('16777217' AS real)) AND CASE WHEN "r" IS NULL THEN NULL ELSE format('%s', "r") END NOT IN ('n/a')`);
    expect(scanOf("duckdb")).toContain(`"r" > CAST('0.1' AS FLOAT)`);
    expect(scanOf("trino")).toContain(`("r" > CAST('0.1' AS REAL) OR is_nan("r"))`);
    expect(scanOf("spark")).toContain("`r` > CAST('0.1' AS FLOAT)");
    // Snowflake's REAL and BigQuery's FLOAT64 are doubles.
    expect(scanOf("snowflake")).toContain("r > 0.1");
    expect(scanOf("bigquery")).toContain("(`r` > 0.1 OR IS_NAN(`r`))");
    // A double column, and bounds no float stands for (beyond a float's range, below its normal numbers), as they are.
    expect(scanOf("postgres")).toContain(`"d" > 0.1`);
    expect(scanOf("postgres")).toContain(`"r" <= 1e-50`);
    expect(scanOf("postgres")).toContain(`"r" < -1e+39`);
  });

  it("reads REAL, FLOAT4, a bare FLOAT and FLOAT(1) to FLOAT(24) as 4-byte floats", () => {
    expect(["real", "FLOAT4", "float", "float(24)", "FLOAT (1)"].filter((type) => isSingleFloat(type))).toHaveLength(5);
    expect(["double precision", "float8", "float(25)", "DOUBLE", "numeric(4,1)", "FLOAT[]"].filter((type) => isSingleFloat(type))).toEqual([]);
    // PostgreSQL's bare float is double precision.
    expect(["real", "float4", "float", "float(24)", "FLOAT (1)"].filter((type) => isSingleFloat(type, "double"))).toEqual(["real", "float4", "float(24)", "FLOAT (1)"]);
  });

  it("reads a bare FLOAT as each engine does: a double on PostgreSQL, a 4-byte float on DuckDB, Trino and Spark", () => {
    const bare = planChecks(
      loadText("b.odcs.yaml", contractYaml(`schema:\n  - name: t\n    properties:\n      - { name: f, logicalType: number, physicalType: FLOAT, logicalTypeOptions: { maximum: 0.1 } }\n`)).documents[0]!.value as DataContract,
    );
    const bareScan = (dialect: string) => compilePlanStatements(bare, getDialect(dialect)).find((s) => s.sql.includes("one scan"))!.sql;
    expect(bareScan("postgres")).toContain(`"f" > 0.1`);
    expect(bareScan("duckdb")).toContain(`"f" > CAST('0.1' AS FLOAT)`);
    expect(bareScan("trino")).toContain(`"f" > CAST('0.1' AS REAL)`);
    expect(bareScan("spark")).toContain("`f` > CAST('0.1' AS FLOAT)");
  });

  it("reads a DATE's SLA age on Snowflake through TIMESTAMP_NTZ, whose epoch parts are for timestamps", () => {
    const dated = planChecks(
      loadText(
        "d.odcs.yaml",
        contractYaml(`schema:
  - name: t
    properties:
      - { name: day, logicalType: date }
      - { name: booked, physicalType: DATE }
      - { name: logged, logicalType: date, physicalType: TIMESTAMP_LTZ }
      - { name: at, logicalType: timestamp }
slaProperties:
  - { property: freshness, value: 2, unit: d, element: t.day }
  - { property: retention, value: 9, unit: d, element: t.booked }
  - { property: freshness, value: 1, unit: d, element: t.logged }
  - { property: freshness, value: 1, unit: d, element: t.at }
`),
      ).documents[0]!.value as DataContract,
    );
    const scan = compilePlanStatements(dated, getDialect("snowflake")).find((s) => s.sql.includes("one scan"))!.sql;
    expect(scan).toContain("(DATE_PART(EPOCH_MICROSECOND, CAST(max(day) AS TIMESTAMP_NTZ)) / 1000000)");
    expect(scan).toContain("(DATE_PART(EPOCH_MICROSECOND, CAST(min(booked) AS TIMESTAMP_NTZ)) / 1000000)");
    // The data's type, where the contract gives it, comes before the logicalType.
    expect(scan).toContain("(DATE_PART(EPOCH_MICROSECOND, max(logged)) / 1000000)");
    expect(scan).toContain("(DATE_PART(EPOCH_MICROSECOND, max(at)) / 1000000)");
  });

  it("takes multipleOf of a 4-byte float by its shortest text, in each engine's own way", () => {
    const multiples = planChecks(
      loadText(
        "m.odcs.yaml",
        contractYaml(`schema:\n  - name: t\n    properties:\n      - { name: r, logicalType: number, physicalType: real, logicalTypeOptions: { multipleOf: 0.1 } }\n      - { name: d, logicalType: number, physicalType: double, logicalTypeOptions: { multipleOf: 0.1 } }\n`),
      ).documents[0]!.value as DataContract,
    );
    const multipleScan = (dialect: string) => compilePlanStatements(multiples, getDialect(dialect)).find((s) => s.sql.includes("one scan"))!.sql;
    // Spark widens a FLOAT to a DOUBLE before its cast to DECIMAL (0.1 is 0.100000001 there): its text, `Float.toString`, is the float's.
    expect(multipleScan("spark")).toContain("(CAST(CAST(`r` AS STRING) AS DECIMAL(38, 9)) % CAST(0.1 AS DECIMAL(38, 9)))");
    expect(multipleScan("spark")).toContain("(CAST(`d` AS DECIMAL(38, 9)) % CAST(0.1 AS DECIMAL(38, 9)))");
    // Trino's cast reads a REAL by the float's own text already; its VARCHAR keeps only 7 digits.
    expect(multipleScan("trino")).toContain(`mod(CAST("r" AS DECIMAL(38, 9)), CAST(0.1 AS DECIMAL(38, 9)))`);
    // DuckDB and PostgreSQL read every number through its text.
    expect(multipleScan("duckdb")).toContain(`CAST(CAST("r" AS VARCHAR) AS DECIMAL(38, 9))`);
    expect(multipleScan("postgres")).toContain(`round(CAST(CAST("r" AS text) AS numeric), 9)`);
    // Snowflake's REAL is a double.
    expect(multipleScan("snowflake")).toContain("MOD(CAST(r AS NUMBER(38, 9)), CAST(0.1 AS NUMBER(38, 9)))");
  });
});

describe("NaN and infinities in value lists, per engine", () => {
  const lists = planChecks(
    loadText(
      "t.odcs.yaml",
      contractYaml(`schema:
  - name: t
    properties:
      - name: x
        logicalType: number
        quality:
          - { metric: missingValues, name: m, arguments: { missingValues: ['NaN', 'inf', 1] }, mustBe: 0 }
          - { metric: invalidValues, name: v, arguments: { validValues: ['nan'] }, mustBe: 0 }
`),
    ).documents[0]!.value as DataContract,
  );
  const scanOf = (dialect: string) => compilePlanStatements(lists, getDialect(dialect)).find((s) => s.sql.includes("one scan"))!.sql;

  it("compares them as doubles; where NaN equals nothing (IEEE 754: Trino, BigQuery) NaN is tested by name", () => {
    expect(scanOf("duckdb")).toContain(`"x" IN (CAST('NaN' AS DOUBLE), CAST('Infinity' AS DOUBLE), 1)`);
    expect(scanOf("postgres")).toContain(`"x" IS NOT NULL AND "x" NOT IN (CAST('NaN' AS double precision))`);
    expect(scanOf("trino")).toContain(`("x" IN (CAST('Infinity' AS DOUBLE), 1) OR is_nan("x"))`);
    expect(scanOf("trino")).toContain(`"x" IS NOT NULL AND NOT is_nan("x")`);
    expect(scanOf("bigquery")).toContain("(`x` IN (CAST('Infinity' AS FLOAT64), 1) OR IS_NAN(`x`))");
  });
});

describe("bounds and ages per engine", () => {
  const bounds = planChecks(
    loadText(
      "t.odcs.yaml",
      contractYaml(`schema:
  - name: t
    properties:
      - { name: x, logicalType: number, logicalTypeOptions: { minimum: 0, maximum: 9, exclusiveMaximum: 10 } }
      - { name: n, logicalType: integer, logicalTypeOptions: { maximum: 9 } }
      - { name: at, logicalType: timestamp, logicalTypeOptions: { minimum: "2024-06-01T00:00:00+02:00" } }
      - name: seen
        logicalType: timestamp
        logicalTypeOptions: { minimum: "2024-01-02t10:30", maximum: "2030-01-01T00:00:00.1234567891" }
        quality: [{ name: seen_listed, metric: invalidValues, arguments: { validValues: ["2024-01-02t10:30"] }, mustBe: 0 }]
  - name: plain
    properties:
      - { name: d, logicalType: date, logicalTypeOptions: { maximum: "2024-03-01" } }
`),
    ).documents[0]!.value as DataContract,
  );
  const scanOf = (dialect: string, object = "t") => compilePlanStatements(bounds, getDialect(dialect)).find((s) => s.object === object && s.sql.includes("one scan"))!.sql;

  it("says above the scan where a defaultTimezone is not applied (engines without a time zone conversion here), instead of comparing in silence", () => {
    const zoned = planChecks(loadText("t.odcs.yaml", contractYaml("schema:\n  - name: events\n    properties:\n      - { name: at, logicalType: timestamp, physicalType: TIMESTAMP_NTZ, logicalTypeOptions: { defaultTimezone: Europe/Berlin, minimum: '2024-01-01T00:00:00Z' } }\n")).documents[0]!.value as DataContract);
    const scan = (dialect: string) => compilePlanStatements(zoned, getDialect(dialect)).find((s) => s.object === "events" && s.sql.includes("one scan"))!.sql;
    expect(scan("snowflake")).toContain("-- not applied: the defaultTimezone Europe/Berlin of `at` — snowflake's SQL here reads a timestamp without time zone as UTC; convert at from Europe/Berlin before comparing\n");
    for (const dialect of ["bigquery", "trino", "spark"]) expect(scan(dialect)).toContain("-- not applied: the defaultTimezone Europe/Berlin of `at`");
    for (const dialect of ["duckdb", "postgres"]) expect(scan(dialect)).not.toContain("not applied");
    // A column with time zone needs no converting: only a bound written without an offset is left unapplied.
    const withZone = (bound: string) =>
      compilePlanStatements(
        planChecks(loadText("t.odcs.yaml", contractYaml(`schema:\n  - name: events\n    properties:\n      - { name: at, logicalType: timestamp, physicalType: TIMESTAMP_TZ, logicalTypeOptions: { defaultTimezone: Europe/Berlin, minimum: '${bound}' } }\n`)).documents[0]!.value as DataContract),
        getDialect("snowflake"),
      ).find((s) => s.object === "events" && s.sql.includes("one scan"))!.sql;
    expect(withZone("2024-01-01T00:00:00")).toContain("-- not applied: the defaultTimezone Europe/Berlin of `at` — snowflake's SQL here reads a bound written without an offset as UTC; write the bound with its offset\n");
    expect(withZone("2024-01-01T00:00:00+01:00")).not.toContain("not applied");
    // Etc/UTC (ODCS's default), Zulu or GMT name UTC: nothing to convert, so nothing left unapplied anywhere.
    for (const zone of ["Etc/UTC", "Zulu", "GMT"]) {
      const utc = planChecks(loadText("t.odcs.yaml", contractYaml(`schema:\n  - name: events\n    properties:\n      - { name: at, logicalType: timestamp, physicalType: TIMESTAMP_NTZ, logicalTypeOptions: { defaultTimezone: ${zone}, minimum: '2024-01-01T00:00:00Z' } }\n`)).documents[0]!.value as DataContract);
      for (const dialect of ["snowflake", "bigquery", "trino", "spark", "duckdb"]) {
        expect(compilePlanStatements(utc, getDialect(dialect)).find((s) => s.object === "events" && s.sql.includes("one scan"))!.sql, `${zone} ${dialect}`).not.toMatch(/not applied|AT TIME ZONE|timezone\(/i);
      }
    }
  });

  it("a time bound is not checked on Spark, which has no TIME type; the other engines compare it", () => {
    const timed = planChecks(loadText("t.odcs.yaml", contractYaml("schema:\n  - name: shifts\n    properties:\n      - { name: starts, logicalType: time, logicalTypeOptions: { minimum: '06:00:00' } }\n")).documents[0]!.value as DataContract);
    const check = timed.objects[0]!.checks.find((c) => c.id === "shifts.starts.minimum")!;
    expect(notCheckedReason(check, getDialect("spark"))).toBe("the time bound of `starts` is not checked on spark, which has no TIME type");
    for (const dialect of ["duckdb", "postgres", "snowflake", "bigquery", "trino"]) expect([dialect, notCheckedReason(check, getDialect(dialect))]).toEqual([dialect, undefined]);
  });

  it("writes a Snowflake timestamp bound and listed timestamp as the AUTO input formats do: a space, seconds written, 9 decimals at most", () => {
    const scan = scanOf("snowflake");
    expect(scan).toContain("seen < CAST('2024-01-02 10:30:00' AS TIMESTAMP_NTZ)");
    expect(scan).toContain("seen > CAST('2030-01-01 00:00:00.123456789' AS TIMESTAMP_NTZ)");
    expect(scan).toContain("seen NOT IN (CAST('2024-01-02 10:30:00' AS TIMESTAMP_NTZ))");
  });

  it("NaN fails a minimum and a maximum on every engine, for number columns only", () => {
    // Trino and BigQuery compare NaN false both ways (`NaN > 9`, `NaN < 0`): it is tested by name.
    expect(scanOf("trino")).toContain(`count(*) FILTER (WHERE ("x" > 9 OR is_nan("x"))) AS m2`);
    expect(scanOf("trino")).toContain(`count(*) FILTER (WHERE ("x" >= 10 OR is_nan("x")))`);
    expect(scanOf("bigquery")).toContain("COUNTIF((`x` > 9 OR IS_NAN(`x`)))");
    expect(scanOf("trino")).toContain(`count(*) FILTER (WHERE ("x" < 0 OR is_nan("x"))) AS m1`);
    expect(scanOf("trino")).toContain(`count(*) FILTER (WHERE "n" > 9)`);
    // DuckDB, PostgreSQL, Snowflake and Spark order NaN above every number: a maximum catches it as it is, a
    // minimum by NaN's equality with itself (true there).
    expect(scanOf("duckdb")).toContain(`count(CASE WHEN ("x" < 0 OR "x" = CAST('NaN' AS DOUBLE)) THEN 1 END) AS m1`);
    expect(scanOf("duckdb")).toContain(`count(CASE WHEN "x" > 9 THEN 1 END) AS m2`);
    for (const d of ["duckdb", "postgres", "snowflake", "spark"]) expect(scanOf(d).match(/nan/gi), d).toHaveLength(1);
  });

  it("adds no NaN term to a bound on an exact number column (DECIMAL, integer), which holds none, except PostgreSQL's numeric", () => {
    const exact = planChecks(loadText("t.odcs.yaml", contractYaml("schema:\n  - name: o\n    properties:\n      - { name: amount, logicalType: number, physicalType: 'DECIMAL(12,2)', logicalTypeOptions: { minimum: 0 } }\n      - { name: ratio, logicalType: number, physicalType: DOUBLE, logicalTypeOptions: { minimum: 0 } }\n      - { name: count, logicalType: number, physicalType: BIGINT, logicalTypeOptions: { minimum: 0 } }\n")).documents[0]!.value as DataContract);
    const scan = (dialect: string) => compilePlanStatements(exact, getDialect(dialect)).find((s) => s.object === "o" && s.sql.includes("one scan"))!.sql;
    expect(scan("duckdb")).toContain(`count(CASE WHEN "amount" < 0 THEN 1 END)`);
    expect(scan("duckdb")).toContain(`count(CASE WHEN ("ratio" < 0 OR "ratio" = CAST('NaN' AS DOUBLE)) THEN 1 END)`);
    expect(scan("duckdb")).toContain(`count(CASE WHEN "count" < 0 THEN 1 END)`);
    expect(scan("postgres")).toContain(`("amount" < 0 OR "amount" = CAST('NaN' AS double precision))`);
    expect(scan("trino")).toContain(`count(*) FILTER (WHERE "amount" < 0)`);
  });

  it("a timestamp bound with an offset is the UTC instant on every engine", () => {
    expect(scanOf("duckdb")).toContain(`"at" < CAST('2024-05-31 22:00:00' AS TIMESTAMP)`);
    expect(scanOf("snowflake")).toContain(`at < CAST('2024-05-31 22:00:00' AS TIMESTAMP_NTZ)`);
    expect(scanOf("spark")).toContain("`at` < CAST('2024-05-31 22:00:00Z' AS TIMESTAMP)");
    expect(scanOf("bigquery")).toContain("`at` < '2024-05-31 22:00:00'");
    expect(scanOf("trino")).toContain(`"at" < TIMESTAMP '2024-05-31 22:00:00'`);
  });

  it("says what the session's time zone must be above a scan that reads timestamps, and nowhere else", () => {
    for (const d of DIALECT_NAMES) {
      const note = getDialect(d).sessionTimeZoneNote;
      if (note) expect(scanOf(d).startsWith(`-- ${note}\n-- t: one scan`), d).toBe(true);
      expect(scanOf(d, "plain").startsWith("-- plain: one scan"), d).toBe(true);
    }
    expect(scanOf("bigquery").startsWith("-- a timestamp bound written without a zone is read in the default time zone")).toBe(true);
    // The runners' own scans have no such line: they set the session's time zone to UTC themselves.
    expect(compileObjectScan(bounds.objects[0]!, duckdb).query.sql.startsWith("-- t: one scan")).toBe(true);
  });
});

describe("timestamps written without an offset, on Trino", () => {
  const walls = planChecks(
    loadText(
      "t.odcs.yaml",
      contractYaml(`schema:
  - name: t
    properties:
      - name: at
        logicalType: timestamp
        logicalTypeOptions: { minimum: "2024-01-01T00:00:00", exclusiveMaximum: "2030-12-31t23:59:59.123456" }
        quality:
          - { metric: missingValues, arguments: { missingValues: ['1900-01-01T00:00:00', '1900-01-01'] }, mustBe: 0 }
          - { metric: invalidValues, arguments: { validValues: ['2024-02-29T12:00:00.5'] }, mustBe: 0 }
`),
    ).documents[0]!.value as DataContract,
  );
  const scan = compilePlanStatements(walls, getDialect("trino"))[0]!.sql;

  it("are timestamp literals with a space for the T (a cast refuses the T), keeping every digit (TIMESTAMP is timestamp(3))", () => {
    expect(scan).toContain(`"at" < TIMESTAMP '2024-01-01 00:00:00'`);
    expect(scan).toContain(`"at" >= TIMESTAMP '2030-12-31 23:59:59.123456'`);
    expect(scan).toContain(`"at" IN (TIMESTAMP '1900-01-01 00:00:00', TIMESTAMP '1900-01-01')`);
    expect(scan).toContain(`"at" NOT IN (TIMESTAMP '2024-02-29 12:00:00.5')`);
    expect(scan).not.toMatch(/CAST\('[^']*' AS TIMESTAMP\)/);
  });
});

describe("whole numbers beyond 64 bits, per engine", () => {
  const text = contractYaml(`schema:
  - name: t
    properties:
      - name: n
        logicalType: integer
        logicalTypeOptions: { minimum: -9223372036854775808, maximum: 9223372036854775808, exclusiveMaximum: 9223372036854775807 }
        quality:
          - { metric: invalidValues, arguments: { validValues: [1, 100000000000000000000] }, mustBe: 0 }
`);
  const document = loadText("t.odcs.yaml", text).documents[0]!;
  const wide = planChecks(document.value as DataContract, { sourceAt: (pointer) => document.sourceAt(pointer) });
  const scanOf = (dialect: string) => compilePlanStatements(wide, getDialect(dialect))[0]!.sql;

  it("are DECIMAL literals on Trino and BIGNUMERIC on BigQuery, whose integer literals are 64-bit at most; BIGINT's own ends stay bare", () => {
    expect(scanOf("trino")).toContain(`"n" < DECIMAL '-9223372036854775808'`);
    expect(scanOf("trino")).toContain(`"n" > DECIMAL '9223372036854775808'`);
    expect(scanOf("trino")).toContain(`"n" >= 9223372036854775807`);
    expect(scanOf("trino")).toContain(`"n" NOT IN (1, DECIMAL '100000000000000000000')`);
    expect(scanOf("bigquery")).toContain("`n` > CAST('9223372036854775808' AS BIGNUMERIC)");
    expect(scanOf("bigquery")).toContain("`n` NOT IN (1, CAST('100000000000000000000' AS BIGNUMERIC))");
    for (const d of ["duckdb", "postgres", "snowflake", "spark"]) expect(scanOf(d), d).toMatch(/ > 9223372036854775808[ )]/);
  });

  it("are doubles beyond 38 digits on Spark and Snowflake, whose decimals hold no more: an i128 format's ends (±2^127)", () => {
    const formatted = contractYaml(`schema:
  - name: t
    properties:
      - { name: n, logicalType: integer, logicalTypeOptions: { format: i128 } }
      - { name: m, logicalType: integer, logicalTypeOptions: { maximum: 99999999999999999999999999999999999999 } }
`);
    const parsed = loadText("t.odcs.yaml", formatted).documents[0]!;
    const plan = planChecks(parsed.value as DataContract, { sourceAt: (pointer) => parsed.sourceAt(pointer) });
    const sqlOf = (dialect: string) => compilePlanStatements(plan, getDialect(dialect))[0]!.sql;
    expect(sqlOf("spark")).toContain("(`n` < CAST('-170141183460469231731687303715884105728' AS DOUBLE)) OR (`n` > CAST('170141183460469231731687303715884105727' AS DOUBLE))");
    expect(sqlOf("snowflake")).toContain("(n < CAST('-170141183460469231731687303715884105728' AS FLOAT)) OR (n > CAST('170141183460469231731687303715884105727' AS FLOAT))");
    // 38 digits is a decimal there, compared exactly.
    expect(sqlOf("spark")).toContain("`m` > 99999999999999999999999999999999999999");
    expect(sqlOf("snowflake")).toContain("m > 99999999999999999999999999999999999999");
    // DuckDB reads ±2^127 as the HUGEINT it is, PostgreSQL as a numeric.
    for (const d of ["duckdb", "postgres"]) expect(sqlOf(d), d).toContain(" > 170141183460469231731687303715884105727)");
  });

  it("are the same when written with an exponent or a point (1e19 is a double printed as 20 bare digits)", () => {
    const doubles = contractYaml(`schema:
  - name: t
    properties:
      - name: x
        logicalType: number
        logicalTypeOptions: { minimum: -1.0e19, exclusiveMaximum: 1e20 }
        quality:
          - { metric: invalidValues, arguments: { validValues: [5, 10000000000000000000.0] }, mustBe: 0 }
`);
    const parsed = loadText("t.odcs.yaml", doubles).documents[0]!;
    const plan = planChecks(parsed.value as DataContract, { sourceAt: (pointer) => parsed.sourceAt(pointer) });
    const sqlOf = (dialect: string) => compilePlanStatements(plan, getDialect(dialect))[0]!.sql;
    expect(sqlOf("trino")).toContain(`"x" < DECIMAL '-10000000000000000000'`);
    expect(sqlOf("trino")).toContain(`"x" >= DECIMAL '100000000000000000000'`);
    expect(sqlOf("trino")).toContain(`"x" NOT IN (5, DECIMAL '10000000000000000000')`);
    expect(sqlOf("bigquery")).toContain("`x` < CAST('-10000000000000000000' AS BIGNUMERIC)");
    expect(sqlOf("bigquery")).toContain("`x` >= CAST('100000000000000000000' AS BIGNUMERIC)");
    for (const d of ["trino", "bigquery"]) expect(sqlOf(d), d).not.toMatch(/[ (-]\d{20,}[ ,)]/);
    for (const d of ["duckdb", "postgres", "snowflake", "spark"]) expect(sqlOf(d), d).toMatch(/ >= 100000000000000000000[ )]/);
  });
});

describe("the DuckDB dialect's SQL runs on DuckDB", () => {
  let data: TestData;
  let executor: DuckDbExecutor;
  beforeAll(async () => {
    data = await createTestData();
    const resolution = resolveDuckDbSource(contract, { baseDir: data.dir, objects: plan.objects.map((o) => o.name) });
    if (!resolution.ok) throw new Error(resolution.problem);
    executor = await openDuckDb(resolution.source, plan.objects, (p) => p);
  });
  afterAll(() => {
    executor.close();
    data.cleanup();
  });

  it("every emitted statement executes (bar the SQL rules written to fail)", async () => {
    const failing = new Set(["orders.syntax_error"]);
    for (const statement of compilePlanStatements(plan, duckdb)) {
      const run = executor.queryValues({ sql: statement.sql, params: [] });
      if (statement.checkIds.some((id) => failing.has(id))) await expect(run).rejects.toThrow(/Parser Error/);
      else await expect(run, statement.sql).resolves.toBeDefined();
    }
  });

  it("inlined literals and bound parameters measure the same", async () => {
    for (const object of plan.objects) {
      const inline = await executor.queryValues(compileObjectScan(object, duckdb).query);
      const bound = await executor.queryValues(compileObjectScan(object, duckdb, { parameters: "bound" }).query);
      expect(inline).toEqual(bound);
    }
  });
});
