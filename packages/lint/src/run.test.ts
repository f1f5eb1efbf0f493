import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lintPaths } from "./run.js";
import { VALID_CONTRACT } from "./test-support.js";

describe("lintPaths: a link named on the command line", () => {
  let cwd: string;
  beforeEach(() => {
    // Outside any git work tree and without meshkit.yaml: the context is the named files' folder.
    cwd = mkdtempSync(join(tmpdir(), "meshkit-lint-links-"));
    mkdirSync(join(cwd, "s2"));
    writeFileSync(join(cwd, "s2/real.yaml"), VALID_CONTRACT);
    symlinkSync("real.yaml", join(cwd, "s2/alias.yaml"));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  const lint = async (...paths: string[]) => {
    const { findings, files } = await lintPaths(paths, { cwd });
    return { files, findings: findings.map((f) => `${f.file} ${f.ruleId}`) };
  };

  it("is linted as named, without the file it leads to as a second document with its id", async () => {
    expect(await lint("s2/alias.yaml")).toEqual({ files: 1, findings: [] });
  });

  it("is one document with that file when both are named, or a folder holding the file", async () => {
    expect(await lint("s2/real.yaml", "s2/alias.yaml")).toEqual({ files: 1, findings: [] });
    expect(await lint("s2/alias.yaml", "s2")).toEqual({ files: 1, findings: [] });
  });

  it("still clashes with a copy of the contract, reported once, at the file itself when both are named", async () => {
    writeFileSync(join(cwd, "s2/copy.yaml"), VALID_CONTRACT);
    const { findings } = await lintPaths(["s2/alias.yaml"], { cwd });
    expect(findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(["s2/alias.yaml unique-document-id"]);
    expect(findings[0]!.message).toContain("also used by s2/copy.yaml:3:5;");
    expect(await lint("s2/alias.yaml", "s2/real.yaml")).toEqual({ files: 1, findings: ["s2/real.yaml unique-document-id"] });
  });
});
