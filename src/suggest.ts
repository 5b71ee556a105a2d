/** Did-you-mean: the closest known names to a typed one. */

function distance(a: string, b: string): number {
  // Damerau-Levenshtein (optimal string alignment): a swapped pair of letters counts once.
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => {
    const row = new Array<number>(n + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= n; j++) d[0]![j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
}

/** Up to `max` candidates, best first, that are close enough to be a plausible typo. */
export function suggest(typed: string, candidates: Iterable<string>, max = 3): string[] {
  const t = typed.toUpperCase();
  const scored: Array<[number, string]> = [];
  for (const c of candidates) {
    const u = c.toUpperCase();
    let score = distance(t, u);
    // A name typed without the SYSGEN_ prefix, or a unique part of a long name, is a strong hint.
    if (u === `SYSGEN_${t}`) score = 0;
    else if (t.length >= 4 && u.includes(t)) score = Math.min(score, 1);
    const limit = Math.max(2, Math.floor(u.length / 3));
    if (score <= limit) scored.push([score, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  // Only the closest candidates: a clear winner is shown alone.
  const best = scored[0]?.[0];
  return scored.filter((s) => s[0] === best).slice(0, max).map((s) => s[1]);
}

/** ` (did you mean X or Y?)`, or nothing. */
export function didYouMean(typed: string, candidates: Iterable<string>): string {
  const s = suggest(typed, candidates);
  if (s.length === 0) return '';
  return ` (did you mean ${s.length === 1 ? s[0] : `${s.slice(0, -1).join(', ')} or ${s[s.length - 1]}`}?)`;
}
