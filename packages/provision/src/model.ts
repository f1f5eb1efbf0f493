/**
 * What a set of contracts and products asks the infrastructure to be: per data product, its domain,
 * its tables (one per schema object, columns typed per target), who may read and write them, and
 * the metadata every planner writes beside them (owner, SLAs, contract version). Every planner
 * (local, postgres, terraform) starts from this model; problems that stop a name or a type from
 * reaching the infrastructure are findings at the contract's own line.
 */
import {
  compareText,
  type DataContract,
  type DataProduct,
  type Finding,
  type LoadedDocument,
  type RuleMeta,
  type SchemaObject,
  type SchemaIssue,
  type SchemaProperty,
  isMapping,
  isRetiredStatus,
  objectPhysicalName,
  renamedFromOf,
  sensitivePart,
  SLA_UNITS_HINT,
  retentionExpirationDays,
  secondsPerSlaUnit,
  slaValueNumber,
  toPointer,
  validateContractSchema,
} from "@meshkit/core";
import { nameProblem } from "./names.js";
import { glueName, snowflakeName } from "./terraform/naming.js";
import type { ProvisionTarget } from "./plan.js";
import { TARGET_DIALECTS, type TargetDialect, columnType } from "./types.js";

export const PROVISION_RULES = [
  { id: "provision-invalid-name", defaultSeverity: "error", stage: "provision", description: "A domain, product, table, column or role name is not an identifier, so it cannot become a schema, table, role or lake folder." },
  { id: "provision-type-unmapped", defaultSeverity: "error", stage: "provision", description: "A property's type has no column type in the target." },
  { id: "provision-no-domain", defaultSeverity: "error", stage: "provision", description: "A product or contract names no domain: its schema and lake prefix would have no owner." },
  { id: "provision-no-server", defaultSeverity: "error", stage: "provision", description: "A contract has no server entry for the target, so there is nowhere to provision it." },
  {
    id: "provision-server-location",
    defaultSeverity: "warning",
    stage: "provision",
    description: "A contract's server entry names a database, schema or dataset other than the one meshkit provisions its tables in: whoever reads the server entry (consumers, contract-test, the catalog) looks in the wrong place.",
  },
  { id: "provision-contract-missing", defaultSeverity: "warning", stage: "provision", description: "A product's output port names a contract that is not in the project, so its tables are not provisioned." },
  { id: "provision-no-schema", defaultSeverity: "warning", stage: "provision", description: "A contract has no schema objects: no table is provisioned for it." },
  { id: "provision-not-a-table", defaultSeverity: "info", stage: "provision", description: "A schema object's physicalType is not a table (a view, topic, file…): meshkit provisions tables only, so it is left to whoever makes it." },
  {
    id: "provision-contract-invalid",
    defaultSeverity: "error",
    stage: "provision",
    description: "A contract breaks the ODCS schema where provision reads it (its schema objects and properties, servers, roles, SLAs, and its id, version, status, team and customProperties): read as nothing, it would plan the wrong infrastructure, so the contract is not provisioned.",
  },
  { id: "provision-object-conflict", defaultSeverity: "error", stage: "provision", description: "An object the contract needs already exists and was not made by meshkit for this product (or two contracts want the same one, or a table has a column twice); meshkit does not take it over." },
  {
    id: "provision-too-many-columns",
    defaultSeverity: "error",
    stage: "provision",
    description: "A schema object has more properties than a table on the target may have columns (PostgreSQL 1,600, BigQuery 10,000), or adds columns to a PostgreSQL table whose dropped columns still hold its column numbers: the target would refuse the table at apply, so it is refused at the plan.",
  },
  { id: "provision-destructive-change", defaultSeverity: "error", stage: "provision", description: "The plan drops or narrows something that holds data; it is refused unless allowed (`--allow-destructive`, or the provision action's `allow-destructive` input)." },
  // Lint's rule: key positions that leave the key's column order unknown, which provision cannot make either.
  {
    id: "primary-key-position",
    defaultSeverity: "error",
    stage: "provision",
    description: "Two key columns of a table share a primaryKeyPosition, so the primary key's column order is unknown: nothing is applied. A position on a property that is not primaryKey: true is ignored, with a warning.",
  },
  // Lint's rule: two documents with one id, which provision cannot plan either.
  { id: "unique-document-id", defaultSeverity: "error", stage: "provision", description: "Two contracts or two products share an id: provision cannot tell which one to plan, and plans neither." },
  {
    id: "provision-retired",
    defaultSeverity: "warning",
    stage: "provision",
    description: "A contract or product is `status: retired` (no longer served): it is not provisioned. On local and postgres meshkit never drops what was made for it; on the Terraform targets its resources leave the configuration and destroying them needs `--allow-destructive` (the provision action's `allow-destructive` input).",
  },
  {
    id: "provision-left-behind",
    defaultSeverity: "warning",
    stage: "provision",
    description: "On local and postgres, a contract is provisioned as another product than before (its domain or product changed): the tables and views made for it under the earlier product stay, and no plan changes or drops them any more.",
  },
  {
    id: "provision-unclaimed",
    defaultSeverity: "warning",
    stage: "provision",
    description: "On local and postgres, a whole-project plan finds tables (and masked views) meshkit made for a contract the project no longer holds (removed, moved out, or its id changed): no plan changes or drops them, so they stay, still read, until dropped by hand.",
  },
  {
    id: "provision-retention-unresolved",
    defaultSeverity: "warning",
    stage: "provision",
    description: "A retention SLA names an element that is no object of the contract, or its length (value and unit) cannot be read: no lifecycle rule (which deletes data) is made from it.",
  },
] as const satisfies readonly RuleMeta[];

