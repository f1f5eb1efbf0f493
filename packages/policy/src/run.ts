import { resolve } from "node:path";
import {
  type Finding,
  type LoadedDocument,
  type MeshkitConfig,
  type RuleMeta,
  INPUT_RULES,
  UsageError,
  decodeSource,
  discoverFiles,
  isMapping,
  loadConfig,
  loadText,
  mayBeMeshkitDocument,
  readSourceFile,
  unknownRuleIds,
} from "@meshkit/core";
import { type PolicyResult, type PolicyTarget, evaluatePolicies } from "./engine.js";
import { type CompiledPolicy, loadPacks } from "./load.js";
import { evaluateWithOpa } from "./opa.js";
import { isTerraformDocument } from "./views.js";

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

/** Rules policy-check itself reports (the packs' rule ids come with them). */
export const POLICY_ENGINE_RULES: readonly RuleMeta[] = [
  ...INPUT_RULES,
  { id: "policy-invalid", defaultSeverity: "error", stage: "policy", description: "A policy does not load: schema, CEL syntax, an undeclared name or a duplicate rule id." },
  { id: "policy-runtime-error", defaultSeverity: "error", stage: "policy", description: "A rule could not be evaluated on a document (a missing field, a wrong type, the cost limit)." },
  { id: "waiver-expired", defaultSeverity: "warning", stage: "policy", description: "A waiver's expiry date has passed; it no longer applies." },
  { id: "policy-test-failed", defaultSeverity: "error", stage: "policy", description: "A policy fixture did not produce the findings its `# expect:` lines say (meshkit policy test)." },
];

/** Policy-check's own rules that mean an input could not be processed (exit 2, like a config error): a pack that does not compile. */
export const POLICY_INPUT_RULE_IDS: readonly string[] = ["policy-invalid"];

/** `meshkit policy`: the configured packs (and OPA) over contracts, products, meshkit.yaml and infrastructure. */
export async function runPolicy(options: PolicyOptions): Promise<PolicyRun> {
  const loaded = await loadConfig(options);
  if (loaded.findings.length > 0) return { findings: loaded.findings, rules: [...POLICY_ENGINE_RULES], results: [], summary: summarize([]), files: 0, config: loaded.config };
  const { targets, findings: inputFindings } = await collectTargets(options, loaded.config);
  const run = await checkDocuments(targets, loaded.config, options);
  return { ...run, findings: [...inputFindings, ...run.findings] };
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
  const add = (doc: LoadedDocument) => {
    const value = doc.value as Record<string, unknown>;
    if (doc.kind.type === "DataContract" && typeof value.id === "string" && !(value.id in contracts)) contracts[value.id] = value;
  };
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
 * The policy targets in one file's content (staged blobs): its contracts, products and configs, or, for
 * an infrastructure file, the whole document. Unreadable content yields nothing: lint reports it.
 */
export function policyTargets(file: string, content: Uint8Array, infrastructure: boolean): PolicyTarget[] {
  const decoded = decodeSource(content, file);
  if (!decoded.ok) return [];
  if (!infrastructure && !mayBeMeshkitDocument(decoded.text)) return [];
  return loadText(file, decoded.text).documents.flatMap((doc): PolicyTarget[] => {
    const kind = doc.kind.type;
    if (kind === "DataContract" || kind === "DataProduct" || kind === "Config") return [{ doc, kind }];
    return infrastructure && isMapping(doc.value) ? [{ doc, kind: "Infrastructure" }] : [];
  });
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
