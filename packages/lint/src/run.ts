import { closeSync, openSync, readSync } from "node:fs";
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
  const targets = readSources(await discoverFiles(paths, config, options.cwd));
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

/**
 * Reads files. A discovered file is kept only if its text can be a meshkit document: a folder of
 * thousands of other YAML files costs one read and one regex each.
 */
export function readSources(files: readonly DiscoveredFile[]): LintSource[] {
  const out: LintSource[] = [];
  for (const file of files) {
    const read = readSourceFile(file.path, file.display);
    if (read.ok) {
      if (file.explicit || mayBeMeshkitDocument(read.text)) out.push({ file: file.display, explicit: file.explicit, text: read.text });
    } else if (file.explicit || read.finding.ruleId === "file-unreadable" || (read.finding.ruleId === "file-too-large" && looksLikeDocument(file.path))) {
      // A discovered file that is binary, or too large and not ours, is skipped like any other non-document.
      out.push({ file: file.display, explicit: file.explicit, finding: read.finding });
    }
  }
  return out;
}

/** Whether the first 64 KiB of a file (too large to read whole) mention a meshkit kind. */
function looksLikeDocument(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(64 * 1024);
    const length = readSync(fd, head, 0, head.length, 0);
    return mayBeMeshkitDocument(head.subarray(0, length).toString("utf8"));
  } finally {
    closeSync(fd);
  }
}
