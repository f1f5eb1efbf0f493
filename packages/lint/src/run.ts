import {
  type ConfigResult,
  type DiscoveredFile,
  type Finding,
  type MeshkitConfig,
  discoverFiles,
  loadConfig,
  mayBeMeshkitDocument,
  readSourceFile,
} from "@meshkit/core";
import { LINT_RULE_IDS, type LintSource, lintSources } from "./engine.js";

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
  const targets = await readSources(await discoverFiles(paths, config, options.cwd));
  const context = await projectContext(config, options.cwd, new Set(targets.map((t) => t.file)));
  return { findings: lintSources(targets, context, config), files: targets.length, config };
}

/** The config, with rule ids it names that no rule has reported as `config-invalid` at their key. */
export async function loadLintConfig(options: LintOptions): Promise<ConfigResult> {
  const result = await loadConfig(options);
  const unknown: Finding[] = [];
  for (const doc of result.config.sources) {
    const rules = (doc.value as { lint?: { rules?: Record<string, unknown> } }).lint?.rules ?? {};
    for (const id of Object.keys(rules)) {
      if (LINT_RULE_IDS.has(id)) continue;
      unknown.push(
        doc.finding({ ruleId: "config-invalid", severity: "error", message: `meshkit.yaml: unknown rule id \`${id}\` in lint.rules (see docs/rules for the list).`, path: `/lint/rules/${id.replace(/~/g, "~0").replace(/\//g, "~1")}`, target: "key", stage: "config" }),
      );
    }
  }
  return { config: result.config, findings: [...result.findings, ...unknown] };
}

/** The rest of the project (everything the config covers), minus the targets: for cross-file rules. */
export async function projectContext(config: MeshkitConfig, cwd: string, exclude: ReadonlySet<string>): Promise<LintSource[]> {
  const files = await discoverFiles([config.root], config, cwd);
  return readSources(files.filter((f) => !exclude.has(f.display)).map((f) => ({ ...f, explicit: false })));
}

const READ_CONCURRENCY = 32;

/**
 * Reads files with bounded concurrency. A discovered file is kept only if its text can be a meshkit
 * document: a folder of thousands of other YAML files costs one read and one regex each.
 */
export async function readSources(files: readonly DiscoveredFile[]): Promise<LintSource[]> {
  const out: (LintSource | undefined)[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const file = files[i]!;
      const read = await readSourceFile(file.path, file.display);
      if (read.ok) {
        out[i] = file.explicit || mayBeMeshkitDocument(read.text) ? { file: file.display, explicit: file.explicit, text: read.text } : undefined;
      } else {
        // Unreadable discovered files are reported only when they look like ours; explicit ones always.
        out[i] = file.explicit || read.finding.ruleId === "file-unreadable" ? { file: file.display, explicit: file.explicit, finding: read.finding } : undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  return out.filter((s): s is LintSource => s !== undefined);
}
