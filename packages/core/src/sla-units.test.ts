import { describe, expect, it } from "vitest";
import { isoDurationSeconds, isoDurationValueHint, retentionExpirationDays, secondsPerSlaUnit, slaValueNumber } from "./sla-units.js";

const DAY = 86_400;

describe("retentionExpirationDays (a retention as the days a deleting lifecycle rule waits)", () => {
  it("keeps nothing older than the retention contract-test checks, even after S3 rounds the expiry up to the next midnight", () => {
    for (const [value, unit] of [[1, "y"], [7, "y"], [10, "years"], [3, "y"], [9, "m"], [36, "m"], [0.75, "y"], [90, "d"], [3, "w"], [2.5, "d"], [72, "h"]] as const) {
      const days = retentionExpirationDays(value, unit)!;
      const checked = value * secondsPerSlaUnit(unit)!;
      // The latest an object written just after midnight is gone: `days` later, rounded up to the next midnight.
      expect((days + 1) * DAY, `${value} ${unit}`).toBeLessThanOrEqual(checked);
      expect(Number.isInteger(days) && days >= 1).toBe(true);
    }
  });

  it("counts years and months at the fixed lengths every stage compares with, not the calendar", () => {
    expect(retentionExpirationDays(1, "y")).toBe(364); // contract-test fails a row 365 d + 1 s old
    expect(retentionExpirationDays(7, "y")).toBe(2554);
    expect(retentionExpirationDays(36, "m")).toBe(retentionExpirationDays(3, "y"));
    expect(retentionExpirationDays(9, "m")).toBe(272); // 9 × 30.42 d = 273.75 d
    expect(retentionExpirationDays(90, "d")).toBe(89);
    expect(retentionExpirationDays(3, "w")).toBe(20);
  });

  it("waits at least a day (no store takes a shorter rule), and undefined for a unit that is no duration", () => {
    expect(retentionExpirationDays(25, "h")).toBe(1);
    expect(retentionExpirationDays(1, "d")).toBe(1);
    expect(retentionExpirationDays(1, "parsec")).toBeUndefined();
  });
});

describe("slaValueNumber (an SLA value as the number every stage reads)", () => {
  it("reads numbers and decimal text", () => {
    expect(slaValueNumber(4)).toBe(4);
    expect(slaValueNumber("4")).toBe(4);
    expect(slaValueNumber("2.5")).toBe(2.5);
    expect(slaValueNumber("2e1")).toBe(20); // decimal with an exponent, as YAML's own floats are written
    expect(slaValueNumber(" 2 ")).toBe(2); // as quality thresholds: surrounding blanks are no part of the number
  });

  it("refuses hexadecimal, octal and binary text, infinities, NaN and non-numbers, which Number() would read", () => {
    for (const value of ["0x2", "0X2", "0b11", "0o7", "Infinity", "-Infinity", "NaN", "", " ", "2 d", "1_000", Number.POSITIVE_INFINITY, Number.NaN, true, null, undefined, [2], { value: 2 }]) {
      expect(slaValueNumber(value), JSON.stringify(value) ?? String(value)).toBeUndefined();
    }
  });
});

describe("isoDurationValueHint (an SLA value written as an ISO 8601 duration)", () => {
  it.each([
    ["PT4H", "value: 4` with `unit: h"],
    [" p2w ", "value: 2` with `unit: w"],
    ["P1M", "value: 1` with `unit: mo"],
    ["PT15M", "value: 15` with `unit: min"],
    ["P1DT12H", "value: 36` with `unit: h"],
    ["PT0,5S", "value: 0.5` with `unit: s"],
  ])("says what to write for %j", (value, written) => {
    expect(isoDurationValueHint(value)).toContain(`write it as \`${written}\``);
  });

  it.each(["PT0S", "P0D", "PT0H0M"])("does not say to write %j of an SLA that must be above zero as `value: 0`, which lint and contract-test refuse", (value) => {
    expect(isoDurationValueHint(value)).toContain("write it as `value: 0`");
    const hint = isoDurationValueHint(value, { positive: true });
    expect(hint).toContain("of zero length: write a positive number as `value` with a `unit`");
    expect(hint).not.toContain("value: 0");
  });

  it("says a part too small for its unit in milliseconds, not as `value: 0`", () => {
    expect(isoDurationValueHint("PT0.0002S", { positive: true })).toContain("write it as `value: 0.2` with `unit: ms`");
  });

  it.each([
    ["PT0.0000001S", "value: 0.0001` with `unit: ms"],
    ["PT0.0000000001S", "value: 0.0000001` with `unit: ms"],
    ["PT0.0006S", "value: 0.0006` with `unit: s"],
    ["PT1.0000001S", "value: 1.0000001` with `unit: s"],
  ])("says %j as the positive plain decimal it is, never rounded to 0 or written with an exponent", (value, written) => {
    const hint = isoDurationValueHint(value, { positive: true })!;
    expect(hint).toContain(`write it as \`${written}\``);
    const amount = /value: ([^`]*)`/.exec(hint)![1]!;
    expect(slaValueNumber(amount)! * secondsPerSlaUnit(/unit: ([^`]*)`/.exec(hint)![1]!)!).toBeCloseTo(isoDurationSeconds(value)!, 15);
  });

  it.each([["4"], [4], ["P"], ["PT"], ["P1DT"], ["4 h"], ["PT4X"], [undefined]])("is none for %j", (value) => {
    expect(isoDurationValueHint(value)).toBeUndefined();
  });
});

describe("isoDurationSeconds (the length of an SLA value written as an ISO 8601 duration)", () => {
  it("is that duration in the SLA units' seconds, the length of the value and unit isoDurationValueHint says to write", () => {
    expect(isoDurationSeconds("PT24H")).toBe(24 * 3600);
    expect(isoDurationSeconds("P1DT12H")).toBe(36 * 3600);
    expect(isoDurationSeconds("P1Y2M")).toBe(14 * secondsPerSlaUnit("mo")!);
    expect([isoDurationSeconds("4"), isoDurationSeconds(4), isoDurationSeconds("PT"), isoDurationSeconds(undefined)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
