/**
 * Source positions without the `yaml` library's AST. Building that AST costs ~4 ms for a typical contract
 * (its lexer alone ~1 ms), so locating one finding used to cost more than parsing the whole document. This
 * scanner indexes the YAML people write — block mappings and sequences, plain and quoted scalars (values
 * over several lines too, as PyYAML wraps long strings), block scalars, one-line flow collections, JSON
 * texts, comments, `---` streams — in one pass and gives every node the range the `yaml` AST would give
 * it. Anything else (anchors, tags, aliases, explicit keys, keys and flow scalars over several lines, a
 * plain scalar's line that holds `: ` or follows a comment line, a quoted scalar's line not indented past
 * its collection, an escaped line break before a blank line, indented comment lines after a nested
 * collection, keys that are not plainly strings, tabs, CRLF, directives…) makes it give up on the whole
 * text, and the caller builds the AST as before.
 */

import { fromPointer } from "./pointer.js";

/** `range[0]`, `range[1]` (end of the value) and `range[2]` (past its trailing comment and line break) of the `yaml` AST. */
interface Span {
  start: number;
  end: number;
  tail: number;
}
type IndexNode = (Span & { kind: "scalar" }) | (Span & { kind: "seq"; items: IndexNode[] }) | (Span & { kind: "map"; pairs: IndexPair[]; byKey?: Map<string, IndexPair> });
interface IndexPair {
  key: string;
  keySpan: Span;
  value: IndexNode;
}

/** Offsets `[start, end)` of the node at a pointer, as the `yaml` AST's `range[0]` and `range[1]`. */
export type OffsetRange = readonly [number, number];

/** Thrown (never escapes) when the text leaves the indexed subset. */
const OUTSIDE = new Error("outside the indexed YAML subset");

/** The indentation no line has: a quoted scalar that may not go on over several lines (a key, or in a flow collection). */
const ONE_LINE = Number.POSITIVE_INFINITY;

// Plain scalars the YAML 1.2 core schema resolves to null, booleans or numbers: as keys they would need
// the schema's own stringification, so such keys are left to the AST. So is a plain `<<`, a merge key: the
// keys it brings in are located in the mapping it merges, which this index does not follow.
const NOT_PLAINLY_STRING = /^(?:[-+.0-9~]|(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|<<)$)/;

export class YamlIndex {
  /** Offset of each line's first character. */
  private readonly lineStarts: number[] = [0];
  private readonly lineEnds: number[] = [];
  private readonly roots: (IndexNode | undefined)[] = [];
  /** Line after the node parsed last. */
  private next = 0;
  private docEnd = 0;

  /** Leading spaces of each line. */
  private readonly indents: number[] = [];

