/**
 * Snowflake (snowflakedb/snowflake provider v1/v2): a database per domain, a managed-access schema and
 * an auto-suspending warehouse per product, a table per schema object with columns (`snowflake_table`,
 * a preview resource the provider block enables), an account role per contract role (granted to SYSADMIN, the
 * usual hierarchy) and grants with the current `snowflake_grant_privileges_to_account_role`: USAGE on
 * the database and schema, SELECT (readers) or SELECT/INSERT/UPDATE/DELETE/TRUNCATE (writers) on the
 * contract's own tables, USAGE on the product warehouse for writers (consumers query with their own
 * warehouse, so their queries are not charged to the producer). Sensitive columns get a masking
 * policy per table and type: clear for writers and privacy-approved readers, NULL or `***MASKED***`
 * (n asterisks in a shorter `VARCHAR(n)`) for everyone else. Object tags DOMAIN, DATA_PRODUCT, PRODUCT,
 * COST_CENTER and MANAGED_BY live in a `MESHKIT` schema of each domain database and are set with
 * `snowflake_tag_association` (one resource per tag, value and object type, as the provider requires). Unquoted Snowflake names are upper case,
 * so every name is written upper-case: queries need no quotes.
 */
import { type Finding, SNOWFLAKE_RESERVED_WORDS } from "@meshkit/core";
import type { ContractSpec, ProductSpec, RoleSpec, TableSpec } from "../model.js";
import { productNameAt, tableComment } from "../model.js";
import { type Expr, ref } from "./json.js";
import { PROVIDERS_FILE, type Owner, type TerraformModule } from "./module.js";
import { label, labelPart, snowflakeName, truncate } from "./naming.js";
import { MANAGED_BY, type RenderContext, type TargetRenderer, type TerraformParams, claimRoleGrant, costCenterAt, costCenterOf, domainCostCenter, finding, productAt, productComment, productId, unenforcedRetentionFindings, varExpr } from "./render.js";

export const ROLES_FILE = "meshkit-roles.tf.json";
/** Schema of each domain database that holds meshkit's tags. */
const GOVERNANCE_SCHEMA = "MESHKIT";
const TAGS = ["COST_CENTER", "DATA_PRODUCT", "DOMAIN", "MANAGED_BY", "PRODUCT"] as const;
type TagName = (typeof TAGS)[number];
const READ_PRIVILEGES = ["SELECT"];
const WRITE_PRIVILEGES = ["DELETE", "INSERT", "SELECT", "TRUNCATE", "UPDATE"];

/**
 * Snowflake's system-defined roles. They exist in every account, so `snowflake_account_role` cannot create
 * one (the apply fails after the plan passed), and granting one to the parent role would hand it, say,
 * ACCOUNTADMIN; PUBLIC is every user, so a contract role named so would show sensitive columns to everyone.
 */
const SYSTEM_ROLES = new Set(["ACCOUNTADMIN", "GLOBALORGADMIN", "ORGADMIN", "PUBLIC", "SECURITYADMIN", "SYSADMIN", "USERADMIN"]);

/**
 * Schemas Snowflake makes in every database: a product's schema of that name would not be its own.
 * CREATE SCHEMA PUBLIC fails on the existing one (or, replaced, drops whatever others put there), and
 * INFORMATION_SCHEMA is read-only.
 */
const DEFAULT_SCHEMAS = new Set(["INFORMATION_SCHEMA", "PUBLIC"]);
/** The most characters a Snowflake tag value holds. */
const MAX_TAG_VALUE = 256;
/** The database Snowflake shares with every account (usage views, read-only): a domain's database cannot be it. */
const SHARED_DATABASE = "SNOWFLAKE";

/**
 * `provision-invalid-name` for a domain whose database would be the one Snowflake shares with every
 * account, a product whose schema would be one Snowflake makes in every database, and each contract
 * role that is a system role or the role meshkit's roles are granted to.
 */
