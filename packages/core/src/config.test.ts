import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configFileIn, findConfigFile, loadConfig, unknownIgnoreKinds, unknownRuleIds, withUnknownRuleIds } from "./config.js";

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-config-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("loadConfig: a config that would be half read", () => {
  it("refuses a second document (after `---`) at its first line: its settings would be ignored", async () => {
    const dir = workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n---\napiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    contract-owner: off\n" });
    const { findings } = await loadConfig({ cwd: dir });
    expect(findings).toMatchObject([{ ruleId: "config-invalid", file: "meshkit.yaml", line: 4, column: 1 }]);
    expect(findings[0]!.message).toContain("more than one YAML document");
  });

  it("says what an empty meshkit.yaml (or one of comments only) needs, instead of \"must be an object\"", async () => {
    for (const text of ["", "# settings to come\n"]) {
      const { findings } = await loadConfig({ cwd: workspace({ "meshkit.yaml": text }) });
      expect(findings.map((f) => [f.ruleId, f.line, f.message])).toEqual([
        ["config-invalid", 1, "meshkit.yaml: is empty: a config is a mapping that starts `apiVersion: meshkit/v1` and `kind: Config` (`meshkit init` writes one)"],
      ]);
    }
  });

  it("says what a config is when meshkit.yaml holds a list or a lone value, instead of \"must be an object\"", async () => {
    for (const [text, what] of [["- apiVersion: meshkit/v1\n- kind: Config\n", "is a YAML list (`- ` items)"], ["meshkit/v1\n", "is a single value"]] as const) {
      const { findings } = await loadConfig({ cwd: workspace({ "meshkit.yaml": text }) });
      expect(findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
        ["config-invalid", 1, 1, `meshkit.yaml: ${what}: a config is a mapping that starts \`apiVersion: meshkit/v1\` and \`kind: Config\` (\`meshkit init\` writes one)`],
      ]);
    }
  });

  it("says what to write for a missing apiVersion or kind", async () => {
    const { findings } = await loadConfig({ cwd: workspace({ "meshkit.yaml": "lint:\n  rules: {}\n" }) });
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "1:1 meshkit.yaml: missing required property `apiVersion`: add `apiVersion: meshkit/v1`",
      "1:1 meshkit.yaml: missing required property `kind`: add `kind: Config`",
    ]);
  });

  it("keeps a trailing `---` (an empty document) and a leading one", async () => {
    const dir = workspace({ "meshkit.yaml": "---\napiVersion: meshkit/v1\nkind: Config\n---\n" });
    expect((await loadConfig({ cwd: dir })).findings).toEqual([]);
  });

  it("refuses an absolute files.include glob (it would walk the disk), at that glob; ../ globs stay allowed", async () => {
    const dir = workspace({ "meshkit.yaml": 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["products/**/*.yaml", "/**/*.yaml", "../domains/**/*.yaml"]\n' });
    const { findings } = await loadConfig({ cwd: dir });
    expect(findings).toMatchObject([{ ruleId: "config-invalid", line: 4, column: 35 }]);
    expect(findings[0]!.message).toContain("`/**/*.yaml` is absolute");
  });

  it("refuses an absolute files.exclude glob, at that glob: a checkout elsewhere (CI's, the hook's paths from git) excludes nothing with it", async () => {
    const dir = workspace({ "meshkit.yaml": 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  exclude: ["**/data/**", "/srv/repo/fixtures/**"]\n' });
    const { findings } = await loadConfig({ cwd: dir });
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "config-invalid@4:27 meshkit.yaml: files.exclude glob `/srv/repo/fixtures/**` is absolute; globs are relative to the config's folder (e.g. `products/**/*.yaml`, `../domains/**/*.yaml`).",
    ]);
  });

  it("refuses an empty files.include, at it: no file would be checked, and lint would pass on 0 files", async () => {
    const dir = workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: []\n", "orders.odcs.yaml": "apiVersion: v3.1.0\n" });
    const { findings } = await loadConfig({ cwd: dir });
    expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`)).toEqual([
      "config-invalid@4:12 meshkit.yaml: files.include is empty, so no file would be checked (lint would pass on 0 files); list the globs of the files that hold contracts and products, or remove it for the default (**/*.yaml, **/*.yml, **/*.json).",
    ]);
  });

  it("accepts an empty files.include that the config extending it replaces: it is never read", async () => {
    const dir = workspace({
      "platform/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: []\n",
      "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: platform/meshkit.yaml\nfiles:\n  include: ['contracts/*.yaml']\n",
    });
    const { config, findings } = await loadConfig({ cwd: dir });
    expect(findings).toEqual([]);
    expect(config.files.include).toEqual(["contracts/*.yaml"]);
  });

  it("refuses an absolute policy.infrastructure glob and waiver document (matched against paths from the project's folder, they match nothing)", async () => {
    const waiver = "  waivers:\n    - rule: column-described\n      document: /srv/repo/contracts/**\n      justification: Descriptions come later.\n      approver: platform\n      expires: 2999-12-31\n";
    const dir = workspace({ "meshkit.yaml": `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  infrastructure: ['infra/*.tf.json', '/infra/*.tf.json']\n${waiver}` });
    const { findings } = await loadConfig({ cwd: dir });
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message.replace(/^.*meshkit\.yaml: /, "")}`)).toEqual([
      "4:39 policy.infrastructure glob `/infra/*.tf.json` is absolute; globs are relative to the config's folder (e.g. `products/**/*.yaml`, `../domains/**/*.yaml`).",
      "7:17 policy.waivers document `/srv/repo/contracts/**` is absolute; globs are relative to the config's folder (e.g. `products/**/*.yaml`, `../domains/**/*.yaml`).",
    ]);
  });
});

