/**
 * Worker side of the block aggregation (shard-aggregate.ts): a shard's outcome rows into
 * its shard aggregate, block by block in trial order.
 */
import { METRICS, METRIC_COUNT, STATUS_CENSORED } from '../model/metrics.js';
import { plainFloat64, type Float64Allocator } from './float64-allocator.js';
import { SKETCH_BUCKETS, bucketIndex } from './log-sketch.js';
import { M2, MAX, MEAN, MIN, COUNT, SLOT, resetMoments } from './moments.js';
import { rankSketchShard } from './rank-sketch.js';
import {
  BLOCK_TRIALS,
  DIRECTION,
  FORMAT_VERSION,
  SHARD_MAGIC,
  SPARSE_HEAD,
  shardAggregateFromData,
  shardLayout,
  type ShardAggregate,
} from './shard-aggregate.js';

const M = METRIC_COUNT;
const NB = SKETCH_BUCKETS;

// result. `scratchSketch` is all zeros between calls (each call clears what it used).
let scratchHead = new Float64Array(0);
let scratchSketch = new Float64Array(0);

/**
 * Block b's moments, censored counts, paired differences and sketch counts, from trial
 * offsets tStart … tEnd − 1 of the shard. A function of its own, called per block, so
 * that V8 optimises it once instead of replacing a shard-long loop on the stack.
 *
 * Welford's update (as momentsAdd) inlined for speed, with one twist: every slot of a
 * block sees the same count k, so the division by k is a multiplication by 1/k
 * computed once per trial. Deterministic all the same: each block is always computed
 * by exactly these operations in trial order.
 */
function accumulateBlock(
  values: Float64Array,
  status: Uint8Array,
  b: number,
  tStart: number,
  tEnd: number,
  S: number,
  moments: Float64Array,
  censored: Float64Array,
  diffs: Float64Array,
  better: Float64Array,
  worse: Float64Array,
  sketch: Float64Array,
): void {
  const D = S - 1;
  const momentBase = b * S * M;
  const diffBase = b * D * M - M; // + s·M + m for scheme s ≥ 1
  // The counts first: code after a long loop that V8 compiled on the stack (OSR) has no
  // type feedback yet and would throw that compilation away at the loop's end.
  const blockCount = tEnd - tStart;
  for (let slot = momentBase; slot < momentBase + S * M; slot++) moments[slot * SLOT + COUNT] = blockCount;
  for (let slot = b * D * M; slot < (b + 1) * D * M; slot++) diffs[slot * SLOT + COUNT] = blockCount;
  for (let t = tStart; t < tEnd; t++) {
    const inv = 1 / (t - tStart + 1);
    const trialRow = t * S * M;
    for (let s = 0; s < S; s++) {
      if (status[t * S + s] === STATUS_CENSORED) censored[b * S + s] += 1;
      const row = trialRow + s * M;
      const slotBase = (momentBase + s * M) * SLOT;
      const sketchBase = s * M * NB;
      const paired = s > 0;
      const diffSlotBase = (diffBase + s * M) * SLOT;
      const pair = (s - 1) * M;
      for (let m = 0; m < M; m++) {
        const x = values[row + m]!;
        let o = slotBase + m * SLOT;
        let mean = moments[o + MEAN]!;
        let delta = x - mean;
        mean += delta * inv;
        moments[o + MEAN] = mean;
        moments[o + M2]! += delta * (x - mean);
        if (x < moments[o + MIN]!) moments[o + MIN] = x;
        if (x > moments[o + MAX]!) moments[o + MAX] = x;
        sketch[sketchBase + m * NB + bucketIndex(x)]! += 1;
        if (!paired) continue;
        const d = x - values[trialRow + m]!;
        o = diffSlotBase + m * SLOT;
        mean = diffs[o + MEAN]!;
        delta = d - mean;
        mean += delta * inv;
        diffs[o + MEAN] = mean;
        diffs[o + M2]! += delta * (d - mean);
        if (d < diffs[o + MIN]!) diffs[o + MIN] = d;
        if (d > diffs[o + MAX]!) diffs[o + MAX] = d;
        // d·direction > 0 means scheme s did better than the baseline.
        const signed = d * DIRECTION[m]!;
        if (signed > 0) better[pair + m]! += 1;
        else if (signed < 0) worse[pair + m]! += 1;
      }
    }
  }
}

/**
 * Aggregates a shard of outcome rows (worker side). `values` is laid out
 * `[(t · S + s) · METRIC_COUNT + metric]` and `status` `[t · S + s]` for trial offsets
 * t = 0 … n − 1 (global trials first … first + n − 1), S schemes, scheme 0 the
 * baseline of the paired comparisons. Every value enters the summaries, censored ones
 * too (with the horizon-capped values the model reports), so that the schemes stay
 * paired; `censored` says how many are lower bounds.
 *
 * @throws when `first` is not a multiple of BLOCK_TRIALS, the arrays do not match
 *   n and S, or a value is NaN or infinite.
 */
