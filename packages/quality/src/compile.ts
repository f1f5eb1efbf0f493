/**
 * Check plan → SQL. All of an object's row-level checks (null, missing, invalid, length, pattern, range,
 * key nulls, newest/oldest timestamps) and its row count are compiled into ONE aggregate scan; each
 * distinct set of uniqueness columns is one GROUP BY query; each SQL rule is its own query. Values go
 * through `ValueSink`: bound `$n` parameters for runners that bind them, escaped literals otherwise.
 */
import type { Check, ObjectPlan, QualityPlan, RowCondition, SqlLiteral } from "./checks.js";
import { substituteSqlPlaceholders } from "./quality-rules.js";
import type { Dialect } from "./dialects.js";
import { MASKED_VALUE } from "./masking.js";

export type SqlParameter = string | number | boolean;

export interface CompiledQuery {
  sql: string;
  /** Values of `$1`, `$2`, … in order; empty when values are inlined. */
  params: SqlParameter[];
}

export interface CompileOptions {
  /** Name parts of the object's table or view (e.g. `[schema, table]`); default `[object.physicalName]`. */
  relation?: readonly string[];
  /** `bound`: values as `$n` parameters (needs a dialect that has them); `inline` (default): escaped literals. */
  parameters?: "bound" | "inline";
}

/**
 * Where a check's measurement is in the scan's single result row (column 0 is the row count): failing
 * rows, a key's null rows, or the epoch seconds of the newest/oldest value, by the check's measure.
 */
export interface ScanTerm {
  checkId: string;
  column: number;
}

export interface ObjectScan {
  query: CompiledQuery;
  terms: ScanTerm[];
}

export interface DuplicateQuery {
  columns: string[];
  /** The duplicateRows and keyViolations checks that read this query's `duplicate_rows`. */
  checkIds: string[];
  query: CompiledQuery;
}

/** Checks measured by the scan. */
export function isScanCheck(check: Check): boolean {
  const kind = check.measure.kind;
  return kind === "failingRows" || kind === "keyViolations" || kind === "age" || kind === "rowCount";
}

/** Collects the values of a query as parameters or literals. */
class ValueSink {
  readonly params: SqlParameter[] = [];

  constructor(
    private readonly dialect: Dialect,
    private readonly mode: "bound" | "inline",
  ) {
    if (mode === "bound" && !dialect.parameterPlaceholder) throw new Error(`the ${dialect.name} dialect has no bound parameters; compile it with parameters: "inline"`);
  }

  value(value: SqlParameter): string {
    if (this.mode === "bound") {
      this.params.push(value);
      return this.dialect.parameterPlaceholder!(this.params.length);
    }
    if (typeof value === "string") return this.dialect.stringLiteral(value);
    if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }

  literal(literal: SqlLiteral): string {
    if (literal.type === "date" || literal.type === "timestamp" || literal.type === "time") return `CAST(${this.value(literal.value)} AS ${literal.type.toUpperCase()})`;
    return this.value(literal.value);
  }
}

function relationOf(object: ObjectPlan, dialect: Dialect, options: CompileOptions): string {
  return (options.relation ?? [object.physicalName]).map((part) => dialect.quoteIdentifier(part)).join(".");
}

/** Text for a `--` comment: names come from the contract, and a line break would end the comment. */
function commentText(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, " ");
}

function renderCondition(condition: RowCondition, dialect: Dialect, sink: ValueSink): string {
  const q = (column: string) => dialect.quoteIdentifier(column);
  const operand = (column: string, text: boolean) => (text ? dialect.castToText(q(column)) : q(column));
  const list = (values: readonly SqlLiteral[]) => values.map((v) => sink.literal(v)).join(", ");
  switch (condition.kind) {
    case "isNull":
      return condition.columns.map((c) => `${q(c)} IS NULL`).join(" OR ");
    case "inList": {
      const parts = [...(condition.orNull ? [`${q(condition.column)} IS NULL`] : []), ...(condition.values.length > 0 ? [`${operand(condition.column, condition.text)} IN (${list(condition.values)})`] : [])];
      return parts.length > 0 ? parts.join(" OR ") : "FALSE";
    }
    case "notInList": {
      const notNull = `${q(condition.column)} IS NOT NULL`;
      return condition.values.length > 0 ? `${notNull} AND ${operand(condition.column, condition.text)} NOT IN (${list(condition.values)})` : notNull;
    }
    case "notMatching":
      return `${q(condition.column)} IS NOT NULL AND NOT ${dialect.regexContains(operand(condition.column, condition.text), sink.value(condition.pattern))}`;
    case "length":
      return `${dialect.charLength(operand(condition.column, condition.text))} ${condition.operator} ${sink.value(condition.value)}`;
    case "compare":
      return `${q(condition.column)} ${condition.operator} ${sink.literal(condition.value)}`;
    case "anyOf":
      return condition.conditions.map((c) => `(${renderCondition(c, dialect, sink)})`).join(" OR ");
  }
}

