import { describe, expect, it } from "vitest";
import { ExitCode, type Finding, type StageReport } from "@meshkit/core";
import { PR_COMMENT_MARKER, capComment, commentHeadOf, errorStageSection, mergeStageSection, parseStageSections, renderPipelineComment, renderStageSection, skippedStageSection, stageStatus, verdictOf } from "./pr-comment.js";

const TOOL = { name: "meshkit", version: "0.0.0-test" };

function finding(severity: Finding["severity"], ruleId = "some-rule"): Finding {
  return { ruleId, severity, message: `a ${severity} finding`, file: "products/orders/orders.odcs.yaml", line: 12, column: 5, path: "/schema/0", stage: "lint" };
}

function report(findings: Finding[], summary?: string): StageReport {
  return { findings, files: 2, rules: [], ...(summary ? { summary } : {}) };
}

describe("stage sections", () => {
  it("maps exit codes and warnings to statuses", () => {
    expect(stageStatus(ExitCode.ok, 0)).toBe("passed");
    expect(stageStatus(ExitCode.ok, 2)).toBe("warned");
    expect(stageStatus(ExitCode.findings, 0)).toBe("failed");
    expect(stageStatus(ExitCode.badInput, 0)).toBe("error");
  });

  it("folds a passing stage and opens a failing one, with its findings and its own markdown", () => {
    const passed = renderStageSection("contract-lint", report([]), ExitCode.ok, TOOL);
    expect(passed.status).toBe("passed");
    expect(passed.text).toContain("<details>\n<summary>✅ contract-lint: passed</summary>");

    const failed = renderStageSection("schema-compat", report([finding("error", "column-removed")], "## Contract changes\n\nrequires a **major** bump, declared minor."), ExitCode.findings, TOOL);
    expect(failed.status).toBe("failed");
    expect(failed.text).toContain("### ❌ schema-compat: failed");
    expect(failed.text).toContain("column-removed");
    expect(failed.text).toContain("12:5");
    // The stage's own headings sit below the section's.
    expect(failed.text).toContain("#### Contract changes");
    expect(failed.text).toContain("requires a **major** bump, declared minor.");
    expect(failed.text).not.toContain("<details>\n<summary>❌");
  });

  it("keeps a long stage within its share of the comment, with its folds closed", () => {
    const long = Array.from({ length: 3000 }, (_, i) => `<details><summary>check ${i}</summary>\n\n| a | b |\n|---|---|\n| ${i} | x |\n\n</details>`).join("\n");
    const section = renderStageSection("contract-test", report([], long), ExitCode.ok, TOOL, { maxChars: 8000 });
    expect(section.text.length).toBeLessThan(8500);
    expect(section.text).toContain("cut here");
    const opened = section.text.match(/<details>/g)?.length ?? 0;
    const closed = section.text.match(/<\/details>/g)?.length ?? 0;
    expect(closed).toBe(opened);
  });

  it("writes why a stage was skipped as text: it may name a branch", () => {
    const skipped = skippedStageSection("schema-compat", "nothing to compare with: no default branch here (looked for origin/HEAD, @octocat/<details>#7)");
    expect(skipped.text).toContain("nothing to compare with: no default branch here (looked for origin/HEAD, @&#8203;octocat/\\<details\\>\\#&#8203;7).");
  });

  it("reads back the sections it wrote", () => {
    const a = renderStageSection("contract-lint", report([finding("warning")]), ExitCode.ok, TOOL);
    const b = skippedStageSection("catalog-publish", "not published: contract-test failed");
    const comment = renderPipelineComment([b, a], "pull_request");
    expect(parseStageSections(comment)).toEqual([a, b]);
  });
});

