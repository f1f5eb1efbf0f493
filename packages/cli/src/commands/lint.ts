import { LINT_RULES, lintPaths } from "@meshkit/lint";
import { type ReportOptions, report } from "../output.js";

export interface LintCommandOptions extends ReportOptions {
  config?: string;
}

export async function lintCommand(paths: string[], options: LintCommandOptions, cwd = process.cwd()): Promise<number> {
  const { findings, suppressed, files } = await lintPaths(paths, { cwd, configPath: options.config });
  return report(findings, files, LINT_RULES, "contract-lint", options, cwd, { suppressedInSource: suppressed });
}
