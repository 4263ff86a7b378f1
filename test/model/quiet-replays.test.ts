/**
 * Quiet replays (trial-runner.ts `run`): a scheme whose network does not change before
 * its job ends takes the outcome row of an earlier quiet replay of the same job instead
 * of replaying it; and a one-plus-one-restoration scheme whose pairs never had both
 * paths down before its one-plus-one twin's job ended takes the twin's. That must
 * change nothing: every outcome, status, cause row and weight
 * of every scheme of every trial is bit-identical to replaying every scheme — on the
 * example configurations, with the lookahead so short that most jobs are played again on
 * the extended timeline, under importance sampling, and with per-scheme jobs (Daly's
 * interval, which differs between schemes). And the shortcuts are really taken: quiet
 * on a third (Cogent's backbone) to five sixths (the metro triad) of the replays, the
 * twin's in two thirds of the Cogent trials. With `mayRestoreBy` always false, the Cogent,
 * hollow-core and cross-region rows differ.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/config/index.js';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { M, METRIC_COUNT } from '../../src/model/metrics.js';
import type { Scenario } from '../../src/model/scenario.js';
import { NetworkTimeline } from '../../src/model/network-timeline.js';
import { RandomStream, STREAM_NETWORK } from '../../src/model/random-stream.js';
import { RouteSet } from '../../src/model/route-set.js';
import { playRows } from '../support/simulate.js';

const config = (name: string) => loadScenarioFile(fileURLToPath(new URL(`../../configs/${name}`, import.meta.url)));

const play = (scenario: Scenario, trials: number, shareReplays: boolean, lookahead?: number) => {
  const rows = playRows(scenario, trials, lookahead, shareReplays);
  return { ...rows, copies: rows.quietCopies, twins: rows.twinCopies, replays: trials * rows.schemes };
};

function expectSame(a: ReturnType<typeof play>, b: ReturnType<typeof play>) {
  expect(Buffer.from(a.values.buffer).equals(Buffer.from(b.values.buffer))).toBe(true);
  expect(Buffer.from(a.status.buffer).equals(Buffer.from(b.status.buffer))).toBe(true);
  expect(Buffer.from(a.causes.buffer).equals(Buffer.from(b.causes.buffer))).toBe(true);
  expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
}

test.each([
  // [configuration, trials, least share of the replays taken as quiet, least share of the trials whose one-plus-one-restoration replay is its twin's]
  ['real/cogentco.yaml', 400, 0.3, 0.5],
  ['default.yaml', 3000, 0.65, 0],
  ['metro-triad.yaml', 3000, 0.8, 0.01],
  ['hollow-core.yaml', 2000, 0.6, 0.2],
  ['cross-region.yaml', 2000, 0.6, 0.2],
])('%s: every row is bit-identical to replaying every scheme', (name, trials, leastShare, leastTwins) => {
  const scenario = config(name);
  const replayed = play(scenario, trials, false);
  expect(replayed.copies).toBe(0);
  const shared = play(scenario, trials, true);
  expectSame(shared, replayed);
  expect(shared.copies / shared.replays).toBeGreaterThan(leastShare);
  if (leastTwins > 0) expect(shared.twins / trials).toBeGreaterThan(leastTwins);
  else expect(shared.twins).toBe(0); // no one-plus-one-restoration scheme
  // Played again past a 1-hour lookahead: the first change is read on the extended timeline.
  const short = play(scenario, Math.min(trials, 500), true, 1);
  expectSame(short, play(scenario, Math.min(trials, 500), false, 1));
  expect(short.copies).toBeGreaterThan(0);
});

test('a scheme whose network changes before the end is replayed, not copied', () => {
  // A quarter of the cross-region jobs stall unprotected: those rows differ from
  // ideal's, so a copy taken too eagerly would show.
  const scenario = config('cross-region.yaml');
  const { values } = play(scenario, 2000, true);
  const S = scenario.schemes.length;
  const ideal = scenario.schemes.findIndex((s) => s.kind === 'ideal');
  const none = scenario.schemes.findIndex((s) => s.kind === 'none');
  let differing = 0;
  for (let t = 0; t < 2000; t++) {
    if (values[(t * S + none) * METRIC_COUNT + M.stall_h]! > 0) {
      differing++;
      expect(values[(t * S + none) * METRIC_COUNT + M.jct_h]).not.toBe(values[(t * S + ideal) * METRIC_COUNT + M.jct_h]);
    }
  }
  expect(differing).toBeGreaterThan(400);
});

test('importance sampling and per-scheme jobs (Daly interval per scheme)', () => {
  const cogent = config('real/cogentco.yaml');
  const weighted: Scenario = { ...cogent, rareEvents: { method: 'failure-biasing', factor: 4, allUpFactor: 1 } };
  expectSame(play(weighted, 300, true), play(weighted, 300, false));
  const base = config('default.yaml');
  const daly: Scenario = { ...base, job: { ...base.job, checkpoint: { ...base.job.checkpoint, interval: 'daly' } } } as Scenario;
  const compiled = compileScenario(daly);
  expect(new Set(compiled.jobs.map((job) => job.interval)).size).toBeGreaterThan(1);
  expectSame(play(daly, 2000, true), play(daly, 2000, false));
});

test('downBy: whether a route of the set goes down by a time, drawing that far; true where the drawn timeline stops short', () => {
  const scenario = config('real/cogentco.yaml');
  const compiled = compileScenario(scenario);
  const timeline = new NetworkTimeline(compiled.exposure, scenario.routes.length);
  const rng = new RandomStream();
  rng.reseed(scenario.seed, 7, STREAM_NETWORK);
  timeline.reset(rng, 3000, 1000);
  const route = (r: number) => new RouteSet([r]);
  // The first cut of the trial, found by hand from the entries.
  timeline.ensure(0);
  const first = timeline.time[0]!;
  const cut = Array.from({ length: scenario.routes.length }, (_, r) => r).find((r) => timeline.isDown(0, r))!;
  expect(timeline.downBy(route(cut), first)).toBe(true);
  expect(timeline.downBy(route(cut), first * (1 - 1e-12))).toBe(false);
  expect(timeline.downBy(new RouteSet([]), 999)).toBe(false);
  // Past the lookahead (1000 h) the timeline is not drawn: it cannot tell.
  expect(timeline.downBy(new RouteSet([]), 1000)).toBe(true);
});
