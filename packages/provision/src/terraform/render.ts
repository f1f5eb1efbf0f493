/**
 * `renderTerraform(target, model)`: a product model turned into a Terraform root module of `*.tf.json`
 * files for AWS, Snowflake or BigQuery. Products are taken in `domain/product` order; each is first
 * rendered alone and its claims (addresses, bucket/table/role names) checked against the products
 * already accepted, so a product whose names collide with another's is reported and left out instead
 * of merging into it. Then the accepted products are rendered together. The output depends only on
 * the model and the options: same input, byte-identical files.
 *
 * Files: `meshkit-providers.tf.json` (terraform + provider blocks), `meshkit-variables.tf.json` (what
 * meshkit cannot know: account, region, bucket prefix, KMS key...), `<domain>.tf.json` (what a domain
 * shares: its bucket and key, database, warehouse tags) and `<domain>.<product>.tf.json` (a product's
 * tables and grants); Snowflake adds `meshkit-roles.tf.json` (account roles, shared by products).
 * Identifiers have no `.` or `-`, so these names never collide.
 */
import { isDeepStrictEqual } from "node:util";
import { type Finding, isMapping, serverTypeOf } from "@meshkit/core";
import { COST_CENTER_KEYS, type ColumnSpec, type ContractSpec, type ProductSpec, type ProvisionModel, type ProvisionRuleId, type RoleSpec, type SlaSpec, type TableSpec, isTableObject, productNameAt, slasOfTable } from "../model.js";
import { columnCountProblem } from "../column-limits.js";
import { reservedColumnProblem } from "../names.js";
import { type TargetDialect, columnType } from "../types.js";
import { type Expr, compareCodeUnits, ref, tpl } from "./json.js";
import { type Claim, type Conflict, type SourceAt, TerraformModule, conflictWith, foldersOverlap } from "./module.js";
import { truncate } from "./naming.js";
import type { TerraformRuleId } from "./rules.js";

export const TERRAFORM_TARGETS = ["aws", "snowflake", "bigquery"] as const;
export type TerraformTarget = (typeof TERRAFORM_TARGETS)[number];

/** Terraform version the rendered configuration needs (JSON syntax, `validation`, `optional()`...). */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.5.0";

/**
 * Settings from meshkit.yaml (or the caller). Each one becomes the *default* of the Terraform variable
 * that carries it, so the rendered shape is the same with or without them and a tfvars file or
 * `TF_VAR_*` can still override.
 */
export interface TerraformParams {
  /** AWS region (`aws_region`). */
  region?: string;
  /** AWS account id the configuration may touch (`aws_account_id`, also `allowed_account_ids`). */
  accountId?: string;
  /** AWS partition (`aws_partition`, default `aws`). */
  partition?: string;
  /** Prefix of the per-domain lake buckets: `<prefix>-<domain>` (`lake_bucket_prefix`). */
  lakeBucketPrefix?: string;
  /** Days a replaced or deleted object version is kept in the lake (default 30). */
  noncurrentVersionDays?: number;
  /** Snowflake organization and account (`snowflake_organization_name`, `snowflake_account_name`). */
  snowflakeOrganization?: string;
  snowflakeAccount?: string;
  /** The role meshkit's account roles are granted to (default SYSADMIN). */
  snowflakeParentRole?: string;
  /** Size of the product warehouses (default XSMALL). */
  warehouseSize?: string;
  /** GCP project, BigQuery location, the CMEK of the datasets, the domain of the role groups. */
  gcpProject?: string;
  bigqueryLocation?: string;
  bigqueryKmsKeyName?: string;
  iamGroupDomain?: string;
  /** Cost center for products that name none (`cost_center`). */
  costCenter?: string;
}

export interface RenderTerraformOptions {
  params?: TerraformParams;
  /**
   * Require every contract to have a server of the target's type (aws: s3/glue/athena, snowflake,
   * bigquery); a contract without one is a `provision-no-server` error and its product is not rendered.
   * Off by default (meshkit.yaml's `provision.requireServer`): the product is rendered where the
   * platform's defaults put its domain, and a `provision-no-server` warning says so.
   */
  requireServer?: boolean;
  /**
   * Render the providers and variables even when no product is rendered (`files` is empty otherwise): where terraform's
   * state holds what earlier renders made, only a plan of that empty configuration destroys it, as a plan of the others
   * does when one product of several leaves.
   */
  emptyConfiguration?: boolean;
}

export interface SkippedProduct {
  /** `domain/product`. */
  product: string;
  reason: string;
}

