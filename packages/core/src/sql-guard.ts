/**
 * Read-only guard for `type: sql` quality rules. A contract comes from a pull request, so its queries
 * are untrusted: before one runs, it must be a single SELECT (or WITH … SELECT) that neither writes,
 * nor changes the session, nor reaches outside the data. The query is tokenized (strings, quoted
 * identifiers and comments are recognised, so `'a; DROP'` is a value, not a statement) and inspected.
 *
 * Engines disagree on where a quote or a comment ends: a backslash escapes a quote in BigQuery's strings and
 * identifiers, in Spark's strings but not its raw r'…' strings nor its `…` identifiers, in Snowflake's '…'
 * strings but not its "…" identifiers, in PostgreSQL's and DuckDB's E'…' strings only, and nowhere in Trino.
 * BigQuery also has '''…''' strings and `#` comments, Snowflake `//` comments, and Spark carries a `--`
 * comment on over a line break that follows a backslash. A query harmless under one engine's reading can hide
 * a second statement under another's, so it is tokenized the way each engine family reads it (LEXERS) and
 * must pass every reading: emitted SQL may run on any of them.
 *
 * The runners add their own walls (DuckDB without file access beyond the data; PostgreSQL in a read-only
 * transaction); this guard is what refuses a query with a clear finding before anything runs.
 */
import type { DialectName } from "./sql-dialects.js";

export type SqlInspection = { readOnly: true } | { readOnly: false; reason: string };

/** Words that write, change the session or load code; none has a place in a read-only SELECT. */
const FORBIDDEN_KEYWORDS = new Set(
  "INSERT UPDATE DELETE MERGE UPSERT TRUNCATE CREATE DROP ALTER GRANT REVOKE COPY ATTACH DETACH INSTALL LOAD PRAGMA SET RESET CALL EXECUTE PREPARE DEALLOCATE VACUUM INTO".split(
    " ",
  ),
);

/** Functions with side effects or access to files, the network, the environment or other databases. */
const FORBIDDEN_FUNCTIONS = new Set([
  "nextval",
  "setval",
  "lastval",
  "set_config",
  // Seeds random() for the rest of the session (PostgreSQL and DuckDB), where meshkit's later queries run too.
  "setseed",
  "txid_current",
  "query",
  "query_table",
  "glob",
  "getenv",
  "reflect",
  "java_method",
  "external_query",
  // Server settings (data_directory, config file paths, …) are no data of the contract's.
  "current_setting",
  // PostgreSQL functions that run a query given as text: the text is never seen by this guard.
  "ts_stat",
  "ts_rewrite",
  // PostgreSQL contrib functions that run a query, or read a relation, given as text: tablefunc's
  // crosstab('SELECT … FROM pg_authid') and connectby('pg_authid', …), xml2's xpath_table(…, 'pg_authid', …).
  "connectby",
  "xpath_table",
  // DuckDB's functions that run a query given as text (`query`, `query_table` above) or as its serialized
  // parse tree: json_execute_serialized_sql(json_serialize_sql('SELECT … FROM duckdb_settings()')) runs
  // SQL this guard never reads. json_serialize_plan binds and optimizes its text, which evaluates the
  // constant expressions in it (current_setting(…) comes back as its value in the plan's JSON).
  "json_execute_serialized_sql",
  "json_serialize_plan",
  // DuckDB lists the files and folders under a path it is given (`sql_auto_complete('SELECT * FROM ''/etc/')`).
  "sql_auto_complete",
  // DuckDB's readers of a file named in the query, besides read_* (sniff_csv shows its first lines as column names).
  "sniff_csv",
  "which_secret",
  // PostgreSQL's index maintenance functions write to the index even in a read-only transaction (which
  // stops table writes only): brin_summarize_new_values('orders_brin') adds summary tuples, and
  // gin_clean_pending_list moves a GIN index's pending entries into its main structure.
  "brin_summarize_new_values",
  "brin_summarize_range",
  "brin_desummarize_range",
  "gin_clean_pending_list",
  // PostgreSQL contrib functions that bypass the read-only transaction and the relation checks below:
  // pg_surgery's heap_force_kill('orders'::regclass, ARRAY['(0,1)'::tid]) deletes a row by rewriting its page,
  // and pageinspect's get_raw_page('pg_authid', 0) returns a catalog's raw page (its SCRAM verifiers) for
  // heap_page_items to read.
  "heap_force_kill",
  "heap_force_freeze",
  "get_raw_page",
  // DuckDB's table functions that act on the database or the session (`SELECT count(*) FROM checkpoint()`):
  // they are PRAGMAs and CALLs spelt as functions, so FROM accepts them. enable_logging(storage = 'file',
  // storage_path = …) makes DuckDB's log writer throw on the runner's file wall, which aborts the process.
  "checkpoint",
  // DuckDB's sample of a table named as text (`duckdb_table_sample('people')`): its rows, classified columns and all.
  "duckdb_table_sample",
  "force_checkpoint",
  "truncate_duckdb_logs",
  // Snowflake's URLs to a stage's files (`GET_PRESIGNED_URL(@stage, 'f.csv')`, a link anyone can open), and its
  // RESULT_SCAN, which reads the result of any earlier query of the user's by its id, not the contract's data.
  "get_presigned_url",
  "build_scoped_file_url",
  "build_stage_file_url",
  "result_scan",
  // Databricks' (Spark SQL there) secrets and HTTP calls through a connection, which send the values they are given
  // out of the warehouse (its model calls, ai_query and kin, are refused by their prefix below).
  "secret",
  "try_secret",
  "http_request",
]);
const FORBIDDEN_FUNCTION_PREFIXES = [
  "pg_",
  // DuckDB's PRAGMAs spelt as table functions: pragma_storage_info('people') shows each column's min and max per
  // segment as text (a classified column's values, its table and column named only in strings).
  "pragma_",
  "lo_",
  "dblink",
  "read_",
  // parquet_scan, parquet_metadata, parquet_schema, …; the lake formats' scanners.
  "parquet_",
  "delta_",
  "iceberg_",
  "duckdb_secrets",
  "sqlite_",
  "postgres_",
  "mysql_",
  "system$",
  // PostgreSQL's query_to_xml('delete from t', …) and its kin run SQL given as text (or a cursor's).
  "query_to_xml",
  "cursor_to_xml",
  "table_to_xml",
  "schema_to_xml",
  "database_to_xml",
  // tablefunc's crosstab(text), crosstab2/3/4(text) and crosstab(text, text) run the SQL they are given.
  "crosstab",
  // DuckDB's switches of the session (enable_logging, disable_profiling, enable_peg_parser, …), the PRAGMA
  // switches that each DuckDB release may also offer as table functions.
  "enable_",
  "disable_",
  // The warehouses' AI functions, which send the values they are given to a model (a provider's, billed per call):
  // Databricks' ai_query, ai_gen, ai_classify, ai_summarize, …; Snowflake's AI_COMPLETE, AI_FILTER, AI_CLASSIFY, ….
  "ai_",
];