describe("the comment", () => {
  const lint = renderStageSection("contract-lint", report([]), ExitCode.ok, TOOL);
  const compat = renderStageSection("schema-compat", report([finding("error")]), ExitCode.findings, TOOL);
  const policy = renderStageSection("policy-check", report([finding("warning")]), ExitCode.ok, TOOL);

  it("starts with the marker and lists sections in pipeline order", () => {
    const comment = renderPipelineComment([policy, lint], "pull_request");
    expect(comment.startsWith(PR_COMMENT_MARKER)).toBe(true);
    expect(comment.indexOf("contract-lint")).toBeLessThan(comment.indexOf("policy-check"));
  });

  it("says what blocks, what passed and what has not reported", () => {
    expect(verdictOf([lint, compat], ["contract-lint", "schema-compat", "policy-check"], "pull_request")).toBe(
      "❌ **Not safe to merge**: `schema-compat` fails. Not reported yet: `policy-check`.",
    );
    expect(verdictOf([lint, policy], ["contract-lint", "schema-compat", "policy-check"], "pull_request")).toBe(
      "⏳ **2 of 3 stages passed** (1 with warnings). Not reported yet: `schema-compat`.",
    );
    expect(verdictOf([lint, policy], ["contract-lint", "policy-check"], "pull_request")).toBe("✅ **Safe to merge**: 2 stages passed (1 with warnings).");
    expect(verdictOf([lint], ["contract-lint"], "push")).toBe("✅ **Released**: 1 stage passed.");
  });

  it("replaces a stage's section in place and keeps the others (a re-run, or the next stage)", () => {
    const first = mergeStageSection(undefined, compat, "pull_request");
    const second = mergeStageSection(first, lint, "pull_request");
    const fixed = renderStageSection("schema-compat", report([]), ExitCode.ok, TOOL);
    const third = mergeStageSection(second, fixed, "pull_request");
    const stages = parseStageSections(third);
    expect(stages.map((s) => [s.stage, s.status])).toEqual([
      ["contract-lint", "passed"],
      ["schema-compat", "passed"],
    ]);
    expect(third.match(/<!-- meshkit:stage schema-compat /g)).toHaveLength(1);
  });
});

describe("document text that spells a section marker", () => {
  it("cannot end a section early and hide the findings after it when the comment is read back and merged", () => {
    const forged = (marker: string): Finding => ({ ...finding("error", "naming-convention"), message: `Property name \`Product ${marker} name\` does not follow snake_case` });
    const hidden = { ...finding("error", "contract-owner"), message: "the finding that must stay" };
    const lint = renderStageSection("contract-lint", report([forged("<!-- /meshkit:stage contract-lint -->"), forged("\n<!-- /meshkit:stage contract-lint -->\n"), hidden], "```\n<!-- /meshkit:stage contract-lint -->\n```"), ExitCode.findings, TOOL);
    const merged = mergeStageSection(mergeStageSection(undefined, lint, "pull_request"), renderStageSection("policy-check", report([]), ExitCode.ok, TOOL), "pull_request");
    const sections = parseStageSections(merged);
    expect(sections.map((s) => [s.stage, s.status])).toEqual([
      ["contract-lint", "failed"],
      ["policy-check", "passed"],
    ]);
    expect(sections[0]!.text).toContain("the finding that must stay");
    expect(sections[0]!.text).toContain("Product <!-- /meshkit\u200b:stage contract-lint --> name");
  });
});

