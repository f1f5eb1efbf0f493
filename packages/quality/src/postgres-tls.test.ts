/**
 * TLS to PostgreSQL as libpq's variables ask for it, against a real server that has TLS and accepts only TLS
 * connections (`hostssl` in pg_hba.conf), with a certificate signed by a CA made here with `openssl`. The
 * server without TLS is postgres.test.ts's (PGSSLMODE=prefer falls back there).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresServer, startPostgres } from "@meshkit/core/testing/postgres";
import { DataSourceError } from "./engine.js";
import { openPostgres } from "./postgres.js";
import { type PostgresTlsSettings, planPostgresTls, postgresTlsFromEnv } from "@meshkit/core";

let server: PostgresServer;
let certs: string;
/** A home folder without `.postgresql`, so that no file of the machine's user is read. */
let home: string;

const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: certs, stdio: ["ignore", "pipe", "pipe"] });

/** A CA, a server certificate it signs for 127.0.0.1, and a CA that signed nothing of this server. */
function makeCertificates(): void {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=meshkit test CA");
  openssl("req", "-x509", ...ec, "-keyout", "other-ca.key", "-out", "other-ca.crt", "-days", "2", "-subj", "/CN=another CA");
  openssl("req", "-new", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=db.meshkit.test");
  writeFileSync(join(certs, "san.ext"), "subjectAltName = IP:127.0.0.1, DNS:db.meshkit.test\n");
  openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
}

/** A file of the server's, owned by the server's OS user (the data folder's owner) with mode 0600, as it wants its key. */
function writeServerFile(dataDir: string, path: string, text: string): void {
  const owner = statSync(dataDir);
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
  chownSync(path, owner.uid, owner.gid);
}

const target = () => ({ label: "prod", host: "127.0.0.1", port: server.port, database: "analytics", schema: "public" });

/** Whether the session of a connection made with `tls` uses TLS, as the server sees it. */
async function sessionUsesTls(tls: PostgresTlsSettings): Promise<boolean> {
  const executor = await openPostgres(target(), { user: server.user, password: server.password }, { tls: { home, ...tls } });
  try {
    const rows = await executor.queryValues({ sql: "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", params: [] });
    return rows[0]?.[0] === true;
  } finally {
    await executor.close();
  }
}

async function connectionError(tls: PostgresTlsSettings): Promise<string> {
  const error = await openPostgres(target(), { user: server.user, password: server.password }, { tls: { home, ...tls } }).then(
    async (executor) => {
      await executor.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataSourceError);
  const message = (error as Error).message;
  expect(message).not.toContain(server.password);
  expect(message).not.toContain(readFileSync(join(certs, "server.key"), "utf8").split("\n")[1]);
  return message;
}

beforeAll(async () => {
  certs = mkdtempSync(join(tmpdir(), "meshkit-tls-"));
  home = join(certs, "home");
  mkdirSync(home);
  makeCertificates();
  server = await startPostgres({ database: "analytics" });
  const admin = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: "analytics", ssl: false });
  await admin.connect();
  try {
    const dataDir = (await admin.query<{ data_directory: string }>("SHOW data_directory")).rows[0]!.data_directory;
    const hbaFile = (await admin.query<{ hba_file: string }>("SHOW hba_file")).rows[0]!.hba_file;
    writeServerFile(dataDir, join(dataDir, "server.crt"), readFileSync(join(certs, "server.crt"), "utf8"));
    writeServerFile(dataDir, join(dataDir, "server.key"), readFileSync(join(certs, "server.key"), "utf8"));
    // TLS connections only: `allow` must go on to TLS when the server refuses a connection without it.
    writeServerFile(dataDir, hbaFile, "local all all scram-sha-256\nhostssl all all 127.0.0.1/32 scram-sha-256\n");
    await admin.query("ALTER SYSTEM SET ssl = on");
    await admin.query("SELECT pg_reload_conf()");
  } finally {
    await admin.end();
  }
  // The postmaster reads the new settings on its own after the signal: wait until a TLS connection is taken.
  for (let attempt = 1; ; attempt++) {
    const probe = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: "analytics", ssl: { rejectUnauthorized: false } });
    const ready = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => undefined);
    if (ready) break;
    if (attempt === 100) throw new Error(`the test server did not take TLS connections after its reload:\n${readFileSync(server.logFile, "utf8").slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => {
  await server?.stop();
  if (certs) rmSync(certs, { recursive: true, force: true });
});

describe("TLS as PGSSLMODE asks for it, on a server that takes TLS connections only", () => {
  it("prefer (also when PGSSLMODE is unset, as libpq's default), require and allow end up with TLS", async () => {
    expect(await sessionUsesTls({})).toBe(true);
    expect(await sessionUsesTls({ mode: "prefer" })).toBe(true);
    expect(await sessionUsesTls({ mode: "require" })).toBe(true);
    // allow tries without TLS first; the server refuses that (hostssl), so TLS is tried next.
    expect(await sessionUsesTls({ mode: "allow" })).toBe(true);
  });

  it("disable connects without TLS, which this server refuses", async () => {
    expect(await connectionError({ mode: "disable" })).toMatch(/^Cannot connect to PostgreSQL server `prod` at 127\.0\.0\.1:\d+\/analytics as `meshkit`: .*no encryption/);
  });

  it("verify-ca and verify-full check the certificate against PGSSLROOTCERT (verify-full also its name, 127.0.0.1 here)", async () => {
    const ca = join(certs, "ca.crt");
    expect(await sessionUsesTls({ mode: "verify-ca", rootCert: ca })).toBe(true);
    expect(await sessionUsesTls({ mode: "verify-full", rootCert: ca })).toBe(true);
    // A root certificate makes require verify the chain too, as in libpq.
    expect(await connectionError({ mode: "require", rootCert: join(certs, "other-ca.crt") })).toMatch(/TLS error \(.*\); PGSSLMODE=require, the server's certificate verified against .*other-ca\.crt \(CA only, not the host name\)$/);
    expect(await connectionError({ mode: "verify-full", rootCert: join(certs, "other-ca.crt") })).toMatch(/TLS error \(.*\); PGSSLMODE=verify-full, the server's certificate verified against .*other-ca\.crt, with the host name$/);
  });

  it("verify-full without a root certificate file is refused before connecting, naming the file libpq would read", async () => {
    expect(await connectionError({ mode: "verify-full" })).toBe(
      `Cannot connect to PostgreSQL server \`prod\` at 127.0.0.1:${server.port}/analytics: PGSSLMODE=verify-full verifies the server's certificate, but the root certificate file ${join(home, ".postgresql", "root.crt")} does not exist: set PGSSLROOTCERT to the CA certificate file (or to \`system\` for the system's CAs, with verify-full), or use PGSSLMODE=require, which does not verify`,
    );
  });

  it("reads the root certificate from ~/.postgresql/root.crt when PGSSLROOTCERT is unset", async () => {
    const withRoot = join(certs, "home-with-root");
    mkdirSync(join(withRoot, ".postgresql"), { recursive: true });
    writeFileSync(join(withRoot, ".postgresql", "root.crt"), readFileSync(join(certs, "ca.crt")));
    expect(await sessionUsesTls({ mode: "verify-full", home: withRoot })).toBe(true);
  });
});

