/**
 * `comparison.arrow` (docs/model.md#results): one row per scheme × metric (× variant in a sweep),
 * each scheme against the baseline (the first scheme), paired over the same trials.
 *
 * Columns: [`variant` utf8,] `scheme` utf8, `baseline` utf8, `metric` utf8, `unit` utf8
 * (the metric's unit, which applies to `mean_diff`, `ci95_low`, `ci95_high`), then
 * `mean_diff` (scheme − baseline), `ci95_low`, `ci95_high` float64, and `p_better`,
 * `p_worse` float64 fractions of trials (unit '1'; ties are neither). A metric without a
 * direction (`cuts`) has NaN → null in `p_better`/`p_worse`.
 *
 * Under importance sampling every trial counts with its likelihood-ratio weight w
 * (common to the schemes of a trial): `mean_diff` = (1/n)·Σ w·(x_scheme − x_baseline),
 * its CI from the sample variance of w·(x_scheme − x_baseline), and `p_better`/`p_worse`
 * the weighted shares Σw·1{better}/Σw.
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
import { COMPARISON_FILE } from './result-file-names.js';

export { COMPARISON_FILE };

/** What `comparison.arrow` holds, column by column; every column has one entry per row. */
export interface ComparisonColumns {
  /** Only for a sweep's combined result set. */
  readonly variant?: readonly string[];
  readonly scheme: readonly string[];
  readonly baseline: readonly string[];
  /** A name of METRICS. */
  readonly metric: readonly string[];
  readonly mean_diff: Float64Array;
  readonly ci95_low: Float64Array;
  readonly ci95_high: Float64Array;
  readonly p_better: Float64Array;
  readonly p_worse: Float64Array;
}

/** Writes `comparison.arrow` at `path`, atomically. @throws on unequal column lengths or an unknown metric. */
export function writeComparison(path: string, scenario: Scenario, columns: ComparisonColumns, options?: ResultFileOptions): void {
  writeResultTable(
    path,
    scenario,
    [
      ...variantColumn(columns.variant),
      textColumn('scheme', columns.scheme),
      textColumn('baseline', columns.baseline),
      textColumn('metric', columns.metric),
      unitColumn(COMPARISON_FILE, columns.metric),
      numberColumn('mean_diff', columns.mean_diff),
      numberColumn('ci95_low', columns.ci95_low),
      numberColumn('ci95_high', columns.ci95_high),
      numberColumn('p_better', columns.p_better, '1'),
      numberColumn('p_worse', columns.p_worse, '1'),
    ],
    options,
  );
}
