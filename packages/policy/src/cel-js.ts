/**
 * CEL compiled to JavaScript, over plain data.
 *
 * @bufbuild/cel interprets a tree and converts every JavaScript value it reads into CEL values
 * (a map per object access, a list wrapper per array), which made policy-check cost ~50 µs per
 * expression. Here an expression of the everyday subset of CEL becomes one JavaScript function
 * that reads the documents as they were parsed (objects, arrays, strings, numbers, booleans, null).
 *
 * The contract with the interpreter, which stays the reference: whenever a compiled function
 * returns a value, @bufbuild/cel would have returned the same value (after `toPlain`); whenever
 * @bufbuild/cel would have produced an error — or this module is unsure — the function throws
 * {@link BAIL} and the caller evaluates the expression with @bufbuild/cel instead. CEL is pure, so
 * evaluating again is always safe. That keeps error messages, the commutative `&&`/`||` that
 * absorbs errors, and every odd corner (uint, bytes, timestamps, `format`…) exactly as before,
 * and leaves this module only the error-free paths of the operators and functions it knows.
 *
 * Values inside a compiled function: CEL int = bigint, double = number, string, bool, null, list =
 * Array, map = a plain object (documents, params, variables: string keys) or a `Map` (map literals),
 * type = {@link TypeValue}. Inputs must be plain data ({@link isPlainData}): that is what makes a
 * plain object read here exactly as @bufbuild/cel's `toCel` reads it.
 */
import type { RE2JS } from "@bufbuild/re2";
import { re2js } from "./cel-lib.js";
import { MAY_DIFFER, sameRegExp } from "./re2-js.js";
import * as strings from "./cel-strings.js";
import type { ParsedExpr } from "./cel-parse.js";

type Expr = NonNullable<ParsedExpr["expr"]>;

/** Thrown by compiled code: evaluate with the interpreter instead. */
export const BAIL: unique symbol = Symbol("cel-js bail");

/**
 * Returned when an evaluation took more loop steps than it was given: CEL always terminates, but
 * nested comprehensions multiply (`l.map(a, l.map(b, …))` over a list literal needs no document to
 * build millions of elements). Not a reason to ask the interpreter, which would do the same work.
 */
export const OVER_BUDGET: unique symbol = Symbol("cel-js over budget");

/** Steps the evaluation under way may still take: each comprehension iteration and forEach element is one. */
const budget = { left: Infinity };

function overBudget(): never {
  throw OVER_BUDGET;
}

/** A CEL type value, as `type(x)` returns it (compared by kind and name, like @bufbuild/cel's). */
export class TypeValue {
  constructor(
    readonly kind: string,
    readonly name: string,
  ) {}
}
const TYPES = {
  int: new TypeValue("scalar", "int"),
  uint: new TypeValue("scalar", "uint"),
  double: new TypeValue("scalar", "double"),
  string: new TypeValue("scalar", "string"),
  bool: new TypeValue("scalar", "bool"),
  null: new TypeValue("scalar", "null_type"),
  type: new TypeValue("scalar", "type"),
  list: new TypeValue("list", "list"),
  map: new TypeValue("map", "map"),
};

/**
 * A map whose values are made on first read (`materialize`), then kept: what a large index of
 * documents (the contracts of a repository) is, so that its documents need not all be alive, as
 * objects the garbage collector copies and marks, for the whole run. To compiled code and to
 * @bufbuild/cel (through its `celMap`) it is a Map of the materialized values.
 */
export class LazyValueMap<K, V> extends Map<K, V> {
  constructor(
    entries: Iterable<readonly [K, V]>,
    private readonly materialize: (value: V) => V,
    private readonly isPending: (value: V) => boolean,
  ) {
    super(entries);
  }
  /** Whether the key has a value that is not null, without making it (a value not made yet is never null). */
  present(key: K): boolean {
    const value = super.get(key);
    return value !== undefined && value !== null;
  }
  override get(key: K): V | undefined {
    const value = super.get(key);
    if (value === undefined || !this.isPending(value)) return value;
    const made = this.materialize(value);
    super.set(key, made);
    return made;
  }
  override *entries(): MapIterator<[K, V]> {
    for (const key of this.keys()) yield [key, this.get(key)!];
  }
  override *values(): MapIterator<V> {
    for (const key of this.keys()) yield this.get(key)!;
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const key of this.keys()) callback.call(thisArg, this.get(key)!, key, this);
  }
}

const ObjectProto = Object.prototype;
const ArrayProto = Array.prototype;
const MapProto = Map.prototype;
const LazyProto = LazyValueMap.prototype;
const TypeProto = TypeValue.prototype;
/** An object's prototype, a LazyValueMap's given as Map's (it is one, to every operation here). */
const getProto = (o: object): object | null => {
  const p = Object.getPrototypeOf(o) as object | null;
  return p === LazyProto ? MapProto : p;
};
const hasOwn = Object.prototype.hasOwnProperty;
/** Names a plain object inherits: a field of one of these names needs an own-property check. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
const MAX_INT = 9223372036854775807n;
const MIN_INT = -9223372036854775808n;

// ---------------------------------------------------------------------------------------------
// Plain data

/** At most this many nodes are checked per value (shared subtrees count each time they are reached). */
const PLAIN_DATA_BUDGET = 1_000_000;

/**
 * Whether a value is plain data that compiled code may read: strings, numbers, booleans, null,
 * arrays (no holes) and objects with Object.prototype whose own properties are enumerable string
 * keys. That is what YAML and JSON parsers produce, with their whole numbers made CEL ints (bigints in
 * the int range, cel-numbers.ts). Keys named `constructor`, `__proto__` or `$typeName` are data too:
 * compiled code reads an object's own properties only (a field Object.prototype also has through
 * `selOwn`, keys through `objectGet`, `Object.keys`), and never makes an object with such a key
 * (`toPlainValue` bails); the interpreter is handed such objects as Maps (cel.ts), with the same answers.
 */
export function isPlainData(value: unknown): boolean {
  const budget = { left: PLAIN_DATA_BUDGET };
  try {
    return plainData(value, budget, 0);
  } catch {
    return false;
  }
}

function plainData(v: unknown, budget: { left: number }, depth: number): boolean {
  switch (typeof v) {
    case "string":
    case "number":
    case "boolean":
      return true;
    case "bigint":
      // A document's whole number as CEL reads it (cel-numbers.ts): an int, in range.
      return (v as bigint) >= MIN_INT && (v as bigint) <= MAX_INT;
    case "object":
      break;
    default:
      return false;
  }
  if (v === null) return true;
  if (--budget.left < 0 || depth > 256) return false;
  const proto = getProto(v);
  if (proto === ArrayProto) {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!plainData(v[i], budget, depth + 1)) return false;
    return true;
  }
  if (proto !== ObjectProto) return false;
  let count = 0;
  // for-in: the enumerable string keys (the object's own: its prototype is Object.prototype).
  for (const key in v) {
    count++;
    if (!plainData((v as Record<string, unknown>)[key], budget, depth + 1)) return false;
  }
  // No non-enumerable or symbol-keyed own properties (@bufbuild/cel tells its own values by symbols).
  return Object.getOwnPropertyNames(v).length === count && Object.getOwnPropertySymbols(v).length === 0;
}

// ---------------------------------------------------------------------------------------------
// Runtime: each function implements one CEL operation for the values above, or bails.

function bail(): never {
  throw BAIL;
}

function kindOf(o: unknown): object | null | undefined {
  return typeof o === "object" && o !== null ? getProto(o) : undefined;
}

