// bench/policy: policy-check throughput (100 policies over N documents), and the pre-commit hook
// (lint + policy on one staged contract) against bare Node start. The whole run is measured as users
// get it (one JavaScript thread; V8's compiler and GC threads on the other core), and pinned to one core
// (the figure of the earlier runs).
// Usage: npm run bench:policy [-- 500 5000]   (needs `npm run build` first for the hook part)
//        node bench/policy/run.mjs --hook-only   (the pre-commit part alone)
import { createHash } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { GENERATED_POLICIES, corpusFiles, documentKind, documentPath, meshkitYaml, policyContractYaml, policyFiles, random, violates } from "./generate.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const here = fileURLToPath(new URL("./", import.meta.url));
const out = join(root, "bench/out");
const work = join(tmpdir(), "meshkit-bench");
const bundle = join(out, "policy-bundle.mjs");
const shim = join(here, "cel-counters.mjs");
const hookOnly = process.argv.includes("--hook-only");
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const Ns = sizes.length > 0 ? sizes : [500, 5000];
const POLICIES = GENERATED_POLICIES + 7; // + builtin:platform-baseline's 7
const TARGET_MS = 2000;

mkdirSync(out, { recursive: true });
// The library as the CLI ships it: one esbuild bundle of @meshkit/policy and the parts of @meshkit/core
// the phase timings need. @bufbuild/cel is seen through cel-counters.mjs, which counts parse/plan/program calls.
// (ESM builds: @meshkit/policy loads @bufbuild/cel and RE2 with `require` on first use, which would bundle
// the CommonJS builds beside the ESM ones the shim imports; here all are the ESM ones.)
const realCel = fileURLToPath(import.meta.resolve("@bufbuild/cel"));
const realExt = fileURLToPath(import.meta.resolve("@bufbuild/cel/ext"));
const realRe2 = fileURLToPath(import.meta.resolve("@bufbuild/re2"));
const celCounters = {
  name: "cel-counters",
  setup(b) {
    b.onResolve({ filter: /^@bufbuild\/cel$/ }, (args) => ({ path: args.importer === shim ? realCel : shim }));
    b.onResolve({ filter: /^@bufbuild\/cel\/ext$/ }, () => ({ path: realExt }));
    b.onResolve({ filter: /^@bufbuild\/re2$/ }, () => ({ path: realRe2 }));
  },
};
const bundleOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning",
  plugins: [celCounters],
};
await build({
  ...bundleOptions,
  stdin: {
    contents: [
      'export { documentViews, evaluatePolicies, loadPacks, runPolicy } from "@meshkit/policy";',
      'export { BAIL } from "./packages/policy/src/cel-js.ts";',
      'export { evaluationCache, policyEvaluator } from "./packages/policy/src/engine.ts";',
      'export { discoverFiles, loadConfig, loadText, mayBeMeshkitDocument, readSourceFile } from "@meshkit/core";',
    ].join("\n"),
    resolveDir: root,
    loader: "ts",
  },
  outfile: bundle,
});

// Inputs are regenerated whenever the generator changes (its hash is stamped next to them).
const stamp = createHash("sha256").update(readFileSync(join(here, "generate.mjs"))).update(readFileSync(join(root, "bench/lint/generate.mjs"))).digest("hex").slice(0, 16);
function materialise(dir, files) {
  const stampFile = join(dir, ".bench-stamp");
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(stampFile, stamp);
  return dir;
}

// Outside the repository: its .gitignore (bench/out/) would rightly hide the corpus from discovery.
const packDir = materialise(join(work, "policy-pack"), policyFiles());
function corpus(n) {
  // The pack lives beside the corpus, not in it: policy files are not documents to check.
  return materialise(join(work, `policy-${n}`), [["meshkit.yaml", meshkitYaml("../policy-pack")], ...corpusFiles(n)]);
}
function expectation(n) {
  const kinds = { DataContract: 0, DataProduct: 0, Infrastructure: 0, Config: 1 };
  for (let i = 0; i < n; i++) kinds[documentKind(i)]++;
  const violating = [];
  for (let i = 0; i < n; i++) if (violates(i)) violating.push(documentPath(i));
  return { documents: n, policies: POLICIES, kinds, violating: violating.sort() };
}

