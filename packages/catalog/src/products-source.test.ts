import { execFileSync } from "node:child_process";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadText } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { checkoutBesideWorkingDirectory, checkoutOrigin, gitCommandIn, productsCheckout, productsSource } from "./products-source.js";
import { tempDir } from "./test-support.js";

const COMMIT = ["-c", "user.name=ana", "-c", "user.email=ana@example.com", "commit", "-q", "--allow-empty", "-m", "products"];

/** A git checkout in a fresh temp folder (or `dir`), with `remote` as origin when given, and one commit when asked. */
function checkout(remote: string, options: { dir?: string; commit?: boolean } = {}): string {
  const dir = options.dir ?? realpathSync(tempDir("products-source-"));
  mkdirSync(dir, { recursive: true });
  execFileSync("git", ["init", "-q"], { cwd: dir });
  if (remote) execFileSync("git", ["remote", "add", "origin", remote], { cwd: dir });
  if (options.commit) execFileSync("git", COMMIT, { cwd: dir });
  return dir;
}

const head = (dir: string) => execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8" }).trim();

describe("checkoutOrigin", () => {
  it("takes a blank GITHUB_REPOSITORY for unset (the remote still names the repository)", async () => {
    const sales = checkout("git@github.com:acme/sales.git");
    expect(await checkoutOrigin(sales, sales, { GITHUB_REPOSITORY: " " })).toEqual({ repo: "acme/sales" });
  });

  it("records the products' own checkout's repository and HEAD, not GITHUB_REPOSITORY's and GITHUB_SHA, when they come from another checkout", async () => {
    const platform = checkout("https://github.com/acme/platform.git", { commit: true });
    const sales = checkout("git@github.com:acme/sales.git", { commit: true });
    const unnamed = checkout("");
    mkdirSync(join(platform, "products"));
    const env = { GITHUB_REPOSITORY: "acme/platform", GITHUB_SHA: "1".repeat(40) };
    expect(await checkoutOrigin(sales, platform, env)).toEqual({ repo: "acme/sales", commit: head(sales) });
    // A checkout without a remote or a commit names no repository and no commit; the workflow's are not its.
    expect(await checkoutOrigin(unnamed, platform, env)).toEqual({});
    // The working directory's own checkout, from any folder of it, is the one GITHUB_REPOSITORY names, at its HEAD.
    expect(await checkoutOrigin(platform, join(platform, "products"), env)).toEqual({ repo: "acme/platform", commit: head(platform) });
    // A workspace that is no git checkout at all: the workflow's repository and commit.
    const plain = realpathSync(tempDir("products-source-"));
    expect(await checkoutOrigin(plain, plain, env)).toEqual({ repo: "acme/platform", commit: env.GITHUB_SHA });
  });
});

describe("productsSource", () => {
  it("names a checkout nested in the working directory's (actions/checkout path:) by its own remote, HEAD and top", async () => {
    const platform = checkout("https://github.com/acme/platform.git", { commit: true });
    const sales = checkout("https://github.com/acme/sales", { dir: join(platform, "sales") });
    writeFileSync(join(sales, "product.odps.yaml"), "apiVersion: v1.0.0\nkind: DataProduct\nid: orders\n");
    execFileSync("git", ["add", "-A"], { cwd: sales });
    execFileSync("git", COMMIT, { cwd: sales });
    const documents = loadText("sales/product.odps.yaml", "apiVersion: v1.0.0\nkind: DataProduct\nid: orders\n").documents;
    const source = await productsSource(documents, { cwd: platform, configRoot: platform, env: { GITHUB_REPOSITORY: "acme/platform", GITHUB_SHA: "1".repeat(40) } });
    expect(source).toEqual({ checkout: sales, origin: { repo: "acme/sales", commit: head(sales) }, projectRoot: sales, workingDirectoryCheckout: false });
    // From a subfolder of the workflow's checkout, its own products are that checkout's.
    mkdirSync(join(platform, "domain", "orders"), { recursive: true });
    writeFileSync(join(platform, "domain", "orders", "product.odps.yaml"), "apiVersion: v1.0.0\nkind: DataProduct\nid: own\n");
    const own = loadText("orders/product.odps.yaml", "apiVersion: v1.0.0\nkind: DataProduct\nid: own\n").documents;
    expect(await productsSource(own, { cwd: join(platform, "domain"), configRoot: platform, env: { GITHUB_REPOSITORY: "acme/platform" } })).toMatchObject({ checkout: platform, origin: { repo: "acme/platform", commit: head(platform) }, workingDirectoryCheckout: true });
  });
});

describe("productsCheckout", () => {
  it("refuses products of a checkout and of one nested in it (a submodule) in either order; the nested one's alone are its own", async () => {
    const host = realpathSync(tempDir("host-"));
    const nested = join(host, "vendor", "shared");
    const product = (folder: string) => {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "product.odps.yaml"), "kind: DataProduct\n");
      return join(folder, "product.odps.yaml");
    };
    const hostProduct = product(join(host, "products", "zeta"));
    const nestedProduct = product(join(nested, "products", "alpha"));
    execFileSync("git", ["init", "-q"], { cwd: host });
    execFileSync("git", ["init", "-q"], { cwd: nested });
    // The host's product first found the host's checkout, which holds the nested folder: it was taken for the host's.
    for (const files of [[hostProduct, nestedProduct], [nestedProduct, hostProduct]]) {
      await expect(productsCheckout(files, host)).rejects.toThrow(`the products come from several repositories (`);
    }
    expect(await productsCheckout([nestedProduct], host)).toBe(nested);
    expect(await productsCheckout([hostProduct, product(join(host, "products", "omega"))], nested)).toBe(host);
  });
});

describe("checkoutBesideWorkingDirectory and gitCommandIn", () => {
  it("name a checkout beside the working directory, where its release tags are pushed from, and nothing for the working directory's own", () => {
    expect(checkoutBesideWorkingDirectory("/ws/platform", "/ws/platform")).toBe("");
    expect(checkoutBesideWorkingDirectory("/ws/platform", "/ws/platform/sub")).toBe("");
    expect(checkoutBesideWorkingDirectory("/ws/platform/sales", "/ws/platform")).toBe("sales");
    expect(checkoutBesideWorkingDirectory("/ws/sales", "/ws/platform")).toBe("../sales");
    expect(gitCommandIn("")).toBe("git");
    expect(gitCommandIn("../sales")).toBe("git -C ../sales");
    expect(gitCommandIn("it's sales")).toBe(`git -C 'it'\\''s sales'`);
  });
});
