// bench/quality inputs: an `orders` table with defects planted at fixed residues of the row number i,
// written by DuckDB itself (Parquet: N rows; CSV: the first N/2 of the same rows), the contract with
// the 20 rules that find them, and every rule's failing count in closed form (the Chinese remainder
// theorem over the residues, with inclusion–exclusion where one defect of a column hides another), so
// no engine's answer is the reference.
//
// Deterministic: the ordinary values come from DuckDB's hash(i, SEED) (any hash will do: they are
// built inside the valid ranges), the defects from i alone. Files are cached under bench/out/quality/
// in a folder named after the parameters and the generator's SQL.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";

export const DEFAULT_ROWS = 10_000_000;
export const SEED = 20261130;
const OUT = fileURLToPath(new URL("../out/quality/", import.meta.url));

/**
 * Residue classes [modulus, residue] of i where a defect is planted; the moduli are distinct primes.
 * Within a column the SQL CASE takes its first matching branch, so an earlier defect hides a later one.
 */
export const DEFECTS = {
  orderIdNull: [100003, 11], // order_id NULL
  orderIdDup: [10007, 3], // order_id = i, which is row i-1's id (every other row has i + 1)
  customerIdNull: [1223, 17],
  emailNull: [997, 0],
  emailBad: [1013, 7], // no @
  statusNull: [7919, 1],
  statusUnknown: [1009, 5], // 'unknown'
  statusEmpty: [2003, 9], // ''
  statusNa: [4001, 13], // 'n/a'
  amountNegative: [1021, 3],
  amountTooHigh: [2039, 4],
  quantityZero: [1031, 6],
  quantityHigh: [3041, 2], // 99
  countryLower: [1033, 8], // 'de'
  skuShort: [1039, 1], // 'SKU' (3 characters)
  skuLong: [1049, 2], // 'SKU-0123456789AB' (16)
  orderedNull: [1051, 10],
  orderedOld: [1061, 11], // 1999-06-15
  shippedFuture: [1063, 8], // 2030-01-01
  shippedEarly: [1069, 9], // three days before ordered_at
};

/** The table's n rows as one SELECT over range(n). */
export function ordersSelect(n, seed = SEED) {
  const at = (name) => `i % ${DEFECTS[name][0]} = ${DEFECTS[name][1]}`;
  return `
WITH g AS (
  SELECT i, h, TIMESTAMP '2024-01-01 00:00:00' + to_seconds((h % 63072000)::BIGINT) AS base
  FROM (SELECT i, hash(i, ${seed}) AS h FROM range(${n}) t(i))
)
SELECT
  CASE WHEN ${at("orderIdNull")} THEN NULL WHEN ${at("orderIdDup")} THEN i ELSE i + 1 END::BIGINT AS order_id,
  CASE WHEN ${at("customerIdNull")} THEN NULL ELSE 1 + (h % 500000)::BIGINT END AS customer_id,
  CASE WHEN ${at("emailNull")} THEN NULL
       WHEN ${at("emailBad")} THEN 'customer' || ((h >> 8) % 1000000) || '.example.com'
       ELSE 'customer' || ((h >> 8) % 1000000) || '@example.com' END AS customer_email,
  CASE WHEN ${at("statusNull")} THEN NULL
       WHEN ${at("statusUnknown")} THEN 'unknown'
       WHEN ${at("statusEmpty")} THEN ''
       WHEN ${at("statusNa")} THEN 'n/a'
       ELSE ['placed', 'shipped', 'delivered', 'cancelled', 'returned'][1 + ((h >> 16) % 5)::INTEGER] END AS status,
  CASE WHEN ${at("amountNegative")} THEN -(1 + ((h >> 20) % 10000)::DECIMAL(12, 2) / 100)
       WHEN ${at("amountTooHigh")} THEN 10001 + ((h >> 20) % 10000)::DECIMAL(12, 2) / 100
       ELSE ((h >> 20) % 1000000)::DECIMAL(12, 2) / 100 END::DECIMAL(12, 2) AS amount,
  CASE WHEN ${at("quantityZero")} THEN 0 WHEN ${at("quantityHigh")} THEN 99 ELSE 1 + ((h >> 24) % 10)::INTEGER END::INTEGER AS quantity,
  CASE WHEN ${at("countryLower")} THEN 'de' ELSE ['DE', 'FR', 'NL', 'US', 'GB', 'ES', 'IT', 'PL'][1 + ((h >> 28) % 8)::INTEGER] END AS country,
  CASE WHEN ${at("skuShort")} THEN 'SKU'
       WHEN ${at("skuLong")} THEN 'SKU-0123456789AB'
       ELSE 'SKU-' || lpad(((h >> 32) % 100000)::VARCHAR, 5, '0') END AS sku,
  CASE WHEN ${at("orderedNull")} THEN NULL
       WHEN ${at("orderedOld")} THEN TIMESTAMP '1999-06-15 12:00:00'
       ELSE base END AS ordered_at,
  CASE WHEN ${at("shippedFuture")} THEN DATE '2030-01-01'
       WHEN ${at("shippedEarly")} THEN CAST(base AS DATE) - 3
       ELSE CAST(base AS DATE) + ((h >> 40) % 10)::INTEGER END AS shipped_on
FROM g`;
}

