/**
 * Test support for the DataHub target: a checker of Metadata Change Proposals against DataHub's own
 * aspect models, read from the reference copies in ../shared/reference/datahub (Pegasus `.pdl` and
 * generated Avro `.avsc` files; never copied into the project), plus a recording HTTP server that
 * answers as DataHub GMS does. Used by tests only.
 *
 * The reference set holds the aspect records meshkit writes but not every type they name. The types
 * it lacks are declared in `SUPPLEMENT` below, in PDL, after DataHub's metadata model (com.linkedin.*):
 * typerefs (URNs are strings), the field-type and platform-schema union members, enums, and the
 * `status` / `subTypes` / `institutionalMemory` / `deprecation` aspects. `AuditStamp`, `Edge`, `CustomProperties` and `ExternalReference`
 * come from the reference `.avsc` files.
 */
import { readFileSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DataContract, DataProduct } from "@meshkit/core";
import type { ProductDocuments, QualityRunInput } from "./datahub.js";

// ---------------------------------------------------------------------------------------------
// A small Pegasus (PDL) reader
// ---------------------------------------------------------------------------------------------

export type PdlType =
  | { kind: "primitive"; name: "string" | "boolean" | "int" | "long" | "float" | "double" | "bytes" }
  | { kind: "array"; items: PdlType }
  | { kind: "map"; values: PdlType }
  | { kind: "union"; members: PdlType[] }
  | { kind: "ref"; name: string };

export interface PdlField {
  name: string;
  type: PdlType;
  optional: boolean;
  hasDefault: boolean;
}

export type PdlNamed =
  | { kind: "record"; name: string; includes: string[]; fields: PdlField[]; aspect?: string }
  | { kind: "enum"; name: string; symbols: string[] }
  | { kind: "typeref"; name: string; type: PdlType }
  | { kind: "opaque"; name: string };

const PRIMITIVES = new Set(["string", "boolean", "int", "long", "float", "double", "bytes"]);

type Token = { t: "id" | "str" | "num" | "punct"; v: string };

/** Comments removed, annotations removed; the `@Aspect` name before each record kept aside. */
function tokenize(source: string): { tokens: Token[]; aspects: Map<number, string> } {
  const tokens: Token[] = [];
  const aspects = new Map<number, string>();
  let i = 0;
  const n = source.length;
  const skipString = (at: number): number => {
    let j = at + 1;
    while (j < n && source[j] !== '"') j += source[j] === "\\" ? 2 : 1;
    return j + 1;
  };
  const skipValue = (at: number): number => {
    let j = at;
    while (j < n && /\s/.test(source[j] as string)) j++;
    const c = source[j];
    if (c === '"') return skipString(j);
    if (c === "{" || c === "[") {
      let depth = 0;
      while (j < n) {
        const d = source[j];
        if (d === '"') {
          j = skipString(j);
          continue;
        }
        if (d === "{" || d === "[") depth++;
        if (d === "}" || d === "]") {
          depth--;
          if (depth === 0) return j + 1;
        }
        j++;
      }
      return j;
    }
    while (j < n && /[A-Za-z0-9_.+-]/.test(source[j] as string)) j++;
    return j;
  };
  while (i < n) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (source.startsWith("//", i)) {
      const end = source.indexOf("\n", i);
      i = end < 0 ? n : end + 1;
    } else if (c === "@") {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_.]/.test(source[j] as string)) j++;
      const name = source.slice(i + 1, j);
      let k = j;
      while (k < n && /[ \t\r\n]/.test(source[k] as string)) k++;
      if (source[k] === "=") {
        const end = skipValue(k + 1);
        if (name === "Aspect") {
          const match = /"name"\s*:\s*"([^"]+)"/.exec(source.slice(k + 1, end));
          if (match) aspects.set(tokens.length, match[1] as string);
        }
        i = end;
      } else {
        i = j;
      }
    } else if (c === '"') {
      const end = skipString(i);
      tokens.push({ t: "str", v: source.slice(i, end) });
      i = end;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_.]/.test(source[j] as string)) j++;
      tokens.push({ t: "id", v: source.slice(i, j) });
      i = j;
    } else if (/[-0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9.eE+-]/.test(source[j] as string)) j++;
      tokens.push({ t: "num", v: source.slice(i, j) });
      i = j;
    } else {
      tokens.push({ t: "punct", v: c });
      i++;
    }
  }
  return { tokens, aspects };
}

