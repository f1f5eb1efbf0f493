import { resolve } from "node:path";
import {
  type Finding,
  type LoadedDocument,
  type MeshkitConfig,
  type RuleMeta,
  UsageError,
  discoverFiles,
  isMapping,
  loadConfig,
  loadText,
  mayBeMeshkitDocument,
  readSourceFile,
  unknownRuleIds,
} from "@meshkit/core";
import type { CompiledExpression } from "./cel.js";
import { isPlainData } from "./cel-js.js";
import { ContractIndex } from "./contract-index.js";
import { type Evaluation, type PolicyResult, type PolicyTarget, evaluatePolicies, expiredWaiverFindings, policyEvaluator } from "./engine.js";
import { type CompiledPolicy, loadPacks } from "./load.js";
import { evaluateWithOpa } from "./opa.js";
import { POLICY_ENGINE_RULES, POLICY_INPUT_RULE_IDS, policyTargets } from "./targets.js";
import { isTerraformDocument } from "./views.js";

export { POLICY_ENGINE_RULES, POLICY_INPUT_RULE_IDS, policyTargets };

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
  /** The engine's rules and every rule of the packs in use (for SARIF rule tables and summaries). */
  rules: RuleMeta[];
  results: PolicyResult[];
  summary: PolicySummary;
  /** Documents checked. */
  files: number;
  config: MeshkitConfig;
}

/** `meshkit policy`: the configured packs (and OPA) over contracts, products, meshkit.yaml and infrastructure. */
export async function runPolicy(options: PolicyOptions): Promise<PolicyRun> {
  const loaded = await loadConfig(options);
  if (loaded.findings.length > 0) return { findings: loaded.findings, rules: [...POLICY_ENGINE_RULES], results: [], summary: summarize([]), files: 0, config: loaded.config };
  // OPA is asked about all documents at once: then they are all read first, as checkDocuments takes them.
  if (!loaded.config.policy.opa) {
    const streamed = await streamPolicy(options, loaded.config);
    if (streamed) return streamed;
  }
  const { targets, findings: inputFindings } = await collectTargets(options, loaded.config);
  const run = await checkDocuments(targets, loaded.config, options);
  return { ...run, findings: [...inputFindings, ...run.findings] };
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
  const files = await discoverFiles(options.paths, config, options.cwd);
  const infrastructure =
    options.paths.length === 0 && config.policy.infrastructure.length > 0
      ? await discoverFiles([], { ...config, files: { include: config.policy.infrastructure, exclude: config.files.exclude } }, options.cwd)
      : [];
  const packs = loadPacks(options.policies ?? config.policy.packs, options.cwd);
  if (packs.findings.length > 0) return undefined;
  const ruleIds = new Set(packs.policies.flatMap((p) => p.validations.map((v) => v.id)));
  if (!options.policies && unknownRuleIds(config, "policy", ruleIds).length > 0) return undefined;
  const params = { ...config.policy.params, ...(options.paramsFile ? readParams(options.paramsFile, options.cwd) : {}) };
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const evaluationOptions = { params, rules: config.policy.rules, waivers: config.policy.waivers, contracts: {}, today };
  // Documents evaluated as they are read see no contracts index: none of their policies names it.
  const evaluate = policyEvaluator(packs.policies, evaluationOptions);
  // Kinds whose policies may read the contracts index: their documents are evaluated once it is complete.
  const readers = new Set(packs.policies.filter((p) => policyExpressions(p).some((e) => MENTIONS_CONTRACTS.test(e.source))).flatMap((p) => p.kinds));

  const inputFindings: Finding[] = [];
  const evaluations: Evaluation[] = [];
  const deferred: { target: PolicyTarget; out: Evaluation; plain: boolean }[] = [];
  const checked = new Set<string>();
  const contracts = new ContractIndex();
  const check = (target: PolicyTarget, text: string) => {
    checked.add(target.doc.file);
    const plain = isPlainData(target.doc.value);
    if (readers.size > 0) contracts.add(target.doc, text, () => plain);
    const out: Evaluation = { findings: [], results: [] };
    evaluations.push(out);
    if (readers.has(target.kind)) deferred.push({ target, out, plain });
    else evaluate(target, out, plain);
  };
  const seen = new Set<string>();
  for (const file of [...infrastructure.map((f) => ({ ...f, explicit: true })), ...files]) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    const read = readSourceFile(file.path, file.display);
    if (!read.ok) {
      if (file.explicit) inputFindings.push(read.finding);
      continue;
    }
    if (!file.explicit && !mayBeMeshkitDocument(read.text)) continue;
    const loaded = loadText(file.display, read.text);
    inputFindings.push(...loaded.findings);
    for (const doc of loaded.documents) {
      const kind = doc.kind.type;
      if (kind === "DataContract" || kind === "DataProduct" || kind === "Config") check({ doc, kind }, read.text);
      else if (kind === "other" && file.explicit && (isTerraformDocument(doc.value) || isMapping(doc.value))) check({ doc, kind: "Infrastructure" }, read.text);
    }
  }
  // The config in use is checked too (policies over meshkit.yaml itself), unless it is already there.
  for (const doc of config.sources) if (!checked.has(doc.file)) check({ doc, kind: "Config" }, "");

  if (deferred.length > 0) {
    // The rest of the repository's contracts, as checkDocuments' contractIndex adds them. When the run
    // already covered the project (no paths, from its root), that finds nothing new: every discovered
    // file holding a contract was read above.
    // (A root that looks like a glob would be searched as one.)
    const covered = options.paths.length === 0 && resolve(options.cwd) === resolve(config.root) && !/[*?[\]{}()!]/.test(config.root);
    for (const file of covered ? [] : await discoverFiles([config.root], config, options.cwd)) {
      if (checked.has(file.display)) continue;
      const read = readSourceFile(file.path, file.display);
      if (read.ok && mayBeMeshkitDocument(read.text)) for (const doc of loadText(file.display, read.text).documents) contracts.add(doc, read.text, () => isPlainData(doc.value));
    }
    const index = contracts.toMap();
    const evaluateWithContracts = policyEvaluator(packs.policies, { ...evaluationOptions, contracts: index.map, contractsPlain: index.plain });
    for (const { target, out, plain } of deferred) evaluateWithContracts(target, out, plain);
  }

  const findings = [...inputFindings, ...expiredWaiverFindings(evaluationOptions)];
  const results: PolicyResult[] = [];
  for (const evaluation of evaluations) {
    for (const finding of evaluation.findings) findings.push(finding);
    for (const result of evaluation.results) results.push(result);
  }
  return { findings, rules: [...POLICY_ENGINE_RULES, ...packRules(packs.policies)], results, summary: summarize(results), files: evaluations.length, config };
}

