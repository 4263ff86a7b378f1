/**
 * Sets of routes of any size. The network's down routes are a fixed-width bitset of
 * `wordsFor(routes)` int32 words (bit r & 31 of word r >> 5 = route r); a scenario of at
 * most 32 routes has one word, which is exactly the old 31-bit route mask.
 *
 * A path or a scheme's projection touches few routes of a big mesh, so it is kept
 * sparse: the list of its non-zero words and their bits. Testing it against the down
 * bitset costs one `&` per word it touches, one in a small scenario.
 */

/** Int32 words of a bitset over `count` routes (at least one). */
export function wordsFor(count: number): number {
  return Math.max(1, (count + 31) >>> 5);
}

export class RouteSet {
  /** Route indices, ascending. */
  readonly routes: readonly number[];
  /** Indices of the set's non-zero words, ascending. */
  readonly words: Int32Array;
  /** The set's bits in each of those words. */
  readonly bits: Int32Array;

  constructor(routes: Iterable<number>) {
    this.routes = [...new Set(routes)].sort((a, b) => a - b);
    const byWord = new Map<number, number>();
    for (const r of this.routes) byWord.set(r >>> 5, (byWord.get(r >>> 5) ?? 0) | (1 << (r & 31)));
    this.words = Int32Array.from(byWord.keys());
    this.bits = Int32Array.from(byWord.values());
  }

  static union(sets: Iterable<RouteSet>): RouteSet {
    const routes: number[] = [];
    for (const s of sets) routes.push(...s.routes);
    return new RouteSet(routes);
  }

  /** Whether any route of the set is down in the bitset `down[base …]`. */
  hitBy(down: Int32Array, base: number): boolean {
    const words = this.words;
    for (let k = 0; k < words.length; k++) if ((down[base + words[k]!]! & this.bits[k]!) !== 0) return true;
    return false;
  }

  /** Whether a route of the set is down in `down[base …]` and was up in `before[beforeBase …]`. */
  newlyHitBy(down: Int32Array, base: number, before: Int32Array, beforeBase: number): boolean {
    const words = this.words;
    for (let k = 0; k < words.length; k++) {
      const w = words[k]!;
      if ((down[base + w]! & ~before[beforeBase + w]! & this.bits[k]!) !== 0) return true;
    }
    return false;
  }

  /** Sets the set's bits in the dense bitset `into` (of at least the set's words). */
  addTo(into: Int32Array): Int32Array {
    for (let k = 0; k < this.words.length; k++) into[this.words[k]!]! |= this.bits[k]!;
    return into;
  }
}

/** A dense bitset of `words` words holding `routes`. */
export function denseRoutes(words: number, ...sets: readonly (RouteSet | null)[]): Int32Array {
  const out = new Int32Array(words);
  for (const s of sets) s?.addTo(out);
  return out;
}
