import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { LineCounter, isMap, isNode, isPair, isSeq, parse as parseWithYaml, parseAllDocuments, type Document, type Node } from "yaml";
import { loadText, MAX_ALIAS_COUNT, type Position } from "./document.js";
import { fromPointer, toPointer } from "./pointer.js";
import { wrappedYaml } from "./testing/wrapped-yaml.js";
import { keyNamed } from "./yaml-keys.js";
import { YamlIndex } from "./yaml-locate.js";

// (the lint benchmark's seeded random numbers)
const lintBench = (await import(new URL("../../../bench/lint/generate.mjs", import.meta.url).href)) as { random(seed: number): () => number };

const contract = `apiVersion: v3.1.0
kind: DataContract
id: orders
version: 1.0.0
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
      - name: amount
        logicalType: number
`;

describe("loadText", () => {
  it("reads values and detects the kind by content", () => {
    const { documents, findings } = loadText("c.yaml", contract);
    expect(findings).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(documents[0]!.kind).toEqual({ type: "DataContract", apiVersion: "v3.1.0" });
    expect((documents[0]!.value as { schema: { properties: { name: string }[] }[] }).schema[0]!.properties[1]!.name).toBe("amount");
  });

  it("locates values and keys by JSON pointer, 1-based", () => {
    const [doc] = loadText("c.yaml", contract).documents;
    expect(doc!.locate("/schema/0/properties/1/name")).toMatchObject({ line: 10, column: 15 });
    expect(doc!.locate("/schema/0/properties/1/logicalType", "key")).toMatchObject({ line: 11, column: 9 });
    expect(doc!.locate("/version")).toEqual({ line: 4, column: 10, endLine: 4, endColumn: 15 });
  });

  it("gives a value's source text as written, from either parser (a YAML number 1.0 stays 1.0)", () => {
    for (const text of [contract.replace("version: 1.0.0", "version: 1.0"), contract.replace("version: 1.0.0", "version:\t1.0")]) {
      const [doc] = loadText("c.yaml", text).documents;
      expect(doc!.value).toMatchObject({ version: 1 });
      expect(doc!.sourceAt("/version")).toBe("1.0");
    }
    expect(loadText("c.json", '{"version": 2.50}').documents[0]!.sourceAt("/version")).toBe("2.50");
  });

  it("gives an alias's source text as its anchor wrote it, and locates the alias where the document uses it", () => {
    const text = "ratio: &r 7.0\nlimits: &l {max: 2.50}\ncopy: *r\nnested: *l\n";
    const [doc] = loadText("c.yaml", text).documents;
    expect(doc!.sourceAt("/copy")).toBe("7.0");
    expect(doc!.sourceAt("/nested/max")).toBe("2.50");
    expect(doc!.locate("/copy")).toMatchObject({ line: 3, column: 7 });
    expect(doc!.locate("/nested/max")).toMatchObject({ line: 4, column: 9 });
    // Through merge keys too: own keys first, then the merged mappings in order.
    const merged = loadText("m.yaml", "a: &a {x: 1.0, y: 2}\nb: &b {y: 3.0, z: 4.0}\nc:\n  <<: [*a, *b]\n  x: 5\n").documents[0]!;
    expect(["/c/x", "/c/y", "/c/z"].map((p) => merged.sourceAt(p))).toEqual(["5", "2", "4.0"]);
  });

  it("locates a missing node at its deepest existing ancestor", () => {
    const [doc] = loadText("c.yaml", contract).documents;
    expect(doc!.locate("/schema/0/properties/1/classification")).toMatchObject({ line: 10, column: 9 });
    expect(doc!.locate("/nope/deeper")).toMatchObject({ line: 1, column: 1 });
  });

  it("locates keys of a large mapping, in flow and block style, and a missing one at the mapping", () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const block = `a: 1\nbig:\n${keys.map((k, i) => `  ${k}: ${i}`).join("\n")}\n`;
    const [doc] = loadText("c.yaml", block).documents;
    expect(doc!.locate("/big/k30", "key")).toMatchObject({ line: 33, column: 3 });
    expect(doc!.locate("/big/k39")).toMatchObject({ line: 42, column: 8 });
    expect(doc!.locate("/big/k40")).toMatchObject({ line: 3, column: 3 });
    const [flow] = loadText("c.yaml", `big: {${keys.map((k, i) => `${k}: ${i}`).join(", ")}}\n`).documents;
    expect(flow!.locate("/big/k2", "key")).toMatchObject({ line: 1, column: 21 });
  });

  it("locates a complex key by the property name it becomes, from either parser", () => {
    // js-yaml (most texts) names the property `a,b`; the yaml library (texts with aliases) `[ a, b ]`.
    const [plain] = loadText("k.yaml", "a: 1\nb: 2\n? [a, b]\n: c\n").documents;
    expect([Object.keys(plain!.value as object), plain!.locate("/a,b", "key"), plain!.locate("/a,b")]).toEqual([
      ["a", "b", "a,b"],
      { line: 3, column: 3, endLine: 3, endColumn: 9 },
      { line: 4, column: 3, endLine: 4, endColumn: 4 },
    ]);
    const [aliased] = loadText("k.yaml", "a: &x 1\nb: *x\n? [a, b]\n: c\n").documents;
    expect([Object.keys(aliased!.value as object), aliased!.locate("/[ a, b ]", "key")]).toEqual([["a", "b", "[ a, b ]"], { line: 3, column: 3, endLine: 3, endColumn: 9 }]);
  });

  it("builds findings with position, pointer and docs link", () => {
    const [doc] = loadText("c.yaml", contract).documents;
    const finding = doc!.finding({ ruleId: "x-rule", severity: "warning", message: "m", path: "/id", stage: "lint" });
    expect(finding).toMatchObject({ file: "c.yaml", line: 3, column: 5, path: "/id", ruleId: "x-rule", severity: "warning" });
    expect(finding.docsUrl).toMatch(/docs\/rules\/x-rule\.md$/);
  });

  it("reports a broken construct's parser errors once per position and message, not once per enclosing collection", () => {
    // An unclosed `[` inside an unclosed `{` (in a one-line flow contract): the parser repeats the same error.
    const text = "{apiVersion: v3.1.0, kind: DataContract, schema: [{name: t, properties: [}]}\n";
    const { findings } = loadText("flow.yaml", text);
    const shown = findings.map((f) => `${f.line}:${f.column} ${f.message}`);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual([...new Set(shown)]);
  });

  it("reports a line indented with a tab at the tab alone, not the lines below it, which the parser then misreads as one key", () => {
    const shown = (text: string) => loadText("tab.yaml", text).findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`);
    const contract = "schema:\n  - name: t\n    properties:\n      - name: a\n\tlogicalType: string\n        required: true\n      - name: b\n";
    expect(shown(contract)).toEqual(["yaml-syntax 5:1 YAML syntax error: Tabs are not allowed as indentation"]);
    expect(shown(contract.replace(/\n/g, "\r\n"))).toEqual(["yaml-syntax 5:1 YAML syntax error: Tabs are not allowed as indentation"]);
    // Nor further down, where the misreading ends in "Implicit map keys need to be followed by map values".
    const longer = `${contract}        quality:\n          - metric: nullValues\n            mustBe: 0\n      - name: c\n        logicalType: string\nversion: 1.0.0\n`;
    expect(shown(longer)).toEqual(["yaml-syntax 5:1 YAML syntax error: Tabs are not allowed as indentation"]);
    // Each tab-indented line is still reported, and an error before the tab still is.
    expect(shown("a: [1\nb:\n\tc: 2\n")).toEqual(["yaml-syntax 2:1 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]", "yaml-syntax 3:1 YAML syntax error: Tabs are not allowed as indentation"]);
    expect(shown("a:\n\tb: 1\n\tc: 2\n")).toEqual(["yaml-syntax 2:1 YAML syntax error: Tabs are not allowed as indentation", "yaml-syntax 3:1 YAML syntax error: Tabs are not allowed as indentation"]);
    // A tab-indented list entry is not also "a block sequence used as an implicit map key" at the end of the line above it.
    const entry = "schema:\n  - name: t\n    properties:\n\t  - name: a\n        required: true\n";
    expect(shown(entry)).toEqual(["yaml-syntax 4:1 YAML syntax error: Tabs are not allowed as indentation"]);
    expect(shown(entry.replace(/\n/g, "\r\n"))).toEqual(["yaml-syntax 4:1 YAML syntax error: Tabs are not allowed as indentation"]);
    expect(shown("a:\n  b:\n\n\t- 1\n  c: 2\n")).toEqual(["yaml-syntax 4:1 YAML syntax error: Tabs are not allowed as indentation"]);
  });

  it("caps a document's syntax errors after removing repeats, so repeats do not hide a later, different error", () => {
    // Seven unclosed `[` and seven unclosed `{` give the parser fourteen errors at one place, then an unclosed quote.
    const text = 'a: {{{{{{{[[[[[[[\nb: "x\n';
    const shown = loadText("nested.yaml", text).findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`);
    expect(shown).toEqual([...new Set(shown)]);
    expect(shown).toContain('yaml-syntax 2:4 YAML syntax error: Missing closing "quote');
  });

  it("reports what js-yaml reads and YAML 1.2 refuses as a syntax error, not values located in another tree", () => {
    // A quoted scalar continued on a line indented less than its mapping: js-yaml reads it, `yaml` does not.
    const under = 'sla:\n  - property: endOfLife\n    value: "2042-05-\n12"\n  - property: retention\n    unit: yy\n';
    const { documents, findings } = loadText("under.yaml", under);
    expect(documents).toEqual([]);
    expect(findings[0]).toMatchObject({ ruleId: "yaml-syntax", line: 3, column: 21, message: expect.stringContaining("Missing closing") });
    // Continued at its mapping's indentation or deeper, it is one value.
    const indented = loadText("ok.yaml", 'd:\n  purpose: "a long\n    text"\n');
    expect([indented.findings, indented.documents[0]!.value]).toEqual([[], { d: { purpose: "a long text" } }]);
  });

  it("reports a quoted scalar whose last quote on its line is an escaped one as missing its closing quote, not as the text before it", () => {
    // `''` is a quote in single quotes, `\"` in double ones: the scalar goes on, and the next line is too
    // little indented for it. The `yaml` library ends it at its line and reads `Bob'`, with no error.
    const texts: [string, string][] = [
      ["a: 'Bob''\nb: 'c'\n", "1:4"],
      ['a: "C:\\\\temp\\"\nb: "c"\nd: 1\n', "1:4"],
      ["tags:\n  - 'it''\n  - 'c'\n", "2:5"],
    ];
    for (const [text, at] of texts) {
      const { documents, findings } = loadText("q.yaml", text);
      expect([text, documents, findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`)]).toEqual([text, [], [`yaml-syntax ${at} YAML syntax error: Missing closing ${text.includes("'") ? "'" : '"'}quote`]]);
    }
    // Closed by a quote after escaped ones, or going on over lines indented enough, they are values.
    expect(loadText("q.yaml", "a: 'Bob'''\nb: \"c\\\\\"\nd: 'x''\n  y'\n").documents[0]!.value).toEqual({ a: "Bob'", b: "c\\", d: "x' y" });
  });

  it("reports an empty-key entry (`: value`) indented past its mapping as bad indentation, not as a key \"\"", () => {
    // A line of a plain value that starts with `: `: the value cannot go on there, and the line is no entry of
    // the mapping at its column. The `yaml` library adds it to the mapping under the key "", with no error.
    const texts: [string, string][] = [
      ["description:\n  limitations: What it does not cover,\n   : known gaps and delays.\nname: x\n", "3:4"],
      ["l: cover,\n : known\n", "2:2"],
    ];
    for (const [text, at] of texts) {
      const { documents, findings } = loadText("k.yaml", text);
      expect([text, documents, findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`)]).toEqual([text, [], [`yaml-syntax ${at} YAML syntax error: All mapping items must start at the same column`]]);
    }
    // At the mapping's column (or as a compact mapping's first entry), an empty key is one.
    expect(loadText("k.yaml", "x:\n  : a\n  b: 1\n").documents[0]!.value).toEqual({ x: { "": "a", b: 1 } });
    expect(loadText("k.yaml", "- : a\n  b: 1\n").documents[0]!.value).toEqual([{ "": "a", b: 1 }]);
    expect(loadText("k.yaml", "- &x k: 1\n  : 2\n").documents[0]!.value).toEqual([{ k: 1, "": 2 }]);
  });

  it("reports a syntax error with its position", () => {
    const { documents, findings } = loadText("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n");
    expect(documents).toEqual([]);
    expect(findings[0]).toMatchObject({ ruleId: "yaml-syntax", file: "bad.yaml", severity: "error", stage: "input" });
    expect(findings[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it("refuses collections nested too deep with one finding, and survives nesting that would exhaust memory", () => {
    for (const text of ["[".repeat(20_000), `x: &a 1\ny: *a\nz: ${"[".repeat(20_000)}`, `a:\n  b: ${"[".repeat(150)}1${"]".repeat(150)}\n`]) {
      const { documents, findings } = loadText("deep.yaml", text);
      expect(documents).toEqual([]);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: "yaml-syntax", line: text.startsWith("[") ? 1 : text.startsWith("x") ? 3 : 2, message: expect.stringContaining("nested more than 100 levels") });
    }
    expect(loadText("ok.yaml", `${"[".repeat(50)}1${"]".repeat(50)}`).findings).toEqual([]);
    // …also below a syntax error that stopped js-yaml before it measured them (and with a directive above):
    // `yaml` explained that error over the whole text instead, for seconds, reporting its own stack overflow.
    // (Brackets in a quoted scalar or a comment nest nothing.)
    for (const head of ["", "%YAML 1.2\n---\n"]) {
      const text = `${head}a: b: c\nq: "[[[" # [[[\nx: ${"[".repeat(20_000)}1${"]".repeat(20_000)}\n`;
      const at = head === "" ? 3 : 5;
      expect(loadText("deep.yaml", text).findings.map((f) => `${f.line}:${f.column} ${f.message}`), head).toEqual([`${at}:104 YAML syntax error: collections nested more than 100 levels deep; flatten the document.`]);
    }
    expect(loadText("ok.yaml", `a: b: c\nx: ${"[".repeat(100)}1${"]".repeat(100)}\n`).findings[0]?.message).toMatch(/Nested mappings are not allowed/);
    // Flow collections each left open on its own line (`kN: [a, b`) nest nothing: past a hundred of them, they keep
    // their syntax errors, not "nested more than 100 levels".
    const unclosed = Array.from({ length: 105 }, (_, i) => `k${i}: [a, b`).join("\n");
    const unclosedFindings = loadText("unclosed.yaml", `${unclosed}\n`).findings;
    expect(unclosedFindings.length).toBeGreaterThan(0);
    expect(unclosedFindings.map((f) => f.message).filter((m) => m.includes("nested more than"))).toEqual([]);
    expect(unclosedFindings[0]?.message).toMatch(/Flow sequence in block collection must be sufficiently indented and end with a \]/);
  });

  it("reports duplicate keys at the second key", () => {
    const { findings } = loadText("dup.yaml", "id: a\nversion: 1.0.0\nid: b\n");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "yaml-duplicate-key", line: 3, column: 1 });
  });

  it("names the repeated key and where it first appears, and spans the whole repeated key", () => {
    const text = "kind: DataContract\nschema:\n  - name: orders\n    physicalType: table\n    description: x\n    physicalType: view\n";
    const { findings } = loadText("dup.yaml", text);
    expect(findings).toMatchObject([
      {
        ruleId: "yaml-duplicate-key",
        line: 6,
        column: 5,
        endLine: 6,
        endColumn: 17,
        message: "Duplicate key `physicalType` in a mapping (first at line 4, column 5): keep one entry per key (YAML keys must be unique).",
      },
    ]);
  });

  it("reports duplicate keys in text the yaml library parses (an anchor), in block and flow mappings", () => {
    const { findings } = loadText("dup.yaml", "base: &b {x: 1}\nid: a\nnested:\n  k: 1\n  k: 2\nflow: {a: 1, b: 2, a: 3}\nid: c\n");
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([
      ["yaml-duplicate-key", 5, 3],
      ["yaml-duplicate-key", 6, 20],
      ["yaml-duplicate-key", 7, 1],
    ]);
    // Keys compare by the property they become in the document's value, not by YAML type.
    expect(loadText("keys.yaml", 'base: &b {x: 1}\n1: a\n"1": c\n? [x]\n: d\n? [y]\n: e\n').findings.map((f) => [f.line, f.column])).toEqual([[3, 1]]);
  });

  it("reports two keys that become one property (`1` and \"1\", `true` and \"true\"): the value keeps only the last", () => {
    // With or without an anchor (the fast path hands such text to the yaml library): js-yaml refuses it too.
    for (const anchor of ["", "base: &b 1\n"]) {
      for (const [first, second] of [["1", '"1"'], ["true", "'true'"], ["1.5", '"1.5"']]) {
        const text = `${anchor}id: a\nvalue:\n  ${first}: a\n  ${second}: b\n`;
        const { documents, findings } = loadText("keys.yaml", text);
        expect(documents, text).toEqual([]);
        expect(findings.map((f) => [f.ruleId, f.line - (anchor ? 1 : 0), f.column]), text).toEqual([["yaml-duplicate-key", 4, 3]]);
      }
    }
    // Two equal collection keys too (the value names both `[ x ]`).
    expect(loadText("keys.yaml", "value:\n  ? [x]\n  : a\n  ? [x]\n  : b\n").findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([["yaml-duplicate-key", 4, 5]]);
    // In a flow mapping too, and at the repeated key.
    expect(loadText("flow.yaml", 'value: {1: a, "1": b}\n').findings).toMatchObject([{ ruleId: "yaml-duplicate-key", line: 1, column: 15, message: expect.stringContaining("Duplicate key `1` in a mapping (first at line 1, column 9)") }]);
  });

  it("names a null key `null` on every path: `null` and \"null\" are one property, `~` and \"\" two", () => {
    // An anchor or an alias sends the text to another parser than the fast path: the verdict and the value are the same.
    for (const prefix of ["", "base: &b 1\n", "base: &b 1\nalias: *b\n"]) {
      const shift = prefix.split("\n").length - 1;
      const same = loadText("keys.yaml", `${prefix}null: a\n"null": b\n`);
      expect(same.findings.map((f) => [f.ruleId, f.line - shift, f.column, f.message.slice(0, 28)]), prefix).toEqual([["yaml-duplicate-key", 2, 1, "Duplicate key `null` in a ma"]]);
      const two = loadText("keys.yaml", `${prefix}"": a\n~: b\n`);
      expect(two.findings, prefix).toEqual([]);
      expect(two.documents[0]!.value, prefix).toMatchObject({ "": "a", null: "b" });
    }
  });

  it("takes two merge keys of one mapping for two merges, not a duplicate key", () => {
    for (const prefix of ["", "b: &b {x: 1}\n"]) {
      const { documents, findings } = loadText("merge.yaml", `${prefix}d:\n  <<: {x: 1}\n  <<: {y: 2}\n`);
      expect(findings, prefix).toEqual([]);
      expect(documents[0]!.value, prefix).toMatchObject({ d: { x: 1, y: 2 } });
    }
  });

  it("reports an alias key that repeats a key of its mapping: the value would keep only the last entry", () => {
    const text = "labels: [&n name]\nitem:\n  name: id\n  *n : other\n";
    const { findings } = loadText("alias-key.yaml", text);
    expect(findings).toMatchObject([{ ruleId: "yaml-duplicate-key", line: 4, column: 3, message: expect.stringContaining("Duplicate key `name` in a mapping (first at line 3, column 3)") }]);
    // An alias key that repeats nothing is a key like any other.
    expect(loadText("alias-key.yaml", "labels: [&n name]\nitem:\n  *n : other\n  kind: x\n").findings).toEqual([]);
  });

  it("reads a mapping of many keys in text the yaml library parses in linear time", () => {
    // Each key used to be compared with every earlier one of its mapping: 60,000 keys took half a minute.
    // (No clock here: the quadratic reading would run past the test's own timeout.)
    const text = `base: &b 1\n${Array.from({ length: 60_000 }, (_, i) => `key_${i}: value\n`).join("")}`;
    const { documents, findings } = loadText("many.yaml", text);
    expect(findings).toEqual([]);
    expect(Object.keys(documents[0]!.value as object)).toHaveLength(60_001);
  });

  it("refuses alias bombs within the alias limit instead of expanding them", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    // Bounded: expanded, it would never finish (and run past the test's own timeout).
    const { documents, findings } = loadText("bomb.yaml", lines.join("\n"));
    expect(documents).toEqual([]);
    expect(findings[0]).toMatchObject({ ruleId: "yaml-alias-limit", severity: "error" });
    expect(findings[0]!.message).toContain(String(MAX_ALIAS_COUNT));
  });

  it.each([
    ["a list", "name: orders\ntags: &t [logistics, *t]\n", 2, 22],
    ["a mapping", "a: &m\n  b: 1\n  c: *m\n", 3, 6],
    ["a nested alias", "a: &o\n  - x: [1, {y: *o}]\n", 2, 16],
  ])("refuses an alias inside the node it names (%s): a cycle, at the alias", (_name, text, line, column) => {
    const { documents, findings } = loadText("cycle.yaml", text);
    expect(documents).toEqual([]);
    expect(findings).toMatchObject([{ ruleId: "yaml-alias-limit", line, column, message: expect.stringContaining("refers to a node that contains it") }]);
  });

  it("reads an alias to an earlier sibling, and to a redefined anchor, as values", () => {
    expect(loadText("ok.yaml", "a: &x [1]\nb: [*x, *x]\n").documents[0]!.value).toEqual({ a: [1], b: [[1], [1]] });
    expect(loadText("ok.yaml", "a: &t [&t 1, *t]\n").documents[0]!.value).toEqual({ a: [1, 1] });
  });

  it.each([
    ["a double quote", 'a: 1\nb: 2\nc: 3\nname: "unclosed\nd: 4\ne: 5\n', 4, 7],
    ["a single quote", "a: 1\nname: 'it''s\nb: 2\n", 2, 7],
    ["a flow sequence", "apiVersion: v3.1.0\nkind: DataContract\nname: [unclosed\n", 3, 7],
    ["a flow mapping in a list", "a:\n  - {b: 1, c: [1, 2]\n", 2, 5],
  ])("points at where %s left open begins, not past the end of the file", (_what, text, line, column) => {
    const { findings } = loadText("open.yaml", text);
    expect(findings).toEqual([expect.objectContaining({ ruleId: "yaml-syntax", line, column })]);
  });

  it("reports an alias without an anchor as a syntax error at that alias, not as an alias bomb", () => {
    const { documents, findings } = loadText("alias.yaml", "base: &b {x: 1}\nother: *b\ntenant: *nope\n");
    expect(documents).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ ruleId: "yaml-syntax", line: 3, column: 9 })]);
    expect(findings[0]!.message).toMatch(/^YAML syntax error: Unresolved alias .*nope; define the anchor \(&name\) before the alias/);
  });

  it("keeps a few harmless aliases", () => {
    const { documents, findings } = loadText("ok.yaml", "base: &b {x: 1}\nother: *b\n");
    expect(findings).toEqual([]);
    expect(documents[0]!.value).toEqual({ base: { x: 1 }, other: { x: 1 } });
  });

  it("merges `<<` keys as the YAML tools contracts are written with do, on either parser's path (an alias or a flow mapping)", () => {
    const viaAlias = "base: &b {logicalType: string, required: true}\nprop:\n  <<: *b\n  name: id\n  required: false\n";
    const inline = "prop:\n  <<: [{logicalType: string}, {logicalType: integer, unique: true}]\n  name: id\n";
    expect(loadText("a.yaml", viaAlias).documents[0]!.value).toEqual({ base: { logicalType: "string", required: true }, prop: { logicalType: "string", required: false, name: "id" } });
    expect(loadText("b.yaml", inline).documents[0]!.value).toEqual({ prop: { logicalType: "string", unique: true, name: "id" } });
    // A merged value is located at the mapping it was merged into.
    expect(loadText("a.yaml", viaAlias).documents[0]!.locate("/prop/logicalType")).toMatchObject({ line: 3 });
    // One merged from a mapping written inline is located at the value itself, as written in the braces.
    expect(loadText("b.yaml", inline).documents[0]!.locate("/prop/unique")).toMatchObject({ line: 2, column: 62 });
    const single = "p:\n  - name: c\n    <<: {logicalType: strng}\n";
    expect(loadText("c.yaml", single).documents[0]!.locate("/p/0/logicalType")).toMatchObject({ line: 3, column: 23, endColumn: 28 });
    // A merge key whose value is no mapping is a syntax error at the key; quoted, `'<<'` is a plain key.
    for (const text of ["a: 1\nb:\n  <<: foo\n", "a: 1\nb:\n  <<: [1, 2]\n", "a: &s x\nb:\n  <<: *s\n"]) {
      const { documents, findings } = loadText("m.yaml", text);
      expect([text, documents, findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`)]).toEqual([text, [], ["yaml-syntax 3:3"]]);
    }
    expect(loadText("q.yaml", "b:\n  '<<': foo\n").documents[0]!.value).toEqual({ b: { "<<": "foo" } });
  });

  it("reports the merge key that cannot merge, not the document's first one", () => {
    const text = "d: &d {logicalType: string}\np:\n  - <<: *d\n    name: a\n  - name: b\n    <<: [*d, 5]\n";
    const { documents, findings } = loadText("m.yaml", text);
    expect([documents, findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`)]).toEqual([[], ["yaml-syntax 6:5"]]);
    expect(findings[0]!.message).toMatch(/^YAML syntax error: a merge key \(`<<`\) takes a mapping/);
  });

  it("reports a merge key's alias without an anchor as an unresolved alias, at that alias", () => {
    // A misspelt anchor, one set only further down, and one in a list of merge sources.
    for (const [text, line, column] of [
      ["d: &d {x: 1}\np:\n  - <<: *dd\n    name: a\n", 3, 9],
      ["p:\n  - name: a\n    <<: *later\nlater: &later {x: 1}\n", 3, 9],
      ["d: &d {x: 1}\np:\n  <<: [*d, *nope]\n", 3, 12],
    ] as const) {
      const { documents, findings } = loadText("m.yaml", text);
      expect([text, documents, findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`)]).toEqual([text, [], [`yaml-syntax ${line}:${column}`]]);
      expect(findings[0]!.message).toMatch(/^YAML syntax error: Unresolved alias \(the anchor must be set before the alias\): \w+; define the anchor \(&name\) before the alias/);
    }
  });

  it("treats an empty file as one empty document", () => {
    for (const text of ["", "# only a comment\n"]) {
      const { documents, findings } = loadText("empty.yaml", text);
      expect(findings).toEqual([]);
      expect(documents).toHaveLength(1);
      expect(documents[0]!.value).toBeNull();
      expect(documents[0]!.kind).toEqual({ type: "other", reason: "not-a-mapping" });
    }
  });

  it("holds a .json file to strict JSON (a trailing comma or a comment is YAML, not JSON), at the position", () => {
    const { documents, findings } = loadText("c.odcs.json", '{\n  "apiVersion": "v3.1.0",\n  "kind": "DataContract",\n}\n');
    expect(documents).toEqual([]);
    // At the trailing comma itself, not at the `}` on the next line that JSON.parse stopped at.
    expect(findings).toEqual([expect.objectContaining({ ruleId: "yaml-syntax", line: 3, column: 25 })]);
    expect(findings[0]!.message).toBe("Not valid JSON: trailing comma before `}`; remove it (a .json file must be strict JSON: no trailing commas, comments or unquoted keys).");
    expect(loadText("c.odcs.json", '{"kind": "DataContract"} # note\n').findings.map((f) => f.ruleId)).toEqual(["yaml-syntax"]);
    // A comma followed by a comment: the comment is what JSON.parse stops at, and what is said.
    expect(loadText("c.odcs.json", '{"a": 1, // x\n}').findings).toEqual([expect.objectContaining({ line: 1, column: 10 })]);
    // Valid JSON reads as before; the same text in a .yaml file is YAML.
    expect(loadText("c.odcs.json", '{"kind": "DataContract", "id": "x"}\n').documents[0]!.value).toEqual({ kind: "DataContract", id: "x" });
    expect(loadText("c.odcs.yaml", '{"kind": "DataContract",}\n').findings).toEqual([]);
    expect(loadText("empty.json", "").findings).toEqual([]);
  });

  it.each([
    ["a bad literal (CRLF lines)", '{\r\n  "a": 1,\r\n  "b": tru\r\n}\r\n', 3, 11, 'Unexpected token "\\r"'],
    ["a single-quoted string", "{\"id\": 'x'}", 1, 8, `Unexpected token "'"`],
    ["an unquoted value", '{"apiVersion": "v3.1.0", "kind": DataContract}', 1, 34, 'Unexpected token "D"'],
    ["an early end", '{\n  "a": [1, tr', 2, 14, "Unexpected end of JSON input"],
    ["text after the value", '{"a": 1}\n}\n', 2, 1, "Unexpected non-whitespace character after JSON"],
    ["a trailing comma in a list", '{"tags": [\n  "a",\n  "b",\n  ]\n}', 3, 6, "trailing comma before `]`; remove it"],
    ["a no-break space pasted in as indentation", '{\n  "a": 1,\n \u00a0"b": 2\n}', 3, 2, "invisible character \\u00a0 (U+00A0), which JSON does not read as white space; delete it or type a plain space"],
    ["a zero-width space after a colon", '{"kind":\u200b"DataContract"}', 1, 9, "invisible character \\u200b (U+200B), which JSON does not read as white space; delete it or type a plain space"],
    ["a trailing comma in an object, CRLF lines", '{"team": {"name": "x",\r\n  }\r\n}', 1, 22, "trailing comma before `}`; remove it"],
  ])("points at the offending character of a .json file, with the reason alone, for %s", (_name, text, line, column, reason) => {
    const { findings } = loadText("c.odcs.json", text);
    expect(findings).toEqual([expect.objectContaining({ ruleId: "yaml-syntax", line, column })]);
    expect(findings[0]!.message).toBe(`Not valid JSON: ${reason} (a .json file must be strict JSON: no trailing commas, comments or unquoted keys).`);
  });

  it("says a .json file of Terraform's machine-readable output (`terraform plan -json`) is no plan, and how to write one", () => {
    const stream = '{"@level":"info","@message":"Terraform 1.9.8","type":"version"}\n{"@level":"info","@message":"aws_s3_bucket.raw: Plan to create","type":"planned_change"}\n';
    const { documents, findings } = loadText("plan.json", stream);
    expect(documents).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ ruleId: "yaml-syntax", line: 2, column: 1 })]);
    expect(findings[0]!.message).toBe(
      "Not valid JSON: one JSON message per line, the machine-readable output of `terraform plan -json` (or `apply -json`), not a plan; check the plan's JSON form: `terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json`.",
    );
    // Other text after a first value keeps the parser's reason.
    expect(loadText("a.json", '{"a": 1}\n{"b": 2}\n').findings[0]!.message).toContain("Unexpected non-whitespace character after JSON");
  });

  it("refuses a control character (not allowed in YAML 1.2, even quoted) at its position", () => {
    const { documents, findings } = loadText("c.yaml", "a: 1\nname: orders\u0007x\n");
    expect(documents).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ ruleId: "yaml-syntax", line: 2, column: 13 })]);
    expect(findings[0]!.message).toBe('YAML syntax error: control character U+0007 is not allowed in YAML; remove it, or write it as an escape in a double-quoted string ("\\x07").');
    // Tabs, line ends and printable text are fine.
    expect(loadText("ok.yaml", "a:\t1\r\nb: \"x\\ty\"\n").findings).toEqual([]);
  });

  it("refuses a tag it cannot resolve, at the tag, instead of reading the value under it as if untagged", () => {
    for (const tag of ["!!python/object:os.system", "!custom"]) {
      const { documents, findings } = loadText("t.yaml", `a: 1\ntenant: ${tag} acme\n`);
      expect(documents).toEqual([]);
      expect(findings).toEqual([expect.objectContaining({ ruleId: "yaml-syntax", line: 2, column: 9 })]);
      // The tag as written, not as the parser expands it (`tag:yaml.org,2002:python/object:os.system`).
      expect(findings[0]!.message).toBe(`YAML syntax error: Unresolved tag: ${tag}; meshkit documents are plain YAML data, remove the tag.`);
    }
    expect(loadText("t.yaml", "a: !!str 5\n").documents[0]!.value).toEqual({ a: "5" });
  });

  it("says how to write a CloudFormation template's short-form functions (!Ref, !Sub, !GetAtt), rather than to remove them", () => {
    const template = "Resources:\n  Raw:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::AccountId}-raw'\n      Tags:\n        - {Key: Domain, Value: !Ref Domain}\n";
    const { documents, findings } = loadText("cfn.yaml", template);
    expect(documents).toEqual([]);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "5:19 YAML syntax error: Unresolved tag: !Sub, CloudFormation's short form of `Fn::Sub`; meshkit reads plain YAML data: write the full form (`Fn::Sub: …`, the same template to CloudFormation), or check the template as JSON.",
      "7:32 YAML syntax error: Unresolved tag: !Ref, CloudFormation's short form of `Ref`; meshkit reads plain YAML data: write the full form (`Ref: …`, the same template to CloudFormation), or check the template as JSON.",
    ]);
  });

  it("reads the YAML 1.2 core schema's tags on every value each resolves, and refuses the rest at the tag", () => {
    const resolved = "a: !!float 1\nb: !!float -7\nc: !!float '2'\nd: !!int 0x1F\ne: !!int 0o17\nf: !!bool True\ng: !!null ~\nh: !!str 5\n";
    const expected = { a: 1, b: -7, c: 2, d: 31, e: 15, f: true, g: null, h: "5" };
    // Both paths: js-yaml's (the values), and the `yaml` library's that an alias sends the text to.
    for (const text of [resolved, `${resolved}i: &x 1\nj: *x\n`]) {
      const { documents, findings } = loadText("t.yaml", text);
      expect(findings).toEqual([]);
      expect(documents[0]!.value).toMatchObject(expected);
      expect(documents[0]!.locate("/b")).toEqual({ line: 2, column: 12, endLine: 2, endColumn: 14 });
    }
    // Not core-schema text for its tag: `0x1F` is no float, `1.0` no int, `yes` no bool in YAML 1.2.
    for (const value of ["!!float 0x1F", "!!int 1.0", "!!int -0x1", "!!bool yes"]) {
      const { documents, findings } = loadText("t.yaml", `a: 1\nb: ${value}\n`);
      expect(documents).toEqual([]);
      expect(findings).toEqual([expect.objectContaining({ ruleId: "yaml-syntax", line: 2, column: 4 })]);
    }
  });

  it("says which value a core tag does not take, and what the tag takes: the tag is known, not to be removed as unknown", () => {
    const message = (value: string) => loadText("t.yaml", `a: 1
b: ${value}
`).findings.map((f) => `${f.line}:${f.column} ${f.message}`);
    expect(message("!!int abc")).toEqual([
      "2:4 YAML syntax error: `abc` is tagged `!!int` but is not an integer as YAML 1.2 reads it; write an integer (42, -7, 0x1F, 0o17), or remove the tag (and quote the value to keep it as text).",
    ]);
    expect(message("!!bool 'yes'")).toEqual(["2:4 YAML syntax error: `'yes'` is tagged `!!bool` but is not a boolean as YAML 1.2 reads it; write true or false, or remove the tag."]);
    expect(message("!<tag:yaml.org,2002:float> 0x1F")).toEqual([expect.stringContaining("`0x1F` is tagged `!<tag:yaml.org,2002:float>` but is not a number as YAML 1.2 reads it; write a number")]);
    expect(message("!!null x")).toEqual([expect.stringContaining("`x` is tagged `!!null` but is not null as YAML 1.2 reads it; write null, ~ or nothing")]);
    expect(message("!!int")).toEqual([expect.stringContaining("an empty value is tagged `!!int` but is not an integer")]);
    expect(message("!!str {k: 1}")).toEqual(["2:4 YAML syntax error: `!!str` tags text, but the value is a mapping; remove the tag."]);
    expect(message("!!map x")).toEqual([expect.stringContaining("`x` is tagged `!!map` but is not a mapping as YAML 1.2 reads it")]);
    // Each value of a flow list at its own tag, on either path (an alias sends the text to the `yaml` library anyway).
    expect(message("[!!int x, !!float y]\nc: &z 1\nd: *z")).toEqual([
      expect.stringMatching(/^2:5 YAML syntax error: `x` is tagged `!!int`/),
      expect.stringMatching(/^2:14 YAML syntax error: `y` is tagged `!!float`/),
    ]);
  });

  it("reads YAML 1.1 tags (!!set, !!omap, !!binary, !!timestamp) as the plain value written, never a Set, Map, Buffer or Date", () => {
    const { documents, findings } = loadText("t.yaml", "a: !!set {x, y}\nb: !!omap [{k: 1}]\nc: !!binary aGVsbG8=\nd: !!timestamp 2024-01-01\n");
    expect(findings).toEqual([]);
    expect(documents[0]!.value).toEqual({ a: { x: null, y: null }, b: [{ k: 1 }], c: "aGVsbG8=", d: "2024-01-01" });
  });

  it("reads multi-document streams with positions per document", () => {
    const { documents } = loadText("multi.yaml", "kind: A\n---\nkind: DataProduct\napiVersion: v1.0.0\nid: p\n");
    expect(documents).toHaveLength(2);
    expect(documents[1]!.kind.type).toBe("DataProduct");
    expect(documents[1]!.locate("/id")).toMatchObject({ line: 5, column: 5 });
  });

  it("reads JSON documents", () => {
    const { documents } = loadText("c.json", '{"kind": "DataContract", "apiVersion": "v3.0.2", "id": "x"}');
    expect(documents[0]!.kind).toEqual({ type: "DataContract", apiVersion: "v3.0.2" });
    expect(documents[0]!.locate("/id")).toMatchObject({ line: 1, column: 56 });
  });

  it("reads a sequence entry that is an empty entry (`- -`) as the yaml library does (js-yaml folds the next sibling into it)", () => {
    expect(loadText("s.yaml", "- -\n- 0\n").documents[0]!.value).toEqual([[null], 0]);
    expect(loadText("s.yaml", "a:\n  - -  # empty\n  - 0\n").documents[0]!.value).toEqual({ a: [[null], 0] });
    expect(loadText("s.yaml", "- - x\n- 0\n").documents[0]!.value).toEqual([["x"], 0]);
    // The same, written over two lines: an entry with nothing after its dash, and one more indented below.
    expect(loadText("s.yaml", "-\n  -\n- a\n").documents[0]!.value).toEqual([[null], "a"]);
    expect(loadText("s.yaml", "k:\n  -\n    -\n  - x\n").documents[0]!.value).toEqual({ k: [[null], "x"] });
    const invalid = loadText("s.yaml", "a:\n  -\n- b\n");
    expect([invalid.documents, [...new Set(invalid.findings.map((f) => f.ruleId))]]).toEqual([[], ["yaml-syntax"]]);
  });

  it("gives the same values as the yaml library (YAML 1.2 core schema) on generated documents", () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom("0b101", "0o17", "0x1F", "1_000", "2024-01-31", "yes", "no", "~", ".inf", "-.Inf", "1e3", "+12", "010", "null", "True", "NO"),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.string({ minLength: 1 }), tie("node"), { maxKeys: 4 })),
    })).node;
    let compared = 0;
    fc.assert(
      fc.property(tree, fc.boolean(), (value, flow) => {
        // Serialize plain scalars (strings written unquoted when they look like other types) to probe both parsers.
        const text = toYaml(value, flow);
        const ours = loadText("p.yaml", text);
        let reference: unknown;
        try {
          reference = parseWithYaml(text, { uniqueKeys: true });
        } catch {
          return; // text the reference rejects is not a case for value agreement
        }
        expect(ours.findings).toEqual([]);
        expect(ours.documents[0]!.value).toEqual(reference === undefined ? null : reference);
        compared++;
      }),
      { numRuns: 500 },
    );
    // The writer must produce mostly valid YAML, or this test would prove little.
    expect(compared).toBeGreaterThan(300);
  });
});

describe("locate", () => {
  it("gives the positions of the yaml library's AST on generated documents of every style", () => {
    let indexed = 0;
    let lookups = 0;
    fc.assert(
      fc.property(styledStream, (text) => {
        if (YamlIndex.of(text)) indexed++;
        lookups += expectSamePositions(text);
      }),
      { numRuns: 700 },
    );
    // Many generated texts must take the index (the rest, with anchors, empty values by comments, `- # c`
    // and the like, take the AST), or this would only test the fallback.
    expect(indexed).toBeGreaterThan(200);
    expect(lookups).toBeGreaterThan(20_000);
  });

  it("gives the positions of the yaml library's AST for edge cases of the index", () => {
    const texts = [
      "a:\n- x\n-\n- y: 1\n  z:\n  - w\nb: c\n",
      "f:  \ng: 1",
      "a: b  ",
      "- \n-  \n- x",
      "g: |-\n  x\n\n\nh: >\n  y\n   z\n  w\n# c\n",
      "# c\n---\na: 1\n---\n- 2\n",
      "a: 1\n---\n",
      "---\n---\na: 1\n",
      "a:\n  b: 1\n  # c\n\nd: 2 # e\n",
      "'it''s': \"q\\\"\"\n\"k\\u0041\": [1, {a: b, 'c': \"d\"}, [], {}] # x\n",
      '{"a": {"b": [1, 2.5e3, null, true, "x\\ny"]},\n "c": {}, "d": []}\n',
      "[1, 2]\n",
      "a: b:c\nd: http://e\n",
      // comment lines after a collection's last value: the value's, when indented past its collection
      "k0: x\n    # c\n  # d\n# e\n    # f",
      "a:\n  b:\n    c: x\n      # c\n  d: 1\n",
      "a:\n  b:\n    c: x\n    # c\n  d: 1\n",
      "- a: x\n   # c\n  # d\n",
      "a: [x]\n  # c\n",
      "a: [b c, d]\n",
      "1: x\ntrue: y\nnull: z\n'1': w\n",
      "a: &x 1\nb: *x\n",
      "? a\n: b\n",
      "a: b\n  c\n",
      "a:\tb\n",
      "a: b\r\nc: d\r\n",
      "",
      "# only a comment\n",
      "plain scalar\n",
    ];
    for (const text of texts) expectSamePositions(text.replace(/\\n/g, "\n"));
  });

  it("ends a block scalar at a last line of spaces more indented than its text, as the AST does (a line of the text, not an empty one)", () => {
    // DataHub's dataproduct.yaml with a line of spaces left after its `|-` description, as an editor leaves one.
    const texts = [
      "id: p\ndescription: |-\n  This campaign includes Pet of the Week data.\n   \nassets:\n  - urn:li:container:DATABASE\n",
      "d: |\n  x\n    \n  \na: 1\n",
      "d: >-\n  x\n   \n",
      "- |\n  x\n   \n- y\n",
    ];
    expectIndexedAtAstPositions(texts);
    const [doc] = loadText("dataproduct.yaml", texts[0]!).documents;
    expect(doc!.locate("/description")).toEqual({ line: 2, column: 14, endLine: 5, endColumn: 1 });
    expect(doc!.sourceAt("/description")).toBe("|-\n  This campaign includes Pet of the Week data.\n   \n");
  });

  it("indexes plain and quoted scalars over several lines, with the yaml library's AST's positions", () => {
    const texts = [
      "description: This table holds one row per order placed in the web shop, including\n  cancelled orders and test orders flagged by the is_test column.\nname: orders\n",
      "a: one  \n  two\n\n    three\n   \n\n  four # c\n  # d\nb: five\n six\n\n# e\n",
      "- one\n two\n- a: one\n   two\n  b: x\n- k:\n  - one\n   two\n",
      "a: 'it''s\n\n  one '' two'  # c\nb: \"x\\ty\\\n    z \\\n  \\ w\n\n\n  # v\"\nc:\n- 'one\n two'\n- \"a\n  b\" # c\n",
    ];
    expectIndexedAtAstPositions(texts);
    const [doc] = loadText("c.yaml", texts[0]!).documents;
    expect(doc!.locate("/description")).toEqual({ line: 1, column: 14, endLine: 2, endColumn: 66 });
  });

  it("gives the positions of the yaml library's AST on texts with strings wrapped over several lines", () => {
    const rand = lintBench.random(80);
    let indexed = 0;
    const runs = 1500;
    for (let run = 0; run < runs; run++) {
      const text = wrappedYaml(rand);
      if (YamlIndex.of(text)) indexed++;
      expectSamePositions(text);
    }
    // (about half has words that end a plain scalar, or lines too little indented: the AST's, or an error)
    expect(indexed).toBeGreaterThan(runs * 0.4);
  });

  it("gives the positions of the yaml library's AST on every example and reference document", () => {
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
    const files = [path.join(repoRoot, "examples"), path.resolve(repoRoot, "../shared/reference")].flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .map((f) => path.join(dir, f)),
    );
    let indexed = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      if (YamlIndex.of(text)) indexed++;
      expectSamePositions(text);
    }
    expect(files.length).toBeGreaterThan(40);
    expect(indexed).toBeGreaterThan(files.length * 0.9);
  });

  it("counts a lone CR as the line break the parsers read it as", () => {
    const text = "apiVersion: v3.1.0\rkind: DataContract\rid: z\rversion: 1.0.0\rstatus: active\rschema: 5\r";
    const { documents, findings } = loadText("cr.odcs.yaml", text);
    expect(findings).toEqual([]);
    expect(documents[0]!.locate("/schema")).toEqual({ line: 6, column: 9, endLine: 6, endColumn: 10 });
    // (an alias takes the yaml library's parser, which reads a lone CR as no line break at all)
    const aliased = loadText("cr.yaml", "a: &x 1\rb: *x\r");
    expect([aliased.findings, aliased.documents[0]!.value, aliased.documents[0]!.locate("/b")]).toEqual([[], { a: 1, b: 1 }, { line: 2, column: 4, endLine: 2, endColumn: 6 }]);
  });

  it("tries the index once for text outside its subset, not once per position asked (a large contract with many findings)", () => {
    // A plain scalar continued on the next line in a flow collection is outside the index's subset: the AST gives positions.
    const text = "apiVersion: v3.1.0\nkind: DataContract\nid: z\ntags: [a\n  b]\nschema:\n  - name: t\n";
    const { documents } = loadText("c.odcs.yaml", text);
    const tries = vi.spyOn(YamlIndex, "of");
    try {
      for (let i = 0; i < 3; i++) {
        expect(documents[0]!.locate("/schema/0/name")).toMatchObject({ line: 7, column: 11 });
        expect(documents[0]!.sourceAt("/id")).toBe("z");
      }
      expect(tries).toHaveBeenCalledTimes(1);
    } finally {
      tries.mockRestore();
    }
  });

  it("gives the same values, lines and columns whether lines end in LF, CR or CRLF", () => {
    fc.assert(
      fc.property(styledStream, fc.constantFrom("\r", "\r\n"), (text, lineBreak) => {
        // (CRLF text takes js-yaml, and the yaml library when it has a lone dash, which reads a `null` key
        // as "" where the subset parser and js-yaml read "null": a difference of its own)
        fc.pre(!/\bnull:/.test(text));
        const expected = valuesAndPositions(text);
        expect(valuesAndPositions(text.replace(/\n/g, lineBreak)), JSON.stringify(text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the positions of the yaml library's AST on generated documents of the plain writer", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, flow) => {
        expectSamePositions(toYaml(value, flow));
      }),
      { numRuns: 300 },
    );
  });
});

