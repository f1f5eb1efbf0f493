/**
 * BigQuery (hashicorp/google): a dataset per product, encrypted with the platform's Cloud KMS key
 * (CMEK) and labelled domain / data_product / product / cost_center / managed_by; a table per schema
 * object with its schema; a service account per product (the producer identity), WRITER on the
 * dataset, whose access list names only it and the project's owners (not every project Viewer, as
 * BigQuery's default would); the contract's roles as table-level IAM members (dataViewer for readers,
 * dataEditor for writers), so a role reads only its own contract's tables. Members come from
 * `role_members`, else the Google group `<role>@<iam_group_domain>`.
 *
 * Column-level security (policy tags and data policies) is not rendered: it needs a taxonomy the
 * platform owns. So a reader not approved for a table's sensitive columns gets *no* access to that
 * table, and a `provision-access-withheld` warning says so — never clear access by omission.
 */
import { type Finding, isMapping, slaElementList } from "@meshkit/core";
import type { ColumnSpec, ContractSpec, ProductSpec, SlaSpec, TableSpec } from "../model.js";
import { objectsOfElement, slasOfTable, tableComment } from "../model.js";
import { type Expr, type TfObject, hclString, ref } from "./json.js";
import { PROVIDERS_FILE, type Owner, type TerraformModule } from "./module.js";
import { bigqueryLabelValue, label, serviceAccountId, truncate } from "./naming.js";
import { MANAGED_BY, type RenderContext, type TargetRenderer, type TerraformParams, claimRoleGrant, costCenterOf, finding, productAt, productComment, productId, resolvePointer, unenforcedRetentionFindings, varExpr } from "./render.js";

export const bigqueryRenderer: TargetRenderer = {
  dialect: "bigquery",
  serverTypes: ["bigquery"],
  // The project is a variable of the configuration (gcp_project), known only where it is applied.
  location: (product) => ({ fields: { dataset: datasetIdOf(product) }, caseInsensitive: false, layout: "a dataset per product, named <domain>_<product>" }),
  partitionProblems: (table) => partitioningOf(table).problems,
  partitionLayout: (table) => {
    const { field, clustering } = partitioningOf(table);
    return { field, clustering };
  },
  render: renderBigQuery,
};

/** BigQuery types a table may be clustered by (top-level, not repeated): cloud.google.com/bigquery/docs/clustered-tables. */
const CLUSTERABLE = new Set(["STRING", "INT64", "NUMERIC", "BIGNUMERIC", "DATE", "DATETIME", "TIMESTAMP", "BOOL", "GEOGRAPHY"]);
const TIME_PARTITIONABLE = new Set(["DATE", "DATETIME", "TIMESTAMP"]);
const MAX_CLUSTERING_COLUMNS = 4;

/**
 * How a table's `partitioned: true` columns are laid out on BigQuery, which partitions by one column:
 * the first date or timestamp key partitions the table by day, and the other keys (in partitionKeyPosition
 * order) cluster it, which prunes blocks as partitions would. An integer key clusters too: integer-range
 * partitioning needs a start, end and interval the contract does not give. A key of another type, or more
 * than BigQuery's four clustering columns, is a problem (its type is unmapped, as a partition key).
 */
