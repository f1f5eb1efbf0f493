import { chmodSync, existsSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BROKEN_CONTRACT, GOOD_CONTRACT, REPO_ROOT, meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

beforeAll(requireBuiltCli);

/** No command may ever show a stack trace. */
function expectNoStack(output: string) {
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe("meshkit lint", () => {
  it("passes on the examples", () => {
    const result = meshkit(["lint", "examples"], REPO_ROOT);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^✔ 0 errors, 0 warnings, \d+ infos in \d+ files$/m);
    expect(result.status).toBe(0);
  });

  it("exits 1 and points at the offending YAML node in every format", () => {
    const dir = tempDir("lint");
    writeFiles(dir, { "orders.odcs.yaml": BROKEN_CONTRACT });
    const text = meshkit(["lint"], dir);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("orders.odcs.yaml:5:10: error semver-version");
    expect(text.stdout).toContain("orders.odcs.yaml:19:15: error unique-property-name");

    const json = JSON.parse(meshkit(["lint", "--format", "json"], dir).stdout);
    expect(json.summary).toEqual({ errors: 2, warnings: 0, infos: 0, files: 1 });
    expect(json.findings.map((f: { line: number; column: number }) => `${f.line}:${f.column}`)).toEqual(["5:10", "19:15"]);

    expect(meshkit(["lint", "--format", "github"], dir).stdout).toContain("::error file=orders.odcs.yaml,line=5,col=10");
    // In a workflow step the github format also writes the job summary, which lists every finding.
    const summary = join(dir, "step-summary.md");
    writeFileSync(summary, "earlier step output\n");
    expect(meshkit(["lint", "--format", "github"], dir, { GITHUB_STEP_SUMMARY: summary }).status).toBe(1);
    const written = readFileSync(summary, "utf8");
    expect(written.startsWith("earlier step output\n")).toBe(true);
    expect(written).toMatch(/\| Severity \| Rule \| Location \| Message \|[\s\S]*orders\.odcs\.yaml:5:10[\s\S]*orders\.odcs\.yaml:19:15/);
    // A summary file that cannot be written is a warning: the run keeps its own exit code, not an internal error's 2.
    const unwritable = meshkit(["lint", "--format", "github"], dir, { GITHUB_STEP_SUMMARY: join(dir, "no-such-folder", "summary.md") });
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr).toMatch(/^meshkit: warning: the job summary could not be written to .*no-such-folder.*: ENOENT/);
    const sarif = JSON.parse(meshkit(["lint", "--format", "sarif"], dir).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.region).toMatchObject({ startLine: 5, startColumn: 10 });
    expect(meshkit(["lint", "--format", "junit"], dir).stdout).toContain("orders.odcs.yaml:5:10");
    expect(meshkit(["lint", "--format", "markdown"], dir).stdout).toMatch(/`orders\.odcs\.yaml`[\s\S]*\| 5:10 \| \[semver-version\]/);
  });

  it("writes the report to --output and still sets the exit code", () => {
    const dir = tempDir("output");
    writeFiles(dir, { "c.yaml": BROKEN_CONTRACT });
    const result = meshkit(["lint", "--format", "sarif", "--output", "out/report.sarif"], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "out/report.sarif"), "utf8")).version).toBe("2.1.0");
  });

  it("without a meshkit.yaml, takes the named file's folder as its context, not the whole working directory", () => {
    const dir = tempDir("no-config");
    writeFiles(dir, { "a/orders.odcs.yaml": GOOD_CONTRACT, "a/copy.odcs.yaml": GOOD_CONTRACT, "elsewhere/other.odcs.yaml": GOOD_CONTRACT });
    // The sibling in a/ is context (one id twice); elsewhere/ is not part of what was named.
    const run = meshkit(["lint", "a/orders.odcs.yaml", "-f", "json"], dir);
    const files = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] }).findings.filter((f) => f.ruleId === "unique-document-id").map((f) => f.message);
    expect(files).toHaveLength(1);
    expect(files[0]).toContain("a/copy.odcs.yaml");
    expect(files[0]).not.toContain("elsewhere");
  });

  it("policy: without a meshkit.yaml or git repository, looks a product's contracts up in the named paths' folders only", () => {
    const dir = tempDir("policy-no-config");
    const example = join(REPO_ROOT, "examples/domains/finance/quarterly_ledger");
    const contracts = ["ledger_entries.odcs.yaml", "quarterly_balances.odcs.yaml"];
    writeFiles(dir, Object.fromEntries([["a/product.odps.yaml", readFileSync(join(example, "product.odps.yaml"))], ...contracts.map((c) => [`elsewhere/${c}`, readFileSync(join(example, c))])]));
    const notFound = (run: ReturnType<typeof meshkit>) => (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] }).findings.filter((f) => f.message.includes("is not in this repository"));
    // The contracts in elsewhere/ are not part of what was named (the working directory may be a home folder).
    expect(notFound(meshkit(["policy", "a/product.odps.yaml", "-f", "json"], dir))).toHaveLength(2);
    // Beside the product they are found.
    writeFiles(dir, Object.fromEntries(contracts.map((c) => [`a/${c}`, readFileSync(join(example, c))])));
    const beside = meshkit(["policy", "a/product.odps.yaml", "-f", "json"], dir);
    expect(beside.status).toBe(0);
    expect(notFound(beside)).toEqual([]);
  });

  it("fails on warnings only with --fail-on warning", () => {
    const dir = tempDir("warn");
    writeFiles(dir, { "c.yaml": GOOD_CONTRACT.replace("name: amount", "name: Amount") });
    expect(meshkit(["lint"], dir).status).toBe(0);
    expect(meshkit(["lint", "--fail-on", "warning"], dir).status).toBe(1);
  });

  it("leaves a finding suppressed in its file out of the text report and the counts; SARIF and JSON keep it, with the reason", () => {
    const dir = tempDir("suppressed");
    writeFiles(dir, { "c.yaml": GOOD_CONTRACT.replace("      - name: amount", "      # meshkit-disable-next-line naming-convention -- kept for the BI extracts\n      - name: Amount") });
    const text = meshkit(["lint"], dir);
    expect(text.status).toBe(0);
    expect(text.stdout).toBe("✔ no problems in 1 file\n");
    const sarif = JSON.parse(meshkit(["lint", "-f", "sarif"], dir).stdout);
    expect(sarif.runs[0].results).toEqual([expect.objectContaining({ ruleId: "naming-convention", suppressions: [{ kind: "inSource", status: "accepted", justification: "kept for the BI extracts" }] })]);
    const json = JSON.parse(meshkit(["lint", "-f", "json"], dir).stdout);
    expect(json.findings).toEqual([]);
    expect(json.suppressedInSource).toEqual([expect.objectContaining({ ruleId: "naming-convention", file: "c.yaml", justification: "kept for the BI extracts" })]);
  });

  it("uses meshkit.yaml rule levels and reports unknown rule ids in it", () => {
    const dir = tempDir("config");
    writeFiles(dir, { "c.yaml": GOOD_CONTRACT.replace("name: amount", "name: Amount"), "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    naming-convention: error\n" });
    expect(meshkit(["lint"], dir).status).toBe(1);
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    naming-conventions: error\n" });
    const result = meshkit(["lint"], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("meshkit.yaml:5:5: error config-invalid");
    // A run that stopped at the config it read counts that file in its summary.
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: 3\n" });
    for (const command of [["lint"], ["policy"], ["compat", "--base", "."]]) expect(meshkit(command, dir).stdout).toContain("✖ 1 error, 0 warnings, 0 infos in 1 file\n");
  });
});

