/**
 * The steps of a streamed policy run (run.ts): set the run up from meshkit.yaml and the packs, then
 * read, parse and evaluate files in order, deferring the documents that read the contracts index
 * until it is complete.
 */
import { relative, resolve, sep } from "node:path";
import {
  CLI_OPTION_NAMES,
  type Finding,
  type OptionNames,
  type LoadedDocument,
  type MeshkitConfig,
  NOT_A_DOCUMENT_RULE,
  type SourceText,
  UNSUPPORTED_API_VERSION_RULE,
  UsageError,
  docsUrlFor,
  isMapping,
  isNamedDocument,
  loadText,
  mayBeMeshkitDocument,
  paramKindMismatch,
  readDocumentFile,
  readSourceFile,
  unknownPolicyParams,
  unknownRuleIds,
  unknownWaiverRules,
  unsupportedApiVersionText,
} from "@meshkit/core";
import type { CompiledExpression } from "./cel.js";
import { isPlainData } from "./cel-js.js";
import { type ReadFrom, mergedReadFrom, readFromOf, rememberReadFrom, withCelInts } from "./cel-numbers.js";
import type { ContractIndex } from "./contract-index.js";
import { type DocumentEvaluator, type EvaluateOptions, type Evaluation, type PolicyTarget, type WaiverUse, type WaiverWindow, policyEvaluator, policyExpressions } from "./engine.js";
import { type CompiledPolicy, packFinding, packsFor } from "./load.js";
import { ENGINE_RULE_IDS, TERRAFORM_HINT, isUnreadFile } from "./targets.js";
import { STAGE_OF_RULE } from "./reserved-ids.js";
import { terraformModules } from "./terraform-module.js";
import { type PolicyKind, isTerraformDocument } from "./views.js";

/** What sets a run up besides meshkit.yaml: PolicyOptions' packs and parameters. */
export interface SetupOptions {
  cwd: string;
  policies?: readonly string[];
  paramsFile?: string;
  /** How the caller's user names the options a message advises (runParams). */
  optionNames?: OptionNames<"params" | "config">;
  /** Filled with what the waivers accepted (see unusedWaiverFindings). */
  usedWaivers?: WaiverUse;
}

/** A file a streamed run reads, as discoverFiles lists it. */
export interface StreamFile {
  path: string;
  display: string;
  explicit: boolean;
  /**
   * A JSON file found under a folder or glob named on the command line (or under the working directory,
   * when none is named): checked as infrastructure when its content is Terraform JSON (a configuration,
   * plan or state), as the file named alone would be.
   */
  terraformByContent?: boolean;
}

/** What a streamed run sets up once: the packs, the settings, how documents are evaluated. */
export interface StreamSetup {
  policies: CompiledPolicy[];
  evaluationOptions: EvaluateOptions;
  /** Evaluates documents as they are read: they see no contracts index (none of their policies names it). */
  evaluate: DocumentEvaluator;
  /** Kinds whose policies may read the contracts index: their documents are evaluated once it is complete. */
  readers: ReadonlySet<PolicyKind>;
}

/** The rule ids of each policy, by its name: for a waiver or a `policy.rules` key that names a policy where a rule is meant. */
export function rulesByPolicy(policies: readonly CompiledPolicy[]): Map<string, string[]> {
  return new Map(policies.map((policy) => [policy.name, policy.validations.map((v) => v.id)]));
}

/**
 * `config-invalid` for the rule ids of policy.rules and policy.waivers that no pack can make right (unknownRuleIds,
 * unknownWaiverRules). With other packs (`--policies`), the config's levels and waivers were written for its own
 * packs: an id these do not define, or one naming a policy of theirs, may be a rule of those; but one of
 * policy-check's own rules or of another stage is a mistake whatever the packs, and the run must not pass over it.
 */
export function configRuleIdFindings(config: MeshkitConfig, policies: readonly CompiledPolicy[], otherPacks: boolean): Finding[] {
  const ruleIds = new Set(policies.flatMap((p) => p.validations.map((v) => v.id)));
  const byPolicy = otherPacks ? new Map<string, string[]>() : rulesByPolicy(policies);
  return [
    ...unknownRuleIds(config, "policy", ruleIds, ENGINE_RULE_IDS, byPolicy, STAGE_OF_RULE),
    ...unknownWaiverRules(config, ruleIds, ENGINE_RULE_IDS, otherPacks || config.policy.opa !== undefined, byPolicy, STAGE_OF_RULE),
  ];
}

