import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StoppedRunError, UsageError, type Finding, type RuleMeta } from "@meshkit/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type FakeGithubApi, startFakeGithubApi } from "./github-api-server.js";
import { parseStageSections } from "./pr-comment.js";
import { OUTPUT_MAX_BYTES, capOutput, failureReason, runAction, runStage, type RunStageOptions, type StageResult } from "./run-stage.js";
import { captureStdout, parseWorkflowCommands, useActionEnv } from "./testing.js";

const RULES: RuleMeta[] = [
  { id: "semver-version", defaultSeverity: "error", stage: "lint", description: "Versions are semver." },
  { id: "naming-convention", defaultSeverity: "warning", stage: "lint", description: "Names are snake_case." },
];

function finding(overrides: Partial<Finding> = {}): Finding {
  return { ruleId: "semver-version", severity: "error", message: "version 1.0 is not semver; use 1.0.0", file: "contracts/orders.yaml", line: 4, column: 10, endLine: 4, endColumn: 13, path: "/version", stage: "lint", ...overrides };
}

function stage(findings: Finding[], files = 1): () => Promise<StageResult> {
  return async () => ({ findings, files, rules: RULES });
}

const actionEnv = useActionEnv();

async function run(options: Partial<RunStageOptions> & Pick<RunStageOptions, "run">) {
  const capture = captureStdout();
  let outcome;
  try {
    outcome = await runStage({ title: "contract-lint", failOn: "error", ...options });
  } finally {
    capture.stop();
  }
  const stdout = capture.text();
  return { outcome, stdout, commands: parseWorkflowCommands(stdout), exitCode: process.exitCode };
}

