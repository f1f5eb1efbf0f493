/**
 * A project's provisioning inputs, found as `meshkit lint` finds documents: the config (`--config`, else
 * the nearest meshkit.yaml), then every contract and product among the paths given (default: the
 * whole project), recognised by content. What `meshkit provision` and the provision action call
 * before `provisionModel` and a planner.
 *
 * Where the `local` target lives by default, relative to the config's folder (the repository root
 * for a domain repo), so every command run anywhere in the repository uses the same warehouse:
 * - warehouse: `<root>/.meshkit/warehouse.duckdb` (with its lock `warehouse.duckdb.lock` beside it);
 * - lake: `<root>/lake/` (`lake/domain=<d>/product=<p>/{bronze,silver,gold}/`).
 * Both are generated state: a domain repo ignores `.meshkit/` and `lake/` in git.
 */
import { type Finding, type LoadedDocument, type MeshkitConfig, UsageError, loadProjectDocuments } from "@meshkit/core";
import { join } from "node:path";

export interface ProvisionInputOptions {
  cwd: string;
  /** Files, folders or globs; default: the whole project. */
  paths: readonly string[];
  configPath?: string;
}

export interface ProvisionInputs {
  contracts: LoadedDocument[];
  products: LoadedDocument[];
  /** Config problems and unreadable or unparseable files (input findings). */
  findings: Finding[];
  config: MeshkitConfig;
  /** Files that held a contract or a product. */
  files: number;
  /** Where `local` provisions by default (see the module comment). */
  defaults: { warehouse: string; lake: string };
}

/** `<root>/.meshkit/warehouse.duckdb` and `<root>/lake`. */
export function defaultLocalTarget(root: string): { warehouse: string; lake: string } {
  return { warehouse: join(root, ".meshkit", "warehouse.duckdb"), lake: join(root, "lake") };
}

export async function loadProvisionInputs(options: ProvisionInputOptions): Promise<ProvisionInputs> {
  const { config, documents, findings, files } = await loadProjectDocuments(options.paths, options, ["DataContract", "DataProduct"]);
  const defaults = defaultLocalTarget(config.root);
  if (documents.length === 0 && findings.length === 0) {
    throw new UsageError(options.paths.length > 0 ? `no data contract or data product in ${options.paths.join(", ")}` : "no data contract or data product found under the current directory");
  }
  const ofKind = (type: string) => documents.filter((doc) => doc.kind.type === type);
  return { contracts: ofKind("DataContract"), products: ofKind("DataProduct"), findings, config, files, defaults };
}