/** Parses PDL source (one or more declarations) into named types keyed by full name. */
export function parsePdl(source: string, into: Map<string, PdlNamed> = new Map()): Map<string, PdlNamed> {
  const { tokens, aspects } = tokenize(source);
  let pos = 0;
  let namespace = "";
  const imports = new Map<string, string>();
  const peek = () => tokens[pos];
  const next = (): Token => {
    const token = tokens[pos++];
    if (!token) throw new Error("PDL: unexpected end of input");
    return token;
  };
  const expect = (v: string) => {
    const token = next();
    if (token.v !== v) throw new Error(`PDL: expected ${v}, got ${token.v}`);
  };
  const qualify = (name: string): string => {
    if (PRIMITIVES.has(name)) return name;
    if (name.includes(".")) return name;
    return imports.get(name) ?? `${namespace}.${name}`;
  };
  const skipValue = () => {
    const token = next();
    if (token.v === "{" || token.v === "[") {
      let depth = 1;
      while (depth > 0) {
        const t = next();
        if (t.v === "{" || t.v === "[") depth++;
        if (t.v === "}" || t.v === "]") depth--;
      }
    }
  };
  const parseType = (): PdlType => {
    const token = next();
    if (token.v === "array") {
      expect("[");
      const items = parseType();
      expect("]");
      return { kind: "array", items };
    }
    if (token.v === "map") {
      expect("[");
      parseType();
      expect(",");
      const values = parseType();
      expect("]");
      return { kind: "map", values };
    }
    if (token.v === "union") {
      expect("[");
      const members: PdlType[] = [];
      while (peek()?.v !== "]") {
        members.push(parseType());
        if (peek()?.v === ",") next();
      }
      expect("]");
      return { kind: "union", members };
    }
    if (PRIMITIVES.has(token.v)) return { kind: "primitive", name: token.v as "string" };
    return { kind: "ref", name: qualify(token.v) };
  };

  while (pos < tokens.length) {
    const token = next();
    if (token.v === "namespace") {
      namespace = next().v;
    } else if (token.v === "import") {
      const full = next().v;
      imports.set(full.split(".").pop() as string, full);
    } else if (token.v === "record") {
      const aspect = aspects.get(pos - 1);
      const name = `${namespace}.${next().v}`;
      const includes: string[] = [];
      if (peek()?.v === "includes") {
        next();
        for (;;) {
          includes.push(qualify(next().v));
          if (peek()?.v === ",") next();
          else break;
        }
      }
      expect("{");
      const fields: PdlField[] = [];
      while (peek()?.v !== "}") {
        const fieldName = next().v;
        expect(":");
        let optional = false;
        if (peek()?.v === "optional") {
          next();
          optional = true;
        }
        const type = parseType();
        let hasDefault = false;
        if (peek()?.v === "=") {
          next();
          skipValue();
          hasDefault = true;
        }
        if (peek()?.v === ",") next();
        fields.push({ name: fieldName, type, optional, hasDefault });
      }
      expect("}");
      into.set(name, { kind: "record", name, includes, fields, ...(aspect ? { aspect } : {}) });
    } else if (token.v === "enum") {
      const name = `${namespace}.${next().v}`;
      expect("{");
      const symbols: string[] = [];
      while (peek()?.v !== "}") {
        const symbol = next();
        if (symbol.v !== ",") symbols.push(symbol.v);
      }
      expect("}");
      into.set(name, { kind: "enum", name, symbols });
    } else if (token.v === "typeref") {
      const name = `${namespace}.${next().v}`;
      expect("=");
      into.set(name, { kind: "typeref", name, type: parseType() });
    } else if (token.v === "opaque") {
      // not PDL: this reader's own declaration of a type the checker accepts as any object
      const name = `${namespace}.${next().v}`;
      into.set(name, { kind: "opaque", name });
    } else {
      throw new Error(`PDL: unexpected ${token.v}`);
    }
  }
  return into;
}

