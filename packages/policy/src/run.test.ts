import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type ReportFormat, UsageError, discoverFiles, loadConfig, renderReport, summarize as summarizeFindings } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { startOpaTestServer } from "./opa-test-server.js";
import { checkDocuments, policyTargets, runPolicy } from "./run.js";

/** Contract and product policies; the product ones read other documents through `contracts`. */
const PACK = `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: contracts-described
spec:
  match:
    kinds: [DataContract]
  variables:
    - name: columns
      expression: properties.map(p, p.name)
  validations:
    - id: column-described
      forEach: properties
      expression: has(item.value.description) && size(item.value.description) > 3
      messageExpression: "'Column ' + item.name + ' needs a description'"
    - id: status-known
      expression: has(object.status) && object.status in ['active', 'draft']
      path: /status
    - id: not-too-wide
      expression: size(variables.columns) <= 3
---
apiVersion: meshkit/v1
kind: Policy
metadata:
  name: ports
spec:
  match:
    kinds: [DataProduct]
  validations:
    - id: port-contract-known
      forEach: outputPorts
      expression: has(item.value.contractId) && item.value.contractId in contracts
      messageExpression: "'Port ' + item.name + ' names an unknown contract'"
    - id: port-contract-active
      forEach: outputPorts.filter(p, has(p.value.contractId) && p.value.contractId in contracts)
      expression: contracts[item.value.contractId].status == 'active'
    - id: port-contract-domain
      forEach: outputPorts.filter(p, has(p.value.contractId) && p.value.contractId in contracts)
      expression: contracts[item.value.contractId].domain == object.domain
    - id: sees-every-contract
      expression: size(contracts) >= 4 && contracts.all(k, k.size() > 0)
`;

const contract = (id: string, status: string, domain: string, described = true) => `apiVersion: v3.1.0
kind: DataContract
id: ${id}
version: 1.0.0
status: ${status}
domain: ${domain}
schema:
  - name: t
    properties:
      - name: a
${described ? "        description: The a column.\n" : ""}      - name: b
        description: The b column.
`;

const product = (id: string, ports: string[]) => `apiVersion: v1.0.0
kind: DataProduct
id: ${id}
domain: sales
status: active
outputPorts:
${ports.map((c, i) => `  - name: port${i}\n    version: 1.0.0\n    contractId: ${c}\n`).join("")}`;

