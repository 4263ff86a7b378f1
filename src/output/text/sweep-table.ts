/**
 * The end-of-sweep table: mean JCT and goodput per variant and scheme; for each scheme
 * the variant with the lowest mean JCT (the objective `optimize` uses too) is marked,
 * with its lead over the runner-up as a paired difference on the same trials.
 */
import { METRICS } from '../../model/metrics.js';
import type { CampaignResult } from '../../stats/block-aggregator.js';
import { importanceSamplingText } from './importance-sampling-text.js';
import { ci95 } from '../../stats/confidence.js';
import type { VariantPairsAggregator } from '../../stats/variant-pairs.js';
import { fitTable, terminalColumns } from './fit-table.js';
import { meanWithCi } from './uncertain-number.js';

const M = METRICS.length;
const JCT = METRICS.indexOf('jct_h');
const GOODPUT = METRICS.indexOf('goodput');

export interface SweepBest {
  scheme: string;
  best: string;
  mean_jct_h: number;
  runner_up: string | null;
  /** Runner-up minus best, paired: how much the best saves, with its 95 % CI. */
  lead_h: number | null;
  lead_ci95: [number, number] | null;
}

export function sweepBest(
  results: readonly CampaignResult[],
  labels: readonly string[],
  schemes: readonly string[],
  pairs: VariantPairsAggregator | null,
): SweepBest[] {
  return schemes.map((scheme, s) => {
    const order = labels.map((_, v) => v).sort((a, b) => results[a]!.summary.mean[s * M + JCT]! - results[b]!.summary.mean[s * M + JCT]!);
    const best = order[0]!;
    const second = order[1];
    let lead: number | null = null;
    let ci: [number, number] | null = null;
    if (second !== undefined && pairs) {
      const d = pairs.difference(s, second, best);
      lead = d.mean;
      ci = ci95(d.mean, Math.sqrt(d.variance), d.n);
    }
    return {
      scheme,
      best: labels[best]!,
      mean_jct_h: results[best]!.summary.mean[s * M + JCT]!,
      runner_up: second === undefined ? null : labels[second]!,
      lead_h: lead,
      lead_ci95: ci,
    };
  });
}

/**
 * The sweep's table, fitted to `width` columns: mean JCT and goodput per variant and
 * scheme, each rounded to its 95 % CI (goodput's ± in percentage points), the best
 * variant of each scheme marked, then each scheme's best and its lead; under importance
 * sampling, each variant's weight diagnostics.
 */
export function sweepTable(
  results: readonly CampaignResult[],
  labels: readonly string[],
  schemes: readonly string[],
  pairs: VariantPairsAggregator | null,
  width = terminalColumns(),
): string {
  const best = sweepBest(results, labels, schemes, pairs);
  const rows: string[][] = [];
  const ci = (v: number, row: number, scale: number, unit: string, ciUnit: string) => {
    const summary = results[v]!.summary;
    const { mean, ci: u } = meanWithCi(summary.mean[row]! * scale, ((summary.ci95_high[row]! - summary.ci95_low[row]!) / 2) * scale);
    return u === '' ? `${mean}${unit}` : `${mean}${unit} ± ${u}${ciUnit}`;
  };
  labels.forEach((label, v) =>
    schemes.forEach((scheme, s) => {
      const mark = best[s]!.best === label ? ' *' : '';
      rows.push([label, scheme, `${ci(v, s * M + JCT, 1, '', '')}${mark}`, ci(v, s * M + GOODPUT, 100, ' %', ' pp')]);
    }),
  );
  const table = fitTable(
    [
      { header: 'variant' },
      { header: 'scheme' },
      { header: 'JCT mean h (95 % CI)', align: 'right' },
      { header: 'goodput (95 % CI)', align: 'right' },
    ],
    rows,
    width,
  );
  const leads = best.map((b) => {
    if (b.lead_h === null) return `  ${b.scheme}: best ${b.best}`;
    const half = (b.lead_ci95![1] - b.lead_ci95![0]) / 2;
    const lead = meanWithCi(b.lead_h, half);
    const head = `  ${b.scheme}: best ${b.best},`;
    const tail = `${lead.mean} ± ${lead.ci} h (95 % CI) shorter on average than ${b.runner_up}`;
    return head.length + 1 + tail.length <= width ? `${head} ${tail}` : `${head}\n    ${tail}`;
  });
  const sampling = labels.flatMap((label, v) => {
    const text = importanceSamplingText(results[v]!.weights);
    return text === '' ? [] : [`${label}: ${text}`];
  });
  const tail = sampling.length === 0 ? '' : `\n\n${sampling.join('\n')}`;
  return `${table}\n\n* lowest mean JCT of the scheme; its lead is paired (same trials)\n${leads.join('\n')}${tail}`;
}
