import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { UsageError, loadText } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { compileExpression } from "./cel.js";
import { concat, join as joinStrings, replace } from "./cel-strings.js";
import { evaluatePolicies, evaluationCache, policyEvaluator, waiverDateFindings, waiverUse, waiverWindow, type EvaluateOptions, type Evaluation, type PolicyTarget } from "./engine.js";
import { type CompiledPolicy, compilePolicyText, loadPacks } from "./load.js";
import { unsetParams } from "./stream.js";

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: c1
version: 1.0.0
status: active
domain: sales
tags: [sales]
schema:
  - name: customers
    properties:
      - name: id
        logicalType: string
        primaryKey: true
      - name: email
        logicalType: string
        tags: [pii]
      - name: phone
        logicalType: string
        tags: [pii]
        classification: restricted
slaProperties:
  - property: retention
    value: 3
    unit: y
`;

const POLICY = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: pii
spec:
  match:
    kinds: [DataContract]
    matchConditions:
      - name: has-pii
        expression: properties.exists(p, has(p.value.tags) && 'pii' in p.value.tags)
  params:
    minRetentionYears: 7
  variables:
    - name: retention
      expression: slaProperties.filter(s, s.name == 'retention')
  validations:
    - id: pii-classified
      forEach: properties.filter(p, has(p.value.tags) && 'pii' in p.value.tags)
      expression: has(item.value.classification)
      messageExpression: "'PII property ' + item.object + '.' + item.name + ' has no classification'"
    - id: pii-retention
      expression: size(variables.retention) > 0 && variables.retention[0].value.value >= params.minRetentionYears
      message: PII contracts keep data at least minRetentionYears years
      path: /slaProperties
      severity: warning
`;

const options = (overrides: Partial<EvaluateOptions> = {}): EvaluateOptions => ({ params: {}, rules: {}, waivers: [], contracts: {}, today: "2026-11-25", ...overrides });

function targets(text = CONTRACT): PolicyTarget[] {
  return loadText("c.yaml", text).documents.map((doc) => ({ doc, kind: "DataContract" as const }));
}

function policies(text = POLICY) {
  const loaded = compilePolicyText("policies/pii.yaml", text);
  expect(loaded.findings).toEqual([]);
  return loaded.policies;
}

/** evaluatePolicies with every document read by the interpreter (as if no document were plain data). */
function interpreted(list: readonly CompiledPolicy[], documents: readonly PolicyTarget[], with_: EvaluateOptions): Evaluation {
  const out: Evaluation = { findings: [], results: [] };
  const evaluate = policyEvaluator(list, with_, evaluationCache());
  for (const target of documents) evaluate(target, out, false);
  return out;
}

/** The head of a policy over Infrastructure documents; its validations follow. */
const BUCKETS_POLICY = `apiVersion: meshkit/v1
kind: Policy
metadata: {name: buckets}
spec:
  match:
    kinds: [Infrastructure]
  validations:
`;

/** A policy asking every aws_s3_bucket of an Infrastructure document for tags. */
const BUCKETS_TAGGED = `${BUCKETS_POLICY}    - id: bucket-tagged
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: has(item.values.tags)
`;

/** What a policy (a BUCKETS_POLICY) finds in one Infrastructure document. */
function overInfrastructure(policy: string, file: string, text: string) {
  const doc = loadText(file, text).documents[0]!;
  return evaluatePolicies(policies(policy), [{ doc, kind: "Infrastructure" }], options());
}

