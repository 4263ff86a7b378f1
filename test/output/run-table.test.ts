/**
 * The end-of-run tables: they fit a 100-column terminal as tables and switch to one
 * record per scheme below that; every shown mean has the digits its 95 % CI supports,
 * every shown quantile those its resolution supports; goodput's ± is in pp.
 */
import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';
import { METRICS, METRIC_COUNT, type Metric } from '../../src/model/metrics.js';
import { DEFAULT_COLUMNS, fitTable, terminalColumns, textWidth } from '../../src/output/text/fit-table.js';
import { runTable } from '../../src/output/text/run-table.js';
import { decimalsFor } from '../../src/output/text/uncertain-number.js';
import { CampaignAggregator, SUMMARY_QUANTILES, aggregateShard } from '../../src/stats/block-aggregator.js';

const SCHEMES = ['ideal', 'unprotected', '1+1', 'restore', 'elastic'];
const S = SCHEMES.length;
const N = 3000;

/** Outcomes shaped like the default scenario's: JCT ≈ 809 h ± 4 h, goodput = 720 / JCT, ~400 crashes. */
function result() {
  const rng = seedrandom('run-table');
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const values = new Float64Array(N * S * METRIC_COUNT);
  for (let t = 0; t < N; t++) {
    const base = 809 + 4 * normal();
    for (let s = 0; s < S; s++) {
      const row = (t * S + s) * METRIC_COUNT;
      for (let m = 0; m < METRIC_COUNT; m++) values[row + m] = rng() < 0.9 ? 0 : rng();
      const jct = base + (s === 1 && rng() < 0.1 ? 30 * rng() : 0);
      values[row + METRICS.indexOf('jct_h')] = jct;
      values[row + METRICS.indexOf('goodput')] = 720 / jct;
      values[row + METRICS.indexOf('crashes_background')] = Math.round(400 + 20 * normal());
    }
  }
  const agg = new CampaignAggregator({ schemes: SCHEMES, trials: N });
  agg.add(aggregateShard(values, new Uint8Array(N * S), new Float64Array(N).fill(1), 0, N, S));
  return agg.result();
}

const RESULT = result();
const row = (scheme: number, metric: Metric) => scheme * METRIC_COUNT + METRICS.indexOf(metric);
const decimalsOf = (cell: string) => (/\.(\d+)/.exec(cell)?.[1]?.length ?? 0);

describe('run table', () => {
  test('at 100 columns: tables, every line within 100 columns', () => {
    const text = runTable(RESULT, SCHEMES, 100);
    expect(textWidth(text)).toBeLessThanOrEqual(100);
    expect(text).toMatch(/^scheme +JCT mean h \(95 % CI\) +p50 h +p90 h +p99 h +goodput \(95 % CI\)$/m);
    expect(text).toMatch(/^per job +network crashes/m);
    expect(text).toMatch(/^vs ideal \(paired\)/m);
  });

  test('below 100 columns: each table too wide becomes one record per scheme, every line within the width', () => {
    const at80 = runTable(RESULT, SCHEMES, 80);
    expect(textWidth(at80), at80).toBeLessThanOrEqual(80);
    expect(at80).toMatch(/^scheme +JCT mean h/m); // 79 columns: still a table
    expect(at80).not.toMatch(/^per job +network crashes/m);
    expect(at80).toMatch(/^unprotected\n {2}network crashes +[\d.]+\n {2}background crashes +[\d.]+$/m);
    const at60 = runTable(RESULT, SCHEMES, 60);
    expect(textWidth(at60), at60).toBeLessThanOrEqual(60);
    expect(at60).not.toMatch(/^scheme +JCT/m);
    expect(at60).toMatch(/^unprotected\n {2}JCT mean h \(95 % CI\) +[\d.]+ ± [\d.]+\n {2}p50 h +[\d.]+$/m);
  });

  test('means show the digits of their CI (PDG rule), goodput ± in pp, quantiles those of their resolution', () => {
    const text = runTable(RESULT, SCHEMES, 100);
    const { summary, quantileResolution } = RESULT;
    const lines = text.split('\n');
    SCHEMES.forEach((scheme, s) => {
      const line = lines.find((l) => l.startsWith(`${scheme} `))!;
      const [, jct, jctCi, p50, p90, p99, goodput, goodputCi] =
        /^\S+ +([\d.]+) ± ([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) % ± ([\d.]+) pp$/.exec(line) ?? [];
      expect(jct, line).toBeDefined();
      const j = row(s, 'jct_h');
      const g = row(s, 'goodput');
      const jctHalf = (summary.ci95_high[j]! - summary.ci95_low[j]!) / 2;
      const goodputHalf = ((summary.ci95_high[g]! - summary.ci95_low[g]!) / 2) * 100;
      expect(decimalsOf(jct!)).toBe(decimalsFor(jctHalf));
      expect(decimalsOf(jctCi!)).toBe(decimalsFor(jctHalf));
      expect(Math.abs(Number(jct) - summary.mean[j]!)).toBeLessThanOrEqual(0.5 * 10 ** -decimalsFor(jctHalf) + 1e-9);
      expect(decimalsOf(goodput!)).toBe(decimalsFor(goodputHalf));
      expect(decimalsOf(goodputCi!)).toBe(decimalsFor(goodputHalf));
      [p50, p90, p99].forEach((cell, i) => {
        const q = SUMMARY_QUANTILES.indexOf([0.5, 0.9, 0.99][i] as (typeof SUMMARY_QUANTILES)[number]);
        const resolution = quantileResolution[j * SUMMARY_QUANTILES.length + q]!;
        expect(resolution, `${scheme} ${cell}`).toBeGreaterThan(0);
        expect(decimalsOf(cell!)).toBe(Math.max(0, -Math.floor(Math.log10(resolution))));
      });
      // The p50 and p90 of a ±4 h spread must differ (the old log sketch printed one bucket for both).
      expect(p50).not.toBe(p90);
    });
    expect(text).toMatch(/^unprotected +-?[\d.]+ ± [\d.]+ +-?[\d.]+ ± [\d.]+ pp +/m);
  });
});

describe('fit table', () => {
  test('the terminal width when a TTY reports one, else 100', () => {
    expect(terminalColumns({ isTTY: true, columns: 72 })).toBe(72);
    expect(terminalColumns({ isTTY: false, columns: 72 })).toBe(DEFAULT_COLUMNS);
    expect(terminalColumns({ isTTY: true, columns: 0 })).toBe(DEFAULT_COLUMNS);
    expect(terminalColumns({})).toBe(100);
  });

  test('a table that fits stays a table; one that does not becomes records', () => {
    const columns = [{ header: 'id' }, { header: 'value', align: 'right' as const }];
    expect(fitTable(columns, [['a', '1']], 20)).toBe('id  value\n──  ─────\na       1');
    expect(fitTable(columns, [['a', '1'], ['b', '22']], 8)).toBe('a\n  value  1\n\nb\n  value  22');
  });
});
