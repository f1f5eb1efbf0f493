import { dirname } from "node:path";
import {
  type Finding,
  type InSourceSuppressedFinding,
  type LoadedDocument,
  type MeshkitConfig,
  type RuleLevel,
  type RuleMeta,
  type Severity,
  INCLUDE_UNMATCHED_RULE,
  INPUT_RULES,
  NOT_A_DOCUMENT_RULE,
  ODCS_API_VERSIONS,
  UNSUPPORTED_API_VERSION_RULE,
  configDocumentFindings,
  dataFileHint,
  docsUrlFor,
  isContractWithMisspeltKind,
  misspeltKindOf,
  isContractWithoutKind,
  isDataDocument,
  isMapping,
  lintedRuleIdFindings,
  loadText,
  missingWrittenPack,
  sortFindings,
  toPointer,
  withInvisiblesShown,
  writtenApiVersion,
  yamlDirectiveProblems,
} from "@meshkit/core";
import semver from "semver";
import type { DocumentIndex, FileLabel, IndexedDocument, Rule, RuleContext } from "./rule.js";
import { DOCUMENT_RULES } from "./rules/index.js";
import type { LintSource } from "./sources.js";
import { type Suppression, applySuppressions, parseSuppressions } from "./suppressions.js";
import type { Mapping } from "./walk.js";

const YAML_DIRECTIVE_RULE: RuleMeta = {
  id: "yaml-directive",
  defaultSeverity: "warning",
  stage: "lint",
  description: "A %YAML directive names a version other than 1.2 (the document is read as YAML 1.2), or a directive is one YAML does not define.",
};

/** Rules the engine itself applies, around the document rules. */
export const ENGINE_RULES: readonly RuleMeta[] = [
  INCLUDE_UNMATCHED_RULE,
  UNSUPPORTED_API_VERSION_RULE,
  NOT_A_DOCUMENT_RULE,
  { id: "suppression-reason", defaultSeverity: "error", stage: "lint", description: "An inline suppression names its rules and gives a reason." },
  { id: "unused-suppression", defaultSeverity: "warning", stage: "lint", description: "An inline suppression matches a finding and names known rules." },
  YAML_DIRECTIVE_RULE,
];

/** Every rule `meshkit lint` can report, for SARIF rule tables, docs and config validation. */
export const LINT_RULES: readonly RuleMeta[] = [...INPUT_RULES, ...DOCUMENT_RULES.map((r) => r.meta), ...ENGINE_RULES];
export const LINT_RULE_IDS: ReadonlySet<string> = new Set(LINT_RULES.map((r) => r.id));
const INPUT_IDS = new Set(INPUT_RULES.map((r) => r.id));

export function ruleLevel(config: MeshkitConfig, meta: RuleMeta): RuleLevel {
  // Input problems always count: a file meshkit cannot read must never pass silently.
  if (INPUT_IDS.has(meta.id)) return meta.defaultSeverity;
  return config.lint.rules[meta.id] ?? meta.defaultSeverity;
}

/** One target file after its first pass: its findings so far, and what the repository pass needs. */
interface FileState {
  source: LintSource;
  findings: Finding[];
  entries: IndexedDocument[];
  suppressions: Suppression[];
  /**
   * Whether the whole file parsed. A document of a file with a YAML error elsewhere (another `---` part) is
   * still linted, and its suppressions still apply; but a suppression of the broken part matched nothing
   * because nothing ran there, so unused suppressions are not reported for such a file.
   */
  parsed: boolean;
}

export interface LintSourcesOptions {
  /** How messages name other files (default: as the sources name them); see FileLabel. */
  displayFile?: FileLabel;
}

const asNamed: FileLabel = (file) => file;

export interface LintOutcome {
  findings: Finding[];
  /** Findings a `meshkit-disable-next-line` comment suppressed: for SARIF and JSON, never counted. */
  suppressed: InSourceSuppressedFinding[];
  /** Target files that were linted (documents, or named explicitly). */
  files: number;
  /**
   * Those of them that hold a contract or product (isDataDocument), or could not be read or parsed (the finding says
   * so): what include-unmatched counts as selected, as every other command counts it (unmatchedIncludeOfProject).
   */
  selected: number;
}