describe("evaluatePolicies", () => {
  it("reports each failing forEach element at its own line, and a whole-document rule at its path", () => {
    const { findings, results } = evaluatePolicies(policies(), targets(), options());
    expect(findings.map((f) => `${f.ruleId} ${f.severity} ${f.line}:${f.column}`)).toEqual(["pii-classified error 14:9", "pii-retention warning 22:3"]);
    expect(findings[0]!.message).toBe("PII property customers.email has no classification [policy pii, policies/pii.yaml]");
    expect(results.map((r) => `${r.rule}:${r.result}`)).toEqual(["pii-classified:fail", "pii-retention:warn"]);
  });

  it("points a forEach over the document's own list at each element, whose `path` field is data, not a pointer", () => {
    const serversPolicy = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: servers
spec:
  match:
    kinds: [DataContract]
  validations:
    - id: server-has-env
      forEach: object.servers
      expression: has(item.environment)
      message: server has no environment
`;
    const contract = `apiVersion: v3.1.0
kind: DataContract
id: c
version: 1.0.0
status: active
servers:
  - server: s3
    type: s3
    path: s3://bucket/sales/
  - server: local
    type: local
    path: /schema/0
    environment: dev
  - server: files
    type: local
    path: /data/a~2b
schema:
  - name: t
`;
    const { findings } = evaluatePolicies(policies(serversPolicy), targets(contract), options());
    expect(findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.path}`)).toEqual(["server-has-env 7:5 /servers/0", "server-has-env 14:5 /servers/2"]);
  });

  it("applies parameters and per-rule levels from meshkit.yaml", () => {
    const { findings } = evaluatePolicies(policies(), targets(), options({ params: { minRetentionYears: 2 }, rules: { "pii-classified": "off" } }));
    expect(findings).toEqual([]);
  });

  it("skips a policy whose matchConditions do not hold", () => {
    const { findings, results } = evaluatePolicies(policies(), targets(CONTRACT.replace(/tags: \[pii\]/g, "tags: [x]")), options());
    expect(findings).toEqual([]);
    expect(results.every((r) => r.result === "skip")).toBe(true);
  });

  it("skips a policy when any matchCondition is false, even after one that errors (as a ValidatingAdmissionPolicy does)", () => {
    const guarded = POLICY.replace("    matchConditions:\n", "    matchConditions:\n      - name: errs\n        expression: object.owner == 'x'\n");
    const skipped = evaluatePolicies(policies(guarded), targets(CONTRACT.replace(/tags: \[pii\]/g, "tags: [x]")), options());
    expect(skipped.findings).toEqual([]);
    expect(skipped.results.map((r) => `${r.rule}:${r.result} ${r.message}`)).toEqual(["pii-classified:skip matchCondition has-pii is false", "pii-retention:skip matchCondition has-pii is false"]);
    // None false: the error is the verdict, for every rule of the policy.
    const errored = evaluatePolicies(policies(guarded), targets(), options());
    expect(errored.results.map((r) => `${r.rule}:${r.result}`)).toEqual(["pii-classified:error", "pii-retention:error"]);
    expect(errored.findings[0]!.message).toContain("matchCondition errs: field not found: owner");
  });

  it("keeps a variable's ints: a later variable or rule does int arithmetic and indexing with it, compiled or interpreted", () => {
    const ints = POLICY.replace(
      "  variables:\n",
      "  variables:\n    - name: count\n      expression: size(properties)\n    - name: twice\n      expression: variables.count * 2\n    - name: last\n      expression: properties[variables.count - 1].name\n",
    ) +
      "    - id: counted\n      expression: variables.twice == 6 && variables.last == 'phone' && type(variables.count) == int\n      messageExpression: \"'count ' + string(variables.count) + ', twice ' + string(variables.twice)\"\n";
    const compiled = evaluatePolicies(policies(ints), targets(), options());
    expect(compiled.results.filter((r) => r.rule === "counted").map((r) => r.result)).toEqual(["pass"]);
    // Parameters that are not plain data (a bigint) send every expression to the interpreter.
    const interpreted = evaluatePolicies(policies(ints), targets(), options({ params: { unused: 1n } }));
    expect(interpreted.results.filter((r) => r.rule === "counted").map((r) => `${r.result} ${r.message ?? ""}`)).toEqual(["pass "]);
    // And the message of a failure shows them as ints.
    const failing = evaluatePolicies(policies(ints.replace("variables.twice == 6", "variables.twice == 7")), targets(), options());
    expect(failing.findings.find((f) => f.ruleId === "counted")?.message).toBe("count 3, twice 6 [policy pii, policies/pii.yaml]");
  });

  it("binds a forEach's index as an int and keeps the ints of a list it builds, compiled or interpreted", () => {
    const indexed = POLICY.replace(
      "expression: has(item.value.classification)",
      "expression: type(index) == int && (index % 2 == 0 || item.name == 'phone')",
    ).replace(`messageExpression: "'PII property ' + item.object + '.' + item.name + ' has no classification'"`, `messageExpression: "'element ' + string(index + 1)"`) +
      `    - id: int-items
      forEach: "[1, 2, 3]"
      expression: type(item) == int && item + index == 2 * index + 1
`;
    for (const params of [{}, { unused: 1n }]) {
      const { results } = evaluatePolicies(policies(indexed), targets(), options({ params }));
      expect(results.map((r) => `${r.rule}:${r.result}`), JSON.stringify(Object.keys(params))).toEqual(["pii-classified:pass", "pii-retention:warn", "int-items:pass"]);
    }
    const failing = evaluatePolicies(policies(indexed.replace("index % 2 == 0 ||", "index % 2 == 1 &&")), targets(), options());
    expect(failing.findings.filter((f) => f.ruleId === "pii-classified").map((f) => f.message)).toEqual(["element 1 [policy pii, policies/pii.yaml]"]);
  });

  it("keeps the key types of a map a variable builds: int, bool and uint keys read back as written", () => {
    const keyed = POLICY.replace(
      "  variables:\n",
      "  variables:\n    - name: levels\n      expression: \"{0: 'low', 1: 'high', true: 'yes'}\"\n    - name: unsigned\n      expression: \"{1u: 'one'}\"\n",
    ) + "    - id: keyed\n      expression: variables.levels[1] == 'high' && 1 in variables.levels && variables.levels[true] == 'yes' && !('1' in variables.levels) && variables.unsigned[1u] == 'one'\n";
    for (const params of [{}, { unused: 1n }]) {
      const { results } = evaluatePolicies(policies(keyed), targets(), options({ params }));
      expect(results.find((r) => r.rule === "keyed"), JSON.stringify(Object.keys(params))).toMatchObject({ result: "pass" });
    }
  });

  it("points a forEach over the document's own list of plain values at each element's node, equal elements included", () => {
    const tagsPolicy = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: tags
spec:
  match:
    kinds: [DataContract]
  validations:
    - id: r-tags
      forEach: object.tags
      expression: "false"
    - id: r-sizes
      forEach: object.schema[0].sizes
      expression: item > 1
`;
    const contract = `apiVersion: v3.1.0
kind: DataContract
id: c
version: 1.0.0
status: active
tags: [x, "y/z", x]
schema:
  - name: t
    sizes: [1, 2, 1]
`;
    const { findings } = evaluatePolicies(policies(tagsPolicy), targets(contract), options());
    expect(findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.path}`)).toEqual([
      "r-tags 6:8 /tags/0",
      "r-tags 6:11 /tags/1",
      "r-tags 6:18 /tags/2",
      "r-sizes 9:13 /schema/0/sizes/0",
      "r-sizes 9:19 /schema/0/sizes/2",
    ]);
  });

  it("points a failing element of the document's own list at its node, even when it has `path` and `value` fields of its own", () => {
    const mounts = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: mounts
spec:
  match:
    kinds: [DataContract]
  validations:
    - id: mount-readonly
      forEach: object.customProperties
      expression: item.value != 1
      message: writable
`;
    const contract = `apiVersion: v3.1.0
kind: DataContract
id: c
version: 1.0.0
status: active
customProperties:
  - property: a
    value: 0
  - property: b
    path: /schema
    value: 1
schema:
  - name: t
`;
    const { findings } = evaluatePolicies(policies(mounts), targets(contract), options());
    expect(findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.path}`)).toEqual(["mount-readonly 9:5 /customProperties/1"]);
  });

  it("bounds an expression the interpreter runs by the document's largest list, not only its views", () => {
    const items = Array.from({ length: 300 }, (_, i) => i).join(", ");
    const resource = `{"resource": {"aws_s3_bucket": {"b": {"bucket": "x", "items": [${items}]}}}}`;
    const policy = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: nested
spec:
  match:
    kinds: [Infrastructure]
  validations:
    - id: cubic
      expression: resources.all(r, r.values.items.all(a, r.values.items.all(b, r.values.items.all(c, 1u > 0u))))
`;
    const doc = loadText("infra.tf.json", resource).documents[0]!;
    const { findings, results } = evaluatePolicies(policies(policy), [{ doc, kind: "Infrastructure" }], options());
    expect(results.map((r) => `${r.rule}:${r.result}`)).toEqual(["cubic:error"]);
    expect(findings[0]!.message).toMatch(/estimated cost 8\.2e\+9 is over the limit of 1e\+7 steps/);
  });

  it("stops an interpreted expression at its step budget, under the estimate: no minutes, no heap exhausted", () => {
    // 1,500 items: the estimate (1,501² ≈ 2.3e6) lets it run; the interpreter counts 2.25e6 iterations and stops at 1e6.
    const items = Array.from({ length: 1500 }, (_, i) => i).join(", ");
    const resource = `{"resource": {"aws_s3_bucket": {"b": {"bucket": "x", "items": [${items}]}}}}`;
    const policy = (expression: string) => `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: nested
spec:
  match:
    kinds: [Infrastructure]
  validations:
    - id: quadratic
      expression: ${JSON.stringify(expression)}
`;
    const doc = loadText("infra.tf.json", resource).documents[0]!;
    const run = (expression: string) => evaluatePolicies(policies(policy(expression)), [{ doc, kind: "Infrastructure" }], options());
    const built = run("size(object.resource.aws_s3_bucket.b.items.map(a, object.resource.aws_s3_bucket.b.items.map(b, [1u, 2u]))) > 0");
    expect(built.results.map((r) => `${r.rule}:${r.result}`)).toEqual(["quadratic:error"]);
    expect(built.findings[0]!.message).toMatch(/cost is over the limit of 1e\+6 interpreted steps/);
    // An `||` that absorbs the cut-short comprehension's error does not make its value count.
    const absorbed = run("true || object.resource.aws_s3_bucket.b.items.all(a, object.resource.aws_s3_bucket.b.items.exists(b, b == a && 1u > 0u))");
    expect(absorbed.results.map((r) => r.result)).toEqual(["pass"]);
    const cut = run("object.resource.aws_s3_bucket.b.items.all(a, object.resource.aws_s3_bucket.b.items.exists(b, b == 1499 && 1u > 0u)) || true");
    expect(cut.findings[0]!.message).toMatch(/interpreted steps/);
    // Within the budget it runs as before.
    expect(run("object.resource.aws_s3_bucket.b.items.all(a, a < 1500 && 1u > 0u)").results.map((r) => r.result)).toEqual(["pass"]);
  });

  it("uses message when messageExpression gives a blank or multi-line text, as a ValidatingAdmissionPolicy does", () => {
    const texts = (messageExpression: string) => {
      const policy = POLICY.replace(`messageExpression: "'PII property ' + item.object + '.' + item.name + ' has no classification'"`, `message: Classify PII.\n      messageExpression: ${JSON.stringify(messageExpression)}`);
      return evaluatePolicies(policies(policy), targets(), options()).findings.filter((f) => f.ruleId === "pii-classified").map((f) => f.message);
    };
    expect(texts("'   '")).toEqual(["Classify PII. [policy pii, policies/pii.yaml]"]);
    expect(texts("'first\\nsecond'")).toEqual(["Classify PII. [policy pii, policies/pii.yaml]"]);
    expect(texts("'Classify ' + item.name")).toEqual(["Classify email [policy pii, policies/pii.yaml]"]);
  });

  it("prints a policy's own message as its author wrote it (no-break spaces, joiners), showing only the invisible characters of the values it quotes", () => {
    const texts = (message: string, contract = CONTRACT) => {
      const policy = POLICY.replace(`messageExpression: "'PII property ' + item.object + '.' + item.name + ' has no classification'"`, `messageExpression: ${JSON.stringify(message)}`);
      return evaluatePolicies(policies(policy), targets(contract), options()).findings.filter((f) => f.ruleId === "pii-classified").map((f) => f.message);
    };
    // French typography (a no-break space before `:`, a narrow one in a number), a Persian zero-width non-joiner, a Hindi joiner.
    expect(texts("'Attention\u00a0: colonne ' + item.name + ' sans classification (1\u202f000 lignes)'")).toEqual(["Attention\u00a0: colonne email sans classification (1\u202f000 lignes) [policy pii, policies/pii.yaml]"]);
    expect(texts("'\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 ' + item.name + ' \u0915\u094d\u200d\u0937'")).toEqual(["\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 email \u0915\u094d\u200d\u0937 [policy pii, policies/pii.yaml]"]);
    // A value it quotes is shown as every message shows one: the no-break space in the name is not a space.
    const odd = CONTRACT.replace("      - name: email\n", "      - name: \"e\u00a0mail\"\n");
    expect(texts("'Colonne\u00a0: `' + item.name + '` sans classification'", odd)).toEqual(["Colonne\u00a0: `e\\u00a0mail` sans classification [policy pii, policies/pii.yaml]"]);
    // What no prose needs is shown wherever it is: a zero-width space, a bidirectional override, a control.
    expect(texts("'a\u200bb \u202ec\u202c d\u0007 ' + item.name")).toEqual(["a\\u200bb \\u202ec\\u202c d\\u0007 email [policy pii, policies/pii.yaml]"]);
  });

  it("says how many of the elements a forEach checked fail, and how many more are waived", () => {
    const policy = POLICY.replace("forEach: properties.filter(p, has(p.value.tags) && 'pii' in p.value.tags)", "forEach: properties").replace("expression: has(item.value.classification)", "expression: item.name == 'id'");
    const all = evaluatePolicies(policies(policy), targets(), options());
    expect(all.results.find((r) => r.rule === "pii-classified")).toMatchObject({ result: "fail", message: "2 of 3 elements fail" });
    const waiver = { rule: "pii-classified", path: "/schema/0/properties/1", justification: "email column is dropped in 2.0.0", approver: "dpo@example.com", expires: "2026-12-31" };
    const waived = evaluatePolicies(policies(policy), targets(), options({ waivers: [waiver] }));
    expect(waived.results.filter((r) => r.rule === "pii-classified").map((r) => `${r.result} ${r.message}`)).toEqual(["skip PII property customers.email has no classification", "fail 1 of 3 elements fail (1 more waived)"]);
  });

  it("keeps a waived failure in view (a skip result with its waiver, suppressed) beside an element the forEach could not evaluate", () => {
    // email has no classification (an error on reading it); phone's `restricted` fails, and is waived.
    const policy = POLICY.replace("expression: has(item.value.classification)", "expression: item.value.classification == 'internal'");
    const waiver = { rule: "pii-classified", path: "/schema/0/properties/2", justification: "phone column is dropped in 2.0.0", approver: "dpo@example.com", expires: "2026-12-31" };
    const run = evaluatePolicies(policies(policy), targets(), options({ waivers: [waiver] }));
    expect(run.findings.map((f) => f.ruleId)).toEqual(["policy-runtime-error", "pii-retention"]);
    expect(run.results.filter((r) => r.rule === "pii-classified").map((r) => `${r.result} ${r.waiver?.approver ?? "-"}`)).toEqual(["error -", "skip dpo@example.com"]);
    expect((run.waived ?? []).map((f) => `${f.ruleId} ${f.path} ${f.suppression.approver}`)).toEqual(["pii-classified /schema/0/properties/2 dpo@example.com"]);
  });

  it("honours a waiver until it expires, then reports the expired waiver", () => {
    const waiver = { rule: "pii-classified", document: "c1", justification: "legacy CRM export, being migrated", approver: "dpo@example.com", expires: "2026-12-31" };
    const active = evaluatePolicies(policies(), targets(), options({ waivers: [waiver] }));
    expect(active.findings.map((f) => f.ruleId)).toEqual(["pii-retention"]);
    expect(active.results.find((r) => r.rule === "pii-classified")).toMatchObject({ result: "skip", waiver: { approver: "dpo@example.com" } });
    const expired = evaluatePolicies(policies(), targets(), options({ waivers: [waiver], today: "2027-01-01" }));
    expect(expired.findings.map((f) => f.ruleId).sort()).toEqual(["pii-classified", "pii-retention"]);
    // The expired waiver is the caller's to report (the run knows which config it is written in).
    expect(waiverDateFindings([waiver], { today: "2027-01-01" }, undefined, waiverUse()).map((f) => f.ruleId)).toEqual(["waiver-expired"]);
  });

  it("says an expired waiver's last day and today's date in UTC: west of it, the expiry day's evening is the next day there", () => {
    const waiver = { rule: "pii-classified", document: "c1", justification: "legacy CRM export, being migrated", approver: "dpo@example.com", expires: "2026-12-06" };
    expect(waiverDateFindings([waiver], { today: "2026-12-07" }, undefined, waiverUse()).map((f) => f.message)).toEqual([
      "Waiver of pii-classified for c1 (approved by dpo@example.com) expired after 2026-12-06, its last day (today is 2026-12-07 in UTC, by which waivers are judged); it no longer applies. Fix the finding or renew the waiver with a new approval.",
    ]);
  });

  it("does not apply a waiver that runs longer than policy.maxWaiverDays allows, and says until when one may run", () => {
    const waiver = { rule: "pii-classified", document: "c1", justification: "legacy CRM export, being migrated", approver: "dpo@example.com", expires: "9999-12-31" };
    const window = waiverWindow("2026-12-07", 90);
    expect(window).toEqual({ today: "2026-12-07", latestExpiry: "2027-03-07" });
    const tooLong = evaluatePolicies(policies(), targets(), options({ waivers: [waiver], ...window }));
    expect(tooLong.findings.map((f) => f.ruleId).sort()).toEqual(["pii-classified", "pii-retention"]);
    expect(tooLong.results.find((r) => r.rule === "pii-classified")?.result).toBe("fail");
    const [finding, ...rest] = waiverDateFindings([waiver], window, undefined, waiverUse());
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId: "waiver-too-long", severity: "warning" });
    expect(finding!.message).toContain("expires on 9999-12-31, later than policy.maxWaiverDays allows (2027-03-07 at the latest, from today 2026-12-07); it does not apply.");
    // Its last day counts: a waiver expiring on the latest day allowed applies, one expiring the day after does not.
    const lastDay = evaluatePolicies(policies(), targets(), options({ waivers: [{ ...waiver, expires: "2027-03-07" }], ...window }));
    expect(lastDay.findings.map((f) => f.ruleId)).toEqual(["pii-retention"]);
    expect(waiverDateFindings([{ ...waiver, expires: "2027-03-07" }, { ...waiver, expires: "2027-03-08" }], window, undefined, waiverUse()).map((f) => f.message.match(/expires on (\S+),/)?.[1])).toEqual(["2027-03-08"]);
    // Across a leap day and a year's end, in UTC days.
    expect(waiverWindow("2028-02-28", 1).latestExpiry).toBe("2028-02-29");
    expect(waiverWindow("2026-12-31", 365).latestExpiry).toBe("2027-12-31");
    expect(waiverWindow("2026-12-07", undefined)).toEqual({ today: "2026-12-07" });
  });

  it("reports a rule that errors on one document as error, and keeps evaluating the others", () => {
    const broken = POLICY.replace("expression: has(item.value.classification)", "expression: item.value.classification == 'x'");
    const { findings, results } = evaluatePolicies(policies(broken), targets(), options());
    // phone, the element after the broken one, is still checked: its failure is reported beside the error.
    expect(findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(["policy-runtime-error /schema/0/properties/1", "pii-classified /schema/0/properties/2", "pii-retention /slaProperties"]);
    expect(findings[0]!.message).toContain("field not found: classification");
    // It names the forEach element it could not evaluate, and points at it (email, the first PII property).
    expect(findings[0]!.message).toContain("could not be evaluated: expression on element 0 of its forEach: ");
    expect(findings[0]).toMatchObject({ path: "/schema/0/properties/1", line: 14 });
    expect(results.map((r) => `${r.rule}:${r.result}`)).toEqual(["pii-classified:error", "pii-retention:warn"]);
  });

  it("reports an expression that returns no bool (a uint, a timestamp, a duration, the whole document) as that rule's runtime error, in a short message", () => {
    const returns = (expression: string, forEach?: string) =>
      `    - id: r-${returns.count++}\n${forEach ? `      forEach: "${forEach}"\n` : ""}      expression: "${expression}"\n`;
    returns.count = 0;
    const validations = [
      returns("dyn(1u)"),
      returns("dyn(timestamp('2024-01-01T00:00:00Z'))"),
      returns("dyn(duration('90s'))"),
      returns("object"),
      returns("dyn([1u, 2u])"),
      returns("dyn(item)", "[1u]"),
      returns("true", "object"),
      returns("object.id"),
    ].join("");
    const policy = `apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: returns\nspec:\n  match:\n    kinds: [DataContract]\n  validations:\n${validations}    - id: r-ok\n      expression: "true"\n`;
    // JSON.stringify threw on a uint or a timestamp: the whole run stopped ("internal error", exit 2).
    const { findings, results } = evaluatePolicies(policies(policy), targets(), options());
    expect(findings.map((f) => f.message.replace(/^Rule (r-\d+) of policy returns \(policies\/pii\.yaml\) could not be evaluated: /, "$1 "))).toEqual([
      "r-0 expression: returned 1u, not a bool.",
      "r-1 expression: returned a timestamp, not a bool.",
      "r-2 expression: returned a duration, not a bool.",
      // Not the document copied into the message.
      "r-3 expression: returned a map of 9 entries, not a bool.",
      "r-4 expression: returned a list of 2 elements, not a bool.",
      "r-5 expression on element 0 of its forEach: returned 1u, not a bool.",
      "r-6 forEach: returned a map of 9 entries, not a list.",
      'r-7 expression: returned the string "c1", not a bool.',
    ]);
    // The other rules of the policy still run on the document.
    expect(results.map((r) => `${r.rule}:${r.result}`).at(-1)).toBe("r-ok:pass");
  });

  it("says so when a list its views read is written as a mapping, instead of passing every policy over it unseen", () => {
    const mapped = `apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\nschema:\n  customers:\n    properties:\n      email: {logicalType: string, tags: [pii]}\n`;
    const { findings, results } = evaluatePolicies(policies(), targets(mapped), options());
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toContainEqual(["policy-runtime-error", 7, 3]);
    // The rule over `properties` found nothing to fail because it saw nothing: an error result, not a pass.
    expect(results.find((r) => r.rule === "pii-classified")).toMatchObject({ result: "error", message: expect.stringContaining("`schema` is a mapping") });
    expect(findings.find((f) => f.ruleId === "policy-runtime-error")!.message).toBe(
      "`schema` is a mapping, not the list ODCS and ODPS write: the policies that read schemaObjects, properties and arrayItems did not see it. Write it as a list (`- name: …`); meshkit lint reports it too.",
    );
    // A property's `properties` written as a mapping, one level down.
    const nested = CONTRACT.replace("      - name: phone\n", "      - name: address\n        logicalType: object\n        properties: {street: {logicalType: string}}\n      - name: phone\n");
    expect(evaluatePolicies(policies(), targets(nested), options()).findings.filter((f) => f.ruleId === "policy-runtime-error").map((f) => f.path)).toEqual(["/schema/0/properties/2/properties"]);
    // Lists as ODCS writes them: nothing to say.
    expect(evaluatePolicies(policies(), targets(), options()).findings.map((f) => f.ruleId)).not.toContain("policy-runtime-error");
  });

  it("names the resource of a forEach element over resources in the default message and in a runtime error, not only its index", () => {
    const policy = `${BUCKETS_POLICY}    - id: bucket-versioned
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: item.values.versioning.enabled == true
    - id: bucket-named
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: item.values.bucket.startsWith('acme-')
`;
    const plan = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [{ address: "aws_s3_bucket.ok", type: "aws_s3_bucket", name: "ok", values: { bucket: "acme-ok", versioning: { enabled: true } } }],
          child_modules: [{ address: "module.lake", resources: [{ address: "module.lake.aws_s3_bucket.this[0]", type: "aws_s3_bucket", name: "this", values: { bucket: "lake" } }] }],
        },
      },
    };
    const doc = loadText("plan.json", JSON.stringify(plan, null, 2)).documents[0]!;
    const { findings } = evaluatePolicies(policies(policy), [{ doc, kind: "Infrastructure" }], options());
    expect(findings.map((f) => `${f.line} ${f.message}`)).toEqual([
      "26 Rule bucket-versioned of policy buckets (policies/pii.yaml) could not be evaluated: expression on element 1 of its forEach (resource `module.lake.aws_s3_bucket.this[0]`): field not found: versioning. Guard missing fields with has().",
      "26 bucket-named: `item.values.bucket.startsWith('acme-')` is false for element 1 of its forEach (resource `module.lake.aws_s3_bucket.this[0]`) [policy buckets, policies/pii.yaml]",
    ]);
  });

  it("does not judge a plan's resource on an argument known only after apply, nor call reading it a runtime error", () => {
    const policy = `${BUCKETS_POLICY}    - id: bucket-named
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: item.values.bucket.startsWith('acme-')
    - id: bucket-domain
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: item.values.tags.Domain == 'sales'
    - id: bucket-domain-interpreted
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: item.values.tags.Domain == 'sales' && duration('1s') > duration('0s')
    - id: bucket-owner
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: item.values.tags.Owner == 'sales'
`;
    // A bucket named from bucket_prefix, whose Domain tag is a random_pet's id: `terraform show -json` leaves
    // both out of planned_values and marks them in the resource change's after_unknown.
    const plan = (bucket: Record<string, unknown>) => ({
      format_version: "1.2",
      planned_values: { root_module: { resources: [{ address: "aws_s3_bucket.raw", mode: "managed", type: "aws_s3_bucket", name: "raw", values: { bucket_prefix: "acme-raw-", tags: { Owner: "sales" }, ...bucket } }] } },
      resource_changes: [{ address: "aws_s3_bucket.raw", mode: "managed", type: "aws_s3_bucket", name: "raw", change: { actions: ["create"], after_unknown: { bucket: true, id: true, tags: { Domain: true } } } }],
    });
    const check = (bucket: Record<string, unknown> = {}) => {
      const { findings, results } = overInfrastructure(policy, "plan.json", JSON.stringify(plan(bucket), null, 2));
      return { findings: findings.map((f) => `${f.ruleId} ${f.message}`), results: results.map((r) => `${r.rule}:${r.result}${r.result === "skip" ? ` ${r.message}` : ""}`) };
    };
    const unknown = check();
    expect(unknown.findings).toEqual([]);
    expect(unknown.results).toEqual([
      "bucket-named:skip `bucket` of resource `aws_s3_bucket.raw` is known only after apply: not checked until the plan knows it",
      "bucket-domain:skip `Domain` of resource `aws_s3_bucket.raw` is known only after apply: not checked until the plan knows it",
      "bucket-domain-interpreted:skip `Domain` of resource `aws_s3_bucket.raw` is known only after apply: not checked until the plan knows it",
      "bucket-owner:pass",
    ]);
    // A field the plan does not mark as unknown is missing: still a runtime error, and a known value is judged.
    const missing = check({ tags: {}, bucket: "lake" });
    expect(missing.findings).toEqual([
      "bucket-named bucket-named: `item.values.bucket.startsWith('acme-')` is false for element 0 of its forEach (resource `aws_s3_bucket.raw`) [policy buckets, policies/pii.yaml]",
      "policy-runtime-error Rule bucket-owner of policy buckets (policies/pii.yaml) could not be evaluated: expression on element 0 of its forEach (resource `aws_s3_bucket.raw`): field not found: Owner. Guard missing fields with has().",
    ]);
  });

  it("does not judge a plan's resource change (resource_changes, as conftest policies read plans) on an argument its after_unknown marks", () => {
    const policy = `${BUCKETS_POLICY}    - id: change-domain
      forEach: object.resource_changes.filter(c, c.type == 'aws_s3_bucket')
      expression: item.change.after.tags.Domain == 'sales'
    - id: change-owner
      forEach: object.resource_changes.filter(c, c.type == 'aws_s3_bucket')
      expression: item.change.after.tags.Owner == 'sales'
`;
    const after = { bucket: "acme-raw", tags: { Owner: "sales" } };
    const plan = (afterUnknown: Record<string, unknown>) => ({
      format_version: "1.2",
      planned_values: { root_module: { resources: [{ address: "aws_s3_bucket.raw", mode: "managed", type: "aws_s3_bucket", name: "raw", values: after }] } },
      resource_changes: [{ address: "aws_s3_bucket.raw", mode: "managed", type: "aws_s3_bucket", name: "raw", change: { actions: ["create"], after, after_unknown: afterUnknown } }],
    });
    const check = (afterUnknown: Record<string, unknown>) => {
      const { findings, results } = overInfrastructure(policy, "plan.json", JSON.stringify(plan(afterUnknown), null, 2));
      return { findings: findings.map((f) => `${f.ruleId} ${f.message}`), results: results.map((r) => `${r.rule}:${r.result}${r.result === "skip" ? ` ${r.message}` : ""}`) };
    };
    expect(check({ id: true, tags: { Domain: true } })).toEqual({
      findings: [],
      results: ["change-domain:skip `Domain` of resource `aws_s3_bucket.raw` is known only after apply: not checked until the plan knows it", "change-owner:pass"],
    });
    // Not marked unknown: a missing tag is still a runtime error.
    expect(check({ id: true }).findings).toEqual([
      "policy-runtime-error Rule change-domain of policy buckets (policies/pii.yaml) could not be evaluated: expression on element 0 of its forEach (resource `aws_s3_bucket.raw`): field not found: Domain. Guard missing fields with has().",
    ]);
  });

  it("does not judge a plan on an argument known only after apply that an expression without forEach reads, as a forEach element is not judged", () => {
    const policy = `${BUCKETS_POLICY}    - id: buckets-named
      expression: resources.filter(r, r.type == 'aws_s3_bucket').all(r, r.values.bucket.startsWith('acme-'))
    - id: changes-named
      expression: object.resource_changes.all(c, c.change.after.bucket.startsWith('acme-'))
    - id: buckets-owned
      expression: resources.all(r, r.values.tags.Owner == 'sales')
`;
    // raw is named from bucket_prefix (its bucket known only after apply); gold is named.
    const plan = (gold: string) => ({
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [
            { address: "aws_s3_bucket.raw", mode: "managed", type: "aws_s3_bucket", name: "raw", values: { bucket_prefix: "acme-raw-", tags: {} } },
            { address: "aws_s3_bucket.gold", mode: "managed", type: "aws_s3_bucket", name: "gold", values: { bucket: gold, tags: { Owner: "sales" } } },
          ],
        },
      },
      resource_changes: [
        { address: "aws_s3_bucket.raw", mode: "managed", type: "aws_s3_bucket", name: "raw", change: { actions: ["create"], after: { bucket_prefix: "acme-raw-", tags: {} }, after_unknown: { bucket: true, id: true } } },
        { address: "aws_s3_bucket.gold", mode: "managed", type: "aws_s3_bucket", name: "gold", change: { actions: ["create"], after: { bucket: gold, tags: { Owner: "sales" } }, after_unknown: { id: true } } },
      ],
    });
    const check = (gold: string) => {
      const { findings, results } = overInfrastructure(policy, "plan.json", JSON.stringify(plan(gold), null, 2));
      return { findings: findings.map((f) => `${f.ruleId} ${f.message.split(" [policy")[0]}`), results: results.map((r) => `${r.rule}:${r.result}${r.result === "skip" ? ` ${r.message}` : ""}`) };
    };
    // Both were runtime errors ("field not found: bucket"): the plan does not know raw's name yet.
    const known = check("acme-gold");
    expect(known.results).toEqual([
      "buckets-named:skip `bucket` of resource `aws_s3_bucket.raw` is known only after apply: not checked until the plan knows it",
      "changes-named:skip `bucket` of resource `aws_s3_bucket.raw` is known only after apply: not checked until the plan knows it",
      "buckets-owned:error",
    ]);
    // A tag no plan marks unknown is missing: still a runtime error.
    expect(known.findings).toEqual(["policy-runtime-error Rule buckets-owned of policy buckets (policies/pii.yaml) could not be evaluated: expression: field not found: Owner. Guard missing fields with has()."]);
    // A known name that fails decides, whatever the unknown one would be.
    expect(check("lake-gold").results.slice(0, 2)).toEqual(["buckets-named:fail", "changes-named:fail"]);
  });

  it("says so when a Terraform document's resources are in a shape the resources view cannot read, instead of passing every policy over them", () => {
    const policy = BUCKETS_TAGGED;
    const check = (text: string, file = "infra.json") => {
      const { findings, results } = overInfrastructure(policy, file, text);
      return { findings: findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.path}`), messages: findings.map((f) => f.message), results: results.map((r) => `${r.rule}:${r.result}`) };
    };
    // A configuration: a block that is no mapping is reported where it is, and the other blocks are still checked.
    // `[]` or `null` as a resource's block is zero blocks of it (HCL's JSON syntax): Terraform creates nothing, nothing unread.
    const configuration = check('{\n  "resource": {\n    "aws_s3_bucket": {\n      "raw": "acme-raw",\n      "lake": [],\n      "curated": {"bucket": "acme-curated"},\n      "none": null\n    }\n  }\n}\n');
    expect(configuration.findings).toEqual(["policy-runtime-error 4:14 /resource/aws_s3_bucket/raw", "bucket-tagged 6:18 /resource/aws_s3_bucket/curated"]);
    expect(configuration.messages[0]).toBe(
      "Resource `aws_s3_bucket.raw` is a string, not a block of its arguments (`{…}`): the policies that read resources did not see what it declares. Write it as Terraform does (`terraform show -json`, or HCL's JSON syntax).",
    );
    expect(configuration.results).toEqual(["bucket-tagged:fail"]);
    // A type whose blocks are no mapping: the rule saw nothing, an error result, not a pass.
    expect(check('{"resource": {"aws_s3_bucket": ["raw"]}}')).toMatchObject({ findings: ["policy-runtime-error 1:33 /resource/aws_s3_bucket/0"], results: ["bucket-tagged:error"] });
    // A plan whose root_module, resources or values are not what `terraform show -json` writes.
    const plan = (planned: string) => check(`{"format_version": "1.2", "terraform_version": "1.9.8", "planned_values": ${planned}}`);
    expect(plan('{"root_module": [{"resources": []}]}')).toMatchObject({ findings: ["policy-runtime-error 1:91 /planned_values/root_module"], results: ["bucket-tagged:error"] });
    expect(plan('{"root_module": {"resources": {"aws_s3_bucket.raw": {}}}}')).toMatchObject({ findings: ["policy-runtime-error 1:105 /planned_values/root_module/resources"], results: ["bucket-tagged:error"] });
    expect(plan('{"root_module": {"child_modules": [{"resources": [{"address": "module.a.aws_s3_bucket.x", "type": "aws_s3_bucket", "name": "x", "values": "x"}]}]}}').findings).toEqual([
      "policy-runtime-error 1:213 /planned_values/root_module/child_modules/0/resources/0/values",
    ]);
    // A plan cut down to its resource_changes: what it creates was not read.
    const changes = check(
      '{"format_version": "1.2", "resource_changes": [{"address": "aws_s3_bucket.old", "change": {"actions": ["delete"]}}, {"address": "aws_s3_bucket.raw", "change": {"actions": ["create"], "after": {"bucket": "raw"}}}]}',
    );
    expect(changes).toMatchObject({ findings: ["policy-runtime-error 1:47 /resource_changes"], results: ["bucket-tagged:error"] });
    expect(changes.messages[0]).toContain("(`aws_s3_bucket.raw`) but no `planned_values`");
    // Changes that are no list, or a change that is no mapping, could not be read for what the plan keeps.
    const mapped = check('{"format_version": "1.2", "resource_changes": {"aws_s3_bucket.raw": {"change": {"actions": ["create"], "after": {"bucket": "raw"}}}}}');
    expect(mapped).toMatchObject({ findings: ["policy-runtime-error 1:47 /resource_changes"], results: ["bucket-tagged:error"] });
    expect(mapped.messages[0]).toContain("`resource_changes` is a mapping, not a list of them, each a resource change (`{address, change: {actions: […]}}`)");
    expect(check('{"format_version": "1.2", "resource_changes": ["aws_s3_bucket.raw"]}')).toMatchObject({ findings: ["policy-runtime-error 1:48 /resource_changes/0"], results: ["bucket-tagged:error"] });
    // A change whose address, change or actions is not what Terraform writes cannot be told kept or not: not a silent pass either.
    const actions = check('{"format_version": "1.2", "resource_changes": [\n {"address": "aws_s3_bucket.raw", "change": {"actions": "create", "after": {"bucket": "raw"}}}\n]}');
    expect(actions).toMatchObject({ findings: ["policy-runtime-error 2:57 /resource_changes/0/change/actions"], results: ["bucket-tagged:error"] });
    expect(actions.messages[0]).toContain("The actions of the change of `aws_s3_bucket.raw` are a string, not a list of action names (`[\"create\"]`, `[\"no-op\"]`)");
    expect(check('{"format_version": "1.2", "resource_changes": [{"address": "aws_s3_bucket.raw", "change": "create"}]}')).toMatchObject({ findings: ["policy-runtime-error 1:91 /resource_changes/0/change"], results: ["bucket-tagged:error"] });
    expect(check('{"format_version": "1.2", "resource_changes": [{"address": "aws_s3_bucket.raw", "change": {"actions": []}}]}').findings).toEqual(["policy-runtime-error 1:103 /resource_changes/0/change/actions"]);
    const noAddress = check('{"format_version": "1.2", "resource_changes": [{"change": {"actions": ["create"], "after": {"bucket": "raw"}}}]}');
    expect(noAddress).toMatchObject({ findings: ["policy-runtime-error 1:48 /resource_changes/0/address"], results: ["bucket-tagged:error"] });
    expect(noAddress.messages[0]).toContain("The address of the change `/resource_changes/0` is missing, not a resource address");
    // A state whose values have no root_module: said to be missing.
    expect(check('{"format_version": "1.0", "terraform_version": "1.9.8", "values": {"outputs": {}}}').messages).toEqual([
      "`/values/root_module` is missing, not a module (`{resources: […], child_modules: […]}`): the policies that read resources did not see what it declares. Write it as Terraform does (`terraform show -json`, or HCL's JSON syntax).",
    ]);
    // A resource a change creates that planned_values does not list (a child module cut out): at its change.
    const cut = check(
      '{"format_version": "1.2",\n "planned_values": {"root_module": {"resources": [{"address": "aws_s3_bucket.raw", "type": "aws_s3_bucket", "name": "raw", "values": {"tags": {}}}]}},\n "resource_changes": [\n  {"address": "aws_s3_bucket.raw", "change": {"actions": ["create"]}},\n  {"address": "module.lake.aws_s3_bucket.this", "change": {"actions": ["delete", "create"]}}\n ]}',
    );
    expect(cut).toMatchObject({ findings: ["policy-runtime-error 5:3 /resource_changes/1"], results: ["bucket-tagged:error"] });
    expect(cut.messages[0]).toContain("The change of `module.lake.aws_s3_bucket.this` does not delete it, but `planned_values` does not list it");
    // A delete-only plan creates nothing, and a well-formed plan says nothing of its shape.
    expect(check('{"format_version": "1.2", "planned_values": {"root_module": {}}, "resource_changes": [{"address": "aws_s3_bucket.old", "change": {"actions": ["delete"]}}]}')).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
    expect(plan('{"root_module": {"resources": [{"address": "aws_s3_bucket.raw", "type": "aws_s3_bucket", "name": "raw", "values": {"tags": {}}}]}}')).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
    // A `"//"` comment (Terraform's JSON syntax) is no resource, at the type or the name level.
    expect(check('{"//": "generated", "resource": {"//": "lake", "aws_s3_bucket": {"//": "raw zone", "raw": {"//": "note", "tags": {}}}}}')).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
    // Another tool's YAML with a `resource` key is no Terraform: nothing said of its shape.
    expect(check("resource: pods\nkind: Role\n", "infra.yaml")).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
  });

  it("says a configuration whose `resource`, or a resource type in it, names nothing is one Terraform rejects (Missing block label), not one with nothing to check", () => {
    const check = (text: string) => {
      const { findings, results } = overInfrastructure(BUCKETS_TAGGED, "main.tf.json", text);
      return { findings: findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.path}`), messages: findings.map((f) => f.message), results: results.map((r) => `${r.rule}:${r.result}`) };
    };
    const empty = check('{\n  "resource": {}\n}\n');
    expect(empty).toMatchObject({ findings: ["policy-runtime-error 2:15 /resource"], results: ["bucket-tagged:error"] });
    expect(empty.messages[0]).toBe(
      '`resource` names no resource type: Terraform rejects it ("Missing block label"), and the policies that read resources have nothing there to check. Remove it, or declare what it is for (`"resource": {"aws_s3_bucket": {"raw": {…}}}`).',
    );
    // HCL's array form with no label in it, and a `null` beside a provider, are the same.
    expect(check('{"resource": [{}]}')).toMatchObject({ findings: ["policy-runtime-error 1:14 /resource"], results: ["bucket-tagged:error"] });
    expect(check('{"provider": {"aws": {"region": "eu-west-1"}}, "resource": null}')).toMatchObject({ findings: ["policy-runtime-error 1:60 /resource"], results: ["bucket-tagged:error"] });
    expect(check('{"provider": {"aws": {"region": "eu-west-1"}}, "resource": []}').findings).toEqual(["policy-runtime-error 1:60 /resource"]);
    // A type that names no resource, beside one that does: said where it is, the other still checked.
    const type = check('{"resource": {\n "aws_s3_bucket": {},\n "aws_s3_bucket_versioning": [],\n "aws_kms_key": null,\n "aws_s3_object": [{}],\n "google_storage_bucket": {"lake": {"labels": {}}}\n}}');
    expect(type.findings).toEqual([
      "policy-runtime-error 2:19 /resource/aws_s3_bucket",
      "policy-runtime-error 3:30 /resource/aws_s3_bucket_versioning",
      "policy-runtime-error 4:17 /resource/aws_kms_key",
      "policy-runtime-error 5:19 /resource/aws_s3_object",
    ]);
    expect(type.messages[0]).toBe(
      '`aws_s3_bucket` under `resource` names no resource: Terraform rejects it ("Missing block label"), and the policies that read resources have nothing there to check. Remove it, or declare what it is for (`"aws_s3_bucket": {"<name>": {…}}`).',
    );
    expect(type.results).toEqual(["bucket-tagged:error"]);
  });

  it("says a configuration's resource written as a list of several blocks is one Terraform rejects (Duplicate resource), not one whose first block alone is checked", () => {
    const { findings, results } = overInfrastructure(
      BUCKETS_TAGGED,
      "main.tf.json",
      '{"resource": {"aws_s3_bucket": {\n  "raw": [\n    {"bucket": "acme-raw", "tags": {"DataProduct": "true"}},\n    {"bucket": "acme-other"}\n  ],\n  "one": [{"bucket": "acme-one", "tags": {}}]\n}}}',
    );
    // The first block is still checked (it passes); the second, which the view does not read, is said where it is.
    expect(findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.path}`)).toEqual(["policy-runtime-error 4:5 /resource/aws_s3_bucket/raw/1"]);
    expect(findings[0]!.message).toBe(
      'Resource `aws_s3_bucket.raw` is declared 2 times (a list of 2 blocks): Terraform rejects it ("Duplicate resource configuration"), and the policies that read resources read only the first block. Give each resource its own name.',
    );
    expect(results.map((r) => `${r.rule}:${r.result}`)).toEqual(["bucket-tagged:error"]);
  });

  it("says a resource declared again in another item of HCL's array form is one Terraform rejects (Duplicate resource), not two resources of one address", () => {
    const check = (text: string) => {
      const { findings, results } = overInfrastructure(BUCKETS_TAGGED, "main.tf.json", text);
      return { findings: findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.path}`), messages: findings.map((f) => f.message), results: results.map((r) => `${r.rule}:${r.result}`) };
    };
    const names = check('{"resource": {"aws_s3_bucket": [\n  {"raw": {"bucket": "a", "tags": {}}},\n  {"raw": {"bucket": "b", "tags": {}}, "one": {"bucket": "c", "tags": {}}}\n]}}');
    expect(names.findings).toEqual(["policy-runtime-error 3:11 /resource/aws_s3_bucket/1/raw"]);
    expect(names.messages[0]).toBe(
      'Resource `aws_s3_bucket.raw` is declared again (first at /resource/aws_s3_bucket/0/raw): Terraform rejects it ("Duplicate resource configuration"), and the policies that read resources would check two blocks of one address. Give each resource its own name.',
    );
    expect(names.results).toEqual(["bucket-tagged:error"]);
    // The same through the array form of `resource` itself; a `null` (zero blocks) declares nothing, so is no first declaration.
    expect(check('{"resource": [\n {"aws_s3_bucket": {"raw": {"tags": {}}}},\n {"aws_s3_bucket": {"raw": {"tags": {}}}}\n]}').findings).toEqual(["policy-runtime-error 3:28 /resource/1/aws_s3_bucket/raw"]);
    expect(check('{"resource": [{"aws_s3_bucket": {"raw": null}}, {"aws_s3_bucket": {"raw": {"tags": {}}}}]}')).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
  });

  it("says so when a state file as Terraform writes it has resources, instances or attributes in a shape the resources view cannot read", () => {
    const check = (resources: unknown, extra: Record<string, unknown> = {}) => {
      const state = { version: 4, terraform_version: "1.9.8", serial: 3, lineage: "l", outputs: {}, resources, ...extra };
      const { findings, results } = overInfrastructure(BUCKETS_TAGGED, "terraform.tfstate", JSON.stringify(state, null, 1));
      return { findings: findings.map((f) => `${f.ruleId} ${f.path}`), messages: findings.map((f) => f.message), results: results.map((r) => `${r.rule}:${r.result}`) };
    };
    const bucket = (instances: unknown) => ({ mode: "managed", type: "aws_s3_bucket", name: "raw", provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances });
    const untagged = { schema_version: 0, attributes: { bucket: "raw" } };
    // Each part that is not what Terraform writes is an error where it is, and the rule that saw nothing is no pass.
    expect(check({ "aws_s3_bucket.raw": bucket([untagged]) })).toMatchObject({ findings: ["policy-runtime-error /resources"], results: ["bucket-tagged:error"] });
    expect(check(["aws_s3_bucket.raw"])).toMatchObject({ findings: ["policy-runtime-error /resources/0"], results: ["bucket-tagged:error"] });
    expect(check([bucket({ attributes: { bucket: "raw" } })])).toMatchObject({ findings: ["policy-runtime-error /resources/0/instances"], results: ["bucket-tagged:error"] });
    expect(check([bucket(["raw"])])).toMatchObject({ findings: ["policy-runtime-error /resources/0/instances/0"], results: ["bucket-tagged:error"] });
    const flat = check([bucket([{ schema_version: 0, attributes_flat: { bucket: "raw", "tags.%": "0" } }])]);
    expect(flat).toMatchObject({ findings: ["policy-runtime-error /resources/0/instances/0/attributes_flat"], results: ["bucket-tagged:error"] });
    expect(flat.messages[0]).toBe(
      "An instance of resource `aws_s3_bucket.raw` has only `attributes_flat`, the flat form of Terraform 0.11, not `attributes`, which Terraform writes at its next apply: the policies that read resources did not see what it declares. Check the state as `terraform show -json` prints it.",
    );
    // Attributes that are no mapping are not read as an empty one (no "missing tags"): the other instances are still checked.
    const attributes = check([bucket([{ attributes: "raw" }, untagged])]);
    expect(attributes).toMatchObject({ findings: ["policy-runtime-error /resources/0/instances/0/attributes", "bucket-tagged /resources/0/instances/1/attributes"], results: ["bucket-tagged:fail"] });
    expect(attributes.messages[0]).toContain("The attributes of an instance of resource `aws_s3_bucket.raw` are a string, not a mapping of its attributes");
    // A state of an older format (Terraform 0.11's `modules`) is not read at all.
    const v3 = check(undefined, { version: 3, modules: [{ path: ["root"], resources: { "aws_s3_bucket.raw": { type: "aws_s3_bucket", primary: { id: "raw", attributes: { bucket: "raw" } } } } }] });
    expect(v3).toMatchObject({ findings: ["policy-runtime-error /version"], results: ["bucket-tagged:error"] });
    // Modules, or a module's resources, in a shape Terraform does not write may hold resources too: not a silent pass.
    const raw = { "aws_s3_bucket.raw": { type: "aws_s3_bucket", primary: { id: "raw", attributes: { bucket: "raw" } } } };
    expect(check(undefined, { version: 3, modules: { root: { path: ["root"], resources: raw } } })).toMatchObject({ findings: ["policy-runtime-error /version"], results: ["bucket-tagged:error"] });
    expect(check(undefined, { version: 3, modules: [{ path: ["root"], resources: "aws_s3_bucket.raw" }] })).toMatchObject({ findings: ["policy-runtime-error /version"], results: ["bucket-tagged:error"] });
    // …unless it declares no resource (the backend settings Terraform 0.12 to 0.14 kept in `.terraform/terraform.tfstate`).
    expect(check(undefined, { version: 3, backend: { type: "s3", config: {} }, modules: [{ path: ["root"], outputs: {}, resources: {} }] })).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
    // A well-formed state, an empty one, and a resource with no instances say nothing of their shape.
    expect(check([bucket([{ attributes: { bucket: "raw", tags: {} } }])])).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
    expect(check([])).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
    expect(check([{ mode: "managed", type: "aws_s3_bucket", name: "raw" }])).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
  });

  it("names a state file's counted instance by its whole address, index_key read from the file as an int", () => {
    const policy = `${BUCKETS_POLICY}    - id: bucket-named
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: item.values.bucket.startsWith('acme-')
      messageExpression: "'bad ' + item.address + ' ' + item.instanceKey"
    - id: bucket-prefixed
      forEach: resources.filter(r, r.type == 'aws_s3_bucket')
      expression: item.values.bucket.startsWith('acme-')
`;
    const state = { version: 4, terraform_version: "1.11.4", serial: 3, lineage: "l", outputs: {}, resources: [{ mode: "managed", type: "aws_s3_bucket", name: "this", instances: [0, 1].map((i) => ({ index_key: i, attributes: { bucket: i === 0 ? "acme-0" : "raw-1" } })) }] };
    const { findings } = overInfrastructure(policy, "terraform.tfstate", JSON.stringify(state, null, 2));
    expect(findings.map((f) => f.message)).toEqual([
      "bad aws_s3_bucket.this[1] [1] [policy buckets, policies/pii.yaml]",
      "bucket-prefixed: `item.values.bucket.startsWith('acme-')` is false for element 1 of its forEach (resource `aws_s3_bucket.this[1]`) [policy buckets, policies/pii.yaml]",
    ]);
  });

  it("says so when a plan's planned_values leave out, or it has none for, resources it keeps unchanged: no-op changes, imports, reads at apply", () => {
    const policy = BUCKETS_TAGGED;
    const check = (plan: unknown) => {
      const { findings, results } = overInfrastructure(policy, "plan.json", JSON.stringify(plan, null, 1));
      return { findings: findings.map((f) => `${f.ruleId} ${f.path}`), messages: findings.map((f) => f.message), results: results.map((r) => `${r.rule}:${r.result}`) };
    };
    const change = (address: string, actions: string[], extra: Record<string, unknown> = {}) => ({ address, type: "aws_s3_bucket", change: { actions, after: { bucket: "raw" } }, ...extra });
    const raw = { address: "aws_s3_bucket.raw", type: "aws_s3_bucket", name: "raw", values: { tags: {} } };
    // A child module cut out of planned_values whose bucket did not change: the whole plan would judge it.
    const cut = check({
      format_version: "1.2",
      planned_values: { root_module: { resources: [raw] } },
      resource_changes: [change("aws_s3_bucket.raw", ["create"]), change('module.lake["a"].aws_s3_bucket.this[0]', ["no-op"]), change("data.aws_s3_bucket.later", ["read"])],
    });
    expect(cut).toMatchObject({ findings: ["policy-runtime-error /resource_changes/1", "policy-runtime-error /resource_changes/2"], results: ["bucket-tagged:error"] });
    expect(cut.messages[0]).toContain('The change of `module.lake["a"].aws_s3_bucket.this[0]` does not delete it, but `planned_values` does not list it');
    // A plan cut down to an import that changes nothing.
    const imported = check({ format_version: "1.2", resource_changes: [change("aws_s3_bucket.imp", ["no-op"], { change: { actions: ["no-op"], importing: { id: "imp" } } })] });
    expect(imported).toMatchObject({ findings: ["policy-runtime-error /resource_changes"], results: ["bucket-tagged:error"] });
    expect(imported.messages[0]).toContain("(`aws_s3_bucket.imp`) but no `planned_values`");
    // A delete, and a deposed object's change, keep nothing: not looked for in planned_values.
    const deletes = [change("aws_s3_bucket.old", ["delete"]), change("aws_s3_bucket.raw", ["delete"], { deposed: "00000001" }), change("aws_s3_bucket.raw", ["create", "delete"])];
    expect(check({ format_version: "1.2", planned_values: { root_module: { resources: [raw] } }, resource_changes: deletes })).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
    // Nor does a forget (`removed` with destroy = false): listed with no values, it is left out, and not looked for.
    const legacy = { address: "aws_s3_bucket.legacy", type: "aws_s3_bucket", name: "legacy" };
    expect(check({ format_version: "1.2", planned_values: { root_module: { resources: [raw, legacy] } }, resource_changes: [change("aws_s3_bucket.raw", ["create"]), change("aws_s3_bucket.legacy", ["forget"])] })).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
    expect(check({ format_version: "1.2", resource_changes: [change("aws_s3_bucket.legacy", ["forget"])] })).toMatchObject({ findings: [], results: ["bucket-tagged:pass"] });
  });

  it("shows an entry of a list written as a mapping by the field that names it in the standard (`- property:` for an SLA)", () => {
    const mapped = `apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\nservers:\n  lake: {type: s3, location: s3://lake/}\nslaProperties:\n  property: retention\n  value: 7\n`;
    const unread = evaluatePolicies(policies(), targets(mapped), options()).findings.filter((f) => f.ruleId === "policy-runtime-error");
    expect(unread.map((f) => [f.path, f.message.match(/Write it as a list \(`(- \w+): …`\)/)?.[1]])).toEqual([
      ["/servers", "- server"],
      ["/slaProperties", "- property"],
    ]);
  });

  it("reads a document whose keys are `constructor` or `$typeName` (at any depth) like any other", () => {
    const odd = CONTRACT.replace("apiVersion: v3.1.0\n", "apiVersion: v3.1.0\nconstructor: 1\n$typeName: x\n").replace("      - name: email\n", "      - name: email\n        constructor: {a: 1}\n");
    const { findings, results } = evaluatePolicies(policies(), targets(odd), options());
    expect(findings.map((f) => f.ruleId)).toEqual(["pii-classified", "pii-retention"]);
    expect(results.map((r) => `${r.rule}:${r.result}`)).toEqual(["pii-classified:fail", "pii-retention:warn"]);
  });

  it("checks a wide contract with a `constructor` or `__proto__` key as any other: compiled code, counted steps, no estimated cost over the limit", () => {
    const columns = Array.from({ length: 250 }, (_, i) => `      - name: c${i}\n        logicalType: string\n        classification: public\n`).join("");
    const wide = (value: string) =>
      `apiVersion: v3.1.0\nkind: DataContract\nid: wide\nname: wide\nversion: 1.0.0\nstatus: active\ndomain: sales\ncustomProperties:\n  - property: extra\n    value: ${value}\nservers:\n  - server: prod\n    type: s3\n    location: s3://bucket/orders/\nschema:\n  - name: orders\n    properties:\n${columns}`;
    const { policies: pack } = loadPacks(["builtin:platform-baseline"], process.cwd());
    const seen = (value: string) => {
      const { findings, results } = evaluatePolicies(pack, targets(wide(value)), options());
      return { findings: findings.map((f) => `${f.ruleId} ${f.path} ${f.message}`), results: results.map((r) => `${r.rule} ${r.result}`) };
    };
    const plain = seen("{a: 1}");
    expect(plain.findings.some((f) => f.startsWith("policy-runtime-error"))).toBe(false);
    expect(plain.findings.some((f) => f.startsWith("storage-server-encryption"))).toBe(true);
    for (const odd of ["{constructor: 1}", "{__proto__: {a: 1}}", "{$typeName: x}"]) expect(seen(odd), odd).toEqual(plain);
  });

  it("reads variables named `__proto__` and `constructor` as any other, compiled or interpreted", () => {
    const named = `apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: named}\nspec:\n  match: {kinds: [DataContract]}\n  variables:\n    - name: __proto__\n      expression: "{'a': 1}"\n    - name: constructor\n      expression: variables.__proto__.a + 1\n  validations:\n    - id: named-variables\n      expression: variables.__proto__.a == 1 && variables.constructor == 2 && has(variables.__proto__)\n`;
    for (const evaluate of [evaluatePolicies, interpreted]) {
      const { results } = evaluate(policies(named), targets(), options());
      expect(results.map((r) => `${r.rule} ${r.result} ${r.message ?? ""}`), evaluate.name).toEqual(["named-variables pass "]);
    }
  });

  it("reads a variable holding a document's map with a `constructor` key from a later variable (the interpreter's variables grow in place)", () => {
    const odd = CONTRACT.replace("        classification: restricted\n", "        classification: restricted\n        customProperties:\n          - {property: masking, value: {constructor: hash}}\n");
    const chained = POLICY.replace(
      "  variables:\n",
      "  variables:\n    - name: declared\n      expression: \"properties.filter(p, has(p.value.customProperties)).map(p, {'name': p.name, 'props': p.value.customProperties})\"\n    - name: names\n      expression: variables.declared.map(d, d.name)\n",
    ).replace("expression: has(item.value.classification)", "expression: has(item.value.classification) || item.name in variables.names");
    const { findings } = evaluatePolicies(policies(chained), targets(odd), options());
    expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual(["pii-classified PII property customers.email has no classification [policy pii, policies/pii.yaml]", expect.stringMatching(/^pii-retention /)]);
  });

  it("bounds the work on a huge document", () => {
    const many = CONTRACT.replace("slaProperties:", Array.from({ length: 3000 }, (_, i) => `      - name: c${i}\n        logicalType: string\n`).join("") + "slaProperties:");
    const nested = POLICY.replace("expression: has(item.value.classification)", "expression: properties.all(p, properties.all(q, properties.exists(r, true)))");
    const { findings } = evaluatePolicies(policies(nested), targets(many), options());
    expect(findings[0]).toMatchObject({ ruleId: "policy-runtime-error" });
    expect(findings[0]!.message).toContain("over the limit");
    expect(findings[0]!.message).not.toContain("has()");
  });

  it("bounds the strings chained replace() calls build, compiled or interpreted", () => {
    const chain = `'${"a".repeat(10)}'${".replace('a', 'aaaaaaaaaa')".repeat(8)}`;
    for (const [what, expression] of [
      ["compiled", `${chain}.size() > 0`],
      ["over document data", `object.id.replace('c', '${"c".repeat(5000)}')${".replace('c', 'cccccccccc')".repeat(5)}.size() > 0`],
    ]) {
      const bomb = POLICY.replace("expression: has(item.value.classification)", `expression: "${expression}"`);
      const { findings } = evaluatePolicies(policies(bomb), targets(), options());
      expect([what, findings[0]?.ruleId, findings[0]?.message]).toEqual([what, "policy-runtime-error", expect.stringMatching(/over the limit/)]);
    }
    expect(() => replace("a".repeat(1000), "a", "a".repeat(20_000))).toThrow(/cost is over the limit: replace would build a string of 20000000 characters/);
  });

  it("bounds the strings join(), format() and an interpreted + build from variables that build on each other", () => {
    // Each variable doubles the last without a loop or a `+` the estimate sees: 24 of them would make a
    // string of 10 × 2^24 characters (a few hundred MB once read), where no string may pass 10^7.
    const chain = (step: (previous: string) => string) =>
      Array.from({ length: 24 }, (_, i) => `    - name: s${i + 1}\n      expression: "${step(`variables.s${i}`)}"\n`).join("");
    for (const [what, step] of [
      ["join, compiled", (v: string) => `[${v}, ${v}].join('')`],
      ["join with a separator, interpreted", (v: string) => `1u == 1u ? [${v}, ${v}].join('-') : ''`],
      ["format, interpreted", (v: string) => `'%s%s'.format([${v}, ${v}])`],
      ["+, interpreted", (v: string) => `1u == 1u ? ${v} + ${v} : ''`],
    ] as const) {
      const policy = POLICY.replace("  variables:\n", `  variables:\n    - name: s0\n      expression: "'abcdefghij'"\n${chain(step)}`).replace(
        "expression: has(item.value.classification)",
        "expression: variables.s24.upperAscii() != ''",
      );
      const { findings, results } = evaluatePolicies(policies(policy), targets(), options());
      const error = findings.find((f) => f.ruleId === "policy-runtime-error");
      expect([what, error?.message]).toEqual([what, expect.stringMatching(/variable s2\d: cost is over the limit/)]);
      expect(results.find((r) => r.rule === "pii-classified")?.result).toBe("error");
    }
    expect(() => joinStrings(["a".repeat(6_000_000), "b".repeat(6_000_000)], "")).toThrow(/cost is over the limit: join would build a string of 12000000 characters/);
    expect(() => concat("a".repeat(6_000_000), "b".repeat(6_000_000))).toThrow(/cost is over the limit: \+ would build a string of 12000000 characters/);
    expect(joinStrings(["a", "b"], "-")).toBe("a-b");
    expect(() => joinStrings(["a", 1], "")).toThrow(/list contains non-string value/);
  });

  it("bounds the work (and memory) of lists an expression builds itself, on a small document", () => {
    const list = `[${Array.from({ length: 30 }, (_, i) => i).join(", ")}]`;
    const blowup = POLICY.replace("expression: has(item.value.classification)", `expression: size(${list}.map(a, ${list}.map(b, ${list}.map(c, ${list}.map(d, ${list}.map(e, ${list}.map(f, 1))))))) > 0`);
    const { findings, results } = evaluatePolicies(policies(blowup), targets(), options());
    expect(findings[0]).toMatchObject({ ruleId: "policy-runtime-error" });
    expect(findings[0]!.message).toMatch(/is over the limit of 1e\+7 steps/);
    expect(results.find((r) => r.rule === "pii-classified")?.result).toBe("error");
  });

  it("bounds lists and strings an expression doubles without a loop: variables that build on each other", () => {
    const doubling = Array.from({ length: 40 }, (_, i) => `    - name: l${i + 1}\n      expression: variables.l${i} + variables.l${i}\n`).join("");
    const policy = POLICY.replace("  variables:\n", `  variables:\n    - name: l0\n      expression: "[1, 2, 3, 4, 5, 6, 7, 8]"\n${doubling}`).replace("expression: has(item.value.classification)", "expression: size(variables.l40) > 0");
    const { findings } = evaluatePolicies(policies(policy), targets(), options());
    expect(findings.map((f) => f.ruleId)).toContain("policy-runtime-error");
    expect(findings.find((f) => f.ruleId === "policy-runtime-error")!.message).toMatch(/variable l2\d: cost is over the limit of 1e\+7 steps/);
  });

  it("points a forEach's failures at their nodes, and applies path waivers, when the interpreter evaluates the policy (a timestamp variable, a `constructor` key)", () => {
    const contract = "apiVersion: v3.1.0\nkind: DataContract\nid: c3\nversion: 1.0.0\nstatus: active\ntags: [ok1, bad, ok2]\nservers:\n  - server: raw\n    type: s3\n    path: /schema/0\nschema:\n  - name: orders\n";
    const policy = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: t
spec:
  match:
    kinds: [DataContract]
  variables:
    - name: cutoff
      expression: timestamp('2024-01-01T00:00:00Z')
  validations:
    - id: tags-known
      forEach: object.tags
      expression: item.startsWith('ok')
    - id: server-encrypted
      forEach: object.servers.filter(s, s.type == 's3')
      expression: has(item.encryption)
`;
    for (const text of [contract, contract.replace("tags:", "constructor: 1\ntags:")]) {
      const where = evaluatePolicies(policies(policy), targets(text), options()).findings.map((f) => [f.ruleId, f.path]);
      expect(where).toEqual([["tags-known", "/tags/1"], ["server-encrypted", "/servers/0"]]);
      const waiver = { rule: "tags-known", path: "/tags/1", justification: "legacy tag kept for the export job", approver: "dpo@example.com", expires: "2099-12-31" };
      expect(evaluatePolicies(policies(policy), targets(text), options({ waivers: [waiver] })).findings.map((f) => f.ruleId)).toEqual(["server-encrypted"]);
    }
  });

  it("points the failures of equal elements of a list the policy built at their own nodes when the interpreter evaluates it", () => {
    // Two tables with the same `{name: id}` column: the interpreter's copies are found by content, and by order among equals.
    const contract = "apiVersion: v3.1.0\nkind: DataContract\nid: c4\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n    properties:\n      - name: id\n  - name: customers\n    properties:\n      - name: id\n      - name: email\n        description: e-mail\n";
    const policy = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: t
spec:
  match:
    kinds: [DataContract]
  variables:
    - name: cutoff
      expression: timestamp('2024-01-01T00:00:00Z')
    - name: columns
      expression: object.schema[0].properties + object.schema[1].properties
  validations:
    - id: column-described
      forEach: variables.columns
      expression: has(item.description)
`;
    // Interpreted (the timestamp variable), and compiled, where the elements are the document's nodes themselves.
    for (const text of [policy, policy.replace(/ {4}- name: cutoff\n.*\n/, "")]) {
      const where = evaluatePolicies(policies(text), targets(contract), options()).findings.map((f) => `${f.path} ${f.line}`);
      expect(where).toEqual(["/schema/0/properties/0 9", "/schema/1/properties/0 12"]);
    }
    // A list with one of two equal elements: which one it is cannot be told, and the last is taken.
    const one = policy.replace("object.schema[0].properties + object.schema[1].properties", `"[{'name': 'x', 'description': 'x'}] + object.schema[1].properties.filter(p, p.name == 'id')"`);
    expect(evaluatePolicies(policies(one), targets(contract), options()).findings.map((f) => f.path)).toEqual(["/schema/1/properties/0"]);
  });

  it("looks for a failure's node by content among the nodes of its shape only, not once per failure through the whole document", () => {
    // A pack's own maps (pii-handling's `protection`) fail without a pathExpression: each failure's item is searched
    // for in the document before its `path` is used. A node of another shape must not be compared once per failure.
    const columns = Array.from({ length: 40 }, (_, i) => `      - name: c${i}\n        logicalType: string\n`).join("");
    const contract = `apiVersion: v3.1.0\nkind: DataContract\nid: c4\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n    properties:\n${columns}`;
    const policy = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: described
spec:
  match:
    kinds: [DataContract]
  validations:
    - id: column-described
      forEach: "properties.map(p, {'path': p.path, 'label': p.name, 'described': has(p.value.description)})"
      expression: item.described
`;
    const [target] = targets(contract);
    const table = (target!.doc.value as { schema: Record<string, unknown>[] }).schema[0]!;
    let keysRead = 0;
    (target!.doc.value as { schema: unknown[] }).schema[0] = new Proxy(table, {
      ownKeys: (node) => {
        keysRead++;
        return Reflect.ownKeys(node);
      },
    });
    const { findings } = evaluatePolicies(policies(policy), [target!], options());
    expect(findings.map((f) => f.path)).toEqual(Array.from({ length: 40 }, (_, i) => `/schema/0/properties/${i}`));
    expect(keysRead).toBeLessThan(10);
  });

  it("a variable that cannot be evaluated fails the rules that read it (and the variables built on it), not the policy's others", () => {
    const policy = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: sla
spec:
  match:
    kinds: [DataContract]
  variables:
    - name: retention
      expression: object.slaProperties.filter(s, s.property == 'retention')
    - name: count
      expression: size(variables.retention)
    - name: id
      expression: object.id
  validations:
    - id: has-status
      expression: has(object.status) && variables.id != ''
    - id: retention-declared
      expression: variables['count'] > 0
    - id: retention-if-any
      expression: "!has(object.slaProperties) || variables.count > 0"
    - id: guard-reads-it
      expression: "has(object.slaProperties) && variables.count > 0"
    - id: tests-the-variable
      expression: "!has(variables.retention) || size(variables.retention) > 0"
    - id: own-error
      expression: "object.status == 'active' ? object.zzz == 1 : variables.count > 0"
`;
    const contract = "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\n";
    const { findings, results } = evaluatePolicies(policies(policy), targets(contract), options());
    // Variables are lazy in a ValidatingAdmissionPolicy: a rule whose guard skips the read decides as if it were not there.
    // has() or `in` over `variables` cannot tell a failed variable from an absent one: the variable's error stands.
    expect(results.map((r) => `${r.rule}:${r.result}`)).toEqual(["has-status:pass", "retention-declared:error", "retention-if-any:pass", "guard-reads-it:fail", "tests-the-variable:error", "own-error:error"]);
    expect(findings.map((f) => f.message)).toEqual([
      "Rule retention-declared of policy sla (policies/pii.yaml) could not be evaluated: variables: variable retention: field not found: slaProperties. Guard missing fields with has().",
      "guard-reads-it: `has(object.slaProperties) && variables.count > 0` is false [policy sla, policies/pii.yaml]",
      "Rule tests-the-variable of policy sla (policies/pii.yaml) could not be evaluated: variables: variable retention: field not found: slaProperties. Guard missing fields with has().",
      // An error of the rule's own, where the failed variable is never read, is that error.
      expect.stringMatching(/^Rule own-error of policy sla \(policies\/pii\.yaml\) could not be evaluated: expression: .*zzz/),
    ]);
  });

  it("reports the failed variable a forEach reads, when its expression reads another failed variable first", () => {
    const policy = `apiVersion: meshkit/v1
kind: Policy
metadata: {name: sla}
spec:
  match: {kinds: [DataContract]}
  variables:
    - {name: retention, expression: "object.slaProperties.filter(s, s.property == 'retention')"}
    - {name: units, expression: "variables.retention.map(s, s.unit)"}
  validations:
    - id: retention-units
      forEach: variables.retention
      expression: variables.units.all(u, u == 'y') && item.value > 0
`;
    const contract = "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\n";
    const { findings, results } = evaluatePolicies(policies(policy), targets(contract), options());
    expect(results.map((r) => `${r.rule}:${r.result}`)).toEqual(["retention-units:error"]);
    // Not "forEach: field not found: retention. Guard missing fields with has()": the variable's own error.
    expect(findings.map((f) => f.message)).toEqual([
      "Rule retention-units of policy sla (policies/pii.yaml) could not be evaluated: variables: variable retention: field not found: slaProperties. Guard missing fields with has().",
    ]);
  });

  it("bounds variables that build on each other when the interpreter runs them (uints): refused before the heap runs out", () => {
    const growing = Array.from({ length: 10 }, (_, i) => `    - name: v${i + 1}\n      expression: ${Array.from({ length: 8 }, () => `variables.v${i}`).join(" + ")}\n`).join("");
    const policy = POLICY.replace("  variables:\n", `  variables:\n    - name: v0\n      expression: "[1u, 1u, 1u, 1u, 1u, 1u, 1u, 1u]"\n${growing}`).replace("expression: has(item.value.classification)", "expression: size(variables.v10) > 0");
    const { findings } = evaluatePolicies(policies(policy), targets(), options());
    expect(findings.find((f) => f.ruleId === "policy-runtime-error")!.message).toMatch(/variable v7: estimated cost 1\.7e\+7 is over the limit of 1e\+7 steps/);
  });

  it("estimates an interpreted comprehension by the lists the policy's variables built, not only the document's", () => {
    const contract = CONTRACT.replace("apiVersion: v3.1.0\n", `apiVersion: v3.1.0\ndescription: {purpose: ${"abcdefghij".repeat(2000)}}\n`);
    const policy = POLICY.replace("  variables:\n", "  variables:\n    - name: chars\n      expression: object.description.purpose.split('')\n").replace("expression: has(item.value.classification)", "expression: variables.chars.all(a, variables.chars.all(b, b != '' || 1u == 2u))");
    const { findings } = evaluatePolicies(policies(policy), targets(contract), options());
    expect(findings.find((f) => f.ruleId === "policy-runtime-error")!.message).toMatch(/estimated cost \d\.\de\+\d+ is over the limit/);
  });

  it("counts what a scan costs: `in` over a list, and searches in a long string, inside a comprehension", () => {
    const contract = CONTRACT.replace("apiVersion: v3.1.0\n", `apiVersion: v3.1.0\ndescription: {purpose: ${"abcdefghij".repeat(5000)}}\n`);
    for (const expression of ["variables.chars.all(a, !((a + '!') in variables.chars))", "variables.chars.all(a, !object.description.purpose.contains(a + '!'))", "variables.chars.all(a, object.description.purpose.indexOf(a + '!') < 0)"]) {
      const policy = POLICY.replace("  variables:\n", "  variables:\n    - name: chars\n      expression: object.description.purpose.split('')\n").replace("expression: has(item.value.classification)", `expression: "${expression}"`);
      const { findings } = evaluatePolicies(policies(policy), targets(contract), options());
      expect([expression, findings.find((f) => f.ruleId === "policy-runtime-error")?.message]).toEqual([expression, expect.stringMatching(/cost is over the limit of 1e\+7 steps/)]);
    }
  });

  it("runs nested macros on a wide table when the inner lists are small: the steps taken count, not the nesting", () => {
    const wide = CONTRACT.replace("slaProperties:", Array.from({ length: 1000 }, (_, i) => `      - name: c${i}\n        logicalType: string\n        tags: [pii]\n`).join("") + "slaProperties:");
    const nested = POLICY.replace("expression: has(item.value.classification)", "expression: params.owners.exists(o, ['owner', 'lead'].exists(r, r == o)) && item.name.size() > 0").replace("minRetentionYears: 7", "minRetentionYears: 7\n    owners: [owner]");
    const { findings, results } = evaluatePolicies(policies(nested), targets(wide), options());
    expect(findings.filter((f) => f.ruleId === "policy-runtime-error")).toEqual([]);
    expect(results.find((r) => r.rule === "pii-classified")?.result).toBe("pass");
  });
});

