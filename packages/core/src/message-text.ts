/**
 * Text that goes into a one-line error message: what a server answered, a URL a user wrote, a git
 * remote. Messages are printed and kept in CI logs, so a URL's user and password never reach them.
 */

/** Collapses every run of whitespace (line breaks too) to one space, trimmed, cut at `max` characters with `…`. */
export function oneLine(text: string, max = Number.POSITIVE_INFINITY): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * A URL's userinfo: a scheme, its slashes (WHATWG reads `\` as `/` in special schemes), then everything
 * up to the **last** `@` of the authority, since a password may hold an `@` (`https://u:p@ss@host` must
 * not leave `ss@`). At the start of the text the slashes may be missing, as the URL parser accepts
 * `http:user:pw@host`; elsewhere in a message they are required, so that `note:a@b` stays as written.
 */
const URL_USERINFO = /(^\s*[a-z][a-z0-9+.-]*:[/\\]*|\b[a-z][a-z0-9+.-]*:[/\\]+)[^/?#\\\s]*@/gi;

/**
 * Every URL in `text` without its user and password: `https://user:token@host/x` → `https://host/x`, or
 * with `by` in their place (`"***@"` shows that there were some). For text that may not parse as a URL.
 */
export function withoutUrlCredentials(text: string, by = ""): string {
  return text.replace(URL_USERINFO, `$1${by}`);
}

/**
 * A number as a YAML document writes it: `.nan`, `.inf` or `-.inf` for what JavaScript prints as `NaN` or
 * `Infinity` (a message quoting the contract should quote what the user wrote, which has no JSON spelling).
 */
export function yamlNumberText(value: number): string {
  if (Number.isNaN(value)) return ".nan";
  if (!Number.isFinite(value)) return value > 0 ? ".inf" : "-.inf";
  return String(value);
}

/**
 * A value as the document wrote it, for a one-line message: its source text when that is one line (`1.0`,
 * `[1, 2]`, `{major: 1}`: what the user typed), JSON when the source spans lines (a block list or mapping,
 * `- 1` on a line of its own) or is missing.
 */
export function writtenOnOneLine(value: unknown, source: string | undefined): string {
  const text = source?.trim() ?? "";
  return text !== "" && !/[\r\n]/.test(text) ? text : JSON.stringify(value);
}
