import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinedPieces, jsonFilePieces, jsonPieces } from "./json-pieces.js";

describe("jsonPieces", () => {
  it("is JSON.stringify(value, null, 2), opened to any depth", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(5), (value, depth) => {
        expect([...jsonPieces(value, depth)].join("")).toBe(JSON.stringify(value, null, 2));
      }),
    );
  });

  it("leaves out what JSON.stringify leaves out, writes null where it does, and keeps toJSON", () => {
    const value = { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol("s"), 1], d: {}, e: [], f: new Date(0), g: { h: undefined } };
    for (const depth of [0, 1, 2, 3]) expect([...jsonPieces(value, depth)].join("")).toBe(JSON.stringify(value, null, 2));
  });

  it("makes one piece per element of the lists opened, not one string", () => {
    const report = { findings: Array.from({ length: 1000 }, (_, i) => ({ line: i, message: "m" })), summary: { errors: 1000 } };
    expect([...jsonPieces(report, 2)].length).toBeGreaterThan(1000);
  });
});

describe("joinedPieces", () => {
  it("joins pieces up to the size asked, keeping the text", () => {
    const pieces = Array.from({ length: 100 }, (_, i) => `${i},`);
    const joined = [...joinedPieces(pieces, 50)];
    expect(joined.join("")).toBe(pieces.join(""));
    expect(joined.length).toBeGreaterThan(1);
    expect(joined.slice(0, -1).every((piece) => piece.length >= 50)).toBe(true);
  });
});

describe("jsonFilePieces", () => {
  it("is JSON.stringify(value, null, 2) and a newline, in pieces of about 1 MiB", () => {
    const plan = { kind: "plan", changes: Array.from({ length: 30_000 }, (_, i) => ({ action: "create", address: `sales.orders_${i}`, detail: "x".repeat(40) })) };
    const pieces = [...jsonFilePieces(plan, 2)];
    expect(pieces.join("")).toBe(`${JSON.stringify(plan, null, 2)}\n`);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.slice(0, -1).every((piece) => piece.length >= 1 << 20 && piece.length < (1 << 20) + 200)).toBe(true);
    expect([...jsonFilePieces([], 2)]).toEqual(["[]\n"]);
  });
});
