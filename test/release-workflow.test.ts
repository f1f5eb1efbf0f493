/**
 * The release job's first step in .github/workflows/release.yml (`id: version`), run as the runner runs it
 * (bash, GITHUB_OUTPUT) in scratch repositories: whether a push releases, and which commit it releases.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMap, isSeq, parseDocument } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../packages/cli/src/test-support.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const IDENTITY = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };

/** The `run:` script of the release job's step `version`. */
function versionStep(): string {
  const workflow = parseDocument(readFileSync(join(REPO, ".github/workflows/release.yml"), "utf8")).toJS() as {
    jobs: { release: { steps: { id?: string; run?: string }[] } };
  };
  const step = workflow.jobs.release.steps.find((s) => s.id === "version");
  if (!step?.run) throw new Error("release.yml: the release job has no step `version` with a script");
  return step.run;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", input, env: { ...process.env, ...IDENTITY } }).trim();
}

/**
 * A repository whose first-parent history sets packages/cli/package.json to each version in turn, with
 * `others` commits that change something else after each: one `git fast-import`, however long the history.
 */
function history(steps: { version: string; others: number }[]): { dir: string; setBy: string[] } {
  const dir = tempDir("release-workflow");
  dirs.push(dir);
  git(dir, ["init", "-q", "-b", "main"]);
  let stream = "";
  let mark = 0;
  const setMarks: number[] = [];
  const commit = (path: string, text: string) => {
    mark += 1;
    stream += `commit refs/heads/main\nmark :${mark}\ncommitter t <t@example.com> ${1_700_000_000 + mark} +0000\ndata 0\n${mark > 1 ? `from :${mark - 1}\n` : ""}`;
    stream += `M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`;
  };
  for (const { version, others } of steps) {
    commit("packages/cli/package.json", `{\n  "name": "@meshkit/cli",\n  "version": "${version}"\n}\n`);
    setMarks.push(mark);
    for (let i = 0; i < others; i += 1) commit("README.md", `change ${mark}\n`);
  }
  stream += `\n`;
  git(dir, ["fast-import", "--quiet", "--export-marks=marks"], stream);
  const marks = new Map(readFileSync(join(dir, "marks"), "utf8").trim().split("\n").map((l) => l.split(" ") as [string, string]));
  rmSync(join(dir, "marks"));
  git(dir, ["checkout", "-q", "main"]);
  return { dir, setBy: setMarks.map((m) => marks.get(`:${m}`)!) };
}

function runStep(dir: string, event: "push" | "workflow_dispatch"): { run: string; stdout: string; head: string } {
  const output = join(dir, ".git", "github-output");
  rmSync(output, { force: true });
  const result = spawnSync("bash", ["-e", "-c", versionStep()], { cwd: dir, encoding: "utf8", env: { ...process.env, ...IDENTITY, EVENT: event, GITHUB_OUTPUT: output } });
  if (result.status !== 0) throw new Error(`the version step failed (${result.status}): ${result.stderr}`);
  const outputs = Object.fromEntries(readFileSync(output, "utf8").trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  return { run: outputs.run!, stdout: result.stdout, head: git(dir, ["rev-parse", "HEAD"]) };
}

describe("release.yml, the release job's step `version`", () => {
  it("is what gates the install and the release steps", () => {
    const workflow = parseDocument(readFileSync(join(REPO, ".github/workflows/release.yml"), "utf8"));
    const steps = workflow.getIn(["jobs", "release", "steps"]);
    expect(isSeq(steps)).toBe(true);
    const gated = (isSeq(steps) ? steps.items : []).filter((s) => isMap(s) && s.get("id") !== "version" && !String(s.get("uses") ?? "").startsWith("actions/checkout"));
    expect(gated.map((s) => (isMap(s) ? s.get("if") : undefined))).toEqual(gated.map(() => "steps.version.outputs.run == 'true'"));
  });

  it("releases the commit that set the version, however many commits ago (not the 500th one back)", () => {
    const { dir, setBy } = history([{ version: "0.1.0", others: 2 }, { version: "1.0.0", others: 600 }]);
    const result = runStep(dir, "push");
    expect(result.run).toBe("true");
    expect(result.head).toBe(setBy[1]);
    expect(result.stdout).toContain(`set by ${setBy[1]}`);
  });

  it("does not release on a push the version the packages started at (no Version Packages pull request set it)", () => {
    const { dir } = history([{ version: "0.1.0", others: 3 }]);
    const head = git(dir, ["rev-parse", "HEAD"]);
    const result = runStep(dir, "push");
    expect(result.run).toBe("false");
    expect(result.head).toBe(head);
    expect(result.stdout).toContain("::notice::v0.1.0 is the version the packages started at");
  });

  it("by hand, releases the version the packages started at from main's head", () => {
    const { dir } = history([{ version: "0.1.0", others: 3 }]);
    const head = git(dir, ["rev-parse", "HEAD"]);
    const result = runStep(dir, "workflow_dispatch");
    expect(result).toMatchObject({ run: "true", head });
  });

  it("does nothing on a push when the version is released; by hand, checks out the commit its tag was cut from", () => {
    const { dir, setBy } = history([{ version: "0.1.0", others: 1 }, { version: "1.1.0", others: 2 }]);
    // A release commit on top of the commit that set the version, as scripts/release.mjs makes it.
    const release = git(dir, ["commit-tree", `${setBy[1]}^{tree}`, "-p", setBy[1]!, "-m", "meshkit v1.1.0"]);
    git(dir, ["tag", "-a", "-m", "meshkit v1.1.0", "v1.1.0", release]);
    const head = git(dir, ["rev-parse", "HEAD"]);
    expect(runStep(dir, "push")).toMatchObject({ run: "false", head });
    expect(runStep(dir, "workflow_dispatch")).toMatchObject({ run: "true", head: setBy[1] });
  });
});
