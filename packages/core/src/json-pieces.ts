/**
 * JSON text in pieces, for documents larger than one JavaScript string can hold (V8's limit is 2^29 - 24
 * characters, ~512 MB): a SARIF report of 460,000 findings, the plan.json of 60,000 contracts. Each piece is
 * written as it is made, so the whole text is never in memory either.
 */

/**
 * `JSON.stringify(value, null, 2)` in pieces: mappings and lists are opened down to `depth` levels (the
 * root is level 0), and each value below that is one piece. Pick the level of the long lists' elements.
 */
export function* jsonPieces(value: unknown, depth: number, indent = ""): Generator<string> {
  const opened = depth > 0 && value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON !== "function";
  if (!opened) {
    yield JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
    return;
  }
  const list = Array.isArray(value);
  const [open, close] = list ? ["[", "]"] : ["{", "}"];
  const inner = `${indent}  `;
  let first = true;
  for (const [key, item] of list ? value.entries() : Object.entries(value)) {
    // As JSON.stringify: a mapping leaves such entries out, a list writes null for them.
    const unwritten = item === undefined || typeof item === "function" || typeof item === "symbol";
    if (unwritten && !list) continue;
    yield `${first ? open : ","}\n${inner}${list ? "" : `${JSON.stringify(key)}: `}`;
    yield* jsonPieces(unwritten ? null : item, depth - 1, inner);
    first = false;
  }
  yield first ? `${open}${close}` : `\n${indent}${close}`;
}

/**
 * A JSON file's text, `JSON.stringify(value, null, 2)` and a newline, in pieces of about 1 MiB for
 * writeFileAtomic or writeOutputFile: a plan, a results file of any size (`depth` as for jsonPieces).
 */
export function jsonFilePieces(value: unknown, depth: number): Iterable<string> {
  return joinedPieces(withNewline(jsonPieces(value, depth)));
}

function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield "\n";
}

/** Pieces joined into pieces of at least `size` characters (the last one may be shorter): one write each. */
export function* joinedPieces(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let batch: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length >= size) {
      yield batch.join("");
      batch = [];
      length = 0;
    }
  }
  if (batch.length > 0) yield batch.join("");
}
