import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "./findings.js";

/** Writes `text` to `path` atomically (a temp file beside it, then rename): readers never see half a file. */
export function writeFileAtomic(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    makeDirectory(dirname(path));
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // the folder itself could not be made: nothing was written
    }
    // Node's message names the temp file and the syscall (`rename '.x.1.ab.tmp' -> 'x'`): the reason is its code.
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "EISDIR" ? "it is a folder" : code ? (WRITE_ERRORS[code] ?? code) : String((error as Error).message ?? error).split("\n")[0];
    throw new UsageError(`cannot write ${path}: ${reason}`);
  }
}

const WRITE_ERRORS: Record<string, string> = {
  EACCES: "permission denied (EACCES)",
  EPERM: "operation not permitted (EPERM)",
  ENOTDIR: "a part of its path is a file, not a folder (ENOTDIR)",
  ENOSPC: "no space left on the device (ENOSPC)",
  EROFS: "the file system is read-only (EROFS)",
  ENAMETOOLONG: "the name is too long (ENAMETOOLONG)",
};

/**
 * `mkdir -p`, one folder at a time from the deepest one that exists. Node's own recursive mkdirSync
 * never returns for a path under /proc (it retries the ENOENT procfs answers forever); here every step
 * either makes a folder or throws.
 */
export function makeDirectory(path: string): void {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    const kind = statKind(at);
    if (kind === "directory") break;
    if (kind === "other") throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: "ENOTDIR" });
    const parent = dirname(at);
    if (parent === at) break;
    missing.push(at);
    at = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Another process (a second publisher) may have made it meanwhile.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || statKind(folder) !== "directory") throw error;
    }
  }
}

function statKind(path: string): "directory" | "other" | "missing" {
  try {
    return statSync(path).isDirectory() ? "directory" : "other";
  } catch {
    return "missing";
  }
}
