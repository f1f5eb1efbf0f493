/**
 * Values of the YAML people write, without js-yaml's general parser: js-yaml was the largest single
 * cost of loading thousands of contracts, and this is three to four times faster. One pass reads the
 * common subset — block mappings and sequences (compact `- key: value` entries too), plain and quoted
 * scalars (values over several lines too, as PyYAML wraps long strings, when their lines are indented
 * past their collection's column), `|` and `>` block scalars, flow collections (over several lines when
 * each line after the first is indented past the block collection's column; a document that is one flow
 * collection, as JSON is), comments, `---` streams — and returns exactly the values js-yaml returns with
 * the YAML 1.2 core schema. On anything else, or anything it is not sure of (anchors, aliases, tags, keys
 * and flow scalars over several lines, a plain scalar's line that holds `: ` or follows a comment line,
 * a quoted scalar's line not indented past its collection, an escaped line break before a blank line,
 * explicit keys, duplicate keys, empty documents, directives, tabs, CR, BOM, control characters…), it
 * returns undefined and the caller asks js-yaml, whose errors stay the errors: a wrong value would be a
 * far worse bug than a slow parse.
 */

import jsYaml from "js-yaml";
import { YAML_CORE_SCHEMA } from "./yaml-schema.js";

/** Thrown (never escapes) when the text leaves the subset. */
const OUTSIDE = new Error("outside the fast YAML subset");

// Tabs (separation or indentation errors), CR (CRLF breaks), the BOM, the other control and
// non-printable characters js-yaml refuses in scalars (and allows in comments, but for NUL), YAML 1.1
// line breaks and lone surrogates: rare, and each handled by js-yaml in its own way.
// eslint-disable-next-line no-control-regex
const UNSUPPORTED_CHARACTER = /[\0-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// js-yaml resolves a plain scalar by trying its schema's implicit types in order (null, bool, int,
// float); calling the very same functions keeps every null, boolean and number identical to its own.
const IMPLICIT_TYPES = (YAML_CORE_SCHEMA as unknown as { compiledImplicit: jsYaml.Type[] }).compiledImplicit;

/** Collections nested deeper than this are left to js-yaml, which refuses nesting over 100 levels. */
const MAX_DEPTH = 50;

const LF = 0x0a;
const SPACE = 0x20;
const QUOTE_DOUBLE = 0x22;
const HASH = 0x23;
const QUOTE_SINGLE = 0x27;
const PLUS = 0x2b;
const COMMA = 0x2c;
const DASH = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const GT = 0x3e;
const QUESTION = 0x3f;
const BRACKET_OPEN = 0x5b;
const BACKSLASH = 0x5c;
const BRACKET_CLOSE = 0x5d;
const BRACE_OPEN = 0x7b;
const PIPE = 0x7c;
const BRACE_CLOSE = 0x7d;
const DEL = 0x7f;

function asciiSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (const c of chars) set[c.charCodeAt(0)] = 1;
  return set;
}

/** Characters a plain scalar cannot start with (js-yaml's readPlainScalar; `-` and `?` depend on what follows). */
const NOT_PLAIN_START = asciiSet(" \n,[]{}#&*!|>'\"%@`");
/** First characters of the plain scalars the core schema may resolve to null or a number: `~`, numbers, `.inf`, `.nan`. */
const MAY_RESOLVE = asciiSet("~+-.0123456789");
const BINARY_LITERAL = /^[-+]?0b/;
const FLOW_INDICATOR = asciiSet(",[]{}");

/** js-yaml's one-character escapes in double-quoted scalars. */
const SIMPLE_ESCAPES: (string | undefined)[] = [];
for (const [c, value] of Object.entries({ "0": "\x00", a: "\x07", b: "\b", t: "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029" })) {
  SIMPLE_ESCAPES[c.charCodeAt(0)] = value;
}
const HEX_DIGITS = /^[0-9a-fA-F]*$/;

