import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { startFakeGithubApi } from "./github-api-server.js";
import { parseStageSections } from "./pr-comment.js";
import { runStageAction } from "./stage-action.js";
import { captureStdout, parseWorkflowCommands, setInputs, useActionEnv } from "./testing.js";

const env = useActionEnv();

/** Runs a stage action whose stage logs a line first, with these inputs; returns its stdout lines. */
async function runWith(inputs: Record<string, string>, options?: Parameters<typeof runStageAction>[2]): Promise<string[]> {
  setInputs({ "working-directory": ".", ...inputs });
  const capture = captureStdout();
  try {
    await runStageAction(
      "contract-lint",
      async () => {
        process.stdout.write("stage output\n");
        return { findings: [], files: 0, rules: [] };
      },
      options,
    );
  } finally {
    capture.stop();
  }
  return capture.text().split("\n");
}

describe("runStageAction: secrets", () => {
  // GitHub masks only values it knows are secret; a token passed from a step output or built in a
  // script is not one, so the action registers it (core.setSecret = ::add-mask::) before any log line.
  it("masks github-token before anything is printed, whether or not a PR comment is written", async () => {
    for (const prComment of ["true", "false"]) {
      const lines = await runWith({ "github-token": "ghs_0123456789abcdef", "pr-comment": prComment });
      expect(lines[0], `pr-comment: ${prComment}`).toBe("::add-mask::ghs_0123456789abcdef");
    }
  });

  it("masks the action's own secret inputs first too, and nothing when they are empty", async () => {
    const lines = await runWith({ "github-token": "", token: "catalog-s3cr3t" }, { secretInputs: ["token"] });
    expect(lines[0]).toBe("::add-mask::catalog-s3cr3t");
    expect(lines.filter((line) => line.startsWith("::add-mask::"))).toEqual(["::add-mask::catalog-s3cr3t"]);
  });

  it("masks a secret with the blanks around it (a vault's line end) and without them, as a reader that trims it sends it", async () => {
    process.env.MESHKIT_OPA_TOKEN = " 0pa-t0ken\n";
    try {
      const lines = await runWith({ "github-token": "" }, { secretEnv: ["MESHKIT_OPA_TOKEN"] });
      expect(lines.filter((line) => line.startsWith("::add-mask::"))).toEqual(["::add-mask:: 0pa-t0ken%0A", "::add-mask::0pa-t0ken"]);
    } finally {
      delete process.env.MESHKIT_OPA_TOKEN;
    }
  });

  it("masks the secrets of its secretEnv variables first, leaves them in the environment for the stage, and skips unset or empty ones", async () => {
    process.env.MESHKIT_POSTGRES_PASSWORD = "pg-s3cr3t from a vault";
    process.env.PGPASSWORD = "";
    try {
      const lines = await runWith({ "github-token": "" }, { secretEnv: ["MESHKIT_POSTGRES_PASSWORD", "PGPASSWORD", "MESHKIT_UNSET_PASSWORD"] });
      expect(lines[0]).toBe("::add-mask::pg-s3cr3t from a vault");
      expect(lines.filter((line) => line.startsWith("::add-mask::"))).toEqual(["::add-mask::pg-s3cr3t from a vault"]);
      expect(process.env.MESHKIT_POSTGRES_PASSWORD).toBe("pg-s3cr3t from a vault");
    } finally {
      delete process.env.MESHKIT_POSTGRES_PASSWORD;
      delete process.env.PGPASSWORD;
    }
  });
});

describe("runStageAction: a bad pr-comment", () => {
  it("is a bad input like any other: one line, exit 2, and the job summary says the stage could not run", async () => {
    const lines = await runWith({ "pr-comment": "yes" });
    expect(lines).toContain('::error::contract-lint: input "pr-comment" must be true or false, not "yes"');
    expect(lines).not.toContain("stage output");
    expect(process.exitCode).toBe(2);
    expect(env().summary()).toContain("contract-lint: could not run");
    expect(env().summary()).toContain('input "pr-comment" must be true or false, not "yes"');
  });
});