/**
 * Schemas whose functions send the values they are given to a model, refused where they qualify a call:
 * Snowflake's `SNOWFLAKE.CORTEX.COMPLETE(…)` (and SUMMARIZE, TRANSLATE, …) and `SNOWFLAKE.ML.…`; BigQuery's
 * `ML.GENERATE_TEXT(…)`, `ML.GENERATE_EMBEDDING(…)`, … and `AI.GENERATE(…)`, `AI.GENERATE_BOOL(…)`, ….
 */
const FORBIDDEN_FUNCTION_SCHEMAS = new Set(["cortex", "ml", "ai"]);

/**
 * Catalogs holding password hashes, credentials or the server's configuration, refused wherever their name
 * stands in code (as a table, schema-qualified or quoted): `pg_authid.rolpassword` is a SCRAM verifier.
 */
const FORBIDDEN_RELATIONS = new Set([
  "pg_authid",
  "pg_shadow",
  "pg_user_mapping",
  "pg_user_mappings",
  "user_mapping_options",
  "pg_settings",
  "pg_stat_statements",
  "pg_stat_statements_info",
  "pg_file_settings",
  "pg_hba_file_rules",
  "pg_ident_file_mappings",
  "pg_stat_activity",
  // A logical replication subscription's connection string (its password among it), and per-role settings.
  "pg_subscription",
  "pg_db_role_setting",
  // The planner's statistics hold sampled values of every analysed column, catalogs included: to a superuser,
  // pg_statistic's stavalues1 for pg_authid (and pg_stats' histogram_bounds) list the SCRAM verifiers, which
  // `SELECT ascii(substr(stavalues1::text, 2, 1)) … WHERE starelid = 1260` prints one character at a time;
  // and a classified column's values, named there only as text, would escape the masking of SQL rules.
  "pg_statistic",
  "pg_statistic_ext_data",
  "pg_stats",
  "pg_stats_ext",
  "pg_stats_ext_exprs",
  // Large objects' contents (superuser), which the lo_* functions refused above would read.
  "pg_largeobject",
  "duckdb_secrets",
  "duckdb_settings",
  // The warehouses' histories of queries and logins, as pg_stat_activity is PostgreSQL's: every user's SQL text
  // (the literals in it, credentials among them) and where sessions came from. Snowflake's INFORMATION_SCHEMA table
  // functions and BigQuery's INFORMATION_SCHEMA jobs views by their own names, which no contract's table has; the
  // others only qualified (QUALIFIED_RELATIONS).
  "query_history_by_session",
  "query_history_by_user",
  "query_history_by_warehouse",
  "login_history_by_user",
  "jobs_by_user",
  "jobs_by_project",
  "jobs_by_folder",
  "jobs_by_organization",
  "jobs_timeline_by_user",
  "jobs_timeline_by_folder",
  "jobs_timeline_by_organization",
]);

/**
 * Relations refused as two consecutive parts of a qualified name only, whose own name may well be a contract's
 * table (`jobs`, `queries`, `login_history`, `history`): Snowflake's `SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY` and
 * `INFORMATION_SCHEMA.QUERY_HISTORY()` (every query's text), its login and access histories, the same views of its
 * reader accounts (`READER_ACCOUNT_USAGE`) and of the whole organization (`ORGANIZATION_USAGE.ACCESS_HISTORY`);
 * BigQuery's `region-us.INFORMATION_SCHEMA.JOBS` (every job's query text); Trino's `system.runtime.queries`;
 * Databricks' `system.query.history` (every statement's text) and `system.access.audit` (every request's parameters).
 */
const QUALIFIED_RELATIONS = new Set([
  "account_usage.query_history",
  "account_usage.login_history",
  "account_usage.access_history",
  "reader_account_usage.query_history",
  "reader_account_usage.login_history",
  "organization_usage.access_history",
  "organization_usage.login_history",
  "organization_usage.query_history",
  "query.history",
  "access.audit",
  "information_schema.query_history",
  "information_schema.login_history",
  "information_schema.jobs",
  "information_schema.jobs_timeline",
  "runtime.queries",
]);

