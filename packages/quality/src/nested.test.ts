/**
 * Nested properties: fields of objects (STRUCT columns) and items of arrays (LIST columns) are checked
 * on DuckDB inside the object's one scan; elsewhere (PostgreSQL, other dialects' `--emit-sql`) each of
 * their checks is a `quality-not-checked` warning, never a silent pass.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planChecks } from "./checks.js";
import { compileObjectScan, compilePlanStatements } from "./compile.js";
import { getDialect } from "./dialects.js";
import { type QueryExecutor, executePlan } from "./engine.js";
import { parseDuckDbType, resolveNestedType } from "./nested-types.js";
import { emitContractSql } from "./project.js";
import type { QualityRun } from "./run.js";
import { contractDocument, contractYaml, resultOf, runContract, runOnFile } from "./test-support.js";

/**
 * 6 orders. Where a count below says "rows", a row counts once however many of its items fail.
 * - customer.email (required, format email, unique): null in row 2 (customer present) → 1 required;
 *   'not-an-email' in row 3 → 1 format; row 4 has no customer at all, which is no null email.
 * - customer.name: null in row 5 → 1 nullValues; 'n/a' (row 3) and null (row 5) → 2 missingValues.
 * - customer.address.zip (required, maxLength 5, pattern digits): '1234567' (row 2) → 1 maxLength;
 *   'abcde' (row 6) → 1 pattern; null in row 5 (address present) → 1 required; row 3's address is null.
 * - lines[].sku (required): null in an item of row 2 → 1 row.
 * - lines[].qty (minimum 1): 0 in row 2, -1 in row 5 → 2 rows.
 * - tags[] (pattern ^[a-z]+$): 'UP' (row 2), 'x1' (row 5) → 2 rows.
 */
const ORDERS_JSON = [
  { id: 1, customer: { email: "a@x.io", name: "Ann", address: { zip: "12345" } }, lines: [{ sku: "A", qty: 1 }], tags: ["ok"] },
  { id: 2, customer: { email: null, name: "Bob", address: { zip: "1234567" } }, lines: [{ sku: null, qty: 0 }, { sku: "B", qty: 2 }], tags: ["UP", "ok"] },
  { id: 3, customer: { email: "not-an-email", name: "n/a", address: null }, lines: [], tags: [] },
  { id: 4, customer: null, lines: null, tags: null },
  { id: 5, customer: { email: "e@x.io", name: null, address: { zip: null } }, lines: [{ sku: "C", qty: -1 }], tags: ["x1"] },
  { id: 6, customer: { email: "f@x.io", name: "Fay", address: { zip: "abcde" } }, lines: [{ sku: "D", qty: 5 }], tags: ["ok"] },
];

const CONTRACT = contractYaml(`servers:
  - server: local
    type: local
    path: ./data/{model}.json
    format: json
schema:
  - name: orders
    properties:
      - name: id
        logicalType: integer
      - name: customer
        logicalType: object
        properties:
          - name: email
            logicalType: string
            classification: restricted
            required: true
            unique: true
            logicalTypeOptions:
              format: email
          - name: name
            logicalType: string
            quality:
              - metric: nullValues
                mustBe: 0
              - name: name_missing
                metric: missingValues
                arguments:
                  missingValues: [null, 'n/a']
                mustBe: 0
          - name: phone
            logicalType: string
            required: true
          - name: address
            logicalType: object
            properties:
              - name: zip
                logicalType: string
                required: true
                logicalTypeOptions:
                  maxLength: 5
                  pattern: '^[0-9]+$'
      - name: lines
        logicalType: array
        items:
          logicalType: object
          properties:
            - name: sku
              logicalType: string
              required: true
            - name: qty
              logicalType: integer
              logicalTypeOptions:
                minimum: 1
      - name: tags
        logicalType: array
        items:
          logicalType: string
          logicalTypeOptions:
            pattern: '^[a-z]+$'
`);

/** The 1-based line of the first contract line containing `text` after the line containing `after`. */
function lineOf(text: string, after: string): number {
  const lines = CONTRACT.split("\n");
  const start = lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, i) => i > start && line.includes(text));
  if (start === -1 || index === -1) throw new Error(`not in the contract: ${text}`);
  return index + 1;
}

