// Deterministic inputs for the schema-compat benchmark: a large contract and a head version with
// a fixed mix of changes, and the versions of a contract released one column at a time.
// Same seed, same documents: runs compare across machines and commits.
import { random } from "../lint/generate.mjs";

export { random };

/** Block-style YAML for plain data (mappings, lists, scalars); lists of scalars in flow style. */
export function toYaml(value, indent = "") {
  const lines = [];
  const scalar = (v) => (typeof v === "string" ? (/^[A-Za-z_][\w .()/@-]*$/.test(v) && !/^(true|false|null|yes|no|on|off)$/i.test(v) && !/: /.test(v) ? v : JSON.stringify(v)) : JSON.stringify(v));
  const isPlain = (v) => v === null || typeof v !== "object" || (Array.isArray(v) && v.every((x) => x === null || typeof x !== "object"));
  const inline = (v) => (Array.isArray(v) ? `[${v.map(scalar).join(", ")}]` : scalar(v));
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (isPlain(v)) lines.push(`${indent}${key}: ${inline(v)}`);
    else if (Array.isArray(v)) {
      lines.push(`${indent}${key}:`);
      for (const item of v) {
        const body = toYaml(item, `${indent}    `).split("\n");
        lines.push(`${indent}  - ${body[0].trimStart()}`, ...body.slice(1));
      }
    } else lines.push(`${indent}${key}:`, toYaml(v, `${indent}  `));
  }
  return lines.join("\n");
}

const TYPES = [
  { logicalType: "string", physicalType: "varchar(64)" },
  { logicalType: "integer", physicalType: "int" },
  { logicalType: "integer", physicalType: "bigint" },
  { logicalType: "number", physicalType: "decimal(18,2)" },
  { logicalType: "date", physicalType: "date" },
  { logicalType: "timestamp", physicalType: "timestamp" },
  { logicalType: "boolean", physicalType: "boolean" },
];
const CLASSES = ["public", "internal", "confidential", "restricted"];
const WORDS = ["customer", "order", "amount", "region", "channel", "status", "created", "updated", "campaign", "sku", "store", "price", "discount", "currency", "country", "segment"];

function header(id, version) {
  return {
    apiVersion: "v3.1.0",
    kind: "DataContract",
    id,
    name: id,
    version,
    status: "active",
    domain: "sales",
    description: { purpose: "Benchmark contract generated with a fixed seed." },
    team: { name: "sales-data", members: [{ username: "owner@example.com", role: "owner" }] },
    servers: [{ server: "warehouse", type: "postgres", host: "db.internal", port: 5432, database: "analytics", schema: "sales" }],
  };
}

/** One column: a type, constraints, a quality rule or valid values now and then. */
function column(name, p, rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const type = p === 0 ? TYPES[0] : TYPES[p % TYPES.length];
  const prop = { name, ...type, required: p < 3 || rand() < 0.3, description: `Column ${p} of the benchmark table.`, classification: pick(CLASSES) };
  if (p === 0) Object.assign(prop, { unique: true, primaryKey: true, primaryKeyPosition: 1 });
  if (type.logicalType === "string") prop.logicalTypeOptions = { maxLength: 64 };
  if (type.logicalType === "integer") prop.logicalTypeOptions = { minimum: 0 };
  const quality = [];
  if (rand() < 0.4) quality.push({ type: "library", metric: "nullValues", mustBeLessThan: 5, unit: "percent" });
  if (type.logicalType === "string" && rand() < 0.3) quality.push({ type: "library", metric: "invalidValues", arguments: { validValues: ["a", "b", "c"] }, mustBe: 0 });
  if (quality.length) prop.quality = quality;
  return prop;
}

/** A contract of `objects` tables with `perObject` columns each. */
export function bigContract({ objects = 50, perObject = 100, seed = 42 } = {}) {
  const rand = random(seed);
  const schema = [];
  for (let o = 0; o < objects; o++) {
    const properties = [];
    for (let p = 0; p < perObject; p++) properties.push(column(`${WORDS[p % WORDS.length]}_${p}`, p, rand));
    schema.push({ name: `table_${o}`, physicalType: "table", properties, quality: [{ type: "library", metric: "rowCount", mustBeGreaterThan: 0 }] });
  }
  return {
    ...header("bench-big-contract", "1.0.0"),
    schema,
    slaProperties: [
      { property: "latency", value: 4, unit: "h" },
      { property: "retention", value: 3, unit: "y" },
    ],
  };
}

