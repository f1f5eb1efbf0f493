/**
 * Where the products being published come from: the git checkout that holds their files, its repository
 * (`org/repo`) and commit, and the project folder named within it. `meshkit publish`, `meshkit ci` and the
 * catalog-publish action all record this, so that products of another checkout — a workflow that checks out a
 * domain repository beside its own (actions/checkout `repository:` + `path:`) and publishes from it — are
 * registered as that repository's, at its commit, and not as the workflow's (the ownership check compares it).
 */
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { type LoadedDocument, UsageError, git, gitTopLevel, isInsideFolder, repositoryName } from "@meshkit/core";

export interface ProductsSource {
  /** The top of the products' git checkout; their folder when they are in none. */
  checkout: string;
  /**
   * What the catalog records of it (`publication.repo`, `publication.commit`): `org/repo` of that checkout
   * (GITHUB_REPOSITORY when it is the working directory's) and its HEAD (`checkoutOrigin`).
   */
  origin: { repo?: string; commit?: string };
  /** The folder the project is named from within the checkout (`projectInRepository`, `repositoryLayout`). */
  projectRoot: string;
  /**
   * Whether the checkout is the working directory's (in an action, the workflow's own repository): credentials
   * for the workflow's repository (its github-token) are for this checkout only, not for one beside it.
   */
  workingDirectoryCheckout: boolean;
}

/**
 * The source of the products among `documents` (their files relative to `cwd`), published with the config
 * rooted at `configRoot`. Without products (nothing to publish) the working directory's checkout.
 */
export async function productsSource(documents: readonly LoadedDocument[], options: { cwd: string; configRoot: string; env?: NodeJS.ProcessEnv }): Promise<ProductsSource> {
  const { cwd, configRoot, env = process.env } = options;
  const productFiles = documents.filter((d) => d.kind.type === "DataProduct").map((d) => resolve(cwd, d.file));
  const checkout = await productsCheckout(productFiles, cwd);
  // The project is named within the products' repository: the config's project when it lies in that checkout, else
  // the checkout's top (a submodule's products, published from the repository around it, are the submodule's top's).
  const projectRoot = productFiles.length === 0 || (await gitTopLevel(configRoot).catch(() => "")) === checkout ? configRoot : checkout;
  return { checkout, origin: await checkoutOrigin(checkout, cwd, env), projectRoot, workingDirectoryCheckout: await sameCheckout(checkout, cwd) };
}

/**
 * The products' checkout as a folder relative to the working directory when the working directory is not in it
 * (a repository checked out beside the workflow's), else "": release tags made there are pushed from there, so a
 * message about them names it (`git -C <folder> push …`).
 */
export function checkoutBesideWorkingDirectory(checkout: string, cwd: string): string {
  if (isInsideFolder(cwd, checkout)) return "";
  return relative(cwd, checkout) || checkout;
}

/** `git`, run in `checkoutBeside` when there is one (`git -C <folder>`, the folder as one POSIX shell word), for a command to paste. */
export function gitCommandIn(checkoutBeside: string): string {
  if (checkoutBeside === "") return "git";
  const word = /^[\w@%+=:,./-]+$/u.test(checkoutBeside) ? checkoutBeside : `'${checkoutBeside.replace(/'/g, "'\\''")}'`;
  return `git -C ${word}`;
}

/**
 * The folder whose git checkout the products come from, for the repository and commit the catalog records and
 * ownership compares: the products' own checkout, not the working directory's — `meshkit publish ../sales/products`
 * run in another checkout would record that one, and then refuse the sales repository its own products. Products in
 * no checkout name their folder (no repository, no commit); products of several checkouts are refused, since each
 * entry records one; without products (nothing to publish), the working directory.
 */
export async function productsCheckout(productFiles: readonly string[], cwd: string): Promise<string> {
  if (productFiles.length === 0) return cwd;
  // One git call per checkout, not per product (a domain repository may hold hundreds): a file inside a checkout
  // already found is that checkout's, unless a checkout nested in it (a submodule, a clone inside the working tree)
  // holds it, whichever of the two was found first.
  const tops = new Set<string>();
  for (const file of productFiles) {
    const dir = dirname(file);
    if ([...tops].some((top) => top !== "" && isInsideFolder(dir, top) && !nestedCheckoutHolds(dir, top))) continue;
    tops.add(await gitTopLevel(dir).catch(() => ""));
  }
  if (tops.size > 1) {
    const named = [...tops].map((top) => top || "(no git checkout)").join(", ");
    throw new UsageError(`the products come from several repositories (${named}): publish each repository's products from its own checkout`);
  }
  const [top] = tops;
  return top || dirname(productFiles[0]!);
}

/**
 * Whether a folder from `dir` up to (not including) the checkout `top` is a checkout's top of its own: it has a
 * `.git` (a folder, or the file a submodule or a linked worktree has), so `dir`'s files are not `top`'s.
 */
function nestedCheckoutHolds(dir: string, top: string): boolean {
  for (let folder = dir; folder !== top && isInsideFolder(folder, top); folder = dirname(folder)) {
    if (existsSync(join(folder, ".git"))) return true;
  }
  return false;
}

/**
 * The repository and commit of `checkout`, as the catalog records them. GITHUB_REPOSITORY and GITHUB_SHA name
 * the workflow's own checkout, the one the command runs in (`workingDirectory`): products of another checkout
 * (`meshkit publish ../sales/products`, or the action's `paths: sales` after actions/checkout with
 * `repository: acme/sales` and `path: sales`) are that checkout's, named by its remote and HEAD, or by none —
 * recording the workflow's would hand them to it. A variable set but blank counts as unset: an empty
 * GITHUB_REPOSITORY would hide the remote the orphan and ownership checks compare.
 */
export async function checkoutOrigin(checkout: string, workingDirectory: string = checkout, env: NodeJS.ProcessEnv = process.env): Promise<{ repo?: string; commit?: string }> {
  const own = await sameCheckout(checkout, workingDirectory);
  const head = (await git(["rev-parse", "--verify", "-q", "HEAD"], checkout).catch(() => "")).trim();
  // The checkout's HEAD is the commit its files are at; GITHUB_SHA only for a workspace that is no git checkout.
  const commit = head || (own ? env.GITHUB_SHA?.trim() : "") || "";
  const remote = async () => repositoryName((await git(["config", "--get", "remote.origin.url"], checkout).catch(() => "")).trim());
  const repo = (own ? env.GITHUB_REPOSITORY?.trim() : "") || (await remote());
  return { ...(repo ? { repo } : {}), ...(commit ? { commit } : {}) };
}

/** Whether two folders lie in the same git checkout (or both in none). */
async function sameCheckout(folder: string, other: string): Promise<boolean> {
  if (folder === other) return true;
  const [top, otherTop] = await Promise.all([folder, other].map((f) => gitTopLevel(f).catch(() => "")));
  return top === otherTop;
}
