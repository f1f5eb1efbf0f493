/**
 * The value a lookup table holds for `key`, or undefined: its own entries only. The key is often read from a
 * document (a logicalType, a format, an SLA property…), and may be `constructor` or `__proto__`, which a plain
 * object literal answers from Object.prototype (a function, an object) instead of with undefined.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
