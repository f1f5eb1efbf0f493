/** XML 1.0 escaping for the `junit` format. */

/** Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] (XML 1.0, section 2.2). */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Drop characters XML 1.0 cannot contain at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF). */
export function stripInvalidXmlChars(text: string): string {
  let out = "";
  for (const ch of text) if (isXmlChar(ch.codePointAt(0)!)) out += ch;
  return out;
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
