/**
 * The subset parser against js-yaml (core schema), its reference: for every text, either the parser
 * gives up, or its values are js-yaml's to the last `-0`, key order included — and it gives up whenever
 * js-yaml throws. Over real documents, the bench generators' output, and thousands of generated texts
 * from the subset and just outside it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import jsYaml from "js-yaml";
import { globSync } from "tinyglobby";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { loadText } from "./document.js";
import { wrappedYaml } from "./testing/wrapped-yaml.js";
import { loadYamlSubset } from "./yaml-fast.js";
import { YAML_CORE_SCHEMA } from "./yaml-schema.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const referenceDir = path.resolve(repoRoot, "../shared/reference");

type Random = () => number;
interface LintGenerator {
  random(seed: number): Random;
  contractYaml(i: number, rand: Random): string;
}
interface PolicyGenerator {
  corpusFiles(n: number): Iterable<[string, string]>;
}
const lintBench = (await import(path.join(repoRoot, "bench/lint/generate.mjs"))) as LintGenerator;
const policyBench = (await import(path.join(repoRoot, "bench/policy/generate.mjs"))) as PolicyGenerator;

function jsYamlValues(text: string): unknown[] | undefined {
  try {
    return jsYaml.loadAll(text, undefined, { schema: YAML_CORE_SCHEMA });
  } catch {
    return undefined;
  }
}

/** The keys of every mapping, in order: isDeepStrictEqual does not compare the order. */
function keyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyOrder);
  if (value !== null && typeof value === "object") return Object.entries(value).map(([key, child]) => [key, keyOrder(child)]);
  return null;
}

/** Checks the subset parser against js-yaml on `text`; true when it took the text. */
function agreesWithJsYaml(text: string): boolean {
  const fast = loadYamlSubset(text);
  if (fast === undefined) return false;
  const reference = jsYamlValues(text);
  const shown = JSON.stringify(text);
  expect(reference, `js-yaml refuses ${shown}, the subset parser does not`).toBeDefined();
  expect(isDeepStrictEqual(fast, reference), `values differ for ${shown}:\n${JSON.stringify(fast)}\n${JSON.stringify(reference)}`).toBe(true);
  expect(keyOrder(fast), `key order differs for ${shown}`).toEqual(keyOrder(reference));
  // Nor may it take a text YAML 1.2 refuses and js-yaml reads (loadText's precise path reports those).
  expect(parseAllDocuments(text, { uniqueKeys: false }).flatMap((doc) => doc.errors.map((e) => e.message)), `yaml refuses ${shown}`).toEqual([]);
  return true;
}

function filesUnder(dir: string, patterns: string[]): string[] {
  return globSync(patterns, { cwd: dir, absolute: true, dot: true, ignore: ["**/node_modules/**", "**/dist/**"] }).sort();
}

const YAML_OR_JSON = ["**/*.yaml", "**/*.yml", "**/*.json"];

describe("loadYamlSubset on real documents", () => {
  const files = [
    ...filesUnder(path.join(repoRoot, "examples"), YAML_OR_JSON),
    ...filesUnder(path.join(repoRoot, "packages"), YAML_OR_JSON.map((pattern) => `**/__fixtures__/${pattern}`)),
    ...filesUnder(referenceDir, YAML_OR_JSON),
  ];

  it("finds the documents", () => {
    expect(files.length).toBeGreaterThan(90);
  });

  it.each(files.map((file) => [path.relative(path.dirname(repoRoot), file), file]))("%s: js-yaml's values or none", (_name, file) => {
    agreesWithJsYaml(readFileSync(file, "utf8"));
  });

  // The point of the parser: were these to fall back to js-yaml, the speed-up would be gone unnoticed.
  it("takes every example contract and product, and every official example", () => {
    const documents = [
      ...filesUnder(path.join(repoRoot, "examples"), ["**/*.odcs.yaml", "**/*.odps.yaml", "**/meshkit.yaml", "platform/policies/*.yaml"]),
      ...filesUnder(referenceDir, ["odcs/examples/**/*.yaml", "odps/examples/**/*.yaml"]),
    ];
    expect(documents.length).toBeGreaterThan(25);
    expect(documents.filter((file) => !agreesWithJsYaml(readFileSync(file, "utf8"))).map((file) => path.relative(repoRoot, file))).toEqual([]);
  });

  it("takes the bench generators' documents: contracts, products, Terraform JSON", () => {
    const rand = lintBench.random(7);
    const texts = [...Array.from({ length: 20 }, (_, i) => lintBench.contractYaml(i, rand)), ...[...policyBench.corpusFiles(60)].map(([, text]) => text)];
    expect(texts.filter((text) => !agreesWithJsYaml(text))).toEqual([]);
  });
});

