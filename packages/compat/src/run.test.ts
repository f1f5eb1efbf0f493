import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMPAT_CHANGE_KIND_IDS, COMPAT_RULE_IDS, INPUT_RULE_IDS, UsageError, docsUrlFor } from "@meshkit/core";
import { describe, expect, it } from "vitest";
import { CHANGE_KINDS } from "./kinds.js";
import { COMPAT_RULES, runCompat } from "./run.js";

function git(cwd: string, ...args: string[]): void {
  const env = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
  const result = spawnSync("git", args, { cwd, encoding: "utf8", env });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
}

const contract = (version: string) => `apiVersion: v3.1.0\nkind: DataContract\nid: orders\nversion: ${version}\nstatus: active\nschema:\n  - name: orders\n`;

/** A repository with two releases, tagged v1.0.0 and v1.1.0. */
function releasedRepository(): string {
  const origin = mkdtempSync(join(tmpdir(), "meshkit-history-"));
  git(origin, "init", "-q", "-b", "main");
  const release = (version: string) => {
    writeFileSync(join(origin, "orders.odcs.yaml"), contract(version));
    git(origin, "add", ".");
    git(origin, "commit", "-q", "-m", version);
    git(origin, "tag", `v${version}`);
  };
  release("1.0.0");
  release("1.1.0");
  return origin;
}

describe("the compat rule ids core keeps for lint", () => {
  it("are exactly compat's change kinds, in their order, and its rules besides the input rules", () => {
    expect(CHANGE_KINDS.map((k) => k.id)).toEqual([...COMPAT_CHANGE_KIND_IDS]);
    expect(new Set(COMPAT_RULES.map((r) => r.id).filter((id) => !INPUT_RULE_IDS.has(id)))).toEqual(COMPAT_RULE_IDS);
  });
});

