/**
 * An exclusive lock on a local warehouse, so two `meshkit provision apply` runs (two terminals, a hook
 * and a terminal, two CI steps on one runner) take turns instead of interleaving their changes.
 *
 * The lock is a file beside the warehouse (`<warehouse>.lock`) created with `open(…, "wx")`, which
 * fails when the file exists: whoever creates it holds the lock. It records the holder's pid, host and
 * start time, so a waiting run can say who it waits for, and a lock left behind by a process that
 * died (same host, pid no longer running) is taken over instead of blocking every later run. Release
 * removes the file only if it is still the holder's own (its token matches).
 */
import { randomBytes } from "node:crypto";
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { UsageError, makeDirectory } from "@meshkit/core";

export interface LockHolder {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What holds it, for the message a waiting run prints (`meshkit provision apply`). */
  purpose?: string;
  /** Tells this holder's lock file from a later one at the same path. */
  token: string;
}

export interface LockOptions {
  /** How long to wait for another holder before giving up; default 30 s. 0: do not wait. */
  timeoutMs?: number;
  /** How often to look again while waiting; default 100 ms. */
  pollMs?: number;
  /** Recorded in the lock file and shown to whoever waits. */
  purpose?: string;
  /** Called once when the lock is held by someone else and this call starts waiting. */
  onWait?: (holder: LockHolder | undefined) => void;
}

export interface HeldLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this holder's; safe to call twice. */
  release(): void;
}

/** Another run held the lock for longer than the caller was willing to wait. One line, exit code 2. */
export class LockTimeoutError extends UsageError {
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder | undefined,
    waitedMs: number,
  ) {
    const who = holder ? `${holder.purpose ?? "another process"} (pid ${holder.pid}${holder.hostname !== hostname() ? ` on ${holder.hostname}` : ""}, since ${holder.since})` : "another process";
    super(`${lockPath} is held by ${who}; gave up after ${formatSeconds(waitedMs)}. Run again when it has finished, or delete the lock file if that process is gone.`);
  }
}

/** A lock file with no readable holder is only considered abandoned after this long (a holder writes it right after creating it). */
const UNREADABLE_GRACE_MS = 10_000;

/** Takes the lock at `path`, waiting for another holder up to `timeoutMs`. */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<HeldLock> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  const started = Date.now();
  let waiting = false;
  makeDirectory(dirname(path));
  for (;;) {
    const held = tryCreate(path, options.purpose);
    if (held) return held;
    const current = readHolder(path);
    if (current.state === "gone") continue;
    if (isAbandoned(current)) {
      takeOver(path, current.text);
      continue;
    }
    const holder = current.state === "held" ? current.holder : undefined;
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new LockTimeoutError(path, holder, waited);
    if (!waiting) {
      waiting = true;
      options.onWait?.(holder);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, timeoutMs - waited))));
  }
}

/** Runs `fn` holding the lock at `path`; the lock is released however `fn` ends. */
export async function withLock<T>(path: string, fn: (lock: HeldLock) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = await acquireLock(path, options);
  try {
    return await fn(lock);
  } finally {
    lock.release();
  }
}

/** Who holds the lock at `path` now, if anyone (for status output and tests). */
export function lockHolder(path: string): LockHolder | undefined {
  const current = readHolder(path);
  return current.state === "held" ? current.holder : undefined;
}

function tryCreate(path: string, purpose: string | undefined): HeldLock | undefined {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw new UsageError(`cannot create the lock file ${path}: ${(error as Error).message}`);
  }
  const holder: LockHolder = { pid: process.pid, hostname: hostname(), since: new Date().toISOString(), ...(purpose ? { purpose } : {}), token: randomBytes(8).toString("hex") };
  const text = `${JSON.stringify(holder)}\n`;
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  let released = false;
  return {
    path,
    holder,
    release() {
      if (released) return;
      released = true;
      const current = readHolder(path);
      // Only our own file: a lock someone took over (after we were presumed dead) is theirs now.
      if (current.state === "held" && current.holder.token === holder.token) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    },
  };
}

type Current = { state: "gone" } | { state: "held"; holder: LockHolder; text: string } | { state: "unreadable"; text: string; ageMs: number };

function readHolder(path: string): Current {
  let text: string;
  let ageMs: number;
  try {
    text = readFileSync(path, "utf8");
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: "gone" };
    throw new UsageError(`cannot read the lock file ${path}: ${(error as Error).message}`);
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === "number" && typeof value.hostname === "string" && typeof value.token === "string") {
      return { state: "held", holder: { since: "", ...value } as LockHolder, text };
    }
  } catch {
    // written half-way, or not ours: judged by age below
  }
  return { state: "unreadable", text, ageMs };
}

/** A holder on this host whose process has ended, or a file nobody finished writing long ago. */
function isAbandoned(current: Exclude<Current, { state: "gone" }>): boolean {
  if (current.state === "unreadable") return current.ageMs > UNREADABLE_GRACE_MS;
  if (current.holder.hostname !== hostname()) return false; // cannot tell: wait for it
  return !processIsRunning(current.holder.pid);
}

function processIsRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes an abandoned lock file. It is first renamed aside (atomic), then checked: if what was moved
 * is not the abandoned file (another run took it over and a new holder created a lock in between), it
 * is put back with `link`, which, like `wx`, never replaces a file that exists.
 */
function takeOver(path: string, abandonedText: string): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new UsageError(`cannot take over the abandoned lock file ${path}: ${(error as Error).message}`);
  }
  try {
    if (readFileSync(aside, "utf8") !== abandonedText) {
      try {
        linkSync(aside, path);
      } catch {
        // a new lock exists already; the loop will wait for it
      }
    }
  } finally {
    try {
      unlinkSync(aside);
    } catch {
      // nothing to clean
    }
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
