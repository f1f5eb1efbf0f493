import { describe, expect, it } from "vitest";
import { celLibrary } from "./cel-lib.js";
import { describeCelValue } from "./value-text.js";

describe("describeCelValue", () => {
  it("names any value the evaluators return in a few words, JSON or not", () => {
    const { cel } = celLibrary();
    expect(describeCelValue(null)).toBe("null");
    expect(describeCelValue(1.5)).toBe("1.5");
    expect(describeCelValue(7n)).toBe("7");
    expect(describeCelValue(cel.celUint(7n))).toBe("7u");
    expect(describeCelValue(new Uint8Array([1, 2]))).toBe("bytes (2)");
    expect(describeCelValue([1])).toBe("a list of 1 element");
    expect(describeCelValue(new Map([["a", 1], ["b", 2]]))).toBe("a map of 2 entries");
    expect(describeCelValue({ a: 1 })).toBe("a map of 1 entry");
    expect(describeCelValue(cel.CelScalar.INT)).toBe("the type int");
    // A long text is shortened, on one line: a message is one line.
    expect(describeCelValue(`line one\nline two ${"x".repeat(100)}`)).toMatch(/^the string "line one line two x+…"$/);
    expect(describeCelValue("x".repeat(100)).length).toBeLessThan(80);
  });
});
