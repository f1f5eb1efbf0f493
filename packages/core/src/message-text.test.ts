import { describe, expect, it } from "vitest";
import { MAX_QUOTED_CHARS, hasInvisibles, oneLine, shellQuote, withAuthoredInvisiblesShown, withInvisiblesShown, withLongQuotesCut, withoutUnparsedUrlCredentials, withoutUrlCredentials, writtenOnOneLine, yamlNumberText } from "./message-text.js";

describe("withInvisiblesShown", () => {
  it("writes each character that does not show as its escape, and leaves the rest as it is", () => {
    const cases: [string, string][] = [
      ["a\u200bb", "a\\u200bb"], // zero-width space
      ["a\u00a0b", "a\\u00a0b"], // no-break space
      ["\ufeffid", "\\ufeffid"], // byte order mark inside a value
      ["a\u202eb\u2066c\u200fd", "a\\u202eb\\u2066c\\u200fd"], // bidirectional override, isolate, mark
      ["a\u00adb\u2060c\u3000d\u2028e", "a\\u00adb\\u2060c\\u3000d\\u2028e"], // soft hyphen, word joiner, ideographic space, line separator
      ["a\tb\u0000c\u001bd\u0085e", "a\tb\\u0000c\\u001bd\\u0085e"], // controls; a tab shows as the space it makes
      ["a\u{e0001}b\ud800c", "a\\u{e0001}b\\ud800c"], // a tag character, a lone surrogate
      ["`snake_case` é → 日本 🙂 a b", "`snake_case` é → 日本 🙂 a b"],
    ];
    for (const [text, shown] of cases) expect(withInvisiblesShown(text), JSON.stringify(text)).toBe(shown);
    expect([hasInvisibles("order id"), hasInvisibles("order\u00a0id")]).toEqual([false, true]);
  });

  it("leaves an emoji's variation selector, joiners and tags as written: they are part of a symbol that shows", () => {
    // A policy message (written by the platform team) or a value with an emoji is printed as written.
    for (const text of ["\u26a0\ufe0f PII needs masking", "\u{1f468}\u200d\u{1f469}\u200d\u{1f467} family", "1\ufe0f\u20e3 first", "\u{1f3f3}\ufe0f\u200d\u{1f308}", "\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}", "\u{1f44d}\u{1f3fd} ok"]) {
      expect(withInvisiblesShown(text), JSON.stringify(text)).toBe(text);
      expect(hasInvisibles(text), JSON.stringify(text)).toBe(false);
    }
    // Outside such a sequence they are as invisible as ever.
    expect(withInvisiblesShown("a\ufe0fb c\u200d\u{1f44d} \u{1f44d}\u200dx \u{1f44d}\u200b")).toBe("a\\ufe0fb c\\u200d\u{1f44d} \u{1f44d}\\u200dx \u{1f44d}\\u200b");
  });
});

