/**
 * The PostgreSQL runner: the same checks as on DuckDB, run on a real server named by a contract's
 * `servers` entry of `type: postgres` (host, port, database, schema).
 *
 * Credentials never come from the contract: the user is read from `MESHKIT_POSTGRES_USER`, else libpq's
 * `PGUSER`; the password from `MESHKIT_POSTGRES_PASSWORD`, else `PGPASSWORD` (else `~/.pgpass`, as `pg`
 * reads it). TLS follows libpq's `PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCERT` and `PGSSLKEY` (core's postgres-connection.ts). The
 * password is never part of a message: connection errors are reduced to one line naming host:port/database
 * and the user, with the password scrubbed anyway.
 *
 * Everything runs in ONE transaction, `REPEATABLE READ, READ ONLY`, so every check sees the same snapshot
 * and nothing can write even if a query got past the SQL guard (`default_transaction_read_only` is on for
 * the session too). Each query runs under a savepoint, so one failing check does not abort the others, and
 * under `statement_timeout`. Queries always use the extended protocol, which refuses a text holding more
 * than one statement. The session's `search_path` is the server's schema, so SQL rules name their tables
 * as they do in the warehouse, and its time zone is UTC.
 */
import pg from "pg";
import {
  type JsonValue,
  type PostgresCredentials,
  type PostgresTlsSettings,
  PostgresConnectError,
  checkCredentialHost,
  connectPostgres,
  firstErrorLine,
  postgresTlsFromEnv,
  readMaskedColumnNote,
  scrubSecret,
} from "@meshkit/core";
import type { ObjectPlan } from "./checks.js";
import type { CompiledQuery, SqlParameter } from "./compile.js";
import { getDialect } from "./dialects.js";
import { type ColumnInfo, DataSourceError, type DescribedRelation, type MaskedColumn, type QueryExecutor, type ScalarValue, qualifiedNameHint } from "./engine.js";
import { exactNumberText } from "./values.js";

export const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/**
 * How much longer than statement_timeout meshkit waits for a server's answer: the server cancels a slow query
 * itself, but a stalled server or network never answers, and the connection's keepalive would take hours.
 */
export const READ_GRACE_MS = 10_000;

/** Where the data is: a contract's postgres server entry. */
export interface PostgresTarget {
  /** The server's name in the contract, for messages. */
  label: string;
  host: string;
  port: number;
  database: string;
  /** The schema the objects' tables are in. */
  schema: string;
  /**
   * The schema of the contract's domain, where `meshkit provision` creates the tables: a table that is
   * not in `schema` is looked for there, so that provisioned data is tested where it was provisioned.
   */
  domainSchema?: string;
}

export interface PostgresOptions {
  /** Longest a single query may run; default 60 s. */
  statementTimeoutMs?: number;
  /** Longest connecting may take; default 10 s. */
  connectTimeoutMs?: number;
  /** How much longer than the statement timeout a query may go without any answer; default READ_GRACE_MS. */
  readGraceMs?: number;
  /** TLS as libpq's variables ask for it (postgresTlsFromEnv); default: the process's environment. */
  tls?: PostgresTlsSettings;
}

export interface PostgresExecutor extends QueryExecutor {
  /** Ends the transaction (nothing was written) and the connection. */
  close(): Promise<void>;
}

const postgresDialect = getDialect("postgres");

/**
 * SQL naming a user-defined type's kind before its name (`enum order_status`, `composite address`), for the
 * pg_type row aliased `alias`: a type name alone (`order_status`) has no family, so an enum column declared
 * `string` or a composite declared `object` was a type mismatch. Other types are named as they are.
 */
const USER_TYPE_KIND = (alias: string) => `(CASE ${alias}.typtype WHEN 'e' THEN 'enum ' WHEN 'c' THEN 'composite ' ELSE '' END)`;