/**
 * The one aggregate query of an object: `count(*)` first, then one term per distinct measurement.
 * Checks asking the same question (e.g. `required` and a nullValues rule on one column) share a term.
 */
export function compileObjectScan(object: ObjectPlan, dialect: Dialect, options: CompileOptions = {}): ObjectScan {
  const sink = new ValueSink(dialect, options.parameters ?? "inline");
  const expressions: { sql: string; checkIds: string[] }[] = [{ sql: "count(*) AS row_count", checkIds: [] }];
  const columnByKey = new Map<string, number>();
  const terms: ScanTerm[] = [];
  const addTerm = (check: Check, key: string, render: () => string) => {
    let column = columnByKey.get(key);
    if (column === undefined) {
      column = expressions.length;
      expressions.push({ sql: `${render()} AS m${column}`, checkIds: [] });
      columnByKey.set(key, column);
    }
    expressions[column]!.checkIds.push(check.id);
    terms.push({ checkId: check.id, column });
  };
  for (const check of object.checks) {
    const measure = check.measure;
    if (measure.kind === "failingRows") {
      addTerm(check, JSON.stringify(measure.condition), () => dialect.countWhere(renderCondition(measure.condition, dialect, sink)));
    } else if (measure.kind === "keyViolations") {
      const condition: RowCondition = { kind: "isNull", columns: measure.columns };
      addTerm(check, JSON.stringify(condition), () => dialect.countWhere(renderCondition(condition, dialect, sink)));
    } else if (measure.kind === "age") {
      const aggregate = measure.end === "newest" ? "max" : "min";
      addTerm(check, `${measure.end}\u0000${measure.column}`, () => dialect.epochSeconds(`${aggregate}(${dialect.quoteIdentifier(measure.column)})`));
    }
  }
  const scanned = object.checks.filter(isScanCheck).length;
  const lines = expressions.map((e, i) => {
    const separator = i < expressions.length - 1 ? "," : "";
    const comment = e.checkIds.length > 0 ? ` -- ${commentText(e.checkIds.join(", "))}` : "";
    return `  ${e.sql}${separator}${comment}`;
  });
  const sql = [`-- ${commentText(object.name)}: one scan for ${scanned} check${scanned === 1 ? "" : "s"}`, "SELECT", ...lines, `FROM ${relationOf(object, dialect, options)}`].join("\n");
  return { query: { sql, params: sink.params }, terms };
}

/**
 * One GROUP BY per distinct column set of the object's uniqueness checks (unique, duplicateValues,
 * primary key). Rows with a null in the columns are left out: SQL keys ignore them, and null counts are
 * other checks. `duplicate_rows` counts every copy after the first; `duplicated_values` the repeated keys.
 */
export function compileDuplicateQueries(object: ObjectPlan, dialect: Dialect, options: CompileOptions = {}): DuplicateQuery[] {
  const groups = new Map<string, DuplicateQuery>();
  for (const check of object.checks) {
    const measure = check.measure;
    if (measure.kind !== "duplicateRows" && measure.kind !== "keyViolations") continue;
    const key = JSON.stringify(measure.columns);
    const group = groups.get(key);
    if (group) {
      group.checkIds.push(check.id);
      continue;
    }
    const columns = measure.columns.map((c) => dialect.quoteIdentifier(c));
    const sql = [
      `-- ${commentText(object.name)}: duplicates of (${commentText(measure.columns.join(", "))})`,
      "SELECT count(*) AS duplicated_values, coalesce(sum(n) - count(*), 0) AS duplicate_rows",
      "FROM (",
      `  SELECT count(*) AS n FROM ${relationOf(object, dialect, options)}`,
      `  WHERE ${columns.map((c) => `${c} IS NOT NULL`).join(" AND ")}`,
      `  GROUP BY ${columns.join(", ")}`,
      "  HAVING count(*) > 1",
      ") AS duplicates",
    ].join("\n");
    groups.set(key, { columns: measure.columns, checkIds: [check.id], query: { sql, params: [] } });
  }
  return [...groups.values()];
}

