import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QualityRun } from "./run.js";
import type { DataContract } from "@meshkit/core";
import { planChecks } from "./checks.js";
import { compilePlanStatements, renderStatements } from "./compile.js";
import { getDialect } from "./dialects.js";
import { type DuckDbOptions, openDuckDb } from "./duckdb.js";
import { type TestData, contractDocument, contractYaml, createTestData, resultOf, runContract } from "./test-support.js";

const ORDERS_CONTRACT = readFileSync(new URL("./__fixtures__/orders.odcs.yaml", import.meta.url), "utf8");

let data: TestData;
let run: QualityRun;

beforeAll(async () => {
  data = await createTestData();
  run = await runContract(data.dir, ORDERS_CONTRACT);
});
afterAll(() => data.cleanup());

/** The 1-based number of the first contract line containing `text` (after the line containing `after`). */
function lineOf(text: string, after?: string): number {
  const lines = ORDERS_CONTRACT.split("\n");
  const start = after === undefined ? 0 : lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, i) => i >= start && line.includes(text));
  if (start === -1 || index === -1) throw new Error(`not in the contract: ${text}`);
  return index + 1;
}

/** A folder `name` in the test data holding `files` (name → content); its path. */
function dataFolder(name: string, files: Record<string, string | Buffer>): string {
  const folder = join(data.dir, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(folder, file), content);
  return folder;
}

/** The findings (rule, message) of `orders` with `properties` (YAML list items), read as one table from the part files `files` of a folder `name` (a server glob `part-*`). */
async function partFilesFindings(name: string, files: Record<string, string | Buffer>, properties: string): Promise<string[][]> {
  dataFolder(name, files);
  const contract = contractYaml(`servers:\n  - { server: local, type: local, path: "./${name}/part-*", format: csv }\nschema:\n  - name: orders\n    properties:\n${properties}`);
  return (await runContract(data.dir, contract)).findings.map((f) => [f.ruleId, f.message]);
}

describe("every comparator, on the row count (100 rows)", () => {
  const comparators = ["mustBe", "mustNotBe", "mustBeGreaterThan", "mustBeGreaterOrEqualTo", "mustBeLessThan", "mustBeLessOrEqualTo", "mustBeBetween", "mustNotBeBetween"];
  it.each(comparators.flatMap((c) => [`${c}_pass`, `${c}_fail`]))("rc_%s", (name) => {
    const result = resultOf(run, `orders.rc_${name}`);
    expect(result).toMatchObject({ rule: "quality-row-count", status: name.endsWith("_pass") ? "pass" : "fail", measured: 100, rowsChecked: 100, failedRows: null, unit: "rows" });
  });

  it("between bounds are exclusive, as ODCS defines them (mustBeGreaterThan and mustBeLessThan)", () => {
    expect(resultOf(run, "orders.rc_mustBeBetween_fail")).toMatchObject({ threshold: { mustBeBetween: [100, 200] }, measured: 100, status: "fail" });
    expect(resultOf(run, "orders.rc_mustNotBeBetween_pass")).toMatchObject({ threshold: { mustNotBeBetween: [100, 200] }, measured: 100, status: "pass" });
    expect(run.findings.find((f) => f.message.includes("must be more than 100 and less than 200"))).toBeDefined();
  });

  it("a failing info rule warns", () => {
    expect(resultOf(run, "orders.rc_info")).toMatchObject({ status: "warn", severity: "info" });
    expect(run.findings.find((f) => f.message.includes("must be more than 1,000"))?.severity).toBe("info");
  });
});

describe("library metrics with known counts", () => {
  it.each([
    // id, status, measured, failed rows, unit
    ["orders.status.status_invalid", "fail", 3, 3, "rows"],
    ["orders.status.status_pattern", "pass", 0, 0, "rows"],
    ["orders.status.status_list_and_pattern", "pass", 52, 52, "rows"],
    ["orders.status.status_has_nulls", "pass", 1, 1, "rows"],
    ["orders.email.email_nulls", "pass", 5, 5, "rows"],
    ["orders.email.email_nulls_percent", "pass", 5, 5, "percent"],
    ["orders.email.email_nulls_percent_strict", "warn", 5, 5, "percent"],
    ["orders.email.email_missing_default", "fail", 10, 10, "rows"],
    ["orders.email.email_missing_listed", "pass", 15, 15, "percent"],
    ["orders.email.email_duplicates", "fail", 9, 9, "rows"],
    ["orders.email.email_duplicates_percent", "pass", 9, 9, "percent"],
    ["orders.quantity.quantity_invalid", "pass", 14, 14, "rows"],
    ["orders.ship region.region_invalid", "pass", 50, 50, "percent"],
    ["order_lines.lines_key_duplicates", "pass", 2, 2, "rows"],
    ["order_lines.whole_row_duplicates", "pass", 0, 0, "rows"],
  ] as const)("%s", (id, status, measured, failedRows, unit) => {
    expect(resultOf(run, id)).toMatchObject({ status, measured, failedRows, unit, rowsChecked: id.startsWith("order_lines") ? 33 : 100 });
  });

  it("says what was measured and what was required", () => {
    expect(resultOf(run, "orders.email.email_missing_default").message).toBe("10 of 100 rows (10%) have a missing `email` (null, ''); must be 0");
    expect(resultOf(run, "orders.email.email_nulls_percent_strict").message).toBe("5 of 100 rows (5%) have a null `email`; must be less than 5%");
    expect(resultOf(run, "orders.email.email_duplicates").message).toBe("9 of 100 rows (9%) repeat a value of `email` (3 values occur more than once); must be 0");
    expect(resultOf(run, "orders.status.status_invalid").message).toBe(
      "3 of 100 rows (3%) have an invalid `status` (not in 'placed', 'shipped', 'refunded', 'cancelled', 'it's', 'C:\\temp\\new', … 8 values); must be 0",
    );
  });
});

describe("schema checks", () => {
  it.each([
    ["orders.order_id.exists", "schema-column-exists", "pass", true],
    ["orders.order_id.type", "schema-column-type", "pass", "BIGINT"],
    ["orders.order_id.required", "schema-required", "pass", 0],
    ["orders.order_id.unique", "schema-unique", "pass", 0],
    ["orders.order_id.primaryKey", "schema-primary-key", "pass", 0],
    ["orders.email.format", "schema-format", "fail", 10],
    ["orders.amount.minimum", "schema-range", "fail", 5],
    ["orders.amount.maximum", "schema-range", "fail", 4],
    ["orders.amount_exclusive.exclusiveMinimum", "schema-range", "fail", 6],
    ["orders.amount_exclusive.exclusiveMaximum", "schema-range", "fail", 5],
    ["orders.amount.type", "schema-column-type", "pass", "DOUBLE"],
    ["orders.code.pattern", "schema-pattern", "fail", 2],
    ["orders.code.minLength", "schema-length", "fail", 2],
    ["orders.code.maxLength", "schema-length", "pass", 0],
    ["orders.created_at.minimum", "schema-range", "fail", 24],
    ["orders.shipped_on.maximum", "schema-range", "fail", 38],
    ["orders.shipped_on.required", "schema-required", "fail", 4],
    ["orders.select.required", "schema-required", "pass", 0],
    ["orders.select.unique", "schema-unique", "fail", 99],
    [`orders.it's "quoted".required`, "schema-required", "pass", 0],
    ["order_lines.primaryKey", "schema-primary-key", "fail", 3],
  ] as const)("%s", (id, rule, status, measured) => {
    expect(resultOf(run, id)).toMatchObject({ rule, status, measured });
  });

  it("explains a composite key's violations", () => {
    expect(resultOf(run, "order_lines.primaryKey").message).toBe("3 of 33 rows (9.09%) break the primary key (`order_id`, `line_no`): 1 with a null key, 2 repeating another row's key; must be 0");
  });
});

describe("SQL rules", () => {
  it("compare the query's single value, with {object}/{property} (and ${table}/${column}) substituted", () => {
    expect(resultOf(run, "orders.negative_amounts")).toMatchObject({ rule: "quality-sql", status: "pass", measured: 5 });
    expect(resultOf(run, "orders.ids_positive")).toMatchObject({ status: "pass", measured: true });
    expect(resultOf(run, "orders.email.email_na_count")).toMatchObject({ status: "pass", measured: 5 });
  });

  it("can join the contract's other objects", () => {
    expect(resultOf(run, "orders.lines_of_orders")).toMatchObject({ status: "pass", measured: 33 });
  });

  it.each([
    ["orders.many_rows", "must return exactly one value (one row, one column), but returned 100 rows of 1 column"],
    ["orders.two_columns", "returned 1 row of 2 columns"],
    ["orders.null_value", "returned NULL"],
    // The parser's error quotes the query's own text, never a value: shown whole, so the author sees where it is wrong.
    ["orders.syntax_error", 'failed: Parser Error: syntax error at or near "FROM"'],
  ])("%s is an error, not a pass", (id, message) => {
    const result = resultOf(run, id);
    expect(result.status).toBe("error");
    expect(result.message).toContain(message);
    expect(run.findings.some((f) => f.ruleId === "quality-check-error" && f.message === result.message)).toBe(true);
  });

  it("shows the parser's and binder's errors whole (they quote the query), and still hides a value an error met in the rows quotes", async () => {
    const rules = [
      ["typo", "SELECT count(*) FORM {object}"],
      ["no_such_signature", "SELECT count(*) FROM {object} WHERE lower(order_id) = 'x'"],
      ["cast_value", "SELECT CAST(min(email) AS INTEGER) FROM {object}"],
      ["empty_alias", "SELECT count(*) AS \"\" FROM {object}"],
      ["parsed_unterminated", "SELECT count(*) FROM {object} WHERE json_deserialize_sql(json_serialize_sql(concat('SELECT ''', email))) IS NOT NULL"],
      // The parser reads a value as SQL here: its syntax error quotes the value, as the query's own would a token.
      // DuckDB spells these values unquoted: `Type INT64 with value 10000 can't be cast`, `Overflow in multiplication of INT64 (100 * …)!`.
      ["cast_out_of_range", "SELECT CAST(max(order_id) * 100000000000 AS INTEGER) FROM {object}"],
      ["overflow", "SELECT max(order_id) * 922337203685477580 FROM {object}"],
      ["parsed_value", "SELECT count(*) FROM {object} WHERE email LIKE 'user%' AND json_deserialize_sql(json_serialize_sql(replace(email, '@', ' '))) IS NOT NULL"],
    ];
    const quality = rules.map(([name, query]) => `      - { name: ${name}, type: sql, query: ${JSON.stringify(query)}, mustBe: 0 }\n`).join("");
    const errors = await runContract(data.dir, contractYaml(`schema:\n  - name: orders\n    quality:\n${quality}`), { data: join(data.dir, "data") });
    expect(resultOf(errors, "orders.typo")).toMatchObject({ status: "error", message: expect.stringMatching(/^SQL rule `typo` failed: Parser Error: syntax error at or near "[^*]+"$/) });
    expect(resultOf(errors, "orders.no_such_signature")).toMatchObject({ status: "error", message: expect.stringContaining("Binder Error: No function matches the given name and argument types 'lower(") });
    expect(resultOf(errors, "orders.cast_value")).toMatchObject({ status: "error", message: expect.stringContaining(`'***' (the rest of the engine's message is not shown: it quotes a value)`) });
    // The parser's other errors at a token are shown whole when the token is the query's, cut when it is a value's.
    expect(resultOf(errors, "orders.empty_alias")).toMatchObject({ status: "error", message: `SQL rule \`empty_alias\` failed: Parser Error: zero-length delimited identifier at or near """"` });
    expect(resultOf(errors, "orders.parsed_unterminated")).toMatchObject({ status: "error", message: expect.stringContaining(`"***" (the rest of the engine's message is not shown: it quotes a value)`) });
    expect(resultOf(errors, "orders.parsed_value")).toMatchObject({ status: "error", message: expect.stringContaining(`"***" (the rest of the engine's message is not shown: it quotes a value)`) });
    expect(resultOf(errors, "orders.parsed_value").message).not.toMatch(/user\d/);
    expect(resultOf(errors, "orders.cast_out_of_range")).toMatchObject({ status: "error", message: expect.stringContaining("Conversion Error: Type INT64 with value *** can't be cast because the value is out of range for the destination type INT32") });
    expect(resultOf(errors, "orders.overflow")).toMatchObject({ status: "error", message: "SQL rule `overflow` failed: Out of Range Error: Overflow in multiplication of INT64 (*** * ***)!" });
    expect(JSON.stringify(errors.results)).not.toMatch(/@example/);
  });

  it("says a boolean rule's NULL (bool_and over no rows) must be a boolean, a count's a number", async () => {
    const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    quality:
      - { name: none_positive, type: sql, query: "SELECT bool_and(amount > 0) FROM {object} WHERE false", mustBe: true }
      - { name: no_amount, type: sql, query: "SELECT max(amount) FROM {object} WHERE false", mustBe: 0 }
`;
    const nulls = await runContract(data.dir, contractYaml(contract));
    expect(resultOf(nulls, "orders.none_positive")).toMatchObject({ status: "error", message: "SQL rule `none_positive` returned NULL; it must return a boolean" });
    expect(resultOf(nulls, "orders.no_amount")).toMatchObject({ status: "error", message: "SQL rule `no_amount` returned NULL; it must return a number" });
  });

  it("refuses a query that is not read-only before anything runs", () => {
    expect(resultOf(run, "orders.deletes")).toMatchObject({ status: "error", measured: null });
    const finding = run.findings.find((f) => f.ruleId === "quality-sql-not-read-only");
    expect(finding?.message).toBe("Not checked: query must be a SELECT (or WITH … SELECT) query, not one starting with `DELETE`.");
    expect(finding?.line).toBe(lineOf("- name: deletes"));
  });

  it("refuses DuckDB's ways of running SQL given as text, which the real engine would run", async () => {
    const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    quality:
      - { name: settings, type: sql, query: "SELECT count(*) FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM duckdb_settings()'))", mustBe: 0 }
      - { name: plan, type: sql, query: "SELECT length(json_serialize_plan('SELECT current_setting(''threads'')', optimize := true))", mustBe: 0 }
      - { name: text, type: sql, query: "SELECT count(*) FROM query(json_deserialize_sql(json_serialize_sql('SELECT 1')))", mustBe: 0 }
`;
    const refused = await runContract(data.dir, contractYaml(contract));
    for (const id of ["orders.settings", "orders.plan", "orders.text"]) expect(resultOf(refused, id), id).toMatchObject({ status: "error", measured: null });
    expect(refused.findings.filter((f) => f.ruleId === "quality-sql-not-read-only").map((f) => f.message)).toEqual([
      "Not checked: query calls `json_execute_serialized_sql()`, which runs SQL given as text, reaches outside the data or has side effects.",
      "Not checked: query calls `json_serialize_plan()`, which runs SQL given as text, reaches outside the data or has side effects.",
      "Not checked: query calls `query()`, which runs SQL given as text, reaches outside the data or has side effects.",
    ]);
  });
});

