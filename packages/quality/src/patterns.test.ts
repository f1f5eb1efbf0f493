import { type DuckDBConnection, DuckDBInstance, LIST, VARCHAR, listValue } from "@duckdb/node-api";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STRING_FORMAT_PATTERNS } from "./checks.js";
import { type PatternTranslation, ecmaPatternToRe2, javaPattern, javaProperties, postgresPattern, snowflakePattern, snowflakeRegexPattern } from "@meshkit/core";

function translated(translation: PatternTranslation): string {
  if ("unsupported" in translation) throw new Error(`refused: ${translation.unsupported}`);
  return translation.pattern;
}

describe("patterns as Java (Trino, Spark) must read them", () => {
  it("anchors `$` at the very end (\\z) and keeps `.` off every line break, as RE2 does", () => {
    // Java's `$` also matches before a final line terminator; its `.` also stops at \r, \u0085, \u2028, \u2029.
    expect(javaPattern("^AB-[0-9]{3}$")).toBe("^AB-[0-9]{3}\\z");
    expect(javaPattern("^a.b$|c$")).toBe("^a[^\\n]b\\z|c\\z");
  });

  it("leaves escapes and bracket expressions' `.` and `$` alone", () => {
    expect(javaPattern("\\.\\$[.$]")).toBe("\\.\\$[.$]");
    expect(javaPattern("[^$.]+")).toBe("[^$.]+");
  });

  it("writes `\\v` as the one character it is (Java reads it as every vertical space), not an escaped backslash's `v`", () => {
    expect(javaPattern("^a\\vb$")).toBe("^a\\x0Bb\\z");
    expect(javaPattern("[\\v\\t]")).toBe("[\\x0B\\t]");
    expect(javaPattern("\\\\v[\\\\v]")).toBe("\\\\v[\\\\v]");
  });

  it("escapes `[` and `&` inside a class, which Java reads as a nested class and an intersection", () => {
    expect(javaPattern("[[]")).toBe("[\\[]");
    expect(javaPattern("[a&&b]")).toBe("[a\\&\\&b]");
    expect(javaPattern("[]a]")).toBe("[\\]a]");
  });

  it("names Unicode scripts as each engine does: `\\p{IsGreek}` in Java (a bare `\\p{Greek}` is an unknown property there), without underscores in Trino", () => {
    expect(javaProperties("^\\p{Greek}+[\\p{Han}\\P{Lu}0-9]\\p{L}$", "java")).toBe("^\\p{IsGreek}+[\\p{IsHan}\\P{Lu}0-9]\\p{L}$");
    expect(javaProperties("\\p{Any}\\p{^Latin}\\P{^Nd}\\p{Old_Italic}", "java")).toBe("\\p{all}\\P{IsLatin}\\p{Nd}\\p{IsOld_Italic}");
    expect(javaProperties("\\p{Old_Italic}\\p{Greek}\\p{^Lu}", "trino")).toBe("\\p{OldItalic}\\p{Greek}\\P{Lu}");
    // An escaped backslash before `p` is no property.
    expect(javaProperties("\\\\p{Greek}[\\\\p{Greek}]", "java")).toBe("\\\\p{Greek}[\\\\p{Greek}]");
  });

  it("writes RE2's POSIX classes as the ASCII ranges they are (Java has no [:alpha:])", () => {
    expect(javaPattern("^[[:alpha:]][[:digit:]_]+$")).toBe("^[A-Za-z][0-9_]+\\z");
    expect(javaPattern("[^[:space:]]")).toBe("[^\\t\\n\\x0B\\f\\r ]");
  });

  it("keeps `.` and `$` of a pattern with inline s or m flags, which give them another meaning", () => {
    expect(javaPattern("(?s:a.b)$")).toBe("(?s:a.b)$");
    expect(javaPattern("(?i:ab)$")).toBe("(?i:ab)\\z");
  });
});

