/**
 * The lock of a `dir:` catalog: a lock left over by a publisher that died is taken over by exactly one
 * of the publishers that find it, and a publisher releases only its own lock.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../test-support.js";
import { LOCK_FILE, type LockTiming, dirCatalog, lockCatalog } from "./dir.js";

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
    const lock = await first; // the first took it over and holds the lock again
    const held = readFileSync(file, "utf8");
    go[1]!.open(); // the second now acts on the stale lock it saw: the file is the first one's lock
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected"]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/is locked by another publisher/);
    expect(readFileSync(file, "utf8")).toBe(held);
    lock.release();
    expect(readdirSync(dir)).toEqual([]); // no lock, no takeover marker left behind
  });

  it("does not remove, on release, a lock another publisher took over from it", async () => {
    const file = join(tempDir(), LOCK_FILE);
    const timing: LockTiming = { staleMs: 60_000, waitMs: 0 };
    const slow = await lockCatalog(file, "dir:test", timing);
    ageOneHour(file); // the first publisher stalled so long that its lock looks left over
    const next = await lockCatalog(file, "dir:test", timing);
    const nextToken = readFileSync(file, "utf8");
    expect(slow.held()).toBe(false);
    slow.release();
    expect(readFileSync(file, "utf8")).toBe(nextToken);
    next.release();
    expect(existsSync(file)).toBe(false);
  });

  it("keeps its lock fresh while a publish runs longer than the stale age, so no one takes it over", async () => {
    const file = join(tempDir(), LOCK_FILE);
    const timing: LockTiming = { staleMs: 600, waitMs: 0 };
    const long = await lockCatalog(file, "dir:test", timing);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // over twice the stale age
    await expect(lockCatalog(file, "dir:test", timing)).rejects.toThrow(/is locked by another publisher/);
    expect(long.held()).toBe(true);
    long.release();
    expect(existsSync(file)).toBe(false);
  });

  it("writes nothing when its lock was taken over while it prepared the update", async () => {
    const root = join(tempDir(), "catalog");
    const catalog = dirCatalog({ type: "dir", path: root, text: `dir:${root}` });
    let other: Awaited<ReturnType<typeof lockCatalog>> | undefined;
    const update = catalog.update(
      async (dir) => {
        // This publisher stalls (its heartbeat cannot run) until another one finds the lock stale and takes it.
        ageOneHour(join(dir, LOCK_FILE));
        other = await lockCatalog(join(dir, LOCK_FILE), "dir:other");
        return { writes: [{ path: "index.json", text: "{}\n" }], message: "publish" };
      },
      { dryRun: false },
    );
    await expect(update).rejects.toThrow(/was taken over by another publisher .*nothing was written/);
    expect(existsSync(join(root, "index.json"))).toBe(false);
    expect(other!.held()).toBe(true); // the other publisher's lock is left alone
    other!.release();
  });
});

describe("reading a dir: catalog", () => {
  it("refuses a folder that holds no catalog, pointing at the catalog when the products folder was named", async () => {
    const root = tempDir();
    const catalog = join(root, "catalog");
    mkdirSync(join(catalog, "products", "orders"), { recursive: true });
    writeFileSync(join(catalog, "index.json"), "{}");
    const tooDeep = dirCatalog({ type: "dir", path: join(catalog, "products"), text: "dir:catalog/products" }, root);
    await expect(tooDeep.read(() => "read")).rejects.toThrow(/holds no catalog \(no index\.json, no products\/ folder\): did you mean dir:catalog\?/);
    const deeper = dirCatalog({ type: "dir", path: join(catalog, "products", "orders"), text: "dir:catalog/products/orders" }, root);
    await expect(deeper.read(() => "read")).rejects.toThrow(/did you mean dir:catalog\?/);
    mkdirSync(join(root, "empty"));
    const empty = dirCatalog({ type: "dir", path: join(root, "empty"), text: "dir:empty" }, root);
    await expect(empty.read(() => "read")).rejects.toThrow(/holds no catalog .*: publish to it first/);
    await expect(dirCatalog({ type: "dir", path: catalog, text: "dir:catalog" }, root).read(() => "read")).resolves.toBe("read");
  });

  it("refuses to publish into a catalog's products folder, which would start a second catalog no reader sees", async () => {
    const root = tempDir();
    const catalog = join(root, "catalog");
    mkdirSync(join(catalog, "products"), { recursive: true });
    writeFileSync(join(catalog, "index.json"), "{}");
    const tooDeep = dirCatalog({ type: "dir", path: join(catalog, "products"), text: "dir:catalog/products" }, root);
    await expect(tooDeep.update(() => ({ writes: [], message: "publish" }), { dryRun: false })).rejects.toThrow("catalog dir:catalog/products is inside the catalog dir:catalog (in its products/ folder): name that one");
    expect(existsSync(join(catalog, "products", "index.json"))).toBe(false);
    expect(readdirSync(join(catalog, "products"))).toEqual([]);
  });

  it("publishes a first time to a new catalog beside a domain repository's own products/ folder (its .meshkit/catalog, or catalog)", async () => {
    // A repository made by `meshkit init domain` has products/<name>/ at its top: no catalog, whatever the folder is called.
    const repo = tempDir();
    mkdirSync(join(repo, "products", "orders"), { recursive: true });
    writeFileSync(join(repo, "products", "orders", "product.odps.yaml"), "kind: DataProduct\n");
    for (const path of [join(repo, ".meshkit", "catalog"), join(repo, "catalog")]) {
      const store = dirCatalog({ type: "dir", path, text: `dir:${path}` }, repo);
      await store.update(() => ({ writes: [{ path: "index.json", text: "{}" }], message: "publish" }), { dryRun: false });
      expect(readFileSync(join(path, "index.json"), "utf8")).toBe("{}");
    }
    // Nor is a products/ folder that belongs to no catalog one to refuse (no index.json above it).
    const products = join(repo, "products");
    await expect(dirCatalog({ type: "dir", path: join(products, "orders"), text: "dir:products/orders" }, repo).reach()).resolves.toBeUndefined();
  });
});
