/**
 * The embedded runner: DuckDB in process, over Parquet/CSV/JSON files or a DuckDB database file.
 * Each object's file becomes a view named after its physicalName, so SQL rules can name their table as
 * they would in the warehouse. Nothing is downloaded (extension autoloading is off; parquet, csv and
 * json are built in), and once the views exist, file access is locked to the data files: a SQL rule
 * cannot read or write anything else, whatever it tries.
 */
import { type DuckDBConnection, DuckDBInstance, type JS } from "@duckdb/node-api";
import type { JsonValue } from "@meshkit/core";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { ObjectPlan, PropertyPlan } from "./checks.js";
import type { CompiledQuery } from "./compile.js";
import { getDialect } from "./dialects.js";
import { type ColumnInfo, DataSourceError, type DescribedRelation, type QueryExecutor, type ScalarValue } from "./engine.js";
import type { DuckDbSource, FileFormat } from "./sources.js";
import type { TypeFamily } from "./type-families.js";

export interface DuckDbExecutor extends QueryExecutor {
  close(): void;
}

const NO_DOWNLOADS = { autoinstall_known_extensions: "false", autoload_known_extensions: "false" };

/** DuckDB column types for the declared families, used when an empty CSV/JSON file has no types to infer. */
const DUCKDB_TYPE_BY_FAMILY: Record<TypeFamily, string> = {
  string: "VARCHAR",
  integer: "BIGINT",
  number: "DOUBLE",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
  time: "TIME",
  object: "JSON",
  array: "VARCHAR[]",
};

const duckdbDialect = getDialect("duckdb");
const q = (name: string) => duckdbDialect.quoteIdentifier(name);
const literal = (value: string) => duckdbDialect.stringLiteral(value);

/**
 * Opens DuckDB over `source` for `objects` (all of the contract's objects, so SQL rules can join any of
 * them). Objects whose data cannot be read are remembered; `describe` reports them.
 */
