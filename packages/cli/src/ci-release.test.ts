/**
 * `meshkit ci --event push` releases: what it tags must be HEAD's committed content on the default
 * branch, the comment's path must be writable before anything is applied, a destructive change is
 * approved with --allow-destructive, and the push stages stop where the workflow's steps stop.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, git, meshkit, requireBuiltCli, tempDir } from "./test-support.js";

beforeAll(requireBuiltCli);

const NOW = ["--now", "2026-06-30T06:00:00Z"];
/** A git identity for the annotated release tags (a test machine may have none). */
const IDENTITY = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
const LEDGER = "finance/quarterly_ledger/ledger_entries.odcs.yaml";

/** The finance example (a product, two contracts, sample data), outside any git repository. */
function project(): string {
  const dir = tempDir("ci-release");
  cpSync(join(REPO_ROOT, "examples/domains/finance"), join(dir, "finance"), { recursive: true });
  return dir;
}

/** The finance example committed on main, with meshkit's outputs ignored as a domain repository ignores them. */
function repository(): string {
  const dir = project();
  writeFileSync(join(dir, ".gitignore"), ".meshkit/\nlake/\n");
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "finance");
  return dir;
}

function tags(dir: string): string[] {
  return git(dir, "tag", "--list").stdout.split("\n").filter(Boolean);
}

/** The ledger contract without its account_name column, at a major version (a correctly versioned removal). */
function removeAccountName(dir: string): void {
  const file = join(dir, LEDGER);
  const text = readFileSync(file, "utf8").replace(/\n {6}- name: account_name\n(?: {8}.*\n)+/, "\n");
  writeFileSync(file, text.replace(/^version: \d+\.\d+\.\d+$/m, "version: 2.0.0"));
  // The product releases that contract version on its port: a major release of the product too.
  const product = join(dir, "finance/quarterly_ledger/product.odps.yaml");
  writeFileSync(
    product,
    readFileSync(product, "utf8")
      .replace(/^version: \d+\.\d+\.\d+$/m, "version: 2.0.0")
      .replace(/(- name: ledger_entries\n(?: {4}.*\n)*? {4}version: )\d+\.\d+\.\d+/, "$12.0.0")
      // quarterly_balances is built from it: its port lists the contract's new version as its input.
      .replace(/(- id: 293233bb-3c84-4c9a-8ad6-00569072581d\n {8}version: )\d+\.\d+\.\d+/, "$12.0.0"),
  );
}

