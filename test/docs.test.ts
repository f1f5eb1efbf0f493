import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CATALOG_RULES } from "@meshkit/catalog";
import { COMPAT_RULES } from "@meshkit/compat";
import { LINT_RULES } from "@meshkit/lint";
import { POLICY_ENGINE_RULES, loadPacks } from "@meshkit/policy";
import { ALL_PROVISION_RULES, TARGET_DIALECTS, columnType } from "@meshkit/provision";
import { QUALITY_RULES, TYPE_FAMILIES } from "@meshkit/quality";
import { describe, expect, it } from "vitest";

const docs = fileURLToPath(new URL("../docs/", import.meta.url));
const rulesDir = resolve(docs, "rules");
const baselinePage = resolve(docs, "policies/platform-baseline.md");
const contractTestPage = resolve(docs, "contract-test.md");
const goldenDir = fileURLToPath(new URL("../packages/quality/src/__golden__/", import.meta.url));
const provisionPage = resolve(docs, "provision.md");
const terraformGoldenDir = fileURLToPath(new URL("../packages/provision/src/terraform/__golden__/", import.meta.url));

/** `meshkit policy test` reports it; listed here too in case POLICY_ENGINE_RULES does not (yet) have it. */
const POLICY_TEST_RULE = "policy-test-failed";
const policyEngineIds = [...new Set([...POLICY_ENGINE_RULES.map((r) => r.id), POLICY_TEST_RULE])];

const qualityIds = QUALITY_RULES.map((r) => r.id);

const catalogIds = CATALOG_RULES.map((r) => r.id);

const provisionIds = [...new Set(ALL_PROVISION_RULES.map((r) => r.id))];

const rulePages = () => readdirSync(rulesDir).filter((f) => f.endsWith(".md") && f !== "README.md").map((f) => f.slice(0, -3));

describe("docs/rules", () => {
  it("has no page for a rule id that no stage reports", () => {
    const ids = new Set([...LINT_RULES, ...COMPAT_RULES].map((r) => r.id).concat(policyEngineIds, qualityIds, provisionIds, catalogIds));
    expect(rulePages().filter((page) => !ids.has(page))).toEqual([]);
  });

  it("has a page for every rule policy-check itself reports", () => {
    const pages = new Set(rulePages());
    expect(policyEngineIds.filter((id) => !pages.has(id))).toEqual([]);
  });

  it("has a page for every rule contract-test reports, and a row for it in the table", () => {
    const pages = new Set(rulePages());
    expect(qualityIds.filter((id) => !pages.has(id))).toEqual([]);
    const table = readFileSync(resolve(rulesDir, "README.md"), "utf8");
    expect(qualityIds.filter((id) => !table.includes(`| [\`${id}\`](${id}.md) |`))).toEqual([]);
  });

  it("has a page for every rule provision reports, and a row for it in the table", () => {
    expect(provisionIds.length).toBeGreaterThan(0);
    const pages = new Set(rulePages());
    expect(provisionIds.filter((id) => !pages.has(id))).toEqual([]);
    const table = readFileSync(resolve(rulesDir, "README.md"), "utf8");
    expect(provisionIds.filter((id) => !table.includes(`| [\`${id}\`](${id}.md) |`))).toEqual([]);
  });

  it("lists every rule provision reports in docs/provision.md's rule table, with its default severity", () => {
    // The stage guide's table is where a team reads which findings provision gives; a rule left out of it
    // (provision-no-schema, unique-document-id were) is one they meet with no word of it there.
    const table = readFileSync(provisionPage, "utf8").split(/^## Rules$/m)[1]?.split(/^## /m)[0] ?? "";
    const rowOf = (id: string) => table.split("\n").find((line) => line.startsWith(`| [\`${id}\`](rules/${id}.md) |`));
    const wrong = ALL_PROVISION_RULES.filter((rule) => !rowOf(rule.id)?.split("|")[2]?.includes(rule.defaultSeverity));
    expect([...new Set(wrong.map((r) => r.id))]).toEqual([]);
  });

  it("titles each provision page with its rule id, stage and default severity", () => {
    const wrong = ALL_PROVISION_RULES.filter((rule) => {
      const page = readFileSync(resolve(rulesDir, `${rule.id}.md`), "utf8");
      // (A rule of two stages lists both: `**Stage:** lint, and provision …`.)
      return !page.startsWith(`# ${rule.id}\n`) || !/\*\*Stage:\*\*[^\n]*\bprovision\b/.test(page) || !page.includes(`**Default severity:** ${rule.defaultSeverity}`);
    });
    expect(wrong.map((r) => r.id)).toEqual([]);
  });

  it("titles each contract-test page with its rule id and stage", () => {
    const wrong = qualityIds.filter((id) => {
      const page = readFileSync(resolve(rulesDir, `${id}.md`), "utf8");
      return !page.startsWith(`# ${id}\n`) || !/\*\*Stage:\*\* test\b/.test(page);
    });
    expect(wrong).toEqual([]);
  });
});

describe("docs/policies/platform-baseline.md", () => {
  it("has a section (anchor = rule id) for every rule of the built-in pack", () => {
    // The pack is embedded by the policy package's build (src/generated/builtin-packs.js).
    const { policies, findings } = loadPacks(["builtin:platform-baseline"], process.cwd());
    expect(findings).toEqual([]);
    const ids = policies.flatMap((p) => p.validations.map((v) => v.id));
    expect(ids.length).toBeGreaterThan(0);
    const page = readFileSync(baselinePage, "utf8");
    const anchored = (id: string) => new RegExp(`^#{2,6} \`?${id}\`?\\s*$`, "m").test(page) || page.includes(`id="${id}"`) || page.includes(`name="${id}"`);
    expect(ids.filter((id) => !anchored(id))).toEqual([]);
  });

  it("links every finding of the built-in pack to its section", () => {
    const { policies } = loadPacks(["builtin:platform-baseline"], process.cwd());
    for (const validation of policies.flatMap((p) => p.validations)) {
      expect(validation.docsUrl).toMatch(new RegExp(`/docs/policies/platform-baseline\\.md#${validation.id}$`));
    }
  });
});

/** Relative link targets outside code: regular expressions in code spans look like `[a-z]([a-z])`. */
function missingLinkTargets(file: string): string[] {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t) && !t.startsWith("#"));
  return targets.filter((t) => !existsSync(resolve(dirname(file), t.split("#")[0]!)));
}