/** Compares `locate` with the `yaml` AST's ranges for every pointer of every document, a missing child of each, and keys; returns the lookups done. */
/** Each text is inside the index's subset, and located as the AST locates it. */
function expectIndexedAtAstPositions(texts: string[]): void {
  for (const text of texts) {
    expect(YamlIndex.of(text), text).toBeDefined();
    expectSamePositions(text);
  }
}

function expectSamePositions(text: string): number {
  const { documents } = loadText("p.yaml", text);
  const lineCounter = new LineCounter();
  const ast = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  let lookups = 0;
  const mismatches: string[] = [];
  for (const doc of documents) {
    const pointers: string[] = [];
    const walk = (value: unknown, path: (string | number)[]): void => {
      pointers.push(toPointer(path), toPointer([...path, "missing"]), toPointer([...path, 0]));
      if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(doc.value, []);
    for (const pointer of pointers) {
      for (const target of ["value", "key"] as const) {
        // (one expect per text: vitest's are too slow for hundreds of thousands of lookups)
        const ours = JSON.stringify(doc.locate(pointer, target));
        const reference = JSON.stringify(astLocate(ast[doc.index], lineCounter, pointer, target));
        if (ours !== reference) mismatches.push(`${pointer} (${target}): ${ours}, AST ${reference}`);
        lookups++;
      }
    }
  }
  expect(mismatches, JSON.stringify(text)).toEqual([]);
  return lookups;
}

/** Every document's value, and the position of every node in it, value and key, as `loadText` gives them. */
function valuesAndPositions(text: string): unknown[] {
  const { documents, findings } = loadText("p.yaml", text);
  const positions = (doc: (typeof documents)[number], value: unknown, path: (string | number)[]): Position[] => [
    doc.locate(toPointer(path)),
    doc.locate(toPointer(path), "key"),
    ...(value !== null && typeof value === "object" ? Object.entries(value).flatMap(([k, v]) => positions(doc, v, [...path, k])) : []),
  ];
  return [findings.map((f) => [f.ruleId, f.line, f.column]), ...documents.map((doc) => [doc.value, positions(doc, doc.value, [])])];
}

/** The lookup as it was done on the `yaml` AST alone: the reference for the index. */
function astLocate(doc: Document.Parsed | undefined, lineCounter: LineCounter, pointer: string, target: "key" | "value"): Position {
  if (!doc?.contents) return { line: 1, column: 1 };
  let node: Node = doc.contents;
  let keyNode: Node | undefined;
  for (const segment of fromPointer(pointer)) {
    let next: { key?: Node; value: Node } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyNamed(p.key, segment, doc));
      const value = pair && (isNode(pair.value) ? pair.value : isNode(pair.key) ? pair.key : undefined);
      next = value ? { key: isNode(pair.key) ? pair.key : undefined, value } : undefined;
    } else if (isSeq(node)) {
      const i = Number(segment);
      const item = Number.isInteger(i) ? node.items[i] : undefined;
      next = isNode(item) ? { value: item } : undefined;
    }
    if (!next) {
      keyNode = undefined;
      break;
    }
    node = next.value;
    keyNode = next.key;
  }
  const range = (target === "key" && keyNode ? keyNode : node).range ?? [0, 0, 0];
  const start = lineCounter.linePos(range[0]);
  const end = lineCounter.linePos(Math.max(range[0], range[1]));
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