describe("patterns as Snowflake must read them", () => {
  it("drops non-greedy modifiers, which Snowflake does not support and which change no yes/no answer", () => {
    expect(snowflakePattern("a*?b+?c??d{2,3}?")).toBe("a*b+c?d{2,3}");
    expect(snowflakePattern("a\\*?b[*?]")).toBe("a\\*?b[*?]");
    expect(snowflakePattern("a}?\\{1}?")).toBe("a}?\\{1}?");
  });

  it("writes non-capturing groups as groups and control escapes as the characters", () => {
    expect(snowflakePattern("(?:ab|c)+")).toBe("(ab|c)+");
    expect(snowflakePattern("a\\nb\\t[\\r\\n]\\\\n")).toBe("a\nb\t[\r\n]\\\\n");
  });

  it("writes hex escapes as the characters, which Snowflake does not list (escaped where they are metacharacters)", () => {
    expect(snowflakePattern("^\\x41\\x2E[\\x30-\\x39\\x5D]$")).toBe("^A\\.[0-9\\]]$");
    expect(snowflakePattern("[\\x08\\t]")).toBe("[\b\t]");
    expect(snowflakePattern("\\\\x41[\\\\x41]")).toBe("\\\\x41[\\\\x41]");
    expect(snowflakePattern("\\x4")).toBe("\\x4");
  });

  it("leaves plain patterns as they are", () => {
    expect(snowflakePattern("^\\w+$")).toBe("^\\w+$");
  });

  it("refuses Unicode properties, which Snowflake's patterns do not have (they would fail the scan)", () => {
    expect(snowflakeRegexPattern("^\\p{L}+$")).toEqual({ unsupported: "the Unicode property `\\p{L}`" });
    expect(snowflakeRegexPattern("^\\\\p{L}$")).toEqual({ pattern: "^\\\\p{L}$" });
  });
});

describe("patterns as PostgreSQL must read them", () => {
  it("writes word boundaries as lookarounds over ASCII word characters: PostgreSQL reads \\b as a backspace and \\B as a backslash, and its \\y / \\Y follow the locale", () => {
    const boundary = "(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))";
    const inside = "(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))";
    expect(postgresPattern("\\bword\\b|^a\\Bb")).toEqual({ pattern: `${boundary}word${boundary}|^a${inside}b` });
    // An escaped backslash before a b is a backslash and a letter; a backspace in a class stays one.
    expect(postgresPattern("\\\\b[\\b]")).toEqual({ pattern: "\\\\b[\\b]" });
  });

  it("writes \\xHH as \\u00HH, in classes too: PostgreSQL's \\x takes every hex digit after it (\\x41B is U+041B)", () => {
    expect(postgresPattern("^\\x41B$")).toEqual({ pattern: "^\\u0041B$" });
    expect(postgresPattern("[\\x41-\\x5A][\\\\x41]")).toEqual({ pattern: "[\\u0041-\\u005A][\\\\x41]" });
  });

  it("writes \\d, \\w and their capitals as ASCII classes, in bracket expressions too: under a UTF-8 locale PostgreSQL's \\w matches é", () => {
    expect(postgresPattern("^\\w+\\d\\W\\D$")).toEqual({ pattern: "^[0-9A-Za-z_]+[0-9][^0-9A-Za-z_][^0-9]$" });
    expect(postgresPattern("[\\w-][^\\d.]")).toEqual({ pattern: "[0-9A-Za-z_-][^0-9.]" });
    expect(postgresPattern("[\\W][^\\D]")).toEqual({ pattern: "[\\u0001-\\u002F\\u003A-\\u0040\\u005B-\\u005E\\u0060\\u007B-\\U0010FFFF][^\\u0001-\\u002F\\u003A-\\U0010FFFF]" });
    // An escaped backslash before a w is a backslash and a letter.
    expect(postgresPattern("\\\\w[\\\\w]")).toEqual({ pattern: "\\\\w[\\\\w]" });
  });

  it("refuses a Unicode property, an invalid escape there that would stop the whole scan", () => {
    expect(postgresPattern("^\\p{L}+$")).toEqual({ unsupported: "the Unicode property `\\p{L}`" });
    expect(postgresPattern("[\\P{Lu}0-9]")).toEqual({ unsupported: "the Unicode property `\\P{Lu}`" });
    expect(postgresPattern("\\\\p{L}")).toEqual({ pattern: "\\\\p{L}" });
  });
});

