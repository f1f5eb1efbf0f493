/**
 * `sarif`: SARIF 2.1.0, one run, as GitHub code scanning ingests it
 * (relative URIs under %SRCROOT%, regions with startLine ≥ 1, partialFingerprints for dedup across runs).
 */
import { DOCS_BASE_URL, compareFindings, sortFindings, type Finding, type InSourceSuppressedFinding, type RuleLevel, type Stage, type SuppressedFinding } from "../findings.js";
import { INCLUDE_UNMATCHED_RULE } from "../include-unmatched.js";
import { jsonPieces } from "../json-pieces.js";
import { nodeCrypto } from "../node-crypto.js";
import { docsUrlOf, httpUrl, regionOf, ruleDocsUrl, singleLine, toPosixPath, toWellFormed, waiverNote } from "./common.js";
import { inertJson } from "./json.js";
import { escapeMarkdown, markdownLink } from "./markdown-text.js";
import type { ReportInput } from "./types.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const SARIF_SRCROOT = "%SRCROOT%";
/** Key of our entry in `partialFingerprints`; bump the version if the hashed fields ever change. */
export const SARIF_FINGERPRINT_KEY = "meshkitFindingHash/v1";
/** The project's home, used as `informationUri` when the tool gives none. */
const DEFAULT_INFORMATION_URI = DOCS_BASE_URL.replace(/\/blob\/.*$/, "");

export type SarifLevel = "error" | "warning" | "note" | "none";

export function sarifLevel(level: RuleLevel): SarifLevel {
  return level === "info" ? "note" : level === "off" ? "none" : level;
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  /** GitHub code scanning requires it (its validator, sarif-sdk's GH2012): the rule's one line again. */
  fullDescription: { text: string };
  /** GitHub code scanning requires `help.text` and shows `help` beside each alert: the rule and where it is documented. */
  help: { text: string; markdown: string };
  /** Absent for a rule documented nowhere (a policy pack's rule without docsUrl): SARIF makes it optional. */
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel; enabled?: boolean };
  properties: { tags: Stage[] };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: SarifArtifactLocation;
      region: { startLine: number; startColumn: number; endLine?: number; endColumn?: number };
    };
    logicalLocations?: { fullyQualifiedName: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  /** A waived failure: accepted outside the code (meshkit.yaml's waivers); code scanning shows it as dismissed. */
  suppressions?: { kind: "external" | "inSource"; status: "accepted"; justification?: string }[];
  properties: { stage: Stage };
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    /** The stage (`contract-lint/`): GitHub code scanning keeps one analysis per category, so each stage's upload replaces only its own. */
    automationDetails?: { id: string };
    originalUriBaseIds: Record<string, { description: { text: string } }>;
    columnKind: "utf16CodeUnits";
    results: SarifResult[];
    /**
     * Only when the run stopped (ReportInput.error), or its config or a pack (RuleMeta.stopsStage) could not be used: it did not succeed, and says why. Code scanning takes such an
     * upload as an "unsuccessful execution" (processing status `failed`) and keeps the category's last analysis, so
     * sharing the stage's category does not mark its open alerts fixed (the CodeQL action uploads its failed runs so).
     */
    invocations?: { executionSuccessful: boolean; toolExecutionNotifications: { level: "error" | "warning"; message: { text: string } }[] }[];
  }[];
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/**
 * A file as a SARIF artifact location: relative paths become URI-encoded, forward-slash URIs under
 * %SRCROOT%; absolute paths (which code scanning cannot place in the repository) become file: URIs.
 */
export function artifactLocationOf(file: string): SarifArtifactLocation {
  const path = toPosixPath(toWellFormed(file));
  const drive = /^([A-Za-z]):\//.exec(path);
  if (drive) return { uri: `file:///${drive[1]}:/${encodePath(path.slice(3))}` };
  if (path.startsWith("/")) return { uri: `file://${encodePath(path)}` };
  return { uri: encodePath(path), uriBaseId: SARIF_SRCROOT };
}

/**
 * Stable across runs and line moves: the rule, the file and the JSON pointer of the node; `occurrence` (from 2)
 * tells apart findings that share all three (see resultFingerprints).
 */
export function findingFingerprint(finding: Finding, occurrence = 1): string {
  const fields = [finding.ruleId, toPosixPath(finding.file), finding.path];
  if (occurrence > 1) fields.push(String(occurrence));
  return nodeCrypto().createHash("sha256").update(fields.join("\u0000"), "utf8").digest("hex");
}

