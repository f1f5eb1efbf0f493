// bench/provision: the `local` planner on N data products (10 tables each: 200 → 2,000 tables): plan on
// an empty warehouse, apply, then plan again with no changes. Each step in a fresh Node process.
// Usage: npm run bench:provision [-- 200]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { TABLES_PER_PRODUCT, productFiles } from "./generate.mjs";
import { random } from "../lint/generate.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const here = fileURLToPath(new URL("./", import.meta.url));
const out = join(root, "bench/out");
const work = join(tmpdir(), "meshkit-bench");
const bundle = join(out, "provision-bundle.mjs");
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const N = sizes[0] ?? 200;
const ROUNDS = 3;
const TARGET_RATIO = 10;

const before = loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load average (1, 5, 15 min) ${before}${loadavg()[0] >= 1 ? "  ** busy machine: wall times will be inflated; CPU time is the steadier figure **" : ""}\n`);

mkdirSync(out, { recursive: true });
// The planner as the CLI ships it: one esbuild bundle (DuckDB's native addon stays in node_modules).
await build({
  stdin: {
    contents: [
      'export { applyLocal, planLocal } from "./packages/provision/src/local.ts";',
      'export { provisionModel } from "./packages/provision/src/model.ts";',
      'export { loadProvisionInputs } from "./packages/provision/src/project.ts";',
    ].join("\n"),
    resolveDir: root,
    loader: "ts",
  },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: bundle,
  external: ["@duckdb/node-api"],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning",
});

// Outside the repository (its .gitignore would hide bench/out from discovery); regenerated when the generator changes.
const stamp = createHash("sha256").update(readFileSync(join(here, "generate.mjs"))).update(readFileSync(join(root, "bench/lint/generate.mjs"))).digest("hex").slice(0, 16);
function corpus(n) {
  const dir = join(work, `provision-${n}`, "repo");
  const stampFile = join(dir, ".bench-stamp");
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
  const rand = random(42);
  for (let i = 0; i < n; i++) {
    for (const [path, text] of productFiles(i, rand)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  }
  writeFileSync(stampFile, stamp);
  return dir;
}

/** One step in a fresh process: load the project, build the model, plan or apply; its own timings and peak RSS. */
function step(kind, dir, target) {
  const script = `
    const { applyLocal, planLocal, provisionModel, loadProvisionInputs } = await import(${JSON.stringify(bundle)});
    const cpu = () => { const u = process.resourceUsage(); return (u.userCPUTime + u.systemCPUTime) / 1000; };
    const c0 = cpu();
    const t0 = performance.now();
    const inputs = await loadProvisionInputs({ cwd: ${JSON.stringify(dir)}, paths: [] });
    const model = provisionModel(inputs);
    const t1 = performance.now();
    const c1 = cpu();
    const options = { warehouse: ${JSON.stringify(join(target, "warehouse.duckdb"))}, lake: ${JSON.stringify(join(target, "lake"))} };
    const result = ${kind === "apply" ? "await applyLocal(model, options)" : "await planLocal(model, options)"};
    const t2 = performance.now();
    const c2 = cpu();
    const errors = [...inputs.findings, ...model.findings, ...result.findings].filter((f) => f.severity === "error");
    if (errors.length > 0 || result.applied === false) { console.error(JSON.stringify(errors.slice(0, 3))); process.exit(3); }
    const tables = model.products.reduce((n, p) => n + p.contracts.reduce((m, c) => m + c.tables.length, 0), 0);
    const columns = model.products.reduce((n, p) => n + p.contracts.reduce((m, c) => m + c.tables.reduce((k, t) => k + t.columns.length, 0), 0), 0);
    console.log(JSON.stringify({ products: model.products.length, tables, columns, changes: result.plan.changes.length, statements: result.statements.length, loadMs: t1 - t0, ms: t2 - t1, totalMs: t2 - t0, cpuMs: c2 - c1, totalCpuMs: c2 - c0, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));`;
  const res = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (res.status !== 0) throw new Error(`${kind} failed (exit ${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = corpus(N);
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const target = join(work, `provision-${N}`, "target");
  rmSync(target, { recursive: true, force: true });
  const first = step("plan", dir, target);
  const apply = step("apply", dir, target);
  const again = step("plan", dir, target);
  // The same plan without the state copy apply left beside the warehouse: it opens and reads DuckDB.
  rmSync(join(target, "warehouse.duckdb.state.json"));
  const cold = step("plan", dir, target);
  if (apply.changes !== first.changes) throw new Error(`apply made ${apply.changes} changes, the plan listed ${first.changes}`);
  if (again.changes !== 0 || cold.changes !== 0) throw new Error(`the plan after apply lists ${again.changes} (${cold.changes} without the state copy) changes; expected none`);
  rounds.push({ first, apply, again, cold });
}
const { products, tables, columns } = rounds[0].apply;
if (tables !== N * TABLES_PER_PRODUCT) throw new Error(`expected ${N * TABLES_PER_PRODUCT} tables, the model has ${tables}`);

const seconds = (ms) => (ms / 1000).toFixed(2);
const row = (label, pick) => {
  const steps = rounds.map(pick);
  const m = (key) => median(steps.map((s) => s[key]));
  return `| ${label} | ${seconds(m("totalMs"))} | ${seconds(m("loadMs"))} | ${seconds(m("ms"))} | ${seconds(m("totalCpuMs"))} | ${seconds(m("cpuMs"))} | ${m("changes")} | ${m("maxRssMiB").toFixed(0)} |`;
};
console.log(`## local: ${products} products, ${tables} tables, ${columns} columns (median of ${ROUNDS}, each step a fresh process)\n`);
console.log("| step | wall (s) | of which: load + model | of which: plan/apply | CPU (s) | of which: plan/apply | changes | peak RSS (MiB) |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
console.log(row("plan, empty warehouse", (r) => r.first));
console.log(row("apply (first)", (r) => r.apply));
console.log(row("plan again, no changes", (r) => r.again));
console.log(row("the same, state copy removed (reads DuckDB)", (r) => r.cold));
const ratio = (key) => median(rounds.map((r) => r.apply[key])) / median(rounds.map((r) => r.again[key]));
console.log(`\nNo-change plan vs first apply (target ≥ ${TARGET_RATIO}×): end to end ${ratio("totalMs").toFixed(1)}× wall, ${ratio("totalCpuMs").toFixed(1)}× CPU; planner alone ${ratio("ms").toFixed(1)}× wall, ${ratio("cpuMs").toFixed(1)}× CPU: ${ratio("totalMs") >= TARGET_RATIO ? "met" : "MISSED"} end to end.`);
const coldRatio = median(rounds.map((r) => r.apply.totalMs)) / median(rounds.map((r) => r.cold.totalMs));
console.log(`Without the state copy: ${coldRatio.toFixed(1)}× wall end to end.`);
console.log(`Wall times of the ${ROUNDS} rounds (apply / plan again / without the copy, s): ${rounds.map((r) => `${seconds(r.apply.totalMs)} / ${seconds(r.again.totalMs)} / ${seconds(r.cold.totalMs)}`).join("; ")}.`);
console.log(`Load average (1, 5, 15 min) before: ${before}; after: ${loadavg().map((l) => l.toFixed(2)).join(" ")}.`);