describe("meshkit --help", () => {
  it("says what the options do: --allow-destructive is needed by plan too, init product's defaults come from package.json first", () => {
    const dir = tempDir("help");
    // A plan refuses a destructive change without the flag (docs/pipeline.md, Destructive changes), not only an apply.
    expect(meshkit(["provision", "--help"], dir).stdout.replace(/\s+/g, " ")).toContain("--allow-destructive let plan and apply drop tables and columns");
    const product = meshkit(["init", "product", "--help"], dir).stdout.replace(/\s+/g, " ");
    expect(product).toContain("(default: package.json meshkit.owner, else owner@<domain-with-dashes>.example)");
    expect(product).toContain("(default: package.json meshkit.costCenter)");
    expect(meshkit(["init", "domain", "--help"], dir).stdout).not.toContain("package.json meshkit.owner");
  });

  it("shows that catalog build needs --out, in its usage line and beside the option, as the run without it says", () => {
    const dir = tempDir("help-required");
    const help = meshkit(["catalog", "build", "--help"], dir).stdout;
    expect(help).toContain("Usage: meshkit catalog build --out <dir> [options]");
    expect(help.replace(/\s+/g, " ")).toContain("--out <dir> where the site goes (required)");
    expect(meshkit(["catalog", "build"], dir)).toMatchObject({ status: 2, stderr: "meshkit: required option '--out <dir>' not specified\n" });
  });
});

