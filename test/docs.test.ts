import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { COMPAT_RULES } from "@meshkit/compat";
import { LINT_RULES } from "@meshkit/lint";
import { describe, expect, it } from "vitest";

const docs = fileURLToPath(new URL("../docs/rules/", import.meta.url));

describe("docs/rules", () => {
  it("has no page for a rule id that no stage reports", () => {
    const ids = new Set([...LINT_RULES, ...COMPAT_RULES].map((r) => r.id));
    const pages = readdirSync(docs).filter((f) => f.endsWith(".md") && f !== "README.md").map((f) => f.slice(0, -3));
    expect(pages.filter((page) => !ids.has(page))).toEqual([]);
  });
});
