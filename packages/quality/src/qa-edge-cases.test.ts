/** Edge cases of samples, duplicates, value lists and SLAs, on small real files through DuckDB. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Finding } from "@meshkit/core";
import { planChecks } from "./checks.js";
import { compileObjectScan } from "./compile.js";
import { getDialect } from "./dialects.js";
import { emitContractSql } from "./project.js";
import { EXACT_DECIMALS, EXACT_DECIMAL_PROPERTIES, contractDocument, contractYaml, resultOf, runContract, runOnFile } from "./test-support.js";

const root = mkdtempSync(join(tmpdir(), "meshkit-edge-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("samples", () => {
  it("a repeated key's count never overwrites a property named `rows`", async () => {
    const run = await runOnFile(root, "t.csv", "rows,other\n5,1\n5,1\n", "      - name: rows\n        logicalType: integer\n        unique: true\n      - name: other\n        logicalType: integer\n");
    expect(resultOf(run, "t.rows.unique").sample).toEqual([{ key: { rows: "5" }, rows: 2 }]);
  });

  it("failing rows are sampled when a bound is 2^53 or more", async () => {
    const run = await runOnFile(root, "t.csv", "big\n9007199254740993\n1\n", "      - name: big\n        logicalType: integer\n        logicalTypeOptions:\n          maximum: 9007199254740992\n");
    expect(resultOf(run, "t.big.maximum")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ big: "9007199254740993" }] });
    expect(run.findings.filter((f) => f.severity === "warning")).toEqual([]);
  });
});

describe("duplicateValues and nulls", () => {
  const properties = "      - name: a\n        logicalType: integer\n      - name: b\n        logicalType: string\n        quality:\n          - name: b_dups\n            metric: duplicateValues\n            mustBe: 0\n      - name: note\n        logicalType: string\n";
  const rules = "    quality:\n      - name: whole_row\n        metric: duplicateValues\n        mustBe: 0\n      - name: b_note\n        metric: duplicateValues\n        arguments:\n          properties: [b, note]\n        mustBe: 0\n";
  // Rows: (1,x,null) twice, (2,y,hi) twice, (null,null,null) twice, (3,null,z), (4,null,z).
  const csv = "a,b,note\n1,x,\n1,x,\n2,y,hi\n2,y,hi\n,,\n,,\n3,,z\n4,,z\n";
  it("an object's rule compares nulls as equal, except in rows whose columns are all null; a property's rule ignores them", async () => {
    const run = await runOnFile(root, "t.csv", csv, properties, { objectYaml: rules });
    expect(resultOf(run, "t.whole_row")).toMatchObject({ status: "fail", measured: 2 });
    // (x, null), (y, hi) and (null, z) each twice; (null, null) is left out.
    expect(resultOf(run, "t.b_note")).toMatchObject({ status: "fail", measured: 3 });
    expect(resultOf(run, "t.b.b_dups")).toMatchObject({ status: "fail", measured: 2 });
  });
});

describe("ECMA-262 patterns", () => {
  const rule = (name: string, pattern: string) => `          - metric: invalidValues\n            name: ${name}\n            arguments: { pattern: '${pattern}' }\n            mustBe: 0\n`;
  it("\\uXXXX and named groups run; a lookahead is an invalid rule before any query", async () => {
    const properties = `      - name: s\n        logicalType: string\n        quality:\n${rule("named", "^(?<y>[0-9]{4})/")}${rule("uesc", "^\\u0032")}${rule("look", "^(?=2)")}`;
    const run = await runOnFile(root, "t.csv", "s\n2024/01\nx\n", properties);
    expect(resultOf(run, "t.s.named")).toMatchObject({ status: "fail", measured: 1, sample: [{ s: "x" }] });
    expect(resultOf(run, "t.s.uesc")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "t.s.look")).toMatchObject({ status: "error" });
    expect(run.findings.find((f) => f.ruleId === "quality-rule-invalid")?.message).toContain("the lookahead `(?=`");
  });

  it("\\s matches a no-break space, as in ECMA-262", async () => {
    const properties = `      - name: s\n        logicalType: string\n        logicalTypeOptions: { pattern: '^a\\sb$' }\n`;
    const run = await runOnFile(root, "t.json", JSON.stringify([{ s: "a\u00a0b" }, { s: "a b" }, { s: "ab" }]), properties);
    expect(resultOf(run, "t.s.pattern")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ s: "ab" }] });
  });
});

describe("a percentage 15 digits cannot tell from its bound", () => {
  it("is shown with every digit, never as the number it fails", async () => {
    const properties = `      - name: a
        logicalType: string
        quality:
          - { name: eq, metric: nullValues, unit: percent, mustBe: 33.3333333333333 }
          - { name: le, metric: nullValues, unit: percent, mustBeLessOrEqualTo: 33.33333333333333 }
`;
    // 1 of 3 rows is 33.333333333333336%.
    const run = await runOnFile(root, "t.csv", "id,a\n1,\n2,x\n3,y\n", `      - name: id\n        logicalType: integer\n${properties}`);
    expect(resultOf(run, "t.a.eq")).toMatchObject({ status: "fail", message: "1 of 3 rows (33.333333333333336%) have a null `a`; must be 33.3333333333333%" });
    expect(resultOf(run, "t.a.le")).toMatchObject({ status: "fail", message: "1 of 3 rows (33.333333333333336%) have a null `a`; must be at most 33.3333333333333%" });
  });
});

describe("patterns over a float column", () => {
  it("read each value as PostgreSQL prints it (`1`, `1e+15`, `NaN`), not as DuckDB does (`1.0`, `1000000000000000.0`, `nan`)", async () => {
    const properties = `      - name: x
        logicalType: number
        quality:
          - { name: digits, metric: invalidValues, arguments: { pattern: '^-?[0-9]+$' }, mustBe: 0 }
          - { name: spelt, metric: invalidValues, arguments: { pattern: '^(NaN|-?Infinity|1e\\+15|[0-9.]+)$' }, mustBe: 0 }
`;
    // PostgreSQL's texts: 1, -3, 2.5, 1e+15, NaN, Infinity.
    const run = await runOnFile(root, "t.csv", "x\n1.0\n-3.0\n2.5\n1e15\nnan\ninf\n", properties);
    expect(resultOf(run, "t.x.type")).toMatchObject({ status: "pass", measured: "DOUBLE" });
    expect(resultOf(run, "t.x.digits")).toMatchObject({ status: "fail", measured: 4 });
    expect(resultOf(run, "t.x.spelt")).toMatchObject({ status: "fail", measured: 1 });
  });
});

describe("NaN and infinities in value lists of a number column", () => {
  it("compare as numbers, whatever the engine prints", async () => {
    const properties = `      - name: x
        logicalType: number
        quality:
          - { metric: missingValues, name: nan_missing, arguments: { missingValues: ['NaN'] }, mustBe: 0 }
          - { metric: missingValues, name: inf_missing, arguments: { missingValues: ['Infinity', '-inf'] }, mustBe: 0 }
          - { metric: invalidValues, name: finite_or_inf, arguments: { validValues: [1, 'Infinity'] }, mustBe: 0 }
`;
    const run = await runOnFile(root, "t.csv", "x\nNaN\ninf\n-inf\n1\n", properties);
    expect(resultOf(run, "t.x.nan_missing")).toMatchObject({ status: "fail", measured: 1 });
    expect(resultOf(run, "t.x.inf_missing")).toMatchObject({ status: "fail", measured: 2 });
    // NaN and -inf are not in the list.
    expect(resultOf(run, "t.x.finite_or_inf")).toMatchObject({ status: "fail", measured: 2 });
  });
});

describe("a schema object repeated", () => {
  it("tests the first and reports the repeat at its node (a contract error), instead of DuckDB's 'view already exists'", async () => {
    const run = await runOnFile(root, "t.csv", "id\n1\n2\n", "      - { name: id, logicalType: integer, required: true }\n", { objectYaml: "  - name: t\n    properties:\n      - { name: id, logicalType: string }\n" });
    expect(resultOf(run, "t.id.required")).toMatchObject({ status: "pass", rowsChecked: 2 });
    expect(resultOf(run, "t.object")).toMatchObject({ status: "error", rule: "quality-contract-invalid", path: "/schema/1" });
    expect(run.findings.filter((f) => f.severity === "error").map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-contract-invalid", "Not checked: schema object /schema/1 has the name `t`, as /schema/0 does: an object is tested once, as the first."],
    ]);
  });

  it("reports an object with an empty name (and no physicalName) at its node, instead of a query every engine refuses (`FROM \"\"`)", async () => {
    const run = await runOnFile(root, "t.csv", "id\n1\n", "      - { name: id, logicalType: integer, required: true }\n", { objectYaml: '  - name: ""\n    properties:\n      - { name: id, logicalType: integer }\n' });
    expect(resultOf(run, "t.id.required")).toMatchObject({ status: "pass", rowsChecked: 1 });
    expect(run.findings.filter((f) => f.severity === "error").map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["quality-contract-invalid", "/schema/1", 'Not checked: schema object /schema/1 has an empty name and no physicalName: SQL cannot name an empty table (`""` is refused); name the table; none of its checks run.'],
    ]);
  });
});

describe("one problem, one finding", () => {
  it("a rule the schema already reports (no comparison, a comparison that is text) gets no second finding", async () => {
    const properties = "      - name: s\n        logicalType: string\n        quality:\n          - metric: nullValues\n          - metric: nullValues\n            mustBeLessThan: '2'\n          - metric: invalidValues\n            mustBe: 0\n";
    const run = await runOnFile(root, "t.csv", "s\na\n", properties);
    expect(run.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["quality-contract-invalid", "/schema/0/properties/0/quality/0"],
      ["quality-contract-invalid", "/schema/0/properties/0/quality/1/mustBeLessThan"],
      // The schema allows a rule without arguments: this one is reported by the check alone.
      ["quality-rule-invalid", "/schema/0/properties/0/quality/2"],
    ]);
    // Each at the node at fault: the rule, the comparator that is text.
    expect(run.results.checks.filter((c) => c.status === "error").map((c) => c.path)).toEqual(["/schema/0/properties/0/quality/0", "/schema/0/properties/0/quality/1/mustBeLessThan", "/schema/0/properties/0/quality/2"]);
  });
});

describe("logicalTypeOptions meshkit did not check", () => {
  it("format ipv6 (RFC 3986) and hostname (RFC 1123, at most 253 characters)", async () => {
    const ips = ["::1", "2001:db8::8a2e:370:7334", "::ffff:192.0.2.1", "1::2:3:4.5.6.7", "fe80::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "2001:db8:::1", "12345::", "::ffff:256.0.0.1", "1.2.3.4"];
    const hosts = ["example.com", "a-b.c0", "localhost", "-bad.com", "bad-.com", "a..b", `${"a".repeat(64)}.com`, `${"a.".repeat(126)}ab`, "ok.example"];
    const rows = ips.map((ip, i) => ({ ip, host: hosts[i] ?? null }));
    const properties = "      - name: ip\n        logicalType: string\n        logicalTypeOptions: { format: ipv6 }\n      - name: host\n        logicalType: string\n        logicalTypeOptions: { format: hostname }\n";
    const run = await runOnFile(root, "t.json", JSON.stringify(rows), properties);
    const failing = ["1:2:3:4:5:6:7:8:9", "2001:db8:::1", "12345::", "::ffff:256.0.0.1", "1.2.3.4"];
    expect(resultOf(run, "t.ip.format")).toMatchObject({ status: "fail", failedRows: 5 });
    expect(resultOf(run, "t.ip.format").sample!.map((row) => row.ip)).toEqual(failing);
    // -bad.com, bad-.com, a..b, the 64-character label and the 254-character name.
    expect(resultOf(run, "t.host.format")).toMatchObject({ status: "fail", failedRows: 5 });
  });

  it("uniqueItems compares an array's length with its distinct items (two nulls are a repeat)", async () => {
    const rows = [{ tags: ["a", "b"] }, { tags: ["a", "a"] }, { tags: ["a", null] }, { tags: [null, null] }, { tags: [] }, { tags: null }];
    const properties = "      - name: tags\n        logicalType: array\n        logicalTypeOptions: { uniqueItems: true }\n        items: { logicalType: string }\n";
    const run = await runOnFile(root, "t.json", JSON.stringify(rows), properties);
    expect(resultOf(run, "t.tags.uniqueItems")).toMatchObject({ rule: "schema-items", status: "fail", failedRows: 2 });
  });

  it("the others are not-checked warnings, never a silent pass", async () => {
    const properties = `      - name: s
        logicalType: string
        logicalTypeOptions: { format: iri }
      - name: n
        logicalType: number
        logicalTypeOptions: { format: f32 }
      - name: o
        logicalType: object
        logicalTypeOptions: { required: [a], minProperties: 1 }
        properties: [{ name: a, logicalType: string }]
`;
    const run = await runOnFile(root, "t.json", JSON.stringify([{ s: "x", n: 1.5, o: { a: "y" } }]), properties);
    const warned = run.results.checks.filter((c) => c.status === "warn").map((c) => c.id);
    expect(warned).toEqual(["t.s.format", "t.n.format", "t.o.required", "t.o.minProperties"]);
    expect(run.findings.filter((f) => f.ruleId === "quality-not-checked")).toHaveLength(4);
  });
});

describe("decimals with more significant digits than a double holds", () => {
  it("are doubles on DuckDB, whose DECIMAL comparisons overflow at 38 digits: no check fails on the literal's account", async () => {
    const dir = mkdtempSync(join(root, "decimals-"));
    const file = join(dir, "typed.duckdb");
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run("CREATE TABLE t AS SELECT CAST(a AS DECIMAL(38,18)) AS amount, CAST(b AS BIGINT) AS n FROM (VALUES ('1.5', 123456789012345), ('99999999999999999999.5', 1)) AS v(a, b)");
    connection.closeSync();
    instance.closeSync();
    const properties = `      - name: amount
        logicalType: number
        logicalTypeOptions: { maximum: 100000000000000000000.5 }
      - name: n
        logicalType: integer
        logicalTypeOptions: { minimum: 0.123456789012345678901234 }
`;
    const yaml = contractYaml(`schema:\n  - name: t\n    properties:\n${properties}`);
    const run = await runContract(dir, yaml, { data: file });
    expect(resultOf(run, "t.amount.maximum")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(resultOf(run, "t.n.minimum")).toMatchObject({ status: "pass", failedRows: 0 });
    const document = contractDocument(dir, yaml);
    const plan = planChecks(document.value as never, { sourceAt: (pointer) => document.sourceAt(pointer) });
    expect(compileObjectScan(plan.objects[0]!, getDialect("duckdb")).query.sql).toContain("CAST('100000000000000000000.5' AS DOUBLE)");
    // PostgreSQL's numeric holds any decimal: there they are exact (postgres.test.ts counts EXACT_DECIMALS).
    expect(compileObjectScan(plan.objects[0]!, getDialect("postgres")).query.sql).toContain("AS numeric)");
  });
});

describe("a number declared DECIMAL(p,s) of up to 15 digits, held as a double or an integer", () => {
  const properties = `      - name: id
        logicalType: integer
      - name: amount
        logicalType: number
        physicalType: numeric(5,2)
        required: true
`;
  // 999.99 fits NUMERIC(5,2); 1000, -1000.5 and 12345678901.5 do not, and a warehouse would refuse them.
  const values = [1.5, 999.99, 1000, -1000.5, 12345678901.5, -999.99];
  const expectTooLarge = (run: Awaited<ReturnType<typeof runOnFile>>) =>
    expect(resultOf(run, "t.amount.type")).toMatchObject({ status: "fail", failedRows: 3, message: "3 of 6 rows (50%) have `amount` that DECIMAL(5,2) cannot hold (magnitude 999.995 or more, NaN or infinite); must be 0" });

  it.each([
    ["CSV", "t.csv", `id,amount\n${values.map((v, i) => `${i},${v}`).join("\n")}\n`],
    ["JSON lines", "t.json", values.map((amount, id) => JSON.stringify({ id, amount })).join("\n")],
    ["a JSON array", "t.json", JSON.stringify(values.map((amount, id) => ({ id, amount })))],
  ])("%s: its type check counts the values the decimal cannot hold, as a wider declared decimal's does", async (_, file, content) => {
    const run = await runOnFile(root, file, content, properties);
    expectTooLarge(run);
    expect(resultOf(run, "t.amount.type").sample).toContainEqual({ id: "2", amount: 1000 });
    expect(run.findings.map((f) => f.ruleId)).toEqual(["schema-column-type"]);
  });

  it("counts a value that rounds, at the decimal's scale, to one it cannot hold (999.995 is 1000.00), as DuckDB and PostgreSQL refuse it", async () => {
    const rows = [999.994, 999.995, -999.995, 999.999, -999.99].map((amount, id) => JSON.stringify({ id, amount })).join("\n");
    const run = await runOnFile(root, "t.json", rows, properties);
    expect(resultOf(run, "t.amount.type")).toMatchObject({ status: "fail", failedRows: 3 });
    expect(resultOf(run, "t.amount.type").sample?.map((row) => row.amount)).toEqual([999.995, -999.995, 999.999]);
    const integers = await runOnFile(root, "t.csv", "id,amount\n1,999.4\n2,999.5\n3,-999.5\n", properties.replace("numeric(5,2)", "NUMBER(3)"));
    expect(resultOf(integers, "t.amount.type")).toMatchObject({ status: "fail", failedRows: 2, message: "2 of 3 rows (66.67%) have `amount` that DECIMAL(3,0) cannot hold (magnitude 999.5 or more, NaN or infinite); must be 0" });
  });

  it("Parquet: a DOUBLE column is checked so, and passes against a decimal its values fit", async () => {
    const dir = mkdtempSync(join(root, "parquet-"));
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const rows = values.map((v, i) => `(${i}, ${v})`).join(", ");
    await connection.run(`COPY (SELECT id, CAST(amount AS DOUBLE) AS amount FROM (VALUES ${rows}) AS v(id, amount)) TO '${join(dir, "t.parquet")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const yaml = (path: string) => contractYaml(`servers:\n  - { server: local, type: local, path: ${path}, format: parquet }\nschema:\n  - name: t\n    properties:\n${properties}`);
    expectTooLarge(await runContract(dir, yaml("./t.parquet")));
    const fitting = await runContract(dir, yaml("./t.parquet").replace("numeric(5,2)", "numeric(15,2)"));
    expect(resultOf(fitting, "t.amount.type")).toMatchObject({ status: "pass", failedRows: 0 });
  });
});

describe("a string declared a character type of a set length (VARCHAR(n), CHAR(n), character varying(n))", () => {
  const properties = `      - { name: id, logicalType: integer }
      - { name: code, logicalType: string, physicalType: varchar(3) }
      - { name: country, logicalType: string, physicalType: CHAR(2) }
      - { name: note, logicalType: string, physicalType: character varying(4) }
`;
  const rows = [
    { id: 1, code: "abc", country: "DE", note: "ok" },
    { id: 2, code: "abcdef", country: "DEU", note: "five!" },
    { id: 3, code: "äöü", country: "é", note: null },
  ];

  it.each([
    ["CSV", "t.csv", `id,code,country,note\n${rows.map((r) => [r.id, r.code, r.country, r.note ?? ""].join(",")).join("\n")}\n`],
    ["JSON lines", "t.json", rows.map((r) => JSON.stringify(r)).join("\n")],
  ])("%s: its type check counts the values longer than the type holds (in characters), as loading them into it would fail", async (_, file, content) => {
    const run = await runOnFile(root, file, content, properties);
    expect(resultOf(run, "t.code.type")).toMatchObject({ status: "fail", failedRows: 1, message: "1 of 3 rows (33.33%) have `code` longer than its physicalType varchar(3) holds (3 characters; spaces past them do not count); must be 0", sample: [expect.objectContaining({ code: "abcdef" })] });
    expect(resultOf(run, "t.country.type")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(resultOf(run, "t.note.type")).toMatchObject({ status: "fail", failedRows: 1 });
    // At the physicalType, where the length is written.
    expect(run.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(["schema-column-type /schema/0/properties/1/physicalType", "schema-column-type /schema/0/properties/2/physicalType", "schema-column-type /schema/0/properties/3/physicalType"]);
  });

  it("passes values that fit, and leaves a type without a length (VARCHAR, a bare CHAR) unchecked for length", async () => {
    const fitting = await runOnFile(root, "t.csv", "id,code,country,note\n1,abc,DE,four\n", properties);
    expect(["t.code.type", "t.country.type", "t.note.type"].map((id) => resultOf(fitting, id).status)).toEqual(["pass", "pass", "pass"]);
    const unbounded = "      - { name: code, logicalType: string, physicalType: VARCHAR }\n      - { name: country, logicalType: string, physicalType: CHAR }\n";
    const run = await runOnFile(root, "t.csv", "code,country\nabcdef,DEU\n", unbounded);
    expect(run.findings).toEqual([]);
  });

  it("leaves the length to a logicalTypeOptions.maxLength no longer than the type's, which counts those values already: one failure, not two", async () => {
    const withMaxLength = (maxLength: number) => `      - { name: code, logicalType: string, physicalType: VARCHAR(5), logicalTypeOptions: { maxLength: ${maxLength} } }\n`;
    const same = await runOnFile(root, "t.csv", "code\nabcdefg\n", withMaxLength(5));
    expect(same.findings.map((f) => f.path)).toEqual(["/schema/0/properties/0/logicalTypeOptions/maxLength"]);
    expect(resultOf(same, "t.code.type")).toMatchObject({ status: "pass", measured: "VARCHAR" });
    // A maxLength the type cannot hold leaves the type's own limit to its type check.
    const wider = await runOnFile(root, "t.csv", "code\nabcdef\n", withMaxLength(8));
    expect(wider.findings.map((f) => f.path)).toEqual(["/schema/0/properties/0/physicalType"]);
  });

  it("does not count the spaces past the length, which a VARCHAR(n) or CHAR(n) of the SQL standard trims on storing the value", async () => {
    // Was `ab   ` failing CHAR(2)/VARCHAR(3), which PostgreSQL, Trino and Spark store as `ab`. Spaces before it, a tab
    // and a space inside still count: only trailing spaces (U+0020) are trimmed.
    const spaced = [
      { code: "ab   ", country: "DE  " },
      { code: "abc d", country: "D E" },
      { code: "  ab", country: "DE\t" },
    ];
    const declared = `      - { name: code, logicalType: string, physicalType: varchar(3) }
      - { name: country, logicalType: string, physicalType: CHAR(2) }
`;
    const run = await runOnFile(root, "t.json", spaced.map((row) => JSON.stringify(row)).join("\n"), declared);
    expect(resultOf(run, "t.code.type")).toMatchObject({ status: "fail", failedRows: 2, sample: [expect.objectContaining({ code: "abc d" }), expect.objectContaining({ code: "  ab" })] });
    expect(resultOf(run, "t.country.type")).toMatchObject({ status: "fail", failedRows: 2, sample: [expect.objectContaining({ country: "D E" }), expect.objectContaining({ country: "DE\t" })] });
    // The message says so: the sample's `abc d` fails where the data's `ab   `, as long, passed.
    expect(resultOf(run, "t.code.type").message).toBe("2 of 3 rows (66.67%) have `code` longer than its physicalType varchar(3) holds (3 characters; spaces past them do not count); must be 0");
    const single = await runOnFile(root, "t.csv", "flag\nY  \nYN\n", "      - { name: flag, logicalType: string, physicalType: CHAR(1) }\n");
    expect(resultOf(single, "t.flag.type")).toMatchObject({ status: "fail", failedRows: 1, message: "1 of 2 rows (50%) have `flag` longer than its physicalType CHAR(1) holds (1 character; spaces past it do not count); must be 0" });
  });

  it("counts them for a nested property too, under an object and in the items of an array, as its maxLength would", async () => {
    const nested = `      - name: addr
        logicalType: object
        properties:
          - { name: zip, logicalType: string, physicalType: varchar(3) }
      - name: tags
        logicalType: array
        items: { name: tag, logicalType: string, physicalType: CHAR(2) }
`;
    const rows = [{ addr: { zip: "123" }, tags: ["ab"] }, { addr: { zip: "123456" }, tags: ["ab", "abcd"] }];
    const run = await runOnFile(root, "t.json", rows.map((row) => JSON.stringify(row)).join("\n"), nested);
    expect(run.findings.map((f) => `${f.path} ${f.message}`)).toEqual([
      "/schema/0/properties/0/properties/0/physicalType 1 of 2 rows (50%) have `addr.zip` longer than its physicalType varchar(3) holds (3 characters; spaces past them do not count); must be 0",
      "/schema/0/properties/1/items/physicalType 1 of 2 rows (50%) have `tags[]` longer than its physicalType CHAR(2) holds (2 characters; spaces past them do not count) in at least one item; must be 0",
    ]);
    const fitting = await runOnFile(root, "t.json", JSON.stringify(rows[0]), nested);
    expect(fitting.findings).toEqual([]);
  });
});

describe("a number declared DECIMAL(p,s) of up to 15 digits, held as a Parquet DECIMAL", () => {
  const properties = "      - { name: id, logicalType: integer }\n      - { name: amount, logicalType: number, physicalType: 'numeric(5,2)' }\n";
  const run = async (type: string, values: readonly string[]) => {
    const dir = mkdtempSync(join(root, "parquet-decimal-"));
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const rows = values.map((v, i) => `(${i}, ${v})`).join(", ");
    await connection.run(`COPY (SELECT id, CAST(amount AS ${type}) AS amount FROM (VALUES ${rows}) AS v(id, amount)) TO '${join(dir, "t.parquet")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    return runContract(dir, contractYaml(`servers:\n  - { server: local, type: local, path: ./t.parquet, format: parquet }\nschema:\n  - name: t\n    properties:\n${properties}`));
  };

  it.each([
    ["DECIMAL(10,2)", ["1.5", "12345.67", "-1000"], 2],
    ["DECIMAL(6,3)", ["999.994", "999.995", "-999.999"], 2],
  ])("wider than declared (%s): its type check counts the values the declared decimal cannot hold", async (type, values, failedRows) => {
    expect(resultOf(await run(type, values), "t.amount.type")).toMatchObject({ status: "fail", failedRows });
  });

  it("no wider than declared (DECIMAL(4,1)): it holds only what the declared decimal can, and passes as a compatible type", async () => {
    expect(resultOf(await run("DECIMAL(4,1)", ["1.5", "999.9"]), "t.amount.type")).toMatchObject({ status: "pass", message: "`amount` is DECIMAL(4,1) in the data, compatible with number" });
  });
});

describe("a CSV or JSON column declared DECIMAL(p,s)", () => {
  const sqlRule = "    quality:\n      - { name: above, type: sql, query: 'SELECT count(*) FROM {object} WHERE amount > 12345678901234567890123456.123456789', mustBe: 0 }\n";
  it("is read as that DECIMAL, exactly; text that does not convert fails the type check, counted, and is null to the other checks", async () => {
    const csv = `amount\n${EXACT_DECIMALS.map((v) => v ?? "").join("\n")}\nabc\n""\n`;
    const run = await runOnFile(root, "t.csv", csv, EXACT_DECIMAL_PROPERTIES, { objectYaml: sqlRule });
    // The SQL rule reads the exact DECIMAL (a double would hold one value, not two).
    expect(resultOf(run, "t.above")).toMatchObject({ measured: 1 });
    expect(resultOf(run, "t.amount.type")).toMatchObject({ status: "fail", failedRows: 1, message: expect.stringContaining("have `amount` text that is not a DECIMAL(38,10)"), sample: [{ amount: "abc" }] });
    expect(run.findings.filter((f) => f.severity === "warning")).toEqual([]);
  });

  it("reads JSON strings exactly (JSON numbers are doubles to DuckDB's reader)", async () => {
    const rows = EXACT_DECIMALS.map((amount) => ({ amount })).concat([{ amount: true as never }]);
    const run = await runOnFile(root, "t.json", JSON.stringify(rows), EXACT_DECIMAL_PROPERTIES, { objectYaml: sqlRule });
    expect(resultOf(run, "t.above")).toMatchObject({ measured: 1 });
    expect(resultOf(run, "t.amount.type")).toMatchObject({ status: "fail", failedRows: 1 });
  });

  // DuckDB's own cast of a DECIMAL of more than 15 digits to a DOUBLE is not the nearest double (a DECIMAL(38,30)
  // 0.1 is 0.09999999999999999), and a whole number beyond its 8 whole digits cannot become a DECIMAL(38,30) at all.
  it("of many decimals meets the contract's bounds and value lists as the nearest doubles, and a bound beyond its whole digits", async () => {
    const properties = `      - name: amount
        logicalType: number
        physicalType: DECIMAL(38,30)
        logicalTypeOptions: { minimum: 0.000000000000000000000000000001, maximum: 10000000000 }
        quality:
          - { name: listed, metric: invalidValues, arguments: { validValues: [0.1, 0.3, 1.7, 0.000000000000000000000000000001] }, mustBe: 0 }
          - { name: below_max, metric: invalidValues, arguments: { validValues: [99999999, 0.1, 0.3, 1.7, 0.000000000000000000000000000001] }, mustBe: 0 }
`;
    const run = await runOnFile(root, "t.csv", "amount\n0.000000000000000000000000000001\n0.1\n0.3\n1.7\n0.000000000000000000000000000002\n", properties);
    expect(resultOf(run, "t.amount.minimum")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(resultOf(run, "t.amount.maximum")).toMatchObject({ status: "pass", failedRows: 0 });
    expect(resultOf(run, "t.amount.listed")).toMatchObject({ status: "fail", failedRows: 1, sample: [{ amount: "0.000000000000000000000000000002" }] });
    expect(resultOf(run, "t.amount.below_max")).toMatchObject({ status: "fail", failedRows: 1 });
  });

  it("of few whole digits keeps comparing whole numbers within them exactly, as decimals", () => {
    const yaml = contractYaml("schema:\n  - name: t\n    properties:\n      - { name: a, logicalType: number, physicalType: 'DECIMAL(38,10)', logicalTypeOptions: { minimum: 5, maximum: 2.5e30 } }\n      - { name: b, logicalType: number, physicalType: 'DECIMAL(12,10)', logicalTypeOptions: { minimum: 0.5 } }\n");
    const document = contractDocument(root, yaml);
    const plan = planChecks(document.value as never, { sourceAt: (pointer) => document.sourceAt(pointer) });
    const sql = compileObjectScan(plan.objects[0]!, getDialect("duckdb"), { columnTypes: new Map([["a", "DECIMAL(38,10)"], ["b", "DECIMAL(12,10)"]]) }).query.sql;
    expect(sql).toContain(`"a" < 5`);
    expect(sql).toContain(`CAST(CAST("a" AS VARCHAR) AS DOUBLE) > 2.5e+30`);
    // Up to 15 digits DuckDB's cast is exact.
    expect(sql).toContain(`"b" < 0.5`);
    expect(compileObjectScan(plan.objects[0]!, getDialect("postgres")).query.sql).not.toContain("AS VARCHAR");
  });

  it("is read as DOUBLE, with a warning, when DuckDB's DECIMAL cannot hold the declared type", async () => {
    const run = await runOnFile(root, "t.csv", "amount\n1.5\n", "      - { name: amount, logicalType: number, physicalType: 'numeric(50,10)' }\n");
    expect(resultOf(run, "t.amount.type")).toMatchObject({ status: "pass", measured: "DOUBLE" });
    expect(run.findings.filter((f) => f.severity === "warning").map((f) => [f.ruleId, f.message])).toEqual([
      ["quality-not-checked", "`amount` is declared numeric(50,10), but its 50 digits are more than DuckDB's DECIMAL holds (38): its values are read as DOUBLE, and precision beyond a double's (15 to 17 significant digits) is not kept"],
    ]);
  });
});

/**
 * A remainder of decimals is taken as DECIMAL(38, 9), which holds less than 1e29: of ±1e30 it is not taken
 * (the cast would stop the scan here, and give NULL, a pass, on Spark); they count as failing, and NaN too.
 * 9e28 is a whole number, a multiple of 0.5; so is the smallest BIGINT, which must not overflow an `abs`.
 * postgres.test.ts counts the same values.
 */