// Keys met before, by a sample of their text. A contract repeats a few dozen keys thousands of times, and
// V8 turns every fresh key string into its internalized one (hashing it, looking it up) as it becomes a
// property: a fifth of the parse time, most of which finding the string here saves.
const KNOWN_KEYS: string[] = new Array<string>(4096).fill("");
/** Longer keys are not kept, so that the strings kept stay small whatever the texts. */
const MAX_KNOWN_KEY = 64;

const CLIP = 0;
const STRIP = 1;
const KEEP = 2;

/** The indentation no line has: a quoted scalar that may not go on over several lines (a key, or in a flow collection). */
const ONE_LINE = Number.POSITIVE_INFINITY;

/** Marks the current position as past the end of the document (a `---` line or the end of the text). */
const END = -1;

/** The values of the documents of `text`, as js-yaml's `loadAll` with the core schema gives them, or undefined when `text` is outside the subset. */
export function loadYamlSubset(text: string): unknown[] | undefined {
  // compiledImplicit is js-yaml's own, not its API: should a release drop it, every text goes to js-yaml.
  if (!Array.isArray(IMPLICIT_TYPES)) return undefined;
  // Of the characters above, text in ASCII (most text, and natively found out) can only hold the
  // control characters and DEL: tabs, CR and NUL matter anywhere, the others only in scalars, where the
  // readers below refuse them. That saves the regular expression's pass, a tenth of the parse time.
  const ascii = Buffer.byteLength(text) === text.length;
  if (ascii ? text.includes("\t") || text.includes("\r") || text.includes("\0") : UNSUPPORTED_CHARACTER.test(text)) return undefined;
  try {
    return new SubsetParser(text).stream();
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}

class SubsetParser {
  private readonly len: number;
  /** The current line: where it starts, its indentation (END past the document), its first character. */
  private lineStart = 0;
  private indent = 0;
  private at = 0;
  /** Whether END is a `---` line (rather than the end of the text). */
  private separator = false;
  private depth = 0;
  /** Set by the readers below: past a key's `:`, where a plain scalar's scan stopped, past a closing quote, past a flow node. */
  private valueAt = 0;
  private scanStop = 0;
  private quoteEnd = 0;
  private flowEnd = 0;
  /** Set by foldedLine and quotedLineAfter: where a quoted scalar goes on after a line break, and the line breaks passed. */
  private breakEnd = 0;
  private breaks = 0;

  constructor(private readonly text: string) {
    this.len = text.length;
  }

  stream(): unknown[] {
    const documents: unknown[] = [];
    this.seek(0);
    // Comments before a first `---` belong to the document it starts.
    if (this.separator) this.seek(this.endOfLine(this.lineStart + 3));
    for (;;) {
      // An empty document (null, or no document at all for an empty text) is left to js-yaml.
      if (this.indent === END) throw OUTSIDE;
      documents.push(this.root());
      if (this.indent !== END) throw OUTSIDE; // more content after the root node: an error
      if (!this.separator) return documents;
      this.seek(this.endOfLine(this.lineStart + 3));
    }
  }

  // ---- lines -----------------------------------------------------------------------------------

  /** Moves to the first line at or after `offset` (a line start) with content: not blank, not a comment. */
  private seek(offset: number): void {
    const text = this.text;
    const len = this.len;
    while (offset < len) {
      let i = offset;
      while (text.charCodeAt(i) === SPACE) i++;
      if (i >= len) break;
      const c = text.charCodeAt(i);
      if (c === LF) {
        offset = i + 1;
        continue;
      }
      if (c === HASH) {
        const eol = text.indexOf("\n", i);
        if (eol === -1) break;
        offset = eol + 1;
        continue;
      }
      if (i === offset && (c === DASH || c === DOT) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) {
        // `---` starts the next document; `...`, and `---` glued to more text, are left to js-yaml.
        if (c === DOT || !this.isSpaceOrEnd(i + 3)) throw OUTSIDE;
        this.lineStart = offset;
        this.indent = END;
        this.separator = true;
        return;
      }
      this.lineStart = offset;
      this.at = i;
      this.indent = i - offset;
      return;
    }
    this.indent = END;
    this.separator = false;
  }

  /** The start of the next line, when only spaces and a comment (after a space) follow `from` on its line. */
  private endOfLine(from: number): number {
    const text = this.text;
    let i = from;
    while (text.charCodeAt(i) === SPACE) i++;
    if (i < this.len && text.charCodeAt(i) !== LF) {
      if (text.charCodeAt(i) !== HASH || i === from) throw OUTSIDE;
      i = text.indexOf("\n", i);
      if (i === -1) return this.len;
    }
    return i + 1;
  }

  /** js-yaml reads the text as if it ended with a line break. */
  private isSpaceOrEnd(i: number): boolean {
    const c = this.text.charCodeAt(i);
    return c === SPACE || c === LF || i >= this.len;
  }

  private isSeqEntry(i: number): boolean {
    return this.text.charCodeAt(i) === DASH && this.isSpaceOrEnd(i + 1);
  }

  // ---- block collections -----------------------------------------------------------------------

  private root(): unknown {
    const c = this.text.charCodeAt(this.at);
    if (c === BRACKET_OPEN || c === BRACE_OPEN) {
      const value = this.flow(this.at, 0);
      this.seek(this.endOfLine(this.flowEnd)); // (a `:` after it would make it a key)
      return value;
    }
    return this.block(this.indent);
  }

  /** The block collection whose first entry is on the current line, at column `col`. */
  private block(col: number): unknown {
    if (this.isSeqEntry(this.at)) return this.sequence(col);
    const key = this.key(this.at);
    if (key === undefined) throw OUTSIDE; // a scalar on a line of its own: multi-line, or a whole document
    return this.mapping(col, key);
  }

  /** The block mapping at column `col` whose first key has just been read. */
  private mapping(col: number, firstKey: string): Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    const map: Record<string, unknown> = {};
    let key: string | undefined = firstKey;
    for (;;) {
      if (Object.hasOwn(map, key)) throw OUTSIDE; // js-yaml refuses duplicate keys
      setProperty(map, key, this.value(this.valueAt, col, false));
      if (this.indent !== col) break;
      key = this.key(this.at);
      if (key === undefined) throw OUTSIDE;
    }
    if (this.indent > col) throw OUTSIDE;
    this.depth--;
    return map;
  }

  /**
   * The block sequence at column `col`. It ends at a line less indented, or at one of its own column
   * that is no entry: the next key of a mapping it is a value of (the mapping refuses anything else).
   */
  private sequence(col: number): unknown[] {
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    const items: unknown[] = [];
    do {
      items.push(this.value(this.at + 1, col, true));
    } while (this.indent === col && this.isSeqEntry(this.at));
    if (this.indent > col) throw OUTSIDE;
    this.depth--;
    return items;
  }

  /**
   * The node after a key's `:` or an entry's `-` (at `from`) in a collection at column `col`. Leaves the
   * current line on the first one after the node; the collection refuses it if it is more indented
   * (a continuation, or a js-yaml error).
   */
  private value(from: number, col: number, inSequence: boolean): unknown {
    const text = this.text;
    let i = from;
    while (text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    if (i >= this.len || c === LF || c === HASH) {
      // Nothing more on the line: the node is on the next lines, more indented (a sequence may also sit
      // at its key's column), or it is empty: null.
      this.seek(this.endOfLine(from));
      if (this.indent > col) return this.block(this.indent);
      if (!inSequence) return this.indent === col && this.isSeqEntry(this.at) ? this.sequence(col) : null;
      // After an empty entry, js-yaml reads an entry less indented as one more of this sequence.
      if (this.indent !== END && this.indent < col && this.isSeqEntry(this.at)) throw OUTSIDE;
      return null;
    }
    if (c === QUOTE_DOUBLE || c === QUOTE_SINGLE) {
      const scalar = this.quoted(i, col + 1);
      let j = this.quoteEnd;
      while (text.charCodeAt(j) === SPACE) j++;
      if (inSequence && text.charCodeAt(j) === COLON && this.isSpaceOrEnd(j + 1)) {
        if (text.lastIndexOf("\n", j) > i) throw OUTSIDE; // a key over several lines: an error
        this.valueAt = j + 1; // `- "key": value`: a compact mapping, at the key's column
        return this.mapping(i - this.lineStart, scalar);
      }
      this.seek(this.endOfLine(this.quoteEnd));
      return scalar;
    }
    if (c === BRACKET_OPEN || c === BRACE_OPEN) {
      // Lines it goes on to must be indented past the collection's column, as YAML 1.2 has it (js-yaml also
      // reads a line at that column and less, `yaml` refuses it: left to the precise path).
      const collection = this.flow(i, col + 1);
      this.seek(this.endOfLine(this.flowEnd));
      return collection;
    }
    if (c === PIPE || c === GT) return this.blockScalar(i, col);
    // (also refuses `- - x` and `key: - x`, anchors, aliases, tags, directives and reserved characters)
    if (!this.canStartPlain(i, false)) throw OUTSIDE;
    const end = this.plain(i, false);
    if (text.charCodeAt(this.scanStop) === COLON) {
      if (!inSequence) throw OUTSIDE; // `key: a: b`
      this.valueAt = this.scanStop + 1; // `- key: value`: a compact mapping, at the key's column
      return this.mapping(i - this.lineStart, this.plainKeyAt(i, end));
    }
    this.seek(this.endOfLine(end));
    // (a line more indented than the collection after it: the scalar may go on there, or it is an error)
    if (this.indent > col) return resolvePlain(this.plainLines(i, end, col));
    return resolvePlain(text.slice(i, end));
  }

  /**
   * The text of the block plain scalar whose first line runs from `start` to `end`, folded with the lines
   * that continue it (js-yaml's readPlainScalar): those indented past the collection's column `col`, after
   * blank lines only. A line break between two of its lines is one space, each blank line a `\n`. Moves
   * the current line to the first one after it. A comment ends it; a `:` that would end a key on a line
   * that continues it (`a: one\n  two: x`, an error) is left to js-yaml.
   */
  private plainLines(start: number, end: number, col: number): string {
    const text = this.text;
    const len = this.len;
    let value: string | undefined; // (only a scalar that goes on is copied piece by piece)
    let last = end;
    let breaks = 0;
    let lineStart = this.scanStop + 1;
    while (text.charCodeAt(this.scanStop) === LF && lineStart < len) {
      let j = lineStart;
      while (text.charCodeAt(j) === SPACE) j++;
      if (j >= len) break;
      const c = text.charCodeAt(j);
      if (c === LF) {
        breaks++;
        lineStart = j + 1;
        continue;
      }
      // (a comment line ends it: should a line indented as the scalar's follow, its collection refuses it)
      if (j - lineStart <= col || c === HASH) break;
      const lineEnd = this.plain(j, false);
      if (text.charCodeAt(this.scanStop) === COLON) throw OUTSIDE;
      value = (value ?? text.slice(start, end)) + (breaks === 0 ? " " : "\n".repeat(breaks)) + text.slice(j, lineEnd);
      last = lineEnd;
      breaks = 0;
      lineStart = this.scanStop + 1;
    }
    this.seek(this.endOfLine(last));
    return value ?? text.slice(start, end);
  }

  /** The implicit key at `i`, when its line is a `key: …` entry there (sets `valueAt` past the `:`). */
  private key(i: number): string | undefined {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === QUOTE_DOUBLE || c === QUOTE_SINGLE) {
      const key = this.quoted(i, ONE_LINE);
      let j = this.quoteEnd;
      while (text.charCodeAt(j) === SPACE) j++;
      if (text.charCodeAt(j) !== COLON || !this.isSpaceOrEnd(j + 1)) return undefined;
      this.valueAt = j + 1;
      return key;
    }
    if (!this.canStartPlain(i, false)) return undefined;
    const end = this.plain(i, false);
    if (text.charCodeAt(this.scanStop) !== COLON) return undefined;
    this.valueAt = this.scanStop + 1;
    return this.plainKeyAt(i, end);
  }

  /** The key that the plain scalar from `start` to `end` is. */
  private plainKeyAt(start: number, end: number): string {
    const text = this.text;
    const length = end - start;
    const sample = Math.imul(length, 0x9e3779b1) ^ (text.charCodeAt(start) << 3) ^ (text.charCodeAt(start + (length >> 1)) << 7) ^ (text.charCodeAt(end - 1) << 11);
    const slot = (sample ^ (sample >>> 12)) & (KNOWN_KEYS.length - 1);
    const known = KNOWN_KEYS[slot]!;
    if (known.length === length && text.startsWith(known, start)) return known;
    const raw = text.slice(start, end);
    const key = plainKey(raw);
    if (key !== raw || length > MAX_KNOWN_KEY) return key; // (`1.0:` is "1"; and a long key is rare)
    // A property name read back is V8's own internalized string, as compact as a string gets.
    return (KNOWN_KEYS[slot] = Object.keys({ [key]: null })[0]!);
  }

  /**
   * A `|` or `>` block scalar in a collection at column `col`: js-yaml's readBlockScalar, line by line,
   * for headers without an indentation indicator (one, or a second chomping indicator, is refused).
   */
  private blockScalar(start: number, col: number): string {
    const text = this.text;
    const len = this.len;
    const folded = text.charCodeAt(start) === GT;
    let i = start + 1;
    let chomping = CLIP;
    if (text.charCodeAt(i) === PLUS) chomping = KEEP;
    else if (text.charCodeAt(i) === DASH) chomping = STRIP;
    if (chomping !== CLIP) i++;
    let lineStart = this.endOfLine(i);
    let textIndent = col + 1;
    let detected = false;
    let didRead = false;
    let moreIndented = false;
    let emptyLines = 0;
    let value = "";
    while (lineStart < len) {
      let j = lineStart;
      if (detected) {
        while (j - lineStart < textIndent && text.charCodeAt(j) === SPACE) j++;
      } else {
        // Until the first content line, every line's spaces count, and the deepest sets the indentation.
        while (text.charCodeAt(j) === SPACE) j++;
        textIndent = Math.max(textIndent, j - lineStart);
      }
      if (j >= len || text.charCodeAt(j) === LF) {
        emptyLines++;
        lineStart = j + 1;
        continue;
      }
      if (j - lineStart < textIndent) {
        // Past the collection's column but less indented than a blank line before it: YAML 1.2 wants an
        // indentation indicator (`yaml` refuses the text), js-yaml ends the scalar. Left to the precise path.
        if (!detected && j - lineStart > col) throw OUTSIDE;
        break;
      }
      if (!folded) value += "\n".repeat(didRead ? 1 + emptyLines : emptyLines);
      else if (text.charCodeAt(j) === SPACE) {
        // More-indented lines of a folded scalar keep their line breaks.
        moreIndented = true;
        value += "\n".repeat(didRead ? 1 + emptyLines : emptyLines);
      } else if (moreIndented) {
        moreIndented = false;
        value += "\n".repeat(emptyLines + 1);
      } else if (emptyLines === 0) {
        if (didRead) value += " ";
      } else value += "\n".repeat(emptyLines);
      didRead = true;
      detected = true;
      emptyLines = 0;
      let eol = text.indexOf("\n", j);
      if (eol === -1) eol = len;
      value += text.slice(j, eol);
      lineStart = eol + 1;
    }
    if (chomping === KEEP) value += "\n".repeat(didRead ? 1 + emptyLines : emptyLines);
    else if (chomping === CLIP && didRead) value += "\n";
    if (UNSUPPORTED_CHARACTER.test(value)) throw OUTSIDE; // (read a line at a time, not checked as it was read)
    this.seek(lineStart);
    return value;
  }

  // ---- scalars -----------------------------------------------------------------------------------

  private canStartPlain(i: number, inFlow: boolean): boolean {
    const c = this.text.charCodeAt(i);
    if (i >= this.len || NOT_PLAIN_START[c] === 1) return false;
    if (c !== DASH && c !== QUESTION) return true;
    return !(this.isSpaceOrEnd(i + 1) || (inFlow && FLOW_INDICATOR[this.text.charCodeAt(i + 1)] === 1));
  }

  /**
   * End of the one-line plain scalar at `start`, trailing spaces excluded. `scanStop` is where it stops:
   * the line's end, a ` #` comment, a `:` that ends a key, and in flow collections `,[]{}` and a `:`
   * before them.
   */
  private plain(start: number, inFlow: boolean): number {
    const text = this.text;
    let i = start;
    for (; i < this.len; i++) {
      const c = text.charCodeAt(i);
      if (c > COLON) {
        // (letters, the most frequent, stop nothing but a flow scalar)
        if (inFlow && FLOW_INDICATOR[c] === 1) break;
        if (c === DEL) throw OUTSIDE;
        continue;
      }
      if (c === LF || (inFlow && c === COMMA)) break;
      if (c < SPACE) throw OUTSIDE; // a control character: js-yaml refuses it
      if (c === COLON) {
        const next = text.charCodeAt(i + 1);
        if (next === SPACE || next === LF || i + 1 >= this.len || (inFlow && FLOW_INDICATOR[next] === 1)) break;
      } else if (c === HASH && text.charCodeAt(i - 1) === SPACE) break;
    }
    this.scanStop = i;
    let end = i;
    while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
    if (end === start) throw OUTSIDE; // `[:]` and the like: no scalar at all
    return end;
  }

  /**
   * The quoted scalar at `start` (sets `quoteEnd` past its closing quote). It may go on over lines indented
   * at least `minIndent` (ONE_LINE: none), as YAML 1.2 has it; js-yaml also reads lines less indented.
   */
  private quoted(start: number, minIndent: number): string {
    const text = this.text;
    const len = this.len;
    let value = "";
    let from = start + 1;
    if (text.charCodeAt(start) === QUOTE_SINGLE) {
      for (let i = from; ; i++) {
        const c = text.charCodeAt(i);
        if (c === QUOTE_SINGLE) {
          value += text.slice(from, i);
          if (text.charCodeAt(i + 1) !== QUOTE_SINGLE) {
            this.quoteEnd = i + 1;
            return value;
          }
          from = ++i; // `''` is one quote: the second one starts the next run
        } else if (c === LF) {
          value += this.foldedLine(from, i, minIndent);
          from = this.breakEnd;
          i = from - 1;
        } else if (c < SPACE || c === DEL || i >= len) throw OUTSIDE; // unterminated, a control character
      }
    }
    for (let i = from; ; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE_DOUBLE) {
        this.quoteEnd = i + 1;
        return value + text.slice(from, i);
      }
      if (c === BACKSLASH) {
        value += text.slice(from, i);
        const escape = text.charCodeAt(i + 1);
        const simple = SIMPLE_ESCAPES[escape];
        if (simple !== undefined) {
          value += simple;
          i++;
        } else if (escape === LF) {
          // An escaped line break joins the lines. js-yaml also drops the blank lines after it, which YAML
          // 1.2 keeps as line feeds: those are left to the precise path.
          i = this.quotedLineAfter(i + 1, minIndent) - 1;
          if (this.breaks !== 1) throw OUTSIDE;
        } else {
          // (an unknown escape is a js-yaml error)
          const digits = escape === 0x78 /* x */ ? 2 : escape === 0x75 /* u */ ? 4 : escape === 0x55 /* U */ ? 8 : 0;
          const hex = text.slice(i + 2, i + 2 + digits);
          const code = parseInt(hex, 16);
          if (digits === 0 || hex.length !== digits || !HEX_DIGITS.test(hex) || code > 0x10ffff) throw OUTSIDE;
          value += String.fromCodePoint(code);
          i += 1 + digits;
        }
        from = i + 1;
      } else if (c === LF) {
        value += this.foldedLine(from, i, minIndent);
        from = this.breakEnd;
        i = from - 1;
      } else if (c < SPACE || c === DEL || i >= len) throw OUTSIDE;
    }
  }

  /**
   * The text from `from` to the line break at `lineBreak` in a quoted scalar, its trailing spaces trimmed,
   * then the line break folded with the blank lines after it: one space, or a `\n` for each blank line.
   * Sets `breakEnd` to where the scalar goes on.
   */
  private foldedLine(from: number, lineBreak: number, minIndent: number): string {
    const text = this.text;
    let end = lineBreak;
    while (end > from && text.charCodeAt(end - 1) === SPACE) end--;
    this.breakEnd = this.quotedLineAfter(lineBreak, minIndent);
    return text.slice(from, end) + (this.breaks === 1 ? " " : "\n".repeat(this.breaks - 1));
  }

  /**
   * Past the line break at `lineBreak` in a quoted scalar, the blank lines after it and the next line's
   * indentation, which must be `minIndent` at least (sets `breaks`, the line breaks passed).
   */
  private quotedLineAfter(lineBreak: number, minIndent: number): number {
    const text = this.text;
    let i = lineBreak;
    let breaks = 0;
    for (;;) {
      breaks++;
      const lineStart = i + 1;
      i = lineStart;
      while (text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) !== LF) {
        // (unterminated at the end of the text, or less indented than YAML 1.2 allows)
        if (i >= this.len || i - lineStart < minIndent) throw OUTSIDE;
        this.breaks = breaks;
        return i;
      }
    }
  }

  // ---- flow collections --------------------------------------------------------------------------

  /** The flow collection at `start` (sets `flowEnd` past it); its lines after the first indented at least `minIndent`. */
  private flow(start: number, minIndent: number): unknown[] | Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    const collection = this.text.charCodeAt(start) === BRACE_OPEN ? this.flowMapping(start, minIndent) : this.flowSequence(start, minIndent);
    this.depth--;
    return collection;
  }

  private flowSequence(start: number, minIndent: number): unknown[] {
    const items: unknown[] = [];
    let i = this.flowSpace(start + 1, minIndent);
    while (this.text.charCodeAt(i) !== BRACKET_CLOSE) {
      items.push(this.flowValue(i, minIndent));
      i = this.nextFlowEntry(BRACKET_CLOSE, minIndent);
    }
    this.flowEnd = i + 1;
    return items;
  }

  private flowMapping(start: number, minIndent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    let i = this.flowSpace(start + 1, minIndent);
    while (this.text.charCodeAt(i) !== BRACE_CLOSE) {
      const key = this.flowKey(i);
      if (Object.hasOwn(map, key)) throw OUTSIDE;
      setProperty(map, key, this.flowValue(this.flowSpace(this.valueAt, minIndent), minIndent));
      i = this.nextFlowEntry(BRACE_CLOSE, minIndent);
    }
    this.flowEnd = i + 1;
    return map;
  }

  /** Past the flow entry ending at `flowEnd` and its comma: where the next entry, or the closing bracket, is. */
  private nextFlowEntry(close: number, minIndent: number): number {
    const i = this.flowSpace(this.flowEnd, minIndent);
    const c = this.text.charCodeAt(i);
    if (c === COMMA) return this.flowSpace(i + 1, minIndent); // (a trailing comma is fine)
    if (c !== close) throw OUTSIDE;
    return i;
  }

  /** A flow mapping's key at `i`, followed on its line by `:` (sets `valueAt` past it). `{a}` and `{a: }` are left to js-yaml. */
  private flowKey(i: number): string {
    const text = this.text;
    const c = text.charCodeAt(i);
    let key: string;
    let j: number;
    if (c === QUOTE_DOUBLE || c === QUOTE_SINGLE) {
      key = this.quoted(i, ONE_LINE);
      j = this.quoteEnd;
      while (text.charCodeAt(j) === SPACE) j++;
    } else {
      if (!this.canStartPlain(i, true)) throw OUTSIDE;
      const end = this.plain(i, true);
      key = this.plainKeyAt(i, end);
      j = this.scanStop;
    }
    if (text.charCodeAt(j) !== COLON) throw OUTSIDE;
    this.valueAt = j + 1;
    return key;
  }

  /** A flow node at `i` (sets `flowEnd` past it); the caller checks what follows. */
  private flowValue(i: number, minIndent: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === QUOTE_DOUBLE || c === QUOTE_SINGLE) {
      const scalar = this.quoted(i, ONE_LINE); // (flow scalars over several lines are left to js-yaml)
      this.flowEnd = this.quoteEnd;
      return scalar;
    }
    if (c === BRACKET_OPEN || c === BRACE_OPEN) return this.flow(i, minIndent);
    if (!this.canStartPlain(i, true)) throw OUTSIDE; // (also an empty node: `[a, , b]`, `{a: }`)
    const end = this.plain(i, true);
    const stop = text.charCodeAt(this.scanStop);
    if (stop === COLON || stop === HASH) throw OUTSIDE; // a pair in a sequence, `a: b: c`, a comment
    this.flowEnd = end;
    return resolvePlain(text.slice(i, end));
  }

  /** Skips spaces and line breaks (to a line indented at least `minIndent`); comments and the end of the text are refused. */
  private flowSpace(i: number, minIndent: number): number {
    const text = this.text;
    for (; ; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE) continue;
      if (c === LF) {
        // `---` and `...` at the start of a line end the document even inside a flow collection.
        const next = text.charCodeAt(i + 1);
        if ((next === DASH || next === DOT) && text.charCodeAt(i + 2) === next && text.charCodeAt(i + 3) === next) throw OUTSIDE;
        let content = i + 1;
        while (text.charCodeAt(content) === SPACE) content++;
        if (content - (i + 1) < minIndent && text.charCodeAt(content) !== LF) throw OUTSIDE; // (a blank line has no indentation)
        continue;
      }
      if (c === HASH || i >= this.len) throw OUTSIDE;
      return i;
    }
  }
}