export type ProvisionRuleId = (typeof PROVISION_RULES)[number]["id"];

export interface ColumnSpec {
  name: string;
  /** Type per target dialect; absent for a dialect the property has no type in (a finding says why). */
  types: Partial<Record<TargetDialect, string>>;
  required: boolean;
  /**
   * The property's `unique: true`, when its column is not the table's whole primary key (which is
   * unique already): a UNIQUE constraint where the target enforces one (PostgreSQL), a note elsewhere.
   */
  unique: boolean;
  /** Sensitive (PII or classified above internal, itself or a nested field or item): masked for roles not approved for it. */
  sensitive: boolean;
  description?: string;
  /** The property's classification; for a column sensitive through a nested part, that part's (`pii` when only tagged). */
  classification?: string;
  /**
   * The column's previous name, from the property's `renamedFrom` customProperty (read as compat reads
   * it, `renamedFromOf`): a planner that finds a column of that name, and none of this one's, renames it
   * in place (values kept) instead of dropping it and adding an empty one.
   */
  renamedFrom?: string;
  pointer: string;
}

export interface TableSpec {
  /** The table's name in the warehouse: the object's physicalName, else its name. */
  name: string;
  /** The schema object's (logical) name. */
  object: string;
  description?: string;
  columns: ColumnSpec[];
  /** Primary key columns, in primaryKeyPosition order. */
  primaryKey: string[];
  /** Columns of `partitioned: true` properties, in partitionKeyPosition order (-1, the default, last). */
  partitionKeys: string[];
  /**
   * The table's previous name, from the object's `renamedFrom` customProperty (compat's `object-renamed`
   * reading): the local and postgres planners rename a table of that name in place (rows kept) instead of
   * dropping it.
   */
  renamedFrom?: string;
  pointer: string;
}

export interface RoleSpec {
  name: string;
  access: "read" | "write";
  /**
   * May read sensitive columns in clear: the role's customProperties `privacyApproved: true` (the
   * seed's `privacy_approved`), a decision its approvers took. Every other role reads masked views.
   */
  privacyApproved: boolean;
  description?: string;
  pointer: string;
}

export interface ContractSpec {
  id: string;
  version: string;
  name: string;
  document: LoadedDocument;
  tables: TableSpec[];
  roles: RoleSpec[];
  /** The shortest retention SLA's lifecycle days, when the contract has one (per table: `retentionDaysOf`). */
  retentionDays?: number;
  /**
   * Every SLA property as written, in order, for the metadata comment: a table's comment carries the
   * ones whose element names its object (or a column of it) and the contract-wide ones (no element, or
   * one that names no object of the contract).
   * ODCS allows one property per `driver`, so two `timeOfAvailability` entries are both kept.
   */
  sla: SlaSpec[];
}

export interface SlaSpec {
  property: string;
  /** The value with its unit: `4 d`, `09:00-08:00`. */
  value: string;
  valueExt?: string;
  /** The element it is about (its own `element`, else the contract's `slaDefaultElement`), as written. */
  element?: string;
  driver?: string;
  /**
   * The schema objects (their `name`) the element names, directly or through one of their columns;
   * undefined when it names none, or there is no element: the SLA is then the whole contract's.
   */
  objects?: string[];
  /** A `retention` whose element resolves (see provision-retention-unresolved): the days its lifecycle rule waits (`retentionExpirationDays`). */
  retentionDays?: number;
  /** JSON pointer to its entry in `slaProperties`, where findings about it point. */
  pointer: string;
}

export interface ProductSpec {
  domain: string;
  /** The product's name: a lake folder and a tag value. */
  name: string;
  id: string;
  version?: string;
  owner?: string;
  team?: string;
  /** customProperties costCenter (or cost-center / cost_center) of the product, else of a contract. */
  costCenter?: string;
  contracts: ContractSpec[];
  /** The document that describes the product (its ODPS product, else its contract): where its own findings point. */
  document?: LoadedDocument;
}

export interface ProvisionModel {
  products: ProductSpec[];
  findings: Finding[];
}

type Mapping = Record<string, unknown>;

/**
 * What the model is built for: the target, and how messages name other files (default: as the documents name
 * them; a report showing findings' files from the workspace passes that mapping, so a message's paths read the same).
 */
export interface ModelOptions {
  target?: ProvisionTarget;
  displayFile?: (file: string) => string;
  /** How messages name the switch that allows destructive changes; see `ALLOW_DESTRUCTIVE_FLAG`. */
  allowDestructiveLabel?: string;
}

/**
 * How messages name the switch that allows destructive changes: the CLI's flag by default. The provision action
 * names its own input instead (`allow-destructive: true`): a workflow has no flag to pass.
 */
export const ALLOW_DESTRUCTIVE_FLAG = "--allow-destructive";

/**
 * The model of every product among `products`, each with the contracts its output ports name; a
 * contract no product claims is a product of its own (named by its `dataProduct`, else its name).
 */
export function provisionModel(input: { contracts: readonly LoadedDocument[]; products: readonly LoadedDocument[] }, options: ModelOptions = {}): ProvisionModel {
  const model = provisionModelByProduct(input, options);
  const products = model.products.map((product) => ({ ...product, contracts: model.contractsOf(product) }));
  return { products, findings: model.findings };
}

/** A product of the model without its contracts: what names, orders and describes it. */
export type ProductHead = Omit<ProductSpec, "contracts">;

