/**
 * The bundled catalog-publish action, run the way the runner runs it (`bundledAction`: dist/ copied
 * outside the repository, a fresh process, INPUT_* for every declared input, the event payload at
 * GITHUB_EVENT_PATH), on a workspace with an ODPS product and its ODCS contract made in a temp
 * folder: a dry run on pull requests (forks too) and other branches, a publish on a push to the
 * default branch — to a `dir:` catalog, to a branch of a local bare repository, and to a DataHub
 * stand-in that checks the token.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundledAction, bundledAction, expectNoStackTrace } from "@meshkit/github/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const actionDir = join(dirname(fileURLToPath(import.meta.url)), "..");

const PRODUCT = `apiVersion: v1.0.0
kind: DataProduct
id: orders
name: orders
version: 1.0.0
status: active
domain: sales
description:
  purpose: Every order placed in the web shop.
outputPorts:
  - name: orders
    version: 1.0.0
    type: tables
    contractId: orders-contract
team:
  name: sales-data
  members:
    - username: ana@example.com
      role: owner
`;

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: orders-contract
version: 1.0.0
status: active
name: orders
domain: sales
team:
  name: sales-data
  members:
    - username: ana@example.com
      role: owner
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
        primaryKey: true
      - name: amount
        logicalType: number
        physicalType: DECIMAL(12,2)
`;

/** A product of another domain that reads orders (its input port names orders' contract). */
const STATS_PRODUCT = `apiVersion: v1.0.0
kind: DataProduct
id: order_stats
name: order_stats
version: 1.0.0
status: active
domain: analytics
inputPorts:
  - name: orders
    version: 1.0.0
    contractId: orders-contract
outputPorts:
  - name: order_stats
    version: 1.0.0
    type: tables
    contractId: order-stats-contract
team:
  name: analytics-data
  members:
    - username: bo@example.com
      role: owner
`;

const STATS_CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: order-stats-contract
version: 1.0.0
status: active
name: order_stats
domain: analytics
schema:
  - name: order_stats
    properties:
      - name: day
        logicalType: date
      - name: orders
        logicalType: integer
