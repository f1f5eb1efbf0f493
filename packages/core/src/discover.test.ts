import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "./config.js";
import { configGlobFilter, discoverContextFiles, discoverFiles, missingPaths, projectFolder, readDocumentFile, realPathOf, withinPaths } from "./discover.js";

function tree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-discover-"));
  mkdirSync(join(dir, ".git"));
  for (const name of files) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), name.endsWith(".gitignore") ? "" : "x: 1\n");
  }
  return dir;
}

const names = (files: { display: string }[]) => files.map((f) => f.display);

describe("discoverContextFiles", () => {
  const layout = ["a/p.yaml", "a/c.yaml", "a/deep/d.yaml", "b/e.yaml", "top.yaml"];

  it("without a meshkit.yaml or a git work tree, walks only the folders of the named files, folders and globs' fixed parts", async () => {
    const dir = tree(layout);
    rmSync(join(dir, ".git"), { recursive: true });
    const config = defaultConfig(dir);
    expect(names(await discoverContextFiles(["a/p.yaml"], config, dir))).toEqual(["a/c.yaml", "a/deep/d.yaml", "a/p.yaml"]);
    expect(names(await discoverContextFiles(["b"], config, dir))).toEqual(["b/e.yaml"]);
    expect(names(await discoverContextFiles(["b/**/*.yaml", "a/deep/d.yaml"], config, dir))).toEqual(["a/deep/d.yaml", "b/e.yaml"]);
    // A folder inside another named one lists its files once; a folder that is not there adds nothing.
    expect(names(await discoverContextFiles(["a", "a/deep", "gone/x.yaml"], config, dir))).toEqual(["a/c.yaml", "a/deep/d.yaml", "a/p.yaml"]);
  });

  it("with a meshkit.yaml, in a git work tree, or with nothing named, is the whole project", async () => {
    const dir = tree(layout);
    const all = ["a/c.yaml", "a/deep/d.yaml", "a/p.yaml", "b/e.yaml", "top.yaml"];
    // tree() makes the folder a repository's.
    expect(names(await discoverContextFiles(["a/p.yaml"], defaultConfig(dir), dir))).toEqual(all);
    rmSync(join(dir, ".git"), { recursive: true });
    expect(names(await discoverContextFiles([], defaultConfig(dir), dir))).toEqual(all);
    const configured = { ...defaultConfig(dir), file: join(dir, "meshkit.yaml") };
    expect(names(await discoverContextFiles(["a/p.yaml"], configured, dir))).toEqual(all);
  });

  it("without a meshkit.yaml, run in a subfolder of a git work tree, is the whole repository", async () => {
    const dir = tree(layout);
    const sub = join(dir, "a");
    // The defaults are rooted where meshkit runs; the repository around it is the project.
    expect(projectFolder(defaultConfig(sub))).toBe(dir);
    // (Files outside the working directory are shown by their absolute paths.)
    const all = ["c.yaml", "deep/d.yaml", "p.yaml", join(dir, "b/e.yaml"), join(dir, "top.yaml")];
    expect(names(await discoverContextFiles(["p.yaml"], defaultConfig(sub), sub)).sort()).toEqual([...all].sort());
    expect(names(await discoverContextFiles([], defaultConfig(sub), sub)).sort()).toEqual([...all].sort());
    // A meshkit.yaml's folder is its project, wherever the repository's top is.
    expect(projectFolder({ ...defaultConfig(sub), file: join(sub, "meshkit.yaml") })).toBe(sub);
  });
});

