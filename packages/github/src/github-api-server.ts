/**
 * A local HTTP server that answers the part of GitHub's REST API meshkit uses (issue comments:
 * list with `per_page`/`page` and a `Link` header, create, get, update, delete; who the token is: `GET /user` and
 * GraphQL's `viewer`) as api.github.com does, and records every request. For tests only: GitHub cannot
 * be reached from here. Tokens are checked like GitHub does it: a missing or unknown token is a 401, a
 * read-only one (a fork's) a 403 on writes.
 *
 * Who a token is, as GitHub answers it:
 * - a workflow's GITHUB_TOKEN (an app installation token, `writeTokens` / `readTokens`) writes as
 *   `github-actions[bot]` (`type: "Bot"`, `performed_via_github_app`: the github-actions app); `GET /user`
 *   refuses it with 403 "Resource not accessible by integration", GraphQL's `viewer` names the bot;
 * - a person's token (`userTokens`, e.g. a PAT given as github-token) writes as that user
 *   (`performed_via_github_app: null`), `GET /user` names them, and, as for a maintainer, it may edit
 *   anyone's comment; an installation token may edit only its own.
 * A comment body over 65,536 characters is refused with 422, as GitHub does.
 *
 * Releases (the release workflow's): get one by tag (404 when there is none) and create one (201; 422 when
 * the tag has a Release already, or its body is over 125,000 characters), as the REST API's releases endpoints do.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeUser {
  login: string;
  id: number;
  type: "Bot" | "User";
}

/** The app a comment was written through (GitHub's `performed_via_github_app`), or null. */
export interface FakeApp {
  id: number;
  slug: string;
  name: string;
}

export interface FakeComment {
  id: number;
  body: string;
  user: FakeUser;
  performed_via_github_app: FakeApp | null;
  issue: number;
  html_url: string;
}

export interface FakeRelease {
  id: number;
  tag_name: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  /** What the request asked for (`"true"`, `"false"`, `"legacy"`); GitHub's default is `"true"`. */
  make_latest: string;
  html_url: string;
}

export interface FakeGithubApi {
  /** e.g. `http://127.0.0.1:41234`: what GITHUB_API_URL is set to. */
  url: string;
  requests: RecordedRequest[];
  /** Every comment, by repository (`owner/repo`). */
  comments(repository: string, issue: number): FakeComment[];
  /**
   * Adds a comment written by someone else (e.g. many, to make the list span pages): by default a person
   * (`a-reviewer`); `{ type: "Bot", app }` for another app's bot.
   */
  addComment(repository: string, issue: number, body: string, login?: string, author?: { type?: "Bot" | "User"; app?: FakeApp }): FakeComment;
  /** Every Release, by repository (`owner/repo`). */
  releases(repository: string): FakeRelease[];
  close(): Promise<void>;
}

export interface FakeGithubApiOptions {
  /** Tokens that may write (the workflow's `pull-requests: write` token). */
  writeTokens?: readonly string[];
  /** Tokens that may only read (a fork's pull request token). */
  readTokens?: readonly string[];
  /** A person's tokens (token -> login): they write as that user, and may edit anyone's comment. */
  userTokens?: Readonly<Record<string, string>>;
  /**
   * Called as each request arrives, before it is answered: a test makes another run's write land right
   * there (a parallel job racing for the same comment).
   */
  onRequest?: (request: RecordedRequest) => void;
}

/** The author of a workflow token's comments, as GitHub shows it. */
export const GITHUB_ACTIONS_BOT: FakeUser = { login: "github-actions[bot]", id: 41898282, type: "Bot" };
export const GITHUB_ACTIONS_APP: FakeApp = { id: 15368, slug: "github-actions", name: "GitHub Actions" };
/** GitHub's limit on a comment body. */
export const COMMENT_BODY_MAX_CHARS = 65_536;
/** GitHub's limit on a release's body. */
export const RELEASE_BODY_MAX_CHARS = 125_000;

