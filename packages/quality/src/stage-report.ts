/**
 * A `testContracts` run as a StageReport: its findings, the pass/fail counts and the
 * results file as outputs, and the checks table (measured against promised) in the job summary.
 * Data that cannot be read (`quality-data-unreadable`) makes the step exit 2: a check that could
 * not run is never a pass.
 */
import type { Finding, StageReport } from "@meshkit/core";
import { type QualityMarkdownOptions, renderQualityMarkdown } from "./markdown.js";
import { type ContractTestRun, writeRunResults } from "./project.js";
import { QUALITY_INPUT_RULE_IDS, QUALITY_RULES } from "./rules.js";

/** The outputs this action sets besides runStage's (each is declared in action.yml; checked by action-metadata.test.ts). */
export const CONTRACT_TEST_OUTPUTS = { passed: "passed", failed: "failed", resultsFile: "results-file" } as const;

/** `resultsFile`: an absolute path, or "" for none; `markdown`: how the checks table shows contract files. */
export function contractTestStageReport(test: ContractTestRun, resultsFile: string, markdown: QualityMarkdownOptions = {}): StageReport {
  if (resultsFile) writeRunResults(resultsFile, test.run);
  const { summary } = test.run;
  return {
    findings: test.findings,
    files: test.files,
    rules: QUALITY_RULES,
    inputRuleIds: [...QUALITY_INPUT_RULE_IDS],
    outputs: {
      [CONTRACT_TEST_OUTPUTS.passed]: String(summary.passed),
      // Checks that could not run count as failed: a reader of the output must not take them for passes.
      [CONTRACT_TEST_OUTPUTS.failed]: String(summary.failed + summary.errors),
      [CONTRACT_TEST_OUTPUTS.resultsFile]: resultsFile,
    },
    summary: renderQualityMarkdown(test.run, markdown),
  };
}

/**
 * The lint rule that reports the problem of a contract-test `finding` at the same node, if any: an SLA property
 * meshkit does not know is lint's `sla-property` and contract-test's `quality-not-checked` at its name.
 */
function sameProblemInLint(finding: Finding): string | undefined {
  return finding.ruleId === "quality-not-checked" && /^\/slaProperties\/\d+\/property$/.test(finding.path) ? "sla-property" : undefined;
}

/**
 * `report` without the findings `linted` (lint's report of the same files, run first, as `meshkit ci` does) already
 * has of the same problem at the same node: one problem is said once, as lint says it, or not at all where a
 * `meshkit-disable` comment with its reason silenced lint's. When meshkit.yaml turns the lint rule off, lint says
 * nothing and contract-test's finding stays.
 */
export function withoutLintRepeats(report: StageReport, linted: Pick<StageReport, "findings" | "suppressedInSource">): StageReport {
  const said = new Set([...linted.findings, ...(linted.suppressedInSource ?? [])].map((f) => JSON.stringify([f.ruleId, f.file, f.path])));
  const findings = report.findings.filter((f) => {
    const rule = sameProblemInLint(f);
    return rule === undefined || !said.has(JSON.stringify([rule, f.file, f.path]));
  });
  return findings.length === report.findings.length ? report : { ...report, findings };
}