function v(x: unknown): unknown {
  if (x === undefined) bail();
  return x;
}

function b(x: unknown): boolean {
  if (x === true || x === false) return x;
  bail();
}

/** `o.k` for a field name that Object.prototype does not have. */
function sel(o: unknown, k: string): unknown {
  const p = kindOf(o);
  if (p === ObjectProto) {
    const x = (o as Record<string, unknown>)[k];
    if (x === undefined) bail();
    return x;
  }
  if (p === MapProto) {
    const x = (o as Map<unknown, unknown>).get(k);
    if (x === undefined) bail();
    return x;
  }
  bail();
}

/** `o.k` for any field name. */
function selOwn(o: unknown, k: string): unknown {
  const p = kindOf(o);
  if (p === ObjectProto) {
    if (!hasOwn.call(o, k)) bail();
    const x = (o as Record<string, unknown>)[k];
    if (x === undefined) bail();
    return x;
  }
  if (p === MapProto) {
    const x = (o as Map<unknown, unknown>).get(k);
    if (x === undefined) bail();
    return x;
  }
  bail();
}

/** `has(o.k)`: set and not null (a null value is absent, as in @bufbuild/cel's maps). */
function has(o: unknown, k: string): boolean {
  const p = kindOf(o);
  if (p === ObjectProto) {
    if (!hasOwn.call(o, k)) return false;
    const x = (o as Record<string, unknown>)[k];
    return x !== undefined && x !== null;
  }
  if (p === MapProto) {
    if (o instanceof LazyValueMap) return o.present(k);
    const x = (o as Map<unknown, unknown>).get(k);
    return x !== undefined && x !== null;
  }
  // has() of a list, a string, null…: an error in CEL, which the interpreter reports (see cel-lib.ts STRICT_HAS).
  bail();
}

/** A map literal's entry for a key, with CEL's numeric key equality (1.0 finds 1). */
function mapGet(m: Map<unknown, unknown>, k: unknown): unknown {
  if (typeof k === "number") {
    if (!Number.isInteger(k)) return undefined;
    return m.get(BigInt(k));
  }
  return m.get(k);
}

/** A plain object's entry: only string keys can match. */
function objectGet(o: Record<string, unknown>, k: unknown): unknown {
  return typeof k === "string" && hasOwn.call(o, k) ? o[k] : undefined;
}

/** `o[k]`. */
function idx(o: unknown, k: unknown): unknown {
  const p = kindOf(o);
  if (p === ArrayProto) {
    const list = o as unknown[];
    if (typeof k === "bigint") {
      if (k >= 0n && k < BigInt(list.length)) return list[Number(k)];
    } else if (typeof k === "number") {
      if (Number.isInteger(k) && k >= 0 && k < list.length) return list[k];
    }
    bail();
  }
  let x: unknown;
  if (p === ObjectProto) x = objectGet(o as Record<string, unknown>, k);
  else if (p === MapProto) {
    const t = typeof k;
    if (t !== "string" && t !== "number" && t !== "bigint" && t !== "boolean") bail();
    x = mapGet(o as Map<unknown, unknown>, k);
  } else bail();
  if (x === undefined) bail();
  return x;
}

function mapHas(o: unknown, p: object | null | undefined, k: unknown): boolean {
  if (o instanceof LazyValueMap) {
    if (typeof k === "number") {
      if (!Number.isInteger(k)) return false;
      k = BigInt(k);
    }
    return o.present(k);
  }
  const x = p === MapProto ? mapGet(o as Map<unknown, unknown>, k) : objectGet(o as Record<string, unknown>, k);
  return x !== undefined && x !== null;
}

/** `x in c`. */
function inOp(x: unknown, c: unknown): boolean {
  const p = kindOf(c);
  if (p === ArrayProto) {
    const list = c as unknown[];
    // A scan of the list: inside a comprehension over the same list, the steps grow with its square.
    spend(list.length);
    for (let i = 0; i < list.length; i++) if (eq(list[i], x)) return true;
    return false;
  }
  if (p === ObjectProto || p === MapProto) {
    const t = typeof x;
    if (t === "string" || t === "number" || t === "bigint" || t === "boolean") return mapHas(c, p, x);
  }
  bail();
}

function containsNaN(x: unknown): boolean {
  if (typeof x === "number") return Number.isNaN(x);
  const p = kindOf(x);
  if (p === ArrayProto) return (x as unknown[]).some(containsNaN);
  if (p === ObjectProto) return Object.values(x as object).some(containsNaN);
  if (p === MapProto) return [...(x as Map<unknown, unknown>).values()].some(containsNaN);
  return false;
}

function mapSize(o: unknown, p: object | null | undefined): number {
  return p === MapProto ? (o as Map<unknown, unknown>).size : Object.keys(o as object).length;
}

/**
 * CEL equality (cel-lib.ts's celEquals): numbers across int and double, lists and maps by content. An int
 * and a double are equal when the int, as a double, is that double: as the ordering operators compare them.
 */
function eq(l: unknown, r: unknown): boolean {
  const tl = typeof l;
  if (tl !== "object" || l === null) {
    if (l === r) return true;
    if (tl === "number" || tl === "bigint") {
      const tr = typeof r;
      // (Of one type, `===` answered: as doubles, two ints past 2^53 could read alike.)
      if (tr === "number" || tr === "bigint") return tl !== tr && Number(l) === Number(r);
    }
    return false;
  }
  if (typeof r !== "object" || r === null) return false;
  // The same object on both sides: @bufbuild/cel may compare one wrapper with itself (true) or two
  // wrappers of it (content: false if a NaN is inside). Without a NaN both are true.
  if (l === r) {
    if (containsNaN(l)) bail();
    return true;
  }
  const pl = getProto(l as object);
  const pr = getProto(r);
  if (pl === ArrayProto) {
    if (pr !== ArrayProto) return false;
    const a = l as unknown[];
    const c = r as unknown[];
    if (a.length !== c.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i], c[i])) return false;
    return true;
  }
  if (pl === TypeProto) return pr === TypeProto && (l as TypeValue).kind === (r as TypeValue).kind && (l as TypeValue).name === (r as TypeValue).name;
  if (pl !== ObjectProto && pl !== MapProto) bail();
  if (pr !== ObjectProto && pr !== MapProto) return false;
  if (mapSize(l, pl) !== mapSize(r, pr)) return false;
  const entries = pl === MapProto ? (l as Map<unknown, unknown>).entries() : Object.entries(l as object);
  for (const [k, x] of entries) {
    const y = pr === MapProto ? mapGet(r as Map<unknown, unknown>, k) : objectGet(r as Record<string, unknown>, k);
    if (y === undefined || !eq(x, y)) return false;
  }
  return true;
}

