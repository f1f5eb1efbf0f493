import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "./findings.js";
import { besideName, makeDirectory, writeFileAtomic, writeOutputFile } from "./write.js";

const dir = mkdtempSync(join(tmpdir(), "meshkit-write-"));

describe("writeFileAtomic", () => {
  it("creates folders, replaces the file and leaves no temp file", () => {
    const path = join(dir, "atomic", "deep", "report.json");
    writeFileAtomic(path, "one");
    writeFileAtomic(path, "two");
    expect(readFileSync(path, "utf8")).toBe("two");
    expect(readdirSync(join(dir, "atomic", "deep"))).toEqual(["report.json"]);
  });

  it("writes a file whose name is as long as file systems take (255 bytes), its temp file's name cut to fit", () => {
    const folder = mkdtempSync(join(dir, "long-"));
    for (const name of [`${"a".repeat(250)}.json`, `${"客".repeat(83)}.json`, `${"é".repeat(120)}.html`]) {
      writeFileAtomic(join(folder, name), "long");
      expect(readFileSync(join(folder, name), "utf8")).toBe("long");
    }
    expect(readdirSync(folder).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("writes a text given in pieces", () => {
    const path = join(dir, "pieces", "plan.json");
    writeFileAtomic(path, ["{", '"a": ', "1", "}\n"]);
    expect(readFileSync(path, "utf8")).toBe('{"a": 1}\n');
    writeOutputFile(path, (function* () {
      yield "first ";
      yield "second";
    })());
    expect(readFileSync(path, "utf8")).toBe("first second");
  });

  it("replaces a symbolic link, never writing through it (a link cannot lead a write out of a folder meshkit manages)", () => {
    const folder = mkdtempSync(join(dir, "replace-"));
    writeFileSync(join(folder, "outside.json"), "kept");
    symlinkSync("outside.json", join(folder, "index.json"));
    writeFileAtomic(join(folder, "index.json"), "new");
    expect([lstatSync(join(folder, "index.json")).isSymbolicLink(), readFileSync(join(folder, "outside.json"), "utf8")]).toEqual([false, "kept"]);
  });
});

describe("writeOutputFile: a file the user named, written as a shell redirect writes it", () => {
  it("writes through a symbolic link (the link stays), also one to a file not made yet", () => {
    const folder = mkdtempSync(join(dir, "links-"));
    writeFileSync(join(folder, "real.json"), "old");
    symlinkSync("real.json", join(folder, "link.json"));
    writeOutputFile(join(folder, "link.json"), "new");
    expect([lstatSync(join(folder, "link.json")).isSymbolicLink(), readFileSync(join(folder, "real.json"), "utf8")]).toEqual([true, "new"]);
    symlinkSync("later.json", join(folder, "dangling.json"));
    writeOutputFile(join(folder, "dangling.json"), "made");
    expect([lstatSync(join(folder, "dangling.json")).isSymbolicLink(), readFileSync(join(folder, "later.json"), "utf8")]).toEqual([true, "made"]);
    writeOutputFile(join(folder, "plain.json"), "plain");
    expect(readdirSync(folder).sort()).toEqual(["dangling.json", "later.json", "link.json", "plain.json", "real.json"]);
  });

  it("writes to a device or a pipe in place instead of replacing it with a file", () => {
    // /dev/null through a link of our own: the link is followed, the device written to and left a device.
    const folder = mkdtempSync(join(dir, "devices-"));
    symlinkSync("/dev/null", join(folder, "null"));
    writeOutputFile(join(folder, "null"), "discarded");
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(lstatSync(join(folder, "null")).isSymbolicLink()).toBe(true);
    // A named pipe with a reader: what it reads is the report; the pipe is still a pipe.
    const fifo = join(folder, "pipe");
    execFileSync("mkfifo", [fifo]);
    const reader = execFileSync("sh", ["-c", `cat "$1" > "$1.out" 2>/dev/null < /dev/null & echo $!`, "sh", fifo], { encoding: "utf8" });
    writeOutputFile(fifo, "through the pipe");
    execFileSync("sh", ["-c", `while kill -0 ${Number(reader)} 2>/dev/null; do sleep 0.05; done`]);
    expect([statSync(fifo).isFIFO(), readFileSync(`${fifo}.out`, "utf8")]).toEqual([true, "through the pipe"]);
  });

  it("refuses a loop of links in one line (ELOOP), leaving the links", () => {
    const folder = mkdtempSync(join(dir, "loop-"));
    symlinkSync("b", join(folder, "a"));
    symlinkSync("a", join(folder, "b"));
    expect(() => writeOutputFile(join(folder, "a"), "x")).toThrow(new UsageError(`cannot write ${join(folder, "a")}: too many symbolic links, a loop? (ELOOP)`));
    expect(lstatSync(join(folder, "a")).isSymbolicLink()).toBe(true);
  });

  it("names why a special file system refuses a report, not only its error code", () => {
    expect(() => writeOutputFile("/proc/meshkit-report.json", "x")).toThrow(new UsageError("cannot write /proc/meshkit-report.json: it cannot be created there (ENOENT)"));
    expect(() => writeOutputFile("/proc/self/status", "x")).toThrow(new UsageError("cannot write /proc/self/status: that file cannot hold a report (EINVAL: a special file, such as one under /proc)"));
  });

  it("reports a device that refuses the write (ENOSPC) as a usage error", () => {
    expect(() => writeOutputFile("/dev/full", "x")).toThrow(new UsageError("cannot write /dev/full: no space left on the device (ENOSPC)"));
    expect(statSync("/dev/full").isCharacterDevice()).toBe(true);
  });
});

describe("writeFileAtomic, failures", () => {
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
    expect(() => writeFileAtomic(join(dir, "plain", "out.json"), "x")).toThrow(`cannot write ${join(dir, "plain", "out.json")}: ${join(dir, "plain")} is a file, not a folder (ENOTDIR): choose another path`);
    expect(readdirSync(folder)).toEqual([]);
  });

  it("fails, and returns, for a folder under /proc (Node's recursive mkdir retries there forever)", () => {
    expect(() => writeFileAtomic("/proc/meshkit-nope/results.json", "x")).toThrow(/^cannot write \/proc\/meshkit-nope\/results\.json: it cannot be created there \(ENOENT\)/);
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

describe("besideName", () => {
  it("names a file beside another, with its ending, in at most 255 bytes, the other's name cut by whole characters", () => {
    for (const name of ["report.json", "r".repeat(255), "客".repeat(85)]) {
      const beside = besideName(name, "probe");
      expect(Buffer.byteLength(beside)).toBeLessThanOrEqual(255);
      expect(beside).toMatch(new RegExp(`^\\.${name.slice(0, 8)}[^\\uFFFD]*\\.${process.pid}\\.[0-9a-f]{8}\\.probe$`, "u"));
    }
    expect(besideName("report.json", "tmp")).toMatch(/^\.report\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
  });
});