describe("libpq's TLS settings", () => {
  it("are read from PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY, PGSSLNEGOTIATION and HOME, empty ones unset", () => {
    expect(postgresTlsFromEnv({ PGSSLMODE: "verify-ca", PGSSLROOTCERT: "/ca.crt", PGSSLCERT: "", HOME: "/home/u", PGSSLNEGOTIATION: "direct" })).toEqual({
      mode: "verify-ca",
      rootCert: "/ca.crt",
      home: "/home/u",
      negotiation: "direct",
    });
  });

  it("try TLS and then none (prefer, the default), none then TLS (allow), or one way only", () => {
    const attempts = (mode?: string) => planPostgresTls({ home, ...(mode ? { mode } : {}) }).attempts.map((a) => (a === false ? "plain" : "tls"));
    expect(attempts()).toEqual(["tls", "plain"]);
    expect(attempts("prefer")).toEqual(["tls", "plain"]);
    expect(attempts("allow")).toEqual(["plain", "tls"]);
    expect(attempts("disable")).toEqual(["plain"]);
    expect(attempts("require")).toEqual(["tls"]);
    expect(attempts("Require")).toEqual(["tls"]);
  });

  it("verify the certificate by the mode: not at all without a root certificate, the chain for verify-ca, the name too for verify-full", () => {
    const tls = (settings: PostgresTlsSettings) => planPostgresTls({ home, ...settings }).attempts.find((a) => a !== false)!;
    expect(tls({ mode: "require" })).toEqual({ rejectUnauthorized: false, checkServerIdentity: expect.any(Function) });
    const ca = readFileSync(join(certs, "ca.crt"), "utf8");
    expect(tls({ mode: "verify-ca", rootCert: join(certs, "ca.crt") })).toEqual({ rejectUnauthorized: true, ca, checkServerIdentity: expect.any(Function) });
    expect(tls({ mode: "verify-full", rootCert: join(certs, "ca.crt") })).toEqual({ rejectUnauthorized: true, ca });
    // system: Node's CAs, and only with verify-full (libpq 16), its default then.
    expect(planPostgresTls({ home, rootCert: "system" })).toMatchObject({ mode: "verify-full", attempts: [{ rejectUnauthorized: true }] });
    expect(() => planPostgresTls({ home, rootCert: "system", mode: "require" })).toThrow("PGSSLROOTCERT=system trusts any certificate a public CA issued, so it needs PGSSLMODE=verify-full, not require");
  });

  it("send a client certificate with its key, and refuse settings libpq refuses", () => {
    const tls = planPostgresTls({ home, mode: "require", cert: join(certs, "server.crt"), key: join(certs, "server.key") }).attempts[0];
    expect(tls).toMatchObject({ cert: readFileSync(join(certs, "server.crt"), "utf8"), key: readFileSync(join(certs, "server.key"), "utf8") });
    expect(() => planPostgresTls({ home, mode: "require", cert: join(certs, "server.crt"), key: join(certs, "none.key") })).toThrow(`the client certificate ${join(certs, "server.crt")} has no private key file ${join(certs, "none.key")}: set PGSSLKEY to it`);
    expect(() => planPostgresTls({ home, mode: "no-verify" })).toThrow("PGSSLMODE is `no-verify`, which libpq does not know: use one of disable, allow, prefer, require, verify-ca, verify-full");
    expect(() => planPostgresTls({ home, mode: "prefer", negotiation: "direct" })).toThrow("PGSSLNEGOTIATION=direct needs PGSSLMODE require, verify-ca or verify-full, not prefer");
  });
});
