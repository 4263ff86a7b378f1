/**
 * A binary min-heap of timed events on typed arrays, for the network timeline.
 * Equal times pop in insertion order (a sequence number breaks ties, as in SimPy), so a
 * trial replays identically whatever the heap's internal layout. Grows by doubling and
 * is reused across trials: after warm-up it allocates nothing.
 */
export class EventHeap {
  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private kinds = new Int32Array(64);
  private subjects = new Int32Array(64);
  private extras = new Int32Array(64);
  private nextSeq = 0;
  size = 0;

  clear(): void {
    this.size = 0;
    this.nextSeq = 0;
  }

  push(time: number, kind: number, subject: number, extra: number): void {
    this.pushInOrder(time, kind, subject, extra, this.nextSeq++);
  }

  /**
   * The sequence number the next `push` would take, taken now: an event held back (see
   * network-timeline.ts) and pushed later with `pushInOrder` keeps the place in the
   * order of ties it would have had.
   */
  reserveSeq(): number {
    return this.nextSeq++;
  }

  /** `push` with a sequence number from `reserveSeq`. */
  pushInOrder(time: number, kind: number, subject: number, extra: number, seq: number): void {
    if (this.size === this.times.length) this.grow();
    let i = this.size++;
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.times[parent]!;
      if (pt < time || (pt === time && this.seqs[parent]! < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    this.times[i] = time;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.subjects[i] = subject;
    this.extras[i] = extra;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.size > 0 ? this.times[0]! : Infinity;
  }

  /** Fields of the event `pop` removed last. */
  time = 0;
  kind = 0;
  subject = 0;
  extra = 0;

  /** Removes the earliest event into (time, kind, subject, extra). */
  pop(): void {
    this.time = this.times[0]!;
    this.kind = this.kinds[0]!;
    this.subject = this.subjects[0]!;
    this.extra = this.extras[0]!;
    const last = --this.size;
    if (last === 0) return;
    const time = this.times[last]!;
    const seq = this.seqs[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (
        right < last &&
        (this.times[right]! < this.times[child]! ||
          (this.times[right] === this.times[child] && this.seqs[right]! < this.seqs[child]!))
      )
        child = right;
      const ct = this.times[child]!;
      if (time < ct || (time === ct && seq < this.seqs[child]!)) break;
      this.move(child, i);
      i = child;
    }
    this.move(last, i);
  }

  /**
   * Stretches the time left of every `kind` event whose subject is not flagged in
   * `skip`: t ↦ now + (t − now) × ratio, then restores the heap order. What a change of
   * a Poisson process's rate from r to r / ratio does to its pending exponential
   * (memoryless, so the rest of it scales), without a new draw. Ties keep their order.
   */
  scaleAfter(now: number, ratio: number, kind: number, skip: Uint8Array | null): void {
    for (let i = 0; i < this.size; i++) {
      if (this.kinds[i] !== kind || (skip !== null && skip[this.subjects[i]!] !== 0)) continue;
      this.times[i] = now + (this.times[i]! - now) * ratio;
    }
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(start: number): void {
    let i = start;
    for (;;) {
      let least = i;
      for (let child = 2 * i + 1; child <= 2 * i + 2 && child < this.size; child++) {
        const ct = this.times[child]!;
        const lt = this.times[least]!;
        if (ct < lt || (ct === lt && this.seqs[child]! < this.seqs[least]!)) least = child;
      }
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }

  private swap(a: number, b: number): void {
    const t = this.times[a]!;
    const q = this.seqs[a]!;
    const k = this.kinds[a]!;
    const s = this.subjects[a]!;
    const e = this.extras[a]!;
    this.move(b, a);
    this.times[b] = t;
    this.seqs[b] = q;
    this.kinds[b] = k;
    this.subjects[b] = s;
    this.extras[b] = e;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.kinds[to] = this.kinds[from]!;
    this.subjects[to] = this.subjects[from]!;
    this.extras[to] = this.extras[from]!;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const grow64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.times = grow64(this.times);
    this.seqs = grow64(this.seqs);
    this.kinds = grow32(this.kinds);
    this.subjects = grow32(this.subjects);
    this.extras = grow32(this.extras);
  }
}
