import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DataContract } from "@meshkit/core";
import { type DuckDbSource, type SourceOptions, displayPath, resolveDataSource, resolveDuckDbSource } from "./sources.js";

const dir = mkdtempSync(join(tmpdir(), "meshkit-sources-"));
mkdirSync(join(dir, "data", "by_object"), { recursive: true });
for (const file of ["orders.csv", "lines.parquet", "notes.txt", "by_object/orders.json", "db.duckdb"]) writeFileSync(join(dir, "data", file), "");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const contract = (servers: unknown[]) => ({ servers }) as unknown as DataContract;
const options = (extra: Partial<SourceOptions> = {}): SourceOptions => ({ baseDir: dir, cwd: dir, objects: ["orders"], ...extra });
const orders = { name: "orders", physicalName: "ORDERS" };

function files(source: DuckDbSource) {
  if (source.kind !== "files") throw new Error("not files");
  return source;
}

describe("data source resolution", () => {
  it("--data with a glob (the action's input, or quoted) says a glob belongs in a server's path", () => {
    expect(resolveDuckDbSource(contract([]), options({ data: "data/*.csv" }))).toEqual({
      ok: false,
      problem: "no such file or folder: data/*.csv; --data takes one file or folder, not a glob: to read several files as one table, give a server a glob `path`",
      pointer: "",
    });
    expect(resolveDuckDbSource(contract([]), options({ data: "data/missing.csv" }))).toEqual({ ok: false, problem: "no such file or folder: data/missing.csv", pointer: "" });
  });

  it("names the caller's options (the action's server and data inputs) where it says to choose a server or data, not the CLI's flags", () => {
    const optionNames = { server: "the server input", data: "the data input" };
    expect(resolveDataSource(contract([{ server: "lake", type: "s3" }]), options({ optionNames }))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/, pass the data with the data input \(a file or folder\), or name a server with the server input$/),
    });
    expect(resolveDataSource(contract([]), options({ data: "data/*.csv", optionNames }))).toMatchObject({ ok: false, problem: expect.stringContaining("; the data input takes one file or folder, not a glob") });
    const far = resolveDataSource(contract([{ server: "far", type: "local", path: "../../elsewhere.csv", format: "csv" }]), options({ optionNames }));
    expect(far.ok && files(far.source as DuckDbSource).locate(orders)).toEqual({ problem: expect.stringMatching(/; pass the data input to test data elsewhere$/) });
    writeFileSync(join(dir, "data", "by_object", "orders.csv"), "");
    try {
      const twice = resolveDataSource(contract([]), options({ data: "data/by_object", optionNames }));
      expect(twice.ok && files(twice.source as DuckDbSource).locate(orders)).toEqual({ problem: expect.stringMatching(/; keep one, or pass the file with the data input$/) });
    } finally {
      rmSync(join(dir, "data", "by_object", "orders.csv"));
    }
  });

  it("a folder of a dataset's part files (Spark output, hive partitions) where `<object>.<ext>` files are looked for: says to read them with a glob", () => {
    const spark = join(dir, "parts", "orders");
    mkdirSync(join(spark, "_temporary"), { recursive: true });
    for (const file of ["_SUCCESS", ".part-00000.snappy.parquet.crc", "_temporary/part-9.parquet", "part-00000.snappy.parquet"]) writeFileSync(join(spark, file), "");
    const hive = join(dir, "parts", "events", "domain=sales", "date=2024-01-01");
    mkdirSync(hive, { recursive: true });
    writeFileSync(join(hive, "part-0.csv.gz"), "");
    writeFileSync(join(dir, "parts", "lines.csv"), "");
    const problem = (resolution: ReturnType<typeof resolveDuckDbSource>, name: string) => (resolution.ok ? files(resolution.source).locate({ name, physicalName: name }) : resolution);
    // A server whose path is the dataset's folder, and a --data folder with the dataset in a subfolder of the object's name.
    const server = resolveDuckDbSource(contract([{ server: "dev", type: "local", path: "parts/{model}/", format: "parquet" }]), options());
    expect(problem(server, "orders")).toEqual({
      problem: expect.stringMatching(/; parts\/orders is a folder of part files \(parts\/orders\/part-00000\.snappy\.parquet\): to read them as one table, give a server a glob `path` that matches them \(`\.\/parts\/orders\/\*\.parquet`, from the contract's folder\)$/),
    });
    const data = resolveDuckDbSource(contract([]), options({ data: join(dir, "parts"), objects: ["events"] }));
    expect(problem(data, "events")).toEqual({ problem: expect.stringContaining("parts/events is a folder of part files (parts/events/domain=sales/date=2024-01-01/part-0.csv.gz): to read them as one table, give a server a glob `path` that matches them (`./parts/events/*/*/*.csv.gz`, from the contract's folder)") });
    // The --data folder's own files are other objects' data, not a dataset of this one.
    expect(problem(data, "customers")).toEqual({ problem: expect.not.stringContaining("part files") });
    // A server's path is read from the contract's folder, not the working directory: so is the glob advised.
    const beside = resolveDuckDbSource(contract([{ server: "dev", type: "local", path: "{model}/", format: "parquet" }]), options({ baseDir: join(dir, "parts") }));
    expect(problem(beside, "orders")).toEqual({
      problem: expect.stringContaining("; parts/orders is a folder of part files (parts/orders/part-00000.snappy.parquet): to read them as one table, give a server a glob `path` that matches them (`./orders/*.parquet`, from the contract's folder)"),
    });
  });

  // As provision reads the same entry (core's postgresServerAddress): it provisioned a server contract-test then refused.
  it("reads a postgres server's port written as its digits, and refuses `true` or `0x1538`", () => {
    const postgres = (port: unknown) => resolveDataSource(contract([{ server: "prod", type: "postgres", host: " db.internal ", port, database: "analytics" }]), options({ server: "prod" }));
    expect(postgres("6432")).toMatchObject({ ok: true, source: { kind: "postgres", host: "db.internal", port: 6432, database: "analytics" } });
    expect(postgres(true)).toEqual({ ok: false, problem: "server `prod` (postgres) has port true; a port is a whole number from 1 to 65535", pointer: "/servers/0" });
    expect(postgres("0x1538")).toMatchObject({ ok: false });
  });

  it("takes the first local or duckdb server, with {model} replaced by the object name and the format from the extension", () => {
    const resolution = resolveDuckDbSource(contract([{ server: "pg", type: "postgres" }, { server: "dev", type: "local", path: "data/{model}.csv" }]), options());
    expect(resolution.ok && resolution.source.label).toBe("dev");
    if (!resolution.ok) return;
    expect(files(resolution.source).locate(orders)).toEqual({ path: join(dir, "data", "orders.csv"), format: "csv" });
    expect(files(resolution.source).locate({ name: "lines", physicalName: "lines" })).toEqual({ problem: "no such file: data/lines.csv" });
    // A `$` in the name is the name's, not a replacement pattern (`$&` would put the placeholder back).
    expect(files(resolution.source).locate({ name: "o$&$$", physicalName: "x" })).toEqual({ problem: "no such file: data/o$&$$.csv" });
  });

  it("passes over a server entry that is not a mapping (null, a string) instead of failing on it", () => {
    const servers = [null, "dev", { server: "dev", type: "local", path: "data/{model}.csv" }];
    const resolution = resolveDuckDbSource(contract(servers), options());
    expect(resolution.ok && files(resolution.source).locate(orders)).toEqual({ path: join(dir, "data", "orders.csv"), format: "csv" });
    expect(resolveDuckDbSource(contract(servers), options({ server: "dev" })).ok).toBe(true);
    expect(resolveDuckDbSource(contract([null]), options({ server: "prod" }))).toEqual({ ok: false, problem: "no server named `prod` in the contract (servers: none)", pointer: "/servers" });
  });

  it("reads a server path that is a folder as <object>.<ext> files", () => {
    const resolution = resolveDuckDbSource(contract([{ server: "dev", type: "local", path: "data/by_object" }]), options());
    expect(resolution.ok && files(resolution.source).locate(orders)).toEqual({ path: join(dir, "data", "by_object", "orders.json"), format: "json" });
  });

  it("refuses a folder holding two files of one object, instead of testing one of them by the order of the extensions", () => {
    mkdirSync(join(dir, "data", "twice"), { recursive: true });
    for (const file of ["orders.parquet", "orders.csv", "lines.json", "lines_v1.csv"]) writeFileSync(join(dir, "data", "twice", file), "");
    const resolution = resolveDuckDbSource(contract([]), options({ data: "data/twice" }));
    expect(resolution.ok && files(resolution.source).locate(orders)).toEqual({ problem: "several data files for `orders` in data/twice: orders.parquet, orders.csv; keep one, or pass the file with --data" });
    // One file under the name and another under the physicalName: the name's, as before.
    expect(resolution.ok && files(resolution.source).locate({ name: "lines", physicalName: "lines_v1" })).toEqual({ path: join(dir, "data", "twice", "lines.json"), format: "json" });
  });

  it("leaves globs to DuckDB", () => {
    const resolution = resolveDuckDbSource(contract([{ server: "dev", type: "local", path: "data/*.parquet" }]), options());
    expect(resolution.ok && files(resolution.source).locate(orders)).toEqual({ path: join(dir, "data", "*.parquet"), format: "parquet" });
  });

  it("needs a format it can read", () => {
    const resolution = resolveDuckDbSource(contract([{ server: "dev", type: "local", path: "data/notes.txt" }]), options());
    expect(resolution.ok && files(resolution.source).locate(orders)).toEqual({ problem: "cannot tell the format of data/notes.txt: set the server's `format` (parquet, csv or json)" });
  });

  it("refuses a server format named like a member of Object.prototype, rather than reading the files as something", () => {
    for (const format of ["constructor", "__proto__", "toString"]) {
      const resolution = resolveDuckDbSource(contract([{ server: "dev", type: "local", path: "data/orders.csv", format }]), options());
      expect(resolution, format).toEqual({ ok: false, problem: `server \`dev\` has format \`${format}\`; the DuckDB runner reads parquet, csv and json`, pointer: "/servers/0" });
    }
  });

  it("shows a server format that is not text as written, not as [object Object]", () => {
    const resolution = resolveDuckDbSource(contract([{ server: "dev", type: "local", path: "data/orders.csv", format: { csv: true } }]), options());
    expect(resolution).toEqual({ ok: false, problem: 'server `dev` has format `{"csv":true}`; the DuckDB runner reads parquet, csv and json', pointer: "/servers/0" });
  });

  it("reads a duckdb server's database, relative to the contract", () => {
    const resolution = resolveDuckDbSource(contract([{ server: "wh", type: "duckdb", database: "data/db.duckdb", schema: "sales" }]), options());
    expect(resolution).toEqual({ ok: true, source: { kind: "database", label: "wh", path: join(dir, "data", "db.duckdb"), schema: "sales" } });
  });

  it("says a duckdb server's database that is a data file or a folder is a local server's data, before DuckDB's own errors", () => {
    const database = (path: string) => resolveDuckDbSource(contract([{ server: "wh", type: "duckdb", database: path }]), options());
    expect(database("./data/lines.parquet")).toEqual({
      ok: false,
      problem: "server `wh` (duckdb): data/lines.parquet is a parquet file, not a DuckDB database file: read it with a server of `type: local` (`path: ./data/lines.parquet`, `format: parquet`)",
      pointer: "/servers/0",
    });
    expect(database("data/orders.csv")).toMatchObject({ ok: false, problem: expect.stringContaining("data/orders.csv is a csv file, not a DuckDB database file: ") });
    expect(database("data/by_object")).toEqual({
      ok: false,
      problem: "server `wh` (duckdb): data/by_object is a folder, not a DuckDB database file: read it with a server of `type: local` (`path: data/by_object`)",
      pointer: "/servers/0",
    });
  });

  it("reads a database --data in the schema of the duckdb server it replaces (the one read without --data), else in main", () => {
    const database = (servers: unknown[]) => resolveDuckDbSource(contract(servers), options({ data: "data/db.duckdb" }));
    const warehouse = { server: "wh", type: "duckdb", database: "data/warehouse.duckdb", schema: "sales" };
    expect(database([warehouse])).toEqual({ ok: true, source: { kind: "database", label: "data:data/db.duckdb", path: join(dir, "data", "db.duckdb"), schema: "sales" } });
    // A local server comes first: it is the one replaced, and has no schema.
    expect(database([{ server: "local", type: "local", path: "data/{model}.csv" }, warehouse])).toMatchObject({ ok: true, source: { kind: "database" } });
    expect(database([{ server: "local", type: "local", path: "data/{model}.csv" }, warehouse])).not.toHaveProperty("source.schema");
    expect(database([{ server: "pg", type: "postgres", schema: "sales" }, { ...warehouse, schema: undefined }])).not.toHaveProperty("source.schema");
  });

  it("takes a data override: a folder, a file, a database", () => {
    const folder = resolveDuckDbSource(contract([]), options({ data: "data" }));
    expect(folder.ok && folder.source.label).toBe("data:data");
    expect(folder.ok && files(folder.source).locate(orders)).toEqual({ path: join(dir, "data", "orders.csv"), format: "csv" });
    const file = resolveDuckDbSource(contract([]), options({ data: "data/lines.parquet" }));
    expect(file.ok && files(file.source).locate(orders)).toEqual({ path: join(dir, "data", "lines.parquet"), format: "parquet" });
    expect(file.ok && files(file.source).locate({ name: "other", physicalName: "other" })).toEqual({ problem: "data/lines.parquet holds the data of `orders` only" });
    expect(resolveDuckDbSource(contract([]), options({ data: "data/db.duckdb" }))).toMatchObject({ ok: true, source: { kind: "database" } });
    expect(resolveDuckDbSource(contract([]), options({ data: "data/notes.txt" }))).toMatchObject({ ok: false, problem: "cannot tell the format of data/notes.txt from its extension: use .parquet, .pq, .csv, .tsv, .json, .jsonl, .ndjson, CSV and JSON also compressed (.csv.gz, .csv.zst, …), or .duckdb for a database" });
  });

  it("reads every extension DuckDB reads without a download, in any case, compressed CSV and JSON too; a .tsv with its tab", () => {
    const folder = join(dir, "data", "extensions");
    mkdirSync(folder, { recursive: true });
    const names = ["a.pq", "b.tsv", "c.CSV", "d.csv.gz", "e.JSONL", "f.ndjson.zst", "g.TSV.GZ", "h.Parquet", "i.parquet.gz", "j.csv.bak"];
    for (const file of names) writeFileSync(join(folder, file), "");
    const resolution = resolveDuckDbSource(contract([]), options({ data: folder }));
    const locate = (name: string) => (resolution.ok ? files(resolution.source).locate({ name, physicalName: name }) : resolution);
    const at = (file: string) => join(folder, file);
    expect(["a", "b", "c", "d", "e", "f", "g", "h"].map(locate)).toEqual([
      { path: at("a.pq"), format: "parquet" },
      { path: at("b.tsv"), format: "csv", delimiter: "\t" },
      { path: at("c.CSV"), format: "csv" },
      { path: at("d.csv.gz"), format: "csv" },
      { path: at("e.JSONL"), format: "json" },
      { path: at("f.ndjson.zst"), format: "json" },
      { path: at("g.TSV.GZ"), format: "csv", delimiter: "\t" },
      { path: at("h.Parquet"), format: "parquet" },
    ]);
    // Parquet compresses inside the file; a backup is no data.
    expect(locate("i")).toEqual({ problem: expect.stringContaining("no data file for `i`") });
    expect(locate("j")).toEqual({ problem: expect.stringContaining("no data file for `j`") });
    // The stem is the object's name as written: `A` is not `a`.
    expect(locate("A")).toEqual({ problem: expect.stringMatching(/^no data file for `A` in .*; a\.pq differs in case only: rename it to A with its extension$/) });
    const file = resolveDuckDbSource(contract([]), options({ data: at("g.TSV.GZ") }));
    expect(file.ok && files(file.source).locate(orders)).toEqual({ path: at("g.TSV.GZ"), format: "csv", delimiter: "\t" });
    const server = resolveDuckDbSource(contract([{ server: "dev", type: "local", path: "data/extensions/b.tsv", format: "csv" }]), options());
    expect(server.ok && files(server.source).locate(orders)).toEqual({ path: at("b.tsv"), format: "csv", delimiter: "\t" });
  });

  it("keeps a contract's data inside its folder or the working directory: no absolute path elsewhere, no ../ in a name, no symlink out", () => {
    const outside = mkdtempSync(join(tmpdir(), "meshkit-outside-"));
    writeFileSync(join(outside, "secret.csv"), "token\nabc\n");
    mkdirSync(join(dir, "repo", "contracts"), { recursive: true });
    symlinkSync(outside, join(dir, "repo", "contracts", "linked"));
    try {
      const repo = (extra: Partial<SourceOptions> = {}) => options({ baseDir: join(dir, "repo", "contracts"), cwd: join(dir, "repo"), ...extra });
      const locate = (server: Record<string, unknown>, object = orders, extra: Partial<SourceOptions> = {}) => {
        const resolution = resolveDuckDbSource(contract([{ server: "dev", type: "local", format: "csv", ...server }]), repo(extra));
        return resolution.ok ? files(resolution.source).locate(object) : resolution;
      };
      const refused = { problem: expect.stringContaining("is outside the project: a contract's data must be inside its own folder or the working directory") };
      expect(locate({ path: join(outside, "secret.csv") })).toEqual(refused);
      expect(locate({ path: "/proc/self/environ" })).toEqual(refused);
      expect(locate({ path: "./{model}" }, { name: "../../../secret", physicalName: "x" })).toEqual(refused);
      expect(locate({ path: "linked/secret.csv" })).toEqual(refused);
      // A server folder inside, whose object file is a link out.
      mkdirSync(join(dir, "repo", "contracts", "data"), { recursive: true });
      symlinkSync(join(outside, "secret.csv"), join(dir, "repo", "contracts", "data", "leak.csv"));
      expect(locate({ path: "./data" }, { name: "leak", physicalName: "leak" })).toEqual(refused);
      expect(locate({ path: join(outside, "*.csv") })).toEqual(refused);
      expect(resolveDuckDbSource(contract([{ server: "wh", type: "duckdb", database: join(outside, "x.duckdb") }]), repo())).toMatchObject({ ok: false, problem: expect.stringContaining("is outside the project") });
      // Inside the working directory but above the contract's folder is the repository's own data.
      writeFileSync(join(dir, "repo", "orders.csv"), "");
      expect(locate({ path: "../{model}.csv" })).toEqual({ path: join(dir, "repo", "orders.csv"), format: "csv" });
      // --data is the caller's choice; an object's name still cannot climb out of its folder.
      const data = resolveDuckDbSource(contract([]), repo({ data: outside }));
      expect(data.ok && files(data.source).locate({ name: "secret", physicalName: "secret" })).toEqual({ path: join(outside, "secret.csv"), format: "csv" });
      expect(data.ok && files(data.source).locate({ name: "../secret", physicalName: "x" })).toMatchObject({ problem: expect.stringContaining("no data file") });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("shows paths relative to the working directory when inside it", () => {
    expect(displayPath(join(dir, "a", "b.csv"), dir)).toBe(join("a", "b.csv"));
    expect(displayPath("/elsewhere/b.csv", dir)).toBe("/elsewhere/b.csv");
  });
});
