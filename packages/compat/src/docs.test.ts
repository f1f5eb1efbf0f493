/*
 * The compat docs cannot drift from the code: every rule has its page, the kinds table in
 * docs/compat.md says what requiredBump says, the rule index lists every id, every page example is
 * valid and produces its rule, and every generated section is what scripts/generate-compat-docs.mjs
 * would write now (run it to fix a failure here).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { defaultConfig, loadText, validateConfigSchema, validateContractSchema, validateProductSchema } from "@meshkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { CLASSIFICATION_ORDER, compareQualityRule, compareSla } from "./guarantees.js";
import * as compat from "./index.js";
import { CHANGE_KINDS, COMPAT_RULES, MODES, type ChangeKindId, type Mode, requiredBump } from "./index.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const read = (path: string): string | undefined => (existsSync(`${root}${path}`) ? readFileSync(`${root}${path}`, "utf8") : undefined);
const FIX = "run `node scripts/generate-compat-docs.mjs`";

/** The library the generator renders from, here from the TypeScript sources. */
const lib = { ...compat, CLASSIFICATION_ORDER, compareQualityRule, compareSla, defaultConfig, loadText, validateContractSchema, validateProductSchema };

// The generator is plain JavaScript: its exports are untyped here.
type Generator = {
  TABLE_MODES: string[];
  EXAMPLES: Record<string, unknown>;
  runExample(lib: unknown, id: string, example: unknown): Promise<{ problems: string[]; findings: { ruleId: string }[] }>;
  compatSections(lib: unknown): Record<string, string>;
  renderRulePage(lib: unknown, rule: unknown): Promise<string>;
  sectionOf(text: string, name: string): string | undefined;
};
let generator: Generator;
beforeAll(async () => {
  generator = (await import(pathToFileURL(`${root}scripts/generate-compat-docs.mjs`).href)) as Generator;
});

const compatDoc = read("docs/compat.md") ?? "";
const compatRules = COMPAT_RULES.filter((r) => r.stage === "compat");

describe("docs/rules pages", () => {
  it.each(COMPAT_RULES.map((r) => r.id))("%s has docs/rules/<id>.md starting with its id", (id) => {
    const page = read(`docs/rules/${id}.md`);
    expect(page, `docs/rules/${id}.md is missing: ${FIX}`).toBeDefined();
    expect(page!.split("\n")[0]).toContain(id);
  });

  it("the rule index lists every compat rule id with a link to its page", () => {
    const index = read("docs/rules/README.md") ?? "";
    const listed = new Set([...index.matchAll(/^\| \[`([^`]+)`\]\(([^)]+)\.md\)/gm)].filter((m) => m[1] === m[2]).map((m) => m[1]));
    expect(COMPAT_RULES.map((r) => r.id).filter((id) => !listed.has(id)), FIX).toEqual([]);
  });

  it("the rule index gives each change kind the level SARIF's metadata says (its level when it breaks)", () => {
    const index = read("docs/rules/README.md") ?? "";
    const documented = new Map([...index.matchAll(/^\| \[`([^`]+)`\]\([^)]+\) \| (\w+)/gm)].map((m) => [m[1], m[2]]));
    const mismatched = CHANGE_KINDS.map((k) => COMPAT_RULES.find((r) => r.id === k.id)!)
      .filter((rule) => documented.get(rule.id) !== rule.defaultSeverity)
      .map((rule) => `${rule.id}: docs ${documented.get(rule.id)}, code ${rule.defaultSeverity}`);
    expect(mismatched).toEqual([]);
  });

  // runCompat applies compat.rules to these (run.ts LEVELLED_RULES) as to the change kinds.
  it.each(["compat-duplicate-id", "compat-base-unreadable", "compat-history-incomplete", "compat-document-invalid"])(
    "%s's page says how compat.rules sets its level",
    (id) => {
      const configure = (read(`docs/rules/${id}.md`) ?? "").split("## Configure")[1] ?? "";
      expect(configure).not.toMatch(/cannot be configured/);
      expect(configure).toMatch(new RegExp(`compat:\\n\\s+rules:\\n\\s+${id}:|compat\\.rules`));
    },
  );

  it("every compat rule page's generated section is up to date", async () => {
    const stale: string[] = [];
    for (const rule of compatRules) {
      const page = read(`docs/rules/${rule.id}.md`) ?? "";
      if (generator.sectionOf(page, "generated") !== (await generator.renderRulePage(lib, rule))) stale.push(rule.id);
    }
    expect(stale, FIX).toEqual([]);
  });
});