/**
 * Lints `targets`. `context` holds the rest of the repository: its documents answer cross-file
 * questions (does that contract id exist? is this id used elsewhere?) but get no findings.
 * Each file is read, parsed, checked by the per-document rules and reduced to index entries before
 * the next one is read; the repository rules then run over the index. Memory holds the index, not
 * the texts or parsed values of every file.
 */
export function lintSources(targets: readonly LintSource[], context: readonly LintSource[], config: MeshkitConfig, options: LintSourcesOptions = {}): LintOutcome {
  const displayFile = options.displayFile ?? asNamed;
  const findings: Finding[] = [];
  const suppressed: InSourceSuppressedFinding[] = [];
  const index: DocumentIndex = { contracts: new Map(), products: new Map(), unreadContracts: new Map(), unreadFiles: [] };
  const files: FileState[] = [];
  let selected = 0;

  for (const source of targets) {
    const read = source.read();
    if (!read) continue;
    // A linted file that cannot be read or parsed may hold the contract a port names, as a context file may:
    // `meshkit lint .` and the pre-commit hook lint every file, so without this the hint named none.
    if (!read.ok) {
      findings.push(read.finding);
      index.unreadFiles.push(source.file);
      files.push({ source, findings: [], entries: [], suppressions: [], parsed: false });
      selected++;
      continue;
    }
    const loaded = loadText(source.file, read.text);
    if (loaded.findings.length > 0 || loaded.documents.some(isDataDocument)) selected++;
    appendAll(findings, loaded.findings);
    if (loaded.findings.length > 0) index.unreadFiles.push(source.file);
    const state: FileState = { source, findings: [], entries: [], suppressions: parseSuppressions(read.text), parsed: loaded.findings.length === 0 };
    // (a directive in any other YAML file is no concern of meshkit's)
    if (loaded.findings.length === 0 && loaded.documents.some((d) => d.kind.type !== "other")) appendAll(state.findings, directiveWarnings(source.file, read.text, config));
    for (const doc of loaded.documents) {
      appendAll(state.findings, lintDocument(doc, config, source));
      const entry = indexEntry(doc, source);
      if (entry) state.entries.push(entry);
      else noteUnreadContract(index, doc);
    }
    if (loaded.findings.length === 0) appendAll(state.findings, strayDocuments(loaded.documents, source.explicit, config));
    files.push(state);
  }
  for (const state of files) for (const entry of state.entries) addToIndex(index, entry);
  for (const source of context) {
    const read = source.read();
    if (!read) continue;
    if (!read.ok) {
      index.unreadFiles.push(source.file);
      continue;
    }
    const loaded = loadText(source.file, read.text);
    if (loaded.findings.length > 0) index.unreadFiles.push(source.file);
    for (const doc of loaded.documents) {
      const entry = indexEntry(doc, source);
      if (entry) addToIndex(index, entry);
      else noteUnreadContract(index, doc);
    }
  }

  for (const state of files) {
    for (const entry of state.entries) appendAll(state.findings, checkRepository(entry, index, config, displayFile));
    // Suppressions first: a semantic finding suppressed in the file no longer stands for the schema's.
    const applied = suppress(state.findings, state, config);
    appendAll(findings, dropSchemaEchoes(applied.findings));
    appendAll(suppressed, applied.suppressed);
  }
  return { findings: sortFindings(findings), suppressed: sortFindings(suppressed), files: files.length, selected };
}

/**
 * `target.push(...items)` without the spread: a spread passes each item as an argument, and a file with some
 * hundred thousand findings (a generated contract's systematic mistake, within the size limit) overflowed the
 * stack ("Maximum call stack size exceeded") instead of being reported.
 */
