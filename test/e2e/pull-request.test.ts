/**
 * The pull request path, end to end: a real domain repository (made by `meshkit init`), a base commit
 * and a pull request head per scenario, and the reusable workflow's job (the bundled actions, one step
 * each, as GitHub's runner runs them) against a local server that answers as GitHub's REST API does.
 * Asserts each step's result and outputs, and the one sticky comment a reviewer reads.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGithubApi, expectNoStackTrace, startFakeGithubApi } from "@meshkit/github/testing";
import { PR_COMMENT_MARKER, parseStageSections } from "@meshkit/github";
import {
  CLI,
  type DomainRepo,
  type JobRun,
  PipelineActions,
  READ_ONLY_TOKEN,
  REPOSITORY,
  SAMPLE_AS_OF,
  WRITE_TOKEN,
  checkout,
  createDomainRepo,
  edit,
  openPullRequest,
  pullRequestEvent,
  runPullRequestJob,
  setContractVersion,
  setProductVersion,
} from "./support.js";

const CHANNEL_PROPERTY = [
  "      - name: channel",
  "        description: Sales channel of the order.",
  "        logicalType: string",
  "        physicalType: VARCHAR(10)",
  "        required: false",
  "        classification: internal",
  "",
].join("\n");

let repo: DomainRepo;
let api: FakeGithubApi;
const actions = new PipelineActions();

beforeAll(async () => {
  repo = createDomainRepo();
  api = await startFakeGithubApi({ writeTokens: [WRITE_TOKEN], readTokens: [READ_ONLY_TOKEN] });
});

afterAll(async () => {
  actions.cleanup();
  await api?.close();
  repo?.cleanup();
});

/** Both files of the product at a new version. */
function bump(version: string): void {
  edit(repo.contract, (text) => setContractVersion(text, version));
  edit(repo.product, (text) => setProductVersion(text, version));
}

/** A new optional column, in the contract and in the sample data. */
function addChannelColumn(): void {
  edit(repo.contract, (text) => text.replace("      - name: updated_at\n", `${CHANNEL_PROPERTY}      - name: updated_at\n`));
  edit(repo.data, (text) => text.trimEnd().split("\n").map((line, i) => `${line},${i === 0 ? "channel" : "web"}`).join("\n") + "\n");
}

async function runScenario(branch: string, number: number, change: () => void, options: { fork?: boolean } = {}): Promise<JobRun & { comments: ReturnType<FakeGithubApi["comments"]> }> {
  const head = openPullRequest(repo, branch, change);
  const workspace = checkout(repo, head, `ws-${branch}`);
  const job = await runPullRequestJob(actions, workspace, pullRequestEvent(repo, branch, head, { number, ...(options.fork ? { fork: true } : {}) }), {
    apiUrl: api.url,
    token: options.fork ? READ_ONLY_TOKEN : WRITE_TOKEN,
  });
  for (const step of Object.values(job.steps)) expectNoStackTrace(step);
  return { ...job, comments: api.comments(REPOSITORY, number) };
}

function statuses(job: JobRun): Record<string, number | null> {
  return Object.fromEntries(Object.entries(job.steps).map(([name, step]) => [name, step.status]));
}

/** The one comment meshkit left on the pull request. */
function theComment(comments: { body: string }[]): string {
  expect(comments).toHaveLength(1);
  const body = comments[0]!.body;
  expect(body.startsWith(PR_COMMENT_MARKER)).toBe(true);
  return body;
}

function sectionOf(body: string, stage: string): string {
  const section = parseStageSections(body).find((s) => s.stage === stage);
  expect(section, `a ${stage} section`).toBeDefined();
  return section!.text;
}

