import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  type ConfigResult,
  type Finding,
  type MeshkitConfig,
  discoverFiles,
  loadConfig,
  unknownRuleIds,
} from "@meshkit/core";
import { LINT_RULE_IDS, lintSources } from "./engine.js";
import { type LintSource, fileSource } from "./sources.js";

export interface LintResult {
  findings: Finding[];
  /** Number of files linted (documents found, or named explicitly). */
  files: number;
  config: MeshkitConfig;
}

export interface LintOptions {
  cwd: string;
  /** `--config`: otherwise the nearest meshkit.yaml, otherwise the defaults. */
  configPath?: string;
}

/** `meshkit lint [paths...]`: discover, read, lint. */
export async function lintPaths(paths: readonly string[], options: LintOptions): Promise<LintResult> {
  const loaded = await loadLintConfig(options);
  if (loaded.findings.length > 0) return { findings: loaded.findings, files: 0, config: loaded.config };
  const { config } = loaded;
  const targets = (await discoverFiles(paths, config, options.cwd)).map(fileSource);
  // With no paths at the config's own folder the targets are the whole project: no other context to read.
  const wholeProject = paths.length === 0 && resolve(options.cwd) === config.root;
  const context = wholeProject ? [] : await projectContext(config, options.cwd, new Set(targets.map((t) => t.file)), contextFolders(config, paths, options.cwd));
  return { ...lintSources(targets, context, config), config };
}

/**
 * Where the rest of the project is: the config's folder; without a meshkit.yaml there is no project, and
 * the working directory may be a home folder (reading all of it took minutes): the folders of the paths
 * named (a file's own folder), or the working directory when none is named.
 */
function contextFolders(config: MeshkitConfig, paths: readonly string[], cwd: string): string[] {
  if (config.file !== undefined || paths.length === 0) return [config.root];
  return [...new Set(paths.map((path) => resolve(cwd, path)).map((path) => (isFolder(path) ? path : dirname(path))))];
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The config, with rule ids it names that no rule has reported as `config-invalid` at their key. */
export async function loadLintConfig(options: LintOptions): Promise<ConfigResult> {
  const result = await loadConfig(options);
  return { config: result.config, findings: [...result.findings, ...unknownRuleIds(result.config, "lint", LINT_RULE_IDS)] };
}

/** The rest of the project (everything the config covers under `folders`), minus the targets: for cross-file rules. */
export async function projectContext(config: MeshkitConfig, cwd: string, exclude: ReadonlySet<string>, folders: readonly string[] = [config.root]): Promise<LintSource[]> {
  // Without a meshkit.yaml each folder is walked as its own root (the defaults' globs), not found in a walk of the whole working directory.
  const walks = config.file === undefined ? folders.map((folder) => discoverFiles([folder], { ...config, root: folder }, cwd, { allowEmpty: true })) : [discoverFiles([...folders], config, cwd, { allowEmpty: true })];
  // A folder inside another named one is walked twice: each file is context once.
  const files = [...new Map((await Promise.all(walks)).flat().map((f) => [f.path, f])).values()];
  return files.filter((f) => !exclude.has(f.display)).map((f) => fileSource({ ...f, explicit: false }));
}
