/**
 * `meshkit policy test [DIR]`: a pack's own unit tests, like `conftest verify`. Every fixture document
 * in DIR says which findings it must produce — `# expect: <rule-id> <line>` comments (`<rule-id>`
 * alone: at any line; either followed by `error`, `warning` or `info`: of that severity too; `# expect: none`:
 * no finding at all), or for JSON, which has no comments, the
 * same lines in a sidecar `<name>.expect` (`orders.tf.json` → `orders.tf.expect`). The packs run on
 * each fixture alone, and every expected finding that is missing and every finding not expected is
 * a `policy-test-failed` error.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { type Finding, type MeshkitConfig, type ReportTestCase, type Severity, UsageError, closest, displayPath, docsUrlFor, loadConfig, loadText, missingConfigPack, readSourceFile, unsupportedApiVersionText, yamlComments } from "@meshkit/core";
import { contractAdder } from "./contract-index.js";
import { DISK_PACK_FILES, packExists, packsFor, resolvePack } from "./load.js";
import { isDetailError } from "./engine.js";
import { type CheckOptions, checkDocuments } from "./run.js";
import { rulesByPolicy, runParams, unknownConfigParams } from "./stream.js";
import { targetsOf } from "./targets.js";

export const POLICY_TEST_RULE_ID = "policy-test-failed";

export interface PolicyTestOptions extends Omit<CheckOptions, "isolated"> {
  /** Fixture folders (or files), checked with the packs in use; default: the `tests/` folder of every local pack in use, each with its own pack. */
  dirs: readonly string[];
}

export interface PolicyTestRun {
  /** `policy-test-failed` findings, or the packs' and fixtures' own problems (policy-invalid, yaml-syntax…). */
  findings: Finding[];
  fixtures: number;
  expectations: number;
  /** Expectations met (a `none` counts once when the fixture has no finding). */
  passed: number;
  /**
   * One test per expectation, met or not, and one failing test per finding no expectation names (or per fixture
   * without expectations), for JUnit: every `policy-test-failed` finding is the failure of one of them.
   */
  cases: ReportTestCase[];
}

interface Expectation {
  rule: string;
  /** Absent: any line. */
  line?: number;
  /** Absent: any severity. A rule moved from error to warning no longer blocks a pull request: a fixture can pin it. */
  severity?: Severity;
  /** Where the expectation is written, to point a missing-finding failure at it. */
  at: { file: string; line: number };
}

/** An expectation: a `# expect:` comment of a YAML fixture, or an `expect:` line (with or without `#`) of a `.expect` file. */
const EXPECT_COMMENT = /^\s*#\s*expect:\s*(.*?)\s*$/;
const EXPECT_LINE = /^\s*#?\s*expect:\s*(.*?)\s*$/;
/**
 * A comment meant as an expectation but not spelt as one (`# Expect: pii-protection 4`, `# EXPECT: none`,
 * `# expected: object-description`): read as a plain comment, it would drop the expectation, and a fixture
 * whose rule stopped firing would pass. Only when what follows reads as an expectation: prose that starts
 * so (`# Expected: nothing is reported, the table has a description.`) is a comment.
 */
const MISSPELT_EXPECT = /^\s*#?\s*expect(?:s|ed)?\s*:\s*(.*?)\s*$/i;
/**
 * A line of a `.expect` sidecar, which holds nothing but expectations, that says one without the colon (`expect
 * bucket-sse 7`): ignored as an "other line", it would drop the expectation in silence. Not in a YAML fixture's
 * comments, where `# expect failure` may be prose.
 */
const COLONLESS_EXPECT_LINE = /^\s*#?\s*expect(?:s|ed)?\s+(.*?)\s*$/i;
// Lines count from 1, and a severity may follow; `none` takes neither (it is about the whole fixture).
const EXPECTATION = /^(none|[A-Za-z0-9][\w.-]*)(?:\s+([1-9]\d*))?(?:\s+(error|warning|info))?$/;

