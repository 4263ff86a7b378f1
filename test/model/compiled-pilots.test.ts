/**
 * The network-crash pilot runs once per scheme at compile time and travels with the
 * compiled scenario: a compilation given the estimates (as a worker is) uses them.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/config/index.js';
import { compileScenario, schemeDalyInterval } from '../../src/model/compile-scenario.js';
import { dalyInterval } from '../../src/model/daly.js';

const scenario = loadScenarioFile(join(import.meta.dirname, '../../configs/default.yaml'));
const daly = { ...scenario, job: { ...scenario.job, checkpoint: { ...scenario.job.checkpoint, interval: 'daly' as const } } };

describe('pilot estimates in the compiled scenario', () => {
  test('a fixed interval needs no pilot: none is run', () => {
    expect(compileScenario(scenario).pilots).toBeNull();
  });
  test('interval: daly carries one estimate per scheme, and the intervals follow from them', () => {
    const compiled = compileScenario(daly);
    expect(compiled.pilots).toHaveLength(scenario.schemes.length);
    expect(compiled.pilots![0]!.crashesPerHour).toBe(0); // ideal
    compiled.pilots!.forEach((_, s) => expect(compiled.jobs[s]!.interval).toBe(schemeDalyInterval(compiled, s).interval));
  });
  test('given estimates are used, not recomputed (what a worker receives)', () => {
    // A made-up network crash rate of 1 per hour for every scheme: Daly's interval for
    // MTBF 1 / (1/M_background + 1) with δ = 10 s.
    const given = scenario.schemes.map(() => ({ crashesPerHour: 1, crashes: 1, hours: 1 }));
    const compiled = compileScenario(daly, given);
    expect(compiled.pilots).toBe(given);
    const mtbf = 1 / (1 / compiled.backgroundMtbf + 1);
    for (const job of compiled.jobs) expect(job.interval).toBe(Math.min(scenario.job.work, dalyInterval(scenario.job.checkpoint.write, mtbf)));
  });
});