export interface TerraformRender {
  target: TerraformTarget;
  /** File name → JSON text. Empty when no product could be rendered. */
  files: Record<string, string>;
  /**
   * The renderer's findings: collisions, unusable servers, types with no mapping on the target,
   * withheld access. The model's own findings (invalid names...) stay in `model.findings`.
   */
  findings: Finding[];
  /** Products rendered, as `domain/product`. */
  products: string[];
  /** Products left out, with why (a finding says more, or the model's findings did). */
  skipped: SkippedProduct[];
  /** Number of resources in the configuration. */
  resources: number;
}

export interface RenderContext {
  params: TerraformParams;
  /** Reports a finding about the rendered configuration (only in the final render). */
  warn(finding: Finding): void;
}

export interface TargetRenderer {
  dialect: TargetDialect;
  /** Server `type`s that place a contract on this target. */
  serverTypes: readonly string[];
  /** Findings that keep one product off this target, besides names, types, servers and partition keys. */
  check?(product: ProductSpec, params: TerraformParams): Finding[];
  /**
   * Why the table's `partitioned: true` columns (TableSpec.partitionKeys) cannot be laid out on this target,
   * each at its column: a `provision-type-unmapped` error at its `partitioned` key.
   */
  partitionProblems(table: TableSpec): { column: ColumnSpec; message: string }[];
  /**
   * What the target makes of the table's partition keys, when that is not their order itself: on bigquery the key that
   * partitions by day and those that cluster, so two tied keys of which one partitions and the other clusters make the
   * same table listed either way (provision-partition-key-position compares the two).
   */
  partitionLayout?(table: TableSpec): unknown;
  /**
   * Where the product's tables are made, as server entry fields would name it (`database`, `schema`,
   * `dataset`), and whether the target folds the case of those names: a server entry that names another
   * place is a `provision-server-location` warning.
   */
  location?(product: ProductSpec): ProvisionedLocation;
  /**
   * The server types whose entry `location` is compared with, when not all of `serverTypes` name such a place: on aws
   * the glue and athena entries name the Glue database (`database`, `schema`), the s3 entry only the files' prefix.
   */
  locationServerTypes?: readonly string[];
  /**
   * The tag that carries a domain's cost centers joined with `+` (domainCostCenter) on what its products
   * share, and the longest value the cloud takes: a join longer than that is refused at the plan.
   */
  sharedCostCenterTag?: SharedCostCenterTag;
  render(module: TerraformModule, products: readonly ProductSpec[], context: RenderContext): void;
}

export interface SharedCostCenterTag {
  /** The tag and what carries it, for the message: "the CostCenter tag of the domain's bucket". */
  name: string;
  /** The most characters a tag value holds. */
  maxLength: number;
}

/** The model's rules, the renderers' own, and the local planner's `provision-no-columns` (Snowflake makes no table without columns either). */
type RuleId = ProvisionRuleId | TerraformRuleId | "provision-no-columns";

/**
 * Renders the model's products on `target`. `otherTargets` are the server types of the other Terraform targets: a
 * contract whose servers name only those (and none of `renderer.serverTypes`) lives on another target, and is left
 * out here (see elsewhereFinding).
 */
