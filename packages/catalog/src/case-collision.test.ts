/**
 * A catalog that already holds two product ids (or two versions of one product) that differ only in
 * letter case — merged from another branch, written by hand, or published before meshkit refused them —
 * is reported by every command that reads it, not only when one of the two is published again.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogConsumers } from "./consumers.js";
import { entryPath } from "./paths.js";
import { publishProducts } from "./publish.js";
import { searchCatalog } from "./search.js";
import { buildSite } from "./site/build.js";
import { readCatalogDir } from "./store.js";
import { productDocuments, publisher, tempDir } from "./test-support.js";

/** A catalog with `orders` (at `versions`) and, copied in from another catalog, `Orders`. */
async function catalogWithCaseTwins(versions: readonly string[] = ["1.0.0"]): Promise<string> {
  const dir = tempDir();
  const other = tempDir();
  await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "refunds" }), publisher: publisher() });
  for (const version of versions) await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", name: "Orders", version }), publisher: publisher() });
  await publishProducts({ target: `dir:${other}`, products: productDocuments({ id: "Orders", name: "Orders EU" }), publisher: publisher() });
  cpSync(join(other, "products", "Orders"), join(dir, "products", "Orders"), { recursive: true });
  return dir;
}

describe("case collisions already in a catalog", () => {
  it("are reported when the catalog is read: by publish, build and search", async () => {
    const dir = await catalogWithCaseTwins();
    const file = join(dir, entryPath("orders", "1.0.0"));
    const expected = expect.objectContaining({ ruleId: "catalog-case-collision", severity: "error", file, line: 1, column: 1, message: expect.stringContaining("Product id orders (Orders, domain sales) differs only in letter case from Orders (Orders EU, domain sales)") });
    const publish = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "refunds" }), dryRun: true, publisher: publisher() });
    const build = buildSite(dir, join(tempDir(), "site"));
    const search = searchCatalog(dir, "");
    for (const findings of [readCatalogDir(dir).findings, publish.findings, build.findings, search.findings]) {
      expect(findings.filter((f) => f.ruleId === "catalog-case-collision")).toEqual([expected]);
    }
    // Both products stay indexed, as they are on a case-sensitive file system.
    expect(readCatalogDir(dir).entries.map((e) => e.id)).toEqual(["Orders", "orders", "refunds"]);
  });

  it("reports a product once, whatever number of versions it has", async () => {
    const dir = await catalogWithCaseTwins(["1.0.0", "1.1.0"]);
    const findings = readCatalogDir(dir).findings.filter((f) => f.ruleId === "catalog-case-collision");
    expect(findings).toHaveLength(1);
  });

  it("reports versions of one product that differ only in letter case", async () => {
    const dir = tempDir();
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "1.0.0-RC1" }), publisher: publisher() });
    const upper = join(dir, entryPath("orders", "1.0.0-RC1"));
    const lower = join(dir, entryPath("orders", "1.0.0-rc1"));
    writeFileSync(lower, JSON.stringify({ ...JSON.parse(readFileSync(upper, "utf8")), productVersion: "1.0.0-rc1" }));
    const findings = readCatalogDir(dir).findings;
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: "catalog-case-collision", severity: "error", file: lower, message: expect.stringContaining("Version 1.0.0-rc1 of orders differs only in letter case from version 1.0.0-RC1") }),
    ]);
  });

  it("are passed on by the consumer directory as warnings, without claiming consumers are missing", async () => {
    const dir = await catalogWithCaseTwins();
    const directory = catalogConsumers(`dir:${dir}`);
    await directory.consumersOf("any-contract");
    const findings = await directory.findings();
    expect(findings).toEqual([expect.objectContaining({ ruleId: "catalog-case-collision", severity: "warning" })]);
    expect(findings[0]!.message).not.toContain("not listed");
  });
});
