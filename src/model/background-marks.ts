/**
 * Background (non-network) interruptions of one trial (SPEC §3): they fall at
 * cumulative *active* times, drawn once per trial and shared by every scheme. They are
 * kept as marks on a cumulative-hazard clock (unit-mean exponential gaps): a job whose
 * interruption rate is λ reaches mark H after H / λ hours of activity. Generated lazily
 * from the trial's background stream; each scheme reads them with its own index.
 */
import type { RandomStream } from './random-stream.js';

export class BackgroundMarks {
  private marks = new Float64Array(1024);
  private length = 0;
  private rng!: RandomStream;

  reset(rng: RandomStream): void {
    this.rng = rng;
    this.length = 0;
  }

  /** The i-th mark (0-based) on the cumulative-hazard clock. */
  at(i: number): number {
    while (this.length <= i) {
      if (this.length === this.marks.length) {
        const grown = new Float64Array(this.marks.length * 2);
        grown.set(this.marks);
        this.marks = grown;
      }
      const previous = this.length > 0 ? this.marks[this.length - 1]! : 0;
      this.marks[this.length++] = previous + this.rng.exponential(1);
    }
    return this.marks[i]!;
  }
}
