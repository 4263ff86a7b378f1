/**
 * The end-of-run summary (SPEC §5): per scheme, mean and p50/p99 JCT, mean goodput
 * with its 95 % CI, crashes per job, wasted energy; then each scheme against the first
 * (paired differences on the same trials). `runSummaryJson` is the same as data.
 */
import { METRICS, type Metric } from '../../model/metrics.js';
import type { CampaignResult } from '../../stats/block-aggregator.js';
import { formatTable, trim } from './table.js';

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
  jct_h: { mean: number; p50: number; p99: number; ci95: [number, number] };
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

const pct = (x: number, digits = 4) => `${trim(x * 100, digits)} %`;
const plusMinus = (ci: [number, number], scale = 1, digits = 2) =>
  Number.isFinite(ci[0]) ? `± ${trim(((ci[1] - ci[0]) / 2) * scale, digits)}` : '';

export function runTable(result: CampaignResult, schemes: readonly string[]): string {
  const rows = runSummaryJson(result, schemes);
  const main = formatTable(
    [
      { header: 'scheme' },
      { header: 'JCT mean h', align: 'right' },
      { header: 'p50 h', align: 'right' },
      { header: 'p99 h', align: 'right' },
      { header: 'goodput (95 % CI)', align: 'right' },
      { header: 'crashes/job net', align: 'right' },
      { header: 'bg', align: 'right' },
      { header: 'stall h', align: 'right' },
      { header: 'degraded h', align: 'right' },
      { header: 'wasted MWh', align: 'right' },
      { header: 'censored', align: 'right' },
    ],
    rows.map((r) => [
      r.scheme,
      trim(r.jct_h.mean, 6),
      trim(r.jct_h.p50, 5),
      trim(r.jct_h.p99, 5),
      `${pct(r.goodput.mean)} ${plusMinus(r.goodput.ci95, 100)}`,
      trim(r.crashes_per_job.network, 3),
      trim(r.crashes_per_job.background, 4),
      trim(r.stall_h, 3),
      trim(r.degraded_h, 3),
      trim(r.wasted_energy_mwh, 4),
      String(r.censored),
    ]),
  );
  if (rows.length < 2) return main;
  const baseline = rows[0]!.scheme;
  const versus = formatTable(
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
        `${trim(v.jct_h.mean_diff, 4)} ${plusMinus(v.jct_h.ci95)}`,
        `${trim(v.goodput.mean_diff * 100, 3)} pp ${plusMinus(v.goodput.ci95, 100)}`,
        pct(v.jct_h.p_better, 3),
        pct(v.jct_h.p_worse, 3),
      ];
    }),
  );
  return `${main}\n\n${versus}`;
}
