/**
 * Test helpers for actions (`@meshkit/github/testing`): read what an action wrote the way the
 * runner does. Workflow commands from stdout (`::error file=…::message`) and the key/value file
 * commands of GITHUB_OUTPUT / GITHUB_ENV (`name<<DELIMITER` heredocs and `name=value` lines).
 */
import { execFile, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { readActionYml } from "./action-metadata.js";

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

const COMMAND = /^::([A-Za-z][\w-]*)(?: ([^\r\n]*?))?::(.*)$/;

function unescapeData(text: string): string {
  return text.replace(/%0D/gi, "\r").replace(/%0A/gi, "\n").replace(/%25/g, "%");
}

function unescapeProperty(text: string): string {
  return text.replace(/%3A/gi, ":").replace(/%2C/gi, ",").replace(/%0D/gi, "\r").replace(/%0A/gi, "\n").replace(/%25/g, "%");
}

/**
 * The workflow commands in a step's stdout, as the runner reads them: one per line, properties
 * split on `,` and `=`, values unescaped. Lines between `::stop-commands::TOKEN` and `::TOKEN::` are
 * plain log text, as on the runner.
 */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const match = COMMAND.exec(line);
    if (!match) continue;
    const [, command, props, message] = match as unknown as [string, string, string | undefined, string];
    if (command === "stop-commands") {
      stopToken = message;
      continue;
    }
    const properties: Record<string, string> = {};
    for (const pair of props ? props.split(",") : []) {
      const eq = pair.indexOf("=");
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    commands.push({ command, properties, message: unescapeData(message) });
  }
  return commands;
}

/**
 * The values in a GITHUB_OUTPUT (or GITHUB_ENV) file: `name<<DELIMITER` … `DELIMITER` heredocs and
 * `name=value` lines; a later value for a name replaces an earlier one, as on the runner.
 */
export function parseFileCommandValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`unterminated value for ${name}: no line ${delimiter}`);
      values[name] = lines.slice(i + 1, end).join("\n");
      i = end;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`not a file command line: ${line}`);
    values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

export interface ActionEnv {
  /** A fresh temp folder (also GITHUB_WORKSPACE unless a workspace was given). */
  dir: string;
  workspace: string;
  outputFile: string;
  summaryFile: string;
  /** GITHUB_OUTPUT, parsed. */
  outputs(): Record<string, string>;
  /** GITHUB_STEP_SUMMARY's text. */
  summary(): string;
  /** Empties the output and summary files. */
  reset(): void;
  /** Puts the environment back and removes the temp folder. */
  restore(): void;
}

/**
 * One action environment for a whole test file (vitest hooks): set up before the first test, files
 * emptied and the exit code cleared after each, the process environment restored at the end.
 * Returns a getter: the environment exists once the hooks have run.
 */
export function useActionEnv(): () => ActionEnv {
  let env: ActionEnv | undefined;
  beforeAll(() => {
    env = setupActionEnv();
  });
  beforeEach(() => env!.reset());
  afterEach(() => {
    process.exitCode = 0;
  });
  afterAll(() => env!.restore());
  return () => env!;
}

/** Replaces every INPUT_* variable with `inputs`, as the runner sets them for one step. */
export function setInputs(inputs: Record<string, string>): void {
  for (const name of Object.keys(process.env)) if (name.startsWith("INPUT_")) delete process.env[name];
  Object.assign(process.env, inputEnv(inputs));
}

/**
 * The environment the runner gives an action step, in-process: GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY as temp files, GITHUB_WORKSPACE, GITHUB_ACTIONS=true, and `INPUT_*`
 * variables named as the runner names them (upper case, hyphens kept: `INPUT_FAIL-ON`).
 * Set it up once per test file and `reset()` between tests: `core.summary` remembers the first
 * GITHUB_STEP_SUMMARY path it sees for the life of the process.
 */
