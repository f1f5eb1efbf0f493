import { resolve } from "node:path";
import { CLI_OPTION_NAMES, type Finding, type MeshkitConfig, type OptionNames, type SuppressedFinding, type RuleMeta, type SourceText, UsageError, discoverContextFiles, discoverFiles, filesWithFindings, loadConfig, loadText, mayBeMeshkitDocument, projectFolder, oneLine, readSourceFile, unknownPolicyRuleLevels, unmatchedIncludeOfProject, unmatchedInfrastructure, withinPaths } from "@meshkit/core";
import { isPlainData } from "./cel-js.js";
import { ContractIndex, contractAdder } from "./contract-index.js";
import { type DetailErrors, type PolicyResult, type PolicyTarget, type WaiverUse, evaluatePolicies, detailErrorFindings, isDetailError, unknownRuleWaiverFindings, unknownRuleWaivers, unusedWaiverFindings, waiverDateFindings, type WaiverWindow, waiverMatcher, waiverUse, waiverWindow } from "./engine.js";
import { type CompiledPolicy, type CompiledValidation, type PackFiles, packsFor } from "./load.js";
import { evaluateWithOpa } from "./opa.js";
import { type ModuleFiles, terraformModules } from "./terraform-module.js";
import { type FilesPass, type StreamFile, type StreamSetup, checkFiles, checkTarget, configRuleIdFindings, evaluateDeferred, filesPass, readTargets, projectPath, readsContractsIndex, rulesByPolicy, runParams, streamSetup, unknownConfigParams, unsetParams } from "./stream.js";
import { POLICY_ENGINE_RULES, POLICY_INPUT_RULE_IDS, POLICY_INPUT_RULES, ENGINE_RULE_IDS, isUnreadFile, policyTargets } from "./targets.js";
import { STAGE_OF_RULE } from "./reserved-ids.js";

export { POLICY_ENGINE_RULES, POLICY_INPUT_RULE_IDS, POLICY_INPUT_RULES, policyTargets };

export interface PolicyOptions {
  cwd: string;
  /** Documents to check: files, folders, globs (default: the project). */
  paths: readonly string[];
  /** `--policies`: packs to use instead of meshkit.yaml's policy.packs. */
  policies?: readonly string[];
  /** `--params`: a YAML or JSON file of parameters, over meshkit.yaml's policy.params. */
  paramsFile?: string;
  configPath?: string;
  /** Today (YYYY-MM-DD), for waiver expiry; default: the current UTC date. */
  today?: string;
  /** How the caller's user names `policies`, `paramsFile` and `configPath`, for messages; default the CLI's flags (the policy-check action names its inputs). */
  optionNames?: OptionNames<"policies" | "params" | "config">;
}

export interface PolicySummary {
  pass: number;
  fail: number;
  warn: number;
  error: number;
  skip: number;
  waived: number;
}

export interface PolicyRun {
  findings: Finding[];
  /** Failures waivers accepted: not findings, reported apart (SARIF suppressions, JUnit skipped). */
  waived: SuppressedFinding[];
  /** The engine's rules and every rule of the packs in use (for SARIF rule tables and summaries). */
  rules: RuleMeta[];
  results: PolicyResult[];
  summary: PolicySummary;
  /** Documents checked. */
  files: number;
  config: MeshkitConfig;
}

/** Whether a run has something to check against: packs (--policies, else meshkit.yaml's) or an OPA server. */
export function hasPolicies(config: MeshkitConfig, options: Pick<PolicyOptions, "policies">): boolean {
  return (options.policies ?? config.policy.packs).length > 0 || Boolean(config.policy.opa);
}

/** `meshkit policy`: the configured packs (and OPA) over contracts, products, meshkit.yaml and infrastructure. */
export async function runPolicy(options: PolicyOptions): Promise<PolicyRun> {
  const usedWaivers = waiverUse();
  const run = await policyRun({ ...options, usedWaivers });
  return { ...run, findings: [...run.findings, ...unusedWaivers(options, run, usedWaivers)] };
}

/**
 * The waivers of the project's own meshkit.yaml that accepted no failure, when the run can tell: it
 * checked the whole project (no paths, from its folder) with its own packs, every document was read
 * and every rule could be evaluated. A waiver from a config it `extends` is left alone: that one is
 * written for many projects.
 */
