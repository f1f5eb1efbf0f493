import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PR_COMMENT_MARKER } from "./pr-comment.js";
import { STICKY_WRITE_ROUNDS, isOwnComment, pullRequestOf, upsertStickyComment } from "./sticky-comment.js";
import { type FakeComment, type FakeGithubApi, GITHUB_ACTIONS_APP, GITHUB_ACTIONS_BOT, type RecordedRequest, startFakeGithubApi } from "./github-api-server.js";

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
    // pull_request_target runs with the base repository's token, which may comment on a fork's pull request.
    expect(pullRequestOf({ name: "pull_request_target", payload: payload("someone/sales-domain") })?.fromFork).toBe(false);
  });
  it("is undefined for other events", () => {
    expect(pullRequestOf({ name: "push", payload: { repository: { full_name: REPO } } })).toBeUndefined();
    expect(pullRequestOf(undefined)).toBeUndefined();
  });
});

describe("upsertStickyComment against a local server that answers as GitHub's REST API does", () => {
  let api: FakeGithubApi;
  beforeEach(async () => {
    api = await startFakeGithubApi({ userTokens: { ghp_maintainer_token: "maintainer" } });
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
    // The comment writes (the token's identity is asked on POST /graphql, a read).
    expect(api.requests.filter((r) => r.method !== "GET" && r.url !== "/graphql").map((r) => r.method)).toEqual(["POST", "PATCH"]);
    expect(api.requests.every((r) => r.authorization === "token ghs_write_token")).toBe(true);
  });

  it("finds its comment on a later page of a long discussion, and ignores comments that only mention the marker", async () => {
    for (let i = 0; i < 230; i++) api.addComment(REPO, 7, i === 3 ? `quoting: ${PR_COMMENT_MARKER}` : `review comment ${i}`);
    const created = await upsert("first");
    const updated = await upsert("second");
    expect(updated.id).toBe(created.id);
    const pages = api.requests.filter((r) => r.method === "GET" && r.url.includes("/issues/7/comments")).map((r) => new URL(r.url, api.url).searchParams.get("page") ?? "1");
    // The second search read three pages of 100 to reach comment 231.
    expect(pages.slice(-3)).toEqual(["1", "2", "3"]);
    expect(api.comments(REPO, 7).filter((c) => c.body.startsWith(PR_COMMENT_MARKER))).toHaveLength(1);
  });

  it("fails with the API's status when the token may not write (a fork's) or is wrong", async () => {
    await expect(upsert("x", "ghs_read_only_token")).rejects.toMatchObject({ status: 403 });
    await expect(upsert("x", "not-a-token")).rejects.toMatchObject({ status: 401 });
    expect(api.comments(REPO, 7)).toHaveLength(0);
  });

  it("updates only a comment the token wrote: a marker comment by anyone else is neither read nor edited", async () => {
    // Someone posts a comment that looks like meshkit's, with a forged passing section, before meshkit runs.
    const forged = `${PR_COMMENT_MARKER}\n<!-- meshkit:stage policy-check passed -->\nforged\n<!-- /meshkit:stage policy-check -->`;
    const planted = api.addComment(REPO, 7, forged, "mallory");
    const otherBot = api.addComment(REPO, 7, forged, "other-app[bot]", { type: "Bot", app: { id: 1, slug: "other-app", name: "Other" } });
    const created = await upsert("first");
    expect(created).toMatchObject({ action: "created", ignored: 2, author: { login: "github-actions[bot]", type: "Bot", source: "viewer" } });
    // The update saw no current comment: the forged sections never reach meshkit's comment.
    expect(api.comments(REPO, 7).find((c) => c.id === created.id)!.body).toBe(`${PR_COMMENT_MARKER}\nfirst\n(previous: none)`);
    const updated = await upsert("second");
    expect(updated).toMatchObject({ action: "updated", id: created.id, ignored: 2 });
    expect(api.comments(REPO, 7).find((c) => c.id === planted.id)!.body).toBe(forged);
    expect(api.comments(REPO, 7).find((c) => c.id === otherBot.id)!.body).toBe(forged);
    // No write ever went to the planted comments (which GitHub would refuse with 403 for this token).
    expect(api.requests.filter((r) => r.method === "PATCH").map((r) => r.url)).toEqual([`/repos/${REPO}/issues/comments/${created.id}`]);
  });

  it("with a person's token (which may edit anyone's comment), updates only that person's own meshkit comment", async () => {
    const planted = api.addComment(REPO, 7, `${PR_COMMENT_MARKER}\nplanted`, "mallory");
    const created = await upsert("first", "ghp_maintainer_token");
    expect(created).toMatchObject({ action: "created", ignored: 1, author: { login: "maintainer", type: "User", source: "user" } });
    expect(api.comments(REPO, 7).find((c) => c.id === created.id)).toMatchObject({ user: { login: "maintainer", type: "User" }, performed_via_github_app: null });
    const updated = await upsert("second", "ghp_maintainer_token");
    expect(updated).toMatchObject({ action: "updated", id: created.id });
    expect(api.comments(REPO, 7).find((c) => c.id === planted.id)!.body).toBe(`${PR_COMMENT_MARKER}\nplanted`);
    // The workflow token does not take over the person's comment either: it writes its own.
    const own = await upsert("third");
    expect(own.action).toBe("created");
    expect(own.id).not.toBe(created.id);
  });

  it("learns who the workflow token is from GraphQL's viewer after GET /user refuses it, as GitHub answers", async () => {
    await upsert("first");
    const identity = api.requests.filter((r) => r.url === "/user" || r.url === "/graphql").map((r) => `${r.method} ${r.url}`);
    expect(identity).toEqual(["GET /user", "POST /graphql"]);
    expect(api.comments(REPO, 7)[0]).toMatchObject({ user: { login: "github-actions[bot]", type: "Bot" }, performed_via_github_app: { slug: "github-actions" } });
  });

  it("is refused by GitHub (422) over 65,536 characters", async () => {
    await expect(upsertStickyComment({ token: "ghs_write_token", apiUrl: api.url, pullRequest, update: () => `${PR_COMMENT_MARKER}\n${"x".repeat(65_537)}` })).rejects.toMatchObject({ status: 422 });
  });
});

