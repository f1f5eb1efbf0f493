/**
 * The sticky PR comment over GitHub's REST API (through `@actions/github`'s Octokit): find meshkit's
 * comment by its hidden marker (every page of the pull request's comments), then update it in place,
 * or create it the first time. The token is the workflow's; it is never printed.
 */
import * as core from "@actions/core";
import { getOctokit } from "@actions/github";
import type { GithubEvent } from "./event.js";
import { eventValue } from "./event.js";
import { PR_COMMENT_MARKER } from "./pr-comment.js";

/** The pull request a run is for. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  /** Opened from another repository: its workflow token is read-only, so it cannot comment. */
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
}

export interface StickyCommentResult {
  action: "created" | "updated" | "unchanged";
  id: number;
  url: string;
}

/** The pull request of a `pull_request` / `pull_request_target` event, or undefined for any other event. */
export function pullRequestOf(event: GithubEvent | undefined): PullRequestRef | undefined {
  if (!event || (event.name !== "pull_request" && event.name !== "pull_request_target")) return undefined;
  const number = eventValue(event.payload, ["pull_request", "number"]) ?? eventValue(event.payload, ["number"]);
  const fullName = eventValue(event.payload, ["repository", "full_name"]);
  if (typeof number !== "number" || typeof fullName !== "string" || !fullName.includes("/")) return undefined;
  const [owner = "", repo = ""] = fullName.split("/");
  const headSha = eventValue(event.payload, ["pull_request", "head", "sha"]);
  return { owner, repo, number, fromFork: isFromFork(event.payload, fullName), ...(typeof headSha === "string" && /^[0-9a-f]{40,64}$/.test(headSha) ? { headSha } : {}) };
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
  const octokit = getOctokit(options.token, { baseUrl: options.apiUrl.replace(/\/+$/, "") });
  const { owner, repo, number } = options.pullRequest;
  const existing = await findStickyComment(octokit, owner, repo, number);
  const body = options.update(existing?.body);
  if (existing === undefined) {
    const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body });
    return { action: "created", id: data.id, url: data.html_url };
  }
  if (existing.body === body) return { action: "unchanged", id: existing.id, url: existing.url };
  const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
  return { action: "updated", id: data.id, url: data.html_url };
}

type Octokit = ReturnType<typeof getOctokit>;

/**
 * The first comment that starts with the marker (as meshkit writes it; a reply that mentions the
 * marker does not start with it), reading page by page and stopping at the first match.
 */
async function findStickyComment(octokit: Octokit, owner: string, repo: string, issueNumber: number): Promise<{ id: number; body: string; url: string } | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
  for await (const page of pages) {
    const found = page.data.find((comment) => comment.body?.startsWith(PR_COMMENT_MARKER));
    if (found) return { id: found.id, body: found.body ?? "", url: found.html_url };
  }
  return undefined;
}
