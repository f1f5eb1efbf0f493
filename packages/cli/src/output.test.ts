import { spawnSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkWritable } from "./output.js";
import { CLI, GOOD_CONTRACT, REPO_ROOT, meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

beforeAll(requireBuiltCli);

describe("--output", () => {
  it.each([
    ["the file linted", ["lint", "orders.odcs.yaml", "-o", "orders.odcs.yaml"]],
    ["the file linted, through another spelling of its path", ["lint", "./contracts/../orders.odcs.yaml", "-o", "orders.odcs.yaml"]],
    ["a symlink to the file linted", ["lint", "orders.odcs.yaml", "-o", "link.yaml"]],
    ["a contract in the folder linted", ["lint", ".", "-f", "json", "-o", "orders.odcs.yaml"]],
    ["the config in use", ["policy", "orders.odcs.yaml", "-o", "meshkit.yaml"]],
    ["a non-document named on the command line", ["lint", "notes.yaml", "-o", "notes.yaml"]],
    ["the base compat reads", ["compat", "-b", "released.yaml", "orders.odcs.yaml", "-o", "released.yaml"]],
    ["a contract, for changelog", ["changelog", "-b", "released.yaml", "orders.odcs.yaml", "-o", "orders.odcs.yaml"]],
    ["a contract, with test's --results", ["test", "orders.odcs.yaml", "-r", "orders.odcs.yaml"]],
    ["a data file, with test's --output", ["test", "orders.odcs.yaml", "-o", "data.csv"]],
    ["the config, with ci's --markdown", ["ci", "--markdown", "meshkit.yaml"]],
    ["a data file, with ci's --results", ["ci", "--results", "data.csv"]],
  ])("refuses to overwrite %s: one line, exit 2, the file unchanged", (_, args) => {
    const dir = tempDir("output-input");
    const files = {
      "orders.odcs.yaml": GOOD_CONTRACT,
      "released.yaml": GOOD_CONTRACT,
      "notes.yaml": "todo: check the contract\n",
      "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n",
      "contracts/.keep": "",
      "data.csv": "id\n1\n",
    };
    writeFiles(dir, files);
    symlinkSync("orders.odcs.yaml", join(dir, "link.yaml"));
    const result = meshkit(args, dir);
    expect(result.stderr).toMatch(/^meshkit: --(?:output|results|markdown) \S+ is (?:an input of this command|a meshkit document|a data file); write to another file\n$/);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    for (const [name, content] of Object.entries(files)) expect(readFileSync(join(dir, name), "utf8")).toBe(content);
  });

  it.each([
    ["test's --results and --output", ["test", "orders.odcs.yaml", "-f", "sarif", "-o", "out/r.json", "--results", "out/r.json"], "--results out/r.json names the same file as --output"],
    ["ci's --markdown and --output", ["ci", "-o", "report.md", "--markdown", "./report.md"], "--markdown ./report.md names the same file as --output"],
    // A default is a file ci writes too: the report replaced the results document a push publishes.
    ["ci's --output and its default --results", ["ci", "-f", "json", "-o", ".meshkit/ci/contract-test.json"], "--output .meshkit/ci/contract-test.json names the same file as the default --results"],
    ["ci's --results and its default --markdown", ["ci", "--results", ".meshkit/ci/pull_request.md"], "--results .meshkit/ci/pull_request.md names the same file as the default --markdown"],
  ])("refuses %s naming one file, before it runs: one line, exit 2", (_, args, message) => {
    const dir = tempDir("output-shared");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT, "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n" });
    const result = meshkit(args, dir);
    expect([result.status, result.stdout, result.stderr]).toEqual([2, "", `meshkit: ${message}: the one written last would replace the other; give each its own file\n`]);
    expect(existsSync(join(dir, "out", "r.json"))).toBe(false);
  });

  it("refuses a provision report that would replace the plan in --out, before planning: one line, exit 2", () => {
    const dir = tempDir("output-plan");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT, "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n" });
    const result = meshkit(["provision", "plan", "--out", "plans", "-f", "sarif", "-o", "plans/plan.json"], dir);
    expect([result.status, result.stdout, result.stderr]).toEqual([2, "", "meshkit: --output plans/plan.json is plan.json of the plan in --out plans: the report would replace it; write to another file\n"]);
    expect(existsSync(join(dir, "plans", "plan.json"))).toBe(false);
  });

  it("says in one line, exit 2, that a JSON/SARIF --output under a file cannot be written, when the run stops before its report too", () => {
    const dir = tempDir("output-under-file");
    writeFiles(dir, { "notes.txt": "x\n" });
    const under = join(dir, "notes.txt");
    // ci checks --output before it runs; lint stops at an unknown option, then cannot write the report asked for.
    const good = tempDir("output-under-file-ci");
    writeFiles(good, { "orders.odcs.yaml": GOOD_CONTRACT, "notes.txt": "x\n", "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n" });
    const ci = meshkit(["ci", "-f", "sarif", "-o", "notes.txt/ci.sarif"], good);
    const notes = join(good, "notes.txt");
    expect([ci.status, ci.stdout, ci.stderr]).toEqual([2, "", `meshkit: cannot write --output ${join(notes, "ci.sarif")}: ${notes} is a file, not a folder (ENOTDIR): choose another path\n`]);
    const lint = meshkit(["lint", "--bogus", "-f", "json", "-o", "notes.txt/lint.json"], dir);
    expect([lint.status, lint.stderr]).toEqual([2, `meshkit: unknown option '--bogus'\nmeshkit: no json report either: cannot write --output notes.txt/lint.json: ${under} is a file, not a folder (ENOTDIR): choose another path\n`]);
    expect(readFileSync(under, "utf8")).toBe("x\n");
    // A run that gets to its report names the option too, as provision plan --out does, not only the absolute path.
    const report = meshkit(["lint", "-f", "json", "-o", "notes.txt/lint.json", "orders.odcs.yaml"], good);
    expect([report.status, report.stderr]).toEqual([2, `meshkit: cannot write --output notes.txt/lint.json: ${notes} is a file, not a folder (ENOTDIR): choose another path\n`]);
  });

  it("overwrites its own earlier report, even when it lies among the files checked", () => {
    const dir = tempDir("output-again");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT });
    for (const format of ["json", "sarif", "text", "markdown"]) {
      expect(meshkit(["lint", ".", "-f", format, "-o", `report.${format === "text" ? "yaml" : "json"}`], dir).status).toBe(0);
      expect(meshkit(["lint", ".", "-f", format, "-o", `report.${format === "text" ? "yaml" : "json"}`], dir).status).toBe(0);
    }
  });

  it("puts the stage's own markdown (policy counts, a plan, a changelog) after the findings in -f markdown, on stdout and in the file", () => {
    const dir = tempDir("output-markdown-stage");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT });
    const counts = /\n\| passed \| failed \| warned \| errors \| skipped \| waived \|\n\|---:/;
    const shown = meshkit(["policy", "orders.odcs.yaml", "-f", "markdown"], dir);
    expect(shown.stdout).toMatch(/^## policy-check\n/);
    expect(shown.stdout).toMatch(counts);
    meshkit(["policy", "orders.odcs.yaml", "-f", "markdown", "-o", "report.md"], dir);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toMatch(counts);
    // Other formats are unchanged: the counts are in their own fields.
    expect(meshkit(["policy", "orders.odcs.yaml", "-f", "text"], dir).stdout).not.toMatch(counts);
  });

  it("writes the report to the file and says on stderr how the run went, failing or not", () => {
    const dir = tempDir("output-summary");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT, "bad.odcs.yaml": "apiVersion: v3.1.0\nkind: DataContract\n" });
    const failing = meshkit(["lint", ".", "-f", "junit", "-o", "report.xml"], dir);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toBe("");
    expect(failing.stderr).toMatch(/^✖ \d+ errors?, .* in 2 files; report written to report\.xml\n$/);
    expect(readFileSync(join(dir, "report.xml"), "utf8")).toContain("<failure");
    const passing = meshkit(["lint", "orders.odcs.yaml", "-o", "report.txt"], dir);
    expect(passing.status).toBe(0);
    expect(passing.stderr).toBe("✔ no problems in 1 file; report written to report.txt\n");
  });

  it("writes `-o /dev/stdout` to the stream as the shell opened it: `>> log` keeps what the log held", () => {
    const dir = tempDir("output-stdout");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT, "log.txt": "earlier lines\n" });
    const log = openSync(join(dir, "log.txt"), "a");
    try {
      const run = spawnSync(process.execPath, [CLI, "lint", ".", "-f", "json", "-o", "/dev/stdout"], { cwd: dir, stdio: ["ignore", log, "pipe"], env: { ...process.env, NO_COLOR: "1", GITHUB_ACTIONS: "" } });
      expect(run.status).toBe(0);
    } finally {
      closeSync(log);
    }
    const text = readFileSync(join(dir, "log.txt"), "utf8");
    expect(text.startsWith("earlier lines\n{")).toBe(true);
    expect(JSON.parse(text.slice("earlier lines\n".length)).summary.errors).toBe(0);
  });

  // /dev/full: every write fails with ENOSPC, as on a runner whose disk filled up.
  it.skipIf(!existsSync("/dev/full"))("says so in one line and exits 2 when standard output cannot be written, with no stack trace", () => {
    const dir = tempDir("output-full");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT });
    const full = openSync("/dev/full", "w");
    try {
      for (const format of ["text", "json"]) {
        const run = spawnSync(process.execPath, [CLI, "lint", ".", "-f", format], { cwd: dir, encoding: "utf8", stdio: ["ignore", full, "pipe"], env: { ...process.env, NO_COLOR: "1", GITHUB_ACTIONS: "" } });
        expect(run.stderr).toBe("meshkit: cannot write to standard output: ENOSPC: no space left on device; the report is incomplete\n");
        expect(run.status).toBe(2);
      }
    } finally {
      closeSync(full);
    }
  });
});