describe("docs/compat.md", () => {
  /** The kinds table: one row per change kind, its id and the bump in each mode column. */
  function kindsTable(): { modes: string[]; rows: Map<string, string[]> } {
    const section = generator.sectionOf(compatDoc, "kinds");
    expect(section, "docs/compat.md lacks the <!-- kinds:start/end --> markers").toBeDefined();
    const cells = (line: string) => line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    const [header, , ...body] = section!.split("\n").filter((l) => l.startsWith("|"));
    const modes = cells(header!).slice(1, 5);
    const rows = new Map<string, string[]>();
    for (const line of body) {
      const [kind = "", ...rest] = cells(line);
      rows.set(/`([^`]+)`/.exec(kind)?.[1] ?? kind, rest.slice(0, 4).map((c) => c.replace(/\*/g, "")));
    }
    return { modes, rows };
  }

  it("the kinds table has the forward, backward, full and none columns", () => {
    expect(kindsTable().modes).toEqual(["forward", "backward", "full", "none"]);
  });

  it("the kinds table lists exactly the registry's change kinds", () => {
    expect([...kindsTable().rows.keys()].sort()).toEqual(CHANGE_KINDS.map((k) => k.id).sort());
  });

  it.each(CHANGE_KINDS.map((k) => k.id))("the kinds table row of %s says what requiredBump says", (id) => {
    const { modes, rows } = kindsTable();
    expect(rows.get(id), FIX).toEqual(modes.map((mode) => requiredBump(id as ChangeKindId, mode as Mode)));
  });

  it("names every mode", () => {
    for (const mode of MODES) expect(compatDoc).toContain(`\`${mode}\``);
  });

  it("every generated section is what the code says now", () => {
    const stale = Object.entries(generator.compatSections(lib))
      .filter(([name, content]) => generator.sectionOf(compatDoc, name) !== content)
      .map(([name]) => name);
    expect(stale, FIX).toEqual([]);
  });
});

describe("docs examples", () => {
  it("every compat rule has an example", () => {
    expect(compatRules.map((r) => r.id).filter((id) => !(id in generator.EXAMPLES))).toEqual([]);
  });

  it.each(compatRules.map((r) => r.id))("the %s example is valid ODCS / ODPS and reports its rule", async (id) => {
    const { problems, findings } = await generator.runExample(lib, id, generator.EXAMPLES[id]);
    expect(problems).toEqual([]);
    expect(findings.map((f) => f.ruleId)).toContain(id);
  });

  it("reads a side's files in the order meshkit compat discovers them (sorted by path)", async () => {
    // `meshkit compat` finds orders-copy.odcs.yaml before orders.odcs.yaml ('-' < '.'), so the second
    // document with the id, the one reported, is orders.odcs.yaml: the page must say what the CLI prints.
    const { findings } = await generator.runExample(lib, "compat-duplicate-id", generator.EXAMPLES["compat-duplicate-id"]);
    expect(findings.map((f) => (f as { file?: string }).file)).toEqual(["orders.odcs.yaml"]);
  });

  it("meshkit.yaml snippets in the compat docs are valid config", () => {
    const pages = [compatDoc, ...compatRules.map((r) => read(`docs/rules/${r.id}.md`) ?? "")];
    const snippets = pages.flatMap((page) => [...page.matchAll(/```yaml\n((?:# meshkit\.yaml\n|apiVersion: meshkit\/v1\n)[\s\S]*?)```/g)].map((m) => m[1]!));
    expect(snippets.length).toBeGreaterThanOrEqual(CHANGE_KINDS.length + 2); // a page per kind, version-bump, compat.md
    for (const snippet of snippets) {
      const value = loadText("meshkit.yaml", snippet).documents[0]?.value as Record<string, unknown>;
      const config = { apiVersion: "meshkit/v1", kind: "Config", ...value };
      expect(validateConfigSchema(config).map((issue) => `${issue.pointer}: ${issue.message}`), snippet).toEqual([]);
    }
  });
});
