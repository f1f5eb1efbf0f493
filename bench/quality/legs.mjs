// The legs of bench/quality, each timed from opening DuckDB to its last result:
//   meshkit   `testContracts` as `meshkit test orders.odcs.yaml --data FILE` runs it (one scan per
//             object, a GROUP BY per key, the SQL rule, samples of the failed checks); and with
//             `--samples 0` (the same counts, no sample queries: the like-for-like with the hand leg);
//   per-rule  one query per rule, as tools that run each check on its own do: on CSV each query parses
//             the file again;
//   hand      every measure in one hand-written aggregate statement: the physical limit. Written two
//             ways, as which is faster depends on the format and the load: one pass with
//             count(DISTINCT) for the key, or the aggregate plus the key's GROUP BY as a scalar subquery;
//   profile   meshkit's executePlan with every query timed (not a measurement: one run, for the why).
// Every leg returns the failing count it measured per rule (meshkit's check ids), checked by run.mjs.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { DuckDBInstance } from "@duckdb/node-api";

/** The contract's "now" (it has no SLA, so only the results document shows it). */
const NOW = new Date("2026-11-30T06:00:00Z");

/** The same email pattern as meshkit's `format: email` (STRING_FORMAT_PATTERNS). */
const EMAIL = "^[^@ ]+@[^@ ]+[.][^@ ]+$";

/**
 * The failing rows of every row-level rule, written by hand with the contract's meaning. `percent`
 * rules are compared with the row count, so a tool checking them alone counts the rows too.
 */
const FAILING = [
  { id: "orders.order_id.required", where: "order_id IS NULL" },
  { id: "orders.customer_id.customer_id_nulls", where: "customer_id IS NULL" },
  { id: "orders.customer_email.format", where: `NOT regexp_matches(customer_email, '${EMAIL}')` },
  { id: "orders.customer_email.email_nulls_percent", where: "customer_email IS NULL", percent: true },
  { id: "orders.status.status_valid", where: "status NOT IN ('placed', 'shipped', 'delivered', 'cancelled', 'returned')" },
  { id: "orders.status.status_missing_percent", where: "status IS NULL OR status IN ('', 'n/a')", percent: true },
  { id: "orders.amount.minimum", where: "amount < 0" },
  { id: "orders.amount.maximum", where: "amount > 10000" },
  { id: "orders.quantity.quantity_valid", where: "quantity NOT IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)" },
  { id: "orders.country.pattern", where: "NOT regexp_matches(country, '^[A-Z]{2}$')" },
  { id: "orders.sku.minLength", where: "length(sku) < 8" },
  { id: "orders.sku.maxLength", where: "length(sku) > 12" },
  { id: "orders.ordered_at.required", where: "ordered_at IS NULL" },
  { id: "orders.ordered_at.minimum", where: "ordered_at < TIMESTAMP '2020-01-01 00:00:00'" },
  { id: "orders.shipped_on.maximum", where: "shipped_on > DATE '2026-11-30'" },
  { id: "orders.shipped_before_ordered", where: "shipped_on < CAST(ordered_at AS DATE)" },
];

/** Rows repeating an earlier row's order_id (every copy after the first), as unique and duplicateValues count them. */
const DUPLICATE_ROWS = "SELECT coalesce(sum(n) - count(*), 0) FROM (SELECT count(*) AS n FROM orders WHERE order_id IS NOT NULL GROUP BY order_id HAVING count(*) > 1)";

/** One query per rule. A primary key is one query too: null keys and repeated keys from one GROUP BY. */
const PER_RULE = [
  ...FAILING.map(({ id, where, percent }) => ({ id, sql: `SELECT count(*) FILTER (WHERE ${where})${percent ? ", count(*)" : ""} FROM orders` })),
  { id: "orders.order_id.unique", sql: DUPLICATE_ROWS },
  { id: "orders.order_id.order_id_duplicates", sql: DUPLICATE_ROWS },
  {
    id: "orders.order_id.primaryKey",
    sql: "SELECT coalesce(sum(CASE WHEN order_id IS NULL THEN n ELSE n - 1 END), 0) FROM (SELECT order_id, count(*) AS n FROM orders GROUP BY order_id HAVING order_id IS NULL OR count(*) > 1)",
  },
  { id: "orders.row_count", sql: "SELECT count(*) FROM orders" },
];

/**
 * The hand-written statement, with the duplicate rows measured by `duplicates` (an expression). Counts are
 * `count(CASE WHEN … THEN 1 END)`, DuckDB's faster form (one projection; each `FILTER` is a filter of its
 * own), which meshkit's scan uses too: the limit is the best this machine can do.
 */
const handSql = (duplicates) =>
  ["SELECT", "  count(*) AS rows,", ...FAILING.map(({ where }, i) => `  count(CASE WHEN ${where} THEN 1 END) AS f${i},`), `  ${duplicates} AS duplicate_rows`, "FROM orders"].join("\n");

export const HAND_SQL = {
  "one pass": handSql("count(order_id) - count(DISTINCT order_id)"),
  "aggregate + GROUP BY subquery": handSql(`(${DUPLICATE_ROWS})`),
};

/**
 * The view every hand-run leg reads, with meshkit's reading of CSV: a quoted "" is an empty string, not NULL,
 * and 4 MiB buffers (CSV_BUFFER_BYTES in packages/quality/src/duckdb.ts), the faster setting for every leg.
 */
