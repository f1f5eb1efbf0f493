/**
 * Release tags pushed over real smart HTTP (git's own http-backend behind a local server that answers
 * as GitHub does for a private repository: 401 without the token, 400 for a doubled header), the way
 * catalog-publish pushes them from a checkout made with `persist-credentials: false`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadText } from "./document.js";
import { UsageError } from "./findings.js";
import { describeReleaseTag, productReleaseTag, pushReleaseTags, renderReleaseTags, tagProductReleases } from "./release-tags.js";
import { type RunningGitHttpServer, startGitHttpServer } from "./testing/git-http-server.js";

const TOKEN = "ghs_releaseTagsTestToken0123456789";
const PRODUCT = "apiVersion: v1.0.0\nkind: DataProduct\nid: orders\nname: Orders\nversion: 1.2.0\nstatus: active\n";

let root: string;
let server: RunningGitHttpServer;
let repos = 0;

function sh(cwd: string, ...args: string[]): string {
  const result = spawnSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A bare repository served over HTTP, and a clone-like working repository whose origin is its URL. */
function repository(): { work: string; remote: string; url: string } {
  const name = `remote-${++repos}.git`;
  const remote = join(root, name);
  sh(root, "init", "--quiet", "--bare", name);
  const work = join(root, `work-${repos}`);
  sh(root, "init", "--quiet", "-b", "main", work);
  writeFileSync(join(work, "orders.odps.yaml"), PRODUCT);
  sh(work, "add", ".");
  sh(work, "commit", "--quiet", "-m", "orders 1.2.0");
  const url = `${server.url}/${name}`;
  sh(work, "remote", "add", "origin", url);
  return { work, remote, url };
}

async function tagRelease(work: string) {
  const documents = loadText("orders.odps.yaml", PRODUCT).documents;
  return tagProductReleases(documents, work, { tagger: { name: "ana", email: "1+ana@users.noreply.github.com" } });
}

beforeAll(async () => {
  for (const key of Object.keys(process.env)) if (key.startsWith("GIT_") || key === "HUSKY") vi.stubEnv(key, undefined);
  vi.stubEnv("GIT_CONFIG_GLOBAL", "/dev/null");
  vi.stubEnv("GIT_CONFIG_NOSYSTEM", "1");
  root = mkdtempSync(join(tmpdir(), "meshkit-release-tags-"));
  server = await startGitHttpServer({ root, token: TOKEN });
});