describe("the github format", () => {
  it("caps the annotations at GitHub's per-step limit only when the job summary lists the rest", () => {
    const dir = tempDir("output-github-cap");
    const properties = Array.from({ length: 12 }, (_, i) => `      - name: Column${i}\n        logicalType: string\n`).join("");
    writeFiles(dir, {
      "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n",
      "c.odcs.yaml": `apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\nteam:\n  name: t\nschema:\n  - name: t\n    properties:\n${properties}`,
      "summary.md": "",
    });
    const warnings = (stdout: string) => stdout.split("\n").filter((line) => line.startsWith("::warning ")).length;
    // Outside a runner there is no job summary: the findings past the cap were in no output at all.
    const local = meshkit(["lint", "-f", "github"], dir, { GITHUB_STEP_SUMMARY: "" });
    expect(local.status).toBe(0);
    expect(warnings(local.stdout)).toBe(12);
    expect(local.stdout).not.toContain("job summary");
    const runner = meshkit(["lint", "-f", "github"], dir, { GITHUB_STEP_SUMMARY: join(dir, "summary.md") });
    expect(warnings(runner.stdout)).toBe(10);
    expect(runner.stdout).toContain("2 more findings in the job summary");
    expect(readFileSync(join(dir, "summary.md"), "utf8").match(/`c\.odcs\.yaml:\d+:\d+`/g)).toHaveLength(12);
  });
});