describe("loadYamlSubset", () => {
  it("reads block collections, compact mappings, flow collections and block scalars", () => {
    const text = [
      "# leading comment",
      "name: orders   # trailing comment",
      "count: 3",
      "tags: [a, 'b c', \"d\\n\"]",
      "map: {x: 1, 'y': [true, ~]}",
      "empty: # a comment",
      "list: # a comment",
      "- plain",
      "- # a comment",
      "-   nested: 1",
      "    other: x",
      "query: |",
      "  SELECT 1",
      "",
      "  FROM t",
      "summary: >-",
      "  one",
      "  two",
      "",
      "  three",
    ].join("\n");
    expect(loadYamlSubset(text)).toEqual([
      {
        name: "orders",
        count: 3,
        tags: ["a", "b c", "d\n"],
        map: { x: 1, y: [true, null] },
        empty: null,
        list: ["plain", null, { nested: 1, other: "x" }],
        query: "SELECT 1\n\nFROM t\n",
        summary: "one two\nthree",
      },
    ]);
    expect(agreesWithJsYaml(text)).toBe(true);
  });

  it("reads a flow collection over several lines when they are indented past its block collection", () => {
    const text = ["params:", "  methods: [hash, 'mask',", "    redact,", "", "      {a: 1,", "       b: [x,", "   y]}]", "list:", "- [1,", "  2]", "after: z"].join("\n");
    expect(loadYamlSubset(text)).toEqual([{ params: { methods: ["hash", "mask", "redact", { a: 1, b: ["x", "y"] }] }, list: [[1, 2]], after: "z" }]);
    expect(agreesWithJsYaml(text)).toBe(true);
  });

  it("resolves plain scalars and keys as the core schema does", () => {
    const scalars = ["0", "-0", "+0", "-00", "007", "0x1F", "-0x1f", "0o17", "1_000", "1e3", "1.0", "+1", ".5", "0.", "-0.0", "1e400", "12345678901234567890", "1" + "0".repeat(400), ".inf", "-.Inf", ".NaN", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "yes", "off", "name", "nulls"];
    for (const scalar of scalars) {
      expect(agreesWithJsYaml(`value: ${scalar}\n`), scalar).toBe(true);
      expect(agreesWithJsYaml(`${scalar}: value\n`), `${scalar} as a key`).toBe(true);
      expect(agreesWithJsYaml(`- [${scalar}, {${scalar}: x}]\n`), `${scalar} in flow`).toBe(true);
    }
    // `0b…` is an integer to js-yaml and a string to YAML 1.2: left to loadText's precise path, wherever it is.
    for (const text of ["a: 0b101\n", "a: -0b1\n", "0b1: a\n", "- [0b1]\n", "- {0b1: x}\n"]) expect(loadYamlSubset(text), text).toBeUndefined();
    expect(loadYamlSubset("1.0: a\n~: b\ntrue: c\n0x10: d\n")).toEqual([{ "1": "a", null: "b", true: "c", "16": "d" }]);
    const [proto] = loadYamlSubset("__proto__: {polluted: true}\n")! as Record<string, unknown>[];
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto!)).toEqual(["__proto__"]);
  });

  it("keeps apart keys that look alike to its cache of keys (same length, first, middle and last letter)", () => {
    for (let round = 0; round < 2; round++) {
      expect(loadYamlSubset("abcde: 1\naXcYe: 2\nlist:\n- x: [abcde, aXcYe]\n")).toEqual([{ abcde: 1, aXcYe: 2, list: [{ x: ["abcde", "aXcYe"] }] }]);
      expect(loadYamlSubset("aXcYe: 1\n")).toEqual([{ aXcYe: 1 }]);
    }
  });

  it.each([
    ["a duplicate key", "a: 1\na: 2\n"],
    ["keys that are the same string", "1: a\n1.0: b\n"],
    ["an anchor and an alias", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a merge key", "<<: {a: 1}\n"],
    ["a plain scalar's line that would start a key", "a: one\n  two: x\n"],
    ["a plain scalar's line after a comment line", "a: one\n  # c\n  two\n"],
    ["a plain scalar's line after a comment", "a: one\n  two # c\n  three\n"],
    ["a plain scalar over two lines with CRLF", "a: one\r\n  two\r\n"],
    ["a plain scalar over two lines as a key", "a\n  b: c\n"],
    ["a plain scalar on the line after its key", "a:\n  one\n  two\n"],
    ["a quoted scalar's line at its key's column (js-yaml reads it, YAML 1.2 refuses it)", "a: 'one\ntwo'\nb: 'one\n'\n"],
    ["a quoted scalar's line less indented than its mapping", "a:\n  b: \"one\n two\"\n"],
    ["an escaped line break before a blank line (js-yaml drops it, YAML 1.2 keeps it)", 'a: "one\\\n\n  two"\n'],
    ["a quoted scalar over two lines as a key", "'a\n  b': c\n"],
    ["a quoted scalar over two lines as a compact mapping's key", '- "a\n  b": c\n'],
    ["a quoted scalar over two lines in a flow", "a: ['b\n  c']\n"],
    ["an unterminated quoted scalar over two lines", "a: 'one\n  two\n"],
    ["an explicit key", "? a\n: b\n"],
    ["a nested compact sequence", "- - a\n"],
    ["an empty entry before a less indented one (js-yaml reads [[null, x]])", "-\n  -\n- x\n"],
    ["a block scalar with an indentation indicator", "a: |2\n   x\n"],
    ["a tab", "a:\tb\n"],
    ["a control character in a scalar", "a: b\x01c\n"],
    ["a control character in a block scalar", "a: |\n  b\x01c\n"],
    ["a NUL, even in a comment", "a: b # \0\n"],
    ["a lone surrogate", "a: \uD800\n"],
    ["CRLF", "a: 1\r\nb: 2\r\n"],
    ["a BOM", "\uFEFFa: 1\n"],
    ["a directive", "%YAML 1.2\n---\na: 1\n"],
    ["a document end marker", "a: 1\n...\n"],
    ["an empty document", "a: 1\n---\n# nothing\n"],
    ["an empty text", ""],
    ["a document that is a scalar", "just text\n"],
    ["an empty flow entry", "a: [b, , c]\n"],
    ["a block scalar's first line less indented than a blank line before it", "a: |\n      \n  # text, not a comment\nb: 1\n"],
    ["a flow line at its key's column", "a:\n  b: [c,\n  d]\n"],
    ["a flow's closing bracket at its key's column", "a: [b,\n  c\n]\n"],
    ["a plain scalar over two lines in a flow", "a: [b\n  c]\n"],
    ["a comment in a flow", "a: [b, # c\n  d]\n"],
    ["a flow cut by a document marker", "a: [b,\n---\n  c]\n"],
    ["an unknown escape", 'a: "\\q"\n'],
    ["bad indentation", "a:\n  b: 1\n c: 2\n"],
    ["collections nested 60 deep", "a: " + "[".repeat(60) + "]".repeat(60) + "\n"],
  ])("gives up on %s", (_name, text) => {
    expect(loadYamlSubset(text)).toBeUndefined();
  });

  it("reads plain and quoted scalars over several lines, folded as js-yaml folds them", () => {
    // PyYAML's wrapping at 80 columns, as datacontract-cli writes descriptions.
    const wrapped = [
      "description: This table holds one row per order placed in the web shop, including",
      "  cancelled orders and test orders flagged by the is_test column.",
      "quoted: 'Note: amounts are in EUR; refunds are negative amounts and it''s the",
      "  gross amount.'",
      'escaped: "Tab\\t and e\\u0301 in a string PyYAML writes in double quotes, over\\',
      '  \\ several lines"',
    ].join("\n");
    expect(loadYamlSubset(wrapped)).toEqual([
      {
        description: "This table holds one row per order placed in the web shop, including cancelled orders and test orders flagged by the is_test column.",
        quoted: "Note: amounts are in EUR; refunds are negative amounts and it's the gross amount.",
        escaped: "Tab\t and e\u0301 in a string PyYAML writes in double quotes, over several lines",
      },
    ]);
    const texts = [
      wrapped,
      // blank lines (a line feed each, whatever their spaces), spaces at line ends, indentation past the key's
      "a: one  \n  two\n\n    three\n   \n\n  four\nb: five\n six\n",
      // a trailing comment after the last line, comment lines after it, a less indented line after blank lines
      "a: one\n  two # c\n  # d\nb: 1\n\nc: x\n  y\n\n# e\n",
      // `#`, `:` and indicators inside the lines but no comment or key
      "a: one#two\n  http://x.y/z#f a:b\n  - dash ? q [x] {y} 'q' \"d\" *a &b !c | > % @ ` , ---\n  ...\n",
      // in sequences, compact mappings, deeper mappings; continued one column past the collection's
      "- one\n two\n- a: one\n   two\n  b: x\n- k:\n  - one\n   two\n",
      "a:\n  b:\n    c: one\n     two\n    d: one\n       two\n",
      // scalars that would resolve to something else on one line stay strings
      "a: 1\n  2\nb: true\n  false\nc: null\n\n  ~\n",
      // quoted: `''`, escapes, an escaped line break and escaped space, blank lines, a comment after it, `#` in it
      ["a: 'it''s", "", "  one '' two'  # c", 'b: "x\\ty\\', "    z \\", "  \\ w", "", "", '  # v"', "c:", "- 'one", " two'", '- "a', '  b" # c', ""].join("\n"),
    ];
    for (const text of texts) expect(agreesWithJsYaml(text), text).toBe(true);
  });

  it("gives loadText the same documents as js-yaml", () => {
    const text = "a: 1\n---\nb: [x]\n";
    expect(loadText("f.yaml", text).documents.map((doc) => doc.value)).toEqual(jsYaml.loadAll(text, undefined, { schema: YAML_CORE_SCHEMA }));
  });
});

