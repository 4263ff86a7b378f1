import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RecordBatchReader, type Table, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { METRICS, METRIC_COUNT, METRIC_UNIT, STATUS_CENSORED } from '../../src/model/metrics.js';
import { PACKAGE_VERSION } from '../../src/output/package-version.js';
import { TRIALS_FILE, TrialsWriter, UINT32_METRICS } from '../../src/output/trials-writer.js';
import { scenarioWith } from '../fixtures/scenario-builder.js';
import { hasFileMagic } from '../support/result-files.js';
import { tempDir } from '../support/temp-dir.js';

/** A recognisable value for (trial, scheme, metric): counts stay small integers. */
function valueOf(trial: number, scheme: number, m: number): number {
  return UINT32_METRICS.has(METRICS[m]) ? (trial * 7 + scheme + m) % 1000 : trial + scheme / 10 + m / 1000;
}

/** A recognisable, non-unit likelihood-ratio weight of a trial. */
function weightOf(trial: number): number {
  return 0.25 + (trial % 7) / 8;
}

/** The shard a worker would return for trials first … first+n−1. */
function shard(first: number, n: number, S: number): { values: Float64Array; status: Uint8Array; weights: Float64Array } {
  const values = new Float64Array(n * S * METRIC_COUNT);
  const status = new Uint8Array(n * S);
  for (let t = 0; t < n; t++) {
    for (let s = 0; s < S; s++) {
      for (let m = 0; m < METRIC_COUNT; m++) values[(t * S + s) * METRIC_COUNT + m] = valueOf(first + t, s, m);
      status[t * S + s] = (first + t + s) % 5 === 0 ? STATUS_CENSORED : 0;
    }
  }
  return { values, status, weights: Float64Array.from({ length: n }, (_, t) => weightOf(first + t)) };
}

function writeTrials(path: string, S: number, shards: readonly [number, number][], maxBatchRows?: number): void {
  const writer = TrialsWriter.open(path, scenarioWith(S), { maxBatchRows });
  for (const [first, n] of shards) {
    const { values, status, weights } = shard(first, n, S);
    writer.appendShard(first, n, values, status, weights);
  }
  writer.close();
}

/** Row r is trial ⌊r/S⌋, scheme r mod S, with the values `shard` generated for it. */
function expectRowsInOrder(table: Table, S: number): void {
  const trial = table.getChild('trial')!;
  const scheme = table.getChild('scheme')!;
  const status = table.getChild('status')!;
  const weight = table.getChild('weight')!;
  const schemeIds = scenarioWith(S).schemes.map((s) => s.id);
  const metrics = METRICS.map((metric) => table.getChild(metric)!);
  for (let r = 0; r < table.numRows; r++) {
    const t = Math.floor(r / S);
    const s = r % S;
    expect(trial.get(r)).toBe(t);
    expect(scheme.get(r)).toBe(schemeIds[s]);
    expect(status.get(r)).toBe((t + s) % 5 === 0 ? 'censored' : 'done');
    expect(weight.get(r)).toBe(weightOf(t));
    metrics.forEach((column, m) => expect(column.get(r)).toBe(valueOf(t, s, m)));
  }
}

