/**
 * Backstage target: `catalog-info.yaml` entities for a data product, written to a directory that a
 * Backstage catalog reads (a Location entity at its root lists every file).
 *
 * - a System per product (owner: the product's team as a Group; domain: the product's domain),
 * - a Resource per output dataset (a schema object of an output port's contract; `dependsOn` the
 *   upstream datasets the input ports read, where they are known),
 * - an API per contract, of type `odcs`, whose definition is the contract itself,
 * - the Domain (written only when missing: a domain is curated by its owners) and the owning Group.
 *
 * Layout of `dir`: `catalog-info.yaml` (Location), `domains/<domain>.yaml`, `groups/<group>.yaml`,
 * `products/<system>.yaml` (System, Resources, APIs). Output is deterministic: the same documents
 * give byte-identical files, and a file whose content would not change is not rewritten.
 * Entity names follow Backstage's rules (`[a-zA-Z0-9-_.]`, at most 63 characters, starting and
 * ending with a letter or digit); tags are Backstage tags (`[a-z0-9:+#]` separated by `-`).
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import { UsageError, makeDirectory, writeFailureReason, writeFileAtomic, yamlLibrary, type DataContract, type DataProduct, type OutputPort, type SchemaObject, type TeamMember, type ConfinedFolder, confinedFolder, confinedPath, linksOutside, objectPhysicalName } from "@meshkit/core";
import {
  activeMembers,
  contractReadFrom,
  contractsReadBy,
  objectsRead,
  datasetLocation,
  laterIsNewer,
  outputContracts,
  markdownFetchingNothing,
  missingPortContracts,
  outputDatasets,
  productDescriptionMarkdown,
  productQualityStatus,
  qualityServer,
  qualityStatus,
  TOPIC_SERVER_TYPES,
  type ContractRead,
  type OutputDataset,
  type ProductDocuments,
} from "./datahub.js";
import { holdsPersonalData } from "./personal-data.js";
import { fileHoldsText, readCatalogFile } from "./catalog-file.js";
import { CatalogContentError } from "./content-error.js";
import { safeUrl } from "./site/html.js";
import { compareText } from "./stable-json.js";
import { compareVersions } from "./versions.js";

export const BACKSTAGE_API_VERSION = "backstage.io/v1alpha1";
/** Prefix of the annotations meshkit writes. */
export const BACKSTAGE_ANNOTATION_PREFIX = "meshkit.io";

export type BackstageKind = "Domain" | "System" | "Resource" | "API" | "Group" | "Location";

export interface BackstageEntity {
  apiVersion: typeof BACKSTAGE_API_VERSION;
  kind: BackstageKind;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    description?: string;
    annotations?: Record<string, string>;
    tags?: string[];
    links?: { url: string; title?: string }[];
  };
  spec: Record<string, unknown>;
}

export interface BackstageOptions {
  /** Owner of a Domain entity meshkit creates (an entity reference; default: the product's team group). */
  domainOwner?: string;
  /** Contract server whose location the Resources' annotations name (default: the first production server). */
  server?: string;
  /**
   * Owner of the entities of a product that names no team and no members (ODPS makes `team` optional;
   * Backstage needs an owner). An entity reference; default `group:default/unowned`.
   */
  defaultOwner?: string;
}

/** The owner Backstage gets for a product that names no team or member, unless `defaultOwner` says otherwise. */
export const BACKSTAGE_DEFAULT_OWNER = "group:default/unowned";

/** The entities of one product. */
export interface BackstageEntities {
  domain?: BackstageEntity;
  group?: BackstageEntity;
  system: BackstageEntity;
  resources: BackstageEntity[];
  apis: BackstageEntity[];
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Names and rules
// ---------------------------------------------------------------------------------------------

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_LABEL = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/**
 * A tag as Backstage's catalog validates it (`makeValidator`'s `isValidTag`; the descriptor format: "sequences of
 * [a-z0-9:+#] separated by -, at most 63 characters"): wider than a DNS label, so `c++`, `c#` and `k8s:prod` stay
 * themselves instead of collapsing to `c` / `k8s-prod`.
 */
const TAG = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;

/** `value` with accents taken off its letters (`Ünïcode` → `Unicode`), so names and tags keep them as ASCII. */
function withoutAccents(value: string): string {
  return value.normalize("NFKD").replace(/\p{M}+/gu, "");
}

/**
 * `value` as a Backstage entity name: accents off, other characters as `-`, one separator between
 * letters and digits (Backstage documents names as "sequences of [a-z0-9A-Z] possibly separated by
 * one of [-_.]"; a run like `-.` keeps its `.` or `_`), at most 63 characters (a hash keeps
 * shortened names distinct).
 */
export function backstageName(value: string): string {
  const cleaned = withoutAccents(value)
    .trim()
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/[-_.]{2,}/g, (run) => run.replace(/-/g, "").charAt(0) || "-")
    .replace(/^[-_.]+|[-_.]+$/g, "");
  if (cleaned === "") throw new CatalogContentError(`Cannot make a Backstage entity name of ${JSON.stringify(value)}: Backstage names are ASCII, and it has no ASCII letter or digit`);
  if (cleaned.length <= 63) return cleaned;
  const hash = createHash("sha1").update(value).digest("hex").slice(0, 8);
  return `${cleaned.slice(0, 54).replace(/[-_.]+$/, "")}-${hash}`;
}

/** `value` as a Backstage tag (lower case letters, digits, `:`, `+` and `#`, separated by single dashes, at most 63), or undefined. */
export function backstageTag(value: string): string | undefined {
  const tag = withoutAccents(value)
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9:+#]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return tag === "" ? undefined : tag;
}

const isName = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= 63 && NAME.test(v);
const isDnsLabel = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= 63 && DNS_LABEL.test(v);
const isTag = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= 63 && TAG.test(v);
const isDnsSubdomain = (v: string) => v.length >= 1 && v.length <= 253 && v.split(".").every(isDnsLabel);
const isPrefixedName = (v: unknown): boolean => {
  if (typeof v !== "string") return false;
  const parts = v.split("/");
  if (parts.length === 1) return isName(parts[0]);
  return parts.length === 2 && isDnsSubdomain(parts[0] as string) && isName(parts[1]);
};

/** An entity reference `[kind:][namespace/]name`. */
export function isEntityRef(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const match = /^(?:([A-Za-z][A-Za-z0-9]*):)?(?:([^/:]+)\/)?([^/:]+)$/.exec(value);
  if (!match) return false;
  return (match[2] === undefined || isDnsLabel(match[2])) && isName(match[3]);
}

const SPEC_RULES: Readonly<Record<BackstageKind, { required: readonly string[]; strings: readonly string[]; refs: readonly string[]; refLists: readonly string[] }>> = {
  Domain: { required: ["owner"], strings: ["owner", "subdomainOf"], refs: ["owner", "subdomainOf"], refLists: [] },
  System: { required: ["owner"], strings: ["owner", "domain"], refs: ["owner", "domain"], refLists: [] },
  Resource: { required: ["type", "owner"], strings: ["type", "owner", "system"], refs: ["owner", "system"], refLists: ["dependsOn", "dependencyOf"] },
  API: { required: ["type", "lifecycle", "owner", "definition"], strings: ["type", "lifecycle", "owner", "system", "definition"], refs: ["owner", "system"], refLists: [] },
  Group: { required: ["type", "children"], strings: ["type", "parent"], refs: ["parent"], refLists: ["children", "members"] },
  Location: { required: [], strings: ["type", "target"], refs: [], refLists: [] },
};
const SPEC_EXTRA: Readonly<Partial<Record<BackstageKind, readonly string[]>>> = { Group: ["profile"], Location: ["targets"] };