// ---- generated texts ----------------------------------------------------------------------------

const NUMBERS = ["0", "-0", "+0", "00", "-00", "007", "08", "1", "-1", "+1", "1_000", "0x1F", "0X1F", "-0x1f", "0xg", "0o17", "0O17", "0o8", "0b101", "-0b1", "0b", "0x", "0.", "-0.", "0.0", "-0.0", ".5", "-.5", "+.5", "1.5", "1e3", "1E3", "1e+3", "1e-3", "1.0e3", "-1.5e-3", "1.e3", ".e3", "e3", "1e", "1_0.5", "1,5", "1:30", "12345678901234567890", "9007199254740993", "1e400", "-1e400", "0.1", "3.14159", "1" + "0".repeat(330)];
const WORDS = [".inf", ".Inf", ".INF", ".iNF", "-.inf", "+.inf", ".NaN", ".nan", ".NAN", "-.nan", "inf", "nan", "NaN", "Infinity", "null", "Null", "NULL", "nULL", "~", "~~", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "yes", "no", "on", "off", "y", "n", "nulls", "truer", "falsey", "fals", "nul"];
const STRINGS = ["a", "abc", "hello world", "a:b", "a::b", "a#b", "a #b", "http://x.y/z?q=1#f", "-a", "?a", ":a", "a-", "a  b", "x,y", "x]", "a}b", "it's", 'say "hi"', "-", "--", "---", "...", "a: b", "a:", "<<", "__proto__", "constructor", "toString", "é", "日本", "😀", "a\\b", "%x", "@x", "`x`", "!x", "&x", "*x", "|", ">", "[x]", "{x: 1}", "[]", "{}", "[x, [y, {z: 1}]]", "{a: [1, 2], 'b': c}", "[a,]", "[a b, c]", "{a:1}", '{"a":1}', "{a, b}", "[a: 1]"];
const QUOTED = ["''", '""', "'it''s'", "'a # b'", "'a: b'", "'#x'", "'\\n'", '"a\\"b"', '"\\x41\\u00e9\\U0001F600"', '"\\t\\0\\a\\e\\N\\_\\L\\P\\/\\ "', '"\\q"', '"\\x4"', '"\\U00110000"', '"\\uD800"', '"a: b"', '"#x"', '"\\\\"', "'unterminated", '"unterminated', "'a' b", '"a"b', "'a'#c", "'a' #c"];
const SCALARS = [...NUMBERS, ...WORDS, ...STRINGS, ...QUOTED];
const TYPICAL = ["orders", "a b c", "1", "2.5", "-3", "true", "false", "null", "~", "'single'", '"double"', "[a, b]", "{a: 1}", "v1.2.3", "2026-06-30", "a-b_c", "x@example.com"];
const KEYS = ["name", "type", "a", "b", "key with spaces", "a:b", "a#b", "-a", "1", "1.0", "0x1", "true", "null", "~", "__proto__", "'quoted'", '"dq"', "'a: b'", "''", "<<", "[a]", "? a", "a b ", "x"];
const COMMENTS = ["", "", "", " # comment", "  #c", "#glued", " #", "   "];

