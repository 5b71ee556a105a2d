/** Did-you-mean: the closest known names to a typed one, and nothing when none is close. */

function distance(a: string, b: string): number {
  // Damerau-Levenshtein (optimal string alignment): a swapped pair of letters counts once.
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** The part of a name that tells it apart: without `--` and the SYSGEN_ prefix every variable shares. */
function stem(s: string): string {
  return s.toUpperCase().replace(/^-+/, '').replace(/^SYSGEN_/, '');
}

/**
 * How many edits still look like a typo of a stem this long. Short names get little slack: `IE`
 * is not a typo of `PM`, `pdf` is not one of `md`, `nft` is not one of `ufw`.
 */
function slack(length: number): number {
  if (length <= 2) return 0;
  if (length <= 4) return 1;
  if (length <= 8) return 2;
  return 3;
}

/** Up to `max` candidates, best first, that are close enough to be a plausible typo. */
export function suggest(typed: string, candidates: Iterable<string>, max = 3): string[] {
  const t = stem(typed);
  if (t === '') return [];
  const scored: Array<[number, string]> = [];
  for (const c of candidates) {
    const u = stem(c);
    let score: number;
    if (u === t) score = 0; // the same name, written another way (case, prefix)
    else if (t.length >= 3 && u.startsWith(t)) score = 0.5; // the start of a longer name: nft, nftables
    else {
      const limit = slack(Math.min(t.length, u.length));
      if (Math.abs(t.length - u.length) > limit) continue;
      score = distance(t, u);
      if (score > limit) continue;
    }
    scored.push([score, c]);
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