  private constructor(private readonly text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
      this.lineEnds.push(i);
      this.lineStarts.push(i + 1);
    }
    this.lineEnds.push(text.length);
    for (const start of this.lineStarts) {
      let i = start;
      while (text.charCodeAt(i) === 32) i++;
      this.indents.push(i - start);
    }
  }

  /** The index of `text`, or undefined when it uses anything outside the subset. */
  static of(text: string): YamlIndex | undefined {
    if (text.includes("\t") || text.includes("\r") || text.includes("\uFEFF")) return undefined;
    const index = new YamlIndex(text);
    try {
      index.parseStream();
    } catch (error) {
      // (a RangeError: nesting deeper than the stack, which the AST may still manage)
      if (error === OUTSIDE || error instanceof RangeError) return undefined;
      throw error;
    }
    return index;
  }

  /** Same walk as the AST-based lookup; undefined when the document is empty (or absent) and the AST must say. */
  locate(document: number, pointer: string, target: "key" | "value"): OffsetRange | undefined {
    const root = this.roots[document];
    if (!root) return undefined;
    let node = root;
    let key: Span | undefined;
    for (const segment of fromPointer(pointer)) {
      const next = childOf(node, segment);
      if (!next) {
        key = undefined; // missing: stay on the deepest existing ancestor, pointing at its value
        break;
      }
      node = next.value;
      key = next.keySpan;
    }
    const chosen = target === "key" && key ? key : node;
    return [chosen.start, chosen.end];
  }

  // ---- documents and lines -------------------------------------------------------------------

  private parseStream(): void {
    const lines = this.lineEnds.length;
    let first = 0;
    let sawMarker = false;
    for (let li = 0; li <= lines; li++) {
      const line = li < lines ? this.lineText(li) : "---";
      if (line.startsWith("%") || line.startsWith("...")) throw OUTSIDE;
      if (!line.startsWith("---")) continue;
      if (li < lines && line.trimEnd() !== "---") throw OUTSIDE;
      // Comments before the first `---` belong to the document it starts; an empty document after a
      // `---` is left to the AST (which gives it a null scalar).
      const root = this.parseDocument(first, li);
      if (root || sawMarker) this.roots.push(root);
      if (!root && sawMarker && li < lines) throw OUTSIDE;
      sawMarker = li < lines;
      first = li + 1;
    }
  }

  private parseDocument(first: number, end: number): IndexNode | undefined {
    this.docEnd = end;
    const li = this.nextContent(first);
    if (li === -1) return undefined;
    const col = this.indent(li);
    const at = this.lineStarts[li]! + col;
    let root: IndexNode;
    const ch = this.text[at];
    if (ch === "{" || ch === "[") {
      const [node, end] = this.flowNode(at, true);
      this.afterValue(end); // nothing but a comment may follow on its line (a `:` would make it a key)
      this.next = this.lineOf(end) + 1;
      root = node;
    } else {
      root = this.blockNode(li, col);
    }
    if (this.nextContent(this.next) !== -1) throw OUTSIDE;
    return root;
  }

  private lineText(li: number): string {
    return this.text.slice(this.lineStarts[li], this.lineEnds[li]);
  }

  private indent(li: number): number {
    return this.indents[li]!;
  }

  private isBlank(li: number): boolean {
    return this.lineStarts[li]! + this.indent(li) === this.lineEnds[li];
  }

  /** The first line at or after `li` in the current document with content (not blank, not a comment), or -1. */
  private nextContent(li: number): number {
    for (; li < this.docEnd; li++) if (this.isContent(li)) return li;
    return -1;
  }

  private isContent(li: number): boolean {
    const at = this.lineStarts[li]! + this.indent(li);
    return at < this.lineEnds[li]! && this.text[at] !== "#";
  }

  /** 1-based line and column of an offset, as the `yaml` library's LineCounter has them. */
  linePos(offset: number): { line: number; col: number } {
    const li = this.lineOf(offset);
    return { line: li + 1, col: offset - this.lineStarts[li]! + 1 };
  }

  private lineOf(offset: number): number {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offset < starts[mid]!) high = mid;
      else low = mid + 1;
    }
    return low - 1;
  }

  private isSeqEntry(li: number, col: number): boolean {
    const at = this.lineStarts[li]! + col;
    return this.text[at] === "-" && (at + 1 === this.lineEnds[li] || this.text[at + 1] === " ");
  }

  // ---- block collections -----------------------------------------------------------------------

  /** The block collection whose first entry starts at column `col` of line `li`. */
  private blockNode(li: number, col: number): IndexNode {
    return this.isSeqEntry(li, col) ? this.blockSeq(li, col) : this.blockMap(li, col);
  }

  private blockMap(li: number, col: number): IndexNode {
    const pairs: IndexPair[] = [];
    const start = this.lineStarts[li]! + col;
    for (;;) {
      const key = this.keyAt(this.lineStarts[li]! + col, this.lineEnds[li]!);
      if (!key) throw OUTSIDE; // a scalar on its own line: a multi-line scalar or an error
      pairs.push({ key: key.key, keySpan: key.span, value: this.blockValue(li, key.after, col, true) });
      const next = this.nextContent(this.next);
      if (next === -1 || this.indent(next) < col) break;
      if (this.indent(next) > col || this.isSeqEntry(next, col)) throw OUTSIDE;
      li = next;
    }
    const end = pairs.at(-1)!.value.tail;
    return { kind: "map", pairs, start, end, tail: end };
  }

  private blockSeq(li: number, col: number): IndexNode {
    const items: IndexNode[] = [];
    const start = this.lineStarts[li]! + col;
    for (;;) {
      const dash = this.lineStarts[li]! + col;
      const eol = this.lineEnds[li]!;
      let at = dash + 1;
      while (at < eol && this.text[at] === " ") at++;
      const inner = at - this.lineStarts[li]!; // a compact collection (`- a: 1`, `- - x`) sits at this column
      if (at < eol && this.isSeqEntry(li, inner)) items.push(this.nested(this.blockSeq(li, inner), col));
      else if (at < eol && this.text[at] !== "#" && this.keyAt(at, eol)) items.push(this.nested(this.blockMap(li, inner), col));
      else items.push(this.blockValue(li, dash + 1, col, false));
      const next = this.nextContent(this.next);
      if (next === -1 || this.indent(next) < col) break;
      if (this.indent(next) > col) throw OUTSIDE;
      if (!this.isSeqEntry(next, col)) break; // the next key of a mapping this sequence is a value of
      li = next;
    }
    const end = items.at(-1)!.tail;
    return { kind: "seq", items, start, end, tail: end };
  }

  /**
   * The value after a key's `:` or an entry's `-` (offset `from`) on line `li`, in a collection at column
   * `col`. Sets `next` to the line after it; the caller refuses more-indented lines after it (continuations).
   */
  private blockValue(li: number, from: number, col: number, inMap: boolean): IndexNode {
    const eol = this.lineEnds[li]!;
    let at = from;
    while (at < eol && this.text[at] === " ") at++;
    if (at === eol) {
      const next = this.nextContent(li + 1);
      if (next !== -1 && (this.indent(next) > col || (inMap && this.indent(next) === col && this.isSeqEntry(next, col)))) {
        return this.nested(this.blockNode(next, this.indent(next)), col);
      }
      // An empty value (null, where its line ends). The AST attaches comment lines around it to it, which
      // changes its `range[2]` (and so its collection's end) in ways not worth mirroring.
      for (let l = li + 1; l < (next === -1 ? this.docEnd : next); l++) if (!this.isBlank(l)) throw OUTSIDE;
      for (let l = li - 1; l >= 0 && !this.isContent(l); l--) if (!this.isBlank(l)) throw OUTSIDE;
      this.next = li + 1;
      return { kind: "scalar", start: eol, end: eol, tail: eol };
    }
    const ch = this.text[at]!;
    if ("&*!?%@`,]}#".includes(ch) || ((ch === "-" || ch === ":") && (at + 1 === eol || this.text[at + 1] === " "))) throw OUTSIDE;
    if (ch === "|" || ch === ">") return this.blockScalar(li, at, col);
    let node: IndexNode;
    if (ch === "{" || ch === "[") node = this.flowNode(at, false)[0];
    else if (ch === '"' || ch === "'") {
      node = { kind: "scalar", start: at, end: this.quotedEnd(at, col + 1), tail: 0 };
      li = this.lineOf(node.end);
    }
    else {
      node = { kind: "scalar", start: at, end: this.plainEnd(at, eol, false), tail: 0 };
      if (this.text[node.end] === ":") throw OUTSIDE;
      li = this.plainLastLine(li, node, col);
    }
    node.tail = this.afterValue(node.end);
    this.next = li + 1;
    return this.withComments(node, this.next, col);
  }

  /**
   * `node`, a scalar or flow value in a collection at column `col` that ends before line `after`, its
   * `range[2]` moved past the comment lines from there indented past `col` (and the blank lines among
   * them), as the AST has it: they end the collection whose last value it is.
   */
  private withComments(node: IndexNode, after: number, col: number): IndexNode {
    for (let li = after; li < this.docEnd && (this.indent(li) > col || this.isBlank(li)); li++) {
      if (this.isContent(li)) break;
      if (!this.isBlank(li)) node.tail = Math.min(this.lineEnds[li]! + 1, this.text.length);
    }
    return node;
  }

  /**
   * `collection`, a block collection that is a value in a collection at column `col`. Comment lines after
   * it indented past `col` end it in the AST in ways not worth mirroring (with the next line's indentation,
   * or not at all): left to the AST.
   */
  private nested(collection: IndexNode, col: number): IndexNode {
    // (from the line after its last value, `next`, past those its `range[2]` already covers)
    for (let li = this.next; li < this.docEnd && !this.isContent(li); li++) {
      if (!this.isBlank(li) && this.indent(li) > col && this.lineStarts[li]! >= collection.tail) throw OUTSIDE;
    }
    return collection;
  }

  /**
   * The last line of the block plain scalar `node` that starts on line `li`, in a collection at column `col`,
   * `node.end` moved to its end: it goes on over the lines indented past `col` that follow after blank lines
   * only, until a comment. A `:` that would end a key on one of them (an error) is left to the AST.
   */
  private plainLastLine(li: number, node: Span, col: number): number {
    const text = this.text;
    for (;;) {
      let next = li + 1;
      while (next < this.docEnd && this.isBlank(next)) next++;
      if (next >= this.docEnd || this.indent(next) <= col || !this.isContent(next)) return li;
      const eol = this.lineEnds[li]!;
      let at = node.end;
      while (at < eol && text[at] === " ") at++;
      if (at < eol) return li; // a comment (or a `:`, which the caller's afterValue refuses)
      li = next;
      node.end = this.plainEnd(this.lineStarts[li]! + this.indent(li), this.lineEnds[li]!, false);
      if (text[node.end] === ":") throw OUTSIDE;
    }
  }

  /** Checks that only spaces and a comment follow a value on its line; returns `range[2]`: past the line break. */
  private afterValue(end: number): number {
    const li = this.lineOf(end);
    const eol = this.lineEnds[li]!;
    let at = end;
    while (at < eol && this.text[at] === " ") at++;
    if (at < eol && !(this.text[at] === "#" && at > end)) throw OUTSIDE;
    return Math.min(eol + 1, this.text.length);
  }

  private blockScalar(li: number, at: number, col: number): IndexNode {
    // Only `|`, `>`, `|-`, `>-`: keep chomping and explicit indentation change which lines are part of it.
    const header = this.text.slice(at + 1, this.lineEnds[li]).trimEnd();
    if (header !== "" && header !== "-") throw OUTSIDE;
    let contentIndent = -1;
    let last = -1;
    let l = li + 1;
    for (; l < this.docEnd; l++) {
      const ind = this.indent(l);
      if (this.isBlank(l)) {
        // A line of spaces only, more indented than the text, is a line of the text (its extra spaces are
        // content), not an empty line: the scalar, and its range in the AST, go on to it. Editors that indent
        // a new line leave such lines behind.
        if (contentIndent !== -1 && ind > contentIndent) last = l;
        continue;
      }
      if (contentIndent === -1) contentIndent = ind;
      if (ind < contentIndent) break;
      last = l;
    }
    if (contentIndent <= col || (l < this.docEnd && this.indent(l) > col)) throw OUTSIDE;
    this.next = last + 1;
    const end = Math.min(this.lineEnds[last]! + 1, this.text.length);
    return { kind: "scalar", start: at, end, tail: end };
  }

  // ---- keys and scalars ------------------------------------------------------------------------

  /** The implicit key starting at `at`, if the line is a `key: …` entry there. */
  private keyAt(at: number, eol: number): { key: string; span: Span; after: number } | undefined {
    const ch = this.text[at]!;
    let end: number;
    let key: string;
    if (ch === '"' || ch === "'") {
      end = this.quotedEnd(at, 0);
      if (end > eol) return undefined; // a value over several lines (as a key, the caller's checks refuse it)
      key = unquote(this.text.slice(at, end));
    } else if ("&*!?|>%@`{[,]}#".includes(ch) || (ch === "-" && (at + 1 === eol || this.text[at + 1] === " "))) {
      if (ch === "|" || ch === ">" || ch === "{" || ch === "[") return undefined; // a value; a flow key is refused later
      throw OUTSIDE;
    } else {
      end = this.plainEnd(at, eol, false);
      key = this.text.slice(at, end);
    }
    if (this.text[end] !== ":" || (end + 1 < eol && this.text[end + 1] !== " ")) return undefined;
    if (ch !== '"' && ch !== "'" && NOT_PLAINLY_STRING.test(key)) throw OUTSIDE;
    return { key, span: { start: at, end, tail: end }, after: end + 1 };
  }

  /**
   * End of the plain scalar at `at` (trailing spaces excluded): before ` #`, before `: ` or a final `:`, and
   * in flow collections before `,[]{}` and a `:` followed by one of them.
   */
  private plainEnd(at: number, eol: number, flow: boolean): number {
    const text = this.text;
    let end = at;
    for (let i = at; i < eol; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x20) continue;
      if (c === 0x23 /* # */ && text.charCodeAt(i - 1) === 0x20) break;
      if (c === 0x3a /* : */ && (i + 1 === eol || text.charCodeAt(i + 1) === 0x20 || (flow && isFlowIndicator(text.charCodeAt(i + 1))))) break;
      if (flow && isFlowIndicator(c)) break;
      end = i + 1;
    }
    if (end === at) throw OUTSIDE;
    return end;
  }

  /**
   * End (past the closing quote) of the quoted scalar at `at`, which may go on over lines indented at least
   * `minIndent` (ONE_LINE: none). A line break escaped in double quotes followed by a blank line is left to
   * the AST: js-yaml drops that blank line, YAML 1.2 keeps it.
   */
  private quotedEnd(at: number, minIndent: number): number {
    const text = this.text;
    const quote = text[at];
    for (let i = at + 1; i < text.length; i++) {
      const c = text[i];
      if (quote === '"' && c === "\\") {
        i++;
        if (text[i] === "\n") i = this.quotedLineAfter(i, minIndent, true) - 1;
      } else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else return i + 1;
      } else if (c === "\n") i = this.quotedLineAfter(i, minIndent, false) - 1;
    }
    throw OUTSIDE; // unterminated
  }

  /** Where a quoted scalar goes on after the line break at `lineBreak`: past blank lines (unless `escaped`) and the next line's indentation, `minIndent` at least. */
  private quotedLineAfter(lineBreak: number, minIndent: number, escaped: boolean): number {
    let li = this.lineOf(lineBreak) + 1;
    for (; li < this.docEnd && this.isBlank(li); li++) if (escaped) throw OUTSIDE;
    if (li >= this.docEnd || this.indent(li) < minIndent) throw OUTSIDE;
    return this.lineStarts[li]! + this.indent(li);
  }

  // ---- flow collections ------------------------------------------------------------------------

  /** The flow node at `at` and the offset past it; `multiline` only for a document that is one flow collection (JSON). */
  private flowNode(at: number, multiline: boolean): [IndexNode, number] {
    const ch = this.text[at]!;
    if (ch === "[" || ch === "{") {
      const close = ch === "[" ? "]" : "}";
      const items: IndexNode[] = [];
      const pairs: IndexPair[] = [];
      let i = this.skipFlowSpace(at + 1, multiline);
      while (this.text[i] !== close) {
        if (ch === "{") {
          const keyStart = i;
          const c = this.text[i]!;
          const quoted = c === '"' || c === "'";
          if (quoted) i = this.quotedEnd(i, ONE_LINE);
          else if ("&*!?|>%@`{[,]}#-:".includes(c)) throw OUTSIDE;
          else i = this.plainEnd(i, this.lineEnds[this.lineOf(i)]!, true);
          const keySpan = { start: keyStart, end: i, tail: i };
          const key = quoted ? unquote(this.text.slice(keyStart, i)) : this.text.slice(keyStart, i);
          if (!quoted && NOT_PLAINLY_STRING.test(key)) throw OUTSIDE;
          i = this.skipFlowSpace(i, multiline);
          if (this.text[i] !== ":") throw OUTSIDE; // `{a}` and the like
          const [value, after] = this.flowNode(this.skipFlowSpace(i + 1, multiline), multiline);
          pairs.push({ key, keySpan, value });
          i = after;
        } else {
          const [item, after] = this.flowNode(i, multiline);
          items.push(item);
          i = after;
        }
        i = this.skipFlowSpace(i, multiline);
        if (this.text[i] === ",") {
          i = this.skipFlowSpace(i + 1, multiline);
          if (this.text[i] === close) throw OUTSIDE; // a trailing comma
        } else if (this.text[i] !== close) throw OUTSIDE;
      }
      const node: IndexNode = ch === "[" ? { kind: "seq", items, start: at, end: i + 1, tail: i + 1 } : { kind: "map", pairs, start: at, end: i + 1, tail: i + 1 };
      return [node, i + 1];
    }
    const eol = this.lineEnds[this.lineOf(at)]!;
    let end: number;
    if (ch === '"' || ch === "'") end = this.quotedEnd(at, ONE_LINE);
    else if ("&*!?|>%@`,]}#".includes(ch) || (ch === "-" && this.text[at + 1] === " ") || ch === ":") throw OUTSIDE;
    else end = this.plainEnd(at, eol, true);
    // A scalar followed by `:` in a sequence is a one-pair mapping: outside the subset (the caller's
    // check for `,` or the closing bracket refuses it).
    return [{ kind: "scalar", start: at, end, tail: end }, end];
  }

  private skipFlowSpace(i: number, multiline: boolean): number {
    for (;;) {
      const c = this.text[i];
      if (c === " ") i++;
      else if (c === "\n" && multiline) i++;
      else if (c === undefined || c === "\n" || c === "#") throw OUTSIDE;
      else return i;
    }
  }
}