function pick<T>(rand: Random, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** A random block collection: nested mappings and sequences of the scalars above, with their decorations. */
function generateCollection(rand: Random, depth: number, indent: number, sequence = rand() < 0.35): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  // (mostly distinct keys and scalars of the subset: one duplicate key or odd scalar sends the whole text to js-yaml)
  const key = (index: number): string => (rand() < 0.7 ? `k${index}` : pick(rand, KEYS));
  const inline = (): string => pick(rand, rand() < 0.7 ? TYPICAL : SCALARS) + pick(rand, COMMENTS);
  const nested = (at: number): string[] => (depth > 3 ? [`${" ".repeat(at)}${inline()}`] : generateCollection(rand, depth + 1, at));
  const blockScalar = (at: number): string[] => {
    const header = pick(rand, ["|", ">", "|-", ">-", "|+", ">+", "|2", "| # c", "|x"]);
    const body = Array.from({ length: Math.floor(rand() * 4) }, () => pick(rand, ["text", "more text", "", "  indented", " ", "    ", "# not a comment", "---", "a: b"]));
    return [header, ...body.map((line) => (line === "" ? "" : " ".repeat(at + 2 - Math.floor(rand() * 2)) + line))];
  };
  const entries = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < entries; e++) {
    if (rand() < 0.1) lines.push(pad.slice(Math.floor(rand() * 3)) + "# a comment line");
    if (rand() < 0.05) lines.push("");
    const prefix = sequence ? `${pad}-${pick(rand, [" ", " ", "  ", ""])}` : `${pad}${key(e)}${pick(rand, [":", ":", " :", ":  "])}`;
    const choice = rand();
    if (choice < 0.45) lines.push(`${prefix} ${inline()}`);
    else if (choice < 0.6) lines.push(prefix + pick(rand, COMMENTS), ...nested(indent + pick(rand, [2, 2, 4, 1, 3])));
    else if (choice < 0.68 && !sequence && depth <= 3) lines.push(prefix, ...generateCollection(rand, depth + 1, indent, true)); // `key:\n- a`
    else if (choice < 0.78) {
      const [header, ...body] = blockScalar(indent);
      lines.push(`${prefix} ${header}`, ...body);
    } else if (choice < 0.88 && sequence) {
      // a compact mapping: `- key: value` and more keys at the key's column
      const column = indent + 2;
      lines.push(`${pad}- ${key(0)}: ${inline()}`);
      for (let k = 1 + Math.floor(rand() * 3); k > 1; k--) lines.push(`${" ".repeat(column + (rand() < 0.1 ? 1 : 0))}${key(k)}: ${inline()}`);
    } else if (choice < 0.93) {
      // a flow collection over several lines, its lines indented past the entry's column or not (`yaml` refuses those)
      const items = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(rand, rand() < 0.8 ? TYPICAL : SCALARS));
      const breaks = items.map(() => (rand() < 0.5 ? `\n${" ".repeat(Math.max(0, indent + pick(rand, [1, 2, 2, 4, 0, -1])))}` : " "));
      const [open, close] = rand() < 0.7 ? ["[", "]"] : ["{", "}"];
      const entry = (item: string, index: number): string => (open === "{" ? `k${index}: ${item}` : item);
      lines.push(`${prefix} ${open}${items.map((item, index) => `${breaks[index]}${entry(item, index)}`).join(",")}${rand() < 0.3 ? "\n" + " ".repeat(indent + pick(rand, [0, 1, 2])) : ""}${close}${pick(rand, COMMENTS)}`);
    } else lines.push(prefix + (rand() < 0.5 ? "" : pick(rand, COMMENTS)));
    if (rand() < 0.05) lines[lines.length - 1] += pick(rand, [" ", "  ", "\t", ":", " :", " x"]);
  }
  return lines;
}

