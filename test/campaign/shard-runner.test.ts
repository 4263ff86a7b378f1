/**
 * The worker's shard runner, in-process: what it hands back, and that it is the trials
 * played one by one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { partialBytes } from '../../src/campaign/partial-result.js';
import { rowBuffersOf } from '../../src/campaign/row-buffers.js';
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

  it('writes the rows into the buffers a task brings, whatever they held: the same bytes as on new ones', () => {
    const setup = { scenarios: [scenario, scenario], campaignHash: HASH };
    const fresh = new ShardRunner(setup).run({ first: FIRST, count: COUNT, perTrial: true });
    if (fresh.kind !== 'done') throw new Error(fresh.message);
    // Buffers of a larger, earlier shard, full of what it left there.
    const earlier = new ShardRunner(setup).run({ first: 0, count: 2 * COUNT, perTrial: true });
    if (earlier.kind !== 'done') throw new Error(earlier.message);
    const rows = rowBuffersOf(earlier.encoded.result)!;
    for (const b of [...rows.values, ...rows.weights]) new Float64Array(b).fill(Number.NaN);
    for (const b of rows.status) new Uint8Array(b).fill(0xff);
    const reused = new ShardRunner(setup).run({ first: FIRST, count: COUNT, perTrial: true, rows });
    if (reused.kind !== 'done') throw new Error(reused.message);
    const p = reused.encoded.result;
    [...p.values!, ...p.status!, ...p.weights!].forEach((a, i) => expect(a.buffer).toBe([...rows.values, ...rows.status, ...rows.weights][i]));
    expect(Buffer.concat(partialBytes(reused.encoded)).equals(Buffer.concat(partialBytes(fresh.encoded)))).toBe(true);
  });

  it('makes new row buffers for rowCapacity trials, so that they fit any shard of the campaign; too small ones are not used', () => {
    const runner = new ShardRunner({ scenarios: [scenario], campaignHash: HASH });
    const small = runner.run({ first: 0, count: 1024, perTrial: true });
    if (small.kind !== 'done') throw new Error(small.message);
    const result = runner.run({ first: FIRST, count: COUNT, perTrial: true, rows: rowBuffersOf(small.encoded.result), rowCapacity: 4096 });
    if (result.kind !== 'done') throw new Error(result.message);
    const S = new TrialRunner(compileScenario(scenario)).schemeCount;
    const { values, status, weights } = result.encoded.result;
    expect(values![0]!.length).toBe(COUNT * S * METRIC_COUNT);
    expect(values![0]!.buffer.byteLength).toBe(4096 * S * METRIC_COUNT * 8);
    expect(status![0]!.buffer.byteLength).toBe(4096 * S);
    expect(weights![0]!.buffer.byteLength).toBe(4096 * 8);
    expect(values![0]!.buffer).not.toBe(small.encoded.result.values![0]!.buffer);
  });
});
