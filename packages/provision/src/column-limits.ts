/**
 * How many columns a table may have on each target, from the engines' documentation. Each engine
 * refuses a wider table only when it is created (PostgreSQL: `tables can have at most 1600 columns`),
 * so without this check the plan of a pull request passes and the apply on the main branch fails.
 * DuckDB, Snowflake and Glue document no column count, so they have no entry here.
 */
import type { TargetDialect } from "./types.js";

interface ColumnLimit {
  engine: string;
  columns: number;
  /** What else the limit covers, for the message. */
  also?: string;
}

const COLUMN_LIMITS: Partial<Record<TargetDialect, ColumnLimit>> = {
  // MaxHeapAttributeNumber (https://www.postgresql.org/docs/current/limits.html); the masked view
  // meshkit makes beside a table with sensitive columns has the same columns, so it fits when the table does.
  postgres: { engine: "PostgreSQL", columns: 1600, also: "and its masked view" },
  // "Maximum columns in a table, query result, or view definition" (https://cloud.google.com/bigquery/quotas).
  bigquery: { engine: "BigQuery", columns: 10_000 },
};

/** Why table `table` cannot have `count` columns on the target of `dialect`, as a sentence without its full stop, or undefined when it can. */
export function columnCountProblem(dialect: TargetDialect, table: string, count: number): string | undefined {
  const limit = COLUMN_LIMITS[dialect];
  if (limit === undefined || count <= limit.columns) return undefined;
  return `Table \`${table}\` has ${count} columns, and a ${limit.engine} table${limit.also ? ` (${limit.also})` : ""} can have at most ${limit.columns}: split the schema object into narrower ones (or nest related properties in an object)`;
}

/**
 * Why `added` new columns cannot be added to the existing PostgreSQL table `table`, which has used
 * `columnNumbers` column numbers (pg_class.relnatts), or undefined when they can. A dropped column keeps
 * its number, so a table whose contract stays under 1,600 columns can still be refused ADD COLUMN.
 */
export function postgresColumnNumbersProblem(table: string, columnNumbers: number, added: number): string | undefined {
  const max = COLUMN_LIMITS.postgres!.columns;
  if (added === 0 || columnNumbers + added <= max) return undefined;
  return `Table ${table} has used ${columnNumbers} of PostgreSQL's ${max} column numbers (a dropped column keeps its number until the table is made anew), so adding ${added} column${added === 1 ? "" : "s"} would fail at apply: recreate the table (CREATE TABLE … AS SELECT, then swap the names), or add fewer columns`;
}