// Ordering: bool, double, string, int, and int against double (as @bufbuild/cel converts: Number(int)).
// Strings by code points; an int against a double as a double (cel-spec's conformance tests say so:
// `dyn(9223372036854775807) < 9223372036854775808.0` is false, the conversion being lossy).
function lt(l: unknown, r: unknown): boolean {
  const t = typeof l;
  if (t === typeof r) {
    if (t === "string") return strings.compareCodePoints(l as string, r as string) < 0;
    if (t === "number" || t === "bigint" || t === "boolean") return (l as number) < (r as number);
  } else if (t === "bigint" && typeof r === "number") return Number(l) < r;
  else if (t === "number" && typeof r === "bigint") return (l as number) < Number(r);
  bail();
}
function le(l: unknown, r: unknown): boolean {
  const t = typeof l;
  if (t === typeof r) {
    if (t === "string") return strings.compareCodePoints(l as string, r as string) <= 0;
    if (t === "number" || t === "bigint" || t === "boolean") return (l as number) <= (r as number);
  } else if (t === "bigint" && typeof r === "number") return Number(l) <= r;
  else if (t === "number" && typeof r === "bigint") return (l as number) <= Number(r);
  bail();
}
function gt(l: unknown, r: unknown): boolean {
  const t = typeof l;
  if (t === typeof r) {
    if (t === "string") return strings.compareCodePoints(l as string, r as string) > 0;
    if (t === "number" || t === "bigint" || t === "boolean") return (l as number) > (r as number);
  } else if (t === "bigint" && typeof r === "number") return Number(l) > r;
  else if (t === "number" && typeof r === "bigint") return (l as number) > Number(r);
  bail();
}
function ge(l: unknown, r: unknown): boolean {
  const t = typeof l;
  if (t === typeof r) {
    if (t === "string") return strings.compareCodePoints(l as string, r as string) >= 0;
    if (t === "number" || t === "bigint" || t === "boolean") return (l as number) >= (r as number);
  } else if (t === "bigint" && typeof r === "number") return Number(l) >= r;
  else if (t === "number" && typeof r === "bigint") return (l as number) >= Number(r);
  bail();
}

function safeInt(x: bigint): bigint {
  if (x < MIN_INT || x > MAX_INT) bail();
  return x;
}

function add(l: unknown, r: unknown): unknown {
  const t = typeof l;
  if (t === typeof r) {
    if (t === "number") return (l as number) + (r as number);
    if (t === "string") return spend((l as string).length + (r as string).length) && (l as string) + (r as string);
    if (t === "bigint") return safeInt((l as bigint) + (r as bigint));
    if (kindOf(l) === ArrayProto && kindOf(r) === ArrayProto) return spend((l as unknown[]).length + (r as unknown[]).length) && (l as unknown[]).concat(r as unknown[]);
  }
  bail();
}

/**
 * A concatenation costs its result's length, paid before it is built: without a loop, `l + l` in
 * variables that build on each other (or in a map over lists) doubles a list until the heap runs out.
 */
function spend(length: number): true {
  budget.left -= length;
  if (budget.left < 0) overBudget();
  return true;
}
/**
 * Reading `length` characters costs a tenth of a step each, as cel-go's cost model has it
 * (StringTraversalCostFactor): a comprehension over a long string that searches it is still bounded,
 * but a plan's few hundred buckets searched in one string of their references are not refused.
 * Building a string costs a step per character (spend): that bounds the memory what is built takes.
 */
function spendText(length: number): true {
  return spend(Math.ceil(length * 0.1));
}
function sub(l: unknown, r: unknown): unknown {
  const t = typeof l;
  if (t === typeof r) {
    if (t === "number") return (l as number) - (r as number);
    if (t === "bigint") return safeInt((l as bigint) - (r as bigint));
  }
  bail();
}
function mul(l: unknown, r: unknown): unknown {
  const t = typeof l;
  if (t === typeof r) {
    if (t === "number") return (l as number) * (r as number);
    if (t === "bigint") return safeInt((l as bigint) * (r as bigint));
  }
  bail();
}
function div(l: unknown, r: unknown): unknown {
  const t = typeof l;
  if (t === typeof r) {
    if (t === "number") return (l as number) / (r as number);
    if (t === "bigint" && r !== 0n) return safeInt((l as bigint) / (r as bigint));
  }
  bail();
}
function mod(l: unknown, r: unknown): unknown {
  // MIN_INT % -1 overflows in CEL, as MIN_INT / -1 does (cel-go's moduloInt64Checked): an error, not 0.
  if (typeof l === "bigint" && typeof r === "bigint" && r !== 0n && !(r === -1n && l === MIN_INT)) return l % r;
  bail();
}
function neg(x: unknown): unknown {
  if (typeof x === "number") return -x;
  if (typeof x === "bigint") return safeInt(-x);
  bail();
}
function not(x: unknown): boolean {
  return !b(x);
}

/** Code points, as @bufbuild/cel counts a string: `[...s].length`. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function size(x: unknown): bigint {
  if (typeof x === "string") return BigInt(codePoints(x));
  const p = kindOf(x);
  if (p === ArrayProto) return BigInt((x as unknown[]).length);
  if (p === ObjectProto || p === MapProto) return BigInt(mapSize(x, p));
  bail();
}

/** size(x) as a JavaScript number, for comparisons (no bigint made). */
function sizeN(x: unknown): number {
  if (typeof x === "string") return codePoints(x);
  const p = kindOf(x);
  if (p === ArrayProto) return (x as unknown[]).length;
  if (p === ObjectProto || p === MapProto) return mapSize(x, p);
  bail();
}
/** A comparison of a size (an int, as a number) with a value: ints and doubles compare by value; anything else has no overload. */
function sizeOperand(y: unknown): number | bigint {
  if (typeof y === "number" || typeof y === "bigint") return y;
  bail();
}
/** `size(x) == y`: false for a y that is not a number (CEL equality across types). */
function sizeEq(n: number, y: unknown): boolean {
  return (typeof y === "number" || typeof y === "bigint") && n == (y as number);
}

function type(x: unknown): TypeValue {
  switch (typeof x) {
    case "bigint":
      return TYPES.int;
    case "number":
      return TYPES.double;
    case "string":
      return TYPES.string;
    case "boolean":
      return TYPES.bool;
    case "object": {
      if (x === null) return TYPES.null;
      const p = getProto(x);
      if (p === ArrayProto) return TYPES.list;
      if (p === ObjectProto || p === MapProto) return TYPES.map;
      if (p === TypeProto) return TYPES.type;
    }
  }
  bail();
}

function str(x: unknown): string {
  switch (typeof x) {
    case "string":
      return x;
    case "boolean":
    case "bigint":
      return x.toString();
    case "number":
      return strings.formatDouble(x);
  }
  bail();
}

function dbl(x: unknown): number {
  switch (typeof x) {
    case "number":
      return x;
    case "bigint":
      return Number(x);
    case "string":
      return strings.parseDouble(x);
  }
  bail();
}

function int(x: unknown): bigint {
  if (typeof x === "bigint") return x;
  if (typeof x === "number") {
    if (Number.isFinite(x) && x > Number(MIN_INT) && x < Number(MAX_INT)) return BigInt(Math.trunc(x));
    bail();
  }
  if (typeof x === "string") return strings.parseInt64(x);
  bail();
}

const TRUE_STRINGS = new Set(["true", "True", "TRUE", "t", "1"]);
const FALSE_STRINGS = new Set(["false", "False", "FALSE", "f", "0"]);
function bool(x: unknown): boolean {
  if (typeof x === "boolean") return x;
  if (typeof x === "string") {
    if (TRUE_STRINGS.has(x)) return true;
    if (FALSE_STRINGS.has(x)) return false;
  }
  bail();
}

function s(x: unknown): string {
  if (typeof x === "string") return x;
  bail();
}
function i(x: unknown): bigint {
  if (typeof x === "bigint") return x;
  bail();
}

/**
 * A compiled pattern (undefined: RE2 rejects it), the RegExp that answers for it when it reads alike
 * (re2-js.ts), and its recent answers (documents repeat names a lot).
 */