describe("a multipleOf of numbers of 1e29 or more, which no DECIMAL(38, 9) holds", () => {
  it("counts them as failing, as NaN, rather than stopping the scan", async () => {
    const properties = "      - { name: x, logicalType: number, logicalTypeOptions: { multipleOf: 0.5 } }\n      - { name: i, logicalType: integer, logicalTypeOptions: { multipleOf: 0.5 } }\n";
    const rows = ["0.5", "1.5", "0.3", "1e30", "-1e30", "9e28", "NaN"].map((x, n) => `${x},${n === 0 ? "-9223372036854775808" : n}`).join("\n");
    const run = await runOnFile(root, "t.csv", `x,i\n${rows}\n`, properties);
    expect(resultOf(run, "t.x.multipleOf")).toMatchObject({
      status: "fail",
      measured: 4,
      message: "4 of 7 rows (57.14%) have `x` not a multiple of 0.5 or too large for a remainder (magnitude 1e29 or more); must be 0",
    });
    expect(resultOf(run, "t.i.multipleOf")).toMatchObject({ status: "pass", measured: 0 });
  });
});

describe("a multipleOf with more than 9 decimal places", () => {
  it("is a quality-rule-invalid error, not a remainder by 0 that DuckDB counts as no failing row", async () => {
    const run = await runOnFile(root, "t.csv", "x\n0.5\n1\n", "      - { name: x, logicalType: number, logicalTypeOptions: { multipleOf: 1e-20, maximum: 0.7 } }\n");
    expect(resultOf(run, "t.x.multipleOf")).toMatchObject({ status: "error", measured: null });
    expect(run.findings.find((f) => f.path === "/schema/0/properties/0/logicalTypeOptions/multipleOf")?.ruleId).toBe("quality-rule-invalid");
    expect(resultOf(run, "t.x.maximum")).toMatchObject({ status: "fail", failedRows: 1 });
  });
});