/**
 * The rewrites only use constructs RE2 reads as the engines do (`\z`, `[^\n]`, escaped `[` and `&`, ASCII
 * ranges, greedy quantifiers, plain groups): so DuckDB (RE2) must give every rewritten pattern the same
 * answer as the original, on any text.
 */
describe("every rewrite means what the contract's pattern means in DuckDB (RE2)", () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    connection = await instance.connect();
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  const PIECES = ["a", "b", "\\{1}", "}", ".", "$", "^", "\\n", "\\.", "[a.$]", "[^a]", "[[:alpha:]]", "[[:space:]]", "[[]", "[&]", "*", "+", "?", "*?", "+?", "??", "{1,2}", "{1,2}?", "(?:", "(", ")", "|", "\\w", "\\d", "\u00e9"];
  const pattern = fc
    .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.join(""))
    .filter((p) => {
      try {
        new RegExp(p); // what a contract's pattern must be
        return true;
      } catch {
        return false;
      }
    });
  const TEXTS = ["", "a", "ab", "a\n", "a\nb", "a\r", "\n", "b.a", "é\u2028", "[&]", "aa\n", "ba$", " \t"];

  async function matches(regex: string): Promise<boolean[] | undefined> {
    try {
      const values = TEXTS.map((_, i) => `($${i + 2})`).join(", ");
      const reader = await connection.runAndReadAll(`SELECT regexp_matches(t, $1) FROM (VALUES ${values}) AS v(t)`, [regex, ...TEXTS]);
      return reader.getRowsJS().map((row) => row[0] as boolean);
    } catch {
      return undefined; // a pattern RE2 refuses is refused either way
    }
  }

  it.each(["^..$", "a.", "^.*$", "b.a", "[.]", "\\.", "a[^]", "^[^]+$", "[[:alpha:]]", "^[[&]+]$", "[^[]"])("ecmaPatternToRe2(%j) matches what ECMA-262 matches (`.` is no line terminator; `[^]` is any character; `[` in a class is itself)", async (p) => {
    const rewritten = ecmaPatternToRe2(p);
    if (!("pattern" in rewritten)) throw new Error(`refused: ${rewritten.unsupported}`);
    expect(await matches(rewritten.pattern)).toEqual(TEXTS.map((text) => new RegExp(p).test(text)));
  });

  it.each([
    ["javaPattern", javaPattern],
    ["snowflakePattern", snowflakePattern],
    // (The pieces hold no \b, \B or \x, which PostgreSQL is given as its own \y, \Y and \u00HH: not RE2's.)
    ["postgresPattern", (p: string) => translated(postgresPattern(p))],
  ])("%s", async (_name, rewrite) => {
    await fc.assert(
      fc.asyncProperty(pattern, async (p) => {
        const original = await matches(p);
        if (original === undefined) return;
        expect(await matches(rewrite(p)), `${JSON.stringify(p)} → ${JSON.stringify(rewrite(p))}`).toEqual(original);
      }),
      { numRuns: 300, seed: 20240602 },
    );
  });
});

