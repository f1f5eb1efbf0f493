import { compareText } from "@meshkit/core";

/**
 * Canonical JSON for catalog files: keys sorted at every level, two-space indent, a final newline.
 * The same value always gives the same bytes, so re-publishing unchanged content rewrites nothing
 * and a catalog repository's diffs show only what changed.
 */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/**
 * A copy of `value` with every object's keys in code-point order (arrays keep their order). Recursive,
 * as JSON.stringify is: what reaches it is depth-bounded where it is read (documents by core, entries
 * and results files by catalog-file.ts).
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareText)) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) sorted[key] = sortKeys(child);
  }
  return sorted;
}

/** Locale-independent string order (code units), the same on every machine: core's, shared by the catalog. */
export { compareText };
