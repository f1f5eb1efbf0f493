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

  it("starts counting again where the text stops being JSON: malformed JSON lines do not add up to too deep", () => {
    // Each line's unclosed levels were carried into the next: 1,001 lines cut short read as "nested more than 1,000 levels".
    const lines = (line: string) => `${line}\n`.repeat(10);
    expect(jsonNestedBeyond(file("cut-after-value.jsonl", lines('{"id": 1, "amount": 5')), 3)).toBeUndefined();
    expect(jsonNestedBeyond(file("cut-after-comma.jsonl", lines('{"id": 1, "tags": [1, 2],')), 3)).toBeUndefined();
    expect(jsonNestedBeyond(file("cut-in-string.jsonl", lines('{"id": 1, "name": "abc')), 3)).toBeUndefined();
    expect(jsonNestedBeyond(file("cut-in-list.jsonl", lines('{"id": 1, "tags": [[1], [2')), 3)).toBeUndefined();
    expect(jsonNestedBeyond(file("wrong-close.jsonl", lines('{"id": [1}')), 3)).toBeUndefined();
    // A deep value after a malformed line is still counted, and so is one pretty-printed over many lines.
    expect(jsonNestedBeyond(file("deep-after-cut.jsonl", `${lines('{"id": 1, "amount": 5')}{"a": [[[1]]]}\n`), 3)).toEqual({ line: 11 });
    expect(jsonNestedBeyond(file("pretty.json", '[\n {\n  "a": [\n   [\n    1\n   ]\n  ]\n }\n]\n'), 3)).toEqual({ line: 4 });
    expect(jsonNestedBeyond(file("pretty-ok.json", '[\n {\n  "a": [\n   1,\n   "b"\n  ]\n },\n [1]\n]\n'), 3)).toBeUndefined();
  });

  it("a line cut right after ':', '[' or ',' is no level of the next line's record: the value never closes", () => {
    // The next line's `{` may start a value there (records may be pretty-printed), so these read as ever deeper.
    const lines = (line: string) => `${line}\n`.repeat(10);
    expect(jsonNestedBeyond(file("cut-after-colon.jsonl", lines('{"id": 1, "tags":')), 3)).toBeUndefined();
    expect(jsonNestedBeyond(file("cut-after-bracket.jsonl", lines('{"id": 1, "tags": [')), 3)).toBeUndefined();
    expect(jsonNestedBeyond(file("cut-after-list-comma.jsonl", lines('{"id": 1, "tags": [1,')), 3)).toBeUndefined();
    expect(jsonNestedBeyond(file("cut-array-items.json", lines("[1,")), 3)).toBeUndefined();
    // Cut lines between whole ones: the good lines after them are read into the open value, which the end never closes.
    expect(jsonNestedBeyond(file("cut-between.jsonl", `{"id": 0}\n${lines('{"id": 1, "tags":')}{"id": 2}\n`), 3)).toBeUndefined();
    // A deep value that stops being JSON before it closes parses no more than one the file ends in.
    expect(jsonNestedBeyond(file("deep-then-wrong-close.jsonl", '{"a": [[[[1]]]]]\n'), 3)).toBeUndefined();
    expect(jsonNestedBeyond(file("deep-then-cut.jsonl", '{"a": [[[[1]]]], "b": "x\n'), 3)).toBeUndefined();
    // After such lines a deep record is still counted, once it closes; an array file's items are its records.
    expect(jsonNestedBeyond(file("deep-after-colon-cuts.jsonl", `${lines('{"id": 1, "tags":')}]\n{"a": [[[1]]]}\n`), 3)).toEqual({ line: 12 });
    expect(jsonNestedBeyond(file("deep-item-then-cut.json", '[{"a": [[[1]]]},\n{"id": 2, "tags":'), 3)).toEqual({ line: 1 });
  });

  it("a UTF-8 byte order mark before the array is skipped: the array's items are still the records", () => {
    // The mark's bytes were read as the first value: the whole array one record, whose depth was told only once it closed.
    const bom = "\ufeff";
    expect(jsonNestedBeyond(file("bom-deep-item-then-cut.json", `${bom}[{"a": [[[1]]]},\n{"id": 2, "tags":`), 3)).toEqual({ line: 1 });
    expect(jsonNestedBeyond(file("bom-pretty.json", `${bom}[\n {\n  "a": [\n   [\n    1\n   ]\n  ]\n }\n]\n`), 3)).toEqual({ line: 4 });
    expect(jsonNestedBeyond(file("bom-ok.json", `${bom}[{"a": [1]}, {"a": [2]}]`), 3)).toBeUndefined();
    expect(jsonNestedBeyond(file("bom-lines.jsonl", `${bom}{"a": 1}\n{"a": [[[1]]]}\n`), 3)).toEqual({ line: 2 });
  });

  it("reads past its chunk size, and says nothing of a file it cannot open", () => {
    const long = file("long.json", `[${'"x",'.repeat(400_000)}[[[[1]]]]]`);
    expect(jsonNestedBeyond(long, 4)).toEqual({ line: 1 });
    expect(jsonNestedBeyond(join(dir, "missing.json"), 4)).toBeUndefined();
  });
});
