import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { type Finding, UsageError, docsUrlFor } from "./findings.js";
import { mayBeMeshkitDocument } from "./kinds.js";

/** Larger files are refused before they are read: no contract is this big, and parse time must stay bounded. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type SourceText = { ok: true; text: string } | { ok: false; finding: Finding };

function inputFinding(file: string, ruleId: string, message: string, line = 1, column = 1): Finding {
  return { ruleId, severity: "error", message, file, line, column, path: "", stage: "input", docsUrl: docsUrlFor(ruleId) };
}

/** Why a path that is no regular file cannot be read as one: saying which kind it is tells the user what they named. */
function notRegularFile(info: { isFIFO(): boolean; isDirectory(): boolean }): string {
  return info.isFIFO() ? "Not a regular file: a named pipe." : info.isDirectory() ? "Not a regular file: a folder." : "Not a regular file.";
}

/**
 * Reads a file as UTF-8 text, refusing (with a positioned finding) files that are too large, binary or
 * not UTF-8. Synchronous on purpose: thousands of small local files read faster without the thread pool.
 * `maxBytes`: documents are refused beyond MAX_FILE_BYTES; files meshkit writes itself (a catalog's index,
 * test results) may be larger, and are read with their own bound.
 */
export function readSourceFile(path: string, displayName = path, maxBytes = MAX_FILE_BYTES): SourceText {
  let bytes: Uint8Array;
  try {
    // One descriptor for stat and read, and a capped read, in case the file changes in between. Opened
    // non-blocking: opening a FIFO for reading otherwise waits for a writer, forever (a regular file
    // reads as usual; O_NONBLOCK does not exist on Windows, which has no FIFOs in the file system).
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const info = fstatSync(fd);
      if (!info.isFile()) return { ok: false, finding: inputFinding(displayName, "file-unreadable", notRegularFile(info)) };
      if (info.size > maxBytes) return { ok: false, finding: tooLarge(displayName, info.size, maxBytes) };
      const buffer = readBuffer(info.size + 1);
      let length = 0;
      let n: number;
      do {
        n = readSync(fd, buffer, length, buffer.length - length, length);
        length += n;
      } while (n > 0 && length < buffer.length);
      if (length > maxBytes) return { ok: false, finding: tooLarge(displayName, length, maxBytes) };
      bytes = buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    // A name of bytes that are not UTF-8 (a Latin-1 `café`) is listed with U+FFFD, a name no file has.
    const why = code === "ENOENT" && path.includes("\uFFFD") ? NOT_UTF8_NAME : READ_ERRORS[code];
    return { ok: false, finding: inputFinding(displayName, "file-unreadable", why ?? `Cannot read the file (${code || (error as Error).message}).`) };
  }
  return decodeSource(bytes, displayName, maxBytes);
}

/** Files up to this size are read into one buffer, kept between reads. */
const SHARED_READ_BYTES = 1024 * 1024;
let sharedRead = Buffer.allocUnsafe(0);

/**
 * A buffer of at least `size` bytes to read a file into. Most files share one (a run reads thousands
 * of small files: a buffer each cost more than reading some): their text is decoded out of it before
 * the next read, and no byte of it is kept.
 */
function readBuffer(size: number): Buffer {
  if (size > SHARED_READ_BYTES) return Buffer.allocUnsafe(size);
  if (sharedRead.length < size) sharedRead = Buffer.allocUnsafe(Math.min(SHARED_READ_BYTES, Math.max(size, 64 * 1024)));
  return sharedRead.subarray(0, size);
}

/**
 * A file's text for a command that cannot go on without it (a config of another tool, a hook script):
 * readSourceFile's bounds (no device, no pipe, no file over the limit), its problem thrown as one line.
 */
export function readTextOrThrow(path: string, displayName = path): string {
  const read = readSourceFile(path, displayName);
  if (!read.ok) throw new UsageError(`${displayName}: ${read.finding.message}`);
  return read.text;
}

/** Why a path could not be read, with the system's code (what docs/rules/file-unreadable.md shows) and what to do. */
const READ_ERRORS: Record<string, string> = {
  ENOENT: "No such file or directory (ENOENT): check the path.",
  EACCES: "Permission denied (EACCES): make the file, and the folders above it, readable to this user.",
  EPERM: "Operation not permitted (EPERM): make the file, and the folders above it, readable to this user.",
  EISDIR: "Not a regular file (EISDIR).",
  ELOOP: "A symbolic link loop (ELOOP): the link leads back to itself; point it at a file.",
  ENOTDIR: "Not a directory (ENOTDIR): a part of the path is a file.",
};

