/**
 * Test helper: a local HTTP server (127.0.0.1, a free port) that answers the way OPA's Data API does,
 * so the OPA adapter is tested over real HTTP without an `opa` binary.
 *
 * - `POST /v1/data/<a>/<b>` with `{"input": …}` evaluates the policy registered as package `a.b` and
 *   answers `200 {"result": …}`; an unknown package (or a policy that returns `undefined`) answers
 *   `200 {}`, as OPA does for an undefined document.
 * - A body that is not JSON answers `400 {"code":"invalid_parameter",…}`; a policy that throws answers
 *   `500 {"code":"internal_error",…}`; other paths answer `404 page not found` (OPA's router).
 * - `requireAuthorization` answers `401 {"code":"unauthorized",…}` to any other Authorization header,
 *   like `opa run --server --authentication=token`; every request's header is also recorded.
 * - `mode` simulates broken servers: `garbage` (200 with HTML), `error500`, `hang` (never answers),
 *   `hangBody` (sends the headers, then never finishes the body), `redirect` (307 to an https:// URL,
 *   as a server that moved to TLS would).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a Rego package evaluates to for an input (the `result` object, or a promise of it); undefined when it is not defined. */
export type OpaTestPolicy = (input: unknown) => unknown;

export type OpaTestMode = "normal" | "garbage" | "error500" | "hang" | "hangBody" | "redirect";

export interface ReceivedOpaRequest {
  method: string;
  path: string;
  /** The Authorization header as received (undefined when none). */
  authorization: string | undefined;
  contentType: string | undefined;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
}

export interface OpaTestServerOptions {
  mode?: OpaTestMode;
  /** When set, any other Authorization header (or none) gets OPA's 401. */
  requireAuthorization?: string;
}

export interface OpaTestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Every request received, in arrival order. */
  readonly requests: ReceivedOpaRequest[];
  mode: OpaTestMode;
  requireAuthorization: string | undefined;
  /** Requests being answered now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export async function startOpaTestServer(
  policies: Record<string, OpaTestPolicy>,
  options: OpaTestServerOptions = {},
): Promise<OpaTestServer> {
  const requests: ReceivedOpaRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const state = {
    mode: options.mode ?? "normal",
    requireAuthorization: options.requireAuthorization,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await readBody(req);
    let body: unknown;
    let parsed = true;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = false;
    }
    const path = (req.url ?? "/").split("?")[0]!;
    requests.push({
      method: req.method ?? "",
      path,
      authorization: req.headers.authorization,
      contentType: req.headers["content-type"],
      body,
    });

    switch (state.mode) {
      case "hang":
        return; // never answered; close() drops the connection
      case "hangBody":
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"result": {"deny": [');
        return;
      case "garbage":
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html><body>Welcome to nginx!</body></html>\n");
        return;
      case "redirect":
        res.writeHead(307, { location: `https://user:secret@opa.example${path}` });
        res.end();
        return;
      case "error500":
        return sendJson(res, 500, { code: "internal_error", message: "simulated\nserver failure" });
      case "normal":
        break;
    }

    if (state.requireAuthorization !== undefined && req.headers.authorization !== state.requireAuthorization) {
      return sendJson(res, 401, { code: "unauthorized", message: "request rejected by administrative policy" });
    }
    if (!path.startsWith("/v1/data")) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("404 page not found\n");
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405, { "content-type": "text/plain; charset=utf-8" });
      res.end("405 method not allowed\n");
      return;
    }
    if (!parsed) return sendJson(res, 400, { code: "invalid_parameter", message: "body contains malformed input document" });

    const pkg = path
      .slice("/v1/data".length)
      .split("/")
      .filter((s) => s !== "")
      .map(decodeURIComponent)
      .join(".");
    const policy = Object.hasOwn(policies, pkg) ? policies[pkg] : undefined;
    if (!policy) return sendJson(res, 200, {});
    const input = typeof body === "object" && body !== null ? (body as { input?: unknown }).input : undefined;
    let result: unknown;
    try {
      result = await policy(input);
    } catch (error) {
      return sendJson(res, 500, { code: "internal_error", message: `eval_error: ${(error as Error).message}` });
    }
    sendJson(res, 200, result === undefined ? {} : { result });
  };

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { code: "internal_error", message: String(error) });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get mode() {
      return state.mode;
    },
    set mode(mode: OpaTestMode) {
      state.mode = mode;
    },
    get requireAuthorization() {
      return state.requireAuthorization;
    },
    set requireAuthorization(value: string | undefined) {
      state.requireAuthorization = value;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port that was just opened and closed: connecting to it is refused ("server down"). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
