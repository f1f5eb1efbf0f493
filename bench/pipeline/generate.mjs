// Deterministic inputs for the pipeline benchmark: one repository of N data products over 10 domains,
// each product as `meshkit init product` scaffolds it (an ODPS product, the ODCS contract its output port
// names, sample CSV data under data/), varied by a seeded PRNG: 1–3 tables of 6–12 columns, 20–60 rows
// each, personal data in about half of them, 0–2 input ports on earlier products' contracts (lineage).
// Every product passes lint, the platform baseline policies and its contract tests as of AS_OF.
// Revision 1 is a pull request on top of revision 0: a patch release of every tenth product whose
// contract nobody reads (its purpose reworded).
// Same seed, same files: runs compare across machines and commits.
import { random } from "../lint/generate.mjs";

export const DOMAINS = ["sales", "finance", "marketing", "supply_chain", "customer", "logistics", "procurement", "pricing", "payments", "support"];
/** When the sample rows were "taken": `meshkit ci --now` (the same anchor as the examples). */
export const AS_OF = "2026-06-30T06:00:00Z";

const SUBJECTS = ["orders", "shipments", "invoices", "payments", "refunds", "returns", "visits", "tickets", "leads", "quotes", "stock_moves", "claims", "bookings", "subscriptions", "deliveries", "receipts"];
const GRAINS = ["daily", "hourly", "snapshot", "events", "ledger", "summary"];
const SUFFIXES = ["lines", "events", "history"];
const DAY = 86_400_000;

const pad = (n, width) => String(n).padStart(width, "0");
const hex = (n, width) => n.toString(16).padStart(width, "0");
const productId = (i) => `10000000-0000-4000-8000-${hex(i, 12)}`;
const contractId = (i) => `20000000-0000-4000-9000-${hex(i, 12)}`;
export const domainOf = (i) => DOMAINS[i % DOMAINS.length];
export const productName = (i) => `${SUBJECTS[i % SUBJECTS.length]}_${GRAINS[Math.floor(i / SUBJECTS.length) % GRAINS.length]}_${pad(i, 3)}`;

// Extra columns: [name, YAML lines of the property (after name), value(row, rand), pii]. Values satisfy the constraints.
const EXTRA_COLUMNS = [
  ["amount_eur", ["description: Amount in EUR.", "logicalType: number", "physicalType: DECIMAL(12,2)", "logicalTypeOptions:", "  minimum: 0", "required: true", "classification: confidential"], (r, rand) => (rand() * 2500 + 1).toFixed(2), false],
  ["quantity", ["description: Number of units.", "logicalType: integer", "physicalType: INTEGER", "logicalTypeOptions:", "  minimum: 0", "  maximum: 10000", "required: true", "classification: internal"], (r, rand) => String(Math.floor(rand() * 500)), false],
  ["unit_price", ["description: Price of one unit in EUR.", "logicalType: number", "physicalType: DECIMAL(10,2)", "logicalTypeOptions:", "  minimum: 0", "required: true", "classification: internal"], (r, rand) => (rand() * 200).toFixed(2), false],
  ["discount_pct", ["description: Discount granted, in percent.", "logicalType: number", "physicalType: DECIMAL(5,2)", "logicalTypeOptions:", "  minimum: 0", "  maximum: 100", "required: false", "classification: internal"], (r, rand) => (r % 5 === 0 ? "" : (rand() * 40).toFixed(2)), false],
  ["country_code", ["description: ISO 3166-1 alpha-2 country code.", "logicalType: string", "physicalType: VARCHAR(2)", "logicalTypeOptions:", "  pattern: '^[A-Z]{2}$'", "required: true", "classification: public"], (r, rand) => ["DE", "FR", "NL", "ES", "IT", "PL", "SE"][Math.floor(rand() * 7)], false],
  ["channel", ["description: Sales channel.", "logicalType: string", "physicalType: VARCHAR(8)", "required: true", "classification: public", "quality:", "  - type: library", "    metric: invalidValues", "    arguments:", "      validValues: [web, store, phone, partner]", "    mustBe: 0", "    dimension: conformity"], (r, rand) => ["web", "store", "phone", "partner"][Math.floor(rand() * 4)], false],
  ["region", ["description: Sales region.", "logicalType: string", "physicalType: VARCHAR(5)", "required: true", "classification: internal", "quality:", "  - type: library", "    metric: invalidValues", "    arguments:", "      validValues: [north, south, east, west]", "    mustBe: 0", "    dimension: conformity"], (r, rand) => ["north", "south", "east", "west"][Math.floor(rand() * 4)], false],
  ["is_priority", ["description: Whether the record was handled with priority.", "logicalType: boolean", "physicalType: BOOLEAN", "required: true", "classification: public"], (r, rand) => (rand() < 0.2 ? "true" : "false"), false],
  ["sku", ["description: Stock keeping unit.", "logicalType: string", "physicalType: VARCHAR(9)", "logicalTypeOptions:", "  pattern: '^SKU-[0-9]{5}$'", "required: true", "classification: internal", "quality:", "  - type: library", "    metric: nullValues", "    mustBe: 0", "    dimension: completeness"], (r, rand) => `SKU-${pad(Math.floor(rand() * 100000), 5)}`, false],
  ["score", ["description: Satisfaction score, 0 to 100.", "logicalType: integer", "physicalType: SMALLINT", "logicalTypeOptions:", "  minimum: 0", "  maximum: 100", "required: false", "classification: internal"], (r, rand) => (r % 7 === 3 ? "" : String(Math.floor(rand() * 101))), false],
  ["notes", ["description: Free-text remarks, without personal data.", "logicalType: string", "physicalType: VARCHAR(200)", "logicalTypeOptions:", "  maxLength: 200", "required: false", "classification: internal"], (r) => (r % 3 === 0 ? `checked batch ${r}` : ""), false],
  ["created_at", ["description: When the record was created (UTC).", "logicalType: timestamp", "physicalType: TIMESTAMP", "logicalTypeOptions:", "  defaultTimezone: Etc/UTC", "required: true", "classification: internal"], null, false],
  ["contact_email", ["description: Email address of the contact person, if known.", "logicalType: string", "physicalType: VARCHAR(254)", "logicalTypeOptions:", "  format: email", "  maxLength: 254", "required: false", "classification: restricted", "tags: [pii]", "customProperties:", "  - property: masking", "    value: hash"], (r) => (r % 4 === 0 ? "" : `contact${pad(r, 3)}@example.com`), true],
  ["customer_name", ["description: Full name of the customer.", "logicalType: string", "physicalType: VARCHAR(64)", "logicalTypeOptions:", "  maxLength: 64", "required: true", "classification: confidential", "tags: [pii]", "customProperties:", "  - property: masking", "    value: partial"], (r) => `Customer ${pad(r, 3)}`, true],
  ["phone_number", ["description: Phone number of the contact, E.164.", "logicalType: string", "physicalType: VARCHAR(16)", "logicalTypeOptions:", "  pattern: '^\\+[0-9]{8,14}$'", "required: false", "classification: restricted", "tags: [pii]", "customProperties:", "  - property: encryption", "    value: kms"], (r, rand) => (r % 5 === 1 ? "" : `+49${pad(Math.floor(rand() * 1e9), 9)}`), true],
];

