/**
 * Hand-computed traces of short deterministic trials. Job: W = 10 h, τ = 2 h (checkpoints
 * at progress 2, 4, 6, 8), δ = 0.1 h, R = 0.5 h, collective timeout 1 h. Undisturbed it
 * runs 0–2, writes 2–2.1, runs 2.1–4.1, … and finishes at 10.4 h.
 * Network: sites a and b joined by `primary` (100 km) and `backup` (200 km), 10 Tbit/s
 * each; a step is 1 s of compute plus 1.25 TB = 1 s of transfer at 10 Tbit/s (no
 * overlap, no round trips), so 2 s when healthy; at half capacity 3 s: rate 2/3.
 */
import { describe, expect, test } from 'vitest';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { NetworkTimeline, ENTRY_CUT } from '../../src/model/network-timeline.js';
import { RandomStream, STREAM_NETWORK } from '../../src/model/random-stream.js';
import type { Scenario } from '../../src/model/scenario.js';
import { BURIED } from '../fixtures/scenario-builder.js';
import { replayScripted, type ScriptedResult } from '../support/scripted.js';

const AERIAL = { buried: 0, aerial: 1, conduit: 0, submarine: 0 };

function scenario(overrides: { timeout?: number } = {}): Scenario {
  const route = (id: string, lengthKm: number) => ({
    id,
    between: ['a', 'b'] as const,
    lengthKm,
    usPerKm: 4.9,
    deployment: BURIED,
    capacityTbps: 10,
    srlgs: [],
    regions: [],
    jitter: null,
  });
  return {
    name: 'trace',
    seed: 1,
    trials: 1,
    horizon: 100,
    sites: [
      { id: 'a', gpus: 1 },
      { id: 'b', gpus: 1 },
    ],
    junctions: [],
    routes: [route('primary', 100), route('backup', 200)],
    srlgs: [],
    hazards: [],
    regional: [],
    job: {
      sites: ['a', 'b'],
      work: 10,
      steps: null,
      step: { compute: 1 / 3600, wanBytes: 1.25e12, wanRoundTrips: 0, overlap: 0 },
      checkpoint: { interval: 2, write: 0.1 },
      restart: 0.5,
      collectiveTimeout: overrides.timeout ?? 1,
      background: { mtbfPerGpu: 1e6, recovery: 0.25 },
      power: { kwPerGpu: 1 },
      networkPjPerBit: 0,
    },
    schemes: [
      { id: 'none', kind: 'none' },
      { id: '1+1', kind: 'one-plus-one', switchover: 0.01 },
      { id: 'restore', kind: 'restoration', restore: 0.1, capacityFraction: 0.5 },
    ],
  };
}

/** Events as [time, event, phase, progress, last checkpoint] rounded to 1e-9 h. */
function events(r: ScriptedResult) {
  const round = (x: number) => Math.round(x * 1e9) / 1e9;
  return r.events.map((e) => [round(e.t), e.event, e.phase, round(e.progress), round(e.lastCheckpoint)]);
}

function expectAccountingAddsUp(r: ScriptedResult) {
  const o = r.outcome;
  expect(o.run_h + o.checkpoint_h + o.stall_h + o.recovery_h + o.restart_h).toBeCloseTo(o.jct_h, 9);
}