describe("sections per project (jobs run with different working-directories)", () => {
  const lintIn = (project: string | undefined, exitCode: ExitCode = ExitCode.ok) =>
    renderStageSection("contract-lint", report(exitCode === ExitCode.ok ? [] : [finding("error")]), exitCode, TOOL, project ? { project } : {});

  it("keeps one section per stage and project, and replaces only the same project's", () => {
    let body = mergeStageSection(undefined, lintIn("domains/sales"), "pull_request");
    body = mergeStageSection(body, lintIn("domains/finance", ExitCode.findings), "pull_request");
    body = mergeStageSection(body, lintIn(undefined), "pull_request");
    expect(parseStageSections(body).map((s) => [s.stage, s.project, s.status])).toEqual([
      ["contract-lint", undefined, "passed"],
      ["contract-lint", "domains/finance", "failed"],
      ["contract-lint", "domains/sales", "passed"],
    ]);
    expect(body).toContain("### ❌ contract-lint (domains/finance): failed");
    expect(body).toContain("❌ **Not safe to merge**: `contract-lint (domains/finance)` fails.");
    // The finance project's re-run replaces its own section only.
    body = mergeStageSection(body, lintIn("domains/finance"), "pull_request");
    expect(parseStageSections(body).map((s) => [s.project, s.status])).toEqual([
      [undefined, "passed"],
      ["domains/finance", "passed"],
      ["domains/sales", "passed"],
    ]);
    // A stage counts as passed once, when every project's run of it passed.
    expect(body).toContain("⏳ **1 of 5 stages passed**. Not reported yet: `schema-compat`");
  });

  it("is not safe while a project that has reported is still missing stages another project has finished (jobs in parallel)", () => {
    const stageIn = (stage: string, project: string) => renderStageSection(stage, report([]), ExitCode.ok, TOOL, { project });
    let body: string | undefined;
    for (const stage of ["contract-lint", "schema-compat", "policy-check", "contract-test", "provision"]) body = mergeStageSection(body, stageIn(stage, "domains/sales"), "pull_request");
    expect(body).toContain("✅ **Safe to merge**: 5 stages passed.");
    // The finance job has written its first section only: its other four stages have not reported yet.
    body = mergeStageSection(body, stageIn("contract-lint", "domains/finance"), "pull_request");
    expect(body).toContain(
      "⏳ **1 of 5 stages passed**. Not reported yet: `schema-compat (domains/finance)`, `policy-check (domains/finance)`, `contract-test (domains/finance)`, `provision (domains/finance)`.",
    );
    for (const stage of ["schema-compat", "policy-check", "contract-test", "provision"]) body = mergeStageSection(body, stageIn(stage, "domains/finance"), "pull_request");
    expect(body).toContain("✅ **Safe to merge**: 10 stages passed.");
  });

  it("writes a project with spaces or `-->` so that the markers still parse", () => {
    const odd = "data products/--> x";
    const section = errorStageSection("schema-compat", "bad input", odd);
    const parsed = parseStageSections(mergeStageSection(undefined, section, "pull_request"));
    expect(parsed.map((s) => [s.stage, s.project, s.status])).toEqual([["schema-compat", odd, "error"]]);
    expect(section.text.split("\n")[0]).toBe("<!-- meshkit:stage schema-compat in=data%20products%2F--%3E%20x error -->");
  });

  it("names a folded section's project as HTML text: GitHub reads no Markdown in a <summary>", () => {
    const project = "data_products/sales*eu @octocat #12 <b>";
    // Markdown escapes there showed as written (`data\\_products`), and `\\<b\\>` was read as a tag.
    expect(lintIn(project).text).toContain("<summary>✅ contract-lint (data_products/sales*eu @&#8203;octocat #&#8203;12 &lt;b&gt;): passed</summary>");
    // An open section's heading is Markdown: escaped as Markdown.
    expect(lintIn(project, ExitCode.findings).text).toContain("### ❌ contract-lint (data\\_products/sales\\*eu @&#8203;octocat \\#&#8203;12 \\<b\\>): failed");
  });

  it("reads the sections of a comment written before sections had projects", () => {
    const old = "<!-- meshkit:pr-comment -->\n## meshkit\n\n<!-- meshkit:stage contract-lint passed -->\nok\n<!-- /meshkit:stage contract-lint -->\n";
    expect(parseStageSections(old)).toEqual([{ stage: "contract-lint", status: "passed", text: "<!-- meshkit:stage contract-lint passed -->\nok\n<!-- /meshkit:stage contract-lint -->" }]);
  });
});

