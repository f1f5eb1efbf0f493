// A parsed CEL expression (cel.expr.ParsedExpr) as compact JSON text and back. scripts/build-packs.mjs
// stores the built-in packs' expressions this way, because parsing is most of a pack's load time (the
// PEG parser takes ~2 ms an expression) and the pre-commit hook loads the baseline pack on every
// commit; cel.ts reads them back. Plain JavaScript so that the build script and the package share it.
//
// Compact: nested nodes drop their `$typeName` (the planner dispatches on `exprKind.case`, and
// parsed-json.test.ts proves every stored expression evaluates as a freshly parsed one), and the
// source positions and macro calls, which only error messages and unparsing read, are left out.
// Node ids (int64) are stored as decimal strings; int and uint constants as {"$bigint": "<decimal>"}.

/** @param {{ $typeName: string, expr?: unknown }} parsed */
export function stringifyParsed(parsed) {
  const body = JSON.stringify(parsed.expr, (key, value) => {
    if (key === "$typeName") return undefined;
    if (typeof value === "bigint") return key === "id" ? value.toString() : { $bigint: value.toString() };
    if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString("base64") };
    return value;
  });
  return `{"$typeName":${JSON.stringify(parsed.$typeName)},"expr":${body}}`;
}

/**
 * The tree back from its text. One JSON.parse and a walk over the result: a JSON.parse reviver does the
 * same but is called for every key, which made the built-in pack's ~100 trees cost ~50 ms to load.
 * @param {string} text
 */
export function parseParsed(text) {
  return revive(JSON.parse(text));
}

/** @param {unknown} value */
function revive(value) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  const record = /** @type {Record<string, unknown>} */ (value);
  if (typeof record.$bigint === "string") return BigInt(record.$bigint);
  if (typeof record.$bytes === "string") return new Uint8Array(Buffer.from(record.$bytes, "base64"));
  for (const key of Object.keys(record)) {
    const child = record[key];
    record[key] = key === "id" && typeof child === "string" ? BigInt(child) : revive(child);
  }
  return record;
}
