/**
 * A contract server's `type` as meshkit compares it: trimmed, lower case, and with ODCS's two spellings of
 * PostgreSQL (the standard's server-type enum lists both `postgres` and `postgresql`) read as `postgres`.
 * Undefined when the type is not text.
 */
export function serverTypeOf(server: { type?: unknown }): string | undefined {
  if (typeof server.type !== "string") return undefined;
  const type = server.type.trim().toLowerCase();
  return type === "postgresql" ? "postgres" : type;
}
