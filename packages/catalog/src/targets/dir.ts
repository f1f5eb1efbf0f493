/**
 * `dir:<path>`: the catalog is a folder. Updates run under a lock file (two publishers on one
 * machine or a shared disk take turns) and every file is written atomically (temp file + rename),
 * entries first and the index last: an interrupted publish leaves at worst a stale index, which the
 * next publish detects and rebuilds.
 */
import { createHash, randomUUID } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { UsageError, displayPath, makeDirectory, confinedFolder, fileInTheWay, writeConfined, writeFailureReason } from "@meshkit/core";
import { INDEX_FILE, PRODUCTS_DIR } from "../paths.js";
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
  // The catalog's name in messages, as its files are named (relative to `cwd` when inside it), not
  // `dir:/home/…/repo/.meshkit/catalog`. `display` stays absolute: it is also the action's catalog-url output,
  // which a later step may read from another folder.
  const shown = `dir:${displayPath(root, cwd)}`;
  return {
    spec,
    display: `dir:${root}`,
    label: (path) => displayPath(join(root, path), cwd),
    async reach(): Promise<void> {
      // A folder that does not exist yet is made by the first update: it must be possible to make it, found
      // now, before a push applies what it then could not publish (`dir:README.md/catalog`).
      const file = fileInTheWay(root);
      if (file === root) throw new UsageError(`catalog ${shown} is a file, not a folder: name a folder for the dir: catalog`);
      if (file !== undefined) throw new UsageError(`cannot create catalog ${shown}: ${file} is a file, not a folder: choose another path`);
      // A publish there would start a second catalog inside the first one's entries, which no reader of it sees.
      const enclosing = enclosingCatalog(root);
      if (enclosing !== undefined) throw new UsageError(`catalog ${shown} is inside the catalog dir:${displayPath(enclosing, cwd)} (in its ${PRODUCTS_DIR}/ folder): name that one`);
    },
    async update<T extends PlannedUpdate>(plan: (dir: string) => Promise<T> | T, options: { dryRun: boolean }): Promise<T & UpdateOutcome> {
      await this.reach();
      if (options.dryRun) return { ...(await plan(root)), attempts: 1 };
      try {
        makeDirectory(root);
      } catch (error) {
        throw new UsageError(`cannot create catalog ${shown}: ${writeFailureReason(root, error)}`);
      }
      const lock = await lockCatalog(join(root, LOCK_FILE), shown);
      try {
        const planned = await plan(root);
        // A publisher stalled past the stale age (its heartbeat could not run) may have lost the lock to
        // another one, whose entries and index it would overwrite with a plan made from older ones.
        if (!lock.held()) throw new UsageError(`the lock on catalog ${shown} was taken over by another publisher while this one prepared its update; nothing was written: publish again`);
        writeConfined(confinedFolder(root, `the catalog ${shown}`), planned.writes);
        return { ...planned, attempts: 1 };
      } finally {
        lock.release();
      }
    },
    async read<T>(read: (dir: string) => Promise<T> | T): Promise<T> {
      if (!existsSync(root)) throw new UsageError(`catalog ${shown} does not exist: publish to it first (meshkit publish --catalog ${shown})`);
      if (!statSync(root).isDirectory()) throw new UsageError(`catalog ${shown} is a file, not a folder: name a folder for the dir: catalog`);
      // A folder with neither an index nor entries is no catalog: reading it would build an empty site or find
      // nothing, as if the catalog were empty, when the path is wrong (`dir:catalog/products`, one level too deep).
      if (!holdsCatalog(root)) throw new UsageError(notACatalogMessage(root, shown, cwd));
      return read(root);
    },
  };
}

/** Whether `folder` holds a catalog: its index or its entries' folder (an interrupted first publish may have written only entries). */
function holdsCatalog(folder: string): boolean {
  return existsSync(join(folder, INDEX_FILE)) || existsSync(join(folder, PRODUCTS_DIR));
}

/**
 * The catalog `root` is inside when it is no catalog itself: the entries' own folder (`catalog/products`) or a
 * product's folder in it (`catalog/products/orders`) was named, and that catalog has its index. Only a folder whose
 * products/ holds `root` counts, and only by its index: a domain repository's top has a products/ folder of its own
 * (its ODPS files), and a catalog beside it (`.meshkit/catalog`, `catalog`) is a new catalog, not one inside another.
 */
