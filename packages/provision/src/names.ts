/**
 * Names that become identifiers (schemas, tables, columns, roles) and path segments (lake folders).
 * Every identifier is also quoted wherever it is written; validating first means a name with a quote,
 * `;`, a space or a path separator is refused with a finding instead of being escaped into something
 * nobody asked for. Case is kept: the warehouses fold unquoted names differently, so meshkit quotes.
 */

import type { TargetDialect } from "./types.js";

/** Letters, digits and `_`, starting with a letter or `_`; at most 63 characters (PostgreSQL's limit). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export type NameKind = "domain" | "product" | "table" | "column" | "role";

/** Why `name` cannot be a `kind` name, as a sentence ("The column name … is not an identifier: …"), or undefined when it can. */
export function nameProblem(kind: NameKind, name: unknown): string | undefined {
  if (name === undefined || name === null || name === "") return `A ${kind} needs a name`;
  // YAML reads `domain: 123` as a number: say so, rather than that the name is missing.
  if (typeof name !== "string") return `The ${kind} name must be text (letters, digits and _), not ${valueKind(name)}`;
  if (IDENTIFIER.test(name)) return undefined;
  const shown = JSON.stringify(name.length > 70 ? `${name.slice(0, 67)}...` : name);
  if (name.length > 63) return `The ${kind} name ${shown} is longer than 63 characters`;
  // `größe` is made of letters, so "use letters" alone would not say what is wrong with it.
  const nonAscii = /\P{ASCII}/u.exec(name)?.[0];
  if (nonAscii !== undefined && /^[\p{L}\p{N}_]+$/u.test(name)) {
    return `The ${kind} name ${shown} is not an identifier: only ASCII letters (A-Z, a-z), digits and _ are, and ${JSON.stringify(nonAscii)} is not ASCII`;
  }
  return `The ${kind} name ${shown} is not an identifier: use letters, digits and _ (starting with a letter or _), no quotes, spaces, ; or path separators`;
}

/** PostgreSQL's system columns: every table has them, so `CREATE TABLE` and `ADD COLUMN` refuse the name (`oid` is an ordinary name since PostgreSQL 12). */
const POSTGRES_SYSTEM_COLUMNS = new Set(["tableoid", "xmin", "cmin", "xmax", "cmax", "ctid"]);
/** Prefixes BigQuery keeps for its pseudo-columns (`_PARTITIONTIME`, `_TABLE_SUFFIX`, `_FILE_NAME`…), in any case. */
const BIGQUERY_RESERVED_PREFIXES = ["_TABLE_", "_FILE_", "_PARTITION", "_ROW_TIMESTAMP", "__ROOT__", "_COLIDENTIFIER"];

/**
 * Why a column cannot be named `name` on the target of `dialect`, although it is an identifier, or
 * undefined. The target refuses such a name only when the table is made, so without this check the
 * plan of a pull request passes and the apply on the main branch fails.
 */
export function reservedColumnProblem(dialect: TargetDialect, name: string): string | undefined {
  // meshkit quotes names on PostgreSQL, so only the exact (lower-case) spelling is a system column.
  if (dialect === "postgres" && POSTGRES_SYSTEM_COLUMNS.has(name)) return `The column name "${name}" is a PostgreSQL system column, which every table already has`;
  const upper = name.toUpperCase();
  const prefix = dialect === "bigquery" ? BIGQUERY_RESERVED_PREFIXES.find((reserved) => upper.startsWith(reserved)) : undefined;
  if (prefix) return `The column name "${name}" starts with ${prefix}, which BigQuery reserves for its pseudo-columns (in any case)`;
  return undefined;
}

function valueKind(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `the ${typeof value} ${String(value)}`;
}