describe("SLAs", () => {
  it.each([
    ["orders.created_at.latency", "sla-latency", "pass", 0.875],
    ["orders.created_at.latency-2", "sla-latency", "fail", 21],
    ["orders.created_at.freshness", "sla-freshness", "pass", 21],
    ["orders.created_at.retention", "sla-retention", "pass", 5 / 7],
    ["orders.created_at.retention-2", "sla-retention", "fail", 5],
  ] as const)("%s", (id, rule, status, measured) => {
    const result = resultOf(run, id);
    expect(result).toMatchObject({ rule, status });
    expect(result.measured).toBeCloseTo(measured, 6);
  });

  it("reads the age of the newest or oldest value against now", () => {
    expect(resultOf(run, "orders.created_at.latency-2").message).toBe(
      "The newest `created_at` in `orders` is 21 h old (2024-01-05T03:00:00.000Z, 21 h); latency must be at most 12 h",
    );
  });

  it("reports SLAs it cannot check, and ignores service properties such as frequency", () => {
    expect(resultOf(run, "orders.created_at.latency-3")).toMatchObject({ status: "error", message: "Not checked: SLA latency has unit `fortnights`, not a duration: use y, m/mo (month), w, d, h, min, s, ms." });
    expect(resultOf(run, "invoices.latency")).toMatchObject({ status: "error", object: "invoices" });
    expect(run.results.checks.some((c) => c.id.includes("frequency"))).toBe(false);
  });
});

describe("findings and results", () => {
  it("points each finding at the contract line of the rule or property", () => {
    const at = (message: string) => run.findings.find((f) => f.message === resultOf(run, message).message)!;
    expect(at("orders.email.email_missing_default")).toMatchObject({ ruleId: "quality-missing-values", severity: "error", stage: "test", line: lineOf("- name: email_missing_default") });
    expect(at("orders.shipped_on.required").line).toBe(lineOf("required: true", "- name: shipped_on"));
    expect(at("orders.code.pattern").line).toBe(lineOf("pattern: '^AB-"));
    expect(at("orders.created_at.latency-2").line).toBe(lineOf("value: 12, unit: h"));
    expect(at("orders.email.email_nulls_percent_strict").severity).toBe("warning");
  });

  it("has one result per check, passing checks included, and findings only for the others", () => {
    const { summary, checks } = run.results;
    expect(summary.checks).toBe(checks.length);
    expect(summary.passed + summary.failed + summary.warned + summary.errors).toBe(checks.length);
    const notPassing = checks.filter((c) => c.status !== "pass").length;
    expect(run.findings.length).toBe(notPassing);
    expect(run.results).toMatchObject({ kind: "meshkit-quality-results", version: 1, contract: { id: "test-orders", version: "1.0.0", name: "orders" }, source: "local", engine: "duckdb" });
  });

  it("samples failing rows with classified columns masked", () => {
    const sample = resultOf(run, "orders.status.status_invalid").sample!;
    expect(sample.map((row) => row.status)).toEqual(["lost", "lost", "lost"]);
    expect(sample.map((row) => row.order_id)).toEqual(["6", "18", "34"]);
    // email is `restricted`: values hidden, nulls shown as null.
    expect(sample.every((row) => row.email === "***")).toBe(true);
    const nulls = resultOf(run, "orders.shipped_on.required").sample!;
    expect(nulls).toHaveLength(4);
    // i = 0, 25, 50, 75: only i = 0 has a null email.
    expect(nulls.map((row) => row.email)).toEqual([null, "***", "***", "***"]);
  });

  it("samples repeated keys with their row counts, and no sample for passing checks", () => {
    expect(resultOf(run, "orders.email.email_duplicates").sample).toEqual([
      { key: { email: "***" }, rows: 5 },
      { key: { email: "***" }, rows: 5 },
      { key: { email: "***" }, rows: 2 },
    ]);
    // A key with both a null and repeats shows both: the null-key row, then the repeated keys.
    expect(resultOf(run, "order_lines.primaryKey").sample).toEqual([
      { order_id: "3", line_no: null, sku: "sku-null" },
      { key: { order_id: "1", line_no: 1 }, rows: 2 },
      { key: { order_id: "2", line_no: 1 }, rows: 2 },
    ]);
    expect(resultOf(run, "orders.order_id.required").sample).toBeUndefined();
  });

  it("is the same on a second run (idempotent), times aside", async () => {
    const again = await runContract(data.dir, ORDERS_CONTRACT);
    expect(again.results.checks).toEqual(run.results.checks);
    expect(again.findings).toEqual(run.findings);
  });

  it("gives the same measurements from the DuckDB database server", async () => {
    const fromDatabase = await runContract(data.dir, ORDERS_CONTRACT, { server: "warehouse" });
    const measured = (r: QualityRun) => r.results.checks.map((c) => [c.id, c.status, c.measured]);
    expect(fromDatabase.results.source).toBe("warehouse");
    expect(measured(fromDatabase)).toEqual(measured(run));
  });

  it("gives the same measurements from a folder of files (--data)", async () => {
    const fromFolder = await runContract(data.dir, ORDERS_CONTRACT, { data: join(data.data) });
    expect(fromFolder.results.checks.map((c) => [c.id, c.status, c.measured])).toEqual(run.results.checks.map((c) => [c.id, c.status, c.measured]));
  });

  it("reads a folder's .tsv by its tab (not a comma in its values), .CSV and compressed files (--data)", async () => {
    const folder = join(data.dir, "extensions");
    mkdirSync(folder, { recursive: true });
    // One column whose values hold commas: a sniffer would split it in two.
    writeFileSync(join(folder, "notes.tsv"), "note\nSmith, John\nDoe, Jane\n");
    writeFileSync(join(folder, "codes.CSV"), "code\nAB\nCD\n");
    writeFileSync(join(folder, "events.jsonl.gz"), gzipSync('{"id": 1}\n{"id": 2}\n{"id": null}\n'));
    const contract = contractYaml(`schema:
  - name: notes
    properties:
      - { name: note, logicalType: string, required: true, logicalTypeOptions: { pattern: '^[A-Z][a-z]+, [A-Z][a-z]+$' } }
  - name: codes
    properties:
      - { name: code, logicalType: string, logicalTypeOptions: { maxLength: 2 } }
  - name: events
    properties:
      - { name: id, logicalType: integer, required: true }
`);
    const fromFolder = await runContract(data.dir, contract, { data: folder });
    expect(fromFolder.findings.map((f) => [f.ruleId, f.message])).toEqual([["schema-required", "1 of 3 rows (33.33%) have a null `id`; must be 0"]]);
    expect(resultOf(fromFolder, "notes.note.pattern")).toMatchObject({ status: "pass", rowsChecked: 2 });
  });

  it("reads compressed files whose extensions are upper case (.CSV.GZ, .JSON.GZ), as Windows tools name them", async () => {
    // DuckDB's readers tell gzip only by a lower-case `.gz`: these were read as text ("not utf-8 encoded").
    const folder = dataFolder("upper-case-compression", { "orders.CSV.GZ": gzipSync("id,code\n1,AB\n2,\n3,CD\n"), "events.JSON.GZ": gzipSync('{"id": 1}\n{"id": null}\n') });
    const contract = contractYaml(`schema:
  - name: orders
    properties:
      - { name: id, logicalType: integer, required: true }
      - { name: code, logicalType: string, required: true }
  - name: events
    properties:
      - { name: id, logicalType: integer, required: true }
`);
    const fromFolder = await runContract(data.dir, contract, { data: folder });
    expect(fromFolder.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ["schema-required", "1 of 3 rows (33.33%) have a null `code`; must be 0"],
      ["schema-required", "1 of 2 rows (50%) have a null `id`; must be 0"],
    ]);
  });

  it("reads each file's header as its own extension says it is compressed, not as the first file's (part-1.csv.gz, part-2.CSV.GZ)", async () => {
    // The first file's dialect is read into every header: part-2's gzip bytes were read as text, its repeat unseen.
    const files = { "part-1.csv.gz": gzipSync("id,code\n1,AB\n"), "part-2.CSV.GZ": gzipSync("id,id\n2,3\n") };
    const properties = "      - { name: id, logicalType: integer, required: true }\n      - { name: code, logicalType: string }\n";
    expect(await partFilesFindings("header-per-file-compression", files, properties)).toEqual([
      [
        "quality-data-unreadable",
        "Cannot read `orders` from header-per-file-compression/part-*: the header of header-per-file-compression/part-2.CSV.GZ repeats `id` (columns 1, 2): a check could not tell which column is the data (DuckDB reads a repeat as `<name>_1`); give every column a name of its own",
      ],
    ]);
  });

  it("names an upper-case compressed file among files not all compressed alike, which no reader option reads", async () => {
    const files = { "part-1.csv": "id\n1\n", "part-2.CSV.GZ": gzipSync("id\n2\n") };
    expect(await partFilesFindings("mixed-compression", files, "      - { name: id, logicalType: integer, required: true }\n")).toEqual([
      [
        "quality-data-unreadable",
        "Cannot read `orders` from mixed-compression/part-*: mixed-compression/part-2.CSV.GZ: DuckDB's reader tells a compressed file among others only by a lower-case extension (`.gz`, `.zst`) and would read this one as text; write its extension in lower case (`.csv.gz`)",
      ],
    ]);
  });
});

