/**
 * Symbolic links in a catalog (a branch anyone who can push to it writes, a shared folder) or in a
 * site folder never carry a write, or a read of an entry, outside of it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { entryPath } from "../paths.js";
import { publishProducts } from "../publish.js";
import { searchCatalog, searchCatalogTarget } from "../search.js";
import { buildCatalogSite, buildSite } from "../site/build.js";
import { SITE_MANIFEST } from "../site/earlier-build.js";
import { productDocuments, publisher, tempDir } from "../test-support.js";

const PRODUCT = "eafc0521-7a4e-4a3f-9f43-0d0c1a2b3c4d";
const ENTRY_FOLDER = entryPath(PRODUCT, "0.1.0").replace(/\/[^/]+$/, "");

function git(cwd: string, args: string[]): string {
  return execFileSync("git", ["-c", "user.name=attacker", "-c", "user.email=a@example.com", ...args], { cwd, encoding: "utf8" });
}

/** A bare catalog repository whose `catalog` branch holds the given links (path in the tree → where it points) and files. */
function catalogWithLinks(links: Record<string, string>, files: Record<string, string> = {}): string {
  const repo = join(tempDir("catalog-links-"), "catalog.git");
  execFileSync("git", ["init", "-q", "--bare", repo]);
  const work = tempDir();
  git(work, ["init", "-q", "-b", "catalog"]);
  for (const [path, to] of Object.entries(links)) {
    mkdirSync(join(work, path, ".."), { recursive: true });
    symlinkSync(to, join(work, path));
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(work, path, ".."), { recursive: true });
    writeFileSync(join(work, path), text);
  }
  git(work, ["add", "-A"]);
  git(work, ["commit", "-qm", "links"]);
  git(work, ["push", "-q", repo, "catalog"]);
  return repo;
}

function head(repo: string): string {
  return execFileSync("git", ["--git-dir", repo, "rev-parse", "catalog"], { encoding: "utf8" }).trim();
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as Error | undefined;
  expect(error).toBeInstanceOf(UsageError);
  return error!;
}

describe("links in a git catalog", () => {
  it("a product folder that links outside: the publish is refused, nothing is written there and nothing is pushed", async () => {
    const victim = tempDir("victim-");
    const repo = catalogWithLinks({ [ENTRY_FOLDER]: victim });
    const before = head(repo);
    const error = await refusal(publishProducts({ target: `git:${repo}#catalog`, products: productDocuments({ id: PRODUCT, version: "0.1.0" }), publisher: publisher() }));
    expect(error.message).toBe(`Refusing to write ${entryPath(PRODUCT, "0.1.0")}: ${ENTRY_FOLDER} is a link that leads outside the catalog git:${repo}#catalog`);
    expect(readdirSync(victim)).toEqual([]);
    expect(head(repo)).toBe(before);
  });

  it("a product folder that links to a folder not there yet: refused, the folder is not made", async () => {
    const victim = join(tempDir("victim-"), "new");
    const repo = catalogWithLinks({ [ENTRY_FOLDER]: victim });
    const error = await refusal(publishProducts({ target: `git:${repo}#catalog`, products: productDocuments({ id: PRODUCT, version: "0.1.0" }), publisher: publisher() }));
    expect(error.message).toMatch(/^Refusing to write products\/.* is a link that leads outside the catalog git:/);
    expect(existsSync(victim)).toBe(false);
  });

  it("a products folder that links outside is neither read nor written through: one line, for publish, search and the site", async () => {
    const victim = tempDir("victim-");
    writeFileSync(join(victim, "private.json"), "{}");
    const repo = catalogWithLinks({ products: victim });
    const target = `git:${repo}#catalog`;
    const expected = `cannot read catalog folder ${target}:products: it is a link that leads outside the catalog; replace it with the folder from the catalog's history`;
    expect((await refusal(publishProducts({ target, products: productDocuments({ id: PRODUCT }), publisher: publisher() }))).message).toBe(expected);
    expect((await refusal(searchCatalogTarget(target, ""))).message).toBe(expected);
    expect((await refusal(buildCatalogSite(target, join(tempDir(), "site")))).message).toBe(expected);
    expect(readdirSync(victim)).toEqual(["private.json"]);
  });

  it("an entry that links to another catalog's entry outside is not read, so none of it is pushed into this catalog", async () => {
    // A private catalog on the same machine, at a path the attacker guessed.
    const privateCatalog = tempDir("private-catalog-");
    await publishProducts({ target: `dir:${privateCatalog}`, products: productDocuments({ id: "secret-product", description: "Confidential plans." }), publisher: publisher() });
    const entry = entryPath("secret-product", "1.0.0");
    const repo = catalogWithLinks({ [entry]: join(privateCatalog, entry), "index.json": join(privateCatalog, "index.json") });
    const target = `git:${repo}#catalog`;
    const result = await publishProducts({ target, products: productDocuments({ id: "orders" }), publisher: publisher() });
    expect(result.findings).toMatchObject([
      {
        ruleId: "catalog-entry-unreadable",
        severity: "error",
        file: `${target}:${entry}`,
        message: `Catalog entry ${entry} is a link that leads outside the catalog; it is not read or indexed. Restore the entry from the catalog's history or publish the product again.`,
      },
      { ruleId: "catalog-index-rebuilt", message: "index.json cannot be read (it is a link that leads outside the catalog); it was rebuilt from the 1 entries." },
    ]);
    const pushed = execFileSync("git", ["--git-dir", repo, "show", "catalog:index.json"], { encoding: "utf8" });
    expect(pushed).not.toContain("secret-product");
    expect(pushed).toContain('"orders"');
    // The index link was replaced by the index (renamed over the link), the private one left as it was.
    expect(JSON.parse(readFileSync(join(privateCatalog, "index.json"), "utf8"))).toMatchObject({ products: [{ id: "secret-product" }] });
    const site = join(tempDir(), "site");
    await buildCatalogSite(target, site);
    expect(readFileSync(join(site, "index.html"), "utf8")).not.toContain("Confidential");
  });

  it("a link that stays inside the catalog is followed", async () => {
    const repo = catalogWithLinks({ products: "shelf" }, { "shelf/README": "entries\n" });
    const result = await publishProducts({ target: `git:${repo}#catalog`, products: productDocuments({ id: "orders" }), publisher: publisher() });
    expect(result).toMatchObject({ findings: [], written: true });
    const tree = execFileSync("git", ["--git-dir", repo, "ls-tree", "-r", "--name-only", "catalog"], { encoding: "utf8" });
    expect(tree.split("\n")).toContain(`shelf/${entryPath("orders", "1.0.0").slice("products/".length)}`);
  });
});

