/**
 * Test support for the OpenMetadata target: a recording HTTP server that answers as OpenMetadata's
 * REST API does for the calls meshkit makes, and validates each request body as OpenMetadata's
 * request schemas do (required fields, no unknown fields, enums). The request shapes follow
 * OpenMetadata's JSON Schemas (openmetadata-spec: api/domains/createDomain.json,
 * api/domains/createDataProduct.json, api/data/createDataContract.json,
 * api/data/createDataContractResult.json, entity/data/table.json#/definitions/column,
 * type/tagLabel.json, type/entityReference.json), allowing the fields of recent versions. It answers as
 * the version the script names: `GET /api/v1/system/version` (which OpenMetadata serves without a token)
 * says it, and a data contract's status is `status` (`Draft`, `Active`, `Deprecated`) before 1.10.0 and
 * `entityStatus` (type/status.json) from 1.10.0 on; each refuses the other's field, as
 * createDataContract.json allows no other properties.
 * OpenMetadata holds one data contract per table (a second one is refused, HTTP 400), found with
 * `GET /api/v1/dataContracts/entity?entityId=…&entityType=table`.
 * Used by tests only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

const DOMAIN_FIELDS = ["name", "fullyQualifiedName", "displayName", "description", "badge", "parent", "owners", "experts", "domainType", "tags", "style", "extension"];
const DATA_PRODUCT_FIELDS = ["name", "fullyQualifiedName", "displayName", "description", "style", "owners", "domains", "experts", "reviewers", "assets", "tags", "extension"];
const DATA_CONTRACT_FIELDS = ["name", "displayName", "description", "entity", "schema", "semantics", "qualityExpectations", "owners", "reviewers", "effectiveFrom", "effectiveUntil", "sourceUrl"];
/** The data contract's status field: 1.9's `status` (entity/data/dataContract.json#/definitions/contractStatus), 1.10's `entityStatus` (type/status.json). */
const CONTRACT_STATUS_1_9 = { field: "status", values: ["Draft", "Active", "Deprecated"] };
const CONTRACT_STATUS_1_10 = { field: "entityStatus", values: ["Draft", "In Review", "Approved", "Deprecated", "Rejected", "Unprocessed"] };
/** The version the look-alike answers as when the script names none. */
export const OPENMETADATA_LOOKALIKE_VERSION = "1.12.8";
const RESULT_FIELDS = ["dataContractFQN", "timestamp", "contractExecutionStatus", "result", "schemaValidation", "semanticsValidation", "qualityValidation", "slaValidation", "incidentId", "executionTime"];
const COLUMN_FIELDS = ["name", "displayName", "dataType", "arrayDataType", "dataLength", "precision", "scale", "dataTypeDisplay", "description", "fullyQualifiedName", "tags", "constraint", "ordinalPosition", "jsonSchema", "children", "customMetrics", "profile"];
const TAG_FIELDS = ["tagFQN", "name", "displayName", "description", "source", "labelType", "state", "href"];
const DATA_TYPES = new Set(
  ("NUMBER TINYINT SMALLINT INT BIGINT BYTEINT BYTES FLOAT DOUBLE DECIMAL NUMERIC TIMESTAMP TIMESTAMPZ TIME DATE DATETIME INTERVAL STRING MEDIUMTEXT TEXT CHAR LONG VARCHAR " +
    "BOOLEAN BINARY VARBINARY ARRAY BLOB LONGBLOB MEDIUMBLOB MAP STRUCT UNION SET GEOGRAPHY ENUM JSON UUID VARIANT GEOMETRY BYTEA AGGREGATEFUNCTION ERROR FIXED RECORD NULL SUPER " +
    "HLLSKETCH PG_LSN PG_SNAPSHOT TSQUERY TXID_SNAPSHOT XML MACADDR TSVECTOR UNKNOWN CIDR INET CLOB ROWID LOWCARDINALITY YEAR POINT POLYGON TUPLE SPATIAL TABLE").split(" "),
);

