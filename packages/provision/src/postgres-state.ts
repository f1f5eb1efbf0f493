/**
 * What a PostgreSQL server has now, read from pg_catalog for the schemas and roles a plan is about:
 * roles (with their comment), schemas (owner, comment, ACL), every relation in those schemas (kind,
 * owner, comment, columns with `format_type` and NOT NULL and comments, primary key, table and column
 * ACLs). Grants are read from the ACLs themselves (`aclexplode`), so they are the explicit grants, one
 * per grantee and privilege, with the grant option; the owner's own privileges are left out.
 *
 * Every query binds its values; nothing here builds SQL from a name.
 */
import type pg from "pg";

/** The grantee PUBLIC (every role), which no role name can equal: PostgreSQL names cannot hold NUL. */
export const PUBLIC = "\u0000PUBLIC";

/**
 * SQL for the digest of a view's definition (`oid` an expression of type oid or regclass). Plan and apply
 * pin search_path to pg_catalog, so PostgreSQL prints the view the same way in both.
 */
export const VIEW_DIGEST_SQL = (oid: string): string => `pg_catalog.md5(pg_catalog.pg_get_viewdef(${oid}))`;

export interface Grant {
  /** A role name, or PUBLIC. */
  grantee: string;
  privilege: string;
  grantable: boolean;
}

export interface CurrentRole {
  name: string;
  comment: string | null;
}

export interface CurrentSchema {
  name: string;
  owner: string;
  comment: string | null;
  grants: Grant[];
}

export interface CurrentColumn {
  name: string;
  /** As `format_type` prints it: `character varying(20)`, `timestamp with time zone`. */
  type: string;
  notNull: boolean;
  comment: string | null;
  grants: Grant[];
}

export interface CurrentRelation {
  schema: string;
  name: string;
  /** pg_class.relkind: r table, p partitioned table, v view, m materialized view, f foreign table, i index, S sequence... */
  relkind: string;
  owner: string;
  comment: string | null;
  /**
   * A view's definition as PostgreSQL prints it (`pg_get_viewdef`), as an MD5 digest: compared with the digest
   * meshkit recorded in the view's comment when it made the view, it shows a view replaced by hand.
   */
  viewDigest?: string;
  columns: CurrentColumn[];
  /**
   * pg_class.relnatts: the column numbers the relation has used, its dropped columns' included. A dropped
   * column keeps its number until the table is made anew, and ADD COLUMN fails past PostgreSQL's 1,600.
   */
  columnNumbers: number;
  primaryKey?: { name: string; columns: string[] };
  /** Single-column UNIQUE constraints (wider ones are not a contract's `unique` and are left alone). */
  uniques: UniqueConstraint[];
  grants: Grant[];
}

export interface UniqueConstraint {
  name: string;
  column: string;
  comment: string | null;
}

export interface CurrentState {
  roles: Map<string, CurrentRole>;
  schemas: Map<string, CurrentSchema>;
  /** By `schema.name`. */
  relations: Map<string, CurrentRelation>;
  /** Relations per schema name. */
  relationsBySchema: Map<string, CurrentRelation[]>;
  /** Tables and views of any schema whose meshkit comment names one of the contracts asked about. */
  ofContracts: RelationOfContract[];
}

export interface RelationOfContract {
  schema: string;
  name: string;
  relkind: string;
  comment: string;
}

export const relationKey = (schema: string, name: string): string => `${schema}.${name}`;

/**
 * Reads the roles named `roleNames` and everything in the schemas named `schemaNames`, and, in every schema,
 * the tables and views meshkit made for the contracts `contractIds`.
 */
