import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { noDocumentFound, unmatchedIncludeOfProject } from "./include-unmatched.js";

const CONTRACT = "apiVersion: v3.1.0\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\n";

describe("unmatchedIncludeOfProject: the stages that do not lint, on globs of files.include that select no document", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "meshkit-unmatched-"));
    mkdirSync(join(cwd, "contracts"));
    writeFileSync(join(cwd, "contracts/orders.odcs.yaml"), CONTRACT);
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));
  const configWith = async (text: string) => {
    writeFileSync(join(cwd, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\n${text}`);
    return (await loadConfig({ cwd })).config;
  };

  it("reports the globs at the stage asking, at the level lint.rules gives it, when they select only other files and meshkit.yaml", async () => {
    writeFileSync(join(cwd, "contracts/notes.yaml"), "title: not a contract\n");
    const config = await configWith('files:\n  include: ["*.yaml", "contracts/notes.yaml"]\nlint:\n  rules:\n    include-unmatched: error\n');
    expect(await unmatchedIncludeOfProject(config, cwd, "policy")).toMatchObject({ ruleId: "include-unmatched", severity: "error", stage: "policy", file: "meshkit.yaml", line: 4, column: 12 });
  });

  it("is nothing once the globs select a contract, for the default globs, or when the rule is off", async () => {
    expect(await unmatchedIncludeOfProject(await configWith('files:\n  include: ["contracts/*.yaml"]\n'), cwd, "policy")).toBeUndefined();
    expect(await unmatchedIncludeOfProject(await configWith(""), join(cwd, "contracts"), "policy")).toBeUndefined();
    expect(await unmatchedIncludeOfProject(await configWith('files:\n  include: ["contract/*.yaml"]\nlint:\n  rules:\n    include-unmatched: off\n'), cwd, "compat")).toBeUndefined();
  });

  it("counts a file the stage reports (one that does not parse) as selected", async () => {
    writeFileSync(join(cwd, "contracts/broken.odcs.yaml"), "apiVersion: v3.1.0\nkind: [\n");
    expect(await unmatchedIncludeOfProject(await configWith('files:\n  include: ["contracts/broken.odcs.yaml"]\n'), cwd, "test")).toBeUndefined();
  });

  it("counts a contract that lost or misspelt its kind as selected: the globs found the file meant, and lint's not-a-document says what is wrong", async () => {
    writeFileSync(join(cwd, "contracts/misspelt.yaml"), CONTRACT.replace("kind: DataContract", "kind: DataContrct"));
    expect(await unmatchedIncludeOfProject(await configWith('files:\n  include: ["contracts/misspelt.yaml"]\n'), cwd, "policy")).toBeUndefined();
    writeFileSync(join(cwd, "contracts/kindless.yaml"), CONTRACT.replace("kind: DataContract\n", ""));
    expect(await unmatchedIncludeOfProject(await configWith('files:\n  include: ["contracts/kindless.yaml"]\n'), cwd, "compat")).toBeUndefined();
    // Another tool's kind is no contract meant.
    writeFileSync(join(cwd, "contracts/chart.yaml"), CONTRACT.replace("kind: DataContract", "kind: Chart"));
    expect(await unmatchedIncludeOfProject(await configWith('files:\n  include: ["contracts/chart.yaml"]\n'), cwd, "policy")).toMatchObject({ ruleId: "include-unmatched" });
  });

  it("noDocumentFound names the globs in a stage's one-line error, else keeps the stage's own", async () => {
    const otherwise = "no data contract found under the current directory";
    expect(await noDocumentFound(await configWith('files:\n  include: ["contract/*.yaml"]\n'), cwd, "test", otherwise)).toBe(
      'meshkit.yaml:4:12: files.include ("contract/*.yaml") selects no contract or product, so nothing was checked; the globs are relative to the folder of meshkit.yaml: fix them, or name the files to check.',
    );
    const empty = mkdtempSync(join(tmpdir(), "meshkit-unmatched-empty-"));
    try {
      expect(await noDocumentFound((await loadConfig({ cwd: empty })).config, empty, "provision", otherwise)).toBe(otherwise);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