const plainString = fc.stringMatching(/^[a-z][a-z0-9_ .:/#-]{0,12}$/);
const keyString = fc.oneof({ weight: 4, arbitrary: plainString }, fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom("1", "true", "null", "it's", "a: b", "#x", "-"));
const styledScalar = fc.oneof(plainString, fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom("multi\nline\n", "x\n\ny", " lead", "a #b", "a: b", "[x]"));
const styledTree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, styledScalar, fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(keyString, tie("node"), { maxKeys: 4 })),
})).node;
/** A stream of 1–3 documents, each written in a mix of YAML styles chosen by `style` (or as JSON). */
const styledStream = fc
  .tuple(fc.array(fc.oneof(fc.dictionary(plainString, styledTree, { minKeys: 1, maxKeys: 6 }), styledTree), { minLength: 1, maxLength: 3 }), fc.array(fc.nat(11), { minLength: 64, maxLength: 64 }), fc.boolean())
  .map(([docs, style, lead]) => {
    let at = 0;
    const pick = (): number => style[at++ % style.length]!;
    const texts = docs.map((value) => (pick() === 0 ? JSON.stringify(value, null, pick() % 3) : styledYaml(value, pick, "").replace(/^\n/, "")));
    return (lead ? "# lead\n---\n" : "") + texts.join("\n---\n") + (pick() % 2 ? "\n" : "");
  });

