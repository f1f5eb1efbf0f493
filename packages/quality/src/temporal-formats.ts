/**
 * ODCS `logicalTypeOptions.format` of a date or timestamp "follows the format as prescribed by JDK
 * DateTimeFormatter" (`MM/dd/yyyy`, `dd.MM.yyyy HH:mm:ss`, `yyyy-MM-dd'T'HH:mm:ssXXX`). Engines parse text
 * with strptime-style formats instead; this translates the JDK letters that map exactly and names the rest.
 */

/** Letters of a JDK pattern by their run length → strptime. A run length not listed is not translated. */
const JDK_LETTERS: Record<string, Record<number, string>> = {
  // `y` and `yyy` are "at least that many digits": %Y reads any number of them.
  y: { 1: "%Y", 2: "%y", 3: "%Y", 4: "%Y" },
  u: { 1: "%Y", 2: "%y", 3: "%Y", 4: "%Y" },
  M: { 1: "%-m", 2: "%m", 3: "%b", 4: "%B" },
  L: { 1: "%-m", 2: "%m", 3: "%b", 4: "%B" },
  d: { 1: "%-d", 2: "%d" },
  H: { 1: "%-H", 2: "%H" },
  h: { 1: "%-I", 2: "%I" },
  a: { 1: "%p" },
  m: { 1: "%-M", 2: "%M" },
  s: { 1: "%-S", 2: "%S" },
  S: { 3: "%g", 6: "%f", 9: "%n" },
  E: { 1: "%a", 2: "%a", 3: "%a", 4: "%A" },
  // Offsets: strptime's %z reads +HH:MM and +HHMM. `X` also writes a zero offset as `Z` (see below).
  X: { 1: "%z", 2: "%z", 3: "%z" },
  x: { 1: "%z", 2: "%z", 3: "%z" },
  Z: { 1: "%z", 2: "%z", 3: "%z" },
};

/**
 * A strptime format, and where a value read with it gets its UTC offset: from the text (`%z`), from a
 * literal `Z` (UTC), or from nowhere (a wall-clock time, in the property's `defaultTimezone`).
 */
export interface StrptimeFormat {
  format: string;
  offset: "parsed" | "utc" | "none";
}

/** A translated pattern: every strptime format a value may have (one, or two where `X` allows `Z`). */
export type StrptimeTranslation = { formats: StrptimeFormat[] } | { unsupported: string[] };

/**
 * The strptime formats of a JDK DateTimeFormatter pattern, or the pattern parts that have no exact
 * strptime equivalent (`G`, `D`, `w`, `VV`, `[` optional sections, `SS`, …), to name in a warning.
 */
export function jdkPatternToStrptime(pattern: string): StrptimeTranslation {
  const unsupported: string[] = [];
  // `Z` for a zero offset is what `X` writes; a value may use it or a numeric offset.
  let zuluVariant = false;
  let out = "";
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i]!;
    if (ch === "'") {
      // '' is a quote; 'text' is literal text ('' inside it a quote too).
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = "";
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j++;
            continue;
          }
          break;
        }
        text += pattern[j];
      }
      if (j >= pattern.length) {
        unsupported.push("an unterminated quote");
        break;
      }
      out += literalText(text);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let run = 1;
      while (pattern[i + run] === ch) run++;
      const mapped = JDK_LETTERS[ch]?.[run];
      if (mapped === undefined) unsupported.push(ch.repeat(run));
      else {
        if (ch === "X") zuluVariant = true;
        out += mapped;
      }
      i += run;
      continue;
    }
    if (ch === "[" || ch === "]" || ch === "{" || ch === "}" || ch === "#") {
      unsupported.push(ch);
      i++;
      continue;
    }
    out += literalText(ch);
    i++;
  }
  if (unsupported.length > 0) return { unsupported: [...new Set(unsupported)] };
  if (!out.includes("%z")) return { formats: [{ format: out, offset: "none" }] };
  const parsed: StrptimeFormat = { format: out, offset: "parsed" };
  return { formats: zuluVariant ? [parsed, { format: out.replaceAll("%z", "Z"), offset: "utc" }] : [parsed] };
}

/** Literal text in a strptime format: `%` is written `%%`. */
function literalText(text: string): string {
  return text.replaceAll("%", "%%");
}