let root: string;
let run: QualityRun;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "meshkit-nested-"));
  mkdirSync(join(root, "data"));
  writeFileSync(join(root, "data", "orders.json"), JSON.stringify(ORDERS_JSON));
  run = await runContract(root, CONTRACT);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("nested properties under objects, on DuckDB", () => {
  it.each([
    ["orders.customer.email.required", "schema-required", 1],
    ["orders.customer.email.format", "schema-format", 1],
    ["orders.customer.name.nullValues", "quality-null-values", 1],
    ["orders.customer.name.name_missing", "quality-missing-values", 2],
    ["orders.customer.address.zip.required", "schema-required", 1],
    ["orders.customer.address.zip.maxLength", "schema-length", 1],
    ["orders.customer.address.zip.pattern", "schema-pattern", 1],
  ])("%s counts %s failures exactly", (id, rule, failed) => {
    expect(resultOf(run, id)).toMatchObject({ rule, status: "fail", failedRows: failed, rowsChecked: 6 });
  });

  it("names the property by its path, and points the finding at the nested property's line", () => {
    const result = resultOf(run, "orders.customer.email.required");
    expect(result).toMatchObject({ property: "customer.email", path: "/schema/0/properties/1/properties/0/required" });
    expect(result.message).toBe("1 of 6 rows (16.67%) have a null `customer.email`; must be 0");
    const finding = run.findings.find((f) => f.ruleId === "schema-required" && f.message.includes("`customer.email`"));
    expect(finding?.line).toBe(lineOf("required: true", "- name: email"));
    const zip = run.findings.find((f) => f.ruleId === "schema-length");
    expect(zip?.line).toBe(lineOf("maxLength: 5", "- name: zip"));
  });

  it("reads existence and type from the column's STRUCT type", () => {
    expect(resultOf(run, "orders.customer.email.exists")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "orders.customer.address.type")).toMatchObject({ status: "pass", measured: "STRUCT(zip VARCHAR)" });
    expect(resultOf(run, "orders.customer.phone.exists")).toMatchObject({ status: "fail", rule: "schema-column-exists", message: "`customer.phone` is declared but is not a field of `customer` (fields: email, name, address)" });
    // The missing field is one finding; its other checks could not run and say why.
    expect(resultOf(run, "orders.customer.phone.required")).toMatchObject({ status: "error", message: "Not checked: `customer.phone` is not a field of `customer`." });
    expect(run.findings.filter((f) => f.message.includes("customer.phone"))).toHaveLength(1);
  });

  it("masks the whole column in samples when a nested property is classified", () => {
    const sample = resultOf(run, "orders.customer.email.format").sample;
    expect(sample).toHaveLength(1);
    expect(sample![0]).toMatchObject({ id: "3", customer: "***" });
  });

  it("runs in the object's one scan, with every name part quoted", () => {
    const plan = planChecks(contractDocument(root, CONTRACT).value as never);
    const scan = compileObjectScan(plan.objects[0]!, getDialect("duckdb"));
    expect(scan.query.sql).toContain(`(("customer")."address" IS NOT NULL AND ((("customer")."address")."zip" IS NULL)) THEN 1 END)`);
    expect(scan.query.sql).toContain(`len(list_filter("lines", lambda meshkit_item_1: meshkit_item_1 IS NOT NULL AND ((meshkit_item_1)."sku" IS NULL))) > 0`);
    expect(scan.query.sql.match(/\bFROM\b/g)).toHaveLength(1);
  });
});

describe("nested properties in the items of arrays, on DuckDB", () => {
  it.each([
    ["orders.lines[].sku.required", "schema-required", 1],
    ["orders.lines[].qty.minimum", "schema-range", 2],
    ["orders.tags[].pattern", "schema-pattern", 2],
  ])("%s counts the rows with a failing item: %s %s", (id, rule, failed) => {
    expect(resultOf(run, id)).toMatchObject({ rule, status: "fail", failedRows: failed, rowsChecked: 6 });
  });

  it("says that it counts rows", () => {
    expect(resultOf(run, "orders.lines[].qty.minimum").message).toBe("2 of 6 rows (33.33%) have `lines[].qty` below the minimum 1 in at least one item; must be 0");
    expect(resultOf(run, "orders.lines[].sku.exists")).toMatchObject({ status: "pass" });
  });
});