function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** The directives YAML 1.2 reads with a warning (`%YAML 1.1`, `%YAML 1.3`, an unknown one); loadText refuses the rest. */
function directiveWarnings(file: string, text: string, config: MeshkitConfig): Finding[] {
  const level = ruleLevel(config, YAML_DIRECTIVE_RULE);
  if (level === "off") return [];
  return yamlDirectiveProblems(text)
    .filter((problem) => problem.severity === "warning")
    .map(({ message, line, column, endLine, endColumn }) => ({ ruleId: YAML_DIRECTIVE_RULE.id, severity: level, message: withInvisiblesShown(message), file, line, column, endLine, endColumn, path: "", stage: "lint", docsUrl: docsUrlFor(YAML_DIRECTIVE_RULE.id) }));
}

function lintDocument(doc: LoadedDocument, config: MeshkitConfig, source: LintSource): Finding[] {
  const kind = doc.kind;
  if (kind.type === "unsupported") {
    const level = ruleLevel(config, UNSUPPORTED_API_VERSION_RULE);
    if (level === "off") return [];
    // `ApiVersion:` (or one with an invisible character pasted in) reads as no apiVersion: said at that key.
    const lookalike = lookalikeKey(doc.value, "apiVersion");
    return [
      doc.finding({
        ruleId: "unsupported-api-version",
        severity: level,
        message: lookalike ? `${kind.kind} has no apiVersion: ${lookalikeKeyMessage(lookalike)}` : unsupportedApiVersionMessage(kind, doc.sourceAt("/apiVersion")),
        path: lookalike ? toPointer([lookalike.key]) : "apiVersion" in (doc.value as Mapping) ? "/apiVersion" : "",
        ...(lookalike ? { target: "key" as const } : {}),
        stage: "lint",
      }),
    ];
  }
  // A config given to lint that is not the one in use (the platform's that domains extend, a subfolder's)
  // is checked as loading it would check it: `meshkit lint platform/meshkit.yaml` passed whatever it held.
  // One of the chain in use was checked as it is read there: an empty files.include the config extending it replaces is never read.
  if (kind.type === "Config") {
    const inUse = config.sources.some((used) => used.file === doc.file);
    const findings = configDocumentFindings(doc, { includeReplaced: inUse });
    if (inUse) return findings;
    // Lint's findings about a document it checked, as a contract's are: the `config` stage is the config in use,
    // which stops the run (SARIF then says the run did not succeed); this one stopped nothing, and the run's other
    // results are the whole analysis.
    const checked = (found: Finding[]) => found.map((f) => ({ ...f, stage: "lint" as const }));
    if (findings.length > 0) return checked(findings);
    // Its rule ids and policy.packs too (the packs against its own folder), as loadLintConfig checks those of the
    // config in use: a rule id or pack misspelt in the platform's config would otherwise fail only in every domain
    // that extends it.
    const ids = lintedRuleIdFindings({ ...config, sources: [doc] }, LINT_RULE_IDS);
    const pack = source.path !== undefined ? missingWrittenPack(doc, dirname(source.path)) : undefined;
    return checked(pack ? [...ids, pack] : ids);
  }
  if (kind.type !== "DataContract" && kind.type !== "DataProduct") return [];
  const out: Finding[] = [];
  for (const rule of DOCUMENT_RULES) {
    if (!rule.check || !rule.appliesTo.includes(kind.type)) continue;
    const level = ruleLevel(config, rule.meta);
    if (level === "off") continue;
    rule.check(doc, { config, report: reporter(rule, level, doc.finding, out) });
  }
  return out;
}

/**
 * Says what is wrong with the apiVersion (missing, older, newer, malformed) and what to write instead.
 * `source` is the apiVersion's text in the file (see writtenApiVersion).
 */