const taskset = spawnSync("taskset", ["--version"]).status === 0;
/**
 * How the whole run is measured: as `meshkit policy` runs (every core: the run is one JavaScript thread,
 * and V8 compiles the generated code and collects garbage on its own threads), and pinned to one core,
 * where those threads share the core too.
 */
const RUN_MODES = [
  { key: "default", label: "as users get it: every core", pin: false },
  { key: "pinned", label: `pinned to one core${taskset ? "" : " (no taskset here: not pinned)"}`, pin: true },
];
/** A fresh Node process, pinned to one core (when taskset exists) unless `pin` is false; returns its JSON line. */
function worker(dir, mode, expected, { pin = true } = {}) {
  const argv = [join(here, "worker.mjs"), bundle, dir, mode, JSON.stringify(expected)];
  const options = { encoding: "utf8", maxBuffer: 1 << 26 };
  const res = taskset && pin ? spawnSync("taskset", ["-c", "0", process.execPath, ...argv], options) : spawnSync(process.execPath, argv, options);
  if (res.status !== 0) throw new Error(`policy ${mode} run on ${dir} failed (exit ${res.status}):\n${res.stderr}`);
  return JSON.parse(res.stdout);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x, digits = 0) => x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const loadBefore = load();
if (!hookOnly) await throughput();