describe("runStageAction: the sarif-file is none of the files the step reads", () => {
  // catalog-publish read its results-file, published, then wrote the SARIF log over it: the next step (or the next
  // run) read a SARIF log as contract-test results. The CLI refuses `publish --results r.json -o r.json`.
  it("refuses a sarif-file that a file input (or config) names, before the stage runs: one line, exit 2, the file unchanged", async () => {
    mkdirSync(join(env().workspace, "reports"), { recursive: true });
    writeFileSync(join(env().workspace, "reports", "quality.json"), "{}\n");
    writeFileSync(join(env().workspace, "params.json"), "{}\n");
    for (const [inputs, fileInputs, named] of [
      [{ "results-file": "reports/quality.json", "sarif-file": "./reports/quality.json" }, ["results-file"], "reports/quality.json"],
      [{ params: "params.json", policies: "builtin:platform-baseline", "sarif-file": "params.json" }, ["policies", "params"], "params.json"],
      [{ config: "params.json", "sarif-file": "params.json" }, [], "params.json"],
    ] as const) {
      const lines = await runWith({ "pr-comment": "false", ...inputs }, { fileInputs });
      expect(lines, named).toContain(`::error::contract-lint: input "sarif-file": ${join(env().workspace, named)} is an input of this command; write to another file`);
      expect(lines).not.toContain("stage output");
      expect(process.exitCode).toBe(2);
      process.exitCode = 0;
    }
    expect(readFileSync(join(env().workspace, "reports", "quality.json"), "utf8")).toBe("{}\n");
    expect(readFileSync(join(env().workspace, "params.json"), "utf8")).toBe("{}\n");
    // Another file is written as before.
    const lines = await runWith({ "pr-comment": "false", "results-file": "reports/quality.json", "sarif-file": "reports/meshkit.sarif" }, { fileInputs: ["results-file"] });
    expect(lines).toContain("stage output");
    expect(process.exitCode ?? 0).toBe(0);
  });
});

describe("runStageAction: secrets stay out of child processes", () => {
  // The runner passes inputs as INPUT_* variables: a child process (git, terraform and its providers)
  // would inherit the tokens. The stage gets them as values instead.
  it("takes github-token and the action's secret inputs out of the environment and hands them to the stage", async () => {
    setInputs({ "working-directory": ".", "github-token": "ghs_0123456789abcdef", token: "catalog-s3cr3t", "pr-comment": "false" });
    let seen: { githubToken: string; secrets: Readonly<Record<string, string>> } | undefined;
    let childEnv = "";
    const capture = captureStdout();
    try {
      await runStageAction(
        "catalog-publish",
        async ({ githubToken, secrets }) => {
          seen = { githubToken, secrets };
          childEnv = execFileSync(process.execPath, ["-e", "process.stdout.write(Object.entries(process.env).filter(([k]) => k.startsWith('INPUT_')).map(([k, v]) => k + '=' + v).join('\\n'))"], { encoding: "utf8" });
          return { findings: [], files: 0, rules: [] };
        },
        { secretInputs: ["token"] },
      );
    } finally {
      capture.stop();
    }
    expect(seen).toEqual({ githubToken: "ghs_0123456789abcdef", secrets: { token: "catalog-s3cr3t" } });
    expect(childEnv).toContain("INPUT_WORKING-DIRECTORY=.");
    expect(childEnv).not.toContain("ghs_0123456789abcdef");
    expect(childEnv).not.toContain("catalog-s3cr3t");
    expect(process.env["INPUT_GITHUB-TOKEN"]).toBeUndefined();
    expect(process.env.INPUT_TOKEN).toBeUndefined();
  });
});

