/**
 * CEL's timestamp() and duration() text formats, read as strictly as cel-go reads them: timestamps
 * are RFC 3339 as Go's `time.Parse(time.RFC3339, …)` reads it (a 30 February is an error, not 1 March;
 * the `T` and `Z` upper case only, which RFC 3339 allows in lower case but Go's layout does not),
 * durations Go's `time.ParseDuration` (an empty text is an error, not 0s). @bufbuild/cel's own readers are lenient in both; cel-lib.ts puts these in
 * their place.
 */

/** Seconds and nanoseconds since the Unix epoch, or of a duration (nanos with the sign of seconds). */
export interface SecondsNanos {
  seconds: bigint;
  nanos: number;
}

/** The range of CEL timestamps: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z. */
export const MIN_TIMESTAMP_SECONDS = -62135596800n;
export const MAX_TIMESTAMP_SECONDS = 253402300799n;

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** A timestamp text (`2024-05-01T12:00:00Z`, `…00.5+02:00`) as seconds and nanoseconds since the epoch. */
export function parseRfc3339(text: string): SecondsNanos {
  const match = RFC_3339.exec(text);
  if (!match) throw new Error(`Failed to parse timestamp: ${JSON.stringify(text)} is not an RFC 3339 timestamp`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offsetHours = match[10] === undefined ? 0 : Number(match[10]);
  const offsetMinutes = match[11] === undefined ? 0 : Number(match[11]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    throw new Error(`Failed to parse timestamp: ${JSON.stringify(text)} is not a date and time that exists`);
  }
  const offset = (match[9] === "-" ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
  const days = daysFromCivil(year, month, day);
  const seconds = BigInt(days) * 86400n + BigInt(hour * 3600 + minute * 60 + second - offset);
  const nanos = match[7] === undefined ? 0 : Number(match[7].padEnd(9, "0"));
  return { seconds, nanos };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

const UNIT_NANOS: Record<string, bigint> = { ns: 1n, us: 1_000n, "µs": 1_000n, "μs": 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };
const MAX_DURATION_NANOS = 9223372036854775807n;

/** A duration text as Go's time.ParseDuration reads it (`1h30m`, `-1.5s`, `300ms`, `0`). */
export function parseGoDuration(text: string): SecondsNanos {
  const invalid = () => new Error(`invalid duration ${JSON.stringify(text)}`);
  let rest = text;
  let negative = false;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  if (rest === "0") return { seconds: 0n, nanos: 0 };
  if (rest === "") throw invalid();
  let total = 0n;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== "") {
    const match = part.exec(rest);
    if (!match || (match[1] === "" && (match[2] ?? "") === "")) throw invalid();
    const unit = UNIT_NANOS[match[3]!]!;
    const fraction = match[2] ?? "";
    // Exact to the nanosecond: the fraction's digits times the unit, over its power of ten.
    total += BigInt(match[1] || "0") * unit + (fraction === "" ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length));
    if (total > MAX_DURATION_NANOS) throw invalid();
    rest = rest.slice(match[0].length);
  }
  const signed = negative ? -total : total;
  return { seconds: signed / 1_000_000_000n, nanos: Number(signed % 1_000_000_000n) };
}

/**
 * `string(timestamp)` as cel-go writes it, Go's `time.RFC3339Nano` in UTC: the fraction without its trailing
 * zeros, none when it is zero (`2024-01-01T00:00:00.5Z`; @bufbuild/cel wrote `.500Z`, protobuf JSON's form).
 */
export function formatRfc3339Nano({ seconds, nanos }: SecondsNanos): string {
  const whole = new Date(Number(seconds) * 1000).toISOString().replace(/\.\d+Z$/, "");
  const fraction = nanos === 0 ? "" : `.${String(nanos).padStart(9, "0").replace(/0+$/, "")}`;
  return `${whole}${fraction}Z`;
}

/**
 * `string(duration)` as cel-go writes it: its seconds as a float64 in plain decimals, shortest, then `s`
 * (Go's `strconv.FormatFloat(d.Seconds(), 'f', -1, 64)`): `1.5s`, `3600.001s`, `0.000000001s`, where
 * @bufbuild/cel wrote `1.500s`, protobuf JSON's form.
 */
export function formatGoDurationSeconds({ seconds, nanos }: SecondsNanos): string {
  const value = Number(seconds) + nanos / 1e9;
  if (value === 0) return "0s";
  // toExponential() gives the shortest round-trip digits; they are placed around the decimal point by hand,
  // as String() would turn to an exponent below 1e-6.
  const [mantissa, exponentText] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  const plain =
    exponent < 0 ? `0.${"0".repeat(-exponent - 1)}${digits}` : digits.length > exponent + 1 ? `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}` : digits.padEnd(exponent + 1, "0");
  return `${value < 0 ? "-" : ""}${plain}s`;
}

/** What CEL's timestamp accessors read: `getMonth` is 0-based, `getDate` 1-based, `getDayOfYear` 0-based, `getDayOfWeek` 0 for Sunday. */
export interface TimestampFields {
  year: number;
  month: number;
  date: number;
  dayOfWeek: number;
  dayOfYear: number;
  hours: number;
  minutes: number;
  seconds: number;
  milliseconds: number;
}

const MS_PER_DAY = 86_400_000;

/**
 * The calendar fields of a timestamp in UTC, or in a time zone: a fixed offset (`+01:00`, `-08:00`) or an IANA
 * name (`Europe/Paris`). Computed in UTC arithmetic from the wall clock of that zone: @bufbuild/cel's accessors
 * built a Date in the machine's own time zone, so that a developer in Berlin got another hour (an instant in
 * its spring gap), another day of the year (the first hour of each day in summer) than CI in UTC, and years
 * below 100 read as 1900 and more.
 */
export function timestampFields({ seconds, nanos }: SecondsNanos, timeZone?: string): TimestampFields {
  const instant = Number(seconds) * 1000 + Math.floor(nanos / 1_000_000);
  const wall = new Date(instant + zoneOffsetMs(instant, timeZone));
  const year = wall.getUTCFullYear();
  const startOfYear = new Date(0);
  startOfYear.setUTCFullYear(year, 0, 1);
  return {
    year,
    month: wall.getUTCMonth(),
    date: wall.getUTCDate(),
    dayOfWeek: wall.getUTCDay(),
    dayOfYear: Math.floor((wall.getTime() - startOfYear.getTime()) / MS_PER_DAY),
    hours: wall.getUTCHours(),
    minutes: wall.getUTCMinutes(),
    seconds: wall.getUTCSeconds(),
    milliseconds: Math.floor(nanos / 1_000_000),
  };
}

const FIXED_OFFSET = /^([+-]?)(\d+):(\d+)$/;
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The names of the tz database (2025b, as Go reads it) that Node 20's Intl resolves to another name: its links
 * (`US/Eastern`, `Etc/UTC`) and the zones ICU keeps under an older name (`Asia/Kolkata`). Intl reads these ignoring
 * case and answers with the zone they link to, so only this list tells `US/Eastern`, which cel-go reads, from
 * `us/eastern`, which it does not.
 */
const TZ_DATABASE_ALIASES = new Set(
  (
    "Africa/Asmara Africa/Timbuktu America/Argentina/Buenos_Aires America/Argentina/Catamarca " +
    "America/Argentina/ComodRivadavia America/Argentina/Cordoba America/Argentina/Jujuy America/Argentina/Mendoza " +
    "America/Atikokan America/Atka America/Ensenada America/Fort_Wayne America/Indiana/Indianapolis " +
    "America/Kentucky/Louisville America/Knox_IN America/Montreal America/Nipigon America/Nuuk America/Pangnirtung " +
    "America/Porto_Acre America/Rainy_River America/Rosario America/Santa_Isabel America/Shiprock America/Thunder_Bay " +
    "America/Virgin America/Yellowknife Antarctica/South_Pole Asia/Ashkhabad Asia/Choibalsan Asia/Chongqing Asia/Chungking " +
    "Asia/Dacca Asia/Harbin Asia/Ho_Chi_Minh Asia/Istanbul Asia/Kashgar Asia/Kathmandu Asia/Kolkata Asia/Macao Asia/Tel_Aviv " +
    "Asia/Thimbu Asia/Ujung_Pandang Asia/Ulan_Bator Asia/Yangon Atlantic/Faroe Atlantic/Jan_Mayen Australia/ACT " +
    "Australia/Canberra Australia/Currie Australia/LHI Australia/NSW Australia/North Australia/Queensland Australia/South " +
    "Australia/Tasmania Australia/Victoria Australia/West Australia/Yancowinna Brazil/Acre Brazil/DeNoronha Brazil/East " +
    "Brazil/West CET CST6CDT Canada/Atlantic Canada/Central Canada/Eastern Canada/Mountain Canada/Newfoundland Canada/Pacific " +
    "Canada/Saskatchewan Canada/Yukon Chile/Continental Chile/EasterIsland Cuba EET EST EST5EDT Egypt Eire Etc/GMT Etc/GMT+0 " +
    "Etc/GMT-0 Etc/GMT0 Etc/Greenwich Etc/UCT Etc/UTC Etc/Universal Etc/Zulu Europe/Belfast Europe/Kyiv Europe/Nicosia " +
    "Europe/Tiraspol Europe/Uzhgorod Europe/Zaporozhye GB GB-Eire GMT GMT+0 GMT-0 GMT0 Greenwich HST Hongkong Iceland Iran " +
    "Israel Jamaica Japan Kwajalein Libya MET MST MST7MDT Mexico/BajaNorte Mexico/BajaSur Mexico/General NZ NZ-CHAT Navajo " +
    "PRC PST8PDT Pacific/Chuuk Pacific/Johnston Pacific/Kanton Pacific/Pohnpei Pacific/Samoa Pacific/Yap Poland Portugal ROC " +
    "ROK Singapore Turkey UCT US/Alaska US/Aleutian US/Arizona US/Central US/East-Indiana US/Eastern US/Hawaii " +
    "US/Indiana-Starke US/Michigan US/Mountain US/Pacific US/Samoa Universal W-SU WET Zulu"
  ).split(" "),
);

/** The zone Intl reads a name as, ignoring its case (`us/eastern`: America/New_York), for a message; undefined when none. */
export function zoneIgnoringCase(timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** How far a zone's wall clock is ahead of UTC at an instant, in milliseconds (an unknown zone: Intl's RangeError). */
function zoneOffsetMs(instant: number, timeZone: string | undefined): number {
  // cel-go looks the empty name up as Go's time.LoadLocation does: UTC.
  if (timeZone === undefined || timeZone === "") return 0;
  // As cel-go reads a zone: with a colon, hours and minutes east of UTC (`+01:00`, `-8:00`, `5:30`); else a name of the
  // tz database. Newer Nodes' Intl also reads `+0530` or `+05` as offsets (ECMA-402's offset zones), which cel-go refuses: refused on every Node, so
  // that a pack does not load on one machine and fail on another.
  if (timeZone.includes(":") || /^[+-]?\d/.test(timeZone)) {
    const fixed = FIXED_OFFSET.exec(timeZone);
    if (!fixed) throw new RangeError(`Invalid time zone specified: ${timeZone}`);
    return (fixed[1] === "-" ? -1 : 1) * (Number(fixed[2]) * 3600 + Number(fixed[3]) * 60) * 1000;
  }
  let format = zoneFormats.get(timeZone);
  if (!format) {
    // The era: Intl numbers the years before 1 from 1 BC backwards, where Go's proleptic calendar has 0, -1…
    format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", era: "short", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    // Intl reads a zone name ignoring case (`europe/paris`, `utc`, `us/eastern`); Go's tz database, which cel-go looks it up
    // in, does not: refused as cel-go refuses it, rather than a pack that loads here and fails there. A name Intl answers
    // with unchanged is spelt as the database spells it; another (a link) must be one of the database's own names.
    if (format.resolvedOptions().timeZone !== timeZone && !TZ_DATABASE_ALIASES.has(timeZone)) throw new RangeError(`Invalid time zone specified: ${timeZone}`);
    zoneFormats.set(timeZone, format);
  }
  const part = (parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const parts = format.formatToParts(instant);
  const wall = new Date(0);
  const year = parts.find((p) => p.type === "era")?.value === "BC" ? 1 - part(parts, "year") : part(parts, "year");
  wall.setUTCFullYear(year, part(parts, "month") - 1, part(parts, "day"));
  wall.setUTCHours(part(parts, "hour"), part(parts, "minute"), part(parts, "second"));
  // The wall clock has whole seconds: compare it with the instant's whole second.
  return wall.getTime() - (instant - (((instant % 1000) + 1000) % 1000));
}
