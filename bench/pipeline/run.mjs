// bench/pipeline: the full local `meshkit ci` (pull_request, then push) on the repository's examples and on
// N generated data products (default 50 and 200: the difference gives the cost per product): total time
// and time per stage; and the start-up time of the bundled actions and of `meshkit --version` against
// bare Node. Everything runs the built bundles, copied first (a rebuild during the run cannot swap them).
// Usage: npm run build && npm run bench:pipeline [-- 50 200] [--rounds=3] [--runs=10] [--skip-startup | --startup-only]
// Figures go to bench/out/pipeline-<date>.json (pipeline-startup-<date>.json with --startup-only). Nothing is written into the repository but bench/out.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { AS_OF, DOMAINS, projectFiles } from "./generate.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const here = fileURLToPath(new URL("./", import.meta.url));
const out = join(root, "bench/out");
const work = join(tmpdir(), "meshkit-bench", "pipeline");
const args = process.argv.slice(2);
const option = (name, fallback) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const SIZES = sizes.length > 0 ? sizes : [50, 200];
const ROUNDS = option("rounds", 3);
const EXAMPLE_ROUNDS = Math.max(ROUNDS, 5);
const RUNS = option("runs", 10);
const NOW = "2026-06-30T06:00:00Z";
const TIME = "/usr/bin/time";
const ACTIONS = ["contract-lint", "schema-compat", "policy-check", "contract-test", "provision", "catalog-publish"];
if (AS_OF !== NOW) throw new Error("the generated sample data must be judged as of --now");
if (!existsSync(TIME)) throw new Error(`${TIME} is needed for CPU time and peak RSS (apt-get install time)`);

const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const loads = [{ at: "start", load: load() }];
const sample = (at) => {
  loads.push({ at, load: load() });
  console.log(`  (load average (1, 5, 15 min) ${loads.at(-1).load})`);
};
console.log(`Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load average (1, 5, 15 min) ${loads[0].load}${loadavg()[0] >= 1 ? "  ** busy machine: wall times will be inflated; CPU time is the steadier figure **" : ""}\n`);

