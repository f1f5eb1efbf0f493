/**
 * A small JSON-over-HTTP client for the catalog targets (DataHub GMS, OpenMetadata): Node's fetch,
 * a per-attempt timeout, bounded retries with exponential backoff on 429/5xx and dropped
 * connections, no retry on any other 4xx, and one-line errors that name the service, the request
 * and the server's own message, never the token.
 */
import { STATUS_CODES } from "node:http";
import { type ResponseText, UsageError, checkCredentialUrl, describeFetchError, fetchErrorCode, oneLine, readResponseText, withoutUnparsedUrlCredentials, withoutUrlCredentials } from "@meshkit/core";

/** HTTP statuses worth another attempt: rate limited, or the server (or a proxy before it) failed. */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Network error codes worth another attempt: the connection dropped or was not accepted (yet). */
const RETRIED_ERROR_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 4;
export const DEFAULT_BACKOFF_MS = 500;
export const DEFAULT_MAX_BACKOFF_MS = 8_000;

/** How requests are sent and retried. Every field has a default; tests inject `fetch` and `sleep`. */
export interface HttpRetryOptions {
  fetch?: typeof globalThis.fetch;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** Further attempts after the first one on 429/5xx or a dropped connection (default 4, at most 10). */
  retries?: number;
  /** Delay before the first retry; doubled for each next one (default 500 ms). */
  backoffMs?: number;
  /** Upper bound of one delay (default 8 s); a server's `Retry-After` above it fails the request at once, naming the wait asked for. */
  maxBackoffMs?: number;
  /** How to wait between attempts (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

export interface JsonClientConfig extends HttpRetryOptions {
  /** Name of the service, for messages: `DataHub`, `OpenMetadata`. */
  service: string;
  /** Base address of the service, e.g. `http://datahub-gms:8080`. */
  baseUrl: string;
  /** Bearer token; never printed. */
  token?: string;
  /** Environment variable the token comes from, named in messages about authentication. */
  tokenEnv?: string;
  /** Headers sent with every request. */
  headers?: Readonly<Record<string, string>>;
}

export interface JsonRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path (and query) below the base address, starting with `/`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** The body's media type when it is not plain JSON (default `application/json`), e.g. `application/json-patch+json` for a JSON Patch. */
  contentType?: string;
  /** Answers (besides 2xx) given back to the caller instead of thrown, e.g. 404 for a look-up. */
  accept?: readonly number[];
  /**
   * What a 2xx answer's body must be to come from the service: returns what is wrong with it (`"no \"version\""`),
   * or undefined when it is the service's answer. A body that is not (a gateway, a stub or another API at that
   * address answering 200 to anything) is a failure, not retried: it confirms no write and looked nothing up.
   */
  expect?: (body: unknown) => string | undefined;
  /**
   * For a path the service always serves at its address (a write action, its version): what to do when the answer
   * says the base address is wrong — a 404 that is not accepted, or a body that is not JSON (a web UI's page) —, e.g.
   * `give GMS's address, e.g. http://datahub-gms:8080`. A 404 elsewhere may be the service's own (an entity not found).
   */
  wrongAddress?: string;
}

export interface JsonResponse {
  status: number;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  attempts: number;
}

/** A request that failed for good: after its retries, or at once for an answer that is not retried. */
export class CatalogRequestError extends UsageError {
  constructor(
    message: string,
    /** The HTTP status of the last answer; undefined when no answer came (refused, timed out). */
    readonly status: number | undefined,
    readonly attempts: number,
  ) {
    super(message);
    this.name = "CatalogRequestError";
  }
}

export interface JsonClient {
  /** The base address, without trailing slash (no credentials: those are refused). */
  readonly baseUrl: string;
  request(request: JsonRequest): Promise<JsonResponse>;
}

/**
 * The name of a URL parameter whose value is a credential: `token`, `access_token`, `accessToken`, `api-key`,
 * `apiKey`, `password`, `client_secret`, `clientSecret`, `bearer`, `sig`… A name ending in one of the words, camelCase too:
 * no separator is needed before it. (One flat class before the word, not nested runs: no catastrophic backtracking.)
 */
export const CREDENTIAL_NAME = "[A-Za-z0-9_-]*(?:token|api[_-]?key|key|secret|password|passwd|pwd|auth|authorization|credentials?|bearer|jwt|sig|signature)";

/** Whether `name`, a URL parameter or a target's setting, names a credential (CREDENTIAL_NAME). */
export function isCredentialName(name: string): boolean {
  return new RegExp(`^${CREDENTIAL_NAME}$`, "i").test(name.trim());
}