/** The settings of a streamed run; undefined when the packs do not load, or meshkit.yaml sets the level of a policy, of a rule of policy-check's own or of another stage's (or waives one). */
export function streamSetup(options: SetupOptions, config: MeshkitConfig, window: WaiverWindow): StreamSetup | undefined {
  const packs = packsFor(options.policies, config, options.cwd);
  if (packs.findings.length > 0) return undefined;
  if (configRuleIdFindings(config, packs.policies, options.policies !== undefined).length > 0) return undefined;
  const params = runParams(options, config, packs.policies);
  if (unknownConfigParams(options, config, packs.policies, params).length > 0) return undefined;
  if (unsetParams(packs.policies, params).length > 0) return undefined;
  const evaluationOptions = { params, rules: config.policy.rules, waivers: config.policy.waivers, waiverPath: projectPath(config, options.cwd), contracts: {}, ...window, moduleOf: terraformModules(options.cwd), usedWaivers: options.usedWaivers, detailErrors: new Map() };
  return {
    policies: packs.policies,
    evaluationOptions,
    evaluate: policyEvaluator(packs.policies, evaluationOptions),
    readers: new Set(packs.policies.filter(readsContractsIndex).flatMap((p) => p.kinds)),
  };
}

/** A checked document: its file, and its findings and results (filled later, for a deferred one). */
export interface CheckedDocument {
  file: string;
  out: Evaluation;
}

/** A document that waits for the contracts index. */
export interface DeferredDocument {
  target: PolicyTarget;
  out: Evaluation;
  plain: boolean;
}

/** Documents read so far, in order. */
export interface FilesPass {
  /** Files that could not be read, YAML that could not be parsed. */
  inputFindings: Finding[];
  /** The files of those findings that may hold a contract (see isUnreadFile): read, they might have had the one a port names. */
  unreadFiles: string[];
  checked: CheckedDocument[];
  deferred: DeferredDocument[];
}

export function filesPass(): FilesPass {
  return { inputFindings: [], unreadFiles: [], checked: [], deferred: [] };
}

/** Sees each checked document when some policy reads the contracts index: `source` is where it was read from. */
export type ContractSink = (doc: LoadedDocument, source: { text: string }, plain: boolean) => void;

/** Reads, parses and evaluates files in order into `pass`; documents of the `readers` kinds are deferred. */
export function checkFiles(setup: StreamSetup, files: readonly StreamFile[], pass: FilesPass, contract: ContractSink, policiesOption?: string): void {
  readTargets(files, pass.inputFindings, (target, source) => checkTarget(setup, pass, target, source, contract), pass.unreadFiles, policiesOption);
}

/**
 * Reads and parses files in order: what cannot be read or parsed goes to `inputFindings` (for a file
 * found by a glob, only when it may be a meshkit document), the documents to check to `onTarget`:
 * contracts, products and the configs named explicitly, and, in a file named explicitly, any other mapping
 * as infrastructure. The files that could not be read or parsed also go to `unreadFiles`. `policiesOption`: how
 * the caller's user names packs (`--policies`, or the policy-check action's input), for a policy named as a path.
 */
