/**
 * Small helpers for writing YAML by hand. Templates are strings (readable, commented, stable key order);
 * every value that comes from the user goes through `scalar`, so it stays one quoted YAML string.
 */

const PLAIN = /^[A-Za-z][A-Za-z0-9_.@/-]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|null|y|n)$/i;

/** A YAML scalar for a string: plain when that reads back as the same string, else single-quoted. */
export function scalar(value: string): string {
  if (PLAIN.test(value) && !RESERVED.test(value)) return value;
  // Callers pass one printable line (see names.ts); single quotes only need doubling.
  return `'${value.replace(/'/g, "''")}'`;
}

/** Lines joined with newlines, ending with one; `undefined` and `false` entries are left out. */
export function lines(...parts: (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === "string").join("\n") + "\n";
}

/** Indents every non-empty line of a block by `spaces`. */
export function indent(block: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return block
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line === "" ? line : pad + line))
    .join("\n");
}
