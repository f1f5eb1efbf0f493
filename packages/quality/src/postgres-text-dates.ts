/**
 * Text read as a date or a timestamp on PostgreSQL, as DuckDB's runner reads it (Dialect.convertText): by the
 * property's strptime formats, else as ISO 8601; NULL where a value does not read as one, so that the type check
 * counts it and the bounds, value lists and SLA ages of the rest are measured. PostgreSQL has no TRY_CAST (nor,
 * before 16, pg_input_is_valid), and its casts and to_timestamp stop the whole scan at the first value that is no
 * date: the text is matched by a regular expression, its fields checked against the calendar by arithmetic that
 * cannot fail, and only then assembled with make_date.
 */
import type { StrptimeFormat } from "./temporal-formats.js";

type Field = "year" | "month" | "day" | "hour" | "hour12" | "meridiem" | "minute" | "second" | "fraction" | "sign" | "offsetHours" | "offsetMinutes" | "zulu";

/** A text shape: an anchored PostgreSQL regular expression and the capture group of each field it reads. */
interface TextShape {
  regex: string;
  groups: Partial<Record<Field, number>>;
  /** A field's value from its capture where it is not the number the capture spells (a month's name, a two-digit year). */
  values?: Partial<Record<Field, (capture: string) => string>>;
  /** Whether an hour of 24 (with no minutes or seconds) is the next midnight, as DuckDB's ISO cast reads it. */
  hour24?: true;
}

const OFFSET = "([+-])([0-9]{2}):?([0-9]{2})?";

/**
 * The ISO 8601 text read as a date or a timestamp on every engine: `2024-01-05`, `2024-1-5 10:00`,
 * `2024-01-05T10:00:00.5Z`, `…+02`, `…+02:30`, `… UTC`, `2024-01-05T10:00Z`, with white space around it (any ASCII white space around a
 * date, spaces around a timestamp, as DuckDB's casts skip them). DuckDB's casts read more than this (`2024/01/05`,
 * `02024-01-05`, `… 10:00:00.`, `…-08:00:00`, a date followed by any text): its runner reads only text of this shape
 * (Dialect.convertText), so that the same rows give the same results on DuckDB and PostgreSQL.
 */
export function isoTextPattern(type: "date" | "timestamp"): string {
  const space = type === "date" ? "[ \\t\\n\\v\\f\\r]*" : " *";
  // An offset after the seconds or, the seconds left out as ISO 8601 allows, after the minutes (`2024-01-05T10:00Z`,
  // `…10:00+02`): DuckDB's cast reads the latter only with its seconds written, which its runner adds (Dialect.convertText).
  const time = `(?:[T ]([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:[.]([0-9]+))?)?(?:(Z| UTC)|${OFFSET})?)?`;
  // Four digits of a year from 1 (`0000` is 1 BC to DuckDB, and no year to PostgreSQL's make_date).
  const year = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})";
  return `^${space}${year}-([0-9]{1,2})-([0-9]{1,2})${time}${space}$`;
}

/**
 * The end of text of the ISO shape (isoTextPattern, its spaces trimmed) that holds a UTC offset: after the seconds (or
 * the minutes) of its time, `Z`, ` UTC` or an offset as isoTextPattern reads one (`+02`, `+0230`, `+02:30`, `+02:` too). DuckDB's
 * runner reads such text as that instant, whatever the default zone, as PostgreSQL's does.
 */
export const ISO_OFFSET_END = `:[0-9]{1,2}(?:[.][0-9]+)?(?:Z| UTC|${OFFSET})$`;

function isoShape(type: "date" | "timestamp"): TextShape {
  return {
    regex: isoTextPattern(type),
    groups: { year: 1, month: 2, day: 3, hour: 4, minute: 5, second: 6, fraction: 7, zulu: 8, sign: 9, offsetHours: 10, offsetMinutes: 11 },
    hour24: true,
  };
}

const integer = (capture: string) => `CAST(${capture} AS integer)`;
/** A word in any case, as DuckDB's strptime reads month and day names: `[Jj][Aa][Nn]`. */
const caseless = (word: string) => [...word].map((ch) => `[${ch.toUpperCase()}${ch}]`).join("");
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
/** The number of a month by its name (or its first three letters), NULL for any other word. */
const monthNumber = (names: readonly string[]) => (capture: string) => `array_position(ARRAY[${names.map((n) => `'${n}'`).join(", ")}], lower(${capture}))`;

/**
 * strptime specifiers as DuckDB's strptime reads them, by the field they fill: numbers of 1–2 digits (1–4 for `%Y`),
 * English month names (`%b` the first three letters, `%B` the whole name) and day names (`%a`, `%A`: read, not
 * checked against the date) in any case, a two-digit year (`%y`: from 69 in the 1900s, else the 2000s), a 12-hour
 * clock (`%I`, 1–12, with `%p`, AM or PM in any case).
 */