/**
 * A URL's userinfo whose password holds a `#` (`http://u:12#w@gms`): a `#` in the authority that an `@` follows
 * before any setting's `=` or `&`, so not the start of a fragment or of openmetadata:'s settings (`#service=…`).
 * A URL parser reads it as host `u` and port 12, and a message that quoted it, or the part before the `#`, showed
 * the password. `$1` is the `://` before it.
 */
export const HASH_IN_PASSWORD = /(:\/\/)[^/#]*#[^=&]*@/;

/** Whether a URL's password holds a `#` (HASH_IN_PASSWORD). */
export function hashInPassword(url: string): boolean {
  return HASH_IN_PASSWORD.test(url);
}

/** Checks the base address (http/https, no credentials, query or fragment) and returns it without trailing slashes. */
export function parseBaseUrl(service: string, url: string, tokenEnv?: string): string {
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) {
    throw new UsageError(`The ${service} URL must start with http:// or https:// (got "${oneLine(withoutUnparsedUrlCredentials(trimmed, "***@"), 120)}")`);
  }
  const noCredentials = () => new UsageError(`The ${service} URL must not contain credentials: ${tokenEnv ? `give the token in ${tokenEnv}` : "give the token separately"}`);
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    // A password pasted unencoded (`http://u:p#w@gms`) is often why the parser refused the URL: refused for what it
    // is, credentials, which it would be once encoded, rather than as "not a URL".
    const shown = withoutUnparsedUrlCredentials(trimmed, "***@");
    if (shown !== trimmed) throw noCredentials();
    throw new UsageError(`The ${service} URL "${oneLine(shown, 120)}" is not a URL`);
  }
  if (parsed.username || parsed.password || hashInPassword(trimmed)) throw noCredentials();
  if ([...parsed.searchParams.keys()].some(isCredentialName)) {
    throw new UsageError(`The ${service} URL ${parsed.origin}${parsed.pathname} must not carry a token in its query: ${tokenEnv ? `give it in ${tokenEnv}` : "give it separately"} (it is not shown here)`);
  }
  if (parsed.search || parsed.hash) {
    throw new UsageError(`The ${service} URL ${parsed.origin}${parsed.pathname} has a query or fragment: give the service's base address`);
  }
  checkCredentialUrl(`the ${service} server`, parsed);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
}

