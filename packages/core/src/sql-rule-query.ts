import { DIALECT_NAMES } from "./sql-dialects.js";
import { inspectReadOnlySql, replaceInCode } from "./sql-guard.js";

/**
 * Why meshkit test refuses a `type: sql` rule's query before anything runs: `missing` (no query, or a blank
 * one), `placeholder` (a misspelt placeholder, or {property} in an object's rule) or `not-read-only` (the guard's
 * refusal). `reason` is the test's words (`Not checked: <reason>.`). One decision for contract-test, which plans the
 * rule with it, and contract-lint, which reports it at the same rule before the data is read.
 */
export interface SqlQueryProblem {
  kind: "missing" | "placeholder" | "not-read-only";
  reason: string;
}

/** Anything written like a placeholder: a word in braces, `$` before or not, spaces inside or not. */
const PLACEHOLDER_LIKE = /\$?\{\s*\w+\s*\}/g;

/**
 * What the query writes like a placeholder where one would be put in: in code under some engine's reading, not
 * in a string or a comment, which the test's substitution leaves as they are written.
 */
function placeholdersInCode(query: string): string[] {
  const found = new Map<number, string>();
  for (const dialect of DIALECT_NAMES) {
    replaceInCode(
      query,
      PLACEHOLDER_LIKE,
      (match) => {
        found.set(match.index, match[0]);
        return match[0];
      },
      dialect,
    );
  }
  return [...found].sort(([a], [b]) => a - b).map(([, text]) => text);
}

/**
 * The first problem of a sql rule's `query` (anything but text counts as missing), for a rule on an object or on a
 * property (at any depth); undefined when the test would run it.
 */
export function sqlQueryProblem(query: unknown, level: "object" | "property"): SqlQueryProblem | undefined {
  if (typeof query !== "string" || query.trim() === "") return { kind: "missing", reason: "has no query: a sql rule needs `query`, a SELECT returning one value" };
  const placeholders = placeholdersInCode(query);
  // `{Object}` or `{ object }` would reach the engine as written (a syntax error there) in one query, and be
  // read as the table in another (the scan's counting shape): said once, before anything runs.
  const unknown = placeholders.find((text) => !/^\$?\{(?:object|table|property|column)\}$/.test(text));
  if (unknown !== undefined) {
    return { kind: "placeholder", reason: `writes \`${unknown}\`, which is no placeholder: write {object} (or {table}) for the table and {property} (or {column}) for the column, in lower case without spaces` };
  }
  if (level === "object" && placeholders.some((text) => /\{(?:property|column)\}/.test(text))) {
    return { kind: "placeholder", reason: "uses {property} but is an object-level rule: move it under a property, or name the column" };
  }
  const inspection = inspectReadOnlySql(query);
  return inspection.readOnly ? undefined : { kind: "not-read-only", reason: `query ${inspection.reason}` };
}
