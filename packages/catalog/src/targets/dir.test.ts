/**
 * The lock of a `dir:` catalog: a lock left over by a publisher that died is taken over by exactly one
 * of the publishers that find it, and a publisher releases only its own lock.
 */
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../test-support.js";
import { LOCK_FILE, type LockTiming, lockCatalog } from "./dir.js";

/** A promise and the function that settles it: lets the test decide who goes when. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Makes `file` look as if its publisher died an hour ago. */
const ageOneHour = (file: string) => {
  const then = new Date(Date.now() - 3_600_000);
  utimesSync(file, then, then);
};

describe("the lock of a dir: catalog", () => {
  it("lets exactly one of two publishers take over a stale lock they both found", async () => {
    const dir = tempDir();
    const file = join(dir, LOCK_FILE);
    writeFileSync(file, "4242\n"); // a publisher that crashed, in the format of earlier meshkit versions
    ageOneHour(file);
    const seen = [gate(), gate()];
    const go = [gate(), gate()];
    // waitMs 0: the one that does not get the lock gives up at once instead of waiting for the other.
    const timing = (i: 0 | 1): LockTiming => ({
      staleMs: 60_000,
      waitMs: 0,
      beforeTakeover: async () => {
        seen[i]!.open();
        await go[i]!.opened;
      },
    });
    const first = lockCatalog(file, "dir:test", timing(0));
    const second = lockCatalog(file, "dir:test", timing(1));
    await Promise.all(seen.map((g) => g.opened)); // both have judged the lock stale
    go[0]!.open();
    const release = await first; // the first took it over and holds the lock again
    const held = readFileSync(file, "utf8");
    go[1]!.open(); // the second now acts on the stale lock it saw: the file is the first one's lock
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected"]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/is locked by another publisher/);
    expect(readFileSync(file, "utf8")).toBe(held);
    release();
    expect(readdirSync(dir)).toEqual([]); // no lock, no takeover marker left behind
  });

  it("does not remove, on release, a lock another publisher took over from it", async () => {
    const file = join(tempDir(), LOCK_FILE);
    const timing: LockTiming = { staleMs: 60_000, waitMs: 0 };
    const releaseSlow = await lockCatalog(file, "dir:test", timing);
    ageOneHour(file); // the first publisher took so long that its lock looks left over
    const releaseNext = await lockCatalog(file, "dir:test", timing);
    const next = readFileSync(file, "utf8");
    releaseSlow();
    expect(readFileSync(file, "utf8")).toBe(next);
    releaseNext();
    expect(existsSync(file)).toBe(false);
  });
});
