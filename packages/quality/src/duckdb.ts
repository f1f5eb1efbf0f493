/**
 * The embedded runner: DuckDB in process, over Parquet/CSV/JSON files or a DuckDB database file.
 * Each object's file becomes a view named after its physicalName, so SQL rules can name their table as
 * they would in the warehouse. Nothing is downloaded (extension autoloading is off; parquet, csv and
 * json are built in), and once the views exist, file access is locked to the data files: a SQL rule
 * cannot read or write anything else, whatever it tries.
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement, DuckDBType, DuckDBValue, JS } from "@duckdb/node-api";
import { DUCKDB_NO_DOWNLOADS, duckdb } from "@meshkit/core/duckdb";
import { type JsonValue, ownValue } from "@meshkit/core";
import { createReadStream, statSync } from "node:fs";
import { type Transform, pipeline } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import zlib, { createGunzip } from "node:zlib";
import { totalmem } from "node:os";
import type { ObjectPlan } from "./checks.js";
import type { CompiledQuery, SqlParameter } from "./compile.js";
import { JSON_SCALAR_TYPES, type JsonScalarFamily, duckdbJsonScalar, getDialect, isJsonScalarFamily, quotedString } from "./dialects.js";
import { type ParsedType, parseDuckDbType } from "./nested-types.js";
import { type ColumnInfo, DataSourceError, type DescribedRelation, FlaggedRowsTimeout, NotedEngineError, type QueryExecutor, type ScalarValue, type StagedColumns, qualifiedNameHint } from "./engine.js";
import { type DuckDbSource, type FileReading, exactGlob, readerCompressionOption, unmarkedCompressedFile } from "./sources.js";
import { declaredDecimal, familyOfSqlType, hasTimeZone, type TypeFamily } from "./type-families.js";
import { exactNumberText } from "./values.js";
import { MAX_JSON_DATA_DEPTH, jsonNestedBeyond } from "./json-depth.js";
import { csvLineOfRow } from "./csv-lines.js";

export interface DuckDbExecutor extends QueryExecutor {
  queryFirstFlagged(query: CompiledQuery, wanted: readonly number[], rowBudget?: number): Promise<(JsonValue[][] | undefined)[]>;
  close(): void;
}

export interface DuckDbOptions {
  /**
   * Longest a single query may run before it is interrupted; default 300 s. A SQL rule comes with the
   * contract (a pull request): a cross join must not hold the job until the runner's own timeout.
   */
  statementTimeoutMs?: number;
  /**
   * The share of the memory DuckDB takes by default (80 % of the machine's, or of the process's cgroup
   * limit) that this engine may hold before it spills to disk, when others run beside it; default 1.
   */
  memoryShare?: number;
}

export const DEFAULT_DUCKDB_STATEMENT_TIMEOUT_MS = 300_000;

/** DuckDB's `memory_limit` for an engine holding `share` of DuckDB's default (80 % of the memory there is). */
function memoryLimit(share: number): Record<string, string> {
  if (share >= 1) return {};
  if (!(share > 0)) throw new Error(`memoryShare must be a number above 0, not ${share}`);
  // (0, or a number beyond the machine's, when the process has no cgroup limit)
  const constrained = process.constrainedMemory?.() ?? 0;
  const available = constrained > 0 ? Math.min(constrained, totalmem()) : totalmem();
  return { memory_limit: `${Math.max(64, Math.floor((available * 0.8 * share) / 2 ** 20))}MiB` };
}

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

/**
 * The CSV reader's buffer, which is also its unit of parallel work: every query first tokenises a whole
 * buffer, so DuckDB's default (32 MiB) costs ~0.1 s before a first row, in each of a run's queries, and
 * leaves one thread parsing the file's last buffer alone. 4 MiB (still twice the longest line it reads,
 * `max_line_size`): 5M rows of CSV, the scan 1.96 → 1.64 s, the key's GROUP BY 1.83 → 1.34 s.
 */
const CSV_BUFFER_BYTES = 4 * 1024 * 1024;
/**
 * Given to every query that reads a CSV file, the sniffer's too: the buffer bounds the longest line, so a file
 * is sniffed, its header read and its rows read under one limit. With DuckDB's own (max_line_size 2 MB) the
 * sniffer refused a line of 2–4 MiB the reader takes (the file was then read unsniffed, its header unchecked),
 * and took time growing with the square of a longer line's length before refusing it (10 MB 12 s, 40 MB two
 * minutes); with this one any such line is refused within a second.
 */
const CSV_BUFFER_OPTION = `buffer_size = ${CSV_BUFFER_BYTES}`;

/**
 * A reader's `hive_types` option for the partition columns whose type `typed` makes other than the reader's guess.
 * A partition column is typed there only: in a CSV reader's `types` or `columns` DuckDB takes it for a column of
 * the file, and fails (`… do not exist in the CSV File`, or an INTERNAL error with `union_by_name`).
 */
function hiveTypesOption(hive: readonly ColumnInfo[], typed: (column: ColumnInfo) => string): string {
  const types = hive.flatMap((column) => {
    const type = typed(column);
    return type === column.type ? [] : [`${literal(column.name)}: ${literal(type)}`];
  });
  return types.length === 0 ? "" : `, hive_types = {${types.join(", ")}}`;
}

/** The folder values a partition column's type is read as when every file's folder holds one (see hiveDeclaredType). */
const HIVE_VALUE_TYPES: Partial<Record<string, { type: string; value: RegExp }>> = {
  boolean: { type: "BOOLEAN", value: /^(?:true|false)$/i },
  // (18 digits at most: a BIGINT holds them all)
  integer: { type: "BIGINT", value: /^[+-]?\d{1,18}$/ },
  number: { type: "DOUBLE", value: /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/ },
};

/**
 * The type a partition column declared a boolean, an integer or a number is read as when DuckDB's reader reads it
 * as text: BOOLEAN when every file's folder for it holds `true` or `false` (the reader guesses dates and numbers
 * from folder names, never booleans, and would read `flag=true` as text, a false type error); BIGINT (DOUBLE) when
 * every one holds an integer (a number), as `month=01` does, which the reader keeps as text for its leading zero;
 * undefined otherwise, when the reader's guess stands (the type check says it).
 */
function hiveDeclaredType(paths: string | readonly string[], column: ColumnInfo, expected: string | undefined): string | undefined {
  const typed = expected === undefined ? undefined : HIVE_VALUE_TYPES[expected];
  if (typed === undefined || column.type !== "VARCHAR") return undefined;
  const values = (typeof paths === "string" ? [paths] : paths).map((file) => {
    const folders = file.split(/[/\\]/).slice(0, -1);
    return folders.map((folder) => /^([^=]*)=(.*)$/.exec(folder)).findLast((match) => match?.[1] === column.name)?.[2];
  });
  return values.every((value) => value !== undefined && typed.value.test(value)) ? typed.type : undefined;
}

/** The date format DuckDB's CSV sniffer reports for ISO dates (`2024-01-31`). */
const ISO_DATE_FORMAT = "%Y-%m-%d";

/** The families a CSV field can be read as directly (objects and arrays are text in CSV). */
const SCALAR_FAMILIES = new Set<TypeFamily>(["integer", "number", "boolean", "date", "timestamp", "time"]);

const duckdbDialect = getDialect("duckdb");
const q = (name: string) => duckdbDialect.quoteIdentifier(name);
// Raw, not the dialect's chr() spelling: reader options and struct keys take a literal only (see quotedString).
const literal = quotedString;
const listLiteral = (values: readonly string[]) => `[${values.map(literal).join(", ")}]`;
/** A name as DuckDB compares names (of schemas, tables, columns): without ASCII case (`Ärger` and `ärger` are two). */
const foldCase = (name: string) => name.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * A connection whose unqualified names are the server's `schema` (as PostgreSQL's search_path is set):
 * SQL rules name tables as they would in the warehouse (`FROM orders`, not `FROM sales.orders`).
 */
async function connectTo(instance: DuckDBInstance, schema: string | undefined): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  if (schema !== undefined && schema !== "main") await connection.run(`SET schema = ${literal(schema)}`);
  return connection;
}

/**
 * The database file's own spelling of the server's `schema`: DuckDB compares names without ASCII case,
 * so `schema: Sales` is the schema `sales`, as `FROM Sales.orders` reads it (and the tables are then
 * looked up in `sales`). A DataSourceError naming the schemas there when it has none of that name.
 */
async function schemaOfDatabase(instance: DuckDBInstance, schema: string): Promise<string> {
  const connection = await instance.connect();
  let schemas: string[];
  try {
    // The file's schemas: `main` is one (though DuckDB marks it internal); the other databases' are not.
    const reader = await connection.runAndReadAll(
      "SELECT DISTINCT schema_name FROM duckdb_schemas() WHERE database_name = current_database() AND (NOT internal OR schema_name = 'main') ORDER BY 1",
    );
    schemas = reader.getRowsJS().map((row) => String(row[0]));
  } finally {
    connection.closeSync();
  }
  const found = schemas.find((name) => foldCase(name) === foldCase(schema));
  if (found === undefined) throw new DataSourceError(`No schema \`${schema}\` in the DuckDB database (schemas: ${schemas.join(", ")})`);
  return found;
}

/**
 * Opens DuckDB over `source` for `objects` (all of the contract's objects, so SQL rules can join any of
 * them). Objects whose data cannot be read are remembered; `describe` reports them.
 */
export async function openDuckDb(source: DuckDbSource, objects: readonly ObjectPlan[], show: (path: string) => string, options: DuckDbOptions = {}): Promise<DuckDbExecutor> {
  const timeoutMs = options.statementTimeoutMs ?? DEFAULT_DUCKDB_STATEMENT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`statementTimeoutMs must be a positive whole number of milliseconds, not ${timeoutMs}`);
  const memory = memoryLimit(options.memoryShare ?? 1);
  if (source.kind === "database") {
    // (resolveDataSource made sure the file exists)
    const unreadable = (problem: string) => DuckDbRunner.create(":memory:", new Map(objects.map((o) => [o.name, problem])), timeoutMs, show);
    let runner: DuckDbRunner;
    try {
      runner = await DuckDbRunner.create(source.path, new Map(), timeoutMs, show, { access_mode: "READ_ONLY", ...memory }, source.schema ?? "main");
    } catch (error) {
      return unreadable(`Cannot open the DuckDB database ${show(source.path)}: ${duckDbErrorLine(error, (message) => message.replaceAll(source.path, show(source.path)))}`);
    }
    await runner.lockFileAccess([]);
    return runner;
  }
  const problems = new Map<string, string>();
  const located: { object: ObjectPlan; location: { path: string; exact?: true } & FileReading }[] = [];
  // Each object is a view named by its physical name, and DuckDB compares names without ASCII case
  // (`Orders` is `orders`; `Ärger` and `ärger` are two names).
  const viewOwners = new Map<string, string>();
  for (const object of objects) {
    const owner = viewOwners.get(foldCase(object.physicalName));
    if (owner !== undefined) {
      problems.set(object.name, `\`${object.name}\` and \`${owner}\` are one table name to DuckDB, which compares names without case: give one of them a physicalName of its own to test both`);
      continue;
    }
    viewOwners.set(foldCase(object.physicalName), object.name);
    const location = source.locate(object);
    if ("problem" in location) problems.set(object.name, `No data for \`${object.name}\`: ${location.problem}`);
    else located.push({ object, location });
  }
  // A contract none of whose objects has data (a checkout without the sample files) needs no engine:
  // starting and closing DuckDB costs ~20 ms a contract, most of a test run over a large repository.
  if (located.length === 0) return withoutData(problems);
  const runner = await DuckDbRunner.create(":memory:", problems, timeoutMs, show, memory);
  const files: string[] = [];
  for (const { object, location } of located) {
    try {
      // A glob is expanded here, and the view reads exactly the files it matched: DuckDB is then allowed those
      // files and no folder (a folder would let a SQL rule read `.git/config` beside the data). Each match is
      // confined first: it may be a link out of the project (to ~/.git-credentials), or under .git.
      const glob = !location.exact && /[*?[]/.test(location.path);
      const matched = glob ? await runner.globFiles(location.path) : [location.path];
      const escaped = source.confine ? matched.map((file) => source.confine!(file)).find(Boolean) : undefined;
      if (escaped) {
        runner.problems.set(object.name, `No data for \`${object.name}\`: ${escaped}`);
        continue;
      }
      // (a glob that matches nothing is left to DuckDB, which says so)
      await runner.createView(object, glob && matched.length > 0 ? matched : location.path, location, show);
      runner.sources.set(object.name, show(location.path));
      files.push(...matched);
    } catch (error) {
      runner.problems.set(object.name, `Cannot read \`${object.name}\` from ${show(location.path)}: ${duckDbErrorLine(error, runner.showPathsIn, runner.isFileOfSeveral)}`);
    }
  }
  await runner.lockFileAccess(files);
  return runner;
}

/**
 * Why one of the JSON files cannot be given to DuckDB: nested beyond MAX_JSON_DATA_DEPTH (see there).
 * Compressed files are left to the reader (their bytes say nothing of the nesting).
 */
function tooDeepJsonFile(files: readonly string[], show: (path: string) => string): string | undefined {
  for (const file of files) {
    if (/\.(?:gz|zst)$/i.test(file)) continue;
    const deep = jsonNestedBeyond(file);
    // (one file is the one the finding names already)
    if (deep) return `${files.length > 1 ? `${show(file)}: ` : ""}its values nest more than ${MAX_JSON_DATA_DEPTH} levels deep (line ${deep.line}), deeper than DuckDB's JSON reader can read`;
  }
  return undefined;
}

/** The executor of a contract whose objects all lack data: describing any says why, so nothing is queried. */
function withoutData(problems: ReadonlyMap<string, string>): DuckDbExecutor {
  const noQuery = () => Promise.reject(new Error("no object has data to query"));
  return {
    dialect: duckdbDialect,
    parameters: "bound",
    describe: async (object) => {
      throw new DataSourceError(problems.get(object.name) ?? `No data for \`${object.name}\``);
    },
    queryValues: noQuery,
    queryJson: noQuery,
    queryFirstFlagged: noQuery,
    close() {},
  };
}

class DuckDbRunner implements DuckDbExecutor {
  readonly dialect = duckdbDialect;
  readonly parameters = "bound" as const;
  private readonly columns = new Map<string, ColumnInfo[]>();
  /** Connections for queries sent while others run (the engine sends a scan and a GROUP BY together). */
  private readonly idle: DuckDBConnection[] = [];
  /** Connections for streamed queries, with a small read-ahead (see lockFileAccess). */
  private readonly idleStreaming: DuckDBConnection[] = [];
  /** View name → the view's quoted-empty-tolerant query, for CSV views that have one (see rows()). */
  private readonly tolerantViews = new Map<string, string>();
  private switchingViews: Promise<void> | undefined;
  /** `<object>\0<column>` → how a column is read otherwise than its contract says (see ColumnInfo.note). */
  private readonly notes = new Map<string, string>();
  /** Objects whose view reads CSV or JSON: every query of them parses the files whole (see stageColumns). */
  private readonly parsedViews = new Set<string>();
  /**
   * View name → the query it was created with (for a database file: table → a query of it, once described), read
   * again in a database of its own by engineFailure.
   */
  private readonly viewQueries = new Map<string, string>();
  /** Object → the view its SQL rules read, where it is not the checks' one (see withNestedJsonAsDeclared). */
  private readonly ruleViews = new Map<string, string>();
  /**
   * After an internal error of DuckDB's, which invalidates its database: the diagnosis (engineFailure), and the database
   * opened afresh when the data reads whole (the query was at fault, not the data). Cleared once a fresh one is open.
   */
  private recovery: Promise<{ message: string; reopened: boolean }> | undefined;
  /** How many times the database was opened afresh (see reopen); each opening a `generation`. */
  private generation = 0;
  /** The statements that made the database what the queries read (views, then the lock), run again by reopen. */
  private readonly viewStatements: string[] = [];
  private readonly lockStatements: string[] = [];
  /** The copies stageColumns made and not yet dropped (table → the statement that made it), made again by reopen. */
  private readonly stagedStatements = new Map<string, string>();
  private streamingSetUp = false;
  /** Databases given up after an internal error, closed with the runner (a query may still be on one). */
  private readonly retired: DuckDBInstance[] = [];
  /** Object → the file or glob its view reads, as messages show it (DescribedRelation.source). */
  readonly sources = new Map<string, string>();
  /** The paths (files, globs) given to DuckDB's readers, by the path messages show instead: describeUnreadValue reads them. */
  private readonly shownPaths = new Map<string, string>();
  /** The files read with others as one table (a glob's), which a reader's error about one of them must name. */
  private readonly filesOfSeveral = new Set<string>();
  readonly isFileOfSeveral = (file: string): boolean => this.filesOfSeveral.has(file);

