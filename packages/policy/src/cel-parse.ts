import type { parse } from "@bufbuild/cel";

/**
 * A fast parser for the everyday subset of CEL, producing exactly the tree @bufbuild/cel's `parse`
 * gives (same node kinds, fields, macro expansions, balanced `&&`/`||` trees and unary folding; only
 * node ids and source positions differ). @bufbuild/cel's PEG parser takes ~1 ms an expression, which
 * made compiling a pack of 100 policies cost half a second on every run and every commit; this one
 * takes microseconds.
 *
 * It is deliberately narrow: anything outside the subset — comments, raw, triple-quoted or bytes
 * strings, escapes other than the one-character ones, hex or unsigned literals, numbers starting with
 * a dot, message construction, leading-dot names, reserved words, identifiers that begin with
 * `true`/`false` (which @bufbuild/cel reads as a literal), a syntax error — returns `undefined`, and
 * the caller parses with @bufbuild/cel, which then decides (and words any error). cel-parse.test.ts
 * compares both parsers' trees over every expression of the packs and over generated expressions.
 */
export type ParsedExpr = ReturnType<typeof parse>;
type Expr = NonNullable<ParsedExpr["expr"]>;

const RESERVED = new Set(["true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while"]);
const ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", '"': '"', "'": "'", "`": "`", "\\": "\\", "?": "?" };
const ACCU = "@result";

/** Thrown inside the parser: the text is outside the subset (or wrong); @bufbuild/cel decides. */
const DEFER = Symbol("defer");

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c);

/** The tree of `source`, or undefined when @bufbuild/cel must parse it. */
export function parseSubset(source: string): ParsedExpr | undefined {
  try {
    const parser = new Parser(source);
    const expr = parser.expr();
    if (parser.pos !== source.length) return undefined;
    return {
      $typeName: "cel.expr.ParsedExpr",
      expr,
      sourceInfo: { $typeName: "cel.expr.SourceInfo", syntaxVersion: "", location: "", lineOffsets: [], positions: {}, macroCalls: {}, extensions: [] },
    } as ParsedExpr;
  } catch (error) {
    if (error === DEFER) return undefined;
    throw error;
  }
}

class Parser {
  pos = 0;
  private id = 0n;
  constructor(private readonly text: string) {}

  private fail(): never {
    throw DEFER;
  }

  private code(at = this.pos): number {
    return at < this.text.length ? this.text.charCodeAt(at) : -1;
  }

  /** Whitespace as the grammar's S: [\t\n\f\r ]; a comment is left to @bufbuild/cel. */
  private ws(): void {
    for (;;) {
      const c = this.code();
      if (c === 32 || c === 9 || c === 10 || c === 12 || c === 13) this.pos++;
      else break;
    }
    if (this.code() === 47 && this.code(this.pos + 1) === 47) this.fail();
  }

  private startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  private node(exprKind: unknown): Expr {
    return { $typeName: "cel.expr.Expr", id: ++this.id, exprKind } as Expr;
  }

  private call(fn: string, args: Expr[], target?: Expr): Expr {
    const value: Record<string, unknown> = { $typeName: "cel.expr.Expr.Call", function: fn };
    if (target) value.target = target;
    value.args = args;
    return this.node({ case: "callExpr", value });
  }

  private ident(name: string): Expr {
    return this.node({ case: "identExpr", value: { $typeName: "cel.expr.Expr.Ident", name } });
  }

  private constant(kind: string, value: unknown): Expr {
    return this.node({ case: "constExpr", value: { $typeName: "cel.expr.Constant", constantKind: { case: kind, value } } });
  }

  private list(elements: Expr[]): Expr {
    return this.node({ case: "listExpr", value: { $typeName: "cel.expr.Expr.CreateList", elements, optionalIndices: [] } });
  }

  // Expr = ConditionalOr S ("?" ConditionalOr S ":" Expr S)?
  expr(): Expr {
    const or = this.conditionalOr();
    this.ws();
    if (this.code() !== 63 /* ? */) return or;
    this.pos++;
    const t = this.conditionalOr();
    this.ws();
    if (this.code() !== 58 /* : */) this.fail();
    this.pos++;
    const f = this.expr();
    this.ws();
    return this.call("_?_:_", [or, t, f]);
  }

  private conditionalOr(): Expr {
    return this.logic("||", "_||_", () => this.conditionalAnd());
  }

  private conditionalAnd(): Expr {
    return this.logic("&&", "_&&_", () => this.relation());
  }

