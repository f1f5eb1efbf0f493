/**
 * scripts/release.mjs in a scratch repository built from this working tree (tracked and new files, no
 * build output), with a scratch bare repository as its remote: the release commit holds every action's
 * bundle and sits on no branch, vX.Y.Z is immutable, vX moves forward only, a dry run pushes nothing.
 *
 * The bundles come from this checkout's build (`--prebuilt`; `npm test` builds first) instead of a second
 * build here: the build is deterministic, which .github/workflows/ci.yml proves on every run with
 * scripts/check-bundles.mjs (a build, a rebuild without cache, compared byte for byte).
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../packages/cli/src/test-support.js";
import { type NpmRegistryServer, startNpmRegistry } from "./npm-registry-server.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const ACTIONS = readdirSync(join(REPO, "actions")).filter((name) => existsSync(join(REPO, "actions", name, "action.yml"))).sort();

const IDENTITY = { GIT_AUTHOR_NAME: "release test", GIT_AUTHOR_EMAIL: "release@example.com", GIT_COMMITTER_NAME: "release test", GIT_COMMITTER_EMAIL: "release@example.com" };

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Run {
  // No inherited git or hook settings: the scratch repository stands alone.
  const { GIT_DIR: _d, GIT_INDEX_FILE: _i, GIT_WORK_TREE: _w, HUSKY: _h, ...env } = process.env;
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...env, ...IDENTITY, ...extraEnv }, maxBuffer: 256 * 1024 * 1024, timeout: 180_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `run` without blocking this process: the tests' npm registry answers from it, and a spawnSync would
 * leave npm waiting on a server that cannot reply.
 */
function runAsync(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  const { GIT_DIR: _d, GIT_INDEX_FILE: _i, GIT_WORK_TREE: _w, HUSKY: _h, ...env } = process.env;
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...env, ...IDENTITY, ...extraEnv }, timeout: 240_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", fail);
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

function git(cwd: string, ...args: string[]): string {
  const result = run("git", args, cwd);
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

function release(cwd: string, ...args: string[]): Run {
  return run(process.execPath, ["scripts/release.mjs", "--prebuilt", REPO, ...args], cwd);
}

/** A release that talks to the tests' npm registry (in this process: not blocked while it runs). */
function releaseToRegistry(cwd: string, ...args: string[]): Promise<Run> {
  // npm retries a registry's 5xx for a minute; the failure test wants the first answer.
  return runAsync(process.execPath, ["scripts/release.mjs", "--prebuilt", REPO, ...args], cwd, { NODE_AUTH_TOKEN: REGISTRY_TOKEN, npm_config_fetch_retries: "0" });
}

const REGISTRY_TOKEN = "npm_release-test-token";

function versions(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const top of ["packages", "actions"]) {
    for (const name of readdirSync(join(dir, top))) {
      const file = join(dir, top, name, "package.json");
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, "utf8")) as { name: string; version: string };
        found[pkg.name] = pkg.version;
      }
    }
  }
  return found;
}

function setVersion(dir: string, version: string, only?: string): void {
  for (const top of ["packages", "actions"]) {
    for (const name of readdirSync(join(dir, top))) {
      const file = join(dir, top, name, "package.json");
      if (!existsSync(file) || (only && `${top}/${name}` !== only)) continue;
      writeFileSync(file, readFileSync(file, "utf8").replace(/"version": "[^"]+"/, `"version": "${version}"`));
    }
  }
}

let scratch: string;
let work: string;
let remote: string;

beforeAll(() => {
  for (const name of ACTIONS) {
    if (!existsSync(join(REPO, "actions", name, "dist/index.js"))) throw new Error(`actions/${name}/dist/index.js is missing: run npm run build (npm test does it first)`);
  }
  const dir = (scratch = tempDir("release"));
  work = join(dir, "work");
  remote = join(dir, "remote.git");
  // The working tree as it would be committed: tracked and new files, nothing git-ignored (no dist/).
  const files = run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO).stdout.split("\0").filter(Boolean);
  for (const file of files) {
    const source = join(REPO, file);
    if (!existsSync(source) || !statSync(source).isFile()) continue; // deleted in the working tree
    mkdirSync(dirname(join(work, file)), { recursive: true });
    copyFileSync(source, join(work, file));
  }
  // The tests write their own changesets: the working tree's pending ones (e.g. a major) would change the bumps.
  for (const file of readdirSync(join(work, ".changeset"))) if (file.endsWith(".md") && file !== "README.md") rmSync(join(work, ".changeset", file));
  // changeset version resolves its changelog generator from here (git-ignored, like on a real checkout).
  symlinkSync(join(REPO, "node_modules"), join(work, "node_modules"), "dir");
  git(work, "init", "-q", "-b", "main");
  // 150 MB of bundles (two with DuckDB's native library): store and send them without compression or
  // delta search, which would only make this test slow.
  for (const [key, value] of [["core.compression", "0"], ["core.bigFileThreshold", "1m"], ["pack.window", "0"]] as const) git(work, "config", key, value);
  git(work, "add", "-A");
  git(work, "commit", "-q", "-m", "main");
  git(dir, "init", "-q", "--bare", remote);
  git(work, "remote", "add", "origin", remote);
  git(work, "push", "-q", "origin", "main");
}, 180_000);

