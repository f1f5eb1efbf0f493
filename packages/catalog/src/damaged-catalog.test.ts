/**
 * A catalog whose files are not what they should be: devices, named pipes, files over the size limit,
 * JSON nested too deep to walk, a truncated results file. Every case is a finding (or a one-line
 * UsageError) with the file and a position, in bounded time and memory; never a hang or a stack trace.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "@meshkit/core";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_ENTRY_DEPTH, MAX_RESULTS_DEPTH, exceedsDepth, parseCatalogJson, readCatalogFile } from "./catalog-file.js";
import { entryPath } from "./paths.js";
import { publishProducts } from "./publish.js";
import { parseQualityRun, readQualityRun } from "./results.js";
import { searchCatalog, searchCatalogTarget, searchTextOutput } from "./search.js";
import { buildCatalogSite, buildSite } from "./site/build.js";
import { readCatalogDir } from "./store.js";
import { productDocuments, publisher, qualityRun, tempDir } from "./test-support.js";

const hasDevZero = existsSync("/dev/zero");
const hasMkfifo = process.platform !== "win32" && spawnSync("mkfifo", ["--version"]).error === undefined;

/**
 * Makes a named pipe. A safety net: should a regression open it for reading, a writer opens and closes
 * it after a few seconds, so the test fails on its assertions instead of hanging the suite.
 */
const netting: ChildProcess[] = [];
function fifo(path: string): void {
  const made = spawnSync("mkfifo", [path]);
  if (made.status !== 0) throw new Error(`mkfifo ${path} failed: ${String(made.stderr)}`);
  netting.push(spawn("sh", ["-c", 'sleep 5; exec 3>"$1"', "sh", path], { stdio: "ignore" }));
}
afterEach(() => {
  for (const child of netting.splice(0)) child.kill("SIGKILL");
});

async function publishedCatalog(): Promise<{ dir: string; entry: string }> {
  const dir = tempDir();
  await publishProducts({ target: `dir:${dir}`, products: [...productDocuments({ id: "orders" }), ...productDocuments({ id: "refunds" })], publisher: publisher() });
  return { dir, entry: entryPath("orders", "1.0.0") };
}

/** The three commands that read a catalog: publish (dry run), build, search. Their findings. */
async function readAll(dir: string): Promise<{ publish: Awaited<ReturnType<typeof publishProducts>>; build: ReturnType<typeof buildSite>; search: ReturnType<typeof searchCatalog> }> {
  const publish = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "refunds" }), dryRun: true, publisher: publisher() });
  const build = buildSite(dir, join(tempDir(), "site"));
  const search = searchCatalog(dir, "");
  return { publish, build, search };
}