/** One table: the golden path's four columns (key, business date, status, last change) and 2–8 extra ones. */
function table(name, rand) {
  const pool = [...EXTRA_COLUMNS];
  for (let k = pool.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [pool[k], pool[j]] = [pool[j], pool[k]];
  }
  const extras = pool.slice(0, 2 + Math.floor(rand() * 7));
  const rows = 20 + Math.floor(rand() * 41);
  return { name, extras, rows, pii: extras.some((c) => c[3]) };
}

function propertyYaml(name, body) {
  return [`      - name: ${name}`, ...body.map((l) => `        ${l}`)];
}

function tableYaml(t) {
  return [
    `  - name: ${t.name}`,
    `    physicalName: ${t.name}`,
    "    physicalType: table",
    `    description: One row per record of ${t.name}.`,
    "    dataGranularityDescription: One row per record_id",
    "    properties:",
    ...propertyYaml("record_id", ["description: Identifier of the record.", "logicalType: string", "physicalType: VARCHAR(7)", "logicalTypeOptions:", "  pattern: '^R[0-9]{6}$'", "required: true", "unique: true", "primaryKey: true", "primaryKeyPosition: 1", "classification: internal", "quality:", "  - type: library", "    metric: duplicateValues", "    mustBe: 0", "    dimension: uniqueness"]),
    ...propertyYaml("business_date", ["description: Business date the record belongs to.", "logicalType: date", "physicalType: DATE", "logicalTypeOptions:", "  format: yyyy-MM-dd", "required: true", "partitioned: true", "partitionKeyPosition: 1", "classification: internal"]),
    ...propertyYaml("status", ["description: Life-cycle state of the record.", "logicalType: string", "physicalType: VARCHAR(9)", "required: true", "classification: public", "quality:", "  - type: library", "    metric: invalidValues", "    arguments:", "      validValues: [open, closed, cancelled]", "    mustBe: 0", "    dimension: conformity"]),
    ...t.extras.flatMap(([name, body]) => propertyYaml(name, body)),
    ...propertyYaml("updated_at", ["description: Last change to the record (UTC).", "logicalType: timestamp", "physicalType: TIMESTAMP", "logicalTypeOptions:", "  defaultTimezone: Etc/UTC", "required: true", "classification: internal"]),
    "    quality:",
    `      - name: ${t.name.slice(0, 54)}_has_rows`,
    "        type: library",
    "        metric: rowCount",
    "        mustBeGreaterThan: 0",
    "        dimension: completeness",
  ];
}