// Some 500 MB of bundles and objects: never left behind.
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("scripts/release.mjs", () => {
  it("dry run: vX.Y.Z and vX on a release commit holding every bundle; main untouched; nothing pushed", () => {
    const version = versions(work)["@meshkit/cli"]!;
    const [tag, major] = [`v${version}`, `v${version.split(".")[0]}`];
    const main = git(work, "rev-parse", "main");
    const result = release(work, "--dry-run");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`release: dry run: nothing pushed`);

    const commit = git(work, "rev-parse", `${tag}^{commit}`);
    expect(git(work, "rev-parse", `${major}^{commit}`)).toBe(commit);
    expect(git(work, "cat-file", "-t", tag)).toBe("tag"); // annotated
    expect(git(work, "rev-parse", `${commit}^`)).toBe(main); // on top of main, but not on it
    expect(git(work, "rev-parse", "main")).toBe(main);
    expect(git(work, "symbolic-ref", "HEAD")).toBe("refs/heads/main");
    expect(git(work, "branch", "--contains", commit)).toBe("");
    expect(git(work, "status", "--porcelain", "--untracked-files=no")).toBe("");

    const released = git(work, "ls-tree", "-r", "--name-only", commit, "--", "actions").split("\n");
    for (const name of ACTIONS) {
      expect(released).toContain(`actions/${name}/dist/index.js`);
      // Byte for byte the build of this checkout (a fresh build: npm test builds first).
      const blob = spawnSync("git", ["cat-file", "blob", `${commit}:actions/${name}/dist/index.js`], { cwd: work, maxBuffer: 64 * 1024 * 1024 }).stdout;
      expect(Buffer.compare(blob, readFileSync(join(REPO, "actions", name, "dist/index.js"))), name).toBe(0);
    }
    expect(git(work, "ls-tree", "-r", "--name-only", "main", "--", "actions").split("\n").filter((f) => f.includes("/dist/"))).toEqual([]);
    // Only the bundles were added to main's tree, and the reusable workflow calls this release's actions.
    const added = git(work, "diff", "--name-only", main, commit).split("\n");
    expect(added.filter((f) => !/^actions\/[^/]+\/dist\//.test(f))).toEqual([".github/workflows/data-product.yml"]);
    // A caller that pins the workflow (data-product.yml@vX.Y.Z, or this commit's SHA) runs exactly this
    // release's actions, not whatever the moving vX names when it runs.
    const onMain = git(work, "show", `${main}:.github/workflows/data-product.yml`);
    const releasedWorkflow = git(work, "show", `${commit}:.github/workflows/data-product.yml`);
    const calls = (text: string): string[] => [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+\/actions\/[\w-]+@\S+)/gm)].map((m) => m[1]!);
    expect(calls(onMain).length).toBeGreaterThan(0);
    expect(calls(releasedWorkflow)).toEqual(calls(onMain).map((uses) => uses.replace(/@v\d+$/, `@${tag}`)));
    expect(releasedWorkflow.replace(/(\/actions\/[\w-]+)@\S+/g, "$1@X")).toBe(onMain.replace(/(\/actions\/[\w-]+)@\S+/g, "$1@X"));
    expect(git(work, "ls-remote", "--tags", "origin")).toBe("");

    // check-bundles' audit mode agrees: the bundles here are the ones in the tag.
    const audit = run(process.execPath, ["scripts/check-bundles.mjs", "--against", tag, "--no-build"], work);
    expect(audit.stdout).toMatch(/this checkout's bundles is identical to v/);
    expect(audit.status).toBe(0);
  }, 120_000);

  it("leaves out of the release the .build-<pid> folder of a bundle build under way (or interrupted)", () => {
    // Its own clone and a prebuilt checkout holding only the bundles' entry files, plus a build in progress.
    const clone = join(scratch, "clone-build-in-progress");
    git(scratch, "clone", "-q", "--no-tags", work, clone);
    const prebuilt = join(scratch, "prebuilt-build-in-progress");
    for (const name of ACTIONS) {
      mkdirSync(join(prebuilt, "actions", name, "dist"), { recursive: true });
      copyFileSync(join(REPO, "actions", name, "dist/index.js"), join(prebuilt, "actions", name, "dist/index.js"));
    }
    mkdirSync(join(prebuilt, "actions", ACTIONS[0]!, "dist/.build-4242"));
    writeFileSync(join(prebuilt, "actions", ACTIONS[0]!, "dist/.build-4242/index.js"), "// half written\n");
    const result = run(process.execPath, ["scripts/release.mjs", "--prebuilt", prebuilt, "--dry-run", "--remote", remote], clone);
    expect(result.status, result.stderr).toBe(0);
    const released = git(clone, "ls-tree", "-r", "--name-only", `v${versions(clone)["@meshkit/cli"]}^{commit}`, "--", "actions");
    expect(released).toContain(`actions/${ACTIONS[0]}/dist/index.js`);
    expect(released).not.toContain(".build-");
  }, 120_000);

  it.each([
    ["as actions/checkout sets it", "clone-fork", "https://github.com/acme/meshkit.git"],
    // Was taken for no GitHub repository: the workflows named upstream's actions at the fork's tag.
    ["by a host alias of ~/.ssh/config (no user in it)", "clone-fork-alias", "github-acme:acme/meshkit.git"],
  ])("a fork's release names the fork's actions in its workflows, its origin written %s: a domain pinned to the fork's vX.Y.Z runs the fork's code", (_, name, origin) => {
    const clone = join(scratch, name);
    git(scratch, "clone", "-q", "--no-tags", work, clone);
    // The platform team's origin; git reaches it at the scratch remote (no network).
    git(clone, "remote", "set-url", "origin", origin);
    git(clone, "config", `url.${remote}.insteadOf`, origin);
    const result = release(clone, "--dry-run");
    expect(result.status, result.stderr).toBe(0);
    const tag = `v${versions(clone)["@meshkit/cli"]}`;
    const released = git(clone, "show", `${tag}^{commit}:.github/workflows/data-product.yml`);
    const calls = [...released.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+\/actions\/[\w-]+@\S+)/gm)].map((m) => m[1]!);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((uses) => !uses.startsWith("acme/meshkit/actions/") || !uses.endsWith(`@${tag}`))).toEqual([]);
  }, 120_000);

  it("leaves another repository's action of the same name as it is: only meshkit's own calls name the release", () => {
    const clone = join(scratch, "clone-third-party");
    git(scratch, "clone", "-q", "--no-tags", work, clone);
    const tools = ["on: push", "jobs:", "  check:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: acme/tools/actions/provision@v2", "      - uses: Meshkit/Meshkit/actions/contract-lint@v1", ""].join("\n");
    writeFileSync(join(clone, ".github/workflows/tools.yml"), tools);
    git(clone, "add", ".github/workflows/tools.yml");
    git(clone, "commit", "-q", "-m", "a workflow calling another repository's action");
    const result = release(clone, "--dry-run", "--remote", remote);
    expect(result.status, result.stderr).toBe(0);
    const tag = `v${versions(clone)["@meshkit/cli"]}`;
    expect(git(clone, "show", `${tag}^{commit}:.github/workflows/tools.yml`)).toBe(tools.replace("Meshkit/Meshkit/actions/contract-lint@v1", `Meshkit/Meshkit/actions/contract-lint@${tag}`).trim());
  }, 120_000);

  it("a second dry run takes the release commit the first one cut: a tag only here is no release yet", () => {
    const tag = `v${versions(work)["@meshkit/cli"]}`;
    const before = git(work, "rev-parse", `${tag}^{commit}`);
    for (const args of [["--dry-run"], ["--dry-run", "--if-new"]]) {
      const again = release(work, ...args);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toContain(`release: ${tag} was cut here already (${before.slice(0, 12)}, by a dry run or a run whose push failed) and is not on origin: releasing that commit`);
      expect(git(work, "rev-parse", `${tag}^{commit}`)).toBe(before);
    }
  }, 60_000);

  it("a changeset bumps every package and action together; the release pushes vX.Y.Z and moves vX", () => {
    const old = versions(work)["@meshkit/cli"]!;
    const oldMajorCommit = git(work, "rev-parse", `v${old.split(".")[0]}^{commit}`);
    writeFileSync(join(work, ".changeset/release-test.md"), '---\n"@meshkit/action-contract-lint": minor\n---\n\ncontract-lint: a change worth a minor release.\n');
    // Written into the changelogs of the packages each names: the release notes gather them, each once.
    writeFileSync(join(work, ".changeset/release-test-lint.md"), '---\n"@meshkit/core": patch\n"@meshkit/lint": minor\n---\n\nlint: a new rule, with a fix in core.\nIts second line.\n');
    writeFileSync(join(work, ".changeset/release-test-quality.md"), '---\n"@meshkit/quality": patch\n---\n\nquality: a fix.\n');
    const bump = run(process.execPath, [join(REPO, "node_modules/@changesets/cli/bin.js"), "version"], work);
    expect(bump.status, bump.stderr).toBe(0);
    const [major, minor] = old.split(".").map(Number) as [number, number];
    const next = `${major}.${minor + 1}.0`;
    // One fixed group: every package and action is on the new version, internal dependencies too.
    expect(new Set(Object.values(versions(work)))).toEqual(new Set([next]));
    expect(JSON.parse(readFileSync(join(work, "actions/contract-lint/package.json"), "utf8")).dependencies["@meshkit/core"]).toBe(next);
    expect(readFileSync(join(work, "actions/contract-lint/CHANGELOG.md"), "utf8")).toContain("contract-lint: a change worth a minor release.");
    expect(existsSync(join(work, ".changeset/release-test.md"))).toBe(false);
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", `Version Packages: v${next}`);
    git(work, "push", "-q", "origin", "main");

    const result = release(work, "--remote", "origin");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`release: pushed v${next} and v${major} to origin`);
    const commit = git(work, "rev-parse", `v${next}^{commit}`);
    expect(commit).not.toBe(oldMajorCommit);
    expect(git(work, "rev-parse", `v${major}^{commit}`)).toBe(commit);
    // On the remote: the new tag and the moved major, peeled to the release commit; main without bundles.
    const tags = Object.fromEntries(git(work, "ls-remote", "--tags", "origin").split("\n").filter((l) => l.endsWith("^{}")).map((l) => l.split("\t").reverse()));
    expect(tags).toEqual({ [`refs/tags/v${next}^{}`]: commit, [`refs/tags/v${major}^{}`]: commit });
    // The release notes, in vX.Y.Z's message: every changelog's entries once, under the biggest bump of each
    // (lint's minor, not core's patch), without the internal dependencies changesets lists in every package.
    expect(result.stdout).toContain(`release: release notes (the message of v${next}; git tag -l -n999 v${next}): 3 change(s) from ${Object.keys(versions(work)).length} changelog(s)`);
    const notes = git(work, "tag", "-l", "--format=%(contents)", `v${next}`).replace(/^- [0-9a-f]{7}: /gm, "- ");
    expect(notes).toBe([
      `meshkit v${next}`,
      "",
      "### Minor Changes",
      "",
      "- lint: a new rule, with a fix in core.",
      "  Its second line.",
      "- contract-lint: a change worth a minor release.",
      "",
      "### Patch Changes",
      "",
      "- quality: a fix.",
    ].join("\n"));
    expect(git(remote, "ls-tree", "-r", "--name-only", "main", "--", "actions").includes("/dist/")).toBe(false);
    expect(git(remote, "ls-tree", "-r", "--name-only", `v${next}`, "--", `actions/${ACTIONS[0]}/dist`)).toContain("index.js");

    // Released (on the remote): immutable, even in a dry run; --if-new makes that a no-op.
    const again = release(work, "--dry-run");
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^release: refused: v${next.replace(/\./g, "\\.")} exists already \\([0-9a-f]{12}\\): release tags are immutable`));
    expect(git(work, "rev-parse", `v${next}^{commit}`)).toBe(commit);
    const ifNew = release(work, "--dry-run", "--if-new");
    expect(ifNew.status).toBe(0);
    expect(ifNew.stdout).toContain(`v${next} is released already`);
  }, 120_000);

  it("a dry run's undo puts the tags back as they were: vX is again the previous release's annotated tag", () => {
    const [major, minor] = versions(work)["@meshkit/cli"]!.split(".").map(Number) as [number, number];
    const next = `${major}.${minor + 1}.0`;
    const majorTag = git(work, "rev-parse", `refs/tags/v${major}`);
    expect(git(work, "cat-file", "-t", majorTag)).toBe("tag");
    setVersion(work, next);
    git(work, "commit", "-q", "-am", `Version Packages: v${next}`);
    try {
      const dry = release(work, "--dry-run");
      expect(dry.status, dry.stderr).toBe(0);
      expect(git(work, "rev-parse", `refs/tags/v${major}`)).not.toBe(majorTag);
      const undo = /^release: undo: (.+)$/m.exec(dry.stdout)?.[1];
      expect(undo, dry.stdout).toBeDefined();
      const undone = run("sh", ["-c", undo!], work);
      expect(undone.status, undone.stderr).toBe(0);
      expect(git(work, "tag", "--list", `v${next}`)).toBe("");
      // The very tag object the release pushed (its message, tagger and date), not a lightweight tag at its commit.
      expect(git(work, "rev-parse", `refs/tags/v${major}`)).toBe(majorTag);
    } finally {
      git(work, "reset", "-q", "--hard", "HEAD~1");
    }
  }, 120_000);

  it("never moves vX back: a patch of an older line is tagged, vX stays on the newest", () => {
    const current = versions(work)["@meshkit/cli"]!;
    const [major, minor] = current.split(".").map(Number) as [number, number];
    const majorCommit = git(work, "rev-parse", `v${major}^{commit}`);
    const older = `${major}.${minor - 1}.1`;
    setVersion(work, older);
    git(work, "commit", "-q", "-am", `backport v${older}`);
    // Its CLI package would not become npm's `latest` either (a dry run asks no registry about a new version).
    const result = release(work, "--dry-run", "--npm-registry", "http://127.0.0.1:9/");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`tag v${major} stays: a newer v${major}.x release exists`);
    expect(result.stdout).toContain(`npm publish meshkit-cli-${older}.tgz --tag release-${major}.${minor - 1} --registry http://127.0.0.1:9/`);
    expect(git(work, "rev-parse", `v${older}^{commit}`)).not.toBe(majorCommit);
    expect(git(work, "rev-parse", `v${major}^{commit}`)).toBe(majorCommit);
  }, 60_000);

  it("refuses uncommitted changes and packages that do not share one version", () => {
    setVersion(work, "9.9.9", "actions/provision");
    const dirty = release(work, "--dry-run");
    expect(dirty.status).toBe(1);
    expect(dirty.stderr).toMatch(/^release: refused: the packages do not share one version/);
    git(work, "commit", "-q", "-am", "one package on its own version");
    const mixed = release(work, "--dry-run");
    expect(mixed.status).toBe(1);
    expect(mixed.stderr).toContain("9.9.9: @meshkit/action-provision");
    git(work, "reset", "-q", "--hard", "HEAD~1");
    // Not semantic versions: v1.02.0 would be a second tag of the release v1.2.0.
    for (const bad of ["1.02.0", "1.2.0-rc..1"]) {
      setVersion(work, bad);
      git(work, "commit", "-q", "-am", `version ${bad}`);
      const refused = release(work, "--dry-run");
      expect([refused.status, refused.stderr]).toEqual([1, `release: refused: version ${bad} is not a semantic version X.Y.Z or X.Y.Z-prerelease (numbers without leading zeros; see semver.org)\n`]);
      expect(git(work, "tag", "--list", `v${bad}`)).toBe("");
      git(work, "reset", "-q", "--hard", "HEAD~1");
    }
    // A semantic version with build metadata: refused for what it carries, not called no semantic version.
    setVersion(work, "1.2.0+build.5");
    git(work, "commit", "-q", "-am", "version 1.2.0+build.5");
    const built = release(work, "--dry-run");
    expect([built.status, built.stderr]).toEqual([
      1,
      "release: refused: version 1.2.0+build.5 carries build metadata (+build.5), which semantic versioning leaves out of a version's order: v1.2.0+build.5 and v1.2.0 would be two tags of one release. Version it 1.2.0\n",
    ]);
    git(work, "reset", "-q", "--hard", "HEAD~1");
    writeFileSync(join(work, "README.md"), "changed\n");
    const uncommitted = release(work, "--dry-run");
    expect(uncommitted.status).toBe(1);
    expect(uncommitted.stderr).toMatch(/^release: refused: uncommitted changes in tracked files/);
    expect(run(process.execPath, ["scripts/release.mjs", "--bogus"], work).status).toBe(2);
  });
});