export function renderWith(target: TerraformTarget, renderer: TargetRenderer, model: ProvisionModel, options: RenderTerraformOptions = {}, otherTargets: Partial<Record<TerraformTarget, readonly string[]>> = {}): TerraformRender {
  const params = options.params ?? {};
  const findings: Finding[] = [];
  const skipped: SkippedProduct[] = [];
  const accepted: ProductSpec[] = [];
  const held = new Map<string, Claim>();
  const quiet: RenderContext = { params, warn: () => {} };

  const products = [...model.products].sort((a, b) => compareCodeUnits(productId(a), productId(b)));
  for (const whole of products) {
    const id = productId(whole);
    const elsewhere = new Map(whole.contracts.flatMap((contract) => elsewhereFinding(contract, target, renderer, otherTargets).map((f) => [contract, f] as const)));
    findings.push(...elsewhere.values());
    const product = elsewhere.size === 0 ? whole : { ...whole, contracts: whole.contracts.filter((contract) => !elsewhere.has(contract)) };
    if (product.contracts.length === 0 && whole.contracts.length > 0) {
      skipped.push({ product: id, reason: `its contracts name servers of other targets only, not of ${target}` });
      continue;
    }
    const blocked = precheck(product, renderer, options);
    if (blocked) {
      findings.push(...blocked.findings);
      skipped.push({ product: id, reason: blocked.reason });
      continue;
    }
    const fragment = new TerraformModule();
    renderer.render(fragment, [product], quiet);
    const conflicts: Conflict[] = [...fragment.conflicts];
    const claims = [...fragment.claims(), ...fragment.fileNames().map((file) => fileClaim(file, product))];
    for (const claim of claims) {
      const holder = held.get(claim.key) ?? (claim.folder ? [...held.values()].find((h) => h.share !== claim.share && foldersOverlap(h, claim)) : undefined);
      // A table or column share (`product:<id>#<table>`) held by an earlier product is one object two
      // contracts want: contracts without a product descriptor that name one product are two products
      // of one id, whose equal shares would otherwise pass here and collide in the full render.
      const sameObject = holder !== undefined && holder.share === claim.share && claim.share.includes("#");
      if (holder && (holder.share !== claim.share || sameObject)) conflicts.push(conflictWith(claim, holder));
    }
    if (conflicts.length > 0) {
      // One finding per product: a clash of names (bucket, table...) explains the address clashes it causes.
      const cause = conflicts.find((c) => !c.claim.key.startsWith("resource:")) ?? conflicts[0]!;
      findings.push(collisionFinding(product, cause));
      skipped.push({ product: id, reason: `name collision: ${cause.claim.what}` });
      continue;
    }
    for (const claim of claims) if (!held.has(claim.key)) held.set(claim.key, claim);
    accepted.push(product);
    findings.push(...product.contracts.flatMap((contract) => [...unservedFinding(contract, renderer, "warning"), ...partitionPositionFindings(contract, renderer)]));
    if (renderer.location) {
      const location = renderer.location(product);
      for (const contract of product.contracts) {
        const entry = serverOf(contract, renderer.locationServerTypes ?? renderer.serverTypes);
        if (entry) findings.push(...serverLocationFindings(contract.document, entry, location, target));
      }
    }
  }

  if (accepted.length === 0 && !options.emptyConfiguration) return { target, files: {}, findings, products: [], skipped, resources: 0 };
  if (renderer.sharedCostCenterTag) findings.push(...sharedCostCenterFindings(accepted, renderer.sharedCostCenterTag, params));
  const module = new TerraformModule();
  renderer.render(module, accepted, { params, warn: (f) => findings.push(f) });
  if (module.conflicts.length > 0) throw new Error(`internal error: ${module.conflicts[0]!.claim.what} collides after the products were checked one by one`);
  return { target, files: module.render(REQUIRED_TERRAFORM_VERSION), findings, products: accepted.map(productId), skipped, resources: module.resourceCount() };
}

/**
 * The claim of a rendered file's name, compared without case: on a case-insensitive file system (macOS's and
 * Windows' defaults) `sales.Orders.tf.json` and `sales.orders.tf.json` are one file, so writing the second would
 * silently replace the first product's configuration (and a later render would remove it as stale). The share
 * is the exact name: the products and domains that write to one file share it.
 */
function fileClaim(file: string, product: ProductSpec): Claim {
  const at = productNameAt(product);
  return {
    key: `file:${file.toLowerCase()}`,
    what: `Terraform file ${file}`,
    share: `file:${file}`,
    ...(at ? { at } : {}),
    clash: (holder) => `is the same file as ${holder} on a case-insensitive file system (the default on macOS and Windows), where one would overwrite the other: give the products (or domains) names that differ in more than case`,
  };
}

export function productId(product: ProductSpec): string {
  return `${product.domain}/${product.name}`;
}

/** Where findings about a product point when nothing more specific applies: its first contract. */
export function productAt(product: ProductSpec, pointer = ""): SourceAt | undefined {
  const contract = product.contracts[0];
  return contract ? { document: contract.document, pointer } : undefined;
}

export function finding(at: SourceAt, ruleId: RuleId, severity: Finding["severity"], message: string): Finding {
  return at.document.finding({ ruleId, severity, message, path: at.pointer, stage: "provision" });
}

function precheck(product: ProductSpec, renderer: TargetRenderer, options: RenderTerraformOptions): { reason: string; findings: Finding[] } | undefined {
  if (product.contracts.length === 0) return { reason: "no contract: nothing to provision", findings: [] };
  // Every problem of the product is reported at once, even when the model's findings already keep it
  // out: fixing one and only then hearing of the next costs a review round each.
  const findings = product.contracts.flatMap((contract) => contractProblems(contract, renderer, options));
  findings.push(...(renderer.check?.(product, options.params ?? {}) ?? []));
  const reason = modelProblem(product) ?? findings[0]?.message;
  return reason === undefined ? undefined : { reason, findings };
}

