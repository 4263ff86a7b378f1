/**
 * Scheme `elastic` (src/model/elastic-replay.ts): hand-computed traces and invariants.
 * Job as in traces.test.ts: W = 10 h, τ = 2 h (checkpoints at progress 2, 4, 6, 8),
 * δ = 0.1 h, R = 0.5 h, collective timeout 1 h; undisturbed it finishes at 10.4 h.
 * Network: three sites a, b, c joined pairwise by direct 100 km routes a-b, b-c, a-c
 * (each pair's primary is its direct route). "c cut off" = a-c and b-c down.
 */
import { describe, expect, test } from 'vitest';
import { BackgroundMarks } from '../../src/model/background-marks.js';
import { CAUSE_CRASHES, CAUSE_FIELDS } from '../../src/model/cause-metrics.js';
import { compileScenario, makeView } from '../../src/model/compile-scenario.js';
import { replayElastic } from '../../src/model/elastic-replay.js';
import { replayJob } from '../../src/model/job-replay.js';
import { M, METRICS, METRIC_COUNT, STATUS_CENSORED, STATUS_DONE } from '../../src/model/metrics.js';
import { NetworkTimeline } from '../../src/model/network-timeline.js';
import { RandomStream, STREAM_BACKGROUND, STREAM_NETWORK } from '../../src/model/random-stream.js';
import type { Scenario } from '../../src/model/scenario.js';
import { makeElasticView } from '../../src/model/schemes/elastic-view.js';
import { BURIED } from '../fixtures/scenario-builder.js';
import { replayScripted, replayScriptedElastic, ScriptedTimeline, type ScriptedEntry, type ScriptedResult } from '../support/scripted.js';

interface Options {
  gpus?: [number, number, number];
  /** Order of the sites in the scenario's `sites:` list (the job's sites stay a, b, c). */
  siteOrder?: string[];
}

