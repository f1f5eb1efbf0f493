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
  // Counted in characters, not UTF-16 code units: 40 emoji are not "longer than 63 characters".
  const characters = [...name];
  const shown = showName(characters.length > 70 ? `${characters.slice(0, 67).join("")}...` : name);
  // Invisible (format) characters are not counted: a name of 63 letters with a zero-width space pasted in reads as
  // 63 characters long, and it is the invisible one that must go (said below).
  if (characters.filter((character) => !/\p{Cf}/u.test(character)).length > 63) return `The ${kind} name ${shown} is longer than 63 characters`;
  const disallowed = characters.find((character) => !/^[A-Za-z0-9_]$/.test(character));
  // Letters, digits and _ only, and still not an identifier: it starts with a digit.
  if (disallowed === undefined) return `The ${kind} name ${shown} is not an identifier: it starts with a digit; start it with a letter or _`;
  // `größe` is made of letters, so "use letters" alone would not say what is wrong with it; nor with `é` written
  // as e and a combining accent (U+0301), as text from macOS often is.
  if (/^[\p{L}\p{M}\p{N}_]+$/u.test(name)) {
    return `The ${kind} name ${shown} is not an identifier: only ASCII letters (A-Z, a-z), digits and _ are, and ${describeCharacter(disallowed)} is not ASCII`;
  }
  // A zero-width space, a soft hyphen or a byte order mark does not show: the name would read as a valid one.
  if (UNSEEN.test(disallowed)) {
    const space = /\p{Z}/u.test(disallowed);
    return `The ${kind} name ${shown} is not an identifier: it holds ${describeCharacter(disallowed)}, often pasted in with the name: ${space ? "write _ instead" : "remove it"}`;
  }
  const nonAscii = /\P{ASCII}/u.test(disallowed) ? ` (${describeCharacter(disallowed)} is not ASCII)` : "";
  return `The ${kind} name ${shown} is not an identifier: use letters, digits and _ (starting with a letter or _), no quotes, spaces, ; or path separators${nonAscii}`;
}

/** Characters that do not show, or show as a space: format and control characters, and the spaces other than ASCII's. */
const UNSEEN = /^(?:[\p{C}\p{Zl}\p{Zp}]|(?! )\p{Zs})$/u;

/** A name in quotes, with what would not show in it (invisible characters, non-ASCII spaces, combining marks) written as `\u{…}`. */
function showName(name: string): string {
  return JSON.stringify(name).replace(/[\p{C}\p{Z}\p{M}]/gu, (character) => (character === " " ? character : `\\u{${codePoint(character)}}`));
}

/** `"ö"`, or `U+0301 (a combining mark…)`, `U+00A0 (a space)`, `U+200B (an invisible character)` for one that does not show as itself. */
function describeCharacter(character: string): string {
  if (/\p{M}/u.test(character)) return `U+${codePoint(character)} (a combining mark, on the character before it)`;
  if (/\p{Z}/u.test(character)) return `U+${codePoint(character)} (a space that is not the ASCII one)`;
  if (/\p{C}/u.test(character)) return `U+${codePoint(character)} (an invisible character)`;
  return JSON.stringify(character);
}

function codePoint(character: string): string {
  return character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
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
