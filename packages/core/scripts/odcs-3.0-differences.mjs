// meshkit's ODCS v3.0 schema is not written out by hand: build-validators.mjs derives it from meshkit's own
// 3.1 schema (schemas/odcs-3.1.schema.json) by applying the differences listed below, and compiles it as
// `validateOdcs30`. validateContractSchema (src/schemas.ts) uses it for apiVersion v3.0.0, v3.0.1 and v3.0.2.
//
// Each difference is where the official ODCS v3.0.2 JSON Schema (schema/odcs-json-schema-v3.0.2.json in
// bitol-io/open-data-contract-standard) accepts or rejects a document differently from the official 3.1.0 one.
// "3.0.2 $defs/X" below names the official 3.0.2 definition, not ours. Like our 3.1 schema, the result
// mirrors the official verdicts; the deliberate exceptions are marked EXCEPTION.
//
// One schema serves the three v3.0.x apiVersions: the patch releases only added optional fields
// (3.0.1: top-level and description authoritativeDefinitions, customProperties on schema elements and roles;
// 3.0.2: `physicalName` on properties, `name`/`description` on team members, server type `hana`), so a
// v3.0.0 contract is read with the fields of 3.0.2. Not carried over here: 3.0.0's top-level `type`,
// dropped in 3.0.1 (validateContractSchema accepts it as a string on v3.0.0 contracts only), and the Athena
// `staging_dir` that 3.0.0 and 3.0.1 require (3.0.2 requires `stagingDir`; validateContractSchema validates a
// v3.0.0/v3.0.1 server's `staging_dir` as `stagingDir`).
//
// Every path must exist in the 3.1 schema: if that schema is restructured, the build fails here instead of
// producing a 3.0 schema that silently lost a difference.

/** Picks the one item of an array for which `test` holds (a path segment that is not a name). */
const item = (description, test) => ({ description, test });

/** The allOf branch of a typed definition whose `if` selects `value` (a server type, a logicalType...). */
const branchFor = (property, value) =>
  item(`the branch for ${property} ${value}`, (branch) => {
    const selector = branch?.if?.properties?.[property];
    return selector?.const === value || (Array.isArray(selector?.enum) && selector.enum.includes(value));
  });

const FILE_FORMATS_30 = { type: "string", enum: ["parquet", "delta", "json", "csv"], description: "File format (ODCS v3.0.x allows only these)." };
const JSON_DELIMITERS_30 = { type: "string", enum: ["new_line", "array"], description: "For json: how documents are delimited." };
const EXCLUSIVE_FLAG_30 = (bound) => ({
  type: "boolean",
  default: false,
  description: `In ODCS v3.0.x a flag: true makes \`${bound}\` exclusive. (ODCS v3.1.0 gives the bound itself instead.)`,
});
const COMPARATOR_TYPES_30 = {
  mustBe: { description: "=" },
  mustNotBe: { description: "!=" },
  mustBeGreaterThan: { type: "number", description: ">" },
  mustBeGreaterOrEqualTo: { type: "number", description: ">=" },
  mustBeLessThan: { type: "number", description: "<" },
  mustBeLessOrEqualTo: { type: "number", description: "<=" },
  mustBeBetween: { $ref: "#/$defs/NumberPair" },
  mustNotBeBetween: { $ref: "#/$defs/NumberPair" },
};
/** What 3.0.2 declares on open objects that 3.1.0 closed, to say "no longer closed" in one place. */
const OPENED = "3.0.2 declares no additionalProperties/unevaluatedProperties here: keys it does not define are allowed (3.1.0 closed the object).";

/**
 * The differences, in order. `path` is a list of keys (or `item(...)` selectors) into our 3.1 schema;
 * `set` replaces the value there, `remove` deletes it.
 */