  /** Terms separated by `op`, as @bufbuild/cel's balancing LogicManager builds them. */
  private logic(op: string, fn: string, term: () => Expr): Expr {
    const terms = [term()];
    for (;;) {
      const save = this.pos;
      this.ws();
      if (!this.startsWith(op)) {
        this.pos = save;
        break;
      }
      this.pos += 2;
      terms.push(term());
    }
    if (terms.length === 1) return terms[0]!;
    const balanced = (lo: number, hi: number): Expr => {
      const mid = Math.floor((lo + hi + 1) / 2);
      const left = mid === lo ? terms[mid]! : balanced(lo, mid - 1);
      const right = mid === hi ? terms[mid + 1]! : balanced(mid + 1, hi);
      return this.call(fn, [left, right]);
    };
    return balanced(0, terms.length - 2);
  }

  private relation(): Expr {
    let left = this.addition();
    for (;;) {
      const save = this.pos;
      this.ws();
      const op = this.relop();
      if (!op) {
        this.pos = save;
        return left;
      }
      left = this.call(op, [left, this.addition()]);
    }
  }

  private relop(): string | undefined {
    const c = this.code();
    const next = this.code(this.pos + 1);
    if (c === 60 /* < */ || c === 62 /* > */) {
      const eq = next === 61;
      this.pos += eq ? 2 : 1;
      return `_${c === 60 ? "<" : ">"}${eq ? "=" : ""}_`;
    }
    if ((c === 61 /* = */ || c === 33) /* ! */ && next === 61) {
      this.pos += 2;
      return c === 61 ? "_==_" : "_!=_";
    }
    if (c === 105 /* i */ && next === 110 /* n */) {
      // The grammar reads `in` without a word boundary (`a inb` is `a in b`): leave that to @bufbuild/cel.
      if (isIdentPart(this.code(this.pos + 2))) this.fail();
      this.pos += 2;
      return "@in";
    }
    return undefined;
  }

  private addition(): Expr {
    let left = this.multiplication();
    for (;;) {
      const save = this.pos;
      this.ws();
      const c = this.code();
      if (c !== 43 && c !== 45) {
        this.pos = save;
        return left;
      }
      this.pos++;
      left = this.call(c === 43 ? "_+_" : "_-_", [left, this.multiplication()]);
    }
  }

  private multiplication(): Expr {
    let left = this.unary();
    for (;;) {
      const save = this.pos;
      this.ws();
      const c = this.code();
      if (c !== 42 && c !== 47 && c !== 37) {
        this.pos = save;
        return left;
      }
      this.pos++;
      left = this.call(c === 42 ? "_*_" : c === 47 ? "_/_" : "_%_", [left, this.unary()]);
    }
  }

  // Unary = Member / S $("!"+ / "-"+) Member
  private unary(): Expr {
    this.ws();
    const c = this.code();
    const negativeLiteral = c === 45 && isDigit(this.code(this.pos + 1));
    if ((c !== 33 && c !== 45) || negativeLiteral) return this.member();
    let count = 0;
    while (this.code() === c) {
      this.pos++;
      count++;
    }
    const operand = this.member();
    if (count % 2 === 0) return operand;
    const fn = c === 33 ? "!_" : "-_";
    const kind = operand.exprKind as { case: string; value: { function?: string; args?: Expr[] } };
    if (kind.case === "callExpr" && kind.value.function === fn) return kind.value.args![0]!;
    return this.call(fn, [operand]);
  }

  // Member = S Primary (S Access)*
  private member(): Expr {
    this.ws();
    let expr = this.primary();
    for (;;) {
      const save = this.pos;
      this.ws();
      const c = this.code();
      if (c === 46 /* . */) {
        this.pos++;
        this.ws();
        if (this.code() === 63 /* ?: optional select */) this.fail();
        const field = this.identifier();
        this.ws();
        if (this.code() === 40 /* ( */) {
          this.pos++;
          expr = this.memberCall(expr, field, this.callArgs());
        } else {
          expr = this.node({ case: "selectExpr", value: { $typeName: "cel.expr.Expr.Select", operand: expr, field, testOnly: false } });
        }
      } else if (c === 91 /* [ */) {
        this.pos++;
        if (this.code() === 63 /* [? optional index */) this.fail();
        const index = this.expr();
        if (this.code() !== 93) this.fail();
        this.pos++;
        expr = this.call("_[_]", [expr, index]);
      } else {
        this.pos = save;
        return expr;
      }
    }
  }

