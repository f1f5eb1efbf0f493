/**
 * The user and password written in a URL (`https://user:p%40ss@host`), as HTTP Basic sends them.
 *
 * `URL` keeps them percent-encoded, and a `%` not followed by two hex digits (`p%ss`) stays as written:
 * `decodeURIComponent` throws on it, which turned a hand-typed password into meshkit's "internal error".
 * WHATWG's percent-decode leaves such a `%` as it is, and decodes the rest byte by byte as UTF-8.
 */
export function urlCredentials(url: URL): { username: string; password: string } {
  return { username: percentDecode(url.username), password: percentDecode(url.password) };
}

/** WHATWG URL "percent-decode": each `%XX` (two hex digits) is that byte, anything else itself; the bytes read as UTF-8. */
export function percentDecode(text: string): string {
  if (!text.includes("%")) return text;
  const bytes: number[] = [];
  for (const byte of Buffer.from(text, "utf8")) bytes.push(byte);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const hex = bytes[i] === 0x25 && i + 2 < bytes.length ? String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!) : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      out.push(bytes[i]!);
    }
  }
  return Buffer.from(out).toString("utf8");
}