  private constructor(
    private instance: DuckDBInstance,
    private connection: DuckDBConnection,
    /** Object name → why its data cannot be read. */
    readonly problems: Map<string, string>,
    /** Schema of the tables, for a database file; undefined for views over files. */
    private readonly schema: string | undefined,
    /**
     * The database file's catalog (DuckDB names it by the file): tables are named in full, since a name of
     * two parts is ambiguous where the file is named like the schema (`sales.orders` in `sales.duckdb`).
     */
    private readonly catalog: string | undefined,
    private readonly timeoutMs: number,
    /** A file's path as messages show it (relative to the working directory). */
    private readonly show: (path: string) => string,
    /** The options the database was opened with (its memory limit), for the database engineFailure opens. */
    private readonly engineOptions: Record<string, string> = {},
    /** The database's file, or `:memory:` (for views over files), for reopen. */
    private readonly path = ":memory:",
  ) {}

  static async create(path: string, problems: Map<string, string>, timeoutMs: number, show: (path: string) => string, options: Record<string, string> = {}, schema?: string): Promise<DuckDbRunner> {
    const instance = await duckdb().DuckDBInstance.create(path, { ...DUCKDB_NO_DOWNLOADS, ...options });
    const databaseSchema = schema === undefined ? undefined : await schemaOfDatabase(instance, schema);
    const connection = await connectTo(instance, databaseSchema);
    // DuckDB takes the machine's time zone, which decides how a TIMESTAMP WITH TIME ZONE column compares
    // with a bound and how its values print: UTC (as on PostgreSQL) gives every machine the same results.
    await connection.run("SET GLOBAL TimeZone = 'UTC'");
    const catalog = databaseSchema === undefined ? undefined : String((await connection.runAndReadAll("SELECT current_database()")).getRowsJS()[0]![0]);
    return new DuckDbRunner(instance, connection, problems, databaseSchema, catalog, timeoutMs, show, options, path);
  }

