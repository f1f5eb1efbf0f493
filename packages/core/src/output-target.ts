/**
 * A file a command or an action writes (a report, a results document, a SARIF file) must not replace what
 * the run reads: shared by the CLI's options (`-o`, `--results`, `--markdown`) and the actions' file inputs
 * (`sarif-file`, `results-file`).
 */
import { type Stats, existsSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { loadText } from "./document.js";
import { UsageError } from "./findings.js";
import { mayBeMeshkitDocument, namedAsMeshkitDocument } from "./kinds.js";
import { readSourceFile } from "./source.js";

/**
 * Refuses a file a command writes (`option`: --output, test's --results, ci's --markdown, an action's
 * `input "sarif-file"`…) that would replace what it reads (`meshkit lint orders.odcs.yaml -o orders.odcs.yaml`):
 * a path named in its arguments, any contract, product, config or policy, found or not, or an existing data
 * file. Its own earlier report is none of these, so re-running a command still overwrites that.
 */
export function refuseOutputOverInput(output: string, inputs: readonly string[], cwd: string, option = "--output"): void {
  const target = resolve(cwd, output);
  const input = inputs.some((path) => sameFile(resolve(cwd, path), target));
  const what = input ? "an input of this command" : holdsMeshkitDocument(target) ? "a meshkit document" : existsSync(target) && DATA_FILE.test(target) ? "a data file" : undefined;
  if (what) throw new UsageError(`${option} ${output} is ${what}; write to another file`);
}

/**
 * Refuses two files a run writes that are one file (`meshkit test --results r.json -o r.json`, contract-test's
 * `results-file` and `sarif-file`): the one written last replaced the other in silence, and the step's outputs
 * named a SARIF log as the results document that catalog-publish then reads. `outputs` are [how the user named
 * it, path] pairs; "" is none. A device (`/dev/null` for both) is no file to lose, and is not refused.
 */
export function refuseSharedOutputFile(outputs: readonly (readonly [label: string, path: string])[], cwd: string): void {
  const seen: { label: string; target: string }[] = [];
  for (const [label, path] of outputs) {
    if (path === "") continue;
    const target = realPathSoFar(resolve(cwd, path));
    const stats = statIfReadable(target);
    if (stats && !stats.isFile()) continue;
    const other = seen.find((earlier) => earlier.target === target || sameFile(earlier.target, target));
    if (other) throw new UsageError(`${label} ${path} names the same file as ${other.label}: the one written last would replace the other; give each its own file`);
    seen.push({ label, target });
  }
}

/**
 * `path` (absolute) with every symbolic link on its way resolved, as far as it exists: the folders not made yet (and
 * the file) are kept as written, under their nearest existing folder's real path. Two names of one place, one of them
 * through a link (`--out plans-link`, `-o plans/plan.json`), are then one path, before anything is written there.
 */
export function realPathSoFar(path: string): string {
  const missing: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    try {
      return join(realpathSync.native(at), ...missing.reverse());
    } catch {
      if (dirname(at) === at) return path;
      missing.push(basename(at));
    }
  }
}

/** Data a contract's server may name (a report is never written as one): overwriting it would lose data. */
const DATA_FILE = /\.(?:csv|tsv|parquet|pq|jsonl|ndjson|duckdb|db)$/i;

/** Whether two paths name one existing file, through symlinks and hard links too. */
function sameFile(a: string, b: string): boolean {
  const first = statIfReadable(a);
  const second = statIfReadable(b);
  return first !== undefined && second !== undefined && first.dev === second.dev && first.ino === second.ino;
}

function statIfReadable(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function holdsMeshkitDocument(path: string): boolean {
  const read = readSourceFile(path);
  if (!read.ok) return false;
  if (namedAsMeshkitDocument(path)) return true;
  return mayBeMeshkitDocument(read.text) && loadText(path, read.text).documents.some((doc) => doc.kind.type !== "other");
}