function generateStream(rand: Random): string {
  const parts: string[] = [];
  if (rand() < 0.1) parts.push(pick(rand, ["# header", "%YAML 1.2", "---", "--- # start", "---x", "\uFEFF"]));
  const documents = rand() < 0.8 ? 1 : 2 + Math.floor(rand() * 2);
  for (let d = 0; d < documents; d++) {
    if (d > 0) parts.push(pick(rand, ["---", "---", "--- ", "--- # next", "...", "--- a"]));
    parts.push(...(rand() < 0.05 ? [pick(rand, ["", "# only a comment", '{"a": [1, 2.5, "x"],\n "b": {"c": null}\n}', "[1,\n 2]", "{a: 1}"])] : generateCollection(rand, 0, rand() < 0.05 ? 2 : 0)));
  }
  return parts.join("\n") + pick(rand, ["\n", "\n", "", "\n\n", "\n  \n"]);
}

const MUTATIONS = [..." :-#'\"[]{},|>&*!?\n%@`.0123456789abnNtT~_\\", "  ", ": ", "- ", " #", "\t", "\r", "\0", "\x01", "\x7f", "\x85", "\u2028", "\uFEFF", "\uD800", "é", "😀"];

/** `text` with a few characters inserted, deleted or replaced: the near misses of hand-edited files. */
function mutate(rand: Random, text: string): string {
  let result = text;
  for (let edits = 1 + Math.floor(rand() * 3); edits > 0; edits--) {
    const at = Math.floor(rand() * (result.length + 1));
    const op = rand();
    const insert = op < 0.7 ? pick(rand, MUTATIONS) : "";
    result = result.slice(0, at) + insert + result.slice(op < 0.4 ? at : at + 1);
  }
  return result;
}

