/**
 * The worker's shard runner, in-process: what it hands back, and that it is the trials
 * played one by one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ShardRunner } from '../../src/campaign/shard-runner.js';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { METRIC_COUNT } from '../../src/model/metrics.js';
import { TrialRunner } from '../../src/model/trial-runner.js';
import { parseScenarioText } from '../../src/config/index.js';
import { BLOCK_TRIALS } from '../../src/stats/block-aggregator.js';
import { SCENARIO_YAML } from '../fixtures/campaign-scenario.js';

const scenario = parseScenarioText(SCENARIO_YAML, 'test');
const FIRST = 3 * BLOCK_TRIALS;
const COUNT = 1500;
const HASH = 'ab'.repeat(32);

afterEach(() => {
  delete process.env.SCALE_ACROSS_FAULT_THROW_TRIAL;
});

describe('shard runner', () => {
  it('returns every array on a SharedArrayBuffer: handed over without a copy and without detaching a buffer', () => {
    const result = new ShardRunner({ scenarios: [scenario, scenario], campaignHash: HASH }).run({ first: FIRST, count: COUNT, perTrial: true });
    if (result.kind !== 'done') throw new Error(result.message);
    const p = result.encoded.result;
    const arrays = [...p.summaries, ...p.causes, p.pairs!, ...p.values!, ...p.status!, ...p.weights!];
    expect(arrays).toHaveLength(2 + 2 + 1 + 2 + 2 + 2);
    for (const a of arrays) expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(result.encoded.header.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(result.encoded.checksum.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('its rows are the trials played one by one', () => {
    const result = new ShardRunner({ scenarios: [scenario], campaignHash: HASH }).run({ first: FIRST, count: COUNT, perTrial: true });
    if (result.kind !== 'done') throw new Error(result.message);
    const single = new TrialRunner(compileScenario(scenario));
    const S = single.schemeCount;
    const row = new Float64Array(S * METRIC_COUNT);
    const codes = new Uint8Array(S);
    for (const i of [0, 1, 700, COUNT - 1]) {
      const weight = single.run(FIRST + i, row, 0, codes, 0);
      expect(result.encoded.result.weights![0]![i]).toBe(weight);
      expect(Array.from(result.encoded.result.values![0]!.subarray(i * S * METRIC_COUNT, (i + 1) * S * METRIC_COUNT))).toEqual(Array.from(row));
      expect(Array.from(result.encoded.result.status![0]!.subarray(i * S, (i + 1) * S))).toEqual(Array.from(codes));
    }
  });

  it('names the trial that threw, the shard’s first, a middle and its last', () => {
    for (const trial of [FIRST, FIRST + 777, FIRST + COUNT - 1]) {
      process.env.SCALE_ACROSS_FAULT_THROW_TRIAL = String(trial);
      const result = new ShardRunner({ scenarios: [scenario], campaignHash: HASH }).run({ first: FIRST, count: COUNT, perTrial: false });
      expect(result.kind).toBe('failed');
      if (result.kind === 'failed') {
        expect(result.trial).toBe(trial);
        expect(result.message).toContain(`injected fault at trial ${trial}`);
      }
    }
  });
});
