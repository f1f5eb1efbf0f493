/**
 * What consumers read from an entry, derived from its documents: columns with types and
 * classification, owners, support channels, SLAs, output ports with where their data lives, and
 * lineage across the catalog. The site and the search index are built from these, so both show
 * the same thing. Documents were validated when published, but every field is read defensively:
 * an entry is a file anyone could have edited.
 */
import { type DataContract, isMapping, sensitivePart } from "@meshkit/core";
import { selectServer } from "./datahub.js";
import type { CatalogEntry } from "./entry.js";
import type { ContractQuality } from "./results.js";
import type { CatalogProduct } from "./store.js";
import { compareText } from "./stable-json.js";
import { isPersonalData } from "./personal-data.js";
import { isCurrentMember } from "./team.js";

export interface ColumnView {
  contractId: string;
  contractName: string;
  object: string;
  /** Nested properties are named with dots: `address.city`. */
  name: string;
  logicalType: string;
  physicalType: string;
  required: boolean;
  unique: boolean;
  primaryKey: boolean;
  classification: string;
  /** Personal data: tagged `pii` or classified `pii`, or an array whose items are. */
  pii: boolean;
  /** Personal or otherwise sensitive data (pii, or classified other than public/internal): masked by contract-test and provision. */
  sensitive: boolean;
  /** What makes the column sensitive, for its badge's title: its own classification, or the nested field that is; empty when it is not. */
  sensitiveReason: string;
  tags: string[];
  description: string;
}

export interface SchemaObjectView {
  contractId: string;
  contractName: string;
  contractVersion: string;
  name: string;
  physicalName: string;
  description: string;
  columns: ColumnView[];
}

export interface PersonView {
  username: string;
  name: string;
  role: string;
}

export interface OwnersView {
  team: string;
  description: string;
  members: PersonView[];
}

export interface SupportView {
  channel: string;
  url: string;
  tool: string;
  scope: string;
  description: string;
  /** ODPS `invitationUrl`: where to ask for access to the channel. */
  invitationUrl: string;
}

/** A link to a source that defines an element (ODPS / ODCS `authoritativeDefinitions`). */
export interface LinkView {
  type: string;
  url: string;
  description: string;
}

/** A key/value pair of `customProperties`; a value that is not text is shown as JSON. */
export interface PropertyView {
  property: string;
  value: string;
  description: string;
}

/** An ODPS management port: an endpoint to discover, observe or control the product. */
export interface ManagementPortView {
  name: string;
  /** What it serves: discoverability, observability, control, dictionary, … */
  content: string;
  /** `rest` (the ODPS default when absent) or `topic`. */
  type: string;
  url: string;
  channel: string;
  description: string;
  tags: string[];
  links: LinkView[];
  properties: PropertyView[];
}

export interface SlaView {
  contractName: string;
  property: string;
  value: string;
  unit: string;
  element: string;
  driver: string;
  description: string;
}

export interface ServerView {
  server: string;
  type: string;
  environment: string;
  /** Where the data is, in one line: `postgres localhost:5432/analytics.customer`, `s3://bucket/path`. */
  location: string;
}

export interface OutputPortView {
  name: string;
  version: string;
  type: string;
  description: string;
  contractId: string;
  contractName: string;
  tags: string[];
  servers: ServerView[];
  /** ODPS `sbom` URLs of the port version. */
  sbom: string[];
  /** ODPS `inputContracts`: the upstream contracts (and versions) this port version is built from. */
  inputContracts: ContractVersionView[];
  links: LinkView[];
  properties: PropertyView[];
}

/** A contract at a version, as ODPS names it (`inputContracts`: `id`, `version`). */
export interface ContractVersionView {
  id: string;
  version: string;
}

export interface InputPortView {
  name: string;
  version: string;
  contractId: string;
  tags: string[];
  links: LinkView[];
  properties: PropertyView[];
}

export function str(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function mappings(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isMapping) : [];
}

export function contractName(contract: unknown): string {
  return isMapping(contract) ? str(contract.name) || str(contract.id) : "";
}

/**
 * Why a column is sensitive: `confidential` (its classification), or `holds email: personal data` when one of its nested fields
 * or its array items is — the column itself may be classified `internal` or not at all, and a badge saying only
 * "sensitive" would not tell a consumer which part is.
 */
