import { describe, expect, it } from "vitest";
import { summarize } from "../findings.js";
import { byteLength } from "./common.js";
import { MARKDOWN_COLLAPSE_AFTER, renderMarkdown } from "./markdown.js";
import { SAMPLE_FINDINGS, finding, reportInput } from "./test-support.js";

describe("markdown reporter", () => {
  it("renders heading, verdict, counts and a table per file", () => {
    expect(renderMarkdown(reportInput(SAMPLE_FINDINGS))).toBe(`## contract-lint

❌ **Failed**

1 error, 1 warning, 1 info in 5 files

#### \`contracts/a.yaml\` (2 findings)

| Severity | Location | Rule | Message |
| --- | --- | --- | --- |
| ℹ️ info | 4:7 | [naming-snake-case](https://example.com/naming) | Rename \`orderId\` to \`order_id\`. |
| ❌ error | 10:3 | [odcs-required-field](https://github.com/meshkit/meshkit/blob/main/docs/rules/odcs-required-field.md) | Add \`id\`: every contract needs one. |

#### \`contracts/b.yaml\` (1 finding)

| Severity | Location | Rule | Message |
| --- | --- | --- | --- |
| ⚠️ warning | 2:1 | [odcs-missing-description](https://github.com/meshkit/meshkit/blob/main/docs/rules/odcs-missing-description.md) | Add a description to the contract. |

<sub>meshkit 1.2.3</sub>
`);
  });

  it("passes when there are only warnings, and with nothing to list", () => {
    expect(renderMarkdown(reportInput([SAMPLE_FINDINGS[0]!]))).toContain("✅ **Passed**\n\n0 errors, 1 warning, 0 infos in 5 files");
    expect(renderMarkdown(reportInput([]))).toBe(
      "## contract-lint\n\n✅ **Passed**\n\nno problems in 5 files\n\n<sub>meshkit 1.2.3</sub>\n",
    );
  });

  it("fails on warnings under --fail-on warning, as the exit code does", () => {
    const warningOnly = [SAMPLE_FINDINGS[0]!];
    expect(renderMarkdown(reportInput(warningOnly, { failOn: "warning" }))).toContain("❌ **Failed**\n\n0 errors, 1 warning, 0 infos in 5 files");
    expect(renderMarkdown(reportInput(warningOnly, { failOn: "error" }))).toContain("✅ **Passed**");
    expect(renderMarkdown(reportInput([], { failOn: "warning" }))).toContain("✅ **Passed**");
  });

  it("says a run that stopped (exit 2) stopped, and why, whatever its findings: never Passed on a step that failed", () => {
    // A catalog service that failed after warnings were made: the job summary and a PR comment must not say Passed.
    const stopped = renderMarkdown(reportInput([SAMPLE_FINDINGS[0]!], { error: "orders 1.0.0 (sales): OpenMetadata at http://om:8585: PUT /api/v1/dataProducts answered HTTP 500 *boom* <b>" }));
    expect(stopped).toContain(
      "## contract-lint\n\n⛔ **Stopped**: orders 1.0.0 (sales): OpenMetadata at http://om:8585: PUT /api/v1/dataProducts answered HTTP 500 \\*boom\\* \\<b\\>\n\n0 errors, 1 warning, 0 infos in 5 files",
    );
    expect(stopped).not.toContain("Passed");
    // Stopped before it read a file: the reason, and no "no problems in 0 files" that would read as a pass.
    const before = renderMarkdown({ ...reportInput([], { title: "meshkit lint" }), summary: { errors: 0, warnings: 0, infos: 0, files: 0 }, error: "config file not found: x.yaml" });
    expect(before).toBe("## meshkit lint\n\n⛔ **Stopped**: config file not found: x.yaml\n\n<sub>meshkit 1.2.3</sub>\n");
  });

  it("collapses the tables in <details> above 50 findings", () => {
    const findings = (n: number) =>
      Array.from({ length: n }, (_, i) => finding({ ruleId: "r", file: `f${i % 3}.yaml`, line: i + 1, column: 1 }));
    const few = renderMarkdown(reportInput(findings(MARKDOWN_COLLAPSE_AFTER)));
    expect(few).not.toContain("<details>");
    const lots = renderMarkdown(reportInput(findings(MARKDOWN_COLLAPSE_AFTER + 1)));
    expect(lots).toContain("❌ **Failed**\n\n51 errors, 0 warnings, 0 infos in 5 files");
    expect(lots).toContain("<details>\n<summary>51 findings in 3 files</summary>\n\n#### `f0.yaml` (17 findings)");
    expect(lots).toContain("\n\n</details>\n\n<sub>meshkit 1.2.3</sub>\n");
    expect(lots.split("\n").filter((l) => l.startsWith("| ❌"))).toHaveLength(51);
  });

  it("escapes file names, rule ids and messages", () => {
    const f = finding({
      ruleId: "rule_[x]",
      file: "odd `name` | x.yaml",
      line: 1,
      column: 1,
      message: "use `a|b` not *a* | [link](javascript:x)\r\nnext line ünï 🚀",
      docsUrl: "https://example.com/a (b)",
    });
    const out = renderMarkdown(reportInput([f]));
    expect(out).toContain("#### ``odd `name` | x.yaml`` (1 finding)");
    expect(out).toContain(
      "| ❌ error | 1:1 | [rule\\_\\[x\\]](https://example.com/a%20%28b%29) | use `a\\|b` not \\*a\\* \\| \\[link\\](javascript:x)<br>next line ünï 🚀 |",
    );
  });

  it("stays under the comment size budget", () => {
    const findings = Array.from({ length: 2000 }, (_, i) =>
      finding({ ruleId: "some-rule", file: `dir/file-${i % 40}.yaml`, line: i + 1, column: 1, message: "x".repeat(80) }),
    );
    const input = { ...reportInput(findings), summary: summarize(findings, 40) };
    const out = renderMarkdown(input);
    expect(byteLength(out)).toBeLessThanOrEqual(60_000);
    const shown = out.split("\n").filter((l) => l.startsWith("| ❌")).length;
    expect(out).toContain(`_${2000 - shown} more findings not shown: a comment is limited to 65,536 characters; see the job summary._`);
    expect(out.endsWith("</details>\n\n<sub>meshkit 1.2.3</sub>\n")).toBe(true);
  });

  it("puts the stage's own markdown (a plan, a changelog) before the footer, the whole within the comment budget", () => {
    const plan = "**Plan (local)**: 1 to create.\n\n| action | address |\n|---|---|\n| + create | `sales.orders` |\n";
    // The version line closes the report: between the findings and the plan it read as the end of the page.
    expect(renderMarkdown(reportInput([]), { append: plan })).toBe(`## contract-lint\n\n✅ **Passed**\n\nno problems in 5 files\n\n${plan}\n<sub>meshkit 1.2.3</sub>\n`);
    expect(renderMarkdown(reportInput([]), { append: plan, asSection: true })).toBe(`no problems in 5 files\n\n${plan}`);
    // A long plan beside many findings: each keeps a share, and the comment stays one GitHub accepts.
    const findings = Array.from({ length: 2000 }, (_, i) => finding({ ruleId: "some-rule", file: `f-${i % 40}.yaml`, line: i + 1, column: 1, message: "x".repeat(80) }));
    const rows = Array.from({ length: 5000 }, (_, i) => `| + create | \`t_${i}\` |`).join("\n");
    const out = renderMarkdown({ ...reportInput(findings), summary: summarize(findings, 40) }, { append: `${plan}${rows}\n` });
    expect(byteLength(out)).toBeLessThanOrEqual(60_000);
    expect(out).toContain("more findings not shown");
    expect(out).toContain("**Plan (local)**: 1 to create.");
    expect(out.endsWith("_(cut here: a comment is limited to 65,536 characters; see the job summary.)_\n\n<sub>meshkit 1.2.3</sub>\n")).toBe(true);
  });

  it("escapes only the findings it shows (a comment holds a few hundred rows of any number of findings)", () => {
    let messagesRead = 0;
    const findings = Array.from({ length: 20_000 }, (_, i) => {
      const f = finding({ ruleId: "some-rule", file: `dir/file-${i % 40}.yaml`, line: i + 1, column: 1 });
      return Object.defineProperty(f, "message", { get: () => (messagesRead++, "x".repeat(80)) });
    });
    const out = renderMarkdown({ ...reportInput(findings), summary: summarize(findings, 40) });
    const shown = out.split("\n").filter((l) => l.startsWith("| ❌")).length;
    expect(shown).toBeGreaterThan(100);
    expect(messagesRead).toBeLessThan(2 * shown);
  });
});
