import { describe, expect, it } from "vitest";
import { normalizedQualityRule, numberInText, odcsLibraryMetric, selectsCount } from "./quality-metrics.js";

describe("ODCS library metrics", () => {
  it("reads v3.0 rule names as the v3.1 metric each became, and nothing else", () => {
    expect(["nullCheck", "notNull", "duplicateCount", "unique", "validValues", "rowCount", "nullValues"].map(odcsLibraryMetric)).toEqual([
      "nullValues",
      "nullValues",
      "duplicateValues",
      "duplicateValues",
      "invalidValues",
      "rowCount",
      "nullValues",
    ]);
    expect(odcsLibraryMetric("constructor")).toBeUndefined();
    expect(odcsLibraryMetric("nullcheck")).toBeUndefined();
    expect(odcsLibraryMetric(3)).toBeUndefined();
  });

  it("reads a number written as text in decimal only: '0x10' is no 16, '1e3' is 1000", () => {
    expect(["5", " -1.5 ", ".5", "1e3", "+2E-1"].map(numberInText)).toEqual([5, -1.5, 0.5, 1000, 0.2]);
    expect(["0x10", "0o17", "0b11", "", " ", "NaN", "Infinity", "1e400", "5 rows", "1_000"].map(numberInText)).toEqual(Array(10).fill(undefined));
  });

  it("tells a query that selects a count from one that computes with it", () => {
    for (const query of ["SELECT count(*) FROM {object} WHERE a < 0", "  select COUNT( 1 )\nfrom t", "SELECT count(DISTINCT id) AS n FROM t"]) expect(selectsCount(query), query).toBe(true);
    for (const query of ["SELECT 100.0 * count(*) FILTER (WHERE a < 0) / count(*) FROM t", "SELECT count(*) * 2 FROM t", "SELECT avg(x) FROM t", 7]) expect(selectsCount(query), String(query)).toBe(false);
  });

  it("writes a rule as v3.1 does: rule → metric, type default → library, an assertion's implied mustBe: 0", () => {
    expect(normalizedQualityRule({ rule: "nullCheck" })).toEqual({ type: "library", metric: "nullValues", mustBe: 0 });
    expect(normalizedQualityRule({ type: "default", rule: "duplicateCount", mustBeLessThan: 5 })).toEqual({ type: "library", metric: "duplicateValues", mustBeLessThan: 5 });
    expect(normalizedQualityRule({ metric: "nullValues", mustBe: 0, unit: "percent" })).toEqual({ type: "library", metric: "nullValues", mustBe: 0, unit: "percent" });
    expect(normalizedQualityRule({ type: "sql", query: "SELECT 1", mustBe: 1 })).toEqual({ type: "sql", query: "SELECT 1", mustBe: 1 });
    expect(normalizedQualityRule({ rule: "somethingElse", mustBe: 1 })).toEqual({ rule: "somethingElse", mustBe: 1 });
  });
});
