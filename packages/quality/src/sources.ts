/**
 * Where an object's data is read: the contract's `servers` entry (`type: local` with `path` and `format`,
 * or `type: duckdb` with a `database` file, both read by DuckDB; or `type: postgres`, read on the server)
 * or a `data` override (a file, a folder of `<object>.<ext>` files, or a DuckDB database file). Paths in
 * the contract are relative to it. Without `--server`, the first local or duckdb server is used: a
 * postgres server (usually the production warehouse) is only connected to when it is named.
 */
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { CLI_OPTION_NAMES, type DataContract, type OptionNames as NamedOptions, type Server, isInsideFolder, OBJECT_PLACEHOLDERS, fillObjectPlaceholders, isMapping, ownValue, postgresServerAddress, serverTypeOf, toPointer } from "@meshkit/core";

export type FileFormat = "parquet" | "csv" | "json";

/** How a file is read: its format, and for CSV the delimiter its extension promises (`\t` for `.tsv`) rather than a sniffed one. */
export interface FileReading {
  format: FileFormat;
  delimiter?: string;
}

/**
 * One object's data: a file (or glob), or a problem that says why there is none. `exact`: the path names one
 * file as written, whose `*`, `?` or `[` are characters of its name (`orders[2024].csv`), not wildcards.
 */
export type FileLocation = ({ path: string; exact?: true } & FileReading) | { problem: string };

export type DuckDbSource =
  | {
      kind: "files";
      label: string;
      locate(object: { name: string; physicalName: string }): FileLocation;
      /** Why a file a glob matched is out of reach (a contract's server); undefined when it may be read. */
      confine?(path: string): string | undefined;
    }
  | { kind: "database"; label: string; path: string; schema?: string };

/** A `type: postgres` server: where to connect (credentials come from the environment, see postgres.ts). */
export interface PostgresSource {
  kind: "postgres";
  label: string;
  /** JSON pointer of the server entry, where a connection problem is reported. */
  pointer: string;
  host: string;
  port: number;
  database: string;
  /** The server's `schema`; default `public`. */
  schema: string;
  /** The contract's domain, where `meshkit provision` puts its tables: looked in when `schema` lacks one. */
  domainSchema?: string;
}

export type DataSource = DuckDbSource | PostgresSource;

export type SourceResolution = { ok: true; source: DuckDbSource } | { ok: false; problem: string; pointer: string };
export type DataSourceResolution = { ok: true; source: DataSource } | { ok: false; problem: string; pointer: string };

/** (core's, which provision reads the same server entries with) */
export { DEFAULT_POSTGRES_PORT } from "@meshkit/core";
export const DEFAULT_POSTGRES_SCHEMA = "public";

export interface SourceOptions {
  /** Folder of the contract file: server paths are relative to it. */
  baseDir: string;
  /** `--server`: a server name of the contract. */
  server?: string;
  /** `--data`: a file or folder overriding the servers. */
  data?: string;
  /** Names of the objects under test: a single `data` file is their data only, and only one may be named. */
  objects: readonly string[];
  /** For messages: paths are shown relative to it. Default: the process's working directory. */
  cwd?: string;
  /** How the caller's user names `server` and `data`, for messages; default `CLI_OPTION_NAMES`. */
  optionNames?: OptionNames;
}

/** How messages name the choice of a server and of data: the command line's flags, or the action's inputs. */
export type OptionNames = NamedOptions<"server" | "data">;

/** Data file extensions (compared without case), in the order a data folder's files of one object are listed. */
const READING_BY_EXTENSION: ReadonlyMap<string, FileReading> = new Map<string, FileReading>([
  [".parquet", { format: "parquet" }],
  [".pq", { format: "parquet" }],
  [".csv", { format: "csv" }],
  [".tsv", { format: "csv", delimiter: "\t" }],
  [".json", { format: "json" }],
  [".jsonl", { format: "json" }],
  [".ndjson", { format: "json" }],
]);
/** Compressions DuckDB's CSV and JSON readers undo by themselves (from the extension), with nothing to download. */
const COMPRESSION_EXTENSIONS = [".gz", ".zst"];
/** The readers' `compression` option value for each of COMPRESSION_EXTENSIONS. */
const COMPRESSION_BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  [".gz", "gzip"],
  [".zst", "zstd"],
]);
const DATABASE_EXTENSIONS = new Set([".duckdb", ".ddb", ".db"]);
const FORMAT_ALIASES: Record<string, FileFormat> = { parquet: "parquet", csv: "csv", json: "json", jsonl: "json", ndjson: "json" };
const KNOWN_EXTENSIONS = `${[...READING_BY_EXTENSION.keys()].join(", ")}, CSV and JSON also compressed (${COMPRESSION_EXTENSIONS.map((c) => `.csv${c}`).join(", ")}, …)`;

