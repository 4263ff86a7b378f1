/** What a file may leave out, and what it becomes (docs/config-reference.md). */
import { expect, test } from 'vitest';
import { validateScenario } from '../../src/config/validate-scenario.js';
import { minimal } from '../support/config-problems.js';

test('a one-site job needs only name, sites and job', () => {
  const scenario = validateScenario({
    name: 'solo',
    sites: [{ id: 'dc', gpus: 1024 }],
    job: { work: '2d', checkpoint: { interval: '1h' } },
  });
  expect(scenario).toEqual({
    name: 'solo',
    seed: 1,
    trials: 10000,
    horizon: 480, // 10 × work
    sites: [{ id: 'dc', gpus: 1024 }],
    junctions: [],
    routes: [],
    srlgs: [],
    hazards: [],
    regional: [],
    job: {
      sites: ['dc'],
      work: 48,
      steps: null,
      step: { compute: 1 / 3600, wanBytes: 0, wanRoundTrips: 0, overlap: 0 },
      checkpoint: { interval: 1, write: 0 },
      restart: 0,
      collectiveTimeout: 10 / 60,
      background: null,
      power: { kwPerGpu: 1.4 },
      networkPjPerBit: 0,
    },
    schemes: [
      { id: 'ideal', kind: 'ideal' },
      { id: 'none', kind: 'none' },
    ],
  });
});

test('route, SRLG, regional, scheme and background defaults', () => {
  const raw = minimal();
  raw.srlgs = [{ id: 'duct', length_km: 10, deployment: { conduit: 1 } }];
  raw.routes[0].regions = ['coast'];
  raw.regional = [{ id: 'storm', cause: 'storm', region: 'coast', rate: 0.1, repair: { exponential: { mean: '2d' } } }];
  raw.schemes = [
    { id: 'p', kind: 'one-plus-one' },
    { id: 'r', kind: 'restoration', restore: '2min' },
  ];
  raw.job.background = { mtbf_per_gpu: '5y' };
  const scenario = validateScenario(raw);

  expect(scenario.routes[0]).toMatchObject({ usPerKm: 4.9, srlgs: [], regions: ['coast'] });
  expect(scenario.srlgs[0]?.regions).toEqual([]);
  expect(scenario.regional[0]).toMatchObject({ hitProbability: 1, repair: { kind: 'exponential', mean: 48 } });
  expect(scenario.schemes).toEqual([
    { id: 'p', kind: 'one-plus-one', switchover: 50 / 3_600_000 },
    { id: 'r', kind: 'restoration', restore: 2 / 60, capacityFraction: 1 },
  ]);
  expect(scenario.job.background).toEqual({ mtbfPerGpu: 5 * 8760, recovery: 0 });
});

test('missing deployments get rate 0, hazards keep the file order', () => {
  const raw = minimal();
  raw.hazards = {
    rodent: { rate: { aerial: 0.6 }, repair: { weibull: { scale: '5h', shape: 1.5 } } },
    anchor: { rate: { submarine: 0.02 }, repair: { fixed: '10d' } },
  };
  const { hazards } = validateScenario(raw);
  expect(hazards).toEqual([
    {
      cause: 'rodent',
      ratePer1000KmYear: { buried: 0, aerial: 0.6, conduit: 0, submarine: 0 },
      repair: { kind: 'weibull', scale: 5, shape: 1.5 },
    },
    {
      cause: 'anchor',
      ratePer1000KmYear: { buried: 0, aerial: 0, conduit: 0, submarine: 0.02 },
      repair: { kind: 'fixed', value: 240 },
    },
  ]);
});

test('fiber kinds and an explicit speed', () => {
  const raw = minimal();
  raw.sites.push({ id: 'dc-c', gpus: 8 });
  raw.routes.push(
    { ...raw.routes[0], id: 'b-c', between: ['dc-b', 'dc-c'], fiber: 'hollow-core' },
    { ...raw.routes[0], id: 'a-c', between: ['dc-a', 'dc-c'], fiber: { us_per_km: 4.1 } },
  );
  expect(validateScenario(raw).routes.map((route) => route.usPerKm)).toEqual([4.9, 3.34, 4.1]);
});

test('job.sites defaults to the sites that have GPUs', () => {
  const raw = minimal();
  raw.sites.push({ id: 'relay', gpus: 0 });
  raw.routes.push({ ...raw.routes[0], id: 'b-relay', between: ['dc-b', 'relay'] });
  expect(validateScenario(raw).job.sites).toEqual(['dc-a', 'dc-b']);
});

test('fractions that sum to 1 only within 1e-9 are accepted', () => {
  const raw = minimal();
  raw.routes[0].deployment = { buried: 0.7, aerial: 0.2, conduit: 0.1 }; // 0.9999999999999999
  expect(validateScenario(raw).routes[0]?.deployment.conduit).toBe(0.1);
});
