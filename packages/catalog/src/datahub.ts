/**
 * DataHub target: a data product (ODPS) and the contracts (ODCS) its output ports serve, turned into
 * Metadata Change Proposals and sent to DataHub GMS over its REST API
 * (`POST /aspects?action=ingestProposalBatch`, one request per entity, or `ingestProposal`, one per
 * aspect).
 *
 * What is written, in this order (a consumer never sees the product pointing at datasets that are not
 * there yet):
 * 1. each output dataset (one per schema object of each output port's contract):
 *    `datasetProperties`, `schemaMetadata` (fields with native and DataHub types, descriptions, PII
 *    and classification tags, keys), `subTypes`, `upstreamLineage` (from the input ports, when any
 *    resolves; when its port reads nothing any more, the one DataHub has without meshkit's edges: withoutMeshkitUpstreams), `ownership`, `globalTags` (with `pii` when a field holds personal data), `domains`,
 *    `status`, `deprecation` (deprecated with its product or contract);
 * 2. each dataset the product's `dataProductProperties` in DataHub lists as an output port that this publication no
 *    longer has (read just before), unless another data product lists it now: `status` removed and `deprecation`, as a
 *    retired product's (`withdrawnDatasets`);
 * 3. the data product: `domains`, `ownership`, `globalTags`, `status`, and last
 *    `dataProductProperties` (name, description, the datasets as output-port assets, then the assets a steward added in
 *    DataHub's UI, kept as read, and those of a port whose contract is not among the documents: `withKeptAssets`).
 *
 * Every proposal is an UPSERT of a whole aspect, so publishing again is idempotent and completes a
 * publication a failure interrupted. `ownership` and `globalTags` are sent only when the documents name
 * owners or tags: an empty one would wipe what a steward curated in DataHub's UI. Building the proposals is pure and deterministic
 * (`buildDataHubPlan`); `publishToDataHub` sends them.
 */
import { createHash } from "node:crypto";
import {
  UsageError,
  declaredColumns,
  fillObjectPlaceholders,
  isRetiredStatus,
  namesObject,
  objectFolderPath,
  objectPhysicalName,
  objectsHolding,
  type DataContract,
  type DataProduct,
  type InputPort,
  type OutputPort,
  type SchemaObject,
  type SchemaProperty,
  type Server,
  type TeamMember,
} from "@meshkit/core";
import { CatalogRequestError, createJsonClient, type HttpRetryOptions, type JsonClient } from "./http.js";
import { safeUrl } from "./site/html.js";
import { isPersonalData } from "./personal-data.js";
import { isCurrentMember } from "./team.js";
import { compareVersions } from "./versions.js";
import { CatalogContentError } from "./content-error.js";
import { productStatusNotice } from "./product-status.js";
import { productDisplayName } from "./entry.js";

// ---------------------------------------------------------------------------------------------
// Input documents (shared by the DataHub, OpenMetadata and Backstage targets)
// ---------------------------------------------------------------------------------------------

/** What a catalog target publishes: one product version and the documents around it. */
export interface ProductDocuments {
  /** The ODPS product (v1.0.0). */
  product: DataProduct;
  /** The ODCS contracts its output ports name (others are ignored). */
  contracts: readonly DataContract[];
  /** The latest contract-test results (`meshkit test --results`), if any. */
  results?: QualityRunInput;
  /** The products (with their contracts) that the input ports read from, where known: lineage. */
  upstream?: readonly UpstreamDocuments[];
  /**
   * An output port whose contract is not among `contracts`: `refuse` (default) throws; `skip` leaves
   * its datasets out and publishes the rest (`meshkit publish`, which has already reported the port as
   * `catalog-contract-missing`).
   */
  missingContracts?: "refuse" | "skip";
}

/** An upstream product and the contracts it serves. */
export interface UpstreamDocuments {
  product?: DataProduct;
  contracts: readonly DataContract[];
  /**
   * Found in a lineage catalog rather than among the documents published: an entry of the version the
   * input port reads, which may name the product as it was then (Backstage looks its Resources up by id).
   */
  registered?: boolean;
}

/** The parts of a contract-test results document (`kind: meshkit-quality-run`) the targets read. */
export interface QualityRunInput {
  finishedAt?: string;
  contracts: readonly QualityContractResultsInput[];
}

export interface QualityContractResultsInput {
  contract: { id: string; version: string };
  /** The contract server whose data the checks read (`local`, `warehouse`, `data:<path>`). */
  source?: string;
  finishedAt?: string;
  summary: { checks: number; passed: number; failed: number; warned: number; errors: number };
  checks?: readonly { object?: string; status: string }[];
  /** Findings about whole objects (`quality-no-rows`, `quality-data-unreadable`), by severity. */
  notes?: readonly { object?: string; severity: string }[];
}

/** The quality of a contract (or one of its objects) in the latest results. */
export interface QualityCounts {
  /** `untested` when the results hold no checks of this contract version. */
  status: "passed" | "warned" | "failed" | "untested";
  checks: number;
  passed: number;
  failed: number;
  warned: number;
  errors: number;
  /** When the run of this contract finished. */
  testedAt?: string;
  /** The contract server whose data the checks read. */
  source?: string;
}

/** One output dataset: a schema object of the contract an output port serves. */
export interface OutputDataset {
  port: OutputPort;
  contract: DataContract;
  object: SchemaObject;
  /** The contract server the dataset is located on; undefined when the contract has none. */
  server?: Server;
}

/**
 * The contract each output port serves, by `contractId` (the one of the port's version when several).
 * A port without a `contractId` (ODPS makes it optional) has no schema to describe a dataset by: it
 * gets none, as in the dir and git catalogs, and the rest of the product is published. So does a port
 * whose contract is not given, with `missingContracts: "skip"`.
 */
export function outputContracts(docs: ProductDocuments): { port: OutputPort; contract: DataContract }[] {
  const ports = (docs.product.outputPorts ?? []).filter((port) => typeof port.contractId === "string" && port.contractId !== "");
  return ports.map((port) => {
    const candidates = docs.contracts.filter((c) => c.id === port.contractId);
    const contract = candidates.find((c) => c.version === port.version) ?? candidates[0];
    if (!contract && docs.missingContracts !== "skip") {
      throw new UsageError(`Data product ${docs.product.id}: output port ${port.name} serves contract ${port.contractId}, which is not among the documents given`);
    }
    return { port, contract };
  }).filter((pair): pair is { port: OutputPort; contract: DataContract } => pair.contract !== undefined);
}

/**
 * Every output dataset, in port order then schema order. A contract version two ports serve gives its
 * datasets once. Two versions of one contract (ODPS lists each port version as its own port) give one
 * dataset per table: a table both versions locate (the same object, physical name and server name) is
 * described by the newest contract version, and a table a new version moved (`orders_v1` → `orders_v2`)
 * is a dataset of each.
 */
export function outputDatasets(docs: ProductDocuments, preferredServer?: string): OutputDataset[] {
  const datasets: OutputDataset[] = [];
  for (const { port, contract } of outputContracts(docs)) {
    const server = selectServer(contract, preferredServer);
    for (const object of contract.schema ?? []) {
      const dataset: OutputDataset = { port, contract, object, ...(server ? { server } : {}) };
      const same = datasets.findIndex((d) => sameTable(d, dataset));
      if (same < 0) datasets.push(dataset);
      else if (compareVersions(contract.version, datasets[same]!.contract.version) > 0) datasets[same] = dataset;
    }
  }
  return datasets;
}

/** Whether two output datasets are one table of (versions of) one contract. */
function sameTable(a: OutputDataset, b: OutputDataset): boolean {
  return (
    a.contract.id === b.contract.id &&
    a.object.name === b.object.name &&
    objectPhysicalName(a.object) === objectPhysicalName(b.object) &&
    a.server?.server === b.server?.server
  );
}

/**
 * Of two output datasets that land on one place of a catalog (a DataHub dataset, a Backstage Resource name):
 * whether the later one describes it, as the newer version of one output port or of one contract;
 * undefined when they are not versions of one thing (two ports, or one port twice), which the product must resolve.
 */
export function laterIsNewer(earlier: Pick<OutputDataset, "port" | "contract">, later: Pick<OutputDataset, "port" | "contract">): boolean | undefined {
  if (earlier.contract.id === later.contract.id && earlier.contract.version !== later.contract.version) return compareVersions(later.contract.version, earlier.contract.version) > 0;
  if (earlier.port.name !== later.port.name || earlier.port.version === later.port.version) return undefined;
  return compareVersions(String(later.port.version), String(earlier.port.version)) > 0;
}

/** A contract an input port (or an output port's `inputContracts`) reads: its id, the version when given, and the columns its input port declares. */
export interface ContractRead {
  id: string;
  version?: string;
  /** The input port's `usedColumns` (undefined when it declares none). */
  columns?: string[];
}

/** The contracts an output port reads: its `inputContracts`, else those of all the product's input ports. */
export function contractsReadBy(port: OutputPort, product: DataProduct): ContractRead[] {
  const inputPorts = product.inputPorts ?? [];
  // The columns the ports reading a contract declare: a product may read two versions of one contract (a port each),
  // and each read is what its own port declares; a port that declares none reads every table.
  const columnsOf = (ports: readonly InputPort[]) => {
    const declared = ports.map((p) => declaredColumns(p));
    return declared.length > 0 && !declared.includes(undefined) ? { columns: [...new Set(declared.flatMap((c) => c ?? []))] } : {};
  };
  if (port.inputContracts && port.inputContracts.length > 0) {
    return port.inputContracts.map((c) => {
      const ports = inputPorts.filter((p) => p.contractId === c.id);
      const ofVersion = ports.filter((p) => p.version === c.version);
      return { id: c.id, version: c.version, ...columnsOf(ofVersion.length > 0 ? ofVersion : ports) };
    });
  }
  return inputPorts.map((p) => ({ id: p.contractId, version: p.version, ...columnsOf([p]) }));
}

/**
 * The schema objects of a contract that a read takes data from: those holding the columns its input port declares
 * (`usedColumns`), so lineage names only the tables the product reads; every object when the port declares none, or
 * none of its names is in the contract (a typo must not drop the edge).
 */
export function objectsRead(contract: DataContract, read: ContractRead): SchemaObject[] {
  const objects = contract.schema ?? [];
  const held = new Set((read.columns ?? []).flatMap((column) => objectsHolding<SchemaObject>(contract, column)));
  return held.size > 0 ? objects.filter((o) => held.has(o)) : objects;
}

/**
 * The contract `read` names among `contracts`: the version it reads, else the newest of that id (as the
 * lineage catalog resolves it). An upstream product may serve two versions of one contract, whose
 * tables differ: the edge must land on the table of the version the port reads.
 */
