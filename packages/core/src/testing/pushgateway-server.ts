/**
 * A real Prometheus Pushgateway for tests: the `prometheus-pushgateway` binary (Debian package
 * `prometheus-pushgateway`) started on a free loopback port, metrics kept in memory only, stopped by
 * `stop()`. Imported as `@meshkit/core/testing/pushgateway`; not part of core's runtime API.
 *
 * A missing binary is an error that says how to install it, never a skipped test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { freeLoopbackPort } from "./ports.js";

export interface PushgatewayOptions {
  /**
   * HTTP basic auth users (name → bcrypt hash), written to a `--web.config.file`. Every endpoint then
   * asks for credentials, `/-/ready` included.
   */
  basicAuthUsers?: Readonly<Record<string, string>>;
  /** More command line flags (`--web.enable-admin-api`, …). */
  args?: readonly string[];
  /** How long to wait for `/-/ready`; default 10 s. */
  readyTimeoutMs?: number;
}

export interface RunningPushgateway {
  /** `http://127.0.0.1:<port>`, without a trailing slash or credentials. */
  url: string;
  port: number;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and removes its temp folder; safe to call twice. */
  stop(): Promise<void>;
}

/** `MESHKIT_PUSHGATEWAY_BIN` overrides where the binary is looked up. */
export const PUSHGATEWAY_BIN_ENV = "MESHKIT_PUSHGATEWAY_BIN";
export const PUSHGATEWAY_INSTALL_HINT = "apt-get install -y prometheus-pushgateway";

const DEBIAN_BINARY = "/usr/bin/prometheus-pushgateway";
/** Debian names it prometheus-pushgateway; upstream release tarballs and Homebrew name it pushgateway. */
const BINARY_NAMES = ["prometheus-pushgateway", "pushgateway"];
const PORT_ATTEMPTS = 3;

/** The Pushgateway binary: `$MESHKIT_PUSHGATEWAY_BIN`, the Debian path, or one on PATH; throws with the install command when there is none. */
export function findPushgatewayBinary(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const override = env[PUSHGATEWAY_BIN_ENV];
  if (override) {
    if (isExecutable(override)) return override;
    throw new Error(`${PUSHGATEWAY_BIN_ENV}=${override} is not an executable file; unset it or point it at the pushgateway binary`);
  }
  if (isExecutable(DEBIAN_BINARY)) return DEBIAN_BINARY;
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const name of BINARY_NAMES) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  throw new Error(
    `The Prometheus Pushgateway is not installed (no ${DEBIAN_BINARY}, no prometheus-pushgateway or pushgateway on PATH): run \`${PUSHGATEWAY_INSTALL_HINT}\` (as root), or set ${PUSHGATEWAY_BIN_ENV}`,
  );
}

/** Starts a Pushgateway on 127.0.0.1 and resolves once `/-/ready` answers. */
export async function startPushgateway(options: PushgatewayOptions = {}): Promise<RunningPushgateway> {
  const binary = findPushgatewayBinary();
  const dir = mkdtempSync(join(tmpdir(), "meshkit-pushgateway-"));
  const args = ["--persistence.file=", "--log.level=warn", ...(options.args ?? [])];
  if (options.basicAuthUsers) {
    const users = Object.entries(options.basicAuthUsers).map(([name, hash]) => `  ${JSON.stringify(name)}: ${JSON.stringify(hash)}`);
    const webConfig = join(dir, "web-config.yml");
    writeFileSync(webConfig, `basic_auth_users:\n${users.join("\n")}\n`);
    args.push(`--web.config.file=${webConfig}`);
  }
  const authRequired = options.basicAuthUsers !== undefined;
  let lastError: Error | undefined;
  try {
    // A free port can be taken by someone else between finding it and the gateway binding it: retry.
    for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      const port = await freeLoopbackPort();
      const started = await launch(binary, [`--web.listen-address=127.0.0.1:${port}`, ...args], port, authRequired, options.readyTimeoutMs ?? 10_000);
      if ("child" in started) {
        const { child } = started;
        let stopped: Promise<void> | undefined;
        const stop = () => (stopped ??= terminate(child).finally(() => rmSync(dir, { recursive: true, force: true })));
        return { url: `http://127.0.0.1:${port}`, port, stop };
      }
      lastError = started.error;
      if (!started.portTaken) break;
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError ?? new Error("The Pushgateway did not start");
}

type Launch = { child: ChildProcess } | { error: Error; portTaken: boolean };

async function launch(binary: string, args: string[], port: number, authRequired: boolean, readyTimeoutMs: number): Promise<Launch> {
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.once("error", (error) => {
      exit = `could not be started (${error.message})`;
      resolve();
    });
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.removeListener("exit", killOnExit));

  const deadline = Date.now() + readyTimeoutMs;
  while (exit === undefined && Date.now() < deadline) {
    if (await isReady(port, authRequired)) return { child };
    await Promise.race([exited, sleep(50)]);
  }
  const tail = output.trim().split("\n").slice(-5).join(" | ");
  if (exit === undefined) {
    await terminate(child);
    return { error: new Error(`The Pushgateway (${binary}) did not answer /-/ready on 127.0.0.1:${port} within ${readyTimeoutMs} ms${tail ? `: ${tail}` : ""}`), portTaken: false };
  }
  return {
    error: new Error(`The Pushgateway (${binary}) ${exit} before it was ready on 127.0.0.1:${port}${tail ? `: ${tail}` : ""}`),
    portTaken: /address already in use/i.test(output),
  };
}

async function isReady(port: number, authRequired: boolean): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/-/ready`, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    // With basic auth on, an unauthenticated probe gets 401 from a gateway that is up and serving.
    return response.ok || (authRequired && response.status === 401);
  } catch {
    return false;
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}


function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
