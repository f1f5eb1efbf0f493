import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { git as coreGit, gitBytes } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { INDEX_ARGS, STAGED_DIFF_ARGS, gitPathsText, parseIndex, parseStagedDiff, prefetchStaged, shownPath } from "./commands/staged-prefetch.js";
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

  it("keeps file names that are not UTF-8 apart, as asked early and as asked through @meshkit/core", async () => {
    const dir = tempDir("prefetch-bytes");
    git(dir, "init", "-q");
    // Windows-1252 `cafè` and `café`, and a UTF-8 `café`: three files, three paths.
    for (const name of [Buffer.from([0x63, 0x61, 0x66, 0xe8]), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from("café")]) writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), name]), "x: 1\n");
    git(dir, "add", ".");
    const state = await prefetchStaged(dir).state;
    const paths = [...state!.index.keys()];
    expect(new Set(paths).size).toBe(3);
    expect(state?.changes.map((c) => c.path)).toEqual(paths);
    expect(paths.map(shownPath)).toEqual(["café", "caf\\350", "caf\\351"]);
    const top = state!.top;
    expect(parseIndex(gitPathsText(await gitBytes(INDEX_ARGS, top)))).toEqual(state?.index);
    expect(parseStagedDiff(gitPathsText(await gitBytes(STAGED_DIFF_ARGS, top)))).toEqual(state?.changes);
  });

  it("reads the index's files and links of stage 0, not submodules or conflict stages, whatever their names hold", () => {
    const sha1 = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
    const sha256 = "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813";
    const out = [
      `100644 ${sha1} 0\ta.yaml`,
      `100755 ${sha256} 0\tbin/run 0\tx.sh`,
      `120000 ${sha1} 0\tlink 1`,
      `160000 ${sha1} 0\tsub`,
      `100644 ${sha1} 1\tconflict.yaml`,
      `100644 ${sha1} 2\tconflict.yaml`,
      `100644 ${sha1} 0\todd\tname\nwith 0\tbreaks.yaml`,
      "",
    ].join("\0");
    expect([...parseIndex(out)]).toEqual([
      ["a.yaml", { mode: "100644", sha: sha1 }],
      ["bin/run 0\tx.sh", { mode: "100755", sha: sha256 }],
      ["link 1", { mode: "120000", sha: sha1 }],
      ["odd\tname\nwith 0\tbreaks.yaml", { mode: "100644", sha: sha1 }],
    ]);
  });

  it("decodes git's UTF-8 output as UTF-8, and each other byte as a character of its own", () => {
    const text = (...bytes: number[]) => gitPathsText(Buffer.from(bytes));
    // A byte order mark, a character outside the BMP (whose second half is no escaped byte), a truncated sequence, an overlong one.
    expect(text(0xef, 0xbb, 0xbf, 0x61)).toBe("\ufeffa");
    expect(shownPath(text(0xf0, 0x90, 0x80, 0xa0, 0xe8))).toBe("\u{10020}\\350");
    expect(shownPath(text(0x61, 0xe2, 0x82, 0x00, 0xc0, 0xaf))).toBe("a\\342\\202\0\\300\\257");
    expect(text(0xe8)).not.toBe(text(0xe9));
  });

  it("answers undefined outside a repository (the hook then asks git through @meshkit/core, which reports it)", async () => {
    expect(await prefetchStaged(tempDir("no-repo")).state).toBeUndefined();
  });
});