function enclosingCatalog(root: string): string | undefined {
  if (holdsCatalog(root)) return undefined;
  const parent = dirname(root);
  const productsFolders = [root, parent].filter((folder) => basename(folder) === PRODUCTS_DIR && dirname(folder) !== folder);
  return productsFolders.map((folder) => dirname(folder)).find((catalog) => existsSync(join(catalog, INDEX_FILE)));
}

/** Why the folder `root` (of the catalog `display`) is no catalog, and what to name instead (as `cwd` would). */
function notACatalogMessage(root: string, display: string, cwd: string): string {
  const enclosing = enclosingCatalog(root);
  const hint = enclosing !== undefined ? `did you mean dir:${displayPath(enclosing, cwd)}?` : `publish to it first (meshkit publish --catalog ${display})`;
  return `catalog ${display} holds no catalog (no ${INDEX_FILE}, no ${PRODUCTS_DIR}/ folder): ${hint}`;
}

/** How long a lock may be held before it counts as left over, and how long to wait for one; tests shorten them. */
export interface LockTiming {
  staleMs: number;
  waitMs: number;
  /** Runs when a stale lock was seen, before taking it over: lets a test interleave two takeovers. */
  beforeTakeover?: () => Promise<void>;
}

/** A held catalog lock. */
export interface CatalogLock {
  /** Whether the lock file is still this publisher's (not taken over as stale). */
  held(): boolean;
  /** Stops the heartbeat and removes the lock file, if it is still this publisher's. */
  release(): void;
}

/**
 * Takes the lock file (O_EXCL), waiting with jittered backoff while another publisher holds it. The file
 * holds a token of its own (pid and a random id), so that releasing removes only this publisher's lock.
 * While held, its modification time is refreshed every quarter of the stale age: a publish that takes
 * longer than that age (a slow catalog server, a large site) is not mistaken for one that died.
 */
export async function lockCatalog(file: string, display: string, timing: LockTiming = { staleMs: STALE_LOCK_MS, waitMs: LOCK_WAIT_MS }): Promise<CatalogLock> {
  const token = `${process.pid} ${randomUUID()}\n`;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, token);
      closeSync(fd);
      // A lock that outlived staleMs without its heartbeat may have been taken over: the file is then another publisher's.
      const held = () => lockIdentity(file)?.token === token;
      const heartbeat = setInterval(() => {
        try {
          if (held()) utimesSync(file, new Date(), new Date());
        } catch {
          // The file went away between the two calls: held() says so on the next look.
        }
      }, timing.staleMs / 4);
      heartbeat.unref();
      return {
        held,
        release() {
          clearInterval(heartbeat);
          if (held()) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new UsageError(`cannot lock catalog ${display}: ${String((error as Error).message).split("\n")[0]}`);
    }
    const held = lockIdentity(file);
    if (held && Date.now() - held.mtimeMs > timing.staleMs) {
      await timing.beforeTakeover?.();
      if (takeOverStaleLock(file, held.id)) continue;
    }
    if (Date.now() - started > timing.waitMs) {
      throw new UsageError(`catalog ${display} is locked by another publisher (${file}); if no publish is running, remove that file`);
    }
    await sleep(Math.random() * Math.min(1000, 20 * 2 ** attempt));
  }
}

/**
 * Removes the stale lock `staleId` names, if no other publisher is taking it over: true when this one did.
 * Removing "the lock file" is not enough: two publishers that both saw it stale would both remove it, the
 * second one the lock the first had just taken again. So the takeover is claimed first, with a marker
 * file named after that very lock (O_EXCL: one claimant per stale lock), and the lock is removed only
 * if it is still the one seen stale. A lock file is only ever created new (with a new token), so a
 * later claimant of the same marker finds another lock and leaves it.
 */
function takeOverStaleLock(file: string, staleId: string): boolean {
  const marker = `${file}.takeover-${createHash("sha1").update(staleId).digest("hex").slice(0, 16)}`;
  try {
    closeSync(openSync(marker, "wx"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new UsageError(`cannot take over the stale lock ${file}: ${String((error as Error).message).split("\n")[0]}`);
  }
  try {
    if (lockIdentity(file)?.id !== staleId) return false;
    rmSync(file, { force: true });
    return true;
  } finally {
    rmSync(marker, { force: true });
  }
}

/** The lock file as it is now (its inode, modification time and token), or undefined when there is none. */
function lockIdentity(file: string): { id: string; token: string; mtimeMs: number } | undefined {
  try {
    const { ino, mtimeMs } = statSync(file);
    const token = readFileSync(file, "utf8");
    return { id: `${ino}:${mtimeMs}:${token}`, token, mtimeMs };
  } catch {
    return undefined;
  }
}