function reservedNameFindings(product: ProductSpec, params: TerraformParams): Finding[] {
  const parent = snowflakeName(params.snowflakeParentRole ?? "SYSADMIN");
  const findings: Finding[] = [];
  const domainDocument = product.document ?? product.contracts[0]?.document;
  if (snowflakeName(product.domain) === SHARED_DATABASE && domainDocument) {
    findings.push(finding({ document: domainDocument, pointer: "/domain" }, "provision-invalid-name", "error", `Domain \`${product.domain}\` would be the Snowflake database ${SHARED_DATABASE}, which Snowflake shares with every account (read-only). Rename the domain.`));
  }
  const schema = snowflakeName(product.name);
  const nameAt = productNameAt(product);
  if (DEFAULT_SCHEMAS.has(schema) && nameAt) {
    findings.push(finding(nameAt, "provision-invalid-name", "error", `Product \`${product.name}\` would be the Snowflake schema ${snowflakeName(product.domain)}.${schema}, which Snowflake makes in every database${schema === "PUBLIC" ? " (meshkit cannot create it, and taking it over would mix the product with whatever else is there)" : " (read-only)"}. Rename the product.`));
  }
  for (const contract of product.contracts) {
    for (const role of contract.roles) {
      const name = snowflakeName(role.name);
      const why = SYSTEM_ROLES.has(name) ? `is a Snowflake system role${name === "PUBLIC" ? ", which every user has" : ""}` : name === parent ? "is the role every meshkit account role is granted to (snowflake_parent_role)" : undefined;
      if (why) findings.push(finding({ document: contract.document, pointer: `${role.pointer}/role` }, "provision-invalid-name", "error", `Role \`${role.name}\` ${why}: meshkit cannot create it as a contract role, or grant it the contract's tables. Name the group role consumers are granted.`));
    }
  }
  return findings;
}

/**
 * `provision-invalid-name` for a cost center longer than a Snowflake tag value holds: the COST_CENTER tag
 * would fail the apply on the main branch, so the plan of the pull request fails instead.
 */
function costCenterFindings(product: ProductSpec): Finding[] {
  if (product.costCenter === undefined || [...product.costCenter].length <= MAX_TAG_VALUE) return [];
  const at = costCenterAt(product) ?? productAt(product);
  if (!at) return [];
  return [finding(at, "provision-invalid-name", "error", `The cost center ${JSON.stringify(truncate(product.costCenter, 70))} is longer than the ${MAX_TAG_VALUE} characters a Snowflake tag value holds (the COST_CENTER tag): use a shorter cost center.`)];
}

export const snowflakeRenderer: TargetRenderer = {
  dialect: "snowflake",
  serverTypes: ["snowflake"],
  check: (product, params) => [...reservedNameFindings(product, params), ...costCenterFindings(product)],
  location: (product) => ({
    fields: { database: snowflakeName(product.domain), schema: snowflakeName(product.name) },
    caseInsensitive: true,
    layout: "a database per domain, a schema per product",
  }),
  partitionProblems: (table) =>
    table.columns
      .filter((column) => table.partitionKeys.includes(column.name) && UNCLUSTERABLE.has(baseType(column.types.snowflake ?? "")))
      .map((column) => ({
        column,
        message: `Column \`${table.name}.${column.name}\` is a partition key (partitioned: true), which Snowflake makes a clustering key, but a column of type ${column.types.snowflake} cannot be one; partition by a scalar column.`,
      })),
  sharedCostCenterTag: { name: "the COST_CENTER tag of the domain's database", maxLength: MAX_TAG_VALUE },
  render: renderSnowflake,
};

interface Variables {
  parentRole: string;
  warehouseSize: string;
}

