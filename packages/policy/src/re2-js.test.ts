import { re2js } from "@meshkit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sameRegExp } from "./re2-js.js";

/** RE2's answer, or undefined when RE2 refuses the pattern. */
function re2(pattern: string, text: string): boolean | undefined {
  let re;
  try {
    re = re2js().compile(pattern);
  } catch {
    return undefined;
  }
  return re.test(text);
}

const TEXTS = ["", "owner", "Data Product Owner", "data_owner", "productOwner", "a.b", "a\nb", "a\r\nb\n", "x-1.2.3", "é", "日本", "😀x", "s3://bucket/key", "aws_s3_bucket.logs", "ab\u2028cd", "0123456789abcdef", "A-Z", "[x]", "{1}", "$^"];

describe("RE2 patterns read by a RegExp", () => {
  it("answers as RE2 does for the patterns of the subset, and declines the others", () => {
    const within = [
      "(^|[^a-z0-9])\\Qowner\\E([^a-z0-9]|$)",
      "[a-z0-9]\\QOwner\\E([^a-z0-9]|$)",
      "[a-z0-9]\\Qa.b+(c)[d]{e}|f\\E([^a-z0-9]|$)",
      "(^|[^A-Za-z0-9_.])aws_s3_bucket[.]logs([^A-Za-z0-9_-]|$)",
      "^(s3|s3a|s3n|gs|gcs|abfs|abfss|wasb|wasbs|az|adl)://",
      "^[0-9a-f]{8}-[0-9a-f]{4}$",
      "^CC-[0-9]{3}$",
      "a.b",
      "^.$",
      "\\d\\w\\D\\W",
      "[\\d_-]",
      "\\.\\-\\#\\/",
      "colou?r",
      "(?:x|y)z",
      "b$",
      "^a",
      "日本",
    ];
    const outside = ["a*", "a+", "a{2,3}", "(ab){2}", "\\s", "\\bword", "(?i)owner", "[[:alpha:]]", "\\pL", "(?P<n>x)", "\\x41", "[]a]", "a{", "(a|b|c|d|e|f|g|h|i)(a|b|c|d|e|f|g|h|i)(a|b|c|d)", "\\Ax", "a(b"];
    for (const pattern of within) {
      const js = sameRegExp(pattern);
      expect(js, pattern).toBeDefined();
      for (const text of [...TEXTS, pattern.replace(/[\\^$[\]]/g, "")]) expect(js!.test(text), `${pattern} on ${JSON.stringify(text)}`).toBe(re2(pattern, text));
    }
    for (const pattern of outside) expect(sameRegExp(pattern), pattern).toBeUndefined();
  });

  it("answers as RE2 does for generated patterns and texts", () => {
    const char = fc.constantFrom("a", "b", "A", "0", "9", "_", "-", ".", " ", "\n", "\r", "é", "😀", "/", "$", "^", "|", "(", ")", "[", "]", "{", "}", "?", "*", "+", "\\");
    const atom = fc.oneof(
      fc.constantFrom("a", "b", "A", "0", "-", " ", "é", "😀", ".", "^", "$", "\\.", "\\-", "\\d", "\\w", "\\D", "\\W", "\\$", "\\(", "\\[", "\\{", "/", "#"),
      fc.constantFrom("[a-z]", "[^a-z0-9]", "[A-Za-z0-9_.-]", "[.]", "[^\\n]", "[\\d_]", "[é😀]", "[^a]"),
      fc.string({ unit: char, maxLength: 4 }).map((text) => `\\Q${text.replaceAll("\\E", "")}\\E`),
    );
    const pattern: fc.Arbitrary<string> = fc.letrec<{ seq: string; node: string }>((tie) => ({
      seq: fc.array(tie("node"), { minLength: 0, maxLength: 4 }).map((xs) => xs.join("")),
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        atom,
        atom.map((a) => `${a}?`),
        fc.tuple(atom, fc.integer({ min: 0, max: 3 })).map(([a, n]) => `${a}{${n}}`),
        fc.array(tie("seq"), { minLength: 1, maxLength: 3 }).map((xs) => `(${xs.join("|")})`),
        fc.array(tie("seq"), { minLength: 1, maxLength: 3 }).map((xs) => `(?:${xs.join("|")})?`),
      ),
    })).seq;
    let compared = 0;
    fc.assert(
      fc.property(pattern, fc.array(fc.string({ unit: char, maxLength: 8 }), { minLength: 1, maxLength: 4 }), (p, texts) => {
        const js = sameRegExp(p);
        if (!js) return;
        for (const text of texts) {
          const expected = re2(p, text);
          // The subset holds only patterns RE2 reads.
          expect(expected, p).toBeDefined();
          expect(js.test(text), `${p} on ${JSON.stringify(text)}`).toBe(expected);
          compared++;
        }
      }),
      { numRuns: 3000 },
    );
    expect(compared).toBeGreaterThan(1000);
  });

  it("takes the patterns the built-in pack builds (its hot ones)", () => {
    const ownership = readFileSync(fileURLToPath(new URL("../packs/platform-baseline/ownership.yaml", import.meta.url)), "utf8");
    expect(ownership).toContain("\\\\Q' + r.trim().lowerAscii() + '\\\\E");
    expect(sameRegExp("(^|[^a-z0-9])\\Qdata steward\\E([^a-z0-9]|$)")?.test("lead data steward")).toBe(true);
  });
});