export async function readState(client: pg.ClientBase, schemaNames: readonly string[], roleNames: readonly string[], contractIds: readonly string[] = []): Promise<CurrentState> {
  const roles = new Map<string, CurrentRole>();
  const roleRows = await client.query<{ name: string; comment: string | null }>(
    "SELECT r.rolname AS name, pg_catalog.shobj_description(r.oid, 'pg_authid') AS comment FROM pg_catalog.pg_roles r WHERE r.rolname = ANY($1::text[])",
    [roleNames],
  );
  for (const row of roleRows.rows) roles.set(row.name, { name: row.name, comment: row.comment });

  const schemas = new Map<string, CurrentSchema>();
  const schemaRows = await client.query<{ name: string; owner: string; comment: string | null }>(
    "SELECT n.nspname AS name, pg_catalog.pg_get_userbyid(n.nspowner) AS owner, pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment " +
      "FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY($1::text[])",
    [schemaNames],
  );
  for (const row of schemaRows.rows) schemas.set(row.name, { ...row, grants: [] });
  const schemaGrants = await client.query<{ schema: string; grantee: string | null; privilege: string; grantable: boolean; owner: string }>(
    "SELECT n.nspname AS schema, CASE WHEN a.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS grantee, a.privilege_type AS privilege, a.is_grantable AS grantable, " +
      "pg_catalog.pg_get_userbyid(n.nspowner) AS owner FROM pg_catalog.pg_namespace n CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) a WHERE n.nspname = ANY($1::text[])",
    [schemaNames],
  );
  for (const row of schemaGrants.rows) {
    if (row.grantee === row.owner) continue;
    addGrant(schemas.get(row.schema)?.grants, row);
  }

  const relations = new Map<string, CurrentRelation>();
  const relationsBySchema = new Map<string, CurrentRelation[]>();
  const byOid = new Map<string, CurrentRelation>();
  const relationRows = await client.query<{ oid: string; schema: string; name: string; relkind: string; owner: string; comment: string | null; view_digest: string | null; natts: number }>(
    "SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, pg_catalog.pg_get_userbyid(c.relowner) AS owner, c.relnatts::int AS natts, " +
      "pg_catalog.obj_description(c.oid, 'pg_class') AS comment, " +
      `CASE WHEN c.relkind = 'v' THEN ${VIEW_DIGEST_SQL("c.oid")} END AS view_digest ` +
      "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
      "WHERE n.nspname = ANY($1::text[]) ORDER BY n.nspname, c.relname",
    [schemaNames],
  );
  for (const row of relationRows.rows) {
    const relation: CurrentRelation = { schema: row.schema, name: row.name, relkind: row.relkind, owner: row.owner, comment: row.comment, ...(row.view_digest === null ? {} : { viewDigest: row.view_digest }), columns: [], columnNumbers: row.natts, uniques: [], grants: [] };
    relations.set(relationKey(row.schema, row.name), relation);
    byOid.set(row.oid, relation);
    const list = relationsBySchema.get(row.schema) ?? [];
    list.push(relation);
    relationsBySchema.set(row.schema, list);
  }
  // The comment is the JSON tableComment writes with JSON.stringify, so the contract's entry is found as that text.
  const ofContracts: RelationOfContract[] = [];
  if (contractIds.length > 0) {
    const found = await client.query<RelationOfContract>(
      "SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, d.description AS comment FROM pg_catalog.pg_description d " +
        "JOIN pg_catalog.pg_class c ON c.oid = d.objoid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
        "WHERE d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = 0 AND c.relkind IN ('r', 'p', 'v') " +
        "AND pg_catalog.strpos(d.description, '\"managedBy\":\"meshkit\"') > 0 AND EXISTS (SELECT FROM pg_catalog.unnest($1::text[]) AS e(entry) WHERE pg_catalog.strpos(d.description, e.entry) > 0) " +
        "ORDER BY n.nspname, c.relname",
      [contractIds.map((id) => `"contract":${JSON.stringify(id)}`)],
    );
    ofContracts.push(...found.rows);
  }
  const oids = [...byOid.keys()];
  if (oids.length === 0) return { roles, schemas, relations, relationsBySchema, ofContracts };

  const columnRows = await client.query<{ oid: string; name: string; type: string; not_null: boolean; comment: string | null }>(
    "SELECT a.attrelid::text AS oid, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, " +
      "pg_catalog.col_description(a.attrelid, a.attnum) AS comment FROM pg_catalog.pg_attribute a " +
      "WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum",
    [oids],
  );
  for (const row of columnRows.rows) byOid.get(row.oid)?.columns.push({ name: row.name, type: row.type, notNull: row.not_null, comment: row.comment, grants: [] });

  const keyRows = await client.query<{ oid: string; name: string; columns: string[] }>(
    "SELECT con.conrelid::text AS oid, con.conname AS name, ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY k(attnum, ord) " +
      "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns " +
      "FROM pg_catalog.pg_constraint con WHERE con.contype = 'p' AND con.conrelid = ANY($1::oid[])",
    [oids],
  );
  for (const row of keyRows.rows) {
    const relation = byOid.get(row.oid);
    if (relation) relation.primaryKey = { name: row.name, columns: row.columns };
  }

  const uniqueRows = await client.query<{ oid: string; name: string; column: string; comment: string | null }>(
    "SELECT con.conrelid::text AS oid, con.conname AS name, a.attname AS column, pg_catalog.obj_description(con.oid, 'pg_constraint') AS comment " +
      "FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1] " +
      "WHERE con.contype = 'u' AND pg_catalog.cardinality(con.conkey) = 1 AND con.conrelid = ANY($1::oid[]) ORDER BY con.conrelid, con.conname",
    [oids],
  );
  for (const row of uniqueRows.rows) byOid.get(row.oid)?.uniques.push({ name: row.name, column: row.column, comment: row.comment });

  const grantRows = await client.query<{ oid: string; grantee: string | null; privilege: string; grantable: boolean }>(
    "SELECT c.oid::text AS oid, CASE WHEN a.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS grantee, a.privilege_type AS privilege, a.is_grantable AS grantable " +
      "FROM pg_catalog.pg_class c CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a WHERE c.oid = ANY($1::oid[])",
    [oids],
  );
  for (const row of grantRows.rows) {
    const relation = byOid.get(row.oid);
    if (relation && row.grantee !== relation.owner) addGrant(relation.grants, row);
  }

  const columnGrantRows = await client.query<{ oid: string; column: string; grantee: string | null; privilege: string; grantable: boolean }>(
    "SELECT a.attrelid::text AS oid, a.attname AS column, CASE WHEN x.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(x.grantee) END AS grantee, " +
      "x.privilege_type AS privilege, x.is_grantable AS grantable FROM pg_catalog.pg_attribute a CROSS JOIN LATERAL pg_catalog.aclexplode(a.attacl) x " +
      "WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL",
    [oids],
  );
  for (const row of columnGrantRows.rows) {
    const relation = byOid.get(row.oid);
    const column = relation?.columns.find((c) => c.name === row.column);
    if (relation && column && row.grantee !== relation.owner) addGrant(column.grants, row);
  }
  return { roles, schemas, relations, relationsBySchema, ofContracts };
}

function addGrant(list: Grant[] | undefined, row: { grantee: string | null; privilege: string; grantable: boolean }): void {
  if (!list) return;
  const grantee = row.grantee ?? PUBLIC;
  // The same privilege from two grantors is one privilege for the grantee.
  const existing = list.find((g) => g.grantee === grantee && g.privilege === row.privilege);
  if (existing) existing.grantable ||= row.grantable;
  else list.push({ grantee, privilege: row.privilege, grantable: row.grantable });
}
