// Deterministic inputs for the provision benchmark: N data products over 20 domains, each an ODPS
// descriptor with two output ports and two ODCS contracts of five objects (10 tables per product,
// 2,000 for N = 200), 6–20 typed, described and classified properties per object.
// Same seed, same files: runs compare across machines and commits.

export const DOMAINS = ["sales", "finance", "marketing", "supply_chain", "customer", "logistics", "hr", "procurement", "pricing", "returns", "payments", "inventory", "web", "stores", "loyalty", "support", "fraud", "risk", "legal", "partners"];
export const TABLES_PER_PRODUCT = 10;

const TYPES = [
  ["string", null, null],
  ["string", null, "      logicalTypeOptions:\n        maxLength: 64"],
  ["integer", null, null],
  ["integer", null, "      logicalTypeOptions:\n        format: i32"],
  ["number", "DECIMAL(18,2)", null],
  ["number", null, null],
  ["date", null, null],
  ["timestamp", null, null],
  ["timestamp", null, "      logicalTypeOptions:\n        timezone: true"],
  ["boolean", null, null],
];
const CLASSES = ["public", "internal", "confidential", "restricted"];
const WORDS = ["customer", "order", "amount", "region", "channel", "status", "created", "updated", "campaign", "sku", "store", "price", "discount", "currency", "country", "segment"];

const pad = (n, width) => String(n).padStart(width, "0");
export const productName = (i) => `product_${pad(i, 4)}`;
export const domainOf = (i) => DOMAINS[i % DOMAINS.length];
const contractId = (i, c) => `00000000-0000-4000-9000-${pad(i, 8)}${pad(c, 4)}`;

/** The files of product `i`: `<domain>/<product>/{product.odps.yaml, c0.odcs.yaml, c1.odcs.yaml}`. */
export function productFiles(i, rand) {
  const domain = domainOf(i);
  const name = productName(i);
  const dir = `${domain}/${name}`;
  const product = [
    "apiVersion: v1.0.0",
    "kind: DataProduct",
    `id: 00000000-0000-4000-8000-${pad(i, 12)}`,
    `name: ${name}`,
    "version: 1.0.0",
    "status: active",
    `domain: ${domain}`,
    "team:",
    `  name: ${domain}-data`,
    "  members:",
    `    - username: owner-${i}@example.com`,
    "      role: owner",
    "outputPorts:",
    ...[0, 1].flatMap((c) => [`  - name: port_${c}`, "    version: 1.0.0", `    contractId: ${contractId(i, c)}`]),
    "customProperties:",
    "  - property: costCenter",
    `    value: CC-${pad(i % 50, 3)}`,
  ].join("\n");
  const contracts = [0, 1].map((c) => [`${dir}/c${c}.odcs.yaml`, contractYaml(i, c, rand)]);
  return [[`${dir}/product.odps.yaml`, `${product}\n`], ...contracts];
}

function contractYaml(i, c, rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const lines = [
    "apiVersion: v3.1.0",
    "kind: DataContract",
    `id: ${contractId(i, c)}`,
    `name: ${productName(i)}_c${c}`,
    "version: 1.0.0",
    "status: active",
    `domain: ${domainOf(i)}`,
    `dataProduct: ${productName(i)}`,
    "team:",
    `  name: ${domainOf(i)}-data`,
    "  members:",
    `    - username: owner-${i}@example.com`,
    "      role: owner",
    "slaProperties:",
    "  - property: latency",
    "    value: 4",
    "    unit: h",
    "  - property: retention",
    "    value: 7",
    "    unit: y",
    "roles:",
    `  - role: ${domainOf(i)}_reader`,
    "    access: read",
    "schema:",
  ];
  for (let o = 0; o < TABLES_PER_PRODUCT / 2; o++) {
    const count = 6 + Math.floor(rand() * 15);
    lines.push(`  - name: p${pad(i, 4)}_c${c}_t${o}`, "    physicalType: table", `    description: Object ${o} of contract ${c} of product ${i}; it's "generated".`, "    properties:");
    for (let p = 0; p < count; p++) {
      const [logical, physical, options] = p === 0 ? ["string", null, null] : pick(TYPES);
      lines.push(`      - name: ${pick(WORDS)}_${p}`, `        logicalType: ${logical}`);
      if (physical) lines.push(`        physicalType: ${physical}`);
      if (options) lines.push(options.replace(/^ {6}/gm, "        "));
      lines.push(`        required: ${p < 2}`, `        description: Column ${p} of the table.`, `        classification: ${pick(CLASSES)}`);
      if (p === 0) lines.push("        primaryKey: true");
    }
  }
  return `${lines.join("\n")}\n`;
}
