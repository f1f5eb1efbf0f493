/**
 * ODCS v3.0.x contracts are validated against meshkit's v3.0 schema, derived at build time from its 3.1
 * schema by scripts/odcs-3.0-differences.mjs; v3.1.0 contracts against the 3.1 schema.
 *
 * The official 3.0.2 JSON Schema is not kept next to the project, so the contracts below are written from
 * it (bitol-io/open-data-contract-standard, schema/odcs-json-schema-v3.0.2.json), each with the verdict
 * that schema gives.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { globSync } from "tinyglobby";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import ours31 from "../schemas/odcs-3.1.schema.json" with { type: "json" };
import { ODCS_30_API_VERSIONS, validateContractSchema } from "./schemas.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const referenceDir = path.resolve(here, "../../../../shared/reference");
const HEADER = "kind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\n";

const v302 = (body: string) => parse(`apiVersion: v3.0.2\n${HEADER}${body}`) as Record<string, unknown>;
const as = (apiVersion: string, contract: Record<string, unknown>) => ({ ...contract, apiVersion });
const V31_NOTE = " (valid in ODCS v3.1.0; this contract is v3.0.2)";

/** A v3.0.2 contract that uses what 3.0.x has and 3.1.0 changed or dropped. */
const VALID_V302 = `
dataProduct: sales
tenant: acme
domain: sales
description:
  purpose: Orders as booked.
  authoritativeDefinitions:
    - url: https://wiki.example.com/orders
      type: businessDefinition
servers:
  - server: lake
    type: s3
    location: s3://bucket/orders/*.json
    format: json
    delimiter: new_line
  - server: erp
    type: hana
    host: hana.example.com
  - server: legacy
    type: informix
    host: informix.example.com
    database: sales
schema:
  - name: orders
    physicalType: table
    customProperties:
      - property: retention
        value: 7y
    properties:
      - name: amount
        physicalName: amt
        logicalType: number
        logicalTypeOptions:
          minimum: 0
          exclusiveMinimum: true
          maximum: 1000000
          exclusiveMaximum: false
        quality:
          - type: library
            rule: valueRange
            mustBeGreaterThan: 0
            mustBeLessThan: 1000000
          - rule: validValues
            validValues: [1, 2, 3]
      - name: quantity
        logicalType: integer
        logicalTypeOptions:
          minimum: 1
          exclusiveMaximum: true
          maximum: 100
          format: i16
      - name: ordered_on
        logicalType: date
        logicalTypeOptions:
          minimum: "2020-01-01"
          exclusiveMinimum: false
          maximum: "2030-01-01"
          exclusiveMaximum: true
    quality:
      - rule: rowCount
        mustBeGreaterThan: 0
      - type: sql
        query: SELECT COUNT(*) FROM orders
        mustBeGreaterThan: 0
        mustBeLessThan: 1000000
      - type: text
        description: Every order is booked once.
      - type: custom
        engine: soda
        implementation: "type: row_count"
team:
  - username: ana
    name: Ana
    description: Data owner
    role: owner
    dateIn: "2024-01-01"
  - name: Someone without a username
support:
  - channel: "#orders"
    url: https://slack.example.com/orders
    tool: slack
price:
  priceAmount: 1
  priceCurrency: EUR
  priceUnit: megabyte
roles:
  - role: orders_reader
    access: read
    customProperties:
      - property: approvalTicket
slaDefaultElement: orders.ordered_on
slaProperties:
  - property: latency
    value: 4
    unit: d
    element: orders.ordered_on
authoritativeDefinitions:
  - url: https://git.example.com/orders
    type: implementation
`;

