import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { emitContractSql, parseAsOf, parseQueryTimeout, testContracts } from "./project.js";
import type { DialectName } from "./dialects.js";

describe("parseAsOf (--now, the action's as-of)", () => {
  it("reads ISO 8601 dates and times with a zone", () => {
    expect(parseAsOf("2026-06-30", "--now").toISOString()).toBe("2026-06-30T00:00:00.000Z");
    expect(parseAsOf("2026-06-30T06:00:00Z", "--now").toISOString()).toBe("2026-06-30T06:00:00.000Z");
    expect(parseAsOf("2024-02-29T23:59:59.5+02:00", "--now").toISOString()).toBe("2024-02-29T21:59:59.500Z");
  });

  it("refuses a date or time that does not exist instead of rolling it over", () => {
    // JavaScript's Date takes these and rolls them over to the next day or month.
    for (const text of ["2024-04-31T10:00:00Z", "2023-02-29", "2024-02-30T00:00:00Z", "2024-05-02T24:00:00Z"]) {
      expect(() => parseAsOf(text, "--now"), text).toThrow(new UsageError(`--now ${text}: no such date or time`));
    }
    for (const text of ["2024-05-02T10:60:00Z", "2024-13-01", "2024-00-10"]) expect(() => parseAsOf(text, "--now"), text).toThrow(UsageError);
    expect(() => parseAsOf("yesterday", "as-of")).toThrow("as-of yesterday: not an ISO 8601 time with a zone");
    expect(() => parseAsOf("2026-06-30T06:00:00", "--now")).toThrow("not an ISO 8601 time with a zone");
  });
});

describe("parseQueryTimeout (--query-timeout)", () => {
  it("takes seconds, fractions too, as milliseconds", () => {
    expect(parseQueryTimeout("60", "--query-timeout")).toBe(60_000);
    expect(parseQueryTimeout("0.5", "query-timeout")).toBe(500);
  });

  it("refuses zero, negative, non-numbers and more than a day", () => {
    for (const text of ["0", "-5", "abc", "1e3", "86401", ""]) expect(() => parseQueryTimeout(text, "--query-timeout"), text).toThrow(UsageError);
  });
});

describe("testContracts --object over several contracts", () => {
  const contract = (id: string, object: string) =>
    `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\nservers:\n  - { server: local, type: local, path: ./${object}.csv, format: csv }\nschema:\n  - name: ${object}\n    properties:\n      - { name: id, logicalType: integer, required: true }\n`;
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-objects-"));
    for (const [file, text] of [["a.odcs.yaml", contract("ca", "a")], ["b.odcs.yaml", contract("cb", "b")], ["a.csv", "id\n1\n2\n"], ["b.csv", "id\n1\n\n"]] as const) writeFileSync(join(dir, file), text);
    return dir;
  };

  it("tests the named object where a contract has it, and leaves the contracts without it out", async () => {
    const dir = project();
    const run = await testContracts({ cwd: dir, paths: ["a.odcs.yaml", "b.odcs.yaml"], objects: ["a"] });
    expect(run.run.contracts.map((c) => [c.contract.id, [...new Set(c.checks.map((check) => check.object))]])).toEqual([["ca", ["a"]]]);
    expect([run.files, run.findings]).toEqual([1, []]);
  });

  it("a name no contract has is a usage error that says where it looked", async () => {
    const dir = project();
    await expect(testContracts({ cwd: dir, paths: ["a.odcs.yaml", "b.odcs.yaml"], objects: ["a", "c"] })).rejects.toThrow(new UsageError("no schema object named `c` in any of the 2 contracts"));
    await expect(testContracts({ cwd: dir, paths: ["a.odcs.yaml"], objects: ["b"] })).rejects.toThrow(new UsageError("no schema object named `b` in the contract a.odcs.yaml (objects: a)"));
  });
});

