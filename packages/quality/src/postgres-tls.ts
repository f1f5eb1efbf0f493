/**
 * TLS to a PostgreSQL server as libpq reads its environment, since the `pg` driver does not: it reads
 * PGSSLMODE only, and makes `prefer` (libpq's default) mean `require`, so a server without TLS was refused.
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
import { homedir } from "node:os";
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