function unsupportedApiVersionMessage(kind: Extract<LoadedDocument["kind"], { type: "unsupported" }>, source: string): string {
  const { apiVersion, supported } = kind;
  const latest = supported.at(-1)!;
  const choices = `use one of ${supported.join(", ")}`;
  if (apiVersion === undefined || apiVersion === null) return `${kind.kind} has no apiVersion; add apiVersion: ${latest} (or ${choices}).`;
  const written = writtenApiVersion(apiVersion, source);
  if (kind.kind === "DataContract" && typeof apiVersion === "string" && apiVersion.startsWith("v2"))
    return `${kind.kind} apiVersion ${written} is not supported; ${choices}. Upgrade the contract to ODCS v3 (see the ODCS migration guide).`;
  // The other standard's version: ODCS is at v3.x, ODPS at v1.x (and its v0.9.0 pre-release).
  const otherStandard = kind.kind === "DataProduct" ? /^v[23]\./.test(String(apiVersion)) && "an ODCS (data contract)" : kind.kind === "DataContract" ? /^v(0\.9|1)\./.test(String(apiVersion)) && "an ODPS (data product)" : false;
  if (otherStandard) return `${kind.kind} apiVersion ${written} is ${otherStandard} version; ${choices} (or check the kind: is this a ${kind.kind === "DataProduct" ? "DataContract" : "DataProduct"}?).`;
  // A later standard (ODCS v3.2.0 is a draft) may add or change fields: reading it with older rules
  // would pass or fail the wrong things, so it is refused rather than guessed at.
  const release = typeof apiVersion === "string" && /^v\d/.test(apiVersion) ? semver.valid(apiVersion.slice(1)) : null;
  if (release && semver.gt(release, latest.slice(1)))
    return `${kind.kind} apiVersion ${written} is newer than this meshkit reads (up to ${latest}); ${choices}, or upgrade meshkit once it supports ${apiVersion}.`;
  // `apiVersion: 3.1.0` (the standard writes the "v") is a common slip.
  const meant = supported.find((v) => v === `v${String(apiVersion)}`);
  return `${kind.kind} apiVersion ${written} is not supported; ${meant ? `write ${meant}` : choices}.`;
}

function checkRepository(entry: IndexedDocument, index: DocumentIndex, config: MeshkitConfig, displayFile: FileLabel): Finding[] {
  const out: Finding[] = [];
  for (const rule of DOCUMENT_RULES) {
    if (!rule.checkRepository || !rule.appliesTo.includes(entry.kind)) continue;
    const level = ruleLevel(config, rule.meta);
    if (level === "off") continue;
    rule.checkRepository(entry, { config, index, displayFile, report: reporter(rule, level, entry.finding, out) });
  }
  return out;
}

function reporter(rule: Rule, level: Severity, finding: LoadedDocument["finding"], out: Finding[]): RuleContext["report"] {
  return ({ path, message, target, severity, about }) => {
    const effective = severity && SEVERITY_RANK[severity] > SEVERITY_RANK[level] ? severity : level;
    const reported = finding({ ruleId: rule.meta.id, severity: effective, message, path, target, stage: "lint" });
    PROBLEMS.set(reported, problemKey(path, about));
    out.push(reported);
  };
}
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * The problem each finding of this run is about: its node, and at an object, which of its properties
 * (ReportInit.about). Kept beside the findings, which have no field for it, until echoes are dropped.
 */
const PROBLEMS = new WeakMap<Finding, string>();

function problemKey(path: string, about: string | undefined): string {
  return about === undefined ? path : `${path}\u0000${about}`;
}

/**
 * The schema's message about a problem is dropped when a semantic rule reports the same problem, better
 * worded, as an error. Only the same problem: an object missing `version` still gets the schema's finding
 * when a rule reports its missing `contractId`, or that it names no owner; and a warning, or a finding
 * suppressed in the file, never hides the schema's error.
 */
function dropSchemaEchoes(findings: Finding[]): Finding[] {
  const semantic = new Set(findings.filter((f) => f.ruleId !== "schema-valid" && f.severity === "error" && PROBLEMS.has(f)).map((f) => PROBLEMS.get(f)));
  return findings.filter((f) => f.ruleId !== "schema-valid" || !semantic.has(PROBLEMS.get(f)));
}

/**
 * What outlives the first pass: id, version, status, and the value only for products (their port rules read
 * it). Positions come from the document itself while it is loaded, and afterwards by reading the
 * file again: only a cross-file finding (a duplicate id, a port) needs them, which is rare.
 */
