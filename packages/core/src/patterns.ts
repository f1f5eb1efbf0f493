/**
 * A contract's `pattern` means what DuckDB (RE2) reads: an unanchored search, `.` any character but
 * `\n`, `$` the very end of the text (not before a final line break), `[[:alpha:]]` ASCII letters. Some
 * engines read the same text differently; these rewrite it, token by token, into their syntax for the
 * same meaning. Escapes and bracket expressions are kept whole, so a `.` or `$` inside them is left alone.
 */

type Token = { kind: "escape" | "bracket" | "char"; text: string };

/** The pattern as escapes (`\x`), bracket expressions (`[...]`, a `]` first in them literal, `[:alpha:]` classes kept whole) and single characters. */
function tokenize(pattern: string, syntax: "re2" | "ecma" = "re2"): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\") {
      tokens.push({ kind: "escape", text: pattern.slice(i, i + 2) });
      i++;
    } else if (ch === "[") {
      let j = i + 1;
      if (pattern[j] === "^") j++;
      // ECMA-262 has neither: a `]` first closes the class (`[]` matches nothing, `[^]` anything), and `[` in one is itself.
      if (pattern[j] === "]" && syntax === "re2") j++;
      while (j < pattern.length && pattern[j] !== "]") {
        if (pattern[j] === "\\") j++;
        else if (syntax === "re2" && pattern[j] === "[" && (pattern[j + 1] === ":" || pattern[j + 1] === "." || pattern[j + 1] === "=")) {
          const end = pattern.indexOf(`${pattern[j + 1]}]`, j + 2);
          if (end !== -1) j = end + 1;
        }
        j++;
      }
      tokens.push({ kind: "bracket", text: pattern.slice(i, j + 1) });
      i = j;
    } else {
      tokens.push({ kind: "char", text: ch });
    }
  }
  return tokens;
}

/** The text of the `n` tokens after `i` when each is a single character (an escape or class among them leaves a gap). */
function charsAfter(tokens: readonly Token[], i: number, n: number): string {
  return tokens
    .slice(i + 1, i + 1 + n)
    .map((t) => (t.kind === "char" ? t.text : ""))
    .join("");
}

/** Inline flags (`(?s)`, `(?m:…)`) change what `.` and `$` mean; such patterns keep them as written. */
function hasInlineFlags(pattern: string): boolean {
  return /\(\?[a-zA-Z]*-?[a-zA-Z]*[:)]/.test(pattern) && /\(\?[a-zA-Z]*[ms]/.test(pattern);
}

/** ECMA-262's (and RE2's) word characters: ASCII letters, digits and `_`, whatever a database's locale says. */
const ASCII_WORD = "[0-9A-Za-z_]";

/**
 * RE2's ASCII classes and word boundaries as PostgreSQL must be given them outside a bracket expression, where
 * its own `\d \w \y \Y` follow the locale. A boundary is a word character on one side only (lookarounds,
 * which PostgreSQL's AREs have); `\b` there would be a backspace.
 */
const ASCII_CLASSES: Record<string, string> = {
  "\\d": "[0-9]",
  "\\D": "[^0-9]",
  "\\w": ASCII_WORD,
  "\\W": "[^0-9A-Za-z_]",
  "\\b": `(?:(?<=${ASCII_WORD})(?!${ASCII_WORD})|(?<!${ASCII_WORD})(?=${ASCII_WORD}))`,
  "\\B": `(?:(?<=${ASCII_WORD})(?=${ASCII_WORD})|(?<!${ASCII_WORD})(?!${ASCII_WORD}))`,
};

/**
 * The same classes as members of a bracket expression (`[\w-]`, `[^\D]`): the negated ones as the ranges of every
 * other code point (from U+0001: text holds no NUL). A `\b` there is a backspace, as in RE2, and stays one.
 */
const ASCII_CLASS_MEMBERS: Record<string, string> = {
  "\\d": "0-9",
  "\\D": "\\u0001-\\u002F\\u003A-\\U0010FFFF",
  "\\w": "0-9A-Za-z_",
  "\\W": "\\u0001-\\u002F\\u003A-\\u0040\\u005B-\\u005E\\u0060\\u007B-\\U0010FFFF",
};

/** A pattern as an engine must read it, or what in it the engine cannot run, named. */
export type PatternTranslation = { pattern: string } | { unsupported: string };

/** A Unicode property (`\p{L}`, `\P{Lu}`), in or out of a bracket expression: `\p` after an escaped backslash is none. */
const UNICODE_PROPERTY = /(?<!\\)(?:\\\\)*(\\[pP](?:\{[^}]*\})?)/;

