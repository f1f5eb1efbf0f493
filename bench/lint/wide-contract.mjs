// Generates a contract whose object `wide` has N columns and many references into it:
// per-column relationships (by name and by id), object-level composite relationships, and SLA elements
// (object.property, bare columns, comma lists), some deliberately unresolved so findings exist.
// Then lints it with the bundled CLI (`npm run build` first), three times, and prints wall time and peak RSS:
// the lookups of these references must stay indexed (a search per reference took 16 s here).
// usage: node bench/lint/wide-contract.mjs [columns=16000]
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const N = Number(process.argv[2] ?? "16000");
const dir = join(tmpdir(), "meshkit-bench", `lint-wide-${N}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
const out = join(dir, "wide.odcs.yaml");
const L = [];
L.push("apiVersion: v3.1.0", "kind: DataContract", "id: 7a1f3a0e-0000-4000-8000-000000000001", "name: wide_contract", "version: 1.0.0", "status: active");
L.push("team:", "  name: wide-team", "schema:");
L.push("  - name: wide", "    id: wide_obj", "    physicalType: table", "    relationships:");
for (let k = 0; k < 500; k++) {
  const a = (k * 31) % N, b = (k * 37) % N, c = (k * 41) % N;
  L.push(`      - type: foreignKey`, `        from: [wide.col_${a}, wide.col_${b}]`, `        to: [schema/dim_obj/properties/dim_key, schema/dim_obj/properties/${k % 50 === 0 ? "nope" : "dim_sub"}]`);
  L.push(`      - type: foreignKey`, `        from: wide.col_${c}`, `        to: ${k % 25 === 0 ? "wide.missing_" + k : "wide.col_" + ((c + 1) % N)}`);
}
L.push("    properties:");
for (let i = 0; i < N; i++) {
  L.push(`      - name: col_${i}`, `        id: p_${i}`, `        logicalType: string`);
  if (i % 2 === 0) {
    const j = (i * 7 + 3) % N;
    const to = i % 4 === 0 ? `wide.col_${j}` : `schema/wide_obj/properties/p_${j}`;
    L.push(`        relationships:`, `          - type: foreignKey`, `            to: ${i % 1000 === 0 ? to + "_gone" : to}`);
  }
}
L.push("  - name: dim", "    id: dim_obj", "    physicalName: dim_table", "    properties:");
L.push("      - name: dim_key", "        id: dim_key", "        logicalType: string");
L.push("      - name: dim_sub", "        id: dim_sub", "        physicalName: DIM_SUB", "        logicalType: object", "        properties:", "          - name: leaf", "            id: leaf", "            logicalType: string");
L.push("slaProperties:");
for (let k = 0; k < 3000; k++) {
  const a = (k * 13) % N;
  let element;
  switch (k % 6) {
    case 0: element = `wide.col_${a}`; break;
    case 1: element = `col_${a}`; break; // bare column: searched in every object
    case 2: element = `wide.col_${a}, wide.col_${(a + 5) % N}`; break;
    case 3: element = `dim_table.DIM_SUB.leaf`; break;
    case 4: element = k % 60 === 4 ? `wide.not_there_${k}` : `wide`; break;
    default: element = k % 30 === 5 ? `ghost_${k}` : `col_${(a + 1) % N}`;
  }
  L.push(`  - property: latency`, `    value: 4`, `    unit: d`, `    element: ${element}`);
}
writeFileSync(out, L.join("\n") + "\n");

const cli = fileURLToPath(new URL("../../packages/cli/bin/meshkit.js", import.meta.url));
for (let run = 1; run <= 3; run++) {
  const started = process.hrtime.bigint();
  const result = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, cli, "lint", "wide.odcs.yaml", "-f", "json", "-o", "out.json"], { cwd: dir, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMiB = Number(result.stderr.trim().split("\n").at(-1)) / 1024;
  console.log(`run ${run}: ${N} columns, exit ${result.status}, ${seconds.toFixed(2)} s, ${rssMiB.toFixed(0)} MiB peak`);
}
