import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { type AddressInfo, type Socket, createServer } from "node:net";
import { join } from "node:path";
import { UsageError } from "@meshkit/core";
import { startGitHttpServer } from "@meshkit/core/testing/git-http";
import { describe, expect, it } from "vitest";
import { entryPath } from "../paths.js";
import { publishProducts } from "../publish.js";
import { searchCatalogTarget } from "../search.js";
import { buildCatalogSite } from "../site/build.js";
import type { CatalogIndex } from "../store.js";
import { productDocuments, publisher, tempDir } from "../test-support.js";
import { gitCatalog } from "./git.js";
import { checkCatalogReachable, openCatalogStore } from "./open.js";
import { type CatalogStore, type CatalogTargetSpec, parseCatalogTarget } from "./target.js";

function bareRepository(): string {
  const repo = join(tempDir("catalog-git-"), "catalog.git");
  execFileSync("git", ["init", "-q", "--bare", repo]);
  return repo;
}

function gitOut(repo: string, args: string[]): string {
  return execFileSync("git", ["--git-dir", repo, ...args], { encoding: "utf8" });
}

function show(repo: string, branch: string, path: string): string {
  return gitOut(repo, ["show", `${branch}:${path}`]);
}

describe("git catalog target", () => {
  it("10 publishers pushing at the same moment: every entry and its history is there, the index lists all 10", async () => {
    const repo = bareRepository();
    const target = `git:${repo}#catalog`;
    const ids = Array.from({ length: 10 }, (_, i) => `product-${String(i).padStart(2, "0")}`);
    const docs = (i: number, version: string) => productDocuments({ id: ids[i]!, domain: `domain-${i}`, version });
    // The catalog already has version 1.0.0 of each product (one earlier publish)...
    await publishProducts({ target, products: ids.flatMap((_, i) => docs(i, "1.0.0")), publisher: publisher({ repo: undefined }) });
    // ...then ten domain repositories publish version 1.1.0 at once, each in its own temporary
    // worktree, racing for the same branch. A publisher loses a race only to another one's push
    // (at most 9 times here; a push that collides with a concurrent ref update can also lose to
    // one that failed itself, rarely): 30 attempts keep the outcome independent of timing.
    const retry = { attempts: 30, baseDelayMs: 50, maxDelayMs: 4000 };
    // A barrier makes the race certain rather than likely: every publisher has fetched the same tip
    // and planned its change before any of them pushes, so exactly one push can win the first round.
    let waiting = ids.length;
    let release!: () => void;
    const allPlanned = new Promise<void>((resolve) => (release = resolve));
    const racingStore = (i: number): CatalogStore => {
      const store = gitCatalog(parseCatalogTarget(target) as Extract<CatalogTargetSpec, { type: "git" }>, { retry, author: { name: `publisher-${i}`, email: `publisher-${i}@example.com` } });
      let first = true;
      return {
        ...store,
        update: (plan, options) =>
          store.update(async (dir) => {
            const planned = await plan(dir);
            if (first) {
              first = false;
              if (--waiting === 0) release();
              await allPlanned;
            }
            return planned;
          }, options),
      };
    };
    const results = await Promise.all(ids.map((_, i) => publishProducts({ target: racingStore(i), products: docs(i, "1.1.0"), publisher: publisher({ name: `publisher-${i}`, repo: `acme/domain-${i}` }) })));
    for (const result of results) {
      expect(result.findings).toEqual([]);
      expect(result.changes).toMatchObject([{ action: "add-version", version: "1.1.0" }]);
      expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
    }
    // One publisher won the first round; the nine others were rejected, fetched and published again.
    expect(results.filter((r) => r.attempts === 1)).toHaveLength(1);

    const index = JSON.parse(show(repo, "catalog", "index.json")) as CatalogIndex;
    expect(index.products.map((p) => p.id)).toEqual(ids);
    for (const [i, product] of index.products.entries()) {
      expect(product).toMatchObject({ domain: `domain-${i}`, latestVersion: "1.1.0" });
      expect(product.versions.map((v) => v.version)).toEqual(["1.0.0", "1.1.0"]);
      for (const version of ["1.0.0", "1.1.0"]) {
        expect(JSON.parse(show(repo, "catalog", entryPath(product.id, version)))).toMatchObject({ id: product.id, productVersion: version });
      }
    }
    // History: one commit per publish on one linear branch; no publish overwrote another.
    const subjects = gitOut(repo, ["log", "--format=%s", "catalog"]).trim().split("\n");
    expect(subjects).toHaveLength(11);
    expect(subjects.at(-1)).toMatch(/^Publish 10 product versions: product-00 1\.0\.0, /);
    expect(gitOut(repo, ["rev-list", "--merges", "--count", "catalog"]).trim()).toBe("0");
    for (const [i, id] of ids.entries()) expect(subjects).toContain(`Publish ${id} 1.1.0 (domain-${i})`);
    expect(new Set(gitOut(repo, ["log", "--format=%an", "catalog"]).trim().split("\n")).size).toBe(11);
  }, 180_000);

  it("a new catalog branch that another publisher creates between the fetch and ls-remote is fetched again, not an error", async () => {
    const repo = bareRepository();
    // The first publisher's branch, made beforehand in a repository of its own...
    const first = bareRepository();
    await publishProducts({ target: `git:${first}#catalog`, products: productDocuments({ id: "orders", domain: "sales" }), publisher: publisher({ repo: "acme/sales" }) });
    // ...lands in the catalog right after the second publisher's fetch found no branch there, before
    // its ls-remote asks why: a git on PATH that pushes it in after the first fetch of the catalog.
    const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    const bin = tempDir("catalog-git-bin-");
    const landed = join(bin, "landed");
    writeFileSync(
      join(bin, "git"),
      [
        "#!/bin/sh",
        `if [ "$1" = fetch ] && [ ! -e '${landed}' ]; then`,
        `  '${realGit}' "$@"; code=$?`,
        `  : > '${landed}'`,
        `  '${realGit}' --git-dir='${first}' push -q '${repo}' catalog:refs/heads/catalog || exit 99`,
        "  exit $code",
        "fi",
        `exec '${realGit}' "$@"`,
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path ?? ""}`;
    try {
      const second = await publishProducts({ target: `git:${repo}#catalog`, products: productDocuments({ id: "refunds", domain: "finance" }), publisher: publisher({ repo: "acme/finance" }) });
      expect(second.findings).toEqual([]);
      expect(second.changes).toMatchObject([{ action: "add-product", id: "refunds" }]);
    } finally {
      process.env.PATH = path;
    }
    expect(readFileSync(landed, "utf8")).toBe("");
    const index = JSON.parse(show(repo, "catalog", "index.json")) as CatalogIndex;
    expect(index.products.map((p) => p.id)).toEqual(["refunds", "orders"]);
    expect(gitOut(repo, ["log", "--format=%s", "catalog"]).trim().split("\n")).toHaveLength(2);
  });

  it("re-publishing unchanged content pushes nothing; a dry run fetches but never pushes", async () => {
    const repo = bareRepository();
    const target = `git:${repo}#catalog`;
    const products = productDocuments({ id: "orders" });
    await publishProducts({ target, products, publisher: publisher() });
    const head = gitOut(repo, ["rev-parse", "catalog"]).trim();
    const again = await publishProducts({ target, products, publisher: publisher({ now: new Date("2027-01-01T00:00:00Z") }) });
    expect(again).toMatchObject({ written: false, changes: [{ action: "unchanged" }] });
    expect(again.commit).toBeUndefined();
    const dry = await publishProducts({ target, products: productDocuments({ id: "orders", version: "2.0.0" }), publisher: publisher(), dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, written: true, changes: [{ action: "add-version", version: "2.0.0" }], files: [entryPath("orders", "2.0.0"), "index.json"] });
    expect(gitOut(repo, ["rev-parse", "catalog"]).trim()).toBe(head);
    // The site and the search read the branch through a temporary checkout.
    const site = join(tempDir(), "site");
    const built = await buildCatalogSite(target, site);
    expect(built).toMatchObject({ products: 1, versions: 1, findings: [] });
    expect(readFileSync(join(site, "index.html"), "utf8")).toContain(">orders</a>");
    expect((await searchCatalogTarget(target, "orders")).hits.map((h) => h.id)).toEqual(["orders"]);
  });

  it("refuses a product id that another domain registered, and pushes nothing", async () => {
    const repo = bareRepository();
    const target = `git:${repo}#catalog`;
    await publishProducts({ target, products: productDocuments({ id: "orders", domain: "sales" }), publisher: publisher({ repo: "acme/sales" }) });
    const head = gitOut(repo, ["rev-parse", "catalog"]).trim();
    const other = await publishProducts({ target, products: productDocuments({ id: "orders", domain: "finance", version: "3.0.0" }), publisher: publisher({ repo: "acme/finance" }) });
    expect(other.written).toBe(false);
    expect(other.findings).toMatchObject([{ ruleId: "catalog-ownership", severity: "error" }]);
    expect(other.findings[0]!.message).toContain("is registered in the catalog by domain sales (orders, from acme/sales); domain finance may not publish it: ownership is by domain");
    expect(gitOut(repo, ["rev-parse", "catalog"]).trim()).toBe(head);
  });

  it("rebuilds a corrupted index on the branch and reports it", async () => {
    const repo = bareRepository();
    const target = `git:${repo}#catalog`;
    await publishProducts({ target, products: [...productDocuments({ id: "a" }), ...productDocuments({ id: "b" })], publisher: publisher() });
    const good = show(repo, "catalog", "index.json");
    // Someone commits a broken index.json straight to the branch.
    const work = tempDir();
    execFileSync("git", ["clone", "-q", "--branch", "catalog", repo, work]);
    execFileSync("bash", ["-c", 'echo "<<<<<<< HEAD" > index.json && git -c user.name=x -c user.email=x@x commit -qam broken && git push -q origin catalog'], { cwd: work });
    const result = await publishProducts({ target, products: productDocuments({ id: "c" }), publisher: publisher() });
    expect(result.findings).toMatchObject([{ ruleId: "catalog-index-rebuilt", severity: "warning", file: `git:${repo}#catalog:index.json` }]);
    expect(result.findings[0]!.message).toMatch(/^index\.json is not valid JSON .*; it was rebuilt from the 3 entries\.$/);
    const rebuilt = JSON.parse(show(repo, "catalog", "index.json")) as CatalogIndex;
    expect(rebuilt.products.map((p) => p.id)).toEqual(["a", "b", "c"]);
    expect(JSON.parse(good).products).toHaveLength(2);
  });

  it("an unreachable repository is a one-line error, for publishing and for reading", async () => {
    const missing = join(tempDir(), "no-such-repo.git");
    const attempt = publishProducts({ target: `git:${missing}#catalog`, products: productDocuments({ id: "a" }), publisher: publisher() });
    await expect(attempt).rejects.toThrow(UsageError);
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(new RegExp(`^cannot reach catalog git:${missing}#catalog: fatal: .*${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*$`));
    expect(error.message).not.toContain("\n");
    const store = openCatalogStore(`git:${missing}#catalog`);
    await expect(store.read(() => 1)).rejects.toThrow(/^cannot reach catalog git:/);
    const empty = openCatalogStore(`git:${bareRepository()}#catalog`);
    await expect(empty.read(() => 1)).rejects.toThrow(/has no branch catalog yet: publish to it first$/);
  });

  it("a push the repository refuses (a hook, a protected branch) is reported at once, not retried", async () => {
    const repo = bareRepository();
    writeFileSync(join(repo, "hooks/pre-receive"), "#!/bin/sh\necho 'catalog is frozen for the audit' >&2\nexit 1\n", { mode: 0o755 });
    const attempt = publishProducts({ target: `git:${repo}#catalog`, products: productDocuments({ id: "a" }), publisher: publisher(), retry: { attempts: 3, baseDelayMs: 60_000 } });
    await expect(attempt).rejects.toThrow(`catalog git:${repo}#catalog: git push failed: [remote rejected] (pre-receive hook declined) — remote: catalog is frozen for the audit`);
  });

  it("reach: a repository without the branch yet is reachable; one that is not there or does not answer is a one-line error", async () => {
    await expect(checkCatalogReachable(`git:${bareRepository()}#catalog`)).resolves.toBeUndefined();
    const missing = join(tempDir(), "no-such-repo.git");
    await expect(checkCatalogReachable(`git:${missing}#catalog`)).rejects.toThrow(`cannot reach catalog git:${missing}#catalog: no repository at ${missing}`);
    const refused = (await checkCatalogReachable("git:http://user:s3cret-token@127.0.0.1:9/catalog.git#catalog").catch((e: unknown) => e)) as Error;
    expect(refused).toBeInstanceOf(UsageError);
    expect(refused.message).toMatch(/^cannot reach catalog git:http:\/\/\*\*\*@127\.0\.0\.1:9\/catalog\.git#catalog: fatal: .*127\.0\.0\.1 port 9/);
    expect(refused.message).not.toContain("s3cret");
  });

  it("reach: over smart HTTP that answers as GitHub does, with the token and without it", async () => {
    const root = tempDir("catalog-git-http-");
    execFileSync("git", ["init", "-q", "--bare", join(root, "catalog.git")]);
    const token = "ghs_catalogReachTestToken0123456789";
    const server = await startGitHttpServer({ root, token });
    try {
      const target = `git:${server.url}/catalog.git#catalog`;
      await expect(checkCatalogReachable(target, { token })).resolves.toBeUndefined();
      expect(server.requests.length).toBeGreaterThan(0);
      const refused = (await checkCatalogReachable(target, { token: "ghs_wrong" }).catch((e: unknown) => e)) as Error;
      expect(refused.message).toMatch(new RegExp(`^cannot reach catalog ${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the repository refused the request without valid credentials: give a token with access to it$`));
      expect(refused.message).not.toContain("ghs_");
    } finally {
      await server.close();
    }
  });

  it("gives up a fetch from a server that takes the connection and never answers, instead of waiting for the job's timeout", async () => {
    // Each connection is held open and nothing is ever sent: git waited on it forever.
    const held: Socket[] = [];
    const server = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const spec = parseCatalogTarget(`git:http://127.0.0.1:${port}/catalog.git#catalog`);
      if (spec.type !== "git") throw new Error("not a git target");
      const error = (await gitCatalog(spec, { stallSeconds: 1 }).read(() => 1).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toMatch(/^cannot reach catalog git:http:\/\/127\.0\.0\.1:\d+\/catalog\.git#catalog: .*Operation too slow/);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 20_000);

  it("hides a token in the URL from messages", async () => {
    const store = openCatalogStore("git:https://user:s3cret-token@127.0.0.1:9/catalog.git#catalog", { token: "another-secret" });
    expect(store.display).toBe("git:https://***@127.0.0.1:9/catalog.git#catalog");
    const error = (await store.read(() => 1).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/^cannot reach catalog git:https:\/\/\*\*\*@127\.0\.0\.1:9\/catalog\.git#catalog: /);
    expect(error.message).not.toContain("s3cret");
    expect(error.message).not.toContain("another-secret");
  });
});
