/**
 * The working tree and the branches around it, for `meshkit ci --event push`: a release is tagged on
 * HEAD, so what it releases must be HEAD's content, made from the default branch.
 */
import { git } from "./git.js";
import { UsageError } from "./findings.js";

/** A path (relative to the top level) whose working-tree content differs from HEAD. */
export interface WorktreeChange {
  path: string;
  /** Not in HEAD nor the index (git ignores it unless a `.gitignore` says otherwise). */
  untracked: boolean;
}

/**
 * What differs from HEAD at `paths` (files or folders, absolute or relative to `cwd`; default: `cwd`):
 * modified, staged, deleted and untracked files (ignored ones are left out, as git leaves them out).
 * Paths are relative to the top level.
 */
export async function worktreeChanges(cwd: string, paths: readonly string[] = ["."]): Promise<WorktreeChange[]> {
  // -z: paths verbatim (no quoting); --no-renames: one path per entry; "all": each untracked file, not its folder.
  // Literal pathspecs: a folder named `[draft]` is that folder, not a glob.
  const env = { ...process.env, GIT_LITERAL_PATHSPECS: "1" };
  const out = await git(["status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", "--", ...paths], cwd, env);
  const changes: WorktreeChange[] = [];
  for (const entry of out.split("\0")) {
    if (entry.length < 4) continue; // "XY path": the trailing empty field
    changes.push({ path: entry.slice(3), untracked: entry.startsWith("??") });
  }
  return changes;
}

/** The branch HEAD is on (`main`), or undefined for a detached HEAD (what most CI systems check out). */
export async function currentBranch(cwd: string): Promise<string | undefined> {
  return (await tryGitLine(["symbolic-ref", "--quiet", "--short", "HEAD"], cwd)) || undefined;
}

/**
 * The repository's default branch, as this clone knows it: where `origin/HEAD` points, else the
 * `init.defaultBranch` setting; undefined when neither says (a plain `git init`, a remote not named origin).
 */
export async function defaultBranchName(cwd: string): Promise<string | undefined> {
  const remoteHead = await tryGitLine(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"], cwd);
  if (remoteHead?.startsWith("origin/")) return remoteHead.slice("origin/".length);
  return (await tryGitLine(["config", "--get", "init.defaultBranch"], cwd)) || undefined;
}

/** git's one-line answer, or undefined when git says no (exit 1: not a symbolic ref, setting not set). */
async function tryGitLine(args: string[], cwd: string): Promise<string | undefined> {
  try {
    return (await git(args, cwd)).replace(/\r?\n$/, "");
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}