describe("runStage", () => {
  it("annotates, summarises, sets outputs and fails the step on error findings", async () => {
    const { outcome, commands, exitCode } = await run({
      run: stage([finding(), finding({ line: 9, column: 3, endLine: 9, endColumn: 8 }), finding({ severity: "warning", ruleId: "naming-convention", message: "Name is not snake_case" })], 1),
    });
    expect(outcome.exitCode).toBe(1);
    expect(exitCode).toBe(1);
    const annotations = commands.filter((c) => c.properties.file);
    expect(annotations.map((c) => [c.command, c.properties.line, c.properties.col])).toEqual([
      ["error", "4", "10"],
      ["error", "9", "3"],
      ["warning", "4", "10"],
    ]);
    expect(commands.at(-1)).toEqual({ command: "error", properties: {}, message: "contract-lint: 2 error findings" });
    expect(actionEnv().outputs()).toEqual({ errors: "2", warnings: "1", "sarif-file": "" });
    expect(actionEnv().summary()).toContain("| Severity | Rule | Location | Message |");
    expect(actionEnv().summary()).toContain("contracts/orders.yaml:9:3");
  });

  it("checks the SARIF file before the stage runs: a folder, or a folder that cannot be made, fails in one line and runs nothing", async () => {
    mkdirSync(join(actionEnv().workspace, "reports"), { recursive: true });
    writeFileSync(join(actionEnv().workspace, "a-file"), "x");
    for (const [sarifFile, reason] of [
      ["reports", `cannot write ${join(actionEnv().workspace, "reports")}: it is a folder`],
      ["a-file/out.sarif", `cannot write ${join(actionEnv().workspace, "a-file", "out.sarif")}: ${join(actionEnv().workspace, "a-file")} is a file, not a folder (ENOTDIR): choose another path`],
    ] as const) {
      const work = vi.fn(stage([finding()]));
      const { outcome, commands } = await run({ sarifFile, run: work });
      expect(work, sarifFile).not.toHaveBeenCalled();
      expect(outcome.exitCode, sarifFile).toBe(2);
      expect(commands.filter((c) => c.command === "error"), sarifFile).toEqual([{ command: "error", properties: {}, message: `contract-lint: ${reason}` }]);
    }
  });

  it("passes with no error findings, still setting outputs and the summary", async () => {
    const { outcome, commands, exitCode, stdout } = await run({ run: stage([finding({ severity: "warning", ruleId: "naming-convention" })]) });
    expect(outcome.exitCode).toBe(0);
    expect(exitCode).toBe(0);
    expect(commands.map((c) => c.command)).toEqual(["warning", "group", "endgroup"]);
    expect(commands.filter((c) => c.command === "error")).toEqual([]);
    expect(stdout).toContain("✖ 0 errors, 1 warning, 0 infos in 1 file");
    expect(actionEnv().outputs()).toEqual({ errors: "0", warnings: "1", "sarif-file": "" });
  });

  it("fails on warnings with fail-on: warning", async () => {
    const { outcome, commands } = await run({ failOn: "warning", run: stage([finding({ severity: "warning", ruleId: "naming-convention" })]) });
    expect(outcome.exitCode).toBe(1);
    expect(commands.at(-1)?.message).toBe("contract-lint: 1 warning finding (fail-on: warning)");
  });

  it("exits 2 when an input could not be processed, naming the first one", async () => {
    const { outcome, exitCode, commands } = await run({
      run: stage([
        finding({ ruleId: "yaml-syntax", message: "Nested mappings are not allowed\nin compact mappings", file: "contracts/broken.yaml", line: 3, column: 7, stage: "input" }),
        finding(),
      ], 2),
    });
    expect(outcome.exitCode).toBe(2);
    expect(exitCode).toBe(2);
    expect(commands.at(-1)?.message).toBe("contract-lint: input could not be processed: contracts/broken.yaml:3:7: Nested mappings are not allowed in compact mappings");
    expect(commands.filter((c) => c.properties.file).map((c) => c.properties.title)).toEqual(["yaml-syntax", "semver-version"]);
  });

  it("exits 2 on a finding of the stage's own input rules (e.g. a policy that does not compile)", async () => {
    const invalid = finding({ ruleId: "policy-invalid", message: "policy pii: syntax error", file: "policies/pii.yaml", line: 12, column: 19, stage: "policy" });
    const { outcome, exitCode, commands } = await run({ title: "policy-check", run: async () => ({ findings: [invalid, finding()], files: 0, rules: RULES, inputRuleIds: ["policy-invalid"] }) });
    expect(outcome.exitCode).toBe(2);
    expect(exitCode).toBe(2);
    expect(commands.at(-1)?.message).toBe("policy-check: input could not be processed: policies/pii.yaml:12:19: policy pii: syntax error");
    // Without inputRuleIds the same finding is an ordinary error.
    process.exitCode = 0;
    expect((await run({ run: stage([invalid]) })).outcome.exitCode).toBe(1);
  });

  it("turns a thrown error into a one-line failure with no stack trace", async () => {
    const { outcome, stdout, commands, exitCode } = await run({
      run: async () => {
        throw new UsageError("no such file or directory: contracts/missing.yaml");
      },
    });
    expect(outcome.exitCode).toBe(2);
    expect(exitCode).toBe(2);
    expect(commands).toEqual([{ command: "error", properties: {}, message: "contract-lint: no such file or directory: contracts/missing.yaml" }]);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(actionEnv().outputs()).toEqual({});

    const internal = await run({
      run: async () => {
        throw new TypeError("cannot read properties of undefined\n    at lint (file.ts:1:1)");
      },
    });
    expect(internal.stdout).toBe("::error::contract-lint: internal error: cannot read properties of undefined\n");
    expect(internal.stdout).not.toMatch(/\bat lint\b/);
  });

  it("annotates what a stage found before it stopped (provision's terraform failed), then fails in one line", async () => {
    const { outcome, commands, exitCode } = await run({
      run: async () => {
        throw new StoppedRunError("snowflake: `terraform init` failed (exit 1): Failed to query available provider packages", [finding({ severity: "warning", ruleId: "naming-convention", message: "no snowflake server" })], 1);
      },
    });
    expect([outcome.exitCode, exitCode]).toEqual([2, 2]);
    expect(commands).toEqual([
      { command: "warning", properties: expect.objectContaining({ file: "contracts/orders.yaml", line: "4", col: "10" }), message: expect.stringContaining("no snowflake server") },
      { command: "error", properties: {}, message: "contract-lint: snowflake: `terraform init` failed (exit 1): Failed to query available provider packages" },
    ]);
  });

  it("writes what a stage found before it stopped to the SARIF file, with why it stopped, and sets the outputs it settles", async () => {
    const reason = "catalog dir:/nowhere does not exist";
    const { outcome } = await run({
      sarifFile: "reports/stopped.sarif",
      run: async () => {
        throw new StoppedRunError(reason, [finding({ severity: "warning", ruleId: "naming-convention", message: "Name is not snake_case" })], 1, { "required-bump": "major" });
      },
    });
    const path = join(actionEnv().workspace, "reports", "stopped.sarif");
    expect(outcome).toEqual({ exitCode: 2, sarifFile: path });
    expect(actionEnv().outputs()).toEqual({ errors: "0", warnings: "1", "sarif-file": path, "required-bump": "major" });
    const sarif = JSON.parse(readFileSync(path, "utf8"));
    expect(sarif.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([["naming-convention", "warning"]]);
    expect(sarif.runs[0].invocations).toEqual([{ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: reason } }] }]);
  });

  it("describes the stopped stage's rules in its SARIF file, as its finished report does, not by their ids alone", async () => {
    // A stage's own StoppedRunError carries its rules (compat's, provision's, the catalog's).
    class LintStoppedError extends StoppedRunError {
      override readonly rules = RULES;
    }
    await run({
      sarifFile: "stopped.sarif",
      run: async () => {
        throw new LintStoppedError("the catalog stopped answering", [finding({ severity: "warning", message: "version 1.0 is not semver; use 1.0.0" })], 1);
      },
    });
    const sarif = JSON.parse(readFileSync(join(actionEnv().workspace, "stopped.sarif"), "utf8"));
    const { rules } = sarif.runs[0].tool.driver;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(["semver-version", "naming-convention"]);
    // The rule's own description and default level, whatever level its finding was reported at.
    expect(rules[sarif.runs[0].results[0].ruleIndex]).toMatchObject({ id: "semver-version", shortDescription: { text: "Versions are semver." }, defaultConfiguration: { level: "error" } });
  });

  it("writes SARIF atomically when asked and outputs its absolute path", async () => {
    const { outcome } = await run({ sarifFile: "reports/lint/contract-lint.sarif", run: stage([finding(), finding({ severity: "warning", ruleId: "naming-convention" })]) });
    const path = join(actionEnv().workspace, "reports", "lint", "contract-lint.sarif");
    expect(outcome.sarifFile).toBe(path);
    const sarif = JSON.parse(readFileSync(path, "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results).toHaveLength(2);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: "contracts/orders.yaml", uriBaseId: "%SRCROOT%" },
      region: { startLine: 4, startColumn: 10 },
    });
    expect(readdirSync(join(actionEnv().workspace, "reports", "lint"))).toEqual(["contract-lint.sarif"]);
    expect(actionEnv().outputs()["sarif-file"]).toBe(path);
  });

  it("writes SARIF in pieces, never as one string (a log of half a million findings is more than one string holds)", async () => {
    const findings = Array.from({ length: 5000 }, (_, i) => finding({ line: i + 1, message: `version 1.${i} is not semver; use 1.${i}.0` }));
    const stringify = vi.spyOn(JSON, "stringify");
    let longest = 0;
    try {
      await run({ sarifFile: "big.sarif", run: stage(findings) });
      longest = Math.max(...stringify.mock.results.map((r) => (typeof r.value === "string" ? r.value.length : 0)));
    } finally {
      stringify.mockRestore();
    }
    const text = readFileSync(join(actionEnv().workspace, "big.sarif"), "utf8");
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(JSON.parse(text).runs[0].results).toHaveLength(5000);
    expect(text.length).toBeGreaterThan(2 * (1 << 20));
    expect(longest).toBeLessThan(text.length / 100);
  });

  it.each([
    ["the workspace, for a working directory below it", "domains/sales", ""],
    ["the repository's root, when actions/checkout put it in a folder of the workspace (path: repo)", "repo/domains/sales", "repo"],
  ])("rewrites paths from the working directory to %s for annotations, summary and SARIF", async (_, folder, checkout) => {
    const sub = join(actionEnv().workspace, folder);
    mkdirSync(sub, { recursive: true });
    if (checkout) mkdirSync(join(actionEnv().workspace, checkout, ".git"));
    const { commands } = await run({ workingDirectory: sub, sarifFile: join(sub, "out.sarif"), run: stage([finding({ file: "orders.yaml" })]) });
    expect(commands[0]?.properties.file).toBe("domains/sales/orders.yaml");
    expect(actionEnv().summary()).toContain("domains/sales/orders.yaml:4:10");
    const sarif = JSON.parse(readFileSync(join(sub, "out.sarif"), "utf8"));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("domains/sales/orders.yaml");
  });

  it("names a checkout's files from the workspace when the workspace is the workflow's checkout (another repository checked out beside it)", async () => {
    const sales = join(actionEnv().workspace, "sales");
    mkdirSync(join(actionEnv().workspace, ".git"), { recursive: true });
    mkdirSync(join(sales, ".git"), { recursive: true });
    const { commands } = await run({ workingDirectory: sales, run: stage([finding({ file: "orders.yaml" })]) });
    expect(commands[0]?.properties.file).toBe("sales/orders.yaml");
  });

  it("gives each project's SARIF a code scanning category of its own (upload-sarif keeps it; the same one would replace the other project's alerts)", async () => {
    const sales = join(actionEnv().workspace, "domains", "sales");
    const finance = join(actionEnv().workspace, "domains", "finance");
    mkdirSync(sales, { recursive: true });
    mkdirSync(finance, { recursive: true });
    await run({ workingDirectory: sales, sarifFile: join(sales, "out.sarif"), run: stage([finding({ file: "orders.yaml" })]) });
    await run({ workingDirectory: finance, sarifFile: join(finance, "out.sarif"), run: stage([finding({ file: "ledger.yaml" })]) });
    await run({ workingDirectory: actionEnv().workspace, sarifFile: "root.sarif", run: stage([finding()]) });
    const category = (path: string) => JSON.parse(readFileSync(path, "utf8")).runs[0].automationDetails;
    expect(category(join(sales, "out.sarif"))).toEqual({ id: "contract-lint/domains/sales/" });
    expect(category(join(finance, "out.sarif"))).toEqual({ id: "contract-lint/domains/finance/" });
    expect(category(join(actionEnv().workspace, "root.sarif"))).toEqual({ id: "contract-lint/" });
  });

  it("lists every finding in the log, where workflow commands are stopped", async () => {
    const { stdout, commands } = await run({ run: stage([finding({ file: "::warning::injected.yaml", line: 1 }), finding({ line: 2 })]) });
    expect(stdout).toContain("::warning::injected.yaml:1:10: error semver-version");
    expect(commands.filter((c) => c.command === "warning")).toEqual([]);
    expect(commands.filter((c) => c.command === "error" && c.properties.file)).toHaveLength(2);
  });

  it("says where the findings beyond the annotation limit are", async () => {
    const many = Array.from({ length: 14 }, (_, i) => finding({ line: i + 1 }));
    const { stdout, commands } = await run({ run: stage(many) });
    // GitHub shows 10 errors per step: 9 findings and the step's failure (setFailed), which must not be the one dropped.
    expect(commands.filter((c) => c.command === "error" && c.properties.file)).toHaveLength(9);
    expect(commands.filter((c) => c.command === "error")).toHaveLength(10);
    expect(commands.at(-1)?.message).toBe("contract-lint: 14 error findings");
    expect(commands.filter((c) => c.command === "notice" && !c.properties.file).map((c) => c.message)).toEqual([expect.stringMatching(/^contract-lint: 5 more findings are not annotated \(5 errors\)/)]);
    expect(stdout).toContain("5 more findings are not annotated");
    expect(stdout).toContain("The job summary lists every finding.");
    expect(actionEnv().summary().match(/contracts\/orders\.yaml:\d+:10/g)).toHaveLength(14);
    expect(actionEnv().outputs().errors).toBe("14");
  });

  it("keeps going when the job summary cannot be written, and does not print environment values", async () => {
    // A folder where the summary file should be: the write fails whatever path core.summary cached.
    rmSync(actionEnv().summaryFile);
    mkdirSync(actionEnv().summaryFile);
    process.env.MESHKIT_TEST_SECRET = "s3cr3t-value-123";
    try {
      const { outcome, stdout, commands } = await run({ run: stage([finding()]) });
      expect(outcome.exitCode).toBe(1);
      expect(commands.find((c) => c.command === "warning")?.message).toMatch(/^contract-lint: could not write the job summary: /);
      expect(commands.at(-1)?.message).toBe("contract-lint: 1 error finding");
      expect(stdout).not.toContain("s3cr3t-value-123");
      expect(actionEnv().outputs().errors).toBe("1");
    } finally {
      rmSync(actionEnv().summaryFile, { recursive: true });
      delete process.env.MESHKIT_TEST_SECRET;
      actionEnv().reset();
    }
  });
});

