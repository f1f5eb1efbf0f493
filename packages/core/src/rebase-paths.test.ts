import { describe, expect, it } from "vitest";
import type { Finding } from "./findings.js";
import { rebaseFindings } from "./rebase-paths.js";

function finding(overrides: Partial<Finding> = {}): Finding {
  return { ruleId: "schema-valid", severity: "error", message: "m", file: "x.yaml", line: 1, column: 1, path: "", stage: "lint", ...overrides };
}

describe("rebaseFindings", () => {
  it("makes paths workspace-relative when inside it, absolute otherwise", () => {
    const findings = [finding({ file: "x.yaml" }), finding({ file: "../../../outside/y.yaml" }), finding({ file: "../../shared/w.yaml" }), finding({ file: "/abs/z.yaml" })];
    expect(rebaseFindings(findings, "/ws/domains/sales", "/ws").map((f) => f.file)).toEqual(["domains/sales/x.yaml", "/outside/y.yaml", "shared/w.yaml", "/abs/z.yaml"]);
  });

  it("names the workspace itself `.`, as the CLI does (a finding about the whole repository)", () => {
    expect(rebaseFindings([finding({ file: "../.." }), finding({ file: "." })], "/ws/domains/sales", "/ws").map((f) => f.file)).toEqual([".", "domains/sales"]);
  });
});
