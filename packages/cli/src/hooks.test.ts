import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BROKEN_CONTRACT, GOOD_CONTRACT, REPO_ROOT, git, meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

beforeAll(requireBuiltCli);

/**
 * A domain repository as a team would have it: meshkit installed in node_modules (here a link to this
 * build), a package.json, and `meshkit hooks install` run once.
 */
function domainRepo(extra: Record<string, string> = {}): string {
  const dir = tempDir("domain");
  git(dir, "init", "-q", "-b", "main");
  writeFiles(dir, { "package.json": '{\n  "name": "sales-domain",\n  "private": true\n}\n', ".gitignore": "node_modules/\n", ...extra });
  writeFiles(dir, { "node_modules/.bin/.keep": "" });
  symlinkSync(join(REPO_ROOT, "packages/cli/bin/meshkit.js"), join(dir, "node_modules/.bin/meshkit"));
  return dir;
}

describe("meshkit hooks install", () => {
  it("sets up husky, prepare and the pre-commit hook, idempotently", () => {
    const dir = domainRepo();
    const first = meshkit(["hooks", "install"], dir);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(git(dir, "config", "core.hooksPath").stdout.trim()).toBe(".husky/_");
    const hook = readFileSync(join(dir, ".husky/pre-commit"), "utf8");
    expect(hook).toContain("meshkit hook pre-commit");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg.scripts.prepare).toBe("husky");
    expect(pkg.devDependencies.husky).toMatch(/^\^9/);

    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    expect(readFileSync(join(dir, ".husky/pre-commit"), "utf8")).toBe(hook);
  });

  it("keeps existing husky lines, an existing prepare script and a legacy .git/hooks hook", () => {
    const dir = domainRepo({ ".husky/pre-commit": "npm run format:check\n", "package.json": '{"scripts":{"prepare":"node setup.js"}}\n' });
    writeFileSync(join(dir, ".git/hooks/pre-commit"), "#!/bin/sh\necho legacy-hook-ran\n");
    chmodSync(join(dir, ".git/hooks/pre-commit"), 0o755);
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    const hook = readFileSync(join(dir, ".husky/pre-commit"), "utf8");
    expect(hook.startsWith("npm run format:check\n")).toBe(true);
    expect(hook).toContain("hooks/pre-commit");
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts.prepare).toBe("node setup.js && husky");
  });

  it("puts its lines before an existing hook's top-level `exit`, so that they run; a broken contract is then refused", () => {
    const dir = domainRepo({ ".husky/pre-commit": "echo checking\nexit 0\n" });
    const installed = meshkit(["hooks", "install"], dir);
    expect(installed.stdout).toContain("before the existing lines' `exit`");
    const hook = readFileSync(join(dir, ".husky/pre-commit"), "utf8");
    expect(hook.indexOf("meshkit hook pre-commit")).toBeLessThan(hook.indexOf("exit 0"));
    expect(hook.startsWith("echo checking\n")).toBe(true);
    writeFiles(dir, { "orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", "orders.yaml");
    expect(git(dir, "commit", "-m", "broken").status).not.toBe(0);
  });

  it("installed from a project below the repository's top, runs that project's meshkit and prepares husky from there", () => {
    const dir = tempDir("domain-subfolder");
    git(dir, "init", "-q", "-b", "main");
    // meshkit is installed only in the `data platform/` project, not at the top: the hook must find it there.
    writeFiles(dir, { "data platform/package.json": '{\n  "name": "sales-data"\n}\n', ".gitignore": "node_modules/\n", "data platform/node_modules/.bin/.keep": "" });
    symlinkSync(join(REPO_ROOT, "packages/cli/bin/meshkit.js"), join(dir, "data platform/node_modules/.bin/meshkit"));
    const installed = meshkit(["hooks", "install"], join(dir, "data platform"));
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toContain("data platform/package.json: prepare runs husky");
    expect(readFileSync(join(dir, ".husky/pre-commit"), "utf8")).toContain("'./data platform/node_modules/.bin/meshkit' hook pre-commit");
    expect(JSON.parse(readFileSync(join(dir, "data platform/package.json"), "utf8")).scripts.prepare).toBe("cd .. && husky");
    expect(existsSync(join(dir, "package.json"))).toBe(false);

    writeFiles(dir, { "data platform/contracts/orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", ".");
    const refused = git(dir, "commit", "-m", "broken");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/data platform\/contracts\/orders\.yaml:\d+:\d+: error /);
  });

  it("refuses to take over another hook manager's hooksPath", () => {
    const dir = domainRepo();
    git(dir, "config", "core.hooksPath", ".githooks");
    const result = meshkit(["hooks", "install"], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^meshkit: core.hooksPath is set to .githooks/);
  });

  it("refuses a package.json or a hook file that is a device or a named pipe in one line, instead of reading it forever", () => {
    const device = domainRepo();
    rmSync(join(device, "package.json"));
    symlinkSync("/dev/urandom", join(device, "package.json"));
    const fromDevice = meshkit(["hooks", "install"], device);
    expect([fromDevice.status, fromDevice.stderr.trim()]).toEqual([2, "meshkit: package.json: Not a regular file."]);
    const pipe = domainRepo({ ".husky/.keep": "" });
    execFileSync("mkfifo", [join(pipe, ".husky/pre-commit")]);
    const fromPipe = meshkit(["hooks", "install"], pipe);
    expect([fromPipe.status, fromPipe.stderr.trim()]).toEqual([2, "meshkit: .husky/pre-commit: Not a regular file: a named pipe."]);
  });
});