const NOT_UTF8_NAME = "The file's name is not UTF-8 (shown with �), so it cannot be opened by the name read from its folder: rename it to a UTF-8 name (`git mv`).";

function tooLarge(file: string, size: number, maxBytes: number): Finding {
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
  return inputFinding(file, "file-too-large", `File is ${mib(size)} MiB; meshkit reads documents up to ${mib(maxBytes)} MiB. Split it or exclude it in meshkit.yaml files.exclude.`);
}

/** A line break as YAML (and js-yaml) reads one: LF, CRLF, or a lone CR (old Mac line ends). */
export const LINE_BREAK = /\r\n?|\n/;

/**
 * `text` with each lone CR (old Mac line ends, a line break to YAML and js-yaml) turned into an LF: the
 * `yaml` library (its parser and its lexer), the line index and the subset parser know only LF and CRLF.
 * Offsets are unchanged, so lines and columns then agree with what js-yaml read, whichever path parses.
 */
export function withoutLoneCr(text: string): string {
  return text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
/** For the text before a bad byte, which may hold more bad bytes: each becomes one U+FFFD, one column. */
const lenientUtf8 = new TextDecoder("utf-8", { ignoreBOM: false });

/** The first bytes kept of a blob too large to read: enough to tell whether it means to be a meshkit document. */
export const OVERSIZED_PREVIEW_BYTES = 64 * 1024;

/**
 * Whether content that could not be read as a document (too large, or not text) says in its first bytes
 * that it means to be one: then it is reported; other files (sample data) are passed over.
 */
export function headMayBeMeshkitDocument(bytes: Uint8Array | OversizedBlob): boolean {
  const head = bytes instanceof OversizedBlob ? bytes.head : bytes.subarray(0, OVERSIZED_PREVIEW_BYTES);
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("utf8");
  // UTF-16 (what Windows editors and PowerShell's `>` save) is ASCII with a NUL beside each character.
  return mayBeMeshkitDocument(text) || (text.includes("\0") && mayBeMeshkitDocument(text.replaceAll("\0", "")));
}

/** Content over the size a reader was given (a blob from git): its size, and its first bytes; the rest was passed over, unread. */
export class OversizedBlob {
  constructor(
    readonly size: number,
    readonly head: Buffer,
  ) {}
}

/** Decodes bytes (from disk or from the git index) as UTF-8 text, or explains where they stop being text. */
export function decodeSource(bytes: Uint8Array | OversizedBlob, file: string, maxBytes = MAX_FILE_BYTES): SourceText {
  // Content from git (staged files, a compat base) has not passed readSourceFile's size check.
  if (bytes instanceof OversizedBlob) return { ok: false, finding: tooLarge(file, bytes.size, maxBytes) };
  if (bytes.byteLength > maxBytes) return { ok: false, finding: tooLarge(file, bytes.byteLength, maxBytes) };
  // (UTF-8 allows NUL, text does not; the native decoder settles the common case)
  if (bytes.indexOf(0) === -1) {
    try {
      return { ok: true, text: utf8.decode(bytes) };
    } catch {
      // explained below
    }
  }
  const bad = firstNonTextByte(bytes);
  const { line, column } = positionOfByte(bytes, bad);
  return { ok: false, finding: inputFinding(file, "file-not-text", notTextMessage(bytes, bad), line, column) };
}

function notTextMessage(bytes: Uint8Array, bad: number): string {
  const byte = `byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, "0")} at offset ${bad}`;
  const utf16Bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16Bom) return `UTF-16 text (a byte order mark, ${byte}); save the file as UTF-8.`;
  // A zip archive's local file header. A saved Terraform plan (`terraform plan -out`) is one, and is what a
  // user who means to check a plan most likely named: "binary content" alone does not say what to run.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return `Binary content: a zip archive, not a YAML or JSON document (${byte}); a saved Terraform plan (\`terraform plan -out\`) is one: check its JSON form, \`terraform show -json <plan> > plan.json\`.`;
  }
  if (bytes[bad] === 0) return `Binary content (a NUL byte): not a YAML or JSON document (${byte}; UTF-16 text has NUL bytes too: save it as UTF-8).`;
  return `Not valid UTF-8 (${byte}); save the file as UTF-8.`;
}

/** 1-based line and column of the byte at `offset`, counted as in every other finding: UTF-16 code units of the decoded text. */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const lines = lenientUtf8.decode(bytes.subarray(0, offset)).split(LINE_BREAK);
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

/** Offset of the first NUL, or of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstNonTextByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b === 0 ? 0 : b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (length > 1) {
      // Decoding just this sequence tells whether its continuation bytes (and code point) are valid.
      try {
        utf8.decode(bytes.subarray(i, i + length));
      } catch {
        return i;
      }
    }
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}