export function contractReadFrom<T extends Pick<DataContract, "id" | "version">>(contracts: readonly T[], read: ContractRead): T | undefined {
  const candidates = contracts.filter((c) => c.id === read.id);
  return candidates.find((c) => c.version === read.version) ?? [...candidates].sort((a, b) => compareVersions(String(b.version), String(a.version)))[0];
}

/**
 * Where a contract's data lives for a catalog: the server named `preferred`, else the first
 * production server (environment prod/production/prd/live), else the first that is not `local`, else
 * the first one.
 */
export function selectServer(contract: DataContract, preferred?: string): Server | undefined {
  const servers = contract.servers ?? [];
  if (preferred) {
    const named = servers.find((s) => s.server === preferred);
    if (named) return named;
  }
  return servers.find((s) => isProductionEnvironment(s.environment)) ?? servers.find((s) => s.type !== "local") ?? servers[0];
}

/**
 * Whether an ODCS server `environment` names production. Asked by its spelling, not by `fabricOf`,
 * which also gives PROD to environments it does not know (`sbx-eu`): those must not win over a
 * server that says `prod`.
 */
function isProductionEnvironment(environment: string | undefined): boolean {
  return environment !== undefined && FABRIC_SPELLINGS[environment.trim().toLowerCase()] === "PROD";
}

/**
 * A product's quality from its contracts' (every catalog target says the same): failed or warned when
 * one is, passed only when every contract was tested and passed; `untested` when one was not tested,
 * or when there is no contract at all (nothing checked is not a pass).
 */
export function productQualityStatus(statuses: readonly QualityCounts["status"][]): QualityCounts["status"] {
  if (statuses.includes("failed")) return "failed";
  if (statuses.includes("warned")) return "warned";
  return statuses.length > 0 && statuses.every((s) => s === "passed") ? "passed" : "untested";
}

/** Quality of `contract` (at its version) in `results`, over all its checks or those of one object. */
export function qualityStatus(results: QualityRunInput | undefined, contract: Pick<DataContract, "id" | "version">, object?: string): QualityCounts {
  const run = results?.contracts.find((c) => c.contract.id === contract.id && c.contract.version === contract.version);
  const empty: QualityCounts = { status: "untested", checks: 0, passed: 0, failed: 0, warned: 0, errors: 0 };
  if (!run) return empty;
  let counts: Omit<QualityCounts, "status" | "testedAt">;
  if (object === undefined) {
    const s = run.summary;
    counts = { checks: s.checks, passed: s.passed, failed: s.failed, warned: s.warned, errors: s.errors };
  } else {
    const checks = (run.checks ?? []).filter((c) => c.object === object);
    const count = (status: string) => checks.filter((c) => c.status === status).length;
    counts = { checks: checks.length, passed: count("pass"), failed: count("fail"), warned: count("warn"), errors: count("error") };
  }
  // Checks that passed on an object with no rows, or beside data that could not be read, passed on nothing: as in
  // the dir and git catalogs, a warning note makes the contract (or object) at least warned, an error note failed.
  const noted = new Set((run.notes ?? []).filter((note) => object === undefined || note.object === object).map((note) => note.severity));
  const status: QualityCounts["status"] =
    counts.failed + counts.errors > 0 || noted.has("error") ? "failed" : counts.warned > 0 || noted.has("warning") ? "warned" : counts.checks === 0 ? "untested" : "passed";
  return { status, ...counts, ...(run.finishedAt ? { testedAt: run.finishedAt } : {}), ...(run.source ? { source: run.source } : {}) };
}

/**
 * The server a dataset's quality was measured on, as a catalog shows it beside the status: `warehouse`, or
 * `local, not warehouse where this dataset is` when the checks read another server's data (sample data, a test
 * copy) than the one the dataset is located on — a consumer must not take that for the dataset's own quality.
 * Undefined when the results do not say, or there are none.
 */
export function qualityServer(quality: QualityCounts, server: Pick<Server, "server"> | undefined): string | undefined {
  if (quality.source === undefined || quality.status === "untested") return undefined;
  return server === undefined || server.server === quality.source ? quality.source : `${quality.source}, not ${server.server} where this dataset is`;
}

/** Team members still in the team (no `dateOut`, or one still to come), in document order. */
export function activeMembers(members: readonly TeamMember[] | undefined, asOf?: Date): TeamMember[] {
  return (members ?? []).filter((m) => typeof m.username === "string" && m.username.trim() !== "" && isCurrentMember(m, asOf));
}

/** A contract's team as `{ name, members }`, whether written as a v3.1 object or a v3.0 member list. */
export function contractTeam(contract: DataContract): { name?: string; members: TeamMember[] } {
  const team = contract.team;
  if (Array.isArray(team)) return { members: activeMembers(team) };
  return { ...(team?.name ? { name: team.name } : {}), members: activeMembers(team?.members) };
}


/**
 * Text safe to put in Markdown that a catalog renders: `&`, `<` and `>` as entities, so no HTML gets through,
 * and Markdown links only to the URLs the catalog site links (`http(s):`, `mailto:`). Documents come from any
 * domain repository, and DataHub and OpenMetadata render their descriptions as Markdown: a link to
 * `javascript:…` or `data:…` would run in the catalog of whoever clicks it, and an image would be fetched
 * from wherever it points by everyone who opens the page. So images become plain links, and a link or
 * link reference definition to any other URL keeps its text but loses its link (its `(` or `:` escaped).
 */
export function escapeMarkdownText(text: string): string {
  return markdownFetchingNothing(text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
}

/**
 * Markdown that fetches nothing and links only to `http(s):` and `mailto:` URLs: images become plain links, and a link
 * or link reference definition to any other URL keeps its text but loses its link (its `(` or `:` escaped). For a
 * catalog that renders Markdown without raw HTML (Backstage), where `&` and `<` written as entities would show as such.
 */
export function markdownFetchingNothing(text: string): string {
  return text
    .replace(/!\[/g, "\\![")
    .replace(/\]([(:])(\s*)([^\s)\]]*)/g, (link, opener: string, space: string, destination: string) => (safeUrl(destination) ? link : `]\\${opener}${space}${destination}`));
}

/**
 * The product's description (purpose, usage, limitations) as Markdown, after what its status means when it is not
 * `active` (*This product is deprecated: …*), in bold: the catalog site's page says that first, and DataHub's data
 * product, OpenMetadata's and Backstage's System have no lifecycle of their own to show it. `escape` makes document
 * text safe for the catalog that renders it: HTML escaped (DataHub, OpenMetadata), or `markdownFetchingNothing` where
 * raw HTML shows as text anyway (Backstage).
 */
export function productDescriptionMarkdown(product: DataProduct, escape: (text: string) => string = escapeMarkdownText): string {
  const d = product.description ?? {};
  const notice = productStatusNotice(typeof product.status === "string" ? product.status : "");
  return [notice === undefined ? "" : `**${escape(notice)}**`, describeSections(d.purpose, d.usage, d.limitations, escape)].filter((part) => part !== "").join("\n\n");
}

/** A contract's description (purpose, usage, limitations) as Markdown, HTML escaped. */
export function contractDescriptionMarkdown(contract: DataContract): string {
  const d = contract.description ?? {};
  return describeSections(d.purpose, d.usage, d.limitations);
}

function describeSections(purpose: unknown, usage: unknown, limitations: unknown, escape: (text: string) => string = escapeMarkdownText): string {
  const parts: string[] = [];
  if (typeof purpose === "string" && purpose.trim() !== "") parts.push(escape(purpose.trim()));
  if (typeof usage === "string" && usage.trim() !== "") parts.push(`**Usage:** ${escape(usage.trim())}`);
  if (typeof limitations === "string" && limitations.trim() !== "") parts.push(`**Limitations:** ${escape(limitations.trim())}`);
  return parts.join("\n\n");
}

/** SLA properties of a contract that apply to `object` (element `object.column`, or no element), as `name → "value unit"`. */
export function slaSummary(contract: DataContract, object: string): [string, string][] {
  const values = new Map<string, string[]>();
  for (const sla of contract.slaProperties ?? []) {
    const element = typeof sla.element === "string" ? sla.element : undefined;
    if (element !== undefined && !element.split(",").some((e) => e.trim().split(".")[0] === object)) continue;
    const value = `${String(sla.value)}${sla.unit ? ` ${sla.unit}` : ""}${element ? ` (${element})` : ""}`;
    values.set(sla.property, [...(values.get(sla.property) ?? []), value]);
  }
  return [...values].map(([property, list]) => [property, list.join("; ")]);
}

// ---------------------------------------------------------------------------------------------
// URNs
// ---------------------------------------------------------------------------------------------

/**
 * DataHub's environments (FabricType.pdl). PRD, TST and SBX are its alternative spellings of PROD, TEST and
 * SANDBOX: meshkit writes the main ones, so one dataset has one URN however its server spells it.
 */
export const DATAHUB_FABRICS = ["DEV", "TEST", "QA", "UAT", "EI", "PRE", "STG", "NON_PROD", "PROD", "CORP", "RVW", "SIT", "SANDBOX"] as const;
export type DataHubFabric = (typeof DATAHUB_FABRICS)[number];

const FABRIC_SPELLINGS: Readonly<Record<string, DataHubFabric>> = {
  prod: "PROD", production: "PROD", prd: "PROD", live: "PROD",
  dev: "DEV", development: "DEV",
  test: "TEST", testing: "TEST", tst: "TEST",
  qa: "QA", uat: "UAT", ei: "EI", sit: "SIT",
  pre: "PRE", preprod: "PRE", "pre-prod": "PRE", "pre-production": "PRE",
  stg: "STG", stage: "STG", staging: "STG",
  "non_prod": "NON_PROD", nonprod: "NON_PROD", "non-prod": "NON_PROD",
  corp: "CORP", rvw: "RVW", review: "RVW", sandbox: "SANDBOX", sbx: "SANDBOX",
};

/** DataHub environment of an ODCS server `environment` (PROD when unknown or absent). */
export function fabricOf(environment: string | undefined): DataHubFabric {
  if (!environment) return "PROD";
  return FABRIC_SPELLINGS[environment.trim().toLowerCase()] ?? "PROD";
}

/** ODCS server type → DataHub data platform id (types not listed keep their own name). */
export const DATAHUB_PLATFORMS: Readonly<Record<string, string>> = {
  postgres: "postgres",
  postgresql: "postgres",
  cloudsql: "postgres",
  mysql: "mysql",
  oracle: "oracle",
  db2: "db2",
  sqlserver: "mssql",
  synapse: "mssql",
  snowflake: "snowflake",
  bigquery: "bigquery",
  redshift: "redshift",
  databricks: "databricks",
  trino: "trino",
  presto: "presto",
  hive: "hive",
  impala: "hive",
  athena: "athena",
  glue: "glue",
  clickhouse: "clickhouse",
  dremio: "dremio",
  vertica: "vertica",
  duckdb: "duckdb",
  s3: "s3",
  azure: "abs",
  kafka: "kafka",
  kinesis: "kinesis",
  pubsub: "pubsub",
  local: "file",
  sftp: "file",
  custom: "external",
};