describe("upsertStickyComment while another run (a parallel job) writes the same comment", () => {
  let api: FakeGithubApi;
  let onRequest: (request: RecordedRequest) => void = () => {};
  beforeEach(async () => {
    onRequest = () => {};
    api = await startFakeGithubApi({ onRequest: (request) => onRequest(request) });
  });
  afterEach(async () => {
    await api.close();
  });

  /** A comment of sections, one a line, as each stage merges its own into it. */
  const withSection = (section: string) => (current: string | undefined) => {
    const sections = new Set(current?.split("\n").slice(1) ?? []);
    sections.add(section);
    return [PR_COMMENT_MARKER, ...[...sections].sort()].join("\n");
  };
  const byOtherRun = (body: string) => api.addComment(REPO, 7, body, GITHUB_ACTIONS_BOT.login, { type: "Bot", app: GITHUB_ACTIONS_APP });
  const markerComments = () => api.comments(REPO, 7).filter((c) => c.body.startsWith(PR_COMMENT_MARKER));
  const upsert = (update: (current: string | undefined) => string) => upsertStickyComment({ token: "ghs_write_token", apiUrl: api.url, pullRequest, update });
  /** Reads of one comment (not of the list). */
  const isCommentRead = (request: RecordedRequest) => request.method === "GET" && /\/issues\/comments\/\d+$/.test(request.url);

  it("gives way to a comment another run created meanwhile: its section goes into the first, then its own is deleted", async () => {
    let other: FakeComment | undefined;
    const update = withSection("policy-check");
    // The other run creates its comment after this one found none, before this one creates its own.
    const result = await upsert((current) => ((other ??= byOtherRun(withSection("contract-lint")(undefined))), update(current)));
    expect(markerComments()).toHaveLength(1);
    expect(markerComments()[0]).toMatchObject({ id: other!.id, body: `${PR_COMMENT_MARKER}\ncontract-lint\npolicy-check` });
    expect(result).toMatchObject({ action: "updated", id: other!.id });
    // Deleted only once its section is in the first: a step stopped in between leaves two comments, never none.
    expect(api.requests.filter((r) => r.method !== "GET" && r.url !== "/graphql").map((r) => r.method)).toEqual(["POST", "PATCH", "DELETE"]);
  });

  it("keeps a section another run wrote after the comment was found, before it is written", async () => {
    const comment = byOtherRun(withSection("contract-lint")(undefined));
    let raced = false;
    onRequest = (request) => {
      if (raced || !isCommentRead(request)) return;
      raced = true;
      comment.body = withSection("schema-compat")(comment.body);
    };
    await upsert(withSection("policy-check"));
    expect(markerComments().map((c) => c.body)).toEqual([`${PR_COMMENT_MARKER}\ncontract-lint\npolicy-check\nschema-compat`]);
  });

  it("puts its section back when a later write (from a body read before its own) dropped it", async () => {
    const comment = byOtherRun(withSection("contract-lint")(undefined));
    const stale = withSection("schema-compat")(comment.body);
    let reads = 0;
    onRequest = (request) => {
      // The second read is the check after this run's write: the other run's stale write landed just before.
      if (isCommentRead(request) && ++reads === 2) comment.body = stale;
    };
    const result = await upsert(withSection("policy-check"));
    expect(result).toMatchObject({ action: "updated", id: comment.id });
    expect(markerComments().map((c) => c.body)).toEqual([`${PR_COMMENT_MARKER}\ncontract-lint\npolicy-check\nschema-compat`]);
  });

  it("writes a bounded number of times when its section keeps being dropped", async () => {
    const comment = byOtherRun(withSection("contract-lint")(undefined));
    let reads = 0;
    onRequest = (request) => {
      if (isCommentRead(request) && ++reads > 1) comment.body = withSection("contract-lint")(undefined);
    };
    const result = await upsert(withSection("policy-check"));
    expect(result.action).toBe("updated");
    expect(api.requests.filter((r) => r.method === "PATCH")).toHaveLength(STICKY_WRITE_ROUNDS);
  });
});