describe("nested checks that are not run are reported", () => {
  it("unique on a nested property is a quality-not-checked warning", () => {
    const result = resultOf(run, "orders.customer.email.unique");
    expect(result).toMatchObject({ status: "warn", severity: "warning", rule: "schema-unique" });
    expect(result.message).toMatch(/^Not checked: `unique` of nested property `customer.email` \(under an object\) is not checked/);
    const finding = run.findings.find((f) => f.ruleId === "quality-not-checked");
    expect(finding).toMatchObject({ severity: "warning", line: lineOf("unique: true", "- name: email") });
  });

  it("on an engine without nested access (PostgreSQL), every nested check is a warning and nothing nested is queried", async () => {
    const plan = planChecks(contractDocument(root, CONTRACT).value as never);
    const queries: string[] = [];
    const executor: QueryExecutor = {
      dialect: getDialect("postgres"),
      parameters: "bound",
      describe: async () => ({
        relation: ["public", "orders"],
        columns: [
          { name: "id", type: "bigint" },
          { name: "customer", type: "jsonb" },
          { name: "lines", type: "jsonb[]" },
          { name: "tags", type: "text[]" },
        ],
      }),
      queryValues: async (query) => {
        queries.push(query.sql);
        return [[6, 0, 0, 0]];
      },
      queryJson: async () => [],
    };
    const { outcomes } = await executePlan(plan, executor, { now: new Date(), sampleSize: 0 });
    const nested = outcomes.filter((o) => o.result.property?.includes(".") || o.result.property?.endsWith("[]"));
    expect(nested.length).toBeGreaterThan(15);
    // Existence and types come from the column's type name: `text[]` holds strings; jsonb is no STRUCT to look into.
    expect(outcomes.find((o) => o.result.id === "orders.tags[].type")?.result).toMatchObject({ status: "pass", measured: "text" });
    // One warning for the jsonb column the nested properties are inside, naming them all; their other checks say so in their results.
    expect(outcomes.find((o) => o.result.id === "orders.customer.email.exists")?.result.message).toBe(
      "Not checked: nested properties `customer.email`, `customer.name`, `customer.phone`, `customer.address`, `customer.address.zip` are inside `customer`, which is jsonb in the data, not a STRUCT: nested properties are checked inside STRUCT and LIST values.",
    );
    expect(outcomes.find((o) => o.result.id === "orders.customer.address.zip.exists")?.result.message).toBe(
      "Not checked: nested property `customer.address.zip` is inside `customer`, which is jsonb in the data, not a STRUCT: nested properties are checked inside STRUCT and LIST values.",
    );
    expect(nested.filter((o) => o.result.status === "pass").map((o) => o.result.id)).toEqual(["orders.lines[].type", "orders.tags[].type"]);
    for (const { result } of nested.filter((o) => o.result.status !== "pass")) expect(result.status).toBe("warn");
    const warned = nested.filter((o) => o.finding !== undefined);
    for (const { finding } of warned) expect(finding).toEqual({ ruleId: "quality-not-checked", severity: "warning" });
    expect(warned.filter((o) => o.result.message.includes("inside `customer`")).map((o) => o.result.id)).toEqual(["orders.customer.email.exists"]);
    expect(outcomes.find((o) => o.result.id === "orders.customer.email.required")?.result.message).toBe(
      "Not checked: nested property `customer.email` (under an object) is checked on DuckDB only, not on postgres.",
    );
    expect(queries.join("\n")).not.toMatch(/email|zip|sku|qty/);
  });

  /** A contract run over a DuckDB table `items` whose `attrs` column is the MAP `map`, declared an object of `nested` properties. */
  async function runOverMapColumn(map: string, nested: readonly string[]): Promise<Awaited<ReturnType<typeof runContract>>> {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-nested-map-"));
    try {
      const setup = await DuckDBInstance.create(join(dir, "attrs.duckdb"));
      const connection = await setup.connect();
      await connection.run(`CREATE TABLE main.items AS SELECT 1 AS id, ${map} AS attrs`);
      connection.closeSync();
      setup.closeSync();
      return await runContract(
        dir,
        contractYaml(`servers:
  - server: db
    type: duckdb
    path: ./attrs.duckdb
    schema: main
schema:
  - name: items
    properties:
      - { name: id, logicalType: integer }
      - name: attrs
        logicalType: object
        properties:
${nested.map((property) => `          - ${property}`).join("\n")}
`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("nested properties inside a MAP column: one warning naming them all, not one per check", async () => {
    const run = await runOverMapColumn("MAP {'a': 1, 'b': 2}", ["{ name: a, logicalType: integer, required: true }", "{ name: b, logicalType: integer }"]);
    expect(run.findings.map((f) => [f.ruleId, f.message])).toEqual([
      [
        "quality-not-checked",
        "Not checked: nested properties `attrs.a`, `attrs.b` are inside `attrs`, which is MAP(VARCHAR, INTEGER) in the data, not a STRUCT: nested properties are checked inside STRUCT and LIST values.",
      ],
    ]);
    // Every check below the MAP still says it was not checked: a warning, never a pass.
    for (const id of ["items.attrs.a.exists", "items.attrs.a.type", "items.attrs.a.required", "items.attrs.b.exists", "items.attrs.b.type"]) {
      expect(resultOf(run, id)).toMatchObject({ status: "warn", message: expect.stringContaining("inside `attrs`, which is MAP(VARCHAR, INTEGER)") });
    }
  });

  it("nested properties inside a MAP column: the one warning names the first eight and how many in all", async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `k${i + 1}`);
    const run = await runOverMapColumn("MAP {'k1': 1}", keys.map((k) => `{ name: ${k}, logicalType: integer }`));
    // (3,000 properties named in full made one 40 KB line, a GitHub annotation)
    expect(run.findings.map((f) => f.message)).toEqual([
      "Not checked: nested properties `attrs.k1`, `attrs.k2`, `attrs.k3`, `attrs.k4`, `attrs.k5`, `attrs.k6`, `attrs.k7`, `attrs.k8`, … 12 in all are inside `attrs`, which is MAP(VARCHAR, INTEGER) in the data, not a STRUCT: nested properties are checked inside STRUCT and LIST values.",
    ]);
    expect(resultOf(run, "items.attrs.k12.type")).toMatchObject({ status: "warn", message: expect.stringContaining("`attrs.k12` is inside `attrs`") });
  });

  it("--emit-sql lists them as `-- not checked:` lines for dialects other than duckdb, and as SQL for duckdb", async () => {
    contractDocument(root, CONTRACT);
    const options = { cwd: root, paths: ["contract.odcs.yaml"] };
    const postgres = await emitContractSql({ ...options, dialect: "postgres" });
    expect(postgres.sql).toContain("-- not checked: orders.customer.email.required: nested property `customer.email` (under an object) is checked on DuckDB only, not on postgres.");
    expect(postgres.sql).toContain("-- not checked: orders.lines[].qty.minimum: nested property `lines[].qty` (in the items of an array) is checked on DuckDB only, not on postgres.");
    expect(postgres.statements.map((s) => s.sql).join("\n")).not.toMatch(/zip|sku|qty/);
    expect(postgres.notChecked.find((f) => f.message.includes("customer.email") && f.ruleId === "quality-not-checked")).toMatchObject({ severity: "warning" });
    const duckdb = await emitContractSql({ ...options, dialect: "duckdb" });
    expect(duckdb.sql).not.toContain("checked on DuckDB only");
    expect(duckdb.sql).toContain("-- not checked: orders.customer.email.unique: `unique` of nested property");
    expect(duckdb.sql).toContain(`(("customer")."address")."zip"`);
    expect(compilePlanStatements(planChecks(contractDocument(root, CONTRACT).value as never), getDialect("snowflake"))[0]!.checkIds).not.toContain("orders.customer.email.required");
  });

  it("--emit-sql counts a nested property's VARCHAR(n) / CHAR(n) length as the run does on DuckDB, names quoted, and lists it as not checked elsewhere", async () => {
    const rows = [
      { 'the "addr"': { select: "123" }, group: ["ab"] },
      { 'the "addr"': { select: "1234" }, group: ["ab", "abc"] },
    ];
    const properties = `      - name: 'the "addr"'
        logicalType: object
        properties:
          - { name: select, logicalType: string, physicalType: varchar(3) }
      - name: group
        logicalType: array
        items: { logicalType: string, physicalType: CHAR(2) }
`;
    const run = await runOnFile(root, "t.json", rows.map((row) => JSON.stringify(row)).join("\n"), properties);
    expect(['t.the "addr".select.type', "t.group[].type"].map((id) => resultOf(run, id).failedRows)).toEqual([1, 1]);
    const dir = dirname(run.findings[0]!.file);
    // Was a scan without them, and no `-- not checked:` line either: a length the run fails passed where the SQL ran.
    const duckdb = await emitContractSql({ cwd: dir, paths: ["contract.odcs.yaml"], dialect: "duckdb" });
    expect(duckdb.statements[0]!.checkIds).toEqual(['t.the "addr".select.type', "t.group[].type"]);
    expect(duckdb.sql).toContain(`length(trim(TRAILING ' ' FROM ("the ""addr""")."select")) > 3`);
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await connection.run(`CREATE TABLE t AS SELECT * FROM read_json_auto('${join(dir, "t.json")}')`);
      expect((await connection.runAndReadAll(duckdb.statements[0]!.sql)).getRowObjectsJson()).toEqual([{ row_count: "2", m1: "1", m2: "1" }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    const postgres = await emitContractSql({ cwd: dir, paths: ["contract.odcs.yaml"], dialect: "postgres" });
    expect(postgres.sql).toContain('-- not checked: t.the "addr".select.type: nested property `the "addr".select` (under an object) is checked on DuckDB only, not on postgres.');
    expect(postgres.sql).toContain("-- not checked: t.group[].type: nested property `group[]` (in the items of an array) is checked on DuckDB only, not on postgres.");
    // The warning is where the length is written, as the run's failure is.
    expect(postgres.notChecked.map((f) => f.path)).toEqual(["/schema/0/properties/0/properties/0/physicalType", "/schema/0/properties/1/items/physicalType"]);
  });
});

describe("JSON fields without a value, on DuckDB", () => {
  // The JSON reader types a field that is null (or an empty list) in every row as JSON: it holds nothing
  // the contract's type could not, so it is read as that type. A top-level field of mixed types is read as
  // its declared type, and its type check counts the rows of another JSON type (json-mixed-types.test.ts).
  const EVENTS = [
    { id: 1, payload: { kind: "a", extra: null, tags: null, scores: [] }, mixed: 1, empty: null },
    { id: 2, payload: { kind: null, extra: null, tags: null, scores: [null] }, mixed: "x", empty: null },
    { id: 3, payload: null, mixed: null, empty: null },
  ];
  const EVENTS_CONTRACT = contractYaml(`servers:
  - server: local
    type: local
    path: ./data/{model}.json
    format: json
schema:
  - name: events
    properties:
      - name: id
        logicalType: integer
      - name: payload
        logicalType: object
        properties:
          - name: kind
            logicalType: string
            required: true
          - name: extra
            logicalType: object
            properties:
              - name: note
                logicalType: string
                required: true
          - name: tags
            logicalType: array
            items:
              logicalType: string
          - name: scores
            logicalType: array
            items:
              logicalType: integer
              logicalTypeOptions:
                minimum: 0
      - name: mixed
        logicalType: integer
      - name: empty
        logicalType: date
`);
  let events: QualityRun;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "meshkit-nested-json-"));
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "events.json"), JSON.stringify(EVENTS));
    events = await runContract(dir, EVENTS_CONTRACT);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a field null in every row as its declared type, at any depth", () => {
    expect(resultOf(events, "events.payload.tags.type")).toMatchObject({ status: "pass", measured: "VARCHAR[]" });
    expect(resultOf(events, "events.payload.extra.type")).toMatchObject({ status: "pass", measured: "STRUCT(note VARCHAR)" });
    expect(resultOf(events, "events.payload.scores[].type")).toMatchObject({ status: "pass", measured: "BIGINT" });
    expect(resultOf(events, "events.empty.type")).toMatchObject({ status: "pass", measured: "DATE" });
  });

  it("then checks what is under it: nothing fails where the parent is never present", () => {
    expect(resultOf(events, "events.payload.extra.note.required")).toMatchObject({ status: "pass", failedRows: 0, rowsChecked: 3 });
    expect(resultOf(events, "events.payload.scores[].minimum")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(resultOf(events, "events.payload.kind.required")).toMatchObject({ status: "fail", failedRows: 1 });
  });

  it("fails the declared type of a field of mixed JSON types by its rows of another type", () => {
    expect(resultOf(events, "events.mixed.type")).toMatchObject({ status: "fail", measured: 1, failedRows: 1 });
  });
});

