import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ErrorObject } from "ajv";
import { describe, expect, it } from "vitest";
import { toSchemaIssues, validateConfigSchema, validateContractSchema, validateProductSchema } from "./schemas.js";
import type { DataContract } from "./types/odcs.js";
import type { DataProduct } from "./types/odps.js";

const contract = { version: "1.0.0", apiVersion: "v3.1.0", kind: "DataContract", id: "orders", status: "active" } as const;
const product = { apiVersion: "v1.0.0", kind: "DataProduct", id: "orders", status: "active" } as const;

/** A contract whose only schema object is `object`. */
const withObject = (object: Record<string, unknown>) => ({ ...contract, schema: [{ name: "orders", ...object }] });
/** A contract whose only property is `property`. */
const withProperty = (property: Record<string, unknown>) => withObject({ properties: [{ name: "id", ...property }] });
/** A contract whose only quality rule (on the schema object) is `rule`. */
const withRule = (rule: Record<string, unknown>) => withObject({ quality: [rule] });

describe("validateContractSchema", () => {
  it("accepts a minimal contract of every supported apiVersion", () => {
    for (const apiVersion of ["v3.0.0", "v3.0.1", "v3.0.2", "v3.1.0"]) {
      expect(validateContractSchema({ ...contract, apiVersion })).toEqual([]);
    }
  });

  it("accepts the server locations the ODCS schema gives as examples (`{model}`, `*`), and refuses one without a scheme", () => {
    const servers = [
      { server: "s3", type: "s3", location: "s3://datacontract-example-orders-latest/data/{model}/*.json" },
      { server: "glue", type: "glue", account: "1234", database: "orders", location: "s3://datacontract-example-orders-latest/data/{model}" },
      { server: "sftp", type: "sftp", location: "sftp://123.123.12.123/{model}/*.json" },
      { server: "api", type: "api", location: "https://api.example.com/v1" },
    ];
    expect(validateContractSchema({ ...contract, servers })).toEqual([]);
    expect(validateContractSchema({ ...contract, servers: [{ server: "s3", type: "s3", location: "data/orders.json" }] })).toEqual([
      { pointer: "/servers/0/location", target: "value", message: "`location` must be an absolute URI with a scheme, like https://example.com/x or s3://bucket/path" },
    ]);
  });

  it("says a date-time written as its hint shows (RFC 3339) is no day or no time of day, as a date's message does", () => {
    const hint = "`contractCreatedTs` must be a date-time like 2024-01-31T09:00:00Z (RFC 3339, with a time zone)";
    const message = (contractCreatedTs: string) => validateContractSchema({ ...contract, contractCreatedTs }).map((issue) => issue.message);
    expect(message("2024-02-30T10:00:00Z")).toEqual([`${hint}; 2024-02-30 is no day of the calendar`]);
    expect(message("2026-04-31t10:00:00+02:00")).toEqual([`${hint}; 2026-04-31 is no day of the calendar`]);
    expect(message("2024-02-28T25:00:00Z")).toEqual([`${hint}; 25:00:00Z is no time of day`]);
    expect(message("2024-02-28T10:60:00.5-05:00")).toEqual([`${hint}; 10:60:00.5-05:00 is no time of day`]);
    // Written otherwise (no zone, a date alone), the hint says what is missing.
    expect(message("2024-02-28T10:00:00")).toEqual([hint]);
    expect(message("2024-02-30")).toEqual([hint]);
    expect(message("2024-02-29T23:59:59Z")).toEqual([]);
  });

  it("points an unknown property at its key and suggests customProperties", () => {
    expect(validateContractSchema({ ...contract, owner: "me" })).toEqual([
      { pointer: "/owner", target: "key", message: "unknown property `owner` in data contract; remove it or move it under customProperties" },
    ]);
    expect(validateContractSchema(withObject({ foo: 1 }))).toEqual([
      { pointer: "/schema/0/foo", target: "key", message: "unknown property `foo` in schema object; remove it or move it under customProperties" },
    ]);
  });

  it("does not suggest customProperties where there are none", () => {
    expect(validateContractSchema({ ...contract, price: { amount: 3 } })).toEqual([
      { pointer: "/price/amount", target: "key", message: "unknown property `amount` in price; remove it" },
    ]);
  });

  it("escapes unknown keys as RFC 6901 pointer segments", () => {
    expect(validateContractSchema({ ...contract, "a/b~c": 1 })[0]?.pointer).toBe("/a~1b~0c");
  });

  it("reports a missing property at the object that lacks it", () => {
    const { id: _id, status: _status, ...rest } = contract;
    expect(validateContractSchema(rest)).toEqual([
      { pointer: "", target: "value", message: "missing required property `id`", about: "id" },
      { pointer: "", target: "value", message: "missing required property `status`", about: "status" },
    ]);
  });

  it("lists the allowed values of an enum, and rejects the v2 apiVersions meshkit does not read", () => {
    expect(validateContractSchema({ ...contract, apiVersion: "v2.2.2" })).toEqual([
      { pointer: "/apiVersion", target: "value", message: "`apiVersion` must be one of: `v3.1.0`, `v3.0.2`, `v3.0.1`, `v3.0.0`" },
    ]);
    expect(validateContractSchema({ ...contract, kind: "Contract" })).toEqual([
      { pointer: "/kind", target: "value", message: "`kind` must be `DataContract`" },
    ]);
  });

  it("names the expected type, and list items by index", () => {
    expect(validateContractSchema({ ...contract, version: 1 })).toEqual([
      { pointer: "/version", target: "value", message: "`version` must be a string" },
    ]);
    expect(validateContractSchema({ ...contract, tags: ["ok", 3] })).toEqual([
      { pointer: "/tags/1", target: "value", message: "item 1 of `tags` must be a string" },
    ]);
    expect(validateContractSchema({ ...contract, slaProperties: [{ property: "latency", value: [4] }] })).toEqual([
      { pointer: "/slaProperties/0/value", target: "value", message: "`value` must be a string, a number, a boolean (true or false) or null" },
    ]);
  });

  it("says only that a quality rule which is no mapping (`- 5`, an empty `-`) must be an object", () => {
    // Such a value passes every oneOf branch that only names properties; no "matches more than one shape".
    for (const rule of [5, null, "nullValues"]) {
      expect(validateContractSchema(withObject({ quality: [rule] }))).toEqual([
        { pointer: "/schema/0/quality/0", target: "value", message: "item 0 of `quality` must be an object" },
      ]);
    }
  });

  it("reports only the errors of the server's own type", () => {
    const server = { server: "warehouse", type: "trino", host: "localhost", port: "8080", foo: 1 };
    expect(validateContractSchema({ ...contract, servers: [server] })).toEqual([
      { pointer: "/servers/0", target: "value", message: "missing required property `catalog`", about: "catalog" },
      { pointer: "/servers/0", target: "value", message: "missing required property `schema`", about: "schema" },
      { pointer: "/servers/0/port", target: "value", message: "`port` must be an integer; `8080` is quoted, which makes it text: write it without the quotes" },
    ]);
    const valid = { ...server, port: 8080, catalog: "hive", schema: "sales" };
    expect(validateContractSchema({ ...contract, servers: [valid] })).toEqual([
      { pointer: "/servers/0/foo", target: "key", message: "unknown property `foo` in server of type `trino`; remove it or move it under customProperties" },
    ]);
  });

  it("reports an unknown server type once, without calling its connection fields unknown", () => {
    const issues = validateContractSchema({ ...contract, servers: [{ server: "db", type: "postgre", host: "h", port: 5432 }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ pointer: "/servers/0/type", target: "value" });
    expect(issues[0]?.message).toMatch(/^`type` must be one of: `api`, `athena`, .*`postgres`/);
  });

  it("reports a server without a type once, as missing its type, without calling its connection fields unknown", () => {
    const server = { server: "db", host: "h", port: 5432, database: "d", schema: "s" };
    expect(validateContractSchema({ ...contract, servers: [server] })).toEqual([{ pointer: "/servers/0", target: "value", message: "missing required property `type`", about: "type" }]);
    // A key no server type has is still unknown once the type is there.
    expect(validateContractSchema({ ...contract, servers: [{ ...server, type: "postgres", owner: 1 }] })).toEqual([
      { pointer: "/servers/0/owner", target: "key", message: "unknown property `owner` in server of type `postgres`; remove it or move it under customProperties" },
    ]);
  });

  it("keeps the misspelt `type` of a server without one, answered with `type`, its connection fields still not called unknown", () => {
    const server = { server: "db", typ: "postgres", host: "h", port: 5432, database: "d", schema: "s" };
    expect(validateContractSchema({ ...contract, servers: [server] })).toEqual([
      { pointer: "/servers/0", target: "value", message: "missing required property `type`", about: "type" },
      { pointer: "/servers/0/typ", target: "key", message: "unknown property `typ` in server; did you mean `type`?" },
    ]);
    const { typ: _, ...rest } = server;
    expect(validateContractSchema({ ...contract, servers: [{ ...rest, Type: "postgres" }] }).map((i) => i.message)).toEqual([
      "missing required property `type`",
      "unknown property `Type` in server; did you mean `type`?",
    ]);
  });

  it("answers a key written under another name with the required key it stands for, when renamed it leaves the object valid", () => {
    const unknownKeys = (value: unknown) => validateProductSchema(value as DataProduct).filter((i) => i.target === "key").map((i) => `${i.pointer} ${i.message}`);
    // `name` and `link` are no typos of `property` and `url`: they are the one unknown key beside the one missing key.
    expect(unknownKeys({ ...product, customProperties: [{ name: "region", value: "eu" }], support: [{ channel: "data", link: "https://chat.example/data" }] })).toEqual([
      "/customProperties/0/name unknown property `name` in custom property; did you mean `property`?",
      "/support/0/link unknown property `link` in support channel; did you mean `url`?",
    ]);
    // Not when renamed it is still wrong (`#data` is no URL), nor when two keys could be the one missing.
    expect(unknownKeys({ ...product, authoritativeDefinitions: [{ type: "wiki", href: "https://a.example", link: "https://b.example" }], support: [{ channel: "data", slack: "#data" }] })).toEqual([
      "/authoritativeDefinitions/0/href unknown property `href` in authoritative definition; remove it",
      "/authoritativeDefinitions/0/link unknown property `link` in authoritative definition; remove it",
      "/support/0/slack unknown property `slack` in support channel; remove it or move it under customProperties",
    ]);
  });

  it("answers a key under another name whose object has errors of its own below it, and each of those too", () => {
    // `title` is the schema object's `name` whatever its properties hold: their `label` is their own finding.
    const object = { title: "orders", properties: [{ label: "order_id", logicalType: "string" }] };
    expect(validateContractSchema({ ...contract, schema: [object] }).filter((i) => i.target === "key").map((i) => `${i.pointer} ${i.message}`)).toEqual([
      "/schema/0/properties/0/label unknown property `label` in schema property; did you mean `name`?",
      "/schema/0/title unknown property `title` in schema object; did you mean `name`?",
    ]);
  });

  it("still answers a misspelt key after many keys under another name", () => {
    const properties = [...Array.from({ length: 250 }, (_, i) => ({ label: `c${i}`, logicalType: "string" })), { name: "last", lgicalType: "string" }];
    const messages = validateContractSchema(withObject({ properties })).filter((i) => i.target === "key").map((i) => i.message);
    expect(messages.at(-1)).toBe("unknown property `lgicalType` in schema property; did you mean `logicalType`?");
  });

  it("asks for exactly one comparison in a library or sql rule", () => {
    expect(validateContractSchema(withRule({ metric: "nullValues" }))).toEqual([
      {
        pointer: "/schema/0/quality/0",
        target: "value",
        message:
          "missing a comparison: add exactly one of `mustBe`, `mustNotBe`, `mustBeGreaterThan`, `mustBeGreaterOrEqualTo`, `mustBeLessThan`, `mustBeLessOrEqualTo`, `mustBeBetween`, `mustNotBeBetween`",
        about: "comparison",
      },
    ]);
    expect(validateContractSchema(withRule({ type: "sql", query: "select 1", mustBe: 0, mustBeLessThan: 3 }))).toEqual([
      { pointer: "/schema/0/quality/0", target: "value", message: "has more than one comparison (`mustBe`, `mustBeLessThan`); keep exactly one", about: "comparison" },
    ]);
  });

  it("names a misspelt comparator at its key, as the official schema does (the key is unevaluated), rather than a missing one", () => {
    expect(validateContractSchema(withRule({ metric: "nullValues", mustbelessthan: 5 }))).toEqual([
      { pointer: "/schema/0/quality/0/mustbelessthan", target: "key", message: "unknown property `mustbelessthan` in quality rule; did you mean `mustBeLessThan`?" },
    ]);
  });

  it("says a quality rule with a comparison but no type or metric names no metric, once, at the rule", () => {
    expect(validateContractSchema(withRule({ mustBeLessOrEqualTo: 5, arguments: { x: 1 } }))).toEqual([
      {
        pointer: "/schema/0/quality/0",
        target: "value",
        message: "the quality rule has `mustBeLessOrEqualTo` and `arguments` but names no `type` and no `metric`: add metric: <what to measure, such as rowCount>, or type: sql with a query",
        about: "metric",
      },
    ]);
    // A key no variant has is still unknown; so are a comparison's keys where `type` says the rule compares nothing.
    expect(validateContractSchema(withRule({ mustBe: 0, foo: 1 }))[1]).toMatchObject({ pointer: "/schema/0/quality/0/foo", target: "key" });
    expect(validateContractSchema(withRule({ type: "text", mustBe: 0 }))).toEqual([
      { pointer: "/schema/0/quality/0/mustBe", target: "key", message: "unknown property `mustBe` in quality rule of type `text`; remove it or move it under customProperties" },
    ]);
  });

  it("suggests the enum value a misspelt or miscased word meant, but not for versions or very short words", () => {
    const naming = (objects: unknown) => validateConfigSchema({ apiVersion: "meshkit/v1", kind: "Config", lint: { naming: { objects } } })[0]?.message;
    expect(validateConfigSchema({ apiVersion: "meshkit/v1", kind: "Config", lint: { rules: { "naming-convention": "ERROR" } } })[0]?.message).toBe(
      "`naming-convention` must be one of: `off`, `info`, `warning`, `error`; did you mean `error`?",
    );
    expect(naming("Snake_Case")).toMatch(/; did you mean `snake_case`\?$/);
    expect(validateConfigSchema({ apiVersion: "meshkit/v1", kind: "Config", compat: { mode: "forwards" } })[0]?.message).toMatch(/; did you mean `forward`\?$/);
    expect(validateContractSchema(withProperty({ logicalType: "strng" }))[0]?.message).toMatch(/; did you mean `string`\?$/);
    // Nothing near, a version (v2.2.2 is no typo of v3.0.2), or a short word near many values: the list alone.
    expect(naming("dotted.case")).not.toContain("did you mean");
    expect(validateContractSchema({ ...contract, apiVersion: "v2.2.2" })[0]?.message).toBe("`apiVersion` must be one of: `v3.1.0`, `v3.0.2`, `v3.0.1`, `v3.0.0`");
    expect(validateConfigSchema({ apiVersion: "meshkit/v1", kind: "Config", provision: { target: "gcs" } })[0]?.message).not.toContain("did you mean");
  });

  it("suggests the enum value a shortened word stands for: ESLint's `warn` and numeric levels, `int`, `bool`", () => {
    const level = (value: string) => validateConfigSchema({ apiVersion: "meshkit/v1", kind: "Config", lint: { rules: { "naming-convention": value } } })[0]?.message;
    expect(level("warn")).toBe("`naming-convention` must be one of: `off`, `info`, `warning`, `error`; did you mean `warning`?");
    expect(level("err")).toMatch(/; did you mean `error`\?$/);
    expect(validateContractSchema(withProperty({ logicalType: "int" }))[0]?.message).toMatch(/; did you mean `integer`\?$/);
    expect(validateContractSchema(withProperty({ logicalType: "bool" }))[0]?.message).toMatch(/; did you mean `boolean`\?$/);
    expect(validateConfigSchema({ apiVersion: "meshkit/v1", kind: "Config", compat: { mode: "back" } })[0]?.message).toMatch(/; did you mean `backward`\?$/);
    // ESLint's numeric levels: 0, 1 and 2 are off, warning and error; another number is no level of either.
    const numeric = (value: number) => validateConfigSchema({ apiVersion: "meshkit/v1", kind: "Config", policy: { rules: { "pii-classified": value } } })[0]?.message;
    expect(numeric(2)).toBe("`pii-classified` must be one of: `off`, `info`, `warning`, `error`; did you mean `error`? (ESLint's 2)");
    expect([numeric(0), numeric(1)].map((m) => m?.match(/did you mean `(\w+)`/)?.[1])).toEqual(["off", "warning"]);
    expect(numeric(3)).toBe("`pii-classified` must be one of: `off`, `info`, `warning`, `error`");
  });

  it("says a v3.1.0 quality rule written the v3.0 way (`rule`, no `metric`) needs a metric, once, at the rule", () => {
    // A contract whose apiVersion was raised to v3.1.0 without rewriting its rules: not "remove `mustBe`".
    expect(validateContractSchema(withRule({ rule: "duplicateCount", mustBe: 0 }))).toEqual([
      {
        pointer: "/schema/0/quality/0",
        target: "value",
        message: "the quality rule names its check with `rule: duplicateCount` (the ODCS v3.0 form) and no `metric`; v3.1.0 reads `rule` only beside a metric: write metric: duplicateValues instead",
        about: "metric",
      },
    ]);
    // A v3.0 assertion compared nothing; a name ODCS does not define gets the list.
    expect(validateContractSchema(withRule({ rule: "nullCheck" }))[0]?.message).toMatch(/write metric: nullValues instead, with a comparison such as mustBe: 0$/);
    expect(validateContractSchema(withRule({ rule: "fooCheck", mustBe: 1 }))[0]?.message).toContain("write metric: <one of nullValues, missingValues, invalidValues, duplicateValues, rowCount> instead");
    // Beside a metric, `rule` is read (deprecated, not unknown); a key no variant has is still unknown.
    expect(validateContractSchema(withRule({ rule: "nullCheck", metric: "nullValues", mustBe: 0 }))).toEqual([]);
    expect(validateContractSchema(withRule({ rule: "nullCheck", mustBe: 0, foo: 1 }))[1]).toMatchObject({ pointer: "/schema/0/quality/0/foo", target: "key" });
  });

  it("says the same of a `type: library` rule with v3.0's `rule` and no `metric`, not only \"missing `metric`\"", () => {
    expect(validateContractSchema(withRule({ type: "library", rule: "nullCheck", mustBe: 0 }))).toEqual([
      {
        pointer: "/schema/0/quality/0",
        target: "value",
        message: "the quality rule names its check with `rule: nullCheck` (the ODCS v3.0 form) and no `metric`; v3.1.0 reads `rule` only beside a metric: write metric: nullValues instead",
        about: "metric",
      },
    ]);
    // Without a comparison, that is its own issue (quality-comparator words it in lint): not added to this message.
    const issues = validateContractSchema(withRule({ type: "library", rule: "nullCheck" }));
    expect(issues.find((i) => i.about === "metric")?.message).toMatch(/write metric: nullValues instead$/);
    expect(issues.find((i) => i.about === "comparison")).toBeDefined();
    // A library rule missing its metric without a `rule` keeps the schema's plain message.
    expect(validateContractSchema(withRule({ type: "library", mustBe: 0 }))[0]?.message).toBe("missing required property `metric`");
  });

  it("says a metric's input written on a v3.1.0 rule (v3.0's `validValues`) goes under `arguments`, not customProperties", () => {
    expect(validateContractSchema(withRule({ metric: "invalidValues", validValues: ["a"], mustBe: 0 }))).toEqual([
      {
        pointer: "/schema/0/quality/0/validValues",
        target: "key",
        message: "unknown property `validValues` in quality rule; ODCS v3.1.0 reads it as an argument of the metric: move it under `arguments` (arguments: {validValues: ...})",
      },
    ]);
    expect(validateContractSchema(withRule({ metric: "invalidValues", arguments: { validValues: ["a"] }, mustBe: 0 }))).toEqual([]);
  });

  it("says a YAML 1.1 boolean word (`yes`, `Off`, `N`) is text to meshkit's YAML 1.2, and which boolean to write", () => {
    const why = "is text, not a boolean: meshkit reads YAML 1.2, where only true and false are booleans (also under a %YAML 1.1 directive)";
    expect(validateContractSchema(withProperty({ primaryKey: "yes", unique: "Off", required: "N" }))).toEqual([
      { pointer: "/schema/0/properties/0/primaryKey", target: "value", message: `\`primaryKey\` must be a boolean (true or false); \`yes\` ${why}: write true` },
      { pointer: "/schema/0/properties/0/required", target: "value", message: `\`required\` must be a boolean (true or false); \`N\` ${why}: write false` },
      { pointer: "/schema/0/properties/0/unique", target: "value", message: `\`unique\` must be a boolean (true or false); \`Off\` ${why}: write false` },
    ]);
    // Other text gets no such hint: it was never a boolean in any YAML.
    expect(validateContractSchema(withProperty({ primaryKey: "yEs" }))).toEqual([
      { pointer: "/schema/0/properties/0/primaryKey", target: "value", message: "`primaryKey` must be a boolean (true or false)" },
    ]);
  });

  it("says a number or boolean written in quotes is text, and to drop the quotes", () => {
    const why = "is quoted, which makes it text: write it without the quotes";
    expect(validateContractSchema(withProperty({ required: "true", primaryKeyPosition: "1", logicalType: "integer", logicalTypeOptions: { minimum: "-5" } }))).toEqual([
      { pointer: "/schema/0/properties/0/logicalTypeOptions/minimum", target: "value", message: `\`minimum\` must be a number; \`-5\` ${why}` },
      { pointer: "/schema/0/properties/0/primaryKeyPosition", target: "value", message: `\`primaryKeyPosition\` must be an integer; \`1\` ${why}` },
      { pointer: "/schema/0/properties/0/required", target: "value", message: `\`required\` must be a boolean (true or false); \`true\` ${why}` },
    ]);
    expect(validateContractSchema({ ...contract, price: { priceAmount: "9.99" } })).toEqual([
      { pointer: "/price/priceAmount", target: "value", message: `\`priceAmount\` must be a number; \`9.99\` ${why}` },
    ]);
    // Text that is no such value, or a fraction where an integer belongs, gets the type alone.
    expect(validateContractSchema(withProperty({ primaryKeyPosition: "1.5", required: "TRUE" })).map((issue) => issue.message)).toEqual([
      "`primaryKeyPosition` must be an integer",
      "`required` must be a boolean (true or false)",
    ]);
  });

  it("says a number must be finite where the value is YAML's .inf, -.inf or .nan (numbers JSON has none of)", () => {
    const options = { logicalType: "number", logicalTypeOptions: { minimum: Number.NaN, maximum: Number.POSITIVE_INFINITY } };
    expect(validateContractSchema(withProperty(options))).toEqual([
      { pointer: "/schema/0/properties/0/logicalTypeOptions/minimum", target: "value", message: "`minimum` must be a finite number" },
      { pointer: "/schema/0/properties/0/logicalTypeOptions/maximum", target: "value", message: "`maximum` must be a finite number" },
    ]);
    expect(validateContractSchema(withRule({ metric: "rowCount", mustBeLessThan: Number.NEGATIVE_INFINITY }))).toEqual([
      { pointer: "/schema/0/quality/0/mustBeLessThan", target: "value", message: "`mustBeLessThan` must be a finite number" },
    ]);
    // An integer cannot be infinite either way: that message needs no word more.
    expect(validateContractSchema(withProperty({ logicalType: "string", logicalTypeOptions: { maxLength: Number.POSITIVE_INFINITY } }))).toEqual([
      { pointer: "/schema/0/properties/0/logicalTypeOptions/maxLength", target: "value", message: "`maxLength` must be an integer" },
    ]);
  });

  it("picks the comparison the author wrote when its value is wrong", () => {
    expect(validateContractSchema(withRule({ metric: "rowCount", mustBeGreaterThan: "1000" }))).toEqual([
      { pointer: "/schema/0/quality/0/mustBeGreaterThan", target: "value", message: "`mustBeGreaterThan` must be a number; `1000` is quoted, which makes it text: write it without the quotes" },
    ]);
    expect(validateContractSchema(withRule({ metric: "rowCount", mustBeBetween: [5] }))).toEqual([
      { pointer: "/schema/0/quality/0/mustBeBetween", target: "value", message: "`mustBeBetween` must have at least 2 items" },
    ]);
    expect(validateContractSchema(withRule({ metric: "rowCount", mustNotBeBetween: [5, 5] }))).toEqual([
      { pointer: "/schema/0/quality/0/mustNotBeBetween", target: "value", message: "`mustNotBeBetween` must not repeat a value (items 0 and 1 are equal)" },
    ]);
  });

  it("checks each quality rule against its own type", () => {
    expect(validateContractSchema(withRule({ metric: "nullCount", mustBe: 0 }))).toEqual([
      {
        pointer: "/schema/0/quality/0/metric",
        target: "value",
        message: "`metric` must be one of: `nullValues`, `missingValues`, `invalidValues`, `duplicateValues`, `rowCount`",
      },
    ]);
    expect(validateContractSchema(withRule({ type: "custom", engine: "soda" }))).toEqual([
      { pointer: "/schema/0/quality/0", target: "value", message: "missing required property `implementation`", about: "implementation" },
    ]);
    expect(validateContractSchema(withRule({ type: "text", description: "ok", query: "select 1" }))).toEqual([
      { pointer: "/schema/0/quality/0/query", target: "key", message: "unknown property `query` in quality rule of type `text`; remove it or move it under customProperties" },
    ]);
  });

  it("picks the team shape by the value's type", () => {
    expect(validateContractSchema({ ...contract, team: "data-eng" })).toEqual([
      { pointer: "/team", target: "value", message: "`team` must be an object or an array" },
    ]);
    expect(validateContractSchema({ ...contract, team: { name: "t", members: [{ name: "Ann" }] } })).toEqual([
      { pointer: "/team/members/0", target: "value", message: "missing required property `username`", about: "username" },
    ]);
    expect(validateContractSchema({ ...contract, team: [{ username: "ann", email: "a@x" }] })).toEqual([
      { pointer: "/team/0/email", target: "key", message: "unknown property `email` in team member; remove it or move it under customProperties" },
    ]);
    expect(validateContractSchema({ ...contract, team: { members: [{ username: "ann", dateIn: "yesterday" }] } })).toEqual([
      { pointer: "/team/members/0/dateIn", target: "value", message: "`dateIn` must be a date like 2024-01-31" },
    ]);
  });

  it("explains relationship mistakes", () => {
    expect(validateContractSchema(withProperty({ relationships: [{ from: "orders.id", to: "customers.id" }] }))).toEqual([
      {
        pointer: "/schema/0/properties/0/relationships/0/from",
        target: "key",
        message: "`from` is not allowed in a property's relationship: the property itself is the source; remove it, or declare the relationship on the schema object",
      },
    ]);
    // A relationship that is no mapping has no `from` to remove: only its type is wrong.
    for (const relationship of ["customers.id", 1.5, ["customers.id"]]) {
      expect(validateContractSchema(withProperty({ relationships: [relationship] }))).toEqual([
        { pointer: "/schema/0/properties/0/relationships/0", target: "value", message: "item 0 of `relationships` must be an object" },
      ]);
    }
    expect(validateContractSchema(withObject({ relationships: [{ from: "orders.id", to: ["customers.id"] }] }))).toEqual([
      { pointer: "/schema/0/relationships/0/to", target: "value", message: "`to` must be a single reference, like `from` (both are single references or both are lists)" },
    ]);
    expect(validateContractSchema(withObject({ relationships: [{ from: "orders id", to: "customers.id" }] }))).toEqual([
      {
        pointer: "/schema/0/relationships/0/from",
        target: "value",
        message: "`from` must reference a property as `object.property` or `schema/<object id>/properties/<property id>` (optionally prefixed by `file.yaml#`)",
      },
    ]);
    expect(validateContractSchema(withObject({ relationships: [{ from: 1, to: [] }] }))).toEqual([
      { pointer: "/schema/0/relationships/0/from", target: "value", message: "`from` must be a string or an array" },
      { pointer: "/schema/0/relationships/0/to", target: "value", message: "`to` must have at least 1 item" },
    ]);
  });

  it("says which logicalType allows nested properties or items", () => {
    expect(validateContractSchema(withProperty({ logicalType: "string", items: { logicalType: "string" } }))).toEqual([
      {
        pointer: "/schema/0/properties/0/items",
        target: "key",
        message: "`items` is only allowed when logicalType is `array`; set that logicalType or remove `items`",
      },
    ]);
    expect(validateContractSchema(withProperty({ logicalType: "array", items: { logicalType: "string", properties: [] } }))).toEqual([
      {
        pointer: "/schema/0/properties/0/items/properties",
        target: "key",
        message: "`properties` is only allowed when logicalType is `object`; set that logicalType or remove `properties`",
      },
    ]);
  });

  it("checks logicalTypeOptions against the property's logicalType", () => {
    expect(validateContractSchema(withProperty({ logicalType: "string", logicalTypeOptions: { minimum: 1 } }))).toEqual([
      {
        pointer: "/schema/0/properties/0/logicalTypeOptions/minimum",
        target: "key",
        message: "unknown property `minimum` in logicalTypeOptions (for logicalType `string`); remove it",
      },
    ]);
    expect(validateContractSchema(withProperty({ logicalTypeOptions: { maxLength: 3 } }))).toEqual([
      {
        pointer: "/schema/0/properties/0/logicalTypeOptions",
        target: "value",
        message: "logicalTypeOptions need a `logicalType` to apply to; set logicalType or remove the options",
      },
    ]);
    expect(validateContractSchema(withProperty({ logicalType: "integer", logicalTypeOptions: { multipleOf: 0 } }))).toEqual([
      { pointer: "/schema/0/properties/0/logicalTypeOptions/multipleOf", target: "value", message: "`multipleOf` must be > 0" },
    ]);
  });

  it("with a bad logicalType, still reports a key no logicalType allows (only its options and nesting are left unsaid)", () => {
    const issues = validateContractSchema(withProperty({ logicalType: "numbr", foo: 1, logicalTypeOptions: { minimum: 0 } }));
    expect(issues.map((i) => `${i.pointer} ${i.message.split(":")[0]}`)).toEqual(["/schema/0/properties/0/logicalType `logicalType` must be one of", "/schema/0/properties/0/foo unknown property `foo` in schema property; remove it or move it under customProperties"]);
  });

  it("reports a custom property without a value, and ids with forbidden characters", () => {
    expect(validateContractSchema({ ...contract, customProperties: [{ property: "costCenter" }] })).toEqual([
      { pointer: "/customProperties/0", target: "value", message: "missing required property `value`", about: "value" },
    ]);
    expect(validateContractSchema(withObject({ id: "orders table" }))).toEqual([
      { pointer: "/schema/0/id", target: "value", message: "`id` may contain only letters, digits, `_` and `-`" },
    ]);
  });

  it("accepts a contract written against the TypeScript types", () => {
    const typed: DataContract = {
      ...contract,
      servers: [{ server: "local", type: "duckdb", database: "lake.duckdb" }],
      schema: [
        {
          name: "orders",
          properties: [
            { name: "id", logicalType: "string", logicalTypeOptions: { maxLength: 36 }, required: true },
            { name: "lines", logicalType: "array", items: { logicalType: "object", properties: [{ name: "sku" }] } },
          ],
          relationships: [{ from: ["orders.id"], to: ["customers.order_id"] }],
          quality: [{ metric: "rowCount", mustBeGreaterThan: 0 }, { type: "sql", query: "select 1", mustBe: 1 }],
        },
      ],
      team: { name: "sales", members: [{ username: "ann", role: "owner" }] },
      slaProperties: [{ property: "latency", value: 4, unit: "d" }],
    };
    expect(validateContractSchema(typed)).toEqual([]);
  });
});

describe("validateProductSchema", () => {
  it("accepts a minimal product of both apiVersions", () => {
    expect(validateProductSchema(product)).toEqual([]);
    expect(validateProductSchema({ ...product, apiVersion: "v0.9.0" })).toEqual([]);
  });

  it("reports missing id and status, unknown keys and port mistakes", () => {
    const { id: _id, status: _status, ...rest } = product;
    expect(validateProductSchema({ ...rest, owner: "me" })).toEqual([
      { pointer: "", target: "value", message: "missing required property `id`", about: "id" },
      { pointer: "", target: "value", message: "missing required property `status`", about: "status" },
      { pointer: "/owner", target: "key", message: "unknown property `owner` in data product; remove it or move it under customProperties" },
    ]);
    expect(validateProductSchema({ ...product, outputPorts: [{ name: "orders", contractId: "c1" }] })).toEqual([
      { pointer: "/outputPorts/0", target: "value", message: "missing required property `version`", about: "version" },
    ]);
    expect(validateProductSchema({ ...product, inputPorts: [{ name: "raw", version: "1", contractId: "c", sbom: [] }] })).toEqual([
      { pointer: "/inputPorts/0/sbom", target: "key", message: "unknown property `sbom` in input port; remove it or move it under customProperties" },
    ]);
    expect(validateProductSchema({ ...product, support: [{ channel: "help", url: "not a url" }] })).toEqual([
      { pointer: "/support/0/url", target: "value", message: "`url` must be an absolute URI with a scheme, like https://example.com/x or s3://bucket/path" },
    ]);
  });

  it("says where a team written as a list of members (the ODCS v3.0 form) goes in a product", () => {
    expect(validateProductSchema({ ...product, team: [{ username: "ann", role: "owner" }] })).toEqual([
      {
        pointer: "/team",
        target: "value",
        message: "`team` must be an object, not a list of members: write team: {name: <team>, members: [...]} and move the list under `members`",
      },
    ]);
    expect(validateProductSchema({ ...product, team: "sales" })).toEqual([{ pointer: "/team", target: "value", message: "`team` must be an object" }]);
  });

  it("accepts a product written against the TypeScript types", () => {
    const typed: DataProduct = {
      ...product,
      inputPorts: [{ name: "raw", version: "1.0.0", contractId: "raw-orders" }],
      outputPorts: [{ name: "orders", version: "1.0.0", contractId: "orders", sbom: [{ url: "https://x/sbom" }] }],
      managementPorts: [{ name: "events", content: "observability", type: "topic" }],
      team: { name: "sales", members: [{ username: "ann" }] },
    };
    expect(validateProductSchema(typed)).toEqual([]);
  });
});

describe("validateConfigSchema", () => {
  const config = { apiVersion: "meshkit/v1", kind: "Config" };

  it("accepts a config and reports unknown keys without suggesting customProperties", () => {
    expect(validateConfigSchema({ ...config, lint: { naming: { objects: { pattern: "^[a-z]+$" } } } })).toEqual([]);
    expect(validateConfigSchema({ ...config, lint: { bogus: {} } })).toEqual([
      { pointer: "/lint/bogus", target: "key", message: "unknown property `bogus` in `lint`; remove it" },
    ]);
  });

  it("answers a misspelt key with the key the schema allows at that place, never one of another object", () => {
    // `rulez` is as near to a waiver's `rule` as to `rules`: only `rules` is allowed in `lint`.
    expect(validateConfigSchema({ ...config, lint: { rulez: {} } })).toEqual([
      { pointer: "/lint/rulez", target: "key", message: "unknown property `rulez` in `lint`; did you mean `rules`?" },
    ]);
    // `naming` is a key of `lint`, not of `compat`; a key already there is not suggested again.
    expect(validateConfigSchema({ ...config, compat: { namin: "x" } })[0]!.message).toBe("unknown property `namin` in `compat`; remove it");
    expect(validateConfigSchema({ ...config, compat: { mode: "forward", mdoe: "full" } })[0]!.message).toBe("unknown property `mdoe` in `compat`; remove it");
    const contract = { apiVersion: "v3.1.0", kind: "DataContract", id: "c", version: "1.0.0", status: "active" };
    const issues = validateContractSchema({ ...contract, dscription: {}, schema: [{ name: "t", properties: [{ name: "id", lgicalType: "string", foo: 1 }] }] });
    expect(issues.map((i) => [i.pointer, i.message])).toEqual([
      ["/dscription", "unknown property `dscription` in data contract; did you mean `description`?"],
      ["/schema/0/properties/0/lgicalType", "unknown property `lgicalType` in schema property; did you mean `logicalType`?"],
      ["/schema/0/properties/0/foo", "unknown property `foo` in schema property; remove it or move it under customProperties"],
    ]);
    // Each object is answered for its own shape: `endpointUrl` is an s3 server's key, not a postgres server's.
    const servers = validateContractSchema({
      ...contract,
      servers: [
        { server: "pg", type: "postgres", host: "h", port: 5432, database: "d", schema: "s", endpointUrk: "http://x" },
        { server: "lake", type: "s3", location: "s3://b/", formt: "parquet" },
        { server: "lake2", type: "s3", location: "s3://b/", endpointUrk: "http://x" },
      ],
    });
    expect(servers.filter((i) => i.target === "key").map((i) => [i.pointer, i.message.replace(/^.*; /, "")])).toEqual([
      ["/servers/0/endpointUrk", "remove it or move it under customProperties"],
      ["/servers/1/formt", "did you mean `format`?"],
      ["/servers/2/endpointUrk", "did you mean `endpointUrl`?"],
    ]);
    // The same misspelling in many objects of one shape is answered in every one of them, not only the first few.
    const wide = validateContractSchema({ ...contract, schema: [{ name: "t", properties: Array.from({ length: 500 }, (_, i) => ({ name: `c${i}`, lgicalType: "string" })) }] });
    expect(wide).toHaveLength(500);
    expect(wide.every((i) => i.message.endsWith("did you mean `logicalType`?"))).toBe(true);
    // A v3.0 contract is answered from its own schema too.
    expect(validateContractSchema({ ...contract, apiVersion: "v3.0.2", dataProdct: "x" }).map((i) => i.message)).toContain("unknown property `dataProdct` in data contract; did you mean `dataProduct`?");
  });

  it("suggests no key for a short unknown key that is two edits from one (`pii`, `pk`, `min` are not typos of `id`)", () => {
    const contract = { apiVersion: "v3.1.0", kind: "DataContract", id: "c", version: "1.0.0", status: "active" };
    const keys = ["pii", "pk", "fk", "min", "db", "x", "zz"];
    const issues = validateContractSchema({ ...contract, schema: [{ name: "t", properties: keys.map((key) => ({ name: "email", logicalType: "string", [key]: true })) }] });
    expect(issues.map((i) => i.message)).toEqual(keys.map((key) => `unknown property \`${key}\` in schema property; remove it or move it under customProperties`));
    // One edit in a short key is still a typo.
    expect(validateContractSchema({ ...contract, tag: ["x"] }).map((i) => i.message)).toEqual(["unknown property `tag` in data contract; did you mean `tags`?"]);
  });

  it("picks the naming branch by the value's type", () => {
    const naming = (objects: unknown) => validateConfigSchema({ ...config, lint: { naming: { objects } } });
    expect(naming({})).toEqual([{ pointer: "/lint/naming/objects", target: "value", message: "missing required property `pattern`", about: "pattern" }]);
    expect(naming("snake")[0]?.message).toBe(
      "`objects` must be one of: `snake_case`, `camelCase`, `PascalCase`, `kebab-case`, `SCREAMING_SNAKE_CASE`; did you mean `snake_case`?",
    );
    expect(naming(3)[0]?.message).toBe(
      "`objects` must be one of `snake_case`, `camelCase`, `PascalCase`, `kebab-case`, `SCREAMING_SNAKE_CASE` or an object",
    );
  });

  it("says what to write for a bad catalog.target or policy.opa.url, not the schema's regex", () => {
    expect(validateConfigSchema({ ...config, catalog: { target: "http://catalog.example" } })).toEqual([
      {
        pointer: "/catalog/target",
        target: "value",
        message: "`target` must be one of dir:<folder>, git:<repository>#<branch>, datahub:<gms-url>, openmetadata:<url> or backstage:<folder> (e.g. git:https://github.com/acme/data-catalog.git#catalog)",
      },
    ]);
    expect(validateConfigSchema({ ...config, policy: { opa: { url: "ftp://opa", package: "meshkit" } } })).toEqual([
      { pointer: "/policy/opa/url", target: "value", message: "`url` must be an http:// or https:// URL, e.g. http://localhost:8181" },
    ]);
  });

  it("says an empty string must not be empty, not that it \"must NOT have fewer than 1 characters\"", () => {
    expect(validateConfigSchema({ ...config, extends: "" })).toEqual([{ pointer: "/extends", target: "value", message: "`extends` must not be empty" }]);
    expect(validateConfigSchema({ ...config, policy: { packs: [""] } })).toEqual([{ pointer: "/policy/packs/0", target: "value", message: "item 0 of `packs` must not be empty" }]);
  });
});

describe("toSchemaIssues", () => {
  const error = (e: Partial<ErrorObject> & Pick<ErrorObject, "keyword" | "instancePath">): ErrorObject => ({ schemaPath: "#", params: {}, ...e });
  const document = { noun: "document", extensible: false };

  it("keeps the branch that got furthest when anyOf branches share a type", () => {
    const errors = [
      error({ keyword: "required", instancePath: "/x", params: { missingProperty: "a" } }),
      error({ keyword: "type", instancePath: "/x/b", params: { type: "integer" } }),
      error({ keyword: "anyOf", instancePath: "/x", params: {} }),
    ];
    expect(toSchemaIssues(errors, { x: { b: "1" } }, document)).toEqual([
      { pointer: "/x/b", target: "value", message: "`b` must be an integer; `1` is quoted, which makes it text: write it without the quotes" },
    ]);
  });

  it("asks for one of the alternatives when every branch misses its own property", () => {
    const errors = [
      error({ keyword: "required", instancePath: "", params: { missingProperty: "url" } }),
      error({ keyword: "required", instancePath: "", params: { missingProperty: "path" } }),
      error({ keyword: "anyOf", instancePath: "", params: {} }),
    ];
    expect(toSchemaIssues(errors, {}, document)).toEqual([
      { pointer: "", target: "value", message: "missing one of its alternatives: add at least one of `url`, `path`" },
    ]);
  });

  it("drops duplicates", () => {
    const missing = error({ keyword: "required", instancePath: "", params: { missingProperty: "id" } });
    expect(toSchemaIssues([missing, missing], {}, document)).toHaveLength(1);
  });
});

describe("the generated validators", () => {
  it("add the errors of a definition they call to their own in place, not by copying all found so far at each call", () => {
    // ajv joins them with `vErrors.concat(...)`: quadratic in a document's errors (40 000 invalid properties took
    // 30 s); scripts/build-validators.mjs rewrites each join into an append.
    const generated = fileURLToPath(new URL("./generated/", import.meta.url));
    const validators = readdirSync(generated).filter((file) => file.endsWith(".cjs"));
    expect(validators.length).toBeGreaterThan(0);
    expect(validators.filter((file) => readFileSync(`${generated}${file}`, "utf8").includes("vErrors.concat("))).toEqual([]);
  });

  it("report a key named like a member of Object.prototype (`constructor`, `__proto__`...) as unknown wherever the schema closes the object", () => {
    // ajv records the evaluated properties in a plain object and looked keys up with `props[key]`, which finds
    // Object.prototype's members: such a key on a property, an array's items, a server or a quality rule passed.
    const keyed = (key: string, value: Record<string, unknown>) =>
      Object.defineProperty({ ...value }, key, { value: 1, enumerable: true, configurable: true, writable: true });
    for (const key of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
      const unknown = (pointer: string) => [{ pointer: `${pointer}/${key}`, target: "key", message: expect.stringContaining(`unknown property \`${key}\``) }];
      expect(validateContractSchema(withProperty(keyed(key, { logicalType: "string" }))), key).toEqual(unknown("/schema/0/properties/0"));
      expect(validateContractSchema(withProperty({ logicalType: "array", items: keyed(key, { logicalType: "string" }) })), key).toEqual(
        unknown("/schema/0/properties/0/items"),
      );
      expect(validateContractSchema({ ...contract, servers: [keyed(key, { server: "s", type: "duckdb", database: "d" })] }), key).toEqual(unknown("/servers/0"));
      expect(validateContractSchema(withRule(keyed(key, { type: "text", description: "d" }))), key).toEqual(unknown("/schema/0/quality/0"));
      expect(validateContractSchema({ ...withProperty(keyed(key, { logicalType: "string" })), apiVersion: "v3.0.2" }), key).toEqual(
        unknown("/schema/0/properties/0"),
      );
    }
  });

  it("report each of thousands of invalid properties at its own pointer, in document order", () => {
    const properties = Array.from({ length: 3000 }, (_, i) => ({ name: `p${i}`, logicalType: "int" }));
    const issues = validateContractSchema(withObject({ properties }));
    expect(issues.map((issue) => issue.pointer)).toEqual(properties.map((_, i) => `/schema/0/properties/${i}/logicalType`));
  });
});
