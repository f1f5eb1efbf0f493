/**
 * `git:<repo>#<branch>`: the catalog is a branch of a catalog repository (a path or a URL).
 *
 * A publish works in a temporary repository: fetch the branch's tip (depth 1), run the plan on its
 * files, commit, push (the repository is given to fetch and push by its path or URL; no remote is
 * configured). Several domain repositories publish at the same moment, so a push may be
 * rejected because another publisher's commit landed first. Then the tip is fetched again, the work
 * tree reset to it and the plan run again on the new content (entries are per-product files and the
 * index is recomputed from them, so re-applying is exact: nothing another publisher wrote is lost),
 * after an exponential backoff with full jitter, a bounded number of times.
 *
 * git always runs with argument arrays (never a shell), without prompts, hooks or signing, and
 * with the token (when given) passed as an HTTP header through GIT_CONFIG_* environment variables,
 * never on a command line and never printed.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { MESHKIT_GIT_IDENTITY, UsageError, gitMessageLine, gitStallConfig, gitTokenConfig, withGitConfig, confinedFolder, writeConfined } from "@meshkit/core";
import { type CatalogStore, type CatalogTargetSpec, type PlannedUpdate, type UpdateOutcome, isRemoteRepository, redactUrl } from "./target.js";

export interface GitCatalogOptions {
  /** A token for an HTTPS remote (GitHub: a token with contents:write); sent as a Basic auth header. */
  token?: string;
  /** Author of the catalog commits. */
  author?: { name: string; email: string };
  retry?: RetryOptions;
  /** Seconds an http(s) fetch or push may receive nothing before it is given up (default: core's GIT_STALL_SECONDS). */
  stallSeconds?: number;
}

export interface RetryOptions {
  /** Pushes tried before giving up (default 20). */
  attempts?: number;
  /** Smallest first backoff ceiling in ms (default 100); the ceiling is at least one attempt's duration and doubles per rejection. */
  baseDelayMs?: number;
  /** Largest backoff ceiling in ms (default 5000). */
  maxDelayMs?: number;
}

const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 20, baseDelayMs: 100, maxDelayMs: 5000 };

/**
 * A push that lost a race: the branch moved since the fetch (`[rejected] (fetch first)`,
 * `non-fast-forward`), or a concurrent push held or changed the ref while this one updated it
 * (`[remote rejected] (failed to update ref)`, `cannot lock ref … is at X but expected Y`). Any other
 * rejection (a protected branch, a hook that declined, no permission) is final and reported.
 */
const LOST_RACE = /\((?:fetch first|non-fast-forward|stale info)\)|failed to update ref|cannot lock ref|failed to lock|incorrect old value|but expected [0-9a-f]/i;