describe("catalog files that are not regular files", () => {
  it.skipIf(!hasDevZero)("an entry that is a link to /dev/zero is an unreadable entry, read not at all", async () => {
    const { dir, entry } = await publishedCatalog();
    rmSync(join(dir, entry));
    symlinkSync("/dev/zero", join(dir, entry));
    const { publish, build, search } = await readAll(dir);
    for (const findings of [publish.findings, build.findings, search.findings]) {
      expect(findings).toContainEqual(
        expect.objectContaining({ ruleId: "catalog-entry-unreadable", severity: "error", file: join(dir, entry), line: 1, column: 1, message: `Catalog entry ${entry} cannot be read (Not a regular file); it is not indexed. Restore it from the catalog's history or publish the product again.` }),
      );
    }
    expect(search.hits.map((h) => h.id)).toEqual(["refunds"]);
    expect(build.products).toBe(1);
  });

  it.skipIf(!hasDevZero)("an index that is a link to /dev/zero is a damaged index: reported and rebuilt by publish, reported by build", async () => {
    const { dir } = await publishedCatalog();
    rmSync(join(dir, "index.json"));
    symlinkSync("/dev/zero", join(dir, "index.json"));
    const { publish, build, search } = await readAll(dir);
    expect(publish.findings).toMatchObject([{ ruleId: "catalog-index-rebuilt", severity: "warning", file: join(dir, "index.json"), message: "index.json cannot be read (Not a regular file); it would be rebuilt from the 2 entries." }]);
    expect(build.findings).toMatchObject([{ ruleId: "catalog-index-rebuilt", message: "index.json cannot be read (Not a regular file); the site is built from the entries (publish again to rebuild the index)." }]);
    expect(search.findings).toEqual([]);
    expect(search.hits).toHaveLength(2);
    // A real publish replaces the link with the index (the link, not /dev/zero, is renamed over).
    await publishProducts({ target: `dir:${dir}`, products: [], publisher: publisher() });
    expect(JSON.parse(readFileSync(join(dir, "index.json"), "utf8"))).toMatchObject({ kind: "meshkit-catalog-index", products: [{ id: "orders" }, { id: "refunds" }] });
  });

  it.skipIf(!hasMkfifo)("an entry or an index that is a named pipe is reported without being opened", async () => {
    const { dir, entry } = await publishedCatalog();
    rmSync(join(dir, entry));
    fifo(join(dir, entry));
    rmSync(join(dir, "index.json"));
    fifo(join(dir, "index.json"));
    const { publish, build, search } = await readAll(dir);
    const unreadable = expect.objectContaining({ ruleId: "catalog-entry-unreadable", file: join(dir, entry), message: expect.stringContaining("cannot be read (Not a regular file: a named pipe)") });
    expect(publish.findings).toEqual([unreadable, expect.objectContaining({ ruleId: "catalog-index-rebuilt", message: expect.stringMatching(/^index\.json cannot be read \(Not a regular file: a named pipe\)/) })]);
    expect(build.findings).toEqual([unreadable, expect.objectContaining({ ruleId: "catalog-index-rebuilt" })]);
    expect(search.findings).toEqual([unreadable]);
  });

  it("an entry over the size limit is reported with its size, without being read", async () => {
    const { dir, entry } = await publishedCatalog();
    truncateSync(join(dir, entry), 257 * 1024 * 1024); // sparse: no 257 MiB written
    const { search } = await readAll(dir);
    expect(search.findings).toMatchObject([{ ruleId: "catalog-entry-unreadable", message: `Catalog entry ${entry} cannot be read (File is 257.0 MiB; meshkit reads documents up to 256.0 MiB); it is not indexed. Restore it from the catalog's history or publish the product again.` }]);
  });

  it("an entry that is not text (a NUL byte) or not valid JSON is reported at the line and column of the fault", async () => {
    const { dir, entry } = await publishedCatalog();
    const text = readFileSync(join(dir, entry), "utf8");
    writeFileSync(join(dir, entry), text.replace('"domain": "sales"', '"domain": "sales",,'));
    const line = text.slice(0, text.indexOf('"domain": "sales"')).split("\n").length;
    const column = text.split("\n")[line - 1]!.indexOf('"domain"') + '"domain": "sales",'.length + 1;
    expect(searchCatalog(dir, "").findings).toMatchObject([{ ruleId: "catalog-entry-unreadable", line, column, message: expect.stringMatching(new RegExp(`^Catalog entry ${entry} is not valid JSON \\(.+ at line ${line}, column ${column}\\); it is not indexed\\.`)) }]);
    // `echo 'not json' > entry`: V8 quotes the text, its line break included; the reason keeps none of it.
    writeFileSync(join(dir, entry), "not json\n");
    expect(searchCatalog(dir, "").findings).toMatchObject([{ line: 1, column: 2, message: expect.stringContaining(`is not valid JSON (Unexpected token 'o' at line 1, column 2); it is not indexed.`) }]);
    writeFileSync(join(dir, entry), "{\n  \"a\": \0\n}");
    expect(searchCatalog(dir, "").findings).toMatchObject([{ ruleId: "catalog-entry-unreadable", line: 2, column: 8, message: expect.stringContaining("cannot be read (Binary content (a NUL byte)") }]);
  });
});

