/** XML 1.0 escaping for the `junit` format. */

/**
 * Any character outside Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
 * (XML 1.0, section 2.2); with the `u` flag a lone surrogate is a code point of its own, so it matches.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Drop characters XML 1.0 cannot contain at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF), in
 * one replace: a string grown a character at a time is a rope of one node per character until flattened.
 */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, "");
}

const TEXT_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const ATTRIBUTE_ENTITIES: Record<string, string> = {
  ...TEXT_ENTITIES,
  '"': "&quot;",
  "'": "&apos;",
  // Attribute-value normalisation would turn raw whitespace into spaces; character references survive.
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/**
 * A report printed to a CI log is read line by line for GitHub's workflow commands: `::name::` starting a
 * line and the legacy `##[name]` anywhere in one. Line breaks in text (a message quoting a name with one)
 * are written as character references and `##[` as `##&#91;`: the same XML to a parser, no command to a runner.
 */
function inertInLog(xml: string): string {
  return xml.replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/##\[/g, "##&#91;");
}

export function escapeXmlText(text: string): string {
  return inertInLog(stripInvalidXmlChars(text).replace(/[&<>]/g, (c) => TEXT_ENTITIES[c]!));
}

export function escapeXmlAttribute(text: string): string {
  return inertInLog(stripInvalidXmlChars(text).replace(/[&<>"'\t\n\r]/g, (c) => ATTRIBUTE_ENTITIES[c]!));
}

/** `<name a="1" b="2">` (or `/>` when `selfClosing`), attribute values escaped. */
export function xmlTag(name: string, attributes: Record<string, string | number>, selfClosing = false): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`)
    .join("");
  return `<${name}${attrs}${selfClosing ? " />" : ">"}`;
}