describe("the pre-commit hook", () => {
  it("refuses a commit with a broken contract, printing the finding, and lets a good one through", () => {
    const dir = domainRepo();
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);

    writeFiles(dir, { "contracts/orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", "contracts/orders.yaml");
    const refused = git(dir, "commit", "-m", "broken contract");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("contracts/orders.yaml:5:10: error semver-version");
    expect(git(dir, "log", "--oneline").status).not.toBe(0); // still no commit

    writeFiles(dir, { "contracts/orders.yaml": GOOD_CONTRACT });
    git(dir, "add", "contracts/orders.yaml");
    const accepted = git(dir, "commit", "-m", "good contract");
    expect(accepted.stderr).not.toContain("error");
    expect(accepted.status).toBe(0);
  });

  it("lints the staged content, not the working tree", () => {
    const dir = domainRepo();
    meshkit(["hooks", "install"], dir);
    writeFiles(dir, { "orders.yaml": BROKEN_CONTRACT });
    git(dir, "add", "orders.yaml");
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT }); // fixed on disk, but not staged
    expect(git(dir, "commit", "-m", "x").status).not.toBe(0);

    git(dir, "add", "orders.yaml");
    writeFiles(dir, { "orders.yaml": BROKEN_CONTRACT }); // broken on disk, good in the index
    expect(git(dir, "commit", "-m", "y").status).toBe(0);
  });

  it("checks cross-file rules against the project as the commit holds it: the index, not unstaged edits or untracked files", () => {
    const dir = domainRepo();
    meshkit(["hooks", "install"], dir);
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT });
    git(dir, "add", "orders.yaml");
    expect(git(dir, "commit", "-m", "orders").status).toBe(0);
    // The committed orders.yaml keeps its id; a working-tree edit that gives it another one is not staged.
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT.replace("5b2f7c1e-orders", "renamed-on-disk-only") });
    writeFiles(dir, { "copy.yaml": GOOD_CONTRACT });
    git(dir, "add", "copy.yaml");
    const refused = git(dir, "commit", "-m", "a second contract with the same id");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("unique-document-id");
    // An untracked file is not part of the commit: its id does not block one.
    git(dir, "checkout", "--", "orders.yaml");
    git(dir, "rm", "-q", "--cached", "copy.yaml");
    writeFiles(dir, { "refunds.yaml": GOOD_CONTRACT.replace("5b2f7c1e-orders", "refunds") });
    git(dir, "add", "refunds.yaml");
    const accepted = git(dir, "commit", "-m", "refunds, with copy.yaml untracked");
    expect([accepted.status, accepted.stdout + accepted.stderr]).toEqual([0, expect.not.stringContaining("unique-document-id")]);
  });

  it("ignores staged files that are not contracts, and files meshkit.yaml excludes", () => {
    const dir = domainRepo({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nfiles:\n  exclude: ['fixtures/**']\n" });
    meshkit(["hooks", "install"], dir);
    writeFiles(dir, { "ci.yaml": "on: push\n", "fixtures/bad.yaml": BROKEN_CONTRACT, "README.md": "# x\n" });
    git(dir, "add", ".");
    expect(git(dir, "commit", "-m", "no contracts").status).toBe(0);
    expect(existsSync(join(dir, ".husky/_/pre-commit"))).toBe(true);
  });

  it("refuses a staged file named as a contract that is not one, and a staged contract over 10 MiB", () => {
    const dir = domainRepo();
    meshkit(["hooks", "install"], dir);
    writeFiles(dir, { "typo.odcs.yaml": GOOD_CONTRACT.replace("kind: DataContract", "kind: Datacontract"), "empty.odps.yaml": "" });
    git(dir, "add", ".");
    const refused = git(dir, "commit", "-m", "not documents");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/empty\.odps\.yaml:1:1: error not-a-document/);
    expect(refused.stdout + refused.stderr).toMatch(/typo\.odcs\.yaml:\d+:\d+: error not-a-document/);

    git(dir, "rm", "-q", "--cached", "typo.odcs.yaml", "empty.odps.yaml");
    // Staged content comes from git, not from a file readSourceFile sized: the limit holds there too.
    writeFiles(dir, { "huge.odcs.yaml": GOOD_CONTRACT + `description:\n  purpose: "${"x".repeat(11 * 1024 * 1024)}"\n` });
    git(dir, "add", "huge.odcs.yaml");
    const result = meshkit(["hook", "pre-commit"], dir);
    expect(result.status).toBe(2);
    expect(result.stdout + result.stderr).toContain("huge.odcs.yaml:1:1: error file-too-large");
    const extra = meshkit(["hook", "pre-commit", "--", "oops"], dir);
    expect([extra.status, extra.stderr.trim()]).toEqual([2, 'meshkit: hook pre-commit takes no arguments (got "oops")']);
  });

  it("runs policy-check after lint on the staged contracts and infrastructure, in the same run", () => {
    const config = "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [builtin:platform-baseline]\n  infrastructure: ['infra/**/*.tf.json']\n";
    const dir = domainRepo({ "meshkit.yaml": config });
    meshkit(["hooks", "install"], dir);
    // Lint-clean, but the baseline wants a support channel.
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT.replace('support: [{channel: "#sales-data", tool: slack}]\n', "") });
    git(dir, "add", "orders.yaml");
    const refused = git(dir, "commit", "-m", "no support channel");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/orders\.yaml:\d+:\d+: error support-channel-declared/);

    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT, "infra/lake.tf.json": JSON.stringify({ resource: { aws_s3_bucket: { lake: { bucket: "acme-lake" } } } }, null, 2) });
    git(dir, "add", ".");
    const bucket = git(dir, "commit", "-m", "an untagged, unencrypted bucket");
    expect(bucket.status).not.toBe(0);
    expect(bucket.stdout + bucket.stderr).toMatch(/infra\/lake\.tf\.json:\d+:\d+: error s3-bucket-encryption/);
    expect(bucket.stdout + bucket.stderr).not.toContain("orders.yaml");

    git(dir, "rm", "-q", "--cached", "infra/lake.tf.json");
    expect(git(dir, "commit", "-m", "compliant contract").status).toBe(0);
  });
});

