import { closeSync, openSync, readSync } from "node:fs";

/**
 * The deepest a JSON data file's values may nest. DuckDB's JSON reader recurses per level: a record
 * nested some 10,000 levels deep crashed the whole process (a segmentation fault, no finding, no exit
 * code meshkit sets). Real data nests a few levels; this leaves room for far more and stays far from that.
 */
export const MAX_JSON_DATA_DEPTH = 1000;

const CHUNK_BYTES = 1024 * 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/**
 * Where an uncompressed JSON (or JSON lines) file first nests deeper than `limit` levels, as its 1-based
 * line; undefined when it never does, or cannot be read (the reader then says why). One streaming pass
 * over the bytes, brackets inside strings not counted, in bounded memory whatever the file's size.
 */
export function jsonNestedBeyond(path: string, limit = MAX_JSON_DATA_DEPTH): { line: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let depth = 0;
    let line = 1;
    let inString = false;
    let escaped = false;
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) return undefined;
      for (let i = 0; i < read; i++) {
        const byte = buffer[i]!;
        if (byte === NEWLINE) line++;
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
        } else if (byte === QUOTE) inString = true;
        else if (byte === 0x5b || byte === 0x7b) {
          if (++depth > limit) return { line };
        } else if ((byte === 0x5d || byte === 0x7d) && depth > 0) depth--;
      }
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
