/** Rounding to what is known: the Particle Data Group's rule for a mean ± its CI, a quantile to its resolution. */
import { describe, expect, test } from 'vitest';
import { decimalsFor, fixed, meanWithCi, resolved } from '../../src/output/text/uncertain-number.js';

describe('uncertain numbers', () => {
  test('PDG rule: two digits of u when its leading three are 100–354, else one; 950–999 rounds up', () => {
    expect(meanWithCi(809.0163, 0.0412)).toEqual({ mean: '809.02', ci: '0.04' });
    expect(meanWithCi(88.70931, 0.0162)).toEqual({ mean: '88.709', ci: '0.016' });
    expect(meanWithCi(3.0123, 0.61)).toEqual({ mean: '3.0', ci: '0.6' });
    expect(meanWithCi(0.123456, 0.00354)).toEqual({ mean: '0.1235', ci: '0.0035' });
    expect(meanWithCi(0.123456, 0.00355)).toEqual({ mean: '0.123', ci: '0.004' });
    expect(meanWithCi(12.3456, 0.0972)).toEqual({ mean: '12.35', ci: '0.10' });
    expect(meanWithCi(27713.6, 152)).toEqual({ mean: '27710', ci: '150' });
    expect(decimalsFor(0)).toBeNaN();
    expect(decimalsFor(Infinity)).toBeNaN();
  });

  test('an exact mean (u = 0) keeps 6 significant digits, an undefined CI 4; never "-0"', () => {
    expect(meanWithCi(382.0912345, 0)).toEqual({ mean: '382.091', ci: '0' });
    expect(meanWithCi(382.0912345, NaN)).toEqual({ mean: '382.1', ci: '' });
    expect(fixed(-0.0004, 2)).toBe('0.00');
    expect(fixed(-4, -1)).toBe('0');
  });

  test('a quantile is rounded to the first digit of its resolution; exact (0) keeps 6 digits', () => {
    expect(resolved(808.98217, 0.034)).toBe('808.98');
    expect(resolved(885.561, 2.7)).toBe('886');
    expect(resolved(885.561, 27)).toBe('890');
    expect(resolved(1 / 72_000, 0)).toBe('0.0000138889');
  });
});
