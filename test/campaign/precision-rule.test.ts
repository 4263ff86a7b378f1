/**
 * docs/model.md#run-to-precision: the stopping rule judged estimate by estimate — the
 * relative half-width against the target, and the guards that keep it from stopping too
 * early: the minimum of blocks, the minimum of non-zero differences, never a zero
 * estimate, never an estimate without an interval.
 */
import { describe, expect, it } from 'vitest';
import { checkTargets, MIN_BLOCKS, MIN_NONZERO, type TargetEstimate } from '../../src/stats/stopping-rule.js';
import { parseTargetCi } from '../../src/cli/precision-options.js';
import { precisionBlockTrials } from '../../src/campaign/precision-target.js';

/** An estimate of 2 with a 95 % CI of 2 ± `half`, from `nonzero` non-zero differences. */
const estimate = (half: number, nonzero = 1000, value = 2): TargetEstimate => ({
  scheme: 's',
  baseline: 'b',
  estimate: value,
  ci95Low: value - half,
  ci95High: value + half,
  nonzero,
});

describe('checkTargets', () => {
  // Half-widths in powers of two: the interval's ends and their half-difference are exact.
  it('meets a target when half-width ≤ target · |estimate| (0.125 of 2 is 6.25 %), not when it is wider', () => {
    expect(checkTargets([estimate(0.125)], 0.0625, MIN_BLOCKS)).toMatchObject({ stop: true, checks: [{ halfWidth: 0.125, relativeHalfWidth: 0.0625, verdict: 'met' }] });
    expect(checkTargets([estimate(0.125 + 2 ** -20)], 0.0625, MIN_BLOCKS)).toMatchObject({ stop: false, checks: [{ verdict: 'too-wide' }] });
    // A negative estimate (a scheme better than the baseline) by its magnitude.
    expect(checkTargets([estimate(0.125, 1000, -2)], 0.0625, MIN_BLOCKS).stop).toBe(true);
  });

  it(`stops only when every target is met, and not before ${MIN_BLOCKS} blocks`, () => {
    expect(checkTargets([estimate(0.0625), estimate(0.25)], 0.0625, 10).stop).toBe(false);
    expect(checkTargets([estimate(0.0625), estimate(0.125)], 0.0625, 10).stop).toBe(true);
    expect(checkTargets([estimate(0.05)], 0.05, MIN_BLOCKS - 1).stop).toBe(false);
    expect(checkTargets([], 0.05, 10).stop).toBe(false);
  });

  it(`needs ${MIN_NONZERO} non-zero differences`, () => {
    expect(checkTargets([estimate(0.01, MIN_NONZERO - 1)], 0.05, 10)).toMatchObject({ stop: false, checks: [{ verdict: 'too-few-nonzero' }] });
    expect(checkTargets([estimate(0.01, MIN_NONZERO)], 0.05, 10).stop).toBe(true);
  });

  it('never stops on a zero estimate, even with a zero-width interval; nor without an interval', () => {
    expect(checkTargets([estimate(0, 1000, 0)], 0.05, 10)).toMatchObject({ stop: false, checks: [{ verdict: 'zero-estimate' }] });
    expect(checkTargets([estimate(0.001, 1000, 0)], 0.05, 10)).toMatchObject({ stop: false, checks: [{ verdict: 'zero-estimate' }] });
    expect(checkTargets([{ ...estimate(0.1), ci95Low: NaN, ci95High: NaN }], 0.05, 10)).toMatchObject({ stop: false, checks: [{ verdict: 'no-interval' }] });
  });
});

describe('--target-ci and the default block', () => {
  it('reads 5% and 0.05 alike', () => {
    expect(parseTargetCi('5%')).toBe(0.05);
    expect(parseTargetCi('0.05')).toBe(0.05);
    expect(parseTargetCi(' 12.5 % ')).toBe(0.125);
    expect(parseTargetCi('1e-3')).toBe(0.001);
    for (const bad of ['0', '0%', '1', '100%', '-5%', 'five', '', '5%%', 'NaN', 'Infinity']) expect(() => parseTargetCi(bad), bad).toThrow(/--target-ci/);
  });

  it('checks about 64 times over max-trials, in whole blocks of 1024, at most 64 of them', () => {
    expect(precisionBlockTrials(1000)).toBe(1024);
    expect(precisionBlockTrials(65_536)).toBe(1024);
    expect(precisionBlockTrials(65_537)).toBe(2048);
    expect(precisionBlockTrials(1_000_000)).toBe(16_384);
    expect(precisionBlockTrials(1e9)).toBe(65_536);
  });
});
