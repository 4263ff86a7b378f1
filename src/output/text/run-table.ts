/**
 * The end-of-run summary (README.md#commands): per scheme, mean and p50/p90/p99 JCT, mean goodput
 * with its 95 % CI, crashes per job, wasted energy; then each scheme against the first
 * (paired differences on the same trials); under importance sampling, the weights'
 * diagnostics. `runSummaryJson` is the same as data.
 */
import { METRICS, type Metric } from '../../model/metrics.js';
import type { CampaignResult } from '../../stats/block-aggregator.js';
import { SUMMARY_QUANTILES } from '../../stats/block-aggregator.js';
import { fitTable, terminalColumns } from './fit-table.js';
import { importanceSamplingText } from './importance-sampling-text.js';
import { trim } from './table.js';
import { meanOnly, meanWithCi, resolved } from './uncertain-number.js';

const M = METRICS.length;

function stat(result: CampaignResult, scheme: number, metric: Metric, column: keyof CampaignResult['summary']) {
  const values = result.summary[column] as Float64Array;
  return values[scheme * M + METRICS.indexOf(metric)]!;
}

function diff(result: CampaignResult, scheme: number, metric: Metric, column: keyof CampaignResult['comparison']) {
  const values = result.comparison[column] as Float64Array;
  return values[(scheme - 1) * M + METRICS.indexOf(metric)]!;
}

export interface SchemeSummary {
  scheme: string;
  trials: number;
  censored: number;
  jct_h: { mean: number; p50: number; p90: number; p99: number; ci95: [number, number] };
  goodput: { mean: number; ci95: [number, number] };
  crashes_per_job: { network: number; background: number };
  lost_work_h: number;
  stall_h: number;
  degraded_h: number;
  wasted_energy_mwh: number;
  /** Paired against the first scheme on the same trials (null for the first). */
  versus_baseline: null | {
    baseline: string;
    jct_h: { mean_diff: number; ci95: [number, number]; p_better: number; p_worse: number };
    goodput: { mean_diff: number; ci95: [number, number]; p_better: number; p_worse: number };
  };
}

export function runSummaryJson(result: CampaignResult, schemes: readonly string[]): SchemeSummary[] {
  return schemes.map((scheme, s) => {
    const paired = (metric: Metric) => ({
      mean_diff: diff(result, s, metric, 'mean_diff'),
      ci95: [diff(result, s, metric, 'ci95_low'), diff(result, s, metric, 'ci95_high')] as [number, number],
      p_better: diff(result, s, metric, 'p_better'),
      p_worse: diff(result, s, metric, 'p_worse'),
    });
    return {
      scheme,
      trials: stat(result, s, 'jct_h', 'count'),
      censored: stat(result, s, 'jct_h', 'censored'),
      jct_h: {
        mean: stat(result, s, 'jct_h', 'mean'),
        p50: stat(result, s, 'jct_h', 'p50'),
        p90: stat(result, s, 'jct_h', 'p90'),
        p99: stat(result, s, 'jct_h', 'p99'),
        ci95: [stat(result, s, 'jct_h', 'ci95_low'), stat(result, s, 'jct_h', 'ci95_high')],
      },
      goodput: {
        mean: stat(result, s, 'goodput', 'mean'),
        ci95: [stat(result, s, 'goodput', 'ci95_low'), stat(result, s, 'goodput', 'ci95_high')],
      },
      crashes_per_job: {
        network: stat(result, s, 'crashes_network', 'mean'),
        background: stat(result, s, 'crashes_background', 'mean'),
      },
      lost_work_h: stat(result, s, 'lost_work_h', 'mean'),
      stall_h: stat(result, s, 'stall_h', 'mean'),
      degraded_h: stat(result, s, 'degraded_h', 'mean'),
      wasted_energy_mwh: stat(result, s, 'wasted_energy_mwh', 'mean'),
      versus_baseline: s === 0 ? null : { baseline: schemes[0]!, jct_h: paired('jct_h'), goodput: paired('goodput') },
    };
  });
}

const CI_HALF = (ci: readonly [number, number]) => (ci[1] - ci[0]) / 2;

/** A mean "x ± u" rounded to its CI (uncertain-number.ts), `scale` applied to both. */
function withCi(mean: number, ci: readonly [number, number], scale = 1, unit = '', ciUnit = unit): string {
  const { mean: m, ci: u } = meanWithCi(mean * scale, CI_HALF(ci) * scale);
  return u === '' ? `${m}${unit}` : `${m}${unit} ± ${u}${ciUnit}`;
}