describe("bad input", () => {
  const cases: [string, string | Buffer, number, RegExp][] = [
    ["invalid YAML", "apiVersion: v3.1.0\nkind: DataContract\nschema: [\n", 2, /bad\.yaml:\d+:\d+: error yaml-syntax/],
    ["duplicate keys", GOOD_CONTRACT + "version: 2.0.0\n", 2, /bad\.yaml:21:1: error yaml-duplicate-key/],
    ["an alias bomb", "kind: DataContract\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n", 2, /error yaml-alias-limit/],
    ["binary content", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), 2, /bad\.yaml:1:1: error file-not-text/],
    ["a non-UTF-8 file", Buffer.concat([Buffer.from("kind: DataContract\nname: caf"), Buffer.from([0xe9, 0x0a])]), 2, /bad\.yaml:2:10: error file-not-text/],
    ["a scalar where a mapping is expected", "42\n", 1, /bad\.yaml:1:1: error not-a-document/],
    ["a list where a mapping is expected", "- kind: DataContract\n", 1, /error not-a-document/],
    ["an unknown apiVersion", GOOD_CONTRACT.replace("v3.1.0", "v9.0.0"), 1, /bad\.yaml:1:13: error unsupported-api-version/],
    ["an empty file", "", 1, /bad\.yaml:1:1: error not-a-document/],
    ["a JSON scalar", '"DataContract"', 1, /error not-a-document/],
  ];
  it.each(cases)("%s gives a positioned finding and the documented exit code", (_, content, status, pattern) => {
    const dir = tempDir("bad");
    writeFiles(dir, { "bad.yaml": content });
    const result = meshkit(["lint", "bad.yaml"], dir);
    expect(result.stdout).toMatch(pattern);
    expect(result.status).toBe(status);
    expectNoStack(result.stdout + result.stderr);
  });

  it.each(["json", "sarif"])("a path that does not exist is a file-unreadable finding in a valid %s report, on stdout and in --output", (format) => {
    const dir = tempDir("missing");
    const result = meshkit(["lint", "nope.yaml", "-f", format], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("");
    const ruleIds = (report: string) => {
      const parsed = JSON.parse(report);
      return format === "json" ? parsed.findings.map((f: { ruleId: string }) => f.ruleId) : parsed.runs[0].results.map((r: { ruleId: string }) => r.ruleId);
    };
    expect(ruleIds(result.stdout)).toEqual(["file-unreadable"]);
    expect(result.stdout).toContain("ENOENT");
    expect(meshkit(["lint", "nope.yaml", "-f", format, "-o", "report.json"], dir).status).toBe(2);
    expect(ruleIds(readFileSync(join(dir, "report.json"), "utf8"))).toEqual(["file-unreadable"]);
  });

  it("a symlink loop is reported as one, not as a missing file", () => {
    const dir = tempDir("loop");
    symlinkSync("l1", join(dir, "l2"));
    symlinkSync("l2", join(dir, "l1"));
    const result = meshkit(["lint", "l1"], dir);
    expect(result.stdout).toMatch(/^l1:1:1: error file-unreadable A symbolic link loop \(ELOOP\)/m);
    expect(result.status).toBe(2);
  });

  // root opens any folder, whatever its mode.
  it.skipIf(process.getuid?.() === 0)("a folder it cannot open, and a file under it, are reported as permission denied (skipped as root)", () => {
    const dir = tempDir("noperm");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT, "noperm/other.odcs.yaml": GOOD_CONTRACT });
    chmodSync(join(dir, "noperm"), 0o000);
    try {
      const walked = meshkit(["lint", "."], dir);
      expect(walked.stdout).toMatch(/^noperm:1:1: error file-unreadable Permission denied \(EACCES\)/m);
      expect(walked.status).toBe(2);
      const named = meshkit(["lint", "noperm/other.odcs.yaml"], dir);
      expect(named.stdout).toMatch(/^noperm\/other\.odcs\.yaml:1:1: error file-unreadable Permission denied \(EACCES\)/m);
      expect(named.status).toBe(2);
    } finally {
      chmodSync(join(dir, "noperm"), 0o755);
    }
  });

  it("a provision plan over a file it cannot read says nothing was compared, not that nothing changes", () => {
    const dir = tempDir("plan-bad");
    writeFiles(dir, { "bad.yaml": "apiVersion: v3.1.0\nkind: DataContract\nschema: [\n" });
    const result = meshkit(["provision", "plan", "bad.yaml"], dir);
    expect(result.stdout).toMatch(/^Nothing planned \(local\): the documents could not be used/m);
    expect(result.stdout).not.toContain("No changes");
    expect(result.stdout).toMatch(/bad\.yaml:\d+:\d+: error yaml-syntax/);
    expect(result.status).toBe(2);
  });

  it("a provision plan whose policy pack does not load says in SARIF that it did not succeed, as meshkit policy does (exit 2)", () => {
    const dir = tempDir("plan-pack");
    writeFiles(dir, {
      "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [./policies]\n",
      "policies/broken.yaml": "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: broken}\nspec:\n  validations:\n    - id: broken\n      expression: '1 +'\n",
      // Retired: nothing is rendered, so terraform does not run, but the packs were to check the configuration.
      "orders.odcs.yaml": GOOD_CONTRACT.replace("status: active", "status: retired"),
    });
    const result = meshkit(["provision", "plan", "--target", "aws", "-f", "sarif"], dir);
    expect(result.status).toBe(2);
    const run = JSON.parse(result.stdout).runs[0];
    expect(run.results.map((r: { ruleId: string }) => r.ruleId)).toContain("policy-invalid");
    // No policy checked the infrastructure: code scanning must keep the provision/ category's policy alerts open.
    expect(run.invocations).toEqual([{ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: expect.stringMatching(/^no document was checked: policies\/broken\.yaml:7:\d+: policy-invalid /) } }] }]);
  });

  it("a file named like a contract or product that is not one is reported when a folder is linted; other YAML is skipped", () => {
    const dir = tempDir("named");
    writeFiles(dir, { "contracts/orders.odcs.yaml": GOOD_CONTRACT, "contracts/typo.odcs.yaml": GOOD_CONTRACT.replace("kind: DataContract", "kind: Datacontract"), "products/empty.odps.yaml": "", "ci.yaml": "on: push\n" });
    const result = meshkit(["lint", "."], dir);
    expect(result.stdout).toMatch(/products\/empty\.odps\.yaml:1:1: error not-a-document/);
    expect(result.stdout).toMatch(/contracts\/typo\.odcs\.yaml:\d+:\d+: error not-a-document/);
    expect(result.stdout).not.toContain("ci.yaml");
    expect(result.status).toBe(1);
  });

  it("a 50 MB file is refused without being parsed", () => {
    const dir = tempDir("big");
    writeFileSync(join(dir, "big.yaml"), "kind: DataContract\n");
    truncateSync(join(dir, "big.yaml"), 50 * 1024 * 1024);
    const result = meshkit(["lint", "big.yaml"], dir);
    expect(result.stdout).toMatch(/big\.yaml:1:1: error file-too-large .*50\.0 MiB/);
    expect(result.status).toBe(2);
  });

  it("a folder of thousands of other YAML files is skipped quickly and finds the one contract", () => {
    const dir = tempDir("many");
    const files: Record<string, string> = { "contracts/orders.yaml": GOOD_CONTRACT };
    for (let i = 0; i < 3000; i++) files[`k8s/deploy-${i}.yaml`] = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n`;
    writeFiles(dir, files);
    const result = meshkit(["lint", "--format", "json"], dir);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).summary.files).toBe(1);
  });

  it("refuses a folder named whose files are none of meshkit's documents (exit 2), as policy does; the whole project may have none", () => {
    const dir = tempDir("no-documents");
    writeFiles(dir, { "k8s/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\n", "k8s/service.yaml": "apiVersion: v1\nkind: Service\n" });
    const named = meshkit(["lint", "k8s"], dir);
    expect([named.status, named.stderr]).toEqual([2, "meshkit: nothing to lint in k8s: its 2 files are no ODCS contract, ODPS product or meshkit document\n"]);
    expect(meshkit(["lint", "k8s/deploy.yaml"], dir).stdout).toContain("not-a-document");
    expect(meshkit(["lint"], dir).status).toBe(0);
  });

  it("reports provision's findings when terraform then fails (exit 2), in text and in JSON, instead of only the one-line error", () => {
    const dir = tempDir("provision-terraform-fails");
    // The contract has no snowflake server: a warning. A terraform that cannot reach the registry fails init.
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT.replace("status: active", "status: active\ndomain: sales"), "bin/terraform": "#!/bin/sh\necho 'Error: Failed to query available provider packages' >&2\nexit 1\n" });
    chmodSync(join(dir, "bin/terraform"), 0o755);
    const env = { PATH: `${join(dir, "bin")}:${process.env.PATH ?? ""}` };
    const text = meshkit(["provision", "plan", "--target", "snowflake", "--out", "plan"], dir, env);
    expect(text.status).toBe(2);
    expect(text.stdout).toMatch(/^orders\.odcs\.yaml:\d+:\d+: warning provision-no-server /m);
    expect(text.stderr).toMatch(/^meshkit: snowflake: `.*terraform init -input=false -no-color` failed \(exit 1\): Failed to query available provider packages\n$/);
    const json = meshkit(["provision", "plan", "--target", "snowflake", "--out", "plan", "-f", "json"], dir, env);
    expect(json.status).toBe(2);
    const report = JSON.parse(json.stdout) as { findings: { ruleId: string }[]; error: string };
    expect(report.findings.map((f) => f.ruleId)).toContain("provision-no-server");
    expect(report.error).toMatch(/^snowflake: .*Failed to query available provider packages$/);
  });

  it("reports provision's findings when the local warehouse cannot be opened (exit 2), instead of only the one-line error", () => {
    const dir = tempDir("provision-local-fails");
    // A retired contract beside an active one: a warning. The warehouse file is not a DuckDB database.
    const withDomain = (text: string) => text.replace(/^status: (\w+)$/m, "status: $1\ndomain: sales");
    const retired = GOOD_CONTRACT.replace("status: active", "status: retired").replace("id: 5b2f7c1e-orders", "id: old-orders").replace("name: orders\n", "name: old_orders\n");
    writeFiles(dir, { "orders.odcs.yaml": withDomain(GOOD_CONTRACT), "old.odcs.yaml": withDomain(retired), ".meshkit/warehouse.duckdb": "not a DuckDB file\n" });
    for (const mode of ["plan", "apply"]) {
      const text = meshkit(["provision", mode, "--target", "local"], dir);
      expect(text.status, mode).toBe(2);
      expect(text.stdout, mode).toMatch(/^old\.odcs\.yaml:\d+:\d+: warning provision-retired /m);
      expect(text.stderr, mode).toMatch(/^meshkit: cannot open the warehouse .*warehouse\.duckdb: [^\n]*\n$/);
    }
  });

  it("says an apply made the changes it prints, which a plan's output does not", () => {
    const dir = tempDir("provision-applied");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT.replace(/^status: (\w+)$/m, "status: $1\ndomain: sales") });
    const plan = meshkit(["provision", "plan", "--target", "local"], dir);
    expect(plan.status).toBe(0);
    expect(plan.stdout).toMatch(/^Plan \(local\): \d+ to create/);
    expect(plan.stdout).not.toContain("Applied");
    const apply = meshkit(["provision", "apply", "--target", "local"], dir);
    expect(apply.status).toBe(0);
    expect(apply.stdout).toMatch(/^Plan \(local\): (\d+) to create[^]*\nApplied \(local\): the \d+ changes above were made\.\n/);
    const again = meshkit(["provision", "apply", "--target", "local"], dir);
    expect(again.stdout).toMatch(/^No changes \(local\)/);
    expect(again.stdout).not.toContain("Applied");
  });

  it("names provision's SARIF category by the stage, as its action does: a plan on pull requests and an apply on main compare as one analysis", () => {
    const dir = tempDir("provision-category");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT });
    const run = meshkit(["provision", "plan", "-f", "sarif", "--out", "plan"], dir);
    expect((JSON.parse(run.stdout) as { runs: { automationDetails: { id: string } }[] }).runs[0]!.automationDetails).toEqual({ id: "provision/" });
  });

  it("names --out when the plan folder cannot be made (a file in the way), as every option's write failure does", () => {
    const dir = tempDir("provision-out-under-file");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT, "a-file": "not a folder\n" });
    const run = meshkit(["provision", "plan", "--out", "a-file/p"], dir);
    expect([run.status, run.stderr]).toEqual([2, `meshkit: cannot write --out a-file/p: ${join(dir, "a-file")} is a file, not a folder (ENOTDIR): choose another path\n`]);
  });

  it("names --out when catalog build cannot make the site folder (a file in the way), as provision plan --out does", () => {
    const dir = tempDir("catalog-out-under-file");
    writeFiles(dir, { "catalog/products/.keep": "", "a-file": "not a folder\n" });
    const run = meshkit(["catalog", "build", "--catalog", "dir:catalog", "--out", "a-file/s"], dir);
    expect([run.status, run.stderr]).toEqual([2, `meshkit: cannot create site output --out a-file/s: ${join(dir, "a-file")} is a file, not a folder (ENOTDIR): choose another path\n`]);
  });

  it("names the catalog and the site folder of catalog build as the user gave them, not as absolute paths", () => {
    const dir = tempDir("catalog-build-names");
    writeFiles(dir, { "catalog/products/.keep": "", "empty/.keep": "", "site/index.html": "<p>mine</p>\n" });
    const missing = meshkit(["catalog", "build", "--out", "site"], dir);
    expect([missing.status, missing.stderr]).toEqual([2, "meshkit: catalog dir:.meshkit/catalog does not exist: publish to it first (meshkit publish --catalog dir:.meshkit/catalog)\n"]);
    const empty = meshkit(["catalog", "build", "--catalog", "dir:empty", "--out", "site"], dir);
    expect(empty.stderr).toBe("meshkit: catalog dir:empty holds no catalog (no index.json, no products/ folder): publish to it first (meshkit publish --catalog dir:empty)\n");
    const foreign = meshkit(["catalog", "build", "--catalog", "dir:catalog", "--out", "site"], dir);
    expect([foreign.status, foreign.stderr]).toEqual([2, "meshkit: site output --out site holds files meshkit catalog build did not write, which the site would replace: index.html. Choose an empty or new folder for --out, or move those files away\n"]);
  });

  it("still writes a JSON, SARIF or JUnit report when the run stops (exit 2), saying why, for the CI step that reads it", () => {
    const dir = tempDir("stopped-report");
    writeFiles(dir, { "k8s/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\n" });
    const reason = "nothing to lint in k8s: its file is no ODCS contract, ODPS product or meshkit document";
    const json = meshkit(["lint", "k8s", "-f", "json"], dir);
    expect([json.status, json.stderr]).toEqual([2, `meshkit: ${reason}\n`]);
    expect(JSON.parse(json.stdout)).toEqual({ findings: [], summary: { errors: 0, warnings: 0, infos: 0, files: 0 }, error: reason });
    expect(meshkit(["lint", "k8s", "-f", "sarif", "-o", "report.sarif"], dir).status).toBe(2);
    const sarif = JSON.parse(readFileSync(join(dir, "report.sarif"), "utf8")) as { runs: { results: unknown[]; invocations: { executionSuccessful: boolean }[] }[] };
    expect([sarif.runs[0]!.results, sarif.runs[0]!.invocations[0]!.executionSuccessful]).toEqual([[], false]);
    // The github format is read by the runner: an error annotation says why the step failed, as setFailed would.
    const github = meshkit(["lint", "k8s", "-f", "github"], dir);
    expect([github.status, github.stdout, github.stderr]).toEqual([2, `::error title=meshkit lint::${reason}\n`, `meshkit: ${reason}\n`]);
    // A comment a workflow posts says the run stopped, in place of an earlier run's verdict at --output.
    writeFiles(dir, { "comment.md": "## contract-lint\n\n✅ **Passed**\n" });
    expect(meshkit(["lint", "k8s", "-f", "markdown", "-o", "comment.md"], dir).status).toBe(2);
    expect(readFileSync(join(dir, "comment.md"), "utf8")).toMatch(/^## meshkit lint\n\n⛔ \*\*Stopped\*\*: nothing to lint in k8s: its file is no ODCS contract/);
    // Text says it on stderr only; a text report -o names says it too, in place of an earlier run's.
    expect(meshkit(["lint", "k8s"], dir).stdout).toBe("");
    writeFiles(dir, { "report.txt": "✔ no problems in 3 files\n" });
    for (const args of [["lint", "k8s"], ["lint", "k8s", "--bogus"]]) {
      expect(meshkit([...args, "-o", "report.txt"], dir).status).toBe(2);
      expect(readFileSync(join(dir, "report.txt"), "utf8")).toBe(`✖ stopped: ${args.length > 2 ? "unknown option '--bogus'" : reason}\n`);
    }
    // Inside GitHub Actions the default format is github: the runner gets the annotation without -f github.
    for (const [args, why] of [[["lint", "k8s"], reason], [["lint", "--bogus"], "unknown option '--bogus'"]] as const) {
      expect(meshkit([...args], dir, { GITHUB_ACTIONS: "true" }).stdout).toBe(`::error title=meshkit lint::${why}\n`);
    }
    // meshkit ci writes no report without -f: nor when it stops.
    expect(meshkit(["ci", "--bogus"], dir, { GITHUB_ACTIONS: "true" }).stdout).toBe("");
    // Arguments the parser refuses are a stopped run too, in the format asked for.
    const refused = meshkit(["lint", "k8s", "-f", "json", "--fail-on", "nope"], dir);
    expect([refused.status, refused.stderr]).toEqual([2, "meshkit: option '--fail-on <level>' argument 'nope' is invalid. Allowed choices are error, warning.\n"]);
    expect(JSON.parse(refused.stdout)).toMatchObject({ findings: [], error: "option '--fail-on <level>' argument 'nope' is invalid. Allowed choices are error, warning." });
    // A command that writes no report refuses -f with one line, and no report it never writes.
    const noReport = meshkit(["hooks", "install", "-f", "json"], dir);
    expect([noReport.status, noReport.stdout, noReport.stderr]).toEqual([2, "", "meshkit: unknown option '-f'\n"]);
    expect(JSON.parse(meshkit(["policy", "test", "--bogus", "-f", "json"], dir).stdout)).toMatchObject({ error: "unknown option '--bogus'" });
    // In the code scanning category of the command's other runs (the stage's, as its action names it), whether the
    // command stopped itself or its arguments were refused: an upload of its own category would be one no later run
    // replaces. `meshkit policy test`'s is its own, not contract-test's (`meshkit test`).
    const categoryOf = (args: string[]) => (JSON.parse(meshkit([...args, "-f", "sarif"], dir).stdout) as { runs: { automationDetails: { id: string } }[] }).runs[0]!.automationDetails.id;
    expect(categoryOf(["policy", "test", "missing-fixtures"])).toBe("policy test/");
    expect(categoryOf(["policy", "test", "--bogus"])).toBe("policy test/");
    for (const [args, category] of [
      [["lint", "k8s"], "contract-lint/"],
      [["lint", "--bogus"], "contract-lint/"],
      [["policy", "--bogus"], "policy-check/"],
      [["compat", "--bogus"], "schema-compat/"],
      [["test", "--bogus"], "contract-test/"],
      [["test", "--emit-sql", "--bogus"], "contract-test --emit-sql/"],
      [["provision", "plan", "--bogus"], "provision/"],
      [["publish", "--bogus"], "catalog-publish/"],
      [["ci", "--bogus"], "ci-pull_request/"],
      [["ci", "--event", "push", "--bogus"], "ci-push/"],
    ] as const) {
      expect([args, categoryOf([...args])]).toEqual([args, category]);
    }
    // `-o -` is stdout, not a file named `-`.
    const dashed = meshkit(["lint", "k8s", "-f", "json", "-o", "-"], dir);
    expect(JSON.parse(dashed.stdout)).toMatchObject({ error: reason });
    expect(existsSync(join(dir, "-"))).toBe(false);
  });

  it("writes the job summary of a run that stops inside GitHub Actions (github by default): the step's summary says why, not nothing", () => {
    const dir = tempDir("stopped-summary");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT });
    const summary = join(dir, "summary.md");
    // A usage error of the command (an --object the contract does not have) and one of the parser (an unknown option).
    const runs = [
      [["test", "orders.odcs.yaml", "--object", "nope"], "no schema object named `nope` in the contract orders.odcs.yaml (objects: orders)"],
      [["test", "--bogus"], "unknown option '--bogus'"],
    ] as const;
    for (const [args, why] of runs) {
      writeFiles(dir, { "summary.md": "earlier step output\n" });
      const run = meshkit([...args], dir, { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary });
      expect([run.status, run.stdout]).toEqual([2, `::error title=meshkit test::${why}\n`]);
      // Was only "earlier step output": a failed step whose summary said nothing of it.
      const expected = `earlier step output\n## meshkit test\n\n⛔ **Stopped**: ${why}\n`;
      expect(readFileSync(summary, "utf8").slice(0, expected.length)).toBe(expected);
    }
  });

  it.each([
    [["lint", "--format", "yaml"], /^meshkit: option '-f, --format <format>' argument 'yaml' is invalid/],
    [["lint", "--bogus"], /^meshkit: unknown option '--bogus'$/m],
    [["lint", "contracts/**/*.yml"], /^meshkit: no file matches contracts\/\*\*\/\*\.yml$/m],
    [["policy", "."], /^meshkit: no file to check in \. \(files\.include: /m],
    [["lint", "--config", "nope.yaml"], /^meshkit: config file not found: nope.yaml$/m],
    [["frobnicate"], /^meshkit: unknown command 'frobnicate'/],
    // An option given "" (an unset variable) is not dropped in silence.
    [["lint", "-o", ""], /^meshkit: --output needs a value, and "" was given \(an unset variable\?\)$/m],
    [["lint", "--config", ""], /^meshkit: --config needs a value, and "" was given/m],
    [["test", "--results", ""], /^meshkit: --results needs a value, and "" was given/m],
    [["compat", "--base", ""], /^meshkit: --base needs a value, and "" was given/m],
    // `-o -` is stdout; `--results -` wrote a file named `-` in silence.
    [["test", "--results", "-"], /^meshkit: --results - names a file, and stdout is the report's: give a file name \(\.\/- for a file named -\)$/m],
    [["ci", "--markdown", "-"], /^meshkit: --markdown - names a file, and stdout is the report's/m],
    // A folder option given `-` created a folder named `-`.
    [["ci", "--event", "push", "--site", "-"], /^meshkit: --site - names a folder, and stdout takes none: give a folder name \(\.\/- for a folder named -\)$/m],
    [["provision", "plan", "--out", "-"], /^meshkit: --out - names a folder, and stdout takes none: give a folder name \(\.\/- for a folder named -\)$/m],
    [["catalog", "build", "--out", "-"], /^meshkit: --out - names a folder, and stdout takes none/m],
    // A value near an allowed one is named (ESLint's `warn`; a typo), as meshkit.yaml's values are.
    [["lint", "--fail-on", "warn"], /^meshkit: option '--fail-on <level>' argument 'warn' is invalid\. Allowed choices are error, warning\. Did you mean warning\?$/m],
    [["lint", "--format", "sarf"], /^meshkit: option '-f, --format <format>' argument 'sarf' is invalid\. Allowed choices are text, json, github, sarif, junit, markdown\. Did you mean sarif\?$/m],
    [["ci", "--target", "locl"], /^meshkit: option '-t, --target <target>' argument 'locl' is invalid\. Allowed choices are local, postgres, aws, snowflake, bigquery\. Did you mean local\?$/m],
  ])("bad arguments %j exit 2 with one line", (args, pattern) => {
    const result = meshkit(args, tempDir("args"));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(pattern);
    expectNoStack(result.stderr);
  });

  it("refuses a file whose name starts with -, which reads as an option (-orders.odcs.yaml as -o rders.odcs.yaml), and says how to name it", () => {
    const dir = tempDir("dash");
    writeFiles(dir, { "-orders.odcs.yaml": BROKEN_CONTRACT, "-x.odcs.yaml": BROKEN_CONTRACT });
    const reason = (file: string) => `${file} names a file here, but reads as an option; write ./${file} (or put the paths after --)`;
    for (const file of ["-orders.odcs.yaml", "-x.odcs.yaml"]) {
      const refused = meshkit(["lint", file], dir);
      expect([refused.status, refused.stdout, refused.stderr]).toEqual([2, "", `meshkit: ${reason(file)}\n`]);
    }
    expect(existsSync(join(dir, "rders.odcs.yaml"))).toBe(false);
    // A report asked for says the run stopped, on stdout: `-o` is what the refused argument spells.
    expect(JSON.parse(meshkit(["lint", "-orders.odcs.yaml", "-f", "json"], dir).stdout)).toMatchObject({ error: reason("-orders.odcs.yaml") });
    expect(existsSync(join(dir, "rders.odcs.yaml"))).toBe(false);
    for (const named of [["./-orders.odcs.yaml"], ["--", "-orders.odcs.yaml"]]) expect(meshkit(["lint", ...named], dir).status).toBe(1);
    // Options that name no file are read as before.
    expect(meshkit(["lint", "--bogus"], dir).stderr).toBe("meshkit: unknown option '--bogus'\n");
    expect(meshkit(["lint", "./-x.odcs.yaml", "-f", "json", "-o", "report.json"], dir).status).toBe(1);
  });
});