  /**
   * A view over the object's file. CSV and JSON have no declared types: string properties are read as
   * VARCHAR (so `01234` keeps its zero), and a file without rows gets the contract's types, since there
   * is nothing to infer them from.
   */
  async createView(object: ObjectPlan, path: string | readonly string[], { format, delimiter, exact }: FileReading & { exact?: true }, show: (path: string) => string): Promise<void> {
    if (typeof path !== "string" && format !== "parquet") {
      // A file of several with nothing in it (zero bytes, blank lines) adds no rows: DuckDB took it for a CSV without a
      // header row, or read its blank lines as rows of an empty `column0`. Nothing but such files: an empty file.
      const withContent: string[] = [];
      for (const file of path) if (!(await hasNoContent(file))) withContent.push(file);
      if (withContent.length === 0) return this.createView(object, path[0]!, { format, delimiter, exact: true }, show);
      path = withContent;
    }
    // One file, a glob (DuckDB expands it), or the files a glob matched (read as one table, like the glob). A file
    // is given to DuckDB's readers as a glob of itself (exactGlob): they expand any path, a list's too.
    const glob = typeof path === "string" && !exact && /[*?[]/.test(path);
    const files = typeof path === "string" ? literal(glob ? path : exactGlob(path)) : listLiteral(path.map(exactGlob));
    for (const given of typeof path === "string" ? [path] : path) this.shownPaths.set(given, show(given));
    if (typeof path !== "string" && path.length > 1) for (const given of path) this.filesOfSeveral.add(given);
    // Several files are one table by column name: a file may order its columns otherwise, or lack an
    // optional one (its rows then hold NULL there), as partitions written at different times do.
    const byName = typeof path !== "string" || glob ? ", union_by_name = true" : "";
    let source: string;
    let converted = new Map<string, string>();
    const jsonScalars = new Map<string, JsonScalarFamily>();
    let jsonTemporal: ReadonlySet<string> = new Set();
    const emptyIsNull = new Set<string>();
    let blankHeaders = new Map<string, number>();
    if (format === "parquet") {
      const repeated = await this.repeatedParquetNames(files, typeof path === "string" ? undefined : show);
      if (repeated) throw new Error(repeated);
      const reader = (options: string) => `read_parquet(${files}${byName}${options})`;
      const hive = await this.hivePartitionColumns(path, reader, "");
      const declared = new Map(object.properties.map((p) => [p.column, p]));
      source = reader(
        hiveTypesOption(hive, (column) => {
          const expected = declared.get(column.name)?.expected;
          return expected === "string" ? "VARCHAR" : (hiveDeclaredType(path, column, expected) ?? column.type);
        }),
      );
    } else {
      if (format === "json") {
        const deep = tooDeepJsonFile(typeof path === "string" ? (glob ? [] : [path]) : path, show);
        if (deep) throw new Error(deep);
      }
      this.parsedViews.add(object.name);
      const unmarked = typeof path === "string" ? undefined : unmarkedCompressedFile(path);
      if (unmarked) {
        const extension = unmarked.split(".").slice(-2).join(".").toLowerCase();
        throw new Error(`${show(unmarked)}: DuckDB's reader tells a compressed file among others only by a lower-case extension (\`.gz\`, \`.zst\`) and would read this one as text; write its extension in lower case (\`.${extension}\`)`);
      }
      // A delimiter the extension promises (`.tsv`) is not left to the sniffer, which may take a comma in the values for it.
      const delimiterOption = delimiter === undefined ? "" : `, delim = ${literal(delimiter)}`;
      const encoding = format === "csv" && typeof path === "string" && !glob ? await csvEncoding(path) : undefined;
      const encodingOption = encoding === undefined ? "" : `, encoding = ${literal(encoding)}`;
      const sniffed = format === "csv" && typeof path === "string" && !glob ? await this.sniffCsv(exactGlob(path), delimiterOption, encodingOption) : undefined;
      // In CSV an unquoted empty field is NULL and a quoted one ("") an empty string: missingValues tells them apart.
      const compressionOption = readerCompressionOption(typeof path === "string" ? [path] : path);
      const csvOptions = `allow_quoted_nulls = false, ${CSV_BUFFER_OPTION}${delimiterOption}${encodingOption}${compressionOption}`;
      let jsonOptions = compressionOption;
      // The types of the hive partition columns the view reads (`hive_types`), set once they are known.
      let hiveOption = "";
      const reader = (options: string) =>
        sniffed
          ? `read_csv(${files}, ${sniffed.options.join(", ")}, ${csvOptions}${hiveOption}${options})`
          : `${format === "csv" ? "read_csv_auto" : "read_json_auto"}(${files}${format === "csv" ? `, ${csvOptions}` : jsonOptions}${byName}${hiveOption}${options})`;
      const struct = (columns: readonly ColumnInfo[]) => `{${columns.map((c) => `${literal(c.name)}: ${literal(c.type)}`).join(", ")}}`;
      // The names as written only when DuckDB's suggest it made one up for a repeat (`id`, `ID_1`): one query less on every clean file.
      const header = sniffed?.hasHeader && readsRenamedRepeat(sniffed.columns) ? await this.csvHeader(exactGlob(path as string), sniffed.options, sniffed.columns.length) : undefined;
      const repeated = header && repeatedColumnNames(header, "its header repeats");
      if (repeated) throw new Error(repeated);
      // A header cell left blank is named by the reader (`column1`): the header as written tells it from a column named so.
      const headerRead = sniffed?.hasHeader && sniffed.columns.some((c) => READER_NAMED_COLUMN.test(c.name)) ? (header ?? (await this.csvHeader(exactGlob(path as string), sniffed.options, sniffed.columns.length))) : undefined;
      blankHeaders = new Map((headerRead ?? []).flatMap((cell, i) => (cell === "" && READER_NAMED_COLUMN.test(sniffed!.columns[i]?.name ?? "") ? [[sniffed!.columns[i]!.name, i + 1] as const] : [])));
      let inferred = sniffed?.columns ?? (await this.describeQuery(`SELECT * FROM ${reader("")}`));
      // The files of a glob: each one's header, when the union of them has a name the reader may have made up.
      const repeatedInFiles = format === "csv" && typeof path !== "string" && readsRenamedRepeat(inferred) ? await this.repeatedCsvHeaders(path, delimiterOption, inferred.length, show) : undefined;
      if (repeatedInFiles) throw new Error(repeatedInFiles);
      // A file of a glob whose header was not read (no header row, an undetected delimiter) puts its values in columns of
      // its own (`column0`, …, or one named like its header line), beside the declared ones, which are NULL in its rows.
      const unreadInFiles = format === "csv" && typeof path !== "string" && mayHoldUnreadHeader(inferred) ? await this.unreadCsvHeaders(path, delimiterOption, object, delimiter, show) : undefined;
      if (unreadInFiles) throw new Error(unreadInFiles);
      // Among several files, one such array makes the reader take every file's records for one JSON value each (one
      // column `json` of type JSON): read as arrays when they all are, else the file is named.
      const bomArrays: string[] = [];
      if (format === "json" && typeof path !== "string" && readsRecordsAsOneJsonColumn(inferred, object)) for (const file of path) if (await startsWithBomArray(file)) bomArrays.push(file);
      if (format === "json" && (readsArrayAsOneRecord(inferred, object) || bomArrays.length > 0)) {
        // A JSON array written with a byte order mark (PowerShell's `Out-File -Encoding utf8`, .NET): the
        // reader's detection looks at the first byte, takes the file for one record holding the array, and
        // every declared column was "missing". Read as the array it is when that reads (not a file of arrays).
        const asArray = await this.describeQuery(`SELECT * FROM ${reader(", format = 'array'")}`).catch(() => undefined);
        if (asArray !== undefined) {
          jsonOptions += ", format = 'array'";
          inferred = asArray;
        } else if (bomArrays.length > 0) {
          throw new Error(
            `${show(bomArrays[0]!)} is a JSON array after a UTF-8 byte order mark, which DuckDB's reader takes for one value when the other files are not arrays too (every record would be one column \`json\`): save it without the byte order mark, or as JSON lines`,
          );
        }
      }
      if (format === "json" && readsObjectsAsMaps(inferred, declaredShapes(object))) {
        // An object of 200 keys or more is a MAP to the JSON reader (its map_inference_threshold): records
        // that wide made the whole file one column `json`, every declared column "missing", and a nested
        // object that wide hid the properties declared in it. Read as objects they are, in such a file
        // only: there a nested object of changing keys (a MAP elsewhere) becomes a STRUCT of them all.
        jsonOptions += ", map_inference_threshold = -1";
        inferred = await this.describeQuery(`SELECT * FROM ${reader("")}`);
      }
      const repeatedKeys = format === "json" && readsRenamedRepeat(inferred) ? await this.repeatedJsonKeys(files, compressionOption) : undefined;
      if (repeatedKeys) throw new Error(repeatedKeys);
      // The columns the reader adds from the files' `key=value` folders: typed by `hive_types` only (see hiveTypesOption).
      const hive = await this.hivePartitionColumns(path, reader, sniffed ? `, columns = ${struct(inferred)}` : "");
      const fileColumns = (columns: readonly ColumnInfo[]) => columns.filter((c) => !hive.some((h) => h.name === c.name));
      // One row tells; the parallel CSV reader would first start its threads over the whole file (~0.15 s on 500 MB).
      const initial = reader(`${sniffed ? `, columns = ${struct(inferred)}` : ""}${format === "csv" ? ", parallel = false" : ""}`);
      const empty = (await this.connection.runAndReadAll(`SELECT 1 FROM ${initial} LIMIT 1`)).currentRowCount === 0;
      const declared = new Map(object.properties.map((p) => [p.column, p]));
      const matched = inferred.some((c) => declared.has(c.name));
      if (!matched && object.properties.length > 0 && typeof path === "string" && !glob && (await hasNoContent(path))) {
        // A file with nothing in it, not even a header: an empty table of the contract's columns. Whatever the
        // reader made of it: a CSV of blank lines (`\n\n`) is rows of one empty column0 to DuckDB, not no rows.
        const columns = object.properties.map((p) => `CAST(NULL AS ${p.expected ? DUCKDB_TYPE_BY_FAMILY[p.expected] : "VARCHAR"}) AS ${q(p.column)}`);
        await this.setUp(`CREATE VIEW ${q(object.physicalName)} AS SELECT ${columns.join(", ")} LIMIT 0`);
        this.columns.set(object.name, await this.describeQuery(`SELECT * FROM ${q(object.physicalName)}`));
        return;
      }
      if (format === "csv" && !matched) {
        const unread = unreadCsvHeader(inferred, delimiter);
        if (unread) throw new Error((delimiter === undefined && typeof path === "string" && !glob && (await this.brokenCsvRow(path, encodingOption))) || unread);
      }
      // Records that are no JSON objects (a line `[1, "open"]`, a file of numbers) are one value each to the reader,
      // one column `json`: every declared column was "missing" (columns: json), as if the data lacked them. The
      // reader told to expect objects refuses such a file, which tells them from objects of one key `json` (`[]`, no
      // record at all, is an empty table).
      if (format === "json" && !empty && readsRecordsAsOneJsonColumn(inferred, object, true)) {
        const notRecords = await this.describeQuery(`SELECT * FROM ${reader(", records = true")}`).then(
          () => false,
          (error: unknown) => /expected records/i.test(error instanceof Error ? error.message : String(error)),
        );
        if (notRecords) {
          throw new Error(
            "its records are not JSON objects (a line, or an item of the array, is an array, a string, a number or null), so they have no columns: write one object per record, `{\"id\": 1, …}`, one a line (JSON lines) or in one array",
          );
        }
      }
      // A number declared DECIMAL(p,s) is read as text and converted to it (see asDeclaredDecimals): the reader
      // would make it a DOUBLE, and a value further down that does not convert must fail the type check, not the read.
      // (So is a CSV column of mixed values, below: MIXED_TEXT_TYPES.)
      const decimals = new Map<string, string>();
      for (const property of object.properties) {
        const decimal = property.expected === "number" ? declaredDecimal(property.physicalType) : undefined;
        if (decimal && "type" in decimal) decimals.set(property.column, decimal.type);
        else if (decimal) this.notes.set(`${object.name}\u0000${property.column}`, unheldDecimalNote(property, decimal.unheld));
      }
      // A column without a single value is VARCHAR to the CSV sniffer and JSON to the JSON reader, yet holds
      // nothing the contract's type could not: it is read as that type. The probe stops at a column's first
      // value, so only a column that is empty throughout costs a read of the file.
      const valueless = new Set<string>();
      // Each condition is asked once: a JSON column typed JSON is probed for mixed types below and again by
      // retypeAsDeclared, and one without a value reads the whole file each time.
      const probed = new Map<string, Promise<boolean>>();
      const hasValue = (condition: string): Promise<boolean> => {
        let answer = probed.get(condition);
        if (answer === undefined) {
          answer = this.connection.runAndReadAll(`SELECT 1 FROM ${initial} WHERE ${condition} LIMIT 1`).then((reader) => reader.currentRowCount > 0);
          probed.set(condition, answer);
        }
        return answer;
      };
      // A column of a JSON file whose values are of several JSON types (`"A1"` and `5`, `10` and `"n/a"`) is JSON
      // to the reader, of no family the contract declares: it is read as its declared scalar type, each value of
      // that JSON type converted, with its text beside it (see asDeclaredJsonScalars), as a CSV column declared a
      // DECIMAL is. Its type check then counts the rows of another JSON type, and its value lists still count.
      const mixedJson = new Map<string, JsonScalarFamily>();
      // So is one declared a date or timestamp (`"2024-01-01T00:00:00Z"` beside `5` or `true`): it is read as the
      // text of its values (see asJsonText), which the checks convert as any date or timestamp held as text, so
      // its type check counts the rows that are no such string instead of failing the whole column.
      const mixedJsonTemporal = new Set<string>();
      // Those of mixedJson the reader typed as one type, from its first records: read as JSON instead.
      const lateMixedJson = new Set<string>();
      // The nested parts (partKey) so typed that hold a later value of another JSON type: read as JSON too (see retypeAsDeclared).
      let lateNestedParts: ReadonlySet<string> = new Set();
      if (!empty && format === "json") {
        for (const column of inferred) {
          const expected = declared.get(column.name)?.expected;
          if (decimals.has(column.name) || column.type.toUpperCase() !== "JSON") continue;
          if (isJsonScalarFamily(expected) && (await hasValue(`${q(column.name)} IS NOT NULL`))) mixedJson.set(column.name, expected);
          if ((expected === "date" || expected === "timestamp") && (await hasValue(`${q(column.name)} IS NOT NULL`))) mixedJsonTemporal.add(column.name);
        }
        // The reader types a column from its first 20,480 records and converts later values leniently: a `1.5` in
        // an integer column is 2, a `"yes"` in a boolean one true, and the type check passed. A value of another
        // JSON type anywhere makes such a column one of mixed types (read as JSON, below), whose type check counts those rows.
        // Not a number declared an exact DECIMAL: it is read as text and converted (a `"1.5"` is its 1.5, as in the records
        // the reader samples); as JSON it would be a DOUBLE, its digits beyond a double's lost.
        // So does a nested one (`o.n`, `tags[]`): that part is read as JSON, as one of mixed types in the records sampled is,
        // and its type check counts the rows holding such a value.
        const lateParts = await lateValuesOfOtherJsonType(this.connection, reader, inferred, declaredShapes(object), (name) => !decimals.has(name));
        for (const column of inferred) {
          if (!lateParts.has(partKey(column.name, []))) continue;
          mixedJson.set(column.name, declared.get(column.name)!.expected as JsonScalarFamily);
          lateMixedJson.add(column.name);
        }
        lateNestedParts = lateParts;
      }
      if (!empty && format === "csv") {
        for (const column of inferred) {
          const expected = declared.get(column.name)?.expected;
          if (!expected || !SCALAR_FAMILIES.has(expected) || familyOfSqlType(column.type) !== "string") continue;
          if (!(await hasValue(`${q(column.name)} IS NOT NULL`))) valueless.add(column.name);
        }
      }
      // An integer column with a value beyond BIGINT (a u64 id of 2^63 and up) is DOUBLE to the CSV sniffer,
      // whose candidate types stop at BIGINT (the JSON reader makes it a HUGEINT), so a valid `integer` would
      // fail its type check. When every value is written as whole digits, the column is read as HUGEINT. Not
      // for any other text: the reader would round `1.5` to 2 in an integer column, so a real fraction keeps
      // its DOUBLE and its failing type check. The probe reads the file only for such a column. A column with a
      // value beyond HUGEINT (2^127 - 1) and none below zero (a u128 up to 2^128 - 1) is read as UHUGEINT, which holds it.
      // So is a column the sniffer left VARCHAR for a sign it does not take (`+7`), as BIGINT when every value is within it.
      // A date column the sniffer typed TIMESTAMP: it takes one date format per file, and when another column's
      // (`01/02/2024`, %d/%m/%Y) is that format, ISO dates (`2024-01-31`) are no DATE to it, but a TIMESTAMP. When
      // every value is an ISO date, the column is read as text and converted as dates, as a date column would be.
      // A number column whose first value is an infinity (`Infinity`, `inf`, `-inf`): the sniffer takes it for a
      // date or timestamp candidate (`infinity` is one), and the next number leaves the column VARCHAR (or DATE, when
      // it is the only value). When every value spells a number, the column is read as the DOUBLE it is.
      const wholeDigits = new Map<string, WholeDigitsType>();
      const isoDatesTypedTimestamp = new Set<string>();
      const numbersTypedOtherwise = new Set<string>();
      if (!empty && format === "csv") {
        const asText = reader(sniffed ? `, columns = ${struct(inferred.map((c) => ({ name: c.name, type: "VARCHAR" })))}` : ", all_varchar = true");
        for (const column of inferred) {
          const expected = declared.get(column.name)?.expected;
          const family = familyOfSqlType(column.type);
          // (a column with a sign, `+7`, is VARCHAR to the sniffer, whose integer candidates take none; DuckDB's cast does)
          const wholeCandidate = family === "number" || (family === "string" && !valueless.has(column.name));
          if (expected === "integer" && wholeCandidate && (await allWholeDigits(this.connection, asText, column.name))) wholeDigits.set(column.name, await wholeDigitsType(this.connection, asText, column.name));
          if (expected === "date" && family === "timestamp" && (await everyValueMatches(this.connection, asText, column.name, ISO_DATE))) isoDatesTypedTimestamp.add(column.name);
          const otherThanNumber = family === "string" || family === "date" || family === "timestamp";
          if (expected === "number" && otherThanNumber && !valueless.has(column.name) && (await everyValueMatches(this.connection, asText, column.name, SPELLED_DOUBLE))) numbersTypedOtherwise.add(column.name);
          // A column of values of the declared type and others (`x` among integers, `n/a` among numbers, `maybe` among
          // booleans), which the sniffer left VARCHAR, is read as text and converted, as a declared DECIMAL is: its type
          // check counts and samples the rows whose text is no such value, and its other checks read the values that are,
          // as for a JSON column of mixed types. A column none of whose values converts (country codes declared integer)
          // stays VARCHAR, a type mismatch of the column.
          const typed = expected && family === "string" && !hive.some((h) => h.name === column.name) && MIXED_TEXT_TYPES[expected];
          if (typed && !decimals.has(column.name) && !valueless.has(column.name) && !wholeDigits.has(column.name) && !numbersTypedOtherwise.has(column.name) && (await anyValueMatches(this.connection, asText, column.name, TEXT_OF_TYPE[typed]))) {
            // (an integer beyond BIGINT among them, a u64 id, is one: the column is read as the type that holds its digits)
            decimals.set(column.name, typed === "BIGINT" ? await wholeDigitsType(this.connection, asText, column.name) : typed);
          }
        }
      }
      // A date or timestamp with a `format` is read as text, and parsed by that format when checked: the
      // reader would guess another order (01/02/2024 as 1 February, where the contract says dd/MM/yyyy).
      // So is a timestamp with a `defaultTimezone` the reader typed WITH TIME ZONE (some values carry an
      // offset): it would read the values without one as UTC, where the contract says they are in that zone.
      // So is a column of dates where the contract declares a timestamp: the reader types a column DATE when
      // every value it samples is a date, TIMESTAMP when some have a time, and a date is its midnight either way.
      const readsAsText = (column: ColumnInfo) => {
        const property = declared.get(column.name);
        const temporal = property?.temporal;
        const family = familyOfSqlType(column.type);
        if (temporal?.format !== undefined && (family === "date" || family === "timestamp")) return true;
        if (property?.expected === "timestamp" && family === "date") return true;
        // JSON has no dates: a DATE or TIMESTAMP column is strings the reader read by a format it guessed (`01-05-2024` as
        // 1 May, `24-01-05`, `…T10:00:00-08:00:00`), which PostgreSQL's runner reads as no date. Read as the text it is,
        // converted as text of the ISO shape both runners read (Dialect.convertText).
        if (format === "json" && (property?.expected === "date" || property?.expected === "timestamp") && (family === "date" || family === "timestamp")) return true;
        if (isoDatesTypedTimestamp.has(column.name)) return true;
        const zone = temporal?.defaultTimezone;
        return family === "timestamp" && hasTimeZone(column.type) && zone !== undefined && zone.toUpperCase() !== "UTC";
      };
      // Where the JSON reader's types say less than the contract, at any depth, the contract's type is read:
      // a field without a value (JSON) is read as its declared type, and a declared string the reader took
      // for a date, time, timestamp or UUID (from its text) as VARCHAR. See retypeAsDeclared.
      const retyped = new Map<string, string>();
      if (!empty && format !== "csv") {
        const shapes = declaredShapes(object);
        for (const column of inferred) {
          const shape = shapes.get(column.name);
          const parsed = shape && parseDuckDbType(column.type);
          if (!parsed) continue;
          const late = { parts: lateNestedParts, key: [column.name] };
          const type = readsAsText(column) || decimals.has(column.name) ? "VARCHAR" : await retypeAsDeclared(parsed, shape, (inner) => inner(q(column.name)), 0, hasValue, late);
          if (type !== column.type) retyped.set(column.name, type);
        }
        for (const column of lateMixedJson) retyped.set(column, "JSON");
      }
      const typeOf = (column: ColumnInfo): ColumnInfo => {
        const expected = declared.get(column.name)?.expected;
        const decimal = decimals.get(column.name);
        if (empty || (expected && valueless.has(column.name))) return { name: column.name, type: decimal ?? (expected ? DUCKDB_TYPE_BY_FAMILY[expected] : "VARCHAR") };
        if (expected === "string" || readsAsText(column) || decimal) return { name: column.name, type: "VARCHAR" };
        // Types are inferred from the first 20,480 rows, and DuckDB's reader rounds a later 1.5 into an
        // integer column: a number property whose sampled values were all whole is read as DOUBLE.
        if (expected === "number" && familyOfSqlType(column.type) === "integer") return { name: column.name, type: "DOUBLE" };
        const whole = wholeDigits.get(column.name);
        if (whole) return { name: column.name, type: whole };
        if (numbersTypedOtherwise.has(column.name)) return { name: column.name, type: "DOUBLE" };
        return column;
      };
      // (an empty file's columns are the declared DECIMAL already)
      converted = empty ? new Map() : new Map([...decimals].filter(([column]) => inferred.some((c) => c.name === column)));
      for (const [column, family] of mixedJson) {
        converted.set(column, JSON_SCALAR_TYPES[family]);
        jsonScalars.set(column, family);
      }
      jsonTemporal = mixedJsonTemporal;
      // A CSV's text that the checks read as dates or timestamps (a `format`, a value the reader could not type):
      // "" is no value there, as in the columns the reader types, not text that is no date.
      if (format === "csv" && !empty) {
        for (const column of inferred) {
          const expected = declared.get(column.name)?.expected;
          if ((expected === "date" || expected === "timestamp") && typeOf(column).type === "VARCHAR") emptyIsNull.add(column.name);
        }
      }
      // A partition column declared a string is its folder's text (`year=2024` as '2024', not the BIGINT the reader
      // guesses), and so on as the file's columns are typed (typeOf; JSON: text where it is read as text).
      hiveOption = hiveTypesOption(hive, (column) => {
        const declaredType = hiveDeclaredType(path, column, declared.get(column.name)?.expected);
        if (declaredType) return declaredType;
        if (format === "csv") return typeOf(column).type;
        return declared.get(column.name)?.expected === "string" || readsAsText(column) ? "VARCHAR" : column.type;
      });
      if (sniffed) {
        const columns = fileColumns(inferred).map(typeOf);
        source = reader(`, columns = ${struct(columns)}`);
        const tolerant = quotedEmptyTolerantView(columns, sniffed.formats);
        if (tolerant) this.tolerantViews.set(object.physicalName, asDeclaredDecimals(withQuotedEmptyAsNull(`SELECT ${tolerant.select} FROM ${reader(`, columns = ${struct(tolerant.columns)}`)}`, emptyIsNull), converted));
      } else if (format === "csv") {
        const overridden = fileColumns(inferred).filter((c) => declared.has(c.name) && typeOf(c).type !== c.type).map(typeOf);
        source = overridden.length > 0 ? reader(`, types = ${struct(overridden)}`) : reader("");
        // A "" in a typed column is no value, as in one file. The files of a glob are not sniffed one by one, so their
        // date formats are not known (each file's may differ): dates and times stay the reader's to read, a "" in them
        // still refused; the partition columns come after the file's, as the reader gives them.
        const columns = fileColumns(inferred).map(typeOf);
        const isTemporal = (c: ColumnInfo) => ["date", "timestamp", "time"].includes(familyOfSqlType(c.type) ?? "");
        // (a temporal column is given as text, which the view selects as it is, then read as the reader types it)
        const tolerant = quotedEmptyTolerantView(columns.map((c) => (isTemporal(c) ? { name: c.name, type: "VARCHAR" } : c)), { date: "", timestamp: "" });
        if (tolerant) {
          const read = tolerant.columns.map((c, i) => (isTemporal(columns[i]!) ? columns[i]! : c));
          const partitions = hive.map((h) => `, ${q(h.name)}`).join("");
          this.tolerantViews.set(object.physicalName, asDeclaredDecimals(withQuotedEmptyAsNull(`SELECT ${tolerant.select}${partitions} FROM ${reader(`, types = ${struct(read)}`)}`, emptyIsNull), converted));
        }
      } else if (empty && object.properties.length > 0) {
        // `columns` replaces the inferred columns altogether, so it is only given for an empty file.
        source = reader(`, columns = ${struct(fileColumns(object.properties.map((p) => typeOf({ name: p.column, type: "VARCHAR" }))))}`);
      } else if (retyped.size > 0) {
        // JSON: every column as inferred, but where retypeAsDeclared read the contract's type instead.
        source = reader(`, columns = ${struct(fileColumns(inferred).map((c) => ({ name: c.name, type: retyped.get(c.name) ?? c.type })))}`);
      } else {
        source = reader("");
      }
    }
    const decimalsConverted = new Map([...converted].filter(([column]) => !jsonScalars.has(column)));
    const view = asJsonText(asDeclaredJsonScalars(asDeclaredDecimals(withQuotedEmptyAsNull(`SELECT * FROM ${source}`, emptyIsNull), decimalsConverted), jsonScalars), jsonTemporal);
    await this.setUp(`CREATE VIEW ${q(object.physicalName)} AS ${view}`);
    this.viewQueries.set(object.physicalName, view);
    const columns = await this.describeQuery(`SELECT * FROM ${q(object.physicalName)}`);
    const shapes = format === "json" ? declaredShapes(object) : new Map<string, DeclaredShape>();
    const declaredParts = columns.flatMap((c) => {
      const converted = withNestedJsonAsDeclared(q(c.name), parseDuckDbType(c.type), shapes.get(c.name), 0);
      return converted === undefined ? [] : [`${converted} AS ${q(c.name)}`];
    });
    if (declaredParts.length > 0) {
      // SQL rules read the nested values of mixed JSON types as the contract declares them (`sum(o.n)`), as they read
      // such a column: the checks read this view's JSON, whose type check counts the values of another JSON type.
      const ruleView = `${object.physicalName}${RULES_SUFFIX}`;
      await this.setUp(`CREATE VIEW ${q(ruleView)} AS SELECT * REPLACE (${declaredParts.join(", ")}) FROM ${q(object.physicalName)}`);
      this.ruleViews.set(object.name, ruleView);
    }
    // A converted column's text is beside it in the view: the checks read it there, and it is no column of the data.
    this.columns.set(
      object.name,
      columns
        .filter((c) => !converted.has(textColumnOf(c.name) ?? "") && !jsonTemporal.has(c.name.endsWith(STRING_COLUMN_SUFFIX) ? c.name.slice(0, -STRING_COLUMN_SUFFIX.length) : ""))
        .map((c) => ({
          ...c,
          ...(converted.has(c.name) ? { text: textColumn(c.name) } : {}),
          ...(jsonScalars.has(c.name) ? { unconverted: `of another JSON type than ${jsonScalars.get(c.name)!}` } : {}),
          ...(jsonTemporal.has(c.name) ? { unconverted: "of another JSON type than string", isString: stringColumn(c.name) } : {}),
          ...optionalNote(this.notes.get(`${object.name}\u0000${c.name}`)),
          ...(blankHeaders.has(c.name) ? { blankHeader: blankHeaders.get(c.name)! } : {}),
        })),
    );
  }

  /**
   * The dialect and columns DuckDB detects in one CSV file, written out as read_csv options, so that the
   * view's queries do not each run the sniffer again (a tenth of a second or more per query on a large
   * file, as exactGlob writes it: a glob is not sniffed). Undefined where sniffing fails: read_csv_auto then explains.
   * The options hold no `compression`: that is each file's own (readerCompressionOption), and the first file's
   * dialect is read into the others' headers (repeatedCsvHeaders), `part-1.csv.gz`'s into `part-2.CSV.GZ`'s.
   */
  private async sniffCsv(path: string, delimiterOption: string, encodingOption = ""): Promise<{ options: string[]; columns: ColumnInfo[]; formats: CsvFormats; hasHeader: boolean } | undefined> {
    const sniff = async (options: string): Promise<Record<string, JS> | undefined> => {
      try {
        const sql = `SELECT Delimiter, Quote, Escape, NewLineDelimiter, Comment, SkipRows, HasHeader, Columns, DateFormat, TimestampFormat FROM sniff_csv(${literal(path)}${options}, ${CSV_BUFFER_OPTION})`;
        return (await this.connection.runAndReadAll(sql)).getRowObjectsJS()[0];
      } catch {
        return undefined;
      }
    };
    // sniff_csv writes "(empty)" for an option that is not set.
    const text = (value: JS) => (value === null || value === "(empty)" ? "" : String(value));
    const compressionOption = readerCompressionOption([path]);
    let row = await sniff(`${delimiterOption}${encodingOption}${compressionOption}`);
    if (!row) return undefined;
    // Without a quoted field in the rows it samples, the sniffer sets no quote character, and a field
    // quoted further down ("Smith, John", "") would be read quotes and all, or split at its comma.
    // CSV's own quote is kept unless the sample cannot be read with it.
    if (text(row.Quote!) === "") row = (await sniff(`${delimiterOption}${encodingOption}${compressionOption}, quote = ${literal('"')}, escape = ${literal('"')}`)) ?? row;
    const options = [
      "auto_detect = false",
      ...(encodingOption === "" ? [] : [encodingOption.slice(2)]),
      `delim = ${literal(text(row.Delimiter!))}`,
      `quote = ${literal(text(row.Quote!))}`,
      `escape = ${literal(text(row.Escape!))}`,
      `new_line = ${literal(text(row.NewLineDelimiter!))}`,
      `comment = ${literal(text(row.Comment!))}`,
      `skip = ${Number(row.SkipRows)}`,
      `header = ${row.HasHeader === true}`,
      // The ISO format is DuckDB's own reading of a DATE, which also knows `infinity` / `-infinity`;
      // read_csv's `dateformat = '%Y-%m-%d'` silently makes both 1900-01-01 (DuckDB 1.x).
      ...(text(row.DateFormat!) && text(row.DateFormat!) !== ISO_DATE_FORMAT ? [`dateformat = ${literal(text(row.DateFormat!))}`] : []),
      ...(text(row.TimestampFormat!) ? [`timestampformat = ${literal(text(row.TimestampFormat!))}`] : []),
    ];
    const columns = (row.Columns as { name: string; type: string }[]).map((c) => ({ name: String(c.name), type: String(c.type) }));
    return { options, columns, formats: { date: text(row.DateFormat!), timestamp: text(row.TimestampFormat!) }, hasHeader: row.HasHeader === true };
  }

  /**
   * The header line's names as written: the sniffer's columns are DuckDB's names for them, which make a
   * repeated name unique (`id`, `id` → `id`, `id_1`). Undefined when the line cannot be read so. Decompressed as
   * its own extension says, whichever file's dialect `options` are.
   */
  private async csvHeader(path: string, options: readonly string[], fields: number): Promise<string[] | undefined> {
    const asData = options.map((option) => (option.startsWith("header = ") ? "header = false" : option));
    const columns = `{${Array.from({ length: fields }, (_, i) => `${literal(`f${i}`)}: 'VARCHAR'`).join(", ")}}`;
    try {
      const reader = await this.connection.runAndReadAll(`SELECT * FROM read_csv(${literal(path)}, ${asData.join(", ")}${readerCompressionOption([path])}, columns = ${columns}, null_padding = true, parallel = false, ${CSV_BUFFER_OPTION}) LIMIT 1`);
      // DuckDB trims a header's names (` id` is `id`): so are they here.
      return reader.getRowsJS()[0]?.map((name) => String(name ?? "").trim());
    } catch {
      return undefined;
    }
  }

  /**
   * Why the header of one of a glob's CSV files cannot be tested (see repeatedColumnNames); undefined when none
   * repeats a name. Each file's header line only (~1 ms a file), read as the first file is (its dialect sniffed),
   * with `fields` columns at most (the union of the files' columns, which is at least any one file's). A file that
   * cannot be read so (another delimiter) is not looked at: the reader says what it makes of it.
   */
  private async repeatedCsvHeaders(files: readonly string[], delimiterOption: string, fields: number, show: (path: string) => string): Promise<string | undefined> {
    const dialect = await this.sniffCsv(exactGlob(files[0]!), delimiterOption);
    if (!dialect?.hasHeader) return undefined;
    for (const file of files) {
      const header = await this.csvHeader(exactGlob(file), dialect.options, fields);
      const repeated = header && repeatedColumnNames(header, `the header of ${show(file)} repeats`);
      if (repeated) return repeated;
    }
    return undefined;
  }

  /**
   * Where a CSV file whose header the sniffer could not read (see unreadCsvHeader) breaks, read as its first line
   * shows it (the delimiter among `,` `;` tab `|` that line holds most of, `"` quoting, the line as its header): a
   * row of another length than the header (`2,3` under `id,amount,name`) within the rows the sniffer samples makes it
   * give up on both the delimiter and the header, and the reader's error then names the line to fix (`CSV Error on
   * Line: 3: Expected Number of Columns: 3 Found: 2`) instead of a guess. Undefined when the file reads whole so,
   * or its first line shows no delimiter or holds a quote (its fields cannot be counted by the delimiter).
   * `encodingOption` as the file is read (UTF-16); compressed files are read as the view reads them.
   */
  private async brokenCsvRow(file: string, encodingOption = ""): Promise<string | undefined> {
    const reader = (options: string) => `read_csv(${literal(exactGlob(file))}, auto_detect = false, header = false, parallel = false${encodingOption}${readerCompressionOption([file])}, ${CSV_BUFFER_OPTION}, ${options})`;
    let header: string;
    try {
      // The first line as one field (a delimiter and quote no header holds), as the reader decodes and decompresses it.
      const first = await this.connection.runAndReadAll(`SELECT * FROM ${reader(`delim = ${literal("\u0001")}, quote = '', escape = '', columns = {'line': 'VARCHAR'}`)} LIMIT 1`);
      header = String(first.getRowsJS()[0]?.[0] ?? "");
    } catch {
      return undefined;
    }
    if (header.includes('"')) return undefined;
    const [delimiter, count] = [",", ";", "\t", "|"].map((d) => [d, header.split(d).length - 1] as const).reduce((best, next) => (next[1] > best[1] ? next : best));
    if (count === 0) return undefined;
    const columns = `{${Array.from({ length: count + 1 }, (_, i) => `${literal(`f${i}`)}: 'VARCHAR'`).join(", ")}}`;
    try {
      await this.connection.runAndReadAll(`SELECT count(*) FROM ${reader(`delim = ${literal(delimiter)}, quote = ${literal('"')}, escape = ${literal('"')}, skip = 1, columns = ${columns}`)}`);
      return undefined;
    } catch (error) {
      return CSV_ERROR_ROW.test(String((error as Error)?.message ?? error)) ? duckDbErrorLine(error, this.showPathsIn) : undefined;
    }
  }

  /**
   * Why a CSV file among several read as one table cannot be tested: its header was not read as one (see
   * unreadCsvHeader), told from each file's own dialect, as for a single file. Undefined when every header reads.
   */
  private async unreadCsvHeaders(files: readonly string[], delimiterOption: string, object: ObjectPlan, delimiter: string | undefined, show: (path: string) => string): Promise<string | undefined> {
    const declared = new Set(object.properties.map((p) => p.column));
    for (const file of files) {
      const columns = (await this.sniffCsv(exactGlob(file), delimiterOption))?.columns;
      if (!columns || columns.some((c) => declared.has(c.name))) continue;
      const unread = unreadCsvHeader(columns, delimiter);
      if (unread) return `${show(file)}: ${(delimiter === undefined && (await this.brokenCsvRow(file))) || unread}`;
    }
    return undefined;
  }

  /**
   * Why a Parquet file's columns (or a struct's fields) cannot be tested (see repeatedColumnNames): its schema,
   * from the files' footers only, holds them as written (DuckDB's own writer renames a repeat, others do not).
   * `show` names the file, for several files.
   */
  private async repeatedParquetNames(files: string, show: ((path: string) => string) | undefined): Promise<string | undefined> {
    const reader = await this.connection.runAndReadAll(`SELECT file_name, name, num_children FROM parquet_schema(${files})`);
    const byFile = new Map<string, { name: string; children: number }[]>();
    for (const [file, name, children] of reader.getRowsJS()) {
      const nodes = byFile.get(String(file)) ?? [];
      nodes.push({ name: String(name), children: Number(children ?? 0) });
      byFile.set(String(file), nodes);
    }
    for (const [file, nodes] of byFile) {
      for (const [group, names] of parquetGroups(nodes)) {
        const repeated = repeatedColumnNames(names, show ? `the schema of ${show(file)} repeats` : "its schema repeats", group === "" ? undefined : group);
        if (repeated) return repeated;
      }
    }
    return undefined;
  }

  /**
   * Why a JSON file's records cannot be tested (see repeatedColumnNames): their keys as written (the whole file
   * is read), in the order they first appear, as the reader orders its columns (the order only numbers them in
   * the message).
   */
  private async repeatedJsonKeys(files: string, compressionOption: string): Promise<string | undefined> {
    const keys = await this.connection.runAndReadAll(
      `SELECT k.key FROM (SELECT row_number() OVER () AS record, json_keys(json) AS keys FROM read_json_objects(${files}, format = 'auto'${compressionOption})) AS r, ` +
        "LATERAL (SELECT unnest(r.keys) AS key, generate_subscripts(r.keys, 1) AS at) AS k GROUP BY k.key ORDER BY min([r.record, k.at])",
    );
    return repeatedColumnNames(keys.getRowsJS().map(([key]) => String(key)), "its records' keys repeat");
  }

  /** From here on, DuckDB reads only these files and folders and writes nothing; the setting cannot be undone. */
  /** The files a glob matches, as DuckDB's readers expand it. */
  async globFiles(pattern: string): Promise<string[]> {
    return (await this.queryValues({ sql: "SELECT file FROM glob(?)", params: [pattern] })).map(([file]) => String(file));
  }

  async lockFileAccess(files: readonly string[]): Promise<void> {
    // A streamed query runs ahead of what is fetched until its buffer is full (~1 MB by default): the
    // samples' query, which stops at its last row, would read on past it. A session setting, so it is made
    // on a connection of its own while the configuration can still change: 1.9–2.4 s → 1.4–1.7 s for the
    // benchmark's samples over 5M rows of CSV.
    this.idleStreaming.push(await streamingConnection(this.instance, this.schema));
    this.streamingSetUp = true;
    // A file whose name holds `*`, `?` or `[` is read through exactGlob's pattern, which DuckDB checks as a path too.
    const allowed = [...new Set(files.flatMap((file) => [file, exactGlob(file)]))];
    if (allowed.length > 0) this.lockStatements.push(`SET allowed_paths = ${listLiteral(allowed)}`);
    this.lockStatements.push("SET enable_external_access = false", "SET lock_configuration = true");
    for (const statement of this.lockStatements) await this.connection.run(statement);
  }

  /** Runs a statement that makes the database what the queries read (a view), remembered for reopen. */
  private async setUp(statement: string): Promise<void> {
    await this.connection.run(statement);
    this.viewStatements.push(statement);
  }

  /**
   * Opens the database afresh, as openDuckDb made it (its views, its lock; the copies of columns still in use), for the
   * queries after one that DuckDB failed internally on, which invalidates a database: every later query of the run would
   * fail. The old one is closed with the runner.
   */
  private async reopen(): Promise<void> {
    const instance = await duckdb().DuckDBInstance.create(this.path, { ...DUCKDB_NO_DOWNLOADS, ...this.engineOptions });
    const connection = await connectTo(instance, this.schema);
    await connection.run("SET GLOBAL TimeZone = 'UTC'");
    for (const statement of this.viewStatements) await connection.run(statement);
    // A copy whose duplicate queries still run is made again; one that cannot be leaves them their own error.
    for (const statement of this.stagedStatements.values()) await connection.run(statement).catch(() => undefined);
    const streaming = this.streamingSetUp ? await streamingConnection(instance, this.schema) : undefined;
    for (const statement of this.lockStatements) await connection.run(statement);
    for (const idle of [...this.idle.splice(0), ...this.idleStreaming.splice(0), this.connection]) idle.closeSync();
    this.retired.push(this.instance);
    this.instance = instance;
    this.connection = connection;
    if (streaming) this.idleStreaming.push(streaming);
    this.generation++;
  }

  async describe(object: ObjectPlan): Promise<DescribedRelation> {
    const problem = this.problems.get(object.name);
    if (problem) throw new DataSourceError(problem);
    if (this.schema === undefined || this.catalog === undefined) {
      const ruleView = this.ruleViews.get(object.name);
      const source = this.sources.get(object.name);
      return { relation: [object.physicalName], columns: this.columns.get(object.name) ?? [], ...(ruleView === undefined ? {} : { ruleRelation: [ruleView] }), ...(source === undefined ? {} : { source }) };
    }
    // DuckDB compares table names without ASCII case (`FROM O2` reads the table `o2`), so `physicalName: O2`
    // is that table, as the schema is looked up (schemaOfDatabase); it is then named as the file spells it.
    const tables = (
      await this.rows({ sql: "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_catalog = $1 AND table_schema = $2 ORDER BY 1", params: [this.catalog, this.schema] }, "js")
    ).map((row) => String(row[0]));
    const table = tables.find((name) => name === object.physicalName) ?? tables.find((name) => foldCase(name) === foldCase(object.physicalName));
    if (table === undefined) {
      const catalog = this.catalog;
      const exists = async (schema: string, name: string) =>
        (
          await this.rows(
            { sql: "SELECT 1 FROM information_schema.tables WHERE table_catalog = $1 AND lower(table_schema) = lower($2) AND lower(table_name) = lower($3)", params: [catalog, schema, name] },
            "js",
          )
        ).length > 0;
      const hint = await qualifiedNameHint(object.physicalName, exists, catalog);
      throw new DataSourceError(`No table \`${object.physicalName}\` in schema \`${this.schema}\` of the DuckDB database (tables: ${tables.join(", ") || "none"})${hint}`);
    }
    const columns = await this.rows(
      {
        sql: "SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = $1 AND table_schema = $2 AND table_name = $3 ORDER BY ordinal_position",
        params: [this.catalog, this.schema, table],
      },
      "js",
    );
    const relation = [this.catalog, this.schema, table];
    // What engineFailure reads whole, as it reads a view over files, to tell a query's fault from the table's.
    this.viewQueries.set(table, `SELECT * FROM ${relation.map(q).join(".")}`);
    return { relation, columns: columns.map(([name, type]) => ({ name: String(name), type: String(type) })) };
  }

  /**
   * DuckDB's CSV and JSON readers tokenise every field of a file whatever columns a query reads, so each
   * duplicate query of a wide file costs a parse of all of it (Parquet reads only the columns named). The
   * copy is a table of the in-memory database, seen by every connection; it is held and spilled to disk
   * as any query's data is (DuckDB's memory_limit and temp_directory, left at their defaults here).
   */
  async stageColumns(object: ObjectPlan, columns: readonly string[]): Promise<StagedColumns | undefined> {
    if (!this.parsedViews.has(object.name)) return undefined;
    const table = `${object.physicalName}${STAGED_SUFFIX}`;
    const statement = `CREATE TABLE ${q(table)} AS SELECT ${columns.map(q).join(", ")} FROM ${q(object.physicalName)}`;
    await this.rows({ sql: statement, params: [] }, "js");
    this.stagedStatements.set(table, statement);
    const drop = async () => {
      this.stagedStatements.delete(table);
      await this.rows({ sql: `DROP TABLE ${q(table)}`, params: [] }, "js");
    };
    return { relation: [table], drop };
  }

  async queryValues(query: CompiledQuery): Promise<ScalarValue[][]> {
    return (await this.rows(query, "js")).map((row) => row.map(toScalar));
  }

  async queryTypedValues(query: CompiledQuery): Promise<{ rows: ScalarValue[][]; types: string[] }> {
    const typed = await this.rows(query, "typed");
    return { rows: typed.rows.map((row) => row.map(toScalar)), types: typed.types };
  }

  async queryJson(query: CompiledQuery): Promise<JsonValue[][]> {
    return this.rows(query, "json");
  }

  /**
   * What the JSON reader's `error` could not read as its type in one of `columns` (a query of one column, or of several:
   * a duplicateValues rule over two), when the error says where only (`in line
   * 25001:` or `in record/value 25001:`, and nothing after it: DuckDB's text for a value past the rows it typed the column from, a date or
   * timestamp that is none): that value as its JSON text (bounded), read from the record of the file the error
   * names, when it is indeed no value of its type, and where it is when the query read several columns; else, of one
   * column, that a value there is none, so the message never ends at the colon. Undefined for any other error.
   */
  async describeUnreadValue(error: string, columns: readonly { name: string; type: string }[]): Promise<string | undefined> {
    const where = JSON_TRANSFORM_WITHOUT_CAUSE.exec(error);
    if (!where || columns.length === 0) return undefined;
    const [, shown, unit, at] = where;
    const file = [...this.shownPaths].find(([, display]) => display === shown)?.[0] ?? shown!;
    const one = columns.length === 1 ? columns[0]! : undefined;
    const unconfirmed = one && `a value of \`${one.name}\` there is no ${one.type}`;
    // The reader counts the records of a file as read_json_objects does (in JSON lines, a blank line is none). A nested
    // value is cast leniently (a field that is no DATE becomes NULL), so an object is looked into: each of its fields
    // (at any depth, through objects) is cast on its own, and the first that is no value of its type is the one quoted.
    // A list is not looked into: one of its items is not confirmed.
    const pointer = (names: readonly string[]) => literal(names.map((name) => `/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`).join(""));
    const parts = columns.flatMap(({ name, type }) => jsonReadParts(parseDuckDbType(type) ?? { kind: "other", text: type }, [name]).map((part) => ({ ...part, columnType: type })));
    const failing = parts.map(({ path, type: partType }) => {
      const value = `json_extract(json, ${pointer(path)})`;
      return `CASE WHEN ${value} IS NOT NULL AND json_type(${value}) <> 'NULL' AND TRY_CAST(${value} AS ${partType}) IS NULL THEN CAST(${value} AS VARCHAR) END`;
    });
    // A record number is one of an array, or of records written one after another (pretty-printed, or JSON lines
    // with blank lines), which read_json_objects' detection ("auto") reads as such.
    for (const format of unit === "line" ? ["newline_delimited"] : ["array", "auto"]) {
      const record = `SELECT json FROM read_json_objects(${literal(exactGlob(file))}, format = ${literal(format)}${readerCompressionOption([file])}) LIMIT 1 OFFSET ${Number(at) - 1}`;
      try {
        const [found] = await this.rows({ sql: `SELECT ${failing.join(", ")} FROM (${record})`, params: [] }, "js");
        const index = found ? found.findIndex((text) => text !== null) : -1;
        if (index < 0) continue;
        const text = String(found![index]);
        const quoted = text.length > UNREAD_VALUE_CHARS ? `${text.slice(0, UNREAD_VALUE_CHARS)}…` : text;
        const part = parts[index]!;
        return part.path.length === 1 && one ? `${quoted} is no ${part.columnType}` : `${quoted} at \`${part.path.join(".")}\` is no ${part.type}`;
      } catch {
        // not records of this format: the next one, or unconfirmed
      }
    }
    return unconfirmed;
  }

  /**
   * `message` with the paths of the data DuckDB quotes in it (its readers are given them absolute: `Malformed JSON in
   * file "/home/runner/work/…/orders.json"`) as every other message shows them (relative to the working directory).
   */
  readonly showPathsIn = (message: string): string => {
    // (longest first: a file's path may begin with a glob's or another file's)
    const paths = [...this.shownPaths].filter(([path, shown]) => path !== shown).sort(([a], [b]) => b.length - a.length);
    return paths.reduce((text, [path, shown]) => text.replaceAll(path, shown), message);
  };

  close(): void {
    for (const connection of [...this.idle.splice(0), ...this.idleStreaming.splice(0)]) connection.closeSync();
    this.connection.closeSync();
    this.instance.closeSync();
    for (const instance of this.retired.splice(0)) instance.closeSync();
  }

  /**
   * The columns DuckDB's reader adds from folders named `key=value` in the files' paths (hive partitioning, which
   * it turns on by itself): those of the read without it that are not in the read with it, as the reader types
   * them (`year=2024` a BIGINT). None, at no cost, for paths without such a folder.
   */
  private async hivePartitionColumns(path: string | readonly string[], reader: (options: string) => string, options: string): Promise<ColumnInfo[]> {
    if (!(typeof path === "string" ? [path] : path).some((file) => /=[^/\\]*[/\\]/.test(file))) return [];
    const read = await this.describeQuery(`SELECT * FROM ${reader(options)}`);
    const plain = new Set((await this.describeQuery(`SELECT * FROM ${reader(`${options}, hive_partitioning = false`)}`)).map((c) => c.name));
    return read.filter((c) => !plain.has(c.name));
  }

  private async describeQuery(sql: string): Promise<ColumnInfo[]> {
    const reader = await this.connection.runAndReadAll(`DESCRIBE ${sql}`);
    return reader.getRowObjectsJS().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  }

  /**
   * The first rows of each flag of a query that starts with `wanted.length` boolean columns (see
   * QueryExecutor.queryFirstFlagged), streamed: DuckDB stops reading once each flag has its rows. Only
   * the rows kept are converted to JSON, so a flag true on most rows costs a look at its column, not a
   * copy of every row. The binding does not report an error met while streaming (the stream just ends), so
   * a stream that ends before every flag has the rows wanted (which the caller knows are there) is one.
   */
  async queryFirstFlagged(query: CompiledQuery, wanted: readonly number[], rowBudget = Infinity): Promise<(JsonValue[][] | undefined)[]> {
    const found: JsonValue[][][] = wanted.map(() => []);
    return this.onConnection(this.idleStreaming, async (connection) => {
      const result = await (await this.prepared(connection, query)).stream();
      const types = jsonFloatTypes(result.columnTypes()).slice(wanted.length);
      let missing = wanted.filter((n) => n > 0).length;
      let read = 0;
      while (missing > 0) {
        if (read >= rowBudget) return found.map((rows, i) => (rows.length >= wanted[i]! ? rows : undefined));
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        read += chunk.rowCount;
        const flags = wanted.map((_, i) => chunk.getColumnValues(i));
        for (let row = 0; row < chunk.rowCount && missing > 0; row++) {
          let values: JsonValue[] | undefined;
          for (let i = 0; i < wanted.length; i++) {
            if (flags[i]![row] !== true || found[i]!.length >= wanted[i]!) continue;
            values ??= chunk
              .convertRowValues(row, duckdb().JsonDuckDBValueConverter)
              .slice(wanted.length)
              .map((value, column) => shortestFloatValue(value as JsonValue, types[column]));
            found[i]!.push(values);
            if (found[i]!.length === wanted[i]) missing--;
          }
        }
      }
      if (missing > 0) throw new Error("the query's rows ended before those it was to find: it failed while streaming");
      return found;
    }).catch((error: unknown) => {
      throw error instanceof StatementTimeout ? new FlaggedRowsTimeout(error.message, found.map((rows, i) => (rows.length >= wanted[i]! ? rows : undefined))) : error;
    });
  }

  /** Prepared, so a text holding several statements is refused by DuckDB too. */
  private async rows(query: CompiledQuery, form: "js"): Promise<JS[][]>;
  private async rows(query: CompiledQuery, form: "json"): Promise<JsonValue[][]>;
  private async rows(query: CompiledQuery, form: "typed"): Promise<{ rows: JS[][]; types: string[] }>;
  private async rows(query: CompiledQuery, form: "js" | "json" | "typed"): Promise<JS[][] | JsonValue[][] | { rows: JS[][]; types: string[] }> {
    return this.onConnection(this.idle, async (connection) => {
      const reader = await (await this.prepared(connection, query)).runAndReadAll();
      if (form === "typed") {
        // A value its double is not (a BIGINT or HUGEINT beyond 2^53, a wide DECIMAL) as its exact text, which
        // the JSON form writes: a SQL rule compares it exactly.
        const json = reader.getRowsJson();
        const rows = reader.getRowsJS().map((row, r) => row.map((value, i) => exactWhereDoubleIsNot(value, json[r]![i])));
        return { rows, types: reader.columnTypes().map((type) => type.toString()) };
      }
      if (form === "js") return reader.getRowsJS();
      const types = jsonFloatTypes(reader.columnTypes());
      return reader.getRowsJson().map((row) => row.map((value, i) => shortestFloatValue(value, types[i])));
    });
  }

  private async prepared(connection: DuckDBConnection, query: CompiledQuery): Promise<DuckDBPreparedStatement> {
    const prepared = await connection.prepare(query.sql);
    if (query.params.length > 0) prepared.bind(query.params.map(exactParameter), query.params.map(parameterType) as DuckDBType[]);
    return prepared;
  }

  /** `run` on a connection of `pool` (or a new one), stopped at the executor's time limit, its error one line. */
  private async onConnection<T>(pool: DuckDBConnection[], run: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    // The views and the file-access lock belong to the database, so every connection sees the same.
    const generation = this.generation;
    const connection = pool.pop() ?? (await connectTo(this.instance, this.schema));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, this.timeoutMs);
    try {
      try {
        return await run(connection);
      } catch (error) {
        // A quoted empty field ("") in a typed CSV column: the views switch, once, to reading those
        // columns as text and casting them with "" as NULL, and the query runs again.
        // Queries run side by side: one that fails after another has switched the views retries too.
        if (!QUOTED_EMPTY_IN_TYPED_COLUMN.test(String((error as Error)?.message))) throw error;
        if (!this.switchingViews && this.tolerantViews.size === 0) throw error;
        await (this.switchingViews ??= this.switchToTolerantViews());
        return await run(connection);
      }
    } catch (error) {
      if (timedOut) throw new StatementTimeout(`the query ran longer than ${this.timeoutMs / 1000} s and was stopped`);
      const text = String((error as Error)?.message ?? error);
      if (DATABASE_INVALIDATING_ERROR.test(text)) {
        // A query beside the one DuckDB failed internally on: it runs again on the database opened afresh, each time it
        // is (a query beside two failures, a SQL rule's in the scan and then on its own, runs three times): each run
        // again needs an opening of its own, so a query runs at most MAX_REOPENINGS + 1 times.
        const internal = /^INTERNAL Error: /.test(text);
        if (!internal && generation !== this.generation) return this.onConnection(pool, run);
        // One that answers after the database was opened afresh for another's failure (its data found to read whole
        // then) opens it no more: a diagnosis and a reopening each, counted against the run's few.
        if (!internal || generation === this.generation) {
          const recovery = await (this.recovery ??= this.recover(error));
          if (!recovery.reopened) throw new DataSourceError(recovery.message);
          if (!internal) return this.onConnection(pool, run);
        }
        // The data reads whole: this query is at fault (a SQL rule's own), and it is its error, not the data's.
        throw new Error(`${duckDbErrorLine(error, this.showPathsIn, this.isFileOfSeveral)} (DuckDB failed internally on this query, while the data reads whole; the other queries run on the database opened afresh)`);
      }
      // The data's fault, not the query's: the engine reports the object unreadable, not a check failed.
      const repeatedKey = repeatedJsonKeyError(error, this.show);
      if (repeatedKey !== undefined) throw new DataSourceError(repeatedKey);
      // DuckDB's "disabled by configuration" is meshkit's doing (lockFileAccess): a database file's view over files
      // (dbt-duckdb's external models are such views), or a query naming a file, is told what is read and what to do.
      const line = duckDbErrorLine(error, this.showPathsIn, this.isFileOfSeveral);
      throw this.schema !== undefined && FILE_ACCESS_REFUSED.test(text) ? new NotedEngineError(line, DATABASE_FILES_NOT_READ) : new Error(line);
    } finally {
      clearTimeout(timer);
      if (generation === this.generation) pool.push(connection);
      else connection.closeSync();
    }
  }

