/**
 * `histograms.arrow` (docs/model.md#results): one row per scheme × metric × bin (× variant in a
 * sweep), bins in increasing order within a scheme and metric.
 *
 * Columns: [`variant` utf8,] `scheme` utf8, `metric` utf8, `unit` utf8 (the metric's
 * unit, which applies to `bin_low` and `bin_high`), `bin_low`, `bin_high` float64 (a
 * bin is [bin_low, bin_high); open-ended bins use ±Infinity), `count` float64 holding
 * exact integers (unit 'count'). Under importance sampling `count` is the bin's sum of
 * the trials' likelihood-ratio weights: the expected number of the campaign's trials in
 * that bin (not an integer; the counts of a scheme and metric add up to Σw ≈ trials).
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
import { HISTOGRAMS_FILE } from './result-file-names.js';

export { HISTOGRAMS_FILE };

/** What `histograms.arrow` holds, column by column; every column has one entry per row. */
export interface HistogramColumns {
  /** Only for a sweep's combined result set. */
  readonly variant?: readonly string[];
  readonly scheme: readonly string[];
  /** A name of METRICS. */
  readonly metric: readonly string[];
  readonly bin_low: Float64Array;
  readonly bin_high: Float64Array;
  readonly count: Float64Array;
}

/** Writes `histograms.arrow` at `path`, atomically. @throws on unequal column lengths or an unknown metric. */
export function writeHistograms(path: string, scenario: Scenario, columns: HistogramColumns, options?: ResultFileOptions): void {
  writeResultTable(
    path,
    scenario,
    [
      ...variantColumn(columns.variant),
      textColumn('scheme', columns.scheme),
      textColumn('metric', columns.metric),
      unitColumn(HISTOGRAMS_FILE, columns.metric),
      numberColumn('bin_low', columns.bin_low),
      numberColumn('bin_high', columns.bin_high),
      numberColumn('count', columns.count, 'count'),
    ],
    options,
  );
}
