/**
 * SLA durations (`value` + `unit` of an ODCS SLA property). ODCS names `d, day, days` and `y, yr, years`
 * and says "units use the ISO standard"; the other spellings here are the ones people write.
 * Months and years have fixed lengths (30 and 365 days) so that a measured age and its limit are
 * plain numbers in the contract's unit; `m` is minutes (ISO 8601 durations spell months `M` only
 * after the date designator, which a bare unit cannot express).
 */
const SECONDS_PER_UNIT: ReadonlyArray<[number, readonly string[]]> = [
  [1, ["s", "sec", "secs", "second", "seconds"]],
  [60, ["m", "min", "mins", "minute", "minutes"]],
  [3_600, ["h", "hr", "hrs", "hour", "hours"]],
  [86_400, ["d", "day", "days"]],
  [7 * 86_400, ["w", "wk", "week", "weeks"]],
  [30 * 86_400, ["mo", "mon", "month", "months"]],
  [365 * 86_400, ["y", "yr", "yrs", "year", "years"]],
];

const UNIT_SECONDS = new Map<string, number>(SECONDS_PER_UNIT.flatMap(([seconds, names]) => names.map((n) => [n, seconds] as const)));

/** Seconds in one `unit` (case-insensitive), or undefined for a unit that is not a duration. */
export function secondsPerUnit(unit: string): number | undefined {
  return UNIT_SECONDS.get(unit.trim().toLowerCase());
}

export const DURATION_UNITS_HINT = "s, m/min, h, d, w, mo, y";

/** "2 d 3 h", "45 min", "12 s": an age for a message, to the two largest units. */
export function formatAge(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(seconds));
  for (const [size, label] of [
    [365 * 86_400, "y"],
    [86_400, "d"],
    [3_600, "h"],
    [60, "min"],
    [1, "s"],
  ] as const) {
    if (rest >= size || (size === 1 && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)} ${label}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}
