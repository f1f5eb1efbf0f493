/**
 * Finding paths moved from one folder to another: a stage reports them relative to the folder it ran in,
 * while GitHub places annotations and code scanning results by their path from the workspace (the
 * repository's root), so a run in a folder below it (`working-directory: domains/sales`) must say
 * `domains/sales/orders.odcs.yaml`, not `orders.odcs.yaml`. The actions and the CLI's `github` and
 * `sarif` formats both do it with these.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { isInsideFolder } from "./discover.js";
import type { Finding } from "./findings.js";

/**
 * The folder GitHub places annotations and code scanning results from, for a run in `cwd` inside the workspace:
 * the repository's root. actions/checkout puts the repository in the workspace itself by default; checked out in a
 * folder below it (`path: repo`), the workspace holds no checkout, and a path from it (`repo/contracts/x.yaml`) names
 * no file of the repository: the root is then the top of the checkout `cwd` is in. A checkout below a workspace that
 * is a checkout itself is another repository's (checked out beside the workflow's): its paths stay from the workspace.
 */
export function repositoryRoot(workspace: string, cwd: string): string {
  const top = resolve(workspace);
  if (existsSync(join(top, ".git"))) return top;
  for (let dir = resolve(cwd); dir !== top && isInsideFolder(dir, top); dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
  }
  return top;
}

/**
 * Finding paths relative to `from` (or absolute) → relative to `to` when inside it, forward slashes;
 * `to` itself is `.` (a finding about the whole repository, such as a shallow clone's history).
 */
export function rebaseFindings<F extends Finding>(findings: readonly F[], from: string, to: string): F[] {
  return findings.map((f) => ({ ...f, file: rebasePath(f.file, from, to) }));
}

/** A path relative to `from` (or absolute) → relative to `to` when inside it, forward slashes; `.` for `to` itself; else absolute. */
export function rebasePath(file: string, from: string, to: string): string {
  const absolute = resolve(from, file);
  const rel = relative(to, absolute);
  if (rel === "") return ".";
  const inside = !rel.startsWith("..") && !isAbsolute(rel);
  return inside ? rel.split(sep).join("/") : absolute;
}