  /** After "(": arguments up to ")" (no trailing comma, and `( )` is left to @bufbuild/cel). */
  private callArgs(): Expr[] {
    const args: Expr[] = [];
    if (this.code() === 41) {
      this.pos++;
      return args;
    }
    for (;;) {
      args.push(this.expr());
      const c = this.code();
      this.pos++;
      if (c === 41) return args;
      if (c !== 44) this.fail();
    }
  }

  private primary(): Expr {
    const c = this.code();
    if (isDigit(c) || (c === 45 && isDigit(this.code(this.pos + 1)))) return this.number();
    if (c === 34 || c === 39) return this.string(c);
    if (c === 40 /* ( */) {
      this.pos++;
      const inner = this.expr();
      if (this.code() !== 41) this.fail();
      this.pos++;
      return inner;
    }
    if (c === 91 /* [ */) {
      this.pos++;
      const elements = this.elements(93, () => this.expr());
      return this.list(elements);
    }
    if (c === 123 /* { */) {
      this.pos++;
      const entries = this.elements(125, () => {
        const key = this.expr();
        if (this.code() !== 58) this.fail();
        this.pos++;
        const value = this.expr();
        return { $typeName: "cel.expr.Expr.CreateStruct.Entry", id: ++this.id, keyKind: { case: "mapKey", value: key }, value, optionalEntry: false };
      });
      return this.node({ case: "structExpr", value: { $typeName: "cel.expr.Expr.CreateStruct", entries, messageName: "" } });
    }
    if (!isIdentStart(c)) this.fail();
    const start = this.pos;
    while (isIdentPart(this.code())) this.pos++;
    const word = this.text.slice(start, this.pos);
    // r'..', b'..', rb'..': raw and bytes strings.
    if (this.code() === 34 || this.code() === 39) this.fail();
    if (word === "true" || word === "false") return this.constant("boolValue", word === "true");
    if (word === "null") return this.constant("nullValue", 0);
    // @bufbuild/cel reads the `true` of `trueish` as a literal; and reserved words are no identifiers.
    if (word.startsWith("true") || word.startsWith("false") || RESERVED.has(word)) this.fail();
    const save = this.pos;
    this.ws();
    const next = this.code();
    if (next === 40 /* ( */) {
      this.pos++;
      const args = this.callArgs();
      if (word === "has" && args.length === 1 && args[0]!.exprKind.case === "selectExpr") {
        return this.node({ case: "selectExpr", value: { ...(args[0]!.exprKind.value as object), testOnly: true } });
      }
      return this.call(word, args);
    }
    // Message construction, Identifier (S "." S Identifier)* S "{": `a.b{...}` names a message type
    // (while `a.b` alone is a select). Left to @bufbuild/cel.
    let at = this.pos;
    for (;;) {
      if (this.code(at) === 123) this.fail();
      if (this.code(at) !== 46) break;
      at = this.skipWs(at + 1);
      if (!isIdentStart(this.code(at))) break;
      while (isIdentPart(this.code(at))) at++;
      at = this.skipWs(at);
    }
    this.pos = save;
    return this.ident(word);
  }

  private skipWs(at: number): number {
    for (;;) {
      const c = this.code(at);
      if (c === 32 || c === 9 || c === 10 || c === 12 || c === 13) at++;
      else return at;
    }
  }

  /** Comma-separated items up to `close`; a trailing comma is allowed, a leading one is left to @bufbuild/cel. */
  private elements<T>(close: number, item: () => T): T[] {
    const items: T[] = [];
    this.ws();
    if (this.code() === close) {
      this.pos++;
      return items;
    }
    if (this.code() === 44) this.fail();
    for (;;) {
      items.push(item());
      if (this.code() === 44) {
        this.pos++;
        this.ws();
        if (this.code() === close) {
          this.pos++;
          return items;
        }
        continue;
      }
      this.ws();
      if (this.code() !== close) this.fail();
      this.pos++;
      return items;
    }
  }

  private identifier(): string {
    const start = this.pos;
    if (!isIdentStart(this.code())) this.fail();
    while (isIdentPart(this.code())) this.pos++;
    const word = this.text.slice(start, this.pos);
    if (RESERVED.has(word)) this.fail();
    return word;
  }

