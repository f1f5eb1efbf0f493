/**
 * Connecting to PostgreSQL as libpq users expect, shared by contract-test and provision: credentials from
 * meshkit's or libpq's variables, TLS as libpq reads its environment, and one-line connection problems.
 *
 * TLS follows libpq, since the `pg` driver does not: it reads PGSSLMODE only, and makes `prefer` (libpq's
 * default) mean `require`, so a server without TLS was refused.
 *
 * | PGSSLMODE | tries | server certificate |
 * |---|---|---|
 * | `disable` | without TLS | — |
 * | `allow` | without TLS, then with TLS when the server refuses that connection | verified like `require` |
 * | `prefer` (default) | with TLS, then without when the server refuses TLS or that connection | verified like `require` |
 * | `require` | with TLS only | not verified, unless there is a root certificate file: then as `verify-ca` |
 * | `verify-ca` | with TLS only | signed by a CA of the root certificate file |
 * | `verify-full` | with TLS only | also issued for the host name (or IP address) connected to |
 *
 * The root certificate file is PGSSLROOTCERT, else `~/.postgresql/root.crt` when it exists; PGSSLROOTCERT=system
 * trusts the system's CAs (Node's), and then only `verify-full` is allowed (its default then), as in libpq 16:
 * a public CA signs a certificate for anyone's host. A client certificate is PGSSLCERT (else
 * `~/.postgresql/postgresql.crt` when it exists) with its key PGSSLKEY (else `~/.postgresql/postgresql.key`).
 * PGSSLNEGOTIATION=direct (PostgreSQL 17) starts TLS without asking first, and needs `require` or stronger.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";
import type { ConnectionOptions } from "node:tls";

/** libpq's sslmode values, from no TLS to a verified host name. */
export const POSTGRES_SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type PostgresSslMode = (typeof POSTGRES_SSL_MODES)[number];

