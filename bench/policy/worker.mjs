// One measurement process for bench/policy. Prints one JSON line.
// Usage: node worker.mjs <bundle.mjs> <corpus dir> run|phases|families|verify '<expected JSON>' [documents]
//   run:      `runPolicy({cwd, paths: []})` as `meshkit policy` runs it, timed whole; then checks the counts.
//             The JSON line has a digest of the findings and results (to compare runs).
//   phases:   the same steps one by one (config, compile the packs, discover, read + parse, evaluate),
//             each timed, and the source positions of the documents with findings timed apart.
//   families: each policy alone over the corpus, summed by family.
//   verify:   every expression over the first [documents] documents (default 200), both compiled to
//             JavaScript and by @bufbuild/cel's interpreter: the compiled code must agree whenever it answers.
// Counters: the bundle wraps @bufbuild/cel's parse and plan (globalThis.__meshkitBenchCel): parse calls =
// expressions the subset parser left to @bufbuild/cel, plan calls = expressions the interpreter was needed
// for, program calls = interpreter evaluations. Expressions compiled to JavaScript are counted here, as
// `new Function` calls.
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const [bundle, dir, mode, expectedArg, documentsArg] = process.argv.slice(2);
const expected = JSON.parse(expectedArg);
const TODAY = "2026-11-30";
const compiledToJs = { count: 0 };
const RealFunction = globalThis.Function;
globalThis.Function = new Proxy(RealFunction, {
  construct(target, args) {
    compiledToJs.count++;
    return Reflect.construct(target, args);
  },
});
// The counters exist before @bufbuild/cel does (it is loaded on first use, if at all).
const cel = (globalThis.__meshkitBenchCel ??= { parse: 0, plan: 0, evaluate: 0 });
const lib = await import(pathToFileURL(bundle).href);

function fail(message) {
  console.error(`bench/policy worker (${mode}, ${dir}): ${message}`);
  process.exit(3);
}

/** Results a run must have: one per (document, policy matching its kind, validation). */
function expectedResults(policies) {
  const rulesPerKind = {};
  for (const kind of Object.keys(expected.kinds)) rulesPerKind[kind] = policies.filter((p) => p.kinds.includes(kind)).reduce((n, p) => n + p.validations.length, 0);
  return Object.entries(expected.kinds).reduce((n, [kind, count]) => n + count * rulesPerKind[kind], 0);
}

function expressionCount(policies) {
  return policies.reduce(
    (n, p) => n + p.matchConditions.length + p.variables.length + p.validations.reduce((m, v) => m + 1 + (v.forEach ? 1 : 0) + (v.messageExpression ? 1 : 0) + (v.pathExpression ? 1 : 0), 0),
    0,
  );
}

/** Fails loudly unless every document was checked by every rule that matches it, and only the seeded violations fail. */
function check(run, policies) {
  const bad = run.findings.filter((f) => f.stage !== "policy" || f.ruleId === "policy-invalid" || f.ruleId === "policy-runtime-error");
  if (bad.length > 0) fail(`unexpected findings: ${JSON.stringify(bad.slice(0, 3))}`);
  if (policies.length !== expected.policies) fail(`compiled ${policies.length} policies, expected ${expected.policies}`);
  if (run.files !== expected.documents + 1) fail(`checked ${run.files} documents, expected ${expected.documents} + meshkit.yaml`);
  const resources = new Set(run.results.map((r) => r.resource));
  if (resources.size !== expected.documents + 1) fail(`results for ${resources.size} documents, expected ${expected.documents + 1}`);
  const want = expectedResults(policies);
  if (run.results.length !== want) fail(`${run.results.length} results, expected ${want} (documents × matching rules)`);
  const errors = run.results.filter((r) => r.result === "error");
  if (errors.length > 0) fail(`${errors.length} rules could not be evaluated: ${JSON.stringify(errors.slice(0, 3))}`);
  const failing = [...new Set(run.results.filter((r) => r.result === "fail" || r.result === "warn").map((r) => r.resource))].sort();
  if (failing.length !== expected.violating.length || failing.some((f, i) => f !== expected.violating[i])) {
    const extra = failing.filter((f) => !expected.violating.includes(f));
    const missing = expected.violating.filter((f) => !failing.includes(f));
    const sample = run.results.filter((r) => extra.includes(r.resource) && r.result !== "pass" && r.result !== "skip").slice(0, 3);
    fail(`documents with failures differ from the seeded ones: unexpected ${JSON.stringify(extra.slice(0, 5))} ${JSON.stringify(sample)}, missing ${JSON.stringify(missing.slice(0, 5))}`);
  }
}