function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-policy-run-"));
  const files: Record<string, string> = {
    "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n",
    "policies/pack.yaml": PACK,
    // Products first in the file order: they still see every contract, also the later ones.
    "a-products/p1.odps.yaml": product("p1", ["c-1", "c-2", "missing"]),
    "a-products/p2.odps.yaml": product("p2", ["c-3", "c-4"]),
    "b-contracts/c1.odcs.yaml": contract("c-1", "active", "sales"),
    "b-contracts/c2.odcs.yaml": contract("c-2", "draft", "sales", false),
    "b-contracts/c3.odcs.yaml": contract("c-3", "active", "finance"),
    // Two contracts with one id: the first one read wins.
    "b-contracts/c4.odcs.yaml": contract("c-4", "active", "sales"),
    "b-contracts/c5.odcs.yaml": contract("c-4", "retired", "other"),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("runPolicy", () => {
  it("warns at files.include with no path named when its globs select no contract or product, instead of passing on 0 files", async () => {
    const dir = repository();
    try {
      writeFileSync(join(dir, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["contract/*.yaml"]\npolicy:\n  packs: [policies]\n');
      const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      expect(run.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.stage}`)).toEqual(["meshkit.yaml:4:12 warning include-unmatched policy"]);
      expect(run.files).toBe(0);
      // Globs that select the documents: no such finding; paths named are their own usage errors.
      writeFileSync(join(dir, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["b-contracts/*.yaml"]\npolicy:\n  packs: [policies]\n');
      expect((await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" })).findings.map((f) => f.ruleId)).not.toContain("include-unmatched");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("warns at files.include that selects no contract or product however many infrastructure files the run checked", async () => {
    const dir = repository();
    try {
      writeFileSync(join(dir, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["contract/*.yaml"]\npolicy:\n  packs: [policies]\n  infrastructure: ["infra/*.tf.json"]\n');
      mkdirSync(join(dir, "infra"));
      for (const name of ["a", "b"]) writeFileSync(join(dir, `infra/${name}.tf.json`), `{"resource": {"aws_s3_bucket": {"${name}": {"bucket": "${name}"}}}}\n`);
      const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      expect(run.files).toBe(2);
      expect(run.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toContain("meshkit.yaml:4:12 include-unmatched");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads the time zone meshkit.yaml sets over a pack's default the accessors do not know, and refuses the default only when nothing does", async () => {
    const dir = repository();
    try {
      const hours = "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: hours\nspec:\n  match:\n    kinds: [DataContract]\n  params:\n    zone: europe/paris\n  validations:\n    - id: morning\n      expression: timestamp('2026-01-01T08:00:00Z').getHours(params.zone) < 12\n";
      writeFileSync(join(dir, "policies/pack.yaml"), hours);
      const run = async () => (await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" })).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
      // The domain sets its zone: the pack's default is never read (it was policy-invalid, exit 2, before any document).
      writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    zone: Europe/Paris\n");
      expect(await run()).toEqual([]);
      writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
      expect(await run()).toEqual(["policies/pack.yaml:12:62 policy-invalid"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says a policy.infrastructure glob that names a folder matches none of its files, and what glob to write", async () => {
    const dir = repository();
    try {
      writeFileSync(join(dir, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  infrastructure: ["k8s/prod/", "infra"]\n');
      mkdirSync(join(dir, "k8s/prod"), { recursive: true });
      writeFileSync(join(dir, "k8s/prod/bucket.yaml"), "apiVersion: s3.aws.upbound.io/v1beta1\nkind: Bucket\nmetadata:\n  name: raw\n");
      mkdirSync(join(dir, "infra"));
      writeFileSync(join(dir, "infra/main.tf.json"), '{"resource": {"aws_s3_bucket": {"raw": {"bucket": "raw"}}}}\n');
      const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      // It said to write a file there (terraform show -json), though the folder and its files were there.
      expect(run.findings.filter((f) => f.ruleId === "include-unmatched").map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
        '5:20 policy.infrastructure glob "k8s/prod/" names a folder, and globs match files, not folders, so no infrastructure was checked from it: write "k8s/prod/**/*.json" for the Terraform JSON under it (or the files\' own extension: "k8s/prod/**/*.yaml").',
        '5:33 policy.infrastructure glob "infra" names a folder, and globs match files, not folders, so no infrastructure was checked from it: write "infra/**/*.json" for the Terraform JSON under it (or the files\' own extension: "infra/**/*.yaml").',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("warns at a policy.infrastructure glob that matches no file (a plan not written there, or one .gitignore leaves out), instead of passing unchecked", async () => {
    const dir = repository();
    try {
      writeFileSync(join(dir, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  infrastructure: ["infra/plan.json", "infra/*.tf.json"]\n');
      mkdirSync(join(dir, "infra"));
      writeFileSync(join(dir, "infra/main.tf.json"), '{"resource": {"aws_s3_bucket": {"raw": {"bucket": "raw"}}}}\n');
      const where = (run: Awaited<ReturnType<typeof runPolicy>>) => run.findings.filter((f) => f.ruleId === "include-unmatched").map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.stage}`);
      const missing = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      expect(where(missing)).toEqual(["meshkit.yaml:5:20 warning policy"]);
      expect(missing.findings.find((f) => f.ruleId === "include-unmatched")?.message).toMatch(/^policy\.infrastructure glob "infra\/plan\.json" matches no file \(files\.exclude and \.gitignore apply\), so no infrastructure was checked from it/);
      // Written, but ignored: the run still does not read it.
      writeFileSync(join(dir, "infra/plan.json"), '{"format_version": "1.2", "planned_values": {"root_module": {"resources": []}}}\n');
      writeFileSync(join(dir, ".gitignore"), "plan.json\n");
      const ignored = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      expect(where(ignored)).toEqual(["meshkit.yaml:5:20 warning policy"]);
      // The plan is there: the finding says what leaves it out, not to write it there.
      const leftOut = (run: Awaited<ReturnType<typeof runPolicy>>) => run.findings.find((f) => f.ruleId === "include-unmatched")?.message;
      expect(leftOut(ignored)).toBe('policy.infrastructure glob "infra/plan.json" matches no file meshkit reads: every file it matches (1) is left out by files.exclude or .gitignore, so no infrastructure was checked from it; name the file to check it anyway.');
      rmSync(join(dir, ".gitignore"));
      expect(where(await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" }))).toEqual([]);
      // A plan written under node_modules, which meshkit never walks.
      mkdirSync(join(dir, "node_modules/plans"), { recursive: true });
      writeFileSync(join(dir, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  infrastructure: ["node_modules/plans/*.json", "infra/*.tf.json"]\n');
      writeFileSync(join(dir, "node_modules/plans/plan.json"), '{"format_version": "1.2", "planned_values": {"root_module": {"resources": []}}}\n');
      expect(leftOut(await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" }))).toBe(
        'policy.infrastructure glob "node_modules/plans/*.json" matches no file meshkit reads: every file it matches (1) is in a node_modules, .git or .turbo folder, which meshkit never walks, so no infrastructure was checked from it; name the file to check it anyway.',
      );
      // Paths named: the run checks those, not the globs.
      rmSync(join(dir, "infra/plan.json"));
      expect(where(await runPolicy({ cwd: dir, paths: ["infra/main.tf.json"], today: "2026-11-30" }))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a pack file of the project that does not parse once, not as a pack and again as a project file", async () => {
    const dir = repository();
    writeFileSync(join(dir, "policies/pack.yaml"), PACK.replace("expression: size(variables.columns) <= 3", "expression: [1] + 1"));
    const findings = (await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" })).findings.filter((f) => f.file === "policies/pack.yaml");
    expect(findings.map((f) => f.ruleId)).toEqual(["yaml-syntax"]);
  });

  it("reads the latest version of a contract id (a release over a pre-release), whatever paths are named or which file is read first", async () => {
    const dir = repository();
    const versioned = (version: string, status: string) => contract("c-9", status, "sales").replace("version: 1.0.0", `version: ${version}`);
    mkdirSync(join(dir, "a-old"));
    mkdirSync(join(dir, "z-new"));
    writeFileSync(join(dir, "a-old/c9.odcs.yaml"), versioned("1.0.0", "active"));
    writeFileSync(join(dir, "z-new/c9.odcs.yaml"), versioned("2.0.0", "draft"));
    writeFileSync(join(dir, "a-products/p9.odps.yaml"), product("p9", ["c-9"]));
    const active = async (paths: string[]) =>
      (await runPolicy({ cwd: dir, paths })).results.filter((r) => r.resource.endsWith("p9.odps.yaml") && r.rule === "port-contract-active").map((r) => r.result);
    expect(await active(["a-products/p9.odps.yaml"])).toEqual(["fail"]);
    expect(await active(["a-products/p9.odps.yaml", "a-old/c9.odcs.yaml"])).toEqual(["fail"]);
    expect(await active(["a-products/p9.odps.yaml", "z-new/c9.odcs.yaml"])).toEqual(["fail"]);
    // A pre-release in the works is not the latest while a release exists (semver §9; as the catalog's latest).
    writeFileSync(join(dir, "z-new/c9.odcs.yaml"), versioned("3.0.0-rc.1", "draft"));
    expect(await active(["a-products/p9.odps.yaml", "z-new/c9.odcs.yaml"])).toEqual(["pass"]);
    writeFileSync(join(dir, "a-old/c9.odcs.yaml"), versioned("0.9.0-beta", "active"));
    expect(await active(["a-products/p9.odps.yaml"])).toEqual(["fail"]);
  });

  it("without a meshkit.yaml, run in a subfolder of a git repository, reads the contracts of the whole repository", async () => {
    const dir = repository();
    rmSync(join(dir, "meshkit.yaml"));
    mkdirSync(join(dir, ".git"));
    const results = async (paths: string[]) =>
      (await runPolicy({ cwd: join(dir, "a-products"), paths, policies: [join(dir, "policies")] })).results
        .filter((r) => r.resource === "p2.odps.yaml" && (r.rule === "port-contract-known" || r.rule === "sees-every-contract"))
        .map((r) => `${r.rule} ${r.result}`);
    // p2's contracts are in b-contracts/, beside the folder meshkit runs in: the repository is the project.
    for (const paths of [[], ["p2.odps.yaml"]]) expect(await results(paths)).toEqual(["port-contract-known pass", "sees-every-contract pass"]);
  });

  it("refuses a named folder none of whose files it can check, rather than passing 0 files", async () => {
    const dir = repository();
    mkdirSync(join(dir, "cfn"));
    writeFileSync(join(dir, "cfn/stack.yaml"), "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n");
    writeFileSync(join(dir, "cfn/other.json"), '{"a": 1}\n');
    await expect(runPolicy({ cwd: dir, paths: ["cfn"], today: "2026-11-30" })).rejects.toThrow(
      "nothing to check in cfn: its 2 files are no contract, product, Terraform JSON or meshkit.yaml in use (name Terraform files or another project's meshkit.yaml by path, or match Terraform files with policy.infrastructure)",
    );
    // Named by path, a file is checked (as infrastructure), and a folder with a contract is checked.
    expect((await runPolicy({ cwd: dir, paths: ["cfn/other.json"], today: "2026-11-30" })).files).toBeGreaterThan(0);
    expect((await runPolicy({ cwd: dir, paths: ["b-contracts"], today: "2026-11-30" })).files).toBeGreaterThan(0);
    // Each named path on its own: a folder with contracts beside it does not make cfn pass unchecked.
    await expect(runPolicy({ cwd: dir, paths: ["b-contracts", "cfn"], today: "2026-11-30" })).rejects.toThrow("nothing to check in cfn: its 2 files are");
    // A pack named as a path (`--policies a b` reads b as one) is told to take its own flag.
    await expect(runPolicy({ cwd: dir, paths: ["b-contracts", "policies"], today: "2026-11-30" })).rejects.toThrow(
      "nothing to check in policies: it holds policies, not documents to check; to use it as a pack, give it its own flag (--policies policies), one per pack",
    );
    // The action's policies input is one list, and a workflow has no flag to give: it names the input.
    const optionNames = { policies: "the policies input", params: "the params input", config: "the config input" };
    await expect(runPolicy({ cwd: dir, paths: ["b-contracts", "policies"], today: "2026-11-30", optionNames })).rejects.toThrow(
      "nothing to check in policies: it holds policies, not documents to check; to use it as a pack, list it in the policies input",
    );
  });

  it("says a policy file named as a path is not checked, naming the option (or the action's input) for packs", async () => {
    const dir = repository();
    // (one finding per policy of the file: the same words)
    const messages = async (extra: Partial<Parameters<typeof runPolicy>[0]>) => [...new Set((await runPolicy({ cwd: dir, paths: ["b-contracts", "policies/pack.yaml"], today: "2026-11-30", ...extra })).findings.filter((f) => f.ruleId === "not-a-document").map((f) => f.message))];
    expect(await messages({})).toEqual(["Not checked by policy-check: this is a policy; name packs with --policies (or meshkit.yaml policy.packs), and the documents to check as paths."]);
    expect(await messages({ optionNames: { policies: "the policies input", params: "the params input", config: "the config input" } })).toEqual([
      "Not checked by policy-check: this is a policy; name packs with the policies input (or meshkit.yaml policy.packs), and the documents to check as paths.",
    ]);
  });

  it("checks the files of policy.infrastructure that the named paths hold, as it does with no path named", async () => {
    const dir = repository();
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [k8s-policies]\n  infrastructure: ['k8s/*.yaml']\n");
    mkdirSync(join(dir, "k8s-policies"));
    writeFileSync(
      join(dir, "k8s-policies/labels.yaml"),
      "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: labels\nspec:\n  match:\n    kinds: [Infrastructure]\n  validations:\n    - id: has-team-label\n      expression: has(object.metadata.labels) && 'team' in object.metadata.labels\n      message: label the team\n      path: /metadata\n",
    );
    mkdirSync(join(dir, "k8s"));
    writeFileSync(join(dir, "k8s/deploy.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  labels: {}\n");
    for (const paths of [[], ["."], ["k8s"], ["k8s/*.yaml"], ["k8s/deploy.yaml"]]) {
      const run = await runPolicy({ cwd: dir, paths, today: "2026-11-30" });
      expect([paths, run.findings.filter((f) => f.ruleId === "has-team-label").map((f) => `${f.file}:${f.line}`)]).toEqual([paths, ["k8s/deploy.yaml:4"]]);
    }
    // A path that holds none of them leaves them out.
    expect((await runPolicy({ cwd: dir, paths: ["b-contracts"], today: "2026-11-30" })).findings.filter((f) => f.ruleId === "has-team-label")).toEqual([]);
    // A file of several documents counts as one file (meshkit.yaml, outside k8s and under no policy, does not count).
    // Its results tell the documents apart: `document` is the place of any but the first.
    writeFileSync(join(dir, "k8s/deploy.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, labels: {team: a}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api, labels: {}}\n");
    const multi = await runPolicy({ cwd: dir, paths: ["k8s"], today: "2026-11-30" });
    expect([multi.files, multi.results.filter((r) => r.rule === "has-team-label")]).toEqual([
      1,
      [
        { policy: "labels", rule: "has-team-label", result: "pass", resource: "k8s/deploy.yaml" },
        { policy: "labels", rule: "has-team-label", result: "fail", resource: "k8s/deploy.yaml", document: 1, message: "label the team" },
      ],
    ]);
  });

  it("matches a waiver's document glob against the path from the project's folder, wherever meshkit runs", async () => {
    const dir = repository();
    // A glob, a folder (with its slash), a file name without a folder (any depth).
    for (const document of ["b-contracts/**", "b-contracts/", "b-contracts/*.odcs.yaml", "c2.odcs.yaml", "*.odcs.yaml"]) {
      const waiver = `  waivers:\n    - rule: column-described\n      document: '${document}'\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`;
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n${waiver}`);
      for (const [cwd, paths] of [
        [dir, ["b-contracts/c2.odcs.yaml"]],
        [join(dir, "b-contracts"), ["c2.odcs.yaml"]],
      ] as const) {
        const run = await runPolicy({ cwd, paths: [...paths], today: "2026-11-30" });
        expect([document, cwd, run.findings.filter((f) => f.ruleId === "column-described").length, run.summary.waived > 0]).toEqual([document, cwd, 0, true]);
      }
    }
    // A folder's name is not a prefix of another's; a bare word (it may be a contract's id) waives no folder of that name.
    for (const document of ["b-contract/", "b-contracts"]) {
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n    - rule: column-described\n      document: ${document}\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`);
      expect([document, (await runPolicy({ cwd: dir, paths: ["b-contracts/c2.odcs.yaml"], today: "2026-11-30" })).summary.waived]).toEqual([document, 0]);
    }
  });

  it("says a waiver accepted no failure because the rule fails at a parent of its path, not that the rule passes there", async () => {
    const dir = repository();
    const failure = (await runPolicy({ cwd: dir, paths: ["b-contracts/c2.odcs.yaml"], today: "2026-11-30" })).findings.find((f) => f.ruleId === "column-described");
    const pointer = failure?.path ?? "";
    expect(pointer).toMatch(/^\/schema\/0\/properties\/\d+$/);
    const waiver = (path: string) => `    - rule: column-described\n      document: c-2\n      path: ${path}\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`;
    // Below the failure's pointer (the column's description): the failure is the column's, which the waiver does not cover.
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver(`${pointer}/description`)}`);
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message)).toEqual([
      `Waiver of column-described for c-2 at ${pointer}/description (approved by platform-team, until 2999-12-31) accepted no failure: the rule fails at ${pointer}, a parent of the waiver's path, which covers only what is below it. Set the waiver's path to ${pointer} to waive that failure, or fix it.`,
    ]);
    expect(run.findings.filter((f) => f.ruleId === "column-described").map((f) => f.path)).toEqual([pointer]);
    // At the failure's pointer: used, nothing said.
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver(pointer)}`);
    expect((await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" })).findings.filter((f) => f.ruleId === "waiver-unused")).toEqual([]);
  });

  it("says a waiver below a failure another waiver accepts adds nothing to that one, not that the rule passes there", async () => {
    const dir = repository();
    const failure = (await runPolicy({ cwd: dir, paths: ["b-contracts/c2.odcs.yaml"], today: "2026-11-30" })).findings.find((f) => f.ruleId === "column-described");
    const pointer = failure?.path ?? "";
    const waiver = (path: string, approver: string) => `    - rule: column-described\n      document: c-2\n      path: ${path}\n      justification: Descriptions come with the catalogue work.\n      approver: ${approver}\n      expires: 2999-12-31\n`;
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver(pointer, "platform-team")}${waiver(`${pointer}/description`, "data-team")}`);
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message)).toEqual([
      `Waiver of column-described for c-2 at ${pointer}/description (approved by data-team, until 2999-12-31) accepted no failure: the rule fails at ${pointer}, a parent of the waiver's path, and the waiver of column-described at ${pointer} (approved by platform-team) accepts that failure. Remove this waiver, which adds nothing to that one.`,
    ]);
    expect(run.summary.waived).toBe(1);
  });

  it('names a waiver of the whole document (path "") as such, never with an empty "at"', async () => {
    const dir = repository();
    const failure = (await runPolicy({ cwd: dir, paths: ["b-contracts/c2.odcs.yaml"], today: "2026-11-30" })).findings.find((f) => f.ruleId === "column-described");
    const pointer = failure?.path ?? "";
    const waiver = (path: string, approver: string, document = "c-2") =>
      `    - rule: column-described\n      document: ${document}\n      path: ${JSON.stringify(path)}\n      justification: Descriptions come with the catalogue work.\n      approver: ${approver}\n      expires: 2999-12-31\n`;
    const whole = 'at the whole document (path "")';
    // A waiver of the whole document accepts the failure: one at the failure's node adds nothing, nor does one below it.
    writeFileSync(
      join(dir, "meshkit.yaml"),
      `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("", "platform-team")}${waiver(pointer, "data-team")}${waiver(`${pointer}/description`, "data-team")}${waiver("", "data-team", "c-1")}`,
    );
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message)).toEqual([
      `Waiver of column-described for c-2 at ${pointer} (approved by data-team, until 2999-12-31) accepted no failure: the rule fails there, and the waiver of column-described for c-2 ${whole} (approved by platform-team, until 2999-12-31), tried before it, accepts those failures first (waivers are tried in the order listed, an extended config's first). Remove one of the two.`,
      `Waiver of column-described for c-2 at ${pointer}/description (approved by data-team, until 2999-12-31) accepted no failure: the rule fails at ${pointer}, a parent of the waiver's path, and the waiver of column-described ${whole} (approved by platform-team) accepts that failure. Remove this waiver, which adds nothing to that one.`,
      `Waiver of column-described for c-1 ${whole} (approved by data-team, until 2999-12-31) accepted no failure: the rule passes there now. Remove the waiver, so that the failure is reported if it comes back.`,
    ]);
    expect(run.summary.waived).toBe(1);
    // An expired one names its path as well: two expired waivers of one rule and document are told apart.
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("", "platform-team").replace("2999-12-31", "2020-01-31")}${waiver(pointer, "data-team").replace("2999-12-31", "2020-01-31")}`);
    expect((await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" })).findings.filter((f) => f.ruleId === "waiver-expired").map((f) => f.message.replace(/ expired after .*/, ""))).toEqual([
      `Waiver of column-described for c-2 ${whole} (approved by platform-team)`,
      `Waiver of column-described for c-2 at ${pointer} (approved by data-team)`,
    ]);
  });

  it("says a waiver whose document names no document checked points nowhere, not that the rule passes there", async () => {
    const dir = repository();
    const waiver = (document: string) => `    - rule: column-described\n      document: ${document}\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`;
    // c-2 fails column-described: a misspelt id and a folder that does not exist accept nothing, though it fails.
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("c-22")}${waiver("contracts/")}`);
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message)).toEqual(
      ["c-22", "contracts/"].map(
        (document) =>
          `Waiver of column-described for ${document} (approved by platform-team, until 2999-12-31) accepted no failure: no document checked is \`${document}\`: no contract or product has that id, and no file's path from the project's folder matches it. Correct the waiver's document (an id, or a glob such as contracts/orders.odcs.yaml or domains/sales/**), or remove the waiver.`,
      ),
    );
    // A document that exists and passes the rule (c-1) is still "passes there now".
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("c-1")}`);
    expect((await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" })).findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message)).toEqual([
      "Waiver of column-described for c-1 (approved by platform-team, until 2999-12-31) accepted no failure: the rule passes there now. Remove the waiver, so that the failure is reported if it comes back.",
    ]);
  });

  it("says a waiver whose rule does not check its document (another kind, a false matchCondition) does not apply there, not that the rule passes there", async () => {
    const dir = repository();
    writeFileSync(
      join(dir, "policies/finance.yaml"),
      "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: finance-only\nspec:\n  match:\n    kinds: [DataContract]\n    matchConditions:\n      - name: is-finance\n        expression: object.domain == 'finance'\n  validations:\n    - id: finance-reviewed\n      expression: \"false\"\n",
    );
    const waiver = (rule: string, document: string) => `    - rule: ${rule}\n      document: ${document}\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`;
    // p1 is a product (contracts-described checks contracts only); c-1 is in sales, which finance-only skips.
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("column-described", "p1")}${waiver("finance-reviewed", "c-1")}${waiver("finance-reviewed", "c-3")}`);
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message)).toEqual([
      "Waiver of column-described for p1 (approved by platform-team, until 2999-12-31) accepted no failure: the rule does not check that document: a-products/p1.odps.yaml is checked as DataProduct, and policy contracts-described (policies/pack.yaml) matches DataContract only (spec.match.kinds). Correct the waiver's document or rule, or remove the waiver.",
      "Waiver of finance-reviewed for c-1 (approved by platform-team, until 2999-12-31) accepted no failure: the rule does not check that document: matchCondition is-finance is false for b-contracts/c1.odcs.yaml (policy finance-only, policies/finance.yaml), so the policy skips it. Correct the waiver's document or rule, or remove the waiver.",
    ]);
    // c-3 (finance) fails finance-reviewed: its waiver is used.
    expect(run.waived.map((f) => `${f.ruleId} ${f.file}`)).toEqual(["finance-reviewed b-contracts/c3.odcs.yaml"]);
    // A waiver with no document covers documents the rule checks: where it passes, it still "passes there now".
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("status-known", "a-products/**")}${waiver("status-known", "b-contracts/c1.odcs.yaml")}`);
    expect((await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" })).findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message.replace(/.*accepted no failure: /, ""))).toEqual([
      "the rule does not check that document: a-products/p1.odps.yaml is checked as DataProduct, and policy contracts-described (policies/pack.yaml) matches DataContract only (spec.match.kinds). Correct the waiver's document or rule, or remove the waiver.",
      "the rule passes there now. Remove the waiver, so that the failure is reported if it comes back.",
    ]);
    // With a path too: the rule does not check the document, whether or not the path names a node of it (no path into a
    // product's /schema can make a contract rule apply to it).
    const atPath = (rule: string, document: string, path: string) => waiver(rule, document).replace("\n      justification", `\n      path: ${path}\n      justification`);
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${atPath("column-described", "p1", "/schema/0")}${atPath("finance-reviewed", "c-1", "/schema/9")}${atPath("finance-reviewed", "c-1", "/schema/0")}`);
    expect((await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" })).findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message.replace(/.*accepted no failure: /, ""))).toEqual([
      "the rule does not check that document: a-products/p1.odps.yaml is checked as DataProduct, and policy contracts-described (policies/pack.yaml) matches DataContract only (spec.match.kinds). Correct the waiver's document or rule, or remove the waiver.",
      "the rule does not check that document: matchCondition is-finance is false for b-contracts/c1.odcs.yaml (policy finance-only, policies/finance.yaml), so the policy skips it. Correct the waiver's document or rule, or remove the waiver.",
      "the rule does not check that document: matchCondition is-finance is false for b-contracts/c1.odcs.yaml (policy finance-only, policies/finance.yaml), so the policy skips it. Correct the waiver's document or rule, or remove the waiver.",
    ]);
  });

  it("says a waiver whose path names no node of the document matches nothing there, not that the rule passes there", async () => {
    const dir = repository();
    const waiver = (document: string | undefined, path: string) =>
      `    - rule: column-described\n${document !== undefined ? `      document: ${document}\n` : ""}      path: ${path}\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`;
    // c-1 has one table: /schema/7 and a misspelt key name no node; with no document, no document has /schemas.
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("c-1", "/schema/7")}${waiver(undefined, "/schemas/0")}`);
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    const tail = ": no node is there (an index past a list's end, a misspelt key). Correct the path (a JSON pointer into the document as written, such as /servers/0/location), or remove the waiver.";
    expect(run.findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message)).toEqual([
      `Waiver of column-described for c-1 at /schema/7 (approved by platform-team, until 2999-12-31) accepted no failure: its path /schema/7 matches nothing in \`c-1\`${tail}`,
      `Waiver of column-described at /schemas/0 (approved by platform-team, until 2999-12-31) accepted no failure: its path /schemas/0 matches nothing in any document checked${tail}`,
    ]);
    // A path that names a node of a passing document is still "passes there now".
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("c-1", "/schema/0")}`);
    expect((await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" })).findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message)).toEqual([
      "Waiver of column-described for c-1 at /schema/0 (approved by platform-team, until 2999-12-31) accepted no failure: the rule passes there now. Remove the waiver, so that the failure is reported if it comes back.",
    ]);
  });

  it("says a waiver covering failures an earlier waiver accepts is shadowed by it, not that the rule passes there", async () => {
    const dir = repository();
    const waiver = (document: string, approver: string, expires: string) => `    - rule: column-described\n      document: ${document}\n      justification: Descriptions come with the catalogue work.\n      approver: ${approver}\n      expires: ${expires}\n`;
    // The same failures of c-2, by its id and by its file: the first listed accepts them.
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("c-2", "platform-team", "2999-12-31")}${waiver("b-contracts/c2.odcs.yaml", "data-team", "2999-06-30")}`);
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message)).toEqual([
      "Waiver of column-described for b-contracts/c2.odcs.yaml (approved by data-team, until 2999-06-30) accepted no failure: the rule fails there, and the waiver of column-described for c-2 (approved by platform-team, until 2999-12-31), tried before it, accepts those failures first (waivers are tried in the order listed, an extended config's first). Remove one of the two.",
    ]);
    expect(run.summary.waived).toBeGreaterThan(0);
  });

  it("reports a current waiver of the project's own meshkit.yaml that accepted no failure, only when a run over the whole project can tell", async () => {
    const dir = repository();
    const waiver = (rule: string, document: string, expires = "2999-12-31") => `    - rule: ${rule}\n      document: ${document}\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: ${expires}\n`;
    // c-2 has an undescribed column (used); c-1 has none (unused); status-known fails on c5 (retired: used); an expired one is waiver-expired only.
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("column-described", "c-2")}${waiver("column-described", "c-1")}${waiver("status-known", "b-contracts/c5.odcs.yaml")}${waiver("not-too-wide", "c-1", "2020-01-01")}`);
    const unused = (run: { findings: { ruleId: string; severity: string; file: string; line: number; message: string }[] }) => run.findings.filter((f) => f.ruleId === "waiver-unused").map((f) => `${f.file}:${f.line} ${f.severity} ${f.message}`);
    const whole = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(unused(whole)).toEqual([
      "meshkit.yaml:11 warning Waiver of column-described for c-1 (approved by platform-team, until 2999-12-31) accepted no failure: the rule passes there now. Remove the waiver, so that the failure is reported if it comes back.",
    ]);
    expect(whole.findings.filter((f) => f.ruleId === "waiver-expired")).toHaveLength(1);
    // Paths named, other packs, another folder: the run cannot see every failure a waiver may be for.
    expect(unused(await runPolicy({ cwd: dir, paths: ["b-contracts/c2.odcs.yaml"], today: "2026-11-30" }))).toEqual([]);
    expect(unused(await runPolicy({ cwd: dir, paths: [], policies: ["policies"], today: "2026-11-30" }))).toEqual([]);
    expect(unused(await runPolicy({ cwd: join(dir, "b-contracts"), paths: [], today: "2026-11-30" }))).toEqual([]);
    // A rule turned off is not evaluated: the run cannot tell that it passes where its waivers point (nor say so).
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  rules:\n    column-described: "off"\n  waivers:\n${waiver("column-described", "c-2")}${waiver("column-described", "c-1")}`);
    expect(unused(await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" }))).toEqual([]);
    // A document that does not parse may hold the failure: nothing said.
    writeFileSync(join(dir, "b-contracts/c1.odcs.yaml"), "apiVersion: v3.1.0\nkind: [DataContract\n");
    expect(unused(await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" }))).toEqual([]);
  });

  it("leaves alone a waiver of a config the project extends: it is written for many projects", async () => {
    const dir = repository();
    writeFileSync(join(dir, "base.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  waivers:\n    - rule: column-described\n      document: c-1\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n");
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nextends: ./base.yaml\npolicy:\n  packs: [policies]\n");
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect([run.summary.pass > 0, run.findings.filter((f) => f.ruleId === "waiver-unused")]).toEqual([true, []]);
  });

  it("reports an expired waiver of a config the project extends only where it applies: all documents, or one the run checks", async () => {
    const dir = repository();
    const waiver = (document: string | undefined, approver: string) =>
      `    - rule: column-described\n${document === undefined ? "" : `      document: ${document}\n`}      justification: Descriptions come with the catalogue work.\n      approver: ${approver}\n      expires: 2020-01-31\n`;
    // The platform's shared config holds every domain's waivers: another domain's (`billing-invoices`) is not this project's to renew.
    writeFileSync(join(dir, "base.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  waivers:\n${waiver("c-1", "sales-lead")}${waiver("billing-invoices", "billing-lead")}${waiver("billing/**", "billing-lead")}${waiver(undefined, "platform-team")}`);
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\nextends: ./base.yaml\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("gone-contract", "own-lead")}`);
    const expired = (run: { findings: readonly { ruleId: string; file: string; message: string }[] }) => run.findings.filter((f) => f.ruleId === "waiver-expired").map((f) => `${f.file} ${f.message.replace(/ expired after .*/, "")}`);
    const reported = [
      "base.yaml Waiver of column-described for c-1 (approved by sales-lead)",
      "base.yaml Waiver of column-described (approved by platform-team)",
      "meshkit.yaml Waiver of column-described for gone-contract (approved by own-lead)",
    ];
    expect(expired(await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" }))).toEqual(reported);
    // Checking one other file: c-1's is not checked here, the project's own is still reported (its to act on).
    expect(expired(await runPolicy({ cwd: dir, paths: ["b-contracts/c2.odcs.yaml"], today: "2026-11-30" }))).toEqual([reported[1], reported[2]]);
    // All documents read at once (an OPA run, the pre-commit hook), with no waiver use given: the same.
    const { config } = await loadConfig({ cwd: dir });
    const targets = (await discoverFiles([], config, dir)).flatMap((f) => policyTargets(f.display, readFileSync(f.path), false));
    expect(expired(await checkDocuments(targets, config, { cwd: dir, today: "2026-11-30" }))).toEqual(reported);
  });

  it("does not apply a waiver running longer than a config it extends allows (policy.maxWaiverDays), and says so at its expires line", async () => {
    const dir = repository();
    writeFileSync(join(dir, "base.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  maxWaiverDays: 180\n");
    const config = (maxWaiverDays: string) =>
      `apiVersion: meshkit/v1\nkind: Config\nextends: ./base.yaml\npolicy:\n  packs: [policies]\n${maxWaiverDays}  waivers:\n    - rule: column-described\n      document: c-2\n      justification: Descriptions come with the catalogue work.\n      approver: sales-lead\n      expires: 2027-12-31\n`;
    writeFileSync(join(dir, "meshkit.yaml"), config(""));
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    const tooLong = run.findings.filter((f) => f.ruleId === "waiver-too-long");
    expect(tooLong.map((f) => [f.file, f.line, f.severity, f.message])).toEqual([
      [
        "meshkit.yaml",
        11,
        "warning",
        "Waiver of column-described for c-2 (approved by sales-lead) expires on 2027-12-31, later than policy.maxWaiverDays allows (2027-05-29 at the latest, from today 2026-11-30); it does not apply. Set an expiry within that limit, and renew the waiver with a new approval when it comes.",
      ],
    ]);
    // The failure it was written for is reported, and the waiver is not also called unused.
    expect(run.findings.some((f) => f.ruleId === "column-described" && f.file === "b-contracts/c2.odcs.yaml")).toBe(true);
    expect([run.summary.waived, run.findings.filter((f) => f.ruleId === "waiver-unused")]).toEqual([0, []]);
    // The pre-commit hook's path (all documents at once) says the same.
    const { config: loaded } = await loadConfig({ cwd: dir });
    const targets = (await discoverFiles([], loaded, dir)).flatMap((f) => policyTargets(f.display, readFileSync(f.path), false));
    expect((await checkDocuments(targets, loaded, { cwd: dir, today: "2026-11-30" })).findings.filter((f) => f.ruleId === "waiver-too-long")).toHaveLength(1);
    // A project may set its own limit over the platform's.
    writeFileSync(join(dir, "meshkit.yaml"), config("  maxWaiverDays: 400\n"));
    const own = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect([own.summary.waived > 0, own.findings.filter((f) => f.ruleId === "waiver-too-long" || f.file === "b-contracts/c2.odcs.yaml")]).toEqual([true, []]);
    writeFileSync(join(dir, "meshkit.yaml"), config("  maxWaiverDays: 0\n"));
    expect((await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" })).findings.map((f) => [f.ruleId, f.line])).toEqual([["config-invalid", 6]]);
  });

  it("refuses a waiver whose approver or justification is blank, or too short, once at that field", async () => {
    const dir = repository();
    // A short justification and an empty approver are one finding each, not one more per schema keyword.
    for (const [justification, approver] of [["'            '", "' '"], ["short", "''"]]) {
      const waiver = `  waivers:\n    - rule: column-described\n      document: 'b-contracts/**'\n      justification: ${justification}\n      approver: ${approver}\n      expires: 2999-12-31\n`;
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n${waiver}`);
      const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      expect(run.findings.map((f) => [f.ruleId, f.line, f.message])).toEqual([
        ["config-invalid", 8, "meshkit.yaml: `justification` must say why in at least 10 characters besides the spaces around them"],
        ["config-invalid", 9, "meshkit.yaml: `approver` must name who approved it, not be blank"],
      ]);
    }
  });

  it("refuses a waiver path that names no node (a trailing /, a bare /): it would waive nothing in silence", async () => {
    const dir = repository();
    for (const path of ["/schema/0/properties/1/", "/", "schema/0"]) {
      const waiver = `  waivers:\n    - rule: column-described\n      path: ${JSON.stringify(path)}\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`;
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n${waiver}`);
      const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      expect([path, run.findings.map((f) => [f.ruleId, f.line, f.message])]).toEqual([
        path,
        [["config-invalid", 7, 'meshkit.yaml: `path` must be a JSON pointer to a node: "" for the whole document, or one starting with / and not ending with it (/schema/0/properties/1)']],
      ]);
    }
  });

  it("refuses a waiver of policy-check's own rules, at its rule (exit 2)", async () => {
    const dir = repository();
    const waiver = (rule: string) => `    - rule: ${rule}\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`;
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("column-describd")}${waiver("policy-runtime-error")}${waiver("column-described")}`);
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
      "meshkit.yaml:10:13 config-invalid meshkit.yaml: policy.waivers: `policy-runtime-error` is a rule of policy-check itself, which no waiver accepts; fix what it reports instead.",
    ]);
    expect(run.results).toEqual([]);
    // No document was checked, but the file at fault counts: not "1 error in 0 files".
    expect(run.files).toBe(1);
  });

  it("refuses a waiver of a rule of meshkit's other stages (lint's, compat's), which no pack defines, with an OPA server too (exit 2)", async () => {
    // Neither a pack nor OPA may take such an id (policy-invalid): no pack will define it, so it is no rule removed from one.
    const dir = repository();
    const waiver = (rule: string) => `    - rule: ${rule}\n      justification: Owners come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`;
    // Each says what answers that stage's finding instead: only lint's and compat's levels can be set.
    const message = (line: number, rule: string, instead: string) =>
      `meshkit.yaml:${line}:13 config-invalid meshkit.yaml: policy.waivers: \`${rule}\` is one of meshkit's own rules (docs/rules/${rule}.md), which no pack defines: a waiver accepts the failures of a pack's rule only; ${instead} instead.`;
    for (const opa of ["", "  opa:\n    url: http://127.0.0.1:9\n    package: meshkit.contracts\n"]) {
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n${opa}  waivers:\n${["contract-owner", "sla-removed", "version-bump", "quality-check-error"].map(waiver).join("")}`);
      const line = opa === "" ? 6 : 9;
      const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      expect(run.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
        message(line, "contract-owner", "set its level in lint.rules"),
        message(line + 4, "sla-removed", "accept the change with a compat.ignore entry (its `kind` and a `reason`), or set its level in compat.rules,"),
        message(line + 8, "version-bump", "set its level in compat.rules"),
        message(line + 12, "quality-check-error", "it is a rule of meshkit's test stage, whose level cannot be set: fix what it reports"),
      ]);
      expect(run.results).toEqual([]);
    }
  });

  it("warns of a waiver of a rule no pack in use defines (removed from its pack, or misspelt) and checks on", async () => {
    // The platform removed `table-described` from its pack: the domains' waivers of it accept nothing, which stops no domain's run.
    const dir = repository();
    const waiver = (rule: string, document = "") => `    - rule: ${rule}\n${document}      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`;
    writeFileSync(join(dir, "platform.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("table-described")}${waiver("table-described", "      document: marketing-leads\n")}`);
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\nextends: platform.yaml\npolicy:\n  waivers:\n${waiver("table-described", "      document: c-2\n")}${waiver("column-describd", "      document: c-2\n")}`);
    const message = (rule: string, document: string, meant = "") =>
      `Waiver of ${rule}${document} (approved by platform-team, until 2999-12-31) accepts no failure: no pack in use defines \`${rule}\`${meant}. Correct the waiver's rule if it is misspelt; if the rule was removed from its pack, remove the waiver.`;
    // All documents read at once (the pre-commit hook) as well as streamed, over the project or one file.
    const { config } = await loadConfig({ cwd: dir });
    const targets = (await discoverFiles([], config, dir)).flatMap((f) => policyTargets(f.display, readFileSync(f.path), false));
    for (const run of [
      await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" }),
      await runPolicy({ cwd: dir, paths: ["b-contracts/c2.odcs.yaml"], today: "2026-11-30" }),
      await checkDocuments(targets, config, { cwd: dir, today: "2026-11-30" }),
    ]) {
      // The platform's waiver of every document is reported in each domain's run; its waiver of another domain's
      // document is not (that domain's run reports it), as an expired one would not be.
      expect(run.findings.filter((f) => f.ruleId === "waiver-unused").map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
        `platform.yaml:6:13 warning ${message("table-described", "")}`,
        `meshkit.yaml:6:13 warning ${message("table-described", " for c-2")}`,
        `meshkit.yaml:11:13 warning ${message("column-describd", " for c-2", " (did you mean `column-described`?)")}`,
      ]);
      // The documents are checked: the failure a misspelt waiver was meant for is still reported.
      expect(run.findings.filter((f) => f.ruleId === "column-described").map((f) => f.file)).toEqual(["b-contracts/c2.odcs.yaml"]);
      expect(run.findings.filter((f) => f.ruleId === "config-invalid")).toEqual([]);
    }
  });

  it("reports an expired waiver of a rule no pack in use defines as unused only, not also as expired (to renew)", async () => {
    const dir = repository();
    const waiver = (rule: string) => `    - rule: ${rule}\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2026-01-31\n`;
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  waivers:\n${waiver("table-described")}${waiver("column-described")}`);
    const { config } = await loadConfig({ cwd: dir });
    const targets = (await discoverFiles([], config, dir)).flatMap((f) => policyTargets(f.display, readFileSync(f.path), false));
    for (const run of [await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" }), await checkDocuments(targets, config, { cwd: dir, today: "2026-11-30" })]) {
      // The removed rule's waiver is to be removed, not renewed; the expired waiver of a rule of the pack is still expired.
      expect(run.findings.filter((f) => f.ruleId.startsWith("waiver-")).map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual(["6:13 waiver-unused", "13:16 waiver-expired"]);
    }
  });

  it("says a waiver or a rule level that names a policy where a rule is meant names a policy, with its rules", async () => {
    const dir = repository();
    const waiver = (rule: string) => `    - rule: ${rule}\n      justification: Descriptions come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`;
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  rules:\n    ports: warning\n  waivers:\n${waiver("contracts-described")}`);
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
      "meshkit.yaml:6:5 config-invalid meshkit.yaml: `ports` in policy.rules is the name of a policy, not a rule id: set the level of each of its rules instead (port-contract-known, port-contract-active, port-contract-domain, sees-every-contract).",
      "meshkit.yaml:8:13 config-invalid meshkit.yaml: policy.waivers: `contracts-described` is the name of a policy, not a rule id: a waiver accepts the failures of one rule; write one for each rule of it to waive (column-described, status-known, not-too-wide).",
    ]);
    expect(run.results).toEqual([]);
  });

  it("counts the files at fault when the packs do not load or a parameter is unset: never errors in 0 files", async () => {
    const dir = repository();
    writeFileSync(join(dir, "policies/broken.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: broken}\nspec:\n  validations:\n    - id: broken\n      expression: '1 +'\n");
    const broken = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect([broken.findings.map((f) => `${f.file} ${f.ruleId}`), broken.files]).toEqual([["policies/broken.yaml policy-invalid"], 1]);
    writeFileSync(join(dir, "policies/broken.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: broken}\nspec:\n  validations:\n    - id: broken\n      expression: size(object) > params.minKeys\n");
    const unset = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect([unset.findings.map((f) => `${f.file} ${f.ruleId}`), unset.files]).toEqual([["policies/broken.yaml policy-invalid"], 1]);
  });

  it("says in SARIF that a run whose packs do not load did not succeed: no policy ran, and code scanning must keep the category's alerts open", async () => {
    const dir = repository();
    writeFileSync(join(dir, "policies/broken.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: broken}\nspec:\n  validations:\n    - id: broken\n      expression: '1 +'\n");
    const sarifOf = (run: Awaited<ReturnType<typeof runPolicy>>) =>
      JSON.parse(renderReport("sarif", { findings: run.findings, summary: summarizeFindings(run.findings, run.files), tool: { name: "meshkit", version: "0.0.0" }, rules: run.rules })).runs[0].invocations;
    const broken = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(sarifOf(broken)).toEqual([{ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: expect.stringMatching(/^no document was checked: policies\/broken\.yaml:7:\d+: policy-invalid /) } }] }]);
    writeFileSync(join(dir, "policies/broken.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: broken}\nspec:\n  validations:\n    - id: broken\n      expression: size(object) > params.minKeys\n");
    expect(sarifOf(await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" }))[0].executionSuccessful).toBe(false);
    rmSync(join(dir, "policies/broken.yaml"));
    expect(sarifOf(await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" }))).toBeUndefined();
  });

  it("refuses a policy.params value of another kind than the policy's default, at that value", async () => {
    const dir = repository();
    writeFileSync(join(dir, "policies/limits.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    maxColumns: 10\n    tags: [pii]\n  validations:\n    - id: few-columns\n      expression: size(properties) <= params.maxColumns && size(params.tags) > 0\n");
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    maxColumns: ten\n    tags: pii\n");
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.map((f) => [f.ruleId, f.line, f.message.replace(/^meshkit\.yaml: /, "")])).toEqual([
      ["config-invalid", 6, "policy.params.maxColumns is a string, but the policies read it as a number (their default is 10)."],
      ["config-invalid", 7, 'policy.params.tags is a string, but the policies read it as a list (their default is ["pii"]).'],
    ]);
    // The same for a --params file: a usage error naming it.
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
    writeFileSync(join(dir, "prod.yaml"), "maxColumns: '12'\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow(
      "params file prod.yaml: maxColumns is a string, but the policies read it as a number (their default is 10)",
    );
    // An empty value would reach every rule as null: refused too.
    writeFileSync(join(dir, "prod.yaml"), "maxColumns: null\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow(
      "params file prod.yaml: maxColumns is empty (null), but the policies read it as a number (their default is 10); give it a value, or remove it to keep the default",
    );
    // A map where a list is read (a YAML !!set is one), and a list where a map is: named in YAML's words.
    writeFileSync(join(dir, "prod.yaml"), "tags: !!set {pii, gdpr}\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow(
      'params file prod.yaml: tags is a map, but the policies read it as a list (their default is ["pii"])',
    );
    writeFileSync(join(dir, "prod.yaml"), "maxColumns: 12\n");
    expect((await runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).findings.map((f) => f.ruleId)).not.toContain("config-invalid");
  });

  it("says why a parameter set per environment as a quoted number or boolean, or as YAML 1.1's yes, is text", async () => {
    const dir = repository();
    writeFileSync(join(dir, "policies/limits.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    maxColumns: 10\n    strict: false\n    limits: {maxTables: 3}\n  validations:\n    - id: few-columns\n      expression: size(properties) <= params.maxColumns && (!params.strict || size(schemaObjects) <= params.limits.maxTables)\n");
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    strict: yes\n    limits: {maxTables: '3'}\n");
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.map((f) => [f.ruleId, f.line, f.message.replace(/^meshkit\.yaml: /, "")])).toEqual([
      ["config-invalid", 6, "policy.params.strict is a string, but the policies read it as a boolean (their default is false); `yes` is text, not a boolean: meshkit reads YAML 1.2, where only true and false are booleans (also under a %YAML 1.1 directive): write true."],
      ["config-invalid", 7, 'policy.params.limits has "3" at limits.maxTables, a string, but the policies read that as a number (their default is {"maxTables":3}); `3` is quoted, which makes it text: write it without the quotes.'],
    ]);
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
    writeFileSync(join(dir, "prod.yaml"), "maxColumns: '12'\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow(
      /^params file prod\.yaml: maxColumns is a string, but the policies read it as a number \(their default is 10\); `12` is quoted, which makes it text: write it without the quotes$/,
    );
    writeFileSync(join(dir, "prod.yaml"), "strict: \"true\"\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow(
      /^params file prod\.yaml: strict is a string, but the policies read it as a boolean \(their default is false\); `true` is quoted, which makes it text: write it without the quotes$/,
    );
    // Text that spells no number or boolean gets no hint: nothing was quoted by mistake.
    writeFileSync(join(dir, "prod.yaml"), "maxColumns: ten\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow(
      /^params file prod\.yaml: maxColumns is a string, but the policies read it as a number \(their default is 10\)$/,
    );
  });

  it("warns once per rule, at the broken field in the policy, of a messageExpression or pathExpression that gave no text or node, and keeps the failures' results", async () => {
    const dir = repository();
    const owners = (messageExpression: string) =>
      `apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: owners}\nspec:\n  match: {kinds: [DataContract]}\n  validations:\n    - id: has-owner\n      expression: has(object.team)\n      messageExpression: ${JSON.stringify(messageExpression)}\n      message: Contract has no owner.\n    - id: has-title\n      expression: has(object.title)\n      messageExpression: "'Contract ' + object.id + ' has no title'"\n`;
    // A waiver that accepts nothing is still reported beside the warning (the rule was judged everywhere).
    const waiver = "  waivers:\n    - {rule: has-owner, document: no-such-contract, justification: Owners are being assigned., approver: platform-team, expires: 2999-12-31}\n";
    writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [owners.yaml]\n${waiver}`);
    writeFileSync(join(dir, "owners.yaml"), owners("'Contract ' + object.title + ' has no owner'"));
    const warnings = (run: { findings: { ruleId: string; severity: string; file: string; line: number; column: number; message: string }[] }) =>
      run.findings.filter((f) => f.severity === "warning" && f.ruleId !== "waiver-unused").map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
    const whole = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(whole.findings.filter((f) => f.ruleId === "waiver-unused")).toHaveLength(1);
    expect(warnings(whole)).toEqual([
      "owners.yaml:9:26 policy-runtime-error Rule has-owner of policy owners (owners.yaml): its messageExpression could not give the failure on b-contracts/c1.odcs.yaml (and 4 more files) its text: field not found: title; the findings show its `message` instead. Fix the messageExpression (guard missing fields with has()).",
    ]);
    // The failures keep their rule, level and result, with `message`; the working messageExpression is used.
    expect(whole.findings.filter((f) => f.ruleId === "has-owner").map((f) => `${f.severity} ${f.message}`)).toEqual(Array(5).fill("error Contract has no owner. [policy owners, owners.yaml]"));
    expect(whole.findings.filter((f) => f.ruleId === "has-title").map((f) => f.message)[0]).toBe("Contract c-1 has no title [policy owners, owners.yaml]");
    expect(whole.summary).toMatchObject({ fail: 10, error: 0 });
    // The same through checkDocuments (the pre-commit hook's path), on one document.
    const loaded = await loadConfig({ cwd: dir });
    const targets = policyTargets("b-contracts/c2.odcs.yaml", readFileSync(join(dir, "b-contracts/c2.odcs.yaml")), false);
    expect(warnings(await checkDocuments(targets, loaded.config, { cwd: dir, today: "2026-11-30" }))).toEqual([expect.stringContaining("on b-contracts/c2.odcs.yaml its text: field not found: title;")]);
    // A value that is no string, or blank, is named as such; without `message`, the default text is used.
    writeFileSync(join(dir, "owners.yaml"), owners("object.version").replace("      message: Contract has no owner.\n", ""));
    writeFileSync(join(dir, "b-contracts/c1.odcs.yaml"), readFileSync(join(dir, "b-contracts/c1.odcs.yaml"), "utf8").replace("version: 1.0.0", "version: 1"));
    expect(warnings(await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" }))).toEqual([
      "owners.yaml:9:26 policy-runtime-error Rule has-owner of policy owners (owners.yaml): its messageExpression could not give the failure on b-contracts/c1.odcs.yaml its text: returned 1, not a string; the findings show the default text instead. Fix the messageExpression.",
    ]);
    writeFileSync(join(dir, "owners.yaml"), owners("' '"));
    expect(warnings(await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" }))).toEqual([expect.stringContaining("its text: returned a blank text;")]);
    // A pathExpression that gives no node: the failure points where it would without one, and the rule is warned of.
    writeFileSync(join(dir, "owners.yaml"), owners("'Contract ' + object.id + ' has no owner'").replace("      message: Contract has no owner.\n", "      pathExpression: \"'/team/' + object.team.name\"\n"));
    const pointed = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" });
    expect(warnings(pointed)).toEqual([
      "owners.yaml:10:23 policy-runtime-error Rule has-owner of policy owners (owners.yaml): its pathExpression could not give the failure on b-contracts/c1.odcs.yaml its node: field not found: team; the findings point at the default node instead. Fix the pathExpression (guard missing fields with has()).",
    ]);
    expect(pointed.findings.filter((f) => f.ruleId === "has-owner").map((f) => `${f.path}|${f.message}`)).toEqual(["|Contract c-1 has no owner [policy owners, owners.yaml]"]);
    writeFileSync(join(dir, "owners.yaml"), owners("'Contract ' + object.id + ' has no owner'").replace("      message: Contract has no owner.\n", "      pathExpression: \"'team'\"\n"));
    expect(warnings(await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" }))).toEqual([expect.stringContaining('its node: returned "team", no JSON pointer ("" or one starting with /); the findings point at the default node instead.')]);
    // A working messageExpression: no warning.
    writeFileSync(join(dir, "owners.yaml"), owners("'Contract ' + object.id + ' has no owner'"));
    expect(warnings(await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" }))).toEqual([]);
  });

  it("checks meshkit.yaml's policy.params values against the packs of --policies too (their names are not checked)", async () => {
    const dir = repository();
    writeFileSync(join(dir, "limits.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    maxColumns: 10\n  validations:\n    - id: few-columns\n      expression: size(properties) <= params.maxColumns\n");
    // `ownPackOnly` is a parameter of meshkit.yaml's own packs, not of limits.yaml: no mistake with other packs.
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    maxColumns: ten\n    ownPackOnly: 1\n");
    const run = await runPolicy({ cwd: dir, paths: [], policies: ["limits.yaml"], today: "2026-11-30" });
    // The run reads `ten` as the limit: refused before any document, not a runtime error on every contract.
    expect(run.findings.map((f) => [f.file, f.ruleId, f.line, f.message.replace(/^meshkit\.yaml: /, "")])).toEqual([
      ["meshkit.yaml", "config-invalid", 6, "policy.params.maxColumns is a string, but the policies read it as a number (their default is 10)."],
    ]);
    expect(run.results).toEqual([]);
    const checked = await checkDocuments([], (await loadConfig({ cwd: dir })).config, { cwd: dir, policies: ["limits.yaml"], today: "2026-11-30" });
    expect(checked.findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual(["config-invalid 6"]);
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    maxColumns: 12\n    ownPackOnly: 1\n");
    expect((await runPolicy({ cwd: dir, paths: [], policies: ["limits.yaml"], today: "2026-11-30" })).findings.map((f) => f.ruleId)).not.toContain("config-invalid");
  });

  it("takes a number default as the parameter's type: a fraction over an int is refused, a whole number takes the default's type", async () => {
    const dir = repository();
    writeFileSync(
      join(dir, "policies/limits.yaml"),
      "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    maxColumns: 10\n    ratio: 0.5\n  validations:\n    - id: few-columns\n      expression: size(properties) < params.maxColumns + 1 && params.ratio * 2.0 <= 2.0\n",
    );
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    maxColumns: 12.5\n");
    const refused = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(refused.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([["config-invalid", 6, 17]]);
    expect(refused.findings[0]!.message).toContain("policy.params.maxColumns is 12.5, but the policies read it as a whole number, an int (their default is 10)");
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
    writeFileSync(join(dir, "prod.yaml"), "maxColumns: 7.5\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow("params file prod.yaml: maxColumns is 7.5, but the policies read it as a whole number");
    // `12.0` over the int default is the int 12, `1` over the double default the double 1.0: every document evaluates.
    writeFileSync(join(dir, "prod.yaml"), "maxColumns: 12.0\nratio: 1\n");
    const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], paramsFile: "prod.yaml", today: "2026-11-30" });
    expect(run.results.filter((r) => r.rule === "few-columns").map((r) => `${r.result} ${r.message ?? ""}`)).toEqual(["pass "]);
  });

  it("checks a value against the default of every policy that declares the parameter, not only the first one's", async () => {
    const dir = repository();
    // a-years reads minYears as a double (7.0), b-years as an int (7) and c-years as a string: each reads the value set as its own default's type.
    const policy = (name: string, value: string, expression: string) => `apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: ${name}}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    minYears: ${value}\n  validations:\n    - id: ${name}-ok\n      expression: ${expression}\n`;
    writeFileSync(join(dir, "policies/years.yaml"), [policy("a-years", "7.0", "params.minYears * 2.0 > 0.0"), policy("b-years", "7", "params.minYears + 1 > 0")].join("---\n"));
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    minYears: 7.5\n");
    const refused = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    // Not a policy-runtime-error of b-years on every document: refused at the value, naming the policy whose default it breaks.
    expect(refused.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
      "meshkit.yaml:6:15 config-invalid meshkit.yaml: policy.params.minYears is 7.5, but policy b-years reads it as a whole number, an int (its default is 7); give a whole number, or declare the default as a double (`minYears: 7.0`) in the policy if fractions are meant.",
    ]);
    expect(refused.results).toEqual([]);
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
    writeFileSync(join(dir, "prod.yaml"), "minYears: 7.5\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow("params file prod.yaml: minYears is 7.5, but policy b-years reads it as a whole number, an int (its default is 7)");
    // A null default declares no kind: the next declaring policy's default is checked.
    writeFileSync(join(dir, "policies/years.yaml"), [policy("a-years", "null", "params.minYears == null || params.minYears > 0"), policy("c-years", "seven", "params.minYears.startsWith('s')")].join("---\n"));
    writeFileSync(join(dir, "prod.yaml"), "minYears: 8\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow("params file prod.yaml: minYears is a number, but policy c-years reads it as a string (its default is \"seven\")");
    // A whole number suits both a double and an int default: every document evaluates.
    writeFileSync(join(dir, "policies/years.yaml"), [policy("a-years", "7.0", "params.minYears * 2.0 > 0.0"), policy("b-years", "7", "params.minYears + 1 > 0")].join("---\n"));
    writeFileSync(join(dir, "prod.yaml"), "minYears: 8\n");
    const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], paramsFile: "prod.yaml", today: "2026-11-30" });
    expect(run.results.filter((r) => r.rule.endsWith("-years-ok")).map((r) => `${r.rule} ${r.result}`)).toEqual(["a-years-ok pass", "b-years-ok pass"]);
  });

  it("types the numbers inside a map or list parameter by its default: a fraction over an int is refused, a whole number is an int", async () => {
    const dir = repository();
    writeFileSync(
      join(dir, "policies/limits.yaml"),
      "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    limits: {maxColumns: 10}\n    sizes: [1, 2]\n  validations:\n    - id: few-columns\n      expression: size(properties) < params.limits.maxColumns + 1 && params.sizes[0] + 1 > 0\n",
    );
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    limits: {maxColumns: 12.5}\n");
    const refused = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(refused.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([["config-invalid", 6, 13]]);
    expect(refused.findings[0]!.message).toContain("policy.params.limits has 12.5 at limits.maxColumns, but the policies read that as a whole number, an int");
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
    writeFileSync(join(dir, "prod.yaml"), "sizes: [1, 2.5]\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow("params file prod.yaml: sizes has 2.5 at sizes[]");
    // `12.0` inside the map over the int default is the int 12: every document evaluates.
    writeFileSync(join(dir, "prod.yaml"), "limits: {maxColumns: 12.0}\nsizes: [3.0]\n");
    const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], paramsFile: "prod.yaml", today: "2026-11-30" });
    expect(run.results.filter((r) => r.rule === "few-columns").map((r) => `${r.result} ${r.message ?? ""}`)).toEqual(["pass "]);
  });

  it("refuses a map or list parameter whose entries or elements are of another kind than its default's", async () => {
    const dir = repository();
    writeFileSync(
      join(dir, "policies/limits.yaml"),
      "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    limits: {min: 1, max: 10}\n    owners: [alice, bob]\n  validations:\n    - id: few-objects\n      expression: size(object.schema) <= params.limits.max && params.owners.all(o, o.size() > 0)\n",
    );
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    owners: [carol, 7]\n");
    const refused = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(refused.findings.map((f) => [f.ruleId, f.line, f.message.replace(/^meshkit\.yaml: /, "")])).toEqual([
      ["config-invalid", 6, 'policy.params.owners has 7 at owners[1], a number, but the policies read that as a string (their default is ["alice","bob"]).'],
    ]);
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
    writeFileSync(join(dir, "prod.yaml"), "limits: {min: 1, max: ten}\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow(
      'params file prod.yaml: limits has "ten" at limits.max, a string, but the policies read that as a number (their default is {"min":1,"max":10})',
    );
    // Keys the default does not declare, and elements of the default's kind, are taken.
    writeFileSync(join(dir, "prod.yaml"), "limits: {min: 1, max: 3, note: strict}\nowners: [carol]\n");
    const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], paramsFile: "prod.yaml", today: "2026-11-30" });
    expect(run.results.filter((r) => r.rule === "few-objects").map((r) => r.result)).toEqual(["pass"]);
  });

  it("refuses a map parameter that leaves out a key of the default a policy reads by name: a value replaces the default whole", async () => {
    const dir = repository();
    writeFileSync(
      join(dir, "policies/limits.yaml"),
      "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    limits: {min: 1, max: 10, note: none}\n    prefixes: {sales: s3://sales/}\n  validations:\n    - id: few-objects\n      expression: size(object.schema) >= params.limits.min && size(object.schema) <= params.limits['max'] && (!has(params.limits.note) || true)\n    - id: prefixes\n      expression: \"!('sales' in params.prefixes) || params.prefixes.all(k, k != '')\"\n",
    );
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    limits: {max: 5}\n");
    const refused = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(refused.findings.map((f) => [f.ruleId, f.line, f.column, f.message.replace(/^meshkit\.yaml: /, "")])).toEqual([
      [
        "config-invalid",
        6,
        13,
        'policy.params.limits sets `max` but not `min`, which policy limits reads (`params.limits.min`; its default is {"min":1,"max":10,"note":"none"}): a map value replaces the default whole, so every document would fail at run time; set `min` too.',
      ],
    ]);
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
    writeFileSync(join(dir, "prod.yaml"), "limits: {min: 1}\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow("params file prod.yaml: limits sets `min` but not `max`, which policy limits reads");
    // A config's partial map that the config extending it replaces is never read: not refused.
    writeFileSync(join(dir, "base.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  params:\n    limits: {max: 5}\n");
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nextends: ./base.yaml\npolicy:\n  packs: [policies]\n  params:\n    limits: {min: 1, max: 5}\n");
    expect((await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" })).findings.map((f) => f.ruleId)).not.toContain("config-invalid");
    // Nor is one a `--params` file replaces whole: the file's map is the value in effect.
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    limits: {max: 5}\n");
    writeFileSync(join(dir, "prod.yaml"), "limits: {min: 1, max: 3}\n");
    const overridden = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], paramsFile: "prod.yaml", today: "2026-11-30" });
    expect(overridden.findings.map((f) => f.ruleId)).toEqual([]);
    expect(overridden.results.filter((r) => r.rule === "few-objects").map((r) => r.result)).toEqual(["pass"]);
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
    // A key asked for first (`has(params.limits.note)`) may be left out, and a map read as a dictionary takes other keys.
    writeFileSync(join(dir, "prod.yaml"), "limits: {min: 1, max: 3}\nprefixes: {finance: s3://finance/}\n");
    const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], paramsFile: "prod.yaml", today: "2026-11-30" });
    expect(run.results.filter((r) => r.policy === "limits").map((r) => `${r.rule} ${r.result}`)).toEqual(["few-objects pass", "prefixes pass"]);
  });

  it("takes a map parameter that leaves out a key only a messageExpression, a pathExpression or a comment names: no document fails for it", async () => {
    const dir = repository();
    writeFileSync(
      join(dir, "policies/limits.yaml"),
      [
        "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    limits: {min: 1, max: 10}\n  validations:\n    - id: few-objects",
        "      expression: |\n        // params.limits.min is optional: set it to ask for a least size too\n        size(object.schema) <= params.limits.max",
        "      message: too many objects",
        "      messageExpression: \"'more than ' + string(params.limits.max) + ' objects (from ' + string(params.limits.min) + ')'\"",
        "      pathExpression: \"params.limits.min > 0 ? '/schema' : ''\"\n",
      ].join("\n"),
    );
    writeFileSync(join(dir, "prod.yaml"), "limits: {max: 3}\n");
    const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], paramsFile: "prod.yaml", today: "2026-11-30" });
    expect(run.findings.map((f) => f.ruleId)).toEqual([]);
    expect(run.results.filter((r) => r.rule === "few-objects").map((r) => r.result)).toEqual(["pass"]);
    // Read by the expression itself, it is refused.
    writeFileSync(join(dir, "prod.yaml"), "limits: {max: 0}\n");
    writeFileSync(join(dir, "policies/limits.yaml"), readFileSync(join(dir, "policies/limits.yaml"), "utf8").replace("<= params.limits.max", "<= params.limits.max && size(object.schema) >= params.limits.min"));
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow("limits sets `max` but not `min`, which policy limits reads");
  });

  it("refuses before the run a number over an int default that no int holds: past 2^63, or a double past 2^53", async () => {
    const dir = repository();
    writeFileSync(
      join(dir, "policies/limits.yaml"),
      "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    maxColumns: 10\n  validations:\n    - id: few-columns\n      expression: size(properties) < params.maxColumns + 0\n",
    );
    for (const written of ["1e20", "100000000000000000000", "9223372036854775808", "9007199254740993.0"]) {
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    maxColumns: ${written}\n`);
      const refused = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      expect(refused.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([["config-invalid", 6, 17]]);
      expect(refused.findings[0]!.message).toContain("policy.params.maxColumns is read as the double ");
      expect(refused.findings[0]!.message).toContain("but the policies read it as an int (their default is 10)");
      writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
      writeFileSync(join(dir, "prod.yaml"), `maxColumns: ${written}\n`);
      await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow("params file prod.yaml: maxColumns is read as the double ");
    }
    // Digits are exact whatever their length, up to 2^63 - 1; a whole double below 2^53 is that int.
    for (const written of ["9007199254740993", "9223372036854775807", "-9223372036854775808", "12.0"]) {
      writeFileSync(join(dir, "prod.yaml"), `maxColumns: ${written}\n`);
      const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], paramsFile: "prod.yaml", today: "2026-11-30" });
      expect(run.results.filter((r) => r.rule === "few-columns").map((r) => r.result)).toEqual([written.startsWith("-") ? "fail" : "pass"]);
    }
  });

  it("refuses a fraction inside the maps of a list parameter whose default holds ints there, as at the top level", async () => {
    const dir = repository();
    writeFileSync(
      join(dir, "policies/limits.yaml"),
      "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  params:\n    tiers: [{name: gold, max: 10}]\n  validations:\n    - id: tiers\n      expression: params.tiers.all(t, t.max + 1 > 0)\n",
    );
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n    tiers:\n      - {name: gold, max: 3}\n      - {name: silver, max: 2.5}\n");
    const refused = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(refused.findings.map((f) => [f.ruleId, f.line])).toEqual([["config-invalid", 7]]);
    expect(refused.findings[0]!.message).toContain("policy.params.tiers has 2.5 at tiers[].max, but the policies read that as a whole number, an int");
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
    writeFileSync(join(dir, "prod.yaml"), "tiers: [{name: gold, max: 1e20}]\n");
    await expect(runPolicy({ cwd: dir, paths: [], paramsFile: "prod.yaml", today: "2026-11-30" })).rejects.toThrow("params file prod.yaml: tiers has the double 100000000000000000000 at tiers[].max (as read)");
    // `4.0` there is the int 4: every document evaluates.
    writeFileSync(join(dir, "prod.yaml"), "tiers: [{name: gold, max: 4.0}]\n");
    const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], paramsFile: "prod.yaml", today: "2026-11-30" });
    expect(run.results.filter((r) => r.rule === "tiers").map((r) => r.result)).toEqual(["pass"]);
  });

  it("says an engine rule's level cannot be set in policy.rules, and warns at an id no pack defines, where the packs' ids are listed", async () => {
    const dir = repository();
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  rules:\n    policy-runtime-error: off\n");
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.map((f) => [f.ruleId, f.line, f.message.replace(/^meshkit\.yaml: /, "")])).toEqual([
      ["config-invalid", 6, "`policy-runtime-error` is a rule of policy itself, not of a pack: its level cannot be set; remove it from policy.rules."],
    ]);
    // A rule the platform removed from its pack (or a misspelt id) sets nothing: a warning, as a waiver of it is
    // (waiver-unused), and the documents are checked; the packs' ids are listed, the built-in pack's page named only when
    // it is in use (docs/policies documents the built-in packs alone).
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  rules:\n    status-knwn: off\n");
    const removed = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(removed.findings[0]).toMatchObject({ ruleId: "rule-level-unused", severity: "warning", file: "meshkit.yaml", line: 6, column: 5, stage: "policy" });
    expect(removed.findings[0]!.message).toBe(
      "`status-knwn: off` in policy.rules sets the level of a rule no pack in use defines; did you mean `status-known`? (the packs in use define: column-described, not-too-wide, port-contract-active, port-contract-domain, port-contract-known, sees-every-contract, status-known). Correct the id if it is misspelt; if the rule was removed from its pack, remove the key.",
    );
    expect(removed.findings.some((f) => f.ruleId === "config-invalid")).toBe(false);
    expect(removed.results.some((r) => r.rule === "status-known")).toBe(true);
    // A run over one file (the pre-commit hook's way) warns too; one with other packs (--policies) does not.
    expect((await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" })).findings.map((f) => f.ruleId)).toContain("rule-level-unused");
    expect((await runPolicy({ cwd: dir, paths: [], policies: ["policies"], today: "2026-11-30" })).findings.map((f) => f.ruleId)).not.toContain("rule-level-unused");
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [builtin:platform-baseline, policies]\n  rules:\n    no-such-rule: off\n");
    const withBuiltin = (await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" })).findings.find((f) => f.ruleId === "rule-level-unused")?.message;
    expect(withBuiltin).toMatch(/^`no-such-rule: off` in policy\.rules sets the level of a rule no pack in use defines \(the packs in use define: column-described, .*owner-declared, .*status-known, .*; the built-in ones are described in docs\/policies\/platform-baseline\.md\)\. /);
  });

  it("refuses a rule of meshkit's other stages in policy.rules, saying where its level is set: no pack may define it, so it cannot be a rule removed from a pack", async () => {
    const dir = repository();
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  rules:\n    contract-owner: error\n    sla-removed: warning\n    schema-column-exists: off\n");
    const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(run.findings.map((f) => [f.ruleId, f.line, f.message.replace(/^meshkit\.yaml: /, "")])).toEqual([
      ["config-invalid", 6, "`contract-owner` in policy.rules is one of meshkit's own rules (docs/rules/contract-owner.md), which no pack defines: set its level in lint.rules instead."],
      [
        "config-invalid",
        7,
        "`sla-removed` in policy.rules is one of meshkit's own rules (docs/rules/sla-removed.md), which no pack defines: accept the change with a compat.ignore entry (its `kind` and a `reason`), or set its level in compat.rules, instead.",
      ],
      ["config-invalid", 8, "`schema-column-exists` in policy.rules is one of meshkit's own rules (docs/rules/schema-column-exists.md), which no pack defines: it is a rule of meshkit's test stage, whose level cannot be set: fix what it reports instead."],
    ]);
  });

  it("refuses policy-check's own and other stages' rules in policy.rules and waivers with other packs (--policies) too: no pack can make them right", async () => {
    const dir = repository();
    const waiver = (rule: string) => `    - rule: ${rule}\n      justification: Owners come with the catalogue work.\n      approver: platform-team\n      expires: 2999-12-31\n`;
    writeFileSync(join(dir, "limits.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  validations:\n    - id: few-columns\n      expression: size(properties) <= 10\n");
    // `status-known` and the policy name `ports` are the config's own packs' (not in use with limits.yaml): left alone.
    writeFileSync(
      join(dir, "meshkit.yaml"),
      `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  rules:\n    policy-runtime-error: off\n    contract-owner: error\n    status-known: off\n    ports: off\n  waivers:\n${["policy-runtime-error", "sla-removed", "status-known", "ports"].map(waiver).join("")}`,
    );
    for (const paths of [[], ["b-contracts/c1.odcs.yaml"]]) {
      const run = await runPolicy({ cwd: dir, paths, policies: ["limits.yaml"], today: "2026-11-30" });
      expect(run.findings.map((f) => [f.ruleId, f.line, f.message.replace(/^meshkit\.yaml: /, "")])).toEqual([
        ["config-invalid", 6, "`policy-runtime-error` is a rule of policy itself, not of a pack: its level cannot be set; remove it from policy.rules."],
        ["config-invalid", 7, "`contract-owner` in policy.rules is one of meshkit's own rules (docs/rules/contract-owner.md), which no pack defines: set its level in lint.rules instead."],
        ["config-invalid", 11, "policy.waivers: `policy-runtime-error` is a rule of policy-check itself, which no waiver accepts; fix what it reports instead."],
        [
          "config-invalid",
          15,
          "policy.waivers: `sla-removed` is one of meshkit's own rules (docs/rules/sla-removed.md), which no pack defines: a waiver accepts the failures of a pack's rule only; accept the change with a compat.ignore entry (its `kind` and a `reason`), or set its level in compat.rules, instead.",
        ],
      ]);
      expect(run.results).toEqual([]);
    }
  });

  it("checks the meshkit.yaml in use as Config, not another project's found under the folder, unless it is named", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-policy-configs-"));
    const policy = "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: configs}\nspec:\n  match: {kinds: [Config]}\n  validations:\n    - id: config-seen\n      expression: 'false'\n      messageExpression: \"'seen ' + file\"\n";
    const files: Record<string, string> = {
      "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n",
      "policies/configs.yaml": policy,
      "domains/other/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n",
      "domains/other/c.odcs.yaml": contract("c-9", "active", "other"),
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const seen = async (paths: string[]) => (await runPolicy({ cwd: dir, paths, today: "2026-11-30" })).findings.filter((f) => f.ruleId === "config-seen").map((f) => f.file);
    expect(await seen([])).toEqual(["meshkit.yaml"]);
    expect(await seen(["domains"])).toEqual(["meshkit.yaml"]);
    expect(await seen(["domains/other/meshkit.yaml"])).toEqual(["domains/other/meshkit.yaml", "meshkit.yaml"]);
  });

  it("counts the configs in use outside the named paths as checked only when a policy ran on them, as lint counts its files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-policy-count-"));
    const configPolicy = "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: configs}\nspec:\n  match: {kinds: [Config]}\n  validations:\n    - id: config-seen\n      expression: 'true'\n";
    const files: Record<string, string> = {
      "platform/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n",
      "platform/policies/pack.yaml": PACK,
      "domain/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: ../platform/meshkit.yaml\n",
      "domain/c.odcs.yaml": contract("c-1", "active", "sales"),
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const cwd = join(dir, "domain");
    const count = async (paths: string[]) => {
      const run = await runPolicy({ cwd, paths, today: "2026-11-30" });
      return [renderReport("text", { findings: run.findings, summary: summarizeFindings(run.findings, run.files), tool: { name: "meshkit", version: "0.0.0" }, rules: run.rules }).trim(), run.results.some((r) => r.resource.endsWith("meshkit.yaml"))];
    };
    // No policy over Config: the contract named is the one file checked; the project (from its folder) also has its meshkit.yaml, as `meshkit lint` counts them.
    expect(await count(["c.odcs.yaml"])).toEqual(["✔ no problems in 1 file", false]);
    expect(await count([])).toEqual(["✔ no problems in 2 files", false]);
    expect(await count(["."])).toEqual(["✔ no problems in 2 files", false]);
    // A policy over Config runs on both configs in use: they are checked, and counted.
    writeFileSync(join(dir, "platform/policies/configs.yaml"), configPolicy);
    expect(await count(["c.odcs.yaml"])).toEqual(["✔ no problems in 3 files", true]);
  });

  it("does not count the project's policy files as files checked: it loads them as packs (lint counts them as meshkit documents)", async () => {
    const dir = repository();
    // meshkit.yaml, 2 products and 5 contracts; policies/pack.yaml is no file policy-check checks.
    for (const paths of [[], ["."]]) expect((await runPolicy({ cwd: dir, paths, today: "2026-11-30" })).files, paths.join(" ")).toBe(8);
  });

  it("checks the meshkit.yaml in use when it is the only document of a named folder (`meshkit policy .`)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-policy-config-only-"));
    mkdirSync(join(dir, "policies"));
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n");
    writeFileSync(join(dir, "policies/configs.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: configs}\nspec:\n  match: {kinds: [Config]}\n  validations:\n    - id: i\n      expression: 'false'\n");
    for (const paths of [[], ["."], ["meshkit.yaml"]]) {
      const run = await runPolicy({ cwd: dir, paths, today: "2026-11-30" });
      expect([paths.join(" "), run.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)]).toEqual([paths.join(" "), ["meshkit.yaml:1:1 i"]]);
    }
  });

  it("streams documents and reports exactly what checking them all at once reports", async () => {
    const dir = repository();
    const streamed = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });

    // The same documents, all read first, through checkDocuments (as `meshkit policy` did).
    const { config } = await loadConfig({ cwd: dir });
    const targets = (await discoverFiles([], config, dir)).flatMap((f) => policyTargets(f.display, readFileSync(f.path), false));
    const whole = await checkDocuments(targets, config, { cwd: dir, today: "2026-11-30" });

    expect(streamed.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual(whole.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`));
    expect(streamed.results).toEqual(whole.results);
    expect(streamed.summary).toEqual(whole.summary);
    expect(streamed.files).toBe(whole.files);
    // And what it found: the undescribed column, the retired duplicate, the unknown and the draft
    // contract, the other domain (c-3; c-4 is the first one read, in sales).
    expect(streamed.findings.map((f) => `${f.file} ${f.ruleId}`).sort()).toEqual([
      "a-products/p1.odps.yaml port-contract-active",
      "a-products/p1.odps.yaml port-contract-known",
      "a-products/p2.odps.yaml port-contract-domain",
      "b-contracts/c2.odcs.yaml column-described",
      "b-contracts/c5.odcs.yaml status-known",
    ]);
    expect(streamed.results.filter((r) => r.rule === "sees-every-contract").map((r) => r.result)).toEqual(["pass", "pass"]);
  });

  it("finds the contracts of the rest of the repository when only some documents are checked", async () => {
    const dir = repository();
    const streamed = await runPolicy({ cwd: dir, paths: ["a-products"], today: "2026-11-30" });
    const { config } = await loadConfig({ cwd: dir });
    const targets = (await discoverFiles(["a-products"], config, dir)).flatMap((f) => policyTargets(f.display, readFileSync(f.path), false));
    const whole = await checkDocuments(targets, config, { cwd: dir, today: "2026-11-30" });
    expect(streamed.results).toEqual(whole.results);
    expect(streamed.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(whole.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`));
    expect(streamed.results.filter((r) => r.rule === "port-contract-known").map((r) => r.result)).toEqual(["fail", "pass"]);
  });

  it("reports a file found in a folder that cannot be read but is a contract (too large), as lint does, instead of skipping it", async () => {
    const dir = repository();
    writeFileSync(join(dir, "b-contracts", "huge.yaml"), `${contract("c-7", "active", "sales")}# ${"x".repeat(11 * 1024 * 1024)}\n`);
    writeFileSync(join(dir, "b-contracts", "other-big.yaml"), `# not ours\n${"y".repeat(11 * 1024 * 1024)}\n`);
    const run = await runPolicy({ cwd: dir, paths: ["b-contracts"], today: "2026-11-30" });
    expect(run.findings.filter((f) => f.ruleId === "file-too-large").map((f) => f.file)).toEqual(["b-contracts/huge.yaml"]);
  });

  it("refuses to check against nothing: meshkit.yaml with policy.packs: [] and no OPA server (--policies still works)", async () => {
    const dir = repository();
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n");
    await expect(runPolicy({ cwd: dir, paths: [], today: "2026-11-30" })).rejects.toThrow("no policies to check against: meshkit.yaml sets policy.packs: [] and no OPA server; name packs there, or with --policies");
    // The action names its input (optionNames): a workflow has no --policies to pass.
    const optionNames = { policies: "the policies input", params: "the params input", config: "the config input" };
    await expect(runPolicy({ cwd: dir, paths: [], today: "2026-11-30", optionNames })).rejects.toThrow("no policies to check against: meshkit.yaml sets policy.packs: [] and no OPA server; name packs there, or with the policies input");
    expect((await runPolicy({ cwd: dir, paths: [], policies: ["policies"], today: "2026-11-30" })).summary.pass).toBeGreaterThan(0);
  });

  it("waives OPA's messages with meshkit.yaml's waivers, counted as waived like the packs' rules", async () => {
    const dir = repository();
    const server = await startOpaTestServer({ "meshkit.contracts": (input) => ({ deny: (input as { kind: string }).kind === "DataContract" ? [{ msg: "needs a team", rule: "opa-team" }] : [] }) });
    try {
      const waiver = "    - rule: opa-team\n      document: b-contracts/c1.odcs.yaml\n      justification: team is being set up (DATA-5)\n      approver: lead@acme.example\n      expires: 2026-12-31\n";
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  opa:\n    url: ${server.url}\n    package: meshkit.contracts\n  waivers:\n${waiver}`);
      const run = await runPolicy({ cwd: dir, paths: ["b-contracts"], today: "2026-11-30" });
      expect(run.findings.filter((f) => f.ruleId === "opa-team").map((f) => f.file)).toEqual(["b-contracts/c2.odcs.yaml", "b-contracts/c3.odcs.yaml", "b-contracts/c4.odcs.yaml", "b-contracts/c5.odcs.yaml"]);
      expect(run.results.filter((r) => r.waiver).map((r) => `${r.rule} ${r.resource} ${r.result}`)).toEqual(["opa-team b-contracts/c1.odcs.yaml skip"]);
      expect(run.summary.waived).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("refuses an OPA message that names a rule of the packs in use: it would read as that rule's finding, which its level and docs are not", async () => {
    const dir = repository();
    const server = await startOpaTestServer({ "meshkit.contracts": (input) => ({ deny: (input as { kind: string }).kind === "DataContract" ? [{ msg: "needs a team", rule: "status-known" }] : [] }) });
    try {
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  rules:\n    status-known: warning\n  opa:\n    url: ${server.url}\n    package: meshkit.contracts\n`);
      await expect(runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" })).rejects.toThrow(
        new UsageError(
          `OPA request to ${server.url}/v1/data/meshkit/contracts failed for b-contracts/c1.odcs.yaml: the result of package meshkit.contracts has deny[0].rule = "status-known", the id of a rule of policy contracts-described (policies/pack.yaml) in use; rule ids are unique across the packs and OPA, so give the rule another id (see docs/policy-opa.md)`,
        ),
      );
    } finally {
      await server.close();
    }
  });

  it("with OPA, still refuses a policy.params value of another kind than a pack's default (a name no pack declares may be OPA's)", async () => {
    const dir = repository();
    writeFileSync(join(dir, "policies/limits.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: limits}\nspec:\n  match: {kinds: [DataContract]}\n  params: {maxColumns: 3}\n  validations:\n    - id: few-columns\n      expression: size(properties) <= params.maxColumns\n");
    const server = await startOpaTestServer({ "meshkit.contracts": () => ({ deny: [] }) });
    try {
      const config = (params: string) => `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  params:\n${params}  opa:\n    url: ${server.url}\n    package: meshkit.contracts\n`;
      writeFileSync(join(dir, "meshkit.yaml"), config("    maxColumns: ten\n    opaThreshold: 2\n"));
      const refused = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" });
      // Not a policy-runtime-error on every document: the value is refused once, at its line, as --params refuses it.
      expect(refused.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual([
        "meshkit.yaml:6 config-invalid meshkit.yaml: policy.params.maxColumns is a string, but the policies read it as a number (their default is 3).",
      ]);
      expect(refused.results).toEqual([]);
      writeFileSync(join(dir, "meshkit.yaml"), config("    maxColumns: 10\n    opaThreshold: 2\n"));
      const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" });
      expect(run.results.filter((r) => r.rule === "few-columns").map((r) => r.result)).toEqual(["pass"]);
      expect(server.requests.at(-1)!.body).toMatchObject({ input: { params: { maxColumns: 10, opaThreshold: 2 } } });
    } finally {
      await server.close();
    }
  });

  it("says a waiver of a rule id neither the packs nor OPA's answers name may be misspelt, not that the rule passes there", async () => {
    const dir = repository();
    // OPA denies c-2 only, with its own rule id: OPA's ids are known only from its answers.
    // c-3's message of opa-owner is excepted by the package's conftest-style exception: OPA named that id too.
    const server = await startOpaTestServer({
      "meshkit.contracts": (input) => {
        const file = (input as { file: string }).file;
        return {
          deny: file.endsWith("c2.odcs.yaml") ? [{ msg: "needs a team", rule: "opa-team" }] : [],
          deny_owner: file.endsWith("c3.odcs.yaml") ? [{ msg: "needs an owner", rule: "opa-owner" }] : [],
          exception: file.endsWith("c3.odcs.yaml") ? [["owner"]] : [],
        };
      },
    });
    try {
      const waiver = (rule: string, document: string) => `    - rule: ${rule}\n      document: ${document}\n      justification: team is being set up (DATA-5)\n      approver: lead@acme.example\n      expires: 2999-12-31\n`;
      writeFileSync(
        join(dir, "meshkit.yaml"),
        `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  opa:\n    url: ${server.url}\n    package: meshkit.contracts\n  waivers:\n${waiver("opa-teem", "c-2")}${waiver("opa-team", "c-1")}${waiver("opa-retention", "c-1")}${waiver("opa-owner", "c-1")}`,
      );
      const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      expect(run.findings.filter((f) => f.ruleId === "waiver-unused").map((f) => f.message.replace(/.*accepted no failure: /, ""))).toEqual([
        "no pack in use defines `opa-teem`, and no answer of the OPA server named a rule of that id (OPA's rule ids are known only from its answers). Correct the waiver's rule (did you mean `opa-team`?); if it is right, the rule passes everywhere now: remove the waiver, so that the failure is reported if it comes back.",
        // OPA named opa-team (on c-2): on c-1 it passes.
        "the rule passes there now. Remove the waiver, so that the failure is reported if it comes back.",
        "no pack in use defines `opa-retention`, and no answer of the OPA server named a rule of that id (OPA's rule ids are known only from its answers). Correct the waiver's rule; if it is right, the rule passes everywhere now: remove the waiver, so that the failure is reported if it comes back.",
        // Named by an excepted message (a result, no finding): a known id, which passes on c-1.
        "the rule passes there now. Remove the waiver, so that the failure is reported if it comes back.",
      ]);
      expect(run.findings.filter((f) => f.ruleId === "opa-team").map((f) => f.file)).toEqual(["b-contracts/c2.odcs.yaml"]);
      // A policy's name where one of its rules is meant: with OPA accepted when the config loads, then said to be a policy's name.
      writeFileSync(
        join(dir, "meshkit.yaml"),
        `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [policies]\n  opa:\n    url: ${server.url}\n    package: meshkit.contracts\n  waivers:\n${waiver("contracts-described", "c-2")}`,
      );
      const named = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      expect(named.findings.filter((f) => f.ruleId === "waiver-unused" || f.ruleId === "config-invalid").map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message.replace(/.*accepted no failure: /, "")}`)).toEqual([
        "meshkit.yaml:9 waiver-unused `contracts-described` is the name of a policy, not a rule id, and no answer of the OPA server named a rule of that id: a waiver accepts the failures of one rule; write one for each rule of it to waive (column-described, status-known, not-too-wide), or remove the waiver.",
      ]);
    } finally {
      await server.close();
    }
  });

  it("sends OPA every document it checks, each with the kind CEL policies see it as (Terraform and other infrastructure: Infrastructure)", async () => {
    const dir = repository();
    const server = await startOpaTestServer({ "meshkit.all": () => ({ deny: [] }) });
    try {
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n  infrastructure: ['k8s/*.yaml']\n  opa:\n    url: ${server.url}\n    package: meshkit.all\n`);
      mkdirSync(join(dir, "infra"));
      mkdirSync(join(dir, "k8s"));
      writeFileSync(join(dir, "infra/main.tf.json"), JSON.stringify({ resource: { aws_s3_bucket: { raw: { bucket: "acme-raw" } } } }));
      writeFileSync(join(dir, "infra/prod.tfplan.json"), JSON.stringify({ format_version: "1.2", planned_values: { root_module: { resources: [] } } }));
      // A Kubernetes document named by policy.infrastructure: its own kind is no meshkit kind.
      writeFileSync(join(dir, "k8s/deploy.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: loader}\n");
      const run = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
      expect(run.findings).toEqual([]);
      const sent = server.requests.map((r) => (r.body as { input: { file: string; kind: unknown; apiVersion: unknown } }).input);
      expect(sent.map(({ file, kind, apiVersion }) => `${file} ${String(kind)} ${String(apiVersion)}`).sort()).toEqual([
        "a-products/p1.odps.yaml DataProduct v1.0.0",
        "a-products/p2.odps.yaml DataProduct v1.0.0",
        "b-contracts/c1.odcs.yaml DataContract v3.1.0",
        "b-contracts/c2.odcs.yaml DataContract v3.1.0",
        "b-contracts/c3.odcs.yaml DataContract v3.1.0",
        "b-contracts/c4.odcs.yaml DataContract v3.1.0",
        "b-contracts/c5.odcs.yaml DataContract v3.1.0",
        "infra/main.tf.json Infrastructure null",
        "infra/prod.tfplan.json Infrastructure null",
        "k8s/deploy.yaml Infrastructure apps/v1",
        "meshkit.yaml Config meshkit/v1",
      ]);
    } finally {
      await server.close();
    }
  });

  it("reports an OPA answer with more messages than a function call takes arguments, not an internal error", async () => {
    const dir = repository();
    // 200,000 short messages for the contract: within the answer's size bound; a push(...) of them overflows the call stack.
    const server = await startOpaTestServer({ "meshkit.many": (input) => ({ deny: (input as { kind: string }).kind === "DataContract" ? Array.from({ length: 200_000 }, (_, i) => `m${i}`) : [] }) });
    try {
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n  opa:\n    url: ${server.url}\n    package: meshkit.many\n`);
      const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" });
      expect(run.findings).toHaveLength(200_000);
      expect(run.summary.fail).toBe(200_000);
    } finally {
      await server.close();
    }
  });

  it("sends OPA the run's parameters as input.params (meshkit.yaml's policy.params under --params), which it accepts as OPA's", async () => {
    const dir = repository();
    // The Rego reads a per-environment value; meshkit must pass it on, not accept the file and drop it.
    const server = await startOpaTestServer({
      "meshkit.params": (input) => {
        const { kind, params } = input as { kind: string; params?: { minRetentionYears?: number } };
        return { deny: kind === "DataContract" && (params?.minRetentionYears ?? 0) > 7 ? ["retention below the environment's minimum"] : [] };
      },
    });
    try {
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n  params:\n    minRetentionYears: 7\n    region: eu\n  opa:\n    url: ${server.url}\n    package: meshkit.params\n`);
      writeFileSync(join(dir, "prod.yaml"), "minRetentionYears: 10\n");
      const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], paramsFile: "prod.yaml", today: "2026-11-30" });
      expect(run.findings.map((f) => `${f.file} ${f.message}`)).toEqual(["b-contracts/c1.odcs.yaml retention below the environment's minimum [OPA meshkit.params]"]);
      const sent = server.requests.map((r) => (r.body as { input: { file: string; params: unknown } }).input);
      expect(sent.map((input) => input.params)).toEqual(sent.map(() => ({ minRetentionYears: 10, region: "eu" })));
      // Without --params, meshkit.yaml's values; without either, an empty mapping (the input's shape does not change).
      expect((await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" })).findings).toEqual([]);
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n  opa:\n    url: ${server.url}\n    package: meshkit.params\n`);
      await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" });
      expect((server.requests.at(-1)!.body as { input: { params: unknown } }).input.params).toEqual({});
    } finally {
      await server.close();
    }
  });

  it("reports OPA's rules with no documentation link (markdown, SARIF helpUri): meshkit has no page for them", async () => {
    const dir = repository();
    const server = await startOpaTestServer({ objs: (input) => ({ deny: (input as { kind: string }).kind === "DataContract" ? [{ msg: "has path", path: "/schema/0/properties/1", rule: "r-custom" }, { msg: "x" }] : [] }) });
    try {
      writeFileSync(join(dir, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n  opa:\n    url: ${server.url}\n    package: objs\n`);
      const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], today: "2026-11-30" });
      const render = (format: ReportFormat) => renderReport(format, { findings: run.findings, summary: summarizeFindings(run.findings, run.files), tool: { name: "meshkit", version: "0.0.0" }, rules: run.rules });
      expect(run.findings.map((f) => f.ruleId).sort()).toEqual(["opa.objs.deny", "r-custom"]);
      expect(render("markdown")).not.toMatch(/docs\/rules\/(r-custom|opa\.objs\.deny)/);
      const sarifRules = (JSON.parse(render("sarif")) as { runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } } }[] }).runs[0]!.tool.driver.rules;
      expect(sarifRules.filter((r) => r.id === "r-custom" || r.id === "opa.objs.deny")).toEqual([
        expect.not.objectContaining({ helpUri: expect.anything() }),
        expect.not.objectContaining({ helpUri: expect.anything() }),
      ]);
    } finally {
      await server.close();
    }
  });

  it("links a pack's rule to its own docsUrl or to nothing (SARIF helpUri), and refuses a docsUrl that is no URL at load", async () => {
    const dir = repository();
    const pack = (docsUrl: string) =>
      `apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: links}\nspec:\n  match: {kinds: [DataContract]}\n  validations:\n    - id: r\n      expression: 'false'\n      docsUrl: ${docsUrl}\n    - id: undocumented\n      expression: 'false'\n`;
    const run = async () => runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], policies: ["links.yaml"], today: "2026-11-30" });
    writeFileSync(join(dir, "links.yaml"), pack("not a url"));
    const refused = await run();
    expect(refused.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${"docsUrl" in f ? f.docsUrl : ""}`)).toEqual([
      "links.yaml:9:16 policy-invalid https://github.com/meshkit/meshkit/blob/main/docs/rules/policy-invalid.md",
    ]);
    writeFileSync(join(dir, "links.yaml"), pack("https://wiki.acme.example/policies#r"));
    const checked = await run();
    const sarif = renderReport("sarif", { findings: checked.findings, summary: summarizeFindings(checked.findings, checked.files), tool: { name: "meshkit", version: "0.0.0" }, rules: checked.rules });
    const rules = (JSON.parse(sarif) as { runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } } }[] }).runs[0]!.tool.driver.rules;
    expect(rules.filter((r) => r.id === "r" || r.id === "undocumented").map((r) => [r.id, r.helpUri])).toEqual([
      ["r", "https://wiki.acme.example/policies#r"],
      ["undocumented", undefined],
    ]);
  });

  it("describes a pack's rule (SARIF's rule text) by its description, message or policy description, and only then by its expression, on one line", async () => {
    const dir = repository();
    const long = `has(object.id) && ${Array.from({ length: 20 }, (_, i) => `object.id != 'x${i}'`).join(" &&\n          ")}`;
    writeFileSync(
      join(dir, "described.yaml"),
      `apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: described}\nspec:\n  match: {kinds: [DataContract]}\n  validations:\n    - id: with-description\n      description: |\n        Every contract has an id\n        that is not reserved.\n      expression: 'true'\n      message: The id is reserved.\n    - id: with-message\n      expression: 'true'\n      message: The id is reserved.\n    - id: with-expression\n      expression: >-\n        ${long}\n---\napiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: policy-described\n  description: Contracts are active.\nspec:\n  validations:\n    - id: policy-text\n      expression: 'true'\n      messageExpression: "'not active'"\n`,
    );
    const run = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], policies: ["described.yaml"], today: "2026-11-30" });
    const sarif = renderReport("sarif", { findings: run.findings, summary: summarizeFindings(run.findings, run.files), tool: { name: "meshkit", version: "0.0.0" }, rules: run.rules });
    const rules = (JSON.parse(sarif) as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }[] }).runs[0]!.tool.driver.rules;
    const text = (id: string) => rules.find((r) => r.id === id)?.shortDescription.text;
    expect(text("with-description")).toBe("described: Every contract has an id that is not reserved.");
    expect(text("with-message")).toBe("described: The id is reserved.");
    expect(text("policy-text")).toBe("policy-described: Contracts are active.");
    // The CEL itself only as a last resort, and never the whole of a long, multi-line one.
    expect(text("with-expression")).toMatch(/^described: `has\(object\.id\) && object\.id != 'x0' && object\.id != 'x1' && .*…`$/);
    expect(text("with-expression")!.length).toBeLessThan(140);
  });

  it("refuses a --params name that no policy in use declares or reads: a typo would leave the default in force", async () => {
    const dir = repository();
    writeFileSync(join(dir, "typo.yaml"), "minRetentionYear: 10\n");
    writeFileSync(join(dir, "right.yaml"), "minRetentionYears: 10\nrequiredTags: [Domain]\n");
    const options = { cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], policies: ["builtin:platform-baseline"], today: "2026-11-30" };
    await expect(runPolicy({ ...options, paramsFile: "typo.yaml" })).rejects.toThrow(/^params file typo\.yaml: `minRetentionYear` is no parameter of the policies in use \(they have: .*minRetentionYears/);
    await expect(runPolicy({ ...options, paramsFile: "right.yaml" })).resolves.toMatchObject({ files: expect.any(Number) });
  });

  it("says a meshkit config given to --params is one, to be named with -c, and words several unknown names as several", async () => {
    const dir = repository();
    writeFileSync(join(dir, "meshkit.prod.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  params:\n    minRetentionYears: 10\n");
    const options = { cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], policies: ["builtin:platform-baseline"], today: "2026-11-30" };
    await expect(runPolicy({ ...options, paramsFile: "meshkit.prod.yaml" })).rejects.toThrow(
      /^params file meshkit\.prod\.yaml: `apiVersion`, `kind`, `policy` are no parameters of the policies in use \(they have: .*\); it is a meshkit config: name it with -c \(--config\), and give --params a file of `name: value` lines$/,
    );
    // The action names its inputs (optionNames): a workflow has no -c or --params to pass.
    const optionNames = { policies: "the policies input", params: "the params input", config: "the config input" };
    await expect(runPolicy({ ...options, paramsFile: "meshkit.prod.yaml", optionNames })).rejects.toThrow(/; it is a meshkit config: name it with the config input, and give the params input a file of `name: value` lines$/);
  });

  it("reports a parameter a policy reads and nothing sets once, at the policy (exit 2), not as a run-time error per document", async () => {
    const dir = repository();
    const pack = (expression: string, params = "") =>
      `apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: thresholds}\nspec:\n  match: {kinds: [DataContract]}\n${params}  validations:\n    - id: enough-objects\n      expression: ${JSON.stringify(expression)}\n`;
    const run = (paramsFile?: string) => runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], policies: ["limits.yaml"], today: "2026-11-30", ...(paramsFile ? { paramsFile } : {}) });
    writeFileSync(join(dir, "limits.yaml"), pack("size(object.schema) >= params.minObjects"));
    const refused = await run();
    expect(refused.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
      "limits.yaml:3:18 policy-invalid policy thresholds reads params.minObjects, which nothing sets: give it a default under spec.params, or set it in meshkit.yaml (policy.params) or with --params",
    ]);
    expect(refused.results).toEqual([]);
    // The action names its input (optionNames): a workflow has no --params to pass.
    const inAction = await runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], policies: ["limits.yaml"], today: "2026-11-30", optionNames: { policies: "the policies input", params: "the params input", config: "the config input" } });
    expect(inAction.findings.map((f) => f.message)).toEqual([expect.stringMatching(/ or set it in meshkit\.yaml \(policy\.params\) or with the params input$/)]);
    writeFileSync(join(dir, "limits.yaml"), pack("size(object.schema) >= params['minObjects']"));
    expect((await run()).findings.map((f) => f.message)).toEqual([expect.stringContaining("reads params.minObjects, which nothing sets")]);
    // Set by --params, by a default, or asked for first: evaluated.
    writeFileSync(join(dir, "set.yaml"), "minObjects: 1\n");
    for (const [text, paramsFile] of [
      [pack("size(object.schema) >= params.minObjects"), "set.yaml"],
      [pack("size(object.schema) >= params.minObjects", "  params: {minObjects: 1}\n"), undefined],
      [pack("!has(params.minObjects) || size(object.schema) >= params.minObjects"), undefined],
      // Named in a string, not read: `params['minObjects']` would be.
      [pack("size(object.schema) >= 1 || 'set params.minObjects' == \"params.x\""), undefined],
      // A macro over the parameters reads none by name: `params.all(…)` is no parameter `all`.
      [pack("params.all(k, k != '') && !params.exists(k, k == 'x') && size(params) == 1", "  params: {minObjects: 1}\n"), undefined],
    ] as const) {
      writeFileSync(join(dir, "limits.yaml"), text);
      expect((await run(paramsFile)).results.map((r) => `${r.rule} ${r.result}`)).toEqual(["enough-objects pass"]);
    }
  });

  it("sees a parameter read through a variable that holds the params map (`p: params`, then `variables.p.x`)", async () => {
    const dir = repository();
    const pack = (expression: string, params = "") =>
      `apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: thresholds}\nspec:\n  match: {kinds: [DataContract]}\n${params}  variables:\n    - {name: p, expression: params}\n    - {name: q, expression: (variables.p)}\n  validations:\n    - id: enough-objects\n      expression: ${JSON.stringify(expression)}\n`;
    const run = () => runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], policies: ["limits.yaml"], today: "2026-11-30" });
    for (const expression of ["size(object.schema) >= variables.p.minObjects", "size(object.schema) >= variables['p']['minObjects']", "size(object.schema) >= variables.q.minObjects"]) {
      writeFileSync(join(dir, "limits.yaml"), pack(expression));
      expect((await run()).findings.map((f) => `${f.ruleId} ${f.message}`), expression).toEqual([expect.stringContaining("policy-invalid policy thresholds reads params.minObjects, which nothing sets")]);
    }
    // `dyn(params)` is the map too, in a variable (`p: dyn(params)`, `q: dyn((variables.p))`) or in place.
    const dynamic = (expression: string) => pack(expression).replace("expression: params}", "expression: dyn(params)}").replace("expression: (variables.p)}", "expression: dyn((variables.p))}");
    for (const expression of ["size(object.schema) >= variables.p.minObjects", "size(object.schema) >= variables.q.minObjects", "size(object.schema) >= dyn(params).minObjects"]) {
      writeFileSync(join(dir, "limits.yaml"), dynamic(expression));
      expect((await run()).findings.map((f) => `${f.ruleId} ${f.message}`), expression).toEqual([expect.stringContaining("policy-invalid policy thresholds reads params.minObjects, which nothing sets")]);
    }
    // Asked for through the variable, or given a default: evaluated. A variable `pp` is no `p`.
    for (const [expression, params] of [
      ["!has(variables.p.minObjects) || size(object.schema) >= variables.p.minObjects", ""],
      ["size(object.schema) >= variables.q.minObjects", "  params: {minObjects: 1}\n"],
    ] as const) {
      writeFileSync(join(dir, "limits.yaml"), pack(expression, params));
      expect((await run()).results.map((r) => `${r.rule} ${r.result}`), expression).toEqual(["enough-objects pass"]);
    }
  });

  it("reads a parameter written as a double (`1.0`) in meshkit.yaml, a file it extends or --params as a double", async () => {
    const dir = repository();
    writeFileSync(join(dir, "limits.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: ratios}\nspec:\n  match: {kinds: [DataContract]}\n  params: {ratio: 0.5, floor: 1}\n  validations:\n    - id: half\n      expression: params.ratio * 0.5 == 1.0 && params.floor + 1 == 3\n");
    const config = (params: string) => `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  params: {${params}}\n`;
    writeFileSync(join(dir, "base.yaml"), config("ratio: 2.0, floor: 9"));
    writeFileSync(join(dir, "meshkit.yaml"), `extends: base.yaml\n${config("floor: 2")}`);
    const run = (paramsFile?: string) => runPolicy({ cwd: dir, paths: ["b-contracts/c1.odcs.yaml"], policies: ["limits.yaml"], today: "2026-11-30", ...(paramsFile ? { paramsFile } : {}) });
    expect((await run()).results.map((r) => `${r.rule} ${r.result} ${r.message ?? ""}`)).toEqual(["half pass "]);
    writeFileSync(join(dir, "prod.json"), '{"ratio": 2.0}');
    expect((await run("prod.json")).results.map((r) => `${r.rule} ${r.result} ${r.message ?? ""}`)).toEqual(["half pass "]);
  });

  it("checks the Terraform JSON found under a folder or glob it is given (by content), and leaves other JSON alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-policy-tf-"));
    mkdirSync(join(dir, "infra"));
    const bucket = (tags: string) => JSON.stringify({ resource: { aws_s3_bucket: { raw: { bucket: "acme-raw", tags: JSON.parse(tags) } } } }, null, 2);
    writeFileSync(join(dir, "infra/main.tf.json"), bucket('{"Domain": "sales"}'));
    writeFileSync(join(dir, "infra/plan.json"), JSON.stringify({ format_version: "1.2", planned_values: { root_module: { resources: [{ address: "aws_s3_bucket.x", mode: "managed", type: "aws_s3_bucket", name: "x", values: { bucket: "acme-x", tags: {} } }] } } }, null, 2));
    writeFileSync(join(dir, "infra/package.json"), '{"name": "not-terraform", "version": "1.0.0"}\n');
    for (const paths of [["infra"], ["infra/*.json"]]) {
      const run = await runPolicy({ cwd: dir, paths, policies: ["builtin:platform-baseline"], today: "2026-11-30" });
      const files = [...new Set(run.findings.map((f) => f.file))].sort();
      expect(files, paths.join(" ")).toEqual(["infra/main.tf.json", "infra/plan.json"]);
      expect(run.findings.map((f) => f.ruleId)).toContain("s3-bucket-tags");
    }
  });

  it("with no path named, checks the Terraform JSON under the working directory (by content), as it does the folder named `.`", async () => {
    // A folder of Terraform JSON alone used to pass as "no problems in 0 files".
    const dir = mkdtempSync(join(tmpdir(), "meshkit-policy-tf-default-"));
    mkdirSync(join(dir, "infra"));
    const bucket = { resource: { aws_s3_bucket: { raw: { bucket: "acme-raw" } } } };
    const plan = { format_version: "1.2", planned_values: { root_module: { resources: [{ address: "aws_s3_bucket.x", mode: "managed", type: "aws_s3_bucket", name: "x", values: { bucket: "acme-x", tags: {} } }] } } };
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(bucket, null, 2));
    writeFileSync(join(dir, "infra/prod.tfplan.json"), JSON.stringify(plan, null, 2));
    writeFileSync(join(dir, "infra/plan.json"), JSON.stringify(plan, null, 2));
    // Not Terraform: other JSON, and YAML infrastructure (no content tells it apart; policy.infrastructure names it).
    writeFileSync(join(dir, "package.json"), '{"name": "not-terraform", "version": "1.0.0"}\n');
    writeFileSync(join(dir, "infra/stack.yaml"), "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n");
    for (const paths of [[], ["."]]) {
      const run = await runPolicy({ cwd: dir, paths, policies: ["builtin:platform-baseline"], today: "2026-11-30" });
      expect([...new Set(run.findings.map((f) => f.file))].sort(), paths.join(" ")).toEqual(["infra/plan.json", "infra/prod.tfplan.json", "main.tf.json"]);
      expect(run.files).toBe(3);
    }
    // JSON of other tools that only looks like Terraform (JSONC naming `module`) is passed over when it does not
    // parse; a `*.tf.json` that does not parse is Terraform's, and reported.
    writeFileSync(join(dir, "tsconfig.json"), '{\n  // build\n  "compilerOptions": {"module": "NodeNext",},\n}\n');
    const broken = await runPolicy({ cwd: dir, paths: [], policies: ["builtin:platform-baseline"], today: "2026-11-30" });
    expect(broken.findings.filter((f) => f.file === "tsconfig.json")).toEqual([]);
    writeFileSync(join(dir, "infra/broken.tf.json"), '{"resource": {"aws_s3_bucket": {"raw": {}},}}\n');
    for (const paths of [[], ["infra"]]) {
      const run = await runPolicy({ cwd: dir, paths, policies: ["builtin:platform-baseline"], today: "2026-11-30" });
      expect(run.findings.filter((f) => f.file.endsWith("broken.tf.json") || f.file === "tsconfig.json").map((f) => `${f.file} ${f.ruleId}`), paths.join(" ")).toEqual(["infra/broken.tf.json yaml-syntax"]);
    }
    rmSync(join(dir, "infra/broken.tf.json"));
    // A JSON file that is no Terraform but a contract is still read as one.
    writeFileSync(join(dir, "orders.json"), JSON.stringify({ apiVersion: "v3.1.0", kind: "DataContract", id: "orders", version: "1.0.0", status: "active" }));
    const withContract = await runPolicy({ cwd: dir, paths: [], policies: ["builtin:platform-baseline"], today: "2026-11-30" });
    expect([withContract.files, withContract.results.some((r) => r.resource === "orders.json")]).toEqual([4, true]);
  });

  it("finds by content a root configuration that only calls modules (`terraform` and `module` blocks)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-policy-tf-modules-"));
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_version: ">= 1.5" }, module: { lake: { source: "./lake" } } }, null, 2));
    const run = await runPolicy({ cwd: dir, paths: ["."], policies: ["builtin:platform-baseline"], today: "2026-11-30" });
    expect([run.files, run.findings]).toEqual([1, []]);
  });

  it("recognises under a folder a Terraform configuration written in HCL's array form (`\"resource\": [{…}]`), not only named alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-policy-tf-array-"));
    mkdirSync(join(dir, "infra"));
    const untagged = { aws_s3_bucket: { raw: { bucket: "acme-raw", server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "AES256" }] }] }] } } };
    writeFileSync(join(dir, "infra/main.tf.json"), JSON.stringify({ resource: [untagged] }, null, 2));
    writeFileSync(join(dir, "infra/providers.tf.json"), JSON.stringify({ provider: [{ aws: { region: "eu-west-1" } }] }, null, 2));
    const run = await runPolicy({ cwd: dir, paths: ["infra"], policies: ["builtin:platform-baseline"], today: "2026-11-30" });
    expect(run.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(["infra/main.tf.json:5 s3-bucket-tags"]);
    expect(run.files).toBe(2);
  });

  describe("a Terraform module split over several *.tf.json files of a folder", () => {
    const TAGS = { DataProduct: "true", Domain: "sales", ManagedBy: "terraform", CostCenter: "CC-1" };
    const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
    const main = json({ resource: { aws_s3_bucket: { raw: { bucket: "acme-raw" } }, aws_glue_catalog_database: { sales: { name: "sales" } } } });
    const providers = json({ provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags: TAGS }] }, { alias: "us", region: "us-east-1" }] } });
    const encryption = (bucket: string) =>
      json({ resource: [{ aws_s3_bucket_server_side_encryption_configuration: { raw: { bucket, rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms" }] }] } } }] });
    const project = (files: Record<string, string>) => {
      const dir = mkdtempSync(join(tmpdir(), "meshkit-policy-module-"));
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      return dir;
    };
    const shown = (run: { findings: { file: string; line: number; ruleId: string }[] }) => run.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
    const policy = (dir: string, paths: string[]) => runPolicy({ cwd: dir, paths, policies: ["builtin:platform-baseline"], today: "2026-11-30" });

    it("reads the default_tags of a provider and the encryption configuration declared in the module's other files", async () => {
      const dir = project({ "infra/main.tf.json": main, "infra/providers.tf.json": providers, "infra/encryption.tf.json": encryption("${aws_s3_bucket.raw.id}") });
      const run = await policy(dir, ["infra"]);
      expect(shown(run)).toEqual([]);
      expect(run.results.filter((r) => r.resource === "infra/main.tf.json").map((r) => `${r.rule} ${r.result}`)).toEqual(["s3-bucket-encryption pass", "s3-bucket-tags pass", "resource-cost-tags pass", "storage-resource-tags pass"]);
      // The hook checks one staged file: its module's other files are read from disk all the same.
      expect(shown(await policy(dir, ["infra/main.tf.json"]))).toEqual([]);
    });

    it("still fails what the module does not declare: a folder is a module, its sibling folders are not", async () => {
      const dir = project({
        "infra/main.tf.json": main,
        "infra/encryption.tf.json": encryption("${aws_s3_bucket.other.id}"),
        "infra/providers.tf.json": json({ provider: { aws: { alias: "us", default_tags: { tags: TAGS } } } }),
        "shared/providers.tf.json": providers,
        "shared/encryption.tf.json": encryption("${aws_s3_bucket.raw.id}"),
      });
      // The aliased provider's default_tags are not the default provider's (the bucket names none).
      expect(shown(await policy(dir, ["infra/main.tf.json"]))).toEqual([
        "infra/main.tf.json:4 s3-bucket-encryption",
        "infra/main.tf.json:4 s3-bucket-tags",
        "infra/main.tf.json:9 resource-cost-tags",
      ]);
    });

    it("takes the checked version of a file the run is given over the one on disk (the hook checks what is staged)", async () => {
      const dir = project({ "infra/main.tf.json": main, "infra/providers.tf.json": json({ provider: { aws: { region: "eu-west-1" } } }), "infra/encryption.tf.json": encryption("${aws_s3_bucket.raw.id}") });
      const { config } = await loadConfig({ cwd: dir });
      const targets = [...policyTargets("infra/main.tf.json", new TextEncoder().encode(main), true), ...policyTargets("infra/providers.tf.json", new TextEncoder().encode(providers), true)];
      const checked = await checkDocuments(targets, config, { cwd: dir, policies: ["builtin:platform-baseline"], today: "2026-11-30" });
      expect(shown(checked)).toEqual([]);
      expect(shown(await policy(dir, ["infra/main.tf.json"]))).toEqual(["infra/main.tf.json:4 s3-bucket-tags", "infra/main.tf.json:9 resource-cost-tags"]);
    });

    it("leaves out what is no configuration of the module (a plan, broken JSON, other files) and gives plans no module", async () => {
      const dir = project({
        "infra/main.tf.json": main,
        "infra/broken.tf.json": '{"provider": {"aws": {"default_tags": ',
        "infra/tags.json": providers,
        "infra/plan.tf.json": json({ format_version: "1.2", planned_values: { root_module: { resources: [] } }, configuration: { provider_config: {} } }),
        "infra/encryption.tf.json": encryption("${aws_s3_bucket.raw.id}"),
      });
      const run = await policy(dir, ["infra/main.tf.json"]);
      expect(shown(run)).toEqual(["infra/main.tf.json:4 s3-bucket-tags", "infra/main.tf.json:9 resource-cost-tags"]);
    });

    it("shows a policy the module's other providers, and the resources of its other files that refer to its own or that its own refer to", async () => {
      const kms = json({ resource: { aws_kms_key: { lake: { description: "lake" } }, aws_sns_topic: { unrelated: { name: "alerts" } } } });
      const withKey = json({ resource: { aws_s3_bucket: { raw: { bucket: "acme-raw" } }, aws_s3_bucket_versioning: { raw: { bucket: "${aws_s3_bucket.raw.id}", kms: "${aws_kms_key.lake.arn}" } } } });
      const dir = project({
        "infra/main.tf.json": withKey,
        "infra/keys.tf.json": kms,
        "infra/providers.tf.json": providers,
        "infra/encryption.tf.json": encryption("${aws_s3_bucket.raw.id}"),
        "infra/logging.tf.json": json({ resource: { aws_s3_bucket_logging: { other: { bucket: "${data.aws_s3_bucket.raw.id}", note: "aws_s3_bucket.raw" } } } }),
        "module.yaml": `apiVersion: meshkit/v1
kind: Policy
metadata:
  name: module-view
spec:
  match:
    kinds: [Infrastructure]
  validations:
    - id: module-seen
      expression: "false"
      messageExpression: >-
        module.provider.map(m, m.aws.region).join(',') + ' | ' +
        module.resources.map(r, r.file + ' ' + r.address + ' ' + r.path).join(', ')
`,
      });
      const run = await runPolicy({ cwd: dir, paths: ["infra/main.tf.json", "infra/keys.tf.json"], policies: ["module.yaml"], today: "2026-11-30" });
      expect(run.findings.map((f) => `${f.file}: ${f.message.replace(/ \[policy .*$/, "")}`)).toEqual([
        // The key is named by main.tf.json's versioning; the SNS topic by nothing; a data source's or a plain string's name is no reference.
        "infra/keys.tf.json: eu-west-1,us-east-1 | infra/main.tf.json aws_s3_bucket_versioning.raw /resource/aws_s3_bucket_versioning/raw",
        "infra/main.tf.json: eu-west-1,us-east-1 | infra/encryption.tf.json aws_s3_bucket_server_side_encryption_configuration.raw /resource/0/aws_s3_bucket_server_side_encryption_configuration/raw, infra/keys.tf.json aws_kms_key.lake /resource/aws_kms_key/lake",
      ]);
    });
  });

  it("reports each document of a named file it cannot check, instead of checking nothing and passing", async () => {
    const dir = repository();
    const named: Record<string, string> = {
      "empty.yaml": "",
      "scalar.yaml": "42\n",
      "list.yaml": "- a\n- b\n",
      "future.odcs.yaml": contract("c-9", "active", "sales").replace("apiVersion: v3.1.0", "apiVersion: v9.0.0"),
      "policies-copy.yaml": PACK,
      // The document after a trailing --- is empty: it hides nothing.
      "trailing.odcs.yaml": `${contract("c-8", "active", "sales")}---\n`,
    };
    for (const [name, text] of Object.entries(named)) writeFileSync(join(dir, name), text);
    for (const paths of [Object.keys(named), ["empty.yaml"]]) {
      const run = await runPolicy({ cwd: dir, paths, today: "2026-11-30" });
      const unchecked = run.findings.filter((f) => f.ruleId === "not-a-document" || f.ruleId === "unsupported-api-version");
      expect(unchecked.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(
        paths.length === 1
          ? ["empty.yaml:1 not-a-document"]
          : ["empty.yaml:1 not-a-document", "future.odcs.yaml:1 unsupported-api-version", "list.yaml:1 not-a-document", "policies-copy.yaml:2 not-a-document", "policies-copy.yaml:23 not-a-document", "scalar.yaml:1 not-a-document"],
      );
      expect(run.rules.map((r) => r.id)).toContain("not-a-document");
      // The files that could not be checked are counted among the files (not "1 error in 0 files").
      // (meshkit.yaml, the config in use, is not: no policy of the pack is over Config.)
      if (paths.length === 1) expect(run.files).toBe(1);
    }
    // Found by the project's globs, only a contract or product meshkit cannot read is said: a project
    // whose contracts are all of a newer apiVersion must not pass as "no problems in 0 files".
    const found = await runPolicy({ cwd: dir, paths: [], today: "2026-11-30" });
    expect(found.findings.filter((f) => f.ruleId === "not-a-document" || f.ruleId === "unsupported-api-version").map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      "future.odcs.yaml:1 unsupported-api-version",
    ]);
    expect(found.findings.find((f) => f.ruleId === "unsupported-api-version")?.severity).toBe("error");
  });
});