`;

/** A `meshkit test --results FILE` document (see @meshkit/quality's project.ts) for the contract. */
const RESULTS = {
  kind: "meshkit-quality-run",
  version: 1,
  startedAt: "2026-06-30T06:00:00.000Z",
  finishedAt: "2026-06-30T06:00:01.000Z",
  summary: { checks: 2, passed: 1, failed: 1, warned: 0, errors: 0 },
  contracts: [
    {
      kind: "meshkit-quality-results",
      version: 1,
      contract: { id: "orders-contract", version: "1.0.0", name: "orders", domain: "sales", file: "orders.odcs.yaml" },
      source: "local",
      engine: "duckdb",
      startedAt: "2026-06-30T06:00:00.000Z",
      finishedAt: "2026-06-30T06:00:01.000Z",
      summary: { checks: 2, passed: 1, failed: 1, warned: 0, errors: 0 },
      checks: [
        { id: "orders.order_id.exists", rule: "schema-column-exists", object: "orders", property: "order_id", status: "pass", severity: "error", measured: true, threshold: { mustBe: true }, rowsChecked: null, failedRows: null, message: "`order_id` is a column of `orders`" },
        { id: "orders.amount.required", rule: "schema-required", object: "orders", property: "amount", status: "fail", severity: "error", measured: 2, threshold: { mustBe: 0 }, unit: "rows", rowsChecked: 40, failedRows: 2, message: "2 of 40 rows have no amount" },
      ],
    },
  ],
};

const repository = { default_branch: "main", full_name: "acme/sales" };
const pullRequest = (fork: boolean) => ({ name: "pull_request", payload: { action: "synchronize", number: 3, repository, pull_request: { number: 3, head: { ref: "feature", repo: { fork } }, base: { ref: "main" } } } });
const push = (ref: string) => ({ name: "push", payload: { ref, repository } });
const PR_REASON = "the pull_request event may not change production; only a push to the default branch may";

const SHA = "0123456789abcdef0123456789abcdef01234567";

let action: BundledAction;
let runs = 0;

/** What the runner sets for every step (and HOME, for git). */
function runnerEnv(): Record<string, string> {
  return { HOME: action.tmp, GITHUB_ACTOR: "ana", GITHUB_ACTOR_ID: "4242", GITHUB_REPOSITORY: "acme/sales", GITHUB_SHA: SHA };
}

function workspace(): { dir: string; catalog: string } {
  const dir = join(action.tmp, `workspace-${++runs}`);
  mkdirSync(join(dir, ".git"), { recursive: true });
  writeFileSync(join(dir, "product.odps.yaml"), PRODUCT);
  writeFileSync(join(dir, "orders.odcs.yaml"), CONTRACT);
  return { dir, catalog: join(action.tmp, `catalog-${runs}`) };
}

/** A workspace that is a git repository with one commit, and an empty bare `origin` for the release tags. */
function gitWorkspace(): { dir: string; catalog: string; origin: string } {
  const { dir, catalog } = workspace();
  rmSync(join(dir, ".git"), { recursive: true });
  git(["init", "-q", "-b", "main"], dir);
  git(["add", "-A"], dir);
  git(["-c", "user.name=ana", "-c", "user.email=ana@example.com", "commit", "-q", "-m", "orders"], dir);
  const origin = join(action.tmp, `origin-${runs}.git`);
  git(["init", "-q", "--bare", origin], action.tmp);
  git(["remote", "add", "origin", origin], dir);
  return { dir, catalog, origin };
}

function publish(dir: string, inputs: Record<string, string>, event: { name: string; payload: unknown }) {
  const run = action.run(dir, inputs, { event, env: runnerEnv() });
  expectNoStackTrace(run);
  return run;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
}

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });
}

beforeAll(() => {
  action = bundledAction(actionDir);
});
afterAll(() => action?.cleanup());

describe("catalog-publish action (bundled, run like the runner)", () => {
  it.each([
    ["a pull request", pullRequest(false), PR_REASON],
    ["a fork's pull request", pullRequest(true), PR_REASON],
    ["a push to another branch", push("refs/heads/feature"), "refs/heads/feature is not the default branch (main)"],
  ])("on %s: a dry run that shows what would change, and writes nothing", (_what, event, reason) => {
    const { dir, catalog } = workspace();
    const run = publish(dir, { catalog: `dir:${catalog}` }, event);
    expect(run.status).toBe(0);
    expect(run.failures).toEqual([]);
    expect(run.outputs).toMatchObject({ published: "0", "catalog-url": `dir:${catalog}`, errors: "0" });
    const dryRunNotice = `catalog-publish: dry run, nothing was published: ${reason}. Publishing would change 1 product version; the job summary lists them.`;
    // A fork's pull request also says why it gets no PR comment (first: the PR comment is tried before the stage's own notices).
    expect(run.notices).toEqual(_what === "a fork's pull request" ? [expect.stringContaining("comes from a fork"), dryRunNotice] : [dryRunNotice]);
    expect(run.summary).toContain(`**Dry run**: nothing was published (${reason.replace(/_/g, "\\_")}). What publishing to \`dir:${catalog}\` would change:`);
    expect(run.summary).toContain("| product | version | change | details |");
    expect(run.summary).toContain("| orders (sales) | 1.0.0 | would add | orders 1.0.0 (sales): new product |");
    expect(existsSync(catalog)).toBe(false);
  });

  it("a pull request whose payload file was not passed on is a dry run, as provision's apply is refused (one gate)", () => {
    const { dir, catalog } = workspace();
    // A container or script started with `-e GITHUB_EVENT_NAME` only: the event's name alone refuses the publish.
    const run = action.run(dir, { catalog: `dir:${catalog}` }, { env: { ...runnerEnv(), GITHUB_EVENT_NAME: "pull_request" } });
    expectNoStackTrace(run);
    expect(run.status).toBe(0);
    expect(run.failures).toEqual([]);
    expect(run.notices).toEqual([`catalog-publish: dry run, nothing was published: ${PR_REASON}. Publishing would change 1 product version; the job summary lists them.`]);
    expect(existsSync(catalog)).toBe(false);
  });

  it("publishes on a push to the default branch; publishing the same version again changes nothing", () => {
    const { dir, catalog } = workspace();
    const first = publish(dir, { catalog: `dir:${catalog}` }, push("refs/heads/main"));
    expect(first.status).toBe(0);
    expect(first.outputs).toMatchObject({ published: "1", "catalog-url": `dir:${catalog}`, errors: "0", warnings: "0" });
    expect(first.notices).toEqual([`catalog-publish: published 1 product version to dir:${catalog}`]);
    expect(first.summary).toContain(`**Published** 1 product version to \`dir:${catalog}\`.`);
    expect(first.summary).toContain("| orders (sales) | 1.0.0 | added | orders 1.0.0 (sales): new product |");
    expect(readdirSync(catalog).sort()).toEqual(["index.json", "products"]);
    expect(readJson(join(catalog, "index.json")).kind).toBe("meshkit-catalog-index");
    const entry = readJson(join(catalog, "products/orders/1.0.0.json"));
    expect(entry).toMatchObject({ kind: "meshkit-catalog-entry", id: "orders", productVersion: "1.0.0", domain: "sales", quality: null, publication: { publisher: "ana", repo: "acme/sales", commit: SHA } });
    expect((entry.contracts as { id: string }[]).map((c) => c.id)).toEqual(["orders-contract"]);

    const before = readFileSync(join(catalog, "products/orders/1.0.0.json"), "utf8");
    const second = publish(dir, { catalog: `dir:${catalog}` }, push("refs/heads/main"));
    expect(second.status).toBe(0);
    expect(second.outputs.published).toBe("0");
    expect(second.notices).toEqual([`catalog-publish: nothing to publish: dir:${catalog} already has these product versions`]);
    expect(second.summary).toContain(`**Nothing to publish**: \`dir:${catalog}\` already has these product versions.`);
    expect(second.summary).toContain("| orders (sales) | 1.0.0 | unchanged | orders 1.0.0 (sales): unchanged |");
    expect(readFileSync(join(catalog, "products/orders/1.0.0.json"), "utf8")).toBe(before);
  });

  it("records the project's folder (working-directory), so that another project of the repository does not take its products for removed ones", () => {
    const { dir, catalog } = gitWorkspace();
    for (const domain of ["sales", "billing"]) {
      const project = join(dir, "domains", domain);
      mkdirSync(project, { recursive: true });
      writeFileSync(join(project, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
      const rename = (text: string) => text.replace(/\borders\b/g, `${domain}_orders`).replace(/^domain: sales$/m, `domain: ${domain}`);
      writeFileSync(join(project, "product.odps.yaml"), rename(PRODUCT));
      writeFileSync(join(project, "orders.odcs.yaml"), rename(CONTRACT));
    }
    const sales = publish(dir, { catalog: `dir:${catalog}`, "working-directory": "domains/sales", "tag-releases": "false" }, push("refs/heads/main"));
    expect([sales.status, sales.outputs.published]).toEqual([0, "1"]);
    expect(readJson(join(catalog, "products/sales_orders/1.0.0.json")).publication).toMatchObject({ repo: "acme/sales", project: "domains/sales" });
    const billing = publish(dir, { catalog: `dir:${catalog}`, "working-directory": "domains/billing", "tag-releases": "false" }, push("refs/heads/main"));
    expect([billing.status, billing.outputs.published, billing.outputs.warnings]).toEqual([0, "1", "0"]);
    expect(billing.summary).not.toContain("catalog-product-orphaned");
  });

  it("records and tags the repository checked out beside the workflow's (paths: another checkout), not GITHUB_REPOSITORY's", () => {
    // The platform's workflow (GITHUB_REPOSITORY acme/platform) checks out acme/sales at sales/ (actions/checkout
    // repository: + path:) and publishes its products; sales published them from its own workflow first.
    const { dir: platform, catalog } = gitWorkspace();
    rmSync(join(platform, "product.odps.yaml"));
    rmSync(join(platform, "orders.odcs.yaml"));
    const salesOrigin = join(action.tmp, `origins-${runs}`, "acme", "sales.git");
    mkdirSync(dirname(salesOrigin), { recursive: true });
    git(["init", "-q", "--bare", salesOrigin], action.tmp);
    const sales = join(platform, "sales");
    mkdirSync(sales);
    git(["init", "-q", "-b", "main"], sales);
    git(["remote", "add", "origin", salesOrigin], sales);
    writeFileSync(join(sales, "product.odps.yaml"), PRODUCT);
    writeFileSync(join(sales, "orders.odcs.yaml"), CONTRACT);
    git(["add", "-A"], sales);
    git(["-c", "user.name=ana", "-c", "user.email=ana@example.com", "commit", "-q", "-m", "orders"], sales);
    expect(publish(sales, { catalog: `dir:${catalog}`, "tag-releases": "false" }, push("refs/heads/main")).outputs.published).toBe("1");

    writeFileSync(join(sales, "product.odps.yaml"), PRODUCT.replace("version: 1.0.0\nstatus", "version: 1.1.0\nstatus"));
    git(["-c", "user.name=ana", "-c", "user.email=ana@example.com", "commit", "-q", "-am", "1.1.0"], sales);
    const head = git(["rev-parse", "HEAD"], sales).trim();
    const run = action.run(platform, { catalog: `dir:${catalog}`, paths: "sales" }, { event: push("refs/heads/main"), env: { ...runnerEnv(), GITHUB_REPOSITORY: "acme/platform" } });
    expectNoStackTrace(run);
    // Ownership compares acme/sales with acme/sales: not refused as the platform's.
    expect([run.status, run.outputs.published, run.outputs.errors]).toEqual([0, "1", "0"]);
    expect(readJson(join(catalog, "products/orders/1.1.0.json")).publication).toEqual(expect.objectContaining({ repo: "acme/sales", commit: head }));
    // Released in the sales repository, on the commit recorded; the platform's repository gets no tag of it.
    expect(git(["tag", "--list"], salesOrigin).trim()).toBe("orders/v1.1.0");
    expect(git(["rev-parse", "orders/v1.1.0^{commit}"], salesOrigin).trim()).toBe(head);
    expect(git(["tag", "--list"], platform).trim()).toBe("");

    // The sales origin refuses the next tag: the error names the checkout it is left in, and pushes from there.
    writeFileSync(join(sales, "product.odps.yaml"), PRODUCT.replace("version: 1.0.0\nstatus", "version: 1.2.0\nstatus"));
    git(["-c", "user.name=ana", "-c", "user.email=ana@example.com", "commit", "-q", "-am", "1.2.0"], sales);
    writeFileSync(join(salesOrigin, "hooks", "pre-receive"), "#!/bin/sh\necho 'Permission to acme/sales.git denied to github-actions[bot].' >&2\nexit 1\n", { mode: 0o755 });
    const refused = action.run(platform, { catalog: `dir:${catalog}`, paths: "sales" }, { event: push("refs/heads/main"), env: { ...runnerEnv(), GITHUB_REPOSITORY: "acme/platform" } });
    expect([refused.status, refused.outputs.published, refused.outputs.errors]).toEqual([1, "1", "1"]);
    const annotation = refused.annotations.find((a) => a.properties.file === "sales/product.odps.yaml");
    expect(annotation!.message).toMatch(/^The release tag orders\/v1\.2\.0 was made in the checkout sales but could not be pushed: .+ Push it \(git -C sales push origin refs\/tags\/orders\/v1\.2\.0\)/);
    expect(refused.summary).toContain("**Release tags not pushed** in the checkout `sales` (");
  });

  it("without a catalog input, publishes to meshkit.yaml's catalog.target (relative to that file)", () => {
    const { dir } = workspace();
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\ncatalog:\n  target: dir:registry\n");
    const run = publish(dir, {}, push("refs/heads/main"));
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ published: "1", "catalog-url": `dir:${join(dir, "registry")}` });
    expect(existsSync(join(dir, "registry", "products", "orders", "1.0.0.json"))).toBe(true);
  });

  it("a dry run after a publish compares with the catalog: a new version would be added after the old one", () => {
    const { dir, catalog } = workspace();
    expect(publish(dir, { catalog: `dir:${catalog}` }, push("refs/heads/main")).outputs.published).toBe("1");
    writeFileSync(join(dir, "product.odps.yaml"), PRODUCT.replace("version: 1.0.0\nstatus", "version: 1.1.0\nstatus"));
    const run = publish(dir, { catalog: `dir:${catalog}` }, pullRequest(false));
    expect(run.status).toBe(0);
    expect(run.summary).toContain("| orders (sales) | 1.1.0 | would add | orders 1.1.0 (sales): new version after 1.0.0 |");
    expect(existsSync(join(catalog, "products/orders/1.1.0.json"))).toBe(false);
  });

  it("publishes to a branch of a git catalog repository, authored by the actor, with the token masked", () => {
    const { dir } = workspace();
    const bare = join(action.tmp, `catalog-${runs}.git`);
    git(["init", "-q", "--bare", bare], action.tmp);
    const token = "s3cr3t-catalog-token";

    const dry = publish(dir, { catalog: `git:${bare}#catalog`, token }, pullRequest(true));
    expect(dry.status).toBe(0);
    expect(dry.outputs).toMatchObject({ published: "0", "catalog-url": `git:${bare}#catalog` });
    expect(dry.summary).toContain("| orders (sales) | 1.0.0 | would add |");
    expect(git(["branch", "--list"], bare)).toBe("");

    const run = publish(dir, { catalog: `git:${bare}#catalog`, token }, push("refs/heads/main"));
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ published: "1", "catalog-url": `git:${bare}#catalog` });
    const commit = git(["rev-parse", "catalog"], bare).trim();
    expect(run.summary).toContain(`(catalog commit \`${commit.slice(0, 12)}\`)`);
    expect(JSON.parse(git(["show", "catalog:products/orders/1.0.0.json"], bare))).toMatchObject({ id: "orders", publication: { publisher: "ana", repo: "acme/sales", commit: SHA } });
    expect(git(["show", "-s", "--format=%an <%ae>", "catalog"], bare).trim()).toBe("ana <4242+ana@users.noreply.github.com>");
    expect(git(["ls-tree", "-r", "--name-only", "catalog"], bare).trim().split("\n")).toEqual(["index.json", "products/orders/1.0.0.json"]);

    // The token is masked before anything else is printed, and is nowhere but in the mask command.
    for (const step of [dry, run]) {
      expect(step.stdout.split("\n")[0]).toBe(`::add-mask::${token}`);
      expect(step.stdout.split(token).length - 1).toBe(1);
      expect(`${step.stderr}${step.summary}${JSON.stringify(step.outputs)}`).not.toContain(token);
    }
  });

  it("tags the release; when the tags cannot be pushed, reports what was published and the tags as errors (exit 1)", () => {
    const { dir, catalog, origin } = gitWorkspace();

    const tagged = publish(dir, { catalog: `dir:${catalog}` }, push("refs/heads/main"));
    expect(tagged.status).toBe(0);
    expect(git(["tag", "--list"], origin).trim()).toBe("orders/v1.0.0");
    expect(tagged.summary).toContain("**Release tags**");

    // A remote that refuses (a token without contents: write): the catalog has the version; the step says so, and fails on the tag.
    writeFileSync(join(dir, "product.odps.yaml"), PRODUCT.replace("version: 1.0.0\nstatus", "version: 1.1.0\nstatus"));
    git(["-c", "user.name=ana", "-c", "user.email=ana@example.com", "commit", "-q", "-am", "1.1.0"], dir);
    writeFileSync(join(origin, "hooks", "pre-receive"), "#!/bin/sh\necho 'Permission to acme/sales.git denied to github-actions[bot].' >&2\nexit 1\n", { mode: 0o755 });
    const refused = publish(dir, { catalog: `dir:${catalog}` }, push("refs/heads/main"));
    expect(refused.status).toBe(1);
    expect(refused.outputs).toMatchObject({ published: "1", "catalog-url": `dir:${catalog}`, errors: "1" });
    expect(existsSync(join(catalog, "products/orders/1.1.0.json"))).toBe(true);
    expect(refused.summary).toContain("| orders (sales) | 1.1.0 | added |");
    expect(refused.summary).toContain("**Release tags not pushed**");
    expect(refused.summary).toContain("`orders/v1.1.0`");
    const annotation = refused.annotations.find((a) => a.properties.file === "product.odps.yaml");
    expect(annotation).toMatchObject({ command: "error", properties: { line: "5" } });
    expect(annotation!.message).toMatch(/^The release tag orders\/v1\.1\.0 was made but could not be pushed: git push failed: .+ Push it \(git push origin refs\/tags\/orders\/v1\.1\.0\)/);
    expect(git(["tag", "--list"], origin).trim()).toBe("orders/v1.0.0");
  });

  it("does not tag a release whose publish fails the step by fail-on: a warning under fail-on: warning", () => {
    const { dir, catalog, origin } = gitWorkspace();
    expect(publish(dir, { catalog: `dir:${catalog}`, "tag-releases": "false" }, push("refs/heads/main")).status).toBe(0);
    // The same version with other documents: published again, with a catalog-version-changed warning.
    writeFileSync(join(dir, "product.odps.yaml"), PRODUCT.replace("purpose: Every order", "purpose: Each order"));
    git(["-c", "user.name=ana", "-c", "user.email=ana@example.com", "commit", "-q", "-am", "same version, other text"], dir);
    const warned = publish(dir, { catalog: `dir:${catalog}`, "fail-on": "warning" }, push("refs/heads/main"));
    expect(warned.status).toBe(1);
    expect(warned.annotations.map((a) => a.message)).toContainEqual(expect.stringContaining("orders 1.0.0 is already in the catalog with different documents"));
    expect(git(["tag", "--list"], dir).trim()).toBe("");
    expect(git(["tag", "--list"], origin).trim()).toBe("");
  });

  it("publishes a version whose contract-test results fail, but does not tag it as released (exit 1); tags it once they pass", () => {
    const { dir, catalog, origin } = gitWorkspace();
    writeFileSync(join(dir, "contract-test.json"), JSON.stringify(RESULTS));

    const failing = publish(dir, { catalog: `dir:${catalog}`, "results-file": "contract-test.json" }, push("refs/heads/main"));
    expect(failing.status).toBe(1);
    expect(failing.outputs).toMatchObject({ published: "1", errors: "1" });
    expect(readJson(join(catalog, "products/orders/1.0.0.json")).quality).toMatchObject({ status: "fail" });
    expect(git(["tag", "--list"], dir).trim()).toBe("");
    const annotation = failing.annotations.find((a) => a.properties.file === "product.odps.yaml");
    expect(annotation).toMatchObject({ command: "error", properties: { line: "5" } });
    expect(annotation!.message).toBe(
      "Published but not tagged: the contract-test results of contract orders-contract 1.0.0 (1 failed, 0 could not run, checked 2026-06-30T06:00:01.000Z) fail, and a version is released once its data keeps its contract. Fix the data (or the contract, with a new version), test again and publish with the new results.",
    );

    const passing = structuredClone(RESULTS);
    passing.contracts[0]!.finishedAt = "2026-07-01T06:00:01.000Z";
    passing.contracts[0]!.checks[1]!.status = "pass";
    passing.contracts[0]!.summary = { checks: 2, passed: 2, failed: 0, warned: 0, errors: 0 };
    writeFileSync(join(dir, "contract-test.json"), JSON.stringify(passing));
    const fixed = publish(dir, { catalog: `dir:${catalog}`, "results-file": "contract-test.json" }, push("refs/heads/main"));
    expect(fixed.status).toBe(0);
    expect(git(["tag", "--list"], origin).trim()).toBe("orders/v1.0.0");
  });

  it("refuses a sarif-file that is its results-file, before anything is published: one line, exit 2, the results unchanged", () => {
    const { dir, catalog } = workspace();
    writeFileSync(join(dir, "contract-test.json"), JSON.stringify(RESULTS));
    const run = publish(dir, { catalog: `dir:${catalog}`, "results-file": "contract-test.json", "sarif-file": "contract-test.json" }, push("refs/heads/main"));
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([`catalog-publish: input "sarif-file": ${join(dir, "contract-test.json")} is an input of this command; write to another file`]);
    expect(readFileSync(join(dir, "contract-test.json"), "utf8")).toBe(JSON.stringify(RESULTS));
    expect(existsSync(catalog)).toBe(false);
  });

  it("publishes the contract-test results of results-file with the product", () => {
    const { dir, catalog } = workspace();
    writeFileSync(join(dir, "contract-test.json"), JSON.stringify(RESULTS));
    const run = publish(dir, { catalog: `dir:${catalog}`, "results-file": "contract-test.json" }, push("refs/heads/main"));
    expect(run.status).toBe(0);
    expect(run.outputs.published).toBe("1");
    const entry = readJson(join(catalog, "products/orders/1.0.0.json"));
    expect(entry.quality).toMatchObject({ status: "fail", checkedAt: "2026-06-30T06:00:01.000Z", summary: { checks: 2, passed: 1, failed: 1 } });
    const checks = (entry.quality as { contracts: { checks: { id: string; status: string; measured: unknown }[] }[] }).contracts[0]!.checks;
    expect(checks.map((c) => [c.id, c.status, c.measured])).toEqual([
      ["orders.order_id.exists", "pass", true],
      ["orders.amount.required", "fail", 2],
    ]);

    // Newer results for the same version: the entry's quality is updated, nothing else.
    const newer = structuredClone(RESULTS);
    newer.contracts[0]!.finishedAt = "2026-07-01T06:00:01.000Z";
    newer.contracts[0]!.checks[1]!.status = "pass";
    writeFileSync(join(dir, "contract-test.json"), JSON.stringify(newer));
    const again = publish(dir, { catalog: `dir:${catalog}`, "results-file": "contract-test.json" }, push("refs/heads/main"));
    expect(again.outputs.published).toBe("1");
    expect(again.summary).toContain("| orders (sales) | 1.0.0 | quality updated | orders 1.0.0 (sales): contract-test results of 2026-07-01T06:00:01.000Z (pass) |");
    expect(readJson(join(catalog, "products/orders/1.0.0.json")).quality).toMatchObject({ status: "pass", history: [{ status: "fail" }, { status: "pass" }] });
  });

  it.each([
    ["an unknown kind of catalog", { catalog: "s3://user:pa55@bucket/catalog" }, "catalog-publish: unknown catalog target s3://***@bucket/catalog: use dir:<path>, git:<repo>#<branch>, datahub:<gms-url>, openmetadata:<url> or backstage:<dir>"],
    ["no catalog (input or meshkit.yaml)", {}, 'catalog-publish: input "catalog" is required: dir:<path>, git:<repo>#<branch>, datahub:<gms-url>, openmetadata:<url> or backstage:<dir> (or set catalog.target in meshkit.yaml)'],
    ["a git target with a bad branch", { catalog: "git:https://github.com/acme/catalog.git#a..b" }, 'catalog-publish: catalog target git:https://github.com/acme/catalog.git#a..b: "a..b" is not a valid branch name'],
    ["a results file that is not one", { catalog: "dir:catalog", "results-file": "product.odps.yaml" }, /^catalog-publish: results file \/\S+\/workspace-\d+\/product\.odps\.yaml is not JSON: .+$/],
  ])("refuses %s with one line and exit code 2, on the default branch too", (_what, inputs: Record<string, string>, failure: string | RegExp) => {
    const { dir } = workspace();
    const run = publish(dir, inputs, push("refs/heads/main"));
    expect(run.status).toBe(2);
    expect(run.failures).toHaveLength(1);
    if (typeof failure === "string") expect(run.failures[0]).toBe(failure);
    else expect(run.failures[0]).toMatch(failure);
    expect(run.stdout).not.toContain("pa55");
    expect(existsSync(join(dir, "catalog"))).toBe(false);
  });

  it("refuses a tag-releases value that is not a YAML 1.2 boolean before it publishes anything", () => {
    const { dir, catalog } = workspace();
    const run = publish(dir, { catalog: `dir:${catalog}`, "tag-releases": "yes" }, push("refs/heads/main"));
    expect(run.status).toBe(2);
    expect(run.failures).toEqual(['catalog-publish: input "tag-releases" must be true or false, not "yes"']);
    expect(existsSync(catalog)).toBe(false);
  });

  it("refuses a sarif-file it could not write before it publishes anything, not after (exit 2 on a publish it had made)", () => {
    const { dir, catalog } = workspace();
    mkdirSync(join(dir, "reports"));
    const run = publish(dir, { catalog: `dir:${catalog}`, "sarif-file": "reports" }, push("refs/heads/main"));
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([`catalog-publish: cannot write ${join(dir, "reports")}: it is a folder`]);
    expect(existsSync(catalog)).toBe(false);
  });

  it("an unreachable git catalog is one line and exit code 2", () => {
    const { dir } = workspace();
    const run = publish(dir, { catalog: `git:${join(action.tmp, "no-such-repo.git")}#catalog` }, push("refs/heads/main"));
    expect(run.status).toBe(2);
    expect(run.failures).toHaveLength(1);
    expect(run.failures[0]).toMatch(/^catalog-publish: cannot reach catalog git:.*no-such-repo\.git#catalog: /);
  });

  it("an unparseable document is a finding at its position, exit code 2, and nothing is published", () => {
    const { dir, catalog } = workspace();
    writeFileSync(join(dir, "orders.odcs.yaml"), `${CONTRACT}schema: [\n`);
    const run = publish(dir, { catalog: `dir:${catalog}` }, push("refs/heads/main"));
    expect(run.status).toBe(2);
    expect(run.outputs.published).toBe("0");
    expect(run.annotations.map((a) => a.properties.file)).toContain("orders.odcs.yaml");
    expect(existsSync(catalog)).toBe(false);
  });

  it("with no data product, passes with a notice and leaves the catalog alone", () => {
    const { dir, catalog } = workspace();
    const run = publish(dir, { catalog: `dir:${catalog}`, paths: "orders.odcs.yaml" }, push("refs/heads/main"));
    expect(run.status).toBe(0);
    expect(run.outputs.published).toBe("0");
    expect(run.notices).toEqual(["catalog-publish: no data product (kind: DataProduct) found in orders.odcs.yaml: nothing to publish"]);
    expect(existsSync(catalog)).toBe(false);
  });

  it("refuses a product id another domain owns (exit code 1) and publishes nothing for it", () => {
    const { dir, catalog } = workspace();
    expect(publish(dir, { catalog: `dir:${catalog}` }, push("refs/heads/main")).outputs.published).toBe("1");
    const other = workspace().dir;
    writeFileSync(join(other, "product.odps.yaml"), PRODUCT.replace("domain: sales", "domain: marketing").replace("version: 1.0.0\nstatus", "version: 2.0.0\nstatus"));
    const run = publish(other, { catalog: `dir:${catalog}` }, push("refs/heads/main"));
    expect(run.status).toBe(1);
    expect(run.outputs).toMatchObject({ published: "0", errors: "1" });
    expect(run.annotations.map((a) => a.properties.title)).toContain("catalog-ownership");
    expect(run.failures).toEqual(["catalog-publish: 1 error finding"]);
    expect(run.notices).toEqual([`catalog-publish: nothing was published to dir:${catalog}: no product could be published (see the findings)`]);
    expect(run.summary).toContain(`**Nothing was published** to \`dir:${catalog}\`. No product could be published: see the findings above.`);
    expect(existsSync(join(catalog, "products/orders/2.0.0.json"))).toBe(false);
  });

  describe("DataHub", () => {
    let server: ChildProcess | undefined;
    let url = "";
    let log = "";

    beforeAll(async () => {
      // A GMS stand-in in its own process (the action runs with spawnSync, which blocks this one):
      // it answers like GMS when the bearer token is right, 401 otherwise, and logs every request.
      log = join(action.tmp, "datahub-requests.jsonl");
      const script = `
        const { createServer } = require("node:http");
        const { appendFileSync } = require("node:fs");
        const server = createServer((req, res) => {
          let body = "";
          req.on("data", (c) => (body += c));
          req.on("end", () => {
            appendFileSync(${JSON.stringify(log)}, JSON.stringify({ method: req.method, url: req.url, authorization: req.headers.authorization ?? "", body }) + "\\n");
            const ok = req.headers.authorization === "Bearer dh-t0ken";
            // A look-up of an aspect (the data product's published assets): none yet.
            const lookup = ok && req.method === "GET";
            res.writeHead(ok ? (lookup ? 404 : 200) : 401, { "content-type": "application/json" });
            res.end(lookup ? JSON.stringify({ status: 404, message: "No aspect" }) : ok ? JSON.stringify({ value: "success" }) : "Unauthorized to perform this action.");
          });
        });
        server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;
      server = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      const port = await new Promise<string>((resolvePort, reject) => {
        server!.stdout!.once("data", (chunk: Buffer) => resolvePort(chunk.toString().trim()));
        server!.once("exit", (code) => reject(new Error(`the DataHub stand-in exited with ${code}`)));
      });
      url = `http://127.0.0.1:${port}`;
    });
    afterAll(() => {
      server?.kill();
    });

    it("a pull request writes nothing, reading only what a real run would withdraw; a push sends the proposals with the token as a bearer token", () => {
      const { dir } = workspace();
      const dry = publish(dir, { catalog: `datahub:${url}`, token: "dh-t0ken" }, pullRequest(false));
      expect(dry.status).toBe(0);
      expect(dry.outputs).toMatchObject({ published: "0", "catalog-url": `datahub:${url}` });
      expect(dry.summary).toMatch(/\| orders \(sales\) \| 1\.0\.0 \| would send \| orders 1\.0\.0 \(sales\): would send \d+ metadata change proposals \|/);
      const logged = () => readFileSync(log, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { method: string; url: string; authorization: string });
      // The assets the product has in DataHub (none yet: nothing it would withdraw), read with the token.
      const productAssets = { method: "GET", url: "/aspects/urn%3Ali%3AdataProduct%3Aorders?aspect=dataProductProperties&version=0", authorization: "Bearer dh-t0ken" };
      expect(logged()).toMatchObject([productAssets]);

      const run = publish(dir, { catalog: `datahub:${url}`, token: "dh-t0ken" }, push("refs/heads/main"));
      expect(run.status).toBe(0);
      expect(run.outputs.published).toBe("1");
      expect(run.summary).toMatch(/\| orders \(sales\) \| 1\.0\.0 \| sent \| orders 1\.0\.0 \(sales\): sent \d+ metadata change proposals \|/);
      const requests = logged().slice(1);
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests.filter((r) => r.method === "POST")) expect(request).toMatchObject({ url: "/aspects?action=ingestProposalBatch", authorization: "Bearer dh-t0ken" });
      // Look-ups: each dataset's deprecation (one a steward set is kept) and, as it records no lineage, the lineage meshkit wrote
      // before (to take it out), then the assets the product has in DataHub (to withdraw those it no longer has).
      const lookups = requests.filter((r) => r.method === "GET");
      const perDataset = ["/aspects/<urn>?aspect=deprecation&version=0", "/aspects/<urn>?aspect=upstreamLineage&version=0"];
      expect(lookups.map((r) => r.url.replace(/^\/aspects\/[^?]+/, "/aspects/<urn>"))).toEqual([...Array((lookups.length - 1) / 2).fill(perDataset).flat(), "/aspects/<urn>?aspect=dataProductProperties&version=0"]);
      expect(lookups.at(-1)).toMatchObject(productAssets);
      expect(run.stdout.split("dh-t0ken").length - 1).toBe(1);
    });

    it("sends upstreamLineage to the datasets of an upstream product registered in lineage-catalog, and says when it cannot", () => {
      // sales publishes orders to the platform's catalog; analytics publishes order_stats, which reads it, to DataHub.
      const { dir: sales, catalog } = workspace();
      expect(publish(sales, { catalog: `dir:${catalog}` }, push("refs/heads/main")).outputs.published).toBe("1");
      const { dir } = workspace();
      writeFileSync(join(dir, "product.odps.yaml"), STATS_PRODUCT);
      writeFileSync(join(dir, "orders.odcs.yaml"), STATS_CONTRACT);
      const sent = () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").length : 0);

      const without = publish(dir, { catalog: `datahub:${url}`, token: "dh-t0ken" }, push("refs/heads/main"));
      expect(without.status).toBe(0);
      const notice = without.annotations.find((a) => a.properties.title === "catalog-lineage-unresolved");
      expect(notice).toMatchObject({ command: "notice", properties: { file: "product.odps.yaml" } });
      expect(notice?.message).toContain("input port orders reads contract orders-contract, whose documents are not among the documents published; DataHub gets no upstream lineage for it.");
      const before = sent();

      const run = publish(dir, { catalog: `datahub:${url}`, token: "dh-t0ken", "lineage-catalog": `dir:${catalog}` }, push("refs/heads/main"));
      expect(run.status).toBe(0);
      expect(run.annotations.filter((a) => a.properties.title === "catalog-lineage-unresolved")).toEqual([]);
      expect(run.summary).toMatch(/order\\_stats 1\.0\.0 \(analytics\): sent \d+ metadata change proposals \(upstream lineage on 1 of 1 datasets\)/);
      const proposals = readFileSync(log, "utf8").trim().split("\n").slice(before)
        .map((line) => JSON.parse(line) as { method: string; body: string })
        .filter((request) => request.method === "POST")
        .flatMap((request) => (JSON.parse(request.body) as { proposals: { entityUrn: string; aspectName: string; aspect: { value: string } }[] }).proposals);
      const lineage = proposals.filter((p) => p.aspectName === "upstreamLineage");
      expect(lineage.map((p) => p.entityUrn)).toEqual(["urn:li:dataset:(urn:li:dataPlatform:external,order_stats.order_stats,PROD)"]);
      expect(JSON.parse(lineage[0]!.aspect.value)).toEqual({
        upstreams: [{ auditStamp: { time: 0, actor: "urn:li:corpuser:datahub", message: "meshkit" }, dataset: "urn:li:dataset:(urn:li:dataPlatform:external,orders.orders,PROD)", type: "TRANSFORMED" }],
      });
    });

    it("masks a token the step's environment gives (MESHKIT_DATAHUB_TOKEN, not the token input) before it prints anything, and reads with it", () => {
      const { dir } = workspace();
      const dry = action.run(dir, { catalog: `datahub:${url}` }, { event: pullRequest(false), env: { ...runnerEnv(), MESHKIT_DATAHUB_TOKEN: "dh-t0ken" } });
      expectNoStackTrace(dry);
      expect(dry.status).toBe(0);
      expect(dry.stdout.split("\n")[0]).toBe("::add-mask::dh-t0ken");
      expect(dry.stdout.split("dh-t0ken").length - 1).toBe(1);
      expect(`${dry.stderr}${dry.summary}${JSON.stringify(dry.outputs)}`).not.toContain("dh-t0ken");
      expect(dry.summary).toMatch(/\| orders \(sales\) \| 1\.0\.0 \| would send \|/);
    });
  });

  describe("OpenMetadata", () => {
    let server: ChildProcess | undefined;
    let url = "";
    let log = "";

    beforeAll(async () => {
      // An OpenMetadata stand-in in its own process: it says it is 1.12.8 (without a token, as OpenMetadata
      // does), knows every table and the team, has no domain yet, answers PUTs with the entity and an id,
      // and logs every request.
      log = join(action.tmp, "openmetadata-requests.jsonl");
      const script = `
        const { createServer } = require("node:http");
        const { appendFileSync } = require("node:fs");
        let ids = 0;
        // A table of service gone_pg is not in OpenMetadata, and the data product of that run is refused (a 400).
        let gone = false;
        const id = () => "00000000-0000-4000-8000-" + String(++ids).padStart(12, "0");
        const server = createServer((req, res) => {
          let body = "";
          req.on("data", (c) => (body += c));
          req.on("end", () => {
            appendFileSync(${JSON.stringify(log)}, JSON.stringify({ method: req.method, url: req.url, authorization: req.headers.authorization ?? "", body }) + "\\n");
            const send = (status, value) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(value)); };
            if (req.method === "GET" && req.url === "/api/v1/system/version") { gone = false; return send(200, { version: "1.12.8", revision: "x", timestamp: 0 }); }
            if (req.headers.authorization !== "Bearer om-t0ken") return send(401, { code: 401, message: "Not Authorized! Token verification failed" });
            if (req.method === "GET" && req.url.startsWith("/api/v1/domains/name/")) return send(404, { code: 404, message: "domain not found" });
            if (req.method === "GET" && req.url.startsWith("/api/v1/dataContracts/entity?")) return send(404, { code: 404, message: "dataContract not found" });
            if (req.method === "GET" && req.url.startsWith("/api/v1/dataProducts/name/")) return send(404, { code: 404, message: "dataProduct not found" });
            if (req.method === "GET" && req.url.startsWith("/api/v1/tables/name/gone_pg.")) { gone = true; return send(404, { code: 404, message: "table not found" }); }
            if (req.method === "PUT" && req.url === "/api/v1/dataProducts" && gone) return send(400, { code: 400, message: "dataProduct refused" });
            if (req.method === "GET") return send(200, { id: id(), name: decodeURIComponent(req.url.split("/").pop()) });
            const entity = body ? JSON.parse(body) : {};
            return send(200, { ...entity, id: id(), fullyQualifiedName: entity.name ?? "x" });
          });
        });
        server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;
      server = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      const port = await new Promise<string>((resolvePort, reject) => {
        server!.stdout!.once("data", (chunk: Buffer) => resolvePort(chunk.toString().trim()));
        server!.once("exit", (code) => reject(new Error(`the OpenMetadata stand-in exited with ${code}`)));
      });
      url = `http://127.0.0.1:${port}`;
    });
    afterAll(() => {
      server?.kill();
    });

    it("writes the domain, the data contract on the table of the service named in the catalog input, and the data product", () => {
      const { dir } = workspace();
      writeFileSync(join(dir, "orders.odcs.yaml"), `${CONTRACT}servers:\n  - server: warehouse\n    type: postgres\n    environment: prod\n    host: db.example.com\n    port: 5432\n    database: shop\n    schema: sales\n`);
      const run = publish(dir, { catalog: `openmetadata:${url}#service=acme_pg`, token: "om-t0ken" }, push("refs/heads/main"));
      expect(run.status).toBe(0);
      expect(run.annotations).toEqual([]);
      expect(run.outputs).toMatchObject({ published: "1", "catalog-url": `openmetadata:${url}#service=acme_pg` });
      expect(run.summary).toContain("| orders (sales) | 1.0.0 | sent | orders 1.0.0 (sales): upserted the domain, 1 of 1 data contracts, the data product, its tables as assets |");
      const requests = readFileSync(log, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { method: string; url: string; authorization: string; body: string });
      expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        "GET /api/v1/system/version",
        "GET /api/v1/domains/name/sales",
        "GET /api/v1/teams/name/sales-data",
        "GET /api/v1/tables/name/acme_pg.shop.sales.orders?fields=columns",
        "GET /api/v1/dataContracts/entity?entityId=00000000-0000-4000-8000-000000000002&entityType=table",
        "GET /api/v1/dataProducts/name/orders/assets?limit=1000&offset=0",
        "GET /api/v1/dataProducts/name/orders?fields=assets",
        "PUT /api/v1/domains",
        "PUT /api/v1/dataContracts",
        "PUT /api/v1/dataProducts",
        "PUT /api/v1/dataProducts/orders/assets/add",
      ]);
      for (const request of requests) expect(request.authorization).toBe("Bearer om-t0ken");
      expect(JSON.parse(requests.find((r) => `${r.method} ${r.url}` === "PUT /api/v1/dataContracts")!.body)).toMatchObject({ name: "orders", entityStatus: "Approved", entity: { type: "table" }, schema: [{ name: "order_id", constraint: "PRIMARY_KEY" }, { name: "amount", dataType: "DECIMAL", precision: 12, scale: 2 }] });
      expect(run.stdout.split("om-t0ken").length - 1).toBe(1);
    });

    it("annotates what the look-ups found missing (a table OpenMetadata does not know) when the publication then fails", () => {
      const { dir } = workspace();
      writeFileSync(join(dir, "orders.odcs.yaml"), `${CONTRACT}servers:\n  - server: warehouse\n    type: postgres\n    environment: prod\n    host: db.example.com\n    port: 5432\n    database: shop\n    schema: sales\n`);
      const run = publish(dir, { catalog: `openmetadata:${url}#service=gone_pg`, token: "om-t0ken" }, push("refs/heads/main"));
      expect(run.status).toBe(2);
      expect(run.failures).toEqual([expect.stringMatching(/^catalog-publish: orders 1\.0\.0 \(sales\): .*PUT \/api\/v1\/dataProducts answered HTTP 400.*dataProduct refused/)]);
      // The warning the CLI's reports carry (catalog-target-incomplete), annotated on the product beside the failure.
      expect(run.annotations.map((a) => [a.command, a.properties.title, a.properties.file])).toEqual([["warning", "catalog-target-incomplete", "product.odps.yaml"]]);
      expect(run.annotations[0]!.message).toMatch(/table gone_pg\.shop\.sales\.orders is not in OpenMetadata .*: the contract of orders is not published/);
    });
  });
});
