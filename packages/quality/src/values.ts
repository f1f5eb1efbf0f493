/** Reading contract values defensively: a contract under test may not be schema-valid. */
import { ecmaPatternToRe2 } from "./patterns.js";

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

/**
 * A contract's pattern (ECMA-262, checked with JS RegExp) as meshkit runs it (RE2 syntax; see
 * ecmaPatternToRe2), or why it cannot run: every engine gets it rewritten from there.
 */
export function contractPattern(pattern: unknown): { pattern: string } | { problem: string } {
  if (typeof pattern !== "string" || pattern === "") return { problem: "must be a non-empty regular expression" };
  try {
    new RegExp(pattern);
  } catch (error) {
    return { problem: `is not a valid regular expression (${(error as Error).message})` };
  }
  const translated = ecmaPatternToRe2(pattern);
  if ("unsupported" in translated) return { problem: `uses ${translated.unsupported}, which the engines (RE2, PostgreSQL, Java) cannot run: rewrite the pattern without it` };
  return translated;
}

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
 * `value` as the contract wrote it at `pointer`: a whole number beyond 2^53 is the exact BigInt of its
 * source text (so `minimum: 9007199254740993` is compared as that number, not …992); anything else, and a
 * number whose text is not a whole number (`1e19`) or beyond HUGEINT, is the value as read.
 */
export function exactNumber(value: unknown, pointer: string, sourceAt: SourceText | undefined): unknown {
  if (typeof value !== "number" || !Number.isInteger(value) || Number.isSafeInteger(value) || !sourceAt) return value;
  const text = sourceAt(pointer).trim();
  if (!INTEGER_TEXT.test(text)) return value;
  const exact = text.startsWith("-") ? -BigInt(text.slice(1)) : BigInt(text.replace(/^\+/, ""));
  // The text must be the number read (a pointer that resolved to another node is not).
  if (Number(exact) !== value || exact >= HUGEINT_LIMIT || -exact >= HUGEINT_LIMIT) return value;
  return exact;
}