type TokenKind = "word" | "quoted" | "string" | "number" | "symbol";
interface Token {
  kind: TokenKind;
  /** The word or symbol as written; for a quoted identifier, its name without quotes. */
  text: string;
}

/**
 * Comments are left out of `tokens`; `comments` says whether there were any. `literalSpans` are the
 * `[start, end)` offsets of every string, quoted identifier and comment.
 */
type Tokenized = { ok: true; tokens: Token[]; comments: boolean; literalSpans: [number, number][] } | { ok: false; reason: string };

/** How an engine family reads quotes and comments. */
interface Lexer {
  /** Quote characters inside which a backslash escapes the next character. */
  backslashIn: string;
  /** Openers of comments that run to the end of the line. */
  lineComments: readonly string[];
  /** `'''…'''` and `"""…"""` strings. */
  tripleQuotes: boolean;
  /**
   * A line comment goes on over a line break that follows a backslash: Spark's lexer reads
   * `'--' ('\\\n' | ~[\r\n])*`, so `-- x \` hides the next line, which the other engines run.
   */
  backslashContinuesComment?: true;
  /** Raw strings `r'…'` / `R"…"`, in which a backslash is a character: Spark's, which end at the next quote. */
  rawStrings?: true;
  /** Escape strings `E'…'`, which read backslash escapes where other `'…'` strings do not (PostgreSQL, DuckDB). */
  escapeStrings?: true;
}

const LEXERS: readonly Lexer[] = [
  { backslashIn: "", lineComments: ["--"], tripleQuotes: false }, // PostgreSQL, DuckDB, Trino: standard SQL
  { backslashIn: "", lineComments: ["--"], tripleQuotes: false, escapeStrings: true }, // PostgreSQL, DuckDB with E'…' strings
  { backslashIn: "'", lineComments: ["--", "//"], tripleQuotes: false }, // Snowflake
  { backslashIn: "'\"", lineComments: ["--"], tripleQuotes: false, backslashContinuesComment: true, rawStrings: true }, // Spark: `…` identifiers only double
  { backslashIn: "'\"`", lineComments: ["--", "#"], tripleQuotes: true }, // BigQuery
];

/** How each dialect's engine reads quotes and comments (see LEXERS). */
const LEXER_OF_DIALECT: Record<DialectName, Lexer> = {
  duckdb: LEXERS[1]!,
  postgres: LEXERS[1]!,
  trino: LEXERS[0]!,
  snowflake: LEXERS[2]!,
  spark: LEXERS[3]!,
  bigquery: LEXERS[4]!,
};

/**
 * A query without the `;` that ends it, nor what follows that `;` (further `;`s and comments: the guard refuses
 * anything else there), as `dialect` reads quotes and comments. `SELECT … ; -- done` kept its `;` when only a
 * `;` at the very end was taken off, and `--emit-sql` then ended it with another: an empty statement, which
 * some engines refuse, and a statement text holding two for a driver that runs one. A query that does not
 * tokenize is returned as it is (the guard refuses it).
 */
export function withoutFinalSemicolon(sql: string, dialect: DialectName): string {
  const tokenized = tokenize(sql, LEXER_OF_DIALECT[dialect]);
  if (!tokenized.ok) return sql;
  for (let at = sql.indexOf(";"); at !== -1; at = sql.indexOf(";", at + 1)) {
    if (!tokenized.literalSpans.some(([start, end]) => at >= start && at < end)) return sql.slice(0, at).trimEnd();
  }
  return sql;
}

export function inspectReadOnlySql(sql: string): SqlInspection {
  for (const lexer of LEXERS) {
    const tokenized = tokenize(sql, lexer);
    if (!tokenized.ok) return { readOnly: false, reason: tokenized.reason };
    const reason = inspectTokens(tokenized.tokens);
    if (reason) return { readOnly: false, reason };
  }
  return { readOnly: true };
}

const ROW_LOCKS = [["UPDATE"], ["NO", "KEY", "UPDATE"], ["SHARE"], ["KEY", "SHARE"]];

/** The row-locking clause whose words after `FOR` start at `start` (`FOR NO KEY UPDATE`), or undefined. */
function rowLockAt(tokens: readonly Token[], start: number): string | undefined {
  const lock = ROW_LOCKS.find((words) => words.every((word, k) => tokens[start + k]?.kind === "word" && tokens[start + k]!.text.toUpperCase() === word));
  return lock === undefined ? undefined : `FOR ${lock.join(" ")}`;
}

