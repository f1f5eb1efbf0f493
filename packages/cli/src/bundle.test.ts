import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GOOD_CONTRACT, REPO_ROOT, git, meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

const CHUNKS = join(REPO_ROOT, "packages/cli/dist/chunks");
const VALIDATORS = ["validateConfig", "validateOdcs", "validateOdcs30", "validateOdps", "validatePolicy"];

/** Records each file beside the chunks the process requires (Module._load sees every require, bundled ones too). */
const RECORD_REQUIRES = `const Module = require("node:module");
const { appendFileSync } = require("node:fs");
const load = Module._load;
Module._load = function (request, ...rest) {
  const match = /^\\.\\/([A-Za-z0-9-]+)\\.cjs$/.exec(request);
  if (match) appendFileSync(process.env.MESHKIT_TEST_REQUIRES, match[1] + "\\n");
  return load.call(this, request, ...rest);
};
`;

/** Records each package the process requires from node_modules (a bare name that is not one of Node's own modules). */
const RECORD_PACKAGES = `const Module = require("node:module");
const { appendFileSync } = require("node:fs");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (!/^[./]/.test(request) && !Module.isBuiltin(request)) appendFileSync(process.env.MESHKIT_TEST_REQUIRES, request + "\\n");
  return load.call(this, request, ...rest);
};
`;

/** Records whether the process loaded node:crypto (Node's list of the internal modules it loaded, read at exit). */
const RECORD_CRYPTO = `process.on("exit", () => {
  if (process.moduleLoadList.includes("NativeModule crypto")) require("node:fs").appendFileSync(process.env.MESHKIT_TEST_REQUIRES, "node:crypto\\n");
});
`;

/** What the recorder `dir` holds (.record-requires.cjs) records of `meshkit <args>` run in `dir`, in order: by default the files beside the chunks (schema validators, vendored libraries) it loads. */
function filesLoaded(dir: string, args: string[]): string[] {
  const record = join(dir, ".requires");
  rmSync(record, { force: true });
  const result = meshkit(args, dir, { NODE_OPTIONS: `--require ${join(dir, ".record-requires.cjs")}`, MESHKIT_TEST_REQUIRES: record });
  expect(result.stderr).toBe("");
  return existsSync(record) ? readFileSync(record, "utf8").trim().split("\n") : [];
}

