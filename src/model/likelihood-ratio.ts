/**
 * The log of a trial's likelihood ratio (docs/model.md#rare-events), accumulated as
 * the network timeline draws its events in time order, and readable at any instant the
 * timeline has drawn past.
 *
 * For Poisson processes of true rates λ drawn at λ′ = m·λ, the ratio of the true law to
 * the biased one over [0, τ] is Π over events (λ/λ′) × exp(−∫ Σ over exposed processes
 * (λ − λ′) dt): each event adds −ln m (m as it was just before the event), and between
 * events the log grows linearly at `slope` = Σ over exposed processes (λ′ − λ). Repairs
 * are not biased and add nothing.
 *
 * Every event is marked (time, log after it, slope after it) so that `at(τ)` can be read
 * for a τ the timeline has already passed: the job's end is only known after every
 * scheme has replayed, and the views may have drawn the timeline beyond it. Reused from
 * trial to trial: after warm-up it allocates nothing.
 */
export class LikelihoodRatio {
  private times = new Float64Array(64);
  private logs = new Float64Array(64);
  private slopes = new Float64Array(64);
  private length = 0;
  private log = 0;
  private slope = 0;
  private last = 0;

  /** A new trial at t = 0, the log growing at `slope`. */
  reset(slope: number): void {
    this.length = 0;
    this.log = 0;
    this.last = 0;
    this.slope = slope;
    this.mark();
  }

  /** Time runs to t (≥ the last event's) at the current slope. */
  advance(t: number): void {
    this.log += this.slope * (t - this.last);
    this.last = t;
  }

  /** An event of a process drawn at `multiplier` × its true rate. */
  event(multiplier: number): void {
    this.log -= Math.log(multiplier);
  }

  /** The slope from now on; then marks the instant. */
  setSlope(slope: number): void {
    this.slope = slope;
    this.mark();
  }

  /** Log of the likelihood ratio over [0, τ): events strictly before τ. */
  at(tau: number): number {
    // The last mark before τ (mark 0, at t = 0, when none is).
    let low = 1;
    let high = this.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.times[mid]! < tau) low = mid + 1;
      else high = mid;
    }
    const k = low - 1;
    return this.logs[k]! + this.slopes[k]! * (tau - this.times[k]!);
  }

  private mark(): void {
    if (this.length === this.times.length) this.grow();
    const k = this.length++;
    this.times[k] = this.last;
    this.logs[k] = this.log;
    this.slopes[k] = this.slope;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.times = grow(this.times);
    this.logs = grow(this.logs);
    this.slopes = grow(this.slopes);
  }
}