/**
 * How a file name's extension says to read it, with the name before it and the extension itself in lower case
 * (`orders.CSV.gz` → `orders`, `.csv`, csv); undefined when it names no data format. Parquet compresses inside the file, so `.parquet.gz` is none.
 */
function readingOfFileName(name: string): { stem: string; extension: string; reading: FileReading } | undefined {
  const lower = name.toLowerCase();
  const compression = COMPRESSION_EXTENSIONS.find((suffix) => lower.endsWith(suffix));
  const uncompressed = compression ? name.slice(0, -compression.length) : name;
  const extension = extname(uncompressed);
  const reading = READING_BY_EXTENSION.get(extension.toLowerCase());
  if (!reading || (compression && reading.format === "parquet")) return undefined;
  return { stem: uncompressed.slice(0, -extension.length), extension: extension.toLowerCase(), reading };
}
const GLOB_CHARACTERS = /[*?[]/;

/** The compression extension a file name ends with, in any case, as COMPRESSION_EXTENSIONS writes it (`.gz`). */
function compressionExtensionOf(file: string): string | undefined {
  return COMPRESSION_EXTENSIONS.find((suffix) => file.toLowerCase().endsWith(suffix));
}

/**
 * The `compression` option (`, compression = 'gzip'`) DuckDB's CSV and JSON readers need to read `files` (paths or
 * globs): they tell a compressed file only by its extension in lower case, and read `orders.CSV.GZ`'s gzip bytes as
 * text ("not utf-8 encoded"), though meshkit takes any case of an extension. Empty where the reader tells it itself
 * (every extension in lower case), and where the files are not all compressed alike (one option is for all of them).
 */
export function readerCompressionOption(files: readonly string[]): string {
  const extensions = new Set(files.map(compressionExtensionOf));
  const [extension] = extensions;
  if (extensions.size !== 1 || extension === undefined || files.every((file) => file.endsWith(extension))) return "";
  return `, compression = '${COMPRESSION_BY_EXTENSION.get(extension)}'`;
}

/**
 * A file of `files`, read as one table, that the readers would take for text: compressed, with its extension not in
 * lower case (`p2.CSV.GZ`), among files not all compressed alike, which no one `compression` option reads.
 */
export function unmarkedCompressedFile(files: readonly string[]): string | undefined {
  if (readerCompressionOption(files) !== "") return undefined;
  return files.find((file) => {
    const extension = compressionExtensionOf(file);
    return extension !== undefined && !file.endsWith(extension);
  });
}

/**
 * A file's path as a glob that matches only that file: DuckDB's readers expand `*`, `?` and `[` in every path
 * they are given (each of a list too), so `a[1].csv` would read `a1.csv`; each is written as a class of
 * itself (`a[[]1].csv`).
 */
export function exactGlob(path: string): string {
  return path.replace(/[*?[]/g, (character) => `[${character}]`);
}

/** The data of a DuckDB run: like resolveDataSource, but a postgres server is a problem. */
export function resolveDuckDbSource(contract: DataContract, options: SourceOptions): SourceResolution {
  const resolution = resolveDataSource(contract, options);
  if (!resolution.ok || resolution.source.kind !== "postgres") return resolution as SourceResolution;
  return { ok: false, problem: `server \`${resolution.source.label}\` is of type postgres; the DuckDB runner reads \`local\` files and \`duckdb\` databases`, pointer: resolution.source.pointer };
}

export function resolveDataSource(contract: DataContract, options: SourceOptions): DataSourceResolution {
  const show = (path: string) => displayPath(path, options.cwd ?? process.cwd());
  const optionNames = options.optionNames ?? CLI_OPTION_NAMES;
  // An entry that is not a mapping (`- null`, a string) is lint's schema-valid finding; here it is passed
  // over, keeping the others at their own index (the pointer of a finding).
  const servers = Array.isArray(contract.servers) ? contract.servers.map((s) => (isMapping(s) ? s : undefined)) : [];
  if (options.data !== undefined) {
    // A database file is read in the schema of the server it replaces (the one read without --data: the first
    // `local` or `duckdb` server), when that is a duckdb server's: a copy of the warehouse holds its tables there.
    const replaced = servers.find((s) => s !== undefined && (serverTypeOf(s) === "local" || serverTypeOf(s) === "duckdb"));
    const schema = replaced && serverTypeOf(replaced) === "duckdb" && typeof replaced.schema === "string" && replaced.schema !== "" ? replaced.schema : undefined;
    return resolveDataOverride(resolve(options.cwd ?? process.cwd(), options.data), options, show, schema);
  }
  const names = servers.flatMap((s) => (s ? [s.server] : [])).join(", ") || "none";
  let index: number;
  if (options.server !== undefined) {
    index = servers.findIndex((s) => s?.server === options.server);
    if (index === -1) return { ok: false, problem: `no server named \`${options.server}\` in the contract (servers: ${names})`, pointer: servers.length > 0 ? "/servers" : "" };
  } else {
    index = servers.findIndex((s) => s !== undefined && (serverTypeOf(s) === "local" || serverTypeOf(s) === "duckdb"));
    // Name the options: a newcomer told only to "pass a data file" passes the CSV as a path, which is read as a document.
    if (index === -1) return { ok: false, problem: `no \`local\` or \`duckdb\` server in the contract (servers: ${names}): add one (\`type: local\`, \`path: ./data/{model}.csv\`, \`format: csv\`), pass the data with ${optionNames.data} (a file or folder), or name a server with ${optionNames.server}`, pointer: servers.length > 0 ? "/servers" : "" };
  }
  const server = servers[index]!;
  const pointer = toPointer(["servers", index]);
  const label = server.server;
  const confined = contractConfinement(options, show);
  const type = serverTypeOf(server);
  if (type === "duckdb") {
    const database = server.database ?? server.path;
    if (database === undefined || database === "") return { ok: false, problem: `server \`${label}\` (duckdb) has no \`database\` path`, pointer };
    if (typeof database !== "string") return { ok: false, problem: `server \`${label}\` (duckdb) has \`database\` ${JSON.stringify(database)}; it must be a file path (text)`, pointer };
    const path = resolve(options.baseDir, database);
    const outside = confined(path);
    if (outside) return { ok: false, problem: `server \`${label}\`: ${outside}`, pointer };
    // At the server that names it: every object of the contract would otherwise repeat it.
    if (!existsSync(path)) return { ok: false, problem: `server \`${label}\` (duckdb): no such database file: ${show(path)}`, pointer };
    const notDatabase = notADatabaseFile(path, database);
    if (notDatabase !== undefined) return { ok: false, problem: `server \`${label}\` (duckdb): ${show(path)} ${notDatabase}`, pointer };
    return { ok: true, source: { kind: "database", label, path, ...(server.schema ? { schema: server.schema } : {}) } };
  }
  if (type === "postgres") return resolvePostgresServer(server, pointer, contract.domain);
  if (type !== "local") {
    return { ok: false, problem: `server \`${label}\` is of type ${server.type}; meshkit test reads \`local\` files, \`duckdb\` databases and \`postgres\` servers`, pointer };
  }
  return resolveLocalServer(server, options.baseDir, pointer, show, confined, optionNames);
}

/**
 * Why a duckdb server's existing `database` path is no database file to open, or undefined. DuckDB itself says
 * only "Cannot launch in-memory database in read-only mode!" for a data file it would read as a table (its
 * extension `.parquet`, `.csv`, `.json`), and "Is a directory" for a folder: both are a `type: local` server's data.
 */
function notADatabaseFile(path: string, written: string): string | undefined {
  const local = (format: string) => `read it with a server of \`type: local\` (\`path: ${written}\`${format})`;
  if (statSync(path).isDirectory()) return `is a folder, not a DuckDB database file: ${local("")}`;
  const reading = readingOfFileName(basename(path))?.reading;
  if (reading !== undefined) return `is a ${reading.format} file, not a DuckDB database file: ${local(`, \`format: ${reading.format}\``)}`;
  return undefined;
}

/**
 * Why a path a contract names is out of its reach, or undefined when it is inside the contract's own
 * folder or the working directory (the repository, in CI), symlinks followed. A contract comes with a
 * pull request: its server must not make DuckDB read /proc/self/environ or ~/.ssh and show the rows in
 * samples. `--data` is the caller's own choice and is not confined.
 */
function contractConfinement(options: SourceOptions, show: (path: string) => string): Confinement {
  const cwd = options.cwd ?? process.cwd();
  const roots = [cwd, options.baseDir].map(realPath);
  return (path, glob = false) => {
    // (a file's own path is held to the rule as it is: a checkout folder named `repo[1]` is no wildcard)
    const real = realPath(glob ? fixedPart(path) : path);
    const root = roots.find((folder) => isInsideFolder(real, folder));
    if (root === undefined) {
      return `${show(path)} is outside the project: a contract's data must be inside its own folder or the working directory (${show(cwd) || "."}); pass ${(options.optionNames ?? CLI_OPTION_NAMES).data} to test data elsewhere`;
    }
    // .git holds the checkout's credentials (actions/checkout's extraheader) and hooks: never a contract's data.
    // (in any case: `.GIT` is the same folder on case-insensitive file systems)
    if (relative(root, real).split(sep).some((part) => part.toLowerCase() === ".git")) return `${show(path)} is inside a .git folder: a contract's data cannot be read from there`;
    return undefined;
  };
}

