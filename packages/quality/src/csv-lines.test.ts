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

  it("opens a quoted field only where a field starts, as DuckDB does: a quote inside a value or a comment is none", () => {
    const quoting = { quote: QUOTE, escape: QUOTE, delimiter: "," };
    // `5" tall` is a value (DuckDB reads it so): the line breaks after it end rows, and `"q"` below quotes a field.
    expect(csvLineOfRow(file("inches.csv", 'id,n\n1,5" tall\n2,"a\nb"\n3,"q"\n4,x\n'), 5, quoting)).toBe(6);
    // Spaces may come before the quote that opens a field.
    expect(csvLineOfRow(file("spaced.csv", 'id,n\n1, "a\nb"\n2,x\n'), 3, quoting)).toBe(4);
    // A comment runs from its character (outside a quoted field, anywhere on the line) to the line's end.
    const commented = { ...quoting, comment: 0x23 };
    expect(csvLineOfRow(file("mid-comment.csv", 'id,n\n1,a # "note\n2,"b\nc"\n3,y\n4,z\n'), 5, commented)).toBe(6);
    expect(csvLineOfRow(file("spaced-comment.csv", 'id,n\n  # "note\n2,"b\nc"\n3,y\n4,z\n'), 5, commented)).toBe(6);
    // A delimiter of several bytes: a quote after part of one is inside a value.
    expect(csvLineOfRow(file("multi-delimiter.csv", 'id||n\n1|"a\n2||"b\nc"\n3||z\n'), 4, { ...quoting, delimiter: "||" })).toBe(5);
  });

  it("reads a UTF-16 little-endian file (its byte order mark FF FE) in 2-byte units", () => {
    // `Т` (U+0422) is the bytes 22 04 and `Ċ` (U+010A) 0A 01: neither is a quote or a line break.
    const text = 'id,n\n1,Тест\n2,"a\nb"\n3,Ċ\n4,x\n';
    const path = file("utf16.csv", "");
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    expect(csvLineOfRow(path, 4, { quote: QUOTE, escape: QUOTE, delimiter: "," })).toBe(5);
    expect(csvLineOfRow(path, 5, { quote: QUOTE, escape: QUOTE, delimiter: "," })).toBe(6);
  });

  it("says nothing of a file it cannot open", () => {
    expect(csvLineOfRow(join(dir, "missing.csv"), 2, { quote: QUOTE })).toBeUndefined();
  });
});
