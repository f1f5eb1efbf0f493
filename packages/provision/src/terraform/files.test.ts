import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { provisionModel } from "../model.js";
import { findTerraformBinary, renderTerraform, writeTerraformFiles } from "./index.js";
import { documentsFrom, exampleModel } from "./test-support.js";

const scratch = mkdtempSync(join(tmpdir(), "meshkit-tf-files-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("writeTerraformFiles", () => {
  it("writes a render, rewrites nothing the second time, and removes the files of products that are gone", () => {
    const dir = join(scratch, "infra");
    const all = renderTerraform("aws", exampleModel()).files;
    // A file the platform adds (backend) and one someone wrote by hand stay untouched.
    writeTerraformFiles(dir, {});
    writeFileSync(join(dir, "backend.tf.json"), '{"terraform":{"backend":{"s3":{}}}}\n');
    writeFileSync(join(dir, "notes.txt"), "hand-written");

    const first = writeTerraformFiles(dir, all);
    expect(first).toEqual({ written: Object.keys(all), unchanged: [], removed: [] });
    expect(writeTerraformFiles(dir, all)).toEqual({ written: [], unchanged: Object.keys(all), removed: [] });

    const fewer = renderTerraform("aws", provisionModel(documentsFrom({ "x.odcs.yaml": readFileSync(new URL("../../../../examples/domains/finance/quarterly_ledger/ledger_entries.odcs.yaml", import.meta.url), "utf8") })));
    const third = writeTerraformFiles(dir, fewer.files);
    expect(third.removed).toEqual(Object.keys(all).filter((f) => !(f in fewer.files)).sort());
    expect(readdirSync(dir).sort()).toEqual([...Object.keys(fewer.files), "backend.tf.json", "notes.txt"].sort());
    expect(readFileSync(join(dir, "backend.tf.json"), "utf8")).toContain("backend");
  });

  it("every rendered file carries the header that marks it as meshkit's", () => {
    for (const target of ["aws", "snowflake", "bigquery"] as const) {
      for (const [name, text] of Object.entries(renderTerraform(target, exampleModel()).files)) expect((JSON.parse(text) as Record<string, string>)["//"], name).toMatch(/^Rendered by meshkit provision/);
    }
  });

  it("refuses file names that are not plain *.tf.json names", () => {
    for (const name of ["../x.tf.json", "a/b.tf.json", "main.tf"]) expect(() => writeTerraformFiles(join(scratch, "bad"), { [name]: "{}" })).toThrow(/not a rendered file name/);
    expect(existsSync(join(scratch, "x.tf.json"))).toBe(false);
  });
});

describe("findTerraformBinary", () => {
  it("finds an executable terraform on PATH, in PATH order, and nothing else", () => {
    const a = join(scratch, "bin-a");
    const b = join(scratch, "bin-b");
    writeTerraformFiles(a, {});
    writeTerraformFiles(b, {});
    writeFileSync(join(a, "terraform"), "not executable");
    writeFileSync(join(b, "terraform"), "#!/bin/sh\n");
    chmodSync(join(b, "terraform"), 0o755);
    expect(findTerraformBinary(`${a}:${b}`)).toBe(join(b, "terraform"));
    expect(findTerraformBinary(a)).toBeUndefined();
    expect(findTerraformBinary("")).toBeUndefined();
    expect(findTerraformBinary(b, ["tofu", "terraform"])).toBe(join(b, "terraform"));
  });
});
