/**
 * Finding paths moved from one folder to another: a stage reports them relative to the folder it ran in,
 * while GitHub places annotations and code scanning results by their path from the workspace (the
 * repository's root), so a run in a folder below it (`working-directory: domains/sales`) must say
 * `domains/sales/orders.odcs.yaml`, not `orders.odcs.yaml`. The actions and the CLI's `github` and
 * `sarif` formats both do it with these.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { type WorkflowRepository, holdsAnotherRepository } from "./checkout-repository.js";
import { isInsideFolder, realPathOf } from "./discover.js";
import type { Finding } from "./findings.js";

/**
 * The folder GitHub places annotations and code scanning results from, for a run in `cwd` inside the workspace:
 * the repository's root. actions/checkout puts the repository in the workspace itself by default; checked out in a
 * folder below it (`path: repo`), the workspace holds no checkout, and a path from it (`repo/contracts/x.yaml`) names
 * no file of the repository: the root is then the top of the checkout `cwd` is in. A checkout below a workspace that
 * is a checkout itself is another repository's (checked out beside the workflow's): its paths stay from the workspace.
 * So are a checkout's inside that folder checkout (a submodule, another repository checked out into it): the root is
 * the outermost checkout holding `cwd`, whichever of their folders the run is in. With `workflow` (the runner's
 * GITHUB_REPOSITORY, `workflowRepositoryOf`), a checkout whose origin is another repository (actions/checkout `repository:
 * acme/shared`, `path: shared`, beside the workflow's in `path: repo`) is no root either: its paths stay from the
 * workspace (`shared/orders.odcs.yaml`), as beside a workspace that is a checkout. From its own root they read as
 * the workflow repository's files (`orders.odcs.yaml`), and GitHub placed its annotations on those.
 */
export function repositoryRoot(workspace: string, cwd: string, workflow?: WorkflowRepository): string {
  const top = resolve(workspace);
  if (existsSync(join(top, ".git"))) return top;
  let root = top;
  for (let dir = resolve(cwd); dir !== top && isInsideFolder(dir, top); dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) root = dir;
  }
  return root !== top && holdsAnotherRepository(root, workflow) ? top : root;
}

/** Findings with their files named by `place` (a `reportPlacer`). */
export function placeFindings<F extends Finding>(findings: readonly F[], place: (file: string) => string): F[] {
  return findings.map((f) => ({ ...f, file: place(f.file) }));
}

/**
 * How a run in `cwd` names a file (given from `cwd`, or absolute) where GitHub places annotations and code scanning
 * results: from the root of its repository in the workspace (`repositoryRoot`), forward slashes; absolute when outside.
 * `workspace` is GITHUB_WORKSPACE as the runner wrote it. A self-hosted runner's work folder is often a link to another
 * disk: a file named through it (`paths: ${{ github.workspace }}/contracts`) is the same file in the real workspace, or
 * it stayed absolute, an annotation GitHub places nowhere. A run that is in no checkout (at the top of a workspace that
 * actions/checkout filled with `path: repo`) names a file from the checkout the file is in: `repo/contracts/x.yaml`
 * named no file of the repository. `workflow` (GITHUB_REPOSITORY) tells the workflow's checkout from another
 * repository's (see repositoryRoot).
 */
export function reportPlacer(workspace: string, cwd: string, workflow?: WorkflowRepository): (file: string) => string {
  const written = resolve(workspace);
  const real = realPathOf(written);
  const from = realPathOf(resolve(cwd));
  const root = repositoryRoot(real, from, workflow);
  const inCheckout = root !== real || existsSync(join(real, ".git"));
  const roots = new Map<string, string>();
  const rootOf = (file: string): string => {
    if (inCheckout) return root;
    const dir = dirname(file);
    let found = roots.get(dir);
    if (found === undefined) roots.set(dir, (found = repositoryRoot(real, dir, workflow)));
    // The checkout's own folder (a finding about the repository itself) is its root, `.`; one inside another is not,
    // nor is another repository's (`shared`, not the workflow repository's `.`).
    const ownCheckout = found === real && existsSync(join(file, ".git")) && !holdsAnotherRepository(file, workflow);
    return ownCheckout ? file : found;
  };
  return (file) => {
    const named = resolve(from, file);
    const absolute = isInsideFolder(named, written) ? join(real, relative(written, named)) : named;
    return rebasePath(absolute, from, rootOf(absolute));
  };
}

/** A path relative to `from` (or absolute) → relative to `to` when inside it, forward slashes; `.` for `to` itself; else absolute. */
export function rebasePath(file: string, from: string, to: string): string {
  const absolute = resolve(from, file);
  const rel = relative(to, absolute);
  if (rel === "") return ".";
  const inside = !rel.startsWith("..") && !isAbsolute(rel);
  return inside ? rel.split(sep).join("/") : absolute;
}
