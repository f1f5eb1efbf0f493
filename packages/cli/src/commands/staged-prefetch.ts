import { execFile } from "node:child_process";

/**
 * The two git questions the pre-commit hook starts with — where the working tree's top level is, and
 * which paths are staged — asked before the hook's modules load (~100 ms of compiling on a busy
 * machine), so that the two git processes run on another core meanwhile instead of one after the other
 * afterwards. Deliberately no import of @meshkit/core (loading it is what this overlaps with).
 *
 * An answer is only a shortcut: `undefined` when git failed, or printed more than this reads, and the
 * hook then asks again through @meshkit/core's `gitTopLevel` / `stagedPaths`, which report the error
 * properly (not a repository, git missing, …). The staged paths are used only with the top level
 * answered here, in the same repository.
 */
export interface StagedPrefetch {
  top: Promise<string | undefined>;
  /** Paths relative to the top level, as @meshkit/core's `stagedPaths(top)` lists them. */
  paths: Promise<string[] | undefined>;
}

// As @meshkit/core's git helper allows; larger outputs fall back to it (and to its error message).
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export function prefetchStaged(cwd: string): StagedPrefetch {
  // One shell running both git commands: starting a process blocks this thread for several milliseconds
  // (fork and exec; 8-15 ms each on the shared development machine), the shell's two starts do not.
  // Its output: each staged path NUL-terminated, then the top level and a newline, which makes it
  // unambiguous (a path never contains NUL). `--no-relative`: the paths stay relative to the top level
  // even with `diff.relative` set, exactly as `stagedPaths` run at the top level lists them. Without
  // a POSIX shell (Windows outside Git Bash) the answer is undefined and the hook asks git itself.
  const answer = shellOutput(`git diff --cached --name-only -z --diff-filter=ACMR --no-renames --no-relative && git rev-parse --show-toplevel`, cwd).then((out) => {
    if (out === undefined || !out.endsWith("\n")) return undefined;
    const parts = out.slice(0, -1).split("\0");
    const top = parts.pop()?.trim(); // as gitTopLevel trims it
    return top ? { top, paths: parts } : undefined;
  });
  return { top: answer.then((a) => a?.top), paths: answer.then((a) => a?.paths) };
}

function shellOutput(script: string, cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      execFile("sh", ["-c", script], { cwd, maxBuffer: MAX_OUTPUT_BYTES, encoding: "utf8" }, (error, stdout) => resolve(error ? undefined : stdout));
    } catch {
      resolve(undefined);
    }
  });
}
