/** Plain sample statistics and a relative comparison, for oracles computed in the tests. */

/** |a − b| ≤ rel · max(|a|, |b|) (exact equality always passes). */
export function relClose(a: number, b: number, rel: number): boolean {
  return a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

export function meanOf(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Sample standard deviation (n − 1), two-pass. */
export function stdevOf(xs: ArrayLike<number>): number {
  const m = meanOf(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}