const SPECIFIERS: Record<string, { field?: Field; regex: string; value?: (capture: string) => string }> = {
  Y: { field: "year", regex: "([0-9]{1,4})" },
  y: { field: "year", regex: "([0-9]{1,2})", value: (c) => `(${integer(c)} + CASE WHEN ${integer(c)} < 69 THEN 2000 ELSE 1900 END)` },
  m: { field: "month", regex: "([0-9]{1,2})" },
  b: { field: "month", regex: "([A-Za-z]{3})", value: monthNumber(MONTHS.map((m) => m.slice(0, 3))) },
  B: { field: "month", regex: "([A-Za-z]+)", value: monthNumber(MONTHS) },
  d: { field: "day", regex: "([0-9]{1,2})" },
  H: { field: "hour", regex: "([0-9]{1,2})" },
  I: { field: "hour12", regex: "([0-9]{1,2})" },
  p: { field: "meridiem", regex: "([AaPp][Mm])" },
  M: { field: "minute", regex: "([0-9]{1,2})" },
  S: { field: "second", regex: "([0-9]{1,2})" },
  g: { field: "fraction", regex: "([0-9]{1,3})" },
  f: { field: "fraction", regex: "([0-9]{1,6})" },
  n: { field: "fraction", regex: "([0-9]{1,9})" },
  a: { regex: `(?:${WEEKDAYS.map((d) => caseless(d.slice(0, 3))).join("|")})` },
  A: { regex: `(?:${WEEKDAYS.map(caseless).join("|")})` },
};

/**
 * The text shape of a strptime format, or undefined where it reads a field twice (`%H` and `%I`), a 12-hour clock
 * without AM/PM or the other way round, or a specifier not listed above: such formats are not read on PostgreSQL.
 */
