import { parse } from "@bufbuild/cel";
import { describe, expect, it } from "vitest";
import { checkBasis, compileExpression } from "./cel.js";
import { POLICY_VARIABLES } from "./cel-check.js";
import { generateJs } from "./cel-js.js";
import { celFunctionNames } from "./cel-lib.js";
import { BUILTIN_CHECKED, BUILTIN_CHECK_BASIS, BUILTIN_PARSED, CEL_FUNCTIONS } from "./generated/builtin-packs.js";
import { loadPacks } from "./load.js";
import { parseParsed, stringifyParsed } from "./parsed-json.js";

describe("pre-parsed built-in expressions", () => {
  it("round-trips every kind of literal, bigint ids and bytes included, to the tree parse() gives", () => {
    const source = "[1, -2, 3u, 9223372036854775807, 2.5, 'a', b'\\x00\\xff', true, null, {'k': x.y}, duration('1s')].size() + [1].filter(v, v > 0).size()";
    const parsed = parse(source);
    // What is kept: the tree without type names (the planner dispatches on exprKind.case) or positions.
    const withoutTypeNames = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(withoutTypeNames)
      : value !== null && typeof value === "object" && !(value instanceof Uint8Array) ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== "$typeName").map(([k, v]) => [k, withoutTypeNames(v)]))
      : value;
    expect(parseParsed(stringifyParsed(parsed))).toEqual({ $typeName: "cel.expr.ParsedExpr", expr: withoutTypeNames(parsed.expr) });
  });

  it("evaluates the same as a freshly parsed expression", () => {
    const source = "object.tags.exists(t, t.lowerAscii() == 'pii') && size(object.tags) > 0 && size(object.tags) >= 1 && b'a' == b'a' && 2u > 1u && -1 < 0";
    const fresh = compileExpression(source);
    const stored = compileExpression(source, stringifyParsed(parse(source)));
    if (!fresh.ok || !stored.ok) throw new Error("did not compile");
    for (const tags of [["PII"], ["sales"], []]) expect(stored.expression.evaluate({ object: { tags } })).toEqual(fresh.expression.evaluate({ object: { tags } }));
  });

  it("still checks names of a pre-parsed expression", () => {
    const result = compileExpression("objekt.name", stringifyParsed(parse("objekt.name")));
    expect(result.ok ? "" : result.error.message).toMatch(/undeclared reference to 'objekt'/);
  });

  it("covers every expression of the built-in packs, so loading them parses nothing", () => {
    const { policies, findings } = loadPacks(["builtin:platform-baseline"], process.cwd());
    expect(findings).toEqual([]);
    const sources = policies.flatMap((p) => [
      ...p.matchConditions.map((c) => c.expression.source),
      ...p.variables.map((v) => v.expression.source),
      ...p.validations.flatMap((v) => [v.expression, v.forEach, v.messageExpression, v.pathExpression].flatMap((e) => (e ? [e.source] : []))),
    ]);
    expect(sources.length).toBeGreaterThan(30);
    expect(sources.filter((s) => !(s in BUILTIN_PARSED))).toEqual([]);
  });

  it("embeds what checking each tree at load finds (depth, no problem), made with today's variables and functions", () => {
    expect(BUILTIN_CHECK_BASIS).toBe(checkBasis());
    expect(CEL_FUNCTIONS).toEqual(celFunctionNames());
    for (const [source, text] of Object.entries(BUILTIN_PARSED)) {
      const checked = compileExpression(source, text);
      const embedded = compileExpression(source, text, BUILTIN_CHECKED[source]);
      expect(embedded.ok, source).toBe(checked.ok);
      if (checked.ok && embedded.ok) expect(embedded.expression.depth, source).toBe(checked.expression.depth);
      // And the variables it reads: with none declared, both refuse exactly the expressions that read one.
      expect(compileExpression(source, text, BUILTIN_CHECKED[source], new Map()).ok, source).toBe(compileExpression(source, text, undefined, new Map()).ok);
    }
  });

  it("embeds the JavaScript cel-js.ts generates today for every built-in expression it compiles (a stale build fails here)", () => {
    const interpreted: string[] = [];
    for (const [source, text] of Object.entries(BUILTIN_PARSED)) {
      const tree = text === "" ? parse(source) : (parseParsed(text) as ReturnType<typeof parse>);
      const today = generateJs(tree.expr!, POLICY_VARIABLES, (name) => CEL_FUNCTIONS.includes(name));
      expect(BUILTIN_CHECKED[source]?.js, source).toEqual(today);
      if (!today) interpreted.push(source);
    }
    // The baseline pack is written in the compiled subset, but for one failure message that formats a
    // number with the strings extension's format(): it is interpreted, and only for a failing document.
    expect(interpreted.map((source) => /'%\.2f'\.format\(/.test(source))).toEqual([true]);
  });

  it("evaluates an embedded expression without parsing it or generating its code, with the same result", () => {
    const [source, text] = Object.entries(BUILTIN_PARSED).find(([s]) => BUILTIN_CHECKED[s]?.js && s.includes("object."))!;
    const embedded = compileExpression(source, text, BUILTIN_CHECKED[source]);
    const fresh = compileExpression(source, text);
    if (!embedded.ok || !fresh.ok) throw new Error("both compile");
    const bindings = { object: { apiVersion: "v3.1.0", kind: "DataContract", id: "x", schema: [], tags: ["pii"] }, params: {}, variables: {} };
    expect(embedded.expression.js()!.code).toBe(fresh.expression.js()!.code);
    expect(embedded.expression.evaluate(bindings)).toEqual(fresh.expression.evaluate(bindings));
  });
});