describe("ODCS v3.0 forms, multipleOf and ranges written as two comparisons", () => {
  // amount = i·10 − 50 for i = 0…99: 5 values below 0 and 6 at or below it; 4 above 900 and 5 at or above it.
  const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    properties:
      - name: amount
        logicalType: number
        logicalTypeOptions: { minimum: 0, exclusiveMinimum: true, maximum: 900, exclusiveMaximum: true, multipleOf: 0.1 }
      - name: quantity
        logicalType: integer
        logicalTypeOptions: { multipleOf: 3 }
      - name: status
        quality:
          - { name: v30_valid, type: default, rule: validValues, validValues: [placed, shipped, refunded, cancelled] }
    quality:
      - { name: range_pass, type: sql, query: 'SELECT max(amount) FROM {object}', mustBeGreaterThan: 0, mustBeLessThan: 1000 }
      - { name: range_fail, metric: rowCount, mustBeGreaterOrEqualTo: 1, mustBeLessThan: 100 }
`;
  let v30: QualityRun;
  beforeAll(async () => {
    // A v3.0 contract: the 3.1 schema refuses these forms (its rules are then not run, see run.test.ts).
    v30 = await runContract(data.dir, contractYaml(contract).replace("apiVersion: v3.1.0", "apiVersion: v3.0.2"));
  });

  it("boolean exclusiveMinimum/exclusiveMaximum make the v3.0 minimum/maximum exclusive", () => {
    expect(resultOf(v30, "orders.amount.minimum")).toMatchObject({ rule: "schema-range", status: "fail", measured: 6, message: "6 of 100 rows (6%) have `amount` at or below the exclusive minimum 0; must be 0" });
    expect(resultOf(v30, "orders.amount.maximum")).toMatchObject({ status: "fail", measured: 5 });
    expect(v30.results.checks.map((c) => c.id)).not.toContain("orders.amount.exclusiveMinimum");
  });

  it("a `type: default` rule runs as a library rule", () => {
    // 'lost' 3 times; the null status is not invalid.
    expect(resultOf(v30, "orders.status.v30_valid")).toMatchObject({ rule: "quality-invalid-values", status: "fail", measured: 3, threshold: { mustBe: 0 } });
  });

  it("multipleOf counts the values that are no whole multiple, decimals compared exactly", () => {
    // amount = 10·(i − 5) (DOUBLE) is always a multiple of 0.1, which a binary remainder would deny
    // (fmod(930, 0.1) ≈ 0.0999…); quantity = i % 7 is not a multiple of 3 for residues 1, 2, 4, 5: 15 + 14·3 rows.
    expect(resultOf(v30, "orders.amount.multipleOf")).toMatchObject({ rule: "schema-range", status: "pass", measured: 0 });
    expect(resultOf(v30, "orders.quantity.multipleOf")).toMatchObject({ status: "fail", measured: 57, message: "57 of 100 rows (57%) have `quantity` not a multiple of 3; must be 0" });
  });

  it("a v3.1 rule with two comparisons is not run: an error, reported once by the schema's finding", async () => {
    const v31 = await runContract(data.dir, contractYaml(contract));
    expect(resultOf(v31, "orders.range_fail")).toMatchObject({ status: "error", measured: null, message: expect.stringContaining("has 2 comparisons (mustBeGreaterOrEqualTo, mustBeLessThan): an ODCS v3.1 rule has one") });
    expect(v31.findings.filter((f) => f.path === "/schema/0/quality/1").map((f) => f.ruleId)).toEqual(["quality-contract-invalid"]);
  });

  it("every comparison of a rule must hold", () => {
    expect(resultOf(v30, "orders.range_pass")).toMatchObject({ status: "pass", measured: 940, threshold: { mustBeGreaterThan: 0, mustBeLessThan: 1000 }, message: "SQL rule `range_pass` returned 940; must be more than 0 and less than 1,000" });
    expect(resultOf(v30, "orders.range_fail")).toMatchObject({ status: "fail", measured: 100, message: "`orders` has 100 rows; must be at least 1 and less than 100" });
  });
});

describe("array item counts", () => {
  it("counts the non-null arrays with fewer than minItems or more than maxItems items", async () => {
    // JSON lists are read as DuckDB LISTs: [] and ["a"] have too few items, four has too many, null is neither.
    const folder = join(data.dir, "arrays");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "orders.json"), JSON.stringify([{ tags: ["a", "b"] }, { tags: [] }, { tags: ["a"] }, { tags: ["a", "b", "c", "d"] }, { tags: null }, { tags: ["a", "b", "c"] }]));
    const contract = `schema:
  - name: orders
    properties:
      - name: tags
        logicalType: array
        items: { logicalType: string }
        logicalTypeOptions: { minItems: 2, maxItems: 3 }
`;
    const run = await runContract(data.dir, contractYaml(contract), { data: folder });
    expect(resultOf(run, "orders.tags.type")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "orders.tags.minItems")).toMatchObject({ rule: "schema-items", status: "fail", measured: 2, message: "2 of 6 rows (33.33%) have `tags` with fewer than 2 items; must be 0" });
    expect(resultOf(run, "orders.tags.maxItems")).toMatchObject({ status: "fail", measured: 1, sample: [{ tags: ["a", "b", "c", "d"] }] });
  });
});

describe("columns without a single value", () => {
  it("in a JSON file are read as the contract's types (DuckDB's reader types them JSON), and still checked", async () => {
    const folder = join(data.dir, "json-nulls");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "orders.json"), JSON.stringify([{ id: 1, note: null, amount: null, shipped_at: null, tags: { a: 1 } }, { id: 2, note: null, amount: null, shipped_at: null, tags: { a: 2 } }]));
    const contract = `schema:
  - name: orders
    properties:
      - { name: id, logicalType: integer }
      - { name: note, logicalType: string, required: true }
      - { name: amount, logicalType: number }
      - { name: shipped_at, logicalType: timestamp }
      - { name: tags, logicalType: string }
`;
    const run = await runContract(data.dir, contractYaml(contract), { data: folder });
    for (const column of ["note", "amount", "shipped_at"]) expect(resultOf(run, `orders.${column}.type`), column).toMatchObject({ status: "pass" });
    // Read as VARCHAR, the nulls are still nulls: required fails on both rows.
    expect(resultOf(run, "orders.note.required")).toMatchObject({ status: "fail", measured: 2 });
    // A column that has values keeps the type they give: an object is no string.
    expect(resultOf(run, "orders.tags.type")).toMatchObject({ status: "fail" });
  });
});

describe("JSON records of 200 keys or more", () => {
  // DuckDB's JSON reader makes an object of 200 keys or more a MAP, and a file of such records one column `json`.
  it.each([
    ["newline-delimited", "wide.jsonl", (rows: object[]) => rows.map((row) => JSON.stringify(row)).join("\n")],
    ["an array", "wide.json", (rows: object[]) => JSON.stringify(rows)],
  ])("are read one column per key (%s), so every declared column is checked", async (_, file, write) => {
    const folder = join(data.dir, `json-wide-${file}`);
    mkdirSync(folder, { recursive: true });
    const keys = Array.from({ length: 250 }, (_, k) => `k${k}`);
    // k<n> = n in every row; id 1, null, 3.
    const rows = [1, null, 3].map((id) => ({ id, ...Object.fromEntries(keys.map((key, k) => [key, k])) }));
    writeFileSync(join(folder, file), write(rows));
    const properties = keys.map((key) => `      - { name: ${key}, logicalType: integer, logicalTypeOptions: { maximum: 247 } }\n`).join("");
    const contract = `schema:\n  - name: wide\n    properties:\n      - { name: id, logicalType: integer, required: true }\n${properties}`;
    const run = await runContract(data.dir, contractYaml(contract), { data: join(folder, file) });
    expect(resultOf(run, "wide.id.exists")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "wide.id.required")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "wide.k0.type")).toMatchObject({ status: "pass" });
    // k248 and k249 are above 247 in each of the 3 rows; k247 is on the bound.
    expect(resultOf(run, "wide.k247.maximum")).toMatchObject({ status: "pass", measured: 0 });
    expect(resultOf(run, "wide.k249.maximum")).toMatchObject({ status: "fail", measured: 3 });
    expect(run.results.summary).toMatchObject({ failed: 3, errors: 0 });
  });

  it("reads a nested object that wide as an object too, so the properties declared in it are checked", async () => {
    const folder = join(data.dir, "json-wide-nested");
    mkdirSync(folder, { recursive: true });
    const attrs = (last: number | null) => ({ ...Object.fromEntries(Array.from({ length: 219 }, (_, k) => [`k${k}`, k])), k219: last });
    // k219 is 219, 300 and null: one row above the maximum, one null.
    writeFileSync(join(folder, "items.jsonl"), [219, 300, null].map((last, id) => JSON.stringify({ id, attrs: attrs(last) })).join("\n"));
    const contract = `schema:
  - name: items
    properties:
      - { name: id, logicalType: integer }
      - name: attrs
        logicalType: object
        properties:
          - { name: k219, logicalType: integer, required: true, logicalTypeOptions: { maximum: 250 } }
`;
    const run = await runContract(data.dir, contractYaml(contract), { data: join(folder, "items.jsonl") });
    expect(resultOf(run, "items.attrs.k219.required")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "items.attrs.k219.maximum")).toMatchObject({ status: "fail", measured: 1 });
    expect(run.results.summary).toMatchObject({ warned: 0, errors: 0 });
  });
});

describe("JSON strings the reader types as dates, times, timestamps or UUIDs", () => {
  // DuckDB's JSON reader infers DATE, TIME, TIMESTAMP and UUID from strings shaped like them; a property
  // declared a string reads them as the text they are, at any depth, as CSV does. A JSON number is no text.
  const ROWS = [
    { d: "2024-01-05", t: "10:00:00", ts: "2024-01-05T10:00:00", u: "123e4567-e89b-12d3-a456-426614174000", n: 1, payload: { at: "2024-01-05T10:00:00", ids: ["123e4567-e89b-12d3-a456-426614174000"] } },
    { d: "2024-02-01", t: "23:59:59", ts: "2024-01-06T23:00:00", u: "123E4567-E89B-12D3-A456-426614174000", n: 2, payload: { at: "2024-01-06T23:00:00", ids: ["123E4567-E89B-12D3-A456-426614174000", "00000000-0000-0000-0000-000000000000"] } },
    { d: "2024-01-31", t: "10:00:00.5", ts: "2024-01-07T10:00:00", u: "00000000-0000-0000-0000-000000000000", n: 3, payload: null },
    { d: null, t: null, ts: null, u: null, n: null, payload: { at: null, ids: [] } },
  ];
  const contract = contractYaml(`schema:
  - name: events
    properties:
      - { name: d, logicalType: string, logicalTypeOptions: { format: date, pattern: '^2024-01', maxLength: 10 } }
      - { name: t, logicalType: string, logicalTypeOptions: { format: time, pattern: '^10', maxLength: 8 } }
      - { name: ts, logicalType: string, logicalTypeOptions: { format: date-time, pattern: 'T1', minLength: 19 } }
      - name: u
        logicalType: string
        logicalTypeOptions: { format: uuid, pattern: '^[0-9a-f-]+$', minLength: 36 }
        quality:
          - { metric: missingValues, mustBe: 0 }
          - { metric: invalidValues, arguments: { validValues: ['00000000-0000-0000-0000-000000000000'] }, mustBe: 0 }
      - { name: n, logicalType: string }
      - name: payload
        logicalType: object
        properties:
          - { name: at, logicalType: string, logicalTypeOptions: { pattern: 'T' } }
          - { name: ids, logicalType: array, items: { logicalType: string, logicalTypeOptions: { pattern: '^[0-9a-f-]+$' } } }
`);
  const EXPECTED: [string, number][] = [
    ["events.d.format", 0],
    ["events.d.pattern", 1],
    ["events.d.maxLength", 0],
    // RFC 3339 (JSON Schema's `time` and `date-time`) requires an offset, which none of these has.
    ["events.t.format", 3],
    ["events.t.pattern", 1],
    ["events.t.maxLength", 1],
    ["events.ts.format", 3],
    ["events.ts.pattern", 1],
    ["events.ts.minLength", 0],
    ["events.u.format", 0],
    ["events.u.pattern", 1],
    ["events.u.minLength", 0],
    // The default missing values are null and '': the last row.
    ["events.u.missingValues", 1],
    ["events.u.invalidValues", 2],
  ];
  let json: QualityRun;
  let csv: QualityRun;
  beforeAll(async () => {
    const jsonFolder = join(data.dir, "json-text-types");
    const csvFolder = join(data.dir, "csv-text-types");
    mkdirSync(jsonFolder, { recursive: true });
    mkdirSync(csvFolder, { recursive: true });
    writeFileSync(join(jsonFolder, "events.json"), JSON.stringify(ROWS));
    const csvLine = (row: (typeof ROWS)[number]) => [row.d, row.t, row.ts, row.u, row.n].map((v) => (v === null ? "" : String(v))).join(",");
    writeFileSync(join(csvFolder, "events.csv"), ["d,t,ts,u,n", ...ROWS.map(csvLine)].join("\n") + "\n");
    json = await runContract(data.dir, contract, { data: jsonFolder });
    csv = await runContract(data.dir, contract, { data: csvFolder });
  });

  it("reads them as VARCHAR, at the top level and nested, so their checks count what CSV counts", () => {
    for (const column of ["d", "t", "ts", "u"]) {
      expect(resultOf(json, `events.${column}.type`), column).toMatchObject({ status: "pass", measured: "VARCHAR" });
    }
    expect(resultOf(json, "events.payload.type")).toMatchObject({ status: "pass", measured: 'STRUCT("at" VARCHAR, ids VARCHAR[])' });
    for (const [id, failed] of EXPECTED) {
      expect(resultOf(json, id), `${id} (JSON)`).toMatchObject({ failedRows: failed, rowsChecked: 4 });
      expect(resultOf(csv, id), `${id} (CSV)`).toMatchObject({ failedRows: failed, rowsChecked: 4 });
    }
    expect(resultOf(json, "events.payload.at.pattern")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(resultOf(json, "events.payload.ids[].pattern")).toMatchObject({ status: "fail", failedRows: 1 });
  });

  it("keeps a JSON number under a string property a number, which fails the type check", () => {
    expect(resultOf(json, "events.n.type")).toMatchObject({ status: "fail", measured: "BIGINT" });
  });
});

describe("UUID columns declared as strings", () => {
  // DuckDB (and PostgreSQL) hold a UUID as a 128-bit number: a check that reads a string property as text
  // reads it cast to text, where the column (or a value nested in it) is a UUID.
  let uuids: QualityRun;
  beforeAll(async () => {
    const database = join(data.dir, "uuids.duckdb");
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE things AS SELECT CAST(id AS UUID) AS id, {'id': CAST(id AS UUID)} AS owner FROM (VALUES
      (NULL), ('123e4567-e89b-12d3-a456-426614174000'), ('00000000-0000-0000-0000-000000000000'), ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')) AS t(id)`);
    connection.closeSync();
    instance.closeSync();
    const contract = contractYaml(`schema:
  - name: things
    properties:
      - name: id
        logicalType: string
        logicalTypeOptions: { minLength: 36, maxLength: 35, pattern: '^0', format: uuid }
        quality:
          - { metric: missingValues, mustBe: 0 }
          - { name: listed, metric: invalidValues, arguments: { validValues: ['00000000-0000-0000-0000-000000000000', ''] }, mustBe: 0 }
          - { name: shaped, metric: invalidValues, arguments: { pattern: '^[0-9a-f]{8}-' }, mustBe: 0 }
      - name: owner
        logicalType: object
        properties:
          - { name: id, logicalType: string, logicalTypeOptions: { pattern: '^0', maxLength: 35 } }
`);
    uuids = await runContract(data.dir, contract, { data: database });
  });

  it("measures lengths, patterns, formats and value lists on their text", () => {
    expect(resultOf(uuids, "things.id.type")).toMatchObject({ status: "pass", measured: "UUID" });
    for (const [id, failed] of [
      ["things.id.minLength", 0],
      ["things.id.maxLength", 3],
      ["things.id.pattern", 2],
      ["things.id.format", 0],
      // The default missing values, null and '': the null row.
      ["things.id.missingValues", 1],
      ["things.id.listed", 2],
      ["things.id.shaped", 0],
      ["things.owner.id.pattern", 2],
      ["things.owner.id.maxLength", 3],
    ] as const) {
      expect(resultOf(uuids, id), id).toMatchObject({ failedRows: failed, rowsChecked: 4, status: failed === 0 ? "pass" : "fail" });
    }
  });
});

