/**
 * `interval: daly` per scheme (docs/model.md#scenario "'daly' = Daly's optimum"; docs/model.md#job: a network crash = a
 * stall lasting at least `collective_timeout`), resolved from a pilot run of the network
 * timeline (model/network-crash-pilot.ts).
 *
 * Oracle for the pilot, one route under `none` (docs/model.md#timeline: "a unit alternates up/down:
 * time to next cut ~ exponential(rate); … a unit that is down is not cut again until
 * repaired (alternating renewal)"): cycles of mean M (up, exponential) + D (down,
 * exponential repair of mean D), one outage per cycle, which crashes the job iff it
 * lasts ≥ T: P = e^{−T/D}. By the renewal reward theorem the long-run rate of such
 * outages per wall hour is
 *     λ = e^{−T/D} / (M + D)   ( = (1/M) · e^{−T/D} · M/(M + D) ).
 * Tolerance 4 SE with SE = √crashes / hours (Poisson; the count of an alternating
 * renewal process thinned with P has variance ≤ its mean, since the cycle's squared
 * coefficient of variation (M² + D²)/(M + D)² ≤ 1, so this SE is conservative).
 * With a FIXED repair D and T > D no outage ever lasts T: exactly 0 crashes; with T = 0
 * every outage counts: λ = 1/(M + D).
 *
 * Daly per scheme: jobs[s].interval = min(W, dalyInterval(δ, M_s)) with
 * 1/M_s = 1/backgroundMtbf + pilot rate (compile-scenario.ts, schemeDalyInterval);
 * `ideal` never crashes for the network: M_s = mtbf_per_gpu / gpus.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseScenarioText } from '../../src/config/index.js';
import { compileNetwork, compileScenario } from '../../src/model/compile-scenario.js';
import { dalyInterval } from '../../src/model/daly.js';
import { pilotNetworkCrashes } from '../../src/model/network-crash-pilot.js';
import { describeResult, runCli, sandbox } from '../support/cli.js';
import { relClose } from '../support/sample-stats.js';

const HOURS_PER_YEAR = 8760;

/** Two sites; route r1 (1000 km) with a cut every `mtbf` hours; optional r2 (1200 km, same hazard: 1.2 × the rate). */
function yaml(o: { mtbf: number; repair: string; timeout: string; interval?: string; write?: string; second?: boolean; background?: boolean; seed?: number }): string {
  return `\
name: daly-per-scheme
seed: ${o.seed ?? 4242}
trials: 1000
horizon: 1000d
sites: [{ id: a, gpus: 1000 }, { id: b, gpus: 1000 }]
routes:
  - { id: r1, between: [a, b], length_km: 1000, deployment: { buried: 1 }, capacity_tbps: 10 }
${o.second ? '  - { id: r2, between: [a, b], length_km: 1200, deployment: { buried: 1 }, capacity_tbps: 10 }\n' : ''}hazards:
  excavator: { rate: { buried: ${HOURS_PER_YEAR / o.mtbf} }, repair: ${o.repair} }
job:
  work: 30d
  step: { compute: 4s, wan_bytes: 1GB, wan_round_trips: 1, overlap: 0.5 }
  checkpoint: { interval: ${o.interval ?? '1h'}, write: ${o.write ?? '1min'} }
  restart: 10min
  collective_timeout: ${o.timeout}
${o.background === false ? '' : '  background: { mtbf_per_gpu: 5y, recovery: 5min }\n'}  power: { kw_per_gpu: 1 }
schemes:
  - { id: ideal, kind: ideal }
  - { id: unprotected, kind: none }
${o.second ? '  - { id: 1+1, kind: one-plus-one, switchover: 50ms }\n' : ''}`;
}

const scenarioOf = (text: string) => parseScenarioText(text, 'daly-per-scheme.yaml');