/**
 * Characters DataHub percent-encodes inside URN parts, as its Python SDK's UrnEncoder does: `,`, `(`, `)`
 * and `␟` (U+241F, the separator of browse paths, which GMS refuses anywhere in a URN unless encoded).
 */
const URN_RESERVED = /[,()\u241f]/g;

/** One URN part: reserved characters percent-encoded (their UTF-8 bytes); control characters and empty parts refused. */
export function urnPart(value: string, what: string): string {
  const text = value.trim();
  // eslint-disable-next-line no-control-regex
  if (text === "" || /[\u0000-\u001f\u007f]/.test(text)) {
    throw new CatalogContentError(`Cannot make a DataHub URN of ${what} ${JSON.stringify(value)}: it is empty or has control characters`);
  }
  return text.replace(URN_RESERVED, (c) => [...Buffer.from(c, "utf8")].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join(""));
}

/** GMS refuses a URN longer than this many bytes once URL encoded (`UrnValidationUtil.URN_NUM_BYTES_LIMIT`). */
export const DATAHUB_URN_MAX_BYTES = 512;

/**
 * Length of `text` as Java's `URLEncoder.encode` writes it, which is what GMS measures: letters,
 * digits, `.-*_` and the space (as `+`) take one byte, every other character its UTF-8 bytes as `%XX`.
 */
function urlEncodedLength(text: string): number {
  let length = 0;
  for (const c of text) length += /[A-Za-z0-9.*_ -]/.test(c) ? 1 : Buffer.byteLength(c, "utf8") * 3;
  return length;
}

/** `urn` when GMS accepts its length; refused here, before anything is sent, rather than by GMS mid-publication. */
function checkedUrn(urn: string, what: string): string {
  const length = urlEncodedLength(urn);
  if (length > DATAHUB_URN_MAX_BYTES) {
    throw new CatalogContentError(`Cannot make a DataHub URN of ${what}: ${urn.slice(0, 80)}… is ${length} bytes URL encoded, longer than ${DATAHUB_URN_MAX_BYTES} bytes, which DataHub refuses; give it a shorter name`);
  }
  return urn;
}

export const dataPlatformUrn = (platform: string): string => checkedUrn(`urn:li:dataPlatform:${urnPart(platform, "data platform")}`, `data platform ${platform}`);
export const datasetUrn = (platform: string, name: string, fabric: DataHubFabric): string =>
  checkedUrn(`urn:li:dataset:(${dataPlatformUrn(platform)},${urnPart(name, "dataset")},${fabric})`, `dataset ${name}`);
export const dataProductUrn = (id: string): string => checkedUrn(`urn:li:dataProduct:${urnPart(id, "data product id")}`, `data product ${id}`);
export const domainUrn = (id: string): string => checkedUrn(`urn:li:domain:${urnPart(id, "domain")}`, `domain ${id}`);
export const corpUserUrn = (username: string): string => checkedUrn(`urn:li:corpuser:${urnPart(username, "user")}`, `user ${username}`);
export const corpGroupUrn = (name: string): string => checkedUrn(`urn:li:corpGroup:${urnPart(name, "group")}`, `group ${name}`);
export const tagUrn = (name: string): string => checkedUrn(`urn:li:tag:${urnPart(name, "tag")}`, `tag ${name}`);

// ---------------------------------------------------------------------------------------------
// Proposals
// ---------------------------------------------------------------------------------------------

/** A Metadata Change Proposal in the form GMS's REST API takes: the aspect as a JSON string. */
export interface DataHubProposal {
  entityType: "dataset" | "dataProduct";
  entityUrn: string;
  changeType: "UPSERT";
  aspectName: string;
  aspect: { value: string; contentType: "application/json" };
}

export interface DataHubPlanOptions {
  /** Contract server that locates the datasets (default: the first production server, see `selectServer`). */
  server?: string;
  /** DataHub environment of every dataset (default: from the server's `environment`). */
  datasetEnv?: DataHubFabric;
  /** Extra or overriding ODCS server type → DataHub platform ids. */
  platforms?: Readonly<Record<string, string>>;
  /** Domain URN of the product and its datasets (default `urn:li:domain:<product domain>`). */
  domainUrn?: string;
  /** Actor of audit stamps (default `urn:li:corpuser:datahub`, as DataHub's own YAML emitter uses). */
  actor?: string;
  /** Time of audit stamps (default: the product's `productCreatedTs`, else 0). */
  publishedAt?: Date | string;
  /** A page about the product (e.g. on the catalog site), shown as its external link. */
  externalUrl?: string;
}

/** The proposals for one product, in write order, with what could not be expressed. */
export interface DataHubPlan {
  productUrn: string;
  /** `readsNothing`: its output port reads no contract (no input ports, no `inputContracts`), so it has no upstream at all. */
  datasets: { urn: string; contractId: string; object: string; proposals: DataHubProposal[]; readsNothing?: true }[];
  /** The product's own proposals; `dataProductProperties` last. */
  product: DataHubProposal[];
  /** All proposals: every dataset first, then the product. */
  proposals: DataHubProposal[];
  /** Things left out, e.g. input ports whose upstream datasets are unknown. */
  notes: string[];
}

const DEFAULT_ACTOR = "urn:li:corpuser:datahub";

/** Builds every proposal for `docs`. Pure: the same documents and options give the same proposals. */
export function buildDataHubPlan(docs: ProductDocuments, options: DataHubPlanOptions = {}): DataHubPlan {
  const { product } = docs;
  const notes: string[] = [];
  const actor = options.actor ?? DEFAULT_ACTOR;
  const time = auditTime(options.publishedAt, product.productCreatedTs);
  const stamp = { time, actor };
  const platforms = { ...DATAHUB_PLATFORMS, ...options.platforms };
  const productUrn = dataProductUrn(product.id);
  const domain = options.domainUrn ?? (product.domain ? domainUrn(product.domain) : undefined);
  if (!domain) notes.push(`the product has no domain: ${productUrn} is written without one (DataHub lists data products under domains)`);

  const locate = (contract: DataContract, object: SchemaObject, preferred?: string): string => {
    const server = selectServer(contract, preferred);
    const { platform, name } = datasetLocation(server, object, contract, platforms);
    return datasetUrn(platform, name, options.datasetEnv ?? fabricOf(server?.environment));
  };

  // Upstream datasets of the contracts read: the upstream documents and the product's own contracts (ports fed by other ports).
  const knownContracts = [...(docs.upstream ?? []).flatMap((up) => up.contracts), ...docs.contracts];
  const upstreamUrns = (reads: readonly ContractRead[], from: string): string[] => {
    const urns: string[] = [];
    for (const read of reads) {
      const contract = contractReadFrom(knownContracts, read);
      if (!contract) {
        const note = `lineage: ${from} reads contract ${read.id}, whose documents were not given; no upstream dataset is recorded for it`;
        if (!notes.includes(note)) notes.push(note);
        continue;
      }
      for (const object of objectsRead(contract, read)) urns.push(locate(contract, object, options.server));
    }
    return [...new Set(urns)];
  };

  const productOwners = ownersOf(product.team?.name, activeMembers(product.team?.members));
  // A retired product is soft-deleted in DataHub (Status `removed: true`: hidden from search and browse, kept and
  // restorable), with its output datasets; any other status asserts `removed: false`, so publishing it again restores it.
  const removed = isRetiredStatus(product.status);
  const datasets: DataHubPlan["datasets"] = [];
  const datasetOfUrn = new Map<string, OutputDataset>();
  for (const dataset of outputDatasets(docs, options.server)) {
    const { port, contract, object } = dataset;
    const location = datasetLocation(dataset.server, object, contract, platforms);
    const urn = datasetUrn(location.platform, location.name, options.datasetEnv ?? fabricOf(dataset.server?.environment));
    if (!dataset.server) {
      // Published, but under a name of meshkit's making: DataHub's own ingestion of the table finds another dataset.
      notes.push(`${object.name} of contract ${contract.id}: the contract names no server, so its dataset is ${urn}, not the one DataHub's ingestion of the table finds; add the server its data lives on`);
    }
    const earlier = datasets.findIndex((d) => d.urn === urn);
    if (earlier >= 0) {
      // Two versions of one output port (ODPS lists each version as its own port) over the same table: DataHub gets the newest.
      const previous = datasetOfUrn.get(urn) as OutputDataset;
      const other = previous.port;
      const newer = laterIsNewer(previous, dataset);
      if (newer === undefined) {
        // What the product says, not a failure of DataHub: a finding on this product, and the others are published.
        const datasets = other === port ? `output port ${port.name} has two datasets that map` : `output ports ${other.name} and ${port.name} map`;
        throw new CatalogContentError(`its ${datasets} to the same DataHub dataset ${urn}; give the schema objects distinct physical names`);
      }
      const ports = other.name === port.name ? port.name : `${other.name} and ${port.name}`;
      notes.push(`output port ${ports} versions ${other.version} and ${port.version} both locate ${urn}: DataHub gets version ${newer ? port.version : other.version}'s description of it`);
      if (!newer) continue;
    }
    const reads = contractsReadBy(port, product);
    const upstreams = upstreamUrns(reads, `output port ${port.name}`).filter((u) => u !== urn);
    const team = contractTeam(contract);
    const owners = team.name || team.members.length > 0 ? ownersOf(team.name, team.members) : productOwners;
    const { fields, version: pathVersion } = schemaFieldsOf(object.properties ?? [], `Schema object ${object.name} of contract ${contract.id}`);
    if (pathVersion === 2) {
      notes.push(`${object.name} of contract ${contract.id}: two of its fields would have one v1 field path (a column named with a dot beside an object's field), so its schemaMetadata uses DataHub's v2 field paths ([version=2.0]…), not the v1 ones DataHub's own ingestion of the table may write; rename the column to keep v1 paths`);
    }
    const hasPersonalData = fields.some((f) => f.personal);
    const tags = uniqueTags([...(contract.tags ?? []), ...(object.tags ?? []), ...(port.tags ?? []), ...(hasPersonalData ? ["pii"] : [])]);
    const quality = qualityStatus(docs.results, contract, object.name);

    const proposals: DataHubProposal[] = [
      proposal("dataset", urn, "datasetProperties", {
        customProperties: datasetCustomProperties(dataset, quality, product.status),
        name: objectPhysicalName(object),
        qualifiedName: location.name,
        ...describe(object.description ?? contract.description?.purpose),
      }),
      proposal("dataset", urn, "schemaMetadata", {
        schemaName: object.name,
        platform: dataPlatformUrn(location.platform),
        version: 0,
        created: stamp,
        lastModified: stamp,
        hash: sha1(JSON.stringify(fields.map((f) => f.field))),
        // The schema object as the contract writes it: DataHub shows a raw schema, and its REST docs give one this way.
        platformSchema: { "com.linkedin.schema.OtherSchema": { rawSchema: JSON.stringify(object) } },
        fields: fields.map((f) => f.field),
        ...primaryKeys(object.properties ?? [], fields),
      }),
      proposal("dataset", urn, "subTypes", { typeNames: [subType(object.physicalType, dataset.server)] }),
    ];
    if (upstreams.length > 0) {
      proposals.push(
        proposal("dataset", urn, "upstreamLineage", {
          // Marked as meshkit's, so that a later publication whose ports read nothing any more takes them out (withoutMeshkitUpstreams).
          upstreams: upstreams.map((u) => ({ auditStamp: { ...stamp, message: MESHKIT_STAMP_MESSAGE }, dataset: u, type: "TRANSFORMED" })),
        }),
      );
    }
    proposals.push(...ownersAndTags("dataset", urn, owners, tags, stamp));
    proposals.push(...documentationLinks("dataset", urn, [...(contract.authoritativeDefinitions ?? []), ...(contract.description?.authoritativeDefinitions ?? []), ...(object.authoritativeDefinitions ?? [])], stamp));
    if (domain) proposals.push(proposal("dataset", urn, "domains", { domains: [domain] }));
    proposals.push(proposal("dataset", urn, "status", { removed }));
    proposals.push(proposal("dataset", urn, "deprecation", deprecationOf(product.status, contract, stamp.actor)));
    const built = { urn, contractId: contract.id, object: object.name, proposals, ...(reads.length === 0 ? { readsNothing: true as const } : {}) };
    if (earlier >= 0) datasets[earlier] = built;
    else datasets.push(built);
    datasetOfUrn.set(urn, dataset);
  }
  // A port whose contract is missing is reported as such (catalog-contract-missing), and keeps the assets it had (withKeptAssets).
  if (datasets.length === 0 && !lacksPortContracts(docs)) notes.push(`the product has no output datasets: ${productUrn} lists no assets`);

  const productProposals: DataHubProposal[] = [];
  if (domain) productProposals.push(proposal("dataProduct", productUrn, "domains", { domains: [domain] }));
  productProposals.push(...ownersAndTags("dataProduct", productUrn, productOwners, uniqueTags(product.tags ?? []), stamp));
  productProposals.push(...documentationLinks("dataProduct", productUrn, [...(product.authoritativeDefinitions ?? []), ...(product.description?.authoritativeDefinitions ?? [])], stamp));
  productProposals.push(proposal("dataProduct", productUrn, "status", { removed }));
  productProposals.push(
    proposal("dataProduct", productUrn, "dataProductProperties", {
      customProperties: productCustomProperties(docs, datasets.length),
      ...(options.externalUrl ? { externalUrl: options.externalUrl } : {}),
      name: productDisplayName(product),
      ...describe(productDescriptionMarkdown(product), true),
      // Marked as meshkit's, as DataHub's YAML marks its own (`message: "yaml"`): an output port a steward or another tool set
      // is theirs, and meshkit withdraws only the datasets it listed itself (isMeshkitAsset).
      assets: datasets.map((d) => ({ destinationUrn: d.urn, created: { ...stamp, message: MESHKIT_STAMP_MESSAGE }, outputPort: true })),
    }),
  );

  return {
    productUrn,
    datasets,
    product: productProposals,
    proposals: [...datasets.flatMap((d) => d.proposals), ...productProposals],
    notes,
  };
}