export async function testPolicies(options: PolicyTestOptions): Promise<PolicyTestRun> {
  const loaded = await loadConfig(options);
  if (loaded.findings.length > 0) return { findings: loaded.findings, fixtures: 0, expectations: 0, passed: 0, cases: [] };
  const config = loaded.config;
  // Fixtures checked against no pack would all pass `# expect: none`: OPA (policy.opa) does not run on them.
  if ((options.policies ?? config.policy.packs).length === 0) {
    throw new UsageError(
      `no policy packs to test the fixtures with: ${config.sources.at(-1)?.file ?? "meshkit.yaml"} sets policy.packs: []; name the packs with --policies (Rego on an OPA server is not run by meshkit policy test: test it with \`opa test\`)`,
    );
  }
  // A pack of meshkit.yaml that is not there is said at its entry, as `meshkit policy` says it, before its tests/ folder is looked for.
  const missing = options.dirs.length === 0 && !options.policies ? missingConfigPack(config, options.cwd, packExists(DISK_PACK_FILES)) : undefined;
  if (missing) return { findings: [missing], fixtures: 0, expectations: 0, passed: 0, cases: [] };
  // Named folders: the packs in use (--policies, else policy.packs). Else each local pack's own
  // tests/ folder, against that pack alone: its fixtures say what that pack reports.
  const suites =
    options.dirs.length > 0
      ? [{ dirs: options.dirs.map((d) => resolve(options.cwd, d)), policies: options.policies }]
      : packTestSuites(options.policies ?? config.policy.packs, options.cwd);

  // meshkit.yaml's policy.params apply to the fixtures: a misspelt name or a value of the wrong kind is refused as
  // `meshkit policy` refuses it (exit 2), not tested against the defaults it leaves in force.
  const configParams = configParamProblems(options, config);
  if (configParams.length > 0) return { findings: configParams, fixtures: 0, expectations: 0, passed: 0, cases: [] };
  const params = suiteParams(options, config);

  const run: PolicyTestRun = { findings: [], fixtures: 0, expectations: 0, passed: 0, cases: [] };
  // A fixture reached twice (a pack listed twice in policy.packs, `policies` and `./policies/`; a folder named
  // with one of its files, or through a link) is tested once: each of its failures would be reported twice.
  // Once per pack: a fixture another pack's tests/ reaches too (through a link) is still tested with that pack.
  const tested = new Set<string>();
  for (const suite of suites) {
    const packs = (suite.policies ?? []).map((pack) => realPathOf(resolve(options.cwd, pack))).join("\0");
    // Each folder on its own: `meshkit policy test pack/tests other/` must not pass other/ because pack/tests had fixtures.
    const fixtures = suite.dirs
      .flatMap((dir) => {
        const found = fixtureFiles(dir, options.cwd);
        if (found.length === 0) throw new UsageError(`no policy fixtures (*.yaml, *.yml, *.json) in ${displayPath(dir, options.cwd)}`);
        return found;
      })
      .filter((fixture) => firstTime(tested, `${packs}\0${realPathOf(fixture.path)}`));
    if (fixtures.length === 0) continue;
    // The pack is loaded before any fixture: one that does not compile stops the run (exit 2) even when
    // no fixture reaches it (all without expectations, or unreadable), rather than hiding behind their failures.
    const loaded = packsFor(suite.policies ?? options.policies, config, options.cwd);
    if (loaded.findings.length > 0) {
      run.findings.push(...loaded.findings);
      return run;
    }
    const policyRules = rulesByPolicy(loaded.policies);
    run.fixtures += fixtures.length;
    // Products look up their ports' contracts among the fixtures, as `meshkit policy` does in a repository.
    const contracts = fixtureContracts(fixtures);
    for (const fixture of fixtures) {
      const outcome = await testFixture(fixture, config, { ...options, ...(suite.policies ? { policies: suite.policies } : {}), ...(params ? { params } : {}), contracts }, policyRules);
      if ("problems" in outcome) {
        // A pack that does not compile fails every fixture the same way: report it once.
        run.findings.push(...outcome.problems);
        if (outcome.fatal) return run;
        continue;
      }
      run.expectations += outcome.expectations;
      run.passed += outcome.met;
      run.findings.push(...outcome.failures);
      run.cases.push(...outcome.cases);
    }
  }
  return run;
}

