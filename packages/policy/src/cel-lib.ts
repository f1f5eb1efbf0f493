/**
 * @bufbuild/cel (the parser of last resort and the reference interpreter), loaded on first
 * use. Most policies never need the interpreter: their expressions are parsed by cel-parse.ts and
 * run as JavaScript (cel-js.ts), and the interpreter only answers what that code leaves to it. Loading
 * @bufbuild/cel builds its protobuf registry and function tables, which cost the pre-commit hook
 * more than checking a staged contract against the built-in pack.
 *
 * `require` with a literal name is what lets a bundler (esbuild, for the CLI and the actions) keep the
 * module in the bundle and initialise it lazily; where no `require` exists (plain ESM), one is made.
 */
import { createRequire } from "node:module";
import type * as Cel from "@bufbuild/cel";
import type * as CelExt from "@bufbuild/cel/ext";
import type * as Protobuf from "@bufbuild/protobuf";
import type * as Wkt from "@bufbuild/protobuf/wkt";
import { POLICY_VARIABLES } from "./cel-check.js";
import * as strings from "./cel-strings.js";
import { MAX_TIMESTAMP_SECONDS, MIN_TIMESTAMP_SECONDS, type TimestampFields, formatGoDurationSeconds, formatRfc3339Nano, parseGoDuration, parseRfc3339, timestampFields } from "./cel-time.js";

export interface CelLibrary {
  cel: typeof Cel;
  /** The environment policies are checked and interpreted in: every variable `dyn`, the strings extension. */
  env: Cel.CelEnv;
}

let library: CelLibrary | undefined;

export function celLibrary(): CelLibrary {
  if (!library) {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
    const cel = (typeof require === "function" ? require("@bufbuild/cel") : createRequire(import.meta.url)("@bufbuild/cel")) as typeof Cel;
    const ext = (typeof require === "function" ? require("@bufbuild/cel/ext") : createRequire(import.meta.url)("@bufbuild/cel/ext")) as typeof CelExt;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const env = cel.celEnv({ variables: Object.fromEntries(POLICY_VARIABLES.map((name) => [name, cel.CelScalar.DYN])), funcs: [...ext.strings, ...corrected(cel, ext.strings)] });
    library = { cel, env };
  }
  return library;
}

/**
 * The function the interpreter runs for `has(e.f)`: @bufbuild/cel answers false for a list, a string or
 * null, where CEL says it is an error (`!has(object.tags.pii)` with `tags: [pii]` passed silently).
 * Named with `@` so that no expression can call it.
 */
const STRICT_HAS = "@has";

/**
 * The function the interpreter runs for `e[i]`: @bufbuild/cel reports an index past a list's end as
 * `index 5 out of bounds [0, -1)`, whatever the list's size. Named with `@`, as STRICT_HAS.
 */
const INDEX = "@index";

/**
 * The function the interpreter runs around each comprehension's loop condition: one step per iteration,
 * counted against `interpreterSteps`. Named with `@`, as STRICT_HAS.
 */
const STEP = "@step";

/**
 * Comprehension iterations one interpreted evaluation may take. The interpreter is some ten times slower
 * per step than compiled code, and each value it builds is a larger object (a list of two `1u` is three),
 * so it gets a tenth of compiled code's COST_LIMIT: ten million of its steps took minutes, or the heap.
 */
export const INTERPRETER_STEP_LIMIT = 1_000_000;

/** What the interpretation under way may still iterate (cel.ts sets it around each run). */
export const interpreterSteps = { left: Number.POSITIVE_INFINITY };

type TreeNode = { id?: bigint; exprKind?: { case?: string; value?: { testOnly?: boolean; operand?: unknown; field?: string; function?: string; loopCondition?: TreeNode } } };

/**
 * An expression tree as the interpreter plans it: `has(e.f)` tests are calls of STRICT_HAS, `e[i]` calls of
 * INDEX, and each comprehension's loop condition goes through STEP.
 */
