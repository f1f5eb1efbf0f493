import { resolve } from "node:path";
import {
  type ConfigResult,
  type Finding,
  type InSourceSuppressedFinding,
  type MeshkitConfig,
  UsageError,
  discoverContextFiles,
  discoverFiles,
  filesWithFindings,
  loadConfig,
  missingConfigPack,
  projectFolder,
  realPathOf,
  unmatchedInclude,
  withLintedRuleIds,
} from "@meshkit/core";
import { LINT_RULE_IDS, lintSources } from "./engine.js";
import { type LintSource, fileSource } from "./sources.js";
import type { FileLabel } from "./rule.js";

export interface LintResult {
  findings: Finding[];
  /** Findings a `meshkit-disable-next-line` comment suppressed (SARIF and JSON show them; nothing counts them). */
  suppressed: InSourceSuppressedFinding[];
  /** Number of files linted (documents found, or named explicitly). */
  files: number;
  config: MeshkitConfig;
}

export interface LintOptions {
  cwd: string;
  /** `--config`: otherwise the nearest meshkit.yaml, otherwise the defaults. */
  configPath?: string;
  /**
   * How messages name other files (default: as findings do, from `cwd`): a report showing findings' files from
   * the workspace (GitHub annotations, SARIF in a step below it) passes that mapping (see FileLabel).
   */
  displayFile?: FileLabel;
}

/** `meshkit lint [paths...]`: discover, read, lint. */
export async function lintPaths(paths: readonly string[], options: LintOptions): Promise<LintResult> {
  const loaded = await loadLintConfig(options);
  if (loaded.findings.length > 0) return { findings: loaded.findings, suppressed: [], files: filesWithFindings(loaded.findings), config: loaded.config };
  const { config } = loaded;
  const targetFiles = await discoverFiles(paths, config, options.cwd);
  const targets = targetFiles.map(fileSource);
  // With no paths at the project's folder (or, outside any project, the config's) the targets are the whole
  // project: no other context to read.
  const wholeProject = paths.length === 0 && resolve(options.cwd) === (projectFolder(config) ?? config.root);
  const context = wholeProject ? [] : await projectContext(config, options.cwd, new Set(targetFiles.map((f) => realPathOf(f.path))), paths);
  const outcome = lintSources(targets, context, config, options.displayFile ? { displayFile: options.displayFile } : {});
  // Folders or globs named whose files are none of meshkit's documents: "no problems in 0 files" would
  // read as a pass (a mistyped folder, a files.include that misses). Files named are always linted.
  if (paths.length > 0 && targets.length > 0 && outcome.files === 0 && outcome.findings.length === 0) {
    throw new UsageError(`nothing to lint in ${paths.join(", ")}: ${targets.length === 1 ? "its file is" : `its ${targets.length} files are`} no ODCS contract, ODPS product or meshkit document`);
  }
  // meshkit.yaml itself and a policy pack's files, which globs such as `*.yaml` select too, are no contract or
  // product: a run that linted only those checked nothing the globs are for (as every other command counts).
  const unmatched = paths.length === 0 && outcome.selected === 0 ? unmatchedInclude(config, options.cwd, "lint") : undefined;
  if (unmatched) return { ...outcome, findings: [unmatched, ...outcome.findings], config };
  return { ...outcome, config };
}

/**
 * The config, with rule ids it names that no rule has, and the first of its `policy.packs` that is not there (an
 * unknown built-in name, a missing folder), reported as `config-invalid` at their key: the packs are the policy
 * stage's, but a pack misspelt in meshkit.yaml is the config's mistake, and lint is what checks the config.
 */
export async function loadLintConfig(options: LintOptions): Promise<ConfigResult> {
  const loaded = withLintedRuleIds(await loadConfig(options), LINT_RULE_IDS);
  const pack = missingConfigPack(loaded.config, options.cwd);
  return pack ? { ...loaded, findings: [...loaded.findings, pack] } : loaded;
}

/**
 * The rest of the project around `paths` (see discoverContextFiles), minus the targets: for cross-file rules.
 * `targets` are real paths (realPathOf): a target named through a link still takes the file it leads to out of
 * the context, else that file would be a second document with the target's id.
 */
export async function projectContext(config: MeshkitConfig, cwd: string, targets: ReadonlySet<string>, paths: readonly string[] = []): Promise<LintSource[]> {
  const files = await discoverContextFiles(paths, config, cwd);
  return files.filter((f) => !targets.has(realPathOf(f.path))).map((f) => fileSource({ ...f, explicit: false }));
}