function sensitiveReason(column: Record<string, unknown>, part: Record<string, unknown>): string {
  // sensitivePart found it for a `pii` tag or classification, or another classification than public/internal.
  const level = isPersonalData(part) ? "personal data" : str(part.classification).trim();
  return part === column ? level : `holds ${str(part.name) || "its items"}: ${level}`;
}

export function schemaObjects(entry: CatalogEntry): SchemaObjectView[] {
  const objects: SchemaObjectView[] = [];
  for (const contract of mappings(entry.contracts)) {
    for (const object of mappings(contract.schema)) {
      const columns: ColumnView[] = [];
      const walk = (properties: unknown, prefix: string) => {
        for (const property of mappings(properties)) {
          const name = `${prefix}${str(property.name)}`;
          const part = sensitivePart(property);
          columns.push({
            contractId: str(contract.id),
            contractName: contractName(contract),
            object: str(object.name),
            name,
            logicalType: str(property.logicalType),
            physicalType: str(property.physicalType),
            required: property.required === true,
            unique: property.unique === true,
            primaryKey: property.primaryKey === true,
            classification: str(property.classification),
            pii: isPersonalData(property),
            // As provision masks it: a column holding a sensitive nested field or array item is sensitive whole.
            sensitive: part !== undefined,
            sensitiveReason: part === undefined ? "" : sensitiveReason(property, part as Record<string, unknown>),
            tags: strings(property.tags),
            description: str(property.description),
          });
          walk(property.properties, `${name}.`);
          // An array's items, at every depth (`matrix[][].v` for an array of arrays of objects).
          let items = property.items;
          let itemsName = `${name}[]`;
          while (isMapping(items)) {
            walk(items.properties, `${itemsName}.`);
            items = items.items;
            itemsName = `${itemsName}[]`;
          }
        }
      };
      walk(object.properties, "");
      objects.push({
        contractId: str(contract.id),
        contractName: contractName(contract),
        contractVersion: str(contract.version),
        name: str(object.name),
        physicalName: str(object.physicalName),
        description: str(object.description),
        columns,
      });
    }
  }
  return objects;
}

export function columns(entry: CatalogEntry): ColumnView[] {
  return schemaObjects(entry).flatMap((o) => o.columns);
}

/** The product's team (ODPS), or else the first contract's team. */
export function owners(entry: CatalogEntry): OwnersView {
  const team = isMapping(entry.product.team) ? entry.product.team : undefined;
  const fallback = mappings(entry.contracts).map((c) => c.team).find((t) => isMapping(t) || Array.isArray(t));
  const source = team ?? (isMapping(fallback) ? fallback : undefined);
  // The members of the team named: a product team that lists none does not take another team's members.
  const members = mappings(team ? team.members : Array.isArray(fallback) ? fallback : isMapping(fallback) ? fallback.members : undefined);
  return {
    team: str(source?.name),
    description: str(source?.description),
    members: members.filter((m) => isCurrentMember(m)).map((m) => ({ username: str(m.username), name: str(m.name), role: str(m.role) })),
  };
}

/** The product's support channels (ODPS), or else its contracts'. */
export function support(entry: CatalogEntry): SupportView[] {
  const own = mappings(entry.product.support);
  const list = own.length > 0 ? own : mappings(entry.contracts).flatMap((c) => mappings(c.support));
  return list.map((s) => ({ channel: str(s.channel), url: str(s.url), tool: str(s.tool), scope: str(s.scope), description: str(s.description), invitationUrl: str(s.invitationUrl) }));
}

export function links(value: unknown): LinkView[] {
  return mappings(value)
    .map((d) => ({ type: str(d.type), url: str(d.url), description: str(d.description) }))
    .filter((d) => d.url !== "");
}

export function properties(value: unknown): PropertyView[] {
  return mappings(value)
    .filter((p) => str(p.property) !== "")
    .map((p) => ({ property: str(p.property), value: typeof p.value === "string" ? p.value : p.value === undefined ? "" : JSON.stringify(p.value), description: str(p.description) }));
}

/** The product's own authoritative definitions, then those of its description. */
export function productLinks(entry: CatalogEntry): LinkView[] {
  const d = isMapping(entry.product.description) ? entry.product.description : {};
  return [...links(entry.product.authoritativeDefinitions), ...links(d.authoritativeDefinitions)];
}

/** The product's custom properties, then those of its description. */
export function productProperties(entry: CatalogEntry): PropertyView[] {
  const d = isMapping(entry.product.description) ? entry.product.description : {};
  return [...properties(entry.product.customProperties), ...properties(d.customProperties)];
}

