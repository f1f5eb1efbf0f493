import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadText } from "@meshkit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BAIL, LazyValueMap, OVER_BUDGET, isPlainData } from "./cel-js.js";
import { celLibrary } from "./cel-lib.js";
import { type Bindings, type CompiledExpression, compileExpression } from "./cel.js";
import { loadPacks } from "./load.js";
import { documentViews, isTerraformDocument, type PolicyKind } from "./views.js";

/**
 * The compiled code's contract: whenever it returns a value, @bufbuild/cel's interpreter returns the
 * same value; otherwise it bails and the interpreter decides. Returns whether the compiled code answered.
 */
function agrees(expression: CompiledExpression, bindings: Bindings): boolean {
  const js = expression.js();
  if (!js) return false;
  const compiled = js.run(bindings);
  if (compiled === BAIL) return false;
  const interpreted = expression.interpret(bindings);
  expect(interpreted, `${expression.source} over ${safeJson(bindings)}`).toEqual({ ok: true, value: compiled });
  return true;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : typeof v === "number" && !Number.isFinite(v) ? String(v) : v)).slice(0, 400);
  } catch {
    return String(value);
  }
}

function compile(source: string): CompiledExpression {
  const result = compileExpression(source);
  if (!result.ok) throw new Error(`${source}: ${result.error.message}`);
  return result.expression;
}

const DOC = {
  name: "orders",
  id: "c1",
  version: "1.2.3",
  status: "active",
  tags: ["pii", "Sales", " PII "],
  n: 3,
  half: 0.5,
  neg: -2,
  zero: 0,
  big: 1e21,
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  empty: "",
  nothing: null,
  flag: true,
  nested: { a: { b: [1, 2, { c: "d" }] }, list: [[1], [2, 3]], "with.dot": 1, toString: "own" },
  mixed: [1, "1", true, null, [1], { k: 1 }, 2.5],
  strings: ["a", "b", "c"],
  nums: [3, 1, 2],
  unicode: "é😀\u2028 x",
  spaces: "  padded\t",
};
const PARAMS = { pattern: "^[a-z]+$", minLength: 3, levels: ["public", "internal"], map: { a: 1, b: null }, badPattern: "(" };
export const BINDINGS: Bindings = { object: DOC, params: PARAMS, kind: "DataContract", file: "c.yaml", variables: { xs: [1, 2], m: { k: "v" } }, item: { value: { name: "x" }, path: "/a" }, index: 2 };

