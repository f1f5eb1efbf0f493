import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_RESPONSE_BYTES, UsageError, loadText } from "@meshkit/core";
import { startOversizedServer } from "@meshkit/core/testing/oversized";
import { type PolicyTarget, waiverMatcher } from "./engine.js";
import { DEFAULT_OPA_TIMEOUT_MS, OPA_CONCURRENCY, evaluateWasmBundle, evaluateWithOpa, opaInput } from "./opa.js";
import { type OpaTestPolicy, type OpaTestServer, closedPort, startOpaTestServer } from "./opa-test-server.js";
import { targetsOf } from "./targets.js";

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: orders
name: orders
version: 1.0.0
status: active
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
      - name: email
        logicalType: string
`;

/** The document of a file, as policy-check checks it (a mapping meshkit does not read as infrastructure, as in a file named explicitly). */
function load(file: string, text: string = CONTRACT): PolicyTarget {
  const { documents, findings } = loadText(file, text);
  expect(findings).toEqual([]);
  return targetsOf(documents, true)[0]!;
}

const servers: OpaTestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  vi.unstubAllEnvs();
});

async function serve(policies: Record<string, OpaTestPolicy>, options?: Parameters<typeof startOpaTestServer>[1]): Promise<OpaTestServer> {
  const server = await startOpaTestServer(policies, options);
  servers.push(server);
  return server;
}

/** No token from the developer's own environment leaks into a test. */
const noEnv = { env: {} };

async function usageError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  const message = (error as UsageError).message;
  expect((error as UsageError).exitCode).toBe(2);
  expect(message).not.toContain("\n");
  return message;
}

describe("evaluateWithOpa against a local server that answers like OPA's Data API", () => {
  it("POSTs {input: {kind, file, document, apiVersion, params}} to /v1/data/<package path>", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny: [] }) });
    const doc = load("contracts/orders.yaml");
    await evaluateWithOpa([doc], { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe("/v1/data/meshkit/contracts");
    expect(request!.contentType).toBe("application/json");
    expect(request!.authorization).toBeUndefined();
    expect(request!.body).toEqual({ input: { kind: "DataContract", file: "contracts/orders.yaml", document: doc.doc.value, apiVersion: "v3.1.0", params: {} } });
    // The run's parameters (meshkit.yaml's policy.params under --params) go with every document.
    await evaluateWithOpa([doc], { url: server.url, package: "meshkit.contracts" }, { ...noEnv, params: { minRetentionYears: 10 } });
    expect(server.requests[1]!.body).toMatchObject({ input: { file: "contracts/orders.yaml", params: { minRetentionYears: 10 } } });
  });

  it("names a document by the kind policy-check checks it as, as CEL policies see it: infrastructure is Infrastructure, whatever its own kind", () => {
    // Its own kind and apiVersion stay in the document (`kind: Config` is a kubeconfig's, not meshkit.yaml's).
    expect(opaInput(load("kubeconfig.yaml", "apiVersion: v1\nkind: Config\nclusters: []\n"))).toMatchObject({ kind: "Infrastructure", apiVersion: "v1", document: { kind: "Config" } });
    expect(opaInput(load("k.yaml", "apiVersion: v1\nkind: ConfigMap\n"))).toMatchObject({ kind: "Infrastructure", apiVersion: "v1" });
    expect(opaInput(load("main.tf.json", '{"resource": {"aws_s3_bucket": {"raw": {}}}}'))).toEqual({ kind: "Infrastructure", file: "main.tf.json", document: { resource: { aws_s3_bucket: { raw: {} } } }, apiVersion: null, params: {} });
    expect(opaInput(load("x.yaml", "a: 1\n"))).toEqual({ kind: "Infrastructure", file: "x.yaml", document: { a: 1 }, apiVersion: null, params: {} });
    expect(opaInput(load("meshkit.yaml", "apiVersion: meshkit/v1\nkind: Config\n"))).toMatchObject({ kind: "Config", apiVersion: "meshkit/v1" });
  });

  it("maps deny strings to error findings on the document, with default rule ids and the package in the message", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny: ["contract must name an owner", "contract must have an SLA"] }) });
    const { findings, results } = await evaluateWithOpa([load("orders.yaml")], { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(findings).toEqual([
      { ruleId: "opa.contracts.deny", severity: "error", message: "contract must name an owner [OPA meshkit.contracts]", file: "orders.yaml", line: 1, column: 1, endLine: 14, endColumn: 1, path: "", stage: "policy" },
      expect.objectContaining({ ruleId: "opa.contracts.deny", severity: "error", message: "contract must have an SLA [OPA meshkit.contracts]", line: 1, column: 1 }),
    ]);
    expect(results).toEqual([
      { policy: "opa:meshkit.contracts", rule: "opa.contracts.deny", result: "fail", resource: "orders.yaml", message: "contract must name an owner" },
      { policy: "opa:meshkit.contracts", rule: "opa.contracts.deny", result: "fail", resource: "orders.yaml", message: "contract must have an SLA" },
    ]);
  });

  it("reads conftest's suffixed rules (deny_<name>, violation_<name>, warn_<name>) as deny, violation and warn: never a silent pass", async () => {
    const server = await serve({
      "meshkit.contracts": () => ({
        warn: [],
        deny_unencrypted: ["bucket raw is not encrypted"],
        violation_tags: [{ msg: "bucket raw has no tags" }],
        warn_description: ["describe the contract"],
        denylist: ["not a deny rule: no underscore"],
        deny_: ["not a deny rule: nothing after the underscore"],
      }),
    });
    const { findings, results } = await evaluateWithOpa([load("orders.yaml")], { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ["opa.contracts.deny_unencrypted", "error", "bucket raw is not encrypted [OPA meshkit.contracts]"],
      ["opa.contracts.violation_tags", "error", "bucket raw has no tags [OPA meshkit.contracts]"],
      ["opa.contracts.warn_description", "warning", "describe the contract [OPA meshkit.contracts]"],
    ]);
    expect(results.map((r) => r.result)).toEqual(["fail", "fail", "warn"]);
  });

  it("honours conftest's exception rule: the deny_/violation_ rules it names are skipped, warn and other rules still count", async () => {
    const server = await serve({
      "meshkit.contracts": () => ({
        deny: ["bare deny"],
        deny_run_as_root: ["runs as root"],
        violation_run_as_root: [{ msg: "runs as root (violation)" }],
        deny_tags: ["has no tags"],
        warn_run_as_root: ["warned about root"],
        // A set of lists of rule names, as conftest writes `exception contains rules if { rules := ["run_as_root"] }`.
        exception: [["run_as_root"]],
      }),
    });
    const { findings, results } = await evaluateWithOpa([load("orders.yaml")], { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(findings.map((f) => f.ruleId)).toEqual(["opa.contracts.deny", "opa.contracts.deny_tags", "opa.contracts.warn_run_as_root"]);
    expect(results.map((r) => [r.rule, r.result, r.message])).toEqual([
      ["opa.contracts.deny", "fail", "bare deny"],
      ["opa.contracts.deny_run_as_root", "skip", "runs as root (excepted by the exception rule of package meshkit.contracts)"],
      ["opa.contracts.deny_tags", "fail", "has no tags"],
      ["opa.contracts.violation_run_as_root", "skip", "runs as root (violation) (excepted by the exception rule of package meshkit.contracts)"],
      ["opa.contracts.warn_run_as_root", "warn", "warned about root"],
    ]);
    // An empty name excepts the bare deny and violation rules; an empty exception set excepts nothing.
    const bare = await serve({ "meshkit.contracts": () => ({ deny: ["bare deny"], deny_tags: ["has no tags"], exception: [[""]] }) });
    expect((await evaluateWithOpa([load("orders.yaml")], { url: bare.url, package: "meshkit.contracts" }, noEnv)).findings.map((f) => f.ruleId)).toEqual(["opa.contracts.deny_tags"]);
    const none = await serve({ "meshkit.contracts": () => ({ deny_tags: ["has no tags"], exception: [] }) });
    expect((await evaluateWithOpa([load("orders.yaml")], { url: none.url, package: "meshkit.contracts" }, noEnv)).findings.map((f) => f.ruleId)).toEqual(["opa.contracts.deny_tags"]);
  });

  it("refuses an exception rule it cannot read, rather than guessing what it excepts", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny_tags: ["has no tags"], exception: [[{ rule: "tags" }]] }) });
    expect(await usageError(evaluateWithOpa([load("orders.yaml")], { url: server.url, package: "meshkit.contracts" }, noEnv))).toContain(
      'the result of package meshkit.contracts has exception[0][0] = an object, expected rule names such as "run_as_root" (for deny_run_as_root)',
    );
  });

  it("a result with only conftest's suffixed rules is read, not refused", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny_owner: [] }) });
    const { findings, results } = await evaluateWithOpa([load("orders.yaml")], { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(findings).toEqual([]);
    expect(results.map((r) => r.result)).toEqual(["pass"]);
  });

  it("names a blank message by where it is in the answer: a finding is never blank", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny: [" "], warn: [{ msg: "" }] }) });
    const { findings } = await evaluateWithOpa([load("orders.yaml")], { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(findings.map((f) => f.message)).toEqual(["deny[0] (no message) [OPA meshkit.contracts]", "warn[0] (no message) [OPA meshkit.contracts]"]);
  });

  it("places object messages at their path, uses their rule id, and reads msg or message", async () => {
    const server = await serve({
      "meshkit.contracts": () => ({
        deny: [
          { msg: "email is personal data: classify it", path: "/schema/0/properties/1", rule: "pii-classified" },
          { message: "status must be active or retired", path: ["status"] },
        ],
      }),
    });
    const doc = load("orders.yaml");
    const { findings, results } = await evaluateWithOpa([doc], { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(findings[0]).toMatchObject({ ruleId: "pii-classified", severity: "error", line: 12, column: 9, path: "/schema/0/properties/1", message: "email is personal data: classify it [OPA meshkit.contracts]" });
    expect(findings[0]).toMatchObject(doc.doc.locate("/schema/0/properties/1"));
    expect(findings[1]).toMatchObject({ ruleId: "opa.contracts.deny", line: 6, column: 9, path: "/status" });
    expect(results.map((r) => r.rule)).toEqual(["pii-classified", "opa.contracts.deny"]);
  });

  it("points a path that does not exist at its deepest existing ancestor", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny: [{ msg: "add an SLA", path: "/slaProperties/0" }] }) });
    const doc = load("orders.yaml");
    const { findings } = await evaluateWithOpa([doc], { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(findings[0]).toMatchObject({ line: 1, column: 1, path: "/slaProperties/0" });
  });

  it("maps warn to warnings, violation to errors, and honours a message's own severity", async () => {
    const server = await serve({
      "platform.rules": () => ({
        deny: [{ msg: "only a hint", severity: "info" }],
        violation: [{ msg: "no owner", path: "/id" }],
        warn: ["describe the contract", { msg: "really bad", severity: "error" }],
      }),
    });
    const { findings, results } = await evaluateWithOpa([load("orders.yaml")], { url: server.url, package: "platform.rules" }, noEnv);
    expect(findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([
      ["opa.rules.deny", "info", 1],
      ["opa.rules.violation", "error", 3],
      ["opa.rules.warn", "warning", 1],
      ["opa.rules.warn", "error", 1],
    ]);
    expect(results.map((r) => r.result)).toEqual(["warn", "fail", "warn", "fail"]);
  });

  it("reads a message's severity in any case, and the security scale of Trivy, Checkov or Regula packs (CRITICAL/HIGH error, MEDIUM warning, LOW info)", async () => {
    const words = ["ERROR", "Warning", "WARN", "Info", "CRITICAL", "HIGH", "MEDIUM", "Moderate", "LOW", "note"];
    const server = await serve({ "platform.rules": () => ({ deny: words.map((severity) => ({ msg: severity, severity })) }) });
    const { findings } = await evaluateWithOpa([load("orders.yaml")], { url: server.url, package: "platform.rules" }, noEnv);
    expect(findings.map((f) => `${f.message.split(" ")[0]} ${f.severity}`).sort()).toEqual(
      ["ERROR error", "Warning warning", "WARN warning", "Info info", "CRITICAL error", "HIGH error", "MEDIUM warning", "Moderate warning", "LOW info", "note info"].sort(),
    );
  });

  it("applies meshkit.yaml waivers to OPA messages by rule, document and path: a skip result with the waiver and a suppressed finding, no finding", async () => {
    const server = await serve({
      "meshkit.contracts": () => ({
        deny: [
          { msg: "email is personal data: classify it", path: "/schema/0/properties/1", rule: "opa-pii" },
          { msg: "order_id is personal data?", path: "/schema/0/properties/0", rule: "opa-pii" },
        ],
        warn: ["describe the contract"],
      }),
    });
    const waivers = [
      { rule: "opa-pii", document: "orders", path: "/schema/0/properties/1", justification: "email is hashed upstream (DATA-77)", approver: "dpo@acme.example", expires: "2026-12-31" },
      { rule: "opa.contracts.warn", document: "other-*.yaml", justification: "not this document, so no effect", approver: "dpo@acme.example", expires: "2026-12-31" },
    ];
    const opa = { url: server.url, package: "meshkit.contracts" };
    const { findings, results, waived } = await evaluateWithOpa([load("orders.yaml")], opa, { ...noEnv, waive: waiverMatcher({ waivers, today: "2026-12-31" }) });
    expect(findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(["opa-pii /schema/0/properties/0", "opa.contracts.warn "]);
    // The waived message, located as a finding would be, with its waiver: reports show it apart (SARIF suppressions).
    expect(waived).toEqual([expect.objectContaining({ ruleId: "opa-pii", severity: "error", path: "/schema/0/properties/1", suppression: { approver: "dpo@acme.example", expires: "2026-12-31", justification: "email is hashed upstream (DATA-77)" } })]);
    expect(results.map((r) => `${r.rule} ${r.result}`)).toEqual(["opa-pii skip", "opa-pii fail", "opa.contracts.warn warn"]);
    expect(results[0]).toMatchObject({ message: "email is personal data: classify it", waiver: { approver: "dpo@acme.example", expires: "2026-12-31", justification: "email is hashed upstream (DATA-77)" } });
    // The day after its expiry a waiver no longer applies.
    const expired = await evaluateWithOpa([load("orders.yaml")], opa, { ...noEnv, waive: waiverMatcher({ waivers, today: "2027-01-01" }) });
    expect(expired.findings.map((f) => f.ruleId)).toEqual(["opa-pii", "opa-pii", "opa.contracts.warn"]);
  });

  it("does not turn allow: false into a new error when its deny messages are waived", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ allow: false, deny: [{ msg: "no owner", rule: "opa-owner" }], violations: ["no owner"] }) });
    const waivers = [{ rule: "opa-owner", justification: "owner is being appointed (DATA-12)", approver: "lead@acme.example", expires: "2026-12-31" }];
    const { findings, results } = await evaluateWithOpa([load("orders.yaml")], { url: server.url, package: "meshkit.contracts" }, { ...noEnv, waive: waiverMatcher({ waivers, today: "2026-06-01" }) });
    expect(findings).toEqual([]);
    expect(results.map((r) => `${r.rule} ${r.result}`)).toEqual(["opa-owner skip"]);
  });

  it("reads allow: false with violations or reasons as errors, and allow: false alone as one error", async () => {
    const server = await serve({
      "gate.with_violations": () => ({ allow: false, violations: [{ msg: "no owner", path: "/id" }] }),
      "gate.with_reasons": () => ({ allow: false, reasons: ["retired contracts cannot change"] }),
      "gate.bare": () => ({ allow: false }),
      "gate.open": () => ({ allow: true, violations: ["ignored when allowed"] }),
      "gate.both": () => ({ allow: false, deny: ["denied once"], violations: ["denied once"] }),
    });
    const doc = load("orders.yaml");
    const run = (pkg: string) => evaluateWithOpa([doc], { url: server.url, package: pkg }, noEnv);

    const violations = await run("gate.with_violations");
    expect(violations.findings).toEqual([expect.objectContaining({ ruleId: "opa.with_violations.deny", severity: "error", line: 3, message: "no owner [OPA gate.with_violations]" })]);
    const reasons = await run("gate.with_reasons");
    expect(reasons.findings).toEqual([expect.objectContaining({ ruleId: "opa.with_reasons.deny", severity: "error", message: "retired contracts cannot change [OPA gate.with_reasons]" })]);
    const bare = await run("gate.bare");
    expect(bare.findings).toEqual([expect.objectContaining({ ruleId: "opa.bare.deny", severity: "error", path: "" })]);
    expect(bare.findings[0]!.message).toContain("allow is false");
    const open = await run("gate.open");
    expect(open.findings).toEqual([]);
    expect(open.results).toEqual([expect.objectContaining({ result: "pass" })]);
    const both = await run("gate.both");
    expect(both.findings).toHaveLength(1);
  });

  it("gives one pass per document without deny or warn, in document order", async () => {
    const server = await serve({
      "meshkit.contracts": (input) => ((input as { file: string }).file === "b.yaml" ? { deny: ["bad"], warn: [] } : { deny: [], warn: [], helper: 1 }),
    });
    const docs = ["a.yaml", "b.yaml", "c.yaml"].map((f) => load(f));
    const { findings, results } = await evaluateWithOpa(docs, { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(findings.map((f) => f.file)).toEqual(["b.yaml"]);
    expect(results).toEqual([
      { policy: "opa:meshkit.contracts", rule: "opa.contracts", result: "pass", resource: "a.yaml", message: "no deny, violation or warn from OPA package meshkit.contracts" },
      { policy: "opa:meshkit.contracts", rule: "opa.contracts.deny", result: "fail", resource: "b.yaml", message: "bad" },
      expect.objectContaining({ result: "pass", resource: "c.yaml" }),
    ]);
  });

  it("prints a message as a CEL policy's: the author's text as written, the values it quotes cut and with their invisible characters shown", async () => {
    const long = "x".repeat(300);
    const deny = ["Attention\u00a0: colonne `e\u200bmail` sans classification", `value \`${long}\` too long`, "a\u202eb"];
    const server = await serve({ "meshkit.contracts": () => ({ deny }) });
    const { findings } = await evaluateWithOpa([load("a.yaml")], { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(findings.map((f) => f.message)).toEqual([
      "Attention\u00a0: colonne `e\\u200bmail` sans classification [OPA meshkit.contracts]",
      `value \`${"x".repeat(199)}…\` too long [OPA meshkit.contracts]`,
      "a\\u202eb [OPA meshkit.contracts]",
    ]);
  });

  it("reports an answer with more messages than a function call takes arguments (under the body bound), not an internal error", async () => {
    // 200,000 short messages: some 3 MB of JSON, within the bound; a push(...) of them overflows the call stack.
    const messages = Array.from({ length: 200_000 }, (_, i) => `m${i}`);
    const server = await serve({ "meshkit.contracts": () => ({ deny: messages }) });
    const { findings, results } = await evaluateWithOpa([load("a.yaml")], { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(findings).toHaveLength(messages.length);
    expect(results).toHaveLength(messages.length);
    expect(findings.at(-1)?.message).toBe("m199999 [OPA meshkit.contracts]");
  });

  it("tells the documents of one file apart in its results", async () => {
    const server = await serve({ "meshkit.contracts": (input) => ((input as { document: { id: string } }).document.id === "returns" ? { deny: ["bad"] } : { deny: [] }) });
    const { documents } = loadText("both.yaml", `${CONTRACT}---\n${CONTRACT.replace("id: orders", "id: returns")}`);
    const { results } = await evaluateWithOpa(targetsOf(documents, true), { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(results.map(({ resource, document, result }) => ({ resource, document, result }))).toEqual([
      { resource: "both.yaml", document: undefined, result: "pass" },
      { resource: "both.yaml", document: 1, result: "fail" },
    ]);
  });

  it("returns nothing for no documents without asking the server", async () => {
    const server = await serve({});
    expect(await evaluateWithOpa([], { url: server.url, package: "meshkit.contracts" }, noEnv)).toEqual({ findings: [], waived: [], results: [], rules: [] });
    expect(server.requests).toEqual([]);
  });

  it("accepts a package written with data. and a url that already ends in /v1/data", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny: [] }) });
    const { results } = await evaluateWithOpa([load("a.yaml")], { url: `${server.url}/v1/data/`, package: "data.meshkit.contracts" }, noEnv);
    expect(results).toEqual([expect.objectContaining({ policy: "opa:meshkit.contracts", result: "pass" })]);
    expect(server.requests[0]!.path).toBe("/v1/data/meshkit/contracts");
  });

  it("asks the Data API path of a package written with quoted segments or as a path, percent-encoded", async () => {
    const ask = async (pkg: string) => {
      const server = await serve({});
      await usageError(evaluateWithOpa([load("a.yaml")], { url: server.url, package: pkg }, noEnv));
      return server.requests[0]!.path;
    };
    expect(await ask('foo["bar-baz"]')).toBe("/v1/data/foo/bar-baz");
    expect(await ask('data.teams["data eng/x"].rules')).toBe("/v1/data/teams/data%20eng%2Fx/rules");
    expect(await ask('a["\\u00e9"]')).toBe("/v1/data/a/%C3%A9");
    expect(await ask("a/b/c")).toBe("/v1/data/a/b/c");
    expect(await ask("data/a/b-c.d")).toBe("/v1/data/a/b-c.d");
  });

  it("names a package with quoted segments as Rego writes it, and takes its rule ids from the last key", async () => {
    const server = await serve({ "teams.data-eng": () => ({ deny: ["no"] }) });
    const { findings, results } = await evaluateWithOpa([load("a.yaml")], { url: server.url, package: "teams/data-eng" }, noEnv);
    expect(findings[0]).toMatchObject({ ruleId: "opa.data-eng.deny", message: 'no [OPA teams["data-eng"]]' });
    expect(results[0]).toMatchObject({ policy: 'opa:teams["data-eng"]' });
  });

  it("refuses a package that is neither a Rego package name nor a Data API path, before asking", async () => {
    for (const pkg of ["foo[bar]", "foo.", "a//b", 'foo[""]', "1abc", "foo bar", 'foo["x"', "/a/b"]) {
      const message = await usageError(evaluateWithOpa([load("a.yaml")], { url: "http://127.0.0.1:1", package: pkg }, noEnv));
      expect(message, pkg).toContain("policy.opa.package is not a Rego package name");
    }
  });

  it("refuses a url with a query string in one line, before asking and without its credentials", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny: [] }) });
    const url = `${server.url.replace("http://", "http://alice:hunter2pw@")}/?pretty=true`;
    const message = await usageError(evaluateWithOpa([load("a.yaml")], { url, package: "meshkit.contracts" }, noEnv));
    expect(message).toBe(`policy.opa.url must not have a query string (?…): meshkit sends its questions to <url>/v1/data/<package path> without one; remove it (${server.url}/)`);
    expect(server.requests).toEqual([]);
  });

  it("refuses a url that is already a package's Data API endpoint, naming the server's address, before asking", async () => {
    // OPA would answer the doubled path (…/v1/data/meshkit/contracts/v1/data/meshkit/contracts) with no result,
    // which read as "package not found … check policy.opa.package": the url was at fault.
    const server = await serve({ "meshkit.contracts": () => ({ deny: [] }) });
    const url = `${server.url.replace("http://", "http://alice:hunter2pw@")}/opa/v1/data/meshkit/contracts/`;
    const message = await usageError(evaluateWithOpa([load("a.yaml")], { url, package: "meshkit.contracts" }, noEnv));
    expect(message).toBe(
      `policy.opa.url ends in a Data API path (/v1/data/meshkit/contracts), to which meshkit would add /v1/data/<package path> again: set url to the server's address (${server.url}/opa) and the package in policy.opa.package (now meshkit.contracts)`,
    );
    expect(server.requests).toEqual([]);
  });

  it("sends meshkit.yaml with the credentials of policy.opa.url replaced by ***, leaving the loaded document as it was", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny: [] }) });
    const url = server.url.replace("http://", "http://alice:hunter2@pw@");
    const config = load("meshkit.yaml", `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n  opa:\n    url: ${url}\n    package: meshkit.contracts\n`);
    await evaluateWithOpa([config], { url, package: "meshkit.contracts" }, noEnv);
    const sent = server.requests[0]!.body as { input: { kind: string; document: { policy: { opa: { url: string } } } } };
    expect(sent.input.kind).toBe("Config");
    expect(sent.input.document.policy.opa.url).toBe(server.url.replace("http://", "http://***@"));
    expect(JSON.stringify(sent)).not.toMatch(/alice|hunter2|pw@/);
    expect((config.doc.value as { policy: { opa: { url: string } } }).policy.opa.url).toBe(url);
  });

  it("sends meshkit.yaml with the credentials of a git catalog.target replaced by *** too", async () => {
    // OPA's decision logs record the input: the catalog's push token was sent and logged as written.
    const server = await serve({ "meshkit.contracts": () => ({ deny: [] }) });
    const target = "git:https://x-access-token:ghp_catalogS3cret@github.com/acme/catalog.git#catalog";
    const config = load("meshkit.yaml", `apiVersion: meshkit/v1\nkind: Config\ncatalog:\n  target: "${target}"\n`);
    await evaluateWithOpa([config], { url: server.url, package: "meshkit.contracts" }, noEnv);
    const sent = server.requests[0]!.body as { input: { document: { catalog: { target: string } } } };
    expect(sent.input.document.catalog.target).toBe("git:https://***@github.com/acme/catalog.git#catalog");
    expect(JSON.stringify(sent)).not.toMatch(/ghp_catalogS3cret|x-access-token/);
    expect((config.doc.value as { catalog: { target: string } }).catalog.target).toBe(target);
  });

  it("lists the rules of its findings with no docs page: meshkit documents none of them", async () => {
    const server = await serve({ objs: () => ({ deny: [{ msg: "has path", path: "/schema/0/properties/1", rule: "r-custom" }, { msg: "x" }, "y"], warn: [{ msg: "w", rule: "r-custom" }] }) });
    const { rules } = await evaluateWithOpa([load("c.odcs.yaml")], { url: server.url, package: "objs" }, noEnv);
    expect(rules).toEqual([
      { id: "r-custom", defaultSeverity: "error", stage: "policy", description: "OPA package objs: r-custom", docsUrl: null },
      { id: "opa.objs.deny", defaultSeverity: "error", stage: "policy", description: "OPA package objs: opa.objs.deny", docsUrl: null },
    ]);
  });

  it("sends MESHKIT_OPA_TOKEN as a bearer token (read from process.env by default)", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny: [] }) }, { requireAuthorization: "Bearer s3cret-token-42" });
    vi.stubEnv("MESHKIT_OPA_TOKEN", "s3cret-token-42");
    const { results } = await evaluateWithOpa([load("a.yaml")], { url: server.url, package: "meshkit.contracts" });
    expect(results[0]!.result).toBe("pass");
    expect(server.requests[0]!.authorization).toBe("Bearer s3cret-token-42");
  });

  it("fails with one line naming the token variable, never the token, when OPA rejects it", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny: [] }) }, { requireAuthorization: "Bearer right-token-value" });
    const message = await usageError(evaluateWithOpa([load("a.yaml")], { url: server.url, package: "meshkit.contracts" }, { env: { MESHKIT_OPA_TOKEN: "wrong-token-value" } }));
    expect(message).toContain("HTTP 401");
    expect(message).toContain("unauthorized");
    expect(message).toContain("MESHKIT_OPA_TOKEN");
    expect(message).not.toContain("wrong-token-value");
    expect(server.requests[0]!.authorization).toBe("Bearer wrong-token-value");
  });

  it("refuses a token that cannot be a header value without quoting it", async () => {
    const message = await usageError(evaluateWithOpa([load("a.yaml")], { url: "http://127.0.0.1:1", package: "p" }, { env: { MESHKIT_OPA_TOKEN: "abc\ndef ghi" } }));
    expect(message).toContain("MESHKIT_OPA_TOKEN");
    expect(message).not.toContain("abc");
  });

  it("sends user:password from the url as HTTP Basic and keeps them out of messages", async () => {
    const server = await serve({}, { requireAuthorization: `Basic ${Buffer.from("opa-user:pa55word").toString("base64")}` });
    const url = server.url.replace("http://", "http://opa-user:pa55word@");
    const message = await usageError(evaluateWithOpa([load("a.yaml")], { url, package: "not.loaded" }, noEnv));
    expect(server.requests[0]!.authorization).toBe(`Basic ${Buffer.from("opa-user:pa55word").toString("base64")}`);
    expect(message).toContain(`${server.url}/v1/data/not/loaded`);
    expect(message).not.toMatch(/opa-user|pa55word/);
  });

  it("sends a password with a % that starts no escape as written, not an internal error", async () => {
    // decodeURIComponent threw URIError on `50%off`: a hand-typed password stopped the run with a stack.
    const expected = `Basic ${Buffer.from("opa-user:50%off").toString("base64")}`;
    const server = await serve({}, { requireAuthorization: expected });
    const url = server.url.replace("http://", "http://opa-user:50%off@");
    const message = await usageError(evaluateWithOpa([load("a.yaml")], { url, package: "not.loaded" }, noEnv));
    expect(server.requests[0]!.authorization).toBe(expected);
    expect(message).not.toMatch(/opa-user|50%off/);
  });

  it(`asks about at most ${OPA_CONCURRENCY} documents at once and keeps results in document order`, async () => {
    // Every question is held until OPA_CONCURRENCY of them (or all that are left) are waiting; then,
    // after a pause in which an unbounded client would send more, they are answered last-first.
    const total = 20;
    let waiting: Array<() => void> = [];
    let arrived = 0;
    let answered = 0;
    let peak = 0;
    const releaseWhenFull = () => {
      if (waiting.length === 0 || waiting.length < Math.min(OPA_CONCURRENCY, total - answered)) return;
      const batch = waiting.reverse();
      waiting = [];
      setTimeout(() => {
        const next = () => {
          const release = batch.shift();
          if (!release) return;
          release();
          setImmediate(next);
        };
        next();
      }, 50);
    };
    const server = await serve({
      "meshkit.contracts": async (input) => {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          peak = Math.max(peak, ++arrived - answered);
          releaseWhenFull();
        });
        answered++;
        releaseWhenFull();
        return { deny: [`doc ${Number(/\d+/.exec((input as { file: string }).file)![0])}`] };
      },
    });
    const docs = Array.from({ length: total }, (_, i) => load(`doc${i}.yaml`));
    const { findings, results } = await evaluateWithOpa(docs, { url: server.url, package: "meshkit.contracts" }, noEnv);
    expect(peak).toBe(OPA_CONCURRENCY);
    expect(findings.map((f) => f.file)).toEqual(docs.map((d) => d.doc.file));
    expect(results.map((r) => r.message)).toEqual(docs.map((_, i) => `doc ${i}`));
  });

  it("has a 10 s default timeout", () => {
    expect(DEFAULT_OPA_TIMEOUT_MS).toBe(10_000);
  });
});

