/**
 * Networks far past one 32-bit word of routes (route-set.ts): the down routes are a
 * bitset of many words, and each scheme reads it only through the routes its paths use.
 *
 * - Exact: routes that can never be cut (zero rate, no region) draw nothing from the
 *   network stream, so putting 2 000 of them BEFORE default.yaml's routes moves the
 *   job's routes to words 62… of the bitset without changing a single draw: every
 *   metric of every trial and scheme must be bit-identical to default.yaml's.
 * - Statistical: a few hundred routes in a separate component of the graph, with their
 *   own cut rates, SRLGs and regional exposure, change the draws (one network stream)
 *   but no path of the job can use them: every metric's mean stays within 4 standard
 *   errors of default.yaml's, except `cuts`, which counts every cut in the network; the
 *   ideal scheme's, which never meet the network, are bit-identical.
 * - Scale: a generated 2 000-route mesh (1 024 places, 1 000 SRLGs) runs under the six
 *   scheme kinds, and every timeline entry's down bitset equals the down routes
 *   recounted from the entries' own cuts and repairs; 4 096 routes, 4 096 SRLGs and 1 024
 *   places compile and run.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/config/index.js';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { METRICS, METRIC_COUNT, M, STATUS_CENSORED, STATUS_DONE } from '../../src/model/metrics.js';
import {
  ENTRY_CUT,
  ENTRY_END,
  ENTRY_REGIONAL_HIT,
  ENTRY_REPAIR,
  type NetworkTimeline,
} from '../../src/model/network-timeline.js';
import type { DeploymentMix, Route, Scenario, Srlg } from '../../src/model/scenario.js';
import { TrialRunner } from '../../src/model/trial-runner.js';

const CONFIG = fileURLToPath(new URL('../../configs/default.yaml', import.meta.url));
const base = loadScenarioFile(CONFIG);

const NEVER_CUT: DeploymentMix = { buried: 0, aerial: 0, conduit: 0, submarine: 0 };
const BURIED: DeploymentMix = { buried: 1, aerial: 0, conduit: 0, submarine: 0 };

function route(id: string, a: string, b: string, lengthKm: number, deployment: DeploymentMix, extra: Partial<Route> = {}): Route {
  return { id, between: [a, b], lengthKm, usPerKm: 4.9, deployment, capacityTbps: 10, srlgs: [], regions: [], jitter: null, ...extra };
}

/** Runs `trials` trials; values[(trial · schemes + s) · METRIC_COUNT + m]. */
function runAll(scenario: Scenario, trials: number) {
  const compiled = compileScenario(scenario);
  const runner = new TrialRunner(compiled);
  const S = scenario.schemes.length;
  const values = new Float64Array(trials * S * METRIC_COUNT);
  const status = new Uint8Array(trials * S);
  for (let t = 0; t < trials; t++) runner.run(t, values, t * S * METRIC_COUNT, status, t * S);
  return { values, status, runner, compiled, S };
}

/** Mean and standard error of metric m of scheme s. */
function meanSe(values: Float64Array, trials: number, S: number, s: number, m: number) {
  let sum = 0;
  let sq = 0;
  for (let t = 0; t < trials; t++) {
    const x = values[(t * S + s) * METRIC_COUNT + m]!;
    sum += x;
    sq += x * x;
  }
  const mean = sum / trials;
  const variance = Math.max(0, (sq - trials * mean * mean) / (trials - 1));
  return { mean, se: Math.sqrt(variance / trials) };
}

/**
 * Recounts the down routes after every entry of a timeline from its cuts and repairs
 * (units and regional targets cover their routes), independently of its bitset.
 */
function recountProblems(timeline: NetworkTimeline, scenario: Scenario, compiled: ReturnType<typeof compileScenario>): string[] {
  const outages = new Int32Array(scenario.routes.length);
  const problems: string[] = [];
  for (let i = 0; i < timeline.length; i++) {
    const kind = timeline.kind[i]!;
    if (kind === ENTRY_END) break;
    const routes =
      kind === ENTRY_CUT || kind === ENTRY_REPAIR
        ? compiled.exposure.units[timeline.subject[i]!]!.routes
        : compiled.exposure.targets[timeline.subject[i]!]!.routes;
    const delta = kind === ENTRY_CUT || kind === ENTRY_REGIONAL_HIT ? 1 : -1;
    for (const r of routes) outages[r] += delta;
    for (let r = 0; r < outages.length; r++) {
      if (outages[r]! < 0) problems.push(`entry ${i}: route ${r} repaired more than cut`);
      if (timeline.isDown(i, r) !== outages[r]! > 0) problems.push(`entry ${i}: route ${r} down ${timeline.isDown(i, r)}, recount ${outages[r]}`);
    }
  }
  return problems;
}