describe("runStage: what a stage adds", () => {
  it("sets the stage's own outputs, appends its markdown to the summary and shows its notices", async () => {
    const { outcome, commands } = await run({
      run: async () => ({
        findings: [finding()],
        files: 1,
        rules: RULES,
        outputs: { "required-bump": "major", changelog: "## Contract changes\n\n- line one\n- line two" },
        summary: "## Contract changes\n\n- line one\n",
        notices: ["compared with 1a2b3c4\n(pull request base)"],
      }),
    });
    expect(outcome.exitCode).toBe(1);
    expect(actionEnv().outputs()).toEqual({ errors: "1", warnings: "0", "sarif-file": "", "required-bump": "major", changelog: "## Contract changes\n\n- line one\n- line two" });
    const summary = actionEnv().summary();
    expect(summary.indexOf("| Severity | Rule | Location | Message |")).toBeLessThan(summary.indexOf("## Contract changes"));
    expect(commands.find((c) => c.command === "notice" && !c.properties.file)?.message).toBe("contract-lint: compared with 1a2b3c4 (pull request base)");
    expect(commands.at(-1)?.message).toBe("contract-lint: 1 error finding");
  });
});

describe("runStage: GitHub's size limits", () => {
  it("cuts an output over 60,000 bytes (schema-compat's changelog) at a line, with a note, and says so in the log", async () => {
    const changelog = ["## Contract changes", "", ...Array.from({ length: 3000 }, (_, i) => `- property \`column_${i}\` added (minor)`)].join("\n");
    expect(Buffer.byteLength(changelog)).toBeGreaterThan(OUTPUT_MAX_BYTES);
    const { stdout } = await run({ run: async () => ({ findings: [], files: 1, rules: RULES, outputs: { changelog, "required-bump": "minor" }, summary: changelog }) });
    const output = actionEnv().outputs().changelog!;
    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(OUTPUT_MAX_BYTES);
    expect(output.startsWith("## Contract changes\n\n- property `column_0` added (minor)\n")).toBe(true);
    expect(output).toMatch(/_\(cut here: the `changelog` output is limited to 60,000 bytes, to fit a PR comment \(65,536 characters\) and GitHub's 1 MB of outputs per job; the job summary has all of it\.\)_\n$/);
    expect(actionEnv().outputs()["required-bump"]).toBe("minor");
    expect(stdout).toContain("contract-lint: the changelog output was cut to 60,000 bytes");
    // The job summary keeps every line.
    expect(actionEnv().summary()).toContain("- property `column_2999` added (minor)");
  });

  it("leaves a short output as it is", () => {
    expect(capOutput("changelog", "- one\n- two")).toBe("- one\n- two");
  });
});

describe("runStage: GitHub's annotation limits", () => {
  it("counts the stage's notices against the 10 notices per step, and says how many info findings are left out", async () => {
    const infos = Array.from({ length: 10 }, (_, i) => finding({ severity: "info", ruleId: "input-port-contract", line: i + 1 }));
    const { commands, stdout } = await run({ run: async () => ({ findings: infos, files: 1, rules: RULES, notices: ["tagged orders/v1.0.0", "tagged customers/v2.0.0"] }) });
    const notices = commands.filter((c) => c.command === "notice");
    expect(notices).toHaveLength(10);
    expect(notices.filter((c) => !c.properties.file).map((c) => c.message)).toEqual([
      "contract-lint: tagged orders/v1.0.0",
      "contract-lint: tagged customers/v2.0.0",
      expect.stringMatching(/^contract-lint: 3 more findings are not annotated \(3 info findings\)/),
    ]);
    expect(stdout).toContain("3 more findings are not annotated");
  });
});

describe("runAction", () => {
  it("fails the step with one line when reading inputs throws", async () => {
    const capture = captureStdout();
    try {
      await runAction(async () => {
        throw new UsageError('input "fail-on" must be one of error, warning, not "fatal"');
      }, "contract-lint");
    } finally {
      capture.stop();
    }
    expect(capture.text()).toBe('::error::contract-lint: input "fail-on" must be one of error, warning, not "fatal"\n');
    expect(process.exitCode).toBe(2);
  });
});

describe("failureReason", () => {
  const summary = (errors: number, warnings: number) => ({ errors, warnings, infos: 0, files: 1 });
  it("counts error findings, and warnings too with fail-on: warning", () => {
    expect(failureReason([finding()], summary(1, 0), "error")).toBe("1 error finding");
    expect(failureReason([], summary(3, 2), "error")).toBe("3 error findings");
    expect(failureReason([], summary(3, 2), "warning")).toBe("3 error findings and 2 warning findings (fail-on: warning)");
  });

  it("names the first unprocessable input and how many more", () => {
    const inputs = [finding({ ruleId: "file-unreadable", file: "a.yaml", line: 1, column: 1, message: "cannot read a.yaml" }), finding({ ruleId: "yaml-syntax" })];
    expect(failureReason(inputs, summary(2, 0), "error")).toBe("input could not be processed: a.yaml:1:1: cannot read a.yaml (and 1 more)");
  });
});

describe("runStage: the PR comment, against a local server that answers as GitHub's REST API does", () => {
  const REPOSITORY = "acme/sales-domain";
  const event = (head: string) => ({
    name: "pull_request",
    payload: { number: 7, repository: { full_name: REPOSITORY }, pull_request: { number: 7, head: { sha: head, repo: { full_name: REPOSITORY } }, base: { repo: { full_name: REPOSITORY } } } },
  });
  let api: FakeGithubApi;
  beforeEach(async () => {
    api = await startFakeGithubApi();
  });
  afterEach(async () => {
    await api.close();
  });
  const comment = (head: string) => ({ token: "ghs_write_token", apiUrl: api.url, event: () => event(head) });
  const body = () => {
    const comments = api.comments(REPOSITORY, 7);
    expect(comments).toHaveLength(1);
    return comments[0]!.body;
  };

  it("a stage that throws replaces its earlier report with the reason it could not run", async () => {
    const head = "1".repeat(40);
    await run({ title: "schema-compat", prComment: comment(head), run: stage([]) });
    expect(parseStageSections(body()).map((s) => [s.stage, s.status])).toEqual([["schema-compat", "passed"]]);

    const { outcome, commands } = await run({
      title: "schema-compat",
      prComment: comment(head),
      run: async () => {
        throw new UsageError("the base commit 0123 is not in this clone and could not be fetched");
      },
    });
    expect(outcome.exitCode).toBe(2);
    expect(commands.find((c) => c.command === "error")?.message).toBe("schema-compat: the base commit 0123 is not in this clone and could not be fetched");
    const sections = parseStageSections(body());
    expect(sections.map((s) => [s.stage, s.status])).toEqual([["schema-compat", "error"]]);
    expect(sections[0]!.text).toContain("the base commit 0123 is not in this clone and could not be fetched");
    expect(body()).toContain("❌ **Not safe to merge**: `schema-compat` could not run.");
  });

  it("leaves room among the 10 warnings per step for the PR comment's own warning (a token that may not comment)", async () => {
    const warnings = Array.from({ length: 12 }, (_, i) => finding({ severity: "warning", ruleId: "naming-convention", line: i + 1 }));
    const { commands } = await run({ prComment: { ...comment("2".repeat(40)), token: "ghs_read_only_token" }, run: stage(warnings) });
    const shown = commands.filter((c) => c.command === "warning");
    expect(shown).toHaveLength(10);
    expect(shown.filter((c) => c.properties.file)).toHaveLength(9);
    expect(shown.filter((c) => !c.properties.file).map((c) => c.message)).toEqual([expect.stringMatching(/^contract-lint: could not write the PR comment: the token may not write pull request comments \(HTTP 403/)]);
  });

  it("a new push to the pull request starts the sections over: an earlier commit's pass is not this one's", async () => {
    const [first, second] = ["1".repeat(40), "2".repeat(40)];
    await run({ title: "contract-lint", prComment: comment(first), run: stage([]) });
    await run({ title: "schema-compat", prComment: comment(first), run: stage([]) });
    expect(parseStageSections(body()).map((s) => s.stage)).toEqual(["contract-lint", "schema-compat"]);

    await run({ title: "contract-lint", prComment: comment(second), run: stage([]) });
    expect(parseStageSections(body()).map((s) => s.stage)).toEqual(["contract-lint"]);
    expect(body()).toContain(`<!-- meshkit:head ${second} -->`);
    expect(body()).toMatch(/⏳ \*\*1 of 5 stages passed\*\*\. Not reported yet: `schema-compat`/);
  });
});