function unusedWaivers(options: PolicyOptions, run: PolicyRun, used: WaiverUse): Finding[] {
  const ownConfig = run.config.sources.at(-1);
  if (!ownConfig || options.paths.length > 0 || options.policies || resolve(options.cwd) !== resolve(run.config.root)) return [];
  // A document that was not read, or a rule that could not be evaluated, may hide the failure a waiver is for.
  // (A messageExpression or pathExpression that gave no text or node is a warning: the failure it was for is still judged.)
  if (run.findings.some((f) => !WAIVER_DATE_RULES.has(f.ruleId) && !CONFIG_WARNING_RULES.has(f.ruleId) && !isDetailError(f) && !isPackRule(run, f.ruleId)) || run.results.some((r) => r.result === "error")) return [];
  // The ids a waiver may name: the packs' rules and those OPA's answers named, excepted messages' included (not the engine's own).
  const known = new Set([...run.rules.map((rule) => rule.id), ...run.results.map((result) => result.rule)].filter((id) => !ENGINE_RULE_IDS.has(id)));
  // A rule turned off in policy.rules is not evaluated: its waivers accept nothing, but the run cannot tell
  // that the rule passes where they point (they are kept for when it is turned back on). Without an OPA server,
  // a waiver of a rule no pack defines is reported by every run already (unknownRuleWaivers).
  const judged = run.config.policy.waivers.filter((waiver) => waiver.source?.doc === ownConfig && run.config.policy.rules[waiver.rule] !== "off" && (run.config.policy.opa !== undefined || known.has(waiver.rule)));
  return unusedWaiverFindings(judged, used, waiverWindow(options.today, run.config.policy.maxWaiverDays), known);
}

/**
 * The findings of the config's rule levels and waivers themselves, before the documents': `rule-level-unused` for the
 * policy.rules keys no pack in use defines (unknownPolicyRuleLevels) in any run with the config's own packs (other
 * packs, `--policies`, are not what its levels were written for); `waiver-unused` for the waivers of rules no pack in
 * use defines, in such a run with no OPA server (whose rule ids only its answers tell, see unusedWaivers), then those
 * that do not apply today (waiverDateFindings); none in a pack's own tests (`isolated`), which use no level or waiver
 * of the project.
 * A waiver of a rule no pack defines is not also reported expired or too long: "renew the waiver" would be the
 * wrong advice for one that is to be removed (or its rule corrected).
 */
function waiverFindings(config: MeshkitConfig, policies: readonly CompiledPolicy[], options: { policies?: readonly string[]; isolated?: boolean }, window: WaiverWindow, used: Pick<WaiverUse, "documentFound">): Finding[] {
  if (options.isolated) return [];
  const ownConfig = config.sources.at(-1);
  const packRules = new Set(policies.flatMap((policy) => policy.validations.map((v) => v.id)));
  const unknown = options.policies || config.policy.opa ? [] : unknownRuleWaivers(config.policy.waivers, packRules, ownConfig);
  const dated = waiverDateFindings(config.policy.waivers.filter((waiver) => !unknown.includes(waiver)), window, ownConfig, used);
  const levels = options.policies ? [] : unknownPolicyRuleLevels(config, packRules, ENGINE_RULE_IDS, rulesByPolicy(policies), STAGE_OF_RULE);
  return [...levels, ...unknownRuleWaiverFindings(unknown, packRules), ...dated];
}

/** A waiver that does not apply today (waiverDateFindings) hides no failure: what it covered is judged without it. */
const WAIVER_DATE_RULES: ReadonlySet<string> = new Set(["waiver-expired", "waiver-too-long"]);

/** Warnings about the config's own settings (waiverFindings), which leave every rule judged: they hide no failure either. */
const CONFIG_WARNING_RULES: ReadonlySet<string> = new Set(["waiver-unused", "rule-level-unused"]);

/** Whether a rule id is one of the packs' (a failing rule), not one of the engine's or an input's. */
function isPackRule(run: PolicyRun, ruleId: string): boolean {
  return !ENGINE_RULE_IDS.has(ruleId) && run.rules.some((rule) => rule.id === ruleId);
}

