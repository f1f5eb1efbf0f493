/**
 * The `local` planner, meshkit's embedded default: a product's contracts turned into a DuckDB
 * warehouse file and a lake folder tree, planned against what is there and applied in one transaction.
 *
 * ## What it makes
 * - Schema `<domain>` (one per domain; never dropped: other products and hand-made tables share it).
 * - Table `<domain>.<table>` per schema object (`physicalName`, else `name`), columns typed by
 *   types.ts (`duckdb`), NOT NULL for required properties (and key columns), no PRIMARY KEY
 *   constraint (see below); `COMMENT ON TABLE` with `tableComment()` (product, domain, owner, contract
 *   and version, SLAs, `"managedBy":"meshkit"`), `COMMENT ON COLUMN` with the description, the
 *   classification and, for key columns, `primary key`.
 * - Folders `<lake>/domain=<domain>/product=<product>/{bronze,silver,gold}/`.
 *
 * ## Why no PRIMARY KEY or UNIQUE constraint
 * DuckDB enforces a primary key or a UNIQUE constraint on every insert (an ART index), and it cannot
 * drop or change one later: no `DROP CONSTRAINT`, a key or unique column can be neither dropped nor
 * retyped. A contract whose key or `unique` changes would leave the table stuck, or force a rebuild (a
 * copy of all its data) for a metadata change. So the key is NOT NULL, key and `unique: true` columns
 * say so in their column comments, and uniqueness is what contract-test's `duplicateValues` checks
 * measure and report, as they do on Snowflake and BigQuery, whose constraints are not enforced either.
 *
 * ## Plan and apply
 * `planLocal` reads the warehouse (five catalog queries, whatever its size, or the state copy beside
 * an unchanged warehouse: see local-state.ts) and the lake folders, and lists the changes; it changes
 * nothing. `applyLocal` takes the warehouse's lock (lock.ts: a second apply waits, then fails with one
 * line), plans again from the warehouse itself, then runs every statement in ONE transaction:
 * DuckDB's DDL is transactional, so any error rolls everything back and nothing is half-applied (the
 * error names the table and DuckDB's reason). Lake folders are made after the commit (`mkdir -p`,
 * idempotent). A second apply finds no change.
 *
 * A contract needs no `servers` entry for `local`: it is the embedded default, wherever the caller
 * puts the warehouse and lake (project.ts proposes `.meshkit/warehouse.duckdb` and `lake/`).
 *
 * Additive changes are applied in place: a new column is `ALTER TABLE … ADD COLUMN` (then `SET NOT
 * NULL` when required), comments are rewritten, optional↔required flips NOT NULL, and a property
 * renamed with a `renamedFrom` hint (`renamedFromOf`, compat's reading) is `RENAME COLUMN` of the old
 * column when the table has it and not the new one (values kept; not destructive); an object renamed
 * with the hint is `RENAME TO` of meshkit's table of that name for its contract (rows kept). A required column
 * added to a table that has rows, or NOT NULL on a column holding NULLs, cannot succeed: the plan
 * counts those rows first and reports a `provision-data-conflict` error (add it optional, backfill,
 * then require it), so the pull request's plan fails rather than the apply. Destructive changes
 * (dropping a table or column the contract no longer has, any type change) are marked `destructive`
 * and each is a `provision-destructive-change` finding unless `allowDestructive`: apply then refuses
 * the whole plan and changes nothing.
 *
 * ## What counts as meshkit's
 * A table is meshkit's for a product when its comment is meshkit's JSON naming that product and
 * domain. Only such tables are changed or dropped, and a table is dropped only when its contract is
 * among the inputs and no longer has it (planning a subset of a repository never drops the rest). A
 * table or view with a wanted name that is not meshkit's for this product is a
 * `provision-object-conflict` finding, and nothing is applied.
 *
 * ## Safety
 * Names were validated by the model (letters, digits, `_`); they are quoted in SQL all the same.
 * Comments are escaped literals (DuckDB's `COMMENT ON` takes no parameter). Column types come from
 * types.ts and must match a type grammar. Lake paths are joined from validated names and must resolve
 * inside the lake root, through symbolic links too.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { type Finding, type LoadedDocument, type RuleMeta, UsageError, isInsideFolder, makeDirectory, compareText } from "@meshkit/core";
import { existsSync, lstatSync, realpathSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { canonicalType, columnComment, columnDefinition, commentStatement, isLocalWidening, isWritableType, qualifiedName, quoteIdentifier, stringLiteral } from "./local-sql.js";
import {
  type ColumnState,
  type OpenWarehouse,
  type RelationState,
  type WarehouseState,
  countRows,
  emptyState,
  firstLine,
  openWarehouse,
  readStateCache,
  readWarehouseState,
  relationKey,
  warehouseFingerprint,
  writeStateCache,
} from "./local-state.js";
import { type LockHolder, withLock } from "./lock.js";
import { leftBehindFinding, unclaimedFinding } from "./left-behind.js";
import { ALLOW_DESTRUCTIVE_FLAG, type ColumnSpec, type ContractSpec, type ProductByProductModel, type ProductHead, type ProvisionModel, type TableSpec, productNameAt, tableComment } from "./model.js";
import { nameProblem } from "./names.js";
import type { Change, ProvisionPlan } from "./plan.js";

/**
 * Rules the local planner adds to PROVISION_RULES. It also reports `provision-object-conflict`, which
 * the model declares (PROVISION_RULES), and `provision-name-collision`, which the Terraform renderers
 * declare (TERRAFORM_RULES).
 */
export const LOCAL_PROVISION_RULES = [
  { id: "provision-no-columns", defaultSeverity: "warning", stage: "provision", description: "A schema object has no properties with a column type; DuckDB has no tables without columns, so none is created." },
] as const satisfies readonly RuleMeta[];

export const LAKE_LAYERS = ["bronze", "silver", "gold"] as const;
export type LakeLayer = (typeof LAKE_LAYERS)[number];

export interface LocalProvisionOptions {
  /** The DuckDB warehouse file; made by the first apply. */
  warehouse: string;
  /** The lake root: `domain=<d>/product=<p>/<layer>/` folders are made under it. */
  lake: string;
  /** Let apply drop tables and columns and change column types. Without it, a plan with such a change is refused whole. */
  allowDestructive?: boolean;
  /** How messages name the switch that allows destructive changes; default `ALLOW_DESTRUCTIVE_FLAG`. */
  allowDestructiveLabel?: string;
  /**
   * Given on a whole-project run only: the id of every contract in the project, and how findings name the warehouse.
   * The warehouse's meshkit tables of any other contract are reported there (`provision-unclaimed`). A run limited
   * to some paths cannot tell a contract removed from one it was not given.
   */
  projectContracts?: { ids: ReadonlySet<string>; warehouseLabel: string };
  /** How long to wait for another plan or apply on the same warehouse; default 30 s. */
  lockTimeoutMs?: number;
  /** Called when another run holds the warehouse and this one starts waiting. */
  onLockWait?: (holder: LockHolder | undefined) => void;
}