/**
 * The fingerprint of each result, in order. A JSON pointer is one document's: the same node of two documents
 * of a multi-document file (two contracts without an owner, each at "") hashes alike, and code scanning takes
 * results with one fingerprint for one alert, so all but one would be lost. The second and later of such
 * results, in file order, hash their ordinal too; the first keeps the plain hash, as every finding of a
 * single-document file does, so their alerts keep matching across runs.
 */
function resultFingerprints(results: readonly Finding[]): string[] {
  const fingerprints = results.map((f) => findingFingerprint(f));
  const firstIndex = new Map<string, number>();
  const repeated = new Map<string, number[]>();
  fingerprints.forEach((hash, i) => {
    const first = firstIndex.get(hash);
    if (first === undefined) firstIndex.set(hash, i);
    else if (repeated.has(hash)) repeated.get(hash)!.push(i);
    else repeated.set(hash, [first, i]);
  });
  for (const indexes of repeated.values()) {
    // File order, whichever list (reported, waived, suppressed in source) each result is in.
    indexes.sort((a, b) => compareFindings(results[a]!, results[b]!) || a - b);
    indexes.forEach((index, n) => {
      if (n > 0) fingerprints[index] = findingFingerprint(results[index]!, n + 1);
    });
  }
  return fingerprints;
}

/** A rule's reporting descriptor: its one line as short and full description, and as help with its docs link. */
function sarifRule(id: string, description: string, helpUri: string | undefined, defaultConfiguration: SarifRule["defaultConfiguration"], stage: Stage): SarifRule {
  const text = description || id || "(unnamed rule)";
  return {
    id,
    shortDescription: { text },
    fullDescription: { text },
    ...(helpUri !== undefined ? { helpUri } : {}),
    help: {
      text: helpUri !== undefined ? `${text}\n\nDocumentation: ${helpUri}` : text,
      markdown: helpUri !== undefined ? `${escapeMarkdown(text)}\n\n${markdownLink("Documentation", helpUri)}` : escapeMarkdown(text),
    },
    defaultConfiguration,
    properties: { tags: [stage] },
  };
}

function buildRules(input: ReportInput, findings: readonly Finding[]): SarifRule[] {
  const helpUris = new Map<string, string | undefined>();
  for (const f of findings) if (!helpUris.has(f.ruleId)) helpUris.set(f.ruleId, docsUrlOf(f, input.rules));
  const rules = new Map<string, SarifRule>();
  // include-unmatched is lint's rule, which policy, compat and publish report too without listing it among theirs
  // (their config sections do not set it): described there as in lint's rule table, not by its bare id.
  const shared = findings.some((f) => f.ruleId === INCLUDE_UNMATCHED_RULE.id) ? [INCLUDE_UNMATCHED_RULE] : [];
  for (const meta of [...input.rules, ...shared]) {
    if (rules.has(meta.id)) continue;
    const helpUri = helpUris.has(meta.id) ? helpUris.get(meta.id) : meta.docsUrl === null ? undefined : (meta.docsUrl ?? ruleDocsUrl(meta.id));
    const level: SarifRule["defaultConfiguration"] = meta.defaultSeverity === "off" ? { level: "none", enabled: false } : { level: sarifLevel(meta.defaultSeverity) };
    rules.set(meta.id, sarifRule(meta.id, meta.description, helpUri, level, meta.stage));
  }
  for (const f of findings) {
    if (!rules.has(f.ruleId)) rules.set(f.ruleId, sarifRule(f.ruleId, "", helpUris.get(f.ruleId), { level: sarifLevel(f.severity) }, f.stage));
  }
  return [...rules.values()];
}

/** Code scanning needs a non-empty message: fall back to the rule id. */
function messageText(f: Finding): string {
  if (f.message.trim() !== "") return f.message;
  return f.ruleId.trim() !== "" ? f.ruleId : "(no message)";
}

function buildResult(f: Finding | SuppressedFinding | InSourceSuppressedFinding, ruleIndex: number, fingerprint: string): SarifResult {
  const r = regionOf(f);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: messageText(f) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocationOf(f.file),
          region: {
            startLine: r.line,
            startColumn: r.column,
            ...(r.endLine !== undefined ? { endLine: r.endLine } : {}),
            ...(r.endColumn !== undefined ? { endColumn: r.endColumn } : {}),
          },
        },
        // The node's JSON pointer; a finding about the whole document ("") has no logical location to name.
        ...(f.path !== "" ? { logicalLocations: [{ fullyQualifiedName: f.path }] } : {}),
      },
    ],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: fingerprint },
    ...("suppression" in f ? { suppressions: [{ kind: "external" as const, status: "accepted" as const, justification: waiverNote(f) }] } : {}),
    ...("justification" in f ? { suppressions: [{ kind: "inSource" as const, status: "accepted" as const, ...(f.justification !== "" ? { justification: f.justification } : {}) }] } : {}),
    properties: { stage: f.stage },
  };
}

