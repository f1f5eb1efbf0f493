import { readdirSync, realpathSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { BUILTIN_PACK_PREFIX, MESHKIT_API_VERSION, type Finding, type LoadedDocument, type MeshkitConfig, type Position, type SchemaIssue, type Severity, UsageError, displayPath, docsUrlFor, fromPointer, isMapping, loadText, missingConfigPack, policyPackProblem, oneLine, readTextOrThrow, toPointer, unquotedTextHint, validatePolicySchema, writtenApiVersion } from "@meshkit/core";
import { BUILTIN_CHECKED, BUILTIN_CHECK_BASIS, BUILTIN_PACKS, BUILTIN_PARSED } from "./generated/builtin-packs.js";
import { type CompileError, type CompiledExpression, type ExpectedResult, type PrecheckedExpression, checkBasis, compileExpression } from "./cel.js";
import { readFromOf, rememberReadFrom, withCelInts } from "./cel-numbers.js";
import { type CelTypeName, celTypeOfValue } from "./cel-types.js";
import { WASM_UNSUPPORTED } from "./opa.js";
import { RESERVED_RULE_IDS } from "./reserved-ids.js";
import type { PolicyKind } from "./views.js";

export interface CompiledValidation {
  id: string;
  expression: CompiledExpression;
  forEach?: CompiledExpression;
  message?: string;
  messageExpression?: CompiledExpression;
  severity: Severity;
  path?: string;
  pathExpression?: CompiledExpression;
  docsUrl?: string;
  /** Its `description` (what it checks), on one line: the rule's description in reports (SARIF's rule text). */
  description?: string;
  /** Where its id is written in the policy file (a duplicate id is reported there); located when read. */
  readonly at: Position;
  /** Where one of its fields is written in the policy file: its JSON pointer there, and its position (located when called). */
  fieldAt(field: "messageExpression" | "pathExpression"): { path: string; at: Position };
}

export interface CompiledPolicy {
  name: string;
  /** Where it was read from: a file path, or builtin:<pack>/<file>. */
  file: string;
  /** Where its `metadata.name` is written (a duplicate name is reported there); located when read. */
  readonly at: Position;
  /** Its `metadata.description`, on one line: what its rules check when a rule has no text of its own. */
  description?: string;
  kinds: readonly PolicyKind[];
  matchConditions: { name: string; expression: CompiledExpression }[];
  params: Record<string, unknown>;
  variables: { name: string; expression: CompiledExpression }[];
  validations: CompiledValidation[];
  /**
   * Where an expression gives a call a parameter whose string default it cannot take (`getHours(params.zone)` with
   * `zone: europe/paris`): a `policy-invalid` finding of the run when nothing sets the parameter (unsetParams).
   */
  paramDefaults?: readonly ParamDefaultFinding[];
}

export interface ParamDefaultFinding {
  param: string;
  finding: Finding;
}

export interface LoadedPacks {
  policies: CompiledPolicy[];
  /** `policy-invalid` and input findings, positioned in the policy files. */
  findings: Finding[];
}

/**
 * Where pack files are read from: the disk, for `meshkit policy`; the pre-commit hook gives the git index
 * (the packs as the commit holds them), so that a staged policy is checked as staged, not as the working
 * tree has it (a broken policy staged with a fixed copy unstaged, or the other way round).
 */
export interface PackFiles {
  /** What is at an absolute path: a file, a folder, or nothing. */
  kind(path: string): "file" | "folder" | undefined;
  /** The paths below a folder, relative to it (every depth). */
  list(folder: string): string[];
  /** A file's text; a UsageError (saying why, under `display`) when it is no text. */
  read(path: string, display: string): string;
  /** The path with symbolic links resolved, so that a file reached two ways is one file; the path itself when unknown. */
  realPath?(path: string): string;
}

export const DISK_PACK_FILES: PackFiles = {
  kind: (path) => {
    try {
      return statSync(path).isDirectory() ? "folder" : "file";
    } catch {
      return undefined;
    }
  },
  list: (folder) => readdirSync(folder, { recursive: true, encoding: "utf8" }),
  read: (path, display) => readTextOrThrow(path, display),
  realPath: (path) => {
    try {
      return realpathSync.native(path);
    } catch {
      return path;
    }
  },
};

const ALL_KINDS: readonly PolicyKind[] = ["DataContract", "DataProduct", "Config", "Infrastructure"];
export const BUILTIN_PREFIX = BUILTIN_PACK_PREFIX;
const DOCS_BASE = "https://github.com/meshkit/meshkit/blob/main/docs/policies";

/**
 * Loads and compiles packs in order: `builtin:<name>`, a folder of policy files, or one file. Every
 * expression is parsed and checked here, once; a typo is a `policy-invalid` finding at its own line.
 */
export function loadPacks(packs: readonly string[], cwd: string, files: PackFiles = DISK_PACK_FILES): LoadedPacks {
  const policies: CompiledPolicy[] = [];
  const findings: Finding[] = [];
  // A pack named twice (a path written two ways, a config and --policies both naming it) is loaded once:
  // its rules would otherwise collide with themselves.
  const unique = [...new Map(packs.map((pack) => [pack.startsWith(BUILTIN_PREFIX) ? pack : resolve(cwd, pack), pack])).values()];
  // So is a file that two packs hold (a folder and one of its files, a folder and a link to it): once, in the first.
  const loadedFiles = new Set<string>();
  for (const pack of unique) {
    const before = { policies: policies.length, findings: findings.length };
    const sources = packSources(pack, cwd, files);
    const fresh = sources.filter((source) => !loadedFiles.has(source.key));
    for (const source of fresh) loadedFiles.add(source.key);
    if (fresh.length === 0 && sources.length > 0) continue;
    for (const source of fresh) {
      const result = compilePolicyText(source.file, source.text, source.builtin ? { docsUrl: `${DOCS_BASE}/${source.builtin}.md`, parsed: BUILTIN_PARSED, ...(BUILTIN_CHECK_BASIS === checkBasis() ? { checked: BUILTIN_CHECKED } : {}) } : {});
      policies.push(...result.policies);
      findings.push(...result.findings);
    }
    // A pack that holds no policy would pass every document: a wrong path, not an empty rule set. One whose
    // policy files an earlier pack already loaded (beside files of no policy, such as params) is not empty.
    if (policies.length === before.policies && findings.length === before.findings && fresh.length === sources.length) {
      const rego = regoPackError(pack, cwd, files);
      if (rego) throw rego;
      throw new UsageError(`policy pack ${pack} holds no policy: ${sources.length === 0 ? "no .yaml, .yml or .json file (tests/ folders are fixtures)" : `no \`kind: Policy\` document in its ${sources.length} file${sources.length === 1 ? "" : "s"}`}`);
    }
  }
  const clashOrder = [...policies.filter(isBuiltin), ...policies.filter((policy) => !isBuiltin(policy))];
  findings.push(...duplicatePolicyNames(clashOrder), ...duplicateRuleIds(clashOrder));
  return { policies, findings };
}

/**
 * The packs a run uses: `--policies` (loadPacks), else meshkit.yaml's `policy.packs`, where a pack that
 * cannot be found is a `config-invalid` finding at its entry in the file that lists it (exit 2), not a
 * line without a position.
 */
export function packsFor(policies: readonly string[] | undefined, config: MeshkitConfig, cwd: string, files: PackFiles = DISK_PACK_FILES): LoadedPacks {
  if (policies) return loadPacks(policies, cwd, files);
  const missing = missingConfigPack(config, cwd, packExists(files));
  if (missing) return { policies: [], findings: [missing] };
  return loadPacks(config.policy.packs, cwd, files);
}

interface PackSource {
  file: string;
  text: string;
  builtin?: string;
  /** What tells the file apart from every other: its real path, or a built-in one's `builtin:<pack>/<file>`. */
  key: string;
}

/** Where a pack named in policy.packs or `--policies` is: a built-in one's name, or a path that exists; a UsageError otherwise. */
export function resolvePack(pack: string, cwd: string, files: PackFiles = DISK_PACK_FILES): { builtin: string } | { path: string } {
  const problem = policyPackProblem(pack, cwd, packExists(files));
  if (problem !== undefined) throw new UsageError(problem);
  return pack.startsWith(BUILTIN_PREFIX) ? { builtin: pack.slice(BUILTIN_PREFIX.length) } : { path: resolve(cwd, pack) };
}

/** Whether a pack's path is there, as `files` sees it (a git commit's tree, for the pre-commit hook's staged packs). */
export function packExists(files: PackFiles): (path: string) => boolean {
  return (path) => files.kind(path) !== undefined;
}

function packSources(pack: string, cwd: string, files: PackFiles): PackSource[] {
  const resolved = resolvePack(pack, cwd, files);
  if ("builtin" in resolved) return BUILTIN_PACKS[resolved.builtin]!.map((f) => ({ ...f, builtin: resolved.builtin, key: f.file }));
  const path = resolved.path;
  const isFolder = files.kind(path) === "folder";
  // Read as text, a bundle or a wasm module would be refused as "binary content", which says nothing of Rego.
  if (!isFolder && REGO_FILE.test(path)) throw regoPackError(pack, cwd, files)!;
  const policyFiles = isFolder
    ? files
        .list(path)
        .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.split(/[\\/]/).some((part) => part === "tests" || part === "node_modules"))
        .sort()
        .map((f) => join(path, f))
    : [path];
  return policyFiles.flatMap((file) => {
    const display = displayPath(file, cwd);
    return [{ file: display, text: files.read(file, display), key: files.realPath?.(file) ?? file }];
  });
}

/** Rego and what `opa build` makes of it: an OPA server evaluates these (policy.opa), not the CEL pack loader. */
const REGO_FILE = /\.(rego|wasm|tar\.gz|tgz)$/i;

/**
 * Why a pack that holds no CEL policy holds Rego instead (a `.rego` file, a wasm module, an OPA bundle), or
 * undefined when it holds none: a team moving from OPA names its Rego as a pack, and must learn that it
 * is run on an OPA server, not that it "holds no policy" or is "binary content". A folder that mixes CEL
 * policies and Rego is fine (the same folder may be served by `opa run --server`); this is asked only of
 * packs without a policy.
 */
function regoPackError(pack: string, cwd: string, packFiles: PackFiles): UsageError | undefined {
  if (pack.startsWith(BUILTIN_PREFIX)) return undefined;
  const path = resolve(cwd, pack);
  const files = packFiles.kind(path) === "folder" ? packFiles.list(path).filter((f) => REGO_FILE.test(f)).sort() : REGO_FILE.test(path) ? [basename(path)] : [];
  if (files.length === 0) return undefined;
  const held = files.length === 1 ? files[0]! : `${files[0]!} and ${files.length - 1} more`;
  const how = files.some((f) => /\.wasm$/i.test(f))
    ? WASM_UNSUPPORTED
    : files.some((f) => /\.(tar\.gz|tgz)$/i.test(f))
      ? "an OPA bundle is served by an OPA server (`opa run --server --bundle <bundle>`): set policy.opa.url and policy.opa.package (see docs/policy-opa.md); bundles are not evaluated in process in this build"
      : "Rego runs on an OPA server (`opa run --server <folder>`): set policy.opa.url and policy.opa.package (see docs/policy-opa.md)";
  return new UsageError(`policy pack ${pack} holds Rego (${held}), not CEL \`kind: Policy\` documents: ${how}`);
}

function invalid(doc: LoadedDocument, path: string, message: string, target: "key" | "value" = "value"): Finding {
  return doc.finding({ ruleId: "policy-invalid", severity: "error", message, path, target, stage: "policy" });
}

/** How a built-in pack is compiled: its docs page, and its expressions already parsed at build time. */
export interface PackSourceOptions {
  docsUrl?: string;
  parsed?: Readonly<Record<string, string>>;
  /** What checking the parsed expressions found when they were embedded (with the current variables and functions). */
  checked?: Readonly<Record<string, PrecheckedExpression>>;
}

/** Compiles every `kind: Policy` document of a text; other documents in a pack folder are ignored. */
export function compilePolicyText(file: string, text: string, options: PackSourceOptions = {}): LoadedPacks {
  const loaded = loadText(file, text);
  const findings: Finding[] = [...loaded.findings];
  const policies: CompiledPolicy[] = [];
  for (const doc of loaded.documents) {
    // In a pack, `kind: Policy` is meant for meshkit whatever its apiVersion (`meshkit.dev/v1`, a Kubernetes
    // group copied from a ValidatingAdmissionPolicy, none): skipped, the rule would pass every document, and a
    // pack of such documents alone would be reported as holding no policy.
    if (doc.kind.type !== "Policy" && isMapping(doc.value) && doc.value.kind === "Policy") {
      findings.push(invalid(doc, "/apiVersion", `Policy ${policyApiVersionText(doc)}; use ${MESHKIT_API_VERSION}.`));
      continue;
    }
    if (doc.kind.type !== "Policy") {
      // meshkit's apiVersion says it was meant for meshkit: a misspelt kind (`Polcy`) must not drop the policy in silence.
      const { apiVersion, kind } = (doc.value ?? {}) as { apiVersion?: unknown; kind?: unknown };
      if (apiVersion === MESHKIT_API_VERSION && typeof kind === "string" && kind !== "Config") {
        findings.push(invalid(doc, "/kind", `kind ${JSON.stringify(kind)} is no meshkit/v1 document a policy pack holds; a policy is \`kind: Policy\`.`));
      }
      continue;
    }
    const issues = [...validatePolicySchema(doc.value), ...invalidDocsUrls(doc.value), ...invalidMessages(doc.value)];
    if (issues.length > 0) {
      findings.push(...issues.map((issue) => invalid(doc, issue.pointer, `policy: ${issue.message}${unquotedExpressionHint(doc, issue)}`, issue.target)));
      continue;
    }
    const compiled = compilePolicy(doc, file, options);
    findings.push(...compiled.findings);
    if (compiled.policy) policies.push(compiled.policy);
  }
  return { policies, findings };
}

/** The keys of a policy whose value is a CEL expression. */
const EXPRESSION_KEYS: ReadonlySet<string> = new Set(["expression", "forEach", "messageExpression", "pathExpression"]);

/**
 * For an expression YAML (or JSON) reads as a bool or a number, not text (`expression: false`, `forEach: 1`; CEL's own
 * literals, so an author writes them unquoted): how to write it so that it is read as the expression, after
 * the schema's "must be a string". Nothing for any other issue.
 */
function unquotedExpressionHint(doc: LoadedDocument, issue: SchemaIssue): string {
  const key = fromPointer(issue.pointer).at(-1);
  if (issue.target !== "value" || key === undefined || !EXPRESSION_KEYS.has(key)) return "";
  // CEL's bools are lower case, YAML's any case (`True`).
  return unquotedTextHint(doc, issue.pointer, "the text of an expression", (written, value) => (typeof value === "boolean" ? String(value) : written));
}

/** What is wrong with a `kind: Policy` document's apiVersion: `apiVersion "meshkit.dev/v1" is not supported`, or that it has none. */
function policyApiVersionText(doc: LoadedDocument): string {
  const apiVersion = (doc.value as { apiVersion?: unknown }).apiVersion;
  if (apiVersion === undefined || apiVersion === null) return "has no apiVersion";
  return `apiVersion ${writtenApiVersion(apiVersion, undefined)} is not supported`;
}

/**
 * Every `docsUrl` that is no http(s) URL (the schema only asks for a string): reports could link it
 * nowhere, and would fall back to a meshkit docs page that a pack's own rule does not have.
 */
function invalidDocsUrls(value: unknown): SchemaIssue[] {
  const policy = value as { metadata?: { docsUrl?: unknown }; spec?: { validations?: unknown } } | null;
  const validations = Array.isArray(policy?.spec?.validations) ? (policy.spec.validations as ({ docsUrl?: unknown } | null)[]) : [];
  const urls: [string, unknown][] = [["/metadata/docsUrl", policy?.metadata?.docsUrl], ...validations.map((v, i): [string, unknown] => [`/spec/validations/${i}/docsUrl`, v?.docsUrl])];
  return urls
    .filter((entry): entry is [string, string] => typeof entry[1] === "string" && !isHttpUrl(entry[1]))
    .map(([pointer, url]) => ({ pointer, target: "value", message: `\`docsUrl\` must be an http or https URL, not ${JSON.stringify(url)}: findings link to it` }));
}

/**
 * Every validation `message` that is blank or spans several lines (the schema only asks for a non-empty
 * string). A finding is one line (`file:line:col: severity rule message`, one annotation), which is why a
 * messageExpression returning such a text falls back to `message`; a ValidatingAdmissionPolicy refuses
 * such a message too. The final line break a block scalar keeps (`message: >` over one paragraph) is not
 * the text's: it is dropped (oneLineMessage), as `>-` would.
 */
function invalidMessages(value: unknown): SchemaIssue[] {
  const validations = (value as { spec?: { validations?: unknown } } | null)?.spec?.validations;
  if (!Array.isArray(validations)) return [];
  return (validations as ({ message?: unknown } | null)[]).flatMap((v, i): SchemaIssue[] => {
    const message = v?.message;
    if (typeof message !== "string") return [];
    const pointer = `/spec/validations/${i}/message`;
    if (message.trim() === "") return [{ pointer, target: "value", message: "`message` is blank: write the text of the finding, or leave `message` out" }];
    if (/[\r\n]/.test(oneLineMessage(message))) return [{ pointer, target: "value", message: "`message` holds a line break, and a finding is one line: write it on one line (`>` folds a paragraph's lines into one; `|` keeps them)" }];
    return [];
  });
}

/** A message without the final line breaks a block scalar keeps. */
function oneLineMessage(message: string): string {
  return message.replace(/[\r\n]+$/, "");
}

/** Whether an informational `description` has text (the schema takes any string, a blank one too). */
function describes(text: string | undefined): text is string {
  return text !== undefined && text.trim() !== "";
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}

interface RawPolicy {
  metadata: { name: string; docsUrl?: string; description?: string };
  spec: {
    match?: { kinds?: PolicyKind[]; matchConditions?: { name: string; expression: string }[] };
    params?: Record<string, unknown>;
    variables?: { name: string; expression: string }[];
    validations: { id: string; expression: string; forEach?: string; message?: string; messageExpression?: string; severity?: Severity; path?: string; pathExpression?: string; docsUrl?: string; description?: string }[];
  };
}

/**
 * The type of each parameter a policy declares a default for, as its expressions read it: the default's, as
 * CEL types it (`maxColumns: 3` an int, `ratio: 1.0` a double, `domains: [a]` a list), since every value set
 * over it has that kind. `'Max ' + params.maxColumns` is then refused at load, as a ValidatingAdmissionPolicy's
 * typed params make it, rather than falling back to `message` on every document at run time.
 */
function declaredParamTypes(params: Record<string, unknown> | undefined): ReadonlyMap<string, CelTypeName> {
  if (!params) return new Map();
  const typed = withCelInts(params, readFromOf(params)) as Record<string, unknown>;
  return new Map(
    Object.keys(typed).flatMap((name): [string, CelTypeName][] => {
      const value = typed[name];
      // A list whose elements are all of one type declares it for its elements too (`tags[]`): stream.ts refuses a
      // value of another kind there, and one over an int with a fraction. An empty list, mixed or null elements: none.
      const elementTypes = new Set(Array.isArray(value) ? value.map(celTypeOfValue) : []);
      const [element] = elementTypes;
      return [[name, celTypeOfValue(value)], ...(elementTypes.size === 1 && element !== "dyn" ? [[`${name}[]`, element] as [string, CelTypeName]] : [])];
    }),
  );
}

function compilePolicy(doc: LoadedDocument, file: string, options: PackSourceOptions): { policy?: CompiledPolicy; findings: Finding[] } {
  const defaultDocsUrl = options.docsUrl;
  const raw = doc.value as RawPolicy;
  const findings: Finding[] = [];
  // Its defaults' numbers are typed as written (`ratio: 1.0` a double), cel-numbers.ts; each default is its
  // parameter's type where an expression reads it (every value set over it has that type, stream.ts).
  if (raw.spec.params) rememberReadFrom(raw.spec.params, { doc, at: "/spec/params" });
  const paramTypes = declaredParamTypes(raw.spec.params);
  const paramTexts = new Map(Object.entries(raw.spec.params ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const paramDefaults: ParamDefaultFinding[] = [];
  /** Compiles the expression at `segments`, which may read the variables `declared`; a problem becomes a finding on that expression's line. */
  const compile = (source: string, segments: (string | number)[], declared: ReadonlyMap<string, CelTypeName>, returns?: ExpectedResult, forEachElement = false): { expression: CompiledExpression; type: CelTypeName; elementType?: CelTypeName } | undefined => {
    const result = compileExpression(source, options.parsed?.[source], options.checked?.[source], declared, returns, forEachElement, paramTypes, paramTexts);
    if (result.ok) {
      for (const problem of result.paramDefaults ?? []) paramDefaults.push({ param: problem.param, finding: problemFinding(source, segments, problem) });
      return result;
    }
    findings.push(problemFinding(source, segments, result.error));
    return undefined;
  };
  /** The `policy-invalid` finding of a problem of the expression at `segments`, on that expression's line. */
  const problemFinding = (source: string, segments: (string | number)[], problem: CompileError): Finding => {
    const shown = source.length > 80 ? `${source.slice(0, 77)}...` : source;
    const pointer = toPointer(segments);
    const finding = invalid(doc, pointer, `policy ${raw.metadata.name}: ${problem.message} at column ${problem.offset + 1} of \`${shown}\``);
    const at = scalarPosition(doc, pointer, source, problem.offset);
    // The line inside the block: its end is no longer the scalar's.
    return at ? { ...finding, ...at, endLine: at.line, endColumn: at.column } : finding;
  };
  const spec = raw.spec;
  findings.push(...duplicateNames(doc, raw.metadata.name, spec.match?.matchConditions ?? [], ["spec", "match", "matchConditions"], "matchCondition"));
  findings.push(...duplicateNames(doc, raw.metadata.name, spec.variables ?? [], ["spec", "variables"], "variable"));
  findings.push(...reservedRuleIds(doc, raw));
  // matchConditions run before the variables; a variable reads the ones before it; validations read all.
  const matchConditions = (spec.match?.matchConditions ?? []).map((c, i) => ({
    name: c.name,
    expression: compile(c.expression, ["spec", "match", "matchConditions", i, "expression"], new Map(), { type: "bool", what: "a matchCondition" })?.expression,
  }));
  // Each variable has its expression's type where it is read (`variables.count + 1.0` is refused at load when
  // count is an int), and is dyn when that cannot be known (or its expression did not compile); a list keeps
  // its elements' type under `<name>[]` (`params.tags.map(t, t.upperAscii())`: strings), as a list parameter does.
  const variableTypes = new Map<string, CelTypeName>();
  const variables = (spec.variables ?? []).map((v, i) => {
    const compiled = compile(v.expression, ["spec", "variables", i, "expression"], new Map(variableTypes));
    variableTypes.set(v.name, compiled?.type ?? "dyn");
    if (compiled?.elementType) variableTypes.set(`${v.name}[]`, compiled.elementType);
    return { name: v.name, expression: compiled?.expression };
  });
  const validations = spec.validations.map((v, i): CompiledValidation | undefined => {
    const at = ["spec", "validations", i];
    const perElement = v.forEach !== undefined;
    const expression = compile(v.expression, [...at, "expression"], variableTypes, { type: "bool", what: "a validation's expression" }, perElement)?.expression;
    const forEach = v.forEach !== undefined ? compile(v.forEach, [...at, "forEach"], variableTypes, { type: "list", what: "forEach" })?.expression : undefined;
    const messageExpression = v.messageExpression !== undefined ? compile(v.messageExpression, [...at, "messageExpression"], variableTypes, { type: "string", what: "a messageExpression" }, perElement)?.expression : undefined;
    const pathExpression = v.pathExpression !== undefined ? compile(v.pathExpression, [...at, "pathExpression"], variableTypes, { type: "string", what: "a pathExpression" }, perElement)?.expression : undefined;
    if (!expression || (v.forEach !== undefined && !forEach) || (v.messageExpression !== undefined && !messageExpression) || (v.pathExpression !== undefined && !pathExpression)) return undefined;
    return {
      id: v.id,
      expression,
      ...(forEach ? { forEach } : {}),
      ...(v.message !== undefined ? { message: oneLineMessage(v.message) } : {}),
      ...(messageExpression ? { messageExpression } : {}),
      severity: v.severity ?? "error",
      ...(v.path !== undefined ? { path: v.path } : {}),
      ...(pathExpression ? { pathExpression } : {}),
      ...((v.docsUrl ?? raw.metadata.docsUrl ?? defaultDocsUrl) ? { docsUrl: v.docsUrl ?? raw.metadata.docsUrl ?? `${defaultDocsUrl}#${v.id}` } : {}),
      ...(describes(v.description) ? { description: oneLine(v.description) } : {}),
      // Read only when a duplicate id is reported: locating builds the file's YAML AST, which loading
      // a pack (the pre-commit hook loads the baseline pack on every commit) can do without.
      get at() {
        return doc.locate(toPointer([...at, "id"]));
      },
      fieldAt(field) {
        const path = toPointer([...at, field]);
        return { path, at: doc.locate(path) };
      },
    };
  });
  if (findings.length > 0) return { findings };
  return {
    policy: {
      name: raw.metadata.name,
      file,
      get at() {
        return doc.locate("/metadata/name");
      },
      ...(describes(raw.metadata.description) ? { description: oneLine(raw.metadata.description) } : {}),
      kinds: spec.match?.kinds ?? ALL_KINDS,
      matchConditions: matchConditions as CompiledPolicy["matchConditions"],
      params: spec.params ?? {},
      variables: variables as CompiledPolicy["variables"],
      validations: validations as CompiledValidation[],
      ...(paramDefaults.length > 0 ? { paramDefaults } : {}),
    },
    findings,
  };
}

/**
 * Where an offset of an expression is in the file: the line it is on and its column there, for an
 * expression written plain, quoted or as a block scalar (`|`, `>-`), on one line or several. Folding and
 * indentation change only white space, and an escape (`\"`, `\u00e9`, `''`) is one character written
 * with several, so the expression's other characters are the file's, in order: the offset's character is
 * found among them. Undefined when they are not: the finding then stays at the scalar.
 */
function scalarPosition(doc: LoadedDocument, pointer: string, source: string, offset: number): { line: number; column: number } | undefined {
  const raw = doc.sourceAt(pointer);
  const written = writtenCharacters(raw);
  const visible = (text: string) => text.replace(/\s+/g, "");
  if (written.map((c) => c.char).join("") !== visible(source)) return undefined;
  // The character the offset names (a problem recorded at the blank before an operator is the operator's).
  let target = Math.min(offset, source.length);
  while (target < source.length && /\s/.test(source[target]!)) target++;
  const before = visible(source.slice(0, target)).length;
  // (past the last character: the end of the expression, after its last one)
  const index = before < written.length ? written[before]!.at : (written.at(-1)?.end ?? 0);
  const at = doc.locate(pointer);
  const lineStart = raw.lastIndexOf("\n", index - 1);
  const line = at.line + (raw.slice(0, index).match(/\n/g)?.length ?? 0);
  return { line, column: lineStart === -1 ? at.column + index : index - lineStart };
}

/** The characters of a scalar's value other than white space, each with where it is written in its source `raw` (`at` up to `end`). */
function writtenCharacters(raw: string): { char: string; at: number; end: number }[] {
  // (its header line ends as the file's lines do: `\r\n` in a file with Windows line ends)
  const header = /^[|>][-+]?[1-9]?[-+]?[ \t]*(?:#[^\r\n]*)?\r?\n/.exec(raw);
  const quote = !header && (raw[0] === "'" || raw[0] === '"') ? raw[0] : undefined;
  const characters: { char: string; at: number; end: number }[] = [];
  for (let i = header ? header[0].length : quote ? 1 : 0; i < (quote ? raw.length - 1 : raw.length); ) {
    const [char, length] = quote === '"' && raw[i] === "\\" ? doubleQuotedEscape(raw, i) : quote === "'" && raw.startsWith("''", i) ? ["'", 2] : [raw[i]!, 1];
    // Per UTF-16 unit, as the expression's offsets count: an escaped astral character is two.
    for (const unit of char.split("")) if (!/\s/.test(unit)) characters.push({ char: unit, at: i, end: i + length });
    i += length;
  }
  return characters;
}

/** YAML's (and so JSON's) one-letter escapes of a double-quoted scalar. */
const DOUBLE_QUOTED_ESCAPES: Readonly<Record<string, string>> = { "0": "\0", a: "\x07", b: "\b", t: "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029" };
const HEX_ESCAPE_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** The character an escape at `i` of a double-quoted scalar stands for, and how many source characters it takes. */
function doubleQuotedEscape(raw: string, i: number): [string, number] {
  const letter = raw[i + 1] ?? "";
  const digits = HEX_ESCAPE_DIGITS[letter];
  if (digits !== undefined) {
    const code = Number.parseInt(raw.slice(i + 2, i + 2 + digits), 16);
    // (the scalar parsed, so its escapes are whole; the check only keeps a surprise from throwing)
    return [Number.isInteger(code) && code <= 0x10ffff ? String.fromCodePoint(code) : letter, 2 + digits];
  }
  // An escaped line break joins the lines: it stands for nothing.
  if (letter === "\n" || letter === "\r") return ["", 2];
  return [DOUBLE_QUOTED_ESCAPES[letter] ?? letter, 2];
}

/** A name given twice among a policy's variables (or matchConditions): the second would silently replace the first. */
function duplicateNames(doc: LoadedDocument, policy: string, entries: readonly { name: string }[], at: (string | number)[], what: string): Finding[] {
  return entries.flatMap((entry, i) => {
    const first = entries.findIndex((e) => e.name === entry.name);
    return first < i ? [invalid(doc, toPointer([...at, i, "name"]), `policy ${policy}: ${what} name ${entry.name} is already used by ${what} ${first + 1}; names must be unique within a policy`)] : [];
  });
}

/** A validation that takes one of meshkit's own rule ids: its failures would be read as meshkit's own findings. */
function reservedRuleIds(doc: LoadedDocument, raw: RawPolicy): Finding[] {
  return raw.spec.validations.flatMap((v, i) =>
    RESERVED_RULE_IDS.has(v.id) ? [invalid(doc, toPointer(["spec", "validations", i, "id"]), `policy ${raw.metadata.name}: rule id ${v.id} is one of meshkit's own rules (docs/rules/${v.id}.md); give the rule another id`)] : [],
  );
}

/** A finding of the pack loader at a position in a policy file. */
export function packFinding(file: string, at: Position, message: string): Finding {
  return { ruleId: "policy-invalid", severity: "error", message, file, line: at.line, column: at.column, path: "", stage: "policy", docsUrl: docsUrlFor("policy-invalid") };
}

/**
 * Whether a policy comes from a built-in pack. A name or rule id a built-in policy shares with one of the
 * project's is reported at the project's, whatever the order of the packs: that is the file its author can
 * change, while `builtin:<pack>/<file>` is in no checkout (nor can code scanning show a result there).
 */
function isBuiltin(policy: CompiledPolicy): boolean {
  return policy.file.startsWith(BUILTIN_PREFIX);
}

/**
 * A policy's name is what its results and findings are reported under (`[policy <name>, <file>]`): two
 * policies of one name, say a domain pack's copy of a platform policy, would read as one in every report.
 */
function duplicatePolicyNames(policies: CompiledPolicy[]): Finding[] {
  const seen = new Map<string, CompiledPolicy>();
  return policies.flatMap((policy) => {
    const first = seen.get(policy.name);
    if (!first) {
      seen.set(policy.name, policy);
      return [];
    }
    return [packFinding(policy.file, policy.at, `policy name ${policy.name} is already used by the policy in ${first.file}; policy names must be unique across the packs`)];
  });
}

/** Rule ids identify a rule in findings, waivers and meshkit.yaml: two rules may not share one. */
function duplicateRuleIds(policies: CompiledPolicy[]): Finding[] {
  const seen = new Map<string, { policy: CompiledPolicy; validation: CompiledValidation }>();
  const findings: Finding[] = [];
  for (const policy of policies) {
    for (const validation of policy.validations) {
      const first = seen.get(validation.id);
      if (!first) {
        seen.set(validation.id, { policy, validation });
        continue;
      }
      const where = first.policy === policy ? `another rule of this policy (line ${first.validation.at.line})` : `policy ${first.policy.name} (${first.policy.file})`;
      // A pack that reuses another pack's id usually means to replace that rule (the baseline's, say): say how.
      const replace = first.policy === policy ? "" : `; to replace that rule with this one, turn it off in meshkit.yaml (policy.rules: {${validation.id}: off}) and give this one an id of its own`;
      findings.push(packFinding(policy.file, validation.at, `rule id ${validation.id} of policy ${policy.name} is already used by ${where}; rule ids must be unique across the packs${replace}`));
    }
  }
  return findings;
}
