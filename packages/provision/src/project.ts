/**
 * A project's provisioning inputs, found as `meshkit lint` finds documents: the config (`--config`, else
 * the nearest meshkit.yaml), then every contract and product among the paths given (default: the
 * whole project), recognised by content, with the contracts the given products' output ports name. What `meshkit provision` and the provision action call
 * before `provisionModel` and a planner.
 *
 * Where the `local` target lives by default, relative to the config's folder (the repository root
 * for a domain repo), so every command run anywhere in the repository uses the same warehouse:
 * - warehouse: `<root>/.meshkit/warehouse.duckdb` (with its lock `warehouse.duckdb.lock` beside it);
 * - lake: `<root>/lake/` (`lake/domain=<d>/product=<p>/{bronze,silver,gold}/`).
 * Both are generated state: a domain repo ignores `.meshkit/` and `lake/` in git.
 */
import { type DiscoveredFile, type Finding, type LoadedDocument, type MeshkitConfig, UsageError, findPortContracts, isMapping, loadProjectDocuments, loadText, noDocumentFound, readDocumentFile } from "@meshkit/core";
import { join } from "node:path";
import { type IndexedDocument, provisionSchemaIssues } from "./model.js";

export interface ProvisionInputOptions {
  cwd: string;
  /** Files, folders or globs; default: the whole project. */
  paths: readonly string[];
  configPath?: string;
  /**
   * Whether a file's document is kept as an index entry (IndexedDocument: its top level, read whole again when
   * its product is planned) rather than whole, given the config: the local planner plans product by product.
   * A file that holds several contracts or products keeps them whole.
   */
  indexed?: (config: MeshkitConfig) => boolean;
}

export interface ProvisionInputs {
  contracts: LoadedDocument[];
  products: LoadedDocument[];
  /** Config problems and unreadable or unparseable files (input findings). */
  findings: Finding[];
  config: MeshkitConfig;
  /** Files read: those that held a contract or a product, and those a finding is about (one that could not be parsed too). */
  files: number;
  /** Where `local` provisions by default (see the module comment). */
  defaults: { warehouse: string; lake: string };
}

/** `<root>/.meshkit/warehouse.duckdb` and `<root>/lake`. */
export function defaultLocalTarget(root: string): { warehouse: string; lake: string } {
  return { warehouse: join(root, ".meshkit", "warehouse.duckdb"), lake: join(root, "lake") };
}

export async function loadProvisionInputs(options: ProvisionInputOptions): Promise<ProvisionInputs> {
  // A file of several documents is kept whole: read again for each of them, it would be read once per document.
  const keep = (docs: LoadedDocument[], file: DiscoveredFile, config: MeshkitConfig) => (docs.length === 1 && options.indexed?.(config) ? [indexedDocument(docs[0]!, file)] : docs);
  const { config, documents, findings } = await loadProjectDocuments(options.paths, options, ["DataContract", "DataProduct"], keep);
  // As lint counts them: "1 error in 2 files" beside lint's 3 would leave the unparseable file uncounted.
  const files = new Set([...documents.map((d) => d.file), ...findings.map((f) => f.file)]).size;
  const defaults = defaultLocalTarget(config.root);
  if (documents.length === 0 && findings.length === 0) {
    if (options.paths.length > 0) throw new UsageError(`no data contract or data product in ${options.paths.join(", ")}`);
    throw new UsageError(await noDocumentFound(config, options.cwd, "provision", "no data contract or data product found under the current directory: write one (meshkit init product <domain>/<name> scaffolds a product and its contract) or name the files to provision"));
  }
  const ofKind = (type: string) => documents.filter((doc) => doc.kind.type === type);
  // A product given without its contracts (`meshkit ci product.odps.yaml`) is provisioned with them, found
  // in the rest of the project; a port whose contract is not there is the model's provision-contract-missing.
  const { found } = options.paths.length > 0 ? await findPortContracts(ofKind("DataProduct"), ofKind("DataContract"), options, keep) : { found: [] };
  return { contracts: [...ofKind("DataContract"), ...found], products: ofKind("DataProduct"), findings, config, files: files + new Set(found.map((d) => d.file)).size, defaults };
}

/**
 * What the model needs of a document before its product is planned: its top level without `schema` (a
 * contract's bulk), copied (a parsed string can be a slice of the file's text, which would keep the whole
 * text), and its schema issues; the rest is read again from the file (`whole`, and to place a finding).
 */
function indexedDocument(doc: LoadedDocument, file: DiscoveredFile): IndexedDocument {
  const value: unknown = structuredClone(isMapping(doc.value) ? Object.fromEntries(Object.entries(doc.value).filter(([key]) => key !== "schema")) : doc.value);
  const { index, kind } = doc;
  // Not `doc`: the entry must not keep the document it stands for.
  const whole = () => readAgain(file, { index, kind, value });
  return {
    file: doc.file,
    index,
    kind,
    value,
    schemaIssues: doc.kind.type === "DataContract" ? provisionSchemaIssues(doc) : [],
    whole,
    locate: (pointer, target) => whole().locate(pointer, target),
    sourceAt: (pointer) => whole().sourceAt(pointer),
    finding: (init) => whole().finding(init),
  };
}

/** The document `indexed` was, read again from its file; refused when the file no longer holds it. */
function readAgain(file: DiscoveredFile, indexed: Pick<LoadedDocument, "index" | "kind" | "value">): LoadedDocument {
  const read = readDocumentFile(file);
  const doc = read?.ok ? loadText(file.display, read.text).documents.find((d) => d.index === indexed.index) : undefined;
  // By value: an id that is not text (a list, which lint reports) is another object each time it is read.
  const id = (value: unknown) => JSON.stringify(isMapping(value) ? value.id : undefined);
  if (!doc || doc.kind.type !== indexed.kind.type || id(doc.value) !== id(indexed.value)) throw new UsageError(`${file.display} changed while it was being provisioned; run the command again`);
  return doc;
}
