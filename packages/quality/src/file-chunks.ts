import { closeSync, openSync, readSync } from "node:fs";

const CHUNK_BYTES = 1024 * 1024;

/**
 * Reads the file at `path` from its start, a chunk at a time (the first `length` bytes of `chunk`), until `visit`
 * returns a value, which it returns; undefined at the end of the file, or when the file cannot be opened or read
 * (a caller's reader then says why). Bounded memory whatever the file's size: one buffer, reused.
 */
export function scanFileChunks<T>(path: string, visit: (chunk: Buffer, length: number) => T | undefined): T | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) return undefined;
      const found = visit(buffer, read);
      if (found !== undefined) return found;
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