export interface LocalPlanResult {
  plan: ProvisionPlan;
  /** The planner's own findings (conflicts, destructive changes refused); the model's are the caller's. */
  findings: Finding[];
  /** Every statement apply runs, in order, in one transaction. */
  statements: string[];
}

export interface LocalApplyResult extends LocalPlanResult {
  /** True when the warehouse and lake now match the contracts (also when there was nothing to do). */
  applied: boolean;
}

/** Apply failed and was rolled back, or the warehouse cannot be used. One line; exit code 2. */
export class LocalProvisionError extends UsageError {
  override readonly name = "LocalProvisionError";
}

/** `<warehouse>.lock`: the file plan and apply hold while they read or change the warehouse. */
export function warehouseLockPath(warehouse: string): string {
  return `${resolve(warehouse)}.lock`;
}

/** `<lake>/domain=<domain>/product=<product>/<layer>`; the names must be identifiers. */
export function lakeFolder(lake: string, domain: string, product: string, layer: LakeLayer): string {
  for (const [kind, name] of [["domain", domain], ["product", product]] as const) {
    const problem = nameProblem(kind, name);
    if (problem) throw new Error(`lake folder: ${problem}`);
  }
  const root = resolve(lake);
  const folder = join(root, `domain=${domain}`, `product=${product}`, layer);
  if (!isInsideFolder(folder, root)) throw new Error(`lake folder ${folder} is outside the lake ${root}`);
  return folder;
}

/**
 * What apply would change; reads the warehouse (waiting for a running apply) and changes nothing in
 * it. An unchanged warehouse is read from the state copy beside it (local-state.ts), which a plan
 * that had to read the warehouse refreshes.
 */
export async function planLocal(model: ProvisionModel | ProductByProductModel, options: LocalProvisionOptions): Promise<LocalPlanResult> {
  const warehouse = warehousePath(options);
  if (!existsSync(warehouse)) return publicResult(await planAgainst(model, emptyState(), undefined, options));
  return withLock(
    warehouseLockPath(warehouse),
    async () => {
      const cached = readStateCache(warehouse);
      if (cached) {
        // Row counts (for the detail of a table drop) are the one thing the copy does not have.
        let db: OpenWarehouse | undefined;
        try {
          return publicResult(await planAgainst(model, cached, async (qualified, where) => countRows((db ??= await openWarehouse(warehouse, "read")).connection, qualified, where), options));
        } finally {
          db?.close();
        }
      }
      const db = await openWarehouse(warehouse, "read");
      let state: WarehouseState | undefined;
      let fingerprint: string | undefined;
      try {
        fingerprint = warehouseFingerprint(warehouse); // while DuckDB holds the file: nobody writes it
        state = await readWarehouseState(db.connection);
        return publicResult(await planAgainst(model, state, (qualified, where) => countRows(db.connection, qualified, where), options));
      } finally {
        db.close();
        if (state && fingerprint !== undefined && fingerprint === warehouseFingerprint(warehouse)) writeStateCache(warehouse, fingerprint, state);
      }
    },
    lockOptions(options, "meshkit provision plan"),
  );
}

/**
 * Plans again under the warehouse's lock, from the warehouse itself (never from the state copy), and
 * carries the plan out: every statement in one transaction, then the lake folders. Refused (nothing
 * done, `applied: false`) when the model or the plan has an error finding: a name or type that cannot
 * be provisioned, a conflict, a destructive change without `allowDestructive`.
 */
export async function applyLocal(model: ProvisionModel | ProductByProductModel, options: LocalProvisionOptions): Promise<LocalApplyResult> {
  const warehouse = warehousePath(options);
  return withLock(
    warehouseLockPath(warehouse),
    async () => {
      const existed = existsSync(warehouse);
      let db = existed ? await openWarehouse(warehouse, "write") : undefined;
      let copy: { fingerprint: string; state: WarehouseState } | undefined;
      try {
        const before = db ? await readWarehouseState(db.connection) : emptyState();
        const connection = db?.connection;
        const planned = await planAgainst(model, before, connection ? (qualified, where) => countRows(connection, qualified, where) : undefined, options);
        const blocked = [...model.findings, ...planned.findings].some((f) => f.severity === "error");
        if (blocked) return { ...publicResult(planned), applied: false };
        const changed = planned.batches.length > 0;
        if (changed) {
          db ??= await openWarehouse(warehouse, "write");
          try {
            await runInOneTransaction(db.connection, planned.batches);
          } catch (error) {
            if (!existed) {
              // Rolled back into an empty file this apply made: leave no file, as before.
              db.close();
              db = undefined;
              for (const file of [warehouse, `${warehouse}.wal`]) rmSync(file, { force: true });
            }
            throw error;
          }
        }
        if (db) {
          // Written to the file now, so the next plan can use the state copy instead of opening it.
          await db.connection.run("CHECKPOINT");
          const fingerprint = warehouseFingerprint(warehouse);
          if (fingerprint !== undefined) copy = { fingerprint, state: changed ? await readWarehouseState(db.connection) : before };
        }
        makeFolders(planned.folders, resolve(options.lake));
        return { ...publicResult(planned), applied: true };
      } finally {
        db?.close();
        if (copy && copy.fingerprint === warehouseFingerprint(warehouse)) writeStateCache(warehouse, copy.fingerprint, copy.state);
      }
    },
    lockOptions(options, "meshkit provision apply"),
  );
}

// ---------------------------------------------------------------------------------------------------
// Planning

interface Origin {
  document: LoadedDocument;
  pointer: string;
}

interface Step {
  change: Change;
  sql: string[];
  origin?: Origin;
  /** Statements of one table run as one batch (fewer round trips); a failure names the batch. */
  batch: string;
  /** Rows that stop the change (counted before anything runs; see checkData). */
  check?: DataCheck;
  /** An ALTER TABLE that DuckDB refuses on a table with an index (all but ADD COLUMN and comments). */
  altersTable?: true;
}

/** The rows of `table` (`WHERE where`) that stop a change, counted, never shown, and what that means. */
interface DataCheck {
  table: string;
  where?: string;
  problem: (count: number) => string;
}

/** A table's statements (or a schema's, a drop's), run as one batch; a failure names the batch. */
interface Batch {
  name: string;
  sql: string[];
}

interface Planned extends LocalPlanResult {
  batches: Batch[];
  /** Absolute lake folders to make after the commit. */
  folders: string[];
}

