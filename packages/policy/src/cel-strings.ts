/**
 * The string functions where @bufbuild/cel 0.6.1 departs from CEL (cel-go and the strings extension's
 * specification), written once for both evaluators: cel-lib.ts installs them in the interpreter's
 * environment in place of the library's overloads, and cel-js.ts's compiled code calls them, so the two
 * still agree (the contract of cel-js.ts) and both give CEL's answer.
 *
 * - Positions are code points, as `size()` counts them: JavaScript's UTF-16 indices split a character
 *   outside the Basic Multilingual Plane (`'😀a'.substring(1)` was a lone surrogate plus `a`).
 * - `split(sep, n)` keeps the unsplit rest in its last element (`'a b c'.split(' ', 2)` is
 *   `['a', 'b c']`, not `['a', 'b']`); `split('')` splits characters, not UTF-16 units.
 * - `replace(from, to, n)` replaces all occurrences for a negative `n` (it replaced none), and an
 *   empty `from` matches before each character and at the end (`'ab'.replace('', '-')` is `-a-b-`).
 * - `int(s)`, `uint(s)`, `double(s)` accept only what cel-go's strconv parsing accepts: `int('')`
 *   was 0, `int(' 1')` and `int('0x10')` numbers; now they are errors.
 *
 * Every function throws an Error for a CEL error: the interpreter turns it into a CEL error value,
 * compiled code into a bail (then the interpreter answers with the same error).
 */

/** Any surrogate: without one, UTF-16 indices are code point indices. */
const SURROGATE = /[\uD800-\uDFFF]/;

function indexOutOfBounds(index: number, length: number): Error {
  return new Error(`index ${index} out of bounds [0, ${length})`);
}

/** The number of code points of `text` (a lone surrogate counts as one, as `[...text]` does). */
/**
 * CEL orders strings by their code points; JavaScript's `<` by UTF-16 code units, which puts U+E000–U+FFFF
 * after every character from U+10000 up (their surrogates are lower). Negative, zero or positive.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}

/** A UTF-16 code unit moved to where its code point sorts: surrogates above U+E000–U+FFFF. */
function codeUnitRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}

export function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The UTF-16 offset of code point `index` (0 ≤ index ≤ codePointLength(text)). */
function unitOffset(text: string, index: number): number {
  let units = 0;
  for (let k = 0; k < index; k++) {
    const c = text.charCodeAt(units);
    const d = text.charCodeAt(units + 1);
    units += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
  }
  return units;
}

/** A UTF-16 offset as a code point index. */
function codePointIndex(text: string, units: number): number {
  return units <= 0 ? units : codePointLength(text.slice(0, units));
}

export function charAt(text: string, index: bigint): string {
  const at = Number(index);
  if (!SURROGATE.test(text)) {
    if (at < 0 || at > text.length) throw indexOutOfBounds(at, text.length);
    return text.charAt(at);
  }
  const chars = Array.from(text);
  if (at < 0 || at > chars.length) throw indexOutOfBounds(at, chars.length);
  return chars[at] ?? "";
}

// An empty search string is found where the search starts, whatever the start (cel-go's
// indexOfOffset/lastIndexOfOffset answer the offset before checking its range).
export function indexOf(text: string, substr: string, start?: bigint): bigint {
  if (substr === "" && start !== undefined) return start;
  const wide = SURROGATE.test(text);
  if (start === undefined) {
    const found = text.indexOf(substr);
    return BigInt(wide ? codePointIndex(text, found) : found);
  }
  const from = Number(start);
  const length = wide ? codePointLength(text) : text.length;
  if (from < 0 || from >= length) throw indexOutOfBounds(from, length);
  const found = text.indexOf(substr, wide ? unitOffset(text, from) : from);
  return BigInt(wide ? codePointIndex(text, found) : found);
}

export function lastIndexOf(text: string, substr: string, start?: bigint): bigint {
  if (substr === "" && start !== undefined) return start;
  const wide = SURROGATE.test(text);
  if (start === undefined) {
    const found = text.lastIndexOf(substr);
    return BigInt(wide ? codePointIndex(text, found) : found);
  }
  const from = Number(start);
  const length = wide ? codePointLength(text) : text.length;
  if (from < 0 || from >= length) throw indexOutOfBounds(from, length);
  const found = text.lastIndexOf(substr, wide ? unitOffset(text, from) : from);
  return BigInt(wide ? codePointIndex(text, found) : found);
}

export function substring(text: string, start: bigint, end?: bigint): string {
  const wide = SURROGATE.test(text);
  const length = wide ? codePointLength(text) : text.length;
  const from = Number(start);
  if (from < 0 || from > length) throw indexOutOfBounds(from, length);
  const to = end === undefined ? length : Number(end);
  if (to < 0 || to > length) throw indexOutOfBounds(to, length);
  if (from > to) throw new Error("invalid argument to function substring: start > end");
  return wide ? text.slice(unitOffset(text, from), unitOffset(text, to)) : text.substring(from, to);
}

/** `text.split(sep, limit)`: at most `limit` parts (negative: all), the last one the unsplit rest, as Go's strings.SplitN. */
export function split(text: string, sep: string, limit?: bigint): string[] {
  const n = limit === undefined ? -1 : Number(limit);
  if (n === 0) return [];
  if (n === 1) return [text];
  const parts = sep === "" ? Array.from(text) : text.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  const rest = parts.slice(n - 1).join(sep);
  parts.length = n - 1;
  parts.push(rest);
  return parts;
}