/** Named records of an Avro schema (`.avsc`), as PDL records: `["null", T]` with default null is optional. */
export function recordsFromAvsc(json: unknown, into: Map<string, PdlNamed>, rename: Readonly<Record<string, string>> = {}): void {
  const visit = (schema: unknown, namespace: string): PdlType => {
    if (typeof schema === "string") {
      const primitive: Record<string, PdlType> = {
        string: { kind: "primitive", name: "string" },
        boolean: { kind: "primitive", name: "boolean" },
        long: { kind: "primitive", name: "long" },
        int: { kind: "primitive", name: "int" },
        float: { kind: "primitive", name: "float" },
        double: { kind: "primitive", name: "double" },
        bytes: { kind: "primitive", name: "bytes" },
      };
      const known = primitive[schema];
      if (known) return known;
      const full = schema.includes(".") ? schema : `${namespace}.${schema}`;
      return { kind: "ref", name: rename[full] ?? full };
    }
    if (Array.isArray(schema)) {
      const members = schema.filter((m) => m !== "null");
      if (members.length === 1) return visit(members[0], namespace);
      return { kind: "union", members: members.map((m) => visit(m, namespace)) };
    }
    const s = schema as { type: unknown; name?: string; namespace?: string; fields?: { name: string; type: unknown; default?: unknown }[]; items?: unknown; values?: unknown };
    if (s.type === "array") return { kind: "array", items: visit(s.items, namespace) };
    if (s.type === "map") return { kind: "map", values: visit(s.values, namespace) };
    if (s.type === "record") {
      const ns = s.namespace ?? namespace;
      const full = `${ns}.${s.name}`;
      const name = rename[full] ?? full;
      const fields: PdlField[] = (s.fields ?? []).map((f) => ({
        name: f.name,
        type: visit(f.type, ns),
        optional: Array.isArray(f.type) && f.type.includes("null"),
        hasDefault: "default" in f,
      }));
      into.set(name, { kind: "record", name, includes: [], fields });
      return { kind: "ref", name };
    }
    return visit(s.type, namespace);
  };
  visit(json, "");
}

/**
 * Types the reference set lacks, after DataHub's metadata model (`com.linkedin.*` in
 * datahub-project/datahub metadata-models). `opaque` is this checker's word for "any object": types
 * meshkit never writes.
 */
const SUPPLEMENT = `
namespace com.linkedin.common
typeref Urn = string
typeref DatasetUrn = string
typeref DataPlatformUrn = string
typeref TagUrn = string
typeref GlossaryTermUrn = string
typeref Uri = string
typeref Url = string
enum OwnershipType { CUSTOM TECHNICAL_OWNER BUSINESS_OWNER DATA_STEWARD NONE DEVELOPER DATAOWNER DELEGATE PRODUCER CONSUMER STAKEHOLDER }
record TagAssociation { tag: TagUrn  context: optional string }
record GlossaryTermAssociation { urn: GlossaryTermUrn  context: optional string }
record GlossaryTerms { terms: array[GlossaryTermAssociation]  auditStamp: AuditStamp }
record ChangeAuditStamps { created: AuditStamp = {}  lastModified: AuditStamp = {}  deleted: optional AuditStamp }
opaque OwnershipSource
@Aspect = { "name": "status" }
record Status { removed: boolean = false  lifecycleStage: optional Urn  lifecycleLastUpdated: optional AuditStamp }
@Aspect = { "name": "subTypes" }
record SubTypes { typeNames: array[string] }
record InstitutionalMemoryMetadata { url: Url  description: string  createStamp: AuditStamp  updateStamp: optional AuditStamp }
@Aspect = { "name": "institutionalMemory" }
record InstitutionalMemory { elements: array[InstitutionalMemoryMetadata] }
typeref Time = long
@Aspect = { "name": "deprecation" }
record Deprecation { deprecated: boolean  decommissionTime: optional Time  note: string  actor: Urn  replacement: optional Urn }

namespace com.linkedin.schema
record SchemaMetadataKey { schemaName: string  platform: com.linkedin.common.DataPlatformUrn  version: long }
record SchemaFieldDataType { type: union[BooleanType, FixedType, StringType, BytesType, NumberType, DateType, TimeType, EnumType, NullType, MapType, ArrayType, UnionType, RecordType] }
record BooleanType {}
record FixedType {}
record StringType {}
record BytesType {}
record NumberType {}
record DateType {}
record TimeType {}
record EnumType {}
record NullType {}
record MapType { keyType: optional string  valueType: optional string }
record ArrayType { nestedType: optional array[string] }
record UnionType { nestedTypes: optional array[string] }
record RecordType {}
record Schemaless {}
record OtherSchema { rawSchema: string }
opaque EspressoSchema
opaque OracleDDL
opaque MySqlDDL
opaque PrestoDDL
opaque KafkaSchema
opaque BinaryJsonSchema
opaque OrcSchema
opaque KeyValueSchema
opaque ForeignKeySpec
opaque ForeignKeyConstraint

namespace com.linkedin.dataset
typeref SchemaFieldPath = string
enum DatasetLineageType { COPY TRANSFORMED VIEW }
opaque FineGrainedLineage

namespace com.linkedin.mxe
opaque SystemMetadata

namespace com.linkedin.avro2pegasus.events
opaque KafkaAuditHeader
`;

