/**
 * What the contracts ask a PostgreSQL server to hold (see postgres.ts for the design): per domain a
 * schema of tables and a `_safe` schema of masked views, both owned by the domain's owner role; per
 * table its columns, key, comments and grants; per contract role the privileges its access and its
 * privacy approval give it. Names PostgreSQL cannot take (too long once suffixed, reserved, taken twice)
 * are findings at the contract's line, and the objects they name are left out of the plan.
 */
import { type ColumnMasking, type Finding, type LoadedDocument, maskedColumnNote } from "@meshkit/core";
import { columnCountProblem } from "./column-limits.js";
import { type ContractSpec, type ProductSpec, type ProvisionModel, type TableSpec, tableComment } from "./model.js";
import { reservedColumnProblem } from "./names.js";
import { canonicalType, fingerprint, ident, isSafeType, maskedExpression, postgresText, qualified } from "./postgres-sql.js";
import { relationKey } from "./postgres-state.js";

/** Where an object comes from in the contracts, for findings. */
export interface Origin {
  document: LoadedDocument;
  pointer: string;
}

export const OWNER_SUFFIX = "_owner";
export const SAFE_SUFFIX = "_safe";
const MAX_IDENTIFIER = 63;

export const TABLE_PRIVILEGES = ["SELECT", "INSERT", "UPDATE", "DELETE"] as const;

export interface DesiredRole {
  name: string;
  kind: "owner" | "consumer";
  /** Set only when meshkit creates the role. */
  comment: string;
  origin: Origin;
}

export interface DesiredSchema {
  name: string;
  domain: string;
  owner: string;
  comment: string;
  /** Roles that need USAGE: those with a privilege on a planned relation in the schema. */
  usage: Set<string>;
  origin: Origin;
}

export interface DesiredColumn {
  name: string;
  /** As written in DDL (`varchar(20)`). */
  sqlType: string;
  /** As `format_type` prints it (`character varying(20)`). */
  type: string;
  notNull: boolean;
  comment: string | null;
  /** Tables: the column's previous name (the property's `renamedFrom`), renamed in place when the table has it and not this one. */
  renamedFrom?: string;
  origin: Origin;
}

export interface DesiredRelation {
  kind: "table" | "view";
  schema: string;
  name: string;
  owner: string;
  comment: string;
  columns: DesiredColumn[];
  primaryKey: string[];
  /** Tables: the columns of the contract's `unique: true` properties, in column order, and the name of each one's constraint. */
  unique: { column: string; constraint: string }[];
  /** Views: the SELECT, and its fingerprint (also in the comment). */
  select?: string;
  fingerprint?: string;
  /** Tables: the table's previous name (the object's `renamedFrom`), renamed in place when the schema has it. */
  renamedFrom?: string;
  /** Views: the table they read, and the columns they mask. */
  base?: string;
  masked?: string[];
  grants: Map<string, Set<string>>;
  domain: string;
  product: string;
  origin: Origin;
}

export interface DesiredState {
  /** `domain/product` of every planned product. */
  products: string[];
  roles: Map<string, DesiredRole>;
  schemas: Map<string, DesiredSchema>;
  /** By `schema.name`, tables before their views. */
  relations: Map<string, DesiredRelation>;
  /**
   * Relations a contract names but that cannot be planned (a finding says why): never dropped, never
   * touched, whatever the database holds.
   */
  reserved: Set<string>;
  /** Products planned per domain: the schemas whose managed objects may be dropped. */
  productsByDomain: Map<string, Set<string>>;
  /**
   * Each planned contract, by `plannedContractKey`: only a managed object whose comment names one of
   * these may be dropped (planning part of a product never drops its other contracts' tables), and a
   * finding about an object the contract no longer names points at it.
   */
  contractOrigins: Map<string, Origin>;
  /** Each planned contract by id (ids are unique in a plan), with the `domain/product` it is provisioned as. */
  contracts: Map<string, { id: string; document: LoadedDocument; product: string }>;
  findings: Finding[];
}

/** The metadata meshkit writes on its schemas, tables and views, parsed back; undefined when not meshkit's. */
export interface ManagedMarker {
  domain?: string;
  product?: string;
  /** The id of the contract the object was made for (`tableComment`'s `contract`). */
  contract?: string;
  definition?: string;
  /** A view's: the digest of its definition as PostgreSQL printed it when meshkit made it (VIEW_DIGEST_KEY). */
  viewDigest?: string;
}

