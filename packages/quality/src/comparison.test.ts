import { describe, expect, it } from "vitest";
import { type Threshold, describeThreshold, meetsThreshold, readThreshold, thresholdAsJson } from "./comparison.js";

describe("comparators", () => {
  it.each([
    [{ comparator: "mustBe", value: 0 }, 0, true],
    [{ comparator: "mustBe", value: 0 }, 1, false],
    [{ comparator: "mustBe", value: "0" }, 0, true],
    [{ comparator: "mustBe", value: true }, true, true],
    [{ comparator: "mustBe", value: true }, 1, false],
    [{ comparator: "mustBe", value: "ok" }, "ok", true],
    [{ comparator: "mustNotBe", value: 3 }, 3, false],
    [{ comparator: "mustNotBe", value: 3 }, 4, true],
    [{ comparator: "mustBeGreaterThan", value: 5 }, 5, false],
    [{ comparator: "mustBeGreaterThan", value: 5 }, 5.1, true],
    [{ comparator: "mustBeGreaterOrEqualTo", value: 5 }, 5, true],
    [{ comparator: "mustBeGreaterOrEqualTo", value: 5 }, 4.9, false],
    [{ comparator: "mustBeLessThan", value: 5 }, 5, false],
    [{ comparator: "mustBeLessThan", value: 5 }, 4, true],
    [{ comparator: "mustBeLessOrEqualTo", value: 5 }, 5, true],
    [{ comparator: "mustBeLessOrEqualTo", value: 5 }, 6, false],
    // ODCS: "`mustBeBetween` is the equivalent to `mustBeGreaterThan` and `mustBeLessThan`".
    [{ comparator: "mustBeBetween", value: [1, 3] }, 1, false],
    [{ comparator: "mustBeBetween", value: [1, 3] }, 1.5, true],
    [{ comparator: "mustBeBetween", value: [1, 3] }, 3, false],
    [{ comparator: "mustBeBetween", value: [1, 3] }, 3.5, false],
    [{ comparator: "mustNotBeBetween", value: [1, 3] }, 1, true],
    [{ comparator: "mustNotBeBetween", value: [1, 3] }, 2, false],
    [{ comparator: "mustNotBeBetween", value: [1, 3] }, 3, true],
    [{ comparator: "mustNotBeBetween", value: [1, 3] }, 0, true],
    [{ comparator: "mustBeLessThan", value: 5 }, "4", false],
  ] as [Threshold, number | string | boolean, boolean][])("%o with %j → %s", (threshold, measured, expected) => {
    expect(meetsThreshold(measured, threshold)).toBe(expected);
  });

  it("reads a rule's comparison", () => {
    expect(readThreshold({ mustBeBetween: [0, 10] })).toEqual({ ok: true, threshold: { comparator: "mustBeBetween", value: [0, 10] } });
    expect(readThreshold({ description: "x" })).toEqual({ ok: "absent" });
    expect(readThreshold({ mustNotBeBetween: [1, 1] })).toMatchObject({ ok: false });
  });

  it("reads several comparisons as all of them, as ODCS writes a range (`mustBeGreaterThan` and `mustBeLessThan`)", () => {
    const range = readThreshold({ mustBeGreaterThan: 0, mustBeLessThan: 100 });
    expect(range).toEqual({ ok: true, threshold: { comparator: "allOf", value: [{ comparator: "mustBeGreaterThan", value: 0 }, { comparator: "mustBeLessThan", value: 100 }] } });
    const threshold = (range as { threshold: Threshold }).threshold;
    expect([0, 1, 99, 100].map((n) => meetsThreshold(n, threshold))).toEqual([false, true, true, false]);
    expect(describeThreshold(threshold, String)).toBe("must be more than 0 and less than 100");
    expect(thresholdAsJson(threshold)).toEqual({ mustBeGreaterThan: 0, mustBeLessThan: 100 });
    expect(readThreshold({ mustBe: 0, mustBeLessThan: "x" })).toEqual({ ok: false, reason: "`mustBeLessThan` must be a number", at: "/mustBeLessThan" });
  });

  it("tells a YAML .inf or .nan that it must be a finite number (it is a number, and no comparison can use it)", () => {
    expect(readThreshold({ mustBeLessThan: Infinity })).toEqual({ ok: false, reason: "`mustBeLessThan` must be a finite number", at: "/mustBeLessThan" });
    expect(readThreshold({ mustBe: Number.NaN })).toMatchObject({ ok: false, reason: expect.stringMatching(/^`mustBe` must be a finite number \(or text/) });
  });

  it("says a SQL rule's YAML 1.1 boolean word (yes, off) is text, and which boolean to write, as lint does", () => {
    expect(readThreshold({ mustBe: "yes" }, "value")).toMatchObject({ ok: false, reason: expect.stringContaining("`yes` is text, not a boolean") });
    expect(readThreshold({ mustNotBe: "off" }, "value")).toMatchObject({ ok: false, reason: expect.stringMatching(/`off` is text, not a boolean.*write false$/) });
    // A library metric counts rows: no boolean is meant there.
    expect(readThreshold({ mustBe: "on" }, "count")).toMatchObject({ ok: false, reason: expect.not.stringContaining("boolean") });
  });

  it("reads mustBe / mustNotBe text that spells a number as that number, for counts as for SQL values", () => {
    expect(readThreshold({ mustBe: "5" }, "count")).toEqual({ ok: true, threshold: { comparator: "mustBe", value: "5" } });
    expect(readThreshold({ mustNotBe: " 1.5 " }, "value")).toEqual({ ok: true, threshold: { comparator: "mustNotBe", value: " 1.5 " } });
    expect(readThreshold({ mustBe: true }, "value")).toMatchObject({ ok: true });
    for (const text of ["abc", "", "NaN", "true"]) {
      expect(readThreshold({ mustBe: text }, "count"), text).toMatchObject({ ok: false });
      expect(readThreshold({ mustBe: text }, "value"), text).toMatchObject({ ok: false });
    }
    expect(describeThreshold({ comparator: "mustBe", value: "5" }, String)).toBe("must be 5");
    expect(meetsThreshold(5, { comparator: "mustNotBe", value: "5.0" })).toBe(false);
  });

  it("describes thresholds for messages", () => {
    const n = (x: number) => String(x);
    expect(describeThreshold({ comparator: "mustBeGreaterThan", value: 20 }, n)).toBe("must be more than 20");
    expect(describeThreshold({ comparator: "mustBeBetween", value: [1, 2] }, n)).toBe("must be more than 1 and less than 2");
    expect(describeThreshold({ comparator: "mustNotBeBetween", value: [1, 2] }, n)).toBe("must be at most 1 or at least 2");
    expect(describeThreshold({ comparator: "mustBe", value: true }, n)).toBe("must be true");
  });
});

describe("the results document's threshold", () => {
  // `mustBe: '8'` is compared as the number 8: a reader of the document gets a number, as it does for `mustBe: 8`.
  it.each([
    [{ mustBe: "8" }, { mustBe: 8 }],
    [{ mustNotBe: " 5.0 " }, { mustNotBe: 5 }],
    [{ mustBe: "1e3" }, { mustBe: 1000 }],
    [{ mustBe: "-0.25" }, { mustBe: -0.25 }],
    // Beyond what a double holds, the exact text, as the measured value is written then.
    [{ mustBe: "9007199254740993" }, { mustBe: "9007199254740993" }],
    [{ mustBe: true }, { mustBe: true }],
    [{ mustBe: 8 }, { mustBe: 8 }],
  ])("%j is written %j", (rule, expected) => {
    const reading = readThreshold(rule, "value");
    expect(reading.ok).toBe(true);
    expect(thresholdAsJson((reading as { threshold: Threshold }).threshold)).toEqual(expected);
  });
});

describe("numbers a double does not hold", () => {
  // 9007199254740993 and 9007199254740992 are one double: compared as doubles, every one of these would be wrong.
  it.each([
    [{ comparator: "mustBe", value: 2 ** 53, exact: "9007199254740993" }, 2 ** 53, undefined, false],
    [{ comparator: "mustBe", value: 2 ** 53 }, 2 ** 53, "9007199254740993", false],
    [{ comparator: "mustBe", value: "9007199254740993", exact: "9007199254740993" }, 2 ** 53, "9007199254740993", true],
    [{ comparator: "mustNotBe", value: 2 ** 53, exact: "9007199254740993" }, 2 ** 53, "9007199254740993", false],
    [{ comparator: "mustBeGreaterThan", value: 2 ** 53 }, 2 ** 53, "9007199254740993", true],
    [{ comparator: "mustBeLessOrEqualTo", value: 2 ** 53, exact: "9007199254740993" }, 2 ** 53, "9007199254740994", false],
    [{ comparator: "mustBeBetween", value: [2 ** 53, 2 ** 53 + 2], exact: [undefined, "9007199254740994"] }, 2 ** 53, "9007199254740993", true],
    [{ comparator: "mustNotBeBetween", value: [0, 1.5] }, 1.5, "1.4999999999999999999", false],
    [{ comparator: "mustBeLessThan", value: 0.1 }, 0.1, "0.09999999999999999999", true],
    [{ comparator: "mustBeGreaterThan", value: -1, exact: "-1.00000000000000000001" }, -1, undefined, true],
  ] as [Threshold, number, string | undefined, boolean][])("%j: %s (exactly %s) → %s", (threshold, measured, exact, expected) => {
    expect(meetsThreshold(measured, threshold, exact)).toBe(expected);
  });

  it("are read from the contract's text and shown, in the results too, as written", () => {
    const reading = readThreshold({ mustBe: 2 ** 53 }, "value", () => "9007199254740993");
    expect(reading).toEqual({ ok: true, threshold: { comparator: "mustBe", value: 2 ** 53, exact: "9007199254740993" } });
    const threshold = (reading as { threshold: Threshold }).threshold;
    expect(describeThreshold(threshold, (n, exact) => exact ?? String(n))).toBe("must be 9007199254740993");
    expect(thresholdAsJson(threshold)).toEqual({ mustBe: "9007199254740993" });
  });
});