/** Why a path (a glob: the files it may match) is out of a contract's reach; undefined when it may be read. */
type Confinement = (path: string, glob?: boolean) => string | undefined;

/** The path up to a glob's first wildcard (DuckDB expands the rest). */
function fixedPart(path: string): string {
  const wildcard = path.search(/[*?[]/);
  return wildcard === -1 ? path : dirname(path.slice(0, wildcard + 1));
}

/** The path with symlinks resolved, as far as it exists. */
function realPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realPath(parent), relative(parent, absolute));
  }
}


function resolvePostgresServer(server: Server, pointer: string, domain: unknown): DataSourceResolution {
  const label = server.server;
  // Read as provision reads it; every connection message names the host and the database, so one carrying a password is refused.
  const read = postgresServerAddress(label, server);
  if (!read.ok) return { ok: false, problem: read.problem, pointer };
  const schema = typeof server.schema === "string" && server.schema !== "" ? server.schema : DEFAULT_POSTGRES_SCHEMA;
  const domainSchema = typeof domain === "string" && domain !== "" && domain !== schema ? { domainSchema: domain } : {};
  return { ok: true, source: { kind: "postgres", label, pointer, ...read.address, schema, ...domainSchema } };
}

function resolveLocalServer(server: Server, baseDir: string, pointer: string, show: (path: string) => string, confined: Confinement, names: OptionNames): SourceResolution {
  const label = server.server;
  if (server.path === undefined || server.path === "") return { ok: false, problem: `server \`${label}\` (local) has no \`path\``, pointer };
  if (typeof server.path !== "string") return { ok: false, problem: `server \`${label}\` (local) has \`path\` ${JSON.stringify(server.path)}; it must be a file, folder or glob (text)`, pointer };
  const declared = typeof server.format === "string" ? ownValue(FORMAT_ALIASES, server.format.trim().toLowerCase()) : undefined;
  if (server.format !== undefined && !declared) return { ok: false, problem: `server \`${label}\` has format \`${typeof server.format === "string" ? server.format : JSON.stringify(server.format)}\`; the DuckDB runner reads parquet, csv and json`, pointer };
  const serverPath = server.path;
  const template = resolve(baseDir, serverPath);
  return {
    ok: true,
    source: {
      kind: "files",
      label,
      confine: confined,
      locate(object) {
        // `{model}` is the datacontract-cli spelling; `{object}` the ODCS word for a schema entry: its `name`.
        // An object's name may hold `../`: the path is checked after it is put in. Only the server's own
        // `path` has wildcards: a name's `*`, `?` and `[` are its characters (`orders[2024]`), escaped in a glob.
        // (the contract's own `path`: a checkout folder named `repo[1]` holds no wildcard)
        const glob = GLOB_CHARACTERS.test(serverPath.replace(OBJECT_PLACEHOLDERS, ""));
        const path = resolve(fillObjectPlaceholders(template, glob ? exactGlob(object.name) : object.name));
        const outside = confined(path, glob);
        if (outside) return { problem: outside };
        if (!glob && existsSync(path) && statSync(path).isDirectory()) {
          // The folder is inside; the object's file in it may still be a symbolic link out.
          const found = locateInFolder(path, object, show, baseDir, names);
          const escaped = "path" in found ? confined(found.path) : undefined;
          return escaped ? { problem: escaped } : found;
        }
        const named = readingOfFileName(basename(path))?.reading;
        // (a `.tsv` keeps its tab under `format: csv`)
        const reading = declared && declared !== named?.format ? { format: declared } : named;
        if (!reading) return { problem: `cannot tell the format of ${show(path)}: set the server's \`format\` (parquet, csv or json)` };
        return checkFile(path, reading, show, !glob);
      },
    },
  };
}