/** Schemas DuckDB keeps for its own catalog: a domain cannot be one of them. */
const CATALOG_SCHEMAS = new Set(["information_schema", "pg_catalog"]);
/** Catalogs DuckDB attaches to every connection: a schema of the same name makes `"<name>"."<table>"` ambiguous. */
const ATTACHED_CATALOGS = new Set(["temp", "system"]);

/**
 * Why DuckDB cannot hold domain `domain`'s tables in a schema of that name, or undefined. Besides its own
 * schemas, every warehouse has the schema `main` (CREATE SCHEMA fails), and a schema named like a catalog
 * (`temp`, `system`, or the warehouse's own, named after its file) cannot be referred to as `schema.table`
 * (a Binder error): all of them would pass the plan and fail the apply. DuckDB compares them without case.
 */
export function reservedDomainProblem(domain: string, warehouse: string): string | undefined {
  const name = domain.toLowerCase();
  if (CATALOG_SCHEMAS.has(name)) return "is a schema DuckDB keeps for its catalog";
  if (name === "main") return "is the default schema DuckDB makes in every warehouse, which meshkit does not take over";
  if (ATTACHED_CATALOGS.has(name)) return "is the name of a catalog DuckDB attaches to every warehouse, so its tables could not be named as schema.table";
  if (name === warehouseCatalog(warehouse).toLowerCase()) return `is the name DuckDB gives the warehouse's own catalog (after its file, ${basename(warehouse)}), so its tables could not be named as schema.table`;
  return undefined;
}

/** The catalog name DuckDB gives a database file it opens: the file's name without its extension. */
function warehouseCatalog(warehouse: string): string {
  const file = basename(warehouse);
  const dot = file.indexOf(".");
  return dot > 0 ? file.slice(0, dot) : file;
}

/** Rows in a table, given as `"schema"."table"`, that meet `where` (all, without). */
type RowCounter = (qualified: string, where?: string) => Promise<number>;

/**
 * The plan, product by product: a product's contracts are read when it is planned (model.contractsOf), and
 * once its steps are checked only their changes and statements are kept, copied: nothing keeps the
 * product's documents or model alive while the next ones are planned.
 */
