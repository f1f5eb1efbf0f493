import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadText } from "@meshkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_AS_OF } from "./init/product-templates.js";
import { PULL_REQUEST_STAGES, RELEASE_STAGES, domainWorkflow } from "./init/workflow-template.js";
import { REPO_ROOT, git, meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

beforeAll(requireBuiltCli);

const OWNERSHIP = ["--owner", "tomas.novak@acme-retail.example", "--team", "supply-chain-analytics", "--support-channel", "#supply-chain-data"];

/** Every file under `dir` (but .git and husky's generated .husky/_), `/`-separated and sorted. */
function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      const rel = relative(base, path).split("\\").join("/");
      if (rel === ".git" || rel === ".husky/_" || rel === "node_modules") return [];
      return entry.isDirectory() ? listFiles(path, base) : [rel];
    })
    .sort();
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g;
/** The generated text with its UUIDs and creation times replaced by stable markers. */
function normalised(text: string): string {
  const ids = new Map<string, string>();
  return text
    .replace(UUID, (id) => ids.get(id) ?? (ids.set(id, `<uuid-${ids.size + 1}>`), ids.get(id)!))
    .replace(/(CreatedTs: )"[^"]+"/g, '$1"<created>"');
}

function yamlValue(file: string): Record<string, unknown> {
  const { documents, findings } = loadText(file, readFileSync(file, "utf8"));
  expect(findings).toEqual([]);
  return documents[0]!.value as Record<string, unknown>;
}

function jsonReport(result: { stdout: string }): { findings: unknown[]; summary: { errors: number; warnings: number; files: number } } {
  return JSON.parse(result.stdout);
}

/** A new domain repository with a first product, made the way the README says. */
function scaffold(extra: string[] = []): { dir: string; repo: string } {
  const dir = tempDir("init");
  const result = meshkit(["init", "domain", "supply_chain", "--product", "inventory_snapshot", ...OWNERSHIP, ...extra], dir);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return { dir, repo: join(dir, "supply_chain") };
}