/**
 * PostgreSQL's AREs read some of RE2's (and ECMA-262's) pattern otherwise: `.` matches a line break (they
 * are not newline-sensitive by default), `\b` is a backspace and `\B` a backslash, `\x` takes every hex digit
 * that follows (`\x41B` is U+041B, not `AB`), and `\w`, `\d` and their word boundaries `\y` / `\Y` are the
 * database's locale's classes: under a UTF-8 locale (`C.UTF-8`, `en_US.UTF-8`, what servers run) `\w` matches
 * `é`, where ECMA-262 and RE2 match ASCII letters, digits and `_` only, so `^\w+$` would pass `héllo` there and
 * fail it on DuckDB. So `.` outside a bracket expression becomes `[^\n]`, `\d` `\w` (and capitals) their ASCII
 * classes (in a bracket expression too, the negated ones as every other code point), `\b` and `\B` the same
 * test written with lookarounds over ASCII word characters, and `\xHH`, in a bracket expression too, `\u00HH`
 * (exactly four digits there). Unicode properties PostgreSQL does not have: `\p{L}` is an invalid escape
 * there, which would stop the whole scan, so such a pattern is refused.
 */
export function postgresPattern(pattern: string): PatternTranslation {
  const property = UNICODE_PROPERTY.exec(pattern);
  if (property) return { unsupported: `the Unicode property \`${property[1]}\`` };
  const tokens = tokenize(pattern);
  let out = "";
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "bracket") {
      out += t.text.replace(/\\(x[0-9a-fA-F]{2}|.)/gsu, (escape, body: string) => (body.length === 3 ? `\\u00${body.slice(1)}` : (ASCII_CLASS_MEMBERS[escape] ?? escape)));
    } else if (t.kind === "char") {
      out += t.text === "." ? "[^\\n]" : t.text;
    } else if (ASCII_CLASSES[t.text] !== undefined) {
      out += ASCII_CLASSES[t.text];
    } else if (t.text === "\\x" && /^[0-9a-fA-F]{2}$/.test(charsAfter(tokens, i, 2))) {
      out += `\\u00${charsAfter(tokens, i, 2)}`;
      i += 2;
    } else {
      out += t.text;
    }
  }
  return { pattern: out };
}

