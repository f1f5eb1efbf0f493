import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { UsageError } from "@meshkit/core";
import { beforeEach, describe, expect, it } from "vitest";
import { readExpectations, testPolicies } from "./verify.js";

/** A one-rule pack: every table (schema object) has a description. */
const PACK = `apiVersion: meshkit/v1
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

/** A contract whose second table (line 10) has no description. */
const CONTRACT = (expect: string) => `${expect}apiVersion: v3.1.0
kind: DataContract
id: fixture-orders
version: 1.0.0
status: active
schema:
  - name: orders
    description: One row per order.
  - name: lines
`;
const HEADER_LINES = (expect: string) => expect.split("\n").length - 1;

let dir: string;
function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}
const run = (dirs: string[] = ["pack/tests"]) => testPolicies({ cwd: dir, dirs, policies: ["pack"] });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "meshkit-policy-test-"));
  write({ "pack/described.yaml": PACK });
});

describe("meshkit policy test", () => {
  it("passes when every expectation is met, at the expected line", async () => {
    const header = "# expect: object-description 10\n";
    expect(9 + HEADER_LINES(header)).toBe(10);
    write({ "pack/tests/missing.odcs.yaml": CONTRACT(header), "pack/tests/ok.odcs.yaml": CONTRACT("# expect: none\n").replace("  - name: lines\n", "") });
    const result = await run();
    expect(result.findings).toEqual([]);
    expect(result).toMatchObject({ fixtures: 2, expectations: 2, passed: 2 });
  });

  it("fails the fixture on which a rule's messageExpression or pathExpression broke, at that field, though its expectations are met", async () => {
    // `item.value.title` is missing on the element: the failure keeps its result (met), its text falls back.
    write({ "pack/described.yaml": PACK.replace("messageExpression: \"'Table ' + item.name + ' has no description'\"", "messageExpression: \"'Table ' + item.value.title\"\n      pathExpression: \"'schema'\""), "pack/tests/missing.odcs.yaml": CONTRACT("# expect: object-description\n") });
    const result = await run();
    expect(result).toMatchObject({ fixtures: 1, expectations: 1, passed: 1 });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.file, f.line, f.message])).toEqual([
      ["policy-test-failed", "error", "pack/described.yaml", 12, "Rule object-description of policy described (pack/described.yaml): its messageExpression could not give the failure on pack/tests/missing.odcs.yaml its text: field not found: title; the findings show the default text instead. Fix the messageExpression (guard missing fields with has())."],
      ["policy-test-failed", "error", "pack/described.yaml", 13, 'Rule object-description of policy described (pack/described.yaml): its pathExpression could not give the failure on pack/tests/missing.odcs.yaml its node: returned "schema", no JSON pointer ("" or one starting with /); the findings point at the default node instead. Fix the pathExpression.'],
    ]);
    // Each is a failed test of its own, for JUnit, named after its field and place (two cases of one name would read as one).
    expect(result.cases.filter((c) => c.failure).map((c) => [c.file, c.name])).toEqual([
      ["pack/tests/missing.odcs.yaml", "messageExpression at pack/described.yaml:12"],
      ["pack/tests/missing.odcs.yaml", "pathExpression at pack/described.yaml:13"],
    ]);
  });

  it("lists one test per expectation, met or not, and one per finding no expectation names, for JUnit", async () => {
    write({
      "pack/tests/a.odcs.yaml": CONTRACT("# expect: object-description 12\n# expect: object-description 3\n# expect: object-description\n"),
      "pack/tests/b.odcs.yaml": CONTRACT("# expect: none\n").replace("  - name: lines\n", ""),
      "pack/tests/c.odcs.yaml": CONTRACT("# expect: none\n"),
      "pack/tests/d.odcs.yaml": CONTRACT(""),
    });
    const result = await run();
    expect(result.cases).toEqual([
      { file: "pack/tests/a.odcs.yaml", name: "expect object-description 12" },
      { file: "pack/tests/a.odcs.yaml", name: "expect object-description 3", failure: { message: expect.stringMatching(/^Expected object-description at line 3 /), file: "pack/tests/a.odcs.yaml", line: 2, column: 1 } },
      { file: "pack/tests/a.odcs.yaml", name: "expect object-description", failure: { message: expect.stringMatching(/^Expected object-description on /), file: "pack/tests/a.odcs.yaml", line: 3, column: 1 } },
      { file: "pack/tests/b.odcs.yaml", name: "expect none" },
      { file: "pack/tests/c.odcs.yaml", name: "expect none", failure: { message: "Expected no finding; reported: object-description at line 10.", file: "pack/tests/c.odcs.yaml", line: 10, column: 5 } },
      { file: "pack/tests/d.odcs.yaml", name: "expectations", failure: expect.objectContaining({ message: expect.stringMatching(/^Fixture has no expectations/) }) },
    ]);
    // Every failure finding is the failure of one test: JUnit shows each once.
    expect(result.cases.filter((c) => c.failure).length).toBe(result.findings.length);
    expect(result).toMatchObject({ fixtures: 4, expectations: 5, passed: 2 });
  });

  it("gives products the latest version of a contract id among the fixtures, as meshkit policy does", async () => {
    const ports = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: ports
spec:
  match:
    kinds: [DataProduct]
  validations:
    - id: port-contract-active
      forEach: outputPorts.filter(p, has(p.value.contractId) && p.value.contractId in contracts)
      expression: contracts[item.value.contractId].status == 'active'
`;
    const contract = (version: string, status: string) => `# expect: none\napiVersion: v3.1.0\nkind: DataContract\nid: c-9\nversion: ${version}\nstatus: ${status}\n`;
    write({
      "pack/ports.yaml": ports,
      "pack/tests/a-old.odcs.yaml": contract("1.0.0", "retired"),
      "pack/tests/b-new.odcs.yaml": contract("2.0.0", "active"),
      "pack/tests/p.odps.yaml": "# expect: none\napiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\noutputPorts:\n  - name: o\n    version: 2.0.0\n    contractId: c-9\n",
    });
    const result = await run();
    expect(result.findings).toEqual([]);
  });

  it("says an expected rule no pack under test defines (another pack's, misspelt, a policy's name) can never be met", async () => {
    write({ "pack/tests/other.odcs.yaml": CONTRACT("# expect: pii-retention\n# expect: object-descripton 3\n# expect: object-description\n# expect: described\n") });
    const result = await testPolicies({ cwd: dir, dirs: [], policies: ["pack"] });
    expect([result.passed, result.findings.map((f) => f.message)]).toEqual([
      1,
      [
        "Expected object-descripton at line 3 of pack/tests/other.odcs.yaml, not reported; the packs under test define no rule of that id (did you mean `object-description`? Or is it another pack's rule: test it with that pack).",
        "Expected pii-retention on pack/tests/other.odcs.yaml, not reported; the packs under test define no rule of that id (misspelt, or another pack's rule: test it with that pack).",
        // A policy's name where a rule is meant: its rules are named.
        "Expected described on pack/tests/other.odcs.yaml, not reported; `described` is the name of a policy, not a rule id: expect the findings of its rules (object-description).",
      ],
    ]);
  });

  it("finds the tests/ folder of each local pack when no folder is named", async () => {
    write({ "pack/tests/missing.odcs.yaml": CONTRACT("# expect: object-description\n") });
    expect((await testPolicies({ cwd: dir, dirs: [], policies: ["pack"] })).passed).toBe(1);
    await expect(testPolicies({ cwd: dir, dirs: [], policies: ["builtin:platform-baseline"] })).rejects.toThrow(/no policy tests to run/);
    // A pack that does not exist is named as such, not taken for one without tests.
    await expect(testPolicies({ cwd: dir, dirs: [], policies: ["builtin:nope"] })).rejects.toThrow(/^unknown built-in policy pack builtin:nope; built-in packs: builtin:platform-baseline/);
    await expect(testPolicies({ cwd: dir, dirs: [], policies: ["pack", "./missing-pack"] })).rejects.toThrow("policy pack not found: ./missing-pack");
    symlinkSync("loop", join(dir, "loop"));
    await expect(testPolicies({ cwd: dir, dirs: [], policies: ["loop"] })).rejects.toThrow("policy pack loop is a symbolic link that leads nowhere (a missing target or a loop)");
  });

  it("also runs the tests/ folders of a pack's subfolders, which the loader skips as fixtures too", async () => {
    // A pack organised by subject: each subfolder keeps its policies and its fixtures. A fixture left out would
    // pass whatever the pack does; the deeper tests/ folder inside a tests/ folder is searched once, with it.
    write({
      "pack/tests/a.odcs.yaml": CONTRACT("# expect: object-description 10\n"),
      "pack/contracts/tests/b.odcs.yaml": CONTRACT("# expect: object-description 3\n"),
      "pack/contracts/tests/deeper/tests/c.odcs.yaml": CONTRACT("# expect: object-description\n"),
      "pack/node_modules/dep/tests/d.odcs.yaml": CONTRACT("# expect: nothing-at-all\n"),
    });
    const result = await testPolicies({ cwd: dir, dirs: [], policies: ["pack"] });
    expect(result).toMatchObject({ fixtures: 3, expectations: 3, passed: 2 });
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.message.split(";")[0]}`)).toEqual([
      "pack/contracts/tests/b.odcs.yaml:1 Expected object-description at line 3 of pack/contracts/tests/b.odcs.yaml, not reported",
      "pack/contracts/tests/b.odcs.yaml:10 Unexpected object-description: Table lines has no description [policy described, pack/described.yaml]",
    ]);
    // Without a top-level tests/ folder, the subfolders' are the pack's tests, not "no policy tests to run".
    write({ "solo/sub/described.yaml": PACK.replace("name: described", "name: solo"), "solo/sub/tests/e.odcs.yaml": CONTRACT("# expect: object-description 10\n") });
    expect(await testPolicies({ cwd: dir, dirs: [], policies: ["solo"] })).toMatchObject({ findings: [], fixtures: 1, passed: 1 });
  });

  it("tests a fixture reached twice once: a pack listed twice, a folder named with one of its files or through a link", async () => {
    // The fixture fails twice (an unmet expectation, an unexpected finding): each once, not once per way to it.
    write({ "pack/tests/missing.odcs.yaml": CONTRACT("# expect: object-description 3\n") });
    symlinkSync("pack", join(dir, "link"));
    const once = { fixtures: 1, expectations: 1, passed: 0 };
    for (const [dirs, policies] of [
      [[], ["pack", "./pack/"]],
      [["pack/tests", "./pack/tests/"], ["pack"]],
      [["pack/tests", "pack/tests/missing.odcs.yaml"], ["pack"]],
      [["pack/tests", "link/tests"], ["pack"]],
    ] as const) {
      const result = await testPolicies({ cwd: dir, dirs: [...dirs], policies: [...policies] });
      expect([dirs, result.findings.length, result]).toMatchObject([dirs, 2, once]);
    }
    // A pack listed twice in meshkit.yaml, as `meshkit policy` loads it: once.
    write({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [pack, ./pack/]\n" });
    expect(await testPolicies({ cwd: dir, dirs: [] })).toMatchObject(once);
  });

  it("tests a fixture two packs' tests/ folders share (one a link to the other) with each pack, not with the first alone", async () => {
    // The fixture passes on pack; on other, which has no object-description rule, its expectation is unmet.
    write({ "pack/tests/missing.odcs.yaml": CONTRACT("# expect: object-description 10\n"), "other/described.yaml": PACK.replace("name: described", "name: other").replace("object-description", "other-description") });
    symlinkSync(join("..", "pack", "tests"), join(dir, "other", "tests"));
    const result = await testPolicies({ cwd: dir, dirs: [], policies: ["pack", "other"] });
    expect(result).toMatchObject({ fixtures: 2, expectations: 2, passed: 1 });
    expect(result.findings.map((f) => f.message)).toEqual([expect.stringContaining("object-description"), expect.stringContaining("other-description")]);
  });

  it("reports a pack of meshkit.yaml that is not there as config-invalid at its entry, as meshkit policy does", async () => {
    write({ "pack/tests/missing.odcs.yaml": CONTRACT("# expect: object-description\n"), "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs:\n    - pack\n    - packz/\n" });
    const result = await testPolicies({ cwd: dir, dirs: [] });
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: "config-invalid", file: "meshkit.yaml", line: 6, column: 7, path: "/policy/packs/1", message: "meshkit.yaml: policy pack not found: packz/ (policy.packs are relative to this file)" }),
    ]);
  });

  it("refuses to test fixtures against no pack (policy.packs: [], OPA only): `# expect: none` would pass unchecked", async () => {
    write({ "pack/tests/ok.odcs.yaml": CONTRACT("# expect: none\n"), "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n  opa:\n    url: http://127.0.0.1:8181\n    package: meshkit.contracts\n" });
    const message = "no policy packs to test the fixtures with: meshkit.yaml sets policy.packs: []; name the packs with --policies";
    await expect(testPolicies({ cwd: dir, dirs: ["pack/tests"] })).rejects.toThrow(message);
    await expect(testPolicies({ cwd: dir, dirs: [] })).rejects.toThrow(message);
    // --policies names the packs to test.
    expect((await testPolicies({ cwd: dir, dirs: ["pack/tests"], policies: ["pack"] })).findings).toEqual([expect.objectContaining({ ruleId: "policy-test-failed", message: expect.stringContaining("Unexpected object-description") })]);
  });

  it("reads a --params file against all the packs in use when each pack's tests/ run with that pack alone", async () => {
    const sized = "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: sized\nspec:\n  params:\n    minObjects: 1\n  validations:\n    - id: enough-objects\n      expression: size(object.schema) >= params.minObjects\n";
    write({
      "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [pack, sized]\n",
      "pack/tests/missing.odcs.yaml": CONTRACT("# expect: object-description\n"),
      "sized/policy.yaml": sized,
      // Two tables: fewer than the 5 the parameters file asks for.
      "sized/tests/two.odcs.yaml": CONTRACT("# expect: enough-objects\n"),
      "params.yaml": "minObjects: 5\n",
    });
    const result = await testPolicies({ cwd: dir, dirs: [], paramsFile: "params.yaml" });
    expect(result).toMatchObject({ findings: [], fixtures: 2, expectations: 2, passed: 2 });
    // A name no pack in use has is still refused.
    write({ "params.yaml": "minObject: 5\n" });
    await expect(testPolicies({ cwd: dir, dirs: [], paramsFile: "params.yaml" })).rejects.toThrow("params file params.yaml: `minObject` is no parameter of the policies in use (they have: minObjects)");
  });

  it("refuses meshkit.yaml's policy.params that no pack in use declares, or of another kind, as meshkit policy does", async () => {
    const sized = "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: sized\nspec:\n  params:\n    minObjects: 1\n  validations:\n    - id: enough-objects\n      expression: size(object.schema) >= params.minObjects\n";
    const config = (params: string) => `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [pack, sized]\n  params:\n${params}`;
    write({ "pack/tests/missing.odcs.yaml": CONTRACT("# expect: object-description\n"), "sized/policy.yaml": sized, "sized/tests/two.odcs.yaml": CONTRACT("# expect: none\n") });
    // The environment's config sets the parameters of both packs (each tested alone): accepted, and in force.
    write({ "meshkit.yaml": config("    minObjects: 2\n") });
    expect(await testPolicies({ cwd: dir, dirs: [] })).toMatchObject({ findings: [], fixtures: 2, passed: 2 });
    // A misspelt name would test the fixtures against the default it leaves in force: refused, at its key.
    write({ "meshkit.yaml": config("    minObject: 5\n") });
    expect(await testPolicies({ cwd: dir, dirs: [] })).toMatchObject({
      fixtures: 0,
      findings: [{ ruleId: "config-invalid", file: "meshkit.yaml", line: 6, message: expect.stringContaining("`minObject` in policy.params is no parameter of the policies in use (they have: minObjects)") }],
    });
    // Named folders too, and a fraction over an int default.
    write({ "meshkit.yaml": config("    minObjects: 2.5\n") });
    expect((await testPolicies({ cwd: dir, dirs: ["sized/tests"] })).findings).toEqual([expect.objectContaining({ ruleId: "config-invalid", line: 6, message: expect.stringContaining("policy.params.minObjects is 2.5") })]);
    // Other packs (--policies): the config's parameters may be theirs, as meshkit policy says.
    write({ "meshkit.yaml": config("    minObject: 5\n") });
    expect((await testPolicies({ cwd: dir, dirs: [], policies: ["pack"] })).findings).toEqual([]);
    // …but a value the packs named read is checked against their defaults: the fixtures would be tested with it.
    write({ "meshkit.yaml": config("    minObjects: 2.5\n    minObject: 5\n") });
    expect((await testPolicies({ cwd: dir, dirs: ["sized/tests"], policies: ["sized"] })).findings).toEqual([expect.objectContaining({ ruleId: "config-invalid", line: 6, message: expect.stringContaining("policy.params.minObjects is 2.5") })]);
  });

  it("reports a missing finding at its expect line, with where the rule fired instead", async () => {
    write({ "pack/tests/wrong.odcs.yaml": CONTRACT("# a comment\n# expect: object-description 4\n") });
    const { findings, passed } = await run();
    expect(passed).toBe(0);
    expect(findings.map((f) => [f.ruleId, f.file, f.line, f.message])).toEqual([
      ["policy-test-failed", "pack/tests/wrong.odcs.yaml", 2, "Expected object-description at line 4 of pack/tests/wrong.odcs.yaml, not reported; it was reported at line 11."],
      ["policy-test-failed", "pack/tests/wrong.odcs.yaml", 11, "Unexpected object-description: Table lines has no description [policy described, pack/described.yaml]"],
    ]);
  });

  it("fails a compliant-looking fixture that produces a finding, and `none` mixed with expectations", async () => {
    write({ "pack/tests/none.odcs.yaml": CONTRACT("# expect: none\n"), "pack/tests/mixed.odcs.yaml": CONTRACT("# expect: none\n# expect: object-description 11\n") });
    const { findings } = await run();
    expect(findings.map((f) => `${f.file}:${f.line} ${f.message.split(":")[0]}`)).toEqual([
      "pack/tests/mixed.odcs.yaml:1 `expect",
      "pack/tests/none.odcs.yaml:10 Unexpected object-description",
    ]);
  });

  it("refuses a fixture with no expectations: it would pass whatever the pack does", async () => {
    write({ "pack/tests/silent.odcs.yaml": CONTRACT(""), "pack/tests/plan.tf.json": '{"resource": {}}' });
    const { findings } = await run();
    expect(findings.map((f) => [f.file, f.line])).toEqual([
      ["pack/tests/plan.tf.json", 1],
      ["pack/tests/silent.odcs.yaml", 1],
    ]);
    expect(findings[0]!.message).toContain("pack/tests/plan.tf.expect: JSON has no comments");
  });

  it("checks a severity an expectation names, so that a rule moved from error to warning (no longer blocking) fails its fixture", async () => {
    const warned = PACK.replace("      expression: has(item.value.description)\n", "      expression: has(item.value.description)\n      severity: warning\n");
    write({
      "pack/described.yaml": warned,
      // The table without a description is at line 11 here, 10 in the others (one comment line fewer).
      "pack/tests/a.odcs.yaml": CONTRACT("# expect: object-description 11 warning\n# expect: object-description warning\n"),
      "pack/tests/b.odcs.yaml": CONTRACT("# expect: object-description 10 error\n"),
      "pack/tests/c.odcs.yaml": CONTRACT("# expect: object-description info\n"),
    });
    const result = await run();
    expect(result).toMatchObject({ fixtures: 3, expectations: 4, passed: 1 });
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      "pack/tests/a.odcs.yaml:2 Expected object-description as a warning on pack/tests/a.odcs.yaml, not reported; it was reported once, which meets another expectation of it.",
      "pack/tests/b.odcs.yaml:1 Expected object-description as an error at line 10 of pack/tests/b.odcs.yaml, not reported; it was reported there as a warning.",
      "pack/tests/b.odcs.yaml:10 Unexpected object-description: Table lines has no description [policy described, pack/described.yaml]",
      "pack/tests/c.odcs.yaml:1 Expected object-description as an info on pack/tests/c.odcs.yaml, not reported; it was reported as a warning.",
      "pack/tests/c.odcs.yaml:10 Unexpected object-description: Table lines has no description [policy described, pack/described.yaml]",
    ]);
    // JUnit names the severity with the expectation.
    expect(result.cases.map((c) => `${c.name}${c.failure ? " (failed)" : ""}`)).toEqual([
      "expect object-description 11 warning",
      "expect object-description warning (failed)",
      "expect object-description 10 error (failed)",
      "unexpected object-description at 10:5 (failed)",
      "expect object-description info (failed)",
      "unexpected object-description at 10:5 (failed)",
    ]);
    // `none` is about the whole fixture: it takes no severity, as it takes no line.
    expect(() => readExpectations("f.yaml", "# expect: none warning\n")).toThrow("f.yaml:1: cannot read `# expect: none warning`");
    expect(() => readExpectations("f.yaml", "# expect: object-description 3 fatal\n")).toThrow("f.yaml:1: cannot read");
    expect(readExpectations("f.tf.expect", "expect: resource-cost-tags 4 info\n")).toEqual([{ rule: "resource-cost-tags", line: 4, severity: "info", at: { file: "f.tf.expect", line: 1 } }]);
  });

  it("says an expectation written more often than the rule fired there met its finding already, not that it was never reported", async () => {
    write({ "pack/tests/twice.odcs.yaml": CONTRACT("# expect: object-description 12\n# expect: object-description 12\n# expect: object-description\n") });
    const result = await run();
    expect(result).toMatchObject({ expectations: 3, passed: 1 });
    expect(result.findings.map((f) => `${f.line} ${f.message}`)).toEqual([
      "2 Expected object-description at line 12 of pack/tests/twice.odcs.yaml, not reported; it was reported once there, which meets another expectation of it.",
      "3 Expected object-description on pack/tests/twice.odcs.yaml, not reported; it was reported once, which meets another expectation of it.",
    ]);
  });

  it("reads a JSON fixture's expectations from its .expect sidecar", async () => {
    write({
      "infra/bucket.yaml": `apiVersion: meshkit/v1
kind: Policy
metadata: {name: buckets}
spec:
  match: {kinds: [Infrastructure]}
  validations:
    - id: bucket-tagged
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: has(item.values.tags)
      message: bucket has no tags
`,
      "infra/tests/plan.tf.json": '{\n  "resource": {\n    "aws_s3_bucket": {\n      "raw": {\n        "bucket": "raw"\n      }\n    }\n  }\n}\n',
      "infra/tests/plan.tf.expect": "# the raw bucket has no tags\n# expect: bucket-tagged 4\n",
      // A YAML fixture of the same name keeps its own comments: the sidecar is the JSON one's.
      "infra/tests/plan.tf.yaml": "# expect: none\nresource:\n  aws_s3_bucket:\n    raw: {bucket: raw, tags: {a: b}}\n",
    });
    const result = await testPolicies({ cwd: dir, dirs: [], policies: ["infra"] });
    expect(result.findings).toEqual([]);
    expect(result.passed).toBe(2);
  });

  it("names a JSON fixture's sidecar when it holds no expectation, and says the sidecar is missing when it is", async () => {
    write({
      "pack/tests/listed.odcs.json": '{"apiVersion": "v3.1.0", "kind": "DataContract", "id": "j", "version": "1.0.0", "status": "active", "name": "j"}\n',
      // Written as a YAML list item and as a JSON comment: neither line is read as an expectation.
      "pack/tests/listed.odcs.expect": "- expect: object-description 1\n// expect: object-description 1\n",
      "pack/tests/bare.odcs.json": '{"apiVersion": "v3.1.0", "kind": "DataContract", "id": "k", "version": "1.0.0", "status": "active", "name": "k"}\n',
    });
    const { findings } = await run();
    expect(findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      "pack/tests/bare.odcs.json:1 Fixture has no expectations: add `# expect: <rule-id> <line>` lines (in pack/tests/bare.odcs.expect: JSON has no comments), or `# expect: none` for a compliant document.",
      "pack/tests/listed.odcs.json:1 Fixture has no expectations: add `# expect: <rule-id> <line>` lines to pack/tests/listed.odcs.expect, which holds none (a line is one when it starts with `expect:` or `# expect:`), or `# expect: none` for a compliant document.",
    ]);
  });

  it("stops at a pack that does not compile, with the policy's own position (exit 2 territory)", async () => {
    write({ "pack/described.yaml": PACK.replace("has(item.value.description)", "has(item.value.description"), "pack/tests/a.odcs.yaml": CONTRACT("# expect: none\n") });
    const { findings } = await run();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "policy-invalid", file: "pack/described.yaml", line: 11 });
  });

  it("stops at a pack that does not compile even when no fixture has expectations to run it on", async () => {
    write({ "pack/described.yaml": PACK.replace("has(item.value.description)", "has(item.value.description"), "pack/tests/silent.odcs.yaml": CONTRACT("") });
    const { findings } = await run();
    // Not "Fixture has no expectations" alone (exit 1): the pack's own error, which stops the run (exit 2).
    expect(findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(["policy-invalid pack/described.yaml:11"]);
  });

  it("reports a fixture that does not parse, or holds nothing to check, instead of passing it", async () => {
    write({
      "pack/tests/broken.odcs.yaml": '# expect: none\napiVersion: v3.1.0\nkind: DataContract\nid: x\nstatus: "active\n',
      "pack/tests/duplicate.odcs.yaml": "# expect: none\napiVersion: v3.1.0\nkind: DataContract\nid: y\nid: z\n",
      "pack/tests/empty.odcs.yaml": "# expect: none\n",
      "pack/tests/future.odcs.yaml": "# expect: none\napiVersion: v9.0.0\nkind: DataContract\nid: w\n",
      "pack/tests/numbered.odcs.yaml": "# expect: none\napiVersion: 3.10\nkind: DataContract\nid: n\n",
      "pack/tests/unversioned.odcs.yaml": "# expect: none\nkind: DataContract\nid: u\n",
      "pack/tests/unparsed.yaml": "a: [\n", // no expectations either: what it is comes first
    });
    const { findings, passed } = await run();
    expect(findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      "pack/tests/broken.odcs.yaml:5 yaml-syntax", // where the unclosed quote opens
      "pack/tests/duplicate.odcs.yaml:5 yaml-duplicate-key",
      "pack/tests/empty.odcs.yaml:1 policy-test-failed",
      "pack/tests/future.odcs.yaml:2 policy-test-failed",
      "pack/tests/numbered.odcs.yaml:2 policy-test-failed",
      "pack/tests/unparsed.yaml:1 yaml-syntax",
      "pack/tests/unversioned.odcs.yaml:2 policy-test-failed",
    ]);
    expect(findings[3]!.message).toContain('apiVersion "v9.0.0"');
    // As written, not as JavaScript prints the value (3.1, or undefined when there is none).
    expect(findings[4]!.message).toContain("apiVersion 3.10 (a number, not a string) is not one meshkit reads");
    expect(findings[6]!.message).toBe("Fixture holds no document to check: its DataContract has no apiVersion, so it is not one meshkit reads (v3.0.0, v3.0.1, v3.0.2, v3.1.0).");
    expect(passed).toBe(0);
  });

  it("reads expectations from comments only: not from a block or quoted scalar's text, nor from an `expect:` key", () => {
    const fixture =
      "# expect: a 3\nid: x\ndescription: |\n  # expect: b\n  text\n\n  # expect: c\nexpect: d\nitems:\n  - >-\n    # expect: e\n# expect: f\n" +
      'quoted: "line one\n  # expect: g\n  end"\nsingle: \'a\n  # expect: h\'\nflow: [1, # expect: i 17\n  2]\nname: x # expect: j\n';
    expect(readExpectations("f.yaml", fixture).map((e) => `${e.rule}@${e.at.line}`)).toEqual(["a@1", "f@12", "i@18", "j@20"]);
    // A .expect file is all expectations, with or without `#`.
    expect(readExpectations("f.expect", "expect: a 3\n# expect: b\n").map((e) => e.rule)).toEqual(["a", "b"]);
  });

  it("rejects an unreadable expect line and a missing folder with a one-line usage error", async () => {
    expect(() => readExpectations("f.yaml", "# expect: object-description line 4\n")).toThrow(UsageError);
    expect(() => readExpectations("f.yaml", "# expect: object-description line 4\n")).toThrow("f.yaml:1: cannot read");
    // Lines count from 1, and `none` is about the whole fixture: a line there is a mistake, not a pass when nothing is reported.
    expect(() => readExpectations("f.yaml", "# expect: object-description 0\n")).toThrow("f.yaml:1: cannot read");
    expect(() => readExpectations("f.yaml", "\n# expect: none 3\n")).toThrow("f.yaml:2: cannot read");
    // A misspelt `expect:` would drop the expectation, in silence: beside a met one, the fixture would pass.
    for (const comment of ["# Expect: object-description 4", "# EXPECT: none", "# expects: object-description", "#expected: object-description 2"]) {
      expect(() => readExpectations("f.yaml", `# expect: table-description 3\n${comment}\n`), comment).toThrow(`f.yaml:2: cannot read \`${comment}\``);
    }
    expect(() => readExpectations("f.tf.expect", "expect: none\nExpect: resource-cost-tags\n")).toThrow("f.tf.expect:2: cannot read");
    // Prose that does not start so is still a comment.
    expect(readExpectations("f.yaml", "# expect: none\n# We expect: nothing here\n# expectations below\n")).toHaveLength(1);
    // So is prose that starts with `Expected:` but is no expectation: it is not refused (exit 2).
    expect(readExpectations("f.yaml", "# Expected: nothing is reported, the table has a description.\n# expect: none\nname: t # expected: 3 columns\n")).toHaveLength(1);
    expect(readExpectations("f.tf.expect", "Expected: the bucket is encrypted, so nothing is reported.\nexpect: none\n")).toHaveLength(1);
    // A sidecar holds expectations only: one written without its colon is refused, not dropped as an "other line"
    // (the fixture would pass when that rule stopped firing). Prose and other lines are still passed over.
    for (const line of ["expect bucket-sse 7", "Expect resource-cost-tags", "# expect none", "expect s3-bucket-tags 9 warning"]) {
      expect(() => readExpectations("f.tf.expect", `expect: bucket-sse 3\n${line}\n`), line).toThrow(`f.tf.expect:2: cannot read \`${line}\`: an expectation is written \`# expect: <rule-id> <line>\`, in lower case, with a colon`);
    }
    expect(readExpectations("f.tf.expect", "Expected the bucket to be encrypted, so nothing is reported.\nexpect: none\nnotes: see README\n")).toHaveLength(1);
    // In a YAML fixture's comments, `# expect failure` may be prose.
    expect(readExpectations("f.yaml", "# expect failure\n# expect: none\n")).toHaveLength(1);
    await expect(run(["nowhere"])).rejects.toThrow("policy fixture folder not found: nowhere");
    write({ "empty/readme.txt": "" });
    await expect(run(["empty"])).rejects.toThrow(/no policy fixtures/);
  });

  it("refuses a folder without fixtures named beside one with fixtures: each folder named is tested, none passes by the other's", async () => {
    write({ "pack/tests/ok.odcs.yaml": CONTRACT("# expect: none\n").replace("  - name: lines\n", ""), "empty/readme.txt": "" });
    expect((await run(["pack/tests"])).findings).toEqual([]);
    await expect(run(["pack/tests", "empty"])).rejects.toThrow("no policy fixtures (*.yaml, *.yml, *.json) in empty");
    await expect(run(["empty", "pack/tests"])).rejects.toThrow("no policy fixtures (*.yaml, *.yml, *.json) in empty");
  });

  it("passes over the pack's own policies when its folder is named, as conftest verify is pointed at its policy folder", async () => {
    write({ "pack/tests/missing.odcs.yaml": CONTRACT("# expect: object-description 10\n"), "pack/more.yaml": `${PACK.replace("name: described", "name: more").replace("id: object-description", "id: more-description")}---\n${PACK.replace("name: described", "name: third").replace("id: object-description", "id: third-description")}` });
    // Not each policy file a failing fixture "with no expectations": the tests/ folder's fixtures are run.
    expect(await run(["pack"])).toMatchObject({ fixtures: 1, expectations: 1, passed: 1, findings: [expect.objectContaining({ message: expect.stringMatching(/^Unexpected more-description/) }), expect.objectContaining({ message: expect.stringMatching(/^Unexpected third-description/) })] });
    // A folder or a file of policies alone is named as what it is.
    const advice = "policies (kind: Policy), not fixtures; name the folder of a pack's fixtures (its tests/), or run `meshkit policy test` with no folder to test the tests/ of every local pack in use";
    write({ "policies-only/a.yaml": PACK });
    await expect(run(["policies-only"])).rejects.toThrow(`no policy fixtures in policies-only: its one file holds ${advice}`);
    await expect(run(["pack/described.yaml"])).rejects.toThrow(`no policy fixtures in pack/described.yaml: it holds ${advice}`);
    // A fixture that holds a policy beside a document to check is still a fixture.
    write({ "mixed/m.odcs.yaml": `${CONTRACT("# expect: object-description 12\n# expect: more-description 12\n# expect: third-description 12\n")}---\n${PACK}` });
    expect(await run(["mixed"])).toMatchObject({ fixtures: 1, passed: 3, findings: [] });
  });

  it("fails a policy left in a tests/ folder, which no pack loads, rather than passing over it as it passes over the pack's own", async () => {
    // The loader skips tests/ folders: a policy there never runs in `meshkit policy`, and `policy test` must say so.
    const misplaced = PACK.replace("name: described", "name: misplaced").replace("id: object-description", "id: misplaced-description");
    write({ "pack/tests/missing.odcs.yaml": CONTRACT("# expect: object-description 10\n"), "pack/tests/misplaced.yaml": misplaced, "pack/contracts/tests/also.yaml": misplaced });
    const said = "Fixture holds a policy (kind: Policy), not a document to check: a pack does not load its tests/ folders, so this policy never runs; move it out of tests/ into its pack.";
    for (const dirs of [[], ["pack"], ["pack/tests", "pack/contracts/tests"]]) {
      const result = await run(dirs);
      expect(result, dirs.join(" ")).toMatchObject({ fixtures: 3, expectations: 1, passed: 1 });
      expect(result.findings.map((f) => `${f.file}:${f.line} ${f.message}`).sort()).toEqual([`pack/contracts/tests/also.yaml:2 ${said}`, `pack/tests/misplaced.yaml:2 ${said}`]);
    }
    // Named alone, it is a fixture of a tests/ folder too.
    expect((await run(["pack/tests/misplaced.yaml"])).findings.map((f) => f.message)).toEqual([said]);
  });
});