afterAll(async () => {
  await server?.close();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

describe("pushReleaseTags over https-like smart HTTP (local git http-backend answering as GitHub does)", () => {
  it("pushes the tags with the token as one Authorization header, nothing stored in .git/config", async () => {
    const { work, remote } = repository();
    const tags = await tagRelease(work);
    expect(tags).toEqual([{ tag: "orders/v1.2.0", outcome: "created", commit: sh(work, "rev-parse", "HEAD") }]);
    const before = server.requests.length;
    await pushReleaseTags(tags, work, { token: TOKEN });
    expect(sh(remote, "cat-file", "-t", "orders/v1.2.0")).toBe("tag");
    expect(sh(remote, "rev-parse", "orders/v1.2.0^{commit}")).toBe(sh(work, "rev-parse", "HEAD"));
    const sent = server.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) expect(request.authorizations).toHaveLength(1);
    expect(sent.every((r) => r.status === 200)).toBe(true);
    expect(sh(work, "config", "--list", "--local")).not.toContain("extraheader");
  });

  it("tags as the tagger given, and as meshkit where git knows nobody (a CI runner)", async () => {
    const { work } = repository();
    await tagRelease(work);
    expect(sh(work, "cat-file", "-p", "orders/v1.2.0")).toMatch(/^tagger ana <1\+ana@users\.noreply\.github\.com> /m);
    sh(work, "tag", "-d", "orders/v1.2.0");
    // No user.name/user.email anywhere (global and system config are off): git tags as whoever it can
    // make of the host, and where it cannot (this machine, a runner), meshkit does.
    vi.stubEnv("EMAIL", undefined);
    const ident = spawnSync("git", ["var", "GIT_COMMITTER_IDENT"], { cwd: work, encoding: "utf8" });
    const expected = ident.status === 0 ? ident.stdout.replace(/ \d+ [+-]\d{4}\s*$/, "") : "meshkit <meshkit@users.noreply.github.com>";
    const unnamed = await tagProductReleases(loadText("orders.odps.yaml", PRODUCT).documents, work);
    expect(unnamed[0]?.outcome).toBe("created");
    expect(sh(work, "cat-file", "-p", "orders/v1.2.0").split("\n").find((l) => l.startsWith("tagger "))).toMatch(new RegExp(`^tagger ${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} `));
  });

  it("sends its token, not the one a checkout stored in .git/config (persist-credentials: true), and only one", async () => {
    const { work, remote } = repository();
    const stored = `AUTHORIZATION: basic ${Buffer.from("x-access-token:ghs_storedByCheckout").toString("base64")}`;
    sh(work, "config", "--local", `http.${server.url}/.extraheader`, stored);
    const tags = await tagRelease(work);
    const before = server.requests.length;
    await pushReleaseTags(tags, work, { token: TOKEN });
    expect(sh(remote, "tag", "--list")).toBe("orders/v1.2.0");
    const sent = server.requests.slice(before);
    expect(sent.map((r) => r.authorizations)).toEqual(sent.map(() => [`Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`]));
  });

  it("a refused push says why: what the remote said and the ref's reason, not only git's last line", async () => {
    const { work, remote } = repository();
    writeFileSync(join(remote, "hooks", "pre-receive"), "#!/bin/sh\necho 'Permission to acme/sales.git denied to github-actions[bot].' >&2\nexit 1\n", { mode: 0o755 });
    const tags = await tagRelease(work);
    const error = await pushReleaseTags(tags, work, { token: TOKEN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^git push failed: error: failed to push some refs to .+ \(Permission to acme\/sales\.git denied to github-actions\[bot\]\.; ! \[remote rejected\] orders\/v1\.2\.0 -> orders\/v1\.2\.0 \(pre-receive hook declined\)\)$/);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it("without a token: one line that says the push failed, no prompt, nothing pushed", async () => {
    const { work, remote } = repository();
    const tags = await tagRelease(work);
    const error = await pushReleaseTags(tags, work).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^git push failed: .*(Authentication failed|could not read Username|401)/);
    expect((error as Error).message).not.toContain("\n");
    expect(sh(remote, "tag", "--list")).toBe("");
  });

  it("a wrong token is refused, and neither token is in the message", async () => {
    const { work } = repository();
    const tags = await tagRelease(work);
    const wrong = "ghs_wrongToken";
    const error = (await pushReleaseTags(tags, work, { token: wrong }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(Buffer.from(`x-access-token:${wrong}`).toString("base64"));
  });

  it("pushes nothing when no tag was created (a re-run), without asking the server", async () => {
    const { work } = repository();
    const before = server.requests.length;
    await pushReleaseTags([{ tag: "orders/v1.2.0", outcome: "exists", commit: "0".repeat(40) }], work, { token: TOKEN });
    expect(server.requests.length).toBe(before);
  });
});

describe("productReleaseTag", () => {
  const tagOf = (version: string | undefined) => {
    const text = `apiVersion: v1.0.0\nkind: DataProduct\nid: orders\nname: Orders\n${version === undefined ? "" : `version: ${version}\n`}status: active\n`;
    return productReleaseTag(loadText("orders.odps.yaml", text).documents[0]!);
  };
  it("tags <id>/v<version>, once even when the version is written with its v (the ODPS example's v1.0.0)", () => {
    expect(tagOf("1.2.0")).toEqual({ tag: "orders/v1.2.0", message: "Orders 1.2.0" });
    expect(tagOf("v1.0.0")).toEqual({ tag: "orders/v1.0.0", message: "Orders 1.0.0" });
  });
  it("says a version that is not semver makes no release tag compat could read", () => {
    expect(tagOf('"1.0"')).toEqual({ tag: "orders/v1.0", message: "Orders 1.0", problem: 'its version "1.0" is not semver (MAJOR.MINOR.PATCH, as 1.0.0)' });
    expect(tagOf("1.2.0-rc.1")?.problem).toBeUndefined();
  });
  it("has no tag for a product without a version (optional in ODPS)", () => {
    expect(tagOf(undefined)).toBeUndefined();
    expect(tagOf('""')).toBeUndefined();
  });
});

describe("tagProductReleases on a later commit", () => {
  it("finds a product moved to another folder, or with its keys re-ordered, unchanged since its release", async () => {
    const { work } = repository();
    const [first] = await tagRelease(work);
    mkdirSync(join(work, "products/orders"), { recursive: true });
    const reordered = "kind: DataProduct\napiVersion: v1.0.0\nversion: 1.2.0\nid: orders\nname: Orders\nstatus: active\n";
    writeFileSync(join(work, "products/orders/product.odps.yaml"), reordered);
    sh(work, "rm", "--quiet", "orders.odps.yaml");
    sh(work, "add", ".");
    sh(work, "commit", "--quiet", "-m", "moved, keys in another order");
    // Run from a sub-folder, as `meshkit ci` may be: the search covers the whole tree of the tagged commit.
    const [moved] = await tagProductReleases(loadText("product.odps.yaml", reordered).documents, join(work, "products/orders"));
    expect(moved).toMatchObject({ tag: "orders/v1.2.0", outcome: "conflict", commit: first!.commit, unchanged: true });
  });

  it("reads origin's release tags into a checkout made without them (actions/checkout's default), so an unchanged product is not tagged again", async () => {
    const { work, remote, url } = repository();
    const tags = await tagRelease(work);
    await pushReleaseTags(tags, work, { token: TOKEN });
    writeFileSync(join(work, "notes.md"), "unrelated\n");
    sh(work, "add", ".");
    sh(work, "commit", "--quiet", "-m", "docs");
    sh(work, "push", "--quiet", remote, "main");
    // The push job's checkout: one commit deep, no tags, the token only sent as a header.
    const checkout = join(root, `shallow-${++repos}`);
    // Cloned from the bare repository's folder (a synchronous git cannot talk to this process's server), then
    // pointed at its URL, as the runner's checkout points at GitHub.
    sh(root, "clone", "--quiet", "--no-tags", "--depth=1", "--branch", "main", `file://${remote}`, checkout);
    sh(checkout, "remote", "set-url", "origin", url);
    expect(sh(checkout, "tag", "--list")).toBe("");
    const documents = loadText("orders.odps.yaml", PRODUCT).documents;
    const [again] = await tagProductReleases(documents, checkout, { fetchFrom: { token: TOKEN } });
    expect(again).toMatchObject({ tag: "orders/v1.2.0", outcome: "conflict", commit: tags[0]!.commit, unchanged: true });
    await pushReleaseTags([again!], checkout, { token: TOKEN }); // nothing to push: no "already exists" refusal
    expect(sh(checkout, "rev-parse", "--is-shallow-repository")).toBe("true");
    // A remote that does not answer changes nothing: tagged as the checkout knows it.
    sh(checkout, "remote", "set-url", "origin", join(root, "no-such-remote.git"));
    sh(checkout, "tag", "--delete", "orders/v1.2.0");
    const [offline] = await tagProductReleases(documents, checkout, { fetchFrom: {} });
    expect(offline).toMatchObject({ tag: "orders/v1.2.0", outcome: "created" });
  });

  it("keeps a shallow checkout's history whole when a release it reads is tagged within that history", async () => {
    const { work, remote, url } = repository();
    const commit = (file: string) => {
      writeFileSync(join(work, file), `${file}\n`);
      sh(work, "add", ".");
      sh(work, "commit", "--quiet", "-m", file);
    };
    commit("readme.md");
    commit("licence.md");
    const tags = await tagRelease(work);
    await pushReleaseTags(tags, work, { token: TOKEN });
    commit("notes.md");
    sh(work, "push", "--quiet", remote, "main");
    // `fetch-depth: 3`: the released commit is HEAD~1, here already (its parent the shallow root), its tag not.
    const checkout = join(root, `shallow-${++repos}`);
    sh(root, "clone", "--quiet", "--no-tags", "--depth=3", "--branch", "main", `file://${remote}`, checkout);
    sh(checkout, "remote", "set-url", "origin", url);
    expect(sh(checkout, "rev-list", "--count", "HEAD")).toBe("3");
    const [again] = await tagProductReleases(loadText("orders.odps.yaml", PRODUCT).documents, checkout, { fetchFrom: { token: TOKEN } });
    expect(again).toMatchObject({ tag: "orders/v1.2.0", outcome: "conflict", commit: tags[0]!.commit, unchanged: true });
    // A `--depth=1` fetch of that tag would have made HEAD~1 a shallow root: a history of two commits.
    expect(sh(checkout, "rev-list", "--count", "HEAD")).toBe("3");
    expect(sh(checkout, "rev-parse", "--is-shallow-repository")).toBe("true");
  });

  it("in a shallow checkout, still fetches the tags of missing commits when git refuses a tag here that differs from the remote's", async () => {
    const { work, remote, url } = repository();
    const payments = PRODUCT.replace("id: orders", "id: payments").replace("name: Orders", "name: Payments");
    writeFileSync(join(work, "payments.odps.yaml"), payments);
    sh(work, "add", ".");
    sh(work, "commit", "--quiet", "-m", "payments 1.2.0");
    const paid = await tagProductReleases(loadText("payments.odps.yaml", payments).documents, work, { tagger: { name: "ana", email: "1+ana@users.noreply.github.com" } });
    await pushReleaseTags(paid, work, { token: TOKEN });
    writeFileSync(join(work, "notes.md"), "notes\n");
    sh(work, "add", ".");
    sh(work, "commit", "--quiet", "-m", "notes");
    await pushReleaseTags(await tagRelease(work), work, { token: TOKEN });
    sh(work, "push", "--quiet", remote, "main");
    // `fetch-depth: 1`: payments' release is not here; orders' is (HEAD), and a tag of it made here differs from the remote's.
    const checkout = join(root, `shallow-${++repos}`);
    sh(root, "clone", "--quiet", "--no-tags", "--depth=1", "--branch", "main", `file://${remote}`, checkout);
    sh(checkout, "remote", "set-url", "origin", url);
    sh(checkout, "tag", "orders/v1.2.0");
    const documents = [...loadText("orders.odps.yaml", PRODUCT).documents, ...loadText("payments.odps.yaml", payments).documents];
    const results = await tagProductReleases(documents, checkout, { fetchFrom: { token: TOKEN } });
    expect(results.find((r) => r.tag === "payments/v1.2.0")).toMatchObject({ outcome: "conflict", commit: paid[0]!.commit, unchanged: true });
  });

  it("says a product the push did not change was released by its tag, and asks for a bump only when it changed", async () => {
    const { work } = repository();
    const [first] = await tagRelease(work);
    writeFileSync(join(work, "notes.md"), "unrelated\n");
    sh(work, "add", ".");
    sh(work, "commit", "--quiet", "-m", "docs");
    const [untouched] = await tagRelease(work);
    expect(untouched).toMatchObject({ tag: "orders/v1.2.0", outcome: "conflict", commit: first!.commit, unchanged: true });
    expect(describeReleaseTag(untouched!)).toBe(`orders/v1.2.0 was released at ${first!.commit!.slice(0, 12)}; the product is unchanged since`);
    // The product changed without a new version: that one needs the bump.
    const changed = PRODUCT.replace(/^(name: .*)$/m, "$1\ndescription: {purpose: changed}");
    writeFileSync(join(work, "orders.odps.yaml"), changed);
    sh(work, "add", ".");
    sh(work, "commit", "--quiet", "-m", "changed");
    const [stale] = await tagProductReleases(loadText("orders.odps.yaml", changed).documents, work);
    expect(stale).toMatchObject({ outcome: "conflict" });
    expect(stale!.unchanged).toBeUndefined();
    expect(describeReleaseTag(stale!)).toMatch(/already tags another commit .*bump the product version/);
  });

  it("asks for a bump when a contract the product serves changed since its release, and not when it is unchanged", async () => {
    const { work } = repository();
    const product = `${PRODUCT}outputPorts:\n  - name: orders\n    version: 1.0.0\n    contractId: orders-contract\n`;
    const contract = "apiVersion: v3.1.0\nkind: DataContract\nid: orders-contract\nversion: 1.0.0\nstatus: active\ndescription: {purpose: Orders.}\n";
    const release = (contractText: string, message: string) => {
      writeFileSync(join(work, "orders.odps.yaml"), product);
      writeFileSync(join(work, "orders.odcs.yaml"), contractText);
      sh(work, "add", ".");
      sh(work, "commit", "--quiet", "-m", message);
      return [...loadText("orders.odps.yaml", product).documents, ...loadText("orders.odcs.yaml", contractText).documents];
    };
    const [first] = await tagProductReleases(release(contract, "with its contract"), work);
    expect(first).toMatchObject({ tag: "orders/v1.2.0", outcome: "created" });
    // The same product and contract, a commit later: that release, as it is.
    writeFileSync(join(work, "notes.md"), "unrelated\n");
    sh(work, "add", ".");
    sh(work, "commit", "--quiet", "-m", "docs");
    const [untouched] = await tagProductReleases([...loadText("orders.odps.yaml", product).documents, ...loadText("orders.odcs.yaml", contract).documents], work);
    expect(untouched).toMatchObject({ outcome: "conflict", commit: first!.commit, unchanged: true });
    // The contract changed under the same product version: other content released as 1.2.0.
    const [stale] = await tagProductReleases(release(contract.replace("purpose: Orders.", "purpose: Orders, changed."), "contract changed"), work);
    expect(stale).toMatchObject({ outcome: "conflict", commit: first!.commit });
    expect(stale!.unchanged).toBeUndefined();
    expect(describeReleaseTag(stale!)).toMatch(/already tags another commit .*bump the product version/);
  });

  // A released version's status is part of it: deprecating it is a new (minor) version, as schema-compat requires.
  it("asks for a bump when only the product's status changed since its release", async () => {
    const { work } = repository();
    await tagRelease(work);
    const deprecated = PRODUCT.replace("status: active", "status: deprecated");
    writeFileSync(join(work, "orders.odps.yaml"), deprecated);
    sh(work, "add", ".");
    sh(work, "commit", "--quiet", "-m", "deprecated");
    const [stale] = await tagProductReleases(loadText("orders.odps.yaml", deprecated).documents, work);
    expect(stale).toMatchObject({ outcome: "conflict" });
    expect(stale!.unchanged).toBeUndefined();
    expect(describeReleaseTag(stale!)).toMatch(/already tags another commit .*bump the product version/);
  });

  it("does not release a version again under other build metadata (semver §10: 1.0.0+build.2 is 1.0.0)", async () => {
    const { work } = repository();
    const [first] = await tagRelease(work);
    const commit = (text: string) => {
      writeFileSync(join(work, "orders.odps.yaml"), text);
      sh(work, "add", ".");
      sh(work, "commit", "--quiet", "-m", "next");
      return loadText("orders.odps.yaml", text).documents;
    };
    // Changed, and only the build metadata is new: 1.2.0 was released with other documents.
    const changed = commit(PRODUCT.replace("version: 1.2.0", "version: 1.2.0+build.2").replace(/^(name: .*)$/m, "$1\ndescription: {purpose: changed}"));
    const [stale] = await tagProductReleases(changed, work);
    expect(stale).toMatchObject({ tag: "orders/v1.2.0+build.2", outcome: "conflict", commit: first!.commit, releasedAs: "orders/v1.2.0" });
    expect(stale!.unchanged).toBeUndefined();
    expect(describeReleaseTag(stale!)).toMatch(/^orders\/v1\.2\.0\+build\.2 is not tagged: orders\/v1\.2\.0, the same version .*bump the product version/);
    // Unchanged but for the build metadata: the release of 1.2.0, as it is.
    const [same] = await tagProductReleases(commit(PRODUCT.replace("version: 1.2.0", "version: 1.2.0+build.3")), work);
    expect(same).toMatchObject({ outcome: "conflict", releasedAs: "orders/v1.2.0", unchanged: true });
    expect(sh(work, "tag", "--list")).toBe("orders/v1.2.0");
    // A new version is tagged as before.
    const [next] = await tagProductReleases(commit(PRODUCT.replace("version: 1.2.0", "version: 1.2.1+build.4")), work);
    expect(next).toMatchObject({ tag: "orders/v1.2.1+build.4", outcome: "created" });
  });
});

describe("renderReleaseTags", () => {
  it("writes a tag as code and the rest as text, whatever the product's id holds (git takes `@`, `#`, `<` and backticks)", () => {
    const tag = "shop`<details>@octocat#12/v1.0.0";
    const markdown = renderReleaseTags([
      { tag, outcome: "created", commit: "a".repeat(40) },
      { tag: "orders/v1.0.0+b.2", outcome: "conflict", commit: "b".repeat(40), releasedAs: "orders_eu/v1.0.0" },
    ]);
    expect(markdown).toBe(
      "**Release tags**\n\n" +
        "- tagged ``shop`<details>@octocat#12/v1.0.0``\n" +
        "- `orders/v1.0.0+b.2` is not tagged: orders\\_eu/v1.0.0, the same version (build metadata aside, semver §10), already tags another commit (bbbbbbbbbbbb): bump the product version to release again\n",
    );
  });
});
