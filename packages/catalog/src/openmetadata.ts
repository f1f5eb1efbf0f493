/**
 * OpenMetadata target: the product's domain, the data product and a data contract per output table,
 * through OpenMetadata's REST API (`/api/v1`, PUT = create or update).
 *
 * OpenMetadata attaches a data contract to an entity it already knows (a table, found by its fully
 * qualified name `service.database.schema.table`), and owners are references to its users and teams.
 * So publishing first looks those up — and the server's version, which says how a contract's status is
 * sent (see `contractStatusField`) —, then writes, in this order:
 * 1. the domain, created only when missing (`PUT /api/v1/domains`; an existing one is left as the
 *    platform team curated it);
 * 2. per output table found in OpenMetadata with every column its contract names: its data contract (`PUT /api/v1/dataContracts`: schema
 *    with types, constraints, descriptions and PII tags; status; owners; effective dates from the
 *    SLAs) and the latest contract-test result of that table (`PUT /api/v1/dataContracts/{id}/results`);
 * 3. the data product (`PUT /api/v1/dataProducts`), then its tables as assets
 *    (`PUT /api/v1/dataProducts/{name}/assets/add`), and the tables it no longer has taken out of them
 *    (`PUT /api/v1/dataProducts/{name}/assets/remove`; see `formerAssets`), their data contracts deprecated
 *    (`PATCH /api/v1/dataContracts/{id}`).
 * Tables, users or teams OpenMetadata does not know are reported as notes and left out, never
 * invented; so is the data contract of a table that lacks some of its columns (not ingested since they
 * were added), which OpenMetadata would refuse. Every write is an upsert, so publishing again is idempotent and completes a publication a
 * failure interrupted.
 */
import { UsageError, type DataContract, type SchemaProperty, type Server, objectPhysicalName, serverTypeOf } from "@meshkit/core";
import {
  activeMembers,
  contractDescriptionMarkdown,
  escapeMarkdownText,
  nestedProperties,
  outputDatasets,
  pickRetryOptions,
  productDescriptionMarkdown,
  qualityServer,
  qualityStatus,
  slaSummary,
  TOPIC_SERVER_TYPES,
  type ProductDocuments,
  type OutputDataset,
  type QualityCounts,
} from "./datahub.js";
import { isPersonalData } from "./personal-data.js";
import { productDisplayName } from "./entry.js";
import { CatalogContentError } from "./content-error.js";
import { CatalogRequestError, RETRIED_STATUSES, createJsonClient, type HttpRetryOptions, type JsonClient, type JsonResponse } from "./http.js";

/** Environment variable holding the OpenMetadata token (a bot's JWT; sent as `Authorization: Bearer`). */
export const OPENMETADATA_TOKEN_ENV = "MESHKIT_OPENMETADATA_TOKEN";

export type OpenMetadataDomainType = "Source-aligned" | "Consumer-aligned" | "Aggregate";

export interface OpenMetadataPlanOptions {
  /** Contract server that locates the tables (default: the first production server). */
  server?: string;
  /**
   * OpenMetadata database service of each contract server, by server name or type
   * (`{ warehouse: "analytics_pg" }` or `{ postgres: "analytics_pg" }`). A table's fully qualified
   * name is `service.database.schema.table`. A server's own `openmetadataService` custom property
   * wins (see `openMetadataServiceOf`).
   */
  services?: Readonly<Record<string, string>>;
  /** Service for servers `services` does not name. */
  service?: string;
  /** Type of a domain meshkit creates because it is missing (default `Source-aligned`). */
  domainType?: OpenMetadataDomainType;
  /** Tag of columns that hold personal data (default `PII.Sensitive`, OpenMetadata's built-in classification). */
  piiTag?: string;
  /** Tags of other classifications, by ODCS classification (e.g. `{ restricted: "Sensitivity.Restricted" }`). */
  classificationTags?: Readonly<Record<string, string>>;
  /** Where the contract is maintained (e.g. the repository), as the contracts' `sourceUrl`. */
  sourceUrl?: string;
  /**
   * Domain of a data product whose ODPS document names none (ODPS makes `domain` optional; OpenMetadata
   * needs one for every data product). Default `unassigned`; created when missing, like any domain.
   */
  defaultDomain?: string;
}

/** The domain OpenMetadata gets for a product that names none, unless `defaultDomain` says otherwise. */
export const OPENMETADATA_DEFAULT_DOMAIN = "unassigned";

/** A column of a data contract's schema (OpenMetadata's table column). */
export interface OpenMetadataColumn {
  name: string;
  dataType: string;
  dataTypeDisplay?: string;
  dataLength?: number;
  precision?: number;
  scale?: number;
  arrayDataType?: string;
  description?: string;
  constraint?: "NULL" | "NOT_NULL" | "UNIQUE" | "PRIMARY_KEY";
  ordinalPosition: number;
  tags?: OpenMetadataTagLabel[];
  children?: OpenMetadataColumn[];
}

export interface OpenMetadataTagLabel {
  tagFQN: string;
  source: "Classification" | "Glossary";
  labelType: "Manual";
  state: "Confirmed";
}

/** A data contract's status as meshkit derives it from the ODCS status, before it is named as the server names it. */
export type OpenMetadataContractStatus = "Draft" | "Active" | "Deprecated";

/** A data contract to write, once its table is known. */
export interface OpenMetadataContractPlan {
  dataset: { contractId: string; contractVersion: string; object: string };
  /** `service.database.schema.table`; undefined when no service is configured for the server. */
  tableFqn?: string;
  /**
   * The same table as OpenMetadata's Snowflake connector names it, when that differs (`snowflakeFolded`): looked up when
   * `tableFqn` is not found.
   */
  foldedTableFqn?: string;
  /** The table is on Snowflake, which keeps unquoted names in upper case (`snowflakeFolded`): its columns too. */
  snowflake?: true;
  /** Sent as the server's version names it (`contractStatusField`). */
  status: OpenMetadataContractStatus;
  /** The create request without `entity`, `owners` (known only after the look-ups) and the status. */
  request: {
    name: string;
    displayName: string;
    description: string;
    schema: OpenMetadataColumn[];
    effectiveFrom?: string;
    effectiveUntil?: string;
    sourceUrl?: string;
  };
  quality: QualityCounts;
  /** The server the checks read, when the results say (`qualityServer`). */
  qualityServer?: string;
}

export interface OpenMetadataPlan {
  domain: { name: string; request: { name: string; displayName: string; description: string; domainType: OpenMetadataDomainType } };
  dataProduct: { name: string; request: { name: string; displayName: string; description: string; domains: string[] } };
  contracts: OpenMetadataContractPlan[];
  /** Owners to look up: the team (preferred, OpenMetadata takes one team or several users), else its owners. */
  owners: { team?: string; users: string[] };
  notes: string[];
}