function resolveDataOverride(path: string, options: SourceOptions, show: (path: string) => string, schema: string | undefined): SourceResolution {
  const label = `data:${show(path)}`;
  if (!existsSync(path)) {
    // (`--data 'parts/*.csv'`, or the action's `data` input, which no shell expands)
    const glob = GLOB_CHARACTERS.test(basename(path)) ? `; ${(options.optionNames ?? CLI_OPTION_NAMES).data} takes one file or folder, not a glob: to read several files as one table, give a server a glob \`path\`` : "";
    return { ok: false, problem: `no such file or folder: ${show(path)}${glob}`, pointer: "" };
  }
  if (statSync(path).isDirectory()) return { ok: true, source: { kind: "files", label, locate: (object) => locateInFolder(path, object, show, options.baseDir, options.optionNames ?? CLI_OPTION_NAMES) } };
  if (DATABASE_EXTENSIONS.has(extname(path).toLowerCase())) return { ok: true, source: { kind: "database", label, path, ...(schema !== undefined ? { schema } : {}) } };
  const reading = readingOfFileName(basename(path))?.reading;
  if (!reading) return { ok: false, problem: `cannot tell the format of ${show(path)} from its extension: use ${KNOWN_EXTENSIONS}, or .duckdb for a database`, pointer: "" };
  if (options.objects.length > 1) {
    return { ok: false, problem: `${show(path)} is one file but ${options.objects.length} objects are tested: pass a folder of <object>.<ext> files, or select one object`, pointer: "" };
  }
  const locate = (object: { name: string }): FileLocation =>
    options.objects.includes(object.name) ? checkFile(path, reading, show, true) : { problem: `${show(path)} holds the data of \`${options.objects[0]}\` only` };
  return { ok: true, source: { kind: "files", label, locate } };
}

