/** Rules that relate parts of a well-shaped file: references, reachability, own lengths. */
import { describe, expect, test } from 'vitest';
import { validateScenario } from '../../src/config/validate-scenario.js';
import { minimal, problemsOfRaw } from '../support/config-problems.js';

function problemsAfter(edit: (raw: Record<string, any>) => void): readonly string[] {
  const raw = minimal();
  edit(raw);
  return problemsOfRaw(raw);
}

const route = (id: string, a: string, b: string, extra: object = {}) => ({
  id,
  between: [a, b],
  length_km: 100,
  deployment: { buried: 1 },
  capacity_tbps: 10,
  ...extra,
});

describe('one problem, one line', () => {
  test.each<[string, (raw: Record<string, any>) => void, string]>([
    [
      'route to an unknown place',
      (r) => (r.routes[0].between = ['dc-a', 'dc-x']),
      'routes[0].between[1]: unknown place "dc-x" (sites and junctions: dc-a, dc-b)',
    ],
    [
      'route from a place to itself',
      (r) => r.routes.push(route('loop', 'dc-a', 'dc-a')),
      'routes[1].between: must join two different places, got "dc-a" twice',
    ],
    [
      'unreachable job site',
      (r) => r.sites.push({ id: 'dc-c', gpus: 8 }),
      'sites[2]: no path of routes reaches job site "dc-c" from "dc-a"',
    ],
    [
      'unreachable job site, listed in job.sites',
      (r) => {
        r.sites.push({ id: 'dc-c', gpus: 8 });
        r.job.sites = ['dc-a', 'dc-b', 'dc-c'];
      },
      'job.sites[2]: no path of routes reaches job site "dc-c" from "dc-a"',
    ],
    [
      'own length negative',
      (r) => {
        r.srlgs = [{ id: 'i90', length_km: 60, deployment: { buried: 1 } }, { id: 'bridge', length_km: 50, deployment: { aerial: 1 } }];
        r.routes[0].srlgs = ['i90', 'bridge'];
      },
      'routes[0].length_km: route "a-b" is shorter than its SRLGs (i90 60 km, bridge 50 km): own length 100 - 110 = -10 km, must be >= 0',
    ],
    ['unknown SRLG', (r) => (r.routes[0].srlgs = ['i-90']), 'routes[0].srlgs[0]: unknown SRLG "i-90"'],
    [
      'regional event in a region nothing lists',
      (r) => (r.regional = [{ id: 'slide', cause: 'landslide', region: 'cascades', rate: 0.2, repair: { fixed: '3d' } }]),
      'regional[0].region: no route or SRLG lists region "cascades" in its regions',
    ],
    [
      'duplicate site id',
      (r) => r.sites.push({ id: 'dc-a', gpus: 4 }),
      'sites[2].id: duplicate id "dc-a" (already used by sites[0].id)',
    ],
    [
      'junction named like a site',
      (r) => (r.junctions = ['dc-b']),
      'junctions[0]: duplicate id "dc-b" (already used by sites[1].id)',
    ],
    [
      'duplicate route id',
      (r) => r.routes.push(route('a-b', 'dc-a', 'dc-b')),
      'routes[1].id: duplicate id "a-b" (already used by routes[0].id)',
    ],
    [
      'duplicate scheme id',
      (r) => (r.schemes = [{ id: 'x', kind: 'none' }, { id: 'x', kind: 'ideal' }]),
      'schemes[1].id: duplicate id "x" (already used by schemes[0].id)',
    ],
    ['job site unknown', (r) => (r.job.sites = ['dc-a', 'dc-q']), 'job.sites[1]: unknown site "dc-q" (sites: dc-a, dc-b)'],
    [
      'job site without GPUs',
      (r) => {
        r.sites[1].gpus = 0;
        r.job.sites = ['dc-a', 'dc-b'];
      },
      'job.sites[1]: site "dc-b" has gpus 0; a job site needs gpus > 0',
    ],
    [
      'no site with GPUs',
      (r) => {
        r.sites[0].gpus = 0;
        r.sites[1].gpus = 0;
      },
      'sites: no site has gpus > 0, so the job has nowhere to run',
    ],
    ['horizon not beyond work', (r) => (r.horizon = '10d'), 'horizon: must be > job.work (240 h), got 240 h'],
  ])('%s', (_label, edit, problem) => {
    expect(problemsAfter(edit)).toEqual([problem]);
  });
});

test('a job site reached through a junction is connected', () => {
  const raw = minimal();
  raw.junctions = ['hut'];
  raw.routes = [route('a-hut', 'dc-a', 'hut'), route('hut-b', 'hut', 'dc-b')];
  expect(validateScenario(raw).job.sites).toEqual(['dc-a', 'dc-b']);
});

test('several reference problems, reported together', () => {
  // Reachability is not judged on a graph with a route to an unknown place: see below.
  const problems = problemsAfter((r) => {
    r.sites.push({ id: 'dc-c', gpus: 8 });
    r.routes[0].between = ['dc-a', 'dc-x'];
    r.routes[0].srlgs = ['nope'];
    r.schemes = [{ id: 'x', kind: 'none' }, { id: 'x', kind: 'ideal' }];
  });
  expect(problems).toEqual([
    'schemes[1].id: duplicate id "x" (already used by schemes[0].id)',
    'routes[0].between[1]: unknown place "dc-x" (sites and junctions: dc-a, dc-b, dc-c)',
    'routes[0].srlgs[0]: unknown SRLG "nope"',
  ]);
});

test('reachability is reported once every route joins known places', () => {
  const problems = problemsAfter((r) => {
    r.sites.push({ id: 'dc-c', gpus: 8 }, { id: 'dc-d', gpus: 8 });
    r.routes.push(route('c-d', 'dc-c', 'dc-d'));
    r.schemes = [{ id: 'x', kind: 'none' }, { id: 'x', kind: 'ideal' }];
  });
  expect(problems).toEqual([
    'schemes[1].id: duplicate id "x" (already used by schemes[0].id)',
    'sites[2]: no path of routes reaches job site "dc-c" from "dc-a"',
    'sites[3]: no path of routes reaches job site "dc-d" from "dc-a"',
  ]);
});
