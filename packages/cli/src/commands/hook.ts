import { join } from "node:path";
import { LINT_RULES, bytesSource, lintSources, loadLintConfig, projectContext } from "@meshkit/lint";
import { UsageError, configGlobFilter, displayPath, gitTopLevel, stagedBlobs, stagedPaths } from "@meshkit/core";
import { type ReportOptions, report } from "../output.js";

export const HOOK_NAMES = ["pre-commit"] as const;

/** `meshkit hook <name>`: what the installed git hooks run. */
export async function hookCommand(name: string, options: ReportOptions & { config?: string }, cwd = process.cwd()): Promise<number> {
  if (name !== "pre-commit") throw new UsageError(`unknown hook ${name}; known hooks: ${HOOK_NAMES.join(", ")}`);
  return preCommit(options, cwd);
}

/**
 * Lints the staged version of each staged contract or product: the content that will be committed,
 * even when the working tree has other edits. The rest of the repository is context for cross-file rules.
 */
async function preCommit(options: ReportOptions & { config?: string }, cwd: string): Promise<number> {
  const top = await gitTopLevel(cwd);
  const { config, findings: configFindings } = await loadLintConfig({ cwd: top, configPath: options.config });
  if (configFindings.length > 0) return report(configFindings, 0, LINT_RULES, "pre-commit", options, cwd);

  const candidates = (await stagedPaths(top)).filter(configGlobFilter(config, top));
  if (candidates.length === 0) return 0;
  const blobs = await stagedBlobs(top, candidates);
  const targets = [...blobs].map(([path, bytes]) => bytesSource(displayPath(join(top, path), cwd), bytes));
  const context = await projectContext(config, cwd, new Set(targets.map((t) => t.file)));
  const { findings, files } = lintSources(targets, context, config);
  if (files === 0) return 0;
  return report(findings, files, LINT_RULES, "pre-commit", { ...options, format: options.format ?? "text" }, cwd);
}