/** `,[]{}` */
function isFlowIndicator(c: number): boolean {
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

/** Mappings with more keys than this are looked up through a map built on first use: a finding per key stays linear. */
const KEYS_SCANNED = 16;

function childOf(node: IndexNode, segment: string): { keySpan?: Span; value: IndexNode } | undefined {
  if (node.kind === "map") {
    if (node.pairs.length <= KEYS_SCANNED) return node.pairs.find((pair) => pair.key === segment);
    if (!node.byKey) {
      node.byKey = new Map();
      // The first of duplicate keys, as `find` gives it (a duplicate key is a finding of its own).
      for (const pair of node.pairs) if (!node.byKey.has(pair.key)) node.byKey.set(pair.key, pair);
    }
    return node.byKey.get(segment);
  }
  if (node.kind === "seq") {
    const i = Number(segment);
    const item = Number.isInteger(i) ? node.items[i] : undefined;
    return item ? { value: item } : undefined;
  }
  return undefined;
}

/** The value of a quoted key: `''` in single quotes; JSON's escapes in double quotes (YAML's others are refused). */
function unquote(token: string): string {
  if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
  if (!token.includes("\\")) return token.slice(1, -1);
  try {
    return JSON.parse(token) as string;
  } catch {
    throw OUTSIDE;
  }
}
