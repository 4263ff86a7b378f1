/**
 * The timeline puts off first cuts drawn past its `lookahead` (network-timeline.ts
 * `reset`): on Cogent's 245 routes most of them. Holding them out of the heap must not
 * change the timeline: every entry (time, kind, unit, cause, down bitset, cut count) is
 * the same whatever the lookahead — none held, all held, or some — up to the horizon,
 * including past the lookahead, where the held cuts come back.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/config/index.js';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { NetworkTimeline } from '../../src/model/network-timeline.js';
import { RandomStream, STREAM_NETWORK } from '../../src/model/random-stream.js';

const CONFIG = fileURLToPath(new URL('../../configs/real/cogentco.yaml', import.meta.url));

/** Every entry of trial `trial`'s timeline up to `horizon`, as plain numbers. */
function entries(timeline: NetworkTimeline, rng: RandomStream, seed: number, trial: number, horizon: number, lookahead: number): number[] {
  rng.reseed(seed, trial, STREAM_NETWORK);
  timeline.reset(rng, horizon, lookahead);
  timeline.ensure(1_000_000);
  const out: number[] = [];
  for (let i = 0; i < timeline.length; i++) {
    out.push(timeline.time[i]!, timeline.kind[i]!, timeline.subject[i]!, timeline.cause[i]!, timeline.cumulativeCuts[i]!);
    for (let w = 0; w < timeline.words; w++) out.push(timeline.downMask[i * timeline.words + w]!);
  }
  return out;
}

test('the Cogent timeline is the same whatever the lookahead', () => {
  const scenario = loadScenarioFile(CONFIG);
  const compiled = compileScenario(scenario);
  const timeline = new NetworkTimeline(compiled.exposure, scenario.routes.length);
  const rng = new RandomStream();
  const horizon = 3000; // hours: ≈ 200 cuts, past every lookahead below
  let held = 0;
  for (let trial = 0; trial < 40; trial++) {
    const reference = entries(timeline, rng, scenario.seed, trial, horizon, Infinity);
    expect(reference.length).toBeGreaterThan(100);
    for (const lookahead of [0, 100, 1000, 2999]) {
      expect(entries(timeline, rng, scenario.seed, trial, horizon, lookahead)).toEqual(reference);
    }
    // Some first cuts were really held (and came back): the test exercises the path.
    rng.reseed(scenario.seed, trial, STREAM_NETWORK);
    timeline.reset(rng, horizon, 1000);
    held += (timeline as unknown as { heldCount: number }).heldCount;
  }
  expect(held).toBeGreaterThan(40 * 100);
});
