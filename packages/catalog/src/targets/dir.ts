/**
 * `dir:<path>`: the catalog is a folder. Updates run under a lock file (two publishers on one
 * machine or a shared disk take turns) and every file is written atomically (temp file + rename),
 * entries first and the index last: an interrupted publish leaves at worst a stale index, which the
 * next publish detects and rebuilds.
 */
import { closeSync, existsSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { UsageError, displayPath, makeDirectory, confinedFolder, writeConfined } from "@meshkit/core";
import type { CatalogStore, CatalogTargetSpec, PlannedUpdate, UpdateOutcome } from "./target.js";

export const LOCK_FILE = ".meshkit-catalog.lock";
/** A lock older than this is left over from a publisher that died; it is taken over. */
const STALE_LOCK_MS = 120_000;
/** How long a publisher waits for another one's lock before giving up. */
const LOCK_WAIT_MS = 60_000;

/**
 * The store of a `dir:` catalog. Its files are named in findings as every other stage names files:
 * relative to `cwd` when the catalog is inside it (so a report, SARIF or an annotation points at the
 * file in the repository), absolute otherwise.
 */
export function dirCatalog(spec: Extract<CatalogTargetSpec, { type: "dir" }>, cwd = process.cwd()): CatalogStore {
  const root = spec.path;
  const display = `dir:${root}`;
  return {
    spec,
    display,
    label: (path) => displayPath(join(root, path), cwd),
    async reach(): Promise<void> {
      // A folder that does not exist yet is made by the first update.
      if (existsSync(root) && !statSync(root).isDirectory()) throw new UsageError(`catalog ${display} is not a directory`);
    },
    async update<T extends PlannedUpdate>(plan: (dir: string) => Promise<T> | T, options: { dryRun: boolean }): Promise<T & UpdateOutcome> {
      await this.reach();
      if (options.dryRun) return { ...(await plan(root)), attempts: 1 };
      try {
        makeDirectory(root);
      } catch (error) {
        throw new UsageError(`cannot create catalog ${display}: ${String((error as Error).message).split("\n")[0]}`);
      }
      const release = await lock(join(root, LOCK_FILE), display);
      try {
        const planned = await plan(root);
        writeConfined(confinedFolder(root, `the catalog ${display}`), planned.writes);
        return { ...planned, attempts: 1 };
      } finally {
        release();
      }
    },
    async read<T>(read: (dir: string) => Promise<T> | T): Promise<T> {
      if (!existsSync(root)) throw new UsageError(`catalog ${display} does not exist: publish to it first (meshkit publish --catalog ${display})`);
      if (!statSync(root).isDirectory()) throw new UsageError(`catalog ${display} is not a directory`);
      return read(root);
    },
  };
}

/** Takes the lock file (O_EXCL), waiting with jittered backoff while another publisher holds it. */
async function lock(file: string, display: string): Promise<() => void> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new UsageError(`cannot lock catalog ${display}: ${String((error as Error).message).split("\n")[0]}`);
    }
    const age = lockAge(file);
    if (age !== undefined && age > STALE_LOCK_MS) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() - started > LOCK_WAIT_MS) {
      throw new UsageError(`catalog ${display} is locked by another publisher (${file}); if no publish is running, remove that file`);
    }
    await sleep(Math.random() * Math.min(1000, 20 * 2 ** attempt));
  }
}

function lockAge(file: string): number | undefined {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