/** A JSON client bound to one service. */
export function createJsonClient(config: JsonClientConfig): JsonClient {
  const baseUrl = parseBaseUrl(config.service, config.baseUrl, config.tokenEnv);
  const doFetch = config.fetch ?? globalThis.fetch;
  const timeoutMs = positive(config.timeoutMs, DEFAULT_TIMEOUT_MS);
  const retries = Math.min(10, Math.max(0, Math.floor(config.retries ?? DEFAULT_RETRIES)));
  const backoffMs = Math.max(0, config.backoffMs ?? DEFAULT_BACKOFF_MS);
  const maxBackoffMs = Math.max(0, config.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const token = config.token && config.token.trim() !== "" ? config.token.trim() : undefined;
  // A bearer token is printable ASCII without spaces (RFC 6750). Another one (a line break from a file it was read from)
  // makes no header: fetch's own error would quote the header, token and all, with the break as a space.
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError(
      `The ${config.service} token${config.tokenEnv ? ` in ${config.tokenEnv}` : ""} has a space, a line break or a character that is not printable ASCII, which a bearer token cannot have; set it to the token alone (it is not shown here)`,
    );
  }
  // A server may echo the token in an error (its body, a reason phrase, a redirect's Location), as sent or JSON- or
  // URL-escaped; tokens too short to be real are not searched for (they would mangle messages). What the server said is
  // redacted before it is cut to fit a message: cut first, a token at the cut would be shown all but its last characters.
  const tokenForms = token && token.length >= 6 ? [...new Set([token, JSON.stringify(token).slice(1, -1), encodeURIComponent(token)])] : [];
  const redact = (text: string): string => tokenForms.reduce((out, form) => out.split(form).join("***"), text);

  async function request(req: JsonRequest): Promise<JsonResponse> {
    const url = `${baseUrl}${req.path}`;
    const what = `${req.method} ${req.path}`;
    const headers: Record<string, string> = { accept: "application/json", ...config.headers };
    if (req.body !== undefined) headers["content-type"] = req.contentType ?? "application/json";
    if (token) headers.authorization = `Bearer ${token}`;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const fail = (detail: string, status: number | undefined, attempts: number): never => {
      const after = attempts > 1 ? ` (after ${attempts} attempts)` : "";
      throw new CatalogRequestError(redact(`${config.service} at ${baseUrl}: ${what} ${detail}${after}`), status, attempts);
    };

    for (let attempt = 1; ; attempt++) {
      const last = attempt > retries;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      let response: Response | undefined;
      let read: ResponseText;
      try {
        response = await doFetch(url, { method: req.method, headers, body, signal: controller.signal, redirect: "manual" });
        // Entities and look-ups, even a table with thousands of columns, stay well within the default bound.
        read = await readResponseText(response);
      } catch (error) {
        const timedOut = controller.signal.aborted;
        const code = fetchErrorCode(error);
        if (!last && (timedOut || (code !== undefined && RETRIED_ERROR_CODES.has(code)))) {
          await sleep(backoff(attempt, backoffMs, maxBackoffMs));
          continue;
        }
        // The status line came, the body did not (whole): the server got the request, and a write may have been made.
        if (response !== undefined) {
          const broken = timedOut ? `did not finish its answer within ${timeoutMs} ms` : `the connection broke before its answer was whole (${code ?? oneLine(redact(String((error as Error)?.message ?? error)), 120)})`;
          return fail(`answered HTTP ${response.status}, but ${broken}`, undefined, attempt);
        }
        return fail(timedOut ? `got no answer within ${timeoutMs} ms` : `failed: ${describeFetchError(error, baseUrl, config.service)}`, undefined, attempt);
      } finally {
        clearTimeout(timer);
      }

      const status = response.status;
      // Not retried: a server that answers this much would answer it again.
      if (!read.ok) return fail(`answered HTTP ${status} with ${read.reason}`, status, attempt);
      const text = read.text;
      // What the server said, for messages only (the body of a success is the caller's, as sent).
      const said = (value: string | null): string => redact(value ?? "");
      if ((status >= 200 && status < 300) || req.accept?.includes(status)) {
        const body = parseJson(text);
        // Both services answer JSON: anything else (a web UI's HTML page) is not the API, and no write was confirmed.
        if (body === undefined && text.trim() !== "") {
          return fail(`answered HTTP ${status} with ${oneLine(said(response.headers.get("content-type")) || "a body", 60)} that is not JSON (${describeBody(said(text)).slice(0, 120)}): ${req.wrongAddress ?? "give the address of the service's API, not its web UI"}`, status, attempt);
        }
        const problem = status >= 200 && status < 300 ? req.expect?.(body) : undefined;
        if (problem !== undefined) {
          const shown = text.trim() === "" ? "an empty body" : `${oneLine(said(text), 120)}`;
          return fail(`answered HTTP ${status} with ${shown}, which is not ${config.service}'s answer (${problem}): give the address of ${config.service}'s API`, status, attempt);
        }
        return { status, body, attempts: attempt };
      }
      // A wait the server asks for (RFC 9110 §10.2.3) is kept, up to the longest backoff: a longer one is not cut short (a retry
      // before it would be refused again, and spend the retries in seconds), the request fails now, saying when to try again.
      const retryAfter = RETRIED_STATUSES.has(status) ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
      const tooLong = retryAfter !== undefined && retryAfter > maxBackoffMs;
      if (!last && !tooLong && RETRIED_STATUSES.has(status)) {
        await sleep(retryAfter ?? backoff(attempt, backoffMs, maxBackoffMs));
        continue;
      }
      const reason = said(response.statusText) || STATUS_CODES[status] || "";
      const asked = retryAfter === undefined ? "" : `; it asks to be retried in ${waitText(retryAfter)} (Retry-After)${tooLong ? `, longer than meshkit waits (${waitText(maxBackoffMs)}): publish again then` : ""}`;
      const answered = `answered HTTP ${status}${reason ? ` ${oneLine(reason, 60)}` : ""}`;
      if (status >= 300 && status < 400) {
        const location = said(response.headers.get("location"));
        return fail(`${answered}, a redirect${location ? ` to ${oneLine(withoutUrlCredentials(location), 200)}` : ""}: give the address the service answers on`, status, attempt);
      }
      if (status === 401 || status === 403) {
        const hint = config.tokenEnv
          ? token
            ? `check the token in ${config.tokenEnv} and its permissions`
            : `set ${config.tokenEnv} to a token`
          : "check the credentials";
        return fail(`${answered}: ${describeBody(said(text))}; ${hint}`, status, attempt);
      }
      const notHere = status === 404 && req.wrongAddress !== undefined ? `; ${baseUrl} is not where ${config.service} answers ${req.method} ${req.path.split("?")[0]}: ${req.wrongAddress}` : "";
      return fail(`${answered}: ${describeBody(said(text))}${notHere}${asked}`, status, attempt);
    }
  }

  return { baseUrl, request };
}