/** The libpq environment variables read for TLS. */
export const POSTGRES_TLS_ENV = ["PGSSLMODE", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY", "PGSSLNEGOTIATION"] as const;

/** TLS settings as the environment gives them (empty values count as unset); see postgresTlsFromEnv. */
export interface PostgresTlsSettings {
  /** The home folder whose `.postgresql` holds libpq's default files (HOME); default the user's. */
  home?: string;
  mode?: string;
  rootCert?: string;
  cert?: string;
  key?: string;
  negotiation?: string;
}

/** One connection attempt: `false` without TLS, else the options of the TLS connection. */
export type TlsAttempt = false | ConnectionOptions;

export interface PostgresTlsPlan {
  mode: PostgresSslMode;
  /** Connections to try in order; the next one only when the server refused the one before. */
  attempts: TlsAttempt[];
  /** `direct` (no SSLRequest first) or `postgres`, libpq's sslnegotiation. */
  negotiation: "direct" | "postgres";
  /** How the server's certificate is checked, for messages: "not verified", "verified against <file> (CA only)", … */
  verification: string;
}

export function postgresTlsFromEnv(env: Readonly<Record<string, string | undefined>>): PostgresTlsSettings {
  const read = (name: string) => (env[name] !== undefined && env[name] !== "" ? env[name] : undefined);
  const settings: PostgresTlsSettings = {};
  const home = read("HOME");
  if (home !== undefined) settings.home = home;
  const [mode, rootCert, cert, key, negotiation] = POSTGRES_TLS_ENV.map(read);
  if (mode !== undefined) settings.mode = mode;
  if (rootCert !== undefined) settings.rootCert = rootCert;
  if (cert !== undefined) settings.cert = cert;
  if (key !== undefined) settings.key = key;
  if (negotiation !== undefined) settings.negotiation = negotiation;
  return settings;
}

/**
 * The connections to try for `settings`, with the files they name read. Throws an Error whose message says what to change for settings libpq refuses too:
 * an unknown mode, `verify-ca` / `verify-full` without a root certificate, a file that cannot be read, a
 * client certificate without its key. Messages name files, never their contents.
 */
export function planPostgresTls(settings: PostgresTlsSettings): PostgresTlsPlan {
  const home = settings.home ?? homedir();
  const systemRoots = settings.rootCert === "system";
  const written = settings.mode?.trim().toLowerCase();
  if (written !== undefined && !(POSTGRES_SSL_MODES as readonly string[]).includes(written)) {
    throw new Error(`PGSSLMODE is \`${settings.mode}\`, which libpq does not know: use one of ${POSTGRES_SSL_MODES.join(", ")}`);
  }
  const mode = (written ?? (systemRoots ? "verify-full" : "prefer")) as PostgresSslMode;
  const negotiation = settings.negotiation?.trim().toLowerCase() ?? "postgres";
  if (negotiation !== "postgres" && negotiation !== "direct") throw new Error(`PGSSLNEGOTIATION is \`${settings.negotiation}\`: use postgres or direct`);
  if (negotiation === "direct" && !["require", "verify-ca", "verify-full"].includes(mode)) {
    throw new Error(`PGSSLNEGOTIATION=direct needs PGSSLMODE require, verify-ca or verify-full, not ${mode}`);
  }
  if (systemRoots && mode !== "verify-full" && mode !== "disable") {
    throw new Error(`PGSSLROOTCERT=system trusts any certificate a public CA issued, so it needs PGSSLMODE=verify-full, not ${mode}`);
  }
  if (mode === "disable") return { mode, attempts: [false], negotiation: "postgres", verification: "no TLS" };

  const rootCertFile = settings.rootCert ?? join(home, ".postgresql", "root.crt");
  const ca = systemRoots ? undefined : readIfThere(rootCertFile, "PGSSLROOTCERT");
  const verifies = mode === "verify-ca" || mode === "verify-full";
  if (verifies && !systemRoots && ca === undefined) {
    throw new Error(
      `PGSSLMODE=${mode} verifies the server's certificate, but the root certificate file ${rootCertFile} does not exist: set PGSSLROOTCERT to the CA certificate file (or to \`system\` for the system's CAs, with verify-full), or use PGSSLMODE=require, which does not verify`,
    );
  }
  // libpq verifies the chain whenever it has a root certificate, `require` included (then as verify-ca).
  const options: ConnectionOptions = { rejectUnauthorized: verifies || ca !== undefined };
  if (ca !== undefined) options.ca = ca;
  if (mode !== "verify-full") options.checkServerIdentity = () => undefined;
  const certFile = settings.cert ?? join(home, ".postgresql", "postgresql.crt");
  const cert = readIfThere(certFile, "PGSSLCERT");
  if (cert !== undefined) {
    const keyFile = settings.key ?? join(home, ".postgresql", "postgresql.key");
    const key = readIfThere(keyFile, "PGSSLKEY");
    if (key === undefined) throw new Error(`the client certificate ${certFile} has no private key file ${keyFile}: set PGSSLKEY to it`);
    options.cert = cert;
    options.key = key;
  }
  const verification = !options.rejectUnauthorized
    ? "not verified"
    : `verified against ${systemRoots ? "the system's CAs" : rootCertFile}${mode === "verify-full" ? ", with the host name" : " (CA only, not the host name)"}`;
  const attempts: TlsAttempt[] = mode === "allow" ? [false, options] : mode === "prefer" ? [options, false] : [options];
  return { mode, attempts, negotiation: negotiation as "direct" | "postgres", verification };
}

/** A file's text, or undefined when there is none; a file that is there but cannot be read is an error naming it. */
function readIfThere(path: string, variable: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${path} (${variable}): ${(error as { code?: string }).code ?? "unreadable"}`);
  }
}

/** Environment variables the user name is read from, in order. */
export const POSTGRES_USER_ENV = ["MESHKIT_POSTGRES_USER", "PGUSER"] as const;
/** Environment variables the password is read from, in order. */
export const POSTGRES_PASSWORD_ENV = ["MESHKIT_POSTGRES_PASSWORD", "PGPASSWORD"] as const;

export interface PostgresCredentials {
  user?: string;
  password?: string;
}

/** The credentials in `env` (see POSTGRES_USER_ENV and POSTGRES_PASSWORD_ENV); empty values count as unset. */
export function postgresCredentialsFromEnv(env: Readonly<Record<string, string | undefined>>): PostgresCredentials {
  const first = (names: readonly string[]) => names.map((name) => env[name]).find((value) => value !== undefined && value !== "");
  const user = first(POSTGRES_USER_ENV);
  const password = first(POSTGRES_PASSWORD_ENV);
  return { ...(user !== undefined ? { user } : {}), ...(password !== undefined ? { password } : {}) };
}

/**
 * Why a contract's postgres server entry's `host` cannot be used, or undefined (provision and contract-test
 * both refuse it). Every message about the connection names the host: a connection URI, a
 * `user:password@` or a libpq `password=` (`db?password=…`) written there would print its password in
 * the CI log, so it is refused without being repeated.
 */
export function postgresHostProblem(label: string, host: string): string | undefined {
  // A socket directory is a path (libpq reads a host starting with `/` so): its name may hold a space or an `@`.
  if (host.startsWith("/") || !/@|:\/\/|\s|password=/i.test(host)) return undefined;
  return `server \`${label}\` has a host that is not a host name, address or socket directory (a connection URI, user and password before an @, or a password=); write the host alone and pass the credentials in MESHKIT_POSTGRES_USER and MESHKIT_POSTGRES_PASSWORD`;
}

/**
 * Why a contract's postgres server entry's `database` cannot be used, or undefined: the connection
 * messages name it as `host:port/database` too, so a connection URI (`postgresql://user:password@…`),
 * a `user:password@` or a libpq `password=` written there would print the password. Other names,
 * spaces and punctuation included, are PostgreSQL's to judge.
 */
export function postgresDatabaseProblem(label: string, database: string): string | undefined {
  if (!/:\/\/|^[^@\s:/]+:[^@]*@|password\s*=/i.test(database)) return undefined;
  return `server \`${label}\` has a database that is not a database name (a connection URI, user and password before an @, or a password=); write the database name alone and pass the credentials in MESHKIT_POSTGRES_USER and MESHKIT_POSTGRES_PASSWORD`;
}

/** PostgreSQL's port, where a server entry names none. */
export const DEFAULT_POSTGRES_PORT = 5432;

/** Where a contract's postgres server entry says the database is. */
export interface PostgresServerAddress {
  /** Without the spaces around it, as written otherwise (`[::1]` included; see postgresAddress). */
  host: string;
  port: number;
  database: string;
}

/**
 * The host, port and database of a contract's postgres server entry, or why they cannot be used: one reading
 * for contract-test and provision, so that an entry one of them connects to the other does not refuse. The
 * host is read without the spaces around it; the port is a whole number from 1 to 65535, or its digits as text
 * (`port: "5432"`, as a YAML file quotes it), 5432 when absent; a boolean, or text such as `"0x1538"` or `"5e3"`,
 * is no port. (Unquoted, YAML 1.2 has already read `0x1538` as the number 5432: that one is a port.)
 */
export function postgresServerAddress(
  label: string,
  server: { readonly host?: unknown; readonly port?: unknown; readonly database?: unknown },
): { ok: true; address: PostgresServerAddress } | { ok: false; problem: string } {
  const host = typeof server.host === "string" ? server.host.trim() : "";
  if (host === "") return { ok: false, problem: `server \`${label}\` (postgres) has no \`host\`` };
  const hostProblem = postgresHostProblem(label, host);
  if (hostProblem) return { ok: false, problem: hostProblem };
  const database = server.database;
  if (typeof database !== "string" || database === "") return { ok: false, problem: `server \`${label}\` (postgres) has no \`database\`` };
  const databaseProblem = postgresDatabaseProblem(label, database);
  if (databaseProblem) return { ok: false, problem: databaseProblem };
  const port = postgresPort(server.port);
  if (port === undefined) return { ok: false, problem: `server \`${label}\` (postgres) has port ${JSON.stringify(server.port)}; a port is a whole number from 1 to 65535` };
  return { ok: true, address: { host, port, database } };
}

/** A server entry's `port` as a number, DEFAULT_POSTGRES_PORT when absent (or empty: `port:`); undefined when it is no port. */
function postgresPort(port: unknown): number | undefined {
  if (port === undefined || port === null) return DEFAULT_POSTGRES_PORT;
  const value = typeof port === "number" ? port : typeof port === "string" && /^\s*\d+\s*$/.test(port) ? Number(port) : Number.NaN;
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? value : undefined;
}

/** Where to connect and as whom; `label` is the contract's name for the server, for messages. */
export interface PostgresEndpoint extends PostgresCredentials {
  host: string;
  port: number;
  database: string;
  label?: string;
}

/** The `pg.Client` options connectPostgres sets; the caller adds its own (timeouts, application_name). */
export interface PostgresClientOptions {
  host: string;
  port: number;
  database: string;
  user?: string;
  password?: string;
  ssl: TlsAttempt;
  sslnegotiation: "direct" | "postgres";
  connectionTimeoutMillis: number;
}

/** What connectPostgres needs of a `pg.Client` (core does not depend on the driver). */
export interface PostgresClientLike {
  connect(): Promise<unknown>;
  end(): Promise<unknown>;
  on(event: "error", listener: (error: Error) => void): unknown;
  /** `pg.Client`'s socket, closed at once when connecting failed (see abandonClient). */
  connection?: { stream?: { destroy(): void } };
}

/**
 * `pg`'s message when a server answers the TLS request (SSLRequest) with neither `S` nor `N`: no PostgreSQL
 * server does. libpq stops there too ("received invalid response to SSL negotiation"), without trying again.
 */
const NOT_POSTGRES_TLS_ANSWER = "There was an error establishing an SSL connection";

/** Connecting failed: the message is one line, names the server and the user, and never the password. */
export class PostgresConnectError extends Error {
  override readonly name = "PostgresConnectError";
}

/**
 * A server entry's host as the driver connects to it: an IPv6 address written as in a URL (`[::1]`) without its
 * brackets, which no resolver knows (the connection would fail with ENOTFOUND); any other host as written.
 */
function driverHost(host: string): string {
  const bracketed = /^\[([0-9A-Fa-f:.]+(?:%[^\]]+)?)\]$/.exec(host);
  return bracketed ? bracketed[1]! : host;
}