/** RE2's POSIX classes (ASCII only), as the members of a Java character class. */
const POSIX_CLASSES: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-/:-@\\[-`{-~",
  space: "\\t\\n\\x0B\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/**
 * A bracket expression as Java reads it: inside a class Java takes `[` as the start of a nested class and
 * `&&` as an intersection, and has no `[:alpha:]` classes; RE2 and ECMA-262 take `[` and `&` literally.
 */
function javaBracket(text: string): string {
  let i = 1;
  let out = "[";
  if (text[i] === "^") {
    out += "^";
    i++;
  }
  if (text[i] === "]") {
    out += "\\]";
    i++;
  }
  const end = text.endsWith("]") && text.length > i ? text.length - 1 : text.length;
  while (i < end) {
    const ch = text[i]!;
    if (ch === "\\") {
      out += text.slice(i, i + 2);
      i += 2;
    } else if (ch === "[" && text[i + 1] === ":") {
      const close = text.indexOf(":]", i + 2);
      const name = close === -1 ? undefined : text.slice(i + 2, close);
      const members = name === undefined ? undefined : POSIX_CLASSES[name];
      if (members !== undefined) {
        out += members;
        i = close + 2;
      } else {
        // A negated `[:^alpha:]` (RE2 only) has no Java spelling inside a class: read literally.
        out += "\\[";
        i++;
      }
    } else if (ch === "[" || ch === "&") {
      out += `\\${ch}`;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out + text.slice(end);
}

/**
 * Trino's and Spark's regular expressions are Java's (Trino: "Java pattern syntax"; Spark's RLIKE:
 * java.util.regex). There `$` also matches before a final line terminator and `.` does not match any of
 * `\n \r \u0085 \u2028 \u2029`, where RE2 ends at the very end and stops only at `\n`: outside bracket
 * expressions `$` becomes `\z` and `.` becomes `[^\n]`. Bracket expressions are rewritten as javaBracket
 * says. `\v`, one character in RE2 and ECMA-262 and the class of vertical spaces in Java, becomes `\x0B`.
 * A pattern with inline `s`/`m` flags keeps its `.` and `$`.
 */
export function javaPattern(pattern: string): string {
  const rewriteAnchors = !hasInlineFlags(pattern);
  return tokenize(pattern)
    .map((t) => {
      if (t.kind === "bracket") return javaBracket(t.text).replace(UNESCAPED_V, "$1\\x0B");
      if (t.kind === "char" && rewriteAnchors) return t.text === "." ? "[^\\n]" : t.text === "$" ? "\\z" : t.text;
      return t.text === "\\v" ? "\\x0B" : t.text;
    })
    .join("");
}

/** RE2's general categories: the only property names Java reads without a prefix, as Trino's patterns do too. */
const GENERAL_CATEGORIES = new Set(
  "C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "),
);

/** A Unicode property as RE2 writes it (`\p{Greek}`, `\P{Lu}`, `\p{^Han}`), not itself escaped, in or out of a bracket expression. */
const RE2_PROPERTY = /(?<!\\)((?:\\\\)*)\\([pP])\{(\^?)([A-Za-z_]+)\}/g;

/**
 * RE2's Unicode properties as `engine` names them: a script is `\p{Greek}` in RE2 and Trino (which wants
 * its underscores removed: `\p{OldItalic}`), and `\p{IsGreek}` in Java, where a bare `\p{Greek}` is
 * "Unknown character property name" and would fail Spark's whole scan; RE2's `\p{Any}` is Java's
 * `\p{all}`, and its negation `\p{^X}` is written `\P{X}`. General categories (`\p{L}`) are the same in all.
 */
export function javaProperties(pattern: string, engine: "java" | "trino"): string {
  return pattern.replace(RE2_PROPERTY, (_whole, backslashes: string, p: string, caret: string, name: string) => {
    const negated = (p === "P") !== (caret === "^");
    let java = name;
    if (!GENERAL_CATEGORIES.has(name)) {
      if (engine === "trino") java = name.replaceAll("_", "");
      else java = name === "Any" ? "all" : `Is${name}`;
    }
    return `${backslashes}\\${negated ? "P" : "p"}{${java}}`;
  });
}

/** `\v` not itself escaped: RE2's (and ECMA-262's) vertical tab, which Java reads as every vertical space (`\n`, `\r`, …). */
const UNESCAPED_V = /(?<!\\)((?:\\\\)*)\\v/g;

const CONTROL_ESCAPES: Record<string, string> = { "\\n": "\n", "\\t": "\t", "\\r": "\r", "\\f": "\f", "\\v": "\v" };

/**
 * Snowflake reads POSIX EREs with the Perl classes `\d \s \w \b` (and their capitals), and no
 * non-greedy quantifiers. For a yes/no search neither greediness nor capturing changes the answer, so
 * `*?` `+?` `??` `{n,m}?` lose their `?` and `(?:` becomes `(`; `\n \t \r \f \v`, which Snowflake does
 * not list, become the characters themselves (written escaped by the string literal), and so does `\xHH`
 * (ECMA-262's and RE2's hex escape, which Snowflake does not list either; escaped where it is a metacharacter).
 */
/** snowflakePattern, or what Snowflake cannot read: Unicode properties (`\p{L}`), which it does not list. */
export function snowflakeRegexPattern(pattern: string): PatternTranslation {
  const property = UNICODE_PROPERTY.exec(pattern);
  return property ? { unsupported: `the Unicode property \`${property[1]}\`` } : { pattern: snowflakePattern(pattern) };
}

export function snowflakePattern(pattern: string): string {
  const tokens = tokenize(pattern);
  let out = "";
  let afterQuantifier = false;
  let brace = -1; // where the last unescaped `{` is in `out`
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "escape" && t.text === "\\x" && /^[0-9a-fA-F]{2}$/.test(charsAfter(tokens, i, 2))) {
      out += literalCharacter(String.fromCharCode(parseInt(charsAfter(tokens, i, 2), 16)), false);
      i += 2;
      afterQuantifier = false;
    } else if (t.kind === "escape") {
      out += CONTROL_ESCAPES[t.text] ?? t.text;
      afterQuantifier = false;
    } else if (t.kind === "bracket") {
      out += t.text.replace(/\\(x[0-9a-fA-F]{2}|.)/gsu, (escape, body: string) =>
        body.length === 3 ? literalCharacter(String.fromCharCode(parseInt(body.slice(1), 16)), true) : (CONTROL_ESCAPES[escape] ?? escape),
      );
      afterQuantifier = false;
    } else if (t.text === "(" && tokens[i + 1]?.text === "?" && tokens[i + 2]?.text === ":" && tokens[i + 1]?.kind === "char" && tokens[i + 2]?.kind === "char") {
      out += "(";
      i += 2;
      afterQuantifier = false;
    } else if (t.text === "?" && afterQuantifier) {
      afterQuantifier = false; // the lazy modifier of the quantifier before it
    } else {
      if (t.text === "{") brace = out.length;
      out += t.text;
      afterQuantifier = t.text === "*" || t.text === "+" || t.text === "?" || (t.text === "}" && brace !== -1 && /^\{\d+(,\d*)?\}$/.test(out.slice(brace)));
    }
  }
  return out;
}

/** Characters a pattern must escape to mean themselves: outside a bracket expression, and inside one. */
const METACHARACTERS = new Set([..."\\^$.|?*+()[]{}"]);
const BRACKET_METACHARACTERS = new Set([..."\\]^-["]);

/** A character as a pattern writes it literally: itself, or escaped with a backslash where it is a metacharacter. */
function literalCharacter(ch: string, inBracket: boolean): string {
  return (inBracket ? BRACKET_METACHARACTERS : METACHARACTERS).has(ch) ? `\\${ch}` : ch;
}

/**
 * ECMA-262's `\s`: its WhiteSpace and LineTerminator characters, Unicode ones included, as members of a
 * bracket expression. RE2's `\s` is `[\t\n\f\r ]`, PostgreSQL's the locale's spaces, Java's ASCII.
 */
const ECMA_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

/**
 * ECMA-262's `.`: any character but its LineTerminators (LF, CR, U+2028, U+2029), as a bracket expression of
 * the characters themselves. RE2's `.` leaves out only LF, PostgreSQL's nothing.
 */
const ECMA_DOT = "[^\n\r\u2028\u2029]";

/** ECMA-262's `[^]`, any character at all: a line terminator or any other (every engine reads this group). */
const ECMA_ANY = `(?:${ECMA_DOT}|[\n\r\u2028\u2029])`;

/**
 * An ECMA-262 bracket expression as RE2 reads the same members: `\uXXXX` as the character it names, `\s`
 * as ECMA_SPACE, and a `[` escaped (RE2 would start a `[:alpha:]` class there). Undefined for `[]`, which
 * matches nothing and has no RE2 form; `[^]` (any character) becomes a group that matches any.
 */
function bracketMembers(text: string): string | undefined {
  if (text === "[]") return undefined;
  if (text === "[^]") return ECMA_ANY;
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)|(?<!^)\[/gsu, (escape, body: string | undefined, offset: number) => {
    if (body === undefined) return "\\[";
    if (body.length === 5) return literalCharacter(String.fromCharCode(parseInt(body.slice(1), 16)), true);
    if (body === "0" && !/[0-9]/.test(text[offset + 2] ?? "")) return NUL;
    // In a class, ECMA-262's `\b` is the backspace; RE2 refuses `[\b]` (and the whole scan with it).
    return body === "s" ? ECMA_SPACE : body === "b" ? "\\x08" : escape;
  });
}

