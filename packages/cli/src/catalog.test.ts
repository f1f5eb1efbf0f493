/**
 * `meshkit publish`, `meshkit catalog build` and `meshkit catalog search`, run as a user runs them
 * (the built command, in the repository, on the example products): to a dir catalog, and to DataHub
 * and OpenMetadata stand-ins that record every request (running in this process, so the command is
 * spawned without blocking it) and to a Backstage folder.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DataHubSchemaChecker, DATAHUB_REFERENCE_DIR, loadDataHubSchemaChecker, startGmsServer, startOpenMetadataServer } from "@meshkit/catalog/testing";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, type RunResult, meshkitAsync, requireBuiltCli, tempDir } from "./test-support.js";

const RESULTS = join(REPO_ROOT, "packages/catalog/src/__fixtures__/examples-quality-run.json");
const DH_TOKEN = "dh-cli-secret-5521";
const OM_TOKEN = "om-cli-secret-8843";

let checker: DataHubSchemaChecker;
beforeAll(() => {
  requireBuiltCli();
  checker = loadDataHubSchemaChecker(DATAHUB_REFERENCE_DIR);
});

/** Runs the built command (in the repository unless told) without blocking this process (the stand-in servers answer from here). */
function meshkit(args: string[], env: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT): Promise<RunResult> {
  return meshkitAsync(args, cwd, env);
}

/** Every warehouse table of the examples, as OpenMetadata knows it once `service` ingested it. */
function exampleTables(service: string): Record<string, string[]> {
  const tables: Record<string, string[]> = {};
  for (const domain of readdirSync(join(REPO_ROOT, "examples/domains"))) {
    for (const product of readdirSync(join(REPO_ROOT, "examples/domains", domain))) {
      const folder = join(REPO_ROOT, "examples/domains", domain, product);
      for (const file of readdirSync(folder).filter((f) => f.endsWith(".odcs.yaml"))) {
        const contract = parse(readFileSync(join(folder, file), "utf8")) as {
          servers: { server: string; database?: string; schema?: string }[];
          schema: { name: string; physicalName?: string; properties: { name: string; physicalName?: string }[] }[];
        };
        const server = contract.servers.find((s) => s.server === "warehouse");
        for (const object of contract.schema) {
          tables[`${service}.${server?.database}.${server?.schema}.${object.physicalName ?? object.name}`] = object.properties.map((p) => p.physicalName ?? p.name);
        }
      }
    }
  }
  return tables;
}

const TEAMS = ["customer-data", "finance-data", "marketing-data", "supply-chain-analytics"];