function strptimeShape(format: string): TextShape | undefined {
  const groups: Partial<Record<Field, number>> = {};
  const values: Partial<Record<Field, (capture: string) => string>> = {};
  let regex = "";
  let group = 0;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== "%") {
      // ASCII punctuation is escaped (`\.`, `\/`); a letter, digit or other character is itself (a `\` before one is an escape).
      regex += /[!-/:-@[-`{-~]/.test(ch) ? `\\${ch}` : ch;
      continue;
    }
    let specifier = format[++i];
    if (specifier === "-") specifier = format[++i];
    if (specifier === "%") {
      regex += "%";
      continue;
    }
    if (specifier === "z") {
      if (groups.sign !== undefined) return undefined;
      regex += OFFSET;
      Object.assign(groups, { sign: group + 1, offsetHours: group + 2, offsetMinutes: group + 3 });
      group += 3;
      continue;
    }
    const read = specifier === undefined ? undefined : SPECIFIERS[specifier];
    // A field read twice has two values: which one DuckDB keeps is not this module's to guess.
    if (!read || (read.field !== undefined && groups[read.field] !== undefined)) return undefined;
    regex += read.regex;
    if (read.field === undefined) continue;
    groups[read.field] = ++group;
    if (read.value) values[read.field] = read.value;
  }
  const twelveHour = [groups.hour12, groups.meridiem].filter((g) => g !== undefined).length;
  if (twelveHour === 1 || (twelveHour === 2 && groups.hour !== undefined)) return undefined;
  // DuckDB's strptime skips white space around the value.
  return { regex: `^[[:space:]]*${regex}[[:space:]]*$`, groups, values };
}

/** Whether PostgreSQL reads text by every one of `formats` (see strptimeShape); ISO 8601 (no format) always. */
export function postgresReadsTextFormats(formats: readonly StrptimeFormat[]): boolean {
  return formats.every(({ format }) => strptimeShape(format) !== undefined);
}

/**
 * See Dialect.convertText: `text` as a date or a timestamp with time zone by the first of `formats` it matches (ISO
 * 8601 when none), NULL where it matches none or names no real day or time; text without an offset is wall-clock time
 * in `zone` (UTC when absent, whatever the session's TimeZone). `quote` writes a PostgreSQL string.
 */
export function postgresConvertText(text: string, type: "date" | "timestamp", formats: readonly StrptimeFormat[], quote: (value: string) => string, zone?: string): string {
  const shapes = formats.length === 0 ? [{ shape: isoShape(type), offset: "parsed" as const }] : formats.map(({ format, offset }) => ({ shape: strptimeShape(format), offset }));
  const converted = shapes.map(({ shape, offset }) => {
    if (!shape) throw new Error(`PostgreSQL does not read text by this format (see postgresReadsTextFormats)`);
    return shapeValue(text, shape, type, offset, quote, zone);
  });
  return converted.length === 1 ? converted[0]! : `coalesce(${converted.join(", ")})`;
}

function shapeValue(text: string, shape: TextShape, type: "date" | "timestamp", offset: StrptimeFormat["offset"], quote: (value: string) => string, zone?: string): string {
  const match = `regexp_match(${text}, ${quote(shape.regex)})`;
  const captured = (field: Field) => (shape.groups[field] === undefined ? undefined : `(${match})[${shape.groups[field]}]`);
  // Captures are digits only (or NULL where the group took no part), so these casts cannot fail.
  const number = (field: Field, otherwise: number) => {
    const value = captured(field);
    const read = shape.values?.[field];
    // A field read otherwise (a month's name) is NULL where the word names none, and the value then none either.
    if (value !== undefined && read) return read(value);
    return value === undefined ? String(otherwise) : `coalesce(CAST(${value} AS integer), ${otherwise})`;
  };
  // A format without a year reads 1900, as DuckDB's strptime does; without a month or a day, the first.
  const [year, month, day] = [number("year", 1900), number("month", 1), number("day", 1)];
  const leap = `(${year} % 4 = 0 AND (${year} % 100 <> 0 OR ${year} % 400 = 0))`;
  const daysInMonth = `CASE WHEN ${month} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
  // regexp_match is NULL where the text does not match, and every condition with it: the CASE is then NULL too.
  const valid = [`${match} IS NOT NULL`, `${year} >= 1`, `${month} BETWEEN 1 AND 12`, `${day} BETWEEN 1 AND ${daysInMonth}`];
  const date = `make_date(${year}, ${month}, ${day})`;
  // DuckDB's cast of ISO 8601 text to a date reads the day and skips the time after it, whatever it holds.
  if (type === "date" && shape.hour24) return `CASE WHEN ${valid.join(" AND ")} THEN ${date} END`;
  const [hour12, meridiem] = [captured("hour12"), captured("meridiem")];
  // 12 AM is midnight, 12 PM noon.
  const hour = hour12 && meridiem ? `(${integer(hour12)} % 12 + CASE WHEN lower(${meridiem}) = 'pm' THEN 12 ELSE 0 END)` : number("hour", 0);
  const [minute, second] = [number("minute", 0), number("second", 0)];
  if (hour12) valid.push(`${integer(hour12)} BETWEEN 1 AND 12`);
  const fractionText = captured("fraction");
  // 24:00 is the next midnight only exactly: `24:00:00.0`, not `24:00:00.5` (which DuckDB reads as no time).
  // Its digits beyond microseconds are cut first, as DuckDB cuts them (`24:00:00.0000001` is 24:00 exactly there).
  const noFraction = fractionText === undefined ? "" : ` AND coalesce(left(${fractionText}, 6), '0') ~ '^0+$'`;
  valid.push(shape.hour24 ? `(${hour} <= 23 OR (${hour} = 24 AND ${minute} = 0 AND ${second} = 0${noFraction}))` : `${hour} <= 23`, `${minute} <= 59`, `${second} <= 59`);
  // strptime reads the whole text, its time too: a date in text with no such time (25:00, 13 PM) is none, as in DuckDB.
  if (type === "date") return `CASE WHEN ${valid.join(" AND ")} THEN ${date} END`;
  // Digits of a fraction as seconds: `5` is 0.5; beyond microseconds cut off, as DuckDB does (PostgreSQL would round them).
  const fraction = fractionText === undefined ? "" : ` + CAST(coalesce('0.' || left(${fractionText}, 6), '0') AS numeric)`;
  const local = `(${date} + make_interval(hours => ${hour}, mins => ${minute}, secs => ${second}${fraction}))`;
  const sign = captured("sign");
  const zulu = captured("zulu");
  const atUtc = (timestamp: string) => `(${timestamp} AT TIME ZONE 'UTC')`;
  const inZone = `(${local} AT TIME ZONE ${zone === undefined ? "'UTC'" : quote(zone)})`;
  let value: string;
  if (offset === "utc") value = atUtc(local);
  else if (sign === undefined) value = zulu === undefined ? inZone : `CASE WHEN ${zulu} IS NOT NULL THEN ${atUtc(local)} ELSE ${inZone} END`;
  else {
    // The text's offset east of UTC: its wall-clock time less the offset is UTC's.
    const minutes = `(${number("offsetHours", 0)} * 60 + ${number("offsetMinutes", 0)})`;
    const utc = atUtc(`(${local} - make_interval(mins => CASE WHEN ${sign} = '-' THEN -${minutes} ELSE ${minutes} END))`);
    value = `CASE WHEN ${sign} IS NOT NULL THEN ${utc}${zulu === undefined ? "" : ` WHEN ${zulu} IS NOT NULL THEN ${atUtc(local)}`} ELSE ${inZone} END`;
  }
  return `CASE WHEN ${valid.join(" AND ")} THEN ${value} END`;
}
