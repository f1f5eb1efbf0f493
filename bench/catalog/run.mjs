// bench/catalog: publish N data products (default 1,000) to a git catalog (a local bare repository)
// and build the static site; search latency in the built site's index; site size; and proof that
// publishing one more product rewrites only its own entry and the index.
// Usage: npm run bench:catalog [-- 1000 [rounds]]     (needs `npm run build` for the CLI search row)
/* global document, Event -- used only inside page.evaluate callbacks, which run in Chromium */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { random } from "../lint/generate.mjs";
import { product, qualityRun } from "./generate.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const here = fileURLToPath(new URL("./", import.meta.url));
const argv = process.argv.slice(2).map(Number).filter((n) => n > 0);
const N = argv[0] ?? 1000;
const ROUNDS = argv[1] ?? 3;
const work = join(tmpdir(), "meshkit-bench", `catalog-${N}`);
const bundle = join(tmpdir(), "meshkit-bench", "catalog-bundle.mjs");
const CHROMIUM = process.env.MESHKIT_CHROMIUM ?? "/usr/bin/chromium";

const loads = [loadavg()[0]];
console.log(`Node ${process.version}, ${cpus().length} cores, load average (1 min) ${loads[0].toFixed(2)}${loads[0] >= 1 ? "  ** busy machine: figures will be inflated **" : ""}\n`);

// The library as the CLI ships it: one esbuild bundle of @meshkit/catalog (and what it needs of core),
// written outside the repository.
mkdirSync(dirname(bundle), { recursive: true });
await build({
  stdin: {
    contents: 'export { buildCatalogSite, entryPath, openCatalogStore, publishProducts, publishToCatalog, readCatalogDocuments, searchCatalog } from "@meshkit/catalog";',
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

// Inputs under $TMPDIR (the repository's .gitignore would hide them from discovery), regenerated when
// the generator changes: N products in repo/, one more in extra/, the results run, the queries.
const stamp = createHash("sha256").update(readFileSync(join(here, "generate.mjs"))).update(readFileSync(join(here, "run.mjs"))).update(readFileSync(join(root, "bench/compat/generate.mjs"))).digest("hex").slice(0, 16);
const repoDir = join(work, "repo");
const extraDir = join(work, "extra");
const resultsFile = join(work, "results.json");
const queriesFile = join(work, "queries.json");
if (!existsSync(join(work, ".bench-stamp")) || readFileSync(join(work, ".bench-stamp"), "utf8") !== stamp) {
  rmSync(work, { recursive: true, force: true });
  const rand = random(7);
  const names = [];
  const contracts = [];
  const write = (base, files) => {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(base, path)), { recursive: true });
      writeFileSync(join(base, path), text);
    }
  };
  for (const dir of [repoDir, extraDir]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
  }
  for (let i = 0; i <= N; i++) {
    const p = product(i, rand);
    write(i < N ? repoDir : extraDir, p.files);
    if (i < N) {
      names.push(p.name);
      contracts.push(p.contract);
    }
  }
  writeFileSync(resultsFile, `${JSON.stringify(qualityRun(contracts, rand))}\n`);
  // 100 queries as people type them: whole words, prefixes, product names, two words, owners, no match.
  const qrand = random(11);
  const pick = (list) => list[Math.floor(qrand() * list.length)];
  const words = ["orders", "invoices", "customer", "email", "finance", "warehouse", "campaign", "refunds", "currency", "stock", "payments", "loyalty", "phone", "segment", "daily", "snapshot", "pii", "restricted", "carrier", "region"];
  const queries = [
    ...Array.from({ length: 25 }, () => pick(words)),
    ...Array.from({ length: 25 }, () => pick(words).slice(0, 3 + Math.floor(qrand() * 2))),
    ...Array.from({ length: 20 }, () => pick(names)),
    ...Array.from({ length: 15 }, () => `${pick(words)} ${pick(words)}`),
    ...Array.from({ length: 10 }, () => pick(["lena fischer", "grace", "chen wei", "hugo.martin", "kavya"])),
    ...Array.from({ length: 5 }, () => pick(["zebra", "quux plover", "xylophone"])),
  ];
  writeFileSync(queriesFile, `${JSON.stringify(queries)}\n`);
  writeFileSync(join(work, ".bench-stamp"), stamp);
}

