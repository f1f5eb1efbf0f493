/**
 * The text of a date, timestamp or time bound (`logicalTypeOptions.minimum`, …) and a `defaultTimezone`, read
 * one way by contract-lint and contract-test: what lint accepts here the test compares with, and what the test
 * refuses (`minimum: 'yesterday'` on a timestamp, `2024-02-30`, `Mars/Olympus`) lint reports first, at that key.
 */

/** An ISO 8601 date or date-time as text: its fields, checked to be a real day and time of day. */
export interface IsoDateTimeText {
  /** The text without surrounding blanks. */
  trimmed: string;
  /** Whether it has a time of day (`2024-01-31T10:00`), not a date alone. */
  hasTime: boolean;
}

const ISO_DATE_TIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:[Zz]|[+-](\d{2}):?(\d{2}))?)?$/;

/** `text` as an ISO 8601 date (`2024-01-31`) or date-time (with or without an offset); undefined for anything else, or a day or time that does not exist. */
export function readIsoDateTime(text: string): IsoDateTimeText | undefined {
  const trimmed = text.trim();
  const match = ISO_DATE_TIME_TEXT.exec(trimmed);
  if (!match) return undefined;
  const [, year, month, day, hour = "0", minute = "0", second = "0", offsetHours = "0", offsetMinutes = "0"] = match;
  // An offset is hours 00–23 and minutes 00–59 (RFC 3339's time-numoffset): `+25:00` is a typo, not an instant to shift by.
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
  // setUTCFullYear: Date.UTC reads a year below 100 as 19xx, and `0001-01-01` is a real day.
  const date = new Date(Date.UTC(2000, Number(month) - 1, Number(day)));
  date.setUTCFullYear(Number(year));
  const realDay = date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
  if (!realDay || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  return { trimmed, hasTime: match[4] !== undefined };
}

/**
 * A time of day as text, `HH:MM[:SS[.fff]]`, in its parts; undefined for anything else. 24:00:00 is ISO 8601's end
 * of the day, which DuckDB and PostgreSQL read as a time too. A time with an offset (`08:00:00+01:00`, `…Z`, as a
 * TIME WITH TIME ZONE column is written) is that time at UTC (07:00:00, across midnight too), as a timestamp bound's
 * offset is: a zoned column is compared by its UTC time, a plain one is read in UTC. `dayStart` is then when that
 * offset's day starts, at UTC (23:00 for +01:00): a bound is compared within its own day, so that 01:00+02:00 to
 * 03:00+02:00 is the window it reads as, 23:00 to 01:00 at UTC, not two bounds that leave no time between them.
 */
export function readIsoTime(text: string): { hour: string; minute: string; second?: string; fraction?: string; dayStart?: string } | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)?$/.exec(text.trim());
  if (!match) return undefined;
  const endOfDay = Number(match[1]) === 24 && Number(match[2]) === 0 && Number(match[3] ?? 0) === 0;
  if (!(endOfDay || (Number(match[1]) <= 23 && Number(match[2]) <= 59 && Number(match[3] ?? 0) <= 59))) return undefined;
  const [, hour, minute, second, fraction, sign, offsetHours = "0", offsetMinutes = "0"] = match;
  // An offset is hours 00–23 and minutes 00–59 (RFC 3339's time-numoffset), as a timestamp bound's.
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
  const shift = sign === undefined ? 0 : (sign === "-" ? 1 : -1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const minutes = (((Number(hour) * 60 + Number(minute) + shift) % 1440) + 1440) % 1440;
  const [utcHour, utcMinute] = shift === 0 ? [hour!, minute!] : [String(Math.floor(minutes / 60)).padStart(2, "0"), String(minutes % 60).padStart(2, "0")];
  const start = ((shift % 1440) + 1440) % 1440;
  // 24:00:00 ends the day its offset starts: at UTC that is where the day starts, so it is compared at UTC, as before.
  const dayStart = start === 0 || endOfDay ? undefined : `${String(Math.floor(start / 60)).padStart(2, "0")}:${String(start % 60).padStart(2, "0")}:00`;
  return { hour: utcHour, minute: utcMinute, ...(second !== undefined ? { second } : {}), ...(fraction !== undefined ? { fraction } : {}), ...(dayStart !== undefined ? { dayStart } : {}) };
}

/**
 * A time bound (readIsoTime) as seconds into its own offset's day, the scale contract-test compares a column with
 * it on, with that day's `dayStart`: 01:00+02:00 is 3600, before 03:00+02:00, though 23:00 at UTC. Bounds of one
 * `dayStart` order by `seconds`; bounds of different ones lie on no one scale (each reads its own window).
 */
