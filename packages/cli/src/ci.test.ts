/**
 * `meshkit ci` on bad input: what would stop the pipeline half-way is refused before the first stage
 * (a push applies infrastructure first), and a stage that could not run is not counted as passed.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { startGmsServer } from "@meshkit/catalog/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, REPO_ROOT, git, meshkit, meshkitAsync, requireBuiltCli, tempDir } from "./test-support.js";

beforeAll(requireBuiltCli);

/** The finance example (a product, two contracts, sample data), outside any git repository. */
function project(): string {
  const dir = tempDir("ci");
  cpSync(join(REPO_ROOT, "examples/domains/finance"), join(dir, "finance"), { recursive: true });
  return dir;
}

const NOW = ["--now", "2026-06-30T06:00:00Z"];

/** A loopback port that nothing listens on (it did a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("meshkit ci, before any stage runs", () => {
  it("refuses an unknown, malformed or unreachable catalog, before provision applies anything", async () => {
    const dir = project();
    const push = meshkit(["ci", "--event", "push", "--no-tags", "--catalog", "foo:bar", ...NOW], dir);
    expect(push.status).toBe(2);
    expect(push.stderr).toContain("unknown catalog target foo:bar");
    expect(existsSync(join(dir, ".meshkit"))).toBe(false);
    // A push must be able to publish what it applies: a dir: catalog that is a file, a git catalog or
    // a catalog service that cannot be reached (here: a loopback port nothing listens on).
    writeFileSync(join(dir, "a-file"), "x");
    const port = await closedPort();
    for (const [catalog, reason] of [
      ["dir:a-file", "catalog dir:a-file is a file, not a folder"],
      ["backstage:a-file/catalog", `catalog backstage:a-file/catalog: ${join(dir, "a-file")} is a file, not a folder: choose another path`],
      ["dir:a-file/catalog", `cannot create catalog dir:a-file/catalog: ${join(dir, "a-file")} is a file, not a folder: choose another path`],
      ["git:/nonexistent/catalog.git#main", "cannot reach catalog git:/nonexistent/catalog.git#main: no repository at /nonexistent/catalog.git"],
      [`git:http://127.0.0.1:${port}/catalog.git#catalog`, `cannot reach catalog git:http://127.0.0.1:${port}/catalog.git#catalog: fatal: unable to access`],
      [`datahub:http://127.0.0.1:${port}`, `cannot reach DataHub at http://127.0.0.1:${port}: connection refused by 127.0.0.1:${port} (is DataHub running and listening there?)`],
    ]) {
      const refused = meshkit(["ci", "--event", "push", "--no-tags", "--catalog", catalog!, ...NOW], dir);
      expect([refused.status, refused.stderr]).toEqual([2, expect.stringMatching(new RegExp(`^meshkit: ${reason!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*\\n$`))]);
      expect(existsSync(join(dir, ".meshkit"))).toBe(false);
    }
    const pullRequest = meshkit(["ci", "--catalog", "datahub:notaurl", ...NOW], dir);
    expect(pullRequest.status).toBe(2);
    expect(pullRequest.stderr).toContain("give the server's http(s) URL");
  });

  it("refuses a meshkit.yaml every stage would refuse once, at its line, running no stage", () => {
    const dir = project();
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nbogus: 1\n");
    const run = meshkit(["ci", ...NOW], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^meshkit: meshkit\.yaml:3:1: error config-invalid .*`bogus`[^\n]*\n$/);
    expect(run.stdout).not.toContain("contract-lint");
  });

  it("refuses a path that names nothing once, before any stage runs", () => {
    const dir = project();
    const run = meshkit(["ci", "products/nope", "contracts/x.yaml/y", ...NOW], dir);
    expect([run.status, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toBe("meshkit: no such file or folder: products/nope, contracts/x.yaml/y; check the paths\n");
  });

  it("marks a stage whose input could not be processed ⛔ could not run, as the PR comment does", () => {
    const dir = project();
    writeFileSync(join(dir, "finance/broken.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: [unclosed\n");
    const run = meshkit(["ci", ...NOW], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^⛔ contract-lint: could not run, \d+ errors?/m);
    // The verdict says it in the same words as the stage line, not "contract-lint fails".
    expect(run.stdout).toMatch(/^❌ Not safe to merge: contract-lint, policy-check, contract-test, provision could not run\.$/m);
    expect(readFileSync(join(dir, ".meshkit/ci/pull_request.md"), "utf8")).toContain("contract-lint: could not run");
  });

  it("refuses --event push, provision apply and publish inside a GitHub pull_request run, whatever the flags say", () => {
    const dir = project();
    const event = join(dir, "event.json");
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7 }, repository: { default_branch: "main" } }));
    const env = { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: event };
    const why = "this GitHub Actions run may not change production: the pull_request event may not change production";
    const push = meshkit(["ci", "--event", "push", "--no-tags", ...NOW], dir, env);
    expect([push.status, push.stderr]).toEqual([2, expect.stringContaining(`meshkit: --event push applies and publishes, and ${why}`)]);
    const apply = meshkit(["provision", "apply", "finance"], dir, env);
    expect([apply.status, apply.stderr]).toEqual([2, expect.stringContaining(`meshkit: provision apply changes infrastructure, and ${why}`)]);
    // A script or container a step starts may be given the event without GITHUB_ACTIONS: refused as the provision action refuses it.
    const eventOnly = meshkit(["provision", "apply", "finance"], dir, { GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: event });
    expect([eventOnly.status, eventOnly.stderr]).toEqual([2, expect.stringContaining(`meshkit: provision apply changes infrastructure, and ${why}`)]);
    const publish = meshkit(["publish", "finance", "--catalog", `dir:${join(dir, "catalog")}`], dir, env);
    expect([publish.status, publish.stderr]).toEqual([2, expect.stringContaining(`meshkit: publish changes the catalog, and ${why}`)]);
    expect(existsSync(join(dir, ".meshkit"))).toBe(false);
    expect(existsSync(join(dir, "catalog"))).toBe(false);
    // The pull request's own pipeline runs there.
    expect(meshkit(["ci", "--no-tags", ...NOW], dir, env).status).toBe(0);
  });

  it("refuses a --results or --site it could not write before provision applies, not after (the site after publishing)", () => {
    const dir = project();
    writeFileSync(join(dir, "a-file"), "x");
    mkdirSync(join(dir, "a-folder"));
    for (const [option, value, reason] of [
      ["--site", "a-file", `cannot write --site ${join(dir, "a-file", "index.html")}: ${join(dir, "a-file")} is a file, not a folder (ENOTDIR): choose another path\n`],
      ["--results", "a-folder", `cannot write --results ${join(dir, "a-folder")}: it is a folder`],
    ]) {
      const refused = meshkit(["ci", "--event", "push", "--no-tags", option!, value!, "--catalog", "dir:catalog", ...NOW], dir);
      expect([refused.status, refused.stdout, refused.stderr], option).toEqual([2, "", expect.stringContaining(reason!)]);
      expect(existsSync(join(dir, "catalog")), option).toBe(false);
      expect(existsSync(join(dir, ".meshkit", "warehouse.duckdb")), option).toBe(false);
    }
  });

  it("publishes the products of another checkout (paths) as that repository's, at its HEAD, not the working directory's", () => {
    // A platform repository's workflow runs `meshkit ci sales` after checking out acme/sales at sales/.
    const platform = tempDir("ci-platform");
    git(platform, "init", "-q", "-b", "main");
    git(platform, "remote", "add", "origin", "https://github.com/acme/platform.git");
    git(platform, "commit", "-q", "--allow-empty", "-m", "platform");
    const sales = join(platform, "sales");
    cpSync(join(REPO_ROOT, "examples/domains/finance"), sales, { recursive: true });
    git(sales, "init", "-q", "-b", "main");
    git(sales, "remote", "add", "origin", "git@github.com:acme/sales.git");
    git(sales, "add", "-A");
    git(sales, "commit", "-q", "-m", "finance");
    const head = git(sales, "rev-parse", "HEAD").stdout.trim();
    const run = meshkit(["ci", "sales", "--event", "push", "--no-tags", ...NOW], platform, { GITHUB_REPOSITORY: "acme/platform", GITHUB_SHA: "1".repeat(40) });
    expect(run.status, run.stderr).toBe(0);
    const index = JSON.parse(readFileSync(join(platform, ".meshkit/catalog/index.json"), "utf8")) as { products: { id: string; versions: { version: string }[] }[] };
    const entries = index.products.flatMap((p) => p.versions.map((v) => JSON.parse(readFileSync(join(platform, ".meshkit/catalog/products", p.id, `${v.version}.json`), "utf8")) as { publication: { repo?: string; commit?: string } }));
    expect(entries.map((e) => [e.publication.repo, e.publication.commit])).toEqual([["acme/sales", head]]);
    // Released in the sales repository, at the commit recorded; the platform's gets no tag of it.
    expect(meshkit(["ci", "sales", "--event", "push", ...NOW], platform).status).toBe(0);
    expect(git(sales, "tag", "--points-at", head).stdout.trim()).toMatch(/^\S+\/v\d+\.\d+\.\d+$/);
    expect(git(platform, "tag", "--list").stdout).toBe("");
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
    // --now is the run's clock for the catalog too: a rerun on the same sample publishes the same entries.
    const index = JSON.parse(readFileSync(join(dir, ".meshkit/catalog/index.json"), "utf8")) as { products: { versions: { publishedAt: string }[] }[] };
    expect(index.products.flatMap((p) => p.versions.map((v) => v.publishedAt))).toEqual(["2026-06-30T06:00:00.000Z"]);
  });
});

describe("meshkit ci --base, checked before the first stage", () => {
  /** The finance example committed twice on main, the first commit tagged v1.0.0. */
  function history(): string {
    const dir = project();
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "finance");
    git(dir, "tag", "v1.0.0");
    writeFileSync(join(dir, "README.md"), "finance\n");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "readme");
    return dir;
  }

  it("refuses a ref that is not there before any stage runs, and leaves no earlier verdict behind", () => {
    const dir = history();
    mkdirSync(join(dir, ".meshkit/ci"), { recursive: true });
    writeFileSync(join(dir, ".meshkit/ci/pull_request.md"), "✅ Safe to merge (an earlier run)\n");
    const run = meshkit(["ci", "--base", "nosuchref", ...NOW], dir);
    expect([run.status, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toBe("meshkit: base ref nosuchref not found: no commit, branch or tag by that name in this repository (fetch it first, or check the spelling)\n");
    expect(existsSync(join(dir, ".meshkit/ci/pull_request.md"))).toBe(false);
    // A folder or file on disk is a base too; a ref that is there runs every stage.
    expect(meshkit(["ci", "--base", "v1.0.0", ...NOW], dir).stdout).toMatch(/✅ Safe to merge: 5 stages passed/);
  });

  it("removes an earlier comment a --markdown link leads to, keeping the link, and writes the new one through it", () => {
    const dir = project();
    mkdirSync(join(dir, "comments"));
    writeFileSync(join(dir, "comments/pr.md"), "✅ Safe to merge (an earlier run)\n");
    symlinkSync("comments/pr.md", join(dir, "pr.md"));
    expect(meshkit(["ci", "--markdown", "pr.md", "--base", "nosuchref", ...NOW], dir).status).toBe(2);
    expect(lstatSync(join(dir, "pr.md")).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dir, "comments/pr.md"))).toBe(false);
    meshkit(["ci", "--markdown", "pr.md", "--base", "finance", ...NOW], dir);
    expect(lstatSync(join(dir, "pr.md")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "comments/pr.md"), "utf8")).toContain("contract-lint");
  });

  it("reports a base file compat cannot read as a stage that could not run, and runs the later stages", () => {
    const dir = project();
    writeFileSync(join(dir, "released.yaml"), "just: a mapping\n");
    const run = meshkit(["ci", "--base", "released.yaml", ...NOW], dir);
    expect(run.stdout).toMatch(/^⛔ schema-compat: could not run \(--base released\.yaml holds no contract or product; .*\)/m);
    expect(run.stdout).toMatch(/^✔ provision: /m);
    expect(run.stdout).toMatch(/^❌ Not safe to merge: schema-compat could not run\.$/m);
    expect(readFileSync(join(dir, ".meshkit/ci/pull_request.md"), "utf8")).toContain("⛔ schema-compat: could not run");
    expect(run.status).toBe(2);
  });

  it("refuses a tag a shallow clone does not have, saying how to fetch it, before any stage runs", () => {
    const origin = history();
    const clone = join(tempDir("ci-shallow"), "clone");
    expect(git(origin, "clone", "-q", "--no-tags", "--depth", "1", `file://${origin}`, clone).status).toBe(0);
    const run = meshkit(["ci", "--base", "v1.0.0", ...NOW], clone);
    expect([run.status, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toMatch(/^meshkit: base ref v1\.0\.0 is not in this shallow clone: fetch it with `git fetch --no-tags --depth=1 origin '\+refs\/\*\/v1\.0\.0:refs\/\*\/v1\.0\.0'`.*\n$/);
  });

  it("in a shallow clone of a pull request's merge commit, compat could not run (not skipped); in GitHub Actions it fetches the event's base", () => {
    const origin = history();
    const base = git(origin, "rev-parse", "HEAD").stdout.trim();
    // The pull request drops a column without a new version: a breaking change compat must see.
    git(origin, "checkout", "-q", "-b", "pr");
    const ledger = join(origin, "finance/quarterly_ledger/ledger_entries.odcs.yaml");
    writeFileSync(ledger, readFileSync(ledger, "utf8").replace(/\n {6}- name: account_name\n(?: {8}.*\n)+/, "\n"));
    git(origin, "commit", "-q", "-am", "drop account_name");
    git(origin, "checkout", "-q", "--detach", "main");
    git(origin, "merge", "-q", "--no-ff", "pr", "-m", "merge pr");
    const merge = git(origin, "rev-parse", "HEAD").stdout.trim();
    git(origin, "checkout", "-q", "main");
    // What actions/checkout makes of refs/pull/1/merge: depth 1, no tags, detached; origin/main fetched at depth 1 too.
    const clone = join(tempDir("ci-pr"), "clone");
    git(origin, "init", "-q", clone);
    git(clone, "remote", "add", "origin", `file://${origin}`);
    git(clone, "fetch", "-q", "--no-tags", "--depth=1", "origin", `+${merge}:refs/remotes/pull/1/merge`, "+refs/heads/main:refs/remotes/origin/main");
    git(clone, "checkout", "-q", "--detach", "refs/remotes/pull/1/merge");
    const local = meshkit(["ci", ...NOW], clone);
    expect(local.stdout).toMatch(/^⛔ schema-compat: could not run \(cannot tell where HEAD left the default branch: this shallow clone has no commit that HEAD and origin\/main share: fetch their history .*fetch-depth: 0/m);
    expect(local.stdout).toContain("❌ Not safe to merge");
    expect(local.status).toBe(2);
    const event = join(tempDir("ci-pr-event"), "event.json");
    writeFileSync(event, JSON.stringify({ pull_request: { number: 1, base: { sha: base }, head: { sha: merge } } }));
    const actions = meshkit(["ci", ...NOW], clone, { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: event });
    expect(actions.stdout).toMatch(/^✖ schema-compat: 1 error/m);
    expect(readFileSync(join(clone, ".meshkit/ci/pull_request.md"), "utf8")).toContain(`${base.slice(0, 7)} (pull request base)`);
    expect(actions.status).toBe(1);
  });

  it("in a CI checkout of the branch alone (shallow or single-branch, no default branch fetched), compat could not run instead of being skipped", () => {
    const origin = history();
    git(origin, "checkout", "-q", "-b", "pr");
    const ledger = join(origin, "finance/quarterly_ledger/ledger_entries.odcs.yaml");
    writeFileSync(ledger, readFileSync(ledger, "utf8").replace(/\n {6}- name: account_name\n(?: {8}.*\n)+/, "\n"));
    git(origin, "commit", "-q", "-am", "drop account_name");
    // origin's HEAD is its default branch, which a clone of another branch alone does not fetch.
    git(origin, "checkout", "-q", "main");
    // GitLab's checkout of a merge request's branch: depth 1, that branch only; then the same without depth.
    for (const depth of [["--depth", "1"], []]) {
      const clone = join(tempDir("ci-single-branch"), "clone");
      git(origin, "clone", "-q", ...depth, "--single-branch", "--branch", "pr", `file://${origin}`, clone);
      const run = meshkit(["ci", ...NOW], clone);
      expect(run.stdout).toMatch(/^⛔ schema-compat: could not run \(cannot tell what the change merges into: no default branch here \(looked for origin\/main, origin\/master, main, master\), and this (is a shallow clone|clone has branches of origin but none of these \(a single-branch checkout, or a default branch renamed: `git remote set-head origin --auto` records it\)): fetch the default branch .*or pass --base <ref\|dir>\)/m);
      expect(run.stdout).toContain("❌ Not safe to merge");
      expect(run.status).toBe(2);
      // The command the message gives, run as written (for the branch main), is enough: in the shallow clone it
      // fetches the history joining HEAD and the default branch too, without which the fork point is not found.
      const fetch = /fetch the default branch \(`git (fetch[^`]*)`/.exec(run.stdout)?.[1];
      expect(fetch).toBe(`fetch${depth.length > 0 ? " --unshallow" : ""} origin +refs/heads/<branch>:refs/remotes/origin/<branch>`);
      git(clone, ...fetch!.replaceAll("<branch>", "main").split(" "));
      const fetched = meshkit(["ci", ...NOW], clone);
      expect(fetched.stdout).toMatch(/^✖ schema-compat: 1 error/m);
      expect(fetched.status).toBe(1);
    }
  });

  it("in GitHub Actions with the pull request's head checked out, compares with where it forked, not the base branch's newer tip", () => {
    const dir = history();
    const forked = git(dir, "rev-parse", "HEAD").stdout.trim();
    git(dir, "checkout", "-q", "-b", "pr");
    writeFileSync(join(dir, "README.md"), "finance, a pull request\n");
    git(dir, "commit", "-q", "-am", "pr");
    // The base branch moves on after the fork: it adds a column the pull request's head never had.
    git(dir, "checkout", "-q", "main");
    const ledger = join(dir, "finance/quarterly_ledger/ledger_entries.odcs.yaml");
    writeFileSync(ledger, readFileSync(ledger, "utf8").replace(/\n( {6})- name: account_name\n/, "\n$1- name: added_later\n$1  logicalType: string\n$1- name: account_name\n"));
    git(dir, "commit", "-q", "-am", "main moves on");
    const tip = git(dir, "rev-parse", "HEAD").stdout.trim();
    git(dir, "checkout", "-q", "pr");
    const event = join(tempDir("ci-pr-head"), "event.json");
    writeFileSync(event, JSON.stringify({ pull_request: { number: 2, base: { sha: tip }, head: { sha: git(dir, "rev-parse", "HEAD").stdout.trim() } } }));
    const run = meshkit(["ci", ...NOW], dir, { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: event });
    expect(run.stdout).toMatch(/^✔ schema-compat: /m);
    expect(readFileSync(join(dir, ".meshkit/ci/pull_request.md"), "utf8")).toContain(`${forked.slice(0, 12)} (where HEAD forked from the event's base ${tip.slice(0, 7)})`);
    expect(run.status).toBe(0);
  });

  it("in GitHub Actions with the base itself checked out, says how to name a base as ci takes it (--base, not the action's input)", () => {
    const dir = history();
    const head = git(dir, "rev-parse", "HEAD").stdout.trim();
    const event = join(tempDir("ci-base-checkout"), "event.json");
    // pull_request_target's default checkout: HEAD is the pull request's base, not its head.
    writeFileSync(event, JSON.stringify({ pull_request: { number: 3, base: { sha: head }, head: { sha: "0123456789abcdef0123456789abcdef01234567" } } }));
    const run = meshkit(["ci", ...NOW], dir, { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request_target", GITHUB_EVENT_PATH: event });
    expect(run.status).toBe(2);
    const output = run.stdout + run.stderr;
    expect(output).toContain(`HEAD is ${head}, the pull request base itself: this checkout holds the base`);
    expect(output).toContain("or pass --base <ref|dir> to compare with (e.g. `--base origin/main` or a release tag)");
    expect(output).not.toContain("`base` input");
  });

  it("names the commit it compared with when HEAD is an earlier commit of the default branch, checked out detached", () => {
    const dir = history();
    const first = git(dir, "rev-parse", "v1.0.0^{commit}").stdout.trim();
    git(dir, "checkout", "-q", "--detach", "v1.0.0");
    const run = meshkit(["ci", ...NOW], dir);
    expect(readFileSync(join(dir, ".meshkit/ci/pull_request.md"), "utf8")).toContain(`HEAD ${first.slice(0, 12)} (the uncommitted changes; HEAD is an earlier commit of main, not its tip)`);
    expect(run.status).toBe(0);
  });
});

describe("meshkit ci, the terminal summary", () => {
  it("marks a stage that passed with warnings ⚠, not ✖; with --fail-on warning it failed: ✖", () => {
    const dir = project();
    // A column without a classification, which this config makes a warning.
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    property-classification: warning\n");
    const file = join(dir, "finance/quarterly_ledger/ledger_entries.odcs.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/\n *classification: .*\n/, "\n"));
    const run = meshkit(["ci", ...NOW], dir);
    expect(run.stdout).toMatch(/^⚠ contract-lint: 0 errors, 1 warning, 1 info in 4 files/m);
    expect(run.stdout).toContain("✅ Safe to merge: 4 stages passed (1 with warnings)");
    expect(run.status).toBe(0);
    const strict = meshkit(["ci", "--fail-on", "warning", ...NOW], dir);
    expect(strict.stdout).toMatch(/^✖ contract-lint: 0 errors, 1 warning/m);
    expect(strict.status).toBe(1);
  });
});

describe("meshkit ci, globs that select nothing", () => {
  it("reports include-unmatched once, under the first stage that reads files.include, not again under each", () => {
    const dir = project();
    writeFileSync(join(dir, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["nowhere/*.yaml"]\n');
    const run = meshkit(["ci", ...NOW], dir);
    expect(run.stdout.match(/warning include-unmatched/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/^⚠ contract-lint: 0 errors, 1 warning, 0 infos in 0 files.*\n {2}meshkit\.yaml:4:12: warning include-unmatched files\.include \("nowhere\/\*\.yaml"\) selects no contract or product/m);
    expect(run.stdout).toMatch(/^✔ policy-check: no problems in 0 files/m);
    const comment = readFileSync(join(dir, ".meshkit/ci/pull_request.md"), "utf8");
    expect(comment.match(/\[include-unmatched\]/g)).toHaveLength(1);
  });
});

describe("meshkit ci whose reader goes away (`meshkit ci | head -1`)", () => {
  it("runs every stage and exits with the pipeline's code, not 0 at the first line nobody reads", () => {
    const dir = project();
    // A version that is not semver: contract-lint fails.
    const file = join(dir, "finance/quarterly_ledger/ledger_entries.odcs.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^version: .*$/m, "version: banana"));
    const script = `"${process.execPath}" "${CLI}" ci ${NOW.join(" ")} | head -c 1 > /dev/null; echo "ci exit \${PIPESTATUS[0]}"`;
    const run = spawnSync("bash", ["-c", script], { cwd: dir, encoding: "utf8", env: { ...process.env, GITHUB_ACTIONS: "", NO_COLOR: "1" } });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("ci exit 1\n");
    // The PR comment of the whole run is written: every stage reported.
    expect(readFileSync(join(dir, ".meshkit/ci/pull_request.md"), "utf8")).toContain("Not safe to merge");
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

  it("on a new branch without commits, compares the uncommitted changes with HEAD (a narrowed column needs a major bump)", () => {
    const dir = project();
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "finance");
    git(dir, "checkout", "-q", "-b", "feature");
    const file = join(dir, "finance/quarterly_ledger/ledger_entries.odcs.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/\n {6}- name: account_name\n(?: {8}.*\n)+/, "\n"));
    const run = meshkit(["ci", ...NOW], dir);
    expect(run.stdout).toMatch(/❌ Not safe to merge: schema-compat fails/);
    expect(run.stdout).toContain("error version-bump");
    expect(readFileSync(join(dir, ".meshkit/ci/pull_request.md"), "utf8")).toContain("HEAD (the uncommitted changes; HEAD is main)");
    expect(run.status).toBe(1);
  });

  it("lists schema-compat as skipped, not passed, when there is nothing to compare with", () => {
    const dir = project();
    const run = meshkit(["ci", ...NOW], dir);
    expect(run.stdout).toContain("not a git repository");
    expect(run.stdout).toMatch(/✅ Safe to merge: 4 stages passed; skipped: schema-compat\./);
    expect(run.status).toBe(0);
  });

  it("on a push, says a stage that stopped it could not run, not that it failed (no sample data for contract-test)", () => {
    const dir = project();
    rmSync(join(dir, "finance/quarterly_ledger/data/ledger_entries.csv"));
    const run = meshkit(["ci", "--event", "push", "--no-tags", ...NOW, "-f", "junit", "-o", "report.xml"], dir);
    expect(run.stdout).toMatch(/^⛔ contract-test: could not run/m);
    expect(run.stdout).toContain("⏭ catalog-publish: skipped (not published: contract-test could not run)");
    expect(readFileSync(join(dir, ".meshkit/ci/push.md"), "utf8")).toContain("not published: contract-test could not run.");
    expect(run.status).toBe(2);
    // In JUnit too: the data contract-test could not read is an error (a test that could not run), not a failure.
    const junit = readFileSync(join(dir, "report.xml"), "utf8");
    expect(junit).toMatch(/<testsuites name="meshkit ci \(push\)" tests="\d+" failures="0" errors="1"/);
    expect(junit).toMatch(/<error type="error" message="quality-data-unreadable: /);
  });
});

describe("meshkit ci --format, one report of every stage", () => {
  /** The finance example with a version that is not semver: contract-lint fails, the other stages pass or are skipped. */
  function failingProject(): string {
    const dir = project();
    const file = join(dir, "finance/quarterly_ledger/ledger_entries.odcs.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^version: .*$/m, "version: banana"));
    return dir;
  }

  it("json on stdout holds the findings of every stage, each stage's outcome and the verdict; the stages' lines go to stderr", () => {
    const dir = failingProject();
    const run = meshkit(["ci", "-f", "json", ...NOW], dir);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; severity: string; stage: string; line: number }[]; event: string; verdict: string; stages: { stage: string; status: string; exitCode: number }[]; summary: { errors: number } };
    expect(report.event).toBe("pull_request");
    expect(report.verdict).toBe("❌ Not safe to merge: contract-lint fails.");
    expect(report.stages.map((s) => [s.stage, s.status, s.exitCode])).toEqual([
      ["contract-lint", "failed", 1],
      ["schema-compat", "skipped", 0],
      ["policy-check", "passed", 0],
      ["contract-test", "passed", 0],
      ["provision", "passed", 0],
    ]);
    expect(report.findings.filter((f) => f.severity === "error").map((f) => [f.stage, f.ruleId])).toContainEqual(["lint", "semver-version"]);
    expect(report.summary.errors).toBe(report.findings.filter((f) => f.severity === "error").length);
    expect(run.stderr).toMatch(/^✖ contract-lint: /m);
    expect(run.stderr).toContain("❌ Not safe to merge: contract-lint fails.");
  });

  it("on a push, stdout holds the json report alone, the catalog site's line too going to stderr", () => {
    const dir = project();
    const run = meshkit(["ci", "--event", "push", "--no-tags", "-f", "json", ...NOW], dir);
    expect([run.status, run.stderr]).toEqual([0, expect.stringMatching(/^catalog site: 1 product/m)]);
    const report = JSON.parse(run.stdout) as { event: string; verdict: string; stages: { stage: string; status: string }[] };
    expect([report.event, report.verdict]).toEqual(["push", "✅ Released: 3 stages passed."]);
    expect(report.stages.map((s) => [s.stage, s.status])).toEqual([
      ["provision", "passed"],
      ["contract-test", "passed"],
      ["catalog-publish", "passed"],
    ]);
  });

  it("writes sarif to --output as one run in the event's category, keeping the stages' lines on stdout", () => {
    const dir = failingProject();
    const run = meshkit(["ci", "-f", "sarif", "-o", "out/ci.sarif", ...NOW], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^✖ contract-lint: /m);
    expect(run.stderr).toMatch(/report written to out\/ci\.sarif\n$/);
    const sarif = JSON.parse(readFileSync(join(dir, "out/ci.sarif"), "utf8")) as { runs: { automationDetails: { id: string }; results: { ruleId: string }[] }[] };
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0]!.automationDetails.id).toBe("ci-pull_request/");
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain("semver-version");
  });

  it("lists a file that does not parse once, though every stage that reads it reports it (json, sarif, github)", () => {
    const dir = project();
    const file = join(dir, "finance/quarterly_ledger/ledger_entries.odcs.yaml");
    writeFileSync(file, `${readFileSync(file, "utf8")}\nslaProperties: [unclosed\n`);
    const json = meshkit(["ci", "-f", "json", ...NOW], dir);
    expect(json.status).toBe(2);
    const report = JSON.parse(json.stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[]; summary: { errors: number }; stages: { status: string }[] };
    expect(report.stages.filter((s) => s.status === "could not run").length).toBeGreaterThan(1);
    const syntax = report.findings.filter((f) => f.ruleId === "yaml-syntax");
    expect(syntax.length).toBeGreaterThan(0);
    const places = syntax.map((f) => `${f.file}:${f.line}:${f.column}`);
    expect(places).toEqual([...new Set(places)]);
    const sarif = JSON.parse(meshkit(["ci", "-f", "sarif", ...NOW], dir).stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.filter((r) => r.ruleId === "yaml-syntax")).toHaveLength(syntax.length);
    const annotations = meshkit(["ci", "-f", "github", ...NOW], dir).stdout.split("\n").filter((line) => line.includes("yaml-syntax"));
    expect(annotations).toHaveLength(syntax.length);
  });

  it("says an SLA property meshkit does not know once, as lint does, not again from contract-test; a name of the contract's own is an info", () => {
    const dir = project();
    const file = join(dir, "finance/quarterly_ledger/ledger_entries.odcs.yaml");
    const own = "  - property: supportHours\n    value: 9-17\n  - property: latancy\n    value: 1\n    unit: d\n    element: ledger_entries.posted_at\n";
    writeFileSync(file, readFileSync(file, "utf8").replace("slaProperties:\n", `slaProperties:\n${own}`));
    const run = meshkit(["ci", "-f", "json", ...NOW], dir);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; severity: string; stage: string; line: number }[]; stages: { stage: string; status: string; summary?: { warnings: number; infos: number } }[] };
    expect(report.findings.filter((f) => f.line === 242 || f.line === 244).map((f) => [f.stage, f.ruleId, f.severity, f.line])).toEqual([
      ["lint", "sla-property", "info", 242],
      ["lint", "sla-property", "warning", 244],
    ]);
    expect(report.stages.find((s) => s.stage === "contract-test")).toMatchObject({ status: "passed", summary: { warnings: 0, infos: 0 } });
    // With lint's rule off, contract-test's findings are the only ones, and stay.
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    sla-property: 'off'\n");
    const unlinted = JSON.parse(meshkit(["ci", "-f", "json", ...NOW], dir).stdout) as typeof report;
    expect(unlinted.findings.filter((f) => f.line === 242 || f.line === 244).map((f) => [f.stage, f.ruleId, f.severity, f.line])).toEqual([
      ["test", "quality-not-checked", "info", 242],
      ["test", "quality-not-checked", "warning", 244],
    ]);
    // Silenced in lint where it stands, with its reason: not said again by contract-test either.
    rmSync(join(dir, "meshkit.yaml"));
    writeFileSync(file, readFileSync(file, "utf8").replace("  - property: latancy\n", "  # meshkit-disable-next-line sla-property -- the feed's own name\n  - property: latancy\n"));
    const silenced = JSON.parse(meshkit(["ci", "-f", "json", ...NOW], dir).stdout) as typeof report;
    expect(silenced.findings.filter((f) => f.line >= 242 && f.line <= 245).map((f) => [f.stage, f.ruleId, f.severity, f.line])).toEqual([["lint", "sla-property", "info", 242]]);
  });

  it("markdown is the PR comment itself", () => {
    const dir = failingProject();
    const run = meshkit(["ci", "-f", "markdown", ...NOW], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(readFileSync(join(dir, ".meshkit/ci/pull_request.md"), "utf8"));
  });

  it("a run that stops before its stages still leaves a json report saying why, and no earlier one", () => {
    const dir = project();
    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "out/ci.json"), '{"verdict": "an earlier run"}');
    const run = meshkit(["ci", "-f", "json", "-o", "out/ci.json", "--base", "no-such-ref", ...NOW], dir);
    expect(run.status).toBe(2);
    const report = JSON.parse(readFileSync(join(dir, "out/ci.json"), "utf8")) as { error: string; findings: unknown[] };
    expect(report.findings).toEqual([]);
    expect(report.error).toContain("--base no-such-ref");
  });
});

describe("meshkit ci, the policy-check stage line", () => {
  /** A project whose one contract fails a rule of its own pack, which a waiver expiring on `expires` accepts. */
  function waivedProject(name: string, expires: string): string {
    const dir = tempDir(name);
    mkdirSync(join(dir, "policies"));
    writeFileSync(
      join(dir, "policies/tables.yaml"),
      "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: tables\nspec:\n  match:\n    kinds: [DataContract]\n  validations:\n    - id: table-described\n      forEach: schemaObjects\n      expression: has(item.value.description)\n      message: Every table has a description.\n",
    );
    writeFileSync(join(dir, "orders.odcs.yaml"), "apiVersion: v3.0.2\nkind: DataContract\nid: shop-orders\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n    physicalType: table\n");
    writeFileSync(
      join(dir, "meshkit.yaml"),
      `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies/]\n  waivers:\n    - rule: table-described\n      document: shop-orders\n      justification: described in the next release (DATA-1)\n      approver: jane@acme.example\n      expires: ${expires}\n`,
    );
    return dir;
  }

  it("counts the failures waivers accept, as meshkit policy does", () => {
    const run = meshkit(["ci", ...NOW], waivedProject("ci-waived", "2099-12-31"));
    expect(run.stdout).toMatch(/^✔ policy-check: no problems in \d+ files? \(1 waived\) \(/m);
  });

  it("judges waiver expiry by today's date, not by --now: a sample pinned before the expiry does not keep a waiver applying", () => {
    // Expired in real time (2026-07-01 is past whenever this runs), though current as of NOW's sample time (2026-06-30).
    const dir = waivedProject("ci-waiver-clock", "2026-07-01");
    const run = meshkit(["ci", ...NOW], dir);
    expect(run.stdout).toMatch(/^✖ policy-check: 1 error, 1 warning/m);
    expect(run.stdout).toContain("waiver-expired");
    // As `meshkit policy` (and the policy-check action, which has no clock) judges it.
    const policy = meshkit(["policy"], dir);
    expect(policy.stdout).toContain("waiver-expired");
  });
});

describe("meshkit ci, a stage that stops after it found things", () => {
  type CiJson = { findings: { ruleId: string; stage: string }[]; error?: string; stages: { stage: string; status: string; summary?: { infos: number; errors: number } }[] };

  it("a push whose DataHub (a local server answering as GMS does) refuses the token keeps publish's findings beside the reason, in text, json, sarif and the comment", async () => {
    const gms = await startGmsServer({ token: "dh-ci-secret-3307" });
    try {
      const dir = project();
      const args = ["ci", "--event", "push", "--no-tags", "--catalog", `datahub:${gms.url}`, ...NOW];
      const env = { MESHKIT_DATAHUB_TOKEN: "not-the-token" };
      const text = await meshkitAsync(args, dir, env);
      expect(text.status).toBe(2);
      // The input port whose upstream contract is not published: an info catalog-publish found before DataHub refused.
      expect(text.stdout).toMatch(/^⛔ catalog-publish: could not run \(quarterly_ledger 1\.1\.0 \(finance\): DataHub at .* answered HTTP 401 .*\n {2}finance\/quarterly_ledger\/product\.odps\.yaml:\d+:\d+: info catalog-lineage-unresolved input port erp_general_ledger/m);
      expect(text.stdout).not.toContain("not-the-token");
      const comment = readFileSync(join(dir, ".meshkit/ci/push.md"), "utf8");
      const section = comment.slice(comment.indexOf("<!-- meshkit:stage catalog-publish"));
      expect(section).toMatch(/^### ⛔ catalog-publish: could not run\n\n.*answered HTTP 401/m);
      expect(section).toContain("Found before it stopped:");
      expect(section).toContain("catalog-lineage-unresolved");

      const json = await meshkitAsync([...args, "-f", "json"], dir, env);
      expect(json.status).toBe(2);
      const report = JSON.parse(json.stdout) as CiJson;
      expect(report.findings.map((f) => [f.stage, f.ruleId])).toEqual([["catalog", "catalog-lineage-unresolved"]]);
      expect(report.error).toMatch(/^catalog-publish could not run: .*HTTP 401/);
      expect(report.stages.find((s) => s.stage === "catalog-publish")).toMatchObject({ status: "could not run", summary: { infos: 1, errors: 0 } });

      const sarif = JSON.parse((await meshkitAsync([...args, "-f", "sarif"], dir, env)).stdout) as { runs: { results: { ruleId: string }[]; invocations: { executionSuccessful: boolean }[]; tool: { driver: { rules: { id: string }[] } } }[] };
      expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(["catalog-lineage-unresolved"]);
      expect(sarif.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
      expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain("catalog-lineage-unresolved");

      const markdown = await meshkitAsync([...args, "-f", "markdown"], dir, env);
      expect(markdown.stdout).toContain("Found before it stopped:");
      expect(markdown.stdout).toContain("catalog-lineage-unresolved");
    } finally {
      await gms.close();
    }
  });

  it("a pull request whose consumer catalog cannot be reached keeps the breaking change and the version verdict compat found", () => {
    const dir = project();
    cpSync(join(dir, "finance"), join(dir, "released"), { recursive: true });
    const file = join(dir, "finance/quarterly_ledger/ledger_entries.odcs.yaml");
    const removed = readFileSync(file, "utf8").replace(/ {6}- name: account_name\n(?: {8}.*\n)+/, "");
    writeFileSync(file, removed);
    const args = ["ci", "finance", "--base", "released", "--catalog", "git:/nonexistent/catalog.git#main", ...NOW];
    const text = meshkit(args, dir);
    expect(text.status).toBe(2);
    expect(text.stdout).toMatch(/^⛔ schema-compat: could not run \(cannot reach catalog git:\/nonexistent\/catalog\.git#main: .*\n {2}finance\/quarterly_ledger\/ledger_entries\.odcs\.yaml:\d+:\d+: error version-bump /m);
    expect(text.stdout).toMatch(/^ {2}finance\/quarterly_ledger\/ledger_entries\.odcs\.yaml:\d+:\d+: warning property-removed-required Property `ledger_entries\.account_name`/m);
    const comment = readFileSync(join(dir, ".meshkit/ci/pull_request.md"), "utf8");
    const section = comment.slice(comment.indexOf("<!-- meshkit:stage schema-compat"), comment.indexOf("<!-- /meshkit:stage schema-compat"));
    expect(section).toContain("cannot reach catalog");
    expect(section).toContain("version-bump");

    const report = JSON.parse(meshkit([...args, "-f", "json"], dir).stdout) as CiJson;
    expect(report.findings.filter((f) => f.stage === "compat").map((f) => f.ruleId)).toEqual(expect.arrayContaining(["version-bump", "property-removed-required"]));
    expect(report.stages.find((s) => s.stage === "schema-compat")).toMatchObject({ status: "could not run", summary: { errors: 1 } });
  });
});
