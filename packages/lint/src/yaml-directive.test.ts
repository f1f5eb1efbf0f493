import { describe, expect, it } from "vitest";
import { VALID_CONTRACT, config, lint, lintOne, where } from "./test-support.js";

describe("yaml-directive", () => {
  it("warns at a %YAML 1.1 or 1.3 directive, or an unknown one, that the contract is read as YAML 1.2", () => {
    const v11 = lintOne(`%YAML 1.1\n---\n${VALID_CONTRACT}`);
    expect(v11.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.severity}`)).toEqual(["yaml-directive@1:1 warning"]);
    expect(v11[0]!.message).toMatch(/^%YAML 1\.1: meshkit reads every document as YAML 1\.2/);
    expect(where(lintOne(`%YAML 1.3\n---\n${VALID_CONTRACT}`))).toEqual(["yaml-directive@1:1"]);
    expect(where(lintOne(`%FOO bar\n---\n${VALID_CONTRACT}`))).toEqual(["yaml-directive@1:1"]);
    expect(lintOne(`%YAML 1.2\n---\n${VALID_CONTRACT}`)).toEqual([]);
  });

  it("is a rule like any other: its severity is configured, and a file that is no meshkit document gets none", () => {
    expect(lintOne(`%YAML 1.1\n---\n${VALID_CONTRACT}`, config({ rules: { "yaml-directive": "off" } }))).toEqual([]);
    expect(lintOne(`%YAML 1.1\n---\n${VALID_CONTRACT}`, config({ rules: { "yaml-directive": "error" } })).map((f) => f.severity)).toEqual(["error"]);
    expect(lint({ "c.yaml": VALID_CONTRACT }, config(), { "other.yaml": "%YAML 1.1\n---\nanswer: yes\n" })).toEqual([]);
    expect(lint({ "c.yaml": VALID_CONTRACT, "k8s.yaml": "%YAML 1.1\n---\nanswer: yes\n" }).filter((f) => f.ruleId === "yaml-directive")).toEqual([]);
  });
});