export function readTargets(files: readonly StreamFile[], inputFindings: Finding[], onTarget: (target: PolicyTarget, source: { text: string }) => void, unreadFiles: string[] = [], policiesOption = "--policies"): void {
  for (const file of files) {
    const { read, terraform, mayBeOtherJson } = readCandidate(file);
    if (!read) continue;
    if (!read.ok) {
      inputFindings.push(read.finding);
      unreadFiles.push(file.display);
      continue;
    }
    const loaded = loadText(file.display, read.text);
    // JSON that only looked like Terraform (a tsconfig.json with comments names `module`) is another tool's.
    if (mayBeOtherJson && loaded.findings.length > 0) continue;
    inputFindings.push(...loaded.findings);
    if (isUnreadFile(loaded)) unreadFiles.push(file.display);
    const source = { text: read.text };
    let checked = 0;
    for (const doc of loaded.documents) {
      const kind = doc.kind.type;
      // A config is checked when it is the one in use (the caller adds config.sources) or named by the user:
      // another project's meshkit.yaml found under a folder is not this run's, nor its packs'.
      if (kind === "DataContract" || kind === "DataProduct" || (kind === "Config" && file.explicit)) onTarget({ doc, kind }, source);
      else if (kind === "Config") continue;
      else if (kind === "other" && file.explicit && (isTerraformDocument(doc.value) || isMapping(doc.value))) onTarget({ doc, kind: "Infrastructure" }, source);
      else if (kind === "other" && terraform && isTerraformDocument(doc.value)) onTarget({ doc, kind: "Infrastructure" }, source);
      else {
        // A contract or product of an apiVersion meshkit does not read is said wherever it was found (as lint
        // does): else a project of such files passes policy-check, unchecked, with "no problems".
        if (loaded.findings.length === 0 && (file.explicit || isUnsupportedDataDocument(doc))) inputFindings.push(...uncheckedDocument(doc, policiesOption));
        continue;
      }
      checked++;
    }
    // A file asked for by name that yields nothing to check must not pass as checked.
    if (file.explicit && checked === 0 && loaded.documents.every((d) => d.value === null) && loaded.findings.length === 0) {
      inputFindings.push({ ruleId: NOT_A_DOCUMENT_RULE.id, severity: "error", message: "Not checked by policy-check: the file holds no document.", file: file.display, line: 1, column: 1, path: "", stage: "policy", docsUrl: docsUrlFor(NOT_A_DOCUMENT_RULE.id) });
    }
  }
}

/** Terraform's own name for a JSON configuration file: one that does not parse is reported, as Terraform would refuse it. */
const TERRAFORM_CONFIGURATION_FILE = /\.tf\.json$/i;

/**
 * A file's text as readDocumentFile gives it, and whether it is a Terraform candidate: a JSON file found
 * under the paths (terraformByContent) whose text looks like Terraform JSON. Such a file is read once:
 * when it is not Terraform, its text is kept as readDocumentFile keeps it (named like a document, or
 * mentioning a meshkit kind); the default run reads every JSON file of a project, sample data included,
 * and a second read of each doubled its time. A file that cannot be read goes to readDocumentFile, which
 * says why. `mayBeOtherJson`: a candidate nothing but the look of its text makes ours, passed over when
 * it does not parse.
 */
function readCandidate(file: StreamFile): { read: SourceText | undefined; terraform: boolean; mayBeOtherJson: boolean } {
  if (file.terraformByContent !== true) return { read: readDocumentFile(file), terraform: false, mayBeOtherJson: false };
  const read = readSourceFile(file.path, file.display);
  if (!read.ok) return { read: readDocumentFile(file), terraform: false, mayBeOtherJson: false };
  const ours = isNamedDocument(file) || mayBeMeshkitDocument(read.text);
  if (TERRAFORM_HINT.test(read.text)) return { read, terraform: true, mayBeOtherJson: !ours && !TERRAFORM_CONFIGURATION_FILE.test(file.path) };
  return { read: ours ? read : undefined, terraform: false, mayBeOtherJson: false };
}

function isUnsupportedDataDocument(doc: LoadedDocument): boolean {
  return doc.kind.type === "unsupported" && (doc.kind.kind === "DataContract" || doc.kind.kind === "DataProduct");
}

/**
 * Why a document of a file named on the command line is not checked: a contract or product of an
 * apiVersion meshkit does not read, a policy (packs are named with --policies), or no mapping at all.
 * An empty document (after a trailing `---`) hides nothing and is not reported.
 */
function uncheckedDocument(doc: LoadedDocument, policiesOption: string): Finding[] {
  const kind = doc.kind;
  if (kind.type === "unsupported") {
    const message = `Not checked by policy-check: ${unsupportedApiVersionText(kind, doc.sourceAt("/apiVersion"))}.`;
    return [doc.finding({ ruleId: UNSUPPORTED_API_VERSION_RULE.id, severity: "error", message, path: "/apiVersion", stage: "policy" })];
  }
  if (kind.type === "Policy") {
    return [doc.finding({ ruleId: NOT_A_DOCUMENT_RULE.id, severity: "error", message: `Not checked by policy-check: this is a policy; name packs with ${policiesOption} (or meshkit.yaml policy.packs), and the documents to check as paths.`, path: "/kind", stage: "policy" })];
  }
  if (doc.value === null) return [];
  const shape = Array.isArray(doc.value) ? "a list" : `a ${typeof doc.value} scalar`;
  return [doc.finding({ ruleId: NOT_A_DOCUMENT_RULE.id, severity: "error", message: `Not checked by policy-check: found ${shape}; policies check contracts, products, meshkit.yaml and infrastructure mappings.`, path: "", stage: "policy" })];
}

