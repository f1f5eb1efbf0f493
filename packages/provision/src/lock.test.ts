import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LockTimeoutError, acquireLock, lockHolder, withLock } from "./lock.js";

const dirs: string[] = [];
function tempLock(): string {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-lock-"));
  dirs.push(dir);
  return join(dir, "sub", "warehouse.duckdb.lock");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited (so certainly not running any more). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("warehouse lock", () => {
  it("is a file holding pid, host and time while held, and is gone once released", async () => {
    const path = tempLock();
    const lock = await acquireLock(path, { purpose: "meshkit provision apply" });
    expect(lockHolder(path)).toMatchObject({ pid: process.pid, hostname: hostname(), purpose: "meshkit provision apply" });
    expect(Date.parse(lockHolder(path)!.since)).not.toBeNaN();
    lock.release();
    expect(existsSync(path)).toBe(false);
    lock.release(); // twice is harmless
  });

  it("makes a second taker give up after its timeout with one line naming the holder", async () => {
    const path = tempLock();
    const first = await acquireLock(path, { purpose: "meshkit provision apply" });
    const error = await acquireLock(path, { timeoutMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as Error).message).toMatch(new RegExp(`is held by meshkit provision apply \\(pid ${process.pid}, since .*\\); gave up after \\d+ ms\\. Run again when it has finished`));
    expect((error as Error).message).not.toContain("\n");
    expect((error as LockTimeoutError).exitCode).toBe(2);
    first.release();
  });

  it("lets a waiting taker in as soon as the holder releases", async () => {
    const path = tempLock();
    const first = await acquireLock(path);
    const waits: unknown[] = [];
    // The holder lets go when the second taker reports that it waits: no timing involved.
    const second = await acquireLock(path, {
      timeoutMs: 60_000,
      pollMs: 5,
      onWait: (holder) => {
        waits.push(holder);
        first.release();
      },
    });
    expect(waits).toEqual([expect.objectContaining({ pid: process.pid })]);
    expect(lockHolder(path)?.token).toBe(second.holder.token);
    second.release();
  });

  it("takes over a lock whose holder died (same host, pid not running)", async () => {
    const path = tempLock();
    await acquireLock(path).then((l) => l.release()); // makes the folder
    const pid = deadPid();
    writeFileSync(path, JSON.stringify({ pid, hostname: hostname(), since: "2026-01-01T00:00:00.000Z", token: "dead" }));
    const lock = await acquireLock(path, { timeoutMs: 0 });
    expect(lockHolder(path)).toMatchObject({ pid: process.pid });
    lock.release();
    expect(readdirClean(path)).toEqual([]);
  });

  it("waits for a holder on another host (its pid means nothing here)", async () => {
    const path = tempLock();
    await acquireLock(path).then((l) => l.release());
    writeFileSync(path, JSON.stringify({ pid: deadPid(), hostname: `not-${hostname()}`, since: "2026-01-01T00:00:00.000Z", token: "remote" }));
    const error = await acquireLock(path, { timeoutMs: 0 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/ on not-/);
  });

  it("takes over a lock file nobody finished writing, once it is old", async () => {
    const path = tempLock();
    await acquireLock(path).then((l) => l.release());
    writeFileSync(path, "");
    await expect(acquireLock(path, { timeoutMs: 0 })).rejects.toThrow(/held by another process/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const lock = await acquireLock(path, { timeoutMs: 0 });
    lock.release();
  });

  it("never removes a lock that is no longer its own", async () => {
    const path = tempLock();
    const lock = await acquireLock(path);
    // Presumed dead and taken over by someone else:
    writeFileSync(path, JSON.stringify({ pid: process.pid, hostname: hostname(), since: "2026-01-01T00:00:00.000Z", token: "someone-else" }));
    lock.release();
    expect(JSON.parse(readFileSync(path, "utf8")).token).toBe("someone-else");
  });

  it("releases when the locked work throws", async () => {
    const path = tempLock();
    await expect(withLock(path, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(path)).toBe(false);
  });
});

/** What is left beside the lock: no lock, and no `.stale-*` file from a take-over. */
function readdirClean(path: string): string[] {
  return readdirSync(dirname(path));
}