const MENTIONS_CONTRACTS = /\bcontracts\b/;

function policyExpressions(policy: CompiledPolicy): CompiledExpression[] {
  return [
    ...policy.matchConditions.map((c) => c.expression),
    ...policy.variables.map((v) => v.expression),
    ...policy.validations.flatMap((v) => [v.expression, v.forEach, v.messageExpression, v.pathExpression]).filter((e): e is CompiledExpression => e !== undefined),
  ];
}

/** Adds a document to a contracts index when it is a contract with an id not seen yet (the first one wins). */
function contractAdder(contracts: Record<string, unknown>): (doc: LoadedDocument) => void {
  return (doc) => {
    const value = doc.value as Record<string, unknown>;
    if (doc.kind.type === "DataContract" && typeof value.id === "string" && !(value.id in contracts)) contracts[value.id] = value;
  };
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
}

/**
 * The packs (and OPA) over given documents: what `meshkit policy` and the pre-commit hook (on the
 * staged documents, after lint, in the same process) both run.
 */
export async function checkDocuments(targets: readonly PolicyTarget[], config: MeshkitConfig, options: CheckOptions): Promise<PolicyRun> {
  const packs = loadPacks(options.policies ?? config.policy.packs, options.cwd);
  const ruleIds = new Set(packs.policies.flatMap((p) => p.validations.map((v) => v.id)));
  // Rule levels in meshkit.yaml name the rules of its own packs: with other packs (--policies), or a
  // pack that did not load, an id not found is no mistake of the config's.
  const unknownRules = options.isolated || options.policies || packs.findings.length > 0 ? [] : unknownRuleIds(config, "policy", ruleIds);
  const rules = [...POLICY_ENGINE_RULES, ...packRules(packs.policies)];
  if (packs.findings.length > 0 || unknownRules.length > 0) return { findings: [...packs.findings, ...unknownRules], rules, results: [], summary: summarize([]), files: 0, config };

  const withConfig = [...targets];
  // The config in use is checked too (policies over meshkit.yaml itself), unless it is already there.
  if (!options.isolated) for (const doc of config.sources) if (!withConfig.some((t) => t.doc.file === doc.file)) withConfig.push({ doc, kind: "Config" });
  const contracts = { ...options.contracts, ...(await contractIndex(config, options.cwd, withConfig, !options.isolated && readsContracts(packs.policies, withConfig))) };
  const params = { ...config.policy.params, ...(options.paramsFile ? readParams(options.paramsFile, options.cwd) : {}) };
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const settings = options.isolated ? { rules: {}, waivers: [] } : { rules: config.policy.rules, waivers: config.policy.waivers };
  const evaluation = evaluatePolicies(packs.policies, withConfig, { params, ...settings, contracts, today });
  const findings = [...evaluation.findings];
  const results = [...evaluation.results];
  if (config.policy.opa && !options.isolated) {
    const opa = await evaluateWithOpa(
      withConfig.map((t) => t.doc),
      config.policy.opa,
    );
    findings.push(...opa.findings);
    results.push(...opa.results);
  }
  return { findings, rules, results, summary: summarize(results), files: withConfig.length, config };
}

