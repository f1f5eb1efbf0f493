/**
 * HTML by construction: `html\`…\`` escapes every interpolated value (text, attribute values, arrays
 * of either) unless it is already `SafeHtml` made by `html` itself. Anything from a document goes
 * through it, so a description like `<script>` or `"><img onerror=…>` shows up as text.
 * `trusted()` wraps the site's own constant CSS and JS, never document content.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

/** The site's own constant markup, CSS or script. Never pass document content. */
export function trusted(text: string): SafeHtml {
  return new SafeHtml(text);
}

/** A link target from a document: only http(s) and mailto URLs become links; anything else is shown as text. */
export function safeUrl(url: string): string | undefined {
  const trimmed = url.trim();
  return /^(https?:\/\/|mailto:)[^\s]+$/i.test(trimmed) ? trimmed : undefined;
}

/** JSON inside `<script type="application/json">`: no `<` (so no `</script>`), no line separators. */
export function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, "\\u003c")
      .replace(/>/g, "\\u003e")
      .replace(/&/g, "\\u0026")
      .replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029"),
  );
}
