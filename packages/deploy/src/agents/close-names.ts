/** Levenshtein distance, case-insensitive: a name typed with other capitals is the closest match there is. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * Up to `limit` candidates near `wanted`, nearest first (ties by name, so the list is stable). Only plausible
 * typos count: a distance of at most a third of the name (at least 2), or the same name in other capitals.
 */
export function closeNames(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  const bound = Math.max(2, Math.ceil(wanted.length / 3));
  return [...new Set(candidates)]
    .map((name) => ({ name, distance: editDistance(wanted, name) }))
    .filter((c) => c.distance <= bound)
    .sort((x, y) => x.distance - y.distance || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .slice(0, limit)
    .map((c) => c.name);
}

/** "did you mean a, b?" or an empty string. */
export function didYouMean(names: readonly string[]): string {
  return names.length ? ` Close matches: ${names.join(', ')}.` : '';
}
