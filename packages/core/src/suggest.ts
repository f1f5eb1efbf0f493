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
  const lowered = word.toLowerCase();
  return candidates
    .map((candidate, index) => ({ candidate, index, distance: typoDistance(lowered, candidate.toLowerCase(), typoBudget(word, candidate)) }))
    .filter((c) => c.distance <= typoBudget(word, c.candidate))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .map((c) => c.candidate);
}

/**
 * The candidates `word` names as a family, without the last `-part` that tells them apart: `property-removed`, or a
 * likely typo of it (closeCandidates), for `property-removed-optional` and `property-removed-required`. Each of them
 * is as far from the word as the other, so no one candidate is closest: the hint names them all. Only a family of
 * two or more; none when the word is near no family's name.
 */
export function familyMembers(word: string, candidates: readonly string[]): string[] {
  const family = (candidate: string) => candidate.slice(0, Math.max(0, candidate.lastIndexOf("-")));
  const members = new Map<string, string[]>();
  for (const candidate of candidates) {
    const name = family(candidate);
    if (name !== "") members.set(name, [...(members.get(name) ?? []), candidate]);
  }
  const [meant] = closeCandidates(word, [...members].filter(([, list]) => list.length > 1).map(([name]) => name));
  return meant === undefined ? [] : members.get(meant)!;
}

/**
 * What a misspelt id was meant to be, for a "did you mean": the closest candidate (closest), else every member of
 * the family it names (familyMembers: `relationship` for `relationship-reference` and `relationship-type`); none
 * when it is near neither.
 */
export function meantCandidates(word: string, candidates: readonly string[]): string[] {
  const meant = closest(word, candidates);
  return meant === undefined ? familyMembers(word, candidates) : [meant];
}

