import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { git as coreGit } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { INDEX_ARGS, STAGED_DIFF_ARGS, parseIndex, parseStagedDiff, prefetchStaged } from "./commands/staged-prefetch.js";
import { git, tempDir, writeFiles } from "./test-support.js";

describe("prefetchStaged (the pre-commit hook's early git answers)", () => {
  it("gives the top level, the staged changes and the index as git asked directly does, from a subfolder and with diff.relative set", async () => {
    const dir = tempDir("prefetch");
    git(dir, "init", "-q");
    git(dir, "config", "diff.relative", "true");
    writeFiles(dir, { "gone.yaml": "x: 1\n", ":colon.yaml": "x: 1\n" });
    git(dir, "add", ".");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "base");
    writeFiles(dir, { "a/orders.odcs.yaml": "kind: DataContract\n", "b/c/items.odcs.yaml": "kind: DataContract\n", "odd name\twith tab.yaml": "x: 1\n", ":colon.yaml": "x: 2\n" });
    symlinkSync("a/orders.odcs.yaml", join(dir, "link.yaml"));
    git(dir, "add", ".");
    git(dir, "rm", "-q", "--cached", "gone.yaml");
    const sub = join(dir, "a");
    mkdirSync(sub, { recursive: true });
    const state = await prefetchStaged(sub).state;
    const top = git(dir, "rev-parse", "--show-toplevel").stdout.trim();
    expect(state?.top).toBe(top);
    expect(state?.changes).toEqual(parseStagedDiff(await coreGit(STAGED_DIFF_ARGS, top)));
    expect(state?.index).toEqual(parseIndex(await coreGit(INDEX_ARGS, top)));
    expect(state?.changes.map((c) => [c.status, c.path, c.mode])).toEqual([
      ["M", ":colon.yaml", "100644"],
      ["A", "a/orders.odcs.yaml", "100644"],
      ["A", "b/c/items.odcs.yaml", "100644"],
      ["D", "gone.yaml", "000000"],
      ["A", "link.yaml", "120000"],
      ["A", "odd name\twith tab.yaml", "100644"],
    ]);
    expect([...state!.index.keys()]).toEqual([":colon.yaml", "a/orders.odcs.yaml", "b/c/items.odcs.yaml", "link.yaml", "odd name\twith tab.yaml"]);
    expect(state?.index.get("link.yaml")?.mode).toBe("120000");
  });

  it("answers undefined outside a repository (the hook then asks git through @meshkit/core, which reports it)", async () => {
    expect(await prefetchStaged(tempDir("no-repo")).state).toBeUndefined();
  });
});