describe("meshkit init domain", () => {
  it("prints the next steps as a shell takes them: a folder with a space or a quote is one word", () => {
    const dir = tempDir("init");
    const result = meshkit(["init", "domain", "sales", "--dir", "team repos/sales' data", "--no-git"], dir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`\nnext:\n  cd 'team repos/sales'\\'' data'\n`);
  });

  it("creates a repository whose own checks pass: lint, policy (platform baseline) and test on the sample data", () => {
    const { repo } = scaffold();
    git(repo, "init", "-q", "-b", "main"); // as a platform engineer would; init already made the repository
    expect(listFiles(repo)).toEqual([
      ".gitattributes",
      ".github/dependabot.yml",
      ".github/workflows/data-product.yml",
      ".gitignore",
      ".husky/pre-commit",
      ".husky/pre-merge-commit",
      ".husky/pre-push",
      "README.md",
      "meshkit.yaml",
      "package.json",
      "products/inventory_snapshot/data/inventory_snapshot.csv",
      "products/inventory_snapshot/inventory_snapshot.odcs.yaml",
      "products/inventory_snapshot/product.odps.yaml",
    ]);
    // One option not given: the README's next steps name it in the singular.
    expect(readFileSync(join(repo, "README.md"), "utf8")).toContain("(--bucket was not given)");

    const lint = meshkit(["lint", "--format", "json"], repo);
    expect(lint.stderr).toBe("");
    expect(lint.status).toBe(0);
    expect(jsonReport(lint).findings).toEqual([]);
    expect(jsonReport(lint).summary.files).toBe(2);

    const policy = meshkit(["policy", "--format", "json"], repo);
    expect(policy.status).toBe(0);
    expect(jsonReport(policy).findings).toEqual([]);
    // The product and the contract, as lint counts them: no policy of the baseline checks meshkit.yaml itself.
    expect(jsonReport(policy).summary.files).toBe(2);

    const test = meshkit(["test", "--now", SAMPLE_AS_OF, "--format", "json"], repo);
    expect(test.stderr).toBe("");
    expect(test.status).toBe(0);
    expect(jsonReport(test).findings).toEqual([]);

    // The freshness SLA is real: two days later the same snapshot is stale.
    const stale = meshkit(["test", "--now", "2026-01-17T06:00:00Z"], repo);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toMatch(/inventory_snapshot\.odcs\.yaml:\d+:\d+: error sla-latency/);
  });

  it("wires the documents together: product -> contract, domain, owner, support, lake prefix, tags, keys, SLAs", () => {
    const { repo } = scaffold(["--bucket", "acme-lake", "--cost-center", "CC-530"]);
    const folder = join(repo, "products/inventory_snapshot");
    const product = yamlValue(join(folder, "product.odps.yaml"));
    const contract = yamlValue(join(folder, "inventory_snapshot.odcs.yaml"));
    expect(product).toMatchObject({ apiVersion: "v1.0.0", kind: "DataProduct", name: "inventory_snapshot", version: "0.1.0", domain: "supply_chain" });
    expect(contract).toMatchObject({ apiVersion: "v3.1.0", kind: "DataContract", version: "0.1.0", status: "draft", domain: "supply_chain" });
    expect(product.id).toMatch(UUID);
    expect(contract.id).toMatch(UUID);
    expect(product.id).not.toBe(contract.id);
    expect(product.outputPorts).toEqual([expect.objectContaining({ contractId: contract.id, version: contract.version })]);
    for (const doc of [product, contract]) {
      expect(doc.team).toEqual({ name: "supply-chain-analytics", members: [{ username: "tomas.novak@acme-retail.example", role: "owner" }] });
      expect(doc.support).toEqual([expect.objectContaining({ channel: "#supply-chain-data", tool: "slack" })]);
      expect(doc.customProperties).toEqual([{ property: "costCenter", value: "CC-530" }]);
    }
    const servers = contract.servers as Record<string, unknown>[];
    expect(servers[0]).toMatchObject({ server: "local", type: "local", path: "./data/{model}.csv", format: "csv" });
    expect(servers[1]).toMatchObject({
      type: "s3",
      location: "s3://acme-lake/domain=supply_chain/product=inventory_snapshot/",
      customProperties: [
        { property: "encryption", value: "kms" },
        { property: "tags", value: { Domain: "supply_chain", DataProduct: "true", ManagedBy: "meshkit", CostCenter: "CC-530" } },
      ],
    });
    const [table] = contract.schema as { name: string; properties: Record<string, unknown>[] }[];
    expect(table!.properties.filter((p) => p.primaryKey === true)).toEqual([expect.objectContaining({ name: "record_id", required: true })]);
    expect(table!.properties.every((p) => typeof p.classification === "string")).toBe(true);
    expect(contract.slaProperties).toEqual([
      expect.objectContaining({ property: "latency", element: "inventory_snapshot.updated_at" }),
      expect.objectContaining({ property: "retention", value: 7, unit: "y", element: "inventory_snapshot.business_date" }),
    ]);
    const csv = readFileSync(join(folder, "data/inventory_snapshot.csv"), "utf8").trimEnd().split("\n");
    expect(csv[0]).toBe(table!.properties.map((p) => p.name).join(","));
    expect(csv).toHaveLength(13);
  });

  it("writes the hardened pipeline workflow: checks on pull requests, apply + test + publish on main", () => {
    const { repo } = scaffold(["--actions-repo", "acme/meshkit"]);
    const file = join(repo, ".github/workflows/data-product.yml");
    const text = readFileSync(file, "utf8");
    // The template meshkit's own reusable workflow is rendered from (test/workflows.test.ts).
    expect(text).toBe(domainWorkflow({ asOf: SAMPLE_AS_OF }, { actionsRepo: "acme/meshkit" }));
    type Step = { id?: string; if?: string; uses?: string; run?: string; with?: Record<string, unknown> };
    const workflow = yamlValue(file) as {
      on: Record<string, unknown>;
      permissions: unknown;
      concurrency: { group: string };
      jobs: Record<string, { if: string; permissions?: Record<string, string>; concurrency?: Record<string, unknown>; steps: Step[] }>;
    };
    expect(Object.keys(workflow.on).sort()).toEqual(["merge_group", "pull_request", "push", "workflow_dispatch"]);
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    expect(text.replace(/#.*$/gm, "")).not.toContain("pull_request_target");
    expect(workflow.permissions).toEqual({});
    expect(workflow.concurrency.group).toContain("github.ref");

    const { checks, release, publish } = workflow.jobs;
    const meshkitStages = (steps: Step[]) => steps.flatMap((s) => (s.uses?.startsWith("acme/meshkit/") ? [s.uses] : []));
    expect(meshkitStages(checks!.steps)).toEqual(PULL_REQUEST_STAGES.map((stage) => `acme/meshkit/actions/${stage}@v1`));
    // apply + test in one read-only job; publish (catalog, tags) in the only job that may write.
    expect([...meshkitStages(release!.steps), ...meshkitStages(publish!.steps)]).toEqual(RELEASE_STAGES.map((stage) => `acme/meshkit/actions/${stage}@v1`));
    expect(checks!.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(release!.permissions).toEqual({ contents: "read" });
    expect(publish!.permissions).toEqual({ contents: "write" });
    expect(release!.concurrency).toEqual({ group: "meshkit-apply-${{ github.repository }}-provision", "cancel-in-progress": false });
    // Every pull request stage after the first reports even when one before it failed.
    expect(checks!.steps.slice(2).every((s) => s.if === "${{ !cancelled() && steps.checkout.outcome == 'success' }}")).toBe(true);
    // No target in the workflow: the provision action takes meshkit.yaml's provision.target (else local).
    expect(checks!.steps.at(-1)!.with).toMatchObject({ command: "plan" });
    expect(release!.steps[1]!.with).toMatchObject({ command: "apply" });
    expect([checks!.steps.at(-1)!.with, release!.steps[1]!.with].map((w) => (w as Record<string, unknown>).target)).toEqual([undefined, undefined]);

    const uses: string[] = [];
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps) {
        expect(step.run).toBeUndefined(); // the reusable workflow's one script (naming the results artifact per project) is not here
        if (step.uses) uses.push(step.uses);
      }
    }
    const thirdParty = uses.filter((u) => !u.startsWith("acme/meshkit/"));
    expect(thirdParty.length).toBeGreaterThan(0);
    for (const action of thirdParty) {
      expect(action).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(text).toMatch(new RegExp(`uses: ${action.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} # v\\d+\\.\\d+\\.\\d+\\n`));
    }
    // The same SHA the actions' READMEs recommend.
    const pinned = /actions\/checkout@([0-9a-f]{40})/.exec(readFileSync(join(REPO_ROOT, "actions/contract-lint/README.md"), "utf8"))![1];
    expect(thirdParty).toContain(`actions/checkout@${pinned}`);

    // contract-test judges the sample as of the time it was taken, like `npm run check`.
    const test = checks!.steps.find((s) => s.uses?.includes("contract-test"))!;
    expect(test.with).toEqual({ "as-of": SAMPLE_AS_OF });
    expect(release!.steps.find((s) => s.uses?.includes("contract-test"))!.with).toEqual({ "as-of": SAMPLE_AS_OF, "results-file": ".meshkit/contract-test.json", "github-token": "" });
    const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
    expect(pkg.scripts.check).toBe(`meshkit lint && meshkit policy && meshkit test --now ${SAMPLE_AS_OF}`);
    expect(pkg.scripts.prepare).toBe("husky");
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(["@meshkit/cli", "husky"]);
    expect(pkg.private).toBe(true);
  });

  it("sets up husky with the hooks `meshkit hooks install` writes, and the first commit passes them", () => {
    const { repo } = scaffold();
    for (const name of ["pre-commit", "pre-push"]) {
      const script = readFileSync(join(REPO_ROOT, "hooks", name), "utf8");
      expect(readFileSync(join(repo, ".husky", name), "utf8")).toBe(script.trimEnd() + "\n");
    }
    expect(git(repo, "symbolic-ref", "--short", "HEAD").stdout.trim()).toBe("main");
    expect(git(repo, "config", "core.hooksPath").stdout.trim()).toBe(".husky/_");
    expect(existsSync(join(repo, ".husky/_/pre-commit"))).toBe(true);

    // meshkit as `npm install` would put it (a link to this build); the pre-commit hook lints and policy-checks.
    mkdirSync(join(repo, "node_modules/.bin"), { recursive: true });
    symlinkSync(join(REPO_ROOT, "packages/cli/bin/meshkit.js"), join(repo, "node_modules/.bin/meshkit"));
    const before = readFileSync(join(repo, ".husky/pre-commit"), "utf8");
    const install = meshkit(["hooks", "install"], repo);
    expect(install.status).toBe(0);
    expect(install.stdout).toContain(".husky/pre-commit: meshkit already installed");
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).toBe(before);
    // init wrote the .gitattributes line the install adds (a clone with core.autocrlf keeps the hooks LF): nothing more.
    expect(install.stdout).not.toContain(".gitattributes");
    expect(git(repo, "check-attr", "eol", "--", ".husky/pre-commit").stdout).toBe(".husky/pre-commit: eol: lf\n");

    git(repo, "add", ".");
    expect(git(repo, "status", "--porcelain").stdout).not.toContain("node_modules");
    const commit = git(repo, "commit", "-q", "-m", "supply_chain domain");
    expect(commit.stdout + commit.stderr).not.toContain("error");
    expect(commit.status).toBe(0);

    // And the hook does refuse a broken contract.
    const contract = join(repo, "products/inventory_snapshot/inventory_snapshot.odcs.yaml");
    writeFileSync(contract, readFileSync(contract, "utf8").replace("version: 0.1.0", "version: one"));
    git(repo, "add", ".");
    const refused = git(repo, "commit", "-q", "-m", "broken");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("error semver-version");
  });

  it("is deterministic apart from UUIDs and creation times", () => {
    const first = scaffold().repo;
    const second = scaffold().repo;
    const files = listFiles(first);
    expect(listFiles(second)).toEqual(files);
    for (const file of files) {
      expect(normalised(readFileSync(join(second, file), "utf8")), file).toBe(normalised(readFileSync(join(first, file), "utf8")));
    }
    // Only the two ids and the creation time differ.
    const contract = readFileSync(join(first, "products/inventory_snapshot/inventory_snapshot.odcs.yaml"), "utf8");
    expect(normalised(contract)).toContain("id: <uuid-1>");
    expect(normalised(contract)).toContain('contractCreatedTs: "<created>"');
  });

  it("without a product, with --dir an empty folder and --no-git: the repository files only", () => {
    const dir = tempDir("init");
    mkdirSync(join(dir, "repos/sales"), { recursive: true });
    chmodSync(join(dir, "repos/sales"), 0o2770);
    const before = statSync(join(dir, "repos/sales"));
    const result = meshkit(["init", "domain", "sales", "--dir", "repos/sales", "--no-git"], dir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("placeholders: --team, --owner, --support-channel, --bucket");
    expect(result.stdout).toContain("meshkit init product sales/<name>");
    const repo = join(dir, "repos/sales");
    // @meshkit/cli is not on npmjs.org: the steps and the README say where npm must look, before npm install fails.
    expect(result.stdout).toMatch(/\nnpm registry: .*`@meshkit:registry=<its URL>` to \.npmrc before npm install .*\nnext:\n/);
    expect(readFileSync(join(repo, "README.md"), "utf8")).toContain("`.npmrc` (`@meshkit:registry=<its URL>`");
    expect(readFileSync(join(repo, "README.md"), "utf8")).toContain("(--team, --owner, --support-channel, --bucket were not given)");
    // Without a product `npm run check` has no contract to test (exit 2): the first product comes before it.
    expect(result.stdout.indexOf("npx meshkit init product sales/<name>")).toBeLessThan(result.stdout.indexOf("npm run check"));
    expect(readFileSync(join(repo, "README.md"), "utf8")).toContain("0. Create a first product: `npx meshkit init product sales/<name>`");
    expect(existsSync(join(repo, ".git"))).toBe(false);
    expect(listFiles(repo)).not.toContain(expect.stringMatching(/^products\//));
    expect(listFiles(repo)).toContain(".husky/pre-commit");
    expect(readdirSync(dir).sort()).toEqual(["repos"]); // no staging folder left behind
    expect(readdirSync(join(dir, "repos"))).toEqual(["sales"]);
    // The user's folder is kept, not replaced: the same inode, its permissions and setgid bit.
    expect(statSync(repo).ino).toBe(before.ino);
    expect(statSync(repo).mode & 0o7777).toBe(0o2770);
  });

  it("with --dir . in an empty folder: the files land in it (and its git repository), the folder itself stays", () => {
    const repo = join(tempDir("init"), "sales");
    mkdirSync(repo);
    const inode = statSync(repo).ino;
    const result = meshkit(["init", "domain", "sales", "--dir", "."], repo);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(statSync(repo).ino).toBe(inode);
    expect(existsSync(join(repo, ".git"))).toBe(true);
    expect(git(repo, "rev-parse", "--show-toplevel").stdout.trim()).toBe(realpathSync(repo));
    expect(git(repo, "status", "--porcelain").stdout).toContain("?? meshkit.yaml");
    expect(readdirSync(repo).filter((name) => name.includes("meshkit-init"))).toEqual([]);
  });

  it("in a fresh clone of an empty repository (only .git): the files land in it and its hooks are set up", () => {
    const parent = tempDir("init");
    git(parent, "init", "-q", "--bare", "--initial-branch=main", "sales.git");
    git(parent, "clone", "-q", join(parent, "sales.git"), "sales");
    const repo = join(parent, "sales");
    const result = meshkit(["init", "domain", "sales", "--dir", "."], repo);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toContain("in the existing git repository, on branch main; husky runs the pre-commit, pre-merge-commit and pre-push hooks");
    expect(git(repo, "config", "--get", "core.hooksPath").stdout.trim()).toBe(".husky/_");
    expect(git(repo, "remote").stdout.trim()).toBe("origin"); // the clone's own repository, not a new one
    expect(readdirSync(repo).filter((name) => name.includes("meshkit-init"))).toEqual([]);
    // Anything else in it is still refused.
    const other = join(parent, "other");
    git(parent, "clone", "-q", join(parent, "sales.git"), "other");
    writeFileSync(join(other, "README.md"), "# other\n");
    const refused = meshkit(["init", "domain", "sales", "--dir", "."], other);
    expect([refused.status, refused.stderr]).toEqual([2, expect.stringContaining("is not empty (1 entry, e.g. README.md)")]);
  });

  it("refused on a taken target, says what to do instead: a re-run adds products with init product, a repository takes a folder", () => {
    const { dir } = scaffold();
    const again = meshkit(["init", "domain", "supply_chain", "--product", "inventory_snapshot", ...OWNERSHIP], dir);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(
      "meshkit init never overwrites: choose a new or empty folder; it is the supply_chain domain's repository already: add a data product with meshkit init product supply_chain/<name> --dir supply_chain\n",
    );
    const other = meshkit(["init", "domain", "finance", "--dir", "supply_chain"], dir);
    expect(other.stderr).toContain("; it is the supply_chain domain's repository\n");
    // A repository of its own (a clone with a README): the domain can go into a folder of it.
    const repo = join(dir, "company");
    mkdirSync(repo);
    git(repo, "init", "-q");
    writeFileSync(join(repo, "README.md"), "# company\n");
    const taken = meshkit(["init", "domain", "sales", "--dir", "."], repo);
    expect([taken.status, taken.stderr]).toEqual([
      2,
      "meshkit: . is not empty (1 entry, e.g. README.md); meshkit init never overwrites: choose a new or empty folder; to add the domain to this git repository, give a new folder of it: meshkit init domain sales --dir domains/sales\n",
    ]);
    expect(meshkit(["init", "domain", "sales", "--dir", "domains/sales"], repo).status).toBe(0);
    // Any other folder: no hint.
    expect(meshkit(["init", "domain", "sales", "--dir", "domains"], repo).stderr).toBe("meshkit: domains is not empty (1 entry, e.g. sales); meshkit init never overwrites: choose a new or empty folder\n");
  });

  it("a new repository keeps the hooks git's template folder gives it (init.templateDir: git-secrets' pre-commit)", () => {
    const dir = tempDir("init");
    writeFiles(dir, { "template/hooks/pre-commit": '#!/bin/sh\necho scanned >> "$(git rev-parse --git-dir)/template-pre-commit-ran"\n' });
    chmodSync(join(dir, "template/hooks/pre-commit"), 0o755);
    writeFileSync(join(dir, "gitconfig"), `[init]\n\ttemplateDir = ${join(dir, "template")}\n`);
    const result = meshkit(["init", "domain", "sales", "--product", "orders"], dir, { GIT_CONFIG_GLOBAL: join(dir, "gitconfig") });
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toContain("  kept .git/hooks/pre-commit: husky's core.hooksPath would stop it, so .husky/pre-commit runs it first\n");
    const repo = join(dir, "sales");
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).toMatch(/^"\$\(git rev-parse --git-common-dir\)\/hooks\/pre-commit" "\$@"\n# meshkit pre-commit:/);
    mkdirSync(join(repo, "node_modules/.bin"), { recursive: true });
    symlinkSync(join(REPO_ROOT, "packages/cli/bin/meshkit.js"), join(repo, "node_modules/.bin/meshkit"));
    git(repo, "add", ".");
    expect(git(repo, "commit", "-q", "-m", "sales domain").status).toBe(0);
    expect(readFileSync(join(repo, ".git/template-pre-commit-ran"), "utf8")).toBe("scanned\n");
  });

  it("in a clone whose .git/hooks already run (git-lfs's pre-push, another tool's pre-commit): husky's hooks keep running them", () => {
    const parent = tempDir("init");
    git(parent, "init", "-q", "--bare", "--initial-branch=main", "sales.git");
    git(parent, "clone", "-q", join(parent, "sales.git"), "sales");
    const repo = join(parent, "sales");
    writeFileSync(join(repo, ".git/hooks/pre-commit"), '#!/bin/sh\necho ran >> "$(git rev-parse --git-dir)/legacy-pre-commit-ran"\n', { mode: 0o755 });
    writeFileSync(join(repo, ".git/hooks/pre-push.sample"), "#!/bin/sh\nexit 1\n", { mode: 0o755 }); // git's samples are no hooks
    const result = meshkit(["init", "domain", "sales", "--dir", ".", "--product", "orders"], repo);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toContain("kept .git/hooks/pre-commit: husky's core.hooksPath would stop it, so .husky/pre-commit runs it first");
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).toMatch(/^"\$\(git rev-parse --git-common-dir\)\/hooks\/pre-commit" "\$@"\n# meshkit pre-commit:/);
    expect(readFileSync(join(repo, ".husky/pre-push"), "utf8")).not.toContain(".git/hooks");

    mkdirSync(join(repo, "node_modules/.bin"), { recursive: true });
    symlinkSync(join(REPO_ROOT, "packages/cli/bin/meshkit.js"), join(repo, "node_modules/.bin/meshkit"));
    git(repo, "add", ".");
    const commit = git(repo, "commit", "-q", "-m", "sales domain");
    expect([commit.status, commit.stderr]).toEqual([0, expect.stringContaining("no problems")]);
    expect(readFileSync(join(repo, ".git/legacy-pre-commit-ran"), "utf8")).toBe("ran\n");
  });

  it("in a clone of an empty repository whose default branch is master: the workflow releases from master", () => {
    const parent = tempDir("init");
    git(parent, "init", "-q", "--bare", "--initial-branch=master", "sales.git");
    git(parent, "-c", "init.defaultBranch=master", "clone", "-q", join(parent, "sales.git"), "sales");
    const repo = join(parent, "sales");
    const result = meshkit(["init", "domain", "sales", "--dir", "."], repo);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toContain("in the existing git repository, on branch master;");
    const workflow = readFileSync(join(repo, ".github/workflows/data-product.yml"), "utf8");
    expect(workflow).toContain("branches: [master]");
    expect(workflow).toContain("github.ref == 'refs/heads/master'");
    expect(workflow).not.toMatch(/\bmain\b/);
    expect(readFileSync(join(repo, "README.md"), "utf8")).toContain("npx meshkit compat --base origin/master");
  });

  it("with --no-git inside an existing git repository: everything in the folder, nothing at the top", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    const result = meshkit(["init", "domain", "sales", "--dir", "domains/sales", "--no-git"], dir);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toContain("no git repository (--no-git)");
    expect(listFiles(dir)).toEqual([".gitattributes", ".github/dependabot.yml", ".github/workflows/data-product.yml", ".gitignore", ".husky/pre-commit", ".husky/pre-merge-commit", ".husky/pre-push", "README.md", "meshkit.yaml", "package.json"].map((f) => `domains/sales/${f}`));
  });
});

/** What `meshkit hooks install`, run in the folder `below` of a repository, writes into a new `.husky/<name>` at its top. */
function folderHook(name: string, below: string): string {
  return readFileSync(join(REPO_ROOT, "hooks", name), "utf8").replace("in ./node_modules/.bin/meshkit ", `in ./${below}/node_modules/.bin/meshkit ./node_modules/.bin/meshkit `).trimEnd() + "\n";
}

/** meshkit as `npm install` in the domain's folder would put it: a link to this build. */
function installMeshkit(folder: string): void {
  mkdirSync(join(folder, "node_modules/.bin"), { recursive: true });
  symlinkSync(join(REPO_ROOT, "packages/cli/bin/meshkit.js"), join(folder, "node_modules/.bin/meshkit"));
}

type Step = { id?: string; if?: string; uses?: string; run?: string; with?: Record<string, unknown> };
type Workflow = {
  name: string;
  on: Record<string, Record<string, unknown> | null>;
  concurrency: { group: string };
  defaults?: { run: Record<string, string> };
  jobs: Record<string, { concurrency?: { group: string }; steps: Step[] }>;
};

describe("meshkit init domain in a folder of an existing git repository (a monorepo)", () => {
  const SALES_WORKFLOW = ".github/workflows/data-product-sales.yml";

  it("made again after the folder was removed: the top's workflow and dependabot.yml of the first run are in place, not in the way", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    expect(meshkit(["init", "domain", "sales", "--dir", "domains/sales", "--product", "orders"], dir).status).toBe(0);
    const workflow = readFileSync(join(dir, SALES_WORKFLOW), "utf8");
    rmSync(join(dir, "domains"), { recursive: true });
    const again = meshkit(["init", "domain", "sales", "--dir", "domains/sales", "--product", "orders"], dir);
    expect([again.status, again.stderr]).toEqual([0, ""]);
    expect(again.stdout).toContain(`  kept ${SALES_WORKFLOW}: it exists, as meshkit init writes it for domains/sales\n`);
    expect(again.stdout).toContain("  kept .github/dependabot.yml: it exists, as meshkit init writes it for domains/sales\n");
    expect(again.stdout).not.toContain("note:");
    expect(again.stdout).not.toContain("add these entries");
    expect(existsSync(join(dir, "domains/sales/.github"))).toBe(false); // no second copy where GitHub never runs it
    expect(readFileSync(join(dir, SALES_WORKFLOW), "utf8")).toBe(workflow);
    expect(readFileSync(join(dir, "domains/sales/README.md"), "utf8")).toContain(SALES_WORKFLOW);

    // A workflow of that name the team changed is theirs: kept, and the folder gets its own, as before.
    writeFileSync(join(dir, SALES_WORKFLOW), workflow.replace("timeout-minutes: 30", "timeout-minutes: 45"));
    rmSync(join(dir, "domains"), { recursive: true });
    const edited = meshkit(["init", "domain", "sales", "--dir", "domains/sales"], dir);
    expect(edited.stdout).toContain(`note: ${SALES_WORKFLOW} already exists at the top and meshkit init never overwrites`);
    expect(existsSync(join(dir, "domains/sales/.github/workflows/data-product.yml"))).toBe(true);
  });

  it("warns when the repository's .gitignore leaves out files it wrote (the sample data): CI would not have them", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    writeFileSync(join(dir, ".gitignore"), "node_modules\n*.csv\n");
    const result = meshkit(["init", "domain", "sales", "--dir", "domains/sales", "--product", "orders"], dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      "meshkit: warning: git ignores a file meshkit init wrote, so git add leaves it out and CI would not have it:\n" +
        "  domains/sales/products/orders/data/orders.csv   (.gitignore:2: *.csv)\n" +
        "  commit it anyway with: git add -f domains/sales/products/orders/data/orders.csv\n",
    );
    // The advice works: the sample data is committed with everything else.
    git(dir, "add", ".");
    git(dir, "add", "-f", "domains/sales/products/orders/data/orders.csv");
    expect(git(dir, "status", "--porcelain").stdout).toContain("A  domains/sales/products/orders/data/orders.csv");

    // init product too; a rule that re-includes (`!`) is no warning (a `data/` rule would be: git never looks
    // inside an ignored folder, so nothing under it can be re-included).
    const products = join(dir, "domains/sales/products");
    writeFileSync(join(dir, ".gitignore"), "node_modules\n*.csv\n!domains/sales/products/returns/data/returns.csv\n");
    expect(meshkit(["init", "product", "sales/returns"], join(dir, "domains/sales")).stderr).toBe("");
    const refunds = meshkit(["init", "product", "sales/refunds", "--dir", products], dir);
    expect(refunds.status).toBe(0);
    expect(refunds.stderr).toContain("  domains/sales/products/refunds/data/refunds.csv   (.gitignore:2: *.csv)\n");
  });

  it("keeps the repository's .git/hooks running (git-lfs's pre-push): the top's new husky hooks call them first", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    writeFileSync(join(dir, ".git/hooks/pre-push"), '#!/bin/sh\ncommand -v git-lfs >/dev/null 2>&1 || exit 0\ngit lfs pre-push "$@"\n', { mode: 0o755 });
    const result = meshkit(["init", "domain", "sales", "--dir", "domains/sales"], dir);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toContain("  kept .git/hooks/pre-push: husky's core.hooksPath would stop it, so .husky/pre-push runs it first\n");
    const prePush = readFileSync(join(dir, ".husky/pre-push"), "utf8");
    // The pushed refs are read once and given to both: the kept hook and meshkit's check.
    expect(prePush.indexOf('"$(git rev-parse --git-common-dir)/hooks/pre-push" "$@"')).toBeGreaterThan(prePush.indexOf("meshkit_push_refs=$(cat)"));
    expect(prePush.indexOf("# meshkit pre-push:")).toBeGreaterThan(prePush.indexOf("/hooks/pre-push"));
    expect(readFileSync(join(dir, ".husky/pre-commit"), "utf8")).not.toContain("/hooks/pre-commit");
  });

  it("puts the workflow, the hooks and dependabot.yml at the repository's top, where GitHub and git read them", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    const result = meshkit(["init", "domain", "sales", "--dir", "domains/sales", "--product", "orders"], dir);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(listFiles(dir)).toEqual([
      ".gitattributes",
      ".github/dependabot.yml",
      SALES_WORKFLOW,
      ".husky/pre-commit",
      ".husky/pre-merge-commit",
      ".husky/pre-push",
      "domains/sales/.gitignore",
      "domains/sales/README.md",
      "domains/sales/meshkit.yaml",
      "domains/sales/package.json",
      "domains/sales/products/orders/data/orders.csv",
      "domains/sales/products/orders/orders.odcs.yaml",
      "domains/sales/products/orders/product.odps.yaml",
    ]);
    expect(existsSync(join(dir, "domains/sales/.git"))).toBe(false); // no nested repository
    const top = realpathSync(dir);
    expect(result.stdout).toContain(`created domains/sales/: the sales domain's folder in the git repository ${top} (no nested repository)\n  .gitignore\n`);
    expect(result.stdout).toContain(
      `at the top of ${top}, where GitHub and git read them:\n` +
        "  .gitattributes\n" +
        "  .github/dependabot.yml   # npm in /domains/sales, github-actions in /\n" +
        `  ${SALES_WORKFLOW}   # every stage in working-directory domains/sales; runs on changes to domains/sales/ and to itself; releases from main\n` +
        "  .husky/pre-commit\n  .husky/pre-merge-commit\n  .husky/pre-push\n",
    );
    expect(result.stdout).not.toContain("note:");
    expect(result.stdout).toContain("\nnext:\n  cd domains/sales\n  npm install      # meshkit and husky; husky sets up the hooks at the repository's top (prepare: cd ../.. && husky)\n  npm run check");
    expect(JSON.parse(readFileSync(join(dir, "domains/sales/package.json"), "utf8")).scripts.prepare).toBe("cd ../.. && husky");
    expect(meshkit(["lint"], join(dir, "domains/sales")).status).toBe(0);

    // The same pipeline, rendered for the folder: every stage runs there, only its changes run it.
    const text = readFileSync(join(dir, SALES_WORKFLOW), "utf8");
    expect(text).toBe(domainWorkflow({ asOf: SAMPLE_AS_OF, folder: { domain: "sales", path: "domains/sales", workflowFile: SALES_WORKFLOW } }));
    const workflow = yamlValue(join(dir, SALES_WORKFLOW)) as Workflow;
    const plain = loadText("data-product.yml", domainWorkflow({ asOf: SAMPLE_AS_OF })).documents[0]!.value as Workflow;
    expect(workflow.name).toBe("data-product-sales");
    const paths = ["domains/sales/**", SALES_WORKFLOW];
    expect(workflow.on).toEqual({ pull_request: { paths }, merge_group: null, push: { branches: ["main"], paths }, workflow_dispatch: null });
    expect(workflow.defaults).toEqual({ run: { "working-directory": "domains/sales" } });
    // Two domains' workflows never cancel or replace each other's runs.
    expect(workflow.concurrency.group).toBe("meshkit-sales-${{ github.event_name == 'pull_request' && github.ref || github.sha }}");
    expect(workflow.jobs.release!.concurrency!.group).toBe("meshkit-apply-${{ github.repository }}-sales-provision");
    expect(workflow.jobs.publish!.concurrency!.group).toBe("meshkit-publish-${{ github.repository }}-sales-${{ github.sha }}");
    expect(Object.keys(workflow.jobs)).toEqual(Object.keys(plain.jobs));
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const steps = plain.jobs[name]!.steps;
      expect(job.steps.map((s) => [s.id, s.uses, s.if])).toEqual(steps.map((s) => [s.id, s.uses, s.if]));
      for (const [i, step] of job.steps.entries()) {
        expect(step.run).toBeUndefined();
        const { "working-directory": wd, path, ...rest } = step.with ?? {};
        if (step.uses?.startsWith("meshkit/meshkit/actions/")) expect(wd, `${name} ${step.id}`).toBe("domains/sales");
        else expect(wd).toBeUndefined();
        // The artifact steps take no working-directory: their paths name the folder.
        if (path !== undefined) expect(path).toBe(`domains/sales/${steps[i]!.with!.path}`);
        const { "working-directory": _none, path: _path, ...plainRest } = steps[i]!.with ?? {};
        expect(rest, `${name} ${step.id}`).toEqual(plainRest);
      }
    }

    expect(yamlValue(join(dir, ".github/dependabot.yml"))).toEqual({
      version: 2,
      updates: [
        { "package-ecosystem": "github-actions", directory: "/", schedule: { interval: "weekly" } },
        { "package-ecosystem": "npm", directory: "/domains/sales", schedule: { interval: "weekly" } },
      ],
    });
    // The hooks as `meshkit hooks install` in the folder writes them: git runs them at the top, with the folder's meshkit.
    for (const name of ["pre-commit", "pre-merge-commit", "pre-push"]) expect(readFileSync(join(dir, ".husky", name), "utf8")).toBe(folderHook(name, "domains/sales"));
    const readme = readFileSync(join(dir, "domains/sales/README.md"), "utf8");
    expect(readme).toContain(`## CI: \`${SALES_WORKFLOW}\``);
    expect(readme).not.toContain(".github/workflows/data-product.yml");
    expect(readFileSync(join(dir, "domains/sales/meshkit.yaml"), "utf8")).toContain(`in CI (${SALES_WORKFLOW}, at the repository's top)`);

    // A second folder, reached through a link to the repository: the path git knows counts. The top's files
    // are there now and stay as they are; the workflow of the same name is kept, so the folder gets its own.
    const before = Object.fromEntries([SALES_WORKFLOW, ".github/dependabot.yml", ".husky/pre-commit"].map((f) => [f, readFileSync(join(dir, f), "utf8")]));
    const link = join(tempDir("init-link"), "repo");
    symlinkSync(dir, link);
    const again = meshkit(["init", "domain", "sales", "--dir", "data"], link);
    expect([again.status, again.stderr]).toEqual([0, ""]);
    expect(JSON.parse(readFileSync(join(dir, "data/package.json"), "utf8")).scripts.prepare).toBe("cd .. && husky");
    for (const [file, text] of Object.entries(before)) expect(readFileSync(join(dir, file), "utf8"), file).toBe(text);
    expect(listFiles(join(dir, "data"))).toEqual([".github/workflows/data-product.yml", ".gitignore", "README.md", "meshkit.yaml", "package.json"]);
    expect(readFileSync(join(dir, "data/.github/workflows/data-product.yml"), "utf8")).toBe(domainWorkflow({ asOf: SAMPLE_AS_OF }));
    expect(again.stdout).toContain("  kept .husky/pre-commit: it exists and runs meshkit hook already\n");
    // The first folder's dependabot.yml updates the actions in / already: only the new folder's npm entry is missing.
    expect(again.stdout).toContain("  kept .github/dependabot.yml: it exists; add this entry to its updates:\n    - package-ecosystem: npm\n      directory: '/data'\n      schedule:\n        interval: weekly\n  hooks:");
    expect(again.stdout).toMatch(/note: \.github\/workflows\/data-product-sales\.yml already exists at the top and meshkit init never overwrites, so the workflow is data\/\.github\/workflows\/data-product\.yml, which GitHub never runs: GitHub runs \.github\/ only at the top of \S+: move it there under another name and give every stage `working-directory: data`/);
    expect(again.stdout).not.toContain("npx meshkit hooks install");
  });

  it("one set of hooks at the top serves every domain folder: a commit at the top with a bad contract in one is refused", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    writeFiles(dir, { "README.md": "# the company's repository\n" });
    expect(meshkit(["init", "domain", "sales", "--dir", "domains/sales", "--product", "orders"], dir).status).toBe(0);
    // npm install in the folder: meshkit in its node_modules, and husky set up at the top (as `cd ../.. && husky` does).
    const sales = join(dir, "domains/sales");
    installMeshkit(sales);
    const install = meshkit(["hooks", "install"], sales);
    expect([install.status, install.stderr]).toEqual([0, ""]);
    expect(install.stdout).toContain(".husky/pre-commit: meshkit already installed");
    expect(install.stdout).not.toContain("package.json"); // prepare is already right
    expect(git(dir, "config", "core.hooksPath").stdout.trim()).toBe(".husky/_");

    git(dir, "add", ".");
    expect(git(dir, "status", "--porcelain").stdout).not.toContain("node_modules");
    const commit = git(dir, "commit", "-q", "-m", "sales domain");
    expect([commit.status, commit.stdout + commit.stderr]).toEqual([0, expect.not.stringContaining("error")]);

    const contract = join(sales, "products/orders/orders.odcs.yaml");
    const good = readFileSync(contract, "utf8");
    writeFileSync(contract, good.replace("version: 0.1.0", "version: one"));
    git(dir, "add", ".");
    const refused = git(dir, "commit", "-q", "-m", "broken");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/domains\/sales\/products\/orders\/orders\.odcs\.yaml:\d+:\d+: error semver-version/);
    writeFileSync(contract, good);
    git(dir, "add", ".");

    // Another domain folder, with no meshkit installed of its own: the top's hooks check it with its own meshkit.yaml.
    const finance = meshkit(["init", "domain", "finance", "--dir", "domains/finance", "--product", "ledger"], dir);
    expect([finance.status, finance.stderr]).toEqual([0, ""]);
    expect(finance.stdout).toContain(".github/workflows/data-product-finance.yml   # every stage in working-directory domains/finance");
    expect(finance.stdout).toContain("kept .husky/pre-push: it exists and runs meshkit hook already");
    git(dir, "add", ".");
    expect(git(dir, "commit", "-q", "-m", "finance domain").status).toBe(0);
    const ledger = join(dir, "domains/finance/products/ledger/ledger.odcs.yaml");
    writeFileSync(ledger, readFileSync(ledger, "utf8").replace("version: 0.1.0", "version: one"));
    git(dir, "add", ".");
    const financeRefused = git(join(dir, "domains/finance"), "commit", "-q", "-m", "broken ledger");
    expect(financeRefused.status).not.toBe(0);
    expect(financeRefused.stdout + financeRefused.stderr).toMatch(/ledger\.odcs\.yaml:\d+:\d+: error semver-version/);

    // A developer who ran npm install only in the finance folder: the hooks name sales' meshkit first, and find finance's.
    rmSync(join(sales, "node_modules"), { recursive: true });
    installMeshkit(join(dir, "domains/finance"));
    const onlyFinance = git(dir, "commit", "-q", "-m", "broken ledger");
    expect(onlyFinance.status).not.toBe(0);
    expect(onlyFinance.stdout + onlyFinance.stderr).toMatch(/ledger\.odcs\.yaml:\d+:\d+: error semver-version/);
    expect(onlyFinance.stdout + onlyFinance.stderr).not.toContain("npx");
  });

  it("names only the entries the top's own dependabot.yml lacks, and says when it cannot tell", () => {
    const kept = (text: string): string => {
      const dir = tempDir("init");
      git(dir, "init", "-q", "-b", "main");
      writeFiles(dir, { ".github/dependabot.yml": text });
      const result = meshkit(["init", "domain", "sales", "--dir", "domains/sales"], dir);
      expect([result.status, result.stderr]).toEqual([0, ""]);
      expect(readFileSync(join(dir, ".github/dependabot.yml"), "utf8")).toBe(text);
      return result.stdout.slice(result.stdout.indexOf("  kept .github/dependabot.yml"), result.stdout.indexOf("  hooks:"));
    };
    const entry = (ecosystem: string, where: string) => `  - package-ecosystem: ${ecosystem}\n    ${where}\n    schedule: {interval: daily}\n`;
    // Both there, the folder written without its leading slash or in `directories`: nothing to add.
    expect(kept(`version: 2\nupdates:\n${entry("github-actions", 'directory: "/"')}${entry("npm", "directories: [/other, domains/sales/]")}`)).toBe(
      "  kept .github/dependabot.yml: it exists and updates npm in /domains/sales and github-actions in / already\n",
    );
    // github-actions at /.github/workflows, where Dependabot reads the workflows of `/` (with or without slashes): as good as /.
    for (const workflows of ['directory: "/.github/workflows"', "directories: [.github/workflows/]"]) {
      expect(kept(`version: 2\nupdates:\n${entry("github-actions", workflows)}${entry("npm", "directory: /domains/sales")}`)).toBe(
        "  kept .github/dependabot.yml: it exists and updates npm in /domains/sales and github-actions in / already\n",
      );
    }
    // npm only for another folder: the one entry missing.
    expect(kept(`version: 2\nupdates:\n${entry("github-actions", "directory: /")}${entry("npm", "directory: /other")}`)).toBe(
      "  kept .github/dependabot.yml: it exists; add this entry to its updates:\n    - package-ecosystem: npm\n      directory: '/domains/sales'\n      schedule:\n        interval: weekly\n",
    );
    // A glob Dependabot expands, or a text that is no YAML mapping: both entries, as far as init can tell.
    for (const text of [`version: 2\nupdates:\n${entry("github-actions", "directory: /")}${entry("npm", 'directories: ["/domains/*"]')}`, "version: 2\nupdates: [\n"]) {
      expect(kept(text)).toBe(
        "  kept .github/dependabot.yml: it exists; add these entries to its updates (unless it has them):\n    - package-ecosystem: github-actions\n      directory: /\n      schedule:\n        interval: weekly\n    - package-ecosystem: npm\n      directory: '/domains/sales'\n      schedule:\n        interval: weekly\n",
      );
    }
  });

  it("leaves the top's own workflow, hooks and dependabot.yml as they are, and says what to add", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    // dependabot.yaml: GitHub reads either name, so no dependabot.yml beside it.
    const mine = { [SALES_WORKFLOW]: "name: mine\n", ".github/dependabot.yaml": "version: 2\nupdates: []\n", ".husky/pre-commit": "npx lint-staged\n", ".gitattributes": "*.png binary\n" };
    writeFiles(dir, mine);
    const result = meshkit(["init", "domain", "sales", "--dir", "domains/sales"], dir);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    for (const [file, text] of Object.entries(mine)) expect(readFileSync(join(dir, file), "utf8"), file).toBe(text);
    expect(readFileSync(join(dir, ".husky/pre-push"), "utf8")).toBe(folderHook("pre-push", "domains/sales"));
    expect(listFiles(dir)).toEqual([
      ".gitattributes",
      ".github/dependabot.yaml",
      SALES_WORKFLOW,
      ".husky/pre-commit",
      ".husky/pre-merge-commit",
      ".husky/pre-push",
      "domains/sales/.github/workflows/data-product.yml", // the workflow's place at the top is taken
      "domains/sales/.gitignore",
      "domains/sales/README.md",
      "domains/sales/meshkit.yaml",
      "domains/sales/package.json",
    ]);
    expect(result.stdout).toContain("  .husky/pre-merge-commit\n  .husky/pre-push\n  kept .husky/pre-commit: it exists; `npx meshkit hooks install` in domains/sales adds meshkit's line to it\n");
    expect(result.stdout).toContain("  kept .github/dependabot.yaml: it exists; add these entries to its updates:\n    - package-ecosystem: github-actions\n");
    expect(result.stdout).toContain("      directory: '/domains/sales'\n");
    expect(result.stdout).toContain(`note: ${SALES_WORKFLOW} already exists at the top and meshkit init never overwrites`);
    expect(result.stdout).toContain("  kept .gitattributes: it exists; add the line `/.husky/** text eol=lf` to it, or a clone with core.autocrlf (Windows) checks the hooks out with CRLF line ends, and sh fails on every commit\n");
    expect(result.stdout).toContain("  npx meshkit hooks install   # adds meshkit's line to the top's own .husky/pre-commit\n");
    expect(readFileSync(join(dir, "domains/sales/README.md"), "utf8")).toContain("## CI: `.github/workflows/data-product.yml`");

    // That next step does what it says: meshkit's line after the top's own.
    installMeshkit(join(dir, "domains/sales"));
    const install = meshkit(["hooks", "install"], join(dir, "domains/sales"));
    expect([install.status, install.stderr]).toEqual([0, ""]);
    expect(install.stdout).toContain(".husky/pre-commit: added meshkit after the existing lines");
    expect(readFileSync(join(dir, ".husky/pre-commit"), "utf8")).toBe(`npx lint-staged\n${folderHook("pre-commit", "domains/sales")}`);
    expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toMatch(/^\*\.png binary\n# meshkit: .*\n\/\.husky\/\*\* text eol=lf\n$/);
  });

  it("releases from the repository's default branch (origin's, else the one it is on), named as YAML and GitHub read it", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "trunk");
    const result = meshkit(["init", "domain", "sales", "--dir", "..domains/sales"], dir);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toContain("releases from trunk");
    const workflow = readFileSync(join(dir, SALES_WORKFLOW), "utf8");
    expect(workflow).toContain("branches: [trunk]");
    expect(workflow).toContain("github.ref == 'refs/heads/trunk'");
    expect(workflow).toContain("working-directory: '..domains/sales'");
    // A branch name YAML and GitHub's expressions read otherwise is quoted and escaped.
    const odd = tempDir("init");
    git(odd, "init", "-q", "-b", "rel{it's},x+1");
    expect(meshkit(["init", "domain", "sales", "--dir", "domains/sales"], odd).status).toBe(0);
    const text = readFileSync(join(odd, SALES_WORKFLOW), "utf8");
    const parsed = loadText("w.yml", text).documents[0]!.value as { on: { push: { branches: string[] } } };
    expect(parsed.on.push.branches).toEqual(["rel{it's},x\\+1"]);
    expect(text).toContain("github.ref == 'refs/heads/rel{it''s},x+1'");
  });

  it("on a feature branch, releases from the default branch meshkit ci compares with, not from the branch it is on", () => {
    // The usual way to add a domain: a branch for the pull request, in a repository pushed with `git push -u`
    // (no origin/HEAD), or one that has no remote at all.
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    git(dir, "commit", "-q", "--allow-empty", "-m", "start");
    git(dir, "checkout", "-q", "-b", "add-sales");
    const local = meshkit(["init", "domain", "sales", "--dir", "domains/sales"], dir);
    expect([local.status, local.stderr]).toEqual([0, ""]);
    expect(local.stdout).toContain("releases from main");
    expect(readFileSync(join(dir, SALES_WORKFLOW), "utf8")).toContain("github.ref == 'refs/heads/main'");
    // A clone whose origin says nothing of its HEAD, on a branch of its own, with no local default branch.
    const clone = tempDir("init");
    git(clone, "clone", "-q", dir, ".");
    git(clone, "remote", "set-head", "origin", "--delete");
    git(clone, "checkout", "-q", "-b", "add-finance", "origin/main");
    git(clone, "branch", "-q", "-D", "main");
    expect(meshkit(["init", "domain", "finance", "--dir", "domains/finance"], clone).stdout).toContain("releases from main");
  });

  it("refuses a folder whose name has glob characters, which the workflow's artifact paths would read as a pattern", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    const result = meshkit(["init", "domain", "sales", "--dir", "domains/sales[1]"], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('the folder "domains/sales[1]" has glob characters');
    expect(readdirSync(dir)).toEqual([".git"]);
  });

  it("refuses, writing nothing, when a folder on the way to a top file is a file", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    writeFiles(dir, { ".husky": "not a folder\n" });
    const result = meshkit(["init", "domain", "sales", "--dir", "domains/sales"], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^meshkit: \.husky at the top of \S+ is not a folder, so \.husky\/pre-commit cannot be written; meshkit init never overwrites\n$/);
    expect(readdirSync(dir).sort()).toEqual([".git", ".husky"]);
  });
});