  /** Decimal ints (int64) and doubles; hex, unsigned and dot-first numbers are left to @bufbuild/cel. */
  private number(): Expr {
    const start = this.pos;
    if (this.code() === 45) this.pos++;
    const digits = this.pos;
    while (isDigit(this.code())) this.pos++;
    if (this.text.startsWith("0x", digits) || this.text.startsWith("0X", digits)) this.fail();
    let float = false;
    if (this.code() === 46 && isDigit(this.code(this.pos + 1))) {
      float = true;
      this.pos++;
      while (isDigit(this.code())) this.pos++;
    }
    const e = this.code();
    if (e === 101 || e === 69) {
      let at = this.pos + 1;
      if (this.code(at) === 43 || this.code(at) === 45) at++;
      if (!isDigit(this.code(at))) this.fail();
      this.pos = at;
      while (isDigit(this.code())) this.pos++;
      float = true;
    }
    const after = this.code();
    // 1u, 1.5.2, 1e5x, 1.x: outside the subset.
    if (isIdentPart(after) || (after === 46 && isDigit(this.code(this.pos + 1)))) this.fail();
    const text = this.text.slice(start, this.pos);
    if (float) return this.constant("doubleValue", parseFloat(text));
    return this.constant("int64Value", text[0] === "-" ? -BigInt(text.slice(1)) : BigInt(text));
  }

  /** A one-line quoted string with one-character escapes only. */
  private string(quote: number): Expr {
    if (this.code(this.pos + 1) === quote && this.code(this.pos + 2) === quote) this.fail();
    this.pos++;
    let value = "";
    let chunk = this.pos;
    for (;;) {
      const c = this.code();
      if (c === -1 || c === 10 || c === 13) this.fail();
      if (c === quote) {
        value += this.text.slice(chunk, this.pos);
        this.pos++;
        return this.constant("stringValue", value);
      }
      if (c === 92 /* \ */) {
        value += this.text.slice(chunk, this.pos);
        const escaped = ESCAPES[this.text.charAt(this.pos + 1)];
        if (escaped === undefined) this.fail();
        value += escaped;
        this.pos += 2;
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private memberCall(target: Expr, fn: string, args: Expr[]): Expr {
    const call = this.call(fn, args, target);
    const first = args[0];
    if (!first || first.exprKind.case !== "identExpr") return call;
    const x = (first.exprKind.value as { name: string }).name;
    if (args.length === 2) {
      const step = args[1]!;
      switch (fn) {
        case "exists":
          return this.boolMacro(target, x, false, this.call("_||_", [this.ident(ACCU), step]), this.call("@not_strictly_false", [this.call("!_", [this.ident(ACCU)])]));
        case "all":
          return this.boolMacro(target, x, true, this.call("_&&_", [this.ident(ACCU), step]), this.call("@not_strictly_false", [this.ident(ACCU)]));
        case "map":
          return this.listMacro(target, x, this.call("_+_", [this.ident(ACCU), this.list([step])]));
        case "filter":
          return this.listMacro(target, x, this.call("_?_:_", [step, this.call("_+_", [this.ident(ACCU), this.list([this.ident(x)])]), this.ident(ACCU)]));
        case "exists_one":
        case "existsOne":
          return this.comprehension(
            target,
            x,
            this.constant("int64Value", 0n),
            this.constant("boolValue", true),
            this.call("_?_:_", [step, this.call("_+_", [this.ident(ACCU), this.constant("int64Value", 1n)]), this.ident(ACCU)]),
            this.call("_==_", [this.ident(ACCU), this.constant("int64Value", 1n)]),
          );
      }
    }
    if (args.length === 3 && fn === "map") {
      return this.listMacro(target, x, this.call("_?_:_", [args[1]!, this.call("_+_", [this.ident(ACCU), this.list([args[2]!])]), this.ident(ACCU)]));
    }
    return call;
  }

  private boolMacro(range: Expr, x: string, init: boolean, step: Expr, condition: Expr): Expr {
    return this.comprehension(range, x, this.constant("boolValue", init), condition, step, this.ident(ACCU));
  }

  private listMacro(range: Expr, x: string, step: Expr): Expr {
    return this.comprehension(range, x, this.list([]), this.constant("boolValue", true), step, this.ident(ACCU));
  }

  private comprehension(iterRange: Expr, iterVar: string, accuInit: Expr, loopCondition: Expr, loopStep: Expr, result: Expr): Expr {
    return this.node({
      case: "comprehensionExpr",
      value: { $typeName: "cel.expr.Expr.Comprehension", accuVar: ACCU, accuInit, iterVar, iterVar2: "", iterRange, loopStep, loopCondition, result },
    });
  }
}
