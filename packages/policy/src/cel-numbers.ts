/**
 * A document's numbers as CEL types them: a whole number is an `int`, any other a `double`.
 *
 * JSON and YAML numbers all parse to JavaScript numbers, which CEL reads as doubles; a Kubernetes
 * ValidatingAdmissionPolicy author reads `value: 7` as an int (`s.value * 12` is int arithmetic there, and
 * `no overload (double, int)` here). Each document, the contracts index's, a module's and the parameters are
 * copied once, their whole numbers made bigints (CEL's int in @bufbuild/cel and in compiled code), before any
 * expression reads them. A number past the int range (and every fraction, infinity or NaN) stays a double.
 * A whole number written as a double (`7.0`, `1e3`) stays a double too, as in a ValidatingAdmissionPolicy
 * (whose JSON decoding keeps `7.0` a float64): the parsers hand back the same number as for `7`, so its
 * spelling is read from the file (`ratio: 1.0` then `params.ratio * 0.5` works, as before ints). So is a whole
 * number past 2^53, which the parsers round (`9007199254740993` reads as ...992): its digits give the exact int.
 */
import { type LoadedDocument, fromPointer, toPointer } from "@meshkit/core";

/** 2^63: the first number past CEL's int range (a double cannot hold 2^63 - 1). */
const PAST_MAX_INT = 2 ** 63;
const MIN_INT = -(2 ** 63);
const MIN_INT_BIG = -(2n ** 63n);
const MAX_INT_BIG = 2n ** 63n - 1n;

const converted = new WeakMap<object, unknown>();

/** Where a value was read from: the document and the JSON pointer of the value in it (`/spec/params`). */
export interface ReadFrom {
  doc: Pick<LoadedDocument, "sourceAt" | "fileText">;
  at: string;
}

/** Where values that are no document of their own were read from (a policy's `spec.params`, a `--params` file). */
const readFrom = new WeakMap<object, ReadFrom>();

/** Remembers where `value` (a mapping of parameters) was read from, for `readFromOf`. */
export function rememberReadFrom(value: unknown, from: ReadFrom): void {
  if (value !== null && typeof value === "object") readFrom.set(value, from);
}

export function readFromOf(value: unknown): ReadFrom | undefined {
  return value !== null && typeof value === "object" ? readFrom.get(value) : undefined;
}

/**
 * Where the values of `{ ...parts[0].values, ...parts[1].values }` were read from: each name where the last
 * part that sets it was (meshkit.yaml's `policy.params` over those of the files it extends, `--params` over all).
 */
export function mergedReadFrom(parts: readonly { values: Record<string, unknown>; from: ReadFrom }[]): ReadFrom {
  const sourceAt = (pointer: string): string => {
    if (pointer === "") return parts.map(({ from }) => from.doc.sourceAt(from.at)).join("\n");
    const name = fromPointer(pointer)[0]!;
    const part = parts.findLast(({ values }) => Object.hasOwn(values, name));
    return part ? part.from.doc.sourceAt(part.from.at + pointer) : "";
  };
  return { doc: { sourceAt }, at: "" };
}

/** The source text of the value at a pointer below the converted value; undefined where it is not known. */
type Spelling = (pointer: string) => string | undefined;

/**
 * A whole number written as a double, somewhere in a text: `7.0`, `7.`, `1e3`, `1.5E1`, `.5e1`, as a YAML or
 * JSON value (after `:`, `-`, `[`, `,` or a line start; before the end of the value). Version strings such as
 * `1.0.0` do not match. A text without one (nearly every document) is converted without reading spellings.
 */
const WHOLE_DOUBLE_TEXT = /(?:^|[\s:,[])[-+]?(?:\d+\.0*|(?:\d+(?:\.\d*)?|\.\d+)[eE][-+]?\d+)[ \t]*(?:$|[,\]}#\r])/m;

/** A number's source text that is a double's: a decimal point or an exponent (not a hexadecimal `0xE`). */
const DOUBLE_SPELLING = /^[-+]?(?:\d*\.|\d+(?:\.\d*)?[eE])/;

/**
 * `value` with its whole numbers as bigints; the same copy for the same object (documents are read, never
 * changed). `from`, where the value was read: a whole number written as a double there stays a double.
 */
export function withCelInts(value: unknown, from?: ReadFrom): unknown {
  if (value === null || typeof value !== "object") return celInts(value, spellingOf(from), "");
  const known = converted.get(value);
  if (known !== undefined) return known;
  const copy = celInts(value, spellingOf(from), "");
  converted.set(value, copy);
  return copy;
}

/**
 * The values of `{ ...parts[0], ...parts[1] }` (parameters: a policy's defaults under the run's) as CEL types
 * them, each read as the part that gives it was read.
 */
export function mergedWithCelInts(parts: readonly { values: Record<string, unknown>; from?: ReadFrom }[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const { values, from } of parts) {
    const spelling = spellingOf(from);
    for (const key of Object.keys(values)) setOwn(merged, key, celInts(values[key], spelling, toPointer([key])));
  }
  return merged;
}

/**
 * `params` (CEL-typed) with each number of a name `defaults` declares given the type of that default, where
 * no value is lost: a default is the parameter's declared type, as a ValidatingAdmissionPolicy's params
 * have a schema. `maxColumns: 10` set to `12.0` is the int 12 (`params.maxColumns + 1` works), `ratio: 0.5`
 * set to `1` the double 1 (`params.ratio * 2.0` works); so are the numbers inside a map or list default
 * (`limits: {max: 10}` set to `{max: 12.0}`). A fraction over an int default is refused before the run
 * (`paramKindMismatch`); one that reaches here is left as it is.
 */
export function asDeclared(params: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  return typedAsMapping(params, defaults);
}

/** `value` with the numeric type of `declared` (a parameter's default, or a part of one), or `value` itself. */
function typedAs(value: unknown, declared: unknown): unknown {
  if (typeof declared === "bigint") return typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof declared === "number") return typeof value === "bigint" ? Number(value) : value;
  if (Array.isArray(declared) && Array.isArray(value)) {
    // A list's elements are of one declared type when its default's all are (`[10, 20]`: ints).
    const element = declared[0];
    if (declared.length === 0 || !declared.every((d) => typeof d === typeof element)) return value;
    const typed = value.map((v) => typedAs(v, element));
    return typed.some((v, i) => v !== value[i]) ? typed : value;
  }
  if (isRecord(declared) && isRecord(value)) return typedAsMapping(value, declared);
  return value;
}

