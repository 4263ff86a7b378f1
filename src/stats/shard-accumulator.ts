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

// Per-thread scratch, reused from shard to shard so the worker allocates only its
// result. `scratchSketch` is all zeros between blocks (each block clears what it used).
let scratchHead = new Float64Array(0);
let scratchSketch = new Float64Array(0);
let scratchCounts = new Float64Array(0);

/**
 * Block b's moments, weights, censored counts, paired differences and sketch counts,
 * from trial offsets tStart … tEnd − 1 of the shard. A function of its own, called per
 * block, so that V8 optimises it once instead of replacing a shard-long loop on the stack.
 *
 * Welford's update (as momentsAdd) inlined for speed, with one twist: every slot of a
 * block sees the same count k, so the division by k is a multiplication by 1/k
 * computed once per trial. Deterministic all the same: each block is always computed
 * by exactly these operations in trial order. The moments are of w·x (shard-aggregate.ts).
 */
function accumulateBlock(
  values: Float64Array,
  status: Uint8Array,
  weights: Float64Array,
  b: number,
  tStart: number,
  tEnd: number,
  S: number,
  moments: Float64Array,
  weightMoments: Float64Array,
  censored: Float64Array,
  diffs: Float64Array,
  better: Float64Array,
  worse: Float64Array,
  changed: Float64Array,
  sketch: Float64Array,
): void {
  const D = S - 1;
  const momentBase = b * S * M;
  const diffBase = b * D * M - M; // + s·M + m for scheme s ≥ 1
  const pairBase = b * D * M - M;
  // The counts first: code after a long loop that V8 compiled on the stack (OSR) has no
  // type feedback yet and would throw that compilation away at the loop's end.
  const blockCount = tEnd - tStart;
  for (let slot = momentBase; slot < momentBase + S * M; slot++) moments[slot * SLOT + COUNT] = blockCount;
  for (let slot = b * D * M; slot < (b + 1) * D * M; slot++) diffs[slot * SLOT + COUNT] = blockCount;
  const wo = b * SLOT;
  weightMoments[wo + COUNT] = blockCount;
  for (let t = tStart; t < tEnd; t++) {
    const inv = 1 / (t - tStart + 1);
    const trialRow = t * S * M;
    const w = weights[t]!;
    const wDelta = w - weightMoments[wo + MEAN]!;
    const wMean = weightMoments[wo + MEAN]! + wDelta * inv;
    weightMoments[wo + MEAN] = wMean;
    weightMoments[wo + M2]! += wDelta * (w - wMean);
    if (w < weightMoments[wo + MIN]!) weightMoments[wo + MIN] = w;
    if (w > weightMoments[wo + MAX]!) weightMoments[wo + MAX] = w;
    for (let s = 0; s < S; s++) {
      if (status[t * S + s] === STATUS_CENSORED) censored[b * S + s] += w;
      const row = trialRow + s * M;
      const slotBase = (momentBase + s * M) * SLOT;
      const sketchBase = s * M * NB;
      const paired = s > 0;
      const diffSlotBase = (diffBase + s * M) * SLOT;
      const pair = pairBase + s * M;
      for (let m = 0; m < M; m++) {
        const x = values[row + m]!;
        const y = w * x;
        let o = slotBase + m * SLOT;
        let mean = moments[o + MEAN]!;
        let delta = y - mean;
        mean += delta * inv;
        moments[o + MEAN] = mean;
        moments[o + M2]! += delta * (y - mean);
        if (x < moments[o + MIN]!) moments[o + MIN] = x;
        if (x > moments[o + MAX]!) moments[o + MAX] = x;
        sketch[sketchBase + m * NB + bucketIndex(x)]! += w;
        if (!paired) continue;
        const d = x - values[trialRow + m]!;
        const wd = w * d;
        o = diffSlotBase + m * SLOT;
        mean = diffs[o + MEAN]!;
        delta = wd - mean;
        mean += delta * inv;
        diffs[o + MEAN] = mean;
        diffs[o + M2]! += delta * (wd - mean);
        if (d < diffs[o + MIN]!) diffs[o + MIN] = d;
        if (d > diffs[o + MAX]!) diffs[o + MAX] = d;
        // d·direction > 0 means scheme s did better than the baseline.
        const signed = d * DIRECTION[m]!;
        if (signed > 0) better[pair + m]! += w;
        else if (signed < 0) worse[pair + m]! += w;
        if (d !== 0) changed[pair + m]! += 1;
      }
    }
  }
}

/**
 * Aggregates a shard of outcome rows (worker side). `values` is laid out
 * `[(t · S + s) · METRIC_COUNT + metric]`, `status` `[t · S + s]` and `weights` `[t]`
 * (the trials' likelihood-ratio weights, all 1 without importance sampling) for trial
 * offsets t = 0 … n − 1 (global trials first … first + n − 1), S schemes, scheme 0 the
 * baseline of the paired comparisons. Every value enters the summaries, censored ones
 * too (with the horizon-capped values the model reports), so that the schemes stay
 * paired; `censored` says how many are lower bounds.
 *
 * @throws when `first` is not a multiple of BLOCK_TRIALS, the arrays do not match
 *   n and S, a value is NaN or infinite, or a weight is negative or not finite.
 */
