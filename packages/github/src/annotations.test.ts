import type { Finding } from "@meshkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { annotationOf, emitAnnotations } from "./annotations.js";
import { captureStdout, parseWorkflowCommands } from "./testing.js";

function finding(overrides: Partial<Finding> = {}): Finding {
  return { ruleId: "semver-version", severity: "error", message: "version is not semver", file: "contracts/orders.yaml", line: 4, column: 10, path: "/version", stage: "lint", ...overrides };
}

let capture: ReturnType<typeof captureStdout> | undefined;
afterEach(() => {
  capture?.stop();
  capture = undefined;
});

function emit(findings: Finding[]) {
  capture = captureStdout();
  const result = emitAnnotations(findings);
  const stdout = capture.stop();
  capture = undefined;
  return { result, stdout, commands: parseWorkflowCommands(stdout) };
}

describe("emitAnnotations", () => {
  it("writes ::error with the file, line and columns of a single-line node", () => {
    const { stdout, result } = emit([finding({ endLine: 4, endColumn: 15 })]);
    expect(stdout).toBe("::error title=semver-version,file=contracts/orders.yaml,line=4,endLine=4,col=10,endColumn=15::version is not semver\n");
    expect(result).toEqual({ emitted: 1, omitted: 0 });
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

  it("caps annotations at GitHub's per-step limits and reports how many were left out", () => {
    const findings = [
      ...Array.from({ length: 15 }, (_, i) => finding({ line: i + 1 })),
      ...Array.from({ length: 12 }, (_, i) => finding({ severity: "warning", line: i + 1 })),
      ...Array.from({ length: 3 }, (_, i) => finding({ severity: "info", line: i + 1 })),
    ];
    const { commands, result } = emit(findings);
    expect(commands.filter((c) => c.command === "error")).toHaveLength(10);
    expect(commands.filter((c) => c.command === "warning")).toHaveLength(10);
    expect(commands.filter((c) => c.command === "notice")).toHaveLength(3);
    expect(result).toEqual({ emitted: 23, omitted: 7 });
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
    expect(commands.filter((c) => c.command === "notice").map((c) => c.properties.line)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(commands.filter((c) => c.command === "error")).toHaveLength(1);
    expect(result).toEqual({ emitted: 8, omitted: 3 });
  });

  it("writes nothing for no findings", () => {
    expect(emit([]).stdout).toBe("");
  });
});

describe("annotationOf", () => {
  it("clamps impossible positions to what GitHub accepts", () => {
    expect(annotationOf(finding({ line: 0, column: 0 }))).toEqual({ title: "semver-version", file: "contracts/orders.yaml", startLine: 1, startColumn: 1 });
  });

  it("uses forward slashes", () => {
    expect(annotationOf(finding({ file: "./contracts\\orders.yaml" })).file).toBe("contracts/orders.yaml");
  });
});