async function policyRun(options: PolicyOptions & { usedWaivers: WaiverUse }): Promise<PolicyRun> {
  const loaded = await loadConfig(options);
  if (loaded.findings.length > 0) return { findings: loaded.findings, waived: [], rules: [...POLICY_ENGINE_RULES], results: [], summary: summarize([]), files: filesWithFindings(loaded.findings), config: loaded.config };
  if (!hasPolicies(loaded.config, options)) {
    // Asked to check documents against nothing: a green run would be a lie (the hook just skips policy then).
    throw new UsageError(`no policies to check against: ${loaded.config.sources.at(-1)?.file ?? "meshkit.yaml"} sets policy.packs: [] and no OPA server; name packs there, or with ${(options.optionNames ?? CLI_OPTION_NAMES).policies}`);
  }
  const run = await checkProject(options, loaded.config);
  // With no path named, globs of files.include that select no contract or product would pass as "no problems in
  // 0 files" (as lint reports it, at the globs). The run's file count cannot tell: it counts the infrastructure
  // (policy.infrastructure, Terraform JSON found by content) and configs the run checked, so two .tf.json files
  // hid the finding that one did not.
  // So would a policy.infrastructure glob that matches no file: the plan it names was never checked.
  if (options.paths.length > 0) return run;
  const unmatched = [await unmatchedIncludeOfProject(loaded.config, options.cwd, "policy"), ...(await unmatchedInfrastructure(loaded.config, "policy"))].filter((f) => f !== undefined);
  return unmatched.length > 0 ? { ...run, findings: [...unmatched, ...run.findings] } : run;
}

async function checkProject(options: PolicyOptions & { usedWaivers: WaiverUse }, config: MeshkitConfig): Promise<PolicyRun> {
  // OPA is asked about all documents at once: then they are all read first, as checkDocuments takes them.
  if (!config.policy.opa) {
    const streamed = await streamPolicy(options, config);
    if (streamed) return streamed;
  }
  const { targets, findings: inputFindings, unreadFiles } = await collectTargets(options, config);
  const run = await checkDocuments(targets, config, { ...options, unreadFiles });
  return { ...run, findings: [...notReportedIn(inputFindings, run.findings), ...run.findings] };
}

/**
 * The input findings the packs' own load did not report already. A pack inside the project that does not
 * parse is read twice when its load fails, as a pack and as a file of the project: its `yaml-syntax` is
 * one problem, reported once.
 */
function notReportedIn(inputFindings: readonly Finding[], loadFindings: readonly Finding[]): Finding[] {
  const key = (f: Finding) => JSON.stringify([f.file, f.line, f.column, f.ruleId, f.message]);
  const reported = new Set(loadFindings.map(key));
  return inputFindings.filter((f) => !reported.has(key(f)));
}

/**
 * runPolicy document by document: each file is read, parsed and evaluated, and only its findings and
 * results are kept, so memory does not grow with the documents' size (a run used to hold every parsed
 * document, its text and its positions until the end). Documents whose policies name `contracts`
 * (products, typically) wait until every contract has been seen. Findings and results come out in the
 * same order as checking all documents at once. Returns undefined when the packs do not load (the
 * caller then reports that as before, with every document's input findings).
 */
async function streamPolicy(options: PolicyOptions, config: MeshkitConfig): Promise<PolicyRun | undefined> {
  const files = await filesToCheck(options, config);
  const setup = streamSetup(options, config, waiverWindow(options.today, config.policy.maxWaiverDays));
  if (!setup) return undefined;
  const pass = filesPass();
  const contracts = new ContractIndex();
  checkFiles(setup, files, pass, (doc, source, plain) => contracts.add(doc, source, () => plain), (options.optionNames ?? CLI_OPTION_NAMES).policies);
  refuseNothingToCheck(options, config, files, new Set([...pass.checked.map((c) => c.file), ...pass.inputFindings.map((f) => f.file)]));
  checkConfigSources(setup, config, pass, contracts);
  if (pass.deferred.length > 0) {
    await addProjectContracts(options, config, pass, contracts);
    evaluateDeferred(setup, pass.deferred, contracts, pass.unreadFiles);
  }
  return streamedRun(setup, config, pass, new Set(files.map((file) => file.display)), waiverFindings(config, setup.policies, options, setup.evaluationOptions, setup.evaluationOptions.usedWaivers ?? waiverUse()));
}

/**
 * The files to read, in order: the project's infrastructure first (all of it, or what the named paths
 * hold), so that a file both globs match — files.include has **\/*.json by default — is read as
 * infrastructure, not skipped; then the documents; each file once.
 */