describe("v3.0.x contracts", () => {
  it("are read with the v3.0 schema: a contract using 3.0-only forms is valid for every v3.0.x apiVersion", () => {
    for (const apiVersion of ODCS_30_API_VERSIONS) expect(validateContractSchema(as(apiVersion, v302(VALID_V302)))).toEqual([]);
  });

  it("while the same contract as v3.1.0 is read with the 3.1 schema, and fails", () => {
    const issues = validateContractSchema(as("v3.1.0", v302(VALID_V302)));
    const messages = issues.map((i) => `${i.pointer} ${i.message}`);
    expect(messages).toContain("/schema/0/properties/0/logicalTypeOptions/exclusiveMinimum `exclusiveMinimum` must be a number");
    expect(messages).toContain("/schema/0/properties/2/logicalTypeOptions/exclusiveMaximum `exclusiveMaximum` must be a string");
    expect(issues.map((i) => i.pointer)).toEqual(expect.arrayContaining(["/servers/1/type", "/team/1"]));
    expect(messages).toContain("/schema/0/quality/1 has more than one comparison (`mustBeGreaterThan`, `mustBeLessThan`); keep exactly one");
  });

  it("accept the 3.1.0 `metric` in place of `rule`, as the official v3.0.2-labelled examples do", () => {
    expect(validateContractSchema(v302("schema:\n  - name: t\n    quality:\n      - type: library\n        metric: nullValues\n        mustBe: 0\n"))).toEqual([]);
  });

  it("accept keys the 3.0.2 schema leaves open (servers, quality rules, team members, roles, support...)", () => {
    const contract = v302(`
servers:
  - {server: s, type: bigquery, project: p, dataset: d, id: s1, region: eu}
schema:
  - name: t
    quality:
      - {id: q1, type: text, description: d}
team:
  - {username: ana, id: ana, tags: [owner]}
support:
  - {channel: c, url: https://x, id: c1}
`);
    expect(validateContractSchema(contract)).toEqual([]);
  });

  it("reject what 3.0.2 requires and 3.1.0 does not, and say that 3.1.0 allows it", () => {
    expect(validateContractSchema(v302("support:\n  - channel: '#orders'\n"))).toEqual([
      { pointer: "/support/0", target: "value", message: `missing required property \`url\`${V31_NOTE}`, about: "url" },
    ]);
    expect(validateContractSchema(v302("schema:\n  - name: t\n    quality:\n      - description: no rule\n"))).toEqual([
      { pointer: "/schema/0/quality/0", target: "value", message: `missing required property \`rule\`${V31_NOTE}`, about: "rule" },
    ]);
    // With a comparison, 3.1.0 wants its metric too: no such note.
    expect(validateContractSchema(v302("schema:\n  - name: t\n    quality:\n      - description: no rule\n        mustBe: 0\n"))).toEqual([
      { pointer: "/schema/0/quality/0", target: "value", message: "missing required property `rule`", about: "rule" },
    ]);
    expect(validateContractSchema(v302("servers:\n  - {server: s, type: s3, location: 's3://b/x', format: avro}\n"))).toEqual([
      { pointer: "/servers/0/format", target: "value", message: `\`format\` must be one of: \`parquet\`, \`delta\`, \`json\`, \`csv\`${V31_NOTE}` },
    ]);
  });

  it("reject `type: default` on a quality rule, like every ODCS 3.x schema (text, library, sql, custom)", () => {
    expect(validateContractSchema(v302("schema:\n  - name: t\n    quality:\n      - {type: default, rule: nullCheck, mustBe: 0}\n"))).toEqual([
      { pointer: "/schema/0/quality/0/type", target: "value", message: "`type` must be one of: `text`, `library`, `sql`, `custom`" },
    ]);
  });

  describe("reject features new in ODCS v3.1.0, saying so", () => {
    const cases: [string, string, { pointer: string; target: "key" | "value"; message: string }[]][] = [
      [
        "logicalType timestamp",
        "schema:\n  - name: t\n    properties:\n      - {name: at, logicalType: timestamp}\n",
        [{ pointer: "/schema/0/properties/0/logicalType", target: "value", message: "`logicalType` must be one of: `string`, `date`, `number`, `integer`, `object`, `array`, `boolean`" }],
      ],
      [
        "logicalType time, with its options",
        "schema:\n  - name: t\n    properties:\n      - {name: at, logicalType: time, logicalTypeOptions: {timezone: true}}\n",
        [{ pointer: "/schema/0/properties/0/logicalType", target: "value", message: "`logicalType` must be one of: `string`, `date`, `number`, `integer`, `object`, `array`, `boolean`" }],
      ],
      [
        "a numeric exclusiveMinimum",
        "schema:\n  - name: t\n    properties:\n      - {name: n, logicalType: number, logicalTypeOptions: {exclusiveMinimum: 0}}\n",
        [{ pointer: "/schema/0/properties/0/logicalTypeOptions/exclusiveMinimum", target: "value", message: "`exclusiveMinimum` must be a boolean (true or false)" }],
      ],
      [
        "a date as exclusiveMaximum",
        "schema:\n  - name: t\n    properties:\n      - {name: d, logicalType: date, logicalTypeOptions: {exclusiveMaximum: '2030-01-01'}}\n",
        [{ pointer: "/schema/0/properties/0/logicalTypeOptions/exclusiveMaximum", target: "value", message: "`exclusiveMaximum` must be a boolean (true or false)" }],
      ],
      [
        "relationships on a schema object",
        "schema:\n  - name: t\n    relationships:\n      - {from: t.a, to: u.b}\n",
        [{ pointer: "/schema/0/relationships", target: "key", message: "unknown property `relationships` in schema object; remove it or move it under customProperties" }],
      ],
      [
        "relationships on a property",
        "schema:\n  - name: t\n    properties:\n      - name: a\n        relationships:\n          - {to: u.b}\n",
        [{ pointer: "/schema/0/properties/0/relationships", target: "key", message: "unknown property `relationships` in schema property; remove it or move it under customProperties" }],
      ],
      [
        "the object-form team",
        "team:\n  name: sales\n  members:\n    - username: ana\n",
        [{ pointer: "/team", target: "value", message: "`team` must be an array" }],
      ],
      [
        "`id` on schema objects and properties",
        "schema:\n  - name: t\n    id: t1\n    properties:\n      - {name: a, id: a1}\n",
        [
          { pointer: "/schema/0/properties/0/id", target: "key", message: "unknown property `id` in schema property; remove it or move it under customProperties" },
          { pointer: "/schema/0/id", target: "key", message: "unknown property `id` in schema object; remove it or move it under customProperties" },
        ],
      ],
      [
        "server types hive, impala and zen",
        "servers:\n  - {server: s, type: zen, host: h, database: d}\n",
        [{ pointer: "/servers/0/type", target: "value", message: expect.stringMatching(/^`type` must be one of: `api`, .*`hana`, .*`custom` \(valid in ODCS v3\.1\.0; this contract is v3\.0\.2\)$/) as unknown as string }],
      ],
    ];
    it.each(cases)("%s", (_name, body, expected) => {
      expect(validateContractSchema(v302(body))).toEqual(expected.map((issue) => ({ ...issue, message: typeof issue.message === "string" ? issue.message + V31_NOTE : issue.message })));
      expect(validateContractSchema(as("v3.1.0", v302(body))), "valid as v3.1.0").toEqual([]);
    });
  });

  it("accept v3.0.0's top-level `type` (dropped in v3.0.1) only as v3.0.0, and only a string", () => {
    const withType = { ...v302(""), type: "Tables" };
    expect(validateContractSchema(as("v3.0.0", withType))).toEqual([]);
    expect(validateContractSchema(as("v3.0.1", withType))).toEqual([
      { pointer: "/type", target: "key", message: "unknown property `type` in data contract; remove it or move it under customProperties" },
    ]);
    expect(validateContractSchema(as("v3.0.0", { ...withType, type: 3, version: 1 }))).toEqual([
      { pointer: "/type", target: "value", message: "`type` must be a string" },
      { pointer: "/version", target: "value", message: "`version` must be a string" },
    ]);
  });

  it("read an Athena server's `staging_dir`, which v3.0.0 and v3.0.1 require, as stagingDir; v3.0.2 requires stagingDir", () => {
    const athena = (stagingKey: string, value: unknown) => v302(`servers:\n  - server: q\n    type: athena\n    schema: sales\n    ${stagingKey}: ${JSON.stringify(value)}\n`);
    for (const apiVersion of ["v3.0.0", "v3.0.1"]) {
      expect(validateContractSchema(as(apiVersion, athena("staging_dir", "s3://bucket/results/"))), apiVersion).toEqual([]);
      expect(validateContractSchema(as(apiVersion, athena("stagingDir", "s3://bucket/results/"))), apiVersion).toEqual([]);
      // Its value is checked as stagingDir's, and reported under the name the contract writes.
      expect(validateContractSchema(as(apiVersion, athena("staging_dir", 5))), apiVersion).toEqual([
        { pointer: "/servers/0/staging_dir", target: "value", message: "`staging_dir` must be a string" },
      ]);
    }
    // v3.0.2 (and v3.1.0) require stagingDir: the message names the older spelling the server has.
    const renameIt = "missing required property `stagingDir` (this server writes `staging_dir`, the name ODCS v3.0.0 and v3.0.1 used: rename it `stagingDir`)";
    for (const apiVersion of ["v3.0.2", "v3.1.0"]) {
      expect(validateContractSchema(as(apiVersion, athena("staging_dir", "s3://bucket/results/"))), apiVersion).toEqual([
        expect.objectContaining({ pointer: "/servers/0", about: "stagingDir", message: renameIt }),
      ]);
    }
  });

  it("do not note v3.1.0 on a mistake that v3.1.0 rejects too", () => {
    expect(validateContractSchema(v302("schema:\n  - name: t\n    foo: 1\n    properties:\n      - {name: a, logicalType: int}\n"))).toEqual([
      { pointer: "/schema/0/properties/0/logicalType", target: "value", message: "`logicalType` must be one of: `string`, `date`, `number`, `integer`, `object`, `array`, `boolean`; did you mean `integer`?" },
      { pointer: "/schema/0/foo", target: "key", message: "unknown property `foo` in schema object; remove it or move it under customProperties" },
    ]);
  });

  it("do not note v3.1.0 on a value inside a rule v3.1.0 faults for something else (a v3.0 `rule`), which it never checked", () => {
    // As v3.1.0, `rule: rowCount` without `metric` is no library rule, so its comparison goes unchecked there;
    // v3.1.0 refuses a text bound all the same once the rule is written its way (`metric: rowCount`).
    const quality = "schema:\n  - name: t\n    quality:\n      - rule: rowCount\n        mustBeBetween: ['100', 120]\n";
    expect(validateContractSchema(v302(quality))).toEqual([
      { pointer: "/schema/0/quality/0/mustBeBetween/0", target: "value", message: "item 0 of `mustBeBetween` must be a number; `100` is quoted, which makes it text: write it without the quotes" },
    ]);
    expect(validateContractSchema(as("v3.1.0", v302(quality.replace("rule: rowCount", "metric: rowCount"))))).toEqual([
      { pointer: "/schema/0/quality/0/mustBeBetween/0", target: "value", message: "item 0 of `mustBeBetween` must be a number; `100` is quoted, which makes it text: write it without the quotes" },
    ]);
  });

  it("are checked against a schema that reads exactly the v3.0.x apiVersions of the 3.1 schema", () => {
    const derived = JSON.parse(readFileSync(path.join(here, "generated", "odcs-3.0.schema.json"), "utf8")) as typeof ours31;
    expect(derived.properties.apiVersion.enum).toEqual(ours31.properties.apiVersion.enum.filter((v) => v.startsWith("v3.0.")));
    expect(derived.properties.apiVersion.enum).toEqual([...ODCS_30_API_VERSIONS].reverse());
    // Nothing of 3.1.0's element ids and relationships is left behind.
    expect(JSON.stringify(derived)).not.toMatch(/StableId|Relationship|TimestampOptions/);
  });
});

describe("official ODCS examples", () => {
  const examples = globSync("odcs/examples/**/*.yaml", { cwd: referenceDir, absolute: true }).sort();
  const documents = examples.map((file) => ({ file: path.relative(referenceDir, file), document: parse(readFileSync(file, "utf8")) as Record<string, unknown> }));

  it("are labelled v3.0.2 or v3.1.0, so both schemas are exercised", () => {
    expect(new Set(documents.map((d) => d.document.apiVersion))).toEqual(new Set(["v3.0.2", "v3.1.0"]));
  });

  it.each(documents.map((d) => [d.file, d.document] as const))("%s is valid as labelled", (_file, document) => {
    expect(validateContractSchema(document)).toEqual([]);
  });
});
