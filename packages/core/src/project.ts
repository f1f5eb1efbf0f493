/**
 * A project's documents of some kinds, found as `meshkit lint` finds them: the config (`--config`, else
 * the nearest meshkit.yaml), then every file among the paths given (default: the whole project,
 * narrowed by the config's globs, .gitignore honoured), recognised by content (a file named `*.odcs.yaml`
 * that is not one is reported, as one named on the command line). What
 * contract-test, provision and catalog-publish start from.
 */
import { resolve } from "node:path";
import { type MeshkitConfig, loadConfig } from "./config.js";
import { dataFileHint } from "./data-file-hint.js";
import { type DiscoveredFile, discoverFiles, isNamedDocument, readDocumentFile } from "./discover.js";
import { type LoadedDocument, loadText } from "./document.js";
import { NOT_A_DOCUMENT_RULE, UNSUPPORTED_API_VERSION_RULE } from "./document-rules.js";
import type { Finding, RuleMeta, Severity } from "./findings.js";
import { type DocumentKind, isMapping, unsupportedApiVersionText } from "./kinds.js";

export interface ProjectDocuments {
  config: MeshkitConfig;
  documents: LoadedDocument[];
  /** Config problems, and files named or found that cannot be read or parsed (input findings). */
  findings: Finding[];
  /** Files that held at least one document of the kinds asked for. */
  files: number;
}

/**
 * Whether a run given `paths` read every document of the project, so that one it did not read is gone from it (a
 * product removed from the catalog's repository, a contract whose tables provision still finds): no paths, run from
 * the project's root (the folder of its meshkit.yaml). Without paths the documents are found under the working
 * directory, so from a folder below the root (`products/orders`) they are only part of the project, and the
 * documents outside that folder are not gone from it.
 */
export function readsWholeProject(paths: readonly string[], cwd: string, config: Pick<MeshkitConfig, "root">): boolean {
  return paths.length === 0 && resolve(cwd) === resolve(config.root);
}

export async function loadProjectDocuments(
  paths: readonly string[],
  options: { cwd: string; configPath?: string; allowEmpty?: boolean },
  kinds: readonly DocumentKind["type"][],
  /**
   * What is kept of a file's documents of the kinds asked for, once it is read: by default the documents.
   * A caller that holds the documents of a large project until the end keeps less (provision keeps each
   * document's top level, and reads the rest again when it plans that document's product).
   */
  keep: (documents: LoadedDocument[], file: DiscoveredFile, config: MeshkitConfig) => LoadedDocument[] = (documents) => documents,
): Promise<ProjectDocuments> {
  const loaded = await loadConfig(options);
  const findings: Finding[] = [...loaded.findings];
  const documents: LoadedDocument[] = [];
  let files = 0;
  if (findings.length > 0) return { config: loaded.config, documents, findings, files };
  for (const file of await discoverFiles(paths, loaded.config, options.cwd, { allowEmpty: options.allowEmpty === true })) {
    const read = readDocumentFile(file);
    if (!read) continue;
    if (!read.ok) {
      findings.push(read.finding);
      continue;
    }
    const text = loadText(file.display, read.text);
    findings.push(...text.findings);
    const wanted = text.documents.filter((doc) => kinds.includes(doc.kind.type));
    if (wanted.length > 0) documents.push(...keep(wanted, file, loaded.config));
    if (wanted.length > 0) files++;
    if (text.findings.length === 0) findings.push(...unreadDocumentFindings(file, text.documents, kinds, loaded.config));
  }
  return { config: loaded.config, documents, findings, files };
}

/**
 * Why a file yields none of the documents asked for, when that must not pass in silence: a contract or
 * product of an apiVersion meshkit does not read (wherever it is found: it would be skipped unchecked),
 * and a file named on the command line or named like a contract (`*.odcs.yaml`) that holds no meshkit
 * document at all (empty, a list, a mapping without a known kind), as `meshkit lint` reports them.
 */