function locateInFolder(folder: string, object: { name: string; physicalName: string }, show: (path: string) => string, baseDir: string, names: OptionNames): FileLocation {
  const stems = [...new Set([object.name, object.physicalName])];
  // Only files directly in the folder are an object's data (a name such as `../../x` is no file's stem here).
  const dataFiles = readdirSync(folder).flatMap((file) => {
    const named = readingOfFileName(file);
    return named ? [{ file, ...named, order: [...READING_BY_EXTENSION.keys()].indexOf(named.extension) }] : [];
  });
  for (const stem of stems) {
    const found = dataFiles.filter((candidate) => candidate.stem === stem).sort((a, b) => a.order - b.order || a.file.localeCompare(b.file));
    // Two files of one object (a stale orders.parquet beside a new orders.csv) would be tested by the order of
    // the extensions here, silently: which one is the data is the caller's to say.
    if (found.length > 1) return { problem: `several data files for \`${object.name}\` in ${show(folder)}: ${found.map(({ file }) => file).join(", ")}; keep one, or pass the file with ${names.data}` };
    if (found.length === 1) return checkFile(join(folder, found[0]!.file), found[0]!.reading, show, true);
  }
  // The stem is the name as written (a contract's names are exact, and so are Linux's files): one in another case is said, not read.
  const cased = dataFiles.filter((candidate) => stems.some((stem) => candidate.stem.toLowerCase() === stem.toLowerCase())).map(({ file }) => file);
  const casedHint = cased.length > 0 ? `; ${cased.join(", ")} ${cased.length > 1 ? "differ" : "differs"} in case only: rename ${cased.length > 1 ? "one" : "it"} to ${stems[0]} with its extension` : "";
  return { problem: `no data file for \`${object.name}\` in ${show(folder)} (looked for ${stems[0]} with ${KNOWN_EXTENSIONS})${casedHint}${partFilesHint(folder, stems, show, baseDir)}` };
}

