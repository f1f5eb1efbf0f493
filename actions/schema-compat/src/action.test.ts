/**
 * The bundled action, run the way the runner runs it (`bundledAction` of `@meshkit/github/testing`:
 * the bundle copied outside the repository, INPUT_* for every declared input, GITHUB_OUTPUT /
 * GITHUB_STEP_SUMMARY files, the event payload at GITHUB_EVENT_PATH, cwd = the workspace) —
 * against real git repositories (full and shallow clones) made in temp folders.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { publishProducts } from "@meshkit/catalog";
import { loadText } from "@meshkit/core";
import { readActionYml } from "@meshkit/github/action-metadata";
import { type BundledAction, type BundledActionRun, bundledAction, expectNoStackTrace } from "@meshkit/github/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const actionDir = join(dirname(fileURLToPath(import.meta.url)), "..");

const ZERO = "0".repeat(40);
const FILE = "contracts/orders.odcs.yaml";

// ---- documents ------------------------------------------------------------------------------

/** A small valid ODCS v3.1.0 contract; `amount` is a required property unless left out. */
function contract(version: string, options: { amount?: boolean } = {}): string {
  const amount = options.amount ?? true;
  return `apiVersion: v3.1.0
kind: DataContract
id: 6f1c2a8e-0d1b-4c41-9b7e-3f4a5b6c7d80
version: ${version}
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
    physicalType: table
    properties:
      - name: order_id
        logicalType: string
        required: true
${amount ? "      - name: amount\n        logicalType: number\n        required: true\n" : ""}`;
}

const BASE = contract("1.0.0");
/** `amount` (required) removed: a major change under forward, declared only minor. */
const MINOR = contract("1.1.0", { amount: false });
/** The same change, declared major. */
const MAJOR = contract("2.0.0", { amount: false });
const VERSION_LINE = BASE.split("\n").findIndex((l) => l.startsWith("version:")) + 1;

// ---- git ---------------------------------------------------------------------------------------

let action: BundledAction;
let tmp: string;
let home: string;
let repos = 0;

/** The environment for setting up repositories: nothing from a hook or the user's git config. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("GIT_") && key !== "HUSKY") env[key] = value;
  return {
    ...env,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "Ana",
    GIT_AUTHOR_EMAIL: "ana@example.com",
    GIT_COMMITTER_NAME: "Ana",
    GIT_COMMITTER_EMAIL: "ana@example.com",
  };
}

function sh(cwd: string, ...args: string[]): string {
  const result = spawnSync("git", args, { cwd, env: gitEnv(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

function hasCommit(cwd: string, sha: string): boolean {
  return spawnSync("git", ["cat-file", "-e", `${sha}^{commit}`], { cwd, env: gitEnv() }).status === 0;
}

/** A repository on `main` with one commit per entry (files written, then everything committed); the commits' SHAs. */
function repository(...commits: Record<string, string>[]): { dir: string; shas: string[] } {
  const dir = join(tmp, `repo-${++repos}`);
  mkdirSync(dir);
  sh(dir, "init", "-q", "-b", "main");
  const shas: string[] = [];
  for (const [i, files] of commits.entries()) {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    sh(dir, "add", "-A");
    sh(dir, "commit", "-q", "-m", `commit ${i + 1}`);
    shas.push(sh(dir, "rev-parse", "HEAD"));
  }
  return { dir, shas };
}

/** `actions/checkout`'s default: a clone of depth 1 (over file://, so --depth applies), the remote named origin. */
function shallowClone(origin: string): string {
  const dir = join(tmp, `clone-${++repos}`);
  sh(tmp, "clone", "-q", "--depth", "1", `file://${origin}`, dir);
  expect(sh(dir, "rev-parse", "--is-shallow-repository")).toBe("true");
  return dir;
}

/**
 * A private https-like origin on loopback: git's smart HTTP (`git http-backend`, CGI) for the repositories
 * under `root`, answering 401 unless the request carries `token` as actions/checkout sends it.
 */
