/** `--set key=value` on the raw document. */
import { describe, expect, test } from 'vitest';
import { applyOverride } from '../../src/config/overrides.js';
import { validateScenario } from '../../src/config/validate-scenario.js';
import { minimal, problemsOf } from '../support/config-problems.js';

function withSchemes(): Record<string, any> {
  const raw = minimal();
  raw.schemes = [
    { id: 'none', kind: 'none' },
    { id: 'restore', kind: 'restoration', restore: '2min' },
    { id: 'v1.2', kind: 'one-plus-one' },
  ];
  return raw;
}

describe('setting values', () => {
  test('a nested key; the value stays a string when YAML says so', () => {
    const out = applyOverride(minimal(), 'job.checkpoint.interval', '30min') as any;
    expect(out.job.checkpoint.interval).toBe('30min');
    expect(validateScenario(out).job.checkpoint.interval).toBe(0.5);
  });

  test('numbers become numbers, and the input is not modified', () => {
    const raw = minimal();
    const out = applyOverride(raw, 'routes[0].length_km', '12') as any;
    expect(out.routes[0].length_km).toBe(12);
    expect(raw.routes[0].length_km).toBe(100);
    expect(out.sites).toBe(raw.sites); // untouched branches are shared, not copied
  });

  test.each(['schemes[1].restore', 'schemes.1.restore', 'schemes[restore].restore', 'schemes.restore.restore'])(
    '%s: by index or by id, with brackets or dots',
    (key) => {
      const out = applyOverride(withSchemes(), key, '5min') as any;
      expect(out.schemes[1].restore).toBe('5min');
    },
  );

  test('an id with a dot needs brackets', () => {
    const out = applyOverride(withSchemes(), 'schemes[v1.2].switchover', '20ms') as any;
    expect(out.schemes[2].switchover).toBe('20ms');
  });

  test('a route by id', () => {
    const out = applyOverride(minimal(), 'routes.a-b.length_km', '380') as any;
    expect(validateScenario(out).routes[0]?.lengthKm).toBe(380);
  });

  test('a mapping left out of the file is created, so defaults can be overridden', () => {
    const out = applyOverride(minimal(), 'job.step.compute', '4s') as any;
    expect(validateScenario(out).job.step.compute).toBe(4 / 3600);
  });

  test('a flow mapping as the value', () => {
    const out = applyOverride(minimal(), 'routes[0].fiber', '{us_per_km: 3.34}') as any;
    expect(validateScenario(out).routes[0]?.usPerKm).toBe(3.34);
  });

  test('a bad value is left to validation, like the same value in the file', () => {
    const out = applyOverride(minimal(), 'routes[0].length_km', '-5');
    expect(problemsOf(() => validateScenario(out))).toEqual(['routes[0].length_km: must be > 0, got -5']);
  });
});

describe('keys that do not resolve', () => {
  test.each([
    [
      'job.chekpoint.interval',
      'job.chekpoint.interval: job.chekpoint: unknown key (valid keys: sites, work, steps, step, checkpoint, restart, collective_timeout, background, power, network_energy)',
    ],
    ['trails', 'trails: unknown key (valid keys: name, seed, trials, horizon, sites, junctions, routes, srlgs, hazards, regional, job, schemes, rare_events)'],
    ['routes[3].length_km', 'routes[3].length_km: routes has no entry [3] (it has 1)'],
    ['routes[a-b-north].length_km', 'routes[a-b-north].length_km: routes has no entry with id "a-b-north" (ids: a-b)'],
    ['srlgs[0].length_km', 'srlgs[0].length_km: srlgs is not in the file, so srlgs[0] does not exist'],
    ['name.first', 'name.first: name is "pair", not a mapping or a list'],
    ['job..work', 'job..work: not a valid key (write e.g. job.checkpoint.interval, schemes[1].restore or routes[a-b-north].length_km)'],
    ['routes[]', 'routes[]: not a valid key (write e.g. job.checkpoint.interval, schemes[1].restore or routes[a-b-north].length_km)'],
    ['', ': not a valid key (write e.g. job.checkpoint.interval, schemes[1].restore or routes[a-b-north].length_km)'],
  ])('%j', (key, problem) => {
    expect(problemsOf(() => applyOverride(minimal(), key, '1'))).toEqual([problem]);
  });

  test('a value that is not YAML names the key', () => {
    expect(problemsOf(() => applyOverride(minimal(), 'job.work', '[1, 2'))).toEqual([
      expect.stringMatching(/^line 1, column \d+: /),
    ]);
  });
});