/** Why the model's own findings keep the product off the target, if they do. */
function modelProblem(product: ProductSpec): string | undefined {
  if (product.contracts.some(droppedByModel)) return "its contracts have names the model could not use (see the model's findings)";
  for (const table of product.contracts.flatMap((c) => c.tables)) {
    // The model already reported a column with no type at all (no duckdb type).
    const untyped = table.columns.find((column) => column.types.duckdb === undefined);
    if (untyped) return `column ${table.name}.${untyped.name} has no type`;
  }
  return undefined;
}

/** A contract's columns with no type on the target (but one elsewhere), and its missing server when one is required. */
function contractProblems(contract: ContractSpec, renderer: TargetRenderer, options: RenderTerraformOptions): Finding[] {
  const findings: Finding[] = [];
  for (const table of contract.tables) {
    const tooWide = columnCountProblem(renderer.dialect, table.name, table.columns.length);
    if (tooWide) findings.push(finding({ document: contract.document, pointer: table.pointer }, "provision-too-many-columns", "error", `${tooWide}.`));
    for (const column of table.columns) {
      const reserved = reservedColumnProblem(renderer.dialect, column.name);
      if (reserved) findings.push(finding({ document: contract.document, pointer: column.pointer }, "provision-invalid-name", "error", `${reserved}; rename the column (or set its physicalName).`));
      if (column.types[renderer.dialect] !== undefined || column.types.duckdb === undefined) continue;
      const property = resolvePointer(contract.document.value, column.pointer);
      const problem = isMapping(property) ? columnType(renderer.dialect, property) : undefined;
      findings.push(
        finding({ document: contract.document, pointer: column.pointer }, "provision-type-unmapped", "error", `Column \`${table.name}.${column.name}\` has no ${renderer.dialect} type${problem && !problem.ok ? `: ${problem.problem}` : ""}.`),
      );
    }
  }
  for (const table of contract.tables) {
    for (const { column, message } of renderer.partitionProblems(table)) findings.push(finding({ document: contract.document, pointer: `${column.pointer}/partitioned` }, "provision-type-unmapped", "error", message));
  }
  if (options.requireServer) findings.push(...unservedFinding(contract, renderer, "error"));
  return findings;
}

/**
 * `provision-no-server` for a contract without a server of the target's type: an error when the
 * platform requires one (the product is not rendered), else a warning that it is rendered where the
 * platform's defaults put its domain, so that the contract's silence on this target is not.
 */
function unservedFinding(contract: ContractSpec, renderer: TargetRenderer, severity: "error" | "warning"): Finding[] {
  if (serverOf(contract, renderer.serverTypes)) return [];
  const types = renderer.serverTypes.join(" or ");
  const message =
    severity === "error"
      ? `Contract \`${contract.name}\` has no server of type ${types}: add one to say where the data lives on this target.`
      : `Contract \`${contract.name}\` has no server of type ${types}: it is rendered where the platform's defaults put its domain. Add one to say where the data lives on this target (meshkit.yaml's provision.requireServer: true makes this an error).`;
  const pointer = "servers" in (contract.document.value as object) ? "/servers" : "";
  return [finding({ document: contract.document, pointer }, "provision-no-server", severity, message)];
}

/**
 * `provision-partition-key-position` (warning) at each partition key whose partitionKeyPosition an earlier key of its table
 * has: the keys are rendered in the order the properties are listed, which the contract does not say — on aws that
 * order is the Hive folder layout producers write (`region=eu/country=de/`), so reordering the properties would move
 * the table to another layout. Keys without a position (or with ODCS's default -1, or another that is not one of 1, 2, …)
 * share one: two of them are as tied as two keys numbered 1. A tie the target's layout does not depend on (on bigquery a
 * date key that partitions the table and a string key that clusters it) changes nothing when reordered, and is not reported.
 */
function partitionPositionFindings(contract: ContractSpec, renderer: TargetRenderer): Finding[] {
  return contract.tables.flatMap((table) => {
    const tied = new Map<number, string[]>();
    return table.columns.flatMap((column) => {
      const property = resolvePointer(contract.document.value, column.pointer);
      if (!isMapping(property) || property.partitioned !== true) return [];
      const written = property.partitionKeyPosition;
      const position = typeof written === "number" && written > 0 ? written : UNNUMBERED_PARTITION_KEY;
      const group = tied.get(position) ?? [];
      tied.set(position, [...group, column.name]);
      const earlier = group.find((name) => orderOfKeysMatters(renderer, table, name, column.name));
      if (earlier === undefined) return [];
      const tie = position === UNNUMBERED_PARTITION_KEY ? "have no partitionKeyPosition of 1, 2, …" : `both have partitionKeyPosition ${position}`;
      const message = `Partition keys \`${table.name}.${earlier}\` and \`${table.name}.${column.name}\` ${tie}, so their order is the order the properties are listed in, which reordering them would change: number the partition keys 1, 2, ….`;
      const pointer = `${column.pointer}/${written === undefined ? "partitioned" : "partitionKeyPosition"}`;
      return [finding({ document: contract.document, pointer }, "provision-partition-key-position", "warning", message)];
    });
  });
}