async function throughput() {
  /** Reads every file once, so the timed runs find them in the page cache. */
  function warmPageCache(dir) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) if (entry.isFile()) readFileSync(join(entry.parentPath ?? entry.path, entry.name));
  }

  const runs = {};
  const phases = {};
  for (const n of Ns) {
    const dir = corpus(n);
    const expected = expectation(n);
    warmPageCache(dir);
    warmPageCache(packDir);
    // Three runs of each mode, interleaved, so that a neighbour's load falls on all of them alike.
    runs[n] = Object.fromEntries(RUN_MODES.map((m) => [m.key, []]));
    for (let i = 0; i < 3; i++) for (const m of RUN_MODES) runs[n][m.key].push(worker(dir, "run", expected, m));
    // Pinned or not: the same findings and results, in the same order.
    const digests = new Set(RUN_MODES.flatMap((m) => runs[n][m.key].map((r) => r.digest)));
    if (digests.size !== 1) throw new Error(`N = ${n}: the findings and results differ between the runs (${[...digests].join(", ")})`);
    // The step-by-step breakdown: three processes too, or one when a run takes over a minute.
    const slow = median(runs[n].pinned.map((r) => r.ms)) > 60_000;
    phases[n] = (slow ? [0] : [0, 1, 2]).map(() => worker(dir, "phases", expected));
  }
  const families = worker(corpus(Ns[0]), "families", expectation(Ns[0])).families;
  const verified = worker(corpus(Ns[0]), "verify", expectation(Ns[0]));

  const first = runs[Ns[0]].pinned[0];
  console.log(`## policy-check: ${first.policies} policies (${GENERATED_POLICIES} generated + builtin:platform-baseline's 7), ${first.rules} rules, ${first.expressions} CEL expressions\n`);
  console.log("`runPolicy({cwd, paths: []})` in a fresh process: config, discovery, read + parse, compile, evaluate (median of 3 per row; the rows' runs interleaved).\n");
  console.log("| documents | run | wall (s) | CPU (s) | ms per document | evaluations | evaluations/s | interpreter evaluations | peak RSS (MiB) | failing documents | findings |");
  console.log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const n of Ns) {
    for (const m of RUN_MODES) {
      const list = runs[n][m.key];
      const ms = median(list.map((r) => r.ms));
      const cpu = median(list.map((r) => r.cpuMs));
      const r = list[0];
      const target = n === 5000 && m.key === "default" ? ` (target < 2: ${ms < TARGET_MS ? "met" : "**missed**"})` : "";
      console.log(`| ${fmt(n)} | ${m.label} | ${(ms / 1000).toFixed(2)}${target} | ${(cpu / 1000).toFixed(2)} | ${(ms / n).toFixed(3)} | ${fmt(r.results)} | ${fmt((r.results / ms) * 1000)} | ${fmt(r.celEvaluations)} | ${fmt(median(list.map((x) => x.maxRssMiB)))} | ${r.summary.fail + r.summary.warn > 0 ? expectation(n).violating.length : 0} | ${fmt(r.findings)} |`);
    }
  }
  console.log(`\nCPU time is the process's user + system time, all threads (V8's compiler and GC threads too); when other work shares the cores, wall time grows and CPU time much less. Every run is checked (counts, failing documents), and the unpinned runs against the pinned ones: the same results and findings (a hash of both, in order).`);
  console.log(`\nJavaScript functions generated (pinned run): ${first.jsCompiled} for the packs' ${first.expressions} expressions (on first use: an expression's value and, for forEach rules, its whole-list form); expressions left to @bufbuild/cel's parser: ${first.celParses}; planned for its interpreter: ${first.celPlans} (each at most once, whatever N). "Interpreter evaluations": evaluations the compiled code left to @bufbuild/cel (an error, or outside its subset).`);
  console.log(`\nCompiled code checked against the interpreter on ${fmt(verified.documents)} documents of the ${fmt(Ns[0])}: ${fmt(verified.evaluations)} evaluations, ${fmt(verified.compiled)} answered by compiled code and identical to the interpreter's, ${fmt(verified.bailed)} left to it, ${fmt(verified.outsideSubset)} outside the subset; ${fmt(verified.forEachCompiled)} of ${fmt(verified.forEachCalls)} forEach lists run in one call, with the same failing elements.`);
  console.log(`\nWall times of the 3 runs: ${Ns.map((n) => RUN_MODES.map((m) => `${fmt(n)} ${m.key}: ${runs[n][m.key].map((r) => (r.ms / 1000).toFixed(2)).join(", ")} s`).join("; ")).join("; ")}.`);
  const last = runs[Ns.at(-1)].pinned[0];
  console.log(`\nEvaluations = results = documents × the rules of the policies matching their kind (pass ${fmt(last.summary.pass)}, fail ${fmt(last.summary.fail)}, warn ${fmt(last.summary.warn)}, skip ${fmt(last.summary.skip)} at N = ${fmt(Ns.at(-1))}).\n`);

  console.log(`### Where the time goes (the steps of runPolicy, one by one, in fresh processes: ${Ns.map((n) => `${phases[n].length} at ${fmt(n)}`).join(", ")}; median)\n`);
  console.log(`| step | ${Ns.map((n) => `${fmt(n)} docs (ms)`).join(" | ")} |`);
  console.log(`|---|${Ns.map(() => "---:").join("|")}|`);
  const row = (label, pick, digits = 0) => console.log(`| ${label} | ${Ns.map((n) => fmt(median(phases[n].map(pick)), digits)).join(" | ")} |`);
  row("config (`loadConfig`)", (p) => p.configMs, 1);
  row("compile the packs (`loadPacks`: YAML, schema, CEL parse + plan)", (p) => p.compileMs, 1);
  row("discover files", (p) => p.discoverMs, 1);
  row("read + parse documents", (p) => p.parseMs);
  row("evaluate (`evaluatePolicies`)", (p) => p.evaluateMs);
  for (const kind of ["DataContract", "DataProduct", "Infrastructure"]) {
    const cell = (n) => {
      const ms = median(phases[n].map((p) => p.byKind[kind].ms));
      return `${fmt(ms)} (${(ms / phases[n][0].byKind[kind].documents).toFixed(2)} per doc)`;
    };
    console.log(`|   of which ${kind} (${Ns.map((n) => fmt(phases[n][0].byKind[kind].documents)).join(" / ")} docs) | ${Ns.map(cell).join(" | ")} |`);
  }
  row("  of which source positions of the documents with findings (timed again apart)", (p) => p.positionsMs);
  row("sum of the steps", (p) => p.totalMs);
  row("CPU time of the process (user + system)", (p) => p.cpuMs);
  console.log(`\nPer document: ${Ns.map((n) => `${fmt(n)} docs: parse ${(median(phases[n].map((p) => p.parseMs)) / n).toFixed(3)} ms, evaluate ${(median(phases[n].map((p) => p.evaluateMs)) / n).toFixed(3)} ms`).join("; ")}.`);

  console.log(`\n### Cost by policy family (each policy alone over the ${fmt(Ns[0])} documents it matches, warm)\n`);
  console.log("| family | policies | rules | documents matched | ms | ms per document | interpreter evaluations per document | share |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  const familyTotal = Object.values(families).reduce((n, f) => n + f.ms, 0);
  for (const [name, f] of Object.entries(families).sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`| ${name} | ${f.policies} | ${f.rules} | ${fmt(f.documents)} | ${fmt(f.ms)} | ${(f.ms / f.documents).toFixed(3)} | ${(f.celEvaluations / f.documents).toFixed(2)} | ${((f.ms / familyTotal) * 100).toFixed(0)} % |`);
  }
}