export function interpreterTree<T>(tree: T): T {
  const rewrite = (node: unknown): unknown => {
    if (node === null || typeof node !== "object") return node;
    if (Array.isArray(node)) return node.map(rewrite);
    // Only the tree's own objects (protobuf-es messages are plain objects): a bytes literal stays a Uint8Array.
    if (Object.getPrototypeOf(node) !== Object.prototype) return node;
    const expr = node as TreeNode;
    const kind = expr.exprKind;
    if (kind?.case === "selectExpr" && kind.value?.testOnly) {
      const field = { $typeName: "cel.expr.Expr", id: expr.id, exprKind: { case: "constExpr", value: { $typeName: "cel.expr.Constant", constantKind: { case: "stringValue", value: kind.value.field } } } };
      return { ...expr, exprKind: { case: "callExpr", value: { $typeName: "cel.expr.Expr.Call", function: STRICT_HAS, args: [rewrite(kind.value.operand), field] } } };
    }
    const rewritten = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, rewrite(value)])) as TreeNode;
    if (kind?.case === "callExpr" && kind.value?.function === "_[_]") return { ...rewritten, exprKind: { ...rewritten.exprKind, value: { ...rewritten.exprKind!.value, function: INDEX } } };
    if (kind?.case === "comprehensionExpr" && rewritten.exprKind?.value?.loopCondition) {
      const condition = rewritten.exprKind.value.loopCondition;
      const counted = { $typeName: "cel.expr.Expr", id: condition.id, exprKind: { case: "callExpr", value: { $typeName: "cel.expr.Expr.Call", function: STEP, args: [condition] } } };
      return { ...rewritten, exprKind: { ...rewritten.exprKind, value: { ...rewritten.exprKind.value, loopCondition: counted } } };
    }
    return rewritten;
  };
  return rewrite(tree) as T;
}

