// bench/lint: contract-lint throughput and memory, and the pre-commit hook's start-up cost.
// Usage: npm run bench:lint [-- 1000 10000]   (needs `npm run build` first for the hook part)
//        node bench/lint/run.mjs --hook-only    (the pre-commit part alone)
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { policyContractYaml } from "../policy/generate.mjs";
import { contractYaml, random } from "./generate.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const out = join(root, "bench/out");
const hookOnly = process.argv.includes("--hook-only");
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const Ns = sizes.length > 0 ? sizes : [1000, 10000];

mkdirSync(out, { recursive: true });
// The library as the CLI ships it: one esbuild bundle of @meshkit/lint.
await build({
  stdin: { contents: 'export { lintPaths } from "@meshkit/lint";', resolveDir: root, loader: "ts" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: join(out, "lint-bundle.mjs"),
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning",
});

function corpus(n) {
  // Outside the repository: its .gitignore (bench/out/) would rightly hide the corpus from discovery.
  const dir = join(tmpdir(), "meshkit-bench", `lint-${n}`);
  if (existsSync(dir) && readdirSync(dir).length === n + 1) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Its own config, so the repository's meshkit.yaml (which covers examples/ only) does not apply.
  writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
  const rand = random(42);
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `contract-${String(i).padStart(5, "0")}.odcs.yaml`), contractYaml(i, rand));
  return dir;
}