// --- the built bundles, copied (CLI into bench/out so it resolves the repository's node_modules; actions carry theirs)
const cliDist = join(root, "packages/cli/dist/meshkit.js");
const missing = [cliDist, ...ACTIONS.map((a) => join(root, "actions", a, "dist/index.js"))].filter((f) => !existsSync(f));
if (missing.length > 0) throw new Error(`not built: ${missing.join(", ")}; run \`npm run build\` first`);
// Per run (a second run at the same time keeps its own copies); removed when the run ends.
const snapshot = join(out, `pipeline-cli-${process.pid}`);
const scratch = join(work, `run-${process.pid}`);
process.on("exit", () => {
  rmSync(snapshot, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});
rmSync(snapshot, { recursive: true, force: true });
cpSync(join(root, "packages/cli/dist"), join(snapshot, "dist"), { recursive: true });
cpSync(join(root, "packages/cli/bin"), join(snapshot, "bin"), { recursive: true });
const cli = join(snapshot, "bin/meshkit.js");
const actionsCopy = join(scratch, "actions");
rmSync(actionsCopy, { recursive: true, force: true });
for (const a of ACTIONS) cpSync(join(root, "actions", a, "dist"), join(actionsCopy, a, "dist"), { recursive: true });
const git = (cwd, ...argv) => execFileSync("git", argv, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const build = {
  commit: git(root, "rev-parse", "--short", "HEAD"),
  uncommitted: execFileSync("git", ["status", "--porcelain", "--", "packages", "actions"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean).map((l) => l.slice(3)),
  cliVersion: execFileSync(process.execPath, [cli, "--version"], { encoding: "utf8" }).trim(),
};
console.log(`meshkit ${build.cliVersion}, built from ${build.commit}${build.uncommitted.length > 0 ? ` with ${build.uncommitted.length} uncommitted changes under packages/ and actions/` : ""}\n`);

// --- corpora: git repositories under $TMPDIR with `main` and a pull request branch `pr` checked out
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@example.com", GIT_AUTHOR_DATE: "2026-06-30T05:00:00Z", GIT_COMMITTER_DATE: "2026-06-30T05:00:00Z" };
const commit = (dir, message) => {
  execFileSync("git", ["add", "-A"], { cwd: dir });
  execFileSync("git", ["commit", "-q", "--no-verify", "-m", message], { cwd: dir, env: GIT_ENV });
};
const writeFiles = (dir, files) => {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
};

/** The repository's examples as committed paths, read from the working tree; the pull request edits examples/README.md. */
function examplesCorpus() {
  const dir = join(work, "examples");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tracked = git(root, "ls-files", "-z", "--", "meshkit.yaml", "examples").split("\0").filter(Boolean);
  writeFiles(dir, tracked.map((p) => [p, readFileSync(join(root, p))]));
  writeFileSync(join(dir, ".gitignore"), ".meshkit/\nlake/\n");
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
  commit(dir, "examples");
  execFileSync("git", ["checkout", "-q", "-b", "pr"], { cwd: dir });
  writeFileSync(join(dir, "examples/README.md"), `${readFileSync(join(dir, "examples/README.md"), "utf8")}\nA pull request that changes no document.\n`);
  commit(dir, "pull request");
  const documents = tracked.filter((p) => p.startsWith("examples/domains/") && p.endsWith(".yaml")).length;
  return { name: "examples", dir, products: 4, documents, files: tracked.length };
}

/** N generated products (regenerated when the generator changes): revision 0 on main, the pull request on pr. */
function generatedCorpus(n) {
  const dir = join(work, `products-${n}`);
  const stamp = createHash("sha256").update(readFileSync(join(here, "generate.mjs"))).update(readFileSync(join(root, "bench/lint/generate.mjs"))).update(readFileSync(join(here, "run.mjs"))).digest("hex").slice(0, 16);
  const stampFile = join(dir, ".git", "bench-stamp");
  const base = projectFiles(n, 0);
  if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFiles(dir, base.files);
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
    commit(dir, `${n} products`);
    execFileSync("git", ["checkout", "-q", "-b", "pr"], { cwd: dir });
    writeFiles(dir, projectFiles(n, 1).files);
    commit(dir, "pull request: patch releases");
    writeFileSync(stampFile, stamp);
  }
  const changed = git(dir, "diff", "--name-only", "main", "pr").split("\n").filter(Boolean).length;
  const documents = [...base.files.keys()].filter((p) => p.endsWith(".yaml") && p !== "meshkit.yaml").length;
  return { name: `${n} products`, dir, products: n, documents, files: base.files.size, tables: base.tables, columns: base.columns, rows: base.rows, changedInPr: changed };
}

// --- one `meshkit ci` run: stdout streamed and time-stamped, CPU and peak RSS from /usr/bin/time
const STAGE_LINE = /^(✔|✖|⏭) ([a-z-]+): (.*?)(?: \((\d+(?:\.\d+)?) s\))?$/;

function ci(dir, event) {
  const argv = ["ci", "--now", NOW, ...(event === "push" ? ["--event", "push", "--no-tags"] : [])];
  const timeFile = join(scratch, "time.txt");
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TIME, ["-f", "%e %U %S %M", "-o", timeFile, process.execPath, cli, ...argv], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    const lines = [];
    let pending = "";
    let stderr = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      const at = performance.now() - started;
      const parts = (pending + chunk).split("\n");
      pending = parts.pop();
      for (const text of parts) lines.push({ at, text });
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const output = lines.map((l) => l.text).join("\n");
      if (code !== 0) return reject(new Error(`meshkit ${argv.join(" ")} in ${dir} exited with ${code}:\n${output}\n${stderr}`));
      const [, user, system, rssKiB] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
      const header = lines.find((l) => l.text.startsWith("meshkit ci ("));
      const stages = [];
      let previous = header.at;
      for (const l of lines) {
        const m = STAGE_LINE.exec(l.text);
        if (!m) continue;
        if (m[1] === "✖") return reject(new Error(`${m[2]} failed in ${dir}:\n${output}`));
        stages.push({ stage: m[2], ms: l.at - previous, printedSeconds: m[4] === undefined ? 0 : Number(m[4]), summary: m[3], skipped: m[1] === "⏭" });
        previous = l.at;
      }
      const site = lines.find((l) => l.text.startsWith("catalog site:"));
      const siteMs = site ? site.at - previous : 0;
      if (event === "push" && !site) return reject(new Error(`no catalog site was built in ${dir}:\n${output}`));
      resolve({ event, wallMs, cpuMs: (user + system) * 1000, maxRssMiB: rssKiB / 1024, startMs: header.at, stages, siteMs, restMs: wallMs - (site ? site.at : previous), output });
    });
  });
}

