/**
 * `meshkit ci` on bad input: what would stop the pipeline half-way is refused before the first stage
 * (a push applies infrastructure first), and a stage that could not run is not counted as passed.
 */
import { cpSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, meshkit, requireBuiltCli, tempDir } from "./test-support.js";

beforeAll(requireBuiltCli);

/** The finance example (a product, two contracts, sample data), outside any git repository. */
function project(): string {
  const dir = tempDir("ci");
  cpSync(join(REPO_ROOT, "examples/domains/finance"), join(dir, "finance"), { recursive: true });
  return dir;
}

const NOW = ["--now", "2026-06-30T06:00:00Z"];

describe("meshkit ci, before any stage runs", () => {
  it("refuses an unknown or malformed catalog on either event, before provision applies anything", () => {
    const dir = project();
    const push = meshkit(["ci", "--event", "push", "--no-tags", "--catalog", "foo:bar", ...NOW], dir);
    expect(push.status).toBe(2);
    expect(push.stderr).toContain("unknown catalog target foo:bar");
    expect(existsSync(join(dir, ".meshkit"))).toBe(false);
    const pullRequest = meshkit(["ci", "--catalog", "datahub:notaurl", ...NOW], dir);
    expect(pullRequest.status).toBe(2);
    expect(pullRequest.stderr).toContain("give the server's http(s) URL");
  });

  it("refuses a push that would tag releases outside a git repository, before applying; --no-tags runs it", () => {
    const dir = project();
    const tagged = meshkit(["ci", "--event", "push", ...NOW], dir);
    expect(tagged.status).toBe(2);
    expect(tagged.stderr).toContain("not a git repository with a commit: commit first, or pass --no-tags");
    expect(existsSync(join(dir, ".meshkit"))).toBe(false);
    const untagged = meshkit(["ci", "--event", "push", "--no-tags", ...NOW], dir);
    expect(untagged.stdout).toContain("✅ Released");
    expect(untagged.status).toBe(0);
  });
});

describe("meshkit ci, a stage that could not run", () => {
  it("lists policy-check as skipped when meshkit.yaml opts out of policies (policy.packs: [])", () => {
    const dir = project();
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n");
    const run = meshkit(["ci", ...NOW], dir);
    expect(run.stdout).toMatch(/✅ Safe to merge: 3 stages passed; skipped: schema-compat, policy-check\./);
    expect(run.status).toBe(0);
  });

  it("lists schema-compat as skipped, not passed, when there is nothing to compare with", () => {
    const dir = project();
    const run = meshkit(["ci", ...NOW], dir);
    expect(run.stdout).toContain("not a git repository");
    expect(run.stdout).toMatch(/✅ Safe to merge: 4 stages passed; skipped: schema-compat\./);
    expect(run.status).toBe(0);
  });
});