/**
 * The columns of the relation `$1.$2` (schema, name) in order: name, type name, whether the user may read it.
 *
 * A domain is named as the type it is over, through domains over domains (`typbasetype` names the next type
 * down, `typtypmod` the modifier it applies: `CREATE DOMAIN email AS varchar(100)` is `character varying(100)`),
 * and so is an array's element (`email[]` is `character varying(100)[]`, `posint[]` `integer[]`): a domain's own
 * name has no family, and a column of a domain over a domain, or an array of a domain, was a type mismatch.
 * A type of the system's is named by `format_type` with its modifier (`numeric(12,2)`, `character varying(20)[]`);
 * a user-defined one by its kind and name (USER_TYPE_KIND).
 */
const COLUMN_TYPES_SQL = `WITH RECURSIVE
  col AS (
    SELECT a.attnum, a.attname, a.atttypid AS typ, a.atttypmod AS typmod, has_column_privilege(a.attrelid, a.attnum, 'SELECT') AS readable,
      CASE WHEN c.relkind = 'v' THEN pg_catalog.col_description(a.attrelid, a.attnum) END AS view_comment
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = $1 AND c.relname = $2),
  down (attnum, typ, typmod) AS (
    SELECT attnum, typ, typmod FROM col
    UNION ALL SELECT d.attnum, t.typbasetype, t.typtypmod FROM down d JOIN pg_catalog.pg_type t ON t.oid = d.typ AND t.typtype = 'd'),
  base AS (SELECT d.attnum, d.typ, d.typmod FROM down d JOIN pg_catalog.pg_type t ON t.oid = d.typ AND t.typtype <> 'd'),
  element_down (attnum, typ, typmod) AS (
    SELECT b.attnum, t.typelem, b.typmod FROM base b JOIN pg_catalog.pg_type t ON t.oid = b.typ WHERE t.typcategory = 'A' AND t.typelem <> 0
    UNION ALL SELECT d.attnum, t.typbasetype, t.typtypmod FROM element_down d JOIN pg_catalog.pg_type t ON t.oid = d.typ AND t.typtype = 'd'),
  element AS (SELECT d.attnum, d.typ, d.typmod FROM element_down d JOIN pg_catalog.pg_type t ON t.oid = d.typ AND t.typtype <> 'd')
SELECT col.attname,
  CASE WHEN b.typnamespace = 'pg_catalog'::regnamespace THEN format_type(b.oid, base.typmod)
    WHEN e.oid IS NOT NULL AND e.typnamespace = 'pg_catalog'::regnamespace THEN format_type(e.oid, element.typmod) || '[]'
    WHEN e.oid IS NOT NULL THEN ${USER_TYPE_KIND("e")} || e.typname || '[]'
    ELSE ${USER_TYPE_KIND("b")} || b.typname END,
  col.readable, col.view_comment
FROM col JOIN base ON base.attnum = col.attnum JOIN pg_catalog.pg_type b ON b.oid = base.typ
LEFT JOIN element ON element.attnum = col.attnum LEFT JOIN pg_catalog.pg_type e ON e.oid = element.typ
ORDER BY col.attnum`;

/**
 * A column `meshkit provision` masks in its view for readers not approved for sensitive data (`<domain>_safe.<table>`),
 * known by the note provision ends its comment with (core's maskedColumnNote): its values are not the data's, so
 * the checks that read them are not run on it (engine.ts); undefined for any other column.
 */
export function maskedViewColumn(comment: string | null, schema: string, view: string): MaskedColumn | undefined {
  const note = comment === null ? undefined : readMaskedColumnNote(comment);
  if (!note) return undefined;
  const digest = note.masking === "sha256";
  return { digest, note: `masked in the view \`${schema}.${view}\` (${note.classification}: ${digest ? "the SHA-256 digest of each value" : "always NULL"}, for readers not approved for it): test \`${note.table}\` as a role approved for it` };
}

/** Every value as PostgreSQL's text: `toScalar`/`toJson` convert by the column's type. */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

// Type OIDs (pg_type.oid; fixed for built-in types).
const BOOL = 16;
const INT8 = 20;
const INT2 = 21;
const INT4 = 23;
const OID = 26;
const JSON_OID = 114;
const FLOAT4 = 700;
const FLOAT8 = 701;
const NUMERIC = 1700;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const JSONB = 3802;
/** Integer and exact numeric types, whose text may hold more than a double. */
const NUMBER_TYPES: ReadonlySet<number> = new Set([INT8, NUMERIC]);