/** CPU time (user + system, ms) of this process since `from`: unlike wall time, not inflated by other load on the core. */
const cpuMs = (from) => {
  const { user, system } = process.cpuUsage(from);
  return (user + system) / 1000;
};

if (mode === "run") {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run = await lib.runPolicy({ cwd: dir, paths: [], today: TODAY });
  const ms = performance.now() - t0;
  const cpu = cpuMs(cpu0);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  const runCounts = { ...cel };
  const jsCompiled = compiledToJs.count;
  const packs = lib.loadPacks(run.config.policy.packs, dir);
  if (packs.findings.length > 0) fail(`packs do not load: ${JSON.stringify(packs.findings.slice(0, 3))}`);
  const expressions = expressionCount(packs.policies);
  // Compiled once, not per document: per expression at most two JavaScript functions (its value, and its
  // forEach form; plus one probe that code generation works), one @bufbuild/cel parse and one plan.
  if (jsCompiled > 2 * expressions + 1 || runCounts.parse > expressions || runCounts.plan > expressions) fail(`the run generated ${jsCompiled} JavaScript functions, parsed ${runCounts.parse} and planned ${runCounts.plan} expressions with @bufbuild/cel; the packs have ${expressions} expressions: policies are not compiled once`);
  check(run, packs.policies);
  // What the run found, in order: equal across runs, pinned or not.
  const digest = createHash("sha256").update(JSON.stringify(run.findings)).update(JSON.stringify(run.results)).digest("hex").slice(0, 16);
  console.log(
    JSON.stringify({
      ms,
      digest,
      cpuMs: cpu,
      maxRssMiB,
      files: run.files,
      results: run.results.length,
      summary: run.summary,
      findings: run.findings.length,
      policies: packs.policies.length,
      rules: packs.policies.reduce((n, p) => n + p.validations.length, 0),
      expressions,
      celParses: runCounts.parse,
      celPlans: runCounts.plan,
      celEvaluations: runCounts.evaluate,
      jsCompiled,
    }),
  );
} else if (mode === "phases") {
  const t = {};
  const cpu0 = process.cpuUsage();
  let t0 = performance.now();
  const loaded = await lib.loadConfig({ cwd: dir, paths: [] });
  const config = loaded.config;
  t.configMs = performance.now() - t0;

  t0 = performance.now();
  const parsesBefore = cel.parse;
  const plansBefore = cel.plan;
  const packs = lib.loadPacks(config.policy.packs, dir);
  t.compileMs = performance.now() - t0;
  t.compileParses = cel.parse - parsesBefore;
  t.compilePlans = cel.plan - plansBefore;

  t0 = performance.now();
  const files = await lib.discoverFiles([], config, dir);
  const infrastructure = await lib.discoverFiles([], { ...config, files: { include: config.policy.infrastructure, exclude: config.files.exclude } }, dir);
  t.discoverMs = performance.now() - t0;

  // runPolicy's collectTargets: read, pre-filter by content, parse, classify.
  t0 = performance.now();
  const targets = [];
  const seen = new Set();
  for (const file of [...files, ...infrastructure.map((f) => ({ ...f, explicit: true }))]) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    const read = lib.readSourceFile(file.path, file.display);
    if (!read.ok) fail(read.finding.message);
    if (!file.explicit && !lib.mayBeMeshkitDocument(read.text)) continue;
    const { documents, findings } = lib.loadText(file.display, read.text);
    if (findings.length > 0) fail(JSON.stringify(findings[0]));
    for (const doc of documents) {
      const kind = doc.kind.type;
      if (kind === "DataContract" || kind === "DataProduct") targets.push({ doc, kind });
      else if (kind === "other" && file.explicit) targets.push({ doc, kind: "Infrastructure" });
    }
  }
  for (const doc of config.sources) targets.push({ doc, kind: "Config" });
  t.parseMs = performance.now() - t0;

  t0 = performance.now();
  const contracts = {};
  for (const { doc, kind } of targets) if (kind === "DataContract" && !(doc.value.id in contracts)) contracts[doc.value.id] = doc.value;
  const options = { params: config.policy.params, rules: config.policy.rules, waivers: config.policy.waivers, contracts, today: TODAY };
  const evaluationsBefore = cel.evaluate;
  const byKind = {};
  const results = [];
  const findings = [];
  // One call per kind (the engine loops document by document, so the sum is one call's work).
  for (const kind of ["DataContract", "DataProduct", "Infrastructure", "Config"]) {
    const t1 = performance.now();
    const some = targets.filter((x) => x.kind === kind);
    const evaluation = lib.evaluatePolicies(packs.policies, some, options);
    byKind[kind] = { documents: some.length, ms: performance.now() - t1, results: evaluation.results.length, findings: evaluation.findings.length };
    // (push(...xs) would overflow the stack with hundreds of thousands of results)
    for (const r of evaluation.results) results.push(r);
    for (const f of evaluation.findings) findings.push(f);
  }
  t.evaluateMs = performance.now() - t0;
  t.celEvaluations = cel.evaluate - evaluationsBefore;
  t.totalMs = t.configMs + t.compileMs + t.discoverMs + t.parseMs + t.evaluateMs;
  t.cpuMs = cpuMs(cpu0);
  t.byKind = byKind;
  t.results = results.length;
  t.findings = findings.length;
  const want = expectedResults(packs.policies);
  if (results.length !== want) fail(`${results.length} results, expected ${want}`);
  if (targets.length !== expected.documents + 1) fail(`${targets.length} targets, expected ${expected.documents + 1}`);

  // Findings point at YAML nodes: a document's first finding builds its `yaml` AST (core's locate).
  // Time that apart, on fresh copies of the documents that had findings.
  const withFindings = [...new Set(findings.map((f) => f.file))];
  const texts = withFindings.map((file) => [file, targets.find((x) => x.doc.file === file)]).filter(([, x]) => x).map(([file]) => [file, lib.readSourceFile(`${dir}/${file}`, file).text]);
  const copies = texts.map(([file, text]) => lib.loadText(file, text).documents[0]);
  t0 = performance.now();
  for (const doc of copies) doc.locate("");
  t.positionsMs = performance.now() - t0;
  t.documentsWithFindings = withFindings.length;
  t.maxRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify(t));
} else if (mode === "families") {
  // What each family of policies costs: every policy alone over all documents (warm: after one full
  // evaluation), summed by family. Family: builtin:<pack>, or the generated policy's name without its number.
  const { config } = await lib.loadConfig({ cwd: dir, paths: [] });
  const packs = lib.loadPacks(config.policy.packs, dir);
  const files = await lib.discoverFiles([], config, dir);
  const infrastructure = await lib.discoverFiles([], { ...config, files: { include: config.policy.infrastructure, exclude: config.files.exclude } }, dir);
  const targets = [];
  for (const file of files) for (const doc of lib.loadText(file.display, lib.readSourceFile(file.path, file.display).text).documents) targets.push({ doc, kind: doc.kind.type });
  for (const file of infrastructure) for (const doc of lib.loadText(file.display, lib.readSourceFile(file.path, file.display).text).documents) targets.push({ doc, kind: "Infrastructure" });
  for (const doc of config.sources) targets.push({ doc, kind: "Config" });
  const contracts = {};
  for (const { doc, kind } of targets) if (kind === "DataContract") contracts[doc.value.id] = doc.value;
  const options = { params: config.policy.params, rules: config.policy.rules, waivers: config.policy.waivers, contracts, today: TODAY };
  // One cache of plain-data checks for all (a run checks each document once, not once per policy).
  const cache = lib.evaluationCache();
  const warm = lib.policyEvaluator(packs.policies, options, cache);
  for (const target of targets) warm(target, { findings: [], results: [] }); // warm-up (and positions of the documents with findings)
  const families = {};
  for (const policy of packs.policies) {
    const family = policy.file.startsWith("builtin:") ? policy.file.split("/")[0] : policy.name.replace(/^bench-/, "").replace(/-\d+$/, "");
    const some = targets.filter((x) => policy.kinds.includes(x.kind));
    const evaluationsBefore = cel.evaluate;
    const evaluate = lib.policyEvaluator([policy], options, cache);
    const out = { findings: [], results: [] };
    const t0 = performance.now();
    for (const target of some) evaluate(target, out);
    const ms = performance.now() - t0;
    const f = (families[family] ??= { policies: 0, rules: 0, ms: 0, celEvaluations: 0, documents: 0 });
    f.policies++;
    f.rules += policy.validations.length;
    f.ms += ms;
    f.celEvaluations += cel.evaluate - evaluationsBefore;
    f.documents = Math.max(f.documents, some.length);
  }
  console.log(JSON.stringify({ families }));
} else if (mode === "verify") {
  // Every expression as the engine evaluates it (matchConditions, variables, forEach lists and elements,
  // messages and paths), compiled and interpreted; the interpreter's results feed the next steps.
  const { config } = await lib.loadConfig({ cwd: dir, paths: [] });
  const packs = lib.loadPacks(config.policy.packs, dir);
  const files = await lib.discoverFiles([], config, dir);
  const infrastructure = await lib.discoverFiles([], { ...config, files: { include: config.policy.infrastructure, exclude: config.files.exclude } }, dir);
  const all = [];
  for (const file of files) for (const doc of lib.loadText(file.display, lib.readSourceFile(file.path, file.display).text).documents) all.push({ doc, kind: doc.kind.type });
  for (const file of infrastructure) for (const doc of lib.loadText(file.display, lib.readSourceFile(file.path, file.display).text).documents) all.push({ doc, kind: "Infrastructure" });
  const contracts = {};
  for (const { doc, kind } of all) if (kind === "DataContract") contracts[doc.value.id] ??= doc.value;
  const limit = Number(documentsArg ?? 200);
  // The first documents of each kind, so products and Terraform are in the sample.
  const sample = ["DataContract", "DataProduct", "Infrastructure"].flatMap((kind) => all.filter((t) => t.kind === kind).slice(0, Math.ceil((limit * (kind === "DataContract" ? 0.7 : 0.15)))));
  for (const doc of config.sources) sample.push({ doc, kind: "Config" });
  const counts = { evaluations: 0, compiled: 0, bailed: 0, outsideSubset: 0, forEachCalls: 0, forEachCompiled: 0 };
  const compare = (expression, bindings, where) => {
    counts.evaluations++;
    const interpreted = expression.interpret(bindings);
    const js = expression.js();
    if (!js) {
      counts.outsideSubset++;
      return interpreted;
    }
    const value = js.run(bindings);
    if (value === lib.BAIL) {
      counts.bailed++;
      return interpreted;
    }
    counts.compiled++;
    if (!interpreted.ok || !isDeepStrictEqual(interpreted.value, value)) fail(`${where}: \`${expression.source}\` compiled to ${JSON.stringify(value)}, interpreted to ${JSON.stringify(interpreted)}`);
    return interpreted;
  };
  for (const { doc, kind } of sample) {
    for (const policy of packs.policies.filter((p) => p.kinds.includes(kind))) {
      const where = `${doc.file} ${policy.name}`;
      const bindings = { object: doc.value, kind, file: doc.file, params: { ...policy.params, ...config.policy.params }, contracts, variables: {}, ...lib.documentViews(kind, doc.value), item: undefined, index: undefined };
      if (!policy.matchConditions.every((c) => compare(c.expression, bindings, where).value === true)) continue;
      const variables = {};
      for (const variable of policy.variables) {
        const outcome = compare(variable.expression, bindings, where);
        if (!outcome.ok) break;
        variables[variable.name] = outcome.value;
        bindings.variables = { ...variables };
      }
      for (const validation of policy.validations) {
        const list = validation.forEach ? compare(validation.forEach, bindings, where) : undefined;
        const items = list?.ok && Array.isArray(list.value) ? list.value : undefined;
        const scopes = items ? items.map((item, index) => ({ ...bindings, item, index })) : validation.forEach ? [] : [bindings];
        const outcomes = scopes.map((scope) => [scope, compare(validation.expression, scope, where)]);
        for (const [scope, outcome] of outcomes) {
          if (outcome.ok && outcome.value === false) for (const e of [validation.messageExpression, validation.pathExpression]) if (e) compare(e, scope, where);
        }
        const js = validation.expression.js();
        if (items && items.length > 0 && js) {
          counts.forEachCalls++;
          const failed = js.runEach({ ...bindings }, items);
          if (failed !== lib.BAIL) {
            counts.forEachCompiled++;
            const want = outcomes.flatMap(([, outcome], index) => (outcome.ok && outcome.value === false ? [index] : []));
            if (outcomes.some(([, outcome]) => !outcome.ok || typeof outcome.value !== "boolean") || !isDeepStrictEqual(failed, want)) fail(`${where}: forEach \`${validation.expression.source}\` compiled to failures at ${JSON.stringify(failed)}, interpreted: ${JSON.stringify(want)}`);
          }
        }
      }
    }
  }
  console.log(JSON.stringify({ documents: sample.length, ...counts }));
} else {
  fail(`unknown mode ${mode}`);
}