describe("a database file named like its schema", () => {
  // DuckDB names the file's catalog `sales` too, so `sales.orders` could be either: the tables are named in full.
  it("reads the schema's tables, and a SQL rule names them as in the warehouse", async () => {
    const dir = join(data.dir, "same-name");
    mkdirSync(dir, { recursive: true });
    const instance = await DuckDBInstance.create(join(dir, "sales.duckdb"));
    const connection = await instance.connect();
    await connection.run("CREATE SCHEMA sales");
    await connection.run("CREATE TABLE sales.sales.orders AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (2, NULL), (3, 'c')) AS t(id, name)");
    // A table of the same name in the catalog's default schema, which the server does not mean.
    await connection.run("CREATE TABLE sales.main.orders AS SELECT 1 AS other");
    connection.closeSync();
    instance.closeSync();
    const contract = contractYaml(`servers:
  - server: warehouse
    type: duckdb
    database: ./sales.duckdb
    schema: sales
schema:
  - name: orders
    properties:
      - { name: id, logicalType: integer, primaryKey: true }
      - { name: name, logicalType: string, required: true }
    quality:
      - { name: later, type: sql, query: "SELECT count(*) FROM orders WHERE id > 1", mustBe: 3 }
`);
    const run = await runContract(dir, contract);
    expect(run.findings.filter((f) => f.ruleId === "quality-data-unreadable")).toEqual([]);
    expect(resultOf(run, "orders.id.primaryKey")).toMatchObject({ status: "fail", failedRows: 1, rowsChecked: 4 });
    expect(resultOf(run, "orders.name.required")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(resultOf(run, "orders.later")).toMatchObject({ status: "pass", measured: 3 });
  });
});

describe("engines side by side (memoryShare)", () => {
  it("each holds its share of DuckDB's default memory limit", async () => {
    const database = join(data.dir, "memory.duckdb");
    const instance = await DuckDBInstance.create(database);
    (await instance.connect()).closeSync();
    instance.closeSync();
    const limit = async (options: DuckDbOptions) => {
      const engine = await openDuckDb({ kind: "database", label: "m", path: database }, [], (path) => path, options);
      try {
        // DuckDB prints it in binary units: `18.8 GiB`.
        const [number, unit] = String((await engine.queryValues({ sql: "SELECT current_setting('memory_limit')", params: [] }))[0]![0]).split(" ");
        return Number(number) * 1024 ** ["B", "KiB", "MiB", "GiB", "TiB"].indexOf(unit!);
      } finally {
        engine.close();
      }
    };
    const whole = await limit({});
    const half = await limit({ memoryShare: 0.5 });
    // (DuckDB's own default and ours, both 80 % of the memory there is, each rounded when printed)
    expect(half / whole).toBeGreaterThan(0.47);
    expect(half / whole).toBeLessThan(0.53);
    await expect(limit({ memoryShare: 0 })).rejects.toThrow("memoryShare must be a number above 0, not 0");
  });
});

describe("ENUM columns declared as strings", () => {
  // DuckDB compares an ENUM with a string as text (PostgreSQL casts the string to the enum, where a valid value
  // the type lacks is an error: postgres.test.ts); value lists, lengths and patterns count as on a VARCHAR.
  it("compares value lists, lengths and patterns on their text", async () => {
    const database = join(data.dir, "enums.duckdb");
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    await connection.run(`CREATE TYPE status AS ENUM ('placed', 'shipped', 'cancelled');
      CREATE TABLE orders AS SELECT CAST(s AS status) AS status, CAST(h AS status[]) AS history
      FROM (VALUES ('placed', ['placed']), ('shipped', ['placed', 'shipped']), ('cancelled', []), (NULL, NULL)) AS t(s, h)`);
    connection.closeSync();
    instance.closeSync();
    const run = await runContract(data.dir, contractYaml(`schema:
  - name: orders
    properties:
      - name: status
        logicalType: string
        logicalTypeOptions: { maxLength: 7, pattern: '^[a-z]+$' }
        quality:
          - { metric: invalidValues, arguments: { validValues: [placed, shipped, returned] }, mustBe: 0 }
          - { metric: missingValues, mustBe: 0 }
      - name: history
        logicalType: array
        items: { logicalType: string, quality: [{ metric: invalidValues, arguments: { validValues: [placed, returned] }, mustBe: 0 }] }
`), { data: database });
    expect(run.results.checks.filter((c) => c.status === "error").map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    for (const [id, failed] of [
      ["orders.status.invalidValues", 1],
      ["orders.status.missingValues", 1],
      ["orders.status.maxLength", 1],
      ["orders.status.pattern", 0],
    ] as const) {
      expect(resultOf(run, id), id).toMatchObject({ failedRows: failed, rowsChecked: 4 });
    }
    expect(resultOf(run, "orders.history[].invalidValues")).toMatchObject({ failedRows: 1 });
  });
});

describe("whole numbers beyond 2^53 in a contract", () => {
  // YAML reads 9007199254740993 as the double 9007199254740992: the bounds and value lists are read from the
  // contract's text instead, so they count the rows the contract names (with …992 they would count others).
  const contract = contractYaml(`schema:
  - name: big
    properties:
      - name: n
        logicalType: integer
        logicalTypeOptions: { minimum: 9007199254740993, maximum: 9007199254740993, exclusiveMaximum: 9007199254740993 }
        quality:
          - { metric: invalidValues, arguments: { validValues: [9007199254740993] }, mustBe: 0 }
          - metric: missingValues
            arguments:
              missingValues:
                - 9007199254740993
            mustBe: 0
`);
  let database: string;
  beforeAll(async () => {
    database = join(data.dir, "big.duckdb");
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    await connection.run("CREATE TABLE big AS SELECT CAST(n AS BIGINT) AS n FROM (VALUES ('9007199254740992'), ('9007199254740993'), ('9007199254740993'), ('9007199254740994'), (NULL)) AS t(n)");
    connection.closeSync();
    instance.closeSync();
  });

  it("are compared as the numbers written, and quoted as written", async () => {
    const run = await runContract(data.dir, contract, { data: database });
    expect(resultOf(run, "big.n.minimum")).toMatchObject({ failedRows: 1, message: "1 of 5 rows (20%) have `n` below the minimum 9007199254740993; must be 0" });
    expect(resultOf(run, "big.n.maximum")).toMatchObject({ failedRows: 1 });
    expect(resultOf(run, "big.n.exclusiveMaximum")).toMatchObject({ failedRows: 3 });
    expect(resultOf(run, "big.n.invalidValues")).toMatchObject({ failedRows: 2, message: "2 of 5 rows (40%) have an invalid `n` (not in 9007199254740993); must be 0" });
    expect(resultOf(run, "big.n.missingValues")).toMatchObject({ failedRows: 2, message: "2 of 5 rows (40%) have a missing `n` (9007199254740993); must be 0" });
  });

  it("are compared exactly with a SQL rule's BIGINT, HUGEINT or wide DECIMAL, which a double would round to the bound", async () => {
    const sqlRules = contractYaml(`schema:
  - name: big
    properties:
      - { name: n, logicalType: integer }
    quality:
      - { name: max_is, type: sql, query: 'SELECT max(n) FROM {object}', mustBe: 9007199254740994 }
      - { name: max_not, type: sql, query: 'SELECT max(n) FROM {object}', mustBe: 9007199254740993 }
      - { name: huge_above, type: sql, query: 'SELECT 18446744073709551617::HUGEINT', mustBeGreaterThan: 18446744073709551616 }
      - { name: huge_text, type: sql, query: 'SELECT 18446744073709551617::HUGEINT', mustNotBe: '18446744073709551617' }
      - { name: in_range, type: sql, query: 'SELECT 9007199254740993::BIGINT', mustBeBetween: [9007199254740992, 9007199254740994] }
      - { name: wide_decimal, type: sql, query: 'SELECT 12345678901234567890.123457::DECIMAL(38,6)', mustBeLessThan: 12345678901234567890.123457 }
      - { name: many_decimals, type: sql, query: "SELECT CAST('0.1' AS DECIMAL(38,30))", mustBe: 0.1 }
`);
    const run = await runContract(data.dir, sqlRules, { data: database });
    // max(n) is …994: before, it and the bound …993 were both the double …992, and the rule passed.
    expect(resultOf(run, "big.max_is")).toMatchObject({ status: "pass", measured: "9007199254740994", threshold: { mustBe: "9007199254740994" } });
    expect(resultOf(run, "big.max_not")).toMatchObject({ status: "fail", message: "SQL rule `max_not` returned 9,007,199,254,740,994; must be 9,007,199,254,740,993" });
    expect(resultOf(run, "big.huge_above")).toMatchObject({ status: "pass", measured: "18446744073709551617" });
    expect(resultOf(run, "big.huge_text")).toMatchObject({ status: "fail" });
    expect(resultOf(run, "big.in_range")).toMatchObject({ status: "pass", threshold: { mustBeBetween: ["9007199254740992", "9007199254740994"] } });
    expect(resultOf(run, "big.wide_decimal")).toMatchObject({ status: "fail", message: "SQL rule `wide_decimal` returned 12,345,678,901,234,567,890.123457; must be less than 12,345,678,901,234,567,890.123457" });
    // A DECIMAL whose double is its value is that double, not the client's 0.09999999999999999.
    expect(resultOf(run, "big.many_decimals")).toMatchObject({ status: "pass", measured: 0.1 });
  });

  it("are written out exactly in --emit-sql", () => {
    const document = contractDocument(data.dir, contract);
    const plan = planChecks(document.value as DataContract, { sourceAt: (pointer) => document.sourceAt(pointer) });
    const sql = renderStatements(compilePlanStatements(plan, getDialect("duckdb")));
    expect(sql).toContain('count(CASE WHEN "n" < 9007199254740993 THEN 1 END) AS m1');
    expect(sql).toContain('count(CASE WHEN "n" IS NOT NULL AND "n" NOT IN (9007199254740993) THEN 1 END)');
    expect(sql).not.toContain("9007199254740992");
  });
});

describe("mustBe and mustNotBe written as text", () => {
  it("is the number it spells, for library metrics as for SQL rules; other text is an invalid rule", async () => {
    const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    properties:
      - name: email
        logicalType: string
        quality:
          - { name: nulls, metric: nullValues, mustBe: '5' }
          - { name: not-nulls, metric: nullValues, mustNotBe: '5.0' }
          - { name: words, metric: nullValues, mustBe: 'five' }
    quality:
      - { name: sql-text, type: sql, query: "SELECT count(*) FROM {object} WHERE email IS NULL", mustBe: ' 5 ' }
      - { name: sql-word, type: sql, query: "SELECT count(*) FROM {object} WHERE email IS NULL", mustBe: 'abc' }
`;
    const run = await runContract(data.dir, contractYaml(contract));
    expect(resultOf(run, "orders.email.nulls")).toMatchObject({ status: "pass", measured: 5, threshold: { mustBe: 5 }, message: "5 of 100 rows (5%) have a null `email`; must be 5" });
    expect(resultOf(run, "orders.email.not-nulls")).toMatchObject({ status: "fail", measured: 5 });
    expect(resultOf(run, "orders.sql-text")).toMatchObject({ status: "pass", measured: 5 });
    expect(resultOf(run, "orders.email.words")).toMatchObject({ status: "error", measured: null });
    expect(resultOf(run, "orders.sql-word")).toMatchObject({ status: "error", measured: null });
    expect(run.findings.filter((f) => f.ruleId === "quality-rule-invalid").map((f) => f.message)).toEqual([
      "Not checked: `mustBe` must be a number (or text that spells one, such as '5'): the metric counts rows.",
      "Not checked: `mustBe` must be a number (or text that spells one, such as '5') or a boolean: a SQL rule returns one number or boolean.",
    ]);
  });
});

describe("percentages on their boundary", () => {
  it("14 of 25 rows is exactly 56%: it meets mustBeLessOrEqualTo 56 and breaks mustNotBe 56", async () => {
    const folder = join(data.dir, "percent-boundary");
    mkdirSync(folder, { recursive: true });
    // 14 null notes and 7 invalid statuses of 25 rows: 56% and 28%, which `failing / rows * 100` misses by a
    // bit. mustNotBeBetween [28, 29] is `<= 28 or >= 29`: 28 is outside it, 28.000000000000004 was not.
    const rows = Array.from({ length: 25 }, (_, i) => ({ note: i < 14 ? null : "ok", status: i < 7 ? "lost" : "shipped" }));
    writeFileSync(join(folder, "orders.json"), JSON.stringify(rows));
    const contract = `schema:
  - name: orders
    properties:
      - name: note
        logicalType: string
        quality:
          - { id: at-most, metric: nullValues, unit: percent, mustBeLessOrEqualTo: 56 }
          - { id: not-exactly, metric: nullValues, unit: percent, mustNotBe: 56, severity: warning }
      - name: status
        logicalType: string
        quality:
          - { id: outside, metric: invalidValues, arguments: { validValues: [shipped] }, unit: percent, mustNotBeBetween: [28, 29] }
          - { id: at-least, metric: invalidValues, arguments: { validValues: [shipped] }, unit: percent, mustBeGreaterOrEqualTo: 28 }
`;
    const run = await runContract(data.dir, contractYaml(contract), { data: folder });
    const byId = Object.fromEntries(run.results.checks.map((c) => [c.id, c]));
    const quality = Object.values(byId).filter((c) => /at-most|not-exactly|outside|at-least/.test(c.id));
    expect(quality.map((c) => [c.id.replace(/^.*\./, ""), c.status, c.measured])).toEqual([
      ["at-most", "pass", 56],
      ["not-exactly", "warn", 56],
      ["outside", "pass", 28],
      ["at-least", "pass", 28],
    ]);
  });
});

describe("integer formats (ODCS: Rust's integer types)", () => {
  it("counts the values an i8, u16 or u64 cannot hold; i64 holds every BIGINT", async () => {
    const folder = join(data.dir, "integer-formats");
    mkdirSync(folder, { recursive: true });
    const rows = [-129, -128, 0, 127, 128, 65_535, 65_536, -1, null].map((n) => ({ small: n, medium: n, large: n, wide: n }));
    writeFileSync(join(folder, "orders.json"), JSON.stringify(rows));
    const property = (name: string, format: string) => `      - { name: ${name}, logicalType: integer, logicalTypeOptions: { format: ${format} } }\n`;
    const contract = `schema:\n  - name: orders\n    properties:\n${property("small", "i8")}${property("medium", "u16")}${property("large", "u64")}${property("wide", "i64")}`;
    const run = await runContract(data.dir, contractYaml(contract), { data: folder });
    // i8 is -128 … 127: -129, 128, 65535 and 65536 fall outside; u16 is 0 … 65535: the negatives and 65536.
    expect(resultOf(run, "orders.small.format")).toMatchObject({ rule: "schema-format", status: "fail", measured: 4, message: "4 of 9 rows (44.44%) have `small` outside i8 (-128 to 127); must be 0" });
    expect(resultOf(run, "orders.medium.format")).toMatchObject({ status: "fail", measured: 4 });
    expect(resultOf(run, "orders.large.format")).toMatchObject({ status: "fail", measured: 3, message: "3 of 9 rows (33.33%) have `large` outside u64 (0 to 18446744073709551615); must be 0" });
    // Every value of these JSON integers is a BIGINT, which i64 holds: checked, and passing.
    expect(resultOf(run, "orders.wide.format")).toMatchObject({ status: "pass", measured: 0 });
  });

  it("counts the values of a column wider than BIGINT (a DuckDB database's HUGEINT, UBIGINT, DECIMAL(38,0)) an i64 or u64 cannot hold", async () => {
    const database = join(data.dir, "integer-formats-wide.duckdb");
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    await connection.run("CREATE TABLE ids (h HUGEINT, ub UBIGINT, d DECIMAL(38,0))");
    // 2^63 is no i64; 2^64 - 1 is a u64 but no i64; 2^64 is no u64.
    await connection.run("INSERT INTO ids VALUES (9223372036854775808, 18446744073709551615, 18446744073709551616), (-9223372036854775808, 0, -1), (1, 1, 1)");
    connection.closeSync();
    instance.closeSync();
    const property = (name: string, format: string) => `      - { name: ${name}, logicalType: integer, logicalTypeOptions: { format: ${format} } }\n`;
    const contract = `schema:\n  - name: ids\n    properties:\n${property("h", "i64")}${property("ub", "i64")}${property("d", "u64")}`;
    const run = await runContract(data.dir, contractYaml(contract), { data: database });
    expect(resultOf(run, "ids.h.format")).toMatchObject({ status: "fail", measured: 1, message: "1 of 3 rows (33.33%) have `h` outside i64 (-9223372036854775808 to 9223372036854775807); must be 0" });
    expect(resultOf(run, "ids.ub.format")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "ids.d.format")).toMatchObject({ status: "fail", measured: 2, message: "2 of 3 rows (66.67%) have `d` outside u64 (0 to 18446744073709551615); must be 0" });
  });
});

describe("u128 on DuckDB's integer columns", () => {
  it("holds every value of a UHUGEINT, HUGEINT, DECIMAL(38,0) or BIGINT at or below 2^128 - 1; a negative value fails it", async () => {
    // 2^128 - 1 is a UHUGEINT, which DuckDB cannot convert to the other integer types: the bound must not stop the scan.
    const database = join(data.dir, "integer-formats-u128.duckdb");
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    await connection.run("CREATE TABLE ids (uh UHUGEINT, h HUGEINT, d DECIMAL(38,0), b BIGINT)");
    await connection.run(
      "INSERT INTO ids VALUES (340282366920938463463374607431768211455, 170141183460469231731687303715884105727, 99999999999999999999999999999999999999, 9223372036854775807), (0, -1, -1, -1)",
    );
    connection.closeSync();
    instance.closeSync();
    const property = (name: string) => `      - { name: ${name}, logicalType: integer, logicalTypeOptions: { format: u128 } }\n`;
    const run = await runContract(data.dir, contractYaml(`schema:\n  - name: ids\n    properties:\n${["uh", "h", "d", "b"].map(property).join("")}`), { data: database });
    expect(resultOf(run, "ids.uh.format")).toMatchObject({ status: "pass", measured: 0, message: "0 of 2 rows (0%) have `uh` outside u128 (0 to 340282366920938463463374607431768211455); must be 0" });
    for (const column of ["h", "d", "b"]) expect(resultOf(run, `ids.${column}.format`), column).toMatchObject({ status: "fail", measured: 1 });
  });
});

describe("whole numbers beyond BIGINT in a CSV file", () => {
  // DuckDB's CSV sniffer types such a column DOUBLE (its integer candidates stop at BIGINT); JSON's reader makes it a HUGEINT.
  it("are an integer column (u64 ids pass their type check, exactly), while a fraction still fails it", async () => {
    const folder = join(data.dir, "integers-beyond-bigint");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "orders.csv"), 'id,ref,ratio\n1,18446744073709551615,1.5\n2,18446744073709551615,2\n3,"",3\n4,-5,4\n');
    const property = (name: string, options = "") => `      - { name: ${name}, logicalType: integer${options} }\n`;
    const contract = `schema:\n  - name: orders\n    properties:\n${property("id")}${property("ref", ", unique: true, logicalTypeOptions: { format: u64 }")}${property("ratio")}`;
    const run = await runContract(data.dir, contractYaml(contract), { data: folder });
    expect(resultOf(run, "orders.ref.type")).toMatchObject({ status: "pass", measured: "HUGEINT" });
    // The repeated id is compared exactly (as a double, 2^64 - 1 would be 2^64), "" is no value, -5 is no u64.
    expect(resultOf(run, "orders.ref.unique")).toMatchObject({ status: "fail", measured: 1, sample: [{ key: { ref: "18446744073709551615" }, rows: 2 }] });
    expect(resultOf(run, "orders.ref.format")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "orders.ratio.type")).toMatchObject({ status: "fail", measured: "DOUBLE" });
  });

  it("beyond HUGEINT (2^127 - 1) and never negative, as a u128 is: an integer column that holds them (UHUGEINT), checked against the format", async () => {
    // Read as HUGEINT, a valid u128 above 2^127 - 1 failed the type check as "not HUGEINT".
    const folder = join(data.dir, "integers-beyond-hugeint");
    mkdirSync(folder, { recursive: true });
    const [aboveI128, maxU128] = ["200000000000000000000000000000000000000", "340282366920938463463374607431768211455"];
    writeFileSync(join(folder, "keys.csv"), `id,u,i,mixed\n1,${maxU128},${aboveI128},-1\n2,${aboveI128},5,${aboveI128}\n3,7,,1\n`);
    const property = (name: string, format: string) => `      - { name: ${name}, logicalType: integer, unique: true, logicalTypeOptions: { format: ${format} } }\n`;
    const contract = `schema:\n  - name: keys\n    properties:\n      - { name: id, logicalType: integer }\n${property("u", "u128")}${property("i", "i128")}${property("mixed", "i128")}`;
    const run = await runContract(data.dir, contractYaml(contract), { data: folder });
    expect(resultOf(run, "keys.u.type")).toMatchObject({ status: "pass", measured: "UHUGEINT" });
    expect(resultOf(run, "keys.u.format")).toMatchObject({ status: "pass", measured: 0 });
    expect(resultOf(run, "keys.u.unique")).toMatchObject({ status: "pass", measured: 0 });
    // A whole number no i128 holds is the format check's failure, not the type check's.
    expect(resultOf(run, "keys.i.type")).toMatchObject({ status: "pass", measured: "UHUGEINT" });
    expect(resultOf(run, "keys.i.format")).toMatchObject({ status: "fail", measured: 1 });
    // Below zero and beyond HUGEINT: no DuckDB integer type holds both, and the type check says so, naming that
    // column (DuckDB's reader, given the column types, named the file's first: "id").
    expect(resultOf(run, "keys.mixed.type")).toMatchObject({
      status: "fail",
      measured: "HUGEINT",
      message: `\`mixed\` holds a value that is not HUGEINT (integer in the contract): Conversion Error: CSV Error on Line: 3: Error when converting column "mixed". Could not convert string "${aboveI128}" to 'HUGEINT'`,
    });
  });
});

