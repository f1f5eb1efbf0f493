import { describe, expect, it } from "vitest";
import { oneLine, stripControls } from "./text.js";

describe("stripControls", () => {
  it("drops terminal escapes and C1 controls, keeps tabs and line breaks", () => {
    expect(stripControls("a\u001b[31mb\u0007\u009bc\td\r\ne")).toBe("a[31mbc\td\r\ne");
  });
});

describe("oneLine", () => {
  it("joins lines with single spaces and trims", () => {
    expect(oneLine("  first\r\n\nsecond\u2028third\u0000 ")).toBe("first second third");
  });
});