interface Pattern {
  re: RE2JS | undefined;
  js: RegExp | undefined;
  memo: Map<string, boolean>;
}
const regexps = new Map<string, Pattern>();
function pattern(p: string): Pattern {
  let entry = regexps.get(p);
  if (!entry) {
    let re: RE2JS | undefined;
    try {
      re = re2js().compile(p);
    } catch {
      re = undefined;
    }
    if (regexps.size >= 1024) regexps.clear();
    entry = { re, js: re ? sameRegExp(p) : undefined, memo: new Map() };
    regexps.set(p, entry);
  }
  return entry;
}
function matches(target: unknown, p: unknown): boolean {
  return matchesPattern(pattern(s(p)), target);
}
/** `target.matches(p)` for a pattern known when compiling. */
function matchesPattern(entry: Pattern, target: unknown): boolean {
  const text = s(target);
  if (!entry.re) bail();
  const known = entry.memo.get(text);
  if (known !== undefined) return known;
  spendText(text.length); // RE2 is linear in the text (and the RegExps of the subset are)
  const found = entry.js && !MAY_DIFFER.test(text) ? entry.js.test(text) : entry.re.test(text);
  if (entry.memo.size >= 8192) entry.memo.clear();
  entry.memo.set(text, found);
  return found;
}

// A search costs its text's length (in tenths of a step, see spendText): a comprehension over a long
// string's characters that searches the same string is quadratic.
function contains(t: unknown, x: unknown): boolean {
  const text = s(t);
  spendText(text.length);
  return text.includes(s(x));
}
function startsWith(t: unknown, x: unknown): boolean {
  return s(t).startsWith(s(x));
}
function endsWith(t: unknown, x: unknown): boolean {
  return s(t).endsWith(s(x));
}

// The strings extension, as @bufbuild/cel/ext implements it (lowerAscii and upperAscii change only
// A-Z and a-z; trim removes the same set of white space from both ends).
const UPPER = /[A-Z]/;
const UPPERS = /[A-Z]+/g;
const LOWER = /[a-z]/;
const LOWERS = /[a-z]+/g;
function lowerAscii(t: unknown): string {
  const text = s(t);
  return UPPER.test(text) ? text.replace(UPPERS, (run) => run.toLowerCase()) : text;
}
function upperAscii(t: unknown): string {
  const text = s(t);
  return LOWER.test(text) ? text.replace(LOWERS, (run) => run.toUpperCase()) : text;
}
const WHITE_SPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);
function trim(t: unknown): string {
  const text = s(t);
  let start = 0;
  let end = text.length - 1;
  while (start < text.length && WHITE_SPACE.has(text.charCodeAt(start))) start++;
  while (end > start && WHITE_SPACE.has(text.charCodeAt(end))) end--;
  return start === 0 && end === text.length - 1 ? text : text.substring(start, end + 1);
}
function join(t: unknown, sep?: unknown): string {
  if (kindOf(t) !== ArrayProto) bail();
  const separator = sep === undefined ? "" : s(sep);
  const list = t as unknown[];
  // A step per element, and what it builds paid before it is built, as a concatenation: joining a list
  // of a string with itself, in variables that build on each other, doubles it without any `+`.
  let length = 0;
  for (let k = 0; k < list.length; k++) length += s(list[k]).length + (k > 0 ? separator.length : 0);
  spend(list.length + length);
  return list.join(separator);
}
// split, replace, substring, charAt, indexOf, lastIndexOf: cel-strings.ts's, the interpreter's too
// (code point positions; SplitN and Replace limits as cel-go). Their errors throw: a bail.
function split(t: unknown, sep: unknown, n?: unknown): string[] {
  const text = s(t);
  spendText(text.length);
  return strings.split(text, s(sep), n === undefined ? undefined : i(n));
}
function replace(t: unknown, from: unknown, to: unknown, n?: unknown): string {
  const [text, old, replacement, limit] = [s(t), s(from), s(to), n === undefined ? undefined : i(n)];
  // Paid before it is built, as a concatenation: chained replaces grow a string exponentially.
  spend(strings.replacedLength(text, old, replacement, limit));
  return strings.replace(text, old, replacement, limit);
}
function substring(t: unknown, start: unknown, end?: unknown): string {
  return strings.substring(s(t), i(start), end === undefined ? undefined : i(end));
}
function charAt(t: unknown, index: unknown): string {
  return strings.charAt(s(t), i(index));
}
function indexOf(t: unknown, x: unknown, start?: unknown): bigint {
  const text = s(t);
  spendText(text.length);
  return strings.indexOf(text, s(x), start === undefined ? undefined : i(start));
}
function lastIndexOf(t: unknown, x: unknown, start?: unknown): bigint {
  const text = s(t);
  spendText(text.length);
  return strings.lastIndexOf(text, s(x), start === undefined ? undefined : i(start));
}

/** A map literal: keys as @bufbuild/cel keys them (integral doubles become ints), no duplicates. */
function map(flat: unknown[]): Map<unknown, unknown> {
  const out = new Map<unknown, unknown>();
  for (let k = 0; k < flat.length; k += 2) {
    let key = flat[k];
    switch (typeof key) {
      case "boolean":
      case "bigint":
      case "string":
        break;
      case "number":
        if (!Number.isInteger(key)) bail();
        key = BigInt(key);
        break;
      default:
        bail();
    }
    if (out.has(key)) bail();
    out.set(key, flat[k + 1]);
  }
  return out;
}

/** What a comprehension iterates: a list's elements, a map's keys. */
function iter(r: unknown): readonly unknown[] {
  const p = kindOf(r);
  if (p === ArrayProto) return r as unknown[];
  if (p === ObjectProto) return Object.keys(r as object);
  if (p === MapProto) return Array.from((r as Map<unknown, unknown>).keys());
  bail();
}

/**
 * A value as the engine keeps it: @bufbuild/cel's `toPlain` (ints as numbers when safe, else
 * decimal strings; map literals as objects with string keys). Plain objects inside are documents'
 * and are returned as they are.
 */
export function toPlainValue(x: unknown, keepInts = false): unknown {
  switch (typeof x) {
    case "bigint": {
      if (keepInts) return x;
      const n = Number(x);
      return Number.isSafeInteger(n) ? n : x.toString();
    }
    case "object":
      break;
    default:
      return x;
  }
  if (x === null) return x;
  const p = getProto(x);
  if (p === ObjectProto) return x;
  if (p === ArrayProto) {
    const list = x as unknown[];
    let out: unknown[] | undefined;
    for (let k = 0; k < list.length; k++) {
      const y = toPlainValue(list[k], keepInts);
      if (out) out.push(y);
      else if (y !== list[k]) {
        out = list.slice(0, k);
        out.push(y);
      }
    }
    return out ?? list;
  }
  if (p === MapProto) {
    const map = x as Map<unknown, unknown>;
    // A variable's map with int or bool keys (`{0: 'low', 1: 'high'}`) stays a map of those keys: as an
    // object its keys would read back as strings, and `variables.levels[1]` would find nothing.
    if (keepInts && [...map.keys()].some((k) => typeof k !== "string")) return new Map([...map].map(([k, y]) => [k, toPlainValue(y, true)]));
    const out: Record<string, unknown> = {};
    for (const [k, y] of map) {
      const key = String(toPlainValue(k));
      // As keys of a plain object these would not read back as they were written.
      if (key === "__proto__" || key === "constructor" || key === "$typeName") bail();
      out[key] = toPlainValue(y, keepInts);
    }
    return out;
  }
  bail();
}