/** Adds `key` to `seen`: whether it was not there yet. */
function firstTime(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/** A path with symbolic links resolved, so that a fixture (or pack) reached two ways is one. */
function realPathOf(path: string): string {
  return DISK_PACK_FILES.realPath?.(resolve(path)) ?? resolve(path);
}

/**
 * With no folder named, each pack is tested alone, but a `--params` file holds the parameters of all the packs
 * in use (as `meshkit policy` reads it): it is checked against them all, once, rather than against each pack,
 * which would refuse the others' names. Undefined when each suite reads the parameters itself (folders named:
 * one suite with all the packs), or when the packs do not load (each suite reports that).
 */
function suiteParams(options: PolicyTestOptions, config: MeshkitConfig): Record<string, unknown> | undefined {
  if (!options.paramsFile || options.dirs.length > 0) return undefined;
  const packs = packsFor(options.policies, config, options.cwd);
  return packs.findings.length > 0 ? undefined : runParams(options, config, packs.policies);
}

/**
 * meshkit.yaml's `policy.params` that the packs in use (all of them: each is tested alone, but the
 * parameters are one namespace) do not declare or read, or read as another kind: `config-invalid`, as `meshkit
 * policy` reports them (with `--policies`, other packs, or `policy.opa`, whose parameters they may be, only
 * the values of the names the packs declare).
 * None when the packs do not load: each suite reports that.
 */
function configParamProblems(options: PolicyTestOptions, config: MeshkitConfig): Finding[] {
  const packs = packsFor(options.policies, config, options.cwd);
  if (packs.findings.length > 0) return [];
  return unknownConfigParams(options, config, packs.policies, runParams(options, config, packs.policies));
}

/**
 * The `tests/` folders of every local pack folder, each suite with its pack (builtin packs are tested in meshkit's own
 * repository): `<pack>/tests/`, and those of its subfolders (`<pack>/contracts/tests/`), which the loader skips as
 * fixtures too, so that no fixture of the pack goes untested.
 */
function packTestSuites(packs: readonly string[], cwd: string): { dirs: string[]; policies: string[] }[] {
  // A misspelt or missing pack is named as such, not taken for a pack without tests.
  const suites = packs
    .filter((pack) => !("builtin" in resolvePack(pack, cwd)))
    .map((pack) => ({ dirs: packTestFolders(resolve(cwd, pack)), policies: [pack] }))
    .filter((suite) => suite.dirs.length > 0);
  if (suites.length === 0) throw new UsageError("no policy tests to run: name a fixture folder (meshkit policy test DIR), or add a tests/ folder to a local pack of policy.packs");
  return suites;
}

/**
 * The folders named `tests` in a pack folder, at any depth, as the pack loader skips them (not under `node_modules`);
 * the outermost only, since a fixture folder is searched recursively. None for a pack that is one file.
 */
function packTestFolders(pack: string): string[] {
  if (DISK_PACK_FILES.kind(pack) !== "folder") return [];
  return DISK_PACK_FILES.list(pack)
    .map((entry) => entry.split(/[\\/]/))
    .filter((parts) => parts.at(-1) === "tests" && !parts.slice(0, -1).some((part) => part === "tests" || part === "node_modules"))
    .map((parts) => join(pack, ...parts))
    .filter((folder) => DISK_PACK_FILES.kind(folder) === "folder")
    .sort();
}

interface Fixture {
  path: string;
  display: string;
  /** The sidecar `.expect` file, for JSON fixtures. */
  sidecar?: string;
}

function fixtureFiles(dir: string, cwd: string): Fixture[] {
  if (!existsSync(dir)) throw new UsageError(`policy fixture folder not found: ${displayPath(dir, cwd)}`);
  const files = statSync(dir).isDirectory()
    ? readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.split(/[\\/]/).includes("node_modules"))
        .sort()
        .map((f) => join(dir, f))
    : [dir];
  // The pack's own policies, when its folder is named (`meshkit policy test policies/`, as `conftest verify` is
  // pointed at its policy folder): no fixtures, which would each fail for want of an expectation. Its tests/
  // folders are searched as any other.
  // Not in a tests/ folder (the named folder's own name counted): the loader skips those, so a policy there is one no
  // pack loads, and is tested as a fixture, which fails saying so, rather than passed over in silence.
  const named = statSync(dir).isDirectory() ? dir : dirname(dir);
  const policies = new Set(files.filter((path) => !inTestsFolder(named, path) && isPolicyFile(path)));
  if (policies.size > 0 && policies.size === files.length) {
    const display = displayPath(dir, cwd);
    throw new UsageError(
      `no policy fixtures in ${display}: ${files[0] === dir ? "it holds" : policies.size === 1 ? "its one file holds" : `its ${policies.size} files hold`} policies (kind: Policy), not fixtures; name the folder of a pack's fixtures (its tests/), or run \`meshkit policy test\` with no folder to test the tests/ of every local pack in use`,
    );
  }
  return files.filter((path) => !policies.has(path)).map((path) => {
    // Only JSON, which cannot hold comments, takes a sidecar: `a.yaml` beside `a.json` keeps its own `# expect:` lines.
    const sidecar = path.endsWith(".json") ? path.replace(/\.json$/, ".expect") : undefined;
    return { path, display: displayPath(path, cwd), ...(sidecar && existsSync(sidecar) ? { sidecar } : {}) };
  });
}

