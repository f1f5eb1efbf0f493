import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@bufbuild/cel";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { parseSubset } from "./cel-parse.js";

/** A tree without node ids (the two parsers number nodes differently; nothing but error positions reads them). */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "id").map(([k, v]) => [k, withoutIds(v)]));
  }
  return value;
}

function bufbuild(source: string): unknown {
  try {
    return withoutIds(parse(source).expr);
  } catch {
    return "syntax error";
  }
}

/** The subset parser either declines or gives exactly @bufbuild/cel's tree. Returns whether it accepted. */
function agrees(source: string): boolean {
  const mine = parseSubset(source);
  if (mine === undefined) return false;
  expect(withoutIds(mine.expr), source).toEqual(bufbuild(source));
  return true;
}

function packExpressions(): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== "node_modules") walk(join(path, entry));
    } else if (/\.ya?ml$/.test(path)) files.push(path);
  };
  const here = dirname(fileURLToPath(import.meta.url));
  for (const root of [join(here, "../packs"), join(here, "../../../examples")]) {
    try {
      walk(root);
    } catch {
      // a root that does not exist
    }
  }
  const out: string[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
      const value = doc.toJS() as { kind?: string; spec?: Record<string, unknown> } | null;
      if (value?.kind !== "Policy") continue;
      const spec = (value.spec ?? {}) as { match?: { matchConditions?: { expression: unknown }[] }; variables?: { expression: unknown }[]; validations?: Record<string, unknown>[] };
      const all = [
        ...(spec.match?.matchConditions ?? []).map((c) => c.expression),
        ...(spec.variables ?? []).map((v) => v.expression),
        ...(spec.validations ?? []).flatMap((v) => [v.expression, v.forEach, v.messageExpression, v.pathExpression]),
      ];
      out.push(...all.filter((e): e is string => typeof e === "string"));
    }
  }
  return out;
}

const TRICKY = [
  "1",
  "-1",
  "- 1",
  "--1",
  "---1",
  "- -1",
  "!x",
  "!!x",
  "!!!x",
  "!(!x)",
  "-(-x)",
  "!-1",
  "-x.y",
  "-5.foo",
  "1.5.foo",
  "1.foo",
  "a - 1",
  "a -1",
  "a--1",
  "a+-b",
  "a - - 1",
  "1e5",
  "1.5e-3",
  "-1.5E+3",
  "007",
  "99999999999999999999",
  "-9223372036854775808",
  "'a\\nb\\t\\'\\\"\\\\\\?\\`\\a\\b\\f\\v\\r'",
  '"double"',
  "''",
  "a ? b : c ? d : e",
  "a ? b : c",
  "(a ? b : c) ? d : e",
  "a || b || c || d || e",
  "a && b && c",
  "a && b || c && d",
  "a < b < c",
  "a in b",
  "a in [1, 2, ]",
  "[]",
  "[ ]",
  "{}",
  "{ }",
  "{'a': 1, 'b': [2], }",
  "{a ? b : c : d}",
  "x.all(y, y > 0)",
  "x.exists(y, y > 0)",
  "x.exists_one(y, y > 0)",
  "x.existsOne(y, y > 0)",
  "x.map(y, y + 1)",
  "x.map(y, y > 0, y + 1)",
  "x.filter(y, y > 0)",
  "x.all(1, y)",
  "x.all(y)",
  "has(a.b)",
  "has(a.b.c)",
  "has(a)",
  "has(a.b, c)",
  "has ( a . b )",
  "a . b",
  "a .b",
  "a. b",
  "a[0][1]['k']",
  "a[ 0 ]",
  "f()",
  "f( )",
  "f(a, b)",
  "f(a, )",
  "a.f()",
  "a.f( )",
  "size (x)",
  "x.size()",
  "type(1u)",
  "0x10",
  "1u",
  ".5",
  "-.5",
  "a.b{c: 1}",
  "a {c: 1}",
  "a.b in {'x': 1}",
  ".a",
  "trueish",
  "true_x",
  "falsey",
  "nullable",
  "null",
  "true",
  "false",
  "r'raw'",
  "b'bytes'",
  "'''triple'''",
  "'\\x41'",
  "'\\u0041'",
  "a // comment\n + 1",
  "a inb",
  "a in b",
  "a.if",
  "if",
  "a ! b",
  "a = b",
  "a <= b >= c",
  "a != b == c",
  "[,]",
  "[1,,2]",
  "a[?0]",
  "a.?b",
  "  a  ",
  "\ta\n",
  "a\u00a0+ b",
  "'é ü \u2028 😀'",
  "x.all(x, x.all(x, x > 0))",
  "[1, 2].map(x, [x, x * 2]).all(l, l.size() == 2)",
  "a % b / c * d",
  "a + b - c + d",
];

