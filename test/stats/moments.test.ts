import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';

import {
  createMomentsBank,
  momentsAdd,
  momentsCount,
  momentsMax,
  momentsMean,
  momentsMerge,
  momentsMergeBank,
  momentsMin,
  momentsStdev,
  momentsVariance,
} from '../../src/stats/moments.js';

function relClose(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

function twoPass(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

function sample(seed: string, n: number): number[] {
  const rng = seedrandom(seed);
  // Large offset and spread: where the naive Σx² formula would lose digits.
  return Array.from({ length: n }, () => 1e6 + 1000 * Math.exp(2 * rng()) * (rng() - 0.5));
}

function addAll(bank: Float64Array, slot: number, xs: readonly number[]): void {
  for (const x of xs) momentsAdd(bank, slot, x);
}

describe('Welford moments', () => {
  test('var(1:10) = 9.166667 (R), mean 5.5, min 1, max 10', () => {
    const bank = createMomentsBank(1);
    addAll(bank, 0, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(momentsCount(bank, 0)).toBe(10);
    expect(momentsMean(bank, 0)).toBe(5.5);
    expect(momentsVariance(bank, 0)).toBeCloseTo(9.166667, 6);
    expect(momentsMin(bank, 0)).toBe(1);
    expect(momentsMax(bank, 0)).toBe(10);
  });

  test('agrees with the two-pass mean and variance on random data', () => {
    const xs = sample('welford', 20_000);
    const bank = createMomentsBank(1);
    addAll(bank, 0, xs);
    const exact = twoPass(xs);
    relClose(momentsMean(bank, 0), exact.mean, 1e-12);
    relClose(momentsVariance(bank, 0), exact.variance, 1e-12);
    expect(momentsMin(bank, 0)).toBe(Math.min(...xs));
    expect(momentsMax(bank, 0)).toBe(Math.max(...xs));
  });

  test('empty and single-value slots report NaN where undefined', () => {
    const bank = createMomentsBank(2);
    expect(momentsMean(bank, 0)).toBeNaN();
    expect(momentsMin(bank, 0)).toBeNaN();
    expect(momentsMax(bank, 0)).toBeNaN();
    momentsAdd(bank, 1, 3);
    expect(momentsMean(bank, 1)).toBe(3);
    expect(momentsVariance(bank, 1)).toBeNaN();
    expect(momentsStdev(bank, 1)).toBeNaN();
  });
});

describe('Chan merge', () => {
  test.each([
    [10_000, 10_000],
    [1, 19_999],
    [19_999, 1],
    [3_333, 16_667],
  ])('merging halves of %i + %i values equals the whole within 1e-12', (a, b) => {
    const xs = sample(`merge-${a}`, a + b);
    const whole = createMomentsBank(1);
    addAll(whole, 0, xs);
    const parts = createMomentsBank(2);
    addAll(parts, 0, xs.slice(0, a));
    addAll(parts, 1, xs.slice(a));
    momentsMerge(parts, 0, parts, 1);
    expect(momentsCount(parts, 0)).toBe(a + b);
    relClose(momentsMean(parts, 0), momentsMean(whole, 0), 1e-12);
    relClose(momentsVariance(parts, 0), momentsVariance(whole, 0), 1e-12);
    expect(momentsMin(parts, 0)).toBe(momentsMin(whole, 0));
    expect(momentsMax(parts, 0)).toBe(momentsMax(whole, 0));
  });

  test('merging into an empty slot copies exactly; merging an empty slot changes nothing', () => {
    const src = createMomentsBank(1);
    addAll(src, 0, sample('copy', 100));
    const dst = createMomentsBank(1);
    momentsMerge(dst, 0, src, 0);
    expect([...dst]).toEqual([...src]);
    momentsMerge(dst, 0, createMomentsBank(1), 0);
    expect([...dst]).toEqual([...src]);
  });

  test('momentsMergeBank merges slot i into slot i', () => {
    const a = createMomentsBank(3);
    const b = createMomentsBank(3);
    for (let s = 0; s < 3; s++) {
      momentsAdd(a, s, s);
      momentsAdd(b, s, 10 * s + 1);
    }
    momentsMergeBank(a, b, 3);
    for (let s = 0; s < 3; s++) {
      expect(momentsCount(a, s)).toBe(2);
      expect(momentsMean(a, s)).toBe((s + 10 * s + 1) / 2);
    }
  });
});