export function managementPorts(entry: CatalogEntry): ManagementPortView[] {
  return mappings(entry.product.managementPorts).map((p) => ({
    name: str(p.name),
    content: str(p.content),
    type: str(p.type) || "rest",
    url: str(p.url),
    channel: str(p.channel),
    description: str(p.description),
    tags: strings(p.tags),
    links: links(p.authoritativeDefinitions),
    properties: properties(p.customProperties),
  }));
}

export function slas(entry: CatalogEntry): SlaView[] {
  return mappings(entry.contracts).flatMap((contract) =>
    mappings(contract.slaProperties).map((sla) => ({
      contractName: contractName(contract),
      property: str(sla.property),
      value: Array.isArray(sla.value) ? sla.value.map(str).join(", ") : str(sla.value),
      unit: str(sla.unit),
      element: str(sla.element),
      driver: str(sla.driver),
      description: str(sla.description),
    })),
  );
}

export function inputPorts(entry: CatalogEntry): InputPortView[] {
  return mappings(entry.product.inputPorts).map((p) => ({
    name: str(p.name),
    version: str(p.version),
    contractId: str(p.contractId),
    tags: strings(p.tags),
    links: links(p.authoritativeDefinitions),
    properties: properties(p.customProperties),
  }));
}

export function outputPorts(entry: CatalogEntry): OutputPortView[] {
  return mappings(entry.product.outputPorts).map((port) => {
    const contract = mappings(entry.contracts).find((c) => str(c.id) === str(port.contractId) && str(c.version) === str(port.version)) ?? mappings(entry.contracts).find((c) => str(c.id) === str(port.contractId));
    return {
      name: str(port.name),
      version: str(port.version),
      type: str(port.type),
      description: str(port.description),
      contractId: str(port.contractId),
      contractName: contract ? contractName(contract) : "",
      tags: strings(port.tags),
      servers: mappings(contract?.servers).map((s) => ({ server: str(s.server), type: str(s.type), environment: str(s.environment), location: serverLocation(s) })),
      sbom: mappings(port.sbom).map((b) => str(b.url)).filter((u) => u !== ""),
      inputContracts: mappings(port.inputContracts).map((c) => ({ id: str(c.id), version: str(c.version) })).filter((c) => c.id !== ""),
      links: links(port.authoritativeDefinitions),
      properties: properties(port.customProperties),
    };
  });
}

/** The server a contract's data is served from, as a consumer reads it. */
export interface ServedServerView {
  server: string;
  environment: string;
}

/**
 * The server a contract's data is served from, when its contract-test results were measured on another one (the
 * `local` sample data, a test copy, a `data:` file); undefined when they were measured where the data is, or the
 * results or the contract do not say. DataHub, OpenMetadata and Backstage say this beside the status
 * (`qualityServer`): the site must too, or a consumer takes the quality of a sample for the served table's.
 */
export function qualityMeasuredElsewhere(entry: CatalogEntry, result: Pick<ContractQuality, "contractId" | "contractVersion" | "source">): ServedServerView | undefined {
  if (result.source === "") return undefined;
  const contract = mappings(entry.contracts).find((c) => str(c.id) === result.contractId && str(c.version) === result.contractVersion);
  // Read defensively (an entry is a file anyone could have edited): only the fields selectServer reads, as strings.
  const servers = mappings(contract?.servers)
    .filter((s) => str(s.server) !== "")
    .map((s) => ({ server: str(s.server), type: str(s.type), ...(str(s.environment) ? { environment: str(s.environment) } : {}) }));
  const served = selectServer({ servers } as unknown as DataContract);
  if (!served || served.server === result.source) return undefined;
  return { server: served.server, environment: served.environment ?? "" };
}

/** One line that says where a server's data is. */
export function serverLocation(server: Record<string, unknown>): string {
  const s = (key: string) => str(server[key]);
  const hostPort = s("host") ? `${s("host")}${s("port") ? `:${s("port")}` : ""}` : "";
  const dotted = (...parts: string[]) => parts.filter(Boolean).join(".");
  const path = s("location") || s("path") || s("endpointUrl");
  switch (s("type")) {
    case "bigquery":
      return dotted(s("project"), s("dataset"));
    case "snowflake":
    case "databricks":
      return [s("account") || s("host"), dotted(s("catalog") || s("database"), s("schema"))].filter(Boolean).join("/");
    case "kafka":
    case "pubsub":
      return [s("host"), s("stream") || s("topic")].filter(Boolean).join("/");
    default: {
      const db = dotted(s("catalog") || s("database"), s("schema") || s("dataset"));
      if (hostPort || db) return [hostPort, db].filter(Boolean).join("/");
      return path;
    }
  }
}

