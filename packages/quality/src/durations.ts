// SLA units themselves are core's `secondsPerSlaUnit` (one table for lint, compat and contract-test).

/** "2 d 3 h", "45 min", "12 s", "250 ms": an age for a message, to the two largest units. */
export function formatAge(seconds: number): string {
  // An age that rounds to 0 s is not 0: it is given in milliseconds (a `ms` SLA measures such ages).
  if (seconds > 0 && seconds < 0.5) return seconds < 0.0005 ? "<1 ms" : `${Math.round(seconds * 1000)} ms`;
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
