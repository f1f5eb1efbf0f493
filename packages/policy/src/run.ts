import { resolve } from "node:path";
import {
  type Finding,
  type LoadedDocument,
  type MeshkitConfig,
  type RuleMeta,
  INPUT_RULES,
  UsageError,
  discoverFiles,
  isMapping,
  loadConfig,
  loadText,
  mayBeMeshkitDocument,
  readSourceFile,
  unknownRuleIds,
} from "@meshkit/core";
import { type PolicyResult, type PolicyTarget, evaluatePolicies } from "./engine.js";
import { loadPacks } from "./load.js";
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
];

/** `meshkit policy`: the configured packs (and OPA) over contracts, products, meshkit.yaml and infrastructure. */
export async function runPolicy(options: PolicyOptions): Promise<PolicyRun> {
  const loaded = await loadConfig(options);
  const { config } = loaded;
  const empty: PolicySummary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0, waived: 0 };
  const configProblems = loaded.findings;
  if (configProblems.length > 0) return { findings: configProblems, results: [], summary: empty, files: 0, config };

  const packs = loadPacks(options.policies ?? config.policy.packs, options.cwd);
  const ruleIds = new Set(packs.policies.flatMap((p) => p.validations.map((v) => v.id)));
  const unknownRules = unknownRuleIds(config, "policy", ruleIds);
  if (packs.findings.length > 0 || unknownRules.length > 0) return { findings: [...packs.findings, ...unknownRules], results: [], summary: empty, files: 0, config };

  const { targets, findings: inputFindings } = await collectTargets(options, config);
  const contracts = await contractIndex(config, options.cwd, targets);
  const params = { ...config.policy.params, ...(options.paramsFile ? readParams(options.paramsFile, options.cwd) : {}) };
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const evaluation = evaluatePolicies(packs.policies, targets, { params, rules: config.policy.rules, waivers: config.policy.waivers, contracts, today });
  const findings = [...inputFindings, ...evaluation.findings];
  const results = [...evaluation.results];
  if (config.policy.opa) {
    const opa = await evaluateWithOpa(
      targets.map((t) => t.doc),
      config.policy.opa,
    );
    findings.push(...opa.findings);
    results.push(...(opa.results as PolicyResult[]));
  }
  return { findings, results, summary: summarize(results), files: targets.length, config };
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
  const infrastructure = config.policy.infrastructure.length > 0 ? await discoverFiles([], { ...config, files: { include: config.policy.infrastructure, exclude: config.files.exclude } }, options.cwd) : [];
  const seen = new Set<string>();
  for (const file of [...files, ...infrastructure.map((f) => ({ ...f, explicit: true }))]) {
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
  // The config in use is checked too (policies over meshkit.yaml itself), unless it was already found.
  for (const doc of config.sources) if (!targets.some((t) => t.doc.file === doc.file)) targets.push({ doc, kind: "Config" });
  return { targets, findings };
}

/** Contracts by id, from the checked documents and the rest of the project. */
async function contractIndex(config: MeshkitConfig, cwd: string, targets: readonly PolicyTarget[]): Promise<Record<string, unknown>> {
  const contracts: Record<string, unknown> = {};
  const add = (doc: LoadedDocument) => {
    const value = doc.value as Record<string, unknown>;
    if (doc.kind.type === "DataContract" && typeof value.id === "string" && !(value.id in contracts)) contracts[value.id] = value;
  };
  targets.forEach((t) => add(t.doc));
  const checked = new Set(targets.map((t) => t.doc.file));
  for (const file of await discoverFiles([config.root], config, cwd)) {
    if (checked.has(file.display)) continue;
    const read = readSourceFile(file.path, file.display);
    if (read.ok && mayBeMeshkitDocument(read.text)) loadText(file.display, read.text).documents.forEach(add);
  }
  return contracts;
}
