import { describe, expect, it } from "vitest";
import { publisherName } from "./catalog.js";

describe("publisherName", () => {
  it("takes a blank GITHUB_ACTOR or USER for unset (git refuses an empty author)", () => {
    expect(publisherName({ GITHUB_ACTOR: "", USER: "lena" })).toBe("lena");
    expect(publisherName({ GITHUB_ACTOR: " ", USER: " " })).toBe("meshkit");
    expect(publisherName({ GITHUB_ACTOR: "ana", USER: "lena" })).toBe("ana");
  });
});
