/**
 * Conformance of meshkit's own schemas (schemas/*.schema.json) with the official ODCS 3.1.0 and
 * ODPS 1.0.0 JSON Schemas, which are kept outside the project in ../shared/reference.
 *
 * The one intended difference: the official ODCS schema still accepts apiVersion v2.2.x, which meshkit
 * does not read, so ours rejects it (see "the intended difference" below).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2019 from "ajv/dist/2019.js";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { globSync } from "tinyglobby";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import oursOdcsSchema from "../schemas/odcs-3.1.schema.json" with { type: "json" };
import { fromPointer, toPointer } from "./pointer.js";
import { type SchemaIssue, validateContractSchema, validateProductSchema } from "./schemas.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const referenceDir = path.resolve(repoRoot, "../shared/reference");
const fixturesDir = path.join(here, "__fixtures__", "invalid");

type Standard = "odcs" | "odps";

interface Reference {
  schemaFile: string;
  examplesDir: string;
  ours: (value: unknown) => SchemaIssue[];
}

const REFERENCES: Record<Standard, Reference> = {
  odcs: { schemaFile: "odcs/schema/odcs-json-schema-v3.1.0.json", examplesDir: "odcs/examples", ours: validateContractSchema },
  odps: { schemaFile: "odps/schema/odps-json-schema-v1.0.0.json", examplesDir: "odps/examples", ours: validateProductSchema },
};

function compileOfficial(standard: Standard): { schema: Record<string, unknown>; validate: ValidateFunction } {
  const file = path.join(referenceDir, REFERENCES[standard].schemaFile);
  if (!existsSync(file)) {
    throw new Error(
      `official ${standard.toUpperCase()} schema not found at ${file}: the conformance test needs the reference copies ` +
        "in ../shared/reference (next to the repository); see DESIGN.md",
    );
  }
  const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  // Not strict: the official schema nests server definitions under a non-schema `$defs/ServerSource` key.
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  // meshkit checks `format: uri` as a scheme and no white space (scripts/build-validators.mjs): RFC 3986, as
  // ajv-formats reads it, refuses the standard's own examples (`s3://…/data/{model}/*.json`).
  ajv.addFormat("uri", /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/);
  return { schema, validate: ajv.compile(schema) };
}

const official = { odcs: compileOfficial("odcs"), odps: compileOfficial("odps") };

/** Runs the official validator and returns its errors ([] when valid). */
function officialErrors(standard: Standard, value: unknown) {
  const { validate } = official[standard];
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

interface YamlFixture {
  file: string;
  document: unknown;
  /** From a first line `# expect: <json pointer>` (`""` for the document root). */
  expectedPointer?: string;
}

/** Reads a YAML file, and the pointer its first-line `# expect:` comment names, if any. */
function loadYamlFixture(file: string): YamlFixture {
  const text = readFileSync(file, "utf8");
  const expect = /^# expect: (.*)$/m.exec(text.split("\n", 1)[0] ?? "")?.[1]?.trim();
  return { file, document: parse(text), expectedPointer: expect === '""' ? "" : expect };
}

function yamlFiles(dir: string): string[] {
  return globSync("**/*.yaml", { cwd: dir, absolute: true }).sort();
}

describe.each(["odcs", "odps"] as const)("%s: official examples", (standard) => {
  const files = yamlFiles(path.join(referenceDir, REFERENCES[standard].examplesDir));

  it("finds the examples", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  // ODCS examples labelled v3.0.x are checked by validateContractSchema against our v3.0 schema.
  it.each(files.map((f) => [path.relative(referenceDir, f), f]))("%s is valid for both schemas", (_name, file) => {
    const { document } = loadYamlFixture(file);
    expect(officialErrors(standard, document)).toEqual([]);
    expect(REFERENCES[standard].ours(document)).toEqual([]);
  });
});

describe("invalid documents", () => {
  const fixtures = (["odcs", "odps"] as const).flatMap((standard) =>
    yamlFiles(path.join(fixturesDir, standard)).map((file) => ({ standard, ...loadYamlFixture(file) })),
  );

  it("has a corpus of at least 24 fixtures, each naming the pointer the official schema reports", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(24);
    expect(fixtures.filter((f) => f.expectedPointer === undefined).map((f) => f.file)).toEqual([]);
  });

  it.each(fixtures.map((f) => [`${f.standard}/${path.basename(f.file)}`, f]))("%s is rejected by both, at the same pointer", (_name, fixture) => {
    const { standard, document, expectedPointer = "" } = fixture;
    const theirs = officialErrors(standard, document);
    const ours = REFERENCES[standard].ours(document);
    expect(theirs.length, "the official schema accepts it").toBeGreaterThan(0);
    expect(ours.length, "our schema accepts it").toBeGreaterThan(0);
    expect(theirs.map((e) => e.instancePath)).toContain(expectedPointer);
    expect(ours.some((issue) => names(issue, expectedPointer)), JSON.stringify(ours, null, 2)).toBe(true);
  });
});

/** Whether an issue is about `pointer`: there, or a key of the object there (unknown or forbidden property). */
function names(issue: SchemaIssue, pointer: string): boolean {
  if (issue.pointer === pointer) return true;
  return issue.target === "key" && toPointer(fromPointer(issue.pointer).slice(0, -1)) === pointer;
}

describe("the intended difference: ODCS apiVersion v2.2.x", () => {
  const officialVersions = (official.odcs.schema.properties as { apiVersion: { enum: string[] } }).apiVersion.enum;
  const v2 = officialVersions.filter((v) => v.startsWith("v2."));
  const minimal = { version: "1.0.0", kind: "DataContract", id: "orders", status: "active" };

  it("is the only difference in the apiVersion lists", () => {
    expect(v2.length).toBeGreaterThan(0);
    expect(oursOdcsSchema.properties.apiVersion.enum).toEqual(officialVersions.filter((v) => !v.startsWith("v2.")));
  });

  it.each(v2)("%s is accepted by the official schema and rejected by ours", (apiVersion) => {
    const document = { ...minimal, apiVersion };
    expect(officialErrors("odcs", document)).toEqual([]);
    expect(validateContractSchema(document).map((i) => i.pointer)).toEqual(["/apiVersion"]);
  });
});

/*
 * Beyond the hand-written corpus: thousands of generated documents, each one small change away from a
 * valid one, on which both schemas must give the same verdict. This is what pins down the
 * type-dependent rules (server types, quality rule variants, logicalTypeOptions, relationships).
 */
describe("generated near-valid documents get the same verdict from both schemas", () => {
  const WRONG_VALUES: unknown[] = [7, "7", true, null, [], {}, ["x"]];

  // Thousands of variants through two validators: ~30 s alone, past the default 60 s on a machine shared with other jobs.
  it.each(["odcs", "odps"] as const)("%s: every single-edit variant of the official examples", (standard) => {
    // The official schema here is 3.1.0, so the ODCS examples labelled v3.0.2 are compared as v3.1.0 documents
    // (our v3.0 schema, for v3.0.x, is tested against the 3.0.2 standard in schemas.odcs30.test.ts).
    const examples = yamlFiles(path.join(referenceDir, REFERENCES[standard].examplesDir))
      .map((f) => loadYamlFixture(f).document)
      .map((document) => (standard === "odcs" ? { ...(document as object), apiVersion: "v3.1.0" } : document));
    const vocabulary = propertyNames(official[standard].schema);
    expectSameVerdicts(standard, examples.flatMap((e) => [...singleEdits(e, vocabulary)]));
  }, 180_000);

  it("odcs: servers of every type, quality rules of every variant, properties of every logicalType, relationships", () => {
    const base = { version: "1.0.0", apiVersion: "v3.1.0", kind: "DataContract", id: "c", status: "active" };
    const documents = [
      ...[...serverVariants()].map((server) => ({ ...base, servers: [server] })),
      ...[...qualityVariants()].map((rule) => ({ ...base, schema: [{ name: "t", quality: [rule] }] })),
      ...[...propertyVariants(true)].map((p) => ({ ...base, schema: [{ name: "t", properties: [p] }] })),
      ...[...propertyVariants(false)].map((p) => ({ ...base, schema: [{ name: "t", properties: [{ name: "a", logicalType: "array", items: p }] }] })),
      ...[...relationshipVariants()].map((r) => ({ ...base, schema: [{ name: "t", relationships: [r] }] })),
      ...[...relationshipVariants()].map((r) => ({ ...base, schema: [{ name: "t", properties: [{ name: "p", relationships: [r] }] }] })),
      ...[{}, { name: "t", members: [{ username: "u" }] }, [{ username: "u" }], [{ name: "n" }], "t", { foo: 1 }].map((team) => ({ ...base, team })),
    ];
    expectSameVerdicts("odcs", documents);
  });

  function expectSameVerdicts(standard: Standard, documents: unknown[]): void {
    const verdicts = documents.map((document) => ({
      document,
      official: officialErrors(standard, document).length === 0,
      ours: REFERENCES[standard].ours(document).length === 0,
    }));
    const disagreements = verdicts.filter((v) => v.official !== v.ours && !isIntendedDifference(v.document, v.official));
    expect(disagreements.slice(0, 5)).toEqual([]);
    // Both verdicts occur, or the generators test nothing.
    const valid = verdicts.filter((v) => v.ours).length;
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(documents.length);
  }

  function isIntendedDifference(document: unknown, officialValid: boolean): boolean {
    const apiVersion = (document as { apiVersion?: unknown } | null)?.apiVersion;
    return officialValid && typeof apiVersion === "string" && apiVersion.startsWith("v2.");
  }

  /**
   * The document with one change: a key removed, a value of the wrong type, or a key added (any property
   * name the official schema knows, with a string that is no URI, date or reference).
   */
  function* singleEdits(document: unknown, vocabulary: string[]): Generator<unknown> {
    for (const pointer of pointersIn(document)) {
      const node = valueAt(document, pointer);
      if (isObject(node)) {
        for (const key of Object.keys(node)) yield edited(document, pointer, (n) => delete (n as Record<string, unknown>)[key]);
        for (const key of ["unknownKey", ...vocabulary]) {
          if (!(key in node)) yield edited(document, pointer, (n) => ((n as Record<string, unknown>)[key] = "not a uri"));
        }
      }
      if (pointer !== "") for (const wrong of WRONG_VALUES) yield replaced(document, pointer, wrong);
    }
  }

  /** Every name declared under a `properties` keyword anywhere in a schema. */
  function propertyNames(schema: unknown, names = new Set<string>()): string[] {
    if (Array.isArray(schema)) for (const item of schema) propertyNames(item, names);
    else if (isObject(schema)) {
      for (const [key, value] of Object.entries(schema)) {
        if (key === "properties" && isObject(value)) for (const name of Object.keys(value)) names.add(name);
        propertyNames(value, names);
      }
    }
    return [...names].sort();
  }

  function* pointersIn(node: unknown, pointer = ""): Generator<string> {
    yield pointer;
    if (Array.isArray(node)) for (const [i, item] of node.entries()) yield* pointersIn(item, `${pointer}/${i}`);
    else if (isObject(node)) for (const [key, value] of Object.entries(node)) yield* pointersIn(value, pointer + toPointer([key]));
  }

  function valueAt(document: unknown, pointer: string): unknown {
    return fromPointer(pointer).reduce<unknown>((node, segment) => (node as Record<string, unknown>)[segment], document);
  }

  function edited(document: unknown, pointer: string, edit: (node: object) => void): unknown {
    const copy = structuredClone(document);
    edit(valueAt(copy, pointer) as object);
    return copy;
  }

  function replaced(document: unknown, pointer: string, value: unknown): unknown {
    const segments = fromPointer(pointer);
    const key = segments.pop()!;
    return edited(document, toPointer(segments), (parent) => ((parent as Record<string, unknown>)[key] = value));
  }

  /** `object` itself, then without each key, with each key of the wrong type, and with each extra key. */
  function* variantsOf(object: Record<string, unknown>, extraKeys: string[], goodValue: (key: string) => unknown): Generator<Record<string, unknown>> {
    yield object;
    for (const key of Object.keys(object)) {
      const { [key]: _removed, ...rest } = object;
      yield rest;
      for (const wrong of WRONG_VALUES) yield { ...object, [key]: wrong };
    }
    for (const key of extraKeys) if (!(key in object)) yield { ...object, [key]: goodValue(key) };
  }

  function* serverVariants(): Generator<unknown> {
    const required: Record<string, string[]> = {
      api: ["location"], athena: ["stagingDir", "schema"], azure: ["location", "format"], bigquery: ["project", "dataset"],
      clickhouse: ["host", "port", "database"], databricks: ["catalog", "schema"], denodo: ["host", "port"], dremio: ["host", "port"],
      duckdb: ["database"], glue: ["account", "database"], cloudsql: ["host", "port", "database", "schema"], db2: ["host", "port", "database"],
      hive: ["host", "database"], impala: ["host", "database"], informix: ["host", "database"], zen: ["host", "database"], custom: [],
      kafka: ["host"], kinesis: [], local: ["path", "format"], mysql: ["host", "port", "database"], oracle: ["host", "port", "serviceName"],
      postgresql: ["host", "port", "database", "schema"], postgres: ["host", "port", "database", "schema"], presto: ["host"],
      pubsub: ["project"], redshift: ["database", "schema"], s3: ["location"], sftp: ["location"], snowflake: ["account", "database", "schema"],
      sqlserver: ["host", "database", "schema"], synapse: ["host", "port", "database"], trino: ["host", "port", "catalog", "schema"],
      vertica: ["host", "port", "database", "schema"], notAType: ["host"],
    };
    const keys = [
      "location", "stagingDir", "schema", "catalog", "regionName", "format", "delimiter", "project", "dataset", "host", "port", "database",
      "account", "serviceName", "endpointUrl", "path", "region", "warehouse", "stream", "environment", "id", "roles", "customProperties", "foo",
    ];
    for (const [type, fields] of Object.entries(required)) {
      const good = (key: string): unknown =>
        key === "port" ? 5432
        : ["location", "stagingDir", "endpointUrl"].includes(key) ? (type === "sftp" ? "sftp://host/x" : "s3://bucket/x")
        : key === "roles" ? [{ role: "reader" }]
        : key === "customProperties" ? [{ property: "p", value: 1 }]
        : "x";
      const server = { server: "s", type, ...Object.fromEntries(fields.map((f) => [f, good(f)])) };
      yield* variantsOf(server, keys, good);
      if ("location" in server) for (const location of ["not a uri", "https://x", "s3://b/{model}/*.json"]) yield { ...server, location };
    }
  }

  function* qualityVariants(): Generator<unknown> {
    const comparisons = ["mustBe", "mustNotBe", "mustBeGreaterThan", "mustBeGreaterOrEqualTo", "mustBeLessThan", "mustBeLessOrEqualTo", "mustBeBetween", "mustNotBeBetween"];
    const comparisonSets: Record<string, unknown>[] = [
      {},
      ...comparisons.map((c) => ({ [c]: c.endsWith("Between") ? [1, 2] : 3 })),
      ...comparisons.map((c) => ({ [c]: c.endsWith("Between") ? [2, 2] : "x" })),
      { mustBe: 1, mustBeLessThan: 2 },
      { mustBe: 1, mustBeLessThan: "2" },
      { mustBeBetween: [1, 2, 3] },
    ];
    const extras: Record<string, unknown>[] = [
      {}, { query: "q" }, { engine: "e", implementation: "i" }, { engine: "e", implementation: {} }, { engine: "e" }, { engine: "e", implementation: 1 },
      { rule: "r", arguments: {} }, { arguments: "x" }, { dimension: "bogus" }, { foo: 1 },
    ];
    for (const type of [undefined, "text", "library", "sql", "custom", "x"])
      for (const metric of [undefined, "nullValues", "bogus", 3])
        for (const comparison of comparisonSets)
          for (const extra of extras) yield { ...(type && { type }), ...(metric !== undefined && { metric }), ...comparison, ...extra };
  }

  function* propertyVariants(named: boolean): Generator<unknown> {
    const options: Record<string, unknown[]> = {
      minLength: [1, -1, "1"], maxLength: [2], pattern: ["^a", 1], format: ["email", "i64", "f32", "bogus"], minimum: ["2020", 1.5],
      maximum: ["2021", 2], exclusiveMinimum: ["a", 0], exclusiveMaximum: [9], timezone: [true, "x"], defaultTimezone: ["UTC"],
      multipleOf: [2, 0], required: [["a"], [], ["a", "a"]], minProperties: [0, -1], maxProperties: [3], minItems: [0], maxItems: [3, 1.5],
      uniqueItems: [true, 1], foo: [1],
    };
    const nestings: Record<string, unknown>[] = [
      {}, { properties: [{ name: "n" }] }, { properties: [{}] }, { items: { logicalType: "string" } }, { items: { name: "i", properties: [{ name: "n" }] } },
      { items: { logicalType: "array", items: { logicalType: "integer", logicalTypeOptions: { format: "i8" } } } },
    ];
    for (const logicalType of [undefined, "string", "date", "timestamp", "time", "number", "integer", "object", "array", "boolean", "varchar"]) {
      const property = { ...(named && { name: "p" }), ...(logicalType && { logicalType }) };
      for (const nesting of nestings) {
        yield { ...property, ...nesting };
        yield { ...property, ...nesting, logicalTypeOptions: {} };
        for (const [key, values] of Object.entries(options)) for (const value of values) yield { ...property, ...nesting, logicalTypeOptions: { [key]: value } };
      }
    }
    for (const key of ["primaryKey", "primaryKeyPosition", "required", "unique", "partitioned", "partitionKeyPosition", "classification", "examples", "transformSourceObjects", "criticalDataElement", "id"])
      for (const value of [...WRONG_VALUES, "a b", 1.5]) yield { name: "p", [key]: value };
  }

  function* relationshipVariants(): Generator<unknown> {
    const references = [undefined, "a.b", ["a.b"], ["a.b", "c.d"], "bad ref", [], 1, "schema/t/properties/p", "https://h/x.yaml#/schema/t/properties/p"];
    for (const from of references)
      for (const to of references)
        for (const type of [undefined, "foreignKey", "x"])
          for (const extra of [{}, { foo: 1 }, { customProperties: [{ property: "a" }] }])
            yield { ...(from !== undefined && { from }), ...(to !== undefined && { to }), ...(type && { type }), ...extra };
  }
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
