import { existsSync, readFileSync } from "node:fs";
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

  it("lists every lint rule in the index", () => {
    const index = readFileSync(`${docs}README.md`, "utf8");
    expect(LINT_RULES.map((r) => r.id).filter((id) => !index.includes(`(${id}.md)`))).toEqual([]);
  });

});