describe("pull request pipeline, run as GitHub's runner runs the actions (GitHub API: a local server that answers as api.github.com does)", () => {
  it("a safe additive change with a minor bump: every stage passes, one comment says it is safe", async () => {
    const job = await runScenario("add-channel", 1, () => {
      addChannelColumn();
      bump("1.1.0");
    });
    expect(statuses(job)).toEqual({ "contract-lint": 0, "schema-compat": 0, "policy-check": 0, "contract-test": 0, provision: 0 });
    expect(job.steps["schema-compat"]!.outputs["required-bump"]).toBe("minor");
    expect(job.steps["schema-compat"]!.outputs.breaking).toBe("false");
    const body = theComment(job.comments);
    expect(body).toContain("✅ **Safe to merge**: 5 stages passed");
    expect(parseStageSections(body).map((s) => [s.stage, s.status])).toEqual([
      ["contract-lint", expect.stringMatching(/passed|warned/)],
      ["schema-compat", "passed"],
      ["policy-check", "passed"],
      ["contract-test", "passed"],
      ["provision", "passed"],
    ]);
    // Required against declared bump, and the changelog.
    expect(sectionOf(body, "schema-compat")).toContain("requires a **minor** bump, declared minor");
    expect(sectionOf(body, "schema-compat")).toContain("`property-added-optional` Optional property `orders.channel` was added.");
    // The plan summary: the new column is what provisioning would change.
    expect(sectionOf(body, "provision")).toMatch(/channel/);
    // Created by the first step, then updated in place by each later one.
    const id = job.comments[0]!.id;
    expect(api.requests.filter((r) => r.method === "POST" && r.url === `/repos/${REPOSITORY}/issues/1/comments`)).toHaveLength(1);
    expect(api.requests.filter((r) => r.method === "PATCH" && r.url === `/repos/${REPOSITORY}/issues/comments/${id}`)).toHaveLength(4);
  });

  it("a breaking change with only a minor bump: schema-compat fails, the comment names the required bump", async () => {
    const job = await runScenario("drop-amount", 2, () => {
      edit(repo.contract, (text) => text.replace(/ {6}- name: amount_eur\n[\s\S]*?(?= {6}# Personal data)/, ""));
      bump("1.1.0");
    });
    expect(job.steps["schema-compat"]!.status).toBe(1);
    expect(job.steps["schema-compat"]!.outputs["required-bump"]).toBe("major");
    expect(job.steps["schema-compat"]!.outputs.breaking).toBe("true");
    expect(job.steps["contract-lint"]!.status).toBe(0);
    const body = theComment(job.comments);
    expect(body).toMatch(/❌ \*\*Not safe to merge\*\*: `schema-compat` fails\./);
    const compat = sectionOf(body, "schema-compat");
    expect(compat).toContain("### ❌ schema-compat: failed");
    expect(compat).toContain("requires a **major** bump, declared minor");
    expect(compat).toContain("amount_eur");
    expect(compat).toContain("version-bump");
  });

  it("a policy violation: policy-check fails at the line of the PII column that lost its masking", async () => {
    const job = await runScenario("unmask-email", 3, () => {
      edit(repo.contract, (text) => text.replace(/ {8}customProperties:\n {10}- property: masking\n {12}value: hash\n/, ""));
      bump("1.0.1");
    });
    expect(job.steps["policy-check"]!.status).toBe(1);
    expect(Number(job.steps["policy-check"]!.outputs.failed)).toBeGreaterThan(0);
    const annotation = job.steps["policy-check"]!.annotations.find((a) => a.command === "error");
    expect(annotation?.properties.file).toBe("products/orders/orders.odcs.yaml");
    const body = theComment(job.comments);
    expect(body).toMatch(/❌ \*\*Not safe to merge\*\*: `policy-check` fails\./);
    expect(sectionOf(body, "policy-check")).toMatch(/mask/i);
  });

  it("a data quality failure: contract-test fails and the comment shows the failing check with its measured value", async () => {
    const job = await runScenario("bad-status", 4, () => {
      edit(repo.data, (text) => text.replace("R000012,2026-01-14,open,", "R000012,2026-01-14,on-hold,"));
    });
    expect(job.steps["contract-test"]!.status).toBe(1);
    expect(job.steps["contract-test"]!.outputs.failed).toBe("1");
    const body = theComment(job.comments);
    expect(body).toMatch(/❌ \*\*Not safe to merge\*\*: `contract-test` fails\./);
    const test = sectionOf(body, "contract-test");
    // The failing check with its measured value (one row) against the promise.
    expect(test).toContain("| ❌ fail | `quality-invalid-values` | orders.status | 1 row | = 0 rows | 12 | 1 |");
  });

  it("a fork's pull request: the token is read-only, so no comment; every step still passes and says why", async () => {
    const before = api.requests.length;
    const job = await runScenario("fork-add-channel", 5, () => {
      addChannelColumn();
      bump("1.1.0");
    }, { fork: true });
    expect(statuses(job)).toEqual({ "contract-lint": 0, "schema-compat": 0, "policy-check": 0, "contract-test": 0, provision: 0 });
    expect(job.comments).toHaveLength(0);
    // Not even tried: the fork is known from the event.
    expect(api.requests.length).toBe(before);
    for (const step of Object.values(job.steps)) {
      expect(step.notices.some((n) => n.includes("fork"))).toBe(true);
      expect(step.summary.length).toBeGreaterThan(0);
    }
  });

  it("a re-run after a fix updates the same comment in place", async () => {
    const head = openPullRequest(repo, "bad-status", () => edit(repo.data, (text) => text.replace("on-hold", "open")), { push: true });
    const workspace = checkout(repo, head, "ws-bad-status-fixed");
    await runPullRequestJob(actions, workspace, pullRequestEvent(repo, "bad-status", head, { number: 4 }), { apiUrl: api.url, token: WRITE_TOKEN });
    const body = theComment(api.comments(REPOSITORY, 4));
    expect(body).toContain("✅ **Safe to merge**");
    expect(parseStageSections(body).find((s) => s.stage === "contract-test")?.status).toBe("passed");
  });

  it("meshkit ci on the same pull request reaches the same verdict and writes the same sections as the actions", async () => {
    const head = openPullRequest(repo, "ci-parity", () => {
      addChannelColumn();
      edit(repo.data, (text) => text.replace("R000012,2026-01-14,open,", "R000012,2026-01-14,on-hold,"));
      bump("1.1.0");
    });
    const workspace = checkout(repo, head, "ws-ci-parity");
    await runPullRequestJob(actions, workspace, pullRequestEvent(repo, "ci-parity", head, { number: 6 }), { apiUrl: api.url, token: WRITE_TOKEN });
    const fromActions = theComment(api.comments(REPOSITORY, 6));

    const ci = spawnSync(process.execPath, [CLI, "ci", "--base", repo.baseSha, "--now", SAMPLE_AS_OF, "--markdown", "ci.md", "--results", ".meshkit/contract-test.json"], { cwd: workspace, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(ci.status).toBe(1);
    expect(ci.stdout).toContain("❌ Not safe to merge: contract-test fails.");
    const fromCi = readFileSync(join(workspace, "ci.md"), "utf8");
    // The same verdict line, and the same sections; only the base's label differs (a PR base, or --base).
    const verdict = (body: string) => body.split("\n").find((line) => line.startsWith("❌") || line.startsWith("✅"));
    expect(verdict(fromCi)).toBe(verdict(fromActions));
    const sections = (body: string) => parseStageSections(body).map((s) => ({ ...s, text: s.text.replace(/Contract changes since .*/g, "Contract changes since <base>") }));
    expect(sections(fromCi)).toEqual(sections(fromActions));
  });
});