  /**
   * After an internal error of DuckDB's: why, and whether the database was opened afresh, which it is (a few times
   * a run at most) when the data reads whole, so the query, not the data, was at fault; else the data is unreadable.
   */
  private async recover(error: unknown): Promise<{ message: string; reopened: boolean }> {
    const failure = await this.engineFailure(error);
    if (!failure.dataReadsWhole || this.generation >= MAX_REOPENINGS) return { message: failure.message, reopened: false };
    await this.reopen();
    this.recovery = undefined;
    return { message: failure.message, reopened: true };
  }

  /**
   * Why the data could not be read, when DuckDB failed inside itself: an INTERNAL error invalidates the whole
   * database, so every later query of the run fails too (`database has been invalidated`), and a check that
   * "passed" before it or failed after it says nothing about the data. DuckDB 1.5 fails so on a CSV file
   * with bytes that are not UTF-8 past the rows it sniffed, when a query reads one column of it; reading
   * every column gives the reader's own error (`Invalid unicode … not utf-8 encoded`, with the line). So
   * each view (each table described, of a database file) is read whole in a database of its own, and its error, when
   * it has one, says what is wrong; when all read whole, the query was at fault.
   */
  private async engineFailure(error: unknown): Promise<{ message: string; dataReadsWhole: boolean }> {
    // The first failure may reach here as the FATAL one that follows it ("database has been invalidated"), which
    // says nothing about the data: only DuckDB's INTERNAL error is worth quoting.
    const line = duckDbErrorLine(error, this.showPathsIn, this.isFileOfSeveral);
    const internal = /^FATAL Error: /.test(line) ? "" : ` (${line})`;
    // Bounded as every query of the run is: the runner's memory limit, and its time limit for the whole diagnosis. The
    // database is the runner's own opened afresh (its file read-only, as the runner reads it; or one in memory). A
    // database file's view may read any file (`read_csv('/home/…')`): none is read here, as the runner reads none.
    const noFiles: Record<string, string> = this.path === ":memory:" ? {} : { enable_external_access: "false" };
    const fresh = await duckdb().DuckDBInstance.create(this.path, { ...DUCKDB_NO_DOWNLOADS, ...this.engineOptions, ...noFiles });
    try {
      const connection = await fresh.connect();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        connection.interrupt();
      }, this.timeoutMs);
      let readsWhole = true;
      // The views read whole: a database file's view over files (refused here as by the runner) is not read at all.
      let read = 0;
      try {
        for (const [name, view] of this.viewQueries) {
          if (timedOut) break;
          try {
            await connection.run(`SELECT count(COLUMNS(*)) FROM (${view})`);
            read++;
          } catch (diagnosis) {
            const cause = duckDbErrorLine(diagnosis, this.showPathsIn, this.isFileOfSeveral);
            // (that view is unreadable by its own queries, whose error says why: it tells nothing of the failure)
            if (FILE_ACCESS_REFUSED.test(cause)) continue;
            readsWhole = false;
            // (only the reader's own errors: a value another column's type cannot hold is that column's type check)
            if (!cause.startsWith("Invalid Input Error: ")) continue;
            return { message: `the data of \`${name}\` read whole: ${cause} (DuckDB failed internally on it${internal}; no further query can run in this run)`, dataReadsWhole: false };
          }
        }
        // (a database file's tables are read as they were described: none yet, and its data is not known to read whole)
        if (readsWhole && !timedOut && read > 0) return { message: `DuckDB failed internally on queries though the data reads whole${internal}, ${MAX_REOPENINGS + 1} times in this run; no further query can run in this run`, dataReadsWhole: true };
      } finally {
        clearTimeout(timer);
        connection.closeSync();
      }
    } finally {
      fresh.closeSync();
    }
    return { message: `DuckDB failed internally reading the data${internal}; no further query can run in this run`, dataReadsWhole: false };
  }

  private async switchToTolerantViews(): Promise<void> {
    for (const [view, select] of this.tolerantViews) await this.setUp(`CREATE OR REPLACE VIEW ${q(view)} AS ${select}`);
    this.tolerantViews.clear();
  }
}

