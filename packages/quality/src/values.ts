/** Reading contract values defensively: a contract under test may not be schema-valid. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

/** `{ [key]: value }` when value is defined, `{}` otherwise: optional fields stay absent, not `undefined`. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Why a pattern cannot be used (not a string, or not a valid ECMA-262 regular expression), or undefined. */
export function patternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== "string" || pattern === "") return "must be a non-empty regular expression";
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return `is not a valid regular expression (${(error as Error).message})`;
  }
}