async function planAgainst(input: ProvisionModel | ProductByProductModel, state: WarehouseState, rowCount: RowCounter | undefined, options: LocalProvisionOptions): Promise<Planned> {
  const model: ProductByProductModel = "contractsOf" in input ? input : { ...input, contractsOf: (product) => (product as ProvisionModel["products"][number]).contracts };
  const findings: Finding[] = [];
  // Findings of the steps, in the order a plan of all steps at once gives them: refused steps (then refused
  // drops) after the planning's, then rows that stop a change, then the lake folders'.
  const refused: Finding[] = [];
  const refusedDrops: Finding[] = [];
  const stopped: Finding[] = [];
  const tables = new PlannedSteps();
  const dropped = new PlannedSteps();
  const schemas = new Map<string, Step>();
  /** relationKey → who wants it, for tables two contracts (or products) would share. */
  const claimed = new Map<string, { owner: string; product: string; contract: string }>();
  /** relationKeys of tables renamed to an object's new name (renamedFrom): not dropped. */
  const renamedAway = new Set<string>();
  const conflict = (origin: Origin, message: string) => findings.push(origin.document.finding({ ruleId: "provision-object-conflict", severity: "error", message, path: origin.pointer, stage: "provision" }));
  /** The warehouse's meshkit tables by the product their comment names, and by their contract. */
  const managedTables = new Map<string, [string, RelationState][]>();
  const contractTables = new Map<string, [string, RelationState][]>();
  for (const entry of state.relations.entries()) {
    const managed = entry[1].kind === "table" ? entry[1].managed : undefined;
    if (!managed) continue;
    for (const [index, key] of [
      [managedTables, productKey(managed.domain, managed.product)],
      [contractTables, managed.contract],
    ] as const) {
      const list = index.get(key);
      if (list) list.push(entry);
      else index.set(key, [entry]);
    }
  }

  /** The products of this run that served each contract so far (two serving one is a conflict already). */
  const servedBy = new Map<string, Set<string>>();
  const products = onePerSchema(model.products, state, findings, resolve(options.lake));
  for (const product of products) {
    assertIdentifier("domain", product.domain);
    assertIdentifier("product", product.name);
    const domain = product.domain;
    const reserved = reservedDomainProblem(domain, options.warehouse);
    const steps: Step[] = [];
    const drops: Step[] = [];
    const productContracts = model.contractsOf(product);
    // Tables the product's contracts want: one of them is never renamed away to another's name.
    const wantedTables = new Set(productContracts.flatMap((c) => c.tables.map((t) => relationKey(domain, t.name))));
    for (const contract of productContracts) {
      if (reserved) {
        conflict({ document: contract.document, pointer: "/domain" }, `Domain \`${domain}\` ${reserved}; name the domain differently.`);
        continue;
      }
      for (const table of contract.tables) {
        const origin: Origin = { document: contract.document, pointer: table.pointer };
        const key = relationKey(domain, table.name);
        const address = `${domain}.${table.name}`;
        const productName = `${product.domain}/${product.name}`;
        const previous = claimed.get(key);
        if (previous !== undefined) {
          // The same contract twice is two products serving it: no physicalName can separate them.
          conflict(
            origin,
            previous.contract === contract.id && previous.product !== productName
              ? `Table \`${address}\` of contract ${contract.id} is wanted by two products, ${previous.product} and ${productName}: a contract is served by one product; remove the output port from the other.`
              : `Table \`${address}\` is wanted by ${previous.owner} too; give one of the objects another physicalName.`,
          );
          continue;
        }
        claimed.set(key, flatCopy({ owner: `${productName} (contract ${contract.id})`, product: productName, contract: contract.id }));
        const columns = writableColumns(table, contract, findings);
        const existing = state.relations.get(key);
        if (!existing) {
          const old = tableToRename(table, product, contract, state, wantedTables, claimed, renamedAway);
          if (old) {
            renamedAway.add(relationKey(old.schema, old.name));
            const altered = [renameTable(old, table, origin), ...alterTable(product, contract, table, columns, { ...old, name: table.name }, origin, qualifiedName(old.schema, old.name))];
            indexConflict(old, altered, origin, conflict);
            steps.push(...altered);
            continue;
          }
          if (columns.length === 0) {
            findings.push(contract.document.finding({ ruleId: "provision-no-columns", severity: "warning", message: `Object \`${table.object}\` has no property with a column type, so no table \`${address}\` is created: add properties.`, path: table.pointer, stage: "provision" }));
            continue;
          }
          if (!state.schemas.has(domain.toLowerCase()) && !schemas.has(domain.toLowerCase())) {
            schemas.set(domain.toLowerCase(), { change: { action: "create", kind: "schema", address: domain, detail: `schema of domain ${domain}` }, sql: [`CREATE SCHEMA ${quoteIdentifier(domain)}`], batch: "schemas" });
          }
          steps.push(...createTable(product, contract, table, columns, origin));
          continue;
        }
        if (existing.kind === "view") {
          conflict(origin, `\`${address}\` exists as a view that meshkit did not make; drop or rename it, or give the object another physicalName.`);
          continue;
        }
        if (!existing.managed) {
          conflict(origin, `Table \`${address}\` exists and was not made by meshkit (its comment is not meshkit's metadata); meshkit leaves it alone. Rename it, give the object another physicalName, or, ${handOver(domain, product.name, contract.id)}.`);
          continue;
        }
        if (existing.managed.domain !== product.domain || existing.managed.product !== product.name) {
          // Made for this very contract: its product was renamed, and another physicalName would leave the rows behind.
          const renamed = existing.managed.contract === contract.id ? ` If the product was renamed, ${handOver(domain, product.name, contract.id)}; otherwise give` : " Give";
          conflict(origin, `Table \`${address}\` belongs to product ${existing.managed.domain}/${existing.managed.product}; meshkit does not move it to ${product.domain}/${product.name}.${renamed} the object another physicalName.`);
          continue;
        }
        const altered = alterTable(product, contract, table, columns, existing, origin);
        indexConflict(existing, altered, origin, conflict);
        steps.push(...altered);
      }
    }
    if (reserved) continue;
    // Tables made for one of these contracts as another product: no plan of this product touches them.
    for (const contract of productContracts) {
      let served = servedBy.get(contract.id);
      // A copy of the id: the contract's own is a slice of its file's text, which would stay in memory.
      if (!served) servedBy.set(flatCopy(contract.id), (served = new Set()));
      served.add(productKey(product.domain, product.name));
      const earlier = (contractTables.get(contract.id) ?? [])
        .filter(([key, r]) => !served.has(productKey(r.managed!.domain, r.managed!.product)) && !claimed.has(key))
        .map(([, r]) => ({ product: `${r.managed!.domain}/${r.managed!.product}`, object: `table ${r.schema}.${r.name}` }))
        .sort((a, b) => compareText(a.object, b.object));
      if (earlier.length > 0) findings.push(leftBehindFinding(contract, `${product.domain}/${product.name}`, earlier, ""));
    }
    // Tables of this product whose contract is planned and no longer has them.
    const contracts = new Map(productContracts.map((c) => [c.id, c]));
    const orphans = (managedTables.get(productKey(product.domain, product.name)) ?? [])
      .filter(([key, r]) => r.schema.toLowerCase() === domain.toLowerCase() && contracts.has(r.managed!.contract) && !claimed.has(key) && !renamedAway.has(key))
      .sort(([a], [b]) => compareText(a, b));
    for (const [, relation] of orphans) {
      const contract = contracts.get(relation.managed!.contract)!;
      const rows = rowCount ? await rowCount(qualifiedName(relation.schema, relation.name)) : 0;
      drops.push({
        change: { action: "delete", kind: "table", address: `${relation.schema}.${relation.name}`, detail: `no longer in contract ${contract.id}: drops the table and its ${rows} row${rows === 1 ? "" : "s"}`, destructive: true },
        sql: [`DROP TABLE ${qualifiedName(relation.schema, relation.name)}`],
        origin: { document: contract.document, pointer: "/schema" },
        batch: `drop ${relation.schema}.${relation.name}`,
      });
    }
    if (!options.allowDestructive) {
      refused.push(...refusals(steps, options.allowDestructiveLabel));
      refusedDrops.push(...refusals(drops, options.allowDestructiveLabel));
    }
    if (rowCount) await checkData(steps, rowCount, stopped);
    tables.add(steps);
    dropped.add(drops);
  }

  if (options.projectContracts) {
    const { ids: known, warehouseLabel } = options.projectContracts;
    const unclaimed = [...contractTables]
      .filter(([contract]) => !known.has(contract))
      .flatMap(([contract, entries]) => entries.filter(([key]) => !claimed.has(key) && !renamedAway.has(key)).map(([, r]) => ({ contract, product: `${r.managed!.domain}/${r.managed!.product}`, object: `table ${r.schema}.${r.name}` })))
      .sort((a, b) => compareText(a.object, b.object));
    if (unclaimed.length > 0) findings.push(unclaimedFinding({ file: warehouseLabel }, unclaimed, ""));
  }

  const lakeFindings: Finding[] = [];
  const lake = planFolders(products, resolve(options.lake), lakeFindings);
  const planned = [new PlannedSteps().add([...schemas.values()]), tables, dropped];
  return {
    plan: {
      kind: "meshkit-provision-plan",
      version: 1,
      target: "local",
      products: products.map((p) => `${p.domain}/${p.name}`),
      changes: [...planned.flatMap((p) => p.changes), ...lake.changes],
    },
    findings: [...findings, ...refused, ...refusedDrops, ...stopped, ...lakeFindings],
    statements: planned.flatMap((p) => p.batches.flatMap((batch) => batch.sql)),
    batches: planned.flatMap((p) => p.batches),
    folders: lake.folders,
  };
}

/** Steps reduced to what the plan shows and apply runs: their changes, and their statements in batches. */
class PlannedSteps {
  readonly changes: Change[] = [];
  readonly batches: Batch[] = [];

  add(steps: readonly Step[]): this {
    for (const step of flatCopy(steps.map(({ change, sql, batch }) => ({ change, sql, batch })))) {
      this.changes.push(step.change);
      if (step.sql.length === 0) continue;
      const last = this.batches.at(-1);
      if (last && last.name === step.batch) last.sql.push(...step.sql);
      else this.batches.push({ name: step.batch, sql: step.sql });
    }
    return this;
  }
}

/**
 * A copy of plain data made of new strings: a name read from a contract can be a slice of its file's text,
 * and a text built from it a rope that holds the slice, either of which keeps the whole text in memory.
 */
function flatCopy<T>(value: T): T {
  return structuredClone(value);
}

/** `provision-destructive-change` for each step that loses data. */
function refusals(steps: readonly Step[], allowDestructiveLabel = ALLOW_DESTRUCTIVE_FLAG): Finding[] {
  return steps.flatMap((step) =>
    step.change.destructive && step.origin
      ? [
          step.origin.document.finding({
            ruleId: "provision-destructive-change",
            severity: "error",
            message: `Refused: ${describeChange(step.change)} would lose data. Nothing is applied while the plan has such a change; re-run with ${allowDestructiveLabel} if it is intended.`,
            path: step.origin.pointer,
            stage: "provision",
          }),
        ]
      : [],
  );
}

interface WritableColumn {
  spec: ColumnSpec;
  type: string;
}

