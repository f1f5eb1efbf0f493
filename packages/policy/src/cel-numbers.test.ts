import { describe, expect, it } from "vitest";
import { withCelInts } from "./cel-numbers.js";

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
