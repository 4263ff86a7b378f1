/**
 * The histograms' buckets (histograms.arrow). Its quantiles (`sketchQuantiles`) are
 * within 0.5 % of the VALUE, which does not resolve a distribution whose spread is
 * small next to its level (a JCT of 809 h ± 4 h): the summary quantiles come from the
 * rank sketch (rank-sketch.ts) instead.
 *
 * A mergeable quantile sketch with fixed logarithmic buckets, in the style of DDSketch
 * (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", VLDB 2019).
 *
 * Buckets. With relative accuracy α = 0.005 and γ = (1 + α) / (1 − α), the edges are
 * E_j = 10⁻⁶ · γ^j for j = 0 … B, with B the smallest integer such that E_B ≥ 10⁹. A
 * sketch is NB = B + 1 float64 counts:
 *   - bucket 0, the zero bucket, holds every value below 10⁻⁶ (0 included, and negative
 *     values, which no metric has); its edges are reported as [0, 10⁻⁶);
 *   - bucket i = 1 … B holds the values in [E_{i−1}, E_i); values ≥ E_B (above 10⁹,
 *     hours or MWh no trial reaches) are clamped into bucket B.
 * The edges depend only on the bucket index (a table computed once at load), never on
 * the data, so a histogram made of them is bit-identical whatever the sharding.
 *
 * Accuracy. Bucket i is represented by r_i = 2·E_{i−1}·E_i / (E_{i−1} + E_i), which is
 * within α·x of every x in the bucket. `sketchQuantile(q)` returns the representative
 * of the bucket holding the order statistic of rank k = ceil(q·n) (1-based, see
 * `quantileRank`), clamped to the exact [min, max] (and rank 1 or n gives min or max
 * themselves); so for values in [10⁻⁶, 10⁹] it is within 0.5 % (relative) of the true
 * k-th smallest value x₍k₎. A rank falling in the
 * zero bucket returns 0 clamped to [min, max] (absolute error < 10⁻⁶); a rank falling
 * in the clamped top bucket carries no guarantee (except the maximum, exact).
 *
 * Merging is elementwise addition of counts held in float64. Unweighted, they are
 * integers (exact up to 2⁵³), hence exact and independent of order. Under importance
 * sampling a trial adds its likelihood-ratio weight instead of 1 (`sketchAdd`'s `w`),
 * and a bucket holds Σw of its values: the weighted empirical distribution
 * (self-normalised by Σw). Such sums are not associative: the block aggregation
 * (shard-aggregate.ts) adds them per block in block order to stay deterministic.
 *
 * A bank of `count` sketches is one Float64Array: sketch k occupies
 * `[k·NB, (k+1)·NB)`.
 */

export const SKETCH_ALPHA = 0.005;
export const SKETCH_GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
/** Values below this go to the zero bucket. */
export const SKETCH_MIN_VALUE = 1e-6;
/** Values up to this keep the relative-accuracy guarantee; above it they clamp. */
export const SKETCH_MAX_VALUE = 1e9;

const LN_GAMMA = Math.log(SKETCH_GAMMA);
const INV_LN_GAMMA = 1 / LN_GAMMA;
const LN_MIN = Math.log(SKETCH_MIN_VALUE);

/** Number of logarithmic buckets (B). */
const LOG_BUCKETS = Math.ceil(Math.log(SKETCH_MAX_VALUE / SKETCH_MIN_VALUE) * INV_LN_GAMMA);
/** Doubles per sketch: the zero bucket plus the logarithmic buckets. */
export const SKETCH_BUCKETS = LOG_BUCKETS + 1;

/** EDGES[j] = E_j; bucket i ≥ 1 is [EDGES[i − 1], EDGES[i]). */
const EDGES = new Float64Array(LOG_BUCKETS + 1);
for (let j = 0; j <= LOG_BUCKETS; j++) EDGES[j] = SKETCH_MIN_VALUE * Math.exp(j * LN_GAMMA);
const TOP = EDGES[LOG_BUCKETS];

const REPRESENTATIVE = new Float64Array(SKETCH_BUCKETS);
for (let i = 1; i < SKETCH_BUCKETS; i++) {
  const lo = EDGES[i - 1];
  const hi = EDGES[i];
  REPRESENTATIVE[i] = (2 * lo * hi) / (lo + hi);
}

/**
 * The bucket holding x, by the logarithm: it guesses the index and one comparison on
 * each side corrects its last-bit rounding, so `bucketLow(i) <= x < bucketHigh(i)`
 * holds exactly for x in [10⁻⁶, E_B). Builds the lookup table of `bucketIndex`, and is
 * its reference in tests.
 */
export function bucketIndexByLog(x: number): number {
  if (!(x >= SKETCH_MIN_VALUE)) return 0; // also NaN
  if (x >= TOP) return LOG_BUCKETS;
  let i = (((Math.log(x) - LN_MIN) * INV_LN_GAMMA) | 0) + 1;
  if (x < EDGES[i - 1]) i--;
  else if (x >= EDGES[i]) i++;
  return i;
}

