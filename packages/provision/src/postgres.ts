/**
 * The `postgres` planner: a product's contracts turned into schemas, tables, roles, grants and masked
 * views on a real PostgreSQL server, planned against what the server has and applied in one transaction.
 *
 * ## What it makes, per domain `d`
 * - Role `d_owner` (NOLOGIN): owns everything below. Nobody logs in as it; the domain's engineers are
 *   granted it by the identity provider when they need to.
 * - Schema `d`: one table per schema object (`physicalName`, else `name`), columns typed by types.ts,
 *   NOT NULL for required properties, the primary key, `COMMENT ON TABLE` with `tableComment()` (product,
 *   owner, contract and version, SLAs, `"managedBy":"meshkit"`), a comment per column (its description;
 *   sensitive columns say so).
 * - Schema `d_safe`: one view per table of `d`, same name, same columns, sensitive columns masked: text
 *   becomes the hex SHA-256 of its value (equal values give equal digests, so joins and distinct counts
 *   still work, but it is pseudonymisation, not anonymisation), every other type reads NULL of its own
 *   type. Its comment lists the masked columns. Every table has a view, sensitive columns or not (a
 *   table without columns excepted: PostgreSQL has no such view), so a reader has one place to look.
 *
 * ## Who reads what (least privilege; PUBLIC gets nothing, on schemas, tables or views)
 * The contract's `roles` are group roles (created NOLOGIN when missing, marked `managed by meshkit` in
 * their comment; logins belong to the company's identity provider, which grants these roles to people and
 * services). Per role of a contract, on that contract's tables:
 * | role | gets |
 * |---|---|
 * | `access: read`, `privacyApproved: true` | USAGE on `d`, SELECT on `d.<table>` |
 * | `access: read`, not approved | USAGE on `d_safe`, SELECT on `d_safe.<table>`; nothing on `d` (not even USAGE) |
 * | `access: write` | USAGE on `d`, SELECT, INSERT, UPDATE, DELETE on `d.<table>` (a writer has the data in hand when it writes it; a role that must not see sensitive values is a read role) |
 * A consumer finds its table by its approval: approved roles and writers query `d.<table>`, every other
 * reader `d_safe.<table>` (the same name, so `SET search_path = d_safe` is all a query needs). Any other
 * privilege on a managed table or view (granted by hand, to PUBLIC, WITH GRANT OPTION, on a column) is
 * drift and the plan revokes it.
 *
 * ## Plan and apply
 * `planPostgres` reads the server's catalog (pg_roles, pg_namespace, pg_class, pg_attribute, pg_constraint,
 * comments, ACLs via aclexplode) in a read-only snapshot and lists the changes; `applyPostgres` does the
 * same inside ONE transaction, after an advisory lock (two applies take turns; the second finds nothing to
 * do), and runs every statement there: PostgreSQL's DDL, CREATE ROLE and GRANT are transactional, so an
 * error anywhere rolls everything back and nothing is half-applied. Plan and apply are idempotent: a second
 * apply finds no change. The applying user needs CREATEROLE, CREATE on the database and membership in the
 * owner roles (a superuser or the platform's provisioning role); each statement runs under
 * `statement_timeout` and `lock_timeout`, with `search_path` pinned to pg_catalog.
 *
 * ## What counts as meshkit's, and what is destructive
 * meshkit only changes what it made: schemas, tables and views whose comment is JSON with
 * `"managedBy":"meshkit"`, and it only drops a table or view of a contract being planned (its comment
 * names the product and the contract), so planning part of a product never drops the rest. An existing object with a wanted name that is not meshkit's is a
 * `provision-object-conflict` finding and nothing is applied (to hand an object over, comment it with
 * `{"managedBy":"meshkit"}`). Roles are created when missing and never dropped (a role is cluster-wide and
 * may hold grants elsewhere); removing a role from a contract revokes what it was granted. Destructive
 * changes (dropping a table, view or column, a type change that is not a widening) are
 * `provision-destructive-change` findings (a column renamed with a `renamedFrom` hint is not a drop: it
 * is `RENAME COLUMN`, which keeps values, constraints and grants, and its masked view is
 * recreated under the new name; an object renamed with the hint is `RENAME TO` of its table, whose masked view
 * is made again under the new name) and apply refuses the whole plan unless
 * `allowDestructive`. A revoke — from PUBLIC, from a role removed from the contract or no longer approved
 * for sensitive data, of a privilege granted by hand — loses no data and needs no flag: the contract's
 * reviewers decide access, and keeping access they withdrew is the dangerous way round. A change the rows in
 * a table stop (a UNIQUE constraint or a new PRIMARY KEY over repeated values, NOT NULL over NULLs, a required column added
 * to a table that has rows, a conversion that alters values) is found by counting, in the plan already,
 * and is a `provision-data-conflict` finding: the pull request's plan fails, not the main branch's apply.
 *
 * ## Safety
 * Every identifier is quoted (`pg.escapeIdentifier`), every comment escaped (`pg.escapeLiteral`, NUL —
 * which PostgreSQL text cannot hold — replaced by U+FFFD, as on `local`), every
 * catalog query binds its values; names were validated by the model first (letters, digits, `_`), and
 * names PostgreSQL cannot take (too long once suffixed, `pg_*`, `public`) are findings.
 *
 * ## Connection
 * `{ host, port, database, user, password }`: the caller takes host, port and database from the contract's
 * `postgres` server entry and the credentials from `MESHKIT_POSTGRES_USER` / `MESHKIT_POSTGRES_PASSWORD`
 * (else libpq's PGUSER / PGPASSWORD), see `postgresConnectionFor`; TLS as libpq reads PGSSLMODE, PGSSLROOTCERT,
 * PGSSLCERT and PGSSLKEY (core's postgres-connection.ts), as contract-test connects. The password is never
 * part of a message.
 */
import {
  compareText,
  type Finding,
  type PostgresTlsSettings,
  type RuleMeta,
  PostgresConnectError,
  checkCredentialHost,
  connectPostgres,
  postgresAddress,
  postgresCredentialsFromEnv,
  postgresServerAddress,
  postgresTlsFromEnv,
  scrubSecret,
} from "@meshkit/core";
import pg from "pg";
import { postgresColumnNumbersProblem } from "./column-limits.js";
import { type LeftBehindObject, leftBehindFinding, unclaimedFinding } from "./left-behind.js";
import { ALLOW_DESTRUCTIVE_FLAG, type ProvisionModel } from "./model.js";
import type { Change, ProvisionPlan } from "./plan.js";
import {
  type DesiredColumn,
  type DesiredRelation,
  type DesiredRole,
  type DesiredState,
  MANAGED_CONSTRAINT_MARK,
  OWNER_SUFFIX,
  type Origin,
  VIEW_DIGEST_KEY,
  desiredState,
  isManagedRoleComment,
  isOwnerRoleComment,
  managedMarker,
  plannedContractKey,
  withoutViewDigest,
} from "./postgres-desired.js";
import { indexNameConflicts } from "./postgres-index-names.js";
import { commentLiteral, ident, isWidening, literal, qualified } from "./postgres-sql.js";
import { type CurrentColumn, type CurrentRelation, type CurrentState, type Grant, PUBLIC, VIEW_DIGEST_SQL, readState, relationKey } from "./postgres-state.js";

/** Rules the PostgreSQL planner adds to PROVISION_RULES (the local planner may want the same one); it also reports the model's `provision-object-conflict`. */
export const POSTGRES_PROVISION_RULES = [
  { id: "provision-data-conflict", defaultSeverity: "error", stage: "provision", description: "The data in an existing table stops a planned change (a UNIQUE constraint or a new PRIMARY KEY over repeated values, NOT NULL over NULLs or rows a new required column would leave empty, a type change that would alter values); nothing is applied until the data or the contract is fixed." },
  // (also the Snowflake plan's: terraform's plan cannot count rows, run.ts)
  {
    id: "provision-data-unchecked",
    defaultSeverity: "warning",
    stage: "provision",
    description:
      "The plan cannot count the rows a planned change needs counted (NULLs, repeated values, values a type change would alter), so it cannot tell whether the data allows the change: on PostgreSQL, the plan's user may not read the table, and apply counts them again; on Snowflake, terraform's plan counts no rows for a column made NOT NULL, and a NULL stops the apply half-way.",
  },
] as const satisfies readonly RuleMeta[];

export interface PostgresConnection {
  host: string;
  port: number;
  database: string;
  user?: string;
  password?: string;
  /** The contract's name for the server, for messages. */
  label?: string;
  /** TLS as libpq's variables ask for it (postgresTlsFromEnv); default: the process's environment. */
  tls?: PostgresTlsSettings;
}

export interface PostgresProvisionOptions {
  /** Let apply drop, narrow and revoke. Without it a plan with such changes is refused whole. */
  allowDestructive?: boolean;
  /** How messages name the switch that allows destructive changes; default `ALLOW_DESTRUCTIVE_FLAG`. */
  allowDestructiveLabel?: string;
  /**
   * The id of every contract in the project, given on a whole-project run only: the meshkit tables and views of any
   * other contract in the schemas of the run's domains are reported (`provision-unclaimed`). Only those schemas: other
   * repositories provision other domains in the same database.
   */
  projectContracts?: ReadonlySet<string>;
  /** Longest connecting may take; default 10 s. */
  connectTimeoutMs?: number;
  /** Longest one statement may run (a type change rewrites its table); default 10 min. */
  statementTimeoutMs?: number;
  /** Longest a statement waits for a lock held by a running query; default 30 s. Waiting longer would queue every reader behind it. */
  lockTimeoutMs?: number;
}