describe("evaluateWithOpa failures against a local server that answers like OPA's Data API (exit 2, one line)", () => {
  const settings = (url: string, extra: { timeoutMs?: number } = {}) => ({ url, package: "meshkit.contracts", ...extra });

  it("server down: connection refused on a port that was opened and closed", async () => {
    const port = await closedPort();
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], settings(`http://127.0.0.1:${port}`), noEnv));
    expect(message).toBe(
      `OPA request to http://127.0.0.1:${port}/v1/data/meshkit/contracts failed for orders.yaml: connection refused by 127.0.0.1:${port} (is OPA running and listening there?)`,
    );
  });

  it("refuses YAML's .inf and .nan, which JSON cannot hold, naming where they are, rather than sending them as null", async () => {
    const server = await serve({ "meshkit.contracts": (input) => ({ deny: (input as { document: { limit: unknown } }).document.limit === null ? [] : ["limit is set"] }) });
    const doc = load("orders.yaml", `${CONTRACT}limits:\n  - 5\n  - .inf\n`);
    expect(await usageError(evaluateWithOpa([doc], settings(server.url), noEnv))).toBe(
      `OPA request to ${server.url}/v1/data/meshkit/contracts failed for orders.yaml: the value at /limits/1 (line 16, column 5) is .inf: JSON, in which OPA reads its input, has no infinity or NaN; write a finite number, or quote the value to send it as a string`,
    );
    // JSON has no infinity, but a number past the largest double reads as one: named as written.
    const plan = load("plan.json", '{"resource": {"aws_s3_bucket": {"raw": {"size": 1e400}}}}');
    expect(await usageError(evaluateWithOpa([plan], settings(server.url), noEnv))).toContain("failed for plan.json: the value at /resource/aws_s3_bucket/raw/size (line 1, column 49) is 1e400: JSON");
    const params = { thresholds: { max: Number.NaN } };
    expect(await usageError(evaluateWithOpa([load("orders.yaml")], settings(server.url), { ...noEnv, params }))).toContain("failed for orders.yaml: the parameter thresholds/max is .nan: JSON");
    expect(server.requests).toEqual([]);
  });

  it("DNS: a host name that does not resolve", async () => {
    const dnsFailure: typeof fetch = async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND opa.invalid"), { code: "ENOTFOUND" }) });
    };
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], settings("https://opa.invalid:8181"), { fetch: dnsFailure, env: {} }));
    expect(message).toContain("https://opa.invalid:8181/v1/data/meshkit/contracts");
    expect(message).toContain("the host name opa.invalid could not be resolved (ENOTFOUND)");
  });

  it("HTTP 500 with OPA's {code, message}", async () => {
    const server = await serve({ "meshkit.contracts": () => ({ deny: [] }) }, { mode: "error500" });
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], settings(server.url), noEnv));
    expect(message).toContain(`${server.url}/v1/data/meshkit/contracts`);
    expect(message).toContain("HTTP 500 Internal Server Error: internal_error: simulated server failure");
  });

  it("a policy that fails to evaluate (OPA's 500 eval error)", async () => {
    const server = await serve({
      "meshkit.contracts": () => {
        throw new Error("object insert conflict");
      },
    });
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], settings(server.url), noEnv));
    expect(message).toContain("HTTP 500");
    expect(message).toContain("eval_error: object insert conflict");
  });

  it("a url that is not the OPA server (404 page not found)", async () => {
    const server = await serve({});
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], { url: server.url.replace(/$/, "/opa") + "/v2", package: "p" }, noEnv));
    expect(message).toContain("HTTP 404");
    expect(message).toContain("is policy.opa.url the OPA server?");
  });

  it("a redirect (OPA never sends one): names where it goes, without credentials", async () => {
    const server = await serve({}, { mode: "redirect" });
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], settings(server.url), noEnv));
    expect(message).toContain("HTTP 307, a redirect to https://opa.example/v1/data/meshkit/contracts; set policy.opa.url");
    expect(message).not.toContain("secret");
    expect(server.requests).toHaveLength(1);
  });

  it("garbage: a body that is not JSON", async () => {
    const server = await serve({}, { mode: "garbage" });
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], settings(server.url), noEnv));
    expect(message).toContain(`${server.url}/v1/data/meshkit/contracts`);
    expect(message).toContain('a body that is not JSON ("<html><body>Welcome to nginx!</body></html>")');
  });

  it("missing result: the package is not loaded on the server", async () => {
    const server = await serve({ "other.pkg": () => ({ deny: [] }) });
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], settings(server.url), noEnv));
    expect(message).toBe(
      `package meshkit.contracts not found on the OPA server at ${server.url}/v1/data/meshkit/contracts (the Data API returned no result for orders.yaml; check policy.opa.package and that the policy is loaded)`,
    );
  });

  it.each([
    ["a boolean result", () => true, "is true, expected an object"],
    ["an array result", () => [], "is an array, expected an object"],
    ["a null result", () => null, "is null, expected an object"],
    ["an object without deny, violation, warn or allow", () => ({ helper: 1 }), "has none of deny, violation, warn or allow (it has helper)"],
    ["an empty object", () => ({}), "has none of deny, violation, warn or allow (it is empty)"],
    ["deny that is a string", () => ({ deny: "no" }), 'has deny = the string "no", expected a set or array'],
    ["a message that is a number", () => ({ warn: [42] }), "has warn[0] = 42, expected a string or an object with msg"],
    ["a message object without msg", () => ({ deny: [{ reason: "x" }] }), "has deny[0] without a msg or message string"],
    ["a path that is not a JSON pointer", () => ({ deny: [{ msg: "x", path: "schema.0" }] }), 'has deny[0].path = "schema.0", expected a JSON pointer'],
    ["an unknown severity", () => ({ deny: [{ msg: "x", severity: "fatal" }] }), 'has deny[0].severity = "fatal", expected error, warning or info (or critical, high, medium, low)'],
    ["a severity that is a number", () => ({ deny: [{ msg: "x", severity: 3 }] }), "has deny[0].severity = 3, expected error, warning or info"],
    ["an empty rule id", () => ({ deny: [{ msg: "x", rule: "" }] }), "expected a rule id string"],
    // Read as meshkit's own finding, a `policy-invalid` message would make the run exit 2 as if the packs did not load.
    ["one of meshkit's own rule ids", () => ({ warn: [{ msg: "x", rule: "policy-invalid" }] }), 'has warn[0].rule = "policy-invalid", one of meshkit\'s own rule ids'],
    ["allow that is not a boolean", () => ({ allow: "yes" }), "has allow = the string \"yes\", expected true or false"],
    ["violations that are not a set", () => ({ allow: false, violations: { a: 1 } }), "has violations = an object, expected a set or array"],
  ])("wrong shape: %s", async (_name, policy, expected) => {
    const server = await serve({ "meshkit.contracts": policy });
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], settings(server.url), noEnv));
    expect(message).toContain(`OPA request to ${server.url}/v1/data/meshkit/contracts failed for orders.yaml: the result of package meshkit.contracts `);
    expect(message).toContain(expected);
  });

  it("says a package that ends with one of the rules meshkit reads (meshkit.contracts.deny) names that rule, and which package to name", async () => {
    // OPA answers a path to a rule with the rule's value: the set of deny messages, or allow's bool.
    const server = await serve({ "meshkit.contracts.deny": () => ["no team"], "meshkit.contracts.allow": () => true, "teams.data-eng.deny_pii": () => [], "meshkit.denied": () => [] });
    const hint = (pkg: string) => usageError(evaluateWithOpa([load("orders.yaml")], { url: server.url, package: pkg }, noEnv));
    expect(await hint("meshkit.contracts.deny")).toBe(
      `OPA request to ${server.url}/v1/data/meshkit/contracts/deny failed for orders.yaml: the result of package meshkit.contracts.deny is an array, expected an object with deny, violation, warn or allow; policy.opa.package names the rule deny, not a package: set it to meshkit.contracts, the package whose deny, violation, warn and allow rules meshkit reads (see docs/policy-opa.md)`,
    );
    expect(await hint("data.meshkit.contracts.allow")).toContain("is true, expected an object with deny, violation, warn or allow; policy.opa.package names the rule allow, not a package: set it to meshkit.contracts,");
    expect(await hint('teams["data-eng"].deny_pii')).toContain('policy.opa.package names the rule deny_pii, not a package: set it to teams["data-eng"],');
    // A last segment that is no rule meshkit reads gets no such hint.
    expect(await hint("meshkit.denied")).not.toContain("names the rule");
  });

  it("says a package naming a rule that has no value for the document (allow with no default: no result) names that rule, not that the package is missing", async () => {
    // OPA answers a path to a complete rule that is undefined for the input with no `result`, as for a package not loaded.
    const server = await serve({ "meshkit.contracts.allow": () => undefined, "meshkit.other": () => undefined });
    const message = (pkg: string) => usageError(evaluateWithOpa([load("orders.yaml")], { url: server.url, package: pkg }, noEnv));
    expect(await message("meshkit.contracts.allow")).toBe(
      `package meshkit.contracts.allow not found on the OPA server at ${server.url}/v1/data/meshkit/contracts/allow (the Data API returned no result for orders.yaml; policy.opa.package names the rule allow, which has no value for that document, not a package: set it to meshkit.contracts, the package whose deny, violation, warn and allow rules meshkit reads)`,
    );
    // A package not loaded keeps its own message.
    expect(await message("meshkit.other")).toBe(
      `package meshkit.other not found on the OPA server at ${server.url}/v1/data/meshkit/other (the Data API returned no result for orders.yaml; check policy.opa.package and that the policy is loaded)`,
    );
  });

  it("names the first failing document in input order", async () => {
    const server = await serve({ "meshkit.contracts": (input) => ((input as { file: string }).file === "a.yaml" ? { deny: [] } : { deny: "bad" }) });
    const docs = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"].map((f) => load(f));
    const message = await usageError(evaluateWithOpa(docs, settings(server.url), noEnv));
    expect(message).toContain("failed for b.yaml:");
  });

  it.each([
    ["with a Content-Length", true, "an answer of 400.0 MiB (by its Content-Length), more than the 10.0 MiB meshkit reads"],
    ["without a Content-Length", false, "an answer larger than the 10.0 MiB meshkit reads"],
  ])("an answer larger than meshkit reads, %s: cut off, one line without the credentials", async (_name, declared, what) => {
    const server = await startOversizedServer(200, 400 * 1024 * 1024, declared, '{"result":"');
    try {
      const message = await usageError(evaluateWithOpa([load("orders.yaml")], settings(server.url.replace("http://", "http://opa:s3cret@")), noEnv));
      expect(message).toBe(`OPA request to ${server.url}/v1/data/meshkit/contracts failed for orders.yaml: the server answered HTTP 200 with ${what}; is policy.opa.url the OPA server?`);
      // The client hung up: what left the server is what socket buffers hold, not the 400 MiB.
      await server.hungUp;
      expect(server.sent()).toBeLessThan(MAX_RESPONSE_BYTES + 32 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });

  it("timeout: a server that never answers", async () => {
    const server = await serve({}, { mode: "hang" });
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], settings(server.url, { timeoutMs: 200 }), noEnv));
    expect(message).toBe(
      `OPA request to ${server.url}/v1/data/meshkit/contracts failed for orders.yaml: no answer within 200 ms (raise policy.opa.timeoutMs if the server is slow)`,
    );
  });

  it("timeout: a server that sends headers and never finishes the body", async () => {
    const server = await serve({}, { mode: "hangBody" });
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], settings(server.url, { timeoutMs: 200 }), noEnv));
    expect(message).toContain("no answer within 200 ms");
  });

  it.each([
    [{ url: "not a url", package: "p" }, "policy.opa.url is not a URL"],
    // An unencoded # in the password makes the URL unparsable: the message does not show the password.
    [{ url: "http://admin:s3#cret@opa.example", package: "p" }, "policy.opa.url is not a URL: http://***@opa.example"],
    [{ url: "ftp://opa.example", package: "p" }, "must be an http:// or https:// URL"],
    [{ url: "http://opa.example", package: "a..b" }, "policy.opa.package is not a Rego package name"],
    [{ url: "http://opa.example", package: "p", timeoutMs: 0 }, "policy.opa.timeoutMs must be a positive number"],
  ])("bad settings %j", async (opa, expected) => {
    const message = await usageError(evaluateWithOpa([load("orders.yaml")], opa, noEnv));
    expect(message).toContain(expected);
  });
});

describe("evaluateWasmBundle", () => {
  it("is not supported in this build and says what to do instead", () => {
    expect(() => evaluateWasmBundle()).toThrow(UsageError);
    expect(() => evaluateWasmBundle("policy.wasm")).toThrow(
      "Rego wasm bundles are not supported in this build: run an OPA server and set policy.opa.url (see docs/policy-opa.md)",
    );
  });
});