/**
 * GitHub code scanning rejects a whole SARIF file whose run holds more results than this ("Analysis SARIF
 * file rejected due to result limits"): a run of more keeps this many, the most severe, and says so.
 */
export const SARIF_MAX_RESULTS = 25_000;

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * The findings of a run with at most `max` results: every one when they fit, else the most severe (errors,
 * then warnings, then infos; within each the report's order), suppressed ones last as least in need of action.
 */
function withinResultLimit<T extends Finding>(findings: readonly T[], suppressed: number, max: number): { kept: T[]; left: number } {
  if (findings.length <= max) return { kept: [...findings], left: 0 };
  const open = findings.length - suppressed;
  const ranked = findings.map((f, i) => ({ f, i, rank: i >= open ? 3 : SEVERITY_RANK[f.severity] }));
  ranked.sort((a, b) => a.rank - b.rank || a.i - b.i);
  const keptIndexes = new Set(ranked.slice(0, max).map((r) => r.i));
  return { kept: findings.filter((_, i) => keptIndexes.has(i)), left: findings.length - max };
}

export function toSarif(input: ReportInput): SarifLog {
  // Suppressed findings after the others (waived, then suppressed in their file): results with a suppression,
  // their rules listed as any other's.
  const suppressed = [...sortFindings(input.suppressed ?? []), ...sortFindings(input.suppressedInSource ?? [])];
  const { kept: findings, left } = withinResultLimit([...sortFindings(input.findings), ...suppressed], suppressed.length, SARIF_MAX_RESULTS);
  // A config that could not be used stops every stage before it checks a document: the run did not succeed, as one
  // that stopped did not, and code scanning must not take its few results for the whole analysis. Another config
  // `meshkit lint` checks is lint's finding (stage `lint`), as a contract's: that run checked every document.
  // A pack that does not compile stops policy-check so too (RuleMeta.stopsStage): no policy ran.
  const stopping = new Set(input.rules.filter((rule) => rule.stopsStage).map((rule) => rule.id));
  const failure = input.findings.find((f) => f.severity === "error" && (f.stage === "config" || stopping.has(f.ruleId)));
  const stopped =
    input.error ??
    (failure && `${failure.stage === "config" ? "a config could not be used" : "no document was checked"}: ${failure.file}:${failure.line}:${failure.column}: ${failure.ruleId} ${singleLine(failure.message)}`);
  const notifications = [
    ...(stopped !== undefined ? [{ level: "error" as const, message: { text: stopped } }] : []),
    ...(left > 0 ? [{ level: "warning" as const, message: { text: `${left} of ${left + findings.length} results left out, the least severe: code scanning accepts at most ${SARIF_MAX_RESULTS} per run (the json report holds them all)` } }] : []),
  ];
  const rules = buildRules(input, findings);
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const fingerprints = resultFingerprints(findings);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: input.tool.name,
            version: input.tool.version,
            informationUri: httpUrl(input.tool.informationUri) ?? DEFAULT_INFORMATION_URI,
            rules,
          },
        },
        ...(input.sarifCategory || input.title ? { automationDetails: { id: `${input.sarifCategory || input.title}/` } } : {}),
        originalUriBaseIds: {
          [SARIF_SRCROOT]: { description: { text: "The repository's root in GitHub Actions (the workspace, or the checkout in a folder of it that holds the files), elsewhere the directory meshkit ran in." } },
        },
        // Positions come from the `yaml` parser's offsets into JavaScript strings.
        columnKind: "utf16CodeUnits",
        results: findings.map((f, i) => buildResult(f, ruleIndex.get(f.ruleId)!, fingerprints[i]!)),
        ...(notifications.length > 0 ? { invocations: [{ executionSuccessful: stopped === undefined, toolExecutionNotifications: notifications }] } : {}),
      },
    ],
  };
}

export function renderSarif(input: ReportInput): string {
  return `${inertJson(JSON.stringify(toSarif(input), null, 2))}\n`;
}

/** renderSarif in pieces (one per result: `runs[0].results[i]` is 4 levels down), for a log larger than one string can hold. */
export function* renderSarifPieces(input: ReportInput): Generator<string> {
  for (const piece of jsonPieces(toSarif(input), 4)) yield inertJson(piece);
  yield "\n";
}