describe('routes no path of the job can use', () => {
  test('2 000 never-cut routes before the job routes (bitset words 62…): every metric bit-identical', () => {
    const padding = Array.from({ length: 2000 }, (_, i) => route(`pad-${i}`, `pad-${i}`, `pad-${i + 1}`, 50, NEVER_CUT));
    const padded: Scenario = {
      ...base,
      junctions: [...base.junctions, ...Array.from({ length: 2001 }, (_, i) => `pad-${i}`)],
      routes: [...padding, ...base.routes],
    };
    const TRIALS = 2000;
    const small = runAll(base, TRIALS);
    const big = runAll(padded, TRIALS);
    expect(big.runner.timeline.words).toBe(Math.ceil((2000 + base.routes.length) / 32));
    expect(Math.min(...big.compiled.pairs.flatMap((p) => p.primary.routes))).toBeGreaterThanOrEqual(2000);
    let different = 0;
    for (let k = 0; k < small.values.length; k++) if (!Object.is(small.values[k], big.values[k])) different++;
    expect(different).toBe(0);
    expect(Array.from(big.status)).toEqual(Array.from(small.status));
    // The trials were not all trivial: the job met cuts under every scheme but ideal.
    const none = base.schemes.findIndex((s) => s.kind === 'none');
    const stalls = meanSe(small.values, TRIALS, small.S, none, M.stall_h);
    expect(stalls.mean).toBeGreaterThan(0);
  });

  test('300 routes with their own cuts in a separate component: every metric within 4 SE', () => {
    const ring = 150;
    const extra: Route[] = [];
    const srlgs: Srlg[] = [];
    for (let i = 0; i < ring; i++) {
      const a = `far-${i}`;
      const b = `far-${(i + 1) % ring}`;
      const c = `far-${(i + 7) % ring}`;
      srlgs.push({ id: `far-duct-${i}`, lengthKm: 20, deployment: BURIED, regions: [] });
      extra.push(route(`far-${i}-ring`, a, b, 300, BURIED, { srlgs: [`far-duct-${i}`] }));
      extra.push(route(`far-${i}-chord`, a, c, 800, BURIED, { srlgs: [`far-duct-${i}`], regions: base.regional.map((e) => e.region) }));
    }
    const wide: Scenario = {
      ...base,
      junctions: [...base.junctions, ...Array.from({ length: ring }, (_, i) => `far-${i}`)],
      routes: [...base.routes, ...extra],
      srlgs: [...base.srlgs, ...srlgs],
    };
    const TRIALS = 3000;
    const small = runAll(base, TRIALS);
    const big = runAll(wide, TRIALS);
    const problems: string[] = [];
    for (let s = 0; s < small.S; s++) {
      for (let m = 0; m < METRIC_COUNT; m++) {
        if (m === M.cuts) continue; // counts every cut in the network, the new component's too
        const a = meanSe(small.values, TRIALS, small.S, s, m);
        const b = meanSe(big.values, TRIALS, big.S, s, m);
        const se = Math.hypot(a.se, b.se);
        if (se === 0 ? a.mean !== b.mean : Math.abs(a.mean - b.mean) > 4 * se)
          problems.push(`${base.schemes[s]!.id} ${METRICS[m]}: ${a.mean} vs ${b.mean} (SE ${se})`);
      }
    }
    expect(problems).toEqual([]);
    // Exact where the design makes it so: the ideal scheme never meets the network and
    // its crashes come from their own stream, so every metric but cuts is bit-identical.
    const ideal = base.schemes.findIndex((s) => s.kind === 'ideal');
    let different = 0;
    for (let t = 0; t < TRIALS; t++)
      for (let m = 0; m < METRIC_COUNT; m++) {
        const k = (t * small.S + ideal) * METRIC_COUNT + m;
        if (m !== M.cuts && !Object.is(small.values[k], big.values[k])) different++;
      }
    expect(different).toBe(0);
    // The new component does cut: many more cuts per trial.
    expect(meanSe(big.values, TRIALS, big.S, ideal, M.cuts).mean).toBeGreaterThan(meanSe(small.values, TRIALS, small.S, ideal, M.cuts).mean + 10);
  });
});