/** Whether `path`, found in the folder `dir` (named, or of the file named), is in a `tests` folder: `dir` itself, or one below it. */
function inTestsFolder(dir: string, path: string): boolean {
  return relative(dirname(dir), path).split(/[\\/]/).slice(0, -1).includes("tests");
}

/** A file of `kind: Policy` documents only: a policy, which no pack checks, rather than a fixture. */
function isPolicyFile(path: string): boolean {
  const read = readSourceFile(path, path);
  if (!read.ok || !/\bPolicy\b/.test(read.text)) return false;
  const loaded = loadText(path, read.text);
  return loaded.findings.length === 0 && loaded.documents.length > 0 && loaded.documents.every((doc) => doc.kind.type === "Policy");
}

type FixtureOutcome = { expectations: number; met: number; failures: Finding[]; cases: ReportTestCase[] } | { problems: Finding[]; fatal: boolean };

function fixtureContracts(fixtures: readonly Fixture[]): Record<string, unknown> {
  const contracts: Record<string, unknown> = {};
  const add = contractAdder(contracts);
  for (const fixture of fixtures) {
    const read = readSourceFile(fixture.path, fixture.display);
    if (read.ok) loadText(fixture.display, read.text).documents.forEach(add);
  }
  return contracts;
}

async function testFixture(fixture: Fixture, config: MeshkitConfig, options: PolicyTestOptions & Pick<CheckOptions, "contracts">, policyRules: ReadonlyMap<string, readonly string[]>): Promise<FixtureOutcome> {
  const read = readSourceFile(fixture.path, fixture.display);
  if (!read.ok) return { problems: [read.finding], fatal: false };
  const expectations = readExpectations(fixture.display, read.text);
  if (fixture.sidecar) {
    const sidecar = readSourceFile(fixture.sidecar, displayPath(fixture.sidecar, options.cwd));
    if (!sidecar.ok) return { problems: [sidecar.finding], fatal: false };
    expectations.push(...readExpectations(displayPath(fixture.sidecar, options.cwd), sidecar.text));
  }
  // A fixture that does not parse, or holds nothing to check, tests nothing: it is an input problem, not a
  // pass, and is said first (with or without expectations).
  const loaded = loadText(fixture.display, read.text);
  if (loaded.findings.length > 0) return { problems: loaded.findings, fatal: false };
  if (loaded.documents.length > 0 && loaded.documents.every((doc) => doc.kind.type === "Policy")) {
    // A policy in a tests/ folder (fixtureFiles passes over the others): no pack loads it, and no fixture it can be.
    const policy = failure(fixture.display, loaded.documents[0]!.locate("/kind").line, "Fixture holds a policy (kind: Policy), not a document to check: a pack does not load its tests/ folders, so this policy never runs; move it out of tests/ into its pack.");
    return { expectations: 0, met: 0, failures: [policy], cases: [testCase(fixture.display, "document", policy)] };
  }
  if (expectations.length === 0) {
    // A fixture that asserts nothing would pass whatever the pack does.
    // A JSON fixture's are in its sidecar: name it, and when it is there, say that it holds none, so that a sidecar
    // whose lines were not read as expectations (`- expect: …`, `// expect: …`) is not taken for one that was ignored.
    const sidecar = fixture.display.endsWith(".json") ? displayPath(fixture.path.replace(/\.json$/, ".expect"), options.cwd) : undefined;
    const where = !sidecar ? "" : fixture.sidecar ? ` to ${sidecar}, which holds none (a line is one when it starts with \`expect:\` or \`# expect:\`)` : ` (in ${sidecar}: JSON has no comments)`;
    const none = failure(fixture.display, 1, `Fixture has no expectations: add \`# expect: <rule-id> <line>\` lines${where}, or \`# expect: none\` for a compliant document.`);
    return { expectations: 0, met: 0, failures: [none], cases: [testCase(fixture.display, "expectations", none)] };
  }
  // Documents of Policy-unknown kinds are infrastructure: a fixture is checked whatever it is.
  const targets = targetsOf(loaded.documents, true);
  if (targets.length === 0) {
    const unsupported = loaded.documents.find((d) => d.kind.type === "unsupported");
    const why = unsupported?.kind.type === "unsupported" ? `its ${unsupportedApiVersionText(unsupported.kind, unsupported.sourceAt("/apiVersion"))}` : "no contract, product, meshkit.yaml or other mapping";
    const nothing = failure(fixture.display, unsupported ? unsupported.locate("/apiVersion").line : 1, `Fixture holds no document to check: ${why}.`);
    // None of its expectations can be met: they are not counted, and the fixture is one failed test.
    return { expectations: 0, met: 0, failures: [nothing], cases: [testCase(fixture.display, "document", nothing)] };
  }
  const run = await checkDocuments(targets, config, { ...options, isolated: true });
  // A messageExpression or pathExpression that failed on this fixture: a run only warns (the failure keeps its
  // result), but a pack's own tests are where its authors learn that a rule's text or node is broken.
  const brokenDetails = run.findings.filter(isDetailError).map((f): Finding => ({ ...f, ruleId: POLICY_TEST_RULE_ID, severity: "error", docsUrl: docsUrlFor(POLICY_TEST_RULE_ID) }));
  const findings = run.findings.filter((f) => !isDetailError(f));
  const packProblems = findings.filter((f) => f.ruleId === "policy-invalid" || f.file !== fixture.display);
  if (packProblems.length > 0) return { problems: packProblems, fatal: true };
  const outcome = compare(fixture.display, expectations, findings, new Set(run.rules.map((rule) => rule.id)), policyRules);
  return {
    expectations: expectations.length,
    met: outcome.met,
    failures: [...outcome.failures, ...brokenDetails],
    cases: [...outcome.cases, ...brokenDetails.map((f) => testCase(fixture.display, `${f.path.split("/").at(-1)} at ${f.file}:${f.line}`, f))],
  };
}

