/** One broken key at a time: each gives exactly one line naming the path and the value. */
import { describe, expect, test } from 'vitest';
import { validateScenario } from '../../src/config/validate-scenario.js';
import { minimal, problemsOfRaw } from '../support/config-problems.js';

/** `minimal()` changed by `edit`, and the problems it reports. */
function problemsAfter(edit: (raw: Record<string, any>) => void): readonly string[] {
  const raw = minimal();
  edit(raw);
  return problemsOfRaw(raw);
}

describe('one problem, one line', () => {
  test.each<[string, (raw: Record<string, any>) => void, string]>([
    ['negative length', (r) => (r.routes[0].length_km = -5), 'routes[0].length_km: must be > 0, got -5'],
    [
      'unknown top-level key',
      (r) => (r.trails = 5),
      'trails: unknown key (valid keys: name, seed, trials, horizon, sites, junctions, routes, srlgs, hazards, regional, job, schemes, rare_events)',
    ],
    [
      'typo inside job.step',
      (r) => (r.job.step = { computee: '4s' }),
      'job.step.computee: unknown key (valid keys: compute, wan_bytes, wan_round_trips, overlap)',
    ],
    [
      'wrong scheme kind',
      (r) => (r.schemes = [{ id: 'x', kind: 'one-plus-two' }]),
      'schemes[0].kind: must be one of ideal, none, one-plus-one, restoration, one-plus-one-restoration, elastic, got "one-plus-two"',
    ],
    [
      'fractions not summing to 1',
      (r) => (r.routes[0].deployment = { buried: 0.7, aerial: 0.2 }),
      'routes[0].deployment: fractions must sum to 1, got 0.9 (buried 0.7 + aerial 0.2)',
    ],
    [
      'unknown deployment',
      (r) => (r.hazards.excavator.rate = { burried: 1 }),
      'hazards.excavator.rate.burried: unknown key (valid keys: buried, aerial, conduit, submarine)',
    ],
    ['negative rate', (r) => (r.hazards.excavator.rate.buried = -1), 'hazards.excavator.rate.buried: must be >= 0, got -1'],
    [
      'two repair kinds',
      (r) => (r.hazards.excavator.repair = { fixed: '1h', exponential: { mean: '2h' } }),
      'hazards.excavator.repair: must give exactly one of fixed, exponential, lognormal, weibull, got fixed and exponential',
    ],
    [
      'lognormal median 0',
      (r) => (r.hazards.excavator.repair = { lognormal: { median: '0h', sigma: 1 } }),
      'hazards.excavator.repair.lognormal.median: must be > 0, got "0h"',
    ],
    [
      'weibull shape 0',
      (r) => (r.hazards.excavator.repair = { weibull: { scale: '5h', shape: 0 } }),
      'hazards.excavator.repair.weibull.shape: must be > 0, got 0',
    ],
    [
      'unknown duration unit',
      (r) => (r.job.restart = '10 mins'),
      'job.restart: unknown duration unit "mins" (valid: ms, s, min, h, d, y), got "10 mins"',
    ],
    [
      'unknown size unit',
      (r) => (r.job.step = { wan_bytes: '2.5TiB' }),
      'job.step.wan_bytes: unknown size unit "TiB" (valid: B, KB, MB, GB, TB), got "2.5TiB"',
    ],
    ['checkpoint interval 0', (r) => (r.job.checkpoint.interval = '0s'), 'job.checkpoint.interval: must be > 0, got "0s"'],
    [
      'checkpoint interval nonsense',
      (r) => (r.job.checkpoint.interval = 'often'),
      'job.checkpoint.interval: must be a duration > 0 or "daly", got "often"',
    ],
    ['overlap above 1', (r) => (r.job.step = { overlap: 1.5 }), 'job.step.overlap: must be <= 1, got 1.5'],
    ['gpus not an integer', (r) => (r.sites[1].gpus = 7.5), 'sites[1].gpus: must be an integer, got 7.5'],
    ['trials 0', (r) => (r.trials = 0), 'trials: must be >= 1, got 0'],
    ['seed too large', (r) => (r.seed = 2 ** 53), 'seed: must be <= 9007199254740991, got 9007199254740992'],
    ['seed as text', (r) => (r.seed = 'abc'), 'seed: must be a number, got "abc"'],
    ['bad name', (r) => (r.name = 'Metro Triad'), 'name: must match [a-z0-9-]+ (it names the output folder), got "Metro Triad"'],
    ['missing work', (r) => delete r.job.work, 'job.work: give exactly one of work (a duration) and steps (a count)'],
    ['missing sites', (r) => delete r.sites, 'sites: required'],
    ['empty sites', (r) => (r.sites = []), 'sites: must have at least 1 entry, got 0'],
    ['missing capacity', (r) => delete r.routes[0].capacity_tbps, 'routes[0].capacity_tbps: required'],
    ['route with one end', (r) => (r.routes[0].between = ['dc-a']), 'routes[0].between: must have at least 2 entries, got 1'],
    ['fiber name', (r) => (r.routes[0].fiber = 'glass'), 'routes[0].fiber: must be smf, hollow-core or {us_per_km: x}, got "glass"'],
    ['fiber speed', (r) => (r.routes[0].fiber = { us_per_km: 0 }), 'routes[0].fiber.us_per_km: must be > 0, got 0'],
    [
      'hit probability',
      (r) => (r.regional = [{ id: 'q', cause: 'quake', region: 'x', rate: 1, hit_probability: 2, repair: { fixed: 1 } }]),
      'regional[0].hit_probability: must be <= 1, got 2',
    ],
    [
      'capacity fraction 0',
      (r) => (r.schemes = [{ id: 'r', kind: 'restoration', restore: '2min', capacity_fraction: 0 }]),
      'schemes[0].capacity_fraction: must be > 0, got 0',
    ],
    [
      'scheme without kind',
      (r) => (r.schemes = [{ id: 'x' }]),
      'schemes[0].kind: required, must be one of ideal, none, one-plus-one, restoration, one-plus-one-restoration, elastic',
    ],
    ['empty hazard name', (r) => (r.hazards = { '': r.hazards.excavator }), 'hazards[""]: must be a non-empty name of printable text'],
    [
      'a key of another scheme kind',
      (r) => (r.schemes = [{ id: 'r', kind: 'restoration', restore: '1min', switchover: '50ms' }]),
      'schemes[0].switchover: unknown key (valid keys: id, kind, restore, capacity_fraction)',
    ],
    ['restore missing', (r) => (r.schemes = [{ id: 'r', kind: 'restoration' }]), 'schemes[0].restore: required'],
    ['background without mtbf', (r) => (r.job.background = { recovery: '1h' }), 'job.background.mtbf_per_gpu: required'],
    ['job is a list', (r) => (r.job = []), 'job: must be a mapping, got []'],
  ])('%s', (_label, edit, problem) => {
    expect(problemsAfter(edit)).toEqual([problem]);
  });

  test(`more than MAX_ROUTES (16 384) routes`, () => {
    const problems = problemsAfter((r) => {
      r.routes = Array.from({ length: 16_385 }, (_, i) => ({ ...r.routes[0], id: `r${i}` }));
    });
    expect(problems).toEqual(['routes: must have at most 16384 entries, got 16385']);
  });

  test('a document that is not a mapping', () => {
    expect(problemsOfRaw(null)).toEqual(['scenario: must be a mapping, got null']);
  });
});

