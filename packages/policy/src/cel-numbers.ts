/**
 * A document's numbers as CEL types them: a whole number is an `int`, any other a `double`.
 *
 * JSON and YAML numbers all parse to JavaScript numbers, which CEL reads as doubles; a Kubernetes
 * ValidatingAdmissionPolicy author reads `value: 7` as an int (`s.value * 12` is int arithmetic there, and
 * `no overload (double, int)` here). Each document, the contracts index's, a module's and the parameters are
 * copied once, their whole numbers made bigints (CEL's int in @bufbuild/cel and in compiled code), before any
 * expression reads them. A number past the int range (and every fraction, infinity or NaN) stays a double.
 * YAML's `7.0` parses to the same number as `7`, so it is an int too.
 */
/** 2^63: the first number past CEL's int range (a double cannot hold 2^63 - 1). */
const PAST_MAX_INT = 2 ** 63;
const MIN_INT = -(2 ** 63);

const converted = new WeakMap<object, unknown>();

/** `value` with its whole numbers as bigints; the same copy for the same object (documents are read, never changed). */
export function withCelInts(value: unknown): unknown {
  if (value === null || typeof value !== "object") return celInts(value);
  const known = converted.get(value);
  if (known !== undefined) return known;
  const copy = celInts(value);
  converted.set(value, copy);
  return copy;
}

/** `value` with its whole numbers as bigints (only the root of a document is remembered: a lookup per node costs more than the copy). */
function celInts(value: unknown): unknown {
  switch (typeof value) {
    case "number":
      return Number.isInteger(value) && value >= MIN_INT && value < PAST_MAX_INT ? BigInt(value) : value;
    case "object":
      return value === null ? value : copyWithInts(value);
    default:
      return value;
  }
}

function copyWithInts(value: object): unknown {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (Array.isArray(value)) {
    // No copy for a list without numbers or containers (a list of tags): its identity is kept.
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const made = celInts(item);
      if (out) out.push(made);
      else if (made !== item) {
        out = value.slice(0, i);
        out.push(made);
      }
    }
    return out ?? value;
  }
  // Only plain objects: anything else (a Map of the interpreter, a Date) is left as it is.
  if (proto !== Object.prototype && proto !== null) return value;
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(value);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const item = (value as Record<string, unknown>)[key];
    const made = celInts(item);
    if (out) setOwn(out, key, made);
    else if (made !== item) {
      out = Object.create(proto) as Record<string, unknown>;
      for (let j = 0; j < k; j++) setOwn(out, keys[j]!, (value as Record<string, unknown>)[keys[j]!]);
      setOwn(out, key, made);
    }
  }
  return out ?? value;
}

/** Sets an own property, `__proto__` too (a document may have such a key; assigned, it would set the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