/** A query interrupted at the statement time limit. */
class StatementTimeout extends Error {}

/** The table of an object's columns copied for its duplicate queries (see stageColumns): `<physicalName> (meshkit: staged)`. */
const STAGED_SUFFIX = " (meshkit: staged)";

/** The view an object's SQL rules read when its nested parts of mixed JSON types are converted (see withNestedJsonAsDeclared). */
const RULES_SUFFIX = " (meshkit: rules)";

/**
 * `value` (of DuckDB type `type`) with every part below it that the reader holds as JSON (values of mixed JSON types:
 * `5` and `1.5` in `o.n`, `"n/a"` in `lines[].qty`) and the contract declares a string, integer, number, boolean or object
 * read as that type (duckdbJsonScalar: a value of another JSON type is NULL), at any depth, through structs and
 * lists; undefined when no part is so (the top level's own JSON is asDeclaredJsonScalars').
 */
function withNestedJsonAsDeclared(value: string, type: ParsedType | undefined, shape: DeclaredShape | undefined, depth: number): string | undefined {
  if (!type || !shape) return undefined;
  if (type.kind === "struct") {
    const fields = type.fields.map((field) => {
      const part = `struct_extract(${value}, ${literal(field.name)})`;
      return { field, part, converted: withNestedJsonAsDeclared(part, field.type, shape.fields.get(field.name), depth + 1) };
    });
    if (fields.every((f) => f.converted === undefined)) return undefined;
    return `CASE WHEN ${value} IS NULL THEN NULL ELSE struct_pack(${fields.map((f) => `${q(f.field.name)} := ${f.converted ?? f.part}`).join(", ")}) END`;
  }
  if (type.kind === "list") {
    const item = q(`meshkit item ${depth}`);
    const converted = withNestedJsonAsDeclared(item, type.item, shape.items, depth + 1);
    return converted === undefined ? undefined : `list_transform(${value}, lambda ${item}: ${converted})`;
  }
  return depth > 0 && type.text.trim().toUpperCase() === "JSON" && isJsonScalarFamily(shape.family) ? duckdbJsonScalar(value, shape.family) : undefined;
}