/** Problems of an entity against Backstage's descriptor format and the kind's spec; empty when valid. */
export function validateBackstageEntity(entity: unknown): string[] {
  const problems: string[] = [];
  if (entity === null || typeof entity !== "object") return ["the entity is not an object"];
  const e = entity as Partial<BackstageEntity> & Record<string, unknown>;
  const kind = e.kind as BackstageKind | undefined;
  const where = `${String(kind)} ${String(e.metadata?.name)}`;
  if (e.apiVersion !== BACKSTAGE_API_VERSION) problems.push(`${where}: apiVersion must be ${BACKSTAGE_API_VERSION}`);
  const rules = kind ? SPEC_RULES[kind] : undefined;
  if (!rules) problems.push(`${where}: kind must be one of ${Object.keys(SPEC_RULES).join(", ")}`);
  const m = e.metadata;
  if (!m || typeof m !== "object") {
    problems.push(`${where}: metadata is missing`);
  } else {
    if (!isName(m.name)) problems.push(`${where}: metadata.name must be 1-63 characters of [a-zA-Z0-9-_.], starting and ending with a letter or digit`);
    if (m.namespace !== undefined && !isDnsLabel(m.namespace)) problems.push(`${where}: metadata.namespace must be a DNS label`);
    for (const key of ["title", "description"] as const) if (m[key] !== undefined && typeof m[key] !== "string") problems.push(`${where}: metadata.${key} must be a string`);
    for (const [key, value] of Object.entries(m.annotations ?? {})) {
      if (!isPrefixedName(key)) problems.push(`${where}: annotation key ${key} is not [prefix/]name`);
      if (typeof value !== "string") problems.push(`${where}: annotation ${key} must be a string`);
    }
    for (const tag of m.tags ?? []) if (!isTag(tag)) problems.push(`${where}: tag ${JSON.stringify(tag)} must be lower case letters, digits, ":", "+" or "#" separated by dashes, at most 63`);
    if (new Set(m.tags ?? []).size !== (m.tags ?? []).length) problems.push(`${where}: tags repeat`);
    for (const link of m.links ?? []) if (typeof link?.url !== "string" || link.url === "") problems.push(`${where}: a link needs a url`);
    for (const key of Object.keys(m)) {
      if (!["name", "namespace", "title", "description", "annotations", "labels", "tags", "links"].includes(key)) problems.push(`${where}: metadata.${key} is not a metadata field`);
    }
  }
  const spec = e.spec;
  if (!spec || typeof spec !== "object") {
    problems.push(`${where}: spec is missing`);
  } else if (rules && kind) {
    for (const field of rules.required) if (spec[field] === undefined) problems.push(`${where}: spec.${field} is required`);
    for (const field of rules.strings) if (spec[field] !== undefined && (typeof spec[field] !== "string" || spec[field] === "")) problems.push(`${where}: spec.${field} must be a non-empty string`);
    for (const field of rules.refs) if (typeof spec[field] === "string" && !isEntityRef(spec[field])) problems.push(`${where}: spec.${field} is not an entity reference`);
    for (const field of rules.refLists) {
      const list = spec[field];
      if (list === undefined) continue;
      if (!Array.isArray(list)) problems.push(`${where}: spec.${field} must be a list`);
      else for (const ref of list) if (!isEntityRef(ref)) problems.push(`${where}: spec.${field} has ${JSON.stringify(ref)}, not an entity reference`);
    }
    const known = new Set([...rules.required, ...rules.strings, ...rules.refLists, ...(SPEC_EXTRA[kind] ?? [])]);
    for (const key of Object.keys(spec)) if (!known.has(key)) problems.push(`${where}: spec.${key} is not a field of ${kind}`);
    if (kind === "Location" && spec.targets !== undefined && (!Array.isArray(spec.targets) || spec.targets.some((t) => typeof t !== "string" || t === ""))) {
      problems.push(`${where}: spec.targets must be a list of paths`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------------------------

const annotation = (name: string) => `${BACKSTAGE_ANNOTATION_PREFIX}/${name}`;

/**
 * A field of the product (at `pointer`) as an entity name. One with nothing Backstage can keep
 * (`营销`) is a finding at that field that says what Backstage takes.
 */
function nameOfField(value: string, field: string, pointer: string): string {
  try {
    return backstageName(value);
  } catch (error) {
    if (!(error instanceof CatalogContentError)) throw error;
    throw new CatalogContentError(
      `${field} ${JSON.stringify(value)} makes no Backstage entity name: it has no ASCII letter or digit, and Backstage entity names are 1-63 ASCII letters and digits separated by single "-", "_" or "." (meshkit takes accents off letters and turns other characters into "-"); write it with ASCII letters or digits`,
      pointer,
    );
  }
}

/** The field the System is named after: the product's `/name`, or `/id` when the name has nothing Backstage can keep (`中文`). */
function systemNameField(product: DataProduct): "/name" | "/id" {
  if (product.name === undefined) return "/id";
  try {
    backstageName(product.name);
    return "/name";
  } catch (error) {
    if (!(error instanceof CatalogContentError)) throw error;
    return "/id";
  }
}
const systemNameOf = (product: DataProduct) =>
  systemNameField(product) === "/name" ? backstageName(product.name as string) : nameOfField(product.id, "id", "/id");
/** A member's user entity reference, named after the local part of their username. */
const userRefOf = (product: DataProduct, member: TeamMember) =>
  `user:default/${nameOfField(member.username.split("@")[0] as string, "the username of a team member", `/team/members/${(product.team?.members ?? []).indexOf(member)}/username`)}`;
const resourceNameOf = (system: string, object: SchemaObject) => backstageName(`${system}.${object.name}`);
const apiNameOf = (system: string, contract: DataContract) => backstageName(`${system}.${contract.name ?? contract.id}`);

function tagsOf(values: readonly unknown[]): string[] {
  const tags: string[] = [];
  for (const value of values) {
    if (typeof value !== "string") continue;
    const tag = backstageTag(value);
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/**
 * An API's Backstage lifecycle from its contract's status and its product's: the API is served by the
 * product's port, so a deprecated or retired product deprecates it whatever the contract says, and it is
 * in production only when both are active.
 */
function lifecycleOf(...statuses: readonly (string | undefined)[]): string {
  const s = statuses.map((status) => (typeof status === "string" ? status.trim().toLowerCase() : ""));
  if (s.some((status) => status === "deprecated" || status === "retired")) return "deprecated";
  if (s.every((status) => status === "active")) return "production";
  return "experimental";
}

/** A Resource's type: `topic` on a streaming server (Kafka, Kinesis, Pub/Sub), else by the object's ODCS physicalType. */
function resourceTypeOf(physicalType: string | undefined, server: { type: string } | undefined): string {
  if (server !== undefined && TOPIC_SERVER_TYPES.has(server.type)) return "topic";
  const t = backstageTag(physicalType ?? "");
  return t && ["table", "view", "topic", "file", "materialized-view"].includes(t) ? t : "dataset";
}

/**
 * Resources a Backstage directory holds, by the `meshkit.io/product-id` of their System and then their
 * `meshkit.io/contract-id`: the names Backstage knows an upstream product's datasets by.
 */
export type HeldResources = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

/**
 * Each contract the output ports serve once, as an API: its newest version (the versions of one contract
 * would make one API name), in the order the ports first name it.
 */
function newestPerContract<T extends { contract: DataContract }>(served: readonly T[]): T[] {
  const kept = new Map<string, T>();
  for (const pair of served) {
    const other = kept.get(pair.contract.id);
    if (!other || compareVersions(pair.contract.version, other.contract.version) > 0) kept.set(pair.contract.id, pair);
  }
  return [...kept.values()];
}

/**
 * The Backstage entities of one product. Pure and deterministic. `held` names the Resources of upstream
 * products found in a lineage catalog, as the directory holds them (a lineage catalog may still know an
 * upstream product by an earlier name than the one it was last published to Backstage under).
 */
export function buildBackstageEntities(docs: ProductDocuments, options: BackstageOptions = {}, held?: HeldResources): BackstageEntities {
  const { product } = docs;
  const notes: string[] = [];
  const system = systemNameOf(product);
  const members = activeMembers(product.team?.members);
  const teamName = product.team?.name?.trim();
  const group = teamName ? nameOfField(teamName, "team.name", "/team/name") : undefined;
  const owningUser = members.find((m) => (m.role ?? "").toLowerCase().includes("owner")) ?? members[0];
  let owner = group ? `group:default/${group}` : owningUser ? userRefOf(product, owningUser) : undefined;
  if (!owner) {
    owner = options.defaultOwner ?? BACKSTAGE_DEFAULT_OWNER;
    notes.push(`the product names no team and no members: its entities are owned by ${owner}; add a team to the product`);
  } else if (!group) {
    // meshkit writes Groups, not Users: people come from the organisation's own provider (GitHub, LDAP, Entra ID…).
    notes.push(
      `the product names no team: its entities are owned by ${owner}, a User meshkit does not write, which Backstage finds only when its catalog has a User of that name (named after the part of the username before "@", as Backstage's emailLocalPartMatchingUserEntityName sign-in resolver expects); add a team to the product`,
    );
  }
  const memberRefs = [...new Set(members.map((m) => userRefOf(product, m)))];
  // Two people whose usernames share the part before "@" (anna@sales.example, anna@billing.example) are one Backstage User.
  for (const ref of memberRefs) {
    const usernames = [...new Set(members.filter((m) => userRefOf(product, m) === ref).map((m) => m.username))];
    if (usernames.length > 1) notes.push(`team members ${usernames.join(" and ")} are one Backstage User, ${ref}: Backstage names a User after the part of the username before "@"; give them usernames that differ there`);
  }
  const domain = product.domain ? nameOfField(product.domain, "domain", "/domain") : undefined;
  if (!domain) notes.push(`the product has no domain: System ${system} belongs to none`);

  // Resources by contract version: own ports, then upstream products, for dependsOn.
  // Each Resource with the schema object it is, when known (the Resources already held name none): a port reads only the
  // objects holding its used columns (objectsRead).
  const resourcesOfContract: { contract: DataContract; refs: { ref: string; object?: SchemaObject }[] }[] = [];
  const remember = (sys: string, contract: DataContract, heldNames?: readonly string[]) => {
    if (resourcesOfContract.some((r) => r.contract.id === contract.id && r.contract.version === contract.version)) return;
    resourcesOfContract.push({
      contract,
      refs: heldNames ? heldNames.map((name) => ({ ref: `resource:default/${name}` })) : (contract.schema ?? []).map((object) => ({ ref: `resource:default/${resourceNameOf(sys, object)}`, object })),
    });
  };
  const resourcesRead = (read: ContractRead) => {
    const contract = contractReadFrom(resourcesOfContract.map((r) => r.contract), read);
    const resources = resourcesOfContract.find((r) => r.contract === contract);
    if (!resources) return undefined;
    const objects = objectsRead(resources.contract, read);
    return resources.refs.filter((r) => r.object === undefined || objects.includes(r.object)).map((r) => r.ref);
  };
  for (const { contract } of outputContracts(docs)) remember(system, contract);
  for (const up of docs.upstream ?? []) {
    if (!up.product) continue;
    let upstreamSystem: string;
    try {
      upstreamSystem = systemNameOf(up.product);
    } catch (error) {
      // The field is the upstream product's, not this one's: the finding is on this product as a whole.
      if (!(error instanceof CatalogContentError)) throw error;
      throw new CatalogContentError(`its upstream product ${up.product.id}: ${error.message}`);
    }
    for (const contract of up.contracts) remember(upstreamSystem, contract, up.registered ? held?.get(up.product.id)?.get(contract.id) : undefined);
  }

  const productQuality = productQualityStatus(outputContracts(docs).map(({ contract }) => qualityStatus(docs.results, contract).status));
  const systemEntity: BackstageEntity = {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: "System",
    metadata: {
      name: system,
      ...(product.name?.trim() && product.name !== system ? { title: product.name } : {}),
      // Usage and limitations (`personal data: marketing analytics use only`) too, and first what a status other than
      // active means: a System has no lifecycle of its own, and its annotations are not on its page.
      ...withDescription(productDescriptionMarkdown(product, markdownFetchingNothing)),
      annotations: {
        [annotation("product-id")]: product.id,
        ...(product.version ? { [annotation("product-version")]: product.version } : {}),
        [annotation("status")]: product.status,
        [annotation("quality-status")]: productQuality,
        // Several products may name one team, each with its own member list: the Group lists them all (writeBackstageCatalog).
        ...(group ? { [annotation("team-members")]: memberRefs.join(", ") } : {}),
      },
      ...withTags(tagsOf(product.tags ?? [])),
      ...withLinks([
        ...(product.support ?? []).map((s) => ({ url: s.url, title: `${s.channel}${s.tool ? ` (${s.tool})` : ""}` })),
        // ODPS management ports with an endpoint URL (discover, observe, control the product), then its authoritative definitions.
        ...(product.managementPorts ?? []).filter((m) => typeof m.url === "string").map((m) => ({ url: m.url as string, title: `${m.name} (${m.content}, ${m.type ?? "rest"})` })),
        ...[...(product.authoritativeDefinitions ?? []), ...(product.description?.authoritativeDefinitions ?? [])].map((d) => ({ url: d.url, title: d.type })),
      ]),
    },
    spec: { owner, ...(domain ? { domain } : {}) },
  };

  const resources: BackstageEntity[] = [];
  const datasetOfResource = new Map<string, OutputDataset>();
  for (const dataset of outputDatasets(docs, options.server)) {
    const { port, contract, object } = dataset;
    const name = resourceNameOf(system, object);
    // Backstage compares entity names without case: `Order Lines` and `order-lines` would be one Resource.
    const earlier = resources.findIndex((r) => r.metadata.name.toLowerCase() === name.toLowerCase());
    if (earlier >= 0) {
      // Two versions of one output port (ODPS lists each version as its own port), or of one contract (a version
      // that moved the table), with a table of the same name: the newest describes the Resource.
      const previous = datasetOfResource.get(name.toLowerCase()) as OutputDataset;
      const other = previous.port;
      const newer = laterIsNewer(previous, dataset);
      if (newer === undefined) {
        const datasets = other === port ? `output port ${port.name} has two datasets that make` : `output ports ${other.name} ${other.version} and ${port.name} ${port.version} have datasets that make`;
        throw new CatalogContentError(`its ${datasets} one Backstage Resource name, ${name} (Backstage compares names without case); give the schema objects distinct names`);
      }
      const ports = other.name === port.name ? port.name : `${other.name} and ${port.name}`;
      notes.push(`output port ${ports} versions ${other.version} and ${port.version} both have a dataset ${object.name}: Resource ${name} describes version ${newer ? port.version : other.version}`);
      if (!newer) continue;
    }
    datasetOfResource.set(name.toLowerCase(), dataset);
    const dependsOn: string[] = [];
    for (const read of contractsReadBy(port, product)) {
      const refs = resourcesRead(read);
      if (!refs) {
        const note = `dependsOn: output port ${port.name} reads contract ${read.id}, whose product was not given; no upstream Resource is named for it`;
        if (!notes.includes(note)) notes.push(note);
        continue;
      }
      for (const ref of refs) if (ref !== `resource:default/${name}` && !dependsOn.includes(ref)) dependsOn.push(ref);
    }
    // A column is personal data as a whole when any field of it is (an object with an `email`, a list of phone numbers).
    const personal = (object.properties ?? []).filter((p) => holdsPersonalData(p)).map((p) => objectPhysicalName(p));
    const location = dataset.server ? datasetLocation(dataset.server, object, contract) : undefined;
    const quality = qualityStatus(docs.results, contract, object.name);
    const measuredOn = qualityServer(quality, dataset.server);
    const resource: BackstageEntity = {
      apiVersion: BACKSTAGE_API_VERSION,
      kind: "Resource",
      metadata: {
        name,
        ...(object.businessName ? { title: object.businessName } : {}),
        ...(object.description ? { description: markdownFetchingNothing(object.description.trim()) } : {}),
        annotations: {
          [annotation("contract-id")]: contract.id,
          [annotation("contract-version")]: contract.version,
          [annotation("output-port")]: `${port.name}@${port.version}`,
          ...(dataset.server && location ? { [annotation("location")]: `${dataset.server.server} (${dataset.server.type}): ${location.name}` } : {}),
          [annotation("quality-status")]: quality.status,
          ...(measuredOn ? { [annotation("quality-server")]: measuredOn } : {}),
          ...(personal.length > 0 ? { [annotation("pii-columns")]: personal.join(", ") } : {}),
        },
        ...withTags(tagsOf([...(contract.tags ?? []), ...(object.tags ?? []), ...(personal.length > 0 ? ["pii"] : [])])),
      },
      spec: { type: resourceTypeOf(object.physicalType, dataset.server), owner, system, ...(dependsOn.length > 0 ? { dependsOn } : {}) },
    };
    if (earlier >= 0) resources[earlier] = resource;
    else resources.push(resource);
  }

  const apis: BackstageEntity[] = [];
  const portOfApi = new Map<string, OutputPort>();
  for (const { port, contract } of newestPerContract(outputContracts(docs))) {
    const api: BackstageEntity = {
      apiVersion: BACKSTAGE_API_VERSION,
      kind: "API",
      metadata: {
        name: apiNameOf(system, contract),
        title: `${contract.name ?? contract.id} ${contract.version}`,
        ...(contract.description?.purpose ? { description: markdownFetchingNothing(String(contract.description.purpose).trim()) } : {}),
        annotations: {
          [annotation("contract-id")]: contract.id,
          [annotation("contract-version")]: contract.version,
          [annotation("contract-status")]: contract.status,
        },
        ...withTags(tagsOf(contract.tags ?? [])),
      },
      spec: { type: "odcs", lifecycle: lifecycleOf(contract.status, product.status), owner, system, definition: contractDefinitionYaml(contract) },
    };
    // Backstage compares entity names without case: contracts named `Orders` and `orders` would be one API.
    const key = api.metadata.name.toLowerCase();
    const other = portOfApi.get(key);
    if (!other) {
      apis.push(api);
      portOfApi.set(key, port);
      continue;
    }
    if (other.name !== port.name || other.version === port.version) {
      throw new CatalogContentError(`its output ports ${other.name} ${other.version} and ${port.name} ${port.version} serve contracts that make one Backstage API name, ${api.metadata.name} (Backstage compares names without case); give the contracts distinct names`);
    }
    // Two versions of one output port whose contracts share a name (a new major version under a new id): the newest port's describes the API, as for its Resources.
    if (compareVersions(String(port.version), String(other.version)) <= 0) continue;
    apis[apis.findIndex((a) => a.metadata.name.toLowerCase() === key)] = api;
    portOfApi.set(key, port);
  }

  const groupEntity: BackstageEntity | undefined = group
    ? {
        apiVersion: BACKSTAGE_API_VERSION,
        kind: "Group",
        metadata: {
          name: group,
          ...(product.team?.description ? { description: markdownFetchingNothing(product.team.description.trim()) } : {}),
          annotations: { [annotation("odps-name")]: teamName as string },
        },
        spec: {
          type: "team",
          profile: { displayName: teamName as string },
          children: [],
          ...(memberRefs.length > 0 ? { members: memberRefs } : {}),
        },
      }
    : undefined;
  const domainEntity: BackstageEntity | undefined = domain
    ? {
        apiVersion: BACKSTAGE_API_VERSION,
        kind: "Domain",
        metadata: { name: domain, ...(domain !== product.domain ? { title: product.domain as string } : {}), annotations: { [annotation("odps-name")]: product.domain as string } },
        spec: { owner: options.domainOwner ?? owner },
      }
    : undefined;

  const entities: BackstageEntities = { ...(domainEntity ? { domain: domainEntity } : {}), ...(groupEntity ? { group: groupEntity } : {}), system: systemEntity, resources, apis, notes };
  const problems = [domainEntity, groupEntity, systemEntity, ...resources, ...apis].flatMap((entity) => (entity ? validateBackstageEntity(entity) : []));
  if (problems.length > 0) throw new UsageError(`Backstage entities of ${product.id} are not valid: ${problems.join("; ")}`);
  return entities;
}

function withTags(tags: string[]): { tags?: string[] } {
  return tags.length > 0 ? { tags } : {};
}

/** An entity's description, left out when there is none (as `withTags`). */
function withDescription(description: string): { description?: string } {
  return description === "" ? {} : { description };
}

/** Backstage shows links as anchors: only http(s) and mailto URLs become links, as on the catalog site. */
function withLinks(links: { url: string; title: string }[]): { links?: { url: string; title: string }[] } {
  const valid = links.flatMap((l) => {
    const url = typeof l.url === "string" ? safeUrl(l.url) : undefined;
    return url ? [{ ...l, url }] : [];
  });
  return valid.length > 0 ? { links: valid } : {};
}

/**
 * A contract as the YAML text of its API's definition, read the same way by any YAML reader. Written as YAML 1.2
 * (`yaml`'s default), a string such as `2022-08-02`, `2022-11-15T02:59:43+00:00`, `yes`, `on` or `12:30` stays plain,
 * which a YAML 1.1 reader (PyYAML, and so the Python ODCS tools: datacontract-cli, …) takes for a date, a boolean or a
 * number: the contract it reads from Backstage would then fail ODCS's schema (`dateIn`, `contractCreatedTs` must be
 * strings). Such strings are quoted; the others are written as before. PyYAML also reads a plain `=` or `<<` as a
 * tag it has no constructor for (the whole definition then fails to load), and a number written with an exponent but
 * no decimal point or exponent sign (`1e-7`, as JavaScript writes 0.0000001) as a string: those strings are quoted
 * too, and those numbers written `1.0e-7`, a float in YAML 1.1 and 1.2 alike.
 */
export function contractDefinitionYaml(contract: DataContract): string {
  const { Document, isScalar, parse, visit } = yamlLibrary();
  const readsAsItself = (text: string): boolean => {
    if (text === "=" || text === "<<") return false;
    try {
      return parse(text, { version: "1.1", logLevel: "silent" }) === text;
    } catch {
      return false;
    }
  };
  const document = new Document(contract, { customTags: (tags) => [EXPONENT_FLOAT, ...tags] });
  visit(document, {
    Scalar(_key, node) {
      // Text of several lines is a block scalar or quoted, never a plain scalar.
      if (isScalar(node) && typeof node.value === "string" && !node.value.includes("\n") && !readsAsItself(node.value)) node.type = "QUOTE_DOUBLE";
    },
  });
  return document.toString({ lineWidth: 0 });
}

/**
 * A number JavaScript writes with an exponent (`1e-7`, `1e+21`), written with a decimal point and a signed exponent
 * (`1.0e-7`, `1.0e+21`): YAML 1.1's float needs both (PyYAML reads `1e-7` as a string), YAML 1.2 reads either.
 */
const EXPONENT_FLOAT = {
  tag: "tag:yaml.org,2002:float",
  default: true,
  identify: (value: unknown): boolean => typeof value === "number" && Number.isFinite(value) && String(value).includes("e"),
  // Only for writing: parsing keeps the schema's own number tags.
  test: /^(?!)$/,
  resolve: (text: string): number => Number(text),
  stringify: ({ value }: { value: unknown }): string => String(value).replace(/^(-?\d+)(?=e)/, "$1.0").replace(/e(?=\d)/, "e+"),
};

/** Entities as a multi-document YAML file. */
export function renderBackstageYaml(entities: readonly BackstageEntity[]): string {
  const { stringify } = yamlLibrary();
  return entities.map((entity) => stringify(entity, { lineWidth: 0 })).join("---\n");
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

export interface BackstageWriteResult {
  dir: string;
  /** Every file considered, relative to `dir` with `/`, in write order. */
  files: { path: string; action: "created" | "updated" | "unchanged" | "kept" | "removed" }[];
  entities: BackstageEntity[];
  notes: string[];
  /**
   * Relations of other products' Resources (`products/<file>: Resource <name> dependsOn <ref>`) to Resources this
   * publish removed with the product's earlier name: Backstage names entities only by name, so they point at nothing
   * until their product is published again.
   */
  staleRelations: string[];
}

/** Name of the root file Backstage registers: a Location listing every entity file in `dir`. */
export const BACKSTAGE_ROOT_FILE = "catalog-info.yaml";

/**
 * Two products whose names make one System name (`orders` of domain alpha and of domain beta) would share
 * one file and one entity, the later silently replacing the other: the file's System names its product's
 * id, and another product's is refused.
 */
function refuseAnotherProducts(target: string, relative: string, productId: string, pointer: string): void {
  if (!existsSync(target)) return;
  // A file that cannot be read (not a regular file, too large) holds no product: it is replaced.
  const read = readCatalogFile(target);
  if (!read.ok) return;
  const held = new RegExp(`^\\s+${BACKSTAGE_ANNOTATION_PREFIX.replace(/\./g, "\\.")}/product-id: (.+)$`, "m").exec(read.text)?.[1]?.trim();
  const id = held?.replace(/^(["'])(.*)\1$/, "$2");
  if (id !== undefined && id !== productId) {
    throw new CatalogContentError(`its Backstage System would be ${relative}, which is product ${id}'s (the two names make one entity name); give one of them another name`, pointer);
  }
}

/**
 * A Domain or Group the directory holds under the same entity name, made of another name: one that differs only
 * in case (`Marketing` and `marketing`: Backstage compares entity references without case), or a file of that very
 * name made of another ODPS name (`Marketing & Sales` and `Marketing Sales` both make `Marketing-Sales`). A second
 * file would be a second entity of that name, and one file would merge the two: as for Systems, the one already
 * there keeps the name and the product is refused. `replaced` are files this publish removes (a team renamed).
 */
function refuseNameClash(folder: ConfinedFolder, entity: BackstageEntity, sub: string, field: string, pointer: string, replaced: readonly string[]): void {
  const file = `${sub}/${entity.metadata.name}.yaml`;
  const held = caseVariants(folder, sub, `${entity.metadata.name}.yaml`).find((variant) => !replaced.includes(variant));
  if (held !== undefined) {
    const heldName = held.slice(sub.length + 1, -".yaml".length);
    throw new CatalogContentError(
      `its Backstage ${entity.kind} would be ${entity.metadata.name}, but ${held} holds ${entity.kind} ${heldName}, which Backstage takes for the same entity (it compares names without case); write ${field} as ${heldName}, or give it another name`,
      pointer,
    );
  }
  const target = safePath(folder, file);
  // On a file system that ignores case, the file of a Group renamed in case only is this very name.
  if (!existsSync(target) || replaced.some((r) => r.toLowerCase() === file.toLowerCase())) return;
  const read = readCatalogFile(target);
  const [existing] = (read.ok ? entitiesOf(read.text) : undefined) ?? [];
  const heldSource = existing?.kind === entity.kind ? odpsNameOf(existing) : undefined;
  const source = entity.metadata.annotations?.[annotation("odps-name")] as string;
  if (heldSource === undefined || heldSource.normalize("NFC") === source.normalize("NFC")) return;
  throw new CatalogContentError(
    `its Backstage ${entity.kind} would be ${entity.metadata.name}, but ${file} holds that ${entity.kind}, made of ${field} ${JSON.stringify(heldSource)} (Backstage names keep only ASCII letters, digits and single "-", "_" or "."), so the two would be one entity; write ${field} as ${JSON.stringify(heldSource)}, or give it a name that makes another entity name`,
    pointer,
  );
}

/**
 * The ODPS name a Domain or Group of the directory was made of: meshkit's `meshkit.io/odps-name` annotation, or, for a
 * Domain written before it, its title when the title makes its name (meshkit titled a Domain with the ODPS domain when
 * the two differed). Undefined for one written by hand: it is taken as it is.
 */
function odpsNameOf(entity: Partial<BackstageEntity>): string | undefined {
  const annotated = entity.metadata?.annotations?.[annotation("odps-name")];
  if (typeof annotated === "string") return annotated;
  const title = entity.metadata?.title;
  if (entity.kind !== "Domain" || typeof title !== "string") return undefined;
  try {
    return backstageName(title) === entity.metadata?.name ? title : undefined;
  } catch (error) {
    if (!(error instanceof CatalogContentError)) throw error;
    return undefined;
  }
}

/**
 * Files of `products/` other than `current` that hold this product's System: an earlier publish wrote them
 * under another name (the product was renamed; its id stayed). Only a file as meshkit writes it counts — the
 * product's System first, then Resources and APIs of that System with meshkit's contract annotation — so a file
 * someone else wrote is never taken for one.
 */
function earlierProductFiles(folder: ConfinedFolder, current: string, productId: string): string[] {
  const dir = safePath(folder, "products");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") && !f.startsWith(".") && `products/${f}` !== current)
    .sort()
    .map((f) => `products/${f}`)
    .filter((relative) => {
      const target = confinedPath(folder, relative);
      if (linksOutside(folder, target)) return false;
      const read = readCatalogFile(target);
      // Most files are other products': a text without this id is not parsed.
      return read.ok && read.text.includes(productId) && holdsProductSystem(read.text, productId);
    });
}

function holdsProductSystem(text: string, productId: string): boolean {
  return productSystemOf(text)?.system.metadata.annotations?.[annotation("product-id")] === productId;
}

/**
 * The entities of a YAML file, or undefined when it is not YAML meshkit could have written: a syntax error,
 * or aliases past the parser's limit (a billion-laughs file put in the folder), on which `toJS` throws.
 */
function entitiesOf(text: string): (Partial<BackstageEntity> | null)[] | undefined {
  const documents = yamlLibrary().parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length === 0 || documents.some((d) => d.errors.length > 0)) return undefined;
  try {
    return documents.map((d) => d.toJS({ maxAliasCount: MAX_ENTITY_ALIASES }) as Partial<BackstageEntity> | null);
  } catch {
    return undefined;
  }
}

/** meshkit writes entities without aliases; yaml's own default, spelt out: past it, a file is not one of meshkit's. */
const MAX_ENTITY_ALIASES = 100;

const isEntity = (e: Partial<BackstageEntity> | null | undefined, kind: BackstageKind): e is BackstageEntity => e?.apiVersion === BACKSTAGE_API_VERSION && e.kind === kind && typeof e.metadata?.name === "string";

/** A product's file as meshkit writes it — its System, then Resources and APIs of that System with meshkit's contract annotation — or undefined. */
function productSystemOf(text: string): { system: BackstageEntity; parts: BackstageEntity[] } | undefined {
  const [system, ...parts] = entitiesOf(text) ?? [];
  if (!isEntity(system, "System") || typeof system.metadata.annotations?.[annotation("product-id")] !== "string") return undefined;
  const own = (e: Partial<BackstageEntity> | null): e is BackstageEntity =>
    (isEntity(e, "Resource") || isEntity(e, "API")) && e.spec?.system === system.metadata.name && typeof e.metadata.annotations?.[annotation("contract-id")] === "string";
  return parts.every(own) ? { system, parts: parts as BackstageEntity[] } : undefined;
}

/** The products' files meshkit wrote in `products/` (links out of the directory and unreadable files left out), optionally only those whose text mentions `mention`. */
function productFiles(folder: ConfinedFolder, mention?: string): { relative: string; system: BackstageEntity; parts: BackstageEntity[] }[] {
  const dir = safePath(folder, "products");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") && !f.startsWith("."))
    .sort()
    .flatMap((f) => {
      const relative = `products/${f}`;
      const target = confinedPath(folder, relative);
      if (linksOutside(folder, target)) return [];
      const read = readCatalogFile(target);
      // Most files are other products': a text that does not mention what is looked for is not parsed.
      if (!read.ok || (mention !== undefined && !read.text.toLowerCase().includes(mention.toLowerCase()))) return [];
      const held = productSystemOf(read.text);
      return held ? [{ relative, ...held }] : [];
    });
}

/** The Resources of the upstream products `productIds` as the directory holds them, by product id and contract id. */
function heldResourcesOf(folder: ConfinedFolder, productIds: ReadonlySet<string>): HeldResources {
  const held = new Map<string, Map<string, string[]>>();
  for (const id of productIds) {
    for (const { system, parts } of productFiles(folder, id)) {
      if (system.metadata.annotations?.[annotation("product-id")] !== id) continue;
      const byContract = held.get(id) ?? new Map<string, string[]>();
      for (const resource of parts.filter((e) => e.kind === "Resource")) {
        const contract = resource.metadata.annotations?.[annotation("contract-id")] as string;
        byContract.set(contract, [...(byContract.get(contract) ?? []), resource.metadata.name]);
      }
      held.set(id, byContract);
    }
  }
  return held;
}

/** The name of a reference `[kind:][namespace/]name` to a `kind` entity of the default namespace (the kind may be implied), lower case; else undefined. */
function referencedName(ref: unknown, kind: string): string | undefined {
  if (typeof ref !== "string") return undefined;
  const match = /^(?:([A-Za-z][A-Za-z0-9]*):)?(?:([^/:]+)\/)?([^/:]+)$/.exec(ref);
  if (!match || (match[1] !== undefined && match[1].toLowerCase() !== kind) || (match[2] !== undefined && match[2] !== "default")) return undefined;
  return (match[3] as string).toLowerCase();
}

/** Whether `value` (an entity's spec, at any depth) refers to the Group `name`, in any case. */
function refersToGroup(value: unknown, name: string): boolean {
  if (typeof value === "string") return referencedName(value, "group") === name.toLowerCase();
  if (Array.isArray(value)) return value.some((v) => refersToGroup(v, name));
  return value !== null && typeof value === "object" && Object.values(value).some((v) => refersToGroup(v, name));
}

/** A Domain as meshkit writes it (name, title, meshkit's annotations, an owner), which no one has curated since. */
function isWrittenDomain(entity: Partial<BackstageEntity> | null | undefined): entity is BackstageEntity {
  if (!isEntity(entity, "Domain")) return false;
  const annotations = Object.keys(entity.metadata.annotations ?? {});
  return (
    Object.keys(entity.metadata).every((k) => ["name", "title", "annotations"].includes(k)) &&
    annotations.every((k) => k.startsWith(`${BACKSTAGE_ANNOTATION_PREFIX}/`)) &&
    Object.keys(entity.spec ?? {}).join() === "owner"
  );
}

/** A Group as meshkit writes it for a team. */
function isWrittenGroup(entity: Partial<BackstageEntity> | null | undefined): entity is BackstageEntity {
  if (!isEntity(entity, "Group")) return false;
  const spec = entity.spec ?? {};
  return (
    Object.keys(entity.metadata).every((k) => ["name", "description", "annotations"].includes(k)) &&
    Object.keys(spec).every((k) => ["type", "profile", "children", "members"].includes(k)) &&
    spec.type === "team" &&
    Array.isArray(spec.children) &&
    spec.children.length === 0
  );
}

/**
 * What a product's new team leaves behind: the Group of the team its earlier System was owned by (the team was
 * renamed, or the product has none now), when meshkit wrote it and no other entity of the directory names it — no
 * other product's System, Resource or API, no Group, no Domain someone curated. A Domain meshkit created owned by
 * that Group, as it wrote it, follows the team: it gets the product's new owner. Files named in `replaced` (the
 * product's own, rewritten or removed by this publish) do not count.
 */
function retiredGroupFiles(folder: ConfinedFolder, earlierOwners: readonly string[], owner: string, replaced: readonly string[]): { groups: string[]; domains: { relative: string; content: string }[] } {
  const groups: string[] = [];
  const domains: { relative: string; content: string }[] = [];
  for (const name of new Set(earlierOwners.map((ref) => /^group:default\/(.+)$/.exec(ref)?.[1]).filter((n): n is string => n !== undefined))) {
    if (`group:default/${name}` === owner) continue;
    const file = `groups/${name}.yaml`;
    const target = safePath(folder, file);
    const read = existsSync(target) ? readCatalogFile(target) : undefined;
    const held = read?.ok ? entitiesOf(read.text) : undefined;
    if (held?.length !== 1 || !isWrittenGroup(held[0]) || held[0].metadata.name !== name) continue;
    let named = false;
    const followers: { relative: string; content: string }[] = [];
    for (const sub of ["domains", "groups", "products"]) {
      const dir = safePath(folder, sub);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir).filter((f) => f.endsWith(".yaml") && !f.startsWith("."))) {
        const relative = `${sub}/${f}`;
        if (relative === file || replaced.includes(relative)) continue;
        const other = readCatalogFile(confinedPath(folder, relative));
        if (!other.ok || !other.text.toLowerCase().includes(name.toLowerCase())) continue;
        const entities = entitiesOf(other.text);
        // A file that is not YAML may name the Group in any way: it stays.
        if (entities === undefined) named = true;
        else if (entities.length === 1 && isWrittenDomain(entities[0]) && entities[0].spec.owner === `group:default/${name}`) {
          followers.push({ relative, content: renderBackstageYaml([{ ...entities[0], spec: { ...entities[0].spec, owner } }]) });
        } else if (entities.some((e) => refersToGroup(e?.spec, name))) named = true;
      }
    }
    if (named) continue;
    groups.push(file);
    domains.push(...followers);
  }
  return { groups, domains };
}

/**
 * Relations of other products' Resources to Resources `removed` (lower case; Backstage compares names without case):
 * they name this product's Resources under its earlier name until their product is published again.
 */
function relationsTo(folder: ConfinedFolder, removed: ReadonlySet<string>, own: readonly string[]): string[] {
  const stale: string[] = [];
  for (const { relative, parts } of productFiles(folder)) {
    if (own.includes(relative)) continue;
    for (const resource of parts.filter((e) => e.kind === "Resource")) {
      const dependsOn = Array.isArray(resource.spec.dependsOn) ? resource.spec.dependsOn : [];
      for (const ref of dependsOn) {
        const name = referencedName(ref, "resource");
        if (name !== undefined && removed.has(name)) stale.push(`${relative}: Resource ${resource.metadata.name} dependsOn ${String(ref)}`);
      }
    }
  }
  return stale;
}

/**
 * Adds to `entities` the Resources and APIs the directory holds for the product's System (`own`) of contracts its output
 * ports name but the documents do not hold (`catalog-contract-missing`): the port is still there, only its description is
 * not, so they stay as last published — as DataHub keeps those datasets among the product's assets — rather than vanish,
 * with every `dependsOn` other products have on them. They take the System's owner (an earlier team's Group may go), and
 * an API the lifecycle its product's status now allows (what the contract says is not known). A name this publication
 * gives an entity of its own is its.
 */
function keepPartsOfMissingContracts(entities: BackstageEntities, own: readonly { parts: readonly BackstageEntity[] }[], missing: ReadonlySet<string>, productStatus: string | undefined): void {
  if (missing.size === 0) return;
  const system = entities.system.metadata.name;
  const taken = new Set([...entities.resources, ...entities.apis].map((e) => `${e.kind}:${e.metadata.name.toLowerCase()}`));
  for (const part of own.flatMap((o) => o.parts)) {
    const key = `${part.kind}:${part.metadata.name.toLowerCase()}`;
    if (part.spec.system !== system || !missing.has(part.metadata.annotations?.[annotation("contract-id")] as string) || taken.has(key)) continue;
    taken.add(key);
    if (part.kind === "Resource") entities.resources.push({ ...part, spec: { ...part.spec, owner: entities.system.spec.owner } });
    else {
      // The status the held lifecycle stands for, weighed with the product's status now.
      const held = part.spec.lifecycle === "production" ? "active" : part.spec.lifecycle === "deprecated" ? "deprecated" : "draft";
      entities.apis.push({ ...part, spec: { ...part.spec, owner: entities.system.spec.owner, lifecycle: lifecycleOf(held, productStatus) } });
    }
  }
}

/**
 * Writes the product's entities into `dir` (created if missing) and rebuilds the root Location from
 * the files present. Writes are atomic; a path that would leave `dir` (through `..` or a symbolic
 * link) is refused. A System file this product's earlier name left is removed, and so is the Group of
 * its earlier team when nothing else names it. Upstream products found in a lineage catalog are named
 * by the Resources the directory holds for them (by product and contract id), where it holds them.
 */
export function writeBackstageCatalog(dir: string, docs: ProductDocuments, options: BackstageOptions = {}): BackstageWriteResult {
  return placeBackstageCatalog(dir, docs, options, false);
}

/**
 * What `writeBackstageCatalog` would do, read from `dir` and written nowhere (a dry run): each file's action as a real
 * run would take it (created, updated, removed…), its entities, notes and stale relations. The root Location is left
 * out: it lists the files a real run leaves, which the dry run does not make.
 */
export function previewBackstageCatalog(dir: string, docs: ProductDocuments, options: BackstageOptions = {}): BackstageWriteResult {
  return placeBackstageCatalog(dir, docs, options, true);
}

function placeBackstageCatalog(dir: string, docs: ProductDocuments, options: BackstageOptions, dryRun: boolean): BackstageWriteResult {
  const root = path.resolve(dir);
  try {
    if (!dryRun) makeDirectory(root);
  } catch (error) {
    throw new UsageError(`Cannot create the Backstage catalog directory ${root}: ${writeFailureReason(root, error)}`);
  }
  const directory = confinedFolder(root, `the Backstage catalog directory ${root}`);
  const registered = new Set((docs.upstream ?? []).filter((up) => up.registered && up.product).map((up) => (up.product as DataProduct).id));
  const entities = buildBackstageEntities(docs, options, registered.size > 0 ? heldResourcesOf(directory, registered) : undefined);
  const files: BackstageWriteResult["files"] = [];

  const write = (relative: string, content: string, keepExisting = false) => {
    const target = safePath(directory, relative);
    writeChecked(target, relative, content, keepExisting);
  };
  const writeChecked = (target: string, relative: string, content: string, keepExisting: boolean) => {
    if (existsSync(target)) {
      if (keepExisting) {
        files.push({ path: relative, action: "kept" });
        return;
      }
      if (fileHoldsText(target, content)) {
        files.push({ path: relative, action: "unchanged" });
        return;
      }
      if (!dryRun) writeFileAtomic(target, content);
      files.push({ path: relative, action: "updated" });
      return;
    }
    if (!dryRun) writeFileAtomic(target, content);
    files.push({ path: relative, action: "created" });
  };

  // Every path is checked before anything is written: a refused one leaves the directory as it was.
  const productFile = `products/${entities.system.metadata.name}.yaml`;
  safePath(directory, productFile);
  const earlier = earlierProductFiles(directory, productFile, docs.product.id);
  // The product's files as the directory holds them, before this publish rewrites or removes them: what its earlier
  // System was owned by, and which of its Resources go away with an earlier name.
  const own = [productFile, ...earlier].flatMap((relative) => {
    const target = safePath(directory, relative);
    const read = existsSync(target) ? readCatalogFile(target) : undefined;
    const held = read?.ok ? productSystemOf(read.text) : undefined;
    return held && held.system.metadata.annotations?.[annotation("product-id")] === docs.product.id ? [{ relative, ...held }] : [];
  });
  keepPartsOfMissingContracts(entities, own, missingPortContracts(docs), docs.product.status);
  const retired = retiredGroupFiles(directory, own.map((o) => String(o.system.spec.owner)), String(entities.system.spec.owner), own.map((o) => o.relative));
  const planned: { relative: string; content: string; keep: boolean }[] = [];
  if (entities.domain) {
    refuseNameClash(directory, entities.domain, "domains", "domain", "/domain", []);
    const relative = `domains/${entities.domain.metadata.name}.yaml`;
    if (!retired.domains.some((d) => d.relative === relative)) planned.push({ relative, content: renderBackstageYaml([entities.domain]), keep: true });
  }
  planned.push(...retired.domains.map((d) => ({ ...d, keep: false })));
  if (entities.group) {
    refuseNameClash(directory, entities.group, "groups", "team.name", "/team/name", retired.groups);
    const members = teamMembers(directory, entities.group.metadata.name, own.map((o) => o.relative), { relative: productFile, system: entities.system });
    entities.group = withMembers(entities.group, members);
    planned.push({ relative: `groups/${entities.group.metadata.name}.yaml`, content: renderBackstageYaml([entities.group]), keep: false });
  }
  // The earlier team, when other products still name it, loses the members only this product listed.
  for (const earlierOwner of new Set(own.map((o) => String(o.system.spec.owner)))) {
    const name = /^group:default\/(.+)$/.exec(earlierOwner)?.[1];
    const relative = `groups/${name}.yaml`;
    if (name === undefined || earlierOwner === entities.system.spec.owner || retired.groups.includes(relative)) continue;
    const held = heldGroup(directory, relative);
    if (held) planned.push({ relative, content: renderBackstageYaml([withMembers(held.group, teamMembers(directory, name, own.map((o) => o.relative)))]), keep: false });
  }
  const systemField = systemNameField(docs.product);
  refuseAnotherProducts(safePath(directory, productFile), productFile, docs.product.id, systemField);
  // Backstage names are unique per kind case-insensitively (`Orders` and `orders` are one System): a file whose
  // name differs only in case holds the same entity name, and another product's is refused the same way.
  for (const variant of caseVariants(directory, "products", `${entities.system.metadata.name}.yaml`)) {
    refuseAnotherProducts(safePath(directory, variant), variant, docs.product.id, systemField);
  }
  planned.push({ relative: productFile, content: renderBackstageYaml([entities.system, ...entities.resources, ...entities.apis]), keep: false });
  const checked = planned.map((p) => ({ ...p, target: safePath(directory, p.relative) }));
  safePath(directory, BACKSTAGE_ROOT_FILE);
  for (const p of checked) writeChecked(p.target, p.relative, p.content, p.keep);
  // One System per product: the file of its earlier name goes once the new one is written (an interruption
  // in between leaves both, which the next publish removes, rather than neither); so does its earlier team's Group.
  const removeUnlessWritten = (relative: string, written?: string) => {
    const target = confinedPath(directory, relative);
    const stale = lstatSync(target);
    const writtenPath = written === undefined ? undefined : safePath(directory, written);
    // A dry run has not written it: when it is not there yet, on no file system is it the stale one.
    const current = writtenPath !== undefined && existsSync(writtenPath) ? statSync(writtenPath) : undefined;
    // On a file system that ignores case, a name that differs only in case is the file just written.
    if (current && stale.ino === current.ino && stale.dev === current.dev) return;
    if (!dryRun) unlinkSync(target);
    files.push({ path: relative, action: "removed" });
  };
  for (const relative of earlier) removeUnlessWritten(relative, productFile);
  for (const relative of retired.groups) removeUnlessWritten(relative, entities.group ? `groups/${entities.group.metadata.name}.yaml` : undefined);
  const kept = new Set([...entities.resources].map((r) => r.metadata.name.toLowerCase()));
  const removed = new Set(own.flatMap((o) => o.parts.filter((e) => e.kind === "Resource").map((r) => r.metadata.name.toLowerCase())).filter((name) => !kept.has(name)));
  const staleRelations = removed.size > 0 ? relationsTo(directory, removed, [productFile]) : [];

  const all = [entities.domain, entities.group, entities.system, ...entities.resources, ...entities.apis].filter((e): e is BackstageEntity => e !== undefined);
  if (dryRun) return { dir: root, files, entities: all, notes: entities.notes, staleRelations };
  const targets: string[] = [];
  for (const sub of ["domains", "groups", "products"]) {
    const folder = safePath(directory, sub);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((f) => f.endsWith(".yaml") && !f.startsWith(".")).sort()) targets.push(`./${sub}/${file}`);
  }
  const location: BackstageEntity = {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: "Location",
    metadata: { name: "meshkit-data-products", description: "Data products published by meshkit" },
    spec: { targets },
  };
  write(BACKSTAGE_ROOT_FILE, renderBackstageYaml([location]));
  return { dir: root, files, entities: all, notes: entities.notes, staleRelations };
}

/**
 * The members of a team's Group, as every product of the team that the directory holds declares them: Backstage has
 * one Group per team, while each ODPS product lists the team's members itself. They are those of all these products'
 * Systems (`meshkit.io/team-members`), in the order of their files, so the Group depends on the products the directory
 * holds, not on which was published last; a member no product lists any more is gone. A System written before that
 * annotation does not say whom its product lists: the members the Group has stay until it is published again.
 * `own` are the publishing product's files as the directory holds them (left out), `current` its System as written now.
 */
function teamMembers(folder: ConfinedFolder, group: string, own: readonly string[], current?: { relative: string; system: BackstageEntity }): string[] {
  const owner = `group:default/${group}`.toLowerCase();
  const declared = current ? [{ relative: current.relative, members: current.system.metadata.annotations?.[annotation("team-members")] }] : [];
  for (const held of productFiles(folder, group)) {
    if (own.includes(held.relative) || String(held.system.spec.owner).toLowerCase() !== owner) continue;
    declared.push({ relative: held.relative, members: held.system.metadata.annotations?.[annotation("team-members")] });
  }
  const refs = declared.sort((a, b) => compareText(a.relative, b.relative)).flatMap((d) => (d.members ? d.members.split(", ") : []));
  if (declared.some((d) => d.members === undefined)) refs.push(...(heldGroup(folder, `groups/${group}.yaml`)?.members ?? []));
  return [...new Set(refs)];
}

function withMembers(group: BackstageEntity, members: readonly string[]): BackstageEntity {
  const spec: Record<string, unknown> = { ...group.spec, members };
  if (members.length === 0) delete spec.members;
  return { ...group, spec };
}

/** The Group in `relative` and its members, when meshkit wrote it. */
function heldGroup(folder: ConfinedFolder, relative: string): { group: BackstageEntity; members: string[] } | undefined {
  const target = safePath(folder, relative);
  const read = existsSync(target) ? readCatalogFile(target) : undefined;
  const [held] = (read?.ok ? entitiesOf(read.text) : undefined) ?? [];
  if (!isWrittenGroup(held)) return undefined;
  return { group: held, members: Array.isArray(held.spec.members) ? held.spec.members.filter((m): m is string => typeof m === "string") : [] };
}

/** Files of `sub` whose names equal `file` but for case (not `file` itself), as paths relative to the directory. */
function caseVariants(folder: ConfinedFolder, sub: string, file: string): string[] {
  const dir = safePath(folder, sub);
  if (!existsSync(dir)) return [];
  const lower = file.toLowerCase();
  return readdirSync(dir)
    .filter((f) => f !== file && f.toLowerCase() === lower)
    .sort()
    .map((f) => `${sub}/${f}`);
}

/** `relative` inside the directory, for a write; refused when it (or a link on its way) leads outside. */
function safePath(folder: ConfinedFolder, relative: string): string {
  const target = confinedPath(folder, relative);
  // This file is read before it is replaced (kept, compared, checked for another product's id).
  if (linksOutside(folder, target)) throw new UsageError(`Refusing to write ${relative}: it is a link that leads outside ${folder.where}`);
  return target;
}
