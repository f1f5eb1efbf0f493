// Which base each event names (no git here, but for one message's wording; action.test.ts runs the whole thing
// against real repositories).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { baseFromEvent, ensureCommit, resolveBase } from "./base.js";

const A = "a".repeat(40);
const B = "0123456789abcdef0123456789abcdef01234567";
const ZERO = "0".repeat(40);

describe("baseFromEvent", () => {
  it("takes a pull request's base commit", () => {
    const payload = { pull_request: { base: { sha: A }, head: { sha: B } } };
    expect(baseFromEvent({ name: "pull_request", payload })).toEqual({ kind: "commit", sha: A, source: "pull request base" });
    expect(baseFromEvent({ name: "pull_request_target", payload })).toEqual({ kind: "commit", sha: A, source: "pull request base" });
  });

  it("takes the commit before a push, or the parent of HEAD for a new branch", () => {
    expect(baseFromEvent({ name: "push", payload: { before: B, after: A } })).toEqual({ kind: "commit", sha: B, source: "before the push" });
    expect(baseFromEvent({ name: "push", payload: { before: ZERO, after: A } })).toEqual({ kind: "parent", source: "new branch: parent of HEAD" });
  });

  it("takes a merge group's base", () => {
    expect(baseFromEvent({ name: "merge_group", payload: { merge_group: { base_sha: B, head_sha: A } } })).toEqual({ kind: "commit", sha: B, source: "merge group base" });
  });

  it("asks for the base input for other events, or outside a workflow run", () => {
    expect(() => baseFromEvent({ name: "workflow_dispatch", payload: {} })).toThrow(
      new UsageError(
        "no base to compare with for a workflow_dispatch event (only pull_request, pull_request_target, push and merge_group name one); set the `base` input to the ref to compare with (e.g. `base: origin/main` or a release tag)",
      ),
    );
    expect(() => baseFromEvent(undefined)).toThrow(/^no base to compare with: this is not a workflow run \(no GITHUB_EVENT_NAME\); set the `base` input/);
    expect(() => baseFromEvent({ name: "bad\nname::x", payload: {} })).toThrow(/^no base to compare with for a this event/);
  });

  it("refuses a payload without a full commit SHA where the base should be", () => {
    const bad = [undefined, 42, "main", A.slice(1), `${A}\n`, `--upload-pack=x${A}`, A.toUpperCase()];
    for (const sha of bad) {
      expect(() => baseFromEvent({ name: "pull_request", payload: { pull_request: { base: { sha } } } })).toThrow(
        /^the pull_request event payload has no commit SHA at pull_request\.base\.sha; set the `base` input/,
      );
    }
    expect(() => baseFromEvent({ name: "push", payload: {} })).toThrow(/no commit SHA at before;/);
    expect(() => baseFromEvent({ name: "merge_group", payload: { merge_group: null } })).toThrow(/no commit SHA at merge_group\.base_sha;/);
  });
});

describe("ensureCommit", () => {
  it("refuses anything but a 40-hex SHA before running git", async () => {
    await expect(ensureCommit("--upload-pack=touch /tmp/x", "/nonexistent")).rejects.toThrow(/is not a 40-character commit SHA$/);
  });
});

describe("resolveBase, askForBase", () => {
  it("words the advice as the caller asks when origin no longer has a new branch's HEAD (its parent cannot be fetched)", async () => {
    const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, encoding: "utf8" }).trim();
    const dir = mkdtempSync(join(tmpdir(), "meshkit-base-"));
    const origin = join(dir, "origin");
    git(dir, "init", "-q", origin);
    git(origin, "commit", "-q", "--allow-empty", "-m", "first");
    git(origin, "commit", "-q", "--allow-empty", "-m", "second");
    const clone = join(dir, "clone");
    git(dir, "clone", "-q", "--depth", "1", `file://${origin}`, clone);
    // The branch is force-pushed back: origin no longer has the commit the shallow clone holds.
    git(origin, "reset", "-q", "--hard", "HEAD~1");
    git(origin, "reflog", "expire", "--expire=now", "--all");
    git(origin, "gc", "-q", "--prune=now");
    const head = git(clone, "rev-parse", "HEAD");
    const event = { name: "push", payload: { before: ZERO, after: head } };
    const askForBase = "pass --base <ref|dir> to compare with";
    await expect(resolveBase({ input: "", event: () => event, cwd: clone, askForBase })).rejects.toThrow(/origin does not have that commit .*: pass --base <ref\|dir> to compare with$/);
  });
});