/**
 * The model read product by product: every product without its contracts, and a product's contracts made
 * when its planner asks for them. A planner that keeps nothing of a product's contracts once it has planned
 * them holds what it writes, not every contract's document and model (40,000 contracts held whole until
 * the end ran a local plan out of memory).
 */
export interface ProductByProductModel {
  /** Sorted by domain and name, as ProvisionModel's. */
  products: ProductHead[];
  /** The model's findings; `contractsOf` adds those of the contracts it makes. */
  findings: Finding[];
  /** The product's contracts, made now from their whole documents; each call makes them (and their findings) again. */
  contractsOf(product: ProductHead): ContractSpec[];
}

/**
 * A contract or product as provision's project index keeps it (project.ts): its top level without `schema`,
 * what the ODCS schema finds wrong in the parts provision reads (checked while the whole document was at
 * hand), and the whole document, read again from its file.
 */
export interface IndexedDocument extends LoadedDocument {
  schemaIssues: readonly SchemaIssue[];
  whole(): LoadedDocument;
}

/** provisionModel, product by product: the products are named and checked now, their contracts made by `contractsOf`. */
export function provisionModelByProduct(input: { contracts: readonly LoadedDocument[]; products: readonly LoadedDocument[] }, options: ModelOptions = {}): ProductByProductModel {
  const findings: Finding[] = [];
  const retiredFinding = (doc: LoadedDocument) => retiredFindingFor(doc, options.target, options.allowDestructiveLabel ?? ALLOW_DESTRUCTIVE_FLAG);
  const columnNames = columnNamesOn(options.target);
  const contractsById = uniqueById(input.contracts, "contract", findings, options.displayFile);
  // Ids two contracts share are left out with a unique-document-id error: a port naming one is not told the contract is missing.
  const sharedIds = new Set(input.contracts.map((doc) => String((doc.value as Mapping).id ?? "")).filter((id) => !contractsById.has(id)));
  // Read as nothing, a contract that breaks the ODCS schema where provision reads it would plan the wrong
  // infrastructure (`properties: "x"`, a table without columns): reported at the node and not planned.
  // A retired contract is not planned anyway.
  const invalid = new Set([...contractsById.values()].filter((doc) => !isRetired(doc.value) && reportSchemaProblems(doc, findings)));
  const claimed = new Set<string>();
  const products: ProductHead[] = [];
  const contractDocuments = new Map<ProductHead, readonly LoadedDocument[]>();
  const contractsOf = (docs: readonly LoadedDocument[]) => docs.map((doc) => contractSpec(wholeDocument(doc), columnNames, findings));
  // Two products whose names make one identifier (`my quantum` and `my_quantum`) would share
  // a schema's tables, lake folders and rendered files: the first keeps the name, the later is left out.
  // (Contracts without a product document that name one `dataProduct` as written are one product's.)
  const holders = new Map<string, { identity: string; what: string }>();
  const admit = (head: ProductHead | undefined, contractDocs: readonly LoadedDocument[], doc: LoadedDocument, name: NamedBy, identity: string) => {
    if (!head) return;
    // (Case is the targets' to fold: PostgreSQL keeps `Sales` and `sales` apart, DuckDB and the clouds report it.)
    const key = `${head.domain}/${head.name}`;
    const holder = holders.get(key);
    const what = `${doc.kind.type === "DataProduct" ? "product" : "contract"} ${head.id} (${JSON.stringify(name.value)})`;
    if (holder && holder.identity !== identity) {
      findings.push(
        doc.finding({
          ruleId: "provision-name-collision",
          severity: "error",
          message: `The ${what} would be provisioned as ${head.domain}/${head.name}, as the ${holder.what} already is: names that fold to one would share tables and lake folders. Give one of them another name; this one is not provisioned.`,
          path: name.path,
          stage: "provision",
        }),
      );
      // Not planned, but what is wrong in its contracts is reported all the same.
      contractsOf(contractDocs);
      return;
    }
    holders.set(key, { identity, what });
    products.push(head);
    contractDocuments.set(head, contractDocs);
  };

  for (const doc of uniqueById(input.products, "product", findings, options.displayFile).values()) {
    const product = doc.value as DataProduct;
    const ports = Array.isArray(product.outputPorts) ? product.outputPorts : [];
    const retiredProduct = isRetired(product);
    if (retiredProduct) findings.push(retiredFinding(doc));
    const contractDocs = ports.flatMap((port, index) => {
      if (!isMapping(port) || typeof port.contractId !== "string") return [];
      const contract = contractsById.get(port.contractId);
      if (!contract) {
        if (!retiredProduct && !sharedIds.has(port.contractId)) findings.push(missingContract(doc, port, index));
        return [];
      }
      claimed.add(port.contractId);
      if (isRetired(contract.value)) {
        if (!retiredProduct) findings.push(retiredFinding(contract));
        return [];
      }
      return invalid.has(contract) ? [] : [contract];
    });
    if (retiredProduct) continue;
    const name = namedBy(doc, ["name", "id"]);
    const header = { domain: product.domain, name, id: product.id, version: product.version, team: teamOf(product), costCenter: costCenterOf(product.customProperties) };
    admit(productHead(doc, header, contractDocs, findings), contractDocs, doc, name, `product ${String(product.id)}`);
  }
  for (const [id, doc] of contractsById) {
    if (claimed.has(id)) continue;
    const contract = doc.value as DataContract;
    if (isRetired(contract)) {
      findings.push(retiredFinding(doc));
      continue;
    }
    if (invalid.has(doc)) continue;
    const name = namedBy(doc, ["dataProduct", "name", "id"]);
    const header = { domain: contract.domain, name, id: contract.id, version: contract.version, team: teamOf(contract), costCenter: costCenterOf(contract.customProperties) };
    admit(productHead(doc, header, [doc], findings), [doc], doc, name, `named ${String(contract.domain)}/${String(name.value)}`);
  }
  return {
    products: products.sort((a, b) => compareText(`${a.domain}/${a.name}`, `${b.domain}/${b.name}`)),
    findings,
    contractsOf: (product) => contractsOf(contractDocuments.get(product) ?? []),
  };
}

