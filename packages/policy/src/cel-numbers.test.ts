import { describe, expect, it } from "vitest";
import { loadText } from "@meshkit/core";
import { asDeclared, mergedReadFrom, mergedWithCelInts, withCelInts } from "./cel-numbers.js";

describe("withCelInts", () => {
  it("makes whole numbers ints (bigints) and leaves fractions, infinities and numbers past the int range doubles", () => {
    const doc = { a: 7, b: 2.5, c: [1, -0, 1e3, 2 ** 63, -(2 ** 63), Infinity, NaN], d: { e: "7", f: null, g: true } };
    expect(withCelInts(doc)).toEqual({ a: 7n, b: 2.5, c: [1n, 0n, 1000n, 2 ** 63, -(2n ** 63n), Infinity, NaN], d: { e: "7", f: null, g: true } });
  });

  it("copies a document once, and keeps the parts without numbers as they are", () => {
    const doc = { tags: ["pii"], nested: { name: "x" }, n: 1 };
    const converted = withCelInts(doc) as typeof doc;
    expect(converted).not.toBe(doc);
    expect(withCelInts(doc)).toBe(converted);
    expect(converted.tags).toBe(doc.tags);
    expect(converted.nested).toBe(doc.nested);
    expect(doc.n).toBe(1);
  });

  it("keeps a `__proto__` key a key", () => {
    const doc = JSON.parse('{"__proto__": {"n": 1}, "m": 2}') as Record<string, unknown>;
    const converted = withCelInts(doc) as Record<string, unknown>;
    expect(Object.getPrototypeOf(converted)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(converted, "__proto__")?.value).toEqual({ n: 1n });
  });
});

describe("a whole number written as a double", () => {
  it("stays a double in a YAML or JSON document (`7.0`, `7e0`, `2.5e1`), as Kubernetes decodes it; `7` and a version `1.0.0` do not change", () => {
    const yaml = loadText("c.yaml", "version: 1.0.0\nn: 7\nd: 7.0\ne: 7e0\nl: [7, 7.0, 2.5e1, -3.]\nm: {a: 7.0, b: 8}\n").documents[0]!;
    expect(withCelInts(yaml.value, { doc: yaml, at: "" })).toEqual({ version: "1.0.0", n: 7n, d: 7, e: 7, l: [7n, 7, 25, -3], m: { a: 7, b: 8n } });
    const json = loadText("c.json", '{"n":7,"d":7.0,"e":1E3,"l":[7,-7.0]}').documents[0]!;
    expect(withCelInts(json.value, { doc: json, at: "" })).toEqual({ n: 7n, d: 7, e: 1000, l: [7n, -7] });
  });

  it("stays a double in parameters merged from several files, each read where the last file that sets it has it", () => {
    const policy = loadText("p.yaml", "spec:\n  params:\n    ratio: 1.0\n    years: 7\n").documents[0]!;
    const config = loadText("meshkit.yaml", "policy:\n  params:\n    years: 8.0\n    max: 3\n").documents[0]!;
    const given = loadText("prod.json", '{"max": 4.0}').documents[0]!;
    const configParams = { years: 8, max: 3 };
    const run = { ...configParams, max: 4 };
    const from = mergedReadFrom([
      { values: configParams, from: { doc: config, at: "/policy/params" } },
      { values: { max: 4 }, from: { doc: given, at: "" } },
    ]);
    const params = mergedWithCelInts([
      { values: { ratio: 1, years: 7 }, from: { doc: policy, at: "/spec/params" } },
      { values: run, from },
    ]);
    expect(params).toEqual({ ratio: 1, years: 8, max: 4 });
    expect(mergedWithCelInts([{ values: { ratio: 1, years: 7 } }])).toEqual({ ratio: 1n, years: 7n });
  });
});

describe("a whole number past 2^53", () => {
  it("is the int its digits spell, which the parsers round, up to 2^63 - 1; past it, a double", () => {
    const yaml = loadText("c.yaml", "a: 9007199254740993\nb: -9223372036854775808\nc: [9223372036854775807]\nd: 9223372036854775808\ne: 9007199254740993.0\n").documents[0]!;
    expect(withCelInts(yaml.value, { doc: yaml, at: "" })).toEqual({ a: 9007199254740993n, b: -(2n ** 63n), c: [2n ** 63n - 1n], d: 2 ** 63, e: 2 ** 53 });
    const json = loadText("c.json", '{"a": 9007199254740993, "id": "1234567890123456"}').documents[0]!;
    expect(withCelInts(json.value, { doc: json, at: "" })).toEqual({ a: 9007199254740993n, id: "1234567890123456" });
  });
});

describe("asDeclared", () => {
  it("gives the numbers inside a map or list parameter the type of its default's, as at the top level", () => {
    const defaults = { maxColumns: 10n, limits: { max: 10n, ratio: 0.5 }, sizes: [1n, 2n], names: ["a"] };
    const typed = asDeclared({ maxColumns: 12, limits: { max: 12, ratio: 1n, extra: 3 }, sizes: [3, 4.5], names: ["b"] }, defaults);
    // `limits: {max: 12.0}` over `{max: 10}` is the int 12: `params.limits.max + 1` works on every document.
    expect(typed).toEqual({ maxColumns: 12n, limits: { max: 12n, ratio: 1, extra: 3 }, sizes: [3n, 4.5], names: ["b"] });
    const untouched = { limits: { max: 12n } };
    expect(asDeclared(untouched, defaults)).toBe(untouched);
  });
});