async function filesToCheck(options: PolicyOptions, config: MeshkitConfig): Promise<StreamFile[]> {
  const files = await discoverFiles(options.paths, config, options.cwd);
  const named = options.paths.length === 0 ? () => true : withinPaths(options.paths, options.cwd);
  const infrastructure =
    config.policy.infrastructure.length > 0
      ? (await discoverFiles(options.paths.length === 0 ? [] : [config.root], { ...config, files: { include: config.policy.infrastructure, exclude: config.files.exclude } }, options.cwd, { allowEmpty: true })).filter((file) => named(file.path))
      : [];
  const seen = new Set<string>();
  const list: StreamFile[] = [];
  for (const file of [...infrastructure.map((f) => ({ ...f, explicit: true })), ...files]) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    // Under a folder or glob the user named, or the working directory when they named none (as `meshkit
    // policy .`), Terraform JSON is what they asked to check, found by its content.
    const terraformByContent = !file.explicit && /\.json$/i.test(file.path);
    list.push({ path: file.path, display: file.display, explicit: file.explicit, ...(terraformByContent ? { terraformByContent } : {}) });
  }
  return list;
}

/** The config in use is checked too (policies over meshkit.yaml itself), unless it is already there. */
function checkConfigSources(setup: StreamSetup, config: MeshkitConfig, pass: FilesPass, contracts: ContractIndex): void {
  const checked = new Set(pass.checked.map((c) => c.file));
  for (const doc of config.sources) if (!checked.has(doc.file)) checkTarget(setup, pass, { doc, kind: "Config" }, { text: "" }, (d, source, plain) => contracts.add(d, source, () => plain));
}

/**
 * The rest of the repository's contracts, as checkDocuments' contractIndex adds them. When the run
 * already covered the project (no paths, from its root), that finds nothing new: every discovered
 * file holding a contract was read. (A root that looks like a glob would be searched as one.)
 */
async function addProjectContracts(options: PolicyOptions, config: MeshkitConfig, pass: FilesPass, contracts: ContractIndex): Promise<void> {
  const root = projectFolder(config) ?? config.root;
  const covered = options.paths.length === 0 && resolve(options.cwd) === resolve(root) && !/[*?[\]{}()!]/.test(root);
  if (covered) return;
  const checked = new Set(pass.checked.map((c) => c.file));
  for (const file of await discoverContextFiles(options.paths, config, options.cwd)) {
    if (checked.has(file.display)) continue;
    const read = readSourceFile(file.path, file.display);
    if (!read.ok) pass.unreadFiles.push(file.display);
    if (!read.ok || !mayBeMeshkitDocument(read.text)) continue;
    const loaded = loadText(file.display, read.text);
    if (isUnreadFile(loaded)) pass.unreadFiles.push(file.display);
    for (const doc of loaded.documents) contracts.add(doc, { text: read.text }, () => isPlainData(doc.value));
  }
}

/**
 * The run's findings (input findings, the waivers' own (`ofWaivers`: waiverFindings), then each document's) and
 * results, in document order. `read`: the files the run was asked to check (the paths named, or the project).
 */
function streamedRun(setup: StreamSetup, config: MeshkitConfig, pass: FilesPass, read: ReadonlySet<string>, ofWaivers: readonly Finding[]): PolicyRun {
  const findings = [...pass.inputFindings, ...ofWaivers];
  const results: PolicyResult[] = [];
  const waived: SuppressedFinding[] = [];
  for (const { out } of pass.checked) {
    for (const finding of out.findings) findings.push(finding);
    for (const result of out.results) results.push(result);
    if (out.waived) waived.push(...out.waived);
  }
  findings.push(...detailErrorFindings(setup.evaluationOptions.detailErrors));
  // Files checked (a file of three documents is one), and the files that could not be (unreadable, unparsable,
  // of an apiVersion not read): "2 errors in 0 files" would say the errors are nowhere. A config in use
  // outside the files asked for (one it extends, or meshkit.yaml when the paths named are elsewhere) is
  // checked only when a policy ran on it, one over Config: `meshkit policy one.odcs.yaml` checked one file.
  const checkedFiles = new Set(pass.checked.filter(({ file, out }) => read.has(file) || out.results.length > 0).map((c) => c.file));
  const uncheckedFiles = new Set(pass.inputFindings.map((f) => f.file).filter((file) => file && !checkedFiles.has(file)));
  return { findings, waived, rules: [...POLICY_ENGINE_RULES, ...packRules(setup.policies)], results, summary: summarize(results), files: checkedFiles.size + uncheckedFiles.size, config };
}

