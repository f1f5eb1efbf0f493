import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GOOD_CONTRACT, REPO_ROOT, meshkit, requireBuiltCli, tempDir, writeFiles } from "./test-support.js";

const CHUNKS = join(REPO_ROOT, "packages/cli/dist/chunks");
const VALIDATORS = ["validateConfig", "validateOdcs", "validateOdcs30", "validateOdps", "validatePolicy"];

/** Records each schema validator file the process requires (Module._load sees every require, bundled ones too). */
const RECORD_REQUIRES = `const Module = require("node:module");
const { appendFileSync } = require("node:fs");
const load = Module._load;
Module._load = function (request, ...rest) {
  const match = /(validate[A-Za-z0-9]+)\\.cjs$/.exec(request);
  if (match) appendFileSync(process.env.MESHKIT_TEST_REQUIRES, match[1] + "\\n");
  return load.call(this, request, ...rest);
};
`;

/** The validators `meshkit <args>` loads in `dir`, in order. */
function validatorsLoaded(dir: string, args: string[]): string[] {
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

  it("loads only the validators of the documents a run reads", () => {
    const dir = tempDir("bundle");
    writeFiles(dir, {
      ".record-requires.cjs": RECORD_REQUIRES,
      "meshkit.yaml": "apiVersion: meshkit/v1\nkind: Config\npolicy:\n  packs: []\n",
      "orders.odcs.yaml": GOOD_CONTRACT,
      "old.odcs.yaml": "apiVersion: v3.0.2\nkind: DataContract\nid: old-orders\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n    properties:\n      - name: order_id\n        logicalType: string\n",
    });
    expect(validatorsLoaded(dir, ["lint", "orders.odcs.yaml", "-f", "json"]).sort()).toEqual(["validateConfig", "validateOdcs"]);
    expect(validatorsLoaded(dir, ["lint", "old.odcs.yaml", "-f", "json"]).sort()).toEqual(["validateConfig", "validateOdcs30"]);
  });
});