function scenario(o: Options = {}): Scenario {
  const [ga, gb, gc] = o.gpus ?? [1, 1, 1];
  const gpus: Record<string, number> = { a: ga, b: gb, c: gc };
  const route = (id: string, between: readonly [string, string]) => ({
    id,
    between,
    lengthKm: 100,
    usPerKm: 4.9,
    deployment: BURIED,
    capacityTbps: 10,
    srlgs: [],
    regions: [],
    jitter: null,
  });
  return {
    name: 'elastic',
    seed: 1,
    trials: 1,
    horizon: 100,
    sites: (o.siteOrder ?? ['a', 'b', 'c']).map((id) => ({ id, gpus: gpus[id]! })),
    junctions: [],
    routes: [route('a-b', ['a', 'b']), route('b-c', ['b', 'c']), route('a-c', ['a', 'c'])],
    srlgs: [],
    // One hazard (never acting by itself) so that cause rows have a column.
    hazards: [{ cause: 'excavator', ratePer1000KmYear: { ...BURIED, buried: 0 }, repair: { kind: 'fixed', value: 1 } }],
    regional: [],
    job: {
      sites: ['a', 'b', 'c'],
      work: 10,
      steps: null,
      step: { compute: 1 / 3600, wanBytes: 1.25e12, wanRoundTrips: 0, overlap: 0 },
      checkpoint: { interval: 2, write: 0.1 },
      restart: 0.5,
      collectiveTimeout: 1,
      background: { mtbfPerGpu: 1e6, recovery: 0.25 },
      power: { kwPerGpu: 1 },
      networkPjPerBit: 0,
    },
    schemes: [{ id: 'none', kind: 'none' }],
  };
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;
/** Events as [time, event, phase, progress, last checkpoint] rounded to 1e-9 h. */
function events(r: ScriptedResult) {
  return r.events.map((e) => [round(e.t), e.event, e.phase, round(e.progress), round(e.lastCheckpoint)]);
}
/** The rate each `restart-begin` announces (the share of the group restarted on). */
function restartRates(r: ScriptedResult) {
  return r.events.filter((e) => e.event === 'restart-begin').map((e) => round(e.rate));
}

function expectAccountingAddsUp(r: ScriptedResult) {
  const o = r.outcome;
  expect(o.run_h + o.checkpoint_h + o.stall_h + o.recovery_h + o.restart_h).toBeCloseTo(o.jct_h, 9);
}

function expectSameAsNone(s: Scenario, network: ScriptedEntry[], interruptions: number[] = []) {
  const none = replayScripted(s, 'none', network, interruptions);
  const elastic = replayScriptedElastic(s, network, interruptions);
  expect(events(elastic)).toEqual(events(none));
  for (const m of METRICS) expect(elastic.outcome[m], m).toBe(none.outcome[m]); // to the bit: the same arithmetic
  expect(elastic.status).toBe(none.status);
  expect(Array.from(elastic.causes)).toEqual(Array.from(none.causes));
  return elastic;
}

const C_CUT_OFF = ['a-c', 'b-c'];

describe('elastic: hand-computed traces', () => {
  test('(1) no cuts: the same trial as `none`', () => {
    const r = expectSameAsNone(scenario(), []);
    expect(r.outcome.jct_h).toBeCloseTo(10.4, 12);
    expect(r.outcome.degraded_h).toBe(0);
  });

  test('(1b) background interruptions on a whole network: the same trial as `none`', () => {
    expectSameAsNone(scenario(), [], [3, 3.2, 7]);
  });

  test('(2) a partition shorter than the timeout: the same trial as `none`', () => {
    const r = expectSameAsNone(scenario(), [
      { t: 3, down: C_CUT_OFF },
      { t: 3.5, down: [] },
    ]);
    expect(r.outcome.jct_h).toBeCloseTo(10.9, 12);
    expect(r.outcome.crashes_network).toBe(0);
  });

  test('(3) c cut off past the timeout: crash, restart on {a, b} at 2/3, re-expand at the next checkpoint', () => {
    // Cut at 3 (p 2.9), crash at 4 (p → 2, 0.9 lost); restart on {a, b} 4–4.5 at once;
    // run at 2/3: p = 4 after 3 h, at 7.5 (the network is whole at 6, p = 3 then); write
    // 7.5–7.6; restart on all three 7.6–8.1; 6 h and 2 writes: 14.3.
    // (`none`: waits for the repair at 6, restarts 6–6.5, then 8 h + 3 writes: 14.8.)
    const network = [
      { t: 3, down: C_CUT_OFF },
      { t: 6, down: [] },
    ];
    const r = replayScriptedElastic(scenario(), network);
    expect(events(r)).toEqual([
      [3, 'stall', 'running', 2.9, 2],
      [4, 'crash-network', 'waiting', 2, 2],
      [4, 'restart-begin', 'restarting', 2, 2],
      [4.5, 'restart-end', 'running', 2, 2],
      [6, 'network-back', 'running', 3, 2],
      [7.6, 'restart-begin', 'restarting', 4, 4],
      [8.1, 'restart-end', 'running', 4, 4],
      [14.3, 'done', 'done', 10, 8],
    ]);
    expect(restartRates(r)).toEqual([round(2 / 3), 1]);
    const o = r.outcome;
    expect(o.jct_h).toBeCloseTo(14.3, 12);
    expect(o.goodput).toBeCloseTo(10 / 14.3, 12);
    expect(o.lost_work_h).toBeCloseTo(0.9, 12);
    expect(o.run_h).toBeCloseTo(2.9 + 3 + 6, 12);
    expect(o.degraded_h).toBeCloseTo(3, 12);
    expect(o.checkpoint_h).toBeCloseTo(0.4, 12);
    expect(o.stall_h).toBeCloseTo(1, 12);
    expect(o.restart_h).toBeCloseTo(1, 12);
    expect(o.recovery_h).toBe(0);
    expect(o).toMatchObject({ crashes_network: 1, crashes_background: 0, cuts: 1 });
    // Every GPU of the job counts: 3 GPUs × 1 kW.
    expect(o.energy_mwh).toBeCloseTo(0.003 * 14.3, 12);
    expect(o.wasted_energy_mwh).toBeCloseTo(0.003 * 4.3, 12);
    expect(Array.from(r.causes)).toEqual([0, 1, expect.closeTo(0.9, 12)]);
    expectAccountingAddsUp(r);
    expect(replayScripted(scenario(), 'none', network).outcome.jct_h).toBeCloseTo(14.8, 12);
  });

  test('(3b) the network whole during the shrunk restart: abandon it, restart on every site at once', () => {
    // Crash at 4, restart on {a, b} from 4; whole at 4.2: full restart 4.2–4.7 (0.2 h
    // cut short counts as restart), then 8 h + 3 writes: 13.0. Never ran shrunk.
    const r = replayScriptedElastic(scenario(), [
      { t: 3, down: C_CUT_OFF },
      { t: 4.2, down: [] },
    ]);
    expect(events(r)).toEqual([
      [3, 'stall', 'running', 2.9, 2],
      [4, 'crash-network', 'waiting', 2, 2],
      [4, 'restart-begin', 'restarting', 2, 2],
      [4.2, 'restart-begin', 'restarting', 2, 2],
      [4.7, 'restart-end', 'running', 2, 2],
      [13, 'done', 'done', 10, 8],
    ]);
    expect(restartRates(r)).toEqual([round(2 / 3), 1]);
    expect(r.outcome.restart_h).toBeCloseTo(0.7, 12);
    expect(r.outcome.degraded_h).toBe(0);
    expectAccountingAddsUp(r);
  });

  test('(3c) re-expansion needs the network whole when the checkpoint completes', () => {
    // As (3) until 6 (whole, p = 3). c cut off again 7–9: the write of checkpoint 4 at
    // 7.5–7.6 completes on a partitioned network, so the job stays on {a, b} (which the
    // cut does not touch); whole at 9; p = 6 at 7.6 + 3 = 10.6, write to 10.7, restart
    // 10.7–11.2, then 4 h and 1 write: 15.3. Shrunk running: 3 + 3 h.
    const r = replayScriptedElastic(scenario(), [
      { t: 3, down: C_CUT_OFF },
      { t: 6, down: [] },
      { t: 7, down: C_CUT_OFF },
      { t: 9, down: [] },
    ]);
    expect(events(r).slice(4)).toEqual([
      [6, 'network-back', 'running', 3, 2],
      [7, 'network-down', 'running', round(2 + 2.5 * (2 / 3)), 2],
      [9, 'network-back', 'running', round(4 + 1.4 * (2 / 3)), 4],
      [10.7, 'restart-begin', 'restarting', 6, 6],
      [11.2, 'restart-end', 'running', 6, 6],
      [15.3, 'done', 'done', 10, 8],
    ]);
    expect(r.outcome.degraded_h).toBeCloseTo(6, 12);
    expect(r.outcome.crashes_network).toBe(1);
    expectAccountingAddsUp(r);
  });

  test('(4a) most sites beats most GPUs: {a, b} (2 of 7 GPUs) rather than {c} (5)', () => {
    // c cut off 3–100: crash at 4, restart on {a, b} at 2/7 (4–4.5); p = 4 after 7 h.
    const r = replayScriptedElastic(scenario({ gpus: [1, 1, 5] }), [
      { t: 3, down: C_CUT_OFF },
      { t: 50, down: [] },
    ]);
    expect(restartRates(r)[0]).toBe(round(2 / 7));
    expect(r.events.find((e) => e.event === 'restart-end')!.t).toBeCloseTo(4.5, 12);
  });

  test('(4b) equal sites: more GPUs wins — {b, c} (3 of 4 GPUs) rather than {a, c} (2)', () => {
    // a-b cut 3–6: crash at 4, restart on {b, c} at 3/4 (4–4.5); p = 4 after 8/3 h at
    // 7.1667 (whole since 6), write, restart 7.2667–7.7667, 6 h + 2 writes: 13.9667.
    const r = replayScriptedElastic(scenario({ gpus: [1, 2, 1] }), [
      { t: 3, down: ['a-b'] },
      { t: 6, down: [] },
    ]);
    expect(restartRates(r)).toEqual([0.75, 1]);
    expect(r.outcome.degraded_h).toBeCloseTo(8 / 3, 12);
    expect(r.outcome.jct_h).toBeCloseTo(4.5 + 8 / 3 + 0.1 + 0.5 + 6.2, 12);
    expectAccountingAddsUp(r);
  });

  test('(4c) equal sites and GPUs: scenario order — {a, c} before {b, c}', () => {
    // a-b cut 3–6 (crash at 4), and b-c cut 4.2–6 during the shrunk restart. On {a, c}
    // (a before b in `sites:`) b-c does not matter: as (3), 14.3.
    const network = [
      { t: 3, down: ['a-b'] },
      { t: 4.2, down: ['a-b', 'b-c'] },
      { t: 6, down: [] },
    ];
    const r = replayScriptedElastic(scenario(), network);
    expect(r.events.map((e) => e.event)).toEqual([
      'stall', 'crash-network', 'restart-begin', 'restart-end', 'network-back', 'restart-begin', 'restart-end', 'done',
    ]);
    expect(r.outcome.jct_h).toBeCloseTo(14.3, 12);

    // With b listed before a in `sites:`, {b, c} is chosen: the b-c cut stalls its restart
    // at 4.2, which crashes at 5.2; then only a-c is up: restart on {a, c} 5.2–5.7, p = 4
    // after 3 h at 8.7 (whole since 6), write, restart 8.8–9.3, 6 h + 2 writes: 15.5.
    const swapped = replayScriptedElastic(scenario({ siteOrder: ['b', 'a', 'c'] }), network);
    expect(events(swapped)).toEqual([
      [3, 'stall', 'running', 2.9, 2],
      [4, 'crash-network', 'waiting', 2, 2],
      [4, 'restart-begin', 'restarting', 2, 2],
      [4.2, 'stall', 'restarting', 2, 2],
      [5.2, 'crash-network', 'waiting', 2, 2],
      [5.2, 'restart-begin', 'restarting', 2, 2],
      [5.7, 'restart-end', 'running', 2, 2],
      [6, 'network-back', 'running', 2.2, 2],
      [8.8, 'restart-begin', 'restarting', 4, 4],
      [9.3, 'restart-end', 'running', 4, 4],
      [15.5, 'done', 'done', 10, 8],
    ]);
    expect(swapped.outcome.crashes_network).toBe(2);
    expect(swapped.outcome.restart_h).toBeCloseTo(0.2 + 0.5 + 0.5, 12);
    expect(swapped.outcome.stall_h).toBeCloseTo(2, 12);
    expectAccountingAddsUp(swapped);
  });

  test('(4d) largestGroup on a four-site network', () => {
    // Sites w, x, y, z (GPUs 1, 1, 1, 2), a route per pair. With w-z and x-z down the
    // only group of 3 is {w, x, y}; with w-x down too only w-y, x-y, y-z are up: groups
    // of 2 {w, y} (2 GPUs), {x, y} (2), {y, z} (3) → {y, z}; everything down: the single
    // site with the most GPUs, {z}.
    const ids = ['w', 'x', 'y', 'z'];
    const gpus = [1, 1, 1, 2];
    const routes = [] as Scenario['routes'][number][];
    for (let i = 0; i < 4; i++)
      for (let j = i + 1; j < 4; j++)
        routes.push({ ...scenario().routes[0]!, id: `${ids[i]}-${ids[j]}`, between: [ids[i]!, ids[j]!] });
    const s: Scenario = {
      ...scenario(),
      sites: ids.map((id, i) => ({ id, gpus: gpus[i]! })),
      routes,
      job: { ...scenario().job, sites: ids },
    };
    const compiled = compileScenario(s);
    const view = makeElasticView(compiled);
    const timeline = new ScriptedTimeline(compiled, [
      { t: 1, down: ['w-z', 'x-z'] },
      { t: 2, down: ['w-z', 'x-z', 'w-x'] },
      { t: 3, down: ['w-x', 'w-y', 'w-z', 'x-y', 'x-z', 'y-z'] },
      { t: 4, down: [] },
    ]);
    view.reset(timeline);
    expect(view.largestGroup()).toBe(0b1111);
    const groups: number[] = [];
    for (let k = 0; k < 4; k++) {
      view.advance();
      groups.push(view.largestGroup());
      expect(view.groupConnected(groups[k]!)).toBe(true);
    }
    // {w, x, y}; {y, z}; {z} (the most GPUs of single sites); everything.
    expect(groups).toEqual([0b0111, 0b1100, 0b1000, 0b1111]);
    expect(view.groupGpus(0b1100)).toBe(3);
    expect(view.rate).toBe(1);
  });

  test('(5) background interruptions while shrunk fall at λ × share', () => {
    // Marks in full-job active hours: 23/6 and 23/6 + 3.9. c cut off 3–7.
    // Active hours (full-equivalent) before the crash at 4: 3. Restart on {a, b} 4–4.5:
    // +1/3; running from 4.5, the mark 23/6 is reached after 0.5 / (2/3) = 0.75 h: crash
    // at 5.25 (p 2.5 → 2), recovery to 5.5, c still cut off: restart on {a, b} 5.5–6
    // (+1/3); run 6–9 (+2) to p = 4 (whole since 7), write 9–9.1 (+1/15), full restart
    // 9.1–9.6 (+0.5), run at full rate: the second mark, 1 h further, at 10.6 (p 5 → 4);
    // recovery to 10.85, restart to 11.35, 6 h + 2 writes: 17.55.
    const first = 23 / 6;
    const second = first + 1 / 3 + 2 + 1 / 15 + 0.5 + 1;
    const r = replayScriptedElastic(
      scenario(),
      [
        { t: 3, down: C_CUT_OFF },
        { t: 7, down: [] },
      ],
      [first, second],
    );
    expect(events(r)).toEqual([
      [3, 'stall', 'running', 2.9, 2],
      [4, 'crash-network', 'waiting', 2, 2],
      [4, 'restart-begin', 'restarting', 2, 2],
      [4.5, 'restart-end', 'running', 2, 2],
      [5.25, 'crash-background', 'recovering', 2, 2],
      [5.5, 'restart-begin', 'restarting', 2, 2],
      [6, 'restart-end', 'running', 2, 2],
      [7, 'network-back', 'running', round(2 + 2 / 3), 2],
      [9.1, 'restart-begin', 'restarting', 4, 4],
      [9.6, 'restart-end', 'running', 4, 4],
      [10.6, 'crash-background', 'recovering', 4, 4],
      [10.85, 'restart-begin', 'restarting', 4, 4],
      [11.35, 'restart-end', 'running', 4, 4],
      [17.55, 'done', 'done', 10, 8],
    ]);
    expect(restartRates(r)).toEqual([round(2 / 3), round(2 / 3), 1, 1]);
    const o = r.outcome;
    expect(o.jct_h).toBeCloseTo(17.55, 9);
    expect(o.lost_work_h).toBeCloseTo(0.9 + 0.5 + 1, 9);
    expect(o.run_h).toBeCloseTo(2.9 + 0.75 + 3 + 1 + 6, 9);
    expect(o.degraded_h).toBeCloseTo(3.75, 9);
    expect(o.recovery_h).toBeCloseTo(0.5, 9);
    expect(o.restart_h).toBeCloseTo(2, 9);
    expect(o).toMatchObject({ crashes_network: 1, crashes_background: 2 });
    expectAccountingAddsUp(r);
  });
});

describe('elastic: invariants over random trials', () => {
  test('(6) accounting, goodput, progress vs shares, identity with `none` until a shrunk restart', () => {
    // Sites with 1, 2, 3 GPUs, routes cut every ≈ 40 h, repaired in ≈ 3 h, a 0.2 h
    // timeout, background interruptions every ≈ 25 h of full activity.
    const base = scenario({ gpus: [1, 2, 3] });
    const s: Scenario = {
      ...base,
      horizon: 400,
      hazards: [
        {
          cause: 'excavator',
          ratePer1000KmYear: { ...BURIED, buried: (8760 / 40) * 10 },
          repair: { kind: 'lognormal', median: 2, sigma: 1 },
        },
      ],
      job: {
        ...base.job,
        work: 40,
        checkpoint: { interval: 1.5, write: 0.05 },
        restart: 0.2,
        collectiveTimeout: 0.2,
        background: { mtbfPerGpu: 150, recovery: 0.25 },
      },
    };
    const compiled = compileScenario(s);
    const job = compiled.job;
    const none = makeView(compiled, { id: 'none', kind: 'none' });
    const elastic = makeElasticView(compiled);
    const timeline = new NetworkTimeline(compiled.exposure, s.routes.length);
    const marks = new BackgroundMarks();
    const net = new RandomStream();
    const bg = new RandomStream();
    const a = new Float64Array(METRIC_COUNT);
    const b = new Float64Array(METRIC_COUNT);
    const causesA = new Float64Array(CAUSE_FIELDS);
    const causesB = new Float64Array(CAUSE_FIELDS);
    const minShare = 1 / 6;
    const maxShrunkShare = 5 / 6;
    let shrunkTrials = 0;
    let expansions = 0;
    let elasticBetter = 0;
    let elasticWorse = 0;
    const rel = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
    for (let trial = 0; trial < 2000; trial++) {
      net.reseed(s.seed, trial, STREAM_NETWORK);
      bg.reseed(s.seed, trial, STREAM_BACKGROUND);
      timeline.reset(net, s.horizon);
      marks.reset(bg);
      none.reset(timeline);
      causesA.fill(0);
      const statusA = replayJob(job, none, marks, timeline, a, 0, causesA, 0, null);
      elastic.reset(timeline);
      causesB.fill(0);
      let restarts = 0;
      let sawShrunk = false;
      let expanded = false;
      const statusB = replayElastic(job, elastic, marks, timeline, b, 0, causesB, 0, {
        record(_t, event, _phase, rate) {
          if (event !== 'restart-begin') return;
          restarts++;
          if (rate < 1) sawShrunk = true;
          else if (sawShrunk) expanded = true;
        },
      });
      const o = (m: keyof typeof M) => b[M[m]]!;
      const jct = o('jct_h');
      // Time accounting.
      expect(rel(o('run_h') + o('checkpoint_h') + o('stall_h') + o('recovery_h') + o('restart_h'), jct)).toBe(true);
      for (const m of METRICS) expect(b[M[m]]!).toBeGreaterThanOrEqual(0);
      // Status, goodput, energy.
      if (statusB === STATUS_DONE) expect(rel(o('goodput'), job.work / jct)).toBe(true);
      else {
        expect(statusB).toBe(STATUS_CENSORED);
        expect(jct).toBe(s.horizon);
      }
      expect(o('goodput')).toBeLessThanOrEqual(1 + 1e-12);
      expect(rel(o('energy_mwh'), job.energyPerHour * jct)).toBe(true);
      // Progress executed = Σ rate × running time: between the smallest and the largest
      // shrunk share on the degraded part, at rate 1 on the rest.
      const executed = o('goodput') * jct + o('lost_work_h');
      const healthy = o('run_h') - o('degraded_h');
      expect(o('degraded_h')).toBeLessThanOrEqual(o('run_h') + 1e-9);
      expect(executed).toBeGreaterThanOrEqual(healthy + minShare * o('degraded_h') - 1e-9);
      expect(executed).toBeLessThanOrEqual(healthy + maxShrunkShare * o('degraded_h') + 1e-9);
      // Network crashes are all attributed to the one cause.
      expect(causesB[CAUSE_CRASHES]).toBe(o('crashes_network'));
      // Until the first restart on a partitioned network elastic is `none`: a trial
      // without one (no shrunk restart) is the same trial.
      if (!sawShrunk) {
        expect(statusB).toBe(statusA);
        for (const m of METRICS) expect(rel(b[M[m]]!, a[M[m]]!), `${m} trial ${trial}: ${b[M[m]]} vs ${a[M[m]]}`).toBe(true);
        expect(o('degraded_h')).toBe(0);
      } else {
        shrunkTrials++;
        if (expanded) expansions++;
        if (jct < a[M.jct_h]! - 1e-9) elasticBetter++;
        if (jct > a[M.jct_h]! + 1e-9) elasticWorse++;
      }
      // A partition never touched `none` (no network crash, no stall at all): no shrinking.
      if (a[M.crashes_network] === 0 && a[M.stall_h] === 0) expect(sawShrunk).toBe(false);
      // Every crash is followed by a restart (the job never waits), unless censored first.
      if (statusB === STATUS_DONE) expect(restarts).toBeGreaterThanOrEqual(o('crashes_network') + o('crashes_background'));
      // A network crash always restarts shrunk (the network is partitioned then), except
      // when the repair falls at that very instant.
      if (o('crashes_network') > 0 && statusB === STATUS_DONE) expect(sawShrunk).toBe(true);
    }
    // The random scenario exercises shrinking and re-expansion. Elastic is NOT faster
    // in every trial (a shrunk run can outlast a short repair and costs a restart more),
    // so only its existence in both directions is looked at, not asserted either way.
    expect(shrunkTrials).toBeGreaterThan(50);
    expect(expansions).toBeGreaterThan(20);
    console.info(`elastic vs none over trials that shrank: better ${elasticBetter}, worse ${elasticWorse}`);
  });
});