describe("testContracts with both a server and data", () => {
  it("is a usage error naming both, not a run on the data that reports the server as tested", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-server-data-"));
    writeFileSync(join(dir, "a.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: ca\nversion: 1.0.0\nstatus: active\nservers:\n  - { server: prod, type: postgres, host: 127.0.0.1, port: 1, database: x }\nschema:\n  - name: a\n    properties:\n      - { name: id, logicalType: integer }\n");
    writeFileSync(join(dir, "a.csv"), "id\n1\n");
    await expect(testContracts({ cwd: dir, paths: ["a.odcs.yaml"], server: "prod", data: "a.csv" })).rejects.toThrow(
      new UsageError("--server prod and --data a.csv cannot go together: --data is read instead of every server of the contracts, so --server would be ignored; pass --server to test that server's data, or --data to test the file"),
    );
    // The action names its inputs (optionNames): a workflow has no flags to pass.
    await expect(testContracts({ cwd: dir, paths: ["a.odcs.yaml"], server: "prod", data: "a.csv", optionNames: { server: "the server input", data: "the data input" } })).rejects.toThrow(
      new UsageError("the server input prod and the data input a.csv cannot go together: the data input is read instead of every server of the contracts, so the server input would be ignored; pass the server input to test that server's data, or the data input to test the file"),
    );
  });
});

describe("testContracts over several contracts at once", () => {
  const contract = (id: string) =>
    `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\nservers:\n  - { server: local, type: local, path: ./${id}.csv, format: csv }\nschema:\n  - name: ${id}\n    properties:\n      - { name: id, logicalType: integer, required: true, unique: true }\n`;

  it.skipIf(availableParallelism() < 2)("tests them side by side, and reports them in the order they were found", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-at-once-"));
    // c0 is the largest, so the others start while it runs; each has one null id (its finding) and c3 a repeated one.
    const ids = ["c0", "c1", "c2", "c3", "c4"];
    for (const [i, id] of ids.entries()) {
      const rows = Array.from({ length: i === 0 ? 200_000 : 50 }, (_, n) => String(n + 1));
      if (id === "c3") rows.push("7");
      writeFileSync(join(dir, `${id}.odcs.yaml`), contract(id));
      writeFileSync(join(dir, `${id}.csv`), `id\n${rows.join("\n")}\n\n`);
    }
    const run = await testContracts({ cwd: dir, paths: ids.map((id) => `${id}.odcs.yaml`) });
    expect(run.run.contracts.map((c) => c.contract.id)).toEqual(ids);
    expect(run.findings.map((f) => [f.file, f.ruleId])).toEqual([
      ...ids.slice(0, 3).map((id) => [`${id}.odcs.yaml`, "schema-required"]),
      ["c3.odcs.yaml", "schema-required"],
      ["c3.odcs.yaml", "schema-unique"],
      ["c4.odcs.yaml", "schema-required"],
    ]);
    const [first, second] = run.run.contracts;
    expect(Date.parse(second!.startedAt)).toBeLessThan(Date.parse(first!.finishedAt));
  });
});

describe("testContracts counts the files it read", () => {
  it("an unparseable file among them too: its error is in a file, not in none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-files-"));
    writeFileSync(join(dir, "a.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: ca\nversion: 1.0.0\nstatus: active\nservers:\n  - { server: local, type: local, path: ./a.csv, format: csv }\nschema:\n  - name: a\n    properties:\n      - { name: id, logicalType: integer }\n");
    writeFileSync(join(dir, "a.csv"), "id\n1\n");
    writeFileSync(join(dir, "broken.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nschema: [\n");
    const run = await testContracts({ cwd: dir, paths: [] });
    expect([run.files, run.findings.map((f) => `${f.file} ${f.ruleId}`)]).toEqual([2, ["broken.odcs.yaml yaml-syntax"]]);
  });
});

describe("testContracts in a project without contracts", () => {
  it("says how to get one, not only that there is none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-empty-"));
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    await expect(testContracts({ cwd: dir, paths: [] })).rejects.toThrow(/^no data contract found under the current directory: write one \(meshkit init product <domain>\/<name> scaffolds a product and its contract\)/);
  });

  it("names the globs of files.include when they select no contract, not 'under the current directory' where one is", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-unmatched-"));
    mkdirSync(join(dir, "contracts"));
    writeFileSync(join(dir, "contracts/a.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: ca\nversion: 1.0.0\nstatus: active\n");
    writeFileSync(join(dir, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["contract/*.yaml"]\n');
    await expect(testContracts({ cwd: dir, paths: [] })).rejects.toThrow(/^meshkit\.yaml:4:12: files\.include \("contract\/\*\.yaml"\) selects no contract or product, so nothing was checked/);
  });
});

