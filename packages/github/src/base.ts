/**
 * Which commit schema-compat compares with, and making sure it is in the clone.
 *
 * The `base` input wins. Otherwise the triggering event says: a pull request (or
 * `pull_request_target`) compares with its base commit (where HEAD forked from it, when HEAD is the pull
 * request's head rather than its merge commit), a push with the commit the branch pointed
 * at before (`before`; for a new branch, the parent of HEAD), a merge queue group with its base.
 * `actions/checkout` clones with depth 1, so the base commit is usually missing: it is fetched by
 * its SHA (`git fetch --no-tags --depth=1 origin <sha>`), with the action's `github-token` when origin is
 * https: a checkout with `persist-credentials: false` leaves no credentials for a private repository.
 * git runs with an argument array, never a shell, and only a validated 40-hex SHA is passed to it.
 */
import { UsageError, git, gitTopLevel, mergeBase, remoteTokenEnv, tryResolveCommit } from "@meshkit/core";
import { eventValue, type GithubEvent } from "./event.js";

const SHA = /^[0-9a-f]{40}$/;
const ZERO_SHA = /^0{40}$/;

/** What the event names as the base, before git is asked anything. */
export type EventBase =
  /** A commit by SHA; `source` says where it came from, for messages. */
  | { kind: "commit"; sha: string; source: string }
  /** A push that created a branch: the parent of HEAD. */
  | { kind: "parent"; source: string };

/** The base is a commit, a ref or a folder to compare with; or there is nothing to compare (`reason` says why). */
export type ResolvedBase = { ref: string; label: string } | { ref: undefined; reason: string };

/** How the action's user names a base; `ResolveBaseOptions.askForBase` words it for another entry point. */
const ASK_FOR_BASE = "set the `base` input to the ref to compare with (e.g. `base: origin/main` or a release tag)";

const PUSH_BEFORE = "before the push";
const PULL_REQUEST_BASE = "pull request base";
/** A push's `before` that origin no longer has was force-pushed away: more history cannot bring it back. */
function forcePushHint(askForBase: string): string {
  return `if the push was forced, that commit is gone from origin: ${askForBase}`;
}

/** The base an event names; a `UsageError` for events without one, or a payload without a valid SHA. */
export function baseFromEvent(event: GithubEvent | undefined): EventBase {
  if (!event) throw new UsageError(`no base to compare with: this is not a workflow run (no GITHUB_EVENT_NAME); ${ASK_FOR_BASE}`);
  switch (event.name) {
    case "pull_request":
    case "pull_request_target":
      return { kind: "commit", sha: shaAt(event, ["pull_request", "base", "sha"]), source: PULL_REQUEST_BASE };
    case "merge_group":
      return { kind: "commit", sha: shaAt(event, ["merge_group", "base_sha"]), source: "merge group base" };
    case "push": {
      const before = shaAt(event, ["before"]);
      return ZERO_SHA.test(before) ? { kind: "parent", source: "new branch: parent of HEAD" } : { kind: "commit", sha: before, source: PUSH_BEFORE };
    }
    default:
      throw new UsageError(`no base to compare with for a ${oneWord(event.name)} event (only pull_request, pull_request_target, push and merge_group name one); ${ASK_FOR_BASE}`);
  }
}

function shaAt(event: GithubEvent, path: readonly string[]): string {
  const value = eventValue(event.payload, path);
  if (typeof value === "string" && SHA.test(value)) return value;
  throw new UsageError(`the ${event.name} event payload has no commit SHA at ${path.join(".")}; ${ASK_FOR_BASE}`);
}

/** An event name in a message: it comes from the environment, so keep it to a harmless word. */
function oneWord(name: string): string {
  return /^[\w-]{1,60}$/.test(name) ? name : "this";
}

export interface ResolveBaseOptions {
  /** The `base` input ("" when not set). */
  input: string;
  /** The triggering event; only read when there is no `base` input. */
  event: () => GithubEvent | undefined;
  /** Where git runs (the working directory). */
  cwd: string;
  /** Progress lines for the log. */
  log?: (line: string) => void;
  /**
   * The token a missing commit is fetched from an https origin with (the `github-token` input), sent as an
   * HTTP header for that fetch only. Empty: the clone's own credentials, if any.
   */
  token?: string;
  /** How a message tells the user to name the base themselves (default: the action's `base` input). */
  askForBase?: string;
}