describe("whole numbers written with a plus sign in a CSV file", () => {
  // DuckDB's CSV sniffer takes no sign in its integer candidates and types a column holding `+7` VARCHAR, though
  // DuckDB's cast (as PostgreSQL's, and any CSV reader of a data engineer's) reads it as the integer 7.
  it("are an integer column read as BIGINT, checked by value, while a word among them still fails the type check", async () => {
    const folder = join(data.dir, "csv-plus-signs");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "p.csv"), 'id,n,word\n1,+7,+7\n2,-3,x\n3,,+1\n');
    const contract = `schema:\n  - name: p\n    properties:\n      - { name: id, logicalType: integer }\n      - { name: n, logicalType: integer, logicalTypeOptions: { minimum: 0 } }\n      - { name: word, logicalType: integer }\n`;
    const run = await runContract(data.dir, contractYaml(contract), { data: folder });
    expect(resultOf(run, "p.n.type")).toMatchObject({ status: "pass", measured: "BIGINT" });
    expect(resultOf(run, "p.n.minimum")).toMatchObject({ status: "fail", measured: 1 });
    // (the integers among the word are read as such: the type check counts the row of the word)
    expect(resultOf(run, "p.word.type")).toMatchObject({ status: "fail", measured: 1, message: "1 of 3 rows (33.33%) have `word` text that is not a BIGINT; must be 0" });
  });
});

