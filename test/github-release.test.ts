/**
 * scripts/github-release.mjs, run as the release workflow runs it, against a local server that answers as
 * GitHub's REST API releases endpoints do (GitHub cannot be reached from here): the Release of a tag that
 * scripts/release.mjs pushed, with the tag's message as its notes.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGithubApi, startFakeGithubApi } from "../packages/github/src/github-api-server.js";
import { tempDir } from "../packages/cli/src/test-support.js";
// @ts-expect-error: a plain .mjs script without types
import { RELEASE_BODY_MAX_CHARS, releaseBody } from "../scripts/github-release.mjs";

const SCRIPT = fileURLToPath(new URL("../scripts/github-release.mjs", import.meta.url));
const TOKEN = "ghs_write_token";
const REPOSITORY = "meshkit/meshkit";
const IDENTITY = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };

let api: FakeGithubApi;
const dirs: string[] = [];
beforeAll(async () => {
  api = await startFakeGithubApi({ writeTokens: [TOKEN], readTokens: ["ghs_read_only_token"] });
});
afterAll(async () => {
  await api.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...IDENTITY } }).trim();
}

/** A checkout whose CLI package is at `version`, with annotated release tags (name -> message). */
function checkout(version: string, tags: Record<string, string>): string {
  const dir = tempDir("github-release");
  dirs.push(dir);
  mkdirSync(join(dir, "packages/cli"), { recursive: true });
  writeFileSync(join(dir, "packages/cli/package.json"), JSON.stringify({ name: "@meshkit/cli", version }));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "main");
  for (const [tag, message] of Object.entries(tags)) {
    writeFileSync(join(dir, ".git/TAG_MESSAGE"), message);
    git(dir, "tag", "-a", "--cleanup=whitespace", "-F", ".git/TAG_MESSAGE", tag);
  }
  return dir;
}