describe("meshkit ci --event push, uncommitted changes", () => {
  it("refuses to tag HEAD while the project differs from it (tracked and untracked documents), before applying", () => {
    const dir = repository();
    writeFileSync(join(dir, LEDGER), readFileSync(join(dir, LEDGER), "utf8").replace(/^version: .*$/m, "version: 9.0.0"));
    writeFileSync(join(dir, "finance/new.odcs.yaml"), "apiVersion: v3.1.0\n");
    writeFileSync(join(dir, "notes.txt"), "not a document\n");
    const push = meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY);
    expect(push.status).toBe(2);
    expect(push.stderr).toBe(
      `meshkit: --event push tags HEAD with each released version, and the project differs from HEAD: finance/new.odcs.yaml, ${LEDGER}; commit first (a tag must point at what was released), or pass --no-tags\n`,
    );
    expect(push.stdout).toBe("");
    expect(existsSync(join(dir, ".meshkit"))).toBe(false);
    expect(tags(dir)).toEqual([]);
  });

  it("with --no-tags releases them, and says that what it released is in no commit (and that --base is not used)", () => {
    const dir = repository();
    writeFileSync(join(dir, "finance/new.odcs.yaml"), "apiVersion: v3.1.0\n");
    git(dir, "rm", "-q", "finance/quarterly_ledger/quarterly_balances.odcs.yaml");
    const push = meshkit(["ci", "--event", "push", "--no-tags", "--base", "v1.0.0", ...NOW], dir);
    expect(push.stdout).toContain(
      "note: this push releases uncommitted changes (finance/new.odcs.yaml, finance/quarterly_ledger/quarterly_balances.odcs.yaml): what is applied and published is in no commit (--no-tags: nothing is tagged)",
    );
    // A flag the push has no use for is said, not silently passed over.
    expect(push.stdout).toContain("note: --base is not used by a push (schema-compat runs on pull requests)\n");
    expect(tags(dir)).toEqual([]);
  });

  it("tags a clean HEAD, and meshkit's own outputs (even when not gitignored) do not count as changes", () => {
    const dir = repository();
    writeFileSync(join(dir, ".gitignore"), "");
    git(dir, "commit", "-q", "-am", "nothing ignored");
    const first = meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY);
    expect([first.status, first.stderr]).toEqual([0, ""]);
    expect(tags(dir)).toEqual([expect.stringMatching(/\/v\d+\.\d+\.\d+$/)]);
    // Tagged here only, not on origin: the run says how to share the tag.
    expect(first.stdout).toContain("note: the release tag is in this repository only: git push origin --tags publishes it");
    // .meshkit/ (warehouse, results, comment, catalog, site) and lake/ are there now, untracked.
    expect(existsSync(join(dir, "lake"))).toBe(true);
    const again = meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY);
    expect([again.status, again.stderr]).toEqual([0, ""]);
  });

  it("names the checkout beside the working directory that products come from, where their release tags are and are pushed from", () => {
    const platform = tempDir("ci-release-platform");
    const sales = join(platform, "sales");
    cpSync(join(REPO_ROOT, "examples/domains/finance"), join(sales, "finance"), { recursive: true });
    writeFileSync(join(sales, ".gitignore"), ".meshkit/\nlake/\n");
    git(sales, "init", "-q", "-b", "main");
    git(sales, "add", ".");
    git(sales, "commit", "-q", "-m", "finance");
    writeFileSync(join(platform, ".gitignore"), ".meshkit/\nlake/\n");
    git(platform, "init", "-q", "-b", "main");
    git(platform, "add", ".gitignore");
    git(platform, "commit", "-q", "-m", "platform");
    const push = meshkit(["ci", "sales", "--event", "push", ...NOW], platform, IDENTITY);
    expect([push.status, push.stderr]).toEqual([0, ""]);
    expect(tags(sales)).toEqual([expect.stringMatching(/\/v\d+\.\d+\.\d+$/)]);
    expect(tags(platform)).toEqual([]);
    expect(push.stdout).toContain("note: the release tag is in the checkout sales only: git -C sales push origin --tags publishes it");
  });

  it("tests the server --server names on a push (where the produced data lives), not the sample data, and stops there when a contract lacks it", () => {
    const dir = project();
    const missing = meshkit(["ci", "--event", "push", "--no-tags", "--server", "production", ...NOW], dir);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain("error quality-data-unreadable No data to test: no server named `production` in the contract (servers: local, warehouse).");
    expect(missing.stdout).toContain("catalog-publish: skipped");
    expect(meshkit(["ci", "--event", "push", "--no-tags", "--server", "local", ...NOW], dir).status).toBe(0);
  });

  it("passes a push of contracts alone: nothing to publish, so no catalog site to build from a catalog never written", () => {
    const dir = project();
    const push = meshkit(["ci", LEDGER, "--event", "push", "--no-tags", ...NOW], dir);
    expect([push.status, push.stderr]).toEqual([0, ""]);
    expect(push.stdout).toContain("nothing to publish");
    expect(push.stdout).not.toContain("Catalog site:");
  });

  it("is not released when a product cannot be tagged: a version that is not semver, or a released version whose documents changed", () => {
    const dir = repository();
    const product = join(dir, "finance/quarterly_ledger/product.odps.yaml");
    const released = readFileSync(product, "utf8");
    writeFileSync(product, released.replace(/^version: \d+\.\d+\.\d+$/m, 'version: "1.0"'));
    git(dir, "commit", "-q", "-am", "a version that is not semver");
    const loose = meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY);
    expect(loose.status).toBe(1);
    expect(loose.stdout).toMatch(/product\.odps\.yaml:\d+:\d+: error catalog-release-not-tagged Published but not tagged: its version "1\.0" is not semver/);
    expect(loose.stdout).toContain("❌ Not released");
    expect(tags(dir)).toEqual([]);

    // Released properly, then changed under the same version: the tag stays where it was, and the push says so as an error.
    writeFileSync(product, released);
    git(dir, "commit", "-q", "-am", "semver again");
    expect(meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY).status).toBe(0);
    writeFileSync(product, released.replace(/^tenant: .*$/m, "tenant: another-tenant"));
    git(dir, "commit", "-q", "-am", "changed, same version");
    const stale = meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toMatch(/error catalog-release-not-tagged Published but not tagged: \S+\/v\d+\.\d+\.\d+ already marks another commit .* Bump the product version/);
    expect(tags(dir)).toHaveLength(1);
  });

  it("is not released when a contract the product serves changed under the same product version", () => {
    const dir = repository();
    expect(meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY).status).toBe(0);
    expect(tags(dir)).toHaveLength(1);
    // The product document is as released; its ledger contract is not: the tag marks the earlier contract.
    const ledger = join(dir, LEDGER);
    // (Its table's description too, which the catalog site shows.)
    writeFileSync(ledger, readFileSync(ledger, "utf8").replace(/^(\s+purpose: ).*$/m, "$1Changed after the release.").replace("One row per posted ledger line", "Changed after the release; one row per posted ledger line"));
    git(dir, "commit", "-q", "-am", "contract changed, same version");
    const stale = meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY);
    expect(stale.status, stale.stdout + stale.stderr).toBe(1);
    expect(stale.stdout).toMatch(/error catalog-release-not-tagged Published but not tagged: \S+\/v\d+\.\d+\.\d+ already marks another commit .* Bump the product version/);
    expect(stale.stdout).toContain("❌ Not released");
    expect(stale.stdout).not.toContain("the product is unchanged since");
    // The catalog entry was replaced all the same (catalog-version-changed): the site shows what the catalog now holds.
    expect(stale.stdout).toContain(`Catalog site: ${join(dir, ".meshkit/site/index.html")}`);
    const pages = join(dir, ".meshkit/site/products");
    expect(readdirSync(pages).some((page) => readFileSync(join(pages, page), "utf8").includes("Changed after the release; one row"))).toBe(true);
  });

  it("is not released when a contract the product serves changed, the product named alone (its contracts found as the publish finds them)", () => {
    const dir = repository();
    const product = "finance/quarterly_ledger/product.odps.yaml";
    expect(meshkit(["ci", "--event", "push", ...NOW, product], dir, IDENTITY).status).toBe(0);
    expect(tags(dir)).toHaveLength(1);
    const ledger = join(dir, LEDGER);
    writeFileSync(ledger, readFileSync(ledger, "utf8").replace(/^(\s+purpose: ).*$/m, "$1Changed after the release."));
    git(dir, "commit", "-q", "-am", "contract changed, same version");
    const stale = meshkit(["ci", "--event", "push", ...NOW, product], dir, IDENTITY);
    expect(stale.status, stale.stdout + stale.stderr).toBe(1);
    expect(stale.stdout).toMatch(/error catalog-release-not-tagged Published but not tagged: \S+\/v\d+\.\d+\.\d+ already marks another commit/);
    expect(stale.stdout).not.toContain("the product is unchanged since");
  });

  it("tags nothing when publishing fails as --fail-on judges it: a warning under --fail-on warning", () => {
    const dir = repository();
    expect(meshkit(["ci", "--event", "push", "--no-tags", ...NOW], dir).status).toBe(0);
    // The same version with other documents: published again with a catalog-version-changed warning.
    const product = join(dir, "finance/quarterly_ledger/product.odps.yaml");
    writeFileSync(product, readFileSync(product, "utf8").replace(/^tenant: .*$/m, "tenant: another-tenant"));
    git(dir, "commit", "-q", "-am", "changed, same version");
    const push = meshkit(["ci", "--event", "push", "--fail-on", "warning", ...NOW], dir, IDENTITY);
    expect(push.status).toBe(1);
    expect(push.stdout).toContain("warning catalog-version-changed");
    expect(push.stdout).toContain("❌ Not released: catalog-publish fails.");
    expect(push.stdout).not.toContain("note: tagged");
    expect(tags(dir)).toEqual([]);
  });

  it("looks at the folders named on the command line and meshkit.yaml, not the rest of the repository", () => {
    const dir = repository();
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    writeFileSync(join(dir, "README.md"), "finance\n");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "config");
    writeFileSync(join(dir, "README.md"), "finance, changed\n");
    const push = meshkit(["ci", "finance", "--event", "push", ...NOW], dir, IDENTITY);
    expect([push.status, push.stderr]).toEqual([0, ""]);
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n# changed\n");
    const config = meshkit(["ci", "finance", "--event", "push", ...NOW], dir, IDENTITY);
    expect([config.status, config.stderr]).toEqual([2, expect.stringContaining("the project differs from HEAD: meshkit.yaml; commit first")]);
  });
});

