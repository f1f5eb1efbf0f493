import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UsageError } from "./findings.js";

/** Writes `text` to `path` atomically (a temp file beside it, then rename): readers never see half a file. */
export function writeFileAtomic(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // the folder itself could not be made: nothing was written
    }
    throw new UsageError(`cannot write ${path}: ${String((error as Error).message ?? error).split("\n")[0]}`);
  }
}
