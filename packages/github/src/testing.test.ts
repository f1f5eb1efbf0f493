import { describe, expect, it } from "vitest";
import { inputEnv, parseFileCommandValues, parseWorkflowCommands } from "./testing.js";

describe("parseWorkflowCommands", () => {
  it("reads commands, properties and escaped values, skipping plain lines and stopped sections", () => {
    const stdout = [
      "plain log line",
      "::error title=rule,file=a%2Cb.yaml,line=3,col=5::first%0Asecond 100%25",
      "::stop-commands::tok",
      "::warning::not a command while stopped",
      "::tok::",
      "::notice::after",
      "::group::3 findings",
    ].join("\n");
    expect(parseWorkflowCommands(stdout)).toEqual([
      { command: "error", properties: { title: "rule", file: "a,b.yaml", line: "3", col: "5" }, message: "first\nsecond 100%" },
      { command: "notice", properties: {}, message: "after" },
      { command: "group", properties: {}, message: "3 findings" },
    ]);
  });
});

describe("parseFileCommandValues", () => {
  it("reads heredoc and name=value entries, later ones winning", () => {
    const text = "errors<<ghadelimiter_1\n2\nghadelimiter_1\nmulti<<EOF\nline 1\nline 2\nEOF\nplain=value=with=equals\nerrors<<D\n3\nD\n";
    expect(parseFileCommandValues(text)).toEqual({ errors: "3", multi: "line 1\nline 2", plain: "value=with=equals" });
  });

  it("rejects an unterminated heredoc", () => {
    expect(() => parseFileCommandValues("a<<X\nvalue\n")).toThrow(/unterminated/);
  });
});

describe("inputEnv", () => {
  it("names variables as the runner does", () => {
    expect(inputEnv({ "fail-on": "warning", "my input": "x" })).toEqual({ "INPUT_FAIL-ON": "warning", INPUT_MY_INPUT: "x" });
  });
});