const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Fetches of a branch that `ls-remote` lists though a fetch found none (created in between) before that is an error. */
const BRANCH_APPEARED_FETCHES = 3;

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function gitCatalog(spec: Extract<CatalogTargetSpec, { type: "git" }>, options: GitCatalogOptions = {}): CatalogStore {
  const display = `git:${redactUrl(spec.repo)}#${spec.branch}`;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const env = gitEnvironment(options);

  const run = (args: string[], cwd: string): Promise<GitResult> =>
    new Promise((resolvePromise, reject) => {
      execFile("git", args, { cwd, env, maxBuffer: MAX_OUTPUT_BYTES, encoding: "utf8" }, (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "git is not installed or not on PATH" : gitMessageLine(error.message);
          return reject(new UsageError(`catalog ${display}: cannot run git: ${reason}`));
        }
        resolvePromise({ code: error ? Number(error.code) : 0, stdout, stderr });
      });
    });
  const must = async (args: string[], cwd: string, what: string): Promise<string> => {
    const result = await run(args, cwd);
    if (result.code !== 0) throw new UsageError(`catalog ${display}: ${what} failed: ${gitReason(result) || `git exited with ${result.code}`}`);
    return result.stdout;
  };

  /** A temporary repository to work in (the catalog repository is named by URL/path in each command, never as a configured remote). */
  const workspace = async (): Promise<string> => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-catalog-"));
    try {
      await must(["init", "-q", dir], dir, "git init");
      return dir;
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  };

  /**
   * Makes the work tree the branch's current tip, or an empty orphan branch when the repository has
   * none yet. One fetch in the common case; `ls-remote` only to tell "no such branch" from "unreachable".
   */
  const sync = async (dir: string): Promise<"exists" | "absent"> => {
    const ref = `refs/heads/${spec.branch}`;
    const tracking = `refs/remotes/origin/${spec.branch}`;
    for (let fetches = 1; ; fetches++) {
      const fetched = await run(["fetch", "-q", "--no-tags", "--depth=1", spec.repo, `+${ref}:${tracking}`], dir);
      if (fetched.code === 0) {
        // -f -B: the branch, index and work tree become the fetched tip (our rejected commit included).
        await must(["checkout", "-q", "-f", "-B", spec.branch, tracking], dir, "git checkout");
        return "exists";
      }
      const listed = await run(["ls-remote", "--exit-code", "--heads", spec.repo, ref], dir);
      if (listed.code === 2) {
        await must(["symbolic-ref", "HEAD", ref], dir, "git symbolic-ref");
        await run(["update-ref", "-d", ref], dir);
        await must(["read-tree", "--empty"], dir, "git read-tree");
        await must(["clean", "-q", "-f", "-d", "-x"], dir, "git clean");
        return "absent";
      }
      // The branch is there now, though the fetch found none: the first publishers to a new catalog
      // race, and another one's push created it between the two commands. Fetch it again.
      if (listed.code === 0 && fetches < BRANCH_APPEARED_FETCHES) continue;
      if (listed.code === 0) throw new UsageError(`catalog ${display}: git fetch failed: ${gitReason(fetched) || `git exited with ${fetched.code}`}`);
      throw new UsageError(`cannot reach catalog ${display}: ${gitReason(listed) || gitReason(fetched) || `git ls-remote exited with ${listed.code}`}`);
    }
  };

  return {
    spec,
    display,
    label: (path) => `${display}:${path}`,
    async reach(): Promise<void> {
      if (!isRemoteRepository(spec.repo) && !existsSync(spec.repo)) throw new UsageError(`cannot reach catalog ${display}: no repository at ${spec.repo}`);
      // Reachable and readable with these credentials; a branch that is not there yet (exit 2) is made by the first update.
      const listed = await run(["ls-remote", "--exit-code", "--heads", spec.repo, `refs/heads/${spec.branch}`], tmpdir());
      if (listed.code !== 0 && listed.code !== 2) throw new UsageError(`cannot reach catalog ${display}: ${gitReason(listed) || `git ls-remote exited with ${listed.code}`}`);
    },
    async update<T extends PlannedUpdate>(plan: (dir: string) => Promise<T> | T, updateOptions: { dryRun: boolean }): Promise<T & UpdateOutcome> {
      const dir = await workspace();
      try {
        for (let attempt = 1; ; attempt++) {
          const started = Date.now();
          await sync(dir);
          const planned = await plan(dir);
          if (updateOptions.dryRun || planned.writes.length === 0) return { ...planned, attempts: attempt };
          // The work tree is the branch's content, links included: a write through one must not land outside.
          writeConfined(confinedFolder(dir, `the catalog ${display}`), planned.writes);
          await must(["add", "-A", "--", "."], dir, "git add");
          await must(["commit", "-q", "--no-verify", "-m", planned.message], dir, "git commit");
          const pushed = await run(["push", "--porcelain", "--no-verify", spec.repo, `HEAD:refs/heads/${spec.branch}`], dir);
          if (pushed.code === 0) {
            const commit = (await must(["rev-parse", "HEAD"], dir, "git rev-parse")).trim();
            return { ...planned, attempts: attempt, commit };
          }
          if (!LOST_RACE.test(`${pushed.stdout}\n${pushed.stderr}`)) {
            throw new UsageError(`catalog ${display}: git push failed: ${pushReason(pushed) || `git exited with ${pushed.code}`}`);
          }
          if (attempt >= retry.attempts) {
            throw new UsageError(`catalog ${display}: the push was rejected ${attempt} times (other publishers kept updating the branch); nothing was published, run again`);
          }
          // Full jitter: a random wait up to a ceiling that doubles per rejection. The ceiling starts at
          // the time an attempt takes (at least baseDelayMs), so publishers that lost together spread
          // out over several attempts' time instead of fetching and colliding again in lockstep.
          const ceiling = Math.max(retry.baseDelayMs, Date.now() - started) * 2 ** (attempt - 1);
          await sleep(Math.random() * Math.min(retry.maxDelayMs, ceiling));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async read<T>(read: (dir: string) => Promise<T> | T): Promise<T> {
      const dir = await workspace();
      try {
        if ((await sync(dir)) === "absent") throw new UsageError(`catalog ${display} has no branch ${spec.branch} yet: publish to it first`);
        return await read(dir);
      } finally {
        if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** git's environment: no prompts, no system/global hooks or signing surprises, the committer, the token. */
function gitEnvironment(options: GitCatalogOptions): NodeJS.ProcessEnv {
  const author = options.author ?? MESHKIT_GIT_IDENTITY;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: "0",
    GIT_ASKPASS: "",
    SSH_ASKPASS: "",
    GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? "ssh -o BatchMode=yes",
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    LC_ALL: "C",
  };
  return withGitConfig(env, [["core.hooksPath", "/dev/null"], ["commit.gpgsign", "false"], ["init.defaultBranch", "main"], ...gitStallConfig(options.stallSeconds), ...gitTokenConfig(options.token)]);
}

/** The line of git's output that says what went wrong, on one line, URLs' credentials masked. */
function gitReason(result: GitResult): string {
  const lines = `${result.stderr}\n${result.stdout}`.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines.find((l) => !/^(hint|warning):/.test(l)) ?? "";
  // With prompts off, git says a refused (or missing) token as the prompt it could not show.
  if (/could not read (Username|Password) for .*terminal prompts disabled/.test(line)) return "the repository refused the request without valid credentials: give a token with access to it";
  return gitMessageLine(line);
}

/** Why a push was refused: the ref's status line of `--porcelain` (`!\t<ref>\t[remote rejected] (reason)`), else git's error. */
function pushReason(result: GitResult): string {
  const status = result.stdout.split(/\r?\n/).find((line) => line.startsWith("!"));
  const summary = status?.split("\t")[2];
  const remote = result.stderr.split(/\r?\n/).find((line) => /^remote: \S/.test(line));
  if (summary) return gitMessageLine(`${summary}${remote ? ` — ${remote}` : ""}`);
  return gitReason(result);
}