/** Problems of a request body, as OpenMetadata's schema validation would report them. */
function problemsOf(body: unknown, allowed: readonly string[], required: readonly string[], at: string): string[] {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return [`${at} must be an object`];
  const problems: string[] = [];
  for (const key of Object.keys(body)) if (!allowed.includes(key)) problems.push(`Unrecognized field "${key}" in ${at}`);
  for (const key of required) if ((body as Json)[key] === undefined || (body as Json)[key] === null) problems.push(`${at}.${key} must not be null`);
  return problems;
}

function entityNameProblems(value: unknown, at: string, max = 256): string[] {
  return typeof value === "string" && value.length >= 1 && value.length <= max && !value.includes("::") ? [] : [`${at} must match "^((?!::).)*$" and be 1 to ${max} characters`];
}

function referenceProblems(value: unknown, at: string): string[] {
  const problems = problemsOf(value, ["id", "type", "name", "fullyQualifiedName", "description", "displayName", "deleted", "inherited", "href"], ["id", "type"], at);
  const id = (value as Json | undefined)?.id;
  if (typeof id === "string" && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) problems.push(`${at}.id must be a UUID`);
  return problems;
}

function columnProblems(column: unknown, at: string): string[] {
  const problems = problemsOf(column, COLUMN_FIELDS, ["name", "dataType"], at);
  const c = column as Json;
  problems.push(...entityNameProblems(c.name, `${at}.name`, 128));
  if (typeof c.dataType === "string" && !DATA_TYPES.has(c.dataType)) problems.push(`${at}.dataType must be one of the column data types`);
  if (c.arrayDataType !== undefined && !DATA_TYPES.has(String(c.arrayDataType))) problems.push(`${at}.arrayDataType must be one of the column data types`);
  if (c.constraint !== undefined && !["NULL", "NOT_NULL", "UNIQUE", "PRIMARY_KEY"].includes(String(c.constraint))) problems.push(`${at}.constraint is invalid`);
  if (["CHAR", "VARCHAR", "BINARY", "VARBINARY"].includes(String(c.dataType)) && typeof c.dataLength !== "number") {
    problems.push(`For column data types char, varchar, binary, varbinary dataLength must not be null (${at})`);
  }
  for (const key of ["dataLength", "precision", "scale", "ordinalPosition"]) if (c[key] !== undefined && !Number.isInteger(c[key])) problems.push(`${at}.${key} must be an integer`);
  for (const [i, tag] of ((c.tags as unknown[]) ?? []).entries()) {
    problems.push(...problemsOf(tag, TAG_FIELDS, ["tagFQN", "source", "labelType", "state"], `${at}.tags[${i}]`));
    const t = tag as Json;
    if (!["Classification", "Glossary"].includes(String(t.source))) problems.push(`${at}.tags[${i}].source is invalid`);
    if (!["Manual", "Propagated", "Automated", "Derived"].includes(String(t.labelType))) problems.push(`${at}.tags[${i}].labelType is invalid`);
    if (!["Suggested", "Confirmed"].includes(String(t.state))) problems.push(`${at}.tags[${i}].state is invalid`);
  }
  for (const [i, child] of ((c.children as unknown[]) ?? []).entries()) problems.push(...columnProblems(child, `${at}.children[${i}]`));
  return problems;
}

export interface OpenMetadataRecordedRequest {
  method: string;
  url: string;
  authorization?: string;
  body?: unknown;
}

