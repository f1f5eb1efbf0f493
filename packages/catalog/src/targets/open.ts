import { UsageError, fileInTheWay } from "@meshkit/core";
import { checkServiceAnswers } from "../http.js";
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
  if (spec.type === "dir") return dirCatalog(spec, options.cwd);
  if (spec.type === "git") return gitCatalog(spec, options);
  throw new UsageError(`catalog target ${redactUrl(spec.text)} does not hold catalog entries: use a dir:<path> or git:<repo>#<branch> catalog here`);
}

/**
 * Throws a UsageError when a publish to `target` could not even start: a dir or git catalog its store
 * cannot reach (a folder that is a file, a repository that is not there or does not answer), a catalog
 * service that does not answer, a Backstage folder that is a file. What is only known when writing
 * (permissions, a rejected push, a refused token) is still the publish's to report.
 */
export async function checkCatalogReachable(target: string | CatalogTargetSpec, options: OpenCatalogOptions = {}): Promise<void> {
  const spec = typeof target === "string" ? parseCatalogTarget(target, options.cwd !== undefined ? { cwd: options.cwd } : {}) : target;
  switch (spec.type) {
    case "dir":
    case "git":
      return openCatalogStore(spec, options).reach();
    case "datahub":
      return checkServiceAnswers("DataHub", spec.url);
    case "openmetadata":
      return checkServiceAnswers("OpenMetadata", spec.url);
    case "backstage": {
      // As for a dir: catalog, a folder under a file is found before a push applies what it could not publish.
      const file = fileInTheWay(spec.dir);
      if (file !== undefined) throw new UsageError(`catalog ${redactUrl(spec.text)}: ${file} is a file, not a folder: ${file === spec.dir ? "name a folder for the Backstage catalog" : "choose another path"}`);
    }
  }
}