function viewSql(format, file) {
  const reader =
    format === "parquet"
      ? `read_parquet('${file}')`
      : `read_csv('${file}', allow_quoted_nulls = false, buffer_size = ${4 * 1024 * 1024}, types = {'customer_email': 'VARCHAR', 'status': 'VARCHAR', 'country': 'VARCHAR', 'sku': 'VARCHAR'})`;
  return `CREATE VIEW orders AS SELECT * FROM ${reader}`;
}

/** Opens DuckDB (default settings: one thread per core) with the `orders` view; `query` returns the first row as numbers. */
async function openOrders(format, file) {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(viewSql(format, file));
  const query = async (sql) => (await connection.runAndReadAll(sql)).getRowsJS()[0].map(Number);
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  return { query, close };
}

async function perRule({ format, files }) {
  const t0 = performance.now();
  const db = await openOrders(format, files[format]);
  const counts = {};
  try {
    for (const { id, sql } of PER_RULE) counts[id] = (await db.query(sql))[0];
  } finally {
    db.close();
  }
  return { ms: performance.now() - t0, counts, queries: PER_RULE.length };
}

/** Rule counts from the measures of the hand-written statement: the key's null count serves two rules. */
function countsOfHandRow([rows, ...measures]) {
  const duplicateRows = measures[FAILING.length];
  const counts = Object.fromEntries(FAILING.map(({ id }, i) => [id, measures[i]]));
  counts["orders.order_id.unique"] = duplicateRows;
  counts["orders.order_id.order_id_duplicates"] = duplicateRows;
  counts["orders.order_id.primaryKey"] = counts["orders.order_id.required"] + duplicateRows;
  counts["orders.row_count"] = rows;
  return counts;
}

const hand = (form) => async ({ format, files }) => {
  const t0 = performance.now();
  const db = await openOrders(format, files[format]);
  try {
    const counts = countsOfHandRow(await db.query(HAND_SQL[form]));
    return { ms: performance.now() - t0, counts, queries: 1 };
  } finally {
    db.close();
  }
};

/** The schema's own checks (column exists, column type) have no counts to compare. */
const isSchemaCheck = (result) => result.rule === "schema-column-exists" || result.rule === "schema-column-type";

/** `meshkit test` as a user runs it; `sampleSize: 0` is `--samples 0`, the counts without the sample queries. */
const meshkit = (sampleSize) => async ({ lib, format, files }) => {
  const t0 = performance.now();
  const { findings, run } = await lib.testContracts({ cwd: dirname(files.contract), paths: [files.contract], data: files[format], now: NOW, ...(sampleSize !== undefined ? { sampleSize } : {}) });
  const ms = performance.now() - t0;
  const counts = {};
  for (const result of run.contracts[0].checks) {
    if (result.status === "error") throw new Error(`${result.id} could not run: ${result.message}`);
    // A row-level check counts failing rows (its `measured` may be a percent); a row count or SQL rule measures a value.
    if (!isSchemaCheck(result)) counts[result.id] = result.failedRows ?? result.measured;
  }
  const unreadable = findings.filter((f) => f.ruleId === "quality-data-unreadable");
  if (unreadable.length > 0) throw new Error(unreadable.map((f) => f.message).join("\n"));
  return { ms, counts, summary: run.summary };
};

/** What a query of meshkit's is, from the SQL compile.ts writes. */
function queryKind(sql) {
  if (/^-- orders: one scan/.test(sql)) return "the object scan (row-level checks, row count)";
  // (compile.ts names the checks first: `-- orders.order_id.unique, …: duplicates of (order_id) in orders …`)
  if (/^-- [^\n]*: duplicates of \(/.test(sql)) return "duplicates of order_id and the most repeated keys (GROUP BY)";
  if (/^-- orders\.shipped_before_ordered/.test(sql)) return "the SQL rule";
  if (/^SELECT CASE WHEN /.test(sql)) return "samples: the failed checks' failing rows, one streamed query";
  return "sample: failing rows (LIMIT 5)";
}

/** meshkit's own steps, with a timing executor between executePlan and DuckDB. */
async function profile({ lib, format, files }) {
  const t0 = performance.now();
  const contract = lib.loadText(files.contract, readFileSync(files.contract, "utf8")).documents[0].value;
  const plan = lib.planChecks(contract);
  const resolution = lib.resolveDataSource(contract, { baseDir: dirname(files.contract), cwd: dirname(files.contract), data: files[format], objects: plan.objects.map((o) => o.name) });
  if (!resolution.ok) throw new Error(resolution.problem);
  const executor = await lib.openDuckDb(resolution.source, plan.objects, (path) => path);
  const openMs = performance.now() - t0;
  const queries = [];
  const timed = (method) => async (query, ...rest) => {
    const q0 = performance.now();
    const rows = await executor[method](query, ...rest);
    queries.push({ kind: queryKind(query.sql), ms: performance.now() - q0, sql: query.sql.replace(/\s+/g, " ").slice(0, 200) });
    return rows;
  };
  const timing = { dialect: executor.dialect, parameters: executor.parameters, describe: (o) => executor.describe(o), queryValues: timed("queryValues"), queryJson: timed("queryJson"), queryFirstFlagged: timed("queryFirstFlagged") };
  try {
    await lib.executePlan(plan, timing, { now: NOW, sampleSize: 5 });
  } finally {
    executor.close();
  }
  return { ms: performance.now() - t0, openMs, queries };
}

export const LEGS = {
  meshkit: meshkit(),
  "meshkit --samples 0": meshkit(0),
  "per-rule": perRule,
  "hand: one pass": hand("one pass"),
  "hand: aggregate + GROUP BY subquery": hand("aggregate + GROUP BY subquery"),
  profile,
};