/** A value's kind for a message: `list`, `string`, `null`, … */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value) || (typeof value === "object" && Symbol.iterator in value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value === "bigint" ? "int" : typeof value}`;
}

/** CEL's timestamp accessors, each with the field it reads (`getDayOfMonth` is 0-based, `getDate` 1-based). */
const TIMESTAMP_ACCESSORS: readonly [string, (fields: TimestampFields) => number][] = [
  ["getFullYear", (f) => f.year],
  ["getMonth", (f) => f.month],
  ["getDate", (f) => f.date],
  ["getDayOfMonth", (f) => f.date - 1],
  ["getDayOfWeek", (f) => f.dayOfWeek],
  ["getDayOfYear", (f) => f.dayOfYear],
  ["getHours", (f) => f.hours],
  ["getMinutes", (f) => f.minutes],
  ["getSeconds", (f) => f.seconds],
  ["getMilliseconds", (f) => f.milliseconds],
];

/** The smallest int, whose remainder by -1 overflows. */
const MIN_INT64 = -(2n ** 63n);

/** CEL's ordering operators, each as the test of a comparison's sign. */
const ORDERINGS: readonly [string, (sign: number) => boolean][] = [
  ["_<_", (sign) => sign < 0],
  ["_<=_", (sign) => sign <= 0],
  ["_>_", (sign) => sign > 0],
  ["_>=_", (sign) => sign >= 0],
];

/**
 * Overloads that replace @bufbuild/cel's where it departs from CEL (see cel-strings.ts): same names and
 * signatures, so the same overload ids, which a later function list overrides in `celEnv`.
 */
function corrected(cel: typeof Cel, extension: readonly Cel.CelFunc[]): Cel.CelFunc[] {
  const { STRING, INT, UINT, DOUBLE, DYN, BOOL } = cel.CelScalar;
  const LIST = cel.listType(DYN);
  // The strings extension's format, run as it is, its result then held to the length any string may have.
  const format = extension.find((f) => f.name === "format" && f.target !== undefined);
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded with @bufbuild/cel, on first use (see above) */
  const protobuf = (typeof require === "function" ? require("@bufbuild/protobuf") : createRequire(import.meta.url)("@bufbuild/protobuf")) as typeof Protobuf;
  const wkt = (typeof require === "function" ? require("@bufbuild/protobuf/wkt") : createRequire(import.meta.url)("@bufbuild/protobuf/wkt")) as typeof Wkt;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const TIMESTAMP = cel.objectType(wkt.TimestampSchema);
  const DURATION = cel.objectType(wkt.DurationSchema);
  /** A timestamp in CEL's range (years 1 to 9999), as timestamp() and timestamp arithmetic keep it. */
  const timestampOf = (seconds: bigint, nanos: number) => {
    if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS) throw new Error("timestamp out of range");
    return protobuf.create(wkt.TimestampSchema, { seconds, nanos });
  };
  return [
    cel.celMethod("charAt", STRING, [INT], STRING, function (this: string, index: bigint) {
      return strings.charAt(this, index);
    }),
    cel.celMethod("indexOf", STRING, [STRING], INT, function (this: string, substr: string) {
      return strings.indexOf(this, substr);
    }),
    cel.celMethod("indexOf", STRING, [STRING, INT], INT, function (this: string, substr: string, start: bigint) {
      return strings.indexOf(this, substr, start);
    }),
    cel.celMethod("lastIndexOf", STRING, [STRING], INT, function (this: string, substr: string) {
      return strings.lastIndexOf(this, substr);
    }),
    cel.celMethod("lastIndexOf", STRING, [STRING, INT], INT, function (this: string, substr: string, start: bigint) {
      return strings.lastIndexOf(this, substr, start);
    }),
    cel.celMethod("substring", STRING, [INT], STRING, function (this: string, start: bigint) {
      return strings.substring(this, start);
    }),
    cel.celMethod("substring", STRING, [INT, INT], STRING, function (this: string, start: bigint, end: bigint) {
      return strings.substring(this, start, end);
    }),
    cel.celMethod("split", STRING, [STRING], LIST, function (this: string, sep: string) {
      return cel.celList(strings.split(this, sep));
    }),
    cel.celMethod("split", STRING, [STRING, INT], LIST, function (this: string, sep: string, limit: bigint) {
      return cel.celList(strings.split(this, sep, limit));
    }),
    cel.celMethod("replace", STRING, [STRING, STRING], STRING, function (this: string, from: string, to: string) {
      return strings.replace(this, from, to);
    }),
    cel.celMethod("replace", STRING, [STRING, STRING, INT], STRING, function (this: string, from: string, to: string, limit: bigint) {
      return strings.replace(this, from, to, limit);
    }),
    // What builds a string is held to strings.MAX_BUILT_LENGTH, as replace is: the interpreter counts no
    // steps, and its cost estimate counts collections, not characters, so `v + v` in variables that build
    // on each other (or a join, or a format, of them) would otherwise grow a string until the heap runs out.
    cel.celFunc("_+_", [STRING, STRING], STRING, (l: string, r: string) => strings.concat(l, r)),
    // `string(1.0/0.0)` is `+Inf` and `string(0.00001)` `1e-05`, as cel-go writes them, not JavaScript's `Infinity`, `0.00001`.
    cel.celFunc("string", [DOUBLE], STRING, (x: number) => strings.formatDouble(x)),
    cel.celMethod("join", LIST, [], STRING, function (this: Cel.CelList) {
      return strings.join([...this], "");
    }),
    cel.celMethod("join", LIST, [STRING], STRING, function (this: Cel.CelList, sep: string) {
      return strings.join([...this], sep);
    }),
    ...(format
      ? [
          cel.celMethod("format", STRING, [LIST], STRING, function (this: string, args: Cel.CelList) {
            const out = format.call(0, this, [args]);
            if (out === undefined || cel.isCelError(out)) throw new Error(out === undefined ? "invalid argument to function format" : out.message);
            if (typeof out !== "string") throw new Error("invalid argument to function format: not a string");
            strings.checkBuiltLength(out.length, "format");
            return out;
          }),
        ]
      : []),
    cel.celFunc("timestamp", [INT], TIMESTAMP, (seconds: bigint) => timestampOf(seconds, 0)),
    cel.celFunc("timestamp", [STRING], TIMESTAMP, (text: string) => {
      const { seconds, nanos } = parseRfc3339(text);
      return timestampOf(seconds, nanos);
    }),
    cel.celFunc("duration", [STRING], DURATION, (text: string) => protobuf.create(wkt.DurationSchema, parseGoDuration(text))),
    // As cel-go writes them (`1.5s`, `…00.5Z`), not in protobuf JSON's fixed 3, 6 or 9 digits (`1.500s`, `…00.500Z`).
    cel.celFunc("string", [DURATION], STRING, (d: { message: Wkt.Duration }) => formatGoDurationSeconds(d.message)),
    cel.celFunc("string", [TIMESTAMP], STRING, (t: { message: Wkt.Timestamp }) => formatRfc3339Nano(t.message)),
    // The accessors in UTC or the zone given, whatever the machine's own (timestampFields).
    ...TIMESTAMP_ACCESSORS.flatMap(([name, field]) => [
      cel.celMethod(name, TIMESTAMP, [], INT, function (this: { message: Wkt.Timestamp }) {
        return BigInt(field(timestampFields(this.message)));
      }),
      cel.celMethod(name, TIMESTAMP, [STRING], INT, function (this: { message: Wkt.Timestamp }, timeZone: string) {
        return BigInt(field(timestampFields(this.message, timeZone)));
      }),
    ]),
    // Strings by code points (@bufbuild/cel compares UTF-16 code units: U+FFFF after U+1F600).
    ...ORDERINGS.map(([name, holds]) => cel.celFunc(name, [STRING, STRING], BOOL, (l: string, r: string) => holds(strings.compareCodePoints(l, r)))),
    // has(e.f), as the interpreter runs it (see interpreterTree): a map's key with a value, else an error.
    cel.celFunc(STRICT_HAS, [DYN, STRING], BOOL, (operand: unknown, field: string) => {
      if (!cel.isCelMap(operand)) throw new Error(`has() of '${field}' on a value that is no map (${describe(operand)}): guard it with type(…) == map`);
      const value = operand.get(field);
      // A key whose value is null counts as absent (docs/policy.md), as the compiled code reads it.
      return value !== undefined && value !== null;
    }),
    // e[i], as the interpreter runs it (see interpreterTree): a list's index here, a number (with the list's
    // size in the error); a map's key (and anything else) as @bufbuild/cel's own `_[_]` reads it.
    cel.celFunc(INDEX, [DYN, DYN], DYN, (operand: Cel.CelValue, key: Cel.CelValue) => {
      const position = listPosition(cel, key);
      if (cel.isCelList(operand)) {
        // A list's index is a number: @bufbuild/cel read `true` as 1 and `false` as 0 (`l[has(x.a)]` was an element).
        if (position === undefined) throw new Error(`found no matching overload for '_[_]' applied to '(list, ${cel.celType(key).name})'`);
        if (!Number.isInteger(position)) throw new Error(`unsupported index value ${position} in list: an index is a whole number`);
      } else if (cel.isCelMap(operand) && position !== undefined) {
        // A number no key of the map equals: @bufbuild/cel reports it as a list's index out of bounds.
        try {
          return libraryIndex(cel, operand, key);
        } catch (error) {
          throw /^index .* out of bounds/.test((error as Error).message) ? new Error(`no such key: ${position}`) : error;
        }
      } else return libraryIndex(cel, operand, key);
      const value = operand.get(position);
      if (value === undefined) throw new Error(`index ${position} out of bounds [0, ${operand.size})`);
      return value;
    }),
    // A comprehension's iteration, as the interpreter runs it (see interpreterTree): past the budget, an error
    // that ends the comprehension (cel.ts reports the run as over the limit, whatever absorbed the error).
    cel.celFunc(STEP, [DYN], DYN, (condition: Cel.CelValue) => {
      if (--interpreterSteps.left < 0) throw new Error(`over the limit of ${INTERPRETER_STEP_LIMIT.toExponential(0)} interpreted steps`);
      return condition;
    }),
    // MIN_INT % -1 overflows, as MIN_INT / -1 does (cel-go's moduloInt64Checked): @bufbuild/cel answers 0.
    cel.celFunc("_%_", [INT, INT], INT, (l: bigint, r: bigint) => {
      if (r === 0n) throw new Error("int modulus by zero");
      if (r === -1n && l === MIN_INT64) throw new Error("int overflow during modulus by -1");
      return l % r;
    }),
    // Equality of an int (or uint) and a double as ordering has it (see celEquals).
    cel.celFunc("_==_", [DYN, DYN], BOOL, (l: Cel.CelValue, r: Cel.CelValue) => celEquals(cel, l, r)),
    cel.celFunc("_!=_", [DYN, DYN], BOOL, (l: Cel.CelValue, r: Cel.CelValue) => !celEquals(cel, l, r)),
    cel.celFunc("@in", [DYN, LIST], BOOL, (value: Cel.CelValue, list: Cel.CelList) => [...list].some((element) => celEquals(cel, element, value))),
    cel.celFunc("int", [STRING], INT, (text: string) => strings.parseInt64(text)),
    cel.celFunc("uint", [STRING], UINT, (text: string) => cel.celUint(strings.parseUint64(text))),
    cel.celFunc("double", [STRING], DOUBLE, (text: string) => strings.parseDouble(text)),
  ];
}

/** A list index as @bufbuild/cel reads one (an int, a uint or a double), as a number; undefined for any other key. */
function listPosition(cel: typeof Cel, key: Cel.CelValue): number | undefined {
  if (typeof key === "bigint" || typeof key === "number") return Number(key);
  return cel.isCelUint(key) ? Number(key.value) : undefined;
}

/**
 * CEL equality. An int (or a uint) and a double are equal when the int, converted to a double, is that
 * double, as cel-go's compareIntDouble has it: that is how the ordering operators compare them (cel-spec's
 * conformance suite: `dyn(9223372036854775807) < 9223372036854775808.0` is false, and `<=` true), and CEL
 * says `e1 <= e2` is `e1 < e2 || e1 == e2`. @bufbuild/cel compares them exactly (`==` false there).
 * Lists and maps compare their elements so; everything else is @bufbuild/cel's own equality.
 */
function celEquals(cel: typeof Cel, l: Cel.CelValue, r: Cel.CelValue): boolean {
  const a = cel.isCelUint(l) ? l.value : l;
  const b = cel.isCelUint(r) ? r.value : r;
  if (typeof a === "bigint" && typeof b === "number") return Number(a) === b;
  if (typeof a === "number" && typeof b === "bigint") return a === Number(b);
  if (cel.isCelList(l) && cel.isCelList(r)) {
    if (l.size !== r.size) return false;
    for (let i = 0; i < l.size; i++) if (!celEquals(cel, l.get(i)!, r.get(i)!)) return false;
    return true;
  }
  if (cel.isCelMap(l) && cel.isCelMap(r)) {
    if (l.size !== r.size) return false;
    for (const [key, value] of l.entries()) {
      const other = r.get(key);
      if (other === undefined || !celEquals(cel, value, other)) return false;
    }
    return true;
  }
  return libraryEquals(cel, l, r);
}

let libraryEqualsProgram: ((bindings: Record<string, Cel.CelValue>) => Cel.CelResult) | undefined;

/** `l == r` by @bufbuild/cel's own equality (its standard library's, without the overloads here). */
function libraryEquals(cel: typeof Cel, l: Cel.CelValue, r: Cel.CelValue): boolean {
  if (!libraryEqualsProgram) {
    const env: Cel.CelEnv = cel.celEnv({ variables: { l: cel.CelScalar.DYN, r: cel.CelScalar.DYN } });
    libraryEqualsProgram = cel.plan(env, cel.parse("l == r"));
  }
  return libraryEqualsProgram({ l, r }) === true;
}

let libraryIndexProgram: ((bindings: Record<string, Cel.CelValue>) => Cel.CelResult) | undefined;

/** `operand[key]` evaluated by @bufbuild/cel's own index operator (planned once, over two of the environment's variables). */
function libraryIndex(cel: typeof Cel, operand: Cel.CelValue, key: Cel.CelValue): Cel.CelValue {
  libraryIndexProgram ??= cel.plan(celLibrary().env, cel.parse("object[item]"));
  const value = libraryIndexProgram({ object: operand, item: key });
  if (cel.isCelError(value)) throw value;
  return value;
}

/** RE2 for CEL's `matches`: core's, loaded on first use. */
export { re2js } from "@meshkit/core";

/** The names of the environment's functions, as @bufbuild/cel lists them (for scripts/build-packs.mjs and tests). */
export function celFunctionNames(): string[] {
  // STRICT_HAS and INDEX are the interpreter's forms of the has() macro and of `e[i]`, which no expression can call by name.
  return [...new Set([...celLibrary().env.funcs].map((f) => f.name))].filter((name) => name !== STRICT_HAS && name !== INDEX && name !== STEP).sort();
}