/** The table's columns that can be written: a DuckDB type (the model reported the others; it also left out a name DuckDB would read twice). */
function writableColumns(table: TableSpec, contract: ContractSpec, findings: Finding[]): WritableColumn[] {
  const columns: WritableColumn[] = [];
  for (const column of table.columns) {
    assertIdentifier("column", column.name);
    const type = column.types.duckdb;
    if (type === undefined) continue;
    if (!isWritableType(type)) {
      findings.push(contract.document.finding({ ruleId: "provision-type-unmapped", severity: "error", message: `Column \`${table.name}.${column.name}\`: ${JSON.stringify(type)} is not a DuckDB column type meshkit writes.`, path: column.pointer, stage: "provision" }));
      continue;
    }
    columns.push({ spec: column, type });
  }
  return columns;
}

function createTable(product: ProductHead, contract: ContractSpec, table: TableSpec, columns: readonly WritableColumn[], origin: Origin): Step[] {
  const domain = product.domain;
  const target = qualifiedName(domain, table.name);
  const address = `${domain}.${table.name}`;
  const batch = `table ${address}`;
  const steps: Step[] = [
    {
      change: { action: "create", kind: "table", address, detail: `${columns.length} column${columns.length === 1 ? "" : "s"}` },
      sql: [`CREATE TABLE ${target} (${columns.map((c) => columnDefinition(c.spec, c.type)).join(", ")})`],
      origin,
      batch,
    },
  ];
  const comment = tableComment(product, contract, table);
  steps.push({ change: { action: "create", kind: "comment", address, detail: `table comment: product metadata (contract ${contract.id} ${contract.version})` }, sql: [commentStatement("TABLE", target, comment)], origin, batch });
  // A new column's comment is part of its line: `VARCHAR NOT NULL — Order id. [classification: internal]`.
  for (const { spec, type } of columns) {
    const text = columnComment(table, spec);
    steps.push({
      change: { action: "create", kind: "column", address: `${address}.${spec.name}`, detail: `${type}${spec.required ? " NOT NULL" : ""}${text === undefined ? "" : ` — ${shorten(text)}`}` },
      sql: text === undefined ? [] : [commentStatement("COLUMN", `${target}.${quoteIdentifier(spec.name)}`, text)],
      origin: { document: contract.document, pointer: spec.pointer },
      batch,
    });
  }
  return steps;
}

/**
 * The table an object's `renamedFrom` hint names, when it is to be renamed: meshkit's table of this product and
 * contract in the domain's schema, that no object of the product still wants, and no earlier object renames or claims.
 */
function tableToRename(table: TableSpec, product: ProductHead, contract: ContractSpec, state: WarehouseState, wantedTables: ReadonlySet<string>, claimed: ReadonlyMap<string, unknown>, renamedAway: ReadonlySet<string>): RelationState | undefined {
  if (table.renamedFrom === undefined) return undefined;
  const key = relationKey(product.domain, table.renamedFrom);
  const old = state.relations.get(key);
  if (!old || old.kind !== "table" || old.managed?.domain !== product.domain || old.managed.product !== product.name || old.managed.contract !== contract.id) return undefined;
  return wantedTables.has(key) || claimed.has(key) || renamedAway.has(key) ? undefined : old;
}

/**
 * A `provision-object-conflict` when `existing` has indexes (meshkit makes none: someone created them) and
 * `steps` alter it in a way DuckDB refuses while an index depends on the table: the plan fails rather than
 * the apply. Adding an optional column and comments pass.
 */
function indexConflict(existing: RelationState, steps: readonly Step[], origin: Origin, conflict: (origin: Origin, message: string) => void): void {
  const indexes = existing.indexes ?? [];
  const blocked = steps.filter((step) => step.altersTable);
  if (indexes.length === 0 || blocked.length === 0) return;
  const named = indexes.map((name) => qualifiedName(existing.schema, name));
  const shown = [...new Set(blocked.map((step) => `${step.change.kind} ${step.change.address}`))].join(", ");
  const one = indexes.length === 1;
  conflict(
    origin,
    `Table \`${existing.schema}.${existing.name}\` has ${one ? "an index" : `${indexes.length} indexes`} that meshkit did not make (${named.join(", ")}), and DuckDB cannot alter a table an index depends on: the change${blocked.length === 1 ? "" : "s"} to ${shown} would fail the apply. Drop ${one ? "it" : "them"} (${named.map((n) => `DROP INDEX ${n}`).join("; ")}), apply, then create ${one ? "it" : "them"} again.`,
  );
}

/** `ALTER TABLE … RENAME TO`: the rows, columns and comments go with it; alterTable's changes follow under the new name. */
function renameTable(old: RelationState, table: TableSpec, origin: Origin): Step {
  return {
    change: { action: "update", kind: "table", address: `${old.schema}.${table.name}`, detail: `rename ${old.name} → ${table.name} (rows kept)` },
    sql: [`ALTER TABLE ${qualifiedName(old.schema, old.name)} RENAME TO ${quoteIdentifier(table.name)}`],
    origin,
    batch: `table ${old.schema}.${table.name}`,
    altersTable: true,
  };
}