describe('TrialsWriter', () => {
  it('streams shards as several batches that read back as one table in trial, scheme order', () => {
    const dir = tempDir();
    const path = join(dir, TRIALS_FILE);
    const S = 3;
    // 40 trials in shards of 10, 15, 15, batches of at most 8 trials (24 rows): 2+2+2 batches.
    writeTrials(path, S, [[0, 10], [10, 15], [25, 15]], 24);

    const bytes = readFileSync(path);
    const reader = RecordBatchReader.from(bytes).open();
    expect(reader.isFile()).toBe(true);
    const batches = [...reader];
    expect(batches.length).toBe(6);
    // The footer lists one dictionary batch per dictionary column (scheme, status): no
    // replacements, which the file format forbids.
    expect(reader.numRecordBatches).toBe(6);
    expect(reader.numDictionaries).toBe(2);
    expect(hasFileMagic(path)).toBe(true);
    expect(readdirSync(dir)).toEqual([TRIALS_FILE]);

    const table = tableFromIPC(bytes);
    expect(table.numRows).toBe(40 * S);
    // After the 8-byte header comes a complete IPC stream (schema message first), as
    // the file format specifies: stream readers can read it too.
    const stream = RecordBatchReader.from(bytes.subarray(8)).open();
    expect(stream.isStream()).toBe(true);
    expect(tableFromIPC(stream).numRows).toBe(40 * S);
    expect(table.schema.names).toEqual(['trial', 'scheme', 'status', 'weight', ...METRICS]);

    expectRowsInOrder(table, S);
    const scheme = table.getChild('scheme')!;
    const schemeIds = scenarioWith(S).schemes.map((s) => s.id);

    // One dictionary per column: every batch shares the first batch's dictionary.
    const schemeData = scheme.data;
    expect(schemeData.length).toBe(batches.length);
    for (const d of schemeData) expect([...d.dictionary!]).toEqual(schemeIds);
    expect(new Set(schemeData.map((d) => d.dictionary)).size).toBe(1);
  });

  it('handles shards of any size, split at trial boundaries', () => {
    const dir = tempDir();
    const path = join(dir, TRIALS_FILE);
    const S = 4;
    // Batches of at most 2 trials (10 rows / 4 schemes): a 1-trial shard, then bigger ones.
    writeTrials(path, S, [[0, 1], [1, 0], [1, 3], [4, 7]], 10);
    const bytes = readFileSync(path);
    const reader = RecordBatchReader.from(bytes).open();
    expect([...reader].map((b) => b.numRows)).toEqual([4, 8, 4, 8, 8, 8, 4]);
    const table = tableFromIPC(bytes);
    expect(table.numRows).toBe(11 * S);
    expectRowsInOrder(table, S);
  });

  it('declares the column types, units and run metadata', () => {
    const dir = tempDir();
    const path = join(dir, TRIALS_FILE);
    const scenario = scenarioWith(3);
    writeTrials(path, 3, [[0, 4]]);
    const { schema } = tableFromIPC(readFileSync(path));

    expect(schema.metadata.get('scale_across.version')).toBe(PACKAGE_VERSION);
    expect(JSON.parse(schema.metadata.get('scale_across.scenario')!)).toEqual(scenario);
    expect(schema.metadata.get('scale_across.seed')).toBe('20261124');
    expect(schema.metadata.get('scale_across.trials')).toBe('1000');

    const byName = new Map(schema.fields.map((f) => [f.name, f]));
    // Types read back as generic Int/Float instances: compare their printed form.
    expect(String(byName.get('trial')!.type)).toBe('Uint32');
    expect(String(byName.get('scheme')!.type)).toBe('Dictionary<Int8, Utf8>');
    expect(String(byName.get('status')!.type)).toBe('Dictionary<Int8, Utf8>');
    for (const metric of METRICS) {
      const field = byName.get(metric)!;
      expect(String(field.type)).toBe(UINT32_METRICS.has(metric) ? 'Uint32' : 'Float64');
      expect(field.metadata.get('unit')).toBe(METRIC_UNIT[metric]);
    }
    expect(byName.get('trial')!.metadata.size).toBe(0);
  });

  it('adds a leading variant column for sweeps', () => {
    const dir = tempDir();
    const path = join(dir, TRIALS_FILE);
    const S = 2;
    const writer = TrialsWriter.open(path, scenarioWith(S), { variants: ['30min', '1h'] });
    for (const variant of [0, 1]) {
      const { values, status, weights } = shard(0, 3, S);
      writer.appendShard(0, 3, values, status, weights, variant);
    }
    writer.close();
    const table = tableFromIPC(readFileSync(path));
    expect(table.schema.names.slice(0, 3)).toEqual(['variant', 'trial', 'scheme']);
    expect(table.getChild('variant')!.toArray()).toEqual(['30min', '30min', '30min', '30min', '30min', '30min', '1h', '1h', '1h', '1h', '1h', '1h']);
    expect([...table.getChild('trial')!]).toEqual([0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2]);
  });

  it('writes a valid empty file when no shard arrives', () => {
    const dir = tempDir();
    const path = join(dir, TRIALS_FILE);
    writeTrials(path, 3, []);
    expect(hasFileMagic(path)).toBe(true);
    const table = tableFromIPC(readFileSync(path));
    expect(table.numRows).toBe(0);
    expect(table.schema.names).toContain('jct_h');
  });

  it('rejects shards out of trial order or with a wrong layout, writing nothing for them', () => {
    const dir = tempDir();
    const path = join(dir, TRIALS_FILE);
    const S = 2;
    const writer = TrialsWriter.open(path, scenarioWith(S));
    const a = shard(10, 5, S);
    writer.appendShard(10, 5, a.values, a.status, a.weights);
    const b = shard(0, 5, S);
    expect(() => writer.appendShard(0, 5, b.values, b.status, b.weights)).toThrow(/after trial 14/);
    expect(() => writer.appendShard(15, 4, b.values, b.status, b.weights)).toThrow(new RegExp(`needs ${4 * S * METRIC_COUNT} values, got ${5 * S * METRIC_COUNT}`));
    expect(() => writer.appendShard(15, 5, b.values, b.status, b.weights.subarray(1))).toThrow(/needs 5 weights, got 4/);
    const bad = shard(15, 1, S);
    bad.status[1] = 9;
    expect(() => writer.appendShard(15, 1, bad.values, bad.status, bad.weights)).toThrow(/status code 9/);
    writer.close();
    expect(tableFromIPC(readFileSync(path)).numRows).toBe(5 * S);
  });

  it('abort leaves neither the file nor a temp file', () => {
    const dir = tempDir();
    const path = join(dir, TRIALS_FILE);
    const writer = TrialsWriter.open(path, scenarioWith(2));
    const { values, status, weights } = shard(0, 3, 2);
    writer.appendShard(0, 3, values, status, weights);
    writer.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});
