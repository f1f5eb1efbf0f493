import { execFile } from "node:child_process";

/**
 * The git questions the pre-commit hook starts with — where the working tree's top level is, what is
 * staged, and what the index holds — asked before the hook's modules load (~100 ms of compiling on a busy
 * machine), so that git runs on another core meanwhile instead of afterwards. Deliberately no import of
 * @meshkit/core (loading it is what this overlaps with).
 *
 * An answer is only a shortcut: `undefined` when git failed, or printed more than this reads, and the
 * hook then asks again through @meshkit/core's `git` (the same arguments, the same parsers below), which
 * reports the error properly (not a repository, git missing, …).
 */
export interface StagedPrefetch {
  state: Promise<StagedState | undefined>;
}

/** A path the index holds differently from HEAD (`git diff --cached --raw`). */
export interface StagedChange {
  /** Relative to the top level, `/`-separated. */
  path: string;
  /** A added, C copied, D deleted, M modified, R renamed, T type changed (a link made a file). */
  status: string;
  /** The index's side: `000000` and a zero SHA for a deleted path; `120000` for a symbolic link, `160000` for a submodule. */
  mode: string;
  /** HEAD's side: `000000` for an added path. */
  oldMode: string;
  sha: string;
  /** HEAD's side: a zero SHA for an added path. */
  oldSha: string;
}

/** A stage-0 index entry: a file (`100644`, `100755`) or a symbolic link (`120000`). */
export interface IndexEntry {
  mode: string;
  sha: string;
}

export interface StagedState {
  top: string;
  changes: StagedChange[];
  /** Every file of the index by path (relative to the top level): the project as the commit will hold it. */
  index: Map<string, IndexEntry>;
  /** The index's submodules (gitlinks): each folder and the commit the commit will record for it. */
  submodules: IndexSubmodule[];
}

/** A stage-0 gitlink of the index (mode `160000`): a submodule's folder, relative to the top level, and its commit. */
export interface IndexSubmodule {
  path: string;
  commit: string;
}

/**
 * `--raw --no-abbrev`: status, modes and blob ids in one listing (no second git process to tell links,
 * type changes or deletions). `--no-relative`: paths stay relative to the top level even with
 * `diff.relative` set. `--ita-invisible-in-index` (git's default since 2.19, said for older ones): an
 * intent-to-add path (`git add -N`), which the commit leaves out, is no added file. D is listed for the cross-file check of what a deleted contract leaves behind.
 */
export const STAGED_DIFF_ARGS = ["diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-relative", "--ita-invisible-in-index", "--diff-filter=ACDMRT"];
/** The whole index from any folder: `:/` is the top level, `--full-name` keeps paths relative to it. */
export const INDEX_ARGS = ["ls-files", "--stage", "-z", "--full-name", "--", ":/"];

// As @meshkit/core's git helper allows; larger outputs fall back to it (and to its error message).
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export function prefetchStaged(cwd: string): StagedPrefetch {
  // One shell running the git commands: starting a process blocks this thread for several milliseconds
  // (fork and exec; 8-15 ms each on the shared development machine), the shell's starts do not.
  // Its output: the diff's NUL-terminated records, an empty record, the index's records, then the top
  // level and a newline, which makes it unambiguous (a path is never empty and never contains NUL).
  // Without a POSIX shell (Windows outside Git Bash) the answer is undefined and the hook asks git itself.
  const command = (args: readonly string[]) => ["git", ...args.map((a) => `'${a}'`)].join(" ");
  const script = `${command(STAGED_DIFF_ARGS)} && printf '\\0' && ${command(INDEX_ARGS)} && git rev-parse --show-toplevel`;
  const state = shellOutput(script, cwd).then((bytes): StagedState | undefined => {
    if (bytes === undefined || bytes.at(-1) !== 0x0a) return undefined;
    const end = bytes.lastIndexOf(0);
    const top = bytes.toString("utf8", end + 1, bytes.length - 1); // only the line's end: a folder's name may end in a space
    const out = gitPathsText(bytes.subarray(0, end + 1));
    const marker = markerAfterDiff(out);
    if (marker === undefined) return undefined;
    const submodules: IndexSubmodule[] = [];
    return top ? { top, changes: parseStagedDiff(out.slice(0, marker)), index: parseIndex(out.slice(marker + 1), submodules), submodules } : undefined;
  });
  return { state };
}

/** The offset of the empty record after the diff's records (pairs: `:<modes> <shas> <status>`, path). */
function markerAfterDiff(out: string): number | undefined {
  let offset = 0;
  while (out[offset] === ":") {
    const metaEnd = out.indexOf("\0", offset);
    const pathEnd = metaEnd === -1 ? -1 : out.indexOf("\0", metaEnd + 1);
    if (pathEnd === -1) return undefined;
    offset = pathEnd + 1;
  }
  return out[offset] === "\0" ? offset : undefined;
}

