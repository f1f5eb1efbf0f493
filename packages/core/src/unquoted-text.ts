import { isMapping } from "./kinds.js";
import { fromPointer } from "./pointer.js";

/** What a hint about an unquoted value reads of its document: the parsed value, the file name, and the value's source text. */
export interface UnquotedTextDocument {
  file: string;
  value: unknown;
  sourceAt(pointer: string): string;
}

/**
 * For a value YAML (or JSON) reads as a bool or a number where text belongs (`contractId: 42`, `expression: false`,
 * `tags: [2024]`): how to write it so that it is read as text, to follow a schema's "must be a string" —
 * `: YAML reads \`42\` as a number, not as <meant>; quote it (\`contractId: '42'\`)`. `asText` turns what was
 * written into the text meant (default: as written). "" for a value of any other type.
 */
export function unquotedTextHint(doc: UnquotedTextDocument, pointer: string, meant: string, asText: (written: string, value: boolean | number) => string = (written) => written): string {
  const segments = fromPointer(pointer);
  const value = valueAt(doc.value, segments);
  if (typeof value !== "boolean" && typeof value !== "number") return "";
  const written = doc.sourceAt(pointer).trim() || String(value);
  // (Through an alias, the source is the anchor's value.) A tagged value (`!!int 7`), or text that quoting
  // as is would not keep, gets no hint.
  if (/^[*&!]|['"\r\n]/.test(written)) return "";
  const text = asText(written, value);
  const json = /\.json$/i.test(doc.file);
  const key = segments.at(-1);
  // A list item (`tags: [2024]`) is quoted alone; a mapping's value with its key.
  const quotedText = json ? `"${text}"` : `'${text}'`;
  const quoted = key === undefined || (/^\d+$/.test(key) && Array.isArray(valueAt(doc.value, segments.slice(0, -1)))) ? quotedText : json ? `"${key}": ${quotedText}` : `${key}: ${quotedText}`;
  return `: ${json ? "JSON" : "YAML"} reads \`${written}\` as a ${typeof value === "boolean" ? "bool" : "number"}, not as ${meant}; quote it (\`${quoted}\`)`;
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let value = root;
  for (const segment of segments) value = isMapping(value) || Array.isArray(value) ? (value as Record<string, unknown>)[segment] : undefined;
  return value;
}
