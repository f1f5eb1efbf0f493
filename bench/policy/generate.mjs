// Deterministic inputs for the policy-check benchmark: a pack of generated policies and a corpus of
// contracts (bench/lint's generator, adapted), products and Terraform JSON. Same seed, same files.
import { contractYaml, random } from "../lint/generate.mjs";

export { random };

/** Policies generated on top of builtin:platform-baseline's 7, so a run compiles 100. */
export const GENERATED_POLICIES = 93;

/** Index i is a contract, a product or a Terraform configuration: 85 % / 10 % / 5 %. */
export function documentKind(i) {
  const slot = i % 20;
  return slot < 17 ? "DataContract" : slot < 19 ? "DataProduct" : "Infrastructure";
}

/** About 5 % of the documents break a rule or three, as in a repository under active development. */
export function violates(i) {
  const slot = i % 20;
  const block = Math.floor(i / 20);
  if (slot === 3) return true; // one contract in every 20 documents
  if (slot === 17) return block % 4 === 0;
  if (slot === 19) return block % 5 === 0;
  return false;
}

export const contractId = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

// ---------------------------------------------------------------------------------------------
// Documents

/**
 * bench/lint's contract, made to pass the platform baseline (restricted columns masked) and given
 * what the policies look at: a PII column and tag on every third contract, an S3 server on every
 * fourth. A violating contract keeps one restricted column in clear, loses a column description and
 * promises a 72 h latency.
 */
export function policyContractYaml(i, rand) {
  const bad = violates(i);
  let text = contractYaml(i, rand);
  let clear = bad ? 1 : 0;
  text = text.replace(/^( {8})classification: restricted\n/gm, (line, indent) => {
    if (clear-- > 0) return line;
    return `${line}${indent}customProperties:\n${indent}  - property: masking\n${indent}    value: hash\n`;
  });
  if (bad) {
    text = text.replace(/^ {8}description: Column 5 of the benchmark table\.\n/m, "");
    text = text.replace("  - property: latency\n    value: 4\n", "  - property: latency\n    value: 72\n");
  }
  if (i % 3 === 0) {
    const pii = [
      "      - name: contact_email",
      "        logicalType: string",
      "        physicalType: varchar(256)",
      "        required: false",
      "        description: Contact e-mail address of the customer.",
      "        classification: restricted",
      "        tags: [pii]",
      "        customProperties:",
      "          - property: masking",
      "            value: hash",
    ].join("\n");
    text = text.replace(/^ {4}quality:\n/m, `${pii}\n    quality:\n`).replace(/^tags:\n {2}- bench\n/m, "tags:\n  - bench\n  - pii\n");
  }
  if (i % 4 === 1) {
    const s3 = [
      "  - server: lake",
      "    type: s3",
      `    location: s3://acme-lake/domain=sales/product=bench_${i}/`,
      "    format: parquet",
      "    customProperties:",
      "      - property: encryption",
      "        value: kms",
      "      - property: tags",
      "        value: {Domain: sales, DataProduct: 'true', ManagedBy: meshkit}",
    ].join("\n");
    text = text.replace(/^schema:\n/m, `${s3}\nschema:\n`);
  }
  return text;
}