describe("policy docs", () => {
  const pages = ["policy.md", "policies/platform-baseline.md", ...policyEngineIds.filter((id) => existsSync(resolve(rulesDir, `${id}.md`))).map((id) => `rules/${id}.md`)];

  it.each(pages)("%s links only to files that exist", (page) => {
    expect(missingLinkTargets(resolve(docs, page))).toEqual([]);
  });
});

describe("contract-test docs", () => {
  const pages = ["contract-test.md", "rules/README.md", ...qualityIds.filter((id) => existsSync(resolve(rulesDir, `${id}.md`))).map((id) => `rules/${id}.md`)];

  it.each(pages)("%s links only to files that exist", (page) => {
    expect(missingLinkTargets(resolve(docs, page))).toEqual([]);
  });

  it("quotes emitted SQL exactly as the golden files have it", () => {
    const page = readFileSync(contractTestPage, "utf8");
    const excerpts = [...page.matchAll(/<!-- golden: ([\w.-]+) -->\n```sql\n([\s\S]*?)```/g)].map((m) => ({ file: m[1]!, sql: m[2]! }));
    expect(excerpts.length).toBeGreaterThan(0);
    expect(excerpts.filter(({ file, sql }) => !readFileSync(resolve(goldenDir, file), "utf8").includes(sql)).map((e) => e.file)).toEqual([]);
  });

  it("maps every type family", () => {
    const page = readFileSync(contractTestPage, "utf8");
    expect(TYPE_FAMILIES.filter((family) => !page.includes(`| \`${family}\` |`))).toEqual([]);
  });
});

describe("provision docs", () => {
  const pages = ["provision.md", "rules/README.md", ...provisionIds.filter((id) => existsSync(resolve(rulesDir, `${id}.md`))).map((id) => `rules/${id}.md`)];

  it.each(pages)("%s links only to files that exist", (page) => {
    expect(missingLinkTargets(resolve(docs, page))).toEqual([]);
  });

  it("quotes rendered Terraform exactly as the golden files have it", () => {
    const page = readFileSync(provisionPage, "utf8");
    const excerpts = [...page.matchAll(/<!-- golden: ([\w./-]+) -->\n```json\n([\s\S]*?)```/g)].map((m) => ({ file: m[1]!, json: m[2]! }));
    expect(excerpts.map((e) => e.file)).toContain("aws/customer.tf.json");
    expect(excerpts.filter(({ file, json }) => !readFileSync(resolve(terraformGoldenDir, file), "utf8").includes(json)).map((e) => e.file)).toEqual([]);
  });

  it("maps every scalar logical type as types.ts does, for every target", () => {
    const page = readFileSync(provisionPage, "utf8");
    const wrong: string[] = [];
    for (const logicalType of ["string", "integer", "number", "boolean", "date", "timestamp", "time", "object"] as const) {
      const row = page.split("\n").find((line) => line.startsWith(`| \`${logicalType}\` |`));
      if (!row) {
        wrong.push(`${logicalType}: no row`);
        continue;
      }
      const cells = row.split("|").slice(2, 2 + TARGET_DIALECTS.length);
      TARGET_DIALECTS.forEach((dialect, i) => {
        const type = columnType(dialect, { logicalType });
        if (!type.ok || !cells[i]?.includes(`\`${type.type}\``)) wrong.push(`${logicalType} ${dialect}: ${type.ok ? type.type : type.problem}`);
      });
    }
    expect(wrong).toEqual([]);
  });
});

describe("catalog docs", () => {
  it("has a page for every rule catalog-publish reports, titled with its id, stage and default severity, and a row in the table", () => {
    expect(catalogIds.length).toBeGreaterThan(0);
    const pages = new Set(rulePages());
    expect(catalogIds.filter((id) => !pages.has(id))).toEqual([]);
    const wrong = CATALOG_RULES.filter((rule) => {
      const page = readFileSync(resolve(rulesDir, `${rule.id}.md`), "utf8");
      return !page.startsWith(`# ${rule.id}\n`) || !/\*\*Stage:\*\* catalog\b/.test(page) || !page.includes(`**Default severity:** ${rule.defaultSeverity}`);
    });
    expect(wrong.map((r) => r.id)).toEqual([]);
    const table = readFileSync(resolve(rulesDir, "README.md"), "utf8");
    expect(catalogIds.filter((id) => !table.includes(`| [\`${id}\`](${id}.md) |`))).toEqual([]);
    const guide = readFileSync(resolve(docs, "catalog.md"), "utf8");
    expect(catalogIds.filter((id) => !guide.includes(`(rules/${id}.md)`))).toEqual([]);
  });

  const pages = ["catalog.md", ...catalogIds.filter((id) => existsSync(resolve(rulesDir, `${id}.md`))).map((id) => `rules/${id}.md`)];

  it.each(pages)("%s links only to files that exist", (page) => {
    expect(missingLinkTargets(resolve(docs, page))).toEqual([]);
  });
});
