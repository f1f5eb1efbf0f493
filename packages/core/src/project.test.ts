import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withinPaths } from "./discover.js";
import { findPortContracts, loadProjectDocuments } from "./project.js";

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

  it("a sample-data file named as a path says that data goes to --data (meshkit test data/orders.csv)", async () => {
    const dir = project({ "data/orders.csv": "id,amount\n1,2\n", "notes.yaml": "just text\n" });
    const { findings } = await loadProjectDocuments(["data/orders.csv", "notes.yaml"], { cwd: dir }, ["DataContract"]);
    const messages = Object.fromEntries(findings.map((f) => [f.file, f.message]));
    expect(messages["data/orders.csv"]).toContain("named like sample data: contract-test reads data from the contract's server, or from a file or folder given apart (`meshkit test --data`, the contract-test action's `data` input)");
    expect(messages["notes.yaml"]).not.toMatch(/--data/);
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

describe("findPortContracts: the contracts a product's output ports name, from the rest of the project", () => {
  const contract = (id: string, version: string) => `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: ${version}\nstatus: active\n`;
  const product = `apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\noutputPorts:\n  - { name: a, version: "1.0.0", contractId: orders }\n  - { name: b, version: "3.0.0", contractId: refunds }\n  - { name: c, version: "1.0.0", contractId: " " }\n  - { name: d, version: "1.0.0", contractId: returns }\n  - { name: e, version: "1.0.0", contractId: given }\n`;

  it("takes the port's version where the project has it, else every version of that id; skips the contracts given", async () => {
    const dir = project({
      "p/product.odps.yaml": product,
      "c/orders-1.odcs.yaml": contract("orders", "1.0.0"),
      "c/orders-2.odcs.yaml": contract("orders", "2.0.0"),
      "c/refunds.odcs.yaml": contract("refunds", "2.1.0"),
      "c/given.odcs.yaml": contract("given", "1.0.0"),
      "c/broken.odcs.yaml": "id: [\n",
    });
    const given = await loadProjectDocuments(["p", "c/given.odcs.yaml"], { cwd: dir }, ["DataContract", "DataProduct"]);
    const { found, missing } = await findPortContracts(
      given.documents.filter((d) => d.kind.type === "DataProduct"),
      given.documents.filter((d) => d.kind.type === "DataContract"),
      { cwd: dir },
    );
    expect(found.map((d) => d.file)).toEqual(["c/orders-1.odcs.yaml", "c/refunds.odcs.yaml"]);
    // A blank contractId names nothing (lint's finding); returns is nowhere; the broken file is not reported here.
    expect(missing.map((port) => [port.name, port.contractId, port.pointer])).toEqual([["d", "returns", "/outputPorts/3/contractId"]]);
  });
});
