/**
 * A CEL value as a runtime error names it (`returned the string "c9", not a bool`). The values the
 * evaluators hand back are not all JSON: a uint (CelUint), an int of the interpreter (bigint), a timestamp
 * or duration (protobuf messages), a CEL list or map. JSON.stringify threw on several of them, which
 * stopped the whole run ("internal error", exit 2) instead of failing the one rule on the one document, and
 * it copied a whole document into the message when an expression returned `object` by mistake: the text
 * is short whatever the value.
 */
import { oneLine } from "@meshkit/core";
import { celLibrary } from "./cel-lib.js";

/** Longest string quoted in the text. */
const QUOTED_LENGTH = 60;

export function describeCelValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return `the string ${JSON.stringify(oneLine(value, QUOTED_LENGTH))}`;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Uint8Array) return `bytes (${value.length})`;
  const { cel } = celLibrary();
  if (cel.isCelUint(value)) return `${value.value}u`;
  if (cel.isCelType(value)) return `the type ${value.name}`;
  if (Array.isArray(value)) return count(value.length, "a list of", "element");
  if (cel.isCelList(value)) return count(value.size, "a list of", "element");
  if (value instanceof Map || cel.isCelMap(value)) return count(value.size, "a map of", "entry");
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return count(Object.keys(value).length, "a map of", "entry");
  // A timestamp, a duration (protobuf messages, held in a reflection wrapper): named by their CEL type.
  const name = celTypeName(value);
  if (name !== undefined) return TYPE_WORDS[name] ?? `a ${name}`;
  return `a ${typeof value}`;
}

const TYPE_WORDS: Readonly<Record<string, string>> = { "google.protobuf.Timestamp": "a timestamp", "google.protobuf.Duration": "a duration" };

function celTypeName(value: unknown): string | undefined {
  try {
    return celLibrary().cel.celType(value as Parameters<ReturnType<typeof celLibrary>["cel"]["celType"]>[0]).name;
  } catch {
    return undefined;
  }
}

function count(n: number, what: string, noun: string): string {
  return `${what} ${n} ${n === 1 ? noun : noun === "entry" ? "entries" : `${noun}s`}`;
}
