import { LINT_RULES, lintPaths } from "@meshkit/lint";
import { type ReportOptions, parseFormat, report, reportedFile } from "../output.js";

export interface LintCommandOptions extends ReportOptions {
  config?: string;
}

export async function lintCommand(paths: string[], options: LintCommandOptions, cwd = process.cwd()): Promise<number> {
  // Files named in messages (`is also used by …`) read as the report shows findings' files (from the workspace, in a GitHub Actions step below it).
  const displayFile = reportedFile(parseFormat(options.format, process.stdout), cwd);
  const { findings, suppressed, files } = await lintPaths(paths, { cwd, configPath: options.config, displayFile });
  return report(findings, files, LINT_RULES, "contract-lint", options, cwd, { suppressedInSource: suppressed });
}
