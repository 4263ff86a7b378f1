/**
 * The restoration view skips network changes that touch none of a pair's paths (its
 * primary, its backup, its current detour). Two changes off those paths still matter,
 * and these hand-computed traces pin them: a repair anywhere can give a pair that found
 * no detour one, and a cut of the detour in use starts a new restore.
 *
 * Sites a and b; the primary a–b (100 km); detour 1 a–c–b (2 × 100 km); detour 2
 * a–d–b (2 × 150 km). Restoration: 0.1 h restore, half capacity on a detour, where a
 * step takes 3 s instead of 2 s (rate 2/3). The collective timeout (5 h) is longer than
 * any stall here, so nothing crashes.
 */
import { describe, expect, test } from 'vitest';
import { mesh } from '../fixtures/scenario-builder.js';
import { replayScripted, type ScriptedResult } from '../support/scripted.js';

const scenario = mesh({
  junctions: ['c', 'd'],
  routes: [
    ['primary', ['a', 'b'], 100],
    ['ac', ['a', 'c'], 100],
    ['cb', ['c', 'b'], 100],
    ['ad', ['a', 'd'], 150],
    ['db', ['d', 'b'], 150],
  ],
  // 1 s of compute and 1.25e12 B at 10 Tbit/s: a 2 s step, 3 s at half capacity.
  wanBytes: 1.25e12,
  work: 10,
  interval: 2,
  write: 0.1,
  restart: 0.5,
  timeout: 5,
  background: { mtbfPerGpu: 1e6, recovery: 0.25 },
  schemes: [
    { id: 'restore', kind: 'restoration', restore: 0.1, capacityFraction: 0.5 },
    { id: '1+1+r', kind: 'one-plus-one-restoration', switchover: 0.01, restore: 0.1, capacityFraction: 0.5 },
  ],
});

const timesAndEvents = (r: ScriptedResult) => r.events.map((e) => [Math.round(e.t * 1e9) / 1e9, e.event]);

describe('restoration sees the changes off the primary that matter', () => {
  test('a pair that found no detour takes one at once when a route off its paths is repaired', () => {
    // Cut at 3 of the primary, a–c and a–d: the restore (3–3.1) finds no path. At 4 a–c
    // is back: detour 1 at once, no new restore (rate 2/3). At 6 the primary: rate 1.
    // The stall is 3–4; a view blind to the repair at 4 would stall until 6.
    const r = replayScripted(scenario, 'restore', [
      { t: 3, down: ['primary', 'ac', 'ad'] },
      { t: 4, down: ['primary', 'ad'] },
      { t: 6, down: ['ad'] },
    ]);
    expect(timesAndEvents(r)).toEqual([
      [3, 'stall'],
      [4, 'resume'],
      [6, 'rate'],
      [expect.any(Number), 'done'],
    ]);
    expect(r.events[1]!.rate).toBeCloseTo(2 / 3, 12);
    expect(r.events[2]!.rate).toBe(1);
    expect(r.outcome.stall_h).toBeCloseTo(1, 12);
    expect(r.outcome.crashes_network).toBe(0);
  });

  test('a cut of the detour in use starts a new restore onto the next detour', () => {
    // Primary cut at 3: restore 3–3.1, then detour 1. Its c–b cut at 4: restore 4–4.1,
    // then detour 2 (rate 2/3 again). Primary back at 6: rate 1. Two stalls of 0.1 h;
    // a view blind to the detour's cut would run on through 4 without stalling.
    const r = replayScripted(scenario, 'restore', [
      { t: 3, down: ['primary'] },
      { t: 4, down: ['primary', 'cb'] },
      { t: 6, down: ['cb'] },
    ]);
    expect(timesAndEvents(r)).toEqual([
      [3, 'stall'],
      [3.1, 'resume'],
      [4, 'stall'],
      [4.1, 'resume'],
      [6, 'rate'],
      [expect.any(Number), 'done'],
    ]);
    expect(r.events[3]!.rate).toBeCloseTo(2 / 3, 12);
    expect(r.outcome.stall_h).toBeCloseTo(0.2, 12);
  });

  test('one-plus-one-restoration: a cut of the detour, off both provisioned paths, is seen', () => {
    // 1+1+r provisions detour 1 (a–c–b) as the backup. Primary and c–b cut at 3: restore
    // 3–3.1 onto detour 2 (rate 2/3). Its d–b cut at 4: a new restore (4–4.1) finds no
    // path, so the pair waits; c–b back at 5: on the backup at once (rate 1). Stalls
    // 0.1 + 1 h; a view blind to the cut at 4 would stall 0.1 h only.
    const r = replayScripted(scenario, '1+1+r', [
      { t: 3, down: ['primary', 'cb'] },
      { t: 4, down: ['primary', 'cb', 'db'] },
      { t: 5, down: ['primary', 'db'] },
      { t: 6, down: [] },
    ]);
    expect(timesAndEvents(r)).toEqual([
      [3, 'stall'],
      [3.1, 'resume'],
      [4, 'stall'],
      [5, 'resume'],
      [expect.any(Number), 'done'],
    ]);
    expect(r.events[1]!.rate).toBeCloseTo(2 / 3, 12);
    expect(r.events[3]!.rate).toBe(1);
    expect(r.outcome.stall_h).toBeCloseTo(1.1, 12);
  });

  test('changes off every path leave the trace as it is without them', () => {
    // Detour routes fail and return while the pair is on its primary, and again while it
    // is on a detour that does not use them: the trace is that of the primary cut alone.
    const alone = replayScripted(scenario, 'restore', [
      { t: 3, down: ['primary'] },
      { t: 6, down: [] },
    ]);
    const noisy = replayScripted(scenario, 'restore', [
      { t: 1, down: ['ad'] },
      { t: 2, down: [] },
      { t: 3, down: ['primary'] },
      { t: 4, down: ['primary', 'db'] },
      { t: 5, down: ['primary'] },
      { t: 6, down: [] },
    ]);
    expect(noisy.events).toEqual(alone.events);
    expect(noisy.outcome.jct_h).toBe(alone.outcome.jct_h);
  });
});
