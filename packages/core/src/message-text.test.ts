import { describe, expect, it } from "vitest";
import { oneLine, withoutUrlCredentials, writtenOnOneLine, yamlNumberText } from "./message-text.js";

describe("withoutUrlCredentials", () => {
  it("drops the userinfo of every URL in a text, up to the last @ of its authority", () => {
    expect(withoutUrlCredentials("https://user:token@host/x")).toBe("https://host/x");
    // A password may hold an @: nothing of it is left.
    expect(withoutUrlCredentials("https://u:p@ss@host:8080/v1?a=b@c")).toBe("https://host:8080/v1?a=b@c");
    expect(withoutUrlCredentials("push to http://a:b@one/x and git://c@two failed")).toBe("push to http://one/x and git://two failed");
    expect(withoutUrlCredentials(String.raw`http:\\u:p@host`)).toBe(String.raw`http:\\host`);
    expect(withoutUrlCredentials("  http:user:pw@host/x")).toBe("  http:host/x");
  });

  it("masks instead when asked, and leaves text without userinfo as written", () => {
    expect(withoutUrlCredentials("clone https://x-access-token:ghs_1@github.com/o/r.git", "***@")).toBe("clone https://***@github.com/o/r.git");
    for (const text of ["https://host/path@v2", "see note:a@b", "mail a@b.example", "https://host/?q=a@b", "https://host#x@y"]) {
      expect(withoutUrlCredentials(text)).toBe(text);
    }
  });
});

describe("oneLine", () => {
  it("collapses whitespace and cuts with an ellipsis", () => {
    expect(oneLine("  a\n\tb  c ")).toBe("a b c");
    expect(oneLine("abcdef", 4)).toBe("abc…");
    expect(oneLine("abcd", 4)).toBe("abcd");
  });
});

describe("yamlNumberText", () => {
  it("writes NaN and the infinities as YAML does, other numbers as they are", () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 4, -0.5].map(yamlNumberText)).toEqual([".nan", ".inf", "-.inf", "4", "-0.5"]);
  });
});

describe("writtenOnOneLine", () => {
  it("keeps a value's source as written when it is one line, and shows JSON for a block that spans lines", () => {
    expect(writtenOnOneLine(1, "1.0")).toBe("1.0");
    expect(writtenOnOneLine([1, 2], "[1, 2]\n")).toBe("[1, 2]");
    expect(writtenOnOneLine([{ url: "https://x", type: "t" }], "- url: https://x\n    type: t\n")).toBe('[{"url":"https://x","type":"t"}]');
    expect(writtenOnOneLine(true, undefined)).toBe("true");
    expect(writtenOnOneLine(null, "  ")).toBe("null");
  });
});
