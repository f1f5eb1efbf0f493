import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError, defaultConfig } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { loadBase } from "./sides.js";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-sides-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
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
    expect(await loadBase("empty", defaultConfig(dir), dir)).toEqual({ side: { label: "empty", documents: [], place: expect.any(Function) }, findings: [] });
    // Compared with nothing, every head document would pass as new.
    await expect(loadBase("broken.yaml", defaultConfig(dir), dir)).rejects.toThrow(/^--base broken\.yaml cannot be read \(4:1 .*\); name the released contract/);
  });
});