/** What would be written, before any look-up. Pure and deterministic. */
export function buildOpenMetadataPlan(docs: ProductDocuments, options: OpenMetadataPlanOptions = {}): OpenMetadataPlan {
  const { product } = docs;
  const notes: string[] = [];
  const ownDomain = typeof product.domain === "string" && product.domain.trim() !== "" ? product.domain.trim() : undefined;
  const domainText = ownDomain ?? options.defaultDomain ?? OPENMETADATA_DEFAULT_DOMAIN;
  if (!ownDomain) {
    notes.push(
      `the product names no domain, and OpenMetadata needs one for every data product: it is published in domain ${domainText} (created when missing); give the product a domain, or name the platform's default with domain=<name> after "#" in the openmetadata: target`,
    );
  }
  // The default domain is the target's setting: a name OpenMetadata cannot take there is a bad target, not a bad product.
  const domainName = ownDomain ? productEntityName(ownDomain, "domain", "/domain") : entityName(domainText, "default domain (domain= after # in the target)");
  const productName = productEntityName(product.id, "data product id", "/id");

  const contracts: OpenMetadataContractPlan[] = [];
  for (const dataset of outputDatasets(docs, options.server)) {
    const { contract, object } = dataset;
    const topic = dataset.server !== undefined && TOPIC_SERVER_TYPES.has(dataset.server.type);
    const tableFqn = topic ? undefined : tableFqnOf(dataset, options);
    const folded = tableFqn === undefined ? undefined : tableFqnOf(dataset, options, snowflakeFolded);
    if (topic) {
      // OpenMetadata keeps a topic under a messaging service (service.topic), never as a table: looking one up as a table
      // in an invented database and schema finds nothing, and "ingest it first" would send its owners the wrong way.
      notes.push(
        `${object.name} of contract ${contract.id}: a ${dataset.server?.type} topic (server ${dataset.server?.server}); meshkit publishes data contracts on OpenMetadata tables only in this release, so its contract is not published there`,
      );
    } else if (!tableFqn) {
      notes.push(
        dataset.server
          ? `${object.name} of contract ${contract.id}: no OpenMetadata service for server ${dataset.server.server} (${dataset.server.type}); give one (the server's openmetadataService custom property, or service=<name> after "#" in the openmetadata: target) to publish its contract`
          : `${object.name} of contract ${contract.id}: the contract names no server, so OpenMetadata cannot locate its table; add the server its data lives on to publish its contract`,
      );
    }
    const sla = new Map(slaSummary(contract, object.name));
    const generalAvailability = isoDateTime(contract.slaProperties?.find((s) => s.property === "generalAvailability")?.value);
    const endOfSupport = isoDateTime(contract.slaProperties?.find((s) => s.property === "endOfSupport")?.value);
    const quality = qualityStatus(docs.results, contract, object.name);
    const measuredOn = qualityServer(quality, dataset.server);
    contracts.push({
      dataset: { contractId: contract.id, contractVersion: contract.version, object: object.name },
      ...(tableFqn ? { tableFqn } : {}),
      ...(folded !== undefined && folded !== tableFqn ? { foldedTableFqn: folded } : {}),
      ...(folded !== undefined ? { snowflake: true as const } : {}),
      status: contractStatus(contract.status, product.status),
      request: {
        name: productEntityName(contract.name ?? contract.id, `name of contract ${contract.id}`, ""),
        displayName: `${object.businessName ?? object.name} (${contract.name ?? contract.id} ${contract.version})`,
        description: contractDescription(contract, dataset, sla, quality),
        schema: columns(object.properties ?? [], options),
        ...(generalAvailability ? { effectiveFrom: generalAvailability } : {}),
        ...(endOfSupport ? { effectiveUntil: endOfSupport } : {}),
        ...(options.sourceUrl ? { sourceUrl: options.sourceUrl } : {}),
      },
      quality,
      ...(measuredOn ? { qualityServer: measuredOn } : {}),
    });
  }

  const team = product.team?.name && product.team.name.trim() !== "" ? product.team.name.trim() : undefined;
  const members = activeMembers(product.team?.members);
  const owning = members.filter((m) => (m.role ?? "").toLowerCase().includes("owner"));
  const users = (owning.length > 0 ? owning : members).map((m) => m.username);
  // OpenMetadata's data product has no lifecycle of its own: a product that is not active says so first, as the catalog site does.
  const description = [productDescriptionMarkdown(product), managementPortsMarkdown(product)].filter((d) => d !== "").join("\n\n");
  return {
    domain: {
      name: domainName,
      request: {
        name: domainName,
        displayName: domainText,
        description: ownDomain
          ? `Domain ${escapeMarkdownText(domainText)} (created by meshkit when publishing ${escapeMarkdownText(productDisplayName(product))}).`
          : `Data products whose ODPS document names no domain (created by meshkit when publishing ${escapeMarkdownText(productDisplayName(product))}).`,
        domainType: options.domainType ?? "Source-aligned",
      },
    },
    dataProduct: {
      name: productName,
      request: {
        name: productName,
        displayName: productDisplayName(product),
        description: description !== "" ? description : `Data product ${escapeMarkdownText(productDisplayName(product))}.`,
        domains: [fqnPart(domainName)],
      },
    },
    contracts,
    owners: { ...(team ? { team } : {}), users },
    notes,
  };
}

/** ODPS management ports (endpoints to discover, observe or control the product) as a Markdown list, HTML escaped; empty without any. */
function managementPortsMarkdown(product: ProductDocuments["product"]): string {
  const ports = product.managementPorts ?? [];
  if (ports.length === 0) return "";
  const lines = ports.map((m) => {
    const where = [m.url, m.channel ? `channel ${m.channel}` : undefined].filter((w): w is string => typeof w === "string" && w !== "");
    return `- ${escapeMarkdownText(m.name)} (${escapeMarkdownText(m.content)}, ${escapeMarkdownText(m.type ?? "rest")})${where.length > 0 ? `: ${where.map(escapeMarkdownText).join(", ")}` : ""}${m.description ? ` — ${escapeMarkdownText(m.description)}` : ""}`;
  });
  return ["**Management ports**", ...lines].join("\n");
}

/** OpenMetadata entity names: 1 to 256 characters, no `::` (and no quotes, which meshkit puts around fully qualified name parts). */
const isEntityName = (name: string) => name !== "" && name.length <= 256 && !name.includes("::") && !name.includes('"');
const entityNameProblem = (value: string, what: string) => `Cannot name an OpenMetadata entity after the ${what} ${JSON.stringify(value)}: it must be 1 to 256 characters without "::" or quotes`;

/** An entity name from a setting of the target: one OpenMetadata cannot hold is a bad target. */
function entityName(value: string, what: string): string {
  if (!isEntityName(value.trim())) throw new UsageError(entityNameProblem(value, what));
  return value.trim();
}

/**
 * An entity name from the product or its contracts: one OpenMetadata cannot hold is a finding on that
 * product (at `path` of its document, "" for the whole product), and the other products are published.
 */
function productEntityName(value: string, what: string, path: string): string {
  if (!isEntityName(value.trim())) throw new CatalogContentError(entityNameProblem(value, what), path);
  return value.trim();
}

/**
 * One part of a fully qualified name, as OpenMetadata builds it (`FullyQualifiedName.quoteName`): a name in quotes
 * loses them unless it holds a dot; a name holding quotes (a table created with `""` in its name) has each escaped with a backslash;
 * any other holding a dot is quoted.
 */
export function fqnPart(name: string): string {
  const quoted = /^"([^"]+)"$/.exec(name);
  if (quoted) return quoted[1]!.includes(".") ? name : quoted[1]!;
  if (name.includes('"')) return name.replace(/"/g, '\\"');
  return name.includes(".") ? `"${name}"` : name;
}

/**
 * Custom properties of a contract server that place its tables in OpenMetadata: the database service
 * that ingests the server, and (when OpenMetadata names them differently from the server's own
 * `database` / `schema`) the database and schema.
 */
export const OPENMETADATA_SERVER_PROPERTIES = { service: "openmetadataService", database: "openmetadataDatabase", schema: "openmetadataSchema" } as const;

/**
 * The OpenMetadata service of a contract server: its own `openmetadataService` custom property, else
 * `services` by server name, then by server type, else `service`; undefined when none applies.
 */
export function openMetadataServiceOf(server: Server, options: Pick<OpenMetadataPlanOptions, "services" | "service"> = {}): string | undefined {
  // By type as written, then as every stage reads it (ODCS's `postgresql` is `postgres`).
  return serverProperty(server, OPENMETADATA_SERVER_PROPERTIES.service) ?? options.services?.[server.server] ?? options.services?.[server.type] ?? options.services?.[serverTypeOf(server) ?? ""] ?? options.service;
}

function serverProperty(server: Server, name: string): string | undefined {
  const found = (server.customProperties ?? []).find((p) => p.property === name);
  return typeof found?.value === "string" && found.value.trim() !== "" ? found.value.trim() : undefined;
}

/**
 * A table's fully qualified name; with `fold`, its database, schema and table names as the server's engine keeps them
 * (`snowflakeFolded`), undefined when `fold` says the engine keeps them as written.
 */
function tableFqnOf(dataset: OutputDataset, options: OpenMetadataPlanOptions, fold?: (server: Server, name: string) => string | undefined): string | undefined {
  const server: Server | undefined = dataset.server;
  if (!server) return undefined;
  const service = openMetadataServiceOf(server, options);
  if (!service) return undefined;
  const table = objectPhysicalName(dataset.object);
  const database = serverProperty(server, OPENMETADATA_SERVER_PROPERTIES.database) ?? server.database ?? server.catalog ?? server.project ?? "default";
  const schema = serverProperty(server, OPENMETADATA_SERVER_PROPERTIES.schema) ?? server.schema ?? server.dataset ?? "default";
  const parts = fold ? [database, schema, table].map((name) => fold(server, name)) : [database, schema, table];
  return parts.every((part): part is string => part !== undefined) ? [service, ...parts].map(fqnPart).join(".") : undefined;
}

/** A name as Snowflake keeps it: one it reads unquoted in upper case (`orders` is `ORDERS`), any other as written (a quoted one). */
const snowflakeName = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name.toUpperCase() : name);

/**
 * A name as a Snowflake server keeps it; undefined on any other server. Contracts usually write Snowflake names in lower
 * case, as SQL reads them, while Snowflake keeps them in upper case, and OpenMetadata's Snowflake connector names databases,
 * schemas, tables and columns as Snowflake keeps them (`svc.ANALYTICS.SALES.ORDERS`) and matches names exactly.
 */