export interface OpenMetadataScript {
  token: string;
  /** The OpenMetadata version to answer as (default `OPENMETADATA_LOOKALIKE_VERSION`). */
  version?: string;
  /** Existing tables: fully qualified name → column names. */
  tables?: Readonly<Record<string, readonly string[]>>;
  teams?: readonly string[];
  /** Team types by team name (OpenMetadata's `teamType`; default `Group`, the only type that may own entities). */
  teamTypes?: Readonly<Record<string, "Group" | "Department" | "Division" | "BusinessUnit" | "Organization">>;
  users?: readonly string[];
  domains?: readonly string[];
  /** Assets a data product refuses (as OpenMetadata's domain rules do), with the reason, by the table's fully qualified name. */
  refuseAssets?: Readonly<Record<string, string>>;
  /** Assets a data product refuses to give up (`assets/remove`), with the reason, by the table's fully qualified name. */
  refuseAssetRemovals?: Readonly<Record<string, string>>;
  /**
   * Data contracts tables inherit from their data product, by the table's fully qualified name → the contract's name:
   * as newer OpenMetadata does, `GET /api/v1/dataContracts/entity` answers a table without a contract of its own with
   * its data product's, pointed at the table and marked `inherited: true`; it is not the table's, so a create is not refused.
   */
  inheritedContracts?: Readonly<Record<string, string>>;
  /**
   * Answer as an OpenMetadata release before the paginated assets endpoint (`GET …/dataProducts/name/<name>/assets`, which
   * such a release answers 404): a data product lists its assets itself, as references, when asked for `?fields=assets`.
   */
  inlineAssetsOnly?: boolean;
  /** Forced answers by request number (1-based) or a function of (n, method, url). */
  fail?: Readonly<Record<number, number>> | ((n: number, method: string, url: string) => number | { status: number; message: string } | undefined);
}

export interface OpenMetadataServer {
  url: string;
  requests: OpenMetadataRecordedRequest[];
  /** Entities by collection and fully qualified name. */
  store: Map<string, Map<string, Json>>;
  /** Contract results by data contract id. */
  results: Map<string, Json[]>;
  /** Asset references of each data product (by name): added, less those removed. */
  assets: Map<string, Json[]>;
  close(): Promise<void>;
}

const quote = (name: string): string => (name.includes(".") ? `"${name}"` : name);

