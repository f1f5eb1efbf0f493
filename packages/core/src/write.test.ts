import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "./findings.js";
import { makeDirectory, writeFileAtomic } from "./write.js";

const dir = mkdtempSync(join(tmpdir(), "meshkit-write-"));

describe("writeFileAtomic", () => {
  it("creates folders, replaces the file and leaves no temp file", () => {
    const path = join(dir, "atomic", "deep", "report.json");
    writeFileAtomic(path, "one");
    writeFileAtomic(path, "two");
    expect(readFileSync(path, "utf8")).toBe("two");
    expect(readdirSync(join(dir, "atomic", "deep"))).toEqual(["report.json"]);
  });

  it("reports an unwritable target as a usage error and cleans up", () => {
    const blocked = join(dir, "blocked");
    writeFileAtomic(join(blocked, "file"), "x");
    expect(() => writeFileAtomic(join(blocked, "file", "child.sarif"), "x")).toThrow(UsageError);
    expect(readdirSync(blocked)).toEqual(["file"]);
    expect(existsSync(join(blocked, "file"))).toBe(true);
  });

  it("names the target, not its temp file, when the target is a folder or under a file", () => {
    const folder = join(dir, "a-folder");
    makeDirectory(folder);
    expect(() => writeFileAtomic(folder, "x")).toThrow(`cannot write ${folder}: it is a folder`);
    writeFileAtomic(join(dir, "plain"), "x");
    expect(() => writeFileAtomic(join(dir, "plain", "out.json"), "x")).toThrow(`cannot write ${join(dir, "plain", "out.json")}: a part of its path is a file, not a folder (ENOTDIR)`);
    expect(readdirSync(folder)).toEqual([]);
  });

  it("fails, and returns, for a folder under /proc (Node's recursive mkdir retries there forever)", () => {
    expect(() => writeFileAtomic("/proc/meshkit-nope/results.json", "x")).toThrow(/^cannot write \/proc\/meshkit-nope\/results\.json: ENOENT/);
  });
});

describe("makeDirectory", () => {
  it("makes every missing folder, and leaves existing ones", () => {
    const deep = join(dir, "made", "a", "b");
    makeDirectory(deep);
    makeDirectory(deep);
    expect(readdirSync(join(dir, "made", "a"))).toEqual(["b"]);
  });
});