/** Evaluates one document into `pass`, or defers it; `contract` sees it first when some policy reads the contracts index. */
export function checkTarget(setup: StreamSetup, pass: FilesPass, target: PolicyTarget, source: { text: string }, contract: ContractSink): void {
  const plain = isPlainData(target.doc.value);
  if (setup.readers.size > 0) contract(target.doc, source, plain);
  const out: Evaluation = { findings: [], results: [] };
  pass.checked.push({ file: target.doc.file, out });
  if (setup.readers.has(target.kind)) pass.deferred.push({ target, out, plain });
  else setup.evaluate(target, out, plain);
}

/**
 * Evaluates deferred documents, now that the contracts index is complete; `unreadFiles`: the files of the
 * run and the project that could not be read (a contract not in the index may be in one).
 */
export function evaluateDeferred(setup: StreamSetup, deferred: readonly DeferredDocument[], contracts: ContractIndex, unreadFiles: readonly string[]): void {
  if (deferred.length === 0) return;
  const index = contracts.toMap();
  const evaluate = policyEvaluator(setup.policies, { ...setup.evaluationOptions, contracts: index.map, contractsPlain: index.plain, unreadFiles });
  for (const { target, out, plain } of deferred) evaluate(target, out, plain);
}

/**
 * Whether a policy's expressions may read the `contracts` variable: whether one names it outside its
 * string literals. (A message such as "'Sales contracts are owned by …'" does not read the index; taken
 * for a reader, every contract of a run waited for the index, held in memory until the end.)
 */
export function readsContractsIndex(policy: CompiledPolicy): boolean {
  return policyExpressions(policy).some((e) => mentionsContracts(e.source));
}

// `unreadFiles` too: it is complete, as the index is, only once every file has been read.
const MENTIONS_CONTRACTS = /\b(?:contracts|unreadFiles)\b/;

/**
 * Whether CEL source names `contracts` (or `unreadFiles`) outside string literals (CEL's: '…', "…", triple-quoted, raw
 * with an r prefix, bytes with a b prefix). When in doubt (a literal that does not end), it says yes.
 */
export function mentionsContracts(source: string): boolean {
  if (!MENTIONS_CONTRACTS.test(source)) return false;
  let code = "";
  let at = 0;
  while (at < source.length) {
    const quote = source[at]!;
    if (quote !== "'" && quote !== '"') {
      code += quote;
      at++;
      continue;
    }
    // A prefix of r/R (raw: no escapes) and b/B (bytes), not the end of a longer name.
    const prefix = /(?:^|[^A-Za-z0-9_])([rRbB]{1,2})$/.exec(code)?.[1];
    const raw = prefix !== undefined && /[rR]/.test(prefix);
    const delimiter = source.startsWith(quote.repeat(3), at) ? quote.repeat(3) : quote;
    let end = at + delimiter.length;
    for (;;) {
      if (end >= source.length || (delimiter.length === 1 && (source[end] === "\n" || source[end] === "\r"))) return true;
      if (!raw && source[end] === "\\") end += 2;
      else if (source.startsWith(delimiter, end)) break;
      else end++;
    }
    code += " ";
    at = end + delimiter.length;
  }
  return MENTIONS_CONTRACTS.test(code);
}

/**
 * The parameters of a run: `--params` over meshkit.yaml's `policy.params`. A `--params` name that no
 * policy in use declares (`spec.params`) or reads (`params.<name>`) is refused: a misspelt name would
 * otherwise leave the default in force without a word. (With OPA, any name may be meant for it.)
 */