/** The view's column holding the text a DECIMAL column was converted from: `<column> (meshkit: text)`. */
const TEXT_COLUMN_SUFFIX = " (meshkit: text)";
const textColumn = (column: string) => `${column}${TEXT_COLUMN_SUFFIX}`;
const textColumnOf = (name: string) => (name.endsWith(TEXT_COLUMN_SUFFIX) ? name.slice(0, -TEXT_COLUMN_SUFFIX.length) : undefined);
/** The view's column saying whether a JSON date or timestamp column's value is a JSON string (see asJsonText). */
const STRING_COLUMN_SUFFIX = " (meshkit: is string)";
const stringColumn = (column: string) => `${column}${STRING_COLUMN_SUFFIX}`;
const optionalNote = (note: string | undefined) => (note === undefined ? {} : { note });

/**
 * `select` with its text columns in `decimals` (column → `DECIMAL(p,s)`, or a type of MIXED_TEXT_TYPES) converted,
 * as the contract declares them, by TRY_CAST (for those types only text of the type's shape, TEXT_OF_TYPE): a value
 * that does not convert is NULL there, and its text (`""` is no value, as in a number column) is kept beside it in
 * the column textColumn names, where the type check counts it.
 */
function asDeclaredDecimals(select: string, decimals: ReadonlyMap<string, string>): string {
  if (decimals.size === 0) return select;
  const text = (column: string) => `NULLIF(${q(column)}, '')`;
  const cast = (column: string, type: string) => {
    const shape = ownValue(TEXT_OF_TYPE, type);
    return shape === undefined ? `TRY_CAST(${text(column)} AS ${type})` : `CASE WHEN regexp_full_match(trim(${q(column)}), ${literal(shape)}) THEN TRY_CAST(trim(${q(column)}) AS ${type}) END`;
  };
  const replaced = [...decimals].map(([column, type]) => `${cast(column, type)} AS ${q(column)}`);
  const texts = [...decimals.keys()].map((column) => `${text(column)} AS ${q(textColumn(column))}`);
  return `SELECT * REPLACE (${replaced.join(", ")}), ${texts.join(", ")} FROM (${select})`;
}

/**
 * `select` with its JSON columns in `scalars` (column → declared family) read as that family: a value of one of
 * its JSON types is converted (`"A1"` to 'A1', `5` to 5), any other (`5` where a string is declared, `"n/a"`
 * where a number is, an object or array) is NULL there, and its text (`5`, `n/a`, a string without its quotes)
 * is kept beside it in the column textColumn names, where the type check counts it and value lists meet it.
 */
function asDeclaredJsonScalars(select: string, scalars: ReadonlyMap<string, JsonScalarFamily>): string {
  if (scalars.size === 0) return select;
  const text = (column: string) => `(${q(column)} ->> '$')`;
  const replaced = [...scalars].map(([column, family]) => `${duckdbJsonScalar(q(column), family)} AS ${q(column)}`);
  const texts = [...scalars.keys()].map((column) => `${text(column)} AS ${q(textColumn(column))}`);
  return `SELECT * REPLACE (${replaced.join(", ")}), ${texts.join(", ")} FROM (${select})`;
}

/**
 * `select` with the JSON columns in `columns` read as the text of their values: a string without its quotes
 * (`"2024-01-01"` as 2024-01-01), any other value as JSON writes it (`5`, `true`, `{"a":1}`), and beside it, in
 * the column stringColumn names, whether the value is a JSON string. A date or timestamp column of mixed JSON
 * types is then text the checks convert to the declared type where it is a string's, so that a value that is no
 * such string fails the type check, row by row, even where its text would read as a date (`20240102` by `yyyyMMdd`).
 */
function asJsonText(select: string, columns: ReadonlySet<string>): string {
  if (columns.size === 0) return select;
  const texts = [...columns].map((column) => `(${q(column)} ->> '$') AS ${q(column)}`);
  const strings = [...columns].map((column) => `(json_type(${q(column)}) = 'VARCHAR') AS ${q(stringColumn(column))}`);
  return `SELECT * REPLACE (${texts.join(", ")}), ${strings.join(", ")} FROM (${select})`;
}

/** The warning for a number declared an exact decimal that a file's values cannot be read as. */
function unheldDecimalNote(property: ObjectPlan["properties"][number], why: string): string {
  return `\`${property.name}\` is declared ${property.physicalType}, but ${why}: its values are read as DOUBLE, and precision beyond a double's (15 to 17 significant digits) is not kept`;
}

/**
 * Whether the JSON reader read the whole file as one record holding a list of objects (one column `json`
 * of `STRUCT(…)[]`, or `JSON[]` for an empty list, `[]`), which the contract does not declare: a JSON array it
 * did not recognise as the records (an empty one read so had one row, where the same `[]` without a BOM has none).
 */
function readsArrayAsOneRecord(inferred: readonly ColumnInfo[], object: ObjectPlan): boolean {
  const [only] = inferred;
  return inferred.length === 1 && only!.name === "json" && /^(?:STRUCT\(.*\)|JSON)\[\]$/.test(only!.type) && !object.properties.some((p) => p.column === "json");
}

/**
 * Whether the JSON reader read several files' records as one JSON value each (one column `json` of type JSON,
 * undeclared), as it does when one file is an array after a byte order mark (see startsWithBomArray).
 */
function readsRecordsAsOneJsonColumn(inferred: readonly ColumnInfo[], object: ObjectPlan, ofAnyType = false): boolean {
  const [only] = inferred;
  return inferred.length === 1 && only!.name === "json" && (ofAnyType || only!.type.toUpperCase() === "JSON") && !object.properties.some((p) => p.column === "json");
}