/** One rule per validation of the packs: its id, severity and what it checks. */
function packRules(policies: readonly CompiledPolicy[]): RuleMeta[] {
  return policies.flatMap((policy) =>
    policy.validations.map((v) => ({ id: v.id, defaultSeverity: v.severity, stage: "policy" as const, description: `${policy.name}: ${v.message ?? `\`${v.expression.source}\``}` })),
  );
}

export function summarize(results: readonly PolicyResult[]): PolicySummary {
  const summary: PolicySummary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0, waived: 0 };
  for (const r of results) {
    if (r.waiver) summary.waived++;
    else summary[r.result]++;
  }
  return summary;
}

function readParams(file: string, cwd: string): Record<string, unknown> {
  const read = readSourceFile(resolve(cwd, file), file);
  if (!read.ok) throw new UsageError(`--params ${file}: ${read.finding.message}`);
  const { documents, findings } = loadText(file, read.text);
  const value = documents[0]?.value;
  if (findings.length > 0) throw new UsageError(`--params ${file}:${findings[0]!.line}:${findings[0]!.column}: ${findings[0]!.message}`);
  if (!isMapping(value)) throw new UsageError(`--params ${file}: expected a mapping of parameter names to values`);
  return value;
}

/**
 * The documents to check: contracts and products (found as `meshkit lint` finds them), the config files
 * in use, and infrastructure documents — Terraform JSON named on the command line or matched by
 * meshkit.yaml policy.infrastructure.
 */
async function collectTargets(options: PolicyOptions, config: MeshkitConfig): Promise<{ targets: PolicyTarget[]; findings: Finding[] }> {
  const targets: PolicyTarget[] = [];
  const findings: Finding[] = [];
  const files = await discoverFiles(options.paths, config, options.cwd);
  // With no paths named: the project's infrastructure too. Listed first, so that a file both globs
  // match (files.include has **/*.json by default) is read as infrastructure, not skipped.
  const infrastructure =
    options.paths.length === 0 && config.policy.infrastructure.length > 0
      ? await discoverFiles([], { ...config, files: { include: config.policy.infrastructure, exclude: config.files.exclude } }, options.cwd)
      : [];
  const seen = new Set<string>();
  for (const file of [...infrastructure.map((f) => ({ ...f, explicit: true })), ...files]) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    const read = readSourceFile(file.path, file.display);
    if (!read.ok) {
      if (file.explicit) findings.push(read.finding);
      continue;
    }
    if (!file.explicit && !mayBeMeshkitDocument(read.text)) continue;
    const loaded = loadText(file.display, read.text);
    findings.push(...loaded.findings);
    for (const doc of loaded.documents) {
      const kind = doc.kind.type;
      if (kind === "DataContract" || kind === "DataProduct" || kind === "Config") targets.push({ doc, kind });
      else if (kind === "other" && file.explicit && (isTerraformDocument(doc.value) || isMapping(doc.value))) targets.push({ doc, kind: "Infrastructure" });
    }
  }
  return { targets, findings };
}

/**
 * Whether any policy can read `contracts` (every contract by id) on these documents: products do
 * (their output ports' contracts), or an expression names it. Otherwise the project is not searched,
 * which keeps the pre-commit hook on one staged contract from reading the whole repository.
 */
function readsContracts(policies: readonly CompiledPolicy[], targets: readonly PolicyTarget[]): boolean {
  if (targets.some((t) => t.kind === "DataProduct")) return true;
  const expressions = policies.flatMap((p) => [
    ...p.matchConditions.map((c) => c.expression),
    ...p.variables.map((v) => v.expression),
    ...p.validations.flatMap((v) => [v.expression, v.forEach, v.messageExpression, v.pathExpression]),
  ]);
  return expressions.some((e) => e !== undefined && /\bcontracts\b/.test(e.source));
}

/** Contracts by id, from the checked documents and (with `project`) the rest of the project. */
async function contractIndex(config: MeshkitConfig, cwd: string, targets: readonly PolicyTarget[], project: boolean): Promise<Record<string, unknown>> {
  const contracts: Record<string, unknown> = {};
  const add = contractAdder(contracts);
  targets.forEach((t) => add(t.doc));
  if (!project) return contracts;
  const checked = new Set(targets.map((t) => t.doc.file));
  for (const file of await discoverFiles([config.root], config, cwd)) {
    if (checked.has(file.display)) continue;
    const read = readSourceFile(file.path, file.display);
    if (read.ok && mayBeMeshkitDocument(read.text)) loadText(file.display, read.text).documents.forEach(add);
  }
  return contracts;
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