describe("the comment's commit", () => {
  const A = "a".repeat(40);
  const B = "b".repeat(40);
  const lint = renderStageSection("contract-lint", report([]), ExitCode.ok, TOOL);
  const compat = renderStageSection("schema-compat", report([]), ExitCode.ok, TOOL);
  const policy = renderStageSection("policy-check", report([]), ExitCode.ok, TOOL);

  it("names the head commit on the hidden line after the marker", () => {
    const body = mergeStageSection(undefined, lint, "pull_request", "", A);
    expect(body.startsWith(`${PR_COMMENT_MARKER}\n<!-- meshkit:head ${A} -->\n## meshkit`)).toBe(true);
    expect(commentHeadOf(body)).toBe(A);
    // Without a (valid) head, no such line.
    expect(commentHeadOf(mergeStageSection(undefined, lint, "pull_request"))).toBeUndefined();
    expect(commentHeadOf(mergeStageSection(undefined, lint, "pull_request", "", "main; rm -rf /"))).toBeUndefined();
  });

  it("keeps the other stages' sections for the same commit (the next stage, a re-run)", () => {
    const body = mergeStageSection(mergeStageSection(undefined, lint, "pull_request", "", A), compat, "pull_request", "", A);
    expect(parseStageSections(body).map((s) => s.stage)).toEqual(["contract-lint", "schema-compat"]);
  });

  it("keeps the other stages' sections of a comment edited in GitHub's web editor, which saves it with CRLF line breaks", () => {
    let body = mergeStageSection(undefined, lint, "pull_request", "", A);
    body = mergeStageSection(body, compat, "pull_request", "", A).replace(/\n/g, "\r\n");
    expect(commentHeadOf(body)).toBe(A);
    const next = mergeStageSection(body, policy, "pull_request", "", A);
    expect(parseStageSections(next).map((s) => s.stage)).toEqual(["contract-lint", "schema-compat", "policy-check"]);
    expect(next).toContain("⏳ **3 of 5 stages passed**");
    expect(next).not.toContain("\r");
  });

  it("drops sections of an earlier commit: after a new push, a stage that passed before is not reported yet", () => {
    let body = mergeStageSection(undefined, lint, "pull_request", "", A);
    for (const section of [compat, policy]) body = mergeStageSection(body, section, "pull_request", "", A);
    expect(body).toContain("⏳ **3 of 5 stages passed**");
    const next = mergeStageSection(body, lint, "pull_request", "", B);
    expect(parseStageSections(next).map((s) => s.stage)).toEqual(["contract-lint"]);
    expect(commentHeadOf(next)).toBe(B);
    expect(next).toContain("⏳ **1 of 5 stages passed**. Not reported yet: `schema-compat`, `policy-check`, `contract-test`, `provision`.");
    // A comment that names no commit (an older meshkit's) is not trusted for this one either.
    expect(parseStageSections(mergeStageSection(mergeStageSection(undefined, compat, "pull_request"), lint, "pull_request", "", B)).map((s) => s.stage)).toEqual(["contract-lint"]);
  });
});