// Fast path without a logarithm (Math.log cost ~35 ns a value, most of a worker's
// aggregation time). The high 32 bits of a positive double are its exponent and top 20
// mantissa bits; keeping SUB_BITS mantissa bits splits every binade into 2^SUB_BITS
// sub-ranges of relative width ≤ 2^-SUB_BITS = 0.39 %, narrower than a bucket (1 %), so
// a sub-range meets at most two buckets: a table gives the bucket of its lower end and
// one comparison with the next edge settles it. The result is the same as
// bucketIndexByLog, exactly.
const SUB_BITS = 8;
const SHIFT = 20 - SUB_BITS;
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: word 1
function keyOf(x: number): number {
  BITS[0] = x;
  return WORDS[HIGH] >>> SHIFT;
}
const KEY_MIN = keyOf(SKETCH_MIN_VALUE);
const KEY_TABLE = new Uint16Array(keyOf(TOP) - KEY_MIN + 1);
for (let key = KEY_MIN; key < KEY_MIN + KEY_TABLE.length; key++) {
  WORDS[HIGH] = key << SHIFT;
  WORDS[1 - HIGH] = 0;
  KEY_TABLE[key - KEY_MIN] = bucketIndexByLog(BITS[0]);
}

/**
 * The bucket holding x: 0 for x < 10⁻⁶ (and NaN), i ≥ 1 for x in [bucketLow(i),
 * bucketHigh(i)), the top bucket for x ≥ its lower edge. Allocation-free, no logarithm.
 */
export function bucketIndex(x: number): number {
  if (!(x >= SKETCH_MIN_VALUE)) return 0;
  if (x >= TOP) return LOG_BUCKETS;
  BITS[0] = x;
  const i = KEY_TABLE[(WORDS[HIGH] >>> SHIFT) - KEY_MIN];
  // EDGES[i] is the upper edge of bucket i (EDGES[0] = 10⁻⁶ for the zero bucket).
  return x >= EDGES[i] ? i + 1 : i;
}

/** Lower edge of bucket i (0 for the zero bucket). */
export function bucketLow(i: number): number {
  return i === 0 ? 0 : EDGES[i - 1];
}

/** Upper edge (exclusive) of bucket i (10⁻⁶ for the zero bucket). */
export function bucketHigh(i: number): number {
  return i === 0 ? SKETCH_MIN_VALUE : EDGES[i];
}

/** The value reported for a rank that falls in bucket i (0 for the zero bucket). */
export function bucketRepresentative(i: number): number {
  return REPRESENTATIVE[i];
}

/** A bank of `count` empty sketches. */
export function createSketchBank(count: number): Float64Array {
  return new Float64Array(count * SKETCH_BUCKETS);
}

/** Adds value x with weight w (a count of 1 by default) to a sketch of the bank. */
export function sketchAdd(bank: Float64Array, sketch: number, x: number, w = 1): void {
  bank[sketch * SKETCH_BUCKETS + bucketIndex(x)] += w;
}

/** Adds sketch `srcSketch` of `src` into sketch `dstSketch` of `dst`. */
export function sketchMerge(dst: Float64Array, dstSketch: number, src: Float64Array, srcSketch: number): void {
  const d = dstSketch * SKETCH_BUCKETS;
  const s = srcSketch * SKETCH_BUCKETS;
  for (let i = 0; i < SKETCH_BUCKETS; i++) dst[d + i] += src[s + i];
}

/** Adds a whole bank into another of the same size. */
export function sketchMergeBank(dst: Float64Array, src: Float64Array): void {
  if (dst.length !== src.length) {
    throw new RangeError(`sketchMergeBank: banks differ in size (${dst.length} vs ${src.length})`);
  }
  for (let i = 0; i < src.length; i++) dst[i] += src[i];
}

/** Number of values in a sketch. */
export function sketchCount(bank: Float64Array, sketch: number): number {
  const d = sketch * SKETCH_BUCKETS;
  let n = 0;
  for (let i = 0; i < SKETCH_BUCKETS; i++) n += bank[d + i];
  return n;
}

/**
 * The 1-based rank of the q-quantile among n values: ceil(q·n) computed in float64,
 * clamped to [1, n] (so q = 0 is the minimum and q = 1 the maximum). This is the
 * "inverse of the empirical CDF" definition (type 1 of Hyndman & Fan, 1996).
 */
export function quantileRank(q: number, n: number): number {
  const k = Math.ceil(q * n);
  return k < 1 ? 1 : k > n ? n : k;
}

/**
 * Quantiles of one sketch in a single pass: writes to `out[outOffset + j]` the
 * q_j-quantile (see the module comment), for `qs` ascending. `min` and `max` are the
 * exact extremes (from the moments); every output is clamped to them. An empty sketch
 * gives NaN.
 */
export function sketchQuantiles(
  bank: Float64Array,
  sketch: number,
  qs: ArrayLike<number>,
  min: number,
  max: number,
  out: Float64Array,
  outOffset = 0,
): void {
  const n = sketchCount(bank, sketch);
  const base = sketch * SKETCH_BUCKETS;
  let i = -1;
  let cumulative = 0;
  for (let j = 0; j < qs.length; j++) {
    if (n === 0) {
      out[outOffset + j] = NaN;
      continue;
    }
    if (j > 0 && qs[j] < qs[j - 1]) throw new RangeError('sketchQuantiles: qs must be ascending');
    const rank = quantileRank(qs[j], n);
    while (cumulative < rank) {
      i++;
      cumulative += bank[base + i];
    }
    const r = REPRESENTATIVE[i];
    // Ranks 1 and n are the extremes themselves, known exactly.
    out[outOffset + j] = rank === 1 ? min : rank === n ? max : r < min ? min : r > max ? max : r;
  }
}

/** One quantile of one sketch (see `sketchQuantiles`). */
export function sketchQuantile(bank: Float64Array, sketch: number, q: number, min: number, max: number): number {
  const out = new Float64Array(1);
  sketchQuantiles(bank, sketch, [q], min, max, out);
  return out[0];
}