/** The whole document of an index entry (IndexedDocument); any other document is whole. */
function wholeDocument(doc: LoadedDocument): LoadedDocument {
  return "whole" in doc ? (doc as IndexedDocument).whole() : doc;
}

/**
 * Documents by id. Two documents with one id cannot both be planned, and which one is meant cannot be
 * told: each copy after the first is a `unique-document-id` error, and none of them is provisioned.
 */
function uniqueById(documents: readonly LoadedDocument[], what: "contract" | "product", findings: Finding[], displayFile: (file: string) => string = (file) => file): Map<string, LoadedDocument> {
  const byId = new Map<string, LoadedDocument>();
  const repeated = new Set<string>();
  for (const doc of documents) {
    const id = String((doc.value as Mapping).id ?? "");
    const first = byId.get(id);
    if (!first) {
      byId.set(id, doc);
      continue;
    }
    repeated.add(id);
    findings.push(
      doc.finding({
        ruleId: "unique-document-id",
        severity: "error",
        message: `${what === "contract" ? "Contract" : "Product"} id ${id} is also used by ${displayFile(first.file)}: provision cannot tell which one to plan, so neither is provisioned. Give each its own id.`,
        path: "id" in (doc.value as Mapping) ? "/id" : "",
        stage: "provision",
      }),
    );
  }
  for (const id of repeated) byId.delete(id);
  return byId;
}

/**
 * The identifier a display name made of words stands for: `Customer Data Product` → `customer_data_product`,
 * `sales-orders` → `sales_orders`. Only letters, digits, spaces, `-` and `_` are taken this way; a name with
 * anything else (quotes, `/`, `.`, `;`) is refused as it is, and an identifier is kept as written.
 */
function identifierOfDisplayName(name: unknown): string | undefined {
  if (typeof name !== "string" || nameProblem("product", name) === undefined || !/^[A-Za-z0-9 _-]+$/.test(name)) return undefined;
  const words = name.trim().toLowerCase().replace(/[ -]+/g, "_").replace(/_+/g, "_").replace(/^_|_$/g, "");
  const identifier = /^[0-9]/.test(words) ? `p_${words}` : words;
  return nameProblem("product", identifier) === undefined ? identifier : undefined;
}

/** How a target tells the column names of one table apart: the name it compares, and why two differing names are one there. */
interface ColumnNames {
  key(name: string): string;
  why?: string;
}

/**
 * Column names as each target compares them, from the names its planner writes: PostgreSQL quotes every
 * identifier, so `Email` and `email` are two columns; DuckDB and BigQuery compare names without case,
 * Glue writes them lower-case and Snowflake upper-case. Without a target, the strictest: without case.
 */
const COLUMN_NAMES: Record<ProvisionTarget, ColumnNames> = {
  local: { key: (name) => name.toLowerCase(), why: "DuckDB compares names without case" },
  postgres: { key: (name) => name },
  aws: { key: glueName, why: "Glue keeps column names lower-case" },
  snowflake: { key: snowflakeName, why: "Snowflake upper-cases column names" },
  bigquery: { key: (name) => name.toLowerCase(), why: "BigQuery compares column names without case" },
};

function columnNamesOn(target: ProvisionTarget | undefined): ColumnNames {
  return target === undefined ? { key: (name) => name.toLowerCase(), why: "most targets compare column names without case" } : COLUMN_NAMES[target];
}

/**
 * The parts of a contract provision makes infrastructure of: tables and columns, servers, grants, retention and
 * comments (which name its id and version), whether it is retired (status), and the metadata it labels them with
 * (team owner and name, the top-level customProperties' cost center): `team: false` would drop them unsaid.
 */
const PROVISIONED_PARTS = /^\/(?:id|version|status|team|customProperties|schema|servers|roles|slaProperties)(?:\/|$)/;
/** Quality rules (under a schema object or property) are contract-test's: provision does not read them. */
const QUALITY_RULES = /\/quality(?:\/|$)/;
const SERVER_ENTRY = /^\/servers\/\d+$/;

/**
 * Whether a schema issue is about something provision reads. Not quality rules; and not a field a
 * server entry lacks (a postgres server's `schema`): provision reads a few fields of a server and says
 * itself when one it needs is missing (provision-no-server, provision-server-invalid).
 */
function readByProvision(issue: SchemaIssue): boolean {
  if (!PROVISIONED_PARTS.test(issue.pointer) || QUALITY_RULES.test(issue.pointer)) return false;
  return !(issue.about !== undefined && SERVER_ENTRY.test(issue.pointer));
}

/**
 * Reports, as `provision-contract-invalid` errors, what breaks the ODCS schema in the parts of the
 * contract provision reads (validated as lint's schema-valid and contract-test validate it); whether it
 * found any, which keeps the contract from being planned.
 */
function reportSchemaProblems(doc: LoadedDocument, findings: Finding[]): boolean {
  const issues = "schemaIssues" in doc ? (doc as IndexedDocument).schemaIssues : provisionSchemaIssues(doc);
  for (const issue of issues) {
    findings.push(
      doc.finding({
        ruleId: "provision-contract-invalid",
        severity: "error",
        message: `Contract: ${issue.message}; provision cannot tell what to make of it, so the contract is not provisioned (run meshkit lint).`,
        path: issue.pointer,
        target: issue.target,
        stage: "provision",
      }),
    );
  }
  return issues.length > 0;
}