/** The `expect:` lines of a fixture (in its comments) or of a sidecar file. */
export function readExpectations(file: string, text: string): Expectation[] {
  const sidecar = file.endsWith(".expect");
  // In a YAML fixture only comments count, as the YAML lexer finds them: a `# expect:` line inside a block
  // or quoted scalar is the scalar's text.
  const lines = sidecar ? text.split(/\r?\n/).map((line, index) => ({ line: index + 1, text: line })) : yamlComments(text);
  const expectations: Expectation[] = [];
  for (const { line, text: content } of lines) {
    const match = (sidecar ? EXPECT_LINE : EXPECT_COMMENT).exec(content);
    const misspelt = match ? undefined : (MISSPELT_EXPECT.exec(content) ?? (sidecar ? COLONLESS_EXPECT_LINE.exec(content) : null));
    if (misspelt && EXPECTATION.test(misspelt[1]!)) {
      throw new UsageError(`${file}:${line}: cannot read \`${content.trim()}\`: an expectation is written \`# expect: <rule-id> <line>\`, in lower case, with a colon`);
    }
    if (!match) continue;
    const at = { file, line };
    const parsed = EXPECTATION.exec(match[1]!);
    if (!parsed || (parsed[1] === "none" && (parsed[2] !== undefined || parsed[3] !== undefined))) {
      throw new UsageError(`${file}:${line}: cannot read \`${content.trim()}\`: write \`# expect: <rule-id> <line>\`, \`# expect: <rule-id>\` or \`# expect: none\`, a rule's optionally followed by its severity (\`# expect: <rule-id> <line> warning\`)`);
    }
    expectations.push({ rule: parsed[1]!, ...(parsed[2] ? { line: Number(parsed[2]) } : {}), ...(parsed[3] ? { severity: parsed[3] as Severity } : {}), at });
  }
  return expectations;
}

