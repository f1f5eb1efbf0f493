import { cpSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GOOD_CONTRACT, REPO_ROOT, git, meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

beforeAll(requireBuiltCli);

/** A repository whose first commit (tagged v1) holds `files`; returns its folder. */
function repo(files: Record<string, string | Buffer>): string {
  const dir = tempDir("compat");
  git(dir, "init", "-q", "-b", "main");
  writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n", ...files });
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "base");
  return dir;
}

const json = (dir: string, ...args: string[]) => {
  const result = meshkit(["compat", "--format", "json", ...args], dir);
  return { ...result, report: result.stdout ? JSON.parse(result.stdout) : undefined };
};

describe("meshkit compat and changelog on a named file emptied since the release", () => {
  it("report it (not-a-document, exit 1) and its contract removed, in text and valid JSON; changelog refuses to leave it out", () => {
    const dir = repo({ "orders.odcs.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "orders.odcs.yaml": "" });
    const text = meshkit(["compat", "orders.odcs.yaml", "--base", "HEAD"], dir);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^orders\.odcs\.yaml:1:1: error not-a-document /m);
    expect(text.stdout).toContain("contract-removed");
    const { status, report } = json(dir, "orders.odcs.yaml", "--base", "HEAD");
    expect(status).toBe(1);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(["contract-removed", "not-a-document"]);
    const changelog = meshkit(["changelog", "orders.odcs.yaml", "--base", "HEAD"], dir);
    expect(changelog.status).toBe(1);
    expect(changelog.stdout).toMatch(/^orders\.odcs\.yaml:1:1: error not-a-document /m);
    expect(changelog.stdout).not.toContain("## Contract changes");
    expect(`${text.stderr}${changelog.stderr}`).not.toMatch(/^\s+at /m);
  });

  it("changelog refuses what compat could not compare (a list that is no list), and warns of a base file it could not read", () => {
    const dir = repo({ "orders.odcs.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT.replace(/^schema:\n[\s\S]*$/m, 'schema: "not a list"\n') });
    const invalid = meshkit(["changelog", "--base", "HEAD"], dir);
    expect([invalid.status, invalid.stdout]).toEqual([1, expect.stringMatching(/^orders\.odcs\.yaml:\d+:\d+: error compat-document-invalid /m)]);
    expect(invalid.stdout).not.toContain("No contract or product changes");
    // A base whose contract file holds a NUL byte: not compared, and said so beside the changelog.
    const binary = repo({ "orders.odcs.yaml": `${GOOD_CONTRACT}# \0\n` });
    writeFiles(binary, { "orders.odcs.yaml": GOOD_CONTRACT });
    const unread = meshkit(["changelog", "--base", "HEAD"], binary);
    expect(unread.status).toBe(0);
    expect(unread.stderr).toMatch(/^meshkit: warning: orders\.odcs\.yaml:\d+:\d+: .*not compared/m);
  });

  it("changelog says that files.include selects no contract (a warning beside it; at error, instead of it)", () => {
    const dir = repo({ "orders.odcs.yaml": GOOD_CONTRACT });
    const include = 'apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ["contract/*.yaml"]\n';
    writeFiles(dir, { "meshkit.yaml": include });
    const warned = meshkit(["changelog", "--base", "HEAD"], dir);
    expect(warned.status).toBe(0);
    expect(warned.stderr).toMatch(/^meshkit: warning: meshkit\.yaml:4:12: files\.include \("contract\/\*\.yaml"\) selects no contract or product/m);
    writeFiles(dir, { "meshkit.yaml": `${include}lint:\n  rules:\n    include-unmatched: error\n` });
    const refused = meshkit(["changelog", "--base", "HEAD"], dir);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/^meshkit\.yaml:4:12: error include-unmatched /m);
    expect(refused.stdout).not.toContain("No contract or product changes");
  });
});

describe("meshkit compat", () => {
  it("outside a git repository, says a ref cannot be read there and that --base also takes a file or folder", () => {
    const dir = tempDir("no-git");
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT });
    const run = meshkit(["compat", "--base", "v1"], dir);
    expect([run.status, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toBe(`meshkit: --base v1 is not a file or folder, and ${dir} is not in a git repository where it could be a ref: run meshkit in a clone, or give --base the released contract's file or folder\n`);
  });

  it("passes an unchanged repository and lists every contract in --format json", () => {
    const dir = repo({ "orders.yaml": GOOD_CONTRACT });
    const { status, report } = json(dir, "--base", "HEAD");
    expect(status).toBe(0);
    expect(report.contracts).toEqual([{ id: "5b2f7c1e-orders", kind: "DataContract", file: "orders.yaml", name: "orders", baseVersion: "1.0.0", headVersion: "1.0.0", declaredBump: "none", requiredBump: "none", changes: [] }]);
  });

  it("fails a breaking change with a minor bump in every format's exit code, with the change in the JSON", () => {
    const dir = repo({ "orders.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 1.1.0").replace("        required: true\n", "") });
    const { status, report } = json(dir, "--base", "main");
    expect(status).toBe(1);
    expect(report.contracts[0]).toMatchObject({ declaredBump: "minor", requiredBump: "major", changes: [expect.objectContaining({ kind: "property-made-optional", requiredBump: "major", line: 16, column: 9 })] });
    expect(report.findings.find((f: { ruleId: string }) => f.ruleId === "version-bump")).toMatchObject({ severity: "error", line: 5, column: 10 });
    expect(meshkit(["compat", "--base", "main", "--mode", "backward"], dir).status).toBe(0);
  });

  it("names its SARIF run's category by the stage alone, whatever the mode (a changed mode must not leave the old category's alerts open)", () => {
    const dir = repo({ "orders.yaml": GOOD_CONTRACT });
    const categoryOf = (...args: string[]) => (JSON.parse(meshkit(["compat", "--base", "HEAD", "-f", "sarif", ...args], dir).stdout) as { runs: { automationDetails: { id: string } }[] }).runs[0]!.automationDetails.id;
    expect([categoryOf(), categoryOf("--mode", "full")]).toEqual(["schema-compat/", "schema-compat/"]);
    // The title for people still says the mode.
    expect(meshkit(["compat", "--base", "HEAD", "-f", "markdown", "--mode", "full"], dir).stdout).toMatch(/^## schema-compat \(full\)$/m);
  });

  it("follows a contract moved to another file, by id", () => {
    const dir = repo({ "old/orders.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "contracts/orders.odcs.yaml": GOOD_CONTRACT });
    git(dir, "rm", "-q", "old/orders.yaml");
    const { status, report } = json(dir, "--base", "HEAD");
    expect(status).toBe(0);
    expect(report.contracts[0]).toMatchObject({ file: "contracts/orders.odcs.yaml", declaredBump: "none" });
  });

  it("reports a new contract as info and a deleted one as a breaking change that fails the run (no version can declare it)", () => {
    const dir = repo({ "orders.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "refunds.yaml": GOOD_CONTRACT.replace("5b2f7c1e-orders", "refunds-1") });
    git(dir, "rm", "-q", "orders.yaml");
    const { status, report } = json(dir, "--base", "HEAD");
    expect(status).toBe(1);
    expect(report.findings.map((f: { ruleId: string; severity: string; file: string }) => `${f.ruleId} ${f.severity} ${f.file}`).sort()).toEqual(["contract-added info refunds.yaml", "contract-removed error orders.yaml"]);
  });

  it("reports an id changed in place, and two files sharing an id", () => {
    const dir = repo({ "orders.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT.replace("5b2f7c1e-orders", "orders-new-id") });
    expect(json(dir, "--base", "HEAD").report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["contract-id-changed"]);
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT, "copy.yaml": GOOD_CONTRACT });
    const duplicate = json(dir, "--base", "HEAD");
    expect(duplicate.status).toBe(1);
    expect(duplicate.report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["compat-duplicate-id"]);
  });

  it("compares with where HEAD left the default branch when no --base is given, as meshkit ci does; without git, says to pass one", () => {
    const dir = repo({ "orders.yaml": GOOD_CONTRACT });
    git(dir, "checkout", "-q", "-b", "feature");
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT.replace("        required: true\n", "") });
    git(dir, "commit", "-q", "-am", "optional");
    const result = meshkit(["compat"], dir);
    expect([result.status, result.stdout]).toEqual([1, expect.stringContaining("error version-bump")]);
    expect(meshkit(["changelog"], dir).stdout).toMatch(/^## Contract changes since [0-9a-f]{12} \(where HEAD left main\)/);
    const loose = tempDir("compat-nogit");
    writeFiles(loose, { "orders.yaml": GOOD_CONTRACT });
    const refused = meshkit(["compat"], loose);
    expect([refused.status, refused.stderr.trim()]).toEqual([2, "meshkit: no --base given, and nothing to compare with: not a git repository with a commit (pass --base <ref|dir>)"]);
  });

  it("finds the default branch init.defaultBranch names (trunk), locally or on a remote added without origin/HEAD, as the pre-push hook does", () => {
    const dir = tempDir("compat-trunk");
    git(dir, "init", "-q", "-b", "trunk");
    git(dir, "config", "init.defaultBranch", "trunk");
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n", "orders.yaml": GOOD_CONTRACT });
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "base");
    git(dir, "checkout", "-q", "-b", "feature");
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT.replace("        required: true\n", "") });
    git(dir, "commit", "-q", "-am", "optional");
    expect(meshkit(["changelog"], dir).stdout).toMatch(/^## Contract changes since [0-9a-f]{12} \(where HEAD left trunk\)/);
    // A remote added with `git remote add` (no origin/HEAD) whose default is trunk, and no local trunk.
    const remote = tempDir("compat-trunk-remote");
    git(remote, "init", "-q", "--bare");
    git(dir, "remote", "add", "origin", remote);
    git(dir, "push", "-q", "origin", "trunk");
    git(dir, "branch", "-D", "trunk");
    const result = meshkit(["compat"], dir);
    expect([result.status, result.stdout]).toEqual([1, expect.stringContaining("error version-bump")]);
    expect(meshkit(["changelog"], dir).stdout).toMatch(/^## Contract changes since [0-9a-f]{12} \(where HEAD left origin\/trunk\)/);
  });

  it("reads mode, severities and ignores from meshkit.yaml, and rejects unknown kind ids there", () => {
    const dir = repo({ "orders.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 1.1.0").replace("        required: true\n", "") });
    const config = (compat: string) => writeFiles(dir, { "meshkit.yaml": `apiVersion: meshkit/v1\nkind: Config\ncompat:\n${compat}` });
    config("  mode: backward\n");
    expect(meshkit(["compat", "--base", "HEAD"], dir).status).toBe(0);
    config("  ignore:\n    - kind: property-made-optional\n      path: orders.*\n      reason: nulls were always possible upstream\n");
    expect(meshkit(["compat", "--base", "HEAD"], dir).status).toBe(0);
    config("  rules:\n    property-made-optionl: error\n");
    const result = meshkit(["compat", "--base", "HEAD"], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("meshkit.yaml:5:5: error config-invalid");
  });

  it("reports a column reorder as info and needs no bump", () => {
    const reordered = GOOD_CONTRACT.replace(
      "      - name: order_id\n        logicalType: string\n        required: true\n      - name: amount\n        logicalType: number\n",
      "      - name: amount\n        logicalType: number\n      - name: order_id\n        logicalType: string\n        required: true\n",
    );
    const dir = repo({ "orders.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "orders.yaml": reordered });
    const { status, report } = json(dir, "--base", "HEAD");
    expect(status).toBe(0);
    expect(report.findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId} ${f.severity}`)).toEqual(["property-reordered info"]);
  });

  it("compares with a folder or a file as the base", () => {
    const dir = repo({ "release/orders.yaml": GOOD_CONTRACT, "orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 1.0.1").replace("sales", "sales-data") });
    const folder = meshkit(["compat", "orders.yaml", "--base", "release"], dir);
    expect(folder.stdout).toContain("owner-changed");
    expect(folder.status).toBe(0);
    expect(meshkit(["compat", "orders.yaml", "--base", "release/orders.yaml"], dir).stdout).toContain("owner-changed");
    // An empty release folder (nothing released yet) is a base: the head's contract is new.
    writeFiles(dir, { "empty/.keep": "" });
    const empty = json(dir, "orders.yaml", "--base", "empty");
    expect(empty.status).toBe(0);
    expect(empty.report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["contract-added"]);
  });

  it("warns about an unparseable or binary base file and still compares the rest", () => {
    const binary = Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0, 1, 2]);
    const huge = `${GOOD_CONTRACT}# ${"x".repeat(11 * 1024 * 1024)}\n`;
    const dir = repo({ "orders.yaml": GOOD_CONTRACT, "broken.yaml": "kind: DataContract\nschema: [\n", "blob.yaml": binary, "blob.odcs.yaml": binary, "huge.yaml": huge });
    writeFiles(dir, { "broken.yaml": GOOD_CONTRACT.replace("5b2f7c1e-orders", "fixed-1") });
    rmSync(join(dir, "blob.odcs.yaml"));
    rmSync(join(dir, "huge.yaml"));
    const { status, report } = json(dir, "--base", "HEAD");
    expect(status).toBe(0);
    // blob.yaml is other binary content; blob.odcs.yaml is named as a contract, huge.yaml is one over 10 MiB.
    // Each at the top of its file, with the base's line in the message (the working tree's line is another one).
    const unreadable = report.findings
      .filter((f: { ruleId: string }) => f.ruleId === "compat-base-unreadable")
      .map((f: { file: string; line: number; message: string }) => `${f.file}:${f.line} ${f.message.split(":").slice(0, 3).join(":")}`);
    expect(unreadable.sort()).toEqual([
      "blob.odcs.yaml:1 HEAD, line 1:5: Binary content (a NUL byte)",
      "broken.yaml:1 HEAD, line 2:9: YAML syntax error",
      "huge.yaml:1 HEAD, line 1:1: File is 11.0 MiB; meshkit reads documents up to 10.0 MiB. Split it or exclude it in meshkit.yaml files.exclude. (not compared)",
    ]);
    expect(report.findings.filter((f: { ruleId: string }) => f.ruleId !== "compat-base-unreadable").map((f: { ruleId: string }) => f.ruleId)).toEqual(["contract-added"]);
  });

  it("reports an unparseable head file as input that could not be processed", () => {
    const dir = repo({ "orders.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT + "  bad: [\n" });
    const result = meshkit(["compat", "--base", "HEAD"], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/orders\.yaml:\d+:\d+: error yaml-syntax/);
  });

  it.each([
    [["compat", "--base", "no-such-branch"], /^meshkit: base ref "?no-such-branch"? (?:was )?not found/m],
    [["compat", "--base", "HEAD", "--mode", "sideways"], /argument 'sideways' is invalid/],
  ])("%j fails with one line and exit code 2", (args, pattern) => {
    const dir = repo({ "orders.yaml": GOOD_CONTRACT });
    const result = meshkit(args, dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("explains how to fetch a base that a shallow clone lacks", () => {
    const origin = repo({ "orders.yaml": GOOD_CONTRACT });
    writeFiles(origin, { "orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 1.0.1") });
    git(origin, "commit", "-q", "-am", "second");
    const base = git(origin, "rev-parse", "HEAD~1").stdout.trim();
    const clone = tempDir("shallow");
    git(clone, "clone", "-q", "--depth", "1", `file://${origin}`, ".");
    const result = meshkit(["compat", "--base", base], clone);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("shallow");
    expect(result.stderr).toContain("git fetch");
  });
});

describe("meshkit changelog", () => {
  it("groups the changes by the bump they require", () => {
    const dir = repo({ "orders.yaml": GOOD_CONTRACT });
    writeFiles(dir, { "orders.yaml": GOOD_CONTRACT.replace("version: 1.0.0", "version: 2.0.0").replace("        required: true\n", "") + "      - name: coupon\n        logicalType: string\n" });
    const result = meshkit(["changelog", "--base", "HEAD"], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("## Contract changes since HEAD");
    expect(result.stdout).toContain("### Contract orders (`5b2f7c1e-orders`) (1.0.0 → 2.0.0)");
    expect(result.stdout.indexOf("#### Breaking changes (major)")).toBeLessThan(result.stdout.indexOf("#### Features (minor)"));
    expect(result.stdout).toContain("- `property-made-optional` `orders.order_id` is now optional (may be null).");
    expect(result.stdout).toContain("- `property-added-optional` Optional property `orders.coupon` was added.");
  });
});

describe("meshkit compat --catalog (consumer impact)", () => {
  const original = join(REPO_ROOT, "examples/domains/marketing/customer_campaigns");
  const CONTRACT = "customer_campaigns.odcs.yaml";

  /** The example products published to a new dir catalog with the built CLI; returns its target. */
  function exampleCatalog(): string {
    const dir = tempDir("compat-catalog");
    const published = meshkit(["publish", "examples", "--catalog", `dir:${dir}`], REPO_ROOT);
    expect(published.stderr).toBe("");
    expect(published.status).toBe(0);
    return `dir:${dir}`;
  }

  /** A copy of marketing's customer_campaigns folder whose contract lost `campaign_contacts.<column>` (and says `version`). */
  function changedCopy(column: string, version: string): string {
    const dir = tempDir("compat-head");
    cpSync(original, dir, { recursive: true });
    const text = readFileSync(join(original, CONTRACT), "utf8");
    const lines = text.split("\n");
    const start = lines.indexOf(`      - name: ${column}`, lines.indexOf("  - name: campaign_contacts"));
    let end = start + 1;
    while (end < lines.length && !/^ {6}- name: /.test(lines[end]!) && !/^\S/.test(lines[end]!) && !/^ {2}- name: /.test(lines[end]!)) end++;
    expect(start).toBeGreaterThan(0);
    lines.splice(start, end - start);
    writeFiles(dir, { [CONTRACT]: lines.join("\n").replace(/^version: 1\.3\.0$/m, `version: ${version}`) });
    return dir;
  }

  it("lists customer_360 as affected when a required column it reads is removed", () => {
    const catalog = exampleCatalog();
    const head = changedCopy("converted", "2.0.0");
    const text = meshkit(["compat", "--base", original, "--catalog", catalog], head);
    expect(text.stderr).toBe("");
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/customer_campaigns\.odcs\.yaml:\d+:\d+: warning property-removed-required Property `campaign_contacts\.converted` \(required\) was removed/);
    expect(text.stdout).toMatch(
      /customer_campaigns\.odcs\.yaml:5:5: warning compat-consumers-affected Breaking changes to contract customer_campaigns \(776c618b-3130-4fcd-8699-e5aa488bdc4c\) reach 1 registered consumer \(1 affected, 0 maybe, 0 not\): customer\/customer_360 2\.1\.0 \(input port customer_campaigns; customer-data, #customer-360\) is affected: it reads campaign_contacts\.converted \(property-removed-required\)/,
    );

    const { status, report } = json(head, "--base", original, "--catalog", catalog);
    expect(status).toBe(0);
    const contract = report.contracts.find((c: { id: string }) => c.id === "776c618b-3130-4fcd-8699-e5aa488bdc4c");
    expect(contract).toMatchObject({ requiredBump: "major", declaredBump: "major" });
    expect(contract.changes[0]).toMatchObject({ kind: "property-removed-required", touches: ["campaign_contacts.converted"] });
    expect(contract.consumers).toEqual([
      {
        consumer: {
          productId: "a510d348-3221-4b2c-97a4-629bf6b373c7",
          productName: "customer_360",
          domain: "customer",
          version: "2.1.0",
          port: "customer_campaigns",
          contractVersion: "1.3.0",
          columns: ["campaign_contacts.campaign_id", "campaign_contacts.customer_id", "campaign_contacts.sent_at", "campaign_contacts.converted"],
          owner: "customer-data",
          support: "#customer-360",
        },
        affected: "yes",
        hits: [{ kind: "property-removed-required", element: "campaign_contacts.converted", column: "campaign_contacts.converted" }],
      },
    ]);
    // The product is unchanged: no consumer lookup for it.
    expect(report.contracts.find((c: { kind: string }) => c.kind === "DataProduct").consumers).toBeUndefined();

    // With a minor bump the version verdict still fails the run; the consumers are listed all the same.
    const minor = changedCopy("converted", "1.4.0");
    const failing = meshkit(["compat", "--base", original, "--catalog", catalog, "--format", "markdown"], minor);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain("compat-consumers-affected");
  });

  it("says customer_360 is not affected by a removed column it does not read (an info)", () => {
    const head = changedCopy("phone_number", "2.0.0");
    const { status, report } = json(head, "--base", original, "--catalog", exampleCatalog());
    expect(status).toBe(0);
    const finding = report.findings.find((f: { ruleId: string }) => f.ruleId === "compat-consumers-affected");
    expect(finding).toMatchObject({ severity: "info", stage: "catalog" });
    expect(finding.message).toContain("is not affected: it reads none of the changed columns");
    expect(report.contracts.find((c: { consumers?: unknown }) => c.consumers).consumers.map((i: { affected: string }) => i.affected)).toEqual(["no"]);
  });

  it("with a consumer catalog it cannot reach, still reports what the comparison found beside the reason (text, json, sarif, markdown)", () => {
    const head = changedCopy("converted", "1.3.0");
    const args = ["compat", "--base", original, "--catalog", "git:/nonexistent/catalog.git#main"];
    const text = meshkit(args, head);
    expect(text.status).toBe(2);
    expect(text.stdout).toMatch(/customer_campaigns\.odcs\.yaml:\d+:\d+: error version-bump .*make it 2\.0\.0/);
    expect(text.stdout).toMatch(/customer_campaigns\.odcs\.yaml:\d+:\d+: warning property-removed-required Property `campaign_contacts\.converted`/);
    expect(text.stderr).toMatch(/^meshkit: cannot reach catalog git:\/nonexistent\/catalog\.git#main: /);

    const json = meshkit([...args, "-f", "json"], head);
    expect(json.status).toBe(2);
    const report = JSON.parse(json.stdout) as { findings: { ruleId: string }[]; error: string; contracts: { requiredBump: string; consumers?: unknown }[] };
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(["property-removed-required", "version-bump"]);
    expect(report.error).toMatch(/^cannot reach catalog git:\/nonexistent\/catalog\.git#main: /);
    // The version verdicts, as a run that could read the catalog lists them (without the consumers).
    expect(report.contracts.map((c) => [c.requiredBump, c.consumers]).sort()).toEqual([["major", undefined], ["none", undefined]]);

    const sarif = JSON.parse(meshkit([...args, "-f", "sarif"], head).stdout) as { runs: { results: { ruleId: string }[]; invocations: { executionSuccessful: boolean }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId).sort()).toEqual(["property-removed-required", "version-bump"]);
    expect(sarif.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);

    const markdown = meshkit([...args, "-f", "markdown"], head).stdout;
    expect(markdown).toContain("⛔ **Stopped**: cannot reach catalog");
    expect(markdown).toContain("version-bump");
  });

  it("reads no catalog when nothing breaks, and fails with exit code 2 on a bad or missing catalog when something does", () => {
    const copy = tempDir("compat-same");
    cpSync(original, copy, { recursive: true });
    const unchanged = meshkit(["compat", "--base", original, "--catalog", `dir:${join(tempDir("compat-none"), "missing")}`], copy);
    expect(unchanged.stderr).toBe("");
    expect(unchanged.status).toBe(0);
    expect(unchanged.stdout).toContain("in 2 files");

    const head = changedCopy("converted", "2.0.0");
    const missing = meshkit(["compat", "--base", original, "--catalog", `dir:${join(tempDir("compat-none"), "missing")}`], head);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^meshkit: catalog dir:.*missing does not exist: publish to it first/m);
    const datahub = meshkit(["compat", "--base", original, "--catalog", "datahub:http://127.0.0.1:1"], head);
    expect(datahub.status).toBe(2);
    expect(datahub.stderr).toContain("does not hold catalog entries");
    expect(`${missing.stderr}${datahub.stderr}`).not.toMatch(/^\s+at /m);
  });
});