function inspectTokens(tokens: readonly Token[]): string | undefined {
  const firstSemicolon = tokens.findIndex((t) => t.kind === "symbol" && t.text === ";");
  const statement = firstSemicolon === -1 ? tokens : tokens.slice(0, firstSemicolon);
  if (firstSemicolon !== -1 && tokens.slice(firstSemicolon).some((t) => !(t.kind === "symbol" && t.text === ";"))) {
    return "holds more than one statement (text after a `;`); write a single SELECT";
  }
  const first = statement.find((t) => !(t.kind === "symbol" && t.text === "("));
  if (!first) return "is empty; write a SELECT that returns one value";
  const firstWord = first.kind === "word" ? first.text.toUpperCase() : "";
  if (firstWord !== "SELECT" && firstWord !== "WITH") {
    return `must be a SELECT (or WITH … SELECT) query, not one starting with \`${first.text}\``;
  }
  // In a FROM list, where a comma is followed by another table (`FROM a, 'file.csv'`); per level of
  // parentheses, so that a subquery's clauses do not end the FROM list around it (`FROM (SELECT 1) t, 'x'`).
  let inFrom = false;
  const outer: boolean[] = [];
  for (let i = 0; i < statement.length; i++) {
    const token = statement[i]!;
    // Row-locking clauses (FOR UPDATE, FOR NO KEY UPDATE, FOR SHARE, FOR KEY SHARE) lock the rows they read and wait
    // for other sessions' locks; named as such before UPDATE is met as a keyword, since the query updates nothing.
    const lock = token.kind === "word" && token.text.toUpperCase() === "FOR" ? rowLockAt(statement, i + 1) : undefined;
    if (lock) return `locks rows (\`${lock}\`), which is not allowed in a read-only query`;
    if (token.kind === "word" && FORBIDDEN_KEYWORDS.has(token.text.toUpperCase())) {
      return `uses \`${token.text.toUpperCase()}\`, which is not allowed in a read-only query`;
    }
    const next = statement[i + 1];
    // Spark's (and Hive's) script transform, `SELECT TRANSFORM (…) USING 'sh -c …'` (or `MAP … USING`, `REDUCE … USING`),
    // runs the command it names on the engine's machines. USING takes a string only there: elsewhere a list of
    // columns (`JOIN … USING (id)`), an operator (PostgreSQL's `ORDER BY x USING <`), or DuckDB's `USING SAMPLE`.
    // Spark reads `"cat"` as a string too.
    if (token.kind === "word" && token.text.toUpperCase() === "USING" && (next?.kind === "string" || next?.kind === "quoted")) {
      return "runs a script (`USING '…'`, Spark's TRANSFORM), which executes a command on the engine's machines";
    }
    // PostgreSQL's U&"…" and U&'…' spell names and strings with escapes (U&"query\005fto_xml"): the name
    // the server reads is not the text this guard reads.
    if (token.kind === "word" && token.text.toUpperCase() === "U" && next?.kind === "symbol" && next.text === "&" && (statement[i + 2]?.kind === "quoted" || statement[i + 2]?.kind === "string")) {
      return "uses a Unicode-escaped name or string (U&\"…\" / U&'…'); write it plainly";
    }
    if ((token.kind === "word" || token.kind === "quoted") && FORBIDDEN_RELATIONS.has(token.text.toLowerCase())) {
      return `reads \`${token.text}\`, which holds credentials, server settings or other sessions' queries, not data`;
    }
    const qualified = isSymbol(statement[i - 1], ".") ? undefined : forbiddenRelationIn(statement, i);
    if (qualified !== undefined) return `reads \`${qualified}\`, which holds credentials, server settings or other sessions' queries, not data`;
    const isCall = (token.kind === "word" || token.kind === "quoted") && next?.kind === "symbol" && next.text === "(";
    const refusedCall = isCall ? forbiddenFunctionAt(statement, i) : undefined;
    if (refusedCall !== undefined) {
      return `calls \`${refusedCall}()\`, which runs SQL given as text, reaches outside the data or has side effects`;
    }
    // Engines read files named where a table goes: DuckDB `FROM '/etc/passwd'`, Spark text.`/etc/passwd`,
    // Snowflake's stages `FROM @~/x`. Emitted SQL runs where the data lives, with its credentials.
    if (token.kind === "symbol" && token.text === "(") {
      outer.push(inFrom);
      inFrom = false;
    } else if (token.kind === "symbol" && token.text === ")") inFrom = outer.pop() ?? false;
    if (token.kind === "word" && CLAUSE_KEYWORDS.has(token.text.toUpperCase())) inFrom = token.text.toUpperCase() === "FROM";
    if (inFrom && token.kind === "quoted" && token.text.includes("/")) return `names a file path (\`${token.text}\`) as a table; name the contract's tables`;
    const relationFollows =
      (token.kind === "word" && RELATION_KEYWORDS.has(token.text.toUpperCase()) && !isDistinctFromOperator(statement, i)) || (inFrom && token.kind === "symbol" && token.text === ",");
    // (a quoted path after TABLE or SUMMARIZE too, where no FROM list is: Spark's `SELECT 1 UNION ALL TABLE text.\`/etc/passwd\``)
    const pathPart = relationFollows ? nameParts(statement, i + 1).find((part) => part.kind === "quoted" && part.text.includes("/")) : undefined;
    if (pathPart) return `names a file path (\`${pathPart.text}\`) as a table; name the contract's tables`;
    const file = relationFollows ? dataFileNamed(statement, i + 1) : undefined;
    if (file !== undefined) return `names a file (\`${file}\`) as a table, which DuckDB reads; name the contract's tables`;
    if (relationFollows && next?.kind === "string") return `reads a file named as a table (${token.text.toUpperCase()} '${next.text}'); name the contract's tables`;
    if (relationFollows && next?.kind === "symbol" && next.text.startsWith("@")) return `reads a stage (${token.text.toUpperCase()} @…), not a table; name the contract's tables`;
  }
  return undefined;
}

/**
 * Keywords a table name follows: DuckDB's PIVOT, UNPIVOT, SUMMARIZE, DESCRIBE, SHOW and TABLE take one too and read
 * a file named there as FROM does (`FROM (SUMMARIZE "notes.csv")`, `FROM (PIVOT '/etc/passwd' ON a)`).
 */
