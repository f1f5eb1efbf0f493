import { scanFileChunks } from "./file-chunks.js";

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;

/**
 * How a CSV file is quoted, as DuckDB's CSV reader read it: the quote, escape and comment characters as single bytes
 * (DuckDB takes no longer ones), undefined for none; the delimiter as written (DuckDB takes up to 4 bytes: `||`).
 */
export interface CsvQuoting {
  quote?: number;
  escape?: number;
  comment?: number;
  delimiter?: string;
}

/**
 * The 1-based line of a CSV file on which its `row`-th row starts, counting rows as DuckDB's CSV reader does in
 * its errors (`CSV Error on Line: 25001`): every line break outside a quoted field ends a row (a blank line is a
 * row too, the header is row 1), while one inside a quoted field (`"line one⏎line two"`) does not. So a file with
 * ten such fields above a bad row has it ten lines below the row number DuckDB names. A line break is `\n`,
 * `\r\n` or a lone `\r`, one line in either count. As DuckDB reads them, a quote opens a field only where the field
 * starts (after spaces at most: `5" tall` is a value, not a quoted field), and a comment runs from its character
 * outside a quoted field to the line's end. A file starting with UTF-16 little-endian's byte order mark is read in
 * its 2-byte units (`Т`, U+0422, is the bytes `22 04`: no quote). Undefined when the file cannot be read or has
 * fewer rows. One streaming pass over the bytes up to that row, in bounded memory.
 */
export function csvLineOfRow(path: string, row: number, quoting: CsvQuoting): number | undefined {
  if (!Number.isSafeInteger(row) || row < 1) return undefined;
  let line = 1;
  let rowsEnded = 0;
  let quoted = false;
  // The unit after an escape inside a quoted field is the field's own (an escaped quote: `\"`).
  let escaped = false;
  // Right after a quoted field closed: a quote there is a doubled one (`""`), the field's own, and opens it again.
  let justClosed = false;
  let fieldStart = true;
  let inComment = false;
  let afterCarriageReturn = false;
  // UTF-16 little-endian (decided by the first chunk's byte order mark): units of 2 bytes, the first one (the mark) skipped.
  let unitBytes: 1 | 2 | undefined;
  let pendingByte: number | undefined;
  let delimiter: number[] = [];
  // The last units outside quoted fields, as many as the delimiter has less one, to match a delimiter of several.
  const recent: number[] = [];
  const visit = (unit: number): boolean => {
    if (rowsEnded === row - 1) return true;
    const lineBreak = unit === CARRIAGE_RETURN || (unit === NEWLINE && !afterCarriageReturn);
    const secondHalf = unit === NEWLINE && afterCarriageReturn;
    afterCarriageReturn = unit === CARRIAGE_RETURN;
    if (secondHalf) return false;
    if (lineBreak) {
      line++;
      if (!quoted) {
        rowsEnded++;
        fieldStart = true;
        inComment = false;
        recent.length = 0;
      }
      escaped = false;
      justClosed = false;
      return false;
    }
    if (quoted) {
      if (escaped) escaped = false;
      else if (quoting.escape !== undefined && quoting.escape !== quoting.quote && unit === quoting.escape) escaped = true;
      else if (unit === quoting.quote) {
        quoted = false;
        justClosed = true;
      }
      return false;
    }
    if (inComment) return false;
    if (justClosed && unit === quoting.quote) {
      quoted = true;
      justClosed = false;
      return false;
    }
    justClosed = false;
    if (quoting.comment !== undefined && unit === quoting.comment) {
      inComment = true;
      return false;
    }
    const endsDelimiter = delimiter.length > 0 && unit === delimiter[delimiter.length - 1] && recent.length === delimiter.length - 1 && recent.every((u, i) => u === delimiter[i]);
    if (delimiter.length > 1) {
      recent.push(unit);
      if (recent.length > delimiter.length - 1) recent.shift();
    }
    if (endsDelimiter) {
      fieldStart = true;
      recent.length = 0;
    } else if (unit === quoting.quote && fieldStart) quoted = true;
    else if (unit !== SPACE && delimiter.length > 0) fieldStart = false;
    return false;
  };
  return scanFileChunks(path, (buffer, read) => {
    let i = 0;
    if (unitBytes === undefined) {
      unitBytes = read >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe ? 2 : 1;
      const delimiterText = quoting.delimiter ?? "";
      delimiter = unitBytes === 2 ? Array.from({ length: delimiterText.length }, (_, k) => delimiterText.charCodeAt(k)) : [...Buffer.from(delimiterText)];
      if (unitBytes === 2) i = 2;
    }
    for (; i < read; i++) {
      const byte = buffer[i]!;
      if (unitBytes === 2) {
        if (pendingByte === undefined) {
          pendingByte = byte;
          continue;
        }
        const unit = pendingByte | (byte << 8);
        pendingByte = undefined;
        if (visit(unit)) return line;
      } else if (visit(byte)) return line;
    }
    return undefined;
  });
}