describe("ecmaPatternToRe2: ODCS patterns are ECMA-262", () => {
  it("writes \\uXXXX as the character (escaped where it is a metacharacter) and named groups as plain groups", () => {
    expect(ecmaPatternToRe2("^\\u0032[\\u0041-\\u005A]\\u002E")).toEqual({ pattern: "^2[A-Z]\\." });
    expect(ecmaPatternToRe2("[\\u005D\\u002D]")).toEqual({ pattern: "[\\]\\-]" });
    expect(ecmaPatternToRe2("^(?<year>[0-9]{4})-(?:[0-9]{2})$")).toEqual({ pattern: "^([0-9]{4})-(?:[0-9]{2})$" });
    expect(ecmaPatternToRe2("\\\\u0032")).toEqual({ pattern: "\\\\u0032" });
    // In a class, `\b` is the backspace (RE2 refuses `[\b]`); an escaped backslash and a `b` stay two members.
    expect(ecmaPatternToRe2("^[\\b\\t]+$")).toEqual({ pattern: "^[\\x08\\t]+$" });
    expect(ecmaPatternToRe2("[\\\\b]")).toEqual({ pattern: "[\\\\b]" });
  });
  it("reads \\s as ECMA-262's spaces, Unicode ones included (RE2's \\s is ASCII)", () => {
    const space = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
    expect(ecmaPatternToRe2("^a\\sb\\S$")).toEqual({ pattern: `^a[${space}]b[^${space}]$` });
    expect(ecmaPatternToRe2("[\\s,]")).toEqual({ pattern: `[${space},]` });
    expect(ecmaPatternToRe2("[\\S]")).toEqual({ unsupported: "`\\S` inside a bracket expression" });
  });
  it("refuses `[]`, which matches nothing (RE2 would read a `]` first as a member)", () => {
    expect(ecmaPatternToRe2("a[]b")).toEqual({ unsupported: "the empty class `[]`, which matches nothing" });
  });
  it("refuses what RE2 cannot run, naming it", () => {
    expect(ecmaPatternToRe2("^(?=2)")).toEqual({ unsupported: "the lookahead `(?=`" });
    expect(ecmaPatternToRe2("(?<!a)b")).toEqual({ unsupported: "the lookbehind `(?<!`" });
    expect(ecmaPatternToRe2("(a)\\1")).toEqual({ unsupported: "the backreference `\\1`" });
    expect(ecmaPatternToRe2("(?<x>a)\\k<x>")).toEqual({ unsupported: "the backreference `\\k<…>`" });
    expect(ecmaPatternToRe2("\\cJ")).toEqual({ unsupported: "the control escape `\\cJ`" });
  });
  it("refuses \\x without two hex digits, the letter x in ECMA-262 (\\x{41} is 41 x's) but `A` or an error in RE2", () => {
    for (const pattern of ["\\x{41}", "^\\xZ", "[\\x4]"]) expect(ecmaPatternToRe2(pattern), pattern).toEqual({ unsupported: "`\\x` without two hex digits" });
    expect(ecmaPatternToRe2("\\x41[\\x42]")).toEqual({ pattern: "\\x41[\\x42]" });
  });
  it("refuses letter escapes ECMA-262 does not define, which RE2 would read as anchors, quotes or classes", () => {
    for (const pattern of ["c\\z", "\\Aabc", "^\\pL+$", "\\Q.\\E", "a\\Z"]) expect(ecmaPatternToRe2(pattern), pattern).toEqual({ unsupported: expect.stringMatching(/^the escape `\\[A-Za-z]`, which ECMA-262 does not define$/) });
    // ECMA-262's own escapes, and Unicode properties with braces (ECMAScript 2018), stay.
    for (const pattern of ["^\\d\\D\\w\\W\\b\\B$", "\\x41\\t\\n", "^\\p{L}+\\P{Lu}$"]) expect("pattern" in ecmaPatternToRe2(pattern), pattern).toBe(true);
  });
  it("refuses them inside a bracket expression too, where RE2 reads `[\\a]` as the bell and `[\\pL]` as every letter", () => {
    for (const [pattern, escape] of [["^[\\a]+$", "\\a"], ["[^\\pL]", "\\p"], ["[a\\Q]", "\\Q"], ["[\\z]", "\\z"], ["[x\\B]", "\\B"], ["[\\k]", "\\k"]]) {
      expect(ecmaPatternToRe2(pattern!), pattern).toEqual({ unsupported: `the escape \`${escape}\`, which ECMA-262 does not define` });
    }
    // A class's own escapes, a property with braces and an escaped backslash before a letter stay.
    for (const pattern of ["[\\d\\D\\w\\W\\s\\b\\f\\n\\r\\t\\v]", "[\\x41\\u0042]", "[\\p{L}\\P{Lu}]", "[\\\\a]"]) {
      expect("pattern" in ecmaPatternToRe2(pattern), pattern).toBe(true);
    }
  });
  it("escapes a `{` that starts no quantifier, which ECMA-262 and RE2 read as itself and Java (and PostgreSQL before a digit) refuse", () => {
    // Java: "Illegal repetition" for each; PostgreSQL: "invalid repetition count(s)" for `a{1,2,3}`: the whole scan would fail.
    for (const [pattern, written] of [["^{a}$", "^\\{a}$"], ["^a{,3}$", "^a\\{,3}$"], ["x{", "x\\{"], ["a{1,2,3}", "a\\{1,2,3}"]]) {
      expect(ecmaPatternToRe2(pattern!), pattern).toEqual({ pattern: written });
      expect(javaPattern(written!), pattern).not.toMatch(/(^|[^\\])\{[^0-9]/);
    }
    // Quantifiers, a `{` in a class or escaped, and a Unicode property's braces stay.
    expect(ecmaPatternToRe2("a{2}b{3,}c{1,4}?[{]\\{\\p{L}{2}\\P{Lu}")).toEqual({ pattern: "a{2}b{3,}c{1,4}?[{]\\{\\p{L}{2}\\P{Lu}" });
  });
  it("writes ECMA-262's `\\0`, the NUL character, as `\\x00` (Java refuses `\\0` as an octal escape), in a class too", () => {
    expect(ecmaPatternToRe2("a\\0b[\\0c]")).toEqual({ pattern: "a\\x00b[\\x00c]" });
    // An escaped backslash before a 0, and ECMA-262's legacy octal `\\01`, stay.
    expect(ecmaPatternToRe2("\\\\0[\\\\0]\\01")).toEqual({ pattern: "\\\\0[\\\\0]\\01" });
  });
});

describe("string formats: RFC 3339 dates and times as JSON Schema defines them", () => {
  const CASES: [format: string, valid: string[], invalid: string[]][] = [
    ["date", ["2024-02-29", "2000-02-29", "0000-02-29", "2023-12-31", "2023-04-30"], ["2023-02-29", "1900-02-29", "2024-02-30", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-05", "24-01-05"]],
    ["date-time", ["2024-06-10T10:00:00Z", "2024-06-10t23:59:60.123+02:00", "2024-02-29T00:00:00-12:00"], ["2024-06-10T10:00:00", "2024-13-01T10:00:00Z", "2024-06-10T24:00:00Z", "2024-06-10T10:60:00Z", "2024-06-10 10:00:00Z", "2024-06-10T10:00:00+24:00", "2023-02-29T10:00:00Z"]],
    ["time", ["10:00:00Z", "23:59:60.5+05:30", "00:00:00-00:00"], ["10:00:00", "25:00:00Z", "10:61:00Z", "10:00Z", "10:00:00+1:00"]],
  ];
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    connection = await instance.connect();
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  it.each(CASES)("%s: the same verdicts in JavaScript and in DuckDB (RE2)", async (format, valid, invalid) => {
    const pattern = STRING_FORMAT_PATTERNS[format]!;
    const values = [...valid, ...invalid];
    const expected = values.map((v) => valid.includes(v));
    expect(values.map((v) => new RegExp(pattern).test(v))).toEqual(expected);
    const prepared = await connection.prepare("SELECT regexp_full_match(v, $1) FROM unnest($2::VARCHAR[]) AS t(v)");
    prepared.bindVarchar(1, pattern);
    prepared.bindList(2, listValue(values), LIST(VARCHAR));
    const rows = (await prepared.runAndReadAll()).getRowsJS().map((row) => row[0]);
    expect(rows).toEqual(expected);
  });
});