describe("testContracts given a data product", () => {
  const contract = (id: string, version: string) =>
    `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: ${version}\nstatus: active\nservers:\n  - { server: local, type: local, path: ./${id}.csv, format: csv }\nschema:\n  - name: ${id}\n    properties:\n      - { name: id, logicalType: integer, required: true }\n`;
  const product = (id: string, ports: [string, string][]) =>
    `apiVersion: v1.0.0\nkind: DataProduct\nid: ${id}\nname: ${id}\nstatus: active\noutputPorts:\n${ports.map(([name, ref]) => `  - name: ${name}\n    version: "1.0.0"\n    contractId: ${ref}\n`).join("")}`;
  /** Contracts in one folder, products in another: a product names its contracts by id, wherever they are. */
  const project = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-product-ports-"));
    mkdirSync(join(dir, "contracts"));
    mkdirSync(join(dir, "products"));
    writeFileSync(join(dir, "contracts/orders.csv"), "id\n1\n\n");
    writeFileSync(join(dir, "contracts/refunds.csv"), "id\n1\n2\n");
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  };

  it("tests the contracts its output ports name, found anywhere in the project, each once", async () => {
    const dir = project({
      "contracts/orders.odcs.yaml": contract("orders", "1.0.0"),
      "contracts/refunds.odcs.yaml": contract("refunds", "1.0.0"),
      "contracts/other.odcs.yaml": contract("other", "1.0.0"),
      "products/sales.odps.yaml": product("sales", [["orders", "orders"], ["refunds", "refunds"]]),
      "products/finance.odps.yaml": product("finance", [["orders", "orders"]]),
    });
    const run = await testContracts({ cwd: dir, paths: ["products/sales.odps.yaml", "products/finance.odps.yaml"] });
    expect(run.run.contracts.map((c) => c.contract.id)).toEqual(["orders", "refunds"]);
    expect(run.run.summary).toMatchObject({ failed: 1 }); // orders' null id
    expect(run.findings.map((f) => [f.file, f.ruleId])).toEqual([["contracts/orders.odcs.yaml", "schema-required"]]);
  });

  it("says which port's contract is not in the project, at the port, and tests the others (of the port's version when the project has it)", async () => {
    const dir = project({
      "contracts/refunds.odcs.yaml": contract("refunds", "1.0.0"),
      "contracts/orders.odcs.yaml": contract("orders", "2.0.0"),
      "products/sales.odps.yaml": product("sales", [["orders", "orders"], ["refunds", "refunds"], ["returns", "returns"]]),
    });
    const run = await testContracts({ cwd: dir, paths: ["products/sales.odps.yaml"] });
    // orders is at another version than the port's: lint says so (output-port-contract); its data is tested.
    expect(run.run.contracts.map((c) => `${c.contract.id} ${c.contract.version}`)).toEqual(["orders 2.0.0", "refunds 1.0.0"]);
    expect(run.findings.filter((f) => f.ruleId !== "schema-required").map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message}`)).toEqual([
      "products/sales.odps.yaml:15:17 warning quality-not-checked Output port returns names contract returns, which is not in this project: its data is not tested here.",
    ]);
    const sql = await emitContractSql({ cwd: dir, paths: ["products/sales.odps.yaml"], dialect: "duckdb" });
    expect(sql.sql).toContain("contract refunds 1.0.0");
    expect(sql.sql).toContain("contract orders 2.0.0");
    expect(sql.findings).toEqual([]);
    expect(sql.notChecked.map((f) => f.ruleId)).toEqual(["quality-not-checked"]);
  });

  it("a product none of whose contracts is in the project is a usage error that names them", async () => {
    const dir = project({ "products/sales.odps.yaml": product("sales", [["orders", "orders"]]) });
    await expect(testContracts({ cwd: dir, paths: ["products/sales.odps.yaml"] })).rejects.toThrow(
      new UsageError("no data contract in products/sales.odps.yaml (Output port orders names contract orders, which is not in this project)"),
    );
  });

  it("with no paths, tests the project's contracts and says nothing of ports whose contract lives elsewhere", async () => {
    const dir = project({ "contracts/refunds.odcs.yaml": contract("refunds", "1.0.0"), "products/sales.odps.yaml": product("sales", [["returns", "returns"]]) });
    const run = await testContracts({ cwd: dir, paths: [] });
    expect(run.run.contracts.map((c) => c.contract.id)).toEqual(["refunds"]);
    expect(run.findings).toEqual([]);
  });
});

describe("emitContractSql's first line of a contract", () => {
  it("keeps an id or version with a line break in its comment, so none of it becomes SQL", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-emit-heading-"));
    writeFileSync(
      join(dir, "c.odcs.yaml"),
      'apiVersion: v3.1.0\nkind: DataContract\nid: "x\\nSELECT 1; --"\nversion: "1.0.0\\r\\nDROP TABLE t;"\nstatus: active\nschema:\n  - name: t\n    properties:\n      - { name: a, required: true }\n',
    );
    for (const dialect of ["trino", "snowflake", "bigquery", "spark"] as const) {
      const { sql } = await emitContractSql({ cwd: dir, paths: ["c.odcs.yaml"], dialect });
      const code = sql.split("\n").filter((line) => line !== "" && !line.startsWith("--"));
      expect(sql.split("\n")[0], dialect).toBe(`-- c.odcs.yaml: contract x SELECT 1; -- 1.0.0  DROP TABLE t; (${dialect})`);
      expect(code.some((line) => /DROP|SELECT 1/.test(line)), dialect).toBe(false);
    }
  });
});

describe("emitContractSql with --server: table names and SQL rules' unqualified names, as the runners read them", () => {
  /** One contract with a SQL rule and one without, each with PostgreSQL and DuckDB servers with and without a schema. */
  function emitted(): (file: "rules" | "none", server: string, dialect?: DialectName) => Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-emit-server-"));
    const contract = (quality: string) =>
      `apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\ndomain: sales\nservers:\n  - { server: pg, type: postgres, host: 127.0.0.1, database: analytics, schema: "Sales Dept" }\n  - { server: own, type: postgresql, host: 127.0.0.1, database: analytics }\n  - { server: wh, type: duckdb, database: ./wh.duckdb, schema: Sales }\n  - { server: main, type: duckdb, database: ./wh.duckdb }\nschema:\n  - name: orders\n    properties:\n      - { name: id, required: true }\n${quality}`;
    writeFileSync(join(dir, "rules.odcs.yaml"), contract("    quality:\n      - { type: sql, query: SELECT count(*) FROM customers, mustBe: 0 }\n"));
    writeFileSync(join(dir, "none.odcs.yaml"), contract(""));
    return async (file, server, dialect = "postgres") => (await emitContractSql({ cwd: dir, paths: [`${file}.odcs.yaml`], dialect, server })).sql;
  }

  it("qualifies a table of a PostgreSQL server without a schema in public, not in a schema named like the database", async () => {
    const sql = emitted();
    expect(await sql("none", "own")).toContain('FROM "analytics"."public"."orders"');
    expect(await sql("none", "pg")).toContain('FROM "analytics"."Sales Dept"."orders"');
  });

  it("says how the SQL rules' unqualified names are read: PostgreSQL's search_path (the server's schema, then the domain's), DuckDB's schema", async () => {
    const sql = emitted();
    expect(await sql("rules", "pg")).toContain('-- server pg: SQL rules read unqualified table names as the runner does: run SET search_path TO "Sales Dept", "sales" first\n');
    expect(await sql("rules", "own")).toContain('run SET search_path TO "public", "sales" first');
    expect(await sql("none", "pg")).not.toContain("search_path");
    expect(await sql("rules", "wh", "duckdb")).toContain("-- server wh: SQL rules read unqualified table names as the runner does: run SET schema = 'Sales' first\n");
    expect(await sql("rules", "main", "duckdb")).not.toContain("SET schema");
  });

  it("writes that set-up in the emitted dialect, which runs it, not in the server's (no SET search_path on Snowflake)", async () => {
    const sql = emitted();
    const note = async (server: string, dialect: DialectName) => (await sql("rules", server, dialect)).split("\n").find((line) => line.startsWith(`-- server ${server}: SQL rules`));
    const rest = "SQL rules read unqualified table names as the runner does: run";
    expect(await note("pg", "duckdb")).toBe(`-- server pg: ${rest} SET search_path = '"analytics"."Sales Dept","analytics"."sales"' first`);
    expect(await note("wh", "postgres")).toBe(`-- server wh: ${rest} SET search_path TO "Sales" first`);
  });

  it("names the schema a one-schema dialect uses in the database the emitted tables are in, not the session's (every Snowflake database has a PUBLIC)", async () => {
    const sql = emitted();
    const note = async (server: string, dialect: DialectName) => (await sql("rules", server, dialect)).split("\n").find((line) => line.startsWith(`-- server ${server}: SQL rules`));
    const rest = "SQL rules read unqualified table names as the runner does: run";
    expect(await sql("rules", "pg", "snowflake")).toContain("FROM analytics.\"Sales Dept\".orders");
    expect(await note("pg", "snowflake")).toBe(`-- server pg: ${rest} USE SCHEMA analytics."Sales Dept" first; snowflake searches one schema: qualify the tables of analytics.sales there`);
    expect(await note("own", "snowflake")).toBe(`-- server own: ${rest} USE SCHEMA analytics.public first; snowflake searches one schema: qualify the tables of analytics.sales there`);
    expect(await note("pg", "trino")).toBe(`-- server pg: ${rest} USE "analytics"."Sales Dept" first; trino searches one schema: qualify the tables of "analytics"."sales" there`);
    expect(await note("pg", "spark")).toBe(`-- server pg: ${rest} USE \`analytics\`.\`Sales Dept\` first; spark searches one schema: qualify the tables of \`analytics\`.\`sales\` there`);
    expect(await note("pg", "bigquery")).toBe(
      `-- server pg: ${rest} SET @@dataset_project_id = 'analytics'; SET @@dataset_id = 'Sales Dept' first; bigquery searches one schema: qualify the tables of \`analytics\`.\`sales\` there`,
    );
    // A DuckDB file's catalog is its name, as its tables are named (`wh.Sales.orders`).
    expect(await note("wh", "snowflake")).toBe(`-- server wh: ${rest} USE SCHEMA wh.Sales first`);
  });

  it("names the schemas of DuckDB's search path in the PostgreSQL database DuckDB attaches, not the default catalog's (a DuckDB file's own `sales`)", async () => {
    const sql = emitted();
    const note = async (server: string) => (await sql("rules", server, "duckdb")).split("\n").find((line) => line.startsWith(`-- server ${server}: SQL rules`));
    expect(await sql("rules", "own", "duckdb")).toContain('FROM "analytics"."public"."orders"');
    const setUp = (await note("own"))!.replace(/^.* run (.*) first$/, "$1");
    expect(setUp).toBe(`SET search_path = '"analytics"."public","analytics"."sales"'`);
    // Run as the note says, in a session whose default catalog has a `sales` schema too: the rules read the attached database's.
    const connection = await (await DuckDBInstance.create(":memory:")).connect();
    await connection.run("ATTACH ':memory:' AS analytics; CREATE SCHEMA analytics.public; CREATE SCHEMA analytics.sales; CREATE TABLE analytics.sales.customers AS SELECT 1 AS id; CREATE SCHEMA sales; CREATE TABLE sales.customers AS SELECT 1 AS id FROM range(5)");
    await connection.run(setUp);
    expect((await connection.runAndReadAll("SELECT count(*)::INTEGER FROM customers")).getRowsJS()).toEqual([[1]]);
    // A DuckDB server's own file is the session's default catalog, open as its note says: named as the runner does.
    expect(await note("wh")).toBe("-- server wh: SQL rules read unqualified table names as the runner does: run SET schema = 'Sales' first");
  });

  it("names a DuckDB server's own `catalog` in DuckDB's search path: its file is attached under that name, not open as the default catalog", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-emit-duckdb-catalog-"));
    writeFileSync(
      join(dir, "c.odcs.yaml"),
      "apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\nservers:\n  - { server: lake, type: duckdb, database: ./wh.duckdb, catalog: lake, schema: Sales }\nschema:\n  - name: orders\n    properties:\n      - { name: id, required: true }\n    quality:\n      - { type: sql, query: SELECT count(*) FROM customers, mustBe: 0 }\n",
    );
    const { sql } = await emitContractSql({ cwd: dir, paths: ["c.odcs.yaml"], dialect: "duckdb", server: "lake" });
    expect(sql).toContain('FROM "lake"."Sales"."orders"');
    expect(sql).not.toContain("open (`duckdb");
    const setUp = sql.split("\n").find((line) => line.startsWith("-- server lake: SQL rules"))!.replace(/^.* run (.*) first$/, "$1");
    expect(setUp).toBe(`SET search_path = '"lake"."Sales"'`);
    // Run as the note says, with the file attached as `lake` beside a default catalog that has a `Sales` schema too.
    const connection = await (await DuckDBInstance.create(":memory:")).connect();
    await connection.run('ATTACH \':memory:\' AS lake; CREATE SCHEMA lake."Sales"; CREATE TABLE lake."Sales".customers AS SELECT 1 AS id; CREATE SCHEMA "Sales"; CREATE TABLE "Sales".customers AS SELECT 1 AS id FROM range(5)');
    await connection.run(setUp);
    expect((await connection.runAndReadAll("SELECT count(*)::INTEGER FROM customers")).getRowsJS()).toEqual([[1]]);
  });
});