/** An ODPS v1.0.0 product whose ports name contracts of the corpus (same block of 20). */
export function productYaml(i, rand) {
  const block = Math.floor(i / 20) * 20;
  const contract = () => contractId(block + Math.floor(rand() * 17));
  const bad = violates(i);
  const outputs = 1 + Math.floor(rand() * 3);
  const inputs = Math.floor(rand() * 3);
  const lines = [
    "apiVersion: v1.0.0",
    "kind: DataProduct",
    `id: 10000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    `name: bench_product_${i}`,
    `version: 2.${i % 10}.0`,
    "status: active",
    "domain: sales",
    "tenant: acme-retail",
    "description:",
    "  purpose: Benchmark product generated with a fixed seed.",
    "  usage: Dashboards and forecasting.",
    "tags: [sales, bench]",
  ];
  if (inputs > 0) {
    lines.push("inputPorts:");
    for (let p = 0; p < inputs; p++) lines.push(`  - name: upstream_${p}`, "    version: 1.0.0", `    contractId: ${contract()}`);
  }
  lines.push("outputPorts:");
  for (let p = 0; p < outputs; p++) {
    lines.push(`  - name: port_${p}`, "    description: Curated table, refreshed nightly.", "    type: tables");
    if (!(bad && p === 0)) lines.push(`    version: 2.${i % 10}.0`);
    lines.push(`    contractId: ${contract()}`);
  }
  lines.push(
    "team:",
    "  name: sales-data",
    "  members:",
    "    - username: owner@example.com",
    "      role: owner",
    "    - username: steward@example.com",
    "      role: data steward",
    "support:",
    "  - channel: '#sales-data'",
    "    tool: slack",
    "    url: https://acme.slack.com/archives/C0SALES",
    "customProperties:",
    "  - property: costCenter",
    "    value: CC-300",
  );
  return lines.join("\n") + "\n";
}

/** A Terraform JSON configuration: buckets with encryption and public-access blocks, a Glue database, an IAM role, a KMS key. */
export function terraformJson(i, rand) {
  const bad = violates(i);
  const buckets = 1 + Math.floor(rand() * 3);
  const tags = { Domain: "sales", DataProduct: "true", ManagedBy: "meshkit", CostCenter: "CC-300" };
  const resource = { aws_s3_bucket: {}, aws_s3_bucket_server_side_encryption_configuration: {}, aws_s3_bucket_public_access_block: {}, aws_s3_bucket_versioning: {} };
  for (let b = 0; b < buckets; b++) {
    const name = `lake_${i}_${b}`;
    resource.aws_s3_bucket[name] = { bucket: `acme-sales-${i}-${b}`, force_destroy: false, tags };
    if (!(bad && b === 0)) resource.aws_s3_bucket_server_side_encryption_configuration[name] = { bucket: `\${aws_s3_bucket.${name}.id}`, rule: { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: `\${aws_kms_key.stack_${i}.arn}` } } };
    resource.aws_s3_bucket_public_access_block[name] = { bucket: `\${aws_s3_bucket.${name}.id}`, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };
    resource.aws_s3_bucket_versioning[name] = { bucket: `\${aws_s3_bucket.${name}.id}`, versioning_configuration: { status: "Enabled" } };
  }
  // A resource type naming no resource is one Terraform rejects ("Missing block label"): left out, as a real configuration does.
  for (const type of Object.keys(resource)) if (Object.keys(resource[type]).length === 0) delete resource[type];
  resource.aws_kms_key = { [`stack_${i}`]: { description: `Lake key of stack ${i}`, enable_key_rotation: true, deletion_window_in_days: 30, tags: { Domain: "sales" } } };
  resource.aws_glue_catalog_database = { [`sales_${i}`]: { name: `sales_${i}`, tags: { Domain: "sales" } } };
  resource.aws_iam_role = { [`reader_${i}`]: { name: `sales-reader-${i}`, assume_role_policy: "${data.aws_iam_policy_document.assume.json}", tags: { Domain: "sales" } } };
  const doc = {
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: "~> 5.0" } } },
    provider: { aws: { region: rand() < 0.7 ? "eu-west-1" : "eu-central-1", default_tags: { tags: { ManagedBy: "meshkit", CostCenter: "CC-300" } } } },
    resource,
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

/** Where document i goes, relative to the corpus folder (and as findings show it). */
export function documentPath(i) {
  const id = String(i).padStart(5, "0");
  const kind = documentKind(i);
  return kind === "DataContract" ? `contracts/contract-${id}.odcs.yaml` : kind === "DataProduct" ? `products/product-${id}.odps.yaml` : `infra/stack-${id}/main.tf.json`;
}

/** The files of an N-document corpus: [relative path, text]. */
export function* corpusFiles(n) {
  const rand = random(42);
  for (let i = 0; i < n; i++) {
    const kind = documentKind(i);
    const text = kind === "DataContract" ? policyContractYaml(i, rand) : kind === "DataProduct" ? productYaml(i, rand) : terraformJson(i, rand);
    yield [documentPath(i), text];
  }
}

export function meshkitYaml(packDir) {
  return [
    "apiVersion: meshkit/v1",
    "kind: Config",
    "files:",
    '  include: ["contracts/**/*.yaml", "products/**/*.yaml"]',
    "policy:",
    "  packs:",
    "    - builtin:platform-baseline",
    `    - ${packDir}`,
    '  infrastructure: ["infra/**/*.tf.json"]',
    "  params:",
    "    minRetentionYears: 7",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Policies. Each template takes the instance number k and a PRNG and returns its spec (YAML text
// under `spec:`); instances differ in parameters, and their rule ids are suffixed with k.

const q = (s) => JSON.stringify(s);
const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** Contract policies with a forEach over schema properties, objects, servers or SLA properties. */
const CONTRACT_FOREACH = [
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    pattern: ${q(pick(rand, ["^[a-z][a-z0-9_]*$", "^[a-z][a-z0-9_]{0,62}$", "^[a-z]+(_[a-z0-9]+)*$"]))}
  validations:
    - id: property-name-${k}
      forEach: properties
      expression: item.name.matches(params.pattern)
      messageExpression: "'Column ' + item.object + '.' + item.name + ' does not match ' + params.pattern"
      pathExpression: "item.path + '/name'"`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    minLength: ${5 + Math.floor(rand() * 15)}
  validations:
    - id: property-description-${k}
      forEach: properties
      expression: has(item.value.description) && type(item.value.description) == type('') && size(item.value.description.trim()) >= params.minLength
      messageExpression: "'Column \`' + item.name + '\` needs a description of at least ' + string(params.minLength) + ' characters'"`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    logicalTypes: [string, integer, number, date, timestamp, boolean${rand() < 0.5 ? ", object, array" : ""}]
  validations:
    - id: logical-type-known-${k}
      forEach: properties
      expression: has(item.value.logicalType) && item.value.logicalType in params.logicalTypes
      message: Every column declares a logicalType the platform supports.
      pathExpression: "item.path + '/logicalType'"`,
  (k) => `
  match: {kinds: [DataContract]}
  variables:
    - name: physical
      expression: >-
        {'string': ['varchar', 'text', 'char'], 'integer': ['bigint', 'int', 'smallint'], 'number': ['decimal', 'numeric', 'double'],
         'date': ['date'], 'timestamp': ['timestamp'], 'boolean': ['boolean', 'bool']}
  validations:
    - id: physical-type-consistent-${k}
      forEach: properties.filter(p, has(p.value.logicalType) && has(p.value.physicalType))
      expression: >-
        !(item.value.logicalType in variables.physical) ||
        variables.physical[item.value.logicalType].exists(t, string(item.value.physicalType).lowerAscii().startsWith(t))
      messageExpression: "'Column \`' + item.name + '\`: physicalType ' + string(item.value.physicalType) + ' does not store a ' + item.value.logicalType"
      pathExpression: "item.path + '/physicalType'"`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    levels: [public, internal, confidential, restricted${rand() < 0.3 ? ", secret" : ""}]
  validations:
    - id: classification-level-${k}
      forEach: properties
      expression: has(item.value.classification) && type(item.value.classification) == type('') && item.value.classification in params.levels
      messageExpression: "'Column \`' + item.name + '\` has no classification among ' + params.levels.join(', ')"
    - id: classification-lowercase-${k}
      forEach: properties.filter(p, has(p.value.classification) && type(p.value.classification) == type(''))
      expression: item.value.classification == item.value.classification.lowerAscii()
      message: Classifications are written in lower case.`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    maxLength: ${pick(rand, [64, 256, 1024, 4096])}
  validations:
    - id: string-max-length-${k}
      forEach: properties.filter(p, has(p.value.logicalTypeOptions) && type(p.value.logicalTypeOptions) == type({}) && has(p.value.logicalTypeOptions.maxLength))
      expression: double(item.value.logicalTypeOptions.maxLength) <= double(params.maxLength)
      messageExpression: "'Column \`' + item.name + '\` allows ' + string(item.value.logicalTypeOptions.maxLength) + ' characters, over ' + string(params.maxLength)"`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    maxNullPercent: ${pick(rand, [5, 10, 20, 50])}
  validations:
    - id: null-rate-threshold-${k}
      forEach: properties.filter(p, has(p.value.quality) && type(p.value.quality) == type([]))
      expression: >-
        item.value.quality.all(r, type(r) != type({}) || !has(r.metric) || r.metric != 'nullValues' ||
          !has(r.mustBeLessThan) || double(r.mustBeLessThan) <= double(params.maxNullPercent))
      messageExpression: "'Column \`' + item.name + '\` tolerates more than ' + string(params.maxNullPercent) + ' % nulls'"
    - id: null-rate-unit-${k}
      forEach: properties.filter(p, has(p.value.quality) && type(p.value.quality) == type([]))
      expression: item.value.quality.all(r, type(r) != type({}) || !has(r.metric) || r.metric != 'nullValues' || (has(r.unit) && r.unit in ['percent', 'rows']))
      message: nullValues rules say whether they count percent or rows.`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    maxColumns: ${pick(rand, [80, 120, 200])}
  validations:
    - id: object-width-${k}
      forEach: schemaObjects
      expression: has(item.value.properties) && type(item.value.properties) == type([]) && size(item.value.properties) <= params.maxColumns
      messageExpression: "'Table \`' + item.name + '\` has more than ' + string(params.maxColumns) + ' columns: split it'"
    - id: object-physical-type-${k}
      forEach: schemaObjects
      expression: has(item.value.physicalType) && item.value.physicalType in ['table', 'view', 'topic', 'file']
      message: Every schema object says whether it is a table, a view, a topic or a file.`,
  (k) => `
  match: {kinds: [DataContract]}
  validations:
    - id: object-primary-key-${k}
      forEach: schemaObjects
      expression: >-
        has(item.value.properties) && type(item.value.properties) == type([]) &&
        item.value.properties.exists(p, type(p) == type({}) && has(p.primaryKey) && p.primaryKey == true)
      messageExpression: "'Table \`' + item.name + '\` declares no primary key'"`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    serverTypes: [duckdb, s3, postgres, snowflake, bigquery${rand() < 0.5 ? ", databricks" : ""}]
  validations:
    - id: server-type-allowed-${k}
      forEach: servers
      expression: has(item.value.type) && item.value.type in params.serverTypes
      messageExpression: "'Server \`' + item.name + '\` has type ' + (has(item.value.type) ? string(item.value.type) : 'none') + ', not one of ' + params.serverTypes.join(', ')"
      pathExpression: "item.path + '/type'"`,
  (k) => `
  match: {kinds: [DataContract]}
  params:
    known: [latency, retention, frequency, availability, throughput, errorRate, generalAvailability, endOfSupport, endOfLife, timeOfAvailability]
  validations:
    - id: sla-property-known-${k}
      forEach: slaProperties
      expression: has(item.value.property) && item.value.property in params.known
      messageExpression: "'SLA property \`' + item.name + '\` is not one the platform monitors'"
    - id: sla-value-${k}
      forEach: slaProperties
      expression: has(item.value.value)
      message: Every SLA property has a value.`,
  (k) => `
  match: {kinds: [DataContract]}
  validations:
    - id: primary-key-unique-${k}
      forEach: properties.filter(p, has(p.value.primaryKey) && p.value.primaryKey == true)
      expression: has(item.value.unique) && item.value.unique == true && has(item.value.primaryKeyPosition)
      messageExpression: "'Primary key \`' + item.name + '\` declares unique: true and its primaryKeyPosition'"`,
];

/** Contract policies built on variables. */
const CONTRACT_VARIABLES = [
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    maxLatencyHours: ${pick(rand, [6, 12, 24, 48])}
  variables:
    - name: hoursPerUnit
      expression: "{'m': 1.0 / 60.0, 'min': 1.0 / 60.0, 'h': 1.0, 'hr': 1.0, 'hours': 1.0, 'd': 24.0, 'day': 24.0, 'days': 24.0}"
    - name: latency
      expression: slaProperties.filter(s, has(s.value.property) && s.value.property == 'latency')
    - name: latencyHours
      expression: >-
        variables.latency.map(s, has(s.value.unit) && s.value.unit in variables.hoursPerUnit && has(s.value.value)
          ? double(s.value.value) * variables.hoursPerUnit[s.value.unit] : -1.0)
  validations:
    - id: latency-declared-${k}
      expression: size(variables.latency) > 0
      message: Every contract promises a latency.
      path: /slaProperties
    - id: latency-bound-${k}
      expression: variables.latencyHours.all(h, h >= 0.0 && h <= double(params.maxLatencyHours))
      messageExpression: "'Latency must be at most ' + string(params.maxLatencyHours) + ' h'"
      path: /slaProperties`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    statuses: [proposed, draft, active${rand() < 0.5 ? ", deprecated, retired" : ", deprecated"}]
  variables:
    - name: version
      expression: "has(object.version) ? string(object.version) : ''"
  validations:
    - id: contract-semver-${k}
      expression: variables.version.matches('^[0-9]+[.][0-9]+[.][0-9]+(-[0-9A-Za-z.-]+)?$')
      messageExpression: "'Version \`' + variables.version + '\` is not semver'"
      path: /version
    - id: contract-status-${k}
      expression: has(object.status) && object.status in params.statuses
      message: The contract status is one of the lifecycle states.
      path: /status`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    domains: [sales, ${pick(rand, ["finance", "marketing", "supply_chain"])}, customer]
  variables:
    - name: domain
      expression: "has(object.domain) && type(object.domain) == type('') ? object.domain : ''"
  validations:
    - id: contract-domain-${k}
      expression: variables.domain in params.domains
      messageExpression: "'Domain \`' + variables.domain + '\` is not registered with the platform'"
      path: /domain`,
  (k) => `
  match: {kinds: [DataContract]}
  params:
    minMembers: 1
  variables:
    - name: members
      expression: "has(object.team) && type(object.team) == type({}) && has(object.team.members) ? object.team.members : []"
    - name: usernames
      expression: variables.members.filter(m, type(m) == type({}) && has(m.username)).map(m, string(m.username))
  validations:
    - id: team-size-${k}
      expression: size(variables.members) >= params.minMembers
      messageExpression: "'The team lists ' + string(size(variables.members)) + ' members; the platform wants ' + string(params.minMembers)"
      path: /team
    - id: team-usernames-${k}
      expression: variables.usernames.all(u, u.contains('@'))
      message: Team usernames are e-mail addresses.
      path: /team`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    tools: [slack, email, ticket, teams${rand() < 0.5 ? ", googlechat" : ""}]
  variables:
    - name: tools
      expression: "has(object.support) && type(object.support) == type([]) ? object.support.filter(s, type(s) == type({}) && has(s.tool)).map(s, s.tool) : []"
  validations:
    - id: support-tool-${k}
      expression: size(variables.tools) > 0 && variables.tools.all(t, t in params.tools)
      messageExpression: "'Support tools must be among ' + params.tools.join(', ')"
      path: /support`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    minColumns: ${1 + Math.floor(rand() * 3)}
    maxColumns: ${pick(rand, [150, 300, 500])}
  variables:
    - name: columns
      expression: size(properties)
  validations:
    - id: contract-columns-${k}
      expression: variables.columns >= params.minColumns && variables.columns <= params.maxColumns
      messageExpression: "'The contract has ' + string(variables.columns) + ' columns'"
      path: /schema`,
  (k) => `
  match: {kinds: [DataContract]}
  variables:
    - name: unclassified
      expression: properties.filter(p, !has(p.value.classification))
  validations:
    - id: every-column-classified-${k}
      expression: size(variables.unclassified) == 0
      messageExpression: "string(size(variables.unclassified)) + ' columns have no classification: ' + variables.unclassified.map(p, p.name).join(', ')"
      path: /schema`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    minShare: ${pick(rand, [0.02, 0.05])}
  variables:
    - name: withQuality
      expression: properties.filter(p, has(p.value.quality) && type(p.value.quality) == type([]) && size(p.value.quality) > 0)
    - name: objectRules
      expression: schemaObjects.filter(o, has(o.value.quality) && type(o.value.quality) == type([]) && size(o.value.quality) > 0)
  validations:
    - id: quality-coverage-${k}
      expression: double(size(variables.withQuality)) >= double(size(properties)) * params.minShare
      messageExpression: "'Only ' + string(size(variables.withQuality)) + ' of ' + string(size(properties)) + ' columns carry quality rules'"
      path: /schema
    - id: object-quality-${k}
      expression: size(variables.objectRules) == size(schemaObjects)
      message: Every table has at least one table-level quality rule (e.g. rowCount).
      path: /schema`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    prefix: ${q(pick(rand, ["bench_", "bench_contract_"]))}
  variables:
    - name: name
      expression: "has(object.name) && type(object.name) == type('') ? object.name : ''"
  validations:
    - id: contract-name-prefix-${k}
      expression: variables.name.startsWith(params.prefix) && variables.name.matches('^[a-z0-9_]+$')
      messageExpression: "'Contract name \`' + variables.name + '\` must start with ' + params.prefix"
      path: /name`,
  (k) => `
  match: {kinds: [DataContract]}
  variables:
    - name: id
      expression: "has(object.id) ? string(object.id) : ''"
  validations:
    - id: contract-id-uuid-${k}
      expression: variables.id.matches('^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
      messageExpression: "'Contract id \`' + variables.id + '\` is not a UUID'"
      path: /id`,
  (k, rand) => `
  match: {kinds: [DataContract]}
  params:
    minYears: ${pick(rand, [1, 3, 5])}
  variables:
    - name: retention
      expression: slaProperties.filter(s, has(s.value.property) && s.value.property == 'retention' && has(s.value.unit) && has(s.value.value))
    - name: years
      expression: "variables.retention.map(s, s.value.unit in ['y', 'yr', 'year', 'years'] ? double(s.value.value) : s.value.unit in ['d', 'day', 'days'] ? double(s.value.value) / 365.0 : 0.0)"
  validations:
    - id: retention-declared-${k}
      expression: size(variables.retention) > 0 && variables.years.all(y, y >= double(params.minYears))
      messageExpression: "'Declare a retention of at least ' + string(params.minYears) + ' years'"
      path: /slaProperties`,
  (k) => `
  match: {kinds: [DataContract]}
  variables:
    - name: frequency
      expression: slaProperties.filter(s, has(s.value.property) && s.value.property == 'frequency')
    - name: latencyElements
      expression: slaProperties.filter(s, has(s.value.property) && s.value.property == 'latency' && has(s.value.element)).map(s, string(s.value.element))
  validations:
    - id: frequency-declared-${k}
      expression: size(variables.frequency) == 1
      message: Every contract says how often it is refreshed (one frequency SLA property).
      path: /slaProperties
    - id: latency-element-${k}
      expression: variables.latencyElements.all(e, schemaObjects.exists(o, e == o.name || e.startsWith(o.name + '.')))
      message: A latency SLA's element names a table of the contract.
      path: /slaProperties`,
];

/** Contract policies that apply only when their matchConditions hold. */
const CONTRACT_CONDITIONAL = [
  (k, rand) => `
  match:
    kinds: [DataContract]
    matchConditions:
      - name: has-s3
        expression: servers.exists(s, has(s.value.type) && s.value.type == 's3')
  params:
    buckets: [acme-lake${rand() < 0.5 ? ", acme-archive" : ""}]
    formats: [parquet, delta, iceberg]
  variables:
    - name: s3
      expression: servers.filter(s, has(s.value.type) && s.value.type == 's3')
  validations:
    - id: s3-bucket-allowed-${k}
      forEach: variables.s3
      expression: has(item.value.location) && params.buckets.exists(b, string(item.value.location).startsWith('s3://' + b + '/'))
      messageExpression: "'Server \`' + item.name + '\` writes outside the platform buckets ' + params.buckets.join(', ')"
      pathExpression: "item.path + '/location'"
    - id: s3-format-${k}
      forEach: variables.s3
      expression: has(item.value.format) && item.value.format in params.formats
      message: Lake data is stored as parquet, delta or iceberg.`,
  (k, rand) => `
  match:
    kinds: [DataContract]
    matchConditions:
      - name: tagged-pii
        expression: has(object.tags) && type(object.tags) == type([]) && 'pii' in object.tags
  params:
    maxRequiredPii: ${pick(rand, [0, 1])}
  variables:
    - name: pii
      expression: properties.filter(p, has(p.value.tags) && type(p.value.tags) == type([]) && 'pii' in p.value.tags)
  validations:
    - id: pii-tagged-columns-${k}
      expression: size(variables.pii) > 0
      message: A contract tagged pii says which columns hold PII.
      path: /tags
    - id: pii-optional-${k}
      expression: size(variables.pii.filter(p, has(p.value.required) && p.value.required == true)) <= params.maxRequiredPii
      message: PII columns are optional, so erasure can null them.
      path: /schema`,
  (k) => `
  match:
    kinds: [DataContract]
    matchConditions:
      - name: active
        expression: has(object.status) && object.status == 'active'
  validations:
    - id: active-has-sla-${k}
      expression: size(slaProperties) >= 2
      message: An active contract promises at least two SLA properties.
      path: /slaProperties
    - id: active-has-servers-${k}
      expression: size(servers) > 0
      message: An active contract says where its data lives.
      path: /servers`,
  (k, rand) => `
  match:
    kinds: [DataContract]
    matchConditions:
      - name: sales
        expression: has(object.domain) && object.domain == 'sales'
  params:
    teams: [sales-data, ${pick(rand, ["sales-analytics", "revenue-data"])}]
  validations:
    - id: sales-team-${k}
      expression: has(object.team) && type(object.team) == type({}) && has(object.team.name) && object.team.name in params.teams
      messageExpression: "'Sales contracts are owned by one of ' + params.teams.join(', ')"
      path: /team`,
];

/** Product policies: ports, ids, owners; some read the contracts the ports name. */
const PRODUCT = [
  (k) => `
  match: {kinds: [DataProduct]}
  validations:
    - id: output-port-version-${k}
      forEach: outputPorts
      expression: has(item.value.version) && string(item.value.version).matches('^[0-9]+[.][0-9]+[.][0-9]+$')
      messageExpression: "'Output port \`' + item.name + '\` has no semver version'"`,
  (k) => `
  match: {kinds: [DataProduct]}
  validations:
    - id: input-port-contract-${k}
      forEach: inputPorts
      expression: has(item.value.contractId) && string(item.value.contractId) in contracts
      messageExpression: "'Input port \`' + item.name + '\` names a contract that is not in the repository'"
      pathExpression: "item.path + '/contractId'"`,
  (k) => `
  match: {kinds: [DataProduct]}
  variables:
    - name: id
      expression: "has(object.id) ? string(object.id) : ''"
  validations:
    - id: product-id-uuid-${k}
      expression: variables.id.matches('^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
      message: A product id is a UUID.
      path: /id
    - id: product-name-${k}
      expression: has(object.name) && string(object.name).matches('^[a-z][a-z0-9_]*$')
      message: Product names are snake_case.
      path: /name`,
  (k) => `
  match: {kinds: [DataProduct]}
  validations:
    - id: output-contract-active-${k}
      forEach: outputPorts.filter(p, has(p.value.contractId) && string(p.value.contractId) in contracts)
      expression: >-
        has(contracts[string(item.value.contractId)].status) && contracts[string(item.value.contractId)].status == 'active'
      messageExpression: "'Output port \`' + item.name + '\` publishes a contract that is not active'"`,
  (k) => `
  match: {kinds: [DataProduct]}
  variables:
    - name: domain
      expression: "has(object.domain) ? string(object.domain) : ''"
  validations:
    - id: output-contract-domain-${k}
      forEach: outputPorts.filter(p, has(p.value.contractId) && string(p.value.contractId) in contracts)
      expression: >-
        has(contracts[string(item.value.contractId)].domain) && contracts[string(item.value.contractId)].domain == variables.domain
      messageExpression: "'Output port \`' + item.name + '\` publishes a contract of another domain'"`,
  (k, rand) => `
  match: {kinds: [DataProduct]}
  params:
    portTypes: [tables, files, topic, api${rand() < 0.5 ? ", dashboard" : ""}]
  validations:
    - id: output-port-type-${k}
      forEach: outputPorts
      expression: has(item.value.type) && item.value.type in params.portTypes
      messageExpression: "'Output port \`' + item.name + '\` type must be one of ' + params.portTypes.join(', ')"`,
  (k) => `
  match: {kinds: [DataProduct]}
  variables:
    - name: tags
      expression: "has(object.tags) && type(object.tags) == type([]) ? object.tags : []"
  validations:
    - id: product-domain-tag-${k}
      expression: has(object.domain) && object.domain in variables.tags
      message: A product is tagged with its domain, for catalog search.
      path: /tags`,
  (k) => `
  match: {kinds: [DataProduct]}
  variables:
    - name: costCenter
      expression: >-
        has(object.customProperties) && type(object.customProperties) == type([])
          ? object.customProperties.filter(c, type(c) == type({}) && has(c.property) && c.property == 'costCenter' && has(c.value)).map(c, string(c.value))
          : []
  validations:
    - id: product-cost-center-${k}
      expression: size(variables.costCenter) == 1 && variables.costCenter[0].matches('^CC-[0-9]{3}$')
      message: A product names its cost center (customProperties costCenter CC-nnn).
      path: /customProperties`,
];

/** Terraform JSON policies over resources. */
const TERRAFORM = [
  (k) => `
  match: {kinds: [Infrastructure]}
  validations:
    - id: bucket-force-destroy-${k}
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: "!('force_destroy' in item.values) || item.values.force_destroy == false"
      messageExpression: "'Bucket \`' + item.address + '\` can be destroyed with its data'"`,
  (k) => `
  match: {kinds: [Infrastructure]}
  variables:
    - name: blocked
      expression: >-
        resources.filter(r, r.type == 'aws_s3_bucket_public_access_block' && 'bucket' in r.values).map(r, string(r.values.bucket))
  validations:
    - id: bucket-public-access-${k}
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: variables.blocked.exists(b, b.contains('aws_s3_bucket.' + item.name + '.'))
      messageExpression: "'Bucket \`' + item.address + '\` has no public access block'"`,
  (k) => `
  match: {kinds: [Infrastructure]}
  validations:
    - id: kms-rotation-${k}
      forEach: resources.filter(r, r.type == 'aws_kms_key')
      expression: "'enable_key_rotation' in item.values && item.values.enable_key_rotation == true"
      messageExpression: "'KMS key \`' + item.address + '\` does not rotate'"`,
  (k, rand) => `
  match: {kinds: [Infrastructure]}
  params:
    regions: [eu-west-1, eu-central-1${rand() < 0.5 ? ", eu-north-1" : ""}]
  variables:
    - name: providers
      expression: >-
        has(object.provider) && type(object.provider) == type({}) && 'aws' in object.provider
          ? (type(object.provider.aws) == type([]) ? object.provider.aws : [object.provider.aws]) : []
  validations:
    - id: aws-region-${k}
      expression: variables.providers.all(p, type(p) == type({}) && 'region' in p && p.region in params.regions)
      messageExpression: "'AWS providers must use one of ' + params.regions.join(', ')"
      path: /provider`,
  (k) => `
  match: {kinds: [Infrastructure]}
  validations:
    - id: resource-name-${k}
      forEach: resources
      expression: item.name.matches('^[a-z][a-z0-9_]*$')
      messageExpression: "'Resource \`' + item.address + '\` name is not snake_case'"`,
  (k) => `
  match: {kinds: [Infrastructure]}
  variables:
    - name: versioned
      expression: >-
        resources.filter(r, r.type == 'aws_s3_bucket_versioning' && 'versioning_configuration' in r.values &&
          r.values.versioning_configuration.status == 'Enabled').map(r, string(r.values.bucket))
  validations:
    - id: bucket-versioning-${k}
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: variables.versioned.exists(b, b.contains('aws_s3_bucket.' + item.name + '.'))
      messageExpression: "'Bucket \`' + item.address + '\` is not versioned'"`,
  (k, rand) => `
  match: {kinds: [Infrastructure]}
  params:
    minDeletionWindow: ${pick(rand, [7, 14, 30])}
  validations:
    - id: kms-deletion-window-${k}
      forEach: resources.filter(r, r.type == 'aws_kms_key')
      expression: "'deletion_window_in_days' in item.values && double(item.values.deletion_window_in_days) >= double(params.minDeletionWindow)"
      messageExpression: "'KMS key \`' + item.address + '\` can be deleted within less than ' + string(params.minDeletionWindow) + ' days'"`,
];

/** Policies over meshkit.yaml itself. */
const CONFIG = [
  (k) => `
  match: {kinds: [Config]}
  validations:
    - id: config-baseline-pack-${k}
      expression: >-
        has(object.policy) && has(object.policy.packs) && object.policy.packs.exists(p, p == 'builtin:platform-baseline')
      message: Every repository keeps the platform baseline pack.
      path: /policy`,
  (k) => `
  match: {kinds: [Config]}
  variables:
    - name: waivers
      expression: "has(object.policy) && has(object.policy.waivers) && type(object.policy.waivers) == type([]) ? object.policy.waivers : []"
  validations:
    - id: config-waiver-justified-${k}
      forEach: variables.waivers
      expression: type(item) == type({}) && has(item.justification) && size(string(item.justification)) >= 20
      message: Every waiver explains why (20 characters at least).`,
  (k) => `
  match: {kinds: [Config]}
  params:
    neverOff: [pii-protection, s3-bucket-encryption, owner-declared]
  variables:
    - name: rules
      expression: "has(object.policy) && has(object.policy.rules) && type(object.policy.rules) == type({}) ? object.policy.rules : {}"
  validations:
    - id: config-rules-on-${k}
      expression: params.neverOff.all(r, !(r in variables.rules) || variables.rules[r] != 'off')
      message: Platform-critical rules stay on.
      path: /policy/rules`,
];

/** [family, templates, instances]: 33 + 27 + 8 + 12 + 10 + 3 = 93. */
export const POLICY_FAMILIES = [
  ["contract-foreach", CONTRACT_FOREACH, 33],
  ["contract-variables", CONTRACT_VARIABLES, 27],
  ["contract-conditional", CONTRACT_CONDITIONAL, 8],
  ["product", PRODUCT, 12],
  ["terraform", TERRAFORM, 10],
  ["config", CONFIG, 3],
];

/** The generated pack: [file name, text] per policy, one policy per file. */
export function* policyFiles() {
  const rand = random(7);
  let k = 0;
  for (const [family, templates, count] of POLICY_FAMILIES) {
    for (let n = 0; n < count; n++, k++) {
      const name = `bench-${family}-${String(k).padStart(3, "0")}`;
      const spec = templates[n % templates.length](k, rand);
      const text = ["apiVersion: meshkit/v1", "kind: Policy", "metadata:", `  name: ${name}`, `  description: Generated ${family} policy ${k}.`, "  labels:", "    pack: bench", "spec:"].join("\n") + spec + "\n";
      yield [`${name}.yaml`, text];
    }
  }
  if (k !== GENERATED_POLICIES) throw new Error(`generated ${k} policies, expected ${GENERATED_POLICIES}`);
}