/** A plain scalar's value: null, a boolean or a number when the core schema resolves it so, else the text. */
function resolvePlain(raw: string): unknown {
  if (MAY_RESOLVE[raw.charCodeAt(0)] === 1) {
    // js-yaml reads `0b…` as a binary integer (YAML 1.1), YAML 1.2 as a string: loadText's precise
    // path decides, so the subset takes no such scalar and loadText need not look for one.
    if (BINARY_LITERAL.test(raw)) throw OUTSIDE;
    for (const type of IMPLICIT_TYPES) if (type.resolve(raw)) return type.construct(raw);
    return raw;
  }
  // The words of js-yaml's null and bool types, spelt out: keys such as `name` and `type` are too
  // frequent to ask each type about them.
  switch (raw) {
    case "null":
    case "Null":
    case "NULL":
      return null;
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
  }
  return raw;
}

/** js-yaml turns every key into a string: `1.0:` is "1", `~:` is "null". */
function plainKey(raw: string): string {
  if (raw === "<<") throw OUTSIDE; // a merge key in YAML 1.1 and js-yaml's default schema: not worth the doubt
  return String(resolvePlain(raw));
}

/** As js-yaml: a `__proto__` key is an own property, not the object's prototype. */
function setProperty(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(map, key, { configurable: true, enumerable: true, writable: true, value });
  else map[key] = value;
}
