import { describe, expect, it } from "vitest";
import { isoInstant, knownTimeZone, readIsoDateTime, readIsoTime, temporalBoundProblem, timeBoundSeconds, unknownTimeZoneProblem } from "./temporal-bounds.js";

describe("temporal bounds, read alike by contract-lint and contract-test", () => {
  it.each(["2024-01-31", "2024-01-31T10:00", "2024-01-31 10:00:00.5", "2024-01-31T10:00:00Z", "2024-01-31T10:00:00+0200", " 0001-01-01 "])("reads %j as a date or date-time", (text) => {
    expect(readIsoDateTime(text)).toBeDefined();
    expect(temporalBoundProblem("timestamp", text)).toBeUndefined();
    expect(temporalBoundProblem("date", text)).toBeUndefined();
  });
  it.each(["yesterday", "2024-02-30", "2024-13-01", "2024-01-31T24:00:00", "2024-01-31T10:00:00+25:00", "31.01.2024", ""])("refuses %j", (text) => {
    expect(readIsoDateTime(text)).toBeUndefined();
    expect(temporalBoundProblem("timestamp", text)).toBe("must be a timestamp written as text (ISO 8601: `2024-01-31T10:00:00Z`, or without an offset)");
  });
  it("reads times of day, 24:00:00 the end of the day included", () => {
    expect(readIsoTime("9:05")).toEqual({ hour: "9", minute: "05" });
    expect(readIsoTime("24:00:00")).toEqual({ hour: "24", minute: "00", second: "00" });
    expect(readIsoTime("10:00:00.123")).toEqual({ hour: "10", minute: "00", second: "00", fraction: ".123" });
    // With an offset: that time at UTC, across midnight too, and when the offset's day starts at UTC; an offset beyond 23:59 is none.
    expect(readIsoTime("08:00:00+01:00")).toEqual({ hour: "07", minute: "00", second: "00", dayStart: "23:00:00" });
    expect(readIsoTime("00:30+02:00")).toEqual({ hour: "22", minute: "30", dayStart: "22:00:00" });
    expect(readIsoTime("23:45:10-0130")).toEqual({ hour: "01", minute: "15", second: "10", dayStart: "01:30:00" });
    expect(readIsoTime("10:00Z")).toEqual({ hour: "10", minute: "00" });
    expect(readIsoTime("10:00+00:00")).toEqual({ hour: "10", minute: "00" });
    expect(readIsoTime("10:00:00+24:00")).toBeUndefined();
    for (const text of ["25:00", "24:00:01", "10:60", "noon"]) expect(temporalBoundProblem("time", text)).toBe("must be a time written as text (ISO 8601: `10:00:00`, or with an offset: `10:00:00+02:00`)");
    expect(temporalBoundProblem("date", 5)).toBe("must be a date written as text (ISO 8601: `2024-01-31`)");
  });
  it("reads a time bound as seconds into its own offset's day", () => {
    expect(timeBoundSeconds("10:00:30.5")).toEqual({ seconds: 36_030.5 });
    expect(timeBoundSeconds("10:00Z")).toEqual({ seconds: 36_000 });
    // 01:00+02:00 is 23:00 at UTC, but the first hours of its own day, which starts at 22:00 at UTC.
    expect(timeBoundSeconds("01:00+02:00")).toEqual({ seconds: 3600, dayStart: "22:00:00" });
    expect(timeBoundSeconds("09:00:00+0100")).toEqual(timeBoundSeconds("09:00+01:00"));
    expect(timeBoundSeconds("noon")).toBeUndefined();
  });
  it("knows time zones as the ICU database does, every name of UTC as UTC", () => {
    expect(knownTimeZone("Etc/UTC")).toBe("UTC");
    expect(knownTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(knownTimeZone("Mars/Olympus")).toBeUndefined();
    expect(unknownTimeZoneProblem(" Europe/Berlin ")).toBeUndefined();
    expect(unknownTimeZoneProblem("Mars/Olympus")).toBe('"Mars/Olympus" is not a time zone name (IANA names such as `UTC`, `Europe/Berlin`, `America/New_York`)');
  });
  it("reads a date-time without an offset as wall-clock time in a zone, across a DST change too", () => {
    expect(isoInstant("2024-06-01T01:00:00", "Europe/Berlin")).toBe(Date.parse("2024-05-31T23:00:00Z"));
    expect(isoInstant("2024-01-01 01:00", "Europe/Berlin")).toBe(Date.parse("2024-01-01T00:00:00Z"));
    expect(isoInstant("2024-06-01T01:00:00+0300", "Europe/Berlin")).toBe(Date.parse("2024-05-31T22:00:00Z"));
    expect(isoInstant("2024-06-01")).toBe(Date.parse("2024-06-01T00:00:00Z"));
  });
});