/** Matches findings to expectations one to one (exact lines first, then any-line ones). */
/** `policyRules`: the rule ids of each policy under test by its name, for an expectation that names a policy where one of its rules is meant. */
function compare(file: string, expectations: readonly Expectation[], findings: readonly Finding[], ruleIds: ReadonlySet<string>, policyRules: ReadonlyMap<string, readonly string[]>): { met: number; failures: Finding[]; cases: ReportTestCase[] } {
  const failures: Finding[] = [];
  const cases: ReportTestCase[] = [];
  const unmatched = [...findings];
  let met = 0;
  const matched: Finding[] = [];
  const take = (predicate: (f: Finding) => boolean): boolean => {
    const index = unmatched.findIndex(predicate);
    if (index < 0) return false;
    matched.push(...unmatched.splice(index, 1));
    met++;
    return true;
  };
  /** The test of one expectation: passing, or failing with `failed` (which is also a finding). */
  const settle = (e: Expectation, failed?: Finding): void => {
    if (failed) failures.push(failed);
    cases.push(testCase(file, `expect ${e.rule}${e.line !== undefined ? ` ${e.line}` : ""}${e.severity ? ` ${e.severity}` : ""}`, failed));
  };
  const none = expectations.filter((e) => e.rule === "none");
  const exact = expectations.filter((e) => e.rule !== "none" && e.line !== undefined);
  const anyLine = expectations.filter((e) => e.rule !== "none" && e.line === undefined);
  // An expected rule that no pack under test defines (misspelt, or another pack's: each pack's tests/ run with that pack alone) can never be met: say so.
  // A misspelt one is answered with the id it is closest to, as meshkit.yaml's rule ids are.
  const undefinedRule = (e: Expectation): string => {
    if (ruleIds.has(e.rule)) return "";
    // Findings name a rule, never its policy (conftest's expectations name a policy's rules too).
    const ofPolicy = policyRules.get(e.rule);
    if (ofPolicy) return `; \`${e.rule}\` is the name of a policy, not a rule id: expect the findings of its rules (${ofPolicy.join(", ")})`;
    const meant = closest(e.rule, [...ruleIds]);
    return `; the packs under test define no rule of that id (${meant !== undefined ? `did you mean \`${meant}\`? Or is it ` : "misspelt, or "}another pack's rule: test it with that pack)`;
  };
  const meets = (e: Expectation) => (f: Finding) => f.ruleId === e.rule && (e.line === undefined || f.line === e.line) && (e.severity === undefined || f.severity === e.severity);
  /** `a warning`, `an error`. */
  const severityText = (severity: Severity): string => `${severity === "warning" ? "a" : "an"} ${severity}`;
  /** ` as a warning`, when the expectation names a severity. */
  const level = (e: Expectation): string => (e.severity ? ` as ${severityText(e.severity)}` : "");
  /** Where the rule was reported instead: at the expected place, at another severity; else at other lines. */
  const instead = (e: Expectation): string => {
    const there = unmatched.filter((f) => f.ruleId === e.rule && (e.line === undefined || f.line === e.line));
    if (there.length > 0) return `; it was reported ${e.line === undefined ? "" : "there "}as ${[...new Set(there.map((f) => f.severity))].map(severityText).join(" and ")}`;
    const elsewhere = unmatched.filter((f) => f.ruleId === e.rule).map((f) => f.line);
    if (elsewhere.length > 0) return `; it was reported at line ${elsewhere.join(", ")}`;
    // The same expectation written more often than the rule fired there: "not reported" alone would read as never.
    const met = matched.filter(meets(e)).length;
    return met > 0 ? `; it was reported ${met === 1 ? "once" : `${met} times`}${e.line === undefined ? "" : " there"}, which ${met === 1 ? "meets" : "meet"} another expectation of it` : "";
  };
  for (const e of exact) {
    if (take(meets(e))) {
      settle(e);
      continue;
    }
    settle(e, failure(e.at.file, e.at.line, `Expected ${e.rule}${level(e)} at line ${e.line} of ${file}, not reported${instead(e)}${undefinedRule(e)}.`));
  }
  for (const e of anyLine) settle(e, take(meets(e)) ? undefined : failure(e.at.file, e.at.line, `Expected ${e.rule}${level(e)} on ${file}, not reported${instead(e)}${undefinedRule(e)}.`));
  if (none.length > 0 && exact.length + anyLine.length > 0) {
    settle(none[0]!, failure(none[0]!.at.file, none[0]!.at.line, "`expect: none` cannot be combined with other expectations."));
  } else if (none.length > 0 && unmatched.length === 0) {
    met += none.length;
    for (const e of none) settle(e);
  }
  // The findings no expectation names: each fails a test of its own, or, under `expect: none` alone, that one test.
  const unexpected = unmatched.map((f): Finding => ({ ...failure(f.file, f.line, `Unexpected ${f.ruleId}: ${f.message}`), column: f.column, path: f.path }));
  failures.push(...unexpected);
  if (none.length > 0 && exact.length + anyLine.length === 0 && unexpected.length > 0) {
    const reported = unmatched.map((f) => `${f.ruleId} at line ${f.line}`).join(", ");
    cases.push(testCase(file, "expect none", { ...unexpected[0]!, message: `Expected no finding; reported: ${reported}.` }));
  } else {
    unmatched.forEach((f, i) => cases.push(testCase(file, `unexpected ${f.ruleId} at ${f.line}:${f.column}`, unexpected[i])));
  }
  return { met, failures, cases };
}

/** A JUnit test of `fixture`, failing with `failed` when given. */
function testCase(fixture: string, name: string, failed?: Finding): ReportTestCase {
  return { file: fixture, name, ...(failed ? { failure: { message: failed.message, file: failed.file, line: failed.line, column: failed.column } } : {}) };
}

function failure(file: string, line: number, message: string): Finding {
  return { ruleId: POLICY_TEST_RULE_ID, severity: "error", message, file, line, column: 1, path: "", stage: "policy", docsUrl: docsUrlFor(POLICY_TEST_RULE_ID) };
}