/** Rounds of: pull_request, push (fresh warehouse, catalog and site), push again (nothing changed). */
async function pipeline(corpus, rounds) {
  const runs = [];
  for (let r = 0; r < rounds; r++) {
    rmSync(join(corpus.dir, ".meshkit"), { recursive: true, force: true });
    rmSync(join(corpus.dir, "lake"), { recursive: true, force: true });
    const pr = await ci(corpus.dir, "pull_request");
    const push = await ci(corpus.dir, "push");
    const again = await ci(corpus.dir, "push");
    runs.push({ pull_request: pr, push, pushAgain: again });
    process.stdout.write(`  round ${r + 1}: pull_request ${(pr.wallMs / 1000).toFixed(1)} s, push ${(push.wallMs / 1000).toFixed(1)} s, push again ${(again.wallMs / 1000).toFixed(1)} s; load ${load()}\n`);
  }
  const status = git(corpus.dir, "status", "--porcelain");
  if (status !== "") throw new Error(`meshkit ci changed tracked or unignored files in ${corpus.dir}:\n${status}`);
  return runs;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const s2 = (ms) => (ms / 1000).toFixed(2);

/** Median per figure over the rounds of one event. */
function summarize(runs, key) {
  const list = runs.map((r) => r[key]);
  const stageNames = list[0].stages.map((s) => s.stage);
  return {
    event: list[0].event,
    wallMs: median(list.map((r) => r.wallMs)),
    wallRangeMs: [Math.min(...list.map((r) => r.wallMs)), Math.max(...list.map((r) => r.wallMs))],
    cpuMs: median(list.map((r) => r.cpuMs)),
    maxRssMiB: median(list.map((r) => r.maxRssMiB)),
    startMs: median(list.map((r) => r.startMs)),
    stages: stageNames.map((stage) => ({
      stage,
      ms: median(list.map((r) => r.stages.find((s) => s.stage === stage).ms)),
      printedSeconds: median(list.map((r) => r.stages.find((s) => s.stage === stage).printedSeconds)),
      summary: list[0].stages.find((s) => s.stage === stage).summary,
    })),
    siteMs: median(list.map((r) => r.siteMs)),
    restMs: median(list.map((r) => r.restMs)),
    // How far the time between printed lines is from the CLI's own per-stage seconds (0.1 s resolution).
    maxLineVsPrintedMs: Math.max(...list.flatMap((r) => r.stages.filter((s) => !s.skipped).map((s) => Math.abs(s.ms - s.printedSeconds * 1000)))),
  };
}

function printPipeline(corpus, figures) {
  const events = [figures.pull_request, figures.push, figures.pushAgain];
  const labels = ["pull_request", "push", "push again"];
  console.log(`\n## ${corpus.name}: ${corpus.documents} documents${corpus.tables ? `, ${corpus.tables} tables, ${corpus.columns} columns, ${corpus.rows} sample rows` : ""} (median of ${figures.rounds} rounds)\n`);
  for (const [i, f] of events.entries()) {
    console.log(`${labels[i]}: **${s2(f.wallMs)} s** wall (${s2(f.wallRangeMs[0])}–${s2(f.wallRangeMs[1])}), ${s2(f.cpuMs)} s CPU, peak RSS ${f.maxRssMiB.toFixed(0)} MiB`);
  }
  console.log("\n| step (s) | pull_request | push | push again |");
  console.log("|---|---:|---:|---:|");
  console.log(`| start-up, config (to the first line) | ${events.map((f) => s2(f.startMs)).join(" | ")} |`);
  const names = [...new Set(events.flatMap((f) => f.stages.map((s) => s.stage)))];
  for (const name of names) {
    console.log(`| ${name} | ${events.map((f) => { const s = f.stages.find((x) => x.stage === name); return s ? s2(s.ms) : "–"; }).join(" | ")} |`);
  }
  console.log(`| catalog site build | – | ${s2(figures.push.siteMs)} | ${s2(figures.pushAgain.siteMs)} |`);
  console.log(`| verdict, comment, exit | ${events.map((f) => s2(f.restMs)).join(" | ")} |`);
  console.log(`| **total** | ${events.map((f) => `**${s2(f.wallMs)}**`).join(" | ")} |`);
  console.log(`(Stage times are measured between the lines the CLI prints; they agree with its own per-stage seconds within ${s2(Math.max(...events.map((f) => f.maxLineVsPrintedMs)))} s.)`);
}

const report = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, build, now: NOW, rounds: ROUNDS, loads, pipelines: [], startup: undefined };

