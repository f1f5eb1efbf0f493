import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withinPaths } from "./discover.js";
import { loadProjectDocuments } from "./project.js";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-project-"));
  mkdirSync(join(dir, ".git"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const CONTRACT = "apiVersion: v3.1.0\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\n";
const at = (findings: { ruleId: string; file: string; line: number; column: number }[]) => findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);

describe("loadProjectDocuments reports what it cannot use instead of skipping it", () => {
  it("a named file holding no meshkit document: empty, a list, a misspelt kind (at that kind)", async () => {
    const dir = project({ "empty.yaml": "", "list.yaml": "- a\n", "kind.yaml": "apiVersion: v3.1.0\nkind: DataKontrakt\n" });
    const { documents, findings } = await loadProjectDocuments(["empty.yaml", "list.yaml", "kind.yaml"], { cwd: dir }, ["DataContract"]);
    expect(documents).toEqual([]);
    expect(at(findings)).toEqual(["empty.yaml:1:1 not-a-document", "kind.yaml:2:7 not-a-document", "list.yaml:1:1 not-a-document"]);
  });

  it("a contract of an apiVersion meshkit does not read, wherever it is found; a file named like a contract that is not one", async () => {
    const dir = project({ "a/orders.yaml": CONTRACT.replace("v3.1.0", "v9.9.9"), "b/empty.odcs.yaml": "# nothing yet\n", "c/ok.odcs.yaml": CONTRACT.replace("orders", "ok"), "d/other.yaml": "foo: bar\n" });
    const { documents, findings } = await loadProjectDocuments([], { cwd: dir }, ["DataContract"]);
    expect(documents.map((d) => d.file)).toEqual(["c/ok.odcs.yaml"]);
    expect(at(findings)).toEqual(["a/orders.yaml:1:13 unsupported-api-version", "b/empty.odcs.yaml:1:1 not-a-document"]);
  });

  it("not a named file of another meshkit kind (meshkit.yaml), nor a product when only contracts are asked for", async () => {
    const dir = project({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n", "p.odps.yaml": "apiVersion: v1.0.0\nkind: DataProduct\nid: p\n" });
    const { findings } = await loadProjectDocuments(["meshkit.yaml", "p.odps.yaml"], { cwd: dir }, ["DataContract"]);
    expect(findings).toEqual([]);
  });

  it("follows lint.rules: not-a-document off is not reported", async () => {
    const dir = project({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    not-a-document: off\n", "x.odcs.yaml": "" });
    expect((await loadProjectDocuments(["x.odcs.yaml"], { cwd: dir }, ["DataContract"])).findings).toEqual([]);
  });
});

describe("withinPaths", () => {
  it("answers for files named, under folders named, or matched by globs, existing or not", () => {
    const within = withinPaths(["a.odcs.yaml", "dir", "g/**/*.odcs.yaml"], "/repo");
    expect(["a.odcs.yaml", "dir/x.yaml", "dir/sub/y.yaml", "g/h/z.odcs.yaml", "/repo/dir/abs.yaml"].every(within)).toBe(true);
    expect(["b.odcs.yaml", "dirx/x.yaml", "g/h/z.yaml", "../a.odcs.yaml"].some(within)).toBe(false);
  });
});
