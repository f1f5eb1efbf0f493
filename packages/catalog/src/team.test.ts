import { describe, expect, it } from "vitest";
import { isCurrentMember } from "./team.js";

describe("isCurrentMember", () => {
  const asOf = new Date("2026-12-01T00:00:00Z");
  it("keeps a member without dateOut, or whose dateOut is still to come", () => {
    expect(isCurrentMember({}, asOf)).toBe(true);
    expect(isCurrentMember({ dateOut: "" }, asOf)).toBe(true);
    expect(isCurrentMember({ dateOut: "2027-01-31" }, asOf)).toBe(true);
    expect(isCurrentMember({ dateOut: new Date("2027-01-31") }, asOf)).toBe(true);
  });
  it("drops a member from their dateOut on, and one whose dateOut is not a date", () => {
    expect(isCurrentMember({ dateOut: "2026-12-01" }, asOf)).toBe(false);
    expect(isCurrentMember({ dateOut: "2023-01-01" }, asOf)).toBe(false);
    expect(isCurrentMember({ dateOut: "someday" }, asOf)).toBe(false);
    expect(isCurrentMember({ dateOut: 20230101 }, asOf)).toBe(false);
  });
});
