/** "Did you mean" suggestions for misspelt keys and enum values. */

export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

/** The closest candidate, when it is close enough to be a likely typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = input.toLowerCase();
  for (const c of candidates) {
    const score = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  const allowed = Math.max(2, Math.floor(input.length / 3));
  if (best !== undefined && bestScore <= allowed) return best;
  // A shortened or lengthened name ("replicas" for "replicaCount"): one candidate shares nearly all of its start.
  const shared = (c: string) => {
    let i = 0;
    while (i < c.length && i < lower.length && c[i].toLowerCase() === lower[i]) i++;
    return i;
  };
  const need = Math.max(4, Math.min(lower.length, 12) - 2);
  const prefixed = candidates.filter((c) => shared(c) >= need);
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