describe("runStageAction: a bad input on a pull request", () => {
  /** A pull request of `repository` against a local server that answers as GitHub's REST API does; `dir` is a scratch folder. */
  async function onPullRequest(test: (api: Awaited<ReturnType<typeof startFakeGithubApi>>, dir: string) => Promise<void>): Promise<void> {
    const api = await startFakeGithubApi();
    const eventDir = mkdtempSync(join(tmpdir(), "meshkit-event-"));
    const eventFile = join(eventDir, "event.json");
    writeFileSync(eventFile, JSON.stringify({ number: 3, repository: { full_name: repository }, pull_request: { number: 3, head: { sha: "c".repeat(40), repo: { full_name: repository } } } }));
    const saved = { ...process.env };
    Object.assign(process.env, { GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: eventFile, GITHUB_API_URL: api.url });
    try {
      await test(api, eventDir);
    } finally {
      for (const name of ["GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_API_URL", "GITHUB_WORKSPACE"]) if (saved[name] === undefined) delete process.env[name];
      Object.assign(process.env, saved);
      await api.close();
      rmSync(eventDir, { recursive: true, force: true });
    }
  }
  const repository = "acme/sales-domain";

  it("fails the step and says so in the stage's PR comment section, in place of an earlier report", async () => {
    await onPullRequest(async (api) => {
      await runWith({ "github-token": "ghs_write_token" });
      expect(api.comments(repository, 3).map((c) => parseStageSections(c.body).map((s) => s.status))).toEqual([["passed"]]);
      const lines = await runWith({ "github-token": "ghs_write_token", "fail-on": "fatal" });
      expect(lines).toContain('::error::contract-lint: input "fail-on" must be one of error, warning, not "fatal"');
      expect(process.exitCode).toBe(2);
      const [comment] = api.comments(repository, 3);
      expect(parseStageSections(comment!.body).map((s) => s.status)).toEqual(["error"]);
      expect(comment!.body).toContain('input "fail-on" must be one of error, warning, not "fatal"');
    });
  });

  it("gives each working-directory below the workspace its own section: two projects' jobs do not overwrite each other", async () => {
    await onPullRequest(async (api, dir) => {
      for (const project of ["sales", "finance"]) mkdirSync(join(dir, "domains", project), { recursive: true });
      process.env.GITHUB_WORKSPACE = dir;
      await runWith({ "github-token": "ghs_write_token", "working-directory": "domains/sales" });
      await runWith({ "github-token": "ghs_write_token", "working-directory": "domains/finance", "fail-on": "fatal" });
      await runWith({ "github-token": "ghs_write_token" });
      const [comment] = api.comments(repository, 3);
      expect(parseStageSections(comment!.body).map((s) => [s.project, s.status])).toEqual([
        [undefined, "passed"],
        ["domains/finance", "error"],
        ["domains/sales", "passed"],
      ]);
    });
  });
});