/** What the ODCS schema finds wrong in the parts of a contract provision reads. */
export function provisionSchemaIssues(doc: LoadedDocument): SchemaIssue[] {
  return validateContractSchema(doc.value).filter(readByProvision);
}

/** `status: retired` (any case): ODCS and ODPS's last status, a contract or product no longer served. */
export function isRetired(document: unknown): boolean {
  return isMapping(document) && isRetiredStatus(document.status);
}

/**
 * A retired contract or product is not provisioned: nothing is created or changed for it. What becomes
 * of what was made for it depends on the target, and the message says which:
 * - `local` and `postgres` plan only the contracts given, so its tables, views and grants stay, with or
 *   without --allow-destructive: that flag is for the whole run (a narrowing elsewhere), and must not
 *   delete a retired product's data on the side; data kept for retention or audit is dropped by hand.
 * - the Terraform targets render only what is provisioned, so its resources leave the configuration
 *   and terraform plans to destroy them, which apply refuses without --allow-destructive (and, for a
 *   BigQuery table with its deletion_protection, with it too).
 */
function retiredFindingFor(doc: LoadedDocument, target: ProvisionTarget | undefined, allowDestructive: string): Finding {
  const what = doc.kind.type === "DataProduct" ? "product" : "contract";
  const id = String((doc.value as Mapping).id ?? "");
  // As the document spells it (`Retired`, `RETIRED`): the reader searches the file for what the message quotes.
  const status = String((doc.value as Mapping).status).trim();
  const kept = `what was made for it before (tables, views, grants) is kept: meshkit never drops it, with or without ${allowDestructive}, since retired data may have to be kept; drop it by hand once it may go`;
  const destroyed = `its resources leave the rendered configuration, so terraform plans to destroy them, which apply refuses without ${allowDestructive}`;
  // (every BigQuery table is rendered with deletion_protection, which the provider enforces in the apply: terraform/run.ts)
  const protectedTables = "; its BigQuery tables, whose deletion_protection is on, even with it: delete them by hand and `terraform state rm` them";
  const fate = target === "local" || target === "postgres" ? kept : target === "bigquery" ? `${destroyed}${protectedTables}` : target !== undefined ? destroyed : `on local and postgres ${kept}; on the Terraform targets ${destroyed}`;
  return doc.finding({
    ruleId: "provision-retired",
    severity: "warning",
    message: `The ${what}${id ? ` ${id}` : ""} is retired (\`status: ${status}\`), so it is not provisioned: nothing is created or changed for it, and ${fate}. If it is still served, give it another status (active, deprecated).`,
    path: "/status",
    stage: "provision",
  });
}

/** Without its contract a port has no tables: say so rather than plan the product's lake folders alone. */
function missingContract(doc: LoadedDocument, port: Mapping, index: number): Finding {
  return doc.finding({
    ruleId: "provision-contract-missing",
    severity: "warning",
    message: `Output port ${String(port.name)} names contract ${String(port.contractId)}, which is not in this project, so its tables are not provisioned. Add the contract, or correct the port's contractId.`,
    path: toPointer(["outputPorts", index, "contractId"]),
    stage: "provision",
  });
}

interface ProductHeader {
  domain: unknown;
  name: NamedBy;
  id: unknown;
  version: unknown;
  team: { name?: string; owner?: string };
  costCenter: string | undefined;
}

function productHead(doc: LoadedDocument, header: ProductHeader, contractDocs: readonly LoadedDocument[], findings: Finding[]): ProductHead | undefined {
  const report = (ruleId: ProvisionRuleId, path: string, message: string) => findings.push(doc.finding({ ruleId, severity: "error", message, path, stage: "provision" }));
  if (header.domain === undefined || header.domain === null || header.domain === "") {
    report("provision-no-domain", "", "No `domain`: name the domain that owns this data (it becomes the schema and the lake prefix `domain=<domain>/`).");
    return undefined;
  }
  const domainProblem = nameProblem("domain", header.domain);
  // A product name is a display name in ODPS ("Customer Data Product"): words become an identifier.
  const productName = identifierOfDisplayName(header.name.value) ?? header.name.value;
  const productProblem = nameProblem("product", productName);
  if (domainProblem) report("provision-invalid-name", "/domain", `${domainProblem}.`);
  if (productProblem) report("provision-invalid-name", header.name.path, `${productProblem}.`);
  if (domainProblem || productProblem) return undefined;
  if (productName !== header.name.value) {
    findings.push(
      doc.finding({
        ruleId: "provision-invalid-name",
        severity: "info",
        message: `The product name ${JSON.stringify(header.name.value)} is provisioned as \`${String(productName)}\` (schemas, lake folders and tags need an identifier).`,
        path: header.name.path,
        stage: "provision",
      }),
    );
  }

  const costCenter = header.costCenter ?? contractDocs.map((c) => costCenterOf((c.value as DataContract).customProperties)).find((c) => c !== undefined);
  return {
    domain: header.domain as string,
    name: productName as string,
    id: String(header.id ?? header.name.value),
    ...(typeof header.version === "string" ? { version: header.version } : {}),
    ...(header.team.owner ? { owner: header.team.owner } : {}),
    ...(header.team.name ? { team: header.team.name } : {}),
    ...(costCenter ? { costCenter } : {}),
    document: doc,
  };
}