export function description(entry: CatalogEntry): { purpose: string; usage: string; limitations: string } {
  const d = isMapping(entry.product.description) ? entry.product.description : {};
  return { purpose: str(d.purpose), usage: str(d.usage), limitations: str(d.limitations) };
}

export function productTags(entry: CatalogEntry): string[] {
  return strings(entry.product.tags);
}

/**
 * Every tag of a product, for search: its own, its output ports', its contracts', their tables' and
 * their columns' (DataHub gets the same ones as dataset tags). A consumer searching `payments` finds
 * the product whose table is tagged so.
 */
export function allTags(entry: CatalogEntry): string[] {
  const contracts = mappings(entry.contracts);
  const tables = contracts.flatMap((c) => mappings(c.schema));
  return [
    ...new Set([
      ...productTags(entry),
      ...outputPorts(entry).flatMap((p) => p.tags),
      ...contracts.flatMap((c) => strings(c.tags)),
      ...tables.flatMap((t) => strings(t.tags)),
      ...columns(entry).flatMap((c) => c.tags),
    ]),
  ];
}

/**
 * Lineage over the whole catalog, from the latest versions: who produces each contract, who consumes each product. A
 * contract no latest version serves is still the product's whose other version serves it (a product that moved to a
 * new contract id, or serves one only in a pre-release): its consumers read it from that product, not from outside
 * the catalog, and the product's owners must see who still reads it.
 */
export interface Lineage {
  /** The product whose output port serves a contract id: in its latest version, else in another version. */
  producerOf(contractId: string): CatalogProduct | undefined;
  /** The newest other version of `product` that serves `contractId` when its latest does not; undefined when the latest serves it (or none does). */
  servedOnlyBy(product: CatalogProduct, contractId: string): CatalogEntry | undefined;
  /** Products with an input port on one of this product's contracts (those only another version serves included), with the ports. */
  consumersOf(product: CatalogProduct): { product: CatalogProduct; ports: InputPortView[] }[];
}

export function buildLineage(products: readonly CatalogProduct[]): Lineage {
  const producers = new Map<string, CatalogProduct>();
  const formerProducers = new Map<string, CatalogProduct>();
  const consumersByContract = new Map<string, { product: CatalogProduct; port: InputPortView }[]>();
  for (const product of products) {
    for (const port of outputPorts(product.latest)) if (port.contractId && !producers.has(port.contractId)) producers.set(port.contractId, product);
    for (const version of [...product.versions].reverse()) {
      for (const port of outputPorts(version)) if (port.contractId && !formerProducers.has(port.contractId)) formerProducers.set(port.contractId, product);
    }
    for (const port of inputPorts(product.latest)) {
      if (!port.contractId) continue;
      consumersByContract.set(port.contractId, [...(consumersByContract.get(port.contractId) ?? []), { product, port }]);
    }
  }
  const producerOf = (contractId: string) => producers.get(contractId) ?? formerProducers.get(contractId);
  const serves = (entry: CatalogEntry, contractId: string) => outputPorts(entry).some((port) => port.contractId === contractId);
  return {
    producerOf,
    servedOnlyBy(product, contractId) {
      if (serves(product.latest, contractId)) return undefined;
      return [...product.versions].reverse().find((version) => version !== product.latest && serves(version, contractId));
    },
    consumersOf(product) {
      const found = new Map<string, { product: CatalogProduct; ports: InputPortView[] }>();
      const contractIds = new Set([product.latest, ...[...product.versions].reverse()].flatMap((version) => outputPorts(version).map((p) => p.contractId)).filter((id) => id !== "" && producerOf(id) === product));
      for (const contractId of contractIds) {
        for (const { product: consumer, port } of consumersByContract.get(contractId) ?? []) {
          if (consumer.id === product.id) continue;
          const item = found.get(consumer.id) ?? { product: consumer, ports: [] };
          item.ports.push(port);
          found.set(consumer.id, item);
        }
      }
      return [...found.values()].sort((a, b) => compareText(a.product.latest.name, b.product.latest.name) || compareText(a.product.id, b.product.id));
    },
  };
}