/**
 * The key of a view comment's last entry: the digest of the view's definition as PostgreSQL prints it,
 * recorded by apply after it makes the view (the plan cannot know it). A view replaced by hand — one that
 * shows a masked column in clear, say — keeps its comment but not its definition, so the two digests differ.
 */
export const VIEW_DIGEST_KEY = "viewDigest";
const VIEW_DIGEST_ENTRY = new RegExp(`,"${VIEW_DIGEST_KEY}":"[0-9a-f]{32}"}$`);

/** A view's comment without the digest apply records in it: what the plan compares with the comment it wants. */
export function withoutViewDigest(comment: string | null): string | null {
  return comment === null ? null : comment.replace(VIEW_DIGEST_ENTRY, "}");
}

/** Key of `DesiredState.contractOrigins`. */
export function plannedContractKey(domain: string, product: string, contract: string): string {
  return `${domain}/${product}\u0000${contract}`;
}

export function managedMarker(comment: string | null): ManagedMarker | undefined {
  if (comment === null || !comment.trimStart().startsWith("{")) return undefined;
  try {
    const value = JSON.parse(comment) as Record<string, unknown>;
    if (value === null || typeof value !== "object" || value.managedBy !== "meshkit") return undefined;
    const text = (key: string) => (typeof value[key] === "string" ? { [key]: value[key] as string } : {});
    return { ...text("domain"), ...text("product"), ...text("contract"), ...text("definition"), ...text(VIEW_DIGEST_KEY) };
  } catch {
    return undefined;
  }
}

export const MANAGED_ROLE_MARK = "managed by meshkit";

/** The comment meshkit writes on the owner role it makes for `domain`. */
export function ownerRoleComment(domain: string): string {
  return `${MANAGED_ROLE_MARK}: ${OWNER_ROLE_TEXT}${domain}`;
}
const OWNER_ROLE_TEXT = "owner of the schemas, tables and views of domain ";

/** Whether a role's comment is the one meshkit writes on a domain's owner role (of any domain). */
export function isOwnerRoleComment(comment: string | null): boolean {
  return comment !== null && comment.startsWith(`${MANAGED_ROLE_MARK}: ${OWNER_ROLE_TEXT}`);
}

export function isManagedRoleComment(comment: string | null): boolean {
  return comment !== null && comment.includes(MANAGED_ROLE_MARK);
}

/**
 * Role names PostgreSQL reserves (`public`, `none`, `pg_*`), compared as PostgreSQL does after quoting: in lower
 * case only (`"PUBLIC"`, `"PG_reader"` are ordinary roles, and meshkit quotes every name).
 */
function reservedRoleProblem(name: string): string | undefined {
  if (/^(public|none)$/.test(name)) return `${JSON.stringify(name)} is reserved in PostgreSQL (it names every role, or none)`;
  if (name.startsWith("pg_")) return `${JSON.stringify(name)} starts with pg_, which PostgreSQL reserves for its own roles`;
  return undefined;
}

/** The SQL-standard catalog schema PostgreSQL makes in every database (names are quoted: only this spelling). */
const INFORMATION_SCHEMA = "information_schema";

/**
 * Why PostgreSQL cannot hold a domain's schemas and owner role (`<domain>_owner` or `<domain>_safe` longer
 * than PostgreSQL's 63 characters, or `pg_…` or `information_schema`, which it keeps for itself), as the end of a sentence that starts
 * with the domain, or undefined. `meshkit init` asks it too, so that a new domain can move to PostgreSQL.
 */
export function postgresDomainProblem(domain: string): string | undefined {
  const longest = [`${domain}${OWNER_SUFFIX}`, `${domain}${SAFE_SUFFIX}`].find((name) => name.length > MAX_IDENTIFIER);
  if (longest) return `is too long for PostgreSQL: its ${longest.endsWith(OWNER_SUFFIX) ? "owner role" : "masked-view schema"} ${longest} would be longer than ${MAX_IDENTIFIER} characters. Use a domain name of at most ${MAX_IDENTIFIER - OWNER_SUFFIX.length} characters`;
  // (in lower case only, as PostgreSQL compares a quoted name: `PG_sales` is an ordinary schema)
  if (domain.startsWith("pg_")) return "starts with pg_, which PostgreSQL reserves for its own schemas; rename the domain";
  // Every database has it, and it is PostgreSQL's own: "hand the schema over" would be wrong advice.
  if (domain === INFORMATION_SCHEMA) return "is a PostgreSQL system schema, which every database has and meshkit cannot take over; rename the domain";
  return undefined;
}

