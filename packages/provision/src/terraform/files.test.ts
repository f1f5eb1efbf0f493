import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
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

  it("refuses Terraform configuration it did not render, naming it in one line, and writes nothing", () => {
    const all = renderTerraform("aws", exampleModel()).files;
    const foreign: Record<string, string> = {
      "zz_extra.tf": 'resource "aws_iam_user" "backdoor" { name = "x" }\n',
      "zz_override.tf": 'provider "aws" { allowed_account_ids = null }\n',
      "zz_override.tf.json": '{"terraform":{"backend":{"s3":{}}}}\n',
      "hand.tf.json": '{"resource":{"aws_iam_user":{"backdoor":{"name":"x"}}}}\n',
      "forged.tf": '{"//":"Rendered by meshkit provision","resource":{}}\n',
      "EXTRA.TF": "",
      "x.tofu": "",
      ".terraformrc": "",
      "terraform.rc": "",
    };
    for (const [name, text] of Object.entries(foreign)) {
      const dir = join(scratch, `foreign-${name}`);
      writeTerraformFiles(dir, {});
      writeFileSync(join(dir, name), text);
      expect(() => writeTerraformFiles(dir, all), name).toThrow(new RegExp(`^Refusing to render into .*: ${name.replace(/\./g, "\\.")} is Terraform configuration meshkit did not render[^\n]*$`));
      expect(readdirSync(dir), name).toEqual([name]);
    }
    // A link is never meshkit's, even to a file it rendered (and it is not read: it may lead to /dev/zero).
    const linked = join(scratch, "foreign-link");
    writeTerraformFiles(linked, {});
    symlinkSync("/dev/zero", join(linked, "zero.tf.json"));
    expect(() => writeTerraformFiles(linked, all)).toThrow(/zero\.tf\.json is Terraform configuration meshkit did not render/);
  });

  it("keeps a backend-only file, terraform's own folder and files that are not configuration; removes its own stale files, a forged header's too", () => {
    const dir = join(scratch, "kept");
    const all = renderTerraform("aws", exampleModel()).files;
    writeTerraformFiles(dir, {});
    mkdirSync(join(dir, ".terraform", "providers"), { recursive: true });
    const kept = { "backend.tf.json": '{"//":"state","terraform":{"backend":{"s3":{"bucket":"b"}}}}\n', "terraform.tfvars": 'aws_region = "eu-west-1"\n', ".terraform.lock.hcl": "# lock\n", "plan.json": "{}\n" };
    for (const [name, text] of Object.entries(kept)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, "zz_extra.tf.json"), '{"//":"Rendered by meshkit provision. Do not edit","resource":{"aws_iam_user":{"backdoor":{}}}}\n');
    expect(writeTerraformFiles(dir, all).removed).toEqual(["zz_extra.tf.json"]);
    expect(readdirSync(dir).sort()).toEqual([...Object.keys(all), ...Object.keys(kept), ".terraform"].sort());
  });

  it("replaces a link where it writes a rendered file, rather than reading or writing through it", () => {
    const dir = join(scratch, "linked-name");
    const all = renderTerraform("aws", exampleModel()).files;
    const [name, text] = Object.entries(all)[0]!;
    const outside = join(scratch, "outside.json");
    writeFileSync(outside, text);
    writeTerraformFiles(dir, {});
    symlinkSync(outside, join(dir, name));
    expect(writeTerraformFiles(dir, all).written).toContain(name);
    expect(lstatSync(join(dir, name)).isFile()).toBe(true);
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
