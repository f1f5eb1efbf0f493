/**
 * A real, throwaway PostgreSQL server for tests: `initdb` into a temp folder (password authentication,
 * so a wrong password is really refused), `pg_ctl start` on a free loopback port, and `stop()` that
 * shuts it down and deletes everything. Nothing is mocked and nothing outside the temp folder is touched.
 *
 * Binaries are taken from `MESHKIT_POSTGRES_BIN` (a folder), else from PATH, else from the newest
 * `/usr/lib/postgresql/<version>/bin` (where Debian's `postgresql` package puts them). PostgreSQL refuses
 * to run as root, so under root `initdb` and `pg_ctl` run as the `postgres` OS user (the package creates
 * it) and the temp folder is handed to that user.
 *
 * Test-only: imported as `@meshkit/core/testing/postgres`, never from a package's runtime code.
 */
import { type SpawnOptions, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, appendFileSync, chownSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, parse } from "node:path";
import { freeLoopbackPort } from "./ports.js";

export interface PostgresServerOptions {
  /** Database to create and connect to; default `postgres` (the one initdb makes). */
  database?: string;
  /** The superuser initdb creates; default `meshkit`. */
  user?: string;
  /** A folder with initdb, pg_ctl and postgres; default: see the module comment. */
  binDir?: string;
}

export interface PostgresServer {
  /** Always `127.0.0.1`: the server listens on loopback only. */
  host: string;
  port: number;
  /** A superuser of the server. */
  user: string;
  /** Generated for this server; password authentication (scram-sha-256) is required on TCP and the socket. */
  password: string;
  database: string;
  /** `postgresql://user:password@127.0.0.1:port/database` (it holds the password: do not print it). */
  url: string;
  /** The folder holding the server's Unix socket. */
  socketDir: string;
  /** The server's log, for failing tests to show. */
  logFile: string;
  /** PostgreSQL's major version, e.g. 15. */
  version: number;
  /** Runs SQL with psql (`ON_ERROR_STOP`, unaligned, tuples only) and returns what it printed. */
  psql(sql: string, options?: { database?: string }): Promise<string>;
  /** Stops the server and deletes its folder; safe to call twice. */
  stop(): Promise<void>;
}

/** Exactly what to do when the binaries are missing; tests fail with it rather than skip. */
export const POSTGRES_INSTALL_HINT =
  "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found in MESHKIT_POSTGRES_BIN, PATH or /usr/lib/postgresql/*/bin: " +
  "install them with `apt-get install -y postgresql` (Debian/Ubuntu), or set MESHKIT_POSTGRES_BIN to the folder that has them";

const SERVER_BINARIES = ["initdb", "pg_ctl", "postgres"];
const COMMAND_TIMEOUT_MS = 120_000;
const START_ATTEMPTS = 5;

