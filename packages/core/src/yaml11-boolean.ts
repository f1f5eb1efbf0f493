/**
 * YAML 1.1's other words for a boolean (`yes`, `Off`, `N`, …). meshkit reads YAML 1.2's core schema (as the
 * `yaml` library does by default), where only true and false are booleans: `primaryKey: yes` is the text
 * "yes", even in a document that declares `%YAML 1.1`. Messages that refuse such a text where a boolean
 * belongs say why, or "must be a boolean" beside a `yes` the author meant as one reads as a contradiction.
 */

/** A word as YAML 1.1 lists it: lower case, capitalised and upper case (`yes`, `Yes`, `YES`). */
function yamlWordCases(word: string): string[] {
  return [...new Set([word, word[0]!.toUpperCase() + word.slice(1), word.toUpperCase()])];
}

const YAML_11_BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ...["y", "yes", "on"].flatMap((word) => yamlWordCases(word).map((w) => [w, true] as const)),
  ...["n", "no", "off"].flatMap((word) => yamlWordCases(word).map((w) => [w, false] as const)),
]);

/**
 * "; `yes` is text, not a boolean: … write true" for a text YAML 1.1 read as a boolean, to end a message
 * that refuses it where a boolean belongs; "" for any other value.
 */
export function yaml11BooleanHint(value: unknown): string {
  const meant = typeof value === "string" ? YAML_11_BOOLEAN_WORDS.get(value) : undefined;
  if (meant === undefined) return "";
  return `; \`${value as string}\` is text, not a boolean: meshkit reads YAML 1.2, where only true and false are booleans (also under a %YAML 1.1 directive): write ${String(meant)}`;
}
