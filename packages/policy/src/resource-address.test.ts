import { loadText } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { type EvaluateOptions, evaluatePolicies, unusedWaiverFindings, waiverUse } from "./engine.js";
import { compilePolicyText } from "./load.js";
import { addressCovers, resourceAddressAt } from "./resource-address.js";

const bucket = (name: string, encrypted: boolean) => ({
  address: `aws_s3_bucket.${name}`,
  mode: "managed",
  type: "aws_s3_bucket",
  name,
  values: { bucket: `acme-${name}`, ...(encrypted ? { server_side_encryption_configuration: [{ rule: [{}] }] } : {}) },
});
// `terraform show -json` lists resources sorted by address: a new bucket `logs` takes the index `plain` had.
const planOf = (...resources: unknown[]) => JSON.stringify({ format_version: "1.2", planned_values: { root_module: { resources } } }, null, 2);

const POLICY = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: s3
spec:
  match:
    kinds: [Infrastructure]
  validations:
    - id: bucket-encrypted
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: has(item.values.server_side_encryption_configuration)
      messageExpression: "'bucket ' + item.address"
`;

function failures(plan: string, waiver: Partial<EvaluateOptions["waivers"][number]>) {
  const loaded = compilePolicyText("policies/s3.yaml", POLICY);
  expect(loaded.findings).toEqual([]);
  const targets = loadText("plan.json", plan).documents.map((doc) => ({ doc, kind: "Infrastructure" as const }));
  const waivers = [{ rule: "bucket-encrypted", justification: "legacy bucket, migrated in Q3", approver: "platform-team", expires: "2099-12-31", ...waiver }];
  const run = evaluatePolicies(loaded.policies, targets, { params: {}, rules: {}, waivers, contracts: {}, today: "2026-11-25" });
  return { failing: run.findings.map((f) => f.message.split(" [")[0]), waived: (run.waived ?? []).map((f) => f.message.split(" [")[0]) };
}

describe("waivers of a Terraform resource by address", () => {
  it("waive the resource they name wherever a later plan lists it, not the one at its old index", () => {
    const before = planOf(bucket("legacy", true), bucket("plain", false));
    const after = planOf(bucket("legacy", true), bucket("logs", false), bucket("plain", false));
    expect(failures(before, { resource: "aws_s3_bucket.plain" })).toEqual({ failing: [], waived: ["bucket aws_s3_bucket.plain"] });
    expect(failures(after, { resource: "aws_s3_bucket.plain" })).toEqual({ failing: ["bucket aws_s3_bucket.logs"], waived: ["bucket aws_s3_bucket.plain"] });
    // A path alone would accept the new bucket in its place.
    expect(failures(after, { path: "/planned_values/root_module/resources/1" }).waived).toEqual(["bucket aws_s3_bucket.logs"]);
  });

  it("read the address of a plan's resource, a configuration's block, and cover instances and module contents", () => {
    const plan = JSON.parse(planOf(bucket("legacy", true)));
    expect(resourceAddressAt(plan, "/planned_values/root_module/resources/0/values")).toBe("aws_s3_bucket.legacy");
    expect(resourceAddressAt(plan, "/planned_values/root_module")).toBeUndefined();
    expect(resourceAddressAt({}, "/resource/aws_s3_bucket/raw/tags")).toBe("aws_s3_bucket.raw");
    expect(resourceAddressAt({}, "/resource/0/aws_s3_bucket/raw")).toBe("aws_s3_bucket.raw");
    expect(addressCovers("aws_s3_bucket.lake", 'aws_s3_bucket.lake["raw"]')).toBe(true);
    expect(addressCovers("module.lake", "module.lake.aws_s3_bucket.this")).toBe(true);
    expect(addressCovers('module.zone["eu"]', 'module.zone["us"].aws_s3_bucket.this')).toBe(false);
    expect(addressCovers("aws_s3_bucket.lake", "aws_s3_bucket.lakehouse")).toBe(false);
  });

  it("say in waiver-unused that the waiver's resource names no resource, not that the rule passes there", () => {
    const loaded = compilePolicyText("policies/s3.yaml", POLICY);
    const source = { doc: loadText("meshkit.yaml", "policy: {}\n").documents[0]!, pointer: "/policy" };
    const targets = loadText("plan.json", planOf(bucket("legacy", false), bucket("curated", true))).documents.map((doc) => ({ doc, kind: "Infrastructure" as const }));
    const waiverOf = (resource: string) => ({ rule: "bucket-encrypted", resource, justification: "legacy bucket, migrated in Q3", approver: "platform-team", expires: "2099-12-31", source });
    const unused = (...waivers: ReturnType<typeof waiverOf>[]) => {
      const usedWaivers = waiverUse();
      evaluatePolicies(loaded.policies, targets, { params: {}, rules: {}, waivers, contracts: {}, today: "2026-11-25", usedWaivers });
      return unusedWaiverFindings(waivers, usedWaivers, { today: "2026-11-25" }).map((f) => f.message.split("accepted no failure: ")[1]);
    };
    // A misspelt address: the failure of aws_s3_bucket.legacy is reported, and the rule does not pass.
    expect(unused(waiverOf("aws_s3_bucket.legasy"))).toEqual([
      "its resource aws_s3_bucket.legasy names no Terraform resource of the documents checked (did you mean `aws_s3_bucket.legacy`?): a waiver's resource covers only failures inside that resource of an infrastructure document. Correct the resource (an address as the plan or configuration names it, such as aws_s3_bucket.lake or module.lake), leave it out to waive the rule's failures in other documents, or remove the waiver.",
    ]);
    // A resource that is there and passes, and one that is there and fails (accepted): as before.
    expect(unused(waiverOf("aws_s3_bucket.curated"), waiverOf("aws_s3_bucket.legacy"))).toEqual(["the rule passes there now. Remove the waiver, so that the failure is reported if it comes back."]);
    // A resource waiver of a rule that fails in a contract, which holds no Terraform resource.
    const contracts = compilePolicyText("policies/owner.yaml", "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: owner}\nspec:\n  match: {kinds: [DataContract]}\n  validations:\n    - id: has-owner\n      expression: has(object.team)\n");
    const contract = loadText("orders.odcs.yaml", "apiVersion: v3.1.0\nkind: DataContract\nid: orders\n").documents.map((doc) => ({ doc, kind: "DataContract" as const }));
    const waiver = { ...waiverOf("aws_s3_bucket.orders"), rule: "has-owner" };
    const usedWaivers = waiverUse();
    const run = evaluatePolicies(contracts.policies, contract, { params: {}, rules: {}, waivers: [waiver], contracts: {}, today: "2026-11-25", usedWaivers });
    expect(run.findings.map((f) => f.ruleId)).toEqual(["has-owner"]);
    expect(unusedWaiverFindings([waiver], usedWaivers, { today: "2026-11-25" }).map((f) => f.message.split("accepted no failure: ")[1])).toEqual([
      "its resource aws_s3_bucket.orders names no Terraform resource of the documents checked: a waiver's resource covers only failures inside that resource of an infrastructure document. Correct the resource (an address as the plan or configuration names it, such as aws_s3_bucket.lake or module.lake), leave it out to waive the rule's failures in other documents, or remove the waiver.",
    ]);
  });

  it("say in waiver-unused that a configuration's failure is at the whole resource when the waiver names one of its instances", () => {
    const loaded = compilePolicyText("policies/s3.yaml", POLICY.replace("item.address", "item.address + item.instanceKey"));
    const config = JSON.stringify({ resource: { aws_s3_bucket: { lake: { for_each: { "raw data": "a", curated: "b" }, bucket: "acme-${each.value}" } } } }, null, 2);
    const targets = loadText("main.tf.json", config).documents.map((doc) => ({ doc, kind: "Infrastructure" as const }));
    const source = { doc: loadText("meshkit.yaml", "policy: {}\n").documents[0]!, pointer: "/policy" };
    const waiver = { rule: "bucket-encrypted", resource: 'aws_s3_bucket.lake["raw data"]', justification: "legacy bucket, migrated in Q3", approver: "platform-team", expires: "2099-12-31", source };
    const usedWaivers = waiverUse();
    const run = evaluatePolicies(loaded.policies, targets, { params: {}, rules: {}, waivers: [waiver], contracts: {}, today: "2026-11-25", usedWaivers });
    expect(run.findings.map((f) => f.ruleId)).toEqual(["bucket-encrypted"]);
    expect(unusedWaiverFindings([waiver], usedWaivers, { today: "2026-11-25" }).map((f) => f.message)).toEqual([
      'Waiver of bucket-encrypted in aws_s3_bucket.lake["raw data"] (approved by platform-team, until 2099-12-31) accepted no failure: the rule fails at resource aws_s3_bucket.lake, which holds the waiver\'s resource: a failure is reported at the whole resource (a configuration file\'s at its block, not at each instance its count or for_each makes). Set the waiver\'s resource to aws_s3_bucket.lake to waive that failure, or fix it.',
    ]);
  });
});
