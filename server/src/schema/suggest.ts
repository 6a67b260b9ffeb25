/**
 * "Did you mean ...?" for unknown field names and enum values.
 *
 * A candidate is a near miss when it equals the input ignoring case, or when their
 * Damerau–Levenshtein distance (optimal string alignment: insert, delete, substitute, swap two
 * neighbours) is at most 2 and smaller than the input's length (so `ab` does not "mean" `xy`).
 * The best candidate wins: case-insensitive equality first, then the smallest distance, then the
 * first in schema order. Only one suggestion is ever made, because a fix must be unambiguous.
 */

/** Optimal-string-alignment distance, with an early exit once every cell exceeds `max`. */
export function damerauLevenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

/** The single best near miss for `input` among `candidates`, or null. */
export function suggest(input: string, candidates: Iterable<string>): string | null {
  const lower = input.toLowerCase();
  let best: string | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c === input) continue;
    if (c.toLowerCase() === lower) return c;
    const d = damerauLevenshtein(input, c, 2);
    if (d <= 2 && d < input.length && d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}
