import { describe, expect, it } from "vitest";
import { sortFindings } from "../findings.js";
import { renderJson } from "./json.js";
import { renderSarif } from "./sarif.js";
import { SAMPLE_FINDINGS, finding, reportInput } from "./test-support.js";

describe("json reporter", () => {
  it("prints findings with keys in the documented order, optional keys only when set", () => {
    const f = finding({ ruleId: "r", file: "a.yaml", line: 1, column: 2, path: "/x", endColumn: 5 });
    const withExtra = { ...f, extra: "dropped" } as typeof f;
    expect(renderJson(reportInput([withExtra], { summary: { errors: 1, warnings: 0, infos: 0, files: 1 } }))).toBe(
      `{
  "findings": [
    {
      "ruleId": "r",
      "severity": "error",
      "message": "Something is wrong.",
      "file": "a.yaml",
      "line": 1,
      "column": 2,
      "endColumn": 5,
      "path": "/x",
      "stage": "lint"
    }
  ],
  "summary": {
    "errors": 1,
    "warnings": 0,
    "infos": 0,
    "files": 1
  }
}
`,
    );
  });

  it("sorts findings and round-trips", () => {
    const parsed = JSON.parse(renderJson(reportInput(SAMPLE_FINDINGS)));
    expect(parsed.findings).toEqual(sortFindings(SAMPLE_FINDINGS));
    expect(parsed.findings.map((f: { line: number }) => f.line)).toEqual([4, 10, 2]);
    expect(parsed.summary).toEqual({ errors: 1, warnings: 1, infos: 1, files: 5 });
    expect(Object.keys(parsed)).toEqual(["findings", "summary"]);
  });

  it("orders files and rule ids by code unit, not by the machine's locale (the same report on every machine)", () => {
    // Under LANG=sv_SE `ä` sorts after `z`, under en_US next to `a`; locale collation also puts `a` before `B`.
    const at = (file: string, ruleId = "r") => finding({ ruleId, file, line: 1, column: 1 });
    const findings = [at("z.yaml"), at("ä.yaml"), at("a.yaml"), at("B.yaml"), at("a.yaml", "b-rule"), at("a.yaml", "B-rule")];
    const parsed = JSON.parse(renderJson(reportInput(findings)));
    expect(parsed.findings.map((f: { file: string; ruleId: string }) => `${f.file} ${f.ruleId}`)).toEqual([
      "B.yaml r",
      "a.yaml B-rule",
      "a.yaml b-rule",
      "a.yaml r",
      "z.yaml r",
      "ä.yaml r",
    ]);
  });

  it("renders an empty report", () => {
    expect(renderJson(reportInput([], { summary: { errors: 0, warnings: 0, infos: 0, files: 0 } }))).toBe(
      '{\n  "findings": [],\n  "summary": {\n    "errors": 0,\n    "warnings": 0,\n    "infos": 0,\n    "files": 0\n  }\n}\n',
    );
  });

  it("keeps odd characters exactly", () => {
    const message = 'quote " backslash \\ newline \n tab \t unicode 🚀 nul \u0000';
    const parsed = JSON.parse(renderJson(reportInput([finding({ ruleId: "r", file: "dir/a b.yaml", line: 1, column: 1, message })])));
    expect(parsed.findings[0].message).toBe(message);
  });
  it("writes `##[` (a legacy workflow command anywhere in a CI log line) escaped, with the same value", () => {
    const message = "column `x ##[error]forged` and `##[add-mask]y`";
    for (const render of [renderJson, renderSarif]) {
      const text = render(reportInput([finding({ ruleId: "r", file: "a.yaml", line: 1, column: 1, message })]));
      expect(text).not.toContain("##[");
      expect(text).toContain(String.raw`##\u005berror]`);
    }
    expect(JSON.parse(renderJson(reportInput([finding({ ruleId: "r", file: "a.yaml", line: 1, column: 1, message })]))).findings[0].message).toBe(message);
    expect(JSON.parse(renderSarif(reportInput([finding({ ruleId: "r", file: "a.yaml", line: 1, column: 1, message })]))).runs[0].results[0].message.text).toBe(message);
  });
});
