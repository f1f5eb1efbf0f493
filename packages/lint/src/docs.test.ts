import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LINT_RULES } from "./engine.js";

const docs = fileURLToPath(new URL("../../../docs/rules/", import.meta.url));

describe("rule documentation", () => {
  it.each(LINT_RULES.map((r) => [r.id, r] as const))("%s has a page that states its id and default severity", (id, rule) => {
    const page = `${docs}${id}.md`;
    expect(existsSync(page), `docs/rules/${id}.md is missing`).toBe(true);
    const text = readFileSync(page, "utf8");
    expect(text.split("\n")[0]).toContain(id);
    expect(text.toLowerCase()).toContain(String(rule.defaultSeverity));
  });

  it("has no page for a rule that does not exist, and an index listing every rule", () => {
    const ids = new Set(LINT_RULES.map((r) => r.id));
    const pages = readdirSync(docs).filter((f) => f.endsWith(".md") && f !== "README.md").map((f) => f.slice(0, -3));
    expect(pages.filter((p) => !ids.has(p))).toEqual([]);
    const index = readFileSync(`${docs}README.md`, "utf8");
    expect([...ids].filter((id) => !index.includes(`(${id}.md)`))).toEqual([]);
  });
});