describe("isOwnComment", () => {
  const bot = { login: "github-actions[bot]", type: "Bot" } as const;
  it("matches the workflow token's bot, with or without its app named", () => {
    expect(isOwnComment({ user: { login: "github-actions[bot]", type: "Bot" }, performed_via_github_app: GITHUB_ACTIONS_APP }, bot)).toBe(true);
    expect(isOwnComment({ user: { login: "GitHub-Actions[bot]", type: "Bot" }, performed_via_github_app: null }, bot)).toBe(true);
  });
  it("rejects a person, a look-alike account, another app's bot, a deleted account", () => {
    expect(isOwnComment({ user: { login: "mallory", type: "User" } }, bot)).toBe(false);
    expect(isOwnComment({ user: { login: "github-actions[bot]", type: "User" } }, bot)).toBe(false);
    expect(isOwnComment({ user: { login: "github-actions[bot]", type: "Bot" }, performed_via_github_app: { slug: "other-app" } }, bot)).toBe(false);
    expect(isOwnComment({ user: null }, bot)).toBe(false);
  });
  it("for a person's token: that person's comments made without an app", () => {
    const person = { login: "maintainer", type: "User" } as const;
    expect(isOwnComment({ user: { login: "maintainer", type: "User" }, performed_via_github_app: null }, person)).toBe(true);
    expect(isOwnComment({ user: { login: "maintainer", type: "User" }, performed_via_github_app: { slug: "some-app" } }, person)).toBe(false);
    expect(isOwnComment({ user: { login: "github-actions[bot]", type: "Bot" } }, person)).toBe(false);
  });
});

describe("upsertStickyComment against an API that never answers", () => {
  it("gives up after its timeout, all requests together, with one line saying so (Octokit has no timeout; Node waits 5 minutes a request)", async () => {
    const server = createServer(() => {
      // accepts every request and never answers
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const upsert = upsertStickyComment({ token: "ghs_write_token", apiUrl, pullRequest, update: () => PR_COMMENT_MARKER, timeoutMs: 300 });
      await expect(upsert).rejects.toThrow(`the GitHub API at ${apiUrl} gave no answer within 0.3 s`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