describe("a CSV column of integers, numbers or booleans with other text among them", () => {
  // The sniffer types such a column VARCHAR: its type check failed as a whole (`is VARCHAR in the data`), with
  // no count, row or sample, and every other check of it was not run.
  it("counts and samples the rows whose text is no such value, and checks the values that are", async () => {
    const folder = join(data.dir, "csv-mixed-text");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "m.csv"), "id,qty,price,paid,country\n1,5,2.5,true,PT\n2,x,n/a,TRUE,SE\n3,1.5,-1,maybe,PT\n4,0x10,3,t,SE\n5,-2,,false,\n");
    const contract = `schema:\n  - name: m\n    properties:\n      - { name: id, logicalType: integer }\n      - { name: qty, logicalType: integer, logicalTypeOptions: { minimum: 0 } }\n      - { name: price, logicalType: number, logicalTypeOptions: { minimum: 0 } }\n      - { name: paid, logicalType: boolean }\n      - { name: country, logicalType: integer }\n`;
    const run = await runContract(data.dir, contractYaml(contract), { data: folder });
    // `1.5` and `0x10` are integers to DuckDB's cast (2 and 16), not to the data; `t` is true to it.
    expect(resultOf(run, "m.qty.type")).toMatchObject({ status: "fail", measured: 3, message: "3 of 5 rows (60%) have `qty` text that is not a BIGINT; must be 0", sample: [{ qty: "x" }, { qty: "1.5" }, { qty: "0x10" }].map((row) => expect.objectContaining(row)) });
    expect(resultOf(run, "m.qty.minimum")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "m.price.type")).toMatchObject({ status: "fail", measured: 1, message: "1 of 5 rows (20%) have `price` text that is not a DOUBLE; must be 0" });
    expect(resultOf(run, "m.price.minimum")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "m.paid.type")).toMatchObject({ status: "fail", measured: 2, message: "2 of 5 rows (40%) have `paid` text that is not a BOOLEAN; must be 0" });
    // A column none of whose values is an integer is the wrong type as a whole.
    expect(resultOf(run, "m.country.type")).toMatchObject({ status: "fail", measured: "VARCHAR" });
  });

  // An integer beyond BIGINT among them (a u64 id) was counted as text that is no integer: BIGINT does not hold it.
  it("reads the integers as the type that holds them, beyond BIGINT too", async () => {
    const folder = join(data.dir, "csv-mixed-text-wide");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "m.csv"), `u,i\n18446744073709551615,${2n ** 64n}\nn/a,-5\n7,x\n1.5,\n`);
    const contract = `schema:\n  - name: m\n    properties:\n      - { name: u, logicalType: integer, logicalTypeOptions: { minimum: 0 } }\n      - { name: i, logicalType: integer }\n`;
    const run = await runContract(data.dir, contractYaml(contract), { data: folder });
    expect(resultOf(run, "m.u.type")).toMatchObject({ status: "fail", measured: 2, message: "2 of 4 rows (50%) have `u` text that is not a HUGEINT; must be 0", sample: [{ u: "n/a" }, { u: "1.5" }].map((row) => expect.objectContaining(row)) });
    expect(resultOf(run, "m.u.minimum")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "m.i.type")).toMatchObject({ status: "fail", measured: 1, message: "1 of 4 rows (25%) have `i` text that is not a HUGEINT; must be 0" });
  });
});

describe("infinities and NaN first in a CSV number column", () => {
  // DuckDB's CSV sniffer reads a first value `Infinity`, `inf` or `-inf` as a date or timestamp candidate
  // (`infinity` is one), and the next number then leaves it VARCHAR: a column of numbers failed its type check.
  it("is a number column when every value spells a number, while a word still fails the type check", async () => {
    const folder = join(data.dir, "csv-infinities-first");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "m.csv"), 'a,b,c,d,e\nInfinity,inf,-inf,NaN,Infinity\n1.25,2,"",1e3,abc\n,-3.5,4,5,6\n');
    const property = (name: string, options = "") => `      - { name: ${name}, logicalType: number${options} }\n`;
    const contract = `schema:\n  - name: m\n    properties:\n${property("a", ", logicalTypeOptions: { maximum: 100 }")}${property("b", ", logicalTypeOptions: { maximum: 100 }")}${property("c", ", logicalTypeOptions: { minimum: 0 }")}${property("d", ", required: true")}${property("e")}`;
    const run = await runContract(data.dir, contractYaml(contract), { data: folder });
    for (const column of ["a", "b", "c", "d"]) expect(resultOf(run, `m.${column}.type`)).toMatchObject({ status: "pass", measured: "DOUBLE" });
    // The infinities are numbers to the checks: above a maximum, below a minimum; "" is no value.
    expect(resultOf(run, "m.a.maximum")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "m.b.maximum")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "m.c.minimum")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "m.d.required")).toMatchObject({ status: "pass", measured: 0 });
    expect(resultOf(run, "m.e.type")).toMatchObject({ status: "fail", measured: 1, message: "1 of 3 rows (33.33%) have `e` text that is not a DOUBLE; must be 0" });
  });
});

describe("control characters in what the reader is given", () => {
  // The field names of a `columns` struct take literals only: written chr(27) (as emitted SQL spells it), the query was a syntax error.
  it("reads a CSV whose header names a column with an ESC or a U+0001", async () => {
    const folder = join(data.dir, "csv-control-characters");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "e.csv"), "id,na\u001bme,x\u0001y\n1,a,\n2,,3\n");
    const contract = 'schema:\n  - name: e\n    properties:\n      - { name: "na\\u001bme", logicalType: string, required: true }\n      - { name: "x\\u0001y", logicalType: integer }\n';
    const run = await runContract(data.dir, contractYaml(contract), { data: folder });
    expect(resultOf(run, "e.na\u001bme.required")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "e.x\u0001y.type")).toMatchObject({ status: "pass" });
  });
});

describe("timestamp bounds and time zones", () => {
  it("reads a bound with a UTC offset as that instant, compared with columns read as UTC", async () => {
    // created_at = 2024-01-01 00:00 + i hours (no time zone, so UTC): 01:00 UTC is above one value, and
    // 2024-01-05 02:00 UTC is at or below two (02:00 and 03:00); by their wall clocks neither would be.
    const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    properties:
      - name: created_at
        logicalType: timestamp
        logicalTypeOptions: { minimum: "2024-01-01T00:00:00-01:00", exclusiveMaximum: "2024-01-05T04:00:00+02:00" }
`;
    const run = await runContract(data.dir, contractYaml(contract));
    expect(resultOf(run, "orders.created_at.minimum")).toMatchObject({ status: "fail", measured: 1, message: "1 of 100 rows (1%) have `created_at` below the minimum 2024-01-01T00:00:00-01:00; must be 0" });
    expect(resultOf(run, "orders.created_at.exclusiveMaximum")).toMatchObject({ status: "fail", measured: 2 });
  });

  it("runs DuckDB in UTC whatever the machine's time zone, as PostgreSQL is run", async () => {
    // The session time zone decides how a TIMESTAMP WITH TIME ZONE column compares with a bound.
    const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    quality:
      - { name: zone, type: sql, query: "SELECT extract(hour FROM TIMESTAMPTZ '2024-01-01 00:00:00+00')", mustBe: 0 }
`;
    expect(resultOf(await runContract(data.dir, contractYaml(contract)), "orders.zone")).toMatchObject({ status: "pass", measured: 0 });
  });
});

describe("a SQL rule that would run for hours", () => {
  it("is stopped at the query timeout and reported as an error of that rule; the other checks still run", async () => {
    const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    quality:
      - { name: endless, type: sql, query: 'SELECT count(*) FROM range(3000000) a, range(3000000) b WHERE a.range + b.range = -1', mustBe: 0 }
      - { name: rows, metric: rowCount, mustBeGreaterThan: 0 }
`;
    const stopped = await runContract(data.dir, contractYaml(contract), { duckdb: { statementTimeoutMs: 300 } });
    expect(resultOf(stopped, "orders.endless")).toMatchObject({ status: "error", message: expect.stringContaining("the query ran longer than 0.3 s and was stopped") });
    expect(resultOf(stopped, "orders.rows")).toMatchObject({ status: "pass", measured: 100 });
  });
});

describe("a SQL rule that returns no finite number", () => {
  it("is an error, not a pass of mustNotBe", async () => {
    const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    quality:
      - { name: nan, type: sql, query: "SELECT 'NaN'::DOUBLE FROM {object} LIMIT 1", mustNotBe: 0 }
      - { name: infinite, type: sql, query: "SELECT 'Infinity'::DOUBLE", mustBeGreaterThan: 0 }
`;
    const run = await runContract(data.dir, contractYaml(contract));
    expect(resultOf(run, "orders.nan")).toMatchObject({ status: "error", message: "SQL rule `nan` returned NaN; it must return a finite number" });
    expect(resultOf(run, "orders.infinite")).toMatchObject({ status: "error", message: "SQL rule `infinite` returned Infinity; it must return a finite number" });
  });
});

