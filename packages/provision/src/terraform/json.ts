/**
 * Terraform JSON syntax (`*.tf.json`): every string value of an argument is a string template, so a
 * literal taken from a contract (a description, a tag value) must have its `${` and `%{` sequences
 * escaped (`$${`, `%%{`), and a reference is a whole template (`"${aws_s3_bucket.lake.id}"`). Values
 * are built from plain JSON (literals, escaped on output), `Expr` (a template written verbatim) and
 * `Raw` (a string that is not a template at all: `depends_on` entries). Output is deterministic: object
 * keys sorted by code unit, two-space indentation, a final newline.
 */

/** A Terraform template, written as is: `${var.region}`, `arn:${var.partition}:s3:::x`. */
export class Expr {
  constructor(readonly template: string) {}
}

/** A string Terraform does not read as a template (the entries of `depends_on`). */
export class Raw {
  constructor(readonly text: string) {}
}

export type TfValue = string | number | boolean | null | Expr | Raw | TfValue[] | { [key: string]: TfValue | undefined };
export type TfObject = { [key: string]: TfValue | undefined };

/** `${<traversal>}`: a reference such as `aws_s3_bucket.customer.id` or `var.aws_region`. */
export function ref(traversal: string): Expr {
  return new Expr(`\${${traversal}}`);
}

/** A literal escaped for a template: `${` becomes `$${`, `%{` becomes `%%{`. */
export function escapeTemplate(literal: string): string {
  // A function, not a replacement string: in one, `$$` would mean a single `$`.
  return literal.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * A template from a tagged template literal: interpolated strings and numbers are literals (escaped),
 * interpolated `Expr`s are spliced in. `tpl\`s3://${ref("aws_s3_bucket.x.bucket")}/domain=${domain}/\``.
 */
export function tpl(strings: TemplateStringsArray, ...values: (string | number | Expr)[]): Expr {
  let out = escapeTemplate(strings[0] ?? "");
  values.forEach((value, i) => {
    out += value instanceof Expr ? value.template : escapeTemplate(String(value));
    out += escapeTemplate(strings[i + 1] ?? "");
  });
  return new Expr(out);
}

/** A Terraform string literal for use inside an interpolation: `"a\"b"`. Only for simple names. */
export function hclString(value: string): string {
  if (/["\\$%\n\r]/.test(value)) throw new Error(`not a simple string for an HCL expression: ${JSON.stringify(value)}`);
  return `"${value}"`;
}

/** The JSON value Terraform reads, with literals escaped and keys sorted. */
export function toJsonValue(value: TfValue | undefined): unknown {
  if (value === undefined || value === null) return value;
  if (value instanceof Expr) return value.template;
  if (value instanceof Raw) return value.text;
  if (typeof value === "string") return escapeTemplate(value);
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareCodeUnits)) {
    const item = value[key];
    if (item !== undefined) out[key] = toJsonValue(item);
  }
  return out;
}

/** The file text: 2-space JSON, keys sorted, one final newline. */
export function renderJsonFile(value: TfObject): string {
  return `${JSON.stringify(toJsonValue(value), null, 2)}\n`;
}

/**
 * A JSON document (an IAM or KMS policy) as a Terraform template string: literals escaped, `Expr`s
 * spliced into their string positions. The spliced templates must not contain `"` or `\`, which would
 * need JSON escaping inside the document (references and `var.` lookups never do).
 */
export function jsonDocument(value: TfValue): Expr {
  const exprs: string[] = [];
  const walk = (v: TfValue | undefined): unknown => {
    if (v === undefined || v === null) return v;
    if (v instanceof Expr) {
      if (/["\\]/.test(v.template)) throw new Error(`template ${v.template} cannot be spliced into a JSON document`);
      exprs.push(v.template);
      return `\u0000${exprs.length - 1}\u0000`;
    }
    if (v instanceof Raw) return v.text;
    // NUL never belongs in a policy and would read as a placeholder.
    if (typeof v === "string") return escapeTemplate(v.split("\u0000").join(""));
    if (typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(walk);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) if (v[key] !== undefined) out[key] = walk(v[key]);
    return out;
  };
  const text = JSON.stringify(walk(value)).replace(/\\u0000(\d+)\\u0000/g, (_m, i: string) => exprs[Number(i)] ?? "");
  return new Expr(text);
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
