// One step of bench/catalog in a fresh Node process; prints one JSON line.
//   node worker.mjs publish <bundle> <git-target> <docs-dir> <results-file|-> <iso-time>
//   node worker.mjs build   <bundle> <git-target> <site-dir>
//   node worker.mjs search  <bundle> <site-dir> <queries.json> <catalog-dir>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const [command, bundle, ...args] = process.argv.slice(2);
const lib = await import(bundle);
const now = () => performance.now();
const rss = () => process.resourceUsage().maxRSS / 1024;

if (command === "publish") {
  const [target, docsDir, resultsFile, time] = args;
  const t0 = now();
  const { documents, findings: inputFindings } = await lib.readCatalogDocuments([docsDir], { cwd: docsDir });
  const t1 = now();
  const results = resultsFile === "-" ? undefined : JSON.parse(readFileSync(resultsFile, "utf8"));
  // The git store, wrapped to time its phases: checkout (init + fetch + checkout) until the plan
  // starts, the plan (read every entry, merge, recompute the index), then write + commit + push.
  const store = lib.openCatalogStore(target, { cwd: docsDir });
  const phases = { checkoutMs: 0, planMs: 0, pushMs: 0 };
  const timed = {
    ...store,
    update: async (plan, options) => {
      const start = now();
      let planned = 0;
      const outcome = await store.update(async (dir) => {
        const a = now();
        phases.checkoutMs += a - (planned === 0 ? start : planned);
        const result = await plan(dir);
        planned = now();
        phases.planMs += planned - a;
        return result;
      }, options);
      phases.pushMs = now() - planned;
      return outcome;
    },
  };
  const t2 = now();
  const result = await lib.publishProducts({
    target: timed,
    products: documents,
    ...(results ? { results } : {}),
    publisher: { name: "bench", repo: "acme/bench", commit: "0".repeat(40), now: new Date(time) },
  });
  const t3 = now();
  const errors = [...inputFindings, ...result.findings].filter((f) => f.severity !== "info");
  if (errors.length > 0) {
    console.error(JSON.stringify(errors.slice(0, 3)));
    process.exit(3);
  }
  const actions = {};
  for (const c of result.changes) actions[c.action] = (actions[c.action] ?? 0) + 1;
  console.log(JSON.stringify({ documents: documents.length, actions, files: result.files.length, written: result.written, attempts: result.attempts, commit: result.commit ?? null, loadMs: t1 - t0, publishMs: t3 - t2, ...phases, totalMs: t3 - t0, maxRssMiB: rss() }));
} else if (command === "build") {
  const [target, siteDir] = args;
  const t0 = now();
  const site = await lib.buildCatalogSite(target, siteDir);
  const t1 = now();
  if (site.findings.length > 0) {
    console.error(JSON.stringify(site.findings.slice(0, 3)));
    process.exit(3);
  }
  console.log(JSON.stringify({ products: site.products, versions: site.versions, files: site.files.length, written: site.written, removed: site.removed.length, ms: t1 - t0, maxRssMiB: rss() }));
} else if (command === "search") {
  const [siteDir, queriesFile, catalogDir] = args;
  const queries = JSON.parse(readFileSync(queriesFile, "utf8"));
  // Exactly what the page runs: the engine source and the search index inlined in index.html.
  const html = readFileSync(join(siteDir, "index.html"), "utf8");
  const engineSource = /var engine = \(([\s\S]*?)\)\(\);\n\s*var index = /.exec(html)?.[1];
  const indexJson = /<script type="application\/json" id="search-index">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!engineSource || !indexJson) throw new Error("index.html has no inline search engine or search index");
  const engine = new Function(`"use strict"; return (${engineSource})();`)();
  const t0 = now();
  const index = JSON.parse(indexJson);
  const parseMs = now() - t0;
  const t1 = now();
  const firstHits = engine.search(index, queries[0]).length;
  const firstMs = now() - t1;
  const ROUNDS = 5;
  const perQuery = queries.map(() => []);
  const hits = [];
  for (let round = 0; round < ROUNDS; round++) {
    queries.forEach((q, i) => {
      const a = now();
      const found = engine.search(index, q);
      perQuery[i].push(now() - a);
      if (round === 0) hits.push(found.length);
    });
  }
  const medians = perQuery.map((xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
  // The same search as `meshkit catalog search` on a checkout: read every entry, build the index, search.
  const cli = [];
  for (const q of queries.slice(0, 5)) {
    const a = now();
    lib.searchCatalog(catalogDir, q);
    cli.push(now() - a);
  }
  console.log(JSON.stringify({ products: index.products.length, indexBytes: Buffer.byteLength(indexJson), parseMs, firstMs, firstHits, medians, hits, searchCatalogMs: cli, maxRssMiB: rss() }));
} else {
  throw new Error(`unknown command ${command}`);
}