export interface PostgresPlanResult {
  plan: ProvisionPlan;
  /** The planner's own findings (conflicts, names PostgreSQL cannot take, destructive changes refused); the model's are the caller's. */
  findings: Finding[];
  /** Every statement apply runs, in order, for review. Holds names and comments, never a secret. */
  statements: string[];
}

export interface PostgresApplyResult extends PostgresPlanResult {
  /** True when the database now matches the contracts (also when there was nothing to do). */
  applied: boolean;
}

/** The server could not be reached, or a statement failed (then nothing was changed). One line, no secret. */
export class PostgresProvisionError extends Error {
  override readonly name = "PostgresProvisionError";
  constructor(
    message: string,
    /** The statement that failed, when one did. */
    readonly statement?: string,
  ) {
    super(message);
  }
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_STATEMENT_TIMEOUT_MS = 600_000;
const DEFAULT_LOCK_TIMEOUT_MS = 30_000;
/** pg_advisory_xact_lock(int4, int4) key: 'mesh', 'prov'. Concurrent applies on one database take turns. */
const APPLY_LOCK = [0x6d657368, 0x70726f76] as const;

/** host, port and database of a contract's `postgres` server entry, with the credentials from `env`. */
export function postgresConnectionFor(
  server: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; connection: PostgresConnection } | { ok: false; problem: string } {
  const label = typeof server.server === "string" ? server.server : "postgres";
  // Read as contract-test reads the same entry: `host: " db.internal"` names db.internal, `port: "5432"` is 5432.
  const read = postgresServerAddress(label, server);
  if (!read.ok) return read;
  return { ok: true, connection: { label, ...read.address, ...postgresCredentialsFromEnv(env), tls: postgresTlsFromEnv(env) } };
}

/** What apply would change, read in a read-only snapshot; changes nothing. */
export async function planPostgres(model: ProvisionModel, connection: PostgresConnection, options: PostgresProvisionOptions = {}): Promise<PostgresPlanResult> {
  const desired = desiredState(model);
  const client = await connect(connection, options);
  try {
    const current = await session(client, connection, async () => {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      await setLocal(client, options);
      return read(client, desired);
    });
    const planned = result(desired, current, options);
    await session(client, connection, () => checkData(client, planned));
    return publicResult(planned);
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/**
 * Plans again inside one transaction and carries the plan out there. Refused (nothing done, `applied:
 * false`) when the model or the plan has an error finding, destructive changes without `allowDestructive`
 * included. Throws PostgresProvisionError when a statement fails; the transaction is rolled back.
 */
export async function applyPostgres(model: ProvisionModel, connection: PostgresConnection, options: PostgresProvisionOptions = {}): Promise<PostgresApplyResult> {
  const desired = desiredState(model);
  const client = await connect(connection, options);
  const secret = connection.password;
  let open = false;
  try {
    const current = await session(client, connection, async () => {
      await client.query("BEGIN");
      open = true;
      await setLocal(client, options, { lockTimeout: false });
      // Waits for another apply (up to statement_timeout), then bounds every other lock wait.
      await client.query("SELECT pg_catalog.pg_advisory_xact_lock($1::int4, $2::int4)", [...APPLY_LOCK]);
      await setLocal(client, options);
      return read(client, desired);
    });
    const planned = result(desired, current, options);
    // Only an apply that may go ahead waits for writers: a plan refused already (a destructive change
    // without the flag) reports its checks without locking anything.
    if (![...model.findings, ...planned.findings].some((f) => f.severity === "error")) await lockCheckedTables(client, planned, secret);
    await session(client, connection, () => checkData(client, planned));
    const blocked = [...model.findings, ...planned.findings].some((f) => f.severity === "error");
    if (blocked || planned.plan.changes.length === 0) {
      await client.query("ROLLBACK");
      open = false;
      return { ...publicResult(planned), applied: !blocked };
    }
    for (const step of orderedSteps(planned.steps)) {
      for (const statement of step.sql) {
        try {
          await client.query(statement);
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          open = false;
          const change = step.change ?? step.partOf;
          const what = change ? describeChange(change) : "preparing a change";
          throw new PostgresProvisionError(scrubSecret(`Apply failed at ${what}: ${pgMessage(error)}. The transaction was rolled back: nothing was changed.`, secret), statement);
        }
      }
    }
    try {
      await client.query("COMMIT");
      open = false;
    } catch (error) {
      open = false;
      throw new PostgresProvisionError(scrubSecret(`Apply failed at COMMIT: ${pgMessage(error)}. Nothing was changed.`, secret));
    }
    return { ...publicResult(planned), applied: true };
  } finally {
    if (open) await client.query("ROLLBACK").catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------
// Connection

async function connect(connection: PostgresConnection, options: PostgresProvisionOptions): Promise<pg.Client> {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  // Before anything is sent: the host may come from a pull request's contract.
  checkCredentialHost("the PostgreSQL server", connection.host, connection.port);
  try {
    return await connectPostgres(connection, { tls: connection.tls ?? postgresTlsFromEnv(process.env), connectTimeoutMs }, (options) =>
      new pg.Client({ ...options, application_name: "meshkit provision" } as pg.ClientConfig),
    );
  } catch (error) {
    throw error instanceof PostgresConnectError ? new PostgresProvisionError(error.message) : error;
  }
}

/** Runs the reading part of a session, turning its errors into one-line PostgresProvisionErrors. */
async function session<T>(client: pg.Client, connection: PostgresConnection, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw new PostgresProvisionError(scrubSecret(`Cannot read the current state of PostgreSQL server ${where(connection)}: ${pgMessage(error)}`, connection.password));
  }
}

/**
 * Transaction-local settings: timeouts (lock_timeout 0 waits as long as statement_timeout allows), a search_path
 * nothing can shadow, and the time zone UTC: a type change between timestamp and timestamptz converts in the
 * session's zone, which a role's or database's `timezone` setting decides, so the plan's user and the apply's
 * could count and convert differently; UTC is also how contract-test reads a timestamp without time zone.
 */
async function setLocal(client: pg.Client, options: PostgresProvisionOptions, { lockTimeout = true } = {}): Promise<void> {
  await client.query(
    "SELECT pg_catalog.set_config('statement_timeout', $1, true), pg_catalog.set_config('lock_timeout', $2, true), pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true), pg_catalog.set_config('TimeZone', 'UTC', true)",
    [String(positive(options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS, "statementTimeoutMs")), lockTimeout ? String(positive(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, "lockTimeoutMs")) : "0"],
  );
}

function read(client: pg.Client, desired: DesiredState): Promise<CurrentState> {
  return readState(client, [...desired.schemas.keys()], [...desired.roles.keys()], [...desired.contracts.keys()]);
}

function where(connection: PostgresConnection): string {
  return `${connection.label ? `\`${connection.label}\` at ` : ""}${postgresAddress(connection.host, connection.port)}/${connection.database}`;
}

// ---------------------------------------------------------------------------------------------------
// Diff

/** Apply runs steps phase by phase (stable within a phase): roles, schemas, views out of the way, tables, views, comments, grants. */
const PHASE = { roles: 0, schemas: 1, dropViews: 2, tables: 3, views: 4, comments: 5, grants: 6, schemaGrants: 7 } as const;

interface Step {
  phase: number;
  /** Absent for a statement that belongs to another step's change (a view dropped before it is recreated). */
  change?: Change;
  /** That other step's change, for a step without one of its own: what a failure of its statements is reported as. */
  partOf?: Change;
  sql: string[];
  origin: Origin;
  /** Questions about the data (or the objects that depend on it) the change needs answered "none" to succeed (see checkData). */
  check?: DataCheck | readonly DataCheck[];
}

/**
 * A query counting the rows or values that stop a change (`count`), and what that means. It returns a
 * count and never a value: the column may hold personal data or secrets, and plans are printed, written
 * to files and posted in pull requests.
 */
interface DataCheck {
  sql: string;
  /** Values bound to the query's $1, $2… */
  params?: readonly unknown[];
  /** `names`: the query's `names` column, when it has one (what the count is of, when those are not data). */
  problem: (count: number, names?: string) => string;
  /** What stops the change, when it is not the data: the finding's rule and the advice that ends its message. */
  blocker?: { ruleId: string; advice: string };
  /** Asked instead when PostgreSQL has no cast for `sql` (cannot_coerce): see lossyConversionCheck. */
  withoutCast?: DataCheck;
  /**
   * A table (quoted, qualified) apply locks against other writers before it asks: an answer the change
   * relies on that PostgreSQL itself does not check again when the change runs (see lockCheckedTables).
   */
  lock?: string;
}

type Planned = PostgresPlanResult & { steps: Step[] };

function result(desired: DesiredState, current: CurrentState, options: PostgresProvisionOptions): Planned {
  const { steps, findings } = diff(desired, current);
  if (options.projectContracts) findings.push(...unclaimedFindings(desired, current, options.projectContracts));
  const ordered = orderedSteps(steps);
  if (!options.allowDestructive) {
    for (const step of ordered) {
      if (!step.change?.destructive) continue;
      findings.push(
        step.origin.document.finding({
          ruleId: "provision-destructive-change",
          severity: "error",
          message: `Refused: ${describeChange(step.change)} would lose data. Nothing is applied while the plan has such a change; re-run with ${options.allowDestructiveLabel ?? ALLOW_DESTRUCTIVE_FLAG} if it is intended.`,
          path: step.origin.pointer,
          stage: "provision",
        }),
      );
    }
  }
  return {
    plan: { kind: "meshkit-provision-plan", version: 1, target: "postgres", products: desired.products, changes: ordered.flatMap((s) => (s.change ? [s.change] : [])) },
    findings: [...desired.findings, ...findings],
    statements: ordered.flatMap((s) => s.sql),
    steps: ordered,
  };
}

function publicResult({ plan, findings, statements }: Planned): PostgresPlanResult {
  return { plan, findings, statements };
}

function orderedSteps(steps: readonly Step[]): Step[] {
  return steps.map((step, i) => ({ step, i })).sort((a, b) => a.step.phase - b.step.phase || a.i - b.i).map(({ step }) => step);
}

function describeChange(change: Change): string {
  return `${change.action} ${change.kind} ${change.address}${change.detail ? ` (${change.detail})` : ""}`;
}

const TABLE_KINDS = new Set(["r", "p"]);

/**
 * Per domain of the run, one finding at its first contract naming its schemas' meshkit tables and views whose
 * contract the project no longer holds and that no contract of the run wants (a contract whose id changed takes its
 * tables over): nothing drops them.
 */
function unclaimedFindings(desired: DesiredState, current: CurrentState, projectContracts: ReadonlySet<string>): Finding[] {
  const found: Finding[] = [];
  for (const domain of [...desired.productsByDomain.keys()].sort((a, b) => compareText(a, b))) {
    const objects = [domain, `${domain}_safe`].flatMap((schema) =>
      (current.relationsBySchema.get(schema) ?? []).flatMap((existing) => {
        const marker = managedMarker(existing.comment);
        const kind = existing.relkind === "v" ? "view" : TABLE_KINDS.has(existing.relkind) ? "table" : undefined;
        if (!kind || marker?.contract === undefined || marker.domain === undefined || marker.product === undefined) return [];
        if (projectContracts.has(marker.contract) || desired.relations.has(relationKey(existing.schema, existing.name))) return [];
        return [{ contract: marker.contract, product: `${marker.domain}/${marker.product}`, object: `${kind} ${existing.schema}.${existing.name}` }];
      }),
    );
    const at = [...desired.contracts.values()].filter((c) => c.product.startsWith(`${domain}/`)).sort((a, b) => compareText(a.id, b.id))[0];
    if (objects.length > 0 && at) found.push(unclaimedFinding(at.document, objects, ", with its grants (whoever could read it still can)"));
  }
  return found;
}
const PRIVILEGE_ORDER = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN", "USAGE", "CREATE", "TEMPORARY", "CONNECT"];
const byPrivilege = (a: string, b: string) => (PRIVILEGE_ORDER.indexOf(a) >>> 0) - (PRIVILEGE_ORDER.indexOf(b) >>> 0) || compareText(a, b);
const RELKIND_NAMES: Record<string, string> = { r: "a table", p: "a partitioned table", v: "a view", m: "a materialized view", f: "a foreign table", i: "an index", I: "an index", S: "a sequence", c: "a composite type" };

/**
 * Why a role the plan names cannot be used as it is, or undefined. A domain's owner role owns its tables
 * (it reads sensitive columns in clear, writes, drops): meshkit makes it NOLOGIN with nobody in it, and
 * never hands that to a role it did not make as an owner — a login or a group of people someone made by
 * hand, or a consumer group role of a contract. Nor does it grant a contract's access to another domain's
 * owner role, whether or not that domain is in this run.
 */
function existingRoleProblem(role: DesiredRole, comment: string | null): string | undefined {
  if (role.kind === "owner") {
    if (comment === role.comment) return undefined;
    const domain = role.name.slice(0, -OWNER_SUFFIX.length);
    const made = isManagedRoleComment(comment) ? "was made by meshkit as a contract's group role" : "exists and was not made by meshkit";
    return `Role ${role.name}, the owner role of domain ${domain}, ${made}: meshkit does not make it the owner of the domain's schemas, tables and views, since its members would read sensitive columns in clear and could change or drop every table. Rename the domain, or, if the role is meant for it (NOLOGIN, no members), hand it over with COMMENT ON ROLE ${ident(role.name)} IS ${literal(role.comment)}.`;
  }
  if (isOwnerRoleComment(comment)) return `Role ${role.name} is the owner role meshkit made for a domain, which owns everything in it; name a consumer role instead.`;
  return undefined;
}

function diff(desired: DesiredState, current: CurrentState): { steps: Step[]; findings: Finding[] } {
  const steps: Step[] = [];
  const findings: Finding[] = [];
  const add: AddStep = (phase, origin, sql, change, partOf, check) => steps.push({ phase, origin, sql, ...(change ? { change } : {}), ...(partOf ? { partOf } : {}), ...(check ? { check } : {}) });
  const conflict = (origin: Origin, message: string) => findings.push(origin.document.finding({ ruleId: "provision-object-conflict", severity: "error", message, path: origin.pointer, stage: "provision" }));

  // Roles: created when missing, never altered or dropped.
  for (const role of sorted(desired.roles)) {
    const existing = current.roles.get(role.name);
    if (existing) {
      const problem = existingRoleProblem(role, existing.comment);
      if (problem) conflict(role.origin, problem);
      continue;
    }
    add(PHASE.roles, role.origin, [`CREATE ROLE ${ident(role.name)} NOLOGIN`, `COMMENT ON ROLE ${ident(role.name)} IS ${literal(role.comment)}`], {
      action: "create",
      kind: "role",
      address: role.name,
      detail: role.kind === "owner" ? "owner role (NOLOGIN)" : "group role (NOLOGIN)",
    });
  }

  // Schemas.
  const blockedSchemas = new Set<string>();
  for (const schema of sorted(desired.schemas)) {
    const existing = current.schemas.get(schema.name);
    const name = ident(schema.name);
    if (!existing) {
      add(PHASE.schemas, schema.origin, [`CREATE SCHEMA ${name} AUTHORIZATION ${ident(schema.owner)}`, `REVOKE ALL ON SCHEMA ${name} FROM PUBLIC`, `COMMENT ON SCHEMA ${name} IS ${literal(schema.comment)}`], {
        action: "create",
        kind: "schema",
        address: schema.name,
        detail: `owner ${schema.owner}`,
      });
      continue;
    }
    if (!managedMarker(existing.comment)) {
      blockedSchemas.add(schema.name);
      conflict(schema.origin, `Schema ${schema.name} exists and was not created by meshkit (its comment is not meshkit's JSON): meshkit does not take over a schema. Rename the domain, or hand the schema over with COMMENT ON SCHEMA ${ident(schema.name)} IS '{"managedBy":"meshkit"}'.`);
      continue;
    }
    if (existing.owner !== schema.owner) add(PHASE.schemas, schema.origin, [`ALTER SCHEMA ${name} OWNER TO ${ident(schema.owner)}`], { action: "update", kind: "schema", address: schema.name, detail: `owner ${existing.owner} → ${schema.owner}` });
    if (existing.comment !== schema.comment) add(PHASE.schemas, schema.origin, [`COMMENT ON SCHEMA ${name} IS ${literal(schema.comment)}`], { action: "update", kind: "comment", address: schema.name, detail: "schema comment" });
  }

  // Relations: what to do with each desired one, views after their tables.
  const skipped = new Set<string>();
  const created = new Set<string>();
  const recreated = new Set<string>();
  const droppedColumns = new Map<string, Set<string>>();
  const tablesBreakingViews = new Set<string>();
  /** Tables renamed, or with renamed columns, as they are once renamed (the grants below name their columns). */
  const afterRenames = new Map<string, CurrentRelation>();
  /** Tables renamed to an object's new name (renamedFrom), and their masked views: neither is dropped as gone. */
  const renamedAway = new Set<string>();
  const relations = sorted(desired.relations);
  for (const relation of relations.filter((r) => r.kind === "table")) {
    const key = relationKey(relation.schema, relation.name);
    let existing = current.relations.get(key);
    // Where the table's rows are before anything runs, for the data checks: a renamed table's old name.
    let countedIn: string | undefined;
    const old = existing || blockedSchemas.has(relation.schema) ? undefined : tableToRename(relation, current, desired, renamedAway);
    if (old) {
      // Its masked view keeps the old name: dropped with the rename, and made again under the new one (the views below).
      const oldViewKey = relationKey(`${old.schema}_safe`, old.name);
      const oldView = current.relations.get(oldViewKey);
      const viewToo = oldView?.relkind === "v" && managedMarker(oldView.comment) !== undefined;
      const rename: Change = { action: "update", kind: "table", address: key, detail: `rename ${old.name} → ${relation.name} (rows, constraints and grants kept${viewToo ? `; masked view ${oldViewKey} made again as ${old.schema}_safe.${relation.name}` : ""})` };
      add(PHASE.tables, relation.origin, [`ALTER TABLE ${qualified(old.schema, old.name)} RENAME TO ${ident(relation.name)}`], rename);
      renamedAway.add(relationKey(old.schema, old.name));
      if (viewToo) {
        renamedAway.add(oldViewKey);
        const oldViewName = qualified(oldView!.schema, oldView!.name);
        add(PHASE.dropViews, relation.origin, [`DROP VIEW ${oldViewName}`], undefined, rename, dependentObjectsCheck(oldViewName, undefined, "drop", "view"));
      }
      existing = { ...old, name: relation.name };
      countedIn = qualified(old.schema, old.name);
    }
    if (!existing) {
      created.add(key);
      add(PHASE.tables, relation.origin, createTable(relation), { action: "create", kind: "table", address: key, detail: `${relation.columns.length} column${relation.columns.length === 1 ? "" : "s"}${relation.primaryKey.length ? `, primary key (${relation.primaryKey.join(", ")})` : ""}${relation.unique.length ? `, unique ${relation.unique.map((u) => `(${u.column})`).join(", ")}` : ""}` });
      continue;
    }
    const problem = ownershipProblem(relation, existing, "table");
    if (problem || blockedSchemas.has(relation.schema)) {
      skipped.add(key);
      if (problem) conflict(relation.origin, problem);
      continue;
    }
    // Columns renamed (renamedFrom) first: the rest of the diff sees the table as it is after them.
    const renames = plannedRenames(relation, existing);
    const renamed = renames.length > 0 ? withRenames(existing, renames) : existing;
    const added = relation.columns.filter((column) => !renamed.columns.some((c) => c.name === column.name)).length;
    const outOfNumbers = postgresColumnNumbersProblem(key, existing.columnNumbers, added);
    if (outOfNumbers) {
      skipped.add(key);
      findings.push(relation.origin.document.finding({ ruleId: "provision-too-many-columns", severity: "error", message: `${outOfNumbers}.`, path: relation.origin.pointer, stage: "provision" }));
      continue;
    }
    for (const rename of renames) {
      add(PHASE.tables, rename.origin, [`ALTER TABLE ${qualifiedKey(relation)} RENAME COLUMN ${ident(rename.from)} TO ${ident(rename.to)}`], { action: "update", kind: "column", address: `${key}.${rename.to}`, detail: `rename ${rename.from} → ${rename.to} (values kept)` });
    }
    if (renames.length > 0 || countedIn !== undefined) afterRenames.set(key, renamed);
    if (renames.length > 0) {
      // The masked view keeps the old column name (a view's columns are named when it is made, and
      // CREATE OR REPLACE cannot rename one): it is recreated with the new name, its grants kept.
      tablesBreakingViews.add(key);
    }
    const dropped = diffTable(relation, renamed, add, new Map(renames.map((r) => [r.to, r.from])), countedIn);
    if (dropped.breaksViews) tablesBreakingViews.add(key);
    droppedColumns.set(key, dropped.columns);
  }
  const plannedTables = relations.filter((r) => r.kind === "table" && !skipped.has(relationKey(r.schema, r.name)));
  for (const taken of indexNameConflicts(plannedTables, current, created, (key) => afterRenames.get(key) ?? current.relations.get(key))) {
    conflict(taken.column === undefined ? taken.relation.origin : (taken.relation.columns.find((c) => c.name === taken.column)?.origin ?? taken.relation.origin), taken.message);
  }
  for (const relation of relations.filter((r) => r.kind === "view")) {
    const key = relationKey(relation.schema, relation.name);
    if (skipped.has(relation.base!)) {
      skipped.add(key);
      continue;
    }
    const existing = current.relations.get(key);
    if (!existing) {
      created.add(key);
      add(PHASE.views, relation.origin, createView(relation, "create"), { action: "create", kind: "view", address: key, detail: maskedDetail(relation) });
      continue;
    }
    const problem = ownershipProblem(relation, existing, "view");
    if (problem || blockedSchemas.has(relation.schema)) {
      skipped.add(key);
      if (problem) conflict(relation.origin, problem);
      continue;
    }
    const marker = managedMarker(existing.comment);
    const compatible = existing.columns.length <= relation.columns.length && existing.columns.every((c, i) => c.name === relation.columns[i]!.name && c.type === relation.columns[i]!.type);
    if (tablesBreakingViews.has(relation.base!) || !compatible) {
      recreated.add(key);
      const kept = existing.grants.filter((g) => relation.grants.get(g.grantee)?.has(g.privilege));
      const recreate: Change = { action: "update", kind: "view", address: key, detail: `recreated: ${maskedDetail(relation)}` };
      const view = qualified(relation.schema, relation.name);
      add(PHASE.dropViews, relation.origin, [`DROP VIEW ${view}`], undefined, recreate, dependentObjectsCheck(view, undefined, "drop", "view"));
      add(PHASE.views, relation.origin, [...createView(relation, "create"), ...grantStatements(qualifiedKey(relation), kept)], recreate);
      continue;
    }
    // A view replaced by hand keeps its comment, so its definition is compared too: it may show a masked column in clear.
    const changedByHand = marker !== undefined && marker.definition === relation.fingerprint && marker.viewDigest !== existing.viewDigest;
    if (marker?.definition !== relation.fingerprint || changedByHand) {
      const why = changedByHand ? (marker?.viewDigest === undefined ? "its definition was never recorded" : "its definition was changed outside meshkit") : undefined;
      add(PHASE.views, relation.origin, createView(relation, "replace"), { action: "update", kind: "view", address: key, detail: `replaced${why ? ` (${why})` : ""}: ${maskedDetail(relation)}` });
    } else {
      if (withoutViewDigest(existing.comment) !== relation.comment) add(PHASE.comments, relation.origin, [viewComment(relation)], { action: "update", kind: "comment", address: key, detail: "view comment" });
      diffColumnComments(relation, existing.columns, add);
    }
    if (existing.owner !== relation.owner) add(PHASE.views, relation.origin, [`ALTER VIEW ${qualified(relation.schema, relation.name)} OWNER TO ${ident(relation.owner)}`], { action: "update", kind: "view", address: key, detail: `owner ${existing.owner} → ${relation.owner}` });
  }

  // Managed relations of planned contracts that they no longer name: dropped (views first). A relation
  // of a contract not in this run stays, even when its product is planned: its contract is not here to ask.
  const dropping = new Set<string>();
  for (const domain of [...desired.productsByDomain.keys()].sort((a, b) => compareText(a, b))) {
    for (const schema of [domain, `${domain}_safe`]) {
      if (blockedSchemas.has(schema)) continue;
      for (const existing of current.relationsBySchema.get(schema) ?? []) {
        const key = relationKey(existing.schema, existing.name);
        if (desired.relations.has(key) || desired.reserved.has(key) || renamedAway.has(key)) continue;
        const marker = managedMarker(existing.comment);
        if (!marker || marker.domain !== domain || marker.product === undefined || marker.contract === undefined) continue;
        const origin = desired.contractOrigins.get(plannedContractKey(domain, marker.product, marker.contract));
        if (!origin) continue;
        if (existing.relkind === "v") {
          dropping.add(key);
          const view = qualified(existing.schema, existing.name);
          add(PHASE.dropViews, origin, [`DROP VIEW ${view}`], { action: "delete", kind: "view", address: key, detail: `no longer in contract ${marker.contract}`, destructive: true }, undefined, dependentObjectsCheck(view, undefined, "drop", "view"));
        } else if (TABLE_KINDS.has(existing.relkind)) {
          dropping.add(key);
          const table = qualified(existing.schema, existing.name);
          add(PHASE.tables, origin, [`DROP TABLE ${table}`], { action: "delete", kind: "table", address: key, detail: `no longer in contract ${marker.contract}; its rows are lost`, destructive: true }, undefined, dependentObjectsCheck(table, undefined, "drop"));
        }
      }
    }
  }

  // Objects of a planned contract made for another product: no product of the run may touch them, so they are named.
  const leftBehind = new Map<string, LeftBehindObject[]>();
  for (const existing of current.ofContracts) {
    const marker = managedMarker(existing.comment);
    const contract = marker?.contract === undefined ? undefined : desired.contracts.get(marker.contract);
    if (!contract || marker?.domain === undefined || marker.product === undefined) continue;
    const product = `${marker.domain}/${marker.product}`;
    // A wanted name held by another product's object is an object conflict already, and so is a contract two
    // products of the run serve.
    if (product === contract.product || desired.relations.has(relationKey(existing.schema, existing.name)) || desired.contractOrigins.has(plannedContractKey(marker.domain, marker.product, contract.id))) continue;
    const list = leftBehind.get(contract.id) ?? [];
    list.push({ product, object: `${existing.relkind === "v" ? "view" : "table"} ${existing.schema}.${existing.name}` });
    leftBehind.set(contract.id, list);
  }
  for (const [id, objects] of leftBehind) {
    const contract = desired.contracts.get(id)!;
    findings.push(leftBehindFinding(contract, contract.product, objects, ", with its grants (whoever could read it still can)"));
  }

  // Grants on relations: what each role should have, nothing more.
  for (const relation of relations) {
    const key = relationKey(relation.schema, relation.name);
    if (skipped.has(key)) continue;
    const existing = created.has(key) ? undefined : (afterRenames.get(key) ?? current.relations.get(key));
    diffGrants(key, `TABLE ${qualifiedKey(relation)}`, relation.grants, existing?.grants ?? [], relation.origin, add);
    if (!existing || recreated.has(key)) continue;
    const gone = droppedColumns.get(key) ?? new Set<string>();
    for (const column of existing.columns) {
      if (gone.has(column.name)) continue;
      for (const grant of column.grants) {
        add(PHASE.grants, relation.origin, [`REVOKE ${grant.privilege} (${ident(column.name)}) ON TABLE ${qualifiedKey(relation)} FROM ${grantee(grant.grantee)}`], {
          action: "delete",
          kind: "grant",
          address: `${key}.${column.name}`,
          detail: `revoke ${grant.privilege} from ${granteeName(grant.grantee)} (column privileges are not part of the contract)`,
        });
      }
    }
  }

  // USAGE on schemas: for the roles that have something to read there. A role keeps USAGE while it holds
  // privileges on relations in the schema that this plan does not manage (another product's, someone else's).
  for (const schema of sorted(desired.schemas)) {
    if (blockedSchemas.has(schema.name)) continue;
    const existing = current.schemas.get(schema.name);
    const keep = new Set<string>();
    for (const relation of current.relationsBySchema.get(schema.name) ?? []) {
      const key = relationKey(relation.schema, relation.name);
      if ((desired.relations.has(key) && !skipped.has(key)) || dropping.has(key) || renamedAway.has(key)) continue;
      for (const grant of [...relation.grants, ...relation.columns.flatMap((c) => c.grants)]) keep.add(grant.grantee);
    }
    const want = new Map<string, Set<string>>([...schema.usage].map((role) => [role, new Set(["USAGE"])]));
    for (const grant of existing?.grants ?? []) if (grant.privilege === "USAGE" && keep.has(grant.grantee) && grant.grantee !== PUBLIC) want.set(grant.grantee, new Set(["USAGE"]));
    diffGrants(schema.name, `SCHEMA ${ident(schema.name)}`, want, existing?.grants ?? [], schema.origin, add);
  }
  return { steps, findings };
}

/** Why `existing` cannot be the desired relation, or undefined when it is meshkit's, for this product. */
function ownershipProblem(relation: DesiredRelation, existing: CurrentRelation, kind: "table" | "view"): string | undefined {
  const key = relationKey(relation.schema, relation.name);
  const wanted = kind === "table" ? TABLE_KINDS.has(existing.relkind) : existing.relkind === "v";
  if (!wanted) return `${key} exists as ${RELKIND_NAMES[existing.relkind] ?? `a relation of kind ${existing.relkind}`}, where meshkit needs ${kind === "table" ? "a table" : "a view"}: rename the schema object (or its physicalName), or remove ${key}.`;
  const marker = managedMarker(existing.comment);
  if (!marker) return `${kind === "table" ? "Table" : "View"} ${key} exists and was not created by meshkit (its comment is not meshkit's JSON): meshkit does not take it over. Rename the schema object (or its physicalName), or ${handOver(relation, kind)}.`;
  if ((marker.domain !== undefined && marker.domain !== relation.domain) || (marker.product !== undefined && marker.product !== relation.product)) {
    const owner = `${kind === "table" ? "Table" : "View"} ${key} belongs to product ${marker.domain ?? relation.domain}/${marker.product ?? "?"} (per its comment), not ${relation.domain}/${relation.product}`;
    // Made for this very contract: its product was renamed, and another name would leave the rows behind.
    if (marker.contract !== undefined && marker.contract === managedMarker(relation.comment)?.contract) {
      return `${owner}, although it was made for this contract (${marker.contract}): meshkit does not move a ${kind} between products by itself. If the product was renamed, ${handOver(relation, kind)}; otherwise give this schema object another name (or physicalName).`;
    }
    return `${owner}: give this schema object another name (or physicalName).`;
  }
  return undefined;
}

/** The statement that hands a relation over to meshkit: a mark without a product, which the next apply writes. */
function handOver(relation: DesiredRelation, kind: "table" | "view"): string {
  return `hand the ${kind} over with COMMENT ON ${kind.toUpperCase()} ${qualified(relation.schema, relation.name)} IS '{"managedBy":"meshkit"}'`;
}

type AddStep = (phase: number, origin: Origin, sql: string[], change?: Change, partOf?: Change, check?: DataCheck | readonly DataCheck[]) => void;

/**
 * The table an object's `renamedFrom` hint names, when it is to be renamed: meshkit's table of the same
 * product and contract in the domain's schema, that no planned object wants (or reserves) and no earlier object renames.
 */
function tableToRename(relation: DesiredRelation, current: CurrentState, desired: DesiredState, renamedAway: ReadonlySet<string>): CurrentRelation | undefined {
  if (relation.renamedFrom === undefined) return undefined;
  const key = relationKey(relation.schema, relation.renamedFrom);
  const old = current.relations.get(key);
  if (!old || !TABLE_KINDS.has(old.relkind) || desired.relations.has(key) || desired.reserved.has(key) || renamedAway.has(key)) return undefined;
  const marker = managedMarker(old.comment);
  return marker?.domain === relation.domain && marker.product === relation.product && marker.contract === managedMarker(relation.comment)?.contract ? old : undefined;
}

interface Rename {
  from: string;
  to: string;
  origin: Origin;
}

/**
 * The columns to rename in place: a column whose `renamedFrom` names a column of the table while the
 * table has none of its own name, and that no column of the contract still wants (it is then kept and
 * this one added) nor an earlier column renames. PostgreSQL keeps the values, the NOT NULL, the
 * comment, the key and UNIQUE constraints and the column's privileges through a rename.
 */
function plannedRenames(relation: DesiredRelation, existing: CurrentRelation): Rename[] {
  const held = new Set(existing.columns.map((c) => c.name));
  const wanted = new Set(relation.columns.map((c) => c.name));
  const renames: Rename[] = [];
  for (const column of relation.columns) {
    const from = column.renamedFrom;
    if (from === undefined || held.has(column.name) || !held.has(from) || wanted.has(from) || renames.some((r) => r.from === from)) continue;
    renames.push({ from, to: column.name, origin: column.origin });
  }
  return renames;
}

/** `existing` as it is once `renames` ran: its columns, key and UNIQUE constraints under their new names. */
function withRenames(existing: CurrentRelation, renames: readonly Rename[]): CurrentRelation {
  const to = new Map(renames.map((r) => [r.from, r.to]));
  const rename = (name: string) => to.get(name) ?? name;
  return {
    ...existing,
    columns: existing.columns.map((c) => ({ ...c, name: rename(c.name) })),
    ...(existing.primaryKey ? { primaryKey: { ...existing.primaryKey, columns: existing.primaryKey.columns.map(rename) } } : {}),
    uniques: existing.uniques.map((u) => ({ ...u, column: rename(u.column) })),
  };
}

/** Why a column with a `renamedFrom` hint is added rather than renamed (an info note for its plan line). */
function renameNote(column: DesiredColumn, relation: DesiredRelation, existing: CurrentRelation): string | undefined {
  const from = column.renamedFrom;
  if (from === undefined) return undefined;
  if (!existing.columns.some((c) => c.name === from)) return `renamedFrom ${from}: the table has no such column, nothing to rename`;
  if (relation.columns.some((c) => c.name === from)) return `renamedFrom ${from}: the contract still has that column, so it is kept`;
  return `renamedFrom ${from}: already renamed to another column`;
}

/** The ALTERs that make `existing` the desired table; returns what they drop and whether the table's view must be recreated. */
function diffTable(relation: DesiredRelation, existing: CurrentRelation, add: AddStep, renamedFrom: ReadonlyMap<string, string> = new Map(), countedIn = qualified(relation.schema, relation.name)): { columns: Set<string>; breaksViews: boolean } {
  const key = relationKey(relation.schema, relation.name);
  // The data checks run before anything is applied: a renamed column (or table, `countedIn`) is counted under the name it has now.
  const now = (column: string) => renamedFrom.get(column) ?? column;
  const table = qualified(relation.schema, relation.name);
  const dropped = new Set<string>();
  let breaksViews = false;
  const currentKey = existing.primaryKey?.columns ?? [];
  const keyChanged = currentKey.join("\u0000") !== relation.primaryKey.join("\u0000");
  const keyDetail = (cols: readonly string[]) => (cols.length ? `(${cols.join(", ")})` : "none");
  // One change for the key, listed at the DROP (or the ADD, for a table that had none). Rows the new key
  // does not hold are counted before anything runs, as for a UNIQUE constraint: NULLs by the key
  // columns' NOT NULL changes, repeated keys by this change's check.
  const keyChange: Change = { action: "update", kind: "table", address: key, detail: `primary key ${keyDetail(currentKey)} → ${keyDetail(relation.primaryKey)}` };
  const keyCheck = keyChanged && relation.primaryKey.length > 0 && relation.primaryKey.every((c) => existing.columns.some((e) => e.name === c)) ? duplicateKeysCheck(countedIn, relation.primaryKey.map(now)) : undefined;
  // Another table's foreign key referencing the key stops its DROP CONSTRAINT, as it stops a dropped column.
  if (keyChanged && existing.primaryKey) {
    // (a key whose column the plan drops: that column's check names the same foreign keys)
    const keptKey = existing.primaryKey.columns.every((c) => relation.columns.some((d) => d.name === c));
    const dependents = keptKey ? dependentObjectsCheck(countedIn, undefined, "drop", "primary key", existing.primaryKey.name) : undefined;
    add(PHASE.tables, relation.origin, [`ALTER TABLE ${table} DROP CONSTRAINT ${ident(existing.primaryKey.name)}`], keyChange, undefined, [keyCheck, dependents].filter((check) => check !== undefined));
  }
  for (const column of existing.columns) {
    if (relation.columns.some((c) => c.name === column.name)) continue;
    dropped.add(column.name);
    breaksViews = true;
    add(PHASE.tables, relation.origin, [`ALTER TABLE ${table} DROP COLUMN ${ident(column.name)}`], { action: "delete", kind: "column", address: `${key}.${column.name}`, detail: "no longer in the contract; its values are lost", destructive: true }, undefined, dependentObjectsCheck(countedIn, now(column.name), "drop"));
  }
  for (const column of relation.columns) {
    const origin = column.origin;
    const current = existing.columns.find((c) => c.name === column.name);
    const address = `${key}.${column.name}`;
    if (!current) {
      add(
        PHASE.tables,
        origin,
        [`ALTER TABLE ${table} ADD COLUMN ${columnDefinition(column)}`, ...(column.comment !== null ? [`COMMENT ON COLUMN ${table}.${ident(column.name)} IS ${literal(column.comment)}`] : [])],
        { action: "create", kind: "column", address, detail: `${column.sqlType}${column.notNull ? " NOT NULL" : ""}${note(renameNote(column, relation, existing))}` },
        undefined,
        column.notNull ? newRequiredColumnCheck(countedIn) : undefined,
      );
      continue;
    }
    if (current.type !== column.type) {
      breaksViews = true;
      const widening = isWidening(current.type, column.type);
      add(
        PHASE.tables,
        origin,
        [`ALTER TABLE ${table} ALTER COLUMN ${ident(column.name)} TYPE ${column.sqlType}${widening ? "" : ` USING ${ident(column.name)}::${column.sqlType}`}`],
        {
          action: "update",
          kind: "column",
          address,
          detail: `type ${current.type} → ${column.type}${widening ? "" : " (values are converted; one the conversion would change refuses the apply)"}`,
          ...(widening ? {} : { destructive: true }),
        },
        undefined,
        [...(widening ? [] : [lossyConversionCheck(countedIn, now(column.name), current.type, column.sqlType)]), dependentObjectsCheck(countedIn, now(column.name), "retype")],
      );
    }
    if (current.notNull !== column.notNull) {
      add(
        PHASE.tables,
        origin,
        [`ALTER TABLE ${table} ALTER COLUMN ${ident(column.name)} ${column.notNull ? "SET" : "DROP"} NOT NULL`],
        { action: "update", kind: "column", address, detail: column.notNull ? "required (NOT NULL)" : "optional (NULL allowed)" },
        undefined,
        column.notNull ? nullsCheck(countedIn, now(column.name)) : undefined,
      );
    }
    if (current.comment !== column.comment) add(PHASE.comments, origin, [`COMMENT ON COLUMN ${table}.${ident(column.name)} IS ${commentLiteral(column.comment)}`], { action: "update", kind: "comment", address, detail: "column comment" });
  }
  if (keyChanged && relation.primaryKey.length > 0) {
    const addKey = [`ALTER TABLE ${table} ADD PRIMARY KEY (${relation.primaryKey.map(ident).join(", ")})`];
    if (existing.primaryKey) add(PHASE.tables, relation.origin, addKey, undefined, keyChange);
    else add(PHASE.tables, relation.origin, addKey, keyChange, undefined, keyCheck);
  }
  diffUnique(relation, existing, dropped, add, now, countedIn);

  if (existing.owner !== relation.owner) add(PHASE.tables, relation.origin, [`ALTER TABLE ${table} OWNER TO ${ident(relation.owner)}`], { action: "update", kind: "table", address: key, detail: `owner ${existing.owner} → ${relation.owner}` });
  if (existing.comment !== relation.comment) add(PHASE.comments, relation.origin, [`COMMENT ON TABLE ${table} IS ${literal(relation.comment)}`], { action: "update", kind: "comment", address: key, detail: "table comment (product metadata)" });
  return { columns: dropped, breaksViews };
}

/**
 * UNIQUE constraints: one per `unique: true` column that has none (a hand-made single-column one, or a
 * primary key of that column alone, does as well), and a constraint meshkit made dropped when its
 * column is no longer unique in the contract. Neither loses data: adding one fails the apply (rolled
 * back, nothing changed) when the column holds a value twice, which the plan says; dropping one loosens
 * a guarantee, as the contract now does. A constraint meshkit did not make is never dropped.
 */
function diffUnique(relation: DesiredRelation, existing: CurrentRelation, droppedColumns: ReadonlySet<string>, add: AddStep, now: (column: string) => string = (column) => column, countedIn = qualified(relation.schema, relation.name)): void {
  const key = relationKey(relation.schema, relation.name);
  const table = qualified(relation.schema, relation.name);
  const wanted = new Set(relation.unique.map((u) => u.column));
  for (const constraint of existing.uniques) {
    if (wanted.has(constraint.column) || droppedColumns.has(constraint.column) || constraint.comment !== MANAGED_CONSTRAINT_MARK) continue;
    const origin = relation.columns.find((c) => c.name === constraint.column)?.origin ?? relation.origin;
    add(PHASE.tables, origin, [`ALTER TABLE ${table} DROP CONSTRAINT ${ident(constraint.name)}`], {
      action: "delete",
      kind: "constraint",
      address: `${key}.${constraint.column}`,
      detail: `unique ${constraint.name}: the contract no longer says unique (no values are lost; duplicates become possible)`,
    }, undefined, dependentObjectsCheck(countedIn, undefined, "drop", "unique constraint", constraint.name));
  }
  for (const unique of relation.unique) {
    if (existing.uniques.some((c) => c.column === unique.column)) continue;
    const origin = relation.columns.find((c) => c.name === unique.column)?.origin ?? relation.origin;
    add(PHASE.tables, origin, [`ALTER TABLE ${table} ADD CONSTRAINT ${ident(unique.constraint)} UNIQUE (${ident(unique.column)})`, uniqueComment(table, unique.constraint)], {
      action: "create",
      kind: "constraint",
      address: `${key}.${unique.column}`,
      detail: `unique ${unique.constraint} (needs every value of the column to occur once)`,
    }, undefined, droppedColumns.has(unique.column) || !existing.columns.some((c) => c.name === unique.column) ? undefined : duplicatesCheck(countedIn, now(unique.column)));
  }
}

/** Values of `column` that occur more than once (NULLs never collide in a UNIQUE constraint): counted, never shown. */
function duplicatesCheck(table: string, column: string): DataCheck {
  const c = ident(column);
  return {
    sql: `SELECT pg_catalog.count(*) AS count FROM (SELECT 1 FROM ${table} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING pg_catalog.count(*) > 1) d`,
    problem: (count) => `${count} value${count === 1 ? "" : "s"} of the column occur${count === 1 ? "s" : ""} more than once, so the UNIQUE constraint cannot be added`,
  };
}

/**
 * Values of a new primary key that occur more than once: PostgreSQL cannot add the key while there is
 * one. Rows with a NULL in the key are left to the key columns' NOT NULL checks. Counted, never shown.
 */
function duplicateKeysCheck(table: string, columns: readonly string[]): DataCheck {
  const list = columns.map(ident).join(", ");
  return {
    sql: `SELECT pg_catalog.count(*) AS count FROM (SELECT 1 FROM ${table} WHERE ${columns.map((c) => `${ident(c)} IS NOT NULL`).join(" AND ")} GROUP BY ${list} HAVING pg_catalog.count(*) > 1) d`,
    problem: (count) => `${count} value${count === 1 ? "" : "s"} of the key occur${count === 1 ? "s" : ""} more than once, so the PRIMARY KEY cannot be added: fix the rows, or keep the key`,
  };
}

/** Rows of `column` that are NULL: PostgreSQL cannot make it NOT NULL while there is one. */
function nullsCheck(table: string, column: string): DataCheck {
  return {
    sql: `SELECT pg_catalog.count(*) AS count FROM ${table} WHERE ${ident(column)} IS NULL`,
    problem: (count) => `${count} row${count === 1 ? " has" : "s have"} no value (NULL) in the column, so it cannot be made NOT NULL: fill ${count === 1 ? "it" : "them"} in, or keep the property optional`,
  };
}

/**
 * Rows of a table a new required column is added to: the column has no value in them (a contract
 * gives no default), so ADD COLUMN … NOT NULL fails on any row.
 */
function newRequiredColumnCheck(table: string): DataCheck {
  return {
    sql: `SELECT pg_catalog.count(*) AS count FROM ${table}`,
    problem: (count) => `the table has ${count} row${count === 1 ? "" : "s"}, which the new column would leave without a value, so it cannot be added as NOT NULL: add it optional, fill it in, then make it required`,
  };
}

/**
 * Values a type change would alter: an explicit cast (the ALTER's USING) cuts a string to a shorter
 * `varchar(n)` and rounds 1.5 to an integer without a word, so a value whose round trip through the new
 * type does not give it back would be changed. `from` is the column's type as format_type prints it.
 * Values are not quoted in the finding: the column may hold personal data.
 */
function lossyConversionCheck(table: string, column: string, from: string, to: string): DataCheck {
  const c = ident(column);
  const values = (count: number) => `${count} value${count === 1 ? "" : "s"}`;
  return {
    sql: `SELECT pg_catalog.count(*) AS count FROM ${table} WHERE ${c} IS NOT NULL AND (${c}::${to})::${from} IS DISTINCT FROM ${c}`,
    problem: (count) => `${values(count)} of the column would be changed by the conversion to ${to} (cut or rounded)`,
    // The ALTER's explicit cast would cut a value written after this check without a word.
    lock: table,
    // A cast one way only (timestamp → time) cannot prove a value survives, so every value is a
    // conflict; a column with none (an empty table) changes type. With no cast forward either (date →
    // integer) this query fails as well, and the ALTER would, whatever the rows hold.
    withoutCast: {
      sql: `SELECT pg_catalog.count(*) AS count FROM ${table} WHERE ${c} IS NOT NULL AND (${c}::${to}) IS NOT NULL`,
      problem: (count) => `PostgreSQL has no cast from ${to} back to ${from}, so none of the column's ${values(count)} can be shown to survive the conversion unchanged: add a column of the new type under another name, fill it in, then remove this one`,
    },
  };
}

/** How many dependent objects a finding names; the count says how many there are. */
const DEPENDENTS_SHOWN = 5;

/**
 * Views (and rules, materialized views), row security policies and (for a drop) other tables' foreign
 * keys that meshkit did not make and that read `column` of `table` (any of its columns when undefined; with `constraint`,
 * the foreign keys that reference that primary key or unique constraint of `table`; `table` may be a view: meshkit's masked
 * view, which a change drops to make again). PostgreSQL refuses to drop or retype what they read
 * (`cannot alter type of a column used by a view or rule`, `… because other objects depend on it`), so
 * without this check the plan of a pull request passes and the apply on the main branch fails.
 * meshkit's own masked views are dropped and made again by the plan, so they are not counted. The
 * finding names the objects (names, not data).
 */
function dependentObjectsCheck(table: string, column: string | undefined, change: "drop" | "retype", kind: "table" | "view" | "primary key" | "unique constraint" = "table", constraint?: string): DataCheck {
  return {
    sql: `WITH deps AS (
  SELECT d.classid, d.objid FROM pg_catalog.pg_depend d
  WHERE (d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
    -- A dropped key or unique constraint: what depends on its index (foreign keys referencing it, the table's own too).
    AND d.refobjid = COALESCE((SELECT k.conindid FROM pg_catalog.pg_constraint k WHERE k.conrelid = $1::text::pg_catalog.regclass AND k.conname = $4::text), $1::text::pg_catalog.regclass)
    AND ($2::text IS NULL OR d.refobjsubid = (SELECT a.attnum FROM pg_catalog.pg_attribute a WHERE a.attrelid = $1::text::pg_catalog.regclass AND a.attname = $2::text)))
    -- and on the constraint itself: a view grouping by the primary key, that reads the table's other columns through it.
    OR (d.refclassid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
    AND d.refobjid = (SELECT k.oid FROM pg_catalog.pg_constraint k WHERE k.conrelid = $1::text::pg_catalog.regclass AND k.conname = $4::text))
), dependents AS (
  SELECT pg_catalog.format('view %I.%I', n.nspname, v.relname) AS name
  FROM deps JOIN pg_catalog.pg_rewrite r ON deps.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND r.oid = deps.objid
  JOIN pg_catalog.pg_class v ON v.oid = r.ev_class JOIN pg_catalog.pg_namespace n ON n.oid = v.relnamespace
  WHERE v.oid <> $1::text::pg_catalog.regclass AND pg_catalog.strpos(COALESCE(pg_catalog.obj_description(v.oid, 'pg_class'), ''), '"managedBy":"meshkit"') = 0
  UNION
  -- Row security policies: one of the table itself goes with a dropped table, not with a dropped or retyped column.
  SELECT pg_catalog.format('policy %I on %I.%I', p.polname, n.nspname, c.relname)
  FROM deps JOIN pg_catalog.pg_policy p ON deps.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass AND p.oid = deps.objid
  JOIN pg_catalog.pg_class c ON c.oid = p.polrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE $2::text IS NOT NULL OR p.polrelid <> $1::text::pg_catalog.regclass
  UNION
  -- Another table's foreign keys that reference it (meshkit makes none): DROP TABLE and DROP COLUMN refuse while they do.
  -- One of the table's own, to itself, goes with a dropped table. (A retyped column's keys PostgreSQL checks again.)
  SELECT pg_catalog.format('foreign key %I on %I.%I', k.conname, n.nspname, c.relname)
  FROM deps JOIN pg_catalog.pg_constraint k ON deps.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND k.oid = deps.objid AND k.contype = 'f'
  JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE $3::text = 'drop' AND ($2::text IS NOT NULL OR $4::text IS NOT NULL OR k.conrelid <> $1::text::pg_catalog.regclass)
), ranked AS (SELECT name, pg_catalog.row_number() OVER (ORDER BY name) AS rank FROM dependents)
SELECT pg_catalog.count(*) AS count, pg_catalog.string_agg(name, ', ' ORDER BY name) FILTER (WHERE rank <= ${DEPENDENTS_SHOWN}) AS names FROM ranked`,
    params: [table, column ?? null, change, constraint ?? null],
    problem: (count, names) => {
      const views = `${count} object${count === 1 ? "" : "s"} meshkit did not make (${names ?? ""}${count > DEPENDENTS_SHOWN ? ", …" : ""})`;
      const what = column === undefined ? `the ${kind}` : "the column";
      return `${views} ${count === 1 ? "reads" : "read"} ${what}, and PostgreSQL cannot ${change === "drop" ? "drop" : "change the type of"} ${what} while ${count === 1 ? "it does" : "they do"}`;
    },
    blocker: {
      ruleId: "provision-object-conflict",
      advice: "Nothing is applied while another object depends on it: drop the dependent views, policies or foreign keys before the apply and make them again after it (or keep the contract as it was), then plan again.",
    },
  };
}

/**
 * Runs the data checks of the planned changes (in the plan's snapshot, or in apply's transaction
 * before anything changes): a change the data stops is named in its detail and is a
 * `provision-data-conflict` finding, which refuses the apply, instead of a statement that fails half-way.
 */
async function checkData(client: pg.Client, planned: Planned): Promise<void> {
  const unchecked = new Set<Change>();
  for (const step of planned.steps) {
    if (!step.check || !(step.change ?? step.partOf)) continue;
    for (const check of ([] as DataCheck[]).concat(step.check)) await checkStep(client, planned, step, check, unchecked);
  }
}

/**
 * Apply: the tables whose checks ask for it (a type change's values, which its `USING` cast would cut or
 * round without a word) locked against other writers — SHARE ROW EXCLUSIVE: reads go on — until the
 * transaction ends, so a value written after the check and before the change (read committed: each
 * statement sees the latest rows) cannot be converted unchecked. A writer holding the table makes the
 * apply wait, at most lock_timeout, then fail with nothing changed.
 */
async function lockCheckedTables(client: pg.Client, planned: Planned, secret: string | undefined): Promise<void> {
  // Each table, with the (first) change that asks for its lock: a lock not granted fails the apply at that change,
  // as its ALTER would (it is no failure to read the state, which was read already).
  const tables = new Map<string, Change>();
  for (const step of planned.steps) {
    const change = step.change ?? step.partOf;
    if (!change) continue;
    for (const check of ([] as DataCheck[]).concat(step.check ?? [])) if (check.lock !== undefined && !tables.has(check.lock)) tables.set(check.lock, change);
  }
  for (const [table, change] of [...tables].sort(([a], [b]) => compareText(a, b))) {
    try {
      await client.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
    } catch (error) {
      throw new PostgresProvisionError(
        scrubSecret(`Apply failed at ${describeChange(change)}, locking its table against writers to check the values it would convert: ${pgMessage(error)}. The transaction was rolled back: nothing was changed.`, secret),
      );
    }
  }
}

/** Runs one check of a planned step (see checkData); `unchecked`: the changes already said to be unchecked. */
async function checkStep(client: pg.Client, planned: Planned, step: Step, check: DataCheck, unchecked: Set<Change>): Promise<void> {
  // A view dropped to be made again is checked as part of the change that makes it again.
  const change = step.change ?? step.partOf;
  if (!change) return;
  // A value the new type cannot take at all ('abc' to integer) fails the check's own cast: that is a
  // conflict too. A check PostgreSQL cannot run (no equality for the type) is left to the apply.
  let answer = await countIn(client, check);
  if (!answer.ran && answer.code === CANNOT_COERCE && check.withoutCast) answer = await countIn(client, check.withoutCast);
  let problem: string;
  if (answer.ran) {
    if (answer.problem === undefined) return;
    problem = answer.problem;
  } else {
    const { code, reason } = answer;
    // A user that may read the catalog but not the table (the read-only user of a pull request's plan)
    // cannot count: said, so the plan does not pass for a change it could not check.
    // Once per change: a change with several checks (a narrowed column's values and the views reading it) is
    // stopped by the same missing privilege at each.
    if (code === INSUFFICIENT_PRIVILEGE && !unchecked.has(change)) {
      unchecked.add(change);
      planned.findings.push(uncheckedFinding(step.origin, change, reason, check));
    }
    // No cast to the new type (date → integer) fails `ALTER … TYPE … USING` whatever the rows hold, even
    // in an empty table: the plan refuses it, rather than pass a change the apply fails.
    if (code === CANNOT_COERCE) problem = `PostgreSQL cannot convert the column's values to the new type (${reason}), so the type cannot change in place: add a column of the new type under another name, fill it in, then remove this one`;
    else if (!code.startsWith("22")) return;
    // (PostgreSQL's message ends with the value, which may be personal data: left out.)
    else problem = `a value of the column cannot be converted (${reason})`;
  }
  change.detail = `${change.detail ? `${change.detail}: ` : ""}${problem}`;
  planned.findings.push(
    step.origin.document.finding({
      ruleId: check.blocker?.ruleId ?? "provision-data-conflict",
      severity: "error",
      message: `${describeChange(change)}. ${check.blocker?.advice ?? "Nothing is applied while the data stops a change: fix the data (or the contract), then plan again."}`,
      path: step.origin.pointer,
      stage: "provision",
    }),
  );
}

/** A data check's answer: its problem (none when nothing stops the change), or the error that stopped the query. */
async function countIn(client: pg.Client, check: DataCheck): Promise<{ ran: true; problem?: string } | { ran: false; code: string; reason: string }> {
  await client.query("SAVEPOINT meshkit_data_check");
  try {
    const row = (await client.query<{ count: string; names?: string | null }>(check.sql, check.params ? [...check.params] : undefined)).rows[0];
    await client.query("RELEASE SAVEPOINT meshkit_data_check");
    const count = Number(row?.count ?? 0);
    return { ran: true, problem: count === 0 ? undefined : check.problem(count, row?.names ?? undefined) };
  } catch (error) {
    await client.query("ROLLBACK TO SAVEPOINT meshkit_data_check");
    return { ran: false, code: String((error as { code?: unknown }).code ?? ""), reason: withoutValue((error as Error).message.split("\n")[0]!) };
  }
}

/** SQLSTATE 42501: the user lacks a privilege (here: SELECT on the table a data check counts in). */
const INSUFFICIENT_PRIVILEGE = "42501";
/** SQLSTATE 42846 (cannot_coerce): there is no cast from one type to the other (here: a type change's check). */
const CANNOT_COERCE = "42846";

function uncheckedFinding(origin: Origin, change: Change, reason: string, check: DataCheck): Finding {
  // A check with a blocker looks up the objects that depend on the change (dependentObjectsCheck), not rows.
  const message = check.blocker
    ? `the objects that depend on it were not looked up (${withoutValue(reason)}), so this plan cannot tell whether PostgreSQL allows it; apply looks them up again and refuses the change if one does. Give the plan's user USAGE on the schema to check it here.`
    : `the rows it needs were not counted (${withoutValue(reason)}), so this plan cannot tell whether the data allows it; apply counts them again and refuses the change if not. Let the plan's user read the table to check it here.`;
  return origin.document.finding({
    ruleId: "provision-data-unchecked",
    severity: "warning",
    message: `${describeChange(change)}: ${message}`,
    path: origin.pointer,
    stage: "provision",
  });
}

function diffColumnComments(relation: DesiredRelation, columns: readonly CurrentColumn[], add: AddStep): void {
  for (const column of relation.columns) {
    const current = columns.find((c) => c.name === column.name);
    if (current && current.comment !== column.comment) {
      add(PHASE.comments, column.origin, [`COMMENT ON COLUMN ${qualifiedKey(relation)}.${ident(column.name)} IS ${commentLiteral(column.comment)}`], { action: "update", kind: "comment", address: `${relationKey(relation.schema, relation.name)}.${column.name}`, detail: "column comment" });
    }
  }
}

/** GRANTs for what is wanted and missing, REVOKEs for what is held and not wanted (and grant options nobody asked for). */
function diffGrants(address: string, object: string, wanted: ReadonlyMap<string, ReadonlySet<string>>, held: readonly Grant[], origin: Origin, add: AddStep): void {
  const on = object.startsWith("SCHEMA ") ? "schema" : "table";
  for (const [role, privileges] of [...wanted].sort(([a], [b]) => compareText(a, b))) {
    const missing = [...privileges].filter((p) => !held.some((g) => g.grantee === role && g.privilege === p)).sort(byPrivilege);
    if (missing.length > 0) add(PHASE[on === "table" ? "grants" : "schemaGrants"], origin, [`GRANT ${missing.join(", ")} ON ${object} TO ${ident(role)}`], { action: "create", kind: "grant", address, detail: `${missing.join(", ")} to ${role}` });
  }
  const byGrantee = new Map<string, { revoke: string[]; option: string[] }>();
  for (const grant of held) {
    const entry = byGrantee.get(grant.grantee) ?? { revoke: [], option: [] };
    if (!wanted.get(grant.grantee)?.has(grant.privilege)) entry.revoke.push(grant.privilege);
    else if (grant.grantable) entry.option.push(grant.privilege);
    byGrantee.set(grant.grantee, entry);
  }
  for (const [role, { revoke, option }] of [...byGrantee].sort(([a], [b]) => compareText(a, b))) {
    revoke.sort(byPrivilege);
    option.sort(byPrivilege);
    // A revoke is never destructive: it loses no data, and the contract's reviewers decided the access.
    // Keeping access they withdrew (a privacy approval taken back, a role removed) is the dangerous way round.
    const phase = PHASE[on === "table" ? "grants" : "schemaGrants"];
    if (revoke.length > 0) add(phase, origin, [`REVOKE ${revoke.join(", ")} ON ${object} FROM ${grantee(role)}`], { action: "delete", kind: "grant", address, detail: `revoke ${revoke.join(", ")} from ${granteeName(role)}` });
    if (option.length > 0) add(phase, origin, [`REVOKE GRANT OPTION FOR ${option.join(", ")} ON ${object} FROM ${grantee(role)}`], { action: "delete", kind: "grant", address, detail: `revoke the grant option for ${option.join(", ")} from ${granteeName(role)}` });
  }
}

function grantStatements(table: string, grants: readonly Grant[]): string[] {
  const byRole = new Map<string, string[]>();
  for (const grant of grants) byRole.set(grant.grantee, [...(byRole.get(grant.grantee) ?? []), grant.privilege]);
  return [...byRole].map(([role, privileges]) => `GRANT ${privileges.join(", ")} ON TABLE ${table} TO ${grantee(role)}`);
}

function createTable(relation: DesiredRelation): string[] {
  const table = qualifiedKey(relation);
  const parts = relation.columns.map(columnDefinition);
  if (relation.primaryKey.length > 0) parts.push(`PRIMARY KEY (${relation.primaryKey.map(ident).join(", ")})`);
  for (const unique of relation.unique) parts.push(`CONSTRAINT ${ident(unique.constraint)} UNIQUE (${ident(unique.column)})`);
  return [
    `CREATE TABLE ${table} (${parts.join(", ")})`,
    ...relation.unique.map((unique) => uniqueComment(table, unique.constraint)),
    `ALTER TABLE ${table} OWNER TO ${ident(relation.owner)}`,
    `REVOKE ALL ON TABLE ${table} FROM PUBLIC`,
    `COMMENT ON TABLE ${table} IS ${literal(relation.comment)}`,
    ...relation.columns.filter((c) => c.comment !== null).map((c) => `COMMENT ON COLUMN ${table}.${ident(c.name)} IS ${literal(c.comment!)}`),
  ];
}

/** CREATE (or CREATE OR REPLACE, which keeps the owner and the grants) of a masked view, with its comments. */
function createView(relation: DesiredRelation, mode: "create" | "replace"): string[] {
  const view = qualifiedKey(relation);
  return [
    `CREATE ${mode === "replace" ? "OR REPLACE " : ""}VIEW ${view} AS ${relation.select!}`,
    ...(mode === "create" ? [`ALTER VIEW ${view} OWNER TO ${ident(relation.owner)}`, `REVOKE ALL ON TABLE ${view} FROM PUBLIC`] : []),
    viewComment(relation),
    // A new view has no comments to clear; a replaced one keeps its columns' comments, so each is set.
    ...relation.columns.filter((c) => mode === "replace" || c.comment !== null).map((c) => `COMMENT ON COLUMN ${view}.${ident(c.name)} IS ${commentLiteral(c.comment)}`),
  ];
}

/**
 * The view's comment, with the digest of its definition as PostgreSQL now prints it as the last entry
 * (VIEW_DIGEST_KEY): only the server knows that text, so a DO block writes the comment. Run after the view
 * is made or replaced, in the same transaction.
 */
function viewComment(relation: DesiredRelation): string {
  const view = qualifiedKey(relation);
  const body =
    `BEGIN EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', ${literal(view)}, ` +
    `pg_catalog.left(${literal(relation.comment)}, -1) || ${literal(`,"${VIEW_DIGEST_KEY}":"`)} || ${VIEW_DIGEST_SQL(`${literal(view)}::pg_catalog.regclass`)} || '"}'); END`;
  // A dollar-quote tag the body does not hold (a contract's description is in the comment).
  let tag = "$meshkit$";
  for (let n = 1; body.includes(tag); n++) tag = `$meshkit${n}$`;
  return `DO ${tag}${body}${tag}`;
}

function uniqueComment(table: string, constraint: string): string {
  return `COMMENT ON CONSTRAINT ${ident(constraint)} ON ${table} IS ${literal(MANAGED_CONSTRAINT_MARK)}`;
}

function columnDefinition(column: DesiredColumn): string {
  return `${ident(column.name)} ${column.sqlType}${column.notNull ? " NOT NULL" : ""}`;
}

/** ` (note)`, or nothing. */
function note(text: string | undefined): string {
  return text === undefined ? "" : ` (${text})`;
}

function maskedDetail(relation: DesiredRelation): string {
  const masked = relation.masked ?? [];
  return masked.length === 0 ? `of ${relation.base}, nothing to mask` : `of ${relation.base}, masking ${masked.join(", ")}`;
}

const qualifiedKey = (relation: DesiredRelation): string => qualified(relation.schema, relation.name);
const grantee = (role: string): string => (role === PUBLIC ? "PUBLIC" : ident(role));
const granteeName = (role: string): string => (role === PUBLIC ? "PUBLIC" : role);

function sorted<T>(map: ReadonlyMap<string, T>): T[] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
}