function renderSnowflake(module: TerraformModule, products: readonly ProductSpec[], context: RenderContext): void {
  const params = context.params;
  const v = variables(module, params);
  const organization = module.variable("snowflake_organization_name", {
    type: "string",
    description: "Snowflake organization of the account. Credentials come from the environment (SNOWFLAKE_USER, SNOWFLAKE_PRIVATE_KEY..., SNOWFLAKE_ROLE: a role that may create databases, warehouses and roles).",
    ...(params.snowflakeOrganization ? { default: params.snowflakeOrganization } : {}),
  });
  const account = module.variable("snowflake_account_name", { type: "string", description: "Snowflake account name within the organization.", ...(params.snowflakeAccount ? { default: params.snowflakeAccount } : {}) });
  module.provider("snowflake", "snowflakedb/snowflake", ">= 1.0.0, < 3.0.0", {
    organization_name: ref(organization),
    account_name: ref(account),
    // snowflake_table is a preview resource of the provider; nothing else meshkit renders is.
    preview_features_enabled: ["snowflake_table_resource"],
  });
  module.header(PROVIDERS_FILE, "Rendered by meshkit provision --target snowflake. Do not edit: change the contracts and render again.");

  renderRoles(module, products, v);
  const domains = new Map<string, ProductSpec[]>();
  for (const product of products) domains.set(product.domain, [...(domains.get(product.domain) ?? []), product]);
  for (const [domain, domainProducts] of domains) {
    const tagged = new TagAssociations();
    renderDomain(module, domain, domainProducts, tagged, context.params);
    for (const product of domainProducts) renderProduct(module, product, tagged, v, context);
    tagged.render(module, domain, { share: `domain:${domain}`, at: productAt(domainProducts[0]!, "/domain") });
  }
  // A cost center left to the cost_center variable is a COST_CENTER tag value too: held to the length a
  // contract's is held to (costCenterFindings) by terraform plan, so the pull request's plan fails, not the apply.
  module.validateVariable("cost_center", {
    condition: varExpr(`length(var.cost_center) <= ${MAX_TAG_VALUE}`),
    error_message: `The cost_center variable is the value of the COST_CENTER tag: a Snowflake tag value holds at most ${MAX_TAG_VALUE} characters.`,
  });
}

function variables(module: TerraformModule, params: TerraformParams): Variables {
  return {
    parentRole: module.variable("snowflake_parent_role", {
      type: "string",
      description: "Role every meshkit account role is granted to, so that administrators inherit it (Snowflake's recommended hierarchy).",
      default: params.snowflakeParentRole ?? "SYSADMIN",
    }),
    warehouseSize: module.variable("snowflake_warehouse_size", { type: "string", description: "Size of the product warehouses.", default: params.warehouseSize ?? "XSMALL" }),
  };
}

/** Account roles, one per role name across every contract; shared by the products that name it. */
function renderRoles(module: TerraformModule, products: readonly ProductSpec[], v: Variables): void {
  const roles = new Map<string, { role: RoleSpec; contract: ContractSpec; products: Set<string> }>();
  for (const product of products) {
    for (const contract of product.contracts) {
      for (const role of contract.roles) {
        const entry = roles.get(role.name) ?? { role, contract, products: new Set<string>() };
        entry.products.add(productId(product));
        roles.set(role.name, entry);
      }
    }
  }
  if (roles.size === 0) return;
  module.header(ROLES_FILE, "Rendered by meshkit provision --target snowflake: the account roles named in the contracts. Do not edit: change the contracts and render again.");
  for (const name of [...roles.keys()].sort()) {
    const { role, contract, products: users } = roles.get(name)!;
    const owner: Owner = { share: `role:${name}`, at: { document: contract.document, pointer: role.pointer } };
    module.claim(`snowflake-role:${snowflakeName(name)}`, `Snowflake role ${snowflakeName(name)}`, owner);
    const address = module.resource(owner, ROLES_FILE, "snowflake_account_role", label(name), {
      name: snowflakeName(name),
      comment: `meshkit: contract role ${name} of ${[...users].sort().join(", ")}`,
    });
    module.resource(owner, ROLES_FILE, "snowflake_grant_account_role", label(name, "parent"), { role_name: ref(`${address}.name`), parent_role_name: ref(v.parentRole) });
  }
}

