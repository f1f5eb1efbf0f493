import { POLICY_ENGINE_RULES, POLICY_INPUT_RULE_IDS, POLICY_TEST_RULE_ID, renderPolicySummary, renderPolicyTestSummary, runPolicy, testPolicies } from "@meshkit/policy";
import { plural, summarize } from "@meshkit/core";
import { type ReportOptions, report } from "../output.js";

export interface PolicyCommandOptions extends ReportOptions {
  policies?: string[];
  params?: string;
  config?: string;
}

function packOptions(options: PolicyCommandOptions) {
  return {
    ...(options.policies?.length ? { policies: options.policies } : {}),
    ...(options.params ? { paramsFile: options.params } : {}),
    ...(options.config ? { configPath: options.config } : {}),
  };
}

/** `meshkit policy`: policy packs over the project's documents; JSON adds PolicyReport-like results. */
export async function policyCommand(paths: string[], options: PolicyCommandOptions, cwd = process.cwd()): Promise<number> {
  const run = await runPolicy({ cwd, paths, ...packOptions(options) });
  // One summary: the shared finding counts and the policy results' pass/fail/warn/error/skip/waived.
  const extra = { results: run.results, summary: { ...summarize(run.findings, run.files), ...run.summary } };
  return report(run.findings, run.files, run.rules, "policy-check", options, cwd, { extra, inputRuleIds: POLICY_INPUT_RULE_IDS, suppressed: run.waived, summary: () => renderPolicySummary(run.summary) });
}

/** `meshkit policy test`: a pack's fixtures against their `# expect:` lines, like `conftest verify`. */
export async function policyTestCommand(dirs: string[], options: PolicyCommandOptions, cwd = process.cwd()): Promise<number> {
  const run = await testPolicies({ cwd, dirs, ...packOptions(options) });
  const extra = { fixtures: run.fixtures, expectations: run.expectations, passed: run.passed };
  if (options.format === undefined || options.format === "text") {
    process.stderr.write(`policy test: ${plural(run.fixtures, "fixture")}, ${run.passed} of ${plural(run.expectations, "expectation")} met\n`);
  }
  // markdown and the job summary (-f github) count the fixtures and expectations too, as that stderr line does.
  // No fixture was tested (a pack or meshkit.yaml at fault stopped the run): the files at fault count, as in
  // `meshkit policy`, not "1 error in 0 files", which would say the error is nowhere.
  const files = run.fixtures > 0 ? run.fixtures : new Set(run.findings.map((f) => f.file)).size;
  return report(run.findings, files, POLICY_ENGINE_RULES, "policy test", options, cwd, {
    extra,
    inputRuleIds: POLICY_INPUT_RULE_IDS,
    summary: () => renderPolicyTestSummary(run),
    // JUnit: one test case per expectation, met or not, as a test runner lists its tests.
    testCases: { ruleId: POLICY_TEST_RULE_ID, cases: run.cases },
  });
}