// --- 1. start-up of the bundled actions and of the CLI against bare Node (first: it is the shortest part)
if (!args.includes("--skip-startup")) {
  console.log(`## start-up: median of ${RUNS} runs each, interleaved, in an empty folder, no inputs, no GITHUB_* variables\n`);
  const empty = mkdtempSync(join(tmpdir(), "meshkit-bench-empty-"));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(k)));
  // What `meshkit ci` loads before it prints its first line: the ci command's module graph (its chunk
  // imports @meshkit/quality, hence DuckDB's native addon, and @meshkit/catalog), and DuckDB's addon alone.
  const ciChunk = join(snapshot, "dist/chunks", readdirSync(join(snapshot, "dist/chunks")).find((f) => f.startsWith("ci-")));
  const duckdb = createRequire(join(root, "package.json")).resolve("@duckdb/node-api");
  const importOnly = (file) => ["--input-type=module", "-e", `await import(${JSON.stringify(pathToFileURL(file).href)})`];
  const commands = [
    { label: "`node -e 0`", argv: ["-e", "0"] },
    { label: "`meshkit --version`", argv: [cli, "--version"] },
    { label: "import the `meshkit ci` command (no run)", argv: importOnly(ciChunk) },
    { label: "import `@duckdb/node-api` alone", argv: importOnly(duckdb) },
    ...ACTIONS.map((a) => ({ label: `actions/${a}`, action: a, argv: [join(actionsCopy, a, "dist/index.js")] })),
  ];
  const samples = commands.map(() => []);
  const timeFile = join(scratch, "startup-time.txt");
  for (let r = 0; r < RUNS; r++) {
    for (const [i, c] of commands.entries()) {
      const t0 = performance.now();
      const res = spawnSync(TIME, ["-f", "%U %S %M", "-o", timeFile, process.execPath, ...c.argv], { cwd: empty, env, encoding: "utf8" });
      const wallMs = performance.now() - t0;
      const [user, system, rssKiB] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
      const printed = `${res.stderr}${res.stdout}`.split("\n").map((l) => l.trim()).filter(Boolean);
      const said = printed.find((l) => l.startsWith("::error::")) ?? printed[0] ?? "";
      samples[i].push({ wallMs, cpuMs: (user + system) * 1000, maxRssMiB: rssKiB / 1024, exit: res.status, said: said.replace(/^::error::/, "").slice(0, 160) });
    }
  }
  if (readdirSync(empty).length > 0) throw new Error(`a command wrote into the empty folder ${empty}: ${readdirSync(empty).join(", ")}`);
  rmSync(empty, { recursive: true, force: true });
  const rows = commands.map((c, i) => ({
    command: c.label,
    wallMs: median(samples[i].map((s) => s.wallMs)),
    cpuMs: median(samples[i].map((s) => s.cpuMs)),
    maxRssMiB: median(samples[i].map((s) => s.maxRssMiB)),
    exit: samples[i][0].exit,
    said: samples[i][0].said,
    bundleMiB: c.action ? readFileSync(join(actionsCopy, c.action, "dist/index.js")).length / 1048576 : undefined,
  }));
  const bare = rows[0];
  console.log("| command | wall ms | × bare Node | minus bare Node (ms) | CPU ms | peak RSS MiB | exit | with no inputs it says |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---|");
  for (const row of rows) {
    row.ratio = row.wallMs / bare.wallMs;
    row.overMs = row.wallMs - bare.wallMs;
    console.log(`| ${row.command}${row.bundleMiB ? ` (${row.bundleMiB.toFixed(1)} MiB)` : ""} | ${row.wallMs.toFixed(0)} | ${row.ratio.toFixed(1)}× | ${row.overMs.toFixed(0)} | ${row.cpuMs.toFixed(0)} | ${row.maxRssMiB.toFixed(0)} | ${row.exit} | ${row.said.replace(/\|/g, "\\|")} |`);
  }
  report.startup = { runs: RUNS, rows };
  sample("after start-up");
}