const RUNTIME = {
  v, b, sel, selOwn, has, idx, inOp, eq, lt, le, gt, ge, add, sub, mul, div, mod, neg, not, size, sizeN, sizeOperand, sizeEq, type, str, dbl, int, bool,
  matches, matchesPattern, contains, startsWith, endsWith, lowerAscii, upperAscii, trim, join, split, replace, substring, charAt, indexOf, lastIndexOf,
  map, iter, bail, budget, overBudget, T: TYPES,
};

// ---------------------------------------------------------------------------------------------
// Compiler

/** One expression as a JavaScript function of a frame (an object holding the policy variables). */
export interface JsProgram {
  /**
   * The expression's value (plain), BAIL, or OVER_BUDGET after more than `steps` loop steps (default: no
   * limit). `keepInts`: CEL ints stay bigints (a variable's value, which later expressions read as ints).
   */
  run(frame: object, steps?: number, keepInts?: boolean): unknown;
  /**
   * The expression over every element of a forEach list (plain data), in one call, with `item` and
   * `index` bound to each element in turn; returns the indices where it is false, BAIL (an error
   * or a non-bool anywhere: then evaluate element by element), or OVER_BUDGET after more than `steps`
   * loop steps in all.
   */
  runEach(frame: object, items: readonly unknown[], steps?: number): number[] | typeof BAIL | typeof OVER_BUDGET;
  /** Whether it reads the `contracts` variable. */
  readonly readsContracts: boolean;
  /** The generated source (for tests and debugging). */
  readonly code: string;
}

interface Gen {
  code: string;
  /** The value contains no bigint, map literal or type: it is already plain. */
  stable: boolean;
  /** Statically a bool (no check needed where a bool is required). */
  bool: boolean;
}

/** One loop step of generated code, counted against the budget. */
const STEP = "if (--R.budget.left < 0) R.overBudget();";

/** Thrown while compiling: the expression is outside the subset. */
const UNSUPPORTED = Symbol("unsupported");

/**
 * Compiles an expression, or returns undefined when it uses something outside the subset (then
 * the interpreter evaluates it). `variables`: the names a frame holds; `isFunction(name)`: whether
 * the environment declares a function of that (qualified) name.
 */
export function compileToJs(expr: Expr, variables: readonly string[], isFunction: (name: string) => boolean): JsProgram | undefined {
  if (!canGenerateCode()) return undefined;
  const source = generateJs(expr, variables, isFunction);
  return source && programFromSource(source);
}

/**
 * An expression compiled to JavaScript, as data: the generated code of its two forms and how to make
 * the constants the code reads (`K[i]`). scripts/build-packs.mjs embeds it for the built-in packs, so
 * that the pre-commit hook neither parses their expressions nor generates their code.
 */
export interface JsSource {
  /** Functions both forms use: field accessors and comprehension loops. */
  prelude: string;
  /** The value, of the frame `f`. */
  value: string;
  /** The value for one forEach element (`it`, at `ix`). */
  element: string;
  /** The value is already plain (no CEL-specific value to convert). */
  stable: boolean;
  readsContracts: boolean;
  constants: ConstantRecipe[];
  /**
   * The value reads no variable of the frame (a map or list literal of constants, as a policy's lookup
   * tables are): the same on every document, so it is worked out once and kept.
   */
  constant?: boolean;
}

/** A constant of the generated code: a value, one of the CEL types, or a regular expression (compiled when made). */
export type ConstantRecipe = { value: unknown } | { type: keyof typeof TYPES } | { pattern: string };

