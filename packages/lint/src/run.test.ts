import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderReport, summarize } from "@meshkit/core";
import { lintPaths } from "./run.js";
import { VALID_CONTRACT } from "./test-support.js";

describe("lintPaths: a link named on the command line", () => {
  let cwd: string;
  beforeEach(() => {
    // Outside any git work tree and without meshkit.yaml: the context is the named files' folder.
    cwd = mkdtempSync(join(tmpdir(), "meshkit-lint-links-"));
    mkdirSync(join(cwd, "s2"));
    writeFileSync(join(cwd, "s2/real.yaml"), VALID_CONTRACT);
    symlinkSync("real.yaml", join(cwd, "s2/alias.yaml"));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  const lint = async (...paths: string[]) => {
    const { findings, files } = await lintPaths(paths, { cwd });
    return { files, findings: findings.map((f) => `${f.file} ${f.ruleId}`) };
  };

  it("is linted as named, without the file it leads to as a second document with its id", async () => {
    expect(await lint("s2/alias.yaml")).toEqual({ files: 1, findings: [] });
  });

  it("is one document with that file when both are named, or a folder holding the file", async () => {
    expect(await lint("s2/real.yaml", "s2/alias.yaml")).toEqual({ files: 1, findings: [] });
    expect(await lint("s2/alias.yaml", "s2")).toEqual({ files: 1, findings: [] });
  });

  it("still clashes with a copy of the contract, reported once, at the file itself when both are named", async () => {
    writeFileSync(join(cwd, "s2/copy.yaml"), VALID_CONTRACT);
    const { findings } = await lintPaths(["s2/alias.yaml"], { cwd });
    expect(findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(["s2/alias.yaml unique-document-id"]);
    expect(findings[0]!.message).toContain("also used by s2/copy.yaml:3:5;");
    expect(await lint("s2/alias.yaml", "s2/real.yaml")).toEqual({ files: 1, findings: ["s2/real.yaml unique-document-id"] });
  });
});

describe("lintPaths: a meshkit.yaml that is not the config in use", () => {
  let cwd: string;
  beforeEach(() => {
    // The platform team's repository: its own (valid) config, and the config every domain `extends`.
    cwd = mkdtempSync(join(tmpdir(), "meshkit-lint-configs-"));
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    mkdirSync(join(cwd, "platform"));
    writeFileSync(join(cwd, "platform/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    naming-convention: fatal\n  naming:\n    objects: {pattern: '^(?!x)'}\n");
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it("is checked as loading it would check it, named or found, at the offending node", async () => {
    for (const paths of [["platform/meshkit.yaml"], []]) {
      const { findings } = await lintPaths(paths, { cwd });
      expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
        "platform/meshkit.yaml:5:24 config-invalid platform/meshkit.yaml: `naming-convention` must be one of: `off`, `info`, `warning`, `error`",
      ]);
    }
  });

  it("reports a naming pattern RE2 cannot compile once the schema is satisfied, and nothing for a valid one", async () => {
    writeFileSync(join(cwd, "platform/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nlint:\n  naming:\n    objects: {pattern: '^(?!x)'}\n");
    expect((await lintPaths(["platform"], { cwd })).findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual(["5:24 config-invalid"]);
    writeFileSync(join(cwd, "platform/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    naming-convention: error\n");
    expect((await lintPaths(["platform/meshkit.yaml"], { cwd })).findings).toEqual([]);
  });

  it("reports a rule id or change kind no rule has (lint.rules, compat.rules, compat.ignore), which every domain extending it would stop on", async () => {
    writeFileSync(
      join(cwd, "platform/meshkit.yaml"),
      "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    naming-conventon: off\ncompat:\n  rules:\n    property-removed-optionl: off\n  ignore:\n    - kind: property-made-optionl\n      reason: accepted\n",
    );
    expect((await lintPaths(["platform/meshkit.yaml"], { cwd })).findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message.split(";")[0]}`)).toEqual([
      "5:5 config-invalid platform/meshkit.yaml: unknown rule id `naming-conventon` in lint.rules",
      "8:5 config-invalid platform/meshkit.yaml: unknown rule id `property-removed-optionl` in compat.rules",
      "10:13 config-invalid platform/meshkit.yaml: unknown change kind `property-made-optionl` in compat.ignore[0].kind, so the entry ignores nothing",
    ]);
  });

  it("reports it as lint's finding, not the config stage's: the run checked every document, and its SARIF says it succeeded", async () => {
    writeFileSync(join(cwd, "contract.odcs.yaml"), VALID_CONTRACT);
    const schema = await lintPaths([], { cwd });
    writeFileSync(join(cwd, "platform/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    naming-conventon: off\n");
    const ruleIds = await lintPaths([], { cwd });
    for (const { findings, files } of [schema, ruleIds]) {
      expect(findings.map((f) => [f.ruleId, f.stage])).toEqual([["config-invalid", "lint"]]);
      // Uploaded as an unsuccessful execution, code scanning would drop the whole analysis, this alert included.
      const sarif = JSON.parse(renderReport("sarif", { findings, summary: summarize(findings, files), tool: { name: "meshkit", version: "0" }, rules: [], title: "contract-lint" }));
      expect(sarif.runs[0].invocations).toBeUndefined();
    }
    // The config in use is the config stage's: the run stopped at it.
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nlnt: {}\n");
    expect((await lintPaths([], { cwd })).findings.map((f) => [f.ruleId, f.stage])).toEqual([["config-invalid", "config"]]);
  });
});

describe("lintPaths: an empty files.include", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "meshkit-lint-include-"));
    mkdirSync(join(cwd, "platform"));
    mkdirSync(join(cwd, "contracts"));
    // The platform leaves each domain to list the files that hold its contracts.
    writeFileSync(join(cwd, "platform/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: []\n");
    writeFileSync(join(cwd, "contracts/orders.odcs.yaml"), VALID_CONTRACT);
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it("is not refused in a config whose list the config extending it replaces, loaded or linted", async () => {
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nextends: platform/meshkit.yaml\nfiles:\n  include: ['**/*.yaml']\n");
    expect(await lintPaths([], { cwd })).toMatchObject({ files: 3, findings: [] });
  });

  it("is refused where it is read: inherited, at the platform's list; on its own, named to lint", async () => {
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nextends: platform/meshkit.yaml\n");
    const inherited = await lintPaths([], { cwd });
    expect(inherited.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(["platform/meshkit.yaml:4:12 config-invalid"]);
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    const named = await lintPaths(["platform/meshkit.yaml"], { cwd });
    expect(named.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(["platform/meshkit.yaml:4:12 config-invalid"]);
  });
});

describe("lintPaths: a files.include that selects no document", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "meshkit-lint-unmatched-"));
    mkdirSync(join(cwd, "contracts"));
    writeFileSync(join(cwd, "contracts/orders.odcs.yaml"), VALID_CONTRACT);
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));
  const located = (findings: { file: string; line: number; column: number; ruleId: string; severity: string }[]) => findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId}`);

  it("warns at the globs with no path named, instead of passing on 0 files (a mistyped folder)", async () => {
    writeFileSync(join(cwd, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["contract/*.yaml"]\n');
    const result = await lintPaths([], { cwd });
    expect(result.files).toBe(0);
    expect(located(result.findings)).toEqual(["meshkit.yaml:4:12 warning include-unmatched"]);
    expect(result.findings[0]!.message).toBe('files.include ("contract/*.yaml") selects no contract or product, so nothing was checked; the globs are relative to the folder of meshkit.yaml: fix them, or name the files to check.');
  });

  it("warns when the globs select only meshkit.yaml itself (`*.yaml` where the contracts are in a folder)", async () => {
    writeFileSync(join(cwd, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["*.yaml"]\n');
    const result = await lintPaths([], { cwd });
    expect(located(result.findings)).toEqual(["meshkit.yaml:4:12 warning include-unmatched"]);
    writeFileSync(join(cwd, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["*.yaml", "contracts/*.yaml"]\n');
    expect(await lintPaths([], { cwd })).toMatchObject({ files: 2, findings: [] });
  });

  it("warns when the globs select only a policy pack's files, as meshkit policy does: a policy is no contract or product; a file that does not parse counts", async () => {
    mkdirSync(join(cwd, "policies"));
    writeFileSync(join(cwd, "policies/owned.yaml"), "apiVersion: meshkit/v1\nkind: Policy\nmetadata: {name: owned}\nspec:\n  match: {kinds: [DataContract]}\n  validations:\n    - id: owned\n      expression: has(object.team)\n      message: no team\n");
    writeFileSync(join(cwd, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["policies/*.yaml"]\npolicy:\n  packs: [policies]\n');
    expect(located((await lintPaths([], { cwd })).findings)).toEqual(["meshkit.yaml:4:12 warning include-unmatched"]);
    // A file that does not parse may be the contract the globs are for: its own finding says what is wrong.
    writeFileSync(join(cwd, "policies/broken.yaml"), "kind: DataContract\nname: [unclosed\n");
    expect(located((await lintPaths([], { cwd })).findings).map((line) => line.split(" ").at(-1))).toEqual(["yaml-syntax"]);
  });

  it("does not warn when the globs select a contract that lost or misspelt its kind: they found the file meant, and not-a-document says what is wrong", async () => {
    mkdirSync(join(cwd, "drafts"));
    writeFileSync(join(cwd, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["drafts/*.yaml"]\n');
    writeFileSync(join(cwd, "drafts/orders.yaml"), "apiVersion: v3.1.0\nkind: DataContrct\nid: orders\nversion: 1.0.0\nstatus: active\n");
    expect((await lintPaths([], { cwd })).findings.map((f) => f.ruleId)).toEqual(["not-a-document"]);
    writeFileSync(join(cwd, "drafts/orders.yaml"), "apiVersion: v3.1.0\nid: orders\nversion: 1.0.0\nstatus: active\n");
    expect((await lintPaths([], { cwd })).findings.map((f) => f.ruleId)).toEqual(["not-a-document"]);
  });

  it("says so at the platform's globs a domain inherits, and names the subfolder run in; is silent once they select a file, or when set off", async () => {
    mkdirSync(join(cwd, "platform"));
    mkdirSync(join(cwd, "contracts/eu"));
    writeFileSync(join(cwd, "platform/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ['../domains/**/*.yaml']\n");
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nextends: platform/meshkit.yaml\n");
    expect(located((await lintPaths([], { cwd })).findings)).toEqual(["platform/meshkit.yaml:4:12 warning include-unmatched"]);
    expect((await lintPaths([], { cwd: join(cwd, "contracts/eu") })).findings[0]!.message).toContain("selects no contract or product in contracts/eu, so");
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nextends: platform/meshkit.yaml\nfiles:\n  include: ['contracts/*.yaml']\n");
    expect(await lintPaths([], { cwd })).toMatchObject({ files: 1, findings: [] });
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nextends: platform/meshkit.yaml\nlint:\n  rules:\n    include-unmatched: off\n");
    expect(await lintPaths([], { cwd })).toMatchObject({ files: 0, findings: [] });
  });

  it("is no finding for the default globs (an empty project), nor for paths named (those are their own usage errors)", async () => {
    const empty = mkdtempSync(join(tmpdir(), "meshkit-lint-empty-"));
    try {
      expect(await lintPaths([], { cwd: empty })).toMatchObject({ files: 0, findings: [] });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    writeFileSync(join(cwd, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["contract/*.yaml"]\n');
    expect(await lintPaths(["contracts/orders.odcs.yaml"], { cwd })).toMatchObject({ files: 1, findings: [] });
  });
});

describe("lintPaths: policy.packs", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "meshkit-lint-packs-"));
    mkdirSync(join(cwd, "policies"));
    writeFileSync(join(cwd, "orders.odcs.yaml"), VALID_CONTRACT);
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));
  const located = (findings: { file: string; line: number; column: number; ruleId: string; message: string }[]) => findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);

  it("reports an unknown built-in pack or a missing pack folder at its entry, as meshkit policy does", async () => {
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs:\n    - builtin:platform-baselin\n    - policies\n");
    expect(located((await lintPaths([], { cwd })).findings)).toEqual([
      "meshkit.yaml:5:7 config-invalid meshkit.yaml: unknown built-in policy pack builtin:platform-baselin; built-in packs: builtin:platform-baseline (policy.packs are relative to this file)",
    ]);
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [builtin:platform-baseline, polices]\n");
    expect(located((await lintPaths(["orders.odcs.yaml"], { cwd })).findings)).toEqual(["meshkit.yaml:4:38 config-invalid meshkit.yaml: policy pack not found: polices (policy.packs are relative to this file)"]);
  });

  it("reads a platform's packs from its own folder, and passes packs that are there", async () => {
    mkdirSync(join(cwd, "platform/policies"), { recursive: true });
    writeFileSync(join(cwd, "platform/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [builtin:platform-baseline, policies]\n");
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nextends: platform/meshkit.yaml\n");
    expect(located((await lintPaths([], { cwd })).findings)).toEqual([]);
    rmSync(join(cwd, "platform/policies"), { recursive: true });
    expect(located((await lintPaths([], { cwd })).findings)).toEqual(["platform/meshkit.yaml:4:38 config-invalid platform/meshkit.yaml: policy pack not found: policies (policy.packs are relative to this file)"]);
  });

  it("checks the packs of a config named that is not the one in use (the platform's, before any domain extends it), from its own folder", async () => {
    mkdirSync(join(cwd, "platform/policies"), { recursive: true });
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    writeFileSync(join(cwd, "platform/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs:\n    - builtin:platform-baselin\n    - policies\n");
    expect(located((await lintPaths(["platform/meshkit.yaml"], { cwd })).findings)).toEqual([
      "platform/meshkit.yaml:5:7 config-invalid platform/meshkit.yaml: unknown built-in policy pack builtin:platform-baselin; built-in packs: builtin:platform-baseline (policy.packs are relative to this file)",
    ]);
    writeFileSync(join(cwd, "platform/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [builtin:platform-baseline, policies, polices]\n");
    expect(located((await lintPaths(["platform/meshkit.yaml"], { cwd })).findings)).toEqual(["platform/meshkit.yaml:4:48 config-invalid platform/meshkit.yaml: policy pack not found: polices (policy.packs are relative to this file)"]);
    writeFileSync(join(cwd, "platform/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: [builtin:platform-baseline, policies]\n");
    expect((await lintPaths(["platform/meshkit.yaml"], { cwd })).findings).toEqual([]);
  });
});

describe("lintPaths: compat.rules and compat.ignore", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "meshkit-lint-compat-ids-"));
    writeFileSync(join(cwd, "orders.odcs.yaml"), VALID_CONTRACT);
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it("reports a compat rule id or change kind no compat rule has, at its key, as meshkit compat does (lint cannot import compat)", async () => {
    writeFileSync(
      join(cwd, "meshkit.yaml"),
      "apiVersion: meshkit/v1\nkind: Config\ncompat:\n  rules:\n    property-removed-optionl: warning\n    version-bump: warning\n    compat-consumers-affected: info\n  ignore:\n    - kind: property-made-optionl\n      reason: typo\n",
    );
    expect((await lintPaths([], { cwd })).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
      "meshkit.yaml:5:5 config-invalid meshkit.yaml: unknown rule id `property-removed-optionl` in compat.rules; did you mean `property-removed-optional`? (see docs/rules for the list).",
      "meshkit.yaml:9:13 config-invalid meshkit.yaml: unknown change kind `property-made-optionl` in compat.ignore[0].kind, so the entry ignores nothing; did you mean `property-made-optional`? (see docs/compat.md for the kinds).",
    ]);
  });

  it("refuses a waiver of a lint, compat or input rule, as meshkit policy does: the same config passed lint and stopped policy", async () => {
    const waiver = (rule: string) => `    - rule: ${rule}\n      approver: data-council@acme.example\n      justification: accepted until the migration ends\n      expires: 2099-01-01\n`;
    writeFileSync(join(cwd, "meshkit.yaml"), `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n  waivers:\n${["contract-owner", "sla-removed", "yaml-syntax", "owner-declared"].map(waiver).join("")}`);
    expect((await lintPaths([], { cwd })).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
      "meshkit.yaml:6:13 config-invalid meshkit.yaml: policy.waivers: `contract-owner` is one of meshkit's own rules (docs/rules/contract-owner.md), which no pack defines: a waiver accepts the failures of a pack's rule only; set its level in lint.rules instead.",
      "meshkit.yaml:10:13 config-invalid meshkit.yaml: policy.waivers: `sla-removed` is one of meshkit's own rules (docs/rules/sla-removed.md), which no pack defines: a waiver accepts the failures of a pack's rule only; accept the change with a compat.ignore entry (its `kind` and a `reason`), or set its level in compat.rules, instead.",
      "meshkit.yaml:14:13 config-invalid meshkit.yaml: policy.waivers: `yaml-syntax` is one of meshkit's own rules (docs/rules/yaml-syntax.md), which no pack defines: a waiver accepts the failures of a pack's rule only; it is a rule of meshkit's input stage, whose level cannot be set: fix what it reports instead.",
    ]);
  });

  it("refuses a lint or compat rule in policy.rules, and an input rule set below error there, as meshkit policy does", async () => {
    writeFileSync(join(cwd, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n  rules:\n    contract-owner: error\n    yaml-syntax: warning\n    owner-declared: off\n");
    expect((await lintPaths([], { cwd })).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
      "meshkit.yaml:6:5 config-invalid meshkit.yaml: `contract-owner` in policy.rules is one of meshkit's own rules (docs/rules/contract-owner.md), which no pack defines: set its level in lint.rules instead.",
      "meshkit.yaml:7:5 config-invalid meshkit.yaml: `yaml-syntax` is an input rule: a file it reports could not be read, so it always stays an error; remove it from policy.rules.",
    ]);
  });
});

describe("lintPaths: run in a subfolder of a git repository without meshkit.yaml", () => {
  let top: string;
  const product = (contractVersion: string) =>
    `apiVersion: v1.0.0\nkind: DataProduct\nid: orders-product\nstatus: active\noutputPorts:\n  - name: orders\n    version: ${contractVersion}\n    contractId: 0a6d2a3c-orders\n`;
  beforeEach(() => {
    // The repository is the project (as the pre-commit hook and compat take it): its contracts sit in another folder.
    top = mkdtempSync(join(tmpdir(), "meshkit-lint-subfolder-"));
    mkdirSync(join(top, ".git"));
    mkdirSync(join(top, "contracts"));
    mkdirSync(join(top, "products"));
    writeFileSync(join(top, "contracts/orders.odcs.yaml"), VALID_CONTRACT);
  });
  afterEach(() => rmSync(top, { recursive: true, force: true }));

  const lint = async (cwd: string, ...paths: string[]) => (await lintPaths(paths, { cwd })).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.severity}`);

  it("finds a port's contract in a sibling folder, named or not, as from the top: it is in the repository", async () => {
    writeFileSync(join(top, "products/p.odps.yaml"), product("1.2.0"));
    const products = join(top, "products");
    expect(await lint(products, "p.odps.yaml")).toEqual([]);
    expect(await lint(products)).toEqual([]);
    expect(await lint(top, "products/p.odps.yaml")).toEqual([]);
    // …and so holds the port to that contract's version.
    writeFileSync(join(top, "products/p.odps.yaml"), product("1.1.0"));
    expect(await lint(products)).toEqual(["p.odps.yaml:7:14 output-port-contract error"]);
  });

  it("sees a contract id used in another folder of the repository", async () => {
    writeFileSync(join(top, "products/copy.odcs.yaml"), VALID_CONTRACT);
    expect(await lint(join(top, "products"))).toEqual(["copy.odcs.yaml:3:5 unique-document-id error"]);
  });
});
