import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const CLI = join(REPO_ROOT, "packages/cli/bin/meshkit.js");

export function requireBuiltCli(): void {
  if (!existsSync(join(REPO_ROOT, "packages/cli/dist/meshkit.js"))) {
    throw new Error("packages/cli/dist/meshkit.js is missing: run `npm run build` (npm test does it first)");
  }
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `meshkit` command as a user would, in `cwd`, outside a workflow run (the surrounding CI job's GITHUB_ACTIONS and event would gate apply and publish). */
export function meshkit(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GITHUB_ACTIONS: "", GITHUB_EVENT_NAME: "", NO_COLOR: "1", ...env },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the built `meshkit` command without blocking this process: a stand-in server the test started (DataHub, OpenMetadata) answers from here. */
export function meshkitAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, GITHUB_ACTIONS: "", GITHUB_EVENT_NAME: "", NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `meshkit-${prefix}-`));
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

export function git(cwd: string, ...args: string[]): RunResult {
  // CI sets HUSKY=0 for its own checkout; the hooks under test must still run.
  const { HUSKY: _husky, ...env } = process.env;
  const result = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A domain repository as a team would have it, before `meshkit hooks install`: meshkit installed in
 * node_modules (here a link to this build) and a package.json.
 */
export function domainRepo(extra: Record<string, string> = {}): string {
  const dir = tempDir("domain");
  git(dir, "init", "-q", "-b", "main");
  writeFiles(dir, { "package.json": '{\n  "name": "sales-domain",\n  "private": true\n}\n', ".gitignore": "node_modules/\n", ...extra });
  writeFiles(dir, { "node_modules/.bin/.keep": "" });
  symlinkSync(CLI, join(dir, "node_modules/.bin/meshkit"));
  return dir;
}

/** A small valid contract and a broken variant of it (duplicate property, bad version). */
export const GOOD_CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: 5b2f7c1e-orders
name: orders
version: 1.0.0
status: active
support: [{channel: "#sales-data", tool: slack}]
team:
  name: sales
  members:
    - username: ana
      role: owner
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
        required: true
      - name: amount
        logicalType: number
`;

export const BROKEN_CONTRACT = GOOD_CONTRACT.replace("version: 1.0.0", "version: one").replace("name: amount", "name: order_id");