describe("policy.waivers resource", () => {
  it("reads a waiver's Terraform resource address, and refuses a blank one", async () => {
    const waiver = (resource: string) =>
      `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  waivers:\n    - rule: s3-bucket-encryption\n      resource: ${resource}\n      justification: legacy bucket, migrated in Q3\n      approver: platform\n      expires: 2999-12-31\n`;
    const ok = await loadConfig({ cwd: workspace({ "meshkit.yaml": waiver("'module.zone[\"eu\"].aws_s3_bucket.this'") }) });
    expect(ok.findings).toEqual([]);
    expect(ok.config.policy.waivers[0]).toMatchObject({ resource: 'module.zone["eu"].aws_s3_bucket.this' });
    const blank = await loadConfig({ cwd: workspace({ "meshkit.yaml": waiver("''") }) });
    expect(blank.findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual(["config-invalid 6"]);
    // A for_each key is any string: `aws_s3_bucket.lake["raw data"]` is an address Terraform prints.
    const spaced = await loadConfig({ cwd: workspace({ "meshkit.yaml": waiver("'aws_s3_bucket.lake[\"raw data\"]'") }) });
    expect(spaced.findings).toEqual([]);
    expect(spaced.config.policy.waivers[0]).toMatchObject({ resource: 'aws_s3_bucket.lake["raw data"]' });
    const padded = await loadConfig({ cwd: workspace({ "meshkit.yaml": waiver("' module.lake'") }) });
    expect(padded.findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual(["config-invalid 6"]);
  });
});

describe("policy.waivers expires, approver, justification", () => {
  const waiver = (fields: string) => `apiVersion: meshkit/v1\nkind: Config\npolicy:\n  waivers:\n    - rule: table-description\n${fields}`;
  const messages = async (fields: string) => (await loadConfig({ cwd: workspace({ "meshkit.yaml": waiver(fields) }) })).findings.map((f) => `${f.line}:${f.column} ${f.message}`);

  it("answers an `expires` YAML reads as no text (left empty, a number, a list) with the date it needs, not \"must be a string\"", async () => {
    const fields = (expires: string) => `      justification: described in release 2.0.0\n      approver: jane\n      expires:${expires}\n`;
    for (const expires of ["", " ~", " 20270101", " [2027-01-01]"]) {
      // An empty value is located right after its key's colon.
      expect(await messages(fields(expires))).toEqual([`8:${expires === "" ? 15 : 16} meshkit.yaml: \`expires\` must be a date like 2024-01-31`]);
    }
    // Unquoted, 2027-01-01 is text to the YAML 1.2 core schema meshkit reads: a date, accepted as written.
    expect(await messages(fields(" 2027-01-01"))).toEqual([]);
    // A date in its shape that no calendar has is told apart from one written otherwise.
    for (const expires of ["2027-02-29", "2026-04-31", "2026-13-01"]) {
      expect(await messages(fields(` ${expires}`))).toEqual([`8:16 meshkit.yaml: \`expires\` must be a date like 2024-01-31; ${expires} is no day of the calendar`]);
    }
  });

  it("says how to quote an approver or justification YAML reads as a number or bool", async () => {
    expect(await messages("      justification: described in release 2.0.0\n      approver: 12345\n      expires: 2027-01-01\n")).toEqual([
      "7:17 meshkit.yaml: `approver` must be a string: YAML reads `12345` as a number, not as text; quote it (`approver: '12345'`)",
    ]);
    expect(await messages("      justification: 20261231235959\n      approver: jane\n      expires: 2027-01-01\n")).toEqual([
      "6:22 meshkit.yaml: `justification` must be a string: YAML reads `20261231235959` as a number, not as text; quote it (`justification: '20261231235959'`)",
    ]);
  });
});

describe("loadConfig", () => {
  it("uses the defaults when there is no meshkit.yaml", async () => {
    const dir = workspace({});
    const { config, findings } = await loadConfig({ cwd: dir });
    expect(findings).toEqual([]);
    expect(config.lint.naming).toEqual({ objects: "snake_case", properties: "snake_case" });
    expect(config.files.include).toContain("**/*.yaml");
  });

  it("finds the nearest meshkit.yaml upwards and reads its settings", async () => {
    const dir = workspace({
      "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    naming-convention: error\n  naming:\n    properties: camelCase\n",
      "domains/sales/x.txt": "",
    });
    const { config, findings } = await loadConfig({ cwd: join(dir, "domains/sales") });
    expect(findings).toEqual([]);
    expect(config.root).toBe(dir);
    expect(config.lint.rules["naming-convention"]).toBe("error");
    expect(config.lint.naming).toEqual({ objects: "snake_case", properties: "camelCase" });
  });

  it("configFileIn looks in one folder only, by the names findConfigFile looks for, in the same order", () => {
    const dir = workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n", "a/.meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n", "a/meshkit.yml": "apiVersion: meshkit/v1\nkind: Config\n", "a/b/x.txt": "" });
    expect(configFileIn(dir)).toBe(join(dir, "meshkit.yaml"));
    expect(configFileIn(join(dir, "a"))).toBe(join(dir, "a/meshkit.yml"));
    expect(configFileIn(join(dir, "a/b"))).toBeUndefined();
    expect(configFileIn(join(dir, "missing"))).toBeUndefined();
    expect(findConfigFile(join(dir, "a/b"))).toBe(configFileIn(join(dir, "a")));
  });

  it("refuses a second config file beside the one it reads (settings there would be ignored), but not a link to it or one --config names", async () => {
    const used = "apiVersion: meshkit/v1\nkind: Config\n";
    const dir = workspace({ "meshkit.yaml": used, "meshkit.yml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    contract-owner: off\n", "sub/x.txt": "" });
    const { findings } = await loadConfig({ cwd: dir });
    expect(findings).toMatchObject([{ ruleId: "config-invalid", severity: "error", file: "meshkit.yml", line: 1, column: 1 }]);
    expect((await loadConfig({ cwd: join(dir, "sub") })).findings).toMatchObject([{ file: join(dir, "meshkit.yml") }]);
    expect(findings[0]!.message).toBe("meshkit.yml: is not read, meshkit.yaml beside it is (one config per folder, the first of meshkit.yaml, meshkit.yml, .meshkit.yaml): merge its settings into meshkit.yaml and remove it");
    expect((await loadConfig({ cwd: dir, configPath: "meshkit.yml" })).findings).toEqual([]);
    const linked = workspace({ "meshkit.yaml": used });
    symlinkSync("meshkit.yaml", join(linked, ".meshkit.yaml"));
    expect((await loadConfig({ cwd: linked })).findings).toEqual([]);
  });

  it("does not look above the repository root for a config", async () => {
    const dir = workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    naming-convention: error\n", "nested/.git/HEAD": "ref: refs/heads/main\n" });
    const { config } = await loadConfig({ cwd: join(dir, "nested") });
    expect(config.file).toBeUndefined();
    expect(config.lint.rules).toEqual({});
  });

  it("reports an unknown key at its position", async () => {
    const dir = workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rulez: {}\n" });
    const { findings } = await loadConfig({ cwd: dir });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "config-invalid", file: "meshkit.yaml", line: 4, column: 3, severity: "error" });
    expect(findings[0]!.message).toContain("rulez");
  });

  it("reports a bad rule level at its value", async () => {
    const dir = workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    naming-convention: loud\n" });
    const { findings } = await loadConfig({ cwd: dir });
    expect(findings[0]).toMatchObject({ ruleId: "config-invalid", line: 5, column: 24 });
  });

  it("reports a naming pattern that is not RE2 at its value, and accepts one that is", async () => {
    const naming = (pattern: string) => `apiVersion: meshkit/v1\nkind: Config\nlint:\n  naming:\n    objects: snake_case\n    properties: {pattern: '${pattern}'}\n`;
    const lookahead = await loadConfig({ cwd: workspace({ "meshkit.yaml": naming("^(?!x)[a-z]+$") }) });
    expect(lookahead.findings).toMatchObject([{ ruleId: "config-invalid", file: "meshkit.yaml", line: 6, column: 27, path: "/lint/naming/properties/pattern" }]);
    expect(lookahead.findings[0]!.message).toMatch(/RE2.*\(\?!/);
    const invalid = await loadConfig({ cwd: workspace({ "meshkit.yaml": naming("^[a-z") }) });
    expect(invalid.findings).toMatchObject([{ ruleId: "config-invalid", line: 6, column: 27 }]);
    const nested = await loadConfig({ cwd: workspace({ "meshkit.yaml": naming("^(a+)+$") }) });
    expect([nested.findings, nested.config.lint.naming.properties]).toEqual([[], { pattern: "^(a+)+$" }]);
    // RE2 syntax that JavaScript's RegExp does not read is RE2's to judge.
    for (const pattern of ["(?i)^[a-z_]+$", "^(?P<name>[a-z_]+)$", "(?s).*"]) {
      expect((await loadConfig({ cwd: workspace({ "meshkit.yaml": naming(pattern) }) })).findings, pattern).toEqual([]);
    }
  });

  it("reports a compat.tagPrefix no git tag can begin with at its value, and accepts prefixes git takes", async () => {
    const config = (prefix: string) => `apiVersion: meshkit/v1\nkind: Config\ncompat:\n  tagPrefix: ${JSON.stringify(prefix)}\n`;
    for (const prefix of ["customer 360/", "a..b/", "orders:", "-orders/", "/orders/", ".hidden/", "orders.lock/", "x//", "rel@{", "a\\b/"]) {
      const { findings } = await loadConfig({ cwd: workspace({ "meshkit.yaml": config(prefix) }) });
      expect(findings, prefix).toMatchObject([{ ruleId: "config-invalid", line: 4, column: 14, path: "/compat/tagPrefix" }]);
      expect(findings[0]!.message).toContain("cannot begin a git tag name");
    }
    for (const prefix of ["", "customer_360/", "release-", "domain/sales/orders-", "v"]) {
      const { findings, config: loaded } = await loadConfig({ cwd: workspace({ "meshkit.yaml": config(prefix) }) });
      expect([findings, loaded.compat.tagPrefix], prefix).toEqual([[], prefix]);
    }
  });

  it("reports unparseable config as an input finding of the config stage (it stops every stage, as config-invalid does)", async () => {
    const dir = workspace({ "meshkit.yaml": "lint: [\n" });
    const { findings } = await loadConfig({ cwd: dir });
    expect(findings[0]).toMatchObject({ ruleId: "yaml-syntax", file: "meshkit.yaml", stage: "config" });
  });

  it("reports a meshkit.yaml that is a dangling link or a link loop, instead of applying the defaults (or a parent's config)", async () => {
    const parent = workspace({ "meshkit.yaml": "lint:\n  rules:\n    contract-owner: off\n" });
    for (const link of [join(parent, "gone.yaml"), "meshkit.yaml"]) {
      const dir = join(parent, `p${link.length}`);
      mkdirSync(dir);
      symlinkSync(link, join(dir, "meshkit.yaml"));
      expect(configFileIn(dir)).toBe(join(dir, "meshkit.yaml"));
      const { findings } = await loadConfig({ cwd: dir });
      expect(findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([
        `file-unreadable meshkit.yaml:1 ${link === "meshkit.yaml" ? "A symbolic link loop (ELOOP): the link leads back to itself; point it at a file." : "No such file or directory (ENOENT): check the path."}`,
      ]);
    }
  });

  it("refuses a --config that does not exist; one that is a link leading nowhere says why", async () => {
    const dir = workspace({});
    await expect(loadConfig({ cwd: dir, configPath: "nope.yaml" })).rejects.toThrow("config file not found: nope.yaml");
    symlinkSync("loop.yaml", join(dir, "loop.yaml"));
    const { findings } = await loadConfig({ cwd: dir, configPath: "loop.yaml" });
    expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual(["file-unreadable A symbolic link loop (ELOOP): the link leads back to itself; point it at a file."]);
  });

  it("merges `extends`: rule levels per id, globs rebased to this folder", async () => {
    const dir = workspace({
      "platform/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nfiles:\n  exclude: ['**/fixtures/**']\nlint:\n  rules:\n    naming-convention: error\n    property-classification: error\n",
      "domain/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: ../platform/meshkit.yaml\nlint:\n  rules:\n    naming-convention: warning\n",
    });
    const { config, findings } = await loadConfig({ cwd: join(dir, "domain") });
    expect(findings).toEqual([]);
    expect(config.lint.rules).toEqual({ "naming-convention": "warning", "property-classification": "error" });
    expect(config.files.exclude).toEqual(["**/fixtures/**"]);
    expect(config.sources).toHaveLength(2);
  });

  it("reports an extends cycle or a missing base at the extends key", async () => {
    const dir = workspace({
      "a/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: ../b/meshkit.yaml\n",
      "b/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: ../a/meshkit.yaml\n",
      "c/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: ../none.yaml\n",
    });
    expect((await loadConfig({ cwd: join(dir, "a") })).findings[0]).toMatchObject({ ruleId: "config-invalid", line: 3, column: 10 });
    expect((await loadConfig({ cwd: join(dir, "c") })).findings[0]!.message).toContain("does not exist");
  });

  it("reports an extends that names a folder at the extends key, with the config file to name instead", async () => {
    const dir = workspace({
      "platform/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n",
      "empty/x.txt": "",
      "domain/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: ../platform\n",
      "other/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: ../empty/\n",
    });
    expect((await loadConfig({ cwd: join(dir, "domain") })).findings).toMatchObject([
      { ruleId: "config-invalid", file: "meshkit.yaml", line: 3, column: 10, message: "meshkit.yaml: extends names a folder, ../platform: name its config file (extends: ../platform/meshkit.yaml)" },
    ]);
    expect((await loadConfig({ cwd: join(dir, "other") })).findings).toMatchObject([
      { ruleId: "config-invalid", line: 3, column: 10, message: "meshkit.yaml: extends names a folder, ../empty/: name a config file (extends: ../empty/meshkit.yaml); there is none in it" },
    ]);
  });

  it("refuses --config naming a folder as a usage error that names the config file in it", async () => {
    const dir = workspace({ "platform/meshkit.yml": "apiVersion: meshkit/v1\nkind: Config\n" });
    await expect(loadConfig({ cwd: dir, configPath: "platform" })).rejects.toThrow("--config platform is a folder: name its config file (--config platform/meshkit.yml)");
  });

  it("names the file it read in every config-invalid message, not meshkit.yaml", async () => {
    const dir = workspace({
      "ci/strict.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: ../base.yaml\nlint:\n  rulez: {}\n",
      "ci/pattern.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  naming:\n    objects: {pattern: '^(?!x)'}\n",
      "ci/cycle.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: cycle.yaml\n",
      "ci/rules.yaml": "apiVersion: meshkit/v1\nkind: Config\ncompat:\n  rules:\n    no-such-kind: off\n",
    });
    const messages = async (configPath: string) => (await loadConfig({ cwd: dir, configPath })).findings.map((f) => `${f.file} ${f.message}`);
    expect(await messages("ci/strict.yaml")).toEqual([expect.stringMatching(/^ci\/strict\.yaml ci\/strict\.yaml: .*rulez/)]);
    expect(await messages("ci/pattern.yaml")).toEqual([expect.stringMatching(/^ci\/pattern\.yaml ci\/pattern\.yaml: lint\.naming\.objects\.pattern is not an RE2/)]);
    expect(await messages("ci/cycle.yaml")).toEqual([expect.stringMatching(/^ci\/cycle\.yaml ci\/cycle\.yaml: extends forms a cycle/)]);
    const { config } = await loadConfig({ cwd: dir, configPath: "ci/rules.yaml" });
    expect(unknownRuleIds(config, "compat", new Set()).map((f) => f.message)).toEqual([expect.stringMatching(/^ci\/rules\.yaml: unknown rule id `no-such-kind`/)]);
  });

  it("refuses to turn an input rule down (a file that cannot be read stays an error), and accepts it left at error", async () => {
    const dir = workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    yaml-syntax: 'off'\n    file-too-large: error\n" });
    const { config } = await loadConfig({ cwd: dir });
    const findings = unknownRuleIds(config, "lint", new Set(["yaml-syntax", "file-too-large"]));
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([expect.stringMatching(/^5:5 meshkit\.yaml: `yaml-syntax` is an input rule: .* always stays an error; remove it from lint\.rules\.$/)]);
  });
});

describe("a section's setting written at the top of meshkit.yaml", () => {
  it("says which section it belongs under, rather than to remove it (waivers would then stop applying)", async () => {
    const waivers = "waivers:\n  - rule: table-described\n    justification: described in the next release\n    approver: jane\n    expires: 2027-01-01\n";
    const dir = workspace({ "meshkit.yaml": `apiVersion: meshkit/v1\nkind: Config\n${waivers}rules:\n  x: error\nbogus: 1\n` });
    const { findings } = await loadConfig({ cwd: dir });
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "3:1 meshkit.yaml: unknown property `waivers` in config: it is a setting of a section; move it under `policy:` (`policy.waivers`)",
      "8:1 meshkit.yaml: unknown property `rules` in config: it is a setting of a section; move it under its section (`lint.rules`, `compat.rules` or `policy.rules`)",
      "10:1 meshkit.yaml: unknown property `bogus` in config; remove it",
    ]);
  });
});

