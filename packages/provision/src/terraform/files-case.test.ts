/**
 * writeTerraformFiles on a case-insensitive file system (macOS's and Windows' defaults), simulated: in the test's
 * folder, a name reaches the entry that differs from it only in case, as APFS and NTFS look names up.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

const folded = vi.hoisted(() => ({ root: "" }));

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  /** The entry of the test's folder that `path` names without case, else `path`. */
  const fold = (path: import("node:fs").PathLike): import("node:fs").PathLike => {
    if (typeof path !== "string" || folded.root === "" || dirname(path) !== folded.root) return path;
    const found = fs.readdirSync(folded.root).find((name) => name.toLowerCase() === basename(path).toLowerCase());
    return found === undefined ? path : join(folded.root, found);
  };
  const mocked = {
    ...fs,
    lstatSync: ((path: string, ...rest: never[]) => fs.lstatSync(fold(path), ...rest)) as typeof fs.lstatSync,
    readFileSync: ((path: string, ...rest: never[]) => fs.readFileSync(fold(path), ...rest)) as typeof fs.readFileSync,
    rmSync: ((path: string, ...rest: never[]) => fs.rmSync(fold(path), ...rest)) as typeof fs.rmSync,
    renameSync: ((from: string, to: string) => fs.renameSync(fold(from), fold(to))) as typeof fs.renameSync,
  };
  return { ...mocked, default: mocked };
});

const { writeTerraformFiles } = await import("./files.js");

const scratch = mkdtempSync(join(tmpdir(), "meshkit-tf-case-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("writeTerraformFiles on a case-insensitive file system", () => {
  // Product `orders` renamed `Orders`: sales.orders.tf.json of the earlier render is the file sales.Orders.tf.json is written to.
  it("keeps the file of a product renamed only in case: the earlier render's file is not removed after the new one is written", () => {
    folded.root = scratch;
    const rendered = (product: string) => `${JSON.stringify({ "//": "Rendered by meshkit provision", resource: { product } })}\n`;
    writeFileSync(join(scratch, "sales.orders.tf.json"), rendered("orders"));
    const result = writeTerraformFiles(scratch, { "sales.Orders.tf.json": rendered("Orders") });
    expect(result).toEqual({ written: ["sales.Orders.tf.json"], unchanged: [], removed: ["sales.orders.tf.json"] });
    expect(readdirSync(scratch)).toHaveLength(1);
    expect(readFileSync(join(scratch, "sales.Orders.tf.json"), "utf8")).toBe(rendered("Orders"));
  });
});