/** How deep partFilesHint looks for a dataset's part files (`domain=x/date=y/part-0.parquet` is two folders down). */
const PART_FILES_DEPTH = 4;

/**
 * Where a folder read as `<object>.<ext>` files holds a dataset's part files instead (Spark's or a warehouse
 * export's `orders/part-00000.parquet`, hive partitions `orders/date=2024-01-01/part-0.csv`) — in the folder
 * itself (a server `path: ./data/{model}/`) or in a subfolder named like the object (`--data data/`) — the
 * advice to read them as one table with a glob; "" when there is none. Files and folders named `.x` or `_x` are
 * bookkeeping (`_SUCCESS`, `_temporary/`, `.part-0.crc`), as Spark and Hive name them. The glob is written from
 * `baseDir`, the contract's folder, as a server's `path` is read: one from the working directory would be read
 * from the contract's folder again (`domains/sales/domains/sales/data/…`) when the contract is not in it.
 */
function partFilesHint(folder: string, stems: readonly string[], show: (path: string) => string, baseDir: string): string {
  // (the folder itself only when it is named like the object: a `--data` folder's own files are other objects' data)
  const datasets = [...stems.map((stem) => join(folder, stem)), ...(stems.includes(basename(folder)) ? [folder] : [])];
  for (const dataset of datasets) {
    const found = partFileBelow(dataset, 0);
    if (found === undefined) continue;
    const fromContract = relative(baseDir, dataset).split(sep).join("/");
    const glob = [fromContract === "" || fromContract.startsWith("..") ? fromContract || "." : `./${fromContract}`, ...Array.from({ length: found.depth }, () => "*"), `*${found.suffix}`].join("/");
    return `; ${show(dataset) || "."} is a folder of part files (${show(found.path)}): to read them as one table, give a server a glob \`path\` that matches them (\`${glob}\`, from the contract's folder)`;
  }
  return "";
}

/** The first data file below `folder` (its path, how many folders down, its extension with any compression), skipping bookkeeping names. */
function partFileBelow(folder: string, depth: number): { path: string; depth: number; suffix: string } | undefined {
  let entries;
  try {
    if (!statSync(folder).isDirectory()) return undefined;
    entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    const named = entry.isFile() ? readingOfFileName(entry.name) : undefined;
    if (named) return { path: join(folder, entry.name), depth, suffix: entry.name.slice(named.stem.length) };
  }
  if (depth >= PART_FILES_DEPTH) return undefined;
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    const found = partFileBelow(join(folder, entry.name), depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * A plain path must be a readable file; a glob is left to DuckDB, which says when it matches nothing. An `exact`
 * path is one file whatever its characters (a file found in a folder, `--data`, a server path without wildcards).
 */
function checkFile(path: string, reading: FileReading, show: (path: string) => string, exact = false): FileLocation {
  const glob = GLOB_CHARACTERS.test(path);
  if (glob && !exact) return { path, ...reading };
  if (!existsSync(path)) return { problem: `no such file: ${show(path)}` };
  if (!statSync(path).isFile()) return { problem: `not a file: ${show(path)}` };
  return { path, ...reading, ...(glob ? { exact: true as const } : {}) };
}

/** A path relative to `cwd` when it is inside it, otherwise absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
