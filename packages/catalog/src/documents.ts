/**
 * Finding the documents to publish: as `meshkit lint` finds them (the config's file globs, paths,
 * folders or globs given), kept when they are ODPS products or ODCS contracts. Detection is by
 * content (apiVersion + kind), never by file name.
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { type Finding, type LoadedDocument, type MeshkitConfig, CONFIG_FILE_NAMES, configFileIn, findPortContracts, git, gitTopLevel, loadProjectDocuments, unmatchedIncludeOfProject } from "@meshkit/core";

// Whether a publish read every product of the project, so that one registered from its repository and not
// among them was removed from it (catalog-product-orphaned).
export { readsWholeProject } from "@meshkit/core";

export interface CatalogDocuments {
  documents: LoadedDocument[];
  /** Unreadable or unparseable files (input findings), and config problems. */
  findings: Finding[];
  /** The meshkit.yaml the documents were found with (its compat settings judge release notes). */
  config: MeshkitConfig;
  /** No path named and no product or contract found: `include-unmatched` at globs of files.include that select none. */
  unmatched?: Finding;
}

export async function readCatalogDocuments(paths: readonly string[], options: { cwd: string; configPath?: string }): Promise<CatalogDocuments> {
  // An empty folder is how a catalog is repaired without publishing a product (the publish rebuilds a
  // damaged index): it is nothing to publish, not a mistyped path.
  const emptyFolders = paths.length > 0 && paths.every((path) => isEmptyFolder(resolve(options.cwd, path)));
  const { documents, findings, config } = await loadProjectDocuments(paths, { ...options, allowEmpty: emptyFolders }, ["DataProduct", "DataContract"]);
  // A product named without its contracts (`meshkit publish product.odps.yaml`) is published with them, found in the rest of the project.
  const ofKind = (type: string) => documents.filter((d) => d.kind.type === type);
  const { found } = paths.length > 0 ? await findPortContracts(ofKind("DataProduct"), ofKind("DataContract"), options) : { found: [] };
  const unmatched = paths.length === 0 && documents.length === 0 && findings.length === 0 ? await unmatchedIncludeOfProject(config, options.cwd, "catalog") : undefined;
  return { documents: [...documents, ...found], findings, config, ...(unmatched ? { unmatched } : {}) };
}

function isEmptyFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory() && readdirSync(path).length === 0;
  } catch {
    return false;
  }
}

/**
 * The project's folder in its git repository (`domains/sales`: its meshkit.yaml's folder, relative to the
 * repository's top, with `/`), recorded with what it publishes so that a whole-project publish tells its own
 * removed products from those of another project of the same repository; "" at the top or outside git.
 */
export async function projectInRepository(root: string): Promise<string> {
  try {
    const path = relative(realpathSync(await gitTopLevel(root)), realpathSync(root));
    return path.startsWith("..") || isAbsolute(path) ? "" : path.split(sep).join("/");
  } catch {
    return "";
  }
}

/**
 * The projects of a source repository's checkout: a folder is a project when it holds a meshkit.yaml
 * (`meshkit init domain billing --dir domains/billing`), or a meshkit.yml or .meshkit.yaml (CONFIG_FILE_NAMES, as
 * meshkit finds a project's config). A product is its deepest project's, whoever publishes
 * it; a project folder the checkout no longer has (renamed, removed) has left its products behind.
 */
export interface RepositoryLayout {
  /** The project (repository folder, "" for the top) whose folder holds `file`; undefined outside the repository. */
  projectOf(file: string): string | undefined;
  /** Whether the checkout has project `folder` (a repository folder, "" for the top). */
  hasProject(folder: string): boolean;
}

/** The layout of the git checkout the project `root` lies in (files named relative to `cwd`); undefined outside git. */
export async function repositoryLayout(root: string, cwd = root): Promise<RepositoryLayout | undefined> {
  let top: string;
  try {
    top = realpathSync(await gitTopLevel(root));
  } catch {
    return undefined;
  }
  const folderOf = (dir: string) => relative(top, dir).split(sep).join("/");
  // The publishing project is one whatever its config file is called (`-c ci/meshkit.ci.yaml`).
  const own = realpathSync(root);
  const leftOut = await projectsLeftOutOfCheckout(top);
  const isProject = (dir: string) => dir === own || configFileIn(dir) !== undefined;
  return {
    projectOf(file) {
      let dir: string;
      try {
        dir = dirname(realpathSync(resolve(cwd, file)));
      } catch {
        return undefined;
      }
      const outside = (d: string) => relative(top, d).startsWith("..") || isAbsolute(relative(top, d));
      if (outside(dir)) return undefined;
      for (;;) {
        if (isProject(dir)) return folderOf(dir);
        if (dir === top) return undefined;
        dir = dirname(dir);
      }
    },
    hasProject: (folder) => {
      const path = folder.split("/").filter((part) => part !== "");
      return isProject(join(top, ...path)) || leftOut.has(path.join("/"));
    },
  };
}

/**
 * The project folders (repository folders, "" for the top) a sparse checkout left out of the working tree: their
 * config file is in git's index marked skip-worktree. The repository still has them — a domain's workflow that
 * checks out only its own folder (actions/checkout's sparse-checkout) must not call every other project's
 * products orphaned. `ls-files` expands a sparse index, so a folder collapsed in it is listed too.
 */
async function projectsLeftOutOfCheckout(top: string): Promise<Set<string>> {
  const pathspecs = CONFIG_FILE_NAMES.flatMap((name) => [name, `*/${name}`]);
  const listed = await git(["ls-files", "-t", "-z", "--", ...pathspecs], top).catch(() => "");
  const folders = new Set<string>();
  for (const line of listed.split("\0")) {
    // `S <path>`: a skip-worktree entry (git ls-files -t); every other tag is a file the checkout has (or had).
    if (!line.startsWith("S ")) continue;
    const path = line.slice(2);
    const slash = path.lastIndexOf("/");
    folders.add(slash === -1 ? "" : path.slice(0, slash));
  }
  return folders;
}