/** The position of every partition key without one of 1, 2, …: model.ts puts them after the numbered ones, as listed. */
const UNNUMBERED_PARTITION_KEY = -1;

/**
 * Whether the order of the table's partition keys `earlier` and `later` changes what the target makes of them: `later`
 * placed right before `earlier` and right after it, every other key where it is (on bigquery a date key that partitions
 * the table and a string key that clusters it make one table either way; two clustering keys do not).
 */
function orderOfKeysMatters(renderer: TargetRenderer, table: TableSpec, earlier: string, later: string): boolean {
  const layout = renderer.partitionLayout ?? ((keys: TableSpec) => keys.partitionKeys);
  const others = table.partitionKeys.filter((name) => name !== later);
  const at = others.indexOf(earlier);
  if (at < 0) return true;
  const placedAt = (index: number) => layout({ ...table, partitionKeys: [...others.slice(0, index), later, ...others.slice(index)] });
  return !isDeepStrictEqual(placedAt(at), placedAt(at + 1));
}

/**
 * `provision-on-other-target` (info) for a contract whose servers name other Terraform targets only (a `snowflake` server
 * and no `bigquery` one, rendered on bigquery): its data lives there, so it is not rendered here — a platform that
 * runs provision once per cloud would otherwise make every product on every cloud, and grant its roles there.
 * Servers of no Terraform target (postgres, kafka...) place it nowhere: such a contract is rendered at the platform's
 * defaults, as one without servers is (unservedFinding).
 */
function elsewhereFinding(contract: ContractSpec, target: TerraformTarget, renderer: TargetRenderer, otherTargets: Partial<Record<TerraformTarget, readonly string[]>>): Finding[] {
  if (serverOf(contract, renderer.serverTypes)) return [];
  const named = Object.entries(otherTargets).flatMap(([other, types]) => {
    const entry = serverOf(contract, types);
    return entry ? [{ other, entry }] : [];
  });
  if (named.length === 0) return [];
  const [first] = named;
  // (no option name: the command line's --target and the action's target input both read these words)
  const servers = named.map(({ other, entry }) => `${typeof entry.server.server === "string" ? `\`${entry.server.server}\`` : "a server"} (type ${serverTypeOf(entry.server)}: the ${other} target)`).join(", ");
  const message = `Contract \`${contract.name}\` is not rendered on ${target}: its servers place it on another target only, ${servers}. Provision it there, or add a server of type ${renderer.serverTypes.join(" or ")} to provision it on ${target} too.`;
  return [finding({ document: contract.document, pointer: first!.entry.pointer }, "provision-on-other-target", "info", message)];
}

/**
 * `provision-retention-unenforced` (info), at each retention SLA of the contract that deletes nothing here for some of
 * `tables` (`deletes`: whether the target's rendered settings delete the table's rows by the SLA's age): on aws its
 * lifecycle rule does, so without this the same contract would read as enforced on every target. `why(kept)` says, of the
 * tables it is about that keep their rows, why, and what to do.
 */