/** The changes that make `existing` the wanted table; `countedIn` is where its rows are before anything runs (a table being renamed: its old name). */
function alterTable(product: ProductHead, contract: ContractSpec, table: TableSpec, columns: readonly WritableColumn[], existing: RelationState, origin: Origin, countedIn = qualifiedName(existing.schema, existing.name)): Step[] {
  // The existing table's own spelling of its schema and name (DuckDB matches them without case).
  const target = qualifiedName(existing.schema, existing.name);
  const address = `${existing.schema}.${existing.name}`;
  const batch = `table ${address}`;
  const renames: Step[] = [];
  const adds: Step[] = [];
  const alters: Step[] = [];
  const comments: Step[] = [];
  const removals: Step[] = [];
  const found = new Map(existing.columns.map((c) => [c.name.toLowerCase(), c]));
  const wanted = new Set(table.columns.map((c) => c.name.toLowerCase()));
  const { renamed, renamedAway } = plannedRenames(columns, found, wanted);

  const wantedComment = tableComment(product, contract, table);
  if (existing.comment !== wantedComment) {
    comments.push({ change: { action: "update", kind: "comment", address, detail: `table comment: ${changedKeys(existing.comment, wantedComment)}` }, sql: [commentStatement("TABLE", target, wantedComment)], origin, batch });
  }
  for (const { spec, type } of columns) {
    const columnOrigin = { document: contract.document, pointer: spec.pointer };
    const was = renamed.get(spec.name.toLowerCase());
    const current = found.get(spec.name.toLowerCase()) ?? was;
    // A renamed column is the contract's name from the rename on; the checks below count its rows
    // before anything runs, so they read it by the name it has now.
    const name = was ? spec.name : (current?.name ?? spec.name);
    const before = current?.name ?? name;
    const column = `${target}.${quoteIdentifier(name)}`;
    const columnAddress = `${address}.${name}`;
    const text = columnComment(table, spec);
    if (was) {
      renames.push({
        change: { action: "update", kind: "column", address: columnAddress, detail: `rename ${was.name} → ${name} (values kept)` },
        sql: [`ALTER TABLE ${target} RENAME COLUMN ${quoteIdentifier(was.name)} TO ${quoteIdentifier(name)}`],
        origin: columnOrigin,
        batch,
        altersTable: true,
      });
    }
    if (!current) {
      const note = renameNote(spec, found, wanted, renamed);
      adds.push({
        change: { action: "create", kind: "column", address: columnAddress, detail: `add column ${type}${spec.required ? " NOT NULL" : ""}${text === undefined ? "" : ` — ${shorten(text)}`}${note === undefined ? "" : ` (${note})`}` },
        sql: [
          `ALTER TABLE ${target} ADD COLUMN ${quoteIdentifier(spec.name)} ${type}`,
          ...(spec.required ? [`ALTER TABLE ${target} ALTER COLUMN ${quoteIdentifier(spec.name)} SET NOT NULL`] : []),
          ...(text === undefined ? [] : [commentStatement("COLUMN", column, text)]),
        ],
        origin: columnOrigin,
        batch,
        ...(spec.required ? { altersTable: true as const } : {}),
        ...(spec.required
          ? { check: { table: countedIn, problem: (count: number) => `the table has ${count} row${count === 1 ? "" : "s"}, which the new column would leave without a value, so it cannot be added as NOT NULL: add it optional, fill it in, then make it required` } }
          : {}),
      });
      continue;
    }
    if (canonicalType(current.type) !== canonicalType(type)) {
      const widening = isLocalWidening(current.type, type);
      alters.push({
        change: {
          action: "update",
          kind: "column",
          address: columnAddress,
          detail: `type ${current.type} → ${type}${widening ? " (a widening: every value is kept)" : ": existing values are cast (a value that does not fit fails the apply)"}`,
          ...(widening ? {} : { destructive: true }),
        },
        sql: widening ? [`ALTER TABLE ${target} ALTER COLUMN ${quoteIdentifier(name)} SET DATA TYPE ${type}`] : strictConversion(target, name, current.type, type),
        origin: { document: contract.document, pointer: `${spec.pointer}/logicalType` },
        batch,
        altersTable: true,
        ...(widening ? {} : { check: conversionCheck(countedIn, before, current.type, type) }),
      });
    }
    if (spec.required === current.nullable) {
      alters.push({
        change: { action: "update", kind: "column", address: columnAddress, detail: spec.required ? "set NOT NULL" : "drop NOT NULL" },
        sql: [`ALTER TABLE ${target} ALTER COLUMN ${quoteIdentifier(name)} ${spec.required ? "SET" : "DROP"} NOT NULL`],
        origin: columnOrigin,
        batch,
        altersTable: true,
        ...(spec.required
          ? { check: { table: countedIn, where: `${quoteIdentifier(before)} IS NULL`, problem: (count: number) => `${count} row${count === 1 ? " has" : "s have"} no value (NULL) in the column, so it cannot be made NOT NULL: fill ${count === 1 ? "it" : "them"} in, or keep the property optional` } }
          : {}),
      });
    }
    if (current.comment !== (text ?? null)) {
      comments.push({
        change: { action: current.comment === null ? "create" : "update", kind: "comment", address: columnAddress, detail: text === undefined ? "column comment removed" : `column comment: ${shorten(text)}` },
        sql: [commentStatement("COLUMN", column, text)],
        origin: columnOrigin,
        batch,
      });
    }
  }
  for (const current of existing.columns) {
    if (wanted.has(current.name.toLowerCase()) || renamedAway.has(current.name.toLowerCase())) continue;
    removals.push({
      change: { action: "delete", kind: "column", address: `${address}.${current.name}`, detail: "no longer in the contract: drops the column and its values", destructive: true },
      sql: [`ALTER TABLE ${target} DROP COLUMN ${quoteIdentifier(current.name)}`],
      origin: { document: contract.document, pointer: table.pointer },
      batch,
      altersTable: true,
    });
  }
  // Renames first (the changes after them name the column by its new name); adds before drops: DuckDB
  // cannot drop a table's last column.
  return [...renames, ...adds, ...alters, ...comments, ...removals];
}

/**
 * The columns to rename: a property whose `renamedFrom` names a column of the table (DuckDB compares
 * names without case) while the table has none of its own name, and that no property of the contract
 * still wants (it is then kept, and this column is added), nor an earlier property renames. By the
 * property's name in lower case, with the column found; and the old names, which are not dropped.
 */
function plannedRenames(columns: readonly WritableColumn[], found: ReadonlyMap<string, ColumnState>, wanted: ReadonlySet<string>): { renamed: Map<string, ColumnState>; renamedAway: Set<string> } {
  const renamed = new Map<string, ColumnState>();
  const renamedAway = new Set<string>();
  for (const { spec } of columns) {
    const from = spec.renamedFrom?.toLowerCase();
    if (from === undefined || found.has(spec.name.toLowerCase())) continue;
    const old = found.get(from);
    if (!old || wanted.has(from) || renamedAway.has(from)) continue;
    renamed.set(spec.name.toLowerCase(), old);
    renamedAway.add(from);
  }
  return { renamed, renamedAway };
}

/** Why a property with a `renamedFrom` hint is added rather than renamed (an info note for its plan line). */
function renameNote(spec: ColumnSpec, found: ReadonlyMap<string, ColumnState>, wanted: ReadonlySet<string>, renamed: ReadonlyMap<string, ColumnState>): string | undefined {
  if (spec.renamedFrom === undefined) return undefined;
  const from = spec.renamedFrom.toLowerCase();
  if (!found.has(from)) return `renamedFrom ${spec.renamedFrom}: the table has no such column, nothing to rename`;
  if (wanted.has(from)) return `renamedFrom ${spec.renamedFrom}: the contract still has that column, so it is kept`;
  const other = [...renamed].find(([, c]) => c.name.toLowerCase() === from)?.[0];
  return `renamedFrom ${spec.renamedFrom}: already renamed to ${other ?? "another column"}`;
}

/**
 * The products whose domain is the one spelling of its schema. DuckDB matches schema names without
 * case, so domains `Sales` and `sales` would share one schema yet get two lake folders: the spelling
 * meshkit's tables in the warehouse already use wins, else the first in product order, and a product
 * of another spelling is a name collision, left out whole (tables and folders). So is a product whose
 * name differs only in case from another one of its domain (`Orders`, `orders`): their lake folders
 * `product=Orders/` and `product=orders/` are one folder on a case-insensitive file system (the default on
 * macOS and Windows), where the two products' files would mix. There too the spelling whose tables the
 * warehouse holds wins, whichever products a run plans (the product already provisioned, not one added beside it
 * or planned alone), else the first.
 */
