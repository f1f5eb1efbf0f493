import { describe, expect, it } from "vitest";
import { ownValue } from "./own-value.js";

describe("ownValue", () => {
  it("answers a table's own entries, and undefined for Object.prototype's members", () => {
    const table: Record<string, number> = { integer: 1, toString: 2 };
    expect(ownValue(table, "integer")).toBe(1);
    expect(ownValue(table, "toString")).toBe(2);
    for (const key of ["constructor", "__proto__", "hasOwnProperty", "valueOf", "missing"]) expect(ownValue(table, key), key).toBeUndefined();
  });
});
