import { describe, expect, it } from "vitest";
import { parseZonedTime } from "./zoned-time.js";

describe("parseZonedTime", () => {
  it("reads a date or a date-time with its zone as the instant it names", () => {
    expect(parseZonedTime("2026-06-30T08:00:00+02:00", "--now").toISOString()).toBe("2026-06-30T06:00:00.000Z");
    expect(parseZonedTime("2026-06-30", "--now").toISOString()).toBe("2026-06-30T00:00:00.000Z");
  });

  it("shows an empty text quoted and a long one cut in its one-line message, as a results file may hold any string", () => {
    expect(() => parseZonedTime("", "r.json: finishedAt")).toThrow('r.json: finishedAt "": not an ISO 8601 time with a zone; write e.g. 2026-06-30T06:00:00Z');
    expect(() => parseZonedTime(" ", "--now")).toThrow('--now " ": not an ISO 8601 time with a zone');
    const long = `2026-06-30T06:00:00Z${"x".repeat(100_000)}`;
    expect(() => parseZonedTime(long, "r.json: finishedAt")).toThrow(`r.json: finishedAt 2026-06-30T06:00:00Z${"x".repeat(19)}…: not an ISO 8601 time with a zone`);
    const message = (() => {
      try {
        parseZonedTime(long, "r.json: finishedAt");
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    expect(message.length).toBeLessThan(200);
    // A time of ordinary length is shown whole.
    expect(() => parseZonedTime("2026-02-30T06:00:00.123456789+02:00", "--now")).toThrow("--now 2026-02-30T06:00:00.123456789+02:00: no such date or time");
  });
});
