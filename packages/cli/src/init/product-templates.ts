/**
 * The golden-path data product: an ODPS v1.0.0 product, the ODCS v3.1.0 contract its output port names,
 * and sample rows that satisfy every check of that contract. The text is fixed for given settings, apart
 * from the two UUIDs and the creation time, so a scaffold can be compared with a golden copy.
 */
import type { DomainSettings } from "./settings.js";
import { supportYaml } from "./settings.js";
import { lines, scalar } from "./yaml-text.js";

/**
 * The time the sample rows were "taken". Every timestamp in the sample data is an offset from it, and the
 * checks (`npm run check`, the workflow's contract-test) judge the SLAs as of this time with `--now` /
 * `as-of`: the sample is a fixed snapshot, so its freshness is judged when it was taken, not against the
 * clock. One constant for every product, so one `--now` fits every product of a domain repository.
 */
export const SAMPLE_AS_OF = "2026-01-15T06:00:00Z";

export const PRODUCT_VERSION = "0.1.0";

export interface ProductIds {
  productId: string;
  contractId: string;
  /** ISO 8601 creation time of the documents (productCreatedTs / contractCreatedTs). */
  createdAt: string;
}

/** Files of `products/<name>/`, relative to it. */
export function productFiles(settings: DomainSettings, product: string, ids: ProductIds): Record<string, string> {
  return {
    "product.odps.yaml": productYaml(settings, product, ids),
    [`${product}.odcs.yaml`]: contractYaml(settings, product, ids),
    [`data/${product}.csv`]: sampleCsv(),
  };
}

function teamYaml(settings: DomainSettings): string {
  return lines(
    "team:",
    `  name: ${scalar(settings.team)}`,
    "  members:",
    `    - username: ${scalar(settings.owner)}`,
    "      role: owner",
  ).trimEnd();
}

function costCenterYaml(settings: DomainSettings): string | undefined {
  if (settings.costCenter === undefined) return undefined;
  return lines("customProperties:", "  - property: costCenter", `    value: ${scalar(settings.costCenter)}`).trimEnd();
}

function productYaml(settings: DomainSettings, product: string, ids: ProductIds): string {
  const { domain } = settings;
  return lines(
    `# ${product}: a data product of the ${domain} domain (ODPS v1.0.0), scaffolded by \`meshkit init product\`.`,
    "# Its output port points at the contract next to it by contractId + version: change them together.",
    "apiVersion: v1.0.0",
    "kind: DataProduct",
    `id: ${ids.productId}`,
    `name: ${product}`,
    `version: ${PRODUCT_VERSION}`,
    "status: draft",
    `domain: ${domain}`,
    `productCreatedTs: "${ids.createdAt}"`,
    "",
    "description:",
    `  purpose: What ${product} is for, and for whom (replace this with one or two sentences).`,
    "  usage: How consumers should use it, and which table answers which question.",
    "  limitations: What it does not cover, known gaps and delays.",
    "",
    "# `pii`: its contract holds personal data (contact_email); drop the tag with the column.",
    `tags: [${domain}, ${product}, pii]`,
    "",
    "# Lineage: add one input port per contract this product reads (contractId + version).",
    "# inputPorts:",
    "#   - name: <upstream product>",
    "#     version: <its contract version>",
    "#     contractId: <its contract id>",
    "",
    "outputPorts:",
    `  - name: ${product}`,
    `    description: The ${product} table, as its contract describes it.`,
    "    type: tables",
    `    version: ${PRODUCT_VERSION}`,
    `    contractId: ${ids.contractId}`,
    "",
    teamYaml(settings),
    "",
    "support:",
    supportYaml(settings),
    costCenterYaml(settings) !== undefined && "",
    costCenterYaml(settings),
  );
}

