/**
 * Where things live in a catalog (a folder, or the root of a catalog branch):
 *
 *   index.json                          the index, recomputed from the entries on every publish
 *   products/<id>/<version>.json        one entry per product version
 *
 * Ids and versions come from documents, so they are encoded into safe file names: ASCII letters,
 * digits, `-`, `_` and inner `.` stay; any other character (and a leading dot) becomes `~` and its
 * UTF-8 bytes in hex (`a/b` → `a~2fb`). The encoding is reversible and the same on every machine.
 */
export const INDEX_FILE = "index.json";
export const PRODUCTS_DIR = "products";

export function encodeName(text: string): string {
  let out = "";
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const char = String.fromCharCode(byte);
    const safe = /[A-Za-z0-9_-]/.test(char) || (char === "." && i > 0 && i < bytes.length - 1);
    out += safe && byte < 0x80 ? char : `~${byte.toString(16).padStart(2, "0")}`;
  }
  return out === "" ? "~" : out;
}

export function decodeName(name: string): string {
  if (name === "~") return "";
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    if (name[i] === "~") {
      bytes.push(parseInt(name.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(name.charCodeAt(i));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * The longest encoded name a catalog takes: file systems hold names of at most 255 bytes (ext4, APFS, NTFS), and
 * the longest name made of one is the site's `products/<id>.html` or the entry `<version>.json` (5 more bytes).
 */
export const MAX_ENCODED_NAME = 250;

/**
 * How long `text` (a product id or version) is as a catalog file name when that is longer than file systems take,
 * else undefined. `encodeName` writes a character other than an ASCII letter or digit, `-`, `_` or `.` as three bytes
 * per byte of its UTF-8, so 28 Chinese characters are already too long.
 */
export function nameTooLong(text: string): number | undefined {
  const length = encodeName(text).length;
  return length > MAX_ENCODED_NAME ? length : undefined;
}

/** `products/<id>/<version>.json`, with `/` separators (also the path inside a git tree). */
export function entryPath(productId: string, version: string): string {
  return `${PRODUCTS_DIR}/${encodeName(productId)}/${encodeName(version)}.json`;
}

/** A product id and version read back from a catalog path (`products/<id>/<version>.json`, or a product folder `products/<id>`). */
export interface EntryLocation {
  productId: string;
  /** Undefined for a whole product folder. */
  version?: string;
}

/** The product (and version) a catalog path is the entry or folder of, whatever the file holds; undefined for any other path. */
export function entryLocation(path: string): EntryLocation | undefined {
  const match = /^products\/([^/]+)(?:\/([^/]+)\.json)?$/.exec(path);
  if (!match) return undefined;
  return { productId: decodeName(match[1]!), ...(match[2] !== undefined ? { version: decodeName(match[2]) } : {}) };
}