describe("meshkit ci --event push to a catalog that holds no entries", () => {
  it("publishes to meshkit.yaml's backstage: catalog and releases, with no site to build from it", () => {
    const dir = repository();
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\ncatalog:\n  target: backstage:backstage\n");
    git(dir, "add", "meshkit.yaml");
    git(dir, "commit", "-q", "-m", "catalog");
    const push = meshkit(["ci", "--event", "push", "--no-tags", ...NOW], dir);
    expect([push.status, push.stderr]).toEqual([0, ""]);
    expect(push.stdout).toContain("✅ Released: 3 stages passed");
    expect(push.stdout).not.toContain("Catalog site:");
    expect(readdirSync(join(dir, "backstage")).length).toBeGreaterThan(0);
  });
});

describe("meshkit ci --event push, the branch it releases from", () => {
  it("refuses to tag on a branch that is not the default one; --no-tags and a detached HEAD run", () => {
    const dir = repository();
    git(dir, "checkout", "-q", "-b", "feature");
    const push = meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY);
    expect([push.status, push.stderr]).toEqual([
      2,
      "meshkit: --event push tags releases, and branch feature is not the default branch (main or master): releases are made from it; use --event pull_request to check this branch, or --no-tags\n",
    ]);
    expect(existsSync(join(dir, ".meshkit"))).toBe(false);
    expect(meshkit(["ci", "--event", "push", "--no-tags", ...NOW], dir).status).toBe(0);
    // GitLab and other CI systems check the pushed commit out detached.
    git(dir, "checkout", "-q", "--detach");
    expect(meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY).status).toBe(0);
    // A detached commit that is not on the default branch is not released: its tag would read as one.
    writeFileSync(join(dir, "README.md"), "a feature\n");
    git(dir, "add", "README.md");
    git(dir, "commit", "-q", "-m", "feature only");
    const stray = meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY);
    const head = git(dir, "rev-parse", "--short=12", "HEAD").stdout.trim();
    expect([stray.status, stray.stderr]).toEqual([2, expect.stringContaining(`the detached HEAD ${head} is not a commit of the default branch (main): releases are made from it`)]);
    // The default branch is the one named branches are judged by (init.defaultBranch here), not any `main`.
    git(dir, "branch", "-f", "develop", "HEAD~1");
    git(dir, "checkout", "-q", "main");
    git(dir, "merge", "-q", "--ff-only", "HEAD@{1}");
    git(dir, "config", "init.defaultBranch", "develop");
    git(dir, "checkout", "-q", "--detach", "main");
    const onMain = meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY);
    expect([onMain.status, onMain.stderr]).toEqual([2, expect.stringContaining("is not a commit of the default branch (develop)")]);
  });

  it("knows the default branch from origin/HEAD first, then init.defaultBranch", () => {
    const dir = repository();
    git(dir, "update-ref", "refs/remotes/origin/trunk", "HEAD");
    git(dir, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk");
    const push = meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY);
    expect([push.status, push.stderr]).toEqual([2, expect.stringContaining("branch main is not the default branch (trunk)")]);
    git(dir, "symbolic-ref", "--delete", "refs/remotes/origin/HEAD");
    git(dir, "config", "init.defaultBranch", "develop");
    expect(meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY).stderr).toContain("branch main is not the default branch (develop)");
    // Neither says: a plain `git init` on master releases from master as it would from main.
    git(dir, "config", "--unset", "init.defaultBranch");
    git(dir, "branch", "-q", "-m", "master");
    expect(meshkit(["ci", "--event", "push", ...NOW], dir, IDENTITY).status).toBe(0);
  });

  it("takes the default branch from a GitHub push event's payload, in a step's script or container without GITHUB_ACTIONS too", () => {
    const dir = repository();
    git(dir, "branch", "-q", "-m", "trunk");
    const event = join(tempDir("event"), "push.json");
    writeFileSync(event, JSON.stringify({ ref: "refs/heads/trunk", repository: { default_branch: "trunk", full_name: "acme/finance" } }));
    // The production gate read the branch from the event; the checkout alone (no origin/HEAD) cannot tell trunk is the default one.
    const push = meshkit(["ci", "--event", "push", ...NOW], dir, { ...IDENTITY, GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: event });
    expect([push.status, push.stderr]).toEqual([0, ""]);
    expect(tags(dir)).not.toEqual([]);
  });
});