describe("checks the runner refused while running them, refused before any query (and so left out of the emitted SQL)", () => {
  const properties = "      - { name: z, logicalType: timestamp, logicalTypeOptions: { maximum: 'not a date', minimum: '2024-01-01T00:00:00' } }\n      - { name: n, logicalType: number }\n";
  const sla = "slaProperties:\n  - { property: retention, value: 1, unit: d, element: t.n }\n";

  it("a timestamp bound that is no timestamp, and an SLA on a number: quality-rule-invalid, and the scan's other checks run", async () => {
    const run = await runOnFile(root, "t.csv", "z,n\n2023-06-01 00:00:00,1\n2024-06-01 00:00:00,2\n", properties, { extra: sla });
    expect(resultOf(run, "t.z.maximum")).toMatchObject({ status: "error", message: expect.stringContaining("must be a timestamp written as text") });
    expect(resultOf(run, "t.n.retention")).toMatchObject({ status: "error", message: expect.stringContaining("which is declared number") });
    expect(run.findings.filter((f) => f.severity === "error").map((f) => f.ruleId).sort()).toEqual(["quality-rule-invalid", "quality-rule-invalid", "schema-range"]);
    expect(resultOf(run, "t.z.minimum")).toMatchObject({ status: "fail", failedRows: 1 });
  });

  it("the emitted SQL lists them as not checked, and holds no cast of the bound nor age of the number", async () => {
    const dir = mkdtempSync(join(root, "emit-"));
    writeFileSync(join(dir, "t.odcs.yaml"), contractYaml(`schema:\n  - name: t\n    properties:\n${properties}${sla}`));
    const { sql, notChecked } = await emitContractSql({ cwd: dir, paths: ["t.odcs.yaml"], dialect: "duckdb" });
    expect(sql).toContain("-- not checked: t.z.maximum: logicalTypeOptions.maximum must be a timestamp written as text");
    expect(sql).toContain("-- not checked: t.n.retention: SLA retention names element `t.n`, which is declared number");
    expect(sql).not.toContain("not a date'");
    expect(sql).not.toContain('epoch(min("n"))');
    expect(sql).toContain(`count(CASE WHEN "z" < CAST('2024-01-01T00:00:00' AS TIMESTAMP) THEN 1 END)`);
    expect(notChecked.map((f) => f.ruleId)).toEqual(["quality-rule-invalid", "quality-rule-invalid"]);
  });
});