describe("meshkit init refuses, writing nothing", () => {
  function expectRefused(result: { status: number | null; stdout: string; stderr: string }, message: RegExp): void {
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  }

  it("a folder that has files in it, or a file in the way", () => {
    const dir = tempDir("init");
    writeFiles(dir, { "supply_chain/notes.txt": "mine\n", "taken": "a file\n" });
    expectRefused(meshkit(["init", "domain", "supply_chain"], dir), /^meshkit: supply_chain is not empty \(1 entry, e.g. notes\.txt\); meshkit init never overwrites/);
    expectRefused(meshkit(["init", "domain", "supply_chain", "--dir", "taken"], dir), /^meshkit: taken exists and is not a folder/);
    // init product's --dir is where to look for the repository: a missing one is not called "not a folder".
    expectRefused(meshkit(["init", "product", "supply_chain/orders", "--dir", "missing"], dir), /^meshkit: --dir missing does not exist: give a folder of the domain repository/);
    expectRefused(meshkit(["init", "product", "supply_chain/orders", "--dir", "taken"], dir), /^meshkit: --dir taken is a file, not a folder: give a folder of the domain repository/);
    expect(listFiles(dir)).toEqual(["supply_chain/notes.txt", "taken"]);
    expect(readdirSync(dir).sort()).toEqual(["supply_chain", "taken"]);
  });

  it.each([
    ["Supply_Chain", /domain name "Supply_Chain" has upper-case letters/],
    ["supply chain", /domain name "supply chain" has characters other than a-z, 0-9 and _/],
    ["sales;drop", /has characters other than/],
    ["sales'", /has characters other than/],
    ["../etc", /domain name "..\/etc" is a path/],
    ["a/b", /is a path/],
    ["1sales", /does not start with a lower-case letter/],
    ["s", /is shorter than 2 characters/],
    ["x".repeat(64), /is longer than 63 characters/],
    ["null", /domain name "null" is reserved: YAML reads it as a boolean or null, not a name/],
    ["true", /is reserved/],
    ["node_modules", /domain name "node_modules" is reserved: its folder would be ignored by git and by meshkit/],
    // Schemas the local warehouse cannot be given: the repository's own provision plan would fail.
    ["main", /domain name "main" is reserved: it is the default schema DuckDB makes in every warehouse, .*and meshkit provision makes a schema per domain there; choose another/],
    ["information_schema", /domain name "information_schema" is reserved: it is a schema DuckDB keeps for its catalog/],
    ["temp", /domain name "temp" is reserved: it is the name of a catalog DuckDB attaches/],
    ["warehouse", /domain name "warehouse" is reserved: it is the name DuckDB gives the warehouse's own catalog \(after its file, warehouse\.duckdb\)/],
    // Names PostgreSQL cannot take: the domain could never be provisioned there.
    ["pg_sales", /domain name "pg_sales" starts with pg_, which PostgreSQL reserves for its own schemas; rename the domain \(meshkit provision --target postgres\)/],
    ["d".repeat(58), /domain name "d{58}" is too long for PostgreSQL: its owner role d{58}_owner would be longer than 63 characters\. Use a domain name of at most 57 characters/],
  ])("the domain name %j", (name, message) => {
    const dir = tempDir("init");
    expectRefused(meshkit(["init", "domain", name], dir), message);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a bad product name or setting, before anything is written", () => {
    const dir = tempDir("init");
    // Folders the generated repository excludes or ignores: the product would never be checked or committed.
    expectRefused(meshkit(["init", "domain", "sales", "--product", "data"], dir), /^meshkit: product name "data" is reserved: its folder would be sample data, which meshkit\.yaml excludes/);
    expectRefused(meshkit(["init", "domain", "sales", "--product", "lake"], dir), /^meshkit: product name "lake" is reserved: its folder would be the lake folder, which \.gitignore ignores/);
    expectRefused(meshkit(["init", "domain", "sales", "--product", "Orders"], dir), /^meshkit: product name "Orders" has upper-case letters/);
    expectRefused(meshkit(["init", "domain", "sales", "--owner", "ana"], dir), /^meshkit: --owner "ana" is not an email address/);
    expectRefused(meshkit(["init", "domain", "sales", "--team", "sales\nteam"], dir), /^meshkit: --team "sales\\nteam"/);
    expectRefused(meshkit(["init", "domain", "sales", "--bucket", "Sales_Lake"], dir), /^meshkit: --bucket "Sales_Lake" is not an S3 bucket name/);
    // Names S3 reserves (docs.aws.amazon.com, "General purpose bucket naming rules"): AWS would refuse the bucket.
    expectRefused(meshkit(["init", "domain", "sales", "--bucket", "sthree-sales"], dir), /^meshkit: --bucket "sthree-sales" is not an S3 bucket name: S3 reserves names starting with sthree-/);
    expectRefused(meshkit(["init", "domain", "sales", "--bucket", "amzn-s3-demo-sales"], dir), /^meshkit: --bucket "amzn-s3-demo-sales" is not an S3 bucket name: S3 reserves names starting with amzn-s3-demo-/);
    expectRefused(meshkit(["init", "domain", "sales", "--bucket", "sales-s3alias"], dir), /^meshkit: --bucket "sales-s3alias" is not an S3 bucket name: S3 reserves names ending with -s3alias/);
    expectRefused(meshkit(["init", "domain", "sales", "--actions-repo", "not a repo"], dir), /^meshkit: --actions-repo/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each(["foo", "#", "#a b", "javascript:alert(1)", "http://insecure", "https://", "mailto:ops@acme.example", "https://user:pw@host.example/", 'https://example.com/"><script>'])("the support channel %j, which is no #channel, email address or https:// link", (channel) => {
    const dir = tempDir("init");
    expectRefused(meshkit(["init", "domain", "sales", "--support-channel", channel], dir), /^meshkit: --support-channel .*: give one Slack channel \(#name/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a product through a products folder that is a symbolic link out of the repository", () => {
    const { dir, repo } = scaffold();
    const outside = join(dir, "elsewhere");
    mkdirSync(outside);
    renameSync(join(repo, "products"), join(repo, "kept")); // the scaffold's own product, out of the way
    symlinkSync(outside, join(repo, "products"));
    expectRefused(meshkit(["init", "product", "supply_chain/ledger"], repo), /^meshkit: products\/ledger would be written outside the repository: products leads to .*elsewhere \(a symbolic link\)/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it("a product outside a domain repository", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main"); // the meshkit.yaml search stops at the repository root
    expectRefused(meshkit(["init", "product", "sales/orders"], dir), /^meshkit: no meshkit\.yaml in \. or above: run meshkit init product inside a domain repository/);
    expect(readdirSync(dir)).toEqual([".git"]);
  });

  it("a product that exists, of another domain, or not written <domain>/<name>", () => {
    const { repo } = scaffold();
    const folder = join(repo, "products/inventory_snapshot");
    const before = listFiles(folder).map((f) => readFileSync(join(folder, f), "utf8"));
    expectRefused(meshkit(["init", "product", "supply_chain/inventory_snapshot"], repo), /^meshkit: products\/inventory_snapshot already exists; meshkit init never overwrites/);
    expect(listFiles(folder).map((f) => readFileSync(join(folder, f), "utf8"))).toEqual(before);
    expectRefused(meshkit(["init", "product", "finance/ledger"], repo), /^meshkit: \. is the supply_chain domain's repository \(package\.json meshkit\.domain\), not finance's/);
    expectRefused(meshkit(["init", "product", "supply_chain"], repo), /is not <domain>\/<product>/);
    // A bare product name, in a repository whose domain is known: the command to run, not another domain's example.
    expectRefused(meshkit(["init", "product", "ledger"], repo), /^meshkit: product "ledger" is not <domain>\/<product>: use meshkit init product supply_chain\/ledger\n?$/);
    expectRefused(meshkit(["init", "product", "supply_chain/a/b"], repo), /is not <domain>\/<product>/);
    expectRefused(meshkit(["init", "product", "supply_chain/Ledger"], repo), /product name "Ledger" has upper-case letters/);
    expect(readdirSync(join(repo, "products"))).toEqual(["inventory_snapshot"]);
  });
});

describe("meshkit init product", () => {
  it("adds products with the domain's recorded owner, support and bucket; every check still passes", () => {
    const { repo } = scaffold(["--bucket", "acme-lake"]);
    const first = meshkit(["init", "product", "supply_chain/warehouse_stock"], repo);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).not.toContain("placeholders");
    // From a subfolder, with --dir: the nearest meshkit.yaml upwards is the repository.
    const second = meshkit(["init", "product", "supply_chain/stock_moves", "--dir", "products", "--owner", "aisha.bello@acme-retail.example"], repo);
    expect(second.status).toBe(0);
    expect(readdirSync(join(repo, "products")).sort()).toEqual(["inventory_snapshot", "stock_moves", "warehouse_stock"]);

    const stock = yamlValue(join(repo, "products/warehouse_stock/warehouse_stock.odcs.yaml"));
    expect(stock.team).toEqual({ name: "supply-chain-analytics", members: [{ username: "tomas.novak@acme-retail.example", role: "owner" }] });
    expect((stock.servers as { location?: string }[])[1]!.location).toBe("s3://acme-lake/domain=supply_chain/product=warehouse_stock/");
    const moves = yamlValue(join(repo, "products/stock_moves/product.odps.yaml"));
    expect((moves.team as { members: unknown[] }).members).toEqual([{ username: "aisha.bello@acme-retail.example", role: "owner" }]);

    const ids = ["inventory_snapshot", "warehouse_stock", "stock_moves"].flatMap((p) => [
      yamlValue(join(repo, `products/${p}/product.odps.yaml`)).id,
      yamlValue(join(repo, `products/${p}/${p}.odcs.yaml`)).id,
    ]);
    expect(new Set(ids).size).toBe(6);

    const lint = meshkit(["lint", "--format", "json"], repo);
    expect(jsonReport(lint).findings).toEqual([]);
    expect(jsonReport(lint).summary.files).toBe(6);
    expect(meshkit(["policy"], repo).status).toBe(0);
    const test = meshkit(["test", "--now", SAMPLE_AS_OF, "--format", "json"], repo);
    expect(test.status).toBe(0);
    expect(jsonReport(test).summary.files).toBe(3);
  });

  it("in a domain repository made by hand: the domain comes from its products, placeholders otherwise", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\n" });
    const result = meshkit(["init", "product", "sales/orders"], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("placeholders: --team, --owner, --support-channel, --bucket");
    expect(meshkit(["lint"], dir).status).toBe(0);
    expect(meshkit(["policy"], dir).status).toBe(0);
    const other = meshkit(["init", "product", "finance/ledger"], dir);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain("the sales domain's repository (products/orders/orders.odcs.yaml)");
  });

  it("warns when meshkit.yaml's files globs leave the new product out", () => {
    const dir = tempDir("init");
    git(dir, "init", "-q", "-b", "main");
    writeFiles(dir, { "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\nfiles:\n  include: ['contracts/**/*.yaml']\n" });
    const result = meshkit(["init", "product", "sales/orders"], dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^meshkit: warning: the files globs of meshkit\.yaml do not include products\/orders\/product\.odps\.yaml/);
  });
});