describe("a forEach rule's default message", () => {
  it("names the element that failed, so failures that land on one node (elements the policy built) are told apart", () => {
    const policy = `apiVersion: meshkit/v1
kind: Policy
metadata: {name: keys}
spec:
  match: {kinds: [DataContract]}
  validations:
    - id: key-lowercase
      forEach: object.customProperties[0].value.map(k, k)
      expression: item == item.lowerAscii()
    - id: tag-known
      forEach: object.tags
      expression: item != 'b'
      message: Tag is unknown.
`;
    const contract = "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\ntags: [a, b]\ncustomProperties:\n  - property: x\n    value: {A: 1, b: 2, C: 3}\n";
    const { findings } = evaluatePolicies(policies(policy), targets(contract), options());
    expect(findings.map((f) => `${f.line} ${f.message}`)).toEqual([
      "1 key-lowercase: `item == item.lowerAscii()` is false for element 0 of its forEach [policy keys, policies/pii.yaml]",
      "1 key-lowercase: `item == item.lowerAscii()` is false for element 2 of its forEach [policy keys, policies/pii.yaml]",
      // A message of the policy's own is used as written.
      "6 Tag is unknown. [policy keys, policies/pii.yaml]",
    ]);
  });
});

describe("compilePolicyText", () => {
  it("says what a rule id may hold, and that path and pathExpression exclude each other, at the right key", () => {
    const badId = compilePolicyText("p.yaml", POLICY.replace("id: pii-classified", "id: R_20")).findings;
    expect(badId.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(["17:11 policy: `id` may contain only lowercase letters, digits and `-`, and must start and end with a letter or digit"]);
    // The policy's name, its variables' and matchConditions' names are said in words too, not as their regular expressions.
    const badNames = compilePolicyText("p.yaml", POLICY.replace("name: pii", "name: PII_Check").replace("name: retention", "name: retention-sla").replace("name: has-pii", "name: has pii")).findings;
    expect(badNames.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "4:9 policy: `name` may contain only lowercase letters, digits and `-`, and must start and end with a letter or digit",
      "9:15 policy: `name` may contain only letters, digits, `-`, `_` and `.`, and must start and end with a letter or digit",
      "14:13 policy: `name` may contain only letters, digits and `_`, and must not start with a digit: expressions read it as `variables.<name>` (write `firstObject` or `first_object`, not `first-object`)",
    ]);
    const both = compilePolicyText("p.yaml", POLICY.replace("      path: /slaProperties\n", "      path: /slaProperties\n      pathExpression: \"'/x'\"\n")).findings;
    expect(both.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(["25:7 policy: `path` and `pathExpression` cannot both be set: keep `path` for a fixed node, or `pathExpression` to compute it"]);
  });

  it("says how to quote an expression YAML or JSON reads as a bool or a number (`expression: false`), not only that it must be a string", () => {
    const at = (from: string, to: string, file = "p.yaml") => compilePolicyText(file, POLICY.replace(from, to)).findings.map((f) => `${f.line}:${f.column} ${f.message}`);
    expect(at("expression: has(item.value.classification)", "expression: False")).toEqual([
      "19:19 policy: `expression` must be a string: YAML reads `False` as a bool, not as the text of an expression; quote it (`expression: 'false'`)",
    ]);
    expect(at("forEach: properties.filter(p, has(p.value.tags) && 'pii' in p.value.tags)", "forEach: 1e3")).toEqual([
      "18:16 policy: `forEach` must be a string: YAML reads `1e3` as a number, not as the text of an expression; quote it (`forEach: '1e3'`)",
    ]);
    expect(at("expression: slaProperties.filter(s, s.name == 'retention')", "expression: 7")).toEqual([
      "15:19 policy: `expression` must be a string: YAML reads `7` as a number, not as the text of an expression; quote it (`expression: '7'`)",
    ]);
    // A JSON policy is told JSON's quotes; a value of another kind (a list) or another key keeps the schema's message alone.
    const json = compilePolicyText("p.json", `{"apiVersion": "meshkit/v1", "kind": "Policy", "metadata": {"name": "j"},\n "spec": {"validations": [{"id": "v", "expression": true}]}}\n`).findings;
    expect(json.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(["2:53 policy: `expression` must be a string: JSON reads `true` as a bool, not as the text of an expression; quote it (`\"expression\": \"true\"`)"]);
    expect(at("expression: has(item.value.classification)", "expression: [a]")).toEqual(["19:19 policy: `expression` must be a string"]);
    expect(at("message: PII contracts keep data at least minRetentionYears years", "message: 42")).toEqual(["23:16 policy: `message` must be a string"]);
  });

  it("reports a meshkit/v1 document of a misspelt kind at its kind, instead of dropping the policy in silence; other documents stay ignored", () => {
    const text = `${POLICY.replace("kind: Policy", "kind: Polcy")}---\napiVersion: meshkit/v1\nkind: Config\n---\napiVersion: v1\nkind: ConfigMap\n`;
    const { policies: compiled, findings } = compilePolicyText("policies/pii.yaml", text);
    expect(compiled).toEqual([]);
    expect(findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`)).toEqual(['policy-invalid 2:7 kind "Polcy" is no meshkit/v1 document a policy pack holds; a policy is `kind: Policy`.']);
  });

  it("reports an expression nested too deeply for the parser as a syntax error, not the stack's RangeError", () => {
    const deep = POLICY.replace("expression: has(item.value.classification)", `expression: ${"(".repeat(5000)}true${")".repeat(5000)}`);
    const { policies: compiled, findings } = compilePolicyText("policies/pii.yaml", deep);
    expect(compiled).toEqual([]);
    expect(findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual(["policy-invalid 19"]);
    expect(findings[0]!.message).toContain("syntax error: the expression is nested too deeply to parse; split it into variables");
  });

  it("refuses a chain the parser reads but every later walk would recurse through, and an over-long expression, as syntax errors", () => {
    // `1 + 1 + …` and `object.a.a…` parse in a loop into trees as deep as they are long.
    const chains = [`${Array(2000).fill("1").join(" + ")} > 0`, `object${".a".repeat(3000)} == 1`];
    for (const chain of chains) {
      const { policies: compiled, findings } = compilePolicyText("policies/pii.yaml", POLICY.replace("expression: has(item.value.classification)", `expression: ${chain}`));
      expect(compiled).toEqual([]);
      expect(findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual(["policy-invalid 19"]);
      expect(findings[0]!.message).toContain("syntax error: the expression is nested too deeply to parse; split it into variables");
    }
    const long = POLICY.replace("expression: has(item.value.classification)", `expression: size([${Array(130_000).fill("1").join(",")}]) > 0`);
    const { policies: compiled, findings } = compilePolicyText("policies/pii.yaml", long);
    expect(compiled).toEqual([]);
    expect(findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual(["policy-invalid 19"]);
    expect(findings[0]!.message).toContain("syntax error: the expression is 260011 characters long, more than the 100000 an expression may hold");
  });

  it("reports a CEL syntax error and an undeclared name at the expression's line", () => {
    const typo = POLICY.replace("expression: has(item.value.classification)", "expression: has(itme.value.classification)").replace("size(variables.retention) > 0 &&", "size(variables.retention) > 0 && &&");
    const { policies: compiled, findings } = compilePolicyText("policies/pii.yaml", typo);
    expect(compiled).toEqual([]);
    expect(findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual(["policy-invalid 19", "policy-invalid 22"]);
    expect(findings[0]!.message).toContain("undeclared reference to 'itme'");
    expect(findings[1]!.message).toContain("syntax error");
  });

  it("says cel-go's optional types are not supported, and what to write instead, rather than a parser's list of expected tokens", () => {
    const messages = (expression: string) => compilePolicyText("policies/pii.yaml", POLICY.replace("expression: has(item.value.classification)", `expression: "${expression}"`)).findings.map((f) => `${f.column} ${f.message.split(" at column")[0]}`);
    const unsupported = "optional types (`x.?field`, `x[?key]`, `optional.of`, `.orValue()`) are not supported; test the field first: `has(x.field) ? x.field : <default>`";
    expect(messages("item.value.?classification.orValue('') != ''")).toEqual([`30 policy pii: syntax error: ${unsupported}`]);
    expect(messages("item.value[?'classification'] == optional.none()")).toEqual([`30 policy pii: syntax error: ${unsupported}`]);
    expect(messages("[?item.value] != [] && {?'a': item} != {}")).toEqual([`21 policy pii: syntax error: ${unsupported}`]);
    expect(messages("optional.of(item).hasValue()")).toEqual([`37 policy pii: unknown function 'hasValue': ${unsupported}`]);
    expect(messages("optional.none() == item")).toEqual([`28 policy pii: unknown function 'optional.none': ${unsupported}`]);
    // A conditional is no optional: its syntax errors read as before.
    expect(messages("item.value ? : 1")).toEqual(["31 policy pii: syntax error: the conditional `?` is not followed by a complete `<then> : <else>`"]);
  });

  it("says how a macro is written when it is called in a shape the parser does not expand, not 'unknown function'", () => {
    const messages = (expression: string) => compilePolicyText("policies/pii.yaml", POLICY.replace("expression: has(item.value.classification)", `expression: "${expression}"`)).findings.map((f) => `${f.column} ${f.message.split(" at column")[0]}`);
    const mapNote = "over a map, x is each key (two-variable forms such as `m.all(k, v, …)` are not supported)";
    // cel-go's two-variable comprehension (an extension) and a literal where the variable goes.
    expect(messages("{'a': 1}.all(k, v, v == 1)")).toEqual([`28 policy pii: all() is a macro, written \`list.all(x, <predicate>)\`, with x a plain name; ${mapNote}`]);
    expect(messages("item.value.exists_one('t', true)")).toEqual([`30 policy pii: exists_one() is a macro, written \`list.exists_one(x, <predicate>)\`, with x a plain name; ${mapNote}`]);
    expect(messages("size(item.value.map(t)) > 0")).toEqual([`35 policy pii: map() is a macro, written \`list.map(x, <value>)\` or \`list.map(x, <predicate>, <value>)\`, with x a plain name; ${mapNote}`]);
    expect(messages("has(item)")).toEqual(["20 policy pii: has() is a macro, written `has(x.field)`, one field selection (for a key that is no identifier: `'key' in x`)"]);
    // A function that is no macro stays a typo.
    expect(messages("item.value.mapp(t, true)")).toEqual(["30 policy pii: unknown function 'mapp'"]);
  });

  it("names what is missing after an incomplete expression, not the parser's 'found = but expecting end of input'", () => {
    const messages = (expression: string) => compilePolicyText("policies/pii.yaml", POLICY.replace("expression: has(item.value.classification)", `expression: "${expression}"`)).findings.map((f) => `${f.column} ${f.message.split(" at column")[0]}`);
    // The parser backtracks to the longest complete expression and names the token after it: the operator, not the operand.
    expect(messages("has(item.value.tags) ==")).toEqual(["41 policy pii: syntax error: `==` is not followed by a complete right operand"]);
    expect(messages("has(item.value.tags) && (item.name")).toEqual(["41 policy pii: syntax error: `&&` is not followed by a complete right operand"]);
    expect(messages("'pii' in")).toEqual(["26 policy pii: syntax error: `in` is not followed by a complete right operand"]);
    expect(messages("size(item.value")).toEqual(["24 policy pii: syntax error: the `(` is not followed by complete arguments and a closing `)`"]);
    expect(messages("item.value.all(t, t")).toEqual(["30 policy pii: syntax error: the `.` is not followed by a complete field name or method call"]);
    expect(messages("item.value[0")).toEqual(["30 policy pii: syntax error: the `[` is not followed by a complete index and a closing `]`"]);
    expect(messages("has(item.value) ? true")).toEqual(["36 policy pii: syntax error: the conditional `?` is not followed by a complete `<then> : <else>`"]);
    expect(messages("has(item.value))")).toEqual(["35 policy pii: syntax error: the `)` closes nothing that is open"]);
    expect(messages("has(item.value) and true")).toEqual(["36 policy pii: syntax error: `and` cannot follow the complete expression before it (an operator such as `&&` missing?)"]);
    // Other syntax errors keep the parser's own words.
    expect(messages("(item.value")).toEqual([expect.stringMatching(/syntax error: found end of input but expecting '\)'$/)]);
  });

  it("refuses at load `item` or `index` outside a forEach validation, where they would never be bound (a comprehension's own `item` is fine)", () => {
    const unbound = POLICY.replace("expression: size(variables.retention) > 0 &&", "expression: object.schema.all(item, has(item.name)) && !has(item.value) && size(variables.retention) > 0 &&").replace(
      "expression: slaProperties.filter(s, s.name == 'retention')",
      "expression: slaProperties.filter(s, s.name == 'retention' && index >= 0)",
    );
    const { policies: compiled, findings } = compilePolicyText("policies/pii.yaml", unbound);
    expect(compiled).toEqual([]);
    expect(findings.map((f) => `${f.ruleId} ${f.line} ${f.message.split(" at column")[0]}`)).toEqual([
      "policy-invalid 15 policy pii: 'index' is bound only in a validation with forEach (its expression, messageExpression and pathExpression), not here",
      "policy-invalid 22 policy pii: 'item' is bound only in a validation with forEach (its expression, messageExpression and pathExpression), not here",
    ]);
  });

  it("refuses an int or uint literal past 64 bits at load, as cel-go does; the smallest int is written as a literal", () => {
    const literal = (expression: string) => compilePolicyText("policies/pii.yaml", POLICY.replace("expression: has(item.value.classification)", `expression: "${expression}"`)).findings.map((f) => f.message.split(" at column")[0]);
    expect(literal("9223372036854775808 - 1 > 0")).toEqual(["policy pii: invalid int literal: out of the 64-bit range"]);
    expect(literal("0x8000000000000000 > 0")).toEqual(["policy pii: invalid int literal: out of the 64-bit range"]);
    expect(literal("18446744073709551616u > 0u")).toEqual(["policy pii: invalid uint literal: out of the 64-bit range"]);
    expect(literal("-9223372036854775808 < 9223372036854775807 && 18446744073709551615u > 0u")).toEqual([]);
  });

  it("gives a variable its expression's type where it is read: a combination no overload accepts is refused at load", () => {
    const typed = (variables: string, expression: string) => {
      const text = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: typed
spec:
  match:
    kinds: [DataContract]
  variables:
${variables}
  validations:
    - id: typed-rule
      expression: "${expression}"
`;
      return compilePolicyText("policies/typed.yaml", text).findings.map((f) => `${f.line} ${f.message.split(" at column")[0]}`);
    };
    const count = "    - name: count\n      expression: size(object.schema)";
    expect(typed(count, "variables.count + 1.0 > 0.0")).toEqual(["13 policy typed: found no matching overload for '_+_' applied to '(int, double)'"]);
    expect(typed(count, "variables.count + 1 > 0")).toEqual([]);
    // A variable read by a later one passes its type on; one whose type no document decides stays dyn.
    expect(typed(`${count}\n    - name: twice\n      expression: variables.count * 2`, "variables.twice.startsWith('x')")).toEqual(["15 policy typed: found no matching overload for 'startsWith' applied to '(int, string)'"]);
    expect(typed("    - name: name\n      expression: object.name", "variables.name + 1 > 0 || variables.name.startsWith('x')")).toEqual([]);
  });

  it("gives a parameter its default's type where it is read: a messageExpression no value can make work is refused at load", () => {
    const typed = (field: string, expression: string) => {
      const text = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: limits
spec:
  match:
    kinds: [DataContract]
  params:
    maxColumns: 3
    ratio: 0.5
    env: dev
    domains: [sales]
    limits: {max: 10}
    unset: null
  validations:
    - id: max-columns
${field === "expression" ? "" : "      expression: size(properties) <= params.maxColumns\n"}      ${field}: "${expression}"
`;
      return compilePolicyText("policies/limits.yaml", text).findings.map((f) => `${f.line}:${f.column} ${f.message.split(" at column")[0]}`);
    };
    // Without the check, each of these fell back to the default text on every document, with no word of why.
    expect(typed("messageExpression", "'At most ' + params.maxColumns + ' columns.'")).toEqual(["18:38 policy limits: found no matching overload for '_+_' applied to '(string, int)'"]);
    expect(typed("messageExpression", "'[' + params['maxColumns'] + ']'")).toEqual(["18:31 policy limits: found no matching overload for '_+_' applied to '(string, int)'"]);
    expect(typed("messageExpression", "params.env + params.ratio")).toEqual(["18:38 policy limits: found no matching overload for '_+_' applied to '(string, double)'"]);
    expect(typed("expression", "size(properties) * params.ratio > 1.0")).toEqual(["17:37 policy limits: found no matching overload for '_*_' applied to '(int, double)'"]);
    expect(typed("expression", "params.domains.startsWith('s')")).toEqual(["17:34 policy limits: found no matching overload for 'startsWith' applied to '(list, string)'"]);
    // What the value's kind allows is accepted; a map's fields, a null default and an undeclared name stay dyn.
    expect(typed("messageExpression", "'At most ' + string(params.maxColumns) + ' columns in ' + params.env + ' (' + params.domains.join(', ') + ').'")).toEqual([]);
    expect(typed("expression", "params.ratio * 2.0 < 2.0 && params.limits.max + 1 > 0 && params.limits.name.startsWith('x') && params.unset + 1 > 0 && has(params.other) && params.other + 1 > 0")).toEqual([]);
    expect(typed("expression", "[1].all(params, params + 1 > 0) && {'maxColumns': 'x'}.exists(k, k != '') && 1 < params.maxColumns")).toEqual([]);
  });

  /** The load-time findings (`line:column message`) of a policy `lists` with `spec` (params, variables) and one validation, `expression`. */
  const listsPolicyFindings = (spec: string) => (expression: string) => {
    const text = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: lists
spec:
  match:
    kinds: [DataContract]
${spec}  validations:
    - id: tagged
      expression: "${expression}"
`;
    return compilePolicyText("policies/lists.yaml", text).findings.map((f) => `${f.line}:${f.column} ${f.message.split(" at column")[0]}`);
  };

  it("gives the elements of a list parameter the type its default's elements all have: a comparison none can pass is refused at load", () => {
    const typed = listsPolicyFindings("  params:\n    tags: [pii, gold]\n    sizes: [1, 2]\n    mixed: [1, a]\n    none: []\n");
    // Without the check, these loaded and failed (or errored) on every document.
    expect(typed("params.tags.exists(t, t > 1)")).toEqual(["15:44 policy lists: found no matching overload for '_>_' applied to '(string, int)'"]);
    expect(typed("params['tags'].all(t, t + 1 > 0)")).toEqual(["15:44 policy lists: found no matching overload for '_+_' applied to '(string, int)'"]);
    expect(typed("params.tags[0] * 2 > 0")).toEqual(["15:35 policy lists: found no matching overload for '_*_' applied to '(string, int)'"]);
    expect(typed("params.sizes.map(s, s.startsWith('a')).size() > 0")).toEqual(["15:41 policy lists: found no matching overload for 'startsWith' applied to '(int, string)'"]);
    // Elements of one type are read as that type; mixed elements, an empty default and a name the macro rebinds stay dyn.
    expect(typed("params.tags.exists(t, t.startsWith('p')) && params.sizes.all(s, s + 1 > 1) && params.mixed.exists(m, m == 1 || m.startsWith('a')) && params.none.all(n, n > 1)")).toEqual([]);
    expect(typed("[1].all(params, params + 1 > 0) && [[1]].exists(params, params[0] > 0)")).toEqual([]);
  });

  it("gives a variable built from a list parameter the type of its elements: a comparison none can pass is refused at load", () => {
    const typed = listsPolicyFindings(`  params:
    tags: [pii, gold]
  variables:
    - name: same
      expression: params.tags
    - name: upper
      expression: params.tags.map(t, t.upperAscii())
    - name: kept
      expression: variables.upper.filter(t, t != 'GOLD')
    - name: lengths
      expression: params.tags.map(t, size(t))
`);
    // Without the element type, each of these loaded and was a runtime error on every document.
    expect(typed("variables.same.exists(t, t > 1)")).toEqual(["21:47 policy lists: found no matching overload for '_>_' applied to '(string, int)'"]);
    expect(typed("variables.upper.exists(t, t > 1)")).toEqual(["21:48 policy lists: found no matching overload for '_>_' applied to '(string, int)'"]);
    expect(typed("variables.kept[0] + 1 > 0")).toEqual(["21:38 policy lists: found no matching overload for '_+_' applied to '(string, int)'"]);
    expect(typed("variables.lengths.all(n, n.startsWith('a'))")).toEqual(["21:46 policy lists: found no matching overload for 'startsWith' applied to '(int, string)'"]);
    // What the elements' type allows is accepted; a map over mixed results and an exists (a bool) stay dyn.
    expect(typed("variables.upper.exists(t, t.startsWith('P')) && variables.lengths.all(n, n + 1 > 1) && variables.kept.size() > 0")).toEqual([]);
    expect(typed("params.tags.map(t, t == 'pii' ? 1 : 'x').all(v, v > 0 || v.startsWith('x'))")).toEqual([]);
  });

  it("checks a time zone or pattern a parameter's string default gives at load, at the parameter's column", () => {
    const text = (defaults: string, expression: string) => `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: zones
spec:
  params:
${defaults}
  validations:
    - id: business-hours
      expression: "${expression}"
`;
    // What a run finds before any document: the pack's findings, then the defaults it reads that `params` does not set over.
    const load = (defaults: string, expression: string, params: Record<string, unknown> = {}) => {
      const { policies, findings } = compilePolicyText("policies/zones.yaml", text(defaults, expression));
      return [...findings, ...unsetParams(policies, params)].map((f) => `${f.line}:${f.column} ${f.message.split(" at column")[0]}`);
    };
    // Without the check, the policy loaded and every document got a runtime error (Invalid time zone specified: europe/paris).
    expect(load("    zone: europe/paris", "timestamp(object.at).getHours(params.zone) < 18")).toEqual([
      '10:50 policy zones: unknown time zone "europe/paris": zone names are case-sensitive, as cel-go reads them: write Europe/Paris (the default of params.zone in spec.params)',
    ]);
    expect(load("    pattern: '[a-z'", "object.name.matches(params['pattern'])")[0]).toMatch(/^10:40 policy zones: invalid regular expression "\[a-z": .* \(the default of params.pattern in spec.params\)$/);
    // A zone or pattern the accessors read, a default of another kind and an undeclared parameter load.
    expect(load("    zone: Europe/Paris\n    offset: '+01:00'\n    pattern: '^[a-z_]+$'", "timestamp(object.at).getHours(params.zone) < 18 && timestamp(object.at).getHours(params.offset) > 8 && object.name.matches(params.pattern)")).toEqual([]);
    expect(load("    zone: 1", "timestamp(object.at).getHours(string(params.zone)) < 18 && timestamp(object.at).getHours(params.other) < 18", { other: "UTC" })).toEqual([]);
    // Beside another condition, or in an `all`, the default is read all the same.
    expect(load("    zone: europe/paris", "object.schema.all(s, has(s.name)) && object.schema.all(s, timestamp(object.at).getHours(params.zone) < 18)")).toEqual([
      '10:108 policy zones: unknown time zone "europe/paris": zone names are case-sensitive, as cel-go reads them: write Europe/Paris (the default of params.zone in spec.params)',
    ]);
  });

  it("leaves a parameter's default zone or pattern alone when a value is set over it, or a condition on the parameter keeps the call from it", () => {
    const text = (expression: string, match = "") => `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: zones
spec:
${match}  params:
    zone: none
    pattern: '*'
  validations:
    - id: business-hours
      expression: "${expression}"
`;
    const load = (expression: string, params: Record<string, unknown> = {}, match = "") => {
      const { policies, findings } = compilePolicyText("policies/zones.yaml", text(expression, match));
      return [...findings, ...unsetParams(policies, params)].map((f) => `${f.line}:${f.column} ${f.message.split(" at column")[0]}`);
    };
    const hours = "timestamp(object.at).getHours(params.zone) < 18";
    // meshkit.yaml (or --params) sets the zone: the default is never read. It was policy-invalid, exit 2, in every domain.
    expect(load(hours, { zone: "Europe/Paris" })).toEqual([]);
    expect(load(hours)).toEqual(['11:50 policy zones: unknown time zone "none": give an IANA name (Europe/Paris) or a fixed offset (+01:00) (the default of params.zone in spec.params)']);
    // A default that means "none" (`zone: none`, `pattern: '*'`), tested before the call reads it.
    expect(load(`params.zone == 'none' || ${hours}`)).toEqual([]);
    expect(load(`params.zone != 'none' ? ${hours} : true`)).toEqual([]);
    expect(load("params.pattern == '*' || object.name.matches(params.pattern)")).toEqual([]);
    expect(load("object.name.matches(params.pattern) || params.pattern == '*'")).toEqual([]);
    // Or a matchCondition on it, which checks no document while the default holds.
    expect(load(hours, {}, "  match:\n    matchConditions:\n      - name: zone-set\n        expression: params.zone != 'none'\n")).toEqual([]);
  });

  it("still refuses a default zone or pattern when the condition on the parameter lets the call run with it", () => {
    const text = (expression: string) =>
      `apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: zones\nspec:\n  params:\n    zone: europe/paris\n    pattern: '[a-z'\n  validations:\n    - id: business-hours\n      expression: "${expression}"\n`;
    const load = (expression: string) => {
      const { policies, findings } = compilePolicyText("policies/zones.yaml", text(expression));
      return [...findings, ...unsetParams(policies, {})].map((f) => `${f.line}:${f.column} ${f.message.split(" (the default")[0]}`);
    };
    const hours = "timestamp(object.at).getHours(params.zone) < 18";
    const zone = 'policy zones: unknown time zone "europe/paris": zone names are case-sensitive, as cel-go reads them: write Europe/Paris';
    // The default is no "none": each guard holds it and lets the call run, so every document would get its error.
    expect(load(`params.zone != '' && ${hours}`)).toEqual([`11:71 ${zone}`]);
    expect(load(`params.zone == 'none' || ${hours}`)).toEqual([`11:75 ${zone}`]);
    expect(load(`size(params.zone) == 0 ? true : ${hours}`)).toEqual([`11:82 ${zone}`]);
    expect(load("params.pattern != '' && object.name.matches(params.pattern)")).toHaveLength(1);
    // A guard that reads the document too cannot be told before one: left alone.
    expect(load(`object.local == true || params.zone == 'none' || ${hours}`)).toEqual([]);
  });

  it("still refuses a default zone when the matchCondition on the parameter holds with it, and leaves it alone when the condition may not", () => {
    const load = (condition: string) => {
      const text = `apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: zones\nspec:\n  match:\n    matchConditions:\n      - name: zone-set\n        expression: "${condition}"\n  params:\n    zone: europe/paris\n  validations:\n    - id: business-hours\n      expression: timestamp(object.at).getHours(params.zone) < 18\n`;
      const { policies, findings } = compilePolicyText("policies/zones.yaml", text);
      return [...findings, ...unsetParams(policies, {})].map((f) => `${f.line}:${f.column}`);
    };
    // `params.zone != ''` holds for europe/paris: every document reaches the call and gets its error.
    expect(load("params.zone != ''")).toEqual(["14:49"]);
    expect(load("params.zone == 'none'")).toEqual([]);
    // One that reads the document too cannot be told before one: left alone.
    expect(load("object.local == true && params.zone != ''")).toEqual([]);
  });

  it("reports a read of a variable that is not declared, or not yet computed, at load with its column", () => {
    const read = (expression: string, at = "expression: has(item.value.classification)") => {
      const { findings } = compilePolicyText("policies/pii.yaml", POLICY.replace(at, `expression: ${expression}`));
      return findings.map((f) => `${f.line}:${f.column} ${f.message}`);
    };
    expect(read("size(variables.retnetion) > 0")).toEqual([
      "19:24 policy pii: undeclared reference to 'variables.retnetion' (it can read variables.retention: a variable sees only those declared before it, a matchCondition none) at column 6 of `size(variables.retnetion) > 0`",
    ]);
    expect(read("has(variables.nope) && variables['retention'] == []")[0]).toContain("'variables.nope'");
    expect(read(`variables["other"] == []`)[0]).toContain("'variables.other'");
    // matchConditions run before the variables; a variable reads only the ones before it.
    expect(read("size(variables.retention) > 0", "expression: properties.exists(p, has(p.value.tags) && 'pii' in p.value.tags)")[0]).toMatch(/^10:26 .*'variables.retention' \(it can read none:/);
    const later = POLICY.replace("      expression: slaProperties.filter(s, s.name == 'retention')\n", "      expression: variables.count > 0\n    - name: count\n      expression: size(slaProperties)\n");
    expect(compilePolicyText("p.yaml", later).findings.map((f) => `${f.line} ${f.message.split(" (")[0]}`)).toEqual(["15 policy pii: undeclared reference to 'variables.count'"]);
    // A comprehension variable named `variables` is not the policy's variables.
    expect(read(`"[{'x': true}].all(variables, variables.x)"`)).toEqual([]);
  });

  it("type-checks expressions at load: an operator no overload accepts, or a validation that cannot be a bool, is a finding at its line", () => {
    const read = (expression: string) => compilePolicyText("policies/pii.yaml", POLICY.replace("expression: has(item.value.classification)", `expression: ${expression}`)).findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`);
    expect(read(`"'abc' - 1 == 2"`)).toEqual(["policy-invalid 19:26 policy pii: found no matching overload for '_-_' applied to '(string, int)' at column 7 of `'abc' - 1 == 2`"]);
    expect(read(`"size(item.value) + 1"`)).toEqual(["policy-invalid 19:20 policy pii: returns int, but a validation's expression must return bool at column 1 of `size(item.value) + 1`"]);
    expect(read(`"item.value.classification == 'a' || item.value.name == 1"`)).toEqual([]);
  });

  it("points a problem in a multi-line expression (| or >-) at the line it is on, not at the block's indicator", () => {
    const at = (block: string) =>
      compilePolicyText("p.yaml", POLICY.replace("expression: has(item.value.classification)", `expression: ${block}`)).findings.map((f) => `${f.line}:${f.column} ${f.message.split(" at column")[0]}`);
    expect(at(">-\n        has(item.value) &&\n        item.value.classificaton.startsWit('x')")).toEqual(["21:33 policy pii: unknown function 'startsWit'"]);
    // A more-indented line, in a literal or a folded block, and a quoted scalar over several lines: still its own line and column.
    expect(at("|\n        has(item.value) &&\n          itme.value")).toEqual(["21:11 policy pii: undeclared reference to 'itme' (policies can read object, kind, file, params, variables, schemaObjects, properties, arrayItems, servers, slaProperties, outputPorts, inputPorts, contracts, unreadFiles, resources, module, item, index)"]);
    expect(at(">-\n        has(item.value) &&\n\n          size(itme) > 0")).toEqual([expect.stringMatching(/^22:16 policy pii: undeclared reference to 'itme'/)]);
    expect(at("\"has(item.value) &&\n        size(itme) > 0\"")).toEqual([expect.stringMatching(/^20:14 policy pii: undeclared reference to 'itme'/)]);
    // One line, plain or quoted: the column inside it (the scalar starts at column 19).
    expect(at("has(item.value) && item.value.size() > 0 && itme")).toEqual([expect.stringMatching(/^19:63 policy pii: undeclared reference to 'itme'/)]);
    expect(at("\"has(item.value) && itme\"")).toEqual([expect.stringMatching(/^19:39 policy pii: undeclared reference to 'itme'/)]);
    // Escapes are one character of the expression written with several: `\"`, `''`, `\u00e9`, `\U0001F600` (two UTF-16 units), a JSON policy's `\"`.
    expect(at(`"item.name == \\"x\\" && itme"`)).toEqual([expect.stringMatching(/^19:42 policy pii: undeclared reference to 'itme'/)]);
    expect(at(`'item.name == ''x'' && itme'`)).toEqual([expect.stringMatching(/^19:42 policy pii: undeclared reference to 'itme'/)]);
    expect(at(`"item.name == \\"\\u00e9\\U0001F600\\" && itme"`)).toEqual([expect.stringMatching(/^19:57 policy pii: undeclared reference to 'itme'/)]);
    const json = (expression: string) =>
      compilePolicyText("p.json", `{\n  "apiVersion": "meshkit/v1", "kind": "Policy", "metadata": {"name": "j"},\n  "spec": {"validations": [{"id": "v", "expression": ${JSON.stringify(expression)}}]}\n}\n`).findings.map((f) => `${f.line}:${f.column}`);
    expect(json(`object.name == "x" && 'a' - 1 == 0`)).toEqual(["3:83"]);
    // An error at the end of a literal block's input is at its last line.
    expect(at("|\n        has(item.value) &&\n        item.value.size() > (")).toEqual([expect.stringMatching(/^21:\d+ /)]);
    // A file with Windows line ends (CRLF, as git checks it out with core.autocrlf): the same lines and columns.
    const crlf = (block: string) =>
      compilePolicyText("p.yaml", POLICY.replace("expression: has(item.value.classification)", `expression: ${block}`).replace(/\n/g, "\r\n")).findings.map((f) => `${f.line}:${f.column} ${f.message.split(" at column")[0]}`);
    expect(crlf(">-\n        has(item.value) &&\n        item.value.classificaton.startsWit('x')")).toEqual(["21:33 policy pii: unknown function 'startsWit'"]);
    expect(crlf("|-  # the check\n        has(item.value) &&\n          itme.value")).toEqual([expect.stringMatching(/^21:11 policy pii: undeclared reference to 'itme'/)]);
    expect(crlf(">\n        has(item.value) &&\n\n          size(itme) > 0")).toEqual([expect.stringMatching(/^22:16 policy pii: undeclared reference to 'itme'/)]);
  });

  it("refuses a variable or matchCondition name given twice in a policy, at the second one", () => {
    const twice = POLICY.replace("  validations:\n", "    - name: retention\n      expression: slaProperties\n  validations:\n").replace("    matchConditions:\n", "    matchConditions:\n      - name: has-pii\n        expression: 'true'\n");
    const { policies: compiled, findings } = compilePolicyText("p.yaml", twice);
    expect(compiled).toEqual([]);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "11:15 policy pii: matchCondition name has-pii is already used by matchCondition 1; names must be unique within a policy",
      "18:13 policy pii: variable name retention is already used by variable 1; names must be unique within a policy",
    ]);
  });

  it("refuses a rule id that is one of meshkit's own rules, at the id: its failures would read as meshkit's (policy-invalid: exit 2)", () => {
    const named = (id: string) => compilePolicyText("p.yaml", POLICY.replace("id: pii-retention", `id: ${id}`));
    // The engine's, the input rules, and every other stage's (lint's contract-owner, compat's domain-changed, contract-test's quality-sql).
    for (const id of ["policy-invalid", "yaml-syntax", "waiver-expired", "contract-owner", "domain-changed", "quality-sql"]) {
      const { policies: compiled, findings } = named(id);
      expect(compiled).toEqual([]);
      expect(findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`)).toEqual([
        `policy-invalid 21:11 policy pii: rule id ${id} is one of meshkit's own rules (docs/rules/${id}.md); give the rule another id`,
      ]);
    }
    expect(named("pii-retention-years").findings).toEqual([]);
  });

  it("refuses a docsUrl that is no http(s) URL, at its value, where reports would link a page that does not exist", () => {
    const linked = (policyUrl: string, ruleUrl: string) =>
      compilePolicyText("p.yaml", POLICY.replace("  name: pii\n", `  name: pii\n  docsUrl: ${policyUrl}\n`).replace("      severity: warning\n", `      severity: warning\n      docsUrl: ${ruleUrl}\n`));
    const bad = linked("ftp://wiki.acme.example/pii", "not a url");
    expect(bad.policies).toEqual([]);
    expect(bad.findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`)).toEqual([
      'policy-invalid 5:12 policy: `docsUrl` must be an http or https URL, not "ftp://wiki.acme.example/pii": findings link to it',
      'policy-invalid 27:16 policy: `docsUrl` must be an http or https URL, not "not a url": findings link to it',
    ]);
    const good = linked("https://wiki.acme.example/pii", "http://wiki.acme.example/pii#retention");
    expect(good.findings).toEqual([]);
    expect(good.policies[0]!.validations.map((v) => v.docsUrl)).toEqual(["https://wiki.acme.example/pii", "http://wiki.acme.example/pii#retention"]);
  });

  it("refuses a blank message or one with a line break, at its value: a finding is one line, as a ValidatingAdmissionPolicy's message", () => {
    const withMessage = (message: string) => compilePolicyText("p.yaml", POLICY.replace("      message: PII contracts keep data at least minRetentionYears years\n", `      message: ${message}\n`));
    for (const [message, error] of [
      ["|\n        Keep data\n        long enough.", "policy-invalid 23:16 policy: `message` holds a line break, and a finding is one line: write it on one line (`>` folds a paragraph's lines into one; `|` keeps them)"],
      ['"two\\nlines"', "policy-invalid 23:16 policy: `message` holds a line break, and a finding is one line: write it on one line (`>` folds a paragraph's lines into one; `|` keeps them)"],
      ['"  "', "policy-invalid 23:16 policy: `message` is blank: write the text of the finding, or leave `message` out"],
    ]) {
      const { policies: compiled, findings } = withMessage(message!);
      expect(compiled).toEqual([]);
      expect(findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`)).toEqual([error]);
    }
    // A block scalar's final line break is not the text's: `>` over one paragraph, `|` over one line.
    for (const message of [">-\n        Keep data\n        long enough.", "|-\n        Keep data long enough.", ">\n        Keep data\n        long enough.", "|\n        Keep data long enough."]) {
      const { policies: compiled, findings } = withMessage(message);
      expect(findings).toEqual([]);
      expect(compiled[0]!.validations.map((v) => v.message)).toContain("Keep data long enough.");
    }
  });

  it("refuses a validation path that names no node (a trailing /)", () => {
    const policy = (path: string) =>
      `apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: p\nspec:\n  match:\n    kinds: [DataContract]\n  validations:\n    - id: named\n      expression: has(object.name)\n      path: ${JSON.stringify(path)}\n`;
    expect(compilePolicyText("p.yaml", policy("/name")).findings).toEqual([]);
    expect(compilePolicyText("p.yaml", policy("/schema/")).findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`)).toEqual([
      'policy-invalid 11:13 policy: `path` must be a JSON pointer to a node: "" for the whole document, or one starting with / and not ending with it (/schema/0/properties/1)',
    ]);
  });

  it("reports schema problems in a policy at their key", () => {
    const { findings } = compilePolicyText("p.yaml", POLICY.replace("severity: warning", "severity: loud"));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "policy-invalid", line: 25 });
  });

  it("rejects unknown functions", () => {
    const result = compileExpression("object.name.toUpper() == 'X'");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toContain("unknown function 'toUpper'");
  });
});

describe("loadPacks", () => {
  const pack = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-packs-"));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  };

  it("reports a rule id used twice in one policy at the second one, as across policies", () => {
    const twice = POLICY.replace("    - id: pii-retention", "    - id: pii-classified");
    const one = loadPacks(["."], pack({ "pii.yaml": twice })).findings;
    expect(one.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(["pii.yaml:21:11 policy-invalid"]);
    expect(one[0]!.message).toContain("already used by another rule of this policy (line 17)");
    // Across policies: at the rule of the policy loaded later (files in sorted order).
    // The same pack named twice (two spellings of one path, a built-in pack repeated) is loaded once.
    const dir = pack({ "pii.yaml": POLICY });
    expect(loadPacks([".", "./", dir], dir)).toMatchObject({ findings: [], policies: [{ name: "pii" }] });
    expect(loadPacks(["builtin:platform-baseline", "builtin:platform-baseline"], dir).findings).toEqual([]);
    const two = loadPacks(["."], pack({ "pii.yaml": POLICY, "other.yaml": POLICY.replace("name: pii", "name: other") })).findings;
    expect(two.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      "pii.yaml:17 rule id pii-classified of policy pii is already used by policy other (other.yaml); rule ids must be unique across the packs; to replace that rule with this one, turn it off in meshkit.yaml (policy.rules: {pii-classified: off}) and give this one an id of its own",
      "pii.yaml:21 rule id pii-retention of policy pii is already used by policy other (other.yaml); rule ids must be unique across the packs; to replace that rule with this one, turn it off in meshkit.yaml (policy.rules: {pii-retention: off}) and give this one an id of its own",
    ]);
  });

  it("loads a policy file that two packs hold once, where first named: a folder and one of its files, a folder and a link to it", () => {
    const dir = pack({ "policies/pii.yaml": POLICY, "policies/other.yaml": POLICY.replace("name: pii", "name: other").replace(/id: pii-/g, "id: other-") });
    symlinkSync(join(dir, "policies"), join(dir, "linked"));
    const names = (packs: string[]) => {
      const loaded = loadPacks(packs, dir);
      expect(loaded.findings).toEqual([]);
      return loaded.policies.map((p) => `${p.name} ${p.file}`);
    };
    expect(names(["policies", "policies/pii.yaml"])).toEqual(["other policies/other.yaml", "pii policies/pii.yaml"]);
    expect(names(["policies/pii.yaml", "policies"])).toEqual(["pii policies/pii.yaml", "other policies/other.yaml"]);
    expect(names(["policies", "linked"])).toEqual(["other policies/other.yaml", "pii policies/pii.yaml"]);
  });

  it("loads a folder whose only policy file an earlier pack already loaded, beside files that hold no policy, without calling it empty", () => {
    const dir = pack({ "policies/pii.yaml": POLICY, "policies/params.yaml": "requiredTags: [Domain]\n" });
    const loaded = loadPacks(["policies/pii.yaml", "policies"], dir);
    expect(loaded.findings).toEqual([]);
    expect(loaded.policies.map((p) => `${p.name} ${p.file}`)).toEqual(["pii policies/pii.yaml"]);
  });

  it("reports a policy name used twice across packs at the later policy's metadata.name", () => {
    const platform = pack({ "pii.yaml": POLICY });
    const domain = pack({ "copy.yaml": POLICY.replace("id: pii-classified", "id: domain-classified").replace("id: pii-retention", "id: domain-retention") });
    const { findings, policies } = loadPacks([platform, domain], domain);
    expect(policies.map((p) => p.name)).toEqual(["pii", "pii"]);
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
      `copy.yaml:4:9 policy-invalid policy name pii is already used by the policy in ${policies[0]!.file}; policy names must be unique across the packs`,
    ]);
  });

  it("reports a name or rule id the project's pack shares with a built-in one at the project's, whichever pack is listed first", () => {
    const domain = pack({ "own.yaml": "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: ownership\nspec:\n  validations:\n    - id: owner-declared\n      expression: 'true'\n" });
    const expected = [
      "own.yaml:4:9 policy name ownership is already used by the policy in builtin:platform-baseline/ownership.yaml; policy names must be unique across the packs",
      "own.yaml:7:11 rule id owner-declared of policy ownership is already used by policy ownership (builtin:platform-baseline/ownership.yaml); rule ids must be unique across the packs; to replace that rule with this one, turn it off in meshkit.yaml (policy.rules: {owner-declared: off}) and give this one an id of its own",
    ];
    for (const packs of [["builtin:platform-baseline", "."], [".", "builtin:platform-baseline"]]) {
      const { findings, policies } = loadPacks(packs, domain);
      expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual(expected);
      // The packs keep their order: only where a clash is reported changes.
      expect(policies[0]!.file.startsWith("builtin:")).toBe(packs[0] === "builtin:platform-baseline");
    }
  });

  it("refuses a pack that holds no policy, and an empty pack path: they would pass every document", () => {
    const dir = pack({ "contracts/orders.odcs.yaml": CONTRACT, "empty/tests/fixture.yaml": CONTRACT });
    mkdirSync(join(dir, "nothing"));
    expect(() => loadPacks(["contracts"], dir)).toThrow(new UsageError("policy pack contracts holds no policy: no `kind: Policy` document in its 1 file"));
    expect(() => loadPacks(["nothing"], dir)).toThrow("policy pack nothing holds no policy: no .yaml, .yml or .json file");
    expect(() => loadPacks(["empty"], dir)).toThrow(UsageError);
    expect(() => loadPacks([""], dir)).toThrow("policy pack path is empty");
  });

  it("says that a pack of Rego, a wasm module or an OPA bundle runs on an OPA server, not that it holds nothing", () => {
    const dir = pack({ "rego/deny.rego": "package meshkit.contracts\n", "wasm/policy.wasm": "\0asm\u0001\0\0\0", "bundle.tar.gz": "\u001f\u008b\u0008\0", "mixed/deny.rego": "package x\n", "mixed/pii.yaml": POLICY });
    expect(() => loadPacks(["rego"], dir)).toThrow(
      new UsageError("policy pack rego holds Rego (deny.rego), not CEL `kind: Policy` documents: Rego runs on an OPA server (`opa run --server <folder>`): set policy.opa.url and policy.opa.package (see docs/policy-opa.md)"),
    );
    expect(() => loadPacks(["rego/deny.rego"], dir)).toThrow("policy pack rego/deny.rego holds Rego (deny.rego), not CEL `kind: Policy` documents: Rego runs on an OPA server");
    // The wasm path is the documented "not supported in this build", not a complaint about binary content.
    for (const wasm of ["wasm", "wasm/policy.wasm"]) {
      expect(() => loadPacks([wasm], dir)).toThrow(
        `holds Rego (policy.wasm), not CEL \`kind: Policy\` documents: Rego wasm bundles are not supported in this build: run an OPA server and set policy.opa.url (see docs/policy-opa.md)`,
      );
    }
    expect(() => loadPacks(["bundle.tar.gz"], dir)).toThrow("policy pack bundle.tar.gz holds Rego (bundle.tar.gz), not CEL `kind: Policy` documents: an OPA bundle is served by an OPA server");
    // Rego beside CEL policies is the OPA server's (`opa run --server mixed/`); the pack loads its policies.
    expect(loadPacks(["mixed"], dir)).toMatchObject({ findings: [], policies: [{ name: "pii" }] });
  });
});