/**
 * `host:port` as messages name a server: an IPv6 address in brackets (`[::1]:5432`, not `::1:5432`, whose port
 * reads as one of the address's groups); a socket directory (a path) as written.
 */
export function postgresAddress(host: string, port: number | string): string {
  const address = driverHost(host);
  return `${!address.startsWith("/") && address.includes(":") ? `[${address}]` : address}:${port}`;
}

/**
 * Connects a client `makeClient` builds for each TLS attempt libpq's variables (`tls`) ask for, in order:
 * libpq's allow and prefer try the other way when the server refused one (TLS, its certificate, or the
 * login), not when no server answered at all, which would only double the wait. Throws a PostgresConnectError.
 */
export async function connectPostgres<C extends PostgresClientLike>(
  endpoint: PostgresEndpoint,
  options: { tls: PostgresTlsSettings; connectTimeoutMs: number },
  makeClient: (options: PostgresClientOptions) => C,
): Promise<C> {
  const server = `PostgreSQL server ${endpoint.label !== undefined ? `\`${endpoint.label}\` at ` : ""}${postgresAddress(endpoint.host, endpoint.port)}/${endpoint.database}`;
  let tls: PostgresTlsPlan;
  try {
    tls = planPostgresTls(options.tls);
  } catch (error) {
    throw new PostgresConnectError(`Cannot connect to ${server}: ${firstErrorLine(error)}`);
  }
  const user = endpoint.user ?? operatingSystemUser();
  let failure = "";
  for (const ssl of tls.attempts) {
    const client = makeClient({
      host: driverHost(endpoint.host),
      port: endpoint.port,
      database: endpoint.database,
      ...(user !== undefined ? { user } : {}),
      ...(endpoint.password !== undefined ? { password: endpoint.password } : {}),
      ssl,
      // Always given: pg would read PGSSLNEGOTIATION itself, and refuse `direct` for an attempt without TLS.
      sslnegotiation: ssl === false ? "postgres" : tls.negotiation,
      connectionTimeoutMillis: options.connectTimeoutMs,
    });
    // A connection lost between queries is reported by the next query; without a listener it would crash the process.
    client.on("error", () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await abandonClient(client);
      const as = user !== undefined ? `as \`${user}\`` : `with no user name (set ${POSTGRES_USER_ENV.join(" or ")})`;
      failure = scrubSecret(`Cannot connect to ${server} ${as}: ${postgresConnectionProblem(error, options.connectTimeoutMs, ssl === false ? undefined : tls)}`, endpoint.password);
      if (isUnreachable(error) || firstErrorLine(error) === NOT_POSTGRES_TLS_ANSWER) break;
    }
  }
  throw new PostgresConnectError(failure);
}

