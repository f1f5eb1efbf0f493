/**
 * `meshkit policy` and `meshkit policy test`, run as the built command, on projects written to temp
 * folders: findings at the checked document's line, JSON results and summary, waivers (current,
 * expired, without expiry), and every kind of bad input with its exit code and one-line message.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, GOOD_CONTRACT, REPO_ROOT, meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

beforeAll(requireBuiltCli);

/** A domain pack: every schema object has a description. */
const DESCRIBED = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: described
spec:
  match:
    kinds: [DataContract]
  validations:
    - id: object-description
      forEach: schemaObjects
      expression: has(item.value.description)
      messageExpression: "'Table ' + item.name + ' has no description'"
`;

/** A project with the domain pack, GOOD_CONTRACT (its `orders` object, line 13, has no description) and `config` appended. */
function project(config = "", files: Record<string, string> = {}): string {
  const dir = tempDir("policy");
  writeFiles(dir, {
    "meshkit.yaml": `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n${config}`,
    "policies/described.yaml": DESCRIBED,
    "orders.odcs.yaml": GOOD_CONTRACT,
    ...files,
  });
  return dir;
}
const ORDERS_LINE = GOOD_CONTRACT.split("\n").indexOf("  - name: orders") + 1;

function expectOneLine(stderr: string) {
  expect(stderr.trim().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe("meshkit policy", () => {
  it("passes the built-in baseline on the examples", () => {
    const result = meshkit(["policy", "examples"], REPO_ROOT);
    expect(result.stdout).toMatch(/✔ no problems in \d+ files/);
    expect(result.status).toBe(0);
  });

  it("points a failing rule at the document's line and reports PolicyReport-like results", () => {
    const dir = project();
    const text = meshkit(["policy"], dir);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`orders.odcs.yaml:${ORDERS_LINE}:5: error object-description Table orders has no description [policy described, policies/described.yaml]`);

    const json = JSON.parse(meshkit(["policy", "--format", "json"], dir).stdout);
    expect(json.results).toEqual([{ policy: "described", rule: "object-description", result: "fail", resource: "orders.odcs.yaml", message: "Table orders has no description" }]);
    expect(json.summary).toMatchObject({ errors: 1, pass: 0, fail: 1, warn: 0, waived: 0 });
    // SARIF names the pack's rule in its rule table.
    const sarif = JSON.parse(meshkit(["policy", "--format", "sarif"], dir).stdout);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain("object-description");
  });

  it("applies a current waiver, counts it apart, and reports an expired one while enforcing the rule again", () => {
    const waiver = (expires: string) => `  waivers:\n    - rule: object-description\n      document: 5b2f7c1e-orders\n      justification: Descriptions arrive with the Q1 catalogue work.\n      approver: platform-team\n      expires: ${expires}\n`;
    const current = meshkit(["policy", "--format", "json"], project(waiver("2999-12-31")));
    expect(current.status).toBe(0);
    expect(JSON.parse(current.stdout).summary).toMatchObject({ errors: 0, fail: 0, waived: 1 });

    const expired = meshkit(["policy"], project(waiver("2020-01-31")));
    expect(expired.status).toBe(1);
    expect(expired.stdout).toMatch(/meshkit\.yaml:10:\d+: warning waiver-expired Waiver of object-description for 5b2f7c1e-orders \(approved by platform-team\) expired after 2020-01-31, its last day \(today is \d{4}-\d{2}-\d{2} in UTC, by which waivers are judged\)/);
    expect(expired.stdout).toContain("error object-description");
  });

  it("shows a waived failure apart in every format: SARIF suppression, JUnit skipped, text and markdown, JSON suppressed; never counted", () => {
    const dir = project("  waivers:\n    - rule: object-description\n      document: 5b2f7c1e-orders\n      justification: Descriptions arrive with the Q1 catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n");
    const note = "waived by platform-team until 2999-12-31: Descriptions arrive with the Q1 catalogue work.";
    const text = meshkit(["policy"], dir);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`orders.odcs.yaml:${ORDERS_LINE}:5: waived object-description Table orders has no description [policy described, policies/described.yaml] (${note})`);
    expect(text.stdout).toMatch(/✔ no problems in 2 files/);

    const sarif = JSON.parse(meshkit(["policy", "--format", "sarif"], dir).stdout);
    const [result] = sarif.runs[0].results;
    expect(sarif.runs[0].results).toHaveLength(1);
    expect(result).toMatchObject({ ruleId: "object-description", level: "error", suppressions: [{ kind: "external", status: "accepted", justification: note }] });
    expect(result.locations[0].physicalLocation.region.startLine).toBe(ORDERS_LINE);
    expect(sarif.runs[0].tool.driver.rules[result.ruleIndex].id).toBe("object-description");

    const junit = meshkit(["policy", "--format", "junit"], dir);
    expect(junit.status).toBe(0);
    expect(junit.stdout).toMatch(/<testsuites [^>]*failures="0"[^>]*skipped="1"/);
    expect(junit.stdout).toContain(`<skipped message="object-description: ${note}">`);

    const json = JSON.parse(meshkit(["policy", "--format", "json"], dir).stdout);
    expect(json.findings).toEqual([]);
    expect(json.suppressed).toEqual([expect.objectContaining({ ruleId: "object-description", line: ORDERS_LINE, path: "/schema/0", suppression: { approver: "platform-team", expires: "2999-12-31", justification: "Descriptions arrive with the Q1 catalogue work." } })]);

    const markdown = meshkit(["policy", "--format", "markdown"], dir).stdout;
    expect(markdown).toContain("#### Waived (1 failure)");
    expect(markdown).toContain(note);

    // -f github: the job summary lists it too, and the policy counts and waivers as the action's summary does.
    const summaryFile = join(dir, "summary.md");
    expect(meshkit(["policy", "--format", "github"], dir, { GITHUB_STEP_SUMMARY: summaryFile }).status).toBe(0);
    const summary = readFileSync(summaryFile, "utf8");
    expect(summary).toContain("#### Waived (1 failure)");
    expect(summary).toContain(note);
    expect(summary).toContain("| passed | failed | warned | errors | skipped | waived |");
    expect(summary.match(/Descriptions arrive with the Q1 catalogue work/g)).toHaveLength(1);
  });

  it("refuses a waiver without an expiry date as a config error (exit 2), at its line", () => {
    const dir = project("  waivers:\n    - rule: object-description\n      justification: Descriptions arrive later.\n      approver: platform-team\n");
    const result = meshkit(["policy"], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/meshkit\.yaml:6:\d+: error config-invalid .*expires/);
    // Nothing was evaluated: the markdown (PR comment, job summary) has no table of zero counts beside the error.
    const markdown = meshkit(["policy", "--format", "markdown"], dir);
    expect(markdown.status).toBe(2);
    expect(markdown.stdout).toContain("config-invalid");
    expect(markdown.stdout).not.toContain("| passed | failed |");
  });

  it("refuses a policy.params name no policy in use declares or reads (exit 2, at its key), and takes the known ones", () => {
    const pack = DESCRIBED.replace("spec:\n", "spec:\n  params:\n    minObjects: 1\n").replace("    - id: object-description", "    - id: enough-objects\n      expression: size(object.schema) >= params.minObjects\n    - id: object-description");
    const typo = meshkit(["policy"], project("  params:\n    minObjects: 1\n    minObject: 5\n", { "policies/described.yaml": pack }));
    expect(typo.status).toBe(2);
    expect(typo.stdout).toMatch(/meshkit\.yaml:7:5: error config-invalid meshkit\.yaml: `minObject` in policy\.params is no parameter of the policies in use \(they have: minObjects\)/);
    expect(typo.stdout).not.toContain("object-description");
    // The name the policy has is taken: 5 objects required, the contract has one.
    const strict = meshkit(["policy", "--format", "json"], project("  params:\n    minObjects: 5\n", { "policies/described.yaml": pack }));
    expect(JSON.parse(strict.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain("enough-objects");
  });

  it("reports a CEL typo at the policy's own line and exits 2 before checking anything", () => {
    const dir = project("", { "policies/described.yaml": DESCRIBED.replace("has(item.value.description)", "has(item.value.description) && objekt.name != ''") });
    const result = meshkit(["policy"], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/policies\/described\.yaml:11:\d+: error policy-invalid policy described: undeclared reference to 'objekt'/);
    expect(result.stdout).not.toContain("object-description Table");
    // In JUnit the pack that does not compile is an error (nothing could be checked), not a failed check.
    const junit = meshkit(["policy", "--format", "junit"], dir);
    expect(junit.status).toBe(2);
    expect(junit.stdout).toMatch(/<testsuites name="policy-check" tests="1" failures="0" errors="1"/);
    expect(junit.stdout).toMatch(/<error type="error" message="policy-invalid: policy described: undeclared reference to &apos;objekt&apos;/);
  });

  it("reports a rule that fails at run time on one document as an error there, and keeps checking the others", () => {
    const pack = DESCRIBED.replace("forEach: schemaObjects\n      expression: has(item.value.description)", "forEach: schemaObjects\n      expression: item.value.description.size() > 0");
    const dir = project("", { "policies/described.yaml": pack, "described.odcs.yaml": GOOD_CONTRACT.replace("id: 5b2f7c1e-orders", "id: described").replace("  - name: orders\n", "  - name: orders\n    description: One row per order.\n") });
    const json = JSON.parse(meshkit(["policy", "--format", "json"], dir).stdout);
    expect(json.findings.map((f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file}`)).toEqual(["policy-runtime-error orders.odcs.yaml"]);
    expect(json.results.map((r: { result: string; resource: string }) => `${r.result} ${r.resource}`).sort()).toEqual(["error orders.odcs.yaml", "pass described.odcs.yaml"]);
  });

  it("exits 2 with one line for an unknown pack, an unknown built-in pack and a bad --params file", () => {
    const dir = project();
    writeFiles(dir, { "base.yaml": "{}\n", "prod.yaml": "{}\n" });
    for (const [args, message] of [
      [["--policies", "no-such-pack"], "meshkit: policy pack not found: no-such-pack"],
      [["--policies", "builtin:nope"], "meshkit: unknown built-in policy pack builtin:nope; built-in packs: builtin:platform-baseline"],
      [["--params", "missing.yaml"], "meshkit: params file missing.yaml:"],
      // Commander kept the last of two and dropped the first file's values in silence.
      [["--params", "base.yaml", "--params", "prod.yaml"], "meshkit: option '--params <file>' argument 'prod.yaml' is invalid. --params takes one file, and base.yaml was given before it"],
    ] as const) {
      const result = meshkit(["policy", ...args], dir);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(message);
      expectOneLine(result.stderr);
    }
  });

  it("reports a pack meshkit.yaml lists that is not there as config-invalid at its entry (exit 2)", () => {
    const dir = project();
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs:\n    - builtin:platform-baseline\n    - ./no-such-pack\n" });
    const result = meshkit(["policy"], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("meshkit.yaml:6:7: error config-invalid meshkit.yaml: policy pack not found: ./no-such-pack (policy.packs are relative to this file)");
  });

  it("exits 2, never passes silently, when the OPA server is down or answers garbage", async () => {
    // Served from this process, so the command runs asynchronously (spawnSync would block the server).
    const garbage = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("<html>not json"));
    const closed = createServer();
    const listen = (server: ReturnType<typeof createServer>) => new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
    const garbagePort = await listen(garbage);
    const closedPort = await listen(closed);
    await new Promise((resolve) => closed.close(resolve)); // nothing listens there any more: connection refused
    try {
      const opa = (port: number) => `  opa:\n    url: http://127.0.0.1:${port}\n    package: meshkit.contracts\n    timeoutMs: 5000\n`;
      for (const [port, why] of [
        [closedPort, /ECONNREFUSED|refused/],
        [garbagePort, /not JSON|JSON/],
      ] as const) {
        const dir = project(opa(port), { "policies/described.yaml": DESCRIBED.replace("has(item.value.description)", "'true'") });
        const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
          const child = execFile(process.execPath, [CLI, "policy", "orders.odcs.yaml"], { cwd: dir, env: { ...process.env, NO_COLOR: "1", GITHUB_ACTIONS: "" } }, (_error, _stdout, stderr) => resolve({ status: child.exitCode, stderr }));
        });
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(new RegExp(`^meshkit: OPA request to http://127\\.0\\.0\\.1:${port}/v1/data/meshkit/contracts failed for orders\\.odcs\\.yaml: `));
        expect(result.stderr).toMatch(why);
        expectOneLine(result.stderr);
      }
    } finally {
      garbage.close();
    }
  });
});