describe("parseSubset", () => {
  it("gives @bufbuild/cel's tree for every expression of the packs, and accepts them all", () => {
    const expressions = packExpressions();
    expect(expressions.length).toBeGreaterThan(30);
    const declined = expressions.filter((source) => !agrees(source));
    // type(1u): unsigned literals are outside the subset (and the built-in pack comes pre-parsed).
    expect(declined.filter((s) => !/\b\d+u\b/.test(s))).toEqual([]);
  });

  it("gives @bufbuild/cel's tree or declines, on tricky inputs", () => {
    let accepted = 0;
    for (const source of TRICKY) if (agrees(source)) accepted++;
    expect(accepted).toBeGreaterThan(TRICKY.length / 2);
  });

  it("gives @bufbuild/cel's tree or declines, on generated expressions (valid and broken)", () => {
    const space = fc.constantFrom("", "", "", " ", "  ", "\n", "\t");
    const ident = fc.constantFrom("a", "b", "item", "x", "properties", "r", "in_x", "nullish", "_y", "t1");
    const literal = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((d) => (Number.isInteger(d) ? `${d}.0` : String(d))),
      fc.constantFrom("'s'", '"d"', "''", "'a b'", "true", "false", "null", "'\\n'", "1e3", "2.5e-2"),
    );
    const { expr } = fc.letrec<{ expr: string; atom: string }>((tie) => ({
      atom: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        ident,
        literal,
        fc.tuple(tie("atom"), space, fc.constantFrom(".", ". "), ident).map(([a, s, d, f]) => `${a}${s}${d}${f}`),
        fc.tuple(ident, space, fc.array(tie("expr"), { maxLength: 3 })).map(([f, s, args]) => `${f}${s}(${args.join(", ")})`),
        fc.tuple(tie("atom"), ident, fc.array(tie("expr"), { maxLength: 2 })).map(([t, f, args]) => `${t}.${f}(${args.join(",")})`),
        fc.tuple(tie("atom"), fc.constantFrom("all", "exists", "map", "filter", "exists_one"), ident, tie("expr")).map(([t, m, v, b]) => `${t}.${m}(${v}, ${b})`),
        fc.tuple(tie("atom"), ident, tie("expr"), tie("expr")).map(([t, v, p, f]) => `${t}.map(${v}, ${p}, ${f})`),
        fc.tuple(tie("atom"), tie("expr")).map(([a, i]) => `${a}[${i}]`),
        fc.array(tie("expr"), { maxLength: 3 }).map((xs) => `[${xs.join(", ")}]`),
        fc.array(fc.tuple(tie("expr"), tie("expr")), { maxLength: 2 }).map((xs) => `{${xs.map(([k, v]) => `${k}: ${v}`).join(", ")}}`),
        tie("expr").map((e) => `(${e})`),
        fc.tuple(ident, ident).map(([a, f]) => `has(${a}.${f})`),
      ),
      expr: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        tie("atom"),
        fc.tuple(fc.constantFrom("!", "-", "!!", "--", "- ", "!!!"), tie("atom")).map(([op, a]) => `${op}${a}`),
        fc.tuple(tie("expr"), space, fc.constantFrom("+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "in", "&&", "||"), space, tie("expr")).map(([a, s1, op, s2, b]) => `${a}${s1}${op}${s2}${b}`),
        fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, t, f]) => `${c} ? ${t} : ${f}`),
      ),
    }));
    let accepted = 0;
    let valid = 0;
    fc.assert(
      fc.property(expr, fc.option(fc.tuple(fc.nat(), fc.constantFrom("", " ", ".", "-", "!", "(", ")", "[", "'", "?", ":", ",", "u", "0", "e", "{", "}")), { freq: 4 }), (source, mutation) => {
        const text = mutation ? source.slice(0, mutation[0] % (source.length + 1)) + mutation[1] + source.slice(mutation[0] % (source.length + 1)) : source;
        const ok = agrees(text);
        if (!mutation && bufbuild(text) !== "syntax error") {
          valid++;
          if (ok) accepted++;
        }
      }),
      { numRuns: 3000 },
    );
    // Most valid generated expressions are inside the subset, so the comparison means something.
    expect(accepted / valid).toBeGreaterThan(0.8);
  });
});