const stamp = (ms) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/** Rows over the days before AS_OF: the newest change a few hours old (latency 1 d), the oldest business date ~6 weeks. */
function tableCsv(t, rand) {
  const asOf = Date.parse(AS_OF);
  const header = ["record_id", "business_date", "status", ...t.extras.map((c) => c[0]), "updated_at"];
  const lines = [header.join(",")];
  const statuses = ["open", "closed", "closed", "cancelled"];
  for (let r = 1; r <= t.rows; r++) {
    const date = new Date(asOf - (1 + Math.floor(((t.rows - r) * 40) / t.rows)) * DAY).toISOString().slice(0, 10);
    const midnight = Date.parse(`${date}T00:00:00Z`);
    // Changed in the night after the business date, between 00:30 and ~04:00 UTC.
    const updated = midnight + DAY + 30 * 60_000 + r * 3 * 60_000 + r * 17_000;
    const values = t.extras.map(([name, , value]) => (name === "created_at" ? stamp(midnight + 9 * 3_600_000 + r * 60_000) : value(r, rand)));
    lines.push([`R${pad(r, 6)}`, date, statuses[r % statuses.length], ...values, stamp(updated)].join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** Product i's plan (names, tables, input ports): drawn from its own seed, so a product does not depend on N. */
function productPlan(i) {
  const rand = random(8_000 + i);
  const name = productName(i);
  const tables = [table(name, rand)];
  const more = rand() < 0.45 ? 1 + Math.floor(rand() * 2) : 0;
  for (let k = 0; k < more; k++) tables.push(table(`${name}_${SUFFIXES[k]}`, rand));
  const inputs = [];
  const wanted = i < 10 ? 0 : Math.floor(rand() * 3);
  for (let k = 0; k < wanted; k++) {
    const from = Math.floor(rand() * i);
    if (!inputs.includes(from)) inputs.push(from);
  }
  return { i, name, domain: domainOf(i), tables, inputs, rand };
}

function supportYaml(domain) {
  return ["support:", `  - channel: '#${domain}-data'`, "    tool: slack", "    scope: interactive", `    url: 'https://slack.com/app_redirect?channel=${domain}-data'`];
}

function teamYaml(domain, i) {
  return ["team:", `  name: ${domain}-data`, "  members:", `    - username: owner${pad(i % 37, 2)}@${domain.replace("_", "-")}.example.com`, "      role: owner"];
}

const costCenter = (i) => `CC-${pad(100 + (i % 10) * 10, 3)}`;

function productYaml(p) {
  const { i, name, domain } = p;
  const pii = p.tables.some((t) => t.pii);
  return [
    `# ${name}: a data product of the ${domain} domain (ODPS v1.0.0), generated by bench/pipeline/generate.mjs.`,
    "apiVersion: v1.0.0",
    "kind: DataProduct",
    `id: ${productId(i)}`,
    `name: ${name}`,
    `version: ${p.version}`,
    "status: active",
    `domain: ${domain}`,
    `productCreatedTs: "2026-0${1 + (i % 5)}-${pad(1 + (i % 28), 2)}T09:00:00Z"`,
    "",
    "description:",
    `  purpose: ${name.replaceAll("_", " ")} of the ${domain} domain, for reporting and downstream products.`,
    `  usage: Join the tables of ${name} on record_id; filter by business_date.`,
    "  limitations: Sample data only.",
    "",
    `tags: [${domain}, ${name}${pii ? ", pii" : ""}]`,
    "",
    ...(p.inputs.length > 0 ? ["inputPorts:", ...p.inputs.flatMap((j) => [`  - name: ${productName(j)}`, "    version: 1.0.0", `    contractId: ${contractId(j)}`])] : []),
    "outputPorts:",
    `  - name: ${name}`,
    `    description: The ${name} tables, as its contract describes them.`,
    "    type: tables",
    `    version: ${p.version}`,
    `    contractId: ${contractId(i)}`,
    "",
    ...teamYaml(domain, i),
    "",
    ...supportYaml(domain),
    "",
    "customProperties:",
    "  - property: costCenter",
    `    value: ${costCenter(i)}`,
    "",
  ].join("\n");
}

function contractYaml(p) {
  const { i, name, domain } = p;
  const pii = p.tables.some((t) => t.pii);
  const first = p.tables[0].name;
  return [
    `# ${name}: the data contract of the ${name} product (ODCS v3.1.0), generated by bench/pipeline/generate.mjs.`,
    "apiVersion: v3.1.0",
    "kind: DataContract",
    `id: ${contractId(i)}`,
    `name: ${name}`,
    `version: ${p.version}`,
    "status: active",
    `domain: ${domain}`,
    `contractCreatedTs: "2026-0${1 + (i % 5)}-${pad(1 + (i % 28), 2)}T09:00:00Z"`,
    "",
    "description:",
    p.reworded ? `  purpose: The ${p.tables.length} table(s) of ${name}, reworded in a pull request.` : `  purpose: What the ${p.tables.length} table(s) of ${name} hold.`,
    `  usage: Join on record_id; business_date partitions every table.`,
    "  limitations: Sample data only.",
    "",
    `tags: [${domain}, ${name}${pii ? ", pii" : ""}]`,
    "",
    "servers:",
    "  - server: local",
    "    type: local",
    "    environment: dev",
    "    description: Sample data shipped with the contract ({model} is the schema object name).",
    "    path: ./data/{model}.csv",
    "    format: csv",
    "  - server: lake",
    "    type: s3",
    "    environment: prod",
    "    description: Parquet files in the data lake, under the domain's prefix.",
    `    location: s3://${domain.replace("_", "-")}-data-lake/domain=${domain}/product=${name}/`,
    "    format: parquet",
    "    customProperties:",
    "      - property: encryption",
    "        value: kms",
    "      - property: tags",
    "        value:",
    `          Domain: ${domain}`,
    '          DataProduct: "true"',
    "          ManagedBy: meshkit",
    `          CostCenter: ${costCenter(i)}`,
    "",
    "schema:",
    ...p.tables.flatMap(tableYaml),
    "",
    "slaProperties:",
    "  - property: latency",
    "    value: 1",
    "    unit: d",
    `    element: ${first}.updated_at`,
    "    description: A change is published within a day.",
    "  - property: retention",
    "    value: 7",
    "    unit: y",
    `    element: ${first}.business_date`,
    "    description: Records are kept 7 years.",
    "",
    ...teamYaml(domain, i),
    "",
    ...supportYaml(domain),
    "",
    "roles:",
    `  - role: ${name}_reader`,
    `    description: Read access for consumers of ${name}.`,
    "    access: read",
    `    firstLevelApprovers: owner${pad(i % 37, 2)}@${domain.replace("_", "-")}.example.com`,
    "",
    "customProperties:",
    "  - property: costCenter",
    `    value: ${costCenter(i)}`,
    "",
  ].join("\n");
}

export const CONFIG = `# meshkit.yaml of the benchmark's domain repository (as \`meshkit init domain\` writes it; products/<domain>/<product>/).
apiVersion: meshkit/v1
kind: Config
files:
  include: ["products/**/*.yaml", "products/**/*.yml", "products/**/*.json"]
  exclude: ["**/data/**"]
lint:
  rules:
    property-classification: error
    naming-convention: error
    deprecated-field: error
  naming:
    objects: snake_case
    properties: snake_case
compat:
  mode: forward
  rules:
    property-made-optional: error
policy:
  packs:
    - builtin:platform-baseline
`;

/**
 * The files of an N-product repository, path → text (meshkit.yaml, .gitignore and per product
 * products/<domain>/<name>/{product.odps.yaml, <name>.odcs.yaml, data/<table>.csv}), and its size.
 * `revision` 1: the pull request (every tenth contract's purpose reworded, unless another product reads it).
 */
export function projectFiles(n, revision = 0) {
  const files = new Map([["meshkit.yaml", CONFIG], [".gitignore", ".meshkit/\nlake/\n"]]);
  let tables = 0;
  let columns = 0;
  let rows = 0;
  const plans = Array.from({ length: n }, (_, i) => productPlan(i));
  // The pull request rewords the purpose of every tenth contract that no other product reads, with the
  // patch release schema-compat asks for (contract, output port and product 1.0.0 → 1.0.1).
  const consumed = new Set(plans.flatMap((p) => p.inputs));
  for (const p of plans) {
    p.reworded = revision > 0 && p.i % 10 === 0 && !consumed.has(p.i);
    p.version = p.reworded ? "1.0.1" : "1.0.0";
  }
  for (const p of plans) {
    const dir = `products/${p.domain}/${p.name}`;
    files.set(`${dir}/product.odps.yaml`, productYaml(p));
    files.set(`${dir}/${p.name}.odcs.yaml`, contractYaml(p));
    for (const t of p.tables) {
      files.set(`${dir}/data/${t.name}.csv`, tableCsv(t, p.rand));
      tables += 1;
      columns += t.extras.length + 4;
      rows += t.rows;
    }
  }
  return { files, tables, columns, rows };
}