/** Whether a file starts with a UTF-8 byte order mark and then (after white space) a JSON array's `[`, once decompressed. */
async function startsWithBomArray(path: string): Promise<boolean> {
  const start = (await dataFileStart(path, 64)) ?? Buffer.alloc(0);
  return start.length > 3 && start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf && /^[ \t\r\n]*\[/.test(start.subarray(3).toString("latin1"));
}

/**
 * Whether the JSON reader read as a MAP what the contract declares as an object: the records themselves
 * (the file is then one MAP column named `json`), or an object at any depth under which properties are
 * declared. It does so for an object of 200 keys or more.
 */
function readsObjectsAsMaps(columns: readonly ColumnInfo[], shapes: ReadonlyMap<string, DeclaredShape>): boolean {
  const isMap = (type: string) => /^MAP\s*\(/i.test(type);
  if (columns.length === 1 && columns[0]!.name === "json" && isMap(columns[0]!.type) && !shapes.has("json")) return true;
  const hidesFields = (type: ParsedType, shape: DeclaredShape | undefined): boolean => {
    if (!shape) return false;
    if (type.kind === "struct") return type.fields.some((field) => hidesFields(field.type, shape.fields.get(field.name)));
    if (type.kind === "list") return hidesFields(type.item, shape.items);
    return isMap(type.text) && shape.fields.size > 0;
  };
  return columns.some((column) => {
    const type = parseDuckDbType(column.type);
    return type !== undefined && hidesFields(type, shapes.get(column.name));
  });
}

/**
 * A data file's bytes as its reader sees them, in chunks: decompressed (`.gz`; `.zst` where Node has zstd, 22.15 and
 * later), so that what is read of its start is its text's. Undefined for a `.zst` this Node cannot undo. `close` ends
 * the reading, wherever it stopped.
 */
function dataFileChunks(path: string): { chunks: AsyncIterable<Buffer>; close: () => void } | undefined {
  const decompress = /\.gz$/i.test(path) ? createGunzip() : /\.zst$/i.test(path) ? (zlib as { createZstdDecompress?: () => Transform }).createZstdDecompress?.() : undefined;
  if (decompress === undefined && /\.zst$/i.test(path)) return undefined;
  const source = createReadStream(path, { highWaterMark: 16 * 1024 });
  const chunks = (decompress ? pipeline(source, decompress, () => {}) : source) as AsyncIterable<Buffer>;
  return {
    chunks,
    close: () => {
      source.destroy();
      decompress?.destroy();
    },
  };
}

/** The first `bytes` bytes of a data file once decompressed (dataFileChunks), fewer in a shorter one; undefined when it cannot be read. */
async function dataFileStart(path: string, bytes: number): Promise<Buffer | undefined> {
  const file = dataFileChunks(path);
  if (file === undefined) return undefined;
  let start = Buffer.alloc(0);
  try {
    for await (const chunk of file.chunks) {
      start = Buffer.concat([start, chunk]);
      if (start.length >= bytes) break;
    }
    return start.subarray(0, bytes);
  } catch {
    return undefined;
  } finally {
    file.close();
  }
}

/**
 * Whether a data file holds nothing but white space (a header-only CSV has columns of its own to check), once
 * decompressed (dataFileChunks): a blank `.csv.gz` is 20 bytes of gzip. Read until the first other character, so a
 * file of any size costs a chunk; a file that cannot be read or decompressed is not blank (its reader then says why),
 * nor is a `.zst` this Node cannot decompress: it is left to its reader.
 */
async function hasNoContent(path: string): Promise<boolean> {
  if (statSync(path).size === 0) return true;
  const file = dataFileChunks(path);
  if (file === undefined) return false;
  let decoder: StringDecoder | undefined;
  try {
    for await (const chunk of file.chunks) {
      // UTF-16 after its byte order mark (FF FE), as Excel's "Unicode Text" writes it and csvEncoding reads it.
      decoder ??= new StringDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? "utf16le" : "utf8");
      if (decoder.write(chunk).trim() !== "") return false;
    }
    return (decoder?.end() ?? "").trim() === "";
  } catch {
    return false;
  } finally {
    file.close();
  }
}

/**
 * Why a CSV file's header was not read as one, when none of its columns is the contract's: DuckDB
 * found a single column named like a whole header line (the delimiter could not be detected, as with
 * an unterminated quote), or only its own column0, column1, … (no header row detected: rows of
 * different lengths, or a header that looks like data). Undefined for a header that is only different.
 */
function unreadCsvHeader(columns: readonly ColumnInfo[], delimiter: string | undefined): string | undefined {
  if (columns.length === 1 && /[,;\t|]/.test(columns[0]!.name)) {
    const why = delimiter === undefined ? "the delimiter could not be detected (an unterminated quote, or rows of different lengths?)" : `the file's extension says its delimiter is ${JSON.stringify(delimiter)} (a .tsv is tab-separated: rename it .csv if it is not)`;
    return `its header was read as one column named ${JSON.stringify(columns[0]!.name)}: ${why}`;
  }
  if (columns.length > 0 && columns.every((c, i) => c.name === `column${i}`)) {
    return `no header row was detected (DuckDB named the columns ${columns.length === 1 ? "column0" : `column0…column${columns.length - 1}`}): the file needs a header of column names, and rows of the same length`;
  }
  return undefined;
}

/**
 * Whether columns read from several CSV files may come from a file whose header was not read (see unreadCsvHeader):
 * one named like a header line, or as DuckDB names a column without a header (`column0`). Only then is each file's
 * dialect read, which costs nothing otherwise.
 */
function mayHoldUnreadHeader(columns: readonly ColumnInfo[]): boolean {
  return columns.some((c) => READER_NAMED_COLUMN.test(c.name) || /[,;\t|]/.test(c.name));
}

/**
 * Why columns whose names, as the data writes them (a CSV header, a Parquet schema, JSON keys), repeat a name
 * (as DuckDB compares names: without ASCII case) cannot be tested: DuckDB reads the repeat under a name of its
 * own (`id_1`), so a check of `id` would read whichever column came first, and one of `id_1` perhaps another
 * column than the data's `id_1`. `what` says whose names they are ("its header repeats"); `within`, the struct
 * whose fields they are. Undefined when no name repeats.
 */
function repeatedColumnNames(names: readonly string[], what: string, within?: string): string | undefined {
  const positions = new Map<string, number[]>();
  names.forEach((name, i) => {
    // (a CSV field without a name is DuckDB's `column<i>`, which repeats nothing)
    if (name === "") return;
    const key = foldCase(name);
    positions.set(key, [...(positions.get(key) ?? []), i]);
  });
  const repeats = [...positions.values()].filter((at) => at.length > 1);
  if (repeats.length === 0) return undefined;
  const where = (at: readonly number[]) => `${within === undefined ? "columns" : "fields"} ${at.map((i) => i + 1).join(", ")}${within === undefined ? "" : ` of \`${within}\``}`;
  const described = repeats.map((at) => `${at.map((i) => `\`${names[i]}\``).filter((name, i, all) => all.indexOf(name) === i).join(" / ")} (${where(at)})`);
  return `${what} ${described.join(", ")}: a check could not tell which column is the data (DuckDB reads a repeat as \`<name>_1\`); give every column a name of its own`;
}

/**
 * Whether a reader's column names may hold a repeat it renamed: `<name>_<n>` beside `<name>` (in any case). Then
 * the names as written are read (a JSON file's keys, each CSV header of a glob), which costs nothing otherwise; a
 * file that writes `id` and `id_1` itself is read so too, and found to repeat nothing.
 */
function readsRenamedRepeat(columns: readonly ColumnInfo[]): boolean {
  const names = new Set(columns.map((c) => foldCase(c.name)));
  return columns.some((c) => {
    const repeat = /^(.*)_\d+$/.exec(c.name);
    return repeat !== null && names.has(foldCase(repeat[1]!));
  });
}

/**
 * The names in each group of a Parquet schema (parquet_schema's rows of one file, in order: each node then its
 * children's subtrees), by the group's dotted path: "" for the file's columns, `c` for the fields of a struct `c`.
 */
function parquetGroups(nodes: readonly { name: string; children: number }[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  // Returns the index after the subtree at `at`.
  const visit = (at: number, path: string): number => {
    let next = at + 1;
    if (nodes[at]!.children === 0) return next;
    const names: string[] = [];
    for (let child = 0; child < nodes[at]!.children && next < nodes.length; child++) {
      const name = nodes[next]!.name;
      names.push(name);
      next = visit(next, path === "" ? name : `${path}.${name}`);
    }
    groups.set(path, names);
    return next;
  };
  if (nodes.length > 0) visit(0, "");
  return groups;
}

/** An ISO 8601 calendar date and nothing else (`2024-01-31`), as a CSV holds it. */
const ISO_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";

/** A number as DuckDB's DOUBLE reads its text: decimal, with an exponent, or NaN and the infinities in any case. */
const SPELLED_DOUBLE = "(?i)[+-]?(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:e[+-]?[0-9]+)?|inf|infinity|nan)";

/** The type a CSV column of mixed values is converted to from its text, by its property's family (see createView). */
const MIXED_TEXT_TYPES: Partial<Record<TypeFamily, "BIGINT" | "DOUBLE" | "BOOLEAN">> = { integer: "BIGINT", number: "DOUBLE", boolean: "BOOLEAN" };

/** Whole digits, as an integer of any DuckDB integer type is written (allWholeDigits). */
const WHOLE_DIGITS = "[+-]?[0-9]+";

/**
 * The text, trimmed, that is a value of such a type: DuckDB's cast takes more (`1.5`, `1e3`, `0x10` and `1_000` are
 * integers to it, `t`, `y` and `1` true), which the CSV sniffer types no integer or boolean, and which is not the data's.
 */
const TEXT_OF_TYPE: Record<WholeDigitsType | "DOUBLE" | "BOOLEAN", string> = { BIGINT: WHOLE_DIGITS, HUGEINT: WHOLE_DIGITS, UHUGEINT: WHOLE_DIGITS, DOUBLE: SPELLED_DOUBLE, BOOLEAN: "(?i)true|false" };

/**
 * The encoding DuckDB's CSV reader must be told for a file that is not UTF-8, from its byte order mark, once
 * decompressed (dataFileChunks: a `.csv.gz` of it too): Excel's "Unicode Text" export is UTF-16 (little-endian,
 * `FF FE`), which the reader otherwise fails to sniff ("Error when sniffing file"). Undefined for any other file (UTF-8, with a BOM or not, is the reader's default).
 * UTF-16 big-endian (`FE FF`) throws the finding's reason: DuckDB's `utf-16` reads little-endian only (the file
 * became one column of garbled text), and "Error when sniffing file" would not say what is wrong with it.
 */
async function csvEncoding(path: string): Promise<string | undefined> {
  const start = await dataFileStart(path, 2);
  if (start === undefined || start.length < 2) return undefined;
  if (start[0] === 0xfe && start[1] === 0xff) throw new Error("the file is UTF-16 big-endian (its byte order mark is FE FF), which DuckDB's CSV reader does not read: save it as UTF-8 or UTF-16 little-endian");
  return start[0] === 0xff && start[1] === 0xfe ? "utf-16" : undefined;
}

/** The name DuckDB's CSV reader gives a column whose header cell is blank: `column0`, `column1`, … */
const READER_NAMED_COLUMN = /^column\d+$/;

/** How many times a run opens its database afresh after DuckDB failed internally on a query (see DuckDbRunner.recover). */
const MAX_REOPENINGS = 3;

/** A connection for streamed queries, with a small read-ahead (see lockFileAccess). */
async function streamingConnection(instance: DuckDBInstance, schema: string | undefined): Promise<DuckDBConnection> {
  const streaming = await connectTo(instance, schema);
  await streaming.run("SET streaming_buffer_size = '64KiB'");
  return streaming;
}

/** DuckDB's errors that leave its database unusable: an INTERNAL error, and the FATAL one every later query gets. */
const DATABASE_INVALIDATING_ERROR = /^(?:INTERNAL|FATAL) Error: /;

/** DuckDB refusing a file because its file access is turned off (see lockFileAccess). */
const FILE_ACCESS_REFUSED = /^Permission Error: .*file system operations are disabled by configuration/;

/** What a DuckDB database file's runner reads, for a query DuckDB refused a file (FILE_ACCESS_REFUSED). */
const DATABASE_FILES_NOT_READ =
  "meshkit reads a DuckDB database file's own tables and no other file: a view over files, or a query naming one, is not read; test those files with a `local` server, or store the data as a table";

/** DuckDB's message when its CSV reader meets "" in a column it reads as a number, date, …: */
const QUOTED_EMPTY_IN_TYPED_COLUMN = /Could not convert string "" to /;

/** Types DuckDB's sniffer writes, safe to name in a CAST (its own output, checked all the same). */
const SNIFFED_TYPE = /^[A-Z][A-Z0-9_]*(?:\(\d+(?:, ?\d+)?\))?(?: WITH TIME ZONE)?$/;

/** The date and timestamp formats the sniffer found ("" for none), as strptime formats. */
interface CsvFormats {
  date: string;
  timestamp: string;
}

/** What the contract declares of one column: its type family, and its nested fields and list items. */
interface DeclaredShape {
  family?: TypeFamily;
  fields: Map<string, DeclaredShape>;
  items?: DeclaredShape;
}

/** The declared shape of each column of an object, from its properties and its nested properties' checks. */
function declaredShapes(object: ObjectPlan): Map<string, DeclaredShape> {
  const shapes = new Map<string, DeclaredShape>(object.properties.map((p) => [p.column, { family: p.expected, fields: new Map() }]));
  for (const check of object.checks) {
    const measure = check.measure;
    if ((measure.kind !== "columnPresent" && measure.kind !== "columnType") || !measure.steps) continue;
    let shape = shapes.get(measure.column);
    if (!shape) continue;
    for (const step of measure.steps) {
      if (step.kind === "items") shape = shape.items ??= { fields: new Map() };
      else {
        let field = shape.fields.get(step.name);
        if (!field) shape.fields.set(step.name, (field = { fields: new Map() }));
        shape = field;
      }
    }
    if (measure.kind === "columnType") shape.family = measure.expected;
  }
  return shapes;
}

/** The DuckDB type that holds what a declared shape describes. */
function duckDbTypeOfShape(shape: DeclaredShape): string {
  if (shape.fields.size > 0 && (shape.family === undefined || shape.family === "object")) {
    return `STRUCT(${[...shape.fields].map(([name, field]) => `${q(name)} ${duckDbTypeOfShape(field)}`).join(", ")})`;
  }
  if (shape.family === "array" || (shape.family === undefined && shape.items)) return `${shape.items ? duckDbTypeOfShape(shape.items) : "JSON"}[]`;
  return shape.family ? DUCKDB_TYPE_BY_FAMILY[shape.family] : "JSON";
}

/**
 * Whether the JSON reader infers a type from JSON strings: DATE, TIME, TIMESTAMP and UUID are what it makes of
 * text shaped like them (`"2024-01-05"`, `"10:00:00"`, `"2024-01-05T10:00:00"`, a UUID). Numbers and booleans
 * are not text in JSON: they never take this path, and a number under a string property fails its type.
 */
function isTypedFromJsonText(type: string): boolean {
  const family = familyOfSqlType(type);
  return family === "date" || family === "time" || family === "timestamp" || type.trim().toUpperCase() === "UUID";
}

/**
 * A column's type as the JSON reader inferred it, with the parts where it says less than the contract
 * replaced by what the contract declares, at any depth:
 * - a declared string whose text the reader typed as a date, time, timestamp or UUID is VARCHAR: the text as
 *   written is the value (lengths, patterns and formats read it, as in CSV); no probe is needed, since every
 *   value there is a JSON string;
 * - a JSON-typed part (a field without a value, or of mixed types) is the declared type where no row holds
 *   a value there (`hasValue` probes); a nested one declared a date or timestamp that holds values is VARCHAR.
 * `at` builds a condition on the value at this depth from one on the column.
 */
async function retypeAsDeclared(
  type: ParsedType,
  shape: DeclaredShape | undefined,
  at: (inner: (value: string) => string) => string,
  depth: number,
  hasValue: (condition: string) => Promise<boolean>,
  late: { parts: ReadonlySet<string>; key: readonly (string | null)[] },
  nested = false,
): Promise<string> {
  // A part the contract does not declare is not checked, but is read with the object: a date, time, timestamp or UUID the
  // reader took its strings for is read as the text it is, or a later string that is none would fail the object's reading.
  if (!shape) return nested ? withGuessedTypesAsText(type) : type.text;
  if (type.kind === "struct") {
    let changed = false;
    const fields: string[] = [];
    for (const field of type.fields) {
      const fieldAt = (inner: (value: string) => string) => at((value) => inner(duckdbDialect.fieldAccess!(value, field.name)));
      const text = await retypeAsDeclared(field.type, shape.fields.get(field.name), fieldAt, depth, hasValue, { ...late, key: [...late.key, field.name] }, true);
      changed ||= text !== field.type.text;
      fields.push(`${q(field.name)} ${text}`);
    }
    return changed ? `STRUCT(${fields.join(", ")})` : type.text;
  }
  if (type.kind === "list") {
    const variable = `meshkit_item_${depth}`;
    const itemAt = (inner: (value: string) => string) => at((value) => duckdbDialect.anyItem!(value, variable, inner(variable)));
    const text = await retypeAsDeclared(type.item, shape.items, itemAt, depth + 1, hasValue, { ...late, key: [...late.key, null] }, true);
    return text !== type.item.text ? `${text}[]` : type.text;
  }
  // A nested integer, number or boolean holding a later value of another JSON type (lateValuesOfOtherJsonType).
  if (nested && late.parts.has(partKey(late.key[0] as string, late.key.slice(1)))) return "JSON";
  if (shape.family === "string" && isTypedFromJsonText(type.text)) return DUCKDB_TYPE_BY_FAMILY.string;
  // A date or timestamp the reader typed from its strings, by a format it guessed (`01-05-2024` as 1 May): the text it
  // is, which its checks read row by row as the ISO shape both runners read (a date where a timestamp is declared: its
  // midnight). A top-level column is read so by readsAsText.
  const family = familyOfSqlType(type.text);
  if ((shape.family === "date" || shape.family === "timestamp") && (family === "date" || family === "timestamp")) return DUCKDB_TYPE_BY_FAMILY.string;
  const declaresMore = (shape.family !== undefined && shape.family !== "object") || shape.fields.size > 0 || shape.items !== undefined;
  if (type.text.toUpperCase() !== "JSON" || !declaresMore) return type.text;
  if (!(await hasValue(at((value) => `${value} IS NOT NULL`)))) return duckDbTypeOfShape(shape);
  // A nested date or timestamp of mixed JSON types (`"2024-01-05"` beside `5`): its values as text (`5` as '5'),
  // which its checks read as the declared type, row by row (a value that is no such text fails the type check).
  // The top-level column of one is read by asJsonText instead, which keeps whether each value is a string.
  return nested && (shape.family === "date" || shape.family === "timestamp") ? DUCKDB_TYPE_BY_FAMILY.string : type.text;
}

/** `type` with every part the JSON reader typed from its strings (isTypedFromJsonText) as VARCHAR, at any depth. */
function withGuessedTypesAsText(type: ParsedType): string {
  if (type.kind === "list") {
    const item = withGuessedTypesAsText(type.item);
    return item !== type.item.text ? `${item}[]` : type.text;
  }
  if (type.kind === "other") return isTypedFromJsonText(type.text) ? DUCKDB_TYPE_BY_FAMILY.string : type.text;
  const fields = type.fields.map((field) => ({ name: field.name, text: withGuessedTypesAsText(field.type), was: field.type.text }));
  return fields.some((f) => f.text !== f.was) ? `STRUCT(${fields.map((f) => `${q(f.name)} ${f.text}`).join(", ")})` : type.text;
}

/**
 * Whether every value of `column` in `source` (the file read as text) is a whole number written in digits
 * (a sign allowed; "" is no value, as in the reader's number columns). A file the probe cannot read is
 * not: the column keeps the reader's type, and the reader's error is reported where it is read.
 */
function allWholeDigits(connection: DuckDBConnection, source: string, column: string): Promise<boolean> {
  return everyValueMatches(connection, source, column, WHOLE_DIGITS);
}

/**
 * A JSON value that is not of `family` though the reader typed its column so from the records it sampled: for an
 * integer, any but whole digits (`1.5`, `1e3`, `"7"`; one beyond BIGINT is whole, and no lenient cast rounds it); for a
 * number, any but a number (`"1.5"`, `true`); for a boolean, any but true or false (`"yes"`, `1`).
 */
const OTHER_JSON_TYPE: Partial<Record<TypeFamily, (json: string) => string>> = {
  integer: (json) => `json_type(${json}) <> 'NULL' AND NOT regexp_full_match(CAST(${json} AS VARCHAR), '-?[0-9]+')`,
  number: (json) => `json_type(${json}) NOT IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'NULL')`,
  boolean: (json) => `json_type(${json}) NOT IN ('BOOLEAN', 'NULL')`,
};

/** A part of a column (the column itself, a field of a nested object, a list's items) as lateValuesOfOtherJsonType names it. */
const partKey = (column: string, steps: readonly (string | null)[]) => JSON.stringify([column, ...steps]);

/**
 * The parts of a JSON file's columns declared (`shapes`) and typed by the reader as an integer, a number or a boolean
 * that hold a value of another JSON type past the records the reader sampled, at any depth (`o.n`, `tags[]`), as
 * partKey names them: one read of the file with every column as JSON, stopping at the first such value, then one
 * per part only when there is one.
 */
async function lateValuesOfOtherJsonType(
  connection: DuckDBConnection,
  reader: (options: string) => string,
  inferred: readonly ColumnInfo[],
  shapes: ReadonlyMap<string, DeclaredShape>,
  probed: (column: string) => boolean,
): Promise<Set<string>> {
  const candidates: { key: string; condition: string }[] = [];
  const visit = (type: ParsedType, shape: DeclaredShape | undefined, key: (string | null)[], at: (inner: (value: string) => string) => string, depth: number) => {
    if (!shape) return;
    if (type.kind === "struct") {
      for (const field of type.fields) {
        const pointer = literal(`/${field.name.replaceAll("~", "~0").replaceAll("/", "~1")}`);
        visit(field.type, shape.fields.get(field.name), [...key, field.name], (inner) => at((value) => inner(`json_extract(${value}, ${pointer})`)), depth);
      }
      return;
    }
    if (type.kind === "list") {
      const variable = `meshkit_item_${depth}`;
      visit(type.item, shape.items, [...key, null], (inner) => at((value) => duckdbDialect.anyItem!(`json_extract(${value}, '$[*]')`, variable, inner(variable))), depth + 1);
      return;
    }
    const family = shape.family;
    const other = family === undefined ? undefined : OTHER_JSON_TYPE[family];
    // (a number column whose sampled values were all whole is typed an integer one)
    const typed = familyOfSqlType(type.text);
    if (other && (typed === family || (family === "number" && typed === "integer"))) candidates.push({ key: partKey(key[0] as string, key.slice(1)), condition: at(other) });
  };
  for (const column of inferred) {
    const parsed = probed(column.name) ? parseDuckDbType(column.type) : undefined;
    if (parsed) visit(parsed, shapes.get(column.name), [column.name], (inner) => inner(q(column.name)), 0);
  }
  if (candidates.length === 0) return new Set();
  const asJson = reader(`, columns = {${inferred.map((c) => `${literal(c.name)}: 'JSON'`).join(", ")}}`);
  const any = async (condition: string) => (await connection.runAndReadAll(`SELECT 1 FROM ${asJson} WHERE ${condition} LIMIT 1`)).currentRowCount > 0;
  try {
    if (!(await any(candidates.map((c) => `(${c.condition})`).join(" OR ")))) return new Set();
    const found = new Set<string>();
    for (const { key, condition } of candidates) if (await any(condition)) found.add(key);
    return found;
  } catch {
    // A file the probe cannot read is the reader's to report, as it reads the checks' columns.
    return new Set();
  }
}

type WholeDigitsType = "BIGINT" | "HUGEINT" | "UHUGEINT";

/**
 * The type a column of whole numbers (allWholeDigits), or of such numbers among other text (MIXED_TEXT_TYPES), is read as, by those numbers: BIGINT, the sniffer's own integer type, when every
 * value is within it (a column the sniffer left VARCHAR for a sign, `+7`); else HUGEINT, unless a value is beyond it
 * and none is below zero, as the values of a u128 up to 2^128 - 1 are; UHUGEINT holds those. (A column with both
 * holds a value no DuckDB integer type does: its type check says so.)
 */
async function wholeDigitsType(connection: DuckDBConnection, source: string, column: string): Promise<WholeDigitsType> {
  const value = `NULLIF(trim(${q(column)}), '')`;
  // Only whole digits: a column of mixed values (MIXED_TEXT_TYPES) holds other text too, which no integer type holds.
  const anyBeyond = async (type: string) => (await connection.runAndReadAll(`SELECT 1 FROM ${source} WHERE regexp_full_match(${value}, ${literal(WHOLE_DIGITS)}) AND TRY_CAST(${value} AS ${type}) IS NULL LIMIT 1`)).currentRowCount > 0;
  try {
    if (!(await anyBeyond("BIGINT"))) return "BIGINT";
    return (await anyBeyond("HUGEINT")) && !(await anyValueMatches(connection, source, column, "-[0-9]+")) ? "UHUGEINT" : "HUGEINT";
  } catch {
    return "HUGEINT";
  }
}

/**
 * Whether every value of `column` in `source` (the file read as text), trimmed, is `pattern` as a whole ("" is
 * no value). The probe stops at the first value that is not. A file it cannot read does not match.
 */
async function everyValueMatches(connection: DuckDBConnection, source: string, column: string, pattern: string): Promise<boolean> {
  return !(await anyValueMatches(connection, source, column, pattern, false));
}

/**
 * Whether a value of `column` in `source` (the file read as text), trimmed, is `pattern` as a whole (`matches`
 * true) or is not (false; "" is no value). The probe stops at the first such value. A file it cannot read has none
 * that matches, and one that does not.
 */
async function anyValueMatches(connection: DuckDBConnection, source: string, column: string, pattern: string, matches = true): Promise<boolean> {
  const value = `NULLIF(trim(${q(column)}), '')`;
  try {
    const found = await connection.runAndReadAll(`SELECT 1 FROM ${source} WHERE ${value} IS NOT NULL AND ${matches ? "" : "NOT "}regexp_full_match(${value}, ${literal(pattern)}) LIMIT 1`);
    return found.currentRowCount > 0;
  } catch {
    return !matches;
  }
}

/**
 * `select` with its CSV columns `emptyIsNull` read with "" as NULL: text the checks read as dates or timestamps,
 * where "" can only mean no value, as in a column the reader types (quotedEmptyTolerantView).
 */
function withQuotedEmptyAsNull(select: string, emptyIsNull: ReadonlySet<string>): string {
  if (emptyIsNull.size === 0) return select;
  return `SELECT * REPLACE (${[...emptyIsNull].map((column) => `NULLIF(${q(column)}, '') AS ${q(column)}`).join(", ")}) FROM (${select})`;
}

/**
 * In CSV an unquoted empty field is NULL and a quoted one ("") an empty string, so that missingValues
 * tells them apart in text columns. In a number or date column "" can only mean no value, but DuckDB's
 * reader refuses it. The tolerant form reads such columns as text and converts them with "" as NULL
 * (dates and timestamps with the sniffed format, as the reader would): ~10 % slower on a large file, so
 * it is only switched to when the reader refuses a "". Undefined when every column is text.
 */
function quotedEmptyTolerantView(columns: readonly ColumnInfo[], formats: CsvFormats): { columns: ColumnInfo[]; select: string } | undefined {
  const typed = columns.filter((c) => c.type !== "VARCHAR");
  if (typed.length === 0 || typed.some((c) => !SNIFFED_TYPE.test(c.type))) return undefined;
  // A value the type cannot hold is still an error, naming the column and the value as the reader
  // would (the line is the reader's to know; the view no longer has it).
  const convert = ({ name, type }: ColumnInfo) => {
    const value = `NULLIF(${q(name)}, '')`;
    const format = type === "DATE" ? formats.date : type.startsWith("TIMESTAMP") ? formats.timestamp : "";
    const converted = format ? `CAST(try_strptime(${value}, ${literal(format)}) AS ${type})` : `TRY_CAST(${value} AS ${type})`;
    const refusal = `error(${literal(`Error when converting column "${name}". Could not convert string "`)} || ${q(name)} || ${literal(`" to '${type}'`)})`;
    return `CASE WHEN ${value} IS NULL THEN NULL ELSE coalesce(${converted}, ${refusal}) END AS ${q(name)}`;
  };
  return {
    columns: columns.map((c) => ({ name: c.name, type: "VARCHAR" })),
    select: columns.map((c) => (c.type === "VARCHAR" ? q(c.name) : convert(c))).join(", "),
  };
}

/** The JSON reader's error for a value it could not read that says where only: the file and the record's line (JSON lines) or number (an array). */
const JSON_TRANSFORM_WITHOUT_CAUSE = /^Invalid Input Error: JSON transform error in file "(.*?)", in (line|record\/value) (\d+):\s*$/;

/**
 * The parts of a JSON column of `type` that describeUnreadValue casts one by one (by their path of names from the column):
 * the column itself, or, for an object, each of its fields, through nested objects.
 */
function jsonReadParts(type: ParsedType, path: readonly string[]): { path: readonly string[]; type: string }[] {
  if (type.kind !== "struct") return [{ path, type: type.text }];
  return type.fields.flatMap((field) => jsonReadParts(field.type, [...path, field.name]));
}

/** How much of a value describeUnreadValue quotes: a long text or a whole object would make the finding unreadable. */
const UNREAD_VALUE_CHARS = 80;

/** The lines of DuckDB's CSV errors that say what is wrong with a row, without quoting it. */
const CSV_DIAGNOSES = /^(?:Expected Number of Columns: \d+ Found: \d+|Value with unterminated quote found\.|Invalid unicode \(byte sequence mismatch\) detected\.|Maximum line size of \d+ bytes exceeded\.?)(?: |$)/;

const CSV_LINE_TOO_LONG = `a line is longer than ${CSV_BUFFER_BYTES / 2 ** 20} MiB, the longest CSV line meshkit reads: shorten its long values, or write the data as Parquet or JSON`;

/** The JSON reader's error for an object below the records whose keys repeat a name in another case (`{"x": 1, "X": 2}`). */
const NESTED_JSON_REPEAT = /^Not implemented Error: Duplicate name "(.*)" in struct auto-detected in JSON/;

/**
 * The JSON reader's error for a record (or an object in one) that repeats a key exactly (`{"id": 1, "id": 2}`),
 * met when a query reads that key's column: the file, where in it (`line` in JSON lines, `record/value` in an
 * array), and the key. The object it quotes in between holds the record's values.
 */
const JSON_REPEATED_KEY = /^Invalid Input Error: JSON transform error in file "(.*?)", in (line|record\/value) (\d+): Object .* has duplicate key "(.*)"$/;

/**
 * Why a query could not read a JSON file whose records repeat a key exactly, as repeatedColumnNames says it
 * for a repeat in another case, never quoting the record (its values may be classified); undefined for any
 * other error.
 */
function repeatedJsonKeyError(error: unknown, show: (path: string) => string): string | undefined {
  const repeat = JSON_REPEATED_KEY.exec(String((error as Error)?.message ?? error).split("\n")[0]!.trim());
  if (!repeat) return undefined;
  const [, file, unit, at, key] = repeat;
  return `its records repeat the key \`${key}\` (${show(file!)}, ${unit === "line" ? "line" : "record"} ${at}): a check could not tell which value is the data; give every key a name of its own`;
}

/**
 * One line for a DuckDB error. A CSV conversion error says where on its first line and what on a
 * later one ("Error when converting column …"): both are kept.
 */
function duckDbErrorLine(error: unknown, showPathsIn: (message: string) => string, isFileOfSeveral: (file: string) => boolean = () => false): string {
  const message = String((error as Error)?.message ?? error);
  const lines = showPathsIn(csvErrorAtFileLine(message)).split("\n").map((line) => line.trim());
  // The CSV reader names the file only in the settings it lists below: with several files read as one table, which one.
  const file = CSV_ERROR_ROW.test(message) ? csvErrorSettings(message).get("file") : undefined;
  const where = file !== undefined && isFileOfSeveral(file) ? ` (in ${showPathsIn(file)})` : "";
  // (DuckDB's advice, ignore_errors, is no option of meshkit's: the keys are the data's to fix, as a repeat in the records' own keys is)
  const nested = NESTED_JSON_REPEAT.exec(lines[0]!);
  if (nested) return `an object in its records repeats the key \`${nested[1]}\` in another case: a check could not tell which field is the data (DuckDB compares names without ASCII case); give every key a name of its own`;
  // What is wrong, after the first line: a conversion's column, or one of the CSV reader's own diagnoses
  // ("Expected Number of Columns: 2 Found: 3"). Only those: the "Original Line" holds the row's values, and
  // a row with an unterminated quote runs over several lines, so any other line may be data.
  const what = lines.find((line) => line.startsWith("Error when converting column") || CSV_DIAGNOSES.test(line));
  // A line beyond the buffer: DuckDB's "Line: 1" and "Actual Size:0 bytes" then say nothing true about it.
  if (what?.startsWith("Maximum line size") && lines[0]!.startsWith("Invalid Input Error: CSV Error on Line:")) return CSV_LINE_TOO_LONG;
  // The JSON reader's line may be off by hundreds (24577 for 25001, some columns read retyped): said, so no one trusts it.
  const approximate = lines.some((line) => JSON_LINE_APPROXIMATE.test(line)) ? " (DuckDB's line number here is approximate)" : "";
  return `${what ? `${lines[0]!}: ${what}` : lines[0]!}${where}${approximate}`;
}

/** DuckDB's CSV error's first line, which names the row (`CSV Error on Line: 25001`). */
const CSV_ERROR_ROW = /^((?:[A-Z][A-Za-z ]* Error: )?CSV Error on Line: )(\d+)\b/;
/** One line of the settings DuckDB lists at the end of a CSV error: `  quote = " (Auto-Detected)`, `  file = data/x.csv`. */
const CSV_ERROR_SETTING = /^\s*([a-z_]+) = (.*?)(?: \((?:Auto-Detected|Set By User)\))?$/;

/**
 * The settings DuckDB lists at the end of a CSV error (`file`, `delimiter`, `quote`, …), by name: only that last block
 * of lines, since the row's values quoted above it (`Original Line: …`, a field holding line breaks) may hold lines of
 * the same shape (`  file = /dev/zero`), which are the data's, not the reader's.
 */
function csvErrorSettings(message: string): Map<string, string> {
  const lines = message.split("\n");
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === "") end--;
  // (an error met while a query was bound, such as a DESCRIBE of the reader, ends with that query's text and a caret under it)
  if (end > 1 && /^\s*\^\s*$/.test(lines[end - 1]!) && /^LINE \d+: /.test(lines[end - 2]!)) end -= 2;
  while (end > 0 && lines[end - 1]!.trim() === "") end--;
  const settings = new Map<string, string>();
  for (let i = end - 1; i >= 0; i--) {
    const setting = CSV_ERROR_SETTING.exec(lines[i]!);
    if (!setting) break;
    settings.set(setting[1]!, setting[2]!);
  }
  return settings;
}

/**
 * `message`, a DuckDB CSV error, naming the line of the file its row starts on: DuckDB counts rows, and a quoted field
 * holding line breaks (`"line one⏎line two"`) is one row over several lines, so every such field above the bad row put
 * its number below the line an editor shows it on. The file and its quoting are those the error lists below (`file = …`,
 * `quote = "`); any other message, or one whose file cannot be read or is compressed, as it is.
 */
function csvErrorAtFileLine(message: string): string {
  const row = CSV_ERROR_ROW.exec(message);
  const settings = row ? csvErrorSettings(message) : new Map<string, string>();
  const file = settings.get("file");
  // (a compressed file's bytes say nothing of its lines: DuckDB's row number stays)
  if (!row || file === undefined || /\.(?:gz|gzip|zst|zstd)$/i.test(file)) return message;
  // One byte each, or none: `(empty)`.
  const byte = (name: string) => {
    const value = settings.get(name);
    return value !== undefined && Buffer.byteLength(value) === 1 ? Buffer.from(value)[0] : undefined;
  };
  const delimiter = settings.get("delimiter");
  const line = csvLineOfRow(file, Number(row[2]), { quote: byte("quote"), escape: byte("escape"), comment: byte("comment"), ...(delimiter ? { delimiter } : {}) });
  return line === undefined ? message : message.replace(CSV_ERROR_ROW, `$1${line}`);
}

/** DuckDB's note, below a JSON reader's error, that the line or record it names may not be the one. */
const JSON_LINE_APPROXIMATE = /^If this error occurred during read_json, line\/object number information is approximate/;

/**
 * A bound number as DuckDB must get it: the client binds an integer as INTEGER or BIGINT, and one beyond
 * BIGINT (a bound of 1e19) is refused; up to 2^127 it is bound exactly as a HUGEINT, beyond as a DOUBLE.
 * A bigint (a whole number the contract wrote beyond 2^53, within HUGEINT) is bound as it is.
 */
function exactParameter(value: SqlParameter): DuckDBValue {
  return typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) && Math.abs(value) < 2 ** 127 ? BigInt(value) : value;
}

