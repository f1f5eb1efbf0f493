import { numberInText } from "./quality-metrics.js";

/**
 * The units of an ODCS SLA duration (`value` + `unit` of latency, retention, frequency, …), one table
 * for every stage: lint checks them, compat compares durations, contract-test measures ages.
 * ODCS names "d, day, days for days; y, yr, years for years" and says units follow the ISO standard;
 * the other spellings are the ones people write. `m` is a month, as `y`/`m`/`d` read together (and as
 * ISO 8601's PnM); a minute is `min`. Years have a fixed length of 365 days and months of a twelfth of
 * that (30.42 days), so that an age and its limit compare as plain numbers and `36 m` is `3 y` in every
 * stage (the platform-baseline pack's retention rule counts months so too).
 */
export const SLA_DURATION_UNITS: ReadonlyArray<{ name: string; seconds: number; spellings: readonly string[] }> = [
  { name: "year", seconds: 365 * 86_400, spellings: ["y", "yr", "yrs", "year", "years"] },
  { name: "month", seconds: (365 * 86_400) / 12, spellings: ["m", "mo", "mon", "month", "months"] },
  { name: "week", seconds: 7 * 86_400, spellings: ["w", "wk", "week", "weeks"] },
  { name: "day", seconds: 86_400, spellings: ["d", "day", "days"] },
  { name: "hour", seconds: 3_600, spellings: ["h", "hr", "hrs", "hour", "hours"] },
  { name: "minute", seconds: 60, spellings: ["min", "mins", "minute", "minutes"] },
  { name: "second", seconds: 1, spellings: ["s", "sec", "secs", "second", "seconds"] },
  { name: "millisecond", seconds: 0.001, spellings: ["ms", "millisecond", "milliseconds"] },
];

const SECONDS_BY_SPELLING = new Map(SLA_DURATION_UNITS.flatMap((unit) => unit.spellings.map((spelling) => [spelling, unit.seconds] as const)));

/** Seconds in one `unit` (case-insensitive, trimmed), or undefined for a unit that is not a duration. */
export function secondsPerSlaUnit(unit: string): number | undefined {
  return SECONDS_BY_SPELLING.get(unit.trim().toLowerCase());
}

/**
 * An SLA unit as a message reads it after `value` (a number as shown, `1`, `2.5`, `1,000`): a unit spelt as a
 * word agrees with the number and is lower case (`1 days` reads `1 day`, `9 Days` `9 days`, `2 hour` `2 hours`),
 * an abbreviation stays one (`12 h`, `1 y`; `1 hrs` reads `1 hr`), but for `m`, which reads `months` (`1 month`): many
 * mean minutes by it. Undefined for a unit that is not a duration.
 * Messages only: the results document keeps the unit as the contract writes it.
 */
export function slaUnitForReading(value: string, unit: string): string | undefined {
  const spelling = unit.trim().toLowerCase();
  const entry = SLA_DURATION_UNITS.find((u) => u.spellings.includes(spelling));
  if (entry === undefined) return undefined;
  const one = /^[+]?1(\.0+)?$/.test(value);
  // `m` is months here, but minutes to many readers (ISO 8601's M after a T): spelt out, so that `15 m` reads as the months it is.
  if (spelling === "m") return one ? "month" : "months";
  // A word (`day`, `days`) takes the number's form; an abbreviation has a plural only where the contract wrote one (`hrs`).
  if (spelling === entry.name || spelling === `${entry.name}s`) return one ? entry.name : `${entry.name}s`;
  const singular = spelling.endsWith("s") ? spelling.slice(0, -1) : undefined;
  return one && singular !== undefined && entry.spellings.includes(singular) ? singular : spelling;
}

/** The short spellings, for messages: "y, m (month), w, d, h, min, s, ms". */
export const SLA_UNITS_HINT = "y, m/mo (month), w, d, h, min, s, ms";

/**
 * The number an SLA `value` is: a finite number, or text spelling one in decimal (`"4"`, `"2.5"`: ODCS types
 * an SLA value as a string or a number), read by `numberInText` as quality thresholds are. Undefined for
 * anything else: `.inf`/`.nan`, `"Infinity"`, and the hexadecimal, octal and binary text JavaScript's
 * `Number()` would read (`"0x2"` is not 2 days). One reading for lint, compat, contract-test and provision,
 * so that a value one stage checks is the value another one measures or provisions.
 */
export function slaValueNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  return typeof value === "string" ? numberInText(value) : undefined;
}

