/** Which new name a missing table or column was probably renamed to. */

/**
 * The one candidate that looks like a rename of `missing`: equal ignoring
 * case, one a prefix or suffix of the other, or within edit distance
 * max(2, 30% of the longer name). Two or more such candidates: none.
 */
export function pickRenameTarget(
  missing: string,
  candidates: readonly string[],
): string | null {
  const name = missing.toLowerCase();
  const lower = lowerCaseOf(candidates);
  let target: string | null = null;

  for (const [i, candidate] of candidates.entries()) {
    if (!isLikelyRename(name, lower[i] ?? candidate)) continue;
    if (target !== null) return null;
    target = candidate;
  }
  return target;
}

// One candidate list serves every missing table of a schema, so its lower
// case spelling is kept with it.
const lowerCases = new WeakMap<readonly string[], readonly string[]>();

function lowerCaseOf(names: readonly string[]): readonly string[] {
  const known = lowerCases.get(names);
  if (known !== undefined) return known;

  const lower = names.map((n) => n.toLowerCase());
  lowerCases.set(names, lower);
  return lower;
}

function isLikelyRename(a: string, b: string): boolean {
  if (a.startsWith(b) || b.startsWith(a)) return true;
  if (a.endsWith(b) || b.endsWith(a)) return true;

  const limit = Math.max(2, Math.floor(0.3 * Math.max(a.length, b.length)));
  return isWithinDistance(a, b, limit);
}

// Levenshtein distance that gives up as soon as every path costs more than
// `limit`: a schema of thousands of tables is compared against each
// missing one, and almost every pair is far apart.
function isWithinDistance(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;

  let previous = new Uint32Array(b.length + 1).map((_, j) => j);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current[j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return false;
    [previous, current] = [current, previous];
  }
  return (previous[b.length] ?? 0) <= limit;
}