describe("discoverFiles", () => {
  it("finds YAML and JSON under the working directory, honouring .gitignore files and node_modules", async () => {
    const dir = tree(["a.yaml", "b/c.yml", "b/d.json", "b/e.txt", "node_modules/x/f.yaml", "build/g.yaml", "b/gen/h.yaml"]);
    writeFileSync(join(dir, ".gitignore"), "build/\n");
    writeFileSync(join(dir, "b/.gitignore"), "gen/\n");
    expect(names(await discoverFiles([], defaultConfig(dir), dir))).toEqual(["a.yaml", "b/c.yml", "b/d.json"]);
  });

  it("lets a deeper .gitignore re-include what a shallower one ignores, but nothing in an ignored folder, as git does", async () => {
    const dir = tree(["top.yaml", "gen.yaml", "a/b/kept.yaml", "a/b/other.yaml", "keep/k.yaml", "build/z.yaml", "a/b/.gitignore", "build/.gitignore"]);
    writeFileSync(join(dir, ".gitignore"), "*.yaml\n!top.yaml\n!keep/*.yaml\nbuild/\n");
    writeFileSync(join(dir, "a/b/.gitignore"), "!kept.yaml\n");
    // (git reads no .gitignore inside an ignored folder: this one cannot bring z.yaml back)
    writeFileSync(join(dir, "build/.gitignore"), "!z.yaml\n");
    expect(names(await discoverFiles([], defaultConfig(dir), dir))).toEqual(["a/b/kept.yaml", "keep/k.yaml", "top.yaml"]);
    // What git itself lists, untracked and not ignored:
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const git = execFileSync("git", ["ls-files", "--others", "--exclude-standard", "--", "*.yaml"], { cwd: dir, encoding: "utf8" });
    expect(git.split("\n").filter(Boolean).sort()).toEqual(["a/b/kept.yaml", "keep/k.yaml", "top.yaml"]);
  });

  it("honours the repository's .git/info/exclude, below the top level's .gitignore, and a worktree's shared one", async () => {
    const dir = tree(["a.yaml", "scratch/s.yaml", "local.yaml", "kept.yaml", "sub/local.yaml"]);
    execFileSync("git", ["init", "-q"], { cwd: dir });
    writeFileSync(join(dir, ".git/info/exclude"), "scratch/\nlocal.yaml\nkept.yaml\n");
    // A .gitignore outranks info/exclude: its `!kept.yaml` brings the file back.
    writeFileSync(join(dir, ".gitignore"), "!kept.yaml\n");
    const expected = ["a.yaml", "kept.yaml"];
    expect(names(await discoverFiles([], defaultConfig(dir), dir))).toEqual(expected);
    const git = execFileSync("git", ["ls-files", "--others", "--exclude-standard", "--", "*.yaml"], { cwd: dir, encoding: "utf8" });
    expect(git.split("\n").filter(Boolean).sort()).toEqual(expected);
    // A linked worktree has a .git file; the exclude file it reads is the main repository's.
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "init"], { cwd: dir });
    const linked = join(dir, "..", `${dir.split("/").pop()}-linked`);
    execFileSync("git", ["worktree", "add", "-q", linked], { cwd: dir });
    for (const name of ["a.yaml", "local.yaml", "scratch/s.yaml"]) {
      mkdirSync(join(linked, name, ".."), { recursive: true });
      writeFileSync(join(linked, name), "x: 1\n");
    }
    expect(names(await discoverFiles([], defaultConfig(linked), linked))).toEqual(["a.yaml"]);
  });

  it("keeps a file git tracks although a .gitignore matches it (git add -f), as git and a CI checkout keep it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-discover-"));
    execFileSync("git", ["init", "-q"], { cwd: dir });
    for (const name of ["a.yaml", "generated/forced.yaml", "generated/untracked.yaml", "local.yaml"]) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), "x: 1\n");
    }
    writeFileSync(join(dir, ".gitignore"), "generated/\nlocal.yaml\n");
    execFileSync("git", ["add", "-f", "a.yaml", "generated/forced.yaml"], { cwd: dir });
    const expected = ["a.yaml", "generated/forced.yaml"];
    expect(names(await discoverFiles([], defaultConfig(dir), dir))).toEqual(expected);
    expect(names(await discoverFiles(["generated"], defaultConfig(dir), dir))).toEqual(["generated/forced.yaml"]);
    expect(names(await discoverFiles(["**/*.yaml"], defaultConfig(dir), dir))).toEqual(expected);
    // Once it is no longer tracked, the .gitignore keeps it out again.
    execFileSync("git", ["rm", "-q", "--cached", "generated/forced.yaml"], { cwd: dir });
    expect(names(await discoverFiles([], defaultConfig(dir), dir))).toEqual(["a.yaml"]);
  });

  it("narrows to a folder, expands globs, and always keeps an explicit file", async () => {
    const dir = tree(["a.yaml", "b/c.yml", "b/d.json", "build/g.yaml"]);
    writeFileSync(join(dir, ".gitignore"), "build/\n");
    const config = defaultConfig(dir);
    expect(names(await discoverFiles(["b"], config, dir))).toEqual(["b/c.yml", "b/d.json"]);
    expect(names(await discoverFiles(["**/*.json"], config, dir))).toEqual(["b/d.json"]);
    const explicit = await discoverFiles(["build/g.yaml"], config, dir);
    expect(explicit).toEqual([expect.objectContaining({ display: "build/g.yaml", explicit: true })]);
  });

  it("takes a named path that exists for that path, though it reads as a glob: a folder `orders (old)` or `sales [eu]{2}`", async () => {
    const dir = tree(["orders (old)/orders.odcs.yaml", "sales [eu]{2}/a.yaml", "sales [eu]{2}/b.json", "sales e/c.yaml"]);
    const config = defaultConfig(dir);
    expect(await discoverFiles(["orders (old)/orders.odcs.yaml"], config, dir)).toEqual([expect.objectContaining({ display: "orders (old)/orders.odcs.yaml", explicit: true })]);
    expect(names(await discoverFiles([join(dir, "orders (old)/orders.odcs.yaml")], config, dir))).toEqual(["orders (old)/orders.odcs.yaml"]);
    expect(names(await discoverFiles(["sales [eu]{2}"], config, dir))).toEqual(["sales [eu]{2}/a.yaml", "sales [eu]{2}/b.json"]);
    // A glob that names nothing by itself is still a glob.
    expect(names(await discoverFiles(["sales [eu]/*.yaml"], config, dir))).toEqual(["sales e/c.yaml"]);
    expect(withinPaths(["sales [eu]{2}"], dir)("sales [eu]{2}/a.yaml")).toBe(true);
    expect(missingPaths(["orders (old)/gone.yaml", "orders (old)"], dir)).toEqual([]);
  });

  it("counts a file under a glob-looking folder that is not there (deleted since: a base side's) within that folder by its name", () => {
    const dir = tree(["sales e/c.yaml"]);
    const within = withinPaths(["orders (old)", "sales [eu]"], dir);
    // Still a glob too: `sales [eu]` names `sales e` (not the files in it, as a glob names no folder's files).
    expect(["orders (old)/gone.yaml", "sales [eu]/deep/gone.yaml", "sales e", "sales e/c.yaml", "orders old/x.yaml"].map((file) => within(file))).toEqual([true, true, true, false, false]);
  });

  it.runIf(process.platform !== "win32")("shows a backslash in a file's name as it is (on POSIX it is no separator)", async () => {
    const dir = tree(["back\\slash.yaml", "sub/a.yaml"]);
    expect(names(await discoverFiles([], defaultConfig(dir), dir))).toEqual(["back\\slash.yaml", "sub/a.yaml"]);
  });

  it("lists files in code-unit order, not in the machine's locale's (reports and plans follow it)", async () => {
    const dir = tree(["z.yaml", "ä.yaml", "a.yaml", "B.yaml"]);
    expect(names(await discoverFiles([], defaultConfig(dir), dir))).toEqual(["B.yaml", "a.yaml", "z.yaml", "ä.yaml"]);
  });

  it("applies the config's include and exclude globs", async () => {
    const dir = tree(["contracts/a.yaml", "contracts/fixtures/bad.yaml", "ci/workflow.yaml"]);
    const config = { ...defaultConfig(dir), files: { include: ["contracts/**/*.yaml"], exclude: ["**/fixtures/**"] } };
    expect(names(await discoverFiles([], config, dir))).toEqual(["contracts/a.yaml"]);
  });

  it("applies the exclude globs to a glob named in a subfolder from the config's folder, as to a folder named there", async () => {
    const dir = tree(["build/b.yaml", "sub/build/a.yaml", "sub/gen/g.yaml", "sub/gen/deep/h.yaml"]);
    const config = { ...defaultConfig(dir), files: { include: ["**/*.yaml"], exclude: ["build/**", "sub/gen/**"] } };
    const sub = join(dir, "sub");
    // `build/**` is the config folder's build/, not sub/build/: `meshkit lint build` in sub checks a.yaml, so does its glob.
    expect(names(await discoverFiles(["build"], config, sub))).toEqual(["build/a.yaml"]);
    expect(names(await discoverFiles(["build/*.yaml"], config, sub))).toEqual(["build/a.yaml"]);
    // `sub/gen/**` leaves out sub/gen, whichever folder the glob is named from.
    await expect(discoverFiles(["gen/**/*.yaml"], config, sub)).rejects.toThrow("every file gen/**/*.yaml matches (2) is left out by files.exclude or .gitignore");
    expect(names(await discoverFiles(["**/*.yaml"], config, sub))).toEqual(["build/a.yaml"]);
  });

  it("applies the exclude globs to a folder the project's walk passes over (a dot-folder, one outside) from the config's folder, as to its glob", async () => {
    const dir = tree(["project/gen/g.yaml", "project/.hidden/gen/a.yaml", "other/build/b.yaml"]);
    const root = join(dir, "project");
    const config = { ...defaultConfig(root), files: { include: ["**/*.yaml"], exclude: ["gen/**", "**/build/**"] } };
    // `gen/**` is the project's gen/, not .hidden/gen: the glob checked a.yaml, the folder said "no YAML or JSON file there".
    expect(names(await discoverFiles([".hidden/**/*.yaml"], config, root))).toEqual([".hidden/gen/a.yaml"]);
    expect(names(await discoverFiles([".hidden"], config, root))).toEqual([".hidden/gen/a.yaml"]);
    // A folder whose files the exclude globs do leave out says so, as its glob does.
    await expect(discoverFiles(["../other/build/*.yaml"], config, root)).rejects.toThrow("every file ../other/build/*.yaml matches (1) is left out by files.exclude or .gitignore");
    await expect(discoverFiles(["../other"], config, root)).rejects.toThrow("every YAML or JSON file in ../other (1) is left out by files.exclude or .gitignore; name a file to check it anyway");
    await expect(discoverFiles(["../other/build"], config, root)).rejects.toThrow("every YAML or JSON file in ../other/build (1) is left out");
  });

  it("leaves out the fixtures under a local policy pack's tests/ folders (as the pack loader does), unless named", async () => {
    const dir = tree(["contracts/a.yaml", "policies/rules.yaml", "policies/tests/bad.odcs.yaml", "policies/sub/tests/worse.yaml", "contracts/tests/kept.yaml", "single.yaml"]);
    const config = { ...defaultConfig(dir), policy: { ...defaultConfig(dir).policy, packs: ["builtin:platform-baseline", join(dir, "policies"), join(dir, "single.yaml")] } };
    expect(names(await discoverFiles([], config, dir))).toEqual(["contracts/a.yaml", "contracts/tests/kept.yaml", "policies/rules.yaml", "single.yaml"]);
    expect(names(await discoverFiles(["policies"], config, dir))).toEqual(["policies/rules.yaml"]);
    expect(names(await discoverFiles(["policies/tests/bad.odcs.yaml"], config, dir))).toEqual(["policies/tests/bad.odcs.yaml"]);
    const staged = configGlobFilter(config, dir);
    expect(["contracts/a.yaml", "policies/tests/bad.odcs.yaml", "policies/sub/tests/worse.yaml"].map(staged)).toEqual([true, false, false]);
  });

  it("answers for a config in a folder of the top level, at it, or above it, as the path relative to the config's folder says", () => {
    const dir = tree([]);
    const paths = ["a.yaml", "domains/sales/x.yaml", "domains/sales/deep/y.yml", "domains/salesforce/z.yaml", "domains/sales", "domains/finance/f.yaml", "domains/sales/node_modules/n.yaml", "c.txt"];
    const config = (root: string) => ({ ...defaultConfig(root), files: { include: ["**/*.yaml", "**/*.yml", "../finance/*.yaml"], exclude: ["deep/**"] } });
    expect(paths.map(configGlobFilter(config(join(dir, "domains/sales")), dir))).toEqual([false, true, false, false, false, false, false, false]);
    // With `outside` (compat's git side), what its ../ glob reaches too, excluded as its path without the ../ says.
    expect(paths.map(configGlobFilter(config(join(dir, "domains/sales")), dir, { outside: true }))).toEqual([false, true, false, false, false, true, false, false]);
    expect(configGlobFilter({ ...config(join(dir, "domains/sales")), files: { include: ["../finance/**/*.yaml"], exclude: ["**/deep/**"] } }, dir, { outside: true })("domains/finance/deep/d.yaml")).toBe(false);
    expect(paths.map(configGlobFilter(config(dir), dir))).toEqual([true, true, true, true, false, true, false, false]);
    // A config above the top level (`--config ../meshkit.yaml`): the paths are below its folder.
    expect(paths.map(configGlobFilter(config(join(dir, "..")), dir))).toEqual([true, true, true, true, false, true, false, false]);
  });

  it("with no path named, in the config's own folder, lists what its ../ globs reach outside it (a platform config's ../domains); a folder named keeps to its files", async () => {
    const dir = tree(["platform/local.yaml", "domains/sales/x.yaml", "domains/sales/deep/y.yaml", "other/z.yaml"]);
    const platform = join(dir, "platform");
    const config = { ...defaultConfig(platform), files: { include: ["../domains/**/*.yaml", "*.yaml"], exclude: ["**/deep/**"] } };
    expect(names(await discoverFiles([], config, platform))).toEqual([join(dir, "domains/sales/x.yaml"), "local.yaml"]);
    expect(names(await discoverFiles(["."], config, platform))).toEqual(["local.yaml"]);
    // Run above the config's folder, nothing changes: the files below the working directory, as before.
    expect(names(await discoverFiles([], config, dir))).toEqual(["domains/sales/x.yaml", "platform/local.yaml"]);
  });

  it("covers a git path with a line break only for a caller that reads by object id (lineBreaks), then in file and folder names alike", () => {
    const dir = tree([]);
    const config = { ...defaultConfig(dir), files: { include: ["contracts/**/*.yaml"], exclude: ["**/fixtures/**"] } };
    const paths = ["contracts/odd\nname.yaml", "contracts/new\nfolder/a.yaml", "contracts/fixtures/x\ny/bad.yaml", "other/a\nb.yaml"];
    expect(paths.map(configGlobFilter(config, dir))).toEqual([false, false, false, false]);
    expect(paths.map(configGlobFilter(config, dir, { lineBreaks: true }))).toEqual([true, true, false, false]);
  });

  it("finds the files under a folder whose name holds a line break, which the glob walk passes over (excludes and .gitignore still apply)", async () => {
    const dir = tree(["contracts/new\nfolder/a.yaml", "contracts/new\nfolder/deeper/b.yaml", "contracts/new\nfolder/c.txt", "contracts/fixtures/x\ny/bad.yaml", "contracts/ok.yaml", "ignored\nhere/d.yaml", ".gitignore"]);
    writeFileSync(join(dir, ".gitignore"), "ignored*\n");
    const config = { ...defaultConfig(dir), files: { include: ["contracts/**/*.yaml", "**/*.yaml"], exclude: ["**/fixtures/**"] } };
    expect(names(await discoverFiles([], config, dir))).toEqual(["contracts/new\nfolder/a.yaml", "contracts/new\nfolder/deeper/b.yaml", "contracts/ok.yaml"]);
  });

  it("lists a named path it cannot look at (missing, a symlink loop) as a file, for its reader to report why", async () => {
    const dir = tree([]);
    symlinkSync("l1", join(dir, "l2"));
    symlinkSync("l2", join(dir, "l1"));
    const found = await discoverFiles(["missing", "l1"], defaultConfig(dir), dir);
    expect(found).toEqual([expect.objectContaining({ display: "l1", explicit: true }), expect.objectContaining({ display: "missing", explicit: true })]);
  });

  it("lists the links and FIFOs a walk finds where the globs look, so that reading them checks or reports them; a link to a folder is not walked", async () => {
    const dir = tree(["a.yaml", "elsewhere/target.yaml", "elsewhere/sub/inner.yaml"]);
    symlinkSync(join(dir, "elsewhere/target.yaml"), join(dir, "linked.yaml"));
    symlinkSync(join(dir, "gone.yaml.target"), join(dir, "dangling.yaml"));
    symlinkSync("loop2.yaml", join(dir, "loop1.yaml"));
    symlinkSync("loop1.yaml", join(dir, "loop2.yaml"));
    symlinkSync(join(dir, "elsewhere/sub"), join(dir, "folder.yaml"));
    symlinkSync(join(dir, "elsewhere/target.yaml"), join(dir, "notes.txt"));
    execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
    const config = { ...defaultConfig(dir), files: { include: ["*.yaml", "*.txt.never"], exclude: [] } };
    const found = await discoverFiles([], config, dir);
    expect(found.map((f) => `${f.display}${f.explicit ? " (explicit)" : ""}`)).toEqual(["a.yaml", "dangling.yaml", "linked.yaml", "loop1.yaml", "loop2.yaml", "pipe.yaml"]);
    // Read as a walk's files are: the link's target is read, the others say why they cannot be, at once.
    const reads = found.map((f) => readDocumentFile(f));
    expect(reads.map((r) => (r === undefined ? "skipped" : r.ok ? "read" : r.finding.message))).toEqual([
      "skipped", // x: 1 is no meshkit document
      "No such file or directory (ENOENT): check the path.",
      "skipped",
      "A symbolic link loop (ELOOP): the link leads back to itself; point it at a file.",
      "A symbolic link loop (ELOOP): the link leads back to itself; point it at a file.",
      "Not a regular file: a named pipe.",
    ]);
  });

  it("lists a file named beside a link to it, or under a folder named beside the link, once: as the file itself, named", async () => {
    const dir = tree(["s/real.yaml"]);
    symlinkSync("real.yaml", join(dir, "s/alias.yaml"));
    const config = defaultConfig(dir);
    const shown = (found: Awaited<ReturnType<typeof discoverFiles>>) => found.map((f) => `${f.display}${f.explicit ? " (explicit)" : ""}`);
    expect(shown(await discoverFiles(["s/alias.yaml"], config, dir))).toEqual([`${join("s", "alias.yaml")} (explicit)`]);
    expect(shown(await discoverFiles(["s/alias.yaml", "s/real.yaml"], config, dir))).toEqual([`${join("s", "real.yaml")} (explicit)`]);
    expect(shown(await discoverFiles(["s/alias.yaml", "s"], config, dir))).toEqual([`${join("s", "real.yaml")} (explicit)`]);
    expect(realPathOf(join(dir, "s/alias.yaml"))).toBe(realPathOf(join(dir, "s/real.yaml")));
  });

  it("walks a dot-folder named on the command line, which the project's walk passes over", async () => {
    const dir = tree(["a.yaml", ".hidden/b.yaml"]);
    const config = { ...defaultConfig(dir), files: { include: ["**/*.yaml"], exclude: [] } };
    expect((await discoverFiles([], config, dir)).map((f) => f.display)).toEqual(["a.yaml"]);
    expect((await discoverFiles([".hidden"], config, dir)).map((f) => f.display)).toEqual([join(".hidden", "b.yaml")]);
  });

  it("lists a link to a file the walk lists already once, as that file (a contract does not duplicate its own id)", async () => {
    const dir = tree(["orders.odcs.yaml", "elsewhere/other.yaml"]);
    symlinkSync("orders.odcs.yaml", join(dir, "link.odcs.yaml"));
    symlinkSync(join(dir, "elsewhere/other.yaml"), join(dir, "other-link.yaml"));
    const config = { ...defaultConfig(dir), files: { include: ["*.yaml"], exclude: [] } };
    expect((await discoverFiles([], config, dir)).map((f) => f.display)).toEqual(["orders.odcs.yaml", "other-link.yaml"]);
    // Named, a link is what was asked for.
    expect((await discoverFiles(["link.odcs.yaml"], config, dir)).map((f) => f.display)).toEqual(["link.odcs.yaml"]);
  });

  it("reports a walk's file that is no UTF-8 text when it says it is a contract or product; other binaries are skipped", async () => {
    const dir = tree([]);
    writeFileSync(join(dir, "orders.yaml"), Buffer.concat([Buffer.from("apiVersion: v3.1.0\nkind: DataContract\nid: o\ndescription:\n  purpose: Best"), Buffer.from([0xe4]), Buffer.from("nde\n")]));
    writeFileSync(join(dir, "logo.yaml"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]));
    const config = { ...defaultConfig(dir), files: { include: ["*.yaml"], exclude: [] } };
    const reads = (await discoverFiles([], config, dir)).map((f) => [f.display, readDocumentFile(f)] as const);
    expect(reads.map(([display, r]) => `${display}: ${r === undefined ? "skipped" : r.ok ? "read" : r.finding.ruleId}`)).toEqual(["logo.yaml: skipped", "orders.yaml: file-not-text"]);
  });

  it("reports a walk's contract saved as UTF-16 (with or without a byte order mark), which says what it is between NUL bytes", async () => {
    const dir = tree([]);
    const contract = "apiVersion: v3.1.0\nkind: DataContract\nid: o\n";
    writeFileSync(join(dir, "le.yaml"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(contract, "utf16le")]));
    writeFileSync(join(dir, "be.yaml"), Buffer.from(contract, "utf16le").swap16());
    writeFileSync(join(dir, "other.yaml"), Buffer.from("name: ci\non: push\n", "utf16le"));
    const config = { ...defaultConfig(dir), files: { include: ["*.yaml"], exclude: [] } };
    const reads = (await discoverFiles([], config, dir)).map((f) => [f.display, readDocumentFile(f)] as const);
    expect(reads.map(([display, r]) => `${display}: ${r === undefined ? "skipped" : r.ok ? "read" : r.finding.ruleId}`)).toEqual(["be.yaml: file-not-text", "le.yaml: file-not-text", "other.yaml: skipped"]);
  });

  it("lists only files the globs name, not the files inside a folder whose own name matches them, wherever the project lies", async () => {
    const parent = mkdtempSync(join(tmpdir(), "meshkit-discover-"));
    const dir = join(parent, "odd (name) [1] {x}");
    mkdirSync(join(dir, "p", "product.odps.yaml"), { recursive: true });
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, "p", "product.odps.yaml", "x.txt"), "x\n");
    writeFileSync(join(dir, "p", "real.yaml"), "x: 1\n");
    const config = defaultConfig(dir);
    expect(names(await discoverFiles([], config, dir))).toEqual(["p/real.yaml"]);
    await expect(discoverFiles(["p/product.odps.yaml"], config, dir)).rejects.toThrow("no file to check in p/product.odps.yaml");
    expect(names(await discoverFiles(["./p/*.yaml"], config, dir))).toEqual(["p/real.yaml"]);
    for (const pattern of ["p/../p/*.yaml", "p//*.yaml", "./p/./*.yaml"]) expect(names(await discoverFiles([pattern], config, dir)), pattern).toEqual(["p/real.yaml"]);
    expect(names(await discoverFiles([], { ...config, files: { include: ["./p/./*.yaml"], exclude: [] } }, dir))).toEqual(["p/real.yaml"]);
  });

  // root reads any folder, whatever its mode: the walk then finds the contract inside.
  it.skipIf(process.getuid?.() === 0)("lists a folder under a walked path that it cannot open, for its reader to report (skipped as root)", async () => {
    const dir = tree(["a.yaml", "noperm/b.yaml", "ignored/c.yaml", "contracts/locked/d.yaml"]);
    writeFileSync(join(dir, ".gitignore"), "ignored/\n");
    for (const folder of ["noperm", "ignored", "contracts/locked"]) chmodSync(join(dir, folder), 0o000);
    try {
      const config = defaultConfig(dir);
      expect(await discoverFiles([], config, dir)).toEqual([
        expect.objectContaining({ display: "a.yaml", explicit: false }),
        expect.objectContaining({ display: "contracts/locked", explicit: true }),
        expect.objectContaining({ display: "noperm", explicit: true }),
      ]);
      expect(names(await discoverFiles(["contracts"], config, dir))).toEqual(["contracts/locked"]);
      expect(await discoverFiles(["noperm/b.yaml"], config, dir)).toEqual([expect.objectContaining({ display: "noperm/b.yaml", explicit: true })]);
    } finally {
      for (const folder of ["noperm", "ignored", "contracts/locked"]) chmodSync(join(dir, folder), 0o755);
    }
  });

  it("refuses a named folder or glob that yields no file, unless a whole-project search allows it", async () => {
    const dir = tree(["contracts/a.yaml", "empty/notes.txt", "build/g.yaml"]);
    writeFileSync(join(dir, ".gitignore"), "build/\n");
    const config = defaultConfig(dir);
    await expect(discoverFiles(["empty"], config, dir)).rejects.toThrow(/^no file to check in empty \(files\.include: /);
    await expect(discoverFiles(["build"], config, dir)).rejects.toThrow("no file to check in build");
    await expect(discoverFiles(["contracts/**/*.yml"], config, dir)).rejects.toThrow("no file matches contracts/**/*.yml");
    // A glob whose files are all left out matches files all the same: the message says what left them out.
    await expect(discoverFiles(["build/*.yaml"], config, dir)).rejects.toThrow("every file build/*.yaml matches (1) is left out by files.exclude or .gitignore; name a file to check it anyway");
    await expect(discoverFiles(["contracts/*.yaml"], { ...config, files: { ...config.files, exclude: ["contracts/**"] } }, dir)).rejects.toThrow("every file contracts/*.yaml matches (1) is left out");
    // So are the files of a folder meshkit never walks (a package's contracts): the pattern was right there too.
    mkdirSync(join(dir, "node_modules/@acme/contracts"), { recursive: true });
    writeFileSync(join(dir, "node_modules/@acme/contracts/c.yaml"), "");
    await expect(discoverFiles(["node_modules/@acme/contracts/*.yaml"], config, dir)).rejects.toThrow("every file node_modules/@acme/contracts/*.yaml matches (1) is in a node_modules, .git or .turbo folder, which meshkit never walks; name a file to check it anyway");
    await expect(discoverFiles(["node_modules/**/*.yml"], config, dir)).rejects.toThrow("no file matches node_modules/**/*.yml");
    // A folder of them, or one whose files are all in such a folder, is told so too (not "files.include: …").
    await expect(discoverFiles(["node_modules/@acme/contracts"], config, dir)).rejects.toThrow("every YAML or JSON file in node_modules/@acme/contracts (1) is in a node_modules, .git or .turbo folder, which meshkit never walks; name a file to check it anyway");
    mkdirSync(join(dir, "vendored/node_modules/x"), { recursive: true });
    writeFileSync(join(dir, "vendored/node_modules/x/c.json"), "{}");
    await expect(discoverFiles(["vendored"], config, dir)).rejects.toThrow("every YAML or JSON file in vendored (1) is in a node_modules");
    // One empty target among others is still a mistake: the others do not hide it.
    await expect(discoverFiles(["contracts", "empty"], config, dir)).rejects.toThrow("no file to check in empty");
    // An empty path (an unset shell variable) is not the whole working directory.
    await expect(discoverFiles([""], config, dir)).rejects.toThrow('an empty path was given ("")');
    await expect(discoverFiles(["contracts", " "], config, dir)).rejects.toThrow('an empty path was given ("")');
    expect(await discoverFiles(["empty"], config, dir, { allowEmpty: true })).toEqual([]);
    // No path named: an empty project is no usage error (the command reports 0 files).
    expect(await discoverFiles([], defaultConfig(join(dir, "empty")), join(dir, "empty"))).toEqual([]);
  });
});

describe("missingPaths", () => {
  it("names the paths that lead to nothing, not globs, existing files or folders, or dangling links (their stages say why)", () => {
    const dir = tree(["products/a.yaml"]);
    symlinkSync(join(dir, "gone.yaml"), join(dir, "dangling.yaml"));
    const named = ["products", "products/a.yaml", "products/*.yaml", "nope/**/*.yaml", "dangling.yaml", "nope", "products/a.yaml/b", "products/nope.yaml"];
    expect(missingPaths(named, dir)).toEqual(["nope", "products/a.yaml/b", "products/nope.yaml"]);
  });
});
