/**
 * A file a command or an action writes (a report, a results document, a SARIF file) must not replace what
 * the run reads: shared by the CLI's options (`-o`, `--results`, `--markdown`) and the actions' file inputs
 * (`sarif-file`, `results-file`).
 */
import { type Stats, existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
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