describe("parts of the contract the ODCS schema refuses, in the emitted SQL", () => {
  // `required: "yes"` is no required check and `logicalType: intger` no type check: `meshkit test` says so
  // (quality-contract-invalid, exit 1); the emitted SQL used to leave them out without a word, and exit 0.
  const properties =
    "      - { name: a, logicalType: integer, required: 'yes', quality: [{ metric: nullValues, mustBeLessThan: '2' }] }\n      - { name: b, logicalType: intger }\n";

  it("are listed as not checked and reported as meshkit test reports them: the same findings", async () => {
    const run = await runOnFile(root, "t.csv", "a,b\n1,2\n", properties);
    const dir = mkdtempSync(join(root, "emit-invalid-"));
    writeFileSync(join(dir, "t.odcs.yaml"), contractYaml(`schema:\n  - name: t\n    properties:\n${properties}`));
    const { sql, notChecked } = await emitContractSql({ cwd: dir, paths: ["t.odcs.yaml"], dialect: "duckdb" });
    const errors = (findings: readonly Finding[]) => findings.filter((f) => f.severity === "error").map((f) => `${f.ruleId} ${f.path} ${f.message}`).sort();
    expect(errors(notChecked)).toEqual(errors(run.findings));
    expect(errors(notChecked)).toEqual([
      expect.stringMatching(/^quality-contract-invalid \/schema\/0\/properties\/0\/quality\/0\/mustBeLessThan Contract: /),
      expect.stringMatching(/^quality-contract-invalid \/schema\/0\/properties\/0\/required Contract: `required` must be a boolean/),
      expect.stringMatching(/^quality-contract-invalid \/schema\/0\/properties\/1\/logicalType Contract: `logicalType` must be one of/),
    ]);
    expect(sql).toContain("-- not checked: t.a.contract-invalid: Contract: `required` must be a boolean");
    expect(sql).toContain("-- not checked: t.b.contract-invalid: Contract: `logicalType` must be one of");
  });
});