export const ODCS_30_DIFFERENCES = [
  // ---- the document ----
  { path: ["$id"], set: "https://meshkit.dev/schemas/odcs-3.0.schema.json", why: "its own schema id" },
  { path: ["title"], set: "ODCS v3.0.x data contract (meshkit)", why: "title" },
  {
    path: ["description"],
    set: "meshkit's schema for an ODCS document of apiVersion v3.0.0 to v3.0.2, derived at build time from odcs-3.1.schema.json by scripts/odcs-3.0-differences.mjs. It mirrors the constraints of the official ODCS 3.0.2 JSON Schema.",
    why: "description",
  },
  {
    path: ["properties", "apiVersion"],
    set: { description: "ODCS version the document is written in: this schema reads v3.0.x.", enum: ["v3.0.2", "v3.0.1", "v3.0.0"] },
    why: "3.0.2 properties.apiVersion lists v3.0.2, v3.0.1, v3.0.0 (and the v2.2.x meshkit does not read); v3.1.0 is read with the 3.1 schema",
  },
  {
    path: ["properties", "team"],
    set: { type: "array", description: "Who owns the data: the list of team members.", items: { $ref: "#/$defs/TeamMember" } },
    why: "3.0.2 properties.team is an array of $defs/Team (a member); the object form with `members` is new in 3.1.0",
  },
  { path: ["$defs", "Team"], remove: true, why: "the object-form team is new in 3.1.0" },
  { path: ["properties", "dataProduct", "deprecated"], remove: true, why: "deprecated only from 3.1.0 (annotation)" },
  { path: ["properties", "slaDefaultElement", "deprecated"], remove: true, why: "deprecated only from 3.1.0 (annotation)" },

  // ---- servers (3.0.2 $defs/Server, $defs/ServerSource/*) ----
  { path: ["$defs", "Server", "properties", "id"], remove: true, why: "`id` on servers is new in 3.1.0" },
  {
    path: ["$defs", "Server", "properties", "type", "enum"],
    set: [
      "api", "athena", "azure", "bigquery", "clickhouse", "databricks", "denodo", "dremio", "duckdb", "glue", "cloudsql", "db2",
      "hana", "informix", "kafka", "kinesis", "local", "mysql", "oracle", "postgresql", "postgres", "presto", "pubsub", "redshift",
      "s3", "sftp", "snowflake", "sqlserver", "synapse", "trino", "vertica", "custom",
    ],
    why: "3.0.2 Server.type: `hana` (no fields defined for it), and no `hive`, `impala`, `zen` (new in 3.1.0)",
  },
  {
    path: ["$defs", "Server", "allOf", branchFor("type", "informix")],
    set: { if: { required: ["type"], properties: { type: { const: "informix" } } }, then: { $ref: "#/$defs/HostDatabaseServer" } },
    why: "of hive, impala, informix and zen, 3.0.2 knows only informix (host and database required)",
  },
  { path: ["$defs", "Server", "unevaluatedProperties"], remove: true, why: `servers: ${OPENED}` },
  ...["AzureServer", "S3Server", "SftpServer"].flatMap((server) => [
    { path: ["$defs", server, "properties", "format"], set: FILE_FORMATS_30, why: `3.0.2 ServerSource/${server}.format is an enum (a free string in 3.1.0)` },
    { path: ["$defs", server, "properties", "delimiter"], set: JSON_DELIMITERS_30, why: `3.0.2 ServerSource/${server}.delimiter is an enum (a free string in 3.1.0)` },
  ]),
  { path: ["$defs", "CustomServer", "properties", "stream"], remove: true, why: "`stream` on custom servers is new in 3.1.0" },
  // EXCEPTION: 3.0.2 ServerSource/DuckdbServer.schema says `"type": "integer"` for "the name of the schema", an
  // evident typo that 3.1.0 fixed; a name stays a string here.

  // ---- schema objects and properties (3.0.2 $defs/SchemaElement, SchemaObject, SchemaBaseProperty) ----
  { path: ["$defs", "ElementCommon", "properties", "id"], remove: true, why: "`id` on schema objects and properties is new in 3.1.0" },
  { path: ["$defs", "SchemaObject", "properties", "relationships"], remove: true, why: "relationships are new in 3.1.0" },
  { path: ["$defs", "Property", "properties", "relationships"], remove: true, why: "relationships are new in 3.1.0" },
  { path: ["$defs", "ObjectRelationship"], remove: true, why: "relationships are new in 3.1.0" },
  { path: ["$defs", "PropertyRelationship"], remove: true, why: "relationships are new in 3.1.0" },
  { path: ["$defs", "RelationshipCommon"], remove: true, why: "relationships are new in 3.1.0" },
  { path: ["$defs", "ReferenceOrList"], remove: true, why: "references serve only relationships" },
  { path: ["$defs", "Reference"], remove: true, why: "references serve only relationships" },
  {
    path: ["$defs", "Property", "properties", "logicalType", "enum"],
    set: ["string", "date", "number", "integer", "object", "array", "boolean"],
    why: "3.0.2 SchemaBaseProperty.logicalType: no `timestamp` or `time` (new in 3.1.0)",
  },
  { path: ["$defs", "Property", "allOf", branchFor("logicalType", "timestamp")], remove: true, why: "timestamp/time options are new in 3.1.0" },
  { path: ["$defs", "TimestampOptions"], remove: true, why: "timestamp/time options are new in 3.1.0" },
  { path: ["$defs", "TemporalRange", "properties", "exclusiveMinimum"], set: EXCLUSIVE_FLAG_30("minimum"), why: "3.0.2 date logicalTypeOptions.exclusiveMinimum is a boolean (a string bound in 3.1.0)" },
  { path: ["$defs", "TemporalRange", "properties", "exclusiveMaximum"], set: EXCLUSIVE_FLAG_30("maximum"), why: "3.0.2 date logicalTypeOptions.exclusiveMaximum is a boolean (a string bound in 3.1.0)" },
  { path: ["$defs", "NumericRange", "properties", "exclusiveMinimum"], set: EXCLUSIVE_FLAG_30("minimum"), why: "3.0.2 integer/number logicalTypeOptions.exclusiveMinimum is a boolean (a number in 3.1.0)" },
  { path: ["$defs", "NumericRange", "properties", "exclusiveMaximum"], set: EXCLUSIVE_FLAG_30("maximum"), why: "3.0.2 integer/number logicalTypeOptions.exclusiveMaximum is a boolean (a number in 3.1.0)" },

  // ---- quality rules (3.0.2 $defs/DataQuality, DataQualityLibrary, DataQualitySql, DataQualityCustom) ----
  { path: ["$defs", "QualityRule", "properties", "id"], remove: true, why: "`id` on quality rules is new in 3.1.0" },
  { path: ["$defs", "QualityRule", "unevaluatedProperties"], remove: true, why: `quality rules: ${OPENED} (3.0 documents put metric arguments such as validValues on the rule itself)` },
  {
    path: ["$defs", "QualityRule", "allOf"],
    set: [
      {
        $comment: "3.0.2's library `if` has no `required`: a rule without `type` is a library rule (the default).",
        if: { anyOf: [{ not: { required: ["type"] } }, { properties: { type: { const: "library" } } }] },
        then: { $ref: "#/$defs/LibraryRule" },
      },
      { if: { required: ["type"], properties: { type: { const: "sql" } } }, then: { $ref: "#/$defs/SqlRule" } },
      { if: { required: ["type"], properties: { type: { const: "custom" } } }, then: { $ref: "#/$defs/CustomRule" } },
    ],
    why: "3.0.2 DataQuality.allOf: library applies when `type` is library or absent (3.1.0: when type is library or a `metric` is given); sql needs a query; custom an engine and implementation",
  },
  {
    path: ["$defs", "LibraryRule"],
    set: {
      type: "object",
      description: "A library rule names its predefined check in `rule` (3.0.x), and may compare the result with any of the comparisons.",
      properties: {
        rule: { type: "string", description: "Name of the predefined check, e.g. duplicateCount, validValues, rowCount." },
        metric: { enum: ["nullValues", "missingValues", "invalidValues", "duplicateValues", "rowCount"], description: "The 3.1.0 name of `rule`." },
        ...COMPARATOR_TYPES_30,
      },
      if: { not: { required: ["metric"] } },
      then: { required: ["rule"] },
    },
    why: "3.0.2 DataQualityLibrary requires `rule` and lets each comparison appear or not, several at once (3.1.0: exactly one). EXCEPTION: the 3.1.0 `metric` may stand in for `rule`, as in the official example quality/column-completeness.odcs.yaml, labelled v3.0.2",
  },
  {
    path: ["$defs", "SqlRule"],
    set: { type: "object", required: ["query"], properties: { query: { type: "string", description: "SQL in the server's dialect." } } },
    why: "3.0.2 DataQualitySql requires only `query` (3.1.0 also exactly one comparison)",
  },
  { path: ["$defs", "Comparison"], remove: true, why: "exactly one comparison per rule is new in 3.1.0" },

  // ---- support, price, team members, roles, SLAs, custom properties, authoritative definitions ----
  { path: ["$defs", "SupportChannel", "required"], set: ["channel", "url"], why: "3.0.2 SupportItem requires `channel` and `url` (3.1.0: channel only)" },
  { path: ["$defs", "SupportChannel", "properties", "id"], remove: true, why: "`id` is new in 3.1.0" },
  { path: ["$defs", "SupportChannel", "properties", "customProperties"], remove: true, why: "customProperties on support channels are new in 3.1.0" },
  { path: ["$defs", "SupportChannel", "additionalProperties"], remove: true, why: `support channels: ${OPENED}` },
  { path: ["$defs", "Price", "properties", "id"], remove: true, why: "`id` is new in 3.1.0" },
  { path: ["$defs", "Price", "additionalProperties"], remove: true, why: `price (3.0.2 Pricing): ${OPENED}` },
  { path: ["$defs", "TeamMember", "required"], remove: true, why: "3.0.2 Team (a member) requires nothing, not even `username`" },
  { path: ["$defs", "TeamMember", "properties", "id"], remove: true, why: "`id` is new in 3.1.0" },
  { path: ["$defs", "TeamMember", "properties", "tags"], remove: true, why: "tags on team members are new in 3.1.0" },
  { path: ["$defs", "TeamMember", "properties", "customProperties"], remove: true, why: "customProperties on team members are new in 3.1.0" },
  { path: ["$defs", "TeamMember", "properties", "authoritativeDefinitions"], remove: true, why: "authoritativeDefinitions on team members are new in 3.1.0" },
  { path: ["$defs", "TeamMember", "additionalProperties"], remove: true, why: `team members (3.0.2 Team): ${OPENED}` },
  { path: ["$defs", "Role", "properties", "id"], remove: true, why: "`id` is new in 3.1.0" },
  { path: ["$defs", "Role", "additionalProperties"], remove: true, why: `roles: ${OPENED}` },
  { path: ["$defs", "SlaProperty", "properties", "id"], remove: true, why: "`id` is new in 3.1.0" },
  { path: ["$defs", "SlaProperty", "properties", "description"], remove: true, why: "not in 3.0.2 ServiceLevelAgreementProperty" },
  { path: ["$defs", "SlaProperty", "properties", "scheduler"], remove: true, why: "SLA scheduling is new in 3.1.0" },
  { path: ["$defs", "SlaProperty", "properties", "schedule"], remove: true, why: "SLA scheduling is new in 3.1.0" },
  { path: ["$defs", "SlaProperty", "additionalProperties"], remove: true, why: `SLA properties: ${OPENED}` },
  { path: ["$defs", "CustomProperty", "required"], remove: true, why: "3.0.2 CustomProperty requires neither `property` nor `value`" },
  { path: ["$defs", "CustomProperty", "properties", "id"], remove: true, why: "`id` is new in 3.1.0" },
  { path: ["$defs", "CustomProperty", "properties", "description"], remove: true, why: "not in 3.0.2 CustomProperty" },
  { path: ["$defs", "CustomProperty", "additionalProperties"], remove: true, why: `custom properties: ${OPENED}` },
  { path: ["$defs", "AuthoritativeDefinition", "properties", "id"], remove: true, why: "`id` is new in 3.1.0" },
  { path: ["$defs", "AuthoritativeDefinition", "properties", "description"], remove: true, why: "not in 3.0.2 AuthoritativeDefinitions" },
  { path: ["$defs", "AuthoritativeDefinition", "additionalProperties"], remove: true, why: `authoritative definitions: ${OPENED}` },
  { path: ["$defs", "StableId"], remove: true, why: "every `id` but the contract's is new in 3.1.0" },
];