describe("scripts/release.mjs: the remote says what is released (a push that fails, a newer release meanwhile)", () => {
  let clone: string;
  let origin: string;
  let releaseNumber = 0;
  beforeAll(() => {
    // Its own clone and bare remote, on a major of its own: the tests above and below keep theirs.
    clone = join(scratch, "clone-remote-truth");
    origin = join(scratch, "remote-truth.git");
    git(scratch, "clone", "-q", "--no-tags", work, clone);
    for (const [key, value] of [["core.compression", "0"], ["core.bigFileThreshold", "1m"], ["pack.window", "0"]] as const) git(clone, "config", key, value);
    git(scratch, "init", "-q", "--bare", origin);
    git(clone, "remote", "set-url", "origin", origin);
    git(clone, "push", "-q", "origin", "HEAD:refs/heads/main");
  }, 120_000);

  /** `version` committed on main and pushed. */
  function commitVersion(version: string): string {
    setVersion(clone, version);
    releaseNumber += 1;
    writeFileSync(join(clone, "RELEASE-TEST.md"), `release ${releaseNumber}\n`);
    git(clone, "add", "-A");
    git(clone, "commit", "-q", "-m", `Version Packages: v${version}`);
    git(clone, "push", "-q", "origin", "HEAD:refs/heads/main");
    return git(clone, "rev-parse", "HEAD");
  }

  /** The commit the remote's tag names ("" when it has none): the peeled line of an annotated tag, else the ref itself. */
  const onOrigin = (ref: string): string => {
    const lines = git(clone, "ls-remote", "origin", `refs/tags/${ref}`, `refs/tags/${ref}^{}`).split("\n").filter(Boolean);
    return (lines.find((l) => l.endsWith("^{}")) ?? lines[0] ?? "").split("\t")[0]!;
  };

  it("a push that fails pushes nothing; running again releases the commit it cut (--if-new does not take a tag that is only here for a release)", () => {
    const head = commitVersion("7.0.0");
    // The remote refuses the first push (an outage, a ruleset), then takes them.
    const flag = join(scratch, "refuse-next-push");
    writeFileSync(flag, "");
    writeFileSync(join(origin, "hooks/pre-receive"), `#!/bin/sh\nif [ -f '${flag}' ]; then rm '${flag}'; echo "simulated outage" >&2; exit 1; fi\n`, { mode: 0o755 });
    const failed = release(clone, "--if-new");
    expect(failed.status, failed.stderr).toBe(2);
    expect(failed.stderr).toContain("nothing was pushed (the push is atomic), v7.0.0 stays here: run this again to push it");
    expect(git(clone, "ls-remote", "--tags", "origin")).toBe("");
    const cut = git(clone, "rev-parse", "v7.0.0^{commit}");
    expect(git(clone, "rev-parse", `${cut}^`)).toBe(head);

    // Nor is it taken for released when the remote cannot be reached: that is no answer.
    const blind = release(clone, "--if-new", "--remote", join(scratch, "no-such-remote.git"));
    expect([blind.status, blind.stdout]).toEqual([2, expect.not.stringContaining("released already")]);
    expect(blind.stderr).toMatch(/^release: cannot reach the remote .*no-such-remote\.git: /);

    const again = release(clone, "--if-new");
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("release: v7.0.0 was cut here already");
    expect(again.stdout).toContain("release: pushed v7.0.0 and v7 to origin");
    expect([onOrigin("v7.0.0"), onOrigin("v7")]).toEqual([cut, cut]);
    const done = release(clone, "--if-new");
    expect([done.status, done.stdout]).toEqual([0, expect.stringContaining("v7.0.0 is released already")]);
  }, 180_000);

  it("a tag only here, cut from another commit, is no release: refused with what to do, not called immutable", () => {
    commitVersion("7.1.0");
    expect(release(clone, "--dry-run").status).toBe(0);
    git(clone, "commit", "-q", "--allow-empty", "-m", "one more commit");
    git(clone, "push", "-q", "origin", "HEAD:refs/heads/main");
    const refused = release(clone);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^release: refused: v7\.1\.0 exists here \([0-9a-f]{12}\) but not on origin: a dry run or a push that failed cut it from [0-9a-f]{12}, not from [0-9a-f]{12} \(main\)\. Delete it \(git tag -d v7\.1\.0\) and run this again/);
    git(clone, "tag", "-d", "v7.1.0");
  }, 120_000);

  it("a tag only here that is no release commit (put on main by hand) is called that, not a dry run's cut from another commit", () => {
    const head = commitVersion("7.1.1");
    git(clone, "tag", "v7.1.1", "HEAD");
    const refused = release(clone, "--dry-run");
    expect([refused.status, refused.stderr]).toEqual([1, `release: refused: v7.1.1 exists here (${head.slice(0, 12)}) but not on origin: it is no release commit (no ${ACTIONS.map((name) => `actions/${name}/dist/index.js`).join(", ")}). Delete it (git tag -d v7.1.1) and run this again\n`]);
    git(clone, "tag", "-d", "v7.1.1");
  }, 120_000);

  it("offline, a dry run's tag is not called released or immutable: the remote that would say is named", () => {
    commitVersion("7.1.2");
    const offline = join(scratch, "no-such-remote.git");
    const first = release(clone, "--dry-run", "--remote", offline);
    expect(first.status, first.stderr).toBe(0);
    const cut = git(clone, "rev-parse", "v7.1.2^{commit}");
    const again = release(clone, "--dry-run", "--remote", offline);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^release: refused: v7\\.1\\.2 exists here \\(${cut.slice(0, 12)}\\), and .*no-such-remote\\.git cannot be reached \\(.*\\) to say whether it is released: if a dry run cut it, delete it \\(git tag -d v7\\.1\\.2\\) or run this again when .*no-such-remote\\.git can be reached; if it is released, version the next release`));
    expect(again.stderr).not.toContain("immutable");
    const ifNew = release(clone, "--dry-run", "--if-new", "--remote", offline);
    expect(ifNew.status).toBe(0);
    expect(ifNew.stdout).toContain(`release: v7.1.2 exists here (${cut.slice(0, 12)}), and `);
    expect(ifNew.stdout).not.toContain("released already");
    // The remote, reachable again, says it is no release: the commit the dry run cut is taken.
    const online = release(clone, "--dry-run");
    expect(online.status, online.stderr).toBe(0);
    expect(online.stdout).toContain(`release: v7.1.2 was cut here already (${cut.slice(0, 12)}`);
    git(clone, "tag", "-d", "v7.1.2");
  }, 120_000);

  it("tags only here (a dry run's) neither keep vX nor npm's latest from the newest release on the remote", () => {
    // A dry run of 7.2.0 whose undo was not run (here: the tag alone); the remote's newest is 7.0.0.
    git(clone, "tag", "v7.2.0", "HEAD");
    const head = commitVersion("7.0.1");
    const dry = release(clone, "--dry-run", "--npm-registry", "http://127.0.0.1:9/");
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("release: tag v7 -> ");
    expect(dry.stdout).toContain("npm publish meshkit-cli-7.0.1.tgz --tag latest --registry http://127.0.0.1:9/");
    // The real run after the dry run releases the commit the dry run cut.
    const dryCut = git(clone, "rev-parse", "v7.0.1^{commit}");
    const patch = release(clone);
    expect(patch.status, patch.stderr).toBe(0);
    expect(patch.stdout).toContain("release: pushed v7.0.1 and v7 to origin");
    expect([onOrigin("v7.0.1"), onOrigin("v7")]).toEqual([dryCut, dryCut]);
    expect(git(clone, "rev-parse", `${dryCut}^`)).toBe(head);
  }, 120_000);

  it("vX is pushed with a lease: a newer release pushed meanwhile is never moved back", () => {
    commitVersion("7.0.2");
    // While this release is cut (after it read the remote's tags), another run releases 7.5.0 and moves v7.
    const elsewhere = git(clone, "rev-parse", "v7.0.1^{commit}");
    writeFileSync(
      join(clone, ".git/hooks/reference-transaction"),
      `#!/bin/sh\n[ "$1" = committed ] || exit 0\ngrep -q ' refs/tags/v7.0.2$' || exit 0\ngit --git-dir='${origin}' tag v7.5.0 ${elsewhere} && git --git-dir='${origin}' tag -f v7 ${elsewhere} >/dev/null\n`,
      { mode: 0o755 },
    );
    const raced = release(clone);
    rmSync(join(clone, ".git/hooks/reference-transaction"));
    expect(raced.status, raced.stdout).toBe(2);
    expect(raced.stderr).toContain("nothing was pushed (the push is atomic), v7.0.2 stays here: run this again to push it");
    expect(onOrigin("v7")).toBe(elsewhere);
    expect(onOrigin("v7.0.2")).toBe("");
    // Run again: it reads the remote again, releases the commit it cut, and leaves v7 on 7.5.0.
    const again = release(clone);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("release: tag v7 stays: a newer v7.x release exists");
    expect(onOrigin("v7")).toBe(elsewhere);
    expect(onOrigin("v7.0.2")).toBe(git(clone, "rev-parse", "v7.0.2^{commit}"));
  }, 180_000);
});

