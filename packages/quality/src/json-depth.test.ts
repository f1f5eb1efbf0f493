import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonNestedBeyond } from "./json-depth.js";

describe("jsonNestedBeyond", () => {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-json-depth-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("counts the nesting of values, not brackets inside strings (escaped quotes included)", () => {
    const inStrings = file("strings.jsonl", `{"a": "${"[".repeat(50)}", "b": "\\"${"{".repeat(50)}"}\n`);
    expect(jsonNestedBeyond(inStrings, 3)).toBeUndefined();
    expect(jsonNestedBeyond(file("three.json", '[{"a": [1]}]'), 3)).toBeUndefined();
    expect(jsonNestedBeyond(file("four.jsonl", '{"a": 1}\n[{"a": [[1]]}]\n'), 3)).toEqual({ line: 2 });
  });

  it("reads past its chunk size, and says nothing of a file it cannot open", () => {
    const long = file("long.json", `[${'"x",'.repeat(400_000)}[[[[1]]]]]`);
    expect(jsonNestedBeyond(long, 4)).toEqual({ line: 1 });
    expect(jsonNestedBeyond(join(dir, "missing.json"), 4)).toBeUndefined();
  });
});