export function timeBoundSeconds(text: string): { seconds: number; dayStart?: string } | undefined {
  const time = readIsoTime(text);
  if (!time) return undefined;
  const utc = Number(time.hour) * 3600 + Number(time.minute) * 60 + Number(`${time.second ?? 0}${time.fraction ?? ""}`);
  if (time.dayStart === undefined) return { seconds: utc };
  const start = time.dayStart.split(":").reduce((total, part) => total * 60 + Number(part), 0);
  return { seconds: (utc - start + 86_400) % 86_400, dayStart: time.dayStart };
}

/**
 * An ISO 8601 date or timestamp (`2032-05-12`, `2032-05-12T09:30:10-08:00`) as an instant in ms; nothing looser.
 * One without an offset is wall-clock time in `zone` (a timestamp's `defaultTimezone`, UTC by default, as
 * contract-test reads it), not in the zone of the machine meshkit runs on, where Date.parse would read it.
 * Compat compares bounds and lint finds crossed ones with it, so both read a bound as the test does.
 */
export function isoInstant(value: string, zone = "UTC"): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*([Zz]|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!match) return undefined;
  const [, date, time = "00:00", offset] = match;
  const ms = Date.parse(`${date}T${time}${offset ? offset.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2") : "Z"}`);
  if (Number.isNaN(ms)) return undefined;
  if (offset) return ms;
  // The zone's offset at that wall-clock time, taken again at the instant found (a DST change in between).
  const instant = ms - zoneOffset(ms, zone);
  return ms - zoneOffset(instant, zone);
}

/** A formatter per zone (creating one costs ~0.1 ms); undefined for a zone no engine knows. */
const zoneFormats = new Map<string, Intl.DateTimeFormat | undefined>();

/** How far `zone`'s wall clock is ahead of UTC at `instant`, in ms; 0 in UTC and in a zone no engine knows. */
function zoneOffset(instant: number, zone: string): number {
  if (!zoneFormats.has(zone)) {
    let format: Intl.DateTimeFormat | undefined;
    try {
      format = new Intl.DateTimeFormat("en-US", { timeZone: zone.trim(), hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    } catch {
      format = undefined;
    }
    zoneFormats.set(zone, format);
  }
  const format = zoneFormats.get(zone);
  if (!format) return 0;
  const part = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  // setUTCFullYear: Date.UTC reads a year below 100 as 19xx.
  const wallClock = new Date(0);
  wallClock.setUTCFullYear(part.year!, part.month! - 1, part.day!);
  wallClock.setUTCHours(part.hour!, part.minute!, part.second!, 0);
  return wallClock.getTime() - (instant - (((instant % 1000) + 1000) % 1000));
}

/** How a bound of each temporal type is written, for messages. */
export const TEMPORAL_BOUND_EXAMPLES = { date: "`2024-01-31`", timestamp: "`2024-01-31T10:00:00Z`, or without an offset", time: "`10:00:00`, or with an offset: `10:00:00+02:00`" } as const;

/**
 * Why `value` cannot bound a property of `family`, or undefined when it can: a date or timestamp bound is an
 * ISO 8601 date or date-time (a date's may carry a time, read as its day), a time's a time of day. A value
 * that is no text is the JSON Schema's finding, and gets the same reason here.
 */
export function temporalBoundProblem(family: "date" | "timestamp" | "time", value: unknown): string | undefined {
  if (typeof value === "string" && (family === "time" ? readIsoTime(value) : readIsoDateTime(value)) !== undefined) return undefined;
  return `must be a ${family} written as text (ISO 8601: ${TEMPORAL_BOUND_EXAMPLES[family]})`;
}

/**
 * A time zone name as the runners use it: as written, but `UTC` for every name of UTC (`Etc/UTC`, ODCS's
 * default, `Zulu`, `GMT`…), whose values need no conversion; undefined for a name the ICU time zone database
 * (Node's, as DuckDB's and PostgreSQL's) does not know.
 */
export function knownTimeZone(zone: string): string | undefined {
  if (zone === "") return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone === "UTC" ? "UTC" : zone;
  } catch {
    return undefined;
  }
}

/** Why a `defaultTimezone` is no time zone contract-test can read values in, or undefined when it is one. */
export function unknownTimeZoneProblem(zone: unknown): string | undefined {
  if (typeof zone === "string" && knownTimeZone(zone.trim()) !== undefined) return undefined;
  return `${JSON.stringify(zone)} is not a time zone name (IANA names such as \`UTC\`, \`Europe/Berlin\`, \`America/New_York\`)`;
}
