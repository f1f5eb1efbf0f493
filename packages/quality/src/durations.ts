// SLA units themselves are core's `secondsPerSlaUnit` (one table for lint, compat and contract-test).

/** "2 d 3 h", "45 min", "1.4 s", "250 ms": an age for a message, to the two largest units (under a minute, to the millisecond). */
export function formatAge(seconds: number): string {
  // An age under a second is given in milliseconds (a `ms` SLA measures such ages), and one under a minute to
  // the millisecond: rounded to whole seconds, 0.5 s would read `1 s old` beside `must be at most 500 ms`, which
  // it meets, and 1.4 s `1 s old` beside `must be at most 1 s`, which it fails (or 0.2 s `0 s`).
  if (seconds > 0 && seconds < 0.0005) return "<1 ms";
  const milliseconds = Math.round(seconds * 1000);
  if (seconds > 0 && milliseconds < 1000) return `${milliseconds} ms`;
  if (seconds > 0 && milliseconds < 60_000) return `${Number((milliseconds / 1000).toFixed(3))} s`;
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