// --- 2. the pipeline on the examples and on the generated products
const startupOnly = args.includes("--startup-only");
const corpora = startupOnly ? [] : [examplesCorpus(), ...SIZES.map(generatedCorpus)];
for (const corpus of corpora) {
  const rounds = corpus.name === "examples" ? EXAMPLE_ROUNDS : ROUNDS;
  console.log(`\n${corpus.name}: ${rounds} rounds of pull_request, push, push again in ${corpus.dir}`);
  const runs = await pipeline(corpus, rounds);
  const figures = { rounds, pull_request: summarize(runs, "pull_request"), push: summarize(runs, "push"), pushAgain: summarize(runs, "pushAgain") };
  printPipeline(corpus, figures);
  sample(`after ${corpus.name}`);
  const { dir: _dir, ...described } = corpus;
  report.pipelines.push({ corpus: described, figures, runs: runs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { ...v, output: undefined }]))), lastOutput: { pull_request: runs.at(-1).pull_request.output, push: runs.at(-1).push.output } });
}

// --- 3. the cost per product: the difference between the two largest generated sizes
const generated = report.pipelines.filter((p) => p.corpus.name !== "examples").sort((a, b) => a.corpus.products - b.corpus.products);
if (generated.length >= 2) {
  const [small, large] = generated.slice(-2);
  const dn = large.corpus.products - small.corpus.products;
  const per = (pick) => (pick(large.figures) - pick(small.figures)) / dn;
  console.log(`\n## cost per product (${large.corpus.products} − ${small.corpus.products} products, median figures)\n`);
  console.log("| step (ms per product) | pull_request | push | push again |");
  console.log("|---|---:|---:|---:|");
  const keys = [["pull_request", "pull_request"], ["push", "push"], ["pushAgain", "push again"]];
  const perProduct = {};
  const names = [...new Set(keys.flatMap(([k]) => large.figures[k].stages.map((s) => s.stage)))];
  for (const name of names) {
    const cells = keys.map(([k]) => {
      const has = large.figures[k].stages.some((s) => s.stage === name);
      if (!has) return undefined;
      return per((f) => f[k].stages.find((s) => s.stage === name).ms);
    });
    perProduct[name] = Object.fromEntries(keys.map(([k], i) => [k, cells[i]]));
    console.log(`| ${name} | ${cells.map((c) => (c === undefined ? "–" : c.toFixed(0))).join(" | ")} |`);
  }
  const site = keys.map(([k]) => (k === "pull_request" ? undefined : per((f) => f[k].siteMs)));
  const total = keys.map(([k]) => per((f) => f[k].wallMs));
  const cpu = keys.map(([k]) => per((f) => f[k].cpuMs));
  perProduct["catalog site build"] = Object.fromEntries(keys.map(([k], i) => [k, site[i]]));
  perProduct.total = Object.fromEntries(keys.map(([k], i) => [k, total[i]]));
  perProduct.cpu = Object.fromEntries(keys.map(([k], i) => [k, cpu[i]]));
  console.log(`| catalog site build | ${site.map((c) => (c === undefined ? "–" : c.toFixed(0))).join(" | ")} |`);
  console.log(`| **total** (wall) | ${total.map((c) => `**${c.toFixed(0)}**`).join(" | ")} |`);
  console.log(`| CPU | ${cpu.map((c) => c.toFixed(0)).join(" | ")} |`);
  report.perProduct = { from: small.corpus.products, to: large.corpus.products, ms: perProduct };
}

sample("end");
const file = join(out, `pipeline${startupOnly ? "-startup" : ""}-${report.date.slice(0, 10)}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nDomains: ${DOMAINS.length}. Load average (1, 5, 15 min): ${loads.map((l) => `${l.at} ${l.load}`).join("; ")}.`);
console.log(`Figures: ${file}`);
