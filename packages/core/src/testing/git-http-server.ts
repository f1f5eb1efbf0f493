/**
 * A git server over smart HTTP for tests: git's own `git http-backend` (CGI) behind a loopback Node
 * HTTP server that, like GitHub for a private repository, answers 401 unless the request carries
 * `Authorization: Basic base64(x-access-token:<token>)`. Repositories are bare repositories under
 * `root`, served as `<url>/<name>`. Imported as `@meshkit/core/testing/git-http`; not part of core's
 * runtime API.
 *
 * Every request's Authorization headers are recorded as sent (`requests`): git may send one it was
 * given twice (a checkout's stored header and one passed per command), which GitHub refuses.
 */
import { spawn } from "node:child_process";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface GitHttpServerOptions {
  /** Folder holding the bare repositories. */
  root: string;
  /** The token a request must carry; every request without it is answered 401. */
  token: string;
}

export interface GitHttpRequest {
  method: string;
  path: string;
  /** Every Authorization header of the request, in order (Node keeps only the first in `headers`). */
  authorizations: string[];
  status: number;
}

export interface RunningGitHttpServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  requests: GitHttpRequest[];
  close(): Promise<void>;
}

export async function startGitHttpServer(options: GitHttpServerOptions): Promise<RunningGitHttpServer> {
  const expected = `Basic ${Buffer.from(`x-access-token:${options.token}`).toString("base64")}`;
  const requests: GitHttpRequest[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const authorizations: string[] = [];
    for (let i = 0; i < request.rawHeaders.length; i += 2) if (request.rawHeaders[i]!.toLowerCase() === "authorization") authorizations.push(request.rawHeaders[i + 1]!);
    const entry: GitHttpRequest = { method: request.method ?? "GET", path: url.pathname, authorizations, status: 0 };
    requests.push(entry);
    if (authorizations.length !== 1 || authorizations[0] !== expected) {
      entry.status = authorizations.length > 1 ? 400 : 401;
      request.resume();
      response.writeHead(entry.status, entry.status === 401 ? { "WWW-Authenticate": 'Basic realm="meshkit test"' } : {});
      response.end(entry.status === 400 ? "duplicate Authorization header\n" : "authentication required\n");
      return;
    }
    serveWithBackend(options.root, request, url, response, entry);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `git http-backend` for one request (CGI/1.1: the request in the environment and on stdin, the response on stdout). */
function serveWithBackend(root: string, request: IncomingMessage, url: URL, response: ServerResponse, entry: GitHttpRequest): void {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === "string" ? value : "";
  };
  const backend = spawn("git", ["http-backend"], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: "1",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      // http-backend refuses pushes from anonymous users; this one has shown the token.
      REMOTE_USER: "x-access-token",
      REMOTE_ADDR: "127.0.0.1",
      REQUEST_METHOD: request.method ?? "GET",
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: header("content-type"),
      HTTP_CONTENT_ENCODING: header("content-encoding"),
      GIT_PROTOCOL: header("git-protocol"),
      ...(request.headers["content-length"] ? { CONTENT_LENGTH: header("content-length") } : {}),
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  request.pipe(backend.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  backend.stdout.on("data", (chunk: Buffer) => {
    if (headersDone) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end === -1) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 500;
      else response.setHeader(name, value);
    }
    entry.status = status;
    response.writeHead(status);
    response.write(head.subarray(end + 4));
  });
  backend.stderr.resume();
  backend.on("close", (code) => {
    if (!headersDone) {
      entry.status = 500;
      response.writeHead(500);
      response.end(`git http-backend exited with ${code}\n`);
      return;
    }
    response.end();
  });
}