describe("dates and timestamps the contract declares held as text, in the emitted SQL", () => {
  const properties =
    "      - { name: at, logicalType: timestamp, physicalType: VARCHAR, required: true, logicalTypeOptions: { minimum: '2024-01-01T00:00:00Z' } }\n      - { name: day, logicalType: date, physicalType: STRING, logicalTypeOptions: { format: dd/MM/yyyy, maximum: '2025-01-01' } }\n";
  const sla = "slaProperties:\n  - { property: latency, value: 1, unit: d, element: t.at }\n";

  it("are converted on DuckDB and PostgreSQL; elsewhere their bounds and ages are not checked (text against a timestamp fails the scan, or compares as text), their other checks are", async () => {
    const dir = mkdtempSync(join(root, "emit-text-"));
    writeFileSync(join(dir, "t.odcs.yaml"), contractYaml(`schema:\n  - name: t\n    properties:\n${properties}${sla}`));
    for (const dialect of ["trino", "bigquery", "snowflake", "spark"] as const) {
      const { sql, statements, notChecked } = await emitContractSql({ cwd: dir, paths: ["t.odcs.yaml"], dialect });
      expect([dialect, sql]).toEqual([dialect, expect.stringContaining(`-- not checked: t.at.minimum: \`at\` is a timestamp held as text (VARCHAR), which ${dialect}'s SQL here does not convert (DuckDB's and PostgreSQL's do)`)]);
      expect(sql).toContain("-- not checked: t.day.maximum: `day` is a date held as text (STRING)");
      expect(sql).toContain("-- not checked: t.at.latency:");
      expect(statements.flatMap((s) => s.checkIds)).toContain("t.at.required");
      expect(notChecked.filter((f) => f.ruleId === "quality-not-checked")).toHaveLength(3);
    }
    for (const dialect of ["duckdb", "postgres"] as const) {
      const converted = await emitContractSql({ cwd: dir, paths: ["t.odcs.yaml"], dialect });
      expect([dialect, converted.sql]).toEqual([dialect, expect.not.stringContaining("held as text")]);
      expect(converted.statements.flatMap((s) => s.checkIds)).toEqual(expect.arrayContaining(["t.at.minimum", "t.day.maximum", "t.at.latency"]));
    }
  });

  it("name PostgreSQL's SQL among those that convert them only where it reads the format (not a 12-hour clock without AM/PM)", async () => {
    const dir = mkdtempSync(join(root, "emit-text-format-"));
    const clock = "      - { name: at, logicalType: timestamp, physicalType: VARCHAR, logicalTypeOptions: { format: 'dd/MM/yyyy hh:mm', minimum: '2024-01-01T00:00:00Z' } }\n";
    writeFileSync(join(dir, "t.odcs.yaml"), contractYaml(`schema:\n  - name: t\n    properties:\n${clock}`));
    for (const dialect of ["trino", "bigquery"] as const) {
      const { sql } = await emitContractSql({ cwd: dir, paths: ["t.odcs.yaml"], dialect });
      expect(sql).toContain(`-- not checked: t.at.minimum: \`at\` is a timestamp held as text (VARCHAR), which ${dialect}'s SQL here does not convert (DuckDB's does)`);
    }
    const { sql } = await emitContractSql({ cwd: dir, paths: ["t.odcs.yaml"], dialect: "postgres" });
    expect(sql).toContain("-- not checked: t.at.minimum: `at` is a timestamp held as text (VARCHAR), which postgres's SQL here does not convert by its format `dd/MM/yyyy hh:mm` (DuckDB's does)");
  });
});