/** Starts an OpenMetadata look-alike on 127.0.0.1. */
export async function startOpenMetadataServer(script: OpenMetadataScript): Promise<OpenMetadataServer> {
  const requests: OpenMetadataRecordedRequest[] = [];
  const version = script.version ?? OPENMETADATA_LOOKALIKE_VERSION;
  const [major, minor] = version.split(".").map(Number) as [number, number];
  const contractStatus = major === 1 && minor < 10 ? CONTRACT_STATUS_1_9 : CONTRACT_STATUS_1_10;
  const store = new Map<string, Map<string, Json>>();
  const results = new Map<string, Json[]>();
  const assets = new Map<string, Json[]>();
  let ids = 0;
  const newId = () => `00000000-0000-4000-8000-${(++ids).toString(16).padStart(12, "0")}`;
  const collection = (name: string) => {
    let map = store.get(name);
    if (!map) store.set(name, (map = new Map()));
    return map;
  };
  for (const [fqn, columns] of Object.entries(script.tables ?? {})) {
    collection("tables").set(fqn, { id: newId(), name: fqn.split(".").pop(), fullyQualifiedName: fqn, columns: columns.map((name) => ({ name, dataType: "STRING" })) });
  }
  for (const team of script.teams ?? []) collection("teams").set(quote(team), { id: newId(), name: team, fullyQualifiedName: quote(team), teamType: script.teamTypes?.[team] ?? "Group" });
  for (const user of script.users ?? []) collection("users").set(quote(user), { id: newId(), name: user, fullyQualifiedName: quote(user) });
  for (const domain of script.domains ?? []) collection("domains").set(quote(domain), { id: newId(), name: domain, fullyQualifiedName: quote(domain), description: "curated", domainType: "Aggregate" });

  /** A data product's assets as OpenMetadata lists them: references with the name and fully qualified name of each table. */
  const assetReferences = (product: string): Json[] =>
    (assets.get(product) ?? []).map((ref) => {
      const table = [...collection("tables").values()].find((t) => t.id === ref.id);
      return { ...ref, ...(table ? { name: table.name, fullyQualifiedName: table.fullyQualifiedName } : {}) };
    });
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, message: string) => send(res, status, { code: status, message });
  /**
   * An asset bulk operation (`assets/add`, `assets/remove`) as OpenMetadata's BulkOperationResult answers it: the assets
   * `refusals` names (by the table's fully qualified name) are listed in failedRequest, the others pass; 200 unless every one failed.
   */
  const bulkOperation = (refs: Json[], refusals: Readonly<Record<string, string>> | undefined) => {
    const fqnOfId = new Map([...collection("tables")].map(([fqn, table]) => [table.id, fqn]));
    const reasonOf = (ref: Json) => refusals?.[fqnOfId.get(ref.id) ?? ""];
    const passed = refs.filter((r) => reasonOf(r) === undefined);
    const failed = refs.filter((r) => reasonOf(r) !== undefined).map((r) => ({ request: r, message: reasonOf(r) }));
    const status = failed.length === 0 ? "success" : passed.length === 0 ? "failure" : "partialSuccess";
    const body = { status, numberOfRowsProcessed: refs.length, numberOfRowsPassed: passed.length, numberOfRowsFailed: failed.length, successRequest: passed.map((r) => ({ request: r })), failedRequest: failed };
    return { passed, answer: (res: ServerResponse) => send(res, status === "failure" ? 400 : 200, body) };
  };
  /**
   * Owners as OpenMetadata's EntityRepository checks them once the request is valid: each must exist (404), and a
   * team must be of type Group (400 "Team of type Department can't own entities. Only Team of type Group can own entities.").
   */
  const ownerFailure = (owners: unknown): { status: number; message: string } | undefined => {
    for (const owner of (owners as Json[] | undefined) ?? []) {
      const type = String(owner.type);
      const found = [...(store.get(`${type}s`)?.values() ?? [])].find((e) => e.id === owner.id);
      if (!found) return { status: 404, message: `${type} instance for ${String(owner.id)} not found` };
      if (type === "team" && found.teamType !== "Group") return { status: 400, message: `Team of type ${String(found.teamType)} can't own entities. Only Team of type Group can own entities.` };
    }
    return undefined;
  };
  const upsert = (name: string, fqn: string, request: Json): Json => {
    const map = collection(name);
    const existing = map.get(fqn);
    const entity = { ...request, id: (existing?.id as string | undefined) ?? newId(), fullyQualifiedName: fqn, version: existing ? (existing.version as number) : 0.1 };
    map.set(fqn, entity);
    return entity;
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const method = req.method ?? "";
      const url = req.url ?? "";
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        return error(res, 400, "Unable to process JSON");
      }
      requests.push({ method, url, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), ...(body !== undefined ? { body } : {}) });
      const n = requests.length;
      // OpenMetadata's JwtFilter lets v1/system/version through without a token.
      if (method === "GET" && url === "/api/v1/system/version") return send(res, 200, { version, revision: "0123456789abcdef", timestamp: 1767225600000 });
      if (req.headers.authorization !== `Bearer ${script.token}`) return error(res, 401, "Not Authorized! Token verification failed");
      const forced = typeof script.fail === "function" ? script.fail(n, method, url) : script.fail?.[n];
      if (typeof forced === "object") return error(res, forced.status, forced.message);
      if (forced !== undefined) return error(res, forced, forced === 429 ? "Too many requests" : "Internal Server Error: connection to the database lost");

      const path = decodeURIComponent(url.split("?")[0] as string);
      let m: RegExpExecArray | null;
      if (method === "GET" && (m = /^\/api\/v1\/(domains|teams|users|tables)\/name\/(.+)$/.exec(path))) {
        const entity = store.get(m[1] as string)?.get(m[2] as string);
        if (!entity) return error(res, 404, `${(m[1] as string).replace(/s$/, "")} instance for ${m[2]} not found`);
        // A table's columns are a field OpenMetadata sends only when asked for (?fields=columns).
        const fields = new URLSearchParams(url.split("?")[1] ?? "").get("fields")?.split(",") ?? [];
        const { columns, ...rest } = entity;
        return send(res, 200, m[1] === "tables" && !fields.includes("columns") ? rest : { ...rest, ...(columns !== undefined ? { columns } : {}) });
      }
      // A table by id; the data products it is an asset of only when asked for (?fields=dataProducts), as references.
      if (method === "GET" && (m = /^\/api\/v1\/tables\/([0-9a-f-]{36})$/.exec(path))) {
        const table = [...collection("tables").values()].find((t) => t.id === m?.[1]);
        if (!table) return error(res, 404, `table instance for ${m[1]} not found`);
        const fields = new URLSearchParams(url.split("?")[1] ?? "").get("fields")?.split(",") ?? [];
        const { columns: _columns, ...rest } = table;
        if (!fields.includes("dataProducts")) return send(res, 200, rest);
        const products = [...assets].filter(([, refs]) => refs.some((r) => r.id === table.id)).map(([name]) => collection("dataProducts").get(name));
        const dataProducts = products.filter((p): p is Json => p !== undefined).map((p) => ({ id: p.id, type: "dataProduct", name: p.name, fullyQualifiedName: p.fullyQualifiedName }));
        return send(res, 200, { ...rest, dataProducts });
      }
      // The data contract of an entity (OpenMetadata holds one per entity), by the entity's id.
      if (method === "GET" && path === "/api/v1/dataContracts/entity") {
        const query = new URLSearchParams(url.split("?")[1] ?? "");
        const held = [...collection("dataContracts").values()].find((c) => (c.entity as Json | undefined)?.id === query.get("entityId"));
        if (held) return send(res, 200, held);
        const table = [...collection("tables").values()].find((t) => t.id === query.get("entityId"));
        const inherited = table ? script.inheritedContracts?.[String(table.fullyQualifiedName)] : undefined;
        if (table && inherited !== undefined) {
          return send(res, 200, { id: newId(), name: inherited, description: "The data product's terms of use.", entity: { id: table.id, type: "table", fullyQualifiedName: table.fullyQualifiedName }, inherited: true, entityStatus: "Draft" });
        }
        return error(res, 404, `dataContract instance for ${String(query.get("entityId"))} not found`);
      }
      if (method === "PUT" && path === "/api/v1/domains") {
        const problems = [...problemsOf(body, DOMAIN_FIELDS, ["name", "description", "domainType"], "createDomain"), ...entityNameProblems((body as Json).name, "createDomain.name")];
        if (!["Source-aligned", "Consumer-aligned", "Aggregate"].includes(String((body as Json).domainType))) problems.push("createDomain.domainType is invalid");
        if (problems.length > 0) return error(res, 400, problems.join(", "));
        return send(res, 200, upsert("domains", quote(String((body as Json).name)), body as Json));
      }
      if (method === "PUT" && path === "/api/v1/dataProducts") {
        const b = body as Json;
        const problems = [...problemsOf(body, DATA_PRODUCT_FIELDS, ["name", "description", "domains"], "createDataProduct"), ...entityNameProblems(b.name, "createDataProduct.name")];
        for (const domain of (b.domains as unknown[]) ?? []) if (!collection("domains").has(String(domain))) problems.push(`domain instance for ${String(domain)} not found`);
        for (const [i, owner] of ((b.owners as unknown[]) ?? []).entries()) problems.push(...referenceProblems(owner, `createDataProduct.owners[${i}]`));
        if (problems.length > 0) return error(res, 400, problems.join(", "));
        const owners = ownerFailure(b.owners);
        if (owners) return error(res, owners.status, owners.message);
        return send(res, 200, upsert("dataProducts", quote(String(b.name)), b));
      }
      // A data product by name; its assets (references with their fully qualified names) only when asked for, as releases before the paginated endpoint list them.
      if (method === "GET" && (m = /^\/api\/v1\/dataProducts\/name\/([^/]+)$/.exec(path))) {
        const product = store.get("dataProducts")?.get(m[1] as string);
        if (!product) return error(res, 404, `dataProduct instance for ${m[1]} not found`);
        const fields = new URLSearchParams(url.split("?")[1] ?? "").get("fields")?.split(",") ?? [];
        const listed = assetReferences(m[1] as string);
        return send(res, 200, fields.includes("assets") ? { ...product, assets: listed } : product);
      }
      // The data product's assets, a page at a time (OpenMetadata's ResultList; `limit` at most 1000), as references.
      if (method === "GET" && !script.inlineAssetsOnly && (m = /^\/api\/v1\/dataProducts\/name\/(.+)\/assets$/.exec(path))) {
        if (!store.get("dataProducts")?.has(m[1] as string)) return error(res, 404, `dataProduct instance for ${m[1]} not found`);
        const query = new URLSearchParams(url.split("?")[1] ?? "");
        const limit = Number(query.get("limit") ?? "10");
        const offset = Number(query.get("offset") ?? "0");
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return error(res, 400, "query param limit must be less than or equal to 1000");
        const all = assetReferences(m[1] as string);
        return send(res, 200, { data: all.slice(offset, offset + limit), paging: { total: all.length } });
      }
      if (method === "PUT" && (m = /^\/api\/v1\/dataProducts\/(.+)\/assets\/remove$/.exec(path))) {
        if (!store.get("dataProducts")?.has(m[1] as string)) return error(res, 404, `dataProduct instance for ${m[1]} not found`);
        const refs = ((body as Json).assets as unknown[]) ?? [];
        const problems = refs.flatMap((r, i) => referenceProblems(r, `bulkAssets.assets[${i}]`));
        if (problems.length > 0) return error(res, 400, problems.join(", "));
        const { passed, answer } = bulkOperation(refs as Json[], script.refuseAssetRemovals);
        assets.set(m[1] as string, (assets.get(m[1] as string) ?? []).filter((a) => !passed.some((r) => r.id === a.id)));
        return answer(res);
      }
      if (method === "PUT" && (m = /^\/api\/v1\/dataProducts\/(.+)\/assets\/add$/.exec(path))) {
        const product = collection("dataProducts").get(m[1] as string);
        if (!product) return error(res, 404, `dataProduct instance for ${m[1]} not found`);
        const refs = ((body as Json).assets as unknown[]) ?? [];
        const problems = refs.flatMap((r, i) => referenceProblems(r, `bulkAssets.assets[${i}]`));
        if (problems.length > 0) return error(res, 400, problems.join(", "));
        const { passed, answer } = bulkOperation(refs as Json[], script.refuseAssets);
        const list = assets.get(m[1] as string) ?? [];
        for (const ref of passed) if (!list.some((a) => a.id === ref.id)) list.push(ref);
        assets.set(m[1] as string, list);
        return answer(res);
      }
      if (method === "PUT" && path === "/api/v1/dataContracts") {
        const b = body as Json;
        const problems = [...problemsOf(body, [...DATA_CONTRACT_FIELDS, contractStatus.field], ["name", "entity"], "createDataContract"), ...entityNameProblems(b.name, "createDataContract.name")];
        if (b[contractStatus.field] !== undefined && !contractStatus.values.includes(String(b[contractStatus.field]))) problems.push(`createDataContract.${contractStatus.field} is invalid`);
        problems.push(...referenceProblems(b.entity, "createDataContract.entity"));
        for (const [i, owner] of ((b.owners as unknown[]) ?? []).entries()) problems.push(...referenceProblems(owner, `createDataContract.owners[${i}]`));
        for (const [i, column] of ((b.schema as unknown[]) ?? []).entries()) problems.push(...columnProblems(column, `createDataContract.schema[${i}]`));
        for (const key of ["effectiveFrom", "effectiveUntil"]) if (b[key] !== undefined && Number.isNaN(Date.parse(String(b[key])))) problems.push(`createDataContract.${key} must be a date-time`);
        if (problems.length > 0) return error(res, 400, problems.join(", "));
        const entity = (b.entity as Json).id;
        const table = [...collection("tables").values()].find((t) => t.id === entity);
        if (!table) return error(res, 404, `table instance for ${String(entity)} not found`);
        const known = new Set(((table.columns as Json[]) ?? []).map((c) => c.name));
        const missing = ((b.schema as Json[]) ?? []).map((c) => String(c.name)).filter((name) => !known.has(name));
        if (missing.length > 0) return error(res, 400, `Field(s) ${missing.join(", ")} in the data contract schema do not exist in table ${String(table.fullyQualifiedName)}`);
        const owners = ownerFailure(b.owners);
        if (owners) return error(res, owners.status, owners.message);
        const fqn = `${String(table.fullyQualifiedName)}.dataContract_${String(b.name)}`;
        // One data contract per entity: a create (a name the table's contract does not have) is refused while it has one.
        const held = [...collection("dataContracts").entries()].find(([, c]) => (c.entity as Json | undefined)?.id === entity);
        if (held && held[0] !== fqn) return error(res, 400, `A data contract already exists for entity 'table' with ID ${String(entity)}`);
        return send(res, 200, upsert("dataContracts", fqn, b));
      }
      // A JSON Patch of a data contract (its status), which OpenMetadata takes only as application/json-patch+json (else 415).
      if (method === "PATCH" && (m = /^\/api\/v1\/dataContracts\/([^/]+)$/.exec(path))) {
        const held = [...collection("dataContracts").entries()].find(([, c]) => c.id === m?.[1]);
        if (!held) return error(res, 404, `dataContract instance for ${m[1]} not found`);
        if (req.headers["content-type"] !== "application/json-patch+json") return error(res, 415, "HTTP 415 Unsupported Media Type");
        const [fqn, contract] = held;
        const patched = { ...contract };
        for (const op of Array.isArray(body) ? (body as Json[]) : []) {
          const field = String(op.path).replace(/^\//, "");
          if (!["add", "replace"].includes(String(op.op)) || field !== contractStatus.field || !contractStatus.values.includes(String(op.value))) return error(res, 400, `Invalid patch operation ${JSON.stringify(op)}`);
          patched[field] = op.value;
        }
        collection("dataContracts").set(fqn, patched);
        return send(res, 200, patched);
      }
      if (method === "PUT" && (m = /^\/api\/v1\/dataContracts\/([^/]+)\/results$/.exec(path))) {
        const contract = [...collection("dataContracts").values()].find((c) => c.id === m?.[1]);
        if (!contract) return error(res, 404, `dataContract instance for ${m[1]} not found`);
        const b = body as Json;
        const problems = problemsOf(body, RESULT_FIELDS, ["dataContractFQN", "timestamp", "contractExecutionStatus"], "createDataContractResult");
        if (!["Running", "Success", "Failed", "PartialSuccess", "Aborted", "Queued"].includes(String(b.contractExecutionStatus))) problems.push("contractExecutionStatus is invalid");
        if (b.dataContractFQN !== contract.fullyQualifiedName) problems.push(`dataContractFQN ${String(b.dataContractFQN)} is not ${String(contract.fullyQualifiedName)}`);
        if (!Number.isInteger(b.timestamp)) problems.push("timestamp must be an integer");
        if (problems.length > 0) return error(res, 400, problems.join(", "));
        const list = results.get(m[1] as string) ?? [];
        const result = { ...b, id: newId() };
        const same = list.findIndex((r) => r.timestamp === b.timestamp);
        if (same >= 0) list[same] = result;
        else list.push(result);
        results.set(m[1] as string, list);
        return send(res, 200, result);
      }
      return error(res, 404, `HTTP 404 Not Found: ${method} ${path}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, store, results, assets, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
