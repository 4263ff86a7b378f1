import { describe, expect, test } from 'vitest';

import { ci95 } from '../../src/stats/confidence.js';
import { normalQuantile } from '../../src/stats/normal-quantile.js';
import { tQuantile, tUpperTail } from '../../src/stats/student-t.js';

describe('Student t quantile', () => {
  // Published two-sided 95 % critical values (any t table; R: qt(0.975, df)).
  test.each([
    [1, 12.706],
    [5, 2.5706],
    [30, 2.0423],
  ])('t(0.975, %i) = %f', (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, String(expected).split('.')[1]!.length);
  });

  // R 4.x: qt(p, df), 8 significant digits.
  test.each([
    [0.975, 1, 12.706205],
    [0.975, 2, 4.3026527],
    [0.975, 3, 3.1824463],
    [0.975, 5, 2.5705818],
    [0.975, 10, 2.2281389],
    [0.975, 30, 2.0422725],
    [0.975, 100, 1.9839715],
    [0.975, 1000, 1.9623391],
    [0.995, 2, 9.9248432],
    [0.99, 100, 2.3642173],
    [0.025, 5, -2.5705818],
  ])('qt(%f, %i) = %f', (p, df, expected) => {
    expect(Math.abs(tQuantile(p, df) - expected)).toBeLessThan(6e-7 * Math.abs(expected));
  });

  test.each([3, 4.5, 7, 50, 999, 1000])('inverts the tail to 1e-12 at df = %f (Newton)', (df) => {
    for (const p of [0.6, 0.9, 0.975, 0.995, 0.9999]) {
      expect(Math.abs(tUpperTail(tQuantile(p, df), df) - (1 - p))).toBeLessThan(1e-12 * (1 - p) + 1e-16);
    }
  });

  test('the Cornish–Fisher series beyond df = 1000 continues Newton to 1e-12', () => {
    for (const p of [0.6, 0.9, 0.975, 0.995, 0.9999]) {
      const newton = tQuantile(p, 1000);
      const series = tQuantile(p, 1000 + 1e-9); // dt/dν·1e-9 < 1e-13
      expect(Math.abs(series - newton)).toBeLessThan(1e-12 * newton);
    }
  });

  test('symmetry, median and edge cases', () => {
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tQuantile(0.1, 7)).toBeCloseTo(-tQuantile(0.9, 7), 14);
    expect(tQuantile(1, 7)).toBe(Infinity);
    expect(tQuantile(0, 7)).toBe(-Infinity);
    expect(tQuantile(0.975, 0.5)).toBeNaN();
    expect(tQuantile(1.2, 5)).toBeNaN();
  });

  test('tends to the normal quantile', () => {
    expect(tQuantile(0.975, 1e12)).toBeCloseTo(1.959963984540054, 11);
  });
});

describe('normal quantile (AS 241)', () => {
  // R: qnorm(p), printed with digits = 16.
  test.each([
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489],
    [0.999, 3.090232306167813],
    [1e-10, -6.361340902404056],
  ])('qnorm(%f) = %f', (p, expected) => {
    expect(Math.abs(normalQuantile(p) - expected)).toBeLessThan(1e-14 * Math.abs(expected));
  });

  test('0.5 → 0, 0 and 1 → ∓∞, outside → NaN', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
  });
});

describe('ci95', () => {
  test('mean ± t(0.975, n − 1)·s/√n', () => {
    const [low, high] = ci95(10, 2, 6);
    const half = (2.570581835636314 * 2) / Math.sqrt(6); // R: qt(0.975, 5)
    expect(low).toBeCloseTo(10 - half, 12);
    expect(high).toBeCloseTo(10 + half, 12);
  });

  test('large n uses (nearly) the normal quantile', () => {
    // stdev/√n = 1: the half-width is t(0.975, 999 999) ≈ z + (z³ + z)/(4ν) = 1.9599663567
    // with z = 1.959963984540054 (A & S 26.7.5, first term; the next is ~3e-12).
    const [low, high] = ci95(0, 1000, 1_000_000);
    expect(high).toBeCloseTo(1.9599663568, 9);
    expect(low).toBe(-high);
  });

  test('n < 2 or non-finite inputs give [NaN, NaN]', () => {
    expect(ci95(1, 0, 1)).toEqual([NaN, NaN]);
    expect(ci95(NaN, NaN, 0)).toEqual([NaN, NaN]);
    expect(ci95(1, NaN, 10)).toEqual([NaN, NaN]);
  });

  test('zero spread gives a point interval', () => {
    expect(ci95(3, 0, 10)).toEqual([3, 3]);
  });
});