export const EXPRESSIONS = [
  // literals and arithmetic
  "1 + 2 * 3 - 4 / 2 % 3",
  "1.5 + 2.0 * -3.0",
  "9223372036854775807 + 1",
  "-9223372036854775807 - 2",
  "7 / 0",
  "7 % 0",
  "7.0 / 0.0",
  "-(1)",
  "-object.n",
  "object.n + 1",
  "object.n + 1.0",
  "object.half * 2.0",
  "'a' + 'b' + object.name",
  "[1, 2] + [3] + object.nums",
  "[1] + 'a'",
  "int(object.half) + int('42') + int(' 7 ') + int(2.9) + int(-2.9)",
  "int('x')",
  "int(object.big)",
  "int(object.inf)",
  "int(object.nan)",
  "double(object.n) + double(3) + double('1.5') + double('') + double(' 2 ')",
  "double('abc')",
  "string(object.n) + string(1) + string(2.5) + string(true) + string(object.big) + string(object.nan) + string(-0.0)",
  "string(null)",
  "string([1])",
  "bool('true') && bool('t') && !bool('0') && bool(true)",
  "bool('yes')",
  "dyn(object.n) == 3",
  "size(object.name) + size(object.tags) + size(object.nested) + size(object.unicode) + object.tags.size()",
  "size(object.n)",
  "size(null)",
  // comparison and equality
  "1 < 2 && 2.0 <= 2 && 3 > 2.5 && 'a' < 'b' && false < true && 2 >= 2.0",
  "1 < 'a'",
  "null < null",
  "[1] < [2]",
  "1 == 1.0 && 1 != 2 && 'a' == 'a' && null == null && [1, 2] == [1, 2.0] && {'a': 1} == {'a': 1.0}",
  "object.nan == object.nan",
  "object.nan != object.nan",
  "object.nan < 1.0 || object.nan >= 1.0",
  "[object.nan] == [object.nan]",
  "object.mixed == object.mixed",
  "object.nested == object.nested",
  "object.tags == object.tags",
  "1 == 'a' || null == 0 || [] == {} || {} == []",
  "object.nested.a == {'b': [1, 2, {'c': 'd'}]}",
  "{'b': 1} == object.nested.a",
  "{1: 'a'} == {1.0: 'a'}",
  "type(1) == type(2) && type('') == string(type('')).size() > 0",
  "type(object) == type({}) && type(object.tags) == type([]) && type(null) == type(null) && type(object.half) == type(1.0) && type(object.n) == type(1.0)",
  "type(1u) == type(1) || type(1u) != type(1)",
  "type(type(1)) == type(type(''))",
  "type(object.tags)",
  // in, has, select, index
  "'pii' in object.tags && !('x' in object.tags) && 1 in [1.0] && 'a' in params.map && !('b' in params.map) && !('z' in params.map)",
  "1 in params.map || true in params.map || 1.5 in params.map",
  "null in params.map",
  "[1] in params.map",
  "'a' in 'abc'",
  "has(object.name) && !has(object.missing) && !has(object.nothing) && has(object.nested.a.b) && !has(object.name.x) && !has(object.tags.x)",
  "has(params.map.a) && !has(params.map.b)",
  "has(object.nested.toString) && !has(object.nested.valueOf) && !has(object.constructor)",
  "object.nested.toString",
  "object.nested.valueOf",
  "object.constructor",
  "object.missing",
  "object.nothing",
  "object.nothing.x",
  "object.name.x",
  "object.tags.x",
  "object.nested['with.dot']",
  "object.tags[0] + object.tags[2] + object.nested.a.b[2].c",
  "object.tags[3]",
  "object.tags[-1]",
  "object.tags[1.0]",
  "object.tags[1.5]",
  "object.tags[true]",
  "object.tags['0']",
  "object['name']",
  "object[1]",
  "{1: 'a', 'b': 2}[1.0]",
  "{1: 'a', 'b': 2}[1]",
  "{true: 'yes'}[true]",
  "{1.5: 'a'}",
  "{'a': 1, 'a': 2}",
  "{null: 1}",
  "{'k': object.tags}['k'][1]",
  "params.map['b']",
  "variables.xs[1] + variables.m.k.size()",
  "item.value.name + item.path + string(index)",
  // logic
  "true && false || !false",
  "object.flag ? 'yes' : 'no'",
  "object.n ? 1 : 2",
  "object.flag && object.n",
  "false && object.missing",
  "object.missing && false",
  "true || object.missing",
  "object.missing || true",
  "!object.n",
  // strings
  "object.name.startsWith('or') && object.name.endsWith('ers') && object.name.contains('de') && !object.name.contains('x')",
  "object.name.matches('^[a-z]+$') && object.version.matches('^[0-9]+[.][0-9]+[.][0-9]+$') && !object.version.matches('^v')",
  "object.name.matches(params.badPattern)",
  "object.unicode.matches('^é.') && object.unicode.matches('x$')",
  "object.name.matches(params.pattern)",
  "object.n.matches('1')",
  "object.spaces.trim() + '|' + object.unicode.trim() + '|' + ''.trim()",
  "'AbC'.lowerAscii() + 'AbC'.upperAscii() + 'ÉÀé'.lowerAscii() + 'éà'.upperAscii()",
  "object.tags.join(', ') + object.strings.join() + [].join('-')",
  "object.mixed.join(',')",
  "'a,b,,c'.split(',').size() + 'abc'.split('').size() + 'a,b,c'.split(',', 2).size() + 'a,b'.split(',', 1).size() + 'a,b,c'.split(',', -1).size() + 'a,b'.split(',', 0).size()",
  "'aaa'.replace('a', 'b') + 'aaa'.replace('a', 'b', 2) + 'aaa'.replace('', '-') + 'abc'.replace('b', '')",
  "'hello'.substring(1) + 'hello'.substring(1, 3) + 'hello'.substring(5)",
  "'hello'.substring(6)",
  "'hello'.substring(3, 1)",
  "'hello'.charAt(1) + 'hello'.charAt(5)",
  "'hello'.charAt(6)",
  "'hello'.indexOf('l') + 'hello'.indexOf('l', 3) + 'hello'.lastIndexOf('l') + 'hello'.lastIndexOf('l', 2) + 'hello'.indexOf('z')",
  "'hello'.indexOf('l', 5)",
  "'%d items'.format([3])",
  "'x'.size() == 1",
  // comprehensions
  "object.tags.all(t, type(t) == type('')) && object.nums.exists(n, n > 2) && object.nums.exists_one(n, n == 1) && !object.nums.exists_one(n, n > 1)",
  "object.nums.map(n, n * 2) + object.nums.filter(n, n > 1) + object.nums.map(n, n > 1, n + 1)",
  "object.nested.all(k, k.size() > 0) && object.nested.exists(k, k == 'a') && params.map.map(k, k + '!') == ['a!', 'b!']",
  "{2: 'x', 'y': 3}.map(k, k)",
  "{2: 'x', 'y': 3}.all(k, type(k) == type(1) || type(k) == type(''))",
  "object.mixed.all(x, x != null)",
  "object.mixed.exists(x, x == null)",
  "object.mixed.all(x, x > 0)",
  "object.mixed.exists(x, x > 0)",
  "object.mixed.exists_one(x, x == 1)",
  "object.mixed.filter(x, type(x) == type(1.0)).map(x, x + 1.0)",
  "object.mixed.map(x, type(x))",
  "object.nums.map(n, [n, {'n': n}])",
  "object.nums.map(n, {'n': n, 'twice': n * 2.0})",
  "object.nums.map(n, {n: true})",
  "[1, 2, 3].map(x, x)",
  "[1, 2, 3].map(x, x).map(x, x * 2)",
  "[[1, 2], [3]].map(l, l.map(x, x + 1))",
  "object.tags.map(t, t.trim().lowerAscii()).filter(t, t == 'pii').size() == 2",
  "[1, 2].all(x, [3, 4].exists(y, x < y))",
  "[1, 2].all(object, object > 0) && object == 1",
  "object.n.all(x, true)",
  "object.nothing.exists(x, true)",
  "'abc'.all(x, true)",
  "[0, 1].all(x, 1 / x > 0)",
  "[1, 0].exists(x, 1 / x > 0)",
  "[1, 2].exists_one(x, 1 / (x - 1) > 0)",
  // maps from literals into plain values
  "{'a': 1, 'b': [1, 2], 'c': {'d': null}}",
  "{1: 1, true: 2, 'x': 3}",
  "{'__proto__': 1}",
  "{'constructor': 1}",
  "{'$typeName': 'x'}",
  "[{'a': 9223372036854775807}]",
  "[9007199254740993]",
  "params.levels",
  "object",
  "object.nested",
  "object.missing.all(x, true)",
  "contracts",
  "kind + ':' + file",
  // shortcuts the compiler takes
  "size(object.tags) == 3 && size(object.tags) == 3.0 && 3 == size(object.tags) && object.tags.size() != 2",
  "size(object.tags) == '3' || size(object.tags) == null || size(object.tags) == [3]",
  "size(object.tags) > object.half && size(object.tags) >= 3 && 2 < object.tags.size() && size(object.name) <= object.n * 2.0",
  "size(object.tags) >= object.name",
  "size(object.tags) < object.nan || size(object.tags) >= object.nan",
  "size(object.n) > 1",
  "size(object.tags) == size(object.strings)",
  "type(object.name) == type('') && type(object.n) != type(1) && type([]) == type(object.tags) && type({}) == type(object)",
  "type(null) == type(object.nothing) && type(true) == type(object.flag) && type(1.0) == type(object.half) && type(1u) != type(object.n)",
  "type(object.missing) == type('')",
  "type(b'') == type(object.name)",
  "type(object.tags) == type(object.nums) && type(object.tags) != type(object.nested)",
  "type(type(object)) == type(type(1))",
  "object.name.matches('(')",
  "object.n.matches('^a')",
  "item.value.name.matches('^[a-z]$') && item.path.matches('^/')",
];