describe("value lists on a CSV column of numbers with text in it ('n/a')", () => {
  // The reader types an integer column VARCHAR for its 'n/a' and 'abc': it is read as text and converted, as a
  // DECIMAL(20,2) column is (its 'n/a' is a NULL value beside the text). The type checks fail; the lists still count.
  const csv = "qty,amt\n5,5.5\nn/a,n/a\n,\n7,7\nabc,abc\n-1,-1\n";
  const properties = `      - name: qty
        logicalType: integer
        quality:
          - { name: qty_missing, metric: missingValues, arguments: { missingValues: [null, '', 'n/a'] }, mustBe: 0 }
          - { name: qty_missing_mixed, metric: missingValues, arguments: { missingValues: ['n/a', -1] }, mustBe: 0 }
          - { name: qty_valid, metric: invalidValues, arguments: { validValues: [5, 7, 'n/a'] }, mustBe: 0 }
          - { name: qty_pattern, metric: invalidValues, arguments: { pattern: '^-?[0-9]+$' }, mustBe: 0 }
      - name: amt
        logicalType: number
        physicalType: DECIMAL(20,2)
        quality:
          - { name: amt_missing, metric: missingValues, arguments: { missingValues: [null, 'n/a', -1] }, mustBe: 0 }
          - { name: amt_missing_text, metric: missingValues, arguments: { missingValues: ['n/a'] }, mustBe: 0 }
          - { name: amt_valid, metric: invalidValues, arguments: { validValues: [5.5, 7, 'n/a'] }, mustBe: 0 }
`;

  it("counts what they list, as text where the column is text, instead of leaving them unchecked", async () => {
    const run = await runOnFile(root, "t.csv", csv, properties);
    for (const [id, failed] of [
      // As the converted DECIMAL's: the integers are read as such, 'n/a' and 'abc' fail the type check.
      ["t.qty.type", 2],
      // null and 'n/a'; 'n/a' and '-1'; 'abc' and '-1' (5, 7 and 'n/a' valid, null never invalid)
      ["t.qty.qty_missing", 2],
      ["t.qty.qty_missing_mixed", 2],
      ["t.qty.qty_valid", 2],
      // The converted column: its text 'n/a' is listed, though its value is NULL; 'abc' is no valid value.
      ["t.amt.type", 2],
      ["t.amt.amt_missing", 3],
      ["t.amt.amt_missing_text", 1],
      ["t.amt.amt_valid", 2],
    ] as const) {
      expect(resultOf(run, id), id).toMatchObject({ status: "fail", failedRows: failed });
    }
    // A pattern reads the integers, as on a JSON column of mixed types: 'n/a' and 'abc' are the type check's rows.
    expect(resultOf(run, "t.qty.qty_pattern")).toMatchObject({ status: "pass", failedRows: 0 });
  });
});

