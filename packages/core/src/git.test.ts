import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { UsageError } from "./findings.js";
import { OVERSIZED_PREVIEW_BYTES, OversizedBlob } from "./source.js";
import {
  git,
  gitTopLevel,
  ignoredPaths,
  isAncestor,
  listTreeFiles,
  mergeBase,
  openBlobReader,
  prePushRanges,
  readBlobs,
  releaseTags,
  remoteTokenEnv,
  resolveCommit,
  stagedBlobs,
  stagedPaths,
} from "./git.js";

const ZERO = "0".repeat(40);
const temps: string[] = [];

beforeAll(() => {
  // Hermetic: no GIT_DIR / GIT_INDEX_FILE from a hook that runs these tests, no user or system config, no husky switch.
  for (const key of Object.keys(process.env)) if (key.startsWith("GIT_") || key === "HUSKY") vi.stubEnv(key, undefined);
  vi.stubEnv("GIT_CONFIG_GLOBAL", "/dev/null");
  vi.stubEnv("GIT_CONFIG_NOSYSTEM", "1");
});

afterAll(() => {
  vi.unstubAllEnvs();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-git-"));
  temps.push(dir);
  return dir;
}

/** Runs git in a test repository (the setup side); returns trimmed stdout, throws on failure. */
function sh(cwd: string, ...args: string[]): string {
  const { HUSKY: _husky, ...env } = process.env;
  const result = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

function repo(): string {
  const dir = tempDir();
  sh(dir, "init", "-q", "-b", "main");
  return dir;
}

function commit(dir: string, files: Record<string, string | Buffer>, message = "change"): string {
  write(dir, files);
  sh(dir, "add", "-A");
  sh(dir, "commit", "-q", "--allow-empty", "-m", message);
  return sh(dir, "rev-parse", "HEAD");
}

async function usageError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  const message = (error as UsageError).message;
  expect(message).not.toContain("\n");
  return message;
}

describe("git, gitTopLevel", () => {
  it("finds the top level from a subdirectory and turns failures into one-line usage errors", async () => {
    const dir = repo();
    write(dir, { "a/b/c.txt": "x" });
    expect(await gitTopLevel(join(dir, "a/b"))).toBe(sh(dir, "rev-parse", "--show-toplevel"));
    const outside = tempDir();
    expect(await usageError(gitTopLevel(outside))).toBe(`${outside} is not in a git repository, and this needs one (git rev-parse): run meshkit in a clone of the repository`);
    expect(await usageError(git(["status"], join(dir, "no-such-dir")))).toMatch(/directory .* does not exist/);
    // Inside .git (or a bare repository, a remote on disk) git finds a repository but no working tree.
    expect(await usageError(gitTopLevel(join(dir, ".git")))).toBe(`${join(dir, ".git")} is a bare repository or a .git folder, with no working tree (git rev-parse): run meshkit in the working tree of a clone`);
  });

  it("masks credentials of remote URLs in messages", async () => {
    const dir = repo();
    // checkout repeats the name it was given in its error, as fetch and clone errors repeat remote URLs.
    const message = await usageError(git(["checkout", "https://user:s3cret-token@example.com/repo.git"], dir));
    expect(message).toBe("git checkout failed: error: pathspec 'https://***@example.com/repo.git' did not match any file(s) known to git");
  });
});

describe("ignoredPaths", () => {
  it("names the paths git add would leave out, with the rule; re-included, tracked and odd names are handled", async () => {
    const dir = repo();
    commit(dir, { "tracked.csv": "a\n" }); // tracked before the rule: not ignored
    commit(dir, { ".gitignore": "*.csv\n!keep.csv\n" });
    write(dir, { "sub folder/.gitignore": "data/\n" });
    const paths = ["sub folder/data/x y.csv", "keep.csv", "tracked.csv", "new.csv", "meshkit.yaml", 'q"uote.csv'];
    const top = await gitTopLevel(dir);
    expect(await ignoredPaths(paths, dir)).toEqual([
      { path: "sub folder/data/x y.csv", source: join(top, "sub folder/.gitignore"), line: 1, pattern: "data/" },
      { path: "new.csv", source: join(top, ".gitignore"), line: 1, pattern: "*.csv" },
      { path: 'q"uote.csv', source: join(top, ".gitignore"), line: 1, pattern: "*.csv" },
    ]);
    // Paths relative to the folder it runs in, the rule's file by its own path; nothing to ask about is no git call.
    const below = await ignoredPaths(["data/y.csv", "z.csv"], join(dir, "sub folder"));
    expect(below).toEqual([
      { path: "data/y.csv", source: join(top, "sub folder/.gitignore"), line: 1, pattern: "data/" },
      { path: "z.csv", source: join(top, ".gitignore"), line: 1, pattern: "*.csv" },
    ]);
    expect(await ignoredPaths([], "/nonexistent")).toEqual([]);
    expect(await usageError(ignoredPaths(["a.csv"], tempDir()))).toContain("is not in a git repository");
  });
});

describe("stagedPaths, stagedBlobs", () => {
  it("reads what is staged, not what is in the working tree", async () => {
    const dir = repo();
    commit(dir, { "contract.yaml": "version: 1.0.0\n", "other.yaml": "a: 1\n" });
    write(dir, { "contract.yaml": "version: 1.1.0\n", "new dir/ünïcode contract.yaml": "new: true\n", "1:x.yaml": "colon\n" });
    sh(dir, "add", "contract.yaml", "new dir/ünïcode contract.yaml", "1:x.yaml");
    write(dir, { "contract.yaml": "version: 9.9.9 (unstaged)\n", "other.yaml": "a: 2 (unstaged)\n" });

    const paths = await stagedPaths(dir);
    expect(paths.sort()).toEqual(["1:x.yaml", "contract.yaml", "new dir/ünïcode contract.yaml"]);
    const blobs = await stagedBlobs(dir, [...paths, "not-staged-anywhere.yaml"]);
    expect(blobs.get("contract.yaml")?.toString()).toBe("version: 1.1.0\n");
    expect(blobs.get("new dir/ünïcode contract.yaml")?.toString()).toBe("new: true\n");
    expect(blobs.get("1:x.yaml")?.toString()).toBe("colon\n");
    expect(blobs.has("not-staged-anywhere.yaml")).toBe(false);
    expect(await stagedBlobs(dir, [])).toEqual(new Map());
  });
});

describe("openBlobReader", () => {
  it("answers several rounds of questions, asked one after another or at once, through one process", async () => {
    const dir = repo();
    const head = commit(dir, { "a.yaml": "a: 1\n", "b.yaml": "b: 2\n", "dir/c.yaml": "c: 3\n" });
    const reader = openBlobReader(dir);
    try {
      const first = await reader.read([`${head}:a.yaml`, "no-such-object", `${head}:dir`]);
      expect([...first]).toEqual([[`${head}:a.yaml`, Buffer.from("a: 1\n")]]);
      const [second, third] = await Promise.all([reader.read([":0:b.yaml"]), reader.read([`${head}:dir/c.yaml`, ":0:missing.yaml"])]);
      expect(second.get(":0:b.yaml")?.toString()).toBe("b: 2\n");
      expect([...third.keys()]).toEqual([`${head}:dir/c.yaml`]);
      expect(await reader.read([])).toEqual(new Map());
    } finally {
      await reader.close();
    }
  });
});

describe("openBlobReader with maxBytes", () => {
  /** What each reader answers: the small blob, not the large one, and the rest as without a limit. */
  async function readWithLimit(dir: string, head: string): Promise<void> {
    const reader = openBlobReader(dir);
    try {
      const names = [`${head}:big.json`, `${head}:small.yaml`, "no-such-object", `${head}:dir`];
      expect([...(await reader.read(names, { maxBytes: 1024 })).keys()]).toEqual([`${head}:small.yaml`]);
      // The process goes on answering after content it passed over.
      expect((await reader.read([`${head}:big.json`, `${head}:small.yaml`])).get(`${head}:big.json`)?.length).toBe(4096);
    } finally {
      await reader.close();
    }
  }

  it("leaves out blobs over the limit, unread (git ≥ 2.36: sizes asked first)", async () => {
    const dir = repo();
    await readWithLimit(dir, commit(dir, { "big.json": "x".repeat(4096), "small.yaml": "a: 1\n", "dir/c.yaml": "c: 3\n" }));
  });

  it("with a git that has no cat-file --batch-command, asks with --batch and passes over the large content", async () => {
    const dir = repo();
    const head = commit(dir, { "big.json": "x".repeat(4096), "small.yaml": "a: 1\n", "dir/c.yaml": "c: 3\n" });
    // A git before 2.36, as far as cat-file goes: it refuses --batch-command as that git does.
    const bin = tempDir();
    const real = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
    writeFileSync(join(bin, "git"), `#!/bin/sh\nfor a in "$@"; do [ "$a" = --batch-command ] && { echo "error: unknown option \\\`batch-command'" >&2; exit 129; }; done\nexec ${real} "$@"\n`, { mode: 0o755 });
    vi.stubEnv("PATH", `${bin}:${process.env.PATH}`);
    try {
      await readWithLimit(dir, head);
    } finally {
      vi.stubEnv("PATH", process.env.PATH!.slice(bin.length + 1));
    }
  });
});

describe("gitTopLevel", () => {
  it("keeps a trailing space of the top folder's name", async () => {
    const dir = join(tempDir(), "sales ");
    mkdirSync(dir);
    sh(dir, "init", "-q");
    expect(await gitTopLevel(dir)).toMatch(/\/sales $/);
  });
});

describe("resolveCommit", () => {
  it("resolves branches, tags, SHAs, HEAD~1 and remote-tracking branches to full SHAs", async () => {
    const dir = repo();
    const first = commit(dir, { "a.txt": "1" }, "release 1.0.0");
    const second = commit(dir, { "a.txt": "2" });
    sh(dir, "tag", "-a", "-m", "release", "v1.0.0", first);
    sh(dir, "update-ref", "refs/remotes/origin/main", first);
    expect(await resolveCommit("main", dir)).toBe(second);
    expect(await resolveCommit("HEAD~1", dir)).toBe(first);
    expect(await resolveCommit("v1.0.0", dir)).toBe(first); // annotated tag peeled to its commit
    expect(await resolveCommit(first.slice(0, 10), dir)).toBe(first);
    expect(await resolveCommit("origin/main", dir)).toBe(first);
    // A message search takes the rest of the argument as its text: no `^{commit}` may follow it.
    expect(await resolveCommit(":/release 1", dir)).toBe(first);
  });

  it("says when a ref does not exist, and refuses refs that could be options", async () => {
    const dir = repo();
    commit(dir, { "a.txt": "1" });
    const tree = sh(dir, "rev-parse", "HEAD^{tree}");
    expect(await usageError(resolveCommit("origin/nope", dir))).toMatch(/^base ref origin\/nope not found: /);
    expect(await usageError(resolveCommit("HEAD~5", dir))).toMatch(/^base ref HEAD~5 not found: /);
    expect(await usageError(resolveCommit(tree, dir))).toBe(`base ref ${tree} names a tree, not a commit: give a branch, tag or commit`);
    expect(await usageError(resolveCommit("--output=/tmp/x", dir))).toMatch(/is not a valid git ref/);
    expect(await usageError(resolveCommit("main\nHEAD", dir))).toMatch(/is not a valid git ref/);
    expect(await usageError(resolveCommit("", dir))).toMatch(/is not a valid git ref/);
  });

  it("refuses a short name that is a tag and a branch at different commits, naming both; the full ref, or both at one commit, is read", async () => {
    const dir = repo();
    commit(dir, { "a.txt": "0" });
    const first = commit(dir, { "a.txt": "1" });
    const second = commit(dir, { "a.txt": "2" });
    sh(dir, "tag", "main", first); // git would read `main` as this tag, not the branch
    const both = `refs/tags/main (${first.slice(0, 12)}), refs/heads/main (${second.slice(0, 12)}) are different commits, and git reads main as refs/tags/main`;
    expect(await usageError(resolveCommit("main", dir))).toBe(`base ref main is ambiguous: ${both}: write the full ref of the one meant`);
    expect(await usageError(resolveCommit("main~1", dir))).toBe(`base ref main~1 is ambiguous: ${both}: write the full ref of the one meant`);
    expect(await resolveCommit("refs/heads/main", dir)).toBe(second);
    expect(await resolveCommit("refs/tags/main", dir)).toBe(first);
    sh(dir, "tag", "-f", "-a", "-m", "release", "main", second); // annotated, at the branch's commit: nothing to choose
    expect(await resolveCommit("main", dir)).toBe(second);
  });

  it("says a repository has no commits yet, for HEAD there", async () => {
    const dir = repo();
    expect(await usageError(resolveCommit("HEAD", dir))).toBe("base ref HEAD names no commit: this repository has no commits yet (commit first, or give --base a released file or folder)");
    // The schema-compat action names its input: a workflow has no --base to pass.
    expect(await usageError(resolveCommit("HEAD", dir, "the base input"))).toMatch(/\(commit first, or give the base input a released file or folder\)$/);
    expect(await usageError(resolveCommit("main", dir))).toMatch(/^base ref main not found: /);
  });

  it("in a shallow clone, says the base is not there and how to fetch it", async () => {
    const origin = repo();
    const shas = [1, 2, 3, 4].map((n) => commit(origin, { "a.txt": String(n) }));
    const parent = tempDir();
    sh(parent, "clone", "-q", "--depth", "1", `file://${origin}`, "shallow");
    const clone = join(parent, "shallow");

    expect(await resolveCommit("HEAD", clone)).toBe(shas[3]);
    const message = await usageError(resolveCommit("HEAD~2", clone));
    expect(message).toMatch(/^base ref HEAD~2 is not in this shallow clone: fetch it with `git fetch --no-tags/);
    expect(message).toContain("fetch-depth: 0");
    const bySha = await usageError(resolveCommit(shas[1]!, clone));
    expect(bySha).toContain(`git fetch --no-tags --depth=1 origin ${shas[1]}`);
    // An abbreviated id cannot be fetched by name (the server wants the full id): the history is fetched instead.
    expect(await usageError(resolveCommit(shas[1]!.slice(0, 8), clone))).toContain("`git fetch --no-tags --unshallow origin`");
    // The advice works, and names the ref as it was given: a plain `fetch origin <name>` would only fill FETCH_HEAD.
    sh(clone, "fetch", "-q", "--no-tags", "--depth=1", "origin", shas[1]!);
    expect(await resolveCommit(shas[1]!, clone)).toBe(shas[1]);
    sh(origin, "tag", "v1.0.0", shas[0]!);
    sh(origin, "tag", "v1", shas[1]!);
    sh(origin, "branch", "release", shas[2]!);
    // A name tells not whether it is a tag or a branch: a tag that looks like no version, a branch that looks like one.
    sh(origin, "tag", "stable", shas[0]!);
    sh(origin, "branch", "hotfix/1.2", shas[1]!);
    sh(origin, "tag", "orders/v2.0.0", shas[2]!);
    for (const [ref, sha] of [
      ["v1.0.0", shas[0]],
      // A release's moving major tag (the actions' @v1) is a tag too.
      ["v1", shas[1]],
      ["origin/release", shas[2]],
      ["stable", shas[0]],
      ["hotfix/1.2", shas[1]],
      ["refs/tags/orders/v2.0.0", shas[2]],
    ] as const) {
      const advice = /`(git fetch [^`]+)`/.exec(await usageError(resolveCommit(ref, clone)))![1]!;
      // Run as the user would paste it: by a shell.
      expect(spawnSync("sh", ["-c", advice], { cwd: clone, encoding: "utf8" }), advice).toMatchObject({ status: 0 });
      expect(await resolveCommit(ref, clone), advice).toBe(sha);
    }
  });
});

describe("listTreeFiles, readBlobs", () => {
  it("lists and reads the files of an older commit, limited to pathspecs", async () => {
    const dir = repo();
    const binary = Buffer.from([0x00, 0xff, 0x0a, 0x0d, 0x0a, 0x00, 0x80, 0x0a]);
    const old = commit(dir, {
      "contracts/orders.yaml": "version: 1.0.0\n",
      "contracts/deep/customers.yaml": "version: 2.0.0\n",
      "contracts/with space ünï 日本.yaml": "name: spaced\n",
      "data/blob.bin": binary,
      "README.md": "readme\n",
    });
    write(dir, { "contracts/orders.yaml": "version: 1.1.0\n" });
    rmSync(join(dir, "README.md"));
    commit(dir, { "contracts/added-later.yaml": "x: 1\n" });

    const all = await listTreeFiles(old, dir);
    expect(all.sort()).toEqual(["README.md", "contracts/deep/customers.yaml", "contracts/orders.yaml", "contracts/with space ünï 日本.yaml", "data/blob.bin"]);
    expect((await listTreeFiles("HEAD", join(dir, "data"), { pathspecs: ["contracts"] })).sort()).toEqual([
      "contracts/added-later.yaml",
      "contracts/deep/customers.yaml",
      "contracts/orders.yaml",
      "contracts/with space ünï 日本.yaml",
    ]);
    expect(await listTreeFiles(old, dir, { pathspecs: ["contracts/deep", "README.md"] })).toEqual(["README.md", "contracts/deep/customers.yaml"]);
    expect(await listTreeFiles(old, dir, { pathspecs: ["nothing-here"] })).toEqual([]);

    const blobs = await readBlobs(old, [...all, "contracts/added-later.yaml", "missing.yaml", "contracts"], join(dir, "contracts"));
    expect(blobs.get("contracts/orders.yaml")?.toString()).toBe("version: 1.0.0\n"); // the old content
    expect(blobs.get("README.md")?.toString()).toBe("readme\n"); // deleted since
    expect(blobs.get("contracts/with space ünï 日本.yaml")?.toString()).toBe("name: spaced\n");
    expect((blobs.get("data/blob.bin") as Buffer).equals(binary)).toBe(true);
    expect(blobs.has("contracts/added-later.yaml")).toBe(false); // not there yet
    expect(blobs.has("missing.yaml")).toBe(false);
    expect(blobs.has("contracts")).toBe(false); // a directory, not a file
    expect([...blobs.keys()].sort()).toEqual(all.sort());
  });

  it("reads large blobs intact and skips paths the batch protocol cannot carry", async () => {
    const dir = repo();
    const large = Buffer.alloc(3 * 1024 * 1024 + 17, "ab\ncd\0");
    const head = commit(dir, { "large.bin": large, "line\nbreak.yaml": "nl\n", "cr\r": "cr\n", "ok.yaml": "ok\n" });
    const files = await listTreeFiles(head, dir);
    expect(files.sort()).toEqual(["cr\r", "large.bin", "line\nbreak.yaml", "ok.yaml"]);
    const blobs = await readBlobs(head, files, dir);
    expect([...blobs.keys()].sort()).toEqual(["large.bin", "ok.yaml"]);
    expect((blobs.get("large.bin") as Buffer).equals(large)).toBe(true);
    // Over the limit: its size and first bytes, the rest streamed past (memory stays bounded).
    const cut = await readBlobs(head, files, dir, 1024 * 1024);
    expect(cut.get("large.bin")).toEqual(new OversizedBlob(large.length, large.subarray(0, OVERSIZED_PREVIEW_BYTES)));
    expect(cut.get("ok.yaml")).toEqual(Buffer.from("ok\n"));
  });

  it("leaves submodules out of the listing and refuses a commit that does not exist", async () => {
    const dir = repo();
    const head = commit(dir, { "a.yaml": "a\n" });
    sh(dir, "update-index", "--add", "--cacheinfo", `160000,${head},vendored`);
    sh(dir, "commit", "-q", "-m", "gitlink");
    expect(await listTreeFiles("HEAD", dir)).toEqual(["a.yaml"]);
    expect(await usageError(listTreeFiles("f".repeat(40), dir))).toMatch(/^commit f{40} not found/);
    expect(await usageError(readBlobs("nope", ["a.yaml"], dir))).toMatch(/^commit nope not found/);
  });
});

describe("releaseTags", () => {
  it("finds annotated and lightweight v<semver> tags (and <semver> ones, without the v), peeled and sorted by semver", async () => {
    const dir = repo();
    const c1 = commit(dir, { "a.txt": "1" });
    const c2 = commit(dir, { "a.txt": "2" });
    const c3 = commit(dir, { "a.txt": "3" });
    sh(dir, "tag", "v1.10.0", c3); // lightweight
    sh(dir, "tag", "-a", "-m", "r", "v1.2.0", c1); // annotated
    sh(dir, "tag", "-a", "-m", "r", "v1.9.0-rc.1", c2);
    sh(dir, "tag", "v1.9.0", c2);
    sh(dir, "tag", "-a", "-m", "nested", "v2.0.0", "v1.2.0"); // a tag of a tag
    sh(dir, "tag", "1.0.0", c1); // semver's FAQ: the `v` is only a common way to mark a version
    for (const other of ["v1.2", "1.2", "vv3.0.0", "v01.0.0", "01.0.0", "latest", "customer_360/v5.0.0", "customer_360/5.1.0"]) sh(dir, "tag", other, c1);
    const tree = sh(dir, "rev-parse", "HEAD^{tree}");
    sh(dir, "tag", "v9.0.0", tree); // not a commit

    expect(await releaseTags(dir)).toEqual([
      { tag: "1.0.0", commit: c1, version: "1.0.0" },
      { tag: "v1.2.0", commit: c1, version: "1.2.0" },
      { tag: "v1.9.0-rc.1", commit: c2, version: "1.9.0-rc.1" },
      { tag: "v1.9.0", commit: c2, version: "1.9.0" },
      { tag: "v1.10.0", commit: c3, version: "1.10.0" },
      { tag: "v2.0.0", commit: c1, version: "2.0.0" },
    ]);
  });

  it("with a prefix, finds only that product's tags", async () => {
    const dir = repo();
    const c1 = commit(dir, { "a.txt": "1" });
    const c2 = commit(dir, { "a.txt": "2" });
    sh(dir, "tag", "-a", "-m", "r", "customer_360/v1.10.0", c2);
    sh(dir, "tag", "customer_360/v1.2.0", c1);
    sh(dir, "tag", "customer_360/1.3.0", c1);
    sh(dir, "tag", "customer_360/vnext", c1);
    sh(dir, "tag", "orders/v3.0.0", c2);
    sh(dir, "tag", "v4.0.0", c2);
    expect(await releaseTags(dir, { prefix: "customer_360/" })).toEqual([
      { tag: "customer_360/v1.2.0", commit: c1, version: "1.2.0" },
      { tag: "customer_360/1.3.0", commit: c1, version: "1.3.0" },
      { tag: "customer_360/v1.10.0", commit: c2, version: "1.10.0" },
    ]);
    expect((await releaseTags(dir)).map((t) => t.tag)).toEqual(["v4.0.0"]);
    expect(await releaseTags(repo())).toEqual([]);
  });

  it("with several prefixes, finds the tags of each (v<semver> itself for the empty one)", async () => {
    const dir = repo();
    const c1 = commit(dir, { "a.txt": "1" });
    sh(dir, "tag", "customer_360/v1.2.0", c1);
    sh(dir, "tag", "orders/v3.0.0", c1);
    sh(dir, "tag", "v4.0.0", c1);
    sh(dir, "tag", "v1/v0.1.0", c1); // a product whose id is v1: its prefix, not `v` followed by `1/v0.1.0`
    expect((await releaseTags(dir, { prefixes: ["", "customer_360/", "v1/"] })).map((t) => [t.tag, t.version])).toEqual([
      ["v1/v0.1.0", "0.1.0"],
      ["customer_360/v1.2.0", "1.2.0"],
      ["v4.0.0", "4.0.0"],
    ]);
  });
});

describe("remoteTokenEnv", () => {
  /** The git configuration an environment carries (GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n). */
  const configOf = (env: NodeJS.ProcessEnv) =>
    Array.from({ length: Number(env.GIT_CONFIG_COUNT ?? 0) }, (_, i) => [env[`GIT_CONFIG_KEY_${i}`], env[`GIT_CONFIG_VALUE_${i}`]]);

  it("gives up a transfer that receives nothing for a minute, with a token and without one", async () => {
    // A remote that takes the connection and sends nothing held the fetch of the base, or the push of the tags, forever.
    const dir = repo();
    sh(dir, "remote", "add", "origin", "https://example.com/acme/domain.git");
    for (const token of [undefined, "ghs_token"]) {
      const config = configOf(await remoteTokenEnv("origin", dir, token, "push"));
      expect(config).toEqual(expect.arrayContaining([["http.lowSpeedLimit", "1"], ["http.lowSpeedTime", "60"]]));
      expect(config.some(([key]) => key?.endsWith(".extraHeader"))).toBe(token !== undefined);
    }
  });
});

describe("mergeBase, isAncestor", () => {
  it("finds the fork point of two branches and answers ancestry", async () => {
    const dir = repo();
    const base = commit(dir, { "a.txt": "1" });
    const main2 = commit(dir, { "a.txt": "2" });
    sh(dir, "checkout", "-q", "-b", "feature", base);
    const feature = commit(dir, { "b.txt": "1" });

    expect(await mergeBase("main", "feature", dir)).toBe(base);
    expect(await mergeBase(main2, feature, dir)).toBe(base);
    expect(await isAncestor(base, "feature", dir)).toBe(true);
    expect(await isAncestor("main", "feature", dir)).toBe(false);
    expect(await isAncestor("feature", "feature", dir)).toBe(true);

    sh(dir, "checkout", "-q", "--orphan", "unrelated");
    const orphan = commit(dir, { "c.txt": "1" });
    expect(await mergeBase(orphan, "main", dir)).toBeUndefined();
    expect(await isAncestor(orphan, "main", dir)).toBe(false);
    expect(await usageError(mergeBase("main", "no-such-branch", dir))).toMatch(/^commit no-such-branch not found/);
  });
});

describe("prePushRanges", () => {
  /** A remote with main and dev, and a clone of it: what a developer pushes from. */
  function cloneWithRemote(): { origin: string; clone: string; mainTip: string; devTip: string } {
    const origin = repo();
    const root = commit(origin, { "a.txt": "1" });
    const mainTip = commit(origin, { "a.txt": "2" });
    sh(origin, "checkout", "-q", "-b", "dev", root);
    const devTip = commit(origin, { "d.txt": "dev" });
    sh(origin, "checkout", "-q", "main");
    const parent = tempDir();
    sh(parent, "clone", "-q", `file://${origin}`, "clone");
    return { origin, clone: join(parent, "clone"), mainTip, devTip };
  }

  it("gives the remote sha for an update, and skips deletions", async () => {
    const { clone, mainTip } = cloneWithRemote();
    const local = commit(clone, { "a.txt": "3" });
    const stdin = [`refs/heads/main ${local} refs/heads/main ${mainTip}`, `(delete) ${ZERO} refs/heads/old ${mainTip}`, ""].join("\n");
    expect(await prePushRanges(stdin, clone)).toEqual([{ localRef: "refs/heads/main", localSha: local, remoteRef: "refs/heads/main", remoteSha: mainTip }]);
    expect(await prePushRanges("", clone)).toEqual([]);
  });

  it("skips tags of a blob or a tree: they name no commit to compare (git push --tags is not refused for them)", async () => {
    const { clone, mainTip } = cloneWithRemote();
    const local = commit(clone, { "a.txt": "3" });
    const blob = sh(clone, "rev-parse", "HEAD:a.txt").trim();
    sh(clone, "tag", "-a", "-m", "the tree", "tree-tag", "HEAD^{tree}");
    const treeTag = sh(clone, "rev-parse", "tree-tag").trim();
    const stdin = [`refs/tags/key ${blob} refs/tags/key ${ZERO}`, `refs/tags/tree-tag ${treeTag} refs/tags/tree-tag ${ZERO}`, `refs/heads/main ${local} refs/heads/main ${mainTip}`, ""].join("\n");
    expect(await prePushRanges(stdin, clone)).toEqual([{ localRef: "refs/heads/main", localSha: local, remoteRef: "refs/heads/main", remoteSha: mainTip }]);
  });

  it("for a new branch, uses the merge-base with its upstream, else with origin/HEAD, else none", async () => {
    const { clone, mainTip, devTip } = cloneWithRemote();
    sh(clone, "checkout", "-q", "-b", "feature", "--track", "origin/dev");
    const onDev = commit(clone, { "f.txt": "1" });
    sh(clone, "checkout", "-q", "-b", "topic", "main");
    const onMain = commit(clone, { "t.txt": "1" });

    const stdin = `refs/heads/feature ${onDev} refs/heads/feature ${ZERO}\nHEAD ${onMain} refs/heads/topic ${ZERO}\r\n`;
    expect(await prePushRanges(stdin, clone)).toEqual([
      { localRef: "refs/heads/feature", localSha: onDev, remoteRef: "refs/heads/feature", remoteSha: devTip },
      { localRef: "HEAD", localSha: onMain, remoteRef: "refs/heads/topic", remoteSha: mainTip },
    ]);

    // No upstream and no such remote: nothing to compare with.
    expect(await prePushRanges(`refs/heads/topic ${onMain} refs/heads/topic ${ZERO}\n`, clone, { remote: "elsewhere" })).toEqual([
      { localRef: "refs/heads/topic", localSha: onMain, remoteRef: "refs/heads/topic", remoteSha: undefined },
    ]);
    const lone = repo();
    const sha = commit(lone, { "a.txt": "1" });
    expect(await prePushRanges(`refs/heads/main ${sha} refs/heads/main ${ZERO}\n`, lone)).toEqual([
      { localRef: "refs/heads/main", localSha: sha, remoteRef: "refs/heads/main", remoteSha: undefined },
    ]);
  });

  it("for a branch the remote has besides its default one, uses where it left the branch it goes into, not its last push", async () => {
    const { clone, mainTip, devTip } = cloneWithRemote();
    // `push -u` makes origin/topic the upstream: comparing with it would call an unmerged 3.0.0 a release.
    sh(clone, "checkout", "-q", "-b", "topic", "main");
    const pushed = commit(clone, { "t.txt": "1" });
    sh(clone, "push", "-q", "-u", "origin", "topic");
    const next = commit(clone, { "t.txt": "2" });
    expect(await prePushRanges(`refs/heads/topic ${next} refs/heads/topic ${pushed}\n`, clone)).toEqual([
      { localRef: "refs/heads/topic", localSha: next, remoteRef: "refs/heads/topic", remoteSha: mainTip },
    ]);
    // A branch that tracks another one (its pull request goes into dev): where it left dev.
    sh(clone, "checkout", "-q", "-b", "feature", "--track", "origin/dev");
    const onDev = commit(clone, { "f.txt": "1" });
    sh(clone, "push", "-q", "origin", "feature");
    const nextOnDev = commit(clone, { "f.txt": "2" });
    expect(await prePushRanges(`refs/heads/feature ${nextOnDev} refs/heads/feature ${onDev}\n`, clone)).toEqual([
      { localRef: "refs/heads/feature", localSha: nextOnDev, remoteRef: "refs/heads/feature", remoteSha: devTip },
    ]);
  });

  it("tells a branch from the default one when <remote>/HEAD still names a pruned branch (default renamed master → main)", async () => {
    const { clone, mainTip } = cloneWithRemote();
    // What `git fetch --prune` leaves after the remote's default branch was renamed: origin/HEAD names nothing.
    sh(clone, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/master");
    sh(clone, "checkout", "-q", "-b", "topic", "main");
    const pushed = commit(clone, { "t.txt": "1" });
    sh(clone, "push", "-q", "-u", "origin", "topic");
    const next = commit(clone, { "t.txt": "2" });
    expect(await prePushRanges(`refs/heads/topic ${next} refs/heads/topic ${pushed}\n`, clone)).toEqual([
      { localRef: "refs/heads/topic", localSha: next, remoteRef: "refs/heads/topic", remoteSha: mainTip },
    ]);
  });

  it("when the clone knows no default branch of the remote (neither HEAD, main nor master), compares a branch with its upstream, else says so", async () => {
    const origin = repo();
    sh(origin, "checkout", "-q", "-b", "trunk");
    const trunkTip = commit(origin, { "a.txt": "1" });
    const clone = tempDir();
    sh(clone, "init", "-q", "-b", "trunk");
    sh(clone, "remote", "add", "origin", `file://${origin}`);
    sh(clone, "fetch", "-q", "origin");
    // Whatever the machine's own setting: a name the remote does not have.
    sh(clone, "config", "init.defaultBranch", "main");
    sh(clone, "checkout", "-q", "-b", "feature", "--track", "origin/trunk");
    const pushed = commit(clone, { "f.txt": "1" });
    sh(clone, "push", "-q", "origin", "feature");
    const next = commit(clone, { "f.txt": "2" });
    // Its upstream is trunk, another branch: where it left trunk, not its own last push.
    expect(await prePushRanges(`refs/heads/feature ${next} refs/heads/feature ${pushed}\n`, clone)).toEqual([
      { localRef: "refs/heads/feature", localSha: next, remoteRef: "refs/heads/feature", remoteSha: trunkTip },
    ]);
    // `push -u` made its own remote branch the upstream: nothing tells whether it is the default branch.
    sh(clone, "branch", "-q", "--set-upstream-to", "origin/feature");
    const [range] = await prePushRanges(`refs/heads/feature ${next} refs/heads/feature ${pushed}\n`, clone);
    expect(range).toEqual({ localRef: "refs/heads/feature", localSha: next, remoteRef: "refs/heads/feature", remoteSha: pushed, note: expect.stringContaining("origin's default branch is not known here (no origin/HEAD, main or master; init.defaultBranch is main): feature is compared with its last push") });
    expect(range!.note).toContain("git remote set-head origin --auto");
    // The note names every branch looked for, init.defaultBranch's too, and says when that setting is not there.
    sh(clone, "config", "init.defaultBranch", "develop");
    const [developNote] = await prePushRanges(`refs/heads/feature ${next} refs/heads/feature ${pushed}\n`, clone);
    expect(developNote!.note).toContain("(no origin/HEAD, main, master or develop; init.defaultBranch is develop)");
    sh(clone, "config", "--unset", "init.defaultBranch");
    const [unsetNote] = await prePushRanges(`refs/heads/feature ${next} refs/heads/feature ${pushed}\n`, clone);
    expect(unsetNote!.note).toContain("(no origin/HEAD, main or master, and no init.defaultBranch)");
    // init.defaultBranch names it: a branch other than trunk is compared with where it left trunk.
    sh(clone, "config", "init.defaultBranch", "trunk");
    expect(await prePushRanges(`refs/heads/feature ${next} refs/heads/feature ${pushed}\n`, clone)).toEqual([
      { localRef: "refs/heads/feature", localSha: next, remoteRef: "refs/heads/feature", remoteSha: trunkTip },
    ]);
  });

  it("for a new branch when the clone knows no default branch of the remote, says how to let it tell (none on a first push)", async () => {
    const origin = repo();
    sh(origin, "checkout", "-q", "-b", "trunk");
    commit(origin, { "a.txt": "1" });
    const clone = tempDir();
    sh(clone, "init", "-q", "-b", "trunk");
    sh(clone, "config", "init.defaultBranch", "main");
    sh(clone, "remote", "add", "origin", `file://${origin}`);
    // The remote has no branch this clone knows of yet: nothing to name as its default.
    const first = commit(clone, { "f.txt": "1" });
    expect(await prePushRanges(`refs/heads/trunk ${first} refs/heads/trunk ${ZERO}\n`, clone)).toEqual([
      { localRef: "refs/heads/trunk", localSha: first, remoteRef: "refs/heads/trunk", remoteSha: undefined },
    ]);
    sh(clone, "fetch", "-q", "origin");
    sh(clone, "checkout", "-q", "-b", "feature", "origin/trunk");
    sh(clone, "branch", "-q", "--unset-upstream");
    const next = commit(clone, { "f.txt": "2" });
    const [range] = await prePushRanges(`refs/heads/feature ${next} refs/heads/feature ${ZERO}\n`, clone);
    expect(range).toEqual({ localRef: "refs/heads/feature", localSha: next, remoteRef: "refs/heads/feature", remoteSha: undefined, note: expect.stringContaining("origin's default branch is not known here (no origin/HEAD, main or master; init.defaultBranch is main)") });
    expect(range!.note).toContain("run `git remote set-head origin --auto` so that a new branch is compared with where it left the default one");
  });

  it("falls back to the upstream when the remote has a commit this clone does not, and rejects malformed lines", async () => {
    const { clone, mainTip } = cloneWithRemote();
    const local = commit(clone, { "a.txt": "local" });
    const unknown = "e".repeat(40);
    expect(await prePushRanges(`refs/heads/main ${local} refs/heads/main ${unknown}\n`, clone)).toEqual([
      { localRef: "refs/heads/main", localSha: local, remoteRef: "refs/heads/main", remoteSha: mainTip },
    ]);
    expect(await usageError(prePushRanges("refs/heads/main abc refs/heads/main def\n", clone))).toMatch(/^pre-push: line 1 is not /);
    expect(await usageError(prePushRanges(`refs/heads/main ${local}\n`, clone))).toMatch(/^pre-push: line 1 is not /);
  });
});