/** The code and constants of an expression, or undefined when it uses something outside the compiled subset. */
export function generateJs(expr: Expr, variables: readonly string[], isFunction: (name: string) => boolean): JsSource | undefined {
  const compiler = new Compiler(new Set(variables), isFunction);
  let body: Gen;
  let element: Gen;
  let constant: boolean;
  try {
    body = compiler.gen(expr, new Map());
    constant = !compiler.readsFrame;
    // Per forEach element, `item` and `index` are the loop's locals (forEach items are plain data).
    element = compiler.gen(
      expr,
      new Map([
        ["item", { js: "it", stable: true }],
        // A CEL int, as a list index is (`ixn`, made in the loop only when the expression reads it).
        ["index", { js: "ixn", stable: false }],
      ]),
    );
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
  // Field accessors first: each has its own inline cache, where one shared `sel(o, k)` would see every
  // shape of every document at one site. The whole-value and the forEach forms are made on first use
  // (most expressions need only one of them).
  return {
    prelude: compiler.accessors.join("\n"),
    value: body.code,
    element: element.code,
    stable: body.stable,
    readsContracts: compiler.readsContracts,
    constants: compiler.constants,
    ...(constant ? { constant } : {}),
  };
}

/** The program of generated code (made into functions on first use), or undefined where code cannot be generated. */
export function programFromSource(source: JsSource): JsProgram | undefined {
  if (!canGenerateCode()) return undefined;
  const prelude = `"use strict";\nconst OP = Object.prototype, getProto = Object.getPrototypeOf;\n${source.prelude}`;
  const oneCode = `${prelude}\nreturn (f) => ${source.value};`;
  const index = /\bixn\b/.test(source.element) ? "const ixn = BigInt(ix);" : "";
  const eachCode = `${prelude}\nreturn (f, items) => { const failed = []; for (let ix = 0; ix < items.length; ix++) { ${STEP} const it = items[ix]; ${index} const ok = ${source.element}; if (ok === false) failed.push(ix); else if (ok !== true) R.bail(); } return failed; };`;
  const stable = source.stable;
  let constants: unknown[] | undefined;
  const make = <T>(code: string): T => {
    constants ??= source.constants.map((recipe) => ("value" in recipe ? recipe.value : "type" in recipe ? TYPES[recipe.type] : pattern(recipe.pattern)));
    return new Function("R", "K", code)(RUNTIME, constants) as T;
  };
  let one: ((frame: object) => unknown) | undefined;
  let each: ((frame: object, items: readonly unknown[]) => number[]) | undefined;
  // A constant's value (by keepInts) and the steps it took, once worked out: the value is never changed
  // (CEL builds new values), so every document may share it; a smaller budget works it out again.
  const kept: ({ value: unknown; steps: number } | undefined)[] = [];
  return {
    code: oneCode,
    readsContracts: source.readsContracts,
    run(frame, steps = Infinity, keepInts = false) {
      const known = source.constant ? kept[+keepInts] : undefined;
      if (known && known.steps <= steps) return known.value;
      budget.left = steps;
      try {
        const fn = (one ??= make<(frame: object) => unknown>(oneCode));
        const raw = fn(frame);
        const value = stable ? raw : toPlainValue(raw, keepInts);
        // (Without a budget, the steps are not counted: the value is kept for calls without one.)
        if (source.constant) kept[+keepInts] = { value, steps: steps === Infinity ? Infinity : steps - budget.left };
        return value;
      } catch (error) {
        return error === OVER_BUDGET ? OVER_BUDGET : BAIL;
      } finally {
        budget.left = Infinity;
      }
    },
    runEach(frame, items, steps = Infinity) {
      budget.left = steps;
      try {
        const fn = (each ??= make<(frame: object, items: readonly unknown[]) => number[]>(eachCode));
        return fn(frame, items);
      } catch (error) {
        return error === OVER_BUDGET ? OVER_BUDGET : BAIL;
      } finally {
        budget.left = Infinity;
      }
    },
  };
}

let codeGeneration: boolean | undefined;
/** Whether `new Function` works here (not with --disallow-code-generation-from-strings): else everything is interpreted. */
function canGenerateCode(): boolean {
  if (codeGeneration === undefined) {
    try {
      codeGeneration = new Function("return true")() === true;
    } catch {
      codeGeneration = false;
    }
  }
  return codeGeneration;
}

interface Binding {
  js: string;
  stable: boolean;
}

type Kind = Expr["exprKind"];
type CallValue = Extract<Kind, { case: "callExpr" }>["value"];
type ComprehensionValue = Extract<Kind, { case: "comprehensionExpr" }>["value"];

/**
 * Keys a map literal made as a plain object cannot have: array indices (an object lists them first),
 * and the keys toPlainValue refuses (`__proto__` would even set the prototype).
 */
const OBJECT_UNSAFE_KEY = /^(?:\d+|__proto__|constructor|\$typeName)$/;

class Compiler {
  readonly constants: ConstantRecipe[] = [];
  /** Generated functions: field accessors (`o.field`, `has(o.field)`, one per field name) and comprehension loops. */
  readonly accessors: string[] = [];
  private readonly accessorNames = new Map<string, string>();
  readsContracts = false;
  /** Whether the code generated so far reads a variable of the frame (`f`). */
  readsFrame = false;
  private locals = 0;

  constructor(
    private readonly variables: Set<string>,
    private readonly isFunction: (name: string) => boolean,
  ) {}

  private unsupported(): never {
    throw UNSUPPORTED;
  }

  /**
   * A function reading `o.field` (or testing `has(o.field)`) with a direct property access for plain
   * objects, and the runtime's general one for everything else.
   */
  private accessor(field: string, test: boolean): string {
    const key = `${test ? "h" : "s"}:${field}`;
    let name = this.accessorNames.get(key);
    if (name) return name;
    name = `${test ? "h" : "s"}${this.accessorNames.size}`;
    this.accessorNames.set(key, name);
    const literal = JSON.stringify(field);
    const read = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(field) ? `o.${field}` : `o[${literal}]`;
    if (INHERITED.has(field)) this.accessors.push(`const ${name} = (o) => R.${test ? "has" : "selOwn"}(o, ${literal});`);
    else if (test) this.accessors.push(`const ${name} = (o) => { if (typeof o === "object" && o !== null && getProto(o) === OP) { const x = ${read}; return x !== undefined && x !== null; } return R.has(o, ${literal}); };`);
    else this.accessors.push(`const ${name} = (o) => { if (typeof o === "object" && o !== null && getProto(o) === OP) { const x = ${read}; if (x !== undefined) return x; R.bail(); } return R.sel(o, ${literal}); };`);
    return name;
  }

  private constant(recipe: ConstantRecipe): string {
    this.constants.push(recipe);
    return `K[${this.constants.length - 1}]`;
  }

  private bool(g: Gen): string {
    return g.bool ? g.code : `R.b(${g.code})`;
  }

  gen(e: Expr, scope: Map<string, Binding>): Gen {
    const kind = e.exprKind;
    switch (kind.case) {
      case "constExpr":
        return this.constExpr(kind.value.constantKind);
      case "identExpr": {
        const name = kind.value.name;
        const local = scope.get(name);
        if (local) return { code: local.js, stable: local.stable, bool: false };
        // A type denotation (`type(x) == string`): a type value, as `type()` returns (others are the interpreter's).
        if (!this.variables.has(name) && Object.hasOwn(TYPES, name)) return { code: `R.T.${name}`, stable: false, bool: false };
        if (!this.variables.has(name)) this.unsupported();
        if (name === "contracts") this.readsContracts = true;
        this.readsFrame = true;
        return { code: `R.v(f.${name})`, stable: true, bool: false };
      }
      case "selectExpr": {
        const { operand, field, testOnly } = kind.value;
        if (!operand) this.unsupported();
        const o = this.gen(operand, scope);
        if (testOnly) return { code: `${this.accessor(field, true)}(${o.code})`, stable: true, bool: true };
        return { code: `${this.accessor(field, false)}(${o.code})`, stable: o.stable, bool: false };
      }
      case "listExpr": {
        if (kind.value.optionalIndices.length > 0) this.unsupported();
        // A list of literals (['a', 'b'], as `in` tests use) is made once, when compiling.
        const literals = kind.value.elements.map((x) => (x.exprKind.case === "constExpr" ? x.exprKind.value.constantKind : undefined));
        if (literals.length > 0 && literals.every((c) => c?.case === "stringValue" || c?.case === "doubleValue" || c?.case === "boolValue" || c?.case === "nullValue")) {
          return { code: this.constant({ value: literals.map((c) => (c!.case === "nullValue" ? null : c!.value)) }), stable: true, bool: false };
        }
        const elements = kind.value.elements.map((x) => this.gen(x, scope));
        return { code: `[${elements.map((x) => x.code).join(", ")}]`, stable: elements.every((x) => x.stable), bool: false };
      }
      case "structExpr": {
        if (kind.value.messageName !== "") this.unsupported();
        const keys: Gen[] = [];
        const values: Gen[] = [];
        const names: (string | undefined)[] = [];
        for (const entry of kind.value.entries) {
          if (entry.optionalEntry || entry.keyKind.case !== "mapKey" || !entry.value) this.unsupported();
          const key = entry.keyKind.value.exprKind;
          names.push(key.case === "constExpr" && key.value.constantKind.case === "stringValue" ? key.value.constantKind.value : undefined);
          keys.push(this.gen(entry.keyKind.value, scope));
          values.push(this.gen(entry.value, scope));
        }
        // Keys written as strings, and plain values: the map is the plain object toPlainValue would make of
        // it, made directly (a Map and its conversion, per property of every document, were a third of what
        // a run allocated). CEL reads the two alike (the documents' maps are such objects); the keys keep
        // their order, as no key is an array index (which objects put first) nor one a plain object cannot
        // hold as is. (In parentheses: an arrow function's body would read the braces as a block.)
        if (names.length > 0 && values.every((x) => x.stable) && names.every((name, at) => name !== undefined && !OBJECT_UNSAFE_KEY.test(name) && names.indexOf(name) === at)) {
          return { code: `({ ${names.map((name, at) => `${JSON.stringify(name)}: ${values[at]!.code}`).join(", ")} })`, stable: true, bool: false };
        }
        return { code: `R.map([${keys.map((k, at) => `${k.code}, ${values[at]!.code}`).join(", ")}])`, stable: false, bool: false };
      }
      case "callExpr":
        return this.call(kind.value, scope);
      case "comprehensionExpr":
        return this.comprehension(kind.value, scope);
      default:
        this.unsupported();
    }
  }

  private constExpr(c: Extract<Kind, { case: "constExpr" }>["value"]["constantKind"]): Gen {
    switch (c.case) {
      case "boolValue":
        return { code: c.value ? "true" : "false", stable: true, bool: true };
      case "stringValue":
        return { code: JSON.stringify(c.value), stable: true, bool: false };
      case "doubleValue":
        return { code: this.constant({ value: c.value }), stable: true, bool: false };
      case "int64Value":
        if (c.value < MIN_INT || c.value > MAX_INT) this.unsupported();
        return { code: this.constant({ value: c.value }), stable: false, bool: false };
      case "nullValue":
        return { code: "null", stable: true, bool: false };
      default:
        this.unsupported();
    }
  }

  private call(c: CallValue, scope: Map<string, Binding>): Gen {
    const fn = c.function;
    const argc = c.args.length;
    const arg = (k: number) => this.gen(c.args[k]!, scope);
    if (!c.target) {
      switch (`${fn}/${argc}`) {
        case "_&&_/2":
          return { code: `(${this.bool(arg(0))} && ${this.bool(arg(1))})`, stable: true, bool: true };
        case "_||_/2":
          return { code: `(${this.bool(arg(0))} || ${this.bool(arg(1))})`, stable: true, bool: true };
        case "!_/1":
          return { code: `!${this.bool(arg(0))}`, stable: true, bool: true };
        case "_?_:_/3": {
          const t = arg(1);
          const f = arg(2);
          return { code: `(${this.bool(arg(0))} ? ${t.code} : ${f.code})`, stable: t.stable && f.stable, bool: t.bool && f.bool };
        }
        case "_==_/2":
        case "_!=_/2": {
          const negate = fn === "_!=_";
          const types = this.typeComparison(c.args[0]!, c.args[1]!, scope);
          if (types) return { code: `(${types[0]} ${negate ? "!==" : "==="} ${types[1]})`, stable: true, bool: true };
          const sizes = this.sizeComparison(c.args[0]!, c.args[1]!, scope);
          if (sizes) return { code: `${negate ? "!" : ""}R.sizeEq(${sizes[0]}, ${sizes[1]})`, stable: true, bool: true };
          // Against a string, bool or null literal, CEL equality is JavaScript's === (nothing else equals them).
          const literal = (e: Expr) => (e.exprKind.case === "constExpr" && ["stringValue", "boolValue", "nullValue"].includes(e.exprKind.value.constantKind.case as string) ? e : undefined);
          const lit = literal(c.args[1]!) ?? literal(c.args[0]!);
          if (lit) {
            const other = lit === c.args[1] ? c.args[0]! : c.args[1]!;
            return { code: `(${this.gen(other, scope).code} ${negate ? "!==" : "==="} ${this.gen(lit, scope).code})`, stable: true, bool: true };
          }
          return { code: `${negate ? "!" : ""}R.eq(${arg(0).code}, ${arg(1).code})`, stable: true, bool: true };
        }
        case "_<_/2":
        case "_<=_/2":
        case "_>_/2":
        case "_>=_/2": {
          const op = fn.slice(1, -1);
          const left = this.sizeOf(c.args[0]!, scope);
          const right = this.sizeOf(c.args[1]!, scope);
          // size(x) < y: the size as a number against y's number or bigint (JavaScript compares them by value).
          if (left !== undefined && right === undefined) return { code: `(${left} ${op} R.sizeOperand(${arg(1).code}))`, stable: true, bool: true };
          if (right !== undefined && left === undefined) return { code: `(R.sizeOperand(${arg(0).code}) ${op} ${right})`, stable: true, bool: true };
          return this.binary({ "<": "lt", "<=": "le", ">": "gt", ">=": "ge" }[op]!, arg(0), arg(1), true);
        }
        case "@in/2":
          return this.binary("inOp", arg(0), arg(1), true);
        case "_+_/2":
          return this.binary("add", arg(0), arg(1), false);
        case "_-_/2":
          return this.binary("sub", arg(0), arg(1), false);
        case "_*_/2":
          return this.binary("mul", arg(0), arg(1), false);
        case "_/_/2":
          return this.binary("div", arg(0), arg(1), false);
        case "_%_/2":
          return this.binary("mod", arg(0), arg(1), false);
        case "-_/1": {
          const x = arg(0);
          return { code: `R.neg(${x.code})`, stable: x.stable, bool: false };
        }
        case "_[_]/2": {
          const o = arg(0);
          return { code: `R.idx(${o.code}, ${arg(1).code})`, stable: o.stable, bool: false };
        }
        case "size/1":
          return { code: `R.size(${arg(0).code})`, stable: false, bool: false };
        case "type/1": {
          const x = c.args[0]!.exprKind;
          // type(1u): unsigned values are the interpreter's, but the type of a literal is known.
          if (x.case === "constExpr" && x.value.constantKind.case === "uint64Value") return { code: this.constant({ type: "uint" }), stable: false, bool: false };
          return { code: `R.type(${arg(0).code})`, stable: false, bool: false };
        }
        case "string/1":
          return { code: `R.str(${arg(0).code})`, stable: true, bool: false };
        case "double/1":
          return { code: `R.dbl(${arg(0).code})`, stable: true, bool: false };
        case "int/1":
          return { code: `R.int(${arg(0).code})`, stable: false, bool: false };
        case "bool/1":
          return { code: `R.bool(${arg(0).code})`, stable: true, bool: true };
        case "dyn/1":
          return arg(0);
        default:
          this.unsupported();
      }
    }
    // A method call. `a.b.f(x)` first resolves as the function `a.b.f` if one is declared.
    const qualified = qualifiedName(c.target);
    if (qualified !== undefined && this.isFunction(`${qualified}.${fn}`)) this.unsupported();
    const target = this.gen(c.target, scope);
    const literal = c.args[0]?.exprKind;
    if (fn === "matches" && argc === 1 && literal?.case === "constExpr" && literal.value.constantKind.case === "stringValue") {
      return { code: `R.matchesPattern(${this.constant({ pattern: literal.value.constantKind.value })}, ${target.code})`, stable: true, bool: true };
    }
    const args = c.args.map((x) => this.gen(x, scope).code);
    const call = (name: string, stable: boolean, bool = false): Gen => ({ code: `R.${name}(${[target.code, ...args].join(", ")})`, stable, bool });
    switch (`${fn}/${argc}`) {
      case "size/0":
        return call("size", false);
      case "matches/1":
        return call("matches", true, true);
      case "contains/1":
        return call("contains", true, true);
      case "startsWith/1":
        return call("startsWith", true, true);
      case "endsWith/1":
        return call("endsWith", true, true);
      case "lowerAscii/0":
        return call("lowerAscii", true);
      case "upperAscii/0":
        return call("upperAscii", true);
      case "trim/0":
        return call("trim", true);
      case "join/0":
      case "join/1":
        return call("join", true);
      case "split/1":
      case "split/2":
        return call("split", true);
      case "replace/2":
      case "replace/3":
        return call("replace", true);
      case "substring/1":
      case "substring/2":
        return call("substring", true);
      case "charAt/1":
        return call("charAt", true);
      case "indexOf/1":
      case "indexOf/2":
        return call("indexOf", false);
      case "lastIndexOf/1":
      case "lastIndexOf/2":
        return call("lastIndexOf", false);
      default:
        this.unsupported();
    }
  }

  /** `size(x)` or `x.size()` as code giving a JavaScript number, or undefined for another expression. */
  private sizeOf(e: Expr, scope: Map<string, Binding>): string | undefined {
    if (e.exprKind.case !== "callExpr" || e.exprKind.value.function !== "size") return undefined;
    const { target, args } = e.exprKind.value;
    if (!target && args.length === 1) return `R.sizeN(${this.gen(args[0]!, scope).code})`;
    if (target && args.length === 0) {
      const qualified = qualifiedName(target);
      if (qualified !== undefined && this.isFunction(`${qualified}.size`)) return undefined;
      return `R.sizeN(${this.gen(target, scope).code})`;
    }
    return undefined;
  }

  /** `size(x) == y` (either side) as [size code, other code]. */
  private sizeComparison(l: Expr, r: Expr, scope: Map<string, Binding>): [string, string] | undefined {
    const left = this.sizeOf(l, scope);
    if (left !== undefined) return this.sizeOf(r, scope) === undefined ? [left, this.gen(r, scope).code] : undefined;
    const right = this.sizeOf(r, scope);
    return right !== undefined ? [right, this.gen(l, scope).code] : undefined;
  }

  /**
   * `type(a) == type(b)` as two codes giving type singletons (compared with ===); `type(<literal>)`
   * is known when compiling, for literals whose evaluation cannot fail.
   */
  private typeComparison(l: Expr, r: Expr, scope: Map<string, Binding>): [string, string] | undefined {
    const operand = (e: Expr) => (e.exprKind.case === "callExpr" && e.exprKind.value.function === "type" && !e.exprKind.value.target && e.exprKind.value.args.length === 1 ? e.exprKind.value.args[0] : undefined);
    const a = operand(l);
    const c = operand(r);
    if (!a || !c) return undefined;
    return [this.typeCode(a, scope), this.typeCode(c, scope)];
  }

  private typeCode(e: Expr, scope: Map<string, Binding>): string {
    const kind = e.exprKind;
    let known: keyof typeof TYPES | undefined;
    if (kind.case === "constExpr") {
      known = ({ boolValue: "bool", stringValue: "string", doubleValue: "double", int64Value: "int", uint64Value: "uint", nullValue: "null" } as const)[kind.value.constantKind.case as string as "boolValue"];
    } else if (kind.case === "listExpr" && kind.value.elements.length === 0) known = "list";
    else if (kind.case === "structExpr" && kind.value.messageName === "" && kind.value.entries.length === 0) known = "map";
    return known ? this.constant({ type: known }) : `R.type(${this.gen(e, scope).code})`;
  }

  private binary(name: string, l: Gen, r: Gen, bool: boolean): Gen {
    return { code: `R.${name}(${l.code}, ${r.code})`, stable: bool || (l.stable && r.stable), bool };
  }

  /** The comprehensions the parser's macros build (all, exists, exists_one, map, filter), as loops. */
  private comprehension(c: ComprehensionValue, scope: Map<string, Binding>): Gen {
    const { accuVar, iterVar, iterVar2, iterRange, accuInit, loopCondition, loopStep, result } = c;
    if (accuVar !== "@result" || iterVar2 !== "" || !iterRange || !accuInit || !loopCondition || !loopStep || !result) this.unsupported();
    const range = this.gen(iterRange, scope);
    const n = ++this.locals;
    const x = `x${n}`;
    const inner = new Map(scope);
    inner.set(iterVar, { js: x, stable: range.stable });
    inner.delete(accuVar);
    const isAccu = (e: Expr | undefined) => e?.exprKind.case === "identExpr" && e.exprKind.value.name === accuVar;
    const callOf = (e: Expr | undefined, fn: string, argc: number) => (e?.exprKind.case === "callExpr" && !e.exprKind.value.target && e.exprKind.value.function === fn && e.exprKind.value.args.length === argc ? e.exprKind.value.args : undefined);
    const constOf = (e: Expr | undefined) => (e?.exprKind.case === "constExpr" ? e.exprKind.value.constantKind : undefined);
    // The loop is a function of its own, given the frame and the variables in scope (no closure made
    // per evaluation, where an inline arrow function would be one for every element of an outer loop).
    const locals = [...new Set([...scope.values()].map((binding) => binding.js))];
    const loop = (body: string, before: string, after: string) => {
      this.accessors.push(`const c${n} = (${["f", ...locals, `r${n}`].join(", ")}) => { const a${n} = R.iter(r${n}); ${before} for (let i${n} = 0; i${n} < a${n}.length; i${n}++) { ${STEP} const ${x} = a${n}[i${n}]; ${body} } ${after} };`);
      return `c${n}(${["f", ...locals, range.code].join(", ")})`;
    };
    const init = constOf(accuInit);
    const condition = constOf(loopCondition);

    // all: true; @not_strictly_false(@result); @result && P; @result
    if (init?.case === "boolValue" && isAccu(result)) {
      const strict = callOf(loopCondition, "@not_strictly_false", 1);
      if (init.value === true && strict && isAccu(strict[0])) {
        const step = callOf(loopStep, "_&&_", 2);
        if (step && isAccu(step[0])) {
          const p = this.bool(this.gen(step[1]!, inner));
          return { code: loop(`if (!${p}) return false;`, "", "return true;"), stable: true, bool: true };
        }
      }
      // exists: false; @not_strictly_false(!@result); @result || P; @result
      const negated = strict ? callOf(strict[0], "!_", 1) : undefined;
      if (init.value === false && negated && isAccu(negated[0])) {
        const step = callOf(loopStep, "_||_", 2);
        if (step && isAccu(step[0])) {
          const p = this.bool(this.gen(step[1]!, inner));
          return { code: loop(`if (${p}) return true;`, "", "return false;"), stable: true, bool: true };
        }
      }
      this.unsupported();
    }

    if (condition?.case !== "boolValue" || condition.value !== true) this.unsupported();
    const step = callOf(loopStep, "_?_:_", 3);

    // exists_one: 0; true; P ? @result + 1 : @result; @result == 1 (every element is evaluated)
    if (init?.case === "int64Value" && init.value === 0n) {
      const plusOne = step ? callOf(step[1], "_+_", 2) : undefined;
      const one = plusOne ? constOf(plusOne[1]) : undefined;
      const equalsOne = callOf(result, "_==_", 2);
      const last = equalsOne ? constOf(equalsOne[1]) : undefined;
      if (step && plusOne && isAccu(plusOne[0]) && one?.case === "int64Value" && one.value === 1n && isAccu(step[2]) && equalsOne && isAccu(equalsOne[0]) && last?.case === "int64Value" && last.value === 1n) {
        const p = this.bool(this.gen(step[0]!, inner));
        return { code: loop(`if (${p}) c${n}++;`, `let c${n} = 0;`, `return c${n} === 1;`), stable: true, bool: true };
      }
      this.unsupported();
    }

    // map / filter: []; true; @result + [F]  or  P ? @result + [F] : @result; @result
    const empty = accuInit.exprKind.case === "listExpr" && accuInit.exprKind.value.elements.length === 0 && accuInit.exprKind.value.optionalIndices.length === 0;
    if (!empty || !isAccu(result)) this.unsupported();
    const appended = (e: Expr | undefined) => {
      const plus = callOf(e, "_+_", 2);
      if (!plus || !isAccu(plus[0])) return undefined;
      const list = plus[1]!.exprKind;
      return list.case === "listExpr" && list.value.elements.length === 1 && list.value.optionalIndices.length === 0 ? list.value.elements[0] : undefined;
    };
    const mapped = appended(loopStep);
    if (mapped) {
      const f = this.gen(mapped, inner);
      return { code: loop(`o${n}.push(${f.code});`, `const o${n} = [];`, `return o${n};`), stable: f.stable, bool: false };
    }
    const kept = step ? appended(step[1]) : undefined;
    if (step && kept && isAccu(step[2])) {
      const p = this.bool(this.gen(step[0]!, inner));
      const f = this.gen(kept, inner);
      return { code: loop(`if (${p}) o${n}.push(${f.code});`, `const o${n} = [];`, `return o${n};`), stable: f.stable, bool: false };
    }
    this.unsupported();
  }
}

/** `a.b.c` of a target made of an identifier and selects (as the planner resolves qualified function names). */
function qualifiedName(e: Expr): string | undefined {
  const kind = e.exprKind;
  if (kind.case === "identExpr") return kind.value.name;
  if (kind.case === "selectExpr" && !kind.value.testOnly && kind.value.operand) {
    const parent = qualifiedName(kind.value.operand);
    return parent === undefined ? undefined : `${parent}.${kind.value.field}`;
  }
  return undefined;
}