describe("scripts/release.mjs --npm-registry: the meshkit command as a package (a local server that answers as an npm registry does)", () => {
  let registry: NpmRegistryServer;
  beforeAll(async () => {
    registry = await startNpmRegistry({ token: REGISTRY_TOKEN, nodeModules: join(REPO, "node_modules") });
    // Where the tests above left it: main as pushed, nothing modified.
    git(work, "checkout", "-q", "--", ".");
    git(work, "reset", "-q", "--hard", "origin/main");
  });
  afterAll(() => registry?.close());

  /** A new minor version committed on main (pushed unless said otherwise). */
  function nextMinor(push = true): string {
    const [major, minor] = versions(work)["@meshkit/cli"]!.split(".").map(Number) as [number, number];
    const next = `${major}.${minor + 1}.0`;
    setVersion(work, next);
    git(work, "commit", "-q", "-am", `Version Packages: v${next}`);
    if (push) git(work, "push", "-q", "origin", "main");
    return next;
  }

  it("refuses a commit that is on no branch of the remote; a dry run may release it", async () => {
    const version = nextMinor(false);
    const refused = await releaseToRegistry(work, "--npm-registry", registry.url);
    expect([refused.status, refused.stderr]).toEqual([1, expect.stringMatching(/^release: refused: [0-9a-f]{12} \(main\) is on no branch of origin: a release is cut from a commit everyone can see/)]);
    expect(git(work, "tag", "--list", `v${version}`)).toBe("");
    const dry = await releaseToRegistry(work, "--dry-run", "--npm-registry", registry.url);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`release: dry run: not published\\. Would run: npm publish meshkit-cli-${version.replace(/\./g, "\\.")}\\.tgz --tag latest`));
    expect(registry.published).toEqual([]);
    // Undo the dry run's local tags: the remote's are the truth.
    git(work, "tag", "-d", `v${version}`);
    git(work, "fetch", "-q", "--force", "origin", "refs/tags/*:refs/tags/*");
    git(work, "push", "-q", "origin", "main");
  }, 120_000);

  it("refuses, before tagging anything, a release npm could not publish: no token, or one the registry does not take", async () => {
    const version = versions(work)["@meshkit/cli"]!;
    for (const [token, why] of [["", "ENEEDAUTH"], ["npm_expired-token", "E401"]] as const) {
      const refused = await runAsync(process.execPath, ["scripts/release.mjs", "--prebuilt", REPO, "--npm-registry", registry.url], work, { NODE_AUTH_TOKEN: token, npm_config_fetch_retries: "0" });
      expect([refused.status, refused.stderr]).toEqual([2, expect.stringContaining(`release: npm is not logged in to ${registry.url} (`)]);
      expect(refused.stderr).toContain(why);
      expect(refused.stderr).toContain("set NODE_AUTH_TOKEN to a token that may publish @meshkit/cli; nothing was tagged or pushed");
      expect(refused.stdout + refused.stderr).not.toContain("npm_expired-token");
      expect(git(work, "tag", "--list", `v${version}`)).toBe("");
      expect(git(work, "ls-remote", "--tags", "origin", `v${version}`)).toBe("");
    }
    expect(registry.published).toEqual([]);
  }, 120_000);

  it("refuses, before tagging anything, a release to a registry that cannot be reached: the publish would fail after the tags", async () => {
    const version = versions(work)["@meshkit/cli"]!;
    // A loopback port nothing listens on (taken, then closed).
    const closed = await new Promise<number>((done) => {
      const server = createNetServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => done(port));
      });
    });
    const unreachable = `http://127.0.0.1:${closed}/`;
    const refused = await runAsync(process.execPath, ["scripts/release.mjs", "--prebuilt", REPO, "--npm-registry", unreachable], work, { NODE_AUTH_TOKEN: REGISTRY_TOKEN, npm_config_fetch_retries: "0" });
    expect([refused.status, refused.stderr]).toEqual([2, expect.stringContaining(`release: cannot reach ${unreachable} to ask who is logged in (`)]);
    expect(refused.stderr).toContain("ECONNREFUSED");
    expect(refused.stderr).toContain("nothing was tagged or pushed");
    expect(refused.stdout + refused.stderr).not.toContain(REGISTRY_TOKEN);
    expect(git(work, "tag", "--list", `v${version}`)).toBe("");
    expect(git(work, "ls-remote", "--tags", "origin", `v${version}`)).toBe("");
  }, 120_000);

  it("publishes the CLI after the tags; installed from the registry, the command runs on its own", async () => {
    const version = versions(work)["@meshkit/cli"]!;
    const result = await releaseToRegistry(work, "--npm-registry", registry.url);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`release: published @meshkit/cli@${version} to ${registry.url} (dist-tag latest)`);
    expect(result.stdout + result.stderr).not.toContain(REGISTRY_TOKEN);
    expect(registry.published).toEqual([{ name: "@meshkit/cli", version, tag: "latest" }]);
    expect(git(work, "ls-remote", "--tags", "origin", `v${version}`)).not.toBe("");

    // A domain repository installs it from the registry (its dependencies too: nothing of this repository).
    const project = join(scratch, "domain");
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "domain", private: true, devDependencies: { "@meshkit/cli": `^${version}` } }));
    const install = await runAsync("npm", ["install", "--registry", registry.url, "--cache", join(scratch, "npm-cache"), "--no-audit", "--no-fund"], project);
    expect(install.status, install.stderr).toBe(0);
    const meshkit = join(project, "node_modules/.bin/meshkit");
    // The command is this checkout's build (--prebuilt), which says this checkout's version.
    expect(run(meshkit, ["--version"], project).stdout.trim()).toBe(versions(REPO)["@meshkit/cli"]);
    expect(JSON.parse(readFileSync(join(project, "node_modules/@meshkit/cli/package.json"), "utf8"))).toMatchObject({ name: "@meshkit/cli", version, dependencies: { husky: expect.any(String), "@duckdb/node-api": expect.any(String) } });
    cpSync(join(REPO, "examples/domains/supply_chain/inventory_snapshot"), join(project, "inventory_snapshot"), { recursive: true });
    const lint = run(meshkit, ["lint", "inventory_snapshot"], project);
    expect([lint.status, lint.stderr]).toEqual([0, ""]);
    // DuckDB's native addon, installed beside it, runs the contract's checks on the example's data.
    const test = run(meshkit, ["test", "inventory_snapshot", "--format", "json"], project);
    expect(test.stderr).toBe("");
    const checks = (JSON.parse(test.stdout) as { results: { summary: { checks: number; passed: number } } }).results.summary;
    expect(checks.passed).toBeGreaterThan(10);
  }, 300_000);

  it("a publish that fails leaves the tags pushed; running again completes the release, then has nothing to do", async () => {
    const version = nextMinor();
    registry.failPublishes(1);
    const failed = await releaseToRegistry(work, "--if-new", "--npm-registry", registry.url);
    expect([failed.status, failed.stderr]).toEqual([2, expect.stringContaining(`release: npm publish of @meshkit/cli@${version} to ${registry.url} failed:`)]);
    expect(failed.stderr).toContain("the tags are pushed: run this again to publish it");
    // What the registry answered, not the tarball listing npm prints (as notices) before it.
    expect(failed.stderr).toMatch(/failed: [^\n]*\b500\b/);
    expect(failed.stderr).not.toContain("npm notice");
    expect(git(work, "ls-remote", "--tags", "origin", `v${version}`)).not.toBe("");

    const again = await releaseToRegistry(work, "--if-new", "--npm-registry", registry.url);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`v${version} is released already`);
    expect(again.stdout).toContain(`@meshkit/cli@${version} is not on ${registry.url}: publishing it`);
    expect(registry.published.at(-1)).toEqual({ name: "@meshkit/cli", version, tag: "latest" });
    expect(registry.tarball("@meshkit/cli", version)).toBeInstanceOf(Buffer);

    const done = await releaseToRegistry(work, "--if-new", "--npm-registry", registry.url);
    expect([done.status, done.stdout]).toEqual([0, expect.stringContaining(`v${version} is released already`)]);
    expect(done.stdout).not.toContain("publishing");
  }, 180_000);
});