/**
 * Connects to `target` and opens the read-only transaction. Throws a DataSourceError (one line, no
 * secret) when the server cannot be reached, refuses the credentials, has no such database, or the
 * session cannot be made read-only.
 */
export async function openPostgres(target: PostgresTarget, credentials: PostgresCredentials, options: PostgresOptions = {}): Promise<PostgresExecutor> {
  const statementTimeoutMs = positiveInteger(options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS, "statementTimeoutMs");
  const connectTimeoutMs = positiveInteger(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, "connectTimeoutMs");
  const readTimeoutMs = statementTimeoutMs + positiveInteger(options.readGraceMs ?? READ_GRACE_MS, "readGraceMs");
  const where = `${target.host}:${target.port}/${target.database}`;
  // Before anything is sent: the host may come from a pull request's contract.
  checkCredentialHost("the PostgreSQL server", target.host, target.port);
  const secret = credentials.password;
  let client: pg.Client;
  try {
    client = await connectPostgres({ ...target, ...credentials }, { tls: options.tls ?? postgresTlsFromEnv(process.env), connectTimeoutMs }, (connection) =>
      new pg.Client({
        ...connection,
        // Client-side: a query with no answer at all (see READ_GRACE_MS) fails, and the runner gives the connection up.
        query_timeout: readTimeoutMs,
        keepAlive: true,
        application_name: "meshkit contract-test",
      } as pg.ClientConfig),
    );
  } catch (error) {
    throw error instanceof PostgresConnectError ? new DataSourceError(error.message) : error;
  }
  try {
    await client.query({
      // extra_float_digits 1 (the default): a float's text is its shortest exact one (samples, multipleOf), not 6 or 15 digits.
      text: "SELECT set_config('statement_timeout', $1, false), set_config('TimeZone', 'UTC', false), set_config('extra_float_digits', '1', false), set_config('search_path', $2, false), set_config('default_transaction_read_only', 'on', false)",
      values: [String(statementTimeoutMs), [target.schema, ...(target.domainSchema ? [target.domainSchema] : [])].map((s) => postgresDialect.quoteIdentifier(s)).join(", ")],
    });
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    // A first query takes the snapshot: from here on the transaction cannot be made read-write.
    const readOnly = await client.query<{ ro: string }>("SELECT current_setting('transaction_read_only') AS ro");
    if (readOnly.rows[0]?.ro !== "on") throw new Error("the transaction is not read-only");
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new DataSourceError(scrubSecret(`Cannot open a read-only session on PostgreSQL server \`${target.label}\` at ${where}: ${firstErrorLine(error)}`, secret));
  }
  return new PostgresRunner(client, target, secret, statementTimeoutMs, readTimeoutMs);
}

