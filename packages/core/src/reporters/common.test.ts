import { describe, expect, it } from "vitest";
import {
  docsUrlOf,
  groupByFile,
  regionOf,
  ruleDocsUrl,
  singleLine,
  stripControlChars,
  summaryPhrase,
  toPosixPath,
  toWellFormed,
} from "./common.js";
import { finding } from "./test-support.js";

describe("reporter helpers", () => {
  it("repairs lone surrogates and keeps pairs", () => {
    expect(toWellFormed("a\uD800b\uDC00c🚀")).toBe("a\uFFFDb\uFFFDc🚀");
    expect(toWellFormed("\uD83D\uD83D\uDE80")).toBe("\uFFFD🚀");
  });

  it("strips control characters but keeps tab and line breaks", () => {
    expect(stripControlChars("a\u0000b\u001bc\u007fd\u009be\tf\ng\rh")).toBe("abcde\tf\ng\rh");
    // Bidirectional overrides and isolates reorder what a reader sees (Trojan Source); other formatting characters stay.
    expect(stripControlChars("x\u202eevil\u202c \u2066y\u2069 z\u200dw")).toBe("xevil y z\u200dw");
    expect(singleLine("a\r\nb\nc\u2028d")).toBe("a b c d");
  });

  it("strips exactly the unsafe controls, over every code point and lone surrogates", () => {
    const unsafe = (code: number) => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    for (let code = 0; code <= 0x10ffff; code += code < 0x30000 ? 1 : 0x101) {
      const ch = String.fromCodePoint(code);
      const wellFormed = code >= 0xd800 && code <= 0xdfff ? "\uFFFD" : ch;
      if (stripControlChars(`a${ch}b`) !== `a${unsafe(code) ? "" : wellFormed}b`) expect.fail(`U+${code.toString(16)}`);
    }
  });

  it("normalises paths to forward slashes without a leading ./", () => {
    expect(toPosixPath(".\\a\\b.yaml", "\\")).toBe("a/b.yaml");
    // On Linux and macOS a backslash is a character of a file's name: `a\b.yaml` is not `a/b.yaml`.
    expect(toPosixPath("./a\\b.yaml", "/")).toBe("a\\b.yaml");
    expect(toPosixPath("./././a.yaml")).toBe("a.yaml");
    expect(toPosixPath("../a.yaml")).toBe("../a.yaml");
  });

  it("clamps regions to 1-based positions with the end not before the start", () => {
    const at = (line: number, column: number, endLine?: number, endColumn?: number) =>
      regionOf(finding({ ruleId: "r", file: "a", line, column, endLine, endColumn }));
    expect(at(0, -3)).toEqual({ line: 1, column: 1 });
    expect(at(5, 4, 5, 9)).toEqual({ line: 5, column: 4, endLine: 5, endColumn: 9 });
    expect(at(5, 4, 5, 2)).toEqual({ line: 5, column: 4, endLine: 5 });
    expect(at(5, 4, 3, 9)).toEqual({ line: 5, column: 4, endColumn: 9 });
    expect(at(5, 4, 7, 1)).toEqual({ line: 5, column: 4, endLine: 7, endColumn: 1 });
    expect(at(2.7, Number.NaN)).toEqual({ line: 2, column: 1 });
  });

  it("phrases counts", () => {
    expect(summaryPhrase({ errors: 1, warnings: 2, infos: 1, files: 1 })).toBe("1 error, 2 warnings, 1 info in 1 file");
    expect(summaryPhrase({ errors: 0, warnings: 0, infos: 0, files: 0 })).toBe("no problems in 0 files");
  });

  it("links docs safely", () => {
    expect(docsUrlOf(finding({ ruleId: "a-b", file: "f", line: 1, column: 1 }))).toBe(
      "https://github.com/meshkit/meshkit/blob/main/docs/rules/a-b.md",
    );
    expect(docsUrlOf(finding({ ruleId: "a-b", file: "f", line: 1, column: 1, docsUrl: "javascript:alert(1)" }))).toBe(
      "https://github.com/meshkit/meshkit/blob/main/docs/rules/a-b.md",
    );
    expect(docsUrlOf(finding({ ruleId: "a-b", file: "f", line: 1, column: 1, docsUrl: "https://x.dev/a b" }))).toBe(
      "https://x.dev/a%20b",
    );
    expect(ruleDocsUrl("odd id/é")).toBe("https://github.com/meshkit/meshkit/blob/main/docs/rules/odd%20id%2F%C3%A9.md");
  });

  it("groups sorted findings by file in order", () => {
    const f = (file: string, line: number) => finding({ ruleId: "r", file, line, column: 1 });
    const groups = groupByFile([f("a", 1), f("a", 2), f("b", 1)]);
    expect([...groups.keys()]).toEqual(["a", "b"]);
    expect(groups.get("a")!.map((x) => x.line)).toEqual([1, 2]);
  });
});
