/**
 * Where meshkit may send a credential (a warehouse password, an OPA or catalog token, Pushgateway
 * credentials): when MESHKIT_ALLOWED_HOSTS is set, only to the hosts it lists. A pull request can change
 * the host its contract or meshkit.yaml names; it cannot change the workflow's environment (an
 * organisation's required workflow, a protected variable), so the list keeps a secret from going where a
 * change points it. Unset, any host is allowed, as before.
 */
import { UsageError } from "./findings.js";

export const ALLOWED_HOSTS_VARIABLE = "MESHKIT_ALLOWED_HOSTS";

/**
 * One entry: `db.example.com`, `db.example.com:5432`, `*.example.com` (any host under it), `[::1]:8181`, or a
 * PostgreSQL socket directory (`/var/run/postgresql`, `/cloudsql/project:region:instance`), which takes any port.
 */
interface AllowedHost {
  host: string;
  /** A suffix (`.example.com`) for `*.example.com`. */
  wildcard: boolean;
  port?: number;
}

/** The hosts MESHKIT_ALLOWED_HOSTS lists (comma or space separated), or undefined when it is unset or empty. */
export function allowedHosts(env: NodeJS.ProcessEnv = process.env): AllowedHost[] | undefined {
  const text = env[ALLOWED_HOSTS_VARIABLE]?.trim() ?? "";
  if (text === "") return undefined;
  return text.split(/[\s,]+/).filter(Boolean).map(parseEntry);
}

function parseEntry(entry: string): AllowedHost {
  // A socket directory is a path (libpq reads a host starting with `/` so): its name may hold colons (Cloud SQL's
  // /cloudsql/project:region:instance), which would read as a port, so it is listed whole.
  if (entry.startsWith("/")) return { host: normalHost(entry), wildcard: false };
  // An IPv6 literal may carry its zone (`[fe80::1%eth0]`), as a link-local server's host does.
  const match = /^(\[[0-9a-fA-F:.]+(?:%[^\]\s]+)?\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(entry);
  if (!match) throw new UsageError(`${ALLOWED_HOSTS_VARIABLE}: ${JSON.stringify(entry.slice(0, 80))} is not a host name, host:port or *.domain`);
  const host = normalHost(match[1]!);
  const wildcard = host.startsWith("*.");
  return { host: wildcard ? host.slice(1) : host, wildcard, ...(match[2] !== undefined ? { port: Number(match[2]) } : {}) };
}

/**
 * Host names compare without case (RFC 4343) and without an IPv6 literal's brackets or a trailing dot; a socket
 * directory as written (a path's case matters), without a trailing `/`.
 */
function normalHost(host: string): string {
  if (host.startsWith("/")) return host.replace(/(?<=.)\/+$/, "");
  return host.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
}

/**
 * Throws a UsageError when MESHKIT_ALLOWED_HOSTS is set and lists neither `host` nor `host:port`: `what`
 * (e.g. "the PostgreSQL server") is not sent the credential. Called before anything is sent.
 */
export function checkCredentialHost(what: string, host: string, port: number | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const allowed = allowedHosts(env);
  if (!allowed) return;
  const name = normalHost(host);
  const listed = allowed.some((entry) => (entry.wildcard ? name.endsWith(entry.host) && name.length > entry.host.length : name === entry.host) && (entry.port === undefined || entry.port === port));
  if (listed) return;
  const shown = `${host}${port !== undefined ? `:${port}` : ""}`;
  throw new UsageError(`${what} ${shown} is not in ${ALLOWED_HOSTS_VARIABLE} (${allowed.map((e) => `${e.wildcard ? "*" : ""}${e.host}${e.port !== undefined ? `:${e.port}` : ""}`).join(", ")}): meshkit sends credentials and data only to the hosts listed there`);
}

/** checkCredentialHost for an http(s) URL: its host, and its port (the scheme's when none is written). */
export function checkCredentialUrl(what: string, url: URL, env: NodeJS.ProcessEnv = process.env): void {
  checkCredentialHost(what, url.hostname, url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80, env);
}