/**
 * The type a parameter is bound as where the client's own choice would not hold it: a number beyond HUGEINT as a
 * DOUBLE; a whole number above HUGEINT (u128's 2^128 - 1) as a UHUGEINT, which the client would bind as a HUGEINT
 * wrapped round to a negative number. Undefined: the client's choice.
 */
function parameterType(value: SqlParameter): DuckDBType | undefined {
  if (typeof value === "number" && Math.abs(value) >= 2 ** 127) return duckdb().DOUBLE;
  if (typeof value === "bigint" && value >= 2n ** 127n) return duckdb().UHUGEINT;
  return undefined;
}

/** The parsed type of each column with a FLOAT in it (a column, a list's items, a struct's field): only those are read for shortestFloatValue. */
function jsonFloatTypes(types: readonly DuckDBType[]): (ParsedType | undefined)[] {
  return types.map((type) => type.toString()).map((type) => (/\bFLOAT\b/.test(type) ? parseDuckDbType(type) : undefined));
}

/**
 * A FLOAT (also a list's item or a struct's field: `FLOAT[]`, `STRUCT(v FLOAT)`) as its shortest text reads
 * it: DuckDB gives a 4-byte float as the double it widens to (0.1 is 0.10000000149011612), PostgreSQL a
 * `real` as its shortest text (0.1). Any other value as it is.
 */
function shortestFloatValue(value: JsonValue, type: ParsedType | undefined): JsonValue {
  if (type === undefined || value === null) return value;
  if (type.kind === "list") return Array.isArray(value) ? value.map((item) => shortestFloatValue(item, type.item)) : value;
  if (type.kind === "struct") {
    if (typeof value !== "object" || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([name, field]) => [name, shortestFloatValue(field, type.fields.find((f) => f.name === name)?.type)]));
  }
  if (type.text !== "FLOAT" || typeof value !== "number") return value;
  // The fewest digits that read back as the same float; the nearest such decimal, as toPrecision rounds.
  for (let digits = 1; digits < 9; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === value) return shorter;
  }
  return Number(value.toPrecision(9));
}

/**
 * A number as its exact text (the JSON form's) where its double is another number; otherwise as it is. A DECIMAL
 * whose double is the number is that double read from its text: the client's own conversion, like DuckDB's cast,
 * is not the nearest double (a DECIMAL(38,30) 0.1 comes as 0.09999999999999999, which is not `mustBe: 0.1`).
 */
function exactWhereDoubleIsNot(value: JS, json: JsonValue | undefined): JS {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? value : value.toString();
  if (typeof value === "number" && typeof json === "string" && exactNumberText(json) !== undefined) return json;
  if (typeof value === "number" && typeof json === "string" && /^-?\d+(?:\.\d+)?$/.test(json)) return Number(json);
  return value;
}

/**
 * Measurements as plain numbers (counts come back as BIGINT/HUGEINT; a SQL rule's `max(big)` beyond 2^53 is
 * the nearest double, as on PostgreSQL, so comparators still apply), instants as ISO text.
 */
function toScalar(value: JS): ScalarValue {
  if (value === null || typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}
