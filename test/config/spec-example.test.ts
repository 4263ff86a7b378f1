/** The annotated example scenario the project started from, verbatim in fixtures/spec-example.yaml. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile, readScenarioDocument } from '../../src/config/load-scenario.js';
import { validateScenario } from '../../src/config/validate-scenario.js';
import type { Scenario } from '../../src/model/scenario.js';
import { problemsOf } from '../support/config-problems.js';

const FILE = fileURLToPath(new URL('../fixtures/spec-example.yaml', import.meta.url));

describe('the annotated example scenario', () => {
  test('as printed, it lists one route, so job site dc-c is unreachable', () => {
    // The example shows one route as an illustration but lists dc-c among the job sites;
    // by its own rule ("a job site that no path reaches: error") that is an error.
    expect(problemsOf(() => loadScenarioFile(FILE))).toEqual([
      'job.sites[2]: no path of routes reaches job site "dc-c" from "dc-a"',
    ]);
    expect(readFileSync(FILE, 'utf8')).toContain('name: metro-triad');
  });

  test('completed with routes to dc-c, it resolves to these values', () => {
    const raw = readScenarioDocument(FILE) as { routes: object[] };
    const toC = (id: string, from: string) => ({
      id,
      between: [from, 'dc-c'],
      length_km: 120,
      deployment: { aerial: 1 },
      capacity_tbps: 6.4,
    });
    raw.routes.push(toC('b-c', 'dc-b'), toC('a-c', 'dc-a'));
    const scenario = validateScenario(raw);

    const lognormal = (median: number, sigma: number) => ({ kind: 'lognormal', median, sigma }) as const;
    const mix = (given: Partial<Record<string, number>>) => ({ buried: 0, aerial: 0, conduit: 0, submarine: 0, ...given });
    const expected: Scenario = {
      name: 'metro-triad',
      seed: 20261124,
      trials: 100000,
      horizon: 365 * 24,
      sites: [
        { id: 'dc-a', gpus: 8192 },
        { id: 'dc-b', gpus: 8192 },
        { id: 'dc-c', gpus: 8192 },
      ],
      junctions: ['hut-1'],
      routes: [
        {
          id: 'a-b-north',
          between: ['dc-a', 'dc-b'],
          lengthKm: 380,
          usPerKm: 4.9,
          deployment: mix({ buried: 0.8, aerial: 0.2 }),
          capacityTbps: 12.8,
          srlgs: ['i90-corridor'],
          regions: ['cascades'],
          jitter: null,
        },
        ...['b-c', 'a-c'].map((id) => ({
          id,
          between: [id === 'b-c' ? 'dc-b' : 'dc-a', 'dc-c'] as [string, string],
          lengthKm: 120,
          usPerKm: 4.9,
          deployment: mix({ aerial: 1 }),
          capacityTbps: 6.4,
          srlgs: [],
          regions: [],
          jitter: null,
        })),
      ],
      srlgs: [{ id: 'i90-corridor', lengthKm: 40, deployment: mix({ buried: 1 }), regions: [] }],
      hazards: [
        { cause: 'excavator', ratePer1000KmYear: mix({ buried: 1.5, conduit: 0.6 }), repair: lognormal(8, 0.9) },
        { cause: 'rodent', ratePer1000KmYear: mix({ buried: 0.3, aerial: 0.6 }), repair: lognormal(5, 0.7) },
        { cause: 'vehicle', ratePer1000KmYear: mix({ aerial: 0.4 }), repair: lognormal(6, 0.8) },
        { cause: 'gunshot', ratePer1000KmYear: mix({ aerial: 0.3 }), repair: lognormal(4, 0.6) },
      ],
      regional: [
        {
          id: 'slide',
          cause: 'landslide',
          region: 'cascades',
          ratePerYear: 0.2,
          hitProbability: 0.5,
          repair: lognormal(72, 0.8),
        },
      ],
      job: {
        sites: ['dc-a', 'dc-b', 'dc-c'],
        work: 720, // 30d
        steps: null,
        step: { compute: 4 / 3600, wanBytes: 2.5e12, wanRoundTrips: 8, overlap: 0.7 },
        checkpoint: { interval: 0.5, write: 20 / 3600 },
        restart: 10 / 60,
        collectiveTimeout: 10 / 60,
        background: { mtbfPerGpu: 5.8 * 8760, recovery: 0.25 },
        power: { kwPerGpu: 1.4 },
        networkPjPerBit: 0,
      },
      schemes: [
        { id: 'unprotected', kind: 'none' },
        { id: '1+1', kind: 'one-plus-one', switchover: 50 / 3_600_000 },
        { id: 'restore', kind: 'restoration', restore: 2 / 60, capacityFraction: 0.5 },
      ],
    };
    expect(scenario).toEqual(expected);
    // The numbers the brief singles out, exactly:
    expect(scenario.routes[0]?.lengthKm).toBe(380);
    expect(scenario.job.step.wanBytes).toBe(2.5e12);
    expect(scenario.job.work).toBe(720);
    expect(scenario.job.checkpoint.write).toBe(20 / 3600);
    const oneplusone = scenario.schemes[1];
    expect(oneplusone?.kind === 'one-plus-one' && oneplusone.switchover).toBe(50 / 3_600_000);
  });
});