describe("the CLI bundle (dist/chunks)", () => {
  beforeAll(requireBuiltCli);

  it("keeps each compiled schema validator in a file of its own, not in a chunk every command reads", () => {
    for (const name of VALIDATORS) expect(existsSync(join(CHUNKS, `${name}.cjs`)), name).toBe(true);
    const chunks = readdirSync(CHUNKS).filter((f) => f.endsWith(".js"));
    // ajv's standalone code names each schema by its $id; none of it may sit in the chunks.
    for (const chunk of chunks) expect(readFileSync(join(CHUNKS, chunk), "utf8"), chunk).not.toContain('"$id":"https://meshkit.dev/schemas/');
  });

  it("requires DuckDB (a CommonJS native addon) where it is used, never imports it: Node would scan its files for exports first", () => {
    const chunks = readdirSync(CHUNKS).filter((f) => f.endsWith(".js"));
    const texts = chunks.map((chunk) => readFileSync(join(CHUNKS, chunk), "utf8"));
    expect(texts.filter((text) => /\bfrom\s*["']@duckdb\/node-api["']|\bimport\(\s*["']@duckdb\/node-api["']/.test(text))).toEqual([]);
    expect(texts.some((text) => text.includes('require("@duckdb/node-api")'))).toBe(true);
  });

  it("loads only the validators of the documents a run reads", () => {
    const dir = tempDir("bundle");
    writeFiles(dir, {
      ".record-requires.cjs": RECORD_REQUIRES,
      "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n",
      "orders.odcs.yaml": GOOD_CONTRACT,
      "old.odcs.yaml": "apiVersion: v3.0.2\nkind: DataContract\nid: old-orders\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n    properties:\n      - name: order_id\n        logicalType: string\n",
    });
    expect(filesLoaded(dir, ["lint", "orders.odcs.yaml", "-f", "json"]).sort()).toEqual(["validateConfig", "validateOdcs"]);
    expect(filesLoaded(dir, ["lint", "old.odcs.yaml", "-f", "json"]).sort()).toEqual(["validateConfig", "validateOdcs30"]);
  });

  it("requires no package from node_modules for the hook or lint: fdir is given the picomatch bundled beside it", () => {
    const dir = tempDir("bundle-packages");
    writeFiles(dir, { ".record-requires.cjs": RECORD_PACKAGES, "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n", "orders.odcs.yaml": GOOD_CONTRACT });
    git(dir, "init", "-q");
    git(dir, "add", "meshkit.yaml", "orders.odcs.yaml");
    expect(filesLoaded(dir, ["hook", "pre-commit"])).toEqual([]);
    expect(filesLoaded(dir, ["lint"])).toEqual([]);
  });

  it("loads node:crypto (~7 ms at start) neither for lint nor for the hook on a changed contract", () => {
    const dir = tempDir("bundle-crypto");
    writeFiles(dir, { ".record-requires.cjs": RECORD_CRYPTO, "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n", "orders.odcs.yaml": GOOD_CONTRACT });
    git(dir, "init", "-q");
    git(dir, "add", "meshkit.yaml", "orders.odcs.yaml");
    git(dir, "commit", "-q", "-m", "orders");
    writeFiles(dir, { "orders.odcs.yaml": GOOD_CONTRACT.replace("name: orders", "name: orders_v2") });
    git(dir, "add", "orders.odcs.yaml");
    expect(filesLoaded(dir, ["hook", "pre-commit"])).toEqual([]);
    expect(filesLoaded(dir, ["lint"])).toEqual([]);
  });

  it("reads the yaml library only for a text the fast reader cannot place, and then places findings with it", () => {
    const dir = tempDir("bundle-yaml");
    // An alias takes the yaml library's parse; so does reading the comments of a file with a suppression.
    // (other ids: lint reads every contract of the repository, for ids used twice)
    const aliased = GOOD_CONTRACT.replace("5b2f7c1e-orders", "aliased-orders").replace(/^version: .*$/m, "version: &v 1.0.0\ntags: [*v]\nbogusField: 1");
    const suppressed = GOOD_CONTRACT.replace("5b2f7c1e-orders", "suppressed-orders").replace(/^version: .*$/m, "$&\n# meshkit-disable-next-line schema-valid -- kept for an old reader\nbogusField: 1");
    writeFiles(dir, { ".record-requires.cjs": RECORD_REQUIRES, "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n", "orders.odcs.yaml": GOOD_CONTRACT });
    git(dir, "init", "-q");
    git(dir, "add", "orders.odcs.yaml");
    // (meshkit.yaml is not staged: the hook checks with the default config, the built-in pack)
    expect(filesLoaded(dir, ["hook", "pre-commit"])).not.toContain("yaml");
    expect(filesLoaded(dir, ["lint", "orders.odcs.yaml"])).not.toContain("yaml");
    writeFiles(dir, { "aliased.odcs.yaml": aliased, "suppressed.odcs.yaml": suppressed });
    expect(filesLoaded(dir, ["lint", "aliased.odcs.yaml", "-f", "json"])).toContain("yaml");
    expect(filesLoaded(dir, ["lint", "suppressed.odcs.yaml", "-f", "json"])).toContain("yaml");
    const findings = JSON.parse(meshkit(["lint", "aliased.odcs.yaml", "-f", "json"], dir).stdout).findings as { ruleId: string; line: number }[];
    const bogus = aliased.split("\n").findIndex((line) => line.startsWith("bogusField")) + 1;
    expect(findings.filter((f) => f.ruleId === "schema-valid").map((f) => f.line)).toEqual([bogus]);
    expect(JSON.parse(meshkit(["lint", "suppressed.odcs.yaml", "-f", "json"], dir).stdout).findings).toEqual([]);
  });
});