describe("meshkit publish / catalog build / catalog search on a dir catalog", () => {
  it("publishes the examples, publishes them again as a no-op, builds the site and finds a column", async () => {
    const catalog = join(tempDir("catalog"), "catalog");
    const first = await meshkit(["publish", "examples/domains", "--catalog", `dir:${catalog}`, "--results", RESULTS]);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("customer_360 2.1.0 (customer): new product\n");
    const entries = readdirSync(join(catalog, "products"));
    expect(entries).toHaveLength(4);
    const index = readFileSync(join(catalog, "index.json"), "utf8");

    const again = await meshkit(["publish", "examples/domains", "--catalog", `dir:${catalog}`, "--results", RESULTS]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("customer_360 2.1.0 (customer): unchanged\n");
    expect(readFileSync(join(catalog, "index.json"), "utf8")).toBe(index);

    const site = join(tempDir("site"), "site");
    const build = await meshkit(["catalog", "build", "--catalog", `dir:${catalog}`, "--out", site]);
    expect(build.status).toBe(0);
    expect(build.stdout).toMatch(/^catalog site: 4 products \(4 versions\)/);
    expect(existsSync(join(site, "index.html"))).toBe(true);

    const search = await meshkit(["catalog", "search", "email", "--catalog", `dir:${catalog}`, "--format", "json"]);
    expect(search.status).toBe(0);
    const hits = (JSON.parse(search.stdout) as { hits: { name: string; columns: string[] }[] }).hits;
    expect(hits.map((h) => h.name)).toContain("customer_360");
  });

  it("takes the catalog from meshkit.yaml's catalog.target (relative to that file) when --catalog is not given, and says how to name one when neither does", async () => {
    const project = tempDir("catalog-config");
    cpSync(join(REPO_ROOT, "examples/domains/finance"), join(project, "finance"), { recursive: true });
    writeFileSync(join(project, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\ncatalog:\n  target: dir:catalog\n");
    const inFinance = join(project, "finance");
    const publish = await meshkit(["publish"], {}, inFinance);
    expect([publish.status, publish.stderr]).toEqual([0, ""]);
    expect(publish.stdout).toContain("quarterly_ledger 1.1.0 (finance): new product\n");
    expect(existsSync(join(project, "catalog", "index.json"))).toBe(true);
    const search = await meshkit(["catalog", "search", "ledger"], {}, inFinance);
    expect([search.status, search.stdout]).toEqual([0, expect.stringContaining("finance/quarterly_ledger 1.1.0")]);
    const build = await meshkit(["catalog", "build", "--out", "site"], {}, inFinance);
    expect([build.status, existsSync(join(inFinance, "site", "index.html"))]).toEqual([0, true]);
    // --catalog wins over the config
    const other = join(project, "other");
    expect((await meshkit(["publish", "--catalog", `dir:${other}`], {}, inFinance)).status).toBe(0);
    expect(existsSync(join(other, "index.json"))).toBe(true);

    writeFileSync(join(project, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    const none = await meshkit(["publish"], {}, inFinance);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe("meshkit: name the catalog with --catalog: dir:<path>, git:<repo>#<branch>, datahub:<gms-url>, openmetadata:<url> or backstage:<dir> (or set catalog.target in meshkit.yaml)\n");
    // Reading a catalog without naming one: the one `meshkit ci` publishes to, as it does.
    expect((await meshkit(["publish", "--catalog", "dir:.meshkit/catalog"], {}, inFinance)).status).toBe(0);
    const local = await meshkit(["catalog", "search", "ledger"], {}, inFinance);
    expect([local.status, local.stdout]).toEqual([0, expect.stringContaining("finance/quarterly_ledger 1.1.0")]);
    expect((await meshkit(["catalog", "build", "--out", "local-site"], {}, inFinance)).status).toBe(0);
    expect(existsSync(join(inFinance, "local-site", "index.html"))).toBe(true);
  });

  it("keeps release notes of a new version, from schema-compat against the version before it, and shows them on the product page", async () => {
    const project = tempDir("catalog-notes");
    cpSync(join(REPO_ROOT, "examples/domains/finance/quarterly_ledger"), project, { recursive: true });
    const catalog = join(project, "catalog");
    expect((await meshkit(["publish", ".", "--catalog", `dir:${catalog}`], {}, project)).status).toBe(0);
    // 1.2.0: the ledger contract gains an optional column (a minor change), and both versions move on.
    const edit = (file: string, edits: [string | RegExp, string][]) => writeFileSync(join(project, file), edits.reduce((text, [from, to]) => text.replace(from, to), readFileSync(join(project, file), "utf8")));
    edit("ledger_entries.odcs.yaml", [
      [/^version: 1\.1\.0$/m, "version: 1.2.0"],
      ["    properties:\n", "    properties:\n      - name: memo\n        logicalType: string\n        classification: internal\n"],
    ]);
    edit("product.odps.yaml", [
      [/^version: 1\.1\.0$/m, "version: 1.2.0"],
      ["    version: 1.1.0\n    contractId: 293233bb", "    version: 1.2.0\n    contractId: 293233bb"],
    ]);
    const second = await meshkit(["publish", ".", "--catalog", `dir:${catalog}`], {}, project);
    expect([second.status, second.stderr]).toEqual([0, ""]);
    const index = JSON.parse(readFileSync(join(catalog, "index.json"), "utf8")) as { products: { id: string }[] };
    const entry = JSON.parse(readFileSync(join(catalog, "products", index.products[0]!.id, "1.2.0.json"), "utf8")) as { changelog?: string };
    expect(entry.changelog).toMatch(/^Changes since 1\.1\.0:\ncontract \S+ \(293233bb-3c84-4c9a-8ad6-00569072581d\), 1\.1\.0 → 1\.2\.0: requires a minor bump\n- property-added-optional: .*`ledger_entries\.memo`/);
    const site = join(project, "site");
    expect((await meshkit(["catalog", "build", "--catalog", `dir:${catalog}`, "--out", site], {}, project)).status).toBe(0);
    const pages = readdirSync(join(site, "products")).map((f) => readFileSync(join(site, "products", f), "utf8"));
    expect(pages.some((page) => page.includes("Changes since 1.1.0:") && page.includes("property-added-optional"))).toBe(true);
  });

  it("publishes the official ODPS examples (one without version, one without domain) and finds them in text output", async () => {
    const catalog = join(tempDir("catalog"), "catalog");
    const examples = join(DATAHUB_REFERENCE_DIR, "../odps/examples");
    const run = await meshkit(["publish", examples, "--catalog", `dir:${catalog}`]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("catalog-product-incomplete");
    const search = await meshkit(["catalog", "search", "", "--catalog", `dir:${catalog}`]);
    expect(search.status).toBe(0);
    expect(search.stdout).toMatch(/ unversioned \(draft\) {2}owner /); // the official example is a draft: said, as on the site
    expect(search.stdout).not.toMatch(/^\//m); // no "/name" for a product without domain
  });

  it("search -f json on a catalog that cannot be read still prints a document saying why (exit 2, one line on stderr)", async () => {
    const missing = join(tempDir("catalog-missing"), "nowhere");
    const search = await meshkit(["catalog", "search", "orders", "--catalog", `dir:${missing}`, "--format", "json"]);
    expect(search.status).toBe(2);
    expect(JSON.parse(search.stdout)).toEqual({ hits: [], findings: [], error: expect.stringMatching(/^catalog dir:.*nowhere does not exist: publish to it first/) });
    expect(search.stderr).toMatch(/^meshkit: catalog dir:.*nowhere does not exist[^\n]*\n$/);
  });

  it("prints no terminal escape sequence a document carries (publish lines and search hits)", async () => {
    const dir = tempDir("catalog-ansi");
    const evil = "\u001b[2J\u001b]0;pwned\u0007";
    writeFileSync(
      join(dir, "p.odps.yaml"),
      `apiVersion: v1.0.0\nkind: DataProduct\nid: ansi-1\nname: ${JSON.stringify(`orders${evil}`)}\nversion: 1.0.0\nstatus: active\ndomain: ${JSON.stringify(`sales${evil}`)}\n`,
    );
    const catalog = join(dir, "catalog");
    const run = await meshkit(["publish", join(dir, "p.odps.yaml"), "--catalog", `dir:${catalog}`]);
    const search = await meshkit(["catalog", "search", "orders", "--catalog", `dir:${catalog}`]);
    for (const out of [run.stdout, run.stderr, search.stdout]) expect([out.includes("\u001b"), out.includes("\u0007")]).toEqual([false, false]);
    expect(search.stdout).toContain("[2J]0;pwned");
  });

  it("runs no GitHub workflow command a product's name or purpose carries when searching inside GitHub Actions, in text or JSON", async () => {
    const dir = tempDir("catalog-workflow-commands");
    // No domain: the hit's line starts with the name, where the runner reads `::error::`; `##[` it reads anywhere.
    writeFileSync(
      join(dir, "p.odps.yaml"),
      `apiVersion: v1.0.0\nkind: DataProduct\nid: wfc-1\nname: "::error::forged orders"\nversion: 1.0.0\nstatus: active\ndescription:\n  purpose: "orders ##[warning]forged too"\n`,
    );
    const catalog = join(dir, "catalog");
    expect((await meshkit(["publish", join(dir, "p.odps.yaml"), "--catalog", `dir:${catalog}`])).status).toBe(0);
    const actions = { GITHUB_ACTIONS: "true" };
    const text = await meshkit(["catalog", "search", "orders", "--catalog", `dir:${catalog}`], actions);
    expect(text.status).toBe(0);
    // The hit is printed as it is, between ::stop-commands::<token> and ::<token>::, so the runner reads no command in it.
    const stopped = /^::stop-commands::(meshkit-[0-9a-f]{32})\n(::error::forged orders 1\.0\.0 [^\n]*)\n::\1::\n$/.exec(text.stdout);
    expect(stopped?.[2]).toMatch(/^::error::forged orders 1\.0\.0 {2}owner -$/);
    const json = await meshkit(["catalog", "search", "orders", "--catalog", `dir:${catalog}`, "-f", "json"], actions);
    expect(json.stdout).not.toContain("##[");
    expect((JSON.parse(json.stdout) as { hits: { name: string; purpose: string }[] }).hits.map((h) => [h.name, h.purpose])).toEqual([["::error::forged orders", "orders ##[warning]forged too"]]);
  });

  it("says on stderr, in text mode too, which entries a search could not read, and exits 1 (an error finding)", async () => {
    const catalog = join(tempDir("catalog-damaged"), "catalog");
    expect((await meshkit(["publish", "examples/domains/finance", "--catalog", `dir:${catalog}`])).status).toBe(0);
    const index = JSON.parse(readFileSync(join(catalog, "index.json"), "utf8")) as { products: { id: string; versions: { version: string }[] }[] };
    const entry = join(catalog, "products", index.products[0]!.id, `${index.products[0]!.versions[0]!.version}.json`);
    writeFileSync(entry, Buffer.concat([Buffer.from('{"id": "'), Buffer.from([0xff]), Buffer.from('"}')]));
    const search = await meshkit(["catalog", "search", "ledger", "--catalog", `dir:${catalog}`]);
    expect(search.status).toBe(1);
    expect(search.stdout).toBe('no product matches "ledger"\n');
    const json = await meshkit(["catalog", "search", "ledger", "--catalog", `dir:${catalog}`, "--format", "json"]);
    expect([json.status, (JSON.parse(json.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)]).toEqual([1, ["catalog-entry-unreadable"]]);
    expect(search.stderr).toMatch(/^.*\.json:1:\d+: error catalog-entry-unreadable .*Not valid UTF-8/m);
  });

  it("repairs a damaged index when given an empty folder to publish, as docs/catalog.md says", async () => {
    const catalog = join(tempDir("catalog"), "catalog");
    expect((await meshkit(["publish", "examples/domains/finance", "--catalog", `dir:${catalog}`])).status).toBe(0);
    writeFileSync(join(catalog, "index.json"), "garbage");
    const empty = tempDir("empty");
    const repair = await meshkit(["publish", empty, "--catalog", `dir:${catalog}`]);
    expect(repair.status).toBe(0);
    expect(repair.stdout).toContain("warning catalog-index-rebuilt");
    expect(JSON.parse(readFileSync(join(catalog, "index.json"), "utf8")).products).toHaveLength(1);
    // A folder that does not exist is still a mistake, not an empty publish.
    expect((await meshkit(["publish", join(empty, "nope"), "--catalog", `dir:${catalog}`])).status).not.toBe(0);
  });

  it("records the repository and commit of the products' checkout, not of the folder meshkit runs in", async () => {
    const checkout = (name: string, remote: string) => {
      const dir = join(tempDir(name), name);
      mkdirSync(dir);
      for (const args of [["init", "-q"], ["remote", "add", "origin", remote]]) execFileSync("git", args, { cwd: dir });
      return dir;
    };
    const commit = (dir: string) => {
      execFileSync("git", ["add", "-A"], { cwd: dir });
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "products"], { cwd: dir });
      return execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8" }).trim();
    };
    const platform = checkout("platform", "https://github.com/acme/platform.git");
    writeFileSync(join(platform, "README.md"), "platform\n");
    commit(platform);
    const sales = checkout("sales", "git@github.com:acme/sales.git");
    cpSync(join(REPO_ROOT, "examples/domains/finance/quarterly_ledger"), join(sales, "ledger"), { recursive: true });
    const head = commit(sales);
    const catalog = join(tempDir("catalog"), "catalog");
    const env = { GITHUB_REPOSITORY: "" };
    // In the platform repository's workflow: GITHUB_REPOSITORY names the platform checkout, not the sales one.
    const fromPlatform = await meshkit(["publish", join(sales, "ledger"), "--catalog", `dir:${catalog}`], { GITHUB_REPOSITORY: "acme/platform" }, platform);
    expect(fromPlatform.status, fromPlatform.stdout + fromPlatform.stderr).toBe(0);
    const [entryFile] = readdirSync(join(catalog, "products"), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    const entry = JSON.parse(readFileSync(join(entryFile!.parentPath, entryFile!.name), "utf8")) as { publication: { repo?: string; commit?: string } };
    expect(entry.publication).toMatchObject({ repo: "acme/sales", commit: head });
    // So the sales repository may still publish its own product.
    const fromSales = await meshkit(["publish", "ledger", "--catalog", `dir:${catalog}`], env, sales);
    expect(fromSales.status, fromSales.stdout).toBe(0);
    expect(fromSales.stdout).not.toContain("catalog-ownership");
    // Products of two checkouts at once: each entry records one repository, so that is refused.
    const other = checkout("other", "https://github.com/acme/other.git");
    cpSync(join(REPO_ROOT, "examples/domains/customer/customer_360"), join(other, "c360"), { recursive: true });
    const both = await meshkit(["publish", join(sales, "ledger"), join(other, "c360"), "--catalog", `dir:${catalog}`], env, platform);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("the products come from several repositories");
  });

  it("records a submodule's products, published from the repository around it, as its repository's top project", async () => {
    const host = join(tempDir("host"), "host");
    const shared = join(host, "vendor", "shared");
    mkdirSync(shared, { recursive: true });
    for (const [dir, remote] of [[host, "https://github.com/acme/host.git"], [shared, "https://github.com/acme/shared.git"]] as const) {
      for (const args of [["init", "-q"], ["remote", "add", "origin", remote]]) execFileSync("git", args, { cwd: dir });
    }
    // The nested checkout is a project of its own (its meshkit.yaml), as the repository it comes from has it.
    writeFileSync(join(shared, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    cpSync(join(REPO_ROOT, "examples/domains/finance/quarterly_ledger"), join(shared, "ledger"), { recursive: true });
    const catalog = join(tempDir("catalog"), "catalog");
    const run = await meshkit(["publish", "vendor/shared/ledger", "--catalog", `dir:${catalog}`], { GITHUB_REPOSITORY: "" }, host);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const [entryFile] = readdirSync(join(catalog, "products"), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    const entry = JSON.parse(readFileSync(join(entryFile!.parentPath, entryFile!.name), "utf8")) as { publication: { repo?: string; project?: string } };
    // Not `vendor/shared`, a folder of the host repository: acme/shared publishes it from its own top as project "".
    expect(entry.publication).toMatchObject({ repo: "acme/shared" });
    expect(entry.publication.project).toBeUndefined();
  });

  it("reports a product deleted from the repository when the whole repository is published, not when some paths are", async () => {
    const repo = tempDir("repo");
    const catalog = join(tempDir("catalog"), "catalog");
    for (const domain of ["customer", "marketing"]) cpSync(join(REPO_ROOT, "examples/domains", domain), join(repo, domain), { recursive: true });
    const env = { GITHUB_REPOSITORY: "acme/customer-data" };
    expect((await meshkit(["publish", "--catalog", `dir:${catalog}`], env, repo)).status).toBe(0);
    rmSync(join(repo, "marketing"), { recursive: true });
    const partial = await meshkit(["publish", "customer", "--catalog", `dir:${catalog}`], env, repo);
    expect(partial.stdout).not.toContain("catalog-product-orphaned");
    const whole = await meshkit(["publish", "--catalog", `dir:${catalog}`], env, repo);
    expect(whole.status).toBe(0);
    expect(whole.stdout).toContain("warning catalog-product-orphaned customer_campaigns 1.3.0 (marketing), status active, is registered from repository acme/customer-data");
    // Reported, not removed.
    expect(JSON.parse(readFileSync(join(catalog, "index.json"), "utf8")).products).toHaveLength(2);
  });

  it("reports no product as removed on a publish without paths from a folder below the project's root, which reads only that folder", async () => {
    const repo = tempDir("repo");
    const catalog = join(tempDir("catalog"), "catalog");
    writeFileSync(join(repo, "meshkit.yaml"), "apiVersion: meshkit/v1\nkind: Config\n");
    for (const domain of ["customer", "marketing"]) cpSync(join(REPO_ROOT, "examples/domains", domain), join(repo, domain), { recursive: true });
    const env = { GITHUB_REPOSITORY: "acme/customer-data" };
    expect((await meshkit(["publish", "--catalog", `dir:${catalog}`], env, repo)).status).toBe(0);
    const below = await meshkit(["publish", "--catalog", `dir:${catalog}`], env, join(repo, "customer"));
    expect([below.status, below.stdout]).toEqual([0, expect.not.stringContaining("catalog-product-orphaned")]);
    expect(below.stdout).toContain("customer_360 2.1.0 (customer): unchanged");
  });

  it("refuses a schema-invalid contract at its node (exit 1) and its product with it; a domain that is no plain name is kept as written", async () => {
    const repo = join(tempDir("catalog-invalid"), "repo");
    cpSync(join(REPO_ROOT, "examples/domain-repo"), repo, { recursive: true });
    const contract = join(repo, "products/shipment_events/shipment_events.odcs.yaml");
    const product = join(repo, "products/shipment_events/product.odps.yaml");
    const valid = readFileSync(contract, "utf8");
    writeFileSync(contract, valid.replace(/^ {4}properties:$/m, '    properties: "x"\n    x_props:'));
    writeFileSync(product, readFileSync(product, "utf8").replace(/^domain: logistics$/m, "domain: ../../etc"));
    const catalog = join(tempDir("catalog"), "catalog");
    const run = await meshkit(["publish", "--catalog", `dir:${catalog}`], {}, repo);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^products\/shipment_events\/shipment_events\.odcs\.yaml:\d+:17: error catalog-contract-invalid Data contract \S+ is not published: `properties` must be an array\./m);
    expect(run.stdout).toMatch(/^products\/shipment_events\/product\.odps\.yaml:\d+:\d+: error catalog-contract-invalid Data product \S+ is not published: output port /m);
    expect(existsSync(join(catalog, "products"))).toBe(false);
    writeFileSync(contract, valid);
    expect((await meshkit(["publish", "--catalog", `dir:${catalog}`], {}, repo)).status).toBe(0);
    const [id] = readdirSync(join(catalog, "products"));
    const entry = JSON.parse(readFileSync(join(catalog, "products", id!, "0.1.0.json"), "utf8")) as { domain: string; contracts: unknown[] };
    expect(entry).toMatchObject({ domain: "../../etc", contracts: [expect.anything()] });
  });

  it("counts the files it read, the unparsable one too, when it stops at a file it cannot read", async () => {
    const repo = join(tempDir("catalog-unparsable"), "repo");
    cpSync(join(REPO_ROOT, "examples/domains/customer/customer_360"), repo, { recursive: true });
    writeFileSync(join(repo, "broken.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: [x\n");
    const run = await meshkit(["publish", "--dry-run", "--catalog", `dir:${join(repo, "catalog")}`, "-f", "json"], {}, repo);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { findings: { file: string; ruleId: string }[]; summary: unknown };
    expect(report.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(["broken.odcs.yaml yaml-syntax"]);
    expect(report.summary).toEqual({ errors: 1, warnings: 0, infos: 0, files: 3 });
  });

  it("says there is nothing to publish when given contracts without their product, and writes no catalog", async () => {
    const catalog = join(tempDir("catalog"), "catalog");
    const contract = "examples/domains/customer/customer_360/customer_profile.odcs.yaml";
    const run = await meshkit(["publish", contract, "--catalog", `dir:${catalog}`]);
    expect(run.stderr).toBe(`meshkit: nothing to publish: no data product (kind: DataProduct) found in ${contract}\n`);
    expect(run.status).toBe(0);
    expect(existsSync(join(catalog, "products"))).toBe(false);
  });

  it("refuses a bad catalog target or unreadable results in one line, not after saying there is nothing to publish", async () => {
    const contract = "examples/domains/customer/customer_360/customer_profile.odcs.yaml";
    const badTarget = await meshkit(["publish", contract, "--catalog", "ftp://catalog.example"]);
    expect([badTarget.status, badTarget.stderr]).toEqual([2, "meshkit: unknown catalog target ftp://catalog.example: use dir:<path>, git:<repo>#<branch>, datahub:<gms-url>, openmetadata:<url> or backstage:<dir>\n"]);
    const catalog = join(tempDir("catalog"), "catalog");
    const noResults = await meshkit(["publish", contract, "--catalog", `dir:${catalog}`, "-r", join(catalog, "results.json")]);
    expect(noResults.status).toBe(2);
    expect(noResults.stderr).toMatch(/^meshkit: cannot read results file .*results\.json: No such file or directory \(ENOENT\): check the path\n$/);
  });

  it("names a damaged catalog's files relative to the working directory, with their position, in every format and command", async () => {
    const dir = tempDir("catalog-relative");
    cpSync(join(REPO_ROOT, "examples/domains/supply_chain/inventory_snapshot"), dir, { recursive: true });
    const here = (...args: string[]) => meshkit(args, {}, dir);
    expect((await here("publish", ".", "--catalog", "dir:cat")).status).toBe(0);
    const entry = `cat/products/${readdirSync(join(dir, "cat/products"))[0]!}/9.9.9.json`;
    writeFileSync(join(dir, entry), "not json\n");
    rmSync(join(dir, "cat/index.json"));
    // dry runs: the index stays missing, so every run reports it too (reports order findings by file)
    const publish = (format: string) => here("publish", ".", "--catalog", "dir:cat", "--dry-run", "-f", format);
    const json = JSON.parse((await publish("json")).stdout) as { findings: { file: string; line: number; column: number }[] };
    expect(json.findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(["cat/index.json:1:1", `${entry}:1:2`]);
    const sarif = JSON.parse((await publish("sarif")).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(["cat/index.json", entry]);
    const github = (await publish("github")).stdout;
    expect(github).toContain(`::error file=${entry},line=1,col=2,title=catalog-entry-unreadable::`);
    expect(github).toContain("::warning file=cat/index.json,line=1,col=1,title=catalog-index-rebuilt::");
    const build = await here("catalog", "build", "--catalog", "dir:cat", "--out", "site");
    expect(build.status).toBe(1);
    expect(build.stderr).toMatch(new RegExp(`^${entry}:1:2: error catalog-entry-unreadable Catalog entry .+\ncat/index\\.json:1:1: warning catalog-index-rebuilt index\\.json .+\n$`));
    const search = await here("catalog", "search", "inventory", "--catalog", "dir:cat");
    expect(search.stderr).toMatch(new RegExp(`^${entry}:1:2: error catalog-entry-unreadable Catalog entry .+\n$`));
  });
});

describe("meshkit publish to catalog services", () => {
  it("openmetadata:<url>#service=<name> writes the domains, data products and data contracts; the token is never printed", async () => {
    const om = await startOpenMetadataServer({ token: OM_TOKEN, tables: exampleTables("acme_pg"), teams: TEAMS });
    try {
      const run = await meshkit(["publish", "examples/domains", "--catalog", `openmetadata:${om.url}#service=acme_pg`, "--results", RESULTS], { MESHKIT_OPENMETADATA_TOKEN: OM_TOKEN });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("customer_360 2.1.0 (customer): upserted the domain, 2 of 2 data contracts");
      expect(run.stdout).not.toContain(OM_TOKEN);
      expect([...(om.store.get("domains")?.keys() ?? [])].sort()).toEqual(["customer", "finance", "marketing", "supply_chain"]);
      expect(om.store.get("dataProducts")?.size).toBe(4);
      expect(om.store.get("dataContracts")?.size).toBe(8);
      expect(om.requests.every((r) => r.authorization === `Bearer ${OM_TOKEN}`)).toBe(true);

      // A wrong token: one line, exit code 2, nothing written, the token nowhere.
      const before = om.requests.filter((r) => r.method === "PUT").length;
      const wrong = await meshkit(["publish", "examples/domains", "--catalog", `openmetadata:${om.url}#service=acme_pg`], { MESHKIT_OPENMETADATA_TOKEN: "stale-om-token" });
      expect(wrong.status).toBe(2);
      expect(wrong.stderr.trim().split("\n")).toHaveLength(1);
      expect(wrong.stderr).toContain("answered HTTP 401 Unauthorized: Not Authorized! Token verification failed; check the token in MESHKIT_OPENMETADATA_TOKEN");
      expect(wrong.stderr + wrong.stdout).not.toContain("stale-om-token");
      expect(om.requests.filter((r) => r.method === "PUT").length).toBe(before);
    } finally {
      await om.close();
    }
  });

  it("-f json of a publish a catalog service stopped says which products were published, which failed and which were not sent", async () => {
    // customer_360 takes requests 1-6, quarterly_ledger's first dataset request is the 9th: refused (a 400, not retried).
    const gms = await startGmsServer({ token: DH_TOKEN, fail: (n) => (n >= 9 ? 400 : undefined) });
    try {
      const run = await meshkit(["publish", "examples/domains", "--catalog", `datahub:${gms.url}`, "--format", "json"], { MESHKIT_DATAHUB_TOKEN: DH_TOKEN });
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      const report = JSON.parse(run.stdout) as { error: string; catalog: { published: string[]; failed: string; notPublished: string[]; changes: { id: string; message: string }[] } };
      expect(report.error).toContain("Not sent: customer_campaigns 1.3.0 (marketing), inventory_snapshot 1.4.0 (supply_chain).");
      expect(report.catalog.published).toEqual(["customer_360 2.1.0 (customer)"]);
      expect(report.catalog.failed).toBe("quarterly_ledger 1.1.0 (finance)");
      expect(report.catalog.notPublished).toEqual(["customer_campaigns 1.3.0 (marketing)", "inventory_snapshot 1.4.0 (supply_chain)"]);
      expect(report.catalog.changes.map((c) => c.message)).toEqual([expect.stringMatching(/^customer_360 2\.1\.0 \(customer\): sent \d+ metadata change proposals/)]);
    } finally {
      await gms.close();
    }
  });

  it("openmetadata:<url> without a service mapping warns at each product that its contracts were not written", async () => {
    const om = await startOpenMetadataServer({ token: OM_TOKEN, tables: exampleTables("acme_pg"), teams: TEAMS });
    try {
      const run = await meshkit(["publish", "examples/domains/marketing", "--catalog", `openmetadata:${om.url}`, "--format", "json"], { MESHKIT_OPENMETADATA_TOKEN: OM_TOKEN });
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as { findings: { ruleId: string; severity: string; message: string }[] };
      expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([
        ["catalog-target-incomplete", "warning"],
        ["catalog-target-incomplete", "warning"],
      ]);
      expect(report.findings[0]?.message).toContain("no OpenMetadata service for server warehouse (postgres)");
      expect(om.store.get("dataContracts")).toBeUndefined();
    } finally {
      await om.close();
    }
  });

  it("datahub:<url> sends upstreamLineage from the input ports, every proposal valid against the reference aspect models", async () => {
    const gms = await startGmsServer({ token: DH_TOKEN });
    try {
      const run = await meshkit(["publish", "examples/domains", "--catalog", `datahub:${gms.url}`, "--results", RESULTS], { MESHKIT_DATAHUB_TOKEN: DH_TOKEN });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("customer_360 2.1.0 (customer): sent 23 metadata change proposals (upstream lineage on 2 of 2 datasets)\n");
      // External upstreams (contracts kept in no repository here) are info findings at their input ports.
      expect(run.stdout).toMatch(/examples\/domains\/customer\/customer_360\/product\.odps\.yaml:\d+:\d+: info catalog-lineage-unresolved input port crm_accounts reads contract/);
      expect(run.stdout + run.stderr).not.toContain(DH_TOKEN);
      expect(gms.accepted.length).toBeGreaterThan(60);
      for (const proposal of gms.accepted) expect(checker.checkProposal(proposal)).toEqual([]);
      const lineage = (gms.accepted as { entityUrn: string; aspectName: string; aspect: { value: string } }[]).filter((p) => p.aspectName === "upstreamLineage");
      const profile = lineage.find((p) => p.entityUrn === "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.customer.customer_profiles,PROD)");
      // customer_360's port declares only campaign_contacts columns (usedColumns): the campaigns table is not upstream.
      expect((JSON.parse(profile?.aspect.value ?? "{}") as { upstreams: { dataset: string }[] }).upstreams.map((u) => u.dataset)).toEqual([
        "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.marketing.campaign_contacts,PROD)",
      ]);
    } finally {
      await gms.close();
    }
  });

  it("--lineage-catalog: upstream products registered in another catalog give DataHub its lineage", async () => {
    const catalog = join(tempDir("lineage"), "platform-catalog");
    // The marketing domain publishes to the platform's catalog from its own repository...
    expect((await meshkit(["publish", "examples/domains/marketing", "--catalog", `dir:${catalog}`])).status).toBe(0);
    const gms = await startGmsServer({ token: DH_TOKEN });
    try {
      // ...and customer_360, published alone, finds its marketing upstreams there.
      const run = await meshkit(["publish", "examples/domains/customer", "--catalog", `datahub:${gms.url}`, "--lineage-catalog", `dir:${catalog}`], { MESHKIT_DATAHUB_TOKEN: DH_TOKEN });
      expect(run.status).toBe(0);
      const lineage = (gms.accepted as { entityUrn: string; aspectName: string; aspect: { value: string } }[]).filter((p) => p.aspectName === "upstreamLineage");
      const profile = lineage.find((p) => p.entityUrn === "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.customer.customer_profiles,PROD)");
      expect((JSON.parse(profile?.aspect.value ?? "{}") as { upstreams: { dataset: string }[] }).upstreams.map((u) => u.dataset)).toContain(
        "urn:li:dataset:(urn:li:dataPlatform:postgres,analytics.marketing.campaign_contacts,PROD)",
      );
      for (const proposal of gms.accepted) expect(checker.checkProposal(proposal)).toEqual([]);
    } finally {
      await gms.close();
    }
  });

  it("backstage:<dir> writes dependsOn from each Resource to the upstream product's Resources", async () => {
    const dir = join(tempDir("backstage"), "backstage");
    const run = await meshkit(["publish", "examples/domains", "--catalog", `backstage:${dir}`]);
    expect(run.status).toBe(0);
    const resources = readFileSync(join(dir, "products/customer_360.yaml"), "utf8")
      .split(/^---$/m)
      .map((text) => parse(text) as { kind: string; spec: { dependsOn?: string[] } })
      .filter((e) => e.kind === "Resource");
    expect(resources.length).toBe(2);
    for (const resource of resources) expect(resource.spec.dependsOn).toEqual(["resource:default/customer_campaigns.campaign_contacts"]);
  });
});