/** A SQL rule's query with `{object}`/`{property}` replaced by quoted names, and no trailing `;`. */
export function compileSqlRule(check: Check, object: ObjectPlan, dialect: Dialect, options: CompileOptions = {}): CompiledQuery {
  if (check.measure.kind !== "sqlValue") throw new Error(`${check.id} is not a SQL rule`);
  const column = check.measure.column === undefined ? undefined : dialect.quoteIdentifier(check.measure.column);
  const sql = substituteSqlPlaceholders(check.measure.query, relationOf(object, dialect, options), column).trim().replace(/;+$/, "").trimEnd();
  return { sql: `-- ${commentText(check.id)}\n${sql}`, params: [] };
}

export interface SampleOptions extends CompileOptions {
  /** Columns present in the data, in the order to show; masked ones show `***` for any non-null value. */
  columns: readonly { column: string; masked: boolean }[];
  limit: number;
}

/** Masking happens in SQL, so classified values never leave the engine. `***` is a constant of ours, not a value: it is inlined. */
function sampleSelectList(columns: SampleOptions["columns"], dialect: Dialect): string {
  return columns
    .map(({ column, masked }) => {
      const q = dialect.quoteIdentifier(column);
      return masked ? `CASE WHEN ${q} IS NULL THEN NULL ELSE ${dialect.stringLiteral(MASKED_VALUE)} END` : q;
    })
    .join(", ");
}

/** A few rows failing a row-level check (for a primary key: rows with a null key column). */
export function compileFailingSample(object: ObjectPlan, check: Check, dialect: Dialect, options: SampleOptions): CompiledQuery {
  const measure = check.measure;
  const condition: RowCondition | undefined = measure.kind === "failingRows" ? measure.condition : measure.kind === "keyViolations" ? { kind: "isNull", columns: measure.columns } : undefined;
  if (!condition) throw new Error(`${check.id} has no failing rows to sample`);
  const sink = new ValueSink(dialect, options.parameters ?? "inline");
  const select = sampleSelectList(options.columns, dialect);
  const where = renderCondition(condition, dialect, sink);
  return { sql: `SELECT ${select} FROM ${relationOf(object, dialect, options)} WHERE ${where} LIMIT ${options.limit}`, params: sink.params };
}

/** The most repeated keys of a uniqueness check, each with its number of rows (the last column). */
export function compileDuplicateSample(object: ObjectPlan, columns: readonly string[], dialect: Dialect, options: SampleOptions): CompiledQuery {
  const keys = columns.map((c) => dialect.quoteIdentifier(c));
  const shown = options.columns.filter((c) => columns.includes(c.column));
  const sql =
    `SELECT ${sampleSelectList(shown, dialect)}, count(*) FROM ${relationOf(object, dialect, options)} ` +
    `WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(" AND ")} GROUP BY ${keys.join(", ")} HAVING count(*) > 1 ` +
    `ORDER BY count(*) DESC, ${keys.join(", ")} LIMIT ${options.limit}`;
  return { sql, params: [] };
}

export interface EmittedStatement {
  object: string;
  checkIds: string[];
  sql: string;
}

export interface EmitOptions {
  /** Name parts of each object's table (e.g. from the contract's server); default its physicalName. */
  relation?: (object: ObjectPlan) => readonly string[];
}

/**
 * Every statement a plan needs in a dialect, values inlined as escaped literals: what `--emit-sql`
 * prints so the same checks can run where the data lives. One statement per batch: the object scan,
 * each duplicate query, each SQL rule. Unrunnable checks have no SQL.
 */
export function compilePlanStatements(plan: QualityPlan, dialect: Dialect, options: EmitOptions = {}): EmittedStatement[] {
  const statements: EmittedStatement[] = [];
  for (const object of plan.objects) {
    const compileOptions: CompileOptions = { parameters: "inline", ...(options.relation ? { relation: options.relation(object) } : {}) };
    const scan = compileObjectScan(object, dialect, compileOptions);
    statements.push({ object: object.name, checkIds: object.checks.filter(isScanCheck).map((c) => c.id), sql: scan.query.sql });
    for (const duplicates of compileDuplicateQueries(object, dialect, compileOptions)) {
      statements.push({ object: object.name, checkIds: duplicates.checkIds, sql: duplicates.query.sql });
    }
    for (const check of object.checks.filter((c) => c.measure.kind === "sqlValue")) {
      statements.push({ object: object.name, checkIds: [check.id], sql: compileSqlRule(check, object, dialect, compileOptions).sql });
    }
  }
  return statements;
}

/** Statements as one SQL script, each ended by `;`. */
export function renderStatements(statements: readonly EmittedStatement[]): string {
  return statements.map((s) => `${s.sql};\n`).join("\n");
}
