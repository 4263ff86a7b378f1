/**
 * `rare_events` (docs/scenarios.md#rare_events) and `--importance-sampling`: what a file
 * or the flag turns into, every bad value refused naming its key or the flag, and the
 * bound on network events counted at the biased rates (docs/limits.md).
 */
import { describe, expect, test } from 'vitest';
import { expectedNetworkEvents } from '../../src/config/derived-figures.js';
import { loadScenarioFile } from '../../src/config/load-scenario.js';
import { validateScenario } from '../../src/config/validate-scenario.js';
import { importanceSamplingOverrides } from '../../src/cli/importance-sampling-option.js';
import { UserError } from '../../src/cli/user-error.js';
import { minimal, problemsOf, problemsOfRaw } from '../support/config-problems.js';

const withRare = (rare: unknown) => ({ ...minimal(), rare_events: rare });

describe('rare_events in a file', () => {
  test('a factor alone: failure biasing at that factor', () => {
    expect(validateScenario(withRare({ factor: 1000 })).rareEvents).toEqual({ method: 'failure-biasing', factor: 1000, allUpFactor: 1 });
    expect(validateScenario(withRare({ factor: 1000, all_up_factor: 4 })).rareEvents).toEqual({ method: 'failure-biasing', factor: 1000, allUpFactor: 4 });
    expect(validateScenario(withRare({ method: 'uniform', factor: 2.5 })).rareEvents).toEqual({ method: 'uniform', factor: 2.5 });
  });

  test('absent or null: plain Monte Carlo, and the scenario has no rareEvents key at all (its JSON and hash unchanged)', () => {
    for (const scenario of [validateScenario(minimal()), validateScenario(withRare(null))]) {
      expect('rareEvents' in scenario).toBe(false);
      expect(JSON.stringify(scenario)).not.toMatch(/rare/);
    }
  });

  test.each([
    [{ factor: 0.5 }, 'rare_events.factor: must be >= 1, got 0.5'],
    [{ factor: 2e6 }, 'rare_events.factor: must be <= 1000000, got 2000000'],
    [{ factor: Infinity }, 'rare_events.factor: must be a number, got .inf'],
    [{ factor: NaN }, 'rare_events.factor: must be a number, got .nan'],
    [{ factor: 'lots' }, 'rare_events.factor: must be a number, got "lots"'],
    [{}, 'rare_events.factor: required'],
    [{ method: 'magic', factor: 3 }, 'rare_events.method: must be "uniform" or "failure-biasing", got "magic"'],
    [{ factor: 3, rate: 2 }, 'rare_events.rate: unknown key (valid keys: method, factor, all_up_factor)'],
    [{ factor: 3, all_up_factor: 0.9 }, 'rare_events.all_up_factor: must be >= 1, got 0.9'],
    [{ method: 'uniform', factor: 3, all_up_factor: 2 }, 'rare_events.all_up_factor: only with method failure-biasing (uniform raises every rate by factor)'],
    ['yes', 'rare_events: must be a mapping, got "yes"'],
  ])('%j is refused: %s', (rare, message) => {
    expect(problemsOfRaw(withRare(rare))).toEqual([message]);
  });

  test('network events per trial are bounded at the biased rates, naming the factor when only they exceed it', () => {
    // 100 km cut at 1000 / 1000 km / yr = 100 cuts a year; horizon 2400 h → 27.4 cuts a trial.
    const hot = minimal();
    hot.hazards.excavator.rate.buried = 1000;
    const plain = validateScenario(hot);
    expect(expectedNetworkEvents(plain).cuts).toBeCloseTo((100 * 2400) / 8760, 9);
    expect(expectedNetworkEvents({ ...plain, rareEvents: { method: 'uniform', factor: 10 } }, true).cuts).toBeCloseTo((1000 * 2400) / 8760, 6);
    expect(validateScenario({ ...hot, rare_events: { factor: 3e4 } }).rareEvents?.factor).toBe(3e4); // 8.2e5 drawn: fine
    // The larger of the two failure-biasing factors bounds the rates.
    expect(problemsOfRaw({ ...hot, rare_events: { factor: 2, all_up_factor: 1e5 } })[0]).toMatch(/^rare_events\.factor: 2\.74e6 cuts .* drawn at 100000 × their rates/);
    expect(problemsOfRaw({ ...hot, rare_events: { factor: 1e5 } })).toEqual([
      'rare_events.factor: 2.74e6 cuts and 0 regional hits (each event × the routes and SRLGs of its region it hits) drawn at 100000 × their rates expected per trial over the horizon of 2400 h, must be at most 1 000 000 together (lower the factor, rates or the horizon)',
    ]);
  });
});

describe('--importance-sampling', () => {
  test('a factor sets rare_events.factor (a file without rare_events gets failure biasing); off removes it', () => {
    expect(importanceSamplingOverrides({})).toEqual([]);
    expect(importanceSamplingOverrides({ importanceSampling: '300' })).toEqual([['rare_events.factor', '300', '--importance-sampling']]);
    expect(importanceSamplingOverrides({ importanceSampling: 'off' })).toEqual([['rare_events', 'null', '--importance-sampling']]);
    const triad = 'configs/metro-triad.yaml';
    expect(loadScenarioFile(triad, importanceSamplingOverrides({ importanceSampling: '300' })).rareEvents).toEqual({ method: 'failure-biasing', factor: 300, allUpFactor: 1 });
    expect('rareEvents' in loadScenarioFile(triad, importanceSamplingOverrides({ importanceSampling: 'off' }))).toBe(false);
  });

  test('a value that is neither a number nor off is refused naming the flag; an out-of-range factor names the flag too', () => {
    expect(() => importanceSamplingOverrides({ importanceSampling: 'lots' })).toThrow(UserError);
    expect(() => importanceSamplingOverrides({ importanceSampling: 'lots' })).toThrow('--importance-sampling: must be a factor (a number ≥ 1) or off, got "lots"');
    expect(problemsOf(() => loadScenarioFile('configs/metro-triad.yaml', importanceSamplingOverrides({ importanceSampling: '0.5' })))).toEqual([
      '--importance-sampling: must be >= 1, got 0.5',
    ]);
  });
});
