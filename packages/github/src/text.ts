/** Log-safe text: no terminal escapes or other control characters reach the step log. */

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Drops control characters except tab and line breaks (workflow commands escape those). */
export function stripControls(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (!isControl(code) || ch === "\t" || ch === "\n" || ch === "\r") out += ch;
  }
  return out;
}

/** One line: each run of control characters and line/paragraph separators becomes one space; trimmed. */
export function oneLine(text: string): string {
  let out = "";
  let gap = false;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (isControl(code) || code === 0x2028 || code === 0x2029) {
      gap = true;
      continue;
    }
    if (gap && out !== "") out += " ";
    gap = false;
    out += ch;
  }
  return out.trim();
}
