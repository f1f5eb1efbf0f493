import { scanFileChunks } from "./file-chunks.js";

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** How a CSV file is quoted, as DuckDB's CSV reader read it: single bytes, undefined for none. */
export interface CsvQuoting {
  quote?: number;
  escape?: number;
  comment?: number;
}

/**
 * The 1-based line of a CSV file on which its `row`-th row starts, counting rows as DuckDB's CSV reader does in
 * its errors (`CSV Error on Line: 25001`): every line break outside a quoted field ends a row (a blank line is a
 * row too, the header is row 1), while one inside a quoted field (`"line one⏎line two"`) does not. So a file with
 * ten such fields above a bad row has it ten lines below the row number DuckDB names. A line break is `\n`,
 * `\r\n` or a lone `\r`, one line in either count. Undefined when the file cannot be read or has fewer rows.
 * One streaming pass over the bytes up to that row, in bounded memory.
 */
export function csvLineOfRow(path: string, row: number, quoting: CsvQuoting): number | undefined {
  if (!Number.isSafeInteger(row) || row < 1) return undefined;
  let line = 1;
  let rowsEnded = 0;
  let quoted = false;
  // The byte after an escape inside a quoted field is the field's own (an escaped quote: `\"` or `""`).
  let escaped = false;
  let atRowStart = true;
  let inComment = false;
  let afterCarriageReturn = false;
  return scanFileChunks(path, (buffer, read) => {
    for (let i = 0; i < read; i++) {
      if (rowsEnded === row - 1) return line;
      const byte = buffer[i]!;
      const lineBreak = byte === CARRIAGE_RETURN || (byte === NEWLINE && !afterCarriageReturn);
      const secondHalf = byte === NEWLINE && afterCarriageReturn;
      afterCarriageReturn = byte === CARRIAGE_RETURN;
      if (secondHalf) continue;
      if (lineBreak) {
        line++;
        if (!quoted) {
          rowsEnded++;
          atRowStart = true;
          inComment = false;
        }
        escaped = false;
        continue;
      }
      if (atRowStart && quoting.comment !== undefined && byte === quoting.comment) inComment = true;
      atRowStart = false;
      if (inComment) continue;
      if (quoted) {
        if (escaped) escaped = false;
        else if (quoting.escape !== undefined && quoting.escape !== quoting.quote && byte === quoting.escape) escaped = true;
        // (with the quote as its own escape, `""` closes and opens the field again: the same state after it)
        else if (byte === quoting.quote) quoted = false;
      } else if (byte === quoting.quote) quoted = true;
    }
    return undefined;
  });
}