/** Whether `name` is an object of the contract (by name or physicalName), or one of its columns when it has one object (ODCS: the object name may then be left out). */
function namesAnObject(objects: readonly Record<string, unknown>[], name: string): boolean {
  if (objects.some((o) => o.name === name || o.physicalName === name)) return true;
  const properties = objects.length === 1 && Array.isArray(objects[0]!.properties) ? objects[0]!.properties.filter(isMapping) : [];
  return properties.some((p) => p.name === name || p.physicalName === name);
}

/**
 * The objects (their `name`) an SLA element names: each comma-separated part is `object`,
 * `object.column` or a bare `column`; its first segment is matched against the objects' name and
 * physicalName, else against their columns' (every object with such a column). Sorted, no repeats.
 */
export function objectsOfElement(objects: readonly Record<string, unknown>[], element: string): string[] {
  const named = new Set<string>();
  for (const part of element.split(",").map((p) => p.trim()).filter(Boolean)) {
    const first = part.split(".")[0]!;
    const direct = objects.filter((o) => o.name === first || o.physicalName === first);
    const holders = direct.length > 0 ? direct : objects.filter((o) => Array.isArray(o.properties) && o.properties.filter(isMapping).some((p) => p.name === first || p.physicalName === first));
    for (const o of holders) if (typeof o.name === "string") named.add(o.name);
  }
  return [...named].sort();
}

/**
 * How many days `table`'s data is kept: the shortest retention SLA about its object or the whole contract,
 * since contract-test checks each of them (no row older than it) and the shortest is the one data must meet;
 * undefined when none applies.
 */
export function retentionDaysOf(contract: Pick<ContractSpec, "sla">, table: Pick<TableSpec, "object">): number | undefined {
  const days = slasOfTable(contract, table).flatMap((s) => (s.retentionDays === undefined ? [] : [s.retentionDays]));
  return days.length > 0 ? Math.min(...days) : undefined;
}

/** The SLAs of `contract` that are about `table`'s object, or about the whole contract. */
export function slasOfTable(contract: Pick<ContractSpec, "sla">, table: Pick<TableSpec, "object">): SlaSpec[] {
  return contract.sla.filter((s) => s.objects === undefined || s.objects.includes(table.object));
}

function contractSpec(doc: LoadedDocument, columnNames: ColumnNames, findings: Finding[]): ContractSpec {
  const contract = doc.value as DataContract;
  const report = (ruleId: ProvisionRuleId, path: string, message: string, severity: Finding["severity"] = "error") => findings.push(doc.finding({ ruleId, severity, message, path, stage: "provision" }));
  const tables: TableSpec[] = [];
  const schemaObjects = Array.isArray(contract.schema) ? contract.schema : [];
  schemaObjects.forEach((object, i) => {
    if (!isMapping(object)) return;
    const table = tableSpec(object as SchemaObject, ["schema", i], columnNames, report);
    if (table) tables.push(table);
  });
  // Nothing to make tables of: the plan would hold only the domain's schema and folders, and read as done.
  if (schemaObjects.length === 0) report("provision-no-schema", "schema" in (contract as object) ? "/schema" : "", "The contract has no schema objects, so no table is provisioned for it (only its domain's schema and lake folders): add its objects under `schema`.", "warning");
  const roles: RoleSpec[] = [];
  (Array.isArray(contract.roles) ? contract.roles : []).forEach((role, i) => {
    if (!isMapping(role)) return;
    const pointer = toPointer(["roles", i]);
    const problem = nameProblem("role", role.role);
    if (problem) return report("provision-invalid-name", `${pointer}/role`, `${problem}.`);
    roles.push({
      name: role.role as string,
      access: typeof role.access === "string" && role.access.trim().toLowerCase() === "write" ? "write" : "read",
      privacyApproved: isApproval(customProperty(role.customProperties, "privacyApproved") ?? customProperty(role.customProperties, "privacy_approved")),
      ...(typeof role.description === "string" ? { description: role.description } : {}),
      pointer,
    });
  });
  const sla: SlaSpec[] = [];
  let retentionDays: number | undefined;
  const objects = (Array.isArray(contract.schema) ? (contract.schema as unknown[]) : []).filter(isMapping);
  (Array.isArray(contract.slaProperties) ? contract.slaProperties : []).forEach((item, i) => {
    if (!isMapping(item) || typeof item.property !== "string") return;
    const unit = typeof item.unit === "string" ? ` ${item.unit}` : "";
    const element = typeof item.element === "string" ? item.element : typeof contract.slaDefaultElement === "string" ? contract.slaDefaultElement : undefined;
    // An element that names no object of the contract (a typo, a copied example: lint's sla-element)
    // cannot be placed on one table: the SLA stays the contract's, kept with its element as written.
    const about = element === undefined ? [] : objectsOfElement(objects, element);
    const entry: SlaSpec = {
      property: item.property,
      value: `${String(item.value)}${unit}`,
      ...(item.valueExt !== undefined && item.valueExt !== null ? { valueExt: `${String(item.valueExt)}${unit}` } : {}),
      ...(element !== undefined && element.trim() !== "" ? { element } : {}),
      ...(about.length > 0 ? { objects: about } : {}),
      ...(typeof item.driver === "string" && item.driver !== "" ? { driver: item.driver } : {}),
      pointer: toPointer(["slaProperties", i]),
    };
    sla.push(entry);
    if (item.property.trim().toLowerCase() !== "retention") return;
    const seconds = typeof item.unit === "string" ? secondsPerSlaUnit(item.unit) : undefined;
    // ODCS types SLA values as numbers or text: numeric text ("10") is the number it spells, as lint and contract-test read it.
    const written = slaValueNumber(item.value);
    const value = written !== undefined && written > 0 ? written : undefined;
    if (value === undefined || seconds === undefined) {
      // A lifecycle rule would delete data: none is made from a length that cannot be read, and that is said.
      const what = value === undefined ? `value ${JSON.stringify(item.value ?? null)} is not a positive number` : `unit ${JSON.stringify(item.unit ?? null)} is not a duration unit (${SLA_UNITS_HINT})`;
      report("provision-retention-unresolved", toPointer(["slaProperties", i, value === undefined ? "value" : "unit"]), `The retention SLA's ${what}: no lifecycle rule is made from it. Write its length as a number and a unit, e.g. value: 7, unit: y.`, "warning");
      return;
    }
    // A lifecycle rule deletes data: it is made only from a retention whose element is this contract's.
    const unknown = element?.split(",").map((part) => part.trim().split(".")[0]!).find((name) => name !== "" && !namesAnObject(objects, name));
    if (unknown !== undefined) {
      report("provision-retention-unresolved", toPointer(["slaProperties", i, "element"]), `The retention SLA names \`${element}\`, but \`${unknown}\` is no object of this contract: no lifecycle rule is made from it (it would delete data). Name an object of the contract.`, "warning");
      return;
    }
    // It becomes a rule that deletes data: in time for contract-test's check (no row older than the retention).
    entry.retentionDays = retentionExpirationDays(value, item.unit as string)!;
    retentionDays = Math.min(retentionDays ?? Number.POSITIVE_INFINITY, entry.retentionDays);
  });
  return {
    id: String(contract.id ?? ""),
    version: String(contract.version ?? ""),
    name: String(contract.name ?? contract.id ?? ""),
    document: doc,
    tables,
    roles,
    ...(retentionDays !== undefined ? { retentionDays } : {}),
    sla,
  };
}