// ---------------------------------------------------------------------------------------------
// The pre-commit hook: lint + policy on one staged contract, as `git commit` runs it.
const cli = join(root, "packages/cli/bin/meshkit.js");
if (!existsSync(join(root, "packages/cli/dist/meshkit.js"))) {
  console.log("\n(hook part skipped: run `npm run build` first)");
  process.exit(0);
}
const gitEnv = { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x" };
/** A domain repository with one staged contract (clean: PII column, S3 server) and the given meshkit.yaml. */
function hookRepo(name, config) {
  const repo = join(work, name);
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  execFileSync("git", ["init", "-q"], { cwd: repo });
  writeFileSync(join(repo, "meshkit.yaml"), config);
  writeFileSync(join(repo, "orders.odcs.yaml"), policyContractYaml(9, random(7)));
  execFileSync("git", ["add", "meshkit.yaml", "orders.odcs.yaml"], { cwd: repo, env: gitEnv });
  execFileSync("git", ["commit", "-q", "-m", "config", "--", "meshkit.yaml"], { cwd: repo, env: gitEnv });
  return repo;
}
const timeFile = join(work, "policy-hook-time.txt");
const useTime = existsSync("/usr/bin/time");
/** Median wall time and, with /usr/bin/time, median CPU time (user + system, git children included) in ms. */
function timeCommand(args, cwd, runs = 25) {
  const times = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const res = useTime ? spawnSync("/usr/bin/time", ["-o", timeFile, "-f", "%U %S", process.execPath, ...args], { cwd, encoding: "utf8" }) : spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (res.status !== 0) throw new Error(`${args.join(" ")} (in ${cwd}) exited ${res.status}: ${res.stdout}${res.stderr}`);
    if (useTime) cpu.push(readFileSync(timeFile, "utf8").trim().split("\n").pop().split(" ").reduce((a, x) => a + Number(x) * 1000, 0));
  }
  return { wall: median(times), cpu: useTime ? median(cpu) : NaN };
}
const header = "apiVersion: meshkit/v1\nkind: Config\n";
const repos = [
  ["`policy.packs: []` (lint; the CEL engine is not loaded)", hookRepo("policy-hook-none", `${header}policy:\n  packs: []\n`)],
  ["default config: builtin:platform-baseline (7 policies)", hookRepo("policy-hook-baseline", header)],
  [`the ${POLICIES} policies of the throughput run`, hookRepo("policy-hook-100", `${header}policy:\n  packs:\n    - builtin:platform-baseline\n    - ${packDir}\n`)],
];
// Every variant must find the staged contract and report it clean (exit 0); one must see the policy stage run.
const probe = spawnSync(process.execPath, [cli, "hook", "pre-commit", "--format", "json"], { cwd: repos[2][1], encoding: "utf8" });
if (probe.status !== 0) throw new Error(`hook probe exited ${probe.status}: ${probe.stdout}${probe.stderr}`);
timeCommand(["-e", "0"], repos[0][1], 3);
const bare = timeCommand(["-e", "0"], repos[0][1]);
const cpuCell = (x) => (Number.isNaN(x) ? "n/a" : x.toFixed(0));
console.log("\n## pre-commit hook, one staged contract: `meshkit hook pre-commit` (lint, then policy), median of 25\n");
console.log("| command | wall ms | over `node -e 0` | CPU ms (user + system) |");
console.log("|---|---:|---:|---:|");
console.log(`| \`node -e 0\` | ${bare.wall.toFixed(0)} | | ${cpuCell(bare.cpu)} |`);
for (const [label, repo] of repos) {
  timeCommand([cli, "hook", "pre-commit"], repo, 2);
  const t = timeCommand([cli, "hook", "pre-commit"], repo);
  console.log(`| hook, ${label} | ${t.wall.toFixed(0)} | ${(t.wall - bare.wall).toFixed(0)} | ${cpuCell(t.cpu)} |`);
}
console.log(`\nLoad average (1, 5, 15 min) at the start: ${loadBefore}; at the end: ${load()}. Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}).`);
