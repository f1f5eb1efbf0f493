// Deterministic generator of realistic ODCS v3.1.0 contracts for the lint benchmark.
// Same seed, same files: runs are comparable across machines and commits.

/** mulberry32: a tiny seeded PRNG. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = [
  ["string", "varchar(64)"],
  ["integer", "bigint"],
  ["number", "decimal(18,2)"],
  ["date", "date"],
  ["timestamp", "timestamp"],
  ["boolean", "boolean"],
];
const CLASSES = ["public", "internal", "confidential", "restricted"];
const WORDS = ["customer", "order", "amount", "region", "channel", "status", "created", "updated", "campaign", "sku", "store", "price", "discount", "currency", "country", "segment"];

/** One contract of 20–60 properties with property and object quality rules, SLAs, team, support, servers. */
export function contractYaml(i, rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const count = 20 + Math.floor(rand() * 41);
  const lines = [
    "apiVersion: v3.1.0",
    "kind: DataContract",
    `id: 00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    `name: bench_contract_${i}`,
    `version: 1.${i % 10}.${i % 7}`,
    "status: active",
    "domain: sales",
    "description:",
    "  purpose: Benchmark contract generated with a fixed seed.",
    "team:",
    "  name: sales-data",
    "  members:",
    "    - username: owner@example.com",
    "      role: owner",
    "support:",
    "  - channel: '#sales-data'",
    "    tool: slack",
    "servers:",
    "  - server: local",
    "    type: duckdb",
    `    database: lake/bench_${i}.duckdb`,
    "schema:",
    `  - name: fact_${i}`,
    "    physicalType: table",
    "    properties:",
  ];
  for (let p = 0; p < count; p++) {
    const [logical, physical] = p === 0 ? ["string", "varchar(36)"] : pick(TYPES);
    lines.push(
      `      - name: ${pick(WORDS)}_${p}`,
      `        logicalType: ${logical}`,
      `        physicalType: ${physical}`,
      `        required: ${p < 3}`,
      `        description: Column ${p} of the benchmark table.`,
      `        classification: ${pick(CLASSES)}`,
    );
    if (p === 0) lines.push("        primaryKey: true", "        primaryKeyPosition: 1", "        unique: true");
    if (rand() < 0.4) lines.push("        quality:", "          - metric: nullValues", "            mustBeLessThan: 5", "            unit: percent", "            type: library");
    if (logical === "string" && rand() < 0.2) lines.push("        logicalTypeOptions:", "          maxLength: 64");
  }
  lines.push(
    "    quality:",
    "      - metric: rowCount",
    "        mustBeGreaterThan: 0",
    "        type: library",
    "slaProperties:",
    "  - property: latency",
    "    value: 4",
    "    unit: h",
    `    element: fact_${i}`,
    "  - property: retention",
    "    value: 7",
    "    unit: y",
    "  - property: frequency",
    "    value: 1",
    "    unit: d",
    "tags:",
    "  - bench",
  );
  return lines.join("\n") + "\n";
}
