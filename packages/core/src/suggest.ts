/** The candidate `word` is a likely typo of (see closeCandidates), for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  return closeCandidates(word, candidates)[0];
}

/**
 * The candidates `word` is a likely typo of (case-insensitive), nearest first (ties in the candidates' order):
 * within one edit, or two when both words have at least five letters. Two edits turn any short word into
 * another (`pii`, `pk`, `min` and `x` are all two from `id`; `note` two from `name`), so a hint built on them
 * would send the author to a key or value they never meant.
 */
export function closeCandidates(word: string, candidates: readonly string[]): string[] {
  return candidates
    .map((candidate, index) => ({ candidate, index, distance: typoDistance(word.toLowerCase(), candidate.toLowerCase()) }))
    .filter((c) => c.distance <= typoBudget(word, c.candidate))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .map((c) => c.candidate);
}

/** The edits a typo may hold: one, or two between words of five letters or more. */
function typoBudget(word: string, candidate: string): number {
  return Math.min(word.length, candidate.length) >= MIN_LENGTH_FOR_TWO_EDITS ? 2 : 1;
}
const MIN_LENGTH_FOR_TWO_EDITS = 5;

/**
 * Edit distance in which two swapped neighbours count as one edit (optimal string alignment): the distance
 * of a typo, `retierd` one from `retired`.
 */
export function typoDistance(a: string, b: string): number {
  // Three rows: a swap looks two rows back.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j]!, before[j - 2]! + 1);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
