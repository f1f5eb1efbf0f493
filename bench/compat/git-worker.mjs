// One measurement process for bench/compat part (b): what `meshkit compat --base <tag> --mode
// forward-transitive` does, step by step with the bundled library, timing git reads apart from the
// comparison. Prints one JSON line. Usage: node git-worker.mjs <bundle.mjs> <repo> <base tag> <runs>
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const [bundle, repo, baseRef, runsArg = "3"] = process.argv.slice(2);
const lib = await import(pathToFileURL(bundle).href);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The steps of runCompat (packages/compat/src/run.ts), each timed. */
async function once() {
  const t = {};
  let t0 = performance.now();
  const { config } = await lib.loadConfig({ cwd: repo });
  const head = await lib.loadWorkingTree([], config, repo);
  t.headMs = performance.now() - t0;

  t0 = performance.now();
  const base = await lib.loadBase(baseRef, config, repo);
  t.baseMs = performance.now() - t0;

  t0 = performance.now();
  const tags = await lib.releaseTags(repo, config.compat.tagPrefix ? { prefix: config.compat.tagPrefix } : {});
  t.tagsMs = performance.now() - t0;

  t0 = performance.now();
  // As runCompat reads them: one cat-file process, each file content parsed once.
  const history = (await lib.loadGitSides(tags.map((tag) => ({ commit: tag.commit, label: tag.tag })), config, repo)).map((loaded) => loaded.side);
  t.historyMs = performance.now() - t0;

  t0 = performance.now();
  const result = lib.compareSides(base.side, head.side, { mode: "forward-transitive", config: config.compat, history });
  t.compareMs = performance.now() - t0;

  t.totalMs = t.headMs + t.baseMs + t.tagsMs + t.historyMs + t.compareMs;
  t.tags = tags.length;
  t.errors = result.findings.filter((f) => f.severity === "error").length;
  t.findings = result.findings.length;
  return t;
}

await once(); // warm-up: JIT and the page cache
const runs = [];
for (let i = 0; i < Number(runsArg); i++) runs.push(await once());
const out = Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
out.maxRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(out));
