/**
 * "Did you mean" for unknown option keys: Kronos and docassemble spellings, another case or
 * underscores, and typos, so a port from Kronos fails with the name to use instead.
 */

/** Kronos' option names whose successor is not just the same word in camelCase. */
const KRONOS_NAMES: Readonly<Record<string, string>> = { taskname: 'name', processmethod: 'processMethod', kwargs: 'kw' };

/**
 * The known key an unknown one most likely meant: a Kronos name, the same word in another
 * case or with underscores (`initialdelay`, `time_zone`), or a near miss by one or two edits
 * (`intreval`, `maxInstance`); none when nothing is that close.
 */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  const bare = key.replace(/[_-]/g, '').toLowerCase();
  const kronos = KRONOS_NAMES[bare];
  if (kronos !== undefined && allowed.includes(kronos)) return kronos;
  const same = allowed.find((k) => k.toLowerCase() === bare);
  if (same) return same;
  const budget = bare.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const candidate of allowed) {
    const distance = editDistance(bare, candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal-string-alignment distance (a swap of neighbours is one edit), capped at `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] as number) + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length] as number, cap);
}
