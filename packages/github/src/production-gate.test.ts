import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ciRefusesProductionChange, productionGate, workflowProductionGate } from "./production-gate.js";

const repository = { default_branch: "main", full_name: "acme/sales" };

describe("productionGate", () => {
  it("allows a push, or a manual run, on the default branch", () => {
    expect(productionGate({ name: "push", payload: { ref: "refs/heads/main", repository } })).toEqual({ allowed: true });
    expect(productionGate({ name: "workflow_dispatch", payload: { ref: "refs/heads/main", repository, inputs: {} } })).toEqual({ allowed: true });
  });

  it.each([
    ["pull_request", { ref: "refs/heads/main", repository, pull_request: { head: { repo: { fork: false } } } }, "the pull_request event may not change production"],
    ["pull_request", { repository, pull_request: { head: { repo: { fork: true } } } }, "the pull_request event may not change production"],
    ["pull_request_target", { ref: "refs/heads/main", repository }, "the pull_request_target event may not change production"],
    ["merge_group", { ref: "refs/heads/main", repository }, "the merge_group event may not change production"],
    ["schedule", { repository }, "the schedule event may not change production"],
    ["push", { ref: "refs/heads/feature", repository }, "refs/heads/feature is not the default branch (main)"],
    ["push", { ref: "refs/tags/v1.0.0", repository }, "refs/tags/v1.0.0 is not the default branch (main)"],
    ["push", { ref: "refs/heads/main" }, "the push event does not say which branch is the default one"],
  ])("refuses %s %j", (name, payload, reason) => {
    expect(productionGate({ name, payload })).toEqual({ allowed: false, reason: expect.stringContaining(reason) });
  });

  it("refuses outside a workflow run", () => {
    expect(productionGate(undefined)).toMatchObject({ allowed: false });
  });
});

describe("ciRefusesProductionChange", () => {
  const eventFile = (payload: object) => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-gate-"));
    const path = join(dir, "event.json");
    writeFileSync(path, JSON.stringify(payload));
    return path;
  };

  it("refuses in a GitHub Actions pull_request run, whatever the command's flags say", () => {
    const env = { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: eventFile({ pull_request: { number: 1 }, repository }) };
    expect(ciRefusesProductionChange(env)).toBe("this GitHub Actions run may not change production: the pull_request event may not change production; only a push to the default branch may");
  });

  it("allows a GitHub push to the default branch, and anything outside CI", () => {
    expect(ciRefusesProductionChange({ GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: eventFile({ ref: "refs/heads/main", repository }) })).toBeUndefined();
    expect(ciRefusesProductionChange({ GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: eventFile({ ref: "refs/heads/feature", repository }) })).toMatch(/refs\/heads\/feature is not the default branch/);
    expect(ciRefusesProductionChange({})).toBeUndefined();
  });

  it("refuses wherever a GitHub event is named, GITHUB_ACTIONS or not, as the provision action does", () => {
    const why = "this GitHub Actions run may not change production: the pull_request event may not change production; only a push to the default branch may";
    // A script or container a step starts may be passed the event without GITHUB_ACTIONS, or without its payload file.
    expect(ciRefusesProductionChange({ GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: eventFile({ pull_request: { number: 1 }, repository }) })).toBe(why);
    expect(ciRefusesProductionChange({ GITHUB_EVENT_NAME: "pull_request" })).toBe(why);
    expect(workflowProductionGate({ GITHUB_EVENT_NAME: "pull_request_target" })).toEqual({ allowed: false, reason: "the pull_request_target event may not change production; only a push to the default branch may" });
    expect(ciRefusesProductionChange({ GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: eventFile({ ref: "refs/heads/main", repository }) })).toBeUndefined();
    // A push names its branch in its payload only: without it, nothing may change.
    expect(() => ciRefusesProductionChange({ GITHUB_EVENT_NAME: "push" })).toThrow(/cannot read the push event: GITHUB_EVENT_PATH is not set/);
  });

  it("refuses a GitHub Actions run that names no event", () => {
    expect(ciRefusesProductionChange({ GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "" })).toMatch(/may not change production: not running in a GitHub Actions workflow \(no GITHUB_EVENT_NAME\)/);
  });

  it("refuses in GitLab CI unless the pipeline is the default branch's", () => {
    const gitlab = { GITLAB_CI: "true", CI_DEFAULT_BRANCH: "main" };
    expect(ciRefusesProductionChange({ ...gitlab, CI_PIPELINE_SOURCE: "merge_request_event" })).toMatch(/GitLab pipeline \(merge_request_event\) may not change production/);
    expect(ciRefusesProductionChange({ ...gitlab, CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "main" })).toBeUndefined();
    expect(ciRefusesProductionChange({ ...gitlab, CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "feature" })).toBe(
      "this GitLab pipeline runs on branch feature, not on the default branch (main): only a pipeline on the default branch may change production",
    );
    expect(ciRefusesProductionChange({ ...gitlab, CI_PIPELINE_SOURCE: "push", CI_COMMIT_TAG: "v1.0.0" })).toMatch(/is not a branch pipeline, not on the default branch \(main\)/);
    expect(ciRefusesProductionChange({ GITLAB_CI: "true", CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "main" })).toMatch(/not on the default branch:/);
  });
});
