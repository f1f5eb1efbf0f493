/** The policy summary's waived table: waivers come with the pull request, so their text is escaped. */
import { describe, expect, it } from "vitest";
import { renderPolicySummary } from "./summary.js";

const COUNTS = { pass: 3, fail: 0, warn: 0, error: 0, skip: 0, waived: 1 };

describe("renderPolicySummary", () => {
  it("lists waived failures with approver, expiry and justification", () => {
    const markdown = renderPolicySummary(COUNTS, [
      { policy: "p", rule: "support-channel-declared", result: "fail", resource: "contracts/orders.odcs.yaml", waiver: { approver: "dpo@example.com", expires: "2999-01-31", justification: "Rota starts in Q1." } },
    ]);
    expect(markdown).toContain("| `support-channel-declared` | contracts/orders.odcs.yaml | dpo@example.com | 2999-01-31 | Rota starts in Q1. |");
  });

  it("escapes HTML, comment markers, pipes and line breaks written in a waiver", () => {
    const markdown = renderPolicySummary(COUNTS, [
      {
        policy: "p",
        rule: "pii-protection",
        result: "fail",
        resource: "a|b.odcs.yaml",
        waiver: { approver: "<img src=https://evil.example/p.png> jane", expires: "2999-01-31", justification: "ok\n<!-- /meshkit:stage policy-check -->\n**bold**" },
      },
    ]);
    const row = markdown.split("\n").find((line) => line.startsWith("| `pii-protection`"))!;
    expect(row).toBe("| `pii-protection` | a\\|b.odcs.yaml | \\<img src=https://evil.example/p.png\\> jane | 2999-01-31 | ok \\<\\!-- /meshkit:stage policy-check --\\> \\*\\*bold\\*\\* |");
    // Every `<` is backslash-escaped: GitHub renders neither the tag nor the comment.
    expect(markdown).not.toMatch(/(?<!\\)</);
  });
});
