/**
 * The priority queue of the least-latency search (topology.ts): places keyed by
 * (distance, place index), smallest first, so the search settles the same place a
 * linear scan for the lowest distance (ties → lowest index) would, in O(log n) instead
 * of O(n). Entries are pushed on every improvement and stale ones skipped on pop (lazy
 * deletion); typed arrays sized once (a search pushes at most one entry per route end,
 * plus the source), reused across searches.
 */
export class PlaceQueue {
  private readonly dist: Float64Array;
  private readonly place: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.dist = new Float64Array(capacity);
    this.place = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  private before(d1: number, p1: number, d2: number, p2: number): boolean {
    return d1 < d2 || (d1 === d2 && p1 < p2);
  }

  push(d: number, p: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(d, p, this.dist[parent]!, this.place[parent]!)) break;
      this.dist[i] = this.dist[parent]!;
      this.place[i] = this.place[parent]!;
      i = parent;
    }
    this.dist[i] = d;
    this.place[i] = p;
  }

  /** Removes the smallest entry and returns its place (the queue must not be empty). */
  pop(): number {
    const top = this.place[0]!;
    const n = --this.size;
    const d = this.dist[n]!;
    const p = this.place[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(this.dist[child + 1]!, this.place[child + 1]!, this.dist[child]!, this.place[child]!)) child++;
      if (!this.before(this.dist[child]!, this.place[child]!, d, p)) break;
      this.dist[i] = this.dist[child]!;
      this.place[i] = this.place[child]!;
      i = child;
    }
    this.dist[i] = d;
    this.place[i] = p;
    return top;
  }
}
