/**
 * The sticky PR comment over GitHub's REST API (through `@actions/github`'s Octokit): find meshkit's
 * comment by its hidden marker (every page of the pull request's comments), then update it in place,
 * or create it the first time. The token is the workflow's; it is never printed.
 *
 * Only a comment the token itself wrote is meshkit's: anyone can post a comment that starts with the
 * marker. Such a comment is never read (its "sections" would enter meshkit's verdict) nor edited (with
 * a person's token that could rewrite someone else's words); it is skipped, with a line in the log.
 */
import * as core from "@actions/core";
import type * as ActionsGithub from "@actions/github";
import type { GithubEvent } from "./event.js";
import { eventValue } from "./event.js";
import { PR_COMMENT_MARKER } from "./pr-comment.js";

/** The pull request a run is for. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  /**
   * Opened from another repository, on a `pull_request` event: its workflow token is read-only, so it cannot
   * comment. (Under `pull_request_target` the token is the base repository's, which can.)
   */
  fromFork: boolean;
  /** The head commit the run checks (`pull_request.head.sha`), when the payload names one. */
  headSha?: string;
}

export interface StickyCommentOptions {
  token: string;
  /** The REST API root (GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise Server's). */
  apiUrl: string;
  pullRequest: PullRequestRef;
  /** The new body from the current one (undefined: there is no comment yet). */
  update: (current: string | undefined) => string;
  /** How long all the API requests together may take; default `PR_COMMENT_TIMEOUT_MS`. */
  timeoutMs?: number;
}

/**
 * How long writing the PR comment may take, all requests together. Octokit sets no timeout of its own, so an
 * API that accepts the connection and never answers (a stalled proxy, an Enterprise Server in trouble) held a
 * step whose work was done for Node's 5 minutes a request, some 15 minutes a stage (who the token is, then the
 * comments); the comment is never worth that (the job summary has the report).
 */
export const PR_COMMENT_TIMEOUT_MS = 30_000;

export interface StickyCommentResult {
  action: "created" | "updated" | "unchanged";
  id: number;
  url: string;
  /** Who the token writes as (its comments are the only ones meshkit updates). */
  author: TokenIdentity;
  /** Comments that start with the marker but were written by someone else: skipped. */
  ignored: number;
}

/** Who a token writes comments as. */
export interface TokenIdentity {
  login: string;
  type: "Bot" | "User";
  /**
   * How it was learnt: `GET /user` (a person's token), GraphQL's `viewer` (an app's installation token,
   * such as the workflow's GITHUB_TOKEN, which `GET /user` refuses), or `assumed`: neither answered, so
   * the workflow token's author, `github-actions[bot]`.
   */
  source: "user" | "viewer" | "assumed";
}

/** The author of the comments a workflow's GITHUB_TOKEN writes. */
export const GITHUB_ACTIONS_AUTHOR: TokenIdentity = { login: "github-actions[bot]", type: "Bot", source: "assumed" };

/** What GitHub's REST API says of a comment's author (`user`, `performed_via_github_app`). */
export interface CommentAuthorship {
  user?: { login?: string; type?: string } | null;
  performed_via_github_app?: { slug?: string } | null;
}

/** The pull request of a `pull_request` / `pull_request_target` event, or undefined for any other event. */
export function pullRequestOf(event: GithubEvent | undefined): PullRequestRef | undefined {
  if (!event || (event.name !== "pull_request" && event.name !== "pull_request_target")) return undefined;
  const number = eventValue(event.payload, ["pull_request", "number"]) ?? eventValue(event.payload, ["number"]);
  const fullName = eventValue(event.payload, ["repository", "full_name"]);
  if (typeof number !== "number" || typeof fullName !== "string" || !fullName.includes("/")) return undefined;
  const [owner = "", repo = ""] = fullName.split("/");
  const headSha = eventValue(event.payload, ["pull_request", "head", "sha"]);
  return { owner, repo, number, fromFork: event.name === "pull_request" && isFromFork(event.payload, fullName), ...(typeof headSha === "string" && /^[0-9a-f]{40,64}$/.test(headSha) ? { headSha } : {}) };
}