/** The base to give `runCompat`, with the commit fetched when the clone lacks it. */
export async function resolveBase(options: ResolveBaseOptions): Promise<ResolvedBase> {
  const log = options.log ?? (() => {});
  const askForBase = options.askForBase ?? ASK_FOR_BASE;
  if (options.input !== "") {
    // A full SHA can be fetched; a branch, tag or folder is left to runCompat, which explains what is missing.
    if (SHA.test(options.input)) await ensureCommit(options.input, options.cwd, { log, token: options.token, askForBase });
    return { ref: options.input, label: options.input };
  }
  const event = options.event();
  const base = baseFromEvent(event);
  await checkRepository(options.cwd);
  if (base.kind === "commit") {
    await ensureCommit(base.sha, options.cwd, { log, token: options.token, askForBase, ...(base.source === PUSH_BEFORE ? { advice: forcePushHint(askForBase) } : {}) });
    await refuseBaseCheckedOut(base, event!, options.cwd, askForBase);
    // A checkout of the pull request's head (not its merge commit) left the base branch where it forked: the
    // base branch's later commits are not the pull request's changes, and would read as reverted by it. (A merge
    // commit's first parent is the base itself; a shallow clone that cannot tell keeps the event's commit.)
    // (A push keeps `before`: after a forced push, what consumers saw then is what HEAD changes.)
    const fork = base.source === PULL_REQUEST_BASE ? await mergeBase(base.sha, "HEAD", options.cwd).catch(() => undefined) : undefined;
    if (fork !== undefined && fork !== base.sha) {
      log(`Comparing with ${fork}, where HEAD forked from the ${base.source} ${base.sha}.`);
      return { ref: fork, label: `${fork.slice(0, 12)} (where HEAD forked from the event's base ${base.sha.slice(0, 7)})` };
    }
    log(`Comparing with ${base.sha} (${base.source}).`);
    return { ref: base.sha, label: `${base.sha.slice(0, 7)} (${base.source})` };
  }
  const parent = await parentOfHead(options.cwd, log, options.token, askForBase);
  if (!parent) return { ref: undefined, reason: "nothing to compare: this push created a branch whose first commit has no parent." };
  log(`Comparing with ${parent} (${base.source}).`);
  return { ref: parent, label: `${parent.slice(0, 7)} (parent of HEAD)` };
}

/** Where each event's payload names the commit whose changes are checked (HEAD of a correct checkout, or its merge). */
const EVENT_HEAD: Readonly<Record<string, readonly string[]>> = {
  pull_request: ["pull_request", "head", "sha"],
  pull_request_target: ["pull_request", "head", "sha"],
  merge_group: ["merge_group", "head_sha"],
  push: ["after"],
};

/**
 * HEAD at the base commit itself, while the event has changes to check: the checkout holds the base, not the
 * changes (a `pull_request_target` workflow's default checkout is the base branch; so is `ref: main`), and
 * comparing the base with itself would pass every pull request. A pull request whose head is its base
 * (nothing to merge) is no such mistake.
 */
async function refuseBaseCheckedOut(base: Extract<EventBase, { kind: "commit" }>, event: GithubEvent, cwd: string, askForBase: string): Promise<void> {
  const path = EVENT_HEAD[event.name];
  const changes = path ? eventValue(event.payload, path) : undefined;
  if (typeof changes === "string" && changes === base.sha) return;
  if ((await tryResolveCommit("HEAD", cwd)) !== base.sha) return;
  const checkout = event.name === "push" ? "`ref: ${{ github.sha }}`" : event.name === "merge_group" ? "the default `ref`" : "`ref: ${{ github.event.pull_request.head.sha }}`";
  throw new UsageError(
    `HEAD is ${base.sha}, ${base.source === PUSH_BEFORE ? "the commit before the push" : `the ${base.source}`} itself: this checkout holds the base, not the changes to check${event.name === "pull_request_target" ? " (pull_request_target checks out the base branch by default; a pull_request workflow checks out the changes without running untrusted code with secrets)" : ""}, so nothing would be compared. Check out the changes (actions/checkout ${checkout}), or ${askForBase}`,
  );
}