export function unenforcedRetentionFindings(contract: ContractSpec, tables: readonly TableSpec[], target: TerraformTarget, deletes: (sla: SlaSpec, table: TableSpec) => boolean, why: (kept: TableSpec[]) => string): Finding[] {
  return contract.sla.flatMap((sla) => {
    if (sla.retentionDays === undefined) return [];
    const about = tables.filter((table) => slasOfTable(contract, table).includes(sla));
    const kept = about.filter((table) => !deletes(sla, table));
    if (kept.length === 0) return [];
    const of = sla.element === undefined ? "" : ` of \`${sla.element}\``;
    // Said of the tables it keeps rows of, when it deletes those of others: "deletes nothing" alone would deny that.
    const which = kept.length < about.length ? ` for table${kept.length === 1 ? "" : "s"} ${kept.map((table) => `\`${table.name}\``).join(", ")}` : "";
    const message = `The retention SLA (${sla.value}${of}) deletes nothing on ${target}${which}: ${why(kept)}. Rows older than it stay until something else (a scheduled job) deletes them; meshkit test reports them.`;
    return [finding({ document: contract.document, pointer: sla.pointer }, "provision-retention-unenforced", "info", message)];
  });
}

/** Whether the model left out a schema object, property or role of the contract (an invalid name). */
function droppedByModel(contract: ContractSpec): boolean {
  const doc = contract.document.value as Record<string, unknown>;
  // Objects that are not tables (views, topics…) have no table by design: an info finding, not a name the model could not use.
  const objects = (Array.isArray(doc.schema) ? doc.schema : []).map((object: unknown, i) => ({ object, pointer: `/schema/${i}` })).filter((entry): entry is { object: Record<string, unknown>; pointer: string } => isMapping(entry.object) && isTableObject(entry.object));
  if (objects.length !== contract.tables.length) return true;
  for (const { object, pointer } of objects) {
    const table = contract.tables.find((t) => t.pointer === pointer);
    const properties = Array.isArray(object.properties) ? object.properties.filter(isMapping) : [];
    if (!table || properties.length !== table.columns.length) return true;
  }
  const roles = Array.isArray(doc.roles) ? doc.roles.filter(isMapping) : [];
  return roles.length !== contract.roles.length;
}

export interface ServerEntry {
  server: Record<string, unknown>;
  pointer: string;
}

export interface ProvisionedLocation {
  /** Server entry field → the name meshkit gives that place (`{ database: "SALES", schema: "ORDERS" }`). */
  fields: Record<string, string>;
  /** The target compares those names without case (Snowflake's unquoted names; PostgreSQL's are folded by meshkit). */
  caseInsensitive: boolean;
  /** Why the tables go there, for the message: "a database per domain, a schema per product". */
  layout: string;
}

/**
 * `provision-server-location` where a server entry names a place (database, schema, dataset) other than
 * the one provision makes the tables in: the entry is what consumers, contract-test and the catalog read.
 * The message names the target, not how it was chosen (`--target`, the provision action's `target` input, or
 * meshkit.yaml's `provision.target`), nor the command that reads the entry: the same words fit every caller.
 */
export function serverLocationFindings(document: SourceAt["document"], entry: ServerEntry, location: ProvisionedLocation, target: string): Finding[] {
  const findings: Finding[] = [];
  for (const [field, provisioned] of Object.entries(location.fields)) {
    const named = entry.server[field];
    if (typeof named !== "string" || named.trim() === "") continue;
    const same = location.caseInsensitive ? named.trim().toLowerCase() === provisioned.toLowerCase() : named.trim() === provisioned;
    if (same) continue;
    const server = typeof entry.server.server === "string" ? `Server \`${entry.server.server}\`` : "The server entry";
    const message = `${server} names ${field} \`${named.trim()}\`, but provisioning to ${target} makes the tables in ${field} \`${provisioned}\` (${location.layout}): whoever reads this entry (consumers, contract-test, the catalog) looks in the wrong place. Write ${field}: ${provisioned}.`;
    findings.push(finding({ document, pointer: `${entry.pointer}/${field}` }, "provision-server-location", "warning", message));
  }
  return findings;
}

/**
 * The contract's server for the target: among servers of a type in `types`, the production one
 * (`environment` prod/production) if there is one, else the first.
 */
export function serverOf(contract: ContractSpec, types: readonly string[]): ServerEntry | undefined {
  return serverEntryOf(contract.document, types);
}

/** A document's server entry of a type in `types` (and named `name`, when given): its production one, else its first. */
export function serverEntryOf(document: SourceAt["document"], types: readonly string[], name?: string): ServerEntry | undefined {
  const servers = (document.value as Record<string, unknown>).servers;
  if (!Array.isArray(servers)) return undefined;
  const matching = servers
    .map((server, i) => ({ server, pointer: `/servers/${i}` }))
    .filter((s): s is ServerEntry => isMapping(s.server) && types.includes(serverTypeOf(s.server) ?? "") && (name === undefined || s.server.server === name));
  return matching.find((s) => typeof s.server.environment === "string" && /^prod(uction)?$/i.test(s.server.environment.trim())) ?? matching[0];
}

/** The node at a JSON pointer of a document's value, or undefined. */
export function resolvePointer(value: unknown, pointer: string): unknown {
  let node = value;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isMapping(node)) node = node[key];
    else return undefined;
  }
  return node;
}