function renderDomain(module: TerraformModule, domain: string, products: readonly ProductSpec[], tagged: TagAssociations, params: TerraformParams): void {
  const file = `${domain}.tf.json`;
  const owner: Owner = { share: `domain:${domain}`, at: productAt(products[0]!, "/domain") };
  const l = label(domain);
  module.header(file, `Rendered by meshkit provision --target snowflake: the database of domain ${domain}. Do not edit: change the contracts and render again.`);
  module.claim(`snowflake-database:${snowflakeName(domain)}`, `Snowflake database ${snowflakeName(domain)}`, owner);
  module.claim(`snowflake-schema:${snowflakeName(domain)}.${GOVERNANCE_SCHEMA}`, `Snowflake schema ${snowflakeName(domain)}.${GOVERNANCE_SCHEMA} (meshkit's tags)`, owner);
  const database = module.resource(owner, file, "snowflake_database", l, {
    name: snowflakeName(domain),
    comment: `meshkit: data products of the ${domain} domain`,
    is_transient: false,
    lifecycle: { prevent_destroy: true },
  });
  const governance = module.resource(owner, file, "snowflake_schema", label(domain, "meshkit"), {
    name: GOVERNANCE_SCHEMA,
    database: ref(`${database}.name`),
    comment: "meshkit: object tags of the domain's data products",
    with_managed_access: "true",
  });
  for (const tag of TAGS) {
    module.resource(owner, file, "snowflake_tag", label(domain, tag.toLowerCase()), {
      name: tag,
      database: ref(`${database}.name`),
      schema: ref(`${governance}.name`),
      comment: `meshkit: ${tag.toLowerCase().replace(/_/g, " ")} of data products`,
    });
  }
  // As the AWS bucket: the database holds data products, and its storage is charged to their cost center(s).
  const databaseFqn = ref(`${database}.fully_qualified_name`);
  tagged.add("DOMAIN", domain, "DATABASE", databaseFqn);
  tagged.add("DATA_PRODUCT", "true", "DATABASE", databaseFqn);
  tagged.add("COST_CENTER", domainCostCenter(module, products, params), "DATABASE", databaseFqn);
  tagged.add("MANAGED_BY", MANAGED_BY, "DATABASE", databaseFqn);
  // Readers and writers of any product reach its schema through the database.
  const usage = new Map<string, { contract: ContractSpec; role: RoleSpec }>();
  for (const product of products) for (const contract of product.contracts) for (const role of contract.roles) if (!usage.has(role.name)) usage.set(role.name, { contract, role });
  for (const name of [...usage.keys()].sort()) {
    const { contract, role } = usage.get(name)!;
    module.resource({ ...owner, at: { document: contract.document, pointer: role.pointer } }, file, "snowflake_grant_privileges_to_account_role", label(domain, name, "usage"), {
      account_role_name: ref(`snowflake_account_role.${label(name)}.name`),
      privileges: ["USAGE"],
      on_account_object: { object_type: "DATABASE", object_name: ref(`${database}.name`) },
    });
  }
  module.output(file, label(domain, "database"), { description: `Snowflake database of the ${domain} domain.`, value: ref(`${database}.name`) });
}