/**
 * Throws a UsageError unless the service at `url` answers at all (any HTTP status) within `timeoutMs`:
 * a pipeline checks this before it applies infrastructure it would then fail to publish. No token is
 * sent, so a bad one is still only found when publishing.
 */
export async function checkServiceAnswers(service: string, url: string, options: Pick<HttpRetryOptions, "fetch" | "timeoutMs"> = {}): Promise<void> {
  const baseUrl = parseBaseUrl(service, url);
  const timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  try {
    const response = await (options.fetch ?? globalThis.fetch)(baseUrl, { method: "GET", redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
  } catch (error) {
    const timedOut = (error as Error)?.name === "TimeoutError";
    throw new UsageError(`cannot reach ${service} at ${baseUrl}: ${timedOut ? `no answer within ${timeoutMs} ms` : describeFetchError(error, baseUrl, service)}`);
  }
}

/** `backoffMs * 2^(attempt-1)`, at most `maxBackoffMs`. */
export function backoff(attempt: number, backoffMs: number, maxBackoffMs: number): number {
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempt - 1));
}

/** A wait for messages: seconds up to 2 minutes (`8 s`), then minutes, rounded up (`60 min`). */
function waitText(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds <= 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date (a date in the past is 0). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The server's own message: `message` (DataHub, OpenMetadata) or `error` of a JSON body, else the body's first line;
 * without its closing full stop, since messages go on after it (`…: <message>. Nothing was written; …`).
 */
export function describeBody(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "(empty body)";
  const withoutStop = (message: string) => message.replace(/([^.])\.$/, "$1");
  const json = parseJson(trimmed);
  if (json !== null && typeof json === "object" && !Array.isArray(json)) {
    const record = json as Record<string, unknown>;
    for (const key of ["message", "errorMessage", "error", "detail"]) {
      const value = record[key];
      if (typeof value === "string" && value.trim() !== "") return withoutStop(oneLine(value, 500));
    }
  }
  const withoutTags = htmlText(trimmed);
  if (withoutTags.trim() !== "") return withoutStop(oneLine(withoutTags, 500));
  // Nothing a page shows (a single-page app's shell: scripts and an empty root element) is no text to quote: its
  // markup and scripts would be. Text that is all tag-like but no page (`<none>`) is quoted as it is.
  return HTML_PAGE.test(trimmed) ? "(an HTML page that shows no text)" : withoutStop(oneLine(trimmed, 500));
}

/** Markup only a page has: a doctype, its document elements, a comment or an element whose content is hidden. */
const HTML_PAGE = /<(?:!doctype\s+html|html|head|body|script|style|noscript|template)[\s>/]|<!--/i;

/** Elements whose content is no text a page shows: code, styles, a template. */
const HIDDEN_ELEMENTS = ["script", "style", "noscript", "template"];

/**
 * The text an HTML page (a proxy's error page, a sign-in page) shows: without comments, the content of scripts and styles,
 * or tags, its character references read (`&amp;` is `&`). Text that is no HTML keeps all but what looks like a tag.
 * One pass over the text: a comment or hidden element left open ends the text; a `<` no `>` follows is kept.
 */
function htmlText(html: string): string {
  const lower = html.toLowerCase();
  let out = "";
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf("<", at);
    if (open < 0) {
      out += html.slice(at);
      break;
    }
    out += `${html.slice(at, open)} `;
    if (lower.startsWith("<!--", open)) {
      const end = html.indexOf("-->", open + 4);
      at = end < 0 ? html.length : end + 3;
      continue;
    }
    const close = html.indexOf(">", open + 1);
    if (close < 0) {
      out += html.slice(open);
      break;
    }
    const element = /^<([a-z]+)/.exec(lower.slice(open, Math.min(close, open + 12)))?.[1];
    if (element !== undefined && HIDDEN_ELEMENTS.includes(element)) {
      const end = lower.indexOf(`</${element}`, close + 1);
      const after = end < 0 ? -1 : html.indexOf(">", end);
      at = after < 0 ? html.length : after + 1;
      continue;
    }
    at = close + 1;
  }
  return decodeCharacterReferences(out);
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", ndash: "–", mdash: "—", hellip: "…", copy: "©" };

/** `&amp;`, `&#39;`, `&#x2014;` as the characters they stand for; another name, or a code point there is none of, as written. */
function decodeCharacterReferences(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,6}));/gi, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return Object.hasOwn(NAMED_REFERENCES, name.toLowerCase()) ? (NAMED_REFERENCES[name.toLowerCase()] as string) : whole;
    const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? "", 16);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}


function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

