/** Reading contract values defensively: a contract under test may not be schema-valid. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

/** `{ [key]: value }` when value is defined, `{}` otherwise: optional fields stay absent, not `undefined`. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export { contractPattern } from "@meshkit/core";

/**
 * The source text of the contract value at a JSON pointer, as written (LoadedDocument.sourceAt): YAML and
 * JSON read a whole number beyond 2^53 into the nearest double (9007199254740993 becomes …992), while
 * its text is exact.
 */
export type SourceText = (pointer: string) => string;

/** A whole number as YAML 1.2 (core schema) and JSON write one: decimal, or `0x…` / `0o…`. */
const INTEGER_TEXT = /^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$/;

/** Integers DuckDB binds exactly (HUGEINT); beyond, a double is all the runners take. */
const HUGEINT_LIMIT = 2n ** 127n;

/**
 * A number written with more significant digits than a double holds (`12345678901234567890123456.1234567891`,
 * which a double rounds to 1.2345678901234568e+25): its exact decimal text, without an exponent, leading or
 * trailing zeros. Engines compare it as an exact decimal (PostgreSQL's numeric, DuckDB's DECIMAL).
 */
export class ExactDecimal {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/**
 * `value` as the contract wrote it at `pointer`: a whole number beyond 2^53 is the exact BigInt of its
 * source text (so `minimum: 9007199254740993` is compared as that number, not …992), and a number with a
 * fraction or exponent whose text says more than its double the ExactDecimal of that text; anything else,
 * and a whole number beyond HUGEINT, is the value as read.
 */
export function exactNumber(value: unknown, pointer: string, sourceAt: SourceText | undefined): unknown {
  if (typeof value !== "number" || !Number.isFinite(value) || !sourceAt) return value;
  const text = sourceAt(pointer).trim();
  if (!Number.isSafeInteger(value) && Number.isInteger(value) && INTEGER_TEXT.test(text)) {
    const exact = text.startsWith("-") ? -BigInt(text.slice(1)) : BigInt(text.replace(/^\+/, ""));
    // The text must be the number read (a pointer that resolved to another node is not).
    if (Number(exact) !== value || exact >= HUGEINT_LIMIT || -exact >= HUGEINT_LIMIT) return value;
    return exact;
  }
  const decimal = exactDecimal(text);
  return decimal !== undefined && Number(decimal.text) === value ? decimal : value;
}

/** Sign, significant digits (no leading or trailing zeros) and exponent of decimal text: 0.<digits> × 10^exponent. */
function decimalParts(text: string): { negative: boolean; digits: string; exponent: number } | undefined {
  const match = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!match || match[2]! + (match[3] ?? "") === "") return undefined;
  const all = match[2]! + (match[3] ?? "");
  const leading = all.length - all.replace(/^0+/, "").length;
  const digits = all.slice(leading).replace(/0+$/, "");
  return { negative: match[1] === "-" && digits !== "", digits, exponent: digits === "" ? 0 : match[2]!.length + Number(match[4] ?? 0) - leading };
}

/** Exponents beyond this are no decimal a warehouse holds: such a number stays the double it reads as. */
const DECIMAL_EXPONENT_LIMIT = 1000;

/**
 * The exact decimal that text with a fraction or an exponent spells (`' 1.50 '`, `1e-3`), when the nearest
 * double is another number (it has more significant digits than a double holds); undefined when the double
 * is exact as written (`0.1`, `1.50`: engines read the double's shortest text as the same number), for
 * whole numbers (see exactNumber) and for text that is no number.
 */
export function exactDecimal(text: string): ExactDecimal | undefined {
  const trimmed = text.trim();
  const parts = /[.eE]/.test(trimmed) ? decimalParts(trimmed) : undefined;
  const number = Number(trimmed);
  if (!parts || !Number.isFinite(number) || Math.abs(parts.exponent) > DECIMAL_EXPONENT_LIMIT) return undefined;
  const double = decimalParts(String(number))!;
  return double.digits === parts.digits && double.exponent === parts.exponent ? undefined : new ExactDecimal(plainDecimal(parts));
}

/** A finite number as an exact decimal: the digits of its shortest text (1e+21 is 1000000000000000000000). */
export function decimalOfNumber(value: number | bigint): ExactDecimal {
  return new ExactDecimal(plainDecimal(decimalParts(typeof value === "bigint" ? value.toString() : String(value))!));
}

/** Decimal parts as text without an exponent. */
function plainDecimal({ negative, digits, exponent }: { negative: boolean; digits: string; exponent: number }): string {
  const plain =
    digits === "" ? "0" : exponent <= 0 ? `0.${"0".repeat(-exponent)}${digits}` : exponent >= digits.length ? `${digits}${"0".repeat(exponent - digits.length)}` : `${digits.slice(0, exponent)}.${digits.slice(exponent)}`;
  return `${negative ? "-" : ""}${plain}`;
}

/**
 * The exact decimal text of a number written as text (`'9007199254740993'`, a PostgreSQL numeric, DuckDB's
 * HUGEINT or DECIMAL as JSON), when its double is another number: a whole number beyond 2^53, or a number
 * with more significant digits than a double holds. Undefined when the double is the number (`'5'`, `'0.1'`)
 * and for text that is no decimal number.
 */
export function exactNumberText(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^[-+]?\d+$/.test(trimmed)) {
    const exact = BigInt(trimmed.replace(/^\+/, ""));
    return Number.isSafeInteger(Number(exact)) ? undefined : exact.toString();
  }
  return exactDecimal(trimmed)?.text;
}

/** The written number a comparator or list value is exactly (see exactNumber and exactNumberText), as decimal text; undefined when its double is it. */
export function exactWrittenNumber(value: unknown, pointer: string, sourceAt: SourceText | undefined): string | undefined {
  if (typeof value === "string") return exactNumberText(value);
  const exact = exactNumber(value, pointer, sourceAt);
  return typeof exact === "bigint" || exact instanceof ExactDecimal ? exact.toString() : undefined;
}

/** -1, 0 or 1 as decimal text `a` is below, equal to or above `b` (plain decimals, as decimalOfNumber and exactNumberText write them). */
export function compareDecimalText(a: string, b: string): -1 | 0 | 1 {
  const parse = (text: string) => {
    const negative = text.startsWith("-");
    const [whole = "", fraction = ""] = text.replace(/^[-+]/, "").split(".");
    return { negative, whole: whole.replace(/^0+/, ""), fraction: fraction.replace(/0+$/, "") };
  };
  const [x, y] = [parse(a), parse(b)];
  const scale = Math.max(x.fraction.length, y.fraction.length);
  const scaled = ({ negative, whole, fraction }: ReturnType<typeof parse>) => (negative ? -1n : 1n) * BigInt(`${whole}${fraction.padEnd(scale, "0")}` || "0");
  const [m, n] = [scaled(x), scaled(y)];
  return m < n ? -1 : m > n ? 1 : 0;
}

/** Digits of an exact decimal's text before and after its point: the DECIMAL(precision, scale) that holds it. */
export function decimalDigits(text: string): { precision: number; scale: number } {
  const [whole = "", fraction = ""] = text.replace(/^-/, "").split(".");
  const integer = whole.replace(/^0+/, "").length;
  return { precision: Math.max(integer + fraction.length, fraction.length + 1), scale: fraction.length };
}
