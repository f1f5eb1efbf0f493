import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PR_COMMENT_MARKER } from "./pr-comment.js";
import { pullRequestOf, upsertStickyComment } from "./sticky-comment.js";
import { type FakeGithubApi, startFakeGithubApi } from "./github-api-server.js";

const REPO = "acme/sales-domain";
const pullRequest = { owner: "acme", repo: "sales-domain", number: 7, fromFork: false };

describe("pullRequestOf", () => {
  const payload = (head: string | null) => ({
    number: 7,
    repository: { full_name: REPO },
    pull_request: { number: 7, head: { repo: head === null ? null : { full_name: head } }, base: { repo: { full_name: REPO } } },
  });
  it("names the pull request and whether it comes from a fork", () => {
    expect(pullRequestOf({ name: "pull_request", payload: payload(REPO) })).toEqual(pullRequest);
    expect(pullRequestOf({ name: "pull_request", payload: payload("someone/sales-domain") })?.fromFork).toBe(true);
    expect(pullRequestOf({ name: "pull_request", payload: payload(null) })?.fromFork).toBe(true);
  });
  it("is undefined for other events", () => {
    expect(pullRequestOf({ name: "push", payload: { repository: { full_name: REPO } } })).toBeUndefined();
    expect(pullRequestOf(undefined)).toBeUndefined();
  });
});

describe("upsertStickyComment against a local server that answers as GitHub's REST API does", () => {
  let api: FakeGithubApi;
  beforeEach(async () => {
    api = await startFakeGithubApi();
  });
  afterEach(async () => {
    await api.close();
  });

  const upsert = (text: string, token = "ghs_write_token") =>
    upsertStickyComment({ token, apiUrl: api.url, pullRequest, update: (current) => `${PR_COMMENT_MARKER}\n${text}\n(previous: ${current === undefined ? "none" : "some"})` });

  it("creates the comment once, then updates it in place", async () => {
    const created = await upsert("first");
    expect(created.action).toBe("created");
    const updated = await upsert("second");
    expect(updated).toMatchObject({ action: "updated", id: created.id });
    const unchanged = await upsert("second");
    expect(unchanged.action).toBe("unchanged");
    const comments = api.comments(REPO, 7);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toBe(`${PR_COMMENT_MARKER}\nsecond\n(previous: some)`);
    expect(api.requests.filter((r) => r.method !== "GET").map((r) => r.method)).toEqual(["POST", "PATCH"]);
    expect(api.requests.every((r) => r.authorization === "token ghs_write_token")).toBe(true);
  });

  it("finds its comment on a later page of a long discussion, and ignores comments that only mention the marker", async () => {
    for (let i = 0; i < 230; i++) api.addComment(REPO, 7, i === 3 ? `quoting: ${PR_COMMENT_MARKER}` : `review comment ${i}`);
    const created = await upsert("first");
    const updated = await upsert("second");
    expect(updated.id).toBe(created.id);
    const pages = api.requests.filter((r) => r.method === "GET").map((r) => new URL(r.url, api.url).searchParams.get("page") ?? "1");
    // The second search read three pages of 100 to reach comment 231.
    expect(pages.slice(-3)).toEqual(["1", "2", "3"]);
    expect(api.comments(REPO, 7).filter((c) => c.body.startsWith(PR_COMMENT_MARKER))).toHaveLength(1);
  });

  it("fails with the API's status when the token may not write (a fork's) or is wrong", async () => {
    await expect(upsert("x", "ghs_read_only_token")).rejects.toMatchObject({ status: 403 });
    await expect(upsert("x", "not-a-token")).rejects.toMatchObject({ status: 401 });
    expect(api.comments(REPO, 7)).toHaveLength(0);
  });
});
