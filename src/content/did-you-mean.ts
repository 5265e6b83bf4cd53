/** Edit distance (insertions, deletions, substitutions, and swaps of two neighbours). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

// Case, dashes and underscores aside: `As_Of` is `asOf`.
const folded = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');

/**
 * The known name a misspelt one most likely meant (`organization` -> `organisation`, `autor` ->
 * `author`), or undefined: one edit in a short name, two in a name of eight letters or more.
 */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  const wanted = folded(name);
  const allowed = wanted.length >= 8 ? 2 : 1;
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(wanted, folded(k));
    if (d <= allowed && (!best || d < best.d)) best = { name: k, d };
  }
  return best?.name;
}