describe('pilotNetworkCrashes: one route, scheme none (alternating renewal oracle)', () => {
  test.each([
    // M, D, T (hours)
    [10, 4, 2],
    [100, 8, 10],
    [5, 0.5, 0],
  ])('M = %s h, exponential repair D = %s h, timeout T = %s h: rate e^{−T/D}/(M + D) within 4 SE', (M, D, T) => {
    const scenario = scenarioOf(yaml({ mtbf: M, repair: `{ exponential: { mean: ${D}h } }`, timeout: `${T}h`, background: false }));
    const network = compileNetwork(scenario);
    const pilot = pilotNetworkCrashes(network, scenario.schemes[1]!);
    const exact = Math.exp(-T / D) / (M + D);
    const se = Math.sqrt(pilot.crashes) / pilot.hours;
    expect(pilot.crashes).toBeGreaterThan(1000);
    expect(pilot.crashesPerHour).toBe(pilot.crashes / pilot.hours);
    expect(Math.abs(pilot.crashesPerHour - exact), `pilot ${pilot.crashesPerHour} ± ${se} vs ${exact}`).toBeLessThanOrEqual(4 * se);
  });

  test('fixed repair D shorter than the timeout: exactly no crash', () => {
    const scenario = scenarioOf(yaml({ mtbf: 10, repair: '{ fixed: 4h }', timeout: '5h', background: false }));
    const pilot = pilotNetworkCrashes(compileNetwork(scenario), scenario.schemes[1]!);
    expect(pilot.hours).toBeGreaterThan(0);
    expect(pilot.crashes).toBe(0);
  });

  test('fixed repair D longer than the timeout: every outage, 1/(M + D) within 4 SE', () => {
    const scenario = scenarioOf(yaml({ mtbf: 10, repair: '{ fixed: 4h }', timeout: '3h', background: false }));
    const pilot = pilotNetworkCrashes(compileNetwork(scenario), scenario.schemes[1]!);
    const exact = 1 / 14;
    expect(Math.abs(pilot.crashesPerHour - exact)).toBeLessThanOrEqual((4 * Math.sqrt(pilot.crashes)) / pilot.hours);
  });

  test('ideal: no network crash at all', () => {
    const scenario = scenarioOf(yaml({ mtbf: 10, repair: '{ exponential: { mean: 4h } }', timeout: '0s', background: false }));
    expect(pilotNetworkCrashes(compileNetwork(scenario), scenario.schemes[0]!).crashesPerHour).toBe(0);
  });

  test('deterministic: the same scenario gives the same pilot', () => {
    const text = yaml({ mtbf: 10, repair: '{ exponential: { mean: 4h } }', timeout: '2h', background: false });
    const a = pilotNetworkCrashes(compileNetwork(scenarioOf(text)), scenarioOf(text).schemes[1]!);
    const b = pilotNetworkCrashes(compileNetwork(scenarioOf(text)), scenarioOf(text).schemes[1]!);
    expect(b).toEqual(a);
  });
});