// ---- closed-form counts -------------------------------------------------------------------------

const mod = (a, m) => ((a % m) + m) % m;

/** a⁻¹ mod m by the extended Euclidean algorithm (BigInt). */
function inverse(a, m) {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error(`${a} has no inverse mod ${m}`);
  return mod(s0, m);
}

/** #{0 ≤ i < n : i ≡ r (mod m) for every [m, r] of `classes`}, by the Chinese remainder theorem. */
function countInAll(n, classes) {
  let M = 1n;
  let R = 0n;
  const seen = new Map();
  for (const [m0, r0] of classes) {
    const r = mod(r0, m0);
    if (seen.has(m0)) {
      if (seen.get(m0) !== r) return 0; // two residues of one modulus never meet
      continue;
    }
    seen.set(m0, r);
    const m = BigInt(m0);
    // R + M·k ≡ r (mod m)  →  k ≡ (r − R)·M⁻¹ (mod m)
    R += M * mod((BigInt(r) - R) * inverse(M, m), m);
    M *= m;
  }
  const N = BigInt(n);
  return R >= N ? 0 : Number((N - 1n - R) / M + 1n);
}

/** #{i < n : i in every class of `include` and in none of `exclude`}, by inclusion–exclusion. */
export function countWhere(n, include, exclude = []) {
  let total = 0;
  for (let mask = 0; mask < 1 << exclude.length; mask++) {
    const chosen = exclude.filter((_, j) => mask & (1 << j));
    total += (chosen.length % 2 === 0 ? 1 : -1) * countInAll(n, [...include, ...chosen]);
  }
  return total;
}

/** The class "i − 1 is in [m, r]", as a class of i. */
const previousRowIn = ([m, r]) => [m, r + 1];

/** What every rule must measure on n rows, by meshkit's check id: failing rows, or a row count. */
export function expectedCounts(n) {
  const c = countWhere;
  const D = DEFECTS;
  const orderIdNulls = c(n, [D.orderIdNull]);
  // A duplicate-class row repeats row i-1's id unless it is null itself, or row i-1's id is.
  const orderIdDuplicates = c(n, [D.orderIdDup], [D.orderIdNull, previousRowIn(D.orderIdNull)]);
  const statusNull = c(n, [D.statusNull]);
  const statusUnknown = c(n, [D.statusUnknown], [D.statusNull]);
  const statusEmpty = c(n, [D.statusEmpty], [D.statusNull, D.statusUnknown]);
  const statusNa = c(n, [D.statusNa], [D.statusNull, D.statusUnknown, D.statusEmpty]);
  return {
    "orders.order_id.required": orderIdNulls,
    "orders.order_id.unique": orderIdDuplicates,
    "orders.order_id.primaryKey": orderIdNulls + orderIdDuplicates,
    "orders.order_id.order_id_duplicates": orderIdDuplicates,
    "orders.customer_id.customer_id_nulls": c(n, [D.customerIdNull]),
    "orders.customer_email.format": c(n, [D.emailBad], [D.emailNull]),
    "orders.customer_email.email_nulls_percent": c(n, [D.emailNull]),
    "orders.status.status_valid": statusUnknown + statusEmpty + statusNa,
    "orders.status.status_missing_percent": statusNull + statusEmpty + statusNa,
    "orders.amount.minimum": c(n, [D.amountNegative]),
    "orders.amount.maximum": c(n, [D.amountTooHigh], [D.amountNegative]),
    "orders.quantity.quantity_valid": c(n, [D.quantityZero]) + c(n, [D.quantityHigh], [D.quantityZero]),
    "orders.country.pattern": c(n, [D.countryLower]),
    "orders.sku.minLength": c(n, [D.skuShort]),
    "orders.sku.maxLength": c(n, [D.skuLong], [D.skuShort]),
    "orders.ordered_at.required": c(n, [D.orderedNull]),
    "orders.ordered_at.minimum": c(n, [D.orderedOld], [D.orderedNull]),
    "orders.shipped_on.maximum": c(n, [D.shippedFuture]),
    // Early only against a normal ordered_at: a NULL compares to nothing, and 1999 is earlier than any shipped_on.
    "orders.shipped_before_ordered": c(n, [D.shippedEarly], [D.shippedFuture, D.orderedNull, D.orderedOld]),
    "orders.row_count": n,
  };
}

// ---- the contract -------------------------------------------------------------------------------

