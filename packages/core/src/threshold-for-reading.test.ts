import { describe, expect, it } from "vitest";
import { thresholdForReading, valueWithUnit } from "./threshold-for-reading.js";

describe("thresholdForReading", () => {
  it("reads each ODCS comparator as its symbol, with the check's unit", () => {
    expect(thresholdForReading({ mustBeLessOrEqualTo: 1 })).toBe("≤ 1");
    expect(thresholdForReading({ mustBeLessOrEqualTo: 1 }, "rows")).toBe("≤ 1 row");
    expect(thresholdForReading({ mustBe: 0 }, "rows")).toBe("= 0 rows");
    expect(thresholdForReading({ mustNotBe: 3 })).toBe("≠ 3");
    expect(thresholdForReading({ mustBeGreaterThan: 100 }, "rows")).toBe("> 100 rows");
    expect(thresholdForReading({ mustBeGreaterOrEqualTo: 2 })).toBe("≥ 2");
    expect(thresholdForReading({ mustBeLessThan: 6 }, "h")).toBe("< 6 h");
  });

  it("says a range's bounds are excluded, as ODCS defines mustBeBetween, and its complement as two bounds", () => {
    expect(thresholdForReading({ mustBeBetween: [0, 5] }, "percent")).toBe("between 0% and 5% (exclusive)");
    expect(thresholdForReading({ mustNotBeBetween: [10, 90] }, "percent")).toBe("≤ 10% or ≥ 90%");
  });

  it("joins the comparators of one ODCS v3.0 rule with and, keeping an alternative in parentheses", () => {
    expect(thresholdForReading({ mustBeGreaterThan: 0, mustBeLessThan: 100 })).toBe("> 0 and < 100");
    expect(thresholdForReading({ mustNotBeBetween: [10, 90], mustBeLessThan: 95 })).toBe("(≤ 10 or ≥ 90) and < 95");
  });

  it("shows text and booleans as written, without a unit, and exact numbers kept as text as the numbers they are", () => {
    expect(thresholdForReading({ mustBe: true })).toBe("= true");
    expect(thresholdForReading({ mustBe: "string" }, "rows")).toBe("= string");
    expect(thresholdForReading({ mustBe: "9007199254740993" }, "rows")).toBe("= 9007199254740993 rows");
  });

  it("gives up on what is not a threshold, so the caller shows it as written", () => {
    for (const odd of [null, 3, "x", [], {}, { mustBeBetween: [1] }, { mustBeBetween: 5 }, { mustBe: { a: 1 } }, { somethingElse: 1 }, { mustBe: 0, other: 1 }]) {
      expect(thresholdForReading(odd), JSON.stringify(odd)).toBeUndefined();
    }
  });
});

describe("valueWithUnit", () => {
  it("writes percent as %, counts rows in the singular for one, and other units after a space", () => {
    expect(valueWithUnit("25", "percent")).toBe("25%");
    expect(valueWithUnit("1", "rows")).toBe("1 row");
    expect(valueWithUnit("1.5", "d")).toBe("1.5 d");
    expect(valueWithUnit("VARCHAR", "rows")).toBe("VARCHAR");
    expect(valueWithUnit("4", undefined)).toBe("4");
  });

  it("reads an SLA unit written as a word in the number's form and lower case, abbreviations as written", () => {
    expect(valueWithUnit("1", "days")).toBe("1 day");
    expect(valueWithUnit("9", "Days")).toBe("9 days");
    expect(valueWithUnit("2", "hour")).toBe("2 hours");
    expect(valueWithUnit("1.5", "Years")).toBe("1.5 years");
    expect(valueWithUnit("1", "hrs")).toBe("1 hr");
    expect(valueWithUnit("1", "ms")).toBe("1 ms");
    // `m` is months, which a reader who means minutes by it must see: spelt out.
    expect(valueWithUnit("36", "m")).toBe("36 months");
    expect(valueWithUnit("1", "M")).toBe("1 month");
    expect(valueWithUnit("15", "mo")).toBe("15 mo");
    expect(valueWithUnit("12", "H")).toBe("12 h");
    expect(valueWithUnit("2", "fortnights")).toBe("2 fortnights");
  });
});