function snowflakeFolded(server: Pick<Server, "type">, name: string): string | undefined {
  return serverTypeOf(server) === "snowflake" ? snowflakeName(name) : undefined;
}

/**
 * A data contract's status from its ODCS status and its product's: the table's contract is served by the product's
 * output port, so a deprecated or retired product deprecates it whatever the contract says — as DataHub's `deprecation`
 * and Backstage's lifecycle do —, and a consumer who finds the table in OpenMetadata is not shown an approved contract.
 * Likewise it is approved only while the product is active too (Backstage's `production`): a proposed or draft product
 * may change without notice, and OpenMetadata's data product has no status of its own to say so.
 */
function contractStatus(status: string, productStatus: unknown): OpenMetadataContractStatus {
  const statuses = [status, productStatus].map((s) => (typeof s === "string" ? s.trim().toLowerCase() : ""));
  if (statuses.some((s) => s === "deprecated" || s === "retired")) return "Deprecated";
  return statuses.every((s) => s === "active") ? "Active" : "Draft";
}

/** The oldest OpenMetadata meshkit publishes to: data contracts, and data products with a list of `domains`, came in 1.9.0. */
export const OPENMETADATA_MINIMUM_VERSION = { major: 1, minor: 9 } as const;

/**
 * The status field of a create-data-contract request, as the server's version names it. OpenMetadata 1.9
 * takes `status` (`Draft`, `Active`, `Deprecated`); 1.10.0 renamed it `entityStatus`, the status every
 * governed entity has (`Draft`, `In Review`, `Approved`, `Deprecated`, `Rejected`, `Unprocessed`), with
 * `Approved` for what was `Active`. Both refuse the other's field (their request schemas allow no other
 * properties), so the version decides. A version that is not `major.minor…` is taken for the newest API.
 */
export function contractStatusField(serverVersion: string, status: OpenMetadataContractStatus): { status: OpenMetadataContractStatus } | { entityStatus: "Draft" | "Approved" | "Deprecated" } {
  const version = parseServerVersion(serverVersion);
  if (version && version.major === 1 && version.minor < 10) return { status };
  return { entityStatus: status === "Active" ? "Approved" : status };
}

function parseServerVersion(version: string): { major: number; minor: number } | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** Refuses a server older than meshkit publishes to, before anything is written. */
function checkServerVersion(baseUrl: string, serverVersion: string): void {
  const version = parseServerVersion(serverVersion);
  const { major, minor } = OPENMETADATA_MINIMUM_VERSION;
  if (version && (version.major < major || (version.major === major && version.minor < minor))) {
    throw new UsageError(
      `OpenMetadata at ${baseUrl} is version ${serverVersion}; meshkit publishes to OpenMetadata ${major}.${minor} or later (data contracts, and data products in a list of domains, came in ${major}.${minor}.0): upgrade it. Nothing was written.`,
    );
  }
}

function isoDateTime(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const time = Date.parse(value);
  return Number.isFinite(time) && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(time).toISOString() : undefined;
}

/** How a data contract's description names the ODCS contract it was written for: it tells meshkit's contract on a table from another. */
function odcsContractMark(contractId: string): string {
  return `${ODCS_CONTRACT_MARK}\`${contractId}\``;
}

/** What every data contract meshkit writes says in its description, whatever its ODCS contract (odcsContractMark). */
const ODCS_CONTRACT_MARK = "ODCS contract ";

function contractDescription(contract: DataContract, dataset: OutputDataset, sla: Map<string, string>, quality: QualityCounts): string {
  const parts: string[] = [];
  const measuredOn = qualityServer(quality, dataset.server);
  if (dataset.object.description) parts.push(escapeMarkdownText(dataset.object.description));
  const about = contractDescriptionMarkdown(contract);
  if (about !== "") parts.push(about);
  parts.push(
    `${odcsContractMark(contract.id)} version ${escapeMarkdownText(contract.version)} (${escapeMarkdownText(contract.status)}), object \`${escapeMarkdownText(dataset.object.name)}\`, output port ${escapeMarkdownText(dataset.port.name)} ${escapeMarkdownText(dataset.port.version)}.`,
  );
  if (sla.size > 0) parts.push(["**SLAs**", ...[...sla].map(([k, v]) => `- ${escapeMarkdownText(k)}: ${escapeMarkdownText(v)}`)].join("\n"));
  parts.push(
    quality.status === "untested"
      ? "**Quality:** not tested for this version."
      : `**Quality:** ${quality.status} (${quality.checks} checks: ${quality.passed} passed, ${quality.failed} failed, ${quality.warned} warned, ${quality.errors} errors${quality.testedAt ? `; tested ${quality.testedAt}` : ""}${measuredOn ? `; on server ${escapeMarkdownText(measuredOn)}` : ""}).`,
  );
  return parts.join("\n\n");
}

/** Contract properties as OpenMetadata columns (nested objects as children). */
function columns(properties: readonly SchemaProperty[], options: OpenMetadataPlanOptions): OpenMetadataColumn[] {
  return properties.map((property, index) => {
    const type = openMetadataType(property);
    const tags: OpenMetadataTagLabel[] = [];
    const label = (tagFQN: string): OpenMetadataTagLabel => ({ tagFQN, source: "Classification", labelType: "Manual", state: "Confirmed" });
    if (isPersonalData(property)) tags.push(label(options.piiTag ?? "PII.Sensitive"));
    const classification = typeof property.classification === "string" ? property.classification.trim().toLowerCase() : "";
    const classificationTag = options.classificationTags?.[classification];
    if (classificationTag && !tags.some((t) => t.tagFQN === classificationTag)) tags.push(label(classificationTag));
    const nested = nestedProperties(property);
    const name = objectPhysicalName(property);
    if (name.length > 128 || name.includes("::")) throw new CatalogContentError(`Column ${JSON.stringify(name)} cannot be an OpenMetadata column name (at most 128 characters, no "::")`);
    return {
      name,
      ...type,
      ...(property.description ? { description: escapeMarkdownText(property.description) } : {}),
      constraint: property.primaryKey === true ? "PRIMARY_KEY" : property.unique === true ? "UNIQUE" : property.required === true ? "NOT_NULL" : "NULL",
      ordinalPosition: index + 1,
      ...(tags.length > 0 ? { tags } : {}),
      ...(nested && nested.length > 0 ? { children: columns(nested, options) } : {}),
    };
  });
}

type ColumnType = Pick<OpenMetadataColumn, "dataType" | "dataTypeDisplay" | "dataLength" | "precision" | "scale" | "arrayDataType">;

/**
 * Physical type names → OpenMetadata column data types, mostly as OpenMetadata's own ingestion names them
 * (its ColumnTypeParser), for the engines ODCS servers name: PostgreSQL, MySQL, SQL Server, Oracle, Snowflake,
 * BigQuery, Databricks / Spark, DuckDB, Redshift, ClickHouse. A zone-aware timestamp is `TIMESTAMPZ`, and
 * Snowflake's `OBJECT` a `STRUCT`, as ODCS's logical type `object` is (its fields are the property's `properties`).
 */
