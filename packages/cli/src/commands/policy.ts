import { POLICY_ENGINE_RULES, runPolicy } from "@meshkit/policy";
import { type RuleMeta, summarize } from "@meshkit/core";
import { type ReportOptions, report } from "../output.js";

export interface PolicyCommandOptions extends ReportOptions {
  policies?: string[];
  params?: string;
  config?: string;
}

/** `meshkit policy`: policy packs over the project's documents; JSON adds PolicyReport-like results. */
export async function policyCommand(paths: string[], options: PolicyCommandOptions, cwd = process.cwd()): Promise<number> {
  const run = await runPolicy({
    cwd,
    paths,
    ...(options.policies?.length ? { policies: options.policies } : {}),
    ...(options.params ? { paramsFile: options.params } : {}),
    ...(options.config ? { configPath: options.config } : {}),
  });
  // The packs' own rule ids, for SARIF rule tables and docs links.
  const seen = new Map<string, RuleMeta>(POLICY_ENGINE_RULES.map((r) => [r.id, r]));
  for (const result of run.results) if (!seen.has(result.rule)) seen.set(result.rule, { id: result.rule, defaultSeverity: "error", stage: "policy", description: `policy ${result.policy}` });
  // One summary: the shared finding counts and the policy results' pass/fail/warn/error/skip/waived.
  return report(run.findings, run.files, [...seen.values()], "policy-check", options, cwd, { results: run.results, summary: { ...summarize(run.findings, run.files), ...run.summary } });
}