/** `physicalType` values of a schema object that are tables: none given, `table`, `base table`, `external table`… */
const TABLE_PHYSICAL_TYPE = /^\s*(?:(?:base|managed|external|transient|partitioned)\s+)?table\s*$/i;

/** Whether a schema object is a table meshkit provisions; any other (a view, a topic…) is `provision-not-a-table`. */
export function isTableObject(object: { physicalType?: unknown }): boolean {
  return typeof object.physicalType !== "string" || TABLE_PHYSICAL_TYPE.test(object.physicalType);
}

function tableSpec(object: SchemaObject, at: (string | number)[], columnNames: ColumnNames, report: (ruleId: ProvisionRuleId, path: string, message: string, severity?: Finding["severity"]) => void): TableSpec | undefined {
  const pointer = toPointer(at);
  if (!isTableObject(object)) {
    // A view's query, a topic's broker, a file's writer are not in the contract: making a table in their place would be wrong.
    report("provision-not-a-table", `${pointer}/physicalType`, `Object \`${String(object.name)}\` is a ${object.physicalType}, not a table: meshkit provisions tables only and leaves it to whoever makes it (its name is not used for a table).`, "info");
    return undefined;
  }
  const name = objectPhysicalName(object);
  const problem = nameProblem("table", name);
  if (problem) {
    report("provision-invalid-name", `${pointer}/${object.physicalName ? "physicalName" : "name"}`, `${problem}.`);
    return undefined;
  }
  const columns: ColumnSpec[] = [];
  const keys: { name: string; position: number }[] = [];
  const unique = new Set<ColumnSpec>();
  const partitions: { name: string; position: number }[] = [];
  const named = new Set<string>();
  (Array.isArray(object.properties) ? object.properties : []).forEach((property: SchemaProperty, i) => {
    if (!isMapping(property)) return;
    const columnPointer = toPointer([...at, "properties", i]);
    const columnName = typeof property.physicalName === "string" && property.physicalName !== "" ? property.physicalName : property.name;
    const columnProblem = nameProblem("column", columnName);
    if (columnProblem) return report("provision-invalid-name", `${columnPointer}/${property.physicalName ? "physicalName" : "name"}`, `${columnProblem}.`);
    // Two properties that are one column on the target: the later is left out, and nothing is applied.
    const key = columnNames.key(columnName as string);
    if (named.has(key)) return report("provision-object-conflict", `${columnPointer}/${property.physicalName ? "physicalName" : "name"}`, `Column \`${name}.${columnName}\` is in the table twice${columnNames.why ? ` (${columnNames.why})` : ""}; rename one of them.`);
    named.add(key);
    const types: Partial<Record<TargetDialect, string>> = {};
    for (const dialect of TARGET_DIALECTS) {
      const type = columnType(dialect, property);
      if (type.ok) types[dialect] = type.type;
    }
    const duckdb = columnType("duckdb", property);
    if (!duckdb.ok) report("provision-type-unmapped", `${columnPointer}${property.logicalType === undefined ? "" : "/logicalType"}`, `Column \`${object.name}.${columnName}\`: ${duckdb.problem}.`);
    const keyPosition = typeof property.primaryKeyPosition === "number" && property.primaryKeyPosition > 0 ? property.primaryKeyPosition : undefined;
    if (property.primaryKey === true) {
      const taken = keyPosition === undefined ? undefined : keys.find((k) => k.position === keyPosition);
      // Sorting would put the two in property order, a key order the contract does not say: the apply is refused instead.
      if (taken) report("primary-key-position", `${columnPointer}/primaryKeyPosition`, `Key columns \`${name}.${taken.name}\` and \`${name}.${columnName}\` both have primaryKeyPosition ${keyPosition}, so the primary key's column order is unknown and nothing is applied: number the key columns 1, 2, ….`);
      keys.push({ name: columnName as string, position: keyPosition ?? Number.MAX_SAFE_INTEGER });
    } else if (keyPosition !== undefined) {
      report("primary-key-position", `${columnPointer}/primaryKeyPosition`, `Column \`${name}.${columnName}\` has primaryKeyPosition ${keyPosition} but is not \`primaryKey: true\`, so it is not part of the provisioned primary key: add \`primaryKey: true\`, or remove the position.`, "warning");
    }
    const renamedFrom = renamedFromOf(property);
    // A column holding a sensitive nested field or item is that sensitive as a whole, and says which.
    const sensitive = sensitivePart(property);
    const classification = sensitive !== undefined && sensitive !== property ? (typeof sensitive.classification === "string" ? sensitive.classification : "pii") : property.classification;
    const column: ColumnSpec = {
      name: columnName as string,
      types,
      required: property.required === true || property.primaryKey === true,
      unique: false,
      sensitive: sensitive !== undefined,
      ...(typeof property.description === "string" ? { description: property.description } : {}),
      ...(typeof classification === "string" ? { classification } : {}),
      ...(renamedFrom !== undefined && renamedFrom !== columnName ? { renamedFrom } : {}),
      pointer: columnPointer,
    };
    columns.push(column);
    if (property.unique === true) unique.add(column);
    if (property.partitioned === true) partitions.push({ name: column.name, position: typeof property.partitionKeyPosition === "number" && property.partitionKeyPosition > 0 ? property.partitionKeyPosition : Number.MAX_SAFE_INTEGER });
  });
  const primaryKey = keys.sort((a, b) => a.position - b.position).map((k) => k.name);
  const tableRenamedFrom = renamedFromOf(object);
  for (const column of unique) column.unique = !(primaryKey.length === 1 && primaryKey[0] === column.name);
  return {
    name: name as string,
    object: object.name,
    ...(typeof object.description === "string" ? { description: object.description } : {}),
    columns,
    primaryKey,
    partitionKeys: partitions.sort((a, b) => a.position - b.position).map((p) => p.name),
    ...(tableRenamedFrom !== undefined && tableRenamedFrom !== name ? { renamedFrom: tableRenamedFrom } : {}),
    pointer,
  };
}