// ---------------------------------------------------------------------------------------------------
// Messages

/**
 * PostgreSQL's error in one line, without the data it may quote: a data exception (class 22) ends its
 * message with the value (`invalid input syntax for type integer: "…"`), and an integrity violation
 * (class 23) or a data exception names the row or key in its DETAIL (`Key (email)=(…)`, `Failing row
 * contains (…)`). Values may be personal data or secrets; output is printed, written and posted.
 */
function pgMessage(error: unknown): string {
  const e = error as { message?: string; detail?: string; hint?: string; code?: string };
  const dataError = /^2[23]/.test(String(e?.code ?? ""));
  const first = String(e?.message ?? error).split("\n")[0]!.trim();
  const message = dataError ? withoutValue(first) : first;
  return [message, detailWithoutValues(e?.detail, dataError), e?.hint ? `hint: ${e.hint}` : undefined].filter(Boolean).join("; ");
}

/**
 * A DETAIL without values: `Key (code)=(A) is duplicated.` keeps `Key (code) is duplicated.`; any other
 * detail of a data error, and one that shows a row, is left out.
 */
function detailWithoutValues(detail: string | undefined, dataError: boolean): string | undefined {
  if (detail === undefined) return undefined;
  const key = /^(Key \([^()]*\))=\(.*\)( (?:is duplicated|already exists|conflicts with existing key|is not present in table "[^"]*"))\.?$/s.exec(detail.trim());
  if (key) return `${key[1]}${key[2]}`;
  return dataError || /^Failing row contains|=\(/.test(detail) ? undefined : detail;
}

/** A PostgreSQL message without the quoted value at its end (`…: "abc"`). */
function withoutValue(message: string): string {
  return message.replace(/: ".*"$/s, "");
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number of milliseconds, not ${value}`);
  return value;
}
