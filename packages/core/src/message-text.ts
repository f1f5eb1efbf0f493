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
 * A URL a user wrote that the URL parser refused, without its user and password: everything up to its last `@`
 * after the scheme's `//` (from the start without them) is replaced by `by`. withoutUrlCredentials ends a userinfo
 * where a valid URL's ends, at `/`, `?`, `#` or `\`; but a password pasted into a URL unencoded may hold
 * any of them (`http://u:pa#ss@host`), which is often why the parser refused it: that would show the password.
 */
export function withoutUnparsedUrlCredentials(url: string, by = ""): string {
  const at = url.lastIndexOf("@");
  if (at < 0) return url;
  const scheme = /^\s*[a-z][a-z0-9+.-]*:[/\\]{2,}/i.exec(url)?.[0] ?? "";
  return `${scheme}${by}${url.slice(at + 1)}`;
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
 * YAML's `.inf`, `-.inf` or `.nan` in a quality rule's value list (`arguments.<name>`), as a reason the list
 * cannot be read: JSON has no such number (ODCS is a JSON Schema). As text (`'Infinity'`, `'NaN'`) a number
 * column reads it as that number. Lint and contract-test say it alike; undefined when the list has none.
 */
export function nonJsonNumberIn(name: string, list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const value = list.find((item): item is number => typeof item === "number" && !Number.isFinite(item));
  if (value === undefined) return undefined;
  return `arguments.${name} has ${yamlNumberText(value)}, which JSON (and so ODCS) cannot hold: write it as text, '${String(value)}', which a number column reads as that number`;
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

/**
 * Characters a reader cannot see, or that change how the text around them reads: controls other than line
 * breaks and the tab (which shows as the space it makes, and may stand in a query a message quotes), format characters (zero-width space and joiners, the bidirectional marks, embeddings,
 * overrides and isolates, a byte order mark, a soft hyphen), the other default-ignorable code points
 * (variation selectors, fillers), spaces other than U+0020 (a no-break space looks like one), line and
 * paragraph separators, and lone surrogates.
 */
// eslint-disable-next-line no-control-regex -- control characters are among what it finds
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\p{Cf}\p{Zs}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * `message` with each invisible character (INVISIBLE) written as its escape (`\u200b`), the ASCII space
 * left as it is: a value that differs from what its author sees (`active` and a zero-width space, a no-break
 * space inside a name, a byte order mark pasted into a value) was quoted as the author sees it, so "`active`
 * is not a standard status; did you mean `active`?" gave no clue. Reporters drop controls and bidirectional
 * overrides, which hid such a character altogether.
 */
export function withInvisiblesShown(message: string): string {
  return invisiblesShown(message, (ch) => ch === " ");
}

/**
 * Characters INVISIBLE holds that written prose uses as they are: spaces (a no-break space before a French
 * `:`, a narrow one between thousands, CJK's ideographic space), the zero-width non-joiner and joiner (Persian,
 * Arabic and Indic scripts part or join letters with them), the bidirectional marks (right-to-left text beside
 * Latin), a soft hyphen and the variation selectors (an ideograph's variant). Controls, a zero-width space, a
 * byte order mark, the word joiner and bidirectional embeddings, overrides and isolates are none of these.
 */
const PROSE_CHARACTER = /^(?:[\p{Zs}\u00ad\u061c\u200c\u200e\u200f]|\u200d|[\ufe00-\ufe0f]|[\u{e0100}-\u{e01ef}])$/u;

/**
 * A message whose text a user wrote (a policy's `message`, or the text its `messageExpression` made): each
 * value it quotes in backticks or double quotes shown as withInvisiblesShown shows it (a name with a no-break
 * space is not the name it looks like), the author's own text as written but for the characters no prose
 * needs (see PROSE_CHARACTER): "Attention : colonne `email`" kept its no-break space before the colon, which
 * read "Attention\u00a0: …", and a Persian or Hindi message its joiners.
 */
export function withAuthoredInvisiblesShown(message: string): string {
  return mapQuotedSpans(
    message,
    (inner) => withInvisiblesShown(inner),
    (text) => invisiblesShown(text, (ch) => PROSE_CHARACTER.test(ch)),
  );
}

/** `text` with each invisible character written as its escape, but emoji sequences and the characters `kept` says to keep. */
function invisiblesShown(text: string, kept: (ch: string) => boolean): string {
  return text.replace(INVISIBLE_OR_EMOJI, (ch, emoji: string | undefined) => (emoji !== undefined || kept(ch) ? ch : codePointEscape(ch.codePointAt(0)!)));
}

/**
 * An emoji sequence, whose variation selector (U+FE0F), joiner (U+200D) or tag characters are part of a
 * symbol that shows (`⚠️`, `👨‍👩‍👧`, `1️⃣`, a subdivision flag): kept as written, not escaped as an invisible
 * character would be (a policy message "⚠️ PII needs masking" read "⚠\ufe0f PII needs masking").
 */
const EMOJI_SEQUENCE = /\p{Extended_Pictographic}[\u{FE0E}\u{FE0F}\p{Emoji_Modifier}]?(?:[\u{E0020}-\u{E007E}]+\u{E007F}|(?:\u{200D}\p{Extended_Pictographic}[\u{FE0E}\u{FE0F}\p{Emoji_Modifier}]?)*)|[0-9#*]\u{FE0F}\u{20E3}/u;
const INVISIBLE_OR_EMOJI = new RegExp(`(${EMOJI_SEQUENCE.source})|${INVISIBLE.source}`, "gu");

/** Whether `text` holds a character withInvisiblesShown writes as an escape. */
export function hasInvisibles(text: string): boolean {
  return withInvisiblesShown(text) !== text;
}

function codePointEscape(code: number): string {
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** The longest value a message quotes whole; past it, a one-line message would be mostly the value. */
export const MAX_QUOTED_CHARS = 200;

/**
 * `message` with each value it quotes (and each unquoted word) cut to MAX_QUOTED_CHARS characters (`NNNN…`):
 * a name, key or value of 200,000 characters made a finding's message 400,000 (quoted, then quoted again as
 * the fix), which filled a PR comment's 65,536 characters alone (so the comment showed no finding) and each
 * CI log line. The finding points at the node, where the whole value is.
 */
export function withLongQuotesCut(message: string): string {
  // (most messages are shorter than one value may be: nothing to look for)
  if (message.length <= MAX_QUOTED_CHARS) return message;
  return quotedSpansCut(message).replace(LONG_WORD, (word) => cutAt(word, false));
}

/** Each backtick-quoted span (`value`) and JSON-quoted one ("value", `\"` inside it) cut past the limit. */
function quotedSpansCut(message: string): string {
  return mapQuotedSpans(
    message,
    (inner, quote) => (inner.length > MAX_QUOTED_CHARS ? cutAt(inner, quote === '"') : inner),
    (text) => text,
  );
}

/**
 * `message` with the text of each backtick-quoted span (`value`) and JSON-quoted one ("value", `\"` inside it)
 * replaced by `quoted` of it, and the text around them by `unquoted` of it, in one pass that pairs quotes as
 * written (the text between two values is no value) and never looks past an unclosed quote twice.
 */
function mapQuotedSpans(message: string, quoted: (inner: string, quote: string) => string, unquoted: (text: string) => string): string {
  let out = "";
  let from = 0;
  let at = 0;
  let quotesClose = true;
  while (at < message.length) {
    const ch = message[at]!;
    if (ch !== "`" && !(ch === '"' && quotesClose)) {
      at++;
      continue;
    }
    const close = ch === "`" ? message.indexOf("`", at + 1) : closingQuote(message, at + 1);
    if (close < 0) {
      // No quote of this kind closes after here: the rest holds no span of it.
      if (ch === "`") break;
      quotesClose = false;
      at++;
      continue;
    }
    out += `${unquoted(message.slice(from, at))}${ch}${quoted(message.slice(at + 1, close), ch)}${ch}`;
    from = at = close + 1;
  }
  return out + unquoted(message.slice(from));
}

/** Where the JSON string whose text starts at `from` ends (its closing `"`), or -1. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** A name a message lists unquoted (`objects: orders, customers`), as long as no quoted value may be. */
const LONG_WORD = new RegExp(`[^\\s\`",;()]{${MAX_QUOTED_CHARS + 1},}`, "g");

/** The first MAX_QUOTED_CHARS - 1 characters and `…`, never half of a surrogate pair (nor, in JSON, of an escape). */
function cutAt(text: string, json: boolean): string {
  let head = text.slice(0, MAX_QUOTED_CHARS - 1);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  // An escape cut in two (`\`, `\u00`) is left out whole.
  const partial = json ? /(?<!\\)(?:\\\\)*(\\(?:u[0-9a-fA-F]{0,3})?)$/.exec(head) : null;
  if (partial) head = head.slice(0, head.length - partial[1]!.length);
  return `${head}…`;
}

/**
 * A path as a POSIX shell word: as is when it is plain, else single-quoted (a command printed to be pasted into a shell).
 * A relative path starting with `-` is written `./-…`: quotes would not stop the command it is given to (`duckdb`,
 * `cd`, `git add`) from reading it as an option.
 */
export function shellQuote(path: string): string {
  const word = path.startsWith("-") ? `./${path}` : path;
  return /^[\w./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