// Provision and compat read these spellings; the contract test skipped the type check of a property declaring only one.
describe("Oracle's and SQL Server's physical types against real DuckDB columns", () => {
  it("checks a property typed only by VARCHAR2, NCLOB or FLOAT32 against its column", async () => {
    const properties = ["code: VARCHAR2(10)", "note: NCLOB", "ratio: FLOAT32"].map((p) => `      - name: ${p.split(": ")[0]}\n        physicalType: ${p.split(": ")[1]}\n`).join("");
    const run = await runOnFile(root, "t.csv", "code,note,ratio\nab,x,abc\n", properties);
    expect(resultOf(run, "t.code.type")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "t.note.type")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "t.ratio.type")).toMatchObject({ status: "fail" });
  });

  it("reads a DATETIMEOFFSET or DATETIME2 property as a timestamp", async () => {
    const properties = "      - name: at\n        physicalType: DATETIMEOFFSET\n      - name: local\n        physicalType: datetime2(3)\n";
    const run = await runOnFile(root, "t.csv", "at,local\n2024-01-01 10:00:00+01,2024-01-01 10:00:00.123\n", properties);
    expect(resultOf(run, "t.at.type")).toMatchObject({ status: "pass" });
    expect(resultOf(run, "t.local.type")).toMatchObject({ status: "pass" });
  });
});