/**
 * The `ownership` and `globalTags` aspects of an entity, each only when the documents name some owners or tags.
 * An UPSERT replaces the whole aspect, so an empty list would wipe the owners and tags a steward curated in
 * DataHub's UI; DataHub's own data product YAML (`datahub dataproduct upsert`) leaves them out the same way.
 */
function ownersAndTags(entityType: DataHubProposal["entityType"], urn: string, owners: readonly { owner: string; type: string }[], tags: readonly string[], stamp: unknown): DataHubProposal[] {
  return [
    ...(owners.length > 0 ? [proposal(entityType, urn, "ownership", { owners, lastModified: stamp })] : []),
    ...(tags.length > 0 ? [proposal(entityType, urn, "globalTags", { tags: tags.map((t) => ({ tag: tagUrn(t) })) })] : []),
  ];
}

/**
 * The `institutionalMemory` aspect (DataHub's "Documentation" links) of an entity from the authoritative definitions
 * the documents give (ODPS / ODCS `authoritativeDefinitions`: the business definition, the transformation code, a
 * video…), so consumers follow them in DataHub as on the catalog site. Each link once, only links a browser may open
 * (no `javascript:`), described by its own description, else its type. Left out when there is none: an UPSERT replaces
 * the whole aspect, and an empty list would wipe the links a steward added in DataHub's UI.
 */
function documentationLinks(entityType: DataHubProposal["entityType"], urn: string, definitions: readonly { type?: unknown; url?: unknown; description?: unknown }[], stamp: { time: number; actor: string }): DataHubProposal[] {
  const elements: { url: string; description: string; createStamp: { time: number; actor: string } }[] = [];
  for (const definition of definitions) {
    const url = typeof definition.url === "string" ? definition.url.trim() : "";
    if (url === "" || !safeUrl(url) || elements.some((e) => e.url === url)) continue;
    const text = [definition.description, definition.type].find((t): t is string => typeof t === "string" && t.trim() !== "");
    elements.push({ url, description: text?.trim() ?? url, createStamp: stamp });
  }
  return elements.length > 0 ? [proposal(entityType, urn, "institutionalMemory", { elements })] : [];
}

function proposal(entityType: DataHubProposal["entityType"], entityUrn: string, aspectName: string, aspect: Record<string, unknown>): DataHubProposal {
  return { entityType, entityUrn, changeType: "UPSERT", aspectName, aspect: { value: JSON.stringify(aspect), contentType: "application/json" } };
}

function describe(text: string | undefined, markdown = false): { description?: string } {
  if (typeof text !== "string" || text.trim() === "") return {};
  return { description: markdown ? text : escapeMarkdownText(text.trim()) };
}