/** A mean rounded to what its CI supports, the CI not shown. */
function meanOf(result: CampaignResult, s: number, metric: Metric): string {
  const ci: [number, number] = [stat(result, s, metric, 'ci95_low'), stat(result, s, metric, 'ci95_high')];
  return meanOnly(stat(result, s, metric, 'mean'), CI_HALF(ci));
}

/** Summary quantile `column` of scheme s, rounded to what the sketch resolves. */
function quantileOf(result: CampaignResult, s: number, metric: Metric, column: 'p50' | 'p90' | 'p99'): string {
  const row = s * M + METRICS.indexOf(metric);
  const j = SUMMARY_QUANTILES.indexOf(QUANTILE_OF[column]);
  return resolved(stat(result, s, metric, column), result.quantileResolution[row * SUMMARY_QUANTILES.length + j]!);
}
const QUANTILE_OF = { p50: 0.5, p90: 0.9, p99: 0.99 } as const;

const pct = (x: number) => `${trim(x * 100, 3)} %`;

/**
 * The end-of-run tables, each fitted to `width` columns (fit-table.ts): outcomes
 * (JCT, goodput), costs per job, and each scheme against the first. Means are rounded
 * to their 95 % CI, quantiles to what the sketch resolves; goodput's ± is in
 * percentage points (pp).
 */
export function runTable(result: CampaignResult, schemes: readonly string[], width = terminalColumns()): string {
  const rows = runSummaryJson(result, schemes);
  const outcomes = fitTable(
    [
      { header: 'scheme' },
      { header: 'JCT mean h (95 % CI)', align: 'right' },
      { header: 'p50 h', align: 'right' },
      { header: 'p90 h', align: 'right' },
      { header: 'p99 h', align: 'right' },
      { header: 'goodput (95 % CI)', align: 'right' },
    ],
    rows.map((r, s) => [
      r.scheme,
      withCi(r.jct_h.mean, r.jct_h.ci95),
      quantileOf(result, s, 'jct_h', 'p50'),
      quantileOf(result, s, 'jct_h', 'p90'),
      quantileOf(result, s, 'jct_h', 'p99'),
      withCi(r.goodput.mean, r.goodput.ci95, 100, ' %', ' pp'),
    ]),
    width,
  );
  const costs = fitTable(
    [
      { header: 'per job' },
      { header: 'network crashes', align: 'right' },
      { header: 'background crashes', align: 'right' },
      { header: 'stall h', align: 'right' },
      { header: 'degraded h', align: 'right' },
      { header: 'wasted MWh', align: 'right' },
      { header: 'censored', align: 'right' },
    ],
    rows.map((r, s) => [
      r.scheme,
      meanOf(result, s, 'crashes_network'),
      meanOf(result, s, 'crashes_background'),
      meanOf(result, s, 'stall_h'),
      meanOf(result, s, 'degraded_h'),
      meanOf(result, s, 'wasted_energy_mwh'),
      // A count, or under importance sampling a weighted count (an estimate).
      Number.isInteger(r.censored) ? String(r.censored) : trim(r.censored, 3),
    ]),
    width,
  );
  const sampling = importanceSamplingText(result.weights);
  const tail = sampling === '' ? '' : `\n\n${sampling}`;
  if (rows.length < 2) return `${outcomes}

${costs}${tail}`;
  const baseline = rows[0]!.scheme;
  const versus = fitTable(
    [
      { header: `vs ${baseline} (paired)` },
      { header: 'Δ JCT h (95 % CI)', align: 'right' },
      { header: 'Δ goodput (95 % CI)', align: 'right' },
      { header: 'trials better', align: 'right' },
      { header: 'worse', align: 'right' },
    ],
    rows.slice(1).map((r) => {
      const v = r.versus_baseline!;
      return [
        r.scheme,
        withCi(v.jct_h.mean_diff, v.jct_h.ci95),
        withCi(v.goodput.mean_diff, v.goodput.ci95, 100, '', ' pp'),
        pct(v.jct_h.p_better),
        pct(v.jct_h.p_worse),
      ];
    }),
    width,
  );
  return `${outcomes}

${costs}

${versus}${tail}`;
}
