import { execFileSync } from "node:child_process";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "../test-support.js";
import { localPublisher, productsCheckout } from "./catalog.js";

afterEach(() => vi.unstubAllEnvs());

describe("localPublisher", () => {
  it("takes a blank GITHUB_ACTOR or GITHUB_REPOSITORY for unset (git refuses an empty author; the remote still names the repository)", async () => {
    const cwd = tempDir("publisher-");
    execFileSync("git", ["init", "-q"], { cwd });
    execFileSync("git", ["remote", "add", "origin", "git@github.com:acme/sales.git"], { cwd });
    vi.stubEnv("GITHUB_ACTOR", "");
    vi.stubEnv("GITHUB_REPOSITORY", "");
    vi.stubEnv("USER", "lena");
    expect(await localPublisher(cwd)).toEqual({ name: "lena", repo: "acme/sales" });
    vi.stubEnv("USER", " ");
    expect((await localPublisher(cwd)).name).toBe("meshkit");
  });

  it("records the products' own checkout's repository, not GITHUB_REPOSITORY's, when they come from another checkout", async () => {
    const checkout = (remote: string) => {
      const dir = realpathSync(tempDir("publisher-"));
      execFileSync("git", ["init", "-q"], { cwd: dir });
      if (remote) execFileSync("git", ["remote", "add", "origin", remote], { cwd: dir });
      return dir;
    };
    const platform = checkout("https://github.com/acme/platform.git");
    const sales = checkout("git@github.com:acme/sales.git");
    const unnamed = checkout("");
    mkdirSync(join(platform, "products"));
    vi.stubEnv("GITHUB_REPOSITORY", "acme/platform");
    expect((await localPublisher(sales, platform)).repo).toBe("acme/sales");
    // A checkout without a remote names no repository; the workflow's is not its.
    expect((await localPublisher(unnamed, platform)).repo).toBeUndefined();
    // The working directory's own checkout, from any folder of it, is the one GITHUB_REPOSITORY names.
    expect((await localPublisher(platform, join(platform, "products"))).repo).toBe("acme/platform");
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
