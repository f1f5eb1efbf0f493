/**
 * The local planner against real DuckDB files in temp folders: plan, apply, plan again; additive and
 * destructive contract changes; comments read back from the catalog; names and paths that must not
 * reach SQL or the file system; two applies at once; an apply that fails half-way.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { type LoadedDocument, loadText } from "@meshkit/core";
import { build } from "esbuild";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { LocalProvisionError, type LocalProvisionOptions, applyLocal, duckdbMessage, lakeFolder, planLocal, warehouseLockPath } from "./local.js";
import { canonicalType, isWritableType } from "./local-sql.js";
import { openWarehouse, readStateCache, readWarehouseState, stateCachePath, warehouseFingerprint } from "./local-state.js";
import { LockTimeoutError, acquireLock } from "./lock.js";
import { type ContractSpec, type ProductHead, type ProvisionModel, provisionModel, provisionModelByProduct } from "./model.js";
import { planCounts, renderPlanText } from "./plan.js";
import { defaultLocalTarget, loadProvisionInputs } from "./project.js";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A warehouse and lake in a fresh temp folder whose name has a quote and a space, as users' paths do. */
function target(extra: Partial<LocalProvisionOptions> = {}): LocalProvisionOptions & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "meshkit local 'wh' "));
  dirs.push(dir);
  return { dir, warehouse: join(dir, ".meshkit", "warehouse.duckdb"), lake: join(dir, "lake"), ...extra };
}

const ORDERS = `apiVersion: v3.1.0
kind: DataContract
id: orders-contract
version: 1.0.0
status: active
name: orders
domain: sales
dataProduct: orders
team:
  name: sales-data
  members:
    - username: ana@example.com
      role: owner
slaProperties:
  - property: latency
    value: 4
    unit: h
  - property: retention
    value: 1
    unit: y
schema:
  - name: orders
    description: One row per order.
    properties:
      - name: order_id
        description: Order number.
        logicalType: string
        required: true
        primaryKey: true
        classification: internal
      - name: amount
        logicalType: number
        physicalType: DECIMAL(12,2)
        classification: confidential
      - name: note
        logicalType: string
  - name: refunds
    properties:
      - name: refund_id
        logicalType: integer
        required: true
`;

function documents(text: string, file = "orders.odcs.yaml"): LoadedDocument[] {
  return loadText(file, text).documents;
}

function modelOf(...texts: string[]): ProvisionModel {
  return provisionModel({ contracts: texts.flatMap((text, i) => documents(text, `contract-${i}.odcs.yaml`)), products: [] });
}

