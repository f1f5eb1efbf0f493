// One measurement process for bench/compat part (a): diffContracts and compareSides on the big
// contract. Prints one JSON line. Usage: node diff-worker.mjs <bundle.mjs> <dir with base/head>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const [bundle, dir] = process.argv.slice(2);
const lib = await import(pathToFileURL(bundle).href);
const now = new Date("2026-01-01T00:00:00Z");
const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const baseText = readFileSync(join(dir, "base.odcs.yaml"), "utf8");
const headText = readFileSync(join(dir, "head.odcs.yaml"), "utf8");

function load(file, text) {
  const { documents, findings } = lib.loadText(file, text);
  if (findings.length > 0 || documents.length !== 1) throw new Error(`${file}: ${findings.map((f) => f.message).join("; ")}`);
  return documents;
}

// diffContracts alone, on values parsed once: the compute the target is about.
const base = load("base.odcs.yaml", baseText)[0].value;
const head = load("head.odcs.yaml", headText)[0].value;
const changes = lib.diffContracts(base, head, { now }); // warm-up
const diffTimes = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  lib.diffContracts(base, head, { now });
  diffTimes.push(performance.now() - t0);
}
const kinds = {};
for (const c of changes) kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;

// End to end as `meshkit compat` does it for one file pair: parse both texts, compare, judge, locate.
// Source positions come from the `yaml` AST, built on a document's first `locate` (compareSides
// needs the head's for every change and the base's for removals); it is timed apart here.
const config = lib.defaultConfig(dir).compat;
function endToEnd() {
  const t0 = performance.now();
  const baseSide = { label: "base", documents: load("base.odcs.yaml", baseText) };
  const headSide = { label: "head", documents: load("head.odcs.yaml", headText) };
  const t1 = performance.now();
  baseSide.documents[0].locate("");
  headSide.documents[0].locate("");
  const t2 = performance.now();
  const result = lib.compareSides(baseSide, headSide, { mode: "forward", config, now });
  const t3 = performance.now();
  return { load: t1 - t0, positions: t2 - t1, compare: t3 - t2, total: t3 - t0, result };
}
const warm = endToEnd();
const runs = Array.from({ length: RUNS }, endToEnd);
const report = warm.result.contracts[0];

console.log(
  JSON.stringify({
    bytes: baseText.length + headText.length,
    changes: changes.length,
    kinds,
    reported: report.changes.length,
    requiredBump: report.requiredBump,
    diffMs: median(diffTimes),
    diffRuns: diffTimes,
    loadMs: median(runs.map((r) => r.load)),
    positionsMs: median(runs.map((r) => r.positions)),
    compareMs: median(runs.map((r) => r.compare)),
    endToEndMs: median(runs.map((r) => r.total)),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