export interface CheckOptions extends Omit<PolicyOptions, "paths"> {
  /**
   * Only the given documents, as a pack's own tests need them (`meshkit policy test`): meshkit.yaml is
   * not added, products see only the contracts given, and the project's rule levels, waivers and OPA
   * do not apply (the packs' params still do).
   */
  isolated?: boolean;
  /** Contracts by id known besides the checked documents (for `isolated` runs: the whole fixture set's). */
  contracts?: Record<string, unknown>;
  /** Files the caller could not read or parse (a contract a port names may be in one); the project's own are added. */
  unreadFiles?: readonly string[];
  /**
   * The parameters, already read and checked against every pack of the run (`meshkit policy test` tests each
   * pack alone, but a `--params` file names the parameters of them all); read from `paramsFile` otherwise.
   */
  params?: Record<string, unknown>;
  /**
   * The rest of the project, read instead of its files on disk: the pre-commit hook gives the index
   * versions (the project as the commit will hold it), so that neither an unstaged edit nor an
   * untracked file decides what a product's port contract says.
   */
  projectSources?: readonly { file: string; read(): SourceText | undefined }[];
  /** Where the packs' files are read from (the pre-commit hook: the index); the disk by default. */
  packFiles?: PackFiles;
  /** Where the files of a Terraform configuration's module folder are read from (the pre-commit hook: the index); the disk by default. */
  moduleFiles?: ModuleFiles;
  /** Filled with what the waivers accepted (see unusedWaiverFindings). */
  usedWaivers?: WaiverUse;
}

/**
 * The packs (and OPA) over given documents: what `meshkit policy` and the pre-commit hook (on the
 * staged documents, after lint, in the same process) both run.
 */
export async function checkDocuments(targets: readonly PolicyTarget[], config: MeshkitConfig, options: CheckOptions): Promise<PolicyRun> {
  const packs = packsFor(options.policies, config, options.cwd, options.packFiles);
  // Rule levels in meshkit.yaml name the rules of its own packs: with other packs (--policies), or a
  // pack that did not load, an id not found is no mistake of the config's (configRuleIdFindings).
  // The parameters in effect (`--params` over meshkit.yaml's), read once the packs that declare them load.
  const params = packs.findings.length > 0 ? {} : (options.params ?? runParams(options, config, packs.policies));
  // Its parameters are read whatever the packs: the values of those the packs in use declare are checked.
  const unknownRules =
    options.isolated || packs.findings.length > 0
      ? []
      : [
          ...configRuleIdFindings(config, packs.policies, options.policies !== undefined),
          ...unknownConfigParams(options, config, packs.policies, params),
        ];
  const rules = [...POLICY_ENGINE_RULES, ...packRules(packs.policies)];
  // No document was checked, but the files at fault count: "1 error in 0 files" would say the error is nowhere.
  const notChecked = (findings: Finding[]): PolicyRun => ({ findings, waived: [], rules, results: [], summary: summarize([]), files: filesWithFindings(findings), config });
  if (packs.findings.length > 0 || unknownRules.length > 0) return notChecked([...packs.findings, ...unknownRules]);

  const withConfig = [...targets];
  // The config in use is checked too (policies over meshkit.yaml itself), unless it is already there.
  if (!options.isolated) for (const doc of config.sources) if (!withConfig.some((t) => t.doc.file === doc.file)) withConfig.push({ doc, kind: "Config" });
  const index = await contractIndex(config, options.cwd, withConfig, !options.isolated && readsContracts(packs.policies, withConfig), options.projectSources);
  const contracts = { ...options.contracts, ...index.contracts };
  const unreadFiles = [...new Set([...(options.unreadFiles ?? []), ...index.unreadFiles])];
  const unset = unsetParams(packs.policies, params, (options.optionNames ?? CLI_OPTION_NAMES).params);
  if (unset.length > 0) return notChecked(unset);
  const window = waiverWindow(options.today, config.policy.maxWaiverDays);
  const usedWaivers = options.usedWaivers ?? waiverUse();
  const detailErrors: DetailErrors = new Map();
  // A pack's own tests (isolated) compare the fixtures' findings with their expectations: no rule levels or
  // waivers of the project there (a messageExpression or pathExpression that fails is the tests' to report).
  const settings = options.isolated
    ? { rules: {}, waivers: [], detailErrors }
    : { rules: config.policy.rules, waivers: config.policy.waivers, waiverPath: projectPath(config, options.cwd), moduleOf: terraformModules(options.cwd, withConfig, options.moduleFiles), usedWaivers, detailErrors };
  const evaluation = evaluatePolicies(packs.policies, withConfig, { params, ...settings, contracts, unreadFiles, ...window });
  let findings = [...waiverFindings(config, packs.policies, options, window, usedWaivers), ...evaluation.findings, ...detailErrorFindings(detailErrors)];
  let waived = [...(evaluation.waived ?? [])];
  let results = [...evaluation.results];
  if (config.policy.opa && !options.isolated) {
    const packRules = new Map(packs.policies.flatMap((policy) => policy.validations.map((v) => [v.id, `policy ${policy.name} (${policy.file})`] as const)));
    const opa = await evaluateWithOpa(withConfig, config.policy.opa, { waive: waiverMatcher({ ...settings, ...window }), params, packRules });
    // concat, not push(...): OPA may answer with more messages than a call takes arguments.
    findings = findings.concat(opa.findings);
    waived = waived.concat(opa.waived);
    results = results.concat(opa.results);
    // OPA's rule ids are documented nowhere meshkit knows: listed with no docs page, reports link none.
    rules.push(...opa.rules.filter((rule) => !rules.some((known) => known.id === rule.id)));
  }
  // The documents asked for, and the configs in use a policy ran on (one over Config, or OPA): see streamedRun.
  return { findings, waived, rules, results, summary: summarize(results), files: new Set([...targets.map((t) => t.doc.file), ...results.map((r) => r.resource)]).size, config };
}