/**
 * ECMA-262's `\0` (no digit after it), the NUL character, as every engine reads it: RE2 reads `\0` so too, but
 * Java refuses it ("Illegal octal escape sequence", failing Spark's whole scan).
 */
const NUL = "\\x00";

/**
 * Whether the `{` at `tokens[i]` starts a quantifier (`{n}`, `{n,}`, `{n,m}`). ECMA-262 (Annex B) and RE2
 * read any other `{` as itself (`{a}`, `a{,3}`, `x{`, `a{1,2,3}`), where Java refuses it ("Illegal repetition")
 * and PostgreSQL a `{` before a digit, each failing the whole scan: such a `{` is written `\{`.
 */
function startsQuantifier(tokens: readonly Token[], i: number): boolean {
  let text = "";
  for (let j = i; j < tokens.length && tokens[j]!.kind === "char"; j++) {
    text += tokens[j]!.text;
    if (tokens[j]!.text === "}") break;
  }
  return /^\{\d+(,\d*)?\}$/.test(text);
}

/**
 * ECMA-262's `\x` takes exactly two hex digits; with fewer it is the letter `x` (`\x{41}` is 41 x's), where RE2
 * reads `\x{41}` as `A` and refuses `\xZ`, failing the whole scan.
 */
const HEX_ESCAPE_UNSUPPORTED = "`\\x` without two hex digits";

