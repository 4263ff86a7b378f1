/**
 * docs/model.md#results: the result files of a real campaign, read back with apache-arrow: their
 * schemas, metadata and row order, the manifest, and the summaries, comparisons and
 * histograms cross-checked against the per-trial rows of trials.arrow.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, type Table } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS, METRIC_BETTER, METRIC_UNIT, STATUSES } from '../../src/model/metrics.js';
import { NAME, SCHEMES, SEED } from '../fixtures/campaign-scenario.js';
import { campaignSandbox, runOk } from '../support/cli.js';
import { ARROW_FILES, entries, hashes, readArrow, readManifest } from '../support/result-files.js';

const TRIALS = 10_000;
const S = SCHEMES.length;
const box = campaignSandbox();
const full = box.out('full');
const summaryOnly = box.out('summary-only');

const SUMMARY_COLUMNS = ['scheme', 'metric', 'count', 'censored', 'mean', 'stdev', 'ci95_low', 'ci95_high', 'min', 'p05', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'];
const COMPARISON_COLUMNS = ['scheme', 'baseline', 'metric', 'mean_diff', 'ci95_low', 'ci95_high', 'p_better', 'p_worse'];
const HISTOGRAM_COLUMNS = ['scheme', 'metric', 'bin_low', 'bin_high', 'count'];
const COUNT_METRICS = new Set(['crashes_network', 'crashes_background', 'cuts']);

/** Per scheme, per metric: the trial values from trials.arrow, in trial order. */
let values: Map<string, Map<string, Float64Array>>;
let statuses: Map<string, string[]>;
let trials: Table;

function column(table: Table, name: string): unknown[] {
  const vector = table.getChild(name);
  if (vector === null) throw new Error(`no column ${name}; columns: ${table.schema.fields.map((f) => f.name).join(', ')}`);
  if (DataType.isDictionary(vector.type)) {
    // Decode through the indices: much faster than iterating the vector.
    const out: string[] = [];
    for (const chunk of vector.data) {
      const dictionary = [...chunk.dictionary!] as string[];
      for (const index of chunk.values as Int8Array) out.push(dictionary[index]!);
    }
    return out;
  }
  return Array.from(vector.toArray() as ArrayLike<unknown>);
}

/** The names of `table`'s columns that are in `expected`, in file order. */
function ordered(table: Table, expected: readonly string[]): string[] {
  return table.schema.fields.map((f) => f.name).filter((n) => expected.includes(n));
}

