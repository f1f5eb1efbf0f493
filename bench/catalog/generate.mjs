// Deterministic inputs for the catalog benchmark: N data products over 20 domains, each an ODPS
// descriptor (team, support, tags, one output port, 0–2 input ports on earlier products' contracts,
// so the site draws real lineage) and its ODCS contract (1–3 objects of 6–20 typed, described and
// classified columns, some of them personal data; a postgres server; SLAs), plus one contract-test
// results run (`meshkit-quality-run`) covering every contract.
// Same seed, same files: runs compare across machines and commits.
import { toYaml } from "../compat/generate.mjs";

export const DOMAINS = ["sales", "finance", "marketing", "supply_chain", "customer", "logistics", "hr", "procurement", "pricing", "returns", "payments", "inventory", "web", "stores", "loyalty", "support", "fraud", "risk", "legal", "partners"];
const SUBJECTS = ["orders", "invoices", "shipments", "campaigns", "customers", "payments", "refunds", "returns", "stock", "prices", "sessions", "tickets", "contracts", "suppliers", "employees", "claims"];
const GRAINS = ["daily", "hourly", "snapshot", "events", "ledger", "summary", "history", "current"];
const WORDS = ["customer", "order", "amount", "region", "channel", "status", "created", "updated", "campaign", "sku", "store", "price", "discount", "currency", "country", "segment", "quantity", "warehouse", "carrier", "invoice"];
const PERSONAL = ["email", "phone_number", "first_name", "last_name", "birth_date", "street_address"];
const TYPES = [
  { logicalType: "string", physicalType: "VARCHAR(64)" },
  { logicalType: "integer", physicalType: "BIGINT" },
  { logicalType: "number", physicalType: "DECIMAL(18,2)" },
  { logicalType: "date", physicalType: "DATE" },
  { logicalType: "timestamp", physicalType: "TIMESTAMP" },
  { logicalType: "boolean", physicalType: "BOOLEAN" },
];
const CLASSES = ["public", "internal", "confidential", "restricted"];
const PEOPLE = ["ana.silva", "ben.okafor", "chen.wei", "dara.nolan", "eva.lind", "farid.haddad", "grace.kim", "hugo.martin", "ines.moreau", "jonas.berg", "kavya.rao", "lena.fischer"];
export const RESULTS_AT = "2026-11-30T06:00:00Z";

const pad = (n, width) => String(n).padStart(width, "0");
export const domainOf = (i) => DOMAINS[i % DOMAINS.length];
export const productId = (i) => `10000000-0000-4000-8000-${pad(i, 12)}`;
export const contractId = (i) => `20000000-0000-4000-8000-${pad(i, 12)}`;
export const versionOf = (i) => `1.${i % 5}.0`;

/**
 * Product `i`: its name, the documents (plain values) and their file names. `rand` is a seeded PRNG
 * (bench/lint/generate.mjs `random`); products are generated in index order from one stream.
 */