/**
 * Whether the head repository is another one than the base: by name, else by the payload's `fork`
 * flag. A deleted fork has no head repository; its token is read-only all the same.
 */
function isFromFork(payload: Record<string, unknown>, base: string): boolean {
  const head = eventValue(payload, ["pull_request", "head", "repo"]);
  if (head === null) return true;
  const name = eventValue(payload, ["pull_request", "head", "repo", "full_name"]);
  if (typeof name === "string") return name !== base;
  return eventValue(payload, ["pull_request", "head", "repo", "fork"]) === true;
}

/** Creates or updates meshkit's comment on the pull request. Throws the API's error (the caller degrades). */
export async function upsertStickyComment(options: StickyCommentOptions): Promise<StickyCommentResult> {
  core.setSecret(options.token);
  // Loaded here, not with the module: @actions/github reads GITHUB_EVENT_PATH as it loads, and an event file
  // that is not JSON threw before any action's main could report it (a stack trace, exit 1). Here it is
  // the comment's error, which the caller turns into a notice.
  const { getOctokit } = await import("@actions/github");
  const octokit = getOctokit(options.token, { baseUrl: options.apiUrl.replace(/\/+$/, "") });
  const timeoutMs = options.timeoutMs ?? PR_COMMENT_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  // Set on each request's options (as a `before` hook must: a wrap hook's new options never reach the request),
  // not as getOctokit's `request` option, which would replace @actions/github's proxy-aware fetch.
  octokit.hook.before("request", (requestOptions) => {
    requestOptions.request = { ...requestOptions.request, signal: deadline };
  });
  octokit.hook.error("request", (error) => {
    if (deadline.aborted) throw new Error(`the GitHub API at ${options.apiUrl} gave no answer within ${timeoutMs / 1000} s`);
    throw error;
  });
  const { owner, repo, number } = options.pullRequest;
  const author = await tokenIdentity(octokit);
  const found = await findStickyComment(octokit, owner, repo, number, author);
  const ignored = found.ignored;
  let existing = found.existing;
  let result: StickyCommentResult | undefined;
  // GitHub has no conditional write for comments, so stages in parallel jobs (two projects, a matrix) race:
  // both find no comment and both create one, or both read the same body and the later write drops the
  // earlier one's section. So each write is checked: a comment created while another run created one too
  // gives way to the first (this section goes into that one, then this comment is deleted), and a section
  // that a later write dropped is put back; a bounded number of times.
  let duplicate: number | undefined;
  for (let round = 1; ; round++) {
    // Read again just before writing: reading every page of a long discussion takes a while, and another
    // run's write meanwhile must not be overwritten by a body from before it.
    if (existing !== undefined && round === 1) existing = await readComment(octokit, owner, repo, existing.id);
    const body = options.update(existing?.body);
    if (existing !== undefined && existing.body === body) {
      if (duplicate !== undefined) await octokit.rest.issues.deleteComment({ owner, repo, comment_id: duplicate });
      const action = result === undefined ? "unchanged" : result.action === "created" && result.id === existing.id ? "created" : "updated";
      return { action, id: existing.id, url: existing.url, author, ignored };
    }
    const written =
      existing === undefined
        ? (await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body })).data
        : (await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body })).data;
    if (duplicate !== undefined) await octokit.rest.issues.deleteComment({ owner, repo, comment_id: duplicate });
    const created = existing === undefined || (result?.action === "created" && result.id === written.id);
    result = { action: created ? "created" : "updated", id: written.id, url: written.html_url, author, ignored };
    if (round === STICKY_WRITE_ROUNDS) return result;
    const kept = existing === undefined ? (await findStickyComment(octokit, owner, repo, number, author)).existing : await readComment(octokit, owner, repo, written.id);
    if (kept === undefined) return result;
    // Left as written, or rewritten by a run that kept this section: done.
    if (kept.id === written.id && (kept.body === body || options.update(kept.body) === kept.body)) return result;
    duplicate = kept.id === written.id ? undefined : written.id;
    existing = kept;
  }
}