/**
 * The whole days after which a lifecycle rule may delete data so that it keeps nothing older than the
 * `value` `unit` retention contract-test checks (the oldest row must not be older than it, in the fixed
 * lengths above: 1 y is 365 days, whatever the calendar). Whole days, rounded down; then one day less,
 * because S3 rounds an expiration up to the next midnight UTC (an object written at 00:01 with `days: 1`
 * goes almost two days later). The floor is one day, the shortest rule a store takes. Removal itself is
 * asynchronous on S3 and GCS (queued after the expiry, usually within a day): docs/provision.md says so.
 * Undefined for a unit that is not a duration.
 */
export function retentionExpirationDays(value: number, unit: string): number | undefined {
  const seconds = secondsPerSlaUnit(unit);
  if (seconds === undefined) return undefined;
  return Math.max(1, Math.floor((value * seconds) / 86_400) - 1);
}

/** An ISO 8601 duration (`P1Y2M`, `P2W`, `PT4H`, `P1DT12H`, `PT0,5S`): years, months, weeks, days; hours, minutes, seconds after the `T`. */
const ISO_8601_DURATION = /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;
/** The units of ISO_8601_DURATION's parts, in its order, as SLA units. */
const ISO_8601_DURATION_UNITS = ["y", "mo", "w", "d", "h", "min", "s"] as const;

/** An SLA value written as an ISO 8601 duration (`PT4H`), in its parts as SLA units; undefined for any other value. */
function isoDurationParts(value: unknown): { unit: (typeof ISO_8601_DURATION_UNITS)[number]; amount: number }[] | undefined {
  const match = ISO_8601_DURATION.exec(typeof value === "string" ? value.trim() : "");
  const parts = match ? ISO_8601_DURATION_UNITS.flatMap((unit, i) => (match[i + 1] === undefined ? [] : [{ unit, amount: Number(match[i + 1]!.replace(",", ".")) }])) : [];
  return parts.length > 0 ? parts : undefined;
}

/**
 * The seconds an SLA value written as an ISO 8601 duration (`PT4H`, `P1DT12H`) spans, in meshkit's SLA units (a year
 * of 365 days, a month of a twelfth of it); undefined for any other value. compat compares such a value with the
 * `value` and `unit` isoDurationValueHint says to write, as the same promise.
 */
export function isoDurationSeconds(value: unknown): number | undefined {
  return isoDurationParts(value)?.reduce((total, part) => total + part.amount * secondsPerSlaUnit(part.unit)!, 0);
}

/**
 * A number as a contract's `value` is written and read (slaValueNumber): in plain decimals (`0.0001`, where JavaScript
 * prints 1e-4 as `0.0001` but 1e-7 as `1e-7`), to 15 significant digits so that a sum of binary fractions reads as the
 * decimal it is (0.0000001 / 0.001 is 0.00009999999999999999) and is never rounded to 0.
 */
const PLAIN_DECIMAL = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 15, useGrouping: false });

/**
 * What to write instead of an SLA `value` that is an ISO 8601 duration (`PT4H`; ODCS says SLA units "use the ISO
 * standard"), in the smallest unit it names (`P1DT12H` is `value: 36` with `unit: h`); undefined for any other value.
 * meshkit reads a duration as a number and a `unit` in every stage (slaValueNumber), so lint and contract-test both
 * refuse such a value, with these words, instead of saying that the unit is missing. `positive`: the SLA must be above
 * zero (latency, retention: contract-test measures them), so a zero duration (`PT0S`) is not said as `value: 0`,
 * which lint and contract-test refuse in turn.
 */
export function isoDurationValueHint(value: unknown, { positive = false }: { positive?: boolean } = {}): string | undefined {
  const parts = isoDurationParts(value);
  if (parts === undefined) return undefined;
  const seconds = isoDurationSeconds(value)!;
  // A part under a thousandth of its unit (`PT0.0001S`) is said in milliseconds (`value: 0.1`), which reads more easily.
  const smallest = seconds > 0 && seconds / secondsPerSlaUnit(parts.at(-1)!.unit)! < 0.0005 ? "ms" : parts.at(-1)!.unit;
  const amount = PLAIN_DECIMAL.format(seconds / secondsPerSlaUnit(smallest)!);
  const lead = `value \`${String(value).trim()}\` is an ISO 8601 duration, which meshkit does not read`;
  if (positive && seconds === 0) return `${lead}, and of zero length: write a positive number as \`value\` with a \`unit\` (e.g. \`value: 1\` with \`unit: ${smallest}\`)`;
  return `${lead}: write it as \`value: ${amount}\` with \`unit: ${smallest}\``;
}