export function desiredState(model: ProvisionModel): DesiredState {
  const state: DesiredState = { products: [], roles: new Map(), schemas: new Map(), relations: new Map(), reserved: new Set(), productsByDomain: new Map(), contractOrigins: new Map(), contracts: new Map(), findings: [] };
  const known = new Set(model.findings.map((f) => `${f.ruleId}\u0000${f.file}\u0000${f.path}`));
  const report: Report = (origin, ruleId, message, sameAs = []) => {
    const finding = origin.document.finding({ ruleId, severity: "error", message, path: origin.pointer, stage: "provision" });
    const keys = [finding.path, ...sameAs].map((path) => `${ruleId}\u0000${finding.file}\u0000${path}`);
    if (!keys.some((key) => known.has(key))) state.findings.push(finding);
    known.add(keys[0]!);
  };

  const ownerRoles = new Set(model.products.map((p) => `${p.domain}${OWNER_SUFFIX}`));
  const baseSchemas = new Set(model.products.map((p) => p.domain));
  for (const product of model.products) {
    const first = product.contracts[0];
    if (!first) continue;
    const domainOrigin: Origin = { document: first.document, pointer: "/domain" };
    const owner = `${product.domain}${OWNER_SUFFIX}`;
    const safe = `${product.domain}${SAFE_SUFFIX}`;
    const unusable = postgresDomainProblem(product.domain);
    if (unusable) {
      report(domainOrigin, "provision-invalid-name", `Domain ${JSON.stringify(product.domain)} ${unusable}.`);
      continue;
    }
    if (baseSchemas.has(safe)) {
      report(domainOrigin, "provision-invalid-name", `Domain ${JSON.stringify(product.domain)}'s masked views go to schema ${safe}, which is also the schema of domain ${safe}; rename one of the domains.`);
      continue;
    }
    state.products.push(`${product.domain}/${product.name}`);
    for (const contract of product.contracts) {
      state.contractOrigins.set(plannedContractKey(product.domain, product.name, contract.id), { document: contract.document, pointer: "/schema" });
      state.contracts.set(contract.id, { id: contract.id, document: contract.document, product: `${product.domain}/${product.name}` });
    }
    const planned = state.productsByDomain.get(product.domain) ?? new Set<string>();
    planned.add(product.name);
    state.productsByDomain.set(product.domain, planned);

    if (!state.roles.has(owner)) state.roles.set(owner, { name: owner, kind: "owner", comment: ownerRoleComment(product.domain), origin: domainOrigin });
    if (!state.schemas.has(product.domain)) {
      state.schemas.set(product.domain, {
        name: product.domain,
        domain: product.domain,
        owner,
        comment: JSON.stringify({ domain: product.domain, holds: `the tables of the domain's data products; roles approved for sensitive data read them here, every other reader reads ${safe}`, managedBy: "meshkit" }),
        usage: new Set(),
        origin: domainOrigin,
      });
      state.schemas.set(safe, {
        name: safe,
        domain: product.domain,
        owner,
        comment: JSON.stringify({ domain: product.domain, holds: `one view per table of ${product.domain}, sensitive columns masked, for readers not approved for sensitive data`, managedBy: "meshkit" }),
        usage: new Set(),
        origin: domainOrigin,
      });
    }

    for (const contract of product.contracts) {
      const roles = contractRoles(contract, ownerRoles, report);
      for (const role of roles) {
        if (!state.roles.has(role.name)) state.roles.set(role.name, { name: role.name, kind: "consumer", comment: `${MANAGED_ROLE_MARK}: a group role data contracts grant access to; members come from the identity provider`, origin: role.origin });
      }
      for (const table of contract.tables) addTable(state, product, contract, table, roles, owner, safe, report);
    }
  }
  return state;
}

/**
 * Reports an error finding once: not again when the model (or an earlier call) reported the same rule at
 * the same node, or at one of the `sameAs` pointers, which name the same problem there.
 */
type Report = (origin: Origin, ruleId: string, message: string, sameAs?: readonly string[]) => void;

interface PlannedRole {
  name: string;
  access: "read" | "write";
  privacyApproved: boolean;
  origin: Origin;
}