function auditTime(publishedAt: Date | string | undefined, fallback: string | undefined): number {
  for (const candidate of [publishedAt, fallback]) {
    if (candidate === undefined) continue;
    const time = candidate instanceof Date ? candidate.getTime() : Date.parse(candidate);
    if (Number.isFinite(time)) return time;
  }
  return 0;
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/**
 * Tags once each, ignoring case (the first spelling wins), in order. A `PII` or `Pii` tag is written `pii`: DataHub's
 * tags are case-sensitive, and the personal-data tag is `urn:li:tag:pii` on fields and datasets alike, so that one
 * search by it finds every dataset holding personal data, whichever spelling its contract uses.
 */
function uniqueTags(tags: readonly unknown[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    if (typeof tag !== "string" || tag.trim() === "") continue;
    const name = tag.trim().toLowerCase() === "pii" ? "pii" : tag.trim();
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}

/**
 * Server types whose catalog stores database, schema and table names in lower case, whatever case they are written in:
 * Databricks' Unity Catalog and Hive metastore, AWS Glue (which Athena reads) and Hive's metastore (Impala's too).
 * DataHub's sources name their datasets as the catalog gives them. Athena's table is `<database>.<table>` (the ODCS
 * `schema`), without the data catalog (`awsdatacatalog`), as DataHub's Athena source names it.
 */
const LOWER_CASE_CATALOGS: ReadonlySet<string> = new Set(["databricks", "glue", "athena", "hive", "impala"]);

/** A data file's name, by the extensions `meshkit test` reads one by (`all.csv`, `orders.jsonl.gz`, `sales.parquet`). */
const DATA_FILE_NAME = /\.(?:parquet|pq|(?:csv|tsv|json|jsonl|ndjson)(?:\.(?:gz|zst))?)$/i;

/** DataHub platform and dataset name of a schema object on a server, by the server's type. */
export function datasetLocation(
  server: Server | undefined,
  object: SchemaObject,
  contract: DataContract,
  platforms: Readonly<Record<string, string>> = DATAHUB_PLATFORMS,
): { platform: string; name: string } {
  // `{object}` stands for what `meshkit test` reads and provision creates: the physicalName, else the name (objectPhysicalName).
  const table = objectPhysicalName(object);
  if (!server) return { platform: platforms.custom ?? "external", name: [contract.name ?? contract.id, table].join(".") };
  const platform = platforms[server.type] ?? server.type;
  const join = (...parts: (string | undefined)[]) => parts.filter((p): p is string => typeof p === "string" && p.trim() !== "").join(".");
  // A SQL table: `catalog.schema.table`, `database.schema.table` or `database.table`, as the server's type has them.
  const sqlName = server.type === "athena" ? join(server.schema, table) : join(server.catalog ?? server.database ?? server.project, server.schema ?? server.dataset, table);
  // A catalog that stores its names in lower case, whichever case the document writes them in, gives them so to DataHub's source.
  if (LOWER_CASE_CATALOGS.has(server.type)) return { platform, name: sqlName.toLowerCase() };
  switch (server.type) {
    case "s3":
    case "azure":
      return { platform, name: objectStoreTableName(server.location ?? "", table, (contract.schema ?? []).length > 1) };
    case "local":
    case "sftp": {
      const path = (server.path ?? server.location ?? table).replace(/^\.\//, "");
      // Without a placeholder, the objects of a contract share the path — a folder of `<object>.<ext>` files, or files
      // read as each object's (`meshkit test` reads one file per object there): each is a dataset of its own,
      // `<folder>/<object>`, as in an object store, rather than one dataset for all of them.
      // One file (a last segment with a data file's extension and no wildcard) is one dataset, whoever reads it: objects
      // sharing it are one dataset, refused as such, not each a made-up `<file>/<object>`. A folder named with a dot
      // (`exports/v1.2`) is still a folder of `<object>.<ext>` files, as `meshkit test` reads it.
      const last = path.slice(path.lastIndexOf("/") + 1);
      const oneFile = !/[*?[{]/.test(last) && DATA_FILE_NAME.test(last);
      const shared = (contract.schema ?? []).length > 1 && !namesObject(path) && !oneFile;
      if (!shared) return { platform, name: fillObjectPlaceholders(path, table) };
      // (objectFolderPath reads `/`-separated segments: the root of an absolute path, or an sftp URL's `scheme://`, is kept)
      const root = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/)/i.exec(path)?.[0] ?? "";
      return { platform, name: `${root}${objectFolderPath(path.slice(root.length), table, true)}` };
    }
    case "kafka":
    case "kinesis":
    case "pubsub":
      return { platform, name: table };
    case "bigquery":
      return { platform, name: join(server.project, server.dataset, table) };
    case "snowflake":
      return { platform, name: join(server.database, server.schema, table).toLowerCase() };
    default:
      return { platform, name: sqlName };
  }
}

/**
 * The dataset name of a schema object in an object store (S3, Azure) as DataHub's own sources name it: the table's
 * folder (objectFolderPath), `bucket/path/table`, without the scheme or the Azure storage account's host.
 */
function objectStoreTableName(location: string, table: string, shared: boolean): string {
  let path = location.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  // Azure: `account.blob.core.windows.net/container/path` or `container@account.dfs.core.windows.net/path`; DataHub
  // names a blob by its container and path, without the account's host.
  const azure = /^(?:([^@/]+)@)?[^/@]+\.(?:blob|dfs)\.core\.windows\.net(?:\/(.*))?$/i.exec(path);
  if (azure) path = [azure[1], azure[2]].filter((part): part is string => part !== undefined && part !== "").join("/");
  return objectFolderPath(path, table, shared);
}

/** ODCS server types whose datasets are topics (streams), not tables, whatever the object's physicalType says. */
export const TOPIC_SERVER_TYPES: ReadonlySet<string> = new Set(["kafka", "kinesis", "pubsub"]);

/** DataHub sub type of an object: `Topic` on a streaming server (as DataHub's Kafka source types a topic), else by its ODCS physicalType. */
function subType(physicalType: string | undefined, server: Pick<Server, "type"> | undefined): string {
  if (server !== undefined && TOPIC_SERVER_TYPES.has(server.type)) return "Topic";
  const kind = (physicalType ?? "").trim().toLowerCase();
  if (kind === "view" || kind === "materialized view") return "View";
  if (kind === "topic") return "Topic";
  if (kind === "file") return "File";
  return "Table";
}

interface BuiltField {
  field: Record<string, unknown>;
  personal: boolean;
  /** The field's path in DataHub's v1 convention: names joined by `.` (`address.city`). */
  v1Path: string;
  /** The field's path in DataHub's v2 convention (SchemaFieldPath Specification v2), which names each level's type. */
  v2Path: string;
  /** The top-level column the field is (or is inside of), for the primary keys. */
  column: SchemaProperty;
}

/** Root of a table's v2 field paths: DataHub's SQL sources write a table's columns as the fields of a struct. */
const V2_ROOT = "[version=2.0].[type=struct]";

/**
 * Schema fields, nested objects (and arrays of objects) flattened. Their paths follow DataHub's v1 convention
 * (`address.city`), which most of its sources write, unless two fields would get one path — a column literally
 * named `address.city` beside an `address` object with a `city` field: DataHub keys a field (its documentation,
 * tags and lineage) by its path, so one of the two would be lost or mixed up with the other. Such a schema gets
 * DataHub's v2 paths, every field of it, as DataHub requires of a schema (`[version=2.0].[type=struct].[type=string].address.city`
 * and `[version=2.0].[type=struct].[type=struct].address.[type=string].city`). Names the same at one level (which v2
 * cannot tell apart either) are refused.
 */
function schemaFieldsOf(properties: readonly SchemaProperty[], where: string): { fields: BuiltField[]; version: 1 | 2 } {
  const fields = schemaFields(properties, "", V2_ROOT, undefined);
  if (uniquePaths(fields.map((f) => f.v1Path))) return { fields, version: 1 };
  const v2 = fields.map((f) => f.v2Path);
  if (!uniquePaths(v2)) {
    const twice = v2.find((path, index) => v2.indexOf(path) !== index) as string;
    const name = fields.find((f) => f.v2Path === twice)?.v1Path ?? twice;
    throw new CatalogContentError(`${where} has two fields named ${JSON.stringify(name)} at one level, which DataHub cannot tell apart (one field path ${twice}); rename one of them`);
  }
  return { fields: fields.map((f) => ({ ...f, field: { ...f.field, fieldPath: f.v2Path } })), version: 2 };
}

function uniquePaths(paths: readonly string[]): boolean {
  return new Set(paths).size === paths.length;
}

function schemaFields(properties: readonly SchemaProperty[], prefix: string, v2Parent: string, column: SchemaProperty | undefined): BuiltField[] {
  const out: BuiltField[] = [];
  for (const property of properties) {
    // The column's physicalName, else its name (an empty physicalName names nothing, as for objects and in provision).
    const name = objectPhysicalName(property);
    const path = `${prefix}${name}`;
    const v2Path = `${v2Parent}.${v2TypeTokens(property).map((t) => `[type=${t}]`).join(".")}.${name}`;
    const personal = isPersonalData(property);
    const classification = typeof property.classification === "string" ? property.classification.trim().toLowerCase() : "";
    const tags = uniqueTags([
      ...(property.tags ?? []).filter((t) => typeof t === "string" && t.trim().toLowerCase() !== "pii"),
      ...(personal ? ["pii"] : []),
      ...(classification !== "" && classification !== "pii" ? [`classification:${classification}`] : []),
    ]);
    const field: Record<string, unknown> = {
      fieldPath: path,
      // A primary key column holds no NULL, required or not (provision makes it NOT NULL).
      nullable: property.required !== true && property.primaryKey !== true,
      ...describe(property.description),
      type: { type: { [`com.linkedin.schema.${dataHubType(property)}`]: {} } },
      nativeDataType: property.physicalType ?? property.logicalType ?? "unknown",
      recursive: false,
      ...(tags.length > 0 ? { globalTags: { tags: tags.map((t) => ({ tag: tagUrn(t) })) } } : {}),
      isPartOfKey: property.primaryKey === true,
      ...(property.partitioned === true ? { isPartitioningKey: true } : {}),
    };
    out.push({ field, personal, v1Path: path, v2Path, column: column ?? property });
    const nested = nestedProperties(property);
    if (nested && nested.length > 0) out.push(...schemaFields(nested, `${path}.`, v2Path, column ?? property));
  }
  return out;
}

/**
 * The v2 type tokens of a field, outermost first: `struct` for an object, `array` then what it holds for an array
 * (`array`, `struct`: an array of objects), else the field's primitive type, as DataHub's SQL sources name them.
 */
function v2TypeTokens(property: Pick<SchemaProperty, "logicalType" | "physicalType" | "properties" | "items">): string[] {
  if (property.properties || property.logicalType === "object") return ["struct"];
  const type = dataHubType(property);
  if (type === "NumberType" && (property.logicalType === "integer" || /INT/i.test(property.physicalType ?? ""))) return ["long"];
  if (type !== "ArrayType" && !property.items) return [V2_PRIMITIVE[type] ?? "null"];
  return property.items ? ["array", ...v2TypeTokens(property.items)] : ["array"];
}

/** DataHub field type → the primitive type name of v2 field paths (Avro's names, which DataHub's sources write). */
const V2_PRIMITIVE: Readonly<Record<string, string>> = {
  StringType: "string",
  NumberType: "double",
  BooleanType: "boolean",
  DateType: "date",
  TimeType: "timestamp",
  BytesType: "bytes",
  EnumType: "enum",
  MapType: "map",
  RecordType: "struct",
  NullType: "null",
};

/** The fields of an object column, or of the objects an array holds, however deep its arrays nest (`matrix: array of array of object`). */
export function nestedProperties(property: Pick<SchemaProperty, "properties" | "items">): SchemaProperty[] | undefined {
  if (property.properties) return property.properties;
  let items = property.items;
  while (items && !items.properties && items.items) items = items.items;
  return items?.properties;
}

/** The primary key columns, in key order, by their field paths (`SchemaField.fieldPath`, v1 or v2 as the fields are). */
function primaryKeys(properties: readonly SchemaProperty[], fields: readonly BuiltField[]): { primaryKeys?: string[] } {
  const pathOf = (column: SchemaProperty): string => String(fields.find((f) => f.column === column)?.field.fieldPath ?? objectPhysicalName(column));
  const keys = properties
    .filter((p) => p.primaryKey === true)
    .map((p, index) => ({ name: pathOf(p), position: typeof p.primaryKeyPosition === "number" && p.primaryKeyPosition > 0 ? p.primaryKeyPosition : 1000 + index }))
    .sort((a, b) => a.position - b.position)
    .map((k) => k.name);
  return keys.length > 0 ? { primaryKeys: keys } : {};
}

/** ODCS logical type (or, without one, the physical type) → DataHub field type. */
function dataHubType(property: Pick<SchemaProperty, "logicalType" | "physicalType">): string {
  switch (property.logicalType) {
    case "string":
      return "StringType";
    case "integer":
    case "number":
      return "NumberType";
    case "boolean":
      return "BooleanType";
    case "date":
      return "DateType";
    case "timestamp":
    case "time":
      return "TimeType";
    case "object":
      return "RecordType";
    case "array":
      return "ArrayType";
  }
  return dataHubTypeOfPhysical(property.physicalType ?? "");
}

/**
 * DataHub field type of a physical type, by its leading type name: `ARRAY<INT>` is an array and `MAP<STRING, INT>`
 * a map (not a number or a string, as a type named inside them would make them), `POINT` is not an `INT`.
 * Containers, `INTERVAL` and `ENUM` as DataHub's own SQL sources type them (`MapType`, `TimeType`, `EnumType`).
 */
function dataHubTypeOfPhysical(physicalType: string): string {
  const physical = physicalType.trim().toUpperCase();
  // PostgreSQL writes an array as its element type and `[]`: `INTEGER[]`, `TEXT[][]`.
  if (physical.endsWith("]")) return "ArrayType";
  const head = /^[A-Z_][A-Z0-9_]*/.exec(physical)?.[0] ?? "";
  if (/^(ARRAY|LIST|SET)$/.test(head)) return "ArrayType";
  if (head === "MAP") return "MapType";
  if (/^(STRUCT|RECORD|ROW|OBJECT|JSON|JSONB|VARIANT|SUPER)$/.test(head)) return "RecordType";
  if (head === "ENUM") return "EnumType";
  if (head === "INTERVAL") return "TimeType";
  if (/CHAR|TEXT|STRING|UUID|CLOB/.test(head)) return "StringType";
  if (/^(U|BIG|SMALL|TINY|MEDIUM|BYTE|HUGE|UBIG|USMALL|UTINY|UHUGE)?INT(EGER|\d+)?$|SERIAL|DEC|NUM|FLOAT|DOUBLE|REAL|MONEY/.test(head)) return "NumberType";
  if (/BOOL/.test(head)) return "BooleanType";
  if (/TIMESTAMP|TIME/.test(head)) return "TimeType";
  if (/DATE/.test(head)) return "DateType";
  if (/BINARY|BLOB|BYTEA|BYTES/.test(head)) return "BytesType";
  return "NullType";
}

/**
 * Ownership type of a team member by role: stewards, owners (a technical owner is one, not a business
 * owner: `technical owner`, `tech_owner`), everyone else technical.
 */
export function ownershipTypeForRole(role: string | undefined): "BUSINESS_OWNER" | "DATA_STEWARD" | "TECHNICAL_OWNER" {
  const r = (role ?? "").toLowerCase();
  if (r.includes("steward")) return "DATA_STEWARD";
  if (/(^|[^a-z])tech(nical)?([^a-z]|$)/.test(r)) return "TECHNICAL_OWNER";
  if (r.includes("owner")) return "BUSINESS_OWNER";
  return "TECHNICAL_OWNER";
}

function ownersOf(teamName: string | undefined, members: readonly TeamMember[]): { owner: string; type: string }[] {
  const owners: { owner: string; type: string }[] = [];
  const add = (owner: string, type: string) => {
    if (!owners.some((o) => o.owner === owner)) owners.push({ owner, type });
  };
  if (teamName && teamName.trim() !== "") add(corpGroupUrn(teamName), "TECHNICAL_OWNER");
  for (const member of members) add(corpUserUrn(member.username), ownershipTypeForRole(member.role));
  return owners;
}

function stringValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The `deprecation` aspect of an output dataset: deprecated when its product is deprecated or retired (ODPS status), or
 * the contract it serves is (ODCS status), with the product's status notice as the note, so DataHub shows the
 * deprecation banner consumers look for. Any other status asserts `deprecated: false`, so a product made active again
 * is no longer shown deprecated (an UPSERT replaces the whole aspect, as with `status`). ODPS and ODCS give no
 * decommission date, so there is no `decommissionTime`. Sent on datasets only: DataHub's entity registry gives the
 * `dataProduct` entity no `deprecation` aspect, and GMS refuses an aspect an entity does not have.
 */
export function deprecationOf(productStatus: unknown, contract: Pick<DataContract, "id" | "version" | "status">, actor: string): { deprecated: boolean; note: string; actor: string } {
  const status = typeof productStatus === "string" ? productStatus.trim().toLowerCase() : "";
  const contractStatus = typeof contract.status === "string" ? contract.status.trim().toLowerCase() : "";
  const notes: string[] = [];
  if (status === "deprecated" || status === "retired") notes.push(productStatusNotice(status) as string);
  if (contractStatus === "deprecated" || contractStatus === "retired") notes.push(`Its contract ${contract.id} ${contract.version} is ${contractStatus}.`);
  return { deprecated: notes.length > 0, note: notes.join(" "), actor };
}

function datasetCustomProperties(dataset: OutputDataset, quality: QualityCounts, productStatus: string): Record<string, string> {
  const { contract, object, port, server } = dataset;
  const props: Record<string, string> = {
    contract_id: contract.id,
    contract_version: contract.version,
    contract_status: contract.status,
  };
  if (contract.name) props.contract_name = contract.name;
  props.output_port = `${port.name}@${port.version}`;
  // The product's lifecycle (proposed, draft, active, deprecated, retired) is the dataset's too: a consumer who finds the table sees it.
  if (typeof productStatus === "string" && productStatus !== "") props.product_status = productStatus;
  if (server) props.server = `${server.server} (${server.type}${server.environment ? `, ${server.environment}` : ""})`;
  if (object.businessName) props.business_name = object.businessName;
  if (object.dataGranularityDescription) props.granularity = object.dataGranularityDescription;
  for (const [property, value] of slaSummary(contract, object.name)) props[`sla_${property}`] = value;
  props.quality_status = quality.status;
  if (quality.checks > 0) {
    props.quality_checks = `${quality.checks} checks: ${quality.passed} passed, ${quality.failed} failed, ${quality.warned} warned, ${quality.errors} errors`;
  }
  if (quality.testedAt) props.quality_tested_at = quality.testedAt;
  const measuredOn = qualityServer(quality, server);
  if (measuredOn) props.quality_server = measuredOn;
  return props;
}

function productCustomProperties(docs: ProductDocuments, datasetCount: number): Record<string, string> {
  const { product } = docs;
  const props: Record<string, string> = { product_id: product.id };
  if (product.version) props.version = product.version;
  props.status = product.status;
  if (product.domain) props.domain = product.domain;
  if (product.tenant) props.tenant = product.tenant;
  if ((product.inputPorts ?? []).length > 0) props.input_ports = (product.inputPorts ?? []).map((p) => `${p.name}@${p.version}`).join(", ");
  props.output_ports = (product.outputPorts ?? []).map((p) => `${p.name}@${p.version}`).join(", ");
  props.datasets = String(datasetCount);
  const support = (product.support ?? []).map((s) => `${s.channel}${s.tool ? ` (${s.tool})` : ""} ${s.url}`);
  if (support.length > 0) props.support = support.join("; ");
  // ODPS management ports (discover, observe, control the product): `name (content, type): url or channel`.
  const management = (product.managementPorts ?? []).map((m) => {
    const where = [m.url, m.channel ? `channel ${m.channel}` : undefined].filter((w): w is string => typeof w === "string" && w !== "").join(", ");
    return `${m.name} (${m.content}, ${m.type ?? "rest"})${where ? `: ${where}` : ""}`;
  });
  if (management.length > 0) props.management_ports = management.join("; ");
  const definitions = [...(product.authoritativeDefinitions ?? []), ...(product.description?.authoritativeDefinitions ?? [])].map((d) => `${d.type} ${d.url}`);
  if (definitions.length > 0) props.authoritative_definitions = definitions.join("; ");
  for (const cp of product.customProperties ?? []) {
    const key = `custom_${cp.property}`;
    if (!(key in props)) props[key] = stringValue(cp.value);
  }
  const statuses = outputContracts(docs).map(({ contract }) => qualityStatus(docs.results, contract));
  props.quality_status = productQualityStatus(statuses.map((s) => s.status));
  const tested = statuses.map((s) => s.testedAt).filter((t): t is string => typeof t === "string").sort();
  if (tested.length > 0) props.quality_tested_at = tested[tested.length - 1] as string;
  return props;
}

// ---------------------------------------------------------------------------------------------
// Publishing
// ---------------------------------------------------------------------------------------------

/** Environment variable holding the DataHub access token (sent as `Authorization: Bearer`). */
export const DATAHUB_TOKEN_ENV = "MESHKIT_DATAHUB_TOKEN";

export interface DataHubPublishOptions extends DataHubPlanOptions, HttpRetryOptions {
  /** Access token; default `MESHKIT_DATAHUB_TOKEN` from `env`. */
  token?: string;
  /** Environment to read the token from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** `batch` (default): one `ingestProposalBatch` request per entity; `single`: one `ingestProposal` per aspect. */
  mode?: "batch" | "single";
  /**
   * Datasets another product of the same publish serves (their URNs): an output port moved to that product is not
   * withdrawn from DataHub by this one, whichever is sent first.
   */
  servedElsewhere?: ReadonlySet<string>;
}

/** One aspect of one entity. */
export interface ProposalRef {
  entityUrn: string;
  aspectName: string;
}

export interface DataHubPublishResult {
  url: string;
  productUrn: string;
  /** Every proposal, in the order written. */
  written: ProposalRef[];
  requests: number;
  notes: string[];
  /** Datasets an earlier publication listed as the product's outputs that it no longer has: soft-deleted and deprecated. */
  withdrawn: string[];
  /**
   * Datasets an earlier publication listed as the product's outputs that it no longer has and another data product lists
   * now: taken out of the product's assets and left active, as that product's.
   */
  handedOver: HandedOverDataset[];
  /** Datasets someone deprecated in DataHub (not meshkit) that the documents do not deprecate: their deprecation is kept, not cleared. */
  keptDeprecations: string[];
}

/** A former output dataset of the product and the other data products DataHub has it among the assets of. */
export interface HandedOverDataset {
  urn: string;
  products: string[];
}

/**
 * Publishing stopped at a request that failed for good. Nothing after it was sent; what came before
 * was written. The product's `dataProductProperties` (its name and assets) is always the last
 * proposal, so a product that lists its datasets is never visible before they are all written.
 */
export class DataHubPublishError extends UsageError {
  constructor(
    message: string,
    /** Written and confirmed by GMS. */
    readonly written: readonly ProposalRef[],
    /** In the request that failed: GMS may or may not have applied them. */
    readonly unconfirmed: readonly ProposalRef[],
    /** Never sent. */
    readonly notSent: readonly ProposalRef[],
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = "DataHubPublishError";
  }
}

/** Sends the product's proposals to DataHub GMS at `url`. */
export async function publishToDataHub(url: string, docs: ProductDocuments, options: DataHubPublishOptions = {}): Promise<DataHubPublishResult> {
  const plan = buildDataHubPlan(docs, options);
  const client = gmsClient(url, options);
  const single = options.mode === "single";
  const ref = (p: DataHubProposal): ProposalRef => ({ entityUrn: p.entityUrn, aspectName: p.aspectName });
  const written: ProposalRef[] = [];
  let sent = 0;
  // This publication as sent, for the progress a failure reports: without the deprecations it keeps (of the datasets `groups` are
  // known for, in order), with the withdrawn datasets' proposals once known.
  const asSent = (groups: readonly DataHubProposal[][]): DataHubPlan => {
    const datasets = plan.datasets.map((dataset, index) => ({ ...dataset, proposals: groups[index] ?? dataset.proposals }));
    return { ...plan, datasets, proposals: [...datasets.flatMap((d) => d.proposals), ...plan.product] };
  };
  let sending = plan;
  const send = async (groups: readonly DataHubProposal[][], after: readonly DataHubProposal[]): Promise<void> => {
    const requests = single ? groups.flat().map((p) => [p]) : groups.filter((g) => g.length > 0);
    for (const [index, group] of requests.entries()) {
      try {
        if (single) {
          await client.request({ method: "POST", path: "/aspects?action=ingestProposal", body: { proposal: group[0], async: "false" }, expect: restliActionResult, wrongAddress: GMS_ADDRESS_HINT });
        } else {
          await client.request({ method: "POST", path: "/aspects?action=ingestProposalBatch", body: { proposals: group, async: "false" }, expect: restliActionResult, wrongAddress: GMS_ADDRESS_HINT });
        }
      } catch (error) {
        if (!(error instanceof CatalogRequestError)) throw error;
        const unconfirmed = group.map(ref);
        const notSent = [...requests.slice(index + 1).flat(), ...after].map(ref);
        throw new DataHubPublishError(`${error.message}. ${describeProgress(sending, written, unconfirmed, notSent)}`, written, unconfirmed, notSent, error.status);
      }
      written.push(...group.map(ref));
      sent++;
    }
  };
  // A deprecation someone set in DataHub (a steward, in its UI) on a dataset the documents do not deprecate is kept: meshkit
  // clears only the deprecations it wrote itself (a product made active again), as it keeps curated owners and tags.
  const kept: string[] = [];
  const datasetGroups: DataHubProposal[][] = [];
  const actor = options.actor ?? DEFAULT_ACTOR;
  for (const dataset of plan.datasets) {
    const planned = dataset.proposals.find((p) => p.aspectName === "deprecation");
    const deprecated = planned !== undefined && (JSON.parse(planned.aspect.value) as { deprecated: boolean }).deprecated;
    const readsDeprecation = planned !== undefined && !deprecated;
    // A dataset whose port reads nothing any more may still have the edges meshkit wrote before. (One whose upstream documents
    // were not found this time keeps them: the port still reads them.)
    const readsLineage = dataset.readsNothing === true;
    let current: Record<string, unknown> | undefined;
    let lineage: Record<string, unknown> | undefined;
    try {
      if (readsDeprecation) current = await readAspect(client, dataset.urn, "deprecation");
      if (readsLineage) lineage = await readAspect(client, dataset.urn, "upstreamLineage");
    } catch (error) {
      if (!(error instanceof CatalogRequestError)) throw error;
      // Nothing is sent before every dataset is read: the whole publication is pending, less the deprecations kept so far.
      const pending = asSent(datasetGroups);
      const notSent = pending.proposals.map(ref);
      throw new DataHubPublishError(`${error.message}. ${describeProgress(pending, written, [], notSent)}`, written, [], notSent, error.status);
    }
    let proposals = dataset.proposals;
    const cleared = lineage === undefined ? undefined : withoutMeshkitUpstreams(dataset.urn, lineage);
    if (cleared) {
      const after = proposals.findIndex((p) => p.aspectName === "subTypes") + 1;
      proposals = [...proposals.slice(0, after), cleared, ...proposals.slice(after)];
    }
    if (readsDeprecation && current?.deprecated === true && !isMeshkitDeprecation(current, actor)) {
      kept.push(dataset.urn);
      proposals = proposals.filter((p) => p !== planned);
    }
    datasetGroups.push(proposals);
  }
  sending = asSent(datasetGroups);
  await send(datasetGroups, plan.product);
  // What the product lists now, read just before its assets are replaced: the datasets it no longer has are withdrawn first, so
  // that until the product is written it lists them as before, and publishing again completes an interrupted withdrawal.
  let withdrawn: DataHubProposal[][];
  let handedOver: HandedOverDataset[] = [];
  let product = plan.product;
  try {
    const previous = await publishedAssets(client, plan.productUrn);
    const former = await formerOutputs(client, plan, docs, previous, options);
    handedOver = former.handedOver;
    withdrawn = withdrawnDatasets(former.withdrawn, docs, options);
    product = withKeptAssets(plan, previous, actor, lacksPortContracts(docs) ? options.servedElsewhere ?? new Set() : undefined);
  } catch (error) {
    if (!(error instanceof CatalogRequestError)) throw error;
    throw new DataHubPublishError(`${error.message}. ${describeProgress(sending, written, [], plan.product.map(ref))}`, written, [], plan.product.map(ref), error.status);
  }
  sending = { ...sending, proposals: [...sending.proposals, ...withdrawn.flat()] };
  await send([...withdrawn, product], []);
  return { url: client.baseUrl, productUrn: plan.productUrn, written, requests: sent, notes: plan.notes, withdrawn: withdrawn.map((group) => group[0]!.entityUrn), handedOver, keptDeprecations: kept };
}

/** A client of GMS at `url`: Rest.li 2.0, the token of `options` or of MESHKIT_DATAHUB_TOKEN. */
function gmsClient(url: string, options: DataHubPublishOptions): JsonClient {
  const token = options.token ?? (options.env ?? process.env)[DATAHUB_TOKEN_ENV];
  return createJsonClient({
    service: "DataHub",
    baseUrl: url,
    tokenEnv: DATAHUB_TOKEN_ENV,
    headers: { "X-RestLi-Protocol-Version": "2.0.0" },
    ...(token ? { token } : {}),
    ...pickRetryOptions(options),
  });
}

/** What publishing does to the datasets an earlier publication listed as the product's outputs that this one no longer has. */
export interface FormerOutputs {
  /** Soft-deleted and deprecated. */
  withdrawn: string[];
  /** Listed by another data product now: only taken out of the product's assets. */
  handedOver: HandedOverDataset[];
}

/** What a dry run reads a real run would do to the datasets the product no longer has, and how many proposals withdrawing them takes. */
export interface DataHubWithdrawalPreview extends FormerOutputs {
  /** The proposals a real run sends beside the plan's to withdraw `withdrawn` (a soft delete and a deprecation each). */
  withdrawalProposals: number;
}

/**
 * The assets each data product of a dry run would list once the versions of it previewed so far were sent, by its urn: a
 * real run sends the versions of a product one after the other, and each reads what the one before it wrote.
 */
export type DataHubPreviewedAssets = Map<string, readonly PublishedAsset[]>;

/**
 * The datasets publishing the product would withdraw, and those it would only take out of its assets, read from GMS
 * (look-ups only, nothing is written): what a dry run says a real run would remove. What the product lists is read from
 * `previewed` when a version of it was previewed before in the run, and the assets this version would leave are kept there.
 */
export async function previewDataHubWithdrawals(url: string, docs: ProductDocuments, previewed: DataHubPreviewedAssets, options: DataHubPublishOptions = {}): Promise<DataHubWithdrawalPreview> {
  const plan = buildDataHubPlan(docs, options);
  const client = gmsClient(url, options);
  const previous = previewed.get(plan.productUrn) ?? (await publishedAssets(client, plan.productUrn));
  const product = withKeptAssets(plan, previous, options.actor ?? DEFAULT_ACTOR, lacksPortContracts(docs) ? options.servedElsewhere ?? new Set() : undefined);
  const properties = product.find((p) => p.aspectName === "dataProductProperties")!;
  previewed.set(plan.productUrn, (JSON.parse(properties.aspect.value) as { assets: PublishedAsset[] }).assets);
  const former = await formerOutputs(client, plan, docs, previous, options);
  return { ...former, withdrawalProposals: withdrawnDatasets(former.withdrawn, docs, options).flat().length };
}

/**
 * Of the withdrawal candidates, those another data product lists now (a port moved to it, published from its repository in
 * an earlier run): that product's, taken out of this one's assets, never soft-deleted or deprecated, which would hide it
 * from its consumers.
 */
async function formerOutputs(client: JsonClient, plan: DataHubPlan, docs: ProductDocuments, previous: readonly PublishedAsset[], options: DataHubPublishOptions): Promise<FormerOutputs> {
  const result: FormerOutputs = { withdrawn: [], handedOver: [] };
  for (const urn of withdrawalCandidates(plan, docs, previous, options)) {
    const products = await otherProductsListing(client, urn, plan.productUrn);
    if (products.length > 0) result.handedOver.push({ urn, products });
    else result.withdrawn.push(urn);
  }
  return result;
}

/**
 * What to do when GMS's Rest.li resources are not at the target's address (a 404 for an ingest action, a web page):
 * the address is GMS's own, or DataHub's frontend, which passes `/api/gms/…` on to GMS.
 */
const GMS_ADDRESS_HINT = "give GMS's address (e.g. datahub:http://datahub-gms:8080), or DataHub's frontend followed by /api/gms (e.g. datahub:https://datahub.example.com/api/gms)";

/** A URN as a Rest.li 2.0 path key: URL encoded, and `(`, `)`, `'` too, which Rest.li 2.0 reserves in keys. */
function restliKey(urn: string): string {
  return encodeURIComponent(urn).replace(/[()']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The assets of the data product as DataHub has it (`dataProductProperties`, latest version); none when it has no
 * such aspect (a first publication).
 */
async function publishedAssets(client: JsonClient, productUrn: string): Promise<PublishedAsset[]> {
  const aspect = await readAspect(client, productUrn, "dataProductProperties");
  const assets = Array.isArray(aspect?.assets) ? aspect.assets : [];
  return assets.filter((a): a is PublishedAsset => a !== null && typeof a === "object" && !Array.isArray(a) && typeof (a as { destinationUrn?: unknown }).destinationUrn === "string");
}

/** An asset of a data product as DataHub has it (a `DataProductAssociation`: its edge fields as read). */
type PublishedAsset = { destinationUrn: string; outputPort?: boolean } & Record<string, unknown>;

/**
 * The `message` of the audit stamps meshkit writes where others write too: the `created` of the assets it lists (as DataHub's
 * own YAML writes `yaml` in those it lists) and the `auditStamp` of its lineage edges.
 */
const MESHKIT_STAMP_MESSAGE = "meshkit";

/**
 * Whether an asset DataHub lists is one meshkit listed: a dataset as an output port, with meshkit's `created.message` — or,
 * as meshkit listed them before it wrote one, none and meshkit's actor. DataHub lets others mark output ports too (its
 * UI, `datahub dataproduct upsert` with `output_ports`, which writes `message: "yaml"`): such an asset — a dataset of
 * another team, a container, a dashboard — is theirs, kept among the product's assets and never withdrawn.
 */
function isMeshkitAsset(asset: PublishedAsset, actor: string): boolean {
  if (asset.outputPort !== true || !asset.destinationUrn.startsWith("urn:li:dataset:")) return false;
  const created = asset.created !== null && typeof asset.created === "object" && !Array.isArray(asset.created) ? (asset.created as Record<string, unknown>) : {};
  return created.message === undefined ? created.actor === actor : created.message === MESHKIT_STAMP_MESSAGE;
}

/**
 * The product's proposals, its `dataProductProperties` keeping the assets DataHub lists that are not meshkit's: those a
 * steward or another tool added in DataHub (not isMeshkitAsset, whether output ports or not), as read, after the
 * product's own datasets. The UPSERT replaces the whole aspect, so without them every publication would take out of the
 * product what a steward put in it (a dashboard, a glossary of the product's tables), as curated owners and tags are kept.
 * `keepOwnExcept` is given when a port's contract is not among the documents: its datasets are not in this publication,
 * yet the port is still there, so the datasets meshkit listed stay the product's assets, as they are not withdrawn
 * (`withdrawnDatasets`) — all but those `keepOwnExcept` holds, which another product of the publish serves now.
 */
function withKeptAssets(plan: DataHubPlan, previous: readonly PublishedAsset[], actor: string, keepOwnExcept?: ReadonlySet<string>): DataHubProposal[] {
  const listed = new Set(plan.datasets.map((d) => d.urn));
  const kept: PublishedAsset[] = [];
  for (const asset of previous) {
    if (listed.has(asset.destinationUrn)) continue;
    if (isMeshkitAsset(asset, actor) && (keepOwnExcept === undefined || keepOwnExcept.has(asset.destinationUrn))) continue;
    listed.add(asset.destinationUrn);
    kept.push(asset);
  }
  if (kept.length === 0) return plan.product;
  return plan.product.map((p) => {
    if (p.aspectName !== "dataProductProperties") return p;
    const value = JSON.parse(p.aspect.value) as { assets: unknown[] };
    return proposal(p.entityType, p.entityUrn, p.aspectName, { ...value, assets: [...value.assets, ...kept] });
  });
}

/** The latest version of an entity's aspect in GMS (`GET /aspects/<urn>?aspect=…&version=0`); undefined when it has none (404). */
async function readAspect(client: JsonClient, urn: string, aspectName: string): Promise<Record<string, unknown> | undefined> {
  const answer = await client.request({ method: "GET", path: `/aspects/${restliKey(urn)}?aspect=${aspectName}&version=0`, accept: [404], expect: restliAspect, wrongAddress: GMS_ADDRESS_HINT });
  if (answer.status === 404) return undefined;
  // `{"aspect": {"<aspect class>": value}}`: the one member of the union is the aspect.
  const value = Object.values((answer.body as { aspect: Record<string, unknown> }).aspect)[0];
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The `upstreamLineage` of a dataset without the edges meshkit wrote (marked by their `auditStamp.message`), when it has
 * some: their output port reads nothing any more, and DataHub would go on showing the dataset fed by a product it no longer
 * reads (and that product's impact analysis listing it). The edges others wrote (DataHub's ingestion of the warehouse, dbt,
 * a steward) and the rest of the aspect are kept. Undefined when meshkit wrote none (nothing to take out).
 */
function withoutMeshkitUpstreams(urn: string, aspect: Record<string, unknown>): DataHubProposal | undefined {
  const upstreams = Array.isArray(aspect.upstreams) ? (aspect.upstreams as unknown[]) : [];
  const meshkits = (edge: unknown): boolean => {
    const stamp = edge !== null && typeof edge === "object" ? (edge as { auditStamp?: unknown }).auditStamp : undefined;
    return stamp !== null && typeof stamp === "object" && (stamp as { message?: unknown }).message === MESHKIT_STAMP_MESSAGE;
  };
  const others = upstreams.filter((edge) => !meshkits(edge));
  return others.length === upstreams.length ? undefined : proposal("dataset", urn, "upstreamLineage", { ...aspect, upstreams: others });
}

/**
 * Whether a `deprecation` aspect is one meshkit wrote: by the publishing actor, with one of the notes meshkit writes (the
 * product's status notice, its contract's status, or a withdrawn output). A deprecation by anyone else, or with another
 * note (a steward deprecating a dataset in DataHub's UI, even as the same user), is not meshkit's to clear.
 */
export function isMeshkitDeprecation(aspect: Record<string, unknown>, actor: string): boolean {
  const note = typeof aspect.note === "string" ? aspect.note : "";
  return aspect.actor === actor && MESHKIT_DEPRECATION_NOTE.test(note);
}

/**
 * The notes meshkit writes in a `deprecation`, whole: `deprecationOf`'s (the notice of a deprecated or retired product, then
 * or alone its contract's status) and `withdrawnDatasets`'. Matched whole, not by how they start: meshkit's actor is DataHub's
 * own `datahub` user, whom a steward may be signed in as, and a note of theirs such as "This product is replaced by
 * orders_v2" or "Its contract is under review" is theirs to keep.
 */
const MESHKIT_DEPRECATION_NOTE = (() => {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const notices = ["deprecated", "retired"].map((status) => escape(productStatusNotice(status) as string)).join("|");
  const contract = String.raw`Its contract [\s\S]+ is (?:deprecated|retired)\.`;
  const withdrawn = String.raw`No longer an output of data product [\s\S]+: its output ports do not serve this dataset any more\.`;
  return new RegExp(`^(?:(?:${notices})(?: ${contract})?|${contract}|${withdrawn})$`);
})();

/**
 * The data products other than `productUrn` that list a dataset among their assets: the entities of its incoming
 * `DataProductContains` relationships (`GET /relationships?direction=INCOMING&urn=…&types=List(DataProductContains)`), as
 * DataHub's own `unsetDataProduct` finds a dataset's product. DataHub keeps a dataset in one data product; a few are read.
 */
async function otherProductsListing(client: JsonClient, urn: string, productUrn: string): Promise<string[]> {
  const answer = await client.request({
    method: "GET",
    path: `/relationships?direction=INCOMING&urn=${restliKey(urn)}&types=List(DataProductContains)&start=0&count=10`,
    expect: restliRelationships,
    wrongAddress: GMS_ADDRESS_HINT,
  });
  const relationships = (answer.body as { relationships: unknown[] }).relationships;
  const products = relationships.map((r) => (r !== null && typeof r === "object" ? (r as { entity?: unknown }).entity : undefined));
  return [...new Set(products.filter((p): p is string => typeof p === "string" && p !== productUrn))];
}

/** What is wrong with a 2xx answer to a Rest.li relationships look-up, if anything: GMS answers `{"relationships": […], …}`. */
function restliRelationships(body: unknown): string | undefined {
  return Array.isArray((body as { relationships?: unknown } | null)?.relationships) ? undefined : 'a Rest.li relationships answer is {"relationships": […]}';
}

/** What is wrong with a 2xx answer to a Rest.li aspect look-up, if anything: GMS answers `{"aspect": {"<aspect class>": …}, "version": …}`. */
function restliAspect(body: unknown): string | undefined {
  const aspect = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as { aspect?: unknown }).aspect : undefined;
  return aspect !== null && typeof aspect === "object" && !Array.isArray(aspect) ? undefined : 'a Rest.li aspect is {"aspect": …}';
}

/**
 * The datasets an earlier publication listed as the product's output ports (isMeshkitAsset; an asset a steward or another
 * tool added in DataHub, as an output port or not, is left alone) that this one no longer has: an output port removed
 * from the product, or a table it moved. Each is withdrawn as a retired product's datasets are — soft-deleted
 * (`status` removed: hidden from search and browse, kept and restorable) and deprecated with a note saying why —,
 * rather than left active with the product's owners and properties, looking served. Nothing is withdrawn when a port's
 * contract is not among the documents (its datasets are not in this publication, yet the port is still there), nor a
 * dataset another product of the publish serves, nor one another data product lists in DataHub (otherProductsListing).
 */
function withdrawalCandidates(plan: DataHubPlan, docs: ProductDocuments, previous: readonly PublishedAsset[], options: DataHubPublishOptions): string[] {
  if (lacksPortContracts(docs)) return [];
  const current = new Set(plan.datasets.map((d) => d.urn));
  const actor = options.actor ?? DEFAULT_ACTOR;
  return [...new Set(previous.filter((a) => isMeshkitAsset(a, actor) && !current.has(a.destinationUrn) && !options.servedElsewhere?.has(a.destinationUrn)).map((a) => a.destinationUrn))];
}

/** The proposals withdrawing each of `urns` (withdrawalCandidates no other data product lists): a soft delete and a deprecation saying why. */
function withdrawnDatasets(urns: readonly string[], docs: ProductDocuments, options: DataHubPublishOptions): DataHubProposal[][] {
  const actor = options.actor ?? DEFAULT_ACTOR;
  const version = productVersionText(docs.product);
  return urns.map((urn) => [
    proposal("dataset", urn, "status", { removed: true }),
    proposal("dataset", urn, "deprecation", {
      deprecated: true,
      note: escapeMarkdownText(`No longer an output of data product ${productDisplayName(docs.product)}${version}: its output ports do not serve this dataset any more.`),
      actor,
    }),
  ]);
}

/** Whether an output port's contract is not among the documents (`catalog-contract-missing`): its datasets are not in the publication. */
function lacksPortContracts(docs: ProductDocuments): boolean {
  return missingPortContracts(docs).size > 0;
}

/** The contract ids output ports name that are at no version among the documents (`catalog-contract-missing`). */
export function missingPortContracts(docs: ProductDocuments): Set<string> {
  const given = new Set(docs.contracts.map((c) => c.id));
  return new Set((docs.product.outputPorts ?? []).map((port) => port.contractId).filter((id): id is string => typeof id === "string" && id !== "" && !given.has(id)));
}

function productVersionText(product: DataProduct): string {
  return typeof product.version === "string" && product.version.trim() !== "" ? ` as of version ${product.version.trim()}` : "";
}

/**
 * What is wrong with a 2xx answer to an ingest action, if anything. GMS answers a Rest.li action with its result
 * as `{"value": …}` (`"success"`, or the URN in older releases); an empty body, or JSON without `value`, comes from
 * something else at that address (a gateway or stub answering 200 to anything), which wrote nothing.
 */
function restliActionResult(body: unknown): string | undefined {
  return body !== null && typeof body === "object" && !Array.isArray(body) && "value" in body ? undefined : 'a Rest.li action result is {"value": …}';
}

function describeProgress(plan: DataHubPlan, written: readonly ProposalRef[], unconfirmed: readonly ProposalRef[], notSent: readonly ProposalRef[]): string {
  const total = plan.proposals.length;
  if (written.length === 0) {
    const failed = unconfirmed.length > 0 ? `; the ${unconfirmed.length} of the failed request are not confirmed` : "";
    return `Nothing was written before the failure (0 of ${total} proposals${failed}); publishing again sends everything.`;
  }
  const completeDatasets = plan.datasets.filter((d) => d.proposals.every((p) => written.some((w) => w.entityUrn === p.entityUrn && w.aspectName === p.aspectName)));
  const pending = [...unconfirmed, ...notSent];
  const pendingEntities = [...new Set(pending.map((p) => p.entityUrn))];
  const productListed = written.some((w) => w.entityUrn === plan.productUrn && w.aspectName === "dataProductProperties");
  const consistency = productListed
    ? "the data product and its datasets were written"
    : `the data product's dataProductProperties (its name and assets) was not written, so no consumer sees ${plan.productUrn} listing datasets that are missing`;
  return (
    `Written: ${written.length} of ${total} proposals (complete datasets: ${completeDatasets.map((d) => d.urn).join(", ") || "none"}); ` +
    `not written or not confirmed: ${pending.length} proposals of ${pendingEntities.join(", ")}; ${consistency}; ` +
    "publishing again completes it (every proposal is an idempotent UPSERT)."
  );
}

/** The retry and transport options of `options`, for `createJsonClient`. */
export function pickRetryOptions(options: HttpRetryOptions): HttpRetryOptions {
  const picked: HttpRetryOptions = {};
  if (options.fetch) picked.fetch = options.fetch;
  if (options.timeoutMs !== undefined) picked.timeoutMs = options.timeoutMs;
  if (options.retries !== undefined) picked.retries = options.retries;
  if (options.backoffMs !== undefined) picked.backoffMs = options.backoffMs;
  if (options.maxBackoffMs !== undefined) picked.maxBackoffMs = options.maxBackoffMs;
  if (options.sleep) picked.sleep = options.sleep;
  return picked;
}
