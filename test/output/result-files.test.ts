import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Table, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { COMPARISON_FILE, writeComparison } from '../../src/output/comparison-writer.js';
import { HISTOGRAMS_FILE, writeHistograms } from '../../src/output/histograms-writer.js';
import { PACKAGE_VERSION } from '../../src/output/package-version.js';
import { SUMMARY_FILE, SUMMARY_STATS, type SummaryColumns, writeSummary } from '../../src/output/summary-writer.js';
import { scenarioWith } from '../fixtures/scenario-builder.js';
import { hasFileMagic } from '../support/result-files.js';
import { tempDir } from '../support/temp-dir.js';

function read(path: string): Table {
  expect(hasFileMagic(path)).toBe(true);
  return tableFromIPC(readFileSync(path));
}

function fieldTypes(table: Table): Record<string, string> {
  return Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
}

function units(table: Table): Record<string, string> {
  return Object.fromEntries(
    table.schema.fields.filter((f) => f.metadata.has('unit')).map((f) => [f.name, f.metadata.get('unit')!]),
  );
}

function summaryColumns(): SummaryColumns {
  const stats = Object.fromEntries(
    SUMMARY_STATS.map((stat, k) => [stat, Float64Array.of(100 + k, 200 + k, 300 + k)]),
  ) as Record<(typeof SUMMARY_STATS)[number], Float64Array>;
  stats.stdev[2] = NaN; // one trial: undefined stdev
  return { scheme: ['unprotected', '1+1', '1+1'], metric: ['jct_h', 'jct_h', 'cuts'], ...stats };
}

describe('summary.arrow', () => {
  it('holds scheme × metric rows with a unit column and the run metadata', () => {
    const dir = tempDir();
    const path = join(dir, SUMMARY_FILE);
    const scenario = scenarioWith(2);
    writeSummary(path, scenario, summaryColumns());

    const table = read(path);
    expect(readdirSync(dir)).toEqual([SUMMARY_FILE]);
    expect(table.schema.names).toEqual(['scheme', 'metric', 'unit', ...SUMMARY_STATS]);
    const types = fieldTypes(table);
    expect([types.scheme, types.metric, types.unit]).toEqual(['Utf8', 'Utf8', 'Utf8']);
    for (const stat of SUMMARY_STATS) expect(types[stat]).toBe('Float64');
    expect(units(table)).toEqual({ count: 'count', censored: 'count' });

    expect(table.schema.metadata.get('scale_across.version')).toBe(PACKAGE_VERSION);
    expect(JSON.parse(table.schema.metadata.get('scale_across.scenario')!)).toEqual(scenario);
    expect(table.schema.metadata.get('scale_across.seed')).toBe(String(scenario.seed));
    expect(table.schema.metadata.get('scale_across.trials')).toBe(String(scenario.trials));

    expect(table.toArray().map((row) => row.toJSON())[1]).toEqual({
      scheme: '1+1', metric: 'jct_h', unit: 'h',
      count: 200, censored: 201, mean: 202, stdev: 203, ci95_low: 204, ci95_high: 205, min: 206,
      p05: 207, p50: 208, p90: 209, p95: 210, p99: 211, p999: 212, max: 213,
    });
    expect([...table.getChild('unit')!]).toEqual(['h', 'h', 'count']);
    // NaN is written as null.
    expect([...table.getChild('stdev')!]).toEqual([103, 203, null]);
    expect(table.getChild('stdev')!.nullCount).toBe(1);
  });

  it('adds a leading variant column for a sweep', () => {
    const dir = tempDir();
    const path = join(dir, SUMMARY_FILE);
    writeSummary(path, scenarioWith(2), { variant: ['30min', '30min', '1h'], ...summaryColumns() });
    const table = read(path);
    expect(table.schema.names.slice(0, 4)).toEqual(['variant', 'scheme', 'metric', 'unit']);
    expect([...table.getChild('variant')!]).toEqual(['30min', '30min', '1h']);
  });

  it('refuses columns of unequal length or unknown metrics, writing nothing', () => {
    const dir = tempDir();
    const path = join(dir, SUMMARY_FILE);
    const short = { ...summaryColumns(), p99: Float64Array.of(1, 2) };
    expect(() => writeSummary(path, scenarioWith(2), short)).toThrow(
      "summary.arrow: column 'p99' has 2 rows, expected 3 (as 'scheme')",
    );
    const unknown = { ...summaryColumns(), metric: ['jct_h', 'jct', 'cuts'] };
    expect(() => writeSummary(path, scenarioWith(2), unknown)).toThrow("metric[1] 'jct' is not a per-trial metric");
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('histograms.arrow', () => {
  it('holds scheme × metric × bin rows', () => {
    const dir = tempDir();
    const path = join(dir, HISTOGRAMS_FILE);
    writeHistograms(path, scenarioWith(1), {
      scheme: ['unprotected', 'unprotected', 'unprotected'],
      metric: ['jct_h', 'jct_h', 'energy_mwh'],
      bin_low: Float64Array.of(720, 730, 0),
      bin_high: Float64Array.of(730, Infinity, 10),
      count: Float64Array.of(990, 10, 1000),
    });
    const table = read(path);
    expect(table.schema.names).toEqual(['scheme', 'metric', 'unit', 'bin_low', 'bin_high', 'count']);
    expect(fieldTypes(table)).toMatchObject({ bin_low: 'Float64', bin_high: 'Float64', count: 'Float64' });
    expect(units(table)).toEqual({ count: 'count' });
    expect([...table.getChild('unit')!]).toEqual(['h', 'h', 'MWh']);
    expect([...table.getChild('bin_high')!]).toEqual([730, Infinity, 10]);
    expect([...table.getChild('count')!]).toEqual([990, 10, 1000]);
    expect(table.schema.metadata.get('scale_across.version')).toBe(PACKAGE_VERSION);
  });
});

describe('comparison.arrow', () => {
  it('holds scheme × metric rows against the baseline, p_better null for cuts', () => {
    const dir = tempDir();
    const path = join(dir, COMPARISON_FILE);
    writeComparison(path, scenarioWith(2), {
      scheme: ['1+1', '1+1'],
      baseline: ['unprotected', 'unprotected'],
      metric: ['jct_h', 'cuts'],
      mean_diff: Float64Array.of(-3.5, 0),
      ci95_low: Float64Array.of(-4, 0),
      ci95_high: Float64Array.of(-3, 0),
      p_better: Float64Array.of(0.25, NaN),
      p_worse: Float64Array.of(0.01, NaN),
    });
    const table = read(path);
    expect(table.schema.names).toEqual([
      'scheme', 'baseline', 'metric', 'unit', 'mean_diff', 'ci95_low', 'ci95_high', 'p_better', 'p_worse',
    ]);
    expect(units(table)).toEqual({ p_better: '1', p_worse: '1' });
    expect(table.toArray().map((row) => row.toJSON())).toEqual([
      { scheme: '1+1', baseline: 'unprotected', metric: 'jct_h', unit: 'h', mean_diff: -3.5, ci95_low: -4, ci95_high: -3, p_better: 0.25, p_worse: 0.01 },
      { scheme: '1+1', baseline: 'unprotected', metric: 'cuts', unit: 'count', mean_diff: 0, ci95_low: 0, ci95_high: 0, p_better: null, p_worse: null },
    ]);
  });
});