export function runParams(options: { paramsFile?: string; cwd: string; optionNames?: OptionNames<"params" | "config"> }, config: MeshkitConfig, policies: readonly CompiledPolicy[]): Record<string, unknown> {
  const given = options.paramsFile ? readParams(options.paramsFile, options.cwd) : {};
  const known = new Set(policies.flatMap(policyParamNames));
  const unknown = Object.keys(given).filter((name) => !known.has(name));
  if (unknown.length > 0 && !config.policy.opa) {
    // A meshkit.yaml (or another environment's config) given to --params instead of -c holds no parameter at its top.
    const { config: configOption, params: paramsOption } = options.optionNames ?? CLI_OPTION_NAMES;
    const configHint = given.kind === "Config" && "apiVersion" in given ? `; it is a meshkit config: name it with ${configOption}, and give ${paramsOption} a file of \`name: value\` lines` : "";
    const names = `${unknown.map((name) => `\`${name}\``).join(", ")} ${unknown.length === 1 ? "is no parameter" : "are no parameters"}`;
    throw new UsageError(`params file ${options.paramsFile}: ${names} of the policies in use (they have: ${[...known].sort().join(", ") || "none"})${configHint}`);
  }
  const kindMismatch = declaredKindMismatch(policies);
  // Checked as CEL types them: `9007199254740993` (digits) is that int, `9007199254740993.0` a double that is not.
  const typed = withCelInts(given, readFromOf(given)) as Record<string, unknown>;
  const mismatch = Object.entries(typed).map(([name, value]) => kindMismatch(name, value)).find((m) => m !== undefined);
  if (mismatch) throw new UsageError(`params file ${options.paramsFile}: ${mismatch}`);
  const partial = Object.entries(given).map(([name, value]) => unsetMapKeys(name, value, policies)).find((m) => m !== undefined);
  if (partial) throw new UsageError(`params file ${options.paramsFile}: ${partial}`);
  const params = { ...config.policy.params, ...given };
  // Each parameter's number typed as written (`ratio: 1.0` a double): where the last file that sets it has it.
  const parts = config.sources.flatMap((doc): { values: Record<string, unknown>; from: ReadFrom }[] => {
    const values = (doc.value as { policy?: { params?: unknown } } | null)?.policy?.params;
    return isMapping(values) ? [{ values, from: { doc, at: "/policy/params" } }] : [];
  });
  const givenFrom = readFromOf(given);
  if (givenFrom) parts.push({ values: given, from: givenFrom });
  rememberReadFrom(params, mergedReadFrom(parts));
  return params;
}

/** A reported path (relative to `cwd`) as seen from the project's folder, forward slashes: what waivers' globs match. */
export function projectPath(config: MeshkitConfig, cwd: string): (file: string) => string {
  return (file) => relative(config.root, resolve(cwd, file)).split(sep).join("/");
}

/**
 * meshkit.yaml's `policy.params` no policy of its packs declares or reads, or of another kind than the
 * declaring policy's default. With other packs (--policies), or with OPA, a name no policy declares is no
 * mistake of the config's (it may be its own packs', or OPA's), but the value of one a policy in use declares
 * is checked as a `--params` value is: the run reads it, and `maxColumns: ten` over an int default would fail
 * that policy on every document.
 * `inEffect`: the parameters the run uses (runParams), `--params` over meshkit.yaml's.
 */
export function unknownConfigParams(options: { policies?: readonly string[] }, config: MeshkitConfig, policies: readonly CompiledPolicy[], inEffect: Record<string, unknown>): Finding[] {
  const celTyped = (doc: LoadedDocument, params: Record<string, unknown>) => withCelInts(params, { doc, at: "/policy/params" }) as Record<string, unknown>;
  // Keys left out of a map: only of the value in effect (one a config that extends this one replaces, or
  // one a `--params` file replaces, is never read).
  const partial = (name: string, value: unknown) => (Object.hasOwn(inEffect, name) && inEffect[name] === value ? unsetMapKeys(name, value, policies) : undefined);
  const declared = policies.flatMap(policyParamNames);
  const known = new Set(config.policy.opa || options.policies ? [...declared, ...Object.keys(config.policy.params)] : declared);
  return unknownPolicyParams(config, known, declaredKindMismatch(policies), celTyped, partial);
}

/**
 * `limits sets max but not min, which policy limits reads …` when a map value (meshkit.yaml's
 * `policy.params`, `--params`) lacks a key of the declaring policy's default that one of the policies reads
 * by name without asking first (`params.limits.min`, `params.limits['min']`; not under `has(params.limits.min)`
 * or `'min' in params.limits`): a value replaces the default whole, so the read would fail on every document
 * at run time. A map used as a dictionary (its keys the data, read with `in` or a macro) is not concerned.
 */
function unsetMapKeys(name: string, value: unknown, policies: readonly CompiledPolicy[]): string | undefined {
  if (!isMapping(value)) return undefined;
  const field = escapeRegExp(name);
  for (const policy of policies) {
    const declared = Object.hasOwn(policy.params, name) ? policy.params[name] : undefined;
    if (!isMapping(declared)) continue;
    // Reads where a failure is a runtime error; a guard may be anywhere. Comments read nothing.
    const text = withoutComments(paramsSources(policy, erringExpressions(policy)).join("\n"));
    const guards = withoutComments(paramsSources(policy).join("\n"));
    const of = `\\bparams\\s*(?:\\.\\s*${field}\\b|\\[\\s*(?:'${field}'|"${field}")\\s*\\])`;
    // The dotted form outside string literals (a message that says "set params.limits.min" reads nothing).
    const code = text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, (literal) => " ".repeat(literal.length));
    const read = [
      ...[...code.matchAll(new RegExp(`\\bparams\\s*\\.\\s*${field}\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)\\b(?!\\s*\\()`, "g"))].map((m) => m[1]!),
      ...[...text.matchAll(new RegExp(`${of}\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)\\b(?!\\s*\\()`, "g"))].filter((m) => m[0].includes("[")).map((m) => m[1]!),
      ...[...text.matchAll(new RegExp(`${of}\\s*\\[\\s*(?:'([^']+)'|"([^"]+)")\\s*\\]`, "g"))].map((m) => (m[1] ?? m[2])!),
    ];
    const asked = (key: string) => {
      const k = escapeRegExp(key);
      return new RegExp(`\\bhas\\(\\s*${of}\\s*\\.\\s*${k}\\s*\\)|['"]${k}['"]\\s+in\\s+${of}`).test(guards);
    };
    const missing = [...new Set(read)].filter((key) => Object.hasOwn(declared, key) && !Object.hasOwn(value, key) && !asked(key));
    if (missing.length === 0) continue;
    const set = Object.keys(value);
    const names = (keys: string[]) => keys.map((k) => `\`${k}\``).join(", ");
    return `${name} ${set.length > 0 ? `sets ${names(set)} but not` : "sets none of"} ${names(missing)}, which policy ${policy.name} reads (\`params.${name}.${missing[0]}\`; its default is ${JSON.stringify(declared)}): a map value replaces the default whole, so every document would fail at run time; set ${names(missing)} too`;
  }
  return undefined;
}