function contractRoles(contract: ContractSpec, ownerRoles: ReadonlySet<string>, report: Report): PlannedRole[] {
  const roles: PlannedRole[] = [];
  for (const role of contract.roles) {
    const origin: Origin = { document: contract.document, pointer: `${role.pointer}/role` };
    const reserved = reservedRoleProblem(role.name);
    if (reserved) {
      report(origin, "provision-invalid-name", `Role ${reserved}; name the group role consumers are granted.`);
      continue;
    }
    if (ownerRoles.has(role.name)) {
      report(origin, "provision-invalid-name", `Role ${role.name} is the owner role meshkit gives a domain, which owns everything in it; name a consumer role instead.`);
      continue;
    }
    roles.push({ name: role.name, access: role.access, privacyApproved: role.privacyApproved, origin });
  }
  return roles;
}

function addTable(
  state: DesiredState,
  product: ProductSpec,
  contract: ContractSpec,
  table: TableSpec,
  roles: readonly PlannedRole[],
  owner: string,
  safe: string,
  report: Report,
): void {
  const origin: Origin = { document: contract.document, pointer: table.pointer };
  const tableKey = relationKey(product.domain, table.name);
  const viewKey = relationKey(safe, table.name);
  if (state.relations.has(tableKey) || state.reserved.has(tableKey)) {
    const other = state.relations.get(tableKey);
    report(origin, "provision-object-conflict", `Table ${tableKey} is also the table of ${other ? `product ${other.product}` : "another contract"} of domain ${product.domain} in this plan; give this schema object another name (or physicalName).`);
    return;
  }
  const tooWide = columnCountProblem("postgres", tableKey, table.columns.length);
  if (tooWide) {
    report(origin, "provision-too-many-columns", `${tooWide}; the table is not provisioned until then.`);
    state.reserved.add(tableKey);
    state.reserved.add(viewKey);
    return;
  }
  let usable = true;
  const columns: DesiredColumn[] = [];
  const masked: { column: DesiredColumn; sql: string; type: string; masking: ColumnMasking; classification: string }[] = [];
  // (A column named twice was left out by the model, with its finding.)
  for (const column of table.columns) {
    const columnOrigin: Origin = { document: contract.document, pointer: column.pointer };
    const reserved = reservedColumnProblem("postgres", column.name);
    if (reserved) {
      report(columnOrigin, "provision-invalid-name", `${reserved}; rename the column (or set its physicalName). Table ${tableKey} is not provisioned until then.`);
      usable = false;
      continue;
    }
    const sqlType = column.types.postgres;
    if (sqlType === undefined || !isSafeType(sqlType)) {
      // The model reports a type it cannot map at the property when it has no logicalType, else at its logicalType.
      report({ document: contract.document, pointer: `${column.pointer}/logicalType` }, "provision-type-unmapped", `Column \`${table.name}.${column.name}\` has no PostgreSQL type${sqlType === undefined ? "" : ` (${JSON.stringify(sqlType)} is not a type meshkit writes)`}; table ${tableKey} is not provisioned until it has one.`, [column.pointer]);
      usable = false;
      continue;
    }
    const type = canonicalType(sqlType);
    const classification = column.classification ?? "pii";
    const sensitiveNote = column.sensitive ? `Sensitive (${classification}): readable in clear only by roles approved for it; masked in ${safe}.${table.name}.` : undefined;
    const desired: DesiredColumn = { name: column.name, sqlType, type, notNull: column.required, comment: joinText(column.description, sensitiveNote), ...(column.renamedFrom !== undefined ? { renamedFrom: column.renamedFrom } : {}), origin: columnOrigin };
    columns.push(desired);
    if (column.sensitive) masked.push({ column: desired, classification, ...maskedExpression(column.name, type, sqlType) });
  }
  if (!usable) {
    state.reserved.add(tableKey);
    state.reserved.add(viewKey);
    return;
  }

  const comment = tableComment(product, contract, table);
  const tableGrants = new Map<string, Set<string>>();
  const viewGrants = new Map<string, Set<string>>();
  for (const role of roles) {
    const [target, privileges] = role.access === "write" ? [tableGrants, TABLE_PRIVILEGES] : role.privacyApproved ? [tableGrants, ["SELECT"] as const] : [viewGrants, ["SELECT"] as const];
    const set = target.get(role.name) ?? new Set<string>();
    for (const privilege of privileges) set.add(privilege);
    target.set(role.name, set);
  }
  state.relations.set(tableKey, {
    kind: "table",
    schema: product.domain,
    name: table.name,
    owner,
    comment,
    columns,
    primaryKey: table.primaryKey,
    unique: table.columns.filter((c) => c.unique && columns.some((d) => d.name === c.name)).map((c) => ({ column: c.name, constraint: uniqueConstraintName(table.name, c.name) })),
    grants: tableGrants,
    ...(table.renamedFrom !== undefined ? { renamedFrom: table.renamedFrom } : {}),
    domain: product.domain,
    product: product.name,
    origin,
  });
  for (const role of tableGrants.keys()) state.schemas.get(product.domain)?.usage.add(role);
  // PostgreSQL has no view without columns: readers of a column-less table have nothing to read.
  if (columns.length === 0) return;

  const viewColumns: DesiredColumn[] = columns.map(({ renamedFrom: _renamedFrom, ...column }) => {
    const mask = masked.find((m) => m.column.name === column.name);
    if (!mask) return { ...column, notNull: false };
    // The note meshkit test reads back (core's readMaskedColumnNote): the column's values there are not the data's.
    return { ...column, type: mask.type, notNull: false, comment: joinText(descriptionOf(table, column.name), maskedColumnNote(mask.classification, mask.masking, tableKey)) };
  });
  const list = columns.map((column) => {
    const mask = masked.find((m) => m.column === column);
    return mask ? `${mask.sql} AS ${ident(column.name)}` : ident(column.name);
  });
  const select = `SELECT ${list.join(", ")} FROM ${qualified(product.domain, table.name)}`;
  const definition = fingerprint(select);
  const viewComment = JSON.stringify({
    ...(JSON.parse(comment) as Record<string, unknown>),
    view: `${tableKey} for readers not approved for sensitive data`,
    masked: masked.map((m) => `${m.column.name} (${m.masking === "sha256" ? "sha256" : "null"})`),
    definition,
    managedBy: "meshkit",
  });
  state.relations.set(viewKey, {
    kind: "view",
    schema: safe,
    name: table.name,
    owner,
    comment: viewComment,
    columns: viewColumns,
    primaryKey: [],
    unique: [],
    select,
    fingerprint: definition,
    base: tableKey,
    masked: masked.map((m) => m.column.name),
    grants: viewGrants,
    domain: product.domain,
    product: product.name,
    origin,
  });
  for (const role of viewGrants.keys()) state.schemas.get(safe)?.usage.add(role);
}

