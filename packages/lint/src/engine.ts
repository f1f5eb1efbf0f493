import {
  type Finding,
  type LoadedDocument,
  type MeshkitConfig,
  type RuleLevel,
  type RuleMeta,
  type Severity,
  INPUT_RULES,
  docsUrlFor,
  loadText,
  sortFindings,
} from "@meshkit/core";
import type { DocumentIndex, IndexedDocument, Rule, RuleContext } from "./rule.js";
import { DOCUMENT_RULES } from "./rules/index.js";
import { applySuppressions, parseSuppressions } from "./suppressions.js";
import type { Mapping } from "./walk.js";

/** Rules the engine itself applies, around the document rules. */
export const ENGINE_RULES: readonly RuleMeta[] = [
  { id: "unsupported-api-version", defaultSeverity: "error", stage: "lint", description: "A contract or product uses an apiVersion this meshkit cannot read." },
  { id: "not-a-document", defaultSeverity: "error", stage: "lint", description: "A file named on the command line is not an ODCS contract, ODPS product or meshkit document." },
  { id: "suppression-reason", defaultSeverity: "error", stage: "lint", description: "An inline suppression names its rules and gives a reason." },
  { id: "unused-suppression", defaultSeverity: "warning", stage: "lint", description: "An inline suppression matches a finding and names known rules." },
];

/** Every rule `meshkit lint` can report, for SARIF rule tables, docs and config validation. */
export const LINT_RULES: readonly RuleMeta[] = [...INPUT_RULES, ...DOCUMENT_RULES.map((r) => r.meta), ...ENGINE_RULES];
export const LINT_RULE_IDS: ReadonlySet<string> = new Set(LINT_RULES.map((r) => r.id));
const INPUT_IDS = new Set(INPUT_RULES.map((r) => r.id));

/** A file to lint: its text, or the input finding that says why there is none. */
export type LintSource = { file: string; explicit: boolean } & ({ text: string } | { finding: Finding });

export function ruleLevel(config: MeshkitConfig, meta: RuleMeta): RuleLevel {
  // Input problems always count: a file meshkit cannot read must never pass silently.
  if (INPUT_IDS.has(meta.id)) return meta.defaultSeverity;
  return config.lint.rules[meta.id] ?? meta.defaultSeverity;
}

/** One target file after its first pass: its findings so far, and what the repository pass needs. */
interface FileState {
  source: LintSource & { text: string };
  findings: Finding[];
  entries: IndexedDocument[];
}

/**
 * Lints `targets`. `context` holds the rest of the repository: its documents answer cross-file
 * questions (does that contract id exist? is this id used elsewhere?) but get no findings.
 * Each document is parsed, checked by the per-document rules and reduced to an index entry before
 * the next is read; the repository rules then run over the index.
 */
export function lintSources(targets: readonly LintSource[], context: readonly LintSource[], config: MeshkitConfig): Finding[] {
  const findings: Finding[] = [];
  const index: DocumentIndex = { contracts: new Map(), products: new Map() };
  const files: FileState[] = [];

  for (const source of targets) {
    if ("finding" in source) {
      findings.push(source.finding);
      continue;
    }
    const loaded = loadText(source.file, source.text);
    findings.push(...loaded.findings);
    const state: FileState = { source, findings: [], entries: [] };
    for (const doc of loaded.documents) {
      state.findings.push(...lintDocument(doc, config));
      const entry = indexEntry(doc);
      if (entry) state.entries.push(entry);
    }
    const lintable = loaded.documents.some((d) => d.kind.type !== "other");
    if (!lintable && source.explicit && loaded.findings.length === 0) state.findings.push(notADocument(loaded.documents[0], source.file, config));
    files.push(state);
  }
  for (const state of files) for (const entry of state.entries) addToIndex(index, entry);
  for (const source of context) {
    if ("finding" in source) continue;
    for (const doc of loadText(source.file, source.text).documents) {
      const entry = indexEntry(doc);
      if (entry) addToIndex(index, entry);
    }
  }

  for (const state of files) {
    for (const entry of state.entries) state.findings.push(...checkRepository(entry, index, config));
    findings.push(...suppress(dropSchemaEchoes(state.findings), state.source, config));
  }
  return sortFindings(findings);
}