/** A step in a fresh Node process (bench/catalog/worker.mjs); its JSON line. */
function worker(...args) {
  const res = spawnSync(process.execPath, [join(here, "worker.mjs"), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (res.status !== 0) throw new Error(`worker ${args[0]} failed (exit ${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout);
}
const git = (repo, ...args) => execFileSync("git", ["--git-dir", repo, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
const s = (ms) => (ms / 1000).toFixed(2);
const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);
const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const kib = (bytes) => (bytes / 1024).toFixed(0);
function sizeOf(dir) {
  let bytes = 0;
  let files = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) {
      const inner = sizeOf(path);
      bytes += inner.bytes;
      files += inner.files;
    } else {
      bytes += st.size;
      files += 1;
    }
  }
  return { bytes, files };
}

const FIRST_AT = "2026-11-30T12:00:00Z";
const NEXT_AT = "2026-11-30T13:00:00Z";
const rounds = [];
let last;
for (let r = 0; r < ROUNDS; r++) {
  const bare = join(work, "catalog.git");
  const site = join(work, "site");
  rmSync(bare, { recursive: true, force: true });
  rmSync(site, { recursive: true, force: true });
  execFileSync("git", ["init", "-q", "--bare", bare]);
  const target = `git:${bare}#catalog`;
  const publish = worker("publish", bundle, target, repoDir, resultsFile, FIRST_AT);
  if (publish.actions["add-product"] !== N || publish.files !== N + 1) throw new Error(`expected ${N} new products and ${N + 1} files, got ${JSON.stringify(publish)}`);
  const again = worker("publish", bundle, target, repoDir, resultsFile, NEXT_AT);
  if (again.written || again.actions.unchanged !== N) throw new Error(`publishing the same ${N} products again wrote something: ${JSON.stringify(again)}`);
  const built = worker("build", bundle, target, site);
  if (built.products !== N || built.written.length !== built.files) throw new Error(`site: ${JSON.stringify(built)}`);
  const before = git(bare, "rev-parse", "catalog").trim();
  const one = worker("publish", bundle, target, extraDir, "-", NEXT_AT);
  const after = git(bare, "rev-parse", "catalog").trim();
  const rebuilt = worker("build", bundle, target, site);
  rounds.push({ publish, again, built, one, rebuilt });
  last = { bare, site, target, before, after };
  loads.push(loadavg()[0]);
}

// Publishing one more product: the catalog commit touches its entry and the index, nothing else.
const { bare, site, target, before, after } = last;
const changed = git(bare, "diff", "--name-status", before, after).trim().split("\n");
const stat = git(bare, "diff", "--stat=100", before, after).trimEnd();
const onePublish = rounds.at(-1).one;
const newEntry = changed.find((l) => l.startsWith("A\t"))?.slice(2);
if (changed.length !== 2 || !changed.includes("M\tindex.json") || !newEntry || !/^products\/[^/]+\/[^/]+\.json$/.test(newEntry)) throw new Error(`publishing one more product changed: ${changed.join(", ")}`);
const entriesAfter = git(bare, "ls-tree", "-r", "--name-only", after, "products").trim().split("\n").length;
const unchangedEntries = git(bare, "diff", "--name-only", before, after, "--", "products").trim().split("\n").filter(Boolean).length;

// The site: size on disk, and what the front page costs to download.
const size = sizeOf(site);
const indexHtml = readFileSync(join(site, "index.html"));
const searchIndex = statSync(join(site, "search-index.json")).size;
const pages = readdirSync(join(site, "products")).map((n) => statSync(join(site, "products", n)).size);
const gzipTotal = (() => {
  let total = 0;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else total += gzipSync(readFileSync(path)).length;
    }
  };
  walk(site);
  return total;
})();

// Search latency: the engine and index inlined in the built index.html, in Node (fresh process).
const checkout = join(work, "checkout");
rmSync(checkout, { recursive: true, force: true });
execFileSync("git", ["clone", "-q", "--branch", "catalog", bare, checkout]);
const search = worker("search", bundle, site, queriesFile, checkout);
const queries = JSON.parse(readFileSync(queriesFile, "utf8"));

// The same queries typed into the page in headless Chromium: input event → results re-rendered and laid out.
let browser;
if (existsSync(CHROMIUM)) {
  const { chromium } = await import("playwright-core");
  const instance = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
  try {
    const page = await instance.newPage({ viewport: { width: 1280, height: 900 } });
    await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
    const t0 = performance.now();
    await page.goto(pathToFileURL(join(site, "index.html")).href, { waitUntil: "load" });
    const loadMs = performance.now() - t0;
    const nav = await page.evaluate(() => {
      const entry = performance.getEntriesByType("navigation")[0];
      return { domContentLoaded: entry.domContentLoadedEventEnd, load: entry.loadEventEnd };
    });
    const type = (q) =>
      page.evaluate((query) => {
        const input = document.getElementById("search");
        const start = performance.now();
        input.value = query;
        input.dispatchEvent(new Event("input"));
        void document.getElementById("results").offsetHeight; // layout included
        return { ms: performance.now() - start, shown: document.querySelectorAll("#results li.product-card").length };
      }, q);
    for (const q of queries.slice(0, 10)) await type(q); // warm-up
    const samples = [];
    for (const q of queries) samples.push(await type(q));
    const clear = [];
    for (let k = 0; k < 5; k++) clear.push((await type("")).ms);
    browser = { loadMs, nav, samples, clearMs: median(clear) };
  } finally {
    await instance.close();
  }
}

// `meshkit catalog search` end to end on the git target (bundled CLI; fetches the branch each time).
let cliSearch;
const cliBin = join(root, "packages/cli/dist/meshkit.js");
if (existsSync(cliBin)) {
  const walls = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [cliBin, "catalog", "search", "orders daily", "--catalog", target, "--format", "json"], { encoding: "utf8", maxBuffer: 1 << 26 });
    walls.push(performance.now() - t0);
    if (res.status !== 0) throw new Error(`meshkit catalog search exited ${res.status}: ${res.stderr}`);
  }
  cliSearch = median(walls);
}
loads.push(loadavg()[0]);

