/**
 * meshkit's own release workflow (.github/workflows/release.yml) changes what every domain repository
 * runs: it tags vX.Y.Z and moves vX. A push trigger is limited to main by `on.push.branches`, but
 * `workflow_dispatch` can be started on any branch (GitHub's "Run workflow" branch picker), so a job
 * that releases must check the ref itself, as production-gate.ts does for the actions. The release job's
 * step `version` (which commit a run releases) is run in real repositories by test/release-workflow.test.ts.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const RELEASE_YML = fileURLToPath(new URL("../../../.github/workflows/release.yml", import.meta.url));

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { if?: string; permissions?: Record<string, string>; concurrency?: { group: string; "cancel-in-progress": boolean }; steps?: { id?: string; name?: string; run?: string; env?: Record<string, string> }[] }>;
}

describe("release.yml", () => {
  const workflow = parse(readFileSync(RELEASE_YML, "utf8")) as Workflow;

  it("runs a job that may write (tags, branches) only for main, whatever branch a manual run was started on", () => {
    expect(Object.keys(workflow.on)).toContain("workflow_dispatch");
    const writers = Object.entries(workflow.jobs).filter(([, job]) => Object.values(job.permissions ?? {}).includes("write"));
    expect(writers.length).toBeGreaterThan(0);
    for (const [name, job] of writers) {
      const condition = job.if ?? "";
      // Either the ref is main, or the job runs on push only (whose branches `on.push.branches` limits to main).
      const mainOnly = /github\.ref\s*==\s*'refs\/heads\/main'/.test(condition) || /^github\.event_name\s*==\s*'push'$/.test(condition.trim());
      expect(mainOnly, `job ${name}: if: ${condition || "(none)"}`).toBe(true);
    }
  });

  it("never gives the job's token to a step that runs package code (npx, npm ci): only to the steps that push", () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        const runsPackages = /\bnpx\b|\bnpm\s+(?:ci|install|exec)\b/.test(step.run ?? "");
        const tokens = Object.entries(step.env ?? {}).filter(([, value]) => /\b(?:github\.token|secrets\.)/.test(value)).map(([key]) => key);
        if (runsPackages) expect(tokens, `job ${name}, step ${step.name ?? step.run?.split("\n")[0]}`).toEqual([]);
      }
    }
  });

  it("publishes the CLI only to a registry the repository names, with a token from the environment", () => {
    const step = workflow.jobs.release!.steps!.find((s) => s.run?.includes("node scripts/release.mjs"))!;
    expect(step.env).toMatchObject({ MESHKIT_NPM_REGISTRY: "${{ vars.MESHKIT_NPM_REGISTRY }}", NODE_AUTH_TOKEN: "${{ secrets.MESHKIT_NPM_TOKEN || github.token }}" });
    expect(step.run).toContain('if [ -n "$MESHKIT_NPM_REGISTRY" ]; then publish=(--npm-registry "$MESHKIT_NPM_REGISTRY"');
    expect(workflow.jobs.release!.permissions).toEqual({ contents: "write", packages: "write" });
  });

  it("indexes the history's changed paths before changesets looks up, one git log each, which commit added every changeset", () => {
    const run = workflow.jobs["version-pull-request"]!.steps!.find((s) => s.id === "version")!.run!;
    const graph = run.indexOf("git commit-graph write --reachable --changed-paths");
    expect(graph).toBeGreaterThan(-1);
    expect(graph).toBeLessThan(run.indexOf("npx changeset version"));
  });

  it("runs releases one at a time and never cancels one", () => {
    expect(workflow.jobs.release!.concurrency).toEqual({ group: "release-tags", "cancel-in-progress": false });
  });
});