describe("meshkit policy test", () => {
  it("runs the built-in pack's fixtures from this repository: every expectation met", () => {
    const result = meshkit(["policy", "test", "packages/policy/packs/platform-baseline/tests", "--policies", "builtin:platform-baseline"], REPO_ROOT);
    expect(result.stdout).toMatch(/✔ no problems in \d+ files/);
    expect(result.stderr).toMatch(/^policy test: \d+ fixtures, (\d+) of \1 expectations met$/m);
    expect(result.status).toBe(0);
  });

  it("finds a local pack's tests/ folder, and exits 1 when an expectation is not met", () => {
    const dir = project("", {
      "policies/tests/orders.odcs.yaml": `# expect: object-description ${ORDERS_LINE + 1}\n${GOOD_CONTRACT}`,
      "policies/tests/described.odcs.yaml": `# expect: none\n${GOOD_CONTRACT.replace("  - name: orders\n", "  - name: orders\n    description: One row per order.\n")}`,
    });
    expect(meshkit(["policy", "test"], dir).status).toBe(0);
    // One fixture, one expectation: counted in the singular, as a summary line in English reads.
    const single = tempDir("policy");
    writeFiles(single, { "pack/described.yaml": DESCRIBED, "pack/tests/orders.odcs.yaml": `# expect: object-description ${ORDERS_LINE + 1}\n${GOOD_CONTRACT}` });
    const one = meshkit(["policy", "test", "pack/tests", "--policies", "pack"], single);
    expect(one.stderr).toMatch(/^policy test: 1 fixture, 1 of 1 expectation met$/m);
    expect(one.status).toBe(0);
    writeFiles(dir, { "policies/tests/orders.odcs.yaml": `# expect: object-description 3\n${GOOD_CONTRACT}` });
    const failing = meshkit(["policy", "test", "--format", "json"], dir);
    expect(failing.status).toBe(1);
    const json = JSON.parse(failing.stdout);
    expect(json.findings.map((f: { ruleId: string; file: string; line: number }) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      "policy-test-failed policies/tests/orders.odcs.yaml:1",
      `policy-test-failed policies/tests/orders.odcs.yaml:${ORDERS_LINE + 1}`,
    ]);
    expect(json).toMatchObject({ fixtures: 2, expectations: 2, passed: 1 });
    // markdown (a PR comment, the job summary) counts the fixtures and expectations too, not only "problems".
    const markdown = meshkit(["policy", "test", "--format", "markdown"], dir);
    expect(markdown.status).toBe(1);
    expect(markdown.stdout).toContain("| fixtures | expectations | met |\n|---:|---:|---:|\n| 2 | 2 | 1 |");
    // JUnit lists the tests, one per expectation, met or not, as conftest verify and test runners do: not one per failure.
    const junit = meshkit(["policy", "test", "--format", "junit"], dir);
    expect(junit.status).toBe(1);
    expect(junit.stdout).toMatch(/<testsuites name="policy test" tests="3" failures="2"/);
    expect(junit.stdout).toContain('<testcase classname="policies/tests/described.odcs.yaml" name="expect none"');
    expect(junit.stdout).toContain('name="expect object-description 3"');
    expect(junit.stdout).toContain(`name="unexpected object-description at ${ORDERS_LINE + 1}:`);
  });

  it("exits 2 on a policy.params name no pack declares, counting meshkit.yaml as the file at fault", () => {
    const dir = project("", { "policies/tests/orders.odcs.yaml": `# expect: object-description ${ORDERS_LINE + 1}\n${GOOD_CONTRACT}` });
    writeFiles(dir, { "meshkit.prod.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: ./meshkit.yaml\npolicy:\n  params:\n    minTabels: 3\n" });
    const result = meshkit(["policy", "test", "-c", "meshkit.prod.yaml", "--format", "text"], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("meshkit.prod.yaml:6:5: error config-invalid meshkit.prod.yaml: `minTabels` in policy.params is no parameter of the policies in use");
    expect(result.stdout).toContain("✖ 1 error, 0 warnings, 0 infos in 1 file");
  });

  it("exits 2 when there is nothing to test", () => {
    const result = meshkit(["policy", "test"], project());
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("meshkit: no policy tests to run");
  });
});
