// bench/compat: schema-compat on a large contract, and `meshkit compat` against 50 release tags.
// Usage: node bench/compat/run.mjs   (needs `npm run build` first for the CLI part)
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bigContract, mutate, release, toYaml } from "./generate.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const here = fileURLToPath(new URL("./", import.meta.url));
const out = join(root, "bench/out");
const bundle = join(out, "compat-bundle.mjs");
const work = join(tmpdir(), "meshkit-bench", "compat");
const RELEASES = 50;
const BASE_TAG = `v1.${RELEASES - 2}.0`;

mkdirSync(out, { recursive: true });
mkdirSync(work, { recursive: true });
// The library as the CLI ships it: one esbuild bundle of @meshkit/compat and what it needs of @meshkit/core.
await build({
  stdin: {
    contents: [
      'export { compareSides, diffContracts, loadBase, loadGitSide, loadGitSides, loadWorkingTree } from "@meshkit/compat";',
      'export { defaultConfig, loadConfig, loadText, releaseTags } from "@meshkit/core";',
    ].join("\n"),
    resolveDir: root,
    loader: "ts",
  },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: bundle,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning",
});

const taskset = spawnSync("taskset", ["--version"]).status === 0;
/** A fresh Node process pinned to one core (when taskset exists); returns its JSON line. */
function worker(script, args) {
  const argv = [join(here, script), ...args];
  const res = taskset ? spawnSync("taskset", ["-c", "0", process.execPath, ...argv], { encoding: "utf8" }) : spawnSync(process.execPath, argv, { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`${script} failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => x.toFixed(1);
const mib = (x) => x.toFixed(0);

// (a) One large contract and a head with 500 changes.
const big = join(work, "big");
mkdirSync(big, { recursive: true });
const base = bigContract({ objects: 50, perObject: 100 });
const { head, made } = mutate(base, { count: 500 });
writeFileSync(join(big, "base.odcs.yaml"), `${toYaml(base)}\n`);
writeFileSync(join(big, "head.odcs.yaml"), `${toYaml(head)}\n`);
const a = worker("diff-worker.mjs", [bundle, big]);

console.log("## schema-compat on one large contract (one process, one core)\n");
console.log(`Base: 50 objects × 100 properties (5,000), ${(a.bytes / 2 / 1024 / 1024).toFixed(1)} MiB of YAML per side. Head: 500 mutations, 50 each of: ${Object.keys(made).join(", ")}.\n`);
console.log("| measure | ms (median of 5, after a warm-up) |");
console.log("|---|---:|");
console.log(`| \`diffContracts\` (parsed values in, ${a.changes} changes out) | ${ms(a.diffMs)} |`);
console.log(`| \`loadText\` of both texts | ${ms(a.loadMs)} |`);
console.log(`| source positions: the \`yaml\` AST of both documents (built on first \`locate\`) | ${ms(a.positionsMs)} |`);
console.log(`| \`compareSides\` given the positions (diff, bumps, verdict, ${a.reported} findings) | ${ms(a.compareMs)} |`);
console.log(`| end to end: \`loadText\` ×2 + positions + \`compareSides\` | ${ms(a.endToEndMs)} |`);
console.log(`\nPeak RSS: ${mib(a.maxRssMiB)} MiB. diffContracts target < 100 ms: ${a.diffMs < 100 ? "met" : "**missed**"}. Required bump: ${a.requiredBump}.`);
console.log(`\nChanges found by kind: ${Object.entries(a.kinds).sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`).join(", ")}.`);

// (b) A repository with 50 releases of one contract, compared transitively.
const repo = join(work, "releases");
rmSync(repo, { recursive: true, force: true });
mkdirSync(repo, { recursive: true });
const gitEnv = { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x", GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z", GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z" };
const git = (...args) => execFileSync("git", args, { cwd: repo, env: gitEnv, encoding: "utf8" });
git("init", "-q", "-b", "main");
writeFileSync(join(repo, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
let properties = 0;
for (let k = 0; k < RELEASES; k++) {
  const contract = release(k);
  properties = contract.schema.reduce((n, o) => n + o.properties.length, 0);
  writeFileSync(join(repo, "orders.odcs.yaml"), `${toYaml(contract)}\n`);
  git("add", "-A");
  git("commit", "-q", "-m", `release 1.${k}.0`);
  git("tag", `v1.${k}.0`);
}

const cli = join(root, "packages/cli/bin/meshkit.js");
const args = [cli, "compat", "--base", BASE_TAG, "--mode", "forward-transitive", "--format", "json"];
console.log(`\n## meshkit compat --base ${BASE_TAG} --mode forward-transitive (${RELEASES} release tags)\n`);
console.log(`One contract of ${properties} properties at HEAD (${BASE_TAG.replace(/\.\d+\.0$/, "")}.${RELEASES - 1}.0); each release adds an optional column or documents one and lowers its classification.\n`);

const b = worker("git-worker.mjs", [bundle, repo, BASE_TAG, "3"]);
if (b.errors > 0) throw new Error(`the transitive run reported ${b.errors} errors; every release should be compatible`);
const gitMs = b.headMs + b.baseMs + b.tagsMs + b.historyMs;
console.log("In process, bundled library (median of 3, after a warm-up):\n");
console.log("| step | ms | share |");
console.log("|---|---:|---:|");
const share = (x) => `${((x / b.totalMs) * 100).toFixed(0)} %`;
console.log(`| config + head (working tree) | ${ms(b.headMs)} | ${share(b.headMs)} |`);
console.log(`| base: \`loadBase\` (\`loadGitSide\` of ${BASE_TAG}) | ${ms(b.baseMs)} | ${share(b.baseMs)} |`);
console.log(`| \`releaseTags\` | ${ms(b.tagsMs)} | ${share(b.tagsMs)} |`);
console.log(`| history: \`loadGitSides\` of ${b.tags} tags | ${ms(b.historyMs)} (${ms(b.historyMs / b.tags)} per tag) | ${share(b.historyMs)} |`);
console.log(`| \`compareSides\` (base + ${b.tags} releases) | ${ms(b.compareMs)} (${ms(b.compareMs / (b.tags + 1))} per release) | ${share(b.compareMs)} |`);
console.log(`| **total** (git reads ${ms(gitMs)}, diffing ${ms(b.compareMs)}) | ${ms(b.totalMs)} | |`);
console.log(`\nPeak RSS of that process (4 runs): ${mib(b.maxRssMiB)} MiB.`);

if (!existsSync(join(root, "packages/cli/dist/meshkit.js"))) {
  console.log("\n(CLI part skipped: run `npm run build` first)");
  process.exit(0);
}
/** One CLI run: wall time from here, peak RSS from /usr/bin/time when it exists. */
function cliRun() {
  const timeFile = join(work, "time.txt");
  const useTime = existsSync("/usr/bin/time");
  const t0 = process.hrtime.bigint();
  const res = useTime ? spawnSync("/usr/bin/time", ["-o", timeFile, "-f", "%M", process.execPath, ...args], { cwd: repo, encoding: "utf8" }) : spawnSync(process.execPath, args, { cwd: repo, encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0) throw new Error(`meshkit compat exited ${res.status}: ${res.stderr}${res.stdout.slice(0, 2000)}`);
  const report = JSON.parse(res.stdout);
  if (report.summary.errors > 0) throw new Error(`meshkit compat reported errors: ${JSON.stringify(report.findings.slice(0, 3))}`);
  const rss = useTime ? Number(readFileSync(timeFile, "utf8").trim().split("\n").pop()) / 1024 : NaN;
  return { wall, rss, report };
}
cliRun(); // warm-up
const runs = Array.from({ length: 5 }, cliRun);
const bare = median(
  Array.from({ length: 5 }, () => {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ["-e", "0"]);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  }),
);
const last = runs.at(-1).report;
console.log(`\nThe bundled CLI, \`node packages/cli/bin/meshkit.js ${args.slice(1).join(" ")}\` (median of 5, after a warm-up; exit 0, ${last.summary.infos} infos, ${last.summary.warnings} warnings):\n`);
console.log("| measure | value |");
console.log("|---|---:|");
console.log(`| wall time | ${ms(median(runs.map((r) => r.wall)))} ms |`);
console.log(`| of which Node start-up (\`node -e 0\`) | ${ms(bare)} ms |`);
console.log(`| peak RSS | ${Number.isNaN(runs[0].rss) ? "n/a (no /usr/bin/time)" : `${mib(median(runs.map((r) => r.rss)))} MiB`} |`);
