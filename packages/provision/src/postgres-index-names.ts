/**
 * PostgreSQL keeps the names of indexes with those of tables and views, one namespace per schema. The
 * index of a UNIQUE constraint meshkit makes is named `<table>_<column>_key` (`uniqueConstraintName`),
 * and the index of a primary key is named by PostgreSQL, `<table>_pkey`; a table of the same schema
 * named so (`orders_pkey`, `orders_code_key`), an index or table already there, or another constraint
 * of the plan with the same name makes `CREATE TABLE` or `ADD CONSTRAINT` fail. Found here, at the plan,
 * so that the pull request fails rather than the apply on the main branch.
 */
import type { DesiredRelation } from "./postgres-desired.js";
import { type CurrentRelation, type CurrentState, relationKey } from "./postgres-state.js";

const MAX_IDENTIFIER = 63;
const PRIMARY_KEY_SUFFIX = "_pkey";

/** A name two objects of the plan (or the plan and the schema) would both take. */
export interface IndexNameConflict {
  /** The table whose schema object is to be renamed. */
  relation: DesiredRelation;
  /** The column of the UNIQUE constraint, when it is the constraint's name that is taken. */
  column?: string;
  message: string;
}

/**
 * The name PostgreSQL gives the primary key index of a new table `table`, when the schema has no
 * relation of that name (`makeObjectName`: the table name cut so that `_pkey` fits in 63 bytes; names
 * are ASCII identifiers here). When it has one, PostgreSQL picks another name (`_pkey1`).
 */
export function primaryKeyIndexName(table: string): string {
  return `${table.slice(0, MAX_IDENTIFIER - PRIMARY_KEY_SUFFIX.length)}${PRIMARY_KEY_SUFFIX}`;
}

/**
 * The index names the plan's tables would take that are not free (a primary key is named when it is made:
 * with a new table, or when the key is added or changed). `tables` are the planned tables in
 * the order they are created; `created` the keys of those the plan creates; `tableAsPlanned` gives an
 * existing table as the plan sees it (after renames), undefined for one the plan leaves alone.
 */
export function indexNameConflicts(
  tables: readonly DesiredRelation[],
  current: CurrentState,
  created: ReadonlySet<string>,
  tableAsPlanned: (key: string) => CurrentRelation | undefined,
): IndexNameConflict[] {
  const conflicts: IndexNameConflict[] = [];
  const plannedTables = new Set(tables.map((t) => relationKey(t.schema, t.name)));
  /** Index names the plan's new UNIQUE constraints take, by key, with what takes them. */
  const claimed = new Map<string, string>();
  tables.forEach((table, index) => {
    const key = relationKey(table.schema, table.name);
    const isNew = created.has(key);
    const existing = isNew ? undefined : tableAsPlanned(key);
    if (!isNew && !existing) return;
    const keyMade = table.primaryKey.length > 0 && (isNew || existing?.primaryKey?.columns.join("\u0000") !== table.primaryKey.join("\u0000"));
    if (keyMade) {
      // PostgreSQL avoids the names the schema has when it names the key; a table created after it cannot.
      const indexName = primaryKeyIndexName(table.name);
      const later = tables.slice(index + 1).find((t) => t.schema === table.schema && t.name === indexName && created.has(relationKey(t.schema, t.name)));
      if (later) {
        conflicts.push({
          relation: later,
          message: `Table ${relationKey(later.schema, later.name)} has the name PostgreSQL gives the primary key index of table ${key}, which is made before it in the same schema (indexes and tables share one namespace); give one of the two schema objects another name (or physicalName).`,
        });
      }
    }
    for (const unique of table.unique) {
      if (existing?.uniques.some((u) => u.column === unique.column)) continue;
      const indexKey = relationKey(table.schema, unique.constraint);
      const holder = plannedTables.has(indexKey) ? `table ${indexKey} of this plan` : current.relations.has(indexKey) ? `${indexKey}, which the schema already has` : claimed.get(indexKey);
      if (holder) {
        conflicts.push({
          relation: table,
          column: unique.column,
          message: `The UNIQUE constraint of ${key}.${unique.column} is named ${unique.constraint}, the name of ${holder} (indexes and tables share one namespace in a schema); rename the table or the column (or set its physicalName).`,
        });
        continue;
      }
      claimed.set(indexKey, `the UNIQUE constraint of ${key}.${unique.column}`);
    }
  });
  return conflicts;
}