describe("the pre-commit hook in a repository whose meshkit projects live in subfolders", () => {
  const config = (body: string) => `apiVersion: meshkit/v1\nkind: Config\n${body}`;
  /** naming-convention on, properties in camelCase: GOOD_CONTRACT's `order_id` is then an error. */
  const CAMEL_CASE = config("lint:\n  rules:\n    naming-convention: error\n  naming:\n    properties: camelCase\n");
  const VERSION_ONE = GOOD_CONTRACT.replace("version: 1.0.0", "version: one");
  const output = (result: { stdout: string; stderr: string }) => result.stdout + result.stderr;

  it("checks a staged file with the meshkit.yaml of the project it is in, with that project's globs", () => {
    const dir = domainRepo({ "domains/sales/meshkit.yaml": config("files:\n  exclude: ['fixtures/**']\nlint:\n  rules:\n    semver-version: off\n") });
    meshkit(["hooks", "install"], dir);
    // The project's config turns semver-version off, and excludes its fixtures (relative to its own folder).
    writeFiles(dir, { "domains/sales/contracts/orders.yaml": VERSION_ONE, "domains/sales/fixtures/broken.yaml": BROKEN_CONTRACT });
    git(dir, "add", ".");
    const accepted = git(dir, "commit", "-m", "sales contract");
    expect(accepted.status, output(accepted)).toBe(0);

    // And a rule it turns to error refuses the commit (semver-version and the fixtures are back, too).
    const tagged = (contract: string) => `${contract}tags: [sales]\n`;
    writeFiles(dir, { "domains/sales/meshkit.yaml": CAMEL_CASE, "domains/sales/contracts/orders.yaml": tagged(VERSION_ONE), "domains/sales/fixtures/broken.yaml": tagged(BROKEN_CONTRACT) });
    git(dir, "add", ".");
    const refused = git(dir, "commit", "-m", "camelCase");
    expect(refused.status).not.toBe(0);
    expect(output(refused)).toContain("domains/sales/contracts/orders.yaml:5:10: error semver-version");
    expect(output(refused)).toMatch(/domains\/sales\/contracts\/orders\.yaml:16:15: error naming-convention .*camelCase/);
    expect(output(refused)).toContain("domains/sales/fixtures/broken.yaml"); // no longer excluded
  });

  it("checks each staged file of one commit with its own project's config, lint and policy, in one report", () => {
    const noSupport = GOOD_CONTRACT.replace('support: [{channel: "#sales-data", tool: slack}]\n', "");
    const dir = domainRepo({
      // sales: camelCase, and no policy packs; finance: semver-version off, and the default platform baseline.
      "domains/sales/meshkit.yaml": CAMEL_CASE + "policy:\n  packs: []\n",
      "domains/finance/meshkit.yaml": config("lint:\n  rules:\n    semver-version: off\n"),
    });
    meshkit(["hooks", "install"], dir);
    // The same contract id in two projects is no duplicate: each project is the context of its own files.
    writeFiles(dir, { "domains/sales/orders.yaml": noSupport, "domains/finance/ledger.yaml": noSupport.replace("version: 1.0.0", "version: one") });
    git(dir, "add", ".");
    const refused = git(dir, "commit", "-m", "one file in each project");
    expect(refused.status).not.toBe(0);
    const findings = output(refused).split("\n").filter((line) => /^\S+:\d+:\d+: (error|warning|info) /.test(line));
    expect(findings).toEqual([
      expect.stringMatching(/^domains\/finance\/ledger\.yaml:\d+:\d+: error support-channel-declared /),
      expect.stringMatching(/^domains\/sales\/orders\.yaml:\d+:\d+: error naming-convention /),
    ]);
    expect(output(refused).match(/✖ 2 errors/g)).toHaveLength(1); // one report, one summary

    // `--config` wins for every staged file: neither project's own levels apply then.
    writeFiles(dir, { "strict.yaml": CAMEL_CASE });
    const explicit = meshkit(["hook", "pre-commit", "--config", "strict.yaml"], dir);
    expect(explicit.status).toBe(1);
    expect(output(explicit)).toMatch(/domains\/finance\/ledger\.yaml:5:10: error semver-version /);
    expect(output(explicit)).toMatch(/domains\/finance\/ledger\.yaml:\d+:\d+: error naming-convention /);
    expect(output(explicit)).toMatch(/domains\/sales\/orders\.yaml:\d+:\d+: error support-channel-declared /);
  });

  it("checks a staged file outside every project with the top folder's meshkit.yaml, or else the defaults", () => {
    const dir = domainRepo({ "domains/sales/meshkit.yaml": config("lint:\n  rules:\n    semver-version: off\n") });
    meshkit(["hooks", "install"], dir);
    // No meshkit.yaml at the top: the defaults, not the sales project's config, for a file outside it.
    writeFiles(dir, { "contracts/orders.yaml": VERSION_ONE, "domains/sales/orders.yaml": VERSION_ONE.replace("id: 5b2f7c1e-orders", "id: 5b2f7c1e-sales-orders") });
    git(dir, "add", ".");
    const defaults = git(dir, "commit", "-m", "x");
    expect(defaults.status).not.toBe(0);
    expect(output(defaults)).toContain("contracts/orders.yaml:5:10: error semver-version");
    expect(output(defaults)).not.toContain("domains/sales/orders.yaml");

    // The top folder's meshkit.yaml governs what no project below it does.
    writeFiles(dir, { "meshkit.yaml": CAMEL_CASE, "contracts/orders.yaml": GOOD_CONTRACT });
    git(dir, "add", ".");
    const top = git(dir, "commit", "-m", "y");
    expect(top.status).not.toBe(0);
    expect(output(top)).toContain("contracts/orders.yaml:16:15: error naming-convention");
    expect(output(top)).not.toContain("domains/sales/orders.yaml");
  });
});

