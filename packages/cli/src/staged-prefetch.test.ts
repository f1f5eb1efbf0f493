import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { stagedPaths } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { prefetchStaged } from "./commands/staged-prefetch.js";
import { git, tempDir, writeFiles } from "./test-support.js";

describe("prefetchStaged (the pre-commit hook's early git answers)", () => {
  it("gives the top level and the staged paths as stagedPaths does, from a subfolder and with diff.relative set", async () => {
    const dir = tempDir("prefetch");
    git(dir, "init", "-q");
    git(dir, "config", "diff.relative", "true");
    writeFiles(dir, { "a/orders.odcs.yaml": "kind: DataContract\n", "b/c/items.odcs.yaml": "kind: DataContract\n", "odd name\twith tab.yaml": "x: 1\n" });
    git(dir, "add", ".");
    const sub = join(dir, "a");
    mkdirSync(sub, { recursive: true });
    const prefetch = prefetchStaged(sub);
    const top = await prefetch.top;
    expect(top).toBe(git(dir, "rev-parse", "--show-toplevel").stdout.trim());
    expect(await prefetch.paths).toEqual(await stagedPaths(top!));
    expect(await prefetch.paths).toEqual(["a/orders.odcs.yaml", "b/c/items.odcs.yaml", "odd name\twith tab.yaml"]);
  });

  it("answers undefined outside a repository (the hook then asks git through @meshkit/core, which reports it)", async () => {
    const prefetch = prefetchStaged(tempDir("no-repo"));
    expect(await prefetch.top).toBeUndefined();
    expect(await prefetch.paths).toBeUndefined();
  });
});