function partitioningOf(table: TableSpec): { field?: string; clustering: string[]; problems: { column: ColumnSpec; message: string }[] } {
  const keys = table.partitionKeys.map((name) => table.columns.find((c) => c.name === name)!);
  const base = (column: ColumnSpec) => column.types.bigquery?.replace(/\(.*$/, "") ?? "";
  const time = keys.find((column) => TIME_PARTITIONABLE.has(base(column)));
  const rest = keys.filter((column) => column !== time);
  const problems = rest
    .filter((column) => !CLUSTERABLE.has(base(column)))
    .map((column) => ({
      column,
      message: `Column \`${table.name}.${column.name}\` is a partition key (partitioned: true), but BigQuery can neither partition by its type ${column.types.bigquery} (only a DATE, DATETIME or TIMESTAMP column, by day) nor cluster by it; partition by a date, timestamp, string, integer, numeric or boolean column.`,
    }));
  if (problems.length === 0 && rest.length > MAX_CLUSTERING_COLUMNS) {
    problems.push({
      column: rest[MAX_CLUSTERING_COLUMNS]!,
      message: `Table \`${table.name}\` has ${keys.length} partition keys: BigQuery partitions by one date or timestamp column and clusters by at most ${MAX_CLUSTERING_COLUMNS} others (${rest.map((c) => c.name).join(", ")} are ${rest.length}); mark fewer properties partitioned.`,
    });
  }
  return { ...(time ? { field: time.name } : {}), clustering: rest.map((column) => column.name), problems };
}

function datasetIdOf(product: ProductSpec): string {
  return label(product.domain, product.name);
}

interface Variables {
  location: string;
  kmsKey: string;
  groupDomain: string;
  roleMembers: string;
}

function variables(module: TerraformModule, params: TerraformParams): Variables {
  return {
    location: module.variable("bigquery_location", { type: "string", description: "BigQuery location of the datasets (EU, US, europe-west3...).", ...(params.bigqueryLocation ? { default: params.bigqueryLocation } : {}) }),
    kmsKey: module.variable("bigquery_kms_key_name", {
      type: "string",
      description: "Cloud KMS key (projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>) in the datasets' location; the project's BigQuery service agent needs roles/cloudkms.cryptoKeyEncrypterDecrypter on it.",
      ...(params.bigqueryKmsKeyName ? { default: params.bigqueryKmsKeyName } : {}),
      validation: [
        {
          condition: varExpr('can(regex("^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$", var.bigquery_kms_key_name))'),
          error_message: "The bigquery_kms_key_name variable must be a Cloud KMS key name: projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>.",
        },
      ],
    }),
    groupDomain: module.variable("iam_group_domain", {
      type: "string",
      description: "Domain of the Google groups that stand for contract roles: a role r is group:r@<domain> unless role_members maps it.",
      ...(params.iamGroupDomain ? { default: params.iamGroupDomain } : {}),
    }),
    roleMembers: module.variable("role_members", {
      type: "map(string)",
      description: "IAM member (group:..., serviceAccount:..., user:...) per contract role name, for roles that are not group:<role>@<iam_group_domain>.",
      default: {},
    }),
  };
}

function renderBigQuery(module: TerraformModule, products: readonly ProductSpec[], context: RenderContext): void {
  const params = context.params;
  const v = variables(module, params);
  const project = module.variable("gcp_project", { type: "string", description: "GCP project of the datasets, tables and service accounts.", ...(params.gcpProject ? { default: params.gcpProject } : {}) });
  module.provider("google", "hashicorp/google", ">= 5.0.0, < 8.0.0", { project: ref(project) });
  module.header(PROVIDERS_FILE, "Rendered by meshkit provision --target bigquery. Do not edit: change the contracts and render again.");
  for (const product of products) renderProduct(module, product, v, context);
}

function labels(module: TerraformModule, product: ProductSpec, params: TerraformParams): TfObject {
  const costCenter = costCenterOf(module, product, params);
  return {
    domain: bigqueryLabelValue(product.domain),
    data_product: "true",
    product: bigqueryLabelValue(product.name),
    managed_by: MANAGED_BY,
    cost_center: typeof costCenter === "string" ? bigqueryLabelValue(costCenter) : varExpr('substr(replace(lower(var.cost_center), "/[^a-z0-9_-]/", "_"), 0, 63)'),
  };
}

function renderProduct(module: TerraformModule, product: ProductSpec, v: Variables, context: RenderContext): void {
  const id = productId(product);
  const file = `${product.domain}.${product.name}.tf.json`;
  const l = label(product.domain, product.name);
  const owner: Owner = { share: `product:${id}`, at: productAt(product, "/dataProduct") };
  const productLabels = labels(module, product, context.params);
  const kmsKey = ref(v.kmsKey);
  module.header(file, `Rendered by meshkit provision --target bigquery: data product ${id}. Do not edit: change the contracts and render again.`);

  const datasetId = datasetIdOf(product);
  module.claim(`bigquery-dataset:${datasetId}`, `BigQuery dataset ${datasetId}`, owner);
  const accountId = serviceAccountId(product.domain, product.name);
  module.claim(`gcp-service-account:${accountId}`, `service account ${accountId}`, owner);
  // The account first: the dataset's access list names it.
  const account = module.resource(owner, file, "google_service_account", l, {
    account_id: accountId,
    display_name: truncate(`meshkit data product ${id}`, 100),
    description: truncate(`Producer identity of data product ${id}: writes its tables.`, 256),
  });
  const dataset = module.resource(owner, file, "google_bigquery_dataset", l, {
    dataset_id: datasetId,
    friendly_name: id,
    description: productComment(product),
    location: ref(v.location),
    labels: productLabels,
    default_encryption_configuration: { kms_key_name: kmsKey },
    delete_contents_on_destroy: false,
    access: datasetAccess(ref(`${account}.email`)),
  });
  for (const contract of product.contracts) {
    for (const table of contract.tables) renderTable(module, file, product, contract, table, dataset, productLabels, kmsKey, owner, v, context);
    for (const unenforced of unenforcedRetentions(contract)) context.warn(unenforced);
  }
  module.output(file, label(l, "dataset"), { description: `BigQuery dataset of data product ${id}.`, value: ref(`${dataset}.dataset_id`) });
  module.output(file, label(l, "producer"), { description: `Service account that writes data product ${id}.`, value: ref(`${account}.email`) });
}

/**
 * The dataset's whole access list, written out: without one, BigQuery gives every project Viewer READER
 * (and every Editor WRITER) on a new dataset, so anyone with a basic role on the project would read every
 * table — sensitive columns included, past the table IAM members that withhold them. Only the project's
 * owners (who administer it) and the product's producer account are on it; readers get table-level IAM.
 * Roles are in the legacy form (OWNER, WRITER) the API answers with, so plans show no spurious changes.
 * The identity that applies needs project-level BigQuery rights (roles/bigquery.admin or dataOwner), as
 * it is not added as the dataset's creator. Authoritative, so no google_bigquery_dataset_iam_member
 * (which would fight over the same list).
 */
function datasetAccess(producerEmail: Expr): TfObject[] {
  return [
    { role: "OWNER", special_group: "projectOwners" },
    { role: "WRITER", user_by_email: producerEmail },
  ];
}

function renderTable(
  module: TerraformModule,
  file: string,
  product: ProductSpec,
  contract: ContractSpec,
  table: TableSpec,
  dataset: string,
  productLabels: TfObject,
  kmsKey: Expr,
  productOwner: Owner,
  v: Variables,
  context: RenderContext,
): void {
  const at = { document: contract.document, pointer: table.pointer };
  const owner: Owner = { ...productOwner, at };
  const datasetId = label(product.domain, product.name);
  module.claim(`bigquery-table:${datasetId}.${table.name}`, `BigQuery table ${datasetId}.${table.name}`, { share: `product:${productId(product)}#${table.name}`, at });
  for (const column of table.columns) {
    // BigQuery column names are case-insensitive.
    module.claim(`bigquery-column:${datasetId}.${table.name}.${column.name.toLowerCase()}`, `BigQuery column ${datasetId}.${table.name}.${column.name}`, {
      share: `product:${productId(product)}#${table.name}.${column.name}`,
      at: { document: contract.document, pointer: column.pointer },
    });
  }
  const tableLabel = label(product.domain, product.name, table.name);
  const address = module.resource(owner, file, "google_bigquery_table", tableLabel, {
    dataset_id: ref(`${dataset}.dataset_id`),
    table_id: table.name,
    description: tableDescription(product, contract, table),
    labels: { ...productLabels, contract: bigqueryLabelValue(contract.id), contract_version: bigqueryLabelValue(contract.version) },
    schema: JSON.stringify(table.columns.map(schemaField)),
    ...partitioningAttributes(contract, table),
    encryption_configuration: { kms_key_name: kmsKey },
    deletion_protection: true,
  });

  const sensitive = table.columns.filter((c) => c.sensitive).map((c) => c.name);
  // Claimed in the contract's order, so a role named again is reported at its later entry.
  const claimed = contract.roles.filter((role) => claimRoleGrant(module, "Google group", `${datasetId}.${table.name}`, role, { document: contract.document, pointer: role.pointer }));
  for (const role of claimed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const roleAt = { document: contract.document, pointer: role.pointer };
    if (role.access === "read" && !role.privacyApproved && sensitive.length > 0) {
      context.warn(
        finding(
          roleAt,
          "provision-access-withheld",
          "warning",
          `Role \`${role.name}\` gets no access to BigQuery table \`${table.name}\`: it is not approved for the sensitive columns ${sensitive.map((c) => `\`${c}\``).join(", ")}, and meshkit does not render BigQuery column-level security (policy tags). Approve the role (customProperties privacyApproved: true) or give it a view without those columns.`,
        ),
      );
      continue;
    }
    module.resource({ ...owner, at: roleAt }, file, "google_bigquery_table_iam_member", label(tableLabel, role.name), {
      dataset_id: ref(`${address}.dataset_id`),
      table_id: ref(`${address}.table_id`),
      role: role.access === "write" ? "roles/bigquery.dataEditor" : "roles/bigquery.dataViewer",
      member: memberOf(role.name, v),
    });
  }
}

/** The most characters BigQuery takes in a table's description (cloud.google.com/bigquery/quotas: table metadata). */
export const MAX_TABLE_DESCRIPTION = 16_384;
/** The most characters BigQuery takes in a schema field's description. */
const MAX_FIELD_DESCRIPTION = 1_024;

/**
 * The table's description: the metadata comment every target writes (`tableComment`), which BigQuery refuses at
 * the apply when it is longer than 16,384 characters — after a pull request's plan passed. A comment that long
 * is the object's own description (the rest is names and SLAs), so that is what is cut, with `...`, to the most
 * characters that keep the comment within the limit: the comment stays one JSON document, with every other field.
 * SLAs so many that the comment is too long even without the description are dropped from the end, the fewest that make it fit.
 */
export function tableDescription(product: ProductSpec, contract: ContractSpec, table: TableSpec): string {
  const fits = (text: string) => [...text].length <= MAX_TABLE_DESCRIPTION;
  const full = tableComment(product, contract, table);
  if (fits(full)) return full;
  const description = [...(table.description ?? "")];
  // A cut to n characters ends in `...`; one of 3 characters or fewer leaves no description. A description longer
  // than the limit by itself cannot fit whole.
  const cut = (chars: number) => tableComment(product, contract, { ...table, description: chars > 3 ? `${description.slice(0, chars - 3).join("")}...` : "" });
  const comment = cut(longestFitting(3, Math.min(description.length, MAX_TABLE_DESCRIPTION + 1), (chars) => fits(cut(chars))));
  if (fits(comment)) return comment;
  // Too long without the description: the most SLAs, from the start, that fit.
  const withSlas = (count: number) => tableComment(product, { ...contract, sla: contract.sla.slice(0, count) }, { ...table, description: "" });
  return withSlas(longestFitting(0, contract.sla.length, (count) => fits(withSlas(count))));
}

/**
 * The largest n in [`low`, `high`) for which `fitsAt(n)` holds, given that it holds at `low` (or nothing does) and not
 * at `high`, and that more never fits where fewer does not. A search: the JSON escapes (quotes, line breaks) make a
 * comment grow in uneven steps.
 */
function longestFitting(low: number, high: number, fitsAt: (n: number) => boolean): number {
  let fitting = low;
  let tooLong = high;
  while (tooLong - fitting > 1) {
    const middle = Math.floor((fitting + tooLong) / 2);
    if (fitsAt(middle)) fitting = middle;
    else tooLong = middle;
  }
  return fitting;
}

/** The table's `time_partitioning` and `clustering` arguments (see partitioningOf; the check refused what they cannot hold). */
function partitioningAttributes(contract: ContractSpec, table: TableSpec): TfObject {
  const { field, clustering } = partitioningOf(table);
  const days = field === undefined ? undefined : columnRetentionDays(contract, table, table.columns.find((c) => c.name === field)!);
  const expiration = days === undefined ? {} : { expiration_ms: days * MS_PER_DAY };
  return { ...(field ? { time_partitioning: { type: "DAY", field, ...expiration } } : {}), ...(clustering.length > 0 ? { clustering } : {}) };
}

const MS_PER_DAY = 86_400_000;

/**
 * The days of the shortest retention SLA measured at `column` (see measuredAt), as its lifecycle days (`retentionDays`);
 * undefined when none is. BigQuery expires a day partition this long after the partition's date, so when the column is
 * the table's partitioning field, `expiration_ms` deletes each row by its element's age, in time for contract-test's
 * check, as the S3 lifecycle rule does on aws. A retention measured at another column (or at none) has no such setting
 * (a table's `expiration_time` deletes the whole table at one moment), so it stays in the table's description only
 * (`provision-retention-unenforced`).
 */
function columnRetentionDays(contract: ContractSpec, table: TableSpec, column: ColumnSpec): number | undefined {
  const days = slasOfTable(contract, table)
    .filter(measuredAt(contract, table, column))
    .flatMap((sla) => (sla.retentionDays === undefined ? [] : [sla.retentionDays]));
  return days.length > 0 ? Math.min(...days) : undefined;
}

/**
 * Whether an SLA is measured at `column` of `table`: each of its elements about the table is `object.column`, or the bare
 * column, by name or physicalName. contract-test checks each element on its own, so one SLA over two tables
 * (`orders.ordered_at, returns.returned_at`) is measured at one column of each; two columns of one table are two ages the
 * expiration of one of them does not bound.
 */
function measuredAt(contract: ContractSpec, table: TableSpec, column: ColumnSpec): (sla: SlaSpec) => boolean {
  const schema = (contract.document.value as { schema?: unknown }).schema;
  const objects = Array.isArray(schema) ? schema.filter(isMapping) : [];
  const property = resolvePointer(contract.document.value, column.pointer) as { name?: unknown } | undefined;
  const names = new Set([column.name, typeof property?.name === "string" ? property.name : column.name]);
  const measuredHere = (element: string): boolean => {
    const dot = element.indexOf(".");
    if (dot === -1) return names.has(element);
    const object = element.slice(0, dot);
    return (object === table.object || object === table.name) && names.has(element.slice(dot + 1));
  };
  return (sla) => {
    const elements = slaElementList(sla.element).filter((element) => objectsOfElement(objects, element).includes(table.object));
    return elements.length > 0 && elements.every(measuredHere);
  };
}

/** The contract's retention SLAs no partition expiration enforces (see columnRetentionDays), each with why and what to do. */
function unenforcedRetentions(contract: ContractSpec): Finding[] {
  const partitionColumn = (table: TableSpec) => {
    const { field } = partitioningOf(table);
    return field === undefined ? undefined : table.columns.find((c) => c.name === field);
  };
  const deletes = (sla: SlaSpec, table: TableSpec) => {
    const column = partitionColumn(table);
    return column !== undefined && measuredAt(contract, table, column)(sla);
  };
  const why = (kept: TableSpec[]) => {
    const tables = kept.map((table) => {
      const column = partitionColumn(table);
      return column
        ? `table \`${table.name}\` is partitioned by \`${column.name}\` (measure the retention there, element: ${table.object}.${column.name})`
        : `table \`${table.name}\` is not partitioned by day (mark a date or timestamp property of it partitioned: true, and measure the retention there)`;
    });
    return `BigQuery deletes rows by age only by expiring the day partitions of a table, when the retention is measured at the column that partitions it, and ${tables.join("; ")}; the retention is in the table's description only`;
  };
  return unenforcedRetentionFindings(contract, contract.tables, "bigquery", deletes, why);
}