describe("withAuthoredInvisiblesShown", () => {
  it("keeps what prose uses (spaces, joiners, bidirectional marks, a soft hyphen, variation selectors) outside quoted values, and shows the rest", () => {
    const prose = ["Attention\u00a0: PII", "1\u202f000 rows", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0915\u094d\u200d\u0937", "\u05e2\u05de\u05d5\u05d3\u05d4\u200f email", "Datenschutz\u00adbeauftragte", "\u845b\udb40\udd00", "\u3000\u6ce8\u610f", "\u26a0\ufe0f PII"];
    for (const text of prose) expect(withAuthoredInvisiblesShown(text), JSON.stringify(text)).toBe(text);
    expect(withAuthoredInvisiblesShown("a\u200bb \ufeffc \u202ed\u202c \u2066e\u2069 f\u2060g h\u0000")).toBe("a\\u200bb \\ufeffc \\u202ed\\u202c \\u2066e\\u2069 f\\u2060g h\\u0000");
  });

  it("shows every invisible character of a value quoted in backticks or double quotes, as withInvisiblesShown does", () => {
    expect(withAuthoredInvisiblesShown("Colonne\u00a0: `e\u00a0mail` et \"n\u200com\" (1\u00a0000)")).toBe("Colonne\u00a0: `e\\u00a0mail` et \"n\\u200com\" (1\u00a0000)");
    // An unclosed quote opens no value.
    expect(withAuthoredInvisiblesShown("it`s\u00a0: ok")).toBe("it`s\u00a0: ok");
  });
});

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

describe("withoutUnparsedUrlCredentials", () => {
  it("drops everything up to the last @ of a URL the parser refused: an unencoded password may hold / ? # or \\", () => {
    for (const password of ["pa#ss", "pa/ss", "pa?ss", "pa\\ss"]) {
      const url = `http://admin:${password}@127.0.0.1:9091`;
      expect(() => new URL(url), password).toThrow();
      expect(withoutUnparsedUrlCredentials(url, "***@"), password).toBe("http://***@127.0.0.1:9091");
      // withoutUrlCredentials, made for text with URLs in it, stops at those characters and shows the password.
      expect(withoutUrlCredentials(url), password).toContain("ss");
    }
    expect(withoutUnparsedUrlCredentials("http://user:secret@[not a host")).toBe("http://[not a host");
    expect(withoutUnparsedUrlCredentials("user:pa#ss@host:9091", "***@")).toBe("***@host:9091");
    expect(withoutUnparsedUrlCredentials("http://[not a host")).toBe("http://[not a host");
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

describe("withLongQuotesCut", () => {
  it("cuts each quoted value past MAX_QUOTED_CHARS, keeping the message around it", () => {
    const name = "N".repeat(200_000);
    const cut = `${"N".repeat(MAX_QUOTED_CHARS - 1)}…`;
    expect(withLongQuotesCut(`Object name \`${name}\` does not follow snake_case; rename it to \`${name.toLowerCase()}\`.`)).toBe(
      `Object name \`${cut}\` does not follow snake_case; rename it to \`${cut.toLowerCase()}\`.`,
    );
    expect(withLongQuotesCut(`apiVersion ${JSON.stringify(`v3.1.0${"x".repeat(500)}`)} is not supported`)).toBe(`apiVersion "v3.1.0${"x".repeat(MAX_QUOTED_CHARS - 7)}…" is not supported`);
    // A name listed unquoted too.
    expect(withLongQuotesCut(`(objects: ${name}, b)`)).toBe(`(objects: ${cut}, b)`);
    // Values up to the limit, and the text between quotes, are left whole.
    const whole = `Status \`${"a".repeat(MAX_QUOTED_CHARS)}\` is not a standard status; did you mean \`active\`? ${"and more text ".repeat(40)}`;
    expect(withLongQuotesCut(whole)).toBe(whole);
  });

  it("pairs quotes as written: the text between two short values is left whole, and an unclosed quote quotes nothing", () => {
    const prose = "is not in this repository (or it is in a file meshkit could not read: a.odcs.yaml, b.odcs.yaml, c.odcs.yaml and 2 more; see the findings there), so its freshness cannot be checked; add the contract or fix";
    const message = `Output port \`orders\`: contract \`orders\` ${prose} \`contractId\`.`;
    expect(withLongQuotesCut(message)).toBe(message);
    const unclosed = `Status "${"a ".repeat(150)} and \` ${"b ".repeat(200)}`;
    expect(withLongQuotesCut(unclosed)).toBe(unclosed);
    // Many quotes that never close are read once (no time limit here: a quadratic scan would not end in time).
    const quotes = `x "${'\\"'.repeat(200_000)}`;
    expect(withLongQuotesCut(quotes)).toBe(quotes);
  });

  it("never cuts half of a surrogate pair, nor of a JSON escape", () => {
    const emoji = withLongQuotesCut(`\`${"a".repeat(MAX_QUOTED_CHARS - 2)}${"😀".repeat(10)}\``);
    expect(emoji).toBe(`\`${"a".repeat(MAX_QUOTED_CHARS - 2)}…\``);
    for (const escape of ["\\u0001", "\\\"", "\\\\"]) {
      for (let pad = 0; pad < 7; pad++) {
        const out = withLongQuotesCut(`"${"a".repeat(MAX_QUOTED_CHARS - 7 + pad)}${escape.repeat(100)}"`);
        // What is left parses as a JSON string (the escapes before the cut are whole).
        expect(() => JSON.parse(out.replace("…", "")), out).not.toThrow();
      }
    }
  });
});

describe("shellQuote", () => {
  it.each([
    ["data/warehouse.duckdb", "data/warehouse.duckdb"],
    ["my orders/w.duckdb", "'my orders/w.duckdb'"],
    ["it's.duckdb", "'it'\\''s.duckdb'"],
    // Quotes would not keep a command from reading these as options (`duckdb -data.duckdb`, `cd -x`).
    ["-data.duckdb", "./-data.duckdb"],
    ["-my data/w.duckdb", "'./-my data/w.duckdb'"],
    ["/abs/-x.duckdb", "/abs/-x.duckdb"],
  ])("writes %j as the shell word %s", (path, word) => {
    expect(shellQuote(path)).toBe(word);
  });
});
