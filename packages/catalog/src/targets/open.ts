import { UsageError } from "@meshkit/core";
import { dirCatalog } from "./dir.js";
import { type GitCatalogOptions, gitCatalog } from "./git.js";
import { type CatalogStore, type CatalogTargetSpec, parseCatalogTarget, redactUrl } from "./target.js";

export type OpenCatalogOptions = GitCatalogOptions & { cwd?: string };

/**
 * The store of a dir or git catalog target (text or parsed). Other targets (DataHub, OpenMetadata,
 * Backstage) do not hold catalog entries; opening one here is a UsageError that says so.
 */
export function openCatalogStore(target: string | CatalogTargetSpec, options: OpenCatalogOptions = {}): CatalogStore {
  const spec = typeof target === "string" ? parseCatalogTarget(target, options.cwd !== undefined ? { cwd: options.cwd } : {}) : target;
  if (spec.type === "dir") return dirCatalog(spec);
  if (spec.type === "git") return gitCatalog(spec, options);
  throw new UsageError(`catalog target ${redactUrl(spec.text)} does not hold catalog entries: use a dir:<path> or git:<repo>#<branch> catalog here`);
}