describe("a SQL rule's value in its message", () => {
  it("shows every digit of the double when 15 would read as the bound it failed", async () => {
    const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    quality:
      - { name: sum, type: sql, query: "SELECT 0.1::DOUBLE + 0.2::DOUBLE", mustBeLessOrEqualTo: 0.3 }
      - { name: third, type: sql, query: "SELECT 1::DOUBLE / 3", mustBeLessThan: 1 }
`;
    const run = await runContract(data.dir, contractYaml(contract));
    expect(resultOf(run, "orders.sum")).toMatchObject({ status: "fail", message: "SQL rule `sum` returned 0.30000000000000004; must be at most 0.3" });
    expect(resultOf(run, "orders.third")).toMatchObject({ status: "pass", message: "SQL rule `third` returned 0.333333333333333; must be less than 1" });
  });
});

describe("a SQL rule that returns text", () => {
  it("is an error that names the type, never the value, even when the text spells a number (`SELECT min(ssn)`)", async () => {
    const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    quality:
      - { name: seven, type: sql, query: "SELECT '7'", mustBeGreaterThan: 1 }
      - { name: ssn, type: sql, query: "SELECT CAST(123456789 AS VARCHAR)", mustBeLessThan: 5 }
      - { name: word, type: sql, query: "SELECT 'abc'", mustBeGreaterThan: 1 }
      - { name: word-equal, type: sql, query: "SELECT 'abc'", mustBe: '1' }
      - { name: flag, type: sql, query: "SELECT true", mustBeBetween: [0, 2] }
      - { name: exact, type: sql, query: "SELECT CAST('12345678901234567890.5' AS DECIMAL(38, 1))", mustBeGreaterThan: 1 }
`;
    const run = await runContract(data.dir, contractYaml(contract));
    // Text is never shown (it may be a classified value): its type is.
    const notANumber = (name: string) => `SQL rule \`${name}\` returned a value of type VARCHAR, not a number; it must return one number (e.g. \`SELECT count(*) …\`). The value is not shown: it may be classified`;
    for (const name of ["seven", "ssn", "word", "word-equal"]) expect(resultOf(run, `orders.${name}`)).toMatchObject({ status: "error", measured: null, message: notANumber(name) });
    expect(run.findings.map((f) => f.message).join("\n")).not.toMatch(/abc|123456789|\b7\b/);
    expect(resultOf(run, "orders.flag").status).toBe("error");
    // A number type the driver hands over as text is that number.
    expect(resultOf(run, "orders.exact")).toMatchObject({ status: "pass" });
  });
});

describe("value lists on a DECIMAL column", () => {
  it("compare numbers and strings that spell numbers as numbers: 1.00 is 1, whatever its text", async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const file = join(data.data, "amounts.parquet").replaceAll("'", "''");
    await connection.run(`COPY (SELECT CAST(v AS DECIMAL(10,2)) AS amt FROM (VALUES (1), (2), (3), (3.5), (NULL), (10.25)) t(v)) TO '${file}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: amounts
    properties:
      - name: amt
        logicalType: number
        quality:
          - { name: missing, metric: missingValues, arguments: { missingValues: [1, 2.0, '3'] }, mustBe: 0 }
          - { name: missing_or_word, metric: missingValues, arguments: { missingValues: [1, n/a, null] }, mustBe: 0 }
          - { name: invalid, metric: invalidValues, arguments: { validValues: [1, '2', 3.5] }, mustBe: 0 }
          - { name: invalid_words, metric: invalidValues, arguments: { validValues: [n/a] }, mustBe: 0 }
`;
    const run = await runContract(data.dir, contractYaml(contract));
    expect(resultOf(run, "amounts.amt.type")).toMatchObject({ status: "pass", measured: "DECIMAL(10,2)" });
    expect(resultOf(run, "amounts.amt.missing")).toMatchObject({ status: "fail", measured: 3 });
    expect(resultOf(run, "amounts.amt.missing_or_word")).toMatchObject({ status: "fail", measured: 2 });
    expect(resultOf(run, "amounts.amt.invalid")).toMatchObject({ status: "fail", measured: 2 });
    expect(resultOf(run, "amounts.amt.invalid").sample).toEqual([{ amt: "3.00" }, { amt: "10.25" }]);
    expect(resultOf(run, "amounts.amt.invalid_words")).toMatchObject({ status: "fail", measured: 5 });
  });
});

describe("what a SQL rule prints", () => {
  const contract = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    properties:
      - name: email
        logicalType: string
        classification: restricted
    quality:
      - { name: leak, type: sql, query: "SELECT max(email) FROM {object}", mustBeGreaterThan: 0 }
      - { name: leak-equal, type: sql, query: "SELECT max(email) FROM {object}", mustBe: '1' }
      - { name: leak-date, type: sql, query: "SELECT max(created_at) FROM {object}", mustBe: 1 }
      - { name: leak-cast, type: sql, query: "SELECT CAST(max(email) AS INTEGER) FROM {object}", mustBe: 1 }
      - { name: over, type: sql, query: "SELECT 1000.0001", mustBeLessOrEqualTo: 1000 }
      - { name: under, type: sql, query: "SELECT 999.9999", mustBeGreaterOrEqualTo: 1000 }
      - { name: tiny, type: sql, query: "SELECT 0.0000123", mustBeLessThan: 0.00001 }
      - { name: flag, type: sql, query: "SELECT count(*) > 0 FROM {object}", mustBe: true }
      - { name: flag-as-number, type: sql, query: "SELECT count(*) > 0 FROM {object}", mustBe: 1 }
      - { name: flag-not-number, type: sql, query: "SELECT true", mustNotBe: 1 }
      - { name: count-as-flag, type: sql, query: "SELECT count(*) FROM {object}", mustBe: true }
`;

  it("never a text value (it may be classified): an error naming its type", async () => {
    const run = await runContract(data.dir, contractYaml(contract));
    expect(resultOf(run, "orders.leak")).toMatchObject({ status: "error", measured: null, message: expect.stringContaining("returned a value of type VARCHAR, not a number") });
    expect(resultOf(run, "orders.leak-equal")).toMatchObject({ status: "error", measured: null });
    expect(resultOf(run, "orders.leak-date")).toMatchObject({ status: "error", message: expect.stringContaining("returned a value of type TIMESTAMP, not a number") });
    expect(resultOf(run, "orders.leak-cast")).toMatchObject({ status: "error", message: expect.stringMatching(/^SQL rule `leak-cast` failed: Conversion Error: .*string '\*\*\*'/) });
    expect(resultOf(run, "orders.flag")).toMatchObject({ status: "pass", measured: true });
    // A boolean against a number (or a number against a boolean) is never equal: an error, not a fail or a pass.
    expect(resultOf(run, "orders.flag-as-number")).toMatchObject({ status: "error", message: "SQL rule `flag-as-number` returned a boolean, but its rule compares it with a number (must be 1): return a number, or compare with one" });
    expect(resultOf(run, "orders.flag-not-number")).toMatchObject({ status: "error" });
    expect(resultOf(run, "orders.count-as-flag")).toMatchObject({ status: "error", message: expect.stringContaining("returned a number, but its rule compares it with a boolean") });
    const printed = JSON.stringify(run);
    expect(printed).not.toMatch(/user\d+@example\.com/);
    expect(printed).not.toContain("2024-01-05");
  });

  it("never a time of day, which the driver hands over as its microseconds (a bigint): an error naming its type", async () => {
    const times = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    quality:
      - { name: midnight, type: sql, query: "SELECT TIME '00:00:00'", mustBe: 0 }
      - { name: second, type: sql, query: "SELECT TIME '00:00:01'", mustBeGreaterThan: 0 }
      - { name: nanos, type: sql, query: "SELECT TIME_NS '00:00:00'", mustBe: 0 }
`;
    const run = await runContract(data.dir, contractYaml(times));
    expect(resultOf(run, "orders.midnight")).toMatchObject({ status: "error", measured: null, message: expect.stringContaining("returned a value of type TIME, not a number") });
    expect(resultOf(run, "orders.second")).toMatchObject({ status: "error", measured: null, message: expect.stringContaining("returned a value of type TIME, not a number") });
    expect(resultOf(run, "orders.nanos")).toMatchObject({ status: "error", measured: null, message: expect.stringContaining("returned a value of type TIME_NS, not a number") });
  });

  it("a value computed from a classified column masked, as its samples are; a count of rows shown", async () => {
    const leaks = `servers:
  - { server: local, type: local, path: "./data/{model}.parquet" }
schema:
  - name: orders
    properties:
      - { name: email, logicalType: string, classification: restricted }
      - { name: amount, logicalType: number }
    quality:
      - { name: length, type: sql, query: "SELECT length(max(email)) FROM {object}", mustBe: 0 }
      - { name: aliased, type: sql, query: "SELECT max(length(o.\\"EMAIL\\")) FROM orders AS o", mustBe: 0 }
      - { name: whole-row, type: sql, query: "SELECT max(length(CAST(o AS VARCHAR))) FROM orders o", mustBe: 0 }
      - { name: star, type: sql, query: "SELECT max(length(e)) FROM (SELECT * FROM orders) AS s(i, st, e)", mustBe: 0 }
      - { name: counted-range, type: sql, query: "SELECT count(*) FROM range((SELECT length(max(email)) FROM orders))", mustBe: 0 }
      - { name: amount, type: sql, query: "SELECT max(amount) FROM {object}", mustBe: 0 }
      - { name: null-emails, type: sql, query: "SELECT count(*) FROM {object} WHERE email IS NULL", mustBe: 0 }
      - { name: empty-emails, type: sql, query: "SELECT count(*) FROM orders o WHERE o.email = ''", mustBe: 0 }
`;
    const run = await runContract(data.dir, contractYaml(leaks));
    for (const name of ["length", "aliased", "whole-row", "star", "counted-range"]) {
      expect(resultOf(run, `orders.${name}`)).toMatchObject({ status: "fail", measured: "***", message: `SQL rule \`${name}\` returned *** (masked: the query reads a classified column); must be 0` });
    }
    expect(resultOf(run, "orders.amount")).toMatchObject({ status: "fail", measured: 940 });
    expect(resultOf(run, "orders.null-emails")).toMatchObject({ status: "fail", measured: 5 });
    expect(resultOf(run, "orders.empty-emails")).toMatchObject({ status: "fail", measured: 5 });
  });

  it("placeholders after DuckDB's `//` (integer division; a comment only in Snowflake) are put in, a classified column's value masked", async () => {
    // `{object}` after `//` was left as written (Snowflake's reading made the rest of the line a comment): a syntax error.
    const rule = (name: string, query: string, mustBe: number) => `{ name: ${name}, type: sql, query: "${query}", mustBe: ${mustBe} }`;
    const divided = `servers: [{ server: local, type: local, path: "./data/{model}.parquet" }]
schema:
  - name: orders
    properties:
      - { name: email, logicalType: string, classification: restricted, quality: [${rule("divided", "SELECT 0 // 1 + length(max({property})) FROM {object}", 0)}] }
      - { name: quantity, logicalType: integer, quality: [${rule("halved", "SELECT max({property}) // 2 FROM {object}", 3)}] }
    quality:
      - ${rule("halved", "SELECT count(*) // 2 FROM {object}", 50)}
      - ${rule("counted", "SELECT count(*) FROM {object} WHERE quantity // 2 = 3 AND order_id IN (SELECT order_id FROM {object})", 14)}
`;
    const run = await runContract(data.dir, contractYaml(divided));
    expect(resultOf(run, "orders.halved")).toMatchObject({ status: "pass", measured: 50 });
    expect(resultOf(run, "orders.counted")).toMatchObject({ status: "pass", measured: 14 });
    expect(resultOf(run, "orders.quantity.halved")).toMatchObject({ status: "pass", measured: 3 });
    expect(resultOf(run, "orders.email.divided")).toMatchObject({ status: "fail", measured: "***", message: "SQL rule `divided` returned *** (masked: the query reads a classified column); must be 0" });
  });

  it("every significant digit, so a failing value never reads as the bound it breaks", async () => {
    const run = await runContract(data.dir, contractYaml(contract));
    expect(resultOf(run, "orders.over")).toMatchObject({ status: "fail", measured: 1000.0001, message: "SQL rule `over` returned 1,000.0001; must be at most 1,000" });
    expect(resultOf(run, "orders.under")).toMatchObject({ status: "fail", message: "SQL rule `under` returned 999.9999; must be at least 1,000" });
    expect(resultOf(run, "orders.tiny")).toMatchObject({ status: "fail", message: "SQL rule `tiny` returned 0.0000123; must be less than 0.00001" });
  });
});