/**
 * Whether a value set over a parameter (as CEL types it) is of another kind than a default of it (paramKindMismatch):
 * checked against every policy that declares it, since parameters are one namespace but each policy reads the value
 * as its own default's type (`minYears: 7.0` in one a double, `minYears: 7` in another an int, whose arithmetic
 * `7.5` would fail on every document). The message names the policy when the declaring policies' defaults differ.
 */
function declaredKindMismatch(policies: readonly CompiledPolicy[]): (name: string, value: unknown) => string | undefined {
  return (name, value) => {
    const declaring = policies.flatMap((policy) => {
      if (!Object.hasOwn(policy.params, name)) return [];
      const ints = new Set([...intParamDefaults([policy])].filter((where) => where === name || where.startsWith(`${name}.`) || where.startsWith(`${name}[`)));
      return [{ policy, defaults: new Map([[name, policy.params[name]]]), ints, type: `${JSON.stringify(policy.params[name])} ${[...ints].join(" ")}` }];
    });
    const alike = new Set(declaring.map((d) => d.type)).size <= 1;
    for (const { policy, defaults, ints } of declaring) {
      const mismatch = paramKindMismatch(name, value, defaults, ints, alike ? undefined : policy.name);
      if (mismatch) return mismatch;
    }
    return undefined;
  };
}