/**
 * The head version: `count` changes, the same number of each mutation, each on its own column
 * (never the primary key). Returns the contract and how many changes of each mutation were made.
 */
export function mutate(base, { count = 500, seed = 7 } = {}) {
  const rand = random(seed);
  const head = JSON.parse(JSON.stringify(base)); // plain data
  head.version = "2.0.0";
  const used = new Set();
  const candidates = (test) => head.schema.flatMap((o, oi) => o.properties.map((p, pi) => ({ o, oi, p, pi }))).filter(({ p, pi, oi }) => pi > 0 && !used.has(`${oi}/${p.name}`) && test(p));
  const mutations = {
    "physical type widened": [(p) => p.physicalType === "int", (p) => void (p.physicalType = "bigint")],
    "physical type narrowed": [(p) => p.physicalType === "decimal(18,2)", (p) => void (p.physicalType = "decimal(10,2)")],
    "logical type widened": [(p) => p.logicalType === "integer" && p.physicalType === "bigint", (p) => void (p.logicalType = "number")],
    "logical type narrowed": [(p) => p.logicalType === "timestamp", (p) => void (p.logicalType = "date")],
    "column removed": [(p) => !p.primaryKey, (p, o) => o.properties.splice(o.properties.indexOf(p), 1)],
    "column added": [() => true, (p, o) => o.properties.push({ name: `${p.name}_new`, logicalType: "string", physicalType: "varchar(32)", required: false, classification: "internal" })],
    "required flipped": [() => true, (p) => void (p.required = !p.required)],
    "constraint changed": [(p) => p.logicalTypeOptions !== undefined, (p) => void (p.logicalTypeOptions = "maxLength" in p.logicalTypeOptions ? { maxLength: rand() < 0.5 ? 32 : 128 } : { minimum: 1 })],
    "quality threshold changed": [(p) => p.quality?.some((q) => q.metric === "nullValues"), (p) => void (p.quality.find((q) => q.metric === "nullValues").mustBeLessThan = rand() < 0.5 ? 1 : 10)],
    "classification changed": [() => true, (p) => void (p.classification = p.classification === "restricted" ? "internal" : "restricted")],
  };
  const names = Object.keys(mutations);
  const made = Object.fromEntries(names.map((n) => [n, 0]));
  for (let i = 0; i < count; i++) {
    const name = names[i % names.length];
    const [test, apply] = mutations[name];
    const options = candidates(test);
    if (options.length === 0) throw new Error(`no column left for ${name}`);
    const { o, oi, p } = options[Math.floor(rand() * options.length)];
    used.add(`${oi}/${p.name}`);
    apply(p, o);
    made[name]++;
  }
  return { head, made };
}

/**
 * Release `k` (0-based) of a contract that grows one column at a time: release 0 has `start`
 * columns over three tables; each later release adds an optional column (odd k) or documents a
 * column and lowers its classification (even k). Every change is compatible both ways: a minor bump.
 */
export function release(k, { start = 275 } = {}) {
  const rand = random(11);
  const tables = [0, 1, 2].map((t) => ({ name: `table_${t}`, physicalType: "table", properties: [] }));
  for (let p = 0; p < start; p++) tables[p % 3].properties.push(column(`${WORDS[p % WORDS.length]}_${p}`, p, rand));
  for (const t of tables) for (const p of t.properties) if (p.classification === "public") p.classification = "internal";
  for (let j = 1; j <= k; j++) {
    const table = tables[j % 3];
    if (j % 2 === 1) table.properties.push({ name: `added_in_${j}`, logicalType: "string", physicalType: "varchar(40)", required: false, description: `Added in 1.${j}.0.`, classification: "internal" });
    else {
      const target = table.properties[1 + j]; // a different column every time
      target.description = `${target.description} Documented again in 1.${j}.0.`;
      target.classification = target.classification === "restricted" ? "confidential" : target.classification === "confidential" ? "internal" : "public";
    }
  }
  return { ...header("bench-released-contract", `1.${k}.0`), schema: tables, slaProperties: [{ property: "latency", value: 4, unit: "h" }] };
}