async function startPrivateGitServer(root: string, token: string): Promise<{ url: string; close: () => Promise<void> }> {
  const expected = `Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  const server = createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { "www-authenticate": 'Basic realm="git"' });
      res.end();
      return;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const header = (name: string) => String(req.headers[name] ?? "");
    const cgi = spawn("git", ["http-backend"], {
      env: { ...gitEnv(), GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: "1", REQUEST_METHOD: req.method ?? "GET", PATH_INFO: decodeURIComponent(url.pathname), QUERY_STRING: url.search.slice(1), CONTENT_TYPE: header("content-type"), HTTP_CONTENT_ENCODING: header("content-encoding"), GIT_PROTOCOL: header("git-protocol") },
    });
    req.pipe(cgi.stdin);
    const chunks: Buffer[] = [];
    cgi.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    cgi.on("close", () => {
      const out = Buffer.concat(chunks);
      const end = out.indexOf("\r\n\r\n");
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of out.subarray(0, end).toString().split("\r\n")) {
        const colon = line.indexOf(":");
        const [name, value] = [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
        if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.end(out.subarray(end + 4));
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, "127.0.0.1", resolveListen));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolveClose) => server.close(() => resolveClose())) };
}

// ---- running the action ----------------------------------------------------------------------

/** Runs the bundle as the runner does, in `workspace`, with the event when given (git's HOME kept clean). */
function runAction(workspace: string, inputs: Record<string, string>, event?: { name: string; payload: unknown }): BundledActionRun {
  return action.run(workspace, inputs, { env: { HOME: home }, ...(event ? { event } : {}) });
}


/** A pull_request event payload whose base is `sha` (and head `head`). */
function pullRequest(sha: string, head = "f".repeat(40), name = "pull_request") {
  return { name, payload: { action: "synchronize", number: 7, pull_request: { number: 7, base: { ref: "main", sha }, head: { ref: "feature", sha: head } } } };
}

beforeAll(() => {
  action = bundledAction(actionDir);
  tmp = action.tmp;
  home = join(tmp, "home");
  mkdirSync(home);
});

afterAll(() => action?.cleanup());

// ---- tests -------------------------------------------------------------------------------------

describe("schema-compat action (bundled, run like the runner, on real git repositories)", () => {
  it("fails a breaking change declared as a minor bump: error on the version line, outputs, changelog in the summary", () => {
    const { dir } = repository({ [FILE]: BASE });
    sh(dir, "branch", "released");
    writeFileSync(join(dir, FILE), MINOR);
    sh(dir, "commit", "-q", "-am", "drop amount");

    const run = runAction(dir, { base: "released", "sarif-file": "reports/schema-compat.sarif" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);

    const version = run.annotations.find((a) => a.properties.title === "version-bump");
    expect(version).toMatchObject({ command: "error", properties: { file: FILE, line: String(VERSION_LINE), col: "10" } });
    expect(version?.message).toMatch(/requires? a major version bump.*1\.0\.0 → 1\.1\.0.*make it 2\.0\.0/);
    expect(run.stdout).toMatch(new RegExp(`^::error title=version-bump,file=${FILE.replace(/\./g, "\\.")},line=${VERSION_LINE},`, "m"));
    // The removal itself is a warning (it is fine with the right bump).
    expect(run.annotations.find((a) => a.properties.title === "property-removed-required")).toMatchObject({ command: "warning", properties: { file: FILE } });
    expect(run.failures).toEqual(["schema-compat: 1 error finding"]);

    expect(run.outputs).toMatchObject({
      errors: "1",
      "required-bump": "major",
      breaking: "true",
      "sarif-file": join(dir, "reports", "schema-compat.sarif"),
    });
    const changelog = run.outputs.changelog ?? "";
    expect(changelog).toMatch(/^## Contract changes since released\n/);
    expect(changelog).toContain("#### Breaking changes (major)");
    expect(changelog).toContain("`property-removed-required`");
    expect(changelog).toContain("amount");
    expect(changelog.split("\n").length).toBeGreaterThan(3);

    expect(run.summary).toContain("## schema-compat");
    expect(run.summary).toContain(`${FILE}:${VERSION_LINE}:`);
    expect(run.summary).toContain(changelog.trimEnd());
    expect(run.summary).toContain("_Compatibility mode: forward._");

    const sarif = JSON.parse(readFileSync(join(dir, "reports", "schema-compat.sarif"), "utf8"));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain("version-bump");
    expectNoStackTrace(run);
  });

  it("with working-directory below the workspace, names the file a removed property was in as its finding's file (from the workspace)", () => {
    const file = `sales/${FILE}`;
    const { dir } = repository({ [file]: BASE, "sales/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n" });
    sh(dir, "branch", "released");
    writeFileSync(join(dir, file), MINOR);
    sh(dir, "commit", "-q", "-am", "drop amount");

    const run = runAction(dir, { base: "released", "working-directory": "sales", "sarif-file": "schema-compat.sarif" });
    expect(run.status).toBe(1);
    const removal = run.annotations.find((a) => a.properties.title === "property-removed-required");
    expect(removal).toMatchObject({ command: "warning", properties: { file } });
    // Not `contracts/orders.odcs.yaml:…`, the project's own view: code scanning and annotations read paths from the top.
    expect(removal?.message).toMatch(/\(was at sales\/contracts\/orders\.odcs\.yaml:\d+ in released\)/);
    const sarif = JSON.parse(readFileSync(join(dir, "sales", "schema-compat.sarif"), "utf8"));
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "property-removed-required");
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(file);
    expect(result.message.text).toMatch(/\(was at sales\/contracts\/orders\.odcs\.yaml:\d+ in released\)/);
    expectNoStackTrace(run);
  });

  it("finds the change when the workspace is reached through a symbolic link (a self-hosted runner's work folder on another disk)", () => {
    const { dir } = repository({ [FILE]: BASE });
    sh(dir, "branch", "released");
    writeFileSync(join(dir, FILE), MINOR);
    sh(dir, "commit", "-q", "-am", "drop amount");
    const linked = join(tmp, `linked-${++repos}`);
    symlinkSync(dir, linked);

    // git prints the real path; GITHUB_WORKSPACE keeps the link. Every contract was "new" (contract-added), the step passed.
    const run = runAction(linked, { base: "released" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(run.annotations.map((a) => a.properties.title)).not.toContain("contract-added");
    expect(run.annotations.find((a) => a.properties.title === "version-bump")).toMatchObject({ command: "error", properties: { file: FILE, line: String(VERSION_LINE) } });
    expect(run.outputs).toMatchObject({ "required-bump": "major", breaking: "true" });
  });

  it("with the catalog input, lists the consumers the breaking change reaches in the changelog and a warning", async () => {
    // Two products registered in a dir catalog read the orders contract: one reads `amount`, one does not say.
    const catalog = join(tmp, `catalog-${++repos}`);
    const consumer = (id: string, domain: string, usedColumns?: string[]) =>
      loadText(
        `${id}.odps.yaml`,
        JSON.stringify({
          apiVersion: "v1.0.0",
          kind: "DataProduct",
          id,
          name: id,
          version: "1.2.0",
          status: "active",
          domain,
          inputPorts: [{ name: "orders", version: "1.0.0", contractId: "6f1c2a8e-0d1b-4c41-9b7e-3f4a5b6c7d80", ...(usedColumns ? { customProperties: [{ property: "usedColumns", value: usedColumns }] } : {}) }],
          team: { name: `${domain}-data` },
          support: [{ channel: `#${domain}`, url: `https://chat.example/${domain}`, tool: "slack" }],
        }),
      ).documents;
    const published = await publishProducts({ target: `dir:${catalog}`, products: [...consumer("revenue", "finance", ["orders.amount"]), ...consumer("churn", "marketing")], publisher: { name: "test" } });
    expect(published.findings).toEqual([]);

    const { dir, shas } = repository({ [FILE]: BASE }, { [FILE]: MAJOR });
    const run = runAction(dir, { base: shas[0]!, catalog: `dir:${catalog}` });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const warning = run.annotations.find((a) => a.properties.title === "compat-consumers-affected");
    expect(warning).toMatchObject({ command: "warning", properties: { file: FILE } });
    expect(warning?.message).toContain("reach 2 registered consumers (1 affected, 1 maybe, 0 not)");
    const changelog = run.outputs.changelog ?? "";
    expect(changelog).toContain("#### Consumers affected");
    expect(changelog).toContain("| finance/revenue 1.2.0 | finance-data, \\#finance | `orders` (1.0.0) | **yes** | `orders.amount` (`property-removed-required`) |");
    expect(changelog).toContain("| marketing/churn 1.2.0 | marketing-data, \\#marketing | `orders` (1.0.0) | maybe | declares no used columns |");
    expect(run.summary).toContain(changelog.trimEnd());

    // A target that holds no entries fails the step in one line, before anything is compared.
    const bad = runAction(dir, { base: shas[0]!, catalog: "datahub:http://127.0.0.1:1" });
    expect(bad.status).toBe(2);
    expect(bad.failures).toEqual([expect.stringMatching(/^schema-compat: catalog target datahub:http:\/\/127\.0\.0\.1:1 does not hold catalog entries/)]);
    expectNoStackTrace(bad);

    // A catalog that cannot be read once the comparison was done: the step fails in one line, and the breaking change
    // compat found is still annotated and listed in the job summary under the reason.
    const missing = runAction(dir, { base: shas[0]!, catalog: `dir:${join(tmp, "no-such-catalog")}`, "sarif-file": "compat.sarif" });
    expect(missing.status).toBe(2);
    expect(missing.failures).toEqual([expect.stringMatching(/^schema-compat: catalog dir:.*no-such-catalog does not exist/)]);
    expect(missing.annotations.find((a) => a.properties.title === "property-removed-required")).toMatchObject({ command: "warning", properties: { file: FILE } });
    expect(missing.summary).toContain("Found before it stopped:");
    expect(missing.summary).toContain("property-removed-required");
    // The comparison was done: the bump it requires, and the SARIF file (with why the step stopped) for the upload step.
    expect(missing.outputs).toMatchObject({ "required-bump": "major", breaking: "true", errors: "0", warnings: "1", "sarif-file": join(dir, "compat.sarif") });
    const sarif = JSON.parse(readFileSync(join(dir, "compat.sarif"), "utf8"));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(["property-removed-required"]);
    // Each result's rule is described as in a finished run's SARIF (compat's rules), not by its id alone.
    const rule = sarif.runs[0].tool.driver.rules[sarif.runs[0].results[0].ruleIndex];
    expect(rule).toMatchObject({ id: "property-removed-required", helpUri: expect.stringMatching(/docs\/rules\/property-removed-required\.md$/) });
    expect(rule.shortDescription.text).not.toBe("property-removed-required");
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain("version-bump");
    expect(sarif.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: expect.stringMatching(/no-such-catalog does not exist/) } }] });
    expectNoStackTrace(missing);
  });

  it("passes the same change with a major bump, still reporting it as breaking", () => {
    const { dir, shas } = repository({ [FILE]: BASE }, { [FILE]: MAJOR });
    const run = runAction(dir, { base: shas[0]! });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.failures).toEqual([]);
    expect(run.annotations.filter((a) => a.command === "error")).toEqual([]);
    expect(run.outputs).toMatchObject({ errors: "0", breaking: "true", "required-bump": "major", "sarif-file": "" });
    expect(run.outputs.changelog).toContain("1.0.0 → 2.0.0");
    expect(run.summary).toContain(run.outputs.changelog!.trimEnd());
  });

  it("sets required-bump, breaking and changelog empty, not none / false / no changes, when a contract cannot be read", () => {
    const { dir, shas } = repository({ [FILE]: BASE, "contracts/customers.odcs.yaml": BASE.replace("6f1c2a8e-0d1b-4c41-9b7e-3f4a5b6c7d80", "customers").replace("name: orders", "name: customers") });
    // The release's orders contract, saved as UTF-16 by an editor: it cannot be read, so its changes are unknown.
    writeFileSync(join(dir, FILE), Buffer.from(`\ufeff${MINOR}`, "utf16le"));
    const run = runAction(dir, { base: shas[0]!, "sarif-file": "compat.sarif" });
    expect(run.status).toBe(2);
    expect(run.annotations.find((a) => a.properties.title === "file-not-text")).toMatchObject({ command: "error", properties: { file: FILE } });
    expect(run.outputs).toMatchObject({ errors: "1", "required-bump": "", breaking: "", changelog: "", "sarif-file": join(dir, "compat.sarif") });
    expect(run.summary).toContain("No changelog: an error above says what could not be read or compared, so the changes and the bump they require are not known.");
    expect(run.summary).not.toContain("No contract or product changes.");
    expectNoStackTrace(run);
  });

  it("judges by the mode input: under backward the removal is not breaking, so the minor bump passes", () => {
    const { dir, shas } = repository({ [FILE]: BASE }, { [FILE]: MINOR });
    const run = runAction(dir, { base: shas[0]!, mode: "backward" });
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ errors: "0", breaking: "false", "required-bump": "minor" });
    expect(run.summary).toContain("_Compatibility mode: backward._");

    const bad = runAction(dir, { base: shas[0]!, mode: "sideways" });
    expect(bad.status).toBe(2);
    expect(bad.failures).toEqual([`schema-compat: input "mode" must be one of none, backward, forward, full, backward-transitive, forward-transitive, full-transitive, not "sideways"`]);
  });

  it("takes the base from a pull_request event payload", () => {
    const { dir, shas } = repository({ [FILE]: BASE }, { "README.md": "orders\n" }, { [FILE]: MINOR });
    const run = runAction(dir, {}, pullRequest(shas[0]!));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`Comparing with ${shas[0]} (pull request base).`);
    expect(run.outputs).toMatchObject({ breaking: "true", "required-bump": "major", errors: "1" });
    expect(run.outputs.changelog).toMatch(new RegExp(`^## Contract changes since ${shas[0]!.slice(0, 7)} \\(pull request base\\)`));

    // The base is the event's, not HEAD~1: a pull request whose head is its base (nothing to merge) has no change at all.
    const unchanged = runAction(dir, {}, pullRequest(shas[2]!, shas[2]!));
    expect(unchanged.status).toBe(0);
    expect(unchanged.outputs).toMatchObject({ breaking: "false", "required-bump": "none", errors: "0" });
    expect(unchanged.outputs.changelog).toContain("No contract or product changes.");
  });

  it("refuses a checkout of the base itself (pull_request_target's default checkout) instead of comparing the base with itself", () => {
    const { dir, shas } = repository({ [FILE]: BASE }, { [FILE]: MINOR });
    // The pull request's head (shas[1]) breaks consumers; the workspace holds its base branch (shas[0]).
    sh(dir, "checkout", "-q", "--detach", shas[0]!);
    for (const name of ["pull_request_target", "pull_request"]) {
      const run = runAction(dir, {}, pullRequest(shas[0]!, shas[1]!, name));
      expect(run.status).toBe(2);
      expect(run.failures).toHaveLength(1);
      expect(run.failures[0]).toMatch(new RegExp(`^schema-compat: HEAD is ${shas[0]}, the pull request base itself: this checkout holds the base, not the changes to check`));
      expect(run.failures[0]).toContain("Check out the changes (actions/checkout `ref: ${{ github.event.pull_request.head.sha }}`), or set the `base` input");
      expect(run.outputs.breaking).toBeUndefined();
      expectNoStackTrace(run);
    }
    // The same for a push whose workflow checked out the commit before it.
    const push = runAction(dir, {}, { name: "push", payload: { ref: "refs/heads/main", before: shas[0], after: shas[1] } });
    expect(push.status).toBe(2);
    expect(push.failures[0]).toMatch(/^schema-compat: HEAD is [0-9a-f]{40}, the commit before the push itself: this checkout holds the base/);
  });

  it("with the pull request's head checked out (not its merge commit), compares with where it forked, not the base branch's newer tip", () => {
    const { dir, shas } = repository({ [FILE]: BASE });
    // The pull request changes the description only (a patch); meanwhile its base branch removes `amount` in 2.0.0.
    sh(dir, "checkout", "-q", "-b", "feature");
    writeFileSync(join(dir, FILE), BASE.replace("version: 1.0.0", "version: 1.0.1").replace("name: orders\n", "name: orders\ndescription:\n  purpose: every order\n"));
    sh(dir, "commit", "-q", "-am", "describe orders");
    const head = sh(dir, "rev-parse", "HEAD");
    sh(dir, "checkout", "-q", "main");
    writeFileSync(join(dir, FILE), MAJOR);
    sh(dir, "commit", "-q", "-am", "drop amount");
    const base = sh(dir, "rev-parse", "HEAD");
    sh(dir, "checkout", "-q", "--detach", head);

    const run = runAction(dir, {}, pullRequest(base, head));
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`Comparing with ${shas[0]}, where HEAD forked from the pull request base ${base}.`);
    // Not "amount removed" nor "the version went down": those are the base branch's changes, not this pull request's.
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ breaking: "false", "required-bump": "patch", errors: "0" });
    expect(run.outputs.changelog).toContain(`${shas[0]!.slice(0, 12)} (where HEAD forked from the event's base ${base.slice(0, 7)})`);
  });

  it("fetches a base commit a shallow clone lacks, then compares", () => {
    const origin = repository({ [FILE]: BASE }, { "README.md": "orders\n" }, { [FILE]: MAJOR });
    const base = origin.shas[0]!;
    const clone = shallowClone(origin.dir);
    expect(hasCommit(clone, base)).toBe(false);

    const run = runAction(clone, {}, pullRequest(base));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`The base commit ${base} is not in this clone (a shallow checkout?); fetching it from origin.`);
    expect(run.outputs).toMatchObject({ breaking: "true", "required-bump": "major", errors: "0" });
    expect(run.outputs.changelog).toContain("1.0.0 → 2.0.0");
    expect(hasCommit(clone, base)).toBe(true);

    // A SHA given as the base input is fetched the same way.
    const other = shallowClone(origin.dir);
    const explicit = runAction(other, { base });
    expect(explicit.status).toBe(0);
    expect(explicit.outputs).toMatchObject({ breaking: "true", "required-bump": "major" });
  });

  it("fetches the base commit from a private https origin with github-token: a checkout with persist-credentials: false keeps no credentials", async () => {
    const origin = repository({ [FILE]: BASE }, { "README.md": "orders\n" }, { [FILE]: MAJOR });
    const base = origin.shas[0]!;
    const token = "ghs_pr1vateT0ken";
    const server = await startPrivateGitServer(dirname(origin.dir), token);
    try {
      const clone = shallowClone(origin.dir);
      sh(clone, "remote", "set-url", "origin", `${server.url}/${basename(origin.dir)}`);
      // No token (github-token: ""): origin refuses the fetch, and the step says how to do without it.
      const refused = await action.runAsync(clone, {}, { env: { HOME: home }, event: pullRequest(base) });
      expect(refused.status).toBe(2);
      expect(refused.failures).toEqual([expect.stringMatching(/^schema-compat: the base commit [0-9a-f]{40} is not in this clone and could not be fetched/)]);

      const run = await action.runAsync(clone, { "pr-comment": "false" }, { env: { HOME: home }, event: pullRequest(base), githubToken: token });
      expect(run.failures).toEqual([]);
      expect(run.status).toBe(0);
      expect(hasCommit(clone, base)).toBe(true);
      expect(run.outputs).toMatchObject({ breaking: "true", "required-bump": "major", errors: "0" });
      // Masked (the token, and the header git sends it in), and never printed otherwise; nothing left in the clone's config.
      const masks = run.stdout.split("\n").filter((line) => line.startsWith("::add-mask::"));
      expect(masks).toEqual([`::add-mask::${token}`, `::add-mask::${Buffer.from(`x-access-token:${token}`).toString("base64")}`]);
      const log = run.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::")).join("\n");
      expect(`${log}${run.stderr}${run.summary}`).not.toContain(token);
      expect(readFileSync(join(clone, ".git", "config"), "utf8")).not.toContain("extraheader");
    } finally {
      await server.close();
    }
  });

  it("names its base input, not the CLI's --base, when the base file holds no contract", () => {
    const origin = repository({ [FILE]: BASE, "released.yaml": "hello: 1\n" });
    const run = runAction(origin.dir, { base: "released.yaml" });
    expect(run.status).toBe(2);
    expect(run.failures).toEqual(["schema-compat: the base input released.yaml holds no contract or product; name the released contract or product file, or an empty folder for a first release"]);
  });

  it("does not fetch a release tag a shallow clone lacks: one line saying how to get it, as the base input says", () => {
    const origin = repository({ [FILE]: BASE }, { [FILE]: MAJOR });
    sh(origin.dir, "tag", "v1.0.0", origin.shas[0]!);
    const clone = shallowClone(origin.dir);
    const run = runAction(clone, { base: "v1.0.0" });
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([expect.stringMatching(/^schema-compat: base ref v1\.0\.0 is not in this shallow clone: .*`fetch-depth: 0`$/)]);
    expectNoStackTrace(run);
    // What a workflow author reads about the input must say the same: only a commit SHA is fetched.
    const base = readActionYml(actionDir).inputs.base?.description ?? "";
    expect(base).toContain("A full commit SHA that a shallow clone lacks is fetched; a branch or tag must be in the clone");
  });

  it("fails with one line asking for fetch-depth: 0 when the base commit cannot be fetched, without printing credentials", () => {
    const origin = repository({ [FILE]: BASE }, { [FILE]: MAJOR });
    const clone = shallowClone(origin.dir);
    // A remote with a token in its URL that refuses connections (loopback, port 1).
    sh(clone, "remote", "set-url", "origin", "https://x-access-token:s3cr3t-token@127.0.0.1:1/meshkit/orders.git");
    const run = runAction(clone, {}, pullRequest(origin.shas[0]!));
    expect(run.status).toBe(2);
    expect(run.failures).toHaveLength(1);
    expect(run.failures[0]).toMatch(new RegExp(`^schema-compat: the base commit ${origin.shas[0]} is not in this clone and could not be fetched \\(.+\\): set \`fetch-depth: 0\` on actions/checkout$`));
    expect(`${run.stdout}${run.stderr}${run.summary}`).not.toContain("s3cr3t-token");
    expectNoStackTrace(run);
  });

  it("says more history cannot help when origin does not have the pull request's base (its branch force-pushed since the event)", () => {
    const origin = repository({ [FILE]: BASE }, { [FILE]: MINOR });
    const clone = shallowClone(origin.dir);
    const gone = "0123456789abcdef0123456789abcdef01234567";
    const run = runAction(clone, {}, pullRequest(gone, origin.shas[1]!));
    expect(run.status).toBe(2);
    expect(run.failures).toHaveLength(1);
    expect(run.failures[0]).toMatch(/^schema-compat: the base commit 0123456789abcdef0123456789abcdef01234567 is not in this clone and could not be fetched \(.*not our ref.*\): origin does not have that commit \(a branch force-pushed since the event, or a re-run of an old event\), so more history cannot bring it: set the `base` input/);
    expect(run.failures[0]).not.toContain("fetch-depth: 0");
    expectNoStackTrace(run);
  });

  it("compares a push that created a branch with the parent of HEAD, fetching it in a shallow clone; a first commit passes with a notice", () => {
    const push = (after: string) => ({ name: "push", payload: { ref: "refs/heads/feature", before: ZERO, after, created: true } });
    const { dir, shas } = repository({ [FILE]: BASE }, { [FILE]: MINOR });
    const run = runAction(dir, {}, push(shas[1]!));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`Comparing with ${shas[0]} (new branch: parent of HEAD).`);
    expect(run.outputs).toMatchObject({ breaking: "true", "required-bump": "major", errors: "1" });

    const clone = shallowClone(dir);
    expect(hasCommit(clone, shas[0]!)).toBe(false);
    const shallow = runAction(clone, {}, push(shas[1]!));
    expect(shallow.status).toBe(1);
    expect(shallow.stdout).toContain("The parent of HEAD is not in this shallow clone; fetching it from origin.");
    expect(shallow.outputs).toMatchObject({ breaking: "true", "required-bump": "major" });

    const first = repository({ [FILE]: BASE });
    const lone = runAction(first.dir, {}, push(first.shas[0]!));
    expect(lone.stderr).toBe("");
    expect(lone.status).toBe(0);
    expect(lone.notices).toEqual(["schema-compat: nothing to compare: this push created a branch whose first commit has no parent."]);
    expect(lone.failures).toEqual([]);
    expect(lone.outputs).toEqual({ errors: "0", warnings: "0", "sarif-file": "", "required-bump": "none", breaking: "false", changelog: "" });
    expect(lone.summary).toContain("Nothing to compare");
  });

  it("compares a push to an existing branch with the commit before it", () => {
    const { dir, shas } = repository({ [FILE]: BASE }, { [FILE]: MAJOR }, { "README.md": "orders\n" });
    const run = runAction(dir, {}, { name: "push", payload: { ref: "refs/heads/main", before: shas[0], after: shas[2] } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Comparing with ${shas[0]} (before the push).`);
    expect(run.outputs).toMatchObject({ breaking: "true", "required-bump": "major" });
  });

  it("says to set the base when the commit before a forced push is gone from origin (more history cannot bring it)", () => {
    const { dir, shas } = repository({ [FILE]: BASE }, { [FILE]: MAJOR });
    const clone = shallowClone(dir);
    const gone = "0123456789abcdef0123456789abcdef01234567";
    const run = runAction(clone, {}, { name: "push", payload: { ref: "refs/heads/main", before: gone, after: shas[1] } });
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([expect.stringMatching(/^schema-compat: the base commit 0123456789abcdef0123456789abcdef01234567 is not in this clone and could not be fetched \(.*\): if the push was forced, that commit is gone from origin: set the `base` input/)]);
    // The job summary says why too, not only the log.
    expect(run.summary).toMatch(/⛔ schema-compat: could not run\n\nthe base commit 0123456789abcdef0123456789abcdef01234567 is not in this clone/);
    expectNoStackTrace(run);
  });

  it("fails with one line and no stack trace for a base ref that does not exist, or no base at all", () => {
    const { dir } = repository({ [FILE]: BASE }, { [FILE]: MAJOR });
    const missing = runAction(dir, { base: "no-such-branch" });
    expect(missing.status).toBe(2);
    expect(missing.failures).toHaveLength(1);
    expect(missing.failures[0]).toMatch(/^schema-compat: base ref no-such-branch not found: [^\n]+$/);
    expect(missing.stdout.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toBe("");
    expectNoStackTrace(missing);

    const dispatch = runAction(dir, {}, { name: "workflow_dispatch", payload: { inputs: {} } });
    expect(dispatch.status).toBe(2);
    expect(dispatch.failures).toEqual([
      "schema-compat: no base to compare with for a workflow_dispatch event (only pull_request, pull_request_target, push and merge_group name one); set the `base` input to the ref to compare with (e.g. `base: origin/main` or a release tag)",
    ]);
    expectNoStackTrace(dispatch);

    const noEvent = runAction(dir, {});
    expect(noEvent.status).toBe(2);
    expect(noEvent.failures).toEqual([expect.stringMatching(/^schema-compat: no base to compare with: this is not a workflow run .*set the `base` input/)]);
  });
});
