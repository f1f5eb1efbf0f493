/**
 * The SQL pieces the PostgreSQL planner writes: quoted identifiers, escaped literals, column types in
 * the server's own spelling (so a plan can compare what it wants with what `format_type` reports),
 * which type changes only widen a column, and the masking expression of a sensitive column.
 *
 * Nothing here interpolates a value unquoted: identifiers go through `pg.escapeIdentifier` (double
 * quotes, inner quotes doubled), literals through `pg.escapeLiteral`, and a column type is only ever
 * one of the shapes `types.ts` produces, checked against SAFE_TYPE before it is written.
 */
import type { ColumnMasking } from "@meshkit/core";
import { createHash } from "node:crypto";
import pg from "pg";

export const ident = (name: string): string => pg.escapeIdentifier(name);
/**
 * Text as PostgreSQL can hold it: NUL (U+0000), which no text value may contain (the server refuses the
 * whole message), becomes U+FFFD, as the local warehouse does. What the plan compares with the server's
 * comments goes through it too, so a description with a NUL is written once, not again on every plan.
 */
export const postgresText = (value: string): string => value.replace(/\0/g, "\uFFFD");

/** `'…'` with quotes doubled; `E'…'` when the value has a backslash (pg's escapeLiteral, without its leading space); NUL as U+FFFD. */
export const literal = (value: string): string => pg.escapeLiteral(postgresText(value)).trimStart();

/** `"schema"."name"`. */
export const qualified = (schema: string, name: string): string => `${ident(schema)}.${ident(name)}`;

/** A comment's text, or NULL to remove it. */
export const commentLiteral = (value: string | null): string => (value === null ? "NULL" : literal(value));

/** The shapes of type `types.ts` writes for postgres: words, an optional (n) or (p,s), array brackets. */
const SAFE_TYPE = /^[a-z][a-z0-9_ ]{0,40}(\(\d{1,8}(,\d{1,4})?\))?(\[\])*$/;

/** Whether `type` may be written into DDL as it is. */
export function isSafeType(type: string): boolean {
  return SAFE_TYPE.test(type);
}

const ALIASES: Record<string, string> = {
  varchar: "character varying",
  "char varying": "character varying",
  char: "character",
  bpchar: "character",
  int: "integer",
  int4: "integer",
  int8: "bigint",
  int2: "smallint",
  float8: "double precision",
  float: "double precision",
  float4: "real",
  decimal: "numeric",
  bool: "boolean",
  timestamp: "timestamp without time zone",
  timestamptz: "timestamp with time zone",
  time: "time without time zone",
  timetz: "time with time zone",
};

/**
 * A type as PostgreSQL's `format_type` prints it: `varchar(20)` → `character varying(20)`,
 * `timestamptz` → `timestamp with time zone`, `numeric(12, 2)` → `numeric(12,2)`, `text[]` stays.
 */
export function canonicalType(type: string): string {
  let base = type.trim().toLowerCase().replace(/\s+/g, " ");
  let brackets = "";
  while (base.endsWith("[]")) {
    brackets += "[]";
    base = base.slice(0, -2).trimEnd();
  }
  const match = /^([a-z][a-z0-9 ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(base);
  if (!match) return `${base}${brackets}`;
  const name = ALIASES[match[1]!] ?? match[1]!;
  const [p, s] = [match[2], match[3]];
  if (name === "numeric" && p !== undefined) return `numeric(${p},${s ?? 0})${brackets}`;
  if (name === "character" && p === undefined) return `character(1)${brackets}`;
  return `${name}${p !== undefined ? `(${p}${s !== undefined ? `,${s}` : ""})` : ""}${brackets}`;
}

/** Text columns, which the masked view hashes (every other sensitive column reads NULL). */
export function isTextType(canonical: string): boolean {
  return canonical === "text" || /^character( varying)?(\(\d+\))?$/.test(canonical);
}

const INTEGER_WIDTH: Record<string, number> = { smallint: 2, integer: 4, bigint: 8 };
/** Decimal digits of each integer type's widest value (bigint's 9223372036854775807 has 19). */
const INTEGER_DIGITS: Record<string, number> = { smallint: 5, integer: 10, bigint: 19 };

/**
 * Whether changing a column from `from` to `to` (both canonical) keeps every value as it is: a longer
 * varchar, varchar to text, a wider integer, an integer into a numeric with room for its digits, more
 * digits before the point, real to double, an array of any of these. Any other
 * change may fail or change values, so the plan calls it destructive.
 */
export function isWidening(from: string, to: string): boolean {
  if (from === to) return true;
  // An array widens as its elements do (PostgreSQL casts them one by one).
  const element = (t: string) => /^(.*?)((?:\[\])+)$/.exec(t);
  const [fromArray, toArray] = [element(from), element(to)];
  if (fromArray || toArray) return fromArray !== null && toArray !== null && fromArray[2] === toArray[2] && isWidening(fromArray[1]!, toArray[1]!);
  const varchar = (t: string) => /^character varying(?:\((\d+)\))?$/.exec(t);
  const fromVarchar = varchar(from);
  if (fromVarchar) {
    if (to === "text") return true;
    const toVarchar = varchar(to);
    if (!toVarchar) return false;
    if (toVarchar[1] === undefined) return true;
    return fromVarchar[1] !== undefined && Number(toVarchar[1]) >= Number(fromVarchar[1]);
  }
  if (INTEGER_WIDTH[from] !== undefined && INTEGER_WIDTH[to] !== undefined) return INTEGER_WIDTH[to]! >= INTEGER_WIDTH[from]!;
  if (INTEGER_WIDTH[from] !== undefined && to === "numeric") return true;
  const numeric = (t: string) => /^numeric\((\d+),(\d+)\)$/.exec(t);
  // An integer into a numeric with as many digits before the point: bigint → numeric(20,0) (format u64), numeric(39,0) (i128).
  const toDecimal = numeric(to);
  if (INTEGER_DIGITS[from] !== undefined && toDecimal) return Number(toDecimal[1]) - Number(toDecimal[2]) >= INTEGER_DIGITS[from]!;
  const fromNumeric = numeric(from);
  if (fromNumeric) {
    if (to === "numeric") return true;
    const toNumeric = numeric(to);
    if (!toNumeric) return false;
    const [p1, s1, p2, s2] = [fromNumeric[1], fromNumeric[2], toNumeric[1], toNumeric[2]].map(Number) as [number, number, number, number];
    return s2 >= s1 && p2 - s2 >= p1 - s1;
  }
  return from === "real" && to === "double precision";
}

/**
 * The masked view's expression for a sensitive column: a text value becomes the hex SHA-256 of its
 * UTF-8 bytes (the same value always hashes the same, so joins and distinct counts still work; NULL
 * stays NULL); any other type reads NULL of the column's own type. Functions are schema-qualified, so a
 * search_path cannot swap them.
 */
export function maskedExpression(column: string, canonical: string, sqlType: string): { sql: string; type: string; masking: ColumnMasking } {
  if (isTextType(canonical)) {
    return { sql: `pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(${ident(column)}, 'UTF8')), 'hex')`, type: "text", masking: "sha256" };
  }
  return { sql: `NULL::${sqlType}`, type: canonical, masking: "null" };
}

/** A short, stable digest of a view's definition, kept in its comment to tell whether it changed. */
export function fingerprint(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