export function aggregateShard(
  values: Float64Array,
  status: Uint8Array,
  weights: Float64Array,
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
  if (weights.length !== n) throw new RangeError(`aggregateShard: weights has ${weights.length} entries, expected ${n}`);

  const S = schemes;
  const D = S - 1;
  const K = S * M;
  const blocks = Math.ceil(n / BLOCK_TRIALS);
  const at = shardLayout(S, blocks);
  const headLength = at.sketchCounts;
  if (scratchHead.length < headLength) scratchHead = new Float64Array(headLength);
  if (scratchSketch.length < K * NB) scratchSketch = new Float64Array(K * NB);
  const head = scratchHead;
  const sketch = scratchSketch;
  head.fill(0, 0, headLength);
  const moments = head.subarray(at.blockMoments, at.blockWeights);
  const weightMoments = head.subarray(at.blockWeights, at.blockCensored);
  const censored = head.subarray(at.blockCensored, at.diffMoments);
  const diffs = head.subarray(at.diffMoments, at.better);
  const better = head.subarray(at.better, at.worse);
  const worse = head.subarray(at.worse, at.changed);
  const changed = head.subarray(at.changed, at.sketchRanges);
  const ranges = head.subarray(at.sketchRanges, at.sketchCounts);
  resetMoments(moments, 0, blocks * K);
  resetMoments(weightMoments, 0, blocks);
  resetMoments(diffs, 0, blocks * D * M);

  let countsLength = 0;
  for (let b = 0; b < blocks; b++) {
    const tStart = b * BLOCK_TRIALS;
    const tEnd = Math.min(n, tStart + BLOCK_TRIALS);
    accumulateBlock(values, status, weights, b, tStart, tEnd, S, moments, weightMoments, censored, diffs, better, worse, changed, sketch);
    checkFinite(moments, weightMoments, sketch, b, K, first + tStart, first + tEnd - 1);
    // The block's sketches, sparse: the log buckets it used lie between those of its
    // min and max value; trim the empty ones at both ends (integer metrics leave long
    // empty runs). Then clear the scratch for the next block.
    for (let k = 0; k < K; k++) {
      const o = (b * K + k) * SLOT;
      const base = k * NB;
      let lo = Math.max(1, bucketIndex(moments[o + MIN]!));
      let hi = bucketIndex(moments[o + MAX]!) + 1;
      while (lo < hi && sketch[base + lo] === 0) lo++;
      while (hi > lo && sketch[base + hi - 1] === 0) hi--;
      const r = SPARSE_HEAD * (b * K + k);
      ranges[r] = sketch[base];
      ranges[r + 1] = lo;
      ranges[r + 2] = hi;
      sketch[base] = 0;
      if (scratchCounts.length < countsLength + hi - lo) {
        const grown = new Float64Array(Math.max(2 * scratchCounts.length, countsLength + hi - lo));
        grown.set(scratchCounts.subarray(0, countsLength));
        scratchCounts = grown;
      }
      scratchCounts.set(sketch.subarray(base + lo, base + hi), countsLength);
      sketch.fill(0, base + lo, base + hi);
      countsLength += hi - lo;
    }
  }

  const quantileNodes = rankSketchShard(values, weights, S, M, first / BLOCK_TRIALS, n);
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
  data[8] = blocks;
  data.set(scratchCounts.subarray(0, countsLength), headLength);
  data.set(quantileNodes, headLength + countsLength);
  return shardAggregateFromData(data);
}

/**
 * A NaN or ±∞ value leaves a non-finite mean or M2 in its slot, a bad weight a
 * non-finite or negative weight slot: detect it once per block rather than testing
 * every value. Clears the scratch sketch before throwing.
 */
function checkFinite(moments: Float64Array, weightMoments: Float64Array, sketch: Float64Array, b: number, K: number, from: number, to: number): void {
  const wo = b * SLOT;
  if (!Number.isFinite(weightMoments[wo + MEAN]) || !Number.isFinite(weightMoments[wo + M2]) || !(weightMoments[wo + MIN]! >= 0)) {
    sketch.fill(0, 0, K * NB);
    throw new RangeError(`aggregateShard: a weight of trials ${from} … ${to} is negative or not finite`);
  }
  for (let slot = b * K; slot < (b + 1) * K; slot++) {
    const o = slot * SLOT;
    if (!Number.isFinite(moments[o + MEAN]) || !Number.isFinite(moments[o + M2])) {
      sketch.fill(0, 0, K * NB);
      const s = Math.floor(slot / M) % (K / M);
      throw new RangeError(`aggregateShard: non-finite ${METRICS[slot % M]} for scheme ${s} in trials ${from} … ${to}`);
    }
  }
}