/** `a`, `a or b`, `a, b or c`: the candidates a "did you mean" offers. */
export function alternatives(words: readonly string[]): string {
  return words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/**
 * The value of a fixed list a misspelt, miscased or shortened `word` was meant to be (`ERROR`, `forwards`, `warn`,
 * `int`): the closest, else the one it abbreviates. A typo of under four letters only in case, since edit distance
 * alone puts short words near too many values.
 */
export function meantValue(word: string, allowed: readonly string[]): string | undefined {
  const near = closeCandidates(word, allowed).filter((candidate) => word.length >= 4 || candidate.toLowerCase() === word.toLowerCase());
  return near[0] ?? abbreviatedFrom(word, allowed);
}

/**
 * The candidate `word` shortens (case-insensitive): `warn` for `warning` (ESLint's spelling of the level),
 * `int` for `integer`, `bool` for `boolean`. Edit distance misses these (`warn` is three edits from
 * `warning`). Three letters at least, and only when one candidate is meant: the shortest of those `word`
 * begins, if it begins all of them (`back` means `backward`, not `backward-transitive`).
 */
export function abbreviatedFrom(word: string, candidates: readonly string[]): string | undefined {
  const start = word.toLowerCase();
  if (start.length < 3) return undefined;
  const longer = candidates.filter((candidate) => candidate.length > start.length && candidate.toLowerCase().startsWith(start));
  const shortest = longer.reduce<string | undefined>((best, candidate) => (best === undefined || candidate.length < best.length ? candidate : best), undefined);
  return shortest !== undefined && longer.every((candidate) => candidate.toLowerCase().startsWith(shortest.toLowerCase())) ? shortest : undefined;
}

/** The most edits any typo may hold (typoBudget's largest). */
const MAX_TYPO_EDITS = 2;
/**
 * How many pieces typoFinder cuts a candidate into: two edits touch at most four of them (a swap across a cut
 * touches two), so one piece of any candidate within two edits of a word is in that word verbatim.
 */
const PIECES = 2 * MAX_TYPO_EDITS + 1;

/** Where the PIECES pieces of a text of `length` characters start and end, nearly equal in size. */
function pieceBounds(length: number): [number, number][] {
  return Array.from({ length: PIECES }, (_, i) => [Math.floor((i * length) / PIECES), Math.floor(((i + 1) * length) / PIECES)]);
}

/**
 * `closest(word, candidates)` for many words over one list of candidates (every contract id of a repository,
 * asked once per port that names none): the same answer, without comparing each word with every candidate.
 * Candidates are indexed by their pieces (see PIECES); a word is compared only with those that have a piece
 * in it, at most two characters from where the candidate has it (the edits before it shift it).
 */
export function typoFinder(candidates: readonly string[]): (word: string) => string | undefined {
  const byPiece = new Map<string, number[]>();
  // Candidates too short to cut into PIECES non-empty pieces are compared with every word.
  const short: number[] = [];
  const loweredCandidates = candidates.map((candidate) => candidate.toLowerCase());
  loweredCandidates.forEach((lowered, index) => {
    if (lowered.length < PIECES) {
      short.push(index);
      return;
    }
    pieceBounds(lowered.length).forEach(([start, end], piece) => {
      const key = `${lowered.length}:${piece}:${lowered.slice(start, end)}`;
      const holders = byPiece.get(key);
      if (holders) holders.push(index);
      else byPiece.set(key, [index]);
    });
  });
  return (word) => {
    const lowered = word.toLowerCase();
    const near = new Set(short);
    // A candidate within two edits is at most two characters longer or shorter.
    for (let length = Math.max(PIECES, lowered.length - MAX_TYPO_EDITS); length <= lowered.length + MAX_TYPO_EDITS; length++) {
      pieceBounds(length).forEach(([start, end], piece) => {
        for (let from = start - MAX_TYPO_EDITS; from <= start + MAX_TYPO_EDITS; from++) {
          if (from < 0 || from + end - start > lowered.length) continue;
          for (const index of byPiece.get(`${length}:${piece}:${lowered.slice(from, from + end - start)}`) ?? []) near.add(index);
        }
      });
    }
    // closest()'s answer among them: the nearest within its budget, the first in the candidates' order on a tie.
    let best: { index: number; distance: number } | undefined;
    for (const index of near) {
      const budget = typoBudget(word, candidates[index]!);
      const distance = typoDistance(lowered, loweredCandidates[index]!, Math.min(budget, best ? best.distance : budget));
      if (distance > budget) continue;
      if (!best || distance < best.distance || (distance === best.distance && index < best.index)) best = { index, distance };
    }
    return best === undefined ? undefined : candidates[best.index];
  };
}

/** The edits a typo may hold: one, or two between words of five letters or more. */
function typoBudget(word: string, candidate: string): number {
  return Math.min(word.length, candidate.length) >= MIN_LENGTH_FOR_TWO_EDITS ? 2 : 1;
}
const MIN_LENGTH_FOR_TWO_EDITS = 5;

/**
 * Edit distance in which two swapped neighbours count as one edit (optimal string alignment): the distance
 * of a typo, `retierd` one from `retired`. With a `limit`, a distance above it is given as `limit + 1`, found
 * without filling the whole table (a typo check needs no more).
 */
export function typoDistance(a: string, b: string, limit = Infinity): number {
  // A distance is at least the difference in length; past `limit` its exact value is not needed.
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // What both begin and end with takes no edit: ids of one repository often share a long prefix.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const past = limit + 1;
  const n = endB - start;
  // Three rows, reused (a swap looks two rows back). A cell i, j is at least |i - j|: with a limit, a row is
  // filled only within it of the diagonal, and the cells around that band read as `past` (any value above
  // the limit serves there, as a distance above it is not given exactly).
  for (const row of DISTANCE_ROWS) {
    while (row.length <= n) row.push(past);
    row.fill(past, 0, n + 1);
  }
  let [before, previous, current] = DISTANCE_ROWS;
  for (let j = 0; j <= Math.min(n, limit); j++) previous[j] = j;
  let previousLeast = 0;
  for (let i = 1; i <= endA - start; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(n, i + limit);
    const x = a[start + i - 1];
    // The cell left of the band: column 0 is i; elsewhere, a value this row kept from three rows before.
    current[from - 1] = from === 1 ? i : past;
    let least = from === 1 ? i : past;
    for (let j = from; j <= to; j++) {
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x === b[start + j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x === b[start + j - 2] && a[start + i - 2] === b[start + j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < least) least = value;
    }
    // No cell of a row is below the least of the two rows before it (a swap reads two back): once two rows
    // in a row exceed the limit, so does every later one, and the distance.
    if (least > limit && previousLeast > limit) return past;
    previousLeast = least;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[n]!, past);
}
/** typoDistance's three rows, kept between calls (it is called once per candidate of every "did you mean"). */
const DISTANCE_ROWS: [number[], number[], number[]] = [[], [], []];