describe('several problems, reported together', () => {
  test('every shape problem of the document, in document order', () => {
    const problems = problemsAfter((r) => {
      r.seed = -1;
      r.routes[0].length_km = -5;
      r.routes[0].colour = 'red';
      r.job.step = { computee: '4s', overlap: 2 };
      r.schemes = [{ id: 'x', kind: 'bogus' }, { kind: 'none' }];
    });
    expect(problems).toEqual([
      'seed: must be >= 0, got -1',
      'routes[0].length_km: must be > 0, got -5',
      'routes[0].colour: unknown key (valid keys: id, between, length_km, fiber, deployment, capacity_tbps, srlgs, regions, jitter)',
      'job.step.overlap: must be <= 1, got 2',
      'job.step.computee: unknown key (valid keys: compute, wan_bytes, wan_round_trips, overlap)',
      'schemes[0].kind: must be one of ideal, none, one-plus-one, restoration, one-plus-one-restoration, elastic, got "bogus"',
      'schemes[1].id: required',
    ]);
  });

  test('the thrown message has one problem per line', () => {
    const raw = minimal();
    raw.seed = -1;
    raw.trials = 0;
    expect(() => validateScenario(raw)).toThrow('seed: must be >= 0, got -1\ntrials: must be >= 1, got 0');
  });
});
