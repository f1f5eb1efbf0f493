/**
 * Random YAML texts whose strings are wrapped over several lines, as PyYAML writes long strings (at 80
 * columns by default: datacontract-cli and most Python tooling write contracts with it), plus the
 * hand-edited variants of them: other widths and indentations, blank lines, comments, words that look like
 * YAML indicators. For the tests of the fast YAML reader and of the position index (both must agree with
 * their references on every such text they accept).
 */

export type Random = () => number;

function pick<T>(rand: Random, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

const WORDS = ["the", "order", "customer", "row", "holds", "one", "per", "placed", "in", "web", "shop", "including", "cancelled", "test", "flagged", "by", "is_test", "column.", "amount,", "(EUR)", "e.g.", "2026-06-30", "v1.2.3", "x@example.com", "naïve", "日本", "😀"];
// Words that are YAML indicators, or would end a plain scalar, where a wrapped line may start or end.
const ODD_WORDS = ["-", "--", "---", "...", "?", ":", "a:b", "a:", "#tag", "x#y", "'q'", '"dq"', "[a]", "{b}", "*s", "&a", "!t", "|", ">", "%", "@", "`", ",", "1", "0x1F", "1e3", "true", "null", "~", "0b1", "http://x.y/z#f", "\\", "''", "it's"];

function words(rand: Random): string[] {
  return Array.from({ length: 1 + Math.floor(rand() * 30) }, () => (rand() < 0.06 ? pick(rand, ODD_WORDS) : pick(rand, WORDS)));
}

/**
 * `text` cut at its spaces into lines of about `width` columns, the first starting at `column`: PyYAML's
 * rule (a line breaks at the first space past the width, so no line is empty). A space that would start a
 * line stays at the end of the previous one.
 */
function wrap(text: string, width: number, column: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let at = column;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === " " && text[i + 1] !== " " && text[i - 1] !== " " && at > width && i > start) {
      lines.push(text.slice(start, i));
      start = i + 1;
      at = 0;
    } else at++;
  }
  lines.push(text.slice(start));
  return lines;
}

/** A string wrapped in one of the scalar styles, as the lines after `prefix` (the key or dash), continued at column `indent`. */
function wrappedScalar(rand: Random, prefix: string, indent: number): string[] {
  const style = pick(rand, ["plain", "plain", "plain", "single", "double", "double-escaped"]);
  let text = words(rand).join(rand() < 0.05 ? "  " : " ");
  if (style === "plain" && rand() < 0.2) text += pick(rand, [" #trailing", " # a comment", "  # c"]);
  const width = 20 + Math.floor(rand() * 80);
  const pad = (): string => " ".repeat(Math.max(0, indent + pick(rand, [0, 0, 0, 0, 1, 2, -1, -2])));
  const quote = (line: string): string => (style === "single" ? line.replace(/'/g, "''") : style === "plain" ? line : line.replace(/[\\"]/g, (c) => `\\${c}`));
  let lines = wrap(text, width, prefix.length).map(quote);
  if (style === "double-escaped") {
    // PyYAML's double quotes: each line but the last ends with `\`, and a line starting with a space escapes it.
    if (rand() < 0.3) lines[0] += pick(rand, ["\\t", "\\x41", "\\u00e9", "\\n", "\\\\", "\\ "]);
    lines = lines.map((line, i) => (i < lines.length - 1 ? `${line}\\` : line)).map((line, i) => (i > 0 && rand() < 0.3 ? `\\ ${line}` : line));
  }
  const open = style === "single" ? "'" : style === "plain" ? "" : '"';
  const out = lines.map((line, i) => (i === 0 ? `${prefix} ${open}${line}` : `${pad()}${line}`));
  out[out.length - 1] += open;
  // Blank lines (paragraphs), spaces at line ends, a comment after the scalar.
  for (let i = out.length - 1; i > 0; i--) {
    if (rand() < 0.1) out.splice(i, 0, pick(rand, ["", "", " ".repeat(indent + 3), " "]));
    if (rand() < 0.05) out[i - 1] += "  ";
  }
  if (rand() < 0.15) out[out.length - 1] += pick(rand, [" # c", "  #c", " "]);
  if (rand() < 0.05) out.push(`${" ".repeat(Math.max(0, indent + pick(rand, [0, 2, -2])))}# a comment line`);
  return out;
}

/** A block collection at column `indent`: keys with short or wrapped values, nested collections, sequences of wrapped strings and of compact mappings. */
function collection(rand: Random, depth: number, indent: number, sequence: boolean): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  const entries = 1 + Math.floor(rand() * 5);
  for (let e = 0; e < entries; e++) {
    const prefix = sequence ? `${pad}-` : `${pad}k${e}:`;
    const choice = rand();
    if (choice < 0.5) lines.push(...wrappedScalar(rand, prefix, indent + pick(rand, [2, 2, 2, 1, 4])));
    else if (choice < 0.65) lines.push(`${prefix} ${pick(rand, ["x", "1", "true", "'short'", '"short"', "[a, b]"])}`);
    else if (choice < 0.85 && depth < 3) {
      const nested = pick(rand, [2, 2, 4]);
      lines.push(prefix, ...collection(rand, depth + 1, indent + nested, rand() < 0.4));
    } else if (sequence) {
      // a compact mapping: `- name: x` and more keys at the key's column, as PyYAML writes lists of objects
      lines.push(`${pad}- name: c${e}`, ...wrappedScalar(rand, `${pad}  description:`, indent + 4));
    } else lines.push(...wrappedScalar(rand, `${pad}k${e}b:`, indent + 2));
  }
  return lines;
}

/** One document (sometimes two), as a text. */
export function wrappedYaml(rand: Random): string {
  const documents = rand() < 0.9 ? 1 : 2;
  return Array.from({ length: documents }, () => collection(rand, 0, 0, rand() < 0.2).join("\n")).join("\n---\n") + pick(rand, ["\n", "\n", "", "\n\n"]);
}
