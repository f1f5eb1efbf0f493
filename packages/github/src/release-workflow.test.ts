/**
 * meshkit's own release workflow (.github/workflows/release.yml) changes what every domain repository
 * runs: it tags vX.Y.Z and moves vX. A push trigger is limited to main by `on.push.branches`, but
 * `workflow_dispatch` can be started on any branch (GitHub's "Run workflow" branch picker), so a job
 * that releases must check the ref itself, as production-gate.ts does for the actions.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
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

  describe("the release job's version step, run in a real git repository", () => {
    const script = workflow.jobs.release!.steps!.find((step) => step.id === "version")!.run!;
    const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com", GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } }).trim();
    const commit = (cwd: string, version: string, message: string) => {
      writeFileSync(join(cwd, "packages/cli/package.json"), `{\n  "name": "@meshkit/cli",\n  "version": "${version}",\n  "dependencies": { "x": { "version": "9.9.9" } }\n}\n`);
      writeFileSync(join(cwd, "notes.txt"), `${message}\n`);
      git(cwd, "add", "-A");
      git(cwd, "commit", "-q", "-m", message);
      return git(cwd, "rev-parse", "HEAD");
    };
    const runStep = (cwd: string, event = "push") => {
      const output = join(cwd, "..", "output");
      writeFileSync(output, "");
      execFileSync("bash", ["-e", "-c", script], { cwd, env: { ...process.env, GITHUB_OUTPUT: output, GITHUB_EVENT_NAME: event }, encoding: "utf8" });
      return Object.fromEntries(readFileSync(output, "utf8").trim().split("\n").map((line) => line.split("=") as [string, string]));
    };
    let root = "";
    const repo = () => {
      root = mkdtempSync(join(tmpdir(), "meshkit-release-step-"));
      const cwd = join(root, "repo");
      execFileSync("mkdir", ["-p", join(cwd, "packages/cli")]);
      git(cwd, "init", "-q", "-b", "main");
      return cwd;
    };
    afterEach(() => {
      if (root) rmSync(root, { recursive: true, force: true });
      root = "";
    });

    it("a later push releases the version from the commit that set it (the run of that commit was replaced while pending)", () => {
      const cwd = repo();
      commit(cwd, "0.1.0", "first");
      git(cwd, "tag", "v0.1.0");
      const bump = commit(cwd, "0.2.0", "Version Packages: v0.2.0");
      commit(cwd, "0.2.0", "feature with a pending changeset");
      const head = commit(cwd, "0.2.0", "another one");
      expect(runStep(cwd)).toEqual({ released: "false", commit: bump });
      // What the release script then builds and tags is the bump commit, not the later ones.
      expect(git(cwd, "rev-parse", "HEAD")).toBe(bump);
      expect(head).not.toBe(bump);
    });

    it("the push of the bump itself releases its own commit; a released version changes nothing", () => {
      const cwd = repo();
      commit(cwd, "0.1.0", "first");
      git(cwd, "tag", "v0.1.0");
      const bump = commit(cwd, "0.2.0", "Version Packages: v0.2.0");
      expect(runStep(cwd)).toEqual({ released: "false", commit: bump });
      git(cwd, "tag", "v0.2.0");
      const later = commit(cwd, "0.2.0", "later");
      expect(runStep(cwd)).toMatchObject({ released: "true" });
      expect(git(cwd, "rev-parse", "HEAD")).toBe(later);
    });

    it("by hand, a released version is checked out where it was cut (to complete a CLI package whose publish failed)", () => {
      const cwd = repo();
      const bump = commit(cwd, "0.2.0", "Version Packages: v0.2.0");
      // The release commit: on no branch, the bump its parent (scripts/release.mjs).
      const release = git(cwd, "commit-tree", `${bump}^{tree}`, "-p", bump, "-m", "meshkit v0.2.0");
      git(cwd, "tag", "-a", "-m", "meshkit v0.2.0", "v0.2.0", release);
      commit(cwd, "0.2.0", "later");
      expect(runStep(cwd, "workflow_dispatch")).toMatchObject({ released: "true" });
      expect(git(cwd, "rev-parse", "HEAD")).toBe(bump);
    });
  });

  it("publishes the CLI only to a registry the repository names, with a token from the environment", () => {
    const step = workflow.jobs.release!.steps!.find((s) => s.run?.includes("node scripts/release.mjs"))!;
    expect(step.env).toMatchObject({ MESHKIT_NPM_REGISTRY: "${{ vars.MESHKIT_NPM_REGISTRY }}", NODE_AUTH_TOKEN: "${{ secrets.MESHKIT_NPM_TOKEN || github.token }}" });
    expect(step.run).toContain('if [ -n "$MESHKIT_NPM_REGISTRY" ]; then publish=(--npm-registry "$MESHKIT_NPM_REGISTRY"');
    expect(workflow.jobs.release!.permissions).toEqual({ contents: "write", packages: "write" });
  });

  it("runs releases one at a time and never cancels one", () => {
    expect(workflow.jobs.release!.concurrency).toEqual({ group: "release-tags", "cancel-in-progress": false });
  });
});