function indexEntry(doc: LoadedDocument, source: LintSource): IndexedDocument | undefined {
  const kind = doc.kind.type;
  if (kind !== "DataContract" && kind !== "DataProduct") return undefined;
  const value = doc.value as Mapping;
  const documentIndex = doc.index;
  let reloaded: LoadedDocument | undefined = kind === "DataProduct" ? doc : undefined;
  const document = (): LoadedDocument => {
    if (reloaded) return reloaded;
    const read = source.read();
    // A file changed or removed since the first pass still gets its finding, at the top of the file.
    reloaded = (read?.ok ? loadText(source.file, read.text).documents.find((d) => d.index === documentIndex) : undefined) ?? loadText(source.file, "").documents[0]!;
    return reloaded;
  };
  return {
    kind,
    file: doc.file,
    id: typeof value.id === "string" ? value.id : undefined,
    version: value.version,
    status: value.status,
    value: kind === "DataProduct" ? value : undefined,
    locate: (pointer, target) => document().locate(pointer, target),
    finding: (init) => document().finding(init),
  };
}

function noteUnreadContract(index: DocumentIndex, doc: LoadedDocument): void {
  const kind = doc.kind;
  const id = (doc.value as { id?: unknown } | null)?.id;
  if (kind.type !== "unsupported" || kind.kind !== "DataContract" || typeof id !== "string" || index.unreadContracts.has(id)) return;
  index.unreadContracts.set(id, { file: doc.file, apiVersion: kind.apiVersion });
}

function addToIndex(index: DocumentIndex, entry: IndexedDocument): void {
  if (entry.id === undefined) return;
  const pool = entry.kind === "DataContract" ? index.contracts : index.products;
  const entries = pool.get(entry.id);
  if (entries) entries.push(entry);
  else pool.set(entry.id, [entry]);
}

/**
 * The documents of a file that meshkit does not read. A stray `---` splits a contract, and the part after
 * it would go unchecked, so in a file named explicitly, or one that holds a meshkit document, each is
 * reported; a discovered file holding none is another tool's YAML. An empty document (after a trailing
 * `---`) hides nothing and is reported only when the whole file is empty.
 */
function strayDocuments(documents: readonly LoadedDocument[], explicit: boolean, config: MeshkitConfig): Finding[] {
  const others = documents.filter((d) => d.kind.type === "other");
  // A contract or product that lost its `kind`, or misspelt it, is one all the same: reported wherever it is found.
  const holdsDocument = others.length < documents.length || others.some((d) => isStrayContract(d.value) || isStrayContract(withLookalikeKeysRenamed(d.value)));
  if (!holdsDocument && !explicit) return [];
  const stray = others.filter((d) => d.value !== null);
  if (!holdsDocument && stray.length === 0) return notADocument(documents[0]!, config);
  return stray.flatMap((d) => notADocument(d, config));
}