describe("the pre-push hook", () => {
  /** A domain repository with hooks installed and a real upstream: a local bare repository. */
  function withUpstream(): string {
    const dir = domainRepo({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n" });
    const upstream = tempDir("upstream");
    git(upstream, "init", "-q", "--bare", "-b", "main");
    git(dir, "remote", "add", "origin", upstream);
    expect(meshkit(["hooks", "install"], dir).status).toBe(0);
    writeFiles(dir, { "contracts/orders.yaml": GOOD_CONTRACT });
    git(dir, "add", ".");
    expect(git(dir, "commit", "-q", "-m", "orders 1.0.0").status).toBe(0);
    const first = git(dir, "push", "-q", "-u", "origin", "main");
    expect(first.status, first.stderr).toBe(0);
    return dir;
  }

  const withoutAmount = GOOD_CONTRACT.replace("      - name: amount\n        logicalType: number\n", "");

  it("refuses a push that removes a column with only a minor bump, saying which version it needs", () => {
    const dir = withUpstream();
    writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 1.1.0") });
    git(dir, "commit", "-q", "-am", "drop amount");
    const refused = git(dir, "push", "-q", "origin", "main");
    expect(refused.status).not.toBe(0);
    const output = refused.stdout + refused.stderr;
    expect(output).toContain("contracts/orders.yaml:5:10: error version-bump");
    expect(output).toContain("make it 2.0.0");
    expect(output).toContain("property-removed-optional");
    expect(git(dir, "ls-remote", "origin", "main").stdout).not.toContain(git(dir, "rev-parse", "HEAD").stdout.trim());
  });

  it("compares a new branch with where it left the remote's default branch (no origin/HEAD after `git remote add`)", () => {
    const dir = withUpstream();
    git(dir, "switch", "-q", "-c", "drop-amount");
    writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 1.1.0") });
    git(dir, "commit", "-q", "-am", "drop amount");
    const refused = git(dir, "push", "-q", "-u", "origin", "drop-amount");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("make it 2.0.0");
    expect(refused.stdout + refused.stderr).not.toContain("has no upstream");
  });

  it("lets the same change through with a major bump, and a compatible change with a minor one", () => {
    const dir = withUpstream();
    writeFiles(dir, { "contracts/orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 1.1.0") + "      - name: coupon\n        logicalType: string\n" });
    git(dir, "commit", "-q", "-am", "add coupon");
    const minor = git(dir, "push", "-q", "origin", "main");
    expect(minor.status, minor.stdout + minor.stderr).toBe(0);
    writeFiles(dir, { "contracts/orders.yaml": withoutAmount.replace("version: 1.0.0", "version: 2.0.0") });
    git(dir, "commit", "-q", "-am", "drop amount, 2.0.0");
    const major = git(dir, "push", "-q", "origin", "main");
    expect(major.status, major.stdout + major.stderr).toBe(0);
  });
});
