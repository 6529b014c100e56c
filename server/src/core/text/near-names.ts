/** Edits (insert, delete, replace one character) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** The names a mistyped one most likely meant (`restrat` → `restart`): within a third of its length in edits. */
export function nearNames(name: string, names: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored = names.map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) })).filter((each) => each.distance <= limit);
  const best = Math.min(...scored.map((each) => each.distance));
  return scored.filter((each) => each.distance === best).map((each) => each.candidate);
}

/**
 * ` (did you mean x?)` for a mistyped name, or nothing when no name is near it. A name the written
 * one begins is meant too (`warn` → `warning`, as ESLint spells it).
 */
export function didYouMean(written: unknown, names: readonly string[]): string {
  if (typeof written !== 'string') return '';
  const near = nearNames(written, names);
  const meant = near.length > 0 || written.length < 3 ? near : names.filter((name) => name.startsWith(written));
  return meant.length > 0 ? ` (did you mean ${meant.join(' or ')}?)` : '';
}