export function aggregateShard(
  values: Float64Array,
  status: Uint8Array,
  first: number,
  n: number,
  schemes: number,
  allocate: Float64Allocator = plainFloat64,
): ShardAggregate {
  if (!Number.isSafeInteger(first) || first < 0 || first % BLOCK_TRIALS !== 0) {
    throw new RangeError(`aggregateShard: first must be a multiple of ${BLOCK_TRIALS}, got ${first}`);
  }
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`aggregateShard: n must be ≥ 1, got ${n}`);
  if (!Number.isInteger(schemes) || schemes < 1) {
    throw new RangeError(`aggregateShard: schemes must be ≥ 1, got ${schemes}`);
  }
  if (values.length !== n * schemes * M) {
    throw new RangeError(`aggregateShard: values has ${values.length} entries, expected ${n * schemes * M}`);
  }
  if (status.length !== n * schemes) {
    throw new RangeError(`aggregateShard: status has ${status.length} entries, expected ${n * schemes}`);
  }

  const S = schemes;
  const D = S - 1;
  const blocks = Math.ceil(n / BLOCK_TRIALS);
  const at = shardLayout(S, blocks);
  const headLength = at.sketchCounts;
  if (scratchHead.length < headLength) scratchHead = new Float64Array(headLength);
  if (scratchSketch.length < S * M * NB) scratchSketch = new Float64Array(S * M * NB);
  const head = scratchHead;
  const sketch = scratchSketch;
  head.fill(0, 0, headLength);
  const moments = head.subarray(at.blockMoments, at.blockCensored);
  const censored = head.subarray(at.blockCensored, at.diffMoments);
  const diffs = head.subarray(at.diffMoments, at.better);
  const better = head.subarray(at.better, at.worse);
  const worse = head.subarray(at.worse, at.sketchRanges);
  resetMoments(moments, 0, blocks * S * M);
  resetMoments(diffs, 0, blocks * D * M);

  for (let b = 0; b < blocks; b++) {
    const tStart = b * BLOCK_TRIALS;
    accumulateBlock(values, status, b, tStart, Math.min(n, tStart + BLOCK_TRIALS), S, moments, censored, diffs, better, worse, sketch);
  }

  // A NaN or ±∞ value leaves a non-finite mean or M2 in its slot: detect it once here
  // rather than testing every value.
  for (let slot = 0; slot < blocks * S * M; slot++) {
    const o = slot * SLOT;
    if (!Number.isFinite(moments[o + MEAN]) || !Number.isFinite(moments[o + M2])) {
      sketch.fill(0, 0, S * M * NB);
      const b = Math.floor(slot / (S * M));
      const s = Math.floor(slot / M) % S;
      throw new RangeError(
        `aggregateShard: non-finite ${METRICS[slot % M]} for scheme ${s} in trials ` +
          `${first + b * BLOCK_TRIALS} … ${first + Math.min(n, (b + 1) * BLOCK_TRIALS) - 1}`,
      );
    }
  }

  // The log buckets a sketch used lie between those of its min and max value; trim the
  // empty ones at both ends (integer metrics leave long empty runs).
  const ranges = head.subarray(at.sketchRanges, at.sketchCounts);
  let countsLength = 0;
  for (let k = 0; k < S * M; k++) {
    let min = Infinity;
    let max = -Infinity;
    for (let b = 0; b < blocks; b++) {
      const o = (b * S * M + k) * SLOT;
      if (moments[o + MIN] < min) min = moments[o + MIN];
      if (moments[o + MAX] > max) max = moments[o + MAX];
    }
    const base = k * NB;
    let lo = Math.max(1, bucketIndex(min));
    let hi = bucketIndex(max) + 1;
    while (lo < hi && sketch[base + lo] === 0) lo++;
    while (hi > lo && sketch[base + hi - 1] === 0) hi--;
    ranges[SPARSE_HEAD * k] = sketch[base];
    ranges[SPARSE_HEAD * k + 1] = lo;
    ranges[SPARSE_HEAD * k + 2] = hi;
    sketch[base] = 0;
    countsLength += hi - lo;
  }

  const quantileNodes = rankSketchShard(values, S, M, first / BLOCK_TRIALS, n);
  const data = allocate(headLength + countsLength + quantileNodes.length);
  data.set(head.subarray(0, headLength));
  data[0] = SHARD_MAGIC;
  data[1] = FORMAT_VERSION;
  data[2] = first;
  data[3] = n;
  data[4] = S;
  data[5] = M;
  data[6] = NB;
  data[7] = countsLength;
  let out = headLength;
  for (let k = 0; k < S * M; k++) {
    const from = k * NB + ranges[SPARSE_HEAD * k + 1];
    const to = k * NB + ranges[SPARSE_HEAD * k + 2];
    data.set(sketch.subarray(from, to), out);
    sketch.fill(0, from, to);
    out += to - from;
  }
  data.set(quantileNodes, out);
  return shardAggregateFromData(data);
}