const RELATION_KEYWORDS = new Set(["FROM", "JOIN", "PIVOT", "PIVOT_WIDER", "UNPIVOT", "PIVOT_LONGER", "SUMMARIZE", "DESCRIBE", "SHOW", "TABLE"]);

/** Whether the FROM at `i` is the comparison `x IS [NOT] DISTINCT FROM y` (`… FROM 'closed'` compares with a string, reads no file). */
function isDistinctFromOperator(tokens: readonly Token[], i: number): boolean {
  return isWord(tokens[i], "FROM") && isWord(tokens[i - 1], "DISTINCT") && isWord(tokens[i - 2], "IS", "NOT");
}

/**
 * The extensions by which DuckDB takes a table it does not have for a file and reads it (a replacement scan):
 * `FROM "notes.csv"`, `FROM other.parquet` (a qualified name is joined with its dots), `FROM "x.csv?"` (a glob),
 * `FROM "x.csv.gz"` (compressed), `FROM "x.xlsx"` (which loads an extension). Not `.txt` or `.gz` alone, which it
 * does not read so. The extension ends the name (or a compression's does, or a `?` follows it), as DuckDB reads it:
 * `FROM warehouse.db.orders` and `FROM raw.json.events` name a catalog's or a schema's table, no file.
 */
const DATA_FILE_EXTENSION = /\.(?:csv|tsv|parquet|json|jsonl|ndjson|db|duckdb|sqlite3?|xlsx|avro)(?:(?:\.(?:gz|gzip|zst|zstd|bz2|lz4|xz|snappy))?$|\?)/iu;

/** The parts of the name at `start`: `a`, `a.b` (two), `text.\`/x\`` (two), none where no name is. */
function nameParts(tokens: readonly Token[], start: number): Token[] {
  const parts: Token[] = [];
  for (let i = start; tokens[i]?.kind === "word" || tokens[i]?.kind === "quoted"; i += 2) {
    parts.push(tokens[i]!);
    if (tokens[i + 1]?.kind !== "symbol" || tokens[i + 1]!.text !== ".") break;
  }
  return parts;
}

/**
 * A part of the qualified name starting at `start` that is a FORBIDDEN_RELATIONS name, or two that are a
 * QUALIFIED_RELATIONS entry, as written, however the name is quoted: BigQuery also reads one quoted name of
 * several parts (`` `region-us.INFORMATION_SCHEMA.JOBS` ``, `` `proj.region-us.INFORMATION_SCHEMA.JOBS_BY_PROJECT` ``).
 */
function forbiddenRelationIn(tokens: readonly Token[], start: number): string | undefined {
  const parts = nameParts(tokens, start).flatMap((part) => (part.kind === "quoted" ? part.text.split(".") : [part.text]));
  for (let i = 0; i < parts.length; i++) {
    if (FORBIDDEN_RELATIONS.has(parts[i]!.toLowerCase())) return parts[i];
    const pair = i + 1 < parts.length ? `${parts[i]}.${parts[i + 1]}` : undefined;
    if (pair !== undefined && QUALIFIED_RELATIONS.has(pair.toLowerCase())) return pair;
  }
  return undefined;
}

/** The name at `start` (`a`, `a.b`, `"a.csv"`, a FROM list's next table) when DuckDB would read it as a file. */
function dataFileNamed(tokens: readonly Token[], start: number): string | undefined {
  const name = nameParts(tokens, start)
    .map((part) => part.text)
    .join(".");
  return DATA_FILE_EXTENSION.test(name) ? name : undefined;
}

/** Words that start another clause or a subquery: a predicate holding one is not folded into a scan. */
const CLAUSE_KEYWORDS = new Set("SELECT FROM WHERE GROUP HAVING ORDER LIMIT OFFSET FETCH UNION INTERSECT EXCEPT WINDOW QUALIFY".split(" "));

/**
 * The predicate of a rule written `SELECT count(*) FROM {object} WHERE <predicate>`, so that it can be
 * one `count(*) FILTER (WHERE …)` term of the object's scan instead of one more read of the data.
 * Undefined for any other shape. Only a plain predicate qualifies: no subquery or further clause, no
 * comment under any engine's reading (it would swallow the rest of the scan), no parameter placeholder (it
 * would take the scan's values), and parentheses balanced under every engine's reading of quotes.
 */
export function countingPredicate(query: string): string | undefined {
  const prefix = /^\s*select\s+count\s*\(\s*\*\s*\)\s+from\s+\$?\{(?:object|table)\}\s+where\s/i.exec(query);
  if (!prefix) return undefined;
  const predicate = query.slice(prefix[0].length).replace(/[\s;]+$/, "").trim();
  if (predicate === "") return undefined;
  // `${column}` and the like are replaced by quoted names before the predicate runs: not placeholders.
  const substituted = predicate.replace(/\$?\{(?:object|table|property|column)\}/g, "name");
  for (const lexer of LEXERS) {
    const tokenized = tokenize(substituted, lexer);
    if (!tokenized.ok || tokenized.comments) return undefined;
    let depth = 0;
    for (const token of tokenized.tokens) {
      if (token.kind === "word" && CLAUSE_KEYWORDS.has(token.text.toUpperCase())) return undefined;
      if (token.kind !== "symbol") continue;
      if (token.text === "(") depth++;
      else if (token.text === ")" && --depth < 0) return undefined;
      else if (token.text === ";" || token.text === "$" || token.text === "?") return undefined;
    }
    if (depth !== 0) return undefined;
  }
  return predicate;
}

