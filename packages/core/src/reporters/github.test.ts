import { describe, expect, it } from "vitest";
import { summarize, type Finding, type Severity } from "../findings.js";
import {
  ANNOTATION_LIMITS,
  annotationPropertiesOf,
  escapeWorkflowData,
  escapeWorkflowProperty,
  formatAnnotation,
  renderGithub,
  renderJobSummary,
  selectAnnotations,
} from "./github.js";
import { byteLength } from "./common.js";
import { SAMPLE_FINDINGS, finding, reportInput } from "./test-support.js";

function many(severity: Severity, count: number, file = "c.yaml"): Finding[] {
  return Array.from({ length: count }, (_, i) =>
    finding({ ruleId: `${severity}-rule`, severity, file, line: count - i, column: 1, message: `${severity} ${count - i}` }),
  );
}

describe("github reporter", () => {
  it("prints one workflow command per finding, errors first, then the summary", () => {
    expect(renderGithub(reportInput(SAMPLE_FINDINGS))).toBe(
      [
        "::error file=contracts/a.yaml,line=10,col=3,endLine=10,endColumn=9,title=odcs-required-field::Add `id`: every contract needs one.",
        "::warning file=contracts/b.yaml,line=2,col=1,title=odcs-missing-description::Add a description to the contract.",
        "::notice file=contracts/a.yaml,line=4,col=7,title=naming-snake-case::Rename `orderId` to `order_id`.",
        "✖ 1 error, 1 warning, 1 info in 5 files",
        "",
      ].join("\n"),
    );
  });

  it("escapes data and properties like @actions/core", () => {
    expect(escapeWorkflowData("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext: a, b");
    expect(escapeWorkflowProperty("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext%3A a%2C b");
    const f = finding({
      ruleId: "odd,rule:id",
      file: "./dir,1/we:ird%.yaml",
      line: 0,
      column: 3,
      message: "50% of rows\nhave `::` and , in them 🚀\u001b",
    });
    expect(formatAnnotation(f)).toBe(
      "::error file=dir%2C1/we%3Aird%25.yaml,line=1,col=3,title=odd%2Crule%3Aid::50%25 of rows%0Ahave `::` and , in them 🚀",
    );
  });

  it("keeps a backslash of a Linux file's name, which names another file as a `/`", () => {
    expect(annotationPropertiesOf(finding({ ruleId: "r", file: "dir/a\\b.yaml", line: 1, column: 1 })).file).toBe("dir/a\\b.yaml");
  });

  it("uses notice for info findings and omits end positions it does not have", () => {
    expect(formatAnnotation(finding({ ruleId: "r", severity: "info", file: "a.yaml", line: 2, column: 4 }))).toBe(
      "::notice file=a.yaml,line=2,col=4,title=r::Something is wrong.",
    );
  });

  it("annotates a finding that spans lines at the start of its node: no columns with a range of lines", () => {
    // @actions/core: columns "cannot be sent when startLine and endLine are different values"; the runner
    // calls `line=1,col=1,endLine=13,endColumn=1` invalid and drops both columns.
    const wholeDocument = finding({ ruleId: "contract-owner", file: "multi.odcs.yaml", line: 14, column: 1, endLine: 26, endColumn: 1 });
    expect(formatAnnotation(wholeDocument)).toBe("::error file=multi.odcs.yaml,line=14,col=1,title=contract-owner::Something is wrong.");
    expect(annotationPropertiesOf(wholeDocument)).toEqual({ title: "contract-owner", file: "multi.odcs.yaml", startLine: 14, startColumn: 1 });
    // On one line, the end stays (endLine written too, so that the range is one line for every reader).
    const oneLine = finding({ ruleId: "r", file: "a.yaml", line: 3, column: 5, endColumn: 9 });
    expect(formatAnnotation(oneLine)).toBe("::error file=a.yaml,line=3,col=5,endLine=3,endColumn=9,title=r::Something is wrong.");
  });

  it("caps annotations at GitHub's per-step limit of each level, errors first, most important first", () => {
    const findings = [...many("info", 3), ...many("warning", 12), ...many("error", 25)];
    const selected = selectAnnotations(findings);
    expect(selected.map((f) => f.severity)).toEqual([
      ...Array(10).fill("error"),
      ...Array(10).fill("warning"),
      ...Array(3).fill("info"),
    ]);
    // Within a level, report order (file, line).
    expect(selected.slice(0, 3).map((f) => f.line)).toEqual([1, 2, 3]);
    expect(ANNOTATION_LIMITS).toEqual({ perStep: { error: 10, warning: 10, notice: 10 }, perJob: 50 });
    expect(selectAnnotations(findings, 12)).toHaveLength(12);
    expect(selectAnnotations(many("info", 15))).toHaveLength(10);

    const out = renderGithub(reportInput(findings));
    const commands = out.split("\n").filter((l) => l.startsWith("::"));
    expect(commands).toHaveLength(23);
    expect(commands.filter((l) => l.startsWith("::error "))).toHaveLength(10);
    expect(out).toContain(
      "17 more findings in the job summary (GitHub shows at most 10 error, 10 warning and 10 notice annotations per step)\n",
    );
    expect(renderGithub(reportInput(many("error", 11)))).toContain("\n1 more finding in the job summary");
    expect(renderGithub(reportInput(SAMPLE_FINDINGS))).not.toContain("more finding");
  });

  it("annotates every finding when no job summary lists the rest (-f github outside a runner), and claims no summary", () => {
    const findings = [...many("error", 12), ...many("warning", 11)];
    const out = renderGithub({ ...reportInput(findings), jobSummary: false });
    expect(out.split("\n").filter((l) => l.startsWith("::"))).toHaveLength(23);
    expect(out).not.toContain("job summary");
  });

  it("prints only the summary when there is nothing to annotate", () => {
    expect(renderGithub(reportInput([]))).toBe("✔ no problems in 5 files\n");
  });

  it("annotates a run that stopped with why, as setFailed does, within the step's error annotations", () => {
    const error = "config file not found: 100% gone, a:b\nsecond line";
    // Stopped before any finding: the error alone, no "no problems" line that reads as a pass.
    const before = { ...reportInput([], { title: "meshkit lint" }), summary: { errors: 0, warnings: 0, infos: 0, files: 0 }, error };
    expect(renderGithub(before)).toBe("::error title=meshkit lint::config file not found: 100%25 gone, a:b%0Asecond line\n");
    // Stopped after findings (terraform failed after the plan): the error first, then as many error findings as GitHub still shows.
    const out = renderGithub({ ...reportInput(many("error", 12), { title: "provision plan (aws)" }), error: "terraform failed" });
    const commands = out.split("\n").filter((l) => l.startsWith("::"));
    expect(commands[0]).toBe("::error title=provision plan (aws)::terraform failed");
    expect(commands).toHaveLength(ANNOTATION_LIMITS.perStep.error);
    expect(out).toContain("✖ 12 errors, 0 warnings, 0 infos in 5 files\n3 more findings in the job summary");
  });
});

describe("job summary", () => {
  it("lists every finding in one table with rules linked to their docs", () => {
    expect(renderJobSummary(reportInput(SAMPLE_FINDINGS))).toBe(
      `## contract-lint

❌ **Failed**

1 error, 1 warning, 1 info in 5 files

| Severity | Rule | Location | Message |
| --- | --- | --- | --- |
| ℹ️ info | [naming-snake-case](https://example.com/naming) | \`contracts/a.yaml:4:7\` | Rename \`orderId\` to \`order_id\`. |
| ❌ error | [odcs-required-field](https://github.com/meshkit/meshkit/blob/main/docs/rules/odcs-required-field.md) | \`contracts/a.yaml:10:3\` | Add \`id\`: every contract needs one. |
| ⚠️ warning | [odcs-missing-description](https://github.com/meshkit/meshkit/blob/main/docs/rules/odcs-missing-description.md) | \`contracts/b.yaml:2:1\` | Add a description to the contract. |

<sub>meshkit 1.2.3</sub>
`,
    );
  });

  it("has every finding even when annotations were capped", () => {
    const findings = many("error", 40);
    const summary = renderJobSummary(reportInput(findings));
    expect(summary.split("\n").filter((l) => l.startsWith("| ❌ error"))).toHaveLength(40);
  });

  it("escapes pipes and line breaks in table cells", () => {
    const f = finding({ ruleId: "r", file: "a|b.yaml", line: 1, column: 1, message: "x | y\nz <b>bold</b> `a|b`" });
    const row = renderJobSummary(reportInput([f])).split("\n").find((l) => l.startsWith("| ❌"));
    expect(row).toBe(
      "| ❌ error | [r](https://github.com/meshkit/meshkit/blob/main/docs/rules/r.md) | `a\\|b.yaml:1:1` | x \\| y<br>z \\<b\\>bold\\</b\\> `a\\|b` |",
    );
  });

  it("passes with no table when there are no findings", () => {
    expect(renderJobSummary(reportInput([], { title: undefined }))).toBe(
      "## meshkit\n\n✅ **Passed**\n\nno problems in 5 files\n\n<sub>meshkit 1.2.3</sub>\n",
    );
  });

  it("says Failed for warnings under --fail-on warning, as the step's exit code does", () => {
    expect(renderJobSummary(reportInput([SAMPLE_FINDINGS[0]!], { failOn: "warning" }))).toContain("❌ **Failed**\n\n0 errors, 1 warning, 0 infos in 5 files");
  });

  it("lists waived failures in a table of their own, waiver text escaped (it comes with the pull request)", () => {
    const waived = {
      ...finding({ ruleId: "pii-protection", file: "a|b.odcs.yaml", line: 7, column: 5, message: "email is stored in clear" }),
      suppression: { approver: "<img src=https://evil.example/p.png> jane", expires: "2999-01-31", justification: "ok\n<!-- /meshkit:stage policy-check -->\n**bold**" },
    };
    const out = renderJobSummary({ ...reportInput([]), suppressed: [waived] });
    expect(out).toContain("✅ **Passed**");
    expect(out).toContain("#### Waived (1 failure)\n\n| Location | Rule | Message | Waiver |");
    const row = out.split("\n").find((line) => line.startsWith("| `a"))!;
    expect(row).toBe(
      "| `a\\|b.odcs.yaml:7:5` | [pii-protection](https://github.com/meshkit/meshkit/blob/main/docs/rules/pii-protection.md) | email is stored in clear | waived by \\<img src=https://evil.example/p.png\\> jane until 2999-01-31: ok<br>\\<\\!-- /meshkit:stage policy-check --\\><br>\\*\\*bold\\*\\* |",
    );
    // Every `<` of the waiver is backslash-escaped: GitHub renders neither the tag nor the comment.
    expect(row.replace(/<br>/g, "")).not.toMatch(/(?<!\\)</);
  });

  it("adds the stage's own markdown after the findings, within the whole budget, cutting it at a line", () => {
    const long = Array.from({ length: 400 }, (_, i) => `- change ${i}`).join("\n");
    const out = renderJobSummary(reportInput(SAMPLE_FINDINGS), { append: long, maxBytes: 4_000 });
    expect(byteLength(out)).toBeLessThanOrEqual(4_000);
    expect(out.indexOf("| ❌ error")).toBeLessThan(out.indexOf("- change 0\n"));
    expect(out).not.toContain("- change 399");
    // The version footer closes the summary, after the stage's own table, not between it and the findings.
    expect(out.endsWith("_(cut here: a step summary is limited to 1 MiB.)_\n\n<sub>meshkit 1.2.3</sub>\n")).toBe(true);
    expect(renderJobSummary(reportInput([]), { append: "| passed | failed |\n|---:|---:|\n| 4 | 0 |\n" })).toMatch(/\n\| 4 \| 0 \|\n\n<sub>meshkit 1\.2\.3<\/sub>\n$/);
  });

  it("cuts rows rather than exceed the size budget, and says so", () => {
    const findings = many("warning", 500);
    const input = { ...reportInput(findings), summary: summarize(findings, 1) };
    const out = renderJobSummary(input, { maxBytes: 4_000 });
    expect(byteLength(out)).toBeLessThanOrEqual(4_000);
    const shown = out.split("\n").filter((l) => l.startsWith("| ⚠️")).length;
    expect(shown).toBeGreaterThan(10);
    expect(out).toContain(`_${500 - shown} more findings not shown: a step summary is limited to 1 MiB._`);
  });

  it("escapes only the findings its table shows", () => {
    let messagesRead = 0;
    const findings = Array.from({ length: 20_000 }, (_, i) => {
      const f = finding({ ruleId: "r", severity: "warning", file: "a.yaml", line: i + 1, column: 1 });
      return Object.defineProperty(f, "message", { get: () => (messagesRead++, "x".repeat(200)) });
    });
    const out = renderJobSummary({ ...reportInput(findings), summary: summarize(findings, 1) }, { maxBytes: 20_000 });
    const shown = out.split("\n").filter((l) => l.startsWith("| ⚠️")).length;
    expect(shown).toBeGreaterThan(10);
    expect(messagesRead).toBeLessThan(2 * shown);
  });
});