describe("runCompat", () => {
  it("refuses a compat.ignore entry whose kind is misspelt, at that kind (config-invalid)", async () => {
    const repository = releasedRepository();
    writeFileSync(join(repository, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\ncompat:\n  ignore:\n    - kind: property-made-optionl\n      reason: typo\n");
    const run = await runCompat({ cwd: repository, paths: [], base: "v1.1.0" });
    expect(run.findings).toMatchObject([{ ruleId: "config-invalid", file: "meshkit.yaml", line: 5, column: 13 }]);
  });

  it("warns at files.include with no path named when its globs select no contract in the head, instead of passing on 0 files", async () => {
    const repository = releasedRepository();
    try {
      writeFileSync(join(repository, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["contract/*.yaml"]\n');
      const run = await runCompat({ cwd: repository, paths: [], base: "v1.1.0" });
      expect(run.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.stage}`)).toEqual(["meshkit.yaml:4:12 warning include-unmatched compat"]);
      expect(run.files).toBe(0);
      writeFileSync(join(repository, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["*.odcs.yaml"]\n');
      expect((await runCompat({ cwd: repository, paths: [], base: "v1.1.0" })).findings).toEqual([]);
    } finally {
      rmSync(repository, { recursive: true, force: true });
    }
  });
});

describe("runCompat with a base file or folder inside the project", () => {
  const withColumn = (version: string) => `${contract(version)}    properties:\n      - name: note\n        logicalType: string\n`;
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-base-on-disk-"));
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    writeFileSync(join(dir, "released.yaml"), withColumn("1.0.0"));
    writeFileSync(join(dir, "orders.odcs.yaml"), contract("1.1.0"));
    return dir;
  }

  it("reads a base file the head's globs also match as the base only, not as a second head document", async () => {
    const run = await runCompat({ cwd: project(), paths: [], base: "released.yaml" });
    expect(run.findings.map((f) => f.ruleId).sort()).toEqual(["property-removed-optional", "version-bump"]);
    expect(run.contracts).toMatchObject([{ file: "orders.odcs.yaml", baseVersion: "1.0.0", headVersion: "1.1.0", requiredBump: "major" }]);
  });

  it("compares the working tree with itself for --base . (no change, nothing removed)", async () => {
    const dir = project();
    rmSync(join(dir, "released.yaml"));
    const run = await runCompat({ cwd: dir, paths: [], base: "." });
    expect(run.findings).toEqual([]);
    expect(run.contracts).toMatchObject([{ file: "orders.odcs.yaml", requiredBump: "none" }]);
  });
});

describe("runCompat with a base folder that is a copy of one folder of the project", () => {
  const local = (id: string, version: string) => `${contract(version).replace("id: orders", `id: ${id}`)}servers:\n  - server: local\n    type: local\n    path: data/{model}.csv\n    format: csv\n`;
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-base-copy-"));
    writeFileSync(join(dir, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    mkdirSync(join(dir, "released"));
    mkdirSync(join(dir, "dom/orders"), { recursive: true });
    for (const id of ["orders", "refunds"]) writeFileSync(join(dir, "released", `${id}.odcs.yaml`), local(id, "1.0.0"));
    writeFileSync(join(dir, "dom/orders/orders.odcs.yaml"), local("orders", "1.0.1"));
    return dir;
  }

  it("places its files where the head has them (dom/orders/), so a local server's path is not called moved and a deletion there is a removal", async () => {
    const run = await runCompat({ cwd: project(), paths: ["dom/orders"], base: "released" });
    expect(run.findings.map((f) => [f.ruleId, f.file])).toEqual([
      ["version-bump", "dom/orders/orders.odcs.yaml"],
      ["contract-removed", "released/refunds.odcs.yaml"],
    ]);
    expect(run.findings[0]!.severity).toBe("info");
  });

  it("still reads a copy of the whole project at the project's paths", async () => {
    const dir = project();
    mkdirSync(join(dir, "released/dom/orders"), { recursive: true });
    for (const id of ["orders", "refunds"]) {
      writeFileSync(join(dir, "released/dom/orders", `${id}.odcs.yaml`), local(id, "1.0.0"));
      rmSync(join(dir, "released", `${id}.odcs.yaml`));
    }
    const run = await runCompat({ cwd: dir, paths: ["dom/orders"], base: "released" });
    expect(run.findings.map((f) => [f.ruleId, f.file])).toEqual([
      ["version-bump", "dom/orders/orders.odcs.yaml"],
      ["contract-removed", "released/dom/orders/refunds.odcs.yaml"],
    ]);
  });
});

describe("runCompat with a released file that cannot be read", () => {
  it("does not call the head's contract in that file new with nothing released: it says the released file cannot be read", async () => {
    const repository = releasedRepository();
    writeFileSync(join(repository, "orders.odcs.yaml"), `${contract("1.2.0")}  bad: [unclosed\n`);
    git(repository, "commit", "-q", "-am", "broken");
    git(repository, "tag", "v1.2.0");
    writeFileSync(join(repository, "orders.odcs.yaml"), contract("1.2.1"));
    const run = await runCompat({ cwd: repository, paths: [], base: "v1.2.0" });
    const added = run.findings.find((f) => f.ruleId === "contract-added");
    expect(added?.message).toContain("its file orders.odcs.yaml in v1.2.0 cannot be read (compat-base-unreadable)");
    expect(added?.message).not.toContain("nothing released");
  });
});

describe("runCompat with a head file that cannot be read where a released contract was", () => {
  // A name that says nothing (not *.odcs.yaml), so only the base tells that the file is meant as a contract.
  function repositoryWithContractIn(file: string): string {
    const repository = mkdtempSync(join(tmpdir(), "meshkit-unread-head-"));
    git(repository, "init", "-q", "-b", "main");
    writeFileSync(join(repository, file), contract("1.0.0"));
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "1.0.0");
    git(repository, "tag", "v1.0.0");
    return repository;
  }

  it("reports the binary file (file-not-text, exit 2), not the contract as removed", async () => {
    const repository = repositoryWithContractIn("orders.yaml");
    writeFileSync(join(repository, "orders.yaml"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const run = await runCompat({ cwd: repository, paths: [], base: "v1.0.0" });
    expect(run.findings).toMatchObject([{ ruleId: "file-not-text", severity: "error", file: "orders.yaml", line: 1, column: 1 }]);
  });

  it("says a released file passed over as binary cannot be read when the head has a new contract in its place", async () => {
    const repository = repositoryWithContractIn("other.yaml");
    writeFileSync(join(repository, "orders.yaml"), Buffer.from([0x00, 0x01]));
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "binary");
    git(repository, "tag", "v1.0.1");
    rmSync(join(repository, "other.yaml"));
    writeFileSync(join(repository, "orders.yaml"), contract("1.0.1").replace("id: orders", "id: new-orders"));
    const run = await runCompat({ cwd: repository, paths: [], base: "v1.0.1" });
    expect(run.findings.find((f) => f.ruleId === "compat-base-unreadable")).toMatchObject({ severity: "warning", file: "orders.yaml", message: expect.stringContaining("Binary content") });
  });

  it("says a file of a released folder passed over as binary cannot be read when the head has a new contract in its place", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-unread-folder-"));
    mkdirSync(join(dir, "released"));
    writeFileSync(join(dir, "released", "orders.yaml"), Buffer.from([0x00, 0x01]));
    writeFileSync(join(dir, "orders.yaml"), contract("1.0.1"));
    const run = await runCompat({ cwd: dir, paths: [], base: "released" });
    expect(run.findings.find((f) => f.ruleId === "compat-base-unreadable")).toMatchObject({ severity: "warning", file: "released/orders.yaml", message: expect.stringContaining("Binary content") });
  });

  it("still calls the contract moved when it went to another file and a binary one took its place", async () => {
    const repository = repositoryWithContractIn("orders.yaml");
    writeFileSync(join(repository, "orders.yaml"), Buffer.from([0x00, 0x01]));
    writeFileSync(join(repository, "moved.yaml"), contract("1.0.0"));
    const run = await runCompat({ cwd: repository, paths: [], base: "v1.0.0" });
    expect(run.findings).toEqual([]);
    expect(run.contracts).toMatchObject([{ file: "moved.yaml", requiredBump: "none" }]);
  });
});

describe("runCompat from a pre-release to a stable release", () => {
  it("holds the stable release to the last stable one before the pre-release, in the default mode too", async () => {
    const repository = releasedRepository();
    const withColumn = (version: string, columns: string) => `${contract(version)}    properties:\n${columns}`;
    const release = (version: string, text: string) => {
      writeFileSync(join(repository, "orders.odcs.yaml"), text);
      git(repository, "add", ".");
      git(repository, "commit", "-q", "-m", version);
      git(repository, "tag", `v${version}`);
    };
    const required = "      - name: amount\n        logicalType: number\n        required: true\n";
    release("1.2.0", withColumn("1.2.0", required));
    // The pre-release drops a required column: allowed there (semver §9), with a warning.
    release("1.3.0-rc.1", withColumn("1.3.0-rc.1", "      - name: note\n        logicalType: string\n"));
    writeFileSync(join(repository, "orders.odcs.yaml"), withColumn("1.3.0", "      - name: note\n        logicalType: string\n"));
    const stable = await runCompat({ cwd: repository, paths: [], base: "v1.3.0-rc.1" });
    const verdict = stable.findings.filter((f) => f.ruleId === "version-bump");
    expect(verdict).toEqual([expect.objectContaining({ severity: "error", message: expect.stringContaining("Against v1.2.0 (1.2.0)") })]);
    expect(verdict[0]!.message).toContain("2.0.0");
    expect(stable.findings.map((f) => f.ruleId)).toContain("property-removed-required");
    // Another pre-release after it may still change anything: no stable release to keep.
    writeFileSync(join(repository, "orders.odcs.yaml"), withColumn("1.3.0-rc.2", "      - name: note\n        logicalType: string\n"));
    expect((await runCompat({ cwd: repository, paths: [], base: "v1.3.0-rc.1" })).findings.filter((f) => f.severity === "error")).toEqual([]);
  });
});

describe("runCompat from a pre-release to a stable release, finding the last stable release", () => {
  const orders = (version: string, required: boolean) =>
    `${contract(version)}    properties:\n      - name: note\n        logicalType: string\n${required ? "      - name: amount\n        logicalType: number\n        required: true\n" : ""}`;
  /** 1.0.0 with a required column, 1.1.0-rc.1 without it (each tagged as `tags` says), head 1.1.0 without it. */
  function repository(tags: [string, string], config = ""): string {
    const repository = mkdtempSync(join(tmpdir(), "meshkit-release-"));
    git(repository, "init", "-q", "-b", "main");
    if (config) writeFileSync(join(repository, "meshkit.yaml"), config);
    const commit = (text: string, tag?: string) => {
      writeFileSync(join(repository, "orders.odcs.yaml"), text);
      git(repository, "add", ".");
      git(repository, "commit", "-q", "-m", "release");
      if (tag) git(repository, "tag", "-a", "-m", tag, tag);
    };
    commit(orders("1.0.0", true), tags[0]);
    commit(orders("1.1.0-rc.1", false), tags[1]);
    writeFileSync(join(repository, "orders.odcs.yaml"), orders("1.1.0", false));
    return repository;
  }
  const errors = async (cwd: string, mode = "forward") => (await runCompat({ cwd, paths: [], base: "HEAD", mode })).findings.filter((f) => f.severity === "error").map((f) => f.message);

  it("finds it by the contract's own version in each tag, not by the tag's (a product's release tags)", async () => {
    const prefix = "apiVersion: meshkit/v1\nkind: Config\ncompat:\n  tagPrefix: shop/\n";
    // The product's versions are above the contract's, or below them: the contract's 1.0.0 is the release either way.
    expect(await errors(repository(["shop/v2.0.0", "shop/v2.1.0"], prefix))).toEqual([expect.stringContaining("Against shop/v2.0.0 (1.0.0)")]);
    expect(await errors(repository(["shop/v0.4.0", "shop/v0.5.0"], prefix))).toEqual([expect.stringContaining("Against shop/v0.4.0 (1.0.0)")]);
  });

  it("holds the release to the last stable release only, outside the transitive modes", async () => {
    const cwd = repository(["v1.0.0", "v1.1.0-rc.1"]);
    // 1.0.1 dropped the column already (released as it was): the last stable release before 1.1.0-rc.1 lacks it.
    git(cwd, "checkout", "-q", "--", ".");
    git(cwd, "checkout", "-q", "-b", "fix", "v1.0.0");
    writeFileSync(join(cwd, "orders.odcs.yaml"), orders("1.0.1", false));
    git(cwd, "commit", "-q", "-am", "1.0.1");
    git(cwd, "tag", "v1.0.1");
    git(cwd, "checkout", "-q", "main");
    writeFileSync(join(cwd, "orders.odcs.yaml"), orders("1.1.0", false));
    expect(await errors(cwd)).toEqual([]);
    expect(await errors(cwd, "forward-transitive")).toEqual([expect.stringContaining("Against v1.0.0 (1.0.0)")]);
  });

  it("warns (compat-history-incomplete) when the clone has no release tag to find it in: shallow, or tags not fetched", async () => {
    const origin = repository(["v1.0.0", "v1.1.0-rc.1"]);
    git(origin, "commit", "-q", "-am", "1.1.0");
    // As actions/checkout and the schema-compat action leave a pull request: the head and the base commit, no tags.
    const shallow = mkdtempSync(join(tmpdir(), "meshkit-shallow-"));
    git(shallow, "clone", "-q", "--depth", "1", "--no-tags", `file://${origin}`, ".");
    const base = spawnSync("git", ["rev-parse", "v1.1.0-rc.1^{commit}"], { cwd: origin, encoding: "utf8" }).stdout.trim();
    git(shallow, "fetch", "-q", "--depth", "1", "--no-tags", "origin", base);
    const run = await runCompat({ cwd: shallow, paths: [], base, mode: "forward" });
    const warning = run.findings.filter((f) => f.ruleId === "compat-history-incomplete");
    expect(warning).toEqual([expect.objectContaining({ severity: "warning", file: ".", line: 1, column: 1 })]);
    expect(warning[0]!.message).toContain("(orders 1.1.0-rc.1)");
    expect(warning[0]!.message).toContain("shallow clone");
    expect(warning[0]!.message).toContain("fetch-depth: 0");
    const untagged = mkdtempSync(join(tmpdir(), "meshkit-no-tags-"));
    git(untagged, "clone", "-q", "--no-tags", `file://${origin}`, ".");
    const inFull = (await runCompat({ cwd: untagged, paths: [], base: "HEAD~1", mode: "forward" })).findings.find((f) => f.ruleId === "compat-history-incomplete");
    expect(inFull?.message).toContain("no release tag (v<version>, <version>, <contract or product id>/v<version> or <contract or product id>/<version>) is here");
    // With the tags the release is found: an error, and nothing to warn about.
    expect(await errors(origin)).toEqual([]);
    expect((await runCompat({ cwd: origin, paths: [], base: "v1.1.0-rc.1", mode: "forward" })).findings.filter((f) => f.severity === "error" || f.ruleId === "compat-history-incomplete")).toEqual([
      expect.objectContaining({ ruleId: "version-bump", message: expect.stringContaining("Against v1.0.0") }),
    ]);
  });

  it("does not warn where no stable release can come before the pre-release (2.0.0-rc.1 starts its line)", async () => {
    const origin = mkdtempSync(join(tmpdir(), "meshkit-major-"));
    git(origin, "init", "-q", "-b", "main");
    writeFileSync(join(origin, "orders.odcs.yaml"), orders("2.0.0-rc.1", false));
    git(origin, "add", ".");
    git(origin, "commit", "-q", "-m", "rc");
    writeFileSync(join(origin, "orders.odcs.yaml"), orders("2.0.0", false));
    expect((await runCompat({ cwd: origin, paths: [], base: "HEAD", mode: "forward" })).findings).toEqual([]);
  });
});

describe("runCompat in a transitive mode", () => {
  it("warns that a shallow clone may lack older releases, and says how to fetch them", async () => {
    const origin = releasedRepository();
    const clone = mkdtempSync(join(tmpdir(), "meshkit-shallow-"));
    git(clone, "clone", "-q", "--depth", "1", "--no-tags", `file://${origin}`, ".");
    git(clone, "fetch", "-q", "--depth", "1", "origin", "tag", "v1.1.0", "--no-tags");
    const run = await runCompat({ cwd: clone, paths: [], base: "v1.1.0", mode: "forward-transitive" });
    const warning = run.findings.filter((f) => f.ruleId === "compat-history-incomplete");
    expect(warning).toEqual([expect.objectContaining({ severity: "warning", file: ".", line: 1, column: 1 })]);
    expect(warning[0]!.message).toContain("shallow clone");
    expect(warning[0]!.message).toContain("git fetch --tags --unshallow");
    expect(warning[0]!.message).toContain("fetch-depth: 0");
    // Not transitive: only the base is compared, and the base is here.
    expect((await runCompat({ cwd: clone, paths: [], base: "v1.1.0", mode: "forward" })).findings.map((f) => f.ruleId)).not.toContain("compat-history-incomplete");
    // The full history: nothing to warn about.
    expect((await runCompat({ cwd: origin, paths: [], base: "v1.1.0", mode: "forward-transitive" })).findings.map((f) => f.ruleId)).not.toContain("compat-history-incomplete");
  });

  it("warns in a full clone without release tags (not fetched, or a tagPrefix that matches none) when the base is a released version", async () => {
    const origin = releasedRepository();
    const clone = mkdtempSync(join(tmpdir(), "meshkit-no-tags-"));
    git(clone, "clone", "-q", "--no-tags", `file://${origin}`, ".");
    const run = await runCompat({ cwd: clone, paths: [], base: "HEAD", mode: "backward-transitive" });
    const warning = run.findings.filter((f) => f.ruleId === "compat-history-incomplete");
    expect(warning).toEqual([expect.objectContaining({ severity: "warning", file: ".", line: 1, column: 1 })]);
    expect(warning[0]!.message).toBe(
      "backward-transitive compares with every earlier release, but no release tag (v<version>, <version>, <contract or product id>/v<version> or <contract or product id>/<version>) is here, though the base is version 1.1.0: the tags were not fetched, or `compat.tagPrefix` does not match them. Fetch them with `git fetch --tags` (actions/checkout: `fetch-depth: 0`), or correct the prefix.",
    );
    writeFileSync(join(origin, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\ncompat:\n  tagPrefix: orders/\n");
    expect((await runCompat({ cwd: origin, paths: [], base: "v1.1.0", mode: "full-transitive" })).findings.find((f) => f.ruleId === "compat-history-incomplete")?.message).toContain("no release tag (orders/v<version> or orders/<version>) is here");
    // A pre-release base after released versions of its line says the same: a stable head after it (1.1.0-rc.1 →
    // 1.1.0) passes nothing unseen, though no stable version is on the base side.
    writeFileSync(join(clone, "orders.odcs.yaml"), contract("1.2.0-rc.1"));
    git(clone, "commit", "-q", "-am", "1.2.0-rc.1");
    writeFileSync(join(clone, "orders.odcs.yaml"), contract("1.2.0"));
    const afterPreRelease = (await runCompat({ cwd: clone, paths: [], base: "HEAD", mode: "forward-transitive" })).findings.find((f) => f.ruleId === "compat-history-incomplete");
    expect(afterPreRelease?.message).toContain("no release tag (v<version>, <version>, <contract or product id>/v<version> or <contract or product id>/<version>) is here, though the base is version 1.2.0-rc.1, a pre-release after released versions of its line:");
    // Before the first stable release there is no tag to miss.
    const fresh = mkdtempSync(join(tmpdir(), "meshkit-unreleased-"));
    git(fresh, "init", "-q", "-b", "main");
    writeFileSync(join(fresh, "orders.odcs.yaml"), contract("0.3.0"));
    git(fresh, "add", ".");
    git(fresh, "commit", "-q", "-m", "draft");
    expect((await runCompat({ cwd: fresh, paths: [], base: "HEAD", mode: "forward-transitive" })).findings.map((f) => f.ruleId)).not.toContain("compat-history-incomplete");
  });
});

describe("runCompat with the release tags meshkit makes for each product (<product id>/v<semver>)", () => {
  const contractOf = (id: string, version: string, columns: string[]) =>
    `apiVersion: v3.1.0\nkind: DataContract\nid: ${id}\nversion: ${version}\nstatus: active\nschema:\n  - name: ${id}\n    properties:\n${columns.map((c) => `      - name: ${c}\n        logicalType: string\n`).join("")}`;
  const product = (id: string, version: string, contractId: string, contractVersion: string) =>
    `apiVersion: v1.0.0\nkind: DataProduct\nid: ${id}\nname: ${id}\nstatus: active\nversion: ${version}\noutputPorts:\n  - name: ${contractId}\n    version: ${contractVersion}\n    contractId: ${contractId}\n`;
  function commit(dir: string, files: Record<string, string>, tags: string[]): void {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", tags.join(" ") || "change");
    for (const tag of tags) git(dir, "tag", "-a", "-m", tag, tag);
  }
  /**
   * Two products released on their own and tagged as `meshkit ci` and catalog-publish tag them, with no
   * compat.tagPrefix (one prefix cannot name both): orders 1.0.0 with `note` (shop/v1.0.0 and billing/v1.0.0),
   * orders 1.1.0 without it (shop/v1.1.0), then invoices 1.1.0 (billing/v1.1.0, the only tag of that commit).
   */
  function repository(): string {
    const dir = mkdtempSync(join(tmpdir(), "meshkit-product-tags-"));
    git(dir, "init", "-q", "-b", "main");
    const both = { "shop.odps.yaml": product("shop", "1.0.0", "orders", "1.0.0"), "billing.odps.yaml": product("billing", "1.0.0", "invoices", "1.0.0") };
    commit(dir, { ...both, "orders.odcs.yaml": contractOf("orders", "1.0.0", ["key", "note"]), "invoices.odcs.yaml": contractOf("invoices", "1.0.0", ["key"]) }, ["shop/v1.0.0", "billing/v1.0.0"]);
    commit(dir, { "orders.odcs.yaml": contractOf("orders", "1.1.0", ["key"]), "shop.odps.yaml": product("shop", "1.1.0", "orders", "1.1.0") }, ["shop/v1.1.0"]);
    commit(dir, { "invoices.odcs.yaml": contractOf("invoices", "1.1.0", ["key", "total"]), "billing.odps.yaml": product("billing", "1.1.0", "invoices", "1.1.0") }, ["billing/v1.1.0"]);
    return dir;
  }

  it("compares a transitive mode with every product's releases: a column dropped in two steps needs a major version", async () => {
    const dir = repository();
    writeFileSync(join(dir, "orders.odcs.yaml"), contractOf("orders", "1.2.0", ["key"]));
    const run = await runCompat({ cwd: dir, paths: [], base: "HEAD", mode: "forward-transitive" });
    expect(run.findings.map((f) => f.ruleId)).not.toContain("compat-history-incomplete");
    expect(run.findings.filter((f) => f.severity === "error")).toEqual([expect.objectContaining({ ruleId: "version-bump", file: "orders.odcs.yaml", message: expect.stringContaining("make it 2.0.0") })]);
    // The two products released orders 1.0.0 on one commit: it is read (and reported) once.
    expect(run.findings.filter((f) => f.ruleId === "property-removed-optional")).toEqual([
      expect.objectContaining({ file: "orders.odcs.yaml", message: expect.stringMatching(/^Property `orders\.note` was removed\..* Found against (billing|shop)\/v1\.0\.0 \(1\.0\.0\)\.$/) }),
    ]);
  });

  it("reads release tags written without the v (1.0.0, shop/1.0.0) as releases: a column dropped in two steps needs a major version", async () => {
    const dir = repository();
    for (const tag of ["shop/v1.0.0", "billing/v1.0.0", "shop/v1.1.0", "billing/v1.1.0"]) git(dir, "tag", "-d", tag);
    git(dir, "tag", "1.0.0", "HEAD~2");
    git(dir, "tag", "shop/1.1.0", "HEAD~1");
    writeFileSync(join(dir, "orders.odcs.yaml"), contractOf("orders", "1.2.0", ["key"]));
    const run = await runCompat({ cwd: dir, paths: [], base: "HEAD", mode: "forward-transitive" });
    expect(run.findings.filter((f) => f.ruleId === "property-removed-optional")).toEqual([expect.objectContaining({ message: expect.stringMatching(/Found against 1\.0\.0 \(1\.0\.0\)\.$/) })]);
    expect(run.findings.filter((f) => f.severity === "error")).toEqual([expect.objectContaining({ ruleId: "version-bump", message: expect.stringContaining("make it 2.0.0") })]);
  });

  it("holds a stable release after a pre-release base to the last stable release, found in another product's tag", async () => {
    const dir = repository();
    // invoices 1.1.0 is released only by billing/v1.1.0; its pre-release drops `total` (allowed there), and so does its release.
    commit(dir, { "invoices.odcs.yaml": contractOf("invoices", "1.2.0-rc.1", ["key"]) }, []);
    writeFileSync(join(dir, "invoices.odcs.yaml"), contractOf("invoices", "1.2.0", ["key"]));
    const run = await runCompat({ cwd: dir, paths: [], base: "HEAD", mode: "forward" });
    expect(run.findings.map((f) => f.ruleId)).not.toContain("compat-history-incomplete");
    expect(run.findings.filter((f) => f.severity === "error")).toEqual([
      expect.objectContaining({ ruleId: "version-bump", file: "invoices.odcs.yaml", message: expect.stringContaining("Against billing/v1.1.0 (1.1.0)") }),
    ]);
  });

  it("reads a contract's own release tags (<contract id>/v<semver>): a column dropped in two steps needs a major version", async () => {
    // A repository of contracts alone, released on tags named by each contract's id; `other/v1.0.0` is no release of it.
    const dir = mkdtempSync(join(tmpdir(), "meshkit-contract-tags-"));
    git(dir, "init", "-q", "-b", "main");
    commit(dir, { "orders.odcs.yaml": contractOf("orders", "1.0.0", ["key", "note"]) }, ["orders/v1.0.0", "other/v1.0.0"]);
    commit(dir, { "orders.odcs.yaml": contractOf("orders", "1.1.0", ["key"]) }, ["orders/v1.1.0"]);
    writeFileSync(join(dir, "orders.odcs.yaml"), contractOf("orders", "1.1.1", ["key"]).replace("status: active", "status: active\ndescription:\n  purpose: Orders."));
    const run = await runCompat({ cwd: dir, paths: [], base: "HEAD", mode: "forward-transitive" });
    expect(run.findings.map((f) => f.ruleId)).not.toContain("compat-history-incomplete");
    expect(run.findings.filter((f) => f.ruleId === "property-removed-optional")).toEqual([expect.objectContaining({ file: "orders.odcs.yaml", message: expect.stringMatching(/Found against orders\/v1\.0\.0 \(1\.0\.0\)\.$/) })]);
    expect(run.findings.filter((f) => f.severity === "error")).toEqual([expect.objectContaining({ ruleId: "version-bump", message: expect.stringContaining("make it 2.0.0") })]);
  });

  it("names both tag forms when it finds none", async () => {
    const dir = repository();
    const clone = mkdtempSync(join(tmpdir(), "meshkit-product-tags-clone-"));
    git(clone, "clone", "-q", "--no-tags", `file://${dir}`, ".");
    const warning = (await runCompat({ cwd: clone, paths: [], base: "HEAD", mode: "forward-transitive" })).findings.find((f) => f.ruleId === "compat-history-incomplete");
    expect(warning?.message).toContain("no release tag (v<version>, <version>, <contract or product id>/v<version> or <contract or product id>/<version>) is here");
  });
});

describe("runCompat with a git submodule", () => {
  it("compares a submodule's contracts with the commit the base records for it, and warns when that commit is missing", async () => {
    const inner = releasedRepository();
    const top = mkdtempSync(join(tmpdir(), "meshkit-superproject-"));
    git(top, "init", "-q", "-b", "main");
    git(top, "-c", "protocol.file.allow=always", "submodule", "add", "-q", inner, "domain");
    git(top, "commit", "-q", "-m", "add the domain");
    // The domain drops its required column without a new version, and the superproject moves to it.
    const domain = join(top, "domain");
    writeFileSync(join(domain, "orders.odcs.yaml"), contract("1.1.0").replace("schema:\n  - name: orders\n", "schema: []\n"));
    git(domain, "commit", "-q", "-am", "drop orders");
    git(top, "add", "domain");
    git(top, "commit", "-q", "-m", "move the domain");
    const run = await runCompat({ cwd: top, paths: [], base: "HEAD~1" });
    expect(run.findings.map((f) => [f.ruleId, f.file])).toEqual(expect.arrayContaining([["object-removed", "domain/orders.odcs.yaml"], ["version-bump", "domain/orders.odcs.yaml"]]));
    expect(run.findings.map((f) => f.ruleId)).not.toContain("contract-added");
    // A base whose recorded commit the submodule's repository does not have: said, not passed as new contracts.
    const elsewhere = mkdtempSync(join(tmpdir(), "meshkit-superproject-"));
    git(elsewhere, "init", "-q", "-b", "main");
    git(elsewhere, "-c", "protocol.file.allow=always", "submodule", "add", "-q", inner, "domain");
    git(elsewhere, "commit", "-q", "-m", "add the domain");
    git(elsewhere, "update-index", "--cacheinfo", `160000,${"1".repeat(40)},domain`);
    git(elsewhere, "commit", "-q", "-m", "a commit the domain does not have");
    const missing = await runCompat({ cwd: elsewhere, paths: [], base: "HEAD" });
    expect(missing.findings.find((f) => f.ruleId === "compat-base-unreadable")).toMatchObject({ severity: "warning", file: "domain", message: expect.stringContaining("is at commit 111111111111 in HEAD, which its repository does not have") });
  });
});

describe("runCompat on some paths (bad input is not passed over)", () => {
  it("reports a named file emptied since the release: not-a-document, and its contract removed", async () => {
    const repository = releasedRepository();
    writeFileSync(join(repository, "orders.odcs.yaml"), "");
    const run = await runCompat({ cwd: repository, paths: ["orders.odcs.yaml"], base: "v1.1.0" });
    expect(run.findings.map((f) => [f.ruleId, f.file, f.line, f.column])).toEqual([
      ["not-a-document", "orders.odcs.yaml", 1, 1],
      ["contract-removed", "orders.odcs.yaml", 1, 1],
    ]);
  });

  it("does not call the contracts of a head file that does not parse removed: the syntax error says what is wrong", async () => {
    const repository = releasedRepository();
    writeFileSync(join(repository, "orders.odcs.yaml"), `${contract("1.2.0")}  - [unclosed\n`);
    for (const paths of [[], ["orders.odcs.yaml"]]) {
      const run = await runCompat({ cwd: repository, paths, base: "v1.1.0" });
      expect(run.findings.map((f) => f.ruleId), paths.join()).toEqual(["yaml-syntax"]);
    }
  });

  it("reports a named contract of an apiVersion meshkit does not read, at that apiVersion, and does not call it removed", async () => {
    const repository = releasedRepository();
    writeFileSync(join(repository, "orders.odcs.yaml"), contract("1.2.0").replace("v3.1.0", "v9.9.9"));
    for (const paths of [["."], []]) {
      const run = await runCompat({ cwd: repository, paths, base: "v1.1.0" });
      expect(run.findings, paths.join()).toMatchObject([{ ruleId: "unsupported-api-version", severity: "error", file: "orders.odcs.yaml", line: 1, column: 13 }]);
    }
    // With the rule turned off nothing says the contract is there: as far as compat can tell, it is gone.
    writeFileSync(join(repository, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\nlint:\n  rules:\n    unsupported-api-version: off\n");
    const off = await runCompat({ cwd: repository, paths: [], base: "v1.1.0" });
    expect(off.findings.map((f) => f.ruleId)).toEqual(["contract-removed"]);
  });

  it("warns about a git base whose contract is of an apiVersion meshkit does not read, naming it, instead of passing in silence", async () => {
    const repository = releasedRepository();
    writeFileSync(join(repository, "orders.odcs.yaml"), contract("1.2.0").replace("v3.1.0", "v3.2.0"));
    git(repository, "commit", "-q", "-am", "v3.2.0");
    git(repository, "tag", "v1.2.0");
    writeFileSync(join(repository, "orders.odcs.yaml"), contract("1.3.0"));
    const run = await runCompat({ cwd: repository, paths: [], base: "v1.2.0" });
    const warning = run.findings.find((f) => f.ruleId === "compat-base-unreadable");
    expect(warning).toMatchObject({ severity: "warning", file: "orders.odcs.yaml", line: 1, column: 1 });
    expect(warning!.message).toBe('v1.2.0, line 1:13: DataContract apiVersion "v3.2.0" is not one meshkit reads (v3.0.0, v3.0.1, v3.0.2, v3.1.0), so it is not checked; run meshkit lint for the fix. (not compared)');
    // The head's contract is not "new": the base has it, at an apiVersion that is not compared.
    expect(run.findings.find((f) => f.ruleId === "contract-added")?.message).toMatch(/^Contract .+ at version 1\.3\.0 is in v1\.2\.0 at apiVersion "v3\.2\.0" \(orders\.odcs\.yaml in v1\.2\.0\), which meshkit does not read: it is not compared, and is judged as new\./);
    // The pre-push hook's head is a commit: a contract there of such an apiVersion is reported as in the working tree.
    const pushed = await runCompat({ cwd: repository, paths: [], base: "v1.1.0", head: "v1.2.0" });
    expect(pushed.findings.map((f) => [f.ruleId, f.file, f.line, f.column])).toEqual([["unsupported-api-version", "orders.odcs.yaml", 1, 13]]);
  });

  it("refuses a base file of an apiVersion meshkit does not read, and says when the head file is of one too", async () => {
    const repository = releasedRepository();
    const v32 = contract("1.2.0").replace("v3.1.0", "v3.2.0");
    writeFileSync(join(repository, "v32.odcs.yaml"), v32);
    const refused = runCompat({ cwd: repository, paths: ["v32.odcs.yaml"], base: "v32.odcs.yaml" });
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow(
      '--base v32.odcs.yaml holds a DataContract of apiVersion "v3.2.0" (line 1), which meshkit does not read (it reads DataContract v3.0.0, v3.0.1, v3.0.2, v3.1.0), so there is nothing to compare with; name a released contract or product file meshkit reads, or an empty folder for a first release. The head cannot be compared either: v32.odcs.yaml holds the same; run meshkit lint for the fix',
    );
    // A head of another such apiVersion is named with it.
    writeFileSync(join(repository, "v40.odcs.yaml"), v32.replace("v3.2.0", "v4.0.0"));
    await expect(runCompat({ cwd: repository, paths: ["v40.odcs.yaml"], base: "v32.odcs.yaml" })).rejects.toThrow(
      /\. The head cannot be compared either: v40\.odcs\.yaml holds a DataContract of apiVersion "v4\.0\.0" \(line 1\), which meshkit does not read \(it reads DataContract v3\.0\.0, v3\.0\.1, v3\.0\.2, v3\.1\.0\); run meshkit lint for the fix$/,
    );
    // A head meshkit reads: the base alone is named.
    await expect(runCompat({ cwd: repository, paths: ["orders.odcs.yaml"], base: "v32.odcs.yaml" })).rejects.toThrow(/first release$/);
  });

  it("names the base as its caller's user does: the schema-compat action's input, not --base", async () => {
    const repository = releasedRepository();
    const optionNames = { base: "the base input" };
    writeFileSync(join(repository, "v32.odcs.yaml"), contract("1.2.0").replace("v3.1.0", "v3.2.0"));
    await expect(runCompat({ cwd: repository, paths: ["orders.odcs.yaml"], base: "v32.odcs.yaml", optionNames })).rejects.toThrow(/^the base input v32\.odcs\.yaml holds a DataContract of apiVersion "v3\.2\.0"/);
    writeFileSync(join(repository, "notes.yaml"), "hello: 1\n");
    await expect(runCompat({ cwd: repository, paths: [], base: "notes.yaml", optionNames })).rejects.toThrow(/^the base input notes\.yaml holds no contract or product; /);
    // A repository without a commit yet: HEAD names nothing, and a released file or folder is what to give.
    const fresh = mkdtempSync(join(tmpdir(), "meshkit-compat-fresh-"));
    git(fresh, "init", "-q");
    await expect(runCompat({ cwd: fresh, paths: [], base: "HEAD", optionNames })).rejects.toThrow(/\(commit first, or give the base input a released file or folder\)$/);
    // Outside git, the base can only be a file or folder.
    const outside = mkdtempSync(join(tmpdir(), "meshkit-compat-nogit-"));
    await expect(runCompat({ cwd: outside, paths: [], base: "v1", optionNames })).rejects.toThrow(/^the base input v1 is not a file or folder, .*: run meshkit in a clone, or give the base input the released contract's file or folder$/);
    rmSync(fresh, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it("says where a removed element was once: a base file or folder by its path, a git base with its ref", async () => {
    const repository = releasedRepository();
    const withColumn = contract("1.1.0").replace("  - name: orders\n", "  - name: orders\n    properties:\n      - name: note\n        logicalType: string\n");
    mkdirSync(join(repository, "released"));
    writeFileSync(join(repository, "released", "orders.odcs.yaml"), withColumn);
    writeFileSync(join(repository, "base.yaml"), withColumn);
    writeFileSync(join(repository, "orders.odcs.yaml"), withColumn);
    git(repository, "add", "orders.odcs.yaml");
    git(repository, "commit", "-q", "-m", "note");
    git(repository, "tag", "v1.1.1");
    writeFileSync(join(repository, "orders.odcs.yaml"), contract("2.0.0"));
    const removed = async (base: string, paths: string[] = ["orders.odcs.yaml"]) => (await runCompat({ cwd: repository, paths, base })).findings.find((f) => f.ruleId === "property-removed-optional")!.message;
    expect(await removed("base.yaml")).toBe("Property `orders.note` was removed. (was at base.yaml:9) Requires a major version bump under forward.");
    expect(await removed("released")).toBe("Property `orders.note` was removed. (was at released/orders.odcs.yaml:9) Requires a major version bump under forward.");
    expect(await removed("v1.1.1")).toBe("Property `orders.note` was removed. (was at orders.odcs.yaml:9 in v1.1.1) Requires a major version bump under forward.");
    // A whole contract gone: its message names the file (with the ref for a git base), and says it once.
    writeFileSync(join(repository, "orders.odcs.yaml"), "");
    const gone = async (base: string) => (await runCompat({ cwd: repository, paths: ["orders.odcs.yaml"], base })).findings.find((f) => f.ruleId === "contract-removed")!.message;
    // (Copies left in the working tree would be the contract moved there.)
    rmSync(join(repository, "base.yaml"));
    expect(await gone("released")).toMatch(/^Contract orders \(1\.1\.0, released\/orders\.odcs\.yaml\) is not in the working tree\. Requires a major version bump/);
    rmSync(join(repository, "released"), { recursive: true });
    expect(await gone("v1.1.1")).toMatch(/^Contract orders \(1\.1\.0, orders\.odcs\.yaml in v1\.1\.1\) is not in the working tree\. Requires a major version bump/);
  });

  it("names files in messages with displayFile, as a caller shows the findings' files (the pre-push hook: from the repository's top)", async () => {
    const repository = releasedRepository();
    writeFileSync(join(repository, "orders.odcs.yaml"), contract("1.1.0").replace("  - name: orders\n", "  - name: orders\n    properties:\n      - name: note\n        logicalType: string\n"));
    writeFileSync(join(repository, "returns.odcs.yaml"), contract("1.0.0").replace("id: orders", "id: returns"));
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "note, returns");
    git(repository, "tag", "v1.1.1");
    writeFileSync(join(repository, "orders.odcs.yaml"), contract("2.0.0"));
    rmSync(join(repository, "returns.odcs.yaml"));
    const displayFile = (file: string) => `domains/sales/${file}`;
    const messages = (await runCompat({ cwd: repository, paths: [], base: "v1.1.1", displayFile })).findings.map((f) => f.message);
    expect(messages).toContainEqual(expect.stringContaining("(was at domains/sales/orders.odcs.yaml:9 in v1.1.1)"));
    expect(messages).toContainEqual(expect.stringMatching(/^Contract returns \(1\.0\.0, domains\/sales\/returns\.odcs\.yaml in v1\.1\.1\) is not in the working tree\./));
  });

  it("reports a contract deleted from a named folder, but not one moved out of it or outside it", async () => {
    const repository = releasedRepository();
    const other = (id: string) => contract("1.0.0").replace("id: orders", `id: ${id}`);
    for (const [file, text] of [["a/kept.odcs.yaml", other("kept")], ["a/gone.odcs.yaml", other("gone")], ["a/moved.odcs.yaml", other("moved")], ["b/outside.odcs.yaml", other("outside")]] as const) {
      mkdirSync(join(repository, file, ".."), { recursive: true });
      writeFileSync(join(repository, file), text);
    }
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "more");
    git(repository, "tag", "v1.2.0");
    for (const file of ["a/gone.odcs.yaml", "a/moved.odcs.yaml", "b/outside.odcs.yaml"]) git(repository, "rm", "-q", file);
    writeFileSync(join(repository, "moved.odcs.yaml"), other("moved"));
    const run = await runCompat({ cwd: repository, paths: ["a"], base: "v1.2.0" });
    expect(run.findings.map((f) => [f.ruleId, f.file])).toEqual([["contract-removed", "a/gone.odcs.yaml"]]);
  });

  it("reports the contracts of a named folder emptied or deleted, or a named file deleted, as removed (not a path with nothing to check)", async () => {
    const repository = releasedRepository();
    mkdirSync(join(repository, "a"));
    writeFileSync(join(repository, "a/gone.odcs.yaml"), contract("1.0.0").replace("id: orders", "id: gone"));
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "more");
    git(repository, "tag", "v1.2.0");
    git(repository, "rm", "-q", "a/gone.odcs.yaml");
    const removed = [["contract-removed", "a/gone.odcs.yaml"]];
    // git rm takes the folder away; `git diff --name-only` names the deleted file.
    for (const path of ["a", "a/gone.odcs.yaml", "a/*.yaml"]) {
      const run = await runCompat({ cwd: repository, paths: [path], base: "v1.2.0" });
      expect(run.findings.map((f) => [f.ruleId, f.file]), path).toEqual(removed);
    }
    mkdirSync(join(repository, "a"));
    const emptied = await runCompat({ cwd: repository, paths: ["a"], base: "v1.2.0" });
    expect(emptied.findings.map((f) => [f.ruleId, f.file])).toEqual(removed);
  });

  it("reports the contracts of a deleted folder whose name reads as a glob (`orders (old)`, `sales [eu]`) as removed, as any deleted folder's", async () => {
    const repository = releasedRepository();
    for (const [folder, id] of [["orders (old)", "old"], ["sales [eu]", "eu"]] as const) {
      mkdirSync(join(repository, folder));
      writeFileSync(join(repository, folder, `${id}.odcs.yaml`), contract("1.0.0").replace("id: orders", `id: ${id}`));
    }
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "more");
    git(repository, "tag", "v1.2.0");
    git(repository, "rm", "-q", "-r", "orders (old)", "sales [eu]");
    for (const [path, file] of [["orders (old)", "orders (old)/old.odcs.yaml"], ["sales [eu]", "sales [eu]/eu.odcs.yaml"], ["sales [eu]/eu.odcs.yaml", "sales [eu]/eu.odcs.yaml"]]) {
      const run = await runCompat({ cwd: repository, paths: [path!], base: "v1.2.0" });
      expect(run.findings.map((f) => [f.ruleId, f.file]), path).toEqual([["contract-removed", file]]);
    }
  });

  it("still refuses a named folder or glob with nothing in it on either side, and says a missing path is missing", async () => {
    const repository = releasedRepository();
    mkdirSync(join(repository, "empty"));
    await expect(runCompat({ cwd: repository, paths: ["empty"], base: "v1.1.0" })).rejects.toThrow(/no file to check in empty/);
    await expect(runCompat({ cwd: repository, paths: ["empty/*.yaml"], base: "v1.1.0" })).rejects.toThrow(/no file matches empty\/\*\.yaml/);
    const missing = await runCompat({ cwd: repository, paths: ["nothere.yaml"], base: "v1.1.0" });
    expect(missing.findings.map((f) => [f.ruleId, f.file])).toEqual([["file-unreadable", "nothere.yaml"]]);
  });

  it("run from a subfolder of the project without paths: the folder's contracts are compared; the others are not called removed", async () => {
    const repository = releasedRepository();
    const other = (id: string) => contract("1.0.0").replace("id: orders", `id: ${id}`);
    writeFileSync(join(repository, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    for (const [file, text] of [["a/kept.odcs.yaml", other("kept")], ["a/gone.odcs.yaml", other("gone")], ["b/outside.odcs.yaml", other("outside")]] as const) {
      mkdirSync(join(repository, file, ".."), { recursive: true });
      writeFileSync(join(repository, file), text);
    }
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "more");
    expect((await runCompat({ cwd: join(repository, "a"), paths: [], base: "HEAD" })).findings).toEqual([]);
    git(repository, "rm", "-q", "a/gone.odcs.yaml");
    const run = await runCompat({ cwd: join(repository, "a"), paths: [], base: "HEAD" });
    expect(run.findings.map((f) => [f.ruleId, f.file])).toEqual([["contract-removed", "gone.odcs.yaml"]]);
  });

  it("run in a platform config's folder without paths: the documents its ../ globs reach are compared with their release, not called new", async () => {
    const repository = mkdtempSync(join(tmpdir(), "meshkit-platform-"));
    git(repository, "init", "-q", "-b", "main");
    const platform = join(repository, "platform");
    mkdirSync(platform);
    mkdirSync(join(repository, "domains/sales/data"), { recursive: true });
    writeFileSync(join(platform, "meshkit.yaml"), 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["../domains/**/*.yaml"]\n  exclude: ["**/data/**"]\n');
    writeFileSync(join(repository, "domains/sales/orders.odcs.yaml"), `${contract("1.0.0")}    properties:\n      - name: note\n        logicalType: string\n`);
    // Sample data the exclude leaves out on both sides, though it reads as a contract.
    writeFileSync(join(repository, "domains/sales/data/sample.yaml"), contract("1.0.0").replace("id: orders", "id: sample"));
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "released");
    expect((await runCompat({ cwd: platform, paths: [], base: "HEAD" })).findings).toEqual([]);
    writeFileSync(join(repository, "domains/sales/orders.odcs.yaml"), contract("1.0.0"));
    rmSync(join(repository, "domains/sales/data/sample.yaml"));
    const run = await runCompat({ cwd: platform, paths: [], base: "HEAD" });
    expect(run.findings.map((f) => f.ruleId).sort()).toEqual(["property-removed-optional", "version-bump"]);
    expect(run.contracts).toMatchObject([{ baseVersion: "1.0.0", requiredBump: "major" }]);
  });

  it.each([["a meshkit.yaml at the top", true], ["no meshkit.yaml (the repository's top is the project)", false]])(
    "run from a subfolder, %s: a product or contract moved out of it to another folder of the project is not called removed, one deleted is",
    async (_, withConfig) => {
      const repository = releasedRepository();
      const product = "apiVersion: v1.0.0\nkind: DataProduct\nid: shop\nname: shop\nversion: 1.0.0\nstatus: active\noutputPorts:\n  - name: orders\n    version: 1.1.0\n    contractId: orders\n";
      if (withConfig) writeFileSync(join(repository, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
      mkdirSync(join(repository, "a"));
      writeFileSync(join(repository, "a/product.odps.yaml"), product);
      writeFileSync(join(repository, "a/kept.odcs.yaml"), contract("1.0.0").replace("id: orders", "id: kept"));
      writeFileSync(join(repository, "a/moved.odcs.yaml"), contract("1.0.0").replace("id: orders", "id: moved"));
      git(repository, "add", ".");
      git(repository, "commit", "-q", "-m", "product");
      mkdirSync(join(repository, "b"));
      git(repository, "mv", "a/product.odps.yaml", "b/product.odps.yaml");
      git(repository, "mv", "a/moved.odcs.yaml", "b/moved.odcs.yaml");
      // As `meshkit compat a` from the top says: nothing was removed, the documents moved.
      expect((await runCompat({ cwd: repository, paths: ["a"], base: "HEAD" })).findings).toEqual([]);
      for (const paths of [[], ["."]]) expect((await runCompat({ cwd: join(repository, "a"), paths, base: "HEAD" })).findings).toEqual([]);
      rmSync(join(repository, "b/moved.odcs.yaml"));
      const deleted = await runCompat({ cwd: join(repository, "a"), paths: [], base: "HEAD" });
      expect(deleted.findings.map((f) => [f.ruleId, f.file])).toEqual([["contract-removed", "moved.odcs.yaml"]]);
    },
  );

  it.each([
    ["its meshkit.yaml", "meshkit.yaml"],
    ["its meshkit.yml, renamed meshkit.yaml in the change", "meshkit.yml"],
    ["no meshkit.yaml (the defaults), one added in the change", undefined],
  ])("reads a git base's files by %s too: a product moved where only the new files.include reaches is followed, not new", async (_, committedConfig) => {
    const repository = releasedRepository();
    const product = "apiVersion: v1.0.0\nkind: DataProduct\nid: shop\nname: shop\nversion: 1.0.0\nstatus: active\noutputPorts:\n  - name: orders\n    version: 1.1.0\n    contractId: orders\n  - name: refunds\n    version: 1.0.0\n    contractId: refunds\n";
    const config = (...folders: string[]) => `apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: [${folders.map((folder) => `"${folder}/**/*.yaml"`).join(", ")}]\n`;
    if (committedConfig) writeFileSync(join(repository, committedConfig), config("products", "legacy"));
    mkdirSync(join(repository, "products"));
    mkdirSync(join(repository, "legacy"));
    writeFileSync(join(repository, "products/shop.yaml"), product);
    // Left where it is, but no longer covered: the head's config stops checking it, which removes nothing.
    writeFileSync(join(repository, "legacy/old.yaml"), product.replace("id: shop", "id: old"));
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "product");
    // The repository is reorganised: products/ becomes dp/, and meshkit.yaml follows; a port goes with no new version.
    mkdirSync(join(repository, "dp"));
    git(repository, "mv", "products/shop.yaml", "dp/shop.yaml");
    if (committedConfig === "meshkit.yml") git(repository, "rm", "-q", committedConfig);
    writeFileSync(join(repository, "dp/shop.yaml"), product.replace(/ {2}- name: refunds[^]*$/, ""));
    writeFileSync(join(repository, "meshkit.yaml"), config("dp"));
    const run = await runCompat({ cwd: repository, paths: [], base: "HEAD" });
    expect(run.findings.map((f) => [f.ruleId, f.severity, f.file])).toEqual([
      ["output-port-removed", "warning", "dp/shop.yaml"],
      ["version-bump", "error", "dp/shop.yaml"],
    ]);
  });

  it("reads a git base's files by its own meshkit.yaml's `../` globs too (a platform folder's config): a contract moved is followed, not new", async () => {
    const repository = mkdtempSync(join(tmpdir(), "meshkit-platform-moved-"));
    git(repository, "init", "-q", "-b", "main");
    const withNote = `${contract("1.0.0")}    properties:\n      - name: note\n        logicalType: string\n`;
    const config = (folder: string) => `apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["../${folder}/**/*.odcs.yaml"]\n`;
    mkdirSync(join(repository, "platform"));
    mkdirSync(join(repository, "domains/sales"), { recursive: true });
    writeFileSync(join(repository, "platform/meshkit.yaml"), config("domains"));
    writeFileSync(join(repository, "domains/sales/orders.odcs.yaml"), withNote);
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "release");
    // domains/ becomes dp/, the platform's globs follow, and a column goes with no new version.
    git(repository, "mv", "domains", "dp");
    writeFileSync(join(repository, "dp/sales/orders.odcs.yaml"), contract("1.0.0"));
    writeFileSync(join(repository, "platform/meshkit.yaml"), config("dp"));
    const run = await runCompat({ cwd: join(repository, "platform"), paths: [], base: "HEAD" });
    // A file outside the folder run in is named by its absolute path (displayPath).
    const file = join(repository, "dp/sales/orders.odcs.yaml");
    expect(run.findings.map((f) => [f.ruleId, f.severity, f.file])).toEqual([
      ["property-removed-optional", "warning", file],
      ["version-bump", "error", file],
    ]);
  });

  it("follows a project whose folder was renamed (its meshkit.yaml with it) to where the base kept it: a breaking change is judged, not passed as new", async () => {
    const repository = mkdtempSync(join(tmpdir(), "meshkit-project-moved-"));
    git(repository, "init", "-q", "-b", "main");
    const withNote = `${contract("1.0.0")}    properties:\n      - name: note\n        logicalType: string\n`;
    mkdirSync(join(repository, "domains/sales"), { recursive: true });
    writeFileSync(join(repository, "domains/sales/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    writeFileSync(join(repository, "domains/sales/orders.odcs.yaml"), withNote);
    // Another project's contract, which the renamed one's comparison must not take up.
    mkdirSync(join(repository, "domains/finance"));
    writeFileSync(join(repository, "domains/finance/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    writeFileSync(join(repository, "domains/finance/ledger.odcs.yaml"), contract("1.0.0").replace("id: orders", "id: ledger"));
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "sales");
    git(repository, "mv", "domains/sales", "domains/sales_eu");
    writeFileSync(join(repository, "domains/sales_eu/orders.odcs.yaml"), contract("1.0.0"));
    const moved = await runCompat({ cwd: join(repository, "domains/sales_eu"), paths: [], base: "HEAD" });
    expect(moved.findings.map((f) => [f.ruleId, f.severity, f.file])).toEqual([
      ["property-removed-optional", "warning", "orders.odcs.yaml"],
      ["version-bump", "error", "orders.odcs.yaml"],
    ]);
    // A project folder that is new, holding a contract the base has nowhere, is still new.
    mkdirSync(join(repository, "domains/hr"));
    writeFileSync(join(repository, "domains/hr/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    writeFileSync(join(repository, "domains/hr/staff.odcs.yaml"), contract("1.0.0").replace("id: orders", "id: staff"));
    const added = await runCompat({ cwd: join(repository, "domains/hr"), paths: [], base: "HEAD" });
    expect(added.findings.map((f) => [f.ruleId, f.file])).toEqual([["contract-added", "staff.odcs.yaml"]]);
    // So is one whose contract has the id of another project's, still in its place: the same id in two projects
    // (finance's ledger is at 1.0.0; this one, at 0.1.0, is no version going back).
    mkdirSync(join(repository, "domains/ops"));
    writeFileSync(join(repository, "domains/ops/meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    writeFileSync(join(repository, "domains/ops/ledger.odcs.yaml"), contract("0.1.0").replace("id: orders", "id: ledger"));
    const copied = await runCompat({ cwd: join(repository, "domains/ops"), paths: [], base: "HEAD" });
    expect(copied.findings.map((f) => [f.ruleId, f.file])).toEqual([["contract-added", "ledger.odcs.yaml"]]);
  });

  it("compares a contract whose id is a number (id: 5) instead of passing it over", async () => {
    const repository = releasedRepository();
    writeFileSync(join(repository, "orders.odcs.yaml"), contract("1.1.0").replace("id: orders", "id: 5"));
    const run = await runCompat({ cwd: repository, paths: ["orders.odcs.yaml"], base: "v1.1.0" });
    expect(run.findings.map((f) => f.ruleId)).toEqual(["contract-id-changed"]);
    expect(run.contracts.map((c) => c.id)).toContain("5");
  });

  describe("a base file or folder on disk stands in the place of the head's files", () => {
    const other = (id: string) => contract("1.0.0").replace("id: orders", `id: ${id}`);
    function project(files: Record<string, string>): string {
      const dir = mkdtempSync(join(tmpdir(), "meshkit-places-"));
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(join(dir, file, ".."), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      return dir;
    }
    const kinds = (run: Awaited<ReturnType<typeof runCompat>>) => run.findings.map((f) => [f.ruleId, f.severity, f.file]);

    it("a base file compared with one head file: a changed id is an id change (an error), not a silent addition", async () => {
      const dir = project({ "released.yaml": other("orders"), "orders.odcs.yaml": other("orders-v2") });
      const run = await runCompat({ cwd: dir, paths: ["orders.odcs.yaml"], base: "released.yaml" });
      expect(kinds(run)).toEqual([["contract-id-changed", "error", "orders.odcs.yaml"]]);
      expect(run.contracts[0]).toMatchObject({ id: "orders-v2", previousId: "orders" });
    });

    it("a base file whose second contract the head file lacks: that one is removed", async () => {
      const dir = project({ "released.yaml": `${other("orders")}---\n${other("refunds")}`, "orders.odcs.yaml": other("orders") });
      const run = await runCompat({ cwd: dir, paths: ["orders.odcs.yaml"], base: "released.yaml" });
      expect(kinds(run)).toEqual([["contract-removed", "error", "released.yaml"]]);
    });

    it("a base folder: a file at the same path with another id is an id change, with or without the head paths named", async () => {
      const dir = project({ "released/contracts/orders.odcs.yaml": other("orders"), "head/contracts/orders.odcs.yaml": other("orders-v2") });
      for (const paths of [[], ["contracts/orders.odcs.yaml"], ["contracts"]]) {
        const run = await runCompat({ cwd: join(dir, "head"), paths, base: "../released" });
        expect(kinds(run), paths.join()).toEqual([["contract-id-changed", "error", "contracts/orders.odcs.yaml"]]);
      }
    });

    it("a base folder inside the project (`--base released`, no paths): its copies are the base, not head documents too", async () => {
      const dir = project({ "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n", "released/contracts/orders.odcs.yaml": other("orders"), "contracts/orders.odcs.yaml": other("orders").replace("version: 1.0.0", "version: 1.1.0") });
      const run = await runCompat({ cwd: dir, paths: [], base: "released" });
      expect(kinds(run)).toEqual([["version-bump", "info", "contracts/orders.odcs.yaml"]]);
      expect(run.files).toBe(1);
    });

    it("counts files as lint does: one that could not be read, and one holding two contracts, are one file each", async () => {
      const dir = project({ "released/orders.odcs.yaml": other("orders"), "orders.odcs.yaml": other("orders"), "broken.odcs.yaml": "apiVersion: v3.1.0\nkind: DataContract\nid: [\n", "two.odcs.yaml": `${other("a")}---\n${other("b")}` });
      const run = await runCompat({ cwd: dir, paths: ["orders.odcs.yaml", "broken.odcs.yaml", "two.odcs.yaml"], base: "released" });
      expect(run.files).toBe(3);
      const unreadable = await runCompat({ cwd: dir, paths: ["broken.odcs.yaml"], base: "released" });
      expect(unreadable.files).toBe(1);
    });

    it("compat.rules sets the level of compat's own rules too (a duplicate id, an unreadable base document)", async () => {
      const files = { "released/orders.odcs.yaml": other("orders"), "released/broken.odcs.yaml": "apiVersion: v3.1.0\nkind: DataContract\nid: [\n", "a.odcs.yaml": other("orders"), "b.odcs.yaml": other("orders") };
      const plain = await runCompat({ cwd: project(files), paths: ["a.odcs.yaml", "b.odcs.yaml"], base: "released" });
      expect(kinds(plain).map(([rule, severity]) => `${rule}:${severity}`).sort()).toEqual(["compat-base-unreadable:warning", "compat-duplicate-id:error"]);
      const config = "apiVersion: meshkit/v1\nkind: Config\ncompat:\n  rules:\n    compat-duplicate-id: warning\n    compat-base-unreadable: off\n";
      const levelled = await runCompat({ cwd: project({ ...files, "meshkit.yaml": config }), paths: ["a.odcs.yaml", "b.odcs.yaml"], base: "released" });
      expect(kinds(levelled).map(([rule, severity]) => `${rule}:${severity}`)).toEqual(["compat-duplicate-id:warning"]);
    });

    it("links an unreadable base document to compat-base-unreadable's page, not to the read error's (yaml-syntax)", async () => {
      const broken = "apiVersion: v3.1.0\nkind: DataContract\nid: [\n";
      const onDisk = await runCompat({ cwd: project({ "released/orders.odcs.yaml": broken, "orders.odcs.yaml": other("orders") }), paths: ["orders.odcs.yaml"], base: "released" });
      const repository = releasedRepository();
      writeFileSync(join(repository, "orders.odcs.yaml"), broken);
      git(repository, "commit", "-q", "-am", "broken");
      writeFileSync(join(repository, "orders.odcs.yaml"), contract("1.2.0"));
      const fromGit = await runCompat({ cwd: repository, paths: [], base: "HEAD" });
      for (const run of [onDisk, fromGit]) {
        const unreadable = run.findings.filter((f) => f.ruleId === "compat-base-unreadable");
        expect(unreadable.map((f) => f.docsUrl)).toEqual([docsUrlFor("compat-base-unreadable")]);
      }
    });

    it("a base folder with a named head folder: a contract deleted from it is removed; one elsewhere is not this run's", async () => {
      const dir = project({
        "released/a/kept.odcs.yaml": other("kept"),
        "released/a/gone.odcs.yaml": other("gone"),
        "released/b/outside.odcs.yaml": other("outside"),
        "a/kept.odcs.yaml": other("kept"),
      });
      const run = await runCompat({ cwd: dir, paths: ["a"], base: "released" });
      expect(kinds(run)).toEqual([["contract-removed", "error", "released/a/gone.odcs.yaml"]]);
    });

    it("a base folder that is a copy of the one head folder named, with no document left to show it: a deletion is a removal, an unreadable file unreadable", async () => {
      // No head document shares an id with the release, so none tells where its files stand: they are the named folder's.
      const dir = project({ "released/orders.odcs.yaml": other("orders"), "head/refunds.odcs.yaml": other("refunds") });
      const run = await runCompat({ cwd: dir, paths: ["head"], base: "released" });
      expect(kinds(run).filter(([rule]) => rule !== "contract-added")).toEqual([["contract-removed", "error", "released/orders.odcs.yaml"]]);
      writeFileSync(join(dir, "head/orders.odcs.yaml"), "\u0000binary");
      const unreadable = await runCompat({ cwd: dir, paths: ["head"], base: "released" });
      expect(kinds(unreadable).filter(([rule]) => rule !== "contract-added")).toEqual([["file-not-text", "error", "head/orders.odcs.yaml"]]);
    });

    it("a base folder that is a copy of the whole project, with the one head folder named new: a contract deleted from another folder is not this run's", async () => {
      // released/dom/other is the project's dom/other (the project has dom/, the new dom/orders has not): no removal in dom/orders.
      const dir = project({ "released/dom/other/other.odcs.yaml": other("other"), "dom/other/readme.md": "moved out\n", "dom/orders/orders.odcs.yaml": other("orders") });
      const run = await runCompat({ cwd: dir, paths: ["dom/orders"], base: "released" });
      expect(kinds(run)).toEqual([["contract-added", "info", "dom/orders/orders.odcs.yaml"]]);
      // Its own folder in the release: still the named folder's copy (head/archive is not in the project).
      const copy = project({ "released/archive/orders.odcs.yaml": other("orders"), "head/refunds.odcs.yaml": other("refunds") });
      const removed = await runCompat({ cwd: copy, paths: ["head"], base: "released" });
      expect(kinds(removed).filter(([rule]) => rule !== "contract-added")).toEqual([["contract-removed", "error", "released/archive/orders.odcs.yaml"]]);
      // A folder deleted from the named one with its contract, which the project has elsewhere (`contracts/` at the top):
      // still the named folder's copy, and its contract removed (it passed in silence).
      const deep = project({ "released/contracts/orders.odcs.yaml": other("orders"), "contracts/other.odcs.yaml": other("other"), "domains/sales/refunds.odcs.yaml": other("refunds") });
      const gone = await runCompat({ cwd: deep, paths: ["domains/sales"], base: "released" });
      expect(kinds(gone).filter(([rule]) => rule !== "contract-added")).toEqual([["contract-removed", "error", "released/contracts/orders.odcs.yaml"]]);
    });
  });
});

describe("runCompat with paths through a symbolic link to the checkout", () => {
  // git names a git base's files under the repository's real folder; the head's path goes through the link.
  const withServer = `${contract("1.0.0")}servers:\n  - server: local\n    type: local\n    path: products/orders/{model}.csv\n`;
  function linkedCheckout(): { repository: string; link: string } {
    const repository = mkdtempSync(join(tmpdir(), "meshkit-linked-"));
    git(repository, "init", "-q", "-b", "main");
    mkdirSync(join(repository, "contracts"));
    writeFileSync(join(repository, "contracts", "orders.odcs.yaml"), withServer);
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "1.0.0");
    const link = join(mkdtempSync(join(tmpdir(), "meshkit-link-")), "checkout");
    symlinkSync(repository, link);
    return { repository, link };
  }

  it("finds no change in an unchanged contract named through the link (no server-moved for its local path)", async () => {
    const { repository, link } = linkedCheckout();
    const run = await runCompat({ cwd: repository, paths: [join(link, "contracts")], base: "main" });
    expect(run.findings).toEqual([]);
    expect(run.contracts).toMatchObject([{ file: "contracts/orders.odcs.yaml", requiredBump: "none" }]);
  });

  it("runs from the link as from the checkout (cwd through the link, real path given)", async () => {
    const { repository, link } = linkedCheckout();
    const run = await runCompat({ cwd: link, paths: [join(repository, "contracts")], base: "main" });
    expect(run.findings).toEqual([]);
  });

  it("calls a contract emptied out of a file named through the link removed", async () => {
    const { repository, link } = linkedCheckout();
    writeFileSync(join(repository, "contracts", "orders.odcs.yaml"), "");
    const run = await runCompat({ cwd: repository, paths: [join(link, "contracts", "orders.odcs.yaml")], base: "main" });
    expect(run.findings.map((f) => f.ruleId)).toContain("contract-removed");
  });
});

describe("runCompat with a contract behind a symbolic link out of the repository", () => {
  // A commit holds the link, not what it leads to: the released contract cannot be read, and must not pass as new.
  const withColumn = (version: string) => `${contract(version)}    properties:\n      - name: note\n        logicalType: string\n`;
  function linkedOut(linked: "file" | "folder"): { repository: string } {
    const outside = mkdtempSync(join(tmpdir(), "meshkit-outside-"));
    const repository = mkdtempSync(join(tmpdir(), "meshkit-linked-out-"));
    git(repository, "init", "-q", "-b", "main");
    writeFileSync(join(outside, "orders.odcs.yaml"), withColumn("1.0.0"));
    if (linked === "file") symlinkSync(join(outside, "orders.odcs.yaml"), join(repository, "orders.odcs.yaml"));
    else symlinkSync(outside, join(repository, "contracts"));
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "1.0.0");
    // The change: a column removed under a patch version.
    writeFileSync(join(outside, "orders.odcs.yaml"), contract("1.0.1"));
    return { repository };
  }
  const unreadable = (run: Awaited<ReturnType<typeof runCompat>>) => run.findings.filter((f) => f.ruleId === "compat-base-unreadable").map((f) => [f.file, f.message]);

  it("says so by the link's name when the linked file is named on the command line, as without paths", async () => {
    const { repository } = linkedOut("file");
    for (const paths of [[], ["orders.odcs.yaml"], [join(repository, "orders.odcs.yaml")]]) {
      const run = await runCompat({ cwd: repository, paths, base: "main" });
      expect(unreadable(run)).toEqual([["orders.odcs.yaml", expect.stringMatching(/^main, line 1:1: orders\.odcs\.yaml is a symbolic link to ".*orders\.odcs\.yaml", outside the repository, so the commit does not hold it: /)]]);
      expect(run.contracts).toMatchObject([{ file: "orders.odcs.yaml" }]);
      expect(run.findings.find((f) => f.ruleId === "contract-added")?.message).toContain("cannot be read (compat-base-unreadable)");
    }
  });

  it("names the folder link a contract is read through (the file, or the folder, named)", async () => {
    const { repository } = linkedOut("folder");
    for (const paths of [["contracts/orders.odcs.yaml"], ["contracts"]]) {
      const run = await runCompat({ cwd: repository, paths, base: "main" });
      expect(unreadable(run)).toEqual([[expect.stringMatching(/orders\.odcs\.yaml$/), expect.stringMatching(/^main, line 1:1: contracts is a symbolic link to ".*", outside the repository, so the commit does not hold contracts\/orders\.odcs\.yaml, which it leads to: /)]]);
    }
  });

  it("stays silent for a link out of the repository that the change adds: the base holds nothing there, the contract is new", async () => {
    for (const linked of ["file", "folder"] as const) {
      const outside = mkdtempSync(join(tmpdir(), "meshkit-outside-"));
      const repository = mkdtempSync(join(tmpdir(), "meshkit-link-added-"));
      git(repository, "init", "-q", "-b", "main");
      writeFileSync(join(repository, "README.md"), "released before any contract\n");
      git(repository, "add", ".");
      git(repository, "commit", "-q", "-m", "start");
      writeFileSync(join(outside, "orders.odcs.yaml"), withColumn("1.0.0"));
      if (linked === "file") symlinkSync(join(outside, "orders.odcs.yaml"), join(repository, "orders.odcs.yaml"));
      else symlinkSync(outside, join(repository, "contracts"));
      for (const paths of linked === "file" ? [[], ["orders.odcs.yaml"]] : [["contracts"], ["contracts/orders.odcs.yaml"]]) {
        const run = await runCompat({ cwd: repository, paths, base: "main" });
        expect(unreadable(run)).toEqual([]);
        expect(run.findings.find((f) => f.ruleId === "contract-added")?.message).not.toContain("cannot be read");
      }
    }
  });

  it("stays silent for a link within the repository (its released content is read)", async () => {
    const repository = mkdtempSync(join(tmpdir(), "meshkit-linked-in-"));
    git(repository, "init", "-q", "-b", "main");
    mkdirSync(join(repository, "real"));
    writeFileSync(join(repository, "real", "orders.odcs.yaml"), withColumn("1.0.0"));
    symlinkSync("real", join(repository, "contracts"));
    git(repository, "add", ".");
    git(repository, "commit", "-q", "-m", "1.0.0");
    writeFileSync(join(repository, "real", "orders.odcs.yaml"), contract("1.0.1"));
    const run = await runCompat({ cwd: repository, paths: ["contracts/orders.odcs.yaml"], base: "main" });
    expect(run.findings.map((f) => f.ruleId).sort()).toEqual(["property-removed-optional", "version-bump"]);
  });
});