describe("catalog entries edited by hand", () => {
  it("a field of the wrong type (status null, quality without its summary, a commit that is a number) is an unreadable entry, not a crash", async () => {
    const edits: [string, (entry: Record<string, unknown>) => void][] = [
      ["status: null", (entry) => (entry.status = null)],
      ["quality: {}", (entry) => (entry.quality = {})],
      ["publication.commit: 5", (entry) => ((entry.publication as Record<string, unknown>).commit = 5)],
    ];
    for (const [what, edit] of edits) {
      const { dir, entry } = await publishedCatalog();
      const value = JSON.parse(readFileSync(join(dir, entry), "utf8")) as Record<string, unknown>;
      edit(value);
      writeFileSync(join(dir, entry), JSON.stringify(value));
      const { publish, build, search } = await readAll(dir);
      for (const findings of [publish.findings, build.findings, search.findings]) {
        expect(findings, what).toContainEqual(expect.objectContaining({ ruleId: "catalog-entry-unreadable", severity: "error", message: `${entry} is not a catalog entry (meshkit-catalog-entry, version 1); it is not indexed. Remove it or publish the product again.` }));
      }
      expect(build.products, what).toBe(1);
      // A publish of the whole repository reads the latest entry's status for the orphan check.
      await expect(publishProducts({ target: `dir:${dir}`, products: [], publisher: publisher(), wholeRepository: true, dryRun: true }), what).resolves.toBeDefined();
    }
  });
});

describe("catalog entries nested too deep to walk", () => {
  /** The entry of orders 1.0.0 with `levels` objects nested in its product's description. */
  async function deepEntry(levels: number): Promise<{ dir: string; entry: string; offset: number; text: string }> {
    const { dir, entry } = await publishedCatalog();
    const value = JSON.parse(readFileSync(join(dir, entry), "utf8")) as { product: Record<string, unknown> };
    value.product.description = "@@DEEP@@";
    const text = JSON.stringify(value, null, 2).replace('"@@DEEP@@"', `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`);
    writeFileSync(join(dir, entry), text);
    // the first bracket beyond the limit: the entry itself and `product` are two levels
    return { dir, entry, text, offset: text.indexOf('{"a":') + (MAX_ENTRY_DEPTH - 2) * '{"a":'.length };
  }

  it("publishing the same version over a 10,000-level entry is a finding at that file, not a stack overflow", async () => {
    const { dir, entry, text, offset } = await deepEntry(10_000);
    const before = text.slice(0, offset).split("\n");
    const at = { line: before.length, column: before.at(-1)!.length + 1 };
    const result = await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders" }), dryRun: true, publisher: publisher() });
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "catalog-entry-unreadable",
        severity: "error",
        file: join(dir, entry),
        ...at,
        message: `Catalog entry ${entry} is not a catalog entry (its collections nest more than ${MAX_ENTRY_DEPTH} levels deep); it is not indexed. Restore it from the catalog's history or publish the product again.`,
      }),
    );
    expect(result.changes.map((c) => c.id)).toEqual(["orders"]);
    // build and search report it the same way (and leave the product out)
    expect(buildSite(dir, join(tempDir(), "site")).findings).toContainEqual(expect.objectContaining({ ruleId: "catalog-entry-unreadable", ...at }));
    expect(searchCatalog(dir, "orders")).toMatchObject({ hits: [], findings: [{ ruleId: "catalog-entry-unreadable", ...at }] });
  });

  it("an entry nested exactly as deep as allowed is still read", async () => {
    const { dir } = await deepEntry(MAX_ENTRY_DEPTH - 2);
    expect(readCatalogDir(dir).findings).toEqual([]);
    const { dir: deeper } = await deepEntry(MAX_ENTRY_DEPTH - 1);
    expect(readCatalogDir(deeper).findings).toHaveLength(1);
  });
});

