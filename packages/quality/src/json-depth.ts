import { scanFileChunks } from "./file-chunks.js";

/**
 * The deepest a JSON data file's values may nest. DuckDB's JSON reader recurses per level: a record
 * nested some 10,000 levels deep crashed the whole process (a segmentation fault, no finding, no exit
 * code meshkit sets). Real data nests a few levels; this leaves room for far more and stays far from that.
 */
export const MAX_JSON_DATA_DEPTH = 1000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** The UTF-8 byte order mark, which a file may start with (DuckDB's reader skips it): no part of the first value. */
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** JSON's whitespace: space, tab, line feed, carriage return. */
const isWhitespace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === NEWLINE || byte === 0x0d;

/**
 * Where an uncompressed JSON (or JSON lines) file first nests deeper than `limit` levels, as its 1-based
 * line; undefined when it never does, or cannot be read (the reader then says why). One streaming pass
 * over the bytes, brackets inside strings not counted, in bounded memory whatever the file's size.
 *
 * Only a value that parses reaches DuckDB's recursion: where the text stops being JSON (a bracket where no value
 * may start, as after a line cut short: `{"id": 1, "amount": 5` and the next line's `{`; a line break inside a
 * string; a bracket closing another kind), the levels open there are no value's, and counting starts again. A line
 * cut right after `:`, `[` or `,` leaves a place where the next line's `{` may start a value (a record may be
 * pretty-printed over many lines), so a value is too deep only once it is closed: one the file ends inside, or
 * that stops being JSON, never parses. A record is a value at the top, or an item of the array the file is (the
 * reader parses those one by one). So malformed JSON lines do not add up to "too deep": the reader says what is
 * wrong with them instead. Past `limit` levels the brackets are counted, not told apart by kind (bounded memory).
 */
export function jsonNestedBeyond(path: string, limit = MAX_JSON_DATA_DEPTH): { line: number } | undefined {
  // The open brackets, innermost last (the first `depth` entries, up to `limit + 1` of them).
  const open = new Uint8Array(limit + 1);
  let depth = 0;
  let line = 1;
  let inString = false;
  let escaped = false;
  // The last byte outside strings and whitespace (a string's closing quote for a string); 0 at the start.
  let last = 0;
  // The depth of the file's records: 1 in a file that is one array (its items), else 0.
  let recordDepth: number | undefined;
  // Where the open record first nested deeper than `limit`; reported once the record closes.
  let deepAt: number | undefined;
  // The bytes of a byte order mark read at the file's start; -1 past it (or once a byte is not the mark's next one).
  let bom = 0;
  const restart = () => {
    depth = 0;
    deepAt = undefined;
  };
  return scanFileChunks(path, (buffer, read) => {
    for (let i = 0; i < read; i++) {
      const byte = buffer[i]!;
      if (bom >= 0) {
        // (else an array file read as one record: its items' depth told only once the whole array closed)
        if (byte === UTF8_BOM[bom]) {
          bom = bom + 1 === UTF8_BOM.length ? -1 : bom + 1;
          continue;
        }
        bom = -1;
      }
      if (byte === NEWLINE) line++;
      if (inString) {
        if (byte === NEWLINE) {
          // No JSON string holds a line break: this one was never closed (a line cut short).
          inString = false;
          escaped = false;
          restart();
        } else if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
        continue;
      }
      if (isWhitespace(byte)) continue;
      recordDepth ??= byte === OPEN_ARRAY ? 1 : 0;
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
        // A value starts after `[` or `,` in an array, after `:` in an object; anywhere else the text is no JSON.
        const kind = depth > 0 ? (depth <= limit ? open[depth - 1] : undefined) : undefined;
        const valueMayStart = kind === OPEN_ARRAY ? last === OPEN_ARRAY || last === COMMA : kind === OPEN_OBJECT ? last === COLON : last === OPEN_ARRAY || last === COMMA || last === COLON;
        if (depth > 0 && !valueMayStart) restart();
        if (depth <= limit) open[depth] = byte;
        if (++depth > limit) deepAt ??= line;
      } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
        if (depth > limit) depth--;
        else if (depth > 0) {
          if (open[depth - 1] === (byte === CLOSE_ARRAY ? OPEN_ARRAY : OPEN_OBJECT)) depth--;
          else restart();
        }
        if (deepAt !== undefined && depth <= recordDepth) return { line: deepAt };
      }
      last = byte;
    }
    return undefined;
  });
}