/** The names through which a query can read classified values, lower-cased (DuckDB and unquoted SQL ignore case). */
export interface ClassifiedNames {
  /** Columns holding classified values (a nested classified field's whole top-level column). */
  columns: ReadonlySet<string>;
  /** Tables holding such columns: a whole-row reference (`CAST(t AS VARCHAR)`, `row_to_json(t)`) reads them all. */
  relations: ReadonlySet<string>;
}

/**
 * Whether the value a SQL rule returns may be a classified value, or computed from one (`max(email)`,
 * `CAST(ssn AS BIGINT)`, `length(t::VARCHAR)`): its measured value is then masked. A query may read one by
 * naming it, or without naming it: a star (`*`, `t.*`, but not `count(*)`), DuckDB's `COLUMNS(…)`, or a
 * table holding one used as a value (`t`, its alias). Under any engine's reading that does so, it may.
 * One shape is not: `SELECT count(*) FROM <table> [WHERE …]`, a count of rows between 0 and the table's,
 * which is what a rule measures (as a library metric's count of a classified column is shown).
 */
export function mayReturnClassifiedValue(sql: string, classified: ClassifiedNames): boolean {
  if (classified.columns.size === 0) return false;
  return LEXERS.some((lexer) => {
    const tokenized = tokenize(sql, lexer);
    // (the guard refuses such a query; when unsure, mask)
    if (!tokenized.ok) return true;
    return !isRowCount(tokenized.tokens) && readsClassified(tokenized.tokens, classified);
  });
}

const isWord = (token: Token | undefined, ...words: string[]) => token?.kind === "word" && words.includes(token.text.toUpperCase());
const isSymbol = (token: Token | undefined, symbol: string) => token?.kind === "symbol" && token.text === symbol;
const isName = (token: Token | undefined) => token?.kind === "word" || token?.kind === "quoted";

/**
 * `SELECT count(*) FROM <table> [[AS] alias] [WHERE …]`: one table, nothing beside it in FROM, and no clause
 * after the condition (`… UNION ALL SELECT ssn ORDER BY 1 DESC LIMIT 1` returns another value); a subquery in
 * the condition changes which rows are counted, not what a count can be.
 */
function isRowCount(tokens: readonly Token[]): boolean {
  const code = isSymbol(tokens.at(-1), ";") ? tokens.slice(0, -1) : tokens;
  if (!isWord(code[0], "SELECT") || !isWord(code[1], "COUNT") || !isSymbol(code[2], "(") || !isSymbol(code[3], "*") || !isSymbol(code[4], ")")) return false;
  if (!isWord(code[5], "FROM") || !isName(code[6])) return false;
  let next = 7;
  if (isWord(code[next], "AS")) next++;
  if (isName(code[next]) && !isWord(code[next], "WHERE")) next++;
  if (next === code.length) return true;
  if (!isWord(code[next], "WHERE")) return false;
  let depth = 0;
  for (const token of code.slice(next + 1)) {
    if (isSymbol(token, "(")) depth++;
    else if (isSymbol(token, ")")) depth--;
    else if (depth <= 0 && token.kind === "word" && CLAUSE_KEYWORDS.has(token.text.toUpperCase())) return false;
  }
  return true;
}

/** Words that end a FROM list's table or alias (a join's condition reads values again). */
const FROM_ENDS = new Set([...CLAUSE_KEYWORDS, "ON", "USING"]);
/**
 * Words after a table that are no alias: those ending it, and the reserved words starting a join
 * (`FROM people JOIN (SELECT …) o` gives `people` no alias, and renames none of its columns).
 */
const NO_ALIAS = new Set([...FROM_ENDS, "JOIN", "LEFT", "RIGHT", "INNER", "FULL", "CROSS", "NATURAL"]);

/**
 * Whether the FROM at `i` starts DuckDB's FROM-first query (`SELECT *`): first in the text or a parenthesis, after
 * a set operation (`UNION [ALL | DISTINCT] [BY NAME] FROM people`), or after SUMMARIZE, which takes a query too and
 * returns each column's min and max (`FROM (SUMMARIZE FROM people) WHERE column_name = 'ssn'`). Not SQL's other
 * FROMs: `x IS [NOT] DISTINCT FROM y`, `substring(name FROM 2)`, `extract(year FROM d)`, `trim(FROM name)`.
 */
function startsFromFirstQuery(tokens: readonly Token[], i: number): boolean {
  const previous = tokens[i - 1];
  if (i === 0 || isWord(previous, "UNION", "INTERSECT", "EXCEPT", "SUMMARIZE")) return true;
  if (isSymbol(previous, "(")) return !isWord(tokens[i - 2], "TRIM");
  if (isWord(previous, "ALL", "DISTINCT")) return isWord(tokens[i - 2], "UNION", "INTERSECT", "EXCEPT");
  return isWord(previous, "NAME") && isWord(tokens[i - 2], "BY");
}

