import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding } from "@meshkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { annotationOf, emitAnnotations, jobAnnotationsUsed, leftOutMessage } from "./annotations.js";
import { captureStdout, parseWorkflowCommands } from "./testing.js";

function finding(overrides: Partial<Finding> = {}): Finding {
  return { ruleId: "semver-version", severity: "error", message: "version is not semver", file: "contracts/orders.yaml", line: 4, column: 10, path: "/version", stage: "lint", ...overrides };
}

let capture: ReturnType<typeof captureStdout> | undefined;
afterEach(() => {
  capture?.stop();
  capture = undefined;
});

function emit(findings: Finding[], options: Parameters<typeof emitAnnotations>[1] = {}) {
  capture = captureStdout();
  const result = emitAnnotations(findings, options);
  const stdout = capture.stop();
  capture = undefined;
  return { result, stdout, commands: parseWorkflowCommands(stdout) };
}

describe("emitAnnotations", () => {
  it("writes ::error with the file, line and columns of a single-line node", () => {
    const { stdout, result } = emit([finding({ endLine: 4, endColumn: 15 })]);
    expect(stdout).toBe("::error title=semver-version,file=contracts/orders.yaml,line=4,endLine=4,col=10,endColumn=15::version is not semver\n");
    expect(result).toEqual({ emitted: 1, omitted: 0, omittedBySeverity: { error: 0, warning: 0, info: 0 } });
  });

  it("points at the start of a node that spans lines (the runner ignores columns across lines)", () => {
    const { commands } = emit([finding({ line: 7, column: 7, endLine: 12, endColumn: 3 })]);
    expect(commands).toEqual([
      { command: "error", properties: { title: "semver-version", file: "contracts/orders.yaml", line: "7", col: "7" }, message: "version is not semver" },
    ]);
  });

  it("maps severities to error, warning and notice", () => {
    const { commands } = emit([finding(), finding({ severity: "warning", ruleId: "naming-convention" }), finding({ severity: "info", ruleId: "input-port-contract" })]);
    expect(commands.map((c) => [c.command, c.properties.title])).toEqual([
      ["error", "semver-version"],
      ["warning", "naming-convention"],
      ["notice", "input-port-contract"],
    ]);
  });

  it("caps annotations at GitHub's per-step limits and says, in one more notice, how many of each were left out", () => {
    const findings = [
      ...Array.from({ length: 15 }, (_, i) => finding({ line: i + 1 })),
      ...Array.from({ length: 12 }, (_, i) => finding({ severity: "warning", line: i + 1 })),
      ...Array.from({ length: 3 }, (_, i) => finding({ severity: "info", line: i + 1 })),
    ];
    const { commands, result } = emit(findings, { title: "contract-lint" });
    expect(commands.filter((c) => c.command === "error")).toHaveLength(10);
    expect(commands.filter((c) => c.command === "warning")).toHaveLength(10);
    expect(commands.filter((c) => c.command === "notice" && c.properties.file)).toHaveLength(3);
    expect(result).toEqual({ emitted: 23, omitted: 7, omittedBySeverity: { error: 5, warning: 2, info: 0 } });
    const leftOut = commands.filter((c) => c.command === "notice" && !c.properties.file);
    expect(leftOut.map((c) => c.message)).toEqual([
      "contract-lint: 7 more findings are not annotated (5 errors, 2 warnings): GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and 50 per job. The job summary and the step's log list every finding.",
    ]);
    // The first ten, in report order.
    expect(commands.filter((c) => c.command === "error").map((c) => c.properties.line)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
  });

  it("escapes messages and properties, and drops terminal escapes", () => {
    const { stdout, commands } = emit([finding({ file: "a,b:c.yaml", message: "100% wrong\nsee \u001b[31mdocs\u001b[0m" })]);
    expect(stdout).toContain("file=a%2Cb%3Ac.yaml");
    expect(stdout).toContain("::100%25 wrong%0Asee [31mdocs[0m\n");
    expect(stdout).not.toContain("\u001b");
    expect(commands[0]?.properties.file).toBe("a,b:c.yaml");
  });

  it("leaves room for the step's other notices: GitHub counts them against the same 10 per step", () => {
    const infos = Array.from({ length: 10 }, (_, i) => finding({ severity: "info", ruleId: "input-port-contract", line: i + 1 }));
    capture = captureStdout();
    const result = emitAnnotations([finding(), ...infos], { reservedNotices: 3 });
    const commands = parseWorkflowCommands(capture.stop());
    capture = undefined;
    // 3 reserved + 6 info findings + the notice that 4 were left out = 10.
    expect(commands.filter((c) => c.command === "notice" && c.properties.file).map((c) => c.properties.line)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(commands.filter((c) => c.command === "notice" && !c.properties.file).map((c) => c.message)).toEqual([expect.stringMatching(/^4 more findings are not annotated \(4 info findings\)/)]);
    expect(commands.filter((c) => c.command === "error")).toHaveLength(1);
    expect(result).toEqual({ emitted: 7, omitted: 4, omittedBySeverity: { error: 0, warning: 0, info: 4 } });
  });

  it("leaves room for the step's own failure (setFailed is an error annotation)", () => {
    const errors = Array.from({ length: 12 }, (_, i) => finding({ line: i + 1 }));
    const { commands, result } = emit(errors, { reserved: { error: 1 } });
    expect(commands.filter((c) => c.command === "error")).toHaveLength(9);
    expect(result.omittedBySeverity).toEqual({ error: 3, warning: 0, info: 0 });
  });

  describe("GitHub's 50 annotations per job, shared by the job's steps", () => {
    const saved = { RUNNER_TEMP: process.env.RUNNER_TEMP, GITHUB_JOB: process.env.GITHUB_JOB, GITHUB_RUN_ID: process.env.GITHUB_RUN_ID };
    let dir = "";
    afterEach(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = "";
    });

    it("counts what meshkit's earlier steps of the job wrote, in RUNNER_TEMP, and leaves out what no longer fits", () => {
      dir = mkdtempSync(join(tmpdir(), "meshkit-runner-temp-"));
      Object.assign(process.env, { RUNNER_TEMP: dir, GITHUB_JOB: "checks", GITHUB_RUN_ID: "77" });
      const step = () => [
        ...Array.from({ length: 10 }, (_, i) => finding({ line: i + 1 })),
        ...Array.from({ length: 10 }, (_, i) => finding({ severity: "warning", line: i + 1 })),
      ];
      // Steps 1 and 2 annotate all 20 of theirs (and step 2 its 1 reserved notice): 41 of 50 used.
      expect(emit(step()).result.emitted).toBe(20);
      expect(emit(step(), { reservedNotices: 1 }).result.emitted).toBe(20);
      expect(jobAnnotationsUsed()).toBe(41);
      // Step 3 has 9 left: 8 errors and the notice that says 12 were left out.
      const third = emit(step());
      expect(third.result).toEqual({ emitted: 8, omitted: 12, omittedBySeverity: { error: 2, warning: 10, info: 0 } });
      expect(third.commands.filter((c) => !c.properties.file).map((c) => c.message)).toEqual([expect.stringMatching(/^12 more findings are not annotated \(2 errors, 10 warnings\)/)]);
      expect(jobAnnotationsUsed()).toBe(50);
      // Step 4: nothing fits, not even the notice (the step's log says it).
      const fourth = emit(step());
      expect(fourth.commands).toEqual([]);
      expect(fourth.result.omitted).toBe(20);
      // Another job (or no runner) starts from 50 again.
      process.env.GITHUB_JOB = "release";
      expect(jobAnnotationsUsed()).toBe(0);
    });
  });

  it("leftOutMessage names each severity once", () => {
    expect(leftOutMessage({ error: 1, warning: 0, info: 2 })).toMatch(/^3 more findings are not annotated \(1 error, 2 info findings\): GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and 50 per job\./);
  });

  it("writes nothing for no findings", () => {
    expect(emit([]).stdout).toBe("");
  });
});

describe("annotationOf", () => {
  it("clamps impossible positions to what GitHub accepts", () => {
    expect(annotationOf(finding({ line: 0, column: 0 }))).toEqual({ title: "semver-version", file: "contracts/orders.yaml", startLine: 1, startColumn: 1 });
  });

  it("uses forward slashes, and keeps a backslash of a Linux file's name (Windows' are separators)", () => {
    expect(annotationOf(finding({ file: "./contracts/orders.yaml" })).file).toBe("contracts/orders.yaml");
    expect(annotationOf(finding({ file: "./contracts/a\\b.yaml" })).file).toBe("contracts/a\\b.yaml");
  });
});