function collisionFinding(product: ProductSpec, conflict: Conflict): Finding {
  const at = conflict.claim.at ?? productAt(product)!;
  const holder = describeHolder(conflict);
  const heldAt = conflict.heldAt;
  const message =
    conflict.holder === conflict.claim.share && conflict.holder.includes("#") && heldAt
      ? `${capitalize(conflict.claim.what)} is already wanted by another contract of ${describeOwner(conflict.holder)} (${placeOf(heldAt)}): give one of the objects another physicalName. This contract is not rendered.`
      : conflict.holder === conflict.claim.share
      ? `${capitalize(conflict.claim.what)} would be defined twice with different content in ${holder}: rename one of the names that fold to it. Product ${productId(product)} is not rendered.`
      : conflict.claim.clash
        ? `${capitalize(conflict.claim.what)} ${conflict.claim.clash(holder, conflict.heldKey)}; product ${productId(product)} is not rendered.`
        : `${capitalize(conflict.claim.what)} is already used by ${holder}${holderPlace(conflict)}: ${FOLDED_NAMES}. Rename one; product ${productId(product)} is not rendered.`;
  return finding(at, "provision-name-collision", "error", message);
}

/**
 * Why two objects get one name: they may be written alike (two products with one physicalName), not
 * only differ in case or `_` joins, so the message does not say they fold when nothing had to.
 */
const FOLDED_NAMES = "both get this one name on this target (the same name, or names that differ only in case or `_` joins)";

/**
 * Where the owner that claimed a name first wants it, when that is another product (describeHolder
 * names the place itself for two objects of one product): the finding then names both places.
 */
function holderPlace(conflict: Conflict): string {
  const claimProduct = conflict.claim.share.split("#")[0];
  const heldProduct = conflict.holder.split("#")[0];
  return conflict.heldAt && conflict.holder.startsWith("product:") && claimProduct !== heldProduct ? ` (${placeOf(conflict.heldAt)})` : "";
}

/**
 * The owner that claimed a name first, as people read it. Two tables or columns of one product that
 * fold to one name are named themselves, with where the first is: "already used by product
 * sales/orders" for a table of sales/orders itself names no second object to rename.
 */
function describeHolder(conflict: Conflict): string {
  const [claimProduct, claimPart] = conflict.claim.share.split("#");
  const [heldProduct, heldPart] = conflict.holder.split("#");
  if (claimPart === undefined || heldPart === undefined || claimProduct !== heldProduct) return describeOwner(conflict.holder);
  const where = conflict.heldAt ? ` (${placeOf(conflict.heldAt)})` : "";
  return `\`${heldPart}\`${where} of the same ${describeOwner(heldProduct!)}, so \`${claimPart}\` cannot have it`;
}

/** `file:line` of a node, for a finding that names a second place besides its own. */
function placeOf(at: SourceAt): string {
  return `${at.document.file}:${at.document.locate(at.pointer).line}`;
}