function onePerSchema(products: readonly ProductHead[], state: WarehouseState, findings: Finding[], lake: string): ProductHead[] {
  const spellings = new Map<string, string>();
  const managed = [...state.relations.values()].flatMap((r) => (r.managed ? [r.managed] : []));
  for (const domain of [...new Set(managed.map((m) => m.domain))].sort()) if (!spellings.has(domain.toLowerCase())) spellings.set(domain.toLowerCase(), domain);
  const oneDomainSpelling = products.filter((product) => {
    const first = spellings.get(product.domain.toLowerCase()) ?? product.domain;
    spellings.set(product.domain.toLowerCase(), first);
    if (first === product.domain) return true;
    const message = `Domain \`${product.domain}\` is the same DuckDB schema as domain \`${first}\` (DuckDB compares names without case), but would get lake folders of its own: spell the domain one way. Product ${product.domain}/${product.name} is not provisioned.`;
    findings.push(productFinding(product, lake, "provision-name-collision", message));
    return false;
  });
  // The product spelling kept for each domain and name without case: the one the warehouse's tables name (whichever
  // products a run plans), else the first.
  const kept = new Map<string, string>();
  const keep = (domain: string, product: string) => {
    const key = productKey(domain.toLowerCase(), product.toLowerCase());
    if (!kept.has(key)) kept.set(key, product);
    return kept.get(key)!;
  };
  const provisioned = new Map(managed.map((m) => [productKey(m.domain, m.product), m] as const));
  for (const key of [...provisioned.keys()].sort()) keep(provisioned.get(key)!.domain, provisioned.get(key)!.product);
  return oneDomainSpelling.filter((product) => {
    const firstName = keep(product.domain, product.name);
    if (firstName === product.name) return true;
    const folder = (name: string) => `lake/domain=${product.domain}/product=${name}/`;
    const message = `Product \`${product.domain}/${product.name}\` differs from product \`${product.domain}/${firstName}\` only in case: its lake folder ${folder(product.name)} is ${folder(firstName)} on a case-insensitive file system (the default on macOS and Windows), where the two products' files would mix. Give one of them another name; product ${product.domain}/${product.name} is not provisioned.`;
    findings.push(productFinding(product, lake, "provision-name-collision", message, productNameAt(product)?.pointer));
    return false;
  });
}

/** A finding at the product's domain (in its product document, else its contract), else at the lake. */
function productFinding(product: ProductHead, lake: string, ruleId: "provision-name-collision" | "provision-object-conflict", message: string, path = "/domain"): Finding {
  return product.document ? product.document.finding({ ruleId, severity: "error", message, path, stage: "provision" }) : { ruleId, severity: "error", message, file: lake, line: 1, column: 1, path: "", stage: "provision" };
}

/** How to hand a table over to meshkit for a product: the comment that makes it that product's. */
function handOver(domain: string, product: string, contract: string): string {
  return `to hand it over, set its comment to {"managedBy":"meshkit","domain":"${domain}","product":"${product}","contract":"${contract}"}`;
}

function productKey(domain: string, product: string): string {
  return `${domain}\u0000${product}`;
}

/**
 * Counts, before anything runs, the rows that would make a planned change fail (NULLs under a new NOT
 * NULL, rows a new required column would leave empty): such a change is named in its detail and is a
 * `provision-data-conflict` error, so the plan fails instead of the apply. Counts only: values may be
 * personal data.
 */
async function checkData(steps: readonly Step[], rowCount: RowCounter, findings: Finding[]): Promise<void> {
  for (const step of steps) {
    if (!step.check || !step.origin) continue;
    const count = await rowCount(step.check.table, step.check.where);
    if (count === 0) continue;
    step.change.detail = `${step.change.detail ? `${step.change.detail}: ` : ""}${step.check.problem(count)}`;
    findings.push(
      step.origin.document.finding({
        ruleId: "provision-data-conflict",
        severity: "error",
        message: `${describeChange(step.change)}. Nothing is applied while the data stops a change: fix the data (or the contract), then plan again.`,
        path: step.origin.pointer,
        stage: "provision",
      }),
    );
  }
}

function describeChange(change: Change): string {
  return `${change.action} ${change.kind} ${change.address}${change.detail ? ` (${change.detail})` : ""}`;
}

/** Which metadata keys of a table comment differ: `contractVersion, sla`. */
function changedKeys(before: string | null, after: string): string {
  if (before === null) return "product metadata added";
  let old: Record<string, unknown>;
  let now: Record<string, unknown>;
  try {
    old = JSON.parse(before) as Record<string, unknown>;
    now = JSON.parse(after) as Record<string, unknown>;
  } catch {
    return "product metadata rewritten";
  }
  const keys = [...new Set([...Object.keys(now), ...Object.keys(old)])].filter((k) => JSON.stringify(old[k]) !== JSON.stringify(now[k]));
  return keys.length > 0 ? `${keys.join(", ")} changed` : "product metadata rewritten";
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, " ");
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

function assertIdentifier(kind: "domain" | "product" | "column", name: string): void {
  const problem = nameProblem(kind, name);
  // The model reports bad names as findings and leaves them out; one here means a model built by hand.
  if (problem) throw new Error(`local planner: ${problem}`);
}

// ---------------------------------------------------------------------------------------------------
// Lake folders

function planFolders(products: readonly ProductHead[], lake: string, findings: Finding[]): { changes: Change[]; folders: string[] } {
  const changes: Change[] = [];
  const folders: string[] = [];
  const realLake = existsSync(lake) ? realpathSync(lake) : undefined;
  const realpaths = new Map<string, string>(); // a domain folder is shared by its products
  const realpath = (path: string) => realpaths.get(path) ?? realpaths.set(path, realpathSync(path)).get(path)!;
  for (const product of products) {
    const problems = new Set<string>();
    for (const layer of LAKE_LAYERS) {
      const folder = lakeFolder(lake, product.domain, product.name, layer);
      const problem = folderProblem(folder, lake, realLake, realpath);
      if (problem === "exists") continue;
      if (problem) {
        problems.add(problem);
        continue;
      }
      changes.push({ action: "create", kind: "folder", address: `lake/${relative(lake, folder).split(/[\\/]/).join("/")}`, detail: `${layer} layer of ${product.domain}/${product.name}` });
      folders.push(folder);
    }
    for (const problem of problems) findings.push(productFinding(product, lake, "provision-object-conflict", `Lake folders of ${product.domain}/${product.name}: ${problem}; meshkit does not create them.`));
  }
  return { changes, folders };
}