// ---- report ----
const pick = (f) => rounds.map(f);
const row = (label, xs) => `| ${label} | ${s(median(xs))} | ${s(Math.min(...xs))}–${s(Math.max(...xs))} |`;
const p = rounds.at(-1).publish;
console.log(`## Publish ${N.toLocaleString("en")} products to git:<bare repo>#catalog and build the site (median of ${ROUNDS} rounds, each step a fresh process)\n`);
console.log(`Inputs: ${p.documents} documents (${N} ODPS products + their ODCS contracts) and a results run of ${N} contracts.\n`);
console.log("| step | median (s) | range (s) |");
console.log("|---|---:|---:|");
console.log(row(`publish ${N} products (one publish, one commit), end to end`, pick((r) => r.publish.totalMs)));
console.log(row("· of which reading the documents (`readCatalogDocuments`)", pick((r) => r.publish.loadMs)));
console.log(row("· of which git init + fetch + checkout", pick((r) => r.publish.checkoutMs)));
console.log(row("· of which the plan (entries, merge, index)", pick((r) => r.publish.planMs)));
console.log(row(`· of which writing ${N + 1} files + git add/commit/push (+ removing the work tree)`, pick((r) => r.publish.pushMs)));
console.log(row(`publish the same ${N} again (nothing changes, nothing pushed)`, pick((r) => r.again.totalMs)));
console.log(row("· of which git init + fetch + checkout of the catalog", pick((r) => r.again.checkoutMs)));
console.log(row(`· of which the plan (reads ${N} entries)`, pick((r) => r.again.planMs)));
console.log(row(`\`buildCatalogSite\` from the git target (${rounds[0].built.files} files)`, pick((r) => r.built.ms)));
console.log(row("publish one more product", pick((r) => r.one.totalMs)));
console.log(row("· of which git init + fetch + checkout of the catalog", pick((r) => r.one.checkoutMs)));
console.log(row(`· of which the plan (reads ${N} entries)`, pick((r) => r.one.planMs)));
console.log(row("· of which writing 2 files + git add/commit/push (+ removing the work tree)", pick((r) => r.one.pushMs)));
console.log(row("rebuild the site after it", pick((r) => r.rebuilt.ms)));
console.log(`\nPeak RSS: publish ${f1(median(pick((r) => r.publish.maxRssMiB)))} MiB, site build ${f1(median(pick((r) => r.built.maxRssMiB)))} MiB (git's own processes not counted).`);
console.log(`Attempts: ${p.attempts} (no concurrent publisher). Rebuild after one more product wrote ${rounds.at(-1).rebuilt.written.length} of ${rounds.at(-1).rebuilt.files} site files: ${rounds.at(-1).rebuilt.written.join(", ")}.`);

