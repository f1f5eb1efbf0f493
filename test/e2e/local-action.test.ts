/**
 * contract-lint run by `@github/local-action` (GitHub's local action debugger): a second client,
 * independent of our runner emulation (`bundledAction` of `@meshkit/github/testing`, which the other
 * e2e tests use). If both agree, the action is not merely passing a harness we wrote ourselves.
 *
 * How local-action runs an action (v7, read from its source):
 * - `local-action run <action dir> <entrypoint> <dotenv file>` loads the dotenv file into the
 *   environment (our INPUT_*, GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY), reads action.yml for the inputs
 *   (and their defaults) and outputs, imports the entrypoint with tsx and awaits its exported `run()`.
 *   action.yml's `runs.main` is not used: it needs the TypeScript sources (src/main.ts), not
 *   dist/index.js, because it swaps @actions/core and @actions/github for its own implementations
 *   (quibble), which cannot reach into a bundle.
 * - The copies it swaps are the ones `npm ls` (run in its cwd) lists as direct dependencies. Our
 *   actions get @actions/core through the @meshkit/github workspace, so the root package.json lists
 *   @actions/core and @actions/github as devDependencies; without them local-action silently runs
 *   the real @actions/core and prints "No outputs were set!" (the outputs assertions below catch that).
 * - Its @actions/core is its own re-implementation (of core 2.0.2; ours is 3.x, the same API):
 *   annotations are printed as `::error title=…,file=…,line=…::` lines, outputs are recorded and
 *   printed as an "Action Outputs" table, the job summary goes to GITHUB_STEP_SUMMARY. Its setFailed
 *   does not set the exit code; the exit code is ours (runStageAction sets process.exitCode).
 * Offline: `npm exec tsx` and `npm ls` find everything in node_modules (npm_config_offline=true).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const LOCAL_ACTION = join(REPO_ROOT, "node_modules/.bin/local-action");
const ACTION_DIR = join(REPO_ROOT, "actions/contract-lint");
const EXAMPLE_CONTRACT = join(REPO_ROOT, "examples/domains/supply_chain/inventory_snapshot/inventory_snapshot.odcs.yaml");
const CONTRACT_PATH = "contracts/inventory_snapshot.odcs.yaml";

// The lint settings of the platform's meshkit.yaml (examples/platform/meshkit.yaml), whose file globs point at examples/domains.
const CONFIG = `apiVersion: meshkit/v1
kind: Config
lint:
  rules:
    property-classification: error
    naming-convention: error
    deprecated-field: error
`;

interface LocalActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What the action printed between local-action's "Running Action" and "Action Outputs" banners. */
  log: string;
  /** local-action's "Action Outputs" table. */
  outputs: Record<string, string>;
  /** The GITHUB_STEP_SUMMARY file local-action's summary wrote. */
  summary: string;
}

/** The rows of the `console.table` local-action prints under "Action Outputs": `│ 0 │ 'errors' │ '0' │`. */
function parseOutputsTable(section: string): Record<string, string> {
  const rows = section.matchAll(/^│\s*\d+\s*│\s*(['"`])(.*?)\1\s*│\s*(['"`])(.*?)\3\s*│$/gm);
  return Object.fromEntries([...rows].map((row) => [row[2]!, row[4]!]));
}

/** 1-based line and column of the first occurrence of `needle`. */
function positionOf(text: string, needle: string): { line: number; col: number } {
  const lines = text.split("\n");
  const index = lines.findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`not found: ${needle}`);
  return { line: index + 1, col: lines[index]!.indexOf(needle) + 1 };
}

/** The environment without anything a surrounding CI job or npm script would leak into the action. */
function cleanEnv(): NodeJS.ProcessEnv {
  const leaks = /^(GITHUB_|INPUT_|RUNNER_|ACTIONS_|npm_|LOCAL_ACTION_|VITEST)|^(NODE_OPTIONS|NODE_PACKAGE_MANAGER|TARGET_ACTION_PATH|FORCE_COLOR)$/i;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !leaks.test(name)));
  return { ...env, npm_config_offline: "true", npm_config_update_notifier: "false", NO_COLOR: "1", FORCE_COLOR: "0" };
}

let tmp: string;