function notADocument(doc: LoadedDocument, config: MeshkitConfig): Finding[] {
  const level = ruleLevel(config, NOT_A_DOCUMENT_RULE);
  if (level === "off") return [];
  const value = doc.value;
  const shape = value === null || value === undefined ? "an empty document" : Array.isArray(value) ? "a list" : typeof value !== "object" ? `a ${typeof value} scalar` : "a mapping without a known kind";
  const expected = "a contract is a mapping with kind: DataContract and apiVersion: v3.1.0 (a product: kind: DataProduct, apiVersion: v1.0.0)";
  // Each look-alike key is its own line to fix; a kind written all the same (`kind: DataContrat` beside
  // `ApiVersion:`) is reported as well, as it would be once the key is renamed.
  const lookalikes = [lookalikeKey(value, "kind"), lookalikeKey(value, "apiVersion")].flatMap((lookalike) =>
    lookalike === undefined
      ? []
      : [doc.finding({ ruleId: "not-a-document", severity: level, message: `Not read as a contract or product: ${lookalikeKeyMessage(lookalike)}`, path: toPointer([lookalike.key]), target: "key", stage: "lint" })],
  );
  if (lookalikes.length > 0 && !(isMapping(value) && "kind" in value)) return lookalikes;
  if (isContractWithoutKind(value)) {
    const kind = (ODCS_API_VERSIONS as readonly unknown[]).includes(value.apiVersion) ? "DataContract" : "DataProduct";
    // `kind:` written but left empty (null, "") is reported at it, like a misspelt kind: that is the line to fix.
    const written = "kind" in value;
    const message = `Not read as a ${kind === "DataContract" ? "contract" : "product"}: it has apiVersion ${value.apiVersion} and an id but ${written ? "an empty kind; set" : "no kind; add"} kind: ${kind}.`;
    return [doc.finding({ ruleId: "not-a-document", severity: level, message, path: written ? "/kind" : "", stage: "lint" })];
  }
  // A misspelt kind (`Datacontract`) is the usual cause: point at it rather than at the top of the file.
  if (isMapping(value) && "kind" in value) {
    const hint = typeof value.kind === "string" ? misspeltKindOf(value.kind) : undefined;
    const message = `Not an ODCS contract or ODPS product: kind ${JSON.stringify(value.kind)}${"apiVersion" in value ? ` with apiVersion ${JSON.stringify(value.apiVersion)}` : ""} is not a document meshkit reads; ${hint ? `did you mean kind: ${hint}? A kind is spelt exactly: ` : ""}${expected}.`;
    return [...lookalikes, doc.finding({ ruleId: "not-a-document", severity: level, message, path: "/kind", stage: "lint" })];
  }
  const message = `Not an ODCS contract or ODPS product: found ${shape}; ${expected}.${dataFileHint(doc.file)}`;
  return [doc.finding({ ruleId: "not-a-document", severity: level, message, path: "", stage: "lint" })];
}

/** Spaces and the characters no one sees (a no-break or zero-width space, a byte order mark) in a pasted key. */
const UNSEEN_IN_KEY = /[\s\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * A key of `value` that an author wrote for `name` (`kind`, `apiVersion`) when `name` itself is absent: the
 * same word in another case (`Kind`), or with a space or an invisible character in it (`kind\u200b`). Each
 * reads as "no kind", which the author, who sees `kind:` in the file, cannot make sense of.
 */
function lookalikeKey(value: unknown, name: string): { key: string; name: string } | undefined {
  if (!isMapping(value) || name in value) return undefined;
  const key = Object.keys(value).find((k) => k.replace(UNSEEN_IN_KEY, "").toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : { key, name };
}

/** A contract or product that lost its `kind` or misspelt it (reported wherever it is found, see strayDocuments), or one with its `kind` once look-alike keys are renamed. */
function isStrayContract(value: unknown): boolean {
  return isContractWithoutKind(value) || isContractWithMisspeltKind(value) || (isMapping(value) && (value.kind === "DataContract" || value.kind === "DataProduct"));
}

/** `value` as it reads once its look-alike `kind` and `apiVersion` keys (see lookalikeKey) are renamed. */
function withLookalikeKeysRenamed(value: unknown): unknown {
  if (!isMapping(value)) return value;
  const renamed: Mapping = { ...value };
  for (const lookalike of [lookalikeKey(value, "kind"), lookalikeKey(value, "apiVersion")]) {
    if (lookalike !== undefined) renamed[lookalike.name] = value[lookalike.key];
  }
  return renamed;
}

function lookalikeKeyMessage({ key, name }: { key: string; name: string }): string {
  return `its key \`${key}\` is not \`${name}\` (keys are spelt exactly, in case and without invisible characters); rename it to ${name}.`;
}

function suppress(fileFindings: Finding[], { source, suppressions, parsed }: FileState, config: MeshkitConfig): { findings: Finding[]; suppressed: InSourceSuppressedFinding[] } {
  const { kept, extra, suppressed } = applySuppressions(fileFindings, suppressions, source.file, LINT_RULE_IDS, (ruleId, line, column, message) => {
    if (ruleId === "unused-suppression" && !parsed) return undefined;
    const level = ruleLevel(config, ENGINE_RULES.find((r) => r.id === ruleId)!);
    if (level === "off") return undefined;
    return { ruleId, severity: level, message: withInvisiblesShown(message), file: source.file, line, column, path: "", stage: "lint", docsUrl: docsUrlFor(ruleId) };
  });
  return { findings: [...kept, ...extra], suppressed };
}