console.log(`\n## Site size (${N} products)\n`);
console.log("| what | size |");
console.log("|---|---:|");
console.log(`| whole site on disk (${size.files} files) | ${mib(size.bytes)} MiB (gzip, as GitHub Pages serves it: ${mib(gzipTotal)} MiB) |`);
console.log(`| index.html (cards + inline search index + engine) | ${kib(indexHtml.length)} KiB (gzip ${kib(gzipSync(indexHtml).length)} KiB) |`);
console.log(`| search-index.json | ${kib(searchIndex)} KiB |`);
console.log(`| a product page: median / largest | ${kib(median(pages))} / ${kib(Math.max(...pages))} KiB |`);

console.log(`\n## Search latency over the built site's index (${search.products} products, ${queries.length} queries)\n`);
const hitsMedian = median(search.hits);
console.log(`Queries: 25 words, 25 prefixes, 20 product names, 15 two-word, 10 owner names, 5 with no match; median ${hitsMedian} hits per query (max ${Math.max(...search.hits)}).\n`);
console.log("| where | median (ms) | p95 (ms) | max (ms) |");
console.log("|---|---:|---:|---:|");
console.log(`| page engine in Node (inline engine + index from index.html; per query the median of 5) | ${f2(median(search.medians))} | ${f2(quantile(search.medians, 0.95))} | ${f2(Math.max(...search.medians))} |`);
if (browser) {
  const ms = browser.samples.map((x) => x.ms);
  console.log(`| headless Chromium: type → search → cards re-rendered → layout | ${f2(median(ms))} | ${f2(quantile(ms, 0.95))} | ${f2(Math.max(...ms))} |`);
}
console.log(`\nFirst query in a fresh process (tokenizes every product once): ${f1(search.firstMs)} ms; parsing the inline index (${kib(search.indexBytes)} KiB): ${f1(search.parseMs)} ms.`);
if (browser) console.log(`Chromium: index.html loaded (file://, ${N} cards, first render) in ${f1(browser.nav.load)} ms; clearing the query (all ${N} cards back): ${f1(browser.clearMs)} ms.`);
console.log(`\`searchCatalog\` on a checkout (reads ${N} entries, builds the index, searches): median ${f1(median(search.searchCatalogMs))} ms.`);
if (cliSearch !== undefined) console.log(`\`meshkit catalog search "orders daily" --catalog ${target.replace(work, "$WORK")}\` (bundled CLI, git fetch included): median of 3 ${f1(cliSearch)} ms.`);

console.log(`\n## One more product: the catalog commit touches ${changed.length} files\n`);
console.log("```text");
console.log(`$ git --git-dir catalog.git diff --stat ${before.slice(0, 7)} ${after.slice(0, 7)}`);
console.log(stat);
console.log("```");
console.log(`\n${entriesAfter} entries on the branch after it; ${unchangedEntries} file under products/ changed (the new entry): the ${entriesAfter - 1} entries published before are byte-identical. Actions: ${JSON.stringify(onePublish.actions)}.`);
console.log(`\nLoad average (1 min) during the run: ${loads.map((x) => x.toFixed(2)).join(" → ")}`);