function readsClassified(tokens: readonly Token[], classified: ClassifiedNames): boolean {
  // Where a classified table (or an alias given to it) is declared in a FROM list: anywhere else it is a whole-row value.
  const declarations = new Set<number>();
  const aliases = new Set<string>();
  let renamesColumns = false;
  let inFrom = false;
  const outer: boolean[] = [];
  tokens.forEach((token, i) => {
    if (isSymbol(token, "(")) {
      outer.push(inFrom);
      inFrom = false;
    } else if (isSymbol(token, ")")) inFrom = outer.pop() ?? false;
    else if (token.kind === "word" && FROM_ENDS.has(token.text.toUpperCase())) inFrom = token.text.toUpperCase() === "FROM";
    else if (isWord(token, "JOIN")) inFrom = true;
    const previous = tokens[i - 1];
    // (`FROM sales.people`: a qualified name's last part)
    const declared = isWord(previous, "FROM", "JOIN") || (inFrom && (isSymbol(previous, ",") || isSymbol(previous, ".")));
    if (!declared || !isName(token) || !classified.relations.has(token.text.toLowerCase())) return;
    declarations.add(i);
    const alias = isWord(tokens[i + 1], "AS") ? i + 2 : i + 1;
    const name = tokens[alias];
    if (isName(name) && !(name!.kind === "word" && NO_ALIAS.has(name!.text.toUpperCase()))) {
      declarations.add(alias);
      aliases.add(name!.text.toLowerCase());
      // `FROM people AS p(i, n, e)` renames the table's columns: `e` is the classified one, never named.
      if (isSymbol(tokens[alias + 1], "(")) renamesColumns = true;
    }
  });
  if (renamesColumns) return true;
  // DuckDB's FROM-first query (`(FROM people)`, `… UNION ALL FROM people`) is `SELECT *`, and its `#3` is the third
  // column: with a classified table among those read, either may reach its classified columns without naming them.
  const unnamedColumns = tokens.some(
    (token, i) =>
      (isWord(token, "FROM") && startsFromFirstQuery(tokens, i)) ||
      (isSymbol(token, "#") && tokens[i + 1]?.kind === "number"),
  );
  if (unnamedColumns && declarations.size > 0) return true;
  return tokens.some((token, i) => {
    const previous = tokens[i - 1];
    if (isSymbol(token, "*")) return isWord(previous, "SELECT", "DISTINCT", "ALL") || isSymbol(previous, ",") || isSymbol(previous, ".") || (isSymbol(previous, "(") && !isWord(tokens[i - 2], "COUNT"));
    if (!isName(token)) return false;
    const name = token.text.toLowerCase();
    if (classified.columns.has(name)) return true;
    if (isWord(token, "COLUMNS") && isSymbol(tokens[i + 1], "(")) return true;
    const wholeRow = (classified.relations.has(name) || aliases.has(name)) && !declarations.has(i) && !isSymbol(tokens[i + 1], ".");
    return wholeRow;
  });
}

/**
 * `sql` with the matches of `pattern` (a global RegExp) replaced, but only those that start in code under
 * every engine's reading, or under `dialect`'s when given (the engine that runs the text): one inside a string,
 * a quoted identifier or a comment under such a reading is left as written. A name put into a string or a
 * comment could end it (a `'` in a quoted name, a line break after `--`) and turn the rest of the name into SQL
 * the guard never saw; in code, a quoted name is one token. Text that does not tokenize under such a reading
 * (which the guard refuses) is returned unchanged.
 */
export function replaceInCode(sql: string, pattern: RegExp, replacement: (match: RegExpExecArray) => string, dialect?: DialectName): string {
  const spans: [number, number][] = [];
  for (const lexer of dialect === undefined ? LEXERS : [LEXER_OF_DIALECT[dialect]]) {
    const tokenized = tokenize(sql, lexer);
    if (!tokenized.ok) return sql;
    spans.push(...tokenized.literalSpans);
  }
  let result = "";
  let done = 0;
  for (const match of sql.matchAll(pattern)) {
    if (spans.some(([start, end]) => match.index >= start && match.index < end)) continue;
    result += sql.slice(done, match.index) + replacement(match);
    done = match.index + match[0].length;
  }
  return result + sql.slice(done);
}

/**
 * The refused function called at `i` (the token before its `(`), as written, or undefined: a FORBIDDEN_FUNCTIONS
 * name or prefix, or any function of a FORBIDDEN_FUNCTION_SCHEMAS schema (then named with it, `CORTEX.COMPLETE`),
 * however the name is qualified or quoted (BigQuery also reads one quoted name of several parts, `` `ML.GENERATE_TEXT` ``).
 */
function forbiddenFunctionAt(tokens: readonly Token[], i: number): string | undefined {
  const token = tokens[i]!;
  const parts = token.kind === "quoted" ? token.text.split(".") : [token.text];
  const qualifier = tokens[i - 2];
  if (parts.length === 1 && isSymbol(tokens[i - 1], ".") && (qualifier?.kind === "word" || qualifier?.kind === "quoted")) {
    parts.unshift(qualifier.kind === "quoted" ? qualifier.text.split(".").at(-1)! : qualifier.text);
  }
  const name = parts.at(-1)!;
  const lower = name.toLowerCase();
  if (FORBIDDEN_FUNCTIONS.has(lower) || FORBIDDEN_FUNCTION_PREFIXES.some((p) => lower.startsWith(p))) return name;
  const schema = parts.at(-2);
  return schema !== undefined && FORBIDDEN_FUNCTION_SCHEMAS.has(schema.toLowerCase()) ? `${schema}.${name}` : undefined;
}

const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_$]/u;