describe("runStageAction: where annotations and SARIF place the files the inputs name", () => {
  /**
   * Runs a stage that finds one problem in the file its `paths` input names (as the loader names it: from the working
   * directory, or absolute), its message naming that file with `displayFile`, in a fresh folder (`real`) that `setUp`
   * fills: it returns GITHUB_WORKSPACE and the inputs. Returns the annotation's file and message, and the SARIF uri.
   */
  async function placed(setUp: (real: string) => { workspace: string; inputs: Record<string, string> }): Promise<{ file?: string; message?: string; uri?: string }> {
    const real = realpathSync(mkdtempSync(join(tmpdir(), "meshkit-placed-")));
    const { workspace, inputs } = setUp(real);
    const saved = process.env.GITHUB_WORKSPACE;
    process.env.GITHUB_WORKSPACE = workspace;
    setInputs({ "pr-comment": "false", "sarif-file": join(real, "out.sarif"), ...inputs });
    const capture = captureStdout();
    try {
      await runStageAction("contract-lint", async ({ paths, displayFile }) => ({
        findings: [{ ruleId: "semver-version", severity: "error", message: `see ${displayFile(paths[0]!)}`, file: paths[0]!, line: 1, column: 1, path: "", stage: "lint" }],
        files: 1,
        rules: [],
      }));
    } finally {
      capture.stop();
      process.env.GITHUB_WORKSPACE = saved;
    }
    const annotation = parseWorkflowCommands(capture.text()).find((c) => c.properties.file);
    const sarif = JSON.parse(readFileSync(join(real, "out.sarif"), "utf8"));
    rmSync(real, { recursive: true, force: true });
    return { file: annotation?.properties.file, message: annotation?.message, uri: sarif.runs[0].results[0]?.locations[0].physicalLocation.artifactLocation.uri };
  }

  function withFile(folder: string, file: string): void {
    mkdirSync(join(folder, dirname(file)), { recursive: true });
    writeFileSync(join(folder, file), "");
  }

  it("names a file given through a linked GITHUB_WORKSPACE (${{ github.workspace }}/…) from the repository's root, not by the link's absolute path", async () => {
    // A self-hosted runner's work folder is often a link to another disk; GITHUB_WORKSPACE keeps the link.
    const found = await placed((real) => {
      mkdirSync(join(real, "disk", "repo", ".git"), { recursive: true });
      withFile(join(real, "disk", "repo"), "contracts/orders.odcs.yaml");
      symlinkSync(join(real, "disk", "repo"), join(real, "link"));
      return { workspace: join(real, "link"), inputs: { paths: join(real, "link", "contracts", "orders.odcs.yaml") } };
    });
    expect(found).toEqual({ file: "contracts/orders.odcs.yaml", message: "see contracts/orders.odcs.yaml", uri: "contracts/orders.odcs.yaml" });
  });

  it("names a file of the checkout that actions/checkout made in a folder (path: repo) from that checkout's root, run from the workspace", async () => {
    const found = await placed((real) => {
      mkdirSync(join(real, "ws", "repo", ".git"), { recursive: true });
      withFile(join(real, "ws", "repo"), "contracts/orders.odcs.yaml");
      return { workspace: join(real, "ws"), inputs: { paths: "repo/contracts/orders.odcs.yaml" } };
    });
    expect(found).toEqual({ file: "contracts/orders.odcs.yaml", message: "see contracts/orders.odcs.yaml", uri: "contracts/orders.odcs.yaml" });
  });

  it("keeps a file of no checkout from the workspace, and one of another repository checked out in the workflow's checkout too", async () => {
    const none = await placed((real) => {
      withFile(join(real, "ws"), "domains/orders.odcs.yaml");
      return { workspace: join(real, "ws"), inputs: { paths: "domains/orders.odcs.yaml" } };
    });
    expect(none.file).toBe("domains/orders.odcs.yaml");
    const beside = await placed((real) => {
      mkdirSync(join(real, "ws", ".git"), { recursive: true });
      mkdirSync(join(real, "ws", "other", ".git"), { recursive: true });
      withFile(join(real, "ws", "other"), "orders.odcs.yaml");
      return { workspace: join(real, "ws"), inputs: { paths: "other/orders.odcs.yaml" } };
    });
    expect(beside.file).toBe("other/orders.odcs.yaml");
  });

  it("names a file of another repository checked out beside the workflow's (repository: acme/shared, path: shared) from the workspace, not as the workflow repository's file", async () => {
    const saved = process.env.GITHUB_REPOSITORY;
    process.env.GITHUB_REPOSITORY = "acme/sales";
    try {
      const found = await placed((real) => {
        for (const [folder, repository] of [["repo", "acme/sales"], ["shared", "acme/shared"]]) {
          mkdirSync(join(real, "ws", folder!, ".git"), { recursive: true });
          writeFileSync(join(real, "ws", folder!, ".git", "config"), `[remote "origin"]\n\turl = https://github.com/${repository}\n`);
          withFile(join(real, "ws", folder!), "contracts/orders.odcs.yaml");
        }
        return { workspace: join(real, "ws"), inputs: { "working-directory": "shared", paths: "contracts/orders.odcs.yaml" } };
      });
      expect(found).toEqual({ file: "shared/contracts/orders.odcs.yaml", message: "see shared/contracts/orders.odcs.yaml", uri: "shared/contracts/orders.odcs.yaml" });
    } finally {
      if (saved === undefined) delete process.env.GITHUB_REPOSITORY;
      else process.env.GITHUB_REPOSITORY = saved;
    }
  });
});