describe('hand-computed traces', () => {
  test('undisturbed: 10 h of work + 4 writes of 0.1 h', () => {
    const r = replayScripted(scenario(), 'none', []);
    expect(events(r)).toEqual([[10.4, 'done', 'done', 10, 8]]);
    expect(r.outcome.jct_h).toBeCloseTo(10.4, 12);
    expect(r.outcome.goodput).toBeCloseTo(10 / 10.4, 12);
  });

  test('a stall shorter than the timeout pauses the job and loses nothing', () => {
    // Cut at 3 (p = 2.9), repaired at 3.5 < 3 + timeout: resume, finish 0.5 h late.
    const r = replayScripted(scenario(), 'none', [
      { t: 3, down: ['primary'] },
      { t: 3.5, down: [] },
    ]);
    expect(events(r)).toEqual([
      [3, 'stall', 'running', 2.9, 2],
      [3.5, 'resume', 'running', 2.9, 2],
      [10.9, 'done', 'done', 10, 8],
    ]);
    expect(r.outcome).toMatchObject({ lost_work_h: 0, crashes_network: 0, cuts: 1 });
    expect(r.outcome.stall_h).toBeCloseTo(0.5, 12);
    expect(r.outcome.run_h).toBeCloseTo(10, 12);
    expectAccountingAddsUp(r);
  });

  test('a stall longer than the timeout crashes at cut + timeout and rolls back', () => {
    // Cut at 3, crash at 4 (p 2.9 → 2, 0.9 lost), repaired at 5, restart 5–5.5, then
    // 8 h of work and 3 writes: 5.5 + 8 + 0.3 = 13.8.
    const r = replayScripted(scenario(), 'none', [
      { t: 3, down: ['primary'] },
      { t: 5, down: [] },
    ]);
    expect(events(r)).toEqual([
      [3, 'stall', 'running', 2.9, 2],
      [4, 'crash-network', 'waiting', 2, 2],
      [5, 'restart-begin', 'restarting', 2, 2],
      [5.5, 'restart-end', 'running', 2, 2],
      [13.8, 'done', 'done', 10, 8],
    ]);
    expect(r.outcome.lost_work_h).toBeCloseTo(0.9, 12);
    expect(r.outcome.stall_h).toBeCloseTo(2, 12);
    expect(r.outcome.restart_h).toBeCloseTo(0.5, 12);
    expect(r.outcome.crashes_network).toBe(1);
    expectAccountingAddsUp(r);
  });

  test('a network crash and its lost work are charged to the cause of the cut', () => {
    // As above, with two hazards: the scripted cut is of the first (excavator).
    const base = scenario();
    const hazard = (cause: string) => ({
      cause,
      ratePer1000KmYear: { ...BURIED, buried: 0 },
      repair: { kind: 'fixed', value: 1 } as const,
    });
    const r = replayScripted({ ...base, hazards: [hazard('excavator'), hazard('rodent')] }, 'none', [
      { t: 3, down: ['primary'] },
      { t: 5, down: [] },
    ]);
    // [cuts, crashes, lost] per cause; cuts are counted by the trial runner, not the replay.
    expect(Array.from(r.causes)).toEqual([0, 1, expect.closeTo(0.9, 12), 0, 0, 0]);
  });

  test('network energy: pJ/bit × bits × routes traversed over every step executed, lost ones included', () => {
    // 45 pJ/bit, 1.25 TB per step over one route, 2 s healthy steps: 1800 steps per
    // progress hour → 45e-12 × 1e13 × 1800 J = 810 kJ = 2.25e-4 MWh per progress hour.
    // The crash of the trace above loses 0.9 h: 10.9 progress hours executed.
    const base = scenario();
    const r = replayScripted({ ...base, job: { ...base.job, networkPjPerBit: 45 } }, 'none', [
      { t: 3, down: ['primary'] },
      { t: 5, down: [] },
    ]);
    expect(r.outcome.network_energy_mwh).toBeCloseTo(10.9 * (45e-12 * 8 * 1.25e12 * 1800) / 3.6e9, 12);
  });

  test('a crash during a checkpoint write loses that checkpoint', () => {
    // Timeout 0: the cut at 2.05, during the first write (2–2.1), crashes the job at
    // once; progress falls back to 0 (2 h lost). Repaired at 2.5, restart to 3, then
    // the whole job again: 3 + 10 + 0.4 = 13.4.
    const r = replayScripted(scenario({ timeout: 0 }), 'none', [
      { t: 2.05, down: ['primary'] },
      { t: 2.5, down: [] },
    ]);
    expect(events(r)).toEqual([
      [2.05, 'stall', 'checkpointing', 2, 0],
      [2.05, 'crash-network', 'waiting', 0, 0],
      [2.5, 'restart-begin', 'restarting', 0, 0],
      [3, 'restart-end', 'running', 0, 0],
      [13.4, 'done', 'done', 10, 8],
    ]);
    expect(r.outcome.lost_work_h).toBeCloseTo(2, 12);
    expect(r.outcome.checkpoint_h).toBeCloseTo(0.45, 12);
    expectAccountingAddsUp(r);
  });

  test('a network crash during a restart starts the restart over', () => {
    // As above until the restart 5–5.5; a second cut at 5.2 (restart paused), lasting
    // past 6.2 = 5.2 + timeout: crash, wait for the repair at 7, restart 7–7.5 from
    // scratch; 7.5 + 8 + 0.3 = 15.8. Restart time: 0.2 cut short + 0.5.
    const r = replayScripted(scenario(), 'none', [
      { t: 3, down: ['primary'] },
      { t: 5, down: [] },
      { t: 5.2, down: ['primary'] },
      { t: 7, down: [] },
    ]);
    expect(events(r)).toEqual([
      [3, 'stall', 'running', 2.9, 2],
      [4, 'crash-network', 'waiting', 2, 2],
      [5, 'restart-begin', 'restarting', 2, 2],
      [5.2, 'stall', 'restarting', 2, 2],
      [6.2, 'crash-network', 'waiting', 2, 2],
      [7, 'restart-begin', 'restarting', 2, 2],
      [7.5, 'restart-end', 'running', 2, 2],
      [15.8, 'done', 'done', 10, 8],
    ]);
    expect(r.outcome).toMatchObject({ crashes_network: 2, cuts: 2 });
    expect(r.outcome.restart_h).toBeCloseTo(0.7, 12);
    expect(r.outcome.stall_h).toBeCloseTo(3.8, 12);
    expectAccountingAddsUp(r);
  });

  test('a background interruption during a restart: recovery, then the restart from scratch', () => {
    // Interruptions at active hours 3.0 and 3.2. The first at t = 3 (p 2.9 → 2), recovery
    // 3–3.25 (not active), restart from 3.25; the active clock reaches 3.2 at t = 3.45,
    // mid-restart: recovery 3.45–3.7, restart 3.7–4.2, then 8 h + 3 writes: 12.5.
    const r = replayScripted(scenario(), 'none', [], [3, 3.2]);
    expect(events(r)).toEqual([
      [3, 'crash-background', 'recovering', 2, 2],
      [3.25, 'restart-begin', 'restarting', 2, 2],
      [3.45, 'crash-background', 'recovering', 2, 2],
      [3.7, 'restart-begin', 'restarting', 2, 2],
      [4.2, 'restart-end', 'running', 2, 2],
      [12.5, 'done', 'done', 10, 8],
    ]);
    expect(r.outcome.crashes_background).toBe(2);
    expect(r.outcome.recovery_h).toBeCloseTo(0.5, 12);
    expect(r.outcome.restart_h).toBeCloseTo(0.7, 12);
    expect(r.outcome.lost_work_h).toBeCloseTo(0.9, 12);
    expectAccountingAddsUp(r);
  });

  test('one-plus-one: a 0.01 h switchover, both-down stall, immediate flow when a path returns', () => {
    // Primary cut at 3: switchover stall 3–3.01, then the backup. Backup cut at 4 (both
    // down: stall), back at 4.5: traffic flows at once (no second switchover). The
    // primary returns at 5: revertive, no stall. 10.4 + 0.01 + 0.5 = 10.91.
    const r = replayScripted(scenario(), '1+1', [
      { t: 3, down: ['primary'] },
      { t: 4, down: ['primary', 'backup'] },
      { t: 4.5, down: ['primary'] },
      { t: 5, down: [] },
    ]);
    expect(events(r)).toEqual([
      [3, 'stall', 'running', 2.9, 2],
      [3.01, 'resume', 'running', 2.9, 2],
      [4, 'stall', 'running', 3.89, 2],
      [4.5, 'resume', 'running', 3.89, 2],
      [10.91, 'done', 'done', 10, 8],
    ]);
    expect(r.outcome.stall_h).toBeCloseTo(0.51, 12);
    expect(r.outcome.cuts).toBe(2);
    expectAccountingAddsUp(r);
  });

  test('restoration: a restore stall, then the detour at half capacity (rate 2/3)', () => {
    // Cut at 3 (p 2.9): restore 3–3.1, then the backup route at half capacity: step 3 s
    // instead of 2 s, rate 2/3. p = 4 at 3.1 + 1.1·1.5 = 4.75, write to 4.85, then
    // 1.15 h at 2/3 → p = 4 + 0.7667 at 6, when the primary returns (no stall, rate 1).
    // Remaining 1.2333 h to p = 6 at 7.2333, two more writes and 4 h: 11.4333.
    const r = replayScripted(scenario(), 'restore', [
      { t: 3, down: ['primary'] },
      { t: 6, down: [] },
    ]);
    const twoThirds = 2 / 3;
    expect(r.events.map((e) => e.event)).toEqual(['stall', 'resume', 'rate', 'done']);
    expect(r.events[1]!.t).toBeCloseTo(3.1, 12);
    expect(r.events[1]!.rate).toBeCloseTo(twoThirds, 12);
    expect(r.events[2]!.t).toBe(6);
    expect(r.events[2]!.progress).toBeCloseTo(4 + 1.15 * twoThirds, 12);
    // 2.8 h at rate 2/3 leave 2.8/3 h of progress to make up at full rate.
    expect(r.outcome.jct_h).toBeCloseTo(10.4 + 0.1 + 2.8 / 3, 12);
    expect(r.outcome.degraded_h).toBeCloseTo(2.8, 12);
    expect(r.outcome.run_h).toBeCloseTo(10 + 2.8 / 3, 12);
    expect(r.outcome.stall_h).toBeCloseTo(0.1, 12);
    expectAccountingAddsUp(r);
  });

  test('one-plus-one-restoration: switchover, then a restore when both paths are down, back on the backup at once', () => {
    // A third route `detour` (300 km). Primary cut at 3: switchover stall 3–3.01, then the
    // backup. Backup cut at 4 as well: restore 4–4.1, then the detour at half capacity
    // (rate 2/3). Backup back at 5: traffic flows on it at once (rate 1). Primary back at
    // 6: revertive, no stall. Degraded 4.1–5 less the write 4.265–4.365: 0.8 h at 2/3,
    // 0.8/3 h of progress to make up: 10.4 + 0.01 + 0.1 + 0.2667.
    const base = scenario();
    const s: Scenario = {
      ...base,
      routes: [...base.routes, { ...base.routes[0]!, id: 'detour', lengthKm: 300 }],
      schemes: [{ id: '1+1+r', kind: 'one-plus-one-restoration', switchover: 0.01, restore: 0.1, capacityFraction: 0.5 }],
    };
    const r = replayScripted(s, '1+1+r', [
      { t: 3, down: ['primary'] },
      { t: 4, down: ['primary', 'backup'] },
      { t: 5, down: ['primary'] },
      { t: 6, down: [] },
    ]);
    expect(r.events.map((e) => [e.t, e.event])).toEqual([
      [3, 'stall'],
      [3.01, 'resume'],
      [4, 'stall'],
      [4.1, 'resume'],
      [5, 'rate'],
      [expect.closeTo(10.4 + 0.11 + 0.8 / 3, 9), 'done'],
    ]);
    expect(r.events[3]!.rate).toBeCloseTo(2 / 3, 12);
    expect(r.events[4]!.rate).toBe(1);
    expect(r.outcome.stall_h).toBeCloseTo(0.11, 12);
    expect(r.outcome.degraded_h).toBeCloseTo(0.8, 12);
    expect(r.outcome.cuts).toBe(2);
    expectAccountingAddsUp(r);
  });

  test('an SRLG cut takes down two routes at once and is one cut', () => {
    // Routes a–b and a–c leave a through one 10 km buried conduit (the SRLG); their own
    // lengths are aerial, where no hazard acts, so every cut is an SRLG cut. The first
    // cut falls at the first exponential draw (mean 1/λ) of the trial's network stream.
    const base = scenario();
    const s: Scenario = {
      ...base,
      sites: [...base.sites, { id: 'c', gpus: 1 }],
      routes: [
        { ...base.routes[0]!, id: 'a-b', deployment: AERIAL, srlgs: ['conduit-a'] },
        { ...base.routes[0]!, id: 'a-c', between: ['a', 'c'], deployment: AERIAL, srlgs: ['conduit-a'] },
      ],
      srlgs: [{ id: 'conduit-a', lengthKm: 10, deployment: BURIED, regions: [] }],
      hazards: [{ cause: 'excavator', ratePer1000KmYear: { ...BURIED, buried: 8760 * 100 }, repair: { kind: 'fixed', value: 5 } }],
      job: { ...base.job, sites: ['a', 'b', 'c'] },
      schemes: [{ id: 'none', kind: 'none' }],
    };
    const compiled = compileScenario(s);
    const lambda = 8760 * 100 * (10 / 1000) / 8760; // cuts per hour of the 10 km conduit = 1
    const timeline = new NetworkTimeline(compiled.exposure, 2);
    const rng = new RandomStream();
    rng.reseed(s.seed, 0, STREAM_NETWORK);
    const t1 = rng.exponential(1 / lambda);
    rng.reseed(s.seed, 0, STREAM_NETWORK);
    timeline.reset(rng, 100);
    timeline.ensure(0);
    expect(timeline.kind[0]).toBe(ENTRY_CUT);
    expect(timeline.time[0]).toBeCloseTo(t1, 12);
    expect(timeline.downMask[0]).toBe(0b11);
    expect(timeline.cumulativeCuts[0]).toBe(1);
    timeline.ensure(1);
    // Fixed 5 h repair of the conduit: both routes come back together.
    expect(timeline.time[1]).toBeCloseTo(t1 + 5, 12);
    expect(timeline.downMask[1]).toBe(0);
    expect(compiled.exposure.units.map((u) => u.label)).toEqual(['route a-b', 'route a-c', 'srlg conduit-a']);
  });
});