describe("CEL compiled to JavaScript", () => {
  it("agrees with the interpreter on every operator and function it compiles (or bails)", () => {
    let answered = 0;
    let refused = 0;
    for (const source of EXPRESSIONS) {
      const loaded = compileExpression(source);
      if (!loaded.ok) {
        // The type check refuses it at load: sound only if it could never have run.
        const { cel, env } = celLibrary();
        expect(cel.isCelError(cel.plan(env, cel.parse(source))(BINDINGS as never)), `${source}: refused at load (${loaded.error.message}), but the interpreter runs it`).toBe(true);
        refused++;
        continue;
      }
      if (agrees(loaded.expression, BINDINGS)) answered++;
    }
    // Most of these have a value; the rest are errors, left to the interpreter (or refused when the policy loads).
    expect(answered).toBeGreaterThan(EXPRESSIONS.length / 2);
    expect(refused).toBeGreaterThan(0);
  });

  it("reads CEL's type denotations (type(x) == string), compiled where it can, as the interpreter does", () => {
    const bindings = { object: DOC } as Bindings;
    const answers = ["type(object.name) == string", "type(object.n) == int", "type(object.half) == double", "type(object.flag) == bool", "type(object.nested) == map", "type(object.tags) == list", "type(object.name) == int", "type(object.nothing) == null_type", "[string, int].exists(t, type(object.name) == t)"].map((source) => {
      const expression = compile(source);
      agrees(expression, bindings);
      const result = expression.evaluate(bindings);
      return result.ok ? result.value : result.error;
    });
    // Numbers of YAML/JSON documents are CEL doubles, as the interpreter reads plain data: 3 is no int.
    expect(answers).toEqual([true, false, true, true, true, true, false, true, true]);
    expect(compile("type(object.name) == string").js()?.run(bindings)).toBe(true);
  });

  it("agrees with the interpreter element by element when it runs a forEach in one call", () => {
    const items = [{ value: { name: "a", n: 1 }, path: "/0" }, { value: { name: "B", n: 2.5 }, path: "/1" }, { value: { name: "c" }, path: "/2" }, { value: { n: Number.NaN }, path: "/3" }];
    let answered = 0;
    for (const source of ["item.value.name.matches('^[a-z]$')", "has(item.value.n) && item.value.n > 1.0", "index > 0.0 && item.path != '/2'", "item.value.name == 'a'", "item.value.n >= 1", "size(item.value) == 2", "type(item.value.n) == type(1.0)", "item.value.n == item.value.n"]) {
      const expression = compile(source);
      const js = expression.js()!;
      const failed = js.runEach({ ...BINDINGS }, items);
      if (failed === BAIL) continue;
      answered++;
      const expected = items.flatMap((item, index) => {
        const outcome = expression.interpret({ ...BINDINGS, item, index });
        expect(outcome.ok && typeof outcome.value === "boolean", source).toBe(true);
        return outcome.ok && outcome.value === false ? [index] : [];
      });
      expect(failed, source).toEqual(expected);
    }
    expect(answered).toBeGreaterThan(2);
  });

  it("reads a lazily materialized index as the interpreter reads the plain object", () => {
    const index = { "c-2": { status: "active", domain: "sales", n: Number.NaN }, "10": { status: "draft" }, "c-1": { status: "retired", tags: ["a"] } };
    let made = 0;
    const lazy = new LazyValueMap<string, unknown>(
      Object.entries(index).map(([k, v]) => [k, { packed: v }]),
      (value) => {
        made++;
        return (value as { packed: unknown }).packed;
      },
      (value) => typeof value === "object" && value !== null && "packed" in value,
    );
    const sources = [
      "contracts['c-2'].status == 'active' && 'c-1' in contracts && !('x' in contracts) && !(1 in contracts)",
      "contracts.map(k, k)",
      "contracts.filter(k, contracts[k].status != 'draft').map(k, contracts[k].status)",
      "size(contracts) == 3 && contracts.exists(k, has(contracts[k].tags))",
      "has(contracts.x)",
      "contracts['x']",
      "contracts == contracts",
      "contracts['10'] == {'status': 'draft'}",
      "[contracts['c-1']]",
    ];
    let answered = 0;
    for (const source of sources) {
      const expression = compile(source);
      const value = expression.js()!.run({ contracts: lazy });
      if (value === BAIL) continue;
      answered++;
      expect(expression.interpret({ contracts: index }), source).toEqual({ ok: true, value });
    }
    expect(answered).toBeGreaterThan(5);
    expect(made).toBe(3);
  });

  it("works out an expression that reads no variable once, and every document shares its value", () => {
    const table = compile("{'m': 1, 'h': 60, 'units': ['a', 'b']}");
    const js = table.js()!;
    const first = js.run({ object: { a: 1 } }, 1000);
    expect(first).toEqual({ m: 1, h: 60, units: ["a", "b"] });
    // The same value, not a copy (CEL never changes a value): nothing is made per document.
    expect(js.run({ object: { b: 2 } }, 1000)).toBe(first);
    // A variable keeps its ints (keepInts), anything else reads numbers: one value of each, neither leaks.
    const ints = compile("{'d': 1, 'w': 7}").js()!;
    expect(ints.run({}, 1000, true)).toEqual({ d: 1n, w: 7n });
    expect(ints.run({}, 1000)).toEqual({ d: 1, w: 7 });
    expect(ints.run({}, 1000, true)).toEqual({ d: 1n, w: 7n });
    expect(js.run({}, 1000, true)).toEqual({ m: 1n, h: 60n, units: ["a", "b"] });
    expect(js.run({}, 1000)).toBe(first);
    // A budget smaller than the steps it took still stops it; a larger one gets the value kept.
    const loop = compile("[1, 2, 3].map(x, x * 2)").js()!;
    const doubled = loop.run({}, 100);
    expect(doubled).toEqual([2, 4, 6]);
    expect(loop.run({}, 2)).toBe(OVER_BUDGET);
    expect(loop.run({}, 3)).toBe(doubled);
    // An expression that reads the frame is worked out on each document.
    const field = compile("{'n': object.n}").js()!;
    expect(field.run({ object: { n: 1 } })).toEqual({ n: 1 });
    expect(field.run({ object: { n: 2 } })).toEqual({ n: 2 });
  });

  it("makes a map literal of string keys and plain values as a plain object, read as the interpreter reads the map", () => {
    const doc = { object: { name: "orders", tags: ["a", "b"], n: 2.5, owner: null } };
    const direct = ["{'name': object.name, 'tagged': size(object.tags) > 1, 'tags': object.tags, 'n': object.n, 'owner': object.owner}", "[object.name].map(x, {'v': x, 'upper': x.upperAscii()})"];
    // Keys that are not plain object keys as they are (array indices, __proto__, a key written twice), values
    // that are no plain data (an int) and keys that are not strings stay CEL maps, converted when returned.
    const maps = ["{'b': 1, '2': 'x'}", "{'__proto__': object.name}", "{'a': object.name, 'a': 'again'}", "{'n': size(object.tags)}", "{1: object.name}"];
    for (const source of [...direct, ...maps]) {
      const expression = compile(source);
      expect(expression.js()!.code.includes("R.map("), source).toBe(maps.includes(source));
      agrees(expression, doc);
    }
    // Read back as maps: fields, `in`, size, equality with a document's map, iteration in written order.
    for (const source of [
      "{'z': object.name, 'a': 'x'}.z == 'orders' && 'a' in {'z': object.name, 'a': 'x'} && size({'z': object.name}) == 1",
      "{'name': object.name} == {'name': 'orders'} && {'tags': object.tags}.tags == object.tags",
      "{'z': object.name, 'a': 'x'}.map(k, k) == ['z', 'a'] && !has({'o': object.owner}.o) && {'o': object.owner}.o == null",
      "{'n': object.n}[1] == 2.5",
    ]) {
      expect(agrees(compile(source), doc), source).toBe(!source.includes("[1]"));
    }
  });

  it("is evaluated by evaluate() only over plain data", () => {
    const expression = compile("object.tags.size()");
    expect(expression.evaluate({ object: { tags: [1, 2] } })).toEqual({ ok: true, value: 2 });
    // A Date is no plain data: the interpreter answers (here, an error), as before.
    expect(expression.evaluate({ object: { tags: new Date(0) } as never }).ok).toBe(false);
    // An object with a `constructor`, `__proto__` or `$typeName` key is plain data: compiled code reads own properties only.
    const odd = { tags: [1], constructor: "x", $typeName: "y" };
    Object.defineProperty(odd, "__proto__", { value: { a: 1 }, enumerable: true, writable: true, configurable: true });
    expect(isPlainData(odd)).toBe(true);
    expect(expression.evaluate({ object: odd })).toEqual({ ok: true, value: 1 });
    expect(compile("object.constructor + object['$typeName'] + string(object.__proto__.a) + string(size(object))").evaluate({ object: odd })).toEqual({ ok: true, value: "xy14" });
  });

  it("keeps a `__proto__` key of a map the interpreter returns as a key, not as the object's prototype", () => {
    const odd = {};
    Object.defineProperty(odd, "__proto__", { value: { a: 1 }, enumerable: true, writable: true, configurable: true });
    for (const [source, bindings] of [["object", { object: odd }], ["{'__proto__': {'a': 1}}", {}]] as const) {
      const outcome = compile(source).interpret(bindings);
      const value = (outcome.ok ? outcome.value : undefined) as object;
      expect(Object.getPrototypeOf(value), source).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value, source).toEqual({ a: 1 });
    }
  });

  it("agrees with the interpreter on generated expressions over generated plain data", () => {
    const data = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom("a", "b", "", "A b", "pii", "x.y", "1", "true"),
        fc.double(),
        fc.integer({ min: -3, max: 3 }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }),
        // Keys @bufbuild/cel reads specially unless handed as a Map, and one Object.prototype has: plain data all the same.
        fc.dictionary(fc.constantFrom("a", "b", "value", "name", "path", "tags", "toString", "n", "constructor", "__proto__", "$typeName"), tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    const leaf = fc.constantFrom("object", "item", "params", "variables", "index", "object.a", "object.value", "item.value", "item.name", "params.tags", "object.a.b", "x", "y");
    const literal = fc.constantFrom("1", "2", "0", "-1", "1.0", "0.5", "'a'", "''", "'pii'", "true", "false", "null", "[]", "[1, 'a']", "{}", "{'a': 1}", "{1: 2}");
    const { expr } = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        literal,
        fc.tuple(tie("expr"), fc.constantFrom("a", "b", "value", "name", "tags", "toString", "n", "constructor", "__proto__", "$typeName")).map(([e, f]) => (f.startsWith("$") ? `${e}['${f}']` : `${e}.${f}`)),
        fc.tuple(tie("expr"), fc.constantFrom("a", "b", "value", "toString", "n", "constructor", "__proto__")).map(([e, f]) => `has(${e}.${f})`),
        fc.tuple(tie("expr"), tie("expr")).map(([e, i]) => `${e}[${i}]`),
        fc.tuple(tie("expr"), fc.constantFrom("+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "in", "&&", "||"), tie("expr")).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(fc.constantFrom("!", "-"), tie("expr")).map(([op, e]) => `${op}(${e})`),
        fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, t, f]) => `(${c} ? ${t} : ${f})`),
        fc.tuple(fc.constantFrom("size", "type", "string", "double", "int", "bool", "dyn"), tie("expr")).map(([f, e]) => `${f}(${e})`),
        fc.tuple(tie("expr"), fc.constantFrom("size()", "trim()", "lowerAscii()", "join()", "join(',')", "startsWith('a')", "contains('')", "matches('^a')", "split(',')")).map(([e, m]) => `${e}.${m}`),
        fc.tuple(tie("expr"), fc.constantFrom("all", "exists", "exists_one", "map", "filter"), fc.constantFrom("x", "y"), tie("expr")).map(([r, m, v, b]) => `${r}.${m}(${v}, ${b})`),
        fc.array(tie("expr"), { maxLength: 3 }).map((xs) => `[${xs.join(", ")}]`),
        fc.array(fc.tuple(tie("expr"), tie("expr")), { maxLength: 2 }).map((xs) => `{${xs.map(([k, v]) => `${k}: ${v}`).join(", ")}}`),
      ),
    }));
    let answered = 0;
    let total = 0;
    const compiled = new Map<string, CompiledExpression | undefined>();
    fc.assert(
      fc.property(expr, data, data, data, fc.integer({ min: 0, max: 3 }), (source, object, item, params, index) => {
        if (!compiled.has(source)) {
          const result = compileExpression(source);
          compiled.set(source, result.ok ? result.expression : undefined);
        }
        const expression = compiled.get(source);
        if (!expression) return;
        const bindings = { object, item, params, variables: { a: object }, index, kind: "DataContract", file: "f.yaml" } as Bindings;
        if (!isPlainData(object) || !isPlainData(item) || !isPlainData(params)) return;
        total++;
        if (agrees(expression, bindings)) answered++;
      }),
      { numRuns: 5000 },
    );
    expect(answered / total).toBeGreaterThan(0.2);
  });

  it("agrees with the interpreter on the built-in pack over its fixtures", () => {
    const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../packs/platform-baseline/tests");
    const { policies } = loadPacks(["builtin:platform-baseline"], process.cwd());
    let answered = 0;
    for (const file of readdirSync(fixtures).filter((f) => /\.(ya?ml|json)$/.test(f))) {
      for (const doc of loadText(file, readFileSync(join(fixtures, file), "utf8")).documents) {
        const kind: PolicyKind = doc.kind.type === "DataContract" || doc.kind.type === "DataProduct" ? doc.kind.type : isTerraformDocument(doc.value) ? "Infrastructure" : "Config";
        for (const policy of policies.filter((p) => p.kinds.includes(kind))) {
          const bindings: Bindings = { object: doc.value, kind, file, params: policy.params, contracts: {}, variables: {}, ...documentViews(kind, doc.value) };
          for (const c of policy.matchConditions) if (agrees(c.expression, bindings)) answered++;
          const variables: Record<string, unknown> = {};
          for (const variable of policy.variables) {
            const outcome = variable.expression.interpret({ ...bindings, variables });
            if (agrees(variable.expression, { ...bindings, variables: { ...variables } })) answered++;
            if (outcome.ok) variables[variable.name] = outcome.value;
          }
          const scope = { ...bindings, variables };
          for (const v of policy.validations) {
            const items = v.forEach ? v.forEach.interpret(scope) : undefined;
            if (v.forEach && agrees(v.forEach, scope)) answered++;
            const scopes = items?.ok && Array.isArray(items.value) ? items.value.map((item: unknown, index: number) => ({ ...scope, item, index })) : [scope];
            for (const s of scopes) for (const e of [v.expression, v.messageExpression, v.pathExpression]) if (e && agrees(e, s)) answered++;
          }
        }
      }
    }
    expect(answered).toBeGreaterThan(200);
  });
});
