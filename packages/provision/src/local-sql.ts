/**
 * The SQL text of the local planner. Every identifier is quoted (names were validated by the model as
 * well, so quoting never has anything to escape in practice); comments are string literals with `'`
 * doubled, because DuckDB's `COMMENT ON … IS` takes no bound parameter (a `?` or `$1` there is a
 * parser error); column types come only from types.ts and are checked against a type grammar
 * before they are written.
 */
import type { ColumnSpec, TableSpec } from "./model.js";
import { isWidening } from "./postgres-sql.js";

/** `"name"`, with `"` doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `'text'`, with `'` doubled, as DuckDB holds it (`duckdbText`). Backslashes are plain characters in DuckDB strings. */
export function stringLiteral(text: string): string {
  return `'${duckdbText(text).replace(/'/g, "''")}'`;
}

/** NUL, which DuckDB text cannot hold, as U+FFFD: what a comment reads back as, so plans compare like with like. */
export function duckdbText(text: string): string {
  return text.replace(/\0/g, "\uFFFD");
}

/** `"schema"."table"`. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}

/** A type name, optional `(p[,s])`, optional `[]`s: `VARCHAR`, `DECIMAL(12,2)`, `TIMESTAMP WITH TIME ZONE[]`. Nothing else reaches the SQL. */
const TYPE_GRAMMAR = /^[A-Za-z][A-Za-z0-9_]*(?: [A-Za-z][A-Za-z0-9_]*)*(?:\(\d{1,3}(?:, ?\d{1,3})?\))?(?:\[\])*$/;

export function isWritableType(type: string): boolean {
  return TYPE_GRAMMAR.test(type);
}

const TYPE_ALIASES: Record<string, string> = {
  TIMESTAMPTZ: "TIMESTAMP WITH TIME ZONE",
  TIMETZ: "TIME WITH TIME ZONE",
  INT: "INTEGER",
  INT4: "INTEGER",
  INT8: "BIGINT",
  LONG: "BIGINT",
  FLOAT8: "DOUBLE",
  BOOL: "BOOLEAN",
  STRING: "VARCHAR",
  TEXT: "VARCHAR",
  NUMERIC: "DECIMAL",
};

const canonical = new Map<string, string>();

/** A type as DuckDB reports it in `duckdb_columns().data_type`, so a declared type and a found one compare equal. */
export function canonicalType(type: string): string {
  let name = canonical.get(type);
  if (name === undefined) {
    name = spellAsDuckDb(type);
    if (canonical.size < 10_000) canonical.set(type, name);
  }
  return name;
}

/** HUGEINT (format i128) reads as the numeric of its 39 digits, so BIGINT → HUGEINT is a wider integer there too. */
const DUCKDB_AS_POSTGRES: Record<string, string> = { SMALLINT: "smallint", INTEGER: "integer", BIGINT: "bigint", HUGEINT: "numeric(39,0)", FLOAT: "real", DOUBLE: "double precision", VARCHAR: "text" };
/**
 * The unsigned integers meshkit writes (formats u64 and u128), with the numeric of their digits: they
 * take no negative value, so only an unsigned type widens into one, while one widens into any type
 * holding its digits (UBIGINT → HUGEINT).
 */
const UNSIGNED_AS_POSTGRES: Record<string, string> = { UBIGINT: "numeric(20,0)", UHUGEINT: "numeric(39,0)" };

/**
 * Whether a local column's type change keeps every value as it is, by the same rule as the PostgreSQL
 * planner (a wider integer, more digits before the point, FLOAT → DOUBLE, an array of these), so the
 * local warehouse and the server agree on what is destructive. DuckDB's VARCHAR has no length to widen.
 */
export function isLocalWidening(from: string, to: string): boolean {
  const [fromElement, toElement] = [elementOf(canonicalType(from)), elementOf(canonicalType(to))];
  if (UNSIGNED_AS_POSTGRES[toElement.name] !== undefined && UNSIGNED_AS_POSTGRES[fromElement.name] === undefined) return false;
  // Both are 39 digits, but HUGEINT stops at 2^127 − 1, half of UHUGEINT's range: the one pair the
  // digits do not tell apart (format u128 → i128 narrows).
  if (fromElement.name === "UHUGEINT" && toElement.name === "HUGEINT") return false;
  const asPostgres = ({ name, brackets }: { name: string; brackets: string }) => {
    const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(name);
    return `${decimal ? `numeric(${decimal[1]},${decimal[2]})` : (DUCKDB_AS_POSTGRES[name] ?? UNSIGNED_AS_POSTGRES[name] ?? name)}${brackets}`;
  };
  return isWidening(asPostgres(fromElement), asPostgres(toElement));
}

/** A DuckDB type's element type and array brackets: `BIGINT[]` → BIGINT, `[]`. */
function elementOf(type: string): { name: string; brackets: string } {
  const [, name, brackets] = /^(.*?)((?:\[\])*)$/.exec(type)!;
  return { name: name!, brackets: brackets! };
}

function spellAsDuckDb(type: string): string {
  return type
    .trim()
    .toUpperCase()
    .replace(/\s*,\s*/g, ",")
    .replace(/\s*\(\s*/g, "(")
    .replace(/\s*\)/g, ")")
    .replace(/^[A-Z0-9_]+/, (name) => TYPE_ALIASES[name] ?? name);
}

/** `"name" TYPE NOT NULL`. */
export function columnDefinition(column: ColumnSpec, type: string): string {
  return `${quoteIdentifier(column.name)} ${type}${column.required ? " NOT NULL" : ""}`;
}

/**
 * A column's comment: its description, then what a reader of the warehouse needs and cannot see in
 * the table's DDL: its classification and, since the local warehouse declares no PRIMARY KEY, that
 * it is (part of) the contract's key; as DuckDB holds it, to compare with the comment found. Undefined
 * when there is nothing to say.
 */
export function columnComment(table: TableSpec, column: ColumnSpec): string | undefined {
  const notes: string[] = [];
  if (column.classification) notes.push(`classification: ${column.classification}`);
  const key = table.primaryKey.indexOf(column.name);
  if (key >= 0) notes.push(table.primaryKey.length > 1 ? `primary key (${key + 1} of ${table.primaryKey.length})` : "primary key");
  if (column.unique) notes.push("unique");
  const parts = [column.description?.trim(), notes.length > 0 ? `[${notes.join("; ")}]` : undefined].filter((p): p is string => p !== undefined && p !== "");
  return parts.length > 0 ? duckdbText(parts.join(" ")) : undefined;
}

export function commentStatement(kind: "TABLE" | "COLUMN", target: string, comment: string | undefined): string {
  return `COMMENT ON ${kind} ${target} IS ${comment === undefined ? "NULL" : stringLiteral(comment)}`;
}