describe("meshkit ci, the comment's path", () => {
  it("refuses a --markdown path that cannot be written before anything is applied", () => {
    const dir = project();
    writeFileSync(join(dir, "a-file"), "x");
    const push = meshkit(["ci", "--event", "push", "--no-tags", "--markdown", "a-file/ci.md", ...NOW], dir);
    expect([push.status, push.stderr]).toEqual([2, expect.stringMatching(/^meshkit: cannot write --markdown .*a-file\/ci\.md: .*\n$/)]);
    expect(existsSync(join(dir, ".meshkit"))).toBe(false);
    mkdirSync(join(dir, "folder.md"));
    const folder = meshkit(["ci", "--event", "push", "--no-tags", "--markdown", "folder.md", ...NOW], dir);
    expect([folder.status, folder.stderr]).toEqual([2, `meshkit: cannot write --markdown ${join(dir, "folder.md")}: it is a folder\n`]);
    expect(existsSync(join(dir, ".meshkit"))).toBe(false);
  });

  it.runIf(process.platform === "linux")("refuses a --markdown path under /proc, where no folder can be made", () => {
    const dir = project();
    const push = meshkit(["ci", "--event", "push", "--no-tags", "--markdown", "/proc/nope/x.md", ...NOW], dir);
    expect([push.status, push.stderr]).toEqual([2, expect.stringMatching(/^meshkit: cannot write --markdown \/proc\/nope\/x\.md: .*\n$/)]);
    expect(existsSync(join(dir, ".meshkit"))).toBe(false);
  });
});