/** ODCS v3.1.0, 20 rules over 10 columns. No server: the benchmark passes the data file (`--data`). */
export const CONTRACT_YAML = `# bench/quality: 20 rules over the generated orders table (bench/quality/generate.mjs).
apiVersion: v3.1.0
kind: DataContract
id: bench-quality-orders
name: orders
version: 1.0.0
status: active
domain: sales
schema:
  - name: orders
    physicalType: table
    properties:
      - name: order_id
        logicalType: integer
        physicalType: BIGINT
        required: true
        unique: true
        primaryKey: true
        quality:
          - name: order_id_duplicates
            metric: duplicateValues
            mustBeLessOrEqualTo: 100
      - name: customer_id
        logicalType: integer
        quality:
          - name: customer_id_nulls
            metric: nullValues
            mustBe: 0
      - name: customer_email
        logicalType: string
        classification: restricted
        logicalTypeOptions:
          format: email
        quality:
          - name: email_nulls_percent
            metric: nullValues
            unit: percent
            mustBeLessThan: 1
      - name: status
        logicalType: string
        quality:
          - name: status_valid
            metric: invalidValues
            arguments:
              validValues: [placed, shipped, delivered, cancelled, returned]
            mustBe: 0
          - name: status_missing_percent
            metric: missingValues
            arguments:
              missingValues: [null, '', n/a]
            unit: percent
            mustBeBetween: [0, 0.05]
      - name: amount
        logicalType: number
        physicalType: DECIMAL(12,2)
        logicalTypeOptions:
          minimum: 0
          maximum: 10000
      - name: quantity
        logicalType: integer
        quality:
          - name: quantity_valid
            metric: invalidValues
            arguments:
              validValues: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
            mustBeLessThan: 100
            severity: warning
      - name: country
        logicalType: string
        logicalTypeOptions:
          pattern: '^[A-Z]{2}$'
      - name: sku
        logicalType: string
        logicalTypeOptions:
          minLength: 8
          maxLength: 12
      - name: ordered_at
        logicalType: timestamp
        required: true
        logicalTypeOptions:
          minimum: "2020-01-01 00:00:00"
      - name: shipped_on
        logicalType: date
        logicalTypeOptions:
          maximum: "2026-11-30"
    quality:
      - name: row_count
        metric: rowCount
        mustBeBetween: [1000000, 50000000]
      - name: shipped_before_ordered
        type: sql
        query: SELECT count(*) FROM {object} WHERE shipped_on < CAST(ordered_at AS DATE)
        mustBe: 0
`;

// ---- files --------------------------------------------------------------------------------------

/** The folder of one parameter set: its name changes with the row counts, the seed and the generator's SQL. */
export function inputDir({ rows, csvRows, seed = SEED }) {
  const sql = createHash("sha256").update(ordersSelect(0, seed)).digest("hex").slice(0, 10);
  return join(OUT, `orders-${rows}-${csvRows}-${seed}-${sql}`);
}

/** Rows and bytes of a complete earlier generation, or undefined (the manifest is written last). */
function readManifest(dir) {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) return undefined;
  const manifest = JSON.parse(readFileSync(file, "utf8"));
  const intact = ["parquet", "csv"].every((f) => existsSync(join(dir, `orders.${f}`)) && statSync(join(dir, `orders.${f}`)).size === manifest[f].bytes);
  return intact ? manifest : undefined;
}

/** COPY of the first n rows to `file`, through a temporary name so an interrupted run leaves nothing usable. */
async function writeRows(connection, n, seed, file, options, log) {
  const t0 = performance.now();
  const temp = `${file}.tmp`;
  await connection.run(`COPY (${ordersSelect(n, seed)}) TO '${temp}' (${options})`);
  renameSync(temp, file);
  const mib = statSync(file).size / 2 ** 20;
  log(`generated ${file}: ${n.toLocaleString("en-US")} rows, ${mib.toFixed(0)} MiB, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * The Parquet and CSV files and the contract of one parameter set, generated unless already there.
 * Returns the files, their sizes and row counts, and the expected failing counts per format.
 */
export async function ensureInputs({ rows = DEFAULT_ROWS, csvRows = Math.floor(rows / 2), seed = SEED, log = () => {} } = {}) {
  const dir = inputDir({ rows, csvRows, seed });
  const files = { parquet: join(dir, "orders.parquet"), csv: join(dir, "orders.csv"), contract: join(dir, "orders.odcs.yaml") };
  let manifest = readManifest(dir);
  if (!manifest) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await writeRows(connection, rows, seed, files.parquet, "FORMAT parquet", log);
      await writeRows(connection, csvRows, seed, files.csv, "FORMAT csv, HEADER true", log);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    manifest = { seed, parquet: { rows, bytes: statSync(files.parquet).size }, csv: { rows: csvRows, bytes: statSync(files.csv).size } };
    writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  // Small and cheap: always rewritten, so an edit of CONTRACT_YAML takes effect. The folder's own
  // meshkit.yaml (defaults) keeps `meshkit test` from finding the repository's dogfood config above it.
  writeFileSync(files.contract, CONTRACT_YAML);
  writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
  return { dir, files, manifest, expected: { parquet: expectedCounts(rows), csv: expectedCounts(csvRows) } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = process.argv.includes("--rows") ? Number(process.argv[process.argv.indexOf("--rows") + 1]) : DEFAULT_ROWS;
  const inputs = await ensureInputs({ rows, log: console.log });
  console.log(JSON.stringify({ dir: inputs.dir, manifest: inputs.manifest }, null, 2));
}
