/**
 * Reading the catalog's own files (entries, the index, a `--results` file) with bounded time and
 * memory: core's `readSourceFile` refuses what is not a regular file, what is over its size limit and
 * what is not UTF-8 text; the JSON is then checked for depth before `JSON.parse` sees it, so nothing
 * downstream (canonical JSON, search, the site, the service emitters) can recurse too deep; and a
 * syntax error is told as line and column, never as a character offset.
 */
import { readFileSync, statSync } from "node:fs";
import { type Finding, LINE_BREAK, MAX_NESTING_DEPTH, readSourceFile } from "@meshkit/core";

/** A problem with a catalog file: what is wrong (one line, no final period) and where (1-based). */
export interface FileProblem {
  reason: string;
  line: number;
  column: number;
}

export type CatalogFileText = { ok: true; text: string } | ({ ok: false } & FileProblem);
export type CatalogJson = { ok: true; value: unknown } | ({ ok: false; kind: "syntax" | "depth" } & FileProblem);

/**
 * Documents are refused beyond MAX_NESTING_DEPTH levels; an entry holds them a few levels down (its
 * `contracts` list, a check's `threshold` from a results file), so this leaves room for that and no more.
 */
export const MAX_ENTRY_DEPTH = MAX_NESTING_DEPTH + 30;
/** Results are copied into entries one level deeper than they are in the results file. */
export const MAX_RESULTS_DEPTH = MAX_NESTING_DEPTH + 20;

/**
 * Catalog files are meshkit's own output, not documents: an index of many products or a results file
 * with samples may pass the 10 MiB a document may have. Bounded all the same.
 */
export const MAX_CATALOG_FILE_BYTES = 256 * 1024 * 1024;

/** Reads a catalog file as text, or says (without a stack, in one line) why it cannot be read. */
export function readCatalogFile(path: string): CatalogFileText {
  const read = readSourceFile(path, path, MAX_CATALOG_FILE_BYTES);
  if (read.ok) return read;
  return { ok: false, reason: problemOf(read.finding), line: read.finding.line, column: read.finding.column };
}

/** Core's finding as a reason: its message without the advice meant for documents (split or exclude a large file). */
function problemOf(finding: Finding): string {
  const message = finding.ruleId === "file-too-large" ? (finding.message.split(/(?<=\.) /)[0] ?? finding.message) : finding.message;
  return message.replace(/\.$/, "");
}

/**
 * Parses JSON text whose collections nest at most `maxDepth` levels. The text is scanned first (no
 * recursion), so `JSON.parse` never meets deeper nesting than that and a syntax error has a position.
 */
export function parseCatalogJson(text: string, maxDepth: number): CatalogJson {
  const problem = scanJson(text, maxDepth);
  if (problem?.kind === "depth") return { ok: false, kind: "depth", reason: `collections nest more than ${maxDepth} levels deep`, ...positionOf(text, problem.offset) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, kind: "syntax", reason: jsonReason(error), ...positionOf(text, problem?.offset ?? text.length) };
  }
}

/** V8's message without the offset or the quoted text (Node 20: `… in JSON at position 12`; Node 22+: `…, "…" is not valid JSON`, `… (line 1 column 13)`). */
function jsonReason(error: unknown): string {
  // The quoted text is the file's own, line breaks included (`"not json\n"`, or `"…"...` when V8 shortens it):
  // it goes before the message is cut to its first line, or a piece of it would stay.
  const unquoted = String((error as Error).message).replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, "");
  return unquoted
    .split("\n")[0]!
    .replace(/^JSON\.parse: /, "")
    .replace(/ in JSON at position \d+.*$/, "")
    .replace(/ at position \d+.*$/, "");
}

/** 1-based line and column (UTF-16 code units, as in every finding) of `offset` in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split(LINE_BREAK);
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

/** Whether a parsed value's collections nest more than `maxDepth` levels deep (an iterative walk: any depth is safe to ask about). */
export function exceedsDepth(value: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) if (child !== null && typeof child === "object") stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

type ScanProblem = { kind: "syntax" | "depth"; offset: number };

/**
 * A JSON syntax check without recursion: the offset of the first character JSON.parse would reject
 * (the text's length for an early end), or of the first bracket nested deeper than `maxDepth`;
 * undefined for valid JSON within that depth.
 */