/** A deep copy of JSON data (schemas and the values set into them are plain JSON). */
const copyJson = (value) => JSON.parse(JSON.stringify(value));

/** Applies ODCS_30_DIFFERENCES to (a copy of) meshkit's 3.1 schema. */
export function deriveOdcs30Schema(schema31, differences = ODCS_30_DIFFERENCES) {
  const schema = copyJson(schema31);
  for (const difference of differences) {
    const { parent, key, label } = locate(schema, difference.path);
    if (!(key in parent)) throw new Error(`odcs-3.0 difference "${difference.why}": ${label} is not in odcs-3.1.schema.json`);
    if (difference.remove) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else {
      parent[key] = copyJson(difference.set);
    }
  }
  const dangling = [...danglingRefs(schema)];
  if (dangling.length > 0) throw new Error(`odcs-3.0 schema refers to removed definitions: ${dangling.join(", ")}`);
  return schema;
}

function locate(schema, path) {
  let node = schema;
  const labels = [];
  for (const [i, segment] of path.entries()) {
    let key = segment;
    if (typeof segment === "object") {
      const matches = Array.isArray(node) ? node.flatMap((entry, index) => (segment.test(entry) ? [index] : [])) : [];
      if (matches.length !== 1) throw new Error(`odcs-3.0 difference: ${segment.description} under /${labels.join("/")} matches ${matches.length} items, not 1`);
      key = String(matches[0]);
    }
    labels.push(typeof segment === "object" ? `[${segment.description}]` : segment);
    if (i === path.length - 1) return { parent: node, key, label: `/${labels.join("/")}` };
    node = node?.[key];
    if (node === null || typeof node !== "object") throw new Error(`odcs-3.0 difference: /${labels.join("/")} is not in odcs-3.1.schema.json`);
  }
  throw new Error("odcs-3.0 difference with an empty path");
}

function* danglingRefs(schema, node = schema) {
  if (Array.isArray(node)) for (const entry of node) yield* danglingRefs(schema, entry);
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && value.startsWith("#/$defs/") && !(value.slice("#/$defs/".length) in schema.$defs)) yield value;
      else yield* danglingRefs(schema, value);
    }
  }
}
