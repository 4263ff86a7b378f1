import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';
import { RandomStream, STREAM_BACKGROUND, STREAM_NETWORK } from '../../src/model/random-stream.js';

describe('RandomStream', () => {
  test('draws exactly what seedrandom.alea draws from the same state', () => {
    const stream = new RandomStream();
    stream.reseed(20261124, 7, STREAM_NETWORK);
    const state = { c: stream.c, s0: stream.s0, s1: stream.s1, s2: stream.s2 };
    const reference = seedrandom.alea('', { state });
    for (let i = 0; i < 1000; i++) expect(stream.uniform()).toBe(reference());
  });

  test('a stream is a pure function of (seed, trial, stream)', () => {
    const a = new RandomStream();
    const b = new RandomStream();
    a.reseed(5, 123, STREAM_BACKGROUND);
    for (let i = 0; i < 50; i++) a.uniform();
    a.reseed(5, 124, STREAM_BACKGROUND); // reseeding forgets everything drawn before
    b.reseed(5, 124, STREAM_BACKGROUND);
    for (let i = 0; i < 100; i++) expect(a.uniform()).toBe(b.uniform());
  });

  test('different seeds, trials and streams give different sequences', () => {
    const first = (seed: number, trial: number, stream: number) => {
      const s = new RandomStream();
      s.reseed(seed, trial, stream);
      return [s.uniform(), s.uniform(), s.uniform()].join();
    };
    const seen = new Set<string>();
    for (let trial = 0; trial < 2000; trial++) {
      seen.add(first(1, trial, STREAM_NETWORK));
      seen.add(first(1, trial, STREAM_BACKGROUND));
      seen.add(first(2, trial, STREAM_NETWORK));
    }
    expect(seen.size).toBe(6000);
    // Seeds above 2^32 are distinguished too (the high word enters the hash).
    expect(first(2 ** 33 + 1, 0, 1)).not.toBe(first(1, 0, 1));
  });

  test('uniform draws across consecutive trials are uniform and uncorrelated', () => {
    // First draw of trials 0..n-1: mean 1/2 (SE = 1/√(12n)), lag-1 correlation 0 (SE = 1/√n).
    const n = 100_000;
    const s = new RandomStream();
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s.reseed(99, i, STREAM_NETWORK);
      u[i] = s.uniform();
    }
    const mean = u.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 / Math.sqrt(12 * n));
    let cov = 0;
    for (let i = 1; i < n; i++) cov += (u[i]! - 0.5) * (u[i - 1]! - 0.5);
    const correlation = cov / (n - 1) / (1 / 12);
    expect(Math.abs(correlation)).toBeLessThan(4 / Math.sqrt(n));
  });

  test('exponential and normal draws have the right mean and variance (4 SE)', () => {
    const n = 200_000;
    const s = new RandomStream();
    s.reseed(3, 0, STREAM_BACKGROUND);
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < n; i++) {
      const x = s.exponential(2);
      sum += x;
      sum2 += x * x;
    }
    // Exponential(mean θ = 2): variance θ² = 4, so SE of the mean is 2/√n.
    const mean = sum / n;
    expect(Math.abs(mean - 2)).toBeLessThan((4 * 2) / Math.sqrt(n));
    // Sample variance: its SE is √((μ₄ − σ⁴)/n), with the exponential's central fourth
    // moment μ₄ = 9θ⁴ = 144 and σ⁴ = 16: √(128/n).
    const variance = (sum2 - n * mean * mean) / (n - 1);
    expect(Math.abs(variance - 4)).toBeLessThan(4 * Math.sqrt(128 / n));
    let nsum = 0;
    let nsum2 = 0;
    for (let i = 0; i < n; i++) {
      const z = s.normal();
      nsum += z;
      nsum2 += z * z;
    }
    expect(Math.abs(nsum / n)).toBeLessThan(4 / Math.sqrt(n));
    // Var of z² is 2, so SE of the mean square is √(2/n).
    expect(Math.abs(nsum2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });
});