describe("a time bound on a TIME WITH TIME ZONE column (a Parquet TIME adjusted to UTC)", () => {
  // DuckDB compares no TIMETZ with a plain TIME (a Binder Error, and the check could not run): the bound is the time at UTC.
  it("counts the values outside the bounds, by their UTC time", async () => {
    const file = join(data.dir, "zoned-times.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    // 10:00+02 is 08:00 UTC, below 09:00; 23:00+00 is above 22:00; 12:00+00 is within; a null is no value.
    await connection.run(`COPY (SELECT CAST(t AS TIMETZ) AS at FROM (VALUES ('10:00:00+02'), ('23:00:00+00'), ('12:00:00+00'), (NULL)) v(t)) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const contract = `schema:\n  - name: visits\n    properties:\n      - { name: at, logicalType: time, logicalTypeOptions: { minimum: "09:00:00", maximum: "22:00:00" } }\n`;
    const run = await runContract(data.dir, contractYaml(contract), { data: file });
    expect(resultOf(run, "visits.at.type")).toMatchObject({ status: "pass", measured: "TIME WITH TIME ZONE" });
    expect(resultOf(run, "visits.at.minimum")).toMatchObject({ status: "fail", measured: 1, failedRows: 1 });
    expect(resultOf(run, "visits.at.maximum")).toMatchObject({ status: "fail", measured: 1, failedRows: 1 });
  });

  it("counts them against bounds written with an offset, as provision's TIMETZ column is written", async () => {
    // `timezone: true` is a TIMETZ column (meshkit provision); its bounds written so were refused as no time.
    const database = join(data.dir, "zoned-times.duckdb");
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    // A bound is compared within its own day: 10:00+02 is 09:00+01, below 09:30+01; 23:00+00 is 00:00+01, also
    // before the day's 09:30 (and after no 23:00 of it); 12:00+00 is 13:00+01, within.
    await connection.run("CREATE TABLE visits AS SELECT CAST(t AS TIMETZ) AS at FROM (VALUES ('10:00:00+02'), ('23:00:00+00'), ('12:00:00+00'), (NULL)) v(t)");
    connection.closeSync();
    instance.closeSync();
    const contract = `servers:\n  - { server: wh, type: duckdb, database: ./zoned-times.duckdb }\nschema:\n  - name: visits\n    properties:\n      - { name: at, logicalType: time, logicalTypeOptions: { timezone: true, minimum: "09:30:00+01:00", maximum: "23:00:00+01:00" } }\n`;
    const run = await runContract(data.dir, contractYaml(contract), { server: "wh" });
    expect(resultOf(run, "visits.at.minimum")).toMatchObject({ status: "fail", measured: 2, failedRows: 2 });
    expect(resultOf(run, "visits.at.maximum")).toMatchObject({ status: "pass", measured: 0 });
  });

  it("counts a window its offset moves across midnight at UTC within that window, not as crossed bounds", async () => {
    // 01:00+02:00 to 03:00+02:00 is 23:00 to 01:00 at UTC: 23:30 and 00:30 (UTC) are within it. Compared at UTC as two
    // bounds, every time failed one of them (23:30 above 01:00, 00:30 below 23:00), and lint said the bounds crossed.
    const file = join(data.dir, "night-shift.csv");
    writeFileSync(file, "at\n23:30:00\n00:30:00\n22:30:00\n12:00:00\n\n");
    const contract = `schema:\n  - name: shifts\n    properties:\n      - { name: at, logicalType: time, logicalTypeOptions: { minimum: "01:00:00+02:00", maximum: "03:00:00+02:00" } }\n`;
    const run = await runContract(data.dir, contractYaml(contract), { data: file });
    // 22:30 is 00:30+02:00, before 01:00 of its day; 12:00 is 14:00+02:00, after 03:00.
    expect(resultOf(run, "shifts.at.minimum")).toMatchObject({ status: "fail", measured: 1, sample: [{ at: "22:30:00" }] });
    expect(resultOf(run, "shifts.at.maximum")).toMatchObject({ status: "fail", measured: 1, sample: [{ at: "12:00:00" }] });
  });
});

describe("a UHUGEINT column of a DuckDB database", () => {
  // DuckDB meets a UHUGEINT with an INTEGER parameter by casting the column to BIGINT: 2^128 - 1 stopped every
  // range and value-list check (a Conversion Error), and `uhugeint % $1` miscounted.
  it("is compared with the contract's numbers exactly, values beyond BIGINT included", async () => {
    const database = join(data.dir, "unsigned-huge.duckdb");
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    await connection.run("CREATE TABLE counters (n UHUGEINT)");
    // 2^128 - 1 is a multiple of 3 (2^128 is 1 modulo 3); 7 is not; 0 is.
    await connection.run("INSERT INTO counters VALUES (340282366920938463463374607431768211455), (7), (0), (NULL)");
    connection.closeSync();
    instance.closeSync();
    const contract = `schema:
  - name: counters
    properties:
      - name: n
        logicalType: integer
        logicalTypeOptions: { minimum: 1, maximum: 100, exclusiveMinimum: -5, multipleOf: 3 }
        quality:
          - { metric: invalidValues, arguments: { validValues: [0, 7] }, mustBe: 0 }
`;
    const run = await runContract(data.dir, contractYaml(contract), { data: database });
    expect(resultOf(run, "counters.n.minimum")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "counters.n.exclusiveMinimum")).toMatchObject({ status: "pass", measured: 0 });
    expect(resultOf(run, "counters.n.maximum")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "counters.n.multipleOf")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "counters.n.invalidValues")).toMatchObject({ status: "fail", measured: 1 });
  });

  // CAST(1e39 AS UHUGEINT) is a Conversion Error: a whole bound beyond 2^128 - 1 stopped the check it is in.
  // It is met as a double, as a fraction or a negative bound is.
  it("meets a whole bound beyond the type's range (1e39, 10^39) as a number above every value (a double)", async () => {
    const database = join(data.dir, "unsigned-huge-beyond.duckdb");
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    await connection.run("CREATE TABLE counters (n UHUGEINT, m UHUGEINT)");
    await connection.run("INSERT INTO counters VALUES (340282366920938463463374607431768211455, 340282366920938463463374607431768211455), (7, 7)");
    connection.closeSync();
    instance.closeSync();
    const contract = `schema:
  - name: counters
    properties:
      - { name: n, logicalType: integer, logicalTypeOptions: { maximum: 1.0e39, exclusiveMinimum: 0 } }
      - { name: m, logicalType: integer, logicalTypeOptions: { exclusiveMaximum: 1000000000000000000000000000000000000000 } }
`;
    const run = await runContract(data.dir, contractYaml(contract), { data: database });
    expect(resultOf(run, "counters.n.maximum")).toMatchObject({ status: "pass", measured: 0 });
    expect(resultOf(run, "counters.n.exclusiveMinimum")).toMatchObject({ status: "pass", measured: 0 });
    expect(resultOf(run, "counters.m.exclusiveMaximum")).toMatchObject({ status: "pass", measured: 0 });
  });
});

describe("a timestamp bound with nanoseconds on a TIMESTAMP_NS column (a Parquet TIMESTAMP(NANOS))", () => {
  // A TIMESTAMP literal holds microseconds: the bound's last three digits were cut, and the values at it passed.
  it("is compared to the nanosecond", async () => {
    const file = join(data.dir, "nanosecond-times.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const values = ["2024-01-01 10:00:00.123456789", "2024-01-01 10:00:00.1234565", "2024-01-01 10:00:00.12345679"].map((v) => `('${v}')`).join(", ");
    await connection.run(`COPY (SELECT CAST(t AS TIMESTAMP_NS) AS at FROM (VALUES ${values}) v(t)) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const contract = `schema:
  - name: events
    properties:
      - { name: at, logicalType: timestamp, logicalTypeOptions: { exclusiveMinimum: "2024-01-01T10:00:00.123456789Z" } }
`;
    const run = await runContract(data.dir, contractYaml(contract), { data: file });
    expect(resultOf(run, "events.at.type")).toMatchObject({ status: "pass", measured: "TIMESTAMP_NS" });
    // .123456789 is the bound, .1234565 below it; .12345679 is above it by a nanosecond.
    expect(resultOf(run, "events.at.exclusiveMinimum")).toMatchObject({ status: "fail", measured: 2, failedRows: 2 });
  });

  // A TIMESTAMP_NS spans 1677-09-21 to 2262-04-11: CAST('9999-12-31 …' AS TIMESTAMP_NS) stopped the whole check.
  it("takes a bound beyond the type's range (a 9999-12-31 maximum, a 1600 minimum) as beyond every finite value", async () => {
    const file = join(data.dir, "nanosecond-range.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const values = ["2024-01-01 10:00:00.123456789", "2262-04-11 23:47:16.854775806", "1677-09-22 00:00:00", "infinity"].map((v) => `('${v}')`).join(", ");
    await connection.run(`COPY (SELECT CAST(t AS TIMESTAMP_NS) AS at, CAST(t AS TIMESTAMP_NS) AS wall FROM (VALUES ${values}) v(t)) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const contract = `schema:
  - name: events
    properties:
      - { name: at, logicalType: timestamp, logicalTypeOptions: { minimum: "1600-01-01T00:00:00Z", maximum: "9999-12-31T23:59:59Z" } }
      - { name: wall, logicalType: timestamp, logicalTypeOptions: { maximum: "9999-12-31T23:59:59", exclusiveMinimum: "0001-01-01T00:00:00" } }
`;
    const run = await runContract(data.dir, contractYaml(contract), { data: file });
    expect(resultOf(run, "events.at.minimum")).toMatchObject({ status: "pass", measured: 0 });
    // The last finite instant is inside the maximum; infinity is beyond it.
    expect(resultOf(run, "events.at.maximum")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "events.wall.maximum")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "events.wall.exclusiveMinimum")).toMatchObject({ status: "pass", measured: 0 });
  });

  // 9999-12-31T23:00:00-05:00 is 10000-01-01 04:00 UTC: its UTC text was `+010000-01-01 04:00`, which no engine
  // reads (a Conversion Error on a TIMESTAMP) and which sorted before 1677, so a TIMESTAMP_NS maximum became -infinity.
  it("takes a bound a negative offset carries into year 10000 as beyond every finite value, on a TIMESTAMP too", async () => {
    const file = join(data.dir, "nanosecond-year-10000.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const values = ["2024-01-01 10:00:00.123456789", "2262-04-11 23:47:16.854775806"].map((v) => `('${v}')`).join(", ");
    await connection.run(`COPY (SELECT CAST(t AS TIMESTAMP_NS) AS at, CAST(t AS TIMESTAMP) AS micro FROM (VALUES ${values}) v(t)) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const contract = `schema:
  - name: events
    properties:
      - { name: at, logicalType: timestamp, logicalTypeOptions: { maximum: "9999-12-31T23:00:00-05:00" } }
      - { name: micro, logicalType: timestamp, logicalTypeOptions: { exclusiveMaximum: "9999-12-31T23:00:00-05:00" } }
`;
    const run = await runContract(data.dir, contractYaml(contract), { data: file });
    expect(resultOf(run, "events.at.maximum")).toMatchObject({ status: "pass", measured: 0 });
    expect(resultOf(run, "events.micro.exclusiveMaximum")).toMatchObject({ status: "pass", measured: 0 });
  });
});
