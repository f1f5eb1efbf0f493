import { isMapping, toPointer, type PathSegment } from "@meshkit/core";

/** One instance a configuration block's `count` or `for_each` makes, as a policy reads it. */
export interface StaticInstance {
  /** The instance key as an address writes it: `["raw"]`, `[0]`. */
  key: string;
  /** Where the instance comes from: its `for_each` map entry, or the block's `count`/`for_each`. */
  path: string;
  /** An RE2 pattern of an index naming this instance in an expression (`["raw"]`, `[ 0 ]`). */
  pattern: string;
}

/** The instances of a configuration JSON resource block, as far as they are known before plan. */
export interface StaticInstances {
  /** `count`, `for_each`, or '' for a block that makes one object. */
  repeatedBy: "count" | "for_each" | "";
  /** Each instance, when they are known (empty for a single object, `count = 0` or an empty map). */
  instances: StaticInstance[];
  /** False when `count`/`for_each` is an expression meshkit cannot evaluate (`${var.buckets}`). */
  instancesKnown: boolean;
}

/**
 * Instances past this many are not listed (a literal `count = 100000` would otherwise make a policy
 * walk them all): the block is read as one whose instances are not known.
 */
export const MAX_STATIC_INSTANCES = 1000;

const SINGLE: StaticInstances = { repeatedBy: "", instances: [], instancesKnown: true };

function escapeRe2(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}

function instance(key: string | number, at: PathSegment[]): StaticInstance {
  const index = typeof key === "number" ? String(key) : JSON.stringify(key);
  return { key: `[${index}]`, path: toPointer(at), pattern: `\\[ *${escapeRe2(index)} *\\]` };
}

/** A string of a JSON configuration that is a literal, not a template: no `${` or `%{` in it. */
function isLiteralString(value: unknown): value is string {
  return typeof value === "string" && !/[$%]\{/.test(value);
}

/** `"${toset(["a", "b"])}"`: a literal set of strings written as an expression. */
function literalStringSet(text: string): string[] | undefined {
  const inner = /^\$\{\s*toset\(\s*\[(.*)\]\s*\)\s*\}$/s.exec(text)?.[1];
  if (inner === undefined || !/^(\s*"[^"\\$%]*"\s*,?)*\s*$/.test(inner)) return undefined;
  return [...inner.matchAll(/"([^"\\$%]*)"/g)].map((m) => m[1]!);
}

/**
 * Which instances a resource block of Terraform JSON configuration makes, read from a literal `count`
 * (a number, or a string of digits: Terraform JSON reads `"3"` as a template that converts to 3) or a
 * literal `for_each` (a map with literal keys, a list of literal strings, or a `toset([...])` of them).
 * So a rule can judge each instance (`aws_s3_bucket.lake["raw"]`) rather than the block, and say when
 * it cannot (`for_each = var.zones`: known at plan).
 */
export function staticInstances(block: unknown, at: PathSegment[]): StaticInstances {
  if (!isMapping(block)) return SINGLE;
  const unknown = (repeatedBy: "count" | "for_each"): StaticInstances => ({ repeatedBy, instances: [], instancesKnown: false });
  if (block.count !== undefined && block.count !== null) {
    // A document's whole numbers are bigints (CEL ints), its others numbers.
    const count = typeof block.count === "number" || typeof block.count === "bigint" ? Number(block.count) : typeof block.count === "string" && /^\s*\d+\s*$/.test(block.count) ? Number(block.count) : NaN;
    if (!Number.isInteger(count) || count < 0 || count > MAX_STATIC_INSTANCES) return unknown("count");
    return { repeatedBy: "count", instances: Array.from({ length: count }, (_, i) => instance(i, [...at, "count"])), instancesKnown: true };
  }
  const forEach = block.for_each;
  if (forEach === undefined || forEach === null) return SINGLE;
  let keys: { key: string; at: PathSegment[] }[] | undefined;
  if (isMapping(forEach)) keys = Object.keys(forEach).map((key) => ({ key, at: [...at, "for_each", key] }));
  else if (Array.isArray(forEach)) keys = forEach.every(isLiteralString) ? forEach.map((key) => ({ key, at: [...at, "for_each"] })) : undefined;
  else if (typeof forEach === "string") keys = literalStringSet(forEach)?.map((key) => ({ key, at: [...at, "for_each"] }));
  if (!keys || keys.length > MAX_STATIC_INSTANCES || !keys.every((k) => isLiteralString(k.key))) return unknown("for_each");
  // A set's duplicates are one instance.
  const unique = [...new Map(keys.map((k) => [k.key, k])).values()];
  return { repeatedBy: "for_each", instances: unique.map((k) => instance(k.key, k.at)), instancesKnown: true };
}