/** URN formats checked wherever a field is typed as one of these typerefs. */
const URN_FORMATS: Readonly<Record<string, RegExp>> = {
  "com.linkedin.common.Urn": /^urn:li:[A-Za-z]+:\S.*$/,
  "com.linkedin.common.DatasetUrn": /^urn:li:dataset:\(urn:li:dataPlatform:[^,()\s]+,[^,()]+,(DEV|TEST|QA|UAT|EI|PRE|STG|NON_PROD|PROD|CORP|RVW|SANDBOX)\)$/,
  "com.linkedin.common.DataPlatformUrn": /^urn:li:dataPlatform:[^,()\s]+$/,
  "com.linkedin.common.TagUrn": /^urn:li:tag:[^,()]+$/,
  "com.linkedin.common.GlossaryTermUrn": /^urn:li:glossaryTerm:\S+$/,
};

export interface DataHubSchemaChecker {
  /** Aspect names the checker knows (from `@Aspect` annotations), e.g. `schemaMetadata`. */
  readonly aspects: ReadonlySet<string>;
  /** Problems of an aspect value (a parsed object), as `path: message`; empty when valid. */
  checkAspect(aspectName: string, value: unknown): string[];
  /** Problems of a wire-form proposal (envelope against MetadataChangeProposal, JSON-string aspect against its model). */
  checkProposal(proposal: unknown): string[];
  /** The named types, for tests of the reader itself. */
  readonly types: ReadonlyMap<string, PdlNamed>;
}

