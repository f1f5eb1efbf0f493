import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_RESPONSE_BYTES } from "@meshkit/core";
import { startOversizedServer } from "@meshkit/core/testing/oversized";
import { describe, expect, it } from "vitest";
import { CatalogRequestError, backoff, checkServiceAnswers, createJsonClient, describeBody, parseBaseUrl, parseRetryAfter } from "./http.js";

/** A fetch that answers from a list, one response per call, and records the calls. */
function scriptedFetch(answers: (() => Response | Promise<Response>)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = answers.shift();
    if (!next) throw new Error("no more scripted answers");
    return next();
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("parseBaseUrl", () => {
  it("keeps http(s) base addresses without trailing slashes", () => {
    expect(parseBaseUrl("DataHub", "http://gms:8080/")).toBe("http://gms:8080");
    expect(parseBaseUrl("DataHub", " https://acme.acryl.io/gms// ")).toBe("https://acme.acryl.io/gms");
  });

  it("refuses other schemes, credentials (without echoing them), queries and fragments", () => {
    expect(() => parseBaseUrl("DataHub", "ftp://gms")).toThrow('The DataHub URL must start with http:// or https:// (got "ftp://gms")');
    expect(() => parseBaseUrl("DataHub", "http://admin:s3cret@gms:8080", "MESHKIT_DATAHUB_TOKEN")).toThrow(
      "The DataHub URL must not contain credentials: give the token in MESHKIT_DATAHUB_TOKEN",
    );
    expect(() => parseBaseUrl("DataHub", "ftp://admin:s3cret@gms")).toThrow('got "ftp://***@gms"');
    // Unencoded, a password holding # or / makes the URL unparsable: refused as credentials, and not shown either.
    for (const url of ["http://admin:s3#cret@gms:8080", "http://admin:s3/cret@gms:8080"]) {
      expect(() => parseBaseUrl("DataHub", url, "MESHKIT_DATAHUB_TOKEN")).toThrow(/^The DataHub URL must not contain credentials: give the token in MESHKIT_DATAHUB_TOKEN$/);
    }
    expect(() => parseBaseUrl("DataHub", "http://gms:99999")).toThrow('The DataHub URL "http://gms:99999" is not a URL');
    // A password that starts with digits before its "#" parses, as host `admin` and port 12: refused all the same, and
    // not named as the host of a URL with a fragment. A fragment after the authority is one.
    expect(() => parseBaseUrl("DataHub", "http://admin:12#secret@gms:8080", "MESHKIT_DATAHUB_TOKEN")).toThrow(/^The DataHub URL must not contain credentials: give the token in MESHKIT_DATAHUB_TOKEN$/);
    expect(() => parseBaseUrl("DataHub", "http://gms:8080/#x@y")).toThrow("The DataHub URL http://gms:8080/ has a query or fragment: give the service's base address");
    expect(() => parseBaseUrl("OpenMetadata", "http://om:8585/api?x=1")).toThrow("The OpenMetadata URL http://om:8585/api has a query or fragment: give the service's base address");
  });
});

describe("retry timing", () => {
  it("doubles the delay per attempt up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoff(a, 500, 8000))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-06-30T06:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Tue, 30 Jun 2026 06:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Tue, 30 Jun 2026 05:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("describeBody", () => {
  it("prefers the service's own message and keeps it on one line", () => {
    expect(describeBody(JSON.stringify({ exceptionClass: "x", stackTrace: "a\nb", message: "Failed to validate\nrecord", status: 422 }))).toBe("Failed to validate record");
    expect(describeBody(JSON.stringify({ code: 400, message: "name must not be null" }))).toBe("name must not be null");
    // Without its full stop, which the message meshkit goes on with would double ("entities.. Written: …").
    expect(describeBody(JSON.stringify({ code: 400, message: "Team of type Department can't own entities. Only Team of type Group can own entities." }))).toBe(
      "Team of type Department can't own entities. Only Team of type Group can own entities",
    );
    expect(describeBody(JSON.stringify({ code: 400, message: "Waiting..." }))).toBe("Waiting...");
    expect(describeBody("<html><body><h1>502 Bad Gateway</h1></body></html>")).toBe("502 Bad Gateway");
    expect(describeBody("")).toBe("(empty body)");
    expect(describeBody("x".repeat(600))).toHaveLength(500);
  });

  it("gives the text an HTML page shows: no script, style or comment, its character references read", () => {
    // nginx in front of OpenMetadata or GMS, with a stylesheet; a single-page app's sign-in page (SSO in front of the API).
    const gateway = "<html>\n<head><title>502 Bad Gateway</title><style>body { color: red }</style></head>\n<body><!-- upstream: om:8585 --><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3</center></body>\n</html>\n";
    expect(describeBody(gateway)).toBe("502 Bad Gateway 502 Bad Gateway nginx/1.25.3");
    const signIn = '<!DOCTYPE html><html><head><SCRIPT type="module">window.location = "/signin?next=" + encodeURIComponent(location.href)</SCRIPT><title>Sign in &ndash; Acme &amp; Co</title></head><body><noscript>Enable JavaScript</noscript><p>Session expired: sign in at &#39;/signin&#39; &#x2014; again</p></body></html>';
    expect(describeBody(signIn)).toBe("Sign in – Acme & Co Session expired: sign in at '/signin' — again");
    // Not HTML: a `<` no `>` follows is kept, and so is an unknown or inherited reference name.
    expect(describeBody("limit < 10 &constructor; &foo;")).toBe("limit < 10 &constructor; &foo;");
  });

  it("says an HTML page that shows no text is one, never quoting its markup and scripts", () => {
    // A single-page app's shell (a web UI answering where the API was expected): scripts and an empty root element.
    const shell = '<!DOCTYPE html><html><head><script src="/app.js"></script><script>window.__CONFIG__ = {"sso": true}</script><style>#root{}</style></head><body><div id="root"></div></body></html>';
    expect(describeBody(shell)).toBe("(an HTML page that shows no text)");
    expect(describeBody("<html><body><!-- nothing here --></body></html>")).toBe("(an HTML page that shows no text)");
    // All tag-like, but no page: quoted as it is.
    expect(describeBody("<none>")).toBe("<none>");
  });
});

describe("createJsonClient", () => {
  it("sends JSON with the bearer token and the service's headers, and parses the answer", async () => {
    const { fetch, calls } = scriptedFetch([json(200, { value: "success" })]);
    const client = createJsonClient({ service: "DataHub", baseUrl: "http://gms:8080", token: "tkn", headers: { "X-RestLi-Protocol-Version": "2.0.0" }, fetch });
    const answer = await client.request({ method: "POST", path: "/aspects?action=ingestProposal", body: { a: 1 } });
    expect(answer).toEqual({ status: 200, body: { value: "success" }, attempts: 1 });
    expect(calls[0]?.url).toBe("http://gms:8080/aspects?action=ingestProposal");
    expect(calls[0]?.init.headers).toEqual({
      accept: "application/json",
      "X-RestLi-Protocol-Version": "2.0.0",
      "content-type": "application/json",
      authorization: "Bearer tkn",
    });
    expect(calls[0]?.init.body).toBe('{"a":1}');
  });

  it("refuses a 200 whose body is not JSON (a web UI's page, not the API): nothing was confirmed", async () => {
    const { fetch } = scriptedFetch([() => new Response("<html><body>DataHub</body></html>", { status: 200, headers: { "content-type": "text/html" } })]);
    const client = createJsonClient({ service: "DataHub", baseUrl: "http://datahub:9002", fetch });
    const error = await client.request({ method: "POST", path: "/aspects?action=ingestProposalBatch", body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogRequestError);
    expect((error as Error).message).toBe("DataHub at http://datahub:9002: POST /aspects?action=ingestProposalBatch answered HTTP 200 with text/html that is not JSON (DataHub): give the address of the service's API, not its web UI");
    // An empty answer is fine (nothing to parse).
    const empty = scriptedFetch([() => new Response("", { status: 200 })]);
    expect(await createJsonClient({ service: "DataHub", baseUrl: "http://gms:8080", fetch: empty.fetch }).request({ method: "POST", path: "/x", body: {} })).toMatchObject({ status: 200, body: undefined });
  });

  it("gives accepted statuses back instead of failing (a 404 look-up)", async () => {
    const { fetch } = scriptedFetch([json(404, { code: 404, message: "not found" })]);
    const client = createJsonClient({ service: "OpenMetadata", baseUrl: "http://om:8585", fetch });
    expect(await client.request({ method: "GET", path: "/api/v1/domains/name/x", accept: [404] })).toMatchObject({ status: 404 });
  });

  it("stops after the bounded retries and says how many attempts it made", async () => {
    const sleeps: number[] = [];
    const { fetch, calls } = scriptedFetch(Array(4).fill(json(503, { message: "GMS is starting" })));
    const client = createJsonClient({ service: "DataHub", baseUrl: "http://gms:8080", fetch, retries: 3, backoffMs: 10, sleep: async (ms) => void sleeps.push(ms) });
    const error = await client.request({ method: "POST", path: "/x", body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogRequestError);
    expect((error as CatalogRequestError).message).toBe("DataHub at http://gms:8080: POST /x answered HTTP 503 Service Unavailable: GMS is starting (after 4 attempts)");
    expect((error as CatalogRequestError).attempts).toBe(4);
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([10, 20, 40]);
  });

  it("waits a Retry-After up to the longest backoff", async () => {
    const sleeps: number[] = [];
    const { fetch } = scriptedFetch([json(429, { message: "slow down" }, { "retry-after": "2" }), json(200, {})]);
    const client = createJsonClient({ service: "DataHub", baseUrl: "http://gms:8080", fetch, maxBackoffMs: 2000, sleep: async (ms) => void sleeps.push(ms) });
    await client.request({ method: "POST", path: "/x", body: {} });
    expect(sleeps).toEqual([2000]);
  });

  it("does not cut a longer Retry-After short: fails at once, saying how long the server asked to wait", async () => {
    const sleeps: number[] = [];
    const { fetch, calls } = scriptedFetch([json(429, { message: "slow down" }, { "retry-after": "3600" }), json(200, {})]);
    const client = createJsonClient({ service: "DataHub", baseUrl: "http://gms:8080", fetch, sleep: async (ms) => void sleeps.push(ms) });
    const error = await client.request({ method: "POST", path: "/x", body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogRequestError);
    expect((error as Error).message).toBe("DataHub at http://gms:8080: POST /x answered HTTP 429 Too Many Requests: slow down; it asks to be retried in 60 min (Retry-After), longer than meshkit waits (8 s): publish again then");
    expect([calls.length, sleeps]).toEqual([1, []]);
  });

  it("names the Retry-After of the last answer when the retries are spent", async () => {
    const sleeps: number[] = [];
    const { fetch } = scriptedFetch(Array(2).fill(json(503, { message: "busy" }, { "retry-after": "5" })));
    const client = createJsonClient({ service: "OpenMetadata", baseUrl: "http://om:8585", fetch, retries: 1, sleep: async (ms) => void sleeps.push(ms) });
    const error = await client.request({ method: "PUT", path: "/x", body: {} }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("OpenMetadata at http://om:8585: PUT /x answered HTTP 503 Service Unavailable: busy; it asks to be retried in 5 s (Retry-After) (after 2 attempts)");
    expect(sleeps).toEqual([5000]);
  });

  it("never prints the token, even when the service echoes it", async () => {
    const { fetch } = scriptedFetch([json(400, { message: "bad token tkn-1234 in request" })]);
    const client = createJsonClient({ service: "DataHub", baseUrl: "http://gms:8080", token: "tkn-1234", fetch });
    const error = await client.request({ method: "POST", path: "/x", body: {} }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("DataHub at http://gms:8080: POST /x answered HTTP 400 Bad Request: bad token *** in request");
  });

  it("retries a request that got no answer within the timeout, then reports it", async () => {
    const sleeps: number[] = [];
    const hang = (_url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    const client = createJsonClient({ service: "OpenMetadata", baseUrl: "http://om:8585", fetch: hang as typeof globalThis.fetch, timeoutMs: 5, retries: 1, backoffMs: 1, sleep: async (ms) => void sleeps.push(ms) });
    const error = await client.request({ method: "PUT", path: "/api/v1/dataProducts", body: {} }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("OpenMetadata at http://om:8585: PUT /api/v1/dataProducts got no answer within 5 ms (after 2 attempts)");
    expect((error as CatalogRequestError).status).toBeUndefined();
    expect(sleeps).toEqual([1]);
  });

  it("refuses a token a bearer header cannot carry (a line break, a space, a non-ASCII letter) before sending, without printing it", async () => {
    for (const token of ["s3cret-part\nother-part", "s3cret-part other-part", "s3cret-pärt-other"]) {
      const { fetch, calls } = scriptedFetch([json(200, {})]);
      const create = () => createJsonClient({ service: "DataHub", baseUrl: "http://gms:8080", token, tokenEnv: "MESHKIT_DATAHUB_TOKEN", fetch });
      expect(create).toThrow(
        "The DataHub token in MESHKIT_DATAHUB_TOKEN has a space, a line break or a character that is not printable ASCII, which a bearer token cannot have; set it to the token alone (it is not shown here)",
      );
      expect(calls).toHaveLength(0);
    }
    // Around it, spaces and line breaks are no part of the token.
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    await createJsonClient({ service: "DataHub", baseUrl: "http://gms:8080", token: " tkn-1234\n", fetch }).request({ method: "GET", path: "/x" });
    expect(calls[0]?.init.headers).toMatchObject({ authorization: "Bearer tkn-1234" });
  });

  it("reports a redirect instead of following it with the token", async () => {
    const { fetch, calls } = scriptedFetch([() => new Response(null, { status: 302, headers: { location: "https://login.example/sso" } })]);
    const client = createJsonClient({ service: "DataHub", baseUrl: "http://datahub:9002", token: "tkn-5678", fetch });
    const error = await client.request({ method: "POST", path: "/x", body: {} }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("DataHub at http://datahub:9002: POST /x answered HTTP 302 Found, a redirect to https://login.example/sso: give the address the service answers on");
    expect(calls[0]?.init.redirect).toBe("manual");
  });
});

describe("checkServiceAnswers (a local HTTP server)", () => {
  async function listen(server: Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("any answer counts, a refusal too (credentials are the publish's to check); no token is sent", async () => {
    const headers: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      headers.push(request.headers.authorization);
      response.writeHead(401).end("Unauthorized");
    });
    try {
      await expect(checkServiceAnswers("DataHub", await listen(server))).resolves.toBeUndefined();
      expect(headers).toEqual([undefined]);
    } finally {
      server.close();
    }
  });

  it("a refused connection or no answer in time is a one-line UsageError naming the service", async () => {
    const closed = createServer();
    const free = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    await expect(checkServiceAnswers("DataHub", free)).rejects.toThrow(`cannot reach DataHub at ${free}: connection refused by ${free.slice("http://".length)} (is DataHub running and listening there?)`);
    const silent = createServer(() => undefined);
    try {
      const url = await listen(silent);
      await expect(checkServiceAnswers("OpenMetadata", url, { timeoutMs: 200 })).rejects.toThrow(`cannot reach OpenMetadata at ${url}: no answer within 200 ms`);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe("answers larger than the client reads (a local HTTP server)", () => {
  it.each([
    ["with a Content-Length", true, "an answer of 400.0 MiB (by its Content-Length), more than the 10.0 MiB meshkit reads"],
    ["without a Content-Length", false, "an answer larger than the 10.0 MiB meshkit reads"],
  ])("are cut off, %s: a one-line error naming the service and the request, not retried, never the token", async (_name, declared, what) => {
    const total = 400 * 1024 * 1024;
    const server = await startOversizedServer(200, total, declared);
    try {
      const client = createJsonClient({ service: "DataHub", baseUrl: server.url, token: "s3cret-token-value", tokenEnv: "MESHKIT_DATAHUB_TOKEN" });
      const error = (await client.request({ method: "POST", path: "/aspects?action=ingestProposal", body: {} }).catch((e: unknown) => e)) as CatalogRequestError;
      expect(error).toBeInstanceOf(CatalogRequestError);
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(`DataHub at ${server.url}: POST /aspects?action=ingestProposal answered HTTP 200 with ${what}`);
      expect(error.attempts).toBe(1);
      // The client hung up: what left the server is what socket buffers hold, not the 400 MiB.
      await server.hungUp;
      expect(server.sent()).toBeLessThan(MAX_RESPONSE_BYTES + 32 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });
});

describe("a server that echoes the token (a local HTTP server)", () => {
  // Printable ASCII, as a bearer token may be, with the characters JSON and URLs escape.
  const token = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0"pay\\load/+=.Zm9vYmFy';
  const echoes: Record<string, (auth: string) => { status: number; reason?: string; headers?: Record<string, string>; body: string }> = {
    // A long plain-text refusal: the token past where the message is cut.
    "/long-401": (auth) => ({ status: 401, headers: { "content-type": "text/plain" }, body: `${"x".repeat(440)} invalid credentials: ${auth} (check your settings)` }),
    // A JSON error whose message quotes the header near its end.
    "/json-403": (auth) => ({ status: 403, headers: { "content-type": "application/json" }, body: JSON.stringify({ message: `${"y".repeat(450)} token not allowed: ${auth}`, status: 403 }) }),
    // An error with no message field: shown as the raw JSON text, the token JSON-escaped in it.
    "/nested-400": (auth) => ({ status: 400, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: { header: auth } }) }),
    // A login page answering 200: its text is cut at 120 characters.
    "/html-200": (auth) => ({ status: 200, headers: { "content-type": "text/html" }, body: `<html><body>${"z".repeat(60)} signed in with ${auth}</body></html>` }),
    // A proxy's reason phrase and a redirect to a login page carrying the token, URL-encoded.
    "/reason-401": (auth) => ({ status: 401, reason: `Rejected ${auth.slice("Bearer ".length)}`, body: "" }),
    "/redirect": (auth) => ({ status: 302, headers: { location: `https://sso.example/login?next=%2Fgms&token=${encodeURIComponent(auth.slice("Bearer ".length))}` }, body: "" }),
  };

  it.each(Object.keys(echoes))("%s: no part of the token reaches the one-line error", async (path) => {
    const server = createServer((request, response) => {
      const answer = echoes[path]!(request.headers.authorization ?? "");
      if (answer.reason) response.writeHead(answer.status, answer.reason, answer.headers ?? {});
      else response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const client = createJsonClient({ service: "DataHub", baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token, tokenEnv: "MESHKIT_DATAHUB_TOKEN", retries: 0 });
      const error = (await client.request({ method: "POST", path, body: {}, expect: () => "no value" }).catch((e: unknown) => e)) as CatalogRequestError;
      expect(error).toBeInstanceOf(CatalogRequestError);
      expect(error.message).not.toMatch(/\n/);
      // Not the token, nor its first 8 characters (a token cut where the message is cut), in any spelling.
      for (const form of [token, JSON.stringify(token).slice(1, -1), encodeURIComponent(token)]) expect(error.message).not.toContain(form.slice(0, 8));
      expect(error.message).toContain("***");
    } finally {
      server.close();
    }
  });
});

describe("an answer that starts and never finishes (a local HTTP server)", () => {
  it.each([
    ["stalls", "did not finish its answer within 300 ms"],
    ["drops the connection", "the connection broke before its answer was whole (UND_ERR_SOCKET)"],
  ])("a server that answers 200, then %s: retried, then reported as an answer begun, not as none", async (how, said) => {
    let requests = 0;
    const server = createServer((_request, response) => {
      requests++;
      response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      // Dropped once the first bytes are on their way: whatever the timeout, the answer is cut.
      response.write('{"val', () => (how === "drops the connection" ? response.socket?.destroy() : undefined));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const client = createJsonClient({ service: "DataHub", baseUrl: url, timeoutMs: how === "stalls" ? 300 : 60_000, retries: 1, backoffMs: 1, sleep: async () => undefined });
      const error = (await client.request({ method: "POST", path: "/aspects?action=ingestProposalBatch", body: {} }).catch((e: unknown) => e)) as CatalogRequestError;
      expect(error).toBeInstanceOf(CatalogRequestError);
      expect(error.message).toBe(`DataHub at ${url}: POST /aspects?action=ingestProposalBatch answered HTTP 200, but ${said} (after 2 attempts)`);
      // No whole answer: nothing is confirmed.
      expect(error.status).toBeUndefined();
      expect(requests).toBe(2);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
