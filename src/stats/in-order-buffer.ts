/**
 * "Hold shards until their turn": items that each cover trials first … first + count − 1
 * arrive in any order and leave strictly in trial order, each as soon as every trial
 * before it has left. Everything that must see trials in order (the block merge whose
 * floating-point sums fix the results' bits, trials.arrow, a part file) sits behind one.
 *
 * Memory is what waits; bounding it (not dispatching far ahead of the oldest
 * unfinished shard) is the dispatcher's job: `waiting` says how much there is.
 */
export class InOrderBuffer<T> {
  private readonly pending = new Map<number, { readonly count: number; readonly item: T }>();
  private nextTrial: number;

  /** `emit` receives items in trial order, starting at trial `start`. */
  constructor(
    private readonly emit: (item: T, first: number, count: number) => void,
    start = 0,
  ) {
    this.nextTrial = start;
  }

  /** The first trial not yet emitted. */
  get next(): number {
    return this.nextTrial;
  }

  /** Items held for an earlier one. */
  get waiting(): number {
    return this.pending.size;
  }

  /** The held items' first trials, ascending. */
  get waitingFirsts(): number[] {
    return [...this.pending.keys()].sort((a, b) => a - b);
  }

  /** Held items, in trial order (to save them). */
  heldItems(): T[] {
    return this.waitingFirsts.map((first) => this.pending.get(first)!.item);
  }

  /**
   * Takes an item; emits it and every held one that now follows in order.
   * @throws on an item overlapping one emitted or held (a bug or a damaged input upstream).
   */
  offer(first: number, count: number, item: T): void {
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || count < 1) throw new RangeError(`trials [${first}, +${count}) are not a range`);
    if (first < this.nextTrial) throw new RangeError(`trials [${first}, ${first + count}) overlap trials already taken (up to ${this.nextTrial})`);
    for (const [f, p] of this.pending)
      if (first < f + p.count && f < first + count) throw new RangeError(`trials [${first}, ${first + count}) overlap held trials [${f}, ${f + p.count})`);
    if (first !== this.nextTrial) {
      this.pending.set(first, { count, item });
      return;
    }
    this.emitOne(first, count, item);
    for (let p = this.pending.get(this.nextTrial); p !== undefined; p = this.pending.get(this.nextTrial)) {
      this.pending.delete(this.nextTrial);
      this.emitOne(this.nextTrial, p.count, p.item);
    }
  }

  /**
   * Passes over trials first … first + count − 1 that will never come (a partial merge
   * missing a shard); `first` must be the next trial. Held items that now follow are emitted.
   */
  skip(first: number, count: number): void {
    if (first !== this.nextTrial) throw new RangeError(`cannot skip trials from ${first} where ${this.nextTrial} is next`);
    for (const f of this.pending.keys()) if (f < first + count) throw new RangeError(`trials [${first}, ${first + count}) are held, not missing`);
    this.nextTrial = first + count;
    for (let p = this.pending.get(this.nextTrial); p !== undefined; p = this.pending.get(this.nextTrial)) {
      this.pending.delete(this.nextTrial);
      this.emitOne(this.nextTrial, p.count, p.item);
    }
  }

  private emitOne(first: number, count: number, item: T): void {
    this.emit(item, first, count);
    this.nextTrial = first + count;
  }
}
