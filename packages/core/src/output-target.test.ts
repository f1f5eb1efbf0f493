import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "./findings.js";
import { refuseSharedOutputFile } from "./output-target.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "meshkit-output-target-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("refuseSharedOutputFile", () => {
  it("refuses two outputs that name one file, however each is written, before either exists", () => {
    const refused = (outputs: [string, string][]) => () => refuseSharedOutputFile(outputs, dir);
    expect(refused([["--output", "r.json"], ["--results", "r.json"]])).toThrow(
      new UsageError("--results r.json names the same file as --output: the one written last would replace the other; give each its own file"),
    );
    expect(refused([["--output", "out/r.json"], ["--results", join(dir, "out", "..", "out", "r.json")]])).toThrow(UsageError);
    expect(refused([["--output", "r.json"], ["--markdown", "m.md"], ["--results", "./r.json"]])).toThrow(/--results \.\/r\.json names the same file as --output/);
  });

  it("refuses one file reached through a linked folder or a hard link", () => {
    mkdirSync(join(dir, "real"));
    symlinkSync(join(dir, "real"), join(dir, "link"));
    expect(() => refuseSharedOutputFile([["a", "real/r.json"], ["b", "link/r.json"]], dir)).toThrow(/b link\/r\.json names the same file as a/);
    writeFileSync(join(dir, "real", "x.json"), "{}");
    symlinkSync(join(dir, "real", "x.json"), join(dir, "y.json"));
    expect(() => refuseSharedOutputFile([["a", "real/x.json"], ["b", "y.json"]], dir)).toThrow(UsageError);
    // A folder not made yet under the linked one: the file is one all the same.
    expect(() => refuseSharedOutputFile([["a", "real/new/r.json"], ["b", "link/new/r.json"]], dir)).toThrow(/b link\/new\/r\.json names the same file as a/);
  });

  it("accepts different files, outputs not given, and a device named twice", () => {
    expect(() => refuseSharedOutputFile([["--output", "report.sarif"], ["--results", "results.json"], ["--markdown", ""]], dir)).not.toThrow();
    expect(() => refuseSharedOutputFile([["--output", ""], ["--results", ""]], dir)).not.toThrow();
    expect(() => refuseSharedOutputFile([["--output", "/dev/null"], ["--results", "/dev/null"]], dir)).not.toThrow();
  });
});