function contractYaml(settings: DomainSettings, product: string, ids: ProductIds): string {
  const { domain } = settings;
  const table = product;
  const reader = `${product.slice(0, 56)}_reader`;
  return lines(
    `# ${product}: the data contract of the ${product} product (ODCS v3.1.0), scaffolded by \`meshkit init product\`.`,
    "# It is the single source of truth for the table: schema, quality rules, SLAs, servers, owner.",
    "# Replace the example columns with yours; keep a classification on every column.",
    "apiVersion: v3.1.0",
    "kind: DataContract",
    `id: ${ids.contractId}`,
    `name: ${product}`,
    `version: ${PRODUCT_VERSION}`,
    "status: draft",
    `domain: ${domain}`,
    `contractCreatedTs: "${ids.createdAt}"`,
    "",
    "description:",
    `  purpose: What the ${table} table holds and what it is for (replace this).`,
    "  usage: Which questions it answers; how to join and filter it.",
    "  limitations: Known gaps, delays and caveats.",
    "",
    "# `pii`: the table holds personal data (contact_email). Drop the tag with the column if it does not.",
    `tags: [${domain}, ${product}, pii]`,
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
    `    location: s3://${settings.bucket}/domain=${domain}/product=${product}/`,
    "    format: parquet",
    "    customProperties:",
    "      # Platform baseline: encrypted with the domain's KMS key, tagged for ownership and cost.",
    "      - property: encryption",
    "        value: kms",
    "      - property: tags",
    "        value:",
    `          Domain: ${domain}`,
    '          DataProduct: "true"',
    "          ManagedBy: meshkit",
    settings.costCenter !== undefined && `          CostCenter: ${scalar(settings.costCenter)}`,
    "",
    "schema:",
    `  - name: ${table}`,
    `    physicalName: ${table}`,
    "    physicalType: table",
    `    description: One row per record of ${product} (replace with what one row is).`,
    "    dataGranularityDescription: One row per record_id",
    "    properties:",
    "      - name: record_id",
    "        description: Identifier of the record.",
    "        logicalType: string",
    "        physicalType: VARCHAR(7)",
    "        logicalTypeOptions:",
    "          pattern: '^R[0-9]{6}$'",
    "        required: true",
    "        unique: true",
    "        primaryKey: true",
    "        primaryKeyPosition: 1",
    "        classification: internal",
    "        quality:",
    "          - type: library",
    "            metric: duplicateValues",
    "            mustBe: 0",
    "            dimension: uniqueness",
    "      - name: business_date",
    "        description: Business date the record belongs to.",
    "        logicalType: date",
    "        physicalType: DATE",
    "        logicalTypeOptions:",
    "          format: yyyy-MM-dd",
    "        required: true",
    "        partitioned: true",
    "        partitionKeyPosition: 1",
    "        classification: internal",
    "      - name: status",
    "        description: Life-cycle state of the record.",
    "        logicalType: string",
    "        physicalType: VARCHAR(9)",
    "        required: true",
    "        classification: public",
    "        quality:",
    "          - type: library",
    "            metric: invalidValues",
    "            arguments:",
    "              validValues: [open, closed, cancelled]",
    "            mustBe: 0",
    "            dimension: conformity",
    "      - name: amount_eur",
    "        description: Amount in EUR.",
    "        logicalType: number",
    "        physicalType: DECIMAL(12,2)",
    "        logicalTypeOptions:",
    "          minimum: 0",
    "        required: true",
    "        classification: confidential",
    "      # Personal data: tagged pii, restricted, masked for consumers without privacy approval.",
    "      - name: contact_email",
    "        description: Email address of the contact person, if known.",
    "        logicalType: string",
    "        physicalType: VARCHAR(254)",
    "        logicalTypeOptions:",
    "          format: email",
    "          maxLength: 254",
    "        required: false",
    "        classification: restricted",
    "        tags: [pii]",
    "        customProperties:",
    "          - property: masking",
    "            value: hash",
    "      - name: updated_at",
    "        description: Last change to the record (UTC).",
    "        logicalType: timestamp",
    "        physicalType: TIMESTAMP",
    "        logicalTypeOptions:",
    "          defaultTimezone: Etc/UTC",
    "        required: true",
    "        classification: internal",
    "    quality:",
    `      - name: ${table.slice(0, 54)}_has_rows`,
    "        type: library",
    "        metric: rowCount",
    "        mustBeGreaterThan: 0",
    "        dimension: completeness",
    "",
    "slaProperties:",
    "  - property: latency",
    "    value: 1",
    "    unit: d",
    `    element: ${table}.updated_at`,
    "    description: A change is published within a day.",
    "  - property: retention",
    "    value: 7",
    "    unit: y",
    `    element: ${table}.business_date`,
    "    description: Records are kept 7 years (the platform minimum for personal data).",
    "",
    teamYaml(settings),
    "",
    "support:",
    supportYaml(settings),
    "",
    "roles:",
    `  - role: ${reader}`,
    `    description: Read access for consumers of ${product}.`,
    "    access: read",
    `    firstLevelApprovers: ${scalar(settings.owner)}`,
    costCenterYaml(settings) !== undefined && "",
    costCenterYaml(settings),
  );
}

/**
 * Twelve rows over the eleven days before SAMPLE_AS_OF: the newest change is 4 h 50 min old at that time
 * (latency 1 d), the oldest business date 11 days (retention 7 y); ids are unique, statuses valid, amounts
 * positive, a quarter of the emails empty (the column is optional). Fixed: no clock, no randomness.
 */
export function sampleCsv(): string {
  const asOf = Date.parse(SAMPLE_AS_OF);
  const day = 86_400_000;
  const statuses = ["open", "closed", "closed", "cancelled"];
  const rows = ["record_id,business_date,status,amount_eur,contact_email,updated_at"];
  for (let i = 1; i <= 12; i += 1) {
    const businessDate = new Date(asOf - Math.ceil((13 - i) / 1.1) * day);
    const date = businessDate.toISOString().slice(0, 10);
    // Changed in the night after the business date, 00:30 + i * 3 min + i * 17 s UTC.
    const updated = new Date(Date.parse(`${date}T00:00:00Z`) + day + 30 * 60_000 + i * 3 * 60_000 + i * 17_000);
    const amountCents = (i * 48_271) % 250_000 + 100;
    const email = i % 4 === 0 ? "" : `contact${String(i).padStart(2, "0")}@example.com`;
    rows.push([
      `R${String(i).padStart(6, "0")}`,
      date,
      statuses[i % statuses.length],
      `${Math.floor(amountCents / 100)}.${String(amountCents % 100).padStart(2, "0")}`,
      email,
      updated.toISOString().slice(0, 19).replace("T", " "),
    ].join(","));
  }
  return rows.join("\n") + "\n";
}