export function setupActionEnv(inputs: Record<string, string> = {}, options: { workspace?: string } = {}): ActionEnv {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), "meshkit-action-"));
  const outputFile = join(dir, "github_output");
  const summaryFile = join(dir, "step_summary.md");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  for (const name of Object.keys(process.env)) if (name.startsWith("INPUT_")) delete process.env[name];
  const workspace = options.workspace ?? dir;
  Object.assign(process.env, {
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTIONS: "true",
    ...inputEnv(inputs),
  });
  delete process.env.RUNNER_DEBUG;
  return {
    dir,
    workspace,
    outputFile,
    summaryFile,
    outputs: () => parseFileCommandValues(readFileSync(outputFile, "utf8")),
    summary: () => readFileSync(summaryFile, "utf8"),
    reset: () => {
      writeFileSync(outputFile, "");
      writeFileSync(summaryFile, "");
    },
    restore: () => {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `{ "fail-on": "warning" }` → `{ "INPUT_FAIL-ON": "warning" }`, as the runner names input variables. */
export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, "_").toUpperCase()}`, value]));
}

/** Collects what is written to stdout until `stop()` (which restores stdout and returns the text). */
export function captureStdout(): { text(): string; stop(): string } {
  const original = process.stdout.write;
  let buffer = "";
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    buffer += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  return {
    text: () => buffer,
    stop: () => {
      process.stdout.write = original;
      return buffer;
    },
  };
}

/** What one run of a bundled action left behind, read the way the runner reads it. */
export interface BundledActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  commands: WorkflowCommand[];
  /** Annotations: `::error|warning|notice file=…::`. */
  annotations: WorkflowCommand[];
  /** The `::error::` lines without a file: setFailed. */
  failures: string[];
  /** The `::notice::` lines without a file. */
  notices: string[];
  outputs: Record<string, string>;
  summary: string;
}

export interface BundledActionRunOptions {
  /** The event that triggered the workflow: GITHUB_EVENT_NAME and a GITHUB_EVENT_PATH file. */
  event?: { name: string; payload: unknown };
  /** More environment (e.g. HOME for git, GITHUB_API_URL). */
  env?: Record<string, string>;
  /** What `${{ github.token }}` in an input's default stands for (the runner's token); default "". */
  githubToken?: string;
}

export interface BundledAction {
  /** A temp folder outside the repository (no node_modules above it), removed by `cleanup()`. */
  tmp: string;
  /** Runs `node dist/index.js` in `workspace` with every declared input set (the given value or its default). */
  run(workspace: string, inputs: Record<string, string>, options?: BundledActionRunOptions): BundledActionRun;
  /** The same, without blocking the event loop: for a run that talks to a server in this process. */
  runAsync(workspace: string, inputs: Record<string, string>, options?: BundledActionRunOptions): Promise<BundledActionRun>;
  cleanup(): void;
}

/**
 * An action's bundle (`dist/`), run as the runner runs it: copied to a temp folder with no
 * node_modules on the way up (so it must be self-contained), a fresh process per run, INPUT_* for
 * every input action.yml declares, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, cwd = the workspace.
 * Builds nothing: the root `npm test` builds first.
 */
export function bundledAction(actionDir: string): BundledAction {
  const bundle = join(actionDir, "dist", "index.js");
  const repoRoot = join(actionDir, "..", "..");
  if (!existsSync(bundle)) throw new Error(`${relative(repoRoot, bundle)} is missing. Build it first: \`npm run build\` at the repository root.`);
  const declared: Record<string, { default?: string }> = readActionYml(actionDir).inputs ?? {};
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), "meshkit-action-run-")));
  if (!relative(realpathSync(repoRoot), tmp).startsWith("..")) throw new Error(`${tmp} is inside the repository`);
  for (let dir = tmp; dirname(dir) !== dir; dir = dirname(dir)) if (existsSync(join(dir, "node_modules"))) throw new Error(`${dir} has a node_modules folder that could help the bundle`);
  // The whole dist/: index.js, and node_modules/ for an action with native externals (DuckDB).
  cpSync(join(actionDir, "dist"), join(tmp, "action"), { recursive: true });
  const copy = join(tmp, "action", "index.js");
  let runs = 0;

  /** The run's folder and environment, as the runner sets them up for one step. */
  const prepare = (workspace: string, inputs: Record<string, string>, options: BundledActionRunOptions) => {
    for (const name of Object.keys(inputs)) if (!(name in declared)) throw new Error(`undeclared input ${name}`);
    const dir = join(tmp, `run-${++runs}`);
    mkdirSync(dir);
    const outputFile = join(dir, "output");
    const summaryFile = join(dir, "summary.md");
    writeFileSync(outputFile, "");
    writeFileSync(summaryFile, "");
    // The runner evaluates expressions in defaults; `${{ github.token }}` is the only one meshkit's actions use.
    const value = (name: string, input: { default?: string }) => inputs[name] ?? (input.default ?? "").replace(/\$\{\{\s*github\.token\s*\}\}/g, options.githubToken ?? "");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: dir,
      ...options.env,
      ...inputEnv(Object.fromEntries(Object.entries(declared).map(([name, input]) => [name, value(name, input)]))),
    };
    if (options.event) {
      const eventFile = join(dir, "event.json");
      writeFileSync(eventFile, JSON.stringify(options.event.payload));
      env.GITHUB_EVENT_NAME = options.event.name;
      env.GITHUB_EVENT_PATH = eventFile;
    }
    const collect = (status: number | null, stdout: string, stderr: string): BundledActionRun => {
      const commands = parseWorkflowCommands(stdout);
      const unfiled = (command: string) => commands.filter((c) => c.command === command && c.properties.file === undefined).map((c) => c.message);
      return {
        status,
        stdout,
        stderr,
        commands,
        annotations: commands.filter((c) => ["error", "warning", "notice"].includes(c.command) && c.properties.file !== undefined),
        failures: unfiled("error"),
        notices: unfiled("notice"),
        outputs: parseFileCommandValues(readFileSync(outputFile, "utf8")),
        summary: readFileSync(summaryFile, "utf8"),
      };
    };
    return { env, collect };
  };

  return {
    tmp,
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
    run(workspace, inputs, options = {}) {
      const { env, collect } = prepare(workspace, inputs, options);
      const result = spawnSync(process.execPath, [copy], { cwd: workspace, env, encoding: "utf8", timeout: 60_000 });
      return collect(result.status, result.stdout, result.stderr);
    },
    runAsync(workspace, inputs, options = {}) {
      const { env, collect } = prepare(workspace, inputs, options);
      return new Promise((resolvePromise, reject) => {
        execFile(process.execPath, [copy], { cwd: workspace, env, encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
          if (error && typeof error.code !== "number") return reject(error);
          resolvePromise(collect(error ? (error.code as number) : 0, stdout, stderr));
        });
      });
    },
  };
}

/** A run's log has no stack trace and no raw JavaScript error: failures are one line that names the problem. */
export function expectNoStackTrace(run: { stdout: string; stderr: string }): void {
  const log = `${run.stdout}\n${run.stderr}`;
  expect(log).not.toMatch(/^\s+at .+[:(]/m);
  expect(log).not.toMatch(/\b(TypeError|ReferenceError|SyntaxError|Error):/);
}
export { startFakeGithubApi, type FakeComment, type FakeGithubApi, type FakeGithubApiOptions, type RecordedRequest } from "./github-api-server.js";
