/**
 * Background (non-network) interruptions of one trial (docs/model.md#job): they fall at
 * cumulative *active* times, drawn once per trial and shared by every scheme. They are
 * kept as marks on a cumulative-hazard clock (unit-mean exponential gaps): a job whose
 * interruption rate is λ reaches mark H after H / λ hours of activity. Generated lazily
 * from the trial's background stream; each scheme reads them with its own index.
 */
import type { RandomStream } from './random-stream.js';

/**
 * Marks drawn per refill. Drawing in batches keeps the generator's state in registers
 * (≈ 4 ns a mark instead of ≈ 9 ns one at a time); the marks drawn past the job's end
 * are wasted, ≈ half a batch per trial. Nothing else draws from the background stream,
 * so how far ahead it is drawn changes no value.
 */
const BATCH = 32;

export class BackgroundMarks {
  private marks = new Float64Array(1024);
  private length = 0;
  private rng!: RandomStream;

  reset(rng: RandomStream): void {
    this.rng = rng;
    this.length = 0;
  }

  /**
   * The i-th mark (0-based) on the cumulative-hazard clock. Kept this small so that V8
   * inlines it into the replay loop: a double returned by a call that is not inlined is
   * boxed, an allocation per interruption.
   */
  at(i: number): number {
    if (i >= this.length) this.extend(i);
    return this.marks[i]!;
  }

  /** Draws marks up to index i at least, a batch at a time. */
  private extend(i: number): void {
    const end = Math.max(i + 1, this.length + BATCH);
    if (end > this.marks.length) {
      let size = this.marks.length * 2;
      while (size < end) size *= 2;
      const grown = new Float64Array(size);
      grown.set(this.marks.subarray(0, this.length));
      this.marks = grown;
    }
    this.rng.fillExponentialSums(this.marks, this.length, end);
    this.length = end;
  }
}