/**
 * Where the parameters' defaults (the first policy's that declares each) are CEL ints
 * (`7`, not `7.0`), as paramKindMismatch names them: `maxColumns`, `limits.max` inside a map, `sizes[]` for a
 * list whose default elements are all ints, `tiers[].max` inside the maps of a list: a list's elements take
 * the type of its default's first one when they are all of one kind, as asDeclared types them.
 */
function intParamDefaults(policies: readonly CompiledPolicy[]): Set<string> {
  const seen = new Set<string>();
  const ints = new Set<string>();
  const collect = (where: string, typed: unknown): void => {
    if (typeof typed === "bigint") ints.add(where);
    else if (Array.isArray(typed)) {
      if (typed.length > 0 && typed.every((item) => typeof item === typeof typed[0])) collect(`${where}[]`, typed[0]);
    } else if (typed !== null && typeof typed === "object") {
      for (const [key, item] of Object.entries(typed)) collect(`${where}.${key}`, item);
    }
  };
  for (const policy of policies) {
    const typed = withCelInts(policy.params, readFromOf(policy.params)) as Record<string, unknown>;
    for (const name of Object.keys(policy.params)) {
      if (seen.has(name)) continue;
      seen.add(name);
      collect(name, typed[name]);
    }
  }
  return ints;
}

/** The parameters a policy declares or reads. */
function policyParamNames(policy: CompiledPolicy): string[] {
  return [...Object.keys(policy.params), ...paramsRead(policy)];
}

/**
 * A variable's expression that is the params map itself (`p: params`; `(params)` and `dyn(params)` once
 * unwrapped): such a variable is another name for it.
 */
const PARAMS_ITSELF = /^\s*params\s*$/;

/**
 * The sources of a policy's expressions, with every read of a variable that holds the params map (`p: params`,
 * or `q: variables.p`) written as `params`: `variables.p.x` reads `params.x`, and `has(variables.p.x)` asks
 * for it, as the name-based checks below must see.
 */
function paramsSources(policy: CompiledPolicy, expressions: readonly CompiledExpression[] = policyExpressions(policy)): string[] {
  const aliases: RegExp[] = [];
  const unalias = (source: string) => unwrapParams(aliases.reduce((text, alias) => text.replace(alias, "params"), source));
  for (const variable of policy.variables) {
    if (!PARAMS_ITSELF.test(unalias(variable.expression.source))) continue;
    const name = escapeRegExp(variable.name);
    aliases.push(new RegExp(`(?<![.\\w$])variables\\s*(?:\\.\\s*${name}\\b|\\[\\s*(['"])${name}\\1\\s*\\])`, "g"));
  }
  return expressions.map((e) => unalias(e.source));
}

/**
 * The expressions whose failure is a runtime error: matchConditions, variables (an error of the
 * expressions that read them), a validation's `expression` and `forEach`. Not `messageExpression` or
 * `pathExpression`: when one of them fails, `message` or the default node is used.
 */
function erringExpressions(policy: CompiledPolicy): CompiledExpression[] {
  return [...policy.matchConditions.map((c) => c.expression), ...policy.variables.map((v) => v.expression), ...policy.validations.flatMap((v) => (v.forEach ? [v.expression, v.forEach] : [v.expression]))];
}

/** `source` with each CEL comment (`//` to the end of its line, outside a string literal) blanked: it reads nothing. */
function withoutComments(source: string): string {
  return source.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*/g, (token) => (token.startsWith("//") ? " ".repeat(token.length) : token));
}

/** `dyn(params)` or `(params)`, not a call's argument list (`f(params)`): the params map itself, as written. */
const WRAPPED_PARAMS = /(?<![\w$.]\s*)(?:dyn\s*)?\(\s*params\s*\)/g;

/**
 * `source` with every `dyn(params)` and `(params)` written `params`: `dyn(params).x` reads `params.x`, and a
 * variable `p: dyn(params)` is another name for the map, as `p: params` is.
 */
function unwrapParams(source: string): string {
  let text = source;
  for (let before = ""; before !== text; ) {
    before = text;
    text = text.replace(WRAPPED_PARAMS, "params");
  }
  return text;
}