describe("paths in the github and sarif formats", () => {
  it("are from the workspace inside GitHub Actions, for a run in a folder below it (a run: step's working-directory)", () => {
    const workspace = tempDir("output-workspace");
    writeFiles(workspace, { "domains/sales/orders.odcs.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: one"), "summary.md": "" });
    const project = join(workspace, "domains/sales");
    const actions = { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: join(workspace, "summary.md") };
    const github = meshkit(["lint", "-f", "github"], project, actions);
    expect(github.status).toBe(1);
    expect(github.stdout).toMatch(/^::error file=domains\/sales\/orders\.odcs\.yaml,line=5,col=10,/m);
    expect(readFileSync(join(workspace, "summary.md"), "utf8")).toContain("`domains/sales/orders.odcs.yaml:5:10`");
    const sarif = JSON.parse(meshkit(["lint", "-f", "sarif"], project, actions).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(["domains/sales/orders.odcs.yaml"]);
    // People read the other formats in the folder they ran in; outside GitHub Actions nothing moves.
    expect(meshkit(["lint", "-f", "text"], project, actions).stdout).toMatch(/^orders\.odcs\.yaml:5:10: error semver-version/m);
    expect(meshkit(["lint", "-f", "github"], project, { GITHUB_WORKSPACE: workspace }).stdout).toMatch(/^::error file=orders\.odcs\.yaml,/m);
  });

  it("are from the repository's root inside GitHub Actions when actions/checkout put it in a folder of the workspace (path: repo)", () => {
    const workspace = tempDir("output-workspace");
    writeFiles(workspace, { "repo/domains/sales/orders.odcs.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: one"), "summary.md": "" });
    mkdirSync(join(workspace, "repo/.git"));
    const project = join(workspace, "repo/domains/sales");
    const actions = { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: join(workspace, "summary.md") };
    expect(meshkit(["lint", "-f", "github"], project, actions).stdout).toMatch(/^::error file=domains\/sales\/orders\.odcs\.yaml,line=5,col=10,/m);
    const sarif = JSON.parse(meshkit(["lint", "-f", "sarif"], project, actions).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(["domains/sales/orders.odcs.yaml"]);
  });

  it("are from the repository's root also for a run at the workspace's top that names the checkout's files (repo/…)", () => {
    const workspace = tempDir("output-workspace");
    writeFiles(workspace, { "repo/domains/sales/orders.odcs.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: one"), "summary.md": "" });
    mkdirSync(join(workspace, "repo/.git"));
    const actions = { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: join(workspace, "summary.md") };
    // `repo/domains/…` names no file of the repository: GitHub placed the annotation nowhere.
    expect(meshkit(["lint", "-f", "github", "repo/domains"], workspace, actions).stdout).toMatch(/^::error file=domains\/sales\/orders\.odcs\.yaml,line=5,col=10,/m);
    const sarif = JSON.parse(meshkit(["lint", "-f", "sarif", "repo/domains"], workspace, actions).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(["domains/sales/orders.odcs.yaml"]);
  });

  it("are from the workspace for another repository checked out beside the workflow's (repository: acme/shared, path: shared), never as the workflow repository's file", () => {
    const workspace = tempDir("output-workspace");
    const bad = GOOD_CONTRACT.replace("version: 1.0.0", "version: one");
    writeFiles(workspace, {
      "repo/domains/sales/orders.odcs.yaml": bad,
      "repo/.git/config": '[remote "origin"]\n\turl = https://github.com/acme/sales\n',
      "shared/domains/sales/orders.odcs.yaml": bad,
      "shared/.git/config": '[remote "origin"]\n\turl = https://github.com/acme/shared\n',
      "summary.md": "",
    });
    const actions = { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: join(workspace, "summary.md"), GITHUB_REPOSITORY: "acme/sales" };
    const annotated = (cwd: string, paths: string[]) => [...new Set([...meshkit(["lint", "-f", "github", ...paths], cwd, actions).stdout.matchAll(/^::error file=([^,]+),/gm)].map((m) => m[1]))];
    expect(annotated(workspace, ["repo/domains", "shared/domains"])).toEqual(["domains/sales/orders.odcs.yaml", "shared/domains/sales/orders.odcs.yaml"]);
    expect(annotated(join(workspace, "shared"), ["domains"])).toEqual(["shared/domains/sales/orders.odcs.yaml"]);
  });

  it("are from the workspace also when GITHUB_WORKSPACE is a link to it (a self-hosted runner's work folder on another disk), as the actions name them, files named through the link too", () => {
    const workspace = tempDir("output-workspace");
    writeFiles(workspace, { "domains/sales/orders.odcs.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: one"), "summary.md": "" });
    const link = join(tempDir("output-workspace-link"), "work");
    symlinkSync(workspace, link);
    // A run: step's current directory is the real path, whatever GITHUB_WORKSPACE says.
    const actions = { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: link, GITHUB_STEP_SUMMARY: join(workspace, "summary.md") };
    expect(meshkit(["lint", "-f", "github"], join(workspace, "domains/sales"), actions).stdout).toMatch(/^::error file=domains\/sales\/orders\.odcs\.yaml,line=5,col=10,/m);
    // A file named through the link (`${{ github.workspace }}/domains`) the loader names absolutely, not being below the
    // real current directory: an annotation GitHub places nowhere. From the workspace's top or a folder below.
    for (const cwd of [workspace, join(workspace, "domains")]) {
      expect(meshkit(["lint", "-f", "github", join(link, "domains/sales")], cwd, actions).stdout).toMatch(/^::error file=domains\/sales\/orders\.odcs\.yaml,line=5,col=10,/m);
      const sarif = JSON.parse(meshkit(["lint", "-f", "sarif", join(link, "domains/sales/orders.odcs.yaml")], cwd, actions).stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
      expect(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(["domains/sales/orders.odcs.yaml"]);
    }
  });

  it("name the files lint's and provision's messages point to as the findings' files are named (unique-document-id)", () => {
    const workspace = tempDir("output-workspace");
    writeFiles(workspace, { "domains/sales/a.odcs.yaml": GOOD_CONTRACT, "domains/sales/b.odcs.yaml": GOOD_CONTRACT, "summary.md": "" });
    const project = join(workspace, "domains/sales");
    const actions = { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: join(workspace, "summary.md") };
    expect(meshkit(["lint", "-f", "github"], project, actions).stdout).toMatch(/^::error file=domains\/sales\/a\.odcs\.yaml,.*is also used by domains\/sales\/b\.odcs\.yaml:\d+:\d+;/m);
    const sarif = JSON.parse(meshkit(["lint", "-f", "sarif"], project, actions).stdout) as { runs: { results: { message: { text: string } }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.message.text).join("\n")).toContain("is also used by domains/sales/a.odcs.yaml:");
    expect(meshkit(["lint", "-f", "text"], project, actions).stdout).toMatch(/^a\.odcs\.yaml:\d+:\d+: error unique-document-id .*is also used by b\.odcs\.yaml:/m);
    expect(meshkit(["provision", "plan", "-f", "github"], project, actions).stdout).toMatch(/^::error file=domains\/sales\/b\.odcs\.yaml,.*is also used by domains\/sales\/a\.odcs\.yaml: provision/m);
  });

  it("in meshkit ci, name files from one place in every output: from the workspace when its -f report is github or sarif there", () => {
    const workspace = tempDir("output-workspace");
    const head = GOOD_CONTRACT.replace("      - name: amount\n        logicalType: number\n", "").replace("version: 1.0.0", "version: 2.0.0");
    writeFiles(workspace, { "domains/sales/released/orders.odcs.yaml": GOOD_CONTRACT, "domains/sales/orders.odcs.yaml": head, "summary.md": "" });
    const project = join(workspace, "domains/sales");
    const actions = { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: join(workspace, "summary.md") };
    const ci = (format: string) => meshkit(["ci", "--event", "pull_request", "--base", "released", "orders.odcs.yaml", "-f", format], project, actions);
    const sarif = JSON.parse(ci("sarif").stdout) as { runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const removal = sarif.runs[0]!.results.find((r) => r.ruleId.startsWith("property-removed"))!;
    expect(removal.locations[0]!.physicalLocation.artifactLocation.uri).toBe("domains/sales/orders.odcs.yaml");
    expect(removal.message.text).toMatch(/\(was at domains\/sales\/released\/orders\.odcs\.yaml:\d+\)/);
    // The PR comment the same run wrote names the finding's file and the message's file from the same place.
    const comment = readFileSync(join(project, ".meshkit/ci/pull_request.md"), "utf8");
    expect(comment).toContain("`domains/sales/orders.odcs.yaml`");
    expect(comment).toMatch(/\(was at domains\/sales\/released\/orders\.odcs\.yaml:\d+\)/);
    // With a text report, everything stays relative to the folder ci ran in.
    const text = ci("text").stdout;
    expect(text).toMatch(/^\s*orders\.odcs\.yaml:\d+:\d+: warning property-removed-\w+ .*\(was at released\/orders\.odcs\.yaml:\d+\)/m);
    expect(readFileSync(join(project, ".meshkit/ci/pull_request.md"), "utf8")).toContain("`orders.odcs.yaml`");
  });

  it("in meshkit test's job summary and meshkit ci's PR comment, name each contract of the checks table as the annotations name its file", () => {
    const workspace = tempDir("output-workspace");
    cpSync(join(REPO_ROOT, "examples/domains/finance"), join(workspace, "domains/finance"), { recursive: true });
    writeFiles(workspace, { "summary.md": "" });
    const project = join(workspace, "domains");
    const actions = { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: join(workspace, "summary.md") };
    const heading = "— `domains/finance/quarterly_ledger/ledger_entries.odcs.yaml`";
    // Both were `finance/quarterly_ledger/…`, from the folder meshkit ran in, beside annotations from the workspace.
    expect(meshkit(["test", "-f", "github", "--now", "2026-06-30T06:00:00Z"], project, actions).status).toBe(0);
    expect(readFileSync(join(workspace, "summary.md"), "utf8")).toContain(heading);
    expect(meshkit(["ci", "--event", "pull_request", "-f", "github", "--now", "2026-06-30T06:00:00Z"], project, actions).status).toBe(0);
    expect(readFileSync(join(project, ".meshkit/ci/pull_request.md"), "utf8")).toContain(heading);
  });

  it("name the files compat's messages point to as the findings' files are named (code scanning shows both)", () => {
    const workspace = tempDir("output-workspace");
    const head = GOOD_CONTRACT.replace("      - name: amount\n        logicalType: number\n", "").replace("version: 1.0.0", "version: 2.0.0");
    writeFiles(workspace, { "domains/sales/released.yaml": GOOD_CONTRACT, "domains/sales/orders.odcs.yaml": head, "summary.md": "" });
    const project = join(workspace, "domains/sales");
    const actions = { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: join(workspace, "summary.md") };
    const removal = (stdout: string) => (JSON.parse(stdout) as { runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results.find((r) => r.ruleId.startsWith("property-removed"))!;
    const sarif = removal(meshkit(["compat", "-b", "released.yaml", "orders.odcs.yaml", "-f", "sarif"], project, actions).stdout);
    expect(sarif.locations[0]!.physicalLocation.artifactLocation.uri).toBe("domains/sales/orders.odcs.yaml");
    expect(sarif.message.text).toMatch(/\(was at domains\/sales\/released\.yaml:\d+\)/);
    expect(meshkit(["compat", "-b", "released.yaml", "orders.odcs.yaml", "-f", "github"], project, actions).stdout).toMatch(/^::warning file=domains\/sales\/orders\.odcs\.yaml,.*\(was at domains\/sales\/released\.yaml:\d+\)/m);
    // Outside GitHub Actions, both stay relative to the folder meshkit ran in.
    expect(meshkit(["compat", "-b", "released.yaml", "orders.odcs.yaml", "-f", "text"], project, actions).stdout).toMatch(/^orders\.odcs\.yaml:\d+:\d+: warning property-removed-\w+ .*\(was at released\.yaml:\d+\)/m);
  });
});

describe("checkWritable", () => {
  it("takes a file whose name is as long as file systems take (255 bytes): its probe's name is cut to fit, as the write's temp file's is", () => {
    const dir = tempDir("probe");
    // Was "cannot write --results …: name too long in … (ENAMETOOLONG)": the probe's name was the file's and 21 bytes more.
    for (const name of [`${"r".repeat(250)}.json`, `${"客".repeat(83)}.json`]) expect(() => checkWritable(join(dir, name), "--results")).not.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});
