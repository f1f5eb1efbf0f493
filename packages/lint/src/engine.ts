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
import type { DocumentIndex, IndexedDocument, LintedKind, Rule } from "./rule.js";
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

interface Loaded {
  source: LintSource & { text: string };
  documents: LoadedDocument[];
}

/**
 * Lints `targets`. `context` holds the rest of the repository: its documents answer cross-file
 * questions (does that contract id exist? is this id used elsewhere?) but get no findings.
 */
export function lintSources(targets: readonly LintSource[], context: readonly LintSource[], config: MeshkitConfig): Finding[] {
  const findings: Finding[] = [];
  const loadAll = (sources: readonly LintSource[], collect: boolean): Loaded[] =>
    sources.flatMap((source) => {
      if ("finding" in source) {
        if (collect) findings.push(source.finding);
        return [];
      }
      const result = loadText(source.file, source.text);
      if (collect) findings.push(...result.findings);
      return [{ source, documents: result.documents }];
    });
  const loadedTargets = loadAll(targets, true);
  const index = buildIndex([...loadedTargets, ...loadAll(context, false)]);

  for (const loaded of loadedTargets) {
    const fileFindings: Finding[] = [];
    for (const doc of loaded.documents) fileFindings.push(...lintDocument(doc, index, config));
    const lintable = loaded.documents.some((d) => d.kind.type !== "other");
    if (!lintable && loaded.source.explicit && !findings.some((f) => f.file === loaded.source.file)) {
      fileFindings.push(notADocument(loaded.documents[0], loaded.source.file, config));
    }
    findings.push(...suppress(fileFindings, loaded, config));
  }
  return sortFindings(findings);
}

function lintDocument(doc: LoadedDocument, index: DocumentIndex, config: MeshkitConfig): Finding[] {
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
    if (!rule.appliesTo.includes(kind.type as LintedKind)) continue;
    const level = ruleLevel(config, rule.meta);
    if (level === "off") continue;
    runRule(rule, doc, level, index, config, out);
  }
  return dropSchemaEchoes(out);
}

function runRule(rule: Rule, doc: LoadedDocument, level: Severity, index: DocumentIndex, config: MeshkitConfig, out: Finding[]) {
  rule.check(doc, {
    config,
    index,
    report: ({ path, message, target, severity }) => {
      // A rule may lower its own severity (e.g. info for an external reference), never raise it above the configured level.
      const effective = severity && SEVERITY_RANK[severity] > SEVERITY_RANK[level] ? severity : level;
      out.push(doc.finding({ ruleId: rule.meta.id, severity: effective, message, path, target, stage: "lint" }));
    },
  });
}
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The schema's message about a node is dropped when a semantic rule says the same thing better at that node. */
function dropSchemaEchoes(findings: Finding[]): Finding[] {
  const semanticPaths = new Set(findings.filter((f) => f.ruleId !== "schema-valid").map((f) => f.path));
  return findings.filter((f) => f.ruleId !== "schema-valid" || !semanticPaths.has(f.path));
}

function notADocument(doc: LoadedDocument | undefined, file: string, config: MeshkitConfig): Finding {
  const level = ruleLevel(config, ENGINE_RULES[1]!);
  const value = doc?.value;
  const shape = value === null || value === undefined ? "an empty document" : Array.isArray(value) ? "a list" : typeof value !== "object" ? `a ${typeof value} scalar` : "a mapping without a known kind";
  const message = `Not an ODCS contract or ODPS product: found ${shape}; a contract is a mapping with kind: DataContract and apiVersion: v3.1.0 (a product: kind: DataProduct, apiVersion: v1.0.0).`;
  if (doc) return doc.finding({ ruleId: "not-a-document", severity: level === "off" ? "info" : level, message, path: "", stage: "lint" });
  return { ruleId: "not-a-document", severity: "error", message, file, line: 1, column: 1, path: "", stage: "lint", docsUrl: docsUrlFor("not-a-document") };
}

function suppress(fileFindings: Finding[], loaded: Loaded, config: MeshkitConfig): Finding[] {
  const suppressions = parseSuppressions(loaded.source.text);
  const { kept, extra } = applySuppressions(fileFindings, suppressions, loaded.source.file, LINT_RULE_IDS, (ruleId, line, column, message) => {
    const level = ruleLevel(config, ENGINE_RULES.find((r) => r.id === ruleId)!);
    if (level === "off") return undefined;
    return { ruleId, severity: level, message, file: loaded.source.file, line, column, path: "", stage: "lint", docsUrl: docsUrlFor(ruleId) };
  });
  return [...kept, ...extra];
}

function buildIndex(loaded: Loaded[]): DocumentIndex {
  const index: DocumentIndex = { contracts: new Map(), products: new Map() };
  for (const { documents } of loaded) {
    for (const doc of documents) {
      const pool = doc.kind.type === "DataContract" ? index.contracts : doc.kind.type === "DataProduct" ? index.products : undefined;
      const value = doc.value as Mapping;
      if (!pool || typeof value.id !== "string") continue;
      const entry: IndexedDocument = { doc, id: value.id, version: value.version };
      const entries = pool.get(value.id);
      if (entries) entries.push(entry);
      else pool.set(value.id, [entry]);
    }
  }
  return index;
}
