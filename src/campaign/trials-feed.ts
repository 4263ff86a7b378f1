/**
 * Feeds shard rows to trials.arrow in trial order, re-cut into record batches of a
 * fixed number of trials aligned to the trial index. Shards differ in size with the
 * worker count and the sharding; the fixed batches make the file the same byte for byte
 * whatever the sharding, not only the same data. Shards must come in trial order (an
 * InOrderBuffer, src/stats/in-order-buffer.ts, puts them there).
 */
import { METRIC_COUNT } from '../model/metrics.js';

export interface RowSink {
  appendShard(first: number, count: number, values: Float64Array, status: Uint8Array, weights: Float64Array, variant?: number): void;
}

export const BATCH_TRIALS = 8192;

export class TrialsFeed {
  private next = 0;
  private readonly values: Float64Array;
  private readonly status: Uint8Array;
  private readonly weights: Float64Array;
  private filled = 0;
  /** Trial index of the batch's first row. */
  private batchFirst = 0;
  private readonly rowWidth: number;

  constructor(
    private readonly sink: RowSink,
    private readonly schemes: number,
    private readonly variant = 0,
    private readonly batchTrials = BATCH_TRIALS,
  ) {
    this.rowWidth = schemes * METRIC_COUNT;
    this.values = new Float64Array(batchTrials * this.rowWidth);
    this.status = new Uint8Array(batchTrials * schemes);
    this.weights = new Float64Array(batchTrials);
  }

  /** Trials written (or buffered for the next batch) so far: a prefix of the campaign. */
  get trialsInOrder(): number {
    return this.next;
  }

  /** Takes the rows and weights of trials first … first + count − 1, the next ones in order. */
  take(first: number, count: number, values: Float64Array, status: Uint8Array, weights: Float64Array): void {
    if (first !== this.next) throw new RangeError(`trials feed: trials from ${first} arrive where ${this.next} is next`);
    this.copy(first, values, status, weights, count);
    this.next += count;
  }

  /** Passes over trials that will never come (a partial merge): the batch so far is written first. */
  skip(first: number, count: number): void {
    if (first !== this.next) throw new RangeError(`trials feed: cannot skip from ${first} where ${this.next} is next`);
    this.finish();
    this.next += count;
  }

  /** Writes the last, partial batch. */
  finish(): void {
    if (this.filled > 0) this.flush();
  }

  private copy(first: number, values: Float64Array, status: Uint8Array, weights: Float64Array, count: number): void {
    let from = 0;
    while (from < count) {
      if (this.filled === 0) this.batchFirst = first + from;
      const n = Math.min(count - from, this.batchTrials - this.filled);
      this.values.set(values.subarray(from * this.rowWidth, (from + n) * this.rowWidth), this.filled * this.rowWidth);
      this.status.set(status.subarray(from * this.schemes, (from + n) * this.schemes), this.filled * this.schemes);
      this.weights.set(weights.subarray(from, from + n), this.filled);
      this.filled += n;
      from += n;
      if (this.filled === this.batchTrials) this.flush();
    }
  }

  private flush(): void {
    this.sink.appendShard(
      this.batchFirst,
      this.filled,
      this.values.subarray(0, this.filled * this.rowWidth),
      this.status.subarray(0, this.filled * this.schemes),
      this.weights.subarray(0, this.filled),
      this.variant,
    );
    this.filled = 0;
  }
}