describe("loadYamlSubset on generated texts", () => {
  it("agrees with js-yaml on texts from the subset and just outside it", () => {
    const rand = lintBench.random(20260630);
    let taken = 0;
    const runs = 6000;
    for (let run = 0; run < runs; run++) if (agreesWithJsYaml(generateStream(rand))) taken++;
    // Many texts must take the fast path, or this test would compare little.
    expect(taken).toBeGreaterThan(runs * 0.3);
  });

  it("agrees with js-yaml on texts with strings wrapped over several lines, and on their near misses", () => {
    const rand = lintBench.random(80);
    const texts = Array.from({ length: 3000 }, () => wrappedYaml(rand));
    const taken = texts.filter((text) => agreesWithJsYaml(text));
    // (about half has words that end a plain scalar, or lines too little indented: js-yaml's, or an error)
    expect(taken.length).toBeGreaterThan(texts.length * 0.4);
    let takenMutated = 0;
    for (let run = 0; run < 3000; run++) if (agreesWithJsYaml(mutate(rand, pick(rand, taken)))) takenMutated++;
    expect(takenMutated).toBeGreaterThan(3000 * 0.2);
  });

  it("agrees with js-yaml on mutated texts", () => {
    const rand = lintBench.random(42);
    // (seeds the parser takes: their near misses are what it must not take wrongly)
    const generated = Array.from({ length: 200 }, () => generateStream(rand)).filter((text) => loadYamlSubset(text) !== undefined);
    const seeds = [lintBench.contractYaml(1, rand).slice(0, 1500), ...generated.slice(0, 40)];
    let taken = 0;
    const runs = 6000;
    for (let run = 0; run < runs; run++) if (agreesWithJsYaml(mutate(rand, pick(rand, seeds)))) taken++;
    expect(taken).toBeGreaterThan(runs * 0.2);
  });
});