describe("errorStageSection", () => {
  it("says the stage could not run, with the step's one-line reason, escaped", () => {
    const section = errorStageSection("schema-compat", 'input "fail-on" must be one of error, warning, not "<b>fatal</b>"\nsecond line');
    expect(section.status).toBe("error");
    expect(section.text).toContain("### ⛔ schema-compat: could not run");
    expect(section.text).toContain('input "fail-on" must be one of error, warning, not "\\<b\\>fatal\\</b\\>" second line');
    expect(verdictOf([section], ["schema-compat"], "pull_request")).toBe("❌ **Not safe to merge**: `schema-compat` could not run.");
  });

  it("lists what a stage found before it stopped under the reason (a catalog that stopped answering part-way), still as could not run", () => {
    const section = errorStageSection("catalog-publish", "DataHub answered HTTP 401", undefined, { report: report([finding("warning", "catalog-target-incomplete")]), tool: TOOL });
    expect(section.status).toBe("error");
    expect(section.text).toMatch(/### ⛔ catalog-publish: could not run\n\nDataHub answered HTTP 401\n\nThe step's log has the details\.\n\nFound before it stopped:\n\n0 errors, 1 warning, 0 infos in 2 files/);
    expect(section.text).toContain("catalog-target-incomplete");
    expect(section.text).toContain("a warning finding");
    // Nothing found: the reason alone, as before.
    expect(errorStageSection("catalog-publish", "x", undefined, { report: report([]), tool: TOOL }).text).not.toContain("Found before it stopped");
  });

  it("keeps a stage that could not run apart from the ones that fail in the verdict, as their sections say", () => {
    const sections = [errorStageSection("schema-compat", "no base"), errorStageSection("contract-test", "no DuckDB")];
    const failing = { ...errorStageSection("contract-lint", "x"), status: "failed" as const };
    expect(verdictOf([failing, ...sections], ["contract-lint", "schema-compat", "contract-test"], "push")).toBe("❌ **Not released**: `contract-lint` fails; `schema-compat`, `contract-test` could not run.");
  });
});

describe("capComment: GitHub refuses a comment body over 65,536 characters", () => {
  it("leaves a comment that fits as it is", () => {
    const body = renderPipelineComment([skippedStageSection("provision", "not run")], "pull_request");
    expect(capComment(body)).toBe(body);
  });

  it("shortens each section of a longer one (more sections than the pipeline has) to its share, closes open folds and says so", () => {
    const big = (stage: string) => ({ stage, status: "passed" as const, text: `<!-- meshkit:stage ${stage} passed -->\n<details>\n<summary>${stage}</summary>\n\n${"- a line of the report\n".repeat(700)}</details>\n<!-- /meshkit:stage ${stage} -->` });
    const body = renderPipelineComment(["a", "b", "c", "d", "e", "f", "g"].map((s) => big(`custom-${s}`)), "pull_request");
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(PR_COMMENT_MARKER)).toBe(true);
    expect(body.match(/_\(cut here: the PR comment is shared by more sections than fit in full; the job summary has it all\.\)_/g)).toHaveLength(7);
    expect(parseStageSections(body).map((s) => s.stage)).toEqual(["a", "b", "c", "d", "e", "f", "g"].map((s) => `custom-${s}`));
    expect((body.match(/<details>/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);
  });

  it("keeps every project's section, and so its failure, when five stages of several projects do not fit (read back by the next stage)", () => {
    // Three projects whose stages each fill their own budget: 15 sections of about 12,000 characters.
    const plan = `## Plan\n\n${Array.from({ length: 400 }, (_, i) => `- create table t${i} ${"y".repeat(40)}`).join("\n")}`;
    const stageIn = (stage: string, project: string, exitCode: ExitCode) =>
      renderStageSection(stage, report(Array.from({ length: 300 }, (_, i) => ({ ...finding("warning"), line: i + 1 })), plan), exitCode, TOOL, { project });
    let body: string | undefined;
    for (const project of ["domains/a", "domains/b", "domains/c"]) {
      for (const stage of ["contract-lint", "schema-compat", "policy-check", "contract-test", "provision"]) {
        const section = stageIn(stage, project, stage === "provision" && project === "domains/c" ? ExitCode.findings : ExitCode.ok);
        body = mergeStageSection(body, section, "pull_request");
        expect(body.length).toBeLessThanOrEqual(65_536);
        // The same section again leaves the comment as it is (a re-run writes nothing).
        expect(mergeStageSection(body, section, "pull_request")).toBe(body);
      }
    }
    expect(parseStageSections(body!)).toHaveLength(15);
    expect(body).toContain("❌ **Not safe to merge**: `provision (domains/c)` fails.");
    // A re-run of another stage reads the comment back: the last project's failing provision is still there.
    body = mergeStageSection(body, stageIn("contract-lint", "domains/a", ExitCode.ok), "pull_request");
    expect(parseStageSections(body)).toHaveLength(15);
    expect(body).toContain("❌ **Not safe to merge**: `provision (domains/c)` fails.");
    expect((body.match(/<details>/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);
  });
});