export function product(i, rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const domain = domainOf(i);
  const name = `${pick(SUBJECTS)}_${pick(GRAINS)}_${pad(i, 4)}`;
  const version = versionOf(i);
  const owner = pick(PEOPLE);
  const steward = pick(PEOPLE);
  const inputs = [];
  if (i >= DOMAINS.length) {
    const count = Math.floor(rand() * 3);
    for (let k = 0; k < count; k++) {
      const j = Math.floor(rand() * i);
      if (!inputs.some((p) => p.contractId === contractId(j))) inputs.push({ name: `from_${pad(j, 4)}`, version: versionOf(j), contractId: contractId(j) });
    }
  }
  const objects = [];
  const objectCount = 1 + Math.floor(rand() * 3);
  for (let o = 0; o < objectCount; o++) {
    const properties = [];
    const count = 6 + Math.floor(rand() * 15);
    const used = new Set();
    for (let p = 0; p < count; p++) {
      if (p === 0) {
        properties.push({ name: `${name.split("_")[0]}_id`, logicalType: "string", physicalType: "VARCHAR(36)", required: true, primaryKey: true, primaryKeyPosition: 1, unique: true, classification: "internal", description: "Identifier of the row." });
        continue;
      }
      const personal = rand() < 0.12;
      let column = personal ? pick(PERSONAL) : `${pick(WORDS)}_${pick(["id", "code", "name", "at", "value", "count", "flag"])}`;
      while (used.has(column)) column = `${column}_${p}`;
      used.add(column);
      const type = personal ? TYPES[0] : pick(TYPES);
      properties.push({
        name: column,
        ...type,
        required: rand() < 0.3,
        classification: personal ? "restricted" : pick(CLASSES),
        ...(personal ? { tags: ["pii"] } : {}),
        description: `The ${column.replace(/_/g, " ")} of the ${name.split("_")[0]} row.`,
      });
    }
    objects.push({ name: `${name}_t${o}`, physicalName: `${name}_t${o}`, physicalType: "table", description: `Table ${o} of ${name}: one row per ${name.split("_")[0]} and ${pick(GRAINS)} period.`, properties });
  }
  const purpose = `${name.replace(/_\d+$/, "").replace(/_/g, " ")} of the ${domain.replace(/_/g, " ")} domain, with ${pick(WORDS)} and ${pick(WORDS)} for reporting.`;
  const tags = [...new Set([domain, pick(WORDS), pick(SUBJECTS)])];
  const odps = {
    apiVersion: "v1.0.0",
    kind: "DataProduct",
    id: productId(i),
    name,
    version,
    status: "active",
    domain,
    tenant: "acme",
    description: { purpose, usage: `Join on ${objects[0].properties[0].name}. Request the ${domain}_reader role.` },
    tags,
    team: { name: `${domain}-data`, members: [{ username: `${owner}@acme.example`, name: owner.replace(".", " "), role: "owner" }, { username: `${steward}@acme.example`, name: steward.replace(".", " "), role: "data steward" }] },
    support: [{ channel: `#${domain}-data`, tool: "slack", scope: "interactive", url: `https://acme.slack.example/archives/${domain.toUpperCase()}` }],
    ...(inputs.length > 0 ? { inputPorts: inputs } : {}),
    outputPorts: [{ name, version, type: "tables", contractId: contractId(i), description: `The tables of ${name}.` }],
  };
  const odcs = {
    apiVersion: "v3.1.0",
    kind: "DataContract",
    id: contractId(i),
    name,
    version,
    status: "active",
    domain,
    description: { purpose },
    tags,
    servers: [{ server: "warehouse", type: "postgres", environment: "prod", host: "db.acme.example", port: 5432, database: "analytics", schema: domain }],
    schema: objects,
    slaProperties: [
      { property: "latency", value: 1 + Math.floor(rand() * 24), unit: "h", element: `${objects[0].name}.${objects[0].properties[0].name}` },
      { property: "retention", value: 1 + Math.floor(rand() * 10), unit: "y" },
    ],
    team: { name: `${domain}-data`, members: [{ username: `${owner}@acme.example`, role: "owner" }] },
  };
  const dir = `${domain}/${name}`;
  return {
    name,
    files: [
      [`${dir}/product.odps.yaml`, `${toYaml(odps)}\n`],
      [`${dir}/contract.odcs.yaml`, `${toYaml(odcs)}\n`],
    ],
    contract: odcs,
  };
}

/** The contract-test results of a run over `contracts`: 2–3 checks per object, ~5 % failing, ~5 % warning. */
export function qualityRun(contracts, rand) {
  const results = contracts.map((contract) => {
    const checks = contract.schema.flatMap((object) => {
      const key = object.properties[0].name;
      const list = [
        { id: `${object.name}.rowCount`, rule: "quality-row-count", object: object.name, measured: 1000 + Math.floor(rand() * 100000), threshold: { mustBeGreaterThan: 0 }, unit: "rows" },
        { id: `${object.name}.${key}.unique`, rule: "schema-unique", object: object.name, property: key, measured: 0, threshold: { mustBe: 0 }, unit: "rows" },
      ];
      if (rand() < 0.5) list.push({ id: `${object.name}.${key}.required`, rule: "schema-required", object: object.name, property: key, measured: 0, threshold: { mustBe: 0 }, unit: "rows" });
      return list.map((check) => {
        const roll = rand();
        const status = roll < 0.05 ? "fail" : roll < 0.1 ? "warn" : "pass";
        return { ...check, status, severity: status === "warn" ? "warning" : "error", rowsChecked: 1000, failedRows: status === "pass" ? 0 : 3, message: status === "pass" ? "ok" : `${check.id}: 3 rows do not meet the rule` };
      });
    });
    const count = (s) => checks.filter((c) => c.status === s).length;
    return {
      kind: "meshkit-quality-results",
      version: 1,
      contract: { id: contract.id, version: contract.version, file: "contract.odcs.yaml" },
      source: "warehouse",
      engine: "postgres",
      startedAt: RESULTS_AT,
      finishedAt: RESULTS_AT,
      summary: { checks: checks.length, passed: count("pass"), failed: count("fail"), warned: count("warn"), errors: 0 },
      checks,
    };
  });
  return { kind: "meshkit-quality-run", version: 1, startedAt: RESULTS_AT, finishedAt: RESULTS_AT, contracts: results };
}
