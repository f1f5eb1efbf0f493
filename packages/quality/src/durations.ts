// SLA units themselves are core's `secondsPerSlaUnit` (one table for lint, compat and contract-test).

/** "2 d 3 h", "45 min", "12 s": an age for a message, to the two largest units. */
export function formatAge(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(seconds));
  for (const [size, label] of [
    [365 * 86_400, "y"],
    [86_400, "d"],
    [3_600, "h"],
    [60, "min"],
    [1, "s"],
  ] as const) {
    if (rest >= size || (size === 1 && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)} ${label}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}