function closeTo(actual: number, expected: number, relative: number): boolean {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= relative * Math.max(Math.abs(actual), Math.abs(expected));
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

beforeAll(async () => {
  await Promise.all([
    runOk(['run', box.config, '--trials', String(TRIALS), '--workers', '2', '--out', full, '--quiet']),
    runOk(['run', box.config, '--trials', String(TRIALS), '--workers', '2', '--out', summaryOnly, '--quiet', '--summary-only']),
  ]);
  trials = readArrow(join(full, 'trials.arrow'));
  const schemeCol = column(trials, 'scheme') as string[];
  values = new Map(SCHEMES.map((s) => [s, new Map(METRICS.map((m) => [m, new Float64Array(TRIALS)]))]));
  statuses = new Map(SCHEMES.map((s) => [s, []]));
  for (const m of METRICS) {
    const col = trials.getChild(m)!.toArray() as Float64Array | Uint32Array;
    for (let r = 0; r < col.length; r++) values.get(schemeCol[r]!)!.get(m)![Math.floor(r / S)] = col[r]!;
  }
  const statusCol = column(trials, 'status') as string[];
  statusCol.forEach((st, r) => statuses.get(schemeCol[r]!)!.push(st));
});

describe('trials.arrow', () => {
  it('has trial uint32, scheme and status dictionary<utf8>, then every METRICS column with its unit metadata', () => {
    const fields = trials.schema.fields;
    expect(fields.map((f) => f.name)).toEqual(['trial', 'scheme', 'status', 'weight', ...METRICS]);
    const [trial, scheme, status] = fields;
    expect(DataType.isInt(trial!.type) && trial!.type.bitWidth === 32 && !trial!.type.isSigned).toBe(true);
    for (const f of [scheme!, status!]) {
      expect(DataType.isDictionary(f.type), f.name).toBe(true);
      expect(DataType.isUtf8(f.type.dictionary), f.name).toBe(true);
    }
    for (const m of METRICS) {
      const f = trials.schema.fields.find((x) => x.name === m)!;
      if (COUNT_METRICS.has(m)) expect(DataType.isInt(f.type) && f.type.bitWidth === 32 && !f.type.isSigned, m).toBe(true);
      else expect(DataType.isFloat(f.type) && f.type.precision === 2, m).toBe(true); // Precision.DOUBLE
      expect(f.metadata.get('unit'), m).toBe(METRIC_UNIT[m]);
    }
  });

  it('holds trials × schemes rows in trial then scheme order, statuses from {done, censored}, in fixed 8192-trial batches', () => {
    expect(trials.numRows).toBe(TRIALS * S);
    const trialCol = trials.getChild('trial')!.toArray() as Uint32Array;
    const schemeCol = column(trials, 'scheme');
    for (let r = 0; r < trials.numRows; r++) {
      if (trialCol[r] !== Math.floor(r / S) || schemeCol[r] !== SCHEMES[r % S])
        throw new Error(`row ${r}: trial ${trialCol[r]}, scheme ${schemeCol[r]}`);
    }
    const known = new Set<unknown>(STATUSES);
    const unknown = column(trials, 'status').filter((st) => !known.has(st));
    expect(unknown).toEqual([]);
    // The dictionaries come from the scenario, not the data.
    expect([...trials.getChild('scheme')!.data[0]!.dictionary!]).toEqual([...SCHEMES]);
    expect([...trials.getChild('status')!.data[0]!.dictionary!]).toEqual([...STATUSES]);
    expect(trials.batches.map((b) => b.numRows)).toEqual([8192 * S, (TRIALS - 8192) * S]);
  });
});

describe('every Arrow file', () => {
  it('carries scale_across.version/scenario/seed/trials schema metadata describing this campaign', () => {
    const version = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version;
    for (const file of ARROW_FILES) {
      const meta = readArrow(join(full, file)).schema.metadata;
      expect(meta.get('scale_across.version'), file).toBe(version);
      expect(meta.get('scale_across.seed'), file).toBe(String(SEED));
      expect(meta.get('scale_across.trials'), file).toBe(String(TRIALS));
      const scenario = JSON.parse(meta.get('scale_across.scenario')!);
      expect(scenario.name, file).toBe(NAME);
      expect(scenario.trials, file).toBe(TRIALS); // the --trials override, resolved
      expect(scenario.schemes.map((s: { id: string }) => s.id), file).toEqual([...SCHEMES]);
    }
  });
});

describe('summary.arrow', () => {
  it('has the documented columns, one row per scheme × metric, and matches the trial rows (mean to 1e-12, min/max/count/censored exactly)', () => {
    const summary = readArrow(join(full, 'summary.arrow'));
    expect(ordered(summary, SUMMARY_COLUMNS)).toEqual(SUMMARY_COLUMNS);
    expect(summary.numRows).toBe(S * METRICS.length);
    const rows = summary.toArray().map((r) => r.toJSON());
    rows.forEach((row, i) => {
      const scheme = SCHEMES[Math.floor(i / METRICS.length)]!;
      const metric = METRICS[i % METRICS.length]!;
      expect([row.scheme, row.metric]).toEqual([scheme, metric]);
      const xs = values.get(scheme)!.get(metric)!;
      const where = `${scheme}/${metric}`;
      expect(row.count, where).toBe(TRIALS);
      expect(row.censored, where).toBe(statuses.get(scheme)!.filter((s) => s === 'censored').length);
      const m = mean(xs);
      expect(closeTo(row.mean, m, 1e-12), `${where}: mean ${row.mean} vs ${m} from trials.arrow`).toBe(true);
      expect(row.min, where).toBe(Math.min(...xs));
      expect(row.max, where).toBe(Math.max(...xs));
      let ss = 0;
      for (const x of xs) ss += (x - m) ** 2;
      const sd = Math.sqrt(ss / (TRIALS - 1));
      expect(closeTo(row.stdev, sd, 1e-9) || Math.abs(row.stdev - sd) < 1e-12, `${where}: stdev ${row.stdev} vs ${sd}`).toBe(true);
      expect(row.ci95_low, where).toBeLessThanOrEqual(row.mean);
      expect(row.ci95_high, where).toBeGreaterThanOrEqual(row.mean);
      const qs = [row.min, row.p05, row.p50, row.p90, row.p95, row.p99, row.p999, row.max];
      for (let k = 1; k < qs.length; k++) expect(qs[k], `${where}: quantiles ${qs}`).toBeGreaterThanOrEqual(qs[k - 1]);
    });
    // The scheme that matters most, spelled out: summary mean of jct_h per scheme = mean of trials.arrow's jct_h.
    for (const scheme of SCHEMES) {
      const row = rows.find((r) => r.scheme === scheme && r.metric === 'jct_h')!;
      const m = mean(values.get(scheme)!.get('jct_h')!);
      expect(Math.abs(row.mean - m) / m).toBeLessThanOrEqual(1e-12);
    }
  });
});

describe('comparison.arrow', () => {
  it('has the documented columns, each non-baseline scheme × metric against the first scheme, and matches paired differences of the trial rows', () => {
    const comparison = readArrow(join(full, 'comparison.arrow'));
    expect(ordered(comparison, COMPARISON_COLUMNS)).toEqual(COMPARISON_COLUMNS);
    expect(comparison.numRows).toBe((S - 1) * METRICS.length);
    comparison.toArray().forEach((r, i) => {
      const row = r.toJSON();
      const scheme = SCHEMES[1 + Math.floor(i / METRICS.length)]!;
      const metric = METRICS[i % METRICS.length]!;
      const where = `${scheme}/${metric}`;
      expect([row.scheme, row.baseline, row.metric]).toEqual([scheme, SCHEMES[0], metric]);
      const xs = values.get(scheme)!.get(metric)!;
      const base = values.get(SCHEMES[0])!.get(metric)!;
      const diffs = xs.map((x, t) => x - base[t]!);
      const d = mean(diffs);
      const scale = Math.max(1, Math.abs(mean(xs)));
      expect(Math.abs(row.mean_diff - d) <= 1e-12 * scale, `${where}: mean_diff ${row.mean_diff} vs ${d}`).toBe(true);
      expect(row.ci95_low, where).toBeLessThanOrEqual(row.mean_diff);
      expect(row.ci95_high, where).toBeGreaterThanOrEqual(row.mean_diff);
      const dir = METRIC_BETTER[metric];
      if (dir === 0) {
        expect(row.p_better, where).toBeNull();
        expect(row.p_worse, where).toBeNull();
      } else {
        let better = 0;
        let worse = 0;
        xs.forEach((x, t) => {
          const delta = (x - base[t]!) * dir;
          if (delta > 0) better++;
          else if (delta < 0) worse++;
        });
        expect(row.p_better, where).toBe(better / TRIALS);
        expect(row.p_worse, where).toBe(worse / TRIALS);
      }
    });
  });
});

describe('histograms.arrow', () => {
  it('has the documented columns; per scheme × metric the bins are ordered, counts sum to the trials, and re-binning trials.arrow gives the same counts', () => {
    const h = readArrow(join(full, 'histograms.arrow'));
    expect(ordered(h, HISTOGRAM_COLUMNS)).toEqual(HISTOGRAM_COLUMNS);
    const [scheme, metric, low, high, count] = HISTOGRAM_COLUMNS.map((c) => column(h, c)) as [string[], string[], number[], number[], number[]];
    const groups = new Map<string, number[]>();
    for (let i = 0; i < h.numRows; i++) {
      const key = `${scheme[i]}/${metric[i]}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(i);
    }
    // Every scheme × metric, in scheme then metric order.
    expect([...groups.keys()]).toEqual(SCHEMES.flatMap((s) => METRICS.map((m) => `${s}/${m}`)));
    for (const [key, rows] of groups) {
      const [s, m] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
      expect(rows.reduce((n, i) => n + count[i]!, 0), key).toBe(TRIALS);
      const xs = [...values.get(s)!.get(m)!].sort((a, b) => a - b);
      const below = (v: number) => {
        let lo = 0;
        let hi = xs.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (xs[mid]! < v) lo = mid + 1;
          else hi = mid;
        }
        return lo;
      };
      rows.forEach((i, k) => {
        expect(low[i]!, key).toBeLessThan(high[i]!);
        if (k > 0) expect(low[i]!, key).toBeGreaterThanOrEqual(high[rows[k - 1]!]!);
        expect(count[i], `${key} bin [${low[i]}, ${high[i]})`).toBe(below(high[i]!) - below(low[i]!));
      });
    }
  });
});

describe('manifest.json', () => {
  it('says complete and records seed, trials, schemes, workers, node version, elapsed, trials/s, shards covering every trial, scenario_hash; no scratch left', () => {
    const m = readManifest(full);
    expect(m.status).toBe('complete');
    expect(m.seed).toBe(SEED);
    expect(m.trials).toBe(TRIALS);
    expect(m.schemes).toEqual([...SCHEMES]);
    expect(m.workers).toBe(2);
    expect(m.node_version).toBe(process.version);
    expect(m.elapsed_s).toBeGreaterThan(0);
    expect(m.trials_per_s).toBeGreaterThan(0);
    expect(Math.abs(m.trials_per_s * m.elapsed_s - TRIALS)).toBeLessThan(1e-6 * TRIALS);
    expect(m.scenario_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(m.scenario.name).toBe(NAME);
    let next = 0;
    for (const [first, count] of m.completed_shards as [number, number][]) {
      expect(first).toBe(next);
      expect(count).toBeGreaterThan(0);
      next = first + count;
    }
    expect(next).toBe(TRIALS);
    // The lock and the kept shards are gone once the campaign is complete.
    expect(entries(full)).toEqual(['causes.arrow', 'comparison.arrow', 'histograms.arrow', 'manifest.json', 'summary.arrow', 'trials.arrow']);
  });
});

describe('--summary-only', () => {
  it('writes no trials.arrow and the same summary/histograms/comparison bytes as a full run', () => {
    expect(existsSync(join(summaryOnly, 'trials.arrow'))).toBe(false);
    expect(entries(summaryOnly)).toEqual(['causes.arrow', 'comparison.arrow', 'histograms.arrow', 'manifest.json', 'summary.arrow']);
    const files = ['summary.arrow', 'histograms.arrow', 'comparison.arrow'];
    expect(hashes(summaryOnly, files)).toEqual(hashes(full, files));
    expect(readManifest(summaryOnly).scenario_hash).toBe(readManifest(full).scenario_hash);
  });
});