describe("numbers, as CEL types them", () => {
  const NUMBERS = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: numbers
spec:
  match:
    kinds: [DataContract]
  params:
    minYears: 7
    ratio: 0.5
  variables:
    - name: years
      expression: slaProperties.filter(s, s.value.property == 'retention').map(s, s.value.value)
  validations:
    - id: int-arithmetic
      expression: object.slaProperties.exists(s, s.property == 'retention' && s.value * 12 >= params.minYears * 12)
    - id: int-variable
      expression: variables.years[0] + 1 == 4 && type(variables.years[0]) == int
    - id: double-stays-double
      expression: params.ratio * 2.0 == 1.0 && type(params.ratio) == double && object.slaProperties[1].value * 2.0 == 5.0
    - id: heterogeneous-comparison
      expression: object.slaProperties[0].value < 3.5 && object.slaProperties[0].value == 3.0 && object.slaProperties[1].value > 2
`;
  const contract = (extra = "") => `${CONTRACT.replace("slaProperties:\n", `${extra}slaProperties:\n`)}  - property: latency\n    value: 2.5\n`;

  it("reads a document's and a parameter's whole number as an int, as a ValidatingAdmissionPolicy does, and any other as a double", () => {
    // Compiled code, then @bufbuild/cel: the same answers.
    for (const evaluate of [evaluatePolicies, interpreted]) {
      const text = contract();
      const { findings, results } = evaluate(policies(NUMBERS), targets(text), options());
      expect(results.map((r) => `${r.rule} ${r.result}`), text).toEqual(["int-arithmetic fail", "int-variable pass", "double-stays-double pass", "heterogeneous-comparison pass"]);
      expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([expect.stringMatching(/^int-arithmetic /)]);
    }
    // --params and meshkit.yaml's values too.
    const { results } = evaluatePolicies(policies(NUMBERS), targets(contract()), options({ params: { minYears: 3 } }));
    expect(results.find((r) => r.rule === "int-arithmetic")?.result).toBe("pass");
  });

  it("reads a whole number written as a double (`7.0`, `1e3`) as a double, in a document and a policy's defaults, on both evaluators", () => {
    const written = `apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: written}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    ratio: 1.0\n  validations:\n    - id: doubles\n      expression: params.ratio * 0.5 == 0.5 && object.share * 0.5 == 3.5 && type(object.share) == double && object.limit * 2.0 == 2000.0\n    - id: ints\n      expression: object.slaProperties[0].value * 12 == 36\n`;
    for (const evaluate of [evaluatePolicies, interpreted]) {
      const { results } = evaluate(policies(written), targets(contract("share: 7.0\nlimit: 1e3\n")), options());
      expect(results.map((r) => `${r.rule} ${r.result} ${r.message ?? ""}`), evaluate.name).toEqual(["doubles pass ", "ints pass "]);
    }
  });

  it("reads a whole number past 2^53 exactly, in a document and a policy's defaults, on both evaluators", () => {
    const exact = `apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: exact}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    limit: 9007199254740993\n  validations:\n    - id: past-2-53\n      expression: object.rows > 9007199254740992 && object.rows == params.limit && object.rows - 9007199254740992 == 1 && object.max + 0 == 9223372036854775807\n`;
    for (const evaluate of [evaluatePolicies, interpreted]) {
      const { results } = evaluate(policies(exact), targets(contract("rows: 9007199254740993\nmax: 9223372036854775807\n")), options());
      expect(results.map((r) => `${r.rule} ${r.result} ${r.message ?? ""}`), evaluate.name).toEqual(["past-2-53 pass "]);
    }
  });

  it("reads the contracts index's numbers as ints too", () => {
    const reader = `apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: reader}\nspec:\n  match: {kinds: [DataContract]}\n  validations:\n    - id: indexed\n      expression: contracts['c1'].slaProperties[0].value * 12 == 36\n`;
    const [target] = targets(contract());
    const { results } = evaluatePolicies(policies(reader), [target!], options({ contracts: { c1: target!.doc.value } }));
    expect(results.map((r) => `${r.rule} ${r.result} ${r.message ?? ""}`)).toEqual(["indexed pass "]);
  });
});