function styledYaml(value: unknown, pick: () => number, indent: string): string {
  const comment = (): string => (pick() === 1 ? " # c" : "");
  const gap = (): string => (pick() === 2 ? `\n${indent}# between\n` : pick() === 3 ? "\n" : "");
  const scalar = (v: unknown, block: boolean): string => {
    if (typeof v === "string") {
      const choice = pick();
      if (block && choice < 2 && v.trim() !== "" && !v.startsWith(" ")) return `${choice === 0 ? "|" : ">-"}\n${v.split("\n").map((l) => (l ? `${indent}  ${l}` : "")).join("\n")}`;
      if (choice < 5 && /^[a-z][a-z0-9_ .:/#-]*$/.test(v) && !/[: ]$|: | #/.test(v)) return v;
      if (choice < 8 && !v.includes("\n")) return `'${v.replace(/'/g, "''")}'`;
      return JSON.stringify(v);
    }
    return v === null && block && pick() < 6 ? "" : String(v);
  };
  const key = (k: string): string => (/^[a-z][a-z0-9_]*$/.test(k) && pick() < 8 ? k : pick() < 6 ? `'${k.replace(/'/g, "''")}'` : JSON.stringify(k));
  const flow = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(flow).join(", ")}]`;
    if (v !== null && typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `${key(k)}: ${flow(x)}`).join(", ")}}`;
    return scalar(v, false) || "null";
  };
  if (Array.isArray(value)) {
    if (value.length === 0 || pick() === 4) return flow(value) + comment();
    return "\n" + value.map((v) => `${gap()}${indent}- ${styledYaml(v, pick, indent + "  ").replace(/^\n\s*/, "")}`).join("\n");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0 || pick() === 4) return flow(value) + comment();
    return (
      "\n" +
      entries
        .map(([k, v]) => {
          // A sequence under a key may sit at the key's own indentation.
          const same = Array.isArray(v) && v.length > 0 && pick() < 4;
          const text = styledYaml(v, pick, same ? indent : indent + "  ");
          return `${gap()}${indent}${key(k)}:${text.startsWith("\n") || text === "" ? "" : " "}${text}`;
        })
        .join("\n")
    );
  }
  const text = scalar(value, true);
  return text.startsWith("|") || text.startsWith(">") || text === "" ? text : text + comment();
}

/** A YAML writer that leaves strings plain (unquoted) whenever YAML allows, to exercise scalar resolution. */
function toYaml(value: unknown, flow: boolean, indent = ""): string {
  const scalarText = (v: unknown): string => {
    if (typeof v !== "string") return v === null ? "null" : Number.isNaN(v) ? ".nan" : String(v);
    return /^[A-Za-z0-9_.+~-][A-Za-z0-9_. +~-]*$/.test(v) && !v.endsWith(" ") ? v : JSON.stringify(v);
  };
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (flow) return `[${value.map((v) => toYaml(v, true)).join(", ")}]`;
    return "\n" + value.map((v) => `${indent}- ${toYaml(v, false, indent + "  ").replace(/^\n\s*/, "")}`).join("\n");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    if (flow) return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${toYaml(v, true)}`).join(", ")}}`;
    return "\n" + entries.map(([k, v]) => `${indent}${JSON.stringify(k)}: ${toYaml(v, false, indent + "  ")}`).join("\n");
  }
  return scalarText(value);
}