/** Runs the script without blocking this process, which answers as GitHub. */
function runScript(cwd: string, env: Record<string, string | undefined>, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { GH_TOKEN: _g, GITHUB_TOKEN: _t, GITHUB_REPOSITORY: _r, GITHUB_API_URL: _u, ...inherited } = process.env;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { cwd, env: { ...inherited, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: api.url, ...env } as NodeJS.ProcessEnv, timeout: 60_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", fail);
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

const NOTES = "### Minor Changes\n\n- lint: a new rule.\n  Its second line.\n\n### Patch Changes\n\n- quality: a fix.";

describe("scripts/github-release.mjs (a local server that answers as GitHub's releases API does)", () => {
  it("makes the Release of the version's tag with the tag's notes, marked Latest; a second run leaves it as it is", async () => {
    const dir = checkout("1.4.0", { "v1.3.0": "meshkit v1.3.0", "v1.4.0": `meshkit v1.4.0\n\n${NOTES}` });
    const made = await runScript(dir, { GH_TOKEN: TOKEN });
    expect([made.status, made.stderr]).toEqual([0, ""]);
    expect(made.stdout).toBe(`github-release: made the GitHub Release of v1.4.0: https://github.com/${REPOSITORY}/releases/tag/v1.4.0\n`);
    expect(api.releases(REPOSITORY).find((r) => r.tag_name === "v1.4.0")).toMatchObject({ name: "meshkit v1.4.0", body: NOTES, draft: false, prerelease: false, make_latest: "true" });
    const posts = api.requests.filter((r) => r.method === "POST").length;

    const again = await runScript(dir, { GITHUB_TOKEN: TOKEN });
    expect([again.status, again.stderr]).toEqual([0, ""]);
    expect(again.stdout).toContain("github-release: the GitHub Release of v1.4.0 exists already");
    expect(api.requests.filter((r) => r.method === "POST").length).toBe(posts);
    expect(api.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("a patch of an older line is not marked Latest; a prerelease is a prerelease", async () => {
    const older = checkout("1.2.5", { "v1.2.4": "meshkit v1.2.4", "v1.2.5": "meshkit v1.2.5\n\n- a fix.", "v1.4.0": "meshkit v1.4.0" });
    expect((await runScript(older, { GH_TOKEN: TOKEN })).status).toBe(0);
    expect(api.releases(REPOSITORY).find((r) => r.tag_name === "v1.2.5")).toMatchObject({ make_latest: "false", prerelease: false });

    const rc = checkout("2.0.0-rc.1", { "v1.4.0": "meshkit v1.4.0", "v2.0.0-rc.1": "meshkit v2.0.0-rc.1\n\n- a big change." });
    const made = await runScript(rc, { GH_TOKEN: TOKEN });
    expect(made.stdout).toContain("made the GitHub Release of v2.0.0-rc.1 (prerelease)");
    expect(api.releases(REPOSITORY).find((r) => r.tag_name === "v2.0.0-rc.1")).toMatchObject({ make_latest: "false", prerelease: true, body: "- a big change." });
  });

  it("notes over GitHub's 125,000 characters keep whole entries and say where the rest is (the first release has ~1,600)", async () => {
    const entries = Array.from({ length: 1_600 }, (_, i) => `- change ${i}: ${"words ".repeat(30).trim()}\n  and a second line.`);
    const dir = checkout("1.0.0", { "v1.0.0": `meshkit v1.0.0\n\n### Major Changes\n\n${entries.join("\n")}` });
    const made = await runScript(dir, { GH_TOKEN: TOKEN });
    expect([made.status, made.stderr]).toEqual([0, ""]);
    const body = api.releases(REPOSITORY).find((r) => r.tag_name === "v1.0.0")!.body!;
    expect(body.length).toBeLessThanOrEqual(RELEASE_BODY_MAX_CHARS);
    expect(body.startsWith("### Major Changes\n\n- change 0: ")).toBe(true);
    const kept = body.match(/^- change \d+/gm)!.length;
    expect(body).toMatch(new RegExp(`\\n  and a second line\\.\\n\\n… and ${1_600 - kept} more change\\(s\\): the whole notes are the message of the tag v1\\.0\\.0 \\(git tag -l -n999 v1\\.0\\.0\\)`));
  });

  it("refuses with exit 2 and one line, never printing the token: no token, no tag, a token that may not write, GitHub unreachable", async () => {
    const dir = checkout("3.0.0", { "v2.9.0": "meshkit v2.9.0" });
    const noToken = await runScript(dir, {});
    expect([noToken.status, noToken.stderr]).toEqual([2, "github-release: set GH_TOKEN (or GITHUB_TOKEN) to a token with contents: write\n"]);

    const noTag = await runScript(dir, { GH_TOKEN: TOKEN });
    expect([noTag.status, noTag.stderr]).toEqual([2, "github-release: v3.0.0 is not a tag here (or has no message): run this after scripts/release.mjs, in its checkout\n"]);

    const readOnly = await runScript(dir, { GH_TOKEN: "ghs_read_only_token" }, "v2.9.0");
    expect([readOnly.status, readOnly.stderr]).toEqual([2, "github-release: GitHub refused the Release of v2.9.0: 403 Resource not accessible by integration\n"]);
    const unknown = await runScript(dir, { GH_TOKEN: "ghs_unknown_secret" }, "v2.9.0");
    expect([unknown.status, unknown.stderr]).toEqual([2, "github-release: GitHub did not say whether v2.9.0 has a Release: 401 Bad credentials\n"]);

    // A loopback port nothing listens on (taken, then closed).
    const closed = await new Promise<number>((done) => {
      const server = createNetServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => done(port));
      });
    });
    const down = await runScript(dir, { GH_TOKEN: TOKEN, GITHUB_API_URL: `http://127.0.0.1:${closed}` }, "v2.9.0");
    expect([down.status, down.stderr]).toEqual([2, `github-release: cannot reach http://127.0.0.1:${closed} (ECONNREFUSED)\n`]);
    for (const run of [noToken, noTag, readOnly, unknown, down]) expect(run.stdout + run.stderr).not.toMatch(/ghs_/);
    expect(api.releases(REPOSITORY).some((r) => r.tag_name === "v2.9.0")).toBe(false);
  });

  it("releaseBody keeps an entry of several paragraphs whole and within the limit (changesets indents them after a blank line)", () => {
    const entry = (i: number) => `- c${i}: change ${i}\n\n  ${"detail ".repeat(20).trim()}\n\n  \`\`\`yaml\n  - not: an entry\n  \`\`\``;
    const notes = `### Patch Changes\n\n${Array.from({ length: 40 }, (_, i) => entry(i)).join("\n")}`;
    const body = releaseBody(notes, "v1.0.0", 2_000);
    expect(body.length).toBeLessThanOrEqual(2_000);
    const kept = body.match(/^- c\d+/gm)!.length;
    expect(body).toContain(`${entry(kept - 1)}\n\n… and ${40 - kept} more change(s)`);
  });

  it("releaseBody leaves notes within the limit as they are", () => {
    expect(releaseBody(NOTES, "v1.0.0")).toBe(NOTES);
  });
});
