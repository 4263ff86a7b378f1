/**
 * The timeline's lookahead (network-timeline.ts `reset`, trial-runner.ts): first cuts
 * drawn past it are held out of the heap, and the timeline stops there until a job runs
 * past it. Neither may change anything:
 *
 * - the timeline, entry for entry (time, kind, unit, cause, down bitset, cut count), is
 *   the one drawn with no lookahead: up to the lookahead at first (then END), and all of
 *   it once extended to the horizon;
 * - every outcome and cause row of every scheme of every trial is bit-identical whatever
 *   the lookahead — none, the default, or so short that most jobs run past it and are
 *   played again on the extended timeline.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/config/index.js';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { ENTRY_END, NetworkTimeline } from '../../src/model/network-timeline.js';
import { RandomStream, STREAM_NETWORK } from '../../src/model/random-stream.js';
import type { Scenario } from '../../src/model/scenario.js';
import { playRows } from '../support/simulate.js';

const config = (name: string) => loadScenarioFile(fileURLToPath(new URL(`../../configs/${name}`, import.meta.url)));

/** Every entry of the timeline as drawn so far, as plain numbers, one array per entry. */
function entries(timeline: NetworkTimeline): number[][] {
  timeline.ensure(1_000_000);
  const out: number[][] = [];
  for (let i = 0; i < timeline.length; i++) {
    const entry = [timeline.time[i]!, timeline.kind[i]!, timeline.subject[i]!, timeline.cause[i]!, timeline.cumulativeCuts[i]!];
    for (let w = 0; w < timeline.words; w++) entry.push(timeline.downMask[i * timeline.words + w]!);
    out.push(entry);
  }
  return out;
}

test('the Cogent timeline is the same whatever the lookahead, cut short and extended', () => {
  const scenario = config('real/cogentco.yaml');
  const compiled = compileScenario(scenario);
  const timeline = new NetworkTimeline(compiled.exposure, scenario.routes.length);
  const rng = new RandomStream();
  const horizon = 3000; // hours: ≈ 200 cuts, past every lookahead below
  let held = 0;
  for (let trial = 0; trial < 40; trial++) {
    rng.reseed(scenario.seed, trial, STREAM_NETWORK);
    timeline.reset(rng, horizon);
    const reference = entries(timeline);
    expect(reference.length).toBeGreaterThan(100);
    for (const lookahead of [0, 100, 1000, 2999]) {
      rng.reseed(scenario.seed, trial, STREAM_NETWORK);
      timeline.reset(rng, horizon, lookahead);
      held += (timeline as unknown as { heldCount: number }).heldCount;
      const cutShort = entries(timeline);
      expect(cutShort.slice(0, -1)).toEqual(reference.filter((e) => e[0]! < lookahead));
      expect(cutShort.at(-1)!.slice(0, 2)).toEqual([Infinity, ENTRY_END]);
      expect(timeline.covers(lookahead - 1e-9)).toBe(true);
      expect(timeline.covers(lookahead)).toBe(false);
      timeline.extendToHorizon();
      expect(entries(timeline)).toEqual(reference);
    }
  }
  // Some first cuts were really held (and came back): the test exercises the path.
  expect(held).toBeGreaterThan(40 * 100);
});

const play = (scenario: Scenario, trials: number, lookahead?: number) => playRows(scenario, trials, lookahead);

test.each([
  ['real/cogentco.yaml', 300],
  ['default.yaml', 3000],
  ['metro-triad.yaml', 3000],
  ['hollow-core.yaml', 2000],
  ['cross-region.yaml', 2000],
])('%s: every outcome is bit-identical whatever the lookahead', (name, trials) => {
  const scenario = config(name);
  const reference = play(scenario, trials, Infinity);
  for (const lookahead of [undefined, 100, 1]) {
    const other = play(scenario, trials, lookahead);
    expect(Buffer.from(other.values.buffer).equals(Buffer.from(reference.values.buffer))).toBe(true);
    expect(other.status).toEqual(reference.status);
    expect(Buffer.from(other.causes.buffer).equals(Buffer.from(reference.causes.buffer))).toBe(true);
    expect(other.weights).toEqual(reference.weights);
  }
});