/**
 * The metadata comment a planner writes on a table (the seed's `COMMENT = '{"product":...}'`): enough for
 * someone who finds the table in the warehouse to find its product, owner, contract and promises.
 */
export function tableComment(product: Pick<ProductSpec, "name" | "domain" | "owner">, contract: ContractSpec, table: TableSpec): string {
  const slas = slasOfTable(contract, table);
  return JSON.stringify({
    product: product.name,
    domain: product.domain,
    ...(product.owner ? { owner: product.owner } : {}),
    contract: contract.id,
    contractVersion: contract.version,
    object: table.object,
    ...(slas.length > 0 ? { sla: slas.map(({ objects: _objects, retentionDays: _days, pointer: _pointer, ...entry }) => entry) } : {}),
    ...(table.description ? { description: table.description } : {}),
    managedBy: "meshkit",
  });
}

interface NamedBy {
  value: unknown;
  /** Pointer to the key the name was read from ("" when there is none): a finding about the name points at it. */
  path: string;
}

/** The first of `keys` the document sets (read as `??` reads them), and where. */
/**
 * Where a product's name was read from: its product document's `name` (else `id`), or, for a contract
 * that is a product of its own, its `dataProduct` (else `name`, `id`). A finding about the name points there.
 */
export function productNameAt(product: ProductHead & { contracts?: readonly ContractSpec[] }): { document: LoadedDocument; pointer: string } | undefined {
  const document = product.document ?? product.contracts?.[0]?.document;
  if (!document) return undefined;
  const keys = (document.value as Mapping).kind === "DataProduct" ? ["name", "id"] : ["dataProduct", "name", "id"];
  return { document, pointer: namedBy(document, keys).path };
}

function namedBy(doc: LoadedDocument, keys: readonly string[]): NamedBy {
  const value = doc.value as Mapping;
  const key = keys.find((k) => value[k] !== undefined && value[k] !== null);
  return key === undefined ? { value: undefined, path: "" } : { value: value[key], path: toPointer([key]) };
}

function teamOf(document: { team?: unknown }): { name?: string; owner?: string } {
  const team = document.team;
  const members: unknown[] = Array.isArray(team) ? team : isMapping(team) && Array.isArray(team.members) ? team.members : [];
  const owner = members.filter(isMapping).find((m) => typeof m.role === "string" && m.role.trim().toLowerCase() === "owner");
  const ownerName = owner ? [owner.username, owner.name].find((v): v is string => typeof v === "string" && v !== "") : undefined;
  const teamName = isMapping(team) && typeof team.name === "string" ? team.name : undefined;
  return { ...(teamName ? { name: teamName } : {}), ...(ownerName ? { owner: ownerName } : {}) };
}

/** The customProperties a cost center is read from, in order. */
export const COST_CENTER_KEYS: readonly string[] = ["costCenter", "cost-center", "cost_center", "CostCenter"];

function costCenterOf(customProperties: unknown): string | undefined {
  for (const key of COST_CENTER_KEYS) {
    const value = customProperty(customProperties, key);
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** A privacy approval as written: `true`, or the text `true` (any case) that some tools write for it. */
function isApproval(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}

function customProperty(customProperties: unknown, name: string): unknown {
  if (!Array.isArray(customProperties)) return undefined;
  return customProperties.filter(isMapping).find((p) => p.property === name)?.value;
}
