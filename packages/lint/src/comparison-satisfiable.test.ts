import { describe, expect, it } from "vitest";
import { comparisonsSatisfiable, describeComparisons } from "./comparison-satisfiable.js";

const COUNT = { wholeNumbers: true, min: 0 };
const PERCENT = { wholeNumbers: false, min: 0, max: 100 };
const ANY = { wholeNumbers: false };

describe("comparisonsSatisfiable", () => {
  it("finds a count between two bounds only when a whole number lies strictly inside (between excludes its bounds)", () => {
    expect(comparisonsSatisfiable([{ comparator: "mustBeBetween", value: [0, 1] }], COUNT)).toBe(false);
    expect(comparisonsSatisfiable([{ comparator: "mustBeBetween", value: [0, 2] }], COUNT)).toBe(true);
    expect(comparisonsSatisfiable([{ comparator: "mustBeBetween", value: [0, 1] }], PERCENT)).toBe(true);
  });
  it("reads several comparisons as all holding", () => {
    const contradict = [
      { comparator: "mustBeGreaterThan", value: 100 },
      { comparator: "mustBeLessThan", value: 10 },
    ] as const;
    expect(comparisonsSatisfiable(contradict, ANY)).toBe(false);
    expect(comparisonsSatisfiable([{ comparator: "mustBeGreaterOrEqualTo", value: 5 }, { comparator: "mustBeLessOrEqualTo", value: 5 }], ANY)).toBe(true);
    expect(comparisonsSatisfiable([{ comparator: "mustBe", value: 5 }, { comparator: "mustNotBe", value: 5 }], ANY)).toBe(false);
    expect(comparisonsSatisfiable([{ comparator: "mustNotBeBetween", value: [0, 10] }, { comparator: "mustBeLessThan", value: 5 }], ANY)).toBe(true);
    expect(comparisonsSatisfiable([{ comparator: "mustNotBeBetween", value: [0, 10] }, { comparator: "mustBeLessThan", value: 5 }], COUNT)).toBe(true);
    expect(comparisonsSatisfiable([{ comparator: "mustNotBeBetween", value: [0, 10] }, { comparator: "mustBeLessThan", value: 5 }], PERCENT)).toBe(true);
    expect(comparisonsSatisfiable([{ comparator: "mustNotBeBetween", value: [-1, 10] }, { comparator: "mustBeLessThan", value: 5 }], COUNT)).toBe(false);
  });
  it("keeps a count whole and from 0, a percentage within 0 to 100", () => {
    expect(comparisonsSatisfiable([{ comparator: "mustBeLessThan", value: 0 }], COUNT)).toBe(false);
    expect(comparisonsSatisfiable([{ comparator: "mustBe", value: 2.5 }], COUNT)).toBe(false);
    expect(comparisonsSatisfiable([{ comparator: "mustBeGreaterThan", value: 2.5 }, { comparator: "mustBeLessThan", value: 3 }], COUNT)).toBe(false);
    expect(comparisonsSatisfiable([{ comparator: "mustBeGreaterThan", value: 100 }], PERCENT)).toBe(false);
    expect(comparisonsSatisfiable([{ comparator: "mustBeLessThan", value: 0 }], ANY)).toBe(true);
  });
  it("says the comparisons as a reader would", () => {
    expect(describeComparisons([{ comparator: "mustBeGreaterThan", value: 100 }, { comparator: "mustNotBeBetween", value: [1, 5] }])).toBe("more than 100 and at most 1 or at least 5");
  });
});