function renderProduct(module: TerraformModule, product: ProductSpec, tagged: TagAssociations, v: Variables, context: RenderContext): void {
  const params = context.params;
  const file = `${product.domain}.${product.name}.tf.json`;
  const id = productId(product);
  const owner: Owner = { share: `product:${id}`, at: productAt(product, "/dataProduct") };
  const l = label(product.domain, product.name);
  const costCenter = costCenterOf(module, product, params);
  module.header(file, `Rendered by meshkit provision --target snowflake: data product ${id}. Do not edit: change the contracts and render again.`);

  const schemaName = `${snowflakeName(product.domain)}.${snowflakeName(product.name)}`;
  module.claim(`snowflake-schema:${schemaName}`, `Snowflake schema ${schemaName}`, owner);
  const schema = module.resource(owner, file, "snowflake_schema", l, {
    name: snowflakeName(product.name),
    database: ref(`snowflake_database.${label(product.domain)}.name`),
    comment: productComment(product),
    with_managed_access: "true",
  });
  const warehouseName = `${snowflakeName(product.domain)}_${snowflakeName(product.name)}_WH`;
  module.claim(`snowflake-warehouse:${warehouseName}`, `Snowflake warehouse ${warehouseName}`, owner);
  const warehouse = module.resource(owner, file, "snowflake_warehouse", l, {
    name: warehouseName,
    comment: `meshkit: compute of data product ${id}`,
    warehouse_size: ref(v.warehouseSize),
    auto_suspend: 60,
    auto_resume: "true",
    initially_suspended: true,
  });
  const schemaFqn = ref(`${schema}.fully_qualified_name`);
  const warehouseFqn = ref(`${warehouse}.fully_qualified_name`);
  for (const [tag, value] of [
    ["DOMAIN", product.domain],
    ["DATA_PRODUCT", "true"],
    ["PRODUCT", product.name],
    ["COST_CENTER", costCenter],
    ["MANAGED_BY", MANAGED_BY],
  ] as const) {
    tagged.add(tag, value, "SCHEMA", schemaFqn);
    if (tag !== "DATA_PRODUCT") tagged.add(tag, value, "WAREHOUSE", warehouseFqn);
  }

  const schemaUsers = new Map<string, { contract: ContractSpec; role: RoleSpec }>();
  const warehouseUsers = new Map<string, { contract: ContractSpec; role: RoleSpec }>();
  for (const contract of product.contracts) {
    for (const role of contract.roles) {
      if (!schemaUsers.has(role.name)) schemaUsers.set(role.name, { contract, role });
      if (role.access === "write" && !warehouseUsers.has(role.name)) warehouseUsers.set(role.name, { contract, role });
    }
    for (const table of contract.tables) {
      // Snowflake has no table without columns (CREATE TABLE and the provider's column block need one): as on local, none is made.
      if (table.columns.length === 0) {
        const qualified = `${snowflakeName(product.domain)}.${snowflakeName(product.name)}.${snowflakeName(table.name)}`;
        context.warn(finding({ document: contract.document, pointer: table.pointer }, "provision-no-columns", "warning", `Object \`${table.object}\` has no property with a column type, so no Snowflake table \`${qualified}\` is created (Snowflake has no tables without columns): add properties.`));
        continue;
      }
      renderTable(module, file, product, contract, table, schema, owner);
    }
    // Snowflake's only retention setting, data_retention_time_in_days, is how long Time Travel keeps changed and deleted rows.
    const made = contract.tables.filter((table) => table.columns.length > 0);
    const why = (kept: TableSpec[]) =>
      `Snowflake has no setting that deletes rows by age (its data_retention_time_in_days is how long Time Travel keeps changed and deleted rows), so the retention is in the comment of ${kept.length === 1 ? "table" : "tables"} ${kept.map((table) => `\`${snowflakeName(table.name)}\``).join(", ")} only`;
    for (const unenforced of unenforcedRetentionFindings(contract, made, "snowflake", () => false, why)) context.warn(unenforced);
  }
  for (const [users, privileges, suffix, on] of [
    [schemaUsers, ["USAGE"], "usage", { on_schema: { schema_name: schemaFqn } }],
    [warehouseUsers, ["USAGE"], "warehouse", { on_account_object: { object_type: "WAREHOUSE", object_name: ref(`${warehouse}.name`) } }],
  ] as const) {
    for (const name of [...users.keys()].sort()) {
      const { contract, role } = users.get(name)!;
      module.resource({ ...owner, at: { document: contract.document, pointer: role.pointer } }, file, "snowflake_grant_privileges_to_account_role", label(l, name, suffix), {
        account_role_name: ref(`snowflake_account_role.${label(name)}.name`),
        privileges: [...privileges],
        ...on,
      });
    }
  }
  module.output(file, label(l, "schema"), { description: `Snowflake schema of data product ${id}.`, value: schemaFqn });
}

function renderTable(module: TerraformModule, file: string, product: ProductSpec, contract: ContractSpec, table: TableSpec, schema: string, productOwner: Owner): void {
  const at = { document: contract.document, pointer: table.pointer };
  const owner: Owner = { ...productOwner, at };
  const tableName = snowflakeName(table.name);
  const qualified = `${snowflakeName(product.domain)}.${snowflakeName(product.name)}.${tableName}`;
  module.claim(`snowflake-table:${qualified}`, `Snowflake table ${qualified}`, { share: `product:${productId(product)}#${table.name}`, at });
  const tableLabel = label(product.domain, product.name, table.name);
  const clearRoles = contract.roles
    .filter((r) => r.access === "write" || r.privacyApproved)
    .map((r) => snowflakeName(r.name))
    .sort();

  const policies = new Map<string, Expr>();
  // (Two columns one upper-cased name would be are the model's provision-object-conflict: it left the later out.)
  const columns = table.columns.map((column) => {
    const type = column.types.snowflake!;
    let maskingPolicy: Expr | undefined;
    if (column.sensitive) {
      const mask = maskOf(type);
      maskingPolicy = policies.get(mask.name);
      if (!maskingPolicy) {
        const policyName = `${tableName}_${mask.name}_MASK`;
        module.claim(`snowflake-masking-policy:${snowflakeName(product.domain)}.${snowflakeName(product.name)}.${policyName}`, `Snowflake masking policy ${policyName}`, owner);
        const address = module.resource(owner, file, "snowflake_masking_policy", label(tableLabel, mask.name.toLowerCase(), "mask"), {
          name: policyName,
          database: ref(`${schema}.database`),
          schema: ref(`${schema}.name`),
          argument: [{ name: "VAL", type: mask.base }],
          return_data_type: mask.base,
          body: maskingBody(mask.masked, clearRoles),
          comment: `meshkit: sensitive ${mask.name === mask.base ? mask.base : type} columns of ${tableName}; clear for ${clearRoles.length > 0 ? clearRoles.join(", ") : "no role"}`,
        });
        maskingPolicy = ref(`${address}.fully_qualified_name`);
        policies.set(mask.name, maskingPolicy);
      }
    }
    return {
      name: snowflakeName(column.name),
      type,
      nullable: !column.required,
      ...(column.description ? { comment: column.description } : {}),
      ...(maskingPolicy ? { masking_policy: maskingPolicy } : {}),
    };
  });
  const address = module.resource(owner, file, "snowflake_table", tableLabel, {
    database: ref(`${schema}.database`),
    schema: ref(`${schema}.name`),
    name: tableName,
    comment: tableComment(product, contract, table),
    column: columns,
    // Snowflake partitions every table into micro-partitions itself; a clustering key is how a table says
    // which columns its micro-partitions should follow (the upper-cased names, as the columns are written).
    ...(table.partitionKeys.length > 0 ? { cluster_by: table.partitionKeys.map(clusteringExpression) } : {}),
  });

  // A role named twice with another access or approval (`analyst` read, then `analyst` read and privacyApproved) would
  // get the table twice, and the masking policy would show it the sensitive columns in clear: a name collision, as on
  // aws and bigquery. Claimed in the contract's order, so the later entry is reported; entries that agree share the claim.
  const claimed = contract.roles.filter((role) => claimRoleGrant(module, "Snowflake role", qualified, role, { document: contract.document, pointer: role.pointer }));
  for (const role of claimed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    module.resource({ ...owner, at: { document: contract.document, pointer: role.pointer } }, file, "snowflake_grant_privileges_to_account_role", label(tableLabel, role.name), {
      account_role_name: ref(`snowflake_account_role.${label(role.name)}.name`),
      privileges: role.access === "write" ? WRITE_PRIVILEGES : READ_PRIVILEGES,
      on_schema_object: { object_type: "TABLE", object_name: ref(`${address}.fully_qualified_name`) },
    });
  }
}