/** Lints a corpus in a fresh process pinned to one core; returns its own timing and peak RSS. */
function lintRun(dir, n) {
  const script = `
    const { lintPaths } = await import(${JSON.stringify(join(out, "lint-bundle.mjs"))});
    const t0 = performance.now();
    const r = await lintPaths([], { cwd: ${JSON.stringify(dir)} });
    const ms = performance.now() - t0;
    const errors = r.findings.filter((f) => f.severity === "error");
    if (errors.length) { console.error(JSON.stringify(errors.slice(0, 3))); process.exit(3); }
    if (r.files !== ${n} + 1) { console.error("linted " + r.files + " files, expected ${n} contracts + meshkit.yaml"); process.exit(3); }
    console.log(JSON.stringify({ files: r.files, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));`;
  const args = ["--input-type=module", "-e", script];
  const taskset = spawnSync("taskset", ["--version"]).status === 0;
  const res = taskset ? spawnSync("taskset", ["-c", "0", process.execPath, ...args], { encoding: "utf8" }) : spawnSync(process.execPath, args, { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`lint run failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!hookOnly) {
console.log("## contract-lint throughput (one process, one core)\n");
console.log("| contracts | wall (s) | contracts/s | peak RSS (MiB) | RSS per 1k contracts (MiB) |");
console.log("|---:|---:|---:|---:|---:|");
}
for (const n of hookOnly ? [] : Ns) {
  const dir = corpus(n);
  lintRun(dir, n); // warm the page cache
  const runs = [lintRun(dir, n), lintRun(dir, n), lintRun(dir, n)];
  const ms = median(runs.map((r) => r.ms));
  const rss = median(runs.map((r) => r.maxRssMiB));
  console.log(`| ${n} | ${(ms / 1000).toFixed(2)} | ${Math.round((n / ms) * 1000)} | ${rss.toFixed(0)} | ${((rss / n) * 1000).toFixed(1)} |`);
}

const cli = join(root, "packages/cli/bin/meshkit.js");
if (!existsSync(join(root, "packages/cli/dist/meshkit.js"))) {
  console.log("\n(hook part skipped: run `npm run build` first)");
  process.exit(0);
}
// Domain repositories with one staged contract, as the pre-commit hook sees them: one with no meshkit.yaml,
// where the hook runs lint and then the default policy pack (builtin:platform-baseline), and one whose
// meshkit.yaml says `policy.packs: []` (lint only: the policy engine is not loaded). The contract is
// bench/policy's clean one (restricted columns masked, a PII column, an S3 server with encryption and
// tags), which passes both.
const gitEnv = { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x" };
function hookRepo(name, config) {
  const repo = join(out, name);
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  execFileSync("git", ["init", "-q"], { cwd: repo });
  if (config) {
    writeFileSync(join(repo, "meshkit.yaml"), config);
    execFileSync("git", ["add", "meshkit.yaml"], { cwd: repo, env: gitEnv });
    execFileSync("git", ["commit", "-q", "-m", "config", "--", "meshkit.yaml"], { cwd: repo, env: gitEnv });
  }
  writeFileSync(join(repo, "orders.odcs.yaml"), policyContractYaml(9, random(7)));
  execFileSync("git", ["add", "orders.odcs.yaml"], { cwd: repo, env: gitEnv });
  return repo;
}
const repos = { lintOnly: hookRepo("hook-repo-lint-only", "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n"), baseline: hookRepo("hook-repo", undefined) };

const timeFile = join(out, "hook-time.txt");
const useTime = existsSync("/usr/bin/time");
/** One run: wall time and, with /usr/bin/time, CPU time (user + system, git children included), in ms. */
function timeOnce(args, cwd) {
  const t0 = process.hrtime.bigint();
  const res = useTime ? spawnSync("/usr/bin/time", ["-o", timeFile, "-f", "%U %S", process.execPath, ...args], { cwd, encoding: "utf8" }) : spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0) throw new Error(`${args.join(" ")} (in ${cwd}) exited ${res.status}: ${res.stdout}${res.stderr}`);
  const cpu = useTime ? readFileSync(timeFile, "utf8").trim().split("\n").pop().split(" ").reduce((a, x) => a + Number(x) * 1000, 0) : NaN;
  return { wall, cpu };
}
const variants = [
  { label: "`node -e 0`", args: ["-e", "0"], cwd: repos.lintOnly },
  { label: "hook, lint only (`policy.packs: []`)", args: [cli, "hook", "pre-commit"], cwd: repos.lintOnly },
  { label: "hook, lint + builtin:platform-baseline (no meshkit.yaml)", args: [cli, "hook", "pre-commit"], cwd: repos.baseline },
];
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const loadBefore = load();
// Interleaved, one run of each in turn, so that a neighbour's burst of work hits every variant alike;
// the first two rounds warm the page cache and are not counted.
const RUNS = 25;
const samples = variants.map(() => ({ wall: [], cpu: [] }));
for (let round = 0; round < RUNS + 2; round++) {
  variants.forEach((v, i) => {
    const t = timeOnce(v.args, v.cwd);
    if (round < 2) return;
    samples[i].wall.push(t.wall);
    samples[i].cpu.push(t.cpu);
  });
}
const cpuCell = (x) => (Number.isNaN(x) ? "n/a" : x.toFixed(0));
const bare = { wall: median(samples[0].wall), cpu: useTime ? median(samples[0].cpu) : NaN };
console.log(`\n## pre-commit hook, one staged contract, median of ${RUNS} (interleaved with \`node -e 0\`)\n`);
console.log("| command | wall ms | over `node -e 0` (target ≤ 150) | CPU ms (user + system) | CPU over `node -e 0` |");
console.log("|---|---:|---:|---:|---:|");
variants.forEach((v, i) => {
  const wall = median(samples[i].wall);
  const cpu = useTime ? median(samples[i].cpu) : NaN;
  console.log(i === 0 ? `| ${v.label} | ${wall.toFixed(0)} | | ${cpuCell(cpu)} | |` : `| ${v.label} | ${wall.toFixed(0)} | ${(wall - bare.wall).toFixed(0)} | ${cpuCell(cpu)} | ${cpuCell(cpu - bare.cpu)} |`);
});
console.log(`\nLoad average (1, 5, 15 min) at the start of the hook part: ${loadBefore}; at the end: ${load()}.`);