describe("unknownRuleIds", () => {
  it("names the rule id a misspelt one is closest to, and only a close one", async () => {
    const dir = workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    property-clasification: error\n    no-such-thing: error\n" });
    const { config } = await loadConfig({ cwd: dir });
    const findings = unknownRuleIds(config, "lint", new Set(["property-classification", "naming-convention"]));
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "5:5 meshkit.yaml: unknown rule id `property-clasification` in lint.rules; did you mean `property-classification`? (see docs/rules for the list).",
      "6:5 meshkit.yaml: unknown rule id `no-such-thing` in lint.rules (see docs/rules for the list).",
    ]);
  });
});

describe("withUnknownRuleIds", () => {
  it("reports a misspelt rule id with the schema's findings, in one run, not once those are fixed", async () => {
    const dir = workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    no-such-rule: error\n  bogus: 1\ncompat:\n  rules: [x]\n" });
    const { findings } = withUnknownRuleIds(await loadConfig({ cwd: dir }), "lint", new Set(["naming-convention"]));
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "6:3 meshkit.yaml: unknown property `bogus` in `lint`; remove it",
      "8:10 meshkit.yaml: `rules` must be an object",
      "5:5 meshkit.yaml: unknown rule id `no-such-rule` in lint.rules (see docs/rules for the list).",
    ]);
    // A `rules` that is no mapping names no ids: only the schema's finding.
    expect(withUnknownRuleIds(await loadConfig({ cwd: dir }), "compat", new Set()).findings.map((f) => `${f.line}:${f.column}`)).toEqual(["6:3", "8:10"]);
  });
  it("reports a misspelt rule id of a config whose extends failed, with that failure, in one run", async () => {
    const child = "apiVersion: meshkit/v1\nkind: Config\nextends: platform.yaml\nlint:\n  rules:\n    no-such-rule: error\n";
    const found = async (files: Record<string, string>) => withUnknownRuleIds(await loadConfig({ cwd: workspace(files) }), "lint", new Set(["naming-convention"])).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`);
    const misspelt = "meshkit.yaml:6:5 meshkit.yaml: unknown rule id `no-such-rule` in lint.rules (see docs/rules for the list).";
    expect(await found({ "meshkit.yaml": child })).toEqual(["meshkit.yaml:3:10 meshkit.yaml: extends names a file that does not exist: platform.yaml", misspelt]);
    // The parent the schema refused: its findings, then the ids of both, parent first.
    expect(await found({ "meshkit.yaml": child, "platform.yaml": "apiVersion: meshkit/v1\nkind: Config\nlint:\n  bogus: 1\n  rules: {naming-conventions: warning}\n" })).toEqual([
      "platform.yaml:4:3 platform.yaml: unknown property `bogus` in `lint`; remove it",
      "platform.yaml:5:11 platform.yaml: unknown rule id `naming-conventions` in lint.rules; did you mean `naming-convention`? (see docs/rules for the list).",
      misspelt,
    ]);
  });
  it("gives an empty config, a list or a lone value its own finding, with no rule ids to look for in it", async () => {
    for (const [text, what] of [["", "is empty"], ["# to be written\n", "is empty"], ["- lint\n", "is a YAML list"], ["lint\n", "is a single value"]] as const) {
      const dir = workspace({ "meshkit.yaml": text });
      const { findings } = withUnknownRuleIds(await loadConfig({ cwd: dir }), "lint", new Set(["naming-convention"]));
      expect(findings.map((f) => f.message)).toEqual([expect.stringContaining(`meshkit.yaml: ${what}`)]);
    }
  });
});

describe("unknownIgnoreKinds", () => {
  it("reports a compat.ignore kind that names no change kind at that kind, in the file that wrote it", async () => {
    const dir = workspace({
      "platform.yaml": "apiVersion: meshkit/v1\nkind: Config\ncompat:\n  ignore:\n    - kind: property-removed-optional\n      reason: fine\n",
      "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: platform.yaml\ncompat:\n  ignore:\n    - path: orders.*\n      reason: no kind\n    - kind: property-made-optionl\n      reason: typo\n",
    });
    const { config } = await loadConfig({ cwd: dir });
    const findings = unknownIgnoreKinds(config, new Set(["property-removed-optional", "property-made-optional"]));
    expect(findings).toMatchObject([{ ruleId: "config-invalid", severity: "error", stage: "config", file: "meshkit.yaml", line: 8, column: 13, path: "/compat/ignore/1/kind" }]);
    expect(findings[0]!.message).toBe("meshkit.yaml: unknown change kind `property-made-optionl` in compat.ignore[1].kind, so the entry ignores nothing; did you mean `property-made-optional`? (see docs/compat.md for the kinds).");
  });

  it("names both kinds a family name stands for, spelt right or not, where neither is closer (compat.rules and compat.ignore)", async () => {
    const dir = workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\ncompat:\n  rules:\n    property-removd: off\n  ignore:\n    - kind: property-removed\n      reason: typo\n" });
    const known = new Set(["property-removed-optional", "property-removed-required", "property-renamed"]);
    const { config, findings } = withUnknownRuleIds(await loadConfig({ cwd: dir }), "compat", known);
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("unknown rule id `property-removd` in compat.rules; did you mean `property-removed-optional` or `property-removed-required`? (")]);
    expect(unknownIgnoreKinds(config, known).map((f) => f.message)).toEqual([
      "meshkit.yaml: unknown change kind `property-removed` in compat.ignore[0].kind, so the entry ignores nothing; did you mean `property-removed-optional` or `property-removed-required`? (see docs/compat.md for the kinds).",
    ]);
  });
});

describe("loadConfig: provision and catalog targets", () => {
  it("reads provision.target and catalog.target; the catalog's folder is the file's that names it, and a domain's config overrides the platform's", async () => {
    const dir = workspace({
      "platform/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nprovision:\n  target: postgres\ncatalog:\n  target: dir:catalog\n",
      "domain/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: ../platform/meshkit.yaml\n",
      "other/meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nextends: ../platform/meshkit.yaml\nprovision:\n  target: aws\ncatalog:\n  target: git:../catalog.git#main\n",
    });
    const inherited = (await loadConfig({ cwd: join(dir, "domain") })).config;
    expect([inherited.provision, inherited.catalog]).toEqual([{ target: "postgres" }, { target: { text: "dir:catalog", base: join(dir, "platform") } }]);
    const own = (await loadConfig({ cwd: join(dir, "other") })).config;
    expect([own.provision, own.catalog]).toEqual([{ target: "aws" }, { target: { text: "git:../catalog.git#main", base: join(dir, "other") } }]);
    const none = (await loadConfig({ cwd: workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n" }) })).config;
    expect([none.provision, none.catalog]).toEqual([{}, {}]);
  });

  it.each(["datahub:localhost:8080", "dir: ", "git:#main", "openmetadata:ftp://om"])("refuses the catalog target %j at its value", async (target) => {
    const dir = workspace({ "meshkit.yaml": `apiVersion: meshkit/v1\nkind: Config\ncatalog:\n  target: ${JSON.stringify(target)}\n` });
    expect((await loadConfig({ cwd: dir })).findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([["config-invalid", 4, 11]]);
  });

  it("refuses an unknown provision target and a catalog target of no known kind, at the value", async () => {
    const dir = workspace({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nprovision:\n  target: mars\ncatalog:\n  target: s3://bucket\n" });
    const { findings } = await loadConfig({ cwd: dir });
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([
      ["config-invalid", 4, 11],
      ["config-invalid", 6, 11],
    ]);
  });
});
