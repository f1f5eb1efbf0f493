import { join } from "node:path";
import { BUILTIN_POLICY_PACKS, defaultConfig } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { BUILTIN_PACKS } from "./generated/builtin-packs.js";
import { type PackFiles, packsFor } from "./load.js";

describe("built-in packs", () => {
  it("are the ones core names (which meshkit lint checks policy.packs against)", () => {
    expect([...BUILTIN_POLICY_PACKS].sort()).toEqual(Object.keys(BUILTIN_PACKS).sort());
  });
});

const POLICY = "apiVersion: meshkit/v1\nkind: Policy\nmetadata:\n  name: owned\nspec:\n  match:\n    kinds: [DataContract]\n  validations:\n    - id: owned\n      expression: has(object.team)\n      message: no team\n";

/** Files held in memory, as the pre-commit hook gives the git index's: nothing of them is on disk. */
function memoryFiles(files: Record<string, string>): PackFiles {
  const below = (folder: string) => Object.keys(files).filter((file) => file.startsWith(`${folder}/`));
  return {
    kind: (path) => (path in files ? "file" : below(path).length > 0 ? "folder" : undefined),
    list: (folder) => below(folder).map((file) => file.slice(folder.length + 1)),
    read: (path) => files[path]!,
  };
}

describe("packsFor with the files to read packs from", () => {
  const root = "/nowhere/repo";
  const config = (packs: string[]) => ({ ...defaultConfig(root), policy: { ...defaultConfig(root).policy, packs } });

  it("loads a pack folder from the files given, not from disk (the pre-commit hook's index)", () => {
    const loaded = packsFor(undefined, config([join(root, "policies")]), root, memoryFiles({ [join(root, "policies/owned.yaml")]: POLICY, [join(root, "policies/tests/fixture.yaml")]: "not: a policy" }));
    expect(loaded.findings).toEqual([]);
    expect(loaded.policies.map((p) => p.name)).toEqual(["owned"]);
  });

  it("reports a policy that does not compile, and a pack that is not among the files, as it does on disk", () => {
    const broken = packsFor(undefined, config([join(root, "policies")]), root, memoryFiles({ [join(root, "policies/owned.yaml")]: POLICY.replace("has(object.team)", "has(object.team) +") }));
    expect(broken.findings.map((f) => f.ruleId)).toEqual(["policy-invalid"]);
    expect(() => packsFor(undefined, config([join(root, "policies")]), root, memoryFiles({}))).toThrow(/policy pack not found/);
  });
});

describe("a `kind: Policy` document of another apiVersion", () => {
  const root = "/nowhere/repo";
  it.each(["meshkit.dev/v1", "admissionregistration.k8s.io/v1", "meshkit/v2"])("is policy-invalid at its apiVersion for %s, not a pack that holds no policy", (apiVersion) => {
    const file = join(root, "policies/owned.yaml");
    const loaded = packsFor([join(root, "policies")], defaultConfig(root), root, memoryFiles({ [file]: POLICY.replace("meshkit/v1", apiVersion) }));
    expect(loaded.findings.map((f) => [f.ruleId, f.line, f.message])).toEqual([["policy-invalid", 1, `Policy apiVersion "${apiVersion}" is not supported; use meshkit/v1.`]]);
  });

  it("is policy-invalid when it has no apiVersion", () => {
    const file = join(root, "policies/owned.yaml");
    const loaded = packsFor([join(root, "policies")], defaultConfig(root), root, memoryFiles({ [file]: POLICY.replace("apiVersion: meshkit/v1\n", "") }));
    expect(loaded.findings.map((f) => [f.ruleId, f.message])).toEqual([["policy-invalid", "Policy has no apiVersion; use meshkit/v1."]]);
  });
});
