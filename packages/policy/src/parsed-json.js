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

/** @param {string} text */
export function parseParsed(text) {
  return JSON.parse(text, (key, value) => {
    if (key === "id" && typeof value === "string") return BigInt(value);
    if (value !== null && typeof value === "object") {
      if (typeof value.$bigint === "string") return BigInt(value.$bigint);
      if (typeof value.$bytes === "string") return new Uint8Array(Buffer.from(value.$bytes, "base64"));
    }
    return value;
  });
}
