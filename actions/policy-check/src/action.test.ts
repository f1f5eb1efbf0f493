/**
 * The bundled policy-check action, run the way the runner runs it (`@meshkit/github/testing`'s
 * `bundledAction`: the bundle copied outside the repository, a fresh process, INPUT_* for every
 * declared input, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files), on a domain workspace with the
 * built-in baseline, a domain pack, a waiver and Terraform JSON.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundledAction, bundledAction, expectNoStackTrace } from "@meshkit/github/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const actionDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Compliant with platform-baseline: owner, support channel, no PII. */
const ORDERS = `apiVersion: v3.1.0
kind: DataContract
id: orders-contract
version: 1.0.0
status: active
name: orders
domain: sales
team:
  name: sales-data
  members:
    - username: ana@example.com
      role: owner
support:
  - channel: '#sales-data'
    tool: slack
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
        required: true
        primaryKey: true
`;

/** An owner but no support channel, and an unprotected, unclassified PII column (line 16). */
const CUSTOMERS = `apiVersion: v3.1.0
kind: DataContract
id: customers-contract
version: 1.0.0
status: active
name: customers
domain: sales
tags: [pii]
team:
  name: sales-data
  members:
    - username: ana@example.com
      role: owner
schema:
  - name: customers
    properties:
      - name: email
        logicalType: string
        tags: [pii]
slaProperties:
  - property: retention
    value: 10
    unit: y
`;
const EMAIL_LINE = CUSTOMERS.split("\n").indexOf("      - name: email") + 1;

const BUCKET = JSON.stringify({ resource: { aws_s3_bucket: { lake: { bucket: "acme-sales-lake", tags: { Domain: "sales", DataProduct: "true", ManagedBy: "meshkit", CostCenter: "CC-1" } } } } }, null, 2);

let action: BundledAction;
let runs = 0;