describe("4-byte float fields, on DuckDB", () => {
  /**
   * A Parquet file whose STRUCT field and LIST items are FLOATs. Stored, 0.1 is the float nearest to it, a
   * little above the double 0.1: it must still be the contract's 0.1, as in a top-level FLOAT column.
   * - reading.value: 0.1, 0.3, NULL (row 3), 0.30000004 (the float after 0.3) → maximum 0.3: 1 row (as doubles,
   *   0.3 too); minimum 0.1: none; validValues [0.1, 0.2, 0.3]: only 0.30000004 (as doubles, all 3); multipleOf 0.1: 1.
   * - readings[]: [0.1, 0.2], [0.3], [], [0.1, 0.30000004] → maximum 0.3: 1 row; multipleOf 0.1: 1 row.
   */
  const FLOATS_SQL = `SELECT * FROM (VALUES
    (1, {'value': CAST(0.1 AS FLOAT)}, [CAST(0.1 AS FLOAT), CAST(0.2 AS FLOAT)]),
    (2, {'value': CAST(0.3 AS FLOAT)}, [CAST(0.3 AS FLOAT)]),
    (3, {'value': CAST(NULL AS FLOAT)}, CAST([] AS FLOAT[])),
    (4, {'value': CAST('0.30000004' AS FLOAT)}, [CAST(0.1 AS FLOAT), CAST('0.30000004' AS FLOAT)])
  ) t(id, reading, readings)`;
  const FLOATS_CONTRACT = contractYaml(`servers:
  - server: local
    type: local
    path: ./data/{model}.parquet
    format: parquet
schema:
  - name: floats
    properties:
      - name: id
        logicalType: integer
      - name: reading
        logicalType: object
        properties:
          - name: value
            logicalType: number
            physicalType: FLOAT
            logicalTypeOptions: { minimum: 0.1, maximum: 0.3, multipleOf: 0.1 }
            quality:
              - { name: value_valid, metric: invalidValues, arguments: { validValues: [0.1, 0.2, 0.3] }, mustBe: 0 }
      - name: readings
        logicalType: array
        items:
          logicalType: number
          physicalType: FLOAT
          logicalTypeOptions: { minimum: 0.1, maximum: 0.3, multipleOf: 0.1 }
`);
  let floats: QualityRun;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "meshkit-nested-floats-"));
    mkdirSync(join(dir, "data"));
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(`COPY (${FLOATS_SQL}) TO '${join(dir, "data", "floats.parquet").replaceAll("'", "''")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    floats = await runContract(dir, FLOATS_CONTRACT);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["floats.reading.value.minimum", 0],
    ["floats.reading.value.maximum", 1],
    ["floats.reading.value.multipleOf", 1],
    ["floats.reading.value.value_valid", 1],
    ["floats.readings[].minimum", 0],
    ["floats.readings[].maximum", 1],
    ["floats.readings[].multipleOf", 1],
  ])("%s compares the contract's numbers as the floats stored: %s failing rows", (id, failed) => {
    expect(resultOf(floats, id)).toMatchObject({ failedRows: failed, rowsChecked: 4 });
  });

  it("shows the float fields of a sample by their shortest text", () => {
    expect(resultOf(floats, "floats.reading.value.maximum").sample).toEqual([{ id: 4, reading: { value: 0.30000004 }, readings: [0.1, 0.30000004] }]);
  });

  it("--emit-sql compares a field declared FLOAT as one", async () => {
    const emitted = await emitContractSql({ cwd: dir, paths: ["contract.odcs.yaml"], dialect: "duckdb" });
    expect(emitted.sql).toContain(`("reading")."value" > CAST('0.3' AS FLOAT)`);
    // NaN, in no range, fails the minimum too (DuckDB orders it above every number).
    expect(emitted.sql).toContain(`lambda meshkit_item_1: (meshkit_item_1 < CAST('0.1' AS FLOAT) OR meshkit_item_1 = CAST('NaN' AS DOUBLE))`);
  });
});

describe("DuckDB type names", () => {
  it("reads quoted field names, lists and types with parentheses", () => {
    const type = 'STRUCT("select" INTEGER, "my ""f""" DECIMAL(12,2), "A b" STRUCT(x INTEGER)[], Upper MAP(VARCHAR, INTEGER))';
    expect(parseDuckDbType(type)).toMatchObject({ kind: "struct", fields: [{ name: "select" }, { name: 'my "f"', type: { text: "DECIMAL(12,2)" } }, { name: "A b", type: { kind: "list" } }, { name: "Upper", type: { text: "MAP(VARCHAR, INTEGER)" } }] });
    expect(resolveNestedType(type, [{ kind: "field", name: "A b" }, { kind: "items" }, { kind: "field", name: "x" }])).toEqual({ kind: "found", type: "INTEGER" });
    expect(resolveNestedType(type, [{ kind: "field", name: "a b" }])).toMatchObject({ kind: "missing", field: "a b" });
    expect(resolveNestedType(type, [{ kind: "field", name: "Upper" }, { kind: "field", name: "k" }])).toMatchObject({ kind: "notNested", type: "MAP(VARCHAR, INTEGER)", depth: 1 });
    expect(resolveNestedType("JSON", [{ kind: "field", name: "k" }])).toMatchObject({ kind: "notNested", type: "JSON", depth: 0 });
  });
});

describe("--emit-sql for a DuckDB server", () => {
  it("names the database file's catalog as DuckDB does, and the SQL runs in `duckdb data/warehouse.duckdb`", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-ddb-server-"));
    try {
      mkdirSync(join(dir, "data"));
      const file = join(dir, "data", "warehouse.duckdb");
      const setup = await DuckDBInstance.create(file);
      const connection = await setup.connect();
      await connection.run("CREATE TABLE main.orders AS SELECT * FROM (VALUES ('o1'), (NULL), ('o3')) t(order_id)");
      connection.closeSync();
      setup.closeSync();
      contractDocument(
        dir,
        contractYaml(`servers:
  - server: warehouse
    type: duckdb
    database: ./data/warehouse.duckdb
    schema: main
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
        required: true
`),
      );
      const emitted = await emitContractSql({ cwd: dir, paths: ["contract.odcs.yaml"], server: "warehouse", dialect: "duckdb" });
      expect(emitted.sql).toContain(`FROM "warehouse"."main"."orders"`);
      expect(emitted.sql).toContain("-- server warehouse: run in DuckDB with data/warehouse.duckdb open (`duckdb data/warehouse.duckdb`)");
      // As `duckdb data/warehouse.duckdb` runs it: the file opened, the script as printed.
      const instance = await DuckDBInstance.create(file, { access_mode: "READ_ONLY" });
      const reader = await instance.connect();
      try {
        const rows = (await reader.runAndReadAll(emitted.statements[0]!.sql)).getRowsJS();
        expect(rows).toEqual([[3n, 1n]]);
      } finally {
        reader.closeSync();
        instance.closeSync();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the file the runner opens, from the contract's folder, quoted for the shell: a contract elsewhere has its database there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-ddb-server-"));
    try {
      const folder = join(dir, "products", "my orders");
      mkdirSync(join(folder, "data"), { recursive: true });
      writeFileSync(join(folder, "contract.odcs.yaml"), contractYaml(`servers:
  - server: warehouse
    type: duckdb
    database: ./data/warehouse.duckdb
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
`));
      const emitted = await emitContractSql({ cwd: dir, paths: ["products/my orders/contract.odcs.yaml"], server: "warehouse", dialect: "duckdb" });
      // Not `duckdb ./data/warehouse.duckdb`, which run from here creates an empty database of that name.
      expect(emitted.sql).toContain("-- server warehouse: run in DuckDB with products/my orders/data/warehouse.duckdb open (`duckdb 'products/my orders/data/warehouse.duckdb'`), whose catalog is warehouse\n");
      expect(emitted.sql).toContain(`FROM "warehouse"."main"."orders"`);
      // A file whose name starts with `-` is named as a path, not as an option the duckdb command would refuse.
      writeFileSync(join(folder, "dashed.odcs.yaml"), readFileSync(join(folder, "contract.odcs.yaml"), "utf8").replace("./data/warehouse.duckdb", "-warehouse.duckdb"));
      const dashed = await emitContractSql({ cwd: folder, paths: ["dashed.odcs.yaml"], server: "warehouse", dialect: "duckdb" });
      expect(dashed.sql).toContain("-- server warehouse: run in DuckDB with -warehouse.duckdb open (`duckdb ./-warehouse.duckdb`), whose catalog is -warehouse\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

});