/** `git diff --cached --raw -z` output: `:<old mode> <new mode> <old sha> <new sha> <status>\0<path>\0`, repeated. */
export function parseStagedDiff(out: string): StagedChange[] {
  const records = out.split("\0");
  const changes: StagedChange[] = [];
  for (let i = 0; i + 1 < records.length; i += 2) {
    const [oldMode = "", mode = "", oldSha = "", sha = "", status = ""] = records[i]!.slice(1).split(" ");
    changes.push({ path: records[i + 1]!, status: status.slice(0, 1), mode, oldMode, sha, oldSha });
  }
  return changes;
}

/** The index entries the hook reads: files and links (not submodules). */
const FILE_MODES: ReadonlySet<string> = new Set(["100644", "100755", "120000"]);
/** A gitlink: a submodule's commit. */
export const GITLINK_MODE = "160000";

/**
 * `git ls-files --stage -z` output: `<mode> <sha> <stage>\t<path>\0` (git prints `%06o %s %d`); files and links
 * of stage 0 (no conflict stages). Read in place, without splitting it into records first: a repository of
 * 100,000 files lists them all in every commit, and the hook must stay quick there too. Submodules (stage-0
 * gitlinks) are added to `submodules`: `meshkit lint` walks into a checked-out one, so its documents are the project's too.
 */
export function parseIndex(out: string, submodules: IndexSubmodule[] = []): Map<string, IndexEntry> {
  const index = new Map<string, IndexEntry>();
  for (let start = 0; start < out.length; ) {
    const nul = out.indexOf("\0", start);
    const end = nul === -1 ? out.length : nul;
    const tab = out.indexOf("\t", start);
    if (tab !== -1 && tab < end && out.startsWith(" 0", tab - 2) && out[start + 6] === " ") {
      const mode = out.slice(start, start + 6);
      if (FILE_MODES.has(mode)) index.set(out.slice(tab + 1, end), { mode, sha: out.slice(start + 7, tab - 2) });
      else if (mode === GITLINK_MODE) submodules.push({ path: out.slice(tab + 1, end), commit: out.slice(start + 7, tab - 2) });
    }
    start = end + 1;
  }
  return index;
}

/** Decodes each valid UTF-8 sequence; anything else is one byte, not a UTF-8 sequence. */
const UTF8_SEQUENCE = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** Where a byte that is not UTF-8 goes in a decoded path: U+DC80-U+DCFF (lone surrogates, which no UTF-8 text decodes to). */
const NOT_UTF8_BASE = 0xdc00;
const NOT_UTF8_BYTES = /[\udc80-\udcff]/gu;

/**
 * git's output with its file names as strings that keep them apart. git names files by bytes, and a name that
 * is not UTF-8 (a Windows-1252 `caf\xe9.odcs.yaml`) decoded as UTF-8 turns each such byte into U+FFFD: two
 * names that differ only there became one path, and the hook checked one of the two files and passed the
 * other unseen. Each such byte becomes a lone surrogate of its own instead (Python's `surrogateescape`);
 * a valid name decodes as before. `shownPath` writes them as git quotes them.
 */
export function gitPathsText(bytes: Buffer): string {
  try {
    return UTF8_SEQUENCE.decode(bytes);
  } catch {
    // Some name is not UTF-8: decoded sequence by sequence below (rare, so not fast).
  }
  let out = "";
  let ascii = 0; // where the run of ASCII bytes not yet added starts
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    out += bytes.toString("latin1", ascii, i);
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    const sequence = length > 0 && i + length <= bytes.length ? decodedSequence(bytes.subarray(i, i + length)) : undefined;
    out += sequence ?? String.fromCharCode(NOT_UTF8_BASE + lead);
    i += sequence === undefined ? 1 : length;
    ascii = i;
  }
  return out + bytes.toString("latin1", ascii);
}

function decodedSequence(bytes: Uint8Array): string | undefined {
  try {
    return UTF8_SEQUENCE.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A path of gitPathsText as findings show it: each byte that is not UTF-8 as git quotes it (`caf\351.odcs.yaml`). */
export function shownPath(path: string): string {
  return path.replace(NOT_UTF8_BYTES, (char) => `\\${(char.charCodeAt(0) - NOT_UTF8_BASE).toString(8)}`);
}

function shellOutput(script: string, cwd: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    try {
      execFile("sh", ["-c", script], { cwd, maxBuffer: MAX_OUTPUT_BYTES, encoding: "buffer" }, (error, stdout) => resolve(error ? undefined : stdout));
    } catch {
      resolve(undefined);
    }
  });
}