function lintDocument(doc: LoadedDocument, config: MeshkitConfig): Finding[] {
  const kind = doc.kind;
  if (kind.type === "unsupported") {
    const level = ruleLevel(config, ENGINE_RULES[0]!);
    if (level === "off") return [];
    const hint = kind.kind === "DataContract" && typeof kind.apiVersion === "string" && kind.apiVersion.startsWith("v2") ? " Upgrade the contract to ODCS v3 (see the ODCS migration guide)." : "";
    return [
      doc.finding({
        ruleId: "unsupported-api-version",
        severity: level,
        message: `${kind.kind} apiVersion ${JSON.stringify(kind.apiVersion ?? null)} is not supported; use one of ${kind.supported.join(", ")}.${hint}`,
        path: "apiVersion" in (doc.value as Mapping) ? "/apiVersion" : "",
        stage: "lint",
      }),
    ];
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

function checkRepository(entry: IndexedDocument, index: DocumentIndex, config: MeshkitConfig): Finding[] {
  const out: Finding[] = [];
  for (const rule of DOCUMENT_RULES) {
    if (!rule.checkRepository || !rule.appliesTo.includes(entry.kind)) continue;
    const level = ruleLevel(config, rule.meta);
    if (level === "off") continue;
    rule.checkRepository(entry, { config, index, report: reporter(rule, level, entry.finding, out) });
  }
  return out;
}

function reporter(rule: Rule, level: Severity, finding: LoadedDocument["finding"], out: Finding[]): RuleContext["report"] {
  return ({ path, message, target, severity }) => {
    const effective = severity && SEVERITY_RANK[severity] > SEVERITY_RANK[level] ? severity : level;
    out.push(finding({ ruleId: rule.meta.id, severity: effective, message, path, target, stage: "lint" }));
  };
}
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The schema's message about a node is dropped when a semantic rule says the same thing better at that node. */
function dropSchemaEchoes(findings: Finding[]): Finding[] {
  const semanticPaths = new Set(findings.filter((f) => f.ruleId !== "schema-valid").map((f) => f.path));
  return findings.filter((f) => f.ruleId !== "schema-valid" || !semanticPaths.has(f.path));
}

/** What outlives the first pass: ids, versions and positions; the value only for products. */
function indexEntry(doc: LoadedDocument): IndexedDocument | undefined {
  const kind = doc.kind.type;
  if (kind !== "DataContract" && kind !== "DataProduct") return undefined;
  const value = doc.value as Mapping;
  return {
    kind,
    file: doc.file,
    id: typeof value.id === "string" ? value.id : undefined,
    version: value.version,
    value: kind === "DataProduct" ? value : undefined,
    locate: doc.locate,
    finding: doc.finding,
  };
}

function addToIndex(index: DocumentIndex, entry: IndexedDocument): void {
  if (entry.id === undefined) return;
  const pool = entry.kind === "DataContract" ? index.contracts : index.products;
  const entries = pool.get(entry.id);
  if (entries) entries.push(entry);
  else pool.set(entry.id, [entry]);
}

function notADocument(doc: LoadedDocument | undefined, file: string, config: MeshkitConfig): Finding {
  const level = ruleLevel(config, ENGINE_RULES[1]!);
  const value = doc?.value;
  const shape = value === null || value === undefined ? "an empty document" : Array.isArray(value) ? "a list" : typeof value !== "object" ? `a ${typeof value} scalar` : "a mapping without a known kind";
  const message = `Not an ODCS contract or ODPS product: found ${shape}; a contract is a mapping with kind: DataContract and apiVersion: v3.1.0 (a product: kind: DataProduct, apiVersion: v1.0.0).`;
  if (doc) return doc.finding({ ruleId: "not-a-document", severity: level === "off" ? "info" : level, message, path: "", stage: "lint" });
  return { ruleId: "not-a-document", severity: "error", message, file, line: 1, column: 1, path: "", stage: "lint", docsUrl: docsUrlFor("not-a-document") };
}

function suppress(fileFindings: Finding[], source: LintSource & { text: string }, config: MeshkitConfig): Finding[] {
  const suppressions = parseSuppressions(source.text);
  const { kept, extra } = applySuppressions(fileFindings, suppressions, source.file, LINT_RULE_IDS, (ruleId, line, column, message) => {
    const level = ruleLevel(config, ENGINE_RULES.find((r) => r.id === ruleId)!);
    if (level === "off") return undefined;
    return { ruleId, severity: level, message, file: source.file, line, column, path: "", stage: "lint", docsUrl: docsUrlFor(ruleId) };
  });
  return [...kept, ...extra];
}