/** A side × side grid of places, routes between neighbours, every other pair of parallel routes in an SRLG. */
function meshScenario(side: number, diagonals: boolean, srlgEvery: number): Scenario {
  const place = (x: number, y: number) => `p-${x}-${y}`;
  const routes: Route[] = [];
  const srlgs: Srlg[] = [];
  const routeSrlg = new Map<number, string>();
  const add = (a: string, b: string, km: number) => {
    const i = routes.length;
    const srlg = routeSrlg.get(i);
    routes.push(route(`r${i}`, a, b, km, BURIED, { srlgs: srlg ? [srlg] : [] }));
  };
  let n = 0;
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const planned = (diagonals ? 3 : 2) * n;
      if (n % srlgEvery === 0) {
        const id = `duct-${srlgs.length}`;
        srlgs.push({ id, lengthKm: 5, deployment: BURIED, regions: ['west'] });
        routeSrlg.set(planned, id);
        routeSrlg.set(planned + 1, id);
      }
      n++;
      add(place(x, y), place((x + 1) % side, y), 40 + ((x * 7 + y * 3) % 11));
      add(place(x, y), place(x, (y + 1) % side), 40 + ((x * 5 + y * 13) % 9));
      if (diagonals) add(place(x, y), place((x + 1) % side, (y + 1) % side), 60 + ((x + y) % 5));
    }
  const sites = [place(0, 0), place(side >> 1, side >> 2), place(side >> 2, side >> 1)];
  const junctions: string[] = [];
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) if (!sites.includes(place(x, y))) junctions.push(place(x, y));
  return {
    ...base,
    name: 'mesh',
    sites: sites.map((id) => ({ id, gpus: 4096 })),
    junctions,
    routes,
    srlgs,
    regional: base.regional.map((e) => ({ ...e, region: 'west' })),
    job: { ...base.job, sites },
    schemes: [
      { id: 'none', kind: 'none' },
      { id: '1+1', kind: 'one-plus-one', switchover: 0.05 / 3600 },
      { id: 'restore', kind: 'restoration', restore: 0.25, capacityFraction: 0.5 },
      { id: '1+1+r', kind: 'one-plus-one-restoration', switchover: 0.05 / 3600, restore: 0.25, capacityFraction: 0.5 },
      { id: 'elastic', kind: 'elastic' },
      { id: 'ideal', kind: 'ideal' },
    ],
  };
}

describe('a generated mesh', () => {
  test('2 000 routes, 1 024 places, the six scheme kinds: runs, and every entry\'s bitset matches a recount', () => {
    const mesh = meshScenario(32, false, 2); // 32² = 1 024 places, 2 048 routes, 512 SRLGs
    expect(mesh.routes.length).toBeGreaterThanOrEqual(2000);
    const TRIALS = 200;
    const { values, status, runner, compiled, S } = runAll(mesh, TRIALS);
    expect(runner.timeline.words).toBe(64);
    const problems: string[] = [];
    const ideal = S - 1;
    for (let t = 0; t < TRIALS; t++) {
      for (let s = 0; s < S; s++) {
        const st = status[t * S + s];
        if (st !== STATUS_DONE && st !== STATUS_CENSORED) problems.push(`trial ${t} ${s}: status ${st}`);
        const jct = values[(t * S + s) * METRIC_COUNT + M.jct_h]!;
        // No scheme beats the network that never fails.
        if (jct < values[(t * S + ideal) * METRIC_COUNT + M.jct_h]! - 1e-9) problems.push(`trial ${t} ${s}: jct ${jct} below ideal`);
      }
    }
    // Replays the first trials one by one, recounting each one's timeline.
    for (let t = 0; t < 40; t++) {
      runner.run(t, new Float64Array(S * METRIC_COUNT), 0, new Uint8Array(S), 0);
      problems.push(...recountProblems(runner.timeline, mesh, compiled).map((p) => `trial ${t}: ${p}`));
    }
    expect(problems).toEqual([]);
    // The mesh did fail in these trials: the unprotected job stalled.
    expect(meanSe(values, TRIALS, S, 0, M.stall_h).mean).toBeGreaterThan(0);
  });

  test('4 096 routes, 4 096 SRLGs, 1 024 places: compiles and runs', () => {
    const mesh = meshScenario(32, true, 1); // 3 072 routes
    const more = Array.from({ length: 4096 - mesh.routes.length }, (_, i) =>
      route(`x${i}`, `p-${i % 32}-${(i * 3) % 32}`, `p-${(i * 5 + 1) % 32}-${(i * 7 + 2) % 32}`, 200, BURIED, { srlgs: [`extra-${i}`] }),
    );
    const extraSrlgs = Array.from({ length: 4096 - mesh.srlgs.length }, (_, i) => ({ id: `extra-${i}`, lengthKm: 3, deployment: BURIED, regions: [] }));
    const big: Scenario = { ...mesh, routes: [...mesh.routes, ...more], srlgs: [...mesh.srlgs, ...extraSrlgs] };
    expect([big.routes.length, big.srlgs.length, big.sites.length + big.junctions.length]).toEqual([4096, 4096, 1024]);
    const { status, runner } = runAll(big, 20);
    expect(runner.timeline.words).toBe(128);
    expect(Array.from(status).every((s) => s === STATUS_DONE || s === STATUS_CENSORED)).toBe(true);
  });
});
