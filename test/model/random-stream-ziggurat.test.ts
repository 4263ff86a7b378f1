/**
 * The ziggurat exponential sampler of RandomStream (Marsaglia & Tsang 2000, layer and
 * position from independent bits as Doornik 2005 asks): its draws must be exponential
 * in distribution, and a deterministic function of the stream whatever the batches.
 * Statistical checks use a fixed seed and a 4-standard-error tolerance.
 */
import { describe, expect, test } from 'vitest';
import { RandomStream, STREAM_BACKGROUND, STREAM_NETWORK } from '../../src/model/random-stream.js';

/** n unit exponentials from one stream (undoing the running sums of the batch API). */
function draws(n: number, seed: number, stream = STREAM_BACKGROUND): Float64Array {
  const s = new RandomStream();
  s.reseed(seed, 0, stream);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = s.unitExponential();
  return x;
}

describe('RandomStream exponentials (ziggurat)', () => {
  const n = 2_000_000;
  const x = draws(n, 20261127);

  test('mean 1 and variance 1', () => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[i]!;
    const mean = sum / n;
    let m2 = 0;
    for (let i = 0; i < n; i++) m2 += (x[i]! - mean) ** 2;
    const variance = m2 / (n - 1);
    // SE of the mean: σ/√n = 1/√n. SE of the sample variance: √((μ₄ − σ⁴)/n) = √(8/n),
    // μ₄ = 9 being the exponential's fourth central moment.
    expect(Math.abs(mean - 1)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(8 / n));
    expect(Math.min(...x.subarray(0, 1000))).toBeGreaterThanOrEqual(0);
  });

  test('tails: P(X > a) = e^−a, through the base block and past r ≈ 7.7 (the tail path)', () => {
    for (const a of [0.05, 1, 3, 5, 7.697, 9]) {
      let count = 0;
      for (let i = 0; i < n; i++) if (x[i]! > a) count++;
      const p = Math.exp(-a);
      expect(Math.abs(count / n - p), `P(X > ${a})`).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  test('chi-square over 1000 equiprobable bins (fine enough to see single ziggurat layers)', () => {
    const bins = 1000;
    const counts = new Float64Array(bins);
    for (let i = 0; i < n; i++) {
      // F(x) = 1 − e^−x maps X to a uniform; bin k holds F in [k/bins, (k+1)/bins).
      const k = Math.floor((1 - Math.exp(-x[i]!)) * bins);
      counts[Math.min(k, bins - 1)]++;
    }
    const expected = n / bins;
    let chi2 = 0;
    for (const c of counts) chi2 += (c - expected) ** 2 / expected;
    // χ² with 999 degrees of freedom: mean 999, standard deviation √1998 ≈ 45.
    expect(chi2).toBeLessThan(999 + 4 * Math.sqrt(2 * 999));
    expect(chi2).toBeGreaterThan(999 - 4 * Math.sqrt(2 * 999));
  });

  test('successive draws are uncorrelated (layer and position bits are not shared)', () => {
    let cov = 0;
    for (let i = 1; i < n; i++) cov += (x[i]! - 1) * (x[i - 1]! - 1);
    // Correlation of independent unit exponentials: 0 with SE 1/√n.
    expect(Math.abs(cov / (n - 1))).toBeLessThan(4 / Math.sqrt(n));
    // Four consecutive draws share one 32-bit draw of layer bits: check lags 1–4 of the
    // indicator "small value" (layer bits decide most of it), correlation 0 ± 4/√n.
    const p = 1 - Math.exp(-0.1);
    for (let lag = 1; lag <= 4; lag++) {
      let c = 0;
      for (let i = lag; i < n; i++) c += ((x[i]! < 0.1 ? 1 : 0) - p) * ((x[i - lag]! < 0.1 ? 1 : 0) - p);
      expect(Math.abs(c / (n - lag) / (p * (1 - p))), `lag ${lag}`).toBeLessThan(4 / Math.sqrt(n));
    }
  });

  test('exponential(mean) scales the unit draw', () => {
    const a = new RandomStream();
    const b = new RandomStream();
    a.reseed(9, 3, STREAM_NETWORK);
    b.reseed(9, 3, STREAM_NETWORK);
    for (let i = 0; i < 1000; i++) expect(a.exponential(2.5)).toBe(2.5 * b.unitExponential());
  });

  test('running sums do not depend on how the range is split into batches', () => {
    // BackgroundMarks draws in batches as the replay asks; a trace of one scheme asks
    // in another order than a campaign, and must see the same marks.
    const whole = new Float64Array(500);
    const parts = new Float64Array(500);
    const s = new RandomStream();
    s.reseed(11, 42, STREAM_BACKGROUND);
    s.fillExponentialSums(whole, 0, 500);
    s.reseed(11, 42, STREAM_BACKGROUND);
    let from = 0;
    for (const to of [1, 2, 7, 40, 41, 200, 333, 500]) {
      s.fillExponentialSums(parts, from, to);
      from = to;
    }
    expect(Array.from(parts)).toEqual(Array.from(whole));
    // And one value at a time is the same draws.
    s.reseed(11, 42, STREAM_BACKGROUND);
    for (let i = 0; i < 500; i++) s.fillExponentialSums(parts, i, i + 1);
    expect(Array.from(parts)).toEqual(Array.from(whole));
  });

  test('single draws in one loop are the draws one at a time, rare paths included, and sums still follow', () => {
    // The timeline draws every unit's first cut in one go (fillExponentials): it must
    // be unitExponential called that many times, bit for bit, and leave the stream where
    // those calls leave it.
    const n = 20_000; // ≈ 1 % take the tail or the wedge: ≈ 200 rare draws
    const loop = new Float64Array(n);
    const s = new RandomStream();
    s.reseed(5, 8, STREAM_NETWORK);
    s.fillExponentials(loop, 0, n);
    const after = [s.uniform(), s.unitExponential()];
    const sums = new Float64Array(50);
    s.fillExponentialSums(sums, 0, 50);
    s.reseed(5, 8, STREAM_NETWORK);
    const one = Float64Array.from({ length: n }, () => s.unitExponential());
    expect(Buffer.from(loop.buffer).equals(Buffer.from(one.buffer))).toBe(true);
    expect(Math.max(...loop)).toBeGreaterThan(7.69711747013104972); // past the base layer's edge r: the tail was drawn
    expect([s.uniform(), s.unitExponential()]).toEqual(after);
    const sumsAfter = new Float64Array(50);
    s.fillExponentialSums(sumsAfter, 0, 50);
    expect(Array.from(sumsAfter)).toEqual(Array.from(sums));
  });

  test('a stream is a pure function of (seed, trial, stream), whatever was drawn before', () => {
    const s = new RandomStream();
    s.reseed(1, 2, STREAM_BACKGROUND);
    const first = [s.unitExponential(), s.unitExponential(), s.unitExponential()];
    s.reseed(1, 3, STREAM_BACKGROUND);
    s.unitExponential(); // leaves unused layer bits behind, which reseeding must drop
    s.reseed(1, 2, STREAM_BACKGROUND);
    expect([s.unitExponential(), s.unitExponential(), s.unitExponential()]).toEqual(first);
  });
});