/**
 * Ends a client whose connecting failed without waiting on the server: `pg`'s end() waits for the server to
 * close the connection, and a server that is not PostgreSQL's (another service on that port, which answered the
 * TLS request with its own greeting) never does, so the run hung there for good. The socket is closed first.
 */
async function abandonClient(client: PostgresClientLike): Promise<void> {
  try {
    client.connection?.stream?.destroy();
  } catch {
    // already closed
  }
  await client.end().catch(() => undefined);
}

/**
 * libpq's default user: the operating system's name for the process's user. The `pg` driver reads the USER
 * variable instead, which services and containers often leave unset: it then sent no user at all.
 */
function operatingSystemUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined; // a user id without a passwd entry (containers run as an arbitrary uid)
  }
}

/** Errors where no server answered: trying again another way (with or without TLS) cannot help. */
function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return (code !== undefined && ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"].includes(code)) || /timeout/i.test(firstErrorLine(error));
}

/**
 * Why connecting failed, in words, with what to do where there is something to do; `tls` when the attempt
 * was made with TLS, to say how.
 */
function postgresConnectionProblem(error: unknown, connectTimeoutMs: number, tls?: PostgresTlsPlan): string {
  const code = (error as { code?: string })?.code;
  const message = firstErrorLine(error);
  if (message === NOT_POSTGRES_TLS_ANSWER) {
    return "the server answered the TLS request as no PostgreSQL server does (another service may listen on that port): check the server entry's host and port";
  }
  if (tls && message === "The server does not support SSL connections") {
    return `the server does not accept TLS connections, and PGSSLMODE=${tls.mode} requires TLS (enable ssl on the server, or set PGSSLMODE=prefer to fall back to a connection without TLS)`;
  }
  if (tls && code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)|ERR_TLS|ERR_SSL/.test(code)) {
    return `TLS error (${code}: ${message}); PGSSLMODE=${tls.mode}, the server's certificate ${tls.verification}`;
  }
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused (is the server running and listening on that host and port?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "unknown host";
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `host unreachable (${code})`;
    case "28P01":
      return `${message} (the password comes from ${POSTGRES_PASSWORD_ENV.join(" or ")})`;
    case "28000":
      return `${message} (the user comes from ${POSTGRES_USER_ENV.join(" or ")})`;
    case "3D000":
      return message;
  }
  if (/client password must be a string|password is required|no password/i.test(message)) {
    return `the server asks for a password and none was given: set ${POSTGRES_PASSWORD_ENV.join(" (or ")})`;
  }
  if (/timeout/i.test(message)) return `no answer within ${connectTimeoutMs / 1000} s (connection timeout)`;
  return message || code || "unknown error";
}

