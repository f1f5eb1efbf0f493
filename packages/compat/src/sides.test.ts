import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError, defaultConfig } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { loadBase, loadGitSide, loadGitSides } from "./sides.js";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-sides-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** `dir` committed as it is (a new repository), and its HEAD read with `contracts/**` covered. */
async function committedContracts(dir: string) {
  for (const args of [["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one"]]) execFileSync("git", args, { cwd: dir });
  const config = { ...defaultConfig(dir), files: { include: ["contracts/**"], exclude: [] } };
  return { config, side: await loadGitSide("HEAD", config, dir) };
}

describe("loadBase", () => {
  it.each([
    ["empty", ""],
    ["other YAML", "apiVersion: apps/v1\nkind: Deployment\n"],
    ["a meshkit config", "apiVersion: meshkit/v1\nkind: Config\n"],
  ])("refuses a base file that holds no contract or product (%s)", async (_, text) => {
    const dir = folder({ "base.yaml": text });
    const loading = loadBase("base.yaml", defaultConfig(dir), dir);
    await expect(loading).rejects.toThrow(UsageError);
    await expect(loadBase("base.yaml", defaultConfig(dir), dir)).rejects.toThrow(/^--base base\.yaml holds no contract or product; /);
  });

  it("takes an empty base folder (a release with nothing in it yet), and refuses a base file it cannot read", async () => {
    const dir = folder({ "empty/.keep": "", "broken.yaml": "apiVersion: v3.1.0\nkind: DataContract\nschema: [\n" });
    expect(await loadBase("empty", defaultConfig(dir), dir)).toEqual({ side: { label: "empty", documents: [], place: expect.any(Function), onDisk: true }, findings: [], unsupported: [], passedOver: [] });
    // Compared with nothing, every head document would pass as new.
    await expect(loadBase("broken.yaml", defaultConfig(dir), dir)).rejects.toThrow(/^--base broken\.yaml cannot be read \(3:9 .*\); name the released contract/);
  });

  it("refuses a base that is both a folder here and a git ref, as git does, and takes it written as a path", async () => {
    const contract = "apiVersion: v3.1.0\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\n";
    const dir = folder({ "orders.odcs.yaml": contract, "main/orders.odcs.yaml": contract.replace("1.0.0", "0.9.0") });
    for (const args of [["init", "-q", "-b", "main"], ["add", "orders.odcs.yaml"], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one"], ["tag", "v1.0.0"]]) execFileSync("git", args, { cwd: dir });
    await expect(loadBase("main", defaultConfig(dir), dir)).rejects.toThrow("--base main is both a folder here and a git ref: write ./main for the folder, or refs/heads/main for the ref");
    expect((await loadBase("./main", defaultConfig(dir), dir)).side.documents.map((d) => (d.value as { version?: unknown }).version)).toEqual(["0.9.0"]);
    expect((await loadBase("refs/heads/main", defaultConfig(dir), dir)).side.documents.map((d) => (d.value as { version?: unknown }).version)).toEqual(["1.0.0"]);
    // A file named as a tag, and a path no ref has.
    writeFileSync(join(dir, "v1.0.0"), contract);
    await expect(loadBase("v1.0.0", defaultConfig(dir), dir)).rejects.toThrow("--base v1.0.0 is both a file here and a git ref: write ./v1.0.0 for the file, or refs/tags/v1.0.0 for the ref");
    expect((await loadBase("orders.odcs.yaml", defaultConfig(dir), dir)).side.documents).toHaveLength(1);
  });

  it("reads a base folder the project's .gitignore ignores: a released copy fetched there is not empty", async () => {
    const dir = folder({ ".gitignore": "released/\n", "released/orders.odcs.yaml": "apiVersion: v3.1.0\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\n" });
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const loaded = await loadBase("released", defaultConfig(dir), dir);
    expect(loaded.side.documents.map((d) => `${d.file} ${String((d.value as { id?: unknown }).id)}`)).toEqual(["released/orders.odcs.yaml orders"]);
  });

  it("still leaves out what the base folder's own .gitignore ignores: a build's copy there is no second contract", async () => {
    const contract = "apiVersion: v3.1.0\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\n";
    const dir = folder({ ".gitignore": "released/\n", "released/.gitignore": "out/\n", "released/orders.odcs.yaml": contract, "released/out/orders.odcs.yaml": contract, "orders.odcs.yaml": contract });
    execFileSync("git", ["init", "-q"], { cwd: dir });
    for (const [base, file] of [["released", "released/orders.odcs.yaml"], [".", "orders.odcs.yaml"]] as const) {
      const loaded = await loadBase(base, defaultConfig(dir), dir);
      expect(loaded.findings).toEqual([]);
      expect(loaded.side.documents.map((d) => d.file)).toEqual([file]);
    }
  });

  it("refuses a base file of an apiVersion meshkit does not read, saying which it holds and which meshkit reads", async () => {
    const dir = folder({ "v32.odcs.yaml": "id: c1\nversion: 1.0.0\napiVersion: v3.2.0\nkind: DataContract\n" });
    const loading = loadBase("v32.odcs.yaml", defaultConfig(dir), dir);
    await expect(loading).rejects.toThrow(UsageError);
    await expect(loading).rejects.toThrow(
      /^--base v32\.odcs\.yaml holds a DataContract of apiVersion "v3\.2\.0" \(line 3\), which meshkit does not read \(it reads DataContract v3\.0\.0, .*v3\.1\.0\), so there is nothing to compare with; name a released contract or product file meshkit reads, or an empty folder for a first release$/,
    );
  });

  it("reports a base folder's document of an apiVersion meshkit does not read, at its apiVersion, and keeps the rest", async () => {
    const dir = folder({
      "released/a.odcs.yaml": "apiVersion: v3.1.0\nkind: DataContract\nid: a\nversion: 1.0.0\nstatus: active\n",
      "released/b.odcs.yaml": "kind: DataContract\napiVersion: v3.2.0\nid: b\nversion: 1.0.0\n",
    });
    const loaded = await loadBase("released", defaultConfig(dir), dir);
    expect(loaded.side.documents.map((d) => d.file)).toEqual(["released/a.odcs.yaml"]);
    expect(loaded.findings).toMatchObject([{ ruleId: "unsupported-api-version", file: "released/b.odcs.yaml", line: 2, column: 13 }]);
    expect(loaded.findings[0]!.message).toContain('apiVersion "v3.2.0" is not one meshkit reads (v3.0.0, v3.0.1, v3.0.2, v3.1.0)');
  });
});

describe("loadGitSides", () => {
  const git = (dir: string, ...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
  const contract = (id: string, version: string) => `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: ${version}\nstatus: active\n`;

  it("reads a committed document whose name or folder holds a line break (by blob id, as the working tree's side finds it)", async () => {
    const dir = folder({ "odd\nname.odcs.yaml": contract("a", "1.0.0"), "new\nfolder/b.odcs.yaml": contract("b", "1.0.0") });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one");
    const side = await loadGitSide("HEAD", defaultConfig(dir), dir);
    expect(side.side.documents.map((d) => `${d.file} ${(d.value as { id: string }).id}`).sort()).toEqual(["new\nfolder/b.odcs.yaml b", "odd\nname.odcs.yaml a"]);
  });

  it("reads every tag as loadGitSide reads it, a file unchanged across tags parsed once but named at each path", async () => {
    const dir = folder({ "a.odcs.yaml": contract("a", "1.0.0"), "b.odcs.yaml": contract("b", "1.0.0"), "broken.odcs.yaml": "apiVersion: v3.1.0\nkind: DataContract\nschema: [\n" });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one");
    const first = git(dir, "rev-parse", "HEAD");
    // a changes; b stays; c is b's content at another path.
    writeFileSync(join(dir, "a.odcs.yaml"), contract("a", "1.1.0"));
    writeFileSync(join(dir, "c.odcs.yaml"), contract("b", "1.0.0"));
    git(dir, "add", ".");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "two");
    const second = git(dir, "rev-parse", "HEAD");
    const config = defaultConfig(dir);
    const sides = await loadGitSides([{ commit: first, label: "v1" }, { commit: second, label: "v2" }], config, dir);
    const summary = (loaded: Awaited<ReturnType<typeof loadGitSide>>) => ({
      label: loaded.side.label,
      documents: loaded.side.documents.map((d) => `${d.file} ${(d.value as { id: string }).id} ${(d.value as { version: string }).version}`),
      findings: loaded.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`),
    });
    expect(sides.map(summary)).toEqual([summary(await loadGitSide(first, config, dir, "v1")), summary(await loadGitSide(second, config, dir, "v2"))]);
    expect(summary(sides[1]!).documents).toEqual(["a.odcs.yaml a 1.1.0", "b.odcs.yaml b 1.0.0", "c.odcs.yaml b 1.0.0"]);
    expect(summary(sides[0]!).findings).toEqual(summary(sides[1]!).findings);
    expect(summary(sides[0]!).findings).toHaveLength(1);
  });

  it("reads a committed symbolic link as the file it leads to, as the working tree does, not as its target's path", async () => {
    const dir = folder({ "real/a.odcs.yaml": contract("a", "1.0.0"), "contracts/b.odcs.yaml": contract("b", "1.0.0"), "outside/x.odcs.yaml": contract("x", "1.0.0") });
    const outside = folder({ "c.odcs.yaml": contract("c", "1.0.0") });
    // real/ is not covered: the contract is the project's through its link only.
    symlinkSync("../real/a.odcs.yaml", join(dir, "contracts/a.odcs.yaml"));
    // A link to a file read under its own name is that file, read once (no duplicate id).
    symlinkSync("b.odcs.yaml", join(dir, "contracts/b-again.odcs.yaml"));
    // Through another link to a file a link leads to already, and to a link outside the covered folder.
    symlinkSync("../real/link-to-a.yaml", join(dir, "contracts/via.odcs.yaml"));
    symlinkSync("a.odcs.yaml", join(dir, "real/link-to-a.yaml"));
    symlinkSync(join(outside, "c.odcs.yaml"), join(dir, "contracts/c.odcs.yaml"));
    symlinkSync("../missing.yaml", join(dir, "contracts/dangling.odcs.yaml"));
    symlinkSync("../real", join(dir, "contracts/folder.odcs.yaml"));
    symlinkSync("loop2.yaml", join(dir, "contracts/loop1.yaml"));
    symlinkSync("loop1.yaml", join(dir, "contracts/loop2.yaml"));
    const { config, side } = await committedContracts(dir);
    expect(side.side.documents.map((d) => `${d.file} ${(d.value as { id: string }).id}`).sort()).toEqual(["contracts/a.odcs.yaml a", "contracts/b.odcs.yaml b"]);
    // via leads (through real/link-to-a.yaml) to the file a leads to: read once, as the working tree lists it once
    // by its real path (else the base would hold id a twice: compat-duplicate-id where the head has none; c, outside
    // the repository, is the working tree's only).
    expect((await loadBase("contracts", config, dir)).side.documents.map((d) => (d.value as { id: string }).id).sort()).toEqual(["a", "b", "c"]);
    expect(side.findings).toEqual([]);
    // What git cannot show is said where the head has a document in its place (compat-base-unreadable).
    expect(side.passedOver!.map((f) => f.message)).toEqual([
      `contracts/c.odcs.yaml is a symbolic link to ${JSON.stringify(join(outside, "c.odcs.yaml"))}, outside the repository, so the commit does not hold it: its released content cannot be read from git`,
      'contracts/dangling.odcs.yaml is a symbolic link to "../missing.yaml", a path the commit does not hold: its released content cannot be read from git',
      'contracts/loop1.yaml is a symbolic link to "loop2.yaml", a chain of links that does not end (a loop): its released content cannot be read from git',
      'contracts/loop2.yaml is a symbolic link to "loop1.yaml", a chain of links that does not end (a loop): its released content cannot be read from git',
    ]);
  });
});

describe("loadGitSides through linked folders", () => {
  const contract = (id: string) => `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: 1.0.0\nstatus: active\n`;

  it("follows a link whose target passes through a linked folder (and .. out of it) as the working tree resolves it", async () => {
    const dir = folder({ "real/deep/a.odcs.yaml": contract("a"), "real/b.odcs.yaml": contract("b"), "contracts/.keep": "" });
    // shared -> real/deep: a link to a folder, the way a repository points at another's contracts.
    symlinkSync("real/deep", join(dir, "shared"));
    symlinkSync("../shared/a.odcs.yaml", join(dir, "contracts/a.odcs.yaml"));
    // `..` after a linked folder leaves the folder the link leads to (real/deep/.. is real), as the kernel reads it.
    symlinkSync("../shared/../b.odcs.yaml", join(dir, "contracts/b.odcs.yaml"));
    // A link to a folder within the link: through it to a file.
    symlinkSync("deep", join(dir, "real/d"));
    symlinkSync("../real/d/a.odcs.yaml", join(dir, "contracts/c.odcs.yaml"));
    // A file is no folder: `b.odcs.yaml/` leads nowhere (ENOTDIR), on both sides.
    symlinkSync("../real/b.odcs.yaml/", join(dir, "contracts/slash.odcs.yaml"));
    const { config, side } = await committedContracts(dir);
    expect(side.passedOver!.map((f) => f.message)).toEqual(['contracts/slash.odcs.yaml is a symbolic link to "../real/b.odcs.yaml/", a path the commit does not hold: its released content cannot be read from git']);
    // c leads to the file a leads to: one document, as the working tree lists one file by its real path (no duplicate id).
    expect(side.side.documents.map((d) => `${d.file} ${(d.value as { id: string }).id}`).sort()).toEqual(["contracts/a.odcs.yaml a", "contracts/b.odcs.yaml b"]);
    // The working tree reads the same documents.
    const head = await loadBase("contracts", config, dir);
    expect(head.side.documents.map((d) => (d.value as { id: string }).id).sort()).toEqual(["a", "b"]);
    expect(head.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(["file-unreadable contracts/slash.odcs.yaml"]);
  });
});
