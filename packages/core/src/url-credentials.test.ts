import { describe, expect, it } from "vitest";
import { percentDecode, urlCredentials } from "./url-credentials.js";

describe("urlCredentials", () => {
  it("decodes the user and password as HTTP Basic sends them", () => {
    expect(urlCredentials(new URL("https://ci%40acme:p%40ss%2Fw%C3%B6rd@host"))).toEqual({ username: "ci@acme", password: "p@ss/wörd" });
  });

  it("keeps a % that starts no escape, as WHATWG's percent-decode does, instead of throwing", () => {
    // decodeURIComponent("s3%cret") throws URIError: a hand-typed password became an internal error.
    expect(urlCredentials(new URL("http://us%zzer:s3%cret%@host"))).toEqual({ username: "us%zzer", password: "s3%cret%" });
    expect(percentDecode("100%")).toBe("100%");
    expect(percentDecode("%4")).toBe("%4");
    expect(percentDecode("a%2")).toBe("a%2");
  });

  it("returns empty strings for a URL without credentials", () => {
    expect(urlCredentials(new URL("http://host:9091"))).toEqual({ username: "", password: "" });
  });
});