/** The letters ECMA-262 escapes inside a bracket expression: no word boundary or backreference there (`\b` is the backspace). */
const ECMA_CLASS_LETTER_ESCAPES = new Set("dDwWsSbfnrtvcxu".split(""));

/**
 * The first letter escape of a bracket expression that ECMA-262 does not define (`[\a]`, `[\pL]`, `[\Q]`), as
 * written; a Unicode property with braces (`[\p{L}]`) is ECMAScript 2018's. RE2 reads `[\a]` as the bell
 * character and `[\pL]` as every letter, where ECMA-262 reads the letters themselves (or refuses them, with
 * the `u` flag), and refuses `[\Q]` or `[\z]`, failing the whole scan.
 */
function undefinedClassEscape(bracket: string): string | undefined {
  for (const escape of bracket.matchAll(/\\(.)/gsu)) {
    const letter = escape[1]!;
    const property = (letter === "p" || letter === "P") && bracket[escape.index + 2] === "{";
    if (/^[A-Za-z]$/.test(letter) && !ECMA_CLASS_LETTER_ESCAPES.has(letter) && !property) return escape[0];
  }
  return undefined;
}

/**
 * An ODCS pattern is ECMA-262; meshkit runs RE2 (and the other engines' syntax, rewritten from it). What
 * ECMA-262 writes otherwise and RE2 can mean exactly is rewritten: `\uXXXX` becomes the character itself
 * (escaped where it is a metacharacter), `\s` / `\S` the class of ECMA-262's spaces (Unicode ones too,
 * where RE2's `\s` is ASCII), `.` the class of every character but ECMA-262's line terminators, and a
 * named group `(?<name>…)` a plain group (a yes/no search does not use its name). What RE2 cannot do is refused, named: lookarounds, backreferences (`\1`, `\k<name>`),
 * control escapes (`\cX`), `\u{…}` and `\x` without two hex digits.
 */
/** The letters ECMA-262 escapes: classes, word boundaries, control characters, and \c, \x, \u, \k. */
const ECMA_LETTER_ESCAPES = new Set("dDwWsSbBfnrtvcxuk".split(""));

