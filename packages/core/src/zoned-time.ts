import { UsageError } from "./findings.js";

/** The characters of a time's text a message shows (a time with nanoseconds and its zone is 35). */
const MAX_SHOWN = 40;

/**
 * A time from a user's text or a document: an ISO 8601 date (UTC midnight), or a date-time with its zone (`Z`,
 * `+02:00`). One without a zone would be read in the machine's local zone, so two machines would read one text as
 * two times: refused, as is a date or time that does not exist (JavaScript rolls 2024-04-31 over to May 1st and
 * 24:00 to the next day). `label` names what holds the text in the UsageError (`--now`, `results: finishedAt`).
 */
export function parseZonedTime(text: string, label: string): Date {
  // Shown as given, but an empty or blank text quoted (`finishedAt ""`), and a long one cut: a results file may hold any string.
  const shown = text.trim() === "" ? JSON.stringify(text) : text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
  const parts = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2})))?$/.exec(text);
  const date = new Date(text);
  if (!parts || Number.isNaN(date.getTime())) throw new UsageError(`${label} ${shown}: not an ISO 8601 time with a zone; write e.g. 2026-06-30T06:00:00Z`);
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = parts.slice(1).map((p) => (p === undefined ? undefined : Number(p))) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    throw new UsageError(`${label} ${shown}: no such date or time`);
  }
  return date;
}