describe("links in a dir catalog", () => {
  it("a product folder that links outside: reported when read, refused before anything is written", async () => {
    const catalog = tempDir();
    const victim = tempDir("victim-");
    await publishProducts({ target: `dir:${catalog}`, products: productDocuments({ id: "orders" }), publisher: publisher() });
    const index = readFileSync(join(catalog, "index.json"), "utf8");
    mkdirSync(join(catalog, "products"), { recursive: true });
    symlinkSync(victim, join(catalog, ENTRY_FOLDER));
    const error = await refusal(publishProducts({ target: `dir:${catalog}`, products: [...productDocuments({ id: "orders", version: "2.0.0" }), ...productDocuments({ id: PRODUCT, version: "0.1.0" })], publisher: publisher() }));
    expect(error.message).toBe(`Refusing to write ${entryPath(PRODUCT, "0.1.0")}: ${ENTRY_FOLDER} is a link that leads outside the catalog dir:${catalog}`);
    expect(readdirSync(victim)).toEqual([]);
    // Checked before the first write: neither the other product's entry nor the index was written.
    expect(existsSync(join(catalog, entryPath("orders", "2.0.0")))).toBe(false);
    expect(readFileSync(join(catalog, "index.json"), "utf8")).toBe(index);
    expect(searchCatalog(catalog, "").findings).toMatchObject([
      {
        ruleId: "catalog-entry-unreadable",
        file: join(catalog, ENTRY_FOLDER),
        message: `Catalog folder ${ENTRY_FOLDER} is a link that leads outside the catalog; its entries are not read or indexed. Replace it with the folder from the catalog's history, or remove it.`,
      },
    ]);
  });
});

describe("links in the site folder", () => {
  it("a pages folder that links outside: no page is written there and no stale page removed from it", async () => {
    const catalog = tempDir();
    await publishProducts({ target: `dir:${catalog}`, products: productDocuments({ id: "orders" }), publisher: publisher() });
    const site = tempDir("site-");
    const victim = tempDir("victim-");
    writeFileSync(join(victim, "keep.html"), "keep me");
    symlinkSync(victim, join(site, "products"));
    expect(() => buildSite(catalog, site)).toThrow(new UsageError(`Refusing to write products/orders.html: products is a link that leads outside site output ${site}`));
    expect(readdirSync(victim)).toEqual(["keep.html"]);
    expect(readdirSync(site)).toEqual(["products"]);
  });

  it("with no page to write, stale pages are still not removed through the link", async () => {
    const catalog = tempDir();
    const site = tempDir("site-");
    const victim = tempDir("victim-");
    writeFileSync(join(victim, "keep.html"), "keep me");
    symlinkSync(victim, join(site, "products"));
    // An earlier build wrote products/keep.html; since then products became a link.
    writeFileSync(join(site, SITE_MANIFEST), JSON.stringify({ kind: "meshkit-catalog-site", version: 1, files: ["products/keep.html"] }));
    expect(() => buildSite(catalog, site)).toThrow(`Refusing to remove stale pages: products is a link that leads outside site output ${site}`);
    expect(readdirSync(victim)).toEqual(["keep.html"]);
  });
});