/** One rule per validation of the packs: its id, severity and what it checks. */
function packRules(policies: readonly CompiledPolicy[]): RuleMeta[] {
  return policies.flatMap((policy) =>
    // A pack's rule is documented where the pack says (docsUrl), or nowhere: meshkit's docs/rules has no page for it.
    policy.validations.map((v) => ({ id: v.id, defaultSeverity: v.severity, stage: "policy" as const, description: `${policy.name}: ${ruleText(policy, v)}`, docsUrl: v.docsUrl ?? null })),
  );
}

/** Longest expression quoted as a rule's description: SARIF's rule text is a short sentence, not the CEL. */
const DESCRIBED_EXPRESSION_LENGTH = 120;

/**
 * What a rule checks, in words where the policy has them: the validation's `description`, else its fixed
 * `message`, else the policy's `metadata.description`; only a policy with none of them is described by
 * its expression, on one line and shortened (code scanning shows it as the rule's title).
 */
function ruleText(policy: CompiledPolicy, v: CompiledValidation): string {
  const text = v.description ?? v.message ?? policy.description;
  if (text !== undefined) return text;
  return `\`${oneLine(v.expression.source, DESCRIBED_EXPRESSION_LENGTH)}\``;
}

export function summarize(results: readonly PolicyResult[]): PolicySummary {
  const summary: PolicySummary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0, waived: 0 };
  for (const r of results) {
    if (r.waiver) summary.waived++;
    else summary[r.result]++;
  }
  return summary;
}

/**
 * The documents to check: contracts and products (found as `meshkit lint` finds them), the config files
 * in use, and infrastructure documents — any mapping named on the command line or matched by
 * meshkit.yaml policy.infrastructure, and Terraform JSON (by content) in the other JSON files found.
 */
async function collectTargets(options: PolicyOptions, config: MeshkitConfig): Promise<{ targets: PolicyTarget[]; findings: Finding[]; unreadFiles: string[] }> {
  const targets: PolicyTarget[] = [];
  const findings: Finding[] = [];
  const unreadFiles: string[] = [];
  const files = await filesToCheck(options, config);
  readTargets(files, findings, (target) => targets.push(target), unreadFiles, (options.optionNames ?? CLI_OPTION_NAMES).policies);
  refuseNothingToCheck(options, config, files, new Set([...targets.map((t) => t.doc.file), ...findings.map((f) => f.file)]));
  return { targets, findings, unreadFiles };
}