/** `values` with each entry that `declared` also has typed as it (a copy only if one changes). */
function typedAsMapping(values: Record<string, unknown>, declared: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const name of Object.keys(declared)) {
    if (!Object.hasOwn(values, name)) continue;
    const typed = typedAs(values[name], declared[name]);
    if (typed === values[name]) continue;
    out ??= { ...values };
    setOwn(out, name, typed);
  }
  return out ?? values;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A number of 16 digits or more: a whole number that may be past 2^53 (9007199254740992), where doubles skip integers. */
const LONG_DIGITS = /(?:^|[\s:,[])[-+]?\d{16,}[ \t]*(?:$|[,\]}#\r])/m;

/** Spellings are read only when the value's text has a whole number written as a double, or a long one. */
function spellingOf(from: ReadFrom | undefined): Spelling | undefined {
  if (!from) return undefined;
  // The file's whole text when known: `sourceAt` would index the file, for every document.
  const text = from.doc.fileText?.() ?? from.doc.sourceAt(from.at);
  if (!WHOLE_DOUBLE_TEXT.test(text) && !LONG_DIGITS.test(text)) return undefined;
  return (pointer) => from.doc.sourceAt(from.at + pointer);
}

/**
 * `value` at `pointer` with its whole numbers as bigints (only the root of a document is remembered: a lookup
 * per node costs more than the copy).
 */
function celInts(value: unknown, spelling: Spelling | undefined, pointer: string): unknown {
  switch (typeof value) {
    case "number":
      if (!Number.isInteger(value) || value < MIN_INT || value > PAST_MAX_INT) return value;
      return spelling ? writtenInt(value, spelling(pointer)?.trim() ?? "") : value === PAST_MAX_INT ? value : BigInt(value);
    case "object":
      return value === null ? value : copyWithInts(value, spelling, pointer);
    default:
      return value;
  }
}

/** A whole number, read as written: a double when written as one; past 2^53, the int its digits spell. */
function writtenInt(value: number, text: string): number | bigint {
  if (DOUBLE_SPELLING.test(text)) return value;
  if (Math.abs(value) >= 2 ** 53 && /^[-+]?\d+$/.test(text)) {
    const exact = BigInt(text);
    return exact >= MIN_INT_BIG && exact <= MAX_INT_BIG ? exact : value;
  }
  return value === PAST_MAX_INT ? value : BigInt(value);
}

/** The pointer of a child: built only when spellings are read. */
function childPointer(spelling: Spelling | undefined, pointer: string, key: string | number): string {
  return spelling ? `${pointer}/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}` : pointer;
}

function copyWithInts(value: object, spelling: Spelling | undefined, pointer: string): unknown {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (Array.isArray(value)) {
    // No copy for a list without numbers or containers (a list of tags): its identity is kept.
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const made = celInts(item, spelling, childPointer(spelling, pointer, i));
      if (out) out.push(made);
      else if (made !== item) {
        out = value.slice(0, i);
        out.push(made);
      }
    }
    return out ?? value;
  }
  // Only plain objects: anything else (a Map of the interpreter, a Date) is left as it is.
  if (proto !== Object.prototype && proto !== null) return value;
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(value);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const item = (value as Record<string, unknown>)[key];
    const made = celInts(item, spelling, childPointer(spelling, pointer, key));
    if (out) setOwn(out, key, made);
    else if (made !== item) {
      out = Object.create(proto) as Record<string, unknown>;
      for (let j = 0; j < k; j++) setOwn(out, keys[j]!, (value as Record<string, unknown>)[keys[j]!]);
      setOwn(out, key, made);
    }
  }
  return out ?? value;
}

/** Sets an own property, `__proto__` too (a document may have such a key; assigned, it would set the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