export function unreadDocumentFindings(file: DiscoveredFile, docs: readonly LoadedDocument[], kinds: readonly DocumentKind["type"][], config: MeshkitConfig): Finding[] {
  const out: Finding[] = [];
  for (const doc of docs) {
    const kind = doc.kind;
    if (kind.type !== "unsupported" || !(kinds as readonly string[]).includes(kind.kind)) continue;
    const severity = levelOf(config, UNSUPPORTED_API_VERSION_RULE);
    if (!severity) continue;
    const message = `${unsupportedApiVersionText(kind, doc.sourceAt("/apiVersion"))}, so it is not checked; run meshkit lint for the fix.`;
    out.push(doc.finding({ ruleId: UNSUPPORTED_API_VERSION_RULE.id, severity, message, path: isMapping(doc.value) && "apiVersion" in doc.value ? "/apiVersion" : "", stage: "input" }));
  }
  if (!isNamedDocument(file) || docs.some((doc) => doc.kind.type !== "other")) return out;
  const severity = levelOf(config, NOT_A_DOCUMENT_RULE);
  if (!severity) return out;
  const stray = docs.filter((doc) => doc.value !== null);
  for (const doc of stray.length > 0 ? stray : docs.slice(0, 1)) {
    const value = doc.value;
    const found =
      value === null || value === undefined ? "an empty document" : Array.isArray(value) ? "a list" : !isMapping(value) ? `a ${typeof value} scalar` : "kind" in value ? `kind ${JSON.stringify(value.kind)}` : "a mapping without a kind";
    const message = `Not an ODCS contract or ODPS product: found ${found}; a contract is a mapping with kind: DataContract and apiVersion: v3.1.0 (a product: kind: DataProduct, apiVersion: v1.0.0).${dataFileHint(file.path)}`;
    out.push(doc.finding({ ruleId: NOT_A_DOCUMENT_RULE.id, severity, message, path: isMapping(value) && "kind" in value ? "/kind" : "", stage: "input" }));
  }
  return out;
}

/** The level `lint.rules` gives a document rule (these findings are lint's, met by another stage); undefined when off. */
function levelOf(config: MeshkitConfig, meta: RuleMeta): Severity | undefined {
  const level = config.lint.rules[meta.id] ?? meta.defaultSeverity;
  return level === "off" ? undefined : level;
}

/** An output port of a data product that names a contract by `contractId` (and `version`, when it gives one). */
export interface PortContract {
  product: LoadedDocument;
  /** The port's name (its index when it has none). */
  name: string;
  contractId: string;
  version?: string;
  /** JSON pointer to the port's contractId. */
  pointer: string;
}

/**
 * The contracts among `contracts` a port names: those with its contractId, narrowed to its version when
 * some have it. ODPS keys a port by name and version, not the contract's version, and lint reports a
 * port whose version is not its contract's: here the contract of that id is what the port serves.
 */
export function contractsOfPort(port: PortContract, contracts: readonly LoadedDocument[]): LoadedDocument[] {
  const withId = contracts.filter((c) => documentField(c, "id") === port.contractId);
  const atVersion = withId.filter((c) => documentField(c, "version") === port.version);
  return atVersion.length > 0 ? atVersion : withId;
}

/** The contracts a product's output ports name (a port without a textual contractId names none: lint reports it). */
export function portContracts(product: LoadedDocument): PortContract[] {
  const value = isMapping(product.value) ? product.value : {};
  const ports = Array.isArray(value.outputPorts) ? value.outputPorts : [];
  return ports.flatMap((port: unknown, index): PortContract[] => {
    if (!isMapping(port) || typeof port.contractId !== "string" || port.contractId.trim() === "") return [];
    const contractId = port.contractId;
    const version = typeof port.version === "string" ? port.version : undefined;
    const name = typeof port.name === "string" ? port.name : String(index);
    const pointer = `/outputPorts/${index}/contractId`;
    return [version === undefined ? { product, name, contractId, pointer } : { product, name, contractId, version, pointer }];
  });
}

const documentField = (document: LoadedDocument, key: string): unknown => (isMapping(document.value) ? document.value[key] : undefined);

/**
 * The contracts the output ports of `products` name that `contracts` lacks, found anywhere in the project:
 * what a command given a product (`meshkit test product.odps.yaml`, a pull request that changed only a
 * product) needs of the rest of the project. `missing`: the ports no contract of the project serves. The
 * project's other files are not the caller's: their findings (a broken file elsewhere is lint's) are not
 * returned.
 */
export async function findPortContracts(
  products: readonly LoadedDocument[],
  contracts: readonly LoadedDocument[],
  options: { cwd: string; configPath?: string },
  keep?: (documents: LoadedDocument[], file: DiscoveredFile, config: MeshkitConfig) => LoadedDocument[],
): Promise<{ found: LoadedDocument[]; missing: PortContract[] }> {
  const ports = products.flatMap((product) => portContracts(product).filter((port) => contractsOfPort(port, contracts).length === 0));
  if (ports.length === 0) return { found: [], missing: [] };
  const project = await loadProjectDocuments([], { ...options, allowEmpty: true }, ["DataContract"], keep);
  const found: LoadedDocument[] = [];
  const missing: PortContract[] = [];
  for (const port of ports) {
    const named = contractsOfPort(port, project.documents);
    if (named.length === 0) missing.push(port);
    found.push(...named.filter((c) => !found.includes(c)));
  }
  return { found, missing };
}