function scanJson(text: string, maxDepth: number): ScanProblem | undefined {
  const n = text.length;
  const stack: number[] = []; // char codes of the open brackets
  type State = "value" | "first-value" | "key" | "first-key" | "colon" | "after";
  let state: State = "value";
  let i = 0;
  const syntax = (offset: number): ScanProblem => ({ kind: "syntax", offset });
  for (;;) {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
    if (i >= n) return state === "after" && stack.length === 0 ? undefined : syntax(n);
    const c = text[i]!;
    switch (state) {
      case "value":
      case "first-value": {
        if (c === "]" && state === "first-value") {
          stack.pop();
          i++;
          state = "after";
        } else if (c === "{" || c === "[") {
          if (stack.length >= maxDepth) return { kind: "depth", offset: i };
          stack.push(c.charCodeAt(0));
          i++;
          state = c === "{" ? "first-key" : "first-value";
        } else if (c === '"') {
          const end = scanString(text, i);
          if (end < 0) return syntax(-end - 1);
          i = end;
          state = "after";
        } else if (c === "-" || (c >= "0" && c <= "9")) {
          const end = scanNumber(text, i);
          if (end < 0) return syntax(-end - 1);
          i = end;
          state = "after";
        } else {
          const literal = c === "t" ? "true" : c === "f" ? "false" : c === "n" ? "null" : "";
          if (literal === "") return syntax(i);
          for (let k = 0; k < literal.length; k++) if (text[i + k] !== literal[k]) return syntax(Math.min(i + k, n));
          i += literal.length;
          state = "after";
        }
        break;
      }
      case "key":
      case "first-key": {
        if (c === "}" && state === "first-key") {
          stack.pop();
          i++;
          state = "after";
          break;
        }
        if (c !== '"') return syntax(i);
        const end = scanString(text, i);
        if (end < 0) return syntax(-end - 1);
        i = end;
        state = "colon";
        break;
      }
      case "colon":
        if (c !== ":") return syntax(i);
        i++;
        state = "value";
        break;
      case "after": {
        const top = stack.at(-1);
        if (top === undefined) return syntax(i);
        if (c === ",") {
          i++;
          state = top === 0x7b ? "key" : "value";
        } else if ((c === "}" && top === 0x7b) || (c === "]" && top === 0x5b)) {
          stack.pop();
          i++;
        } else return syntax(i);
        break;
      }
    }
  }
}

/** The offset after the string starting at `start` (a `"`), or -(offset of the error) - 1. */
function scanString(text: string, start: number): number {
  const n = text.length;
  let j = start + 1;
  while (j < n) {
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20) return -j - 1;
    if (code === 0x5c) {
      const escape = text[j + 1];
      if (escape === undefined) return -n - 1;
      if (escape === "u") {
        for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text[j + k] ?? "")) return -Math.min(j + k, n) - 1;
        j += 6;
      } else if ('"\\/bfnrt'.includes(escape)) j += 2;
      else return -(j + 1) - 1;
    } else j++;
  }
  return -n - 1;
}

/** The offset after the number starting at `start`, or -(offset of the error) - 1. */
function scanNumber(text: string, start: number): number {
  let j = start;
  const digit = (k: number) => text[k] !== undefined && text[k]! >= "0" && text[k]! <= "9";
  const digits = () => {
    if (!digit(j)) return false;
    while (digit(j)) j++;
    return true;
  };
  if (text[j] === "-") j++;
  if (text[j] === "0") j++;
  else if (!digits()) return -Math.min(j, text.length) - 1;
  if (text[j] === ".") {
    j++;
    if (!digits()) return -Math.min(j, text.length) - 1;
  }
  if (text[j] === "e" || text[j] === "E") {
    j++;
    if (text[j] === "+" || text[j] === "-") j++;
    if (!digits()) return -Math.min(j, text.length) - 1;
  }
  return j;
}

/**
 * Whether the file at `path` holds exactly `text` (to skip rewriting it): false for anything that is
 * not a regular file, and nothing is read unless its size is that of `text`.
 */
export function fileHoldsText(path: string, text: string): boolean {
  try {
    const info = statSync(path);
    if (!info.isFile() || info.size !== Buffer.byteLength(text)) return false;
    return readFileSync(path, "utf8") === text;
  } catch {
    return false;
  }
}