export async function startFakeGithubApi(options: FakeGithubApiOptions = {}): Promise<FakeGithubApi> {
  const writeTokens = new Set(options.writeTokens ?? ["ghs_write_token"]);
  const readTokens = new Set(options.readTokens ?? ["ghs_read_only_token"]);
  const userTokens = new Map(Object.entries(options.userTokens ?? {}));
  const requests: RecordedRequest[] = [];
  const store = new Map<string, FakeComment[]>();
  const releases = new Map<string, FakeRelease[]>();
  const releasesOf = (repository: string) => {
    if (!releases.has(repository)) releases.set(repository, []);
    return releases.get(repository)!;
  };
  let nextId = 1000;
  let url = "";

  const listOf = (repository: string, issue: number) => {
    const key = `${repository}#${issue}`;
    if (!store.has(key)) store.set(key, []);
    return store.get(key)!;
  };
  const add = (repository: string, issue: number, body: string, user: FakeUser, app: FakeApp | null): FakeComment => {
    const id = nextId++;
    const comment = { id, body, user, performed_via_github_app: app, issue, html_url: `https://github.com/${repository}/pull/${issue}#issuecomment-${id}` };
    listOf(repository, issue).push(comment);
    return comment;
  };
  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    const body = text === "" ? undefined : JSON.parse(text);
    const authorization = req.headers.authorization;
    const recorded = { method: req.method ?? "", url: req.url ?? "", authorization, body };
    requests.push(recorded);
    options.onRequest?.(recorded);
    const token = /^(?:token|bearer) (.+)$/i.exec(authorization ?? "")?.[1] ?? "";
    const person = userTokens.get(token);
    if (!writeTokens.has(token) && !readTokens.has(token) && person === undefined) return answer(res, 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
    const author: FakeUser = person !== undefined ? { login: person, id: userId(person), type: "User" } : GITHUB_ACTIONS_BOT;
    const parsed = new URL(req.url ?? "/", "http://localhost");

    // Who the token is.
    if (parsed.pathname === "/user" && req.method === "GET") {
      if (person === undefined) return answer(res, 403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user", status: "403" });
      return answer(res, 200, author);
    }
    if (parsed.pathname === "/graphql" && req.method === "POST") {
      const query = typeof body?.query === "string" ? body.query : "";
      if (!/\bviewer\s*\{\s*login\s*\}/.test(query)) return answer(res, 200, { errors: [{ message: "this test server answers only { viewer { login } }" }] });
      return answer(res, 200, { data: { viewer: { login: author.login } } });
    }

    const write = req.method !== "GET";
    if (write && !writeTokens.has(token) && person === undefined) return answer(res, 403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/issues/comments#create-an-issue-comment" });
    let m = /^\/repos\/([^/]+)\/([^/]+)\/releases(?:\/tags\/([^/]+))?$/.exec(parsed.pathname);
    if (m) {
      const list = releasesOf(`${m[1]}/${m[2]}`);
      if (req.method === "GET" && m[3] !== undefined) {
        const release = list.find((r) => r.tag_name === decodeURIComponent(m![3]!));
        return release ? answer(res, 200, release) : answer(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/releases/releases#get-a-release-by-tag-name" });
      }
      if (req.method === "POST" && m[3] === undefined) {
        const invalid = (field: string, code: string, message?: string) => answer(res, 422, { message: "Validation Failed", errors: [{ resource: "Release", code, field, ...(message ? { message } : {}) }], documentation_url: "https://docs.github.com/rest/releases/releases#create-a-release" });
        if (typeof body?.tag_name !== "string" || body.tag_name === "") return invalid("tag_name", "missing_field");
        if (list.some((r) => r.tag_name === body.tag_name)) return invalid("tag_name", "already_exists");
        if (typeof body.body === "string" && body.body.length > RELEASE_BODY_MAX_CHARS) return invalid("body", "custom", `body is too long (maximum is ${RELEASE_BODY_MAX_CHARS} characters)`);
        const release: FakeRelease = {
          id: nextId++,
          tag_name: body.tag_name,
          name: typeof body.name === "string" ? body.name : null,
          body: typeof body.body === "string" ? body.body : null,
          draft: body.draft === true,
          prerelease: body.prerelease === true,
          make_latest: typeof body.make_latest === "string" ? body.make_latest : "true",
          html_url: `https://github.com/${m[1]}/${m[2]}/releases/tag/${body.tag_name}`,
        };
        list.push(release);
        return answer(res, 201, release);
      }
    }

    if (write && typeof body?.body === "string" && body.body.length > COMMENT_BODY_MAX_CHARS) {
      return answer(res, 422, { message: "Validation Failed", errors: [{ resource: "IssueComment", code: "custom", field: "body", message: `body is too long (maximum is ${COMMENT_BODY_MAX_CHARS} characters)` }], documentation_url: "https://docs.github.com/rest/issues/comments" });
    }

    m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(parsed.pathname);
    if (m) {
      const repository = `${m[1]}/${m[2]}`;
      const issue = Number(m[3]);
      if (req.method === "GET") {
        const perPage = Math.min(100, Number(parsed.searchParams.get("per_page") ?? 30));
        const page = Number(parsed.searchParams.get("page") ?? 1);
        const all = listOf(repository, issue);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (p: number, rel: string) => `<${url}${parsed.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
        const links = [...(page < last ? [link(page + 1, "next"), link(last, "last")] : []), ...(page > 1 ? [link(1, "first"), link(page - 1, "prev")] : [])];
        return answer(res, 200, all.slice((page - 1) * perPage, page * perPage), links.length > 0 ? { link: links.join(", ") } : {});
      }
      if (req.method === "POST") {
        if (typeof body?.body !== "string") return answer(res, 422, { message: "Invalid request.\n\n\"body\" wasn't supplied." });
        return answer(res, 201, add(repository, issue, body.body, author, person === undefined ? GITHUB_ACTIONS_APP : null));
      }
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(parsed.pathname);
    if (m) {
      const id = Number(m[3]);
      const comment = [...store.values()].flat().find((c) => c.id === id);
      if (!comment) return answer(res, 404, { message: "Not Found" });
      if (req.method === "GET") return answer(res, 200, comment);
      // An installation token may edit or delete only its own comments; a person's token (a maintainer's) anyone's.
      if (person === undefined && comment.user.login !== GITHUB_ACTIONS_BOT.login) return answer(res, 403, { message: "Resource not accessible by integration" });
      if (req.method === "PATCH") {
        comment.body = String(body?.body ?? "");
        return answer(res, 200, comment);
      }
      if (req.method === "DELETE") {
        const list = listOf(`${m[1]}/${m[2]}`, comment.issue);
        list.splice(list.indexOf(comment), 1);
        res.writeHead(204).end();
        return;
      }
    }
    return answer(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answer(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    comments: (repository, issue) => [...listOf(repository, issue)],
    addComment: (repository, issue, body, login = "a-reviewer", author = {}) =>
      add(repository, issue, body, { login, id: userId(login), type: author.type ?? "User" }, author.app ?? null),
    releases: (repository) => [...releasesOf(repository)],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A stable made-up user id for a login. */
function userId(login: string): number {
  let hash = 7;
  for (const ch of login) hash = (hash * 31 + ch.charCodeAt(0)) % 1_000_000_007;
  return 100_000 + (hash % 90_000_000);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