export function ecmaPatternToRe2(pattern: string): PatternTranslation {
  const tokens = tokenize(pattern, "ecma");
  let out = "";
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = (n: number) => (tokens[i + n]?.kind === "char" ? tokens[i + n]!.text : undefined);
    if (t.kind === "bracket") {
      if (/\\c[A-Za-z]/.test(t.text)) return { unsupported: `the control escape \`${/\\c[A-Za-z]/.exec(t.text)![0]}\`` };
      // (a negated space class has no members to list inside another class)
      if (/(?:^|[^\\])(?:\\\\)*\\S/.test(t.text)) return { unsupported: "`\\S` inside a bracket expression" };
      if (/(?:^|[^\\])(?:\\\\)*\\x(?![0-9a-fA-F]{2})/.test(t.text)) return { unsupported: HEX_ESCAPE_UNSUPPORTED };
      const classEscape = undefinedClassEscape(t.text);
      if (classEscape !== undefined) return { unsupported: `the escape \`${classEscape}\`, which ECMA-262 does not define` };
      const members = bracketMembers(t.text);
      if (members === undefined) return { unsupported: "the empty class `[]`, which matches nothing" };
      out += members;
      continue;
    }
    if (t.kind === "escape") {
      if (/^\\[1-9]$/.test(t.text)) return { unsupported: `the backreference \`${t.text}\`` };
      if (t.text === "\\k") return { unsupported: "the backreference `\\k<…>`" };
      if (t.text === "\\c") return { unsupported: `the control escape \`\\c${next(1) ?? ""}\`` };
      // ECMA-262 (5.1, as ODCS cites it) escapes no other letter; RE2 would read \z, \A, \Q…\E, \pL as
      // anchors, quotes and classes the pattern's author did not write.
      // (\p{…} and \P{…}, Unicode properties, are ECMAScript 2018's, and RE2's too.)
      const property = (t.text === "\\p" || t.text === "\\P") && next(1) === "{";
      if (/^\\[A-Za-z]$/.test(t.text) && !ECMA_LETTER_ESCAPES.has(t.text[1]!) && !property) return { unsupported: `the escape \`${t.text}\`, which ECMA-262 does not define` };
      if (t.text === "\\x" && !/^[0-9a-fA-F]{2}$/.test(charsAfter(tokens, i, 2))) return { unsupported: HEX_ESCAPE_UNSUPPORTED };
      if (t.text === "\\s" || t.text === "\\S") {
        out += `[${t.text === "\\S" ? "^" : ""}${ECMA_SPACE}]`;
        continue;
      }
      if (t.text === "\\0" && !/^[0-9]/.test(next(1) ?? "")) {
        out += NUL;
        continue;
      }
      if (t.text === "\\u") {
        const hex = charsAfter(tokens, i, 4);
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          out += literalCharacter(String.fromCharCode(parseInt(hex, 16)), false);
          i += 4;
          continue;
        }
        return { unsupported: `\`\\u${next(1) === "{" ? "{…}" : ""}\` without four hex digits` };
      }
      out += t.text;
      continue;
    }
    if (t.kind === "char" && t.text === ".") {
      out += ECMA_DOT;
      continue;
    }
    // (the braces of a Unicode property, `\p{L}`, hold its name)
    const afterProperty = tokens[i - 1]?.text === "\\p" || tokens[i - 1]?.text === "\\P";
    if (t.kind === "char" && t.text === "{" && !afterProperty && !startsQuantifier(tokens, i)) {
      out += "\\{";
      continue;
    }
    if (t.text === "(" && next(1) === "?") {
      const third = next(2);
      const fourth = next(3);
      if (third === "=" || third === "!") return { unsupported: `the lookahead \`(?${third}\`` };
      if (third === "<" && (fourth === "=" || fourth === "!")) return { unsupported: `the lookbehind \`(?<${fourth}\`` };
      if (third === "<") {
        // `(?<name>` → `(`: the name is letters, digits, `_` and `$` up to `>`.
        let j = i + 3;
        while (j < tokens.length && tokens[j]!.kind === "char" && tokens[j]!.text !== ">") j++;
        out += "(";
        i = j;
        continue;
      }
    }
    out += t.text;
  }
  return { pattern: out };
}

/**
 * A contract's pattern (ECMA-262, checked with JS RegExp) as meshkit runs it (RE2 syntax; see
 * ecmaPatternToRe2), or why it cannot run: every engine gets it rewritten from there.
 */
export function contractPattern(pattern: unknown): { pattern: string } | { problem: string } {
  if (typeof pattern !== "string" || pattern === "") return { problem: "must be a non-empty regular expression" };
  try {
    new RegExp(pattern);
  } catch (error) {
    return { problem: `is not a valid regular expression (${(error as Error).message})` };
  }
  const translated = ecmaPatternToRe2(pattern);
  if ("unsupported" in translated) return { problem: `uses ${translated.unsupported}, which the engines (RE2, PostgreSQL, Java) cannot run: rewrite the pattern without it` };
  return translated;
}