/** Runs SQL on the warehouse in its own instance (closed afterwards, so planner and test never share one). */
async function sql(warehouse: string, text: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(warehouse);
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(text);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Everything a change could touch: schemas, tables with comments, columns with types, nullability and comments, and rows. */
async function dump(warehouse: string): Promise<string> {
  const tables = await sql(warehouse, "SELECT schema_name, table_name, comment FROM duckdb_tables() ORDER BY ALL");
  const columns = await sql(warehouse, "SELECT schema_name, table_name, column_name, data_type, is_nullable, comment FROM duckdb_columns() WHERE NOT internal ORDER BY schema_name, table_name, column_index");
  const rows: string[] = [];
  for (const t of tables) rows.push(JSON.stringify(await sql(warehouse, `SELECT * FROM "${String(t.schema_name)}"."${String(t.table_name)}" ORDER BY ALL`), (_, v) => (typeof v === "bigint" ? String(v) : v)));
  const schemas = await sql(warehouse, "SELECT schema_name FROM duckdb_schemas() WHERE NOT internal ORDER BY 1");
  return JSON.stringify({ schemas, tables, columns, rows }, (_, v) => (typeof v === "bigint" ? String(v) : v), 1);
}

/** 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

const lines = (changes: readonly { action: string; kind: string; address: string; destructive?: boolean }[]) => changes.map((c) => `${c.action} ${c.kind} ${c.address}${c.destructive ? " !" : ""}`);

/**
 * ORDERS applied with `sales.refunds.refund_id` of `logicalType`, then `setup` run on the warehouse; back to
 * ORDERS (an integer) with --allow-destructive is refused as a data conflict at the column: the refusal.
 */
async function refusedRetype(t: LocalProvisionOptions, logicalType: string, setup: string) {
  await applyLocal(modelOf(ORDERS.replace("        logicalType: integer\n", `        logicalType: ${logicalType}\n`)), t);
  await sql(t.warehouse, setup);
  const refused = await applyLocal(modelOf(ORDERS), { ...t, allowDestructive: true });
  expect(refused.applied).toBe(false);
  expect(refused.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-data-conflict", "/schema/1/properties/0/logicalType"]]);
  return refused;
}

describe("plan and apply on the repository's examples", () => {
  it("plans schemas, tables, columns, comments and folders on an empty state, applies them, and then finds nothing to do", async () => {
    const t = target();
    const inputs = await loadProvisionInputs({ cwd: REPO, paths: ["examples/domains"] });
    expect(inputs.findings).toEqual([]);
    const model = provisionModel(inputs);
    expect(model.findings).toEqual([]);

    const first = await planLocal(model, t);
    expect(first.findings).toEqual([]);
    expect(existsSync(t.warehouse)).toBe(false); // planning writes nothing
    const changes = lines(first.plan.changes);
    expect(first.plan).toMatchObject({ kind: "meshkit-provision-plan", target: "local", products: ["customer/customer_360", "finance/quarterly_ledger", "marketing/customer_campaigns", "supply_chain/inventory_snapshot"] });
    expect(changes.filter((c) => c.startsWith("create schema"))).toEqual(["create schema customer", "create schema finance", "create schema marketing", "create schema supply_chain"]);
    expect(changes).toContain("create table finance.ledger_entries");
    expect(changes).toContain("create column finance.ledger_entries.debit_eur");
    expect(changes).toContain("create comment finance.ledger_entries");
    expect(changes).toContain("create folder lake/domain=finance/product=quarterly_ledger/gold");
    expect(first.plan.changes.find((c) => c.address === "finance.ledger_entries.counterparty_iban")?.detail).toBe("VARCHAR — IBAN paid to or received from; only on bank-clearing lines. [classification: restricted]");
    expect(first.plan.changes.find((c) => c.address === "finance.ledger_entries.entry_id")?.detail).toMatch(/^VARCHAR NOT NULL — .*\[classification: internal; primary key\]$/);
    expect(planCounts(first.plan)).toEqual({ create: first.plan.changes.length, update: 0, delete: 0 });
    expect(first.statements.every((s) => /^(CREATE SCHEMA|CREATE TABLE|COMMENT ON (TABLE|COLUMN)) "/.test(s))).toBe(true);

    const applied = await applyLocal(model, t);
    expect(applied).toMatchObject({ applied: true, findings: [] });
    expect(applied.plan.changes).toEqual(first.plan.changes);

    // Types, NOT NULL and comments as the contract says, read back from DuckDB's catalog.
    const columns = await sql(t.warehouse, "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() WHERE schema_name = 'finance' AND table_name = 'ledger_entries' ORDER BY column_index");
    expect(columns.slice(0, 3).map((c) => [c.column_name, c.data_type, c.is_nullable])).toEqual([
      ["entry_id", "VARCHAR", false],
      ["posting_date", "DATE", false],
      ["fiscal_year", "INTEGER", false], // physicalType SMALLINT: an i16, which the 4-byte INTEGER holds
    ]);
    expect(columns.find((c) => c.column_name === "debit_eur")).toMatchObject({ data_type: "DECIMAL(14,2)", is_nullable: false, comment: "Debit amount in EUR; 0 on credit lines. [classification: confidential]" });
    expect(columns.find((c) => c.column_name === "posted_at")).toMatchObject({ data_type: "TIMESTAMP" });
    const [table] = await sql(t.warehouse, "SELECT comment FROM duckdb_tables() WHERE schema_name = 'finance' AND table_name = 'ledger_entries'");
    expect(JSON.parse(String(table!.comment))).toEqual({
      product: "quarterly_ledger",
      domain: "finance",
      owner: "marta.silva@acme-retail.example",
      contract: "293233bb-3c84-4c9a-8ad6-00569072581d",
      contractVersion: "1.1.0",
      object: "ledger_entries",
      sla: [
        { property: "latency", value: "1 d", element: "ledger_entries.posted_at" },
        { property: "frequency", value: "1 d", element: "ledger_entries.posted_at" },
        { property: "retention", value: "10 y", element: "ledger_entries.posting_date", driver: "regulatory" },
        { property: "generalAvailability", value: "2024-07-01T00:00:00Z" },
      ],
      description: "One row per posted ledger line; each line is either a debit or a credit.",
      managedBy: "meshkit",
    });
    for (const layer of ["bronze", "silver", "gold"]) expect(existsSync(join(t.lake, "domain=finance", "product=quarterly_ledger", layer))).toBe(true);

    const again = await planLocal(model, t);
    expect(again.plan.changes).toEqual([]);
    expect(renderPlanText(again.plan)).toBe("No changes (local): the infrastructure matches the contracts.\n");
    const before = await dump(t.warehouse);
    expect(await applyLocal(model, t)).toMatchObject({ applied: true, plan: { changes: [] }, statements: [] });
    expect(await dump(t.warehouse)).toBe(before);
    expect(existsSync(warehouseLockPath(t.warehouse))).toBe(false);
  });

  it("defaults the warehouse and lake to the config's folder", async () => {
    const inputs = await loadProvisionInputs({ cwd: join(REPO, "examples"), paths: ["domains/finance"] });
    expect(inputs.config.root).toBe(REPO);
    expect(inputs.defaults).toEqual({ warehouse: join(REPO, ".meshkit", "warehouse.duckdb"), lake: join(REPO, "lake") });
    expect(defaultLocalTarget("/repo")).toEqual({ warehouse: "/repo/.meshkit/warehouse.duckdb", lake: "/repo/lake" });
    expect(inputs.contracts.map((d) => d.file).sort()).toEqual(["domains/finance/quarterly_ledger/ledger_entries.odcs.yaml", "domains/finance/quarterly_ledger/quarterly_balances.odcs.yaml"]);
    expect(inputs.products.map((d) => d.file)).toEqual(["domains/finance/quarterly_ledger/product.odps.yaml"]);
    await expect(loadProvisionInputs({ cwd: REPO, paths: ["examples/platform/policies"] })).rejects.toThrow(/no data contract or data product in examples\/platform\/policies/);
    // A product named alone brings the contracts its output ports name (`meshkit ci product.odps.yaml`).
    const alone = await loadProvisionInputs({ cwd: join(REPO, "examples"), paths: ["domains/finance/quarterly_ledger/product.odps.yaml"] });
    expect([alone.files, alone.contracts.map((d) => d.file).sort(), alone.products.map((d) => d.file)]).toEqual([3, inputs.contracts.map((d) => d.file).sort(), ["domains/finance/quarterly_ledger/product.odps.yaml"]]);
    // An unparseable file is one of the files read, as lint counts it.
    const mixed = mkdtempSync(join(tmpdir(), "meshkit-files-"));
    cpSync(join(REPO, "examples/domains/finance/quarterly_ledger"), mixed, { recursive: true });
    writeFileSync(join(mixed, "broken.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nschema: [\n");
    const read = await loadProvisionInputs({ cwd: mixed, paths: [] });
    expect([read.files, read.findings.map((f) => f.file)]).toEqual([4, ["broken.odcs.yaml"]]);
    // With no path in a project without documents: how to get one.
    const empty = mkdtempSync(join(tmpdir(), "meshkit-no-product-"));
    writeFileSync(join(empty, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    await expect(loadProvisionInputs({ cwd: empty, paths: [] })).rejects.toThrow(/found under the current directory: write one \(meshkit init product <domain>\/<name>/);
    // Globs of files.include that select none of the documents there: the error names them, at their line.
    writeFileSync(join(mixed, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["contract/*.yaml"]\n');
    await expect(loadProvisionInputs({ cwd: mixed, paths: [] })).rejects.toThrow(/^meshkit\.yaml:4:12: files\.include \("contract\/\*\.yaml"\) selects no contract or product/);
  });
});

describe("product by product", () => {
  /** A project of `count` contracts, each its own product in its own domain; `extra` is added to each one's second table. */
  function project(count: number, extra = ""): string {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-by-product-"));
    dirs.push(dir);
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    for (let i = 0; i < count; i++) {
      writeFileSync(join(dir, `c${i}.odcs.yaml`), `${ORDERS.replace("id: orders-contract", `id: c${i}`).replace("domain: sales", `domain: d${i}`)}${extra}`);
    }
    return dir;
  }
  const REASON = "      - name: reason\n        logicalType: string\n        required: true\n";

  it("plans a project kept as an index as it plans the whole documents: the same plan, statements and findings", async () => {
    const dir = project(3, "      - name: shape\n        physicalType: GEOMETRY\n");
    writeFileSync(join(dir, "c1.odcs.yaml"), `${ORDERS.replace("id: orders-contract", "id: c1").replace("domain: sales", "domain: d1")}      - name: bad\n        logicalType: nothing\n`);
    // Two contracts in one file are kept whole: read again for each, the file would be read once per contract.
    const pair = [3, 4].map((i) => ORDERS.replace("id: orders-contract", `id: c${i}`).replace("domain: sales", `domain: d${i}`));
    writeFileSync(join(dir, "pair.odcs.yaml"), pair.join("---\n"));
    const whole = await loadProvisionInputs({ cwd: dir, paths: [] });
    const indexed = await loadProvisionInputs({ cwd: dir, paths: [], indexed: () => true });
    expect(indexed.contracts.map((doc) => "schema" in (doc.value as object))).toEqual([false, false, false, true, true]);
    const t = target();
    const eager = provisionModel(whole, { target: "local" });
    const expected = await planLocal(eager, t);
    const byProduct = provisionModelByProduct(indexed, { target: "local" });
    const planned = await planLocal(byProduct, t);
    expect(planned).toEqual(expected);
    expect(byProduct.findings).toEqual(eager.findings);
    expect(byProduct.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(["c1.odcs.yaml:43 provision-contract-invalid", "c0.odcs.yaml:42 provision-type-unmapped", "c2.odcs.yaml:42 provision-type-unmapped"]);
  });

  it("refuses a contract whose id is not text, kept as an index or whole alike, not as a file that changed while it was planned", async () => {
    const dir = project(1);
    writeFileSync(join(dir, "c0.odcs.yaml"), ORDERS.replace("id: orders-contract", "id: [orders, contract]"));
    const whole = provisionModel(await loadProvisionInputs({ cwd: dir, paths: [] }), { target: "local" });
    const indexed = provisionModelByProduct(await loadProvisionInputs({ cwd: dir, paths: [], indexed: () => true }), { target: "local" });
    const t = target();
    const planned = await planLocal(indexed, t);
    expect(planned).toEqual(await planLocal(whole, t));
    expect(planned.plan.changes).toEqual([]);
    expect(indexed.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(["c0.odcs.yaml:3 provision-contract-invalid"]);
  });

  it("lets go of a product's documents and model once it has planned it (40,000 contracts held whole ran out of memory)", async () => {
    // A full collection, from within the test: what is still reachable stays, anything else goes.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const t = target();
    await applyLocal(provisionModel(await loadProvisionInputs({ cwd: project(5), paths: [] })), t);
    // A required column on tables that exist: the planner counts their rows in DuckDB, product after product.
    const model = provisionModelByProduct(await loadProvisionInputs({ cwd: project(5, REASON), paths: [], indexed: () => true }), { target: "local" });
    const made: WeakRef<object>[][] = [];
    const released: boolean[] = [];
    const contractsOf = (product: ProductHead): ContractSpec[] => {
      gc();
      // Two products back: the planner's variables for the last one are replaced only as it plans this one.
      if (made.length >= 2) released.push(made.at(-2)!.every((ref) => ref.deref() === undefined));
      const contracts = model.contractsOf(product);
      made.push(contracts.flatMap((contract) => [new WeakRef(contract), new WeakRef(contract.document), new WeakRef(contract.tables)]));
      return contracts;
    };
    const result = await planLocal({ ...model, contractsOf }, t);
    expect(lines(result.plan.changes)).toEqual(Array.from({ length: 5 }, (_, i) => `create column d${i}.refunds.reason`));
    expect(released).toEqual([true, true, true]);
  });
});

describe("contract changes", () => {
  it("adds a new optional column in place (ALTER TABLE ADD COLUMN), keeping the rows", async () => {
    const t = target();
    await applyLocal(modelOf(ORDERS), t);
    await sql(t.warehouse, "INSERT INTO sales.orders VALUES ('o-1', 12.5, 'first'), ('o-2', NULL, NULL)");
    const v2 = ORDERS.replace("version: 1.0.0", "version: 1.1.0").replace("      - name: note\n", "      - name: channel\n        description: Where it was ordered.\n        logicalType: string\n      - name: note\n");

    const planned = await planLocal(modelOf(v2), t);
    expect(planned.findings).toEqual([]);
    expect(planned.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}`)).toEqual([
      "create column sales.orders.channel: add column VARCHAR — Where it was ordered.",
      "update comment sales.orders: table comment: contractVersion changed",
      "update comment sales.refunds: table comment: contractVersion changed",
    ]);
    expect(planned.statements).toEqual([
      'ALTER TABLE "sales"."orders" ADD COLUMN "channel" VARCHAR',
      `COMMENT ON COLUMN "sales"."orders"."channel" IS 'Where it was ordered.'`,
      expect.stringMatching(/^COMMENT ON TABLE "sales"\."orders" IS '\{"product":"orders",.*"contractVersion":"1\.1\.0"/),
      expect.stringMatching(/^COMMENT ON TABLE "sales"\."refunds" IS /),
    ]);
    expect(await applyLocal(modelOf(v2), t)).toMatchObject({ applied: true });
    expect(await sql(t.warehouse, "SELECT * FROM sales.orders ORDER BY order_id")).toEqual([
      { order_id: "o-1", amount: expect.objectContaining({}), note: "first", channel: null },
      { order_id: "o-2", amount: null, note: null, channel: null },
    ]);
    expect(await sql(t.warehouse, "SELECT CAST(amount AS VARCHAR) AS a FROM sales.orders WHERE order_id = 'o-1'")).toEqual([{ a: "12.50" }]);
    expect((await planLocal(modelOf(v2), t)).plan.changes).toEqual([]);
  });

  it("flips NOT NULL when a property becomes required or optional, without calling it destructive", async () => {
    const t = target();
    await applyLocal(modelOf(ORDERS), t);
    const flipped = ORDERS.replace("      - name: note\n        logicalType: string\n", "      - name: note\n        logicalType: string\n        required: true\n").replace("        logicalType: integer\n        required: true\n", "        logicalType: integer\n");
    const planned = await planLocal(modelOf(flipped), t);
    expect(planned.plan.changes.map((c) => `${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual(["sales.orders.note: set NOT NULL", "sales.refunds.refund_id: drop NOT NULL"]);
    await applyLocal(modelOf(flipped), t);
    expect(await sql(t.warehouse, "SELECT table_name, column_name, is_nullable FROM duckdb_columns() WHERE column_name IN ('note', 'refund_id') ORDER BY 1")).toEqual([
      { table_name: "orders", column_name: "note", is_nullable: false },
      { table_name: "refunds", column_name: "refund_id", is_nullable: true },
    ]);
  });

  it("refuses a removed column without --allow-destructive (nothing applied, a finding at the contract), and drops it with", async () => {
    const t = target();
    await applyLocal(modelOf(ORDERS), t);
    await sql(t.warehouse, "INSERT INTO sales.orders VALUES ('o-1', 1, 'keep me')");
    const before = await dump(t.warehouse);
    const v2 = ORDERS.replace("      - name: note\n        logicalType: string\n", "").replace("      - name: amount\n", "      - name: channel\n        logicalType: string\n      - name: amount\n");

    const refused = await applyLocal(modelOf(v2), t);
    expect(refused.applied).toBe(false);
    expect(lines(refused.plan.changes)).toEqual(["create column sales.orders.channel", "delete column sales.orders.note !"]);
    expect(refused.findings.map((f) => [f.ruleId, f.severity, f.file, f.line, f.path])).toEqual([["provision-destructive-change", "error", "contract-0.odcs.yaml", lineOf(v2, "  - name: orders"), "/schema/0"]]);
    expect(refused.findings[0]!.message).toBe(
      "Refused: delete column sales.orders.note (no longer in the contract: drops the column and its values) would lose data. Nothing is applied while the plan has such a change; re-run with --allow-destructive if it is intended.",
    );
    expect(await dump(t.warehouse)).toBe(before); // not even the additive change

    const allowed = await applyLocal(modelOf(v2), { ...t, allowDestructive: true });
    expect(allowed).toMatchObject({ applied: true, findings: [] });
    expect(await sql(t.warehouse, "SELECT * FROM sales.orders")).toEqual([{ order_id: "o-1", amount: expect.anything(), channel: null }]);
    expect((await planLocal(modelOf(v2), t)).plan.changes).toEqual([]);
  });

  it("refuses a removed table without the flag and drops it with, leaving unmanaged tables and other products alone", async () => {
    const t = target();
    const other = ORDERS.replace("id: orders-contract", "id: returns-contract").replace("dataProduct: orders", "dataProduct: returns").replace("  - name: orders\n", "  - name: returns_log\n").replace("  - name: refunds\n", "  - name: returns_audit\n");
    await applyLocal(modelOf(ORDERS, other), t);
    await sql(t.warehouse, "CREATE TABLE sales.hand_made (x INTEGER); CREATE TABLE sales.commented (x INTEGER); COMMENT ON TABLE sales.commented IS '{\"note\":\"not meshkit\"}'; INSERT INTO sales.refunds VALUES (1), (2)");
    const v2 = ORDERS.slice(0, ORDERS.indexOf("  - name: refunds\n"));

    const refused = await applyLocal(modelOf(v2), t);
    expect(refused.applied).toBe(false);
    expect(refused.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual(["delete table sales.refunds: no longer in contract orders-contract: drops the table and its 2 rows !"]);
    expect(refused.findings.map((f) => [f.ruleId, f.line, f.path])).toEqual([["provision-destructive-change", lineOf(v2, "  - name: orders"), "/schema"]]);
    expect(await sql(t.warehouse, "SELECT count(*)::INTEGER AS n FROM sales.refunds")).toEqual([{ n: 2 }]);

    expect(await applyLocal(modelOf(v2), { ...t, allowDestructive: true })).toMatchObject({ applied: true });
    const tables = await sql(t.warehouse, "SELECT table_name FROM duckdb_tables() ORDER BY 1");
    expect(tables.map((r) => r.table_name)).toEqual(["commented", "hand_made", "orders", "returns_audit", "returns_log"]);
  });

  it("names the tables a contract moved to another domain or product left behind, which no plan touches any more, and changes nothing there", async () => {
    const t = target();
    await applyLocal(modelOf(ORDERS), t);
    await sql(t.warehouse, "INSERT INTO sales.refunds VALUES (1)");
    const before = await dump(t.warehouse);
    const moved = ORDERS.replace("domain: sales", "domain: shop");

    const planned = await planLocal(modelOf(moved), t);
    expect(planned.findings.map((f) => [f.ruleId, f.severity, f.path, f.line])).toEqual([["provision-left-behind", "warning", "/id", 3]]);
    expect(planned.findings[0]!.message).toMatch(
      /^Contract orders-contract is provisioned as product shop\/orders now, but what was made for it as product sales\/orders \(table sales\.orders, table sales\.refunds\) is still there\. No plan will update or drop it: .* drop it by hand/,
    );
    expect(planned.plan.changes.filter((c) => c.address.startsWith("sales."))).toEqual([]);
    expect(await applyLocal(modelOf(moved), { ...t, allowDestructive: true })).toMatchObject({ applied: true });

    // A product renamed in its domain leaves its tables too.
    const renamed = await planLocal(modelOf(moved.replace("dataProduct: orders", "dataProduct: purchases").replace("  - name: orders\n", "  - name: purchases\n").replace("  - name: refunds\n", "  - name: returns\n")), t);
    expect(renamed.findings.map((f) => f.message.match(/made for it as product (.*) is still there/)![1])).toEqual(["sales/orders (table sales.orders, table sales.refunds) and product shop/orders (table shop.orders, table shop.refunds)"]);
    const after = JSON.parse(await dump(t.warehouse)) as { tables: { schema_name: string }[] };
    expect(JSON.stringify(after.tables.filter((r) => r.schema_name === "sales"))).toBe(JSON.stringify((JSON.parse(before) as typeof after).tables));
  });

  it("renames a column with a renamedFrom hint in place (values kept, not destructive), then changes it as usual, and is idempotent", async () => {
    const t = target();
    const v1 = ORDERS.replace("      - name: note\n        logicalType: string\n", "      - name: warehouse_code\n        description: Where it ships from.\n        logicalType: string\n");
    await applyLocal(modelOf(v1), t);
    await sql(t.warehouse, "INSERT INTO sales.orders VALUES ('o-1', 1, 'WH-01'), ('o-2', 2, 'WH-''02'), ('o-3', 3, NULL)");
    // Renamed, made required and given another description in one version.
    const v2 = ORDERS.replace(
      "      - name: note\n        logicalType: string\n",
      "      - name: site_code\n        description: Where it ships from (site).\n        logicalType: string\n        required: true\n        customProperties:\n          - property: renamedFrom\n            value: warehouse_code\n",
    );
    await sql(t.warehouse, "UPDATE sales.orders SET warehouse_code = 'WH-03' WHERE order_id = 'o-3'");

    const planned = await planLocal(modelOf(v2), t);
    expect(planned.findings).toEqual([]);
    expect(planned.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual([
      "update column sales.orders.site_code: rename warehouse_code → site_code (values kept)",
      "update column sales.orders.site_code: set NOT NULL",
      "update comment sales.orders.site_code: column comment: Where it ships from (site).",
    ]);
    expect(renderPlanText(planned.plan)).toContain("  ~ column sales.orders.site_code: rename warehouse_code → site_code (values kept)\n");
    expect(renderPlanText(planned.plan)).not.toMatch(/delete|destructive|drop/i);
    expect(planned.statements).toEqual([
      'ALTER TABLE "sales"."orders" RENAME COLUMN "warehouse_code" TO "site_code"',
      'ALTER TABLE "sales"."orders" ALTER COLUMN "site_code" SET NOT NULL',
      `COMMENT ON COLUMN "sales"."orders"."site_code" IS 'Where it ships from (site).'`,
    ]);

    // No --allow-destructive needed.
    expect(await applyLocal(modelOf(v2), t)).toMatchObject({ applied: true, findings: [] });
    expect(await sql(t.warehouse, "SELECT order_id, site_code FROM sales.orders ORDER BY order_id")).toEqual([
      { order_id: "o-1", site_code: "WH-01" },
      { order_id: "o-2", site_code: "WH-'02" },
      { order_id: "o-3", site_code: "WH-03" },
    ]);
    expect(await sql(t.warehouse, "SELECT column_name, is_nullable, comment FROM duckdb_columns() WHERE table_name = 'orders' ORDER BY column_index")).toEqual([
      { column_name: "order_id", is_nullable: false, comment: "Order number. [classification: internal; primary key]" },
      { column_name: "amount", is_nullable: true, comment: "[classification: confidential]" },
      { column_name: "site_code", is_nullable: false, comment: "Where it ships from (site)." },
    ]);
    // Idempotent, from the state copy and from the warehouse itself; the hint may stay in the contract.
    expect((await planLocal(modelOf(v2), t)).plan.changes).toEqual([]);
    rmSync(stateCachePath(t.warehouse), { force: true });
    expect((await planLocal(modelOf(v2), t)).plan.changes).toEqual([]);
    expect(await applyLocal(modelOf(v2), t)).toMatchObject({ applied: true, plan: { changes: [] } });
  });

  it("counts a rename's NULLs under its old name, and does not rename when there is nothing to rename or the old column is still wanted", async () => {
    const t = target();
    const v1 = ORDERS.replace("      - name: note\n", "      - name: warehouse_code\n");
    await applyLocal(modelOf(v1), t);
    await sql(t.warehouse, "INSERT INTO sales.orders VALUES ('o-1', 1, NULL)");
    const hint = (name: string, from: string, extra = "") => `      - name: ${name}\n        logicalType: string\n${extra}        customProperties:\n          - property: renamedFrom\n            value: ${from}\n`;
    // Renamed and made required over a NULL: a data conflict, counted under the name the column has now.
    const required = ORDERS.replace("      - name: note\n        logicalType: string\n", hint("site_code", "warehouse_code", "        required: true\n"));
    const conflict = await planLocal(modelOf(required), t);
    expect(conflict.findings.map((f) => f.ruleId)).toEqual(["provision-data-conflict"]);
    expect(conflict.plan.changes.map((c) => c.detail)).toContain("set NOT NULL: 1 row has no value (NULL) in the column, so it cannot be made NOT NULL: fill it in, or keep the property optional");

    // The hint names no column: a plain add, with a note; the old column is dropped as before (destructive).
    const missing = ORDERS.replace("      - name: note\n        logicalType: string\n", hint("site_code", "depot_code"));
    expect((await planLocal(modelOf(missing), t)).plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual([
      "create column sales.orders.site_code: add column VARCHAR (renamedFrom depot_code: the table has no such column, nothing to rename)",
      "delete column sales.orders.warehouse_code: no longer in the contract: drops the column and its values !",
    ]);
    // The old column is still a property of the contract: kept, and the new one added.
    const both = ORDERS.replace("      - name: note\n        logicalType: string\n", `      - name: warehouse_code\n        logicalType: string\n${hint("site_code", "warehouse_code")}`);
    expect((await planLocal(modelOf(both), t)).plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}`)).toEqual([
      "create column sales.orders.site_code: add column VARCHAR (renamedFrom warehouse_code: the contract still has that column, so it is kept)",
    ]);
    // Both columns in the table already: nothing to rename, the old one is reported as today.
    await sql(t.warehouse, "ALTER TABLE sales.orders ADD COLUMN site_code VARCHAR");
    expect(lines((await planLocal(modelOf(missing.replace("depot_code", "warehouse_code")), t)).plan.changes)).toEqual(["delete column sales.orders.warehouse_code !"]);
  });

  it("renames a table with an object's renamedFrom hint in place (rows kept, not destructive), counting its rows under the old name", async () => {
    const t = target();
    await applyLocal(modelOf(ORDERS), t);
    await sql(t.warehouse, "INSERT INTO sales.refunds VALUES (7), (8)");
    const renamedFrom = (name: string, from: string) => `  - name: ${name}\n    customProperties:\n      - property: renamedFrom\n        value: ${from}\n`;
    const refundsObject = "  - name: refunds\n    properties:\n      - name: refund_id\n        logicalType: integer\n        required: true\n";
    // The old object is still in the contract: it is kept, and the new one made.
    const both = `${ORDERS}${renamedFrom("returns", "refunds")}    properties:\n      - name: refund_id\n        logicalType: integer\n`;
    expect(lines((await planLocal(modelOf(both), t)).plan.changes).filter((l) => / table /.test(l))).toEqual(["create table sales.returns"]);

    const renamed = ORDERS.replace(refundsObject, `${renamedFrom("returns", "refunds")}    properties:\n      - name: refund_id\n        logicalType: integer\n        required: true\n`);
    const planned = await planLocal(modelOf(renamed), t);
    expect(planned.findings).toEqual([]);
    expect(lines(planned.plan.changes)).toEqual(["update table sales.returns", "update comment sales.returns"]);
    expect(planned.plan.changes[0]!.detail).toBe("rename refunds → returns (rows kept)");
    expect(planned.statements[0]).toBe('ALTER TABLE "sales"."refunds" RENAME TO "returns"');
    expect(await applyLocal(modelOf(renamed), t)).toMatchObject({ applied: true, findings: [] });
    expect(await sql(t.warehouse, "SELECT refund_id FROM sales.returns ORDER BY 1")).toEqual([{ refund_id: 7n }, { refund_id: 8n }]);
    expect((await planLocal(modelOf(renamed), t)).plan.changes).toEqual([]);

    // Renamed again with a required column added: its rows are counted in the table by the name it has now.
    const withReason = ORDERS.replace(refundsObject, `${renamedFrom("refunds_v3", "returns")}    properties:\n      - name: refund_id\n        logicalType: integer\n        required: true\n      - name: reason\n        logicalType: string\n        required: true\n`);
    const conflict = await planLocal(modelOf(withReason), t);
    expect(conflict.findings.map((f) => f.ruleId)).toEqual(["provision-data-conflict"]);
    expect(conflict.plan.changes.find((c) => c.kind === "column")?.detail).toMatch(/the table has 2 rows/);
  });

  it("treats a type change that is not a widening as destructive, and casts the values when allowed", async () => {
    const t = target();
    await applyLocal(modelOf(ORDERS), t);
    await sql(t.warehouse, "INSERT INTO sales.refunds VALUES (42)");
    const v2 = ORDERS.replace("        logicalType: integer\n", "        logicalType: string\n");
    const refused = await applyLocal(modelOf(v2), t);
    expect(refused.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}${c.destructive ? " !" : ""}`)).toEqual([
      "update column sales.refunds.refund_id: type BIGINT → VARCHAR: existing values are cast (a value that does not fit fails the apply) !",
    ]);
    expect(refused.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-destructive-change", "/schema/1/properties/0/logicalType"]]);
    expect(refused.applied).toBe(false);
    await applyLocal(modelOf(v2), { ...t, allowDestructive: true });
    expect(await sql(t.warehouse, "SELECT refund_id FROM sales.refunds")).toEqual([{ refund_id: "42" }]);
    expect((await planLocal(modelOf(v2), t)).plan.changes).toEqual([]); // NOT NULL and comment survive the retyping
    // A widening keeps every value, as on PostgreSQL: DECIMAL(12,2) → DECIMAL(18,2) is applied without the flag;
    // fewer digits before the point is not.
    const wider = v2.replace("DECIMAL(12,2)", "DECIMAL(18,2)");
    expect(lines((await planLocal(modelOf(wider), t)).plan.changes)).toEqual(["update column sales.orders.amount"]);
    expect(await applyLocal(modelOf(wider), t)).toMatchObject({ applied: true });
    const narrower = v2.replace("DECIMAL(12,2)", "DECIMAL(12,4)");
    expect(lines((await planLocal(modelOf(narrower), t)).plan.changes)).toContain("update column sales.orders.amount !");

    // Back to an integer: "42" converts; "4.5" would be rounded (DuckDB's cast does it silently), so the
    // plan counts it, a data conflict: nothing is applied, and the value is kept.
    await sql(t.warehouse, "INSERT INTO sales.refunds VALUES ('4.5')");
    const back = await applyLocal(modelOf(ORDERS), { ...t, allowDestructive: true });
    expect(back.applied).toBe(false);
    expect(back.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-data-conflict", "/schema/1/properties/0/logicalType"]]);
    expect(back.findings[0]!.message).toContain("1 value of the column would not survive the conversion to BIGINT (cut, rounded, or no BIGINT at all), so the type cannot change");
    expect(back.findings[0]!.message).not.toContain("4.5");
    expect(await sql(t.warehouse, "SELECT refund_id FROM sales.refunds ORDER BY refund_id")).toEqual([{ refund_id: "4.5" }, { refund_id: "42" }]);
  });

  it("refuses at the plan a date column becoming a number while it holds dates; an empty one changes type", async () => {
    const t = target();
    await refusedRetype(t, "date", "INSERT INTO sales.refunds VALUES (DATE '2024-01-02')");
    expect(await sql(t.warehouse, "SELECT CAST(refund_id AS VARCHAR) AS v FROM sales.refunds")).toEqual([{ v: "2024-01-02" }]);
    await sql(t.warehouse, "DELETE FROM sales.refunds");
    expect(await applyLocal(modelOf(ORDERS), { ...t, allowDestructive: true })).toMatchObject({ applied: true });
    expect(await sql(t.warehouse, "SELECT data_type FROM duckdb_columns() WHERE column_name = 'refund_id'")).toEqual([{ data_type: "BIGINT" }]);
  });

  it("converts a column once the rows that stopped it are deleted, although DuckDB's ALTER still reads deleted rows", async () => {
    const t = target();
    const text = ORDERS.replace("        logicalType: integer\n", "        logicalType: string\n");
    await refusedRetype(t, "string", "INSERT INTO sales.refunds VALUES ('42'), ('4.5'), ('7')");
    // The plan's advice followed: the row is deleted (not the whole table, which DuckDB would drop outright).
    await sql(t.warehouse, "DELETE FROM sales.refunds WHERE refund_id = '4.5'");
    expect((await planLocal(modelOf(ORDERS), { ...t, allowDestructive: true })).findings).toEqual([]);
    expect(await applyLocal(modelOf(ORDERS), { ...t, allowDestructive: true })).toMatchObject({ applied: true });
    expect(await sql(t.warehouse, "SELECT refund_id FROM sales.refunds ORDER BY ALL")).toEqual([{ refund_id: 7n }, { refund_id: 42n }]);
    expect((await planLocal(modelOf(ORDERS), t)).plan.changes).toEqual([]);
    // A live value that would be cut still fails the apply, which the plan's count can miss only in a race:
    // the guard query raises it before the ALTER, and everything is rolled back.
    const guarded = await applyLocal(modelOf(text), { ...t, allowDestructive: true });
    expect(guarded.applied).toBe(true);
    await sql(t.warehouse, "INSERT INTO sales.refunds VALUES ('9.5')");
    const statements = (await planLocal(modelOf(ORDERS), { ...t, allowDestructive: true })).statements;
    const batch = statements.filter((s) => s.includes('"sales"."refunds"')).join(";\n"); // as apply runs it
    expect(batch).toMatch(/^SELECT error\(/);
    await expect(sql(t.warehouse, batch)).rejects.toThrow(/a value of column refund_id would be changed by the conversion to BIGINT \(cut or rounded\)/);
    expect(await sql(t.warehouse, "SELECT refund_id FROM sales.refunds ORDER BY ALL")).toEqual([{ refund_id: "42" }, { refund_id: "7" }, { refund_id: "9.5" }]);
  });

  it("counts, at the plan, values of a column retyped by hand (an ENUM) that have no value of the contract's type", async () => {
    const t = target();
    const refused = await refusedRetype(t, "string", "CREATE TYPE code AS ENUM ('7', 'jane@example.com'); INSERT INTO sales.refunds VALUES ('7'), ('jane@example.com'); ALTER TABLE sales.refunds ALTER COLUMN refund_id SET DATA TYPE code");
    expect(refused.findings[0]!.message).toContain("1 value of the column would not survive the conversion to BIGINT");
    await sql(t.warehouse, "DELETE FROM sales.refunds WHERE refund_id = 'jane@example.com'");
    expect(await applyLocal(modelOf(ORDERS), { ...t, allowDestructive: true })).toMatchObject({ applied: true, findings: [] });
    expect(await sql(t.warehouse, "SELECT refund_id FROM sales.refunds")).toEqual([{ refund_id: 7n }]);
  });

  it("quotes no value of DuckDB's data errors in a failed apply's message", async () => {
    const failure = async (text: string) => {
      try {
        await sql(":memory:", text);
      } catch (error) {
        return duckdbMessage(error);
      }
      throw new Error(`no error from ${text}`);
    };
    expect(await failure("SELECT CAST('jane@example.com' AS INTEGER)")).toBe("Conversion Error: Could not convert string '…' to INT32");
    expect(await failure("SELECT CAST(3000000000 AS INTEGER)")).toMatch(/^Conversion Error: Type INT64 with value … can't be cast because the value is out of range for the destination type INT32/);
    expect(await failure("CREATE TABLE t (id VARCHAR PRIMARY KEY); INSERT INTO t VALUES ('jane'), ('jane')")).not.toContain("jane");
    expect(await failure("SELECT error('a value of column x would be changed by the conversion to DECIMAL(10,2) (cut or rounded)' || 1)")).toBe("Invalid Input Error: a value of column x would be changed by the conversion to DECIMAL(10,2) (cut or rounded)1");
    expect(await failure("SELECT * FROM no_such_table")).toMatch(/^Catalog Error: Table with name no_such_table does not exist!/);
  });

  it("writes comments with quotes, backslashes and SQL in them exactly, as escaped literals", async () => {
    const t = target();
    const nasty = `It's "quoted"; DROP TABLE sales.orders; -- \\' \\\\ end`;
    const text = ORDERS.replace("        description: Order number.", `        description: ${JSON.stringify(nasty)}`).replace("    description: One row per order.", `    description: ${JSON.stringify(`multi\nline ' "${nasty}`)}`);
    const model = modelOf(text);
    expect(model.findings).toEqual([]);
    expect(await applyLocal(model, t)).toMatchObject({ applied: true });
    const [column] = await sql(t.warehouse, "SELECT comment FROM duckdb_columns() WHERE column_name = 'order_id'");
    expect(column!.comment).toBe(`${nasty} [classification: internal; primary key]`);
    const [table] = await sql(t.warehouse, "SELECT comment FROM duckdb_tables() WHERE table_name = 'orders'");
    expect(JSON.parse(String(table!.comment)).description).toBe(`multi\nline ' "${nasty}`);
    expect((await sql(t.warehouse, "SELECT count(*)::INTEGER AS n FROM duckdb_tables()"))[0]).toEqual({ n: 2 });
    expect((await planLocal(model, t)).plan.changes).toEqual([]);
  });
});

describe("bad input", () => {
  it("converges on a description with a NUL character: the comment compared is the one DuckDB holds (U+FFFD for NUL)", async () => {
    const t = target();
    const model = modelOf(ORDERS.replace("        description: Order number.", '        description: "x\\u0000y"'));
    expect((await applyLocal(model, t)).applied).toBe(true);
    const [column] = await sql(t.warehouse, "SELECT comment FROM duckdb_columns() WHERE column_name = 'order_id'");
    expect(column!.comment).toBe("x\uFFFDy [classification: internal; primary key]");
    expect((await applyLocal(model, t)).plan.changes).toEqual([]);
    expect((await planLocal(model, t)).plan.changes).toEqual([]);
  });

  it("reports names with quotes, spaces or path separators, and creates nothing", async () => {
    const t = target();
    const text = ORDERS.replace("      - name: note", `      - name: "no\\"te; DROP TABLE x"`).replace("  - name: refunds", "  - name: ../refunds");
    const model = modelOf(text);
    expect(model.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["provision-invalid-name", "/schema/0/properties/2/name"],
      ["provision-invalid-name", "/schema/1/name"],
    ]);
    const applied = await applyLocal(model, t);
    expect(applied.applied).toBe(false);
    expect(existsSync(t.warehouse)).toBe(false);
    expect(existsSync(t.lake)).toBe(false);
    // The same with a domain that would climb out of the lake: no product, so nothing at all.
    const escape = modelOf(ORDERS.replace("domain: sales", "domain: ../../etc"));
    expect(escape.products).toEqual([]);
    expect(() => lakeFolder(t.lake, "..", "x", "gold")).toThrow(/not an identifier/);
  });

  it("leaves a table or view it did not make alone: a conflict, and nothing applied", async () => {
    const t = target();
    mkdirSync(dirname(t.warehouse), { recursive: true });
    await sql(t.warehouse, "CREATE SCHEMA sales; CREATE TABLE sales.orders (legacy INTEGER); INSERT INTO sales.orders VALUES (7); CREATE VIEW sales.refunds AS SELECT 1 AS x");
    const before = await dump(t.warehouse);
    const applied = await applyLocal(modelOf(ORDERS), { ...t, allowDestructive: true });
    expect(applied.applied).toBe(false);
    expect(applied.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["provision-object-conflict", "/schema/0", expect.stringMatching(/^Table `sales\.orders` exists and was not made by meshkit \(its comment is not meshkit's metadata\); meshkit leaves it alone\./)],
      ["provision-object-conflict", "/schema/1", expect.stringMatching(/^`sales\.refunds` exists as a view that meshkit did not make;/)],
    ]);
    expect(await dump(t.warehouse)).toBe(before);
  });

  it("refuses, at the plan, a change DuckDB cannot make to a table with an index made by hand; adding a column still goes", async () => {
    const t = target();
    await applyLocal(modelOf(ORDERS), t);
    await sql(t.warehouse, "INSERT INTO sales.orders VALUES ('o-1', 1, 'keep me'); CREATE INDEX by_note ON sales.orders (note); CREATE INDEX \"a \"\"quoted\"\" one\" ON sales.orders (amount)");
    // An optional column and comments: DuckDB allows them, so they are applied, index and all.
    const added = ORDERS.replace("version: 1.0.0", "version: 1.1.0").replace("      - name: note\n", "      - name: channel\n        logicalType: string\n      - name: note\n");
    expect(await applyLocal(modelOf(added), t)).toMatchObject({ applied: true, findings: [] });

    // Dropping a column, a type change: each would fail the apply, so the plan says so
    // (the state copy beside the warehouse says it too), and nothing is applied.
    const changed = added.replace("      - name: note\n        logicalType: string\n", "").replace("DECIMAL(12,2)", "DECIMAL(10,2)");
    const before = await dump(t.warehouse);
    for (const planned of [await planLocal(modelOf(changed), { ...t, allowDestructive: true }), await planLocal(modelOf(changed), { ...t, allowDestructive: true })]) {
      expect(planned.findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([["provision-object-conflict", "error", "/schema/0"]]);
      expect(planned.findings[0]!.message).toBe(
        'Table `sales.orders` has 2 indexes that meshkit did not make ("sales"."a ""quoted"" one", "sales"."by_note"), and DuckDB cannot alter a table an index depends on: the changes to column sales.orders.amount, column sales.orders.note would fail the apply. Drop them (DROP INDEX "sales"."a ""quoted"" one"; DROP INDEX "sales"."by_note"), apply, then create them again.',
      );
    }
    const refused = await applyLocal(modelOf(changed), { ...t, allowDestructive: true });
    expect(refused.applied).toBe(false);
    expect(await dump(t.warehouse)).toBe(before);
    // The other table of the contract has no index: its changes alone are no conflict.
    expect((await planLocal(modelOf(changed.replace("        logicalType: integer\n        required: true\n", "        logicalType: integer\n")), { ...t, allowDestructive: true })).findings).toHaveLength(1);

    await sql(t.warehouse, 'DROP INDEX sales.by_note; DROP INDEX sales."a ""quoted"" one"');
    expect(await applyLocal(modelOf(changed), { ...t, allowDestructive: true })).toMatchObject({ applied: true, findings: [] });
    expect(await sql(t.warehouse, "SELECT * FROM sales.orders")).toEqual([{ order_id: "o-1", amount: expect.anything(), channel: null }]);
  });

  it("refuses, at the plan, a domain DuckDB cannot hold as a schema: main, a catalog's name, or the warehouse's own", async () => {
    const t = target({ warehouse: join(target().dir, "lakehouse.v1.duckdb") });
    const domains = ["main", "System", "temp", "information_schema", "lakehouse"];
    const model = modelOf(...domains.map((domain) => ORDERS.replace("domain: sales", `domain: ${domain}`).replace("id: orders-contract", `id: ${domain}-orders`)));
    const planned = await planLocal(model, t);
    expect(planned.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual(
      ["System", "information_schema", "lakehouse", "main", "temp"].map((domain) => ["provision-object-conflict", "/domain", expect.stringMatching(new RegExp(`^Domain \`${domain}\` (is|is the)`))]),
    );
    expect(planned.findings.map((f) => f.message).find((m) => m.includes("lakehouse"))).toBe(
      "Domain `lakehouse` is the name DuckDB gives the warehouse's own catalog (after its file, lakehouse.v1.duckdb), so its tables could not be named as schema.table; name the domain differently.",
    );
    const applied = await applyLocal(model, t);
    expect(applied.applied).toBe(false);
    expect(existsSync(t.warehouse)).toBe(false);
  });

  it("refuses a table another product owns, and two objects that want the same table", async () => {
    const t = target();
    await applyLocal(modelOf(ORDERS), t);
    const thief = ORDERS.replace("id: orders-contract", "id: thief").replace("dataProduct: orders", "dataProduct: thief");
    const planned = await planLocal(modelOf(thief), t);
    expect(planned.findings.map((f) => f.message)).toEqual([
      "Table `sales.orders` belongs to product sales/orders; meshkit does not move it to sales/thief. Give the object another physicalName.",
      "Table `sales.refunds` belongs to product sales/orders; meshkit does not move it to sales/thief. Give the object another physicalName.",
    ]);
    // The same contract, its product renamed: another physicalName would leave the rows behind, so the message says how to hand the table over.
    const renamed = ORDERS.replace("dataProduct: orders", "dataProduct: purchases");
    const comment = '{"managedBy":"meshkit","domain":"sales","product":"purchases","contract":"orders-contract"}';
    expect((await planLocal(modelOf(renamed), t)).findings.map((f) => f.message)).toEqual(
      ["orders", "refunds"].map((table) => `Table \`sales.${table}\` belongs to product sales/orders; meshkit does not move it to sales/purchases. If the product was renamed, to hand it over, set its comment to ${comment}; otherwise give the object another physicalName.`),
    );
    await sql(t.warehouse, `INSERT INTO sales.orders (order_id) VALUES ('o-1'); COMMENT ON TABLE sales.orders IS '${comment}'; COMMENT ON TABLE sales.refunds IS '${comment}'`);
    const handedOver = await applyLocal(modelOf(renamed), t);
    expect([handedOver.applied, handedOver.findings]).toEqual([true, []]);
    expect(lines(handedOver.plan.changes).filter((l) => !l.includes("folder"))).toEqual(["update comment sales.orders", "update comment sales.refunds"]);
    expect(await sql(t.warehouse, "SELECT order_id FROM sales.orders")).toEqual([{ order_id: "o-1" }]);
    const twice = ORDERS.replace("  - name: refunds\n", "  - name: refunds\n    physicalName: orders\n");
    expect((await planLocal(modelOf(twice), target())).findings.map((f) => [f.ruleId, f.path, f.message.slice(0, 50)])).toEqual([["provision-object-conflict", "/schema/1", "Table `sales.orders` is wanted by sales/orders (co"]]);
    // Two products serving one contract: no physicalName separates them, the message names both.
    const product = (name: string) => `apiVersion: v1.0.0\nkind: DataProduct\nid: ${name}-product\nname: ${name}\nversion: 1.0.0\nstatus: active\ndomain: sales\noutputPorts:\n  - {name: orders, version: 1.0.0, contractId: orders-contract}\n`;
    const shared = provisionModel({ contracts: documents(ORDERS, "orders.odcs.yaml"), products: [...documents(product("orders"), "orders.odps.yaml"), ...documents(product("other"), "other.odps.yaml")] });
    expect((await planLocal(shared, target())).findings.map((f) => f.message)).toContain(
      "Table `sales.orders` of contract orders-contract is wanted by two products, sales/orders and sales/other: a contract is served by one product; remove the output port from the other.",
    );
  });

  it("gives domains that differ only in case one schema and one spelling: the later one is a name collision, left out whole", async () => {
    const t = target();
    const upper = ORDERS.replace("domain: sales", "domain: Sales");
    const lower = ORDERS.replace("id: orders-contract", "id: refunds-contract").replace("dataProduct: orders", "dataProduct: refunds").replace("  - name: orders\n", "  - name: orders_v2\n").replace("  - name: refunds\n", "  - name: refunds_v2\n");
    const planned = await planLocal(modelOf(upper, lower), t);
    expect(planned.findings.map((f) => [f.ruleId, f.file, f.path, f.message])).toEqual([
      ["provision-name-collision", "contract-1.odcs.yaml", "/domain", "Domain `sales` is the same DuckDB schema as domain `Sales` (DuckDB compares names without case), but would get lake folders of its own: spell the domain one way. Product sales/refunds is not provisioned."],
    ]);
    expect(planned.plan.products).toEqual(["Sales/orders"]);
    expect(lines(planned.plan.changes).filter((l) => /schema|folder|create table/.test(l))).toEqual([
      "create schema Sales",
      "create table Sales.orders",
      "create table Sales.refunds",
      "create folder lake/domain=Sales/product=orders/bronze",
      "create folder lake/domain=Sales/product=orders/silver",
      "create folder lake/domain=Sales/product=orders/gold",
    ]);
    // Spelled by an ODPS product, the finding is at the product's domain, where the spelling is.
    const product = "apiVersion: v1.0.0\nkind: DataProduct\nid: refunds-product\nname: refunds\nversion: 1.0.0\nstatus: active\ndomain: sales\noutputPorts:\n  - {name: refunds, version: 1.0.0, contractId: refunds-contract}\n";
    const withProduct = provisionModel({ contracts: [...documents(upper, "contract-0.odcs.yaml"), ...documents(lower.replace("domain: sales", "domain: SALES"), "contract-1.odcs.yaml")], products: documents(product, "refunds.odps.yaml") });
    expect((await planLocal(withProduct, target())).findings.map((f) => [f.ruleId, f.file, f.line, f.path])).toEqual([["provision-name-collision", "refunds.odps.yaml", 7, "/domain"]]);
    // Once applied, the warehouse's spelling wins, whichever products a later run plans.
    expect((await applyLocal(modelOf(upper), t)).applied).toBe(true);
    expect((await planLocal(modelOf(lower), t)).findings.map((f) => [f.ruleId, f.message.slice(0, 58)])).toEqual([["provision-name-collision", "Domain `sales` is the same DuckDB schema as domain `Sales`"]]);
  });

  // lake/domain=sales/product=Orders/ and product=orders/ are one folder on macOS's and Windows' default file systems.
  it("refuses a product whose name differs only in case from another of its domain: their lake folders would be one", async () => {
    const upper = ORDERS.replace("dataProduct: orders", "dataProduct: Orders");
    const lower = ORDERS.replace("id: orders-contract", "id: refunds-contract").replace("  - name: orders\n", "  - name: orders_v2\n").replace("  - name: refunds\n", "  - name: refunds_v2\n");
    const planned = await planLocal(modelOf(upper, lower), target());
    expect(planned.findings.map((f) => [f.ruleId, f.file, f.path, f.message])).toEqual([
      [
        "provision-name-collision",
        "contract-1.odcs.yaml",
        "/dataProduct",
        "Product `sales/orders` differs from product `sales/Orders` only in case: its lake folder lake/domain=sales/product=orders/ is lake/domain=sales/product=Orders/ on a case-insensitive file system (the default on macOS and Windows), where the two products' files would mix. Give one of them another name; product sales/orders is not provisioned.",
      ],
    ]);
    expect(planned.plan.products).toEqual(["sales/Orders"]);
    expect(lines(planned.plan.changes).filter((l) => /folder/.test(l))).toEqual(["create folder lake/domain=sales/product=Orders/bronze", "create folder lake/domain=sales/product=Orders/silver", "create folder lake/domain=sales/product=Orders/gold"]);
  });

  // A product added beside one already provisioned, spelled like it but for case, is the one left out: not the product
  // whose tables and folders are there (as the warehouse's spelling of a domain wins, whichever products a run plans).
  it("keeps the product the warehouse holds over a later one whose name differs only in case", async () => {
    const t = target();
    const lower = ORDERS.replace("id: orders-contract", "id: refunds-contract").replace("  - name: orders\n", "  - name: orders_v2\n").replace("  - name: refunds\n", "  - name: refunds_v2\n");
    const upper = ORDERS.replace("dataProduct: orders", "dataProduct: Orders");
    expect((await applyLocal(modelOf(lower), t)).applied).toBe(true);
    const planned = await planLocal(modelOf(upper, lower), t);
    expect(planned.findings.map((f) => [f.ruleId, f.file, f.path, f.message.slice(0, 72)])).toEqual([["provision-name-collision", "contract-0.odcs.yaml", "/dataProduct", "Product `sales/Orders` differs from product `sales/orders` only in case:"]]);
    expect(planned.plan.products).toEqual(["sales/orders"]);
    // Planned alone, too: its folders would be the provisioned product's.
    expect((await planLocal(modelOf(upper), t)).findings.map((f) => [f.ruleId, f.file, f.message.slice(0, 72)])).toEqual([["provision-name-collision", "contract-0.odcs.yaml", "Product `sales/Orders` differs from product `sales/orders` only in case:"]]);
  });

  it("keeps lake folders inside the lake: a link out of it, or a file in the way, is a conflict", async () => {
    const t = target();
    const outside = mkdtempSync(join(tmpdir(), "meshkit-outside-"));
    dirs.push(outside);
    mkdirSync(t.lake, { recursive: true });
    symlinkSync(outside, join(t.lake, "domain=sales"));
    const planned = await planLocal(modelOf(ORDERS), t);
    expect(planned.findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([["provision-object-conflict", "/domain", "Lake folders of sales/orders: domain=sales leads outside the lake (a symbolic link); meshkit does not create them."]]);
    expect((await applyLocal(modelOf(ORDERS), t)).applied).toBe(false);
    expect(existsSync(join(outside, "product=orders"))).toBe(false);

    const u = target();
    mkdirSync(join(u.lake, "domain=sales"), { recursive: true });
    writeFileSync(join(u.lake, "domain=sales", "product=orders"), "not a folder");
    expect((await planLocal(modelOf(ORDERS), u)).findings.map((f) => f.message)).toEqual(["Lake folders of sales/orders: domain=sales/product=orders exists and is not a folder; meshkit does not create them."]);

    // The lake itself a file: named by its path, not by an empty one.
    const v = target();
    writeFileSync(v.lake, "not a folder");
    expect((await planLocal(modelOf(ORDERS), v)).findings.map((f) => f.message)).toEqual([`Lake folders of sales/orders: the lake ${v.lake} exists and is not a folder; meshkit does not create them.`]);
  });

  it("says clearly when the warehouse path is not a DuckDB file", async () => {
    const t = target();
    mkdirSync(dirname(t.warehouse), { recursive: true });
    writeFileSync(t.warehouse, "not a database");
    const error = await planLocal(modelOf(ORDERS), t).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^cannot open the warehouse .*warehouse\.duckdb: /);
    expect((error as Error).message).not.toContain("\n");
    await expect(planLocal(modelOf(ORDERS), { ...t, warehouse: t.dir })).rejects.toThrow(/is a folder; name a DuckDB file/);
  });
});

describe("a failed apply changes nothing", () => {
  it("refuses, at the plan, NOT NULL over NULLs and a new required column on a table with rows, counting rows and naming no value; applies nothing", async () => {
    const t = target();
    await applyLocal(modelOf(ORDERS), t);
    await sql(t.warehouse, "INSERT INTO sales.orders VALUES ('o-1', 1, NULL), ('o-2', 2, NULL), ('o-3', 3, 'secret note')");
    const before = await dump(t.warehouse);
    // A new product (schema, table, folders), a new required column, and a column with NULLs made required.
    const v2 = ORDERS.replace("  - name: orders\n    description: One row per order.\n    properties:\n", "  - name: orders\n    description: One row per order.\n    properties:\n      - name: channel\n        logicalType: string\n        required: true\n").replace(
      "      - name: note\n        logicalType: string\n",
      "      - name: note\n        logicalType: string\n        required: true\n",
    );
    const newcomer = ORDERS.replace("id: orders-contract", "id: billing-contract").replace("domain: sales", "domain: billing").replace("dataProduct: orders", "dataProduct: billing");
    const model = modelOf(newcomer, v2);
    for (const run of [await planLocal(model, t), await applyLocal(model, t)]) {
      expect(run.plan.changes.filter((c) => c.address.startsWith("sales.orders.") && c.kind === "column").map((c) => `${c.address}: ${c.detail}`)).toEqual([
        "sales.orders.channel: add column VARCHAR NOT NULL: the table has 3 rows, which the new column would leave without a value, so it cannot be added as NOT NULL: add it optional, fill it in, then make it required",
        "sales.orders.note: set NOT NULL: 2 rows have no value (NULL) in the column, so it cannot be made NOT NULL: fill them in, or keep the property optional",
      ]);
      expect(run.findings.map((f) => [f.ruleId, f.severity, f.file, f.path])).toEqual([
        ["provision-data-conflict", "error", "contract-1.odcs.yaml", "/schema/0/properties/0"],
        ["provision-data-conflict", "error", "contract-1.odcs.yaml", "/schema/0/properties/3"],
      ]);
      expect(JSON.stringify(run)).not.toContain("secret note");
    }
    expect(await dump(t.warehouse)).toBe(before);
    expect(existsSync(join(t.lake, "domain=billing"))).toBe(false);
    expect(existsSync(warehouseLockPath(t.warehouse))).toBe(false);

    // The plan from the state copy (no apply in between) counts too; once the data holds, it applies.
    expect((await planLocal(model, t)).findings.map((f) => f.ruleId)).toEqual(["provision-data-conflict", "provision-data-conflict"]);
    await sql(t.warehouse, "UPDATE sales.orders SET note = 'n/a' WHERE note IS NULL");
    const fixed = modelOf(newcomer, v2.replace("      - name: channel\n        logicalType: string\n        required: true\n", "      - name: channel\n        logicalType: string\n"));
    const applied = await applyLocal(fixed, t);
    expect(applied.findings).toEqual([]);
    expect(applied.applied).toBe(true);
    expect(await sql(t.warehouse, "SELECT column_name, is_nullable FROM duckdb_columns() WHERE schema_name = 'sales' AND table_name = 'orders' AND column_name IN ('channel', 'note') ORDER BY 1")).toEqual([
      { column_name: "channel", is_nullable: true },
      { column_name: "note", is_nullable: false },
    ]);
  });

  it("rolls back when DuckDB rejects a column type, and leaves no warehouse file when there was none", async () => {
    const t = target();
    const model = modelOf(ORDERS);
    model.products[0]!.contracts[0]!.tables[1]!.columns[0]!.types.duckdb = "NOT_A_TYPE"; // injected: types.ts never makes it
    expect(isWritableType("NOT_A_TYPE")).toBe(true);
    const error = await applyLocal(model, t).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalProvisionError);
    expect((error as Error).message).toMatch(/^Apply failed at table sales\.refunds: Catalog Error: Type with name NOT_A_TYPE does not exist!.*nothing was changed\.$/);
    expect(existsSync(t.warehouse)).toBe(false);

    // With a warehouse: the first table's changes are undone too.
    await applyLocal(modelOf(ORDERS), t);
    const before = await dump(t.warehouse);
    const v2 = modelOf(ORDERS.replace("      - name: note\n", "      - name: channel\n        logicalType: string\n      - name: note\n").replace("        logicalType: integer\n        required: true\n", "        logicalType: integer\n        required: true\n      - name: reason\n        logicalType: string\n"));
    v2.products[0]!.contracts[0]!.tables[1]!.columns[1]!.types.duckdb = "NOT_A_TYPE";
    await expect(applyLocal(v2, t)).rejects.toThrow(/^Apply failed at table sales\.refunds: Catalog Error/);
    expect(await dump(t.warehouse)).toBe(before);
  });

  it("never writes a type that is not a type", async () => {
    const t = target();
    const model = modelOf(ORDERS);
    model.products[0]!.contracts[0]!.tables[0]!.columns[2]!.types.duckdb = "VARCHAR); DROP TABLE x; --";
    const applied = await applyLocal(model, t);
    expect(applied.applied).toBe(false);
    expect(applied.findings.map((f) => [f.ruleId, f.path])).toEqual([["provision-type-unmapped", "/schema/0/properties/2"]]);
    expect(existsSync(t.warehouse)).toBe(false);
  });
});

describe("concurrent applies on one warehouse", () => {
  it("take turns in one process: one applies, the other then finds nothing to do", async () => {
    const t = target();
    const model = modelOf(ORDERS);
    const results = await Promise.all([applyLocal(model, t), applyLocal(model, t)]);
    expect(results.map((r) => r.applied)).toEqual([true, true]);
    const [second, first] = results.map((r) => r.plan.changes.length).sort((a, b) => a - b);
    expect(second).toBe(0);
    expect(first).toBeGreaterThan(0);
    expect((await planLocal(model, t)).plan.changes).toEqual([]);
  });

  it("take turns across processes, and the warehouse is whole afterwards", async () => {
    const t = target();
    const contract = join(t.dir, "orders.odcs.yaml");
    writeFileSync(contract, ORDERS);
    const bundle = await bundleForChildren(t.dir);
    const script = `
      import { readFileSync } from "node:fs";
      const { applyLocal, provisionModel, loadText } = await import(${JSON.stringify(bundle)});
      const model = provisionModel({ contracts: loadText("orders.odcs.yaml", readFileSync(${JSON.stringify(contract)}, "utf8")).documents, products: [] });
      const result = await applyLocal(model, { warehouse: ${JSON.stringify(t.warehouse)}, lake: ${JSON.stringify(t.lake)}, lockTimeoutMs: 120000 });
      console.log(JSON.stringify({ applied: result.applied, changes: result.plan.changes.length }));`;
    const runs = await Promise.all([runNode(script), runNode(script)]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const outcomes = runs.map((r) => JSON.parse(r.stdout) as { applied: boolean; changes: number });
    expect(outcomes.every((o) => o.applied)).toBe(true);
    expect(outcomes.map((o) => o.changes).filter((n) => n === 0)).toHaveLength(1); // the second found the first's work done
    expect((await planLocal(modelOf(ORDERS), t)).plan.changes).toEqual([]);
    expect((await sql(t.warehouse, "SELECT count(*)::INTEGER AS n FROM duckdb_tables()"))[0]).toEqual({ n: 2 });
  });

  it("fails cleanly with one line when another apply holds the warehouse past the timeout, changing nothing", async () => {
    const t = target();
    const held = await acquireLock(warehouseLockPath(t.warehouse), { purpose: "meshkit provision apply" });
    try {
      const error = await applyLocal(modelOf(ORDERS), { ...t, lockTimeoutMs: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect((error as Error).message).toMatch(/warehouse\.duckdb\.lock is held by meshkit provision apply \(pid \d+, since .*\); gave up after \d+ ms\./);
      expect(existsSync(t.warehouse)).toBe(false);
    } finally {
      held.release();
    }
    // …and waits while the holder finishes, when it may.
    const holder = await acquireLock(warehouseLockPath(t.warehouse));
    let waited = false;
    const applied = await applyLocal(modelOf(ORDERS), {
      ...t,
      onLockWait: () => {
        waited = true;
        holder.release();
      },
    });
    expect(waited).toBe(true);
    expect(applied.applied).toBe(true);
  });
});

describe("the state copy beside the warehouse", () => {
  it("lets plan skip DuckDB for an unchanged warehouse, notices a change made by hand, and is never trusted by apply", async () => {
    const t = target();
    await applyLocal(modelOf(ORDERS), t);
    expect(existsSync(stateCachePath(t.warehouse))).toBe(true);
    const real = async () => {
      const db = await openWarehouse(t.warehouse, "read");
      try {
        return await readWarehouseState(db.connection);
      } finally {
        db.close();
      }
    };
    expect(readStateCache(t.warehouse)).toEqual(await real());

    // Any change made with DuckDB leaves a write-ahead log or a new header: the copy no longer counts.
    await sql(t.warehouse, "COMMENT ON COLUMN sales.orders.note IS 'by hand'");
    expect(readStateCache(t.warehouse)).toBeUndefined();
    const planned = await planLocal(modelOf(ORDERS), t);
    expect(planned.plan.changes.map((c) => `${c.action} ${c.kind} ${c.address}: ${c.detail}`)).toEqual(["update comment sales.orders.note: column comment removed"]);
    expect(readStateCache(t.warehouse)).toEqual(await real()); // that plan refreshed it

    // A copy that lies (right fingerprint, wrong content) misleads plan, but apply reads the warehouse.
    const fingerprint = warehouseFingerprint(t.warehouse)!;
    writeFileSync(stateCachePath(t.warehouse), JSON.stringify({ kind: "meshkit-local-state", version: 2, fingerprint, schemas: [], relations: [] }));
    expect(lines((await planLocal(modelOf(ORDERS), t)).plan.changes)).toContain("create table sales.orders");
    const applied = await applyLocal(modelOf(ORDERS), t);
    expect(lines(applied.plan.changes)).toEqual(["update comment sales.orders.note"]);
    expect(await sql(t.warehouse, "SELECT comment FROM duckdb_columns() WHERE column_name = 'note'")).toEqual([{ comment: null }]);
    expect((await planLocal(modelOf(ORDERS), t)).plan.changes).toEqual([]);
  });
});

describe("SQL helpers", () => {
  it("compares declared types with DuckDB's names for them", () => {
    expect(canonicalType("TIMESTAMPTZ")).toBe("TIMESTAMP WITH TIME ZONE");
    expect(canonicalType("timestamptz[]")).toBe("TIMESTAMP WITH TIME ZONE[]");
    expect(canonicalType("DECIMAL(12, 2)")).toBe("DECIMAL(12,2)");
    expect(canonicalType("numeric(12,2)")).toBe("DECIMAL(12,2)");
    expect(isWritableType("DECIMAL(12,2)")).toBe(true);
    expect(isWritableType("TIMESTAMP WITH TIME ZONE[]")).toBe(true);
    expect(isWritableType("VARCHAR; DROP TABLE x")).toBe(false);
    expect(isWritableType("VARCHAR'")).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------

/** The planner as one ESM file for plain `node` (DuckDB's native addon stays where npm put it). */
async function bundleForChildren(dir: string): Promise<string> {
  const outfile = join(dir, "provision-bundle.mjs");
  const duckdb = createRequire(import.meta.url).resolve("@duckdb/node-api");
  const src = dirname(fileURLToPath(import.meta.url));
  await build({
    stdin: { contents: `export { applyLocal } from "./local.ts"; export { provisionModel } from "./model.ts"; export { loadText } from "@meshkit/core";`, resolveDir: src, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "error",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [{ name: "duckdb-in-place", setup: (b) => b.onResolve({ filter: /^@duckdb\/node-api$/ }, () => ({ path: duckdb, external: true })) }],
  });
  return outfile;
}

function runNode(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe("order", () => {
  it("lists products in code-unit order of domain/name, the same on every machine whatever its locale", () => {
    const names = ["returns", "b_c", "Sales", "bC"];
    const contracts = names.flatMap((domain, i) => documents(ORDERS.replace("id: orders-contract", `id: c${i}`).replace("domain: sales", `domain: ${domain}`), `c${i}.odcs.yaml`));
    const model = provisionModelByProduct({ contracts, products: [] }, { target: "local" });
    expect(model.findings).toEqual([]);
    expect(model.products.map((p) => `${p.domain}/${p.name}`)).toEqual(["Sales/orders", "bC/orders", "b_c/orders", "returns/orders"]);
  });
});
