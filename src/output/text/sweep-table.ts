/**
 * The end-of-sweep table: mean JCT and goodput per variant and scheme; for each scheme
 * the variant with the lowest mean JCT (the objective `optimize` uses too) is marked,
 * with its lead over the runner-up as a paired difference on the same trials.
 */
import { METRICS } from '../../model/metrics.js';
import type { CampaignResult } from '../../stats/block-aggregator.js';
import { ci95 } from '../../stats/confidence.js';
import type { VariantPairsAggregator } from '../../stats/variant-pairs.js';
import { formatTable, trim } from './table.js';

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

export function sweepTable(
  results: readonly CampaignResult[],
  labels: readonly string[],
  schemes: readonly string[],
  pairs: VariantPairsAggregator | null,
): string {
  const best = sweepBest(results, labels, schemes, pairs);
  const rows: string[][] = [];
  labels.forEach((label, v) =>
    schemes.forEach((scheme, s) => {
      const mark = best[s]!.best === label ? '*' : '';
      rows.push([
        label,
        scheme,
        `${trim(results[v]!.summary.mean[s * M + JCT]!, 6)}${mark}`,
        `${trim(results[v]!.summary.mean[s * M + GOODPUT]! * 100, 4)} %`,
      ]);
    }),
  );
  const table = formatTable(
    [{ header: 'variant' }, { header: 'scheme' }, { header: 'JCT mean h', align: 'right' }, { header: 'goodput', align: 'right' }],
    rows,
  );
  const leads = best.map((b) =>
    b.lead_h === null
      ? `  ${b.scheme}: best ${b.best}`
      : `  ${b.scheme}: best ${b.best}, ${trim(b.lead_h, 4)} h (95 % CI ${trim(b.lead_ci95![0], 3)} … ${trim(b.lead_ci95![1], 3)}) shorter on average than ${b.runner_up} (paired, same trials)`,
  );
  return `${table}\n\n* lowest mean JCT of the scheme\n${leads.join('\n')}`;
}
