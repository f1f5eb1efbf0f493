import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mayHoldWorkflowCommand, writeInert, writeInertPieces } from "./workflow-commands.js";
import { REPO_ROOT, meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

/**
 * The lines the GitHub Actions runner would run as workflow commands: `::name::` at the start of a line
 * (after blanks) and the legacy `##[name]` anywhere in it, except between `::stop-commands::<token>` and
 * `::<token>::` (actions/runner, ActionCommand.TryParseV2 / TryParse and ActionCommandManager).
 */
function commandsTheRunnerWouldRun(output: string): string[] {
  const run: string[] = [];
  let stopToken: string | undefined;
  for (const line of output.split(/\r?\n|\r/)) {
    if (stopToken !== undefined) {
      if (line.trim() === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const stop = /^\s*::stop-commands::(.+)$/.exec(line);
    if (stop) stopToken = stop[1]!.trim();
    else if (/^\s*::/.test(line) || line.includes("##[")) run.push(line);
  }
  return run;
}

/** A stream that keeps what is written to it. */
function sink(): { stream: NodeJS.WritableStream; text: () => string } {
  let text = "";
  return { stream: { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream, text: () => text };
}

describe("writeInert", () => {
  it("spots what the runner reads as a command: `::` starting a line, `##[` anywhere", () => {
    expect(mayHoldWorkflowCommand("a.yaml:1:1: error x `##[error]y`")).toBe(true);
    expect(mayHoldWorkflowCommand("ok\n  ::error::x.yaml:1:1: warning")).toBe(true);
    expect(mayHoldWorkflowCommand("a.yaml:1:1: error x `a::b` and # [x]")).toBe(false);
  });

  it("stops workflow commands around such text inside GitHub Actions, and writes it unchanged", () => {
    const out = sink();
    const text = "  ::error::x.odcs.yaml:1:1: warning rule `col ##[add-mask]orders`\n";
    writeInert(text, out.stream, { GITHUB_ACTIONS: "true" });
    expect(out.text()).toContain(text);
    expect(out.text()).toMatch(/^::stop-commands::meshkit-[0-9a-f]{32}\n/);
    expect(commandsTheRunnerWouldRun(out.text())).toEqual([]);
  });

  it("writes text as it is outside GitHub Actions, and text without such a sequence anywhere", () => {
    for (const [text, env] of [["a ##[error]b\n", {}], ["plain line\n", { GITHUB_ACTIONS: "true" }]] as const) {
      const out = sink();
      writeInert(text, out.stream, env);
      expect(out.text()).toBe(text);
    }
  });
});

describe("writeInertPieces", () => {
  it("writes a text in pieces of whole lines as writeInert writes it whole, and never joins it", () => {
    const lines = ["Plan (local): 2 to create, 0 to change, 0 to destroy.\n", "  + table sales.orders: 2 columns\n", "  + column sales.orders.x: VARCHAR — col ##[add-mask]orders\n"];
    for (const [text, env] of [[lines, { GITHUB_ACTIONS: "true" }], [lines.slice(0, 2), { GITHUB_ACTIONS: "true" }], [lines, {}]] as const) {
      const whole = sink();
      writeInert(text.join(""), whole.stream, env);
      const pieces = sink();
      const written: string[] = [];
      writeInertPieces(() => text, { write: (chunk: string) => (written.push(chunk), pieces.stream.write(chunk)) } as unknown as NodeJS.WritableStream, env);
      expect(pieces.text().replace(/meshkit-[0-9a-f]{32}/g, "TOKEN")).toBe(whole.text().replace(/meshkit-[0-9a-f]{32}/g, "TOKEN"));
      if ("GITHUB_ACTIONS" in env) expect(commandsTheRunnerWouldRun(pieces.text())).toEqual([]);
      expect(written.some((chunk) => chunk.length > lines[2]!.length)).toBe(false);
    }
  });
});

describe("meshkit's text output in a GitHub Actions step", () => {
  beforeAll(requireBuiltCli);

  // A pull request controls the documents: names that spell workflow commands must stay text in the log.
  const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: orders
name: orders
version: 1.0.0
status: active
team: {name: t, members: [{username: a@b.example, role: owner}]}
schema:
  - name: orders
    properties:
      - name: "x ##[error]forged failure annotation"
        logicalType: string
      - name: "y ##[stop-commands]qa"
        logicalType: string
`;
  const env = { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "", GITHUB_STEP_SUMMARY: "" };

  it("lint -f text: no finding runs as a workflow command", () => {
    const dir = tempDir("inert-lint");
    writeFiles(dir, { "orders.odcs.yaml": CONTRACT, "::error::root.odcs.yaml": CONTRACT.replace("id: orders", "id: other") });
    const run = meshkit(["lint", "-f", "text"], dir, env);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("##[error]forged failure annotation");
    expect(run.stdout).toContain("::error::root.odcs.yaml:");
    expect(commandsTheRunnerWouldRun(run.stdout)).toEqual([]);
  });

  it("lint -f markdown: a name quoted as code runs no workflow command", () => {
    const dir = tempDir("inert-markdown");
    writeFiles(dir, { "orders.odcs.yaml": CONTRACT });
    const run = meshkit(["lint", "-f", "markdown"], dir, env);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("`x ##[error]forged failure annotation`");
    expect(commandsTheRunnerWouldRun(run.stdout)).toEqual([]);
  });

  it("ci: the stage lines and findings run no workflow command", () => {
    const dir = tempDir("inert-ci");
    writeFiles(dir, { "orders.odcs.yaml": CONTRACT });
    const run = meshkit(["ci", "--now", "2026-01-01T00:00:00Z"], dir, env);
    expect(run.stdout).toContain("##[error]forged failure annotation");
    expect(commandsTheRunnerWouldRun(run.stdout)).toEqual([]);
    expect(commandsTheRunnerWouldRun(run.stderr)).toEqual([]);
  });

  it("provision plan: a description's escape sequences and commands stay out of the terminal and the log", () => {
    const dir = tempDir("inert-plan");
    cpSync(join(REPO_ROOT, "examples/domain-repo/products"), join(dir, "products"), { recursive: true });
    const contract = join(dir, "products/shipment_events/shipment_events.odcs.yaml");
    const text = readFileSync(contract, "utf8");
    expect(text).toContain("description: Amount in EUR.\n");
    writeFileSync(contract, text.replace("description: Amount in EUR.\n", 'description: "Amount \\u001b]0;retitled\\u0007 \\u001b[31mred ##[error]forged"\n'));
    const run = meshkit(["provision", "plan", "-f", "text", "--out", "plan"], dir, env);
    expect(run.stdout).toContain("Amount ]0;retitled [31mred ##[error]forged");
    expect([...run.stdout].some((ch) => ch === "\u0007" || ch === "\u001b")).toBe(false);
    expect(commandsTheRunnerWouldRun(run.stdout)).toEqual([]);
  });

  it("a one-line error that quotes a document runs no workflow command", () => {
    const dir = tempDir("inert-error");
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n'##[error]forged': 1\n", "orders.odcs.yaml": CONTRACT });
    const run = meshkit(["ci", "--now", "2026-01-01T00:00:00Z"], dir, env);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("##[error]forged");
    expect(commandsTheRunnerWouldRun(run.stderr)).toEqual([]);
  });
});