/** The parameters a policy's `expressions` read by name (`params.x`, `params['x']`, also through a variable that is `params`). */
function paramsRead(policy: CompiledPolicy, expressions?: readonly CompiledExpression[]): string[] {
  return paramsSources(policy, expressions).flatMap((source) => {
    const keyed = [...source.matchAll(/\bparams\s*\[\s*(['"])([^'"]+)\1\s*\]/g)].map((m) => m[2]!);
    // Outside string literals: a message that says "set params.minObjects" reads no parameter.
    const code = source.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, (literal) => " ".repeat(literal.length));
    // `params.all(k, …)`, `params.exists(…)`: a macro or function over the map, followed by `(`, reads no field.
    return [...keyed, ...[...code.matchAll(/\bparams\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()/g)].map((m) => m[1]!)];
  });
}

/**
 * Parameters a policy reads that nothing sets (no default in its `spec.params`, none in meshkit.yaml or
 * --params), unless it asks first (`has(params.x)`, `'x' in params`): a `policy-invalid` finding at the
 * policy, once, where every document would otherwise get a run-time error of its own. So is a default no value
 * is set over that a call cannot take (`getHours(params.zone)` with `zone: europe/paris`), at the expression:
 * set in meshkit.yaml or --params, the default is never read.
 */
export function unsetParams(policies: readonly CompiledPolicy[], params: Record<string, unknown>, paramsOption = "--params"): Finding[] {
  return policies.flatMap((policy) => {
    const text = paramsSources(policy).join("\n");
    const asked = (name: string) => new RegExp(`\\bhas\\(\\s*params\\s*\\.\\s*${escapeRegExp(name)}\\s*\\)|['"]${escapeRegExp(name)}['"]\\s+in\\s+params\\b`).test(text);
    const unset = [...new Set(paramsRead(policy))].filter((name) => !Object.hasOwn(policy.params, name) && !Object.hasOwn(params, name) && !asked(name));
    const defaults = (policy.paramDefaults ?? []).filter((read) => !Object.hasOwn(params, read.param) && !matchKeepsDefaultOut(policy, read.param)).map((read) => read.finding);
    return [
      ...unset.map((name) =>
        packFinding(policy.file, policy.at, `policy ${policy.name} reads params.${name}, which nothing sets: give it a default under spec.params, or set it in meshkit.yaml (policy.params) or with ${paramsOption}`),
      ),
      ...defaults,
    ];
  });
}

/**
 * Whether a matchCondition on the parameter (`params.zone != 'none'`) may keep every document from the policy while the
 * parameter holds its default: it is false with the defaults alone, or reads the document too and cannot be told before
 * one. One that holds with the default (`params.zone != ''` over `zone: europe/paris`) keeps nothing out.
 */
function matchKeepsDefaultOut(policy: CompiledPolicy, param: string): boolean {
  return policy.matchConditions.some(({ expression }) => {
    if (!paramsRead(policy, [expression]).includes(param)) return false;
    const held = expression.evaluate({ params: policy.params });
    return !held.ok || held.value !== true;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `--params FILE`: a mapping of parameter names to values; anything else is a usage error. */
export function readParams(file: string, cwd: string): Record<string, unknown> {
  const read = readSourceFile(resolve(cwd, file), file);
  if (!read.ok) throw new UsageError(`params file ${file}: ${read.finding.message}`);
  const { documents, findings } = loadText(file, read.text);
  const value = documents[0]?.value;
  if (findings.length > 0) throw new UsageError(`params file ${file}:${findings[0]!.line}:${findings[0]!.column}: ${findings[0]!.message}`);
  // A file with nothing in it (empty, or comments only: an environment's file that overrides nothing yet) sets
  // no parameter, as an empty Helm values file does; a value written there (`null`, `[]`, `text`) is no mapping.
  if (documents.every((doc) => doc.value === null && doc.sourceAt("").trim() === "")) return {};
  if (!isMapping(value)) throw new UsageError(`params file ${file}: expected a mapping of parameter names to values`);
  // Parameters in a second document would be ignored without a word.
  const extra = documents.slice(1).find((doc) => doc.value !== null);
  if (extra) throw new UsageError(`params file ${file}:${extra.locate("").line}: expected one mapping of parameter names to values, found a second document; merge them`);
  rememberReadFrom(value, { doc: documents[0]!, at: "" });
  return value;
}

