import { describe, expect, it } from "vitest";
import { calendarDaysAtLeast, secondsPerSlaUnit } from "./sla-units.js";

const DAY = 86_400_000;

/** The most days `count` months (or years, `perStep` 12) after a start take, over 400 years of start dates (the 1st, 15th and 28th, and 29 February). */
function longestSpan(count: number, monthsPerStep: number): number {
  let longest = 0;
  for (let year = 2000; year < 2400; year++) {
    for (let month = 0; month < 12; month++) {
      for (const day of month === 1 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? [1, 15, 28, 29] : [1, 15, 28]) {
        const start = Date.UTC(year, month, day);
        const end = Date.UTC(year, month + count * monthsPerStep, day);
        longest = Math.max(longest, (end - start) / DAY);
      }
    }
  }
  return longest;
}

describe("calendarDaysAtLeast (a retention as the days a deleting rule waits)", () => {
  it("is never shorter than the calendar: 1 to 120 months, 1 to 30 years, from any start in four centuries", () => {
    for (let months = 1; months <= 120; months += months < 24 ? 1 : 7) expect(calendarDaysAtLeast(months, "m"), `${months} months`).toBeGreaterThanOrEqual(longestSpan(months, 1));
    for (let years = 1; years <= 30; years++) expect(calendarDaysAtLeast(years, "years"), `${years} years`).toBeGreaterThanOrEqual(longestSpan(years, 12));
  });

  it("waits at most a few days longer than the longest run of the calendar", () => {
    expect(calendarDaysAtLeast(7, "y")).toBe(2559); // 7 × 365 + 2 leap days is 2,557
    expect(calendarDaysAtLeast(10, "y")).toBe(3655); // 3,653 with three leap days
    expect(calendarDaysAtLeast(9, "m")).toBe(276); // May to January
    expect(calendarDaysAtLeast(0.75, "y")).toBe(276);
    expect(calendarDaysAtLeast(1, "year")).toBe(368);
  });

  it("takes days, weeks and hours at their one length, rounded up to whole days", () => {
    expect(calendarDaysAtLeast(2555, "d")).toBe(2555);
    expect(calendarDaysAtLeast(3, "w")).toBe(21);
    expect(calendarDaysAtLeast(25, "h")).toBe(2);
    expect(calendarDaysAtLeast(1, "parsec")).toBeUndefined();
    // The fixed lengths every other stage compares with are unchanged: 7 y is 2,555 days there.
    expect((7 * secondsPerSlaUnit("y")!) / 86_400).toBe(2555);
  });
});
