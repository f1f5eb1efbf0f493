/**
 * The push path, end to end: a pull request is merged into main of a real domain repository, and the
 * reusable workflow's release job runs the bundled actions as GitHub's runner does: provision apply,
 * contract-test on what was produced, catalog-publish (only after both passed) and the release tag
 * pushed to origin. Apply from a pull request is refused, whatever its inputs say.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoStackTrace } from "@meshkit/github/testing";
import { type DomainRepo, PipelineActions, SAMPLE_AS_OF, checkout, createDomainRepo, edit, git, openPullRequest, pullRequestEvent, pushEvent, runnerEnv, setContractVersion, setProductVersion } from "./support.js";

let repo: DomainRepo;
const actions = new PipelineActions();
let mergedSha = "";

beforeAll(() => {
  repo = createDomainRepo();
  mergedSha = openPullRequest(repo, "describe-orders", () => {
    edit(repo.contract, (text) => setContractVersion(text.replace("Amount in EUR.", "Order amount in EUR, VAT included."), "1.0.1"));
    edit(repo.product, (text) => setProductVersion(text, "1.0.1"));
  });
  // The merge: main fast-forwards to the pull request's head.
  git(repo.work, "push", "-q", "origin", `${mergedSha}:refs/heads/main`);
});

afterAll(() => {
  actions.cleanup();
  repo?.cleanup();
});

/** The release job's steps, in a fresh checkout of main (each step runs only if the ones before passed). */
async function runReleaseJob(name: string) {
  const workspace = checkout(repo, mergedSha, name);
  const event = pushEvent(repo.baseSha, mergedSha);
  const env = runnerEnv(workspace, { GITHUB_REF: "refs/heads/main", GITHUB_SHA: mergedSha });
  const catalog = `dir:${join(repo.root, "catalog")}`;
  const provision = await actions.action("provision").runAsync(workspace, { command: "apply" }, { event, env });
  const test = await actions.action("contract-test").runAsync(workspace, { "as-of": SAMPLE_AS_OF, "results-file": ".meshkit/contract-test.json" }, { event, env });
  const publish = await actions.action("catalog-publish").runAsync(workspace, { catalog, "results-file": ".meshkit/contract-test.json" }, { event, env });
  for (const step of [provision, test, publish]) expectNoStackTrace(step);
  return { workspace, provision, test, publish };
}

describe("push to main, run as GitHub's runner runs the actions", () => {
  it("applies the infrastructure, tests the output, publishes the product and tags its release", async () => {
    const job = await runReleaseJob("release-1");
    expect(job.provision.status).toBe(0);
    expect(job.provision.outputs.applied).toBe("true");
    expect(existsSync(join(job.workspace, "lake/domain=sales/product=orders/gold"))).toBe(true);
    expect(job.test.status).toBe(0);
    expect(Number(job.test.outputs.passed)).toBeGreaterThan(10);
    expect(job.publish.status).toBe(0);
    expect(job.publish.outputs.published).toBe("1");
    const index = JSON.parse(readFileSync(join(repo.root, "catalog", "index.json"), "utf8")) as unknown;
    expect(JSON.stringify(index)).toContain(repo.productId);
    // The release tag is on origin, on the merged commit, and annotated.
    const tag = `${repo.productId}/v1.0.1`;
    expect(git(repo.work, "ls-remote", "--tags", "origin")).toContain(`refs/tags/${tag}`);
    expect(git(repo.origin, "rev-parse", `${tag}^{commit}`)).toBe(mergedSha);
    expect(git(repo.origin, "cat-file", "-t", tag)).toBe("tag");
    expect(job.publish.summary).toContain(`tagged \`${tag}\``);
  });

  it("is idempotent: a re-run adds no version (only the new test results) and leaves the tag where it is", async () => {
    const job = await runReleaseJob("release-2");
    expect([job.provision.status, job.test.status, job.publish.status]).toEqual([0, 0, 0]);
    expect(job.publish.summary).toMatch(/\| orders \(sales\) \| 1\.0\.1 \| quality updated \|/);
    expect(job.publish.notices.join("\n")).toContain(`${repo.productId}/v1.0.1 already tags this commit`);
    // The warehouse of a workspace that was applied already has nothing left to change.
    const again = await actions.action("provision").runAsync(job.workspace, { command: "apply" }, { event: pushEvent(repo.baseSha, mergedSha), env: runnerEnv(job.workspace, {}) });
    expect(again.status).toBe(0);
    expect(again.outputs.changes).toBe("0");
  });

  it("refuses apply from a pull request, whatever its inputs say", async () => {
    const workspace = checkout(repo, mergedSha, "pr-apply");
    const event = pullRequestEvent(repo, "describe-orders", mergedSha, { number: 9 });
    const run = await actions.action("provision").runAsync(workspace, { command: "apply" }, { event, env: runnerEnv(workspace, {}) });
    expect(run.status).toBe(2);
    expect(run.failures.join("\n")).toContain("apply is refused");
    expect(existsSync(join(workspace, "lake"))).toBe(false);
  });
});
