import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { confinedFolder, confinedPath, linkOutOf, linksOutside, writeConfined } from "./confined.js";

function layout() {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-confined-"));
  const root = join(dir, "root");
  mkdirSync(join(root, "real/sub"), { recursive: true });
  mkdirSync(join(dir, "outside"));
  symlinkSync(join(dir, "outside"), join(root, "out"));
  symlinkSync(join(root, "real"), join(root, "in"));
  symlinkSync(join(dir, "nowhere"), join(root, "dangling"));
  return { dir, root, folder: confinedFolder(root, "the test folder") };
}

describe("confined folders", () => {
  it("finds the first folder on the way that is a link leading outside; links inside are followed", () => {
    const { root, folder } = layout();
    expect(linkOutOf(folder, join(root, "real/sub"))).toBeUndefined();
    expect(linkOutOf(folder, join(root, "in/sub"))).toBeUndefined();
    expect(linkOutOf(folder, join(root, "out/deeper/still"))).toBe("out");
    // A link that leads nowhere cannot be shown to stay inside.
    expect(linkOutOf(folder, join(root, "dangling/x"))).toBe("dangling");
    // A folder not there yet ends the walk: the write makes it inside the last one checked.
    expect(linkOutOf(folder, join(root, "new/out"))).toBeUndefined();
    expect(linksOutside(folder, join(root, "out"))).toBe(true);
    expect(linksOutside(folder, join(root, "real"))).toBe(false);
  });

  it("refuses a path outside the folder or through a link out, and writes nothing when one path of several is refused", () => {
    const { dir, root, folder } = layout();
    expect(() => confinedPath(folder, "../escape.json")).toThrow("Refusing to write ../escape.json: it is outside the test folder");
    expect(() => confinedPath(folder, "out/x.json")).toThrow("Refusing to write out/x.json: out is a link that leads outside the test folder");
    expect(() => writeConfined(folder, [{ path: "real/ok.json", text: "1" }, { path: "out/x.json", text: "2" }])).toThrow(/out is a link/);
    expect(() => readFileSync(join(root, "real/ok.json"))).toThrow();
    writeConfined(folder, [{ path: "in/sub/ok.json", text: "3" }]);
    expect(readFileSync(join(root, "real/sub/ok.json"), "utf8")).toBe("3");
    expect(() => readFileSync(join(dir, "outside/x.json"))).toThrow();
  });
});
