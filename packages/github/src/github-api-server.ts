/**
 * A local HTTP server that answers the part of GitHub's REST API meshkit uses (issue comments:
 * list with `per_page`/`page` and a `Link` header, create, update) as api.github.com does, and records
 * every request. For tests only: GitHub cannot be reached from here. Tokens are checked like GitHub
 * does it: a missing or unknown token is a 401, a read-only one (a fork's) a 403 on writes.
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

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: "Bot" | "User" };
  issue: number;
  html_url: string;
}

export interface FakeGithubApi {
  /** e.g. `http://127.0.0.1:41234`: what GITHUB_API_URL is set to. */
  url: string;
  requests: RecordedRequest[];
  /** Every comment, by repository (`owner/repo`). */
  comments(repository: string, issue: number): FakeComment[];
  /** Adds a comment written by someone else (e.g. many, to make the list span pages). */
  addComment(repository: string, issue: number, body: string, login?: string): FakeComment;
  close(): Promise<void>;
}

export interface FakeGithubApiOptions {
  /** Tokens that may write (the workflow's `pull-requests: write` token). */
  writeTokens?: readonly string[];
  /** Tokens that may only read (a fork's pull request token). */
  readTokens?: readonly string[];
}

const BOT = { login: "github-actions[bot]", type: "Bot" } as const;

export async function startFakeGithubApi(options: FakeGithubApiOptions = {}): Promise<FakeGithubApi> {
  const writeTokens = new Set(options.writeTokens ?? ["ghs_write_token"]);
  const readTokens = new Set(options.readTokens ?? ["ghs_read_only_token"]);
  const requests: RecordedRequest[] = [];
  const store = new Map<string, FakeComment[]>();
  let nextId = 1000;
  let url = "";

  const listOf = (repository: string, issue: number) => {
    const key = `${repository}#${issue}`;
    if (!store.has(key)) store.set(key, []);
    return store.get(key)!;
  };
  const add = (repository: string, issue: number, body: string, user: FakeComment["user"]): FakeComment => {
    const id = nextId++;
    const comment = { id, body, user, issue, html_url: `https://github.com/${repository}/pull/${issue}#issuecomment-${id}` };
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
    requests.push({ method: req.method ?? "", url: req.url ?? "", authorization, body });
    const token = /^(?:token|bearer) (.+)$/i.exec(authorization ?? "")?.[1] ?? "";
    if (!writeTokens.has(token) && !readTokens.has(token)) return answer(res, 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
    const parsed = new URL(req.url ?? "/", "http://localhost");
    const write = req.method !== "GET";
    if (write && !writeTokens.has(token)) return answer(res, 403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/issues/comments#create-an-issue-comment" });

    let m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(parsed.pathname);
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
        return answer(res, 201, add(repository, issue, body.body, BOT));
      }
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(parsed.pathname);
    if (m && req.method === "PATCH") {
      const comment = [...store.values()].flat().find((c) => c.id === Number(m![3]));
      if (!comment) return answer(res, 404, { message: "Not Found" });
      // A token may edit only its own comments.
      if (comment.user.login !== BOT.login) return answer(res, 403, { message: "Resource not accessible by integration" });
      comment.body = String(body?.body ?? "");
      return answer(res, 200, comment);
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
    addComment: (repository, issue, body, login = "a-reviewer") => add(repository, issue, body, { login, type: "User" }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