// NUMBER(p) is NUMBER(p,0): whole numbers, read as the integer family, yet a number property of one must keep
// its digits. Read as doubles, two 20-digit ids one apart were the same value and failed the unique check.
describe("a number property typed NUMBER(38) / DECIMAL(20,0) in a CSV file", () => {
  it("keeps every digit of its whole values", async () => {
    const ids = ["12345678901234567890", "12345678901234567891"];
    const property = (type: string) => `      - name: id\n        logicalType: number\n        physicalType: ${type}\n        unique: true\n`;
    for (const type of ["NUMBER(38)", "DECIMAL(20,0)"]) {
      const run = await runOnFile(root, "t.csv", `id\n${ids.join("\n")}\n`, property(type));
      expect(resultOf(run, "t.id.unique")).toMatchObject({ status: "pass" });
      expect(resultOf(run, "t.id.type")).toMatchObject({ status: "pass" });
    }
  });
});

describe("a binary column (BLOB): a string property of physicalType BLOB, or of format binary", () => {
  // 3 bytes none printable, 4 printable, 5 printable: only the last is longer than 4 bytes; the first is 12 characters as text.
  const runOnBlobs = async (property: string) => {
    const dir = mkdtempSync(join(root, "parquet-blob-"));
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT * FROM (VALUES (1, BLOB '\\xAA\\xBB\\xCC'), (2, BLOB 'abcd'), (3, BLOB 'abcde')) AS v(id, b)) TO '${join(dir, "t.parquet")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const properties = `      - { name: id, logicalType: integer }\n      - ${property}\n`;
    return runContract(dir, contractYaml(`servers:\n  - { server: local, type: local, path: ./t.parquet, format: parquet }\nschema:\n  - name: t\n    properties:\n${properties}`));
  };

  it("has its lengths counted in bytes, not in the characters of its escaped text (`\\xAA` is one byte, not four)", async () => {
    const run = await runOnBlobs("{ name: b, logicalType: string, physicalType: BLOB, logicalTypeOptions: { minLength: 4, maxLength: 4 } }");
    expect(resultOf(run, "t.b.maxLength")).toMatchObject({ status: "fail", failedRows: 1, message: "1 of 3 rows (33.33%) have `b` longer than 4 bytes; must be 0" });
    expect(resultOf(run, "t.b.minLength")).toMatchObject({ status: "fail", failedRows: 1 });
  });

  it("is the type of a string of format binary (ODCS's, as provision makes a BLOB of it), without a physicalType", async () => {
    const run = await runOnBlobs("{ name: b, logicalType: string, logicalTypeOptions: { format: binary, maxLength: 4 } }");
    expect(resultOf(run, "t.b.type")).toMatchObject({ status: "pass", message: "`b` is BLOB in the data, compatible with string" });
    expect(resultOf(run, "t.b.maxLength")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(run.results.checks.map((c) => c.id)).not.toContain("t.b.format");
    // A property of another logicalType is no BLOB, whatever its format.
    const integer = await runOnBlobs("{ name: b, logicalType: integer, logicalTypeOptions: { format: binary } }");
    expect(resultOf(integer, "t.b.type")).toMatchObject({ status: "fail" });
  });

  // Its text is DuckDB's escapes (`\xAA\xBB\xCC`), PostgreSQL's hex (`\x61626364`), or none (Trino, BigQuery).
  it("has no pattern, format or value list checked, which would read bytes as one engine's text", async () => {
    const run = await runOnBlobs("{ name: b, logicalType: string, logicalTypeOptions: { format: binary, pattern: '^ab', maxLength: 4 }, quality: [ { metric: invalidValues, arguments: { validValues: [abcd] }, mustBe: 0 }, { metric: nullValues, mustBe: 0 } ] }");
    const reason = "Not checked: `b` holds bytes (`format: binary`), which have no text: a pattern, a format or a list of values is not checked on it (its lengths are, in bytes).";
    expect(resultOf(run, "t.b.pattern")).toMatchObject({ status: "warn", message: reason });
    expect(resultOf(run, "t.b.invalidValues")).toMatchObject({ status: "warn", message: reason });
    expect(resultOf(run, "t.b.maxLength")).toMatchObject({ status: "fail", failedRows: 1 });
    expect(resultOf(run, "t.b.nullValues")).toMatchObject({ status: "pass" });
    const typed = await runOnBlobs("{ name: b, logicalType: string, physicalType: BLOB, logicalTypeOptions: { format: email } }");
    expect(resultOf(typed, "t.b.format")).toMatchObject({ status: "warn", message: expect.stringContaining("`b` holds bytes (physicalType BLOB), which have no text") });
  });
});