describe("the --results file", () => {
  it.skipIf(!hasDevZero)("/dev/zero is a one-line UsageError naming the file, not a read without end", () => {
    expect(() => readQualityRun("/dev/zero")).toThrow(UsageError);
    expect(() => readQualityRun("/dev/zero")).toThrow(/^cannot read results file \/dev\/zero: Not a regular file$/);
  });

  it.skipIf(!hasMkfifo)("a named pipe is refused without being opened", () => {
    const file = join(tempDir(), "results.json");
    fifo(file);
    expect(() => readQualityRun(file)).toThrow(`cannot read results file ${file}: Not a regular file: a named pipe`);
  });

  it("reads catalog files larger than a document may be (an index of many products, results with samples)", () => {
    const dir = tempDir();
    const big = JSON.stringify({ padding: "x".repeat(11 * 1024 * 1024) });
    writeFileSync(join(dir, "big.json"), big);
    expect(readCatalogFile(join(dir, "big.json"))).toEqual({ ok: true, text: big });
  });

  it("a missing file, a file over the size limit, a folder: one line each", () => {
    const dir = tempDir();
    expect(() => readQualityRun(join(dir, "none.json"))).toThrow(`cannot read results file ${join(dir, "none.json")}: No such file or directory (ENOENT): check the path`);
    writeFileSync(join(dir, "big.json"), "");
    truncateSync(join(dir, "big.json"), 257 * 1024 * 1024);
    expect(() => readQualityRun(join(dir, "big.json"))).toThrow(`cannot read results file ${join(dir, "big.json")}: File is 257.0 MiB; meshkit reads documents up to 256.0 MiB`);
    mkdirSync(join(dir, "folder.json"));
    expect(() => readQualityRun(join(dir, "folder.json"))).toThrow(/^cannot read results file .+folder\.json: Not a regular file/);
  });

  it("truncated JSON says line and column, not a character offset", () => {
    const dir = tempDir();
    const text = JSON.stringify(qualityRun([{ id: "c", version: "1.0.0", finishedAt: "2026-06-30T06:00:00Z" }]), null, 2);
    const cut = text.slice(0, text.lastIndexOf('"status"') + 5);
    writeFileSync(join(dir, "r.json"), cut);
    const lines = cut.split("\n");
    const error = (() => {
      try {
        readQualityRun(join(dir, "r.json"));
      } catch (e) {
        return e as Error;
      }
      throw new Error("no error");
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`results file ${join(dir, "r.json")} is not JSON: ${error.message.match(/is not JSON: (.+) \(line/)![1]} (line ${lines.length}, column ${lines.at(-1)!.length + 1})`);
    expect(error.message).not.toMatch(/position/);
    writeFileSync(join(dir, "trailing.json"), '{"kind": "meshkit-quality-run",\n "contracts": []}\n}');
    expect(() => readQualityRun(join(dir, "trailing.json"))).toThrow(/ \(line 3, column 1\)$/);
  });

  it("results nested deeper than an entry may hold are refused, from a file or as a value", async () => {
    const dir = tempDir();
    const deep = (levels: number) => ({ kind: "meshkit-quality-run", contracts: [{ kind: "meshkit-quality-results", contract: { id: "orders-contract", version: "1.0.0" }, finishedAt: "2026-06-30T06:00:00Z", checks: [{ id: "x", status: "pass", threshold: JSON.parse(`${"[".repeat(levels)}${"]".repeat(levels)}`) as unknown }] }] });
    // the root object is level 1, so the first "[" (offset 45) is level 2 and the one at offset 45 + 119 is one too many
    writeFileSync(join(dir, "deep.json"), `{"kind": "meshkit-quality-run", "contracts": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`);
    expect(() => readQualityRun(join(dir, "deep.json"))).toThrow(`results file ${join(dir, "deep.json")} is not a contract-test results document: its collections nest more than ${MAX_RESULTS_DEPTH} levels deep (line 1, column ${45 + MAX_RESULTS_DEPTH})`);
    expect(() => parseQualityRun(deep(10_000))).toThrow(`results: not a contract-test results document (its collections nest more than ${MAX_RESULTS_DEPTH} levels deep)`);
    await expect(publishProducts({ target: `dir:${dir}/cat`, products: productDocuments({ id: "orders" }), results: deep(10_000), publisher: publisher() })).rejects.toThrow(UsageError);
    // as deep as allowed: published, and the entry it makes is read back
    const ok = await publishProducts({ target: `dir:${dir}/cat`, products: productDocuments({ id: "orders" }), results: deep(MAX_RESULTS_DEPTH - 5), publisher: publisher() });
    expect(ok.findings).toEqual([]);
    expect(readCatalogDir(join(dir, "cat")).findings).toEqual([]);
  });
});

describe("catalog search in text format", () => {
  it("prints a damaged entry on stderr, gcc style, beside `no product matches`", async () => {
    const { dir, entry } = await publishedCatalog();
    writeFileSync(join(dir, entry), "{ not json");
    const output = searchTextOutput("orders", searchCatalog(dir, "orders"));
    expect(output.stdout).toBe('no product matches "orders"\n');
    expect(output.stderr).toMatch(new RegExp(`^${join(dir, entry).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:1:3: error catalog-entry-unreadable Catalog entry ${entry.replace(/\./g, "\\.")} is not valid JSON \\(.+ at line 1, column 3\\); it is not indexed\\. .+\\n$`));
    const hit = searchTextOutput("refunds", searchCatalog(dir, "refunds"));
    expect(hit.stdout).toMatch(/^(?:\S+\/)?refunds 1\.0\.0 {2}owner \S+.*\n$/);
    expect(hit.stderr).toContain("catalog-entry-unreadable");
  });

  it("prints nothing on stderr for a sound catalog", async () => {
    const { dir } = await publishedCatalog();
    expect(searchTextOutput("orders", searchCatalog(dir, "orders")).stderr).toBe("");
  });
});

describe("the site of a catalog with an entry that cannot be read", () => {
  it("says on the front page which product and version it leaves out, and on the product page that an earlier version stands in", async () => {
    const dir = tempDir();
    await publishProducts({
      target: `dir:${dir}`,
      products: [...productDocuments({ id: "orders", version: "1.0.0" }), ...productDocuments({ id: "refunds" })],
      publisher: publisher(),
    });
    await publishProducts({ target: `dir:${dir}`, products: productDocuments({ id: "orders", version: "2.0.0" }), publisher: publisher() });
    writeFileSync(join(dir, entryPath("orders", "2.0.0")), "{ not json");
    writeFileSync(join(dir, entryPath("refunds", "1.0.0")), "{ not json");
    const site = join(tempDir(), "site");
    const build = buildSite(dir, site);
    expect(build.findings.filter((f) => f.ruleId === "catalog-entry-unreadable")).toHaveLength(2);
    const index = readFileSync(join(site, "index.html"), "utf8");
    expect(index).toContain('<div class="notice" id="unreadable-entries" role="note"><p>2 catalog entries could not be read and are left out of this site');
    expect(index).toContain("<li>product <code>orders</code> v2.0.0 — <code>products/orders/2.0.0.json</code></li>");
    expect(index).toContain("<li>product <code>refunds</code> v1.0.0 — <code>products/refunds/1.0.0.json</code></li>");
    const orders = readFileSync(join(site, "products/orders.html"), "utf8");
    expect(orders).toContain('id="product-version">v1.0.0<');
    expect(orders).toContain('<p class="notice" id="unreadable-versions" role="note">The catalog holds version v2.0.0 (<code>products/orders/2.0.0.json</code>) of this product, which could not be read');
    // A sound catalog says nothing of the kind.
    rmSync(join(dir, "products/orders/2.0.0.json"));
    rmSync(join(dir, "products/refunds/1.0.0.json"));
    buildSite(dir, site);
    expect(readFileSync(join(site, "index.html"), "utf8")).not.toContain("unreadable-entries");
    expect(readFileSync(join(site, "products/orders.html"), "utf8")).not.toContain("unreadable-versions");
  });
});

describe("catalog files in findings", () => {
  it("are named relative to the working directory when the catalog is inside it, as every stage names files", async () => {
    const cwd = tempDir();
    const { dir, entry } = await publishedCatalog();
    rmSync(join(dir, "index.json"));
    writeFileSync(join(dir, entry), "{ not json");
    cpSync(dir, join(cwd, "cat"), { recursive: true });
    const unreadable = { ruleId: "catalog-entry-unreadable", file: `cat/${entry}`, line: 1, column: 3 };
    const publish = await publishProducts({ target: "dir:cat", cwd, products: productDocuments({ id: "refunds" }), dryRun: true, publisher: publisher() });
    expect(publish.findings).toMatchObject([unreadable, { ruleId: "catalog-index-rebuilt", file: "cat/index.json" }]);
    expect((await buildCatalogSite("dir:cat", join(cwd, "site"), { cwd })).findings).toMatchObject([unreadable, { ruleId: "catalog-index-rebuilt", file: "cat/index.json" }]);
    expect((await searchCatalogTarget("dir:cat", "", { cwd })).findings).toMatchObject([unreadable]);
    // outside the working directory: absolute, as core's displayPath has it
    expect((await searchCatalogTarget(`dir:${dir}`, "", { cwd })).findings).toMatchObject([{ file: join(dir, entry) }]);
  });
});

describe("parseCatalogJson", () => {
  it("agrees with JSON.parse on what is JSON, and places each error where JSON.parse would", () => {
    const cases: [string, number][] = [
      ["", 0],
      ["{", 1],
      ['{"a": 1,}', 8],
      ['{"a" 1}', 5],
      ["[1, 2", 5],
      ["[01]", 2],
      ["[-]", 2],
      ["[1.]", 3],
      ["[1e]", 3],
      ['"\\x"', 2],
      ['"\\u12G4"', 5],
      ['"a\nb"', 2],
      ["tru", 3],
      ["nul!", 3],
      ["{} x", 3],
      ["[1]]", 3],
      ["{]", 1],
    ];
    for (const [text, offset] of cases) {
      expect(() => JSON.parse(text), text).toThrow();
      const parsed = parseCatalogJson(text, 10);
      const before = text.slice(0, offset).split(/\r\n?|\n/);
      expect(parsed, text).toMatchObject({ ok: false, kind: "syntax", line: before.length, column: before.at(-1)!.length + 1 });
      expect(parsed.ok ? "" : parsed.reason, text).not.toMatch(/position|is not valid JSON/);
    }
    fc.assert(
      fc.property(fc.json(), fc.string(), fc.nat(), (json, noise, at) => {
        const text = json.slice(0, at % (json.length + 1)) + noise + json.slice(at % (json.length + 1));
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const parsed = parseCatalogJson(text, 1000);
        expect(parsed.ok).toBe(valid);
        if (parsed.ok) expect(parsed.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it("gives JSON.parse's reason without the text it quotes, over however many lines that text runs", () => {
    const cases: [string, string][] = [
      ["not json\n", "Unexpected token 'o'"],
      ["[1,\n2,\n tru]", "Unexpected token ']'"],
      [`x\n\n${"a".repeat(60)}`, "Unexpected token 'x'"], // quoted shortened, `"…"...`
    ];
    for (const [text, reason] of cases) expect(parseCatalogJson(text, 10), JSON.stringify(text)).toMatchObject({ ok: false, kind: "syntax", reason });
  });

  it("measures depth without recursion, in text and in values", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(parseCatalogJson(deep, 50)).toMatchObject({ ok: false, kind: "depth", line: 1, column: 51 });
    expect(parseCatalogJson("[[[]]]", 3)).toMatchObject({ ok: true });
    expect(parseCatalogJson('{"a": "[[[[", "b": [[]]}', 3)).toMatchObject({ ok: true });
    expect(exceedsDepth(JSON.parse(deep), 50)).toBe(true);
    expect(exceedsDepth([[[]]], 3)).toBe(false);
    expect(exceedsDepth([[[[]]]], 3)).toBe(true);
  });

  it.skipIf(!hasDevZero)("readCatalogFile refuses devices in bounded time", () => {
    expect(readCatalogFile("/dev/zero")).toEqual({ ok: false, reason: "Not a regular file", line: 1, column: 1 });
  });
});