/** A workspace of its own per run: `files` over a base with orders only. */
function workspace(files: Record<string, string>): string {
  const dir = join(action.tmp, `workspace-${++runs}`);
  for (const [path, text] of Object.entries({ "contracts/orders.odcs.yaml": ORDERS, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(join(dir, ".git")); // the repository root: config and .gitignore lookups stop here
  return dir;
}


beforeAll(() => {
  action = bundledAction(actionDir);
});
afterAll(() => action?.cleanup());

describe("policy-check action (bundled, run like the runner)", () => {
  it("masks an OPA token the step's environment holds (MESHKIT_OPA_TOKEN, GitHub masks only `secrets`) before it prints anything", () => {
    const token = "0pa-b3arer-t0ken";
    const run = action.run(workspace({}), {}, { env: { MESHKIT_OPA_TOKEN: token } });
    expectNoStackTrace(run);
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(`::add-mask::${token}`);
    expect(run.stdout.split(token).length - 1).toBe(1);
    expect(`${run.stderr}${run.summary}${JSON.stringify(run.outputs)}`).not.toContain(token);
  });

  it("passes a compliant repository with the built-in baseline: exit 0, counts as outputs, results in the summary", () => {
    const run = action.run(workspace({}), {});
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.annotations.filter((a) => a.command === "error")).toEqual([]);
    expect(run.outputs).toMatchObject({ errors: "0", failed: "0", warned: "0", waived: "0" });
    expect(Number(run.outputs.passed)).toBeGreaterThanOrEqual(5);
    expect(run.summary).toContain("## policy-check");
    expect(run.summary).toMatch(/\| passed \| failed \| warned \| errors \| skipped \| waived \|\n\|[-:|]+\|\n\| \d+ \| 0 \| 0 \| 0 \| \d+ \| 0 \|/);
  });

  it("fails on baseline violations: annotations at the contract's lines, exit 1, SARIF, the failing count", () => {
    const dir = workspace({ "contracts/customers.odcs.yaml": CUSTOMERS });
    const run = action.run(dir, { "sarif-file": "policy.sarif" });
    expectNoStackTrace(run);
    expect(run.status).toBe(1);
    const byRule = (rule: string) => run.annotations.filter((a) => a.properties.title === rule).map((a) => `${a.properties.file}:${a.properties.line}`);
    expect(byRule("pii-classification")).toEqual([`contracts/customers.odcs.yaml:${EMAIL_LINE}`]);
    expect(byRule("pii-protection")).toEqual([`contracts/customers.odcs.yaml:${EMAIL_LINE}`]);
    expect(byRule("support-channel-declared")).toHaveLength(1);
    expect(run.outputs.failed).toBe("3");
    expect(run.failures).toEqual(["policy-check: 3 error findings"]);
    const sarif = JSON.parse(readFileSync(join(dir, "policy.sarif"), "utf8"));
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(["pii-protection", "support-channel-declared"]));
  });

  it("honours a current waiver from meshkit.yaml: counted as waived, listed with approver and expiry, not failing", () => {
    const config = `apiVersion: meshkit/v1
kind: Config
policy:
  waivers:
    - rule: support-channel-declared
      document: customers-contract
      justification: The support rota starts with the Q1 reorganisation.
      approver: platform-team@example.com
      expires: 2999-01-31
    - rule: pii-protection
      document: contracts/customers.odcs.yaml
      justification: Column encryption lands with the warehouse migration.
      approver: dpo@example.com
      expires: 2999-01-31
    - rule: pii-classification
      justification: Blanket waiver for the migration period.
      approver: dpo@example.com
      expires: 2999-01-31
`;
    const dir = workspace({ "contracts/customers.odcs.yaml": CUSTOMERS, "meshkit.yaml": config });
    const run = action.run(dir, { "sarif-file": "policy.sarif" });
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ failed: "0", waived: "3", errors: "0" });
    expect(run.summary).toContain("#### Waived (3 failures)");
    expect(run.summary).toMatch(/\| `contracts\/customers\.odcs\.yaml:\d+:\d+` \| \[support-channel-declared\]\([^)]*\) \| .* \| waived by platform-team@example\.com until 2999-01-31: The support rota starts with the Q1 reorganisation\. \|/);
    // Listed once: the policy counts say only how many.
    expect(run.summary.match(/The support rota starts/g)).toHaveLength(1);
    // The SARIF file keeps them, as results with an accepted external suppression (code scanning shows them dismissed).
    const results = JSON.parse(readFileSync(join(dir, "policy.sarif"), "utf8")).runs[0].results as { ruleId: string; suppressions?: { kind: string; status: string; justification: string }[] }[];
    expect(results.map((r) => `${r.ruleId} ${r.suppressions?.[0]?.status}`).sort()).toEqual(["pii-classification accepted", "pii-protection accepted", "support-channel-declared accepted"]);
    expect(results.find((r) => r.ruleId === "pii-protection")?.suppressions).toEqual([{ kind: "external", status: "accepted", justification: "waived by dpo@example.com until 2999-01-31: Column encryption lands with the warehouse migration." }]);
  });

  it("checks infrastructure with a domain pack from the policies input, with params from a file", () => {
    const pack = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: bucket-naming
spec:
  match:
    kinds: [Infrastructure]
  params:
    prefix: acme-
  validations:
    - id: bucket-prefix
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: item.values.bucket.startsWith(params.prefix)
      messageExpression: "'Bucket ' + item.values.bucket + ' must start with ' + params.prefix"
`;
    const dir = workspace({ "policies/naming.yaml": pack, "infra/lake.tf.json": BUCKET, "params.yaml": "prefix: sales-\n" });
    const run = action.run(dir, { paths: "infra/lake.tf.json", policies: "policies", params: "params.yaml" });
    expect(run.status).toBe(1);
    expect(run.annotations.map((a) => `${a.properties.title} ${a.properties.file}:${a.properties.line} ${a.message}`)).toEqual([
      expect.stringMatching(/^bucket-prefix infra\/lake\.tf\.json:4 Bucket acme-sales-lake must start with sales-/),
    ]);
    // Without the params file, the pack's default prefix passes.
    expect(action.run(dir, { paths: "infra/lake.tf.json", policies: "policies" }).status).toBe(0);
    // A bucket without a name: the rule cannot be evaluated on it, and `failed` counts that, as `errored` does.
    const unnamed = JSON.stringify({ resource: { aws_s3_bucket: { lake: { tags: { Domain: "sales" } } } } }, null, 2);
    writeFileSync(join(dir, "infra/lake.tf.json"), unnamed);
    const errored = action.run(dir, { paths: "infra/lake.tf.json", policies: "policies" });
    expect(errored.status).toBe(1);
    expect(errored.outputs).toMatchObject({ passed: "0", failed: "1", errored: "1", errors: "1" });
  });

  it("exits 2 with a one-line reason when a policy does not compile, pointing at the policy's line", () => {
    const broken = "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: broken\nspec:\n  validations:\n    - id: typo\n      expression: objekt.name != ''\n";
    const run = action.run(workspace({ "policies/broken.yaml": broken }), { policies: "policies" });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(run.failures).toEqual([expect.stringMatching(/^policy-check: input could not be processed: policies\/broken\.yaml:8:\d+: policy broken: undeclared reference to 'objekt'/)]);
  });

  it("exits 2 with a one-line reason for a pack that does not exist, and for a bad fail-on", () => {
    const missing = action.run(workspace({}), { policies: "no/such/pack" });
    expectNoStackTrace(missing);
    expect(missing.status).toBe(2);
    expect(missing.failures).toEqual([expect.stringContaining("policy pack not found: no/such/pack")]);
    const failOn = action.run(workspace({}), { "fail-on": "sometimes" });
    expect(failOn.status).toBe(2);
    expect(failOn.failures[0]).toMatch(/fail-on/);
  });

  it("names its policies input, not the CLI's --policies, when meshkit.yaml sets no packs", () => {
    const run = action.run(workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n" }), {});
    expect(run.status).toBe(2);
    expect(run.failures).toEqual(["policy-check: no policies to check against: meshkit.yaml sets policy.packs: [] and no OPA server; name packs there, or with the policies input"]);
    // A meshkit config given as the params file: named with the config input, not the CLI's -c.
    const config = action.run(workspace({ "meshkit.prod.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  params:\n    minRetentionYears: 10\n" }), { params: "meshkit.prod.yaml" });
    expect(config.status).toBe(2);
    expect(config.failures).toEqual([expect.stringMatching(/; it is a meshkit config: name it with the config input, and give the params input a file of `name: value` lines$/)]);
  });
});