/** A BigQuery schema field from the column's `bigquery` type (`NUMERIC(12, 2)`, `ARRAY<STRING>`...). */
function schemaField(column: ColumnSpec): Record<string, string> {
  let type = column.types.bigquery!;
  let mode = column.required ? "REQUIRED" : "NULLABLE";
  const array = /^ARRAY<(.+)>$/.exec(type);
  if (array) {
    type = array[1]!;
    mode = "REPEATED";
  }
  const field: Record<string, string> = { name: column.name, mode };
  const decimal = /^(BIGNUMERIC|NUMERIC)\((\d+),\s*(\d+)\)$/.exec(type);
  const string = /^STRING\((\d+)\)$/.exec(type);
  if (string) {
    // A parameterized STRING(L): the API's maxLength, an int64 written as a string as the API answers it.
    field.type = "STRING";
    field.maxLength = string[1]!;
  } else if (decimal) {
    field.type = decimal[1]!;
    field.precision = decimal[2]!;
    field.scale = decimal[3]!;
  } else {
    // The API answers with the legacy names; writing them keeps plans free of spurious diffs.
    field.type = ({ INT64: "INTEGER", FLOAT64: "FLOAT", BOOL: "BOOLEAN" } as Record<string, string>)[type] ?? type;
  }
  if (column.description) field.description = truncate(column.description, MAX_FIELD_DESCRIPTION);
  return field;
}

function memberOf(role: string, v: Variables): Expr {
  return varExpr(`lookup(${v.roleMembers}, ${hclString(role)}, "group:${role}@\${${v.groupDomain}}")`);
}