class PostgresRunner implements PostgresExecutor {
  readonly dialect = postgresDialect;
  readonly parameters = "bound" as const;
  private closed = false;
  /** Why the connection was given up, when the server stopped answering. */
  private stalled: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: pg.Client,
    private readonly target: PostgresTarget,
    private readonly secret: string | undefined,
    private readonly statementTimeoutMs: number,
    private readonly readTimeoutMs: number,
  ) {}

  /**
   * The object's columns, from pg_catalog (information_schema leaves out materialized views, and the
   * columns the user may not read): tables, views, materialized views, partitioned and foreign tables.
   * A relation or declared column that exists but may not be read is a permission error, not a missing one.
   */
  async describe(object: ObjectPlan): Promise<DescribedRelation> {
    let { schema } = this.target;
    const table = object.physicalName;
    const where = `PostgreSQL server \`${this.target.label}\` (${this.where()})`;
    let rows: (string | null)[][];
    try {
      const find = async (inSchema: string) =>
        (
          await this.rows({
            sql:
              "SELECT current_user, has_schema_privilege(n.oid, 'USAGE'), has_table_privilege(c.oid, 'SELECT') FROM pg_catalog.pg_class c " +
              "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'v', 'm', 'p', 'f')",
            params: [inSchema, table],
          })
        )[0];
      let relation = await find(schema);
      const { domainSchema } = this.target;
      if (!relation && domainSchema) {
        relation = await find(domainSchema);
        if (relation) schema = domainSchema;
      }
      if (!relation) throw await this.missingRelation(schema, table, domainSchema);
      const [user, schemaUsage, tableSelect] = relation;
      // `meshkit provision` grants readers not approved for sensitive data its masked view `<schema>_safe.<table>`
      // only: one this user may read is what to test instead.
      const safeSchema = `${schema}_safe`;
      const safe = async () => {
        const view = await find(safeSchema);
        return view?.[1] === "t" && view[2] === "t" ? `; \`${user}\` may read the masked view \`${safeSchema}.${table}\` that meshkit provision makes for readers not approved for sensitive data: write \`schema: ${safeSchema}\` to test that` : "";
      };
      const denied = async (on: string, grant: string) =>
        new DataSourceError(`Permission denied for \`${user}\` on ${on} of ${where}: it exists, but \`${user}\` may not read it (${grant})${await safe()}`);
      if (schemaUsage !== "t") throw await denied(`schema \`${schema}\``, `GRANT USAGE ON SCHEMA … TO …`);
      rows = await this.rows({ sql: COLUMN_TYPES_SQL, params: [schema, table] });
      const qualified = `\`${schema}.${table}\``;
      rows = rows.map(([name, ...rest]) => [declaredNameOf(String(name), object), ...rest]);
      if (tableSelect !== "t") {
        const readable = rows.filter((r) => r[2] === "t").map((r) => String(r[0]));
        const declared = new Set(object.properties.map((p) => p.column));
        const unreadable = rows.filter((r) => r[2] !== "t" && declared.has(String(r[0]))).map((r) => `\`${String(r[0])}\``);
        if (readable.length === 0) throw await denied(`table ${qualified}`, `GRANT SELECT ON … TO …`);
        if (unreadable.length > 0) throw await denied(`column${unreadable.length === 1 ? "" : "s"} ${unreadable.join(", ")} of ${qualified}`, `GRANT SELECT (${unreadable.length === 1 ? "column" : "columns"}) ON … TO …`);
      }
    } catch (error) {
      if (error instanceof DataSourceError) throw error;
      throw new DataSourceError(this.scrub(`Cannot read \`${object.name}\` from ${where}: ${firstErrorLine(error)}`));
    }
    const columns: ColumnInfo[] = rows.map(([name, type, , viewComment]) => {
      const masked = maskedViewColumn(viewComment ?? null, schema, table);
      return { name: String(name), type: withDeclaredDimensions(String(type), declaredArrayDimensions(object, String(name))), ...(masked ? { masked } : {}) };
    });
    return { relation: [schema, table], columns };
  }

  /**
   * Why the table is not found, saying what there is instead: the schema's tables (and the one of them named
   * like the table but for case, since names are matched exactly), or, when the schema itself does not exist,
   * that, with the schema named like it but for case or the server's schemas. An absent schema's "tables: none"
   * read as an empty schema of that name.
   */
  private async missingRelation(schema: string, table: string, domainSchema: string | undefined): Promise<DataSourceError> {
    const names = async (sql: string, params: string[]) => (await this.rows({ sql, params })).map((row) => String(row[0]));
    const sameButCase = (found: string[]) => (found[0] === undefined ? "" : `; did you mean \`${found[0]}\`? (names are matched exactly)`);
    const list = (found: string[]) => (found.length === 0 ? "none" : found.length > 20 ? `${found.slice(0, 20).join(", ")}, …` : found.join(", "));
    const schemaExists = (await names("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = $1", [schema])).length > 0;
    let detail: string;
    if (schemaExists) {
      const relations = "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p', 'f')";
      // Partitions are left out of the list: a table partitioned by day has hundreds, which would fill it and hide the
      // schema's other tables (the partitioned table itself is listed).
      const tables = await names(`SELECT c.relname ${relations} AND NOT c.relispartition ORDER BY 1 LIMIT 21`, [schema]);
      detail = `tables: ${list(tables)}${sameButCase(await names(`SELECT c.relname ${relations} AND lower(c.relname) = lower($2) ORDER BY 1 LIMIT 1`, [schema, table]))}`;
    } else {
      const schemas = "FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'";
      const similar = await names(`SELECT nspname ${schemas} AND lower(nspname) = lower($1) ORDER BY 1 LIMIT 1`, [schema]);
      detail = `there is no schema \`${schema}\`${similar.length > 0 ? sameButCase(similar) : `; schemas: ${list(await names(`SELECT nspname ${schemas} ORDER BY 1 LIMIT 21`, []))}`}`;
    }
    const alsoDomain = domainSchema ? ` (nor in schema \`${domainSchema}\`, the contract's domain, where meshkit provision creates tables)` : "";
    return new DataSourceError(`No table \`${table}\` in schema \`${schema}\`${alsoDomain} of PostgreSQL server \`${this.target.label}\` (${this.where()}; ${detail})${await qualifiedNameHint(table, (inSchema, name) => this.relationExists(inSchema, name), this.target.database)}`);
  }

  private async relationExists(schema: string, table: string): Promise<boolean> {
    const found = await this.rows({
      sql: "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'v', 'm', 'p', 'f')",
      params: [schema, table],
    });
    return found.length > 0;
  }

  async queryValues(query: CompiledQuery): Promise<ScalarValue[][]> {
    const result = await this.run(query);
    return result.rows.map((row) => row.map((value, i) => toScalar(value, result.fields[i]?.dataTypeID ?? 0)));
  }

  async queryTypedValues(query: CompiledQuery): Promise<{ rows: ScalarValue[][]; types: string[] }> {
    const result = await this.run(query);
    const oids = result.fields.map((field) => field.dataTypeID);
    // The server names its types (domains, enums and extension types have OIDs of their own).
    const named = await this.rows({ sql: "SELECT format_type(t, NULL) FROM unnest($1::oid[]) WITH ORDINALITY AS u(t, n) ORDER BY n", params: [`{${oids.join(",")}}`] }).catch(() => []);
    const types = oids.map((oid, i) => String(named[i]?.[0] ?? `oid ${oid}`));
    // A number its double is not (a bigint beyond 2^53, a wide numeric) stays the text the server wrote: a SQL rule compares it exactly.
    const exactOrScalar = (value: string | null, oid: number) => (value !== null && NUMBER_TYPES.has(oid) && exactNumberText(value) !== undefined ? value : toScalar(value, oid));
    return { rows: result.rows.map((row) => row.map((value, i) => exactOrScalar(value, oids[i] ?? 0))), types };
  }

  async queryJson(query: CompiledQuery): Promise<JsonValue[][]> {
    const result = await this.run(query);
    const oids = result.fields.map((field) => field.dataTypeID);
    const elements = await this.arrayElements(oids);
    return result.rows.map((row) => row.map((value, i) => toJson(value, oids[i] ?? 0, elements)));
  }

  /**
   * The element type (through domains) of each array type among `oids` that toJson does not know already: an
   * array of an enum, of a domain, of an extension's type (`citext[]`), or a domain over an array, whose text
   * (`{sad,ok}`) a sample shows as a list, as DuckDB shows a LIST. Empty when there is none, or on an error.
   */
  private async arrayElements(oids: readonly number[]): Promise<ReadonlyMap<number, ArrayElement>> {
    const unknown = [...new Set(oids)].filter((oid) => ARRAY_ELEMENTS[oid] === undefined && !SCALAR_TYPES.has(oid));
    if (unknown.length === 0) return new Map();
    const rows = await this.rows({ sql: ARRAY_ELEMENTS_SQL, params: [`{${unknown.join(",")}}`] }).catch(() => []);
    return new Map(rows.map(([array, element, delimiter]) => [Number(array), { type: Number(element), delimiter: String(delimiter) }]));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.query("ROLLBACK").catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }

  private where(): string {
    return `${this.target.host}:${this.target.port}/${this.target.database}`;
  }

  private scrub(message: string): string {
    return scrubSecret(message, this.secret);
  }

  private async rows(query: CompiledQuery): Promise<(string | null)[][]> {
    return (await this.run(query)).rows;
  }

  /** One statement under a savepoint, so an error (or a timeout) leaves the transaction usable for the next check. */
  /**
   * One query at a time: each runs inside its own savepoint, so that an error rolls back only that
   * query, and two interleaved on the one connection would share the transaction's fate.
   */
  private run(query: CompiledQuery): Promise<pg.QueryArrayResult<(string | null)[]>> {
    const result = this.queue.then(() => this.runNow(query));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(query: CompiledQuery): Promise<pg.QueryArrayResult<(string | null)[]>> {
    if (this.closed) throw new Error(this.stalled ?? "the PostgreSQL connection is closed");
    try {
      await this.client.query("SAVEPOINT meshkit_check");
      const config: pg.QueryArrayConfig & { queryMode: "extended" } = { text: query.sql, values: query.params.map(exactParameter), rowMode: "array", types: TEXT_TYPES, queryMode: "extended" };
      const result = await this.client.query<(string | null)[]>(config);
      await this.client.query("RELEASE SAVEPOINT meshkit_check");
      return result;
    } catch (error) {
      // No answer within statement_timeout and a grace: the server or the network stalled. The connection is
      // given up (pg would queue every later query behind the silent one): each check left is an error, now.
      if (error instanceof Error && error.message === "Query read timeout") {
        this.stalled = `no answer from the PostgreSQL server within ${this.readTimeoutMs / 1000} s (the server or the network stalled); the connection was closed`;
        this.closed = true;
        (this.client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        throw new Error(this.stalled);
      }
      await this.client.query("ROLLBACK TO SAVEPOINT meshkit_check").catch(() => undefined);
      // The server stopped the query at statement_timeout: said as the DuckDB runner says it, with the limit
      // (--query-timeout) that stopped it, not as "canceling statement due to statement timeout".
      if (isStatementTimeout(error)) throw new Error(`the query ran longer than ${this.statementTimeoutMs / 1000} s and was stopped`);
      throw new Error(this.scrub(firstErrorLine(error)));
    }
  }
}

/**
 * PostgreSQL's query_canceled (57014) for statement_timeout; the same code with another message is a cancel
 * from elsewhere (pg_cancel_backend, a shutdown), which keeps the server's words.
 */
function isStatementTimeout(error: unknown): boolean {
  return (error as { code?: unknown })?.code === "57014" && /statement timeout/.test(firstErrorLine(error));
}

/**
 * How many dimensions the contract declares for `column`'s arrays: 1, and one more for each level of `items`
 * that is itself declared an array (`items: { logicalType: array, items: … }`, a `physicalType` of `integer[][]`).
 */
function declaredArrayDimensions(object: ObjectPlan, column: string): number {
  let dimensions = 1;
  for (const check of object.checks) {
    const measure = check.measure;
    if (measure.kind !== "columnType" || measure.column !== column || measure.expected !== "array") continue;
    const steps = measure.steps ?? [];
    if (steps.every((step) => step.kind === "items")) dimensions = Math.max(dimensions, steps.length + 1);
  }
  return dimensions;
}

/**
 * A PostgreSQL array type read with the dimensions the contract declares: PostgreSQL keeps none in the type
 * (`integer[][]` is `integer[]`, which `format_type` writes, and holds `{{1,2},{3,4}}` as well as `{1,2}`), so a
 * column of `integer[]` declared an array of arrays of integers is one, not an array of integers that fails
 * the items' type. Any other type, and an array declared with one dimension, stays as the server names it.
 */
function withDeclaredDimensions(type: string, dimensions: number): string {
  return dimensions > 1 && /^[^[]*\[\]$/.test(type) ? `${type}${"[]".repeat(dimensions - 1)}` : type;
}

/**
 * A number as exact text: `pg` sends `String(n)`, the shortest text that reads back as the same double,
 * and for an integer beyond 2^53 that is another integer (-2^63 is sent as -9223372036854776000). A bigint
 * (a whole number the contract wrote beyond 2^53) is sent as its digits.
 */
/** PostgreSQL's longest identifier, in bytes (NAMEDATALEN - 1). */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * A name as PostgreSQL reads it: cut to 63 bytes of UTF-8, never inside a character (pg_mbcliplen). The
 * server cuts every identifier it is given, in CREATE TABLE as in the checks' SELECT, and a catalog lookup
 * by a `name` parameter cuts it too.
 */
function postgresIdentifier(name: string): string {
  if (Buffer.byteLength(name, "utf8") <= MAX_IDENTIFIER_BYTES) return name;
  let cut = "";
  let bytes = 0;
  for (const char of name) {
    bytes += Buffer.byteLength(char, "utf8");
    if (bytes > MAX_IDENTIFIER_BYTES) break;
    cut += char;
  }
  return cut;
}

/**
 * A catalog column under the name the contract declares for it when that name is longer than PostgreSQL's
 * 63 bytes and is cut to this column's name: the server finds the table of such a name (the lookup's `name`
 * parameter is cut alike) and the checks' `"<declared>"` reads this column, so the column is there too,
 * not missing from a list whose entry looks the same.
 */
function declaredNameOf(column: string, object: ObjectPlan): string {
  const declared = object.properties.find((p) => p.column !== column && postgresIdentifier(p.column) === column);
  return declared ? declared.column : column;
}

function exactParameter(value: SqlParameter): string | number | boolean {
  if (typeof value === "bigint") return value.toString();
  return typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) ? BigInt(value).toString() : value;
}

/** Measurements as numbers (counts are int8, epochs numeric: text from the server), instants as ISO text. */
function toScalar(value: string | null, type: number): ScalarValue {
  if (value === null) return null;
  switch (type) {
    case BOOL:
      return value === "t";
    case INT2:
    case INT4:
    case INT8:
    case OID:
    case FLOAT4:
    case FLOAT8:
    case NUMERIC: {
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    case TIMESTAMP:
    case TIMESTAMPTZ:
      return isoInstant(value, type === TIMESTAMPTZ) ?? value;
    default:
      return value;
  }
}

/**
 * Sample values as DuckDB prints them: small integers and floats as numbers, int8 and numeric as text
 * (they may not fit a double), booleans, everything else (dates, times, json and jsonb) as PostgreSQL's text.
 * A JSON value stays its text, as DuckDB gives a JSON column: parsed, a JSON `null` would read as SQL's
 * NULL, a JSON string as a text column's value, and a number beyond a double's digits would lose them.
 */
function toJson(value: string | null, type: number, elements: ReadonlyMap<number, ArrayElement> = new Map()): JsonValue {
  if (value === null) return null;
  const known = ARRAY_ELEMENTS[type];
  const element = known !== undefined ? { type: known, delimiter: "," } : elements.get(type);
  if (element !== undefined) {
    const items = parseArrayLiteral(value, element.delimiter);
    const convert = (item: ArrayItem): JsonValue => (Array.isArray(item) ? item.map(convert) : toJson(item, element.type));
    return items === undefined ? value : items.map(convert);
  }
  switch (type) {
    case BOOL:
      return value === "t";
    case INT2:
    case INT4:
    case OID:
    case FLOAT4:
    case FLOAT8: {
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    default:
      return value;
  }
}

/** Types toJson reads without asking the server (not arrays). */
const SCALAR_TYPES: ReadonlySet<number> = new Set([BOOL, INT2, INT4, INT8, OID, FLOAT4, FLOAT8, NUMERIC, TIMESTAMP, TIMESTAMPTZ, JSON_OID, JSONB, 25, 1043, 1042, 1082, 1083, 1266, 2950]);

/** An array type's element type, and the delimiter between its items in the array's text (`;` for `box`). */
interface ArrayElement {
  type: number;
  delimiter: string;
}

/**
 * For the type OIDs `$1`, each that is an array (or a domain over one), its element's type, through domains on
 * both sides (the element of `posint[]`, a domain over integer, is integer, that of `mood[]`, an enum, the enum),
 * and the delimiter its items are written with (`typdelim` of the element's type: `box[]` is `{(1,1),(0,0);(2,2),(1,1)}`).
 */
const ARRAY_ELEMENTS_SQL = `WITH RECURSIVE
  outer_down (given, typ) AS (
    SELECT t.oid, t.oid FROM pg_catalog.pg_type t WHERE t.oid = ANY($1::oid[])
    UNION ALL SELECT d.given, t.typbasetype FROM outer_down d JOIN pg_catalog.pg_type t ON t.oid = d.typ AND t.typtype = 'd'),
  element_down (given, typ) AS (
    SELECT d.given, t.typelem FROM outer_down d JOIN pg_catalog.pg_type t ON t.oid = d.typ AND t.typtype <> 'd' WHERE t.typcategory = 'A' AND t.typelem <> 0
    UNION ALL SELECT d.given, t.typbasetype FROM element_down d JOIN pg_catalog.pg_type t ON t.oid = d.typ AND t.typtype = 'd')
SELECT d.given, d.typ, t.typdelim FROM element_down d JOIN pg_catalog.pg_type t ON t.oid = d.typ AND t.typtype <> 'd'`;

/** Array type OIDs → their element's OID, for the element types `toJson` converts (others are text). */
const ARRAY_ELEMENTS: Record<number, number> = {
  1000: BOOL,
  1005: INT2,
  1007: INT4,
  1016: INT8,
  1021: FLOAT4,
  1022: FLOAT8,
  1231: NUMERIC,
  1009: 25, // text
  1015: 1043, // varchar
  1014: 1042, // bpchar
  1182: 1082, // date
  1115: TIMESTAMP,
  1185: TIMESTAMPTZ,
  2951: 2950, // uuid
  199: JSON_OID,
  3807: JSONB,
};

type ArrayItem = string | null | ArrayItem[];

/**
 * PostgreSQL's text of an array (`{a,"b c",NULL,{1,2}}`) as nested lists of element texts, so that a
 * sample shows a list as DuckDB does; undefined for text it cannot read (bounds like `[0:1]={…}`).
 */
export function parseArrayLiteral(text: string, delimiter = ","): ArrayItem[] | undefined {
  let i = 0;
  const list = (): ArrayItem[] | undefined => {
    if (text[i] !== "{") return undefined;
    i++;
    const items: ArrayItem[] = [];
    if (text[i] === "}") {
      i++;
      return items;
    }
    for (;;) {
      if (text[i] === "{") {
        const inner = list();
        if (!inner) return undefined;
        items.push(inner);
      } else if (text[i] === '"') {
        let item = "";
        for (i++; i < text.length && text[i] !== '"'; i++) item += text[i] === "\\" ? text[++i] : text[i];
        if (text[i] !== '"') return undefined;
        i++;
        items.push(item);
      } else {
        const start = i;
        while (i < text.length && text[i] !== delimiter && text[i] !== "}") i++;
        const item = text.slice(start, i);
        items.push(item === "NULL" ? null : item);
      }
      if (text[i] === delimiter) i++;
      else if (text[i] === "}") {
        i++;
        return items;
      } else return undefined;
    }
  };
  const items = list();
  return items !== undefined && i === text.length ? items : undefined;
}

/** `2024-01-05 03:00:00[.ffffff][+00]` → ISO 8601 in UTC; a timestamp without time zone is read as UTC (as DuckDB does). */
function isoInstant(text: string, withZone: boolean): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2}(?::?\d{2}){0,2})?$/.exec(text);
  if (!match) return undefined;
  let zone = "Z";
  if (withZone && match[3]) {
    const [hours, minutes = "00"] = match[3].slice(1).split(":");
    zone = `${match[3][0]}${hours}:${minutes}`;
  }
  const date = new Date(`${match[1]}T${match[2]}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number of milliseconds, not ${value}`);
  return value;
}