export async function openDuckDb(source: DuckDbSource, objects: readonly ObjectPlan[], show: (path: string) => string): Promise<DuckDbExecutor> {
  if (source.kind === "database") {
    const unreadable = (problem: string) => DuckDbRunner.create(":memory:", new Map(objects.map((o) => [o.name, problem])));
    if (!existsSync(source.path)) return unreadable(`No such DuckDB database file: ${show(source.path)}`);
    let runner: DuckDbRunner;
    try {
      runner = await DuckDbRunner.create(source.path, new Map(), { access_mode: "READ_ONLY" }, source.schema ?? "main");
    } catch (error) {
      return unreadable(`Cannot open the DuckDB database ${show(source.path)}: ${firstLine(error)}`);
    }
    await runner.lockFileAccess([], []);
    return runner;
  }
  const runner = await DuckDbRunner.create(":memory:", new Map());
  const files: string[] = [];
  const folders: string[] = [];
  for (const object of objects) {
    const location = source.locate(object);
    if ("problem" in location) {
      runner.problems.set(object.name, `No data for \`${object.name}\`: ${location.problem}`);
      continue;
    }
    try {
      await runner.createView(object, location.path, location.format);
      // A glob's files are only known to DuckDB: allow the folder up to the first wildcard.
      const wildcard = location.path.search(/[*?[]/);
      if (wildcard === -1) files.push(location.path);
      else folders.push(dirname(location.path.slice(0, wildcard + 1)));
    } catch (error) {
      runner.problems.set(object.name, `Cannot read \`${object.name}\` from ${show(location.path)}: ${firstLine(error)}`);
    }
  }
  await runner.lockFileAccess(files, folders);
  return runner;
}

class DuckDbRunner implements DuckDbExecutor {
  readonly dialect = duckdbDialect;
  readonly parameters = "bound" as const;
  private readonly columns = new Map<string, ColumnInfo[]>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** Object name → why its data cannot be read. */
    readonly problems: Map<string, string>,
    /** Schema of the tables, for a database file; undefined for views over files. */
    private readonly schema: string | undefined,
  ) {}

  static async create(path: string, problems: Map<string, string>, options: Record<string, string> = {}, schema?: string): Promise<DuckDbRunner> {
    const instance = await DuckDBInstance.create(path, { ...NO_DOWNLOADS, ...options });
    return new DuckDbRunner(instance, await instance.connect(), problems, schema);
  }

  /**
   * A view over the object's file. CSV and JSON have no declared types: string properties are read as
   * VARCHAR (so `01234` keeps its zero), and a file without rows gets the contract's types, since there
   * is nothing to infer them from.
   */
  async createView(object: ObjectPlan, path: string, format: FileFormat): Promise<void> {
    // In CSV an unquoted empty field is NULL and a quoted one ("") an empty string: missingValues tells them apart.
    const fixed = format === "csv" ? ", allow_quoted_nulls = false" : "";
    const reader = (options: string) => `${format === "parquet" ? "read_parquet" : format === "csv" ? "read_csv_auto" : "read_json_auto"}(${literal(path)}${fixed}${options})`;
    let source = reader("");
    if (format !== "parquet") {
      const inferred = await this.describeQuery(`SELECT * FROM ${source}`);
      const empty = (await this.connection.runAndReadAll(`SELECT 1 FROM ${source} LIMIT 1`)).currentRowCount === 0;
      const typeOf = (p: PropertyPlan) => `${literal(p.column)}: ${literal(p.expected ? DUCKDB_TYPE_BY_FAMILY[p.expected] : "VARCHAR")}`;
      if (format === "csv") {
        const present = new Set(inferred.map((c) => c.name));
        const types = object.properties.filter((p) => present.has(p.column) && (empty || p.expected === "string")).map(typeOf);
        if (types.length > 0) source = reader(`, types = {${types.join(", ")}}`);
      } else if (empty && object.properties.length > 0) {
        // `columns` replaces the inferred columns altogether, so it is only given for an empty file.
        source = reader(`, columns = {${object.properties.map(typeOf).join(", ")}}`);
      }
    }
    await this.connection.run(`CREATE VIEW ${q(object.physicalName)} AS SELECT * FROM ${source}`);
    this.columns.set(object.name, await this.describeQuery(`SELECT * FROM ${q(object.physicalName)}`));
  }

  /** From here on, DuckDB reads only these files and folders and writes nothing; the setting cannot be undone. */
  async lockFileAccess(files: readonly string[], folders: readonly string[]): Promise<void> {
    const list = (paths: readonly string[]) => `[${paths.map(literal).join(", ")}]`;
    if (files.length > 0) await this.connection.run(`SET allowed_paths = ${list(files)}`);
    if (folders.length > 0) await this.connection.run(`SET allowed_directories = ${list(folders)}`);
    await this.connection.run("SET enable_external_access = false");
    await this.connection.run("SET lock_configuration = true");
  }

  async describe(object: ObjectPlan): Promise<DescribedRelation> {
    const problem = this.problems.get(object.name);
    if (problem) throw new DataSourceError(problem);
    if (this.schema === undefined) return { relation: [object.physicalName], columns: this.columns.get(object.name) ?? [] };
    const columns = await this.rows(
      { sql: "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position", params: [this.schema, object.physicalName] },
      "js",
    );
    if (columns.length === 0) {
      const tables = await this.rows({ sql: "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = $1 ORDER BY 1", params: [this.schema] }, "js");
      throw new DataSourceError(`No table \`${object.physicalName}\` in schema \`${this.schema}\` of the DuckDB database (tables: ${tables.map((t) => String(t[0])).join(", ") || "none"})`);
    }
    return { relation: [this.schema, object.physicalName], columns: columns.map(([name, type]) => ({ name: String(name), type: String(type) })) };
  }

  async queryValues(query: CompiledQuery): Promise<ScalarValue[][]> {
    return (await this.rows(query, "js")).map((row) => row.map(toScalar));
  }

  async queryJson(query: CompiledQuery): Promise<JsonValue[][]> {
    return this.rows(query, "json");
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private async describeQuery(sql: string): Promise<ColumnInfo[]> {
    const reader = await this.connection.runAndReadAll(`DESCRIBE ${sql}`);
    return reader.getRowObjectsJS().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  }

  /** Prepared, so a text holding several statements is refused by DuckDB too. */
  private async rows(query: CompiledQuery, form: "js"): Promise<JS[][]>;
  private async rows(query: CompiledQuery, form: "json"): Promise<JsonValue[][]>;
  private async rows(query: CompiledQuery, form: "js" | "json"): Promise<JS[][] | JsonValue[][]> {
    const prepared = await this.connection.prepare(query.sql);
    if (query.params.length > 0) prepared.bind(query.params);
    const reader = await prepared.runAndReadAll();
    return form === "js" ? reader.getRowsJS() : reader.getRowsJson();
  }
}

/** Measurements as plain numbers (counts come back as BIGINT/HUGEINT), instants as ISO text. */
function toScalar(value: JS): ScalarValue {
  if (value === null || typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]!.trim();
}