const PHYSICAL_TYPES: Readonly<Record<string, string>> = {
  VARCHAR: "VARCHAR", "CHARACTER VARYING": "VARCHAR", NVARCHAR: "VARCHAR", VARCHAR2: "VARCHAR", NVARCHAR2: "VARCHAR", "LONG VARCHAR": "VARCHAR",
  CHAR: "CHAR", CHARACTER: "CHAR", NCHAR: "CHAR", BPCHAR: "CHAR",
  TEXT: "TEXT", NTEXT: "TEXT", TINYTEXT: "TEXT", LONGTEXT: "TEXT", STRING: "STRING", CLOB: "CLOB", NCLOB: "CLOB", MEDIUMTEXT: "MEDIUMTEXT",
  INT: "INT", INTEGER: "INT", INT4: "INT", MEDIUMINT: "INT", SERIAL: "INT", SERIAL4: "INT", UINTEGER: "INT",
  SMALLINT: "SMALLINT", INT2: "SMALLINT", SMALLSERIAL: "SMALLINT", SERIAL2: "SMALLINT", USMALLINT: "SMALLINT", SHORT: "SMALLINT",
  TINYINT: "TINYINT", UTINYINT: "TINYINT", BYTEINT: "BYTEINT",
  BIGINT: "BIGINT", INT8: "BIGINT", INT16: "BIGINT", INT32: "BIGINT", INT64: "BIGINT", INT128: "BIGINT", BIGSERIAL: "BIGINT", SERIAL8: "BIGINT", UBIGINT: "BIGINT",
  HUGEINT: "NUMERIC", UHUGEINT: "NUMERIC", LONG: "LONG",
  DECIMAL: "DECIMAL", DEC: "DECIMAL", NUMERIC: "NUMERIC", BIGNUMERIC: "NUMERIC", BIGDECIMAL: "NUMERIC", NUMBER: "NUMBER", MONEY: "NUMBER", SMALLMONEY: "NUMBER",
  FLOAT: "FLOAT", REAL: "FLOAT", FLOAT4: "FLOAT", FLOAT32: "FLOAT", BINARY_FLOAT: "FLOAT",
  DOUBLE: "DOUBLE", "DOUBLE PRECISION": "DOUBLE", FLOAT8: "DOUBLE", FLOAT64: "DOUBLE", BINARY_DOUBLE: "DOUBLE",
  BOOLEAN: "BOOLEAN", BOOL: "BOOLEAN",
  DATE: "DATE", TIME: "TIME", "TIME WITHOUT TIME ZONE": "TIME", "TIME WITH TIME ZONE": "TIME", TIMETZ: "TIME",
  DATETIME: "DATETIME", DATETIME2: "DATETIME", SMALLDATETIME: "DATETIME", DATETIME64: "DATETIME",
  TIMESTAMP: "TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE": "TIMESTAMP", TIMESTAMP_NTZ: "TIMESTAMP", TIMESTAMPNTZ: "TIMESTAMP",
  TIMESTAMP_S: "TIMESTAMP", TIMESTAMP_MS: "TIMESTAMP", TIMESTAMP_US: "TIMESTAMP", TIMESTAMP_NS: "TIMESTAMP",
  TIMESTAMPTZ: "TIMESTAMPZ", "TIMESTAMP WITH TIME ZONE": "TIMESTAMPZ", "TIMESTAMP WITH LOCAL TIME ZONE": "TIMESTAMPZ",
  TIMESTAMP_TZ: "TIMESTAMPZ", TIMESTAMP_LTZ: "TIMESTAMPZ", TIMESTAMPLTZ: "TIMESTAMPZ", DATETIMEOFFSET: "TIMESTAMPZ",
  INTERVAL: "INTERVAL", YEAR: "YEAR",
  UUID: "UUID", UNIQUEIDENTIFIER: "UUID", JSON: "JSON", JSONB: "JSON", XML: "XML",
  BYTEA: "BYTEA", BYTES: "BYTES", BINARY: "BINARY", VARBINARY: "VARBINARY", "BINARY VARYING": "VARBINARY",
  BLOB: "BLOB", TINYBLOB: "BLOB", MEDIUMBLOB: "MEDIUMBLOB", LONGBLOB: "LONGBLOB", RAW: "BINARY", "LONG RAW": "BINARY", IMAGE: "BINARY",
  ARRAY: "ARRAY", LIST: "ARRAY", STRUCT: "STRUCT", ROW: "STRUCT", RECORD: "STRUCT", MAP: "MAP", OBJECT: "STRUCT", VARIANT: "VARIANT", SUPER: "SUPER",
  GEOGRAPHY: "GEOGRAPHY", GEOMETRY: "GEOMETRY", POINT: "GEOMETRY", POLYGON: "GEOMETRY",
  ENUM: "ENUM", SET: "SET", INET: "INET", CIDR: "CIDR", MACADDR: "MACADDR", MACADDR8: "MACADDR", TSVECTOR: "TSVECTOR", TSQUERY: "TSQUERY",
  UNION: "UNION", UNIONTYPE: "UNION",
};

const LOGICAL_TYPES: Readonly<Record<string, string>> = {
  string: "STRING", integer: "BIGINT", number: "NUMBER", boolean: "BOOLEAN", date: "DATE", timestamp: "TIMESTAMP", time: "TIME", object: "STRUCT", array: "ARRAY",
};

/** OpenMetadata needs a length for these; without one (or `MAX`) the column is a plain string / bytes. */
const LENGTH_TYPES: ReadonlySet<string> = new Set(["VARCHAR", "CHAR", "BINARY", "VARBINARY"]);

/**
 * A type name with its arguments: `VARCHAR(20)`, `NUMBER(38,0)`, `VARCHAR(MAX)`, `TIMESTAMP_NTZ(9)`,
 * `timestamp(6) with time zone` (the zone clause after the precision, as PostgreSQL writes it).
 */
const SCALAR_TYPE = /^([A-Za-z][A-Za-z0-9_ ]*?)\s*(?:\(\s*(\d+|max)\s*(?:,\s*(\d+)\s*)?\))?(?:\s+((?:with|without)\s+(?:local\s+)?time\s+zone))?$/i;

/**
 * The element type of an array written in its physical type: `ARRAY<STRING>` (BigQuery, Databricks, Snowflake),
 * `array(varchar)` (Trino, ClickHouse's `Array(String)`), `text[]` (PostgreSQL, DuckDB).
 */
function arrayElementType(physical: string): string | undefined {
  const generic = /^(?:array|list)\s*(?:<(.+)>|\((.+)\))$/i.exec(physical);
  if (generic) return (generic[1] ?? generic[2])!.trim();
  const postgres = /^(.+?)\s*\[\s*\d*\s*\]$/.exec(physical);
  return postgres ? postgres[1]!.trim() : undefined;
}