/**
 * Paths named that hold files, none of them a document policy-check reads (CloudFormation YAML, other
 * JSON): "no problems in 0 files" would read as a pass. (Files that could not be read are findings.)
 * The meshkit.yaml in use is such a document wherever it is found (`meshkit policy .` in the project's
 * folder): it is checked as Config, though readTargets leaves it to checkConfigSources.
 */
function refuseNothingToCheck(options: PolicyOptions, config: MeshkitConfig, files: readonly StreamFile[], read: ReadonlySet<string>): void {
  const configsInUse = new Set(config.sources.map((doc) => doc.file));
  // Each path on its own: `meshkit policy contracts cfn` must not pass cfn because contracts had something.
  for (const path of options.paths) {
    const inPath = withinPaths([path], options.cwd);
    const held = files.filter((file) => inPath(file.path));
    if (held.length === 0 || held.some((file) => read.has(file.display) || configsInUse.has(file.display))) continue;
    // `--policies a b` reads b as a path: say what to write instead (a pack holds `kind: Policy` documents).
    const pack = held.some((file) => {
      const text = readSourceFile(file.path, file.display);
      return text.ok && /^kind:\s*Policy\s*$/m.test(text.text);
    });
    // The action's policies input is a list of its own: a flag per pack is the command line's way.
    const asPack = options.optionNames ? `list it in ${options.optionNames.policies}` : `give it its own flag (--policies ${path}), one per pack`;
    throw new UsageError(
      pack
        ? `nothing to check in ${path}: it holds policies, not documents to check; to use it as a pack, ${asPack}`
        : `nothing to check in ${path}: ${held.length === 1 ? "its file is" : `its ${held.length} files are`} no contract, product, Terraform JSON or meshkit.yaml in use (name Terraform files or another project's meshkit.yaml by path, or match Terraform files with policy.infrastructure)`,
    );
  }
}

/**
 * Whether any policy can read `contracts` (every contract by id) on these documents: products do
 * (their output ports' contracts), or an expression names it. Otherwise the project is not searched,
 * which keeps the pre-commit hook on one staged contract from reading the whole repository.
 */
function readsContracts(policies: readonly CompiledPolicy[], targets: readonly PolicyTarget[]): boolean {
  return targets.some((t) => t.kind === "DataProduct") || policies.some(readsContractsIndex);
}

/**
 * Contracts by id, from the checked documents and (with `project`) the rest of the project, and the files
 * of the project that could not be read or parsed (a contract not in the index may be in one).
 */
async function contractIndex(config: MeshkitConfig, cwd: string, targets: readonly PolicyTarget[], project: boolean, projectSources?: CheckOptions["projectSources"]): Promise<{ contracts: Record<string, unknown>; unreadFiles: string[] }> {
  const contracts: Record<string, unknown> = {};
  const unreadFiles: string[] = [];
  const add = contractAdder(contracts);
  targets.forEach((t) => add(t.doc));
  if (!project) return { contracts, unreadFiles };
  const checked = new Set(targets.map((t) => t.doc.file));
  const sources = projectSources ?? (await discoverContextFiles([...checked], config, cwd)).map((file) => ({ file: file.display, read: () => readSourceFile(file.path, file.display) }));
  for (const source of sources) {
    if (checked.has(source.file)) continue;
    const read = source.read();
    if (read && !read.ok) unreadFiles.push(source.file);
    if (!read?.ok || !mayBeMeshkitDocument(read.text)) continue;
    const loaded = loadText(source.file, read.text);
    if (isUnreadFile(loaded)) unreadFiles.push(source.file);
    loaded.documents.forEach(add);
  }
  return { contracts, unreadFiles };
}

/**
 * The packs over infrastructure that is not on disk in the project: Terraform rendered by provision,
 * `terraform show -json` plans. Only those documents' findings (meshkit.yaml and the contracts are
 * `meshkit policy`'s to report), and the packs' own problems.
 */
export async function checkInfrastructureDocuments(documents: readonly { file: string; text: string }[], options: { cwd: string; configPath?: string }): Promise<Finding[]> {
  const { config, findings } = await loadConfig(options);
  if (findings.length > 0) return findings;
  const targets = documents.flatMap((d) => policyTargets(d.file, new TextEncoder().encode(d.text), true));
  const files = new Set(targets.map((t) => t.doc.file));
  return (await checkDocuments(targets, config, { cwd: options.cwd })).findings.filter((f) => files.has(f.file) || POLICY_INPUT_RULE_IDS.includes(f.ruleId));
}