/** Reads the reference aspect models under `referenceDir` (…/reference/datahub). */
export function loadDataHubSchemaChecker(referenceDir: string): DataHubSchemaChecker {
  const types = new Map<string, PdlNamed>();
  parsePdl(SUPPLEMENT, types);
  // AuditStamp, and Edge / CustomProperties / ExternalReference as the old DataProductProperties.avsc spells them.
  const avsc = JSON.parse(readFileSync(path.join(referenceDir, "schemas/avsc/DataProductProperties.avsc"), "utf8")) as {
    fields: { name: string; type: unknown; default?: unknown }[];
  };
  recordsFromAvsc(avsc, types, {
    "com.linkedin.pegasus2avro.common.AuditStamp": "com.linkedin.common.AuditStamp",
    "com.linkedin.pegasus2avro.dataproduct.DataProductAssociation": "com.linkedin.common.Edge",
    "com.linkedin.pegasus2avro.dataproduct.DataProductProperties": "avsc.DataProductProperties",
  });
  const avscProps = types.get("avsc.DataProductProperties");
  if (avscProps?.kind === "record") {
    const pick = (name: string) => avscProps.fields.filter((f) => f.name === name);
    types.set("com.linkedin.common.CustomProperties", { kind: "record", name: "com.linkedin.common.CustomProperties", includes: [], fields: pick("customProperties") });
    types.set("com.linkedin.common.ExternalReference", { kind: "record", name: "com.linkedin.common.ExternalReference", includes: [], fields: pick("externalUrl") });
    types.delete("avsc.DataProductProperties");
  }
  const pdlDir = path.join(referenceDir, "schemas/pdl");
  for (const file of readdirSync(pdlDir).filter((f) => f.endsWith(".pdl")).sort()) {
    parsePdl(readFileSync(path.join(pdlDir, file), "utf8"), types);
  }

  const byAspect = new Map<string, string>();
  for (const named of types.values()) if (named.kind === "record" && named.aspect) byAspect.set(named.aspect, named.name);

  const fieldsOf = (record: Extract<PdlNamed, { kind: "record" }>): PdlField[] => {
    const fields: PdlField[] = [];
    for (const include of record.includes) {
      const included = types.get(include);
      if (!included || included.kind !== "record") throw new Error(`checker: ${record.name} includes unknown ${include}`);
      fields.push(...fieldsOf(included));
    }
    return [...fields, ...record.fields];
  };

  const check = (value: unknown, type: PdlType, at: string, problems: string[], typeName?: string): void => {
    switch (type.kind) {
      case "primitive": {
        const ok =
          type.name === "string" || type.name === "bytes"
            ? typeof value === "string"
            : type.name === "boolean"
              ? typeof value === "boolean"
              : type.name === "int" || type.name === "long"
                ? Number.isInteger(value)
                : typeof value === "number";
        if (!ok) problems.push(`${at}: expected ${type.name}, got ${JSON.stringify(value)}`);
        else if (typeName && URN_FORMATS[typeName] && !URN_FORMATS[typeName].test(value as string)) {
          problems.push(`${at}: ${JSON.stringify(value)} is not a ${typeName.split(".").pop()}`);
        }
        return;
      }
      case "array":
        if (!Array.isArray(value)) problems.push(`${at}: expected an array`);
        else value.forEach((item, i) => check(item, type.items, `${at}/${i}`, problems));
        return;
      case "map":
        if (value === null || typeof value !== "object" || Array.isArray(value)) problems.push(`${at}: expected a map`);
        else for (const [k, v] of Object.entries(value)) check(v, type.values, `${at}/${k}`, problems);
        return;
      case "union": {
        if (value === null || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length !== 1) {
          problems.push(`${at}: a union is an object with exactly one member key`);
          return;
        }
        const [key, member] = Object.entries(value)[0] as [string, unknown];
        const match = type.members.find((m) => m.kind === "ref" && m.name === key);
        if (!match) problems.push(`${at}: ${key} is not a member of the union`);
        else check(member, match, `${at}/${key}`, problems);
        return;
      }
      case "ref": {
        const named = types.get(type.name);
        if (!named) {
          problems.push(`${at}: unknown type ${type.name}`);
          return;
        }
        if (named.kind === "typeref") return check(value, named.type, at, problems, named.name);
        if (named.kind === "opaque") {
          if (value === null || typeof value !== "object") problems.push(`${at}: expected an object (${named.name})`);
          return;
        }
        if (named.kind === "enum") {
          if (typeof value !== "string" || !named.symbols.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${named.name.split(".").pop()} ${named.symbols.join("|")}`);
          return;
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          problems.push(`${at}: expected a ${named.name.split(".").pop()} record`);
          return;
        }
        const fields = fieldsOf(named);
        const record = value as Record<string, unknown>;
        for (const key of Object.keys(record)) {
          if (!fields.some((f) => f.name === key)) problems.push(`${at}/${key}: not a field of ${named.name.split(".").pop()}`);
        }
        for (const field of fields) {
          const v = record[field.name];
          if (v === undefined) {
            if (!field.optional && !field.hasDefault) problems.push(`${at}/${field.name}: required field missing`);
            continue;
          }
          if (v === null) {
            problems.push(`${at}/${field.name}: null (leave optional fields out)`);
            continue;
          }
          check(v, field.type, `${at}/${field.name}`, problems);
        }
        return;
      }
    }
  };

  const checkAspect = (aspectName: string, value: unknown): string[] => {
    const record = byAspect.get(aspectName);
    if (!record) return [`${aspectName}: no aspect of that name in the reference models`];
    const problems: string[] = [];
    check(value, { kind: "ref", name: record }, aspectName, problems);
    return problems;
  };

  const checkProposal = (proposal: unknown): string[] => {
    const problems: string[] = [];
    check(proposal, { kind: "ref", name: "com.linkedin.mxe.MetadataChangeProposal" }, "proposal", problems);
    const p = proposal as { aspectName?: unknown; aspect?: { value?: unknown; contentType?: unknown } };
    if (p.aspect?.contentType !== "application/json") problems.push(`proposal/aspect/contentType: expected application/json`);
    if (typeof p.aspect?.value !== "string") return problems;
    let value: unknown;
    try {
      value = JSON.parse(p.aspect.value);
    } catch {
      problems.push("proposal/aspect/value: not a JSON string");
      return problems;
    }
    if (typeof p.aspectName === "string") problems.push(...checkAspect(p.aspectName, value));
    return problems;
  };

  return { aspects: new Set(byAspect.keys()), checkAspect, checkProposal, types };
}

/** Golden MCP files, their proposals with `aspect.json` objects (UPSERT/CREATE; PATCH lists excluded). */
export function readGoldenProposals(referenceDir: string): { file: string; entityType: string; entityUrn: string; changeType: string; aspectName: string; json: unknown; keys: string[] }[] {
  const out: ReturnType<typeof readGoldenProposals> = [];
  for (const sub of ["golden/dataproducts", "golden/datasets"]) {
    const dir = path.join(referenceDir, sub);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
      const list = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>[];
      for (const entry of list) {
        const aspect = entry.aspect as { json?: unknown } | undefined;
        if (!aspect || !("json" in aspect) || Array.isArray(aspect.json)) continue;
        out.push({
          file: `${sub}/${file}`,
          entityType: String(entry.entityType),
          entityUrn: String(entry.entityUrn),
          changeType: String(entry.changeType),
          aspectName: String(entry.aspectName),
          json: aspect.json,
          keys: Object.keys(entry),
        });
      }
    }
  }
  return out;
}

/** Every `path → JSON type` of a value (array items under `[]`), for comparing shapes with the goldens. */
export function shapeOf(value: unknown, at = "", into: Map<string, Set<string>> = new Map()): Map<string, Set<string>> {
  const kind = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  const set = into.get(at) ?? new Set<string>();
  set.add(kind);
  into.set(at, set);
  if (Array.isArray(value)) for (const item of value) shapeOf(item, `${at}[]`, into);
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) shapeOf(v, `${at}.${k}`, into);
  return into;
}

// ---------------------------------------------------------------------------------------------
// A recording server that answers as DataHub GMS does
// ---------------------------------------------------------------------------------------------

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface GmsScript {
  /** Token the server accepts (`Authorization: Bearer <token>`); any other answers 401. */
  token: string;
  /**
   * Answers to force, by request number (1-based, counting every request): e.g. `{ 2: 500, 3: 500 }`.
   * A function gets the request number and the parsed body and returns a status or undefined.
   */
  fail?: Readonly<Record<number, number>> | ((n: number, body: unknown) => number | undefined);
  /** `Retry-After` header (seconds) sent with forced 429/503 answers. */
  retryAfter?: string;
}

export interface GmsServer {
  url: string;
  requests: RecordedRequest[];
  /** Proposals the server accepted (a forced failure accepts none of its request's). */
  accepted: unknown[];
  close(): Promise<void>;
}

/** Starts a GMS look-alike on 127.0.0.1 (a free port). Answers are Rest.li's: `{"value": ...}` or an error body. */
export async function startGmsServer(script: GmsScript): Promise<GmsServer> {
  const requests: RecordedRequest[] = [];
  const accepted: unknown[] = [];
  const restliError = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { "content-type": "application/json", "x-restli-protocol-version": "2.0.0" });
    res.end(JSON.stringify({ exceptionClass: "com.linkedin.restli.server.RestLiServiceException", stackTrace: "com.linkedin.restli.server.RestLiServiceException [HTTP Status:" + status + "]: " + message + "\n\tat ...", message, status }));
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const n = requests.length;
      if (req.headers.authorization !== `Bearer ${script.token}`) {
        res.writeHead(401, { "content-type": "text/plain" });
        res.end("Unauthorized to perform this action.");
        return;
      }
      let parsed: unknown;
      try {
        parsed = req.method === "GET" ? undefined : JSON.parse(body);
      } catch {
        return restliError(res, 400, "Cannot parse request entity");
      }
      const forced = typeof script.fail === "function" ? script.fail(n, parsed) : script.fail?.[n];
      if (forced !== undefined) {
        if ((forced === 429 || forced === 503) && script.retryAfter) res.setHeader("retry-after", script.retryAfter);
        return restliError(res, forced, forced === 429 ? "Too many requests" : "java.lang.RuntimeException: Failed to ingest proposals");
      }
      const lookup = req.method === "GET" ? /^\/aspects\/([^?]+)\?aspect=([A-Za-z]+)&version=0$/.exec(req.url ?? "") : null;
      if (lookup) {
        // The latest version of an aspect, as GMS's Rest.li resource answers it: `{"aspect": {"<aspect class>": value}, "version": 0}`.
        const urn = decodeURIComponent(lookup[1] as string);
        const latest = (accepted as { entityUrn: string; aspectName: string; aspect: { value: string } }[]).filter((p) => p.entityUrn === urn && p.aspectName === lookup[2]).at(-1);
        if (!latest) return restliError(res, 404, `No aspect ${lookup[2]} for ${urn}`);
        res.writeHead(200, { "content-type": "application/json", "x-restli-protocol-version": "2.0.0" });
        res.end(JSON.stringify({ version: 0, aspect: { [lookup[2] === "dataProductProperties" ? "com.linkedin.dataproduct.DataProductProperties" : `com.linkedin.${lookup[2]}`]: JSON.parse(latest.aspect.value) } }));
        return;
      }
      const related = req.method === "GET" ? /^\/relationships\?direction=INCOMING&urn=([^&]+)&types=List\(DataProductContains\)(?:&|$)/.exec(req.url ?? "") : null;
      if (related) {
        // The data products whose latest dataProductProperties lists the dataset, as GMS's graph answers `DataProductContains`.
        const urn = decodeURIComponent(related[1] as string);
        const latest = new Map<string, { destinationUrn?: unknown }[]>();
        for (const p of accepted as { entityUrn: string; aspectName: string; aspect: { value: string } }[]) {
          if (p.aspectName === "dataProductProperties") latest.set(p.entityUrn, (JSON.parse(p.aspect.value) as { assets?: { destinationUrn?: unknown }[] }).assets ?? []);
        }
        const relationships = [...latest].filter(([, assets]) => assets.some((a) => a.destinationUrn === urn)).map(([entity]) => ({ type: "DataProductContains", entity }));
        res.writeHead(200, { "content-type": "application/json", "x-restli-protocol-version": "2.0.0" });
        res.end(JSON.stringify({ start: 0, count: relationships.length, relationships, total: relationships.length }));
        return;
      }
      if (req.method === "POST" && req.url === "/aspects?action=ingestProposal") {
        accepted.push((parsed as { proposal: unknown }).proposal);
      } else if (req.method === "POST" && req.url === "/aspects?action=ingestProposalBatch") {
        accepted.push(...(parsed as { proposals: unknown[] }).proposals);
      } else {
        return restliError(res, 404, `No resource for ${req.url}`);
      }
      res.writeHead(200, { "content-type": "application/json", "x-restli-protocol-version": "2.0.0" });
      res.end(JSON.stringify({ value: "success" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------
// The example products
// ---------------------------------------------------------------------------------------------

/** The repository root (…/packages/catalog/src → …). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** Reference copies of DataHub's files, next to the repository (see DESIGN.md). */
export const DATAHUB_REFERENCE_DIR = path.resolve(REPO_ROOT, "../shared/reference/datahub");

export interface ExampleProduct {
  dir: string;
  product: DataProduct;
  contracts: DataContract[];
}

/** Every example product under examples/domains/<domain>/<product>/ with its contracts (sorted by path). */
export function loadExampleProducts(parse: (text: string) => unknown): ExampleProduct[] {
  const root = path.join(REPO_ROOT, "examples/domains");
  const out: ExampleProduct[] = [];
  for (const domain of readdirSync(root).sort()) {
    for (const name of readdirSync(path.join(root, domain)).sort()) {
      const dir = path.join(root, domain, name);
      const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
      const docs = files.map((f) => parse(readFileSync(path.join(dir, f), "utf8")) as { kind?: string });
      const product = docs.find((d) => d.kind === "DataProduct") as ExampleProduct["product"] | undefined;
      if (!product) continue;
      out.push({ dir: path.relative(REPO_ROOT, dir), product, contracts: docs.filter((d) => d.kind === "DataContract") as ExampleProduct["contracts"] });
    }
  }
  return out;
}

/** The documents of one example, with every other example as a known upstream. */
export function exampleDocuments(examples: readonly ExampleProduct[], productName: string, results?: QualityRunInput): ProductDocuments {
  const self = examples.find((e) => e.product.name === productName);
  if (!self) throw new Error(`no example product ${productName}`);
  return {
    product: self.product,
    contracts: self.contracts,
    ...(results ? { results } : {}),
    upstream: examples.filter((e) => e !== self).map((e) => ({ product: e.product, contracts: e.contracts })),
  };
}