interface RunAs {
  uid: number;
  gid: number;
}

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const binDir = options.binDir ?? findPostgresBinDir();
  if (!SERVER_BINARIES.every((name) => isExecutable(join(binDir, name)))) throw new Error(`${binDir} does not have ${SERVER_BINARIES.join(", ")}: ${POSTGRES_INSTALL_HINT}`);
  const user = options.user ?? "meshkit";
  const database = options.database ?? "postgres";
  const runAs = process.getuid?.() === 0 ? postgresOsUser() : undefined;
  const root = mkdtempSync(join(baseTempDir(runAs !== undefined), "meshkit-pg-"));
  let cleanupOnExit: (() => void) | undefined;
  try {
    const dataDir = join(root, "data");
    const socketDir = join(root, "socket");
    const logFile = join(root, "server.log");
    const passwordFile = join(root, "password");
    const password = randomBytes(18).toString("base64url");
    mkdirSync(socketDir);
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    writeFileSync(logFile, "");
    if (runAs) for (const path of [root, socketDir, passwordFile, logFile]) chownSync(path, runAs.uid, runAs.gid);

    const initdb = await runCommand(
      join(binDir, "initdb"),
      ["-D", dataDir, "-U", user, `--pwfile=${passwordFile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"],
      { runAs, cwd: root },
    );
    rmSync(passwordFile, { force: true });
    if (initdb.code !== 0) throw new Error(`initdb failed (exit ${initdb.code}): ${lastLines(initdb.stderr || initdb.stdout)}`);
    const version = Number(readFileSync(join(dataDir, "PG_VERSION"), "utf8").trim());

    // Settings in the configuration file rather than `pg_ctl -o`, which goes through a shell.
    appendFileSync(
      join(dataDir, "postgresql.conf"),
      [
        "",
        "# meshkit test server",
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = ${confString(socketDir)}`,
        "max_connections = 30",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "timezone = 'UTC'",
        "",
      ].join("\n"),
    );

    const pgCtl = join(binDir, "pg_ctl");
    const stopSync = () => {
      spawnSync(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"], { stdio: "ignore", timeout: 30_000, cwd: root, ...(runAs ?? {}) });
      rmSync(root, { recursive: true, force: true });
    };
    // A test process that ends without calling stop() must not leave a server behind.
    cleanupOnExit = stopSync;
    process.once("exit", cleanupOnExit);

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freeLoopbackPort();
      const started = await runCommand(pgCtl, ["-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", `-p ${port}`, "start"], { runAs, cwd: root });
      if (started.code === 0) break;
      const log = readFileSync(logFile, "utf8");
      // Another process took the port between our probe and the server's bind: try another one.
      if (attempt < START_ATTEMPTS && /could not bind|address already in use/i.test(log)) continue;
      throw new Error(`pg_ctl start failed (exit ${started.code}): ${lastLines(started.stderr || started.stdout)}\nserver log:\n${lastLines(log)}`);
    }

    const psqlBinary = [join(binDir, "psql"), ...pathCandidates("psql")].find(isExecutable);
    const psql = async (sql: string, psqlOptions: { database?: string } = {}): Promise<string> => {
      if (!psqlBinary) throw new Error("psql was not found next to the server binaries or in PATH: install it with `apt-get install -y postgresql-client`");
      const args = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", psqlOptions.database ?? database, "-f", "-"];
      const result = await runCommand(psqlBinary, args, { input: sql, env: { PGPASSWORD: password, PGCONNECT_TIMEOUT: "10" } });
      if (result.code !== 0) throw new Error(`psql failed (exit ${result.code}): ${lastLines(result.stderr)}`);
      return result.stdout;
    };
    if (database !== "postgres") await psql(`CREATE DATABASE ${quoteIdentifier(database)}`, { database: "postgres" });

    let stopped = false;
    return {
      host: "127.0.0.1",
      port,
      user,
      password,
      database,
      url: `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      socketDir,
      logFile,
      version,
      psql,
      async stop() {
        if (stopped) return;
        stopped = true;
        if (cleanupOnExit) process.removeListener("exit", cleanupOnExit);
        await runCommand(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"], { runAs, cwd: root });
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (cleanupOnExit) {
      process.removeListener("exit", cleanupOnExit);
      cleanupOnExit();
    } else {
      rmSync(root, { recursive: true, force: true });
    }
    throw error;
  }
}

/** The folder with initdb, pg_ctl and postgres; throws POSTGRES_INSTALL_HINT when there is none. */
export function findPostgresBinDir(): string {
  const candidates: string[] = [];
  const fromEnv = process.env.MESHKIT_POSTGRES_BIN;
  if (fromEnv) candidates.push(fromEnv);
  // A symlink in PATH (e.g. /usr/local/bin/initdb) stands for the folder of the real binaries.
  for (const initdb of pathCandidates("initdb")) candidates.push(dirname(realpathSync(initdb)));
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+(\.\d+)?$/.test(v));
    versions.sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, "bin")));
  }
  const found = candidates.find((dir) => SERVER_BINARIES.every((name) => isExecutable(join(dir, name))));
  if (!found) throw new Error(POSTGRES_INSTALL_HINT);
  return found;
}

function pathCandidates(name: string): string[] {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .filter(isExecutable);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The `postgres` OS user, which runs the server when we are root. */
function postgresOsUser(): RunAs {
  const id = (flag: string) => {
    try {
      return Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    } catch {
      return Number.NaN;
    }
  };
  const uid = id("-u");
  const gid = id("-g");
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error("PostgreSQL refuses to run as root and there is no `postgres` OS user to run it as: install the server with `apt-get install -y postgresql` (which creates the user), or run the tests as a non-root user");
  }
  return { uid, gid };
}

/**
 * The temp folder's parent. Under root the server runs as another user, who must be able to reach it:
 * when TMPDIR is a private folder, /tmp is used instead.
 */
function baseTempDir(forAnotherUser: boolean): string {
  const base = tmpdir();
  if (!forAnotherUser) return base;
  let dir = base;
  for (;;) {
    if ((statSync(dir).mode & 0o001) === 0) return "/tmp";
    const parent = dirname(dir);
    if (parent === dir || dir === parse(dir).root) return base;
    dir = parent;
  }
}


function runCommand(command: string, args: readonly string[], options: { runAs?: RunAs | undefined; cwd?: string; input?: string; env?: Record<string, string> }): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const spawnOptions: SpawnOptions = {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, LC_ALL: "C", ...options.env },
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      timeout: COMMAND_TIMEOUT_MS,
      // libuv drops root's supplementary groups when it switches user.
      ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
    };
    const child = spawn(command, args, spawnOptions);
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

function confString(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function lastLines(text: string, count = 15): string {
  return text.trim().split("\n").slice(-count).join("\n");
}

