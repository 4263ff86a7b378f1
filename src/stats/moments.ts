/**
 * Mergeable moments: count, mean, M2 (sum of squared deviations from the mean), min and
 * max of a stream of values, kept in fixed-size slots of a Float64Array so that a bank
 * of S × M slots is one array that crosses threads without a copy.
 *
 * Values are added one at a time with Welford's update (numerically stable, one pass)
 * and slots are combined with the parallel formula of Chan, Golub & LeVeque (1979):
 *
 *   n = nA + nB,  δ = meanB − meanA,
 *   mean = meanA + δ·nB/n,  M2 = M2A + M2B + δ²·nA·nB/n.
 *
 * Floating-point merges are not associative: the same values merged in another grouping
 * give results that differ in the last bits. Determinism therefore comes from the
 * caller merging the same groups in the same order (see block-aggregator.ts).
 *
 * Values must not be NaN (a NaN poisons mean and M2, which is how callers detect it).
 */

/** Doubles per slot. */
export const SLOT = 5;
/** Offsets of the fields within a slot. */
export const COUNT = 0;
export const MEAN = 1;
export const M2 = 2;
export const MIN = 3;
export const MAX = 4;

/** A bank of `slots` empty slots (count 0, min +∞, max −∞). */
export function createMomentsBank(slots: number): Float64Array {
  const bank = new Float64Array(slots * SLOT);
  resetMoments(bank, 0, slots);
  return bank;
}

/** Empties slots `from .. from+count-1` of a bank. */
export function resetMoments(bank: Float64Array, from: number, count: number): void {
  const end = (from + count) * SLOT;
  for (let o = from * SLOT; o < end; o += SLOT) {
    bank[o + COUNT] = 0;
    bank[o + MEAN] = 0;
    bank[o + M2] = 0;
    bank[o + MIN] = Infinity;
    bank[o + MAX] = -Infinity;
  }
}

/** Adds one value to a slot (Welford). Allocation-free; the hot path of a worker. */
export function momentsAdd(bank: Float64Array, slot: number, x: number): void {
  const o = slot * SLOT;
  const n = bank[o + COUNT] + 1;
  const mean = bank[o + MEAN];
  const d = x - mean;
  const newMean = mean + d / n;
  bank[o + COUNT] = n;
  bank[o + MEAN] = newMean;
  bank[o + M2] = bank[o + M2] + d * (x - newMean);
  if (x < bank[o + MIN]) bank[o + MIN] = x;
  if (x > bank[o + MAX]) bank[o + MAX] = x;
}

/** Merges slot `srcSlot` of `src` into slot `dstSlot` of `dst` (Chan et al.). */
export function momentsMerge(dst: Float64Array, dstSlot: number, src: Float64Array, srcSlot: number): void {
  const s = srcSlot * SLOT;
  const nB = src[s + COUNT];
  if (nB === 0) return;
  const o = dstSlot * SLOT;
  const nA = dst[o + COUNT];
  if (nA === 0) {
    // Copy rather than compute, so that merging into an empty slot is exact.
    dst[o + COUNT] = nB;
    dst[o + MEAN] = src[s + MEAN];
    dst[o + M2] = src[s + M2];
    dst[o + MIN] = src[s + MIN];
    dst[o + MAX] = src[s + MAX];
    return;
  }
  const n = nA + nB;
  const meanA = dst[o + MEAN];
  const d = src[s + MEAN] - meanA;
  dst[o + COUNT] = n;
  dst[o + MEAN] = meanA + d * (nB / n);
  dst[o + M2] = dst[o + M2] + src[s + M2] + d * d * ((nA * nB) / n);
  if (src[s + MIN] < dst[o + MIN]) dst[o + MIN] = src[s + MIN];
  if (src[s + MAX] > dst[o + MAX]) dst[o + MAX] = src[s + MAX];
}

/**
 * Merges `slots` consecutive slots of `src` starting at `srcSlot` into `dst` starting at
 * `dstSlot`, slot by slot (slot i of src into slot i of dst).
 */
export function momentsMergeBank(
  dst: Float64Array,
  src: Float64Array,
  slots: number,
  dstSlot = 0,
  srcSlot = 0,
): void {
  for (let i = 0; i < slots; i++) momentsMerge(dst, dstSlot + i, src, srcSlot + i);
}

export function momentsCount(bank: Float64Array, slot: number): number {
  return bank[slot * SLOT + COUNT];
}

/** Mean; NaN for an empty slot. */
export function momentsMean(bank: Float64Array, slot: number): number {
  const o = slot * SLOT;
  return bank[o + COUNT] > 0 ? bank[o + MEAN] : NaN;
}

/** Sample variance M2 / (n − 1); NaN when n < 2. */
export function momentsVariance(bank: Float64Array, slot: number): number {
  const o = slot * SLOT;
  const n = bank[o + COUNT];
  return n >= 2 ? bank[o + M2] / (n - 1) : NaN;
}

/** Sample standard deviation; NaN when n < 2. */
export function momentsStdev(bank: Float64Array, slot: number): number {
  return Math.sqrt(momentsVariance(bank, slot));
}

/** Smallest value added; NaN for an empty slot. */
export function momentsMin(bank: Float64Array, slot: number): number {
  const o = slot * SLOT;
  return bank[o + COUNT] > 0 ? bank[o + MIN] : NaN;
}

/** Largest value added; NaN for an empty slot. */
export function momentsMax(bank: Float64Array, slot: number): number {
  const o = slot * SLOT;
  return bank[o + COUNT] > 0 ? bank[o + MAX] : NaN;
}