/** OpenMetadata column type of an ODCS property: its physical type when OpenMetadata has it, else its logical type. */
export function openMetadataType(property: Pick<SchemaProperty, "physicalType" | "logicalType" | "items">): ColumnType {
  const physical = (property.physicalType ?? "").trim();
  // Read with its blanks collapsed: the type patterns below allow blanks at several places in a row, and a run of
  // blanks they could each take part of would cost them time cubic in its length. `dataTypeDisplay` keeps it as written.
  const spelled = physical.replace(/\s+/g, " ");
  const logical = property.logicalType ? LOGICAL_TYPES[property.logicalType] : undefined;
  const element = arrayElementType(spelled);
  const arrayOf = (): Pick<ColumnType, "arrayDataType"> => {
    const items = property.items;
    // The items' own types first; else the element type the physical type names (`ARRAY<STRING>`, `text[]`).
    const inner = items
      ? openMetadataType({ ...(items.physicalType ? { physicalType: items.physicalType } : {}), ...(items.logicalType ? { logicalType: items.logicalType } : {}) })
      : element !== undefined
        ? openMetadataType({ physicalType: element })
        : undefined;
    // OpenMetadata requires an array's element type (a table column of type ARRAY without one is refused): UNKNOWN when nothing names it.
    return { arrayDataType: inner?.dataType ?? "UNKNOWN" };
  };
  const display = physical.toLowerCase();
  if (element !== undefined) return { dataType: "ARRAY", dataTypeDisplay: display, ...arrayOf() };
  // STRUCT<a INT64>, MAP<STRING, INT>, ROW(a INTEGER): the container type; nested fields come from the property's own properties.
  const container = /^([A-Za-z]+)\s*[<(]/.exec(spelled);
  const containerType = container ? PHYSICAL_TYPES[container[1]!.toUpperCase()] : undefined;
  if (containerType && ["STRUCT", "MAP", "UNION"].includes(containerType)) return { dataType: containerType, dataTypeDisplay: display };
  const match = SCALAR_TYPE.exec(spelled);
  const base = match ? PHYSICAL_TYPES[[match[1], match[4]].filter((p) => p !== undefined).join(" ").replace(/\s+/g, " ").toUpperCase()] : undefined;
  if (match && base) {
    const size = match[2] === undefined || /^max$/i.test(match[2]) ? undefined : Number(match[2]);
    const scale = match[3] === undefined ? undefined : Number(match[3]);
    if (LENGTH_TYPES.has(base)) {
      if (size === undefined) return { dataType: base.endsWith("BINARY") ? "BYTES" : "STRING", dataTypeDisplay: display };
      return { dataType: base, dataLength: size, dataTypeDisplay: display };
    }
    if (["DECIMAL", "NUMERIC", "NUMBER"].includes(base)) {
      return { dataType: base, ...(size !== undefined ? { precision: size } : {}), ...(scale !== undefined ? { scale } : {}), dataTypeDisplay: display };
    }
    return { dataType: base, dataTypeDisplay: display, ...(base === "ARRAY" ? arrayOf() : {}) };
  }
  if (logical) return { dataType: logical, dataTypeDisplay: physical !== "" ? display : (property.logicalType as string), ...(logical === "ARRAY" ? arrayOf() : {}) };
  return { dataType: "UNKNOWN", ...(physical !== "" ? { dataTypeDisplay: display } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Publishing
// ---------------------------------------------------------------------------------------------

export interface OpenMetadataPublishOptions extends OpenMetadataPlanOptions, HttpRetryOptions {
  /** Token; default `MESHKIT_OPENMETADATA_TOKEN` from `env`. */
  token?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Tables, by fully qualified name, that another version of the product published in the same run serves in this one's
   * stead (a newer one, or the one sent after it, which describes the product once the run is over): not taken out of
   * the data product's assets (`formerAssets`) though this version does not have them.
   */
  servedElsewhere?: ReadonlySet<string>;
  /**
   * Tables, by fully qualified name, that another product published in the same run serves (an output port moved to it):
   * taken out of this data product's assets when this one no longer has them, but their data contract, which is the
   * table's and now describes it for that product, is not deprecated.
   */
  servedByOtherProducts?: ReadonlySet<string>;
}

export interface OpenMetadataPublishResult {
  url: string;
  /** What was written, in order, e.g. `dataContract customer_profile on svc.db.s.t`. */
  written: string[];
  /** Looked up and left as found (an existing domain). */
  kept: string[];
  /** Tables taken out of the data product's assets, by fully qualified name: it no longer has them (`formerAssets`). */
  removedAssets: string[];
  /** Tables, among those it no longer has, whose data contract meshkit wrote and now deprecated, by fully qualified name. */
  deprecatedContracts: string[];
  notes: string[];
}

/**
 * Publishing stopped at a request that failed for good; `written` came before it, `notWritten` after. `notes` are what
 * was found before it (a table, team or user OpenMetadata does not know, a contract without a table): the parts left out
 * of what was written, reported as when the publication completes.
 */
export class OpenMetadataPublishError extends UsageError {
  constructor(
    message: string,
    readonly written: readonly string[],
    readonly failed: string,
    readonly notWritten: readonly string[],
    readonly status: number | undefined,
    readonly notes: readonly string[] = [],
  ) {
    super(message);
    this.name = "OpenMetadataPublishError";
  }
}

interface EntityRef {
  id: string;
  type: string;
}

/** Publishes the product to OpenMetadata at `url` (its base address, e.g. `http://openmetadata:8585`). */
export async function publishToOpenMetadata(url: string, docs: ProductDocuments, options: OpenMetadataPublishOptions = {}): Promise<OpenMetadataPublishResult> {
  const plan = buildOpenMetadataPlan(docs, options);
  const client = openMetadataClient(url, options);
  const notes = [...plan.notes];
  const written: string[] = [];
  const kept: string[] = [];
  const removedAssets: string[] = [];
  const deprecatedContracts: string[] = [];
  const api = "/api/v1";
  const enc = encodeURIComponent;

  // Everything that will be written, so a failure can say what was not.
  const steps: string[] = [];
  // The tables the product no longer has, which the last step (`removal`) takes out of its assets.
  let former: FormerAsset[] = [];
  const removal = () => `removal of ${former.length === 1 ? "a former asset" : "former assets"} from dataProduct ${plan.dataProduct.name}`;
  const deprecation = (table: FormerAsset) => `deprecation of the data contract on ${table.fqn}`;
  let current = "";
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    current = label;
    const result = await run();
    written.push(label);
    return result;
  };

  try {
    // Look-ups first: nothing is written when the service, the token, its version or a name is wrong.
    current = "look up the OpenMetadata version";
    const about = await client.request({
      method: "GET",
      path: `${api}/system/version`,
      expect: versionAnswer,
      wrongAddress: "give the address OpenMetadata's UI and API share, without /api/v1 (e.g. openmetadata:http://openmetadata:8585)",
    });
    const { version } = (about.body ?? {}) as { version?: unknown };
    const serverVersion = typeof version === "string" ? version : "";
    checkServerVersion(client.baseUrl, serverVersion);
    current = `look up domain ${plan.domain.name}`;
    const domain = await client.request({ method: "GET", path: `${api}/domains/name/${enc(fqnPart(plan.domain.name))}`, accept: [404], expect: entityAnswer });
    const { owners, tables, contractTables } = await lookUpPlan(client, plan, notes, (label) => (current = label));

    former = await formerAssets(client, plan, new Set([...tables.values()].map((t) => t.id)), options.servedElsewhere ?? new Set(), options.servedByOtherProducts ?? new Set(), (label) => (current = label));

    if (domain.status === 404) steps.push(`domain ${plan.domain.name}`);
    for (const contract of plan.contracts) {
      const target = contractTables.get(contract);
      if (!target) continue;
      steps.push(`dataContract ${target.name} on ${contract.tableFqn}`);
      if (contract.quality.status !== "untested") steps.push(`result of dataContract ${target.name} on ${contract.tableFqn}`);
    }
    steps.push(`dataProduct ${plan.dataProduct.name}`);
    if (tables.size > 0) steps.push(`assets of dataProduct ${plan.dataProduct.name}`);
    if (former.length > 0) steps.push(removal());
    for (const table of former) if (table.contractToDeprecate) steps.push(deprecation(table));

    if (domain.status === 404) {
      await step(`domain ${plan.domain.name}`, () => client.request({ method: "PUT", path: `${api}/domains`, body: plan.domain.request, expect: entityAnswer }));
    } else {
      kept.push(`domain ${plan.domain.name}`);
    }
    for (const contract of plan.contracts) {
      const target = contractTables.get(contract);
      if (!target) continue;
      const { table, name } = target;
      const label = `dataContract ${name} on ${contract.tableFqn}`;
      const saved = await step(label, () =>
        client.request({
          method: "PUT",
          path: `${api}/dataContracts`,
          body: { ...contract.request, name, ...contractStatusField(serverVersion, contract.status), entity: table, ...(owners.length > 0 ? { owners } : {}) },
          expect: entityAnswer,
        }),
      );
      if (contract.quality.status === "untested") continue;
      const savedContract = saved.body as { id?: unknown; fullyQualifiedName?: unknown } | undefined;
      if (typeof savedContract?.id !== "string") throw new UsageError(`OpenMetadata did not return the id of the data contract ${name}`);
      const fqn = typeof savedContract.fullyQualifiedName === "string" ? savedContract.fullyQualifiedName : `${contract.tableFqn}.dataContract_${name}`;
      await step(`result of ${label}`, () =>
        client.request({ method: "PUT", path: `${api}/dataContracts/${enc(savedContract.id as string)}/results`, body: contractResult(fqn, contract.quality, contract.qualityServer) }),
      );
    }
    await step(`dataProduct ${plan.dataProduct.name}`, () =>
      client.request({ method: "PUT", path: `${api}/dataProducts`, body: { ...plan.dataProduct.request, ...(owners.length > 0 ? { owners } : {}) }, expect: entityAnswer }),
    );
    if (tables.size > 0) {
      const added = await step(`assets of dataProduct ${plan.dataProduct.name}`, () =>
        client.request({ method: "PUT", path: `${api}/dataProducts/${enc(fqnPart(plan.dataProduct.name))}/assets/add`, body: { assets: [...tables.values()] } }),
      );
      const refused = refusedAssets(added.body, new Map([...tables].map(([contract, ref]) => [ref.id, contract.tableFqn ?? ref.id])));
      if (refused.length > 0) {
        notes.push(
          `OpenMetadata did not add ${refused.length} of ${tables.size} tables to the data product ${plan.dataProduct.name} as assets (${refused.join("; ")}); the rest were added`,
        );
      }
    }
    // Last: until the product's current tables are its assets, a consumer still finds it by the ones it had.
    if (former.length > 0) {
      const taken = await step(removal(), () => client.request({ method: "PUT", path: `${api}/dataProducts/${enc(fqnPart(plan.dataProduct.name))}/assets/remove`, body: { assets: former.map((f) => f.ref) } }));
      const refused = refusedAssets(taken.body, new Map(former.map((f) => [f.ref.id, f.fqn])));
      if (refused.length > 0) notes.push(`OpenMetadata did not take ${refused.length} of ${former.length} tables the product no longer has out of the data product ${plan.dataProduct.name}'s assets (${refused.join("; ")})`);
      removedAssets.push(...former.map((f) => f.fqn).filter((fqn) => !refused.some((r) => r === fqn || r.startsWith(`${fqn}: `))));
    }
    // The data contract meshkit wrote on a table the product no longer serves would go on saying it is in force (Approved):
    // deprecated, as DataHub deprecates a withdrawn dataset. A table that comes back gets its status again when published.
    // Not one OpenMetadata kept among the product's assets (refused above): the product still lists it, under contract.
    for (const table of former) {
      const id = table.contractToDeprecate;
      if (!id) continue;
      if (!removedAssets.includes(table.fqn)) {
        steps.splice(steps.indexOf(deprecation(table)), 1);
        continue;
      }
      const patch = Object.entries(contractStatusField(serverVersion, "Deprecated")).map(([field, value]) => ({ op: "add", path: `/${field}`, value }));
      await step(deprecation(table), () => client.request({ method: "PATCH", path: `${api}/dataContracts/${enc(id)}`, body: patch, contentType: "application/json-patch+json", expect: entityAnswer }));
      deprecatedContracts.push(table.fqn);
    }
  } catch (error) {
    if (!(error instanceof CatalogRequestError)) throw error;
    const notWritten = steps.filter((s) => !written.includes(s));
    // A request OpenMetadata refused (a 4xx it is not worth retrying) is refused again until what it names is corrected.
    const refused = error.status !== undefined && error.status >= 400 && error.status < 500 && !RETRIED_STATUSES.has(error.status);
    const again = `${refused ? "once what OpenMetadata refused is corrected, " : ""}publishing again completes it (every write is an upsert).`;
    // Only the steps about the tables it no longer has left (the last ones): the product has all its assets, and maybe those too.
    const aboutFormer = new Set([removal(), ...former.map(deprecation)]);
    const undeprecated = former.filter((f) => notWritten.includes(deprecation(f))).map((f) => f.fqn);
    const product = !written.includes(`dataProduct ${plan.dataProduct.name}`)
      ? "was not written, so no consumer sees it before its contracts"
      : former.length > 0 && notWritten.every((s) => aboutFormer.has(s))
        ? notWritten.includes(removal())
          ? `still lists among its assets ${former.map((f) => f.fqn).join(", ")}, which it no longer has`
          : `no longer lists ${former.map((f) => f.fqn).join(", ")} among its assets, but the data contract on ${undeprecated.join(", ")} is not deprecated yet`
        : "was written without all its assets";
    const summary =
      written.length === 0
        ? "Nothing was written; publishing again sends everything."
        : `Written: ${written.join(", ")}; not written: ${notWritten.join(", ") || "none"}; the data product ${plan.dataProduct.name} ${product}; ${again}`;
    throw new OpenMetadataPublishError(`${error.message}. ${summary}`, written, current, notWritten, error.status, notes);
  }
  return { url: client.baseUrl, written, kept, removedAssets, deprecatedContracts, notes };
}

/** The owners, tables and data contracts OpenMetadata has for a plan, looked up (nothing is written). */
interface OpenMetadataFound {
  owners: EntityRef[];
  /** The tables found: the product's assets. */
  tables: Map<OpenMetadataContractPlan, EntityRef>;
  /** The tables whose data contract OpenMetadata would take, with the name the contract goes by there. */
  contractTables: Map<OpenMetadataContractPlan, { table: EntityRef; name: string }>;
}

/**
 * Looks up what a publication of the plan writes to (its owners, its tables and the data contracts they hold), read only;
 * what OpenMetadata lacks or would refuse is added to `notes` and left out — as a run reports it, and as a dry run says
 * a run would. `track` is told each look-up before it is made (what a failure names).
 */
async function lookUpPlan(client: JsonClient, plan: OpenMetadataPlan, notes: string[], track: (label: string) => void): Promise<OpenMetadataFound> {
  const owners = await resolveOwners(client, plan.owners, notes, track);
  // The tables found (the product's assets), and those whose data contract OpenMetadata would take, with the name it goes by.
  const tables = new Map<OpenMetadataContractPlan, EntityRef>();
  const contractTables = new Map<OpenMetadataContractPlan, { table: EntityRef; name: string }>();
  // The contract each table gets in this publication, by table id: OpenMetadata would refuse a second one (HTTP 400),
  // and every look-up below is made before any write, so none of them would see it.
  const claimed = new Map<string, OpenMetadataContractPlan>();
  for (const contract of plan.contracts) {
    if (!contract.tableFqn) continue;
    const found = await findTable(client, contract, contract.tableFqn, track);
    const ref = found.status === 200 ? entityRef(found.body, "table") : undefined;
    if (!ref) {
      const tried = contract.foldedTableFqn !== undefined ? ` (nor as ${contract.foldedTableFqn}, as Snowflake keeps unquoted names)` : "";
      notes.push(`table ${contract.tableFqn} is not in OpenMetadata${tried} (ingest it first, or correct the service / database it is looked up in): the contract of ${contract.dataset.object} is not published`);
      continue;
    }
    tables.set(contract, ref);
    if (contract.snowflake) contract.request.schema = columnsAsTableNames(contract.request.schema, found.body);
    const missing = columnsNotInTable(contract.request.schema, found.body);
    if (missing.length > 0) {
      notes.push(
        `table ${contract.tableFqn} in OpenMetadata has no column ${missing.join(", ")} of the contract of ${contract.dataset.object}, and OpenMetadata refuses a data contract that names a column its table lacks (ingest the table again once the columns exist, or correct their physicalName): its contract is not published; the table is still an asset of the data product`,
      );
      continue;
    }
    const first = claimed.get(ref.id);
    if (first) {
      notes.push(
        `table ${contract.tableFqn} is also the table of ${first.dataset.object} of contract ${first.dataset.contractId} in this product, whose data contract is published on it, and OpenMetadata holds one data contract per table: the contract of ${contract.dataset.object} of contract ${contract.dataset.contractId} is not published (give the two objects different tables, or one contract); the table is still an asset of the data product`,
      );
      continue;
    }
    // OpenMetadata holds one data contract per table, and refuses a second one (HTTP 400): the one the table has is
    // updated when it is this contract's (published under another name: the ODCS contract was renamed), else left alone.
    track(`look up the data contract of table ${contract.tableFqn}`);
    const existing = await tableContract(client, ref.id);
    const existingName = typeof existing?.name === "string" ? existing.name : undefined;
    if (existing === undefined || existingName === undefined || existingName === contract.request.name) {
      contractTables.set(contract, { table: ref, name: contract.request.name });
      claimed.set(ref.id, contract);
    } else if (typeof existing.description === "string" && existing.description.includes(odcsContractMark(contract.dataset.contractId))) {
      contractTables.set(contract, { table: ref, name: existingName });
      claimed.set(ref.id, contract);
    } else {
      notes.push(
        `table ${contract.tableFqn} already has the data contract ${existingName} in OpenMetadata, which meshkit did not write for contract ${contract.dataset.contractId}, and OpenMetadata holds one data contract per table: the contract of ${contract.dataset.object} is not published (remove ${existingName} in OpenMetadata to publish it); the table is still an asset of the data product`,
      );
    }
  }
  return { owners, tables, contractTables };
}

/**
 * The top-level columns of a contract's schema that the table, as OpenMetadata answered it, lacks (OpenMetadata compares
 * names exactly, nested fields not). A table it lists without any column lacks them all: OpenMetadata refuses every
 * field of a contract on it ("…do not exist in the table: …"). None when the answer has no column list at all.
 */
function columnsNotInTable(schema: readonly OpenMetadataColumn[], table: unknown): string[] {
  const columns = (table as { columns?: unknown } | undefined)?.columns;
  if (!Array.isArray(columns)) return [];
  const names = new Set(columns.map((c) => (c as { name?: unknown } | null)?.name).filter((n): n is string => typeof n === "string"));
  return schema.map((c) => c.name).filter((name) => !names.has(name));
}

/**
 * A Snowflake table's contract columns as the table, as OpenMetadata answered it, names them: a column it lacks as written
 * but has as Snowflake keeps it (`order_id` as `ORDER_ID`, `snowflakeFolded`) takes that name, which OpenMetadata compares exactly.
 */
function columnsAsTableNames(schema: OpenMetadataColumn[], table: unknown): OpenMetadataColumn[] {
  const columns = (table as { columns?: unknown } | undefined)?.columns;
  if (!Array.isArray(columns)) return schema;
  const names = new Set(columns.map((c) => (c as { name?: unknown } | null)?.name).filter((n): n is string => typeof n === "string"));
  return schema.map((column) => {
    const folded = snowflakeName(column.name);
    return names.has(column.name) || !names.has(folded) ? column : { ...column, name: folded };
  });
}

async function resolveOwners(client: JsonClient, owners: OpenMetadataPlan["owners"], notes: string[], track: (label: string) => void): Promise<EntityRef[]> {
  const enc = encodeURIComponent;
  if (owners.team) {
    track(`look up team ${owners.team}`);
    const team = await client.request({ method: "GET", path: `/api/v1/teams/name/${enc(fqnPart(owners.team))}`, accept: [404], expect: entityAnswer });
    const ref = team.status === 200 ? entityRef(team.body, "team") : undefined;
    // Only a team of type Group may own entities: OpenMetadata refuses any other (a Department, a BusinessUnit, …) as an
    // owner with a 400, which would stop the publication at its first write. Its members are named instead, as for a team it lacks.
    const teamType = (team.body as { teamType?: unknown } | undefined)?.teamType;
    if (ref && (teamType === undefined || teamType === "Group")) return [ref];
    notes.push(
      ref
        ? `team ${owners.team} is a team of type ${String(teamType)} in OpenMetadata, which owns no entities (only a team of type Group does): its owners are named instead`
        : `team ${owners.team} is not in OpenMetadata: its owners are named instead`,
    );
  }
  const refs: EntityRef[] = [];
  for (const username of owners.users) {
    // OpenMetadata user names are usually the e-mail's local part, and always lower case (it lowercases a user's name
    // when it creates the user, and finds users by exact name): `Sofia.Rossi@acme.example` is `sofia.rossi` there.
    const candidates = [...new Set([username, username.split("@")[0] as string].map((name) => name.toLowerCase()))];
    let ref: EntityRef | undefined;
    for (const candidate of candidates) {
      track(`look up user ${candidate}`);
      const user = await client.request({ method: "GET", path: `/api/v1/users/name/${enc(fqnPart(candidate))}`, accept: [404], expect: entityAnswer });
      ref = user.status === 200 ? entityRef(user.body, "user") : undefined;
      if (ref) break;
    }
    if (ref) refs.push(ref);
    else notes.push(`user ${username} is not in OpenMetadata: not named as an owner`);
  }
  return refs;
}

/** A table's data contract, as OpenMetadata answers it (the fields read). */
type TableContract = { id?: unknown; name?: unknown; description?: unknown; status?: unknown; entityStatus?: unknown };

/**
 * The data contract a table holds of its own, as OpenMetadata answers it; undefined when it holds none. A contract the table
 * inherits is not the table's own: newer OpenMetadata answers a table without a contract of its own with its data product's,
 * marked `inherited: true` and pointed at the table (its `entity` is the table). A table's own contract overrides it, so it
 * neither blocks one of meshkit's nor can be removed (OpenMetadata refuses to).
 */
async function tableContract(client: JsonClient, tableId: string): Promise<TableContract | undefined> {
  const held = await client.request({ method: "GET", path: `/api/v1/dataContracts/entity?entityId=${encodeURIComponent(tableId)}&entityType=table`, accept: [404], expect: entityAnswer });
  const existing =
    held.status === 200 ? (held.body as { id?: unknown; name?: unknown; description?: unknown; status?: unknown; entityStatus?: unknown; entity?: { id?: unknown }; inherited?: unknown }) : undefined;
  return existing !== undefined && existing.inherited !== true && (existing.entity?.id === undefined || existing.entity.id === tableId) ? existing : undefined;
}

/**
 * The table OpenMetadata has for a contract of the plan (its columns too, a field OpenMetadata sends only when asked for: it
 * refuses a contract that names a column the table lacks); a 404 when it has none. Looked up as the plan names it, then as
 * Snowflake keeps unquoted names: known by that name, every step and note names it so (the plan is this publication's own).
 */
async function findTable(client: JsonClient, contract: OpenMetadataContractPlan, tableFqn: string, track: (label: string) => void): Promise<JsonResponse> {
  const lookUp = (fqn: string) => {
    track(`look up table ${fqn}`);
    return client.request({ method: "GET", path: `/api/v1/tables/name/${encodeURIComponent(fqn)}?fields=columns`, accept: [404], expect: entityAnswer });
  };
  const found = await lookUp(tableFqn);
  if (found.status !== 404 || contract.foldedTableFqn === undefined) return found;
  const folded = await lookUp(contract.foldedTableFqn);
  if (folded.status !== 200) return found;
  contract.tableFqn = contract.foldedTableFqn;
  return folded;
}

/** What publishing the product would take out of its assets in OpenMetadata: the tables, and those whose data contract it would deprecate. */
export interface OpenMetadataRemovals {
  removedAssets: string[];
  deprecatedContracts: string[];
}

/** What a dry run reads a publication of the product would do: its removals, and the notes its look-ups make (`notes` of a run). */
export interface OpenMetadataPreview extends OpenMetadataRemovals {
  /** The plan's notes, then what OpenMetadata lacks or would refuse (a table, team or user it does not know…), as a run says them. */
  notes: string[];
}

/**
 * The tables publishing the product would take out of its assets and the data contracts it would deprecate (`formerAssets`),
 * and what its look-ups find missing (`lookUpPlan`: a table, team or user OpenMetadata does not know, a table that lacks a
 * column or holds another contract), read from OpenMetadata (look-ups only, nothing is written): what a dry run says a
 * real run would remove and leave out. What the product lists is read from `previewed` when a version of it was previewed
 * before in the run, and what this version would leave listed is kept there.
 */
export async function previewOpenMetadataPublication(url: string, docs: ProductDocuments, previewed: OpenMetadataPreviewedAssets, options: OpenMetadataPublishOptions = {}): Promise<OpenMetadataPreview> {
  const plan = buildOpenMetadataPlan(docs, options);
  const client = openMetadataClient(url, options);
  const notes = [...plan.notes];
  const found = await lookUpPlan(client, plan, notes, () => {});
  const current = new Set([...found.tables.values()].map((table) => table.id));
  const listed = previewed.get(plan.dataProduct.name) ?? (await listedAssets(client, plan, () => {}));
  const former = await formerAssets(client, plan, current, options.servedElsewhere ?? new Set(), options.servedByOtherProducts ?? new Set(), () => {}, listed);
  previewed.set(plan.dataProduct.name, listedAfter(listed, former, found));
  return { removedAssets: former.map((f) => f.fqn), deprecatedContracts: former.filter((f) => f.contractToDeprecate).map((f) => f.fqn), notes };
}

/** A client of OpenMetadata at `url`, with the token of `options` or of MESHKIT_OPENMETADATA_TOKEN. */
function openMetadataClient(url: string, options: OpenMetadataPublishOptions): JsonClient {
  const token = options.token ?? (options.env ?? process.env)[OPENMETADATA_TOKEN_ENV];
  return createJsonClient({ service: "OpenMetadata", baseUrl: url, tokenEnv: OPENMETADATA_TOKEN_ENV, ...(token ? { token } : {}), ...pickRetryOptions(options) });
}

/**
 * An asset a data product lists, as OpenMetadata answers it. In a dry run, one a version of the product previewed before
 * would have listed carries the data contract that version would have written on it (`previewedContract`), read instead
 * of the one OpenMetadata has.
 */
interface ListedAsset {
  id: string;
  type: string;
  fullyQualifiedName?: unknown;
  previewedContract?: TableContract;
}

/**
 * The assets each data product of a dry run would list once the versions of it previewed so far were sent, by its name: a
 * real run sends the versions of a product one after the other, and each reads what the one before it wrote.
 */
export type OpenMetadataPreviewedAssets = Map<string, readonly ListedAsset[]>;

/**
 * What the data product would list after a publication: what it listed, less the tables taken out (`former`), and its
 * tables found, each with the data contract the publication writes on it (`contractTables`), when it writes one.
 */
function listedAfter(listed: readonly ListedAsset[], former: readonly FormerAsset[], found: OpenMetadataFound): ListedAsset[] {
  const removed = new Set(former.map((f) => f.ref.id));
  const after = new Map(listed.filter((asset) => !removed.has(asset.id)).map((asset) => [asset.id, asset]));
  for (const [contract, table] of found.tables) {
    const written = found.contractTables.get(contract);
    const previewedContract = written && { id: `${written.name} (previewed)`, name: written.name, description: contract.request.description, status: contract.status };
    after.set(table.id, { ...after.get(table.id), id: table.id, type: "table", fullyQualifiedName: contract.tableFqn, ...(previewedContract ? { previewedContract } : {}) });
  }
  return [...after.values()];
}

/** A table the product no longer has, and the id of meshkit's data contract on it while that contract is not deprecated yet. */
interface FormerAsset {
  ref: EntityRef;
  fqn: string;
  contractToDeprecate?: string;
}

/** Assets read per request: the most OpenMetadata's paginated assets endpoint answers. */
const ASSET_PAGE = 1000;

/**
 * The assets OpenMetadata lists for the plan's data product; none when it has not got the product yet.
 * Read with the paginated assets endpoint (OpenMetadata 1.8.12 and later); a release without it answers 404, and lists the
 * product's assets on the product itself (`?fields=assets`), which is read instead.
 */
async function listedAssets(client: JsonClient, plan: OpenMetadataPlan, track: (label: string) => void): Promise<ListedAsset[]> {
  const listed: ListedAsset[] = [];
  for (let offset = 0; ; ) {
    track(`look up the assets of dataProduct ${plan.dataProduct.name}`);
    const page = await client.request({
      method: "GET",
      path: `/api/v1/dataProducts/name/${encodeURIComponent(fqnPart(plan.dataProduct.name))}/assets?limit=${ASSET_PAGE}&offset=${offset}`,
      accept: [404],
      expect: assetPageAnswer,
    });
    if (page.status === 404) {
      // A release before the paginated endpoint answers 404 for every product; such a release lists a product's assets on
      // the product itself (the field later ones deprecated). A product not written yet is 404 there too: nothing to take out.
      if (offset > 0) break;
      track(`look up dataProduct ${plan.dataProduct.name}`);
      const own = await client.request({ method: "GET", path: `/api/v1/dataProducts/name/${encodeURIComponent(fqnPart(plan.dataProduct.name))}?fields=assets`, accept: [404], expect: entityAnswer });
      const assets = (own.body as { assets?: unknown } | undefined)?.assets;
      if (own.status === 404 || !Array.isArray(assets)) return [];
      listed.push(...assets.filter(isAssetRef));
      break;
    }
    const { data, paging } = page.body as { data: unknown[]; paging?: { total?: unknown } };
    listed.push(...data.filter(isAssetRef));
    offset += data.length;
    if (data.length === 0 || typeof paging?.total !== "number" || offset >= paging.total) break;
  }
  return listed;
}

/**
 * The tables OpenMetadata lists among the data product's assets that this publication no longer has — an output port or a
 * schema object removed, a table moved —, as DataHub's withdrawn datasets and Backstage's removed files: left there, the
 * product would still be found by data it no longer serves. Only tables meshkit put there are taken out: those holding a
 * data contract meshkit wrote (ODCS_CONTRACT_MARK); an asset a steward added (a dashboard, a table without meshkit's
 * contract) is theirs and stays; so does a table another version of the product in the same run serves (`servedElsewhere`), which
 * would otherwise go out with each older version sent and come back with the newer. Nothing is looked for while the product's
 * tables are not all known: a contract's table is not placed (no service for its server, a topic). (A port whose contract is
 * not among the documents refuses the product.) `listedBefore` is what the product lists, when a dry run previewed a version
 * of it before (`OpenMetadataPreviewedAssets`); else OpenMetadata's listing is read (`listedAssets`).
 */
async function formerAssets(
  client: JsonClient,
  plan: OpenMetadataPlan,
  currentTables: ReadonlySet<string>,
  servedElsewhere: ReadonlySet<string>,
  servedByOtherProducts: ReadonlySet<string>,
  track: (label: string) => void,
  listedBefore?: readonly ListedAsset[],
): Promise<FormerAsset[]> {
  if (plan.contracts.some((c) => c.tableFqn === undefined)) return [];
  const listed = listedBefore ?? (await listedAssets(client, plan, track));
  const former: FormerAsset[] = [];
  for (const asset of listed) {
    if (asset.type !== "table" || currentTables.has(asset.id)) continue;
    const fqn = typeof asset.fullyQualifiedName === "string" ? asset.fullyQualifiedName : asset.id;
    if (servedElsewhere.has(fqn)) continue;
    if (!asset.previewedContract) track(`look up the data contract of table ${fqn}`);
    const contract = asset.previewedContract ?? (await tableContract(client, asset.id));
    if (typeof contract?.description !== "string" || !contract.description.includes(ODCS_CONTRACT_MARK)) continue;
    const status = contract.entityStatus ?? contract.status;
    // A table another product serves now keeps its contract in force: it is that product's. Another product of the run
    // (`servedByOtherProducts`), or one that took the table over in an earlier run: the table is among its assets.
    const inForce =
      typeof contract.id === "string" && status !== "Deprecated" && !servedByOtherProducts.has(fqn) && !(await servedByAnotherProduct(client, asset.id, fqn, plan, track))
        ? { contractToDeprecate: contract.id }
        : {};
    former.push({ ref: { id: asset.id, type: "table" }, fqn, ...inForce });
  }
  return former;
}

/** Whether OpenMetadata lists the table among the assets of a data product other than the plan's (its `dataProducts`). */
async function servedByAnotherProduct(client: JsonClient, tableId: string, fqn: string, plan: OpenMetadataPlan, track: (label: string) => void): Promise<boolean> {
  track(`look up the data products of table ${fqn}`);
  const table = await client.request({ method: "GET", path: `/api/v1/tables/${encodeURIComponent(tableId)}?fields=dataProducts`, accept: [404], expect: entityAnswer });
  const products = (table.body as { dataProducts?: unknown } | undefined)?.dataProducts;
  if (table.status !== 200 || !Array.isArray(products)) return false;
  const own = [plan.dataProduct.name, fqnPart(plan.dataProduct.name)];
  return products.some((ref) => {
    const { name, fullyQualifiedName } = (ref ?? {}) as { name?: unknown; fullyQualifiedName?: unknown };
    const named = typeof fullyQualifiedName === "string" ? fullyQualifiedName : name;
    return typeof named === "string" && !own.includes(named);
  });
}

/** An asset reference as OpenMetadata lists a data product's assets: an id and an entity type. */
function isAssetRef(asset: unknown): asset is { id: string; type: string; fullyQualifiedName?: unknown } {
  return typeof (asset as { id?: unknown } | null)?.id === "string" && typeof (asset as { type?: unknown }).type === "string";
}

/** What is wrong with an answer to the paginated assets endpoint, if anything: a ResultList, `{"data": […], "paging": {"total": …}}`. */
function assetPageAnswer(body: unknown): string | undefined {
  return Array.isArray((body as { data?: unknown } | undefined)?.data) ? undefined : 'a list of assets is {"data": […], "paging": …}';
}

/**
 * The tables a bulk asset request did not add, with OpenMetadata's reason: `PUT …/assets/add` answers
 * 200 with a BulkOperationResult whose `status` is `partialSuccess` when some assets were refused
 * (400 only when every one was), listing them in `failedRequest`.
 */
function refusedAssets(body: unknown, fqnOfId: ReadonlyMap<string, string>): string[] {
  if (body === null || typeof body !== "object") return [];
  const result = body as { status?: unknown; failedRequest?: unknown };
  const failed = Array.isArray(result.failedRequest) ? result.failedRequest : [];
  if (failed.length === 0) {
    return typeof result.status === "string" && !["success", "partialSuccess"].includes(result.status) ? [`status ${result.status}`] : [];
  }
  return failed.map((entry) => {
    const { request, message } = (entry ?? {}) as { request?: { id?: unknown }; message?: unknown };
    const id = typeof request?.id === "string" ? request.id : undefined;
    const table = (id !== undefined ? fqnOfId.get(id) : undefined) ?? id ?? "a table";
    return typeof message === "string" && message.trim() !== "" ? `${table}: ${message.trim()}` : table;
  });
}

/**
 * What is wrong with an answer to `GET /api/v1/system/version`, if anything: OpenMetadata names its version
 * (`{"version": "1.9.0", "revision": …}`). Without one the address is not OpenMetadata's API, and the version
 * decides how a data contract's status is sent.
 */
function versionAnswer(body: unknown): string | undefined {
  return typeof (body as { version?: unknown } | undefined)?.version === "string" ? undefined : 'OpenMetadata names its version: {"version": "1.9.0", …}';
}

/**
 * What is wrong with an answer that is an entity (a look-up by name, a create or update), if anything:
 * OpenMetadata's entities have an `id`. Without one, a look-up would take a domain for existing and a table or
 * owner for missing, and a write would be reported as done, on the word of something that is not OpenMetadata.
 */
function entityAnswer(body: unknown): string | undefined {
  return entityRef(body, "entity") ? undefined : 'an OpenMetadata entity has an "id"';
}

function entityRef(body: unknown, type: string): EntityRef | undefined {
  const id = (body as { id?: unknown } | undefined)?.id;
  return typeof id === "string" ? { id, type } : undefined;
}

function contractResult(fqn: string, quality: QualityCounts, measuredOn: string | undefined): Record<string, unknown> {
  const status = quality.status === "passed" ? "Success" : quality.status === "failed" ? "Failed" : "PartialSuccess";
  return {
    dataContractFQN: fqn,
    timestamp: quality.testedAt ? Date.parse(quality.testedAt) : 0,
    contractExecutionStatus: status,
    result: `meshkit contract-test: ${quality.checks} checks, ${quality.passed} passed, ${quality.failed} failed, ${quality.warned} warned, ${quality.errors} errors${measuredOn ? `, on server ${measuredOn}` : ""}`,
  };
}
