import { describe, expect, it } from "vitest";
import { closeCandidates, closest } from "./suggest.js";

describe("closeCandidates", () => {
  it("takes one edit as a typo of a short word, two only between words of five letters or more", () => {
    expect(closest("tag", ["tags", "id"])).toBe("tags");
    expect(closest("typ", ["type"])).toBe("type");
    expect(closest("nmae", ["name"])).toBe("name");
    // Two edits turn any short word into another.
    for (const word of ["pii", "pk", "min", "x", "zz"]) expect(closest(word, ["id"]), word).toBeUndefined();
    expect(closest("note", ["name"])).toBeUndefined();
    expect(closest("ttl", ["url"])).toBeUndefined();
    // Long words keep their two edits.
    expect(closest("physcalNme", ["physicalName"])).toBe("physicalName");
    expect(closeCandidates("depreacted", ["deprecated"])).toEqual(["deprecated"]);
  });

  it("reads case-only differences as the word itself, whatever its length", () => {
    expect(closest("ID", ["id"])).toBe("id");
    expect(closest("Kind", ["kind"])).toBe("kind");
  });
});
