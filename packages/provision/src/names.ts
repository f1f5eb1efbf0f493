/**
 * Names that become identifiers (schemas, tables, columns, roles) and path segments (lake folders).
 * Every identifier is also quoted wherever it is written; validating first means a name with a quote,
 * `;`, a space or a path separator is refused with a finding instead of being escaped into something
 * nobody asked for. Case is kept: the warehouses fold unquoted names differently, so meshkit quotes.
 */

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
  return `The ${kind} name ${shown} is not an identifier: use letters, digits and _ (starting with a letter or _), no quotes, spaces, ; or path separators`;
}

function valueKind(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `the ${typeof value} ${String(value)}`;
}