/** How many times a stage writes its section at most, when other runs write the same comment at the same time. */
export const STICKY_WRITE_ROUNDS = 3;

/** One comment as it is now (undefined: deleted meanwhile). */
async function readComment(octokit: Octokit, owner: string, repo: string, id: number): Promise<{ id: number; body: string; url: string } | undefined> {
  try {
    const { data } = await octokit.rest.issues.getComment({ owner, repo, comment_id: id });
    return { id: data.id, body: data.body ?? "", url: data.html_url };
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return undefined;
    throw error;
  }
}

type Octokit = ReturnType<typeof ActionsGithub.getOctokit>;

/**
 * Who the token writes as: `GET /user` for a person's token; an app's installation token (the
 * workflow's GITHUB_TOKEN) gets 403 there, and GraphQL's `viewer` names its bot instead. When neither
 * answers, the workflow token's author is assumed. A bad token (401) throws: nothing would work.
 */
export async function tokenIdentity(octokit: Octokit): Promise<TokenIdentity> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    if (typeof data.login === "string" && data.login !== "") return { login: data.login, type: data.type === "Bot" ? "Bot" : "User", source: "user" };
  } catch (error) {
    if ((error as { status?: unknown }).status === 401) throw error;
  }
  try {
    const result = await octokit.graphql<{ viewer?: { login?: unknown } }>("query { viewer { login } }");
    const login = result.viewer?.login;
    if (typeof login === "string" && login !== "") return { login, type: login.endsWith("[bot]") ? "Bot" : "User", source: "viewer" };
  } catch {
    // GitHub Enterprise Server without GraphQL for this token, or a proxy that only passes REST.
  }
  return GITHUB_ACTIONS_AUTHOR;
}

/**
 * Whether `author` (the token) wrote the comment: the same login (GitHub logins are case-insensitive)
 * and the same kind of account. A bot's comment names its app in `performed_via_github_app`; when it
 * does, it must be the bot's own app. A person's token writes without an app, so a comment that person
 * made through some app (a user-to-server token) is not the token's either.
 */
export function isOwnComment(comment: CommentAuthorship, author: Pick<TokenIdentity, "login" | "type">): boolean {
  const login = comment.user?.login;
  if (typeof login !== "string" || login.toLowerCase() !== author.login.toLowerCase()) return false;
  if ((comment.user?.type === "Bot") !== (author.type === "Bot")) return false;
  const app = comment.performed_via_github_app ?? null;
  if (author.type === "Bot") return app === null || app.slug === undefined || `${app.slug}[bot]`.toLowerCase() === author.login.toLowerCase();
  return app === null;
}

/**
 * The first comment that starts with the marker (as meshkit writes it; a reply that mentions the
 * marker does not start with it) and that the token wrote, reading page by page and stopping at the
 * first match. Marker comments by anyone else are counted and logged, never used.
 */
async function findStickyComment(
  octokit: Octokit,
  owner: string,
  repo: string,
  issueNumber: number,
  author: TokenIdentity,
): Promise<{ existing: { id: number; body: string; url: string } | undefined; ignored: number }> {
  let ignored = 0;
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
  for await (const page of pages) {
    for (const comment of page.data) {
      if (!comment.body?.startsWith(PR_COMMENT_MARKER)) continue;
      if (isOwnComment(comment, author)) return { existing: { id: comment.id, body: comment.body, url: comment.html_url }, ignored };
      ignored++;
      core.info(`PR comment ${comment.html_url} starts with meshkit's marker but was written by ${comment.user?.login ?? "a deleted account"}, not by this token (${author.login}): left alone.`);
    }
  }
  return { existing: undefined, ignored };
}
