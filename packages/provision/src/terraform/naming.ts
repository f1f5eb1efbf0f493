/**
 * Names on the targets, from the model's validated identifiers (letters, digits, `_`). Each target
 * folds or restricts them differently: Glue lower-cases, Snowflake reads unquoted names upper-case,
 * S3 buckets and GCP service accounts allow no `_`, BigQuery labels only `[a-z0-9_-]`. Every function
 * is deterministic; where a name has to be shortened a hash of the whole name keeps it unique.
 * Collisions after folding are caught by the module's claims, not here.
 */
import { createHash } from "node:crypto";

/** A Terraform label from identifier parts: `customer_customer_360_customer_profiles`. */
export function label(...parts: string[]): string {
  return parts.join("_");
}

export function shortHash(value: string, length = 6): string {
  return createHash("sha256").update(value).digest("hex").slice(0, length);
}

/** `supply_chain` → `supply-chain`: lower case, `_` as `-`, no leading, trailing or doubled `-`. */
export function dnsSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/** A label part from any value (a tag value): lower-case `[a-z0-9_]`, with a hash when that changed it. */
export function labelPart(value: string): string {
  const slug = value.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  const safe = /^[a-z_]/.test(slug) ? slug : `v_${slug}`;
  return safe === value ? safe : `${safe}_${shortHash(value)}`;
}

/**
 * A GCP service account id (6–30 characters, `[a-z]([-a-z0-9]*[a-z0-9])`): `dp-<domain>-<product>`,
 * shortened with a hash of the full name when longer than 30.
 */
export function serviceAccountId(domain: string, product: string): string {
  const full = `dp-${dnsSlug(`${domain}-${product}`)}`;
  if (full.length <= 30) return full.length >= 6 ? full : `${full}-sa`.slice(0, 30);
  return `${full.slice(0, 23).replace(/-+$/, "")}-${shortHash(`${domain}/${product}`)}`;
}

/** A BigQuery label value: lower case, `[a-z0-9_-]`, at most 63 characters. */
export function bigqueryLabelValue(value: string): string {
  const cleaned = value.toLowerCase().replace(/[^a-z0-9_-]/g, "_");
  return cleaned.length <= 63 ? cleaned : `${cleaned.slice(0, 56)}_${shortHash(value)}`;
}

/** Snowflake reads unquoted identifiers upper-case; the provider quotes, so names are written upper-case. */
export function snowflakeName(name: string): string {
  return name.toUpperCase();
}

/** Glue (and Athena) keep database, table and column names lower-case. */
export function glueName(name: string): string {
  return name.toLowerCase();
}

/**
 * Text as Glue's catalog API takes it, whose strings match a pattern and fail the apply otherwise
 * (docs.aws.amazon.com/glue/latest/webapi/API_TableInput.html, API_Column.html): a table's description its
 * multi-line one (`[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*`), a column's comment its
 * single-line one (the same without `\r` and `\n`). In a single line, a line break and the blanks around it
 * become one space (the text reads on as one paragraph; blank lines and the blanks at either end go). Any
 * other character outside the pattern (NUL and the other control characters, U+FFFE, U+FFFF, a lone
 * surrogate) becomes U+FFFD, as NUL does on PostgreSQL and DuckDB.
 */
export function glueText(text: string, lines: "single" | "multi"): string {
  // Lines split and joined (linear), not one pattern around each break, which would backtrack over long runs of blanks.
  const folded = lines === "single" ? text.split(/\r\n|[\r\n]/).map((line) => line.trim()).filter((line) => line !== "").join(" ") : text;
  return folded.replace(/[^\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}\t\r\n]/gu, "\uFFFD");
}

/** At most `max` characters, cut at a character boundary with `...`; Glue and AWS limit comments. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 3).join("")}...`;
}