/**
 * A clustering key expression naming the column: the provider writes `cluster_by` into
 * `CLUSTER BY LINEAR(...)` as raw SQL, so a column named as a reserved word (`ORDER`) is double-quoted,
 * or Snowflake would refuse the statement at the apply.
 */
function clusteringExpression(column: string): string {
  const name = snowflakeName(column);
  return SNOWFLAKE_RESERVED_WORDS.has(name) ? `"${name}"` : name;
}

/** Types a Snowflake clustering key may not be made of. */
const UNCLUSTERABLE = new Set(["ARRAY", "OBJECT", "VARIANT", "GEOGRAPHY", "GEOMETRY", "MAP"]);

/** The type family a masking policy signature names: `VARCHAR(160)` → `VARCHAR`, `NUMBER(12,2)` → `NUMBER`. */
function baseType(type: string): string {
  return type.replace(/\(.*$/, "").trim().toUpperCase();
}

/** What readers not approved see of a text column. */
const MASKED_TEXT = "***MASKED***";

/**
 * The masking policy a sensitive column of `type` gets: its signature and return type (the type family),
 * the SQL literal it shows readers not approved, and the name that tells policies of one table apart.
 * Snowflake fails a query when the masked value is longer than its column (behavior change 2024_04,
 * docs.snowflake.com/release-notes/bcr-bundles/2024_04/bcr-1355), so a `VARCHAR(n)` shorter than
 * `***MASKED***` gets a policy of its own that shows n asterisks: `VARCHAR_11` for `VARCHAR(11)`.
 */
function maskOf(type: string): { base: string; name: string; masked: string } {
  const base = baseType(type);
  if (base !== "VARCHAR") return { base, name: base, masked: "NULL" };
  const length = /^VARCHAR\((\d+)\)$/i.exec(type.trim())?.[1];
  if (length !== undefined && Number(length) < MASKED_TEXT.length) return { base, name: `${base}_${length}`, masked: `'${"*".repeat(Number(length))}'` };
  return { base, name: base, masked: `'${MASKED_TEXT}'` };
}

/** Clear for the contract's writers and privacy-approved readers; `masked` (a SQL literal) for everyone else. */
function maskingBody(masked: string, clearRoles: readonly string[]): string {
  if (clearRoles.length === 0) return masked;
  const condition = clearRoles.map((r) => `IS_ROLE_IN_SESSION('${r}')`).join(" OR ");
  return `CASE WHEN ${condition} THEN VAL ELSE ${masked} END`;
}

/**
 * Tag associations of one domain, grouped the way the provider identifies them: one resource per
 * (tag, value, object type) with every object that carries it.
 */
class TagAssociations {
  private readonly groups = new Map<string, { tag: TagName; value: string | Expr; objectType: string; objects: Map<string, Expr> }>();

  add(tag: TagName, value: string | Expr, objectType: string, object: Expr): void {
    const valueKey = typeof value === "string" ? value : value.template;
    const key = `${tag}\u0000${valueKey}\u0000${objectType}`;
    const group = this.groups.get(key) ?? { tag, value, objectType, objects: new Map<string, Expr>() };
    group.objects.set(object.template, object);
    this.groups.set(key, group);
  }

  render(module: TerraformModule, domain: string, owner: Owner): void {
    const file = `${domain}.tf.json`;
    for (const group of this.groups.values()) {
      const valueKey = typeof group.value === "string" ? group.value : group.value.template.replace(/^\$\{var\.|\}$/g, "");
      const address = label(domain, group.tag.toLowerCase(), group.objectType.toLowerCase(), labelPart(valueKey));
      module.resource(owner, file, "snowflake_tag_association", address, {
        tag_id: ref(`snowflake_tag.${label(domain, group.tag.toLowerCase())}.fully_qualified_name`),
        tag_value: group.value,
        object_type: group.objectType,
        object_identifiers: [...group.objects.keys()].sort().map((k) => group.objects.get(k)!),
      });
    }
  }
}