/** "exists" for a folder that is there, a reason it cannot be made, or undefined when it can be. */
function folderProblem(folder: string, lake: string, realLake: string | undefined, realpath: (path: string) => string = realpathSync): string | undefined {
  // The deepest part of the path that exists must be a folder, and (through links) inside the lake.
  let existing = folder;
  while (!existsSync(existing) && existing !== lake && isInsideFolder(existing, lake)) existing = dirname(existing);
  if (!existsSync(existing)) return undefined; // not even the lake exists yet
  // The lake itself relative to itself is "": name it by its path.
  const shown = relative(lake, existing) || `the lake ${lake}`;
  if (realLake !== undefined && !isInsideFolder(realpath(existing), realLake)) return `${shown} leads outside the lake (a symbolic link)`;
  if (!statSync(existing).isDirectory()) return `${shown} exists and is not a folder`;
  return existing === folder ? "exists" : undefined;
}

function makeFolders(folders: readonly string[], lake: string): void {
  for (const folder of folders) {
    const realLake = existsSync(lake) ? realpathSync(lake) : undefined;
    const problem = folderProblem(folder, lake, realLake);
    if (problem === "exists") continue;
    if (problem) throw new LocalProvisionError(`The warehouse changes were committed, but lake folder ${folder} was not made: ${problem}.`);
    try {
      makeDirectory(folder);
    } catch (error) {
      throw new LocalProvisionError(`The warehouse changes were committed, but lake folder ${folder} could not be made (${firstLine(error)}); fix that and run apply again.`);
    }
  }
}


// ---------------------------------------------------------------------------------------------------
// Apply

/** Every statement in one transaction, a table's statements as one batch; any error rolls all of it back. */
async function runInOneTransaction(connection: DuckDBConnection, batches: readonly Batch[]): Promise<void> {
  await connection.run("BEGIN TRANSACTION");
  const fail = async (where: string, error: unknown): Promise<never> => {
    try {
      await connection.run("ROLLBACK");
    } catch {
      // a failed COMMIT has ended the transaction already
    }
    throw new LocalProvisionError(`Apply failed at ${where}: ${duckdbMessage(error)}. The transaction was rolled back: nothing was changed.`);
  };
  for (const batch of batches) {
    try {
      await connection.run(batch.sql.join(";\n"));
    } catch (error) {
      await fail(batch.name, error);
    }
  }
  try {
    await connection.run("COMMIT");
  } catch (error) {
    await fail("commit", error);
  }
}

// ---------------------------------------------------------------------------------------------------

function warehousePath(options: LocalProvisionOptions): string {
  const warehouse = resolve(options.warehouse);
  if (existsSync(warehouse) && lstatSync(warehouse).isDirectory()) throw new UsageError(`the warehouse ${options.warehouse} is a folder; name a DuckDB file, e.g. .meshkit/warehouse.duckdb`);
  return warehouse;
}

function lockOptions(options: LocalProvisionOptions, purpose: string) {
  return { purpose, ...(options.lockTimeoutMs !== undefined ? { timeoutMs: options.lockTimeoutMs } : {}), ...(options.onLockWait ? { onWait: options.onLockWait } : {}) };
}

function publicResult(planned: Planned): LocalPlanResult {
  return { plan: planned.plan, findings: planned.findings, statements: planned.statements };
}

/**
 * DuckDB's error in one line, without the data it may quote: a conversion, constraint or range error
 * names the value (`Could not convert string 'jane@example.com' to INT64`, `Type INT64 with value
 * 3000000000 can't be cast…`, `Duplicate key "id: 7"`). Values may be personal data; a failed apply's
 * message is printed, written and posted, so each quoted text and each number after `value` becomes `…`.
 * Other errors (a catalog or dependency error, meshkit's own guard, which names no value) are kept whole.
 */
export function duckdbMessage(error: unknown): string {
  const first = firstLine(error);
  if (!/^(?:Conversion|Constraint|Out of Range|Invalid Input|Mismatch Type) Error: /.test(first)) return first;
  return first
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .replace(/"(?:[^"]|"")*"/g, '"…"')
    .replace(/\bvalue -?\d[^\s,;)]*/g, "value …");
}

/**
 * The values of `column` that survive a conversion from `from` to `to`: NULL, or given back by the round
 * trip through `to`. A `from` outside the type grammar (an ENUM or STRUCT made by hand) cannot be written
 * back: then the values that convert at all.
 */
function converts(column: string, from: string, to: string): string {
  const c = quoteIdentifier(column);
  if (!isWritableType(from)) return `${c} IS NULL OR TRY_CAST(${c} AS ${to}) IS NOT NULL`;
  return `${c} IS NULL OR TRY_CAST(TRY_CAST(${c} AS ${to}) AS ${from}) IS NOT DISTINCT FROM ${c}`;
}

/**
 * The values of `column` that a type change from `from` to `to` would alter: those the round trip does
 * not give back, on which the apply would fail (`4.5` to an integer; a date to a number, which DuckDB's
 * TRY_CAST makes NULL). An empty table, or one whose values all convert, changes type.
 */
function conversionCheck(table: string, column: string, from: string, to: string): DataCheck {
  return {
    table,
    where: `NOT (${converts(column, from, to)})`,
    problem: (count) => `${count} value${count === 1 ? "" : "s"} of the column would not survive the conversion to ${to} (cut, rounded, or no ${to} at all), so the type cannot change: fix the data, or keep the type`,
  };
}

/**
 * The statements of a narrowing. DuckDB's cast rounds 1.5 to an integer 2 without a word, so a value whose
 * round trip through the new type does not give it back fails the apply (rolled back) instead of being
 * changed: a query over the table's rows raises the error first. The ALTER then converts only what
 * survives and makes the rest NULL, because DuckDB's ALTER … SET DATA TYPE also converts the rows a
 * DELETE removed (duckdb/duckdb#6577, #7870): a value the user deleted, as the plan advised, must not
 * stop the apply, and no row a query can see is among the rest. `from` is the column's type as DuckDB's
 * catalog says it (see `converts`). The error names no value: it may be personal data.
 */
function strictConversion(table: string, column: string, from: string, to: string): string[] {
  const alter = `ALTER TABLE ${table} ALTER COLUMN ${quoteIdentifier(column)} SET DATA TYPE ${to}`;
  const c = quoteIdentifier(column);
  const message = stringLiteral(`a value of column ${column} would be changed by the conversion to ${to} (cut or rounded)`);
  // The error's text reads the column (adding nothing to it): a constant error() is folded, and raised, at bind time.
  return [
    `SELECT error(${message} || left(CAST(${c} AS VARCHAR), 0)) FROM ${table} WHERE NOT (${converts(column, from, to)}) LIMIT 1`,
    `${alter} USING (CASE WHEN ${converts(column, from, to)} THEN CAST(${c} AS ${to}) END)`,
  ];
}
