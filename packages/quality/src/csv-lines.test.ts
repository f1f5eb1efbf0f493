import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { csvLineOfRow } from "./csv-lines.js";

describe("csvLineOfRow", () => {
  const dir = mkdtempSync(join(tmpdir(), "meshkit-csv-lines-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const QUOTE = 0x22;

  it("counts a quoted field's line breaks as lines of the file, not rows, as DuckDB counts rows in its errors", () => {
    const path = file("multi.csv", 'id,note\n1,"a\nb\nc"\n2,"x"\n3,plain\n');
    expect(csvLineOfRow(path, 1, { quote: QUOTE, escape: QUOTE })).toBe(1);
    expect(csvLineOfRow(path, 2, { quote: QUOTE, escape: QUOTE })).toBe(2);
    expect(csvLineOfRow(path, 3, { quote: QUOTE, escape: QUOTE })).toBe(5);
    expect(csvLineOfRow(path, 4, { quote: QUOTE, escape: QUOTE })).toBe(6);
    // No such row; without a quote character every line is a row.
    expect(csvLineOfRow(path, 5, { quote: QUOTE, escape: QUOTE })).toBeUndefined();
    expect(csvLineOfRow(path, 3, {})).toBe(3);
  });

  it("reads blank lines as rows, \\r\\n and a lone \\r as one line break, escaped quotes as the field's own, and comment lines whole", () => {
    expect(csvLineOfRow(file("blank.csv", "id\n1\n\n2\n"), 4, { quote: QUOTE })).toBe(4);
    expect(csvLineOfRow(file("crlf.csv", 'id,n\r\n1,"a\r\nb"\r\n2,x\r\n'), 3, { quote: QUOTE, escape: QUOTE })).toBe(4);
    expect(csvLineOfRow(file("cr.csv", 'id,n\r1,"a\rb"\r2,x\r'), 3, { quote: QUOTE, escape: QUOTE })).toBe(4);
    // `""` inside a quoted field is a quote of its value; so is `\"` with a backslash for the escape.
    expect(csvLineOfRow(file("doubled.csv", 'id,n\n1,"say ""hi""\nthere"\n2,x\n'), 3, { quote: QUOTE, escape: QUOTE })).toBe(4);
    expect(csvLineOfRow(file("backslash.csv", 'id,n\n1,"say \\"hi\\"\nthere"\n2,x\n'), 3, { quote: QUOTE, escape: 0x5c })).toBe(4);
    expect(csvLineOfRow(file("comment.csv", '# a "quote\nid\n1,"a\nb"\n2\n'), 4, { quote: QUOTE, comment: 0x23 })).toBe(5);
  });

  it("says nothing of a file it cannot open", () => {
    expect(csvLineOfRow(join(dir, "missing.csv"), 2, { quote: QUOTE })).toBeUndefined();
  });
});