/** A workspace (GITHUB_WORKSPACE) with meshkit.yaml and one contract, a git root so file discovery stays inside. */
function makeWorkspace(name: string, contract: string): string {
  const workspace = join(tmp, name);
  mkdirSync(join(workspace, ".git"), { recursive: true });
  mkdirSync(join(workspace, "contracts"));
  writeFileSync(join(workspace, "meshkit.yaml"), CONFIG);
  writeFileSync(join(workspace, CONTRACT_PATH), contract);
  return workspace;
}

/** `local-action run actions/contract-lint src/main.ts <dotenv>`, as a child process. */
function runLocalAction(workspace: string, inputs: Record<string, string>): Promise<LocalActionRun> {
  const summaryFile = `${workspace}.summary.md`;
  const dotenvFile = `${workspace}.env`;
  writeFileSync(summaryFile, "");
  const variables = { GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: summaryFile, ...inputs };
  writeFileSync(dotenvFile, Object.entries(variables).map(([name, value]) => `${name}=${JSON.stringify(value)}\n`).join(""));
  return new Promise((resolve, reject) => {
    // cwd: the npm project whose `npm ls` tells local-action which @actions/core to swap.
    const child = spawn(LOCAL_ACTION, ["run", ACTION_DIR, "src/main.ts", dotenvFile], { cwd: REPO_ROOT, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => {
      const [, afterRunning = ""] = stdout.split(/^ *Running Action *$/m);
      const [log = "", outputsSection = ""] = afterRunning.split(/^ *Action Outputs *$/m);
      resolve({ status, stdout, stderr, log, outputs: parseOutputsTable(outputsSection), summary: readFileSync(summaryFile, "utf8") });
    });
  });
}

const good = readFileSync(EXAMPLE_CONTRACT, "utf8");
// The same contract with a version that is not semver: `version: 1.4.0` becomes `version: "1.4"`.
const [, major, minor] = /^version: (\d+)\.(\d+)\.\d+$/m.exec(good) ?? [];
const shortVersion = `"${major}.${minor}"`;
const broken = good.replace(/^version: .*$/m, `version: ${shortVersion}`);

let passing: LocalActionRun;
let failing: LocalActionRun;

beforeAll(async () => {
  expect(major, "the example contract has a MAJOR.MINOR.PATCH version").toBeDefined();
  tmp = mkdtempSync(join(tmpdir(), "meshkit-local-action-"));
  // Two runs of ~5 s each (tsx compiles the sources); in parallel to stay well under the timeout.
  [passing, failing] = await Promise.all([
    runLocalAction(makeWorkspace("good", good), { INPUT_PATHS: "contracts" }),
    runLocalAction(makeWorkspace("broken", broken), { INPUT_PATHS: "contracts", "INPUT_FAIL-ON": "error" }),
  ]);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("contract-lint run by @github/local-action (an independent client, not our runner emulation)", () => {
  it("passes the inventory_snapshot example contract: exit 0, outputs errors=0, a passed job summary", () => {
    expect(passing.stdout).toContain(`'Entrypoint'`);
    expect(passing.stderr).not.toMatch(/error|exception/i);
    expect(passing.status).toBe(0);
    // Recorded by local-action's own setOutput: proof that its @actions/core, not ours, ran.
    expect(passing.outputs).toEqual({ errors: "0", warnings: "0", "sarif-file": "" });
    expect(passing.log).toContain("::set-output name=errors::0");
    expect(passing.log).toContain("no problems in 1 file");
    expect(passing.log).not.toMatch(/^::error/m);
    expect(passing.summary).toContain("## contract-lint");
    expect(passing.summary).toContain("Passed");
  });

  it("fails the contract with a non-semver version: exit 1, the semver-version annotation on its line, errors=1", () => {
    const { line, col } = positionOf(broken, shortVersion);
    expect(failing.status).toBe(1);
    expect(failing.log).toMatch(
      new RegExp(`^::error title=semver-version,file=${CONTRACT_PATH},line=${line},endLine=${line},col=${col},endColumn=\\d+::Version "${major}\\.${minor}" is not semver`, "m"),
    );
    expect(failing.log).toMatch(/^::error::contract-lint: 1 error finding$/m);
    expect(failing.outputs).toEqual({ errors: "1", warnings: "0", "sarif-file": "" });
    expect(failing.summary).toContain("Failed");
    expect(failing.summary).toContain("semver-version");
    expect(failing.summary).toContain(`${CONTRACT_PATH}:${line}:${col}`);
  });
});
