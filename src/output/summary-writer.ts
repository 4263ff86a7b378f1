/**
 * `summary.arrow` (docs/model.md#results): one row per scheme × metric (× variant in a sweep).
 *
 * Columns: [`variant` utf8,] `scheme` utf8, `metric` utf8, `unit` utf8 (the metric's
 * unit, which applies to `mean` … `max`: one column mixes metrics, so field metadata
 * cannot carry it), `count` and `censored` float64 holding exact integers (unit
 * 'count'), then `mean`, `stdev`, `ci95_low`, `ci95_high`, `min`, `p05`, `p50`, `p90`,
 * `p95`, `p99`, `p999`, `max` float64. NaN (e.g. the stdev of one trial) is null.
 *
 * Quantiles: `pXX` is the order statistic of rank ⌈q·n⌉ (type 1 of Hyndman & Fan) read
 * from a rank sketch (src/stats/rank-sketch.ts): always a value some trial had, within
 * a rank error of ≈ 0.05 % of n (0.2 % at 4 SD; none up to 1 024 trials); `min` and
 * `max` are exact.
 *
 * Under importance sampling (trial weights w, src/stats/shard-aggregate.ts): `mean` is
 * the unbiased (1/n)·Σ w·x, `stdev` the sample standard deviation of w·x (the one its
 * CI is built from: ci95 = mean ± t·stdev/√n, as unweighted), `censored` the censored
 * trials' Σw, the quantiles those of the weighted distribution (Σw-normalised), `min`
 * and `max` of x itself; the schema metadata `scale_across.importance_sampling` holds the
 * weights' diagnostics (src/output/importance-sampling.ts).
 */

import type { Scenario } from '../model/scenario.js';
import {
  type ResultFileOptions,
  numberColumn,
  textColumn,
  unitColumn,
  variantColumn,
  writeResultTable,
} from './result-table.js';
import { SUMMARY_FILE } from './result-file-names.js';

export { SUMMARY_FILE };

/** The statistic columns, in file order. */
export const SUMMARY_STATS = [
  'count',
  'censored',
  'mean',
  'stdev',
  'ci95_low',
  'ci95_high',
  'min',
  'p05',
  'p50',
  'p90',
  'p95',
  'p99',
  'p999',
  'max',
] as const;
export type SummaryStat = (typeof SUMMARY_STATS)[number];

/** What `summary.arrow` holds, column by column; every column has one entry per row. */
export type SummaryColumns = {
  /** Only for a sweep's combined result set. */
  readonly variant?: readonly string[];
  readonly scheme: readonly string[];
  /** A name of METRICS. */
  readonly metric: readonly string[];
} & { readonly [K in SummaryStat]: Float64Array };

const COUNT_STATS: ReadonlySet<SummaryStat> = new Set(['count', 'censored']);

/** Writes `summary.arrow` at `path`, atomically. @throws on unequal column lengths or an unknown metric. */
export function writeSummary(path: string, scenario: Scenario, columns: SummaryColumns, options?: ResultFileOptions): void {
  writeResultTable(
    path,
    scenario,
    [
      ...variantColumn(columns.variant),
      textColumn('scheme', columns.scheme),
      textColumn('metric', columns.metric),
      unitColumn(SUMMARY_FILE, columns.metric),
      ...SUMMARY_STATS.map((stat) => numberColumn(stat, columns[stat], COUNT_STATS.has(stat) ? 'count' : '')),
    ],
    options,
  );
}
