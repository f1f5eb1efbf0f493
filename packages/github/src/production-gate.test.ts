import { describe, expect, it } from "vitest";
import { productionGate } from "./production-gate.js";

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
