import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../test-support.js";
import { blockedPathProblem, createTree, existingTargetProblem, placeFiles } from "./write-tree.js";

describe("placeFiles: a few new files at a repository's top, all or none", () => {
  it("writes them, making the folders on the way, and undoes them", () => {
    const root = tempDir("place");
    mkdirSync(join(root, ".github"));
    const undo = placeFiles(root, { ".github/workflows/a.yml": "a\n", ".husky/pre-commit": "b\n" });
    expect(readFileSync(join(root, ".github/workflows/a.yml"), "utf8")).toBe("a\n");
    expect(readFileSync(join(root, ".husky/pre-commit"), "utf8")).toBe("b\n");
    expect(readdirSync(join(root, ".github/workflows"))).toEqual(["a.yml"]); // no temporary file left
    undo();
    expect(readdirSync(root)).toEqual([".github"]); // the folder that was there stays
    expect(readdirSync(join(root, ".github"))).toEqual([]);
  });

  it("never overwrites a file that appeared after the caller looked: what it placed is taken away again", () => {
    const root = tempDir("place");
    writeFileSync(join(root, "b.txt"), "theirs\n");
    expect(() => placeFiles(root, { "a/x.txt": "mine\n", "b.txt": "mine\n" })).toThrow(/b\.txt: it already exists; meshkit init never overwrites/);
    expect(readdirSync(root)).toEqual(["b.txt"]);
    expect(readFileSync(join(root, "b.txt"), "utf8")).toBe("theirs\n");
  });

  it("a folder on the way that is a file: named before anything is written", () => {
    const root = tempDir("place");
    writeFileSync(join(root, ".github"), "a file\n");
    expect(blockedPathProblem(root, ".github/workflows/a.yml")).toMatch(/^\.github at the top of .* is not a folder, so \.github\/workflows\/a\.yml cannot be written/);
    expect(blockedPathProblem(root, ".husky/pre-commit")).toBeUndefined();
    expect(() => placeFiles(root, { ".husky/pre-commit": "x\n", ".github/workflows/a.yml": "a\n" })).toThrow(/cannot create/);
    expect(readdirSync(root)).toEqual([".github"]);
  });
});

describe("existingTargetProblem: a target that cannot be made is named before anything is written", () => {
  it("names the file, or the link to nothing, on the way, as the user wrote it; no Node error text", async () => {
    const dir = tempDir("tree");
    writeFileSync(join(dir, "notes"), "a file\n");
    symlinkSync(join(dir, "missing"), join(dir, "dangling"));
    symlinkSync(join(dir, "notes"), join(dir, "to-notes"));
    mkdirSync(join(dir, "real"));
    symlinkSync(join(dir, "real"), join(dir, "to-real"));
    const options = { allowEmptyDir: true };
    expect(existingTargetProblem(join(dir, "notes/sales/x"), "notes/sales/x", options)).toBe("notes/sales/x cannot be created: notes is a file, not a folder; meshkit init never overwrites");
    expect(existingTargetProblem(join(dir, "dangling/sales"), "dangling/sales", options)).toBe(
      `dangling/sales cannot be created: dangling is a symbolic link to ${join(dir, "missing")} (missing), not a folder; meshkit init never overwrites`,
    );
    expect(existingTargetProblem(join(dir, "to-notes/sales"), join(dir, "to-notes/sales"), options)).toMatch(/to-notes is a symbolic link to .*notes \(a file\), not a folder/);
    expect(existingTargetProblem(join(dir, "to-real/a/b"), "to-real/a/b", options)).toBeUndefined();
    expect(existingTargetProblem(join(dir, "new/a/b"), "new/a/b", options)).toBeUndefined();
    // createTree itself, asked anyway, says which file is in the way (not `ENOTDIR: not a directory, mkdir '…'`).
    await expect(createTree(join(dir, "notes/sales"), { "a.txt": "a\n" })).rejects.toThrow(`cannot create ${join(dir, "notes")}: ${join(dir, "notes")} is a file, not a folder (ENOTDIR): choose another path`);
  });
});

describe("createTree's undo", () => {
  it("removes a new target and the folders made on the way to it", async () => {
    const dir = tempDir("tree");
    const undo = await createTree(join(dir, "domains/sales"), { "a.txt": "a\n", "b/c.txt": "c\n" });
    expect(existsSync(join(dir, "domains/sales/b/c.txt"))).toBe(true);
    undo();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("in a kept empty folder, removes only what it moved in", async () => {
    const dir = tempDir("tree");
    mkdirSync(join(dir, "sales"));
    mkdirSync(join(dir, "sales/.git"));
    const undo = await createTree(join(dir, "sales"), { "a.txt": "a\n", "b/c.txt": "c\n" });
    expect(readdirSync(join(dir, "sales")).sort()).toEqual([".git", "a.txt", "b"]);
    undo();
    expect(readdirSync(join(dir, "sales"))).toEqual([".git"]);
  });
});

describe("createTree of a long name", () => {
  it("creates a target whose name is as long as file systems take (255 bytes): its staging folder's name is cut to fit", async () => {
    const dir = tempDir("tree");
    const name = "d".repeat(255);
    // Was an internal error, ENAMETOOLONG: the staging folder's name was the target's and some 22 bytes more.
    await createTree(join(dir, name), { "a.txt": "a\n" });
    expect(readdirSync(dir)).toEqual([name]);
    expect(readFileSync(join(dir, name, "a.txt"), "utf8")).toBe("a\n");
  });
});