function describeOwner(share: string): string {
  const [kind, ...rest] = share.split(":");
  const name = rest.join(":");
  switch (kind) {
    case "domain":
      return `domain ${name}`;
    case "product":
      return `product ${name.split("#")[0]}`;
    case "role":
      return `role ${name}`;
    case "bucket":
      return `bucket ${name}`;
    case "file":
      return name;
    default:
      return share;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Claims the grant of contract role `role` on `table` (a Lake Formation principal, a BigQuery IAM
 * member: `principal` says which). A contract that names one role twice with another access or approval
 * (`analyst` read, then `analyst` write), or in another case (IAM role names and Google group addresses
 * ignore case: `Analyst` is `analyst`), gives one principal two answers — rendered as they were, a full
 * grant beside a restricted one, or beside a warning that the role gets no access. That is a
 * `provision-name-collision`; entries that agree share the claim.
 */
export function claimRoleGrant(module: TerraformModule, principal: string, table: string, role: RoleSpec, at: SourceAt): boolean {
  const access = `${role.access}${role.access === "read" && role.privacyApproved ? ", privacy approved" : ""}`;
  return module.claim(
    `role-grant:${table}.${role.name.toLowerCase()}`,
    `the grant of ${principal} ${role.name} (${access}) on table ${table}`,
    { share: `role:${role.name} (${access})`, at },
    (holder) => `goes to the same principal as ${holder} in the same contract (${principal} names ignore case): one principal gets one access per table, so list the role once, with the access and privacyApproved it should have`,
  );
}

/** Tag values shared by every target: what the platform-baseline pack and cost reports read. */
export const MANAGED_BY = "meshkit";

/** The metadata comment of a product's schema or dataset (the tables carry `tableComment`). */
export function productComment(product: ProductSpec): string {
  return JSON.stringify({
    product: product.name,
    domain: product.domain,
    ...(product.owner ? { owner: product.owner } : {}),
    ...(product.team ? { team: product.team } : {}),
    ...(product.version ? { version: product.version } : {}),
    managedBy: MANAGED_BY,
  });
}

/** The customProperties entry the product's cost center was read from: its product's, else one of its contracts'. */
export function costCenterAt(product: ProductSpec): SourceAt | undefined {
  for (const document of [product.document, ...product.contracts.map((c) => c.document)]) {
    const properties = isMapping(document?.value) ? document.value.customProperties : undefined;
    if (!document || !Array.isArray(properties)) continue;
    const index = properties.findIndex((p) => isMapping(p) && COST_CENTER_KEYS.includes(p.property as string) && p.value === product.costCenter);
    if (index >= 0) return { document, pointer: `/customProperties/${index}/value` };
  }
  return undefined;
}

/**
 * The cost center of a product: its own (customProperties costCenter), else the `cost_center`
 * variable, declared (required, non-empty) the first time a product needs it.
 */
export function costCenterOf(module: TerraformModule, product: ProductSpec, params: TerraformParams): string | Expr {
  if (product.costCenter) return product.costCenter;
  return costCenterVariable(module, params);
}

/**
 * The cost center of what a domain's products share (the AWS bucket, the Snowflake database): their
 * one, or all of them joined with `+` when they differ, so the shared cost is charged to no one silently.
 */
export function domainCostCenter(module: TerraformModule, products: readonly ProductSpec[], params: TerraformParams): string | Expr {
  const values = new Map<string, string | Expr>();
  for (const product of products) {
    const value = costCenterOf(module, product, params);
    values.set(typeof value === "string" ? value : value.template, value);
  }
  const sorted = [...values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
  if (sorted.length === 1) return sorted[0]!;
  return sorted.slice(1).reduce<Expr>((joined, value) => tpl`${joined}+${value}`, typeof sorted[0] === "string" ? tpl`${sorted[0]}` : sorted[0]!);
}

/**
 * Each product's cost center may fit the tag while its domain's join (see domainCostCenter) does not,
 * which the cloud refuses only at apply, on the main branch: an error at each of the domain's cost
 * centers, so the pull request's plan fails instead. An error stops the whole apply (run.ts), so the
 * products are still rendered: leaving them out would plan their destruction. A product charged to the
 * `cost_center` variable counts with its default (its value is known only to terraform).
 */
function sharedCostCenterFindings(products: readonly ProductSpec[], tag: SharedCostCenterTag, params: TerraformParams): Finding[] {
  const byDomain = new Map<string, ProductSpec[]>();
  for (const product of products) byDomain.set(product.domain, [...(byDomain.get(product.domain) ?? []), product]);
  const findings: Finding[] = [];
  for (const [domain, members] of byDomain) {
    const literals = [...new Set(members.flatMap((p) => (p.costCenter ? [p.costCenter] : [])))].sort(compareCodeUnits);
    const charged = members.some((p) => !p.costCenter) ? [...literals, params.costCenter ?? ""] : literals;
    if (charged.length < 2) continue; // one cost center: the product's own check judges it
    const joined = charged.join("+");
    const length = [...joined].length;
    if (length <= tag.maxLength) continue;
    for (const product of members) {
      const at = (product.costCenter ? costCenterAt(product) : undefined) ?? productAt(product);
      if (!at) continue;
      findings.push(
        finding(
          at,
          "provision-invalid-name",
          "error",
          `The cost centers of domain \`${domain}\`'s products, joined with \`+\` as ${tag.name} (${JSON.stringify(truncate(joined, 70))}), make ${length} characters, more than the ${tag.maxLength} a tag value holds: give the domain's products one cost center, or shorter ones.`,
        ),
      );
    }
  }
  return findings;
}

export function costCenterVariable(module: TerraformModule, params: TerraformParams): Expr {
  module.variable("cost_center", {
    type: "string",
    description: "Cost center charged for products whose contracts name none (customProperties costCenter).",
    ...(params.costCenter ? { default: params.costCenter } : {}),
    validation: [{ condition: varExpr("length(trimspace(var.cost_center)) > 0"), error_message: "The cost_center variable must not be empty." }],
  });
  return varExpr("var.cost_center");
}

/** `${<expression>}` as a template. */
export function varExpr(expression: string): Expr {
  return ref(expression);
}