/** The first line of an error's message (the first of an AggregateError's), else its code. */
export function firstErrorLine(error: unknown): string {
  const inner = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const message = String((inner as Error)?.message ?? inner ?? "").split("\n")[0]!.trim();
  return message || String((error as { code?: string })?.code ?? "");
}

const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/**
 * A message on one line with the password replaced, should a server or driver ever echo it. Only where it
 * stands as a whole (not inside a longer word): an echoed password is a token of its own (`password=…`,
 * `'…'`, `user:…@`), while a short one (`e`, `admin`) replaced inside every word both garbles the message
 * (`Cannot conn***ct`) and shows the password by where the stars are.
 */
export function scrubSecret(message: string, secret: string | undefined): string {
  const line = message.replace(/[\r\n]+/g, " ");
  if (!secret) return line;
  const secretChars = [...secret];
  const opensWord = WORD_CHARACTER.test(secretChars[0]!);
  const closesWord = WORD_CHARACTER.test(secretChars[secretChars.length - 1]!);
  let scrubbed = "";
  let from = 0;
  for (let at = line.indexOf(secret); at !== -1; at = line.indexOf(secret, at + 1)) {
    if (at < from) continue;
    const before = [...line.slice(Math.max(0, at - 2), at)].pop();
    const after = [...line.slice(at + secret.length, at + secret.length + 2)][0];
    const insideWord = (opensWord && before !== undefined && WORD_CHARACTER.test(before)) || (closesWord && after !== undefined && WORD_CHARACTER.test(after));
    if (insideWord) continue;
    scrubbed += `${line.slice(from, at)}***`;
    from = at + secret.length;
  }
  return scrubbed + line.slice(from);
}
