/**
 * The SQL dialects meshkit test writes (`--emit-sql --dialect`): here, beside the read-only guard, which reads a
 * query as each dialect's engine reads quotes and comments; quality's dialects.ts writes SQL for each.
 */
export const DIALECT_NAMES = ["duckdb", "postgres", "snowflake", "bigquery", "trino", "spark"] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];