function tokenize(sql: string, lexer: Lexer): Tokenized {
  const tokens: Token[] = [];
  const literalSpans: [number, number][] = [];
  let comments = false;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const start = i;
    if (/\s/.test(ch)) {
      i++;
    } else if (lexer.lineComments.some((opener) => sql.startsWith(opener, i))) {
      comments = true;
      const end = lineCommentEnd(sql, i, lexer);
      // PostgreSQL, DuckDB, Trino and Spark end a line comment at a carriage return too, where this reading
      // would not: the rest of the line would be code there and unread here (`-- x\rWHERE pg_read_file(…)`).
      // A line ending in \r\n is one line break on every reading.
      if (/\r(?!\n)/.test(sql.slice(i, end))) return { ok: false, reason: "has a carriage return inside a line comment, which some engines read as the comment's end: end lines with a line feed" };
      i = end;
      literalSpans.push([start, i]);
    } else if (sql.startsWith("/*", i)) {
      comments = true;
      const end = sql.indexOf("*/", i + 2);
      if (end === -1) return { ok: false, reason: "has an unterminated /* comment" };
      // PostgreSQL nests block comments and other engines do not: a nested opener would be read differently.
      if (sql.slice(i + 2, end).includes("/*")) return { ok: false, reason: "has a nested /* comment, which engines read differently" };
      i = end + 2;
      literalSpans.push([start, i]);
    } else if (lexer.tripleQuotes && (sql.startsWith("'''", i) || sql.startsWith('"""', i))) {
      const end = closingTripleQuote(sql, i);
      if (end === -1) return { ok: false, reason: `has an unterminated triple-quoted string (${ch.repeat(3)})` };
      tokens.push({ kind: "string", text: sql.slice(i + 3, end) });
      i = end + 3;
      literalSpans.push([start, i]);
    } else if (lexer.escapeStrings && (ch === "e" || ch === "E") && sql[i + 1] === "'") {
      // `E'x\''` is the string `x'` here, where the same text is `x\` and the start of another string in plain '…'.
      const end = closingQuote(sql, i + 1, true);
      if (end === -1) return { ok: false, reason: "has an unterminated string (E')" };
      tokens.push({ kind: "string", text: sql.slice(i + 2, end) });
      i = end + 1;
      literalSpans.push([start, i]);
    } else if (lexer.rawStrings && (ch === "r" || ch === "R") && (sql[i + 1] === "'" || sql[i + 1] === '"')) {
      // `r'a\'` is the string `a\` here, where the same text is a string going on past the quote in Spark's other strings.
      const quote = sql[i + 1]!;
      const end = sql.indexOf(quote, i + 2);
      if (end === -1) return { ok: false, reason: `has an unterminated raw string (r${quote})` };
      tokens.push({ kind: "string", text: sql.slice(i + 2, end) });
      i = end + 1;
      literalSpans.push([start, i]);
    } else if (ch === "'" || ch === '"' || ch === "`") {
      const end = closingQuote(sql, i, lexer.backslashIn.includes(ch));
      if (end === -1) return { ok: false, reason: `has an unterminated ${ch === "'" ? "string" : "quoted identifier"} (${ch})` };
      const body = sql.slice(i + 1, end);
      tokens.push(ch === "'" ? { kind: "string", text: body } : { kind: "quoted", text: body.split(ch + ch).join(ch) });
      i = end + 1;
      literalSpans.push([start, i]);
    } else if (ch === "$" && !/[0-9{]/.test(sql[i + 1] ?? "")) {
      // A dollar quote's tag is any identifier, non-ASCII letters included (`$é$…$é$`): rather than lex every
      // engine's tags, a `$` that is neither a positional parameter (`$1`) nor a placeholder (`${table}`) is refused.
      return { ok: false, reason: "uses a dollar-quoted string ($$…$$, $tag$…$tag$) or a $name; use a plain 'string'" };
    } else if (WORD_START.test(ch)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end]!)) end++;
      tokens.push({ kind: "word", text: sql.slice(i, end) });
      i = end;
    } else if (/[0-9]/.test(ch)) {
      let end = i + 1;
      while (end < sql.length && /[0-9.eE]/.test(sql[end]!)) end++;
      tokens.push({ kind: "number", text: sql.slice(i, end) });
      i = end;
    } else {
      tokens.push({ kind: "symbol", text: ch });
      i++;
    }
  }
  return { ok: true, tokens, comments, literalSpans };
}

/** Index just after the line comment starting at `start`: after its line break, or the end of `sql`. */
function lineCommentEnd(sql: string, start: number, lexer: Lexer): number {
  let from = start;
  for (;;) {
    const end = sql.indexOf("\n", from);
    if (end === -1) return sql.length;
    if (!(lexer.backslashContinuesComment && sql[end - 1] === "\\")) return end + 1;
    from = end + 1;
  }
}

/** Index of the `'''` or `"""` closing the one at `start` (a backslash escapes, as in BigQuery), or -1. */
function closingTripleQuote(sql: string, start: number): number {
  const quotes = sql.slice(start, start + 3);
  for (let i = start + 3; i < sql.length; i++) {
    if (sql[i] === "\\") i++;
    else if (sql.startsWith(quotes, i)) return i;
  }
  return -1;
}

/** Index of the quote closing the one at `start` (a doubled quote is an escaped one), or -1. */
function closingQuote(sql: string, start: number, backslashEscapes: boolean): number {
  const quote = sql[start]!;
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (backslashEscapes && ch === "\\") {
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i;
    } else {
      i++;
    }
  }
  return -1;
}
