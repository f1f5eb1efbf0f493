import { describe, expect, it } from "vitest";
import { loadText } from "./document.js";
import { unquotedTextHint } from "./unquoted-text.js";

describe("unquotedTextHint", () => {
  const doc = (file: string, text: string) => loadText(file, text).documents[0]!;

  it("says how to quote a number or a bool as written: with its key, or alone in a list", () => {
    const yaml = doc("p.yaml", "id: 0x1F\nname: True\ntags: [2024]\nstatus: active\n");
    expect(unquotedTextHint(yaml, "/id", "text")).toBe(": YAML reads `0x1F` as a number, not as text; quote it (`id: '0x1F'`)");
    expect(unquotedTextHint(yaml, "/name", "text")).toBe(": YAML reads `True` as a bool, not as text; quote it (`name: 'True'`)");
    expect(unquotedTextHint(yaml, "/tags/0", "text")).toBe(": YAML reads `2024` as a number, not as text; quote it (`'2024'`)");
    expect(unquotedTextHint(doc("p.json", '{"id": 7}'), "/id", "text")).toBe(': JSON reads `7` as a number, not as text; quote it (`"id": "7"`)');
  });

  it("gives nothing for text or a list; through an alias, the value as its anchor wrote it", () => {
    const yaml = doc("p.yaml", "a: &n 42\nid: *n\nstatus: active\ntags: [x]\n");
    expect(unquotedTextHint(yaml, "/status", "text")).toBe("");
    expect(unquotedTextHint(yaml, "/tags", "text")).toBe("");
    expect(unquotedTextHint(yaml, "/id", "text")).toBe(": YAML reads `42` as a number, not as text; quote it (`id: '42'`)");
  });
});