/** The length (UTF-16 units) of `replace(text, from, to, limit)`, counted without building it. */
export function replacedLength(text: string, from: string, to: string, limit?: bigint): number {
  const n = limit === undefined ? -1 : Number(limit);
  if (n === 0) return text.length;
  let found = from === "" ? codePointLength(text) + 1 : 0;
  if (from !== "") for (let at = text.indexOf(from); at !== -1 && (n < 0 || found < n); at = text.indexOf(from, at + from.length)) found++;
  if (n > 0) found = Math.min(found, n);
  return text.length + found * (to.length - from.length);
}

/**
 * The longest string `replace` builds (the cost limit's 10⁷, as characters): the interpreter has no step
 * budget to charge, and chained replaces would otherwise grow a string until the heap runs out.
 */
export const MAX_BUILT_LENGTH = 10_000_000;

/** Refuses a string longer than MAX_BUILT_LENGTH that `what` would build (its length counted before it is built). */
export function checkBuiltLength(length: number, what: string): void {
  if (length > MAX_BUILT_LENGTH) throw new Error(`cost is over the limit: ${what} would build a string of ${length} characters (at most ${MAX_BUILT_LENGTH.toExponential(0)})`);
}

/** `l + r` of two strings, refused past MAX_BUILT_LENGTH: doubling a string in variables that build on each other is a memory bomb. */
export function concat(l: string, r: string): string {
  checkBuiltLength(l.length + r.length, "+");
  return l + r;
}

/** `list.join(sep)` of strings (an error for any other element, as the strings extension says), refused past MAX_BUILT_LENGTH. */
export function join(items: readonly unknown[], sep: string): string {
  let length = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== "string") throw new Error("invalid argument to function join: list contains non-string value");
    length += item.length + (i > 0 ? sep.length : 0);
  }
  checkBuiltLength(length, "join");
  return items.join(sep);
}

/** `text.replace(from, to, limit)`: the first `limit` occurrences (negative: all), as Go's strings.Replace. */
export function replace(text: string, from: string, to: string, limit?: bigint): string {
  const length = replacedLength(text, from, to, limit);
  checkBuiltLength(length, "replace");
  const n = limit === undefined ? -1 : Number(limit);
  if (n === 0) return text;
  // An empty `from` matches at the start and after each character.
  const pieces = from === "" ? ["", ...Array.from(text), ""] : text.split(from);
  if (n > 0 && pieces.length > n + 1) {
    const rest = pieces.slice(n).join(from);
    pieces.length = n;
    pieces.push(rest);
  }
  return pieces.join(to);
}

const MAX_INT = 9223372036854775807n;
const MIN_INT = -9223372036854775808n;
const MAX_UINT = 18446744073709551615n;

/** `int(s)`: base-10 digits with an optional sign (strconv.ParseInt(s, 10, 64)); no blanks, prefixes or fractions. */
export function parseInt64(text: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(text)) throw new Error(`cannot convert '${text}' to int`);
  const n = BigInt(text);
  if (n < MIN_INT || n > MAX_INT) throw new Error("int overflow during type conversion");
  return n;
}

/** `uint(s)`: base-10 digits, no sign (strconv.ParseUint(s, 10, 64)). */
export function parseUint64(text: string): bigint {
  if (!/^[0-9]+$/.test(text)) throw new Error(`cannot convert '${text}' to uint`);
  const n = BigInt(text);
  if (n > MAX_UINT) throw new Error("uint overflow during type conversion");
  return n;
}

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;

/**
 * `double(s)`: a decimal number, or [+-]inf, [+-]infinity, nan in any case (strconv.ParseFloat); no blanks, no
 * empty string. A number past the largest double (`1e400`) is an error, as ParseFloat's range error is in cel-go,
 * not an infinity nobody wrote; one too small to hold is 0, as there.
 */
export function parseDouble(text: string): number {
  if (DECIMAL.test(text)) {
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error("double overflow during type conversion");
    return value;
  }
  const infinity = INFINITY.exec(text);
  if (infinity) return infinity[1] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  throw new Error(`cannot convert '${text}' to double`);
}

/**
 * `string(double)` as cel-go writes it (Go's `%g`, with the shortest digits that read back as the same double):
 * `+Inf`, `-Inf`, `NaN`, `-0`, and an exponent below 1e-04 and, for a fraction, from 1e+06 up (`1e-05`,
 * `1.2345675e+06`). JavaScript's `String(x)` wrote `Infinity`, `0` and `0.00001`. A whole number below 2^53
 * keeps its digits (`20240101`, where Go writes `2.0240101e+07`): every number of a document is a double here,
 * where cel-go and a Kubernetes admission policy read YAML's `id: 20240101` as an int, and print it so.
 */
export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  if (Number.isSafeInteger(value)) return String(value);
  // toExponential() gives the shortest round-trip digits, as Go's shortest formatting does: `d.ddde±x`.
  const [mantissa, exponentText] = value.toExponential().split("e") as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  // Within that range Go writes plain decimals, as JavaScript does.
  return String(value);
}
