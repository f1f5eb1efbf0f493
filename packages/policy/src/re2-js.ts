/**
 * RE2 patterns that JavaScript's own regular expressions read alike. CEL's `matches` is RE2 (a pure
 * JavaScript port of it, several times slower than V8's engine on the short texts policies search:
 * role names, URIs, references), so the patterns of a common subset are also made into a RegExp,
 * which answers instead. The subset is what RE2 and a RegExp with the `u` flag (code points, as RE2
 * reads text) match the same way: literals (`\Q…\E` too), `.` (any character but a line break),
 * classes of literals and ranges, `\d` `\w` `\D` `\W`, groups, `(?:…)`, alternation, `^` and `$` (the
 * text's ends: neither is multi-line without a flag), and the quantifiers. Anything else (flags, `\s`
 * and `\b`, Unicode and POSIX classes, named groups, octal and hex escapes, …) stays RE2's alone.
 * A pattern RE2 refuses is never asked about: its error is RE2's.
 *
 * RE2 takes time linear in the text; a RegExp backtracks. So the subset has no repetition that
 * chooses (`*`, `+`, `{n,}`, `{n,m}`: a pattern with one stays RE2's), `{n}` only after a single
 * character or class, and at most MAX_PATHS ways through its choices (`|`, `?`): a RegExp then tries
 * a bounded number of paths from each place in the text, and its time stays linear too.
 */

/** Characters a RegExp with the `u` flag allows escaped (identity escapes): everywhere, and in a class. */
const SYNTAX = new Set("^$\\.*+?()[]{}|/");
/** The punctuation RE2 reads escaped as itself (`\.`, `\-`, `\#`, …). */
const ASCII_PUNCTUATION = /^[!-/:-@[-`{-~]$/;
/** An exact repetition, `{n}` (RE2 reads a `{` that is none as a literal; the subset does not). */
const REPEAT = /^\{\d+\}/;
/** The most ways through a pattern's choices (the product of its alternatives and optional parts). */
const MAX_PATHS = 256;

/** A RegExp that matches what the RE2 pattern `pattern` matches, or undefined when the pattern is outside the subset. */
export function sameRegExp(pattern: string): RegExp | undefined {
  let out = "";
  let inClass = false;
  // Ways through the choices: each group's alternatives (the pattern's own at the bottom), and each `?`, multiplied.
  const alternatives = [1];
  let paths = 1;
  // Whether what precedes is one character or class (what `{n}` may repeat).
  let single = false;
  for (let at = 0; at < pattern.length; ) {
    const c = pattern[at]!;
    if (c === "\\") {
      const next = pattern[at + 1];
      if (next === undefined) return undefined;
      if (next === "Q") {
        // Quoted: everything up to `\E` (or the end) is literal. (Nothing quoted would leave a quantifier
        // after it to what precedes, which RE2 repeats as a whole: `x{1}\Q\E?` is `(?:x{1})?`, not lazy.)
        if (inClass) return undefined;
        const end = pattern.indexOf("\\E", at + 2);
        if (end === at + 2 || at + 2 === pattern.length) return undefined;
        for (const q of pattern.slice(at + 2, end === -1 ? pattern.length : end)) out += literal(q, false);
        at = end === -1 ? pattern.length : end + 2;
        single = false;
        continue;
      }
      if (next === "d" || next === "w" || next === "D" || next === "W") out += `\\${next}`;
      else if (ASCII_PUNCTUATION.test(next)) out += literal(next, inClass);
      else return undefined;
      at += 2;
      single = !inClass;
      continue;
    }
    if (inClass) {
      // `[` opens POSIX classes in RE2 (`[[:alpha:]]`); `]` closes the class.
      if (c === "[") return undefined;
      if (c === "]") {
        inClass = false;
        single = true;
      }
      out += c;
      at++;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += "[";
      at++;
      if (pattern[at] === "^") {
        out += "^";
        at++;
      }
      // A `]` first is a literal in RE2, and closes an empty class in JavaScript.
      if (pattern[at] === "]") return undefined;
      continue;
    }
    if (c === "*" || c === "+") return undefined;
    const wasSingle = single;
    single = false;
    if (c === ".") {
      out += "[^\\n]";
      single = true;
    } else if (c === "(") {
      alternatives.push(1);
      if (pattern[at + 1] === "?") {
        if (pattern[at + 2] !== ":") return undefined;
        out += "(?:";
        at += 3;
        continue;
      }
      out += "(";
    } else if (c === ")") {
      if (alternatives.length === 1) return undefined;
      paths *= alternatives.pop()!;
      out += c;
    } else if (c === "|") {
      alternatives[alternatives.length - 1]!++;
      out += c;
    } else if (c === "?") {
      paths *= 2;
      out += c;
    } else if (c === "{") {
      const repeat = REPEAT.exec(pattern.slice(at))?.[0];
      if (repeat === undefined || !wasSingle) return undefined;
      out += repeat;
      at += repeat.length;
      continue;
    } else if (c === "}" || c === "]") return undefined;
    else {
      out += c;
      single = c !== "^" && c !== "$";
    }
    at++;
  }
  paths *= alternatives[0]!;
  if (alternatives.length !== 1 || paths > MAX_PATHS) return undefined;
  if (inClass) return undefined;
  try {
    return new RegExp(out, "u");
  } catch {
    return undefined;
  }
}

/** A character matched as itself, escaped where a RegExp with the `u` flag reads it as syntax. */
function literal(c: string, inClass: boolean): string {
  return SYNTAX.has(c) || (inClass && c === "-") ? `\\${c}` : c;
}

/** Texts a RegExp with the `u` flag may read otherwise than RE2: any with a surrogate (a lone one has no code point). */
export const MAY_DIFFER = /[\uD800-\uDFFF]/;