describe('interval: daly resolves per scheme', () => {
  // r1 cut every 10 h, repaired in 4 h on average (exponential), timeout 2 h; 2000 GPUs at 5 y per GPU.
  const text = yaml({ mtbf: 10, repair: '{ exponential: { mean: 4h } }', timeout: '2h', interval: 'daly', second: true });
  const scenario = scenarioOf(text);
  const compiled = compileScenario(scenario);
  const write = 1 / 60;
  const backgroundMtbf = (5 * 365 * 24) / 2000;

  test('jobs[s].interval = dalyInterval(write, 1/(1/backgroundMtbf + pilot rate)) for every scheme', () => {
    expect(compiled.backgroundMtbf).toBeCloseTo(backgroundMtbf, 9);
    scenario.schemes.forEach((scheme, s) => {
      const pilot = pilotNetworkCrashes(compiled, scheme);
      const mtbf = 1 / (1 / compiled.backgroundMtbf + pilot.crashesPerHour);
      const expected = Math.min(scenario.job.work, dalyInterval(write, mtbf));
      expect(relClose(compiled.jobs[s]!.interval, expected, 1e-12), `${scheme.id}: ${compiled.jobs[s]!.interval} vs ${expected}`).toBe(true);
    });
    expect(compiled.job).toBe(compiled.jobs[0]);
  });

  test('ideal uses the background MTBF alone', () => {
    expect(relClose(compiled.jobs[0]!.interval, dalyInterval(write, backgroundMtbf), 1e-12)).toBe(true);
  });

  test('unprotected: the pilot rate is the one-route oracle, so the interval is within its 4 SE band', () => {
    const pilot = pilotNetworkCrashes(compiled, scenario.schemes[1]!);
    const se = Math.sqrt(pilot.crashes) / pilot.hours;
    const exact = Math.exp(-2 / 4) / 14;
    const at = (rate: number) => dalyInterval(write, 1 / (1 / backgroundMtbf + rate));
    // dalyInterval decreases with the crash rate.
    expect(compiled.jobs[1]!.interval).toBeLessThanOrEqual(at(exact - 4 * se));
    expect(compiled.jobs[1]!.interval).toBeGreaterThanOrEqual(at(exact + 4 * se));
  });

  test('none and one-plus-one differ when the network matters; ideal > 1+1 > none', () => {
    const [ideal, none, protectedJob] = compiled.jobs.map((j) => j.interval) as [number, number, number];
    expect(none).not.toBe(protectedJob);
    expect(ideal).toBeGreaterThan(protectedJob);
    expect(protectedJob).toBeGreaterThan(none);
    // The checkpoint counts follow the intervals.
    expect(compiled.jobs[1]!.checkpoints).toBeGreaterThan(compiled.jobs[2]!.checkpoints);
  });

  test('a fixed interval is the same for every scheme', () => {
    const fixed = compileScenario(scenarioOf(yaml({ mtbf: 10, repair: '{ exponential: { mean: 4h } }', timeout: '2h', interval: '45min', second: true })));
    expect(fixed.jobs.map((j) => j.interval)).toEqual([0.75, 0.75, 0.75]);
  });
});

describe('CLI', () => {
  const dir = sandbox('daly-per-scheme');

  test('validate prints the per-scheme table with each scheme’s daly interval', async () => {
    const text = yaml({ mtbf: 10, repair: '{ exponential: { mean: 4h } }', timeout: '2h', interval: 'daly', second: true });
    const file = join(dir, 'daly.yaml');
    writeFileSync(file, text);
    const r = await runCli(['validate', file]);
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toContain('Crashes and checkpoint interval per scheme');
    const table = r.stdout.slice(r.stdout.indexOf('Crashes and checkpoint interval per scheme'));
    for (const id of ['ideal', 'unprotected', '1+1']) expect(table).toMatch(new RegExp(`^${id.replace('+', '\\+')}\\s+.*\\(daly\\)`, 'm'));
    // Three distinct intervals in the "interval used" column.
    const used = [...table.matchAll(/(\S+ \S+) \(daly\)/g)].map((m) => m[1]);
    expect(new Set(used).size, table).toBe(3);
  });

  test('interval: daly with write: 0s is a clean exit-2 error naming job.checkpoint.interval', async () => {
    const file = join(dir, 'zero-write.yaml');
    writeFileSync(file, yaml({ mtbf: 10, repair: '{ exponential: { mean: 4h } }', timeout: '2h', interval: 'daly', write: '0s' }));
    for (const args of [['validate', file], ['run', file, '--trials', '10', '--quiet', '--out', join(dir, 'out')]]) {
      const r = await runCli(args);
      expect(r.code, describeResult(r)).toBe(2);
      expect(r.stderr).toContain('job.checkpoint.interval');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(() => parseScenarioText(yaml({ mtbf: 10, repair: '{ exponential: { mean: 4h } }', timeout: '2h', interval: 'daly', write: '0s' }), 'x.yaml')).toThrow(/job\.checkpoint\.interval/);
  });
});