describe("meshkit ci, a destructive change", () => {
  it("is refused by plan and apply alike, approved for both with --allow-destructive; a failed apply stops the push there", () => {
    const dir = project();
    expect(meshkit(["ci", "--event", "push", "--no-tags", ...NOW], dir).status).toBe(0);
    removeAccountName(dir);

    const refusedPlan = meshkit(["ci", ...NOW], dir);
    expect(refusedPlan.stdout).toContain("error provision-destructive-change");
    expect(refusedPlan.stdout).toContain("re-run with --allow-destructive");
    expect(refusedPlan.status).toBe(1);
    const approvedPlan = meshkit(["ci", "--allow-destructive", ...NOW], dir);
    expect(approvedPlan.stdout).toMatch(/✅ Safe to merge/);
    // Approved is not hidden: the plan the reviewer reads still lists the drop.
    expect(readFileSync(join(dir, ".meshkit/ci/pull_request.md"), "utf8")).toContain("account_name");
    expect(approvedPlan.status).toBe(0);

    // As the workflow's steps: nothing after a failed apply runs.
    const refusedApply = meshkit(["ci", "--event", "push", "--no-tags", ...NOW], dir);
    expect(refusedApply.stdout).toContain("✖ provision:");
    expect(refusedApply.stdout).toContain("⏭ contract-test: skipped (not run: provision failed)");
    expect(refusedApply.stdout).toContain("⏭ catalog-publish: skipped (not published: provision failed)");
    expect(refusedApply.stdout).not.toContain("✔ contract-test");
    expect(refusedApply.status).toBe(1);
    const approvedApply = meshkit(["ci", "--event", "push", "--no-tags", "--allow-destructive", ...NOW], dir);
    expect(approvedApply.stdout).toContain("✅ Released");
    expect(approvedApply.status).toBe(0);
  });
});