/** What meshkit writes on the UNIQUE constraints it makes: only a constraint with it is ever dropped. */
export const MANAGED_CONSTRAINT_MARK = "managed by meshkit: unique in the data contract";

/**
 * `<table>_<column>_key`, PostgreSQL's own name for such a constraint; when that is longer than 63
 * characters, cut, with a digest of the whole so that two long names stay apart.
 */
export function uniqueConstraintName(table: string, column: string): string {
  const name = `${table}_${column}_key`;
  if (name.length <= MAX_IDENTIFIER) return name;
  const digest = fingerprint(`${table}\u0000${column}`).slice(0, 8);
  return `${name.slice(0, MAX_IDENTIFIER - 13)}_${digest}_key`;
}

function descriptionOf(table: TableSpec, column: string): string | undefined {
  return table.columns.find((c) => c.name === column)?.description;
}

/**
 * A comment of parts (a description, then meshkit's note on the column), as sentences: a part that does not
 * end like one (a sentence terminal of any script, `.`, `!`, `?`, `。`, `？`, or `…`, `:`, `;`, before any closing
 * quote or bracket, `"`, `»`, `」`, `)`) gets a period, so `Primary e-mail` and `Sensitive (restricted): …` read as
 * two sentences, not as `Primary e-mail Sensitive …`, while `主要なメール。` keeps its own full stop.
 */
function joinText(...parts: (string | undefined)[]): string | null {
  const texts = parts.filter((p): p is string => typeof p === "string" && p.trim() !== "").map((p) => p.trim());
  const text = texts.map((p, i) => (i < texts.length - 1 && !ENDS_LIKE_A_SENTENCE.test(p) ? `${p}.` : p)).join(" ");
  return text === "" ? null : postgresText(text);
}
// After the mark, closing quotes and brackets: German closes a quote with “, which Unicode calls an initial quote (Pi).
const ENDS_LIKE_A_SENTENCE = /[\p{Sentence_Terminal}…:;：；]["'\p{Pe}\p{Pf}\p{Pi}]*$/u;