async function checkRepository(cwd: string): Promise<void> {
  try {
    await gitTopLevel(cwd);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`the working directory is not in a git repository (check it out first with actions/checkout): ${reason}`);
  }
}

/** Whether the clone has this commit (not just a shallow clone's knowledge of its name). */
async function hasCommit(sha: string, cwd: string): Promise<boolean> {
  try {
    await git(["cat-file", "-e", `${sha}^{commit}`], cwd);
    return true;
  } catch {
    return false;
  }
}

export interface EnsureCommitOptions {
  log?: (line: string) => void;
  /** What to do when more history cannot help (default: check out with `fetch-depth: 0`). */
  advice?: string;
  /** The token for an https origin (`ResolveBaseOptions.token`). */
  token?: string | undefined;
  /** How to name the base instead when origin lacks the commit (`ResolveBaseOptions.askForBase`). */
  askForBase?: string;
}

/**
 * Fetches `sha` from origin when the clone lacks it; fails with one line saying how to check out enough
 * history, or `advice` when more history cannot help.
 */
export async function ensureCommit(sha: string, cwd: string, options: EnsureCommitOptions = {}): Promise<void> {
  const { log = () => {}, advice, token, askForBase = ASK_FOR_BASE } = options;
  if (!SHA.test(sha)) throw new UsageError(`base ${JSON.stringify(sha.slice(0, 80))} is not a 40-character commit SHA`);
  if (await hasCommit(sha, cwd)) return;
  log(`The base commit ${sha} is not in this clone (a shallow checkout?); fetching it from origin.`);
  await fetchFromOrigin(sha, 1, cwd, `the base commit ${sha}`, token, advice, askForBase);
  if (!(await hasCommit(sha, cwd))) throw fetchAdvice(`the base commit ${sha}`, "origin did not send it", advice);
}

/** HEAD's first parent, deepening a shallow clone by one commit if needed; undefined for a root commit. */
async function parentOfHead(cwd: string, log: (line: string) => void, token: string | undefined, askForBase: string): Promise<string | undefined> {
  const parent = await tryParent(cwd);
  if (parent) return parent;
  const shallow = (await git(["rev-parse", "--is-shallow-repository"], cwd)).trim() === "true";
  if (!shallow) return undefined;
  const head = (await git(["rev-parse", "--verify", "HEAD^{commit}"], cwd)).trim();
  if (!SHA.test(head)) throw new UsageError(`HEAD is not a commit SHA git can fetch: ${head.slice(0, 80)}`);
  log(`The parent of HEAD is not in this shallow clone; fetching it from origin.`);
  await fetchFromOrigin(head, 2, cwd, "the parent of HEAD", token, undefined, askForBase);
  return tryParent(cwd);
}

async function tryParent(cwd: string): Promise<string | undefined> {
  try {
    return (await git(["rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"], cwd)).trim();
  } catch {
    return undefined;
  }
}

/** Fetches `sha` and `depth - 1` commits before it from origin; `token` goes to an https origin as a header. */
async function fetchFromOrigin(sha: string, depth: number, cwd: string, what: string, token: string | undefined, advice?: string, askForBase = ASK_FOR_BASE): Promise<void> {
  try {
    const env = await remoteTokenEnv("origin", cwd, token, "fetch");
    // Core's `git` runs execFile with this array and masks credentials in what it reports.
    await git(["fetch", "--no-tags", "--quiet", `--depth=${depth}`, "origin", sha], cwd, env);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw fetchAdvice(what, reason, advice ?? (ORIGIN_LACKS_COMMIT.test(reason) ? originLacksHint(askForBase) : undefined));
  }
}

/** What git says when origin answered but has no such commit (`not our ref`): no fetch depth brings it. */
const ORIGIN_LACKS_COMMIT = /not our ref|couldn't find remote ref|no such remote ref/i;
function originLacksHint(askForBase: string): string {
  return `origin does not have that commit (a branch force-pushed since the event, or a re-run of an old event), so more history cannot bring it: ${askForBase}`;
}

function fetchAdvice(what: string, reason: string, advice = "set `fetch-depth: 0` on actions/checkout"): UsageError {
  return new UsageError(`${what} is not in this clone and could not be fetched (${reason}): ${advice}`);
}
