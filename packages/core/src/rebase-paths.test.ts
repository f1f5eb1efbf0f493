import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "./findings.js";
import { placeFindings, rebasePath, reportPlacer, repositoryRoot } from "./rebase-paths.js";

/** Findings named from `to` instead of `from`, as a run below the workspace reports them. */
const rebaseFindings = (findings: readonly Finding[], from: string, to: string) => placeFindings(findings, (file) => rebasePath(file, from, to));

function finding(overrides: Partial<Finding> = {}): Finding {
  return { ruleId: "schema-valid", severity: "error", message: "m", file: "x.yaml", line: 1, column: 1, path: "", stage: "lint", ...overrides };
}

describe("placeFindings with rebasePath", () => {
  it("makes paths workspace-relative when inside it, absolute otherwise", () => {
    const findings = [finding({ file: "x.yaml" }), finding({ file: "../../../outside/y.yaml" }), finding({ file: "../../shared/w.yaml" }), finding({ file: "/abs/z.yaml" })];
    expect(rebaseFindings(findings, "/ws/domains/sales", "/ws").map((f) => f.file)).toEqual(["domains/sales/x.yaml", "/outside/y.yaml", "shared/w.yaml", "/abs/z.yaml"]);
  });

  it("names the workspace itself `.`, as the CLI does (a finding about the whole repository)", () => {
    expect(rebaseFindings([finding({ file: "../.." }), finding({ file: "." })], "/ws/domains/sales", "/ws").map((f) => f.file)).toEqual([".", "domains/sales"]);
  });
});

describe("repositoryRoot", () => {
  function workspaceWith(...folders: string[]): string {
    const workspace = mkdtempSync(join(tmpdir(), "repository-root-"));
    for (const folder of folders) mkdirSync(join(workspace, folder), { recursive: true });
    return workspace;
  }

  it("is the checkout below the workspace that holds the folder, when actions/checkout put the repository there (path: repo)", () => {
    const workspace = workspaceWith("repo/.git", "repo/domains/sales");
    expect(repositoryRoot(workspace, join(workspace, "repo/domains/sales"))).toBe(join(workspace, "repo"));
    expect(repositoryRoot(workspace, join(workspace, "repo"))).toBe(join(workspace, "repo"));
  });

  it("is the outermost checkout below the workspace, not one inside it (a submodule), as for a workspace that is a checkout", () => {
    const workspace = workspaceWith("repo/.git", "repo/vendor/shared/.git", "repo/vendor/shared/domains");
    expect(repositoryRoot(workspace, join(workspace, "repo/vendor/shared/domains"))).toBe(join(workspace, "repo"));
    expect(repositoryRoot(workspace, join(workspace, "repo/vendor/shared"))).toBe(join(workspace, "repo"));
  });

  it("is the workspace when it is a checkout itself (one below it is another repository's), or when no checkout holds the folder", () => {
    const beside = workspaceWith(".git", "sales/.git");
    expect(repositoryRoot(beside, join(beside, "sales"))).toBe(beside);
    const none = workspaceWith("domains/sales");
    expect(repositoryRoot(none, join(none, "domains/sales"))).toBe(none);
    expect(repositoryRoot(none, none)).toBe(none);
  });
});

describe("reportPlacer", () => {
  it("names a file given through a linked workspace as the same file in the real one, from its repository's root", () => {
    const real = realpathSync(mkdtempSync(join(tmpdir(), "report-placer-")));
    mkdirSync(join(real, "disk", "ws", ".git"), { recursive: true });
    symlinkSync(join(real, "disk", "ws"), join(real, "link"));
    const place = reportPlacer(join(real, "link"), join(real, "disk", "ws", "domains"));
    expect([place(join(real, "link", "domains", "x.yaml")), place("y.yaml"), place("/elsewhere/z.yaml")]).toEqual(["domains/x.yaml", "domains/y.yaml", "/elsewhere/z.yaml"]);
  });

  it("names a file from the checkout it is in when the run is in none (the workspace's top, actions/checkout's path: repo)", () => {
    const workspace = realpathSync(mkdtempSync(join(tmpdir(), "report-placer-")));
    mkdirSync(join(workspace, "repo", ".git"), { recursive: true });
    mkdirSync(join(workspace, "domains"), { recursive: true });
    const place = reportPlacer(workspace, workspace);
    expect([place("repo/domains/x.yaml"), place("repo"), place("domains/y.yaml")]).toEqual(["domains/x.yaml", ".", "domains/y.yaml"]);
    // A checkout inside that one (a submodule) is named from the outer checkout, as a run inside it names it.
    mkdirSync(join(workspace, "repo", "vendor", "shared", ".git"), { recursive: true });
    expect([place("repo/vendor/shared/z.yaml"), place("repo/vendor/shared")]).toEqual(["vendor/shared/z.yaml", "vendor/shared"]);
    expect(reportPlacer(workspace, join(workspace, "repo", "vendor", "shared"))("z.yaml")).toBe("vendor/shared/z.yaml");
  });

  /** A workspace holding the workflow's repository (acme/sales) in `repo` and acme/shared beside it in `shared`, as actions/checkout writes them. */
  function workspaceWithTwoCheckouts(): string {
    const workspace = realpathSync(mkdtempSync(join(tmpdir(), "report-placer-")));
    for (const [folder, repository] of [["repo", "acme/sales"], ["shared", "acme/shared"]]) {
      mkdirSync(join(workspace, folder!, ".git"), { recursive: true });
      mkdirSync(join(workspace, folder!, "contracts"));
      writeFileSync(join(workspace, folder!, ".git", "config"), `[remote "origin"]\n\turl = https://github.com/${repository}\n`);
    }
    return workspace;
  }

  it("names another repository's checkout beside the workflow's from the workspace, never as the workflow repository's file", () => {
    const workspace = workspaceWithTwoCheckouts();
    const sales = { name: "Acme/Sales", host: "github.com" };
    const atTop = reportPlacer(workspace, workspace, sales);
    expect([atTop("repo/contracts/x.yaml"), atTop("shared/contracts/x.yaml"), atTop("repo"), atTop("shared")]).toEqual(["contracts/x.yaml", "shared/contracts/x.yaml", ".", "shared"]);
    // A run in the other checkout (working-directory: shared) names its files as the run at the top does.
    expect(reportPlacer(workspace, join(workspace, "shared"), sales)("contracts/x.yaml")).toBe("shared/contracts/x.yaml");
    expect(reportPlacer(workspace, join(workspace, "repo"), sales)("contracts/x.yaml")).toBe("contracts/x.yaml");
    // Without GITHUB_REPOSITORY the checkouts cannot be told apart: each is named from its own root.
    expect(reportPlacer(workspace, join(workspace, "shared"))("contracts/x.yaml")).toBe("contracts/x.yaml");
  });
});
